//! tollgate on the command line, on the same core as the Envoy filter and the web
//! estimator: `check` a policy, `count` a request body, `estimate` a verdict, `simulate`
//! recorded traffic through a policy, `sessions score` a detection corpus. A host like the others: it implements the core's
//! `Attributes`, `SharedStore` (the core's `MemStore`) and `Metrics` and drives
//! `core::flow::RequestFlow`; it holds no policy, no counting and no prices of its own.
//! Reads files and writes to stdout/stderr only in `main.rs` and `run_*` here.

pub mod report;
pub mod sessions;
pub mod sim;
pub mod traffic;

use std::collections::BTreeMap;

use serde_json::{Value, json};
use tollgate_core::config::Policy;
use tollgate_core::engine::{Attributes, Engine, NoMetrics};
use tollgate_core::flow::{Effect, Head, Host, RequestFlow};
use tollgate_core::money;
use tollgate_core::offline;
use tollgate_core::reply::Reply;
use tollgate_core::store::MemStore;

/// A command's failure: the message, and the exit status.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub status: i32,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            status: 2,
        }
    }
    pub fn error(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            status: 1,
        }
    }
}

/// The policy of a configuration text, with the filter's own error (naming the field).
/// Global budgets count in the tool's own store (`Policy::offline`).
pub fn policy(text: &str) -> Result<Policy, Failure> {
    Policy::from_json(text)
        .map(Policy::offline)
        .map_err(|e| Failure::error(format!("tollgate: {e}")))
}

/// A request as the gateway sees it: method, path, headers, body.
#[derive(Debug, Clone)]
pub struct Envelope {
    pub method: String,
    pub path: String,
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

impl Attributes for Envelope {
    fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).cloned()
    }
    fn property(&self, _path: &[String]) -> Option<String> {
        None
    }
}

/// Which API a bare body is for: `--path` wins, then `--api`, then the body's shape.
/// A `messages` body without Anthropic-only fields is OpenAI Chat (say `--api anthropic`
/// otherwise); `contents` is Gemini; `input` Responses; `prompt` legacy completions.
pub fn path_for(body: &Value, api: Option<&str>, path: Option<&str>) -> Result<String, Failure> {
    if let Some(p) = path {
        return Ok(p.to_string());
    }
    let model = body.get("model").and_then(Value::as_str).unwrap_or("gemini-2.0-flash");
    let gemini = || format!("/v1beta/models/{model}:generateContent");
    let by_api = |a: &str| -> Result<String, Failure> {
        Ok(match a {
            "chat" | "openai" | "openai_chat" => "/v1/chat/completions".into(),
            "completions" => "/v1/completions".into(),
            "embeddings" => "/v1/embeddings".into(),
            "responses" => "/v1/responses".into(),
            "anthropic" | "messages" => "/v1/messages".into(),
            "gemini" => gemini(),
            other => {
                return Err(Failure::usage(format!(
                    "unknown --api `{other}` (chat, completions, embeddings, responses, anthropic, gemini)"
                )));
            }
        })
    };
    if let Some(a) = api {
        return by_api(a);
    }
    let has = |k: &str| body.get(k).is_some();
    if has("contents") {
        return Ok(gemini());
    }
    if has("messages") {
        let anthropic_only = body.get("system").is_some_and(|s| !s.is_null()) && !has("n")
            || has("anthropic_version")
            || has("stop_sequences")
            || has("thinking");
        return by_api(if anthropic_only { "anthropic" } else { "chat" });
    }
    if has("input")
        && has("model")
        && !body.get("input").is_some_and(Value::is_array)
        && body.get("encoding_format").is_some()
    {
        return by_api("embeddings");
    }
    if has("input") || has("previous_response_id") {
        return by_api("responses");
    }
    if has("prompt") {
        return by_api("completions");
    }
    Err(Failure::usage(
        "cannot tell the API from the body alone: pass --api (chat, completions, embeddings, responses, anthropic, gemini) or --path",
    ))
}

