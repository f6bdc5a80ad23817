//! Shadow mode and the safe defaults of the session guards, in the core: a guard in
//! shadow mode reports what it would have done (metric, alert, `x-tollgate-shadow`
//! header, the flow's log line) and the request goes through unchanged; sessions turned
//! on without a `loops` section warn instead of stopping; `"kind": "hard"` stops.

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;

use serde_json::{Value, json};
use tollgate_core::config::Policy;
use tollgate_core::engine::{
    Admission, Attributes, BodyVerdict, Engine, HeadVerdict, Host, Metric, Recorder, RequestHead,
};
use tollgate_core::flow::{Effect, Head, Level, RequestFlow};
use tollgate_core::store::MemStore;

struct Headers(HashMap<String, String>);

impl Attributes for Headers {
    fn header(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }
    fn property(&self, _: &[String]) -> Option<String> {
        None
    }
}

fn session(id: &str) -> Headers {
    Headers(HashMap::from([("x-session-id".to_string(), id.to_string())]))
}

const CHAT: &str = "/v1/chat/completions";
const T0: u64 = 1_796_000_000;

fn engine(config: Value) -> Engine {
    Engine::new(Policy::from_json(&config.to_string()).unwrap())
}

/// The same poll, sent again and again: a near-duplicate loop from turn 3 on.
fn poll() -> Vec<u8> {
    json!({"model": "gpt-4o", "messages": [
        {"role": "system", "content": "You are a job watcher."},
        {"role": "user", "content": "Is job 77 finished? Answer yes or no."}]})
    .to_string()
    .into_bytes()
}

fn decide(e: &Engine, body: &[u8], attrs: &Headers, now: u64, store: &MemStore, m: &Recorder) -> BodyVerdict {
    let head = RequestHead {
        method: "POST",
        path: CHAT,
        content_encoding: None,
        content_length: None,
        has_body: true,
    };
    let HeadVerdict::ReadBody(dest) = e.on_head(&head) else {
        panic!("head")
    };
    e.decide(
        &dest,
        CHAT,
        body,
        &Host {
            attrs,
            now,
            store,
            metrics: m,
            in_flight: None,
        },
    )
}

fn headers_named(a: &Admission, name: &str) -> Vec<String> {
    a.response_headers
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
}

/// Sends `turns` polls in one session; the per-turn verdicts.
fn run(config: Value, turns: usize) -> (Vec<BodyVerdict>, Recorder) {
    let e = engine(config);
    let store = MemStore::new();
    let m = Recorder::new();
    let attrs = session("job-77");
    let body = poll();
    let verdicts = (0..turns)
        .map(|i| decide(&e, &body, &attrs, T0 + 20 * i as u64, &store, &m))
        .collect();
    (verdicts, m)
}

fn error_code(v: &BodyVerdict) -> Option<String> {
    match v {
        BodyVerdict::Reject(r) => {
            let body: Value = serde_json::from_slice(&r.body).unwrap();
            body["error"]["code"].as_str().map(str::to_string)
        }
        _ => None,
    }
}

fn admission(v: &BodyVerdict) -> &Admission {
    match v {
        BodyVerdict::Forward(a) => a,
        BodyVerdict::Reject(r) => panic!("rejected: {}", String::from_utf8_lossy(&r.body)),
        BodyVerdict::PassUncounted(why) => panic!("uncounted: {why}"),
        BodyVerdict::Ask(_) => panic!("asked the quota service"),
    }
}

#[test]
fn sessions_without_a_loops_section_warn_instead_of_stopping() {
    let (verdicts, m) = run(json!({"sessions": {}}), 4);
    for (n, v) in verdicts.iter().enumerate() {
        let a = admission(v);
        let warnings = headers_named(a, "x-tollgate-warning");
        if n < 2 {
            assert!(warnings.is_empty(), "turn {}: {warnings:?}", n + 1);
        } else {
            assert!(
                warnings
                    .iter()
                    .any(|w| w.contains("loop detected") && w.contains("near-identical")),
                "turn {}: {warnings:?}",
                n + 1
            );
        }
    }
    assert_eq!(m.count(Metric::LoopsDetected), 0);
    assert_eq!(m.count(Metric::GuardWarnings), 2);
}

