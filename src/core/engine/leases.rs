//! Leases of global budgets, per VM: a reserve with the quota service may hold more than
//! the request needs (`global.lease`); the VM then admits later requests with the same
//! global budgets against that slice without a call, and settles the whole lease — the
//! usage its requests reported — in one call when it ends. Redis holds the slice like any
//! hold, so the sum of leases and usage never exceeds a limit; near the limit a lease
//! shrinks to nothing (its size follows the room the service last reported).
//! Pure: no host calls; time comes in as `now`.

use std::collections::HashMap;

use crate::global::{Call, Charge, GlobalAsk, Reserved, SlotState};

/// At most this many leases (and remembered rooms) per VM; beyond it no new lease is
/// taken (requests then ask the service each time).
const MAX_LEASES: usize = 4096;

/// One budget's share of a lease.
#[derive(Debug, Clone)]
struct LeaseSlot {
    slot: String,
    /// What Redis holds for this lease.
    granted: u64,
    /// Reserved by the lease's requests in flight.
    taken: u64,
    /// Usage its settled requests reported.
    charged: u64,
    /// The service's counter when the lease was taken (for the RateLimit headers).
    state: SlotState,
}

#[derive(Debug, Clone)]
struct Lease {
    id: String,
    slots: Vec<LeaseSlot>,
    expires_at: u64,
    in_flight: u32,
}

/// The VM's leases by id, and the current one of each set of counters (and windows).
#[derive(Debug, Default)]
pub struct Leases {
    by_id: HashMap<String, Lease>,
    current: HashMap<String, String>,
    /// The room (limit − used − held) the service last reported per counter.
    room: HashMap<String, u64>,
    /// Budget sets whose lease is being asked for (since when): other requests of this
    /// VM ask for themselves alone meanwhile.
    asking: HashMap<String, u64>,
}

/// A lease ask older than this is taken as lost (its request went away).
const ASKING_STALE_SECONDS: u64 = 5;

fn key_of(ask: &GlobalAsk) -> String {
    let mut key = String::new();
    for b in &ask.budgets {
        key.push_str(&b.counter);
        key.push('\u{1e}');
        key.push_str(&serde_json::to_string(&b.window).unwrap_or_default());
        key.push('\u{1d}');
    }
    key
}

impl Leases {
    /// How much more than the request to ask for on one budget: `percent` of its limit,
    /// but at most a quarter of the room last seen (none while the room is unknown to be
    /// large enough), so leases shrink to nothing near the limit.
    pub fn extra_for(&self, counter: &str, limit: u64, percent: u64) -> u64 {
        let wanted = u64::try_from(u128::from(limit) * u128::from(percent) / 100).unwrap_or(u64::MAX);
        match self.room.get(counter) {
            Some(room) => wanted.min(room / 4),
            None => wanted,
        }
    }

    /// Claims the right to ask for the lease of `ask`'s budgets: false when this VM
    /// already has one, or another request is asking for it.
    pub fn claim(&mut self, ask: &GlobalAsk, now: u64) -> bool {
        let key = key_of(ask);
        if self
            .asking
            .get(&key)
            .is_some_and(|since| now < since.saturating_add(ASKING_STALE_SECONDS))
        {
            return false;
        }
        if self.asking.len() >= MAX_LEASES {
            self.asking.clear();
        }
        self.asking.insert(key, now);
        true
    }

    /// The lease ask of these budgets got its answer.
    pub fn answered(&mut self, ask: &GlobalAsk) {
        self.asking.remove(&key_of(ask));
    }

    /// Admits a request on a lease that covers exactly its global budgets and has room
    /// for every amount: the answer the service would have given, from the lease.
    pub fn take(&mut self, ask: &GlobalAsk, now: u64) -> Option<Reserved> {
        let id = self.current.get(&key_of(ask))?;
        let lease = self.by_id.get_mut(id)?;
        if now >= lease.expires_at || lease.slots.len() != ask.budgets.len() {
            return None;
        }
        let fits = lease.slots.iter().zip(&ask.budgets).all(|(s, b)| {
            s.granted.saturating_sub(s.taken).saturating_sub(s.charged) >= b.amount.saturating_sub(b.extra)
        });
        if !fits {
            return None;
        }
        let mut budgets = Vec::with_capacity(lease.slots.len());
        for (s, b) in lease.slots.iter_mut().zip(&ask.budgets) {
            s.taken = s.taken.saturating_add(b.amount.saturating_sub(b.extra));
            budgets.push(SlotState {
                used: s.state.used.saturating_add(s.charged),
                held: s.state.held,
                ..s.state.clone()
            });
        }
        lease.in_flight += 1;
        Some(Reserved {
            id: lease.id.clone(),
            admitted: true,
            refused_by: None,
            budgets,
        })
    }

