//! Host capabilities for the core, on proxy-wasm host calls: shared data (the counter
//! store), metrics, request attributes, logging. Maps host status codes to core errors;
//! holds no policy.

use std::collections::HashMap;

use proxy_wasm::hostcalls;
use proxy_wasm::types::{LogLevel, MetricType, Status};

use crate::core::engine::{Attributes, Metric, Metrics};
use crate::core::store::{SharedStore, StoreError};

pub fn log(level: LogLevel, message: &str) {
    let _ = hostcalls::log(level, message);
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

/// Counters defined once per VM; Envoy sums them over all VMs.
pub struct HostMetrics {
    ids: HashMap<Metric, u32>,
}

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
        HostMetrics { ids }
    }

    pub fn add_metric(&self, metric: Metric, value: u64) {
        self.add(metric, value);
    }
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
}
