//! The decision pipeline: request head → (body) parse → route → count → price → reserve
//! against every budget → a verdict; and, after the response, settlement to the reported
//! usage. Host capabilities come in as narrow traits (`Attributes`, `SharedStore`,
//! `Metrics`) and time as `now` (unix seconds).
//! Pure: no proxy-wasm, no wasm-bindgen, no clock, no I/O.

mod admin;
mod admit;
mod budgets;
pub mod cost;
mod global;
mod guarding;
mod host;
mod inflight;
mod leases;
mod lifecycle;
mod observing;
mod recorder;
mod settle;

use serde_json::json;

pub use self::admin::GlobalReadout;
pub use self::budgets::compose_key;
pub use self::global::Asked;
pub use self::host::{
    Admission, Attributes, BodyVerdict, BudgetHold, Concluded, Destination, GlobalHold, HeadRoute, HeadVerdict, Host,
    Metric, Metrics, NoMetrics, PassReason, RequestHead, RequestLabels, ResponseEnd, SettleReport, Settlement, Ticket,
    attribute_text,
};
pub use self::inflight::InFlight;
pub use self::leases::Leases;
pub use self::recorder::{Labeled, Recorded, Recorder};
pub use self::settle::ResponsePlan;

use self::budgets::{Applicable, Missing, limit_value, show, show_limit};
use crate::api::BodyMemo;
use crate::api::{ApiError, Family, LlmRequest, Target};
use crate::config::{Kind, Limit, PassOrReject, Policy, UnknownModel, UnknownPrevious, Window, model_matches};
use crate::count_cache::CountCache;
use crate::global::GlobalAsk;
use crate::prices::ModelPrice;
use crate::reply::{self, ErrorCode, Reply, error_reply};
use crate::store::{Check, Ledger, LedgerError, SharedStore, Snapshot};
use crate::windows;

pub struct Engine {
    pub policy: Policy,
    ledger: Ledger,
    /// Responses API: response id → context size the provider reported.
    contexts: Ledger,
    /// The VM's memo of message token counts (`count_cache`).
    count_cache: CountCache,
    /// The VM's memo of recent bodies (`prefix_cache`).
    body_memo: BodyMemo,
}

const LEDGER_PREFIX: &str = "tollgate/v1/c/";
const CONTEXT_PREFIX: &str = "tollgate/v1/r/";

/// A soft budget exceeded by this request, for the warning header and its alert.
struct SoftWarning {
    /// The alert's kind: `soft_limit`, or `quota_unavailable` for a global budget the
    /// quota service could not check (`"on_unavailable": "open"`).
    kind: &'static str,
    text: String,
    budget: String,
    scope: String,
    alert_key: String,
}

impl SoftWarning {
    /// A soft budget over its limit in window `window` (0 for per-request budgets).
    fn soft_limit(a: &Applicable, text: String, window: u64) -> SoftWarning {
        SoftWarning {
            kind: "soft_limit",
            text,
            budget: a.budget.name.clone(),
            scope: a.key.split('\u{1f}').skip(1).collect::<Vec<_>>().join("/"),
            alert_key: format!("soft/{}/{window}", a.key),
        }
    }
}

