//! Provider wire shapes of usage (and the few other response fields the observer reads),
//! and their normalisation into [`Usage`]: the one place the three cache conventions are
//! reconciled. Pure serde structs and arithmetic: no I/O, no clock, no host calls.
//!
//! Every struct ignores unknown fields and defaults missing ones, so a provider adding
//! fields never breaks reading; numbers that are `null` read as absent.

use serde::Deserialize;

use super::Usage;

// ---------------------------------------------------------------------------------------
// OpenAI (chat, legacy completions, embeddings; and compatible servers)

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct OpenAiUsage {
    pub prompt_tokens: Option<u64>,
    pub completion_tokens: Option<u64>,
    pub total_tokens: Option<u64>,
    pub prompt_tokens_details: Option<OpenAiPromptDetails>,
    pub completion_tokens_details: Option<OpenAiCompletionDetails>,
    /// DeepSeek: hit + miss = prompt_tokens.
    pub prompt_cache_hit_tokens: Option<u64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct OpenAiPromptDetails {
    pub cached_tokens: Option<u64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct OpenAiCompletionDetails {
    pub reasoning_tokens: Option<u64>,
}

impl OpenAiUsage {
    /// OpenAI: `cached_tokens` ⊂ `prompt_tokens`; `reasoning_tokens` ⊂ `completion_tokens`.
    pub fn normalize(&self) -> Usage {
        let input = self.prompt_tokens.unwrap_or_else(|| {
            // Embeddings-like bodies from some servers give only total_tokens.
            match self.completion_tokens {
                None => self.total_tokens.unwrap_or(0),
                Some(_) => 0,
            }
        });
        let cached = self
            .prompt_tokens_details
            .as_ref()
            .and_then(|d| d.cached_tokens)
            .or(self.prompt_cache_hit_tokens)
            .unwrap_or(0);
        let output = self.completion_tokens.unwrap_or(0);
        let reasoning = self
            .completion_tokens_details
            .as_ref()
            .and_then(|d| d.reasoning_tokens)
            .unwrap_or(0);
        Usage {
            input_tokens: input,
            cached_input_tokens: cached.min(input),
            cache_write_tokens: 0,
            output_tokens: output,
            reasoning_tokens: reasoning.min(output),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct OpenAiError {
    pub message: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub code: Option<serde_json::Value>,
}

impl OpenAiError {
    pub fn describe(&self) -> String {
        let code = match &self.code {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        describe(self.kind.as_deref().or(code.as_deref()), self.message.as_deref())
    }
}

/// A chat / completions / embeddings body or stream chunk.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct OpenAiBody {
    pub id: Option<String>,
    pub model: Option<String>,
    /// `None` when absent; `Some(vec![])` for the usage-only chunk.
    pub choices: Option<Vec<OpenAiChoice>>,
    pub usage: Option<OpenAiUsage>,
    pub error: Option<OpenAiError>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct OpenAiChoice {
    pub delta: Option<OpenAiDelta>,
    /// Legacy completions stream text.
    pub text: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct OpenAiDelta {
    pub content: Option<String>,
    pub reasoning_content: Option<String>,
    /// Some compatible servers (OpenRouter) name it `reasoning`.
    pub reasoning: Option<String>,
    pub refusal: Option<String>,
    pub tool_calls: Option<Vec<OpenAiToolCallDelta>>,
    pub function_call: Option<OpenAiFunctionDelta>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct OpenAiToolCallDelta {
    pub function: Option<OpenAiFunctionDelta>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct OpenAiFunctionDelta {
    pub name: Option<String>,
    pub arguments: Option<String>,
}

// ---------------------------------------------------------------------------------------
// OpenAI Responses

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ResponsesUsage {
    pub input_tokens: Option<u64>,
    pub output_tokens: Option<u64>,
    pub input_tokens_details: Option<OpenAiPromptDetails>,
    pub output_tokens_details: Option<OpenAiCompletionDetails>,
}

impl ResponsesUsage {
    /// Same conventions as chat: cached ⊂ input, reasoning ⊂ output.
    pub fn normalize(&self) -> Usage {
        let input = self.input_tokens.unwrap_or(0);
        let output = self.output_tokens.unwrap_or(0);
        let cached = self
            .input_tokens_details
            .as_ref()
            .and_then(|d| d.cached_tokens)
            .unwrap_or(0);
        let reasoning = self
            .output_tokens_details
            .as_ref()
            .and_then(|d| d.reasoning_tokens)
            .unwrap_or(0);
        Usage {
            input_tokens: input,
            cached_input_tokens: cached.min(input),
            cache_write_tokens: 0,
            output_tokens: output,
            reasoning_tokens: reasoning.min(output),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ResponsesError {
    pub code: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct IncompleteDetails {
    pub reason: Option<String>,
}

/// A Responses object (the JSON body, or `response` inside stream events); an API error
/// body `{"error": {...}}` reads as one with only `error` set.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ResponsesObject {
    pub id: Option<String>,
    pub model: Option<String>,
    pub status: Option<String>,
    pub usage: Option<ResponsesUsage>,
    pub error: Option<ResponsesError>,
    pub incomplete_details: Option<IncompleteDetails>,
}

/// One streamed Responses event.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ResponsesEvent {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub response: Option<ResponsesObject>,
    pub delta: Option<serde_json::Value>,
    pub item: Option<ResponsesItem>,
    /// `error` events carry code/message at the top level.
    pub code: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ResponsesItem {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub name: Option<String>,
}

// ---------------------------------------------------------------------------------------
// Anthropic Messages

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct AnthropicUsage {
    pub input_tokens: Option<u64>,
    pub output_tokens: Option<u64>,
    pub cache_creation_input_tokens: Option<u64>,
    pub cache_read_input_tokens: Option<u64>,
}

impl AnthropicUsage {
    /// Overwrites with every value `newer` carries (Anthropic repeats counts in
    /// `message_delta`; they are latest values, never increments).
    pub fn update_from(&mut self, newer: &AnthropicUsage) {
        if newer.input_tokens.is_some() {
            self.input_tokens = newer.input_tokens;
        }
        if newer.output_tokens.is_some() {
            self.output_tokens = newer.output_tokens;
        }
        if newer.cache_creation_input_tokens.is_some() {
            self.cache_creation_input_tokens = newer.cache_creation_input_tokens;
        }
        if newer.cache_read_input_tokens.is_some() {
            self.cache_read_input_tokens = newer.cache_read_input_tokens;
        }
    }

    /// Anthropic: cache read and cache creation are ON TOP of `input_tokens`.
    pub fn normalize(&self) -> Usage {
        let uncached = self.input_tokens.unwrap_or(0);
        let read = self.cache_read_input_tokens.unwrap_or(0);
        let write = self.cache_creation_input_tokens.unwrap_or(0);
        Usage {
            input_tokens: uncached.saturating_add(read).saturating_add(write),
            cached_input_tokens: read,
            cache_write_tokens: write,
            output_tokens: self.output_tokens.unwrap_or(0),
            reasoning_tokens: 0,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct AnthropicError {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub message: Option<String>,
}

/// The JSON body (a message or an error), and `message` inside `message_start`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct AnthropicMessage {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub id: Option<String>,
    pub model: Option<String>,
    pub usage: Option<AnthropicUsage>,
    pub error: Option<AnthropicError>,
}

/// One streamed Anthropic event.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct AnthropicEvent {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub message: Option<AnthropicMessage>,
    pub usage: Option<AnthropicUsage>,
    pub delta: Option<AnthropicDelta>,
    pub content_block: Option<AnthropicBlock>,
    pub error: Option<AnthropicError>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct AnthropicDelta {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub text: Option<String>,
    pub thinking: Option<String>,
    pub partial_json: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct AnthropicBlock {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub name: Option<String>,
    pub text: Option<String>,
}

// ---------------------------------------------------------------------------------------
// Gemini

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct GeminiUsage {
    pub prompt_token_count: Option<u64>,
    pub cached_content_token_count: Option<u64>,
    pub candidates_token_count: Option<u64>,
    pub thoughts_token_count: Option<u64>,
    pub tool_use_prompt_token_count: Option<u64>,
    pub total_token_count: Option<u64>,
}

impl GeminiUsage {
    /// Gemini: promptTokenCount ⊃ cachedContentTokenCount; toolUsePromptTokenCount is more
    /// input; thoughtsTokenCount is output billed on top of candidatesTokenCount.
    pub fn normalize(&self) -> Usage {
        let input = self
            .prompt_token_count
            .unwrap_or(0)
            .saturating_add(self.tool_use_prompt_token_count.unwrap_or(0));
        let thoughts = self.thoughts_token_count.unwrap_or(0);
        Usage {
            input_tokens: input,
            cached_input_tokens: self.cached_content_token_count.unwrap_or(0).min(input),
            cache_write_tokens: 0,
            output_tokens: self.candidates_token_count.unwrap_or(0).saturating_add(thoughts),
            reasoning_tokens: thoughts,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct GeminiError {
    pub code: Option<u64>,
    pub message: Option<String>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct GeminiResponse {
    pub candidates: Option<Vec<GeminiCandidate>>,
    pub usage_metadata: Option<GeminiUsage>,
    pub model_version: Option<String>,
    pub response_id: Option<String>,
    pub error: Option<GeminiError>,
}

/// `generateContent` answers one object; `streamGenerateContent` without `alt=sse`
/// answers a JSON array of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum GeminiBody {
    One(Box<GeminiResponse>),
    Many(Vec<GeminiResponse>),
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct GeminiCandidate {
    pub content: Option<GeminiContent>,
    pub finish_reason: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct GeminiContent {
    pub parts: Option<Vec<GeminiPart>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct GeminiPart {
    pub text: Option<String>,
    pub function_call: Option<GeminiFunctionCall>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct GeminiFunctionCall {
    pub name: Option<String>,
    pub args: Option<serde_json::Value>,
}

/// "kind: message", or whichever of the two is known.
pub(crate) fn describe(kind: Option<&str>, message: Option<&str>) -> String {
    match (kind, message) {
        (Some(k), Some(m)) => format!("{k}: {m}"),
        (Some(k), None) => k.to_owned(),
        (None, Some(m)) => m.to_owned(),
        (None, None) => "unknown error".to_owned(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn openai_cached_is_a_subset() {
        let u: OpenAiUsage = serde_json::from_str(
            r#"{"prompt_tokens":100,"completion_tokens":50,"total_tokens":150,
                "prompt_tokens_details":{"cached_tokens":80,"audio_tokens":0},
                "completion_tokens_details":{"reasoning_tokens":20}}"#,
        )
        .unwrap();
        assert_eq!(
            u.normalize(),
            Usage {
                input_tokens: 100,
                cached_input_tokens: 80,
                cache_write_tokens: 0,
                output_tokens: 50,
                reasoning_tokens: 20
            }
        );
    }

    #[test]
    fn openai_nulls_and_deepseek_cache() {
        let u: OpenAiUsage = serde_json::from_str(
            r#"{"prompt_tokens":10,"completion_tokens":null,"prompt_tokens_details":null,
                "prompt_cache_hit_tokens":4,"prompt_cache_miss_tokens":6}"#,
        )
        .unwrap();
        assert_eq!(u.normalize().cached_input_tokens, 4);
        assert_eq!(u.normalize().output_tokens, 0);
    }

    #[test]
    fn anthropic_cache_is_on_top() {
        let u: AnthropicUsage = serde_json::from_str(
            r#"{"input_tokens":10,"cache_creation_input_tokens":200,"cache_read_input_tokens":3000,"output_tokens":7}"#,
        )
        .unwrap();
        let n = u.normalize();
        assert_eq!(n.input_tokens, 3210);
        assert_eq!(n.cached_input_tokens, 3000);
        assert_eq!(n.cache_write_tokens, 200);
        assert_eq!(n.uncached_input_tokens(), 10);
    }

    #[test]
    fn anthropic_update_takes_latest_never_adds() {
        let mut u: AnthropicUsage =
            serde_json::from_str(r#"{"input_tokens":10,"cache_read_input_tokens":5,"output_tokens":1}"#).unwrap();
        let d: AnthropicUsage =
            serde_json::from_str(r#"{"input_tokens":10,"cache_read_input_tokens":5,"output_tokens":42}"#).unwrap();
        u.update_from(&d);
        u.update_from(&serde_json::from_str(r#"{"output_tokens":43}"#).unwrap());
        assert_eq!(u.normalize().input_tokens, 15);
        assert_eq!(u.normalize().output_tokens, 43);
    }

    #[test]
    fn gemini_thoughts_are_output_and_tool_prompt_is_input() {
        let u: GeminiUsage = serde_json::from_str(
            r#"{"promptTokenCount":1000,"cachedContentTokenCount":600,"candidatesTokenCount":50,
                "thoughtsTokenCount":120,"toolUsePromptTokenCount":30,"totalTokenCount":1200}"#,
        )
        .unwrap();
        assert_eq!(
            u.normalize(),
            Usage {
                input_tokens: 1030,
                cached_input_tokens: 600,
                cache_write_tokens: 0,
                output_tokens: 170,
                reasoning_tokens: 120
            }
        );
    }

    #[test]
    fn gemini_body_one_or_many() {
        let one: GeminiBody = serde_json::from_str(r#"{"usageMetadata":{"promptTokenCount":1}}"#).unwrap();
        assert!(matches!(one, GeminiBody::One(_)));
        let many: GeminiBody = serde_json::from_str(r#"[{},{"usageMetadata":{"promptTokenCount":1}}]"#).unwrap();
        assert!(matches!(many, GeminiBody::Many(v) if v.len() == 2));
    }
}
