//! Where one request's time goes in the core, natively (`make bench-core`): the bodies of
//! `make bench-envoy` (written by `scripts/bench_envoy.py --write-inputs`) timed stage by
//! stage — the raw parse (members + checks), the parse as the engine does it (through a memo
//! of recent bodies like the engine's unless `BENCH_PREFIX_CACHE=off`: a body resending a
//! kept one's messages is read from where it changed; else raw + typed view), the input
//! count (through a memo of message counts like the engine's, unless
//! `BENCH_COUNT_CACHE=off`, which turns the engine's off too), the turn the guards read, and
//! `Engine::decide` whole (parse, count, guards, budgets, store) with the benchmark's plugin
//! configurations and an in-memory store. Each workload runs three times; the fastest counts.
//! A benchmark, not a test: it prints figures and asserts nothing about time.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tollgate_core::api::{self, BodyMemo, ParseOptions, Target};
use tollgate_core::config::Policy;
use tollgate_core::count_cache::{CacheLimits, CountCache};
use tollgate_core::engine::{
    Attributes, BodyVerdict, Concluded, Engine, HeadVerdict, Host, NoMetrics, RequestHead, Settlement,
};
use tollgate_core::json_raw::{JsonLimits, RawObject};
use tollgate_core::prefix_cache::PrefixLimits;
use tollgate_core::store::MemStore;
use tollgate_core::tokens::Encoding;
use tollgate_core::usage::Usage;

const CHAT: &str = "/v1/chat/completions";

struct Headers(HashMap<String, String>);

