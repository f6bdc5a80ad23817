//! Exact byte-pair encoding for cl100k_base and o200k_base. The vocabularies are one pool
//! of token bytes laid out by build.rs (o200k's tokens in rank order, then the cl100k tokens
//! o200k lacks) and embedded in the data section; at an encoding's first use (once per
//! VM) its lookup table (open addressing from a token's bytes to its rank and pool offset) is
//! filled from the pool, each token at the slot build.rs computed for it (no hashing then). The pieces come from the hand-written pre-tokenizers in `split`. The
//! merge is tiktoken's (lowest rank first, leftmost on ties), with a heap for long pieces so
//! that adversarial input stays near-linear. Equal to tiktoken-rs (the oracle, used only by
//! the build script and the tests). Pure: no I/O; allocates the lookup tables once and long
//! pieces' scratch.

pub(crate) mod hash;
pub mod split;

use std::sync::OnceLock;

use split::Pattern;

mod counts {
    include!(concat!(env!("OUT_DIR"), "/bpe_counts.rs"));
}

/// The token bytes of both vocabularies, back to back, and each entry's length.
static POOL: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bpe.pool"));
static LENS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bpe.lens"));
/// Per cl100k rank, its pool offset | (length - 1) << MAP_OFFSET_BITS (build.rs: a bit stream).
static CL100K_MAP: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/cl100k.map"));
const MAP_OFFSET_BITS: usize = 21;
/// Per rank, its slot in the encoding's lookup table (build.rs `slots`: a bit stream).
static O200K_SLOTS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/o200k.slots"));
static CL100K_SLOTS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/cl100k.slots"));
const _: () = assert!(
    CL100K_MAP.len() == (counts::CL100K_TOKENS * (MAP_OFFSET_BITS + 7)).div_ceil(8) + 8
        && LENS.len() == counts::O200K_TOKENS
);

/// A table slot: first byte << 56 | (rank + 1) (24 bits) << 32 | (length - 1) << 24 | pool
/// offset (24 bits); 0 is empty (so the table is allocated zeroed: fresh pages, no fill).
const EMPTY: u64 = 0;
const OFFSET_MASK: u64 = (1 << 24) - 1;
/// The bits a probe compares before the bytes: the first byte and the length.
const KEY_MASK: u64 = 0xFF00_0000_FF00_0000;
const MAX_LEN: usize = 128;
/// Pieces shorter than this merge in a stack array (tiktoken's quadratic loop, which is
/// fastest for short pieces); longer ones with a heap.
const SHORT: usize = 64;

/// Where a vocabulary's tokens are in the pool.
enum Tokens {
    /// Ranks 0..n are pool entries 0..n.
    Prefix(usize),
    /// Rank r's pool offset and length are the r-th value of the bit stream `map`; n ranks.
    Mapped(&'static [u8], usize),
}

/// One vocabulary: its tokens in the pool, where they go in its lookup table, its split
/// pattern, and the table once used.
pub struct Vocab {
    tokens: Tokens,
    slots: &'static [u8],
    pattern: Pattern,
    table: OnceLock<Table>,
}

/// The k-th value of a bit stream of `bits` (at most 32) bits per value, LSB first, padded
/// with 8 bytes (build.rs `pack`).
#[inline]
fn bits_at(stream: &[u8], k: usize, bits: usize) -> Option<usize> {
    let at = k * bits;
    let &[a, b, c, d, e, f, g, h] = stream.get(at / 8..at / 8 + 8)? else {
        return None;
    };
    let word = u64::from_le_bytes([a, b, c, d, e, f, g, h]) >> (at % 8);
    Some((word & ((1u64 << bits) - 1)) as usize)
}

/// The lookup table of one vocabulary (built at first use).
struct Table {
    slots: Vec<u64>,
    mask: usize,
}

pub static CL100K: Vocab = Vocab::new(
    Tokens::Mapped(CL100K_MAP, counts::CL100K_TOKENS),
    CL100K_SLOTS,
    Pattern::Cl100k,
);
pub static O200K: Vocab = Vocab::new(Tokens::Prefix(counts::O200K_TOKENS), O200K_SLOTS, Pattern::O200k);

/// Byte equality without a call into memcmp (the slices are short).
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut x = a.chunks_exact(8);
    let mut y = b.chunks_exact(8);
    for (p, q) in (&mut x).zip(&mut y) {
        if p != q {
            return false;
        }
    }
    x.remainder().iter().zip(y.remainder()).all(|(p, q)| p == q)
}

