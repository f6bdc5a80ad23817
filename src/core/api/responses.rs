//! OpenAI Responses request bodies (`POST /v1/responses`): parses the fields the filter
//! reads, counts input tokens (text exactly with the encoding, chat-style framing, media
//! and opaque items by formula or guess), and rewrites `model` and `max_output_tokens`
//! while keeping every other member's bytes. Server-side context (`previous_response_id`,
//! `conversation`) is reported, not counted: the engine knows its size or reserves for it.
//! Pure: no I/O, no pricing, no budgets; must not touch the engine, the store or the host.

use serde::Deserialize;
use serde_json::Value;

use super::turns::{self, Entry, Speaker, all_text};
use super::walk::{
    BYTES_PER_TOKEN_GUESS, Piece, Tally, decoded_len, opt_str_member, str_member, typed, unknown_part_pieces,
    value_pieces,
};
use super::{ApiError, Endpoint, InputCount, LlmRequest, Rewrite, Rewritten, Turn, WorstCases};
use crate::images::{self, Detail, TileCost};
use crate::json_raw::RawObject;
use crate::tokens::Encoding;

/// Chat-style framing (OpenAI cookbook): 3 per message or item, 3 to prime the reply.
/// The Responses API's own framing is unpublished; these are the chat constants.
const TOKENS_PER_ITEM: u64 = 3;
const REPLY_PRIMING: u64 = 3;
/// Function tools: the cookbook's o200k constants (7 per function, 12 at the end); the
/// parameters are counted as their JSON text, which is more than OpenAI's rendering.
const FUNCTION_INIT: u64 = 7;
const FUNCTIONS_END: u64 = 12;
/// Built-in tools (web_search, file_search, code_interpreter, image_generation,
/// computer_use_preview, local_shell …): their definitions are added by OpenAI; a small
/// guessed constant each. An `mcp` tool imports a server's tool list we cannot see: the
/// configured worst case (`WorstCases::mcp_server_tokens`).
pub const BUILTIN_TOOL_TOKENS: u64 = 200;
/// A stored prompt template (`prompt.id`): its text lives at OpenAI; a guess.
const PROMPT_TEMPLATE_TOKENS: u64 = 1000;
/// PDFs given as `input_file`: OpenAI sends each page's extracted text and an image of
/// it; ~3000 tokens per page (a high-detail page image is 765-1105 plus the text).
pub const PDF_TOKENS_PER_PAGE: u64 = 3000;

/// A parsed Responses request plus the raw object used for rewriting.
#[derive(Debug, Clone)]
pub struct ResponsesRequest {
    raw: RawObject,
    body: ResponsesBody,
    conversation_id: Option<String>,
    worst: WorstCases,
}

#[derive(Debug, Clone, Deserialize)]
struct ResponsesBody {
    #[serde(default)]
    model: String,
    #[serde(default)]
    input: Option<Value>,
    #[serde(default)]
    instructions: Option<String>,
    #[serde(default)]
    tools: Option<Vec<Value>>,
    #[serde(default)]
    max_output_tokens: Option<u64>,
    #[serde(default)]
    reasoning: Option<Reasoning>,
    #[serde(default)]
    stream: Option<bool>,
    #[serde(default)]
    previous_response_id: Option<String>,
    #[serde(default)]
    conversation: Option<Value>,
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    safety_identifier: Option<String>,
    #[serde(default)]
    background: Option<bool>,
    #[serde(default)]
    store: Option<bool>,
    #[serde(default)]
    text: Option<TextOptions>,
    #[serde(default)]
    prompt: Option<Value>,
}

#[derive(Debug, Clone, Deserialize)]
struct Reasoning {
    #[serde(default)]
    effort: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct TextOptions {
    #[serde(default)]
    format: Option<Value>,
}

impl ResponsesRequest {
    /// `model_hint`: the model for a body without one (Azure names the deployment in the path).
    /// Parses with the default limits and worst cases (see `api::parse`).
    pub fn parse(bytes: &[u8], model_hint: Option<&str>) -> Result<ResponsesRequest, ApiError> {
        ResponsesRequest::from_raw(RawObject::parse(bytes)?, model_hint, WorstCases::DEFAULT)
    }

