//! The pre-tokenizers of cl100k_base and o200k_base: hand-written equivalents of their split
//! regexes (as tiktoken-rs 0.12.1 states them), giving the same pieces in linear time.
//! Pure: classifies characters with the build-time Unicode tables; knows nothing of ranks.
//!
//! cl100k_base: `'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+|
//!  ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s`
//!
//! o200k_base: `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+C?|
//! [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*C?|\p{N}{1,3}|
//!  ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+` with C = `(?i:'s|'t|'re|'ve|'m|'ll|'d)`.

static ASCII: &[u8; 128] = include_bytes!(concat!(env!("OUT_DIR"), "/classes.ascii"));
static STAGE1: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/classes.stage1"));
static STAGE2: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/classes.stage2"));

/// \p{L}
const L: u8 = 1;
/// \p{N}
const N: u8 = 2;
/// \s
const WS: u8 = 4;
/// [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] (o200k's upper-case class)
const UP: u8 = 8;
/// [\p{Ll}\p{Lm}\p{Lo}\p{M}] (o200k's lower-case class)
const LO: u8 = 16;

/// The classes of one code point.
#[inline]
fn class_of(cp: u32) -> u8 {
    let block = STAGE1.get((cp >> 7) as usize).copied().unwrap_or(0) as usize;
    STAGE2.get(block * 128 + (cp & 127) as usize).copied().unwrap_or(0)
}

/// A decoded character: its code point, its classes and its length in bytes.
#[derive(Clone, Copy)]
struct Ch {
    cp: u32,
    class: u8,
    len: usize,
}

/// The character starting at byte `i` of valid UTF-8 `s` (None at or past the end).
#[inline(always)]
fn ch(s: &[u8], i: usize) -> Option<Ch> {
    let b0 = *s.get(i)?;
    if b0 < 0x80 {
        let class = ASCII.get(usize::from(b0)).copied().unwrap_or(0);
        return Some(Ch {
            cp: u32::from(b0),
            class,
            len: 1,
        });
    }
    ch_wide(s, i, b0)
}

