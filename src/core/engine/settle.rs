//! After the response: how to read it, what it settles to, and the settlement itself
//! (every reservation released and charged what was used; the learned token multiplier
//! and the Responses context map updated).
//! Pure: reads the response only through the `ResponseObserver`; writes only through the
//! `SharedStore` trait.

use super::cost::usage_cost;
use super::host::{Concluded, Metric, Metrics, ResponseEnd, SettleReport, Settlement, Ticket};
use super::{Engine, context_key};
use crate::api::Endpoint;
use crate::calibration;
use crate::config::Limit;
use crate::global::Charge;
use crate::store::{Hold, SharedStore};
use crate::usage::{BodyFormat, ObserverConfig, Outcome, ResponseObserver, Usage};
use crate::windows;

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

    /// What to settle once the response ended or was cut off (see [`ResponseEnd`]).
    pub fn conclude(&self, ticket: &Ticket, end: ResponseEnd, observer: Option<&ResponseObserver>) -> Concluded {
        let Some(status) = end.status.filter(|s| *s > 0) else {
            // No response head: the client left (or the upstream never answered) while
            // the provider was generating. If the request reached it, it bills the work.
            return Concluded::from(if end.upstream_reached {
                Settlement::Cut
            } else {
                Settlement::ErrorNoUsage
            });
        };
        let success = (200..300).contains(&status);
        let Some(observer) = observer else {
            return Concluded::from(if success {
                Settlement::UsageMissing
            } else {
                Settlement::ErrorNoUsage
            });
        };
        let complete = end.complete;
        let settlement = match (observer.usage(), observer.outcome()) {
            (Some(u), Outcome::UsageReported | Outcome::StreamError(_) | Outcome::ErrorBody(_)) => Settlement::Usage(u),
            (Some(u), Outcome::UsagePartial) => {
                // Input is known; output is a lower bound: take what was relayed if more.
                let relayed = relayed_tokens(ticket, observer);
                Settlement::Usage(Usage {
                    output_tokens: u.output_tokens.max(relayed),
                    ..u
                })
            }
            (Some(u), _) if complete => Settlement::Usage(u),
            _ if !success => Settlement::ErrorNoUsage,
            // A JSON answer cut before its usage: the provider may well bill the whole
            // generation, and nothing says how much of it there was.
            _ if observer.format() == BodyFormat::Json && !complete => Settlement::Cut,
            // A 2xx stream that carried no event at all: nothing says what it cost.
            _ if observer.format() == BodyFormat::Sse && observer.data_events() == 0 => Settlement::Cut,
            _ if ticket.stream || !complete => Settlement::Broken {
                relayed_output_tokens: relayed_tokens(ticket, observer),
            },
            _ => Settlement::UsageMissing,
        };
        Concluded {
            settlement,
            response_id: observer.response_id().map(str::to_string),
        }
    }

    /// Settles every reservation of a finished request to what it actually used.
    pub fn settle(
        &self,
        ticket: &Ticket,
        concluded: &Concluded,
        now: u64,
        store: &dyn SharedStore,
        metrics: &dyn Metrics,
    ) -> SettleReport {
        let (tokens, nanos, usage) = match &concluded.settlement {
            Settlement::Usage(u) => {
                metrics.add(Metric::SettledUsageReported, 1);
                (
                    u.input_tokens.saturating_add(u.output_tokens),
                    usage_cost(&ticket.rates, u),
                    Some(*u),
                )
            }
            Settlement::ErrorNoUsage => {
                metrics.add(Metric::SettledErrorNoUsage, 1);
                (0, 0, None)
            }
            Settlement::Broken { relayed_output_tokens } => {
                metrics.add(Metric::SettledStreamBroken, 1);
                let u = Usage {
                    input_tokens: ticket.input_estimate.saturating_add(ticket.context_tokens),
                    output_tokens: *relayed_output_tokens,
                    ..Usage::default()
                };
                (
                    u.input_tokens.saturating_add(u.output_tokens),
                    usage_cost(&ticket.rates, &u),
                    Some(u),
                )
            }
            Settlement::UsageMissing => {
                metrics.add(Metric::SettledUsageMissing, 1);
                (ticket.reserved_tokens, ticket.reserved_nanos, None)
            }
            Settlement::Cut => {
                metrics.add(Metric::SettledCut, 1);
                (ticket.reserved_tokens, ticket.reserved_nanos, None)
            }
        };
        if let Some(u) = &usage {
            metrics.add(Metric::InputTokens, u.input_tokens);
            metrics.add(Metric::CachedInputTokens, u.cached_input_tokens);
            metrics.add(Metric::CacheWriteTokens, u.cache_write_tokens);
            metrics.add(Metric::OutputTokens, u.output_tokens);
            metrics.add(Metric::ReasoningTokens, u.reasoning_tokens);
        }
        metrics.add(Metric::CostNanos, nanos);
        metrics.add(Metric::ReservationsSettled, 1);
        let over = tokens > ticket.reserved_tokens || nanos > ticket.reserved_nanos;
        if over {
            metrics.add(Metric::UsageOverReservation, 1);
        }
        let mut global = Vec::new();
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
            if let Some(g) = &h.global {
                global.push(Charge {
                    slot: g.slot.clone(),
                    amount: actual,
                });
                continue;
            }
            match self
                .ledger
                .settle(store, &h.key, h.hold.as_ref().unwrap_or(&Hold::NONE), actual, pos, now)
            {
                Ok(after) => {
                    let limit = match budget.limit {
                        Limit::Tokens(t) | Limit::Nanos(t) => t,
                    };
                    let before = after.used.saturating_sub(actual);
                    self.alert_budget_shares(
                        &budget.name,
                        &h.key,
                        pos.id,
                        limit,
                        before,
                        after.used,
                        now,
                        store,
                        metrics,
                    );
                }
                Err(_) => metrics.add(Metric::StoreErrors, 1),
            }
        }
        let outcome = match &concluded.settlement {
            Settlement::Usage(_) => "usage_reported",
            Settlement::ErrorNoUsage => "error_no_usage",
            Settlement::Broken { .. } => "stream_broken",
            Settlement::UsageMissing => "usage_missing",
            Settlement::Cut => "cut",
        };
        let report = SettleReport {
            tokens,
            nanos,
            over_reservation: over,
            global,
        };
        self.emit_settlement(ticket, &report, outcome, usage.as_ref(), metrics);
        if nanos > 0
            && self
                .policy
                .guards
                .settle_breakers(store, &ticket.breaker_keys, nanos, now)
                .is_err()
        {
            metrics.add(Metric::StoreErrors, 1);
        }
        if let Settlement::Usage(u) = &concluded.settlement {
            // Learn the estimate's error from what the provider counted.
            if let Some(key) = &ticket.calibration_key {
                if calibration::observe(store, key, u.input_tokens, ticket.input.total()).is_err() {
                    metrics.add(Metric::StoreErrors, 1);
                }
            }
            // Remember the context a later `previous_response_id` will carry.
            if let Some(id) = concluded
                .response_id
                .as_ref()
                .filter(|_| ticket.endpoint == Endpoint::Responses)
            {
                let context = u.input_tokens.saturating_add(u.output_tokens);
                let key = context_key(id);
                if self
                    .contexts
                    .settle(store, &key, &Hold::NONE, context, self.context_pos(now), now)
                    .is_err()
                {
                    metrics.add(Metric::StoreErrors, 1);
                }
            }
        }
        report
    }
}

/// Output tokens already relayed to the client, counted with the request's encoding;
/// when the kept text was truncated, scaled up by the characters seen.
fn relayed_tokens(ticket: &Ticket, observer: &ResponseObserver) -> u64 {
    let text = observer.relayed_output_text();
    let counted = ticket
        .encoding
        .count(text)
        .unwrap_or_else(|_| (text.len() as u64).div_ceil(2));
    let kept_chars = text.chars().count() as u64;
    let all_chars = observer.relayed_output_chars();
    if all_chars > kept_chars && kept_chars > 0 {
        u64::try_from(u128::from(counted) * u128::from(all_chars) / u128::from(kept_chars)).unwrap_or(u64::MAX)
    } else {
        counted
    }
}
