//! A bounded per-VM memo of recent request bodies, so a conversation that resends its
//! whole history is read only from where it changed (issue 12). An entry keeps a body's
//! exact bytes and, for each element of its message array, where the parse stood right
//! after it (`json_raw::Boundary`), plus what the API learned of the elements (`T`: typed
//! messages, their counts). A new body finds its candidate by a hash of its first bytes
//! (no session id: it works for derived ids and budgets alone), takes the longest common
//! byte prefix with it, and resumes at the last element boundary inside that prefix. The
//! bytes up to a boundary are compared, never trusted to a hash: a parse resumed there is
//! the parse of the same bytes, so the result equals a parse of the whole body.
//! Bounded in entries and bytes (least recently used out first; a body larger than a
//! quarter of the byte bound is never kept). Filled while parsing, before the verdict: it
//! never changes a result, so never a decision; the engine reports its figures once per
//! decision. Pure: no clock, no I/O; interior mutability only. Knows nothing of APIs.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex};

use crate::json_raw::{Boundary, JsonLimits, Member, ResumeAt};

/// The memo's bounds (`prefix_cache` in the configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrefixLimits {
    /// Most bodies kept; 0 turns the memo off.
    pub entries: usize,
    /// Most body bytes kept.
    pub bytes: usize,
}

impl PrefixLimits {
    pub const DEFAULT: PrefixLimits = PrefixLimits {
        entries: 64,
        bytes: 4 << 20,
    };
    pub const OFF: PrefixLimits = PrefixLimits { entries: 0, bytes: 0 };
}

impl Default for PrefixLimits {
    fn default() -> Self {
        PrefixLimits::DEFAULT
    }
}

/// What the memo did since its figures were last taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PrefixStats {
    /// Bodies resumed from a kept one, and bodies read from the start.
    pub hits: u64,
    pub misses: u64,
    /// Bytes not read again thanks to the hits.
    pub reused_bytes: u64,
    pub entries_delta: i64,
    pub bytes_delta: i64,
}

/// One kept body and what was learned of it.
#[derive(Debug)]
pub struct Entry<T> {
    /// A name for the parser (an API) and its limits: a body resumes only under the same.
    pub kind: &'static str,
    pub limits: JsonLimits,
    pub body: Box<[u8]>,
    /// The top-level members before the array, and where the array starts.
    pub before: Vec<(String, Member)>,
    pub array_start: usize,
    /// The top-level members after the array, where their bytes start, and the values
    /// counted in them.
    pub after: Vec<(String, Member)>,
    pub after_start: usize,
    pub after_nodes: usize,
    /// Each element's byte range in `body`, and the parse's state after it.
    pub elements: Vec<Range<usize>>,
    pub boundaries: Vec<Boundary>,
    /// What the API learned of the elements.
    pub data: T,
}

impl<T> Entry<T> {
    /// The state after element `k - 1`, to resume a body that shares its first `k`
    /// elements' bytes.
    pub fn resume_at(&self, k: usize) -> Option<ResumeAt<'_>> {
        let boundary = *self.boundaries.get(k.checked_sub(1)?)?;
        Some(ResumeAt {
            before: &self.before,
            array_start: self.array_start,
            boundary,
            after_bytes: self.body.get(self.after_start..).unwrap_or_default(),
            after: &self.after,
            after_nodes: self.after_nodes,
        })
    }
}

/// A kept body that a new one starts with: the new body's first `known` elements are
/// the entry's, byte for byte.
pub struct Found<T> {
    pub entry: Arc<Entry<T>>,
    pub known: usize,
}

struct Slot<T> {
    entry: Arc<Entry<T>>,
    used: u64,
}

struct Inner<T> {
    buckets: HashMap<u64, Vec<Slot<T>>>,
    entries: usize,
    bytes: usize,
    tick: u64,
    stats: PrefixStats,
}

/// Most kept bodies that share their first bytes (one per conversation that shares a
/// system prompt); a lookup compares each one's first two elements at most.
const PER_BUCKET: usize = 16;
/// The bytes that pick a bucket.
const KEY_BYTES: usize = 256;

/// The memo.
pub struct PrefixCache<T> {
    limits: PrefixLimits,
    inner: Mutex<Inner<T>>,
}

impl<T> PrefixCache<T> {
    pub fn new(limits: PrefixLimits) -> PrefixCache<T> {
        PrefixCache {
            limits,
            inner: Mutex::new(Inner {
                buckets: HashMap::new(),
                entries: 0,
                bytes: 0,
                tick: 0,
                stats: PrefixStats::default(),
            }),
        }
    }

