//! The response observer: fed the upstream body chunk by chunk, it returns the bytes to
//! forward, records usage, stream errors and relayed output text.
//! Pure: no I/O, no clock, no host calls, no proxy-wasm; never re-serialises a body —
//! forwarded bytes are the upstream bytes, minus at most whole SSE events.

use serde::de::DeserializeOwned;

use super::relayed::RelayedText;
use super::wire::{
    AnthropicEvent, AnthropicMessage, AnthropicUsage, GeminiBody, GeminiResponse, GeminiUsage, OpenAiBody, OpenAiUsage,
    ResponsesEvent, ResponsesObject, ResponsesUsage, describe,
};
use super::{ApiKind, BodyFormat, Outcome, Usage, UsageError};
use crate::sse::{SseError, SseEvent, SseReader};

/// Bytes kept from the end of a JSON body larger than `max_buffer_bytes`, searched for
/// the usage object (providers put it last: embeddings bodies are large, usage is small).
const JSON_TAIL_WINDOW: usize = 8 * 1024;

/// How to observe one response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObserverConfig {
    pub api: ApiKind,
    pub format: BodyFormat,
    /// Drop the OpenAI chat/completions usage-only chunk (`choices: []` with `usage`)
    /// from what is forwarded — set when the filter itself added
    /// `stream_options.include_usage`. Usage is still recorded. Ignored for other APIs.
    pub strip_usage_chunk: bool,
    /// Bound on the JSON body copy, on one SSE event, and on the kept relayed text.
    pub max_buffer_bytes: usize,
}

#[derive(Debug)]
enum Body {
    Json {
        head: Vec<u8>,
        tail: Vec<u8>,
        overflowed: bool,
    },
    Sse {
        reader: SseReader,
        /// After an oversized event: forward everything unread.
        passthrough: bool,
    },
}

/// Observes one upstream response body. See the module docs.
#[derive(Debug)]
pub struct ResponseObserver {
    config: ObserverConfig,
    body: Body,
    usage: Option<Usage>,
    usage_final: bool,
    anthropic: Option<AnthropicUsage>,
    gemini_finished: bool,
    stream_error: Option<String>,
    error_body: Option<String>,
    unreadable: Option<UsageError>,
    malformed_events: u32,
    last_malformed: Option<String>,
    stripped_events: u32,
    saw_terminal_event: bool,
    /// SSE events with data seen (a 200 stream with none never started).
    data_events: u32,
    relayed: RelayedText,
    response_id: Option<String>,
    response_model: Option<String>,
    finished: bool,
}

impl ResponseObserver {
    pub fn new(config: ObserverConfig) -> Self {
        let body = match config.format {
            BodyFormat::Json => Body::Json {
                head: Vec::new(),
                tail: Vec::new(),
                overflowed: false,
            },
            BodyFormat::Sse => Body::Sse {
                reader: SseReader::new(config.max_buffer_bytes),
                passthrough: false,
            },
        };
        ResponseObserver {
            config,
            body,
            usage: None,
            usage_final: false,
            anthropic: None,
            gemini_finished: false,
            stream_error: None,
            error_body: None,
            unreadable: None,
            malformed_events: 0,
            last_malformed: None,
            stripped_events: 0,
            saw_terminal_event: false,
            data_events: 0,
            relayed: RelayedText::new(config.max_buffer_bytes),
            response_id: None,
            response_model: None,
            finished: false,
        }
    }

