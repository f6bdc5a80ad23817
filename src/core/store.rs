//! The counter store: a narrow trait over a shared key/value map with compare-and-swap
//! (Envoy shared data in production, `MemStore` in tests) and, on top of it, the ledger
//! of budget counters — records of the bounded `Table`, so memory is bounded by design:
//! a counter is reused once its window (or session) has ended and it holds no live
//! reservation, and every change to a counter is one atomic CAS write of its group.
//! Pure: no host calls; time comes in as `now` (unix seconds).

use std::cell::RefCell;
use std::collections::HashMap;

use thiserror::Error;

use crate::table::{Reader, Record, Refused, Table, TableError};

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum StoreError {
    #[error("compare-and-swap mismatch")]
    CasMismatch,
    #[error("shared data: {0}")]
    Host(String),
}

/// A shared key/value map with versions. `set` with `cas: Some(v)` succeeds only if the
/// key's current version is `v`, or if the key is missing (the host inserts it).
/// `cas: None` writes unconditionally.
pub trait SharedStore {
    fn get(&self, key: &str) -> Result<(Option<Vec<u8>>, Option<u32>), StoreError>;
    fn set(&self, key: &str, value: &[u8], cas: Option<u32>) -> Result<(), StoreError>;
}

/// A CAS value no existing entry can hold: the host's versions start at 1 and count up,
/// so writing a missing key with it inserts, and writing an existing key fails.
pub const CAS_CREATE: u32 = u32::MAX;

/// An in-memory store with Envoy's semantics, for tests and the browser build.
#[derive(Debug, Default)]
pub struct MemStore {
    map: RefCell<HashMap<String, (Vec<u8>, u32)>>,
}

impl MemStore {
    pub fn new() -> MemStore {
        MemStore::default()
    }

    pub fn keys(&self) -> usize {
        self.map.borrow().len()
    }

    pub fn bytes(&self) -> usize {
        self.map.borrow().iter().map(|(k, (v, _))| k.len() + v.len()).sum()
    }
}

impl SharedStore for MemStore {
    fn get(&self, key: &str) -> Result<(Option<Vec<u8>>, Option<u32>), StoreError> {
        Ok(match self.map.borrow().get(key) {
            Some((value, version)) => (Some(value.clone()), Some(*version)),
            None => (None, None),
        })
    }

    fn set(&self, key: &str, value: &[u8], cas: Option<u32>) -> Result<(), StoreError> {
        let mut map = self.map.borrow_mut();
        match map.get_mut(key) {
            Some((stored, version)) => {
                if let Some(expected) = cas.filter(|c| *c != 0) {
                    if expected != *version {
                        return Err(StoreError::CasMismatch);
                    }
                }
                *stored = value.to_vec();
                *version = version.wrapping_add(1).max(1);
            }
            None => {
                map.insert(key.to_string(), (value.to_vec(), 1));
            }
        }
        Ok(())
    }
}

/// Where a counter is in its window: which window, and when the record may be reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowPos {
    pub id: u64,
    pub ends_at: u64,
    /// Session windows: each use pushes the end out; the counter restarts once it passed.
    pub sliding: bool,
}

/// A counter's state as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Snapshot {
    pub used: u64,
    pub held: u64,
}

/// A reservation to settle or release later: `amount` held until `deadline` (unix
/// seconds) in the counter's hold slot for that deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hold {
    pub deadline: u64,
    pub amount: u64,
}

impl Hold {
    /// No reservation (settlement then only charges).
    pub const NONE: Hold = Hold { deadline: 0, amount: 0 };
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum LedgerError {
    #[error("limit exceeded: used {used} + held {held} + requested {requested} > limit {limit}")]
    Exceeded {
        used: u64,
        held: u64,
        requested: u64,
        limit: u64,
    },
    #[error("counter table full (group {group} has no reusable record)")]
    TableFull { group: u32 },
    #[error("counter table: {0}")]
    Table(TableError),
}

impl From<Refused<LedgerError>> for LedgerError {
    fn from(r: Refused<LedgerError>) -> LedgerError {
        match r {
            Refused::Change(e) => e,
            Refused::Table(TableError::Full(group)) => LedgerError::TableFull { group },
            Refused::Table(e) => LedgerError::Table(e),
        }
    }
}

const RECORDS_PER_GROUP: usize = 8;
const HOLDS_PER_RECORD: usize = 6;

/// One budget counter: the window it counts, what was used, and the live holds
/// (deadline, amount), one slot per deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Counter {
    digest: [u8; 16],
    ends_at: u64,
    window_id: u64,
    used: u64,
    holds: [(u64, u64); HOLDS_PER_RECORD],
}

