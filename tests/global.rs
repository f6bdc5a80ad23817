//! Global budgets through the request state machine (`core::flow`), natively: the reserve
//! call a request makes (checked against the wire contract in docs/quota-api.md), the
//! quota service's answers as the service would send them (admitted, refused, an error,
//! no answer), each failure policy, and the settle and release calls that follow.
//! Usage expected at settlement comes from the committed provider fixture's wire bytes.

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::cell::RefCell;
use std::collections::HashMap;

use serde_json::{Value, json};
use tollgate_core::config::Policy;
use tollgate_core::engine::{Attributes, Engine, InFlight, Metric, Recorder};
use tollgate_core::flow::{Effect, Head, Host, Next, Output, RequestFlow};
use tollgate_core::global::CallKind;
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

const T0: u64 = 1_796_000_000;
const CHAT: &str = "/v1/chat/completions";

fn engine(budgets: Value) -> Engine {
    let config = json!({
        "default_max_output_tokens": 100,
        "global": {"cluster": "quota", "token": "s3cret-token"},
        "budgets": budgets,
    });
    Engine::new(Policy::from_json(&config.to_string()).unwrap())
}

fn team_budget(extra: Value) -> Value {
    let mut b = json!({"name": "team-day", "scope": [{"header": "x-team"}], "window": "day",
                       "limit": {"tokens": 100000}, "kind": "hard", "store": "global"});
    for (k, v) in extra.as_object().unwrap() {
        b[k] = v.clone();
    }
    b
}

struct Run<'a> {
    engine: &'a Engine,
    store: MemStore,
    metrics: Recorder,
    in_flight: RefCell<InFlight>,
    attrs: Headers,
    flow: RequestFlow,
}

impl<'a> Run<'a> {
    fn new(engine: &'a Engine) -> Run<'a> {
        Run {
            engine,
            store: MemStore::new(),
            metrics: Recorder::new(),
            in_flight: RefCell::new(InFlight::new()),
            attrs: Headers(HashMap::from([
                ("x-team".to_string(), "blue".to_string()),
                ("x-user-id".to_string(), "alice".to_string()),
            ])),
            flow: RequestFlow::new(7),
        }
    }

    fn step(&mut self, run: impl FnOnce(&mut RequestFlow, &Engine, &Host) -> Output) -> Output {
        let host = Host {
            attrs: &self.attrs,
            store: &self.store,
            metrics: &self.metrics,
            now: T0,
            in_flight: Some(&self.in_flight),
        };
        run(&mut self.flow, self.engine, &host)
    }

    /// Head and body; returns the body step's output.
    fn send(&mut self, body: &Value) -> Output {
        let head = Head {
            method: "POST",
            path: CHAT,
            content_encoding: None,
            content_length: None,
            authorization: None,
            end_of_stream: false,
            request_id: Some("4f1c7a0e-req"),
        };
        self.step(|f, e, h| f.request_head(e, h, &head));
        let bytes = body.to_string().into_bytes();
        self.step(|f, e, h| f.request_body(e, h, bytes.len(), true, || bytes.clone()))
    }

    /// The request's own worst case, as the engine computes it for `chat()` (the same
    /// ask without leases).
    fn flow_amount_hint(&self) -> u64 {
        let e = engine(json!([team_budget(json!({}))]));
        let mut plain = Run::new(&e);
        let out = plain.send(&chat());
        calls(&out).remove(0).2["budgets"][0]["amount"].as_u64().unwrap()
    }

    fn answer(&mut self, status: Option<u32>, body: &Value) -> Output {
        let bytes = body.to_string().into_bytes();
        self.step(|f, e, h| f.global_answer(e, h, status, &bytes))
    }
}

fn chat() -> Value {
    json!({"model": "gpt-4o", "messages": [{"role": "user", "content": "hello there"}]})
}

/// The calls of an output: (kind, path, JSON body).
fn calls(out: &Output) -> Vec<(CallKind, &'static str, Value)> {
    out.effects
        .iter()
        .filter_map(|e| match e {
            Effect::Call(c) => Some((c.kind, c.path, serde_json::from_slice(&c.body).unwrap())),
            _ => None,
        })
        .collect()
}

fn reply_of(out: &Output) -> (u32, Value) {
    out.effects
        .iter()
        .find_map(|e| match e {
            Effect::Reply(r) => Some((r.status, serde_json::from_slice(&r.body).unwrap())),
            _ => None,
        })
        .expect("a reply")
}

/// The service's answer to a reserve, as docs/quota-api.md writes it.
fn admitted(ask: &Value, used: u64) -> Value {
    let budgets: Vec<Value> = ask["budgets"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, b)| {
            json!({"slot": format!("slot-{i}"), "admitted": true, "limit": b["limit"], "used": used,
                   "held": b["amount"], "reset_at": T0 - T0 % 86_400 + 86_400})
        })
        .collect();
    json!({"id": ask["id"], "admitted": true, "refused_by": null, "budgets": budgets})
}

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/responses/{path}",
        concat!(env!("CARGO_MANIFEST_DIR"), "/../..")
    ))
    .unwrap()
}

