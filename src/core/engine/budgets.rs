//! Budget rules applied to one request: which rules apply and under which counter key,
//! which failing rule is the strictest, what output cap every hard rule can still
//! afford, and the replies and RateLimit headers that explain a budget's state.
//! Pure: reads counters only through the `Ledger` and the `SharedStore` trait.

use serde_json::json;

use crate::api::{Family, LlmRequest};
use crate::config::{Budget, Kind, Limit, OnMissing, Policy, ScopeAttr, Window, model_matches};
use crate::engine::cost::worst_cost;
use crate::engine::host::{Attributes, Host};
use crate::money;
use crate::prices::Rates;
use crate::reply::{self, ErrorCode, Reply, error_reply};
use crate::store::{Ledger, LedgerError, Snapshot, WindowPos};
use crate::windows;

/// One budget rule as it applies to this request.
#[derive(Debug, Clone)]
pub struct Applicable<'a> {
    pub index: usize,
    pub budget: &'a Budget,
    pub key: String,
    pub pos: Option<WindowPos>,
    pub amount: u64,
    pub snapshot: Snapshot,
}

pub enum Missing {
    Reply(Box<Reply>),
    Store(LedgerError),
}

/// The rules that apply to a request for `model`, with their counters read.
pub fn applicable<'a>(
    policy: &'a Policy,
    ledger: &Ledger,
    family: Family,
    request: Option<&dyn LlmRequest>,
    model: &str,
    cx: &Host,
) -> Result<Vec<Applicable<'a>>, Missing> {
    let (attrs, now, store) = (cx.attrs, cx.now, cx.store);
    let mut out = Vec::new();
    for (index, budget) in policy.budgets.iter().enumerate() {
        if !budget.models.is_empty() && !budget.models.iter().any(|p| model_matches(p, model)) {
            continue;
        }
        let key = match scope_key(budget, attrs, request, model) {
            Ok(Some(key)) => key,
            Ok(None) => continue,
            Err(missing) => {
                return Err(Missing::Reply(Box::new(error_reply(
                    family,
                    ErrorCode::MissingScopeAttribute,
                    &format!(
                        "tollgate: budget `{}` needs {missing}, which the request does not carry",
                        budget.name
                    ),
                    Some(json!({ "rule": budget.name, "missing": missing })),
                    vec![],
                ))));
            }
        };
        let pos = windows::position(budget.window, now);
        // A global budget's counter is the quota service's: it answers with it.
        let snapshot = match pos {
            Some(pos) if !budget.store.is_global() => ledger.read(store, &key, pos, now).map_err(Missing::Store)?,
            _ => Snapshot::default(),
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

/// The budget's counter key for this request; `Ok(None)` to skip the budget; `Err` names
/// the missing attribute when the budget says to reject.
pub fn scope_key(
    budget: &Budget,
    attrs: &dyn Attributes,
    request: Option<&dyn LlmRequest>,
    model: &str,
) -> Result<Option<String>, String> {
    let mut values = Vec::with_capacity(budget.scope.len());
    for attr in &budget.scope {
        let (value, what) = match attr {
            ScopeAttr::Header(name) => (attrs.header(name), format!("header `{name}`")),
            ScopeAttr::Property(path) => (attrs.property(path), format!("property `{}`", path.join("."))),
            ScopeAttr::Model => (Some(model.to_string()), "the model".to_string()),
            ScopeAttr::BodyUser => (
                request.and_then(|r| r.user()).map(str::to_string),
                "the body's user field".to_string(),
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

pub fn compose_key(name: &str, values: &[String]) -> String {
    let mut key = name.to_string();
    for v in values {
        key.push('\u{1f}');
        key.push_str(v);
    }
    key
}

pub fn limit_value(limit: Limit) -> u64 {
    match limit {
        Limit::Tokens(t) | Limit::Nanos(t) => t,
    }
}

pub fn show(limit: Limit, amount: u64) -> String {
    match limit {
        Limit::Tokens(_) => format!("{amount} tokens"),
        Limit::Nanos(_) => format!("${}", money::format_nanos_usd(amount)),
    }
}

pub fn show_limit(limit: Limit) -> String {
    show(limit, limit_value(limit))
}

pub fn window_seconds(window: Window) -> Option<u64> {
    match window {
        Window::Request | Window::Month => None,
        Window::Minute => Some(60),
        Window::Hour => Some(3600),
        Window::Day => Some(86_400),
        Window::Seconds(s) | Window::SessionIdle(s) => Some(s),
    }
}

/// Share of the limit left, as a fixed-point fraction (no floats).
fn share_left(limit: u64, used: u64) -> u128 {
    (u128::from(limit.saturating_sub(used)) << 32) / u128::from(limit.max(1))
}

/// The hard budget that fails with the least room left, if any fails.
pub fn strictest_failing<'a, 'b>(applicable: &'b [Applicable<'a>]) -> Option<&'b Applicable<'a>> {
    applicable
        .iter()
        .filter(|a| a.budget.kind == Kind::Hard)
        .filter(|a| {
            a.snapshot.used.saturating_add(a.snapshot.held).saturating_add(a.amount) > limit_value(a.budget.limit)
        })
        .min_by_key(|a| {
            let limit = limit_value(a.budget.limit);
            let used = a.snapshot.used.saturating_add(a.snapshot.held);
            // Least share of its limit left; on a tie, least room.
            (share_left(limit, used), limit.saturating_sub(used))
        })
}

/// The largest output cap (per choice) every hard budget can still afford.
pub fn affordable_cap(applicable: &[Applicable], rates: &Rates, input: u64, choices: u64) -> Option<u64> {
    let mut cap = u64::MAX;
    for a in applicable.iter().filter(|a| a.budget.kind == Kind::Hard) {
        let limit = limit_value(a.budget.limit);
        let room = limit.saturating_sub(a.snapshot.used.saturating_add(a.snapshot.held));
        let per_choice = match a.budget.limit {
            Limit::Tokens(_) => room.checked_sub(input)? / choices.max(1),
            Limit::Nanos(_) => {
                let left = room.checked_sub(worst_cost(rates, input, 0))?;
                // t output tokens cost ceil(t * rate / 1000) nanos: t <= left * 1000 / rate.
                let rate = rates.output.max(rates.reasoning.unwrap_or(0)).max(1);
                u64::try_from(u128::from(left) * 1000 / u128::from(rate)).unwrap_or(u64::MAX) / choices.max(1)
            }
        };
        cap = cap.min(per_choice);
    }
    Some(cap)
}

/// The rejection for a budget that cannot cover the request.
pub fn budget_reply(family: Family, a: &Applicable, now: u64, model: &str) -> Reply {
    let limit = limit_value(a.budget.limit);
    let (used, held) = (a.snapshot.used, a.snapshot.held);
    let remaining = limit.saturating_sub(used.saturating_add(held));
    let reset_at = a.pos.map(|p| p.ends_at);
    let reset_in = reset_at.map(|r| r.saturating_sub(now));
    let mut message = format!(
        "tollgate: budget `{}` exceeded: this request needs {} (model {}), {} used and {} reserved of {}",
        a.budget.name,
        show(a.budget.limit, a.amount),
        reply::header_value(model),
        show(a.budget.limit, used),
        show(a.budget.limit, held),
        show_limit(a.budget.limit),
    );
    match (reset_at, a.budget.window) {
        (_, Window::Request) => {
            message.push_str("; the limit is per request: ask for fewer output tokens or send less")
        }
        (Some(at), Window::SessionIdle(idle)) => message.push_str(&format!(
            "; the session budget resets after {idle}s without requests (at {} at the earliest)",
            windows::rfc3339(at)
        )),
        (Some(at), _) => message.push_str(&format!("; resets at {}", windows::rfc3339(at))),
        (None, _) => {}
    }
    let value = |n: u64| match a.budget.limit {
        Limit::Tokens(_) => json!(n),
        Limit::Nanos(_) => json!(money::format_nanos_usd(n)),
    };
    let details = json!({
        "rule": a.budget.name,
        "kind": "hard",
        "unit": match a.budget.limit { Limit::Tokens(_) => "tokens", Limit::Nanos(_) => "usd" },
        "limit": value(limit),
        "used": value(used),
        "reserved": value(held),
        "requested": value(a.amount),
        "remaining": value(remaining),
        "resets_at": reset_at.map(windows::rfc3339),
        "model": model,
    });
    let mut headers = ratelimit(a, remaining, reset_in);
    // Retry-After only where the window resets soon; a session resets on idleness.
    if let Some(secs) = reset_in.filter(|s| *s <= 120 && !matches!(a.budget.window, Window::SessionIdle(_))) {
        headers.push(("retry-after".into(), secs.max(1).to_string()));
    }
    error_reply(family, ErrorCode::BudgetExceeded, &message, Some(details), headers).with_rule(&a.budget.name)
}

fn ratelimit(a: &Applicable, remaining: u64, reset_in: Option<u64>) -> Vec<(String, String)> {
    let unit = match a.budget.limit {
        Limit::Tokens(_) => "tokens",
        Limit::Nanos(_) => "usd-nanos",
    };
    reply::ratelimit_headers(
        &a.budget.name,
        limit_value(a.budget.limit),
        remaining,
        window_seconds(a.budget.window),
        reset_in,
        unit,
    )
}

/// RateLimit headers for the hard budget with the least room left after this request's
/// reservation (the snapshots `reserve_all` and the quota service's answer left in
/// `applicable`: no counter is read again).
pub fn tightest_after(applicable: &[Applicable], now: u64) -> Option<Vec<(String, String)>> {
    // The headers are written for the tightest budget only, once it is known.
    let mut best: Option<(u128, &Applicable, u64, Option<u64>)> = None;
    for a in applicable.iter().filter(|a| a.budget.kind == Kind::Hard) {
        let limit = limit_value(a.budget.limit);
        let (used, reset_in) = match a.pos {
            Some(pos) => (
                a.snapshot.used.saturating_add(a.snapshot.held),
                Some(pos.ends_at.saturating_sub(now)),
            ),
            None => (a.amount, None),
        };
        let share = share_left(limit, used);
        if best.as_ref().is_none_or(|(s, ..)| share < *s) {
            best = Some((share, a, limit.saturating_sub(used), reset_in));
        }
    }
    best.map(|(_, a, remaining, reset_in)| ratelimit(a, remaining, reset_in))
}