impl Record for Counter {
    const SIZE: usize = 16 + 8 + 8 + 8 + HOLDS_PER_RECORD * 16;

    fn digest(&self) -> [u8; 16] {
        self.digest
    }

    fn fresh(digest: [u8; 16], _now: u64) -> Counter {
        Counter {
            digest,
            ..Counter::default()
        }
    }

    /// Its window (or session) has ended and it holds no live reservation.
    fn reusable(&self, now: u64) -> bool {
        self.ends_at <= now && self.live_held(now) == 0
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.digest);
        out.extend_from_slice(&self.ends_at.to_le_bytes());
        out.extend_from_slice(&self.window_id.to_le_bytes());
        out.extend_from_slice(&self.used.to_le_bytes());
        for (deadline, amount) in &self.holds {
            out.extend_from_slice(&deadline.to_le_bytes());
            out.extend_from_slice(&amount.to_le_bytes());
        }
    }

    fn decode(bytes: &[u8]) -> Option<Counter> {
        let mut r = Reader::new(bytes);
        let mut counter = Counter {
            digest: r.take16()?,
            ends_at: r.u64()?,
            window_id: r.u64()?,
            used: r.u64()?,
            ..Counter::default()
        };
        for hold in counter.holds.iter_mut() {
            *hold = (r.u64()?, r.u64()?);
        }
        Some(counter)
    }
}

impl Counter {
    fn live_held(&self, now: u64) -> u64 {
        self.holds
            .iter()
            .filter(|(deadline, amount)| *amount > 0 && *deadline > now)
            .fold(0u64, |sum, (_, amount)| sum.saturating_add(*amount))
    }

    /// Brings the counter to the current window; drops expired holds.
    fn roll(&mut self, pos: WindowPos, now: u64) {
        let expired = self.ends_at <= now;
        if self.window_id != pos.id || expired {
            self.used = 0;
            self.window_id = pos.id;
        }
        self.ends_at = pos.ends_at;
        for hold in self.holds.iter_mut() {
            if hold.0 <= now {
                *hold = (0, 0);
            }
        }
    }

    /// Adds a hold expiring at `deadline`; returns the deadline of the slot it went in (a
    /// later one when every slot is taken: held longer, never less). The caller keeps
    /// that deadline in its `Hold`, so a release finds exactly the amount it added.
    fn add_hold(&mut self, deadline: u64, amount: u64) -> u64 {
        if let Some(h) = self.holds.iter_mut().find(|h| h.0 == deadline && h.1 > 0) {
            h.1 = h.1.saturating_add(amount);
            deadline
        } else if let Some(h) = self.holds.iter_mut().find(|h| h.1 == 0) {
            *h = (deadline, amount);
            deadline
        } else if let Some(h) = self.holds.iter_mut().max_by_key(|h| h.0) {
            // Unreachable while deadlines fall on ttl/4-wide buckets (at most 6 live at
            // once, see `Ledger::new`); kept so a full record degrades instead of
            // failing. The slot's deadline never changes: other holds in it name it.
            h.1 = h.1.saturating_add(amount);
            h.0
        } else {
            deadline
        }
    }

    /// Removes a hold's amount from its own slot, and only from it. An expired slot was
    /// dropped whole, and no later hold can take an expired deadline (new deadlines lie
    /// in the future), so an expired hold's release changes nothing — it never eats
    /// into another request's hold.
    fn release_hold(&mut self, deadline: u64, amount: u64) {
        if let Some(h) = self.holds.iter_mut().find(|h| h.0 == deadline && h.1 > 0) {
            h.1 = h.1.saturating_sub(amount);
            if h.1 == 0 {
                h.0 = 0;
            }
        }
    }

    fn snapshot(&self, now: u64) -> Snapshot {
        Snapshot {
            used: self.used,
            held: self.live_held(now),
        }
    }
}

/// The budget counters: a bounded [`Table`] of [`Counter`] records, 8 per group.
#[derive(Debug, Clone)]
pub struct Ledger {
    table: Table,
    /// Holds expire `hold_ttl` seconds after they are taken, rounded up to `bucket`.
    hold_ttl: u64,
    bucket: u64,
}

/// What to check when reserving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Fail if used + held + amount would exceed this limit.
    AtMost(u64),
    /// Reserve whatever the state (soft budgets).
    None,
}

