//! The fuzz targets and their invariants: request parsers of all four APIs, the SSE
//! reader, the response observer (whole body vs the same body split anywhere), the
//! configuration parser, the admin API, a whole request through the engine with the
//! in-memory store, and the memo of recent bodies against the full parse. Calls only the crate's public API; keeps state only per target.

use std::collections::HashMap;
use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};

use serde_json::value::RawValue;
use tollgate_core::api::{self, Endpoint, ParseOptions, Rewrite, Target as ApiTarget};
use tollgate_core::config::{ConfigError, Policy};
use tollgate_core::engine::{
    Attributes, BodyVerdict, Concluded, Engine, HeadVerdict, Host, Recorder, RequestHead, ResponseEnd, Ticket,
};
use tollgate_core::sse::{SseError, SseReader};
use tollgate_core::store::MemStore;
use tollgate_core::tokens::Encoding;
use tollgate_core::usage::{ApiKind, BodyFormat, ObserverConfig, ResponseObserver};

use crate::case::{Case, fnv};
use crate::mutate::Rng;
use crate::seeds;

/// A failed invariant (a panic is caught by the driver).
pub type Verdict = Result<u64, String>;

pub trait Target {
    fn name(&self) -> &'static str;
    fn seeds(&self) -> Vec<Case>;
    /// Largest part the mutator may produce.
    fn max_len(&self) -> usize {
        64 * 1024
    }
    /// Mutation rounds per input (at most).
    fn rounds(&self) -> usize {
        6
    }
    /// Changes the case's settings (not its bytes); default: none.
    fn mutate_meta(&self, _rng: &mut Rng, _case: &mut Case) {}
    /// Runs one input; `Ok` carries a coarse outcome class (new classes join the pool).
    fn run(&mut self, case: &Case) -> Verdict;
}

pub fn all() -> Vec<Box<dyn Target + Send>> {
    // Slowest first, so `--jobs=2` finishes the long run sooner.
    vec![
        Box::new(Flow::new()),
        Box::new(Requests),
        Box::new(Prefix),
        Box::new(Usage),
        Box::new(Sse),
        Box::new(Config),
        Box::new(Admin::new()),
    ]
}

fn class(parts: &[&str]) -> u64 {
    fnv(parts.join("|").as_bytes())
}

/// The first words of an error, without digits (so the class does not explode).
fn shape(err: &str) -> String {
    err.chars().filter(|c| !c.is_ascii_digit()).take(48).collect()
}

// ---------------------------------------------------------------------------------------
// Top-level members as raw text: the oracle for "untouched members keep their bytes".

struct RawMembers(Vec<(String, Box<RawValue>)>);

impl<'de> serde::Deserialize<'de> for RawMembers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawMembers;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawMembers, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Box<RawValue>>()? {
                    out.push((k, v));
                }
                Ok(RawMembers(out))
            }
        }
        d.deserialize_map(V)
    }
}

fn members(bytes: &[u8]) -> Option<Vec<(String, Box<RawValue>)>> {
    serde_json::from_slice::<RawMembers>(bytes).ok().map(|m| m.0)
}

/// Members the rewrite may change; inside the nested ones, only the named member.
const TOUCHABLE: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("max_tokens", &[]),
    ("max_completion_tokens", &[]),
    ("max_output_tokens", &[]),
    ("stream_options", &["include_usage"]),
    ("generationConfig", &["maxOutputTokens", "max_output_tokens"]),
    ("generation_config", &["maxOutputTokens", "max_output_tokens"]),
];

/// `new` is valid JSON, and every member of `old` the rewrite may not touch is in `new`
/// with the same bytes (one level down for `stream_options` / `generationConfig`).
pub fn check_rewrite(old: &[u8], new: &[u8], extra_touchable: &[&str]) -> Result<(), String> {
    if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(new) {
        return Err(format!("rewritten body is not valid JSON: {e}"));
    }
    let (Some(old_m), Some(new_m)) = (members(old), members(new)) else {
        return Err("rewritten body is not a JSON object (or the original was not)".into());
    };
    let find =
        |m: &[(String, Box<RawValue>)], k: &str| m.iter().find(|(n, _)| n == k).map(|(_, v)| v.get().to_string());
    for (k, v) in &old_m {
        if extra_touchable.contains(&k.as_str()) {
            continue;
        }
        match TOUCHABLE.iter().find(|(t, _)| t == k) {
            None => match find(&new_m, k) {
                Some(nv) if nv == v.get() => {}
                Some(nv) => return Err(format!("member `{k}` changed: {} -> {}", short(v.get()), short(&nv))),
                None => return Err(format!("member `{k}` dropped")),
            },
            Some((_, inner)) if !inner.is_empty() => {
                let (Some(old_inner), Some(new_raw)) = (members(v.get().as_bytes()), find(&new_m, k)) else {
                    continue; // not an object before: replaced whole
                };
                let Some(new_inner) = members(new_raw.as_bytes()) else {
                    return Err(format!("member `{k}` is no longer an object"));
                };
                for (ik, iv) in &old_inner {
                    if inner.contains(&ik.as_str()) {
                        continue;
                    }
                    match find(&new_inner, ik) {
                        Some(nv) if nv == iv.get() => {}
                        _ => return Err(format!("member `{k}.{ik}` changed or dropped")),
                    }
                }
            }
            Some(_) => {}
        }
    }
    for (k, _) in &new_m {
        if find(&old_m, k).is_none() && !TOUCHABLE.iter().any(|(t, _)| t == k) {
            return Err(format!("rewrite added member `{k}`"));
        }
    }
    Ok(())
}

