//! The admission stage of global budgets: the reserve a request must ask the quota
//! service for (first pass, which changes nothing), and, with the service's answer
//! (second pass), the holds it gives, the refusal it decides, or — when the service did
//! not answer — each budget's failure policy (`closed`, `open`, `local`).
//! Pure: touches only this Envoy's ledger (for the `local` fallback); the calls
//! themselves are effects the flow returns.

use serde_json::json;

use super::budgets::{self, Applicable, limit_value};
use super::leases::Leases;
use super::{BudgetHold, Engine, GlobalHold, Refusal, SoftWarning, reserve_refusal};
use crate::api::Family;
use crate::config::Kind;
use crate::global::{AskBudget, BudgetStore, GlobalAnswer, GlobalAsk, OnUnavailable};
use crate::reply::{ErrorCode, error_reply};
use crate::store::{Check, SharedStore, Snapshot};

/// The largest amount or limit the quota service takes (2^53 - 1).
const MAX_AMOUNT: u64 = (1 << 53) - 1;

/// What the global budgets gave an admission: their holds, their warnings, and the
/// reservation id to settle.
pub(super) type Taken = (Vec<BudgetHold>, Vec<SoftWarning>, Option<String>);

/// A reserve ask and the quota service's answer to it.
#[derive(Debug, Clone, Copy)]
pub struct Asked<'a> {
    pub ask: &'a GlobalAsk,
    pub answer: &'a GlobalAnswer,
}

/// The ledger key under which a global budget's `local` fallback counts in this Envoy
/// (no budget name contains `~`, so it never meets a local budget's key).
fn fallback_key(key: &str) -> String {
    format!("~fallback\u{1f}{key}")
}

impl Engine {
    /// The reserve call for the global budgets among `applicable` (`None`: none apply).
    /// The flow fills in the reservation id.
    pub(super) fn global_ask(
        &self,
        applicable: &[Applicable],
        leases: Option<&mut Leases>,
        now: u64,
    ) -> Option<GlobalAsk> {
        let global = self.policy.global.as_ref()?;
        let budgets: Vec<AskBudget> = applicable
            .iter()
            .filter(|a| a.budget.store.is_global())
            .map(|a| {
                let limit = limit_value(a.budget.limit).min(MAX_AMOUNT);
                // A lease's room, on hard budgets only (a soft one never refuses).
                let extra = match (global.lease, leases.as_deref(), a.budget.kind) {
                    (Some(lease), Some(leases), Kind::Hard) => leases.extra_for(&a.key, limit, lease.percent),
                    _ => 0,
                };
                let amount = a.amount.min(MAX_AMOUNT);
                AskBudget {
                    budget: a.index,
                    counter: a.key.clone(),
                    window: a.budget.window.into(),
                    // A soft budget only warns: the service holds without a limit (the
                    // largest it takes, 2^53 - 1: Redis's Lua counts in doubles).
                    limit: match a.budget.kind {
                        Kind::Hard => limit,
                        Kind::Soft => MAX_AMOUNT,
                    },
                    amount: amount.saturating_add(extra).min(MAX_AMOUNT),
                    extra: extra.min(MAX_AMOUNT - amount),
                }
            })
            .collect();
        if budgets.is_empty() {
            return None;
        }
        let ask = GlobalAsk {
            id: String::new(),
            hold_seconds: global.hold_seconds,
            budgets,
        };
        // One lease ask per VM and budget set at a time; the others ask for themselves.
        let claimed = match leases {
            Some(leases) if ask.has_extra() => leases.claim(&ask, now),
            _ => true,
        };
        Some(if claimed { ask } else { ask.without_extra_same_id() })
    }

