//! The narrow host capabilities the engine calls (request attributes, metrics) and the
//! value types that cross the host boundary (request head, verdicts, admission, ticket).
//! Pure declarations: no behaviour beyond trivial constructors.

use crate::api::{Endpoint, InputCount, Target};
pub use crate::attributes::{Attributes, attribute_text};
use crate::global::{Charge, GlobalAsk};
use crate::observe::{Alert, LabeledMetric};
use crate::prices::Rates;
use crate::reply::{ErrorCode, Reply};
use crate::store::{Hold, SharedStore};
use crate::tokens::Encoding;
use crate::usage::{ApiKind, Usage};

/// Counters the core reports; the adapter maps them to host metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Metric {
    RequestsAllowed,
    RequestsWarned,
    RequestsRejected,
    RequestsUncounted,
    UnknownEndpointPassed,
    ModelRewritten,
    OutputCapLowered,
    ReservationsOpened,
    ReservationsSettled,
    InputTokens,
    CachedInputTokens,
    CacheWriteTokens,
    OutputTokens,
    ReasoningTokens,
    CostNanos,
    SettledUsageReported,
    SettledErrorNoUsage,
    SettledStreamBroken,
    SettledUsageMissing,
    SettledCut,
    UsageOverReservation,
    CountersFull,
    StoreErrors,
    LoopsDetected,
    StallsDetected,
    IterationLimits,
    ContextLimits,
    BreakerRejections,
    GuardWarnings,
    ContextTrimmed,
    /// Reserve calls to the quota service.
    GlobalReserves,
    /// Reserve calls that got no usable answer (the failure policies applied).
    GlobalUnavailable,
    /// Global budgets not enforced because the service was unavailable (`open`).
    GlobalFailOpen,
    /// Global budgets enforced on this Envoy's share because the service was
    /// unavailable (`local`).
    GlobalFailLocal,
    /// Settle or release calls sent again after a failure.
    GlobalSettleRetries,
    /// Settle or release calls given up after every attempt (their holds expire).
    GlobalSettlesLost,
    /// Leases taken (reserves that held more than their request for later ones).
    GlobalLeases,
    /// Requests admitted on a lease, without a call.
    GlobalLeaseAdmits,
    /// Messages whose count the VM's memo already knew, and those it had to count.
    CountCacheHits,
    CountCacheMisses,
}

/// What the core reports to its host: counters, labelled metrics, alerts, and the
/// attribution of the current request (for the access log).
pub trait Metrics {
    fn add(&self, metric: Metric, value: u64);
    fn labeled(&self, _metric: &LabeledMetric) {}
    fn alert(&self, _alert: &Alert) {}
    /// A field of this request's attribution (user, model, tokens, cost, decision…).
    fn attribute(&self, _field: &'static str, _value: &str) {}
}

/// A metrics sink that drops everything.
pub struct NoMetrics;

impl Metrics for NoMetrics {
    fn add(&self, _: Metric, _: u64) {}
}

/// What the host lends the core for one step of a request: its attributes, the counter
/// store, the metrics sink, the time, and the VM's requests in flight.
pub struct Host<'a> {
    pub attrs: &'a dyn Attributes,
    pub store: &'a dyn SharedStore,
    pub metrics: &'a dyn Metrics,
    /// Unix seconds.
    pub now: u64,
    /// The VM's requests in flight, whose holds the host renews on a timer (`None`
    /// where nothing outlives one call, as in the browser).
    pub in_flight: Option<&'a std::cell::RefCell<super::InFlight>>,
}

/// What the host knows before the body.
#[derive(Debug, Clone, Copy)]
pub struct RequestHead<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub content_encoding: Option<&'a str>,
    pub content_length: Option<u64>,
    /// False when the headers ended the stream.
    pub has_body: bool,
}

/// Where a request goes: the endpoint and, for path-model APIs, the routing already done
/// on the head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    pub target: Target,
    pub route: usize,
    /// Routing applied on the head (Gemini: the model is in the path): the model the
    /// client asked for, the rule, and the new path to send upstream.
    pub head_route: Option<HeadRoute>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadRoute {
    pub requested: String,
    pub rule: String,
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadVerdict {
    /// Not on a filtered route: leave it alone.
    NotOurs,
    /// Let it through uncounted (a configuration allows it).
    PassUncounted(PassReason),
    Reject(Reply),
    /// Read the body, then call `decide`.
    ReadBody(Box<Destination>),
}

#[derive(Debug, Clone)]
pub enum BodyVerdict {
    Forward(Box<Admission>),
    /// Global budgets apply: reserve with the quota service, then `decide` again with
    /// its answer. Nothing has changed state yet.
    Ask(Box<GlobalAsk>),
    PassUncounted(PassReason),
    Reject(Reply),
}

/// Why a request goes through uncounted (a configuration allows it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassReason {
    /// A path the route does not meter, on a route that passes such paths.
    UnknownEndpoint,
    /// A request feature that cannot be metered (e.g. Responses `background: true`) on a
    /// route that passes unknown endpoints.
    Unmeterable(&'static str),
    /// A body that cannot be judged, with `on_unjudgeable: "pass"`.
    Unjudgeable(ErrorCode),
    /// Request trailers, with `on_unjudgeable: "pass"`.
    RequestTrailers,
    /// No free counter, with `counters.on_full: "pass"`.
    CountersFull,
}

impl std::fmt::Display for PassReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PassReason {
    /// The reason as logs and metric labels name it.
    pub fn as_str(self) -> &'static str {
        match self {
            PassReason::UnknownEndpoint => "unknown_endpoint",
            PassReason::Unmeterable(feature) => feature,
            PassReason::Unjudgeable(code) => code.code(),
            PassReason::RequestTrailers => "request_trailers",
            PassReason::CountersFull => "counters_full",
        }
    }

    /// Whether the route's unknown-endpoint policy let it through.
    pub fn is_unknown_endpoint(self) -> bool {
        matches!(self, PassReason::UnknownEndpoint | PassReason::Unmeterable(_))
    }
}