    /// The request from a parsed body; `worst` prices inputs of unknown size.
    pub fn from_raw(raw: RawObject, model_hint: Option<&str>, worst: WorstCases) -> Result<ResponsesRequest, ApiError> {
        let mut body: ResponsesBody = typed(&raw)?;
        if body.model.is_empty() {
            if let Some(hint) = model_hint {
                body.model = hint.to_string();
            }
        }
        if body.model.is_empty() {
            return Err(ApiError::field("model", "is required"));
        }
        let conversation_id = match &body.conversation {
            None | Some(Value::Null) => None,
            Some(Value::String(id)) => Some(id.clone()),
            Some(c @ Value::Object(_)) => Some(str_member(c, "id", "conversation")?.to_string()),
            Some(_) => return Err(ApiError::field("conversation", "must be an id or an object with `id`")),
        };
        let request = ResponsesRequest {
            raw,
            body,
            conversation_id,
            worst,
        };
        request.walk(&mut Tally::validating(worst))?;
        Ok(request)
    }

    /// `reasoning.effort`, if sent. Reasoning tokens are inside `max_output_tokens`.
    pub fn reasoning_effort(&self) -> Option<&str> {
        self.body.reasoning.as_ref()?.effort.as_deref()
    }

    /// `store` (default true at OpenAI): whether the response is kept for later
    /// `previous_response_id` continuation.
    pub fn store(&self) -> bool {
        self.body.store.unwrap_or(true)
    }

    /// The server-side conversation this request continues, if any.
    pub fn conversation(&self) -> Option<&str> {
        self.conversation_id.as_deref()
    }

    fn tile_cost(&self) -> TileCost {
        TileCost::for_model(&self.body.model)
    }

    fn walk(&self, out: &mut Tally) -> Result<(), ApiError> {
        let body = &self.body;
        let tile_cost = self.tile_cost();
        if let Some(instructions) = body.instructions.as_deref().filter(|s| !s.is_empty()) {
            out.add(Piece::Framing(TOKENS_PER_ITEM))?;
            out.add(Piece::Text(instructions))?;
        }
        if let Some(prompt) = body.prompt.as_ref().filter(|p| !p.is_null()) {
            // The template's text is unknown; its variables are counted as sent.
            out.add(Piece::Estimate(PROMPT_TEMPLATE_TOKENS))?;
            if let Some(variables) = prompt.get("variables") {
                value_pieces(
                    variables,
                    &|s| image_cost(s, Detail::Auto, tile_cost),
                    PDF_TOKENS_PER_PAGE,
                    out,
                )?;
            }
        }
        match &body.input {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) => {
                let before = out.total();
                out.add(Piece::Framing(TOKENS_PER_ITEM))?;
                out.add(Piece::Text("user"))?;
                out.add(Piece::Text(s))?;
                out.end_message(before);
            }
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let before = out.total();
                    item_pieces(item, &format!("input[{i}]"), tile_cost, out)?;
                    out.end_message(before);
                }
            }
            Some(_) => return Err(ApiError::field("input", "must be a string or an array of input items")),
        }
        out.add(Piece::Framing(REPLY_PRIMING))?;
        let tools = body.tools.as_deref().unwrap_or_default();
        let mut functions = false;
        for (i, tool) in tools.iter().enumerate() {
            functions |= tool_pieces(tool, &format!("tools[{i}]"), out)?;
        }
        if functions {
            out.add(Piece::Framing(FUNCTIONS_END))?;
        }
        // Structured outputs: the JSON schema is given to the model (an estimate).
        if let Some(format) = body.text.as_ref().and_then(|t| t.format.as_ref()) {
            if let Some(schema) = format.get("schema") {
                out.add(Piece::GuessJson(schema))?;
            }
        }
        Ok(())
    }
}

fn image_cost(size: Option<(u64, u64)>, detail: Detail, tile_cost: TileCost) -> u64 {
    images::image_tokens(size, detail, tile_cost)
}