    /// The global budgets' part of the reservation, from the service's answer: their
    /// holds (slots, or local fallback holds) and warnings, or the refusal.
    pub(super) fn take_global(
        &self,
        applicable: &mut [Applicable],
        asked: Asked,
        family: Family,
        model: &str,
        now: u64,
        store: &dyn SharedStore,
    ) -> Result<Taken, Refusal> {
        let mut holds: Vec<BudgetHold> = Vec::new();
        let mut warnings = Vec::new();
        let globals: Vec<usize> = (0..applicable.len())
            .filter(|i| applicable.get(*i).is_some_and(|a| a.budget.store.is_global()))
            .collect();
        let changed = || {
            Refusal::reply(error_reply(
                family,
                ErrorCode::QuotaUnavailable,
                "tollgate: the request's budgets changed while the quota service answered; send it again",
                None,
                vec![],
            ))
        };
        if globals.len() != asked.ask.budgets.len() {
            return Err(changed());
        }
        match asked.answer {
            GlobalAnswer::Reserved(answer) => {
                for (j, i) in globals.iter().enumerate() {
                    let (Some(a), Some(sent), Some(state)) =
                        (applicable.get_mut(*i), asked.ask.budgets.get(j), answer.budgets.get(j))
                    else {
                        return Err(changed());
                    };
                    if sent.budget != a.index || sent.counter != a.key {
                        return Err(changed());
                    }
                    // What the service counts, for the refusal and the RateLimit headers.
                    a.snapshot = Snapshot {
                        used: state.used,
                        held: state.held,
                    };
                    if !answer.admitted {
                        continue;
                    }
                    let limit = limit_value(a.budget.limit);
                    let total = state.used.saturating_add(state.held);
                    if a.budget.kind == Kind::Soft && total > limit {
                        let text = format!(
                            "{}: {} used or reserved of {}",
                            a.budget.name,
                            budgets::show(a.budget.limit, total),
                            budgets::show_limit(a.budget.limit)
                        );
                        warnings.push(SoftWarning::soft_limit(a, text, a.pos.map_or(0, |p| p.id)));
                    }
                    holds.push(BudgetHold {
                        budget: a.index,
                        key: a.key.clone(),
                        hold: None,
                        global: Some(GlobalHold {
                            slot: state.slot.clone(),
                            reserved: sent.amount.saturating_sub(sent.extra),
                        }),
                    });
                }
                if !answer.admitted {
                    let k = answer.refused_by.unwrap_or(0);
                    let failing = globals.get(k).and_then(|i| applicable.get(*i)).ok_or_else(changed)?;
                    return Err(Refusal::reply(budgets::budget_reply(family, failing, now, model)));
                }
                Ok((holds, warnings, Some(answer.id.clone())))
            }
            GlobalAnswer::Unavailable(why) => {
                for i in &globals {
                    let Some(a) = applicable.get(*i) else {
                        continue;
                    };
                    let BudgetStore::Global(policy) = a.budget.store else {
                        continue;
                    };
                    match policy {
                        OnUnavailable::Closed => {
                            self.release_all(&holds, now, store);
                            let mut reply = error_reply(
                                family,
                                ErrorCode::QuotaUnavailable,
                                &format!(
                                    "tollgate: budget `{}` is kept by the quota service, which is unavailable ({why}); \
                                     the request is refused (on_unavailable: closed); try again shortly",
                                    a.budget.name
                                ),
                                Some(json!({"rule": a.budget.name, "reason": why})),
                                vec![("retry-after".into(), "1".into())],
                            );
                            reply.rule = a.budget.name.clone();
                            return Err(Refusal::reply(reply));
                        }
                        OnUnavailable::Open => warnings.push(SoftWarning {
                            kind: "quota_unavailable",
                            text: format!(
                                "{}: not enforced: the quota service is unavailable ({why})",
                                a.budget.name
                            ),
                            budget: a.budget.name.clone(),
                            scope: a.key.split('\u{1f}').skip(1).collect::<Vec<_>>().join("/"),
                            alert_key: format!("quota_unavailable/{}", a.budget.name),
                        }),
                        OnUnavailable::Local { share_percent } => {
                            let key = fallback_key(&a.key);
                            let limit = limit_value(a.budget.limit);
                            let share = u64::try_from(u128::from(limit) * u128::from(share_percent) / 100)
                                .unwrap_or(u64::MAX)
                                .max(1);
                            let check = match a.budget.kind {
                                Kind::Hard => Check::AtMost(share),
                                Kind::Soft => Check::None,
                            };
                            let Some(pos) = a.pos else {
                                continue;
                            };
                            match self.ledger.reserve(store, &key, pos, now, a.amount, check) {
                                Ok((hold, _)) => holds.push(BudgetHold {
                                    budget: a.index,
                                    key,
                                    hold: Some(hold),
                                    global: None,
                                }),
                                Err(e) => {
                                    self.release_all(&holds, now, store);
                                    return Err(reserve_refusal(e, a, family, now, model));
                                }
                            }
                        }
                    }
                }
                Ok((holds, warnings, None))
            }
        }
    }
}
