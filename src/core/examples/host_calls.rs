//! `cargo run -p tollgate-core --example host_calls [CONFIG] [BODY] [RESPONSE]`: the host
//! calls one request makes through the core's traits (shared-data gets and CAS writes,
//! plain and labelled metric updates, access-log attributes, header and property reads),
//! counted on an in-memory store over three requests of one user (the first, a second,
//! and a third in a fresh session). A measurement tool for issue 12's fixed cost, not a
//! test; it does not touch the filter. The adapter's own calls (reading headers and
//! bodies, the clock, response headers) are listed in docs/BENCHMARKS.md.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use tollgate_core::config::Policy;
use tollgate_core::engine::{Attributes, Engine, InFlight, Metric, Metrics};
use tollgate_core::flow::{Head, Host, RequestFlow};
use tollgate_core::observe::{Alert, LabeledMetric};
use tollgate_core::store::{MemStore, SharedStore, StoreError};

#[derive(Default)]
struct Count {
    calls: RefCell<BTreeMap<String, u64>>,
}

impl Count {
    fn bump(&self, what: &str) {
        *self.calls.borrow_mut().entry(what.to_string()).or_default() += 1;
    }
}

struct Store<'a>(&'a MemStore, &'a Count);

impl SharedStore for Store<'_> {
    fn get(&self, key: &str) -> Result<(Option<Vec<u8>>, Option<u32>), StoreError> {
        self.1.bump("shared data get");
        self.0.get(key)
    }
    fn set(&self, key: &str, value: &[u8], cas: Option<u32>) -> Result<(), StoreError> {
        self.1.bump("shared data set (CAS)");
        self.0.set(key, value, cas)
    }
}

struct Counted<'a>(&'a Count);

impl Metrics for Counted<'_> {
    fn add(&self, _: Metric, value: u64) {
        if value != 0 {
            self.0.bump("metric increment (plain)");
        }
    }
    fn labeled(&self, m: &LabeledMetric) {
        if m.delta != 0 {
            self.0.bump("metric increment (labelled)");
            if m.name == "tollgate_cost_nanodollars" {
                self.0.bump("metric increment (labelled, microdollars carry)");
            }
        }
    }
    fn alert(&self, _: &Alert) {
        self.0.bump("alert");
    }
    fn attribute(&self, _: &'static str, _: &str) {
        self.0.bump("set_property (attribute)");
    }
}

struct Headers<'a> {
    pairs: Vec<(&'static str, String)>,
    count: &'a Count,
}

impl Attributes for Headers<'_> {
    fn header(&self, name: &str) -> Option<String> {
        self.count.bump("header read (from the captured map)");
        self.pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone())
    }
    fn property(&self, _: &[String]) -> Option<String> {
        self.count.bump("get_property");
        None
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let config = args
        .get(1)
        .map_or("tests/fixtures/bench/budgets_config.json", String::as_str);
    let body = match args.get(2) {
        Some(path) => std::fs::read(path)?,
        None => br#"{"model": "gpt-4o", "messages": [{"role": "user", "content": "Say hello in one word."}], "max_tokens": 5}"#.to_vec(),
    };
    let response = match args.get(3) {
        Some(path) => std::fs::read(path)?,
        None => br#"{"id":"chatcmpl-bench","object":"chat.completion","created":1796083200,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Done: the tests pass now."}}],"usage":{"prompt_tokens":9000,"completion_tokens":12,"total_tokens":9012}}"#.to_vec(),
    };
    let engine = Engine::new(Policy::from_json(&std::fs::read_to_string(config)?)?);
    let mem = MemStore::new();
    let in_flight = RefCell::new(InFlight::new());
    let now = Cell::new(1_796_083_200u64);
    // HOST_CALLS_REPEAT=N: N requests more, timed (µs per request, natively), not listed.
    let repeat: usize = std::env::var("HOST_CALLS_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let started = std::time::Instant::now();
    let sessions: Vec<String> = (0..repeat).map(|i| format!("s-{}", i % 3)).collect();
    for (i, session) in sessions
        .iter()
        .map(String::as_str)
        .chain(["s-1", "s-1", "s-2"])
        .enumerate()
    {
        if i == repeat && repeat > 0 {
            println!(
                "{repeat} requests: {:.2} µs per request (natively, this build's profile)",
                started.elapsed().as_secs_f64() * 1e6 / repeat as f64
            );
        }
        let count = Count::default();
        let store = Store(&mem, &count);
        let metrics = Counted(&count);
        let attrs = Headers {
            pairs: vec![
                ("x-user-id", "u_bench".to_string()),
                ("x-session-id", session.to_string()),
                ("content-type", "application/json".to_string()),
            ],
            count: &count,
        };
        let host = Host {
            attrs: &attrs,
            store: &store,
            metrics: &metrics,
            now: now.get(),
            in_flight: Some(&in_flight),
        };
        let mut flow = RequestFlow::new(u32::try_from(i + 1)?);
        let id = format!("req-{i}");
        let head = Head {
            method: "POST",
            path: "/v1/chat/completions",
            content_encoding: None,
            content_length: Some(u64::try_from(body.len())?),
            authorization: None,
            end_of_stream: false,
            request_id: Some(&id),
        };
        let mut effects = Vec::new();
        effects.extend(flow.request_head(&engine, &host, &head).effects);
        effects.extend(
            flow.request_body(&engine, &host, body.len(), true, || body.clone())
                .effects,
        );
        effects.extend(
            flow.response_head(&engine, &host, Some(200), Some("application/json"), None, false)
                .effects,
        );
        effects.extend(flow.response_chunk(&engine, &host, true, || response.clone()).effects);
        effects.extend(flow.end(&engine, &host, true).effects);
        if i < repeat {
            now.set(now.get() + 1);
            continue;
        }
        println!(
            "request {} (session {session}): {} effects",
            i + 1 - repeat,
            effects.len()
        );
        for effect in &effects {
            let text = format!("{effect:?}");
            println!("  effect {}", text.get(..90).unwrap_or(&text));
        }
        for (what, n) in count.calls.borrow().iter() {
            println!("  {n:4}  {what}");
        }
        now.set(now.get() + 1);
    }
    Ok(())
}
