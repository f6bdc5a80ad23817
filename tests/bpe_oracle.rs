//! The fast BPE path (`core::bpe`, behind `Encoding::count` and `token_ends`) against
//! tiktoken-rs's `encode_ordinary`, the oracle, for cl100k_base and o200k_base: the same
//! tokens (compared as the sequence of token lengths, which fixes the token bytes and so the
//! ranks) on the whole test corpus (every UTF-8 file under tests/fixtures), fuzzed text
//! (random Unicode and the characters the split patterns treat specially), vocabulary tokens
//! alone and in pairs, and long runs of one character.
//!
//! The default run samples (under ~30 s); `TOLLGATE_BPE_FULL=1` sweeps everything: every
//! vocabulary token alone, 200 000 pairs and 200 000 fuzzed strings per encoding
//! (`make test-bpe-full`).

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use tiktoken_rs::CoreBPE;
use tollgate_core::bpe::{CL100K, O200K, Vocab};
use tollgate_core::tokens::Encoding;

fn full() -> bool {
    std::env::var("TOLLGATE_BPE_FULL").is_ok_and(|v| v == "1")
}

struct Pair {
    name: &'static str,
    fast: &'static Vocab,
    encoding: Encoding,
    oracle: CoreBPE,
}

fn pairs() -> Vec<Pair> {
    vec![
        Pair {
            name: "cl100k_base",
            fast: &CL100K,
            encoding: Encoding::Cl100kBase,
            oracle: tiktoken_rs::cl100k_base().unwrap(),
        },
        Pair {
            name: "o200k_base",
            fast: &O200K,
            encoding: Encoding::O200kBase,
            oracle: tiktoken_rs::o200k_base().unwrap(),
        },
    ]
}

fn oracle_lens(bpe: &CoreBPE, text: &str) -> Vec<usize> {
    bpe.encode_ordinary(text)
        .into_iter()
        .map(|r| bpe.decode_bytes(&[r]).unwrap().len())
        .collect()
}

fn fast_lens(v: &Vocab, text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    v.for_each_token_len(text, |l| out.push(l));
    out
}

/// Compares one text; returns a description of the first difference.
fn differs(p: &Pair, text: &str) -> Option<String> {
    let want = oracle_lens(&p.oracle, text);
    let got = fast_lens(p.fast, text);
    // `count` goes through the piece cache; it must agree too (twice: cold and warm).
    let counts = [p.fast.count(text), p.fast.count(text)];
    if want == got && counts == [want.len() as u64; 2] {
        return None;
    }
    let at = want.iter().zip(&got).take_while(|(a, b)| a == b).count();
    let off: usize = want.iter().take(at).sum();
    let ctx: String = text.get(off..).unwrap_or("").chars().take(24).collect();
    Some(format!(
        "{}: {} tokens (count {counts:?}), oracle {}; first difference at token {at} (byte {off}, text there {ctx:?}; text {:?})",
        p.name,
        got.len(),
        want.len(),
        text.chars().take(80).collect::<String>()
    ))
}