/// Longest piece the cache keeps.
const CACHED_LEN: usize = 30;
const CACHE_SLOTS: usize = 4096;

/// A direct-mapped cache from a piece to its token count.
struct PieceCache {
    /// Per slot: encoding tag, length (0: empty), count, then the piece's bytes.
    slots: Vec<[u8; CACHED_LEN + 2]>,
    counts: Vec<u8>,
}

impl PieceCache {
    fn new() -> Self {
        PieceCache {
            slots: vec![[0; CACHED_LEN + 2]; CACHE_SLOTS],
            counts: vec![0; CACHE_SLOTS],
        }
    }

    #[inline]
    fn get(&self, tag: u8, piece: &[u8], h: u64) -> Option<u8> {
        if piece.len() > CACHED_LEN {
            return None;
        }
        let i = (h >> 40) as usize % CACHE_SLOTS;
        let slot = self.slots.get(i)?;
        match slot {
            [t, l, bytes @ ..]
                if *t == tag && usize::from(*l) == piece.len() && same(bytes.get(..piece.len())?, piece) =>
            {
                self.counts.get(i).copied()
            }
            _ => None,
        }
    }

    fn put(&mut self, tag: u8, piece: &[u8], h: u64, count: u64) {
        let (Ok(len), Ok(count)) = (u8::try_from(piece.len()), u8::try_from(count)) else {
            return;
        };
        if piece.len() > CACHED_LEN {
            return;
        }
        let i = (h >> 40) as usize % CACHE_SLOTS;
        if let (Some(slot), Some(c)) = (self.slots.get_mut(i), self.counts.get_mut(i)) {
            let [t, l, bytes @ ..] = slot;
            *t = tag;
            *l = len;
            if let Some(dst) = bytes.get_mut(..piece.len()) {
                dst.copy_from_slice(piece);
            }
            *c = count;
        }
    }
}

thread_local! {
    static PIECES: std::cell::RefCell<PieceCache> = std::cell::RefCell::new(PieceCache::new());
}

impl Table {
    /// Lays out the table of `tokens` (every rank once) where build.rs computed each token's
    /// slot (`slots`): one pass over the ranks, no hashing.
    fn build(tokens: &Tokens, slots: &[u8]) -> Table {
        let n = match tokens {
            Tokens::Prefix(n) => *n,
            Tokens::Mapped(_, n) => *n,
        };
        // As build.rs: a load factor between 0.4 and 0.8.
        let capacity = (n + n / 4).next_power_of_two();
        let mut table = Table {
            slots: vec![EMPTY; capacity],
            mask: capacity - 1,
        };
        let bits = capacity.trailing_zeros() as usize;
        match tokens {
            Tokens::Prefix(n) => {
                let mut offset = 0usize;
                for (rank, len) in LENS.iter().take(*n).enumerate() {
                    table.put(bits_at(slots, rank, bits), rank, offset, usize::from(*len));
                    offset += usize::from(*len);
                }
            }
            Tokens::Mapped(map, n) => {
                for rank in 0..*n {
                    if let Some(v) = bits_at(map, rank, MAP_OFFSET_BITS + 7) {
                        let (offset, len) = (v & ((1 << MAP_OFFSET_BITS) - 1), (v >> MAP_OFFSET_BITS) + 1);
                        table.put(bits_at(slots, rank, bits), rank, offset, len);
                    }
                }
            }
        }
        table
    }

    #[inline]
    fn put(&mut self, at: Option<usize>, rank: usize, offset: usize, len: usize) {
        if let (Some(slot), Some(first)) = (at.and_then(|i| self.slots.get_mut(i)), POOL.get(offset)) {
            *slot = u64::from(*first) << 56 | (rank as u64 + 1) << 32 | ((len.max(1) - 1) as u64) << 24 | offset as u64;
        }
    }

    /// The rank of the token with exactly these bytes.
    #[inline]
    fn rank(&self, bytes: &[u8]) -> Option<u32> {
        self.rank_hashed(bytes, hash::hash(bytes))
    }