#[test]
fn hard_stopping_is_an_explicit_choice() {
    let (verdicts, m) = run(
        json!({"sessions": {}, "loops": {"near_duplicate": {"kind": "hard"}}}),
        3,
    );
    assert!(matches!(verdicts[1], BodyVerdict::Forward(_)));
    assert_eq!(error_code(&verdicts[2]).as_deref(), Some("loop_detected"));
    assert_eq!(m.count(Metric::LoopsDetected), 1);
}

#[test]
fn global_shadow_reports_what_a_hard_guard_would_do_and_changes_nothing() {
    let config = json!({"sessions": {}, "alerts": {},
        "loops": {"mode": "shadow", "near_duplicate": {"kind": "hard"}, "iterations": {"soft": 1, "hard": 3}}});
    let (verdicts, m) = run(config, 5);
    // The oracle for "unchanged": what the same engine without guards sends upstream.
    let (plain, _) = run(json!({}), 1);
    let plain = admission(&plain[0]);
    for (n, v) in verdicts.iter().enumerate() {
        let n = n + 1;
        let a = admission(v);
        // Nothing about the request changes: same body as without guards, no warning.
        assert_eq!(a.body, plain.body, "turn {n}: body differs");
        assert_eq!(a.path, plain.path, "turn {n}: path differs");
        assert!(headers_named(a, "x-tollgate-warning").is_empty(), "turn {n}");
        let shadow = headers_named(a, "x-tollgate-shadow");
        let logged: Vec<String> = a.shadow.iter().map(|l| tollgate_core::reply::header_value(l)).collect();
        assert_eq!(shadow, logged, "turn {n}: header and log lines differ");
        let dup = shadow
            .iter()
            .any(|s| s.starts_with("would stop: loop_detected (near_duplicate)"));
        assert_eq!(dup, n >= 3, "turn {n}: {shadow:?}");
        let iter_stop = shadow.iter().any(|s| s.starts_with("would stop: iteration_limit"));
        let iter_warn = shadow.iter().any(|s| s.starts_with("would warn: iteration_limit"));
        assert_eq!(
            (iter_warn, iter_stop),
            (n == 2 || n == 3, n > 3),
            "turn {n}: {shadow:?}"
        );
    }
    // No enforcement metric; the shadow counter says what would have happened.
    assert_eq!(m.count(Metric::LoopsDetected), 0);
    assert_eq!(m.count(Metric::IterationLimits), 0);
    assert_eq!(m.count(Metric::GuardWarnings), 0);
    assert_eq!(m.count(Metric::RequestsAllowed), 5);
    assert_eq!(shadow_count(&m, "loop_detected", "stop"), 3);
    assert_eq!(shadow_count(&m, "iteration_limit", "warn"), 2);
    assert_eq!(shadow_count(&m, "iteration_limit", "stop"), 2);
    // Alerts (one per key within the cooldown) carry the evidence and what it would do.
    let alerts = m.alerts();
    let loop_alert = alerts
        .iter()
        .find(|a| a.kind == "shadow" && a.details["detector"] == "near_duplicate")
        .expect("a shadow alert for the loop");
    assert_eq!(loop_alert.details["would"], "stop");
    assert!(loop_alert.message.contains("loop detected"), "{}", loop_alert.message);
}

#[test]
fn a_guard_can_be_shadowed_alone_and_another_enforced() {
    // The loop detector in shadow, the iteration cap enforced: the cap still stops.
    let config = json!({"sessions": {}, "loops": {"near_duplicate": {"kind": "hard", "mode": "shadow"},
        "iterations": {"hard": 3}}});
    let (verdicts, m) = run(config.clone(), 4);
    assert!(headers_named(admission(&verdicts[2]), "x-tollgate-shadow")[0].contains("near_duplicate"));
    assert_eq!(error_code(&verdicts[3]).as_deref(), Some("iteration_limit"));
    assert_eq!(m.count(Metric::LoopsDetected), 0);
    // Global shadow, the cap's own mode enforce: the own mode wins.
    let config = json!({"sessions": {}, "loops": {"mode": "shadow", "near_duplicate": {"kind": "hard"},
        "iterations": {"hard": 3, "mode": "enforce"}}});
    let (verdicts, _) = run(config, 4);
    assert!(matches!(verdicts[2], BodyVerdict::Forward(_)));
    assert_eq!(error_code(&verdicts[3]).as_deref(), Some("iteration_limit"));
}