fn short(s: &str) -> String {
    s.chars().take(80).collect()
}

// ---------------------------------------------------------------------------------------
// requests: the four APIs' parsers, input counting, rewriting and trimming.

pub struct Requests;

const MODELS: &[&str] = &[
    "gpt-4o-mini",
    "o3",
    "claude-sonnet-4-5",
    "gemini-2.0-flash",
    "m\"\\\u{e9}\u{1F600}",
];
const CAPS: &[u64] = &[1, 16, 4096, 1 << 40, u64::MAX];

impl Target for Requests {
    fn name(&self) -> &'static str {
        "requests"
    }

    fn seeds(&self) -> Vec<Case> {
        seeds::requests()
            .into_iter()
            .map(|(path, body)| Case::new("requests", &[("path", path), ("knob", "0")], vec![body]))
            .collect()
    }

    fn mutate_meta(&self, rng: &mut Rng, case: &mut Case) {
        if rng.chance(8) {
            case.set("path", *rng.pick(seeds::PATHS));
        }
        if rng.chance(4) {
            case.set("knob", &rng.below(1 << 12).to_string());
        }
    }

    fn run(&mut self, case: &Case) -> Verdict {
        let path = case.get("path");
        let knob: usize = case.get("knob").parse().unwrap_or(0);
        let body = case.part(0);
        let Some(target) = ApiTarget::from_path(path) else {
            return Err(format!("seed path {path} not classified"));
        };
        let gemini = matches!(target.endpoint, Endpoint::GeminiGenerate | Endpoint::GeminiStream);
        let hint = target.path_model.clone();
        let req = match api::parse(&target, body, hint.as_deref(), &ParseOptions::default()) {
            Ok(r) => r,
            Err(e) => return Ok(class(&[path, "err", &shape(&e.to_string())])),
        };
        let encoding = match (knob & 3, gemini) {
            (0, true) => Encoding::Gemma3,
            (1, _) => Encoding::Cl100kBase,
            _ => Encoding::O200kBase,
        };
        let _ = (
            req.model(),
            req.stream(),
            req.choices(),
            req.output_cap(),
            req.extra_output(),
            req.user(),
        );
        let _ = (
            req.needs_usage_option(),
            req.client_asked_for_usage(),
            req.previous_response_id(),
        );
        let _ = (req.unmeterable(), req.cap_required(), req.turn());
        let counted = match req.count_input(encoding) {
            Ok(c) => c,
            Err(e) => return Ok(class(&[path, "count-err", &shape(&e.to_string())])),
        };
        let per_message: u64 = counted.per_message.iter().fold(0u64, |a, b| a.saturating_add(*b));
        if per_message > counted.total() {
            return Err(format!(
                "per-message tokens {per_message} exceed the total {}",
                counted.total()
            ));
        }
        // Rewrite: the model and/or cap and the usage option.
        let model = MODELS[(knob >> 2) % if gemini { 4 } else { MODELS.len() }];
        let cap = CAPS[(knob >> 5) % CAPS.len()];
        let rewrite = Rewrite {
            model: (knob & 0x100 == 0).then(|| model.to_string()),
            output_cap: (knob & 0x200 == 0).then_some(cap),
            include_usage: knob & 0x400 == 0 && req.stream(),
        };
        let rewritten = match req.rewrite(&rewrite, path) {
            Ok(r) => r,
            Err(e) => return Ok(class(&[path, "rewrite-err", &shape(&e.to_string())])),
        };
        if let Some(new) = &rewritten.body {
            check_rewrite(body, new, &[])?;
            let again = api::parse(&target, new, hint.as_deref(), &ParseOptions::default())
                .map_err(|e| format!("rewritten body no longer parses: {e}"))?;
            if !gemini {
                if let Some(m) = &rewrite.model {
                    if again.model() != m {
                        return Err(format!("rewritten model is {:?}, asked {:?}", again.model(), m));
                    }
                }
            }
            if let Some(c) = rewrite.output_cap {
                if target.endpoint != Endpoint::Embeddings && again.output_cap() != Some(c) {
                    return Err(format!("rewritten cap reads {:?}, asked {c}", again.output_cap()));
                }
            }
        }
        if let (Some(new_path), Some(m)) = (&rewritten.path, &rewrite.model) {
            let t =
                ApiTarget::from_path(new_path).ok_or_else(|| format!("rewritten path {new_path} not classified"))?;
            if t.path_model.as_deref() != Some(m.as_str()) || t.endpoint != target.endpoint {
                return Err(format!("rewritten path {new_path} does not name {m}"));
            }
        }
        // Trimming to a small target.
        let trim_to = counted.total() / (2 + (knob as u64 & 7));
        match req.trim(encoding, trim_to, "[pin]") {
            Ok(Some((new, _dropped))) => {
                check_rewrite(body, &new, &["messages"])?;
                api::parse(&target, &new, hint.as_deref(), &ParseOptions::default())
                    .map_err(|e| format!("trimmed body no longer parses: {e}"))?;
            }
            Ok(None) => {}
            Err(e) => return Ok(class(&[path, "trim-err", &shape(&e.to_string())])),
        }
        Ok(class(&[
            path,
            "ok",
            &(counted.is_exact()).to_string(),
            &rewritten.body.is_some().to_string(),
        ]))
    }
}