    /// `rank` with the bytes' hash already computed.
    #[inline]
    fn rank_hashed(&self, bytes: &[u8], h: u64) -> Option<u32> {
        let len = bytes.len();
        if len == 0 || len > MAX_LEN {
            return None;
        }
        let want = u64::from(bytes.first().copied().unwrap_or(0)) << 56 | ((len - 1) as u64) << 24;
        let mut i = (h as usize) & self.mask;
        for _ in 0..=self.mask {
            let slot = *self.slots.get(i)?;
            if slot == EMPTY {
                return None;
            }
            if slot & KEY_MASK == want {
                let off = (slot & OFFSET_MASK) as usize;
                if let Some(token) = POOL.get(off..off + len) {
                    if same(token, bytes) {
                        return Some(((slot >> 32) as u32 & 0x00FF_FFFF).wrapping_sub(1));
                    }
                }
            }
            i = (i + 1) & self.mask;
        }
        None
    }

    #[inline]
    fn rank_or_max(&self, bytes: Option<&[u8]>) -> u32 {
        bytes.and_then(|b| self.rank(b)).unwrap_or(u32::MAX)
    }
}

impl Vocab {
    const fn new(tokens: Tokens, slots: &'static [u8], pattern: Pattern) -> Vocab {
        Vocab {
            tokens,
            slots,
            pattern,
            table: OnceLock::new(),
        }
    }

    /// The lookup table, built at the first call (once per process: per VM).
    #[inline]
    fn table(&self) -> &Table {
        self.table.get_or_init(|| Table::build(&self.tokens, self.slots))
    }

