//! Provider API shapes: which endpoint a request path is, and per-API request parsing,
//! input counting and body (or path) rewriting behind one trait, `LlmRequest`.
//! Pure: bytes in, typed requests and new bytes out; no budgets, no prices, no host.

pub mod anthropic;
pub mod gemini;
pub mod openai;
pub mod responses;
pub mod trim;
pub mod turns;
mod walk;

use thiserror::Error;

use crate::count_cache::CountCache;
use crate::json_raw::{JsonError, JsonLimits, RawObject};
use crate::prefix_cache::{PrefixLimits, PrefixStats};
use crate::tokens::{Encoding, TokenError};
use crate::usage::ApiKind;

/// An endpoint the filter understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    ChatCompletions,
    Completions,
    Embeddings,
    Responses,
    Messages,
    GeminiGenerate,
    GeminiStream,
}

/// Whose error shape a reply takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    OpenAi,
    Anthropic,
    Gemini,
}

impl Endpoint {
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::ChatCompletions => "openai_chat",
            Endpoint::Completions => "openai_completions",
            Endpoint::Embeddings => "openai_embeddings",
            Endpoint::Responses => "openai_responses",
            Endpoint::Messages => "anthropic_messages",
            Endpoint::GeminiGenerate | Endpoint::GeminiStream => "gemini",
        }
    }

    pub fn family(self) -> Family {
        match self {
            Endpoint::Messages => Family::Anthropic,
            Endpoint::GeminiGenerate | Endpoint::GeminiStream => Family::Gemini,
            _ => Family::OpenAi,
        }
    }

    pub fn api_kind(self) -> ApiKind {
        match self {
            Endpoint::ChatCompletions => ApiKind::OpenAiChat,
            Endpoint::Completions => ApiKind::OpenAiCompletions,
            Endpoint::Embeddings => ApiKind::OpenAiEmbeddings,
            Endpoint::Responses => ApiKind::OpenAiResponses,
            Endpoint::Messages => ApiKind::AnthropicMessages,
            Endpoint::GeminiGenerate | Endpoint::GeminiStream => ApiKind::Gemini,
        }
    }

    /// Whether the response carries output tokens (embeddings do not).
    pub fn has_output(self) -> bool {
        !matches!(self, Endpoint::Embeddings)
    }
}

/// What a request path says: the endpoint, and the model or deployment if the path
/// carries one (Gemini and Vertex put the model in the path; Azure the deployment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub endpoint: Endpoint,
    pub path_model: Option<String>,
    pub deployment: Option<String>,
}

impl Target {
    fn plain(endpoint: Endpoint) -> Target {
        Target {
            endpoint,
            path_model: None,
            deployment: None,
        }
    }

    /// Classifies a request path (query string ignored).
    pub fn from_path(path: &str) -> Option<Target> {
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let path = path.trim_end_matches('/');
        // Gemini / Vertex: .../models/{model}:generateContent
        if let Some((before, action)) = path.rsplit_once(':') {
            if let Some(model) = before
                .rsplit_once("/models/")
                .map(|(_, m)| m)
                .filter(|m| !m.is_empty() && !m.contains('/'))
            {
                let endpoint = match action {
                    "generateContent" => Endpoint::GeminiGenerate,
                    "streamGenerateContent" => Endpoint::GeminiStream,
                    _ => return None,
                };
                let _ = query;
                return Some(Target {
                    endpoint,
                    path_model: Some(model.to_string()),
                    deployment: None,
                });
            }
        }
        let deployment = path
            .split_once("/openai/deployments/")
            .and_then(|(_, rest)| rest.split('/').next())
            .filter(|d| !d.is_empty())
            .map(str::to_string);
        let endpoint = if path.ends_with("/chat/completions") {
            Endpoint::ChatCompletions
        } else if path.ends_with("/v1/completions")
            || path.ends_with("/openai/completions")
            || (deployment.is_some() && path.ends_with("/completions"))
        {
            Endpoint::Completions
        } else if path.ends_with("/embeddings") {
            Endpoint::Embeddings
        } else if path.ends_with("/responses") {
            Endpoint::Responses
        } else if path.ends_with("/v1/messages") {
            Endpoint::Messages
        } else {
            return None;
        };
        Some(Target {
            deployment,
            ..Target::plain(endpoint)
        })
    }
}

