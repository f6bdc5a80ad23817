//! The per-VM memo of message token counts (`core::count_cache`, issue 12) never changes a
//! count: chat requests counted through one shared memo equal Python tiktoken's cookbook
//! counts (tests/fixtures/tokens/chat.json); every chat request of the transcripts and the
//! corpus counts the same with the memo as without it, and the engine's decisions carry
//! the same figures with the memo on and off; messages one byte apart, or the same bytes
//! under another encoding, do not share an entry. The hit and miss counters are checked
//! against what the fixture itself says (each turn resends the history).

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use tollgate_core::api::openai::OpenAiRequest;
use tollgate_core::api::{Endpoint, LlmRequest};
use tollgate_core::config::Policy;
use tollgate_core::count_cache::{CacheLimits, CountCache};
use tollgate_core::engine::{
    Attributes, BodyVerdict, Concluded, Engine, HeadVerdict, Host, Metric, Recorder, RequestHead, Settlement,
};
use tollgate_core::store::MemStore;
use tollgate_core::tokens::Encoding;
use tollgate_core::usage::Usage;

const CHAT: &str = "/v1/chat/completions";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn chat(body: &[u8]) -> OpenAiRequest {
    OpenAiRequest::parse(Endpoint::ChatCompletions, body, None).unwrap()
}

