//! Gemini request bodies (`…/models/{model}:generateContent` and
//! `:streamGenerateContent`, AI Studio and Vertex): parses the fields the filter reads
//! (camelCase, and the snake_case spellings the API also accepts), estimates input tokens
//! (Gemini's tokenizer is not public: text is counted with the encoding the core picks,
//! media by Google's published per-image / per-page / per-second rates), and rewrites the
//! model (in the path) and `generationConfig.maxOutputTokens` (in the body) while keeping
//! every other member's bytes.
//! Pure: no I/O, no pricing, no budgets; must not touch the engine, the store or the host.

use serde::Deserialize;
use serde_json::Value;

use super::turns::{self, Entry, Speaker, all_text};
use super::walk::{
    BYTES_PER_TOKEN_GUESS, Piece, Tally, base64_image_size, decoded_len, opt_str_member, str_member, typed,
    unknown_part_pieces,
};
use super::{ApiError, Endpoint, InputCount, LlmRequest, Rewrite, Rewritten, Turn, WorstCases};
use crate::json_raw::RawObject;
use crate::tokens::Encoding;

/// Guessed framing (Gemini's prompt format is unpublished; Gemma's turn markers take ~4
/// tokens a turn): per content, for the system instruction, to prime the reply, and per
/// function declaration. The engine multiplies the whole count by a calibrated multiplier.
const CONTENT_FRAMING: u64 = 4;
const SYSTEM_FRAMING: u64 = 4;
const REPLY_PRIMING: u64 = 3;
const FUNCTION_FRAMING: u64 = 8;
/// Built-in tools (googleSearch, codeExecution, urlContext …): a small guessed constant.
pub const BUILTIN_TOOL_TOKENS: u64 = 200;
/// Google: an image with both sides ≤ 384 px is 258 tokens; larger images are cropped
/// and scaled into 768x768 tiles of 258 tokens each (Google does not publish the scaling,
/// so tiles are counted on the original size: an over-estimate for large images).
pub const IMAGE_TOKENS: u64 = 258;
const IMAGE_SMALL_EDGE: u64 = 384;
const IMAGE_TILE: u64 = 768;
/// An image of unknown size (`fileData`): Gemini 3's per-image maximum at high media
/// resolution.
const IMAGE_UNKNOWN_TOKENS: u64 = 1120;
/// PDF pages are billed as images: 258 tokens a page on Gemini 2.x, 560 by default on
/// Gemini 3; the larger is used.
pub const PDF_TOKENS_PER_PAGE: u64 = 560;
/// Audio is 32 tokens a second; from its size, assuming a low 16 kbit/s (2000 bytes a
/// second) so the duration is over- rather than under-estimated.
const AUDIO_TOKENS_PER_SECOND: u64 = 32;
const AUDIO_BYTES_PER_SECOND: u64 = 2000;
/// Video is ~263 tokens a second (258 a frame at 1 fps, plus 32 of audio, rounded up to
/// 300); from its size, assuming 250 kbit/s (31,250 bytes a second).
const VIDEO_TOKENS_PER_SECOND: u64 = 300;
const VIDEO_BYTES_PER_SECOND: u64 = 31_250;
/// Worst case for dynamic thinking (`thinkingBudget: -1`, a `thinkingLevel`, or a
/// thinking model's default): Gemini 2.5 Pro's maximum budget, the largest published.
pub const DYNAMIC_THINKING_TOKENS: u64 = 32_768;

/// Gemini's image tokens for an image of `size`, or the unknown-size constant.
pub fn image_tokens(size: Option<(u64, u64)>) -> u64 {
    match size {
        Some((w, h)) if w <= IMAGE_SMALL_EDGE && h <= IMAGE_SMALL_EDGE => IMAGE_TOKENS,
        Some((w, h)) => w.div_ceil(IMAGE_TILE).max(1) * h.div_ceil(IMAGE_TILE).max(1) * IMAGE_TOKENS,
        None => IMAGE_UNKNOWN_TOKENS,
    }
}

