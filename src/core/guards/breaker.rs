//! Circuit breakers on spend anomalies: per breaker key (e.g. a feature, optionally with
//! the model) a ring of per-minute buckets of requests, reserved cost and settled spend.
//! The baseline is the older part of the ring, the recent window the newer part; a
//! request far above the baseline's average cost, or a recent spend rate far above the
//! baseline rate, opens the breaker for a cooldown. Pure: state through `Table`.

use crate::table::{Reader, Record};

const MINUTES: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Bucket {
    pub minute: u32,
    pub requests: u32,
    pub reserved: u64,
    pub spent: u64,
}

/// One breaker key's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breaker {
    pub digest: [u8; 16],
    pub last_seen: u64,
    pub open_until: u64,
    /// Why it opened: 1 = a single request, 2 = the spend rate.
    pub open_reason: u32,
    pub buckets: [Bucket; MINUTES],
}

impl Record for Breaker {
    const SIZE: usize = 16 + 8 + 8 + 4 + MINUTES * 24;

    fn digest(&self) -> [u8; 16] {
        self.digest
    }

    fn fresh(digest: [u8; 16], now: u64) -> Breaker {
        Breaker {
            digest,
            last_seen: now,
            open_until: 0,
            open_reason: 0,
            buckets: [Bucket::default(); MINUTES],
        }
    }

    /// Reusable once the whole ring is older than it can remember and it is closed.
    fn reusable(&self, now: u64) -> bool {
        self.open_until <= now && self.last_seen.saturating_add(MINUTES as u64 * 60) <= now
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.digest);
        out.extend_from_slice(&self.last_seen.to_le_bytes());
        out.extend_from_slice(&self.open_until.to_le_bytes());
        out.extend_from_slice(&self.open_reason.to_le_bytes());
        for b in &self.buckets {
            out.extend_from_slice(&b.minute.to_le_bytes());
            out.extend_from_slice(&b.requests.to_le_bytes());
            out.extend_from_slice(&b.reserved.to_le_bytes());
            out.extend_from_slice(&b.spent.to_le_bytes());
        }
    }

    fn decode(bytes: &[u8]) -> Option<Breaker> {
        let mut r = Reader::new(bytes);
        let mut b = Breaker {
            digest: r.take16()?,
            last_seen: r.u64()?,
            open_until: r.u64()?,
            open_reason: r.u32()?,
            buckets: [Bucket::default(); MINUTES],
        };
        for bucket in b.buckets.iter_mut() {
            *bucket = Bucket {
                minute: r.u32()?,
                requests: r.u32()?,
                reserved: r.u64()?,
                spent: r.u64()?,
            };
        }
        Some(b)
    }
}

/// Breaker settings (compiled from the configuration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thresholds {
    /// Trip when one request's reserved cost exceeds this multiple of the baseline average.
    pub request_multiple: u64,
    /// Trip when the recent spend rate exceeds this multiple of the baseline rate.
    pub rate_multiple: u64,
    /// The recent window, in minutes (the rest of the baseline span is the baseline).
    pub window_minutes: u64,
    /// The whole span looked at, in minutes (at most 64).
    pub baseline_minutes: u64,
    /// Requests the baseline needs before it judges anything.
    pub min_requests: u64,
    pub cooldown_seconds: u64,
}

/// Why a breaker is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trip {
    /// Already open (until, why it opened).
    Open { until: u64, reason: OpenReason },
    /// This request costs `multiple`× the baseline average (per mille precision).
    Request { cost: u64, baseline_average: u64 },
    /// The recent spend rate is above the baseline rate (nanos per minute).
    Rate {
        recent_per_minute: u64,
        baseline_per_minute: u64,
    },
}

/// Why a breaker opened (stored in its record as a small code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenReason {
    /// One request far above its usual cost.
    RequestCost,
    /// The spend rate far above its baseline.
    SpendRate,
}

impl OpenReason {
    fn code(self) -> u32 {
        match self {
            OpenReason::RequestCost => 1,
            OpenReason::SpendRate => 2,
        }
    }

    fn from_code(code: u32) -> OpenReason {
        if code == 1 {
            OpenReason::RequestCost
        } else {
            OpenReason::SpendRate
        }
    }

    /// How alerts and termination details name it.
    pub fn name(self) -> &'static str {
        match self {
            OpenReason::RequestCost => "request_cost",
            OpenReason::SpendRate => "spend_rate",
        }
    }

    /// What it means, for the termination message.
    pub fn describe(self) -> &'static str {
        match self {
            OpenReason::RequestCost => "a request far above its usual cost",
            OpenReason::SpendRate => "a spend rate far above its baseline",
        }
    }
}

impl Breaker {
    fn bucket_mut(&mut self, minute: u32) -> Option<&mut Bucket> {
        let b = self.buckets.get_mut(minute as usize % MINUTES)?;
        if b.minute != minute {
            *b = Bucket {
                minute,
                ..Bucket::default()
            };
        }
        Some(b)
    }

    /// (requests, reserved, spent) over minutes in (from, to].
    fn sum(&self, from: u64, to: u64) -> (u64, u64, u64) {
        self.buckets
            .iter()
            .filter(|b| b.requests > 0 || b.spent > 0)
            .filter(|b| u64::from(b.minute) > from && u64::from(b.minute) <= to)
            .fold((0, 0, 0), |(r, c, s), b| {
                (
                    r + u64::from(b.requests),
                    c.saturating_add(b.reserved),
                    s.saturating_add(b.spent),
                )
            })
    }