    /// Number of ordinary tokens (ranks 0..n).
    pub fn len(&self) -> usize {
        match self.tokens {
            Tokens::Prefix(n) => n,
            Tokens::Mapped(_, n) => n,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rank of the token with exactly these bytes.
    pub fn rank(&self, bytes: &[u8]) -> Option<u32> {
        self.table().rank(bytes)
    }

    /// Calls `f` with the length in bytes of every token of `text`, in order.
    pub fn for_each_token_len(&self, text: &str, mut f: impl FnMut(usize)) {
        let t = self.table();
        split::split(self.pattern, text, |piece| {
            if piece.len() == 1 || t.rank(piece).is_some() {
                f(piece.len());
            } else if piece.len() < SHORT {
                t.merge_short(piece, &mut f);
            } else {
                t.merge_long(piece, &mut f);
            }
        });
    }

    /// Number of tokens of `text` (no special tokens). Pieces up to CACHED_LEN bytes are
    /// remembered with their count in a small per-thread (per-VM) cache, keyed by their
    /// bytes: a frequent word is then found in a 130 KB table instead of the vocabulary's
    /// megabytes.
    pub fn count(&self, text: &str) -> u64 {
        PIECES.with(|cache| match cache.try_borrow_mut() {
            Ok(mut cache) => self.count_cached(text, &mut cache),
            Err(_) => {
                let mut n = 0u64;
                self.for_each_token_len(text, |_| n += 1);
                n
            }
        })
    }

    fn count_cached(&self, text: &str, cache: &mut PieceCache) -> u64 {
        let mut n = 0u64;
        let tag = self.pattern as u8;
        let t = self.table();
        split::split(self.pattern, text, |piece| {
            if piece.len() == 1 {
                n += 1;
                return;
            }
            let h = hash::hash(piece);
            if let Some(c) = cache.get(tag, piece, h) {
                n += u64::from(c);
                return;
            }
            if t.rank_hashed(piece, h).is_some() {
                cache.put(tag, piece, h, 1);
                n += 1;
                return;
            }
            let mut c = 0u64;
            if piece.len() < SHORT {
                t.merge_short(piece, &mut |_| c += 1);
            } else {
                t.merge_long(piece, &mut |_| c += 1);
            }
            cache.put(tag, piece, h, c);
            n += c;
        });
        n
    }
}

impl Table {
    /// tiktoken's `_byte_pair_merge` on a piece shorter than SHORT bytes.
    fn merge_short(&self, piece: &[u8], f: &mut impl FnMut(usize)) {
        // parts[k] = (start, rank of the pair starting there); two sentinels at the end.
        let mut parts = [(0usize, u32::MAX); SHORT + 1];
        let n = piece.len();
        let mut len = 0;
        for (i, p) in parts.iter_mut().enumerate().take(n + 1) {
            *p = (
                i,
                if i + 2 <= n {
                    self.rank_or_max(piece.get(i..i + 2))
                } else {
                    u32::MAX
                },
            );
            len = i + 1;
        }
        loop {
            let mut best = (u32::MAX, 0usize);
            for (k, p) in parts.iter().enumerate().take(len.saturating_sub(1)) {
                if p.1 < best.0 {
                    best = (p.1, k);
                }
            }
            if best.0 == u32::MAX {
                break;
            }
            let k = best.1;
            // Remove parts[k + 1]; then recompute the pair ranks at k - 1 and k.
            if let Some(tail) = parts.get_mut(k + 1..len) {
                tail.rotate_left(1);
            }
            len -= 1;
            let pair_rank = |parts: &[(usize, u32)], k: usize| -> u32 {
                match (parts.get(k), parts.get(k + 2)) {
                    (Some(a), Some(b)) if k + 2 < len => self.rank_or_max(piece.get(a.0..b.0)),
                    _ => u32::MAX,
                }
            };
            if k > 0 {
                let r = pair_rank(&parts, k - 1);
                if let Some(p) = parts.get_mut(k - 1) {
                    p.1 = r;
                }
            }
            let r = pair_rank(&parts, k);
            if let Some(p) = parts.get_mut(k) {
                p.1 = r;
            }
        }
        for w in parts.get(..len).unwrap_or(&[]).windows(2) {
            if let [a, b] = w {
                f(b.0 - a.0);
            }
        }
    }

    /// The same merges with a heap and a linked list (tiktoken-rs's `_byte_pair_merge_large`
    /// in spirit): O(n log n) for long pieces, 20 bytes of scratch per byte of the piece.
    fn merge_long(&self, piece: &[u8], f: &mut impl FnMut(usize)) {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        let n = piece.len();
        let Ok(n32) = u32::try_from(n) else {
            // Over 4 GiB in one piece: not a body a proxy sees; count bytes (an upper bound).
            (0..n).for_each(|_| f(1));
            return;
        };
        let key = |rank: u32, start: u32| Reverse(u64::from(rank) << 32 | u64::from(start));
        // end[i]: end of the part starting at i (0 when i is not a part start); prev[i]: start
        // of the part before; rank[i]: rank of the merge of part i with the next (MAX: none).
        let mut end: Vec<u32> = (1..=n32).collect();
        let mut prev: Vec<u32> = (0..n32).map(|i| i.wrapping_sub(1)).collect();
        let mut rank = vec![u32::MAX; n];
        let mut initial = Vec::with_capacity(n);
        for (i, r) in (0..n32.saturating_sub(1)).zip(rank.iter_mut()) {
            let at = i as usize;
            *r = self.rank_or_max(piece.get(at..at + 2));
            if *r != u32::MAX {
                initial.push(key(*r, i));
            }
        }
        let mut heap = BinaryHeap::from(initial);
        let at = |v: &[u32], i: u32| v.get(i as usize).copied();
        let set = |v: &mut Vec<u32>, j: u32, x: u32| {
            if let Some(slot) = v.get_mut(j as usize) {
                *slot = x;
            }
        };
        loop {
            let Some(mut top) = heap.peek_mut() else { break };
            let Reverse(k) = *top;
            let (r, i) = ((k >> 32) as u32, k as u32);
            if at(&rank, i) != Some(r) {
                std::collections::binary_heap::PeekMut::pop(top);
                continue;
            }
            let (Some(right), Some(right_end)) = (at(&end, i), at(&end, at(&end, i).unwrap_or(u32::MAX))) else {
                break;
            };
            // Merge part i with part `right`.
            set(&mut end, i, right_end);
            set(&mut end, right, 0);
            set(&mut rank, right, u32::MAX);
            set(&mut prev, right_end, i);
            // The new pair (i, next part) takes the popped entry's place (one sift instead of
            // a pop and a push), then the pair (previous part, i).
            let nr = match at(&end, right_end) {
                Some(next_end) => self.rank_or_max(piece.get(i as usize..next_end as usize)),
                None => u32::MAX,
            };
            set(&mut rank, i, nr);
            if nr != u32::MAX {
                *top = key(nr, i);
                drop(top);
            } else {
                std::collections::binary_heap::PeekMut::pop(top);
            }
            if i > 0 {
                let p = at(&prev, i).unwrap_or(0);
                let pr = self.rank_or_max(piece.get(p as usize..right_end as usize));
                set(&mut rank, p, pr);
                if pr != u32::MAX {
                    heap.push(key(pr, p));
                }
            }
        }
        let mut i = 0;
        while i < n32 {
            let e = at(&end, i).unwrap_or(n32).max(i + 1);
            f((e - i) as usize);
            i = e;
        }
    }
}
