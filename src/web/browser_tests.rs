//! The web API in real headless Chromium (wasm-bindgen-test, `make test-web-browser`):
//! every shared decision fixture gives the same decision view as in Envoy and Node
//! (`examples/web/test/view_core.js` builds the view), plus the API's error contract.

use wasm_bindgen::prelude::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/../../examples/web/test/view_core.js")]
extern "C" {
    #[wasm_bindgen(js_name = viewJson)]
    fn view_json(estimate: &JsValue) -> String;
}

/// The fixed clock of the fixture checks: `NOW` in view_core.js.
const NOW: f64 = 1_800_000_000.0;

/// Every fixture in tests/fixtures/decisions (the Node test checks this list is complete).
const FIXTURES: &[(&str, &str)] = &[
    (
        "anthropic_messages_estimated",
        include_str!("../../tests/fixtures/decisions/anthropic_messages_estimated.json"),
    ),
    (
        "anthropic_messages_reject",
        include_str!("../../tests/fixtures/decisions/anthropic_messages_reject.json"),
    ),
    (
        "chat_allow_client_cap_cl100k",
        include_str!("../../tests/fixtures/decisions/chat_allow_client_cap_cl100k.json"),
    ),
    (
        "chat_allow_default_cap",
        include_str!("../../tests/fixtures/decisions/chat_allow_default_cap.json"),
    ),
    (
        "claude_estimated",
        include_str!("../../tests/fixtures/decisions/claude_estimated.json"),
    ),
    (
        "completions_prompt",
        include_str!("../../tests/fixtures/decisions/completions_prompt.json"),
    ),
    (
        "daily_other_user_allow",
        include_str!("../../tests/fixtures/decisions/daily_other_user_allow.json"),
    ),
    (
        "daily_preloaded_allow",
        include_str!("../../tests/fixtures/decisions/daily_preloaded_allow.json"),
    ),
    (
        "daily_preloaded_reject",
        include_str!("../../tests/fixtures/decisions/daily_preloaded_reject.json"),
    ),
    (
        "embeddings",
        include_str!("../../tests/fixtures/decisions/embeddings.json"),
    ),
    (
        "gemini_exact",
        include_str!("../../tests/fixtures/decisions/gemini_exact.json"),
    ),
    (
        "gemini_reject_usd",
        include_str!("../../tests/fixtures/decisions/gemini_reject_usd.json"),
    ),
    (
        "invalid_json_body",
        include_str!("../../tests/fixtures/decisions/invalid_json_body.json"),
    ),
    (
        "lower_output_cap",
        include_str!("../../tests/fixtures/decisions/lower_output_cap.json"),
    ),
    (
        "missing_scope_header",
        include_str!("../../tests/fixtures/decisions/missing_scope_header.json"),
    ),
    (
        "per_request_tokens_reject",
        include_str!("../../tests/fixtures/decisions/per_request_tokens_reject.json"),
    ),
    (
        "per_request_usd_reject",
        include_str!("../../tests/fixtures/decisions/per_request_usd_reject.json"),
    ),
    (
        "route_by_header",
        include_str!("../../tests/fixtures/decisions/route_by_header.json"),
    ),
    (
        "route_when_budget_low",
        include_str!("../../tests/fixtures/decisions/route_when_budget_low.json"),
    ),
    (
        "soft_warning",
        include_str!("../../tests/fixtures/decisions/soft_warning.json"),
    ),
    (
        "unknown_endpoint",
        include_str!("../../tests/fixtures/decisions/unknown_endpoint.json"),
    ),
    (
        "unknown_endpoint_pass",
        include_str!("../../tests/fixtures/decisions/unknown_endpoint_pass.json"),
    ),
    (
        "unknown_model_price_as",
        include_str!("../../tests/fixtures/decisions/unknown_model_price_as.json"),
    ),
    (
        "unknown_model_reject",
        include_str!("../../tests/fixtures/decisions/unknown_model_reject.json"),
    ),
];

fn field(object: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

#[wasm_bindgen_test]
fn shared_decision_fixtures() {
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"now".into(), &JsValue::from_f64(NOW)).unwrap();
    let mut failures = Vec::new();
    for (name, text) in FIXTURES {
        let fixture = js_sys::JSON::parse(text).unwrap();
        let got = super::estimate(
            field(&fixture, "request"),
            field(&fixture, "config"),
            field(&fixture, "state"),
            options.clone().into(),
        )
        .map_err(JsValue::from)
        .unwrap();
        let want = js_sys::JSON::stringify(&field(&fixture, "expect"))
            .unwrap()
            .as_string()
            .unwrap();
        let got = view_json(&got);
        if got != want {
            failures.push(format!("{name}:\n  got  {got}\n  want {want}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(FIXTURES.len() >= 20);
}

#[wasm_bindgen_test]
fn config_errors_are_thrown_with_the_filters_message() {
    let bad = JsValue::from_str(
        r#"{"budgets": [{"name": "x", "window": "fortnight", "limit": {"tokens": 1}, "kind": "hard"}]}"#,
    );
    let err = super::estimate(JsValue::from_str("hi"), bad, JsValue::NULL, JsValue::NULL)
        .map(|_| ())
        .map_err(JsValue::from)
        .unwrap_err();
    let message = field(&err, "message").as_string().unwrap();
    assert!(
        message.starts_with("tollgate: invalid configuration at `budgets[0].window`: unknown variant `fortnight`"),
        "{message}"
    );
}

#[wasm_bindgen_test]
fn counts_and_boundaries_in_the_browser() {
    let count = super::count_tokens("hello world", "gpt-4o", JsValue::NULL)
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(field(&count, "tokens").as_f64(), Some(2.0));
    let text = "naïve 🎉 tokens";
    let ends = super::token_boundaries(text, "gpt-4o", JsValue::NULL)
        .map_err(JsValue::from)
        .unwrap();
    assert_eq!(ends.last().copied(), Some(text.encode_utf16().count() as u32));
    let long = "a".repeat(100_000);
    let big = super::count_tokens(&long, "gpt-4o", JsValue::NULL)
        .map_err(JsValue::from)
        .unwrap();
    assert!(field(&big, "tokens").as_f64().unwrap() > 1000.0);
}
