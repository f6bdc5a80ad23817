//! A bounded per-VM memo of message token counts, so an agent that resends its whole
//! history pays the tokenizer only for its new messages (issue 12). An entry maps the
//! exact bytes of one message as the client sent them, plus a context naming everything
//! else the count depends on (the encoding, the image tile constants, the configured worst
//! cases), to that message's counts. A lookup hashes the key, then compares the stored key
//! byte for byte: a hash collision is a miss, never a wrong count, so a request's count
//! with the memo always equals its count without it.
//! Bounded in entries and bytes (CLOCK eviction: a second chance for entries hit since the
//! hand last passed); a message larger than a quarter of the byte bound is never kept.
//! It is filled while counting, before the verdict: it never changes a count, so never a
//! decision (the engine reports its figures once per decision, see `Engine::decide`).
//! Pure: no clock, no I/O; interior mutability only (the engine is shared by the VM's
//! requests, one at a time). Knows nothing of APIs, budgets or hosts.

use std::collections::HashMap;
use std::sync::Mutex;

/// What a cached message counted: exact text tokens and estimated tokens (images,
/// files), as the API's counter returned them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MessageCount {
    pub text: u64,
    pub estimated: u64,
}

/// The memo's bounds (`count_cache` in the configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheLimits {
    /// Most messages kept; 0 turns the memo off.
    pub entries: usize,
    /// Most key bytes kept (a message's JSON text plus its context).
    pub bytes: usize,
}

impl CacheLimits {
    pub const DEFAULT: CacheLimits = CacheLimits {
        entries: 8192,
        bytes: 4 << 20,
    };
    pub const OFF: CacheLimits = CacheLimits { entries: 0, bytes: 0 };
}

impl Default for CacheLimits {
    fn default() -> Self {
        CacheLimits::DEFAULT
    }
}

/// What the memo did since its figures were last taken: lookups that hit and missed, and
/// how its size changed (for the gauges, so the sum over every VM stays right).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheStats {
    pub hits: u64,
    pub misses: u64,
    pub entries_delta: i64,
    pub bytes_delta: i64,
}

struct Slot {
    hash: u64,
    /// The context's length within `key` (the context comes first).
    context_len: usize,
    key: Box<[u8]>,
    count: MessageCount,
    referenced: bool,
}

#[derive(Default)]
struct Inner {
    /// Hash → slot. Two keys with one hash keep the newer; the other is a miss.
    index: HashMap<u64, usize>,
    slots: Vec<Option<Slot>>,
    free: Vec<usize>,
    hand: usize,
    entries: usize,
    bytes: usize,
    stats: CacheStats,
}

/// The memo. `lookup` and `insert` take the context (constant for one request) and the
/// message's bytes separately, so a key is never assembled for a hit.
pub struct CountCache {
    limits: CacheLimits,
    inner: Mutex<Inner>,
}

impl CountCache {
    pub fn new(limits: CacheLimits) -> CountCache {
        CountCache {
            limits,
            inner: Mutex::new(Inner::default()),
        }
    }

    pub fn enabled(&self) -> bool {
        self.limits.entries > 0 && self.limits.bytes > 0
    }

    /// The key's hash: the same on every VM (no random keys); a collision costs only a miss
    /// (a hit compares the key's bytes).
    fn hash(&self, context: &[u8], message: &[u8]) -> u64 {
        crate::bpe::hash::hash_pair(context, message)
    }

    /// The counts of `message` under `context`, if kept.
    pub fn lookup(&self, context: &[u8], message: &[u8]) -> Option<MessageCount> {
        if !self.enabled() {
            return None;
        }
        let hash = self.hash(context, message);
        let mut inner = self.inner.lock().ok()?;
        let found = inner
            .index
            .get(&hash)
            .and_then(|&i| inner.slots.get(i))
            .and_then(Option::as_ref)
            .filter(|s| s.key.split_at_checked(s.context_len) == Some((context, message)))
            .map(|s| s.count);
        let found_at = found.and(inner.index.get(&hash).copied());
        match found_at {
            Some(i) => {
                if let Some(Some(slot)) = inner.slots.get_mut(i) {
                    slot.referenced = true;
                }
                inner.stats.hits += 1;
            }
            None => inner.stats.misses += 1,
        }
        found
    }

