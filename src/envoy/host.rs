//! Host capabilities for the core, on proxy-wasm host calls: shared data (the counter
//! store), metrics, request attributes, logging. Maps host status codes to core errors;
//! holds no policy.

use std::cell::RefCell;
use std::collections::HashMap;

use proxy_wasm::hostcalls;
use proxy_wasm::types::{LogLevel, MetricType, Status};

use tollgate_core::engine::{Attributes, Metric, Metrics, attribute_text};
use tollgate_core::observe::{Alert, AlertQueue, LabeledMetric, MicroCarry, write_stat_name};
use tollgate_core::store::{SharedStore, StoreError};

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
                .map(|(k, v)| (k.to_ascii_lowercase(), attribute_text(v)))
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
        Some(attribute_text(bytes))
    }
}

/// The buffered request body (empty if the host has none).
pub fn request_body(size: usize) -> Vec<u8> {
    hostcalls::get_buffer(proxy_wasm::types::BufferType::HttpRequestBody, 0, size)
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// This response body chunk (empty if the host has none).
pub fn response_body(size: usize) -> Vec<u8> {
    hostcalls::get_buffer(proxy_wasm::types::BufferType::HttpResponseBody, 0, size)
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Whether this request reached an upstream host (Envoy's `upstream.address`).
pub fn upstream_reached() -> bool {
    hostcalls::get_property(vec!["upstream", "address"])
        .ok()
        .flatten()
        .is_some_and(|a| !a.is_empty())
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
/// Envoy config's `stats_tags` turn back into labels. Changes are summed in the VM and
/// handed to Envoy on the root context's tick (at most [`FLUSH_PERIOD_MS`] later): ~20
/// host calls per request fewer; each change still counted once. Also queues alerts for
/// the root context's webhook sender, and writes request attribution as filter state.
pub struct HostMetrics {
    ids: HashMap<Metric, u32>,
    /// Changes not yet handed to Envoy, per metric id.
    pending: RefCell<HashMap<u32, i64>>,
    labeled: RefCell<HashMap<String, u32>>,
    micro: RefCell<MicroCarry>,
    pub alerts: RefCell<AlertQueue>,
    /// The filter-state name of the attribute being written (`tollgate_<field>`), one buffer
    /// reused for every call.
    property: RefCell<String>,
    /// The stat name of the labelled metric being bumped, one buffer reused for every call.
    stat: RefCell<String>,
}

/// The longest a metric change waits in the VM before Envoy has it (the root context's
/// tick runs at least this often).
pub const FLUSH_PERIOD_MS: u64 = 1000;

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
    (Metric::SettledCut, "tollgate_settled_cut"),
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
    (Metric::GlobalReserves, "tollgate_global_reserves"),
    (Metric::GlobalUnavailable, "tollgate_global_unavailable"),
    (Metric::GlobalFailOpen, "tollgate_global_fail_open"),
    (Metric::GlobalFailLocal, "tollgate_global_fail_local"),
    (Metric::GlobalSettleRetries, "tollgate_global_settle_retries"),
    (Metric::GlobalSettlesLost, "tollgate_global_settles_lost"),
    (Metric::GlobalLeases, "tollgate_global_leases"),
    (Metric::GlobalLeaseAdmits, "tollgate_global_lease_admits"),
    (Metric::CountCacheHits, "tollgate_count_cache_hits"),
    (Metric::CountCacheMisses, "tollgate_count_cache_misses"),
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
            pending: RefCell::new(HashMap::new()),
            labeled: RefCell::new(HashMap::new()),
            micro: RefCell::new(MicroCarry::default()),
            alerts: RefCell::new(AlertQueue::default()),
            property: RefCell::new(String::new()),
            stat: RefCell::new(String::new()),
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

    /// Notes `delta` for metric `id` (handed to Envoy by `flush`).
    fn pend(&self, id: u32, delta: i64) {
        if let Ok(mut pending) = self.pending.try_borrow_mut() {
            let d = pending.entry(id).or_insert(0);
            *d = d.saturating_add(delta);
        }
    }

    /// Hands every pending change to Envoy (the root context's tick, and the VM's end).
    pub fn flush(&self) {
        let Ok(mut pending) = self.pending.try_borrow_mut() else {
            return;
        };
        for (id, delta) in pending.drain() {
            if delta != 0 {
                let _ = hostcalls::increment_metric(id, delta);
            }
        }
    }

    /// Adds `delta` to the labelled metric `name` with `labels` (its stat name built in the
    /// reused buffer).
    fn bump(&self, name: &str, labels: &[(&'static str, &str)], gauge: bool, delta: i64) {
        if delta == 0 {
            return;
        }
        let Ok(mut stat) = self.stat.try_borrow_mut() else {
            return;
        };
        write_stat_name(&mut stat, name, labels);
        self.bump_stat(&stat, gauge, delta);
    }

    /// Adds `delta` to the labelled metric whose stat name is `stat`.
    fn bump_stat(&self, stat: &str, gauge: bool, delta: i64) {
        if delta == 0 {
            return;
        }
        if let Some(id) = self.labeled_id(stat, gauge) {
            self.pend(id, delta);
        }
    }

    /// Webhook delivery outcomes.
    pub fn webhook(&self, outcome: &str) {
        self.bump("tollgate_alert_webhook", &[("outcome", outcome)], false, 1);
    }
}

impl Metrics for HostMetrics {
    fn add(&self, metric: Metric, value: u64) {
        if value == 0 {
            return;
        }
        if let Some(id) = self.ids.get(&metric) {
            self.pend(*id, i64::try_from(value).unwrap_or(i64::MAX));
        }
    }

    fn labeled(&self, m: &LabeledMetric) {
        self.bump(m.name, m.labels, m.gauge, m.delta);
        if m.name == "tollgate_cost_nanodollars" {
            // One stat name for the carry's key and the counter.
            let Ok(mut stat) = self.stat.try_borrow_mut() else {
                return;
            };
            write_stat_name(&mut stat, "tollgate_cost_microdollars", m.labels);
            let whole = self.micro.borrow_mut().add(&stat, u64::try_from(m.delta).unwrap_or(0));
            self.bump_stat(&stat, false, i64::try_from(whole).unwrap_or(i64::MAX));
        }
    }

    fn alert(&self, alert: &Alert) {
        log(LogLevel::Warn, &alert.log_line());
        self.bump("tollgate_alerts", &[("kind", alert.kind)], false, 1);
        if !self.alerts.borrow_mut().push(alert) {
            self.bump("tollgate_alerts_dropped", &[], false, 1);
            log(
                LogLevel::Error,
                &format!(
                    "tollgate: alert queue full, alert `{}` not sent to the webhook",
                    alert.key
                ),
            );
        }
    }

    fn attribute(&self, field: &'static str, value: &str) {
        // Envoy filter state `wasm.tollgate_<field>`, for %FILTER_STATE(...:PLAIN)% in access logs.
        let mut name = self.property.borrow_mut();
        name.clear();
        name.push_str("tollgate_");
        name.push_str(field);
        let _ = hostcalls::set_property(vec![name.as_str()], Some(value.as_bytes()));
    }
}
