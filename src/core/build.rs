//! Build script of tollgate-core: lays out the OpenAI BPE vocabularies (cl100k_base,
//! o200k_base, taken from tiktoken-rs, the oracle) as one shared pool of token bytes, and the
//! Unicode classes of their split patterns (taken from regex-syntax, the tables fancy-regex
//! uses) as compact binary tables in OUT_DIR, embedded by `core::bpe` with `include_bytes!`
//! (the lookup tables are built from the pool at first use); and the Gemma 3 vocabulary
//! (`data/gemma3.vocab`) front-coded. Writes only into OUT_DIR.

use std::collections::HashMap;
use std::error::Error;
use std::path::Path;

#[path = "bpe/hash.rs"]
mod hash;

/// Longest token of either vocabulary (a length fits a byte).
const MAX_LEN: usize = 128;
/// Bits of a pool offset in `cl100k.map` (the pool is 1.5 MB).
const POOL_BITS: u32 = 21;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=bpe/hash.rs");
    println!("cargo::rerun-if-changed=../../data/gemma3.vocab");
    let out = std::env::var("OUT_DIR")?;
    let out = Path::new(&out);
    pool(
        out,
        &tokens(&tiktoken_rs::o200k_base()?)?,
        &tokens(&tiktoken_rs::cl100k_base()?)?,
    )?;
    classes(out)?;
    gemma(out)?;
    Ok(())
}

/// The ordinary tokens in rank order (ranks are contiguous from 0; the special tokens start
/// after a gap).
fn tokens(bpe: &tiktoken_rs::CoreBPE) -> Result<Vec<Vec<u8>>, Box<dyn Error>> {
    let mut tokens: Vec<Vec<u8>> = Vec::new();
    while let Ok(bytes) = bpe.decode_bytes(&[u32::try_from(tokens.len())?]) {
        tokens.push(bytes);
    }
    Ok(tokens)
}

/// One pool of entries for both vocabularies: o200k's tokens in rank order (entry = rank),
/// then the cl100k tokens o200k lacks, in cl100k rank order (85 % of cl100k's tokens are
/// o200k tokens).
/// `bpe.pool`: the entries' bytes, back to back; `bpe.lens`: each o200k token's length (u8);
/// `cl100k.map`: per cl100k rank, its pool offset | (length - 1) << POOL_BITS (`pack`, 28
/// bits); `<name>.slots`: per rank, the
/// slot of the token in its encoding's lookup table (see `slots`); `bpe_counts.rs`: the counts.
fn pool(out: &Path, o200k: &[Vec<u8>], cl100k: &[Vec<u8>]) -> Result<(), Box<dyn Error>> {
    let mut entries: Vec<&[u8]> = o200k.iter().map(Vec::as_slice).collect();
    let mut index: HashMap<&[u8], usize> = entries.iter().enumerate().map(|(i, t)| (*t, i)).collect();
    if index.len() != entries.len() {
        return Err("o200k: duplicate token".into());
    }
    let mut cl100k_entries = Vec::with_capacity(cl100k.len());
    for t in cl100k {
        let entry = *index.entry(t.as_slice()).or_insert_with(|| {
            entries.push(t.as_slice());
            entries.len() - 1
        });
        cl100k_entries.push(entry);
    }
    let mut bytes = Vec::new();
    let mut starts = Vec::with_capacity(entries.len());
    for t in &entries {
        if t.is_empty() || t.len() > MAX_LEN {
            return Err(format!("token of {} bytes", t.len()).into());
        }
        starts.push(bytes.len());
        bytes.extend_from_slice(t);
    }
    // cl100k.map holds a pool offset in POOL_BITS bits (the runtime tables in 24).
    if bytes.len() >= 1 << POOL_BITS {
        return Err("pool too large".into());
    }
    let lens: Vec<u8> = o200k.iter().map(|t| u8::try_from(t.len())).collect::<Result<_, _>>()?;
    let map: Vec<usize> = cl100k_entries
        .iter()
        .map(|e| {
            let start = starts.get(*e).copied().unwrap_or(0);
            let len = entries.get(*e).map_or(1, |t| t.len());
            start | (len - 1) << POOL_BITS
        })
        .collect();
    let map = pack(&map, POOL_BITS + 7)?;
    std::fs::write(out.join("o200k.slots"), slots(o200k)?)?;
    std::fs::write(out.join("cl100k.slots"), slots(cl100k)?)?;
    std::fs::write(out.join("bpe.pool"), bytes)?;
    std::fs::write(out.join("bpe.lens"), lens)?;
    std::fs::write(out.join("cl100k.map"), map)?;
    std::fs::write(
        out.join("bpe_counts.rs"),
        format!(
            "/// Ordinary tokens of o200k_base (pool entries 0..this).\n\
             pub const O200K_TOKENS: usize = {};\n\
             /// Ordinary tokens of cl100k_base (entries of `cl100k.map`).\n\
             pub const CL100K_TOKENS: usize = {};\n",
            o200k.len(),
            cl100k.len()
        ),
    )?;
    Ok(())
}

