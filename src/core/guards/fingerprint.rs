//! Text fingerprints for loop and stall detection: MinHash over word shingles (for
//! near-duplicates) and a normalised exact hash (for repeated tool results), both blind to
//! the whitespace and ids that differ between otherwise identical retries. Two masks: the
//! loose one (`Mask::Loose`) also hides long numbers; the volatile one (`Mask::Volatile`)
//! hides only what changes between identical retries — timestamps, dates, ids, durations —
//! and keeps every other number, since a number that changes is how a fresh page of data or
//! a moving count shows. Pure functions; no state, no I/O.

/// Number of MinHash values per fingerprint.
pub const MINHASH_LEN: usize = 32;
pub type MinHash = [u32; MINHASH_LEN];

/// The characters words are split at (besides whitespace).
pub(super) fn separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | ',' | ';' | '(' | ')' | '[' | ']' | '{' | '}' | '=')
}

/// What the scan of a word saw, besides its bytes: bits of [`for_each_raw_word`]'s shape.
const SEPARATOR: u8 = 1;
const DIGIT: u8 = 2;
const UPPER: u8 = 4;
const NON_ASCII: u8 = 8;

/// Per ASCII byte, its class: `SEPARATOR` (`separator` on the ASCII characters), `DIGIT`
/// (`0`–`9`), `UPPER` (`A`–`Z`), or none.
#[allow(clippy::indexing_slicing)]
const ASCII_CLASS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if matches!(
            c,
            b'\t'
                | b'\n'
                | 0x0B
                | 0x0C
                | b'\r'
                | b' '
                | b'"'
                | b'\''
                | b','
                | b';'
                | b'('
                | b')'
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b'='
        ) {
            SEPARATOR
        } else if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_uppercase() {
            UPPER
        } else {
            0
        };
        b += 1;
    }
    table
};

/// Calls `f` with each word of `text` — `text.split(separator)` without the empty parts —
/// and its shape (`DIGIT`: it holds an ASCII digit, `UPPER`: an ASCII capital, `NON_ASCII`:
/// another character), reading ASCII bytes through a table and decoding only the other
/// characters: one pass over the text.
fn for_each_raw_word(text: &str, mut f: impl FnMut(&str, u8)) {
    let bytes = text.as_bytes();
    let (mut start, mut i, mut shape) = (0, 0, 0u8);
    while let Some(&b) = bytes.get(i) {
        let (class, len) = if b < 0x80 {
            (ASCII_CLASS.get(usize::from(b)).copied().unwrap_or(0), 1)
        } else {
            match text.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) if separator(c) => (SEPARATOR, c.len_utf8()),
                Some(c) => (NON_ASCII, c.len_utf8()),
                None => (NON_ASCII, 1),
            }
        };
        if class == SEPARATOR {
            if let Some(w) = text.get(start..i).filter(|w| !w.is_empty()) {
                f(w, shape);
            }
            start = i + len;
            shape = 0;
        } else {
            shape |= class;
        }
        i += len;
    }
    if let Some(w) = text.get(start..).filter(|w| !w.is_empty()) {
        f(w, shape);
    }
}

/// Which words a mask replaces by the placeholder `#`.
#[derive(Clone, Copy)]
enum Mask {
    /// Numbers of four digits or more and id-like words (mixing letters and digits, e.g.
    /// `req_8f3a2b91`).
    Loose,
    /// Only volatile tokens: timestamps and times (`10:04:17`, `2026-11-28T10:00:01Z`), dates
    /// (`2026-12-05`), ids mixing letters and digits, integers of nine digits or more (epoch
    /// times, request numbers) and durations (`23s`, `1.5ms`); every other number is kept.
    Volatile,
}

impl Mask {
    /// Whether the mask hides `w`, a word holding an ASCII digit (both masks hide only
    /// such words, and most words have none: the caller knows from the word's shape).
    fn hides_digits(self, w: &str) -> bool {
        match self {
            Mask::Loose => {
                let digits = w.chars().filter(|c| c.is_ascii_digit()).count();
                let alpha = w.chars().filter(|c| c.is_alphabetic()).count();
                // Timestamps, ids and long numbers vary between retries; short numbers
                // (a percentage, a count) are kept: they are how progress shows.
                (digits >= 4 && alpha == 0) || (digits > 0 && alpha > 0 && w.len() >= 6)
            }
            Mask::Volatile => volatile(w),
        }
    }
}

