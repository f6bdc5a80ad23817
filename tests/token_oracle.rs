//! Checks `core::tokens::Encoding::count` against oracle counts produced by OpenAI's Python
//! `tiktoken` (`enc.encode_ordinary`), stored in tests/fixtures/tokens/text.json.
//! Regenerate the fixture with `scripts/gen_token_fixtures.sh`; never edit counts by hand.
//!
//! A case's "text" is a JSON string, or `{"parts": [PART, ...]}` expanded to the
//! concatenation of its parts, where PART is a string or `{"repeat": S, "times": N}` (S
//! repeated N times). `scripts/gen_token_fixtures.py::expand` applies the same rule.

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::error::Error;
use std::path::PathBuf;

use serde_json::Value;
use tollgate_core::tokens::Encoding;

type TestResult = Result<(), Box<dyn Error>>;

/// A multi-line failure report; `Debug` prints it verbatim (a test's `Err` is shown with
/// `{:?}`, which would otherwise escape the newlines and quotes).
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

const ENCODINGS: [Encoding; 2] = [Encoding::Cl100kBase, Encoding::O200kBase];

struct Case {
    name: String,
    category: String,
    text: String,
    expected: BTreeMap<&'static str, u64>,
}

fn fixture_path() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("tests/fixtures/tokens/text.json")
}

fn load_doc() -> Result<Value, Box<dyn Error>> {
    let path = fixture_path();
    let raw = std::fs::read_to_string(&path)
        .map_err(|e| format!("reading {}: {e} (run scripts/gen_token_fixtures.sh)", path.display()))?;
    Ok(serde_json::from_str(&raw)?)
}

fn expand(text: &Value, case: &str) -> Result<String, Box<dyn Error>> {
    if let Some(s) = text.as_str() {
        return Ok(s.to_owned());
    }
    let parts = text
        .get("parts")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("case {case}: text is neither a string nor {{\"parts\": [...]}}"))?;
    let mut out = String::new();
    for part in parts {
        if let Some(s) = part.as_str() {
            out.push_str(s);
            continue;
        }
        let unit = part
            .get("repeat")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("case {case}: part without a string \"repeat\": {part}"))?;
        let times = part
            .get("times")
            .and_then(Value::as_u64)
            .ok_or_else(|| format!("case {case}: part without an integer \"times\": {part}"))?;
        out.push_str(&unit.repeat(usize::try_from(times)?));
    }
    Ok(out)
}

fn load_cases() -> Result<Vec<Case>, Box<dyn Error>> {
    let doc = load_doc()?;
    let cases = doc
        .get("cases")
        .and_then(Value::as_array)
        .ok_or("text.json has no \"cases\" array")?;
    let mut out = Vec::with_capacity(cases.len());
    for c in cases {
        let name = c
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("case without a name: {c}"))?
            .to_owned();
        let category = c
            .get("category")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("case {name}: no category"))?
            .to_owned();
        let text = expand(c.get("text").ok_or_else(|| format!("case {name}: no text"))?, &name)?;
        let mut expected = BTreeMap::new();
        for enc in ENCODINGS {
            let n = c
                .get(enc.name())
                .and_then(Value::as_u64)
                .ok_or_else(|| format!("case {name}: no {} count", enc.name()))?;
            expected.insert(enc.name(), n);
        }
        out.push(Case {
            name,
            category,
            text,
            expected,
        });
    }
    Ok(out)
}

/// Counts every case with `encoding`; fails listing every mismatching case at once.
fn check_encoding(encoding: Encoding) -> TestResult {
    let cases = load_cases()?;
    let mut failures = Vec::new();
    for case in &cases {
        let expected = case
            .expected
            .get(encoding.name())
            .copied()
            .ok_or_else(|| format!("case {}: no {} count", case.name, encoding.name()))?;
        let got = encoding
            .count(&case.text)
            .map_err(|e| format!("case {}: {e}", case.name))?;
        if got != expected {
            let preview: String = case.text.chars().take(60).collect();
            failures.push(format!(
                "  {} [{}]: tollgate {got}, tiktoken {expected} (text {} chars, starts {preview:?})",
                case.name,
                case.category,
                case.text.chars().count(),
            ));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(Box::new(Report(format!(
            "{} of {} cases disagree with tiktoken for {}:\n{}",
            failures.len(),
            cases.len(),
            encoding.name(),
            failures.join("\n")
        ))))
    }
}

#[test]
fn cl100k_base_matches_tiktoken() -> TestResult {
    check_encoding(Encoding::Cl100kBase)
}

#[test]
fn o200k_base_matches_tiktoken() -> TestResult {
    check_encoding(Encoding::O200kBase)
}

/// Guards against a truncated or hand-pruned fixture: enough cases, every category covered,
/// unique names, and the generator's provenance recorded.
#[test]
fn fixture_is_complete() -> TestResult {
    let doc = load_doc()?;
    let version = doc
        .get("tiktoken_version")
        .and_then(Value::as_str)
        .ok_or("text.json header has no tiktoken_version")?;
    assert!(!version.is_empty(), "empty tiktoken_version");

    let cases = load_cases()?;
    assert!(cases.len() >= 80, "only {} cases", cases.len());

    let mut names = std::collections::BTreeSet::new();
    let mut per_category: BTreeMap<&str, usize> = BTreeMap::new();
    for case in &cases {
        assert!(names.insert(case.name.as_str()), "duplicate case name {}", case.name);
        *per_category.entry(case.category.as_str()).or_default() += 1;
    }
    for category in [
        "prose",
        "code",
        "json",
        "cjk",
        "emoji",
        "mixed_script",
        "whitespace",
        "numbers",
        "special_tokens",
        "combining",
        "long_words",
        "urls",
    ] {
        assert!(
            per_category.get(category).copied().unwrap_or(0) > 0,
            "no cases in category {category}: {per_category:?}"
        );
    }

    // The expansion rule must produce the long inputs the brief asks for.
    let a = cases
        .iter()
        .find(|c| c.name == "a_100000")
        .ok_or("missing case a_100000")?;
    assert_eq!(a.text.len(), 100_000);
    assert!(a.text.bytes().all(|b| b == b'a'));
    let spaces = cases
        .iter()
        .find(|c| c.name == "spaces_10000")
        .ok_or("missing case spaces_10000")?;
    assert_eq!(spaces.text, " ".repeat(10_000));
    Ok(())
}