    /// Keeps the counts of `message` under `context`, evicting what the bounds need.
    pub fn insert(&self, context: &[u8], message: &[u8], count: MessageCount) {
        let size = context.len().saturating_add(message.len());
        if !self.enabled() || size > self.limits.bytes / 4 {
            return;
        }
        let hash = self.hash(context, message);
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        if let Some(old) = inner.index.get(&hash).copied() {
            inner.remove(old);
        }
        // CLOCK: clear the reference bit of what the hand passes, evict the first entry
        // without one; two turns of the hand at most.
        let mut steps = 0usize;
        let limit = inner.slots.len().saturating_mul(2).saturating_add(1);
        while (inner.entries >= self.limits.entries || inner.bytes.saturating_add(size) > self.limits.bytes)
            && steps < limit
        {
            steps += 1;
            let len = inner.slots.len();
            if len == 0 {
                break;
            }
            let at = inner.hand % len;
            inner.hand = (at + 1) % len;
            let evict = match inner.slots.get_mut(at) {
                Some(Some(slot)) if slot.referenced => {
                    slot.referenced = false;
                    false
                }
                Some(Some(_)) => true,
                _ => false,
            };
            if evict {
                inner.remove(at);
            }
        }
        if inner.entries >= self.limits.entries || inner.bytes.saturating_add(size) > self.limits.bytes {
            return;
        }
        let mut key = Vec::with_capacity(size);
        key.extend_from_slice(context);
        key.extend_from_slice(message);
        let slot = Slot {
            hash,
            context_len: context.len(),
            key: key.into_boxed_slice(),
            count,
            referenced: false,
        };
        let at = match inner.free.pop() {
            Some(i) => {
                if let Some(s) = inner.slots.get_mut(i) {
                    *s = Some(slot);
                }
                i
            }
            None => {
                inner.slots.push(Some(slot));
                inner.slots.len() - 1
            }
        };
        inner.index.insert(hash, at);
        inner.entries += 1;
        inner.bytes += size;
        inner.stats.entries_delta += 1;
        inner.stats.bytes_delta += i64::try_from(size).unwrap_or(i64::MAX);
    }

    /// The figures since the last call, reset.
    pub fn take_stats(&self) -> CacheStats {
        match self.inner.lock() {
            Ok(mut inner) => std::mem::take(&mut inner.stats),
            Err(_) => CacheStats::default(),
        }
    }

    /// (entries, key bytes) kept now.
    pub fn size(&self) -> (usize, usize) {
        self.inner.lock().map_or((0, 0), |i| (i.entries, i.bytes))
    }
}

impl Inner {
    fn remove(&mut self, at: usize) {
        let Some(slot) = self.slots.get_mut(at).and_then(Option::take) else {
            return;
        };
        if self.index.get(&slot.hash) == Some(&at) {
            self.index.remove(&slot.hash);
        }
        self.free.push(at);
        self.entries = self.entries.saturating_sub(1);
        self.bytes = self.bytes.saturating_sub(slot.key.len());
        self.stats.entries_delta -= 1;
        self.stats.bytes_delta -= i64::try_from(slot.key.len()).unwrap_or(i64::MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const C: MessageCount = MessageCount { text: 7, estimated: 1 };

    #[test]
    fn a_kept_message_is_found_and_one_byte_apart_is_not() {
        let cache = CountCache::new(CacheLimits::DEFAULT);
        cache.insert(b"o200k", br#"{"role":"user","content":"hi"}"#, C);
        assert_eq!(cache.lookup(b"o200k", br#"{"role":"user","content":"hi"}"#), Some(C));
        assert_eq!(cache.lookup(b"o200k", br#"{"role":"user","content":"hI"}"#), None);
        assert_eq!(cache.lookup(b"cl100k", br#"{"role":"user","content":"hi"}"#), None);
        // The boundary between context and message is part of the key.
        assert_eq!(cache.lookup(b"o200k{", br#""role":"user","content":"hi"}"#), None);
        let s = cache.take_stats();
        assert_eq!((s.hits, s.misses, s.entries_delta), (1, 3, 1));
    }

    #[test]
    fn bounds_hold_and_recently_hit_entries_survive() {
        let cache = CountCache::new(CacheLimits {
            entries: 4,
            bytes: 1 << 20,
        });
        for i in 0..4u64 {
            cache.insert(b"c", format!("m{i}").as_bytes(), MessageCount { text: i, estimated: 0 });
        }
        assert!(cache.lookup(b"c", b"m0").is_some());
        cache.insert(b"c", b"m4", C);
        assert_eq!(cache.size().0, 4);
        assert!(cache.lookup(b"c", b"m0").is_some(), "the entry hit since survives");
        assert!(cache.lookup(b"c", b"m4").is_some());
        let bytes = CountCache::new(CacheLimits {
            entries: 100,
            bytes: 64,
        });
        for i in 0..50u64 {
            bytes.insert(b"c", format!("message {i:04}").as_bytes(), C);
            assert!(bytes.size().1 <= 64);
        }
        bytes.insert(b"c", &[b'x'; 17], C);
        assert_eq!(
            bytes.lookup(b"c", &[b'x'; 17]),
            None,
            "larger than a quarter of the bound"
        );
    }

    #[test]
    fn off_keeps_nothing() {
        let cache = CountCache::new(CacheLimits::OFF);
        cache.insert(b"c", b"m", C);
        assert_eq!(cache.lookup(b"c", b"m"), None);
        assert_eq!(cache.size(), (0, 0));
    }
}
