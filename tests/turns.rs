//! The latest turn as each API shows it (what loop and stall detection compare).

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use tollgate_core::api::{self, Target};

fn turn(path: &str, body: &str) -> api::Turn {
    let target = Target::from_path(path).unwrap();
    let hint = target.path_model.clone();
    api::parse(&target, body.as_bytes(), hint.as_deref(), &api::ParseOptions::default())
        .unwrap()
        .turn()
}

#[test]
fn anthropic_tool_use_and_result() {
    let t = turn(
        "/v1/messages",
        r#"{"model":"claude-sonnet-5-5","max_tokens":100,"system":"be brief","messages":[
          {"role":"user","content":"fix the query"},
          {"role":"assistant","content":[{"type":"text","text":"running"},{"type":"tool_use","id":"t1","name":"run_sql","input":{"q":"select 1"}}]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"ERROR 42703 column does not exist"}]}]}"#,
    );
    assert_eq!(
        t.tool_calls,
        vec![("run_sql".to_string(), r#"{"q":"select 1"}"#.to_string())]
    );
    assert_eq!(t.tool_results, vec!["ERROR 42703 column does not exist".to_string()]);
    assert_eq!(t.session_seed, "be brief\nfix the query");
}

#[test]
fn responses_function_call_and_output() {
    let t = turn(
        "/v1/responses",
        r#"{"model":"gpt-4.1","instructions":"be brief","input":[
          {"role":"user","content":"weather in Paris?"},
          {"type":"function_call","call_id":"c1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
          {"type":"function_call_output","call_id":"c1","output":"sunny 21C"}]}"#,
    );
    assert_eq!(
        t.tool_calls,
        vec![("get_weather".to_string(), r#"{"city":"Paris"}"#.to_string())]
    );
    assert_eq!(t.tool_results, vec!["sunny 21C".to_string()]);
    assert_eq!(t.session_seed, "be brief\nweather in Paris?");
}

#[test]
fn gemini_function_call_and_response() {
    let t = turn(
        "/v1beta/models/gemini-2.5-flash:generateContent",
        r#"{"systemInstruction":{"parts":[{"text":"be brief"}]},"contents":[
          {"role":"user","parts":[{"text":"weather in Paris?"}]},
          {"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}}}]},
          {"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"result":"sunny 21C"}}}]}]}"#,
    );
    assert_eq!(
        t.tool_calls,
        vec![("get_weather".to_string(), r#"{"city":"Paris"}"#.to_string())]
    );
    assert_eq!(t.tool_results, vec!["sunny 21C".to_string()]);
    assert_eq!(t.messages, 4);
}
