//! tollgate-web, the browser/Node adapter (wasm-bindgen, target wasm32-unknown-unknown).
//! Translates only: JS values in, the core's own request flow (`core::flow`, the steps
//! the Envoy filter runs) and `core::offline`, JS objects out, with an in-memory counter
//! store preloaded from a state read-out. Holds no policy: every number and verdict is the
//! core's, exactly as the Envoy filter would decide it for the same request and state.
//! Built for wasm32 only (natively the crate is empty).
#![cfg(target_arch = "wasm32")]

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests;
mod convert;

use serde_json::{Map, Value, json};
use wasm_bindgen::prelude::*;

use tollgate_core::config::Policy;
use tollgate_core::engine::{Attributes, Engine, NoMetrics};
use tollgate_core::flow::{Effect, Head, Host, Output, RequestFlow};
use tollgate_core::money;
use tollgate_core::offline;
use tollgate_core::reply::Reply;
use tollgate_core::store::MemStore;

use self::convert::{Envelope, Options, State, js_text, to_js, utf16_ends};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A request as the gateway sees it. `body` may be an object (sent as JSON) or text. */
export interface RequestEnvelope {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  /** Envoy properties for `{"property": [...]}` scopes, keyed by the path joined with ".". */
  properties?: Record<string, string>;
  body?: unknown;
}

/** Counters to preload (a budget read-out). Amounts are in the budget's unit:
 *  tokens, or nano-dollars for USD budgets (`used_usd` takes a decimal text instead). */
export interface BudgetState {
  counters: Array<{ budget: string; key?: string[]; used?: number; used_usd?: string;
                    reserved?: number; reserved_usd?: string }>;
}

export interface EstimateOptions {
  /** Unix seconds (default: the current time). */
  now?: number;
  /** Models to price side by side (counted and priced as the gateway would, budgets aside). */
  models?: string[];
  /** Model for a plain-text request (default: the first of `models`, else gpt-4o). */
  model?: string;
  /** Output tokens to price in `costs` (default: the output cap the gateway reserves). */
  output_tokens?: number;
  /** Request headers for a plain-text request (budget scopes, routing); an envelope
   *  carries its own `headers` and ignores this. */
  headers?: Record<string, string>;
}

export interface TokenCount {
  model: string; tokens: number; exact: boolean; encoding: string; multiplier: string;
}

export interface ModelCost {
  model: string; ok: boolean; error?: string; error_code?: string;
  input_tokens?: number; input_exact?: boolean; output_tokens?: number;
  input_usd?: string; output_usd?: string; total_usd?: string; total_nanos?: number;
  reserved_tokens?: number; reserved_usd?: string;
}

export interface PriceQuote {
  model: string; provider: string; input_usd: string; output_usd: string; total_usd: string;
  total_nanos: number; input_usd_per_mtok: string; output_usd_per_mtok: string;
}

export interface Estimate {
  /** allow: forwarded (with reservations); reject: answered by the gateway;
   *  pass: forwarded uncounted (configuration allows it); not_ours: not on a tollgate route. */
  verdict: "allow" | "reject" | "pass" | "not_ours";
  /** The budget rule that decided a rejection (or that a missing attribute belongs to). */
  rule: string | null;
  /** HTTP status of the gateway's own answer (rejections), else null. */
  status: number | null;
  error_code: string | null;
  /** The error body the filter sends (provider-shaped JSON). */
  error: unknown | null;
  message: string | null;
  pass_reason: string | null;
  requested_model: string | null;
  routed_model: string | null;
  route: string | null;
  encoding: string | null;
  input_tokens: number | null;
  input_exact: boolean | null;
  input_reserved: number | null;
  context_tokens: number | null;
  output_cap: number | null;
  reserved_tokens: number | null;
  reserved_usd: string | null;
  reserved_nanos: number | null;
  warnings: string[];
  /** Response headers the gateway adds (repeated names joined with ", "). */
  headers: Record<string, string>;
  /** The body as forwarded, when the gateway rewrites it. */
  rewritten_body: string | null;
  /** The path as forwarded, when it changes. */
  rewritten_path: string | null;
  path: string;
  now: number;
  costs: ModelCost[];
}
"#;

