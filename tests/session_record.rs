//! Recording a session turn reuses the record the check observed only while the stored
//! record is still the one it read (issue 12: the detectors ran twice per request). When
//! another request of the same session was recorded in between (another worker), the
//! detectors run again on the record as it now is: the state ends the same as when every
//! record runs them, which is the oracle here (`record_session` without what the check
//! observed, the path before the reuse).

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use tollgate_core::api::Turn;
use tollgate_core::config::Policy;
use tollgate_core::guards::{Guards, SessionId};
use tollgate_core::store::MemStore;

fn turn(text: &str, call: &str) -> Turn {
    Turn {
        new_text: text.to_string(),
        tool_calls: vec![("run_tests".to_string(), format!("{{\"target\": \"{call}\"}}"))],
        assistant_text: String::new(),
        tool_results: vec![text.to_string()],
        session_seed: "seed".to_string(),
        messages: 3,
    }
}

fn policy() -> Policy {
    Policy::from_json(
        r#"{"sessions": {"key": [{"header": "x-session-id"}]},
            "loops": {"near_duplicate": {"turns": 2, "kind": "hard"}, "stall": {"same_tool_result": 2, "kind": "hard"}}}"#,
    )
    .unwrap()
}

/// Two turns checked, then recorded in the other order (as two workers would), then a
/// third checked: what it observes (the record as stored, and as the turn leaves it).
fn interleaved(g: &Guards, reuse: bool) -> String {
    let store = MemStore::new();
    let sid = SessionId {
        id: "s1".into(),
        derived: false,
    };
    let (t1, t2, t3) = (
        turn("error: tests failed in module alpha", "alpha"),
        turn("error: tests failed in module alpha", "alpha"),
        turn("all green now, moving on to beta", "beta"),
    );
    let r1 = g.check_session(&store, &sid, &t1, 100, 1000, &g.loops).unwrap();
    let r2 = g.check_session(&store, &sid, &t2, 120, 1001, &g.loops).unwrap();
    let pick = |r: &tollgate_core::guards::SessionReport| if reuse { r.observed.clone() } else { None };
    g.record_session(&store, &sid, &t2, 120, 1001, pick(&r2).as_ref(), &g.loops)
        .unwrap();
    g.record_session(&store, &sid, &t1, 100, 1001, pick(&r1).as_ref(), &g.loops)
        .unwrap();
    // The same turn recorded right after its check reuses what the check observed.
    let r3 = g.check_session(&store, &sid, &t3, 140, 1002, &g.loops).unwrap();
    g.record_session(&store, &sid, &t3, 140, 1002, pick(&r3).as_ref(), &g.loops)
        .unwrap();
    let r4 = g.check_session(&store, &sid, &t1, 160, 1003, &g.loops).unwrap();
    format!("{:?} | {:?} | {:?}", r3.findings, r4.findings, r4.observed)
}

#[test]
fn a_record_changed_since_the_check_is_observed_again() {
    let p = policy();
    let with = interleaved(&p.guards, true);
    let without = interleaved(&p.guards, false);
    assert_eq!(with, without);
    // Both turns were counted: the third is turn 3 of the session.
    assert!(with.starts_with("Findings { turn: 3"), "{with}");
}