fn header<'o>(out: &'o Output, name: &str) -> Vec<&'o str> {
    out.effects
        .iter()
        .filter_map(|e| match e {
            Effect::AddResponseHeader(n, v) if n == name => Some(v.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_global_budget_asks_then_settles_the_reported_usage() {
    let e = engine(json!([team_budget(json!({}))]));
    let mut run = Run::new(&e);
    let out = run.send(&chat());
    assert_eq!(out.next, Next::Pause);
    assert!(run.flow.asking());
    let sent = calls(&out);
    assert_eq!(sent.len(), 1, "{out:?}");
    let (kind, path, ask) = &sent[0];
    assert_eq!((*kind, *path), (CallKind::Reserve, "/v1/reserve"));
    // The wire contract: an id made from the request id, the budget's counter and window
    // in the config's form, the limit, and an amount (the request's worst case).
    assert_eq!(ask["id"], "4f1c7a0e-req.7");
    assert_eq!(ask["hold_seconds"], 900);
    let b = &ask["budgets"][0];
    assert!(b["counter"].as_str().unwrap().starts_with("team-day\u{1f}"), "{b}");
    assert!(b["counter"].as_str().unwrap().contains("blue"), "{b}");
    assert_eq!(b["window"], "day");
    assert_eq!(b["limit"], 100000);
    let amount = b["amount"].as_u64().unwrap();
    assert!(amount > 100, "input plus the default output cap: {amount}");
    assert_eq!(
        run.metrics.count(Metric::RequestsAllowed),
        0,
        "no verdict before the answer"
    );

    let out = run.answer(Some(200), &admitted(ask, 40_000));
    assert_eq!(out.next, Next::Continue, "{out:?}");
    assert!(run.flow.in_flight());
    assert_eq!(run.metrics.count(Metric::RequestsAllowed), 1);
    assert_eq!(
        run.flow.admitted().unwrap().ticket.reserved_tokens,
        amount,
        "the ticket reserves what was asked"
    );

    let head = run.step(|f, e, h| f.response_head(e, h, Some(200), Some("application/json"), None, false));
    // RateLimit headers show the service's counter, not this Envoy's (empty) one.
    let remaining = header(&head, "x-ratelimit-remaining-tokens");
    let expect = (100_000 - 40_000 - amount).to_string();
    assert!(
        remaining.contains(&expect.as_str()) || head.effects.iter().any(|e| format!("{e:?}").contains(&expect)),
        "{head:?}"
    );
    let wire = fixture("openai_chat/basic.json");
    let out = run.step(|f, e, h| f.response_chunk(e, h, true, || wire.clone()));
    let settled = calls(&out);
    assert_eq!(settled.len(), 1, "{out:?}");
    let (kind, path, body) = &settled[0];
    assert_eq!((*kind, *path), (CallKind::Settle, "/v1/settle"));
    let usage: Value = serde_json::from_slice(&wire).unwrap();
    assert_eq!(body["id"], "4f1c7a0e-req.7");
    assert_eq!(
        body["charges"],
        json!([{"slot": "slot-0", "amount": usage["usage"]["total_tokens"]}])
    );
    // This Envoy's ledger holds nothing for a global budget.
    assert_eq!(run.store.keys(), 0);
    let end = run.step(|f, e, h| f.end(e, h, true));
    assert!(calls(&end).is_empty(), "settled once");
}

#[test]
fn a_refusal_from_the_service_is_a_provider_shaped_429_and_nothing_to_release() {
    let e = engine(json!([team_budget(json!({}))]));
    let mut run = Run::new(&e);
    let out = run.send(&chat());
    let ask = calls(&out).remove(0).2;
    let answer = json!({"id": ask["id"], "admitted": false, "refused_by": 0,
        "budgets": [{"slot": "s", "admitted": false, "limit": 100000, "used": 99990, "held": 0, "reset_at": T0 + 100}]});
    let out = run.answer(Some(200), &answer);
    let (status, body) = reply_of(&out);
    assert_eq!(status, 429);
    assert_eq!(body["error"]["code"], "budget_exceeded");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("team-day"),
        "{body}"
    );
    assert!(calls(&out).is_empty(), "the service released its holds itself");
    assert_eq!(run.metrics.count(Metric::RequestsRejected), 1);
}

#[test]
fn closed_retries_once_then_refuses_with_a_503() {
    let e = engine(json!([team_budget(json!({}))]));
    let mut run = Run::new(&e);
    let out = run.send(&chat());
    let first = calls(&out).remove(0).2;
    let out = run.answer(None, &json!(null));
    assert_eq!(out.next, Next::Pause);
    let again = calls(&out);
    assert_eq!(again.len(), 1, "one retry: {out:?}");
    assert_eq!(again[0].2, first, "the same id and amounts (reserve is idempotent)");
    let out = run.answer(
        Some(503),
        &json!({"error": {"code": "redis_unavailable", "message": "x"}}),
    );
    let (status, body) = reply_of(&out);
    assert_eq!(status, 503);
    assert_eq!(body["error"]["code"], "quota_unavailable");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("on_unavailable: closed"),
        "{body}"
    );
    assert_eq!(run.metrics.count(Metric::GlobalUnavailable), 1);
    assert_eq!(run.metrics.count(Metric::RequestsRejected), 1);
}

#[test]
fn open_admits_with_a_warning_and_settles_nothing_globally() {
    let e = engine(json!([team_budget(json!({"on_unavailable": "open"}))]));
    let mut run = Run::new(&e);
    run.send(&chat());
    run.answer(None, &json!(null));
    let out = run.answer(None, &json!(null));
    assert_eq!(out.next, Next::Continue, "{out:?}");
    let warnings = &run.flow.admitted().unwrap().warnings;
    assert!(warnings.iter().any(|w| w.contains("not enforced")), "{warnings:?}");
    assert_eq!(run.metrics.count(Metric::GlobalFailOpen), 1);
    let out = run.step(|f, e, h| f.response_head(e, h, Some(200), Some("application/json"), None, false));
    assert!(
        header(&out, "x-tollgate-warning")
            .iter()
            .any(|w| w.contains("not enforced"))
    );
    let wire = fixture("openai_chat/basic.json");
    let out = run.step(|f, e, h| f.response_chunk(e, h, true, || wire.clone()));
    assert!(calls(&out).is_empty(), "{out:?}");
}

#[test]
fn local_enforces_this_envoys_share_until_the_service_is_back() {
    // 1 % of 100 000 tokens: 1 000 here, in this Envoy's shared data.
    let e = engine(json!([team_budget(
        json!({"on_unavailable": "local", "local_share_percent": 1})
    )]));
    let mut run = Run::new(&e);
    let mut admitted_requests = 0;
    let mut refused = 0;
    for i in 0..30 {
        run.flow = RequestFlow::new(100 + i);
        run.send(&json!({"model": "gpt-4o", "max_tokens": 200, "messages": [{"role": "user", "content": "hi"}]}));
        run.answer(None, &json!(null));
        let out = run.answer(None, &json!(null));
        match out.next {
            Next::Continue => admitted_requests += 1,
            Next::Pause => {
                let (status, body) = reply_of(&out);
                assert_eq!((status, body["error"]["code"].as_str()), (429, Some("budget_exceeded")));
                refused += 1;
            }
        }
        // Still in flight: each admitted request keeps its ~210-token hold.
    }
    assert!(
        (1..=4).contains(&admitted_requests),
        "{admitted_requests} × ~210 tokens in a 1 000 share"
    );
    assert_eq!(admitted_requests + refused, 30);
    assert_eq!(run.metrics.count(Metric::GlobalFailLocal), admitted_requests);
}

#[test]
fn a_local_budget_refusing_after_the_service_admitted_releases_the_global_holds() {
    let e = engine(json!([
        team_budget(json!({})),
        {"name": "user-req", "scope": [{"header": "x-user-id"}], "window": "request", "limit": {"tokens": 20}, "kind": "hard"}
    ]));
    let mut run = Run::new(&e);
    let out = run.send(&chat());
    // A per-request limit of 20 tokens refuses before any call is made.
    let (status, _) = reply_of(&out);
    assert_eq!(status, 429);
    assert!(calls(&out).is_empty());

    let e = engine(json!([
        team_budget(json!({})),
        {"name": "user-minute", "scope": [{"header": "x-user-id"}], "window": "minute", "limit": {"tokens": 150}, "kind": "hard"}
    ]));
    let mut run = Run::new(&e);
    let out = run.send(&chat());
    let ask = calls(&out).remove(0).2;
    // Meanwhile another request of this user took the local minute budget.
    let mut other = Run::new(&e);
    other.store = MemStore::new();
    std::mem::swap(&mut other.store, &mut run.store);
    let out2 = other.send(&chat());
    let ask2 = calls(&out2).remove(0).2;
    let ok = other.answer(Some(200), &admitted(&ask2, 0));
    assert_eq!(ok.next, Next::Continue);
    std::mem::swap(&mut other.store, &mut run.store);
    let out = run.answer(Some(200), &admitted(&ask, 0));
    let (status, body) = reply_of(&out);
    assert_eq!(status, 429, "{body}");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("user-minute"),
        "{body}"
    );
    let released = calls(&out);
    assert_eq!(released.len(), 1, "{out:?}");
    assert_eq!(released[0].1, "/v1/release");
    assert_eq!(released[0].2, json!({"id": ask["id"], "slots": ["slot-0"]}));
}

