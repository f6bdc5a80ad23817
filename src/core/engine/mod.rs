//! The decision pipeline: request head → (body) parse → route → count → price → reserve
//! against every budget → a verdict; and, after the response, settlement to the reported
//! usage. Host capabilities come in as narrow traits (`Attributes`, `SharedStore`,
//! `Metrics`) and time as `now` (unix seconds).
//! Pure: no proxy-wasm, no wasm-bindgen, no clock, no I/O.

mod admin;
mod budgets;
pub mod cost;
mod guarding;
mod host;
mod observing;
mod settle;

use serde_json::json;

pub use self::host::{
    Admission, Attributes, BodyVerdict, BudgetHold, Concluded, Destination, HeadRoute, HeadVerdict, Metric, Metrics,
    NoMetrics, RequestHead, RequestLabels, SettleReport, Settlement, Ticket,
};
pub use self::settle::ResponsePlan;

use self::budgets::{Applicable, Missing, limit_value, show, show_limit};
use self::cost::worst_cost;
use crate::core::api::{self, ApiError, Family, LlmRequest, Rewrite, Target};
use crate::core::calibration;
use crate::core::config::{
    Kind, Limit, OnHardLimit, PassOrReject, Policy, UnknownModel, UnknownPrevious, Window, model_matches,
};
use crate::core::money;
use crate::core::prices::ModelPrice;
use crate::core::reply::{self, ErrorCode, Reply, error_reply};
use crate::core::store::{Check, Ledger, LedgerError, SharedStore, Snapshot};
use crate::core::tokens::Encoding;
use crate::core::windows;

pub struct Engine {
    pub policy: Policy,
    ledger: Ledger,
    /// Responses API: response id → context size the provider reported.
    contexts: Ledger,
}

const LEDGER_PREFIX: &str = "tollgate/v1/c/";
const CONTEXT_PREFIX: &str = "tollgate/v1/r/";

/// A soft budget exceeded by this request, for the warning header and its alert.
struct SoftWarning {
    text: String,
    budget: String,
    scope: String,
    alert_key: String,
}

