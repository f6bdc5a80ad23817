//! Per-feature loop profiles (`loops.profiles`), in the core: a request attribute picks a
//! profile whose settings (thresholds, kinds, modes) are merged over the `loops` section
//! once, at start; two features on one configuration get different patience; findings name
//! the profile (termination body, shadow line, metric, access-log attribute); a bad profile
//! refuses to start, naming its field.

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;

use serde_json::{Value, json};
use tollgate_core::config::Policy;
use tollgate_core::engine::{Attributes, BodyVerdict, Engine, HeadVerdict, Host, Metric, Recorder, RequestHead};
use tollgate_core::store::MemStore;

struct Headers(HashMap<String, String>);

impl Attributes for Headers {
    fn header(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }
    fn property(&self, _: &[String]) -> Option<String> {
        None
    }
}

const CHAT: &str = "/v1/chat/completions";
const T0: u64 = 1_796_000_000;

/// A coding agent is stopped after 3 near-identical turns; a support bot, whose users
/// repeat themselves, after 6; a batch feature only warns; a beta feature is shadowed.
fn config() -> Value {
    json!({
        "sessions": {},
        "loops": {
            "near_duplicate": {"similarity": "0.9", "turns": 3, "kind": "hard"},
            "cycles": {"max_period": 6, "repeats": 3, "kind": "hard"},
            "profiles": {
                "by": [{"header": "x-feature"}],
                "values": {
                    "support-bot": {"near_duplicate": {"turns": 6}},
                    "batch": {"near_duplicate": {"kind": "soft"}},
                    "beta": {"mode": "shadow"}
                }
            }
        }
    })
}

fn engine(config: &Value) -> Engine {
    Engine::new(Policy::from_json(&config.to_string()).unwrap())
}

/// The same question again and again: near-identical from turn 2 on.
fn poll() -> Vec<u8> {
    json!({"model": "gpt-4o", "messages": [
        {"role": "system", "content": "You help customers."},
        {"role": "user", "content": "Where is my order 4711? It has not arrived yet."}]})
    .to_string()
    .into_bytes()
}

fn decide(e: &Engine, attrs: &Headers, now: u64, store: &MemStore, m: &Recorder) -> BodyVerdict {
    let head = RequestHead {
        method: "POST",
        path: CHAT,
        content_encoding: None,
        content_length: None,
        has_body: true,
    };
    let HeadVerdict::ReadBody(dest) = e.on_head(&head) else {
        panic!("head")
    };
    e.decide(
        &dest,
        CHAT,
        &poll(),
        &Host {
            attrs,
            now,
            store,
            metrics: m,
            in_flight: None,
        },
    )
}

fn headers(session: &str, feature: Option<&str>) -> Headers {
    let mut h = HashMap::from([("x-session-id".to_string(), session.to_string())]);
    if let Some(f) = feature {
        h.insert("x-feature".into(), f.into());
    }
    Headers(h)
}

/// Sends up to `turns` polls; the first refused turn and its body, and what was recorded.
fn run(config: &Value, feature: Option<&str>, turns: u64) -> (Option<(u64, Value)>, Vec<Vec<String>>, Recorder) {
    let e = engine(config);
    let store = MemStore::new();
    let m = Recorder::new();
    let attrs = headers("s-1", feature);
    let mut shadow = Vec::new();
    for n in 1..=turns {
        match decide(&e, &attrs, T0 + 10 * n, &store, &m) {
            BodyVerdict::Forward(a) => shadow.push(
                a.response_headers
                    .iter()
                    .filter(|(k, _)| k == "x-tollgate-shadow")
                    .map(|(_, v)| v.clone())
                    .collect(),
            ),
            BodyVerdict::Reject(r) => return (Some((n, serde_json::from_slice(&r.body).unwrap())), shadow, m),
            other => panic!("turn {n}: {other:?}"),
        }
    }
    (None, shadow, m)
}

