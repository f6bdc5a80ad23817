//! The `tollgate` binary: argument parsing (hand-rolled), files in, reports out. Every
//! decision is the core's (through the library's host); this file only reads, writes and
//! shows progress.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;
use std::time::Instant;

use serde_json::json;
use tollgate_cli::report::{self, Series};
use tollgate_cli::sessions;
use tollgate_cli::sim::Replay;
use tollgate_cli::traffic::{self, BadLine, Payload, Recorded};
use tollgate_cli::{Failure, State, count, decide, envelope, policy, preload};
use tollgate_core::corpus::{Ids, Spacing};
use tollgate_core::engine::Engine;
use tollgate_core::store::MemStore;

const USAGE: &str = "\
usage:
  tollgate check CONFIG.json
  tollgate count [--model M]... [--config C] [--api API | --path PATH] FILE|-
  tollgate estimate --config C [--state READOUT.json] [--now UNIX] [--api API | --path PATH] FILE|-
  tollgate simulate --config NEW [--baseline OLD] [--json] [--html FILE] [--top N]
                    [--strict] [--quiet] [--batch-ts UNIX] TRAFFIC...
  tollgate sessions score --config C [--derived] [--spacing recorded|none] [--json] DIR...
  tollgate sessions facts DIR...
API: chat, completions, embeddings, responses, anthropic, gemini";

struct Args {
    positional: Vec<String>,
    options: Vec<(String, Option<String>)>,
}

const FLAGS: [&str; 5] = ["--json", "--strict", "--quiet", "--help", "--derived"];

impl Args {
    fn parse(args: &[String]) -> Result<Args, Failure> {
        let mut positional = Vec::new();
        let mut options = Vec::new();
        let mut i = 0;
        while let Some(a) = args.get(i) {
            if a.starts_with("--") {
                if let Some((k, v)) = a.split_once('=') {
                    options.push((k.to_string(), Some(v.to_string())));
                } else if FLAGS.contains(&a.as_str()) {
                    options.push((a.clone(), None));
                } else {
                    let v = args
                        .get(i + 1)
                        .ok_or_else(|| Failure::usage(format!("{a} needs a value")))?;
                    options.push((a.clone(), Some(v.clone())));
                    i += 1;
                }
            } else {
                positional.push(a.clone());
            }
            i += 1;
        }
        Ok(Args { positional, options })
    }
    fn one(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.as_deref())
    }
    fn all(&self, name: &str) -> Vec<String> {
        self.options
            .iter()
            .filter(|(k, _)| k == name)
            .filter_map(|(_, v)| v.clone())
            .collect()
    }
    fn flag(&self, name: &str) -> bool {
        self.options.iter().any(|(k, _)| k == name)
    }
    fn allow(&self, known: &[&str]) -> Result<(), Failure> {
        for (k, _) in &self.options {
            if !known.contains(&k.as_str()) {
                return Err(Failure::usage(format!("unknown option {k}\n{USAGE}")));
            }
        }
        Ok(())
    }
}

fn read(path: &str) -> Result<String, Failure> {
    if path == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Failure::error(format!("stdin: {e}")))?;
        return Ok(s);
    }
    std::fs::read_to_string(path).map_err(|e| Failure::error(format!("{path}: {e}")))
}

fn now_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn print_json(v: &serde_json::Value) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(v).map_err(|e| Failure::error(e.to_string()))?;
    println!("{text}");
    Ok(())
}

fn one_file(args: &Args) -> Result<&str, Failure> {
    match args.positional.as_slice() {
        [f] => Ok(f),
        _ => Err(Failure::usage(format!("expected one FILE (or -)\n{USAGE}"))),
    }
}

fn cmd_check(args: &Args) -> Result<(), Failure> {
    args.allow(&[])?;
    let file = one_file(args)?;
    policy(&read(file)?)?;
    println!("{file}: ok");
    Ok(())
}

fn cmd_count(args: &Args) -> Result<(), Failure> {
    args.allow(&["--model", "--config", "--api", "--path"])?;
    let p = policy(&args.one("--config").map(read).transpose()?.unwrap_or_default())?;
    let env = envelope(&read(one_file(args)?)?, args.one("--api"), args.one("--path"))?;
    print_json(&count(&p, &env, &args.all("--model"), now_seconds())?)
}

fn cmd_estimate(args: &Args) -> Result<(), Failure> {
    args.allow(&["--config", "--state", "--now", "--api", "--path"])?;
    let config = args
        .one("--config")
        .ok_or_else(|| Failure::usage("estimate needs --config"))?;
    let engine = Engine::new(policy(&read(config)?)?);
    let now = match args.one("--now") {
        Some(n) => n.parse().map_err(|_| Failure::usage("--now: Unix seconds"))?,
        None => now_seconds(),
    };
    let state: State = match args.one("--state") {
        Some(f) => {
            let text = read(f)?;
            serde_json::from_str(&text).map_err(|e| Failure::error(format!("tollgate: invalid state: {e}")))?
        }
        None => State::default(),
    };
    let store = MemStore::new();
    preload(&engine, &state, now, &store)?;
    let env = envelope(&read(one_file(args)?)?, args.one("--api"), args.one("--path"))?;
    let mut v = decide(&engine, &env, &store, now);
    if let Some(map) = v.as_object_mut() {
        map.insert("path".into(), json!(env.path));
        map.insert("now".into(), json!(now));
    }
    print_json(&v)
}

