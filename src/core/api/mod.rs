//! Provider API shapes: which endpoint a path is, and per-API request parsing, input
//! counting and body rewriting. Pure: bytes in, typed requests and new bytes out.

pub mod openai;

use thiserror::Error;

use crate::core::json_raw::JsonError;
use crate::core::tokens::{Encoding, TokenError};

/// An endpoint the filter understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    ChatCompletions,
    Completions,
    Embeddings,
}

impl Endpoint {
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::ChatCompletions => "openai_chat",
            Endpoint::Completions => "openai_completions",
            Endpoint::Embeddings => "openai_embeddings",
        }
    }

    /// The endpoint for a request path (query string ignored), if it is one we read.
    pub fn from_path(path: &str) -> Option<Endpoint> {
        let path = path.split('?').next().unwrap_or(path).trim_end_matches('/');
        if path.ends_with("/chat/completions") {
            Some(Endpoint::ChatCompletions)
        } else if path.ends_with("/v1/completions") || path.ends_with("/openai/completions") {
            Some(Endpoint::Completions)
        } else if path.ends_with("/embeddings") {
            Some(Endpoint::Embeddings)
        } else {
            None
        }
    }

    /// Whether the response carries output tokens (embeddings do not).
    pub fn has_output(self) -> bool {
        !matches!(self, Endpoint::Embeddings)
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

/// Which request field carries the output cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapField {
    MaxTokens,
    MaxCompletionTokens,
}

impl CapField {
    pub fn name(self) -> &'static str {
        match self {
            CapField::MaxTokens => "max_tokens",
            CapField::MaxCompletionTokens => "max_completion_tokens",
        }
    }
}

/// Input tokens of a request, split by how sure we are.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InputCount {
    /// Text counted with the model's encoding: exact.
    pub text: u64,
    /// OpenAI's published framing and tool-definition constants: their approximation.
    pub framing: u64,
    /// Images and other parts counted by formula or guess.
    pub estimated: u64,
    /// Tokens per message (text + framing + estimates), in order, for per-message caching.
    pub per_message: Vec<u64>,
}

impl InputCount {
    pub fn total(&self) -> u64 {
        self.text
            .saturating_add(self.framing)
            .saturating_add(self.estimated)
    }

    /// Exact only when nothing but text was counted.
    pub fn is_exact(&self) -> bool {
        self.framing == 0 && self.estimated == 0
    }
}

/// What the core needs to know of a parsed request, whatever its API.
pub trait LlmRequest {
    fn endpoint(&self) -> Endpoint;
    fn model(&self) -> &str;
    fn stream(&self) -> bool;
    /// Number of choices generated per request (`n`).
    fn choices(&self) -> u64;
    /// The output cap the client asked for, and in which field.
    fn output_cap(&self) -> Option<(CapField, u64)>;
    fn user(&self) -> Option<&str>;
    fn count_input(&self, encoding: Encoding) -> Result<InputCount, ApiError>;
}