/// Returns whether the tool was a function (for the cookbook's end constant).
fn tool_pieces(tool: &Value, field: &str, out: &mut Tally) -> Result<bool, ApiError> {
    if !tool.is_object() {
        return Err(ApiError::field(field, "must be a tool object"));
    }
    match str_member(tool, "type", field)? {
        "function" => {
            out.add(Piece::Framing(FUNCTION_INIT))?;
            out.add(Piece::Text(str_member(tool, "name", field)?))?;
            if let Some(description) = opt_str_member(tool, "description", field)? {
                out.add(Piece::Text(description))?;
            }
            if let Some(parameters) = tool.get("parameters").filter(|p| !p.is_null()) {
                out.add(Piece::Json(parameters))?;
            }
            Ok(true)
        }
        "custom" => {
            out.add(Piece::Framing(FUNCTION_INIT))?;
            out.add(Piece::Text(str_member(tool, "name", field)?))?;
            if let Some(description) = opt_str_member(tool, "description", field)? {
                out.add(Piece::Text(description))?;
            }
            if let Some(format) = tool.get("format") {
                out.add(Piece::GuessJson(format))?;
            }
            Ok(true)
        }
        "mcp" => {
            out.add(Piece::Estimate(out.worst.mcp_server_tokens))?;
            Ok(false)
        }
        _ => {
            out.add(Piece::Estimate(BUILTIN_TOOL_TOKENS))?;
            Ok(false)
        }
    }
}

fn item_pieces(item: &Value, field: &str, tile_cost: TileCost, out: &mut Tally) -> Result<(), ApiError> {
    if !item.is_object() {
        return Err(ApiError::field(field, "must be an input item object"));
    }
    let kind = match opt_str_member(item, "type", field)? {
        Some(kind) => kind,
        None if item.get("role").is_some() => "message",
        None => return Err(ApiError::field(format!("{field}.type"), "is required")),
    };
    let image = |size| image_cost(size, Detail::Auto, tile_cost);
    match kind {
        "message" => {
            out.add(Piece::Framing(TOKENS_PER_ITEM))?;
            out.add(Piece::Text(str_member(item, "role", field)?))?;
            match item.get("content") {
                Some(Value::String(s)) => out.add(Piece::Text(s)),
                Some(Value::Array(parts)) => parts_pieces(parts, &format!("{field}.content"), tile_cost, out),
                _ => Err(ApiError::field(
                    format!("{field}.content"),
                    "must be a string or an array of content parts",
                )),
            }
        }
        "function_call" => {
            out.add(Piece::Framing(TOKENS_PER_ITEM))?;
            if let Some(id) = opt_str_member(item, "call_id", field)? {
                out.add(Piece::Text(id))?;
            }
            out.add(Piece::Text(str_member(item, "name", field)?))?;
            out.add(Piece::Text(str_member(item, "arguments", field)?))
        }
        "function_call_output" | "custom_tool_call_output" => {
            out.add(Piece::Framing(TOKENS_PER_ITEM))?;
            if let Some(id) = opt_str_member(item, "call_id", field)? {
                out.add(Piece::Text(id))?;
            }
            match item.get("output") {
                Some(Value::String(s)) => out.add(Piece::Text(s)),
                Some(Value::Array(parts)) => parts_pieces(parts, &format!("{field}.output"), tile_cost, out),
                _ => Err(ApiError::field(
                    format!("{field}.output"),
                    "must be a string or an array of content parts",
                )),
            }
        }
        "custom_tool_call" => {
            out.add(Piece::Framing(TOKENS_PER_ITEM))?;
            out.add(Piece::Text(str_member(item, "name", field)?))?;
            out.add(Piece::Text(str_member(item, "input", field)?))
        }
        "reasoning" => {
            out.add(Piece::Framing(TOKENS_PER_ITEM))?;
            for key in ["summary", "content"] {
                for part in item.get(key).and_then(Value::as_array).into_iter().flatten() {
                    if let Some(text) = part.get("text").and_then(Value::as_str) {
                        out.add(Piece::Text(text))?;
                    }
                }
            }
            // Encrypted reasoning: the tokens it hides are unknown; about one per 4
            // characters of the encrypted text (base64 inflates what it hides).
            if let Some(encrypted) = opt_str_member(item, "encrypted_content", field)? {
                out.add(Piece::Estimate((encrypted.len() as u64).div_ceil(4)))?;
            }
            Ok(())
        }
        // A stored item by id: its size is unknown to the gateway, like server-side
        // context. Counted 0 here; it continues a stored response whose context the
        // engine accounts for through `previous_response_id`/`conversation` if sent.
        "item_reference" => {
            str_member(item, "id", field)?;
            Ok(())
        }
        // Tool calls and outputs of built-in tools (web_search_call, computer_call_output
        // with a screenshot, mcp_call, local_shell_call …): every string, as an estimate;
        // data-URL screenshots by the image formula.
        _ => {
            out.add(Piece::Framing(TOKENS_PER_ITEM))?;
            value_pieces(item, &image, PDF_TOKENS_PER_PAGE, out)
        }
    }
}

