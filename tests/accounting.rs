//! Every piece of state and every metric changes exactly once, after the verdict it
//! belongs to (issue 9, "accounting slips"): a request a budget refuses leaves no turn in
//! its session and no request in its breaker's baseline; an unjudgeable body that a
//! policy passes uncounted is counted as uncounted, not rejected.

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;

use serde_json::{Value, json};
use tollgate_core::config::Policy;
use tollgate_core::engine::{Attributes, BodyVerdict, Engine, HeadVerdict, Host, Metric, Recorder, RequestHead};
use tollgate_core::store::MemStore;

struct Headers(HashMap<String, String>);

impl Attributes for Headers {
    fn header(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }
    fn property(&self, _path: &[String]) -> Option<String> {
        None
    }
}

fn headers(pairs: &[(&str, &str)]) -> Headers {
    Headers(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
}

const CHAT: &str = "/v1/chat/completions";
const T0: u64 = 1_796_000_000;

fn engine(config: Value) -> Engine {
    match Policy::from_json(&config.to_string()) {
        Ok(p) => Engine::new(p),
        Err(e) => panic!("config: {e}"),
    }
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
        panic!("head not read")
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

fn chat(text: &str) -> Vec<u8> {
    json!({"model": "gpt-4o", "max_tokens": 10, "messages": [{"role": "user", "content": text}]})
        .to_string()
        .into_bytes()
}

fn code(v: &BodyVerdict) -> String {
    match v {
        BodyVerdict::Forward(_) => "admitted".into(),
        BodyVerdict::PassUncounted(w) => format!("uncounted {w}"),
        BodyVerdict::Ask(_) => "asked".to_string(),
        BodyVerdict::Reject(r) => {
            let body: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
            body["error"]["code"].as_str().unwrap_or("?").to_string()
        }
    }
}

#[test]
fn a_turn_refused_by_a_budget_is_not_counted_in_its_session() {
    let e = engine(json!({
        "sessions": {"key": [{"header": "x-session-id"}]},
        "loops": {"iterations": {"hard": 2}},
        "budgets": [{"name": "user-day", "scope": [{"header": "x-user-id"}], "window": "day",
                     "limit": {"tokens": 5}, "kind": "hard", "models": ["gpt-4o"]}]}));
    let store = MemStore::new();
    let m = Recorder::new();
    let broke = headers(&[("x-session-id", "s1"), ("x-user-id", "broke")]);
    for i in 0..3 {
        let v = decide(&e, &chat(&format!("try {i}")), &broke, T0 + i, &store, &m);
        assert_eq!(code(&v), "budget_exceeded");
    }
    // The same session, now on a budget that covers it: its first two turns run.
    let e2 = engine(json!({
        "sessions": {"key": [{"header": "x-session-id"}]},
        "loops": {"iterations": {"hard": 2}}}));
    for i in 0..2 {
        let v = decide(&e2, &chat(&format!("work {i}")), &broke, T0 + 10 + i, &store, &m);
        assert_eq!(code(&v), "admitted", "turn {i}");
    }
    let v = decide(&e2, &chat("work 2"), &broke, T0 + 20, &store, &m);
    assert_eq!(code(&v), "iteration_limit");
    assert_eq!(m.count(Metric::RequestsRejected), 4); // 3 budget refusals + the iteration limit
    assert_eq!(m.count(Metric::IterationLimits), 1);
}

#[test]
fn a_refused_request_changes_no_admission_metric() {
    let e = engine(json!({"budgets": [{"name": "tiny", "window": "request", "limit": {"tokens": 5}, "kind": "hard"}]}));
    let store = MemStore::new();
    let m = Recorder::new();
    let v = decide(&e, &chat("hello"), &headers(&[]), T0, &store, &m);
    assert_eq!(code(&v), "budget_exceeded");
    assert_eq!(m.count(Metric::RequestsRejected), 1);
    for metric in [
        Metric::RequestsAllowed,
        Metric::RequestsWarned,
        Metric::ReservationsOpened,
        Metric::ModelRewritten,
        Metric::ContextTrimmed,
    ] {
        assert_eq!(m.count(metric), 0, "{metric:?}");
    }
}

#[test]
fn a_body_too_large_that_the_policy_passes_is_counted_as_uncounted() {
    let e = engine(json!({"max_body_bytes": 100, "on_unjudgeable": "pass"}));
    let store = MemStore::new();
    let m = Recorder::new();
    let v = decide(&e, &chat(&"x".repeat(200)), &headers(&[]), T0, &store, &m);
    assert!(matches!(v, BodyVerdict::PassUncounted(_)), "{}", code(&v));
    assert_eq!(m.count(Metric::RequestsRejected), 0);
    assert_eq!(m.count(Metric::RequestsUncounted), 1);
}

/// Issue 9, defect 6: header values that are not UTF-8 keep their exact bytes, so two
/// identities never share a budget counter, and no valid value can forge an escaped one.
#[test]
fn attribute_bytes_are_kept_exactly() {
    use tollgate_core::engine::attribute_text;
    let a = attribute_text(b"col-\xff".to_vec());
    let b = attribute_text(b"col-\xfe".to_vec());
    assert_ne!(a, b);
    assert_eq!(attribute_text(b"col-\xc3\xa9".to_vec()), "col-\u{e9}");
    assert_eq!(
        attribute_text(String::from_utf8_lossy(b"col-\xff").into_owned().into_bytes()),
        "col-\u{fffd}"
    );
    assert_ne!(a, "col-\u{fffd}");
    assert!(a.starts_with('\0') && !attribute_text(b"col-ff".to_vec()).contains('\0'));
}
