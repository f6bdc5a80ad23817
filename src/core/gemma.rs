//! Exact Gemini token counts: the Gemma 3 SentencePiece BPE model (262 144 pieces) that
//! every Gemini model uses, re-implemented in pure Rust for counting (no ids, no decoding).
//!
//! The vocabulary is `data/gemma3.vocab`, written by `scripts/gen_gemma_vocab.py` from
//! Google's `gemma3_cleaned_262144_v2.spiece.model` (the script checks the model properties
//! this file relies on), embedded front-coded (build.rs: `gemma.fc`, `gemma.order`, 1.5 MB
//! instead of 2.6) and expanded and indexed lazily, once per VM.
//! `tests/gemini_oracle.rs` compares the counts with Google's C++ sentencepiece.
//!
//! The algorithm is sentencepiece's `bpe::Model::Encode` (v0.1.99) for this model:
//! 1. normalise: identity, except ' ' becomes U+2581 (no dummy prefix, no whitespace folding);
//! 2. split into symbols: at each position the longest USER_DEFINED piece (newline, tab and
//!    U+2581 runs, HTML tags, `<unusedN>`, ...) is one frozen symbol, else one character;
//! 3. repeatedly merge the adjacent pair whose concatenation is a piece with the highest score
//!    (ties: leftmost), never merging frozen symbols;
//! 4. count one token per resulting symbol that is a piece, and one per UTF-8 byte for a
//!    symbol that is not (byte fallback).

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};

use super::token_error::TokenError;

/// The pieces in byte order, front-coded, after the 16-byte header (build.rs).
static FRONT_CODED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gemma.fc"));
/// Per piece of FRONT_CODED, its index in the model (a bit stream of ORDER_BITS per piece,
/// LSB first, then 8 bytes of padding).
static ORDER: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gemma.order"));
const ORDER_BITS: usize = 18;
const MAGIC: &[u8] = b"TGGEMMA3";
const NAME: &str = "gemma3";

/// U+2581 LOWER ONE EIGHTH BLOCK, sentencepiece's escaped space.
const SPACE: [u8; 3] = [0xE2, 0x96, 0x81];

/// Exact number of Gemini tokens in `text` (no BOS/EOS): what Google's `count_tokens`
/// returns for a single text part.
pub fn count(text: &str) -> Result<u64, TokenError> {
    if text.is_empty() {
        return Ok(0);
    }
    let vocab = vocab()?;
    LOADED.store(true, AtomicOrdering::Relaxed);
    Ok(vocab.count(text))
}

/// The end offsets (in bytes of `text`) of its Gemini tokens, for highlighting: one per
/// piece, and one per symbol that falls back to bytes (its bytes are separate tokens, but
/// an offset inside a UTF-8 character cannot be shown). Every offset is a character
/// boundary; the last is `text.len()`.
pub fn token_ends(text: &str) -> Result<Vec<usize>, TokenError> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let vocab = vocab()?;
    LOADED.store(true, AtomicOrdering::Relaxed);
    Ok(vocab.token_ends(text))
}

/// Whether the vocabulary was already loaded in this process (VM).
pub fn is_loaded() -> bool {
    LOADED.load(AtomicOrdering::Relaxed)
}

static LOADED: AtomicBool = AtomicBool::new(false);

fn vocab() -> Result<&'static Vocab, TokenError> {
    static VOCAB: OnceLock<Option<Vocab>> = OnceLock::new();
    VOCAB
        .get_or_init(|| Vocab::parse(FRONT_CODED, ORDER))
        .as_ref()
        .ok_or(TokenError::EncodingLoad(NAME))
}

struct Vocab {
    /// Per piece (in byte order): its length, then its bytes.
    data: Vec<u8>,
    /// Offset of each piece's length byte in `data`: NORMAL pieces in model order, then the
    /// USER_DEFINED ones.
    offsets: Vec<u32>,
    n_normal: u32,
    /// Open addressing (linear probing) over piece indexes + 1; 0 = empty.
    table: Vec<u32>,
    user_defined: Trie,
}

