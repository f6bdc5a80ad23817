//! What the engine reports about each request: labelled metrics (bounded labels from the
//! observe policy), the request's attribution for the access log, and alerts (budget
//! shares crossed, soft limits, loops, stalls, breakers) with a cooldown per key.
//! Pure: reports through the `Metrics` trait; cooldowns through the `SharedStore` trait.

use serde_json::{Value, json};

use super::Engine;
use super::host::{Attributes, HeadVerdict, Metric, Metrics, RequestLabels, SettleReport, Ticket};
use crate::api::Endpoint;
use crate::config::ScopeAttr;
use crate::count_cache::CacheStats;
use crate::money;
use crate::observe::{Alert, LabeledMetric};
use crate::prefix_cache::PrefixStats;
use crate::reply::{ErrorCode, Reply};
use crate::store::SharedStore;
use crate::usage::Usage;

fn attr(attrs: &dyn Attributes, scope: &[ScopeAttr], model: &str) -> Option<String> {
    let values: Option<Vec<String>> = scope
        .iter()
        .map(|a| match a {
            ScopeAttr::Header(h) => attrs.header(h),
            ScopeAttr::Property(p) => attrs.property(p),
            ScopeAttr::Model => Some(model.to_string()),
            ScopeAttr::BodyUser => None,
        })
        .map(|v| v.filter(|v| !v.is_empty()))
        .collect();
    values.filter(|v| !v.is_empty()).map(|v| v.join("/"))
}

pub(super) fn counter<'a>(name: &'static str, labels: &'a [(&'static str, &'a str)], delta: u64) -> LabeledMetric<'a> {
    LabeledMetric {
        name,
        labels,
        delta: i64::try_from(delta).unwrap_or(i64::MAX),
        gauge: false,
    }
}

impl Engine {
    /// The request's labels once its models are known.
    pub(super) fn labels_for(
        &self,
        endpoint: Endpoint,
        requested: &str,
        routed: &str,
        attrs: &dyn Attributes,
    ) -> RequestLabels {
        let o = &self.policy.observe;
        let feature = attr(attrs, &o.feature, routed);
        RequestLabels {
            api: endpoint.name(),
            model: o.model_label(self.canonical(requested), requested),
            routed_model: o.model_label(self.canonical(routed), routed),
            feature: o.feature_label(feature.as_deref()),
        }
    }

    /// The price-table name a model resolves to (unknown models have none).
    fn canonical(&self, model: &str) -> Option<&str> {
        self.policy.prices.resolve(model).map(|(name, _)| name)
    }

    /// Who and what, for the access log (never metric labels).
    pub(super) fn attribute_who(&self, attrs: &dyn Attributes, requested: &str, routed: &str, metrics: &dyn Metrics) {
        let o = &self.policy.observe;
        if let Some(user) = attr(attrs, &o.user, routed) {
            metrics.attribute("user", &user);
        }
        if let Some(feature) = attr(attrs, &o.feature, routed) {
            metrics.attribute("feature", &feature);
        }
        metrics.attribute("model_requested", requested);
        metrics.attribute("model_routed", routed);
    }

    /// Counts a verdict on the request head, in the plain and the labelled counters alike
    /// (a head verdict has no model yet).
    pub fn count_head(&self, verdict: &HeadVerdict, path: &str, metrics: &dyn Metrics) {
        let labels = RequestLabels {
            api: crate::api::Target::from_path(path).map_or("unknown", |t| t.endpoint.name()),
            model: "unknown".into(),
            routed_model: "unknown".into(),
            feature: "none".into(),
        };
        match verdict {
            HeadVerdict::NotOurs | HeadVerdict::ReadBody(_) => {}
            HeadVerdict::PassUncounted(reason) => {
                metrics.add(Metric::RequestsUncounted, 1);
                if reason.is_unknown_endpoint() {
                    metrics.add(Metric::UnknownEndpointPassed, 1);
                }
                self.emit_decision(&labels, "uncounted", reason.as_str(), metrics);
            }
            HeadVerdict::Reject(reply) => {
                metrics.add(Metric::RequestsRejected, 1);
                self.emit_decision(&labels, "rejected", reply.code_name(), metrics);
            }
        }
    }

    /// The request counter with its decision and reason.
    pub(super) fn emit_decision(&self, labels: &RequestLabels, decision: &str, reason: &str, metrics: &dyn Metrics) {
        metrics.labeled(&counter(
            "tollgate_requests",
            &[
                ("api", labels.api),
                ("model", &labels.model),
                ("routed_model", &labels.routed_model),
                ("feature", &labels.feature),
                ("decision", decision),
                ("reason", reason),
            ],
            1,
        ));
        metrics.attribute("decision", decision);
        metrics.attribute("reason", reason);
    }

    /// What the memo of recent bodies did during one decision: bodies resumed and read
    /// from the start, bytes not read again (counters), its entries and bytes (gauges).
    pub(super) fn emit_prefix_cache(&self, stats: PrefixStats, metrics: &dyn Metrics) {
        let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        for (name, delta, gauge) in [
            ("tollgate_prefix_cache_hits", count(stats.hits), false),
            ("tollgate_prefix_cache_misses", count(stats.misses), false),
            ("tollgate_prefix_cache_reused_bytes", count(stats.reused_bytes), false),
            ("tollgate_prefix_cache_entries", stats.entries_delta, true),
            ("tollgate_prefix_cache_bytes", stats.bytes_delta, true),
        ] {
            if delta != 0 {
                metrics.labeled(&LabeledMetric {
                    name,
                    labels: &[],
                    delta,
                    gauge,
                });
            }
        }
    }