/// A parsed Gemini request plus the raw object used for rewriting.
#[derive(Debug, Clone)]
pub struct GeminiRequest {
    endpoint: Endpoint,
    model: String,
    raw: RawObject,
    body: GeminiBody,
    worst: WorstCases,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GeminiBody {
    /// Rarely sent (the path names the model); `models/…` form accepted.
    #[serde(default)]
    model: Option<String>,
    contents: Vec<Content>,
    #[serde(default, alias = "system_instruction")]
    system_instruction: Option<Content>,
    #[serde(default)]
    tools: Option<Vec<Value>>,
    #[serde(default, alias = "generation_config")]
    generation_config: Option<GenerationConfig>,
    #[serde(default, alias = "cached_content")]
    cached_content: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct Content {
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    parts: Vec<Value>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GenerationConfig {
    #[serde(default, alias = "max_output_tokens")]
    max_output_tokens: Option<u64>,
    #[serde(default, alias = "candidate_count")]
    candidate_count: Option<u64>,
    #[serde(default, alias = "thinking_config")]
    thinking_config: Option<ThinkingConfig>,
    #[serde(default, alias = "response_schema")]
    response_schema: Option<Value>,
    #[serde(default, alias = "response_json_schema")]
    response_json_schema: Option<Value>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ThinkingConfig {
    #[serde(default, alias = "thinking_budget")]
    thinking_budget: Option<i64>,
    #[serde(default, alias = "thinking_level")]
    thinking_level: Option<String>,
}

impl GeminiRequest {
    /// `model_hint`: the model from the path (the engine passes `Target::path_model`).
    pub fn parse(endpoint: Endpoint, bytes: &[u8], model_hint: Option<&str>) -> Result<GeminiRequest, ApiError> {
        GeminiRequest::from_raw(endpoint, RawObject::parse(bytes)?, model_hint, WorstCases::DEFAULT)
    }

    /// The request from a parsed body; `worst` prices inputs of unknown size.
    pub fn from_raw(
        endpoint: Endpoint,
        raw: RawObject,
        model_hint: Option<&str>,
        worst: WorstCases,
    ) -> Result<GeminiRequest, ApiError> {
        if !matches!(endpoint, Endpoint::GeminiGenerate | Endpoint::GeminiStream) {
            return Err(ApiError::field(
                "path",
                format!("{} is not a Gemini endpoint", endpoint.name()),
            ));
        }
        let body: GeminiBody = typed(&raw)?;
        let model = model_hint
            .filter(|m| !m.is_empty())
            .map(str::to_string)
            .or_else(|| {
                body.model
                    .as_deref()
                    .map(|m| m.strip_prefix("models/").unwrap_or(m).to_string())
            })
            .filter(|m| !m.is_empty())
            .ok_or_else(|| ApiError::field("model", "is required (the path names it)"))?;
        let request = GeminiRequest {
            endpoint,
            model,
            raw,
            body,
            worst,
        };
        if request.choices() == 0 {
            return Err(ApiError::field("generationConfig.candidateCount", "must be at least 1"));
        }
        if let Some(budget) = request.thinking().and_then(|t| t.thinking_budget) {
            if budget < -1 {
                return Err(ApiError::field(
                    "generationConfig.thinkingConfig.thinkingBudget",
                    "must be -1 (dynamic), 0 (off) or a positive budget",
                ));
            }
        }
        request.walk(&mut Tally::validating(worst))?;
        Ok(request)
    }

    fn config(&self) -> Option<&GenerationConfig> {
        self.body.generation_config.as_ref()
    }

    fn thinking(&self) -> Option<&ThinkingConfig> {
        self.config()?.thinking_config.as_ref()
    }

    /// `cachedContent`: a server-side cache whose tokens are billed as input.
    pub fn cached_content(&self) -> Option<&str> {
        self.body.cached_content.as_deref().filter(|s| !s.is_empty())
    }

    fn walk(&self, out: &mut Tally) -> Result<(), ApiError> {
        if let Some(system) = &self.body.system_instruction {
            out.add(Piece::Framing(SYSTEM_FRAMING))?;
            parts_pieces(&system.parts, "systemInstruction.parts", out)?;
        }
        for (i, content) in self.body.contents.iter().enumerate() {
            let before = out.total();
            out.add(Piece::Framing(CONTENT_FRAMING))?;
            if let Some(role) = &content.role {
                out.add(Piece::Text(role))?;
            }
            parts_pieces(&content.parts, &format!("contents[{i}].parts"), out)?;
            out.end_message(before);
        }
        out.add(Piece::Framing(REPLY_PRIMING))?;
        for (i, tool) in self.body.tools.iter().flatten().enumerate() {
            tool_pieces(tool, &format!("tools[{i}]"), out)?;
        }
        if let Some(config) = self.config() {
            for schema in [&config.response_schema, &config.response_json_schema]
                .into_iter()
                .flatten()
            {
                out.add(Piece::GuessJson(schema))?;
            }
        }
        Ok(())
    }

    /// The path with its `/models/{model}:` segment naming `model`.
    fn rewrite_path(path: &str, model: &str) -> Result<String, ApiError> {
        let (path_part, query) = match path.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (path, None),
        };
        let (before, action) = path_part
            .rsplit_once(':')
            .ok_or_else(|| ApiError::field("path", "has no `:generateContent` action"))?;
        let (prefix, _) = before
            .rsplit_once("/models/")
            .ok_or_else(|| ApiError::field("path", "has no `/models/{model}` segment"))?;
        let mut out = format!("{prefix}/models/{model}:{action}");
        if let Some(q) = query {
            out.push('?');
            out.push_str(q);
        }
        Ok(out)
    }

    fn rewrite_body(&self, cap: u64) -> Result<Vec<u8>, ApiError> {
        let mut raw = self.raw.clone();
        let key = if raw.contains("generation_config") && !raw.contains("generationConfig") {
            "generation_config"
        } else {
            "generationConfig"
        };
        let mut config = match raw.get(key) {
            Some(existing) if existing.get().trim_start().starts_with('{') => RawObject::parse_raw(existing)?,
            _ => RawObject::new(),
        };
        let cap_key = if config.contains("max_output_tokens") && !config.contains("maxOutputTokens") {
            "max_output_tokens"
        } else {
            "maxOutputTokens"
        };
        config.set_value(cap_key, &cap)?;
        raw.set(key, config.to_raw()?);
        Ok(raw.to_bytes())
    }
}

fn tool_pieces(tool: &Value, field: &str, out: &mut Tally) -> Result<(), ApiError> {
    let Some(map) = tool.as_object() else {
        return Err(ApiError::field(field, "must be a tool object"));
    };
    for (key, value) in map {
        match key.as_str() {
            "functionDeclarations" | "function_declarations" => {
                let Some(declarations) = value.as_array() else {
                    return Err(ApiError::field(format!("{field}.{key}"), "must be an array"));
                };
                for (j, declaration) in declarations.iter().enumerate() {
                    str_member(declaration, "name", &format!("{field}.{key}[{j}]"))?;
                    out.add(Piece::Framing(FUNCTION_FRAMING))?;
                    out.add(Piece::Json(declaration))?;
                }
            }
            _ => out.add(Piece::Estimate(BUILTIN_TOOL_TOKENS))?,
        }
    }
    Ok(())
}

fn parts_pieces(parts: &[Value], field: &str, out: &mut Tally) -> Result<(), ApiError> {
    for (j, part) in parts.iter().enumerate() {
        part_pieces(part, &format!("{field}[{j}]"), out)?;
    }
    Ok(())
}

/// The first present member among spellings (camelCase, snake_case).
fn member<'a>(part: &'a Value, names: [&'static str; 2]) -> Option<(&'static str, &'a Value)> {
    let [camel, snake] = names;
    match (part.get(camel), part.get(snake)) {
        (Some(v), _) => Some((camel, v)),
        (None, Some(v)) => Some((snake, v)),
        _ => None,
    }
}

/// Part members that carry no model-visible content.
const METADATA_KEYS: [&str; 9] = [
    "thought",
    "thoughtSignature",
    "thought_signature",
    "videoMetadata",
    "video_metadata",
    "partMetadata",
    "part_metadata",
    "mediaResolution",
    "media_resolution",
];

fn part_pieces(part: &Value, field: &str, out: &mut Tally) -> Result<(), ApiError> {
    let Some(map) = part.as_object() else {
        return Err(ApiError::field(field, "must be a part object"));
    };
    if let Some(text) = map.get("text") {
        return match text {
            Value::String(s) => out.add(Piece::Text(s)),
            _ => Err(ApiError::field(format!("{field}.text"), "must be a string")),
        };
    }
    if let Some((name, blob)) = member(part, ["inlineData", "inline_data"]) {
        let f = format!("{field}.{name}");
        let mime = mime_of(blob, &f)?;
        let data = str_member(blob, "data", &f)?;
        return out.add(inline_piece(&mime, data));
    }
    if let Some((name, file)) = member(part, ["fileData", "file_data"]) {
        let f = format!("{field}.{name}");
        let mime = mime_of(file, &f)?;
        // A URI (Files API, GCS, YouTube): the size is unknown; the configured worst
        // case (an image's is Gemini's per-image maximum).
        return out.add(Piece::Estimate(if mime.starts_with("image/") {
            IMAGE_UNKNOWN_TOKENS
        } else if mime.starts_with("audio/") {
            out.worst.audio_tokens
        } else {
            out.worst.file_tokens
        }));
    }
    if let Some((name, call)) = member(part, ["functionCall", "function_call"]) {
        let f = format!("{field}.{name}");
        out.add(Piece::Text(str_member(call, "name", &f)?))?;
        if let Some(args) = call.get("args") {
            out.add(Piece::Json(args))?;
        }
        return Ok(());
    }
    if let Some((name, response)) = member(part, ["functionResponse", "function_response"]) {
        let f = format!("{field}.{name}");
        out.add(Piece::Text(str_member(response, "name", &f)?))?;
        if let Some(body) = response.get("response") {
            out.add(Piece::Json(body))?;
        }
        if let Some(parts) = response.get("parts").and_then(Value::as_array) {
            parts_pieces(parts, &format!("{f}.parts"), out)?;
        }
        return Ok(());
    }
    if let Some((name, code)) = member(part, ["executableCode", "executable_code"]) {
        return out.add(Piece::Text(str_member(code, "code", &format!("{field}.{name}"))?));
    }
    if let Some((name, result)) = member(part, ["codeExecutionResult", "code_execution_result"]) {
        if let Some(output) = opt_str_member(result, "output", &format!("{field}.{name}"))? {
            out.add(Piece::Text(output))?;
        }
        return Ok(());
    }
    // Newer part kinds: every string, as an estimate, at least the configured floor.
    let unknown: serde_json::Map<String, Value> = map
        .iter()
        .filter(|(key, _)| !METADATA_KEYS.contains(&key.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    unknown_part_pieces(&Value::Object(unknown), &image_tokens, PDF_TOKENS_PER_PAGE, out)
}

fn mime_of(blob: &Value, field: &str) -> Result<String, ApiError> {
    match opt_str_member(blob, "mimeType", field)?.or(opt_str_member(blob, "mime_type", field)?) {
        Some(m) => Ok(m.to_ascii_lowercase()),
        None => Err(ApiError::field(format!("{field}.mimeType"), "is required")),
    }
}

/// Inline (base64) data by media type.
fn inline_piece<'a>(mime: &str, data: &'a str) -> Piece<'a> {
    let bytes = decoded_len(data);
    if mime.starts_with("image/") {
        Piece::Estimate(image_tokens(base64_image_size(data)))
    } else if mime == "application/pdf" {
        Piece::Pdf {
            data,
            per_page: PDF_TOKENS_PER_PAGE,
        }
    } else if mime.starts_with("audio/") {
        Piece::Estimate(
            bytes
                .div_ceil(AUDIO_BYTES_PER_SECOND)
                .saturating_mul(AUDIO_TOKENS_PER_SECOND),
        )
    } else if mime.starts_with("video/") {
        Piece::Estimate(
            bytes
                .div_ceil(VIDEO_BYTES_PER_SECOND)
                .saturating_mul(VIDEO_TOKENS_PER_SECOND),
        )
    } else {
        // Text and other documents: about their decoded size in tokens.
        Piece::Estimate(bytes.div_ceil(BYTES_PER_TOKEN_GUESS))
    }
}

/// Whether a model thinks when the request says nothing: Gemini 2.5 Pro and Flash and
/// Gemini 3 think dynamically by default; 2.5 Flash-Lite and earlier models do not.
fn thinks_by_default(model: &str) -> bool {
    (model.contains("gemini-2.5") && !model.contains("flash-lite")) || model.contains("gemini-3")
}

impl GeminiRequest {
    fn entries(&self) -> Vec<Entry> {
        let mut out = Vec::new();
        let convert = |content: &Content, speaker: Speaker| {
            let mut e = Entry::new(speaker);
            let mut texts = Vec::new();
            for part in &content.parts {
                if let Some(text) = part.get("text").and_then(Value::as_str) {
                    texts.push(text.to_string());
                }
                if let Some(call) = part.get("functionCall").or_else(|| part.get("function_call")) {
                    e.tool_calls.push((
                        call.get("name").and_then(Value::as_str).unwrap_or("").to_string(),
                        call.get("args").map(Value::to_string).unwrap_or_default(),
                    ));
                }
                if let Some(response) = part.get("functionResponse").or_else(|| part.get("function_response")) {
                    e.tool_results
                        .push(response.get("response").map(all_text).unwrap_or_default());
                }
            }
            e.text = texts.join("\n");
            e
        };
        if let Some(system) = &self.body.system_instruction {
            out.push(convert(system, Speaker::System));
        }
        for c in &self.body.contents {
            let speaker = if c.role.as_deref() == Some("model") {
                Speaker::Assistant
            } else {
                Speaker::User
            };
            out.push(convert(c, speaker));
        }
        out
    }
}

impl LlmRequest for GeminiRequest {
    fn turn(&self) -> Turn {
        turns::turn_of(&self.entries())
    }

    fn endpoint(&self) -> Endpoint {
        self.endpoint
    }

    fn model(&self) -> &str {
        &self.model
    }

    fn stream(&self) -> bool {
        self.endpoint == Endpoint::GeminiStream
    }

    fn choices(&self) -> u64 {
        self.config().and_then(|c| c.candidate_count).unwrap_or(1)
    }

    fn output_cap(&self) -> Option<u64> {
        self.config()?.max_output_tokens
    }

    /// Thinking tokens, billed as output on top of the visible output per Google's
    /// documentation: the `thinkingBudget` (0 = off); dynamic thinking (-1, a
    /// `thinkingLevel`, or a thinking model's default) reserves `DYNAMIC_THINKING_TOKENS`.
    fn extra_output(&self) -> u64 {
        match self.thinking() {
            Some(ThinkingConfig {
                thinking_budget: Some(budget),
                ..
            }) => u64::try_from(*budget).unwrap_or(DYNAMIC_THINKING_TOKENS),
            Some(ThinkingConfig {
                thinking_level: Some(_),
                ..
            }) => DYNAMIC_THINKING_TOKENS,
            _ if thinks_by_default(&self.model) => DYNAMIC_THINKING_TOKENS,
            _ => 0,
        }
    }

    fn count_input(&self, encoding: Encoding) -> Result<InputCount, ApiError> {
        let mut tally = Tally::counting(encoding, self.worst);
        self.walk(&mut tally)?;
        Ok(tally.finish())
    }

    /// `cachedContent` names server-side context the body does not carry; it is
    /// reported here so the engine applies its policy for unknown context.
    fn previous_response_id(&self) -> Option<&str> {
        self.cached_content()
    }

    fn rewrite(&self, rewrite: &Rewrite, path: &str) -> Result<Rewritten, ApiError> {
        let path = match &rewrite.model {
            Some(model) => Some(GeminiRequest::rewrite_path(path, model)?),
            None => None,
        };
        let body = match rewrite.output_cap {
            Some(cap) => Some(self.rewrite_body(cap)?),
            None => None,
        };
        Ok(Rewritten { body, path })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> Result<GeminiRequest, ApiError> {
        GeminiRequest::parse(Endpoint::GeminiGenerate, body.as_bytes(), Some("gemini-2.0-flash"))
    }

    #[test]
    fn image_rates() {
        assert_eq!(image_tokens(Some((384, 200))), 258);
        assert_eq!(image_tokens(Some((1024, 1024))), 4 * 258);
        assert_eq!(image_tokens(Some((768, 768))), 258);
        assert_eq!(image_tokens(None), IMAGE_UNKNOWN_TOKENS);
    }

    #[test]
    fn fields_are_read_in_both_spellings() -> Result<(), ApiError> {
        let camel = parse(
            r#"{"contents":[{"role":"user","parts":[{"text":"hi"}]}],
                "generationConfig":{"maxOutputTokens":300,"candidateCount":2,"thinkingConfig":{"thinkingBudget":1024}}}"#,
        )?;
        let snake = parse(
            r#"{"contents":[{"role":"user","parts":[{"text":"hi"}]}],
                "generation_config":{"max_output_tokens":300,"candidate_count":2,"thinking_config":{"thinking_budget":1024}}}"#,
        )?;
        for r in [&camel, &snake] {
            assert_eq!(r.model(), "gemini-2.0-flash");
            assert_eq!(r.output_cap(), Some(300));
            assert_eq!(r.choices(), 2);
            assert_eq!(r.extra_output(), 1024);
            assert!(!r.stream());
        }
        Ok(())
    }

    #[test]
    fn thinking_budgets() -> Result<(), ApiError> {
        let with = |config: &str, model: &str| {
            GeminiRequest::parse(
                Endpoint::GeminiStream,
                format!(r#"{{"contents":[],"generationConfig":{config}}}"#).as_bytes(),
                Some(model),
            )
        };
        assert_eq!(
            with(r#"{"thinkingConfig":{"thinkingBudget":0}}"#, "gemini-2.5-flash")?.extra_output(),
            0
        );
        assert_eq!(
            with(r#"{"thinkingConfig":{"thinkingBudget":-1}}"#, "gemini-2.5-flash")?.extra_output(),
            DYNAMIC_THINKING_TOKENS
        );
        assert_eq!(
            with(r#"{"thinkingConfig":{"thinkingLevel":"low"}}"#, "gemini-3-pro-preview")?.extra_output(),
            DYNAMIC_THINKING_TOKENS
        );
        assert_eq!(with("{}", "gemini-2.5-pro")?.extra_output(), DYNAMIC_THINKING_TOKENS);
        assert_eq!(with("{}", "gemini-2.5-flash-lite")?.extra_output(), 0);
        assert_eq!(with("{}", "gemini-2.0-flash")?.extra_output(), 0);
        assert!(with("{}", "gemini-2.0-flash")?.stream());
        assert!(matches!(
            with(r#"{"thinkingConfig":{"thinkingBudget":-5}}"#, "gemini-2.5-flash"),
            Err(ApiError::Field { .. })
        ));
        Ok(())
    }

    #[test]
    fn bad_parts_name_the_field() {
        let err = |b: &str| match parse(b) {
            Err(ApiError::Field { field, .. }) => field,
            other => format!("{other:?}"),
        };
        assert_eq!(
            err(r#"{"contents":[{"parts":[{"text":5}]}]}"#),
            "contents[0].parts[0].text"
        );
        assert_eq!(
            err(r#"{"contents":[{"parts":[{"inlineData":{"data":"AAAA"}}]}]}"#),
            "contents[0].parts[0].inlineData.mimeType"
        );
        assert_eq!(err(r#"{"contents":[{"parts":["x"]}]}"#), "contents[0].parts[0]");
        assert_eq!(err(r#"{}"#), "contents");
        assert_eq!(
            err(r#"{"contents":[],"generationConfig":{"candidateCount":0}}"#),
            "generationConfig.candidateCount"
        );
        assert!(matches!(
            parse(r#"{"contents":[],"generationConfig":{"maxOutputTokens":1},"generation_config":{}}"#),
            Err(ApiError::Field { .. })
        ));
        assert!(matches!(
            GeminiRequest::parse(Endpoint::GeminiGenerate, br#"{"contents":[]}"#, None),
            Err(ApiError::Field { field, .. }) if field == "model"
        ));
    }

    #[test]
    fn path_rewrite() -> Result<(), ApiError> {
        assert_eq!(
            GeminiRequest::rewrite_path(
                "/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse",
                "gemini-2.5-flash"
            )?,
            "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
        );
        assert_eq!(
            GeminiRequest::rewrite_path(
                "/v1/projects/p/locations/l/publishers/google/models/gemini-2.5-pro:generateContent",
                "gemini-2.0-flash"
            )?,
            "/v1/projects/p/locations/l/publishers/google/models/gemini-2.0-flash:generateContent"
        );
        assert!(GeminiRequest::rewrite_path("/v1/chat/completions", "x").is_err());
        Ok(())
    }

    #[test]
    fn cap_rewrite_creates_or_updates_generation_config() -> Result<(), ApiError> {
        let cap = |body: &str| -> Result<String, ApiError> {
            let out = parse(body)?.rewrite(
                &Rewrite {
                    model: None,
                    output_cap: Some(77),
                    include_usage: false,
                },
                "/v1beta/models/gemini-2.0-flash:generateContent",
            )?;
            assert_eq!(out.path, None);
            Ok(String::from_utf8(out.body.unwrap_or_default()).unwrap_or_default())
        };
        assert_eq!(
            cap(r#"{"contents":[]}"#)?,
            r#"{"contents":[],"generationConfig":{"maxOutputTokens":77}}"#
        );
        assert_eq!(
            cap(r#"{"contents":[],"generationConfig":{"temperature":0.50, "maxOutputTokens":9000}}"#)?,
            r#"{"contents":[],"generationConfig":{"temperature":0.50,"maxOutputTokens":77}}"#
        );
        assert_eq!(
            cap(r#"{"generation_config":{"max_output_tokens":5,"top_k":40},"contents":[]}"#)?,
            r#"{"generation_config":{"max_output_tokens":77,"top_k":40},"contents":[]}"#
        );
        Ok(())
    }
}