impl Ledger {
    /// `capacity`: number of counters (rounded up to whole groups of 8).
    pub fn new(prefix: &str, capacity: u32, hold_ttl_seconds: u64) -> Ledger {
        let hold_ttl = hold_ttl_seconds.max(1);
        Ledger {
            table: Table::new(prefix, capacity, RECORDS_PER_GROUP),
            hold_ttl,
            // At most ttl/bucket + 2 = 6 deadlines are live at once: one hold slot each.
            bucket: hold_ttl.div_ceil(4).max(1),
        }
    }

    pub fn capacity(&self) -> u64 {
        self.table.capacity()
    }

    /// Upper bound of the bytes the ledger can ever hold in shared data (values + keys).
    pub fn max_bytes(&self) -> u64 {
        self.table.max_bytes::<Counter>()
    }

    /// The deadline of a hold taken (or renewed) at `now`.
    fn deadline(&self, now: u64) -> u64 {
        ((now + self.hold_ttl) / self.bucket + 1).saturating_mul(self.bucket)
    }

    /// Reads a counter without changing it.
    pub fn read(&self, store: &dyn SharedStore, key: &str, pos: WindowPos, now: u64) -> Result<Snapshot, LedgerError> {
        let found = self.table.read::<Counter>(store, key).map_err(LedgerError::Table)?;
        Ok(match found {
            Some(mut c) => {
                c.roll(pos, now);
                c.snapshot(now)
            }
            None => Snapshot::default(),
        })
    }

    /// Reserves `amount`, failing without change if `check` does not allow it.
    pub fn reserve(
        &self,
        store: &dyn SharedStore,
        key: &str,
        pos: WindowPos,
        now: u64,
        amount: u64,
        check: Check,
    ) -> Result<(Hold, Snapshot), LedgerError> {
        let deadline = self.deadline(now);
        let result = self
            .table
            .try_update::<Counter, _, LedgerError>(store, key, now, true, |c| {
                c.roll(pos, now);
                let held = c.live_held(now);
                if let Check::AtMost(limit) = check {
                    if c.used.saturating_add(held).saturating_add(amount) > limit {
                        return Err(LedgerError::Exceeded {
                            used: c.used,
                            held,
                            requested: amount,
                            limit,
                        });
                    }
                }
                let slot = c.add_hold(deadline, amount);
                Ok((
                    slot,
                    Snapshot {
                        used: c.used,
                        held: held.saturating_add(amount),
                    },
                ))
            })?;
        let (deadline, snapshot) = result.unwrap_or((deadline, Snapshot::default()));
        Ok((Hold { deadline, amount }, snapshot))
    }

    /// Whether a hold is past half its life and should be renewed (a request that is
    /// still in flight must keep its hold for as long as it lives).
    pub fn needs_renewal(&self, hold: &Hold, now: u64) -> bool {
        hold.amount > 0 && hold.deadline <= now.saturating_add(self.hold_ttl / 2)
    }

    /// Moves a live request's hold to a fresh deadline: its own amount leaves its own
    /// slot and joins the current one. A hold that already expired is put back (the
    /// request may still use its worst case). Returns the hold to keep.
    pub fn renew(
        &self,
        store: &dyn SharedStore,
        key: &str,
        hold: &Hold,
        pos: WindowPos,
        now: u64,
    ) -> Result<Hold, LedgerError> {
        let fresh = self.deadline(now);
        if hold.amount == 0 || fresh <= hold.deadline {
            return Ok(hold.clone());
        }
        let deadline = self
            .table
            .try_update::<Counter, _, LedgerError>(store, key, now, true, |c| {
                c.roll(pos, now);
                c.release_hold(hold.deadline, hold.amount);
                Ok(c.add_hold(fresh, hold.amount))
            })?
            .unwrap_or(fresh);
        Ok(Hold {
            deadline,
            amount: hold.amount,
        })
    }

