//! Issue 9, defect 1: no body up to `max_body_bytes` may stall a worker. Each adversarial
//! body (100 000 keys, nesting at the depth limit, long strings, many tiny values, many
//! messages) is judged by the whole engine (`Engine::decide`: parse, count, budget) in a
//! thread; the test fails when the judgement has not returned within a generous bound
//! (the issue's target is 50 ms natively; the bound allows for debug builds and a shared
//! machine). On the old parser the 100 000-key body took 31-33 s (release).
//! `cargo test --release --no-default-features --test judging_time -- --nocapture` prints
//! the measured times.

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tollgate_core::config::Policy;
use tollgate_core::engine::{Attributes, BodyVerdict, Engine, HeadVerdict, Host, NoMetrics, RequestHead};
use tollgate_core::store::MemStore;
use tollgate_core::tokens::Encoding;

/// The default `max_body_bytes` (config.rs), which the e2e configurations keep.
const MAX_BODY: usize = 1_000_000;

/// Generous (the target is 50 ms natively; this machine is shared and debug builds do
/// not optimise the tokenizer): far below the 31-33 s the old parser took, far above
/// what the new one takes.
fn bound() -> Duration {
    if cfg!(debug_assertions) {
        Duration::from_millis(20_000)
    } else {
        Duration::from_millis(2_000)
    }
}

struct NoHeaders;

impl Attributes for NoHeaders {
    fn header(&self, name: &str) -> Option<String> {
        (name == "x-team").then(|| "t1".to_string())
    }
    fn property(&self, _path: &[String]) -> Option<String> {
        None
    }
}

fn config(extra: Value) -> Value {
    let mut c = json!({
        "routes": [{"path_prefix": "/", "unknown_endpoints": "reject"}],
        "estimators": [{"models": ["claude-*"], "multiplier": "1.25"}],
        "budgets": [{"name": "team", "scope": [{"header": "x-team"}], "window": "day",
                     "limit": {"tokens": 100_000_000_000u64}, "kind": "hard"}]
    });
    if let (Some(c), Some(e)) = (c.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            c.insert(k.clone(), v.clone());
        }
    }
    c
}

/// (status, verdict kind, elapsed) of judging `body` on `path`, or `None` when the
/// judgement did not return within the bound.
fn judge(config: Value, path: &'static str, body: Vec<u8>) -> Option<(u32, &'static str, Duration)> {
    assert!(body.len() <= MAX_BODY, "{path}: body of {} bytes", body.len());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let engine = Engine::new(Policy::from_json(&config.to_string()).unwrap());
        let head = RequestHead {
            method: "POST",
            path,
            content_encoding: None,
            content_length: Some(body.len() as u64),
            has_body: true,
        };
        let HeadVerdict::ReadBody(dest) = engine.on_head(&head) else {
            panic!("head refused")
        };
        let store = MemStore::new();
        let start = Instant::now();
        let verdict = engine.decide(
            &dest,
            path,
            &body,
            &Host {
                attrs: &NoHeaders,
                now: 1_796_000_000,
                store: &store,
                metrics: &NoMetrics,
                in_flight: None,
            },
        );
        let elapsed = start.elapsed();
        let out = match verdict {
            BodyVerdict::Forward(_) => (200, "admitted", elapsed),
            BodyVerdict::Reject(r) => {
                if std::env::var_os("JUDGING_TIME_VERBOSE").is_some() {
                    println!("{}", String::from_utf8_lossy(&r.body));
                }
                (r.status, "rejected", elapsed)
            }
            BodyVerdict::PassUncounted(_) => (0, "passed uncounted", elapsed),
            BodyVerdict::Ask(_) => (0, "asked", elapsed),
        };
        let _ = tx.send(out);
    });
    rx.recv_timeout(bound() + Duration::from_secs(1)).ok()
}

/// `"k0":0,"k1":0,…`: `n` distinct members (names in base 62), comma-joined.
fn keys(prefix: &str, n: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let name = |mut i: usize| {
        let mut s = Vec::new();
        loop {
            s.push(DIGITS[i % 62]);
            i /= 62;
            if i == 0 {
                break;
            }
        }
        String::from_utf8(s).unwrap()
    };
    (0..n)
        .map(|i| format!("\"{prefix}{}\":0", name(i)))
        .collect::<Vec<_>>()
        .join(",")
}

