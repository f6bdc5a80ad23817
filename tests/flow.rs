//! The request state machine (`core::flow`) driven natively, as the Envoy adapter drives
//! it: steps in, effects out, a shared in-memory store standing in for Envoy's shared
//! data, simulated time, and two workers (two flows, two in-flight registries) whose
//! steps interleave. Expected usage comes from the committed provider fixtures' wire bytes.

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::cell::RefCell;
use std::collections::HashMap;

use serde_json::{Value, json};
use tollgate_core::config::Policy;
use tollgate_core::engine::{Attributes, Engine, InFlight, Metric, Recorder};
use tollgate_core::flow::{Effect, Head, Host, Next, Output, RequestFlow};
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

fn user(name: &str) -> Headers {
    Headers(HashMap::from([("x-user-id".to_string(), name.to_string())]))
}

/// One Envoy worker: its own metrics and in-flight registry, the process's shared store.
/// The reasons of every request the metrics counted with one decision.
fn decisions(m: &Recorder, decision: &str) -> Vec<String> {
    m.labeled_named("tollgate_requests")
        .iter()
        .filter(|l| l.label("decision") == Some(decision))
        .map(|l| l.label("reason").unwrap_or_default().to_string())
        .collect()
}

struct Worker<'a> {
    engine: &'a Engine,
    store: &'a MemStore,
    metrics: Recorder,
    in_flight: RefCell<InFlight>,
}

impl<'a> Worker<'a> {
    fn new(engine: &'a Engine, store: &'a MemStore) -> Worker<'a> {
        Worker {
            engine,
            store,
            metrics: Recorder::new(),
            in_flight: RefCell::new(InFlight::new()),
        }
    }

    fn step(&self, attrs: &Headers, now: u64, run: impl FnOnce(&Engine, &Host) -> Output) -> Output {
        let host = Host {
            attrs,
            store: self.store,
            metrics: &self.metrics,
            now,
            in_flight: Some(&self.in_flight),
        };
        run(self.engine, &host)
    }
}

const CHAT: &str = "/v1/chat/completions";
const T0: u64 = 1_796_000_000;

fn engine(extra: Value) -> Engine {
    let mut config = json!({"default_max_output_tokens": 100, "admin": {"path_prefix": "/tollgate/", "bearer_token": "0123456789abcdef-flow"},
        "budgets": [{"name": "user-day", "scope": [{"header": "x-user-id"}], "window": "day", "limit": {"tokens": 200}, "kind": "hard"}]});
    for (k, v) in extra.as_object().unwrap() {
        config[k] = v.clone();
    }
    Engine::new(Policy::from_json(&config.to_string()).unwrap())
}

fn head(path: &str) -> Head<'_> {
    Head {
        method: "POST",
        path,
        content_encoding: None,
        content_length: None,
        authorization: None,
        end_of_stream: false,
        request_id: None,
    }
}

fn chat_body() -> Vec<u8> {
    json!({"model": "gpt-4o", "messages": [{"role": "user", "content": "hello there"}]})
        .to_string()
        .into_bytes()
}

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/responses/{path}",
        concat!(env!("CARGO_MANIFEST_DIR"), "/../..")
    ))
    .unwrap()
}

fn replies(out: &Output) -> Vec<&tollgate_core::reply::Reply> {
    out.effects
        .iter()
        .filter_map(|e| match e {
            Effect::Reply(r) => Some(r),
            _ => None,
        })
        .collect()
}

fn error_code(out: &Output) -> Option<String> {
    let r = replies(out).into_iter().next()?;
    let v: Value = serde_json::from_slice(&r.body).ok()?;
    v["error"]["code"].as_str().map(str::to_string)
}

/// Drives a request through head and body; returns the body step's output.
fn send(w: &Worker, flow: &mut RequestFlow, attrs: &Headers, now: u64, body: &[u8]) -> Output {
    let h = w.step(attrs, now, |e, host| flow.request_head(e, host, &head(CHAT)));
    assert!(replies(&h).is_empty(), "head replied: {h:?}");
    w.step(attrs, now, |e, host| {
        flow.request_body(e, host, body.len(), true, || body.to_vec())
    })
}

fn used(w: &Worker, who: &str, now: u64) -> (u64, u64) {
    let (snap, _, _) = w
        .engine
        .read_budget("user-day", &[who.to_string()], now, w.store)
        .unwrap();
    (snap.used, snap.held)
}

