//! A bounded table of fixed-size records in a shared key/value store with CAS: records
//! live in a fixed number of groups (one store value each), a record is found by the
//! digest of its key, and a record whose owner says it is reusable is recycled. Every
//! change is one CAS write of the record's group, retried on a concurrent write.
//! A table may give each key two candidate groups (`Table::two_choices`): a record is found
//! in either and created in the first with room, so a group that fills up by chance no
//! longer turns a key away (the session table; budget counters keep one group per key, so a
//! counter can never exist twice). A table may also evict (`Table::evicting`): a new key that
//! finds no free slot takes the one of the record expiring first (sessions again).
//! Used for budget counters, session state, circuit breakers and alert cooldowns.
//! Pure: only the `SharedStore` trait.

use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::store::{CAS_CREATE, SharedStore, StoreError};

/// A fixed-size record type.
pub trait Record: Sized + Clone {
    const SIZE: usize;
    fn digest(&self) -> [u8; 16];
    fn fresh(digest: [u8; 16], now: u64) -> Self;
    /// Whether the slot may be given to another key.
    fn reusable(&self, now: u64) -> bool;
    /// When the record would become reusable, for a table that evicts (`Table::evicting`):
    /// with no free slot among a new key's candidates, the record expiring first gives way.
    /// `None` (the default): never evicted.
    fn expires_at(&self) -> Option<u64> {
        None
    }
    fn encode(&self, out: &mut Vec<u8>);
    fn decode(bytes: &[u8]) -> Option<Self>;
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum TableError {
    #[error("table full (group {0} has no reusable record)")]
    Full(u32),
    #[error("store contention: gave up after {0} attempts")]
    Contention(u32),
    #[error("store: {0}")]
    Store(StoreError),
    #[error("corrupt group {0}")]
    Corrupt(u32),
}

/// A group as loaded: its number, its records and the CAS of its value.
type Loaded<R> = (u32, Vec<R>, Option<u32>);

const MAX_ATTEMPTS: u32 = 128;
const MAGIC: u8 = 0x47;

#[derive(Debug, Clone)]
pub struct Table {
    prefix: String,
    groups: u32,
    per_group: usize,
    two_choices: bool,
    evicts: bool,
}

/// The digest of a record's key: the first 16 bytes of its SHA-256. A request asks for
/// the same few keys several times (read, reserve, settle of each budget), so the last
/// few digests are remembered (per thread, i.e. per VM in the filter): a hit compares the
/// key's bytes, so the answer is the same as without the memo.
pub fn digest_of(key: &str) -> [u8; 16] {
    DIGESTS.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some((_, d)) = memo.iter().find(|(k, _)| k == key) {
            return *d;
        }
        let full = Sha256::digest(key.as_bytes());
        let mut d = [0u8; 16];
        for (dst, src) in d.iter_mut().zip(full.iter()) {
            *dst = *src;
        }
        if key.len() <= DIGEST_MEMO_KEY_BYTES {
            if memo.len() >= DIGEST_MEMO_KEYS {
                memo.pop_front();
            }
            memo.push_back((key.to_string(), d));
        }
        d
    })
}

/// How many recent keys `digest_of` remembers, and the longest it keeps.
const DIGEST_MEMO_KEYS: usize = 8;
const DIGEST_MEMO_KEY_BYTES: usize = 512;

thread_local! {
    static DIGESTS: std::cell::RefCell<std::collections::VecDeque<(String, [u8; 16])>> =
        const { std::cell::RefCell::new(std::collections::VecDeque::new()) };
}

impl Table {
    pub fn new(prefix: &str, capacity: u32, per_group: usize) -> Table {
        let per_group = per_group.max(1);
        let groups = capacity.div_ceil(per_group as u32).max(1);
        Table {
            prefix: prefix.to_string(),
            groups,
            per_group,
            two_choices: false,
            evicts: false,
        }
    }

    /// The same table, each key with a second candidate group (from other bits of its
    /// digest): looked up in its first group, then its second; created in the first with a
    /// reusable or free slot. With n live records in g groups of p slots, a new key is turned
    /// away only when both its groups are full (for groups of 2 at 5 % load: about 1 in 50 000
    /// keys instead of 1 in 220). Reading a key that lives in its second group costs a second
    /// store read. Two VMs creating the same new key at the same moment may place it in
    /// different groups (the second found is then never read and is recycled when it
    /// expires): right for state that is an aid (sessions), not for budget counters.
    pub fn two_choices(mut self) -> Table {
        self.two_choices = true;
        self
    }

    /// The same table, never turning a new key away while a candidate slot holds a record
    /// that can expire: the one expiring first (the least recently active session) is
    /// replaced. Right for state that is an aid (a session forgotten early loses its history,
    /// a session turned away is not watched at all); never for budget counters.
    pub fn evicting(mut self) -> Table {
        self.evicts = true;
        self
    }

