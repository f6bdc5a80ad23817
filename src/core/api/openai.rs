//! OpenAI request bodies: Chat Completions, legacy Completions and Embeddings. Parses the
//! fields the filter reads, counts input tokens (OpenAI cookbook framing), and rewrites
//! `model`, the output cap and `stream_options` while keeping every other member's bytes.
//! Pure: no I/O, no pricing, no budgets.

use std::sync::{Arc, Mutex};

use serde::{Deserialize, Deserializer};
use serde_json::Value;
use serde_json::value::RawValue;

use super::responses::file_data_pieces;
use super::trim::{self, Item};
use super::walk::{Piece, Tally, typed};
use super::{ApiError, Endpoint, InputCount, LlmRequest, Rewrite, Rewritten, Turn, WorstCases};
use crate::count_cache::{CountCache, MessageCount};
use crate::images::{self, Detail, TileCost};
use crate::json_raw::{JsonLimits, RawObject, parse_split};
use crate::prefix_cache::{Entry, PrefixCache};
use crate::tokens::Encoding;

/// A parsed OpenAI-shaped request plus the raw object used for rewriting.
#[derive(Debug, Clone)]
pub struct OpenAiRequest {
    endpoint: Endpoint,
    raw: RawObject,
    body: Body,
    worst: WorstCases,
    /// The chat's entry in the VM's memo of bodies (its messages' bytes and counts), when
    /// it was parsed through the memo.
    known: Option<Arc<Entry<ChatKnown>>>,
}

/// What the memo of bodies keeps of a chat body (`prefix_cache`): its typed messages
/// (shared with the entries it was resumed from) and, once counted, their counts under
/// one context.
#[derive(Debug)]
pub struct ChatKnown {
    messages: Vec<Arc<ChatMessage>>,
    counts: Mutex<Option<(ChatContext, Vec<MessageCount>)>>,
    /// The typed view of the other members (its `messages` empty), for a body that ends
    /// with the same bytes after the array, and its tools' count under an encoding.
    rest: ChatBody,
    tools_count: Mutex<Option<(Encoding, (u64, u64))>>,
}

/// What a chat message's count depends on besides its own bytes (the encoding, the image
/// constants, the worst cases), as the count memo's context: fixed bytes, built without
/// formatting on every request.
type ChatContext = [u8; 61];

fn chat_context(encoding: Encoding, tile_cost: TileCost, worst: WorstCases) -> ChatContext {
    // Destructured so that a field added to either is a compile error here, not a stale key.
    let TileCost { base, per_tile } = tile_cost;
    let WorstCases {
        file_tokens,
        audio_tokens,
        mcp_server_tokens,
        unknown_part_tokens,
    } = worst;
    let encoding: u8 = match encoding {
        Encoding::Cl100kBase => 0,
        Encoding::O200kBase => 1,
        Encoding::Gemma3 => 2,
    };
    let mut key = [0u8; 61];
    let numbers = [
        base,
        per_tile,
        file_tokens,
        audio_tokens,
        mcp_server_tokens,
        unknown_part_tokens,
    ];
    for (slot, byte) in key.iter_mut().zip(
        b"openai_chat\0"
            .iter()
            .copied()
            .chain([encoding])
            .chain(numbers.iter().flat_map(|n| n.to_le_bytes())),
    ) {
        *slot = byte;
    }
    key
}

/// The VM's memo of chat bodies.
pub type ChatMemo = PrefixCache<ChatKnown>;

const CHAT_KIND: &str = "openai_chat";

/// The messages of a body, each behind an `Arc` (so the memo of bodies shares them).
fn arc_messages<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Arc<ChatMessage>>, D::Error> {
    Ok(Vec::<ChatMessage>::deserialize(d)?.into_iter().map(Arc::new).collect())
}

fn arc_values<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Arc<Vec<Value>>>, D::Error> {
    Ok(Option::<Vec<Value>>::deserialize(d)?.map(Arc::new))
}

#[derive(Debug, Clone)]
enum Body {
    Chat(ChatBody),
    Completions(CompletionsBody),
    Embeddings(EmbeddingsBody),
}