// ---------------------------------------------------------------------------------------
// prefix: a chat body read through the memo of recent bodies right after another one
// (part 0, the body the memo keeps; part 1, the new body, usually a mutation of it) must
// read exactly as the full parse reads it: the same request or the same error.

pub struct Prefix;

fn prefix_summary(r: &dyn api::LlmRequest) -> String {
    let encoding = Encoding::O200kBase;
    let rewrite = Rewrite {
        model: Some("gpt-4o-mini".into()),
        output_cap: Some(16),
        include_usage: true,
    };
    format!(
        "{} {} {} {:?} {:?} {} {:?} {:?} {:?}",
        r.model(),
        r.stream(),
        r.choices(),
        r.output_cap(),
        r.user(),
        r.client_asked_for_usage(),
        r.count_input(encoding),
        r.turn(),
        r.rewrite(&rewrite, "/v1/chat/completions").map(|w| w.body),
    )
}

impl Target for Prefix {
    fn name(&self) -> &'static str {
        "prefix"
    }

    fn max_len(&self) -> usize {
        16 * 1024
    }

    fn seeds(&self) -> Vec<Case> {
        let chats: Vec<Vec<u8>> = seeds::requests()
            .into_iter()
            .filter(|(path, b)| *path == seeds::CHAT && b.len() <= 16 * 1024)
            .map(|(_, b)| b)
            .collect();
        let mut out: Vec<Case> = chats
            .iter()
            .map(|b| Case::new("prefix", &[], vec![b.clone(), b.clone()]))
            .collect();
        // Consecutive bodies: the next one resends the first.
        for pair in chats.windows(2) {
            out.push(Case::new("prefix", &[], vec![pair[0].clone(), pair[1].clone()]));
        }
        out
    }

    fn run(&mut self, case: &Case) -> Verdict {
        let Some(target) = ApiTarget::from_path(seeds::CHAT) else {
            return Err("chat path not classified".into());
        };
        let options = ParseOptions::default();
        let memo = api::BodyMemo::new(tollgate_core::prefix_cache::PrefixLimits::DEFAULT);
        let counts = tollgate_core::count_cache::CountCache::new(tollgate_core::count_cache::CacheLimits::DEFAULT);
        // The kept body, counted (its counts go with it).
        if let Ok(kept) = api::parse_memo(&target, case.part(0), None, &options, &memo) {
            let _ = kept.count_input_memo(Encoding::O200kBase, &counts);
        }
        let fast = api::parse_memo(&target, case.part(1), None, &options, &memo);
        let whole = api::parse(&target, case.part(1), None, &options);
        let resumed = memo.take_stats().hits > 0;
        match (fast, whole) {
            (Ok(f), Ok(w)) => {
                let memo_count = f.count_input_memo(Encoding::O200kBase, &counts);
                if memo_count != w.count_input(Encoding::O200kBase) {
                    return Err(format!("memo count {memo_count:?} differs from the full parse's"));
                }
                let (a, b) = (prefix_summary(f.as_ref()), prefix_summary(w.as_ref()));
                if a != b {
                    return Err(format!("through the memo: {a}\nwhole: {b}"));
                }
                Ok(class(&["ok", if resumed { "resumed" } else { "fresh" }]))
            }
            (Err(a), Err(b)) if a == b => Ok(class(&["err", &shape(&a.to_string())])),
            (a, b) => Err(format!(
                "through the memo: {:?}; whole: {:?}",
                a.map(|r| prefix_summary(r.as_ref())),
                b.map(|r| prefix_summary(r.as_ref()))
            )),
        }
    }
}

// ---------------------------------------------------------------------------------------
// sse: the reader's framing whatever the chunking.

pub struct Sse;

