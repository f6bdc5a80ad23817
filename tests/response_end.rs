//! How a request ends, in the core: responses cut at any point, clients that leave
//! before the answer, and requests that outlive `reservation_ttl_seconds` (issue 9,
//! defects 2, 3 and 5). The expected usage comes from the wire bytes of the committed
//! provider fixtures; the expected charge of a cut is the reservation the ticket holds.

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;

use serde_json::{Value, json};
use tollgate_core::config::Policy;
use tollgate_core::engine::{
    Attributes, BodyVerdict, Engine, HeadVerdict, Host, InFlight, NoMetrics, RequestHead, ResponseEnd, Settlement,
    Ticket,
};
use tollgate_core::store::{MemStore, Snapshot};
use tollgate_core::usage::{ApiKind, BodyFormat, ObserverConfig, Outcome, ResponseObserver};
use tollgate_core::windows;

type TestResult = Result<(), Box<dyn std::error::Error>>;

struct Headers(HashMap<String, String>);

impl Attributes for Headers {
    fn header(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }
    fn property(&self, _path: &[String]) -> Option<String> {
        None
    }
}

fn alice() -> Headers {
    Headers(HashMap::from([("x-user-id".to_string(), "alice".to_string())]))
}

const CHAT: &str = "/v1/chat/completions";
const T0: u64 = 1_796_000_000;

fn engine(limit: u64, ttl: u64) -> Engine {
    let config = json!({"default_max_output_tokens": 100, "reservation_ttl_seconds": ttl, "budgets": [
        {"name": "user-day", "scope": [{"header": "x-user-id"}], "window": "day", "limit": {"tokens": limit}, "kind": "hard"}]});
    match Policy::from_json(&config.to_string()) {
        Ok(p) => Engine::new(p),
        Err(e) => panic!("config: {e}"),
    }
}

fn decide(e: &Engine, stream: bool, store: &MemStore, now: u64) -> BodyVerdict {
    let head = RequestHead {
        method: "POST",
        path: CHAT,
        content_encoding: None,
        content_length: None,
        has_body: true,
    };
    let HeadVerdict::ReadBody(dest) = e.on_head(&head) else {
        panic!("not read")
    };
    let body = json!({"model": "gpt-4o", "stream": stream, "messages": [{"role": "user", "content": "hello there"}]});
    e.decide(
        &dest,
        CHAT,
        body.to_string().as_bytes(),
        &Host {
            attrs: &alice(),
            now,
            store,
            metrics: &NoMetrics,
            in_flight: None,
        },
    )
}

fn admit(e: &Engine, stream: bool, store: &MemStore, now: u64) -> Ticket {
    match decide(e, stream, store, now) {
        BodyVerdict::Forward(a) => a.ticket,
        BodyVerdict::Reject(r) => panic!("rejected: {}", String::from_utf8_lossy(&r.body)),
        BodyVerdict::PassUncounted(w) => panic!("uncounted: {w}"),
        BodyVerdict::Ask(_) => panic!("asked the quota service"),
    }
}

/// The budget counter of a ticket's (only) hold.
fn counter(e: &Engine, t: &Ticket, store: &MemStore, now: u64) -> Snapshot {
    let h = &t.holds[0];
    let window = e.policy.budgets[h.budget].window;
    let pos = windows::position(window, now).unwrap();
    e.ledger().read(store, &h.key, pos, now).unwrap()
}

fn observe(e: &Engine, t: &Ticket, content_type: &str, chunks: &[&[u8]]) -> ResponseObserver {
    let mut observer = e.on_response_head(t, Some(content_type), None).observer.unwrap();
    for c in chunks {
        observer.feed(c).unwrap();
    }
    observer.finish();
    observer
}

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/responses/{path}",
        concat!(env!("CARGO_MANIFEST_DIR"), "/../..")
    ))
    .unwrap()
}

const CUT: ResponseEnd = ResponseEnd {
    status: Some(200),
    complete: false,
    upstream_reached: true,
};

#[test]
fn a_json_answer_cut_before_its_usage_charges_the_reservation() -> TestResult {
    let e = engine(1_000_000, 600);
    let store = MemStore::new();
    let t = admit(&e, false, &store, T0);
    let body = fixture("openai_chat/basic.json");
    let observer = observe(&e, &t, "application/json", &[&body[..body.len() / 2]]);
    let concluded = e.conclude(&t, CUT, Some(&observer));
    assert_eq!(concluded.settlement, Settlement::Cut);
    let report = e.settle(&t, &concluded, T0 + 1, &store, &NoMetrics);
    assert_eq!(report.tokens, t.reserved_tokens);
    assert_eq!(
        counter(&e, &t, &store, T0 + 1),
        Snapshot {
            used: t.reserved_tokens,
            held: 0
        }
    );
    Ok(())
}

#[test]
fn a_json_answer_cut_after_its_usage_charges_that_usage() -> TestResult {
    let e = engine(1_000_000, 600);
    let store = MemStore::new();
    let t = admit(&e, false, &store, T0);
    let body = fixture("openai_chat/basic.json");
    let text = String::from_utf8(body.clone())?;
    let cut = text.find("\"service_tier\"").unwrap();
    let observer = observe(&e, &t, "application/json", &[&body[..cut]]);
    let concluded = e.conclude(&t, CUT, Some(&observer));
    // The wire: prompt_tokens 2006, completion_tokens 300.
    let wire: Value = serde_json::from_slice(&body)?;
    let (input, output) = (
        wire["usage"]["prompt_tokens"].as_u64().unwrap(),
        wire["usage"]["completion_tokens"].as_u64().unwrap(),
    );
    match concluded.settlement {
        Settlement::Usage(u) => assert_eq!((u.input_tokens, u.output_tokens), (input, output)),
        other => panic!("settled {other:?}"),
    }
    Ok(())
}