    pub fn enabled(&self) -> bool {
        self.limits.entries > 0 && self.limits.bytes > 0
    }

    fn bucket(&self, kind: &str, body: &[u8]) -> u64 {
        crate::bpe::hash::hash_pair(kind.as_bytes(), body.get(..KEY_BYTES).unwrap_or(body))
    }

    /// The kept body the new one shares most elements with (among the most recently
    /// used with the same first bytes and first two elements), or `None` (a miss).
    pub fn find(&self, kind: &'static str, limits: &JsonLimits, body: &[u8]) -> Option<Found<T>> {
        if !self.enabled() {
            return None;
        }
        let key = self.bucket(kind, body);
        let Ok(mut inner) = self.inner.lock() else {
            return None;
        };
        inner.tick += 1;
        let tick = inner.tick;
        let mut best: Option<(usize, usize)> = None;
        if let Some(slots) = inner.buckets.get(&key) {
            // The candidates with the most elements first: one with no more elements than
            // the best so far cannot share more of them, so it is not compared at all.
            let mut order: Vec<usize> = (0..slots.len()).collect();
            order.sort_by_key(|i| std::cmp::Reverse(slots.get(*i).map_or(0, |s| s.entry.boundaries.len())));
            for (i, slot) in order.into_iter().filter_map(|i| Some((i, slots.get(i)?))) {
                let e = &slot.entry;
                if e.kind != kind || e.limits != *limits || best.is_some_and(|(_, k)| e.boundaries.len() <= k) {
                    continue;
                }
                // A cheap test first: the first two elements' bytes.
                let head = e.boundaries.get(1).or(e.boundaries.first()).map_or(0, |b| b.end);
                let same_head = |n: usize| {
                    body.get(..n)
                        .zip(e.body.get(..n))
                        .is_some_and(|(a, b)| same_bytes(a, b))
                };
                if head == 0 || !same_head(head) {
                    continue;
                }
                let common = common_prefix(body, &e.body);
                let known = e.boundaries.partition_point(|b| b.end <= common);
                if best.is_none_or(|(_, k)| known > k) {
                    best = Some((i, known));
                }
            }
        }
        let found = best.filter(|(_, k)| *k > 0).and_then(|(i, known)| {
            let slot = inner.buckets.get_mut(&key)?.get_mut(i)?;
            slot.used = tick;
            Some(Found {
                entry: Arc::clone(&slot.entry),
                known,
            })
        });
        match &found {
            Some(f) => {
                inner.stats.hits += 1;
                let reused = f.entry.boundaries.get(f.known.saturating_sub(1)).map_or(0, |b| b.end);
                inner.stats.reused_bytes += reused as u64;
            }
            None => inner.stats.misses += 1,
        }
        found
    }

    /// Keeps `entry`; `replaces` is the entry it was resumed from, dropped when the new
    /// one carries all its elements (the conversation moved on). Returns the kept entry
    /// (or the entry alone, when it is not kept).
    pub fn insert(&self, entry: Entry<T>, replaces: Option<&Arc<Entry<T>>>) -> Arc<Entry<T>> {
        let entry = Arc::new(entry);
        let size = entry.body.len();
        if !self.enabled() || size > self.limits.bytes / 4 {
            return entry;
        }
        let key = self.bucket(entry.kind, &entry.body);
        let Ok(mut inner) = self.inner.lock() else {
            return entry;
        };
        if let Some(old) = replaces.filter(|old| old.elements.len() <= entry.elements.len()) {
            inner.remove_entry(old);
        }
        while inner.entries >= self.limits.entries
            || inner.bytes.saturating_add(size) > self.limits.bytes
            || inner.buckets.get(&key).is_some_and(|s| s.len() >= PER_BUCKET)
        {
            let only = inner.buckets.get(&key).filter(|s| s.len() >= PER_BUCKET).map(|_| key);
            if !inner.evict_oldest(only) {
                break;
            }
        }
        inner.tick += 1;
        let used = inner.tick;
        inner.buckets.entry(key).or_default().push(Slot {
            entry: Arc::clone(&entry),
            used,
        });
        inner.entries += 1;
        inner.bytes += size;
        inner.stats.entries_delta += 1;
        inner.stats.bytes_delta += i64::try_from(size).unwrap_or(i64::MAX);
        entry
    }