#[test]
fn an_answer_for_another_reservation_is_no_answer() {
    let e = engine(json!([team_budget(json!({}))]));
    let mut run = Run::new(&e);
    let out = run.send(&chat());
    let mut ask = calls(&out).remove(0).2;
    ask["id"] = json!("someone-else.1");
    // Not retried: the service answered, for someone else.
    let out = run.answer(Some(200), &admitted(&ask, 0));
    assert_eq!(reply_of(&out).0, 503);
    assert!(calls(&out).is_empty());
}

#[test]
fn the_configuration_names_what_is_wrong() {
    let err = |config: Value| Policy::from_json(&config.to_string()).unwrap_err().to_string();
    let b = team_budget(json!({}));
    let e = err(json!({"budgets": [b]}));
    assert!(e.contains("budgets[0].store") && e.contains("global"), "{e}");
    let mut r = team_budget(json!({}));
    r["window"] = json!("request");
    let e = err(json!({"global": {"cluster": "q", "token": "t"}, "budgets": [r]}));
    assert!(e.contains("budgets[0].store"), "{e}");
    let e = err(
        json!({"global": {"cluster": "q", "token": "t"}, "budgets": [team_budget(json!({"on_unavailable": "local"}))]}),
    );
    assert!(e.contains("budgets[0].local_share_percent"), "{e}");
    let e = err(json!({"global": {"cluster": "q", "token": "t", "timeout_ms": 0}}));
    assert!(e.contains("global.timeout_ms"), "{e}");
    let e = err(json!({"global": {"cluster": "q", "token": "t", "extra": 1}}));
    assert!(e.contains("global"), "{e}");
    let mut l = team_budget(json!({"on_unavailable": "open"}));
    l["store"] = json!("local");
    let e = err(json!({"global": {"cluster": "q", "token": "t"}, "budgets": [l]}));
    assert!(e.contains("budgets[0].on_unavailable"), "{e}");
}

