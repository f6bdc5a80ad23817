//! The runaway-agent guards in the request path: the context window, the session
//! detectors and the spend breakers, run after counting and before budgets. Turns a
//! guard's finding into a provider-shaped termination or a warning.
//! Pure: the guards' state goes through the `SharedStore` trait.

use serde_json::json;

use super::Refusal;
use super::cost::worst_cost;
use super::host::{Host, Metric};
use crate::api::{Family, LlmRequest};
use crate::guards::{Observed, SessionId, Termination};
use crate::prices::{ModelPrice, Rates};
use crate::reply::{self, ErrorCode, error_reply};

/// What the guards let through, and what they want said.
#[derive(Debug, Default)]
pub struct Passed {
    pub session: Option<SessionId>,
    /// The `loops.profiles` entry the request was judged with (`None`: the section's own).
    pub profile: Option<String>,
    pub warnings: Vec<String>,
    /// What guards in shadow mode would have done: `x-tollgate-shadow` values and log lines.
    pub shadow: Vec<String>,
    pub breaker_keys: Vec<(usize, String)>,
    /// The default output cap was shrunk to fit the context window.
    pub cap: Option<u64>,
    /// What changes once the request is admitted (and only then).
    pub commit: GuardCommit,
}

/// Guard state and reports that belong to the request's final verdict: the session turn,
/// the breakers' baseline, the soft guard warnings' metric and alerts.
#[derive(Debug, Default)]
pub struct GuardCommit {
    /// The turn, its input tokens, and the session record the check observed.
    turn: Option<(crate::api::Turn, u64, Option<Observed>)>,
    breaker_cost: u64,
    warnings: Vec<(String, Termination)>,
    shadow: Vec<(String, Termination)>,
}

pub struct GuardInput<'a> {
    pub family: Family,
    pub request: &'a dyn LlmRequest,
    pub model: &'a str,
    pub price: &'a ModelPrice,
    pub rates: &'a Rates,
    /// Input tokens (estimate plus server-side context, without the safety margin).
    pub input_tokens: u64,
    pub input_reserved: u64,
    pub cap: u64,
    pub cap_is_default: bool,
    pub output_multiplier: u64,
    pub extra_output: u64,
    pub min_output: u64,
}

fn terminate(family: Family, t: Termination, session: Option<&SessionId>) -> Refusal {
    let mut headers = Vec::new();
    if let Some(s) = session {
        headers.push(("x-tollgate-session".to_string(), session_header(s)));
    }
    let rule = rule_of(&t);
    Refusal::reply(error_reply(family, t.code, &t.message, Some(t.details), headers).with_rule(&rule))
}

pub fn session_header(s: &SessionId) -> String {
    let id = reply::header_value(&s.id.replace('\u{1f}', "/"));
    if s.derived { format!("{id}; derived") } else { id }
}

/// The guard that found a termination: its detector, its breaker, or its error code.
fn rule_of(t: &Termination) -> String {
    ["detector", "breaker"]
        .iter()
        .find_map(|k| t.details.get(*k).and_then(|v| v.as_str()))
        .unwrap_or(t.code.code())
        .to_string()
}

/// The `x-tollgate-shadow` value (and log line) of what a shadow guard would have done.
fn shadow_line(t: &Termination) -> String {
    let would = if t.soft { "warn" } else { "stop" };
    let rule = rule_of(t);
    match t.details.get("profile").and_then(|p| p.as_str()) {
        Some(profile) => format!(
            "would {would}: {} ({rule}, profile {profile}): {}",
            t.code.code(),
            t.message
        ),
        None => format!("would {would}: {} ({rule}): {}", t.code.code(), t.message),
    }
}

impl Passed {
    fn add_shadow(&mut self, key: String, t: Termination) {
        self.shadow.push(shadow_line(&t));
        self.commit.shadow.push((key, t));
    }
}

/// The profile as a metric label (`default`: the `loops` section's own settings).
pub(super) fn profile_label(profile: Option<&str>) -> String {
    profile.map_or_else(|| "default".to_string(), crate::observe::label_safe)
}

fn metric_for(code: ErrorCode) -> Metric {
    match code {
        ErrorCode::LoopDetected => Metric::LoopsDetected,
        ErrorCode::ProgressStalled => Metric::StallsDetected,
        ErrorCode::IterationLimit => Metric::IterationLimits,
        ErrorCode::CircuitOpen => Metric::BreakerRejections,
        _ => Metric::ContextLimits,
    }
}