/// Reads every traffic file; bad lines are reported (or fatal with `--strict`).
fn load(files: &[String], strict: bool, batch_ts: u64) -> Result<(Vec<Recorded>, Vec<BadLine>), Failure> {
    let mut all = Vec::new();
    let mut bad = Vec::new();
    for f in files {
        let (good, b) = traffic::read(f, &read(f)?, batch_ts);
        all.extend(good);
        bad.extend(b);
    }
    for b in &bad {
        eprintln!(
            "tollgate: bad traffic line {b}{}",
            if strict { "" } else { " (skipped)" }
        );
    }
    if strict && !bad.is_empty() {
        return Err(Failure::error(format!(
            "tollgate: {} bad traffic line(s) (--strict)",
            bad.len()
        )));
    }
    // Timestamp order; lines of one time keep their file order.
    all.sort_by_key(|r| r.ts);
    Ok((all, bad))
}

fn replay(
    p: tollgate_core::config::Policy,
    traffic: &[Recorded],
    top: usize,
    progress: bool,
    label: &str,
) -> report::Report {
    let mut r = Replay::new(p);
    let start = Instant::now();
    let mut last = start;
    let mut outcomes = Vec::with_capacity(traffic.len());
    for (i, rec) in traffic.iter().enumerate() {
        outcomes.push(r.run(rec));
        if progress && i % 256 == 0 && last.elapsed().as_millis() >= 1000 {
            last = Instant::now();
            let secs = start.elapsed().as_secs_f64().max(1e-9);
            let rate = (i + 1) as f64 / secs;
            let eta = (traffic.len() - i - 1) as f64 / rate.max(1e-9);
            eprint!(
                "\r{label}: {}/{} requests, {rate:.0} req/s, ETA {eta:.0}s   ",
                i + 1,
                traffic.len()
            );
        }
    }
    if progress {
        let secs = start.elapsed().as_secs_f64().max(1e-9);
        eprintln!(
            "\r{label}: {} requests in {secs:.2}s, {:.0} req/s ({:.0} req/min)        ",
            traffic.len(),
            traffic.len() as f64 / secs,
            traffic.len() as f64 * 60.0 / secs
        );
    }
    let mut rep = report::summarise(&outcomes, top);
    // Per budget, the keys that spent most (at most 5 charts a budget).
    let mut by_budget: std::collections::BTreeMap<String, Vec<Series>> = Default::default();
    for ((budget, key), points) in std::mem::take(&mut r.series) {
        if let Some((limit, unit)) = r.limit(&budget) {
            by_budget.entry(budget.clone()).or_default().push(Series {
                budget,
                key,
                unit,
                limit,
                points,
            });
        }
    }
    for (_, mut list) in by_budget {
        list.sort_by_key(|s| std::cmp::Reverse(s.points.iter().map(|p| p.1).max().unwrap_or(0)));
        list.truncate(5);
        rep.series.extend(list);
    }
    rep
}

fn cmd_simulate(args: &Args) -> Result<(), Failure> {
    args.allow(&[
        "--config",
        "--baseline",
        "--json",
        "--html",
        "--top",
        "--strict",
        "--quiet",
        "--batch-ts",
    ])?;
    let config = args
        .one("--config")
        .ok_or_else(|| Failure::usage("simulate needs --config"))?;
    let new = policy(&read(config)?)?;
    let baseline = args
        .one("--baseline")
        .map(read)
        .transpose()?
        .map(|t| policy(&t))
        .transpose()?;
    if args.positional.is_empty() {
        return Err(Failure::usage(format!("simulate needs TRAFFIC files\n{USAGE}")));
    }
    let top = args
        .one("--top")
        .map_or(Ok(10), str::parse)
        .map_err(|_| Failure::usage("--top: a number"))?;
    let batch_ts = match args.one("--batch-ts") {
        Some(t) => t.parse().map_err(|_| Failure::usage("--batch-ts: Unix seconds"))?,
        None => 0,
    };
    let (traffic, bad) = load(&args.positional, args.flag("--strict"), batch_ts)?;
    let progress = !args.flag("--quiet");
    let mut notes = Vec::new();
    let counts_only = traffic
        .iter()
        .filter(|r| matches!(r.payload, Payload::Counts { .. }))
        .count();
    if counts_only > 0 {
        notes.push(format!(
            "{counts_only} request(s) came from access-log lines (counts without bodies): prices and budgets only, \
             no session guards, no trimming, and admission checks a minimal reservation (the logged output as the cap)"
        ));
    }
    if traffic
        .iter()
        .any(|r| matches!(r.payload, Payload::Body(_)) && r.usage.is_none())
    {
        notes.push(
            "requests without recorded usage settle to the estimate: the counted input and the output cap".into(),
        );
    }
    let mut rep = replay(new, &traffic, top, progress, "new policy");
    rep.bad_lines = bad.len() as u64;
    rep.notes = notes.clone();
    if let Some(b) = baseline {
        let mut base = replay(b, &traffic, top, progress, "baseline");
        base.bad_lines = rep.bad_lines;
        base.notes = notes;
        rep = report::with_baseline(rep, base);
    }
    if let Some(file) = args.one("--html") {
        std::fs::write(file, report::html(&rep)).map_err(|e| Failure::error(format!("{file}: {e}")))?;
    }
    if args.flag("--json") {
        print_json(&serde_json::to_value(&rep).map_err(|e| Failure::error(e.to_string()))?)
    } else {
        print!("{}", report::text(&rep));
        Ok(())
    }
}