enum Refusal {
    Reply(Reply),
    /// Let it through uncounted (a route allows requests it cannot meter).
    Pass(&'static str),
    Unjudgeable(ErrorCode, String),
    CountersFull,
    Store(String),
}

impl From<Missing> for Refusal {
    fn from(m: Missing) -> Refusal {
        match m {
            Missing::Reply(r) => Refusal::Reply(r),
            Missing::Store(LedgerError::TableFull { .. }) => Refusal::CountersFull,
            Missing::Store(e) => Refusal::Store(e.to_string()),
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

/// The error shape for a path, when the endpoint is not known yet.
fn family_of_path(path: &str) -> Family {
    if path.contains("/messages") {
        Family::Anthropic
    } else if path.contains(":generateContent") || path.contains(":streamGenerateContent") || path.contains("/models/")
    {
        Family::Gemini
    } else {
        Family::OpenAi
    }
}

impl Engine {
    pub fn new(policy: Policy) -> Engine {
        let ledger = Ledger::new(LEDGER_PREFIX, policy.counter_slots, policy.reservation_ttl_seconds);
        let contexts = Ledger::new(CONTEXT_PREFIX, policy.context_slots, 1);
        Engine {
            policy,
            ledger,
            contexts,
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
        let family = family_of_path(head.path);
        let target = Target::from_path(head.path).filter(|_| head.method.eq_ignore_ascii_case("POST"));
        let Some(target) = target else {
            return self.unknown_endpoint(route, family, head.method, head.path);
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
            PassOrReject::Pass => HeadVerdict::PassUncounted("unknown_endpoint"),
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
    pub fn route_on_head(
        &self,
        destination: &mut Destination,
        path: &str,
        attrs: &dyn Attributes,
        now: u64,
        store: &dyn SharedStore,
    ) {
        let Some(requested) = destination.target.path_model.clone() else {
            return;
        };
        let Ok(Some((model, rule))) = self.route(&requested, None, attrs, now, store) else {
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
            _ => BodyVerdict::PassUncounted("request_trailers"),
        }
    }

    pub fn body_too_large(&self, destination: &Destination) -> BodyVerdict {
        match self.unjudgeable(
            destination.target.endpoint.family(),
            ErrorCode::BodyTooLarge,
            &self.too_large_message(),
        ) {
            HeadVerdict::Reject(r) => BodyVerdict::Reject(r),
            _ => BodyVerdict::PassUncounted("body_too_large"),
        }
    }

    fn unjudgeable(&self, family: Family, code: ErrorCode, message: &str) -> HeadVerdict {
        match self.policy.on_unjudgeable {
            PassOrReject::Pass => HeadVerdict::PassUncounted(code.code()),
            PassOrReject::Reject => HeadVerdict::Reject(error_reply(family, code, message, None, vec![])),
        }
    }

    /// The decision on a whole request body.
    #[allow(clippy::too_many_arguments)]
    pub fn decide(
        &self,
        destination: &Destination,
        path: &str,
        body: &[u8],
        attrs: &dyn Attributes,
        now: u64,
        store: &dyn SharedStore,
        metrics: &dyn Metrics,
    ) -> BodyVerdict {
        let family = destination.target.endpoint.family();
        if body.len() as u64 > self.policy.max_body_bytes {
            metrics.add(Metric::RequestsRejected, 1);
            return self.body_too_large(destination);
        }
        let mut labels = RequestLabels {
            api: destination.target.endpoint.name(),
            model: "unknown".into(),
            routed_model: "unknown".into(),
            feature: "none".into(),
        };
        let refusal = match self.admit(destination, path, body, attrs, now, store, metrics, &mut labels) {
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
            Refusal::Reply(reply) => (BodyVerdict::Reject(reply), Metric::RequestsRejected),
            Refusal::Pass(why) => {
                metrics.add(Metric::UnknownEndpointPassed, 1);
                (BodyVerdict::PassUncounted(why), Metric::RequestsUncounted)
            }
            Refusal::Unjudgeable(code, message) => match self.unjudgeable(family, code, &message) {
                HeadVerdict::Reject(r) => (BodyVerdict::Reject(r), Metric::RequestsRejected),
                _ => (BodyVerdict::PassUncounted(code.code()), Metric::RequestsUncounted),
            },
            Refusal::CountersFull => {
                metrics.add(Metric::CountersFull, 1);
                match self.policy.on_counters_full {
                    PassOrReject::Pass => (BodyVerdict::PassUncounted("counters_full"), Metric::RequestsUncounted),
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
        };
        metrics.add(metric, 1);
        match &verdict {
            BodyVerdict::Reject(reply) => {
                self.emit_decision(&labels, "rejected", reply.code, metrics);
                if !reply.rule.is_empty() {
                    metrics.attribute("rule", &reply.rule);
                }
                self.alert_for_reply(reply, &labels, now, store, metrics);
            }
            BodyVerdict::PassUncounted(why) => self.emit_decision(&labels, "uncounted", why, metrics),
            BodyVerdict::Forward(_) => {}
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

    #[allow(clippy::too_many_arguments)]
    fn admit(
        &self,
        destination: &Destination,
        path: &str,
        body: &[u8],
        attrs: &dyn Attributes,
        now: u64,
        store: &dyn SharedStore,
        metrics: &dyn Metrics,
        labels: &mut RequestLabels,
    ) -> Result<Admission, Refusal> {
        let policy = &self.policy;
        let endpoint = destination.target.endpoint;
        let family = endpoint.family();
        let hint = self.model_hint(destination);
        let parsed = api::parse(&destination.target, body, hint.as_deref(), &policy.parse)?;
        let mut request: &dyn LlmRequest = parsed.as_ref();
        if let Some(feature) = request.unmeterable() {
            let policy = policy
                .routes
                .get(destination.route)
                .map_or(PassOrReject::Reject, |r| r.unknown_endpoints);
            return match policy {
                PassOrReject::Pass => Err(Refusal::Pass(feature)),
                PassOrReject::Reject => Err(Refusal::Reply(error_reply(
                    family,
                    ErrorCode::UnknownEndpoint,
                    &format!("tollgate: requests with {feature} cannot be metered by this gateway; blocked by policy"),
                    None,
                    vec![],
                ))),
            };
        }

        // 1. Route: budgets, prices and even the encoding follow the routed model.
        let (requested, model, rule) = match &destination.head_route {
            Some(head) => (
                head.requested.clone(),
                request.model().to_string(),
                Some(head.rule.clone()),
            ),
            None if destination.target.path_model.is_some() => {
                (request.model().to_string(), request.model().to_string(), None)
            }
            None => {
                let requested = request.model().to_string();
                match self.route(&requested, Some(request), attrs, now, store)? {
                    Some((model, rule)) => (requested, model, Some(rule)),
                    None => (requested.clone(), requested, None),
                }
            }
        };

        *labels = self.labels_for(endpoint, &requested, &model, attrs);
        self.attribute_who(attrs, &requested, &model, metrics);

        // 2. Price.
        let price = self.price(family, &model)?;

        // 3. Count: exact with the model's own encoding, else an estimate.
        let estimator = policy.estimator_for(&model);
        let encoding = estimator.map_or_else(|| policy.encoding_for(&model), |e| e.encoding);
        let mut input = request.count_input(encoding)?;

        // The opt-in sliding window: drop the oldest droppable messages.
        let trimmed_request;
        let mut trimmed: Option<(Vec<u8>, usize)> = None;
        if let Some(window) = policy.guards.trim.as_ref().filter(|w| input.total() > w.above_tokens) {
            let permille = estimator.map_or(1000, |e| e.multiplier_permille).max(1);
            let target = u64::try_from(u128::from(window.to_tokens) * 1000 / u128::from(permille)).unwrap_or(u64::MAX);
            if let Some((new_body, dropped)) = request.trim(encoding, target, &window.pin_marker)? {
                trimmed_request = api::parse(&destination.target, &new_body, hint.as_deref(), &policy.parse)?;
                request = trimmed_request.as_ref();
                input = request.count_input(encoding)?;
                metrics.add(Metric::ContextTrimmed, 1);
                trimmed = Some((new_body, dropped));
            }
        }
        // Text counts are exact with the model's own tokenizer: OpenAI's encodings for
        // OpenAI models (and configured prefixes), Gemma 3 for Gemini.
        let openai_model = matches!(
            price.provider.as_str(),
            "openai" | "azure" | "text-completion-openai" | "custom"
        ) || encoding == Encoding::Gemma3
            || policy.encodings.iter().any(|(p, _)| model.starts_with(p.as_str()));
        let calibration_key = estimator.filter(|e| e.calibrate).map(|_| model.clone());
        let (input_estimate, input_exact) = match estimator {
            Some(e) => {
                let learned = calibration_key
                    .as_deref()
                    .and_then(|k| calibration::learned_permille(store, k));
                let permille = learned.unwrap_or(e.multiplier_permille);
                (scale(input.total(), permille), false)
            }
            None => (input.total(), input.is_exact() && openai_model),
        };
        // Uncertain tokens get the safety margin: all of an estimate, or the framing and
        // image parts of an otherwise exact count.
        let uncertain = if estimator.is_some() || !openai_model {
            input_estimate
        } else {
            input.framing + input.estimated
        };
        let margin = uncertain.saturating_mul(policy.estimate_margin_percent).div_ceil(100);

        // Server-side context (Responses `previous_response_id`).
        let context_tokens = match request.previous_response_id() {
            None => 0,
            Some(id) => self.previous_context(family, id, now, store)?,
        };
        let input_reserved = input_estimate.saturating_add(margin).saturating_add(context_tokens);

        // 4. Output cap: the client's, or the configured default written into the request.
        let client_cap = request.output_cap();
        if client_cap.is_none() && request.cap_required() {
            return Err(Refusal::Unjudgeable(
                ErrorCode::InvalidRequest,
                "tollgate: the request has no output cap (max_tokens)".into(),
            ));
        }
        let default_cap = {
            let cap = policy.default_max_output_tokens;
            price.max_output.filter(|m| *m > 0).map_or(cap, |m| cap.min(m))
        };
        let has_output = endpoint.has_output();
        // Thinking is billed as output and bounded by the cap (measured on Gemini: thoughts
        // plus answer end at maxOutputTokens), so a default cap leaves room for it.
        let mut cap = match (has_output, client_cap) {
            (false, _) => 0,
            (true, Some(c)) => c,
            (true, None) => default_cap
                .saturating_add(request.extra_output())
                .min(price.max_output.filter(|m| *m > 0).unwrap_or(u64::MAX)),
        };
        let choices = request.choices();
        let rates = price.rates_for_prompt(input_reserved);

        // Runaway-agent guards: context window, session detectors, spend breakers.
        let passed = self.run_guards(
            &guarding::GuardInput {
                family,
                request,
                model: &model,
                price: &price,
                rates: &rates,
                input_tokens: input_estimate.saturating_add(context_tokens),
                input_reserved,
                cap,
                cap_is_default: client_cap.is_none(),
                output_multiplier: choices,
                extra_output: 0,
                min_output: policy.min_output_tokens,
            },
            attrs,
            now,
            store,
            metrics,
        )?;
        if let Some(shrunk) = passed.cap {
            cap = shrunk;
        }

        // 5. Budgets.
        let mut applicable =
            budgets::applicable(policy, &self.ledger, family, Some(request), &model, attrs, now, store)?;
        let amount_for = |cap: u64, a: &Applicable| -> u64 {
            let output = cap.saturating_mul(choices);
            match a.budget.limit {
                Limit::Tokens(_) => input_reserved.saturating_add(output),
                Limit::Nanos(_) => worst_cost(&rates, input_reserved, output),
            }
        };
        for a in applicable.iter_mut() {
            a.amount = amount_for(cap, a);
        }

        // The strictest failing hard budget decides; or the output cap is lowered.
        let mut cap_lowered = false;
        if let Some(failing) = budgets::strictest_failing(&applicable) {
            let affordable = if policy.on_hard_limit == OnHardLimit::LowerOutputCap && has_output {
                budgets::affordable_cap(&applicable, &rates, input_reserved, choices)
                    .filter(|c| *c >= policy.min_output_tokens && *c < cap)
            } else {
                None
            };
            match affordable {
                Some(lower) => {
                    cap = lower;
                    cap_lowered = true;
                    for a in applicable.iter_mut() {
                        a.amount = amount_for(cap, a);
                    }
                }
                None => return Err(Refusal::Reply(budgets::budget_reply(family, failing, now, &model))),
            }
        }

        // Reserve everywhere; a concurrent request may have taken the room since we read.
        let (holds, soft_warnings) = self.reserve_all(&applicable, family, &model, now, store)?;
        for w in &soft_warnings {
            self.alert(
                &w.alert_key,
                "soft_limit",
                format!("tollgate: soft limit exceeded: {} (scope `{}`)", w.text, w.scope),
                json!({"budget": w.budget, "key": w.scope, "warning": w.text}),
                now,
                store,
                metrics,
            );
        }
        let mut warnings: Vec<String> = soft_warnings.into_iter().map(|w| w.text).collect();
        warnings.extend(passed.warnings.iter().cloned());
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
        let include_usage = request.needs_usage_option() && !request.client_asked_for_usage();
        let rewrite = Rewrite {
            model: (model != requested && destination.target.path_model.is_none()).then(|| model.clone()),
            output_cap: (has_output && (client_cap.is_none() || cap_lowered)).then_some(cap),
            include_usage,
        };
        if model != requested {
            metrics.add(Metric::ModelRewritten, 1);
            self.emit_rewrite("model", metrics);
        }
        if cap_lowered {
            metrics.add(Metric::OutputCapLowered, 1);
            self.emit_rewrite("output_cap", metrics);
        }
        if trimmed.is_some() {
            self.emit_rewrite("trim", metrics);
        }
        self.emit_reservation(1, metrics);
        let rewritten = match request.rewrite(&rewrite, path) {
            Ok(r) => r,
            Err(e) => {
                self.release_all(&holds, now, store);
                return Err(e.into());
            }
        };
        let path = destination
            .head_route
            .as_ref()
            .map(|h| h.path.clone())
            .or(rewritten.path);

        let output_total = cap.saturating_mul(choices);
        let reserved_tokens = input_reserved.saturating_add(output_total);
        let reserved_nanos = worst_cost(&rates, input_reserved, output_total);
        let mut response_headers = Vec::new();
        metrics.attribute("input_tokens", &input_estimate.to_string());
        metrics.attribute("input_exact", if input_exact { "true" } else { "false" });
        metrics.attribute("reserved_usd", &money::format_nanos_usd(reserved_nanos));
        if let Some(session) = &passed.session {
            metrics.attribute("session", &session.id.replace('\u{1f}', "/"));
        }
        if let Some(rule) = &rule {
            metrics.attribute("route", rule);
        }
        if let Some(tightest) = budgets::tightest_after(&applicable, &self.ledger, now, store) {
            if let Some((_, state)) = tightest.iter().find(|(k, _)| k == "ratelimit") {
                metrics.attribute("remaining", state);
            }
        }
        if policy.response_headers {
            let mut add = |name: &str, value: String| response_headers.push((name.to_string(), value));
            add("x-tollgate-model", reply::header_value(&model));
            if let Some(rule) = &rule {
                add("x-tollgate-route", reply::header_value(rule));
            }
            add("x-tollgate-input-tokens", input_estimate.to_string());
            add("x-tollgate-input-exact", input_exact.to_string());
            if context_tokens > 0 {
                add("x-tollgate-context-tokens", context_tokens.to_string());
            }
            if let Some((_, dropped)) = &trimmed {
                add("x-tollgate-trimmed-messages", dropped.to_string());
            }
            if let Some(session) = &passed.session {
                add("x-tollgate-session", guarding::session_header(session));
            }
            add("x-tollgate-reserved-tokens", reserved_tokens.to_string());
            add("x-tollgate-reserved-usd", money::format_nanos_usd(reserved_nanos));
            if cap_lowered {
                add("x-tollgate-output-cap", cap.to_string());
            }
            if let Some(tightest) = budgets::tightest_after(&applicable, &self.ledger, now, store) {
                response_headers.extend(tightest);
            }
            for w in &warnings {
                response_headers.push(("x-tollgate-warning".into(), reply::header_value(w)));
            }
        }
        Ok(Admission {
            body: rewritten.body.or_else(|| trimmed.as_ref().map(|(b, _)| b.clone())),
            path,
            response_headers,
            warnings,
            ticket: Ticket {
                endpoint,
                api: endpoint.api_kind(),
                stream,
                strip_usage_chunk: include_usage,
                requested_model: requested,
                model,
                encoding,
                input,
                input_estimate,
                input_exact,
                context_tokens,
                input_reserved,
                output_cap: cap,
                choices,
                reserved_tokens,
                reserved_nanos,
                rates,
                holds,
                calibration_key,
                breaker_keys: passed.breaker_keys,
                labels: labels.clone(),
            },
        })
    }

    fn reserve_all(
        &self,
        applicable: &[Applicable],
        family: Family,
        model: &str,
        now: u64,
        store: &dyn SharedStore,
    ) -> Result<(Vec<BudgetHold>, Vec<SoftWarning>), Refusal> {
        let mut holds: Vec<BudgetHold> = Vec::new();
        let mut warnings = Vec::new();
        let soft = |a: &Applicable, text: String, window: u64| SoftWarning {
            text,
            budget: a.budget.name.clone(),
            scope: a.key.split('\u{1f}').skip(1).collect::<Vec<_>>().join("/"),
            alert_key: format!("soft/{}/{window}", a.key),
        };
        for a in applicable {
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
                });
                continue;
            };
            let check = match a.budget.kind {
                Kind::Hard => Check::AtMost(limit),
                Kind::Soft => Check::None,
            };
            match self.ledger.reserve(store, &a.key, pos, now, a.amount, check) {
                Ok((hold, snapshot)) => {
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
                    });
                }
                Err(e) => {
                    self.release_all(&holds, now, store);
                    return Err(match e {
                        LedgerError::Exceeded { used, held, .. } => {
                            let failing = Applicable {
                                snapshot: Snapshot { used, held },
                                ..a.clone()
                            };
                            Refusal::Reply(budgets::budget_reply(family, &failing, now, model))
                        }
                        LedgerError::TableFull { .. } => Refusal::CountersFull,
                        other => Refusal::Store(other.to_string()),
                    });
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
                        let s = self
                            .ledger
                            .read(store, &key, pos, now)
                            .map_err(|e| Refusal::Store(e.to_string()))?;
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
                .ok_or_else(|| Refusal::Store(format!("price_as model `{other}` has no price"))),
            UnknownModel::Reject => Err(Refusal::Reply(error_reply(
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
            .map_err(|e| Refusal::Store(e.to_string()))?
            .used;
        if known > 0 {
            return Ok(known);
        }
        match self.policy.unknown_previous_response {
            UnknownPrevious::ReserveTokens(n) => Ok(n),
            UnknownPrevious::Reject => Err(Refusal::Reply(error_reply(
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

    fn context_pos(&self, now: u64) -> crate::core::store::WindowPos {
        let window = Window::SessionIdle(self.policy.context_ttl_seconds);
        windows::position(window, now).unwrap_or(crate::core::store::WindowPos {
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
    ) -> Option<(Snapshot, Option<crate::core::store::WindowPos>, Limit)> {
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