#[test]
fn shadow_guards_record_the_turn_only_after_the_verdict() {
    // A request refused later (by a budget) must not be recorded in the session: with
    // shadow the guards judge the turn and record it at commit, as in enforce mode.
    let config = json!({"sessions": {}, "loops": {"mode": "shadow", "near_duplicate": {"kind": "hard"}},
        "budgets": [{"name": "tiny", "scope": [{"header": "x-session-id"}], "window": "day",
                     "limit": {"tokens": 1}, "kind": "hard"}]});
    let e = engine(config);
    let store = MemStore::new();
    let m = Recorder::new();
    let body = poll();
    for i in 0..4 {
        assert!(matches!(
            decide(&e, &body, &session("s"), T0 + i, &store, &m),
            BodyVerdict::Reject(_)
        ));
    }
    // None of the refused turns was recorded: no shadow loop was ever reported.
    let events = m.labeled_named("tollgate_guard_shadow");
    assert!(events.is_empty(), "{events:?}");
}

#[test]
fn a_shadow_breaker_lets_the_request_through() {
    let config = json!({"sessions": {}, "breakers": [{"name": "b", "scope": [{"header": "x-session-id"}],
        "min_requests": 2, "request_multiple": 2, "window_seconds": 60, "baseline_seconds": 3600, "mode": "shadow"}]});
    let e = engine(config);
    let store = MemStore::new();
    let m = Recorder::new();
    let small = json!({"model": "gpt-4o", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]});
    for i in 0..3 {
        let mut b = small.clone();
        b["messages"][0]["content"] = json!(format!("hi {i}"));
        admission(&decide(
            &e,
            &b.to_string().into_bytes(),
            &session("s"),
            T0 + i * 60,
            &store,
            &m,
        ));
    }
    let big =
        json!({"model": "gpt-4o", "max_tokens": 100000, "messages": [{"role": "user", "content": "write it all"}]});
    let v = decide(&e, &big.to_string().into_bytes(), &session("s"), T0 + 600, &store, &m);
    let a = admission(&v);
    let shadow = headers_named(a, "x-tollgate-shadow");
    assert!(
        shadow.iter().any(|s| s.starts_with("would stop: circuit_open (b)")),
        "{shadow:?}"
    );
    assert_eq!(m.count(Metric::BreakerRejections), 0);
}

#[test]
fn the_flow_logs_what_shadow_guards_would_have_done() {
    let e = engine(json!({"sessions": {}, "loops": {"mode": "shadow", "near_duplicate": {"kind": "hard"}}}));
    let store = MemStore::new();
    let m = Recorder::new();
    let attrs = session("flow-1");
    let body = poll();
    let mut logs = Vec::new();
    for i in 0..3u32 {
        let mut flow = RequestFlow::new(i + 1);
        let host = Host {
            attrs: &attrs,
            store: &store,
            metrics: &m,
            now: T0 + u64::from(i) * 20,
            in_flight: None,
        };
        let head = Head {
            method: "POST",
            path: CHAT,
            content_encoding: None,
            content_length: None,
            authorization: None,
            end_of_stream: false,
            request_id: None,
        };
        flow.request_head(&e, &host, &head);
        let out = flow.request_body(&e, &host, body.len(), true, || body.clone());
        assert!(!out.effects.iter().any(|e| matches!(e, Effect::Reply(_))), "turn {i}");
        logs.push(
            out.effects
                .iter()
                .filter_map(|e| match e {
                    Effect::Log(Level::Info, line) if line.starts_with("tollgate: shadow: ") => Some(line.clone()),
                    _ => None,
                })
                .collect::<Vec<_>>(),
        );
    }
    assert!(logs[0].is_empty() && logs[1].is_empty(), "{logs:?}");
    assert_eq!(logs[2].len(), 1, "{logs:?}");
    assert!(
        logs[2][0].contains("would stop: loop_detected (near_duplicate)"),
        "{logs:?}"
    );
}

#[test]
fn guard_settings_out_of_range_name_their_field() {
    let err = |loops: Value| match Policy::from_json(&json!({"sessions": {}, "loops": loops}).to_string()) {
        Ok(_) => panic!("accepted: {loops}"),
        Err(e) => e.to_string(),
    };
    assert!(err(json!({"cycles": {"max_period": 7}})).contains("loops.cycles.max_period"));
    assert!(err(json!({"cycles": {"repeats": 1}})).contains("loops.cycles.repeats"));
    assert!(err(json!({"stall": {"failure_window": 13}})).contains("loops.stall.failure_window"));
    assert!(err(json!({"stall": {"failure_repeats": 9, "failure_window": 8}})).contains("loops.stall.failure_window"));
    assert!(err(json!({"mode": "warn"})).contains("mode"));
    // The new ranges are accepted.
    Policy::from_json(
        &json!({"sessions": {}, "loops": {"mode": "shadow", "cycles": {"max_period": 6, "repeats": 6},
            "stall": {"failure_repeats": 0, "failure_window": 12}}})
        .to_string(),
    )
    .unwrap();
}

