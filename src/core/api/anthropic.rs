//! Anthropic Messages request bodies (`POST /v1/messages`): parses the fields the filter
//! reads, estimates input tokens (Claude has no public tokenizer: text is counted with the
//! encoding the core picks, framing and media by documented guesses), and rewrites `model`
//! and `max_tokens` while keeping every other member's bytes.
//! Pure: no I/O, no pricing, no budgets; must not touch the engine, the store or the host.

use serde::Deserialize;
use serde_json::Value;

use super::trim::{self, Item};
use super::turns::{self, Entry, Speaker, all_text};
use super::walk::{
    BYTES_PER_TOKEN_GUESS, Piece, Tally, base64_image_size, decoded_len, opt_str_member, str_member, typed,
    unknown_part_pieces,
};
use super::{ApiError, Endpoint, InputCount, LlmRequest, Rewrite, Rewritten, Turn, WorstCases};
use crate::json_raw::RawObject;
use crate::tokens::Encoding;

// ---------------------------------------------------------------------------------------
// Anthropic Messages
// ---------------------------------------------------------------------------------------

/// Guessed framing (Anthropic does not publish Claude's prompt format): per message
/// (role markers), per content block, for a system prompt, and for priming the reply.
/// The engine multiplies the whole count by a calibrated multiplier anyway.
const MESSAGE_FRAMING: u64 = 4;
const BLOCK_FRAMING: u64 = 1;
const SYSTEM_FRAMING: u64 = 3;
const REPLY_PRIMING: u64 = 3;
/// Guessed per-tool wrapper around a definition's name, description and schema.
const TOOL_FRAMING: u64 = 10;
/// The tool-use system prompt Anthropic adds when `tools` is sent: the largest count it
/// publishes (Claude 3 Opus, `tool_choice: auto`, 530; later models 313-346).
const TOOL_USE_SYSTEM_PROMPT: u64 = 530;
/// Anthropic-defined tools (bash, text editor, computer use, web search, code execution):
/// their definitions are not in the body. Anthropic publishes 245 (bash), 700 (text
/// editor) and 735 + ~500 system prompt (computer use); the largest is used for all.
pub const SERVER_TOOL_TOKENS: u64 = 1250;
/// Anthropic's image formula: tokens = width * height / 750, after the image is scaled
/// down to a long edge of at most 1568 px; images over ~1600 tokens (~1.15 megapixels)
/// are scaled down further, so 1600 is also the worst case for an image of unknown size
/// (a URL or a Files API id).
const IMAGE_PIXELS_PER_TOKEN: u64 = 750;
const IMAGE_MAX_EDGE: u64 = 1568;
pub const IMAGE_MAX_TOKENS: u64 = 1600;
/// PDF pages: Anthropic bills each page's extracted text plus an image of the page, and
/// says 1,500-3,000 tokens per page is typical; the top of that range is used.
pub const PDF_TOKENS_PER_PAGE: u64 = 3000;

/// Anthropic's image tokens for an image of `size`, or the worst case when unknown.
pub fn image_tokens(size: Option<(u64, u64)>) -> u64 {
    let Some((w, h)) = size.filter(|(w, h)| *w > 0 && *h > 0) else {
        return IMAGE_MAX_TOKENS;
    };
    let long = w.max(h);
    let (w, h) = if long > IMAGE_MAX_EDGE {
        ((w * IMAGE_MAX_EDGE).div_ceil(long), (h * IMAGE_MAX_EDGE).div_ceil(long))
    } else {
        (w, h)
    };
    w.saturating_mul(h)
        .div_ceil(IMAGE_PIXELS_PER_TOKEN)
        .clamp(1, IMAGE_MAX_TOKENS)
}

/// A parsed Anthropic Messages request plus the raw object used for rewriting.
#[derive(Debug, Clone)]
pub struct AnthropicRequest {
    raw: RawObject,
    body: MessagesBody,
    worst: WorstCases,
}

