//! The memo of recent bodies (`core::prefix_cache`, `api::parse_memo`) against the full
//! parse, its oracle (`api::parse`, itself checked against tiktoken elsewhere): for every
//! body, through a memo that has seen related bodies, the request read from where the body
//! changed must be the request read whole — model, flags, caps, every count (through the
//! memo of message counts and without), the guards' turn, the rewritten and trimmed bytes —
//! and every error must be the same error. Bodies: the chat transcripts turn by turn and
//! message by message, whitespace and key-order variants, byte flips, truncations and
//! splices at every message boundary, duplicate keys after the prefix, tight JSON limits,
//! and random sessions with strings that carry quotes, brackets and escapes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use tollgate_core::api::{self, ApiError, BodyMemo, LlmRequest, ParseOptions, Rewrite, Target};
use tollgate_core::count_cache::{CacheLimits, CountCache};
use tollgate_core::json_raw::JsonLimits;
use tollgate_core::prefix_cache::PrefixLimits;
use tollgate_core::tokens::Encoding;

const CHAT: &str = "/v1/chat/completions";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// Everything a request says, for comparison.
fn summary(r: &dyn LlmRequest, memo: &CountCache) -> String {
    let encoding = Encoding::for_openai_model(r.model());
    let rewrite = Rewrite {
        model: Some("gpt-4o-mini".into()),
        output_cap: Some(77),
        include_usage: true,
    };
    format!(
        "model={} stream={} choices={} cap={:?} user={:?} usage={} asked={}\ncount={:?}\nmemo={:?}\ncl100k={:?}\nturn={:?}\nrewrite={:?}\ntrim={:?}",
        r.model(),
        r.stream(),
        r.choices(),
        r.output_cap(),
        r.user(),
        r.needs_usage_option(),
        r.client_asked_for_usage(),
        r.count_input(encoding),
        r.count_input_memo(encoding, memo),
        r.count_input_memo(Encoding::Cl100kBase, memo),
        r.turn(),
        r.rewrite(&rewrite, CHAT).map(|w| w.body.map(String::from_utf8)),
        r.trim(encoding, 50, "PIN")
            .map(|t| t.map(|(b, n)| (String::from_utf8(b), n))),
    )
}

fn outcome(r: Result<Box<dyn LlmRequest>, ApiError>, memo: &CountCache) -> Result<String, ApiError> {
    r.map(|r| summary(r.as_ref(), memo))
}

/// A differential checker: one memo of bodies (and of counts) that sees every body in
/// turn, compared with the full parse of the same body.
struct Diff {
    target: Target,
    options: ParseOptions,
    bodies: BodyMemo,
    counts: CountCache,
    oracle_counts: CountCache,
    checked: usize,
    errors: usize,
}

impl Diff {
    fn new(limits: JsonLimits) -> Diff {
        Diff::with(limits, PrefixLimits::DEFAULT)
    }

    fn with(limits: JsonLimits, prefix: PrefixLimits) -> Diff {
        Diff {
            target: Target::from_path(CHAT).unwrap(),
            options: ParseOptions {
                json: limits,
                ..ParseOptions::default()
            },
            bodies: BodyMemo::new(prefix),
            counts: CountCache::new(CacheLimits::DEFAULT),
            oracle_counts: CountCache::new(CacheLimits::OFF),
            checked: 0,
            errors: 0,
        }
    }

    fn check(&mut self, body: &[u8]) {
        let oracle = outcome(api::parse(&self.target, body, None, &self.options), &self.oracle_counts);
        let fast = outcome(
            api::parse_memo(&self.target, body, None, &self.options, &self.bodies),
            &self.counts,
        );
        assert_eq!(fast, oracle, "body: {}", String::from_utf8_lossy(body));
        self.checked += 1;
        self.errors += usize::from(oracle.is_err());
    }

    fn hits(&self) -> u64 {
        self.bodies.take_stats().hits
    }
}

/// One transcript's request bodies, by file name.
fn transcript(name: &str) -> Vec<Value> {
    let path = fixtures().join("transcripts").join(format!("{name}.json"));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    doc["turns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["request"].clone())
        .collect()
}

fn chat_transcripts() -> Vec<Vec<Value>> {
    let mut out = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixtures().join("transcripts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    for path in paths {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if doc["api"].as_str() == Some("openai_chat") {
            out.push(
                doc["turns"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t["request"].clone())
                    .collect(),
            );
        }
    }
    assert!(out.len() >= 5);
    out
}

