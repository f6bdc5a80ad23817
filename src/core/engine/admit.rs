//! Admission of one request body, as stages over what the earlier ones learned: parse →
//! route → price → count (and trim) → output cap → guards → budgets → reserve → rewrite
//! → commit → headers and ticket. Each stage is small and returns its findings or a
//! `Refusal`; nothing changes state or metrics before the commit stage, which runs only
//! for an admitted request (the reservations themselves are taken by `reserve_all` and
//! released if a later stage refuses).
//! Pure: reads and writes only through the `Host` capabilities.

use serde_json::json;

use super::budgets::{self, Applicable};
use super::cost::worst_cost;
use super::global::Asked;
use super::guarding::{self, GuardInput, Passed};
use super::host::{Admission, BudgetHold, Destination, Host, Metric, RequestLabels, Ticket};
use super::{Engine, Refusal, SoftWarning, scale};
use crate::api::{self, Family, InputCount, LlmRequest, Rewrite, Rewritten};
use crate::calibration;
use crate::config::{Limit, OnHardLimit, PassOrReject};
use crate::global::{GlobalAnswer, GlobalAsk};
use crate::money;
use crate::prices::{ModelPrice, Rates};
use crate::reply::{self, ErrorCode, error_reply};
use crate::tokens::Encoding;

/// The request as parsed and routed.
struct Routed {
    request: Box<dyn LlmRequest>,
    /// The model the client asked for, the one it goes to, and the rule that moved it.
    requested: String,
    model: String,
    rule: Option<String>,
}

/// The input side of the reservation.
struct Counted {
    encoding: Encoding,
    input: InputCount,
    /// The opt-in sliding window's new body and how many messages it dropped.
    trimmed: Option<(Vec<u8>, usize)>,
    input_estimate: u64,
    input_exact: bool,
    context_tokens: u64,
    input_reserved: u64,
    calibration_key: Option<String>,
}

/// The output side of the reservation.
struct OutputCap {
    client_cap: Option<u64>,
    cap: u64,
    has_output: bool,
    choices: u64,
    rates: Rates,
}

/// The whole reservation: input reserved plus every choice's output cap, in tokens and
/// nano-dollars (at the worst of the output and reasoning rates).
#[derive(Clone, Copy)]
struct Reserved {
    tokens: u64,
    nanos: u64,
}

impl Reserved {
    fn of(counted: &Counted, out: &OutputCap) -> Reserved {
        let output = out.cap.saturating_mul(out.choices);
        Reserved {
            tokens: counted.input_reserved.saturating_add(output),
            nanos: worst_cost(&out.rates, counted.input_reserved, output),
        }
    }
}

/// The holds taken: this Envoy's, and the quota service's reservation id.
struct Held {
    holds: Vec<BudgetHold>,
    reservation: Option<String>,
}

/// The budgets that apply, their amounts, and whether the cap was lowered to fit.
struct Budgeted<'a> {
    applicable: Vec<Applicable<'a>>,
    cap_lowered: bool,
}