/// `sessions facts`: each turn of the corpus sessions as the session detectors read it, a
/// JSON line each. Fails (1) when a session cannot be read.
fn cmd_session_facts(args: &Args, dirs: &[String]) -> Result<(), Failure> {
    args.allow(&[])?;
    if dirs.is_empty() {
        return Err(Failure::usage(format!("sessions facts needs DIRs\n{USAGE}")));
    }
    let found = find_sessions(dirs)?;
    let (lines, errors) = sessions::facts(&found);
    let mut out = std::io::stdout().lock();
    for line in lines {
        writeln!(out, "{line}").map_err(|e| Failure::error(e.to_string()))?;
    }
    unreadable(&errors, "read")
}

/// The session files under the directories; none is an error.
fn find_sessions(dirs: &[String]) -> Result<Vec<sessions::Found>, Failure> {
    let found = sessions::find(dirs)?;
    if found.is_empty() {
        return Err(Failure::error("tollgate: no *.json sessions under the directories"));
    }
    Ok(found)
}

/// Fails (1) naming the sessions that could not be `what` (read, replayed), if any.
fn unreadable(errors: &[String], what: &str) -> Result<(), Failure> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Failure::error(format!(
            "tollgate: {} session(s) could not be {what}:\n{}",
            errors.len(),
            errors.join("\n")
        )))
    }
}

/// `sessions score` or `sessions facts`.
fn cmd_sessions(args: &Args) -> Result<(), Failure> {
    match args.positional.split_first().map(|(c, d)| (c.as_str(), d)) {
        Some(("score", dirs)) => cmd_session_score(args, dirs),
        Some(("facts", dirs)) => cmd_session_facts(args, dirs),
        _ => Err(Failure::usage(format!(
            "expected `sessions score` or `sessions facts`\n{USAGE}"
        ))),
    }
}

/// `sessions score`: corpus sessions replayed through the core (`core::corpus`), the first
/// flag and verdict of each, a table per corpus half. Fails (1) when a session cannot be
/// replayed.
fn cmd_session_score(args: &Args, dirs: &[String]) -> Result<(), Failure> {
    args.allow(&["--config", "--derived", "--spacing", "--json"])?;
    if dirs.is_empty() {
        return Err(Failure::usage(format!("sessions score needs DIRs\n{USAGE}")));
    }
    let config = args
        .one("--config")
        .ok_or_else(|| Failure::usage("sessions score needs --config"))?;
    let p = policy(&read(config)?)?;
    let ids = if args.flag("--derived") {
        Ids::Derived
    } else {
        Ids::Given
    };
    let spacing = match args.one("--spacing") {
        None | Some("recorded") => Spacing::Recorded,
        Some("none") => Spacing::BackToBack,
        Some(other) => return Err(Failure::usage(format!("--spacing: recorded or none, not `{other}`"))),
    };
    let found = find_sessions(dirs)?;
    let scores = sessions::score(p, found, ids, spacing);
    if args.flag("--json") {
        print_json(&scores.json(ids, spacing))?;
    } else {
        print!("{}", scores.text(ids));
    }
    unreadable(&scores.errors, "replayed")
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let result = match argv.split_first() {
        None => Err(Failure::usage(USAGE)),
        Some((cmd, rest)) => Args::parse(rest).and_then(|a| {
            if a.flag("--help") {
                println!("{USAGE}");
                return Ok(());
            }
            match cmd.as_str() {
                "check" => cmd_check(&a),
                "count" => cmd_count(&a),
                "estimate" => cmd_estimate(&a),
                "simulate" => cmd_simulate(&a),
                "sessions" => cmd_sessions(&a),
                "help" | "--help" | "-h" => {
                    println!("{USAGE}");
                    Ok(())
                }
                other => Err(Failure::usage(format!("unknown command `{other}`\n{USAGE}"))),
            }
        }),
    };
    let _ = std::io::stdout().flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("{}", f.message);
            let _ = std::io::stderr().is_terminal();
            ExitCode::from(u8::try_from(f.status).unwrap_or(1))
        }
    }
}