    /// The figures since the last call, reset.
    pub fn take_stats(&self) -> PrefixStats {
        match self.inner.lock() {
            Ok(mut inner) => std::mem::take(&mut inner.stats),
            Err(_) => PrefixStats::default(),
        }
    }

    /// (entries, body bytes) kept now.
    pub fn size(&self) -> (usize, usize) {
        self.inner.lock().map_or((0, 0), |i| (i.entries, i.bytes))
    }
}

impl<T> Inner<T> {
    fn remove_at(&mut self, key: u64, i: usize) {
        let Some(slots) = self.buckets.get_mut(&key) else {
            return;
        };
        if i >= slots.len() {
            return;
        }
        let slot = slots.swap_remove(i);
        if slots.is_empty() {
            self.buckets.remove(&key);
        }
        let size = slot.entry.body.len();
        self.entries = self.entries.saturating_sub(1);
        self.bytes = self.bytes.saturating_sub(size);
        self.stats.entries_delta -= 1;
        self.stats.bytes_delta -= i64::try_from(size).unwrap_or(i64::MAX);
    }

    fn remove_entry(&mut self, entry: &Arc<Entry<T>>) {
        let at = self.buckets.iter().find_map(|(key, slots)| {
            slots
                .iter()
                .position(|s| Arc::ptr_eq(&s.entry, entry))
                .map(|i| (*key, i))
        });
        if let Some((key, i)) = at {
            self.remove_at(key, i);
        }
    }

    /// Drops the least recently used entry (of one bucket, or of all); false if none.
    fn evict_oldest(&mut self, only: Option<u64>) -> bool {
        let oldest = self
            .buckets
            .iter()
            .filter(|(key, _)| only.is_none_or(|k| k == **key))
            .flat_map(|(key, slots)| slots.iter().enumerate().map(move |(i, s)| (s.used, *key, i)))
            .min();
        match oldest {
            Some((_, key, i)) => {
                self.remove_at(key, i);
                true
            }
            None => false,
        }
    }
}

/// The length of the longest common prefix of two byte strings.
pub fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    // Eight bytes at a time, as integers, 32 per step: the wasm build's `memcmp` (libc's)
    // compares byte by byte, and a resent history is tens of kilobytes.
    let word = |x: &[u8]| <[u8; 8]>::try_from(x).map_or(0, u64::from_le_bytes);
    let mut at = 0;
    for (x, y) in a.chunks_exact(32).zip(b.chunks_exact(32)) {
        let diff = (0..4).fold(0, |d, i| {
            d | (word(x.get(i * 8..i * 8 + 8).unwrap_or_default()) ^ word(y.get(i * 8..i * 8 + 8).unwrap_or_default()))
        });
        if diff != 0 {
            break;
        }
        at += 32;
    }
    let (a, b) = (a.get(at..).unwrap_or_default(), b.get(at..).unwrap_or_default());
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        let diff = word(x) ^ word(y);
        if diff != 0 {
            return at + (diff.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    let tail = a.len().min(b.len()) / 8 * 8;
    let (a, b) = (a.get(tail..).unwrap_or_default(), b.get(tail..).unwrap_or_default());
    at + a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// Whether two byte strings are equal (compared as `common_prefix` compares).
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && common_prefix(a, b) == a.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_prefix_is_exact() {
        assert_eq!(common_prefix(b"", b"abc"), 0);
        assert_eq!(common_prefix(b"abc", b"abd"), 2);
        let a = vec![7u8; 300];
        let mut b = a.clone();
        b[200] = 8;
        assert_eq!(common_prefix(&a, &b), 200);
        assert_eq!(common_prefix(&a, &a[..129]), 129);
        let long = vec![1u8; 10_000];
        for at in [0, 63, 64, 4095, 4096, 4097, 8191, 9_999] {
            let mut other = long.clone();
            other[at] = 2;
            assert_eq!(common_prefix(&long, &other), at);
        }
        assert_eq!(common_prefix(&long, &long), 10_000);
        // Every offset inside an 8-byte word, and lengths that end inside one.
        for at in 0..24 {
            let mut other = long[..30].to_vec();
            other[at] = 9;
            assert_eq!(common_prefix(&long[..30], &other), at);
            assert_eq!(common_prefix(&long[..at], &long[..30]), at);
            assert!(same_bytes(&long[..at], &other[..at]) && !same_bytes(&long[..=at], &other[..=at]));
        }
    }
}