    /// Feeds one body chunk; returns the bytes to forward now. JSON is forwarded
    /// unchanged at once; SSE is forwarded per complete event (a partial event is held
    /// until a later chunk or [`finish`](Self::finish)).
    pub fn feed(&mut self, chunk: &[u8]) -> Result<Vec<u8>, UsageError> {
        if self.finished {
            return Err(UsageError::Finished);
        }
        let max = self.config.max_buffer_bytes;
        let events = match &mut self.body {
            Body::Json { head, tail, overflowed } => {
                append_bounded(head, tail, overflowed, chunk, max);
                return Ok(chunk.to_vec());
            }
            Body::Sse { passthrough: true, .. } => return Ok(chunk.to_vec()),
            Body::Sse { reader, passthrough } => {
                let mut events = Vec::new();
                let mut rest = Vec::new();
                if let Err(err) = reader.feed_into(chunk, &mut events) {
                    *passthrough = true;
                    rest = reader.take_unparsed();
                    if let SseError::EventTooLarge { limit } = err {
                        self.unreadable = Some(UsageError::EventTooLarge { limit });
                    }
                }
                (events, rest)
            }
        };
        let (events, rest) = events;
        let mut out = Vec::with_capacity(chunk.len());
        for event in events {
            if self.observe_event(&event) {
                out.extend_from_slice(&event.raw);
            }
        }
        out.extend_from_slice(&rest);
        Ok(out)
    }

    /// Ends the body: returns the held bytes to flush and settles the outcome. A second
    /// call returns nothing.
    pub fn finish(&mut self) -> Vec<u8> {
        if self.finished {
            return Vec::new();
        }
        self.finished = true;
        let mut out = Vec::new();
        let tail = match &mut self.body {
            Body::Json { head, tail, overflowed } => {
                let (head, tail, overflowed) = (std::mem::take(head), std::mem::take(tail), *overflowed);
                self.read_json(&head, &tail, overflowed);
                return out;
            }
            Body::Sse { passthrough: true, .. } => return out,
            Body::Sse { reader, .. } => reader.finish(),
        };
        for event in tail.events {
            if self.observe_event(&event) {
                out.extend_from_slice(&event.raw);
            }
        }
        let forward_partial = match &tail.partial_event {
            Some(event) => self.observe_event(event),
            None => true,
        };
        if forward_partial {
            out.extend_from_slice(&tail.partial);
        }
        out
    }

    /// The usage reported so far (possibly partial: see [`outcome`](Self::outcome)).
    pub fn usage(&self) -> Option<Usage> {
        self.usage
    }

    /// What happened; final after [`finish`](Self::finish). A stream error wins over
    /// reported usage (both are available).
    pub fn outcome(&self) -> Outcome {
        if let Some(msg) = &self.stream_error {
            return Outcome::StreamError(msg.clone());
        }
        if self.usage.is_some() && self.usage_final {
            return Outcome::UsageReported;
        }
        if let Some(msg) = &self.error_body {
            return Outcome::ErrorBody(msg.clone());
        }
        if let Some(err) = &self.unreadable {
            return Outcome::Unreadable(err.clone());
        }
        if self.usage.is_some() {
            return Outcome::UsagePartial;
        }
        Outcome::UsageMissing
    }

    /// Output text relayed so far (stream deltas: content, reasoning, refusals, tool
    /// names and arguments), capped at `max_buffer_bytes`. Empty for JSON bodies.
    pub fn relayed_output_text(&self) -> &str {
        self.relayed.text()
    }

    /// Characters of output text relayed so far, counted past the cap.
    pub fn relayed_output_chars(&self) -> u64 {
        self.relayed.chars()
    }

    /// The whole relayed-text record.
    pub fn relayed(&self) -> &RelayedText {
        &self.relayed
    }

    /// The provider's response id (`chatcmpl-…`, `resp_…`, `msg_…`, Gemini `responseId`).
    /// For Responses this is the id a later `previous_response_id` will name.
    pub fn response_id(&self) -> Option<&str> {
        self.response_id.as_deref()
    }

    /// The model the provider says answered (`model`, Gemini `modelVersion`).
    pub fn response_model(&self) -> Option<&str> {
        self.response_model.as_deref()
    }

    /// SSE events whose data was not the expected JSON, and the last parse error.
    pub fn malformed_events(&self) -> (u32, Option<&str>) {
        (self.malformed_events, self.last_malformed.as_deref())
    }

    /// Usage-only chunks dropped from the forwarded stream.
    pub fn stripped_events(&self) -> u32 {
        self.stripped_events
    }

