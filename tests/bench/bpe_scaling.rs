//! How the tokenizers scale on adversarial input (`make bench-core`): the time of an
//! encoding's first use (its tables built), then for cl100k_base, o200k_base and Gemma 3 the
//! time per byte of counting 10 KB, 100 KB and 1 MB of one character repeated ('a', ' ',
//! '\n', a CJK character, an emoji), digit runs, random lower-case letters (one long piece
//! for the OpenAI splitters) and random text (bytes of many classes). Linear means the
//! ns/byte column stays flat from 10 KB to 1 MB (`BENCH_FIRST_USE_ONLY=1`: the first part
//! alone, e.g. under `perf stat` or callgrind). A benchmark, not a test: it prints figures
//! and asserts nothing about time. Touches nothing but stdout.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::time::Instant;

use tollgate_core::tokens::Encoding;

/// A small deterministic generator (xorshift), so every run counts the same texts.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// `size` bytes (rounded down to whole characters) of the input `kind`.
fn input(kind: &str, size: usize) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut s = String::with_capacity(size + 4);
    let repeat = |c: char| c.to_string().repeat(size / c.len_utf8());
    match kind {
        "a" => repeat('a'),
        "space" => repeat(' '),
        "newline" => repeat('\n'),
        "cjk" => repeat('中'),
        "emoji" => repeat('😀'),
        "digits" => {
            while s.len() < size {
                s.push(char::from(b'0' + (rng.next() % 10) as u8));
            }
            s
        }
        "letters" => {
            while s.len() < size {
                s.push(char::from(b'a' + (rng.next() % 26) as u8));
            }
            s
        }
        _ => {
            // Random text: ASCII of every class, Latin-1 letters, CJK, emoji.
            while s.len() + 4 <= size {
                let r = rng.next();
                let c = match r % 8 {
                    0..=3 => char::from((32 + (r >> 8) % 95) as u8),
                    4 => char::from_u32(0xC0 + ((r >> 8) % 0x40) as u32).unwrap_or('x'),
                    5 => char::from_u32(0x4E00 + ((r >> 8) % 0x5000) as u32).unwrap_or('x'),
                    6 => char::from_u32(0x1F300 + ((r >> 8) % 0x300) as u32).unwrap_or('x'),
                    _ => ['\n', '\t', ' ', '\r'][((r >> 8) % 4) as usize],
                };
                s.push(c);
            }
            s
        }
    }
}

fn main() {
    let encodings = [Encoding::Cl100kBase, Encoding::O200kBase, Encoding::Gemma3];
    println!("first use (tables built), µs:");
    for e in encodings {
        let t = Instant::now();
        e.count("a").unwrap();
        println!("  {:<12} {:>8.0}", e.name(), t.elapsed().as_secs_f64() * 1e6);
    }
    if std::env::var("BENCH_FIRST_USE_ONLY").is_ok_and(|v| v == "1") {
        return;
    }
    let kinds = ["a", "space", "newline", "cjk", "emoji", "digits", "letters", "random"];
    let sizes = [10_000usize, 100_000, 1_000_000];
    println!("\nns per byte (fastest of 3; tokens of the 1 MB text):");
    println!(
        "  {:<12} {:<8} {:>9} {:>9} {:>9} {:>9}",
        "encoding", "input", "10 KB", "100 KB", "1 MB", "tokens"
    );
    for e in encodings {
        for kind in kinds {
            let mut row = Vec::new();
            let mut tokens = 0;
            for size in sizes {
                let text = input(kind, size);
                let mut best = f64::MAX;
                for _ in 0..3 {
                    let t = Instant::now();
                    tokens = e.count(&text).unwrap();
                    best = best.min(t.elapsed().as_secs_f64());
                }
                row.push(best * 1e9 / text.len() as f64);
            }
            println!(
                "  {:<12} {:<8} {:>9.1} {:>9.1} {:>9.1} {:>9}",
                e.name(),
                kind,
                row[0],
                row[1],
                row[2],
                tokens
            );
        }
    }
}
