//! `make bench-quota`: the quota service's reserve + settle latency and throughput against a
//! local redis-server. Starts its own Redis (tests/quota_support) and the built
//! `tollgate-quota` binary (QUOTA_BIN), then BENCH_CLIENTS concurrent clients loop
//! reserve -> settle for BENCH_SECONDS over HTTP/1.1 keep-alive, each request with
//! BENCH_BUDGETS budgets (never refused). Prints p50/p99 per call and per pair, and calls/s.
//! A measurement, not a test: it asserts nothing about speed.
#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../../tests/quota_support/mod.rs"]
mod quota_support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use quota_support::{Http, RedisServer, TOKEN};
use serde_json::{Value, json};

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn pct(sorted: &[u64], p: u64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as u64 - 1) * p / 100) as usize;
    sorted[i] as f64 / 1000.0
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    let clients = env_u64("BENCH_CLIENTS", 16);
    let seconds = env_u64("BENCH_SECONDS", 10);
    let nbudgets = env_u64("BENCH_BUDGETS", 2);
    let bin = std::env::var("QUOTA_BIN").expect("QUOTA_BIN: the tollgate-quota binary to measure");
    let dir = tempfile::tempdir().unwrap();
    let redis = RedisServer::start(dir.path());
    let mut child = Command::new(&bin)
        .args(["--listen", "127.0.0.1:0", "--redis", &redis.url()])
        .env("TOLLGATE_QUOTA_TOKEN", TOKEN)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    let base = format!("http://{}", first["addr"].as_str().unwrap());
    // Drain the per-call log lines so the pipe never blocks the service.
    std::thread::spawn(move || for _ in lines.map_while(Result::ok) {});

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for c in 0..clients {
        let http = Http::new(&base);
        tasks.push(tokio::spawn(async move {
            let (mut reserve, mut settle, mut pair) = (Vec::new(), Vec::new(), Vec::new());
            let mut n = 0u64;
            while Instant::now() < deadline {
                n += 1;
                let id = format!("bench-{c}-{n}");
                let budgets: Vec<Value> = (0..nbudgets)
                    .map(|b| {
                        json!({"counter": format!("budget-{b}\u{1f}user=u{}", c % 4), "window": "day",
                               "limit": 1u64 << 50, "amount": 2400})
                    })
                    .collect();
                let t0 = Instant::now();
                let (s, a) = http
                    .post(
                        "/v1/reserve",
                        &json!({"id": id, "hold_seconds": 300, "budgets": budgets}),
                    )
                    .await;
                let t1 = Instant::now();
                assert_eq!(s, 200, "{a}");
                let charges: Vec<Value> = a["budgets"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|b| json!({"slot": b["slot"], "amount": 1834}))
                    .collect();
                let (s, a) = http.post("/v1/settle", &json!({"id": id, "charges": charges})).await;
                let t2 = Instant::now();
                assert_eq!(s, 200, "{a}");
                reserve.push((t1 - t0).as_micros() as u64);
                settle.push((t2 - t1).as_micros() as u64);
                pair.push((t2 - t0).as_micros() as u64);
            }
            (reserve, settle, pair)
        }));
    }
    let (mut reserve, mut settle, mut pair) = (Vec::new(), Vec::new(), Vec::new());
    for t in tasks {
        let (r, s, p) = t.await.unwrap();
        reserve.extend(r);
        settle.extend(s);
        pair.extend(p);
    }
    reserve.sort_unstable();
    settle.sort_unstable();
    pair.sort_unstable();
    let pairs = pair.len() as f64 / seconds as f64;
    println!(
        "tollgate-quota bench: {clients} clients, {seconds} s, {nbudgets} budget(s) per request, HTTP/1.1 keep-alive, local redis-server"
    );
    println!(
        "reserve         p50 {:.3} ms  p99 {:.3} ms",
        pct(&reserve, 50),
        pct(&reserve, 99)
    );
    println!(
        "settle          p50 {:.3} ms  p99 {:.3} ms",
        pct(&settle, 50),
        pct(&settle, 99)
    );
    println!(
        "reserve+settle  p50 {:.3} ms  p99 {:.3} ms",
        pct(&pair, 50),
        pct(&pair, 99)
    );
    println!(
        "{pairs:.0} reserve+settle pairs/s = {:.0} calls/s ({} pairs)",
        pairs * 2.0,
        pair.len()
    );
    let _ = Command::new("kill").arg(child.id().to_string()).status();
    let _ = child.wait();
}
