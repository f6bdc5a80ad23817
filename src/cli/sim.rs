//! The replay host: drives `core::flow::RequestFlow` for each recorded request, in
//! timestamp order, with simulated time (the traffic's own timestamps), an in-memory
//! counter store, a counting metrics sink, an in-flight registry and the recorded headers
//! as attributes. A recorded response (status, usage) goes back through the flow's
//! response steps as a synthetic provider body, so settlement is the core's own. Holds
//! no policy: every verdict, count and price comes from the core.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde_json::{Value, json};
use tollgate_core::config::{Limit, Policy};
use tollgate_core::engine::{Attributes, Engine, InFlight, Metric, Recorder};
use tollgate_core::flow::{Effect, Head, Host, RequestFlow};
use tollgate_core::store::MemStore;
use tollgate_core::usage::ApiKind;
use tollgate_core::windows;

use crate::traffic::{Payload, Recorded};

/// The recorded headers as the request's attributes.
struct Headers<'a>(&'a BTreeMap<String, String>);

impl Attributes for Headers<'_> {
    fn header(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }
    fn property(&self, _path: &[String]) -> Option<String> {
        None
    }
}

/// What became of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Admitted,
    Warned,
    Rejected,
    /// Went through uncounted (not metered).
    Passed,
}

/// One request's result.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub ts: u64,
    pub source: String,
    pub line: usize,
    pub decision: Decision,
    /// The error code of a rejection, the pass reason, or `none`.
    pub reason: String,
    /// The budget or guard detector that refused it.
    pub rule: Option<String>,
    pub user: Option<String>,
    pub feature: Option<String>,
    pub model: String,
    pub routed_model: String,
    pub rerouted: bool,
    pub trimmed: bool,
    pub session: Option<String>,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub cost_nanos: u64,
    /// Settled from the provider's recorded usage (else the estimate).
    pub recorded_usage: bool,
    /// The budgets it was counted against: (budget name, scope key).
    pub budgets: Vec<(String, String)>,
}

/// The error codes of the session guards and breakers.
pub const GUARD_CODES: [&str; 5] = [
    "loop_detected",
    "progress_stalled",
    "iteration_limit",
    "context_limit",
    "circuit_open",
];

impl Outcome {
    pub fn guard(&self) -> Option<&str> {
        (self.decision == Decision::Rejected && GUARD_CODES.contains(&self.reason.as_str()))
            .then_some(self.reason.as_str())
    }
}

/// A point of a budget key's spend: (time, used in the budget's unit).
pub type Point = (u64, u64);

/// The replay of one policy.
pub struct Replay {
    engine: Engine,
    store: MemStore,
    in_flight: RefCell<InFlight>,
    metrics: Recorder,
    next_id: u32,
    /// Spend over time per (budget, key), in the budget's unit.
    pub series: BTreeMap<(String, String), Vec<Point>>,
}

impl Replay {
    pub fn new(policy: Policy) -> Replay {
        Replay {
            engine: Engine::new(policy),
            store: MemStore::new(),
            in_flight: RefCell::new(InFlight::new()),
            metrics: Recorder::new(),
            next_id: 0,
            series: BTreeMap::new(),
        }
    }

    pub fn policy(&self) -> &Policy {
        &self.engine.policy
    }