#[test]
fn a_gemini_json_array_cut_keeps_the_usage_it_relayed() {
    let body = fixture("gemini/stream_array.json");
    let wire: Value = serde_json::from_slice(&body).unwrap();
    let first = &wire[0]["usageMetadata"];
    // Cut right after the first element.
    let text = String::from_utf8(body).unwrap();
    let second = text.match_indices("\"candidates\"").nth(1).unwrap().0;
    let mut observer = ResponseObserver::new(ObserverConfig {
        api: ApiKind::Gemini,
        format: BodyFormat::Json,
        strip_usage_chunk: false,
        max_buffer_bytes: 1 << 20,
    });
    observer.feed(&text.as_bytes()[..second]).unwrap();
    observer.finish();
    let usage = observer.usage().unwrap();
    assert_eq!(usage.input_tokens, first["promptTokenCount"].as_u64().unwrap());
    assert_eq!(usage.output_tokens, first["candidatesTokenCount"].as_u64().unwrap());
    assert_eq!(observer.outcome(), Outcome::UsagePartial);
}

#[test]
fn a_client_that_leaves_before_the_answer_is_charged_the_reservation() -> TestResult {
    let e = engine(1_000_000, 600);
    let store = MemStore::new();
    let t = admit(&e, false, &store, T0);
    let gone = ResponseEnd {
        status: None,
        complete: false,
        upstream_reached: true,
    };
    let concluded = e.conclude(&t, gone, None);
    assert_eq!(concluded.settlement, Settlement::Cut);
    e.settle(&t, &concluded, T0 + 1, &store, &NoMetrics);
    assert_eq!(counter(&e, &t, &store, T0 + 1).used, t.reserved_tokens);
    // Never reached the upstream: nothing was generated, nothing is billed.
    let never = ResponseEnd {
        upstream_reached: false,
        ..gone
    };
    assert_eq!(e.conclude(&t, never, None).settlement, Settlement::ErrorNoUsage);
    Ok(())
}

#[test]
fn an_empty_2xx_stream_charges_the_reservation() {
    let e = engine(1_000_000, 600);
    let store = MemStore::new();
    let t = admit(&e, true, &store, T0);
    let observer = observe(&e, &t, "text/event-stream", &[]);
    let done = ResponseEnd {
        status: Some(200),
        complete: true,
        upstream_reached: true,
    };
    assert_eq!(e.conclude(&t, done, Some(&observer)).settlement, Settlement::Cut);
}

/// Defect 2: a request outliving the TTL keeps its hold while the host renews it, so a
/// second request cannot take the room and overshoot.
#[test]
fn a_request_longer_than_the_ttl_keeps_its_hold() -> TestResult {
    let ttl = 8;
    let e = engine(200, ttl);
    let store = MemStore::new();
    let mut in_flight = InFlight::new();
    let a = admit(&e, false, &store, T0);
    assert!(
        a.reserved_tokens > 100 && a.reserved_tokens <= 200,
        "{}",
        a.reserved_tokens
    );
    in_flight.admit(7, &a.holds);
    let period = e.renewal_period_seconds();
    let mut now = T0;
    while now < T0 + 10 * ttl {
        now += period;
        in_flight.renew_due(&e, now, &store, &NoMetrics);
        assert!(
            matches!(decide(&e, false, &store, now), BodyVerdict::Reject(_)),
            "admitted at {now}"
        );
    }
    let mut a_final = a.clone();
    a_final.holds = in_flight.finish(7).unwrap();
    let done = ResponseEnd {
        status: Some(200),
        complete: true,
        upstream_reached: true,
    };
    let body = fixture("openai_chat/basic.json");
    let observer = observe(&e, &a_final, "application/json", &[&body]);
    e.settle(
        &a_final,
        &e.conclude(&a_final, done, Some(&observer)),
        now,
        &store,
        &NoMetrics,
    );
    // basic.json reports 2006 + 300 tokens: charged as reported, the hold released.
    assert_eq!(counter(&e, &a_final, &store, now), Snapshot { used: 2306, held: 0 });
    Ok(())
}

/// Defect 2, second half: without renewal the late request's hold expires; another
/// request is admitted; the late settlement must not release the other one's hold.
#[test]
fn a_late_settlement_never_releases_another_requests_hold() -> TestResult {
    let ttl = 8;
    let e = engine(200, ttl);
    let store = MemStore::new();
    let late = admit(&e, false, &store, T0);
    let later = T0 + 5 * ttl;
    let b = admit(&e, false, &store, later);
    let before = counter(&e, &b, &store, later);
    assert_eq!(
        before,
        Snapshot {
            used: 0,
            held: b.reserved_tokens
        }
    );
    let done = ResponseEnd {
        status: Some(500),
        complete: true,
        upstream_reached: true,
    };
    e.settle(&late, &e.conclude(&late, done, None), later + 1, &store, &NoMetrics);
    assert_eq!(
        counter(&e, &b, &store, later + 1),
        Snapshot {
            used: 0,
            held: b.reserved_tokens
        }
    );
    Ok(())
}