    /// Releases a hold and charges what was actually used.
    pub fn settle(
        &self,
        store: &dyn SharedStore,
        key: &str,
        hold: &Hold,
        actual: u64,
        pos: WindowPos,
        now: u64,
    ) -> Result<Snapshot, LedgerError> {
        let result = self
            .table
            .try_update::<Counter, _, LedgerError>(store, key, now, actual > 0, |c| {
                c.roll(pos, now);
                c.release_hold(hold.deadline, hold.amount);
                c.used = c.used.saturating_add(actual);
                Ok(c.snapshot(now))
            })?;
        Ok(result.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: WindowPos = WindowPos {
        id: 1,
        ends_at: 86_400,
        sliding: false,
    };

    #[test]
    fn cas_create_inserts_once() {
        let s = MemStore::new();
        assert_eq!(s.set("k", b"a", Some(CAS_CREATE)), Ok(()));
        assert_eq!(s.set("k", b"b", Some(CAS_CREATE)), Err(StoreError::CasMismatch));
        assert_eq!(s.get("k"), Ok((Some(b"a".to_vec()), Some(1))));
    }

    #[test]
    fn reserve_checks_limit_and_settle_charges() -> Result<(), LedgerError> {
        let store = MemStore::new();
        let ledger = Ledger::new("t/", 64, 600);
        let (hold, snap) = ledger.reserve(&store, "u:alice", DAY, 10, 70, Check::AtMost(100))?;
        assert_eq!(snap, Snapshot { used: 0, held: 70 });
        assert!(matches!(
            ledger.reserve(&store, "u:alice", DAY, 11, 40, Check::AtMost(100)),
            Err(LedgerError::Exceeded { .. })
        ));
        let after = ledger.settle(&store, "u:alice", &hold, 25, DAY, 12)?;
        assert_eq!(after, Snapshot { used: 25, held: 0 });
        assert!(
            ledger
                .reserve(&store, "u:alice", DAY, 13, 75, Check::AtMost(100))
                .is_ok()
        );
        Ok(())
    }

    #[test]
    fn holds_expire_after_the_ttl() -> Result<(), LedgerError> {
        let store = MemStore::new();
        let ledger = Ledger::new("t/", 64, 60);
        ledger.reserve(&store, "k", DAY, 100, 90, Check::AtMost(100))?;
        assert!(ledger.reserve(&store, "k", DAY, 101, 20, Check::AtMost(100)).is_err());
        assert_eq!(ledger.read(&store, "k", DAY, 100 + 60 + 16)?.held, 0);
        assert!(
            ledger
                .reserve(&store, "k", DAY, 100 + 60 + 16, 20, Check::AtMost(100))
                .is_ok()
        );
        Ok(())
    }

    #[test]
    fn a_new_window_starts_from_zero() -> Result<(), LedgerError> {
        let store = MemStore::new();
        let ledger = Ledger::new("t/", 64, 60);
        let (hold, _) = ledger.reserve(&store, "k", DAY, 10, 50, Check::AtMost(100))?;
        ledger.settle(&store, "k", &hold, 50, DAY, 11)?;
        let next = WindowPos {
            id: 2,
            ends_at: 2 * 86_400,
            sliding: false,
        };
        assert_eq!(ledger.read(&store, "k", next, 86_401)?, Snapshot::default());
        Ok(())
    }

    /// Issue 9, defect 2: a request whose hold expired settles late; its release must
    /// not eat into the hold of the request admitted after the expiry.
    #[test]
    fn a_late_release_never_eats_another_requests_hold() -> Result<(), LedgerError> {
        let store = MemStore::new();
        let ledger = Ledger::new("t/", 64, 60);
        let (late, _) = ledger.reserve(&store, "k", DAY, 0, 150, Check::AtMost(240))?;
        // 100 s later the late request's hold has expired; another request is admitted.
        let (_live, _) = ledger.reserve(&store, "k", DAY, 100, 200, Check::AtMost(240))?;
        ledger.settle(&store, "k", &late, 120, DAY, 101)?;
        assert_eq!(ledger.read(&store, "k", DAY, 101)?, Snapshot { used: 120, held: 200 });
        Ok(())
    }

    /// Holds reserved in every second of two TTLs (every epoch that can be live at once)
    /// each release exactly their own amount.
    #[test]
    fn every_hold_releases_exactly_its_own_amount() -> Result<(), LedgerError> {
        for ttl in [1u64, 4, 5, 7, 9, 60, 61] {
            let store = MemStore::new();
            let ledger = Ledger::new("t/", 64, ttl);
            let mut holds = Vec::new();
            for t in 0..=ttl {
                holds.push(ledger.reserve(&store, "k", DAY, t, t + 1, Check::None)?.0);
            }
            let now = ttl;
            let expected: u64 = holds.iter().map(|h| h.amount).sum();
            assert_eq!(ledger.read(&store, "k", DAY, now)?.held, expected, "ttl {ttl}");
            let mut left = expected;
            for h in &holds {
                ledger.settle(&store, "k", h, 0, DAY, now)?;
                left -= h.amount;
                assert_eq!(ledger.read(&store, "k", DAY, now)?.held, left, "ttl {ttl}");
            }
        }
        Ok(())
    }

    /// A request that outlives the TTL keeps its hold while it is renewed, so a second
    /// request cannot overshoot the limit.
    #[test]
    fn a_renewed_hold_lives_as_long_as_its_request() -> Result<(), LedgerError> {
        let store = MemStore::new();
        let ledger = Ledger::new("t/", 64, 60);
        let (mut hold, _) = ledger.reserve(&store, "k", DAY, 0, 150, Check::AtMost(200))?;
        for now in (0..=600).step_by(5) {
            if ledger.needs_renewal(&hold, now) {
                hold = ledger.renew(&store, "k", &hold, DAY, now)?;
            }
            assert_eq!(ledger.read(&store, "k", DAY, now)?.held, 150, "at {now}");
            assert!(ledger.reserve(&store, "k", DAY, now, 100, Check::AtMost(200)).is_err());
        }
        ledger.settle(&store, "k", &hold, 140, DAY, 601)?;
        assert_eq!(ledger.read(&store, "k", DAY, 601)?, Snapshot { used: 140, held: 0 });
        Ok(())
    }

    type Hook<'a> = Box<dyn FnMut(&MemStore) + 'a>;

    /// A store wrapper that lets another worker write between this worker's read and write.
    struct Interfering<'a> {
        inner: &'a MemStore,
        hook: RefCell<Option<Hook<'a>>>,
    }

    impl SharedStore for Interfering<'_> {
        fn get(&self, key: &str) -> Result<(Option<Vec<u8>>, Option<u32>), StoreError> {
            let got = self.inner.get(key);
            if let Some(mut hook) = self.hook.borrow_mut().take() {
                hook(self.inner);
            }
            got
        }
        fn set(&self, key: &str, value: &[u8], cas: Option<u32>) -> Result<(), StoreError> {
            self.inner.set(key, value, cas)
        }
    }