fn check_all<'a>(what: &str, texts: impl IntoIterator<Item = &'a str> + Clone) {
    let mut bad = Vec::new();
    let mut n = 0;
    for p in &pairs() {
        for t in texts.clone() {
            n += 1;
            if let Some(d) = differs(p, t) {
                bad.push(d);
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{what}: {} of {n} texts differ from tiktoken-rs:\n{}",
        bad.len(),
        bad.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// xorshift64*: deterministic, so a failure replays.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Characters the split patterns treat specially: the contraction letters and U+017F,
/// apostrophes, newlines, slashes, every kind of space, upper/lower/title/modifier/other
/// letters, combining marks, other numbers, punctuation, emoji, CJK.
const SPECIAL: &[&str] = &[
    "'", "'", "s", "S", "ſ", "t", "T", "d", "D", "m", "M", "l", "L", "ll", "LL", "ve", "VE", "re", "Re", "e", "v", "r",
    " ", " ", " ", "  ", "\t", "\n", "\r", "\r\n", "\n\n", "\u{a0}", "\u{2000}", "\u{3000}", "\u{85}", "\u{b}",
    "\u{c}", "\u{2028}", "/", "//", "a", "z", "A", "Z", "é", "É", "ǅ", "ʰ", "ª", "ß", "\u{301}", "\u{308}", "\u{94d}",
    "\u{e48}", "0", "7", "123", "½", "²", "Ⅻ", "٣", "!", ".", ",", "(", ")", "\"", "?", "-", "_", "<", ">", "{", "}",
    "#", "😀", "👍🏽", "中", "文", "日本", "한", "ا", "ℵ", "K", "Å", "ﬀ", "\u{1f}", "\u{7f}", "\u{200b}", "\u{feff}",
    "hello", "World", "HTTP", "don't", "I'M", "JSON", "x86_64",
];

fn random_char(rng: &mut Rng) -> char {
    loop {
        let cp = match rng.below(4) {
            0 => rng.below(0x80) as u32,
            1 => rng.below(0x800) as u32,
            2 => rng.below(0x1_0000) as u32,
            _ => rng.below(0x11_0000) as u32,
        };
        if let Some(c) = char::from_u32(cp) {
            return c;
        }
    }
}

fn fuzz_text(rng: &mut Rng) -> String {
    let mut s = String::new();
    let parts = 1 + rng.below(12);
    for _ in 0..parts {
        match rng.below(10) {
            0..=5 => s.push_str(SPECIAL[rng.below(SPECIAL.len())]),
            6 | 7 => s.push(random_char(rng)),
            8 => {
                let piece = SPECIAL[rng.below(SPECIAL.len())];
                for _ in 0..rng.below(6) {
                    s.push_str(piece);
                }
            }
            _ => {
                let c = random_char(rng);
                for _ in 0..rng.below(5) {
                    s.push(c);
                }
            }
        }
    }
    s
}

#[test]
fn fuzzed_text_matches_tiktoken() {
    let n = if full() { 200_000 } else { 20_000 };
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let texts: Vec<String> = (0..n).map(|_| fuzz_text(&mut rng)).collect();
    check_all("fuzz", texts.iter().map(String::as_str));
}

fn utf8_files(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            utf8_files(&path, out);
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            out.push((path, text));
        }
    }
}

#[test]
fn the_test_corpus_matches_tiktoken() {
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures"));
    let mut files = Vec::new();
    utf8_files(&root, &mut files);
    assert!(
        files.len() > 50,
        "only {} fixture files under {}",
        files.len(),
        root.display()
    );
    let total: usize = files.iter().map(|(_, t)| t.len()).sum();
    assert!(total > 1_000_000, "only {total} bytes of fixtures");
    let mut bad = Vec::new();
    for p in &pairs() {
        for (path, text) in &files {
            if let Some(d) = differs(p, text) {
                bad.push(format!("{}: {d}", path.display()));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} fixture files differ:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn vocabulary_tokens_alone_and_in_pairs_match_tiktoken() {
    let step = if full() { 1 } else { 7 };
    let pair_count = if full() { 200_000 } else { 20_000 };
    for p in &pairs() {
        // The tables hold exactly the oracle's ordinary tokens: as many, each with its rank.
        let n = p.fast.len();
        assert!(
            p.oracle.decode_bytes(&[n as u32]).is_err(),
            "{}: oracle has more than {n} tokens",
            p.name
        );
        let tokens: Vec<Vec<u8>> = (0..n as u32).map(|r| p.oracle.decode_bytes(&[r]).unwrap()).collect();
        let mut bad = Vec::new();
        for (r, t) in tokens.iter().enumerate() {
            assert_eq!(p.fast.rank(t), Some(r as u32), "{}: rank of token {r} {t:?}", p.name);
        }
        let texts: Vec<String> = tokens
            .iter()
            .filter_map(|t| String::from_utf8(t.clone()).ok())
            .collect();
        for t in texts.iter().step_by(step) {
            if let Some(d) = differs(p, t) {
                bad.push(d);
            }
        }
        let mut rng = Rng(0xA11C_E5EE_D000_0002);
        for _ in 0..pair_count {
            let a = &texts[rng.below(texts.len())];
            let b = &texts[rng.below(texts.len())];
            let t = format!("{a}{b}");
            if let Some(d) = differs(p, &t) {
                bad.push(d);
            }
        }
        assert!(
            bad.is_empty(),
            "{} texts differ:\n{}",
            bad.len(),
            bad.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
        );
    }
}

#[test]
fn long_runs_match_tiktoken_and_token_ends_follow_the_tokens() {
    // tiktoken-rs itself fails on some 1 MB runs (fancy-regex: "StackOverflow"), so 200 KB.
    let size = if full() { 200_000 } else { 50_000 };
    let runs = [
        "a", " ", "\n", " \n", "1", "ab", "A", "中", "'s", "\u{301}", "😀", "!", "a ", "\t",
    ];
    let texts: Vec<String> = runs.iter().map(|r| r.repeat(size / r.len())).collect();
    check_all("long runs", texts.iter().map(String::as_str));
    for p in &pairs() {
        let text = "Hello wörld 😀 don't\n\n  x";
        let ends = p.encoding.token_ends(text).unwrap();
        let mut at = 0;
        let mut want = Vec::new();
        for l in oracle_lens(&p.oracle, text) {
            at += l;
            if text.is_char_boundary(at) {
                want.push(at);
            }
        }
        assert_eq!(ends, want, "{}", p.name);
        assert_eq!(
            p.encoding.count(text).unwrap(),
            oracle_lens(&p.oracle, text).len() as u64
        );
    }
}

/// Pieces of 64 bytes and more take the heap merge: random words of 64-400 letters from
/// small alphabets (many merges, many equal ranks) and long digit-free punctuation runs.
#[test]
fn long_random_pieces_match_tiktoken() {
    let n = if full() { 20_000 } else { 2_000 };
    let mut rng = Rng(0x1096_0000_BEEF_0003);
    let alphabets: [&[&str]; 4] = [
        &["a", "b"],
        &["e", "t", "a", "o", "n"],
        &["!", "=", "-", "*"],
        &["é", "a", "ß"],
    ];
    let texts: Vec<String> = (0..n)
        .map(|_| {
            let alphabet = alphabets[rng.below(alphabets.len())];
            let len = 64 + rng.below(336);
            let mut s = String::new();
            while s.len() < len {
                s.push_str(alphabet[rng.below(alphabet.len())]);
            }
            s
        })
        .collect();
    check_all("long pieces", texts.iter().map(String::as_str));
}

/// The adversarial inputs of `make bench-core`'s scaling part (tests/bench/bpe_scaling.rs)
/// that `long_runs_match_tiktoken…` does not cover, at 10 KB (tiktoken-rs merges one piece
/// in quadratic time): random lower-case letters (one piece of 10 KB for both splitters),
/// random digits, random text of every class (ASCII, Latin-1, CJK, emoji, whitespace).
#[test]
fn adversarial_inputs_of_the_scaling_bench_match_tiktoken() {
    let size = if full() { 40_000 } else { 10_000 };
    let mut rng = Rng(0x5CA1_1AB1_E000_0012);
    let mut letters = String::new();
    let mut digits = String::new();
    let mut random = String::new();
    while letters.len() < size {
        letters.push(char::from(b'a' + rng.below(26) as u8));
        digits.push(char::from(b'0' + rng.below(10) as u8));
    }
    while random.len() < size {
        let c = match rng.below(8) {
            0..=3 => char::from(32 + rng.below(95) as u8),
            4 => char::from_u32(0xC0 + rng.below(0x40) as u32).unwrap(),
            5 => char::from_u32(0x4E00 + rng.below(0x5000) as u32).unwrap(),
            6 => char::from_u32(0x1F300 + rng.below(0x300) as u32).unwrap(),
            _ => ['\n', '\t', ' ', '\r'][rng.below(4)],
        };
        random.push(c);
    }
    check_all(
        "scaling bench inputs",
        [letters.as_str(), digits.as_str(), random.as_str()],
    );
}
