//! JS values ↔ Rust values for the web adapter: the request envelope, the counter state,
//! the options, and JSON results as JS objects. Pure translation, no decisions.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use tollgate_core::offline::Readout;

/// A JS value as JSON text: strings as they are, anything else through `JSON.stringify`;
/// `undefined`/`null` as `None`.
pub fn js_text(value: &JsValue) -> Result<Option<String>, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    if let Some(s) = value.as_string() {
        return Ok(Some(s));
    }
    js_sys::JSON::stringify(value)
        .map(|s| s.as_string())
        .map_err(|_| JsError::new("tollgate: value cannot be turned into JSON"))
}

/// A JSON value as a JS object.
pub fn to_js(value: &Value) -> Result<JsValue, JsError> {
    let text = serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|_| JsError::new("tollgate: result is not JSON"))
}

fn parse<T: for<'de> Deserialize<'de>>(what: &str, text: &str) -> Result<T, JsError> {
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        JsError::new(&format!("tollgate: invalid {what} at `{path}`: {}", e.inner()))
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    #[serde(default)]
    pub now: Option<u64>,
    #[serde(default)]
    pub models: Vec<String>,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub output_tokens: Option<u64>,
    /// Request headers of a plain-text request (an envelope carries its own).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
}

impl Options {
    pub fn from_js(value: &JsValue) -> Result<Options, JsError> {
        match js_text(value)? {
            None => Ok(Options::default()),
            Some(text) => parse("options", &text),
        }
    }
}

/// Counters to preload: the core's read-out format (`core::offline::Readout`).
pub type State = Readout;

/// Reads a read-out from a JS value (an object or JSON text; absent: no counters).
pub fn state_from_js(value: &JsValue) -> Result<State, JsError> {
    match js_text(value)? {
        None => Ok(State::default()),
        Some(text) => parse("state", &text),
    }
}

/// A request as the gateway sees it.
#[derive(Debug, Clone)]
pub struct Envelope {
    pub method: String,
    pub path: String,
    /// Lower-case names.
    pub headers: BTreeMap<String, String>,
    pub properties: BTreeMap<String, String>,
    pub body: String,
    /// The body as a JSON object, when it is one (to substitute the model).
    body_json: Option<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EnvelopeFile {
    path: String,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    properties: BTreeMap<String, String>,
    #[serde(default)]
    body: Option<Value>,
}

impl Envelope {
    /// An envelope object (or its JSON text); any other text is a plain-text prompt.
    pub fn from_js(value: &JsValue, options: &Options) -> Result<Envelope, JsError> {
        let text = js_text(value)?.unwrap_or_default();
        let looks_like_envelope = matches!(
            serde_json::from_str::<Value>(&text),
            Ok(Value::Object(ref m)) if m.contains_key("path")
        );
        if !looks_like_envelope {
            let model = options
                .model
                .clone()
                .or_else(|| options.models.first().cloned())
                .unwrap_or_else(|| "gpt-4o".to_string());
            let body = serde_json::json!({ "model": model, "prompt": text });
            let headers = options
                .headers
                .iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
                .collect();
            return Ok(Envelope::new(
                "POST",
                "/v1/completions",
                headers,
                BTreeMap::new(),
                Some(body),
            ));
        }
        let file: EnvelopeFile = parse("request", &text)?;
        let headers = file
            .headers
            .into_iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v))
            .collect();
        Ok(Envelope::new(
            file.method.as_deref().unwrap_or("POST"),
            &file.path,
            headers,
            file.properties,
            file.body,
        ))
    }

    fn new(
        method: &str,
        path: &str,
        headers: BTreeMap<String, String>,
        properties: BTreeMap<String, String>,
        body: Option<Value>,
    ) -> Envelope {
        let (body, body_json) = match body {
            None | Some(Value::Null) => (String::new(), None),
            Some(Value::String(s)) => {
                let parsed = serde_json::from_str::<Value>(&s).ok().filter(Value::is_object);
                (s, parsed)
            }
            Some(v) => (serde_json::to_string(&v).unwrap_or_default(), Some(v)),
        };
        Envelope {
            method: method.to_string(),
            path: path.to_string(),
            headers,
            properties,
            body,
            body_json,
        }
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(&name.to_ascii_lowercase()).cloned()
    }

    /// The same request asking for another model: in the path for APIs that carry it
    /// there (`/models/{model}:`), else in the body's `model` field.
    pub fn with_model(&self, model: &str) -> Envelope {
        let mut out = self.clone();
        if let Some((before, after)) = self.path.split_once("/models/") {
            if let Some((_, action)) = after.split_once(':') {
                out.path = format!("{before}/models/{model}:{action}");
                return out;
            }
        }
        if let Some(Value::Object(mut map)) = self.body_json.clone() {
            map.insert("model".into(), Value::String(model.to_string()));
            let v = Value::Object(map);
            out.body = serde_json::to_string(&v).unwrap_or_default();
            out.body_json = Some(v);
        }
        out
    }
}

/// Byte end offsets of `text` as UTF-16 offsets (JS string indices).
pub fn utf16_ends(text: &str, byte_ends: &[usize]) -> Vec<u32> {
    let mut out = Vec::with_capacity(byte_ends.len());
    let mut units: u32 = 0;
    let mut ends = byte_ends.iter().peekable();
    for (at, c) in text.char_indices() {
        while let Some(end) = ends.peek() {
            if **end <= at {
                out.push(units);
                ends.next();
            } else {
                break;
            }
        }
        units = units.saturating_add(c.len_utf16() as u32);
    }
    for _ in ends {
        out.push(units);
    }
    out
}
