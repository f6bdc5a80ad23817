//! Request parsing for Anthropic Messages, OpenAI Responses and Gemini against realistic
//! bodies in tests/fixtures/requests/: fields read, input counts (text checked against
//! the encoding's own count of the strings the model reads), byte-exact rewrites, typed
//! errors, and `api::parse` dispatch for every endpoint.

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use tollgate_core::api::{self, ApiError, Endpoint, LlmRequest, Rewrite, Target, anthropic, gemini, responses};
use tollgate_core::images::{self, Detail, TileCost};
use tollgate_core::json_raw::RawObject;
use tollgate_core::tokens::Encoding;

const E: Encoding = Encoding::O200kBase;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/requests/{name}",
        concat!(env!("CARGO_MANIFEST_DIR"), "/../..")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap()
}

/// The encoding's count of each string, summed (each string is counted on its own).
fn count_all(strings: &[&str]) -> u64 {
    strings.iter().map(|s| E.count(s).unwrap()).sum()
}

fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap()
}

fn parse_path(path: &str, body: &[u8]) -> Result<Box<dyn LlmRequest>, ApiError> {
    let target = Target::from_path(path).expect("a known path");
    api::parse(
        &target,
        body,
        target.path_model.as_deref(),
        &api::ParseOptions::default(),
    )
}

/// Every top-level member not in `changed` keeps its exact bytes and its order.
fn assert_untouched(before: &[u8], after: &[u8], changed: &[&str]) {
    let b = RawObject::parse(before).unwrap();
    let a = RawObject::parse(after).unwrap();
    let kept: Vec<&str> = b.keys().collect();
    let out: Vec<&str> = a.keys().filter(|k| kept.contains(k)).collect();
    assert_eq!(out, kept, "member order");
    for key in kept {
        if changed.contains(&key) {
            continue;
        }
        assert_eq!(
            a.get(key).map(|v| v.get()),
            b.get(key).map(|v| v.get()),
            "member `{key}`"
        );
    }
}

fn rewrite(model: Option<&str>, cap: Option<u64>) -> Rewrite {
    Rewrite {
        model: model.map(str::to_string),
        output_cap: cap,
        include_usage: true,
    }
}

// ----------------------------------------------------------------------- Anthropic

#[test]
fn anthropic_chat_fields_and_counts() {
    let body = fixture("anthropic/chat.json");
    let r = parse_path("/v1/messages", &body).unwrap();
    assert_eq!(r.endpoint(), Endpoint::Messages);
    assert_eq!(r.model(), "claude-sonnet-4-5-20250929");
    assert_eq!(r.output_cap(), Some(1024));
    assert!(r.cap_required());
    assert!(r.stream());
    assert!(!r.needs_usage_option());
    assert_eq!(r.user(), Some("user-4711"));
    assert_eq!(r.choices(), 1);
    assert_eq!(r.extra_output(), 0);
    assert_eq!(r.previous_response_id(), None);
    assert_eq!(r.unmeterable(), None);
    let c = r.count_input(E).unwrap();
    assert_eq!(
        c.text,
        count_all(&[
            "You are a concise assistant for a travel agency. Answer in one paragraph.",
            "Which months are best for visiting Kyoto?",
            "Late March to early April for cherry blossoms, and November for autumn leaves.",
            "And which is less crowded?",
        ])
    );
    assert_eq!(c.estimated, 0);
    assert!(c.framing > 0, "Claude's framing is a guess, never exact");
    assert!(!c.is_exact());
    assert_eq!(c.per_message.len(), 3);
    assert!(c.per_message.iter().sum::<u64>() < c.total());
}

