//! `tollgate sessions score`: corpus-format sessions (tests/fixtures/corpus/README.md)
//! found under directories, replayed through the core's one scorer (`core::corpus`) and
//! grouped into a table per corpus half. `tollgate sessions facts`: each turn of those
//! sessions as the core's session detectors read it (`core::corpus::turns`), one JSON line
//! per turn, for instruments measured beside the detectors (scripts/semantic_probe.py).
//! Finds and reads the files; every replay, verdict and reading is the core's. Prints
//! nothing (main.rs does).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use tollgate_core::config::Policy;
use tollgate_core::corpus::{self, CorpusSession, Expected, Ids, Scored, Spacing, Table};
use tollgate_core::engine::{Engine, NoMetrics};
use tollgate_core::store::MemStore;

use crate::Failure;

/// One session file: the directory given, its half (the first folder under it, e.g.
/// `tuning`, `heldout`; `all` for files directly in it) and its path.
#[derive(Debug, Clone)]
pub struct Found {
    pub corpus: String,
    pub half: String,
    pub path: PathBuf,
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Failure> {
    let entries = std::fs::read_dir(dir).map_err(|e| Failure::error(format!("{}: {e}", dir.display())))?;
    for entry in entries {
        let path = entry
            .map_err(|e| Failure::error(format!("{}: {e}", dir.display())))?
            .path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "json") {
            out.push(path);
        }
    }
    Ok(())
}

/// Every `*.json` under each directory (recursively), in name order per directory.
pub fn find(dirs: &[String]) -> Result<Vec<Found>, Failure> {
    let mut found = Vec::new();
    for dir in dirs {
        let root = Path::new(dir);
        let mut files = Vec::new();
        walk(root, &mut files)?;
        files.sort();
        for path in files {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let mut parts = rel.components();
            let first = parts.next().map(|c| c.as_os_str().to_string_lossy().into_owned());
            let half = match (first, parts.next()) {
                (Some(h), Some(_)) => h,
                _ => "all".to_string(),
            };
            found.push(Found {
                corpus: dir.trim_end_matches('/').to_string(),
                half,
                path,
            });
        }
    }
    Ok(found)
}

impl Found {
    /// The session in the file, or why it could not be read or parsed.
    fn read(&self) -> Result<CorpusSession, String> {
        let text = std::fs::read_to_string(&self.path).map_err(|e| e.to_string())?;
        CorpusSession::from_json(&text).map_err(|e| e.to_string())
    }
}

/// The scores of a run: each session's, the tables per corpus half, and the sessions that
/// could not be replayed.
#[derive(Debug, Default)]
pub struct Scores {
    pub sessions: Vec<(Found, Scored)>,
    pub tables: BTreeMap<(String, String), Table>,
    pub errors: Vec<String>,
}

/// Replays every session, each in a store of its own (the sessions of a corpus style share
/// their opening, hence their derived ids).
pub fn score(policy: Policy, found: Vec<Found>, ids: Ids, spacing: Spacing) -> Scores {
    let engine = Engine::new(policy);
    let mut scores = Scores::default();
    for f in found {
        let outcome = f.read().and_then(|s| {
            corpus::score(&engine, &MemStore::new(), &NoMetrics, &s, ids, spacing).map_err(|e| e.to_string())
        });
        match outcome {
            Ok(s) => {
                scores
                    .tables
                    .entry((f.corpus.clone(), f.half.clone()))
                    .or_default()
                    .add(s.verdict);
                scores.sessions.push((f, s));
            }
            Err(e) => scores.errors.push(format!("{}: {e}", f.path.display())),
        }
    }
    scores
}

/// One JSON line per turn of every session found: where it is, what it should come to,
/// and the turn as the detectors read it. The lines, and the sessions that could not be read.
pub fn facts(found: &[Found]) -> (Vec<String>, Vec<String>) {
    let (mut lines, mut errors) = (Vec::new(), Vec::new());
    for f in found {
        let read = f
            .read()
            .and_then(|s| corpus::turns(&s).map(|t| (s, t)).map_err(|e| e.to_string()));
        let (session, turns) = match read {
            Ok(read) => read,
            Err(e) => {
                errors.push(format!("{}: {e}", f.path.display()));
                continue;
            }
        };
        let (begins, stop_by) = match session.expected {
            Expected::Healthy => (None, None),
            Expected::Runaway {
                loop_begins_turn,
                stop_by_turn,
            } => (Some(loop_begins_turn), Some(stop_by_turn)),
        };
        for (i, t) in turns.iter().enumerate() {
            let line = json!({
                "corpus": f.corpus,
                "half": f.half,
                "name": session.name,
                "outcome": session.outcome(),
                "loop_begins_turn": begins,
                "stop_by_turn": stop_by,
                "turn": i + 1,
                "new_text": t.new_text,
                "assistant_text": t.assistant_text,
                "tool_calls": t.tool_calls,
                "tool_results": t.tool_results,
            });
            lines.push(line.to_string());
        }
    }
    (lines, errors)
}

impl Scores {
    pub fn json(&self, ids: Ids, spacing: Spacing) -> Value {
        json!({
            "ids": if ids == Ids::Derived { "derived" } else { "given" },
            "spacing": if spacing == Spacing::Recorded { "recorded" } else { "none" },
            "sessions": self.sessions.iter().map(|(f, s)| {
                let mut v = s.json(&f.half);
                if let Some(m) = v.as_object_mut() {
                    m.insert("corpus".into(), json!(f.corpus));
                    m.insert("file".into(), json!(f.path.to_string_lossy()));
                }
                v
            }).collect::<Vec<_>>(),
            "tables": self.tables.iter().map(|((corpus, half), t)| {
                let mut v = t.json();
                if let Some(m) = v.as_object_mut() {
                    m.insert("corpus".into(), json!(corpus));
                    m.insert("half".into(), json!(half));
                }
                v
            }).collect::<Vec<_>>(),
            "errors": self.errors,
        })
    }

    pub fn text(&self, ids: Ids) -> String {
        let mode = if ids == Ids::Derived {
            "derived ids"
        } else {
            "given ids"
        };
        let mut out = String::new();
        for (f, s) in &self.sessions {
            let flag = s
                .flag
                .as_ref()
                .map_or("-".to_string(), |g| format!("turn {} {} ({})", g.turn, g.code, g.guard));
            out.push_str(&format!(
                "{:<8} {:<40} {:<8} {flag:<48} {}\n",
                f.half,
                s.name,
                s.outcome,
                s.verdict.name()
            ));
        }
        for ((corpus, half), t) in &self.tables {
            out.push_str(&format!("SCORE {corpus} {half} ({mode}): {t}\n"));
        }
        for e in &self.errors {
            out.push_str(&format!("ERROR {e}\n"));
        }
        out
    }
}
