//! Host capabilities for the core, on proxy-wasm host calls: shared data (the counter
//! store), metrics, request attributes, logging. Maps host status codes to core errors;
//! holds no policy.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};

use proxy_wasm::hostcalls;
use proxy_wasm::types::{LogLevel, MetricType, Status};

use crate::core::engine::{Attributes, Metric, Metrics};
use crate::core::observe::{Alert, LabeledMetric};
use crate::core::store::{SharedStore, StoreError};

/// Logs through Envoy, which already starts the line with the plugin's name, root id and VM
/// id (`wasm log tollgate tollgate tollgate: …`): a message's own `tollgate: ` is dropped so
/// the line does not read `tollgate: tollgate: …`.
pub fn log(level: LogLevel, message: &str) {
    let _ = hostcalls::log(level, unprefixed(message));
}

fn unprefixed(message: &str) -> &str {
    let mut rest = message;
    while let Some(r) = rest.strip_prefix("tollgate: ") {
        rest = r;
    }
    rest
}

/// Envoy shared data for this VM id, shared by every worker's VM.
pub struct SharedData;

impl SharedStore for SharedData {
    fn get(&self, key: &str) -> Result<(Option<Vec<u8>>, Option<u32>), StoreError> {
        match hostcalls::get_shared_data(key) {
            Ok((value, cas)) => Ok((value.filter(|v| !v.is_empty()), cas)),
            Err(Status::NotFound) => Ok((None, None)),
            Err(status) => Err(StoreError::Host(format!("get_shared_data: {status:?}"))),
        }
    }

    fn set(&self, key: &str, value: &[u8], cas: Option<u32>) -> Result<(), StoreError> {
        match hostcalls::set_shared_data(key, Some(value), cas) {
            Ok(()) => Ok(()),
            Err(Status::CasMismatch) => Err(StoreError::CasMismatch),
            Err(status) => Err(StoreError::Host(format!("set_shared_data: {status:?}"))),
        }
    }
}

/// Request headers captured in the headers callback (lower-case names), readable later
/// even after the headers were continued.
#[derive(Default)]
pub struct CapturedHeaders(pub Vec<(String, String)>);

impl CapturedHeaders {
    pub fn capture_request() -> CapturedHeaders {
        let pairs = hostcalls::get_map_bytes(proxy_wasm::types::MapType::HttpRequestHeaders).unwrap_or_default();
        CapturedHeaders(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), String::from_utf8_lossy(&v).into_owned()))
                .collect(),
        )
    }

    pub fn get(&self, name: &str) -> Option<String> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }
}

impl Attributes for CapturedHeaders {
    fn header(&self, name: &str) -> Option<String> {
        self.get(&name.to_ascii_lowercase())
    }