/// Cut points for `len` bytes, from the case's own hash (so a saved case replays).
fn cuts(case: &Case, len: usize) -> Vec<usize> {
    let mut rng = Rng::new(case.hash());
    let mut out: Vec<usize> = match rng.below(4) {
        0 if len <= 4096 => (1..len).collect(), // one byte at a time
        1 => (0..1 + rng.below(3)).map(|_| rng.below(len + 1)).collect(),
        _ => (0..rng.small(32)).map(|_| rng.below(len + 1)).collect(),
    };
    out.sort_unstable();
    out.dedup();
    out
}

fn chunks<'a>(bytes: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut at = 0;
    for &c in cuts {
        out.push(&bytes[at..c]);
        at = c;
    }
    out.push(&bytes[at..]);
    out
}

type SseRun = (
    Vec<tollgate_core::sse::SseEvent>,
    Option<SseError>,
    Vec<u8>,
    tollgate_core::sse::SseTail,
);

fn sse_run(limit: usize, pieces: &[&[u8]]) -> SseRun {
    let mut r = SseReader::new(limit);
    let mut events = Vec::new();
    let mut error = None;
    let mut unparsed = Vec::new();
    for p in pieces {
        if let Err(e) = r.feed_into(p, &mut events) {
            error = Some(e);
            unparsed = r.take_unparsed();
            break;
        }
    }
    let tail = r.finish();
    (events, error, unparsed, tail)
}

impl Target for Sse {
    fn name(&self) -> &'static str {
        "sse"
    }

    fn seeds(&self) -> Vec<Case> {
        seeds::responses()
            .into_iter()
            .filter(|(_, n, _)| n.ends_with(".sse"))
            .map(|(_, _, b)| Case::new("sse", &[("limit", "1048576")], vec![b]))
            .collect()
    }

    fn mutate_meta(&self, rng: &mut Rng, case: &mut Case) {
        if rng.chance(8) {
            case.set("limit", &rng.pick(&[1usize, 16, 64, 200, 1024, 1 << 20]).to_string());
        }
    }

    fn run(&mut self, case: &Case) -> Verdict {
        let limit: usize = case.get("limit").parse().unwrap_or(1 << 20);
        let body = case.part(0);
        let whole = sse_run(limit, &[body]);
        let cut = cuts(case, body.len());
        let split = sse_run(limit, &chunks(body, &cut));
        // Framing: every byte once, in order.
        for (name, run) in [("whole", &whole), ("split", &split)] {
            let mut again = Vec::new();
            for e in &run.0 {
                again.extend_from_slice(&e.raw);
            }
            again.extend_from_slice(&run.2);
            if run.1.is_some() {
                // After an error the unread rest was not fed; add it back.
                let fed: usize = again.len();
                if fed <= body.len() && body.starts_with(&again) {
                    again.extend_from_slice(&body[fed..]);
                }
            }
            for e in &run.3.events {
                again.extend_from_slice(&e.raw);
            }
            again.extend_from_slice(&run.3.partial);
            if again != body {
                return Err(format!(
                    "{name}: emitted bytes are not the input ({} vs {} bytes)",
                    again.len(),
                    body.len()
                ));
            }
        }
        if whole.1.is_none() && split.1.is_none() && (whole.0 != split.0 || whole.3 != split.3) {
            return Err(format!("events differ between whole and split at {cut:?}"));
        }
        if whole.1.is_some() != split.1.is_some() {
            return Err(format!("size error whole={:?} split={:?} at {cut:?}", whole.1, split.1));
        }
        if whole.1.is_some() {
            let n = whole.0.len().min(split.0.len());
            if whole.0[..n] != split.0[..n] {
                return Err("events before the size error differ".into());
            }
        }
        Ok(class(&[
            &whole.0.len().min(8).to_string(),
            &whole.1.is_some().to_string(),
        ]))
    }
}

// ---------------------------------------------------------------------------------------
// usage: the response observer, whole vs split, with and without stripping.

pub struct Usage;

fn api_of(dir: &str) -> Option<ApiKind> {
    Some(match dir {
        "openai_chat" => ApiKind::OpenAiChat,
        "openai_completions" => ApiKind::OpenAiCompletions,
        "openai_embeddings" => ApiKind::OpenAiEmbeddings,
        "openai_responses" => ApiKind::OpenAiResponses,
        "anthropic_messages" => ApiKind::AnthropicMessages,
        "gemini" => ApiKind::Gemini,
        _ => return None,
    })
}

const APIS: &[&str] = &[
    "openai_chat",
    "openai_completions",
    "openai_embeddings",
    "openai_responses",
    "anthropic_messages",
    "gemini",
];

#[derive(Debug, PartialEq)]
struct Observed {
    forwarded: Vec<u8>,
    error: Option<String>,
    usage: Option<tollgate_core::usage::Usage>,
    outcome: String,
    relayed: (String, u64, u64),
    id: Option<String>,
    model: Option<String>,
    malformed: u32,
    stripped: u32,
    terminal: bool,
}