#[test]
fn the_admin_read_out_of_a_global_budget_asks_the_service() {
    let config = json!({
        "hold_request_headers": true,
        "admin": {"path_prefix": "/tollgate/", "bearer_token": "0123456789abcdef-admin"},
        "global": {"cluster": "quota", "token": "s3cret-token"},
        "budgets": [team_budget(json!({}))],
    });
    let e = Engine::new(Policy::from_json(&config.to_string()).unwrap());
    let mut run = Run::new(&e);
    let head = Head {
        method: "GET",
        path: "/tollgate/counters?budget=team-day&key=blue",
        content_encoding: None,
        content_length: None,
        authorization: Some("Bearer 0123456789abcdef-admin"),
        end_of_stream: true,
        request_id: None,
    };
    let out = run.step(|f, e, h| f.request_head(e, h, &head));
    assert_eq!(out.next, Next::Pause);
    let sent = calls(&out);
    assert_eq!(sent.len(), 1);
    assert_eq!((sent[0].0, sent[0].1), (CallKind::Readout, "/v1/readout"));
    assert_eq!(
        sent[0].2,
        json!({"budgets": [{"counter": "team-day\u{1f}blue", "window": "day", "limit": 100000}]})
    );
    let answer = json!({"budgets": [{"slot": "s", "limit": 100000, "used": 1234, "held": 56, "reset_at": T0 + 600}]});
    let out = run.answer(Some(200), &answer);
    let (status, body) = reply_of(&out);
    assert_eq!(status, 200);
    assert_eq!(
        (body["used"].as_u64(), body["reserved"].as_u64()),
        (Some(1234), Some(56))
    );
    assert_eq!(body["remaining"], 100000 - 1234 - 56);

    // A wrong token is answered at once, as for local budgets.
    let mut run = Run::new(&e);
    let bad = Head {
        authorization: Some("Bearer nope"),
        ..head
    };
    let out = run.step(|f, e, h| f.request_head(e, h, &bad));
    assert_eq!(reply_of(&out).0, 401);

    // Istio's mode cannot hold the head for the answer: a clear 501.
    let mut config = config;
    config["hold_request_headers"] = json!(false);
    let e = Engine::new(Policy::from_json(&config.to_string()).unwrap());
    let mut run = Run::new(&e);
    let out = run.step(|f, e, h| f.request_head(e, h, &head));
    assert_eq!(reply_of(&out).0, 501);
}

