//! The detection corpus replayed through the engine: sessions in the corpus format
//! (tests/fixtures/corpus/README.md: `name`, `path`, `headers`, `expected`, `turns` of
//! `request` and `at_seconds`), sent turn by turn with simulated time, each admitted turn
//! settled; the first flag (the first refusal: its turn, code and guard) judged against
//! the session's expectation, and the verdicts counted into a table. One implementation
//! for every scorer: the `tollgate sessions score` command, the native corpus test, and
//! (through the command's JSON) the replay through Envoy. Also each turn as the session
//! detectors read it (`turns`: the parsers' own `Turn`), for instruments measured beside them.
//! Pure: parses text it is given and drives the `Engine` with a store it is given; reads
//! no files and no clock.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};

use crate::api::{self, ParseOptions, Target, Turn};
use crate::attributes::Attributes;
use crate::engine::{BodyVerdict, Concluded, Engine, HeadVerdict, Host, Metrics, RequestHead, Settlement};
use crate::store::SharedStore;
use crate::usage::Usage;

/// The simulated clock's start (any fixed time; the corpus's times are offsets from it).
pub const T0: u64 = 1_796_000_000;

/// One corpus session as written.
#[derive(Debug, Deserialize)]
pub struct CorpusSession {
    pub name: String,
    #[serde(default)]
    pub style: String,
    #[serde(default)]
    pub shape: String,
    pub path: String,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    pub expected: Expected,
    pub turns: Vec<CorpusTurn>,
}

#[derive(Debug, Deserialize)]
pub struct CorpusTurn {
    /// The request body, sent as written.
    pub request: Box<RawValue>,
    pub at_seconds: u64,
}

/// What a session should come to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case", deny_unknown_fields)]
pub enum Expected {
    Healthy,
    /// A loop begins at `loop_begins_turn`; a user wants it stopped by `stop_by_turn`.
    Runaway {
        loop_begins_turn: usize,
        stop_by_turn: usize,
    },
}

impl CorpusSession {
    pub fn from_json(text: &str) -> Result<CorpusSession, ReplayError> {
        serde_json::from_str(text).map_err(|e| ReplayError::Format(e.to_string()))
    }

    pub fn outcome(&self) -> &'static str {
        match self.expected {
            Expected::Healthy => "healthy",
            Expected::Runaway { .. } => "runaway",
        }
    }
}

/// Each turn of a session as the session detectors read it: the request parsed by the
/// parsers of its path's API (default limits), its `Turn` (what is new, the assistant's
/// latest text, its tool calls and the tool results).
pub fn turns(session: &CorpusSession) -> Result<Vec<Turn>, ReplayError> {
    let target = Target::from_path(&session.path).ok_or(ReplayError::Head(1))?;
    let options = ParseOptions::default();
    session
        .turns
        .iter()
        .enumerate()
        .map(|(i, t)| {
            api::parse(&target, t.request.get().as_bytes(), None, &options)
                .map(|r| r.turn())
                .map_err(|e| ReplayError::Parse(i + 1, e.to_string()))
        })
        .collect()
}

/// A session that could not be replayed to its end or its first flag.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    #[error("not a corpus session: {0}")]
    Format(String),
    #[error("turn {0}: the request head was not judged")]
    Head(usize),
    #[error("turn {0}: passed uncounted ({1})")]
    Uncounted(usize, String),
    #[error("turn {0}: admitted in no session")]
    NoSession(usize),
    #[error("turn {0}: asks a quota service (the replay has none)")]
    Global(usize),
    #[error("turn {0}: {1}")]
    Parse(usize, String),
}

/// How the replay's clock advances between turns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spacing {
    /// At each turn's `at_seconds`.
    Recorded,
    /// Every turn in the same second, as a client sending back to back (and as a replay
    /// through a real proxy sees it, the turns being milliseconds apart).
    BackToBack,
}

/// How sessions are named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ids {
    /// The session's own `x-session-id`.
    Given,
    /// No `x-session-id`: the session id is derived (the configuration must derive).
    Derived,
}