    /// Replays one request through the flow's steps, as the Envoy adapter would.
    pub fn run(&mut self, r: &Recorded) -> Outcome {
        self.next_id = self.next_id.wrapping_add(1);
        let (body, usage, recorded_usage) = match &r.payload {
            Payload::Body(b) => (
                std::borrow::Cow::Borrowed(b.as_slice()),
                r.usage.clone(),
                r.usage.is_some(),
            ),
            Payload::Counts {
                model,
                input_tokens,
                output_tokens,
            } => {
                // Counts without a body: a minimal body of the model (its reservation is
                // small), settled to the logged counts.
                let body = json!({"model": model, "messages": [{"role": "user", "content": ""}],
                                  "max_tokens": (*output_tokens).max(1)});
                let usage = json!({"prompt_tokens": input_tokens, "completion_tokens": output_tokens,
                                   "total_tokens": input_tokens + output_tokens});
                (
                    std::borrow::Cow::Owned(serde_json::to_vec(&body).unwrap_or_default()),
                    Some(usage),
                    true,
                )
            }
        };
        let attrs = Headers(&r.headers);
        let host = Host {
            attrs: &attrs,
            store: &self.store,
            metrics: &self.metrics,
            now: r.ts,
            in_flight: Some(&self.in_flight),
        };
        let engine = &self.engine;
        let mut flow = RequestFlow::new(self.next_id);
        let head = Head {
            method: &r.method,
            path: &r.path,
            content_encoding: r.headers.get("content-encoding").map(String::as_str),
            content_length: Some(body.len() as u64),
            authorization: r.headers.get("authorization").map(String::as_str),
            end_of_stream: body.is_empty(),
            request_id: None,
        };
        let _ = flow.request_head(engine, &host, &head);
        let mut path = r.path.clone();
        if flow.reading() {
            let out = flow.request_body(engine, &host, body.len(), true, || body.to_vec());
            for e in &out.effects {
                if let Effect::SetRequestHeader(":path", Some(p)) = e {
                    path.clone_from(p);
                }
            }
        }
        let _ = path;
        let mut budgets = Vec::new();
        let mut holds = Vec::new();
        let mut synthetic_estimate = false;
        if let Some(admitted) = flow.admitted() {
            let t = admitted.ticket;
            for h in &t.holds {
                if let Some(b) = engine.policy.budgets.get(h.budget) {
                    budgets.push((
                        b.name.clone(),
                        h.key.split('\u{1f}').skip(1).collect::<Vec<_>>().join("/"),
                    ));
                    holds.push((h.budget, h.key.clone()));
                }
            }
            let status = r.status.unwrap_or(200);
            let usage = match usage {
                Some(u) => Some(u),
                // No recorded usage: settle to the estimate (the counted input and the
                // output cap), in the provider's own usage shape.
                None if (200..300).contains(&status) => {
                    synthetic_estimate = true;
                    Some(estimate_usage(t.api, t.input_estimate, t.output_cap))
                }
                None => None,
            };
            let response = synthetic_response(t.api, status, usage.as_ref());
            let _ = flow.response_head(engine, &host, Some(status), Some("application/json"), None, false);
            let _ = flow.response_chunk(engine, &host, true, || response);
        }
        let _ = flow.end(engine, &host, true);
        let taken = self.metrics.take();
        let (plain, fields) = (taken.counters, taken.attributes);
        let field = |name: &str| fields.iter().rev().find(|(k, _)| *k == name).map(|(_, v)| v.clone());
        let decision = match field("decision").as_deref() {
            Some("allowed") => Decision::Admitted,
            Some("warned") => Decision::Warned,
            Some("rejected") => Decision::Rejected,
            _ => Decision::Passed,
        };
        let model = field("model_requested").unwrap_or_else(|| "unknown".into());
        let routed_model = field("model_routed").unwrap_or_else(|| model.clone());
        let get = |m: Metric| plain.get(&m).copied().unwrap_or(0);
        for (budget, key) in holds {
            if let Some(b) = engine.policy.budgets.get(budget) {
                if let Some(pos) = windows::position(b.window, r.ts) {
                    if let Ok(snap) = engine.ledger().read(&self.store, &key, pos, r.ts) {
                        let shown = key.split('\u{1f}').skip(1).collect::<Vec<_>>().join("/");
                        self.series
                            .entry((b.name.clone(), shown))
                            .or_default()
                            .push((r.ts, snap.used));
                    }
                }
            }
        }
        Outcome {
            ts: r.ts,
            source: r.source.clone(),
            line: r.line,
            decision,
            reason: field("reason").unwrap_or_else(|| "none".into()),
            rule: field("rule"),
            user: field("user"),
            feature: field("feature"),
            rerouted: field("route").is_some() || (decision != Decision::Rejected && routed_model != model),
            model,
            routed_model,
            trimmed: get(Metric::ContextTrimmed) > 0,
            session: field("session"),
            input_tokens: get(Metric::InputTokens),
            output_tokens: get(Metric::OutputTokens),
            cost_nanos: get(Metric::CostNanos),
            recorded_usage: recorded_usage && !synthetic_estimate,
            budgets,
        }
    }

    /// The limit of a budget in its unit, and the unit's name.
    pub fn limit(&self, budget: &str) -> Option<(u64, &'static str)> {
        let b = self.engine.policy.budgets.iter().find(|b| b.name == budget)?;
        Some(match b.limit {
            Limit::Tokens(n) => (n, "tokens"),
            Limit::Nanos(n) => (n, "usd"),
        })
    }
}

/// A usage object of the request's API for `input` and `output` tokens.
fn estimate_usage(api: ApiKind, input: u64, output: u64) -> Value {
    match api {
        ApiKind::AnthropicMessages | ApiKind::OpenAiResponses => {
            json!({"input_tokens": input, "output_tokens": output})
        }
        ApiKind::Gemini => json!({"promptTokenCount": input, "candidatesTokenCount": output,
                                  "totalTokenCount": input + output}),
        _ => json!({"prompt_tokens": input, "completion_tokens": output, "total_tokens": input + output}),
    }
}

/// The provider's (non-streamed) response body carrying `usage` in its API's shape.
fn synthetic_response(api: ApiKind, status: u32, usage: Option<&Value>) -> Vec<u8> {
    let body = if !(200..300).contains(&status) {
        json!({"error": {"message": "recorded error", "type": "recorded"}})
    } else {
        let usage = usage.cloned().unwrap_or(Value::Null);
        match api {
            ApiKind::AnthropicMessages => json!({"id": "msg_replay", "type": "message", "role": "assistant",
                "content": [], "stop_reason": "end_turn", "usage": usage}),
            ApiKind::OpenAiResponses => json!({"id": "resp_replay", "object": "response",
                "status": "completed", "output": [], "usage": usage}),
            ApiKind::Gemini => json!({"candidates": [{"finishReason": "STOP"}], "usageMetadata": usage}),
            _ => json!({"id": "replay", "object": "chat.completion", "choices": [], "usage": usage}),
        }
    };
    serde_json::to_vec(&body).unwrap_or_default()
}