fn observe(config: ObserverConfig, pieces: &[&[u8]]) -> Observed {
    let mut o = ResponseObserver::new(config);
    let mut forwarded = Vec::new();
    let mut error = None;
    for p in pieces {
        match o.feed(p) {
            Ok(b) => forwarded.extend_from_slice(&b),
            Err(e) => error = Some(e.to_string()),
        }
    }
    forwarded.extend_from_slice(&o.finish());
    Observed {
        forwarded,
        error,
        usage: o.usage(),
        outcome: format!("{:?}", o.outcome()),
        relayed: (
            o.relayed_output_text().to_string(),
            o.relayed_output_chars(),
            o.relayed().bytes(),
        ),
        id: o.response_id().map(str::to_string),
        model: o.response_model().map(str::to_string),
        malformed: o.malformed_events().0,
        stripped: o.stripped_events(),
        terminal: o.saw_terminal_event(),
    }
}

impl Target for Usage {
    fn name(&self) -> &'static str {
        "usage"
    }

    fn seeds(&self) -> Vec<Case> {
        seeds::responses()
            .into_iter()
            .map(|(api, name, b)| {
                let format = if name.ends_with(".sse") { "sse" } else { "json" };
                Case::new(
                    "usage",
                    &[("api", &api), ("format", format), ("strip", "1"), ("limit", "4194304")],
                    vec![b],
                )
            })
            .collect()
    }

    fn mutate_meta(&self, rng: &mut Rng, case: &mut Case) {
        if rng.chance(16) {
            case.set("api", *rng.pick(APIS));
        }
        if rng.chance(16) {
            case.set("format", if rng.chance(2) { "sse" } else { "json" });
        }
        if rng.chance(8) {
            case.set("strip", if rng.chance(2) { "1" } else { "0" });
        }
        if rng.chance(8) {
            case.set("limit", &rng.pick(&[1usize, 64, 300, 4096, 4 << 20]).to_string());
        }
    }

    fn run(&mut self, case: &Case) -> Verdict {
        let api = api_of(case.get("api")).ok_or("unknown api")?;
        let format = if case.get("format") == "sse" {
            BodyFormat::Sse
        } else {
            BodyFormat::Json
        };
        let strip = case.get("strip") == "1";
        let limit: usize = case.get("limit").parse().unwrap_or(4 << 20);
        let config = ObserverConfig {
            api,
            format,
            strip_usage_chunk: strip,
            max_buffer_bytes: limit,
        };
        let body = case.part(0);
        let whole = observe(config, &[body]);
        let cut = cuts(case, body.len());
        let split = observe(config, &chunks(body, &cut));
        if whole != split {
            let what = if whole.forwarded != split.forwarded {
                "relayed bytes"
            } else if whole.usage != split.usage {
                "usage"
            } else if whole.outcome != split.outcome {
                "outcome"
            } else {
                "observations"
            };
            return Err(format!(
                "{what} differ between whole and split at {cut:?}:\n whole {:?}\n split {:?}",
                Summary(&whole),
                Summary(&split)
            ));
        }
        if !strip && whole.forwarded != body {
            return Err("without stripping, the relayed bytes are not the upstream bytes".into());
        }
        if strip && whole.stripped == 0 && whole.forwarded != body {
            return Err("bytes changed though no event was stripped".into());
        }
        if let Some(u) = whole.usage {
            if u.reasoning_tokens > u.output_tokens {
                return Err(format!("reasoning {} > output {}", u.reasoning_tokens, u.output_tokens));
            }
        }
        Ok(class(&[
            case.get("api"),
            case.get("format"),
            &whole.outcome.chars().take(14).collect::<String>(),
        ]))
    }
}

struct Summary<'a>(&'a Observed);

impl fmt::Debug for Summary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let o = self.0;
        write!(
            f,
            "forwarded={}B usage={:?} outcome={} id={:?} model={:?} relayed={:?} malformed={} stripped={} terminal={} err={:?}",
            o.forwarded.len(),
            o.usage,
            short(&o.outcome),
            o.id,
            o.model,
            (o.relayed.1, o.relayed.2),
            o.malformed,
            o.stripped,
            o.terminal,
            o.error
        )
    }
}

// ---------------------------------------------------------------------------------------
// config: never panics; an error names a field.

pub struct Config;