/// The body with its messages cut to the first `n`.
fn cut(request: &Value, n: usize) -> Value {
    let mut r = request.clone();
    let messages = r["messages"].as_array().unwrap()[..n].to_vec();
    r["messages"] = Value::Array(messages);
    r
}

/// Offsets where each message of a compact body ends (after its closing brace).
fn boundaries(body: &[u8]) -> Vec<usize> {
    let v: Value = serde_json::from_slice(body).unwrap();
    let start = body.windows(12).position(|w| w == b"\"messages\":[").unwrap() + 12;
    let mut at = start;
    let mut out = Vec::new();
    for m in v["messages"].as_array().unwrap() {
        let text = serde_json::to_string(m).unwrap();
        assert_eq!(&body[at..at + text.len()], text.as_bytes());
        at += text.len();
        out.push(at);
        at += 1;
    }
    out
}

#[test]
fn every_transcript_turn_and_every_message_prefix_reads_as_the_full_parse() {
    for turns in chat_transcripts() {
        let mut diff = Diff::new(JsonLimits::DEFAULT);
        // The sessions as sent, compact and pretty (each its own run of bodies).
        for turn in &turns {
            diff.check(&serde_json::to_vec(turn).unwrap());
        }
        for turn in &turns {
            diff.check(&serde_json::to_vec_pretty(turn).unwrap());
        }
        // Every prefix of the last turn's messages, growing, then shrinking, then again.
        let last = turns.last().unwrap();
        let n = last["messages"].as_array().unwrap().len();
        for k in (1..=n).chain((1..n).rev()).chain(1..=n) {
            diff.check(&serde_json::to_vec(&cut(last, k)).unwrap());
        }
        assert_eq!(diff.errors, 0);
        let hits = diff.hits();
        eprintln!("{} bodies, {hits} resumed", diff.checked);
        assert!(hits > 0, "the memo was used");
    }
}