#[test]
fn anthropic_tools_thinking_and_results() {
    let body = fixture("anthropic/tools_thinking.json");
    let doc = json(&body);
    let r = anthropic::AnthropicRequest::parse(&body, None).unwrap();
    assert_eq!(r.output_cap(), Some(16000));
    assert_eq!(r.thinking_budget(), Some(10000));
    assert_eq!(r.extra_output(), 0, "budget_tokens is inside max_tokens");
    let c = r.count_input(E).unwrap();
    let schema = compact(&doc["tools"][0]["input_schema"]);
    assert_eq!(
        c.text,
        count_all(&[
            "You can look up the weather.",
            "What's the weather in Paris?",
            "The user wants the weather in Paris. I should call get_weather.",
            "toolu_01A09q90qw90lq917835lq9",
            "get_weather",
            r#"{"location":"Paris, France","unit":"celsius"}"#,
            "toolu_01A09q90qw90lq917835lq9",
            "15 degrees, light rain",
            "toolu_02",
            "Humidity 80%",
            "get_weather",
            "Get the current weather in a given location",
            &schema,
            "web_search",
        ])
    );
    let redacted = doc["messages"][1]["content"][1]["data"].as_str().unwrap();
    assert_eq!(
        c.estimated,
        (redacted.len() as u64).div_ceil(4) + anthropic::SERVER_TOOL_TOKENS
    );
    assert_eq!(c.per_message.len(), 3);
}

#[test]
fn anthropic_images_and_documents_are_estimated() {
    let body = fixture("anthropic/vision_documents.json");
    let r = parse_path("/v1/messages", &body).unwrap();
    let c = r.count_input(E).unwrap();
    assert_eq!(
        c.text,
        count_all(&[
            "Quarterly report",
            "Simple facts",
            "The grass is green. The sky is blue.",
            "Summarise the image and the documents.",
        ])
    );
    // 1024x768 base64 PNG: width*height/750; URL image: the 1600 worst case; a 3-page
    // PDF: 3 pages; a Files API document: the unknown-document constant.
    let png = (1024u64 * 768).div_ceil(750);
    assert_eq!(
        c.estimated,
        png + anthropic::IMAGE_MAX_TOKENS + 3 * anthropic::PDF_TOKENS_PER_PAGE + api::WorstCases::DEFAULT.file_tokens
    );
    assert_eq!(c.per_message.len(), 1);
    assert!(c.per_message[0] >= c.text + c.estimated);
}

#[test]
fn anthropic_rewrite_is_byte_exact() {
    let body = fixture("anthropic/tools_thinking.json");
    let r = parse_path("/v1/messages", &body).unwrap();
    let out = r
        .rewrite(&rewrite(Some("claude-sonnet-5-5"), Some(2048)), "/v1/messages")
        .unwrap();
    assert_eq!(out.path, None);
    let new = out.body.unwrap();
    assert_untouched(&body, &new, &["model", "max_tokens"]);
    let doc = json(&new);
    assert_eq!(doc["model"], "claude-sonnet-5-5");
    assert_eq!(doc["max_tokens"], 2048);
    assert!(doc.get("stream_options").is_none(), "no usage option for Anthropic");
    // Nothing asked: no new body.
    assert_eq!(r.rewrite(&Rewrite::default(), "/v1/messages").unwrap().body, None);
}