enum Refusal {
    /// Answer the client (boxed: a refusal is the rare path, and the `Result`s that carry
    /// it stay small).
    Reply(Box<Reply>),
    /// Let it through uncounted (a route allows requests it cannot meter).
    Pass(&'static str),
    Unjudgeable(ErrorCode, String),
    CountersFull,
    /// The counter store failed.
    Store(LedgerError),
    /// The configured `unknown_model.price_as` model has no price (checked at start, so
    /// only a changed price table could get here).
    NoPrice(String),
    /// Not a refusal: global budgets apply and the quota service must answer first.
    Ask(GlobalAsk),
}

impl Refusal {
    fn reply(reply: Reply) -> Refusal {
        Refusal::Reply(Box::new(reply))
    }
}

impl From<Missing> for Refusal {
    fn from(m: Missing) -> Refusal {
        match m {
            Missing::Reply(r) => Refusal::Reply(r),
            Missing::Store(LedgerError::TableFull { .. }) => Refusal::CountersFull,
            Missing::Store(e) => Refusal::Store(e),
        }
    }
}

impl From<ApiError> for Refusal {
    fn from(e: ApiError) -> Refusal {
        Refusal::Unjudgeable(
            ErrorCode::InvalidRequest,
            format!("tollgate: cannot read the request: {e}"),
        )
    }
}

impl Engine {
    pub fn new(policy: Policy) -> Engine {
        let ledger = Ledger::new(LEDGER_PREFIX, policy.counter_slots, policy.reservation_ttl_seconds);
        let contexts = Ledger::new(CONTEXT_PREFIX, policy.context_slots, 1);
        let count_cache = CountCache::new(policy.count_cache);
        let body_memo = BodyMemo::new(policy.prefix_cache);
        Engine {
            policy,
            ledger,
            contexts,
            count_cache,
            body_memo,
        }
    }

    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// The first check, on the request head.
    pub fn on_head(&self, head: &RequestHead) -> HeadVerdict {
        let Some(route) = self
            .policy
            .routes
            .iter()
            .position(|r| head.path.starts_with(r.path_prefix.as_str()))
        else {
            return HeadVerdict::NotOurs;
        };
        let target = Target::from_path(head.path).filter(|_| head.method.eq_ignore_ascii_case("POST"));
        let Some(target) = target else {
            return self.unknown_endpoint(route, Family::of_path(head.path), head.method, head.path);
        };
        let family = target.endpoint.family();
        if let Some(encoding) = head
            .content_encoding
            .map(str::trim)
            .filter(|e| !e.is_empty() && !e.eq_ignore_ascii_case("identity"))
        {
            return self.unjudgeable(
                family,
                ErrorCode::UnsupportedContentEncoding,
                &format!(
                    "tollgate: request content-encoding `{}` is not supported; send the body uncompressed",
                    reply::header_value(encoding)
                ),
            );
        }
        if head.content_length.is_some_and(|len| len > self.policy.max_body_bytes) {
            return self.unjudgeable(family, ErrorCode::BodyTooLarge, &self.too_large_message());
        }
        if !head.has_body {
            return self.unjudgeable(family, ErrorCode::InvalidRequest, "tollgate: the request has no body");
        }
        HeadVerdict::ReadBody(Box::new(Destination {
            target,
            route,
            head_route: None,
        }))
    }

    fn unknown_endpoint(&self, route: usize, family: Family, method: &str, path: &str) -> HeadVerdict {
        let policy = self
            .policy
            .routes
            .get(route)
            .map_or(PassOrReject::Reject, |r| r.unknown_endpoints);
        match policy {
            PassOrReject::Pass => HeadVerdict::PassUncounted(PassReason::UnknownEndpoint),
            PassOrReject::Reject => HeadVerdict::Reject(error_reply(
                family,
                ErrorCode::UnknownEndpoint,
                &format!(
                    "tollgate: {} {} is not an endpoint this gateway can meter; it is blocked by policy",
                    reply::header_value(method),
                    reply::header_value(path.split('?').next().unwrap_or(path))
                ),
                None,
                vec![],
            )),
        }
    }

    /// Routing for APIs with the model in the path (Gemini, Vertex): decided on the head,
    /// since a path can change only while the headers are still held. Needs no body.
    pub fn route_on_head(&self, destination: &mut Destination, path: &str, cx: &Host) {
        let Some(requested) = destination.target.path_model.clone() else {
            return;
        };
        let Ok(Some((model, rule))) = self.route(&requested, None, cx.attrs, cx.now, cx.store) else {
            return;
        };
        let new_path = replace_path_model(path, &requested, &model);
        destination.target.path_model = Some(model);
        destination.head_route = Some(HeadRoute {
            requested,
            rule,
            path: new_path,
        });
    }