#[test]
fn mutated_bodies_near_every_boundary_read_as_the_full_parse() {
    // A tool-using session: system, user, assistant tool calls, tool results.
    let turns = transcript("sql_fix_loop");
    let last = turns.last().unwrap();
    let base = serde_json::to_vec(last).unwrap();
    let cuts = boundaries(&base);
    let mut diff = Diff::new(JsonLimits::DEFAULT);
    let mut variants: Vec<Vec<u8>> = Vec::new();
    for &b in &cuts {
        // Byte flips around the boundary.
        for d in -2i64..=2 {
            let at = (b as i64 + d) as usize;
            if at < base.len() {
                for byte in [b'"', b']', b'}', b',', b' ', b'\\', b'['] {
                    let mut v = base.clone();
                    v[at] = byte;
                    variants.push(v);
                }
            }
        }
        // Truncations at and around it.
        for d in 0..3 {
            variants.push(base[..(b + d).min(base.len())].to_vec());
        }
        let (head, tail) = base.split_at(b);
        // The array closes there, the other members follow.
        variants.push([head, b"]}"].concat());
        variants.push([head, br#"],"model":"gpt-4o"}"#].concat());
        variants.push([head, br#"],"max_tokens":5,"tools":[]}"#].concat());
        variants.push([head, br#"],"messages":[]}"#].concat());
        variants.push([head, br#"]} "#].concat());
        variants.push([head, br#"]}x"#].concat());
        variants.push([head, b"]"].concat());
        // A duplicate key after the prefix, inside a new message and at the top.
        variants.push([head, br#",{"role":"user","content":"a","content":"b"}]}"#].concat());
        variants.push([head, br#",{"role":"user","content":"a","x":1,"x":2}]}"#].concat());
        variants.push(
            [
                head,
                br#",{"role":"user","content":[{"type":"text","text":"a","text":"b"}]}]}"#,
            ]
            .concat(),
        );
        variants.push([head, br#",{"role":"user","content":"hi"}],"model":"x","model":"y"}"#].concat());
        let mut dup = base.clone();
        dup.truncate(dup.len() - 1);
        dup.extend_from_slice(br#","model":"gpt-4o"}"#);
        variants.push(dup);
        // Nested arrays, escaped quotes and brackets across the boundary, whitespace.
        variants.push([head, br#",[["user"],"x"]]}"#].concat());
        variants.push([head, br#",{"role":"user","content":"\"],\"x\":[{\"}"}]}"#].concat());
        variants.push([head, b" \n\t,\r {\"role\":\"user\",\"content\":\"ok\"} ]\n}\n"].concat());
        variants.push([head, br#",{"role":"user","content":[{"type":"text","text":"}]"}]}]}"#].concat());
        variants.push([head, br#",{"role":"user","content":1}]}"#].concat());
        variants.push([head, br#",]}"#].concat());
        variants.push([head, br#",{"role":"user","content":"a"},]}"#].concat());
        variants.push([head, b",{\"role\":\"user\",\"content\":\"\xff\"}]}"].concat());
        variants.push([head, br#",{"role":"user","content":"a"}]"#].concat());
        variants.push(
            [
                head,
                br#",{"role":"user","content":"a"}] , "stream" : true , "stream_options":{"include_usage":true} }"#,
            ]
            .concat(),
        );
        variants.push([head, tail, b" "].concat());
    }
    // Keys reordered: the messages first, last, between.
    let mut reordered = serde_json::Map::new();
    for key in ["messages", "tools", "model", "tool_choice"] {
        if let Some(v) = last.get(key) {
            reordered.insert(key.to_string(), v.clone());
        }
    }
    variants.push(serde_json::to_vec(&Value::Object(reordered)).unwrap());
    // A key before the messages written again after them (a key the typed view ignores,
    // so only the resumed parse's duplicate check can see it).
    let with_key = [&b"{\"temperature\":0.5,"[..], &base[1..]].concat();
    let again = [&with_key[..with_key.len() - 1], br#","temperature":1}"#].concat();
    diff.check(&with_key);
    diff.check(&again);
    // Each variant against a memo that has just seen the base body.
    for v in &variants {
        diff.check(&base);
        diff.check(v);
    }
    let hits = diff.hits();
    eprintln!("{} bodies, {} errors, {hits} resumed", diff.checked, diff.errors);
    assert!(diff.errors > 100, "invalid variants were tried ({})", diff.errors);
    assert!(diff.checked - diff.errors > 100, "valid variants were tried");
}

#[test]
fn json_limits_are_checked_on_the_resumed_part_as_on_the_whole() {
    let turns = transcript("sql_fix_loop");
    let last = turns.last().unwrap();
    let n = last["messages"].as_array().unwrap().len();
    let bodies: Vec<Vec<u8>> = (1..=n).map(|k| serde_json::to_vec(&cut(last, k)).unwrap()).collect();
    // Node limits that each cut some body of the session, depth and member limits.
    let mut limits = Vec::new();
    for nodes in [40, 120, 300, 700, 1500, 4000] {
        limits.push(JsonLimits {
            max_nodes: nodes,
            ..JsonLimits::DEFAULT
        });
    }
    for depth in [2, 3, 4, 5, 6] {
        limits.push(JsonLimits {
            max_depth: depth,
            ..JsonLimits::DEFAULT
        });
    }
    for members in [2, 3, 4, 5] {
        limits.push(JsonLimits {
            max_members: members,
            ..JsonLimits::DEFAULT
        });
    }
    for l in limits {
        let mut diff = Diff::new(l);
        for b in bodies.iter().chain(bodies.iter().rev()) {
            diff.check(b);
        }
        // Deeper content and more members after the prefix.
        for b in &bodies {
            let mut deep = b.clone();
            deep.truncate(deep.len() - 1);
            deep.extend_from_slice(br#","metadata":{"a":{"b":{"c":[[[1]]]}},"x":1,"y":2,"z":3}}"#);
            diff.check(b);
            diff.check(&deep);
        }
    }
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn text(&mut self) -> String {
        const PIECES: &[&str] = &[
            "hello",
            " ",
            "\"",
            "\\",
            "]",
            "}",
            ",",
            "[",
            "{",
            ":",
            "é",
            "日本",
            "\n",
            "\t",
            "\u{1f600}",
            "PIN",
            "fn main()",
            "  ",
            "0",
            "null",
            "\\u0022",
        ];
        let n = self.below(12);
        (0..n)
            .map(|_| PIECES[self.below(PIECES.len() as u64) as usize])
            .collect()
    }
    fn message(&mut self) -> Value {
        let role = ["user", "assistant", "tool", "system"][self.below(4) as usize];
        let mut m = json!({"role": role});
        match self.below(4) {
            0 => m["content"] = json!(self.text()),
            1 => m["content"] = json!([{"type": "text", "text": self.text()}, {"type": "text", "text": self.text()}]),
            2 => m["content"] = Value::Null,
            _ => m["content"] = json!(self.text()),
        }
        if role == "assistant" && self.below(2) == 0 {
            m["tool_calls"] =
                json!([{"id": "c1", "type": "function", "function": {"name": "read", "arguments": self.text()}}]);
        }
        if role == "tool" {
            m["tool_call_id"] = json!("c1");
        }
        if self.below(5) == 0 {
            m["name"] = json!(self.text());
        }
        m
    }
}

#[test]
fn random_sessions_read_as_the_full_parse() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut diff = Diff::with(
        JsonLimits::DEFAULT,
        PrefixLimits {
            entries: 6,
            bytes: 64 << 10,
        },
    );
    for _session in 0..40 {
        let mut messages = vec![json!({"role": "system", "content": "You are terse."})];
        let mut model = "gpt-4o";
        for _turn in 0..25 {
            for _ in 0..=rng.below(3) {
                messages.push(rng.message());
            }
            match rng.below(12) {
                // An old message edited (the conversation forks).
                0 if messages.len() > 2 => {
                    let at = 1 + rng.below(messages.len() as u64 - 1) as usize;
                    messages[at] = rng.message();
                }
                // Another model (another count context).
                1 => model = if model == "gpt-4o" { "gpt-4" } else { "gpt-4o" },
                // Messages dropped from the end.
                2 if messages.len() > 3 => {
                    messages.truncate(messages.len() - 2);
                }
                _ => {}
            }
            let mut body = serde_json::Map::new();
            if rng.below(3) > 0 {
                body.insert("model".into(), json!(model));
            }
            body.insert("messages".into(), Value::Array(messages.clone()));
            if !body.contains_key("model") {
                body.insert("model".into(), json!(model));
            }
            if rng.below(2) == 0 {
                body.insert("max_tokens".into(), json!(rng.below(500) + 1));
            }
            if rng.below(4) == 0 {
                body.insert("stream".into(), json!(true));
            }
            let body = Value::Object(body);
            let bytes = if rng.below(5) == 0 {
                serde_json::to_vec_pretty(&body).unwrap()
            } else {
                serde_json::to_vec(&body).unwrap()
            };
            diff.check(&bytes);
        }
    }
    assert!(diff.hits() > 200, "the memo was used");
}

#[test]
fn the_memo_is_bounded_and_configurable() {
    let mut diff = Diff::with(
        JsonLimits::DEFAULT,
        PrefixLimits {
            entries: 3,
            bytes: 1 << 20,
        },
    );
    for turns in chat_transcripts() {
        for turn in &turns {
            diff.check(&serde_json::to_vec(turn).unwrap());
            let (entries, _) = diff.bodies.size();
            assert!(entries <= 3);
        }
    }
    let small = Diff::with(
        JsonLimits::DEFAULT,
        PrefixLimits {
            entries: 100,
            bytes: 4096,
        },
    );
    let mut small = small;
    for turn in &transcript("coding_session_60") {
        small.check(&serde_json::to_vec(turn).unwrap());
        assert!(small.bodies.size().1 <= 4096);
    }
    let p = tollgate_core::config::Policy::from_json(r#"{"prefix_cache": {"entries": 10, "bytes": 4096}}"#).unwrap();
    assert_eq!(
        p.prefix_cache,
        PrefixLimits {
            entries: 10,
            bytes: 4096
        }
    );
    assert!(tollgate_core::config::Policy::from_json(r#"{"prefix_cache": {"entries": 100000}}"#).is_err());
}