/// Where each token (in rank order) lies in its encoding's lookup table, which `core::bpe`
/// fills at first use without hashing: open addressing over `(n + n / 4).next_power_of_two()`
/// slots, linear probing from `hash(token) & (slots - 1)`, the tokens inserted in rank order.
/// Written as a bit stream of log2(slots) bits per rank (`pack`).
fn slots(tokens: &[Vec<u8>]) -> Result<Vec<u8>, Box<dyn Error>> {
    let n = tokens.len();
    let capacity = (n + n / 4).next_power_of_two();
    let bits = capacity.trailing_zeros();
    let mask = capacity - 1;
    let mut used = vec![false; capacity];
    let mut at = Vec::with_capacity(n);
    for t in tokens {
        let mut i = usize::try_from(hash::hash(t))? & mask;
        while used.get(i).copied() != Some(false) {
            i = (i + 1) & mask;
        }
        if let Some(u) = used.get_mut(i) {
            *u = true;
        }
        at.push(i);
    }
    pack(&at, bits)
}

/// `values` as a bit stream of `bits` (at most 32) bits each, LSB first, then 8 bytes of
/// padding (the reader loads 8 bytes at a time).
fn pack(values: &[usize], bits: u32) -> Result<Vec<u8>, Box<dyn Error>> {
    let mut stream = vec![0u8; (values.len() * bits as usize).div_ceil(8) + 8];
    for (k, v) in values.iter().enumerate() {
        if bits > 32 || *v >= 1 << bits {
            return Err(format!("{v} does not fit {bits} bits").into());
        }
        let at = k * bits as usize;
        let word = u64::try_from(*v)? << (at % 8);
        for (j, b) in stream.iter_mut().skip(at / 8).take(8).enumerate() {
            *b |= (word >> (8 * j)) as u8;
        }
    }
    Ok(stream)
}

/// `gemma.fc`: the header of `data/gemma3.vocab` (magic, NORMAL and USER_DEFINED counts),
/// then its pieces in byte order, front-coded: per piece one byte `shared << 4 | suffix` (the
/// length of the prefix it shares with the piece before, and of the rest) when shared < 15
/// and suffix < 16, else 0xF0 then `shared` and `suffix` bytes; then the suffix's bytes.
/// `gemma.order`: per piece in that order, its index in the model (18 bits each, see `pack`).
fn gemma(out: &Path) -> Result<(), Box<dyn Error>> {
    let dir = std::env::var("CARGO_MANIFEST_DIR")?;
    let data = std::fs::read(Path::new(&dir).join("../../data/gemma3.vocab"))?;
    let header = data.get(..16).ok_or("gemma3.vocab: header")?;
    let mut pieces: Vec<(&[u8], usize)> = Vec::new();
    let mut at = 16;
    while at < data.len() {
        let len = usize::from(*data.get(at).ok_or("gemma3.vocab")?);
        pieces.push((
            data.get(at + 1..at + 1 + len).ok_or("gemma3.vocab: piece")?,
            pieces.len(),
        ));
        at += 1 + len;
    }
    pieces.sort_unstable();
    if pieces.windows(2).any(|w| matches!(w, [a, b] if a.0 == b.0)) {
        return Err("gemma3.vocab: duplicate piece".into());
    }
    let mut fc = header.to_vec();
    let mut order = Vec::with_capacity(pieces.len());
    let mut prev: &[u8] = &[];
    for (piece, index) in &pieces {
        let shared = prev.iter().zip(piece.iter()).take_while(|(a, b)| a == b).count();
        let suffix = piece.get(shared..).ok_or("suffix")?;
        if shared < 15 && suffix.len() < 16 {
            fc.push(u8::try_from(shared << 4 | suffix.len())?);
        } else {
            fc.extend_from_slice(&[0xF0, u8::try_from(shared)?, u8::try_from(suffix.len())?]);
        }
        fc.extend_from_slice(suffix);
        order.push(*index);
        prev = piece;
    }
    std::fs::write(out.join("gemma.fc"), fc)?;
    std::fs::write(out.join("gemma.order"), pack(&order, 18)?)?;
    Ok(())
}