    /// The body format this observer reads.
    pub fn format(&self) -> BodyFormat {
        self.config.format
    }

    /// SSE events carrying data seen so far (0 for JSON bodies).
    pub fn data_events(&self) -> u32 {
        self.data_events
    }

    /// Whether the stream's own end marker was seen (`[DONE]`, `message_stop`, a
    /// terminal Responses event, a Gemini `finishReason`). A stream that ends without it
    /// was cut.
    pub fn saw_terminal_event(&self) -> bool {
        self.saw_terminal_event
    }

    // -----------------------------------------------------------------------------------
    // JSON bodies

    fn read_json(&mut self, head: &[u8], tail: &[u8], overflowed: bool) {
        if !overflowed {
            if head.iter().all(u8::is_ascii_whitespace) {
                return; // empty body: usage missing
            }
            // A body cut after its usage was relayed still says what it cost.
            if let Err(err) = self.read_json_document(head) {
                if !self.read_usage_in_text(head) {
                    self.unreadable = Some(UsageError::InvalidJson(err.to_string()));
                }
            }
            return;
        }
        let limit = self.config.max_buffer_bytes;
        // Only the last window counts, so the result does not depend on the chunking
        // (the kept tail is between one and two windows long depending on it).
        let tail = tail
            .get(tail.len().saturating_sub(JSON_TAIL_WINDOW)..)
            .unwrap_or_default();
        if self.config.api != ApiKind::Gemini {
            if let Some(id) = value_after_key::<String>(head, "id", false) {
                self.response_id = Some(id);
            }
        }
        if !self.read_usage_in_text(tail) {
            self.unreadable = Some(UsageError::BodyTooLarge { limit });
        }
    }

    /// Finds the last complete usage object in JSON text that cannot be parsed whole (too
    /// large, or cut off). Gemini's JSON-array stream reports cumulative usage per
    /// element, so without a `finishReason` after it the last one is a lower bound
    /// (partial); the other APIs put usage last, so a usage object seen is the final one.
    fn read_usage_in_text(&mut self, text: &[u8]) -> bool {
        let found = match self.config.api {
            ApiKind::OpenAiChat | ApiKind::OpenAiCompletions | ApiKind::OpenAiEmbeddings => {
                value_after_key::<OpenAiUsage>(text, "usage", true).map(|u| u.normalize())
            }
            ApiKind::OpenAiResponses => value_after_key::<ResponsesUsage>(text, "usage", true).map(|u| u.normalize()),
            ApiKind::AnthropicMessages => value_after_key::<AnthropicUsage>(text, "usage", true).map(|u| u.normalize()),
            ApiKind::Gemini => value_after_key::<GeminiUsage>(text, "usageMetadata", true).map(|u| u.normalize()),
        };
        let Some(usage) = found else {
            return false;
        };
        let finished =
            self.config.api != ApiKind::Gemini || value_after_key::<String>(text, "finishReason", true).is_some();
        if finished {
            self.set_final(usage);
        } else {
            self.usage = Some(usage);
        }
        true
    }

