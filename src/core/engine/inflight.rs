//! The requests in flight in one VM and their budget holds, so a request that outlives
//! `reservation_ttl_seconds` keeps its holds: the host calls `renew_due` on a timer, and
//! settlement takes the request's holds from here (renewal may have moved them).
//! Pure: no host calls; time comes in as `now`, the store through `SharedStore`.

use std::collections::HashMap;

use super::Engine;
use super::host::{BudgetHold, Metric, Metrics};
use super::leases::Leases;
use crate::store::SharedStore;
use crate::windows;

/// Holds of the admitted requests of one VM, by the host's request id, and the VM's
/// leases of global budgets.
#[derive(Debug, Default)]
pub struct InFlight {
    requests: HashMap<u32, Vec<BudgetHold>>,
    pub leases: Leases,
}

impl InFlight {
    pub fn new() -> InFlight {
        InFlight::default()
    }

    /// Starts tracking an admitted request's holds.
    pub fn admit(&mut self, id: u32, holds: &[BudgetHold]) {
        if holds.iter().any(|h| h.hold.is_some()) {
            self.requests.insert(id, holds.to_vec());
        }
    }

    /// Stops tracking a request; returns its holds as renewed so far.
    pub fn finish(&mut self, id: u32) -> Option<Vec<BudgetHold>> {
        self.requests.remove(&id)
    }

    pub fn len(&self) -> usize {
        self.requests.len()
    }

    pub fn is_empty(&self) -> bool {
        self.requests.is_empty()
    }

    /// Renews every hold past half its life. Returns how many were renewed.
    pub fn renew_due(&mut self, engine: &Engine, now: u64, store: &dyn SharedStore, metrics: &dyn Metrics) -> u64 {
        let mut renewed = 0;
        for holds in self.requests.values_mut() {
            renewed += engine.renew_holds(holds, now, store, metrics);
        }
        renewed
    }
}

impl Engine {
    /// How often the host should call [`InFlight::renew_due`], in seconds.
    pub fn renewal_period_seconds(&self) -> u64 {
        (self.policy.reservation_ttl_seconds / 8).max(1)
    }

    /// Renews the holds of one request that are past half their life.
    pub fn renew_holds(
        &self,
        holds: &mut [BudgetHold],
        now: u64,
        store: &dyn SharedStore,
        metrics: &dyn Metrics,
    ) -> u64 {
        let mut renewed = 0;
        for h in holds.iter_mut() {
            let Some(hold) = h.hold.as_ref().filter(|hold| self.ledger.needs_renewal(hold, now)) else {
                continue;
            };
            let Some(pos) = self
                .policy
                .budgets
                .get(h.budget)
                .and_then(|b| windows::position(b.window, now))
            else {
                continue;
            };
            match self.ledger.renew(store, &h.key, hold, pos, now) {
                Ok(fresh) => {
                    h.hold = Some(fresh);
                    renewed += 1;
                }
                Err(_) => metrics.add(Metric::StoreErrors, 1),
            }
        }
        renewed
    }
}