fn parts_pieces(parts: &[Value], field: &str, tile_cost: TileCost, out: &mut Tally) -> Result<(), ApiError> {
    for (j, part) in parts.iter().enumerate() {
        part_pieces(part, &format!("{field}[{j}]"), tile_cost, out)?;
    }
    Ok(())
}

fn part_pieces(part: &Value, field: &str, tile_cost: TileCost, out: &mut Tally) -> Result<(), ApiError> {
    if !part.is_object() {
        return Err(ApiError::field(field, "must be a content part object"));
    }
    let kind = str_member(part, "type", field)?;
    match kind {
        "input_text" | "output_text" | "summary_text" | "reasoning_text" | "text" => {
            out.add(Piece::Text(str_member(part, "text", field)?))
        }
        "refusal" => out.add(Piece::Text(str_member(part, "refusal", field)?)),
        "input_image" => {
            let detail = Detail::parse(opt_str_member(part, "detail", field)?);
            // A URL or file id has an unknown size: the worst case for the detail.
            let size = opt_str_member(part, "image_url", field)?.and_then(images::data_url_size);
            out.add(Piece::Estimate(images::image_tokens(size, detail, tile_cost)))
        }
        "input_file" => {
            if let Some(name) = opt_str_member(part, "filename", field)? {
                out.add(Piece::Text(name))?;
            }
            match opt_str_member(part, "file_data", field)? {
                Some(data) => file_data_pieces(data, out),
                // file_id / file_url: the file's size is unknown.
                None => out.add(Piece::Estimate(out.worst.file_tokens)),
            }
        }
        "input_audio" => {
            // Billed by duration; the base64 size as a rough upper guess (like chat), the
            // configured worst case when the body carries no data.
            match part.pointer("/input_audio/data").and_then(Value::as_str) {
                Some(data) => out.add(Piece::Estimate((data.len() as u64) / 4)),
                None => out.add(Piece::Estimate(out.worst.audio_tokens)),
            }
        }
        _ => unknown_part_pieces(
            part,
            &|s| image_cost(s, Detail::Auto, tile_cost),
            PDF_TOKENS_PER_PAGE,
            out,
        ),
    }
}

/// `file_data`: a base64 data URL (or bare base64, taken as a PDF, the usual case).
pub(super) fn file_data_pieces(data: &str, out: &mut Tally) -> Result<(), ApiError> {
    let (meta, payload) = match data.strip_prefix("data:").and_then(|r| r.split_once(',')) {
        Some((meta, payload)) => (meta, payload),
        None => ("application/pdf;base64", data),
    };
    if meta.starts_with("application/pdf") {
        out.add(Piece::Pdf {
            data: payload,
            per_page: PDF_TOKENS_PER_PAGE,
        })
    } else {
        // Text and office files are read as their text: about their decoded size in tokens.
        out.add(Piece::Estimate(decoded_len(payload).div_ceil(BYTES_PER_TOKEN_GUESS)))
    }
}