    fn too_large_message(&self) -> String {
        format!(
            "tollgate: request body larger than max_body_bytes ({} bytes)",
            self.policy.max_body_bytes
        )
    }

    /// A body larger than `max_body_bytes` seen while buffering.
    /// A request with trailers: its body cannot be judged as a whole (LLM APIs send none).
    pub fn trailers_not_supported(&self, destination: &Destination) -> BodyVerdict {
        let message = "tollgate: request trailers are not supported on metered endpoints";
        match self.unjudgeable(destination.target.endpoint.family(), ErrorCode::InvalidRequest, message) {
            HeadVerdict::Reject(r) => BodyVerdict::Reject(r),
            _ => BodyVerdict::PassUncounted(PassReason::RequestTrailers),
        }
    }

    pub fn body_too_large(&self, destination: &Destination) -> BodyVerdict {
        match self.unjudgeable(
            destination.target.endpoint.family(),
            ErrorCode::BodyTooLarge,
            &self.too_large_message(),
        ) {
            HeadVerdict::Reject(r) => BodyVerdict::Reject(r),
            _ => BodyVerdict::PassUncounted(PassReason::Unjudgeable(ErrorCode::BodyTooLarge)),
        }
    }

    fn unjudgeable(&self, family: Family, code: ErrorCode, message: &str) -> HeadVerdict {
        match self.policy.on_unjudgeable {
            PassOrReject::Pass => HeadVerdict::PassUncounted(PassReason::Unjudgeable(code)),
            PassOrReject::Reject => HeadVerdict::Reject(error_reply(family, code, message, None, vec![])),
        }
    }

    /// The decision on a whole request body.
    pub fn decide(&self, destination: &Destination, path: &str, body: &[u8], cx: &Host) -> BodyVerdict {
        self.decide_with(destination, path, body, cx, None)
    }

    /// The decision on a whole request body, with the quota service's answer to the ask
    /// an earlier `decide` returned (`BodyVerdict::Ask`), if global budgets apply.
    pub fn decide_with(
        &self,
        destination: &Destination,
        path: &str,
        body: &[u8],
        cx: &Host,
        global: Option<Asked>,
    ) -> BodyVerdict {
        let verdict = self.decide_body(destination, path, body, cx, global);
        self.emit_count_cache(self.count_cache.take_stats(), cx.metrics);
        self.emit_prefix_cache(self.body_memo.take_stats(), cx.metrics);
        verdict
    }

    /// The VM's memo of message counts, for tests and the command line's report.
    pub fn count_cache(&self) -> &CountCache {
        &self.count_cache
    }

    /// The VM's memo of recent bodies, for tests.
    pub fn body_memo(&self) -> &BodyMemo {
        &self.body_memo
    }