#[derive(Debug, Clone, Deserialize)]
struct MessagesBody {
    #[serde(default)]
    model: String,
    messages: Vec<Message>,
    #[serde(default)]
    system: Option<Value>,
    #[serde(default)]
    tools: Option<Vec<Value>>,
    #[serde(default)]
    max_tokens: Option<u64>,
    #[serde(default)]
    stream: Option<bool>,
    #[serde(default)]
    metadata: Option<Metadata>,
    #[serde(default)]
    thinking: Option<Thinking>,
    /// MCP connector servers: the tool lists Anthropic fetches from them are input.
    #[serde(default)]
    mcp_servers: Option<Vec<Value>>,
}

#[derive(Debug, Clone, Deserialize)]
struct Message {
    role: String,
    content: Value,
}

#[derive(Debug, Clone, Deserialize)]
struct Metadata {
    #[serde(default)]
    user_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct Thinking {
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    budget_tokens: Option<u64>,
}

impl AnthropicRequest {
    /// `model_hint`: the model for a body without one (a gateway route may name it).
    /// Parses with the default limits and worst cases (see `api::parse`).
    pub fn parse(bytes: &[u8], model_hint: Option<&str>) -> Result<AnthropicRequest, ApiError> {
        AnthropicRequest::from_raw(RawObject::parse(bytes)?, model_hint, WorstCases::DEFAULT)
    }

    /// The request from a parsed body; `worst` prices inputs of unknown size.
    pub fn from_raw(raw: RawObject, model_hint: Option<&str>, worst: WorstCases) -> Result<AnthropicRequest, ApiError> {
        let mut body: MessagesBody = typed(&raw)?;
        if body.model.is_empty() {
            if let Some(hint) = model_hint {
                body.model = hint.to_string();
            }
        }
        if body.model.is_empty() {
            return Err(ApiError::field("model", "is required"));
        }
        let request = AnthropicRequest { raw, body, worst };
        request.walk(&mut Tally::validating(worst))?;
        Ok(request)
    }

    /// The extended-thinking budget, if thinking is enabled. It is part of `max_tokens`
    /// (Anthropic requires `budget_tokens < max_tokens`), so it adds no output.
    pub fn thinking_budget(&self) -> Option<u64> {
        let t = self.body.thinking.as_ref()?;
        if t.kind.as_deref() == Some("disabled") {
            return None;
        }
        t.budget_tokens
    }