// ---------------------------------------------------------------------------
// Shadow mode beyond the session detectors: the context checks (`context.mode`, default
// `loops.mode`) and the breakers under the global `loops.mode`.

/// ~n tokens (" hello" is one token in cl100k and o200k).
fn words(n: usize) -> String {
    let mut s = "hello".to_string();
    for _ in 1..n {
        s.push_str(" hello");
    }
    s
}

/// How many shadow events of one kind would have done one thing.
fn shadow_count(m: &Recorder, event: &str, would: &str) -> usize {
    m.labeled_named("tollgate_guard_shadow")
        .iter()
        .filter(|l| l.label("event") == Some(event) && l.label("would") == Some(would))
        .count()
}

/// gpt-4 (a window of 8192 tokens): 5000 input tokens and the client's own 4096 output cap.
fn over_the_window() -> Vec<u8> {
    json!({"model": "gpt-4", "max_tokens": 4096, "messages": [{"role": "user", "content": words(5000)}]})
        .to_string()
        .into_bytes()
}

#[test]
fn the_context_window_check_in_shadow_reports_and_forwards_the_request_unchanged() {
    for config in [
        json!({"context": {"mode": "shadow"}}),
        // The global mode reaches the context checks too.
        json!({"sessions": {}, "loops": {"mode": "shadow"}}),
    ] {
        let e = engine(config.clone());
        let m = Recorder::new();
        let store = MemStore::new();
        let v = decide(&e, &over_the_window(), &session("w"), T0, &store, &m);
        let a = admission(&v);
        // The oracle for "unchanged": the same request with the window check off.
        let plain = engine(json!({"context": {"enforce_window": false}}));
        let p = decide(
            &plain,
            &over_the_window(),
            &session("w"),
            T0,
            &MemStore::new(),
            &Recorder::new(),
        );
        assert_eq!(a.body, admission(&p).body, "{config}");
        let shadow = headers_named(a, "x-tollgate-shadow");
        assert_eq!(shadow.len(), 1, "{config}: {shadow:?}");
        assert!(
            shadow[0].starts_with("would stop: context_limit (context_limit)")
                && shadow[0].contains("more than the 8192 tokens of gpt-4's context window"),
            "{shadow:?}"
        );
        assert_eq!(m.count(Metric::ContextLimits), 0);
        assert_eq!(shadow_count(&m, "context_limit", "stop"), 1);
    }
    // Enforced (the default), the same request is refused: the shadow report is of a real stop.
    let e = engine(json!({}));
    let v = decide(
        &e,
        &over_the_window(),
        &session("w"),
        T0,
        &MemStore::new(),
        &Recorder::new(),
    );
    assert_eq!(error_code(&v).as_deref(), Some("context_limit"));
    // A guard's own mode wins over the global one.
    let e = engine(json!({"sessions": {}, "loops": {"mode": "shadow"}, "context": {"mode": "enforce"}}));
    let v = decide(
        &e,
        &over_the_window(),
        &session("w"),
        T0,
        &MemStore::new(),
        &Recorder::new(),
    );
    assert_eq!(error_code(&v).as_deref(), Some("context_limit"));
}

fn chat(content: String) -> Vec<u8> {
    json!({"model": "gpt-4o", "max_tokens": 10, "messages": [{"role": "user", "content": content}]})
        .to_string()
        .into_bytes()
}