impl Family {
    /// The API family whose error shape a path gets: its endpoint's, or for paths that
    /// are no metered endpoint (batches, count_tokens, …) the family the path belongs to.
    pub fn of_path(path: &str) -> Family {
        if let Some(target) = Target::from_path(path) {
            return target.endpoint.family();
        }
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        if path.contains("/messages") {
            Family::Anthropic
        } else if path.contains("/models/")
            || path.contains(":generateContent")
            || path.contains(":streamGenerateContent")
        {
            Family::Gemini
        } else {
            Family::OpenAi
        }
    }
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ApiError {
    #[error(transparent)]
    Json(#[from] JsonError),
    #[error("invalid request field `{field}`: {reason}")]
    Field { field: String, reason: String },
    #[error("missing required field `{0}`")]
    Missing(&'static str),
    #[error(transparent)]
    Tokens(#[from] TokenError),
}

impl ApiError {
    pub fn field(field: impl Into<String>, reason: impl Into<String>) -> ApiError {
        ApiError::Field {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// Tokens reserved for inputs a body names but does not carry, whose size the gateway
/// cannot know (the provider bills them as input all the same). Each is an estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorstCases {
    /// A file or document given by id or remote URL (OpenAI `file` / `input_file` by
    /// `file_id` or `file_url`, Anthropic `document` by `url` or `file`, Gemini
    /// `fileData` that is not an image).
    pub file_tokens: u64,
    /// Audio whose length the body does not show (no inline data).
    pub audio_tokens: u64,
    /// Each MCP server (Anthropic `mcp_servers`) or `mcp` tool (Responses): the tool
    /// definitions it imports are billed as input.
    pub mcp_server_tokens: u64,
    /// At least this much for a content part or block of a type the parser does not know
    /// (the strings it carries are counted when they are more).
    pub unknown_part_tokens: u64,
}

impl WorstCases {
    pub const DEFAULT: WorstCases = WorstCases {
        file_tokens: 30_000,
        audio_tokens: 30_000,
        mcp_server_tokens: 5_000,
        unknown_part_tokens: 1_000,
    };
}

impl Default for WorstCases {
    fn default() -> Self {
        WorstCases::DEFAULT
    }
}

/// The worst cases, per API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UnknownInputs {
    pub openai_chat: WorstCases,
    pub openai_responses: WorstCases,
    pub anthropic: WorstCases,
    pub gemini: WorstCases,
}

/// What the parsers take from the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ParseOptions {
    pub json: JsonLimits,
    pub unknown: UnknownInputs,
}

/// Input tokens of a request, split by how sure we are.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InputCount {
    /// Text counted with the encoding: exact for the encoding's own models.
    pub text: u64,
    /// Per-message and tool-definition constants (OpenAI's published approximation).
    pub framing: u64,
    /// Images, documents and other parts counted by formula or guess.
    pub estimated: u64,
    /// Tokens per message (text + framing + estimates), in order, for per-message caching.
    pub per_message: Vec<u64>,
}

impl InputCount {
    pub fn total(&self) -> u64 {
        self.text.saturating_add(self.framing).saturating_add(self.estimated)
    }

    /// Exact only when nothing but text was counted.
    pub fn is_exact(&self) -> bool {
        self.framing == 0 && self.estimated == 0
    }
}

/// The changes the core asks for; everything else in the request stays as sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rewrite {
    pub model: Option<String>,
    /// A new output cap: written into the field the client used, or the API's own field
    /// when the client sent none.
    pub output_cap: Option<u64>,
    /// Ask an OpenAI stream for its usage chunk (`stream_options.include_usage`).
    pub include_usage: bool,
}

impl Rewrite {
    pub fn is_empty(&self) -> bool {
        self.model.is_none() && self.output_cap.is_none() && !self.include_usage
    }
}

impl Rewrite {
    /// A copy of `raw` with the new `model` and the output cap written into `cap_field`
    /// (every other member keeps its bytes); `None` when neither changes.
    pub(crate) fn model_and_cap(&self, raw: &RawObject, cap_field: &str) -> Result<Option<RawObject>, ApiError> {
        if self.model.is_none() && self.output_cap.is_none() {
            return Ok(None);
        }
        let mut raw = raw.clone();
        if let Some(model) = &self.model {
            raw.set_value("model", model)?;
        }
        if let Some(cap) = self.output_cap {
            raw.set_value(cap_field, &cap)?;
        }
        Ok(Some(raw))
    }
}

/// A rewritten request: a new body and/or a new path (Gemini's model lives in the path).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rewritten {
    pub body: Option<Vec<u8>>,
    pub path: Option<String>,
}

/// What the latest turn of a conversation adds, for loop and stall detection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Turn {
    /// Text of the trailing user/tool messages (what is new in this request).
    pub new_text: String,
    /// The assistant's latest tool calls: (name, arguments).
    pub tool_calls: Vec<(String, String)>,
    /// The assistant's latest text (its output of the previous turn): progress evidence.
    pub assistant_text: String,
    /// Tool results in the trailing messages.
    pub tool_results: Vec<String>,
    /// System prompt + first user message: seeds a derived session id.
    pub session_seed: String,
    /// Number of messages (or items) in the request.
    pub messages: usize,
}