impl super::Engine {
    pub(super) fn run_guards(&self, g: &GuardInput, cx: &Host) -> Result<Passed, Refusal> {
        let (attrs, now, store, metrics) = (cx.attrs, cx.now, cx.store, cx.metrics);
        let guards = &self.policy.guards;
        let mut passed = Passed::default();

        // The context window: reject before anyone pays, or shrink the filter's own cap.
        if let Some(window) = g.price.context_window.filter(|w| guards.enforce_window && *w > 0) {
            let needed = g.input_tokens.saturating_add(g.cap).saturating_add(g.extra_output);
            if needed > window {
                let room = window.saturating_sub(g.input_tokens).saturating_sub(g.extra_output);
                if g.cap_is_default && room >= g.min_output {
                    // The filter's own default cap, fitted to the window (in shadow mode
                    // too: it is the filter's addition, not the client's request).
                    passed.cap = Some(room);
                } else {
                    let t = Termination {
                        code: ErrorCode::ContextLimit,
                        message: format!(
                            "tollgate: this request needs {} input tokens plus up to {} output tokens, more than the {} tokens of {}'s context window; send less context or ask for fewer output tokens",
                            g.input_tokens,
                            g.cap.saturating_add(g.extra_output),
                            window,
                            reply::header_value(g.model)
                        ),
                        details: json!({"input_tokens": g.input_tokens, "output_cap": g.cap, "context_window": window, "model": g.model}),
                        soft: false,
                        shadow: guards.context_shadow,
                    };
                    if t.shadow {
                        let key = format!("shadow/{}/window/{}", t.code.code(), reply::header_value(g.model));
                        passed.add_shadow(key, t);
                    } else {
                        metrics.add(Metric::ContextLimits, 1);
                        return Err(Refusal::reply(error_reply(
                            g.family,
                            t.code,
                            &t.message,
                            Some(t.details),
                            vec![],
                        )));
                    }
                }
            }
        }

        // Session detectors: judged on the turn as it would be recorded; the turn is
        // recorded once the verdict is known (here if a session guard stops it, else in
        // `commit_guards` once the request is admitted).
        let turn = g.request.turn();
        passed.session = guards.session_id(attrs, g.model, &turn);
        if let Some(session) = &passed.session {
            metrics.attribute("session", &session.id.replace('\u{1f}', "/"));
            let loops = guards.loops_for(attrs, g.model);
            if let Some(name) = &loops.profile {
                metrics.attribute("guard_profile", name);
                passed.profile = Some(name.clone());
            }
            match guards.check_session(store, session, &turn, g.input_tokens, now, loops) {
                Ok(report) => {
                    if let Some(stop) = report.stop {
                        if guards
                            .record_session(
                                store,
                                session,
                                &turn,
                                g.input_tokens,
                                now,
                                report.observed.as_ref(),
                                loops,
                            )
                            .is_err()
                        {
                            metrics.add(Metric::StoreErrors, 1);
                        }
                        metrics.add(metric_for(stop.code), 1);
                        return Err(terminate(g.family, stop, Some(session)));
                    }
                    for t in report.shadow {
                        let key = format!("shadow/{}/{}", t.code.code(), session.id);
                        passed.shadow.push(shadow_line(&t));
                        passed.commit.shadow.push((key, t));
                    }
                    for w in report.warnings {
                        let key = format!("soft-guard/{}/{}", w.code.code(), session.id);
                        passed.warnings.push(w.message.clone());
                        passed.commit.warnings.push((key, w));
                    }
                    passed.commit.turn = Some((turn, g.input_tokens, report.observed));
                }
                Err(e) => {
                    // Session state is an aid, not a budget: a full table does not block.
                    metrics.add(Metric::StoreErrors, 1);
                    passed.warnings.push(format!("session state unavailable: {e}"));
                }
            }
        }

        // Spend breakers, on the worst-case cost of this request.
        passed.breaker_keys = guards.breaker_keys(attrs, g.model);
        if !passed.breaker_keys.is_empty() {
            let cap = passed.cap.unwrap_or(g.cap);
            let output = cap.saturating_add(g.extra_output).saturating_mul(g.output_multiplier);
            let cost = worst_cost(g.rates, g.input_reserved, output);
            match guards.check_breakers(store, &passed.breaker_keys, cost, now) {
                Ok(None) => passed.commit.breaker_cost = cost,
                Ok(Some(t)) if t.shadow => {
                    passed.commit.breaker_cost = cost;
                    let key = format!("shadow/{}/{}", t.code.code(), rule_of(&t));
                    passed.add_shadow(key, t);
                }
                Ok(Some(stop)) => {
                    metrics.add(Metric::BreakerRejections, 1);
                    return Err(terminate(g.family, stop, passed.session.as_ref()));
                }
                Err(e) => {
                    metrics.add(Metric::StoreErrors, 1);
                    passed.warnings.push(format!("breaker state unavailable: {e}"));
                }
            }
        }
        Ok(passed)
    }

    /// Records what the guards saw, once the request is admitted: the session turn, the
    /// breakers' baseline, the soft warnings' metric and alerts, and what the shadow
    /// guards would have done (metric `tollgate_guard_shadow` and a `shadow` alert).
    pub(super) fn commit_guards(&self, passed: &Passed, cx: &Host) {
        let (now, store, metrics) = (cx.now, cx.store, cx.metrics);
        let guards = &self.policy.guards;
        if let (Some(session), Some((turn, input_tokens, observed))) = (&passed.session, &passed.commit.turn) {
            let loops = guards.profile(passed.profile.as_deref());
            if guards
                .record_session(store, session, turn, *input_tokens, now, observed.as_ref(), loops)
                .is_err()
            {
                metrics.add(Metric::StoreErrors, 1);
            }
        }
        if !passed.breaker_keys.is_empty()
            && guards
                .record_breakers(store, &passed.breaker_keys, passed.commit.breaker_cost, now)
                .is_err()
        {
            metrics.add(Metric::StoreErrors, 1);
        }
        for (key, w) in &passed.commit.warnings {
            metrics.add(Metric::GuardWarnings, 1);
            let profile = profile_label(passed.profile.as_deref());
            metrics.labeled(&super::observing::counter(
                "tollgate_guard_soft_events",
                &[("event", w.code.code()), ("profile", &profile)],
                1,
            ));
            self.alert(
                key,
                "soft_limit",
                w.message.clone(),
                w.details.clone(),
                now,
                store,
                metrics,
            );
        }
        for (key, t) in &passed.commit.shadow {
            let would = if t.soft { "warn" } else { "stop" };
            let profile = profile_label(passed.profile.as_deref());
            metrics.labeled(&super::observing::counter(
                "tollgate_guard_shadow",
                &[("event", t.code.code()), ("would", would), ("profile", &profile)],
                1,
            ));
            let mut details = t.details.clone();
            if let Some(d) = details.as_object_mut() {
                d.insert("would".into(), json!(would));
            }
            self.alert(key, "shadow", shadow_line(t), details, now, store, metrics);
        }
    }
}