    fn property(&self, path: &[String]) -> Option<String> {
        let path: Vec<&str> = path.iter().map(String::as_str).collect();
        let bytes = hostcalls::get_property(path).ok().flatten()?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// A response header read as text (invalid UTF-8 replaced, never a panic).
pub fn response_header(name: &str) -> Option<String> {
    hostcalls::get_map_value_bytes(proxy_wasm::types::MapType::HttpResponseHeaders, name)
        .ok()
        .flatten()
        .map(|v| String::from_utf8_lossy(&v).into_owned())
}

/// Counters defined once per VM; Envoy sums them over all VMs. Labelled metrics are
/// defined on first use, with the labels in the stat name (`name.key=value…`), which the
/// Envoy config's `stats_tags` turn back into labels. Also queues alerts for the root
/// context's webhook sender, and writes request attribution as filter state.
pub struct HostMetrics {
    ids: HashMap<Metric, u32>,
    labeled: RefCell<HashMap<String, u32>>,
    /// Sub-microdollar remainders of the cost counter, per label set (this VM only).
    micro_carry: RefCell<HashMap<String, u64>>,
    pub alerts: RefCell<VecDeque<Alert>>,
}

/// Alerts waiting for the webhook, per VM, at most this many.
pub const ALERT_QUEUE: usize = 1000;

const METRICS: &[(Metric, &str)] = &[
    (Metric::RequestsAllowed, "tollgate_requests_allowed"),
    (Metric::RequestsWarned, "tollgate_requests_warned"),
    (Metric::RequestsRejected, "tollgate_requests_rejected"),
    (Metric::RequestsUncounted, "tollgate_requests_uncounted"),
    (Metric::UnknownEndpointPassed, "tollgate_unknown_endpoint_passed"),
    (Metric::ModelRewritten, "tollgate_model_rewritten"),
    (Metric::OutputCapLowered, "tollgate_output_cap_lowered"),
    (Metric::ReservationsOpened, "tollgate_reservations_opened"),
    (Metric::ReservationsSettled, "tollgate_reservations_settled"),
    (Metric::InputTokens, "tollgate_input_tokens"),
    (Metric::CachedInputTokens, "tollgate_cached_input_tokens"),
    (Metric::CacheWriteTokens, "tollgate_cache_write_tokens"),
    (Metric::OutputTokens, "tollgate_output_tokens"),
    (Metric::ReasoningTokens, "tollgate_reasoning_tokens"),
    (Metric::CostNanos, "tollgate_cost_nanos"),
    (Metric::SettledUsageReported, "tollgate_settled_usage_reported"),
    (Metric::SettledErrorNoUsage, "tollgate_settled_error_no_usage"),
    (Metric::SettledStreamBroken, "tollgate_settled_stream_broken"),
    (Metric::SettledUsageMissing, "tollgate_settled_usage_missing"),
    (Metric::UsageOverReservation, "tollgate_usage_over_reservation"),
    (Metric::CountersFull, "tollgate_counters_full"),
    (Metric::StoreErrors, "tollgate_store_errors"),
    (Metric::LoopsDetected, "tollgate_loops_detected"),
    (Metric::StallsDetected, "tollgate_stalls_detected"),
    (Metric::IterationLimits, "tollgate_iteration_limits"),
    (Metric::ContextLimits, "tollgate_context_limits"),
    (Metric::BreakerRejections, "tollgate_breaker_rejections"),
    (Metric::GuardWarnings, "tollgate_guard_warnings"),
    (Metric::ContextTrimmed, "tollgate_context_trimmed"),
];

impl HostMetrics {
    pub fn define() -> HostMetrics {
        let ids = METRICS
            .iter()
            .filter_map(|(metric, name)| {
                hostcalls::define_metric(MetricType::Counter, name)
                    .ok()
                    .map(|id| (*metric, id))
            })
            .collect();
        HostMetrics {
            ids,
            labeled: RefCell::new(HashMap::new()),
            micro_carry: RefCell::new(HashMap::new()),
            alerts: RefCell::new(VecDeque::new()),
        }
    }

    fn labeled_id(&self, name: &str, gauge: bool) -> Option<u32> {
        if let Some(id) = self.labeled.borrow().get(name) {
            return Some(*id);
        }
        let kind = if gauge { MetricType::Gauge } else { MetricType::Counter };
        let id = hostcalls::define_metric(kind, name).ok()?;
        self.labeled.borrow_mut().insert(name.to_string(), id);
        Some(id)
    }

    fn bump(&self, name: &str, gauge: bool, delta: i64) {
        if delta == 0 {
            return;
        }
        if let Some(id) = self.labeled_id(name, gauge) {
            let _ = hostcalls::increment_metric(id, delta);
        }
    }

    pub fn add_metric(&self, metric: Metric, value: u64) {
        self.add(metric, value);
    }
}

fn stat_name(name: &str, labels: &[(&'static str, String)]) -> String {
    let mut out = name.to_string();
    for (k, v) in labels {
        out.push('.');
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    out
}

impl Metrics for HostMetrics {
    fn add(&self, metric: Metric, value: u64) {
        if value == 0 {
            return;
        }
        if let Some(id) = self.ids.get(&metric) {
            let _ = hostcalls::increment_metric(*id, i64::try_from(value).unwrap_or(i64::MAX));
        }
    }

    fn labeled(&self, m: &LabeledMetric) {
        let name = stat_name(m.name, &m.labels);
        self.bump(&name, m.gauge, m.delta);
        if m.name == "tollgate_cost_nanodollars" {
            // Micro-dollars for dashboards: whole micro-dollars only, the remainder kept.
            let micro_name = stat_name("tollgate_cost_microdollars", &m.labels);
            let mut carry = self.micro_carry.borrow_mut();
            let total = carry
                .get(&micro_name)
                .copied()
                .unwrap_or(0)
                .saturating_add(u64::try_from(m.delta).unwrap_or(0));
            carry.insert(micro_name.clone(), total % 1000);
            drop(carry);
            self.bump(&micro_name, false, i64::try_from(total / 1000).unwrap_or(i64::MAX));
        }
    }

    fn alert(&self, alert: &Alert) {
        let line = serde_json::json!({"tollgate_alert": alert.kind, "key": alert.key, "message": alert.message, "details": alert.details, "at": alert.at});
        log(LogLevel::Warn, &line.to_string());
        self.bump(
            &stat_name("tollgate_alerts", &[("kind", alert.kind.to_string())]),
            false,
            1,
        );
        let mut queue = self.alerts.borrow_mut();
        if queue.len() >= ALERT_QUEUE {
            self.bump("tollgate_alerts_dropped", false, 1);
            log(
                LogLevel::Error,
                &format!(
                    "tollgate: alert queue full, alert `{}` not sent to the webhook",
                    alert.key
                ),
            );
            return;
        }
        queue.push_back(alert.clone());
    }

    fn attribute(&self, field: &'static str, value: &str) {
        // Envoy filter state `wasm.tollgate_<field>`, for %FILTER_STATE(...:PLAIN)% in access logs.
        let _ = hostcalls::set_property(vec![&format!("tollgate_{field}")], Some(value.as_bytes()));
    }
}

impl HostMetrics {
    /// Webhook delivery outcomes.
    pub fn webhook(&self, outcome: &str) {
        self.bump(
            &stat_name("tollgate_alert_webhook", &[("outcome", outcome.to_string())]),
            false,
            1,
        );
    }
}