    /// Gives back what `take` took for a request that was not admitted after all.
    pub fn give_back(&mut self, ask: &GlobalAsk) {
        let lease = self.current.get(&key_of(ask)).and_then(|id| self.by_id.get_mut(id));
        if let Some(lease) = lease {
            for (s, b) in lease.slots.iter_mut().zip(&ask.budgets) {
                s.taken = s.taken.saturating_sub(b.amount.saturating_sub(b.extra));
            }
            lease.in_flight = lease.in_flight.saturating_sub(1);
        }
    }

    /// Remembers the room the service reported for each counter of an answer.
    pub fn observe(&mut self, ask: &GlobalAsk, answer: &Reserved) {
        if self.room.len() >= MAX_LEASES {
            self.room.clear();
        }
        for (b, s) in ask.budgets.iter().zip(&answer.budgets) {
            let room = s.limit.saturating_sub(s.used).saturating_sub(s.held);
            self.room.insert(b.counter.clone(), room);
        }
    }

    /// Keeps an admitted reserve with extra room as the current lease of its budgets (its
    /// request in flight); a lease it replaces keeps settling its own requests and ends
    /// with the last of them. Returns false when it cannot be kept (too many leases): the
    /// caller then settles the request alone.
    pub fn install(&mut self, ask: &GlobalAsk, answer: &Reserved, now: u64, seconds: u64) -> bool {
        if self.by_id.len() >= MAX_LEASES {
            return false;
        }
        let slots = ask
            .budgets
            .iter()
            .zip(&answer.budgets)
            .map(|(b, s)| LeaseSlot {
                slot: s.slot.clone(),
                granted: b.amount,
                taken: b.amount.saturating_sub(b.extra),
                charged: 0,
                state: s.clone(),
            })
            .collect();
        self.current.insert(key_of(ask), answer.id.clone());
        self.by_id.insert(
            answer.id.clone(),
            Lease {
                id: answer.id.clone(),
                slots,
                expires_at: now.saturating_add(seconds),
                in_flight: 1,
            },
        );
        true
    }

    /// Settles one request of reservation `id` whose global budgets reserved `reserved`
    /// and used `charges`: on a lease, counted into it (a call only when the lease ends);
    /// otherwise the request's own settle call.
    pub fn settle(&mut self, id: &str, reserved: &[u64], charges: Vec<Charge>, now: u64) -> Option<Call> {
        let Some(lease) = self.by_id.get_mut(id) else {
            return Some(Call::settle(id, charges));
        };
        for ((s, r), c) in lease.slots.iter_mut().zip(reserved).zip(&charges) {
            s.taken = s.taken.saturating_sub(*r);
            s.charged = s.charged.saturating_add(c.amount);
        }
        lease.in_flight = lease.in_flight.saturating_sub(1);
        if lease.in_flight == 0 && (now >= lease.expires_at || !self.current.values().any(|c| c == id)) {
            return self.end(id);
        }
        None
    }

    /// Removes a lease: its settle call.
    fn end(&mut self, id: &str) -> Option<Call> {
        let lease = self.by_id.remove(id)?;
        self.current.retain(|_, c| c != id);
        Some(lease_settle(&lease))
    }

    /// Ends the leases past their time with no request in flight: their settle calls
    /// (the usage charged; the unused rest of the slice goes back).
    pub fn expired(&mut self, now: u64) -> Vec<Call> {
        let done: Vec<String> = self
            .by_id
            .values()
            .filter(|l| now >= l.expires_at && l.in_flight == 0)
            .map(|l| l.id.clone())
            .collect();
        done.iter().filter_map(|id| self.end(id)).collect()
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

fn lease_settle(lease: &Lease) -> Call {
    Call::settle(
        &lease.id,
        lease
            .slots
            .iter()
            .map(|s| Charge {
                slot: s.slot.clone(),
                amount: s.charged,
            })
            .collect(),
    )
}
