//! Build script of tollgate-core: lays out the OpenAI BPE vocabularies (cl100k_base,
//! o200k_base, taken from tiktoken-rs, the oracle) and the Unicode classes of their split
//! patterns (taken from regex-syntax, the tables fancy-regex uses) as compact binary tables
//! in OUT_DIR, embedded by `core::bpe` with `include_bytes!`: no parsing at run time.
//! Writes only into OUT_DIR.

use std::error::Error;
use std::path::Path;

#[path = "bpe/hash.rs"]
mod hash;

/// A table slot: fingerprint (4 bits) << 28 | (length - 1) (7 bits) << 21 | offset (21 bits)
/// of the token's entry in the blob; u32::MAX is empty.
const OFFSET_BITS: u32 = 21;
const LEN_BITS: u32 = 7;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=bpe/hash.rs");
    let out = std::env::var("OUT_DIR")?;
    let out = Path::new(&out);
    vocab(out, "cl100k", &tiktoken_rs::cl100k_base()?, 17)?;
    vocab(out, "o200k", &tiktoken_rs::o200k_base()?, 18)?;
    classes(out)?;
    Ok(())
}

/// `<name>.blob`: per token in rank order its rank (3 bytes LE), then its bytes;
/// `<name>.table`: open addressing over 2^slot_bits u32 LE slots (see OFFSET_BITS).
fn vocab(out: &Path, name: &str, bpe: &tiktoken_rs::CoreBPE, slot_bits: u32) -> Result<(), Box<dyn Error>> {
    let mut tokens: Vec<Vec<u8>> = Vec::new();
    // Ordinary ranks are contiguous from 0; the special tokens start after a gap.
    while let Ok(bytes) = bpe.decode_bytes(&[u32::try_from(tokens.len())?]) {
        tokens.push(bytes);
    }
    let slots = 1usize << slot_bits;
    if tokens.len() * 10 > slots * 8 || tokens.len() >= 1 << 24 {
        return Err("hash table too full".into());
    }
    let mask = slots - 1;
    let mut blob = Vec::new();
    let mut table = vec![u32::MAX; slots];
    for (rank, t) in tokens.iter().enumerate() {
        let offset = u32::try_from(blob.len())?;
        let len = u32::try_from(t.len())?;
        if offset >= 1 << OFFSET_BITS || len == 0 || len > 1 << LEN_BITS {
            return Err(format!("{name}: token {rank} does not fit a slot").into());
        }
        blob.extend_from_slice(u32::try_from(rank)?.to_le_bytes().get(..3).ok_or("rank")?);
        blob.extend_from_slice(t);
        let h = hash::hash(t);
        let fp = u32::try_from(h >> 60)?;
        let mut i = usize::try_from(h & u64::try_from(mask)?)?;
        while table.get(i).copied() != Some(u32::MAX) {
            i = (i + 1) & mask;
        }
        if let Some(slot) = table.get_mut(i) {
            *slot = fp << (OFFSET_BITS + LEN_BITS) | (len - 1) << OFFSET_BITS | offset;
        }
    }
    let table: Vec<u8> = table.iter().flat_map(|s| s.to_le_bytes()).collect();
    std::fs::write(out.join(format!("{name}.blob")), blob)?;
    std::fs::write(out.join(format!("{name}.table")), table)?;
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
