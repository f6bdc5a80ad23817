//! The walker the API parsers share: a body is walked once to validate (no encoding) and
//! once to count (with one), emitting `Piece`s that a `Tally` adds up; the typed view of a
//! raw member, and the media helpers (data URLs, base64 sizes, PDF pages).
//! Pure: no I/O, no pricing, no budgets; knows no particular API.

use base64::Engine as _;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{ApiError, InputCount, WorstCases};
use crate::images;
use crate::json_raw::RawObject;
use crate::tokens::Encoding;

// ---------------------------------------------------------------------------------------
// Shared walker: the three non-chat parsers walk their bodies once to validate (no
// encoding) and once to count (with one), emitting the same kinds of pieces.
// ---------------------------------------------------------------------------------------

/// One piece of a request's input as a walker emits it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Piece<'a> {
    /// Text the model reads, counted with the encoding (`InputCount::text`).
    Text(&'a str),
    /// A JSON value the model reads as text (tool inputs, schemas), counted as its
    /// compact JSON text (`InputCount::text`; the provider's rendering may differ).
    Json(&'a Value),
    /// Strings of a shape we do not know, counted with the encoding but as an estimate.
    Guess(&'a str),
    /// A JSON value of unknown rendering, counted as compact JSON text, as an estimate.
    GuessJson(&'a Value),
    /// Tokens already estimated by formula or guess (images, files, encrypted blobs).
    Estimate(u64),
    /// A base64 PDF, estimated at `per_page` tokens per page; pages are counted from the
    /// decoded file only when counting (validation does not decode it).
    Pdf { data: &'a str, per_page: u64 },
    /// Per-message, per-tool and priming constants.
    Framing(u64),
}

/// Adds pieces up. Without an encoding it only lets the walker validate.
/// Carries the configured worst cases for inputs of unknown size.
pub(super) struct Tally {
    encoding: Option<Encoding>,
    count: InputCount,
    pub(super) worst: WorstCases,
}

impl Tally {
    pub(super) fn validating(worst: WorstCases) -> Tally {
        Tally {
            encoding: None,
            count: InputCount::default(),
            worst,
        }
    }

    pub(super) fn counting(encoding: Encoding, worst: WorstCases) -> Tally {
        Tally {
            encoding: Some(encoding),
            count: InputCount::default(),
            worst,
        }
    }

    pub(super) fn add(&mut self, piece: Piece<'_>) -> Result<(), ApiError> {
        let Some(encoding) = self.encoding else {
            return Ok(());
        };
        let c = &mut self.count;
        match piece {
            Piece::Text(s) => c.text = c.text.saturating_add(encoding.count(s)?),
            Piece::Json(v) => c.text = c.text.saturating_add(encoding.count(&json_text(v))?),
            Piece::Guess(s) => c.estimated = c.estimated.saturating_add(encoding.count(s)?),
            Piece::GuessJson(v) => c.estimated = c.estimated.saturating_add(encoding.count(&json_text(v))?),
            Piece::Estimate(n) => c.estimated = c.estimated.saturating_add(n),
            Piece::Pdf { data, per_page } => {
                c.estimated = c.estimated.saturating_add(pdf_tokens(data, per_page));
            }
            Piece::Framing(n) => c.framing = c.framing.saturating_add(n),
        }
        Ok(())
    }

    pub(super) fn total(&self) -> u64 {
        self.count.total()
    }

    /// Records one per-message entry: everything added since `before` (a `total()`).
    pub(super) fn end_message(&mut self, before: u64) {
        let n = self.total().saturating_sub(before);
        self.count.per_message.push(n);
    }

    pub(super) fn finish(self) -> InputCount {
        self.count
    }
}

fn json_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Builds the typed view of a body from its raw members (only the members the view
/// names are read again); errors name the field by its JSON path.
pub(super) fn typed<T: DeserializeOwned>(raw: &RawObject) -> Result<T, ApiError> {
    // The path is tracked only to name the field of an error (tracking costs an
    // allocation per member on every body).
    if let Ok(view) = T::deserialize(raw) {
        return Ok(view);
    }
    serde_path_to_error::deserialize(raw).map_err(|e| {
        let path = e.path().to_string();
        let at = if path == "." { String::new() } else { path };
        let inner = e.into_inner().to_string();
        if let Some(rest) = inner.strip_prefix("missing field `") {
            let name = rest.split('`').next().unwrap_or(rest);
            let field = if at.is_empty() {
                name.to_string()
            } else {
                format!("{at}.{name}")
            };
            return ApiError::field(field, "is required");
        }
        ApiError::field(if at.is_empty() { "body".to_string() } else { at }, inner)
    })
}

/// A string member of a JSON object, or a field error naming `{field}.{key}`.
pub(super) fn str_member<'a>(obj: &'a Value, key: &str, field: &str) -> Result<&'a str, ApiError> {
    match obj.get(key) {
        Some(Value::String(s)) => Ok(s),
        None | Some(Value::Null) => Err(ApiError::field(format!("{field}.{key}"), "is required")),
        Some(_) => Err(ApiError::field(format!("{field}.{key}"), "must be a string")),
    }
}

/// An optional string member; present but not a string is an error.
pub(super) fn opt_str_member<'a>(obj: &'a Value, key: &str, field: &str) -> Result<Option<&'a str>, ApiError> {
    match obj.get(key) {
        Some(Value::String(s)) => Ok(Some(s)),
        None | Some(Value::Null) => Ok(None),
        Some(_) => Err(ApiError::field(format!("{field}.{key}"), "must be a string")),
    }
}

/// Emits every key and string inside a value of unknown shape as guessed text. Base64
/// data URLs are not counted as text: images go to `image` (size read from the header),
/// PDFs by page, anything else at one token per 4 decoded bytes.
/// The guessed strings are joined by newlines and counted once (one tokenizer call per
/// value, however many strings it holds; the separators make it a slight over-count).
pub(super) fn value_pieces(
    value: &Value,
    image: &dyn Fn(Option<(u64, u64)>) -> u64,
    pdf_per_page: u64,
    out: &mut Tally,
) -> Result<(), ApiError> {
    let mut guessed = String::new();
    collect_pieces(value, image, pdf_per_page, out, &mut guessed)?;
    out.add(Piece::Guess(&guessed))
}

fn push_guess(guessed: &mut String, s: &str) {
    if !guessed.is_empty() {
        guessed.push('\n');
    }
    guessed.push_str(s);
}

fn collect_pieces(
    value: &Value,
    image: &dyn Fn(Option<(u64, u64)>) -> u64,
    pdf_per_page: u64,
    out: &mut Tally,
    guessed: &mut String,
) -> Result<(), ApiError> {
    match value {
        Value::String(s) => data_url_or_text(s, image, pdf_per_page, out, guessed),
        Value::Array(items) => {
            for item in items {
                collect_pieces(item, image, pdf_per_page, out, guessed)?;
            }
            Ok(())
        }
        Value::Object(map) => {
            for (k, v) in map {
                push_guess(guessed, k);
                collect_pieces(v, image, pdf_per_page, out, guessed)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A content part or block of a type the parser does not know: its strings as guessed
/// text, but at least the configured `unknown_part_tokens` (it may stand for a file or
/// media the provider fetches).
pub(super) fn unknown_part_pieces(
    value: &Value,
    image: &dyn Fn(Option<(u64, u64)>) -> u64,
    pdf_per_page: u64,
    out: &mut Tally,
) -> Result<(), ApiError> {
    let before = out.total();
    value_pieces(value, image, pdf_per_page, out)?;
    let counted = out.total().saturating_sub(before);
    out.add(Piece::Estimate(out.worst.unknown_part_tokens.saturating_sub(counted)))
}

fn data_url_or_text(
    s: &str,
    image: &dyn Fn(Option<(u64, u64)>) -> u64,
    pdf_per_page: u64,
    out: &mut Tally,
    guessed: &mut String,
) -> Result<(), ApiError> {
    let Some((meta, payload)) = s.strip_prefix("data:").and_then(|r| r.split_once(',')) else {
        push_guess(guessed, s);
        return Ok(());
    };
    if !meta.ends_with(";base64") {
        push_guess(guessed, payload);
        return Ok(());
    }
    if meta.starts_with("image/") {
        return out.add(Piece::Estimate(image(base64_image_size(payload))));
    }
    if meta.starts_with("application/pdf") {
        return out.add(Piece::Pdf {
            data: payload,
            per_page: pdf_per_page,
        });
    }
    out.add(Piece::Estimate(decoded_len(payload).div_ceil(BYTES_PER_TOKEN_GUESS)))
}

/// Bytes per token assumed for files we cannot read as text (text averages ~4 bytes per
/// token in the OpenAI encodings).
pub(super) const BYTES_PER_TOKEN_GUESS: u64 = 4;

/// The decoded size of a base64 payload, without decoding it.
pub(super) fn decoded_len(b64: &str) -> u64 {
    let chars = b64.bytes().filter(|b| !b.is_ascii_whitespace() && *b != b'=').count() as u64;
    chars * 3 / 4
}

/// Width and height of a base64 image, from a decoded prefix of it (64 KiB of base64
/// covers JPEG headers behind large EXIF blocks). Standard or URL-safe alphabet.
pub(super) fn base64_image_size(b64: &str) -> Option<(u64, u64)> {
    let mut head: String = b64.chars().filter(|c| !c.is_ascii_whitespace()).take(65536).collect();
    head.truncate(head.len() - head.len() % 4);
    let bytes = base64::engine::general_purpose::STANDARD_PAD_INDIFFERENT
        .decode(&head)
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_PAD_INDIFFERENT.decode(&head))
        .ok()?;
    images::image_size(&bytes)
}

/// Pages assumed for a PDF whose page count cannot be read (object streams hide the page
/// objects): one page per this many bytes, at least one.
pub(super) const PDF_BYTES_PER_PAGE_GUESS: u64 = 20_000;

/// Tokens of a base64 PDF at `per_page` tokens a page.
pub(super) fn pdf_tokens(b64: &str, per_page: u64) -> u64 {
    let pages = pdf_pages(b64)
        .unwrap_or_else(|| decoded_len(b64).div_ceil(PDF_BYTES_PER_PAGE_GUESS))
        .max(1);
    pages.saturating_mul(per_page)
}

/// Page count of a base64 PDF: the `/Type /Page` objects, else the largest `/Count`
/// (the page tree root's), else `None`.
pub(super) fn pdf_pages(b64: &str) -> Option<u64> {
    let clean: String = b64.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD_PAD_INDIFFERENT
        .decode(&clean)
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_PAD_INDIFFERENT.decode(&clean))
        .ok()?;
    if !bytes.starts_with(b"%PDF") {
        return None;
    }
    let mut pages = 0u64;
    let mut max_count = 0u64;
    for (i, _) in bytes.iter().enumerate().filter(|(_, b)| **b == b'/') {
        let rest = bytes.get(i..).unwrap_or_default();
        if let Some(after) = rest.strip_prefix(b"/Type") {
            if let Some(tail) = skip_ws(after).strip_prefix(b"/Page") {
                if !tail.first().is_some_and(u8::is_ascii_alphanumeric) {
                    pages += 1;
                }
            }
        } else if let Some(after) = rest.strip_prefix(b"/Count") {
            let after = skip_ws(after);
            let n = after.iter().take_while(|b| b.is_ascii_digit()).count();
            let digits = after.get(..n).unwrap_or_default();
            if let Some(count) = std::str::from_utf8(digits).ok().and_then(|d| d.parse::<u64>().ok()) {
                max_count = max_count.max(count);
            }
        }
    }
    if pages > 0 {
        Some(pages)
    } else if max_count > 0 {
        Some(max_count)
    } else {
        None
    }
}

fn skip_ws(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    b.get(n..).unwrap_or_default()
}
