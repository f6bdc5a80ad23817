//! Replays the agent transcripts in tests/fixtures/transcripts through the core engine
//! with a simulated clock and checks each expected outcome: caught by the named guard no
//! later than its deadline and not before it may be, or passed untouched (no rejection,
//! no loop or stall warning). Prints the detection table.

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;

use serde_json::Value;
use tollgate_core::config::Policy;
use tollgate_core::engine::{
    Attributes, BodyVerdict, Concluded, Engine, HeadVerdict, Host, NoMetrics, RequestHead, Settlement,
};
use tollgate_core::store::MemStore;
use tollgate_core::usage::Usage;

struct Headers(HashMap<String, String>);

impl Attributes for Headers {
    fn header(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }
    fn property(&self, _: &[String]) -> Option<String> {
        None
    }
}

/// The guard configuration the transcripts are judged with, shared with the Envoy replay
/// (tests/e2e/test_guards.py).
pub fn replay_config() -> Value {
    serde_json::from_str(include_str!("fixtures/guards/replay_config.json")).unwrap()
}

#[derive(Debug)]
struct Outcome {
    name: String,
    turns: usize,
    caught: Option<(usize, String)>,
    warnings: Vec<(usize, String)>,
}

fn replay(path: &std::path::Path) -> (Value, Outcome) {
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let engine = Engine::new(Policy::from_json(&replay_config().to_string()).unwrap());
    let store = MemStore::new();
    let t0 = 1_796_000_000u64;
    let turns = doc["turns"].as_array().unwrap();
    let mut outcome = Outcome {
        name: doc["name"].as_str().unwrap().to_string(),
        turns: turns.len(),
        caught: None,
        warnings: vec![],
    };
    for (i, turn) in turns.iter().enumerate() {
        let n = i + 1;
        let now = t0 + turn["at_seconds"].as_f64().map_or(i as u64 * 20, |s| s as u64);
        let mut headers: HashMap<String, String> = HashMap::new();
        for source in [&doc["headers"], &turn["headers"]] {
            if let Some(map) = source.as_object() {
                for (k, v) in map {
                    headers.insert(k.to_ascii_lowercase(), v.as_str().unwrap_or_default().to_string());
                }
            }
        }
        let attrs = Headers(headers);
        let body = serde_json::to_vec(&turn["request"]).unwrap();
        let head = RequestHead {
            method: "POST",
            path: "/v1/chat/completions",
            content_encoding: None,
            content_length: None,
            has_body: true,
        };
        let HeadVerdict::ReadBody(dest) = engine.on_head(&head) else {
            panic!("head")
        };
        match engine.decide(
            &dest,
            "/v1/chat/completions",
            &body,
            &Host {
                attrs: &attrs,
                now,
                store: &store,
                metrics: &NoMetrics,
                in_flight: None,
            },
        ) {
            BodyVerdict::Forward(a) => {
                for w in a.response_headers.iter().filter(|(k, _)| k == "x-tollgate-warning") {
                    outcome.warnings.push((n, w.1.clone()));
                }
                let u = &turn["response_usage"];
                let usage = Usage {
                    input_tokens: u["prompt_tokens"].as_u64().unwrap_or(0),
                    output_tokens: u["completion_tokens"].as_u64().unwrap_or(0),
                    ..Usage::default()
                };
                engine.settle(
                    &a.ticket,
                    &Concluded::from(Settlement::Usage(usage)),
                    now + 1,
                    &store,
                    &NoMetrics,
                );
            }
            BodyVerdict::Reject(r) => {
                let v: Value = serde_json::from_slice(&r.body).unwrap();
                let code = v["error"]["code"].as_str().unwrap_or("?").to_string();
                println!(
                    "{}: turn {n}: {code} by {}",
                    outcome.name, v["error"]["tollgate"]["detector"]
                );
                outcome.caught = Some((n, code));
                break;
            }
            BodyVerdict::PassUncounted(why) => panic!("{}: turn {n} passed uncounted: {why}", outcome.name),
            BodyVerdict::Ask(_) => panic!("{}: turn {n} asked the quota service", outcome.name),
        }
    }
    (doc, outcome)
}

#[test]
fn transcripts_are_caught_in_time_and_healthy_sessions_pass() {
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/transcripts"));
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "transcripts missing");
    let mut failures = Vec::new();
    println!(
        "{:<36} {:>5}  {:<10} {:<34} warnings",
        "transcript", "turns", "expected", "result"
    );
    for path in &files {
        let (doc, o) = replay(path);
        let expected = &doc["expected"];
        let want = expected["outcome"].as_str().unwrap();
        let result = match &o.caught {
            Some((turn, code)) => format!("caught at {turn}: {code}"),
            None => "passed".to_string(),
        };
        println!(
            "{:<36} {:>5}  {:<10} {:<34} {}",
            o.name,
            o.turns,
            want,
            result,
            o.warnings.len()
        );
        match (want, &o.caught) {
            ("pass", None) => {
                let noisy: Vec<_> = o.warnings.iter().filter(|(_, w)| !w.contains("context grew")).collect();
                if !noisy.is_empty() {
                    failures.push(format!("{}: healthy session warned: {noisy:?}", o.name));
                }
            }
            ("pass", Some((turn, code))) => failures.push(format!("{}: false positive at turn {turn}: {code}", o.name)),
            ("caught", None) => failures.push(format!("{}: missed (expected {})", o.name, expected["reason"])),
            ("caught", Some((turn, code))) => {
                let mut allowed: Vec<&str> = vec![expected["reason"].as_str().unwrap()];
                allowed.extend(
                    expected["also_acceptable"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str),
                );
                if !allowed.contains(&code.as_str()) {
                    failures.push(format!("{}: caught by {code}, expected one of {allowed:?}", o.name));
                }
                let deadline = expected["caught_by_turn"].as_u64().unwrap() as usize;
                let earliest = expected["not_before_turn"].as_u64().unwrap_or(1) as usize;
                if *turn > deadline || *turn < earliest {
                    failures.push(format!(
                        "{}: caught at turn {turn}, expected between {earliest} and {deadline}",
                        o.name
                    ));
                }
            }
            other => failures.push(format!("{}: bad expectation {other:?}", o.name)),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