impl Vocab {
    /// Expands the front-coded pieces (see build.rs) and indexes them.
    fn parse(fc: &[u8], order: &[u8]) -> Option<Vocab> {
        let header = fc.get(..16)?;
        if header.get(..8)? != MAGIC {
            return None;
        }
        let n_normal = u32::from_le_bytes(header.get(8..12)?.try_into().ok()?);
        let n_user = u32::from_le_bytes(header.get(12..16)?.try_into().ok()?);
        let total = usize::try_from(n_normal.checked_add(n_user)?).ok()?;
        if order.len() != (total * ORDER_BITS).div_ceil(8) + 8 {
            return None;
        }
        let mut data = Vec::with_capacity(total * 10);
        let mut offsets = vec![u32::MAX; total];
        // The piece being expanded (the one before, until its shared prefix).
        let mut piece: Vec<u8> = Vec::new();
        let mut at = 16usize;
        for k in 0..total {
            let &[i0, i1, i2, i3] = order.get(k * ORDER_BITS / 8..k * ORDER_BITS / 8 + 4)? else {
                return None;
            };
            let word = u32::from_le_bytes([i0, i1, i2, i3]);
            let index = (word >> (k * ORDER_BITS % 8)) as usize & ((1 << ORDER_BITS) - 1);
            let code = *fc.get(at)?;
            let (shared, suffix) = if code >> 4 < 15 {
                at += 1;
                (usize::from(code >> 4), usize::from(code & 15))
            } else {
                at += 3;
                (usize::from(*fc.get(at - 2)?), usize::from(*fc.get(at - 1)?))
            };
            if shared > piece.len() {
                return None;
            }
            piece.truncate(shared);
            piece.extend_from_slice(fc.get(at..at + suffix)?);
            at += suffix;
            *offsets.get_mut(index)? = u32::try_from(data.len()).ok()?;
            data.push(u8::try_from(piece.len()).ok()?);
            data.extend_from_slice(&piece);
        }
        if at != fc.len() || offsets.contains(&u32::MAX) {
            return None;
        }
        let capacity = (total * 2).next_power_of_two();
        let mut table = vec![0u32; capacity];
        let mut user_defined = Trie::default();
        for (index, offset) in offsets.iter().enumerate() {
            let at = usize::try_from(*offset).ok()?;
            let piece = data.get(at + 1..at + 1 + usize::from(*data.get(at)?))?;
            let mut slot = slot_of(piece, capacity);
            loop {
                let cell = table.get_mut(slot)?;
                if *cell == 0 {
                    *cell = u32::try_from(index + 1).ok()?;
                    break;
                }
                slot = (slot + 1) & (capacity - 1);
            }
            if index >= usize::try_from(n_normal).ok()? {
                user_defined.insert(piece);
            }
        }
        Some(Vocab {
            data,
            offsets,
            n_normal,
            table,
            user_defined,
        })
    }

    fn piece(&self, index: usize) -> Option<&[u8]> {
        let at = usize::try_from(*self.offsets.get(index)?).ok()?;
        let len = usize::from(*self.data.get(at)?);
        self.data.get(at + 1..at + 1 + len)
    }