/// What the core needs of a parsed request, whatever its API.
pub trait LlmRequest {
    fn endpoint(&self) -> Endpoint;
    fn model(&self) -> &str;
    fn stream(&self) -> bool;
    /// Number of completions generated and billed (`n`, `best_of`, `candidateCount`).
    fn choices(&self) -> u64 {
        1
    }
    /// The output cap the client asked for.
    fn output_cap(&self) -> Option<u64>;
    /// Whether the API requires the client to send the cap (Anthropic's `max_tokens`).
    fn cap_required(&self) -> bool {
        false
    }
    /// Output the model may spend thinking (a thinking budget): billed as output and
    /// bounded by the output cap, so a default cap written by the filter leaves this room.
    fn extra_output(&self) -> u64 {
        0
    }
    fn user(&self) -> Option<&str> {
        None
    }
    fn count_input(&self, encoding: Encoding) -> Result<InputCount, ApiError>;
    /// `count_input` with the VM's memo of per-message counts: the same result, with the
    /// messages already counted looked up instead (APIs without a memo ignore it).
    fn count_input_memo(&self, encoding: Encoding, memo: &CountCache) -> Result<InputCount, ApiError> {
        let _ = memo;
        self.count_input(encoding)
    }
    /// OpenAI streams report usage only when asked: does the client ask itself?
    fn needs_usage_option(&self) -> bool {
        false
    }
    fn client_asked_for_usage(&self) -> bool {
        false
    }
    /// Server-side context the request continues (Responses `previous_response_id`).
    fn previous_response_id(&self) -> Option<&str> {
        None
    }
    /// A feature the filter cannot meter (e.g. Responses `background: true`).
    fn unmeterable(&self) -> Option<&'static str> {
        None
    }
    fn rewrite(&self, rewrite: &Rewrite, path: &str) -> Result<Rewritten, ApiError>;
    /// The opt-in sliding window: the body without its oldest droppable messages so the
    /// input fits `target` tokens (see `trim`), and how many were dropped; `None` when
    /// nothing is dropped or the API does not support it.
    fn trim(&self, _encoding: Encoding, _target: u64, _pin_marker: &str) -> Result<Option<(Vec<u8>, usize)>, ApiError> {
        Ok(None)
    }
    /// The latest turn, for loop and stall detection (empty for APIs without turns).
    fn turn(&self) -> Turn {
        Turn::default()
    }
}

/// The VM's memos of recent bodies, per API (`prefix_cache`): a body that resends a
/// kept one's messages is read only from where it changed.
pub struct BodyMemo {
    chat: openai::ChatMemo,
}

impl BodyMemo {
    pub fn new(limits: PrefixLimits) -> BodyMemo {
        BodyMemo {
            chat: openai::ChatMemo::new(limits),
        }
    }

