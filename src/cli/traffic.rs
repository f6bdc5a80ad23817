//! Recorded traffic in, requests out: reads the three traffic formats (tollgate's JSON
//! lines of `{ts, method, path, headers, body, status?, usage?}`, OpenAI Batch input
//! files, tollgate's JSON access-log lines) into `Recorded` requests, and reports every
//! line it cannot use with its file and line number. Decides nothing: no policy, no
//! counting, no prices (those are the core's).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// What a recorded request carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// The request body as sent (JSON lines and Batch files).
    Body(Vec<u8>),
    /// An access-log line: counts without a body (prices and budgets only, no guards).
    Counts {
        model: String,
        input_tokens: u64,
        output_tokens: u64,
    },
}

/// One recorded request.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// Unix seconds.
    pub ts: u64,
    pub method: String,
    pub path: String,
    /// Lower-case names.
    pub headers: BTreeMap<String, String>,
    pub payload: Payload,
    /// The provider's response status, when recorded.
    pub status: Option<u32>,
    /// The provider's usage object as it answered (its own API's shape), when recorded.
    pub usage: Option<Value>,
    /// Where it came from: file and line.
    pub source: String,
    pub line: usize,
}

/// A line that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    pub source: String,
    pub line: usize,
    pub reason: String,
}

impl std::fmt::Display for BadLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.source, self.line, self.reason)
    }
}

/// Every line of a traffic file: the usable requests and the bad lines. Empty lines are
/// skipped (they carry nothing); every other line is one or the other.
pub fn read(source: &str, text: &str, default_ts: u64) -> (Vec<Recorded>, Vec<BadLine>) {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        match parse_line(line, default_ts) {
            Ok(mut r) => {
                r.source = source.to_string();
                r.line = n;
                good.push(r);
            }
            Err(reason) => bad.push(BadLine {
                source: source.to_string(),
                line: n,
                reason,
            }),
        }
    }
    (good, bad)
}

fn parse_line(line: &str, default_ts: u64) -> Result<Recorded, String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("malformed JSON: {e}"))?;
    let Value::Object(obj) = v else {
        return Err("not a JSON object".into());
    };
    if obj.contains_key("custom_id") && obj.contains_key("url") {
        return batch_line(&obj, default_ts);
    }
    if obj.contains_key("model_requested") && !obj.contains_key("body") {
        return access_log_line(&obj);
    }
    recorded_line(&obj)
}

fn timestamp(obj: &Map<String, Value>, field: &str) -> Result<u64, String> {
    match obj.get(field) {
        None | Some(Value::Null) => Err(format!("missing timestamp `{field}`")),
        Some(Value::Number(n)) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64))
            .ok_or_else(|| format!("timestamp `{field}` is not a non-negative number of seconds")),
        Some(Value::String(s)) => rfc3339_seconds(s)
            .ok_or_else(|| format!("timestamp `{field}` is neither Unix seconds nor RFC 3339 (`{s}`)")),
        Some(_) => Err(format!("timestamp `{field}` must be Unix seconds or an RFC 3339 text")),
    }
}

/// `2026-11-28T12:12:09.487Z` (or with `+hh:mm`) as Unix seconds, fractions dropped.
pub fn rfc3339_seconds(text: &str) -> Option<u64> {
    let (date, rest) = text.split_once(['T', 't', ' '])?;
    let mut d = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let time_len = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (time, zone) = rest.split_at(time_len);
    let time = time.split('.').next()?;
    let mut t = time.splitn(3, ':').map(|p| p.parse::<i64>().ok());
    let (hh, mm, ss) = (t.next()??, t.next()??, t.next()??);
    let offset = match zone.as_bytes().first() {
        None | Some(b'Z' | b'z') => 0,
        Some(sign) => {
            let (oh, om) = zone.get(1..)?.split_once(':')?;
            let o = oh.parse::<i64>().ok()? * 3600 + om.parse::<i64>().ok()? * 60;
            if *sign == b'-' { -o } else { o }
        }
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from(days * 86_400 + hh * 3600 + mm * 60 + ss - offset).ok()
}

fn headers_of(obj: &Map<String, Value>) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    match obj.get("headers") {
        None | Some(Value::Null) => {}
        Some(Value::Object(h)) => {
            for (k, v) in h {
                let value = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                out.insert(k.to_ascii_lowercase(), value);
            }
        }
        Some(_) => return Err("`headers` must be an object".into()),
    }
    Ok(out)
}

