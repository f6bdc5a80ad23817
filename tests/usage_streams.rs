//! Feeds every recorded-shape response fixture (tests/fixtures/responses/<api>/<name>.(json|sse))
//! through `ResponseObserver` in many chunkings — whole, 1-byte, a split at every position
//! (so inside every multi-byte UTF-8 character), and random sizes from fixed seeds — and
//! checks usage, outcome, relayed text, response id and that the forwarded bytes are the
//! input exactly (or the input minus exactly the usage-only chunk when stripping).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use tollgate_core::usage::{ApiKind, BodyFormat, ObserverConfig, ResponseObserver, Usage};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/responses");

struct Fixture {
    path: PathBuf,
    api: ApiKind,
    format: BodyFormat,
    body: Vec<u8>,
    expected: Value,
}

fn api_of(dir: &str) -> ApiKind {
    match dir {
        "openai_chat" => ApiKind::OpenAiChat,
        "openai_completions" => ApiKind::OpenAiCompletions,
        "openai_embeddings" => ApiKind::OpenAiEmbeddings,
        "openai_responses" => ApiKind::OpenAiResponses,
        "anthropic_messages" => ApiKind::AnthropicMessages,
        "gemini" => ApiKind::Gemini,
        other => panic!("unknown fixture directory {other}"),
    }
}

fn fixtures() -> Vec<Fixture> {
    let mut out = Vec::new();
    let mut dirs: Vec<_> = fs::read_dir(FIXTURES)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let api = api_of(dir.file_name().unwrap().to_str().unwrap());
        let mut files: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for path in files {
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            if name.ends_with(".expected.json") {
                continue;
            }
            let (stem, format) = if let Some(stem) = name.strip_suffix(".sse") {
                (stem, BodyFormat::Sse)
            } else if let Some(stem) = name.strip_suffix(".json") {
                (stem, BodyFormat::Json)
            } else {
                continue;
            };
            let expected_path = dir.join(format!("{stem}.expected.json"));
            let expected: Value = serde_json::from_slice(
                &fs::read(&expected_path).unwrap_or_else(|_| panic!("missing {}", expected_path.display())),
            )
            .unwrap();
            out.push(Fixture {
                body: fs::read(&path).unwrap(),
                path,
                api,
                format,
                expected,
            });
        }
    }
    out
}

/// xorshift64*: deterministic, no dependency.
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

fn expected_usage(f: &Fixture) -> Option<Usage> {
    match &f.expected["usage"] {
        Value::Null => None,
        v => Some(serde_json::from_value(v.clone()).unwrap()),
    }
}

/// The bytes a client must receive.
fn expected_output(f: &Fixture, strip: bool) -> Vec<u8> {
    let body = f.body.clone();
    let Some(chunk) = f.expected.get("usage_chunk").and_then(Value::as_str) else {
        return body;
    };
    if !strip {
        return body;
    }
    let needle = chunk.as_bytes();
    let hits: Vec<usize> = body
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(hits.len(), 1, "{}: usage chunk must occur once", f.path.display());
    let mut out = body[..hits[0]].to_vec();
    out.extend_from_slice(&body[hits[0] + needle.len()..]);
    out
}

fn new_observer(f: &Fixture, strip: bool, max: usize) -> ResponseObserver {
    ResponseObserver::new(ObserverConfig {
        api: f.api,
        format: f.format,
        strip_usage_chunk: strip,
        max_buffer_bytes: max,
    })
}

/// Runs one chunking and checks everything.
fn check(f: &Fixture, cuts: &[usize], strip: bool, label: &str) {
    let ctx = format!("{} [{label}, strip={strip}]", f.path.display());
    let mut obs = new_observer(f, strip, 1 << 20);
    let mut out = Vec::new();
    let mut start = 0;
    for &cut in cuts.iter().chain(std::iter::once(&f.body.len())) {
        out.extend(obs.feed(&f.body[start..cut]).unwrap());
        start = cut;
    }
    let expected = expected_output(f, strip);
    // Nothing is held longer than needed: before finish, everything up to the last event
    // is out (a final lone `\r` can only be judged at the end).
    if f.format == BodyFormat::Sse && !f.body.ends_with(b"\r") {
        assert_eq!(out, expected, "{ctx}: forwarded before finish");
    }
    out.extend(obs.finish());
    assert!(out == expected, "{ctx}: forwarded bytes differ");
    assert_eq!(obs.usage(), expected_usage(f), "{ctx}: usage");
    let outcome = obs.outcome();
    assert_eq!(
        outcome.name(),
        f.expected["outcome"].as_str().unwrap(),
        "{ctx}: outcome {outcome:?}"
    );
    if let Some(needle) = f.expected.get("error_contains").and_then(Value::as_str) {
        let msg = match &outcome {
            tollgate_core::usage::Outcome::StreamError(m) | tollgate_core::usage::Outcome::ErrorBody(m) => m.clone(),
            other => panic!("{ctx}: expected an error, got {other:?}"),
        };
        assert!(msg.contains(needle), "{ctx}: error {msg:?} lacks {needle:?}");
    }
    if let Some(text) = f.expected.get("relayed_text").and_then(Value::as_str) {
        assert_eq!(obs.relayed_output_text(), text, "{ctx}: relayed text");
        assert_eq!(
            obs.relayed_output_chars(),
            text.chars().count() as u64,
            "{ctx}: relayed chars"
        );
    }
    if let Some(id) = f.expected.get("response_id").and_then(Value::as_str) {
        assert_eq!(obs.response_id(), Some(id), "{ctx}: response id");
    }
    if let Some(terminal) = f.expected.get("terminal").and_then(Value::as_bool) {
        assert_eq!(obs.saw_terminal_event(), terminal, "{ctx}: terminal event");
    }
    let stripped = u32::from(strip && f.expected.get("usage_chunk").is_some());
    assert_eq!(obs.stripped_events(), stripped, "{ctx}: stripped events");
    assert_eq!(obs.malformed_events().0, 0, "{ctx}: malformed events");
}