/// Calls `f` with each word of `text` as the mask leaves it (lower-cased, or `#`), in
/// order, from one reused buffer: no allocation per word for ASCII text.
fn for_each_word(text: &str, mask: Mask, mut f: impl FnMut(&str)) {
    let mut lower = String::new();
    for_each_raw_word(text, |w, shape| {
        if shape & DIGIT != 0 && mask.hides_digits(w) {
            f("#");
        } else if shape & NON_ASCII == 0 {
            if shape & UPPER != 0 {
                lower.clear();
                lower.push_str(w);
                lower.make_ascii_lowercase();
                f(&lower);
            } else {
                f(w);
            }
        } else {
            f(&w.to_lowercase());
        }
    });
}

/// How many words the fingerprints read in `text` (whatever the mask), without building them.
pub fn word_count(text: &str) -> usize {
    let mut n = 0;
    for_each_raw_word(text, |_, _| n += 1);
    n
}

fn volatile(w: &str) -> bool {
    let digits = w.chars().filter(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return false;
    }
    let alpha = w.chars().filter(|c| c.is_alphabetic()).count();
    let time = w.contains(':');
    let date = w.matches('-').count() >= 2 && w.split('-').all(|p| p.chars().all(|c| c.is_ascii_digit()));
    let long = digits >= 9 && digits == w.chars().count();
    let id = alpha > 0 && w.len() >= 6;
    let number_part = w.trim_end_matches(|c: char| c.is_alphabetic());
    let unit = w.get(number_part.len()..).unwrap_or_default();
    let duration = !number_part.is_empty()
        && number_part.chars().all(|c| c.is_ascii_digit() || c == '.')
        && matches!(
            unit,
            "ms" | "s" | "us" | "µs" | "ns" | "m" | "h" | "sec" | "secs" | "min" | "mins"
        );
    time || date || long || id || duration
}

/// Exact hash of the text with only volatile tokens masked (0 for empty text).
pub fn exact_volatile(text: &str) -> u64 {
    exact_with(text, Mask::Volatile)
}

/// MinHash of the word 3-shingles of the text with only volatile tokens masked.
pub fn minhash_volatile(text: &str) -> Option<MinHash> {
    minhash_with(text, Mask::Volatile)
}