    fn read_json_document(&mut self, bytes: &[u8]) -> Result<(), serde_json::Error> {
        match self.config.api {
            ApiKind::OpenAiChat | ApiKind::OpenAiCompletions | ApiKind::OpenAiEmbeddings => {
                let body: OpenAiBody = serde_json::from_slice(bytes)?;
                self.note_ids(body.id.as_deref(), body.model.as_deref());
                if let Some(usage) = &body.usage {
                    self.set_final(usage.normalize());
                }
                if let Some(err) = &body.error {
                    self.error_body = Some(err.describe());
                }
            }
            ApiKind::OpenAiResponses => {
                let body: ResponsesObject = serde_json::from_slice(bytes)?;
                self.note_ids(body.id.as_deref(), body.model.as_deref());
                if let Some(usage) = &body.usage {
                    self.set_final(usage.normalize());
                }
                if let Some(err) = &body.error {
                    self.error_body = Some(describe(err.code.as_deref(), err.message.as_deref()));
                }
            }
            ApiKind::AnthropicMessages => {
                let body: AnthropicMessage = serde_json::from_slice(bytes)?;
                self.note_ids(body.id.as_deref(), body.model.as_deref());
                if let Some(usage) = &body.usage {
                    self.set_final(usage.normalize());
                }
                if let Some(err) = &body.error {
                    self.error_body = Some(describe(err.kind.as_deref(), err.message.as_deref()));
                }
            }
            ApiKind::Gemini => {
                let body: GeminiBody = serde_json::from_slice(bytes)?;
                let parts = match body {
                    GeminiBody::One(one) => vec![*one],
                    GeminiBody::Many(many) => many,
                };
                for part in &parts {
                    self.note_ids(part.response_id.as_deref(), part.model_version.as_deref());
                    if let Some(usage) = &part.usage_metadata {
                        self.set_final(usage.normalize());
                    }
                    if let Some(err) = &part.error {
                        self.error_body = Some(describe(err.status.as_deref(), err.message.as_deref()));
                    }
                }
            }
        }
        Ok(())
    }

    // -----------------------------------------------------------------------------------
    // SSE events

    /// Records one event; returns whether to forward it.
    fn observe_event(&mut self, event: &SseEvent) -> bool {
        if !event.has_data {
            return true; // comments, blank lines, keep-alives
        }
        self.data_events = self.data_events.saturating_add(1);
        let data = event.data.trim();
        if data == "[DONE]" {
            self.saw_terminal_event = true;
            return true;
        }
        if data.is_empty() {
            return true;
        }
        let name = event.event.as_deref();
        match self.config.api {
            ApiKind::OpenAiChat | ApiKind::OpenAiCompletions | ApiKind::OpenAiEmbeddings => {
                match self.parse::<OpenAiBody>(data) {
                    Some(chunk) => self.observe_openai(name, &chunk),
                    None => true,
                }
            }
            ApiKind::OpenAiResponses => {
                if let Some(ev) = self.parse::<ResponsesEvent>(data) {
                    self.observe_responses(name, &ev);
                }
                true
            }
            ApiKind::AnthropicMessages => {
                if let Some(ev) = self.parse::<AnthropicEvent>(data) {
                    self.observe_anthropic(name, &ev);
                }
                true
            }
            ApiKind::Gemini => {
                if let Some(ev) = self.parse::<GeminiResponse>(data) {
                    self.observe_gemini(&ev);
                }
                true
            }
        }
    }

    fn parse<T: DeserializeOwned>(&mut self, data: &str) -> Option<T> {
        match serde_json::from_str::<T>(data) {
            Ok(value) => Some(value),
            Err(err) => {
                self.malformed_events = self.malformed_events.saturating_add(1);
                self.last_malformed = Some(err.to_string());
                None
            }
        }
    }

    fn observe_openai(&mut self, name: Option<&str>, chunk: &OpenAiBody) -> bool {
        self.note_ids(chunk.id.as_deref(), chunk.model.as_deref());
        if let Some(err) = &chunk.error {
            self.stream_error = Some(err.describe());
        } else if name == Some("error") {
            self.stream_error = Some("error event".to_owned());
        }
        for choice in chunk.choices.iter().flatten() {
            if let Some(text) = &choice.text {
                self.relayed.push(text);
            }
            let Some(delta) = &choice.delta else { continue };
            for text in [
                &delta.content,
                &delta.reasoning_content,
                &delta.reasoning,
                &delta.refusal,
            ]
            .into_iter()
            .flatten()
            {
                self.relayed.push(text);
            }
            let calls = delta.tool_calls.iter().flatten().filter_map(|c| c.function.as_ref());
            for function in calls.chain(delta.function_call.as_ref()) {
                for text in [&function.name, &function.arguments].into_iter().flatten() {
                    self.relayed.push(text);
                }
            }
        }
        let Some(usage) = &chunk.usage else {
            return true;
        };
        self.set_final(usage.normalize());
        let usage_only = chunk.choices.as_ref().is_some_and(Vec::is_empty);
        let strippable = matches!(self.config.api, ApiKind::OpenAiChat | ApiKind::OpenAiCompletions);
        if self.config.strip_usage_chunk && strippable && usage_only && chunk.error.is_none() {
            self.stripped_events = self.stripped_events.saturating_add(1);
            return false;
        }
        true
    }