impl Attributes for Headers {
    fn header(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }
    fn property(&self, _: &[String]) -> Option<String> {
        None
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One workload: its bodies in the order they are sent (`{n}` in a body is replaced by a
/// number unique to the request, as the Lua script of the Envoy benchmark does).
struct Workload {
    name: &'static str,
    config: &'static str,
    bodies: Vec<String>,
    fresh: bool,
    /// Each pass over the bodies is a new session (the agent replay).
    sessions: bool,
    passes: usize,
}

fn body(w: &Workload, i: usize, pass: usize) -> Vec<u8> {
    let b = &w.bodies[i];
    if w.fresh {
        b.replace("QQQQQQQQQQ", &format!("{pass:010}")).into_bytes()
    } else {
        b.clone().into_bytes()
    }
}

#[derive(Default)]
struct Split {
    raw: Duration,
    parse: Duration,
    count: Duration,
    turn: Duration,
    decide: Duration,
    requests: u64,
    bytes: u64,
}

fn per(d: Duration, n: u64) -> f64 {
    d.as_secs_f64() * 1e6 / n.max(1) as f64
}

fn run(w: &Workload) -> Split {
    let text = std::fs::read_to_string(root().join("tests/fixtures/bench").join(w.config)).unwrap();
    let mut config: serde_json::Value = serde_json::from_str(&text).unwrap();
    // BENCH_COUNT_CACHE=off: the memo of message counts off (the path before issue 12).
    let off = std::env::var("BENCH_COUNT_CACHE").is_ok_and(|v| v == "off");
    if off {
        config["count_cache"] = serde_json::json!({"entries": 0});
    }
    // BENCH_PREFIX_CACHE=off: the memo of recent bodies off (every body parsed whole).
    let prefix_off = std::env::var("BENCH_PREFIX_CACHE").is_ok_and(|v| v == "off");
    if prefix_off {
        config["prefix_cache"] = serde_json::json!({"entries": 0});
    }
    // The parse stage alone gets a memo of bodies of its own, like the engine's.
    let bodies = BodyMemo::new(if prefix_off {
        PrefixLimits::OFF
    } else {
        PrefixLimits::DEFAULT
    });
    let engine = Engine::new(Policy::from_json(&config.to_string()).unwrap());
    // The count stage alone gets a memo of its own, like the engine's.
    let memo = CountCache::new(if off { CacheLimits::OFF } else { CacheLimits::DEFAULT });
    let store = MemStore::new();
    let target = Target::from_path(CHAT).unwrap();
    let options = ParseOptions::default();
    let mut s = Split::default();
    let t0 = 1_796_000_000u64;
    for pass in 0..w.passes {
        for i in 0..w.bodies.len() {
            let bytes = body(w, i, pass * w.bodies.len() + i);
            let now = t0 + (pass * w.bodies.len() + i) as u64;
            // The stages alone (what decide does first, timed apart).
            let t = Instant::now();
            let raw = RawObject::parse_limited(&bytes, &JsonLimits::DEFAULT).unwrap();
            s.raw += t.elapsed();
            drop(raw);
            let t = Instant::now();
            let request = api::parse_memo(&target, &bytes, None, &options, &bodies).unwrap();
            s.parse += t.elapsed();
            let t = Instant::now();
            let count = request
                .count_input_memo(Encoding::for_openai_model(request.model()), &memo)
                .unwrap();
            s.count += t.elapsed();
            std::hint::black_box(count);
            let t = Instant::now();
            std::hint::black_box(request.turn());
            s.turn += t.elapsed();
            // The whole decision.
            let mut headers = HashMap::from([
                ("x-user-id".to_string(), "u_bench".to_string()),
                ("x-feature".to_string(), "coding-agent".to_string()),
            ]);
            if w.sessions {
                headers.insert("x-session-id".into(), format!("s-{pass}"));
            }
            let attrs = Headers(headers);
            let head = RequestHead {
                method: "POST",
                path: CHAT,
                content_encoding: None,
                content_length: None,
                has_body: true,
            };
            let HeadVerdict::ReadBody(dest) = engine.on_head(&head) else {
                panic!("head")
            };
            let host = Host {
                attrs: &attrs,
                now,
                store: &store,
                metrics: &NoMetrics,
                in_flight: None,
            };
            let t = Instant::now();
            let verdict = engine.decide(&dest, CHAT, &bytes, &host);
            s.decide += t.elapsed();
            match verdict {
                BodyVerdict::Forward(a) => {
                    let usage = Usage {
                        input_tokens: 9000,
                        output_tokens: 12,
                        ..Usage::default()
                    };
                    engine.settle(
                        &a.ticket,
                        &Concluded::from(Settlement::Usage(usage)),
                        now,
                        &store,
                        &NoMetrics,
                    );
                }
                BodyVerdict::Reject(r) => panic!("{}: rejected: {}", w.name, String::from_utf8_lossy(&r.body)),
                BodyVerdict::PassUncounted(why) => panic!("{}: uncounted: {why}", w.name),
                BodyVerdict::Ask(_) => panic!("{}: asked the quota service", w.name),
            }
            s.requests += 1;
            s.bytes += bytes.len() as u64;
        }
    }
    s
}

fn main() {
    let dir = std::env::var("BENCH_INPUTS").map_or_else(|_| root().join("target/bench-inputs"), PathBuf::from);
    let read =
        |p: PathBuf| std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e} (make bench-core)", p.display()));
    let agent: Vec<String> = (0..60).map(|i| read(dir.join(format!("agent/{i:02}.json")))).collect();
    let workloads = [
        Workload {
            name: "agent_replay",
            config: "guards_config.json",
            bodies: agent.clone(),
            fresh: false,
            sessions: true,
            passes: 5,
        },
        Workload {
            name: "agent_replay_budgets",
            config: "budgets_config.json",
            bodies: agent,
            fresh: false,
            sessions: true,
            passes: 5,
        },
        Workload {
            name: "fresh_8k",
            config: "budgets_config.json",
            bodies: vec![read(dir.join("fresh_8k.json"))],
            fresh: true,
            sessions: false,
            passes: 1000,
        },
        Workload {
            name: "repeat_8k",
            config: "budgets_config.json",
            bodies: vec![read(dir.join("repeat_8k.json"))],
            fresh: false,
            sessions: false,
            passes: 1000,
        },
        Workload {
            name: "one_1m",
            config: "budgets_config.json",
            bodies: vec![read(dir.join("one_1m.json"))],
            fresh: false,
            sessions: false,
            passes: 5,
        },
    ];
    // Warm the vocabularies so the first workload does not pay for loading them.
    let _ = Encoding::O200kBase.count("warm");
    println!(
        "{:<22} {:>9} {:>10} | {:>9} {:>9} {:>9} {:>9} | {:>10} {:>9}   (µs per request, native release)",
        "workload", "requests", "avg bytes", "raw", "parse", "count", "turn", "decide", "rest"
    );
    // BENCH_ONLY=agent_replay,fresh_8k: only these workloads (e.g. under callgrind).
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    for w in workloads
        .iter()
        .filter(|w| only.is_empty() || only.split(',').any(|o| o == w.name))
    {
        // The machine is shared: the fastest of three runs.
        let s = (0..3).map(|_| run(w)).min_by_key(|s| s.decide).unwrap();
        let n = s.requests;
        let rest = s.decide.saturating_sub(s.parse + s.count + s.turn);
        println!(
            "{:<22} {:>9} {:>10} | {:>9.1} {:>9.1} {:>9.1} {:>9.1} | {:>10.1} {:>9.1}   decide {:.1} MB/s",
            w.name,
            n,
            s.bytes / n.max(1),
            per(s.raw, n),
            per(s.parse, n),
            per(s.count, n),
            per(s.turn, n),
            per(s.decide, n),
            per(rest, n),
            s.bytes as f64 / s.decide.as_secs_f64().max(1e-9) / 1e6,
        );
    }
    println!(
        "raw = RawObject::parse_limited alone (the whole body); parse = api::parse_memo (through the memo of recent bodies unless BENCH_PREFIX_CACHE=off: \
         from where the body differs from a kept one, else raw + typed view); count = count_input (through a memo unless BENCH_COUNT_CACHE=off); \
         turn = the guards' turn; rest = decide - parse - count - turn (guards, budgets, store, rewrite, headers)"
    );
}