fn lease_engine() -> Engine {
    let config = json!({
        "default_max_output_tokens": 100,
        "global": {"cluster": "quota", "token": "s3cret-token", "lease": {"percent": 5, "seconds": 10}},
        "budgets": [team_budget(json!({}))],
    });
    Engine::new(Policy::from_json(&config.to_string()).unwrap())
}

#[test]
fn a_lease_admits_later_requests_without_a_call_and_settles_once_when_it_ends() {
    let e = lease_engine();
    let mut run = Run::new(&e);
    let out = run.send(&chat());
    let ask = calls(&out).remove(0).2;
    let amount = ask["budgets"][0]["amount"].as_u64().unwrap();
    // The request's worst case plus 5 % of the 100 000-token limit.
    let request = run.flow_amount_hint();
    assert_eq!(amount, request + 5_000, "{ask}");
    let out = run.answer(Some(200), &admitted(&ask, 0));
    assert_eq!(out.next, Next::Continue);
    assert_eq!(run.metrics.count(Metric::GlobalLeases), 1);
    let wire = fixture("openai_chat/basic.json");
    let usage: Value = serde_json::from_slice(&wire).unwrap();
    let total = usage["usage"]["total_tokens"].as_u64().unwrap();
    run.step(|f, e, h| f.response_head(e, h, Some(200), Some("application/json"), None, false));
    let out = run.step(|f, e, h| f.response_chunk(e, h, true, || wire.clone()));
    assert!(calls(&out).is_empty(), "counted into the lease: {out:?}");

    // Two more requests: admitted on the lease, no call at all.
    for n in 0..2 {
        run.flow = RequestFlow::new(20 + n);
        let out = run.send(&chat());
        assert_eq!(out.next, Next::Continue, "{out:?}");
        assert!(calls(&out).is_empty(), "{out:?}");
        assert_eq!(
            run.flow.admitted().unwrap().ticket.reservation.as_deref(),
            Some("4f1c7a0e-req.7")
        );
        run.step(|f, e, h| f.response_head(e, h, Some(200), Some("application/json"), None, false));
        let out = run.step(|f, e, h| f.response_chunk(e, h, true, || wire.clone()));
        assert!(calls(&out).is_empty());
    }
    assert_eq!(run.metrics.count(Metric::GlobalLeaseAdmits), 2);
    // Before its end the lease settles nothing; at its end, once, with all three usages.
    assert!(run.in_flight.borrow_mut().leases.expired(T0 + 9).is_empty());
    let ended = run.in_flight.borrow_mut().leases.expired(T0 + 10);
    assert_eq!(ended.len(), 1);
    let body: Value = serde_json::from_slice(&ended[0].body).unwrap();
    assert_eq!(ended[0].path, "/v1/settle");
    assert_eq!(
        body,
        json!({"id": "4f1c7a0e-req.7", "charges": [{"slot": "slot-0", "amount": 3 * total}]})
    );
    assert!(run.in_flight.borrow().leases.is_empty());
}