/// An admitted request: what to change and what to settle later.
#[derive(Debug, Clone)]
pub struct Admission {
    /// The rewritten body, if it changed.
    pub body: Option<Vec<u8>>,
    /// A new request path, if it changed (only possible while the headers are held).
    pub path: Option<String>,
    pub response_headers: Vec<(String, String)>,
    pub warnings: Vec<String>,
    /// What guards in shadow mode would have done (logged; sent as `x-tollgate-shadow`).
    pub shadow: Vec<String>,
    pub ticket: Ticket,
}

/// One budget's reservation.
#[derive(Debug, Clone)]
pub struct BudgetHold {
    pub budget: usize,
    pub key: String,
    pub hold: Option<Hold>,
    /// A global budget's slot in the quota service (settled by a call, not the ledger).
    pub global: Option<GlobalHold>,
}

/// A global budget's hold: its slot in the quota service and what this request reserved
/// there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobalHold {
    pub slot: String,
    pub reserved: u64,
}

/// Everything settlement needs, kept by the host for the life of the request.
#[derive(Debug, Clone)]
pub struct Ticket {
    pub endpoint: Endpoint,
    pub api: ApiKind,
    pub stream: bool,
    /// Strip the streamed usage chunk the client did not ask for.
    pub strip_usage_chunk: bool,
    pub requested_model: String,
    pub model: String,
    pub encoding: Encoding,
    pub input: InputCount,
    /// Input tokens as estimated (the raw count, scaled for models without a tokenizer).
    pub input_estimate: u64,
    pub input_exact: bool,
    /// Server-side context reserved on top (Responses `previous_response_id`).
    pub context_tokens: u64,
    /// Input tokens reserved (estimate + context + margin).
    pub input_reserved: u64,
    pub output_cap: u64,
    pub choices: u64,
    pub reserved_tokens: u64,
    pub reserved_nanos: u64,
    pub rates: Rates,
    pub holds: Vec<BudgetHold>,
    /// The quota service's reservation id, when global budgets hold something.
    pub reservation: Option<String>,
    /// Where to learn the token multiplier from reported usage, if it is estimated.
    pub calibration_key: Option<String>,
    /// The spend breakers this request counts towards.
    pub breaker_keys: Vec<(usize, String)>,
    /// Bounded metric labels of this request.
    pub labels: RequestLabels,
}

/// The bounded metric labels of one request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestLabels {
    pub api: &'static str,
    pub model: String,
    pub routed_model: String,
    pub feature: String,
}

/// How the response ended, as the adapter saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settlement {
    /// The provider reported usage.
    Usage(Usage),
    /// Non-2xx without usage: providers do not bill these.
    ErrorNoUsage,
    /// The response broke (or ended) without usage after relaying this much output.
    Broken { relayed_output_tokens: u64 },
    /// A complete 2xx response without readable usage: the reservation is charged.
    UsageMissing,
    /// The response was cut before saying what it cost (the client left before the
    /// answer came, a JSON body cut before its usage, a 2xx stream with no event): the
    /// provider may bill the whole generation, so the reservation is charged.
    Cut,
}

/// How a response ended, as the host saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseEnd {
    /// The response status; `None` when no response head ever came.
    pub status: Option<u32>,
    /// The body reached its end (not cut by a reset or the client leaving).
    pub complete: bool,
    /// The request reached the upstream (Envoy's `upstream.address` is known).
    pub upstream_reached: bool,
}

/// The settlement plus what else the response told us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concluded {
    pub settlement: Settlement,
    /// The provider's response id (Responses API), to remember its context size.
    pub response_id: Option<String>,
}

impl From<Settlement> for Concluded {
    fn from(settlement: Settlement) -> Concluded {
        Concluded {
            settlement,
            response_id: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettleReport {
    pub tokens: u64,
    pub nanos: u64,
    pub over_reservation: bool,
    /// The global budgets' charges, for the settle call.
    pub global: Vec<Charge>,
}