fn chat_with(members: &str) -> Vec<u8> {
    format!(r#"{{"model":"gpt-4o","messages":[{{"role":"user","content":"hi"}}],"max_tokens":10,{members}}}"#)
        .into_bytes()
}

/// `[[[…0…]]]` nested `depth` arrays deep.
fn nested(depth: usize) -> String {
    format!("{}0{}", "[".repeat(depth), "]".repeat(depth))
}

const UNBOUNDED_WORD: &str = "1 MB message of one unbroken word (reported only)";

/// Text that tokenizes badly: one "word" with no break for the pre-tokenizer.
fn long_word(len: usize) -> String {
    "ab".repeat(len / 2)
}

/// Every case: (name, config overrides, path, body, expected status; 0: any verdict,
/// e.g. a body too large for the model's context window).
fn cases() -> Vec<(&'static str, Value, &'static str, Vec<u8>, u32)> {
    let chat = "/v1/chat/completions";
    let unlimited = json!({"json_limits": {"max_members": 1_000_000, "max_nodes": 50_000_000}});
    let mut out =
        vec![
        // The issue's body: 99 000 distinct top-level keys (here 100 000).
        ("100k top-level keys", json!({}), chat, chat_with(&keys("k", 100_000)), 400),
        (
            "100k top-level keys, limits raised",
            unlimited.clone(),
            chat,
            chat_with(&keys("k", 100_000)),
            200,
        ),
        (
            "100k keys in a nested object, limits raised",
            unlimited.clone(),
            chat,
            chat_with(&format!("\"metadata\":{{\"a\":{{{}}}}}", keys("k", 100_000))),
            200,
        ),
        (
            "100k keys in a message's content part",
            unlimited.clone(),
            chat,
            format!(
                r#"{{"model":"gpt-4o","max_tokens":10,"messages":[{{"role":"user","content":[{{"type":"x",{}}}]}}]}}"#,
                keys("k", 100_000)
            )
            .into_bytes(),
            0,
        ),
    ];
    // Nesting exactly at the default depth limit (64: the body's object 1, `x` 2, 62
    // more), as many times as the default node limit (250 000) allows; one level beyond.
    let at_limit = nested(62);
    let n = 249_000 / 63;
    let many: Vec<&str> = std::iter::repeat_n(at_limit.as_str(), n).collect();
    out.push((
        "deep arrays at the depth and node limits",
        json!({}),
        chat,
        chat_with(&format!("\"x\":[{}]", many.join(","))),
        200,
    ));
    out.push((
        "deep arrays at the limits inside content parts (typed)",
        json!({}),
        chat,
        format!(
            r#"{{"model":"gpt-4o","max_tokens":10,"messages":[{{"role":"user","content":[{}]}}]}}"#,
            std::iter::repeat_n(format!(r#"{{"type":"x","d":{}}}"#, nested(59)), 248_000 / 63)
                .collect::<Vec<_>>()
                .join(",")
        )
        .into_bytes(),
        0,
    ));
    out.push((
        "deep arrays one beyond the limit",
        json!({}),
        chat,
        chat_with(&format!("\"x\":[{}]", nested(63))),
        400,
    ));
    out.push((
        "deep arrays 500 000 levels",
        json!({}),
        chat,
        chat_with(&format!("\"x\":{}", nested(MAX_BODY / 2 - 200))),
        400,
    ));
    // Objects at the member limit (10 000), as many as fit.
    let objects: Vec<String> = (0..10).map(|i| format!("\"o{i}\":{{{}}}", keys("k", 9_999))).collect();
    out.push((
        "10 objects of 9 999 keys",
        json!({}),
        chat,
        chat_with(&format!("\"metadata\":{{{}}}", objects.join(","))),
        200,
    ));
    // Content parts of an unknown type at the member limit: their strings are counted.
    let parts: Vec<String> = (0..10)
        .map(|_| format!(r#"{{"type":"x",{}}}"#, keys("k", 9_998)))
        .collect();
    out.push((
        "10 unknown content parts of 9 999 members",
        json!({}),
        chat,
        format!(
            r#"{{"model":"gpt-4o","max_tokens":10,"messages":[{{"role":"user","content":[{}]}}]}}"#,
            parts.join(",")
        )
        .into_bytes(),
        0,
    ));
    // Long strings: one message of ~1 MB of words, and of one unbroken "word".
    let words = "lorem ipsum dolor sit amet ".repeat((MAX_BODY - 200) / 27);
    out.push((
        "long string of words",
        json!({}),
        chat,
        chat_with(&format!("\"user\":\"u\",\"stop\":[\"{}\"]", &words[..1000])),
        200,
    ));
    out.push((
        "1 MB message of words",
        json!({}),
        chat,
        json!({"model": "gpt-4o", "max_tokens": 10, "messages": [{"role": "user", "content": words}]})
            .to_string()
            .into_bytes(),
        0,
    ));
    // Measured, not bounded here: tiktoken-rs's BPE on one 1 MB piece (0.5-1.3 s release on
    // this shared machine) is the tokenizer's cost, not the parser's (README, Limits).
    out.push((
        UNBOUNDED_WORD,
        json!({}),
        chat,
        json!({"model": "gpt-4o", "max_tokens": 10,
               "messages": [{"role": "user", "content": long_word(MAX_BODY - 200)}]})
        .to_string()
        .into_bytes(),
        0,
    ));
    // Many tiny array elements: up to the node limit, and ~500 000 (beyond it).
    let zeros = vec!["0"; 249_900].join(",");
    out.push((
        "249 900 tiny array elements",
        json!({}),
        chat,
        chat_with(&format!("\"x\":[{zeros}]")),
        200,
    ));
    out.push((
        "249 900 token ids in an embeddings input",
        json!({}),
        "/v1/embeddings",
        format!(r#"{{"model":"text-embedding-3-small","input":[{zeros}]}}"#).into_bytes(),
        0,
    ));
    let zeros = vec!["0"; (MAX_BODY - 200) / 2].join(",");
    out.push((
        "~500k tiny array elements",
        json!({}),
        chat,
        chat_with(&format!("\"x\":[{zeros}]")),
        400,
    ));
    // Many messages: ~24 000 small ones (too many tokens for gpt-4o's context: any verdict).
    let message = r#"{"role":"user","content":"hello there"}"#;
    let messages = vec![message; (MAX_BODY - 200) / (message.len() + 1)].join(",");
    out.push((
        "~24k messages",
        json!({}),
        chat,
        format!(r#"{{"model":"gpt-4o","max_tokens":10,"messages":[{messages}]}}"#).into_bytes(),
        0,
    ));
    // The other APIs' parsers on the 100 000-key body.
    let k = keys("k", 100_000);
    for (name, path, body) in [
        (
            "100k keys, Responses",
            "/v1/responses",
            format!(r#"{{"model":"gpt-4o","input":"hi","max_output_tokens":10,{k}}}"#),
        ),
        (
            "100k keys, Anthropic",
            "/v1/messages",
            format!(
                r#"{{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{{"role":"user","content":"hi"}}],{k}}}"#
            ),
        ),
        (
            "100k keys, Gemini",
            "/v1beta/models/gemini-2.5-flash:generateContent",
            format!(
                r#"{{"contents":[{{"role":"user","parts":[{{"text":"hi"}}]}}],"generationConfig":{{"maxOutputTokens":10}},{k}}}"#
            ),
        ),
    ] {
        out.push((name, json!({}), path, body.clone().into_bytes(), 400));
        out.push((name, unlimited.clone(), path, body.into_bytes(), 200));
    }
    out
}

#[test]
fn every_body_up_to_max_body_bytes_is_judged_promptly() {
    // The encodings load once per VM, not per request: not part of a judgement.
    Encoding::O200kBase.count("warm").unwrap();
    Encoding::Cl100kBase.count("warm").unwrap();
    let mut slow = Vec::new();
    for (name, extra, path, body, status) in cases() {
        let size = body.len();
        match judge(config(extra), path, body) {
            None if name == UNBOUNDED_WORD => println!("{name}: no verdict within {:?}", bound()),
            None => slow.push(format!("{name}: no verdict within {:?}", bound())),
            Some((got, kind, elapsed)) => {
                println!(
                    "{name:55} {size:>8} B  {kind:8} {got}  {:>8.2} ms",
                    elapsed.as_secs_f64() * 1000.0
                );
                if status != 0 && got != status {
                    slow.push(format!("{name}: {kind} {got}, expected {status}"));
                }
                if elapsed > bound() && name != UNBOUNDED_WORD {
                    slow.push(format!("{name}: {elapsed:?}"));
                }
            }
        }
    }
    assert!(slow.is_empty(), "judged too slowly or wrongly: {slow:#?}");
}