    /// Upper bound of the bytes the table can hold (values and keys).
    pub fn max_bytes<R: Record>(&self) -> u64 {
        u64::from(self.groups) * (1 + (self.per_group * R::SIZE) as u64 + self.prefix.len() as u64 + 10)
    }

    fn group_of(&self, digest: &[u8; 16]) -> u32 {
        u32::from_le_bytes([digest[0], digest[1], digest[2], digest[3]]) % self.groups
    }

    /// The key's candidate groups, in the order they are tried (one unless `two_choices`, or
    /// when both choices are the same group).
    fn groups_of(&self, digest: &[u8; 16]) -> ([u32; 2], usize) {
        let first = self.group_of(digest);
        let second = u32::from_le_bytes([digest[4], digest[5], digest[6], digest[7]]) % self.groups;
        if self.two_choices && second != first {
            ([first, second], 2)
        } else {
            ([first, first], 1)
        }
    }

    /// The store key of a group: the prefix and the group's number.
    fn group_key(&self, group: u32) -> String {
        let mut digits = itoa::Buffer::new();
        let digits = digits.format(group);
        let mut key = String::with_capacity(self.prefix.len() + digits.len());
        key.push_str(&self.prefix);
        key.push_str(digits);
        key
    }

    fn load<R: Record>(&self, store: &dyn SharedStore, group: u32) -> Result<(Vec<R>, Option<u32>), TableError> {
        let (value, cas) = store.get(&self.group_key(group)).map_err(TableError::Store)?;
        let bytes = value.unwrap_or_default();
        if bytes.is_empty() {
            return Ok((Vec::new(), cas));
        }
        let (magic, rest) = bytes.split_first().ok_or(TableError::Corrupt(group))?;
        if *magic != MAGIC || rest.len() % R::SIZE != 0 {
            return Err(TableError::Corrupt(group));
        }
        let records = rest
            .chunks(R::SIZE)
            .map(|c| R::decode(c).ok_or(TableError::Corrupt(group)))
            .collect::<Result<_, _>>()?;
        Ok((records, cas))
    }