fn random_cuts(rng: &mut Rng, len: usize, max_chunk: usize) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut pos = 0;
    loop {
        pos += 1 + rng.below(max_chunk);
        if pos >= len {
            return cuts;
        }
        cuts.push(pos);
    }
}

#[test]
fn fixtures_cover_every_api_and_shape() {
    let all = fixtures();
    for api in [
        ApiKind::OpenAiChat,
        ApiKind::OpenAiCompletions,
        ApiKind::OpenAiEmbeddings,
        ApiKind::OpenAiResponses,
        ApiKind::AnthropicMessages,
        ApiKind::Gemini,
    ] {
        assert!(
            all.iter().any(|f| f.api == api && f.format == BodyFormat::Json),
            "{api:?} json"
        );
        if api != ApiKind::OpenAiEmbeddings {
            assert!(
                all.iter().any(|f| f.api == api && f.format == BodyFormat::Sse),
                "{api:?} sse"
            );
        }
    }
    assert!(all.iter().any(|f| f.body.windows(2).any(|w| w == b"\r\n")));
    assert!(all.iter().any(|f| f.body.starts_with(b"\xEF\xBB\xBF")));
    // Splits inside multi-byte characters are exercised only if there are some.
    let multibyte = all.iter().filter(|f| f.body.iter().any(|b| *b >= 0x80)).count();
    assert!(multibyte >= 10, "only {multibyte} fixtures hold non-ASCII text");
}

#[test]
fn whole_and_one_byte_chunks() {
    for f in fixtures() {
        for strip in [false, true] {
            check(&f, &[], strip, "whole");
            let ones: Vec<usize> = (1..f.body.len()).collect();
            check(&f, &ones, strip, "1-byte");
        }
    }
}

#[test]
fn split_at_every_position() {
    for f in fixtures() {
        let len = f.body.len();
        // Large bodies (embeddings) are sampled; the rest are split at every byte,
        // which includes every position inside every multi-byte UTF-8 character.
        let step = (len / 4000).max(1);
        for cut in (1..len).step_by(step) {
            check(&f, &[cut], true, &format!("split@{cut}"));
        }
        // Every split inside a multi-byte character, even in sampled bodies.
        for cut in (1..len).filter(|&i| (0x80..0xC0).contains(&f.body[i])) {
            check(&f, &[cut], false, &format!("utf8-split@{cut}"));
        }
    }
}

#[test]
fn random_chunk_sizes_many_seeds() {
    for f in fixtures() {
        for seed in 1..=150u64 {
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
            let max_chunk = [2, 7, 31, 200, 4096][(seed % 5) as usize];
            let cuts = random_cuts(&mut rng, f.body.len(), max_chunk);
            check(&f, &cuts, seed % 2 == 0, &format!("seed {seed}, max {max_chunk}"));
        }
    }
}

#[test]
fn json_bodies_over_the_buffer_bound_still_yield_usage() {
    for f in fixtures() {
        if f.format != BodyFormat::Json || f.expected["outcome"] != "usage_reported" {
            continue;
        }
        let max = 128;
        assert!(f.body.len() > max, "{}", f.path.display());
        let mut rng = Rng(7);
        let cuts = random_cuts(&mut rng, f.body.len(), 97);
        let mut obs = new_observer(&f, false, max);
        let mut out = Vec::new();
        let mut start = 0;
        for &cut in cuts.iter().chain(std::iter::once(&f.body.len())) {
            out.extend(obs.feed(&f.body[start..cut]).unwrap());
            start = cut;
        }
        out.extend(obs.finish());
        assert!(out == f.body, "{}", f.path.display());
        assert_eq!(obs.usage(), expected_usage(&f), "{}", f.path.display());
        assert_eq!(obs.outcome().name(), "usage_reported", "{}", f.path.display());
    }
}

#[test]
fn truncated_streams_never_lose_bytes_or_panic() {
    // Cut every SSE fixture at many points (a dropped connection): forwarded bytes are
    // exactly the prefix, and the outcome is never "reported" unless the final usage
    // was already in the prefix.
    for f in fixtures() {
        if f.format != BodyFormat::Sse {
            continue;
        }
        let step = (f.body.len() / 300).max(1);
        for end in (0..f.body.len()).step_by(step) {
            let prefix = &f.body[..end];
            let mut obs = new_observer(&f, false, 1 << 20);
            let mut out = Vec::new();
            for part in prefix.chunks(13) {
                out.extend(obs.feed(part).unwrap());
            }
            out.extend(obs.finish());
            assert!(out == prefix, "{} cut at {end}", f.path.display());
            assert!(obs.relayed_output_chars() <= obs.relayed().bytes());
        }
    }
}

#[test]
fn fixture_paths_are_where_the_brief_says() {
    assert!(Path::new(FIXTURES).join("openai_chat/stream_with_usage.sse").exists());
}