    fn walk(&self, out: &mut Tally) -> Result<(), ApiError> {
        let body = &self.body;
        match &body.system {
            None | Some(Value::Null) => {}
            Some(system) => {
                out.add(Piece::Framing(SYSTEM_FRAMING))?;
                content_pieces(system, "system", out)?;
            }
        }
        for (i, message) in body.messages.iter().enumerate() {
            if !matches!(message.role.as_str(), "user" | "assistant") {
                return Err(ApiError::field(
                    format!("messages[{i}].role"),
                    "must be `user` or `assistant`",
                ));
            }
            let before = out.total();
            out.add(Piece::Framing(MESSAGE_FRAMING))?;
            content_pieces(&message.content, &format!("messages[{i}].content"), out)?;
            out.end_message(before);
        }
        let tools = body.tools.as_deref().unwrap_or_default();
        if !tools.is_empty() {
            out.add(Piece::Framing(TOOL_USE_SYSTEM_PROMPT))?;
        }
        for (i, tool) in tools.iter().enumerate() {
            tool_pieces(tool, &format!("tools[{i}]"), out)?;
        }
        // Each MCP server's tool list is fetched by Anthropic: its size is unknown here.
        for (i, server) in body.mcp_servers.iter().flatten().enumerate() {
            if !server.is_object() {
                return Err(ApiError::field(
                    format!("mcp_servers[{i}]"),
                    "must be an MCP server object",
                ));
            }
            out.add(Piece::Estimate(out.worst.mcp_server_tokens))?;
        }
        out.add(Piece::Framing(REPLY_PRIMING))
    }
}

fn tool_pieces(tool: &Value, field: &str, out: &mut Tally) -> Result<(), ApiError> {
    if !tool.is_object() {
        return Err(ApiError::field(field, "must be a tool object"));
    }
    let kind = opt_str_member(tool, "type", field)?;
    let name = str_member(tool, "name", field)?;
    out.add(Piece::Text(name))?;
    match kind {
        None | Some("custom") => {
            out.add(Piece::Framing(TOOL_FRAMING))?;
            if let Some(description) = opt_str_member(tool, "description", field)? {
                out.add(Piece::Text(description))?;
            }
            match tool.get("input_schema") {
                Some(schema @ Value::Object(_)) => out.add(Piece::Json(schema)),
                _ => Err(ApiError::field(
                    format!("{field}.input_schema"),
                    "is required (an object)",
                )),
            }
        }
        // Anthropic-defined tools: the definition lives at Anthropic.
        Some(_) => out.add(Piece::Estimate(SERVER_TOOL_TOKENS)),
    }
}

/// `content`: a string, or an array of content blocks.
fn content_pieces(content: &Value, field: &str, out: &mut Tally) -> Result<(), ApiError> {
    match content {
        Value::String(s) => {
            out.add(Piece::Framing(BLOCK_FRAMING))?;
            out.add(Piece::Text(s))
        }
        Value::Array(blocks) => {
            for (j, block) in blocks.iter().enumerate() {
                out.add(Piece::Framing(BLOCK_FRAMING))?;
                block_pieces(block, &format!("{field}[{j}]"), out)?;
            }
            Ok(())
        }
        _ => Err(ApiError::field(field, "must be a string or an array of content blocks")),
    }
}

fn block_pieces(block: &Value, field: &str, out: &mut Tally) -> Result<(), ApiError> {
    if !block.is_object() {
        return Err(ApiError::field(field, "must be a content block object"));
    }
    let kind = str_member(block, "type", field)?;
    match kind {
        "text" => out.add(Piece::Text(str_member(block, "text", field)?)),
        "image" => {
            let source = source(block, field)?;
            out.add(Piece::Estimate(image_source_tokens(
                source,
                &format!("{field}.source"),
            )?))
        }
        "document" => document_pieces(block, field, out),
        "tool_use" | "server_tool_use" | "mcp_tool_use" => {
            if let Some(id) = opt_str_member(block, "id", field)? {
                out.add(Piece::Text(id))?;
            }
            out.add(Piece::Text(str_member(block, "name", field)?))?;
            match block.get("input") {
                Some(input) => out.add(Piece::Json(input)),
                None => Err(ApiError::field(format!("{field}.input"), "is required")),
            }
        }
        "tool_result" | "mcp_tool_result" => {
            if let Some(id) = opt_str_member(block, "tool_use_id", field)? {
                out.add(Piece::Text(id))?;
            }
            match block.get("content") {
                None | Some(Value::Null) => Ok(()),
                Some(content) => content_pieces(content, &format!("{field}.content"), out),
            }
        }
        // Previous turns' thinking sent back is read as input. The signature only
        // verifies the block and is not counted.
        "thinking" => out.add(Piece::Text(str_member(block, "thinking", field)?)),
        // Encrypted thinking: its token count is unknown; about one token per 4
        // characters of the encrypted data (base64 inflates the text it hides).
        "redacted_thinking" => {
            let data = str_member(block, "data", field)?;
            out.add(Piece::Estimate((data.len() as u64).div_ceil(4)))
        }
        // Search results, web search / code execution results and newer block types:
        // every string they carry, as an estimate.
        _ => unknown_part_pieces(block, &image_tokens, PDF_TOKENS_PER_PAGE, out),
    }
}

fn source<'a>(block: &'a Value, field: &str) -> Result<&'a Value, ApiError> {
    match block.get("source") {
        Some(s @ Value::Object(_)) => Ok(s),
        _ => Err(ApiError::field(format!("{field}.source"), "is required (an object)")),
    }
}