    fn decide_body(
        &self,
        destination: &Destination,
        path: &str,
        body: &[u8],
        cx: &Host,
        global: Option<Asked>,
    ) -> BodyVerdict {
        let (now, store, metrics) = (cx.now, cx.store, cx.metrics);
        let family = destination.target.endpoint.family();
        if body.len() as u64 > self.policy.max_body_bytes {
            let verdict = self.body_too_large(destination);
            metrics.add(
                match verdict {
                    BodyVerdict::Reject(_) => Metric::RequestsRejected,
                    _ => Metric::RequestsUncounted,
                },
                1,
            );
            return verdict;
        }
        let mut labels = RequestLabels {
            api: destination.target.endpoint.name(),
            model: "unknown".into(),
            routed_model: "unknown".into(),
            feature: "none".into(),
        };
        let refusal = match self.admit(destination, path, body, cx, &mut labels, global) {
            Ok(admission) => {
                let decision = if admission.warnings.is_empty() {
                    "allowed"
                } else {
                    "warned"
                };
                let reason = if admission.warnings.is_empty() {
                    "none"
                } else {
                    "soft_limit"
                };
                self.emit_decision(&labels, decision, reason, metrics);
                return BodyVerdict::Forward(Box::new(admission));
            }
            Err(refusal) => refusal,
        };
        let (verdict, metric) = match refusal {
            Refusal::Ask(ask) => {
                metrics.add(Metric::GlobalReserves, 1);
                return BodyVerdict::Ask(Box::new(ask));
            }
            Refusal::Reply(reply) => (BodyVerdict::Reject(*reply), Metric::RequestsRejected),
            Refusal::Pass(feature) => {
                metrics.add(Metric::UnknownEndpointPassed, 1);
                (
                    BodyVerdict::PassUncounted(PassReason::Unmeterable(feature)),
                    Metric::RequestsUncounted,
                )
            }
            Refusal::Unjudgeable(code, message) => match self.unjudgeable(family, code, &message) {
                HeadVerdict::Reject(r) => (BodyVerdict::Reject(r), Metric::RequestsRejected),
                _ => (
                    BodyVerdict::PassUncounted(PassReason::Unjudgeable(code)),
                    Metric::RequestsUncounted,
                ),
            },
            Refusal::CountersFull => {
                metrics.add(Metric::CountersFull, 1);
                match self.policy.on_counters_full {
                    PassOrReject::Pass => (
                        BodyVerdict::PassUncounted(PassReason::CountersFull),
                        Metric::RequestsUncounted,
                    ),
                    PassOrReject::Reject => (
                        BodyVerdict::Reject(error_reply(
                            family,
                            ErrorCode::CountersFull,
                            "tollgate: the budget counter table is full; try again later",
                            None,
                            vec![],
                        )),
                        Metric::RequestsRejected,
                    ),
                }
            }
            Refusal::Store(e) => {
                metrics.add(Metric::StoreErrors, 1);
                (
                    BodyVerdict::Reject(error_reply(
                        family,
                        ErrorCode::Internal,
                        &format!("tollgate: budget counters unavailable: {e}"),
                        None,
                        vec![],
                    )),
                    Metric::RequestsRejected,
                )
            }
            Refusal::NoPrice(model) => (
                BodyVerdict::Reject(error_reply(
                    family,
                    ErrorCode::Internal,
                    &format!(
                        "tollgate: the price_as model `{}` has no price",
                        reply::header_value(&model)
                    ),
                    None,
                    vec![],
                )),
                Metric::RequestsRejected,
            ),
        };
        metrics.add(metric, 1);
        match &verdict {
            BodyVerdict::Reject(reply) => {
                self.emit_decision(&labels, "rejected", reply.code_name(), metrics);
                if !reply.rule.is_empty() {
                    metrics.attribute("rule", &reply.rule);
                }
                self.alert_for_reply(reply, &labels, now, store, metrics);
            }
            BodyVerdict::PassUncounted(why) => self.emit_decision(&labels, "uncounted", why.as_str(), metrics),
            BodyVerdict::Forward(_) | BodyVerdict::Ask(_) => {}
        }
        verdict
    }

    fn model_hint(&self, destination: &Destination) -> Option<String> {
        if let Some(model) = &destination.target.path_model {
            return Some(model.clone());
        }
        let deployment = destination.target.deployment.as_ref()?;
        let route = self.policy.routes.get(destination.route)?;
        Some(
            route
                .deployments
                .get(deployment)
                .cloned()
                .unwrap_or_else(|| deployment.clone()),
        )
    }