fn js_error(message: impl std::fmt::Display) -> JsError {
    JsError::new(&message.to_string())
}

/// The compiled policy for a configuration text; the last one is kept, so repeated calls
/// with the same configuration (a page counting as the user types) skip parsing the
/// price table again.
fn policy_from(config: &JsValue) -> Result<Policy, JsError> {
    thread_local! {
        static LAST: std::cell::RefCell<Option<(String, Policy)>> = const { std::cell::RefCell::new(None) };
    }
    let text = js_text(config)?.unwrap_or_default();
    if let Some(policy) = LAST.with(|last| {
        last.borrow()
            .as_ref()
            .filter(|(t, _)| *t == text)
            .map(|(_, p)| p.clone())
    }) {
        return Ok(policy);
    }
    let policy = Policy::from_json(&text)
        .map_err(|e| js_error(format!("tollgate: {e}")))?
        .offline();
    LAST.with(|last| *last.borrow_mut() = Some((text, policy.clone())));
    Ok(policy)
}

/// The crate version of this build.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Counts a bare text for a model as the gateway counts text: exact with the model's
/// encoding, or estimated (an OpenAI encoding times the multiplier) for models without a
/// public tokenizer. `config` (optional) may add encodings and estimators.
#[wasm_bindgen(js_name = countTokens, unchecked_return_type = "TokenCount")]
pub fn count_tokens(
    text: &str,
    model: &str,
    #[wasm_bindgen(unchecked_param_type = "string | object | null | undefined")] config: JsValue,
) -> Result<JsValue, JsError> {
    let policy = policy_from(&config)?;
    let c = offline::count_text(&policy, model, text).map_err(|e| js_error(format!("tollgate: {e}")))?;
    to_js(&json!({
        "model": model,
        "tokens": c.tokens,
        "exact": c.exact,
        "encoding": c.encoding.name(),
        "multiplier": permille_text(c.multiplier_permille),
    }))
}

/// End offsets (UTF-16 code units, as JS strings index) of the tokens of `text` under the
/// model's encoding, for highlighting. A token ending inside a character is merged with
/// the next one.
#[wasm_bindgen(js_name = tokenBoundaries)]
pub fn token_boundaries(
    text: &str,
    model: &str,
    #[wasm_bindgen(unchecked_param_type = "string | object | null | undefined")] config: JsValue,
) -> Result<Vec<u32>, JsError> {
    let policy = policy_from(&config)?;
    let encoding = policy
        .estimator_for(model)
        .map_or_else(|| policy.encoding_for(model), |e| e.encoding);
    let ends = offline::token_ends(encoding, text).map_err(|e| js_error(format!("tollgate: {e}")))?;
    Ok(utf16_ends(text, &ends))
}

/// Names of the priced models (built-in table plus the configuration's `prices`).
#[wasm_bindgen(js_name = pricedModels, unchecked_return_type = "string[]")]
pub fn priced_models(
    #[wasm_bindgen(unchecked_param_type = "string | object | null | undefined")] config: JsValue,
) -> Result<JsValue, JsError> {
    let policy = policy_from(&config)?;
    let names: Vec<&str> = policy.prices.iter().map(|(name, _)| name).collect();
    to_js(&json!(names))
}