    fn observe_responses(&mut self, name: Option<&str>, ev: &ResponsesEvent) {
        let kind = ev.kind.as_deref().or(name).unwrap_or_default();
        if let Some(response) = &ev.response {
            self.note_ids(response.id.as_deref(), response.model.as_deref());
        }
        match kind {
            "response.completed" | "response.incomplete" | "response.failed" => {
                self.saw_terminal_event = true;
                let response = ev.response.as_ref();
                if let Some(usage) = response.and_then(|r| r.usage.as_ref()) {
                    self.set_final(usage.normalize());
                }
                if kind == "response.failed" {
                    let err = response.and_then(|r| r.error.as_ref());
                    self.stream_error = Some(describe(
                        err.and_then(|e| e.code.as_deref()).or(Some("response.failed")),
                        err.and_then(|e| e.message.as_deref()),
                    ));
                }
            }
            "error" => {
                self.stream_error = Some(describe(ev.code.as_deref(), ev.message.as_deref()));
            }
            "response.output_item.added" => {
                if let Some(name) = ev.item.as_ref().and_then(|i| i.name.as_deref()) {
                    self.relayed.push(name);
                }
            }
            k if k.starts_with("response.") && k.ends_with(".delta") && k != "response.audio.delta" => {
                if let Some(serde_json::Value::String(text)) = &ev.delta {
                    self.relayed.push(text);
                }
            }
            _ => {}
        }
    }

    fn observe_anthropic(&mut self, name: Option<&str>, ev: &AnthropicEvent) {
        let kind = ev.kind.as_deref().or(name).unwrap_or_default();
        match kind {
            "message_start" => {
                if let Some(message) = &ev.message {
                    self.note_ids(message.id.as_deref(), message.model.as_deref());
                    if let Some(usage) = &message.usage {
                        self.anthropic = Some(usage.clone());
                        self.usage = Some(usage.normalize());
                    }
                }
            }
            "content_block_start" => {
                if let Some(block) = &ev.content_block {
                    for text in [&block.name, &block.text].into_iter().flatten() {
                        self.relayed.push(text);
                    }
                }
            }
            "content_block_delta" => {
                if let Some(delta) = &ev.delta {
                    for text in [&delta.text, &delta.thinking, &delta.partial_json]
                        .into_iter()
                        .flatten()
                    {
                        self.relayed.push(text);
                    }
                }
            }
            "message_delta" => {
                if let Some(newer) = &ev.usage {
                    let acc = self.anthropic.get_or_insert_with(AnthropicUsage::default);
                    acc.update_from(newer);
                    let usage = acc.normalize();
                    self.set_final(usage);
                }
            }
            "message_stop" => self.saw_terminal_event = true,
            "error" => {
                let err = ev.error.as_ref();
                self.stream_error = Some(describe(
                    err.and_then(|e| e.kind.as_deref()),
                    err.and_then(|e| e.message.as_deref()),
                ));
            }
            _ => {}
        }
    }