/// `classes.stage1` (u8 per 128-code-point block: index of its row) and `classes.stage2`
/// (rows of 128 class bytes): bit 1 \p{L}, 2 \p{N}, 4 \s, 8 [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}],
/// 16 [\p{Ll}\p{Lm}\p{Lo}\p{M}].
fn classes(out: &Path) -> Result<(), Box<dyn Error>> {
    let sets = [
        (1u8, r"\p{L}"),
        (2, r"\p{N}"),
        (4, r"\s"),
        (8, r"[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]"),
        (16, r"[\p{Ll}\p{Lm}\p{Lo}\p{M}]"),
    ];
    let mut flags = vec![0u8; 0x11_0000];
    for (bit, pattern) in sets {
        for (lo, hi) in ranges(pattern)? {
            for f in flags.get_mut(lo as usize..=hi as usize).ok_or("range")? {
                *f |= bit;
            }
        }
    }
    // The case-insensitive contraction letters of both patterns: the split code assumes
    // these fold sets (only 's' has a non-ASCII member, U+017F).
    for (letter, expected) in [
        ('s', "Ssſ"),
        ('t', "Tt"),
        ('d', "Dd"),
        ('m', "Mm"),
        ('l', "Ll"),
        ('v', "Vv"),
        ('r', "Rr"),
        ('e', "Ee"),
    ] {
        let got: String = ranges(&format!("(?i:{letter})"))?
            .into_iter()
            .flat_map(|(lo, hi)| (lo..=hi).filter_map(char::from_u32))
            .collect();
        if got != expected {
            return Err(format!("case fold of {letter}: {got:?}").into());
        }
    }
    let mut rows: Vec<&[u8]> = Vec::new();
    let mut stage1 = Vec::new();
    for block in flags.chunks(128) {
        let idx = match rows.iter().position(|r| *r == block) {
            Some(i) => i,
            None => {
                rows.push(block);
                rows.len() - 1
            }
        };
        stage1.push(u8::try_from(idx)?);
    }
    std::fs::write(out.join("classes.ascii"), flags.get(..128).ok_or("ascii")?)?;
    std::fs::write(out.join("classes.stage1"), stage1)?;
    std::fs::write(out.join("classes.stage2"), rows.concat())?;
    Ok(())
}

fn ranges(pattern: &str) -> Result<Vec<(u32, u32)>, Box<dyn Error>> {
    use regex_syntax::hir::{Class, HirKind};
    let hir = regex_syntax::parse(pattern)?;
    match hir.kind() {
        HirKind::Class(Class::Unicode(c)) => Ok(c
            .ranges()
            .iter()
            .map(|r| (u32::from(r.start()), u32::from(r.end())))
            .collect()),
        HirKind::Literal(l) => {
            let s = std::str::from_utf8(&l.0)?;
            Ok(s.chars().map(|c| (u32::from(c), u32::from(c))).collect())
        }
        other => Err(format!("unexpected class {pattern}: {other:?}").into()),
    }
}