/// The gateway's whole decision on one request under a configuration and counter state:
/// the same request flow (`core::flow`: head, then body) the Envoy filter runs.
/// `request`: a `RequestEnvelope` (object or JSON text), or plain text (priced as a
/// legacy completions prompt for `options.model`). Throws with the filter's messages
/// (`tollgate: invalid configuration at ...`).
#[wasm_bindgen(unchecked_return_type = "Estimate")]
pub fn estimate(
    #[wasm_bindgen(unchecked_param_type = "RequestEnvelope | string")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | object | null | undefined")] config: JsValue,
    #[wasm_bindgen(unchecked_param_type = "BudgetState | string | null | undefined")] state: JsValue,
    #[wasm_bindgen(unchecked_param_type = "EstimateOptions | string | null | undefined")] options: JsValue,
) -> Result<JsValue, JsError> {
    let policy = policy_from(&config)?;
    let options = Options::from_js(&options)?;
    let now = options.now.unwrap_or_else(|| (js_sys::Date::now() / 1000.0) as u64);
    let state = convert::state_from_js(&state)?;
    let envelope = Envelope::from_js(&request, &options)?;

    let mut out = decide_one(Engine::new(policy.clone()), &envelope, &state, now)?;
    let default_output = out.get("output_cap").and_then(Value::as_u64);

    // Side by side: each model counted and priced as the gateway would, budgets aside.
    let mut plain = policy;
    plain.budgets.clear();
    plain.routing.clear();
    let comparer = Engine::new(plain);
    let mut costs = Vec::new();
    for model in &options.models {
        costs.push(model_cost(
            &comparer,
            &envelope.with_model(model),
            model,
            options.output_tokens.or(default_output),
            now,
        ));
    }
    if let Some(map) = out.as_object_mut() {
        map.insert("costs".into(), Value::Array(costs));
        map.insert("now".into(), json!(now));
    }
    to_js(&out)
}

fn permille_text(permille: u64) -> String {
    let frac = permille % 1000;
    if frac == 0 {
        format!("{}", permille / 1000)
    } else {
        format!("{}.{:03}", permille / 1000, frac)
            .trim_end_matches('0')
            .to_string()
    }
}

/// Runs the decision and shapes it.
fn decide_one(engine: Engine, envelope: &Envelope, state: &State, now: u64) -> Result<Value, JsError> {
    let store = MemStore::new();
    offline::preload_readout(&engine, state, now, &store).map_err(|e| js_error(format!("tollgate: {e}")))?;
    let body = envelope.body.as_bytes();
    let content_length = envelope
        .header("content-length")
        .and_then(|v| v.trim().parse().ok())
        .or(Some(body.len() as u64));
    let content_encoding = envelope.header("content-encoding");
    let authorization = envelope.header("authorization");
    let head = Head {
        method: &envelope.method,
        path: &envelope.path,
        content_encoding: content_encoding.as_deref(),
        content_length,
        authorization: authorization.as_deref(),
        end_of_stream: body.is_empty(),
        request_id: None,
    };
    let host = Host {
        attrs: envelope,
        store: &store,
        metrics: &NoMetrics,
        now,
        in_flight: None,
    };
    // The same steps the Envoy filter runs: the head, then the whole body.
    let mut flow = RequestFlow::new(0);
    let mut out = base(envelope, now);
    let head_out = flow.request_head(&engine, &host, &head);
    if let Some(reply) = reply_of(&head_out) {
        return Ok(rejected(out, reply));
    }
    if let Some(reason) = flow.passed() {
        return Ok(with(
            with(out, "verdict", json!("pass")),
            "pass_reason",
            json!(reason.as_str()),
        ));
    }
    if !flow.reading() {
        return Ok(with(out, "verdict", json!("not_ours")));
    }
    if let Some(path) = new_path(&head_out) {
        out = with(out, "rewritten_path", json!(path));
    }
    let body_out = flow.request_body(&engine, &host, body.len(), true, || body.to_vec());
    if let Some(reply) = reply_of(&body_out) {
        return Ok(rejected(out, reply));
    }
    if let Some(reason) = flow.passed() {
        return Ok(with(
            with(out, "verdict", json!("pass")),
            "pass_reason",
            json!(reason.as_str()),
        ));
    }
    let Some(admitted) = flow.admitted() else {
        return Err(js_error("tollgate: the request was neither admitted nor refused"));
    };
    let (t, warnings) = (admitted.ticket, admitted.warnings);
    let headers = header_map(admitted.response_headers);
    let route = headers.get("x-tollgate-route").cloned().unwrap_or(Value::Null);
    let rewritten_body = body_out.effects.iter().find_map(|e| match e {
        Effect::ReplaceRequestBody(b) => Some(String::from_utf8_lossy(b).into_owned()),
        _ => None,
    });
    let fields = [
        ("verdict", json!("allow")),
        ("requested_model", json!(t.requested_model)),
        ("routed_model", json!(t.model)),
        ("route", route),
        ("encoding", json!(t.encoding.name())),
        ("input_tokens", json!(t.input_estimate)),
        ("input_exact", json!(t.input_exact)),
        ("input_reserved", json!(t.input_reserved)),
        ("context_tokens", json!(t.context_tokens)),
        ("output_cap", json!(t.output_cap)),
        ("reserved_tokens", json!(t.reserved_tokens)),
        ("reserved_usd", json!(money::format_nanos_usd(t.reserved_nanos))),
        ("reserved_nanos", json!(t.reserved_nanos)),
        ("warnings", json!(warnings)),
        ("headers", Value::Object(headers)),
        ("rewritten_body", json!(rewritten_body)),
    ];
    for (k, v) in fields {
        out = with(out, k, v);
    }
    if let Some(path) = new_path(&body_out) {
        out = with(out, "rewritten_path", json!(path));
    }
    Ok(out)
}

