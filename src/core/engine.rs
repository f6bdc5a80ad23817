//! The decision pipeline: request head → (body) parse → route → count → price → reserve
//! against every budget → a verdict; and, after the response, settlement to the reported
//! usage. Host capabilities come in as narrow traits (`Attributes`, `SharedStore`,
//! `Metrics`) and time as `now` (unix seconds).
//! Pure: no proxy-wasm, no wasm-bindgen, no clock, no I/O.

use serde_json::json;

use crate::core::api::openai::{OpenAiRequest, Rewrite};
use crate::core::api::{ApiError, CapField, Endpoint, InputCount, LlmRequest};
use crate::core::config::{
    Budget, Kind, Limit, OnHardLimit, OnMissing, PassOrReject, Policy, ScopeAttr, UnknownModel,
    Window, model_matches,
};
use crate::core::money;
use crate::core::prices::{ModelPrice, Rates};
use crate::core::reply::{self, ErrorCode, Reply, openai_error};
use crate::core::store::{Check, Hold, Ledger, LedgerError, SharedStore, Snapshot, WindowPos};
use crate::core::tokens::Encoding;
use crate::core::usage::{ApiKind, BodyFormat, Outcome, Usage};
use crate::core::usage::{ObserverConfig, ResponseObserver};
use crate::core::windows;

/// Request attributes the host can answer: headers and (Envoy) properties.
pub trait Attributes {
    fn header(&self, name: &str) -> Option<String>;
    fn property(&self, path: &[String]) -> Option<String>;
}

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
    OutputTokens,
    ReasoningTokens,
    CostNanos,
    SettledUsageReported,
    SettledErrorNoUsage,
    SettledStreamBroken,
    SettledUsageMissing,
    UsageOverReservation,
    CountersFull,
    StoreErrors,
}

pub trait Metrics {
    fn add(&self, metric: Metric, value: u64);
}

/// A metrics sink that drops everything.
pub struct NoMetrics;