    /// The record for `key`, if present (whatever its state).
    pub fn read<R: Record>(&self, store: &dyn SharedStore, key: &str) -> Result<Option<R>, TableError> {
        let digest = digest_of(key);
        let (groups, n) = self.groups_of(&digest);
        for group in groups.iter().take(n) {
            let (records, _) = self.load::<R>(store, *group)?;
            if let Some(found) = records.into_iter().find(|r| r.digest() == digest) {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }

    /// Runs `change` on the key's record (created or recycled when `create`), and writes
    /// the group back with CAS; retries on a concurrent write. `change` must be
    /// repeatable (it may run more than once).
    pub fn update<R: Record, T>(
        &self,
        store: &dyn SharedStore,
        key: &str,
        now: u64,
        create: bool,
        mut change: impl FnMut(&mut R) -> T,
    ) -> Result<Option<T>, TableError> {
        match self.try_update::<R, T, std::convert::Infallible>(store, key, now, create, |r| Ok(change(r))) {
            Ok(v) => Ok(v),
            Err(Refused::Table(e)) => Err(e),
            Err(Refused::Change(never)) => match never {},
        }
    }

    /// Like [`update`](Self::update), but `change` may refuse: then nothing is written
    /// and its error is returned.
    pub fn try_update<R: Record, T, E>(
        &self,
        store: &dyn SharedStore,
        key: &str,
        now: u64,
        create: bool,
        mut change: impl FnMut(&mut R) -> Result<T, E>,
    ) -> Result<Option<T>, Refused<E>> {
        let digest = digest_of(key);
        let (groups, n) = self.groups_of(&digest);
        let [first, _] = groups;
        let candidates = groups.get(..n).unwrap_or_default();
        for _ in 0..MAX_ATTEMPTS {
            // The group holding the key, else the first with room for it (when creating),
            // else (a table that evicts) the live record that expires first.
            let mut room = None;
            let mut found = None;
            let mut oldest: Option<(u64, Loaded<R>, usize)> = None;
            for group in candidates {
                let (records, cas) = self.load::<R>(store, *group)?;
                if let Some(i) = records.iter().position(|r| r.digest() == digest) {
                    found = Some((*group, records, cas, i));
                    break;
                }
                if room.is_none() && (records.len() < self.per_group || records.iter().any(|r| r.reusable(now))) {
                    room = Some((*group, records, cas));
                } else if self.evicts && room.is_none() {
                    let soonest = records
                        .iter()
                        .enumerate()
                        .filter_map(|(i, r)| r.expires_at().map(|at| (at, i)))
                        .min();
                    if let Some((at, i)) = soonest.filter(|(at, _)| oldest.as_ref().is_none_or(|o| *at < o.0)) {
                        oldest = Some((at, (*group, records, cas), i));
                    }
                }
            }
            // Where the key's record is, or the slot a new one takes (a reusable slot, the end
            // of a group with room, or the evicted record's).
            let (group, mut records, cas, index, create_here) = match (found, room, oldest) {
                (Some((group, records, cas, i)), _, _) => (group, records, cas, i, false),
                (None, _, _) if !create => return Ok(None),
                (None, Some((group, records, cas)), _) => {
                    let i = records.iter().position(|r| r.reusable(now)).unwrap_or(records.len());
                    (group, records, cas, i, true)
                }
                (None, None, Some((_, (group, records, cas), i))) => (group, records, cas, i, true),
                (None, None, None) => return Err(TableError::Full(first).into()),
            };
            if create_here {
                let fresh = R::fresh(digest, now);
                match records.get_mut(index) {
                    Some(slot) => *slot = fresh,
                    None => records.push(fresh),
                }
            }
            let Some(record) = records.get_mut(index) else {
                return Err(TableError::Corrupt(group).into());
            };
            let result = change(record).map_err(Refused::Change)?;
            let mut out = Vec::with_capacity(1 + records.len() * R::SIZE);
            out.push(MAGIC);
            for r in &records {
                r.encode(&mut out);
            }
            match store.set(&self.group_key(group), &out, Some(cas.unwrap_or(CAS_CREATE))) {
                Ok(()) => return Ok(Some(result)),
                Err(StoreError::CasMismatch) => continue,
                Err(e) => return Err(TableError::Store(e).into()),
            }
        }
        Err(TableError::Contention(MAX_ATTEMPTS).into())
    }

    /// How many records the table can hold.
    pub fn capacity(&self) -> u64 {
        u64::from(self.groups) * self.per_group as u64
    }
}

/// Why a [`Table::try_update`] wrote nothing: the table, or the change itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused<E> {
    Table(TableError),
    Change(E),
}

impl<E> From<TableError> for Refused<E> {
    fn from(e: TableError) -> Self {
        Refused::Table(e)
    }
}

/// Little-endian field reader for record decoding.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }
    pub fn u64(&mut self) -> Option<u64> {
        let s: [u8; 8] = self.bytes.get(self.at..self.at + 8)?.try_into().ok()?;
        self.at += 8;
        Some(u64::from_le_bytes(s))
    }
    pub fn u32(&mut self) -> Option<u32> {
        let s: [u8; 4] = self.bytes.get(self.at..self.at + 4)?.try_into().ok()?;
        self.at += 4;
        Some(u32::from_le_bytes(s))
    }
    pub fn take16(&mut self) -> Option<[u8; 16]> {
        let s: [u8; 16] = self.bytes.get(self.at..self.at + 16)?.try_into().ok()?;
        self.at += 16;
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemStore;

    #[test]
    fn remembered_digests_are_the_keys_sha256() {
        // More keys than the memo holds, each asked again at once and after the others
        // pushed it out; one too long to remember.
        let long = "k".repeat(DIGEST_MEMO_KEY_BYTES + 1);
        let keys: Vec<String> = (0..3 * DIGEST_MEMO_KEYS)
            .map(|i| format!("budget\u{1f}user-{i}"))
            .collect();
        for round in 0..2 {
            for key in keys.iter().chain([&long]) {
                let full = Sha256::digest(key.as_bytes());
                for _ in 0..2 {
                    assert_eq!(&digest_of(key)[..], &full[..16], "{key} (round {round})");
                }
            }
        }
    }

    #[derive(Clone, Debug, PartialEq)]
    struct Counter {
        digest: [u8; 16],
        expires: u64,
        n: u64,
    }

    impl Record for Counter {
        const SIZE: usize = 32;
        fn digest(&self) -> [u8; 16] {
            self.digest
        }
        fn fresh(digest: [u8; 16], now: u64) -> Self {
            Counter {
                digest,
                expires: now + 10,
                n: 0,
            }
        }
        fn reusable(&self, now: u64) -> bool {
            self.expires <= now
        }
        fn expires_at(&self) -> Option<u64> {
            Some(self.expires)
        }
        fn encode(&self, out: &mut Vec<u8>) {
            out.extend_from_slice(&self.digest);
            out.extend_from_slice(&self.expires.to_le_bytes());
            out.extend_from_slice(&self.n.to_le_bytes());
        }
        fn decode(bytes: &[u8]) -> Option<Self> {
            let mut r = Reader::new(bytes);
            Some(Counter {
                digest: r.take16()?,
                expires: r.u64()?,
                n: r.u64()?,
            })
        }
    }

    #[test]
    fn records_are_created_updated_and_recycled_within_bounds() -> Result<(), TableError> {
        let store = MemStore::new();
        let table = Table::new("t/", 16, 4);
        table.update::<Counter, _>(&store, "a", 0, true, |c| c.n += 1)?;
        table.update::<Counter, _>(&store, "a", 1, true, |c| c.n += 1)?;
        assert_eq!(table.read::<Counter>(&store, "a")?.map(|c| c.n), Some(2));
        assert_eq!(table.update::<Counter, _>(&store, "b", 1, false, |c| c.n += 1)?, None);
        let mut full = 0;
        for i in 0..10_000u64 {
            match table.update::<Counter, _>(&store, &format!("k{i}"), i / 10, true, |c| c.n += 1) {
                Ok(_) => {}
                Err(TableError::Full(_)) => full += 1,
                Err(e) => return Err(e),
            }
        }
        assert!(store.keys() <= 4);
        assert!(store.bytes() as u64 <= table.max_bytes::<Counter>());
        assert!(full < 9_000, "{full}");
        Ok(())
    }

    /// Keys live at a quarter of the capacity, in groups of 2: with one group per key a
    /// group fills up by chance and turns keys away; with two choices (almost) none is, and
    /// every key keeps one record (three updates each, read back as 3, the store holding no
    /// more records than keys).
    #[test]
    fn two_choices_turn_away_almost_no_key_and_keep_one_record_per_key() -> Result<(), TableError> {
        let keys: Vec<String> = (0..1024).map(|i| format!("s\u{1f}session-{i}")).collect();
        let fill = |table: &Table, store: &MemStore| -> Result<usize, TableError> {
            let mut full = 0;
            for round in 0..3 {
                for key in &keys {
                    match table.update::<Counter, _>(store, key, round, true, |c| c.n += 1) {
                        Ok(_) => {}
                        Err(TableError::Full(_)) => full += 1,
                        Err(e) => return Err(e),
                    }
                }
            }
            Ok(full)
        };
        let one = Table::new("one/", 4096, 2);
        let full_one = fill(&one, &MemStore::new())?;
        let two = Table::new("two/", 4096, 2).two_choices();
        let store = MemStore::new();
        let full_two = fill(&two, &store)?;
        assert!(full_one >= 3 * 20, "one group per key turned away {full_one} updates");
        assert!(full_two <= 3 * 2, "two choices turned away {full_two} updates");
        let mut kept = 0;
        for key in &keys {
            match two.read::<Counter>(&store, key)? {
                Some(c) => {
                    assert_eq!(c.n, 3, "{key}");
                    kept += 1;
                }
                None => assert!(full_two > 0, "{key} lost"),
            }
        }
        let stored: u64 = (0..two.groups)
            .map(|g| {
                store
                    .get(&two.group_key(g))
                    .map(|(v, _)| v.map_or(0, |b| b.len() / Counter::SIZE) as u64)
            })
            .sum::<Result<u64, _>>()
            .map_err(TableError::Store)?;
        assert_eq!(stored, kept);
        Ok(())
    }

    /// One group of two live records: a table that evicts gives a third key the slot of the
    /// record expiring first and keeps the other; a table that does not turns it away.
    #[test]
    fn an_evicting_table_gives_a_new_key_the_slot_expiring_first() -> Result<(), TableError> {
        let store = MemStore::new();
        let table = Table::new("e/", 2, 2).evicting();
        table.update::<Counter, _>(&store, "a", 0, true, |c| c.n += 1)?; // expires at 10
        table.update::<Counter, _>(&store, "b", 1, true, |c| c.n += 1)?; // expires at 11
        table.update::<Counter, _>(&store, "a", 2, true, |c| c.n += 1)?; // still expires at 10
        table.update::<Counter, _>(&store, "c", 3, true, |c| c.n += 1)?;
        assert_eq!(table.read::<Counter>(&store, "a")?, None);
        assert_eq!(table.read::<Counter>(&store, "b")?.map(|c| c.n), Some(1));
        assert_eq!(table.read::<Counter>(&store, "c")?.map(|c| c.n), Some(1));
        let plain = Table::new("p/", 2, 2);
        plain.update::<Counter, _>(&store, "a", 0, true, |c| c.n += 1)?;
        plain.update::<Counter, _>(&store, "b", 1, true, |c| c.n += 1)?;
        assert_eq!(
            plain.update::<Counter, _>(&store, "c", 3, true, |c| c.n += 1),
            Err(TableError::Full(0))
        );
        Ok(())
    }
}