impl Engine {
    /// Admits a request body, or says why not. See the module docs.
    pub(super) fn admit(
        &self,
        destination: &Destination,
        path: &str,
        body: &[u8],
        cx: &Host,
        labels: &mut RequestLabels,
        global: Option<Asked>,
    ) -> Result<Admission, Refusal> {
        let family = destination.target.endpoint.family();
        let mut routed = self.parse_and_route(destination, body, cx)?;
        *labels = self.labels_for(destination.target.endpoint, &routed.requested, &routed.model, cx.attrs);
        self.attribute_who(cx.attrs, &routed.requested, &routed.model, cx.metrics);
        let price = self.price(family, &routed.model)?;
        let counted = self.count(destination, &mut routed, &price, cx)?;
        let mut out = self.output_cap(destination, &routed, &price, &counted)?;
        let passed = self.run_guards(
            &GuardInput {
                family,
                request: routed.request.as_ref(),
                model: &routed.model,
                price: &price,
                rates: &out.rates,
                input_tokens: counted.input_estimate.saturating_add(counted.context_tokens),
                input_reserved: counted.input_reserved,
                cap: out.cap,
                cap_is_default: out.client_cap.is_none(),
                output_multiplier: out.choices,
                extra_output: 0,
                min_output: self.policy.min_output_tokens,
            },
            cx,
        )?;
        if let Some(shrunk) = passed.cap {
            out.cap = shrunk;
        }
        let mut budgeted = self.choose_budgets(family, &routed, &counted, &mut out, cx)?;
        // Global budgets first: the quota service's answer, or the ask for it.
        // A lease of this VM may answer for the service.
        let mut leased: Option<GlobalAsk> = None;
        let (mut holds, mut soft_warnings, reservation) = match global {
            None => {
                let ask = {
                    let mut in_flight = cx.in_flight.map(|f| f.borrow_mut());
                    self.global_ask(
                        &budgeted.applicable,
                        in_flight.as_deref_mut().map(|f| &mut f.leases),
                        cx.now,
                    )
                };
                match ask {
                    None => (Vec::new(), Vec::new(), None),
                    Some(ask) => {
                        let taken = cx.in_flight.and_then(|f| f.borrow_mut().leases.take(&ask, cx.now));
                        let Some(reserved) = taken else {
                            return Err(Refusal::Ask(ask));
                        };
                        let answer = GlobalAnswer::Reserved(reserved);
                        let asked = Asked {
                            ask: &ask,
                            answer: &answer,
                        };
                        let taken =
                            self.take_global(&mut budgeted.applicable, asked, family, &routed.model, cx.now, cx.store);
                        leased = Some(ask);
                        match taken {
                            Ok(t) => t,
                            Err(refusal) => {
                                give_back(cx, leased.as_ref());
                                return Err(refusal);
                            }
                        }
                    }
                }
            }
            Some(asked) => {
                self.take_global(&mut budgeted.applicable, asked, family, &routed.model, cx.now, cx.store)?
            }
        };
        // Reserve everywhere; a concurrent request may have taken the room since we read.
        match self.reserve_all(&mut budgeted.applicable, family, &routed.model, cx.now, cx.store) {
            Ok((local, warnings)) => {
                holds.extend(local);
                soft_warnings.extend(warnings);
            }
            Err(refusal) => {
                self.release_all(&holds, cx.now, cx.store);
                give_back(cx, leased.as_ref());
                return Err(refusal);
            }
        }
        let rewritten = match self.rewrite(destination, path, &routed, &out, budgeted.cap_lowered) {
            Ok(r) => r,
            Err(refusal) => {
                self.release_all(&holds, cx.now, cx.store);
                give_back(cx, leased.as_ref());
                return Err(refusal);
            }
        };
        if leased.is_some() {
            cx.metrics.add(Metric::GlobalLeaseAdmits, 1);
        }
        let warnings = self.commit(&routed, &counted, &budgeted, &passed, soft_warnings, cx);
        if holds.iter().any(|h| h.key.starts_with("~fallback")) {
            cx.metrics.add(Metric::GlobalFailLocal, 1);
        }
        let reserved = Reserved::of(&counted, &out);
        let response_headers =
            self.response_headers(&routed, &counted, &out, reserved, &budgeted, &passed, &warnings, cx);
        Ok(self.admission(
            destination,
            routed,
            counted,
            out,
            reserved,
            Held { holds, reservation },
            passed,
            rewritten,
            response_headers,
            warnings,
            labels,
        ))
    }