/// FNV-1a of raw bytes.
pub fn fnv(bytes: &[u8]) -> u64 {
    fnv64(bytes)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv64(bytes: &[u8]) -> u64 {
    fnv_more(FNV_OFFSET, bytes)
}

/// FNV-1a continued over more bytes (so words joined by spaces hash without the join).
fn fnv_more(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

const fn mix(mut x: u64) -> u64 {
    // splitmix64 finaliser
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Exact hash of the normalised text (0 for empty text).
pub fn exact(text: &str) -> u64 {
    exact_with(text, Mask::Loose)
}

/// FNV-1a of the masked words joined by single spaces, at least 1; 0 for no word.
fn exact_with(text: &str, mask: Mask) -> u64 {
    let mut h = FNV_OFFSET;
    let mut any = false;
    for_each_word(text, mask, |w| {
        if any {
            h = fnv_more(h, b" ");
        }
        h = fnv_more(h, w.as_bytes());
        any = true;
    });
    if any { h.max(1) } else { 0 }
}

/// MinHash of the word 3-shingles of the normalised text (character 4-grams for texts of
/// fewer than 3 words). `None` for empty text.
pub fn minhash(text: &str) -> Option<MinHash> {
    minhash_with(text, Mask::Loose)
}

/// The per-slot seeds of the MinHash (`mix(i + 1)`), computed once at compile time (an
/// index out of bounds here would fail the build, not a request).
#[allow(clippy::indexing_slicing)]
const SEEDS: [u64; MINHASH_LEN] = {
    let mut seeds = [0u64; MINHASH_LEN];
    let mut i = 0;
    while i < MINHASH_LEN {
        seeds[i] = mix(i as u64 + 1);
        i += 1;
    }
    seeds
};

/// Calls `f` with the hash of each word 3-shingle (`fnv64` of the three words joined by
/// spaces) in order; returns the words seen, and the first ones (up to 2) when fewer than 3.
fn for_each_shingle(text: &str, mask: Mask, mut f: impl FnMut(u64)) -> (usize, Vec<String>) {
    // The last three words, oldest first.
    let mut last: [String; 3] = Default::default();
    let mut n = 0usize;
    for_each_word(text, mask, |w| {
        last.rotate_left(1);
        let [a, b, c] = &mut last;
        c.clear();
        c.push_str(w);
        n += 1;
        if n >= 3 {
            let mut h = fnv_more(FNV_OFFSET, a.as_bytes());
            h = fnv_more(h, b" ");
            h = fnv_more(h, b.as_bytes());
            h = fnv_more(h, b" ");
            h = fnv_more(h, c.as_bytes());
            f(h);
        }
    });
    let first = if n < 3 {
        last.into_iter().skip(3 - n).collect()
    } else {
        Vec::new()
    };
    (n, first)
}

fn minhash_with(text: &str, mask: Mask) -> Option<MinHash> {
    let mut out = [u32::MAX; MINHASH_LEN];
    let mut add = |s: u64| {
        for (slot, seed) in out.iter_mut().zip(SEEDS) {
            let h = (mix(s ^ seed) >> 32) as u32;
            if h < *slot {
                *slot = h;
            }
        }
    };
    let (n, first) = for_each_shingle(text, mask, &mut add);
    if n < 3 {
        // Character 4-grams of the few words joined.
        let joined: Vec<char> = first.join(" ").chars().collect();
        if joined.is_empty() {
            return None;
        }
        if joined.len() < 4 {
            add(fnv64(joined.iter().collect::<String>().as_bytes()));
        } else {
            for w in joined.windows(4) {
                add(fnv64(w.iter().collect::<String>().as_bytes()));
            }
        }
    }
    Some(out)
}

/// A 1-in-8 sample of the hashes of the word 3-shingles of the normalised text: a small,
/// stable subset to ask "was most of this seen before?".
pub fn sampled_shingles(text: &str) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    for_each_shingle(text, Mask::Loose, |s| {
        let h = mix(s);
        if h & 7 == 0 {
            out.push((h >> 32) as u32);
        }
    });
    out.sort_unstable();
    out.dedup();
    out
}

/// Estimated Jaccard similarity, in thousandths.
pub fn similarity(a: &MinHash, b: &MinHash) -> u64 {
    let same = a.iter().zip(b.iter()).filter(|(x, y)| x == y).count() as u64;
    same * 1000 / MINHASH_LEN as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_that_differ_only_in_ids_and_numbers_are_identical() {
        let a = "ERROR 1054 (42S22) at 2026-11-28T10:00:01Z: Unknown column 'user_id' in 'where clause' request_id=req_8f3a2b91";
        let b = "ERROR 1054 (42S22) at 2026-11-28T10:04:17Z: Unknown column 'user_id' in 'where clause' request_id=req_11c0d7e2";
        assert_eq!(exact(a), exact(b));
        let (ma, mb) = (minhash(a), minhash(b));
        assert!(matches!((ma, mb), (Some(x), Some(y)) if similarity(&x, &y) == 1000));
    }

    /// Round 2: the volatile mask hides what differs between identical retries (timestamps,
    /// ids, durations) and keeps the numbers that show progress.
    #[test]
    fn the_volatile_mask_keeps_the_numbers_that_move() {
        let a = "run req_8f3a2b91 at 2026-12-05T10:00:01Z took 23s\nmean 1097.50 total 94.30 rows 4000";
        let retry = "run req_11c0d7e2 at 2026-12-05T10:04:17Z took 41s\nmean 1097.50 total 94.30 rows 4000";
        let other = "run req_11c0d7e2 at 2026-12-05T10:04:17Z took 41s\nmean 1410.50 total 111.30 rows 4731";
        assert_eq!(exact_volatile(a), exact_volatile(retry));
        assert_ne!(exact_volatile(a), exact_volatile(other));
        // The loose mask sees no difference at all.
        assert_eq!(exact(retry), exact(other));
    }

    /// The straightforward definitions (each word a `String`, shingles joined before they
    /// are hashed), as they were before the allocation-free versions: the fingerprints are
    /// stored in session records, so they must not change by a bit.
    mod reference {
        use super::super::{MINHASH_LEN, MinHash, fnv64, mix, volatile};

        fn split(text: &str) -> impl Iterator<Item = &str> {
            text.split(|c: char| {
                c.is_whitespace() || matches!(c, '"' | '\'' | ',' | ';' | '(' | ')' | '[' | ']' | '{' | '}' | '=')
            })
            .filter(|w| !w.is_empty())
        }

        pub fn normalise(text: &str) -> Vec<String> {
            split(text)
                .map(|w| {
                    let digits = w.chars().filter(|c| c.is_ascii_digit()).count();
                    let alpha = w.chars().filter(|c| c.is_alphabetic()).count();
                    let noise = (digits >= 4 && alpha == 0) || (digits > 0 && alpha > 0 && w.len() >= 6);
                    if noise { "#".to_string() } else { w.to_lowercase() }
                })
                .collect()
        }

        pub fn normalise_volatile(text: &str) -> Vec<String> {
            split(text)
                .map(|w| if volatile(w) { "#".to_string() } else { w.to_lowercase() })
                .collect()
        }

        pub fn exact(words: &[String]) -> u64 {
            if words.is_empty() {
                return 0;
            }
            fnv64(words.join(" ").as_bytes()).max(1)
        }

        pub fn minhash(words: &[String]) -> Option<MinHash> {
            let mut shingles: Vec<u64> = Vec::new();
            if words.len() >= 3 {
                for w in words.windows(3) {
                    shingles.push(fnv64(w.join(" ").as_bytes()));
                }
            } else {
                let joined: Vec<char> = words.join(" ").chars().collect();
                if joined.is_empty() {
                    return None;
                }
                if joined.len() < 4 {
                    shingles.push(fnv64(joined.iter().collect::<String>().as_bytes()));
                } else {
                    for w in joined.windows(4) {
                        shingles.push(fnv64(w.iter().collect::<String>().as_bytes()));
                    }
                }
            }
            let mut out = [u32::MAX; MINHASH_LEN];
            for s in shingles {
                for (i, slot) in out.iter_mut().enumerate() {
                    let h = (mix(s ^ mix(i as u64 + 1)) >> 32) as u32;
                    if h < *slot {
                        *slot = h;
                    }
                }
            }
            Some(out)
        }

        pub fn sampled_shingles(words: &[String]) -> Vec<u32> {
            let mut out: Vec<u32> = words
                .windows(3)
                .map(|w| mix(fnv64(w.join(" ").as_bytes())))
                .filter(|h| h & 7 == 0)
                .map(|h| (h >> 32) as u32)
                .collect();
            out.sort_unstable();
            out.dedup();
            out
        }
    }

    #[test]
    fn fingerprints_equal_the_straightforward_definitions() {
        let mut texts: Vec<String> = vec![
            String::new(),
            " ".into(),
            "a".into(),
            "ab".into(),
            "abcd".into(),
            "two words".into(),
            "ÉCOLE Straße ΣΑΣ İstanbul".into(),
            "三个 中文 词 and emoji 🙂🙂 mixed".into(),
            "ERROR 1054 (42S22) at 2026-11-28T10:00:01Z: Unknown column 'user_id' request_id=req_8f3a2b91 took 23s"
                .into(),
            "{\"a\": [1, 2, 3], \"b\": \"x=y;z\"}\n\tnext line\r\n".into(),
        ];
        // Pseudo-random texts over a mixed alphabet (deterministic).
        let alphabet: Vec<char> = "aZ09 _-.:;,=\"'()[]{}\n\t\r\u{b}\u{c}\u{85}\u{a0}\u{2028}\u{3000}ÉßΣ中🙂#xyz"
            .chars()
            .collect();
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for len in [3usize, 7, 20, 64, 300, 2000] {
            for _ in 0..40 {
                let text: String = (0..len)
                    .map(|_| {
                        state = mix(state);
                        alphabet[(state % alphabet.len() as u64) as usize]
                    })
                    .collect();
                texts.push(text);
            }
        }
        let words = |text: &str, mask: Mask| {
            let mut out = Vec::new();
            for_each_word(text, mask, |w| out.push(w.to_string()));
            out
        };
        for text in &texts {
            let loose = reference::normalise(text);
            let vol = reference::normalise_volatile(text);
            assert_eq!(words(text, Mask::Loose), loose, "{text:?}");
            assert_eq!(word_count(text), loose.len(), "{text:?}");
            assert_eq!(words(text, Mask::Volatile), vol, "{text:?}");
            assert_eq!(exact(text), reference::exact(&loose), "{text:?}");
            assert_eq!(exact_volatile(text), reference::exact(&vol), "{text:?}");
            assert_eq!(minhash(text), reference::minhash(&loose), "{text:?}");
            assert_eq!(minhash_volatile(text), reference::minhash(&vol), "{text:?}");
            assert_eq!(sampled_shingles(text), reference::sampled_shingles(&loose), "{text:?}");
        }
    }

    #[test]
    fn different_texts_are_not_similar() {
        let a = minhash("please summarize this review of the blue kettle: it boils fast and looks nice");
        let b = minhash("please summarize this review of the red toaster: the crumb tray broke after a week");
        assert!(matches!((a, b), (Some(x), Some(y)) if similarity(&x, &y) < 700));
    }

    #[test]
    fn small_edits_stay_similar() {
        let base = "SELECT name, email FROM users u JOIN orders o ON o.user_id = u.id WHERE o.status = 'open' ORDER BY o.created_at DESC LIMIT 50";
        let edit = "SELECT name, email FROM users u JOIN orders o ON o.user_id = u.id WHERE o.status = 'open'  ORDER BY o.created_at DESC LIMIT 50;";
        let (a, b) = (minhash(base), minhash(edit));
        assert!(matches!((a, b), (Some(x), Some(y)) if similarity(&x, &y) >= 900));
        assert_eq!(minhash(""), None);
    }
}