    /// What the memo of message counts did during one decision: lookups that hit and
    /// missed (counters), its entries and bytes (gauges, by increments).
    pub(super) fn emit_count_cache(&self, stats: CacheStats, metrics: &dyn Metrics) {
        metrics.add(Metric::CountCacheHits, stats.hits);
        metrics.add(Metric::CountCacheMisses, stats.misses);
        for (name, delta) in [
            ("tollgate_count_cache_entries", stats.entries_delta),
            ("tollgate_count_cache_bytes", stats.bytes_delta),
        ] {
            if delta != 0 {
                metrics.labeled(&LabeledMetric {
                    name,
                    labels: &[],
                    delta,
                    gauge: true,
                });
            }
        }
    }

    pub(super) fn emit_reservation(&self, delta: i64, metrics: &dyn Metrics) {
        metrics.labeled(&LabeledMetric {
            name: "tollgate_reservations_open",
            labels: &[],
            delta,
            gauge: true,
        });
    }

    pub(super) fn emit_rewrite(&self, kind: &str, metrics: &dyn Metrics) {
        metrics.labeled(&counter("tollgate_rewrites", &[("kind", kind)], 1));
    }

    /// Alerts for guard terminations (one per guard and session or key per cooldown).
    pub(super) fn alert_for_reply(
        &self,
        reply: &Reply,
        labels: &RequestLabels,
        now: u64,
        store: &dyn SharedStore,
        metrics: &dyn Metrics,
    ) {
        let Some(code) = reply.code.filter(|c| {
            matches!(
                c,
                ErrorCode::LoopDetected
                    | ErrorCode::ProgressStalled
                    | ErrorCode::CircuitOpen
                    | ErrorCode::IterationLimit
            )
        }) else {
            return;
        };
        // The loop profile the request was judged with (`default`: none).
        let profile = super::guarding::profile_label(reply.details.get("profile").and_then(Value::as_str));
        metrics.labeled(&counter(
            "tollgate_guard_events",
            &[
                ("feature", &labels.feature),
                ("event", code.code()),
                ("profile", &profile),
            ],
            1,
        ));
        let details = reply.details.clone();
        let who = details
            .get("session")
            .or_else(|| details.get("key"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let message = if reply.message.is_empty() {
            code.code().to_string()
        } else {
            reply.message.clone()
        };
        self.alert(
            &format!("{}/{}/{who}", code.code(), reply.rule),
            code.code(),
            message,
            details,
            now,
            store,
            metrics,
        );
    }

    /// Sends an alert unless one with the same key went out within the cooldown.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn alert(
        &self,
        key: &str,
        kind: &'static str,
        message: String,
        details: Value,
        now: u64,
        store: &dyn SharedStore,
        metrics: &dyn Metrics,
    ) {
        let Some(alerts) = &self.policy.alerts else { return };
        let key = key.replace('\u{1f}', "/");
        if alerts.claim(store, &key, now) {
            metrics.alert(&Alert {
                key,
                kind,
                message,
                details,
                at: now,
            });
        }
    }

    /// Budget shares crossed by this settlement: used went from `before` to `after`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn alert_budget_shares(
        &self,
        budget: &str,
        key: &str,
        window: u64,
        limit: u64,
        before: u64,
        after: u64,
        now: u64,
        store: &dyn SharedStore,
        metrics: &dyn Metrics,
    ) {
        let Some(alerts) = &self.policy.alerts else { return };
        let crossed = alerts
            .budget_shares
            .iter()
            .filter(|p| {
                u128::from(before) * 100 < u128::from(limit) * u128::from(**p)
                    && u128::from(after) * 100 >= u128::from(limit) * u128::from(**p)
            })
            .max();
        if let Some(percent) = crossed {
            let scope = key.split('\u{1f}').skip(1).collect::<Vec<_>>().join("/");
            self.alert(
                &format!("share/{key}/{window}/{percent}"),
                "budget_share",
                format!("tollgate: budget `{budget}` for `{scope}` passed {percent}% of its limit"),
                json!({"budget": budget, "key": scope, "percent": percent, "used": after, "limit": limit}),
                now,
                store,
                metrics,
            );
        }
    }

    /// Metrics and attribution of a settled request.
    pub(super) fn emit_settlement(
        &self,
        ticket: &Ticket,
        report: &SettleReport,
        outcome: &str,
        usage: Option<&Usage>,
        metrics: &dyn Metrics,
    ) {
        let l = &ticket.labels;
        let (api, routed_model, feature) = (l.api, l.routed_model.as_str(), l.feature.as_str());
        if let Some(u) = usage {
            for (kind, n) in [
                ("input", u.input_tokens),
                ("cached_input", u.cached_input_tokens),
                ("cache_write", u.cache_write_tokens),
                ("output", u.output_tokens),
                ("reasoning", u.reasoning_tokens),
            ] {
                if n > 0 {
                    let labels = [
                        ("api", api),
                        ("routed_model", routed_model),
                        ("feature", feature),
                        ("kind", kind),
                    ];
                    metrics.labeled(&counter("tollgate_tokens", &labels, n));
                }
            }
            let mut digits = itoa::Buffer::new();
            metrics.attribute("input_tokens", digits.format(u.input_tokens));
            metrics.attribute("output_tokens", digits.format(u.output_tokens));
            metrics.attribute("cached_tokens", digits.format(u.cached_input_tokens));
        }
        if report.nanos > 0 {
            let labels = [("api", api), ("routed_model", routed_model), ("feature", feature)];
            metrics.labeled(&counter("tollgate_cost_nanodollars", &labels, report.nanos));
        }
        metrics.labeled(&counter(
            "tollgate_settlements",
            &[("api", api), ("outcome", outcome)],
            1,
        ));
        metrics.attribute("settlement", outcome);
        metrics.attribute("cost_usd", &money::format_nanos_usd(report.nanos));
        self.emit_reservation(-1, metrics);
    }
}