/// The local reply a step asks for, if any.
fn reply_of(out: &Output) -> Option<&Reply> {
    out.effects.iter().find_map(|e| match e {
        Effect::Reply(r) => Some(r),
        _ => None,
    })
}

/// The new request path a step sets, if any.
fn new_path(out: &Output) -> Option<&str> {
    out.effects.iter().find_map(|e| match e {
        Effect::SetRequestHeader(":path", Some(p)) => Some(p.as_str()),
        _ => None,
    })
}

fn base(envelope: &Envelope, now: u64) -> Value {
    json!({
        "verdict": null, "rule": null, "status": null, "error_code": null, "error": null,
        "message": null, "pass_reason": null, "requested_model": null, "routed_model": null,
        "route": null, "encoding": null, "input_tokens": null, "input_exact": null,
        "input_reserved": null, "context_tokens": null, "output_cap": null,
        "reserved_tokens": null, "reserved_usd": null, "reserved_nanos": null,
        "warnings": [], "headers": {}, "rewritten_body": null, "rewritten_path": null,
        "path": envelope.path, "now": now, "costs": [],
    })
}

fn with(mut v: Value, key: &str, value: Value) -> Value {
    if let Some(map) = v.as_object_mut() {
        map.insert(key.to_string(), value);
    }
    v
}

fn header_map(headers: &[(String, String)]) -> Map<String, Value> {
    let mut map = Map::new();
    for (name, value) in headers {
        let name = name.to_ascii_lowercase();
        let joined = match map.get(&name).and_then(Value::as_str) {
            Some(prev) => format!("{prev}, {value}"),
            None => value.clone(),
        };
        map.insert(name, Value::String(joined));
    }
    map
}

fn rejected(out: Value, reply: &Reply) -> Value {
    let headers = header_map(&reply.headers);
    // The body as the client gets it (for display), and the typed fields of the reply.
    let error: Value = serde_json::from_slice(&reply.body).unwrap_or(Value::Null);
    let rule = reply.details.get("rule").cloned().unwrap_or(Value::Null);
    let message = if reply.message.is_empty() {
        Value::Null
    } else {
        json!(reply.message)
    };
    let code = reply.code.map_or(Value::Null, |c| json!(c.code()));
    let fields = [
        ("verdict", json!("reject")),
        ("status", json!(reply.status)),
        ("rule", rule),
        ("error_code", code),
        ("message", message),
        ("error", error),
        ("headers", Value::Object(headers)),
    ];
    let mut out = out;
    for (k, v) in fields {
        out = with(out, k, v);
    }
    out
}