#[test]
fn a_lease_without_room_sends_the_request_to_the_service_and_near_the_limit_leases_shrink() {
    let e = lease_engine();
    let mut run = Run::new(&e);
    let out = run.send(&chat());
    let ask = calls(&out).remove(0).2;
    // Refused with the lease's room on top: asked again for the request alone, new id.
    let refused = json!({"id": ask["id"], "admitted": false, "refused_by": 0,
        "budgets": [{"slot": "slot-0", "admitted": false, "limit": 100000, "used": 97000, "held": 0, "reset_at": T0 + 60}]});
    let out = run.answer(Some(200), &refused);
    let again = calls(&out);
    assert_eq!(again.len(), 1, "{out:?}");
    let alone = &again[0].2;
    assert_eq!(alone["id"], format!("{}.r", ask["id"].as_str().unwrap()));
    assert_eq!(
        alone["budgets"][0]["amount"].as_u64().unwrap() + 5_000,
        ask["budgets"][0]["amount"].as_u64().unwrap()
    );
    let out = run.answer(Some(200), &admitted(alone, 97000));
    assert_eq!(out.next, Next::Continue);
    assert_eq!(run.metrics.count(Metric::GlobalLeases), 0, "no room asked, no lease");
    // The next ask's lease is at most a quarter of the room the service reported.
    run.flow = RequestFlow::new(30);
    let out = run.send(&chat());
    let next = calls(&out).remove(0).2;
    let room = 100_000 - 97_000 - alone["budgets"][0]["amount"].as_u64().unwrap();
    let extra = next["budgets"][0]["amount"].as_u64().unwrap() - alone["budgets"][0]["amount"].as_u64().unwrap();
    assert!(extra <= room / 4, "extra {extra} of room {room}");
}

#[test]
fn a_request_refused_locally_gives_its_share_back_to_the_lease() {
    let config = json!({
        "default_max_output_tokens": 100,
        "global": {"cluster": "quota", "token": "s3cret-token", "lease": {"percent": 1, "seconds": 10}},
        "budgets": [team_budget(json!({})),
            {"name": "user-minute", "scope": [{"header": "x-user-id"}], "window": "minute", "limit": {"tokens": 250}, "kind": "hard"}],
    });
    let e = Engine::new(Policy::from_json(&config.to_string()).unwrap());
    let mut run = Run::new(&e);
    let out = run.send(&chat());
    let ask = calls(&out).remove(0).2;
    assert_eq!(run.answer(Some(200), &admitted(&ask, 0)).next, Next::Continue);
    run.flow = RequestFlow::new(8);
    assert_eq!(run.send(&chat()).next, Next::Continue, "on the lease");
    // The third is refused by the local minute budget: nothing stays taken from the lease.
    run.flow = RequestFlow::new(9);
    let out = run.send(&chat());
    assert_eq!(reply_of(&out).0, 429);
    assert!(calls(&out).is_empty());
    assert_eq!(run.metrics.count(Metric::GlobalLeaseAdmits), 1);
}