    /// Reserves on every local budget; each one's `snapshot` becomes its counter as this
    /// request's reservation left it (what the RateLimit headers show, without reading
    /// the counter again).
    fn reserve_all(
        &self,
        applicable: &mut [Applicable],
        family: Family,
        model: &str,
        now: u64,
        store: &dyn SharedStore,
    ) -> Result<(Vec<BudgetHold>, Vec<SoftWarning>), Refusal> {
        let mut holds: Vec<BudgetHold> = Vec::new();
        let mut warnings = Vec::new();
        let soft = SoftWarning::soft_limit;
        for a in applicable.iter_mut() {
            if a.budget.store.is_global() {
                // Held by the quota service (`take_global`).
                continue;
            }
            let limit = limit_value(a.budget.limit);
            let Some(pos) = a.pos else {
                if a.budget.kind == Kind::Soft && a.amount > limit {
                    let text = format!(
                        "{}: request would use {} of {}",
                        a.budget.name,
                        show(a.budget.limit, a.amount),
                        show_limit(a.budget.limit)
                    );
                    warnings.push(soft(a, text, 0));
                }
                holds.push(BudgetHold {
                    budget: a.index,
                    key: a.key.clone(),
                    hold: None,
                    global: None,
                });
                continue;
            };
            let check = match a.budget.kind {
                Kind::Hard => Check::AtMost(limit),
                Kind::Soft => Check::None,
            };
            match self.ledger.reserve(store, &a.key, pos, now, a.amount, check) {
                Ok((hold, snapshot)) => {
                    a.snapshot = snapshot;
                    let total = snapshot.used.saturating_add(snapshot.held);
                    if a.budget.kind == Kind::Soft && total > limit {
                        let text = format!(
                            "{}: {} used or reserved of {}",
                            a.budget.name,
                            show(a.budget.limit, total),
                            show_limit(a.budget.limit)
                        );
                        warnings.push(soft(a, text, pos.id));
                    }
                    holds.push(BudgetHold {
                        budget: a.index,
                        key: a.key.clone(),
                        hold: Some(hold),
                        global: None,
                    });
                }
                Err(e) => {
                    self.release_all(&holds, now, store);
                    return Err(reserve_refusal(e, a, family, now, model));
                }
            }
        }
        Ok((holds, warnings))
    }

    fn release_all(&self, holds: &[BudgetHold], now: u64, store: &dyn SharedStore) {
        for h in holds {
            if let (Some(hold), Some(budget)) = (&h.hold, self.policy.budgets.get(h.budget)) {
                if let Some(pos) = windows::position(budget.window, now) {
                    let _ = self.ledger.settle(store, &h.key, hold, 0, pos, now);
                }
            }
        }
    }

    /// The first routing rule that matches: `(model, rule name)`, or `None` to keep the model.
    fn route(
        &self,
        requested: &str,
        request: Option<&dyn LlmRequest>,
        attrs: &dyn Attributes,
        now: u64,
        store: &dyn SharedStore,
    ) -> Result<Option<(String, String)>, Refusal> {
        for rule in &self.policy.routing {
            if !rule.models.is_empty() && !rule.models.iter().any(|p| model_matches(p, requested)) {
                continue;
            }
            if let Some(h) = &rule.header {
                if attrs.header(&h.name).as_deref() != Some(h.value.as_str()) {
                    continue;
                }
            }
            if let Some((index, percent)) = rule.budget_below {
                let Some(budget) = self.policy.budgets.get(index) else {
                    continue;
                };
                let Some(key) = budgets::scope_key(budget, attrs, request, requested).ok().flatten() else {
                    continue;
                };
                let limit = limit_value(budget.limit);
                let used = match windows::position(budget.window, now) {
                    Some(pos) => {
                        let s = self.ledger.read(store, &key, pos, now).map_err(Refusal::Store)?;
                        s.used.saturating_add(s.held)
                    }
                    None => 0,
                };
                // remaining / limit < percent / 100, in integers.
                if u128::from(limit.saturating_sub(used)) * 100 >= u128::from(limit) * u128::from(percent) {
                    continue;
                }
            }
            return Ok(Some((rule.target.clone(), rule.name.clone())));
        }
        Ok(None)
    }