/// The first refusal of a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub turn: usize,
    /// The error code (`loop_detected`, `progress_stalled`…).
    pub code: String,
    /// The detector, breaker or rule that refused.
    pub guard: String,
}

struct Headers<'a>(&'a BTreeMap<String, String>, Ids);

impl Attributes for Headers<'_> {
    fn header(&self, name: &str) -> Option<String> {
        if self.1 == Ids::Derived && name == "x-session-id" {
            return None;
        }
        self.0.get(name).cloned()
    }
    fn property(&self, _: &[String]) -> Option<String> {
        None
    }
}

/// Replays a session until its first refusal (its flag) or its end (`None`), settling
/// each admitted turn with a fixed usage. The store should be the session's own: the
/// corpus's sessions of one style share their opening, hence their derived ids.
pub fn replay(
    engine: &Engine,
    store: &dyn SharedStore,
    metrics: &dyn Metrics,
    session: &CorpusSession,
    ids: Ids,
    spacing: Spacing,
) -> Result<Option<Flag>, ReplayError> {
    let attrs = Headers(&session.headers, ids);
    for (i, turn) in session.turns.iter().enumerate() {
        let n = i + 1;
        let now = match spacing {
            Spacing::Recorded => T0.saturating_add(turn.at_seconds),
            Spacing::BackToBack => T0,
        };
        let body = turn.request.get().as_bytes();
        let head = RequestHead {
            method: "POST",
            path: &session.path,
            content_encoding: None,
            content_length: Some(body.len() as u64),
            has_body: true,
        };
        let HeadVerdict::ReadBody(dest) = engine.on_head(&head) else {
            return Err(ReplayError::Head(n));
        };
        let host = Host {
            attrs: &attrs,
            now,
            store,
            metrics,
            in_flight: None,
        };
        match engine.decide(&dest, &session.path, body, &host) {
            BodyVerdict::Forward(a) => {
                if !a.response_headers.iter().any(|(k, _)| k == "x-tollgate-session") {
                    return Err(ReplayError::NoSession(n));
                }
                let usage = Usage {
                    input_tokens: 100,
                    output_tokens: 50,
                    ..Usage::default()
                };
                engine.settle(
                    &a.ticket,
                    &Concluded::from(Settlement::Usage(usage)),
                    now.saturating_add(1),
                    store,
                    metrics,
                );
            }
            BodyVerdict::Reject(r) => {
                return Ok(Some(Flag {
                    turn: n,
                    code: r.code_name().to_string(),
                    guard: r.rule.clone(),
                }));
            }
            BodyVerdict::PassUncounted(why) => return Err(ReplayError::Uncounted(n, format!("{why:?}"))),
            BodyVerdict::Ask(_) => return Err(ReplayError::Global(n)),
        }
    }
    Ok(None)
}

/// A flag (or none) judged against what the session should come to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// A runaway session first stopped within its loop, by its deadline.
    OnTime,
    /// Stopped before its loop began.
    Early,
    /// Stopped after its deadline.
    Late,
    /// Never stopped.
    Missed,
    /// A healthy session never stopped.
    HealthyOk,
    /// A healthy session stopped.
    FalsePositive,
}

impl Verdict {
    pub fn of(expected: Expected, flag: Option<&Flag>) -> Verdict {
        match (expected, flag) {
            (Expected::Healthy, None) => Verdict::HealthyOk,
            (Expected::Healthy, Some(_)) => Verdict::FalsePositive,
            (Expected::Runaway { .. }, None) => Verdict::Missed,
            (
                Expected::Runaway {
                    loop_begins_turn,
                    stop_by_turn,
                },
                Some(f),
            ) => {
                if f.turn < loop_begins_turn {
                    Verdict::Early
                } else if f.turn <= stop_by_turn {
                    Verdict::OnTime
                } else {
                    Verdict::Late
                }
            }
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Verdict::OnTime => "on time",
            Verdict::Early => "early",
            Verdict::Late => "late",
            Verdict::Missed => "missed",
            Verdict::HealthyOk => "healthy ok",
            Verdict::FalsePositive => "false positive",
        }
    }
}

