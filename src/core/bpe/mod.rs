//! Exact byte-pair encoding for cl100k_base and o200k_base without a load step: the
//! vocabularies are tables laid out by build.rs (token bytes in rank order, a length per
//! rank, an open-addressing hash table from bytes to rank) and embedded in the data
//! section; the pieces come from the hand-written pre-tokenizers in `split`. The merge is
//! tiktoken's (lowest rank first, leftmost on ties), with a heap for long pieces so that
//! adversarial input stays near-linear. Equal to tiktoken-rs (the oracle, used only by the
//! build script and the tests). Pure: no I/O, no allocation beyond long pieces' scratch.

mod hash;
pub mod split;

use split::Pattern;

/// Bits of a slot that hold the rank (build.rs: the same constant).
const RANK_BITS: u32 = 18;
const RANK_MASK: u32 = (1 << RANK_BITS) - 1;
const EMPTY: u32 = u32::MAX;
/// Offsets are stored for every CKPT-th rank (build.rs: the same constant).
const CKPT: usize = 16;
/// Pieces shorter than this merge in a stack array (tiktoken's quadratic loop, which is
/// fastest for short pieces); longer ones with a heap.
const SHORT: usize = 64;

/// One vocabulary's tables, all in the data section.
pub struct Vocab {
    blob: &'static [u8],
    lens: &'static [u8],
    ckpt: &'static [u8],
    table: &'static [u8],
    mask: usize,
    pattern: Pattern,
}

macro_rules! vocab {
    ($name:literal, $pattern:expr) => {
        Vocab::new(
            include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".blob")),
            include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".lens")),
            include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".ckpt")),
            include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".table")),
            $pattern,
        )
    };
}

pub static CL100K: Vocab = vocab!("cl100k", Pattern::Cl100k);
pub static O200K: Vocab = vocab!("o200k", Pattern::O200k);

#[inline]
fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    let w = b.get(i * 4..i * 4 + 4)?;
    let mut buf = [0u8; 4];
    buf.copy_from_slice(w);
    Some(u32::from_le_bytes(buf))
}

impl Vocab {
    const fn new(
        blob: &'static [u8],
        lens: &'static [u8],
        ckpt: &'static [u8],
        table: &'static [u8],
        pattern: Pattern,
    ) -> Vocab {
        let slots = table.len() / 4;
        Vocab {
            blob,
            lens,
            ckpt,
            table,
            mask: slots.saturating_sub(1),
            pattern,
        }
    }

    /// Number of ordinary tokens (ranks 0..n).
    pub fn len(&self) -> usize {
        self.lens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lens.is_empty()
    }

    /// The bytes of the token with this rank.
    pub fn token(&self, rank: u32) -> Option<&'static [u8]> {
        let r = rank as usize;
        let len = usize::from(*self.lens.get(r)?);
        let base = r - r % CKPT;
        let mut off = u32_at(self.ckpt, r / CKPT)? as usize;
        for l in self.lens.get(base..r)? {
            off += usize::from(*l);
        }
        self.blob.get(off..off + len)
    }

    /// The rank of the token with exactly these bytes.
    #[inline]
    pub fn rank(&self, bytes: &[u8]) -> Option<u32> {
        let h = hash::hash(bytes);
        let fp = (h >> (64 - (32 - RANK_BITS))) as u32;
        let mut i = (h as usize) & self.mask;
        for _ in 0..=self.mask {
            let slot = u32_at(self.table, i)?;
            if slot == EMPTY {
                return None;
            }
            if slot >> RANK_BITS == fp {
                let r = slot & RANK_MASK;
                if self.lens.get(r as usize).map(|l| usize::from(*l)) == Some(bytes.len())
                    && self.token(r) == Some(bytes)
                {
                    return Some(r);
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

    /// Calls `f` with the length in bytes of every token of `text`, in order.
    pub fn for_each_token_len(&self, text: &str, mut f: impl FnMut(usize)) {
        split::split(self.pattern, text, |piece| {
            if piece.len() == 1 || self.rank(piece).is_some() {
                f(piece.len());
            } else if piece.len() < SHORT {
                self.merge_short(piece, &mut f);
            } else {
                self.merge_long(piece, &mut f);
            }
        });
    }

    /// Number of tokens of `text` (no special tokens).
    pub fn count(&self, text: &str) -> u64 {
        let mut n = 0u64;
        self.for_each_token_len(text, |_| n += 1);
        n
    }

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
    /// in spirit): O(n log n) for long pieces.
    fn merge_long(&self, piece: &[u8], f: &mut impl FnMut(usize)) {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        let n = piece.len();
        // end[i]: end of the part starting at i (0 when i is not a part start); prev[i]: start
        // of the part before; rank[i]: rank of the merge of part i with the next (MAX: none).
        let mut end: Vec<usize> = (1..=n).collect();
        let mut prev: Vec<usize> = (0..n).map(|i| i.wrapping_sub(1)).collect();
        let mut rank = vec![u32::MAX; n];
        let mut heap = BinaryHeap::with_capacity(n);
        for i in 0..n.saturating_sub(1) {
            let r = self.rank_or_max(piece.get(i..i + 2));
            if r != u32::MAX {
                heap.push(Reverse((r, i)));
                if let Some(x) = rank.get_mut(i) {
                    *x = r;
                }
            }
        }
        while let Some(Reverse((r, i))) = heap.pop() {
            if rank.get(i) != Some(&r) {
                continue;
            }
            let Some(&right) = end.get(i) else { break };
            let Some(&right_end) = end.get(right) else { break };
            // Merge part i with part `right`.
            if let Some(x) = end.get_mut(i) {
                *x = right_end;
            }
            if let Some(x) = end.get_mut(right) {
                *x = 0;
            }
            if let Some(x) = rank.get_mut(right) {
                *x = u32::MAX;
            }
            if let Some(x) = prev.get_mut(right_end) {
                *x = i;
            }
            // The new pair (i, next part), and the pair (previous part, i).
            let next_end = end.get(right_end).copied().unwrap_or(0);
            let nr = if right_end < n {
                self.rank_or_max(piece.get(i..next_end))
            } else {
                u32::MAX
            };
            if let Some(x) = rank.get_mut(i) {
                *x = nr;
            }
            if nr != u32::MAX {
                heap.push(Reverse((nr, i)));
            }
            if i > 0 {
                let p = prev.get(i).copied().unwrap_or(0);
                let pr = self.rank_or_max(piece.get(p..right_end));
                if let Some(x) = rank.get_mut(p) {
                    *x = pr;
                }
                if pr != u32::MAX {
                    heap.push(Reverse((pr, p)));
                }
            }
        }
        let mut i = 0;
        while i < n {
            let e = end.get(i).copied().unwrap_or(n);
            f(e - i);
            i = e;
        }
    }
}