    fn price(&self, family: Family, model: &str) -> Result<ModelPrice, Refusal> {
        if let Some(p) = self.policy.prices.lookup(model) {
            return Ok(p.clone());
        }
        match &self.policy.unknown_model {
            UnknownModel::PriceAs(other) => self
                .policy
                .prices
                .lookup(other)
                .cloned()
                .ok_or_else(|| Refusal::NoPrice(other.clone())),
            UnknownModel::Reject => Err(Refusal::reply(error_reply(
                family,
                ErrorCode::UnknownModel,
                &format!(
                    "tollgate: model `{}` has no known price, and this gateway rejects unpriced models",
                    reply::header_value(model)
                ),
                Some(json!({ "model": model })),
                vec![],
            ))),
        }
    }

    /// Tokens of server-side context a `previous_response_id` continues.
    fn previous_context(&self, family: Family, id: &str, now: u64, store: &dyn SharedStore) -> Result<u64, Refusal> {
        let pos = self.context_pos(now);
        let known = self
            .contexts
            .read(store, &context_key(id), pos, now)
            .map_err(Refusal::Store)?
            .used;
        if known > 0 {
            return Ok(known);
        }
        match self.policy.unknown_previous_response {
            UnknownPrevious::ReserveTokens(n) => Ok(n),
            UnknownPrevious::Reject => Err(Refusal::reply(error_reply(
                family,
                ErrorCode::InvalidRequest,
                &format!(
                    "tollgate: previous_response_id `{}` is unknown to this gateway, so the cost of its server-side context cannot be bounded",
                    reply::header_value(id)
                ),
                Some(json!({ "previous_response_id": id })),
                vec![],
            ))),
        }
    }

    fn context_pos(&self, now: u64) -> crate::store::WindowPos {
        let window = Window::SessionIdle(self.policy.context_ttl_seconds);
        windows::position(window, now).unwrap_or(crate::store::WindowPos {
            id: 0,
            ends_at: now,
            sliding: true,
        })
    }

    /// The counters of one budget for one scope key, for read-outs.
    pub fn read_budget(
        &self,
        budget: &str,
        key_values: &[String],
        now: u64,
        store: &dyn SharedStore,
    ) -> Option<(Snapshot, Option<crate::store::WindowPos>, Limit)> {
        let b = self.policy.budgets.iter().find(|b| b.name == budget)?;
        let key = budgets::compose_key(&b.name, key_values);
        let pos = windows::position(b.window, now);
        let snap = match pos {
            Some(p) => self.ledger.read(store, &key, p, now).ok()?,
            None => Snapshot::default(),
        };
        Some((snap, pos, b.limit))
    }
}

/// Why a ledger reservation on budget `a` failed, as the request's refusal: the budget's
/// own reply when it is exceeded (with the counter as the ledger saw it).
fn reserve_refusal(e: LedgerError, a: &Applicable, family: Family, now: u64, model: &str) -> Refusal {
    match e {
        LedgerError::Exceeded { used, held, .. } => {
            let failing = Applicable {
                snapshot: Snapshot { used, held },
                ..a.clone()
            };
            Refusal::reply(budgets::budget_reply(family, &failing, now, model))
        }
        LedgerError::TableFull { .. } => Refusal::CountersFull,
        other => Refusal::Store(other),
    }
}

fn context_key(id: &str) -> String {
    format!("resp\u{1f}{id}")
}

/// `tokens * permille / 1000`, rounded up.
fn scale(tokens: u64, permille: u64) -> u64 {
    u64::try_from((u128::from(tokens) * u128::from(permille)).div_ceil(1000)).unwrap_or(u64::MAX)
}

/// Replaces the `models/{model}:` segment of a Gemini/Vertex path.
fn replace_path_model(path: &str, from: &str, to: &str) -> String {
    let needle = format!("/models/{from}:");
    match path.split_once(&needle) {
        Some((before, after)) => format!("{before}/models/{to}:{after}"),
        None => path.to_string(),
    }
}