/// A configuration using most sections, as a seed (all values valid).
pub const RICH_CONFIG: &str = r#"{
  "hold_request_headers": true, "max_body_bytes": 1048576, "on_unjudgeable": "reject",
  "unknown_model": {"price_as": "gpt-4o"}, "default_max_output_tokens": 512, "min_output_tokens": 16,
  "on_hard_limit": "lower_output_cap", "response_headers": true, "reservation_ttl_seconds": 300,
  "estimate_margin_percent": 10, "encodings": {"my-model*": "cl100k_base"},
  "prices": {"my-model": {"input_usd_per_mtok": "1.00", "output_usd_per_mtok": "2.00"}},
  "routing": [{"name": "cheap", "when": {"model": ["gpt-4o"], "header": {"name": "x-tier", "value": "free"}}, "model": "gpt-4o-mini"}],
  "budgets": [
    {"name": "user-minute", "scope": [{"header": "x-user-id"}], "window": "minute", "limit": {"tokens": 5000000}, "kind": "hard"},
    {"name": "user-day-usd", "scope": [{"header": "x-user-id"}, "model"], "window": "day", "limit": {"usd": "5.00"}, "kind": "hard", "on_missing": "shared", "models": ["gpt-4o*"]},
    {"name": "team-soft", "scope": [{"property": ["metadata", "team"]}], "window": {"seconds": 3600}, "limit": {"usd": 1.5}, "kind": "soft"},
    {"name": "per-request", "window": "request", "limit": {"tokens": 200000}, "kind": "hard"}
  ],
  "sessions": {"key": [{"header": "x-session-id"}], "derive": true, "derive_scope": [{"header": "x-user-id"}]},
  "breakers": [{"name": "feature-spend", "scope": [{"header": "x-feature"}]}],
  "context": {"growth_alert_tokens": 6000},
  "admin": {"path_prefix": "/tollgate/", "bearer_token": "0123456789abcdef-token"}
}"#;

impl Target for Config {
    fn name(&self) -> &'static str {
        "config"
    }

    fn max_len(&self) -> usize {
        16 * 1024
    }

    fn seeds(&self) -> Vec<Case> {
        let mut v: Vec<Case> = seeds::configs()
            .into_iter()
            .map(|b| Case::new("config", &[], vec![b]))
            .collect();
        v.push(Case::new("config", &[], vec![RICH_CONFIG.as_bytes().to_vec()]));
        v.push(Case::new("config", &[], vec![b"{}".to_vec()]));
        v
    }

    fn run(&mut self, case: &Case) -> Verdict {
        let Ok(text) = std::str::from_utf8(case.part(0)) else {
            return Ok(0); // the host hands the filter a string
        };
        match Policy::from_json(text) {
            Ok(p) => {
                let e = Engine::new(p);
                let head = RequestHead {
                    method: "POST",
                    path: seeds::CHAT,
                    content_encoding: None,
                    content_length: Some(10),
                    has_body: true,
                };
                let _ = e.on_head(&head);
                Ok(1)
            }
            Err(ConfigError::Field { path, message }) => {
                if path.is_empty() || message.trim().is_empty() {
                    return Err(format!("error names no field: path={path:?} message={message:?}"));
                }
                let field = path.split(['.', '[']).next().unwrap_or_default();
                Ok(class(&["err", &shape(field)]))
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// admin: no 200 without the token.

pub struct Admin {
    engine: Engine,
    store: MemStore,
}

const ADMIN_TOKEN: &str = "0123456789abcdef-token";

/// The token, exactly: the header is the scheme, whitespace, the token (nothing else).
fn carries_token(authorization: &str) -> bool {
    let words: Vec<&str> = authorization.split_whitespace().collect();
    matches!(words.as_slice(), [scheme, token] if scheme.eq_ignore_ascii_case("bearer") && *token == ADMIN_TOKEN)
}

impl Admin {
    fn new() -> Admin {
        let engine = match Policy::from_json(RICH_CONFIG) {
            Ok(p) => Engine::new(p),
            Err(e) => panic!("the rich config must compile: {e}"),
        };
        Admin {
            engine,
            store: MemStore::new(),
        }
    }
}

impl Target for Admin {
    fn name(&self) -> &'static str {
        "admin"
    }

    fn max_len(&self) -> usize {
        2048
    }

    fn seeds(&self) -> Vec<Case> {
        let mut v = Vec::new();
        for (m, p) in [
            ("GET", "/tollgate/counters?budget=user-minute&key=alice"),
            ("GET", "/tollgate/counters?budget=user-day-usd&key=alice&key=gpt-4o"),
            ("POST", "/tollgate/breakers/reset?breaker=feature-spend&key=search"),
            ("GET", "/tollgate/counters?budget=per-request"),
            ("GET", "/v1/chat/completions"),
        ] {
            for auth in [
                format!("Bearer {ADMIN_TOKEN}"),
                format!("bearer  {ADMIN_TOKEN} "),
                "Bearer 0123456789abcdef-tokem".to_string(),
                String::new(),
            ] {
                v.push(Case::new("admin", &[], vec![m.into(), p.into(), auth.into_bytes()]));
            }
        }
        v
    }

    fn run(&mut self, case: &Case) -> Verdict {
        let method = String::from_utf8_lossy(case.part(0));
        let path = String::from_utf8_lossy(case.part(1));
        let auth = case.parts.get(2).map(|a| String::from_utf8_lossy(a).into_owned());
        let reply = self
            .engine
            .admin(&method, &path, auth.as_deref(), 1_796_000_000, &self.store);
        let Some(r) = reply else {
            if path.starts_with("/tollgate/") {
                return Err("an admin path got no admin answer".into());
            }
            return Ok(0);
        };
        if !path.starts_with("/tollgate/") {
            return Err(format!("a non-admin path {path:?} got an admin answer"));
        }
        let authorized = auth.as_deref().is_some_and(carries_token);
        if (200..300).contains(&r.status) && !authorized {
            return Err(format!("admin answered {} to authorization {auth:?}", r.status));
        }
        if !authorized && r.status != 401 {
            return Err(format!("admin answered {} (not 401) without the token", r.status));
        }
        if serde_json::from_slice::<serde::de::IgnoredAny>(&r.body).is_err() {
            return Err("admin reply is not JSON".into());
        }
        Ok(class(&[
            &r.status.to_string(),
            &(method == "GET" || method == "POST").to_string(),
        ]))
    }
}

// ---------------------------------------------------------------------------------------
// flow: head → decide → response head → body → conclude → settle; nothing stays held.

pub struct Flow {
    engine: Engine,
    store: MemStore,
    requests: u64,
    responses: HashMap<ApiKind, Vec<(BodyFormat, Vec<u8>)>>,
}

struct Attrs<'a>(&'a Case);

impl Attributes for Attrs<'_> {
    fn header(&self, name: &str) -> Option<String> {
        let v = match name {
            "x-user-id" => self.0.get("user"),
            "x-session-id" => self.0.get("session"),
            "x-feature" => self.0.get("feature"),
            "x-tier" => "free",
            _ => return None,
        };
        (!v.is_empty()).then(|| v.to_string())
    }
    fn property(&self, path: &[String]) -> Option<String> {
        (path.join(".") == "metadata.team").then(|| self.0.get("team").to_string())
    }
}

