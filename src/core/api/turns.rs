//! A conversation reduced to what loop detection needs, whatever the API: who spoke,
//! their text, the tool calls they made and the tool results they carried; and the
//! `Turn` (what the latest request adds) computed from it.
//! Pure: values in, a `Turn` out.

use serde_json::Value;

use super::Turn;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    System,
    User,
    Assistant,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub speaker: Speaker,
    pub text: String,
    pub tool_calls: Vec<(String, String)>,
    pub tool_results: Vec<String>,
}

impl Entry {
    pub fn new(speaker: Speaker) -> Entry {
        Entry {
            speaker,
            text: String::new(),
            tool_calls: Vec::new(),
            tool_results: Vec::new(),
        }
    }
}

/// All strings inside a JSON value, joined (for tool results and unknown blocks).
pub fn all_text(value: &Value) -> String {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => out.push(s.clone()),
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            Value::Object(map) => map.values().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut out);
    out.join("\n")
}

/// The latest turn: the entries after the last assistant entry, that entry's tool
/// calls, and the session seed (system text + first user text).
pub fn turn_of(entries: &[Entry]) -> Turn {
    let last_assistant = entries.iter().rposition(|e| e.speaker == Speaker::Assistant);
    let trailing = match last_assistant {
        Some(i) => entries.get(i + 1..).unwrap_or_default(),
        None => entries,
    };
    let mut turn = Turn {
        messages: entries.len(),
        ..Turn::default()
    };
    let mut parts = Vec::new();
    for e in trailing.iter().filter(|e| e.speaker != Speaker::System) {
        parts.push(e.text.clone());
        for r in &e.tool_results {
            parts.push(r.clone());
            turn.tool_results.push(r.clone());
        }
    }
    turn.new_text = parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    if let Some(i) = last_assistant {
        if let Some(a) = entries.get(i) {
            turn.tool_calls = a.tool_calls.clone();
            turn.assistant_text = a.text.clone();
        }
        // A message and then its calls, given as separate items (the Responses API's
        // `message` and `function_call`), are one assistant output: its text is the message's.
        if turn.assistant_text.is_empty() && !turn.tool_calls.is_empty() {
            if let Some(m) = i.checked_sub(1).and_then(|j| entries.get(j)) {
                if m.speaker == Speaker::Assistant && m.tool_calls.is_empty() {
                    turn.assistant_text = m.text.clone();
                }
            }
        }
    }
    let system = entries
        .iter()
        .filter(|e| e.speaker == Speaker::System)
        .map(|e| e.text.clone());
    let first_user = entries
        .iter()
        .find(|e| e.speaker == Speaker::User)
        .map(|e| e.text.clone());
    turn.session_seed = system.chain(first_user).collect::<Vec<_>>().join("\n");
    turn
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_turn_is_what_follows_the_last_assistant_entry() {
        let mut sys = Entry::new(Speaker::System);
        sys.text = "be brief".into();
        let mut u1 = Entry::new(Speaker::User);
        u1.text = "fix the query".into();
        let mut a = Entry::new(Speaker::Assistant);
        a.tool_calls.push(("run_sql".into(), "{\"q\":1}".into()));
        let mut u2 = Entry::new(Speaker::User);
        u2.tool_results.push("ERROR 42703".into());
        let t = turn_of(&[sys, u1, a, u2]);
        assert_eq!(t.tool_calls, vec![("run_sql".to_string(), "{\"q\":1}".to_string())]);
        assert_eq!(t.tool_results, vec!["ERROR 42703".to_string()]);
        assert_eq!(t.new_text, "ERROR 42703");
        assert_eq!(t.session_seed, "be brief\nfix the query");
        assert_eq!(t.messages, 4);
    }

    /// Issue 13, round 8: the Responses API gives an assistant's message and its calls as
    /// separate items; the turn's assistant text is the message's (its calls alone have none).
    #[test]
    fn a_message_then_its_calls_is_one_assistant_output() {
        let mut u1 = Entry::new(Speaker::User);
        u1.text = "quote the roof".into();
        let mut said = Entry::new(Speaker::Assistant);
        said.text = "Re-measuring the roof.".into();
        let mut call = Entry::new(Speaker::Assistant);
        call.tool_calls.push(("roof".into(), "{}".into()));
        let mut out = Entry::new(Speaker::User);
        out.tool_results.push("22 modules".into());
        let t = turn_of(&[u1.clone(), said.clone(), call.clone(), out.clone()]);
        assert_eq!(t.assistant_text, "Re-measuring the roof.");
        assert_eq!(t.tool_calls, vec![("roof".to_string(), "{}".to_string())]);
        assert_eq!(t.tool_results, vec!["22 modules".to_string()]);
        // A message before a user's message is not the calls' text.
        let t = turn_of(&[said, u1, call, out]);
        assert_eq!(t.assistant_text, "");
    }
}
