//! The decision pipeline end to end in the core: in-memory store, simulated clock, fake
//! attributes. No host.

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;

use serde_json::{Value, json};
use tollgate_core::api::Endpoint;
use tollgate_core::config::Policy;
use tollgate_core::engine::{
    Attributes, BodyVerdict, Concluded, Destination, Engine, HeadVerdict, Host, Metric, Recorder, RequestHead,
    Settlement, Ticket,
};
use tollgate_core::reply::Reply;
use tollgate_core::store::MemStore;
use tollgate_core::usage::Usage;

type TestResult = Result<(), Box<dyn std::error::Error>>;

#[derive(Default)]
struct Headers(HashMap<String, String>);

impl Headers {
    fn with(pairs: &[(&str, &str)]) -> Headers {
        Headers(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }
}

impl Attributes for Headers {
    fn header(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }
    fn property(&self, path: &[String]) -> Option<String> {
        self.0.get(&path.join(".")).cloned()
    }
}

const CHAT: &str = "/v1/chat/completions";

fn dest(e: &Engine) -> Destination {
    let head = RequestHead {
        method: "POST",
        path: CHAT,
        content_encoding: None,
        content_length: None,
        has_body: true,
    };
    match e.on_head(&head) {
        HeadVerdict::ReadBody(d) => *d,
        other => panic!("head: {other:?}"),
    }
}

fn decide(e: &Engine, body: &[u8], attrs: &dyn Attributes, now: u64, store: &MemStore, m: &Recorder) -> BodyVerdict {
    e.decide(
        &dest(e),
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

const T0: u64 = 1_796_000_000; // 2026-11-30T00:53:20Z

fn engine(config: Value) -> Engine {
    match Policy::from_json(&config.to_string()) {
        Ok(p) => Engine::new(p),
        Err(e) => panic!("config: {e}"),
    }
}

fn chat(model: &str, text: &str, extra: Value) -> Vec<u8> {
    let mut body = json!({"model": model, "messages": [{"role": "user", "content": text}]});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    serde_json::to_vec(&body).unwrap_or_default()
}

fn admitted(v: BodyVerdict) -> Box<tollgate_core::engine::Admission> {
    match v {
        BodyVerdict::Forward(a) => a,
        BodyVerdict::Reject(r) => panic!("rejected: {} {}", r.status, String::from_utf8_lossy(&r.body)),
        BodyVerdict::PassUncounted(why) => panic!("passed uncounted: {why}"),
        BodyVerdict::Ask(_) => panic!("asked the quota service"),
    }
}

fn rejected(v: BodyVerdict) -> Reply {
    match v {
        BodyVerdict::Reject(r) => r,
        BodyVerdict::Forward(a) => panic!("admitted: {:?}", a.response_headers),
        BodyVerdict::PassUncounted(why) => panic!("passed uncounted: {why}"),
        BodyVerdict::Ask(_) => panic!("asked the quota service"),
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn body_json(r: &Reply) -> Value {
    serde_json::from_slice(&r.body).unwrap_or(Value::Null)
}

fn usage(input: u64, output: u64) -> Usage {
    Usage {
        input_tokens: input,
        output_tokens: output,
        ..Usage::default()
    }
}

fn settle(e: &Engine, t: &Ticket, s: Settlement, now: u64, store: &MemStore) {
    e.settle(t, &Concluded::from(s), now, store, &Recorder::new());
}

#[test]
fn hard_token_budget_reserves_settles_and_rejects_with_openai_error() -> TestResult {
    let e = engine(json!({"default_max_output_tokens": 100, "budgets": [
        {"name": "user-minute", "scope": [{"header": "x-user-id"}], "window": "minute", "limit": {"tokens": 300}, "kind": "hard"}]}));
    let store = MemStore::new();
    let attrs = Headers::with(&[("x-user-id", "alice")]);
    let m = Recorder::new();
    let a = admitted(e.decide(
        &dest(&e),
        CHAT,
        &chat("gpt-4o", "hello", json!({})),
        &Host {
            attrs: &attrs,
            now: T0,
            store: &store,
            metrics: &m,
            in_flight: None,
        },
    ));
    let input = a.ticket.input.total();
    assert_eq!(a.ticket.reserved_tokens, a.ticket.input_reserved + 100);
    // The default cap was written into the body as max_completion_tokens.
    let sent: Value = serde_json::from_slice(&a.body.clone().unwrap_or_default())?;
    assert_eq!(sent["max_completion_tokens"], 100);
    assert_eq!(
        header(&a.response_headers, "x-tollgate-input-tokens"),
        Some(input.to_string().as_str())
    );
    // Two more reservations fit 300 only if settled first: the second one must fail now.
    let b = admitted(e.decide(
        &dest(&e),
        CHAT,
        &chat("gpt-4o", "hello", json!({})),
        &Host {
            attrs: &attrs,
            now: T0,
            store: &store,
            metrics: &m,
            in_flight: None,
        },
    ));
    let r = rejected(e.decide(
        &dest(&e),
        CHAT,
        &chat("gpt-4o", "hello", json!({})),
        &Host {
            attrs: &attrs,
            now: T0,
            store: &store,
            metrics: &m,
            in_flight: None,
        },
    ));
    assert_eq!(r.status, 429);
    let v = body_json(&r);
    assert_eq!(v["error"]["code"], "budget_exceeded");
    assert_eq!(v["error"]["tollgate"]["rule"], "user-minute");
    assert_eq!(v["error"]["tollgate"]["limit"], 300);
    assert!(v["error"]["message"].as_str().unwrap_or("").contains("user-minute"));
    assert_eq!(header(&r.headers, "x-should-retry"), Some("false"));
    // The minute resets within 120 s: Retry-After is set.
    assert!(header(&r.headers, "retry-after").is_some());
    assert!(header(&r.headers, "ratelimit").is_some_and(|h| h.starts_with("\"user-minute\";r=")));
    // Settle both to small usage: room again.
    settle(&e, &a.ticket, Settlement::Usage(usage(input, 5)), T0 + 1, &store);
    settle(&e, &b.ticket, Settlement::Usage(usage(input, 5)), T0 + 1, &store);
    admitted(e.decide(
        &dest(&e),
        CHAT,
        &chat("gpt-4o", "hello", json!({})),
        &Host {
            attrs: &attrs,
            now: T0 + 2,
            store: &store,
            metrics: &m,
            in_flight: None,
        },
    ));
    let (snap, _, _) = e
        .read_budget("user-minute", &["alice".into()], T0 + 2, &store)
        .ok_or("no budget")?;
    assert_eq!(snap.used, 2 * (input + 5));
    Ok(())
}

#[test]
fn no_hard_budget_is_overshot_by_concurrent_requests() -> TestResult {
    let e = engine(json!({"budgets": [
        {"name": "global", "window": "day", "limit": {"usd": "0.05"}, "kind": "hard"}]}));
    let store = MemStore::new();
    let attrs = Headers::default();
    let m = Recorder::new();
    let mut open = Vec::new();
    // Many requests in flight at once (none settled yet).
    for i in 0..200 {
        if let BodyVerdict::Forward(a) = e.decide(
            &dest(&e),
            CHAT,
            &chat("gpt-4o", &format!("question {i}"), json!({"max_tokens": 200})),
            &Host {
                attrs: &attrs,
                now: T0,
                store: &store,
                metrics: &m,
                in_flight: None,
            },
        ) {
            open.push(a.ticket);
        }
    }
    let reserved: u64 = open.iter().map(|t| t.reserved_nanos).sum();
    assert!(!open.is_empty() && open.len() < 200, "{} admitted", open.len());
    assert!(reserved <= 50_000_000, "reserved {reserved}");
    // Each settles to its full reservation at most: the counter stays within the limit.
    for t in &open {
        settle(
            &e,
            t,
            Settlement::Usage(usage(t.input.total(), t.output_cap)),
            T0 + 1,
            &store,
        );
    }
    let (snap, _, _) = e.read_budget("global", &[], T0 + 1, &store).ok_or("no budget")?;
    assert!(snap.used <= 50_000_000 && snap.held == 0, "{snap:?}");
    Ok(())
}

#[test]
fn soft_budget_warns_but_passes() -> TestResult {
    let e = engine(json!({"budgets": [
        {"name": "team", "scope": [{"header": "x-feature"}], "window": "day", "limit": {"tokens": 10}, "kind": "soft"}]}));
    let store = MemStore::new();
    let m = Recorder::new();
    let a = admitted(e.decide(
        &dest(&e),
        CHAT,
        &chat("gpt-4o", "hello there", json!({"max_tokens": 50})),
        &Host {
            attrs: &Headers::with(&[("x-feature", "search")]),
            now: T0,
            store: &store,
            metrics: &m,
            in_flight: None,
        },
    ));
    assert!(header(&a.response_headers, "x-tollgate-warning").is_some_and(|w| w.starts_with("team:")));
    assert_eq!(m.count(Metric::RequestsWarned), 1);
    // Without the header, the soft budget is skipped (its default on_missing).
    let b = admitted(e.decide(
        &dest(&e),
        CHAT,
        &chat("gpt-4o", "hello", json!({"max_tokens": 50})),
        &Host {
            attrs: &Headers::default(),
            now: T0,
            store: &store,
            metrics: &m,
            in_flight: None,
        },
    ));
    assert!(header(&b.response_headers, "x-tollgate-warning").is_none());
    Ok(())
}

#[test]
fn missing_scope_attribute_rejects_shares_or_skips() -> TestResult {
    let store = MemStore::new();
    let m = Recorder::new();
    let body = chat("gpt-4o", "hi", json!({"max_tokens": 10}));
    let reject = engine(
        json!({"budgets": [{"name": "u", "scope": [{"header": "x-user-id"}], "window": "day", "limit": {"tokens": 1000}, "kind": "hard"}]}),
    );
    let r = rejected(reject.decide(
        &dest(&reject),
        CHAT,
        &body,
        &Host {
            attrs: &Headers::default(),
            now: T0,
            store: &store,
            metrics: &m,
            in_flight: None,
        },
    ));
    assert_eq!(r.status, 400);
    assert_eq!(body_json(&r)["error"]["code"], "missing_scope_attribute");
    let shared = engine(
        json!({"budgets": [{"name": "u", "scope": [{"header": "x-user-id"}], "window": "day", "limit": {"tokens": 1000}, "kind": "hard", "on_missing": "shared"}]}),
    );
    let a = admitted(shared.decide(
        &dest(&shared),
        CHAT,
        &body,
        &Host {
            attrs: &Headers::default(),
            now: T0,
            store: &store,
            metrics: &m,
            in_flight: None,
        },
    ));
    let (snap, _, _) = shared
        .read_budget("u", &["\u{1}shared".into()], T0, &store)
        .ok_or("no budget")?;
    assert_eq!(snap.held, a.ticket.reserved_tokens);
    let skip = engine(
        json!({"budgets": [{"name": "u", "scope": [{"header": "x-user-id"}], "window": "day", "limit": {"tokens": 1}, "kind": "hard", "on_missing": "skip"}]}),
    );
    admitted(skip.decide(
        &dest(&skip),
        CHAT,
        &body,
        &Host {
            attrs: &Headers::default(),
            now: T0,
            store: &store,
            metrics: &m,
            in_flight: None,
        },
    ));
    Ok(())
}

#[test]
fn routing_alias_header_and_downgrade_follow_through_to_prices() -> TestResult {
    let e = engine(json!({"budgets": [
            {"name": "team", "scope": [{"header": "x-team"}], "window": "day", "limit": {"usd": "1"}, "kind": "hard"}],
        "routing": [
            {"name": "alias-fast", "when": {"model": ["fast"]}, "model": "gpt-4o-mini"},
            {"name": "free-tier", "when": {"header": {"name": "x-user-tier", "value": "free"}}, "model": "gpt-4o-mini"},
            {"name": "low-budget", "when": {"model": ["gpt-4o"], "budget_below_percent": {"budget": "team", "percent": 20}}, "model": "gpt-4o-mini"}]}));
    let store = MemStore::new();
    let m = Recorder::new();
    let team = Headers::with(&[("x-team", "a")]);
    let a = admitted(e.decide(
        &dest(&e),
        CHAT,
        &chat("fast", "hi", json!({"max_tokens": 10})),
        &Host {
            attrs: &team,
            now: T0,
            store: &store,
            metrics: &m,
            in_flight: None,
        },
    ));
    assert_eq!(a.ticket.model, "gpt-4o-mini");
    assert_eq!(header(&a.response_headers, "x-tollgate-model"), Some("gpt-4o-mini"));
    let sent: Value = serde_json::from_slice(&a.body.clone().unwrap_or_default())?;
    assert_eq!(sent["model"], "gpt-4o-mini");
    let free = Headers::with(&[("x-team", "a"), ("x-user-tier", "free")]);
    assert_eq!(
        admitted(e.decide(
            &dest(&e),
            CHAT,
            &chat("gpt-4o", "hi", json!({"max_tokens": 10})),
            &Host {
                attrs: &free,
                now: T0,
                store: &store,
                metrics: &m,
                in_flight: None
            }
        ))
        .ticket
        .model,
        "gpt-4o-mini"
    );
    // Plenty of budget: gpt-4o stays.
    let big = admitted(e.decide(
        &dest(&e),
        CHAT,
        &chat("gpt-4o", "hi", json!({"max_tokens": 10})),
        &Host {
            attrs: &team,
            now: T0,
            store: &store,
            metrics: &m,
            in_flight: None,
        },
    ));
    assert_eq!(big.ticket.model, "gpt-4o");
    assert!(
        big.body.is_none(),
        "nothing to rewrite when the client sent a cap and the model stays"
    );
    // Spend 85% of the budget: now gpt-4o is downgraded.
    settle(
        &e,
        &big.ticket,
        Settlement::Usage(usage(85_000, 63_750)),
        T0 + 1,
        &store,
    ); // 0.2125 + 0.6375 = $0.85
    let low = admitted(e.decide(
        &dest(&e),
        CHAT,
        &chat("gpt-4o", "hi", json!({"max_tokens": 10})),
        &Host {
            attrs: &team,
            now: T0 + 2,
            store: &store,
            metrics: &m,
            in_flight: None,
        },
    ));
    assert_eq!(low.ticket.model, "gpt-4o-mini");
    assert_eq!(header(&low.response_headers, "x-tollgate-route"), Some("low-budget"));
    // The mini's prices were used for the reservation.
    assert!(low.ticket.rates.output < big.ticket.rates.output);
    Ok(())
}

#[test]
fn lower_output_cap_instead_of_rejecting() -> TestResult {
    let e = engine(
        json!({"on_hard_limit": "lower_output_cap", "min_output_tokens": 16, "budgets": [
        {"name": "req", "window": "request", "limit": {"tokens": 200}, "kind": "hard"}]}),
    );
    let store = MemStore::new();
    let m = Recorder::new();
    let a = admitted(e.decide(
        &dest(&e),
        CHAT,
        &chat("gpt-4o", "hello", json!({"max_tokens": 1000})),
        &Host {
            attrs: &Headers::default(),
            now: T0,
            store: &store,
            metrics: &m,
            in_flight: None,
        },
    ));
    let sent: Value = serde_json::from_slice(&a.body.clone().unwrap_or_default())?;
    // Lowered in the field the client used.
    assert_eq!(sent["max_tokens"], 200 - a.ticket.input_reserved);
    assert!(sent.get("max_completion_tokens").is_none());
    assert_eq!(m.count(Metric::OutputCapLowered), 1);
    // When even the minimum does not fit, it is rejected.
    let long = "word ".repeat(400);
    let r = rejected(e.decide(
        &dest(&e),
        CHAT,
        &chat("gpt-4o", &long, json!({"max_tokens": 1000})),
        &Host {
            attrs: &Headers::default(),
            now: T0,
            store: &store,
            metrics: &m,
            in_flight: None,
        },
    ));
    assert_eq!(body_json(&r)["error"]["tollgate"]["rule"], "req");
    assert!(header(&r.headers, "retry-after").is_none());
    Ok(())
}

#[test]
fn the_strictest_failing_budget_decides() -> TestResult {
    let e = engine(json!({"budgets": [
        {"name": "loose", "window": "day", "limit": {"tokens": 150}, "kind": "hard"},
        {"name": "tight", "window": "hour", "limit": {"tokens": 120}, "kind": "hard"}]}));
    let r = rejected(e.decide(
        &dest(&e),
        CHAT,
        &chat("gpt-4o", "hi", json!({"max_tokens": 500})),
        &Host {
            attrs: &Headers::default(),
            now: T0,
            store: &MemStore::new(),
            metrics: &Recorder::new(),
            in_flight: None,
        },
    ));
    assert_eq!(body_json(&r)["error"]["tollgate"]["rule"], "tight");
    Ok(())
}

#[test]
fn unknown_models_are_rejected_or_priced_as_configured() -> TestResult {
    let store = MemStore::new();
    let m = Recorder::new();
    let body = chat("my-private-llm", "hi", json!({"max_tokens": 10}));
    let r = rejected(decide(&engine(json!({})), &body, &Headers::default(), T0, &store, &m));
    assert_eq!(body_json(&r)["error"]["code"], "unknown_model");
    let a = admitted(decide(
        &engine(json!({"unknown_model": {"price_as": "gpt-4o"}})),
        &body,
        &Headers::default(),
        T0,
        &store,
        &m,
    ));
    assert!(a.ticket.reserved_nanos > 0);
    let priced =
        engine(json!({"prices": {"my-private-llm": {"input_usd_per_mtok": "1.00", "output_usd_per_mtok": 2}}}));
    let a = admitted(priced.decide(
        &dest(&priced),
        CHAT,
        &body,
        &Host {
            attrs: &Headers::default(),
            now: T0,
            store: &store,
            metrics: &m,
            in_flight: None,
        },
    ));
    assert_eq!(a.ticket.rates.input, 1_000_000);
    assert_eq!(a.ticket.rates.output, 2_000_000);
    Ok(())
}

#[test]
fn streaming_requests_ask_for_usage_and_strip_it_when_the_client_did_not() -> TestResult {
    let e = engine(json!({}));
    let store = MemStore::new();
    let m = Recorder::new();
    let a = admitted(e.decide(
        &dest(&e),
        CHAT,
        &chat("gpt-4o", "hi", json!({"stream": true, "max_tokens": 5})),
        &Host {
            attrs: &Headers::default(),
            now: T0,
            store: &store,
            metrics: &m,
            in_flight: None,
        },
    ));
    let sent: Value = serde_json::from_slice(&a.body.clone().unwrap_or_default())?;
    assert_eq!(sent["stream_options"]["include_usage"], true);
    assert!(a.ticket.strip_usage_chunk);
    let b = admitted(e.decide(
        &dest(&e),
        CHAT,
        &chat(
            "gpt-4o",
            "hi",
            json!({"stream": true, "max_tokens": 5, "stream_options": {"include_usage": true}}),
        ),
        &Host {
            attrs: &Headers::default(),
            now: T0,
            store: &store,
            metrics: &m,
            in_flight: None,
        },
    ));
    assert!(b.body.is_none());
    assert!(!b.ticket.strip_usage_chunk);
    Ok(())
}

#[test]
fn settlement_outcomes() -> TestResult {
    let e = engine(json!({"budgets": [{"name": "g", "window": "day", "limit": {"tokens": 100000}, "kind": "hard"}]}));
    let store = MemStore::new();
    let m = Recorder::new();
    let attrs = Headers::default();
    let mk = || {
        admitted(e.decide(
            &dest(&e),
            CHAT,
            &chat("gpt-4o", "hi", json!({"max_tokens": 50})),
            &Host {
                attrs: &attrs,
                now: T0,
                store: &store,
                metrics: &m,
                in_flight: None,
            },
        ))
        .ticket
    };
    let used = |now| e.read_budget("g", &[], now, &store).map(|(s, _, _)| (s.used, s.held));
    let t = mk();
    e.settle(&t, &Concluded::from(Settlement::ErrorNoUsage), T0, &store, &m);
    assert_eq!(used(T0), Some((0, 0)));
    let t = mk();
    e.settle(
        &t,
        &Concluded::from(Settlement::Broken {
            relayed_output_tokens: 7,
        }),
        T0,
        &store,
        &m,
    );
    assert_eq!(used(T0), Some((t.input.total() + 7, 0)));
    let t = mk();
    let report = e.settle(&t, &Concluded::from(Settlement::Usage(usage(10, 500))), T0, &store, &m);
    assert!(report.over_reservation);
    assert_eq!(m.count(Metric::UsageOverReservation), 1);
    assert_eq!(used(T0), Some((t.input.total() + 7 + 510, 0)));
    let t = mk();
    e.settle(&t, &Concluded::from(Settlement::UsageMissing), T0, &store, &m);
    assert_eq!(
        used(T0).map(|u| u.0),
        Some(t.input.total() + 7 + 510 + t.reserved_tokens)
    );
    Ok(())
}

#[test]
fn abandoned_reservations_expire_after_the_ttl() -> TestResult {
    let e = engine(
        json!({"reservation_ttl_seconds": 8, "budgets": [{"name": "g", "window": "day", "limit": {"tokens": 1000}, "kind": "hard"}]}),
    );
    let store = MemStore::new();
    let m = Recorder::new();
    let body = chat("gpt-4o", "hi", json!({"max_tokens": 900}));
    admitted(e.decide(
        &dest(&e),
        CHAT,
        &body,
        &Host {
            attrs: &Headers::default(),
            now: T0,
            store: &store,
            metrics: &m,
            in_flight: None,
        },
    ));
    rejected(e.decide(
        &dest(&e),
        CHAT,
        &body,
        &Host {
            attrs: &Headers::default(),
            now: T0 + 1,
            store: &store,
            metrics: &m,
            in_flight: None,
        },
    ));
    // Never settled (a VM went away): after the TTL the room is back.
    admitted(e.decide(
        &dest(&e),
        CHAT,
        &body,
        &Host {
            attrs: &Headers::default(),
            now: T0 + 8 + 3,
            store: &store,
            metrics: &m,
            in_flight: None,
        },
    ));
    Ok(())
}

#[test]
fn session_budget_expires_after_idle_time() -> TestResult {
    let e = engine(
        json!({"budgets": [{"name": "s", "scope": [{"header": "x-session-id"}], "window": {"session_idle_seconds": 30}, "limit": {"tokens": 200}, "kind": "hard"}]}),
    );
    let store = MemStore::new();
    let m = Recorder::new();
    let attrs = Headers::with(&[("x-session-id", "s1")]);
    let body = chat("gpt-4o", "hi", json!({"max_tokens": 100}));
    let a = admitted(e.decide(
        &dest(&e),
        CHAT,
        &body,
        &Host {
            attrs: &attrs,
            now: T0,
            store: &store,
            metrics: &m,
            in_flight: None,
        },
    ));
    settle(&e, &a.ticket, Settlement::Usage(usage(100, 100)), T0 + 1, &store);
    let r = rejected(e.decide(
        &dest(&e),
        CHAT,
        &body,
        &Host {
            attrs: &attrs,
            now: T0 + 20,
            store: &store,
            metrics: &m,
            in_flight: None,
        },
    ));
    assert!(
        header(&r.headers, "retry-after").is_none(),
        "session resets are not announced as retry-after"
    );
    // Idle for longer than 30 s after the last use: a fresh session budget.
    admitted(e.decide(
        &dest(&e),
        CHAT,
        &body,
        &Host {
            attrs: &attrs,
            now: T0 + 1 + 31,
            store: &store,
            metrics: &m,
            in_flight: None,
        },
    ));
    Ok(())
}

#[test]
fn unjudgeable_requests_fail_closed_or_pass_uncounted() -> TestResult {
    let store = MemStore::new();
    let m = Recorder::new();
    let closed = engine(json!({"max_body_bytes": 1000}));
    for bad in [
        &b"{not json"[..],
        br#"{"model":"gpt-4o","model":"x","messages":[]}"#,
        br#"{"model":"gpt-4o"}"#,
    ] {
        let r = rejected(closed.decide(
            &dest(&closed),
            CHAT,
            bad,
            &Host {
                attrs: &Headers::default(),
                now: T0,
                store: &store,
                metrics: &m,
                in_flight: None,
            },
        ));
        assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(bad));
        assert_eq!(body_json(&r)["error"]["type"], "invalid_request_error");
    }
    let head = |encoding: Option<&'static str>, len: Option<u64>| RequestHead {
        method: "POST",
        path: "/v1/chat/completions",
        content_encoding: encoding,
        content_length: len,
        has_body: true,
    };
    assert!(matches!(closed.on_head(&head(Some("gzip"), None)), HeadVerdict::Reject(r) if r.status == 415));
    assert!(matches!(closed.on_head(&head(None, Some(5000))), HeadVerdict::Reject(r) if r.status == 413));
    assert!(matches!(
        closed.on_head(&head(None, Some(50))),
        HeadVerdict::ReadBody(d) if d.target.endpoint == Endpoint::ChatCompletions
    ));
    let open = engine(json!({"on_unjudgeable": "pass"}));
    assert!(matches!(
        open.decide(
            &dest(&open),
            CHAT,
            b"{not json",
            &Host {
                attrs: &Headers::default(),
                now: T0,
                store: &store,
                metrics: &m,
                in_flight: None
            }
        ),
        BodyVerdict::PassUncounted(_)
    ));
    assert!(matches!(
        open.on_head(&head(Some("br"), None)),
        HeadVerdict::PassUncounted(_)
    ));
    Ok(())
}

#[test]
fn unknown_endpoints_follow_the_route_policy() {
    let head = |method: &'static str, path: &'static str| RequestHead {
        method,
        path,
        content_encoding: None,
        content_length: None,
        has_body: false,
    };
    let e =
        engine(json!({"routes": [{"path_prefix": "/v1/"}, {"path_prefix": "/open/", "unknown_endpoints": "pass"}]}));
    assert!(matches!(e.on_head(&head("POST", "/v1/batches")), HeadVerdict::Reject(r) if r.status == 404));
    assert!(matches!(
        e.on_head(&head("GET", "/v1/chat/completions")),
        HeadVerdict::Reject(_)
    ));
    assert!(matches!(
        e.on_head(&head("GET", "/open/models")),
        HeadVerdict::PassUncounted(_)
    ));
    assert!(matches!(e.on_head(&head("GET", "/healthz")), HeadVerdict::NotOurs));
}

#[test]
fn the_sliding_window_drops_the_oldest_unpinned_messages_and_keeps_tool_pairs() -> TestResult {
    let e = engine(json!({"context": {"trim": {"above_tokens": 300, "to_tokens": 200, "pin_marker": "[pin]"}}}));
    let filler = "lorem ipsum dolor sit amet ".repeat(12);
    let body = json!({"model": "gpt-4o", "max_tokens": 10, "messages": [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": format!("old question {filler}")},
        {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": filler.clone()}}]},
        {"role": "tool", "tool_call_id": "c1", "content": format!("old result {filler}")},
        {"role": "user", "content": format!("[pin] keep this spec {filler}")},
        {"role": "assistant", "content": format!("answer {filler}")},
        {"role": "user", "content": "latest question"}]});
    let store = MemStore::new();
    let a = admitted(decide(
        &e,
        &serde_json::to_vec(&body)?,
        &Headers::default(),
        T0,
        &store,
        &Recorder::new(),
    ));
    let sent: Value = serde_json::from_slice(&a.body.clone().unwrap_or_default())?;
    let roles: Vec<&str> = sent["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    // The old user message and the tool call + its result went together; system, the
    // pinned message and the latest message stay.
    assert_eq!(roles, vec!["system", "user", "assistant", "user"]);
    assert!(sent["messages"][1]["content"].as_str().unwrap().starts_with("[pin]"));
    assert_eq!(header(&a.response_headers, "x-tollgate-trimmed-messages"), Some("3"));
    assert!(a.ticket.input.total() < 300);
    Ok(())
}

#[test]
fn the_context_window_rejects_or_shrinks_the_default_cap() -> TestResult {
    let e = engine(json!({"default_max_output_tokens": 8000}));
    let store = MemStore::new();
    let m = Recorder::new();
    // gpt-4: 8192-token window.
    let long = "word ".repeat(6000);
    let r = rejected(decide(
        &e,
        &chat("gpt-4", &long, json!({"max_tokens": 4000})),
        &Headers::default(),
        T0,
        &store,
        &m,
    ));
    assert_eq!(r.status, 400);
    assert_eq!(body_json(&r)["error"]["code"], "context_limit");
    // No cap from the client: the filter's own default is shrunk to fit instead.
    let a = admitted(decide(
        &e,
        &chat("gpt-4", &long, json!({})),
        &Headers::default(),
        T0,
        &store,
        &m,
    ));
    let sent: Value = serde_json::from_slice(&a.body.clone().unwrap_or_default())?;
    assert_eq!(
        sent["max_completion_tokens"].as_u64().unwrap() + a.ticket.input_estimate,
        8192
    );
    Ok(())
}

#[test]
fn derived_sessions_and_iteration_caps() -> TestResult {
    let e = engine(json!({"sessions": {"derive": true}, "loops": {"iterations": {"soft": 2, "hard": 3}}}));
    let store = MemStore::new();
    let m = Recorder::new();
    let body = |i: u32| {
        serde_json::to_vec(&json!({"model": "gpt-4o", "max_tokens": 5, "messages": [
            {"role": "system", "content": "You are a planner."},
            {"role": "user", "content": "Plan a trip to Lisbon."},
            {"role": "assistant", "content": format!("step {i}")},
            {"role": "user", "content": format!("continue with a different idea number {i} please")}]}))
        .unwrap()
    };
    let first = admitted(decide(&e, &body(1), &Headers::default(), T0, &store, &m));
    let session = header(&first.response_headers, "x-tollgate-session")
        .unwrap()
        .to_string();
    assert!(
        session.starts_with("derived-") && session.ends_with("; derived"),
        "{session}"
    );
    admitted(decide(&e, &body(2), &Headers::default(), T0 + 1, &store, &m));
    let third = admitted(decide(&e, &body(3), &Headers::default(), T0 + 2, &store, &m));
    assert!(header(&third.response_headers, "x-tollgate-warning").is_some_and(|w| w.contains("soft iteration limit")));
    let r = rejected(decide(&e, &body(4), &Headers::default(), T0 + 3, &store, &m));
    assert_eq!(body_json(&r)["error"]["code"], "iteration_limit");
    assert_eq!(header(&r.headers, "x-tollgate-session"), Some(session.as_str()));
    // Another conversation is another session.
    let other = serde_json::to_vec(
        &json!({"model": "gpt-4o", "max_tokens": 5, "messages": [{"role": "user", "content": "Plan a trip to Oslo."}]}),
    )?;
    admitted(decide(&e, &other, &Headers::default(), T0 + 4, &store, &m));
    Ok(())
}

#[test]
fn requests_with_trailers_fail_closed_or_pass_uncounted() {
    let closed = engine(json!({}));
    assert!(
        matches!(closed.trailers_not_supported(&dest(&closed)), BodyVerdict::Reject(r) if r.status == 400 && r.code_name() == "invalid_request")
    );
    let open = engine(json!({"on_unjudgeable": "pass"}));
    assert!(matches!(
        open.trailers_not_supported(&dest(&open)),
        BodyVerdict::PassUncounted(r) if r.as_str() == "request_trailers"
    ));
}

/// A store that counts reads, over a `MemStore`.
struct CountingStore<'a>(&'a MemStore, std::cell::Cell<u32>);

impl tollgate_core::store::SharedStore for CountingStore<'_> {
    fn get(&self, key: &str) -> Result<(Option<Vec<u8>>, Option<u32>), tollgate_core::store::StoreError> {
        self.1.set(self.1.get() + 1);
        self.0.get(key)
    }
    fn set(&self, key: &str, value: &[u8], cas: Option<u32>) -> Result<(), tollgate_core::store::StoreError> {
        self.0.set(key, value, cas)
    }
}

/// The RateLimit headers show each budget as this request's reservation left it, without
/// reading the counters again (issue 12: a shared-data read is a host call per budget and
/// request): two budgets, two reads before reserving and two in the reservations.
#[test]
fn ratelimit_headers_come_from_the_reservation_without_reading_again() -> TestResult {
    let e = engine(json!({"default_max_output_tokens": 100, "budgets": [
        {"name": "user-minute", "scope": [{"header": "x-user-id"}], "window": "minute", "limit": {"tokens": 1000}, "kind": "hard"},
        {"name": "user-day", "scope": [{"header": "x-user-id"}], "window": "day", "limit": {"tokens": 700}, "kind": "hard"}]}));
    let mem = MemStore::new();
    let store = CountingStore(&mem, std::cell::Cell::new(0));
    let attrs = Headers::with(&[("x-user-id", "alice")]);
    let m = Recorder::new();
    let mut reserved = 0;
    for i in 0..3u64 {
        store.1.set(0);
        let a = admitted(e.decide(
            &dest(&e),
            CHAT,
            &chat("gpt-4o", "hello", json!({})),
            &Host {
                attrs: &attrs,
                now: T0 + i,
                store: &store,
                metrics: &m,
                in_flight: None,
            },
        ));
        assert_eq!(store.1.get(), 4, "shared-data reads of request {i}");
        reserved += a.ticket.reserved_tokens;
        // The day budget has the least room: what is left after this reservation.
        let expected = format!("\"user-day\";r={};t=", 700 - reserved);
        let got = header(&a.response_headers, "ratelimit").unwrap_or("");
        assert!(got.starts_with(&expected), "request {i}: {got} (expected {expected}…)");
    }
    Ok(())
}