impl Metrics for NoMetrics {
    fn add(&self, _: Metric, _: u64) {}
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadVerdict {
    /// Not on a filtered route: leave it alone.
    NotOurs,
    /// Let it through uncounted (a configuration allows it); the reason is for logs.
    PassUncounted(&'static str),
    Reject(Reply),
    /// Read the body, then call `decide`.
    ReadBody(Endpoint),
}

#[derive(Debug, Clone)]
pub enum BodyVerdict {
    Forward(Box<Admission>),
    PassUncounted(&'static str),
    Reject(Reply),
}

/// An admitted request: what to change and what to settle later.
#[derive(Debug, Clone)]
pub struct Admission {
    /// The rewritten body, if it changed.
    pub body: Option<Vec<u8>>,
    pub response_headers: Vec<(String, String)>,
    pub warnings: Vec<String>,
    pub ticket: Ticket,
}

/// One budget's reservation.
#[derive(Debug, Clone)]
pub struct BudgetHold {
    pub budget: usize,
    pub key: String,
    pub hold: Option<Hold>,
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
    /// Input tokens reserved (the count plus the estimate margin).
    pub input_reserved: u64,
    pub output_cap: u64,
    pub choices: u64,
    pub reserved_tokens: u64,
    pub reserved_nanos: u64,
    pub rates: Rates,
    pub holds: Vec<BudgetHold>,
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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettleReport {
    pub tokens: u64,
    pub nanos: u64,
    pub over_reservation: bool,
}

pub struct Engine {
    pub policy: Policy,
    ledger: Ledger,
}

struct Applicable<'a> {
    index: usize,
    budget: &'a Budget,
    key: String,
    pos: Option<WindowPos>,
    amount: u64,
    snapshot: Snapshot,
}

const LEDGER_PREFIX: &str = "tollgate/v1/c/";

impl Engine {
    pub fn new(policy: Policy) -> Engine {
        let ledger = Ledger::new(
            LEDGER_PREFIX,
            policy.counter_slots,
            policy.reservation_ttl_seconds,
        );
        Engine { policy, ledger }
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
            .find(|r| head.path.starts_with(r.path_prefix.as_str()))
        else {
            return HeadVerdict::NotOurs;
        };
        let endpoint =
            Endpoint::from_path(head.path).filter(|_| head.method.eq_ignore_ascii_case("POST"));
        let Some(endpoint) = endpoint else {
            return match route.unknown_endpoints {
                PassOrReject::Pass => HeadVerdict::PassUncounted("unknown_endpoint"),
                PassOrReject::Reject => HeadVerdict::Reject(openai_error(
                    ErrorCode::UnknownEndpoint,
                    &format!(
                        "tollgate: {} {} is not an endpoint this gateway can meter; it is blocked by policy",
                        head.method,
                        path_only(head.path)
                    ),
                    None,
                    vec![],
                )),
            };
        };
        if let Some(encoding) = head
            .content_encoding
            .map(str::trim)
            .filter(|e| !e.is_empty() && !e.eq_ignore_ascii_case("identity"))
        {
            return self.unjudgeable(ErrorCode::UnsupportedContentEncoding, &format!("tollgate: request content-encoding `{}` is not supported; send the body uncompressed", reply::header_value(encoding)));
        }
        if head
            .content_length
            .is_some_and(|len| len > self.policy.max_body_bytes)
        {
            return self.unjudgeable(ErrorCode::BodyTooLarge, &self.too_large_message());
        }
        if !head.has_body {
            return self.unjudgeable(
                ErrorCode::InvalidRequest,
                "tollgate: the request has no body",
            );
        }
        HeadVerdict::ReadBody(endpoint)
    }

    fn too_large_message(&self) -> String {
        format!(
            "tollgate: request body larger than max_body_bytes ({} bytes)",
            self.policy.max_body_bytes
        )
    }

    /// A body larger than `max_body_bytes` seen while buffering.
    pub fn body_too_large(&self) -> BodyVerdict {
        match self.unjudgeable(ErrorCode::BodyTooLarge, &self.too_large_message()) {
            HeadVerdict::Reject(r) => BodyVerdict::Reject(r),
            _ => BodyVerdict::PassUncounted("body_too_large"),
        }
    }

    fn unjudgeable(&self, code: ErrorCode, message: &str) -> HeadVerdict {
        match self.policy.on_unjudgeable {
            PassOrReject::Pass => HeadVerdict::PassUncounted(code.code()),
            PassOrReject::Reject => HeadVerdict::Reject(openai_error(code, message, None, vec![])),
        }
    }

    fn unjudgeable_body(
        &self,
        code: ErrorCode,
        message: &str,
        metrics: &dyn Metrics,
    ) -> BodyVerdict {
        match self.unjudgeable(code, message) {
            HeadVerdict::Reject(r) => {
                metrics.add(Metric::RequestsRejected, 1);
                BodyVerdict::Reject(r)
            }
            _ => {
                metrics.add(Metric::RequestsUncounted, 1);
                BodyVerdict::PassUncounted(code.code())
            }
        }
    }

    /// The decision on a whole request body.
    pub fn decide(
        &self,
        endpoint: Endpoint,
        body: &[u8],
        attrs: &dyn Attributes,
        now: u64,
        store: &dyn SharedStore,
        metrics: &dyn Metrics,
    ) -> BodyVerdict {
        if body.len() as u64 > self.policy.max_body_bytes {
            metrics.add(Metric::RequestsRejected, 1);
            return self.body_too_large();
        }
        let request = match OpenAiRequest::parse(endpoint, body) {
            Ok(r) => r,
            Err(e) => {
                return self.unjudgeable_body(
                    ErrorCode::InvalidRequest,
                    &format!("tollgate: cannot read the request: {e}"),
                    metrics,
                );
            }
        };
        match self.admit(&request, attrs, now, store, metrics) {
            Ok(admission) => BodyVerdict::Forward(Box::new(admission)),
            Err(Refusal::Reply(reply)) => {
                metrics.add(Metric::RequestsRejected, 1);
                BodyVerdict::Reject(reply)
            }
            Err(Refusal::Api(e)) => self.unjudgeable_body(
                ErrorCode::InvalidRequest,
                &format!("tollgate: cannot count the request: {e}"),
                metrics,
            ),
            Err(Refusal::CountersFull) => {
                metrics.add(Metric::CountersFull, 1);
                match self.policy.on_counters_full {
                    PassOrReject::Pass => {
                        metrics.add(Metric::RequestsUncounted, 1);
                        BodyVerdict::PassUncounted("counters_full")
                    }
                    PassOrReject::Reject => {
                        metrics.add(Metric::RequestsRejected, 1);
                        BodyVerdict::Reject(openai_error(
                            ErrorCode::CountersFull,
                            "tollgate: the budget counter table is full; try again later",
                            None,
                            vec![],
                        ))
                    }
                }
            }
            Err(Refusal::Store(e)) => {
                metrics.add(Metric::StoreErrors, 1);
                metrics.add(Metric::RequestsRejected, 1);
                BodyVerdict::Reject(openai_error(
                    ErrorCode::Internal,
                    &format!("tollgate: budget counters unavailable: {e}"),
                    None,
                    vec![],
                ))
            }
        }
    }

    fn admit(
        &self,
        request: &OpenAiRequest,
        attrs: &dyn Attributes,
        now: u64,
        store: &dyn SharedStore,
        metrics: &dyn Metrics,
    ) -> Result<Admission, Refusal> {
        let policy = &self.policy;
        let requested = request.model().to_string();

        // 1. Route: budgets, prices and the encoding follow the routed model.
        let (model, rule) = self.route(&requested, request, attrs, now, store)?;

        // 2. Price.
        let price = self.price(&model)?;

        // 3. Count.
        let encoding = policy.encoding_for(&model);
        let input = request.count_input(encoding)?;
        let uncertain = input.framing + input.estimated;
        let margin = uncertain
            .saturating_mul(policy.estimate_margin_percent)
            .div_ceil(100);
        let input_reserved = input.total().saturating_add(margin);

        // 4. Output cap: the client's, or the configured default written into the request.
        let endpoint = request.endpoint();
        let choices = request.choices();
        let client_cap = request.output_cap();
        let default_cap = {
            let cap = policy.default_max_output_tokens;
            price
                .max_output
                .filter(|m| *m > 0)
                .map_or(cap, |m| cap.min(m))
        };
        let (cap_field, mut cap) = match (endpoint.has_output(), client_cap) {
            (false, _) => (None, 0),
            (true, Some((field, cap))) => (Some(field), cap),
            (true, None) => (None, default_cap),
        };
        let rates = price.rates_for_prompt(input_reserved);

        // 5. Budgets.
        let mut applicable = self.applicable(request, &model, attrs, now, store)?;
        let amounts = |cap: u64, a: &Applicable| -> u64 {
            let output = cap.saturating_mul(choices);
            match a.budget.limit {
                Limit::Tokens(_) => input_reserved.saturating_add(output),
                Limit::Nanos(_) => worst_cost(&rates, input_reserved, output),
            }
        };
        for a in applicable.iter_mut() {
            a.amount = amounts(cap, a);
        }

        // The strictest failing hard budget decides; or the output cap is lowered.
        let mut cap_lowered = false;
        if let Some(failing) = strictest_failing(&applicable) {
            let affordable =
                if policy.on_hard_limit == OnHardLimit::LowerOutputCap && endpoint.has_output() {
                    affordable_cap(&applicable, &rates, input_reserved, choices)
                        .filter(|c| *c >= policy.min_output_tokens && *c < cap)
                } else {
                    None
                };
            match affordable {
                Some(lower) => {
                    cap = lower;
                    cap_lowered = true;
                    for a in applicable.iter_mut() {
                        a.amount = amounts(cap, a);
                    }
                }
                None => return Err(Refusal::Reply(self.budget_reply(failing, now, &model))),
            }
        }

        // Reserve everywhere; a concurrent request may have taken the room since we read.
        let mut holds: Vec<BudgetHold> = Vec::new();
        let mut warnings = Vec::new();
        for a in &applicable {
            let Some(pos) = a.pos else {
                if a.budget.kind == Kind::Soft && a.amount > limit_value(a.budget.limit) {
                    warnings.push(format!(
                        "{}: request would use {} of {}",
                        a.budget.name,
                        show(a.budget.limit, a.amount),
                        show_limit(a.budget.limit)
                    ));
                }
                holds.push(BudgetHold {
                    budget: a.index,
                    key: a.key.clone(),
                    hold: None,
                });
                continue;
            };
            let check = match a.budget.kind {
                Kind::Hard => Check::AtMost(limit_value(a.budget.limit)),
                Kind::Soft => Check::None,
            };
            match self
                .ledger
                .reserve(store, &a.key, pos, now, a.amount, check)
            {
                Ok((hold, snapshot)) => {
                    if a.budget.kind == Kind::Soft
                        && snapshot.used.saturating_add(snapshot.held) > limit_value(a.budget.limit)
                    {
                        warnings.push(format!(
                            "{}: {} used or reserved of {}",
                            a.budget.name,
                            show(a.budget.limit, snapshot.used.saturating_add(snapshot.held)),
                            show_limit(a.budget.limit)
                        ));
                    }
                    holds.push(BudgetHold {
                        budget: a.index,
                        key: a.key.clone(),
                        hold: Some(hold),
                    });
                }
                Err(e) => {
                    self.release_all(&holds, now, store);
                    return Err(match e {
                        LedgerError::Exceeded { used, held, .. } => {
                            let failing = Applicable {
                                snapshot: Snapshot { used, held },
                                key: a.key.clone(),
                                ..*a
                            };
                            Refusal::Reply(self.budget_reply(&failing, now, &model))
                        }
                        LedgerError::TableFull { .. } => Refusal::CountersFull,
                        other => Refusal::Store(other.to_string()),
                    });
                }
            }
        }
        metrics.add(Metric::ReservationsOpened, 1);
        metrics.add(
            if warnings.is_empty() {
                Metric::RequestsAllowed
            } else {
                Metric::RequestsWarned
            },
            1,
        );

        // 6. Rewrite.
        let stream = request.stream();
        let strip_usage_chunk = stream && !request.client_asked_for_usage();
        let rewrite = Rewrite {
            model: (model != requested).then(|| model.clone()),
            output_cap: match (cap_field, client_cap) {
                (_, None) if endpoint.has_output() => Some((default_cap_field(endpoint), cap)),
                (Some(field), Some(_)) if cap_lowered => Some((field, cap)),
                _ => None,
            },
            include_usage: stream
                && endpoint != Endpoint::Embeddings
                && !request.client_asked_for_usage(),
        };
        if rewrite.model.is_some() {
            metrics.add(Metric::ModelRewritten, 1);
        }
        if cap_lowered {
            metrics.add(Metric::OutputCapLowered, 1);
        }
        let body = request.rewrite(&rewrite)?;

        let reserved_tokens = input_reserved.saturating_add(cap.saturating_mul(choices));
        let reserved_nanos = worst_cost(&rates, input_reserved, cap.saturating_mul(choices));
        let mut response_headers = Vec::new();
        if policy.response_headers {
            response_headers.push(("x-tollgate-model".into(), reply::header_value(&model)));
            if let Some(rule) = rule {
                response_headers.push(("x-tollgate-route".into(), reply::header_value(&rule)));
            }
            response_headers.push(("x-tollgate-input-tokens".into(), input.total().to_string()));
            response_headers.push((
                "x-tollgate-input-exact".into(),
                input.is_exact().to_string(),
            ));
            response_headers.push((
                "x-tollgate-reserved-tokens".into(),
                reserved_tokens.to_string(),
            ));
            response_headers.push((
                "x-tollgate-reserved-usd".into(),
                money::format_nanos_usd(reserved_nanos),
            ));
            if cap_lowered {
                response_headers.push(("x-tollgate-output-cap".into(), cap.to_string()));
            }
            if let Some(tightest) = self.tightest_after(&applicable, now, store) {
                response_headers.extend(tightest);
            }
            for w in &warnings {
                response_headers.push(("x-tollgate-warning".into(), reply::header_value(w)));
            }
        }
        Ok(Admission {
            body,
            response_headers,
            warnings,
            ticket: Ticket {
                endpoint,
                api: api_kind(endpoint),
                stream,
                strip_usage_chunk,
                requested_model: requested,
                model,
                encoding,
                input,
                input_reserved,
                output_cap: cap,
                choices,
                reserved_tokens,
                reserved_nanos,
                rates,
                holds,
            },
        })
    }

    /// RateLimit headers for the budget with the least room left after this reservation.
    fn tightest_after(
        &self,
        applicable: &[Applicable],
        now: u64,
        store: &dyn SharedStore,
    ) -> Option<Vec<(String, String)>> {
        let mut best: Option<(u128, Vec<(String, String)>)> = None;
        for a in applicable.iter().filter(|a| a.budget.kind == Kind::Hard) {
            let limit = limit_value(a.budget.limit);
            let (remaining, reset_in, window) = match a.pos {
                Some(pos) => {
                    let s = self
                        .ledger
                        .read(store, &a.key, pos, now)
                        .unwrap_or(a.snapshot);
                    (
                        limit.saturating_sub(s.used.saturating_add(s.held)),
                        Some(pos.ends_at.saturating_sub(now)),
                        window_seconds(a.budget.window),
                    )
                }
                None => (limit.saturating_sub(a.amount), None, None),
            };
            // Compare remaining shares without floats: remaining / limit.
            let share = (u128::from(remaining) << 32) / u128::from(limit.max(1));
            if best.as_ref().is_none_or(|(s, _)| share < *s) {
                let unit = match a.budget.limit {
                    Limit::Tokens(_) => "tokens",
                    Limit::Nanos(_) => "usd-nanos",
                };
                best = Some((
                    share,
                    reply::ratelimit_headers(
                        &a.budget.name,
                        limit,
                        remaining,
                        window,
                        reset_in,
                        unit,
                    ),
                ));
            }
        }
        best.map(|(_, h)| h)
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

    fn route(
        &self,
        requested: &str,
        request: &OpenAiRequest,
        attrs: &dyn Attributes,
        now: u64,
        store: &dyn SharedStore,
    ) -> Result<(String, Option<String>), Refusal> {
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
                let Some(key) = scope_key(budget, attrs, request, requested).ok().flatten() else {
                    continue;
                };
                let limit = limit_value(budget.limit);
                let used = match windows::position(budget.window, now) {
                    Some(pos) => {
                        let s = self
                            .ledger
                            .read(store, &key, pos, now)
                            .map_err(|e| Refusal::Store(e.to_string()))?;
                        s.used.saturating_add(s.held)
                    }
                    None => 0,
                };
                let remaining = limit.saturating_sub(used);
                // remaining / limit < percent / 100, in integers.
                if u128::from(remaining) * 100 >= u128::from(limit) * u128::from(percent) {
                    continue;
                }
            }
            return Ok((rule.target.clone(), Some(rule.name.clone())));
        }
        Ok((requested.to_string(), None))
    }

    fn price(&self, model: &str) -> Result<ModelPrice, Refusal> {
        if let Some(p) = self.policy.prices.lookup(model) {
            return Ok(p.clone());
        }
        match &self.policy.unknown_model {
            UnknownModel::PriceAs(other) => self
                .policy
                .prices
                .lookup(other)
                .cloned()
                .ok_or_else(|| Refusal::Store(format!("price_as model `{other}` vanished"))),
            UnknownModel::Reject => Err(Refusal::Reply(openai_error(
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

    fn applicable<'a>(
        &'a self,
        request: &OpenAiRequest,
        model: &str,
        attrs: &dyn Attributes,
        now: u64,
        store: &dyn SharedStore,
    ) -> Result<Vec<Applicable<'a>>, Refusal> {
        let mut out = Vec::new();
        for (index, budget) in self.policy.budgets.iter().enumerate() {
            if !budget.models.is_empty() && !budget.models.iter().any(|p| model_matches(p, model)) {
                continue;
            }
            let key = match scope_key(budget, attrs, request, model) {
                Ok(Some(key)) => key,
                Ok(None) => continue,
                Err(missing) => {
                    return Err(Refusal::Reply(openai_error(
                        ErrorCode::MissingScopeAttribute,
                        &format!(
                            "tollgate: budget `{}` needs {missing}, which the request does not carry",
                            budget.name
                        ),
                        Some(json!({ "rule": budget.name, "missing": missing })),
                        vec![],
                    )));
                }
            };
            let pos = windows::position(budget.window, now);
            let snapshot = match pos {
                Some(pos) => self
                    .ledger
                    .read(store, &key, pos, now)
                    .map_err(|e| Refusal::Store(e.to_string()))?,
                None => Snapshot::default(),
            };
            out.push(Applicable {
                index,
                budget,
                key,
                pos,
                amount: 0,
                snapshot,
            });
        }
        Ok(out)
    }

    fn budget_reply(&self, a: &Applicable, now: u64, model: &str) -> Reply {
        let limit = limit_value(a.budget.limit);
        let used = a.snapshot.used;
        let held = a.snapshot.held;
        let remaining = limit.saturating_sub(used.saturating_add(held));
        let reset_at = a.pos.map(|p| p.ends_at);
        let reset_in = reset_at.map(|r| r.saturating_sub(now));
        let mut message = format!(
            "tollgate: budget `{}` exceeded: this request needs {} (model {}), {} used and {} reserved of {}",
            a.budget.name,
            show(a.budget.limit, a.amount),
            model,
            show(a.budget.limit, used),
            show(a.budget.limit, held),
            show_limit(a.budget.limit),
        );
        match (reset_at, a.budget.window) {
            (_, Window::Request) => message
                .push_str("; the limit is per request: ask for fewer output tokens or send less"),
            (Some(at), Window::SessionIdle(idle)) => message.push_str(&format!(
                "; the session budget resets after {idle}s idle (at {} at the earliest)",
                windows::rfc3339(at)
            )),
            (Some(at), _) => message.push_str(&format!("; resets at {}", windows::rfc3339(at))),
            (None, _) => {}
        }
        let unit = match a.budget.limit {
            Limit::Tokens(_) => "tokens",
            Limit::Nanos(_) => "usd",
        };
        let value = |n: u64| match a.budget.limit {
            Limit::Tokens(_) => json!(n),
            Limit::Nanos(_) => json!(money::format_nanos_usd(n)),
        };
        let details = json!({
            "rule": a.budget.name,
            "kind": "hard",
            "unit": unit,
            "limit": value(limit),
            "used": value(used),
            "reserved": value(held),
            "requested": value(a.amount),
            "remaining": value(remaining),
            "resets_at": reset_at.map(windows::rfc3339),
            "model": model,
        });
        let unit = match a.budget.limit {
            Limit::Tokens(_) => "tokens",
            Limit::Nanos(_) => "usd-nanos",
        };
        let mut headers = reply::ratelimit_headers(
            &a.budget.name,
            limit,
            remaining,
            window_seconds(a.budget.window),
            reset_in,
            unit,
        );
        if let Some(secs) =
            reset_in.filter(|s| *s <= 120 && !matches!(a.budget.window, Window::SessionIdle(_)))
        {
            headers.push(("retry-after".into(), secs.max(1).to_string()));
        }
        openai_error(ErrorCode::BudgetExceeded, &message, Some(details), headers)
    }

    /// Settles every reservation of a finished request to what it actually used.
    pub fn settle(
        &self,
        ticket: &Ticket,
        outcome: &Settlement,
        now: u64,
        store: &dyn SharedStore,
        metrics: &dyn Metrics,
    ) -> SettleReport {
        let (tokens, nanos) = match outcome {
            Settlement::Usage(u) => {
                metrics.add(Metric::SettledUsageReported, 1);
                metrics.add(Metric::InputTokens, u.input_tokens);
                metrics.add(Metric::CachedInputTokens, u.cached_input_tokens);
                metrics.add(Metric::OutputTokens, u.output_tokens);
                metrics.add(Metric::ReasoningTokens, u.reasoning_tokens);
                (
                    u.input_tokens.saturating_add(u.output_tokens),
                    usage_cost(&ticket.rates, u),
                )
            }
            Settlement::ErrorNoUsage => {
                metrics.add(Metric::SettledErrorNoUsage, 1);
                (0, 0)
            }
            Settlement::Broken {
                relayed_output_tokens,
            } => {
                metrics.add(Metric::SettledStreamBroken, 1);
                let u = Usage {
                    input_tokens: ticket.input.total(),
                    output_tokens: *relayed_output_tokens,
                    ..Usage::default()
                };
                metrics.add(Metric::InputTokens, u.input_tokens);
                metrics.add(Metric::OutputTokens, u.output_tokens);
                (
                    u.input_tokens.saturating_add(u.output_tokens),
                    usage_cost(&ticket.rates, &u),
                )
            }
            Settlement::UsageMissing => {
                metrics.add(Metric::SettledUsageMissing, 1);
                (ticket.reserved_tokens, ticket.reserved_nanos)
            }
        };
        metrics.add(Metric::CostNanos, nanos);
        metrics.add(Metric::ReservationsSettled, 1);
        let over = tokens > ticket.reserved_tokens || nanos > ticket.reserved_nanos;
        if over {
            metrics.add(Metric::UsageOverReservation, 1);
        }
        for h in &ticket.holds {
            let Some(budget) = self.policy.budgets.get(h.budget) else {
                continue;
            };
            let Some(pos) = windows::position(budget.window, now) else {
                continue;
            };
            let actual = match budget.limit {
                Limit::Tokens(_) => tokens,
                Limit::Nanos(_) => nanos,
            };
            let empty = Hold {
                digest: Ledger::digest(&h.key),
                epoch: 0,
                amount: 0,
            };
            if self
                .ledger
                .settle(
                    store,
                    &h.key,
                    h.hold.as_ref().unwrap_or(&empty),
                    actual,
                    pos,
                    now,
                )
                .is_err()
            {
                metrics.add(Metric::StoreErrors, 1);
            }
        }
        SettleReport {
            tokens,
            nanos,
            over_reservation: over,
        }
    }

    /// The counters of one budget for one scope key, for read-outs.
    pub fn read_budget(
        &self,
        budget: &str,
        key_values: &[String],
        now: u64,
        store: &dyn SharedStore,
    ) -> Option<(Snapshot, Option<WindowPos>, Limit)> {
        let b = self.policy.budgets.iter().find(|b| b.name == budget)?;
        let key = compose_key(&b.name, key_values);
        let pos = windows::position(b.window, now);
        let snap = match pos {
            Some(p) => self.ledger.read(store, &key, p, now).ok()?,
            None => Snapshot::default(),
        };
        Some((snap, pos, b.limit))
    }
}

enum Refusal {
    Reply(Reply),
    Api(ApiError),
    CountersFull,
    Store(String),
}

impl From<ApiError> for Refusal {
    fn from(e: ApiError) -> Refusal {
        Refusal::Api(e)
    }
}

fn default_cap_field(endpoint: Endpoint) -> CapField {
    match endpoint {
        // o-series and gpt-5 reject max_tokens; max_completion_tokens works for all chat models.
        Endpoint::ChatCompletions => CapField::MaxCompletionTokens,
        _ => CapField::MaxTokens,
    }
}

fn api_kind(endpoint: Endpoint) -> ApiKind {
    match endpoint {
        Endpoint::ChatCompletions => ApiKind::OpenAiChat,
        Endpoint::Completions => ApiKind::OpenAiCompletions,
        Endpoint::Embeddings => ApiKind::OpenAiEmbeddings,
    }
}

fn path_only(path: &str) -> String {
    reply::header_value(path.split('?').next().unwrap_or(path))
}

fn limit_value(limit: Limit) -> u64 {
    match limit {
        Limit::Tokens(t) | Limit::Nanos(t) => t,
    }
}

fn show(limit: Limit, amount: u64) -> String {
    match limit {
        Limit::Tokens(_) => format!("{amount} tokens"),
        Limit::Nanos(_) => format!("${}", money::format_nanos_usd(amount)),
    }
}

fn show_limit(limit: Limit) -> String {
    show(limit, limit_value(limit))
}

fn window_seconds(window: Window) -> Option<u64> {
    match window {
        Window::Request | Window::Month => None,
        Window::Minute => Some(60),
        Window::Hour => Some(3600),
        Window::Day => Some(86_400),
        Window::Seconds(s) | Window::SessionIdle(s) => Some(s),
    }
}

/// The budget's counter key for this request; `Ok(None)` to skip the budget; `Err` names
/// the missing attribute when the budget says to reject.
fn scope_key(
    budget: &Budget,
    attrs: &dyn Attributes,
    request: &OpenAiRequest,
    model: &str,
) -> Result<Option<String>, String> {
    let mut values = Vec::with_capacity(budget.scope.len());
    for attr in &budget.scope {
        let (value, what) = match attr {
            ScopeAttr::Header(name) => (attrs.header(name), format!("header `{name}`")),
            ScopeAttr::Property(path) => (
                attrs.property(path),
                format!("property `{}`", path.join(".")),
            ),
            ScopeAttr::Model => (Some(model.to_string()), "the model".to_string()),
            ScopeAttr::BodyUser => (
                request.user().map(str::to_string),
                "the body field `user`".to_string(),
            ),
        };
        match value.filter(|v| !v.is_empty()) {
            Some(v) => values.push(v),
            None => match budget.on_missing {
                OnMissing::Reject => return Err(what),
                OnMissing::Skip => return Ok(None),
                OnMissing::Shared => values.push("\u{1}shared".to_string()),
            },
        }
    }
    Ok(Some(compose_key(&budget.name, &values)))
}

fn compose_key(name: &str, values: &[String]) -> String {
    let mut key = name.to_string();
    for v in values {
        key.push('\u{1f}');
        key.push_str(v);
    }
    key
}

/// The hard budget that fails with the least room left, if any fails.
fn strictest_failing<'a, 'b>(applicable: &'b [Applicable<'a>]) -> Option<&'b Applicable<'a>> {
    applicable
        .iter()
        .filter(|a| a.budget.kind == Kind::Hard)
        .filter(|a| {
            a.snapshot
                .used
                .saturating_add(a.snapshot.held)
                .saturating_add(a.amount)
                > limit_value(a.budget.limit)
        })
        .min_by_key(|a| {
            let limit = limit_value(a.budget.limit);
            let remaining = limit.saturating_sub(a.snapshot.used.saturating_add(a.snapshot.held));
            // Least share of its limit left; on a tie, least room.
            (
                (u128::from(remaining) << 32) / u128::from(limit.max(1)),
                remaining,
            )
        })
}

/// The largest output cap every hard budget can still afford.
fn affordable_cap(
    applicable: &[Applicable],
    rates: &Rates,
    input: u64,
    choices: u64,
) -> Option<u64> {
    let mut cap = u64::MAX;
    for a in applicable.iter().filter(|a| a.budget.kind == Kind::Hard) {
        let limit = limit_value(a.budget.limit);
        let room = limit.saturating_sub(a.snapshot.used.saturating_add(a.snapshot.held));
        let per_choice = match a.budget.limit {
            Limit::Tokens(_) => room.checked_sub(input)? / choices.max(1),
            Limit::Nanos(_) => {
                let input_cost = worst_cost(rates, input, 0);
                let left = room.checked_sub(input_cost)?;
                // output tokens t with ceil(t * out / 1000) <= left  =>  t <= left * 1000 / out
                let out = rates.output.max(1);
                u64::try_from(u128::from(left) * 1000 / u128::from(out)).unwrap_or(u64::MAX)
                    / choices.max(1)
            }
        };
        cap = cap.min(per_choice);
    }
    Some(cap)
}

/// Worst-case cost: no cache hits; output at the output price (reasoning included).
fn worst_cost(rates: &Rates, input: u64, output: u64) -> u64 {
    money::cost_nanos_ceil_sum([
        (input, rates.input),
        (output, rates.output.max(rates.reasoning.unwrap_or(0))),
    ])
}

/// The cost of reported usage: uncached input, cache reads and writes, output.
pub fn usage_cost(rates: &Rates, u: &Usage) -> u64 {
    let cached = u.cached_input_tokens;
    let written = u.cache_write_tokens;
    let plain_input = u
        .input_tokens
        .saturating_sub(cached)
        .saturating_sub(written);
    let reasoning_rate = rates.reasoning.unwrap_or(rates.output);
    let plain_output = if rates.reasoning.is_some() {
        u.output_tokens.saturating_sub(u.reasoning_tokens)
    } else {
        u.output_tokens
    };
    let reasoning = if rates.reasoning.is_some() {
        u.reasoning_tokens
    } else {
        0
    };
    money::cost_nanos_ceil_sum([
        (plain_input, rates.input),
        (cached, rates.cached_input.unwrap_or(rates.input)),
        (written, rates.cache_write.unwrap_or(rates.input)),
        (plain_output, rates.output),
        (reasoning, reasoning_rate),
    ])
}

/// How to read one admitted request's response.
#[derive(Debug)]
pub struct ResponsePlan {
    /// `None` when the body cannot be read (e.g. compressed): settlement then charges
    /// the reservation.
    pub observer: Option<ResponseObserver>,
    /// Remove `content-length`: the filter may change the body's length.
    pub remove_content_length: bool,
}

/// Largest JSON body copy, SSE event and relayed text the observer keeps.
const OBSERVER_BUFFER_BYTES: usize = 4 * 1024 * 1024;

impl Engine {
    pub fn on_response_head(
        &self,
        ticket: &Ticket,
        content_type: Option<&str>,
        content_encoding: Option<&str>,
    ) -> ResponsePlan {
        let compressed = content_encoding
            .map(str::trim)
            .is_some_and(|e| !e.is_empty() && !e.eq_ignore_ascii_case("identity"));
        if compressed {
            return ResponsePlan {
                observer: None,
                remove_content_length: false,
            };
        }
        let format = BodyFormat::from_content_type(content_type.unwrap_or(""));
        let strip = ticket.strip_usage_chunk && format == BodyFormat::Sse;
        let observer = ResponseObserver::new(ObserverConfig {
            api: ticket.api,
            format,
            strip_usage_chunk: strip,
            max_buffer_bytes: OBSERVER_BUFFER_BYTES,
        });
        ResponsePlan {
            observer: Some(observer),
            remove_content_length: strip,
        }
    }

    /// What to settle once the response ended (`complete`: the body reached its end) or
    /// was cut off.
    pub fn conclude(
        &self,
        ticket: &Ticket,
        status: u32,
        observer: Option<&ResponseObserver>,
        complete: bool,
    ) -> Settlement {
        let success = (200..300).contains(&status);
        let Some(observer) = observer else {
            return if success {
                Settlement::UsageMissing
            } else {
                Settlement::ErrorNoUsage
            };
        };
        let usage = observer.usage();
        let outcome = observer.outcome();
        match (usage, &outcome) {
            (Some(u), Outcome::UsageReported) => Settlement::Usage(u),
            (Some(u), Outcome::StreamError(_)) | (Some(u), Outcome::ErrorBody(_)) => {
                Settlement::Usage(u)
            }
            (Some(u), Outcome::UsagePartial) => {
                let relayed = relayed_tokens(ticket, observer);
                Settlement::Usage(Usage {
                    output_tokens: u.output_tokens.max(relayed),
                    ..u
                })
            }
            (Some(u), _) if complete => Settlement::Usage(u),
            _ if !success => Settlement::ErrorNoUsage,
            _ if ticket.stream || !complete => Settlement::Broken {
                relayed_output_tokens: relayed_tokens(ticket, observer),
            },
            _ => Settlement::UsageMissing,
        }
    }
}

/// Output tokens already relayed to the client, counted with the model's encoding; when
/// the kept text was truncated, scaled up by the characters seen.
fn relayed_tokens(ticket: &Ticket, observer: &ResponseObserver) -> u64 {
    let text = observer.relayed_output_text();
    let counted = ticket
        .encoding
        .count(text)
        .unwrap_or_else(|_| (text.len() as u64).div_ceil(2));
    let kept_chars = text.chars().count() as u64;
    let all_chars = observer.relayed_output_chars();
    if all_chars > kept_chars && kept_chars > 0 {
        u64::try_from(u128::from(counted) * u128::from(all_chars) / u128::from(kept_chars))
            .unwrap_or(u64::MAX)
    } else {
        counted
    }
}