#[test]
fn the_input_cap_in_shadow_reports_and_lets_the_request_through() {
    let run_cap = |context: Value| {
        let e = engine(json!({"sessions": {}, "alerts": {}, "context": context}));
        let m = Recorder::new();
        let store = MemStore::new();
        let v = decide(&e, &chat(words(3000)), &session("cap"), T0, &store, &m);
        (v, m)
    };
    let (v, m) = run_cap(json!({"max_input_tokens": 2000, "mode": "shadow"}));
    let a = admission(&v);
    let shadow = headers_named(a, "x-tollgate-shadow");
    assert!(
        shadow.len() == 1
            && shadow[0].starts_with("would stop: context_limit")
            && shadow[0].contains("above the cap of 2000"),
        "{shadow:?}"
    );
    assert_eq!(m.count(Metric::ContextLimits), 0);
    assert_eq!(shadow_count(&m, "context_limit", "stop"), 1);
    let alerts = m.alerts();
    let alert = alerts.iter().find(|a| a.kind == "shadow").expect("a shadow alert");
    assert_eq!(
        (alert.details["limit"].as_u64(), alert.details["would"].as_str()),
        (Some(2000), Some("stop"))
    );
    // Enforced: refused.
    let (v, m) = run_cap(json!({"max_input_tokens": 2000}));
    assert_eq!(error_code(&v).as_deref(), Some("context_limit"));
    assert_eq!(m.count(Metric::ContextLimits), 1);
}

#[test]
fn the_growth_alert_in_shadow_reports_instead_of_warning() {
    let grow = |context: Value| {
        let e = engine(json!({"sessions": {}, "alerts": {}, "context": context}));
        let m = Recorder::new();
        let store = MemStore::new();
        admission(&decide(&e, &chat(words(100)), &session("g"), T0, &store, &m));
        let v = decide(&e, &chat(words(3000)), &session("g"), T0 + 10, &store, &m);
        let a = admission(&v);
        (
            headers_named(a, "x-tollgate-warning"),
            headers_named(a, "x-tollgate-shadow"),
            m,
        )
    };
    let (warnings, shadow, m) = grow(json!({"growth_alert_tokens": 1000}));
    assert!(warnings.iter().any(|w| w.contains("context grew by")), "{warnings:?}");
    assert!(shadow.is_empty(), "{shadow:?}");
    assert_eq!(m.count(Metric::GuardWarnings), 1);
    let (warnings, shadow, m) = grow(json!({"growth_alert_tokens": 1000, "mode": "shadow"}));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(
        shadow.len() == 1
            && shadow[0].starts_with("would warn: context_limit")
            && shadow[0].contains("context grew by"),
        "{shadow:?}"
    );
    assert_eq!(m.count(Metric::GuardWarnings), 0);
    assert_eq!(shadow_count(&m, "context_limit", "warn"), 1);
}

/// Sends three small requests a minute apart, then one that costs far more, through a
/// breaker configured as `breaker` under the `loops` section `loops`.
fn burst(loops: Value, breaker_mode: Option<&str>) -> (BodyVerdict, Recorder) {
    let mut b = json!({"name": "b", "scope": [{"header": "x-session-id"}], "min_requests": 2,
        "request_multiple": 2, "window_seconds": 60, "baseline_seconds": 3600});
    if let Some(mode) = breaker_mode {
        b["mode"] = json!(mode);
    }
    let e = engine(json!({"sessions": {}, "loops": loops, "breakers": [b]}));
    let store = MemStore::new();
    let m = Recorder::new();
    for i in 0..3 {
        admission(&decide(
            &e,
            &chat(format!("hi {i}")),
            &session("s"),
            T0 + i * 60,
            &store,
            &m,
        ));
    }
    let big =
        json!({"model": "gpt-4o", "max_tokens": 100000, "messages": [{"role": "user", "content": "write it all"}]});
    let v = decide(&e, &big.to_string().into_bytes(), &session("s"), T0 + 600, &store, &m);
    (v, m)
}

#[test]
fn breakers_follow_the_global_shadow_mode_unless_their_own_says_otherwise() {
    let (v, m) = burst(json!({"mode": "shadow"}), None);
    let shadow = headers_named(admission(&v), "x-tollgate-shadow");
    assert!(
        shadow.iter().any(|s| s.starts_with("would stop: circuit_open (b)")),
        "{shadow:?}"
    );
    assert_eq!(m.count(Metric::BreakerRejections), 0);
    assert_eq!(shadow_count(&m, "circuit_open", "stop"), 1);
    let (v, m) = burst(json!({"mode": "shadow"}), Some("enforce"));
    assert_eq!(error_code(&v).as_deref(), Some("circuit_open"));
    assert_eq!(m.count(Metric::BreakerRejections), 1);
    let (v, _) = burst(json!({}), None);
    assert_eq!(error_code(&v).as_deref(), Some("circuit_open"));
}