const USERS: &[&str] = &["alice", "bob", "", "\u{e9}ve"];
const STATUSES: &[&str] = &["200", "200", "200", "201", "429", "500", "0"];
const T0: u64 = 1_796_000_000;

impl Flow {
    fn new() -> Flow {
        let engine = match Policy::from_json(RICH_CONFIG) {
            Ok(p) => Engine::new(p),
            Err(e) => panic!("the rich config must compile: {e}"),
        };
        let mut responses: HashMap<ApiKind, Vec<(BodyFormat, Vec<u8>)>> = HashMap::new();
        for (api, name, body) in seeds::responses() {
            if let Some(k) = api_of(&api) {
                let f = if name.ends_with(".sse") {
                    BodyFormat::Sse
                } else {
                    BodyFormat::Json
                };
                responses.entry(k).or_default().push((f, body));
            }
        }
        Flow {
            engine,
            store: MemStore::new(),
            requests: 0,
            responses,
        }
    }

    fn held(&self, user: &str, model: &str, team: &str, now: u64) -> Vec<(String, u64)> {
        let mut out = Vec::new();
        for (budget, keys) in [
            ("user-minute", vec![user.to_string()]),
            ("user-day-usd", vec![user.to_string(), model.to_string()]),
            ("team-soft", vec![team.to_string()]),
            ("per-request", vec![]),
        ] {
            if let Some((snap, _, _)) = self.engine.read_budget(budget, &keys, now, &self.store) {
                if snap.held > 0 {
                    out.push((format!("{budget}[{}]", keys.join(",")), snap.held));
                }
            }
        }
        out
    }
}

