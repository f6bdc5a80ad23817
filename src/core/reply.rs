//! Replies the filter sends instead of the upstream's, shaped like the provider's own
//! errors so official SDKs surface them: OpenAI `{"error":{"message","type","param","code"}}`,
//! Anthropic `{"type":"error","error":{"type","message"}}`, Gemini
//! `{"error":{"code","message","status"}}`.
//! Pure: builds status, headers and bytes; sends nothing.

use serde_json::{Value, json};

use crate::api::Family;

/// A local reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u32,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Why, for metrics, alerts and the access log: the tollgate error code (`None` for
    /// replies that are not decisions, such as the admin API's), the message and details
    /// the body carries, and the rule, guard or breaker that decided.
    pub code: Option<ErrorCode>,
    pub message: String,
    pub details: Value,
    pub rule: String,
}

impl Reply {
    /// The error code as metrics and logs name it (empty when the reply is no decision).
    pub fn code_name(&self) -> &'static str {
        self.code.map_or("", ErrorCode::code)
    }
}

impl Reply {
    pub fn with_rule(mut self, rule: &str) -> Reply {
        self.rule = rule.to_string();
        self
    }
}

/// Why the filter answers itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    BudgetExceeded,
    MissingScopeAttribute,
    InvalidRequest,
    BodyTooLarge,
    UnsupportedContentEncoding,
    UnknownEndpoint,
    UnknownModel,
    CountersFull,
    Internal,
    LoopDetected,
    ProgressStalled,
    IterationLimit,
    ContextLimit,
    CircuitOpen,
    Unauthorized,
    /// A global budget's quota service did not answer and the budget fails closed.
    QuotaUnavailable,
}

impl ErrorCode {
    pub fn code(self) -> &'static str {
        match self {
            ErrorCode::BudgetExceeded => "budget_exceeded",
            ErrorCode::MissingScopeAttribute => "missing_scope_attribute",
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::BodyTooLarge => "body_too_large",
            ErrorCode::UnsupportedContentEncoding => "unsupported_content_encoding",
            ErrorCode::UnknownEndpoint => "unknown_endpoint",
            ErrorCode::UnknownModel => "unknown_model",
            ErrorCode::CountersFull => "counters_full",
            ErrorCode::Internal => "internal_error",
            ErrorCode::LoopDetected => "loop_detected",
            ErrorCode::ProgressStalled => "progress_stalled",
            ErrorCode::IterationLimit => "iteration_limit",
            ErrorCode::ContextLimit => "context_limit",
            ErrorCode::CircuitOpen => "circuit_open",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::QuotaUnavailable => "quota_unavailable",
        }
    }

    pub fn status(self) -> u32 {
        match self {
            ErrorCode::BudgetExceeded
            | ErrorCode::LoopDetected
            | ErrorCode::ProgressStalled
            | ErrorCode::IterationLimit
            | ErrorCode::CircuitOpen => 429,
            ErrorCode::MissingScopeAttribute
            | ErrorCode::InvalidRequest
            | ErrorCode::UnknownModel
            | ErrorCode::ContextLimit => 400,
            ErrorCode::Unauthorized => 401,
            ErrorCode::BodyTooLarge => 413,
            ErrorCode::UnsupportedContentEncoding => 415,
            ErrorCode::UnknownEndpoint => 404,
            ErrorCode::CountersFull | ErrorCode::QuotaUnavailable => 503,
            ErrorCode::Internal => 500,
        }
    }

    fn error_type(self) -> &'static str {
        match self {
            ErrorCode::BudgetExceeded => "insufficient_quota",
            ErrorCode::LoopDetected
            | ErrorCode::ProgressStalled
            | ErrorCode::IterationLimit
            | ErrorCode::CircuitOpen => "rate_limit_exceeded",
            ErrorCode::Unauthorized => "authentication_error",
            ErrorCode::CountersFull | ErrorCode::Internal | ErrorCode::QuotaUnavailable => "server_error",
            _ => "invalid_request_error",
        }
    }
}

impl ErrorCode {
    fn anthropic_type(self) -> &'static str {
        match self {
            ErrorCode::BudgetExceeded
            | ErrorCode::LoopDetected
            | ErrorCode::ProgressStalled
            | ErrorCode::IterationLimit
            | ErrorCode::CircuitOpen => "rate_limit_error",
            ErrorCode::Unauthorized => "authentication_error",
            ErrorCode::BodyTooLarge => "request_too_large",
            ErrorCode::UnknownEndpoint => "not_found_error",
            ErrorCode::CountersFull | ErrorCode::Internal => "api_error",
            ErrorCode::QuotaUnavailable => "overloaded_error",
            _ => "invalid_request_error",
        }
    }

    fn gemini_status(self) -> &'static str {
        match self {
            ErrorCode::BudgetExceeded
            | ErrorCode::LoopDetected
            | ErrorCode::ProgressStalled
            | ErrorCode::IterationLimit
            | ErrorCode::CircuitOpen => "RESOURCE_EXHAUSTED",
            ErrorCode::Unauthorized => "UNAUTHENTICATED",
            ErrorCode::UnknownEndpoint => "NOT_FOUND",
            ErrorCode::CountersFull | ErrorCode::QuotaUnavailable => "UNAVAILABLE",
            ErrorCode::Internal => "INTERNAL",
            _ => "INVALID_ARGUMENT",
        }
    }
}