/// A request file: an envelope `{path, method?, headers?, body}` or a bare body.
pub fn envelope(text: &str, api: Option<&str>, path: Option<&str>) -> Result<Envelope, Failure> {
    let v: Value =
        serde_json::from_str(text).map_err(|e| Failure::error(format!("tollgate: request is not JSON: {e}")))?;
    let is_envelope = v.get("path").and_then(Value::as_str).is_some() && v.get("body").is_some();
    let (method, path, headers, body) = if is_envelope {
        let mut headers = BTreeMap::new();
        if let Some(h) = v.get("headers").and_then(Value::as_object) {
            for (k, val) in h {
                headers.insert(
                    k.to_ascii_lowercase(),
                    val.as_str().map_or_else(|| val.to_string(), str::to_string),
                );
            }
        }
        let body = v.get("body").unwrap_or(&Value::Null);
        let body = match body {
            Value::String(s) => s.as_bytes().to_vec(),
            other => serde_json::to_vec(other).map_err(|e| Failure::error(e.to_string()))?,
        };
        (
            v.get("method").and_then(Value::as_str).unwrap_or("POST").to_string(),
            path.map_or_else(
                || v.get("path").and_then(Value::as_str).unwrap_or_default().to_string(),
                str::to_string,
            ),
            headers,
            body,
        )
    } else {
        let p = path_for(&v, api, path)?;
        ("POST".to_string(), p, BTreeMap::new(), text.as_bytes().to_vec())
    };
    Ok(Envelope {
        method,
        path,
        headers,
        body,
    })
}

/// The same body for another model (`model` field; Gemini: the path).
pub fn with_model(env: &Envelope, model: &str) -> Result<Envelope, Failure> {
    let mut out = env.clone();
    if let Some((before, after)) = env.path.split_once("/models/") {
        if let Some((_, action)) = after.split_once(':') {
            out.path = format!("{before}/models/{model}:{action}");
        }
    }
    if let Ok(Value::Object(mut map)) = serde_json::from_slice::<Value>(&env.body) {
        if map.contains_key("model") || !out.path.contains("/models/") {
            map.insert("model".into(), json!(model));
        }
        out.body = serde_json::to_vec(&Value::Object(map)).map_err(|e| Failure::error(e.to_string()))?;
    }
    Ok(out)
}

/// Counters to preload: the core's read-out format, as the web estimator takes it.
pub type State = offline::Readout;

/// Preloads a read-out into a store, as the web build does.
pub fn preload(engine: &Engine, state: &State, now: u64, store: &MemStore) -> Result<(), Failure> {
    offline::preload_readout(engine, state, now, store).map_err(|e| Failure::error(format!("tollgate: {e}")))
}

fn reply_json(reply: &Reply) -> Value {
    let error: Value = serde_json::from_slice(&reply.body).unwrap_or(Value::Null);
    json!({
        "verdict": "reject",
        "status": reply.status,
        "rule": reply.details.get("rule").cloned().unwrap_or(Value::Null),
        "error_code": reply.code.map(|c| c.code()),
        "message": reply.message,
        "error": error,
    })
}