    /// The figures since the last call, reset (every API's memo together).
    pub fn take_stats(&self) -> PrefixStats {
        self.chat.take_stats()
    }

    /// (entries, body bytes) kept now.
    pub fn size(&self) -> (usize, usize) {
        self.chat.size()
    }
}

/// `parse` through the VM's memo of bodies: the same result for every body (the memo's
/// path answers only when sure, else the body is parsed whole).
pub fn parse_memo(
    target: &Target,
    body: &[u8],
    model_hint: Option<&str>,
    options: &ParseOptions,
    memo: &BodyMemo,
) -> Result<Box<dyn LlmRequest>, ApiError> {
    if target.endpoint == Endpoint::ChatCompletions {
        if let Some(request) = openai::OpenAiRequest::parse_chat_memo(
            body,
            model_hint,
            &options.json,
            options.unknown.openai_chat,
            &memo.chat,
        ) {
            return Ok(Box::new(request));
        }
    }
    parse(target, body, model_hint, options)
}

/// Parses a request body for the endpoint a path named. `model_hint` is the model the
/// path or a deployment map gave, for APIs whose body has none. The body is read once
/// (see `json_raw`), within `options.json`.
pub fn parse(
    target: &Target,
    body: &[u8],
    model_hint: Option<&str>,
    options: &ParseOptions,
) -> Result<Box<dyn LlmRequest>, ApiError> {
    let raw = RawObject::parse_limited(body, &options.json)?;
    let unknown = &options.unknown;
    match target.endpoint {
        Endpoint::ChatCompletions | Endpoint::Completions | Endpoint::Embeddings => Ok(Box::new(
            openai::OpenAiRequest::from_raw(target.endpoint, raw, model_hint, unknown.openai_chat)?,
        )),
        Endpoint::Responses => Ok(Box::new(responses::ResponsesRequest::from_raw(
            raw,
            model_hint,
            unknown.openai_responses,
        )?)),
        Endpoint::Messages => Ok(Box::new(anthropic::AnthropicRequest::from_raw(
            raw,
            model_hint,
            unknown.anthropic,
        )?)),
        Endpoint::GeminiGenerate | Endpoint::GeminiStream => Ok(Box::new(gemini::GeminiRequest::from_raw(
            target.endpoint,
            raw,
            model_hint,
            unknown.gemini,
        )?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_classified() {
        let t = |p: &str| Target::from_path(p);
        assert_eq!(
            t("/v1/chat/completions").map(|t| t.endpoint),
            Some(Endpoint::ChatCompletions)
        );
        assert_eq!(
            t("/ollama/v1/chat/completions/").map(|t| t.endpoint),
            Some(Endpoint::ChatCompletions)
        );
        assert_eq!(t("/v1/completions").map(|t| t.endpoint), Some(Endpoint::Completions));
        assert_eq!(t("/v1/embeddings").map(|t| t.endpoint), Some(Endpoint::Embeddings));
        assert_eq!(t("/v1/responses").map(|t| t.endpoint), Some(Endpoint::Responses));
        assert_eq!(t("/v1/messages").map(|t| t.endpoint), Some(Endpoint::Messages));
        assert_eq!(t("/v1/batches"), None);
        assert_eq!(t("/v1/messages/count_tokens"), None);
        let azure = t("/openai/deployments/my-4o/chat/completions?api-version=2024-10-21");
        assert_eq!(azure.as_ref().map(|t| t.endpoint), Some(Endpoint::ChatCompletions));
        assert_eq!(azure.and_then(|t| t.deployment), Some("my-4o".to_string()));
        let g = t("/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse");
        assert_eq!(g.as_ref().map(|t| t.endpoint), Some(Endpoint::GeminiStream));
        assert_eq!(g.and_then(|t| t.path_model), Some("gemini-2.5-pro".to_string()));
        let v = t("/v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent");
        assert_eq!(v.and_then(|t| t.path_model), Some("gemini-2.5-flash".to_string()));
        assert_eq!(t("/v1beta/models/gemini-2.5-pro:countTokens"), None);
    }
}