    fn observe_gemini(&mut self, ev: &GeminiResponse) {
        self.note_ids(ev.response_id.as_deref(), ev.model_version.as_deref());
        if let Some(err) = &ev.error {
            self.stream_error = Some(describe(err.status.as_deref(), err.message.as_deref()));
        }
        for candidate in ev.candidates.iter().flatten() {
            if candidate.finish_reason.as_deref().is_some_and(|r| !r.is_empty()) {
                self.gemini_finished = true;
                self.saw_terminal_event = true;
            }
            let parts = candidate.content.iter().flat_map(|c| c.parts.iter().flatten());
            for part in parts {
                if let Some(text) = &part.text {
                    self.relayed.push(text);
                }
                if let Some(call) = &part.function_call {
                    if let Some(name) = &call.name {
                        self.relayed.push(name);
                    }
                    if let Some(args) = &call.args {
                        self.relayed.push(&args.to_string());
                    }
                }
            }
        }
        if let Some(usage) = &ev.usage_metadata {
            // Cumulative on every chunk: the last one wins.
            self.usage = Some(usage.normalize());
        }
        self.usage_final = self.usage.is_some() && self.gemini_finished;
    }

    fn set_final(&mut self, usage: Usage) {
        self.usage = Some(usage);
        self.usage_final = true;
    }

    fn note_ids(&mut self, id: Option<&str>, model: Option<&str>) {
        if self.response_id.is_none() {
            self.response_id = id.filter(|s| !s.is_empty()).map(str::to_owned);
        }
        if self.response_model.is_none() {
            self.response_model = model.filter(|s| !s.is_empty()).map(str::to_owned);
        }
    }
}

/// Copies `chunk` into `head` up to `max` bytes; past that, keeps a rolling tail.
fn append_bounded(head: &mut Vec<u8>, tail: &mut Vec<u8>, overflowed: &mut bool, chunk: &[u8], max: usize) {
    if !*overflowed {
        if head.len().saturating_add(chunk.len()) <= max {
            head.extend_from_slice(chunk);
            return;
        }
        *overflowed = true;
        // The tail must also see the bytes already in head.
        let keep = head.len().min(JSON_TAIL_WINDOW);
        tail.extend_from_slice(head.get(head.len() - keep..).unwrap_or_default());
        // The head keeps the body's first `max` bytes, however the body was chunked.
        let room = max.saturating_sub(head.len());
        head.extend_from_slice(chunk.get(..room).unwrap_or_default());
    }
    tail.extend_from_slice(chunk);
    if tail.len() > 2 * JSON_TAIL_WINDOW {
        let cut = tail.len() - JSON_TAIL_WINDOW;
        tail.drain(..cut);
    }
}

/// Finds `"key"` followed by `:` in raw JSON text (the last occurrence when `last`,
/// else the first) and reads the value after it. A heuristic for bodies too large to
/// parse whole: an occurrence inside a string is skipped because its quotes would be
/// escaped, and a value that does not read as `T` is skipped too.
fn value_after_key<T: DeserializeOwned>(hay: &[u8], key: &str, last: bool) -> Option<T> {
    let pattern = format!("\"{key}\"");
    let pattern = pattern.as_bytes();
    let starts: Vec<usize> = hay
        .windows(pattern.len())
        .enumerate()
        .filter(|(i, w)| *w == pattern && (*i == 0 || hay.get(i - 1).is_some_and(|&b| b != b'\\')))
        .map(|(i, _)| i)
        .collect();
    let try_at = |start: usize| -> Option<T> {
        let after = hay.get(start + pattern.len()..)?;
        let after = trim_ws(after);
        let after = trim_ws(after.strip_prefix(b":")?);
        serde_json::Deserializer::from_slice(after)
            .into_iter::<T>()
            .next()?
            .ok()
    };
    if last {
        starts.into_iter().rev().find_map(try_at)
    } else {
        starts.into_iter().find_map(try_at)
    }
}