#[derive(Debug, Clone, Deserialize)]
struct ChatBody {
    #[serde(default)]
    model: String,
    #[serde(deserialize_with = "arc_messages")]
    messages: Vec<Arc<ChatMessage>>,
    /// Shared, so the typed view of a resent body's unchanged members is a cheap clone.
    #[serde(default, deserialize_with = "arc_values")]
    tools: Option<Arc<Vec<Value>>>,
    #[serde(default, deserialize_with = "arc_values")]
    functions: Option<Arc<Vec<Value>>>,
    #[serde(default)]
    max_tokens: Option<u64>,
    #[serde(default)]
    max_completion_tokens: Option<u64>,
    #[serde(default)]
    n: Option<u64>,
    #[serde(default)]
    stream: Option<bool>,
    #[serde(default)]
    stream_options: Option<StreamOptions>,
    #[serde(default)]
    user: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct StreamOptions {
    #[serde(default)]
    include_usage: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ChatMessage {
    role: String,
    #[serde(default)]
    content: Option<Value>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    tool_calls: Option<Vec<ToolCall>>,
    #[serde(default)]
    tool_call_id: Option<String>,
    #[serde(default)]
    function_call: Option<FunctionCall>,
    #[serde(default)]
    refusal: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct ToolCall {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    function: Option<FunctionCall>,
    #[serde(default)]
    custom: Option<Value>,
}

#[derive(Debug, Clone, Deserialize)]
struct FunctionCall {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    arguments: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct CompletionsBody {
    #[serde(default)]
    model: String,
    #[serde(default)]
    prompt: Option<Value>,
    #[serde(default)]
    suffix: Option<String>,
    #[serde(default)]
    max_tokens: Option<u64>,
    #[serde(default)]
    n: Option<u64>,
    #[serde(default)]
    best_of: Option<u64>,
    #[serde(default)]
    stream: Option<bool>,
    #[serde(default)]
    stream_options: Option<StreamOptions>,
    #[serde(default)]
    user: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct EmbeddingsBody {
    #[serde(default)]
    model: String,
    input: Value,
    #[serde(default)]
    user: Option<String>,
}

impl OpenAiRequest {
    /// `model_hint`: the model for a body without one (Azure names the deployment in the path).
    /// Parses with the default limits and worst cases (see `api::parse`).
    pub fn parse(endpoint: Endpoint, bytes: &[u8], model_hint: Option<&str>) -> Result<OpenAiRequest, ApiError> {
        OpenAiRequest::from_raw(endpoint, RawObject::parse(bytes)?, model_hint, WorstCases::DEFAULT)
    }

    /// The request from a parsed body; `worst` prices inputs of unknown size.
    pub fn from_raw(
        endpoint: Endpoint,
        raw: RawObject,
        model_hint: Option<&str>,
        worst: WorstCases,
    ) -> Result<OpenAiRequest, ApiError> {
        let body = match endpoint {
            Endpoint::ChatCompletions => Body::Chat(typed(&raw)?),
            Endpoint::Completions => Body::Completions(typed(&raw)?),
            Endpoint::Embeddings => Body::Embeddings(typed(&raw)?),
            other => {
                return Err(ApiError::field(
                    "path",
                    format!(
                        "{} is not an OpenAI chat, completions or embeddings endpoint",
                        other.name()
                    ),
                ));
            }
        };
        OpenAiRequest::finish(endpoint, raw, body, model_hint, worst, None)
    }

    /// The request from its raw members and typed view: the model hint, the checks.
    fn finish(
        endpoint: Endpoint,
        raw: RawObject,
        mut body: Body,
        model_hint: Option<&str>,
        worst: WorstCases,
        known: Option<Arc<Entry<ChatKnown>>>,
    ) -> Result<OpenAiRequest, ApiError> {
        if let Some(hint) = model_hint {
            let model = match &mut body {
                Body::Chat(c) => &mut c.model,
                Body::Completions(c) => &mut c.model,
                Body::Embeddings(e) => &mut e.model,
            };
            if model.is_empty() {
                *model = hint.to_string();
            }
        }
        let request = OpenAiRequest {
            endpoint,
            raw,
            body,
            worst,
            known,
        };
        request.validate()?;
        Ok(request)
    }

    /// A chat body through the VM's memo of bodies: resumed after the longest run of
    /// messages it shares byte for byte with a kept body (or read from the start), and
    /// kept for the next. `None` when that path is unsure of anything (see
    /// `json_raw::parse_split`): the caller parses the body whole, as always, so a `Some`
    /// is exactly the request `parse` returns.
    pub fn parse_chat_memo(
        bytes: &[u8],
        model_hint: Option<&str>,
        limits: &JsonLimits,
        worst: WorstCases,
        memo: &ChatMemo,
    ) -> Option<OpenAiRequest> {
        if !memo.enabled() {
            return None;
        }
        let found = memo.find(CHAT_KIND, limits, bytes);
        let resume = found.as_ref().and_then(|f| f.entry.resume_at(f.known));
        let split = parse_split(bytes, limits, "messages", resume)?;
        let known = found.as_ref().map_or(0, |f| f.known);
        // The typed messages: the kept ones, then the new ones each from its own bytes
        // (a message reads the same alone as inside the array).
        let mut messages: Vec<Arc<ChatMessage>> = Vec::with_capacity(known + split.elements.len());
        let mut elements = Vec::with_capacity(known + split.elements.len());
        let mut boundaries = Vec::with_capacity(known + split.elements.len());
        let mut counts = None;
        if let Some(f) = &found {
            messages.extend(f.entry.data.messages.get(..known)?.iter().cloned());
            elements.extend(f.entry.elements.get(..known)?.iter().cloned());
            boundaries.extend(f.entry.boundaries.get(..known)?.iter().copied());
            counts = f
                .entry
                .data
                .counts
                .lock()
                .ok()?
                .as_ref()
                .map(|(context, c)| (*context, c.get(..known.min(c.len())).unwrap_or_default().to_vec()));
        }
        for range in &split.elements {
            let message: ChatMessage = serde_json::from_slice(bytes.get(range.clone())?).ok()?;
            messages.push(Arc::new(message));
        }
        elements.extend(split.elements.iter().cloned());
        boundaries.extend(split.boundaries.iter().copied());
        // The typed view of the other members: the kept body's when they are its bytes,
        // else read from them with the messages left out.
        let mut raw = split.raw;
        let mut tools_count = None;
        let rest = match found.as_ref().filter(|_| split.after_reused) {
            Some(f) => {
                tools_count = *f.entry.data.tools_count.lock().ok()?;
                f.entry.data.rest.clone()
            }
            None => {
                let empty = RawValue::from_string("[]".to_string()).ok()?;
                let array = raw.replace("messages", empty)?;
                let rest = typed::<ChatBody>(&raw).ok()?;
                raw.replace("messages", array)?;
                rest
            }
        };
        let mut chat = rest.clone();
        chat.messages = messages.clone();
        let entry = Entry {
            kind: CHAT_KIND,
            limits: *limits,
            body: bytes.into(),
            before: raw.members().get(..split.before)?.to_vec(),
            after: raw.members().get(split.before + 1..)?.to_vec(),
            after_start: split.after_start,
            after_nodes: split.after_nodes,
            array_start: split.array_start,
            elements,
            boundaries,
            data: ChatKnown {
                messages,
                counts: Mutex::new(counts),
                rest,
                tools_count: Mutex::new(tools_count),
            },
        };
        let entry = memo.insert(entry, found.as_ref().map(|f| &f.entry));
        OpenAiRequest::finish(
            Endpoint::ChatCompletions,
            raw,
            Body::Chat(chat),
            model_hint,
            worst,
            Some(entry),
        )
        .ok()
    }

    fn validate(&self) -> Result<(), ApiError> {
        if self.model().is_empty() {
            return Err(ApiError::field("model", "is required"));
        }
        if self.choices() == 0 {
            return Err(ApiError::field("n", "must be at least 1"));
        }
        if let Body::Chat(chat) = &self.body {
            for (i, message) in chat.messages.iter().enumerate() {
                if let Some(content) = &message.content {
                    if !(content.is_string() || content.is_array() || content.is_null()) {
                        return Err(ApiError::field(
                            format!("messages[{i}].content"),
                            "must be a string or an array of parts",
                        ));
                    }
                }
            }
        }
        if let Body::Embeddings(e) = &self.body {
            embedding_inputs(&e.input)?;
        }
        if let Body::Completions(c) = &self.body {
            if let Some(prompt) = &c.prompt {
                completion_prompts(prompt)?;
            }
        }
        Ok(())
    }

    /// Whether the client asked for the streamed usage chunk itself.
    pub fn client_asked_for_usage(&self) -> bool {
        let options = match &self.body {
            Body::Chat(c) => c.stream_options.as_ref(),
            Body::Completions(c) => c.stream_options.as_ref(),
            Body::Embeddings(_) => None,
        };
        options.and_then(|o| o.include_usage).unwrap_or(false)
    }

    /// The field the output cap goes into: the one the client used, else the API's own.
    fn cap_field(&self) -> &'static str {
        match &self.body {
            Body::Chat(c) if c.max_completion_tokens.is_none() && c.max_tokens.is_some() => "max_tokens",
            // o-series and gpt-5 reject max_tokens; max_completion_tokens works for all chat models.
            Body::Chat(_) => "max_completion_tokens",
            _ => "max_tokens",
        }
    }

    fn rewrite_body(&self, rewrite: &Rewrite) -> Result<Option<Vec<u8>>, ApiError> {
        if rewrite.is_empty() {
            return Ok(None);
        }
        let mut raw = rewrite
            .model_and_cap(&self.raw, self.cap_field())?
            .unwrap_or_else(|| self.raw.clone());
        if rewrite.include_usage {
            let mut options = match raw.get("stream_options") {
                Some(existing) if existing.get().trim_start().starts_with('{') => RawObject::parse_raw(existing)?,
                _ => RawObject::new(),
            };
            options.set_value("include_usage", &true)?;
            raw.set("stream_options", options.to_raw()?);
        }
        Ok(Some(raw.to_bytes()))
    }
}

impl LlmRequest for OpenAiRequest {
    fn endpoint(&self) -> Endpoint {
        self.endpoint
    }

    fn model(&self) -> &str {
        match &self.body {
            Body::Chat(c) => &c.model,
            Body::Completions(c) => &c.model,
            Body::Embeddings(e) => &e.model,
        }
    }

    fn stream(&self) -> bool {
        match &self.body {
            Body::Chat(c) => c.stream.unwrap_or(false),
            Body::Completions(c) => c.stream.unwrap_or(false),
            Body::Embeddings(_) => false,
        }
    }

    fn choices(&self) -> u64 {
        match &self.body {
            Body::Chat(c) => c.n.unwrap_or(1),
            // best_of generates (and bills) best_of completions server-side.
            Body::Completions(c) => c.n.unwrap_or(1).max(c.best_of.unwrap_or(1)),
            Body::Embeddings(_) => 1,
        }
    }

    fn output_cap(&self) -> Option<u64> {
        match &self.body {
            Body::Chat(c) => c.max_completion_tokens.or(c.max_tokens),
            Body::Completions(c) => c.max_tokens,
            Body::Embeddings(_) => None,
        }
    }

    fn needs_usage_option(&self) -> bool {
        self.stream()
    }

    fn client_asked_for_usage(&self) -> bool {
        OpenAiRequest::client_asked_for_usage(self)
    }

    fn rewrite(&self, rewrite: &Rewrite, _path: &str) -> Result<Rewritten, ApiError> {
        Ok(Rewritten {
            body: self.rewrite_body(rewrite)?,
            path: None,
        })
    }

    fn user(&self) -> Option<&str> {
        match &self.body {
            Body::Chat(c) => c.user.as_deref(),
            Body::Completions(c) => c.user.as_deref(),
            Body::Embeddings(e) => e.user.as_deref(),
        }
    }

    fn trim(&self, encoding: Encoding, target: u64, pin_marker: &str) -> Result<Option<(Vec<u8>, usize)>, ApiError> {
        let Body::Chat(chat) = &self.body else { return Ok(None) };
        let count = self.count_input(encoding)?;
        let in_messages: u64 = count.per_message.iter().sum();
        let fixed = count.total().saturating_sub(in_messages);
        let items: Vec<Item> = chat
            .messages
            .iter()
            .zip(count.per_message.iter())
            .map(|(m, tokens)| Item {
                tokens: *tokens,
                keep: m.role == "system"
                    || m.role == "developer"
                    || m.content.as_ref().is_some_and(|c| value_text(c).contains(pin_marker)),
                assistant: m.role == "assistant",
                joins_previous: m.role == "tool" || m.role == "function",
            })
            .collect();
        let Some(keep) = trim::plan(&items, fixed, target, false) else {
            return Ok(None);
        };
        rebuild_messages(&self.raw, &keep, items.len())
    }

    fn turn(&self) -> Turn {
        match &self.body {
            Body::Chat(chat) => chat_turn(&chat.messages),
            Body::Completions(c) => {
                let text = c.prompt.as_ref().map(value_text).unwrap_or_default();
                Turn {
                    session_seed: text.clone(),
                    new_text: text,
                    messages: 1,
                    ..Turn::default()
                }
            }
            Body::Embeddings(_) => Turn::default(),
        }
    }

    fn count_input_memo(&self, encoding: Encoding, memo: &CountCache) -> Result<InputCount, ApiError> {
        match &self.body {
            Body::Chat(chat) => count_chat(
                chat,
                encoding,
                self.worst,
                Some(Memo {
                    cache: memo,
                    raw: &self.raw,
                    known: self.known.as_deref(),
                }),
            ),
            _ => self.count_input(encoding),
        }
    }

    fn count_input(&self, encoding: Encoding) -> Result<InputCount, ApiError> {
        match &self.body {
            Body::Chat(chat) => count_chat(chat, encoding, self.worst, None),
            Body::Completions(c) => {
                let mut count = InputCount::default();
                if let Some(prompt) = &c.prompt {
                    for p in completion_prompts(prompt)? {
                        count.text += count_prompt_piece(p, encoding)?;
                    }
                }
                if let Some(suffix) = &c.suffix {
                    count.text += encoding.count(suffix)?;
                }
                count.per_message.push(count.text);
                Ok(count)
            }
            Body::Embeddings(e) => {
                let mut count = InputCount::default();
                for piece in embedding_inputs(&e.input)? {
                    let n = count_prompt_piece(piece, encoding)?;
                    count.text += n;
                    count.per_message.push(n);
                }
                Ok(count)
            }
        }
    }
}

/// The body with only the `messages` at `keep`, each kept message byte-exact.
pub(crate) fn rebuild_messages(
    raw: &RawObject,
    keep: &[usize],
    total: usize,
) -> Result<Option<(Vec<u8>, usize)>, ApiError> {
    let Some(messages) = raw.get("messages") else {
        return Ok(None);
    };
    let items: Vec<Box<serde_json::value::RawValue>> =
        serde_json::from_str(messages.get()).map_err(|e| ApiError::field("messages", e.to_string()))?;
    let kept: Vec<&serde_json::value::RawValue> =
        keep.iter().filter_map(|i| items.get(*i).map(|b| b.as_ref())).collect();
    let mut out = raw.clone();
    out.set_value("messages", &kept)?;
    Ok(Some((out.to_bytes(), total.saturating_sub(kept.len()))))
}

/// All text of a content value (string, or the text of its parts).
fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(value_text)
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        Value::Object(map) => ["text", "refusal", "content"]
            .iter()
            .filter_map(|k| map.get(*k))
            .map(value_text)
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

/// The trailing user/tool messages after the last assistant message, and that assistant
/// message's tool calls.
fn chat_turn(messages: &[Arc<ChatMessage>]) -> Turn {
    let last_assistant = messages.iter().rposition(|m| m.role == "assistant");
    let trailing = match last_assistant {
        Some(i) => messages.get(i + 1..).unwrap_or_default(),
        None => messages,
    };
    let mut turn = Turn {
        messages: messages.len(),
        ..Turn::default()
    };
    let mut new_parts = Vec::new();
    for m in trailing.iter().filter(|m| m.role != "system" && m.role != "developer") {
        let text = m.content.as_ref().map(value_text).unwrap_or_default();
        if m.role == "tool" || m.role == "function" {
            turn.tool_results.push(text.clone());
        }
        new_parts.push(text);
    }
    if let Some(assistant) = last_assistant.and_then(|i| messages.get(i)) {
        turn.assistant_text = assistant.content.as_ref().map(value_text).unwrap_or_default();
        for call in assistant.tool_calls.iter().flatten() {
            if let Some(f) = &call.function {
                turn.tool_calls.push((
                    f.name.clone().unwrap_or_default(),
                    f.arguments.clone().unwrap_or_default(),
                ));
            }
        }
        if let Some(f) = &assistant.function_call {
            turn.tool_calls.push((
                f.name.clone().unwrap_or_default(),
                f.arguments.clone().unwrap_or_default(),
            ));
        }
    }
    turn.new_text = new_parts.join("\n");
    let system = messages
        .iter()
        .filter(|m| m.role == "system" || m.role == "developer")
        .map(|m| m.content.as_ref().map(value_text).unwrap_or_default());
    let first_user = messages
        .iter()
        .find(|m| m.role == "user")
        .map(|m| m.content.as_ref().map(value_text).unwrap_or_default());
    turn.session_seed = system.chain(first_user).collect::<Vec<_>>().join("\n");
    turn
}

/// Cookbook framing (OpenAI, "How to count tokens with tiktoken").
const TOKENS_PER_MESSAGE: u64 = 3;
const TOKENS_PER_NAME: u64 = 1;
const REPLY_PRIMING: u64 = 3;

/// The memos a chat's count may use: the VM's memo of message counts (with the body's
/// raw members, for the messages' bytes), and the body's entry in the memo of bodies.
#[derive(Clone, Copy)]
struct Memo<'a> {
    cache: &'a CountCache,
    raw: &'a RawObject,
    known: Option<&'a Entry<ChatKnown>>,
}

/// The chat's input count. With a memo (and the messages' raw bytes), a message already
/// counted under the same encoding, tile constants and worst cases is not counted again:
/// its count is a function of exactly those and its bytes (see `count_message`). A body
/// resumed from the memo of bodies takes the counts of the messages it shares with the
/// kept body (the same bytes) when they were counted under the same context.
fn count_chat(
    chat: &ChatBody,
    encoding: Encoding,
    worst: WorstCases,
    memo: Option<Memo<'_>>,
) -> Result<InputCount, ApiError> {
    let mut count = InputCount::default();
    let tile_cost = TileCost::for_model(&chat.model);
    let known = memo
        .and_then(|m| m.known)
        .filter(|e| e.elements.len() == chat.messages.len());
    // The messages' own bytes, one per typed message (else no memo for this body).
    let raw_messages: Option<Vec<&[u8]>> = match known {
        Some(entry) => entry.elements.iter().map(|r| entry.body.get(r.clone())).collect(),
        None => memo
            .filter(|m| m.cache.enabled())
            .and_then(|m| m.raw.get("messages"))
            .and_then(|m| serde_json::from_str::<Vec<&RawValue>>(m.get()).ok())
            .map(|m| m.iter().map(|v| v.get().as_bytes()).collect()),
    };
    let raw_messages = raw_messages.filter(|m| m.len() == chat.messages.len());
    let context = chat_context(encoding, tile_cost, worst);
    // The counts the kept body's messages had under this context.
    let kept: Vec<MessageCount> = known
        .and_then(|e| e.data.counts.lock().ok())
        .and_then(|c| c.as_ref().filter(|(ctx, _)| *ctx == context).map(|(_, c)| c.clone()))
        .unwrap_or_default();
    let mut counted: Vec<MessageCount> = Vec::with_capacity(chat.messages.len());
    for (i, message) in chat.messages.iter().enumerate() {
        let cached = match (memo, raw_messages.as_ref().and_then(|m| m.get(i))) {
            (Some(m), Some(bytes)) if m.cache.enabled() => Some((m.cache, *bytes)),
            _ => None,
        };
        let found = match kept.get(i) {
            Some(c) => Some(*c),
            None => cached.and_then(|(cache, bytes)| cache.lookup(&context, bytes)),
        };
        let (text, estimated) = match found {
            Some(c) => (c.text, c.estimated),
            None => {
                let (text, estimated) = count_message(message, encoding, tile_cost, worst)?;
                if let Some((cache, bytes)) = cached {
                    cache.insert(&context, bytes, MessageCount { text, estimated });
                }
                (text, estimated)
            }
        };
        let framing = TOKENS_PER_MESSAGE + if message.name.is_some() { TOKENS_PER_NAME } else { 0 };
        count.text += text;
        count.estimated += estimated;
        count.framing += framing;
        count.per_message.push(text + estimated + framing);
        counted.push(MessageCount { text, estimated });
    }
    // The counts go with the body's entry, for the body that resumes from it.
    if let Some(mut counts) = known.and_then(|e| e.data.counts.lock().ok()) {
        *counts = Some((context, counted));
    }
    count.framing += REPLY_PRIMING;
    let tools: Vec<&Value> = chat
        .tools
        .as_deref()
        .into_iter()
        .flatten()
        .map(|t| t.get("function").unwrap_or(t))
        .chain(chat.functions.as_deref().into_iter().flatten())
        .collect();
    if !tools.is_empty() {
        // The same tools (and model) as the kept body's when its members after the
        // messages were reused: their count under this encoding, if it was taken.
        let memo = known.and_then(|e| e.data.tools_count.lock().ok());
        let (text, framing) = match memo {
            Some(mut kept) => match *kept {
                Some((e, c)) if e == encoding => c,
                _ => {
                    let c = count_tools(&tools, encoding, &chat.model)?;
                    *kept = Some((encoding, c));
                    c
                }
            },
            None => count_tools(&tools, encoding, &chat.model)?,
        };
        count.text += text;
        count.framing += framing;
    }
    Ok(count)
}

/// (exact text tokens, estimated tokens) of one message. Like the cookbook, every string
/// field of the message is counted, the role included.
fn count_message(
    message: &ChatMessage,
    encoding: Encoding,
    tile_cost: TileCost,
    worst: WorstCases,
) -> Result<(u64, u64), ApiError> {
    let mut text = encoding.count(&message.role)?;
    let mut estimated = 0;
    match &message.content {
        Some(Value::String(s)) => text += encoding.count(s)?,
        Some(Value::Array(parts)) => {
            for part in parts {
                let (t, e) = count_part(part, encoding, tile_cost, worst)?;
                text += t;
                estimated += e;
            }
        }
        _ => {}
    }
    for field in [&message.name, &message.tool_call_id, &message.refusal]
        .into_iter()
        .flatten()
    {
        text += encoding.count(field)?;
    }
    for call in message.tool_calls.iter().flatten() {
        if let Some(id) = &call.id {
            text += encoding.count(id)?;
        }
        if let Some(function) = &call.function {
            text += count_function_call(function, encoding)?;
        }
        if let Some(custom) = &call.custom {
            text += count_value_strings(custom, encoding)?;
        }
    }
    if let Some(function) = &message.function_call {
        text += count_function_call(function, encoding)?;
    }
    Ok((text, estimated))
}

fn count_function_call(call: &FunctionCall, encoding: Encoding) -> Result<u64, ApiError> {
    let mut n = 0;
    for s in [&call.name, &call.arguments].into_iter().flatten() {
        n += encoding.count(s)?;
    }
    Ok(n)
}

fn count_part(
    part: &Value,
    encoding: Encoding,
    tile_cost: TileCost,
    worst: WorstCases,
) -> Result<(u64, u64), ApiError> {
    let kind = part.get("type").and_then(Value::as_str).unwrap_or("");
    match kind {
        "text" | "input_text" | "refusal" => {
            let text = part
                .get(kind)
                .or_else(|| part.get("text"))
                .and_then(Value::as_str)
                .unwrap_or("");
            Ok((encoding.count(text)?, 0))
        }
        "image_url" | "input_image" => {
            let image = part.get("image_url");
            let url = image
                .and_then(|i| i.get("url").or(Some(i)))
                .and_then(Value::as_str)
                .unwrap_or("");
            let detail = Detail::parse(image.and_then(|i| i.get("detail")).and_then(Value::as_str));
            Ok((0, images::image_tokens(images::data_url_size(url), detail, tile_cost)))
        }
        "input_audio" => {
            // Audio is billed by duration; count the base64 payload size as a rough upper
            // guess, the configured worst case when the body carries none.
            match part.pointer("/input_audio/data").and_then(Value::as_str) {
                Some(data) => Ok((0, (data.len() as u64) / 4)),
                None => Ok((0, worst.audio_tokens)),
            }
        }
        // A file: inline `file_data` like a Responses `input_file` (PDF pages, or the
        // decoded size); by `file_id` (or URL) its size is unknown: the worst case.
        "file" => {
            let file = part.get("file").unwrap_or(&Value::Null);
            let mut tally = Tally::counting(encoding, worst);
            if let Some(name) = file.get("filename").and_then(Value::as_str) {
                tally.add(Piece::Text(name))?;
            }
            match file.get("file_data").and_then(Value::as_str) {
                Some(data) => file_data_pieces(data, &mut tally)?,
                None => tally.add(Piece::Estimate(worst.file_tokens))?,
            }
            let count = tally.finish();
            Ok((count.text, count.estimated))
        }
        // A part of a type this parser does not know: its strings as a guess, at least the
        // configured floor (it may stand for a file or media fetched by the provider).
        _ => Ok((0, count_value_strings(part, encoding)?.max(worst.unknown_part_tokens))),
    }
}

/// Counts every string (and key) inside an arbitrary value (estimate for shapes we do not
/// know): joined by newlines and counted once, one tokenizer call however many strings.
fn count_value_strings(value: &Value, encoding: Encoding) -> Result<u64, ApiError> {
    fn collect<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
        match value {
            Value::String(s) => out.push(s),
            Value::Array(items) => items.iter().for_each(|item| collect(item, out)),
            Value::Object(map) => {
                for (k, v) in map {
                    out.push(k);
                    collect(v, out);
                }
            }
            _ => {}
        }
    }
    let mut strings = Vec::new();
    collect(value, &mut strings);
    Ok(encoding.count(&strings.join("\n"))?)
}

struct ToolConstants {
    func_init: u64,
    prop_init: u64,
    prop_key: u64,
    enum_init_negative: u64,
    enum_item: u64,
    func_end: u64,
}

/// (text, framing) of the tool definitions, per the cookbook's `num_tokens_for_tools`.
/// Nested schemas beyond the cookbook's flat properties are counted as their JSON text.
fn count_tools(tools: &[&Value], encoding: Encoding, model: &str) -> Result<(u64, u64), ApiError> {
    let c = if encoding == Encoding::Cl100kBase {
        ToolConstants {
            func_init: 10,
            prop_init: 3,
            prop_key: 3,
            enum_init_negative: 3,
            enum_item: 3,
            func_end: 12,
        }
    } else {
        ToolConstants {
            func_init: 7,
            prop_init: 3,
            prop_key: 3,
            enum_init_negative: 3,
            enum_item: 3,
            func_end: 12,
        }
    };
    let _ = model;
    let mut text = 0u64;
    let mut framing: i64 = 0;
    for function in tools {
        framing += c.func_init as i64;
        let name = function.get("name").and_then(Value::as_str).unwrap_or("");
        let description = function.get("description").and_then(Value::as_str).unwrap_or("");
        let description = description.strip_suffix('.').unwrap_or(description);
        text += encoding.count(&format!("{name}:{description}"))?;
        let properties = function.pointer("/parameters/properties").and_then(Value::as_object);
        if let Some(properties) = properties.filter(|p| !p.is_empty()) {
            framing += c.prop_init as i64;
            for (key, property) in properties {
                framing += c.prop_key as i64;
                if let Some(items) = property.get("enum").and_then(Value::as_array) {
                    framing -= c.enum_init_negative as i64;
                    for item in items {
                        framing += c.enum_item as i64;
                        text += match item {
                            Value::String(s) => encoding.count(s)?,
                            other => encoding.count(&other.to_string())?,
                        };
                    }
                }
                let p_type = match property.get("type") {
                    Some(Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                    None => String::new(),
                };
                let p_desc = property.get("description").and_then(Value::as_str).unwrap_or("");
                let p_desc = p_desc.strip_suffix('.').unwrap_or(p_desc);
                text += encoding.count(&format!("{key}:{p_type}:{p_desc}"))?;
                for nested in ["properties", "items", "anyOf", "oneOf"] {
                    if let Some(schema) = property.get(nested) {
                        text += encoding.count(&schema.to_string())?;
                    }
                }
            }
        }
    }
    framing += c.func_end as i64;
    Ok((text, u64::try_from(framing.max(0)).unwrap_or(0)))
}

/// A prompt or embedding input piece: text, or already-tokenised ids.
#[derive(Debug, Clone, Copy)]
enum PromptPiece<'a> {
    Text(&'a str),
    TokenIds(usize),
}

fn count_prompt_piece(piece: PromptPiece<'_>, encoding: Encoding) -> Result<u64, ApiError> {
    Ok(match piece {
        PromptPiece::Text(s) => encoding.count(s)?,
        PromptPiece::TokenIds(n) => n as u64,
    })
}

fn completion_prompts(prompt: &Value) -> Result<Vec<PromptPiece<'_>>, ApiError> {
    pieces(prompt, "prompt")
}

fn embedding_inputs(input: &Value) -> Result<Vec<PromptPiece<'_>>, ApiError> {
    pieces(input, "input")
}

/// string | [string] | [int] | [[int]]
fn pieces<'a>(value: &'a Value, field: &str) -> Result<Vec<PromptPiece<'a>>, ApiError> {
    let bad = || ApiError::field(field, "must be a string, an array of strings, or token arrays");
    match value {
        Value::String(s) => Ok(vec![PromptPiece::Text(s)]),
        Value::Array(items) if items.iter().all(Value::is_number) => Ok(vec![PromptPiece::TokenIds(items.len())]),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => Ok(PromptPiece::Text(s)),
                Value::Array(ids) if ids.iter().all(Value::is_number) => Ok(PromptPiece::TokenIds(ids.len())),
                _ => Err(bad()),
            })
            .collect(),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chat(body: &str) -> Result<OpenAiRequest, ApiError> {
        OpenAiRequest::parse(Endpoint::ChatCompletions, body.as_bytes(), None)
    }

    #[test]
    fn cookbook_example_counts() -> Result<(), ApiError> {
        // The cookbook's example conversation: 129 tokens for gpt-4o-mini / gpt-4o.
        let body = r#"{"model":"gpt-4o","messages":[
 {"role":"system","content":"You are a helpful, pattern-following assistant that translates corporate jargon into plain English."},
 {"role":"system","name":"example_user","content":"New synergies will help drive top-line growth."},
 {"role":"system","name":"example_assistant","content":"Things working well together will increase revenue."},
 {"role":"system","name":"example_user","content":"Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage."},
 {"role":"system","name":"example_assistant","content":"Let's talk later when we're less busy about how to do better."},
 {"role":"user","content":"This late pivot means we don't have time to boil the ocean for the client deliverable."}]}"#;
        let req = chat(body)?;
        let count = req.count_input(Encoding::for_openai_model(req.model()))?;
        assert_eq!(count.total(), 124);
        assert!(!count.is_exact());
        assert_eq!(count.per_message.len(), 6);
        Ok(())
    }

    #[test]
    fn fields_are_read() -> Result<(), ApiError> {
        let req = chat(
            r#"{"model":"gpt-4o","messages":[],"n":2,"max_tokens":50,"stream":true,"stream_options":{"include_usage":true},"user":"u1"}"#,
        )?;
        assert_eq!(req.choices(), 2);
        assert_eq!(req.output_cap(), Some(50));
        assert!(req.stream());
        assert!(req.client_asked_for_usage());
        assert_eq!(req.user(), Some("u1"));
        Ok(())
    }

    #[test]
    fn rewrite_keeps_other_members_exactly() -> Result<(), ApiError> {
        let body = r#"{"model":"fast","messages":[{"role":"user","content":"hi"}],"temperature":0.70,"stream":true,"stream_options":{"x":1},"metadata":{"a":"\u00e9"}}"#;
        let req = chat(body)?;
        let out = req.rewrite(
            &Rewrite {
                model: Some("gpt-4o-mini".into()),
                output_cap: Some(256),
                include_usage: true,
            },
            "/v1/chat/completions",
        )?;
        let out = String::from_utf8(out.body.unwrap_or_default()).unwrap_or_default();
        assert_eq!(
            out,
            r#"{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"temperature":0.70,"stream":true,"stream_options":{"x":1,"include_usage":true},"metadata":{"a":"\u00e9"},"max_completion_tokens":256}"#
        );
        Ok(())
    }

    #[test]
    fn bad_bodies_are_typed_errors() {
        assert!(matches!(chat(r#"{"messages":[]}"#), Err(ApiError::Field { field, .. }) if field == "model"));
        assert!(matches!(
            chat(r#"{"model":"a","messages":[],"model":"b"}"#),
            Err(ApiError::Json(_))
        ));
        assert!(matches!(
            chat(r#"{"model":"a","messages":[{"role":"user","content":1}]}"#),
            Err(ApiError::Field { .. })
        ));
        assert!(matches!(
            chat(r#"{"model":"a","messages":[],"max_tokens":-1}"#),
            Err(ApiError::Field { .. })
        ));
        assert!(matches!(
            chat(r#"{"model":"a","messages":[{"role":"user","content":"a","content":"b"}]}"#),
            Err(ApiError::Json(_))
        ));
    }

    #[test]
    fn tool_calls_and_results_count_as_text() -> Result<(), ApiError> {
        let plain = chat(r#"{"model":"gpt-4o","messages":[{"role":"user","content":"x"}]}"#)?
            .count_input(Encoding::O200kBase)?;
        let with_tools = chat(r#"{"model":"gpt-4o","messages":[{"role":"user","content":"x"},
            {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
            {"role":"tool","tool_call_id":"call_1","content":"sunny, 21C"}]}"#)?
        .count_input(Encoding::O200kBase)?;
        assert!(with_tools.text > plain.text + 10);
        Ok(())
    }

    #[test]
    fn azure_bodies_take_the_model_from_the_deployment() -> Result<(), ApiError> {
        let r = OpenAiRequest::parse(Endpoint::ChatCompletions, br#"{"messages":[]}"#, Some("gpt-4o"))?;
        assert_eq!(r.model(), "gpt-4o");
        let r = OpenAiRequest::parse(
            Endpoint::ChatCompletions,
            br#"{"model":"x","messages":[]}"#,
            Some("gpt-4o"),
        )?;
        assert_eq!(r.model(), "x");
        Ok(())
    }

    #[test]
    fn embeddings_and_completions_inputs() -> Result<(), ApiError> {
        let e = OpenAiRequest::parse(
            Endpoint::Embeddings,
            br#"{"model":"text-embedding-3-small","input":["hello world",[1,2,3]]}"#,
            None,
        )?;
        let c = e.count_input(Encoding::Cl100kBase)?;
        assert_eq!(c.total(), 2 + 3);
        assert!(c.is_exact());
        let p = OpenAiRequest::parse(
            Endpoint::Completions,
            br#"{"model":"gpt-3.5-turbo-instruct","prompt":"hello world","max_tokens":7}"#,
            None,
        )?;
        assert_eq!(p.count_input(Encoding::Cl100kBase)?.total(), 2);
        assert_eq!(p.output_cap(), Some(7));
        Ok(())
    }
}