#[test]
fn holding_mode_pauses_the_head_rewrites_the_body_and_settles_to_the_wire() {
    let e = engine(json!({"hold_request_headers": true}));
    let store = MemStore::new();
    let w = Worker::new(&e, &store);
    let alice = user("alice");
    let mut flow = RequestFlow::new(1);
    let h = w.step(&alice, T0, |e, host| flow.request_head(e, host, &head(CHAT)));
    assert_eq!(h.next, Next::Pause);
    assert!(
        h.effects
            .contains(&Effect::SetRequestHeader("accept-encoding", Some("identity".into())))
    );
    let body = chat_body();
    let b = w.step(&alice, T0, |e, host| {
        flow.request_body(e, host, body.len(), true, || body.clone())
    });
    assert_eq!(b.next, Next::Continue);
    // The default output cap is written into the body, and the length follows it.
    let new_body = b
        .effects
        .iter()
        .find_map(|e| match e {
            Effect::ReplaceRequestBody(b) => Some(b.clone()),
            _ => None,
        })
        .unwrap();
    let sent: Value = serde_json::from_slice(&new_body).unwrap();
    assert_eq!(sent["max_completion_tokens"], 100);
    assert!(b.effects.contains(&Effect::SetRequestHeader(
        "content-length",
        Some(new_body.len().to_string())
    )));
    assert!(flow.in_flight());
    assert_eq!(w.in_flight.borrow().len(), 1);

    let r = w.step(&alice, T0 + 1, |e, host| {
        flow.response_head(e, host, Some(200), Some("application/json"), None, false)
    });
    assert!(
        r.effects
            .iter()
            .any(|e| matches!(e, Effect::AddResponseHeader(n, _) if n == "x-tollgate-reserved-tokens"))
    );
    let wire = fixture("openai_chat/basic.json");
    let (first, rest) = wire.split_at(wire.len() / 3);
    w.step(&alice, T0 + 1, |e, host| {
        flow.response_chunk(e, host, false, || first.to_vec())
    });
    assert!(flow.in_flight());
    w.step(&alice, T0 + 2, |e, host| {
        flow.response_chunk(e, host, true, || rest.to_vec())
    });
    assert!(!flow.in_flight());
    assert!(w.in_flight.borrow().is_empty());
    let usage: Value = serde_json::from_slice(&wire).unwrap();
    let total = usage["usage"]["total_tokens"].as_u64().unwrap();
    assert_eq!(used(&w, "alice", T0 + 2), (total, 0));
    // The end callback after a settled response changes nothing.
    let end = w.step(&alice, T0 + 3, |e, host| flow.end(e, host, true));
    assert!(end.effects.is_empty());
    assert_eq!(used(&w, "alice", T0 + 3), (total, 0));
    assert_eq!(w.metrics.count(Metric::ReservationsSettled), 1);
}

#[test]
fn istio_mode_continues_the_head_and_never_touches_headers_afterwards() {
    let e = engine(json!({}));
    let store = MemStore::new();
    let w = Worker::new(&e, &store);
    let alice = user("alice");
    let mut flow = RequestFlow::new(1);
    let h = w.step(&alice, T0, |e, host| flow.request_head(e, host, &head(CHAT)));
    assert_eq!(h.next, Next::Continue);
    assert!(h.effects.contains(&Effect::SetRequestHeader("content-length", None)));
    let body = chat_body();
    let b = w.step(&alice, T0, |e, host| {
        flow.request_body(e, host, body.len(), true, || body.clone())
    });
    assert!(b.effects.iter().any(|e| matches!(e, Effect::ReplaceRequestBody(_))));
    assert!(
        !b.effects.iter().any(|e| matches!(e, Effect::SetRequestHeader(..))),
        "{b:?}"
    );
}

#[test]
fn the_body_is_read_once_at_its_end_and_a_large_one_is_refused_while_buffering() {
    let e = engine(json!({"max_body_bytes": 1000}));
    let store = MemStore::new();
    let w = Worker::new(&e, &store);
    let alice = user("alice");
    let mut flow = RequestFlow::new(1);
    w.step(&alice, T0, |e, host| flow.request_head(e, host, &head(CHAT)));
    let mid = w.step(&alice, T0, |e, host| {
        flow.request_body(e, host, 600, false, || panic!("read before the end"))
    });
    assert_eq!(mid.next, Next::Pause);
    let over = w.step(&alice, T0, |e, host| {
        flow.request_body(e, host, 1200, false, || panic!("read a body too large"))
    });
    assert_eq!(error_code(&over).as_deref(), Some("body_too_large"));
    assert_eq!(w.metrics.count(Metric::RequestsRejected), 1);
}