    /// Checks a request about to reserve `cost`; records it if admitted. Returns the trip
    /// that rejects it, if any.
    /// Checks a request of worst-case cost `cost`; opens the breaker if it trips. Does not
    /// count the request (see [`record`](Self::record)).
    pub fn check(&mut self, cost: u64, t: &Thresholds, now: u64) -> Option<Trip> {
        self.last_seen = now;
        if self.open_until > now {
            return Some(Trip::Open {
                until: self.open_until,
                reason: OpenReason::from_code(self.open_reason),
            });
        }
        let minute = now / 60;
        let recent_from = minute.saturating_sub(t.window_minutes);
        let base_from = minute.saturating_sub(t.baseline_minutes.min(MINUTES as u64 - 1));
        let (base_requests, base_reserved, base_spent) = self.sum(base_from, recent_from);
        if base_requests >= t.min_requests.max(1) {
            let average = base_reserved / base_requests;
            if cost > average.saturating_mul(t.request_multiple) {
                self.open(now, t, OpenReason::RequestCost);
                return Some(Trip::Request {
                    cost,
                    baseline_average: average,
                });
            }
            let base_minutes = recent_from.saturating_sub(base_from).max(1);
            let (_, _, recent_spent) = self.sum(recent_from, minute);
            let baseline_per_minute = base_spent / base_minutes;
            let recent_per_minute = recent_spent / t.window_minutes.max(1);
            if baseline_per_minute > 0 && recent_per_minute > baseline_per_minute.saturating_mul(t.rate_multiple) {
                self.open(now, t, OpenReason::SpendRate);
                return Some(Trip::Rate {
                    recent_per_minute,
                    baseline_per_minute,
                });
            }
        }
        None
    }

    /// Counts an admitted request in this minute's baseline.
    pub fn record(&mut self, cost: u64, now: u64) {
        self.last_seen = now;
        if let Some(b) = self.bucket_mut((now / 60) as u32) {
            b.requests = b.requests.saturating_add(1);
            b.reserved = b.reserved.saturating_add(cost);
        }
    }

    /// Checks and, if it passes, counts a request (a request that nothing else refuses).
    pub fn admit(&mut self, cost: u64, t: &Thresholds, now: u64) -> Option<Trip> {
        let trip = self.check(cost, t, now);
        if trip.is_none() {
            self.record(cost, now);
        }
        trip
    }

    /// Adds settled spend.
    pub fn spend(&mut self, nanos: u64, now: u64) {
        self.last_seen = now;
        if let Some(b) = self.bucket_mut((now / 60) as u32) {
            b.spent = b.spent.saturating_add(nanos);
        }
    }

    fn open(&mut self, now: u64, t: &Thresholds, reason: OpenReason) {
        self.open_until = now.saturating_add(t.cooldown_seconds);
        self.open_reason = reason.code();
    }

    pub fn reset(&mut self) {
        self.open_until = 0;
        self.open_reason = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t() -> Thresholds {
        Thresholds {
            request_multiple: 10,
            rate_multiple: 3,
            window_minutes: 15,
            baseline_minutes: 60,
            min_requests: 20,
            cooldown_seconds: 300,
        }
    }

    #[test]
    fn an_expensive_request_after_a_baseline_trips_and_stays_open_for_the_cooldown() {
        let mut b = Breaker::fresh([0; 16], 0);
        for i in 0..40u64 {
            assert_eq!(b.admit(1_000, &t(), i * 60), None);
            b.spend(800, i * 60 + 5);
        }
        // 20 minutes later (the baseline is now older than the recent window).
        let now = 40 * 60 + 20 * 60;
        assert!(matches!(b.admit(50_000, &t(), now), Some(Trip::Request { .. })));
        assert!(matches!(b.admit(1_000, &t(), now + 10), Some(Trip::Open { .. })));
        assert_eq!(b.admit(1_000, &t(), now + 301), None);
    }

    #[test]
    fn no_baseline_no_trip() {
        let mut b = Breaker::fresh([0; 16], 0);
        assert_eq!(b.admit(1_000_000_000, &t(), 100), None);
    }

    #[test]
    fn a_spend_rate_spike_trips() {
        let mut b = Breaker::fresh([0; 16], 0);
        for i in 0..45u64 {
            b.admit(1_000, &t(), i * 60);
            b.spend(1_000, i * 60);
        }
        let start = 45 * 60;
        let mut tripped = None;
        for i in 0..60u64 {
            let now = start + i * 10;
            match b.admit(1_000, &t(), now) {
                None => b.spend(5_000, now),
                Some(trip) => {
                    tripped = Some(trip);
                    break;
                }
            }
        }
        assert!(matches!(tripped, Some(Trip::Rate { .. })), "{tripped:?}");
    }

    #[test]
    fn record_round_trips() {
        let mut b = Breaker::fresh([3; 16], 7);
        b.admit(5, &t(), 61);
        b.spend(4, 62);
        let mut out = Vec::new();
        b.encode(&mut out);
        assert_eq!(out.len(), Breaker::SIZE);
        assert_eq!(Breaker::decode(&out), Some(b));
    }
}