fn trim_ws(bytes: &[u8]) -> &[u8] {
    let skip = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    bytes.get(skip..).unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn observer(api: ApiKind, format: BodyFormat, strip: bool) -> ResponseObserver {
        ResponseObserver::new(ObserverConfig {
            api,
            format,
            strip_usage_chunk: strip,
            max_buffer_bytes: 1 << 16,
        })
    }

    fn run(obs: &mut ResponseObserver, input: &[u8], chunk: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for part in input.chunks(chunk) {
            out.extend(obs.feed(part).unwrap());
        }
        out.extend(obs.finish());
        out
    }

    const CHAT_STREAM: &str = concat!(
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hé\"},\"finish_reason\":null}],\"usage\":null}\n\n",
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}\n\n",
    );
    const CHAT_USAGE: &str = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11,\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0}}}\n\n";

    #[test]
    fn strips_only_the_usage_chunk() {
        let input = format!("{CHAT_STREAM}{CHAT_USAGE}data: [DONE]\n\n");
        let mut obs = observer(ApiKind::OpenAiChat, BodyFormat::Sse, true);
        let out = run(&mut obs, input.as_bytes(), 7);
        assert_eq!(out, format!("{CHAT_STREAM}data: [DONE]\n\n").as_bytes());
        assert_eq!(obs.outcome(), Outcome::UsageReported);
        assert_eq!(obs.usage().map(|u| u.total_tokens()), Some(11));
        assert_eq!(obs.relayed_output_text(), "Hé");
        assert_eq!(obs.stripped_events(), 1);
        assert!(obs.saw_terminal_event());
        assert_eq!(obs.response_id(), Some("chatcmpl-1"));
    }

    #[test]
    fn without_usage_chunk_usage_is_missing() {
        let input = format!("{CHAT_STREAM}data: [DONE]\n\n");
        let mut obs = observer(ApiKind::OpenAiChat, BodyFormat::Sse, true);
        assert_eq!(run(&mut obs, input.as_bytes(), 3), input.as_bytes());
        assert_eq!(obs.outcome(), Outcome::UsageMissing);
        assert_eq!(obs.relayed_output_chars(), 2);
    }

    #[test]
    fn malformed_event_is_recorded_and_forwarded() {
        let input = "data: {not json\n\ndata: [DONE]\n\n";
        let mut obs = observer(ApiKind::OpenAiChat, BodyFormat::Sse, true);
        assert_eq!(run(&mut obs, input.as_bytes(), 5), input.as_bytes());
        assert_eq!(obs.malformed_events().0, 1);
        assert_eq!(obs.outcome(), Outcome::UsageMissing);
    }

    #[test]
    fn oversized_event_passes_through() {
        let big = format!("data: {}\n\n", "x".repeat(100));
        let input = format!("{CHAT_STREAM}{big}{CHAT_USAGE}");
        let mut obs = ResponseObserver::new(ObserverConfig {
            api: ApiKind::OpenAiChat,
            format: BodyFormat::Sse,
            strip_usage_chunk: true,
            max_buffer_bytes: 64,
        });
        let out = run(&mut obs, input.as_bytes(), 10);
        assert_eq!(out, input.as_bytes());
        assert!(matches!(
            obs.outcome(),
            Outcome::Unreadable(UsageError::EventTooLarge { limit: 64 })
        ));
    }

    #[test]
    fn feed_after_finish_is_an_error() {
        let mut obs = observer(ApiKind::Gemini, BodyFormat::Json, false);
        assert!(obs.finish().is_empty());
        assert_eq!(obs.feed(b"{}"), Err(UsageError::Finished));
        assert!(obs.finish().is_empty());
    }

    #[test]
    fn large_json_usage_found_in_tail() {
        let floats = vec!["0.0123"; 5000].join(",");
        let body = format!(
            "{{\"object\":\"list\",\"data\":[{{\"object\":\"embedding\",\"index\":0,\"embedding\":[{floats}]}}],\"model\":\"text-embedding-3-small\",\"usage\":{{\"prompt_tokens\":8,\"total_tokens\":8}}}}"
        );
        let mut obs = ResponseObserver::new(ObserverConfig {
            api: ApiKind::OpenAiEmbeddings,
            format: BodyFormat::Json,
            strip_usage_chunk: false,
            max_buffer_bytes: 1024,
        });
        assert_eq!(run(&mut obs, body.as_bytes(), 333), body.as_bytes());
        assert_eq!(obs.outcome(), Outcome::UsageReported);
        assert_eq!(obs.usage().map(|u| (u.input_tokens, u.output_tokens)), Some((8, 0)));
    }

    #[test]
    fn large_json_without_usage_is_unreadable() {
        let body = format!("{{\"text\":\"{}\"}}", "a".repeat(4000));
        let mut obs = ResponseObserver::new(ObserverConfig {
            api: ApiKind::OpenAiChat,
            format: BodyFormat::Json,
            strip_usage_chunk: false,
            max_buffer_bytes: 100,
        });
        run(&mut obs, body.as_bytes(), 64);
        assert_eq!(
            obs.outcome(),
            Outcome::Unreadable(UsageError::BodyTooLarge { limit: 100 })
        );
    }

    #[test]
    fn key_heuristic_skips_escaped_and_wrong_shapes() {
        let hay = br#"{"content":"say \"usage\": {\"prompt_tokens\": 999}","usage":{"prompt_tokens":3}}"#;
        let u = value_after_key::<OpenAiUsage>(hay, "usage", true).unwrap();
        assert_eq!(u.prompt_tokens, Some(3));
        let id = value_after_key::<String>(br#"{"id": "resp_1","x":{"id":"no"}}"#, "id", false);
        assert_eq!(id.as_deref(), Some("resp_1"));
    }

    #[test]
    fn invalid_json_body() {
        let mut obs = observer(ApiKind::AnthropicMessages, BodyFormat::Json, false);
        run(&mut obs, b"<html>bad gateway</html>", 4);
        assert!(matches!(obs.outcome(), Outcome::Unreadable(UsageError::InvalidJson(_))));
    }

    #[test]
    fn anthropic_cut_after_message_start_is_partial() {
        let input = concat!(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"usage\":{\"input_tokens\":12,\"cache_read_input_tokens\":100,\"output_tokens\":1}}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello wor\"}}\n\n",
        );
        let mut obs = observer(ApiKind::AnthropicMessages, BodyFormat::Sse, false);
        run(&mut obs, input.as_bytes(), 9);
        assert_eq!(obs.outcome(), Outcome::UsagePartial);
        assert_eq!(obs.usage().map(|u| u.input_tokens), Some(112));
        assert_eq!(obs.relayed_output_text(), "Hello wor");
        assert!(!obs.saw_terminal_event());
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod chunking_tests {
    //! Found by the fuzzer (tests/fuzz, target `usage`): a JSON body past the buffer
    //! bound was read differently depending on where the host split it.
    use super::*;

    fn read(body: &[u8], cuts: &[usize]) -> (Option<Usage>, Option<String>) {
        let mut obs = ResponseObserver::new(ObserverConfig {
            api: ApiKind::OpenAiEmbeddings,
            format: BodyFormat::Json,
            strip_usage_chunk: false,
            max_buffer_bytes: 64,
        });
        let mut at = 0;
        for &c in cuts.iter().chain(std::iter::once(&body.len())) {
            obs.feed(&body[at..c]).unwrap();
            at = c;
        }
        obs.finish();
        (obs.usage(), obs.response_id().map(str::to_string))
    }

    #[test]
    fn an_oversized_json_body_reads_the_same_however_it_is_split() {
        // The id sits in the first 64 bytes; usage 8.5 KB before the end (outside the
        // last 8 KB window, inside what a 2-window tail could hold).
        let body = format!(
            "{{\"id\":\"emb-1\",\"pad0\":\"{}\",\"usage\":{{\"prompt_tokens\":7,\"total_tokens\":7}},\"pad\":\"{}\"}}",
            "a".repeat(10_000),
            "b".repeat(8_500)
        );
        let body = body.as_bytes();
        let whole = read(body, &[]);
        for cuts in [vec![30], vec![18_000], vec![30, 18_000], vec![5, 10, 15_000, 18_500]] {
            assert_eq!(read(body, &cuts), whole, "split at {cuts:?}");
        }
        assert_eq!(whole.1.as_deref(), Some("emb-1"));
    }
}