/// One scored session.
#[derive(Debug, Clone)]
pub struct Scored {
    pub name: String,
    pub outcome: &'static str,
    pub flag: Option<Flag>,
    pub verdict: Verdict,
}

impl Scored {
    pub fn json(&self, half: &str) -> Value {
        json!({
            "name": self.name,
            "half": half,
            "outcome": self.outcome,
            "flag": self.flag.as_ref().map(|f| json!({"turn": f.turn, "code": f.code, "guard": f.guard})),
            "verdict": self.verdict.name(),
        })
    }
}

/// Replays and judges one session (in a store of its own, see [`replay`]).
pub fn score(
    engine: &Engine,
    store: &dyn SharedStore,
    metrics: &dyn Metrics,
    session: &CorpusSession,
    ids: Ids,
    spacing: Spacing,
) -> Result<Scored, ReplayError> {
    let flag = replay(engine, store, metrics, session, ids, spacing)?;
    Ok(Scored {
        name: session.name.clone(),
        outcome: session.outcome(),
        verdict: Verdict::of(session.expected, flag.as_ref()),
        flag,
    })
}

/// The verdicts of a set of sessions (one half of a corpus).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Table {
    pub runaway: usize,
    pub on_time: usize,
    pub early: usize,
    pub late: usize,
    pub missed: usize,
    pub healthy: usize,
    pub false_positives: usize,
}

impl Table {
    pub fn add(&mut self, v: Verdict) {
        match v {
            Verdict::OnTime => self.on_time += 1,
            Verdict::Early => self.early += 1,
            Verdict::Late => self.late += 1,
            Verdict::Missed => self.missed += 1,
            Verdict::HealthyOk => {}
            Verdict::FalsePositive => self.false_positives += 1,
        }
        match v {
            Verdict::HealthyOk | Verdict::FalsePositive => self.healthy += 1,
            _ => self.runaway += 1,
        }
    }

    pub fn json(&self) -> Value {
        json!({
            "runaway": self.runaway, "on_time": self.on_time, "early": self.early, "late": self.late,
            "missed": self.missed, "healthy": self.healthy, "false_positives": self.false_positives,
        })
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "runaway caught by deadline {}/{}, late {}, missed {}, before the loop began {}; healthy flagged {}/{}",
            self.on_time, self.runaway, self.late, self.missed, self.early, self.false_positives, self.healthy
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(turn: usize) -> Flag {
        Flag {
            turn,
            code: "loop_detected".into(),
            guard: "near_duplicate".into(),
        }
    }

    #[test]
    fn verdicts_follow_the_corpus_readme() {
        let e = Expected::Runaway {
            loop_begins_turn: 3,
            stop_by_turn: 6,
        };
        assert_eq!(Verdict::of(e, Some(&flag(2))), Verdict::Early);
        assert_eq!(Verdict::of(e, Some(&flag(3))), Verdict::OnTime);
        assert_eq!(Verdict::of(e, Some(&flag(6))), Verdict::OnTime);
        assert_eq!(Verdict::of(e, Some(&flag(7))), Verdict::Late);
        assert_eq!(Verdict::of(e, None), Verdict::Missed);
        assert_eq!(Verdict::of(Expected::Healthy, None), Verdict::HealthyOk);
        assert_eq!(Verdict::of(Expected::Healthy, Some(&flag(1))), Verdict::FalsePositive);
    }

    #[test]
    fn a_session_that_is_not_one_is_an_error() {
        assert!(matches!(CorpusSession::from_json("{}"), Err(ReplayError::Format(_))));
        let bad = r#"{"name":"x","path":"/v1/chat/completions","expected":{"outcome":"runaway"},"turns":[]}"#;
        assert!(CorpusSession::from_json(bad).is_err());
    }
}