impl Target for Flow {
    fn name(&self) -> &'static str {
        "flow"
    }

    fn max_len(&self) -> usize {
        8 * 1024
    }

    fn rounds(&self) -> usize {
        2
    }

    fn seeds(&self) -> Vec<Case> {
        let mut rng = Rng::new(7);
        let mut v = Vec::new();
        // Small requests only: the flow is about holds and rewrites, and tokenising long
        // texts (the `requests` target covers them) would dominate its time.
        for (path, body) in seeds::requests().into_iter().filter(|(_, b)| b.len() <= 2048) {
            let t = ApiTarget::from_path(path).map(|t| t.endpoint.api_kind());
            let resp = t
                .and_then(|k| self.responses.get(&k))
                .map(|r| r[rng.below(r.len())].clone())
                .unwrap_or((BodyFormat::Json, b"{}".to_vec()));
            let ct = if resp.0 == BodyFormat::Sse {
                "text/event-stream"
            } else {
                "application/json"
            };
            v.push(Case::new(
                "flow",
                &[
                    ("path", path),
                    ("user", "alice"),
                    ("team", "core"),
                    ("session", "s1"),
                    ("feature", "search"),
                    ("status", "200"),
                    ("ct", ct),
                    ("enc", ""),
                    ("complete", "1"),
                ],
                vec![body, resp.1],
            ));
        }
        v
    }

    fn mutate_meta(&self, rng: &mut Rng, case: &mut Case) {
        match rng.below(12) {
            0 => case.set("path", *rng.pick(seeds::PATHS)),
            1 => case.set("user", *rng.pick(USERS)),
            2 => case.set("status", *rng.pick(STATUSES)),
            3 => case.set("ct", *rng.pick(&["text/event-stream", "application/json", ""])),
            4 => case.set("enc", *rng.pick(&["", "gzip", "identity"])),
            5 => case.set("complete", *rng.pick(&["0", "1"])),
            6 => case.set("session", *rng.pick(&["s1", "s2", ""])),
            7 => case.set("team", *rng.pick(&["core", ""])),
            _ => {}
        }
    }

    fn run(&mut self, case: &Case) -> Verdict {
        self.requests += 1;
        if self.requests % 16 == 0 {
            self.store = MemStore::new();
        }
        let now = T0 + self.requests / 16;
        let path = case.get("path");
        let body = case.part(0);
        let head = RequestHead {
            method: "POST",
            path,
            content_encoding: None,
            content_length: Some(body.len() as u64),
            has_body: true,
        };
        let attrs = Attrs(case);
        let metrics = Recorder::new();
        let dest = match self.engine.on_head(&head) {
            HeadVerdict::ReadBody(d) => d,
            other => {
                return Ok(class(&[
                    "head",
                    &format!("{other:?}").chars().take(20).collect::<String>(),
                ]));
            }
        };
        let verdict = self.engine.decide(
            &dest,
            path,
            body,
            &Host {
                attrs: &attrs,
                now,
                store: &self.store,
                metrics: &metrics,
                in_flight: None,
            },
        );
        let user = case.get("user");
        let team = case.get("team");
        let admission = match verdict {
            BodyVerdict::Forward(a) => a,
            BodyVerdict::Reject(r) => {
                let held = self.held(user, "gpt-4o", team, now);
                if !held.is_empty() {
                    return Err(format!("rejected ({}) but reservations stay held: {held:?}", r.status));
                }
                if serde_json::from_slice::<serde::de::IgnoredAny>(&r.body).is_err() {
                    return Err("a reject reply is not JSON".into());
                }
                return Ok(class(&["reject", &r.status.to_string(), r.code_name()]));
            }
            BodyVerdict::PassUncounted(why) => {
                let held = self.held(user, "gpt-4o", team, now);
                if !held.is_empty() {
                    return Err(format!("passed uncounted ({why}) but reservations stay held: {held:?}"));
                }
                return Ok(class(&["pass", why.as_str()]));
            }
            BodyVerdict::Ask(_) => return Err("asked the quota service without global budgets".into()),
        };
        // While in flight, the ledger holds exactly this request's reservation.
        let index = self.engine.policy.budgets.iter().position(|b| b.name == "user-minute");
        let mine: u64 = admission
            .ticket
            .holds
            .iter()
            .filter(|h| Some(h.budget) == index)
            .filter_map(|h| h.hold.as_ref().map(|x| x.amount))
            .sum();
        let in_flight = self
            .engine
            .read_budget("user-minute", &[user.to_string()], now, &self.store)
            .map(|(snap, _, _)| snap.held)
            .unwrap_or(0);
        if in_flight != mine {
            return Err(format!("in flight: user-minute holds {in_flight}, the ticket {mine}"));
        }
        if let Some(new) = &admission.body {
            check_rewrite(body, new, &[])?;
        }
        let ticket: &Ticket = &admission.ticket;
        let model = ticket.model.clone();
        // The response.
        let status: u32 = case.get("status").parse().unwrap_or(200);
        let ct = case.get("ct");
        let enc = case.get("enc");
        let plan =
            self.engine
                .on_response_head(ticket, (!ct.is_empty()).then_some(ct), (!enc.is_empty()).then_some(enc));
        let mut observer = plan.observer;
        let response = case.part(1);
        if let Some(o) = observer.as_mut() {
            for piece in chunks(response, &cuts(case, response.len())) {
                let _ = o.feed(piece);
            }
            let _ = o.finish();
        }
        let complete = case.get("complete") != "0";
        let end = ResponseEnd {
            status: Some(status).filter(|s| *s > 0),
            complete,
            upstream_reached: true,
        };
        let concluded: Concluded = self.engine.conclude(ticket, end, observer.as_ref());
        let report = self.engine.settle(ticket, &concluded, now, &self.store, &metrics);
        let _ = report;
        let held = self.held(user, &model, team, now);
        if !held.is_empty() {
            return Err(format!(
                "after settling ({:?}) reservations stay held: {held:?}",
                concluded.settlement
            ));
        }
        Ok(class(&[
            "forward",
            &format!("{:?}", concluded.settlement)
                .chars()
                .take(12)
                .collect::<String>(),
        ]))
    }
}
