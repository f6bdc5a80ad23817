//! Seed inputs read from tests/fixtures (requests, decisions, tokens, transcripts,
//! responses, guards) and turned into fuzz cases. Reads files only; writes nothing.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");

pub fn files(dir: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = match fs::read_dir(Path::new(FIXTURES).join(dir)) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect(),
        Err(_) => Vec::new(),
    };
    out.sort();
    out
}

pub fn json(path: &Path) -> Option<Value> {
    serde_json::from_slice(&fs::read(path).ok()?).ok()
}

fn to_vec(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap_or_default()
}

pub const CHAT: &str = "/v1/chat/completions";
pub const COMPLETIONS: &str = "/v1/completions";
pub const EMBEDDINGS: &str = "/v1/embeddings";
pub const RESPONSES: &str = "/v1/responses";
pub const MESSAGES: &str = "/v1/messages";
pub const GEMINI: &str = "/v1beta/models/gemini-2.5-flash:generateContent";
pub const GEMINI_STREAM: &str = "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse";
pub const PATHS: &[&str] = &[
    CHAT,
    COMPLETIONS,
    EMBEDDINGS,
    RESPONSES,
    MESSAGES,
    GEMINI,
    GEMINI_STREAM,
];

/// (request path, body) of every request seed; transcripts give their small turns.
pub fn requests() -> Vec<(&'static str, Vec<u8>)> {
    let mut out = Vec::new();
    for (dir, path) in [
        ("requests/responses", RESPONSES),
        ("requests/anthropic", MESSAGES),
        ("requests/gemini", GEMINI),
    ] {
        for f in files(dir) {
            if let Ok(b) = fs::read(&f) {
                out.push((path, b));
            }
        }
    }
    for f in files("requests/gemini") {
        if let Ok(b) = fs::read(&f) {
            out.push((GEMINI_STREAM, b));
        }
    }
    for f in files("decisions") {
        let Some(v) = json(&f) else { continue };
        let path = match v["request"]["path"].as_str() {
            Some(p) => PATHS.iter().copied().find(|k| *k == p),
            None => None,
        };
        if let (Some(path), Some(body)) = (path, v["request"].get("body")) {
            out.push((path, to_vec(body)));
        }
    }
    if let Some(v) = json(&Path::new(FIXTURES).join("tokens/chat.json")) {
        for c in v["cases"].as_array().into_iter().flatten() {
            if let Some(r) = c.get("request") {
                out.push((CHAT, to_vec(r)));
            }
        }
    }
    for f in files("transcripts") {
        if f.extension().is_some_and(|e| e == "json") && f.metadata().map(|m| m.len() < 400_000).unwrap_or(false) {
            let Some(v) = json(&f) else { continue };
            let mut taken = 0;
            for t in v["turns"].as_array().into_iter().flatten() {
                let body = to_vec(&t["request"]);
                if body.len() < 6_000 && taken < 3 {
                    out.push((CHAT, body));
                    taken += 1;
                }
            }
        }
    }
    out
}

/// (api directory, file name, body) of every recorded response.
pub fn responses() -> Vec<(String, String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = fs::read_dir(Path::new(FIXTURES).join("responses"))
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    for d in dirs {
        let api = d.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        for f in files(&format!("responses/{api}")) {
            let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
            if name.ends_with(".expected.json") || !(name.ends_with(".json") || name.ends_with(".sse")) {
                continue;
            }
            if let Ok(b) = fs::read(&f) {
                out.push((api.clone(), name, b));
            }
        }
    }
    out
}

/// Every configuration in the fixtures (decisions' and transcripts' `config`, guards).
pub fn configs() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for dir in ["decisions", "transcripts"] {
        for f in files(dir) {
            if f.metadata().map(|m| m.len() > 400_000).unwrap_or(true) {
                continue;
            }
            if let Some(c) = json(&f).and_then(|v| v.get("config").cloned()) {
                out.push(serde_json::to_vec_pretty(&c).unwrap_or_default());
            }
        }
    }
    for f in files("guards") {
        if let Ok(b) = fs::read(&f) {
            out.push(b);
        }
    }
    out.sort();
    out.dedup();
    out
}
