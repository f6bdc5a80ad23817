//! Native throughput of `core::bpe` on a chat-like text and on long runs of one character
//! (a development aid: `cargo run -p tollgate-core --release --example bpe_speed [FILE]`).
//! The V8 numbers that count come from `make bench-web`. Touches nothing but stdout.

use std::time::Instant;

use tollgate_core::bpe::{CL100K, O200K};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tests/fixtures/tokens/text.json".to_string());
    let raw = std::fs::read_to_string(&path)?;
    let mut text = String::new();
    while text.len() < 1_000_000 {
        text.push_str(&raw);
    }
    for (name, v) in [("cl100k", &CL100K), ("o200k", &O200K)] {
        let mut best = f64::MAX;
        let mut n = 0;
        for _ in 0..5 {
            let t = Instant::now();
            n = v.count(&text);
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "{name}: {} bytes, {n} tokens, {:.1} MB/s",
            text.len(),
            text.len() as f64 / best / 1e6
        );
        for run in ["a", " ", "\n"]
            .into_iter()
            .filter(|_| std::env::var("BPE_RUNS").as_deref() != Ok("0"))
        {
            let t = run.repeat(1 << 20);
            let s = Instant::now();
            let n = v.count(&t);
            println!(
                "{name}: 1 MB of {run:?}: {n} tokens, {:.1} ms",
                s.elapsed().as_secs_f64() * 1e3
            );
        }
    }
    Ok(())
}