#[test]
fn anthropic_bad_bodies() {
    for (body, field) in [
        (r#"{"model":"c","max_tokens":1,"messages":"hi"}"#, "messages"),
        (
            r#"{"model":"c","max_tokens":1,"messages":[{"role":"system","content":"x"}]}"#,
            "messages[0].role",
        ),
        (
            r#"{"model":"c","max_tokens":1,"messages":[{"role":"user"}]}"#,
            "messages[0].content",
        ),
        (
            r#"{"model":"c","max_tokens":1,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64"}}]}]}"#,
            "messages[0].content[0].source.data",
        ),
        (
            r#"{"model":"c","max_tokens":1,"messages":[{"role":"user","content":[{"type":"tool_use","id":"t","name":"n"}]}]}"#,
            "messages[0].content[0].input",
        ),
        (r#"{"model":"c","max_tokens":1.5,"messages":[]}"#, "max_tokens"),
        (r#"{"model":"c","max_tokens":1,"messages":[],"system":3}"#, "system"),
        (
            r#"{"model":"c","max_tokens":1,"messages":[],"metadata":{"user_id":7}}"#,
            "metadata.user_id",
        ),
    ] {
        match parse_path("/v1/messages", body.as_bytes()) {
            Err(ApiError::Field { field: f, .. }) => assert_eq!(f, field, "{body}"),
            other => panic!("{body}: {:?}", other.map(|r| r.model().to_string())),
        }
    }
    assert!(matches!(
        parse_path(
            "/v1/messages",
            br#"{"model":"c","max_tokens":1,"messages":[{"role":"user","content":[{"type":"text","text":"a","text":"b"}]}]}"#
        ),
        Err(ApiError::Json(_))
    ));
    assert!(matches!(parse_path("/v1/messages", b"[]"), Err(ApiError::Json(_))));
    assert!(matches!(
        parse_path("/v1/messages", b"{\"model\":"),
        Err(ApiError::Json(_))
    ));
}

// ----------------------------------------------------------------------- Responses

#[test]
fn responses_string_input() {
    let body = fixture("responses/string_input.json");
    let r = parse_path("/v1/responses", &body).unwrap();
    assert_eq!(r.endpoint(), Endpoint::Responses);
    assert_eq!(r.model(), "gpt-4.1");
    assert_eq!(r.output_cap(), Some(500));
    assert!(r.stream());
    assert!(!r.needs_usage_option());
    assert!(!r.cap_required());
    assert_eq!(r.user(), Some("u-1"));
    let c = r.count_input(E).unwrap();
    assert_eq!(
        c.text,
        count_all(&["Talk like a pirate.", "user", "Are semicolons optional in JavaScript?"])
    );
    // Chat framing: 3 per message (instructions, input) + 3 reply priming.
    assert_eq!(c.framing, 9);
    assert_eq!(c.estimated, 0);
    assert_eq!(c.per_message.len(), 1);
}

#[test]
fn responses_items_tools_and_context() {
    let body = fixture("responses/items_tools.json");
    let doc = json(&body);
    let r = responses::ResponsesRequest::parse(&body, None).unwrap();
    assert_eq!(r.reasoning_effort(), Some("medium"));
    assert_eq!(r.output_cap(), Some(4000));
    assert_eq!(
        r.previous_response_id(),
        Some("resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b")
    );
    assert_eq!(r.user(), Some("hash-of-user"));
    assert!(r.store());
    let c = r.count_input(E).unwrap();
    let parameters = compact(&doc["tools"][0]["parameters"]);
    assert_eq!(
        c.text,
        count_all(&[
            "developer",
            "Answer with one sentence.",
            "user",
            "What is my horoscope? I am an Aquarius.",
            "Need to call the horoscope tool.",
            "call_8kR3",
            "get_horoscope",
            r#"{"sign":"Aquarius"}"#,
            "call_8kR3",
            "Aquarius: Next Tuesday you will befriend a baby otter.",
            "get_horoscope",
            "Get today's horoscope for an astrological sign.",
            &parameters,
        ])
    );
    let encrypted = doc["input"][2]["encrypted_content"].as_str().unwrap();
    assert_eq!(
        c.estimated,
        (encrypted.len() as u64).div_ceil(4) + responses::BUILTIN_TOOL_TOKENS
    );
    assert_eq!(c.per_message.len(), 6);
    assert_eq!(c.per_message[5], 0, "item_reference: size unknown, counted 0");
}

#[test]
fn responses_media_are_estimated() {
    let body = fixture("responses/media.json");
    let doc = json(&body);
    let r = parse_path("/v1/responses", &body).unwrap();
    let c = r.count_input(E).unwrap();
    assert_eq!(
        c.text,
        count_all(&["user", "What is in this image and this file?", "report.pdf"])
    );
    let cost = TileCost::for_model("gpt-4o");
    let schema = E.count(&compact(&doc["text"]["format"]["schema"])).unwrap();
    assert_eq!(
        c.estimated,
        images::image_tokens(Some((1024, 768)), Detail::High, cost)
            + images::image_tokens(None, Detail::Low, cost)
            + 2 * responses::PDF_TOKENS_PER_PAGE
            + schema
    );
}

#[test]
fn responses_background_and_conversation() {
    let body = fixture("responses/background_conversation.json");
    let r = parse_path("/v1/responses", &body).unwrap();
    assert_eq!(r.unmeterable(), Some("background: true"));
    assert_eq!(
        r.previous_response_id(),
        Some("conv_689667905b048191b4740501625afd940c7533ace33a2dab")
    );
    assert_eq!(r.output_cap(), None);
}

#[test]
fn responses_rewrite_is_byte_exact() {
    let body = fixture("responses/items_tools.json");
    let r = parse_path("/v1/responses", &body).unwrap();
    let out = r.rewrite(&rewrite(Some("o3"), Some(1000)), "/v1/responses").unwrap();
    let new = out.body.unwrap();
    assert_untouched(&body, &new, &["model", "max_output_tokens"]);
    let doc = json(&new);
    assert_eq!(doc["model"], "o3");
    assert_eq!(doc["max_output_tokens"], 1000);
    assert!(doc.get("stream_options").is_none());
    // A body without the cap gets it appended.
    let body = fixture("responses/background_conversation.json");
    let r = parse_path("/v1/responses", &body).unwrap();
    let new = r
        .rewrite(&rewrite(None, Some(10)), "/v1/responses")
        .unwrap()
        .body
        .unwrap();
    assert_untouched(&body, &new, &[]);
    assert_eq!(json(&new)["max_output_tokens"], 10);
}

#[test]
fn responses_bad_bodies() {
    for (body, field) in [
        (r#"{"input":"x"}"#, "model"),
        (r#"{"model":"m","input":{"role":"user"}}"#, "input"),
        (
            r#"{"model":"m","input":[{"role":"user","content":5}]}"#,
            "input[0].content",
        ),
        (
            r#"{"model":"m","input":[{"type":"function_call_output","call_id":"c"}]}"#,
            "input[0].output",
        ),
        (r#"{"model":"m","input":[{"type":"item_reference"}]}"#, "input[0].id"),
        (r#"{"model":"m","instructions":["a"]}"#, "instructions"),
        (r#"{"model":"m","background":"yes"}"#, "background"),
        (r#"{"model":"m","tools":[{"type":"function"}]}"#, "tools[0].name"),
    ] {
        match parse_path("/v1/responses", body.as_bytes()) {
            Err(ApiError::Field { field: f, .. }) => assert_eq!(f, field, "{body}"),
            other => panic!("{body}: {:?}", other.map(|r| r.model().to_string())),
        }
    }
    assert!(matches!(
        parse_path(
            "/v1/responses",
            br#"{"model":"m","input":[{"role":"user","content":"a","role":"system"}]}"#
        ),
        Err(ApiError::Json(_))
    ));
}

// ----------------------------------------------------------------------- Gemini

const GEMINI_PATH: &str = "/v1beta/models/gemini-2.5-flash:generateContent";
const GEMINI_STREAM_PATH: &str = "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse";

#[test]
fn gemini_chat_fields_and_counts() {
    let body = fixture("gemini/chat.json");
    let r = parse_path(GEMINI_PATH, &body).unwrap();
    assert_eq!(r.endpoint(), Endpoint::GeminiGenerate);
    assert_eq!(r.model(), "gemini-2.5-flash");
    assert!(!r.stream());
    assert_eq!(r.output_cap(), Some(800));
    assert_eq!(r.choices(), 2);
    assert_eq!(r.extra_output(), 1024);
    assert!(!r.needs_usage_option());
    let c = r.count_input(E).unwrap();
    assert_eq!(
        c.text,
        count_all(&[
            "You are a cat. Your name is Neko.",
            "user",
            "Hello there",
            "model",
            "Meow. What do you want, human?",
            "user",
            "Tell me about your day.",
        ])
    );
    assert_eq!(c.estimated, 0);
    assert!(c.framing > 0);
    assert_eq!(c.per_message.len(), 3);
    let s = parse_path(GEMINI_STREAM_PATH, &body).unwrap();
    assert_eq!(s.endpoint(), Endpoint::GeminiStream);
    assert!(s.stream());
}

#[test]
fn gemini_snake_case_and_tools() {
    let body = fixture("gemini/snake_tools.json");
    let doc = json(&body);
    let r = parse_path(GEMINI_PATH, &body).unwrap();
    assert_eq!(r.output_cap(), Some(256));
    assert_eq!(r.extra_output(), 0, "thinking_budget 0 turns thinking off");
    let c = r.count_input(E).unwrap();
    let declaration = compact(&doc["tools"][0]["function_declarations"][0]);
    assert_eq!(
        c.text,
        count_all(&[
            "Use the tools.",
            "user",
            "Turn on the lights in the living room.",
            "model",
            "set_light",
            r#"{"room":"living room","on":true}"#,
            "user",
            "set_light",
            r#"{"result":"ok"}"#,
            &declaration,
        ])
    );
    assert_eq!(c.estimated, gemini::BUILTIN_TOOL_TOKENS);
}

#[test]
fn gemini_media_are_estimated() {
    let body = fixture("gemini/multimodal.json");
    let r = parse_path(GEMINI_PATH, &body).unwrap();
    let c = r.count_input(E).unwrap();
    assert_eq!(
        c.text,
        count_all(&["user", "Describe the picture and summarise the PDF."])
    );
    // 1024x768: 2x1 tiles of 768; 300x200: one small image; a 4-page PDF; a video by URI.
    assert_eq!(
        c.estimated,
        2 * gemini::IMAGE_TOKENS
            + gemini::IMAGE_TOKENS
            + 4 * gemini::PDF_TOKENS_PER_PAGE
            + api::WorstCases::DEFAULT.file_tokens
    );
    // No thinkingConfig on a 2.5 Flash model: dynamic thinking, the documented worst case.
    assert_eq!(r.extra_output(), gemini::DYNAMIC_THINKING_TOKENS);
    assert_eq!(r.output_cap(), None);
}

#[test]
fn gemini_rewrites_path_and_cap() {
    let body = fixture("gemini/chat.json");
    let r = parse_path(GEMINI_STREAM_PATH, &body).unwrap();
    let out = r
        .rewrite(&rewrite(Some("gemini-2.5-flash-lite"), Some(100)), GEMINI_STREAM_PATH)
        .unwrap();
    assert_eq!(
        out.path.as_deref(),
        Some("/v1beta/models/gemini-2.5-flash-lite:streamGenerateContent?alt=sse")
    );
    let new = out.body.unwrap();
    assert_untouched(&body, &new, &["generationConfig"]);
    let before = RawObject::parse(&body).unwrap();
    let after = RawObject::parse(&new).unwrap();
    let config_before = RawObject::parse(before.get("generationConfig").unwrap().get().as_bytes()).unwrap();
    let config_after = RawObject::parse(after.get("generationConfig").unwrap().get().as_bytes()).unwrap();
    for key in config_before.keys().filter(|k| *k != "maxOutputTokens") {
        assert_eq!(
            config_after.get(key).map(|v| v.get()),
            config_before.get(key).map(|v| v.get()),
            "generationConfig.{key}"
        );
    }
    assert_eq!(json(&new)["generationConfig"]["maxOutputTokens"], 100);
    // Model only: a new path, no new body.
    let out = r
        .rewrite(&rewrite(Some("gemini-2.0-flash"), None), GEMINI_PATH)
        .unwrap();
    assert_eq!(out.body, None);
    assert_eq!(
        out.path.as_deref(),
        Some("/v1beta/models/gemini-2.0-flash:generateContent")
    );
    // Cap only, on a body without generationConfig: created, everything else kept.
    let body = fixture("gemini/multimodal.json");
    let r = parse_path(GEMINI_PATH, &body).unwrap();
    let out = r.rewrite(&rewrite(None, Some(64)), GEMINI_PATH).unwrap();
    assert_eq!(out.path, None);
    let new = out.body.unwrap();
    assert_untouched(&body, &new, &[]);
    assert_eq!(json(&new)["generationConfig"]["maxOutputTokens"], 64);
    // snake_case config: the cap goes where the client put it.
    let body = fixture("gemini/snake_tools.json");
    let r = parse_path(GEMINI_PATH, &body).unwrap();
    let new = r.rewrite(&rewrite(None, Some(32)), GEMINI_PATH).unwrap().body.unwrap();
    let doc = json(&new);
    assert_eq!(doc["generation_config"]["max_output_tokens"], 32);
    assert!(doc.get("generationConfig").is_none());
    assert_eq!(doc["generation_config"]["thinking_config"]["thinking_budget"], 0);
}

#[test]
fn gemini_bad_bodies() {
    for (body, field) in [
        (r#"{"contents":{"parts":[]}}"#, "contents"),
        (
            r#"{"contents":[{"parts":[{"functionCall":{"args":{}}}]}]}"#,
            "contents[0].parts[0].functionCall.name",
        ),
        (
            r#"{"contents":[],"generationConfig":{"maxOutputTokens":-1}}"#,
            "generationConfig.maxOutputTokens",
        ),
        (
            r#"{"contents":[],"tools":[{"functionDeclarations":{}}]}"#,
            "tools[0].functionDeclarations",
        ),
        (
            r#"{"contents":[],"generationConfig":{"thinkingConfig":{"thinkingBudget":-2}}}"#,
            "generationConfig.thinkingConfig.thinkingBudget",
        ),
    ] {
        match parse_path(GEMINI_PATH, body.as_bytes()) {
            Err(ApiError::Field { field: f, .. }) => assert_eq!(f, field, "{body}"),
            other => panic!("{body}: {:?}", other.map(|r| r.model().to_string())),
        }
    }
    assert!(matches!(
        parse_path(GEMINI_PATH, br#"{"contents":[{"parts":[{"text":"a","text":"b"}]}]}"#),
        Err(ApiError::Json(_))
    ));
}

// ----------------------------------------------------------------------- dispatch

#[test]
fn parse_dispatches_every_endpoint() {
    let chat = br#"{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}"#;
    let cases: [(&str, &[u8], Endpoint, &str); 9] = [
        ("/v1/chat/completions", chat, Endpoint::ChatCompletions, "gpt-4o"),
        (
            "/openai/deployments/my-4o/chat/completions?api-version=2024-10-21",
            br#"{"messages":[]}"#,
            Endpoint::ChatCompletions,
            "",
        ),
        (
            "/v1/completions",
            br#"{"model":"gpt-3.5-turbo-instruct","prompt":"hi"}"#,
            Endpoint::Completions,
            "gpt-3.5-turbo-instruct",
        ),
        (
            "/v1/embeddings",
            br#"{"model":"text-embedding-3-small","input":"hi"}"#,
            Endpoint::Embeddings,
            "text-embedding-3-small",
        ),
        (
            "/v1/responses",
            br#"{"model":"gpt-4.1","input":"hi"}"#,
            Endpoint::Responses,
            "gpt-4.1",
        ),
        (
            "/v1/messages",
            br#"{"model":"claude-haiku-5-5","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}"#,
            Endpoint::Messages,
            "claude-haiku-5-5",
        ),
        (
            "/v1beta/models/gemini-2.0-flash:generateContent",
            br#"{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}"#,
            Endpoint::GeminiGenerate,
            "gemini-2.0-flash",
        ),
        (
            "/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse",
            br#"{"contents":[]}"#,
            Endpoint::GeminiStream,
            "gemini-2.0-flash",
        ),
        (
            "/v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-pro:generateContent",
            br#"{"contents":[]}"#,
            Endpoint::GeminiGenerate,
            "gemini-2.5-pro",
        ),
    ];
    for (path, body, endpoint, model) in cases {
        let target = Target::from_path(path).unwrap();
        assert_eq!(target.endpoint, endpoint, "{path}");
        let hint = if model.is_empty() {
            Some("gpt-4o")
        } else {
            target.path_model.as_deref()
        };
        let r =
            api::parse(&target, body, hint, &api::ParseOptions::default()).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(r.endpoint(), endpoint, "{path}");
        assert_eq!(r.model(), if model.is_empty() { "gpt-4o" } else { model }, "{path}");
        assert_eq!(r.stream(), endpoint == Endpoint::GeminiStream, "{path}");
        assert!(r.count_input(E).is_ok(), "{path}");
    }
}
