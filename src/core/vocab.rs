//! The configuration's shared vocabulary: the error a bad configuration gets, scope
//! attributes, hard/soft kinds, thousandths and model patterns. A leaf of the core, so
//! the configuration, the guards and the observability policy can all use it without
//! depending on each other. Pure: no I/O.

use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("invalid configuration at `{path}`: {message}")]
    Field { path: String, message: String },
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ScopeAttr {
    /// A request header, e.g. `x-user-id`.
    Header(String),
    /// An Envoy property path, e.g. `["metadata", "filter_metadata", "jwt", "sub"]`.
    Property(Vec<String>),
    /// The (routed) model.
    Model,
    /// The body's `user` field.
    BodyUser,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Soft,
    Hard,
}

/// Decimal text with at most 3 decimals, in thousandths: "0.9" -> 900, "2" -> 2000.
pub fn thousandths(text: &str) -> Option<u64> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || frac.len() > 3 || !digits(frac) {
        return None;
    }
    let whole: u64 = whole.parse().ok()?;
    let mut frac_value: u64 = if frac.is_empty() { 0 } else { frac.parse().ok()? };
    for _ in frac.len()..3 {
        frac_value *= 10;
    }
    whole.checked_mul(1000)?.checked_add(frac_value)
}

/// Whether `model` matches a pattern (`*` at the end matches a prefix).
pub fn model_matches(pattern: &str, model: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => model.starts_with(prefix),
        None => pattern == model,
    }
}