/// The flow's decision on one request (head, then the whole body), as the web
/// estimator shapes it (a subset of its fields, the same names).
pub fn decide(engine: &Engine, env: &Envelope, store: &MemStore, now: u64) -> Value {
    let head = Head {
        method: &env.method,
        path: &env.path,
        content_encoding: env.headers.get("content-encoding").map(String::as_str),
        content_length: Some(env.body.len() as u64),
        authorization: env.headers.get("authorization").map(String::as_str),
        end_of_stream: env.body.is_empty(),
        request_id: None,
    };
    let host = Host {
        attrs: env,
        store,
        metrics: &NoMetrics,
        now,
        in_flight: None,
    };
    let mut flow = RequestFlow::new(0);
    let reply = |out: &tollgate_core::flow::Output| {
        out.effects.iter().find_map(|e| match e {
            Effect::Reply(r) => Some(reply_json(r)),
            _ => None,
        })
    };
    let head_out = flow.request_head(engine, &host, &head);
    if let Some(r) = reply(&head_out) {
        return r;
    }
    if let Some(reason) = flow.passed() {
        return json!({"verdict": "pass", "pass_reason": reason.as_str()});
    }
    if !flow.reading() {
        return json!({"verdict": "not_ours"});
    }
    let body_out = flow.request_body(engine, &host, env.body.len(), true, || env.body.clone());
    if let Some(r) = reply(&body_out) {
        return r;
    }
    if let Some(reason) = flow.passed() {
        return json!({"verdict": "pass", "pass_reason": reason.as_str()});
    }
    let Some(a) = flow.admitted() else {
        return json!({"verdict": "error", "message": "neither admitted nor refused"});
    };
    let t = a.ticket;
    let mut headers = serde_json::Map::new();
    for (k, v) in a.response_headers {
        headers.insert(k.to_ascii_lowercase(), json!(v));
    }
    let rewritten_path = body_out
        .effects
        .iter()
        .chain(head_out.effects.iter())
        .find_map(|e| match e {
            Effect::SetRequestHeader(":path", Some(p)) => Some(p.clone()),
            _ => None,
        });
    json!({
        "verdict": if a.warnings.is_empty() { "allow" } else { "warn" },
        "requested_model": t.requested_model,
        "routed_model": t.model,
        "encoding": t.encoding.name(),
        "input_tokens": t.input_estimate,
        "input_exact": t.input_exact,
        "per_message": t.input.per_message,
        "framing_tokens": t.input.framing,
        "input_reserved": t.input_reserved,
        "context_tokens": t.context_tokens,
        "output_cap": t.output_cap,
        "reserved_tokens": t.reserved_tokens,
        "reserved_usd": money::format_nanos_usd(t.reserved_nanos),
        "reserved_nanos": t.reserved_nanos,
        "warnings": a.warnings,
        "headers": headers,
        "rewritten_path": rewritten_path,
    })
}

/// `count`: each model's tokens (exact or estimated, per message) and price, budgets
/// and routing aside.
pub fn count(policy: &Policy, env: &Envelope, models: &[String], now: u64) -> Result<Value, Failure> {
    let mut plain = policy.clone();
    plain.budgets.clear();
    plain.routing.clear();
    let engine = Engine::new(plain);
    let mut rows = Vec::new();
    let own = vec![String::new()];
    for m in if models.is_empty() { &own } else { models } {
        let e = if m.is_empty() { env.clone() } else { with_model(env, m)? };
        let d = decide(&engine, &e, &MemStore::new(), now);
        let f = |k: &str| d.get(k).cloned().unwrap_or(Value::Null);
        if f("verdict") != "allow" && f("verdict") != "warn" {
            rows.push(json!({"model": m, "ok": false, "verdict": d}));
            continue;
        }
        let routed = f("routed_model").as_str().unwrap_or(m).to_string();
        let input = f("input_tokens").as_u64().unwrap_or(0);
        let output = f("output_cap").as_u64().unwrap_or(0);
        let price = offline::price_tokens(&engine.policy, &routed, input, output);
        rows.push(json!({
            "model": routed,
            "ok": true,
            "encoding": f("encoding"),
            "exact": f("input_exact"),
            "input_tokens": input,
            "per_message": f("per_message"),
            "framing_tokens": f("framing_tokens"),
            "output_cap": output,
            "input_usd": price.as_ref().map(|p| money::format_nanos_usd(p.input_nanos)),
            "output_at_cap_usd": price.as_ref().map(|p| money::format_nanos_usd(p.output_nanos)),
            "total_at_cap_usd": price.as_ref().map(|p| money::format_nanos_usd(p.total_nanos)),
            "reserved_usd": f("reserved_usd"),
        }));
    }
    Ok(json!({"path": env.path, "models": rows}))
}
