//! `core::bpe::split`, the hand-written pre-tokenizers, against the split regexes run by
//! fancy-regex (the engine tiktoken-rs uses): the same pieces on every string of up to
//! three (full run: four) characters from an alphabet of the characters the patterns treat
//! specially, and on fuzzed strings. Token-level agreement (tests/bpe_oracle.rs) can hide a
//! wrong piece boundary when the tokens happen to coincide; this cannot.
//! o200k's pattern is tiktoken-rs's exported constant; cl100k's is copied from
//! tiktoken-rs 0.12.1's `cl100k_base()` (the version is pinned in Cargo.toml).

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fancy_regex::Regex;
use tollgate_core::bpe::split::{Pattern, split};

const CL100K_PAT: &str = "'(?i:[sdmt]|ll|ve|re)|[^\\r\\n\\p{L}\\p{N}]?+\\p{L}++|\\p{N}{1,3}+| ?[^\\s\\p{L}\\p{N}]++[\\r\\n]*+|\\s++$|\\s*[\\r\\n]|\\s+(?!\\S)|\\s";

fn full() -> bool {
    std::env::var("TOLLGATE_BPE_FULL").is_ok_and(|v| v == "1")
}

/// Upper, lower, title-case, modifier and other letters, marks, numbers, every kind of
/// space, newlines, apostrophes and the contraction letters (with U+017F, which folds to
/// 's'), slashes, punctuation, emoji.
const ALPHABET: &[&str] = &[
    "'", "s", "ſ", "S", "l", "e", "v", "d", "a", "A", "ǅ", "ʰ", "中", "\u{301}", "1", "½", " ", "\n", "\r", "\t",
    "\u{a0}", "\u{3000}", ".", "/", "😀", "é", "É",
];

fn regex_pieces(re: &Regex, text: &str) -> Vec<String> {
    re.find_iter(text).map(|m| m.unwrap().as_str().to_string()).collect()
}

fn our_pieces(p: Pattern, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    split(p, text, |piece| out.push(String::from_utf8(piece.to_vec()).unwrap()));
    out
}

fn patterns() -> [(Pattern, Regex); 2] {
    [
        (Pattern::Cl100k, Regex::new(CL100K_PAT).unwrap()),
        (Pattern::O200k, Regex::new(tiktoken_rs::O200K_BASE_PAT_STR).unwrap()),
    ]
}

fn check(texts: &[String]) {
    let mut bad = Vec::new();
    for (p, re) in &patterns() {
        for t in texts {
            let want = regex_pieces(re, t);
            let got = our_pieces(*p, t);
            if want != got {
                bad.push(format!("{p:?} {t:?}: ours {got:?}, regex {want:?}"));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {} splits differ:\n{}",
        bad.len(),
        texts.len() * 2,
        bad.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn every_short_string_splits_as_the_regex_does() {
    let max = if full() { 4 } else { 3 };
    let mut texts = vec![String::new()];
    let mut layer = vec![String::new()];
    for _ in 0..max {
        let mut next = Vec::new();
        for t in &layer {
            for a in ALPHABET {
                next.push(format!("{t}{a}"));
            }
        }
        texts.extend(next.iter().cloned());
        layer = next;
    }
    check(&texts);
}

#[test]
fn fuzzed_strings_split_as_the_regex_does() {
    let n = if full() { 300_000 } else { 30_000 };
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let texts: Vec<String> = (0..n)
        .map(|_| {
            let len = 1 + next() % 16;
            (0..len)
                .map(|_| match next() % 4 {
                    0 => char::from_u32((next() % 0x3_0000) as u32).unwrap_or('?').to_string(),
                    1 => char::from_u32((next() % 0x800) as u32).unwrap_or('?').to_string(),
                    _ => ALPHABET[(next() % ALPHABET.len() as u64) as usize].to_string(),
                })
                .collect()
        })
        .collect();
    check(&texts);
}

/// Longer strings of mostly ASCII letters of both cases with apostrophes, contraction
/// letters, digits, spaces and punctuation, and now and then a character that is not ASCII
/// (letters, a mark, a modifier letter, U+017F) right where an ASCII run could continue: the
/// pre-tokenizers' ASCII fast paths must hand those over to the general path.
#[test]
fn ascii_runs_split_as_the_regex_does() {
    const ASCII_HEAVY: &[&str] = &[
        "a", "b", "z", "Z", "Q", "S", "T", "s", "t", "l", "L", "r", "e", "v", "m", "d", "D", "'", " ", " ", "  ", "1",
        "12", ".", ",", "/", "-", "\n", "\r\n", "\t", "é", "É", "ſ", "ʰ", "\u{301}", "中", "ǅ", "\u{a0}",
    ];
    let n = if full() { 200_000 } else { 20_000 };
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    };
    let texts: Vec<String> = (0..n)
        .map(|_| {
            let len = 1 + next() % 40;
            (0..len)
                .map(|_| {
                    // Letters three times in four; the rest from the whole list.
                    let k = if next() % 4 == 0 { ASCII_HEAVY.len() } else { 17 };
                    ASCII_HEAVY[(next() % k as u64) as usize]
                })
                .collect()
        })
        .collect();
    check(&texts);
}