fn body_bytes(body: Option<&Value>) -> Result<Vec<u8>, String> {
    match body {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(s.as_bytes().to_vec()),
        Some(v) => serde_json::to_vec(v).map_err(|e| e.to_string()),
    }
}

/// Known API paths only: an unknown one is a bad line, not a silent pass.
fn check_path(path: &str) -> Result<(), String> {
    if tollgate_core::api::Target::from_path(path).is_none() {
        return Err(format!("unknown API path `{path}`"));
    }
    Ok(())
}

fn recorded_line(obj: &Map<String, Value>) -> Result<Recorded, String> {
    let ts = timestamp(obj, "ts")?;
    let path = obj
        .get("path")
        .and_then(Value::as_str)
        .ok_or("missing `path`")?
        .to_string();
    check_path(&path)?;
    let status = match obj.get("status") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .and_then(|s| u32::try_from(s).ok())
                .ok_or("`status` must be an HTTP status number")?,
        ),
    };
    Ok(Recorded {
        ts,
        method: obj.get("method").and_then(Value::as_str).unwrap_or("POST").to_string(),
        path,
        headers: headers_of(obj)?,
        payload: Payload::Body(body_bytes(obj.get("body"))?),
        status,
        usage: obj.get("usage").filter(|u| !u.is_null()).cloned(),
        source: String::new(),
        line: 0,
    })
}

/// An OpenAI Batch input line: `{custom_id, method, url, body}`. Batch files carry no
/// time: `ts` (when present) or the file's default time is used.
fn batch_line(obj: &Map<String, Value>, default_ts: u64) -> Result<Recorded, String> {
    let ts = if obj.contains_key("ts") {
        timestamp(obj, "ts")?
    } else {
        default_ts
    };
    let path = obj.get("url").and_then(Value::as_str).ok_or("`url` must be a string")?;
    check_path(path)?;
    let mut headers = headers_of(obj)?;
    if let Some(id) = obj.get("custom_id").and_then(Value::as_str) {
        headers
            .entry("x-batch-custom-id".into())
            .or_insert_with(|| id.to_string());
    }
    Ok(Recorded {
        ts,
        method: obj.get("method").and_then(Value::as_str).unwrap_or("POST").to_string(),
        path: path.to_string(),
        headers,
        payload: Payload::Body(body_bytes(obj.get("body"))?),
        status: None,
        usage: None,
        source: String::new(),
        line: 0,
    })
}

/// tollgate's JSON access-log line (see docs/deploy): the attribution fields; the scope
/// headers the policy needs are taken from `headers` when the log has them, else from
/// `user` (as `x-user-id`) and `feature` (as `x-feature`).
fn access_log_line(obj: &Map<String, Value>) -> Result<Recorded, String> {
    let ts = timestamp(obj, if obj.contains_key("ts") { "ts" } else { "start_time" })?;
    let path = obj
        .get("path")
        .and_then(Value::as_str)
        .unwrap_or("/v1/chat/completions");
    check_path(path)?;
    let model = obj
        .get("model_requested")
        .or_else(|| obj.get("model"))
        .and_then(Value::as_str)
        .ok_or("access-log line without `model_requested`")?
        .to_string();
    let number = |k: &str| -> u64 {
        match obj.get(k) {
            Some(Value::Number(n)) => n.as_u64().unwrap_or(0),
            Some(Value::String(s)) => s.parse().unwrap_or(0),
            _ => 0,
        }
    };
    let mut headers = headers_of(obj)?;
    for (field, header) in [("user", "x-user-id"), ("feature", "x-feature")] {
        if let Some(v) = obj.get(field).and_then(Value::as_str) {
            headers.entry(header.into()).or_insert_with(|| v.to_string());
        }
    }
    Ok(Recorded {
        ts,
        method: "POST".into(),
        path: path.to_string(),
        headers,
        payload: Payload::Counts {
            model,
            input_tokens: number("input_tokens"),
            output_tokens: number("output_tokens"),
        },
        status: None,
        usage: None,
        source: String::new(),
        line: 0,
    })
}