/// One model's count and price, budgets and routing aside.
fn model_cost(engine: &Engine, envelope: &Envelope, model: &str, output: Option<u64>, now: u64) -> Value {
    let decided = match decide_one(engine_clone(engine), envelope, &State::default(), now) {
        Ok(v) => v,
        Err(_) => return json!({"model": model, "ok": false, "error": "tollgate: could not decide"}),
    };
    if decided.get("verdict").and_then(Value::as_str) != Some("allow") {
        return json!({
            "model": model, "ok": false,
            "error": decided.get("message").cloned().unwrap_or(Value::Null),
            "error_code": decided.get("error_code").cloned().unwrap_or(Value::Null),
        });
    }
    let input = decided.get("input_tokens").and_then(Value::as_u64).unwrap_or(0);
    let output = output
        .or_else(|| decided.get("output_cap").and_then(Value::as_u64))
        .unwrap_or(0);
    let routed = decided.get("routed_model").and_then(Value::as_str).unwrap_or(model);
    let Some(q) = offline::price_tokens(&engine.policy, routed, input, output) else {
        return json!({"model": model, "ok": false, "error": "tollgate: no price"});
    };
    json!({
        "model": model, "ok": true,
        "input_tokens": input,
        "input_exact": decided.get("input_exact").cloned().unwrap_or(Value::Null),
        "output_tokens": output,
        "input_usd": money::format_nanos_usd(q.input_nanos),
        "output_usd": money::format_nanos_usd(q.output_nanos),
        "total_usd": money::format_nanos_usd(q.total_nanos),
        "total_nanos": q.total_nanos,
        "reserved_tokens": decided.get("reserved_tokens").cloned().unwrap_or(Value::Null),
        "reserved_usd": decided.get("reserved_usd").cloned().unwrap_or(Value::Null),
    })
}

fn engine_clone(engine: &Engine) -> Engine {
    Engine::new(engine.policy.clone())
}

impl Attributes for Envelope {
    fn header(&self, name: &str) -> Option<String> {
        Envelope::header(self, name)
    }

    fn property(&self, path: &[String]) -> Option<String> {
        self.properties.get(&path.join(".")).cloned()
    }
}

/// A model's list price for `input` and `output` tokens (output at the dearer of output and
/// reasoning, as reserved), or `null` if the model has no price.
#[wasm_bindgen(js_name = priceTokens, unchecked_return_type = "PriceQuote | null")]
pub fn price_tokens(
    model: &str,
    input: f64,
    output: f64,
    #[wasm_bindgen(unchecked_param_type = "string | object | null | undefined")] config: JsValue,
) -> Result<JsValue, JsError> {
    let policy = policy_from(&config)?;
    let tokens = |v: f64| if v.is_finite() && v > 0.0 { v as u64 } else { 0 };
    match offline::price_tokens(&policy, model, tokens(input), tokens(output)) {
        None => Ok(JsValue::NULL),
        Some(q) => to_js(&json!({
            "model": model,
            "provider": q.provider,
            "input_usd": money::format_nanos_usd(q.input_nanos),
            "output_usd": money::format_nanos_usd(q.output_nanos),
            "total_usd": money::format_nanos_usd(q.total_nanos),
            "total_nanos": q.total_nanos,
            "input_usd_per_mtok": money::format_picos_usd(q.input_picos_per_token.saturating_mul(1_000_000)),
            "output_usd_per_mtok": money::format_picos_usd(q.output_picos_per_token.saturating_mul(1_000_000)),
        })),
    }
}