#[test]
fn counts_through_a_shared_memo_equal_the_tiktoken_oracle() {
    let text = std::fs::read_to_string(fixtures().join("tokens/chat.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 20);
    let memo = CountCache::new(CacheLimits::DEFAULT);
    // Three passes over every case, both encodings interleaved: the first fills the memo,
    // the others read it.
    for pass in 0..3 {
        for case in cases {
            let name = case["name"].as_str().unwrap();
            let body = serde_json::to_vec(&case["request"]).unwrap();
            let encoding = Encoding::from_name(case["encoding"].as_str().unwrap()).unwrap();
            let count = chat(&body).count_input_memo(encoding, &memo).unwrap();
            assert_eq!(
                count.total(),
                case["cookbook_input_tokens"].as_u64().unwrap(),
                "{name}, pass {pass}"
            );
        }
    }
    let stats = memo.take_stats();
    assert!(stats.hits > 0 && stats.misses > 0, "{stats:?}");
}

/// Every chat request in the transcripts and the corpus (chat sessions).
fn chat_bodies() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut dirs = vec![fixtures().join("transcripts")];
    dirs.push(fixtures().join("corpus/tuning"));
    dirs.push(fixtures().join("corpus/heldout"));
    for dir in dirs {
        for path in json_files(&dir) {
            let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let is_chat = doc["api"].as_str() == Some("openai_chat") || doc["path"].as_str() == Some(CHAT);
            if !is_chat {
                continue;
            }
            for (i, turn) in doc["turns"].as_array().unwrap().iter().enumerate() {
                let name = format!("{}#{}", path.file_name().unwrap().to_string_lossy(), i + 1);
                out.push((name, serde_json::to_vec(&turn["request"]).unwrap()));
            }
        }
    }
    out
}

#[test]
fn every_transcript_and_corpus_request_counts_the_same_with_and_without_the_memo() {
    let bodies = chat_bodies();
    assert!(bodies.len() > 500, "{} chat requests", bodies.len());
    // A small memo too, so that eviction runs while counting.
    for limits in [
        CacheLimits::DEFAULT,
        CacheLimits {
            entries: 64,
            bytes: 64 << 10,
        },
    ] {
        let memo = CountCache::new(limits);
        for encoding in [Encoding::O200kBase, Encoding::Cl100kBase] {
            for (name, body) in &bodies {
                let request = chat(body);
                let without = request.count_input(encoding).unwrap();
                let with = request.count_input_memo(encoding, &memo).unwrap();
                assert_eq!(with, without, "{name} ({encoding:?}, {limits:?})");
            }
        }
        let (entries, bytes) = memo.size();
        assert!(entries <= limits.entries && bytes <= limits.bytes);
        assert!(memo.take_stats().hits > 0);
    }
}

#[test]
fn messages_one_byte_apart_or_under_another_encoding_do_not_share_an_entry() {
    let body = |content: &str| {
        serde_json::to_vec(&json!({"model": "gpt-4o", "messages": [
            {"role": "system", "content": "You are terse."},
            {"role": "user", "content": content}]}))
        .unwrap()
    };
    let (a, b) = (body("The quick brown fox jumps"), body("The quick brown f0x jumps"));
    let count = |b: &[u8], e: Encoding| chat(b).count_input(e).unwrap().total();
    // The precondition: the two differ in one byte and in count.
    assert_eq!(a.len(), b.len());
    assert_eq!(a.iter().zip(&b).filter(|(x, y)| x != y).count(), 1);
    assert_ne!(count(&a, Encoding::O200kBase), count(&b, Encoding::O200kBase));
    let memo = CountCache::new(CacheLimits::DEFAULT);
    let with = |b: &[u8], e: Encoding| chat(b).count_input_memo(e, &memo).unwrap().total();
    assert_eq!(with(&a, Encoding::O200kBase), count(&a, Encoding::O200kBase));
    assert_eq!(with(&b, Encoding::O200kBase), count(&b, Encoding::O200kBase));
    // The same bytes under the other encoding: a text whose counts differ between them.
    let c = body("Ünïcödé ✓ naïve café → 東京タワー");
    assert_ne!(count(&c, Encoding::O200kBase), count(&c, Encoding::Cl100kBase));
    assert_eq!(with(&c, Encoding::O200kBase), count(&c, Encoding::O200kBase));
    assert_eq!(with(&c, Encoding::Cl100kBase), count(&c, Encoding::Cl100kBase));
    assert_eq!(with(&c, Encoding::O200kBase), count(&c, Encoding::O200kBase));
}

struct Headers(HashMap<String, String>);

impl Attributes for Headers {
    fn header(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }
    fn property(&self, _: &[String]) -> Option<String> {
        None
    }
}

/// Replays a transcript through an engine; the admitted requests' response headers.
fn replay(engine: &Engine, doc: &Value, metrics: &Recorder) -> Vec<Vec<(String, String)>> {
    let store = MemStore::new();
    let mut headers = HashMap::new();
    for (k, v) in doc["headers"].as_object().unwrap() {
        headers.insert(k.to_ascii_lowercase(), v.as_str().unwrap().to_string());
    }
    let attrs = Headers(headers);
    let mut out = Vec::new();
    for (i, turn) in doc["turns"].as_array().unwrap().iter().enumerate() {
        let now = 1_796_000_000 + 20 * i as u64;
        let body = serde_json::to_vec(&turn["request"]).unwrap();
        let head = RequestHead {
            method: "POST",
            path: CHAT,
            content_encoding: None,
            content_length: None,
            has_body: true,
        };
        let HeadVerdict::ReadBody(dest) = engine.on_head(&head) else {
            panic!("head")
        };
        let host = Host {
            attrs: &attrs,
            now,
            store: &store,
            metrics,
            in_flight: None,
        };
        match engine.decide(&dest, CHAT, &body, &host) {
            BodyVerdict::Forward(a) => {
                out.push(a.response_headers.clone());
                let usage = Usage {
                    input_tokens: 100,
                    output_tokens: 10,
                    ..Usage::default()
                };
                engine.settle(
                    &a.ticket,
                    &Concluded::from(Settlement::Usage(usage)),
                    now,
                    &store,
                    metrics,
                );
            }
            BodyVerdict::Reject(r) => out.push(vec![("rejected".into(), String::from_utf8_lossy(&r.body).into())]),
            BodyVerdict::PassUncounted(why) => panic!("uncounted: {why}"),
            BodyVerdict::Ask(_) => panic!("asked the quota service"),
        }
    }
    out
}

#[test]
fn decisions_are_the_same_with_the_memo_on_and_off_and_its_figures_match_the_transcript() {
    let config: Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures().join("bench/guards_config.json")).unwrap()).unwrap();
    // The memo of bodies off too: it would answer for the resent messages first.
    let mut config = config;
    config["prefix_cache"] = json!({"entries": 0});
    let mut off = config.clone();
    off["count_cache"] = json!({"entries": 0});
    for path in json_files(&fixtures().join("transcripts")) {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if doc["api"].as_str() != Some("openai_chat") {
            continue;
        }
        let (m_on, m_off) = (Recorder::new(), Recorder::new());
        let on = replay(
            &Engine::new(Policy::from_json(&config.to_string()).unwrap()),
            &doc,
            &m_on,
        );
        let without = replay(&Engine::new(Policy::from_json(&off.to_string()).unwrap()), &doc, &m_off);
        assert_eq!(on, without, "{}", path.display());
        assert!(on.iter().all(|h| h.iter().any(|(k, _)| k == "x-tollgate-input-tokens")));
        assert_eq!(m_off.count(Metric::CountCacheHits), 0);
    }
    // The coding session resends its history every turn: every message is counted once
    // (the misses are the distinct messages sent), every resend is a hit.
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures().join("transcripts/coding_session_60.json")).unwrap())
            .unwrap();
    let mut distinct = std::collections::HashSet::new();
    let mut sent = 0u64;
    for turn in doc["turns"].as_array().unwrap() {
        for m in turn["request"]["messages"].as_array().unwrap() {
            distinct.insert(serde_json::to_string(m).unwrap());
            sent += 1;
        }
    }
    let metrics = Recorder::new();
    let engine = Engine::new(Policy::from_json(&config.to_string()).unwrap());
    replay(&engine, &doc, &metrics);
    let misses = metrics.count(Metric::CountCacheMisses);
    let hits = metrics.count(Metric::CountCacheHits);
    assert_eq!(misses, distinct.len() as u64);
    assert_eq!(hits + misses, sent);
    let (entries, bytes) = engine.count_cache().size();
    let gauge = |name: &str| -> i64 {
        metrics
            .labeled_named(name)
            .iter()
            .filter(|l| l.gauge)
            .map(|l| l.delta)
            .sum()
    };
    assert_eq!(Some(gauge("tollgate_count_cache_entries")), Some(entries as i64));
    assert_eq!(Some(gauge("tollgate_count_cache_bytes")), Some(bytes as i64));
    assert_eq!(entries, distinct.len());
}

#[test]
fn the_memo_is_configurable_and_bounded_in_the_configuration() {
    let p = Policy::from_json(r#"{"count_cache": {"entries": 10, "bytes": 4096}}"#).unwrap();
    assert_eq!(
        p.count_cache,
        CacheLimits {
            entries: 10,
            bytes: 4096
        }
    );
    assert_eq!(Policy::from_json("{}").unwrap().count_cache, CacheLimits::DEFAULT);
    let err = Policy::from_json(r#"{"count_cache": {"bytes": 1000000000}}"#)
        .err()
        .unwrap();
    assert!(err.to_string().contains("count_cache.bytes"), "{err}");
    assert!(Policy::from_json(r#"{"count_cache": {"size": 1}}"#).is_err());
}