fn image_source_tokens(source: &Value, field: &str) -> Result<u64, ApiError> {
    match str_member(source, "type", field)? {
        "base64" => {
            let data = str_member(source, "data", field)?;
            Ok(image_tokens(base64_image_size(data)))
        }
        // URL and Files API images: the size is unknown; the worst case.
        _ => Ok(IMAGE_MAX_TOKENS),
    }
}

fn document_pieces(block: &Value, field: &str, out: &mut Tally) -> Result<(), ApiError> {
    for key in ["title", "context"] {
        if let Some(s) = opt_str_member(block, key, field)? {
            out.add(Piece::Text(s))?;
        }
    }
    let src = source(block, field)?;
    let sfield = format!("{field}.source");
    match str_member(src, "type", &sfield)? {
        "base64" => {
            let data = str_member(src, "data", &sfield)?;
            match opt_str_member(src, "media_type", &sfield)? {
                Some("application/pdf") | None => out.add(Piece::Pdf {
                    data,
                    per_page: PDF_TOKENS_PER_PAGE,
                }),
                Some(_) => out.add(Piece::Estimate(decoded_len(data).div_ceil(BYTES_PER_TOKEN_GUESS))),
            }
        }
        "text" => out.add(Piece::Text(str_member(src, "data", &sfield)?)),
        "content" => match src.get("content") {
            Some(content) => content_pieces(content, &format!("{sfield}.content"), out),
            None => Err(ApiError::field(format!("{sfield}.content"), "is required")),
        },
        // URL and Files API documents: the size is unknown.
        _ => out.add(Piece::Estimate(out.worst.file_tokens)),
    }
}

impl AnthropicRequest {
    fn entries(&self) -> Vec<Entry> {
        let mut out = Vec::new();
        if let Some(system) = &self.body.system {
            let mut e = Entry::new(Speaker::System);
            e.text = all_text(system);
            out.push(e);
        }
        for m in &self.body.messages {
            let mut e = Entry::new(if m.role == "assistant" {
                Speaker::Assistant
            } else {
                Speaker::User
            });
            match &m.content {
                Value::String(text) => e.text = text.clone(),
                Value::Array(blocks) => {
                    let mut texts = Vec::new();
                    for b in blocks {
                        match b.get("type").and_then(Value::as_str) {
                            Some("text") => texts.push(b.get("text").and_then(Value::as_str).unwrap_or("").to_string()),
                            Some("tool_use") => e.tool_calls.push((
                                b.get("name").and_then(Value::as_str).unwrap_or("").to_string(),
                                b.get("input").map(Value::to_string).unwrap_or_default(),
                            )),
                            Some("tool_result") => {
                                e.tool_results.push(b.get("content").map(all_text).unwrap_or_default())
                            }
                            _ => {}
                        }
                    }
                    e.text = texts.join("\n");
                }
                _ => {}
            }
            out.push(e);
        }
        out
    }
}

impl LlmRequest for AnthropicRequest {
    fn trim(&self, encoding: Encoding, target: u64, pin_marker: &str) -> Result<Option<(Vec<u8>, usize)>, ApiError> {
        let count = self.count_input(encoding)?;
        let in_messages: u64 = count.per_message.iter().sum();
        let fixed = count.total().saturating_sub(in_messages);
        let items: Vec<Item> = self
            .body
            .messages
            .iter()
            .zip(count.per_message.iter())
            .map(|(m, tokens)| {
                let has_tool_result = m.content.as_array().is_some_and(|blocks| {
                    blocks
                        .iter()
                        .any(|b| b.get("type").and_then(Value::as_str) == Some("tool_result"))
                });
                Item {
                    tokens: *tokens,
                    keep: all_text(&m.content).contains(pin_marker),
                    assistant: m.role == "assistant",
                    joins_previous: m.role == "user" && has_tool_result,
                }
            })
            .collect();
        // Anthropic requires the conversation to start with a user message.
        let Some(keep) = trim::plan(&items, fixed, target, true) else {
            return Ok(None);
        };
        super::openai::rebuild_messages(&self.raw, &keep, items.len())
    }

