//! Observability policy: bounded metric labels (allow-listed features and models, all
//! else `other`, values safe for Envoy's tag-extraction regexes), the per-request
//! attribution written to the access log, and alerts with a cooldown per alert key shared
//! by every worker. Pure: alert cooldowns go through the `SharedStore` trait.

use serde::Deserialize;
use serde_json::Value;

use std::collections::BTreeSet;

use crate::prices::PriceTable;
use crate::store::SharedStore;
use crate::table::{Reader, Record, Table, digest_of};
use crate::vocab::{ConfigError, ScopeAttr, model_matches};

// ---------------------------------------------------------------------------
// Configuration.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObserveFile {
    /// The attribute naming the feature or agent (a metric label when allow-listed).
    #[serde(default = "default_feature")]
    pub feature: Vec<ScopeAttr>,
    /// Features that get their own label value; all others are `other`.
    #[serde(default)]
    pub features: Vec<String>,
    /// Models (patterns, `*` suffix) that get their own label value; all others `other`.
    #[serde(default)]
    pub models: Vec<String>,
    /// The attribute naming the user, for the access log (never a label).
    #[serde(default = "default_user")]
    pub user: Vec<ScopeAttr>,
}

fn default_feature() -> Vec<ScopeAttr> {
    vec![ScopeAttr::Header("x-feature".into())]
}
fn default_user() -> Vec<ScopeAttr> {
    vec![ScopeAttr::Header("x-user-id".into())]
}