/// `ch` for a character of two to four bytes starting with `b0`.
#[inline(never)]
fn ch_wide(s: &[u8], i: usize, b0: u8) -> Option<Ch> {
    let cont = |k: usize| u32::from(s.get(i + k).copied().unwrap_or(0x80) & 0x3F);
    let (cp, len) = if b0 < 0xE0 {
        ((u32::from(b0 & 0x1F) << 6) | cont(1), 2)
    } else if b0 < 0xF0 {
        ((u32::from(b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (
            (u32::from(b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        )
    };
    Some(Ch {
        cp,
        class: class_of(cp),
        len,
    })
}

/// The end of the run of characters from `i` whose classes meet `mask`.
#[inline(always)]
fn run(s: &[u8], mut i: usize, mask: u8) -> usize {
    while let Some(c) = ch(s, i) {
        if c.class & mask == 0 {
            break;
        }
        i += c.len;
    }
    i
}

#[inline(always)]
fn is_newline(cp: u32) -> bool {
    cp == u32::from(b'\r') || cp == u32::from(b'\n')
}

/// `[^\r\n\p{L}\p{N}]`
#[inline(always)]
fn prefix_ok(c: Ch) -> bool {
    c.class & (L | N) == 0 && !is_newline(c.cp)
}

/// `[^\s\p{L}\p{N}]`
#[inline(always)]
fn is_punct(c: Ch) -> bool {
    c.class & (L | N | WS) == 0
}

/// The end of `\p{N}{1,3}` at `i` (a number character).
fn digits(s: &[u8], mut i: usize) -> usize {
    for _ in 0..3 {
        match ch(s, i) {
            Some(c) if c.class & N != 0 => i += c.len,
            _ => break,
        }
    }
    i
}

/// ` ?[^\s\p{L}\p{N}]+` then the trailing bytes `trail` accepts; None if no punctuation.
fn punct(s: &[u8], i: usize, c: Ch, trail: impl Fn(u8) -> bool) -> Option<usize> {
    let mut j = i;
    if c.cp == u32::from(b' ') && ch(s, i + 1).is_some_and(is_punct) {
        j = i + 1;
    } else if !is_punct(c) {
        return None;
    }
    while let Some(c) = ch(s, j) {
        if !is_punct(c) {
            break;
        }
        j += c.len;
    }
    while s.get(j).is_some_and(|b| trail(*b)) {
        j += 1;
    }
    Some(j)
}

/// The whitespace alternatives at `i` (a whitespace character) that both patterns share:
/// up to the last newline of the run if it has one, else all of a run that ends the text,
/// else all but the run's last character, else the one character. `end_first`: cl100k's
/// `\s++$` (a run that ends the text is one piece even with newlines in it).
fn spaces(s: &[u8], i: usize, end_first: bool) -> usize {
    let mut j = i;
    let mut last_newline_end = None;
    let mut last_start = i;
    while let Some(c) = ch(s, j) {
        if c.class & WS == 0 {
            break;
        }
        last_start = j;
        j += c.len;
        if is_newline(c.cp) {
            last_newline_end = Some(j);
        }
    }
    if j >= s.len() && (end_first || last_newline_end.is_none()) {
        return j;
    }
    if let Some(end) = last_newline_end {
        return end;
    }
    if last_start > i { last_start } else { j }
}

/// Where the letters start at `i` when the letter alternatives of both patterns could match
/// on ASCII text: at `i` (an ASCII letter) or after one prefix byte (ASCII, not a letter, a
/// digit, `\r` or `\n`) followed by an ASCII letter.
#[inline(always)]
fn ascii_letters_start(s: &[u8], i: usize) -> Option<usize> {
    let b = *s.get(i)?;
    if b.is_ascii_alphabetic() {
        return Some(i);
    }
    if !b.is_ascii() || b.is_ascii_digit() || b == b'\r' || b == b'\n' {
        return None;
    }
    s.get(i + 1).is_some_and(u8::is_ascii_alphabetic).then_some(i + 1)
}

/// The end of the run from `j` of bytes `keep` accepts, or None when a character that is not
/// ASCII follows it (a letter or mark there could continue the run: the general path decides).
#[inline(always)]
fn ascii_run_end(s: &[u8], mut j: usize, keep: impl Fn(&u8) -> bool) -> Option<usize> {
    while s.get(j).is_some_and(&keep) {
        j += 1;
    }
    if s.get(j).is_some_and(|c| !c.is_ascii()) {
        return None;
    }
    Some(j)
}

/// The end of the piece of cl100k_base starting at `i` (< s.len()).
fn cl100k_piece(s: &[u8], i: usize) -> usize {
    // ASCII letters (`[^\r\n\p{L}\p{N}]?+\p{L}++`), unless an apostrophe could start a
    // contraction (the first alternative).
    if s.get(i) != Some(&b'\'') {
        if let Some(end) = ascii_letters_start(s, i).and_then(|j| ascii_run_end(s, j, u8::is_ascii_alphabetic)) {
            return end;
        }
    }
    let Some(c) = ch(s, i) else { return s.len() };
    if c.cp == u32::from(b'\'') {
        let lower = |k: usize| s.get(i + k).map(|b| b.to_ascii_lowercase());
        match lower(1) {
            Some(b's' | b'd' | b'm' | b't') => return i + 2,
            Some(b'l') if lower(2) == Some(b'l') => return i + 3,
            Some(b'v' | b'r') if lower(2) == Some(b'e') => return i + 3,
            // U+017F LATIN SMALL LETTER LONG S folds to 's'.
            Some(0xC5) if s.get(i + 2) == Some(&0xBF) => return i + 3,
            _ => {}
        }
    }
    if c.class & L != 0 {
        return run(s, i, L);
    }
    if prefix_ok(c) {
        if let Some(n) = ch(s, i + c.len) {
            if n.class & L != 0 {
                return run(s, i + c.len, L);
            }
        }
    }
    if c.class & N != 0 {
        return digits(s, i);
    }
    if let Some(end) = punct(s, i, c, |b| b == b'\r' || b == b'\n') {
        return end;
    }
    spaces(s, i, true)
}

/// o200k's optional contraction suffix at `i`.
#[inline(always)]
fn contraction(s: &[u8], i: usize) -> usize {
    if s.get(i) != Some(&b'\'') {
        return i;
    }
    let lower = |k: usize| s.get(i + k).map(|b| b.to_ascii_lowercase());
    match lower(1) {
        Some(b's' | b't' | b'm' | b'd') => i + 2,
        Some(b'r' | b'v') if lower(2) == Some(b'e') => i + 3,
        Some(b'l') if lower(2) == Some(b'l') => i + 3,
        Some(0xC5) if s.get(i + 2) == Some(&0xBF) => i + 3,
        _ => i,
    }
}

/// o200k's two letter alternatives at `i`, tried as the backtracking regex tries them.
fn o200k_letters(s: &[u8], i: usize, c: Ch) -> Option<usize> {
    let with_prefix = prefix_ok(c).then_some(i + c.len);
    let starts = [with_prefix, Some(i)];
    // UP* LO+ : the upper run, then a lower run; or, backtracking, the run up to its last
    // character that is also lower-class.
    for start in starts.into_iter().flatten() {
        let mut j = start;
        let mut last_lower_end = None;
        while let Some(d) = ch(s, j) {
            if d.class & UP == 0 {
                break;
            }
            j += d.len;
            if d.class & LO != 0 {
                last_lower_end = Some(j);
            }
        }
        if ch(s, j).is_some_and(|d| d.class & LO != 0) {
            return Some(contraction(s, run(s, j, LO)));
        }
        if let Some(end) = last_lower_end {
            return Some(contraction(s, end));
        }
    }
    // UP+ LO* : the lower run is empty here (else the first alternative matched).
    for start in starts.into_iter().flatten() {
        let j = run(s, start, UP);
        if j > start {
            return Some(contraction(s, j));
        }
    }
    None
}

/// The end of the piece of o200k_base starting at `i` (< s.len()).
fn o200k_piece(s: &[u8], i: usize) -> usize {
    // ASCII letters: upper case then lower case (`UP* LO+`), or only upper case (`UP+`:
    // no ASCII upper-case letter is also lower-class), then a contraction.
    if let Some(end) = ascii_letters_start(s, i).and_then(|j| {
        let upper_end = ascii_run_end(s, j, u8::is_ascii_uppercase)?;
        ascii_run_end(s, upper_end, u8::is_ascii_lowercase)
    }) {
        return contraction(s, end);
    }
    let Some(c) = ch(s, i) else { return s.len() };
    // The letter alternatives need a letter or mark here, or a prefix and one after it.
    let letters =
        c.class & (L | UP | LO) != 0 || (prefix_ok(c) && ch(s, i + c.len).is_some_and(|d| d.class & (UP | LO) != 0));
    if letters {
        if let Some(end) = o200k_letters(s, i, c) {
            return end;
        }
    }
    if c.class & N != 0 {
        return digits(s, i);
    }
    if let Some(end) = punct(s, i, c, |b| b == b'\r' || b == b'\n' || b == b'/') {
        return end;
    }
    spaces(s, i, false)
}

/// Which split pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    Cl100k = 1,
    O200k = 2,
}

/// Calls `f` with every piece of `text`, in order; the pieces cover the text.
pub fn split(pattern: Pattern, text: &str, mut f: impl FnMut(&[u8])) {
    let s = text.as_bytes();
    let mut i = 0;
    while i < s.len() {
        let end = match pattern {
            Pattern::Cl100k => cl100k_piece(s, i),
            Pattern::O200k => o200k_piece(s, i),
        };
        // Every alternative consumes at least one character; guard against a stall anyway.
        let end = if end > i {
            end
        } else {
            i + ch(s, i).map_or(1, |c| c.len)
        };
        if let Some(piece) = s.get(i..end.min(s.len())) {
            f(piece);
        }
        i = end;
    }
}