/// An error reply in the provider's own shape. `details` (machine-readable) goes under
/// `error.tollgate`; the tollgate code is in the message and in `x-tollgate-error`.
pub fn error_reply(
    family: Family,
    code: ErrorCode,
    message: &str,
    details: Option<Value>,
    headers: Vec<(String, String)>,
) -> Reply {
    match family {
        Family::OpenAi => openai_error(code, message, details, headers),
        Family::Anthropic => {
            let mut error = json!({ "type": code.anthropic_type(), "message": message });
            if let (Some(details), Some(map)) = (&details, error.as_object_mut()) {
                map.insert("tollgate".into(), details.clone());
            }
            finish(
                code,
                message,
                details,
                json!({ "type": "error", "error": error }),
                headers,
            )
        }
        Family::Gemini => {
            let mut error = json!({ "code": code.status(), "message": message, "status": code.gemini_status() });
            if let (Some(details), Some(map)) = (&details, error.as_object_mut()) {
                map.insert("tollgate".into(), details.clone());
            }
            finish(code, message, details, json!({ "error": error }), headers)
        }
    }
}

fn finish(
    code: ErrorCode,
    message: &str,
    details: Option<Value>,
    body: Value,
    mut headers: Vec<(String, String)>,
) -> Reply {
    let body = serde_json::to_vec(&body).unwrap_or_default();
    headers.push(("content-type".into(), "application/json".into()));
    headers.push(("x-tollgate-error".into(), code.code().into()));
    let retry = matches!(code, ErrorCode::CountersFull | ErrorCode::Internal);
    headers.push(("x-should-retry".into(), if retry { "true" } else { "false" }.into()));
    Reply {
        code: Some(code),
        message: message.to_string(),
        details: details.unwrap_or(Value::Null),
        rule: String::new(),
        status: code.status(),
        headers,
        body,
    }
}

/// An OpenAI-shaped error reply. `details` goes under `error.tollgate` for machines.
pub fn openai_error(code: ErrorCode, message: &str, details: Option<Value>, headers: Vec<(String, String)>) -> Reply {
    let mut error = json!({
        "message": message,
        "type": code.error_type(),
        "param": null,
        "code": code.code(),
    });
    if let (Some(details), Some(map)) = (&details, error.as_object_mut()) {
        map.insert("tollgate".into(), details.clone());
    }
    // Budget and request errors do not get better by retrying at once.
    finish(code, message, details, json!({ "error": error }), headers)
}

/// IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers): the policy and the
/// remaining quota of one budget.
pub fn ratelimit_headers(
    name: &str,
    limit: u64,
    remaining: u64,
    window_seconds: Option<u64>,
    reset_in: Option<u64>,
    unit: &str,
) -> Vec<(String, String)> {
    let name = sf_string(name);
    let mut digits = itoa::Buffer::new();
    let mut policy = String::with_capacity(name.len() + unit.len() + 48);
    policy.push_str(&name);
    policy.push_str(";q=");
    policy.push_str(digits.format(limit));
    policy.push_str(";qu=\"");
    policy.push_str(unit);
    policy.push('"');
    if let Some(w) = window_seconds {
        policy.push_str(";w=");
        policy.push_str(digits.format(w));
    }
    let mut state = String::with_capacity(name.len() + 48);
    state.push_str(&name);
    state.push_str(";r=");
    state.push_str(digits.format(remaining));
    if let Some(t) = reset_in {
        state.push_str(";t=");
        state.push_str(digits.format(t));
    }
    vec![("ratelimit-policy".into(), policy), ("ratelimit".into(), state)]
}

/// A structured-field string: quotes and backslashes escaped, non-ASCII dropped.
fn sf_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars().filter(|c| (' '..='~').contains(c)) {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// A header value made safe: printable ASCII only, bounded length.
pub fn header_value(s: &str) -> String {
    s.chars().filter(|c| (' '..='~').contains(c)).take(512).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openai_shape() -> Result<(), serde_json::Error> {
        let r = openai_error(ErrorCode::BudgetExceeded, "over", Some(json!({"rule":"r"})), vec![]);
        assert_eq!(r.status, 429);
        let v: Value = serde_json::from_slice(&r.body)?;
        assert_eq!(v["error"]["message"], "over");
        assert_eq!(v["error"]["code"], "budget_exceeded");
        assert_eq!(v["error"]["tollgate"]["rule"], "r");
        assert!(r.headers.contains(&("x-should-retry".into(), "false".into())));
        Ok(())
    }

    #[test]
    fn ratelimit_fields() {
        let h = ratelimit_headers("user \"a\"", 100, 40, Some(86400), Some(30), "tokens");
        assert_eq!(h[0].1, "\"user \\\"a\\\"\";q=100;qu=\"tokens\";w=86400");
        assert_eq!(h[1].1, "\"user \\\"a\\\"\";r=40;t=30");
    }
}