    #[test]
    fn a_write_between_read_and_cas_is_retried_not_lost() -> Result<(), LedgerError> {
        let store = MemStore::new();
        let ledger = Ledger::new("t/", 8, 600);
        let other = ledger.clone();
        let interfering = Interfering {
            inner: &store,
            hook: RefCell::new(Some(Box::new(move |s: &MemStore| {
                let _ = other.settle(s, "k", &Hold::NONE, 3, DAY, 1);
            }))),
        };
        ledger.settle(&interfering, "k", &Hold::NONE, 4, DAY, 1)?;
        assert_eq!(ledger.read(&store, "k", DAY, 1)?.used, 7);
        Ok(())
    }

    /// Two workers create the same missing counter at once: the second one's create
    /// (CAS_CREATE) fails on what the first wrote and retries on it, so no increment is
    /// lost (Envoy inserts unconditionally on a CAS write to a missing key otherwise).
    #[test]
    fn two_workers_creating_the_same_key_lose_nothing() -> Result<(), LedgerError> {
        let store = MemStore::new();
        let ledger = Ledger::new("t/", 8, 600);
        let other = ledger.clone();
        let interfering = Interfering {
            inner: &store,
            hook: RefCell::new(Some(Box::new(move |s: &MemStore| {
                let _ = other.settle(s, "fresh", &Hold::NONE, 5, DAY, 1);
            }))),
        };
        assert_eq!(store.keys(), 0);
        ledger.settle(&interfering, "fresh", &Hold::NONE, 7, DAY, 1)?;
        assert_eq!(ledger.read(&store, "fresh", DAY, 1)?.used, 12);
        Ok(())
    }

    #[test]
    fn a_refused_reservation_writes_nothing() -> Result<(), LedgerError> {
        let store = MemStore::new();
        let ledger = Ledger::new("t/", 8, 600);
        assert!(matches!(
            ledger.reserve(&store, "k", DAY, 1, 200, Check::AtMost(100)),
            Err(LedgerError::Exceeded { .. })
        ));
        assert_eq!(store.keys(), 0);
        Ok(())
    }

    #[test]
    fn memory_is_bounded_whatever_the_number_of_keys() -> Result<(), LedgerError> {
        let store = MemStore::new();
        let ledger = Ledger::new("t/", 1024, 5);
        let mut full = 0;
        for i in 0..100_000u64 {
            // A 10-second window: older records become reusable.
            let now = i / 100;
            let pos = WindowPos {
                id: now / 10,
                ends_at: (now / 10 + 1) * 10,
                sliding: false,
            };
            match ledger.reserve(&store, &format!("user-{i}"), pos, now, 1, Check::None) {
                Ok((hold, _)) => {
                    ledger.settle(&store, &format!("user-{i}"), &hold, 1, pos, now)?;
                }
                Err(LedgerError::TableFull { .. }) => full += 1,
                Err(e) => return Err(e),
            }
        }
        assert!(store.keys() as u64 <= 1024 / 8);
        assert!(store.bytes() as u64 <= ledger.max_bytes());
        assert!(full < 100_000 / 2, "{full}");
        Ok(())
    }
}
