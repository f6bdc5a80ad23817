//! Reads provider-reported token usage out of LLM response bodies (JSON or SSE, fed in
//! chunks split anywhere), normalises it into one [`Usage`], optionally drops the OpenAI
//! usage-only stream chunk the filter asked for, and records the output text already
//! relayed so a broken stream can still be charged.
//! Pure: no I/O, no clock, no host calls, no proxy-wasm; does not price, count tokens or
//! decide anything — it reports what the provider said. Bodies must arrive decompressed.

mod observer;
mod relayed;
mod wire;

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use observer::{ObserverConfig, ResponseObserver};
pub use relayed::RelayedText;

/// Token usage of one call, normalised across providers.
///
/// Invariants: `cached_input_tokens + cache_write_tokens <= input_tokens` (for values
/// the provider reported consistently) and `reasoning_tokens <= output_tokens`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Usage {
    /// ALL prompt-side tokens: uncached + cache reads + cache writes (+ Gemini tool-use
    /// prompt tokens). OpenAI `prompt_tokens` / Responses `input_tokens`; Anthropic
    /// `input_tokens + cache_read_input_tokens + cache_creation_input_tokens`; Gemini
    /// `promptTokenCount + toolUsePromptTokenCount`.
    pub input_tokens: u64,
    /// The part of `input_tokens` read from a prompt cache (billed at the cache-read
    /// rate). OpenAI `prompt_tokens_details.cached_tokens` / `input_tokens_details.cached_tokens`;
    /// Anthropic `cache_read_input_tokens`; Gemini `cachedContentTokenCount`.
    pub cached_input_tokens: u64,
    /// The part of `input_tokens` written to a prompt cache (billed at the cache-write
    /// rate). Anthropic `cache_creation_input_tokens`; 0 elsewhere.
    pub cache_write_tokens: u64,
    /// ALL generated tokens billed as output, reasoning included. OpenAI
    /// `completion_tokens` / `output_tokens`; Anthropic `output_tokens` (thinking
    /// included); Gemini `candidatesTokenCount + thoughtsTokenCount`; 0 for embeddings.
    pub output_tokens: u64,
    /// The part of `output_tokens` spent on hidden reasoning. OpenAI
    /// `completion_tokens_details.reasoning_tokens` / `output_tokens_details.reasoning_tokens`;
    /// Gemini `thoughtsTokenCount`; 0 for Anthropic (not reported separately).
    pub reasoning_tokens: u64,
}

impl Usage {
    /// Input tokens billed at the plain input rate.
    pub fn uncached_input_tokens(&self) -> u64 {
        self.input_tokens
            .saturating_sub(self.cached_input_tokens)
            .saturating_sub(self.cache_write_tokens)
    }

    /// `input_tokens + output_tokens`.
    pub fn total_tokens(&self) -> u64 {
        self.input_tokens.saturating_add(self.output_tokens)
    }
}

/// The provider API a response comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ApiKind {
    /// `POST /v1/chat/completions` (and compatible servers).
    OpenAiChat,
    /// Legacy `POST /v1/completions`.
    OpenAiCompletions,
    /// `POST /v1/embeddings`.
    OpenAiEmbeddings,
    /// `POST /v1/responses`.
    OpenAiResponses,
    /// `POST /v1/messages`.
    AnthropicMessages,
    /// `generateContent` / `streamGenerateContent` (AI Studio or Vertex).
    Gemini,
}

/// How the response body is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BodyFormat {
    /// One JSON document (or, for Gemini without `alt=sse`, a JSON array of them).
    Json,
    /// `text/event-stream`.
    Sse,
}

impl BodyFormat {
    /// `Sse` for a `text/event-stream` content type (any case, parameters ignored),
    /// `Json` otherwise. Decide from the *response* header: an error answer to a
    /// streaming request is JSON.
    pub fn from_content_type(content_type: &str) -> Self {
        let media = content_type.split(';').next().unwrap_or_default().trim();
        if media.eq_ignore_ascii_case("text/event-stream") {
            BodyFormat::Sse
        } else {
            BodyFormat::Json
        }
    }
}

/// Why usage could not be read, or a misuse of the observer.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum UsageError {
    /// One SSE event exceeded the buffer bound; the rest of the stream was passed
    /// through unread.
    #[error("SSE event larger than {limit} bytes; rest of stream passed through unread")]
    EventTooLarge { limit: usize },
    /// A JSON body exceeded the buffer bound and no usage was found in its tail.
    #[error("JSON body larger than {limit} bytes and no usage found in its tail")]
    BodyTooLarge { limit: usize },
    /// The JSON body did not parse.
    #[error("response body is not valid JSON: {0}")]
    InvalidJson(String),
    /// `feed` after `finish`.
    #[error("response observer already finished")]
    Finished,
}

/// What the observer concluded (final once [`ResponseObserver::finish`] was called).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The provider reported the final usage.
    UsageReported,
    /// Only part of the usage was reported (Anthropic `message_start` without
    /// `message_delta`; a Gemini stream cut before its finishing chunk): input counts
    /// are right, output is a lower bound — estimate it from the relayed text.
    UsagePartial,
    /// No usage at all (OpenAI stream without `include_usage`, a cut stream, …).
    UsageMissing,
    /// The stream carried an error (Anthropic `error` event, Responses `response.failed`
    /// or `error`, an OpenAI/Gemini chunk with `error`). Usage may still be known.
    StreamError(String),
    /// The JSON body was an API error (`{"error": …}`, Anthropic `type: error`).
    ErrorBody(String),
    /// The body could not be read (too large, invalid JSON).
    Unreadable(UsageError),
}

impl Outcome {
    /// A stable snake_case name (for logs and fixtures).
    pub fn name(&self) -> &'static str {
        match self {
            Outcome::UsageReported => "usage_reported",
            Outcome::UsagePartial => "usage_partial",
            Outcome::UsageMissing => "usage_missing",
            Outcome::StreamError(_) => "stream_error",
            Outcome::ErrorBody(_) => "error_body",
            Outcome::Unreadable(_) => "unreadable",
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn content_type_decides_format() {
        assert_eq!(BodyFormat::from_content_type("text/event-stream"), BodyFormat::Sse);
        assert_eq!(
            BodyFormat::from_content_type("Text/Event-Stream; charset=utf-8"),
            BodyFormat::Sse
        );
        assert_eq!(BodyFormat::from_content_type("application/json"), BodyFormat::Json);
        assert_eq!(BodyFormat::from_content_type(""), BodyFormat::Json);
    }

    #[test]
    fn usage_helpers() {
        let u = Usage {
            input_tokens: 100,
            cached_input_tokens: 60,
            cache_write_tokens: 30,
            output_tokens: 5,
            reasoning_tokens: 0,
        };
        assert_eq!(u.uncached_input_tokens(), 10);
        assert_eq!(u.total_tokens(), 105);
    }
}