impl ResponsesRequest {
    fn entries(&self) -> Vec<Entry> {
        let mut out = Vec::new();
        if let Some(instructions) = &self.body.instructions {
            let mut e = Entry::new(Speaker::System);
            e.text = instructions.clone();
            out.push(e);
        }
        match &self.body.input {
            Some(Value::String(text)) => {
                let mut e = Entry::new(Speaker::User);
                e.text = text.clone();
                out.push(e);
            }
            Some(Value::Array(items)) => {
                for item in items {
                    let kind = item.get("type").and_then(Value::as_str).unwrap_or("message");
                    let role = item.get("role").and_then(Value::as_str).unwrap_or("user");
                    match kind {
                        "function_call" | "custom_tool_call" => {
                            // Consecutive calls belong to one assistant turn.
                            if out
                                .last()
                                .is_none_or(|e: &Entry| e.speaker != Speaker::Assistant || !e.text.is_empty())
                            {
                                out.push(Entry::new(Speaker::Assistant));
                            }
                            if let Some(e) = out.last_mut() {
                                let args = item
                                    .get("arguments")
                                    .or_else(|| item.get("input"))
                                    .map(all_text)
                                    .unwrap_or_default();
                                e.tool_calls
                                    .push((item.get("name").and_then(Value::as_str).unwrap_or("").to_string(), args));
                            }
                        }
                        "function_call_output" | "custom_tool_call_output" => {
                            let mut e = Entry::new(Speaker::User);
                            e.tool_results
                                .push(item.get("output").map(all_text).unwrap_or_default());
                            out.push(e);
                        }
                        "message" => {
                            let speaker = match role {
                                "assistant" => Speaker::Assistant,
                                "system" | "developer" => Speaker::System,
                                _ => Speaker::User,
                            };
                            let mut e = Entry::new(speaker);
                            e.text = item.get("content").map(all_text).unwrap_or_default();
                            out.push(e);
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        out
    }
}

impl LlmRequest for ResponsesRequest {
    fn turn(&self) -> Turn {
        turns::turn_of(&self.entries())
    }

    fn endpoint(&self) -> Endpoint {
        Endpoint::Responses
    }

    fn model(&self) -> &str {
        &self.body.model
    }

    fn stream(&self) -> bool {
        self.body.stream.unwrap_or(false)
    }

    /// `max_output_tokens`; it includes reasoning tokens.
    fn output_cap(&self) -> Option<u64> {
        self.body.max_output_tokens
    }

    /// `safety_identifier` (the newer field) or the legacy `user`.
    fn user(&self) -> Option<&str> {
        self.body.safety_identifier.as_deref().or(self.body.user.as_deref())
    }

    fn count_input(&self, encoding: Encoding) -> Result<InputCount, ApiError> {
        let mut tally = Tally::counting(encoding, self.worst);
        self.walk(&mut tally)?;
        Ok(tally.finish())
    }

    /// `previous_response_id`, else the `conversation` id: both name context held on
    /// OpenAI's side that the body does not carry. The engine looks the id up in its
    /// context map (a conversation id is never recorded there, so it gets the policy
    /// for unknown context: a reservation or a rejection).
    fn previous_response_id(&self) -> Option<&str> {
        self.body
            .previous_response_id
            .as_deref()
            .filter(|s| !s.is_empty())
            .or(self.conversation_id.as_deref())
    }

    /// Background responses finish after the HTTP exchange: their usage never passes
    /// through the filter.
    fn unmeterable(&self) -> Option<&'static str> {
        (self.body.background == Some(true)).then_some("background: true")
    }

    fn rewrite(&self, rewrite: &Rewrite, _path: &str) -> Result<Rewritten, ApiError> {
        let body = rewrite
            .model_and_cap(&self.raw, "max_output_tokens")?
            .map(|raw| raw.to_bytes());
        Ok(Rewritten { body, path: None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> Result<ResponsesRequest, ApiError> {
        ResponsesRequest::parse(body.as_bytes(), None)
    }

    #[test]
    fn string_input_counts_like_one_user_message() -> Result<(), ApiError> {
        let r = parse(r#"{"model":"gpt-4.1","input":"Tell me a joke","instructions":"Be funny."}"#)?;
        let e = Encoding::O200kBase;
        let c = r.count_input(e)?;
        assert_eq!(
            c.text,
            e.count("Be funny.")? + e.count("user")? + e.count("Tell me a joke")?
        );
        assert_eq!(c.framing, 2 * TOKENS_PER_ITEM + REPLY_PRIMING);
        assert_eq!(c.estimated, 0);
        assert_eq!(c.per_message.len(), 1);
        Ok(())
    }

    #[test]
    fn fields_are_read() -> Result<(), ApiError> {
        let r = parse(
            r#"{"model":"o4-mini","input":[],"max_output_tokens":900,"reasoning":{"effort":"high"},"stream":true,
                "previous_response_id":"resp_1","user":"legacy","safety_identifier":"sid","store":false}"#,
        )?;
        assert_eq!(r.output_cap(), Some(900));
        assert_eq!(r.reasoning_effort(), Some("high"));
        assert!(r.stream());
        assert!(!r.needs_usage_option());
        assert_eq!(r.previous_response_id(), Some("resp_1"));
        assert_eq!(r.user(), Some("sid"));
        assert!(!r.store());
        assert_eq!(r.unmeterable(), None);
        let r = parse(r#"{"model":"gpt-4o","input":"x","conversation":{"id":"conv_9"},"background":true}"#)?;
        assert_eq!(r.previous_response_id(), Some("conv_9"));
        assert_eq!(r.conversation(), Some("conv_9"));
        assert_eq!(r.unmeterable(), Some("background: true"));
        Ok(())
    }

    #[test]
    fn bad_items_name_the_field() {
        let err = |b: &str| match parse(b) {
            Err(ApiError::Field { field, .. }) => field,
            other => format!("{other:?}"),
        };
        assert_eq!(err(r#"{"model":"m","input":5}"#), "input");
        assert_eq!(err(r#"{"model":"m","input":[{"content":"x"}]}"#), "input[0].type");
        assert_eq!(
            err(r#"{"model":"m","input":[{"type":"function_call","name":"f"}]}"#),
            "input[0].arguments"
        );
        assert_eq!(
            err(r#"{"model":"m","input":[{"role":"user","content":[{"type":"input_text"}]}]}"#),
            "input[0].content[0].text"
        );
        assert_eq!(err(r#"{"model":"m","max_output_tokens":"9"}"#), "max_output_tokens");
        assert_eq!(err(r#"{"model":"m","conversation":3}"#), "conversation");
        assert_eq!(err(r#"{"model":"m","tools":[{"name":"f"}]}"#), "tools[0].type");
    }

    #[test]
    fn images_files_and_opaque_items_are_estimated() -> Result<(), ApiError> {
        let r = parse(
            r#"{"model":"gpt-4o","input":[{"role":"user","content":[
                {"type":"input_image","image_url":"https://x/y.png","detail":"low"},
                {"type":"input_file","file_id":"file_1"}]},
              {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"AAAABBBBCCCC"},
              {"type":"item_reference","id":"msg_1"},
              {"type":"web_search_call","id":"ws_1","status":"completed"}]}"#,
        )?;
        let c = r.count_input(Encoding::O200kBase)?;
        assert!(c.estimated >= 85 + WorstCases::DEFAULT.file_tokens + 3);
        assert_eq!(c.per_message.len(), 4);
        assert_eq!(c.per_message.get(2), Some(&0));
        Ok(())
    }

    #[test]
    fn rewrite_writes_max_output_tokens() -> Result<(), ApiError> {
        let body = r#"{"model":"gpt-4o","input":"hi","text":{"format":{"type":"text"}} }"#;
        let out = parse(body)?.rewrite(
            &Rewrite {
                model: None,
                output_cap: Some(64),
                include_usage: true,
            },
            "/v1/responses",
        )?;
        assert_eq!(
            String::from_utf8(out.body.unwrap_or_default()).unwrap_or_default(),
            r#"{"model":"gpt-4o","input":"hi","text":{"format":{"type":"text"}},"max_output_tokens":64}"#
        );
        Ok(())
    }
}