    /// The merge priority of `piece` if it is a NORMAL or USER_DEFINED piece: NORMAL scores
    /// fall strictly with model position and the first is 0, as are USER_DEFINED scores.
    fn score(&self, piece: &[u8]) -> Option<i64> {
        let mask = self.table.len() - 1;
        let mut slot = slot_of(piece, self.table.len());
        loop {
            let entry = *self.table.get(slot)?;
            if entry == 0 {
                return None;
            }
            let index = entry - 1;
            if self.piece(index as usize) == Some(piece) {
                return Some(if index < self.n_normal { -i64::from(index) } else { 0 });
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Steps 1–3: the normalised text and its symbols after all merges (merged-away
    /// symbols have length 0).
    fn segment(&self, text: &str) -> (Vec<u8>, Vec<Symbol>) {
        // 1. Normalise.
        let mut norm = Vec::with_capacity(text.len() + text.len() / 2);
        for &b in text.as_bytes() {
            if b == b' ' {
                norm.extend_from_slice(&SPACE);
            } else {
                norm.push(b);
            }
        }

        // 2. Initial symbols.
        let mut symbols: Vec<Symbol> = Vec::with_capacity(norm.len());
        let mut at = 0usize;
        while let Some(rest) = norm.get(at..).filter(|r| !r.is_empty()) {
            let (len, freeze) = match self.user_defined.longest_prefix(rest) {
                Some(len) => (len, true),
                None => (utf8_len(rest).min(rest.len()), false),
            };
            let index = symbols.len();
            symbols.push(Symbol {
                start: at,
                len,
                prev: index.checked_sub(1),
                next: (at + len < norm.len()).then_some(index + 1),
                freeze,
            });
            at += len;
        }

        // 3. Merge.
        let mut agenda = BinaryHeap::new();
        for left in 1..symbols.len() {
            self.push_pair(&norm, &symbols, &mut agenda, Some(left - 1), Some(left));
        }
        while let Some(top) = agenda.pop() {
            let (Some(l), Some(r)) = (symbols.get(top.left), symbols.get(top.right)) else {
                continue;
            };
            // Stale: a side was merged away, or grew since the pair was queued.
            if l.len == 0 || r.len == 0 || l.len + r.len != top.size {
                continue;
            }
            let (r_len, r_next) = (r.len, r.next);
            if let Some(l) = symbols.get_mut(top.left) {
                l.len += r_len;
                l.next = r_next;
            }
            if let Some(next) = r_next.and_then(|n| symbols.get_mut(n)) {
                next.prev = Some(top.left);
            }
            if let Some(r) = symbols.get_mut(top.right) {
                r.len = 0;
            }
            let (prev, next) = symbols.get(top.left).map_or((None, None), |l| (l.prev, l.next));
            self.push_pair(&norm, &symbols, &mut agenda, prev, Some(top.left));
            self.push_pair(&norm, &symbols, &mut agenda, Some(top.left), next);
        }

        (norm, symbols)
    }

    fn count(&self, text: &str) -> u64 {
        let (norm, symbols) = self.segment(text);
        // 4. Count.
        symbols
            .iter()
            .filter(|s| s.len > 0)
            .map(|s| match norm.get(s.start..s.start + s.len) {
                Some(piece) if self.score(piece).is_some() => 1,
                _ => s.len as u64,
            })
            .sum()
    }

    fn token_ends(&self, text: &str) -> Vec<usize> {
        let (_, symbols) = self.segment(text);
        // Normalisation turned each ' ' (1 byte) into U+2581 (3 bytes); symbols never
        // split a character, so every symbol end maps back to a boundary in `text`.
        let mut ends = Vec::new();
        let (mut norm_at, mut text_at) = (0usize, 0usize);
        let bytes = text.as_bytes();
        for s in symbols.iter().filter(|s| s.len > 0) {
            let end = s.start + s.len;
            while norm_at < end {
                norm_at += if bytes.get(text_at) == Some(&b' ') {
                    SPACE.len()
                } else {
                    1
                };
                text_at += 1;
            }
            let at = text_at.min(text.len());
            if text.is_char_boundary(at) && ends.last() != Some(&at) {
                ends.push(at);
            }
        }
        if ends.last() != Some(&text.len()) {
            ends.push(text.len());
        }
        ends
    }

    fn push_pair(
        &self,
        norm: &[u8],
        symbols: &[Symbol],
        agenda: &mut BinaryHeap<Pair>,
        left: Option<usize>,
        right: Option<usize>,
    ) {
        let (Some(li), Some(ri)) = (left, right) else { return };
        let (Some(l), Some(r)) = (symbols.get(li), symbols.get(ri)) else {
            return;
        };
        if l.freeze || r.freeze {
            return;
        }
        let size = l.len + r.len;
        let Some(piece) = norm.get(l.start..l.start + size) else {
            return;
        };
        if let Some(score) = self.score(piece) {
            agenda.push(Pair {
                score,
                left: li,
                right: ri,
                size,
            });
        }
    }
}

struct Symbol {
    start: usize,
    /// 0 once merged into its left neighbour.
    len: usize,
    prev: Option<usize>,
    next: Option<usize>,
    freeze: bool,
}

/// A candidate merge; the heap pops the highest score, then the leftmost.
#[derive(PartialEq, Eq)]
struct Pair {
    score: i64,
    left: usize,
    right: usize,
    size: usize,
}

impl Ord for Pair {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score.cmp(&other.score).then_with(|| other.left.cmp(&self.left))
    }
}

impl PartialOrd for Pair {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Length of the UTF-8 character starting `bytes` (sentencepiece's OneCharLen).
fn utf8_len(bytes: &[u8]) -> usize {
    match bytes.first().copied().unwrap_or(0) >> 4 {
        0xC | 0xD => 2,
        0xE => 3,
        0xF => 4,
        _ => 1,
    }
}

/// FNV-1a, reduced to a table slot.
fn slot_of(bytes: &[u8], capacity: usize) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    (h ^ (h >> 32)) as usize & (capacity - 1)
}

/// A byte trie of the USER_DEFINED pieces, for longest-prefix matching.
#[derive(Default)]
struct Trie {
    nodes: Vec<TrieNode>,
}

#[derive(Default)]
struct TrieNode {
    children: Vec<(u8, u32)>,
    terminal: bool,
}

impl Trie {
    fn insert(&mut self, key: &[u8]) {
        if self.nodes.is_empty() {
            self.nodes.push(TrieNode::default());
        }
        let mut node = 0usize;
        for &b in key {
            let found = self
                .nodes
                .get(node)
                .and_then(|n| n.children.iter().find(|(c, _)| *c == b).map(|(_, i)| *i as usize));
            node = match found {
                Some(child) => child,
                None => {
                    let child = self.nodes.len();
                    self.nodes.push(TrieNode::default());
                    if let Some(n) = self.nodes.get_mut(node) {
                        n.children.push((b, child as u32));
                    }
                    child
                }
            };
        }
        if let Some(n) = self.nodes.get_mut(node) {
            n.terminal = true;
        }
    }

    /// Byte length of the longest key that is a prefix of `text`.
    fn longest_prefix(&self, text: &[u8]) -> Option<usize> {
        let mut node = self.nodes.first()?;
        let mut best = None;
        for (depth, &b) in text.iter().enumerate() {
            let child = node.children.iter().find(|(c, _)| *c == b)?;
            node = self.nodes.get(child.1 as usize)?;
            if node.terminal {
                best = Some(depth + 1);
            }
            if node.children.is_empty() {
                break;
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_loads() -> Result<(), TokenError> {
        let v = vocab()?;
        assert_eq!(v.offsets.len(), 262_144 - 256 - 4);
        assert_eq!(v.score("▁the".as_bytes()).map(|s| s < 0), Some(true));
        assert_eq!(v.score(b"\n"), Some(0));
        assert_eq!(v.score(b"<0x41>"), None);
        Ok(())
    }

    #[test]
    fn documented_examples() -> Result<(), TokenError> {
        // Google's compute_tokens sample lists these 11 pieces.
        assert_eq!(count("What's the longest word in the English language?")?, 11);
        // What ' s ▁the ▁highest ▁mountain ▁in ▁Africa ? (the API sample prints 10).
        assert_eq!(count("What's the highest mountain in Africa?")?, 9);
        assert_eq!(count("What is your name?")?, 5);
        assert_eq!(count("")?, 0);
        Ok(())
    }

    #[test]
    fn token_ends_follow_the_pieces() -> Result<(), TokenError> {
        // The 11 pieces Google's compute_tokens sample lists for this text (ids 3689 "What",
        // 236789 "'", 236751 "s", 506 "▁the", 27801 "▁longest", 3658 "▁word", 528 "▁in",
        // 506 "▁the", 5422 "▁English", 5192 "▁language", 236881 "?"), as byte offsets.
        let text = "What's the longest word in the English language?";
        assert_eq!(token_ends(text)?, vec![4, 5, 6, 10, 18, 23, 26, 30, 38, 47, 48]);
        assert!(token_ends("")?.is_empty());
        Ok(())
    }
}
