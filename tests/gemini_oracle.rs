//! Checks `core::gemma::count` (pure Rust, in the filter) against exact Gemini token counts
//! from Google's C++ sentencepiece with the Gemma 3 model, stored in
//! tests/fixtures/tokens/gemini.json by scripts/gemini-oracle (`scripts/gen_gemini_fixtures.sh`;
//! never edit counts by hand). Text format as in tests/token_oracle.rs.

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::error::Error;
use std::path::PathBuf;

use serde_json::Value;
use tollgate_core::gemma;

type TestResult = Result<(), Box<dyn Error>>;

struct Report(String);

impl std::fmt::Debug for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Error for Report {}

fn load_doc() -> Result<Value, Box<dyn Error>> {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("tests/fixtures/tokens/gemini.json");
    let raw = std::fs::read_to_string(&path)
        .map_err(|e| format!("reading {}: {e} (run scripts/gen_gemini_fixtures.sh)", path.display()))?;
    Ok(serde_json::from_str(&raw)?)
}

fn expand(text: &Value) -> Result<String, Box<dyn Error>> {
    if let Some(s) = text.as_str() {
        return Ok(s.to_owned());
    }
    let mut out = String::new();
    for part in text["parts"]
        .as_array()
        .ok_or("text is neither a string nor {\"parts\": [...]}")?
    {
        match part.as_str() {
            Some(s) => out.push_str(s),
            None => {
                let unit = part["repeat"].as_str().ok_or("part without \"repeat\"")?;
                let times = part["times"].as_u64().ok_or("part without \"times\"")?;
                out.push_str(&unit.repeat(usize::try_from(times)?));
            }
        }
    }
    Ok(out)
}

#[test]
fn gemma_counts_match_sentencepiece() -> TestResult {
    let doc = load_doc()?;
    let cases = doc["cases"].as_array().ok_or("gemini.json has no \"cases\" array")?;
    assert!(cases.len() >= 150, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().ok_or("case without a name")?;
        let text = expand(&case["text"])?;
        let want = case["gemini"]
            .as_u64()
            .ok_or_else(|| format!("case {name}: no gemini count"))?;
        let got = gemma::count(&text)?;
        if got != want {
            let preview: String = text.chars().take(60).collect();
            failures.push(format!(
                "  {name} [{}]: tollgate {got}, sentencepiece {want} (text {} chars, starts {preview:?})",
                case["category"].as_str().unwrap_or("?"),
                text.chars().count()
            ));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(Box::new(Report(format!(
            "{} of {} cases disagree with sentencepiece:\n{}",
            failures.len(),
            cases.len(),
            failures.join("\n")
        ))))
    }
}

/// The oracle reproduced Google's documented examples when it wrote the fixture, and so
/// must the filter.
#[test]
fn documented_examples() -> TestResult {
    let doc = load_doc()?;
    assert!(!doc["gemini_tokenizer_version"].as_str().unwrap_or("").is_empty());
    let examples = doc["verified_examples"].as_array().ok_or("no verified_examples")?;
    assert!(examples.len() >= 3);
    for e in examples {
        let text = e["text"].as_str().ok_or("example without text")?;
        let want = e["documented_tokens"]
            .as_u64()
            .or_else(|| e["documented_token_ids"].as_array().map(|ids| ids.len() as u64))
            // Not documented, but what the oracle counted (see the entry's note).
            .or_else(|| e["pieces"].as_u64())
            .ok_or("example without a count")?;
        assert_eq!(gemma::count(text)?, want, "{text:?}");
    }
    Ok(())
}

#[test]
fn loads_lazily() -> TestResult {
    // Counting the empty string must not load the vocabulary; anything else does.
    assert_eq!(gemma::count("")?, 0);
    assert_eq!(gemma::count("hello world")?, 2);
    assert!(gemma::is_loaded());
    Ok(())
}

/// The highlighted boundaries are the pieces sentencepiece counts: one end per piece, so
/// as many ends as the oracle's count unless a character falls back to bytes (several
/// tokens, one visible end); always increasing, on character boundaries, ending the text.
#[test]
fn token_ends_agree_with_sentencepiece_counts() -> TestResult {
    let doc = load_doc()?;
    let cases = doc["cases"].as_array().ok_or("gemini.json has no \"cases\" array")?;
    let mut equal = 0;
    for case in cases {
        let name = case["name"].as_str().ok_or("case without a name")?;
        let text = expand(&case["text"])?;
        let want = case["gemini"].as_u64().ok_or("no gemini count")?;
        let ends = gemma::token_ends(&text)?;
        assert!(ends.len() as u64 <= want, "{name}: {} ends, {want} tokens", ends.len());
        assert!(ends.windows(2).all(|w| w[0] < w[1]), "{name}");
        assert!(ends.iter().all(|e| text.is_char_boundary(*e)), "{name}");
        assert_eq!(ends.last().copied(), (!text.is_empty()).then_some(text.len()), "{name}");
        if ends.len() as u64 == want {
            equal += 1;
        }
    }
    // Byte fallback is rare (unknown characters); most cases must match one for one.
    assert!(equal * 10 >= cases.len() * 9, "only {equal} of {} cases", cases.len());
    Ok(())
}