#[test]
fn two_workers_share_one_budget_and_never_overshoot() {
    let e = engine(json!({}));
    let store = MemStore::new();
    let (w1, w2) = (Worker::new(&e, &store), Worker::new(&e, &store));
    let bob = user("bob");
    let body = chat_body();
    // Worker 1 admits a request (its reservation fits the 200-token limit once).
    let mut a = RequestFlow::new(1);
    assert!(replies(&send(&w1, &mut a, &bob, T0, &body)).is_empty());
    // Worker 2, interleaved: the same user's request must wait for the room.
    let mut b = RequestFlow::new(1);
    assert_eq!(
        error_code(&send(&w2, &mut b, &bob, T0, &body)).as_deref(),
        Some("budget_exceeded")
    );
    // Worker 1's answer settles; worker 2's retry now fits.
    let wire = br#"{"id":"x","object":"chat.completion","choices":[],"usage":{"prompt_tokens":30,"completion_tokens":20,"total_tokens":50}}"#;
    w1.step(&bob, T0 + 1, |e, host| {
        a.response_head(e, host, Some(200), Some("application/json"), None, false)
    });
    w1.step(&bob, T0 + 1, |e, host| {
        a.response_chunk(e, host, true, || wire.to_vec())
    });
    let mut c = RequestFlow::new(2);
    assert!(replies(&send(&w2, &mut c, &bob, T0 + 2, &body)).is_empty());
    let (u, held) = used(&w1, "bob", T0 + 2);
    assert_eq!(u, 50);
    assert!(u + held <= 200);
}

#[test]
fn a_request_that_ends_without_a_response_is_charged_its_reservation() {
    let e = engine(json!({}));
    let store = MemStore::new();
    let w = Worker::new(&e, &store);
    let carol = user("carol");
    let mut flow = RequestFlow::new(9);
    let b = send(&w, &mut flow, &carol, T0, &chat_body());
    assert!(replies(&b).is_empty());
    let (_, held) = used(&w, "carol", T0);
    assert!(held > 0);
    w.step(&carol, T0 + 5, |e, host| flow.end(e, host, true));
    assert_eq!(used(&w, "carol", T0 + 5), (held, 0));
    assert_eq!(w.metrics.count(Metric::SettledCut), 1);
}

#[test]
fn a_head_rejection_reaches_the_labelled_request_counter() {
    let e = engine(json!({}));
    let store = MemStore::new();
    let w = Worker::new(&e, &store);
    let mut flow = RequestFlow::new(1);
    let out = w.step(&user("dan"), T0, |e, host| {
        flow.request_head(e, host, &head("/v1/batches"))
    });
    assert_eq!(out.next, Next::Pause);
    assert_eq!(error_code(&out).as_deref(), Some("unknown_endpoint"));
    assert_eq!(w.metrics.count(Metric::RequestsRejected), 1);
    assert_eq!(decisions(&w.metrics, "rejected"), vec!["unknown_endpoint".to_string()]);
}

#[test]
fn the_admin_path_answers_without_the_upstream_and_needs_the_token() {
    let e = engine(json!({}));
    let store = MemStore::new();
    let w = Worker::new(&e, &store);
    for (auth, status) in [(None, 401), (Some("Bearer 0123456789abcdef-flow"), 200)] {
        let mut flow = RequestFlow::new(1);
        let h = Head {
            method: "GET",
            path: "/tollgate/counters?budget=user-day&key=alice",
            authorization: auth,
            end_of_stream: true,
            request_id: None,
            ..head(CHAT)
        };
        let out = w.step(&user("x"), T0, |e, host| flow.request_head(e, host, &h));
        assert_eq!(replies(&out)[0].status, status);
        assert_eq!(out.next, Next::Pause);
    }
}

#[test]
fn trailers_while_reading_the_body_are_refused() {
    let e = engine(json!({}));
    let store = MemStore::new();
    let w = Worker::new(&e, &store);
    let mut flow = RequestFlow::new(1);
    let alice = user("alice");
    w.step(&alice, T0, |e, host| flow.request_head(e, host, &head(CHAT)));
    w.step(&alice, T0, |e, host| flow.request_body(e, host, 10, false, Vec::new));
    let out = w.step(&alice, T0, |e, host| flow.request_trailers(e, host));
    assert_eq!(error_code(&out).as_deref(), Some("invalid_request"));
}