    fn turn(&self) -> Turn {
        turns::turn_of(&self.entries())
    }

    fn endpoint(&self) -> Endpoint {
        Endpoint::Messages
    }

    fn model(&self) -> &str {
        &self.body.model
    }

    fn stream(&self) -> bool {
        self.body.stream.unwrap_or(false)
    }

    /// `max_tokens`; it includes any thinking budget.
    fn output_cap(&self) -> Option<u64> {
        self.body.max_tokens
    }

    fn cap_required(&self) -> bool {
        true
    }

    fn user(&self) -> Option<&str> {
        self.body.metadata.as_ref()?.user_id.as_deref()
    }

    fn count_input(&self, encoding: Encoding) -> Result<InputCount, ApiError> {
        let mut tally = Tally::counting(encoding, self.worst);
        self.walk(&mut tally)?;
        Ok(tally.finish())
    }

    fn rewrite(&self, rewrite: &Rewrite, _path: &str) -> Result<Rewritten, ApiError> {
        let body = rewrite
            .model_and_cap(&self.raw, "max_tokens")?
            .map(|raw| raw.to_bytes());
        Ok(Rewritten { body, path: None })
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;

    use super::super::walk::{pdf_pages, pdf_tokens};
    use super::*;

    fn parse(body: &str) -> Result<AnthropicRequest, ApiError> {
        AnthropicRequest::parse(body.as_bytes(), None)
    }

    fn png(w: u32, h: u32) -> String {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&w.to_be_bytes());
        png.extend_from_slice(&h.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0]);
        base64::engine::general_purpose::STANDARD.encode(&png)
    }

    #[test]
    fn image_formula() {
        // Anthropic's table: 1092x1092 -> ~1590 tokens; 200x200 -> ~54.
        assert_eq!(image_tokens(Some((1092, 1092))), 1590);
        assert_eq!(image_tokens(Some((200, 200))), 54);
        // Long edge scaled to 1568 first, then capped.
        assert_eq!(image_tokens(Some((4000, 100))), (1568u64 * 40).div_ceil(750));
        assert_eq!(image_tokens(Some((3000, 3000))), IMAGE_MAX_TOKENS);
        assert_eq!(image_tokens(None), IMAGE_MAX_TOKENS);
    }

    #[test]
    fn fields_are_read() -> Result<(), ApiError> {
        let r = parse(
            r#"{"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"metadata":{"user_id":"u-7"},
                "thinking":{"type":"enabled","budget_tokens":512},"messages":[{"role":"user","content":"hi"}]}"#,
        )?;
        assert_eq!(r.model(), "claude-sonnet-4-5");
        assert_eq!(r.output_cap(), Some(1024));
        assert!(r.cap_required());
        assert!(r.stream());
        assert_eq!(r.user(), Some("u-7"));
        assert_eq!(r.thinking_budget(), Some(512));
        assert_eq!(r.extra_output(), 0);
        assert!(!r.needs_usage_option());
        Ok(())
    }

    #[test]
    fn missing_max_tokens_parses_but_is_required() -> Result<(), ApiError> {
        let r = parse(r#"{"model":"claude-3-5-haiku-latest","messages":[]}"#)?;
        assert_eq!(r.output_cap(), None);
        assert!(r.cap_required());
        Ok(())
    }

    #[test]
    fn counts_text_blocks_and_media() -> Result<(), ApiError> {
        let body = format!(
            r#"{{"model":"m","max_tokens":5,"system":[{{"type":"text","text":"Be brief."}}],
            "messages":[{{"role":"user","content":[{{"type":"text","text":"What is this?"}},
              {{"type":"image","source":{{"type":"base64","media_type":"image/png","data":"{}"}}}}]}},
              {{"role":"assistant","content":"A square."}}]}}"#,
            png(200, 200)
        );
        let c = parse(&body)?.count_input(Encoding::O200kBase)?;
        let e = Encoding::O200kBase;
        assert_eq!(
            c.text,
            e.count("Be brief.")? + e.count("What is this?")? + e.count("A square.")?
        );
        assert_eq!(c.estimated, 54);
        assert_eq!(
            c.framing,
            SYSTEM_FRAMING + BLOCK_FRAMING + 2 * MESSAGE_FRAMING + 3 * BLOCK_FRAMING + REPLY_PRIMING
        );
        assert_eq!(c.per_message.len(), 2);
        assert_eq!(
            c.per_message.iter().sum::<u64>()
                + SYSTEM_FRAMING
                + BLOCK_FRAMING
                + REPLY_PRIMING
                + e.count("Be brief.")?,
            c.total()
        );
        Ok(())
    }

    #[test]
    fn bad_blocks_name_the_field() {
        let err = |b: &str| match parse(b) {
            Err(ApiError::Field { field, .. }) => field,
            other => format!("{other:?}"),
        };
        assert_eq!(
            err(r#"{"model":"m","messages":[{"role":"user","content":[{"type":"text"}]}]}"#),
            "messages[0].content[0].text"
        );
        assert_eq!(
            err(r#"{"model":"m","messages":[{"role":"user","content":7}]}"#),
            "messages[0].content"
        );
        assert_eq!(err(r#"{"model":"m"}"#), "messages");
        assert_eq!(err(r#"{"messages":[]}"#), "model");
        assert_eq!(err(r#"{"model":"m","max_tokens":-3,"messages":[]}"#), "max_tokens");
        assert_eq!(
            err(r#"{"model":"m","messages":[],"tools":[{"name":"t"}]}"#),
            "tools[0].input_schema"
        );
        assert!(matches!(
            parse(r#"{"model":"m","messages":[{"role":"user","content":"a","role":"user"}]}"#),
            Err(ApiError::Json(_))
        ));
    }

    #[test]
    fn pdf_pages_are_counted() {
        let pdf = b"%PDF-1.4\n1 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >> endobj\n2 0 obj << /Type /Page >> endobj\n3 0 obj <</Type/Page/Parent 1 0 R>> endobj\n%%EOF";
        let b64 = base64::engine::general_purpose::STANDARD.encode(pdf);
        assert_eq!(pdf_pages(&b64), Some(2));
        let compressed = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> 5 0 obj << /Count 7 >> %%EOF";
        let b64 = base64::engine::general_purpose::STANDARD.encode(compressed);
        assert_eq!(pdf_pages(&b64), Some(7));
        assert_eq!(pdf_pages("bm90IGEgcGRm"), None);
        assert_eq!(pdf_tokens("bm90IGEgcGRm", 100), 100);
    }

    #[test]
    fn rewrite_sets_model_and_max_tokens_only() -> Result<(), ApiError> {
        let body = r#"{"model":"claude-opus-4-1" ,"max_tokens":4096,"messages":[{"role":"user","content":"x"}],"temperature":1.0}"#;
        let out = parse(body)?.rewrite(
            &Rewrite {
                model: Some("claude-haiku-4-5".into()),
                output_cap: Some(100),
                include_usage: true,
            },
            "/v1/messages",
        )?;
        assert_eq!(
            String::from_utf8(out.body.unwrap_or_default()).unwrap_or_default(),
            r#"{"model":"claude-haiku-4-5","max_tokens":100,"messages":[{"role":"user","content":"x"}],"temperature":1.0}"#
        );
        assert_eq!(out.path, None);
        Ok(())
    }
}