impl Default for ObserveFile {
    fn default() -> Self {
        ObserveFile {
            feature: default_feature(),
            features: Vec::new(),
            models: Vec::new(),
            user: default_user(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertsFile {
    /// One alert per key at most this often (across all workers).
    #[serde(default = "default_cooldown")]
    pub cooldown_seconds: u64,
    /// Alert when a budget's used share crosses these percentages.
    #[serde(default = "default_shares")]
    pub budget_shares: Vec<u64>,
    #[serde(default)]
    pub webhook: Option<WebhookFile>,
}

fn default_cooldown() -> u64 {
    900
}
fn default_shares() -> Vec<u64> {
    vec![80, 90]
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookFile {
    /// An Envoy cluster defined in the Envoy configuration.
    pub cluster: String,
    #[serde(default = "default_hook_path")]
    pub path: String,
    /// The `:authority` to send (default: the cluster name).
    #[serde(default)]
    pub authority: Option<String>,
    #[serde(default = "default_hook_timeout")]
    pub timeout_ms: u64,
    /// Extra request headers, e.g. an authorization token.
    #[serde(default)]
    pub headers: std::collections::BTreeMap<String, String>,
}

fn default_hook_path() -> String {
    "/".into()
}
fn default_hook_timeout() -> u64 {
    2000
}

#[derive(Debug, Clone)]
pub struct Observe {
    pub feature: Vec<ScopeAttr>,
    pub features: Vec<String>,
    /// The closed set of model label values: the exact names listed, and the price-table
    /// names a listed pattern matches (expanded once, at configuration).
    pub models: BTreeSet<String>,
    pub user: Vec<ScopeAttr>,
}

/// At most this many distinct values of a model label (a pattern that matches more of
/// the price table is refused at configuration).
pub const MAX_MODEL_LABELS: usize = 64;

#[derive(Debug, Clone)]
pub struct Alerts {
    pub cooldown_seconds: u64,
    pub budget_shares: Vec<u64>,
    pub webhook: Option<WebhookFile>,
    table: Table,
}

fn err(path: impl Into<String>, message: impl Into<String>) -> ConfigError {
    ConfigError::Field {
        path: path.into(),
        message: message.into(),
    }
}

impl Observe {
    pub fn compile(file: Option<ObserveFile>, prices: &PriceTable) -> Result<Observe, ConfigError> {
        let f = file.unwrap_or_default();
        let mut models = BTreeSet::new();
        for (i, m) in f.models.iter().enumerate() {
            if m.ends_with('*') {
                models.extend(
                    prices
                        .iter()
                        .map(|(name, _)| name)
                        .filter(|name| model_matches(m, name))
                        .map(str::to_string),
                );
            } else if !m.is_empty() {
                models.insert(m.clone());
            } else {
                return Err(err(format!("metrics.models[{i}]"), "must not be empty"));
            }
            if models.len() > MAX_MODEL_LABELS {
                return Err(err(
                    format!("metrics.models[{i}]"),
                    format!(
                        "the listed models name more than {MAX_MODEL_LABELS} priced models; list fewer (each becomes a metric label value for ever)"
                    ),
                ));
            }
        }
        for (i, v) in f.features.iter().enumerate() {
            if label_safe(v) != *v || v == OTHER {
                return Err(err(
                    format!("metrics.features[{i}]"),
                    "must be 1-64 characters of [A-Za-z0-9_-] and not `other`",
                ));
            }
        }
        Ok(Observe {
            feature: f.feature,
            features: f.features,
            models,
            user: f.user,
        })
    }

    /// The feature label: the allow-listed value, `other`, or `none` when absent.
    pub fn feature_label(&self, value: Option<&str>) -> String {
        match value {
            None | Some("") => "none".into(),
            Some(v) if self.features.iter().any(|f| f == v) => v.to_string(),
            Some(_) => OTHER.into(),
        }
    }

    /// The model label: a value of the closed set — the model's canonical price-table
    /// name (`canonical`, when it resolved) or its exact name, if allow-listed — else
    /// `other`. A client's made-up model name never becomes a label.
    pub fn model_label(&self, canonical: Option<&str>, model: &str) -> String {
        match [canonical, Some(model)]
            .into_iter()
            .flatten()
            .find(|m| self.models.contains(*m))
        {
            Some(m) => label_safe(m),
            None => OTHER.into(),
        }
    }
}

impl Alerts {
    pub fn compile(file: Option<AlertsFile>) -> Result<Option<Alerts>, ConfigError> {
        let Some(f) = file else { return Ok(None) };
        for (i, s) in f.budget_shares.iter().enumerate() {
            if *s == 0 || *s > 100 {
                return Err(err(format!("alerts.budget_shares[{i}]"), "must be 1-100"));
            }
        }
        if let Some(w) = &f.webhook {
            if w.cluster.is_empty() {
                return Err(err("alerts.webhook.cluster", "must name an Envoy cluster"));
            }
            if !w.path.starts_with('/') {
                return Err(err("alerts.webhook.path", "must start with `/`"));
            }
        }
        let mut shares = f.budget_shares;
        shares.sort_unstable();
        shares.dedup();
        Ok(Some(Alerts {
            cooldown_seconds: f.cooldown_seconds,
            budget_shares: shares,
            webhook: f.webhook,
            table: Table::new("tollgate/v1/a/", 4096, 8),
        }))
    }

    /// Whether an alert with this key may go out now (and, if so, marks it sent): one
    /// per key per cooldown across every worker. If the table cannot say (full, store
    /// error), the alert goes out: a duplicate is better than a lost alert.
    pub fn claim(&self, store: &dyn SharedStore, key: &str, now: u64) -> bool {
        let cooldown = self.cooldown_seconds;
        match self.table.update::<Sent, _>(store, key, now, true, |rec| {
            if rec.sent_at != 0 && now < rec.sent_at.saturating_add(cooldown) {
                false
            } else {
                rec.sent_at = now;
                rec.until = now.saturating_add(cooldown);
                true
            }
        }) {
            Ok(Some(send)) => send,
            _ => true,
        }
    }
}

#[derive(Debug, Clone)]
struct Sent {
    digest: [u8; 16],
    sent_at: u64,
    until: u64,
}

impl Record for Sent {
    const SIZE: usize = 32;
    fn digest(&self) -> [u8; 16] {
        self.digest
    }
    fn fresh(digest: [u8; 16], _now: u64) -> Sent {
        Sent {
            digest,
            sent_at: 0,
            until: 0,
        }
    }
    fn reusable(&self, now: u64) -> bool {
        self.until <= now
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.digest);
        out.extend_from_slice(&self.sent_at.to_le_bytes());
        out.extend_from_slice(&self.until.to_le_bytes());
    }
    fn decode(bytes: &[u8]) -> Option<Sent> {
        let mut r = Reader::new(bytes);
        Some(Sent {
            digest: r.take16()?,
            sent_at: r.u64()?,
            until: r.u64()?,
        })
    }
}

pub const OTHER: &str = "other";

/// A label value safe for Envoy's tag-extraction regexes and Prometheus: `[A-Za-z0-9_-]`,
/// dots and everything else replaced by `_`, at most 64 characters.
pub fn label_safe(value: &str) -> String {
    let s: String = value
        .chars()
        .take(64)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() { "none".into() } else { s }
}

/// One labelled metric change. Label values were made bounded and safe by this module.
/// The labels are borrowed (built on the caller's stack, values owned by the request's
/// labels): reporting a metric allocates nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabeledMetric<'a> {
    pub name: &'static str,
    pub labels: &'a [(&'static str, &'a str)],
    /// Counters only go up; the open-reservation gauge goes up and down by increments,
    /// so that the sum over every worker's VM stays right.
    pub delta: i64,
    pub gauge: bool,
}

/// An alert for the log and the webhook.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub key: String,
    pub kind: &'static str,
    pub message: String,
    pub details: Value,
    pub at: u64,
}

impl Alert {
    /// The alert as one JSON log line.
    pub fn log_line(&self) -> String {
        serde_json::json!({"tollgate_alert": self.kind, "key": self.key, "message": self.message, "details": self.details, "at": self.at})
            .to_string()
    }

    /// The webhook's request body.
    pub fn webhook_body(&self) -> Vec<u8> {
        serde_json::json!({"kind": self.kind, "key": self.key, "message": self.message, "details": self.details,
                           "at": crate::windows::rfc3339(self.at)})
        .to_string()
        .into_bytes()
    }
}

impl WebhookFile {
    /// The webhook call's headers for one alert.
    pub fn request_headers(&self) -> Vec<(String, String)> {
        let mut headers = vec![
            (":method".to_string(), "POST".to_string()),
            (":path".to_string(), self.path.clone()),
            (
                ":authority".to_string(),
                self.authority.clone().unwrap_or_else(|| self.cluster.clone()),
            ),
            ("content-type".to_string(), "application/json".to_string()),
        ];
        headers.extend(self.headers.iter().map(|(k, v)| (k.clone(), v.clone())));
        headers
    }
}

/// Alerts waiting for the webhook in one VM, at most [`ALERT_QUEUE`]; the root context
/// drains it on its tick.
#[derive(Debug, Default)]
pub struct AlertQueue {
    queue: std::collections::VecDeque<Alert>,
}

/// Alerts waiting for the webhook, per VM, at most this many.
pub const ALERT_QUEUE: usize = 1000;

impl AlertQueue {
    /// Queues an alert; `false` when the queue is full and it was dropped.
    pub fn push(&mut self, alert: &Alert) -> bool {
        if self.queue.len() >= ALERT_QUEUE {
            return false;
        }
        self.queue.push_back(alert.clone());
        true
    }

    pub fn drain(&mut self) -> Vec<Alert> {
        self.queue.drain(..).collect()
    }
}

/// The micro-dollar view of the nano-dollar cost counters: whole micro-dollars only,
/// the remainder of each label set kept for the next change (per VM).
#[derive(Debug, Default)]
pub struct MicroCarry {
    carry: std::collections::HashMap<String, u64>,
}

impl MicroCarry {
    /// Adds `nanos` to the label set `key`; returns the whole micro-dollars to add now.
    pub fn add(&mut self, key: &str, nanos: u64) -> u64 {
        let total = match self.carry.get_mut(key) {
            Some(c) => {
                let total = c.saturating_add(nanos);
                *c = total % 1000;
                total
            }
            None => {
                self.carry.insert(key.to_string(), nanos % 1000);
                nanos
            }
        };
        total / 1000
    }
}

/// The stat name of a labelled metric, `name.key=value…` (Envoy's `stats_tags` turn the
/// parts back into labels), into a buffer the caller reuses (cleared first).
pub fn write_stat_name(out: &mut String, name: &str, labels: &[(&'static str, &str)]) {
    out.clear();
    out.push_str(name);
    for (k, v) in labels {
        out.push('.');
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
}

/// The stable digest of an alert key (the store key of its cooldown record).
pub fn alert_digest(key: &str) -> [u8; 16] {
    digest_of(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemStore;

    fn prices() -> PriceTable {
        PriceTable::builtin().unwrap_or_else(|_| unreachable!())
    }

    #[test]
    fn labels_are_bounded_and_tag_safe() {
        let prices = prices();
        let o = Observe::compile(
            Some(ObserveFile {
                features: vec!["search".into()],
                models: vec!["gpt-4o*".into(), "my.local-model".into()],
                ..ObserveFile::default()
            }),
            &prices,
        )
        .unwrap_or_else(|_| unreachable!());
        assert_eq!(o.feature_label(Some("search")), "search");
        assert_eq!(o.feature_label(Some("user-123-secret")), "other");
        assert_eq!(o.feature_label(None), "none");
        assert_eq!(
            o.model_label(Some("gpt-4o-2024-08-06"), "gpt-4o-2024-08-06"),
            "gpt-4o-2024-08-06"
        );
        assert_eq!(o.model_label(None, "my.local-model"), "my_local-model");
        assert_eq!(o.model_label(None, "claude-x"), "other");
        assert_eq!(label_safe("a.b c/d"), "a_b_c_d");
    }

    /// A pattern passes no client-made name through: `gpt-4o-<uuid>` is not a priced
    /// model, so it is `other`, however many of them arrive.
    /// Whole micro-dollars out, the nano-dollar remainder carried per label set.
    #[test]
    fn micro_dollars_carry_the_remainder_per_key() {
        let mut m = MicroCarry::default();
        assert_eq!(m.add("a", 400), 0);
        assert_eq!(m.add("a", 400), 0);
        assert_eq!(m.add("b", 2_500), 2);
        assert_eq!(m.add("a", 400), 1);
        assert_eq!(m.add("a", 800), 1);
        assert_eq!(m.add("b", 500), 1);
        assert_eq!(m.add("a", 0), 0);
    }

    #[test]
    fn made_up_model_names_never_become_labels() {
        let prices = prices();
        let o = Observe::compile(
            Some(ObserveFile {
                models: vec!["gpt-4o*".into()],
                ..ObserveFile::default()
            }),
            &prices,
        )
        .unwrap_or_else(|_| unreachable!());
        assert!(o.models.len() <= MAX_MODEL_LABELS && !o.models.is_empty());
        for i in 0..1000 {
            let made_up = format!("gpt-4o-{i:08x}-5f1c");
            assert_eq!(
                o.model_label(prices.resolve(&made_up).map(|(k, _)| k), &made_up),
                "other"
            );
        }
        assert_eq!(
            o.model_label(prices.resolve("gpt-4o").map(|(k, _)| k), "gpt-4o"),
            "gpt-4o"
        );
    }

    #[test]
    fn a_pattern_over_the_label_cap_is_refused_naming_the_field() {
        let e = Observe::compile(
            Some(ObserveFile {
                models: vec!["gpt-4o".into(), "*".into()],
                ..ObserveFile::default()
            }),
            &prices(),
        );
        match e {
            Err(ConfigError::Field { path, .. }) => assert_eq!(path, "metrics.models[1]"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn one_alert_per_key_per_cooldown() {
        let store = MemStore::new();
        let a = Alerts::compile(Some(AlertsFile {
            cooldown_seconds: 60,
            budget_shares: vec![90, 80],
            webhook: None,
        }))
        .unwrap_or_else(|_| unreachable!())
        .unwrap_or_else(|| unreachable!());
        assert_eq!(a.budget_shares, vec![80, 90]);
        assert!(a.claim(&store, "loop/s1", 100));
        assert!(!a.claim(&store, "loop/s1", 120));
        assert!(a.claim(&store, "loop/s2", 120));
        assert!(a.claim(&store, "loop/s1", 161));
    }
}
