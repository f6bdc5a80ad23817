//! The service's Prometheus metrics, hand-rolled text exposition: calls by op and outcome, a
//! latency histogram by op, Redis errors. In-process counters only; touches no Redis.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Histogram bucket bounds, seconds.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

#[derive(Default)]
struct Histogram {
    /// Per bucket (not cumulative), plus +Inf.
    counts: [u64; BUCKETS.len() + 1],
    sum_micros: u64,
    count: u64,
}

/// All metrics; share behind an `Arc`.
#[derive(Default)]
pub struct Metrics {
    calls: Mutex<BTreeMap<(&'static str, &'static str), u64>>,
    seconds: Mutex<BTreeMap<&'static str, Histogram>>,
    redis_errors: AtomicU64,
}

impl Metrics {
    /// One finished call.
    pub fn record(&self, op: &'static str, outcome: &'static str, elapsed: Duration) {
        if let Ok(mut calls) = self.calls.lock() {
            *calls.entry((op, outcome)).or_default() += 1;
        }
        if let Ok(mut hist) = self.seconds.lock() {
            let h = hist.entry(op).or_default();
            let secs = elapsed.as_secs_f64();
            let i = BUCKETS.iter().position(|b| secs <= *b).unwrap_or(BUCKETS.len());
            if let Some(c) = h.counts.get_mut(i) {
                *c += 1;
            }
            h.sum_micros = h
                .sum_micros
                .saturating_add(u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX));
            h.count += 1;
        }
    }

    /// One Redis error (unavailable or an error reply).
    pub fn redis_error(&self) {
        self.redis_errors.fetch_add(1, Ordering::Relaxed);
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP tollgate_quota_calls_total Calls to the quota service by op and outcome.\n");
        out.push_str("# TYPE tollgate_quota_calls_total counter\n");
        if let Ok(calls) = self.calls.lock() {
            for ((op, outcome), n) in calls.iter() {
                let _ = writeln!(
                    out,
                    "tollgate_quota_calls_total{{op=\"{op}\",outcome=\"{outcome}\"}} {n}"
                );
            }
        }
        out.push_str("# HELP tollgate_quota_call_seconds Time to answer a call, by op.\n");
        out.push_str("# TYPE tollgate_quota_call_seconds histogram\n");
        if let Ok(hist) = self.seconds.lock() {
            for (op, h) in hist.iter() {
                let mut cumulative = 0;
                for (i, bound) in BUCKETS.iter().enumerate() {
                    cumulative += h.counts.get(i).copied().unwrap_or(0);
                    let _ = writeln!(
                        out,
                        "tollgate_quota_call_seconds_bucket{{op=\"{op}\",le=\"{bound}\"}} {cumulative}"
                    );
                }
                let _ = writeln!(
                    out,
                    "tollgate_quota_call_seconds_bucket{{op=\"{op}\",le=\"+Inf\"}} {}",
                    h.count
                );
                let _ = writeln!(
                    out,
                    "tollgate_quota_call_seconds_sum{{op=\"{op}\"}} {}.{:06}",
                    h.sum_micros / 1_000_000,
                    h.sum_micros % 1_000_000
                );
                let _ = writeln!(out, "tollgate_quota_call_seconds_count{{op=\"{op}\"}} {}", h.count);
            }
        }
        out.push_str("# HELP tollgate_quota_redis_errors_total Redis calls that failed.\n");
        out.push_str("# TYPE tollgate_quota_redis_errors_total counter\n");
        let _ = writeln!(
            out,
            "tollgate_quota_redis_errors_total {}",
            self.redis_errors.load(Ordering::Relaxed)
        );
        out
    }
}