    /// Parses the body once, refuses what cannot be metered, and routes the model
    /// (budgets, prices and even the encoding follow the routed model).
    fn parse_and_route(&self, destination: &Destination, body: &[u8], cx: &Host) -> Result<Routed, Refusal> {
        let family = destination.target.endpoint.family();
        let hint = self.model_hint(destination);
        let request = api::parse_memo(
            &destination.target,
            body,
            hint.as_deref(),
            &self.policy.parse,
            &self.body_memo,
        )?;
        if let Some(feature) = request.unmeterable() {
            let policy = self
                .policy
                .routes
                .get(destination.route)
                .map_or(PassOrReject::Reject, |r| r.unknown_endpoints);
            return match policy {
                PassOrReject::Pass => Err(Refusal::Pass(feature)),
                PassOrReject::Reject => Err(Refusal::reply(error_reply(
                    family,
                    ErrorCode::UnknownEndpoint,
                    &format!("tollgate: requests with {feature} cannot be metered by this gateway; blocked by policy"),
                    None,
                    vec![],
                ))),
            };
        }
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
                match self.route(&requested, Some(request.as_ref()), cx.attrs, cx.now, cx.store)? {
                    Some((model, rule)) => (requested, model, Some(rule)),
                    None => (requested.clone(), requested, None),
                }
            }
        };
        Ok(Routed {
            request,
            requested,
            model,
            rule,
        })
    }

    /// Counts the input: exact with the model's own encoding, else an estimate; trims
    /// the context if the sliding window is on; adds the margin and server-side context.
    fn count(
        &self,
        destination: &Destination,
        routed: &mut Routed,
        price: &ModelPrice,
        cx: &Host,
    ) -> Result<Counted, Refusal> {
        let policy = &self.policy;
        let model = &routed.model;
        let estimator = policy.estimator_for(model);
        let encoding = estimator.map_or_else(|| policy.encoding_for(model), |e| e.encoding);
        let mut input = routed.request.count_input_memo(encoding, &self.count_cache)?;

        // The opt-in sliding window: drop the oldest droppable messages.
        let mut trimmed = None;
        if let Some(window) = policy.guards.trim.as_ref().filter(|w| input.total() > w.above_tokens) {
            let permille = estimator.map_or(1000, |e| e.multiplier_permille).max(1);
            let target = u64::try_from(u128::from(window.to_tokens) * 1000 / u128::from(permille)).unwrap_or(u64::MAX);
            if let Some((new_body, dropped)) = routed.request.trim(encoding, target, &window.pin_marker)? {
                let hint = self.model_hint(destination);
                routed.request = api::parse(&destination.target, &new_body, hint.as_deref(), &policy.parse)?;
                input = routed.request.count_input_memo(encoding, &self.count_cache)?;
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
                    .and_then(|k| calibration::learned_permille(cx.store, k));
                (scale(input.total(), learned.unwrap_or(e.multiplier_permille)), false)
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
        let context_tokens = match routed.request.previous_response_id() {
            None => 0,
            Some(id) => self.previous_context(destination.target.endpoint.family(), id, cx.now, cx.store)?,
        };
        Ok(Counted {
            encoding,
            input,
            trimmed,
            input_estimate,
            input_exact,
            context_tokens,
            input_reserved: input_estimate.saturating_add(margin).saturating_add(context_tokens),
            calibration_key,
        })
    }

    /// The output cap: the client's, or the configured default written into the request.
    /// Thinking is billed as output and bounded by the cap (measured on Gemini: thoughts
    /// plus answer end at maxOutputTokens), so a default cap leaves room for it.
    fn output_cap(
        &self,
        destination: &Destination,
        routed: &Routed,
        price: &ModelPrice,
        counted: &Counted,
    ) -> Result<OutputCap, Refusal> {
        let request = routed.request.as_ref();
        let client_cap = request.output_cap();
        if client_cap.is_none() && request.cap_required() {
            return Err(Refusal::Unjudgeable(
                ErrorCode::InvalidRequest,
                "tollgate: the request has no output cap (max_tokens)".into(),
            ));
        }
        let model_max = price.max_output.filter(|m| *m > 0);
        let default_cap = model_max.map_or(self.policy.default_max_output_tokens, |m| {
            self.policy.default_max_output_tokens.min(m)
        });
        let has_output = destination.target.endpoint.has_output();
        let cap = match (has_output, client_cap) {
            (false, _) => 0,
            (true, Some(c)) => c,
            (true, None) => default_cap
                .saturating_add(request.extra_output())
                .min(model_max.unwrap_or(u64::MAX)),
        };
        Ok(OutputCap {
            client_cap,
            cap,
            has_output,
            choices: request.choices(),
            rates: price.rates_for_prompt(counted.input_reserved),
        })
    }

    /// The budgets that apply and what each must reserve; the strictest failing hard
    /// budget refuses, unless the policy lowers the output cap to what all can afford.
    fn choose_budgets<'p>(
        &'p self,
        family: Family,
        routed: &Routed,
        counted: &Counted,
        out: &mut OutputCap,
        cx: &Host,
    ) -> Result<Budgeted<'p>, Refusal> {
        let policy = &self.policy;
        let mut applicable = budgets::applicable(
            policy,
            &self.ledger,
            family,
            Some(routed.request.as_ref()),
            &routed.model,
            cx,
        )?;
        let input_reserved = counted.input_reserved;
        let amount_for = |cap: u64, choices: u64, rates: &Rates, a: &Applicable| -> u64 {
            let output = cap.saturating_mul(choices);
            match a.budget.limit {
                Limit::Tokens(_) => input_reserved.saturating_add(output),
                Limit::Nanos(_) => worst_cost(rates, input_reserved, output),
            }
        };
        for a in applicable.iter_mut() {
            a.amount = amount_for(out.cap, out.choices, &out.rates, a);
        }
        let mut cap_lowered = false;
        if let Some(failing) = budgets::strictest_failing(&applicable) {
            let affordable = if policy.on_hard_limit == OnHardLimit::LowerOutputCap && out.has_output {
                budgets::affordable_cap(&applicable, &out.rates, input_reserved, out.choices)
                    .filter(|c| *c >= policy.min_output_tokens && *c < out.cap)
            } else {
                None
            };
            let Some(lower) = affordable else {
                return Err(Refusal::reply(budgets::budget_reply(
                    family,
                    failing,
                    cx.now,
                    &routed.model,
                )));
            };
            out.cap = lower;
            cap_lowered = true;
            for a in applicable.iter_mut() {
                a.amount = amount_for(out.cap, out.choices, &out.rates, a);
            }
        }
        Ok(Budgeted {
            applicable,
            cap_lowered,
        })
    }

    /// The body and path as forwarded: the routed model, the cap, the usage option.
    /// The last stage that can still refuse.
    fn rewrite(
        &self,
        destination: &Destination,
        path: &str,
        routed: &Routed,
        out: &OutputCap,
        cap_lowered: bool,
    ) -> Result<Rewritten, Refusal> {
        let request = routed.request.as_ref();
        let rewrite = Rewrite {
            model: (routed.model != routed.requested && destination.target.path_model.is_none())
                .then(|| routed.model.clone()),
            output_cap: (out.has_output && (out.client_cap.is_none() || cap_lowered)).then_some(out.cap),
            include_usage: include_usage(request),
        };
        Ok(request.rewrite(&rewrite, path)?)
    }

    /// Admitted: now, and only now, state and metrics change for this verdict. Returns
    /// the warnings to send.
    fn commit(
        &self,
        routed: &Routed,
        counted: &Counted,
        budgeted: &Budgeted,
        passed: &Passed,
        soft_warnings: Vec<SoftWarning>,
        cx: &Host,
    ) -> Vec<String> {
        let metrics = cx.metrics;
        for w in &soft_warnings {
            if w.kind == "quota_unavailable" {
                metrics.add(Metric::GlobalFailOpen, 1);
            }
            self.alert(
                &w.alert_key,
                w.kind,
                if w.kind == "quota_unavailable" {
                    format!("tollgate: global budget {} (scope `{}`)", w.text, w.scope)
                } else {
                    format!("tollgate: soft limit exceeded: {} (scope `{}`)", w.text, w.scope)
                },
                json!({"budget": w.budget, "key": w.scope, "warning": w.text}),
                cx.now,
                cx.store,
                metrics,
            );
        }
        self.commit_guards(passed, cx);
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
        if routed.model != routed.requested {
            metrics.add(Metric::ModelRewritten, 1);
            self.emit_rewrite("model", metrics);
        }
        if budgeted.cap_lowered {
            metrics.add(Metric::OutputCapLowered, 1);
            self.emit_rewrite("output_cap", metrics);
        }
        if counted.trimmed.is_some() {
            metrics.add(Metric::ContextTrimmed, 1);
            self.emit_rewrite("trim", metrics);
        }
        self.emit_reservation(1, metrics);
        warnings
    }

    /// The `x-tollgate-*` and RateLimit headers of an admitted request, and its
    /// attribution for the access log.
    #[allow(clippy::too_many_arguments)]
    fn response_headers(
        &self,
        routed: &Routed,
        counted: &Counted,
        out: &OutputCap,
        reserved: Reserved,
        budgeted: &Budgeted,
        passed: &Passed,
        warnings: &[String],
        cx: &Host,
    ) -> Vec<(String, String)> {
        let metrics = cx.metrics;
        let (reserved_tokens, reserved_nanos) = (reserved.tokens, reserved.nanos);
        let tightest = budgets::tightest_after(&budgeted.applicable, cx.now);
        metrics.attribute("input_tokens", &counted.input_estimate.to_string());
        metrics.attribute("input_exact", if counted.input_exact { "true" } else { "false" });
        metrics.attribute("reserved_usd", &money::format_nanos_usd(reserved_nanos));
        if let Some(session) = &passed.session {
            metrics.attribute("session", &session.id.replace('\u{1f}', "/"));
        }
        if let Some(rule) = &routed.rule {
            metrics.attribute("route", rule);
        }
        if let Some((_, state)) = tightest.iter().flatten().find(|(k, _)| k == "ratelimit") {
            metrics.attribute("remaining", state);
        }
        if !self.policy.response_headers {
            return Vec::new();
        }
        let mut headers = Vec::new();
        let mut add = |name: &str, value: String| headers.push((name.to_string(), value));
        add("x-tollgate-model", reply::header_value(&routed.model));
        if let Some(rule) = &routed.rule {
            add("x-tollgate-route", reply::header_value(rule));
        }
        add("x-tollgate-input-tokens", counted.input_estimate.to_string());
        add("x-tollgate-input-exact", counted.input_exact.to_string());
        if counted.context_tokens > 0 {
            add("x-tollgate-context-tokens", counted.context_tokens.to_string());
        }
        if let Some((_, dropped)) = &counted.trimmed {
            add("x-tollgate-trimmed-messages", dropped.to_string());
        }
        if let Some(session) = &passed.session {
            add("x-tollgate-session", guarding::session_header(session));
        }
        add("x-tollgate-reserved-tokens", reserved_tokens.to_string());
        add("x-tollgate-reserved-usd", money::format_nanos_usd(reserved_nanos));
        if budgeted.cap_lowered {
            add("x-tollgate-output-cap", out.cap.to_string());
        }
        headers.extend(tightest.into_iter().flatten());
        for w in warnings {
            headers.push(("x-tollgate-warning".into(), reply::header_value(w)));
        }
        for s in &passed.shadow {
            headers.push(("x-tollgate-shadow".into(), reply::header_value(s)));
        }
        headers
    }

    /// What the host carries out now (body, path, headers) and keeps for settlement.
    #[allow(clippy::too_many_arguments)]
    fn admission(
        &self,
        destination: &Destination,
        routed: Routed,
        counted: Counted,
        out: OutputCap,
        reserved: Reserved,
        held: Held,
        passed: Passed,
        rewritten: Rewritten,
        response_headers: Vec<(String, String)>,
        warnings: Vec<String>,
        labels: &RequestLabels,
    ) -> Admission {
        let endpoint = destination.target.endpoint;
        let request = routed.request.as_ref();
        Admission {
            body: rewritten
                .body
                .or_else(|| counted.trimmed.as_ref().map(|(b, _)| b.clone())),
            path: destination
                .head_route
                .as_ref()
                .map(|h| h.path.clone())
                .or(rewritten.path),
            response_headers,
            warnings,
            shadow: passed.shadow.clone(),
            ticket: Ticket {
                endpoint,
                api: endpoint.api_kind(),
                stream: request.stream(),
                strip_usage_chunk: include_usage(request),
                requested_model: routed.requested,
                model: routed.model,
                encoding: counted.encoding,
                input: counted.input,
                input_estimate: counted.input_estimate,
                input_exact: counted.input_exact,
                context_tokens: counted.context_tokens,
                input_reserved: counted.input_reserved,
                output_cap: out.cap,
                choices: out.choices,
                reserved_tokens: reserved.tokens,
                reserved_nanos: reserved.nanos,
                rates: out.rates,
                holds: held.holds,
                reservation: held.reservation,
                calibration_key: counted.calibration_key,
                breaker_keys: passed.breaker_keys,
                labels: labels.clone(),
            },
        }
    }
}

/// Returns to its lease what an admission took from it before it was refused.
fn give_back(cx: &Host, ask: Option<&GlobalAsk>) {
    if let (Some(in_flight), Some(ask)) = (cx.in_flight, ask) {
        in_flight.borrow_mut().leases.give_back(ask);
    }
}

/// Whether the filter adds the streamed usage option (and strips the usage chunk the
/// client did not ask for).
fn include_usage(request: &dyn LlmRequest) -> bool {
    request.needs_usage_option() && !request.client_asked_for_usage()
}