#[test]
fn two_features_on_one_configuration_get_different_patience() {
    let c = config();
    // No feature, and a feature without a profile: the section's own settings (3 turns).
    for feature in [None, Some("unknown-feature")] {
        let (stopped, _, _) = run(&c, feature, 8);
        let (turn, body) = stopped.expect("stopped");
        assert_eq!(turn, 3, "{feature:?}");
        assert_eq!(body["error"]["tollgate"]["detector"], "near_duplicate");
        assert!(body["error"]["tollgate"].get("profile").is_none(), "{body}");
    }
    // The support bot: stopped only at its 6th near-identical turn.
    let (stopped, _, m) = run(&c, Some("support-bot"), 8);
    let (turn, body) = stopped.expect("stopped");
    assert_eq!(turn, 6);
    assert_eq!(body["error"]["code"], "loop_detected");
    assert_eq!(body["error"]["tollgate"]["profile"], "support-bot", "{body}");
    assert_eq!(body["error"]["tollgate"]["repeated_turns"], 6, "{body}");
    assert_eq!(m.count(Metric::LoopsDetected), 1);
    let events = m.labeled_named("tollgate_guard_events");
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(
        events[0].label("event") == Some("loop_detected") && events[0].label("profile") == Some("support-bot"),
        "{events:?}"
    );
    assert!(m.attributes().contains(&("guard_profile", "support-bot".to_string())));
    // A profile that only changes the kind: the batch feature is warned, never stopped.
    let (stopped, _, m) = run(&c, Some("batch"), 8);
    assert!(stopped.is_none(), "{stopped:?}");
    assert_eq!(m.count(Metric::GuardWarnings), 6);
    let soft = m.labeled_named("tollgate_guard_soft_events");
    assert_eq!(soft.len(), 6, "{soft:?}");
    assert!(soft.iter().all(|l| l.label("profile") == Some("batch")), "{soft:?}");
}

#[test]
fn a_profile_can_put_one_feature_in_shadow_mode() {
    let (stopped, shadow, m) = run(&config(), Some("beta"), 5);
    assert!(stopped.is_none(), "{stopped:?}");
    assert!(shadow[0].is_empty() && shadow[1].is_empty(), "{shadow:?}");
    for s in &shadow[2..] {
        assert!(
            s.len() == 1 && s[0].starts_with("would stop: loop_detected (near_duplicate, profile beta)"),
            "{shadow:?}"
        );
    }
    let events = m.labeled_named("tollgate_guard_shadow");
    assert_eq!(events.len(), 3, "{events:?}");
    assert!(events.iter().all(|l| l.label("profile") == Some("beta")));
    assert_eq!(m.count(Metric::LoopsDetected), 0);
}

#[test]
fn null_turns_a_detector_off_for_a_profile_and_several_attributes_join_with_a_slash() {
    let mut c = config();
    c["loops"]["profiles"] = json!({"by": [{"header": "x-team"}, {"header": "x-feature"}],
        "values": {"ops/poller": {"near_duplicate": null}}});
    let e = engine(&c);
    let store = MemStore::new();
    let m = Recorder::new();
    let mut h = headers("s-2", Some("poller"));
    h.0.insert("x-team".into(), "ops".into());
    for n in 1..=8 {
        assert!(
            matches!(decide(&e, &h, T0 + n, &store, &m), BodyVerdict::Forward(_)),
            "turn {n}"
        );
    }
    // Only one of the two attributes: no profile, the section's own settings stop it.
    let (stopped, _, _) = run(&c, Some("poller"), 8);
    assert_eq!(stopped.map(|s| s.0), Some(3));
}

fn error(config: Value) -> String {
    match Policy::from_json(&config.to_string()) {
        Ok(_) => panic!("accepted: {config}"),
        Err(e) => e.to_string(),
    }
}

fn with_profile(profile: Value) -> Value {
    let mut c = config();
    c["loops"]["profiles"]["values"]["support-bot"] = profile;
    c
}

#[test]
fn an_invalid_profile_refuses_to_start_naming_its_field() {
    let e = error(with_profile(json!({"cycles": {"max_period": 9}})));
    assert!(
        e.contains("`loops.profiles.values.support-bot.cycles.max_period`"),
        "{e}"
    );
    let e = error(with_profile(json!({"near_duplicate": {"turns": "many"}})));
    assert!(
        e.contains("`loops.profiles.values.support-bot.near_duplicate.turns`"),
        "{e}"
    );
    let e = error(with_profile(json!({"near_duplicate": {"similarity": "1.5"}})));
    assert!(
        e.contains("`loops.profiles.values.support-bot.near_duplicate.similarity`"),
        "{e}"
    );
    let e = error(with_profile(json!({"stall": {"patience": 3}})));
    assert!(
        e.contains("loops.profiles.values.support-bot.stall") && e.contains("patience"),
        "{e}"
    );
    let e = error(with_profile(json!({"mode": "loud"})));
    assert!(e.contains("loops.profiles.values.support-bot.mode"), "{e}");
    let e = error(with_profile(json!({"profiles": {"by": [], "values": {}}})));
    assert!(e.contains("loops.profiles.values.support-bot.profiles"), "{e}");
    let e = error(with_profile(json!(3)));
    assert!(e.contains("loops.profiles.values.support-bot"), "{e}");
    let mut c = config();
    c["loops"]["profiles"]["by"] = json!([]);
    assert!(error(c).contains("loops.profiles.by"));
    let mut c = config();
    c["loops"]["profiles"]["bye"] = json!([]);
    assert!(error(c).contains("bye"));
}
