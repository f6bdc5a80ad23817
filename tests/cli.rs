//! The `tollgate` command line (src/cli): golden simulate reports on the committed traffic
//! under tests/fixtures/traffic, each also checked against facts derived by hand from the
//! traffic and the policy (written next to each check); the agent transcripts replayed
//! through `simulate` against the outcomes the transcripts themselves state (the same
//! expectations tests/transcripts.rs and the Envoy replay check); bad traffic lines
//! reported with their line numbers; `check`, `count` and `estimate` against the committed
//! decision fixtures (derived with Python tiktoken). Golden files are rewritten with
//! `TOLLGATE_UPDATE_GOLDEN=1` — and then reviewed by hand.

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};
use tollgate_cli::report;
use tollgate_cli::sim::Replay;
use tollgate_cli::traffic::{self, Payload, Recorded};
use tollgate_core::config::Policy;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(rel: &str) -> String {
    root().join("tests/fixtures").join(rel).to_string_lossy().into_owned()
}

fn tollgate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tollgate"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn json_of(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "tollgate failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Compares with (or, with TOLLGATE_UPDATE_GOLDEN=1, writes) a golden report.
fn golden(name: &str, report: &Value) {
    let path = root().join("tests/fixtures/traffic/golden").join(name);
    let text = serde_json::to_string_pretty(report).unwrap() + "\n";
    if std::env::var_os("TOLLGATE_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        text, want,
        "golden report {name} differs (TOLLGATE_UPDATE_GOLDEN=1 to rewrite, then review)"
    );
}

#[test]
fn a_budget_runs_out_mid_day() {
    let out = tollgate(&[
        "simulate",
        "--quiet",
        "--json",
        "--config",
        "tests/fixtures/traffic/budget_day_config.json",
        "tests/fixtures/traffic/budget_day.jsonl",
    ]);
    let r = json_of(&out);
    golden("budget_day.json", &r);
    // By hand: every request is the same body, whose input is 28 tokens (Python tiktoken,
    // tests/fixtures/decisions/daily_preloaded_reject.json) → 29 reserved with the margin,
    // + max_tokens 50 = 79 tokens to admit; each settles to its recorded usage, 28 + 172
    // = 200 tokens. `user-daily` is 1000 tokens a day per user: after n admitted requests
    // alice has used 200·n, and the next is admitted iff 200·n + 79 ≤ 1000, i.e. n ≤ 4:
    // 5 admitted on 1 Dec, her 6th, 7th and 8th (14:00, 15:00, 16:00) rejected; her
    // request on 2 Dec is in a new window (admitted); bob's 2 are his own key (admitted).
    let alice = r["by_user"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u[0] == "alice")
        .unwrap()[1]
        .clone();
    assert_eq!(alice["requests"], 9);
    assert_eq!(alice["rejected"], 3);
    assert_eq!(alice["admitted"], 6);
    assert_eq!(r["totals"]["rejected"], 3);
    assert_eq!(r["totals"]["admitted"], 8);
    assert_eq!(r["by_budget"]["user-daily"]["rejected"], 3);
    // Cost by hand: gpt-4o lists $2.50 / $10 per million tokens, so one request is
    // 28 × 2 500 + 172 × 10 000 = 1 790 000 nano-dollars; 8 settled = 14 320 000.
    assert_eq!(r["totals"]["cost_nanos"], 14_320_000);
    assert_eq!(r["totals"]["input_tokens"], 8 * 28);
    assert_eq!(r["totals"]["output_tokens"], 8 * 172);
    // alice's chart reaches the limit on day 1 (5 × 200) and restarts on day 2.
    let s = r["series"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "alice")
        .unwrap();
    let used: Vec<u64> = s["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[1].as_u64().unwrap())
        .collect();
    assert_eq!(used, vec![200, 400, 600, 800, 1000, 200]);
    assert_eq!(s["limit"], 1000);
}

#[test]
fn a_guard_stops_an_agent_session_and_the_html_has_the_chart() {
    let html = std::env::temp_dir().join(format!("tollgate-cli-{}.html", std::process::id()));
    let out = tollgate(&[
        "simulate",
        "--quiet",
        "--json",
        "--config",
        "tests/fixtures/traffic/agent_guards_config.json",
        "--baseline",
        "tests/fixtures/traffic/no_policy_config.json",
        "--html",
        html.to_str().unwrap(),
        "tests/fixtures/traffic/agent_loop.jsonl",
    ]);
    let r = json_of(&out);
    golden("agent_loop.json", &r);
    // By hand (tests/fixtures/transcripts/sql_fix_loop.json, "expected"): the loop is
    // caught between turn 5 and turn 7, by loop_detected (or progress_stalled); the
    // baseline has no guards, so it stops nothing and the new policy rejects the rest of
    // the session (12 turns: the caught turn and every later one).
    let t = &r["terminations"].as_array().unwrap();
    assert_eq!(t.len(), 1);
    let turn = t[0]["turn"].as_u64().unwrap();
    assert_eq!(t[0]["request"].as_u64().unwrap(), turn);
    assert!((5..=7).contains(&turn), "caught at {turn}");
    assert!(["loop_detected", "progress_stalled"].contains(&t[0]["code"].as_str().unwrap()));
    assert_eq!(t[0]["session"], "sess_sqlfix_7f2c91");
    assert_eq!(r["totals"]["rejected"].as_u64().unwrap(), 12 - (turn - 1));
    assert_eq!(r["baseline"]["totals"]["rejected"], 0);
    assert_eq!(
        r["difference"]["sessions_stopped_only_by_new"],
        json!(["sess_sqlfix_7f2c91"])
    );
    let page = std::fs::read_to_string(&html).unwrap();
    let _ = std::fs::remove_file(&html);
    assert!(page.contains("<svg") && page.contains(t[0]["code"].as_str().unwrap()));
}

/// The transcript as recorded traffic: one request per turn at its time, its headers,
/// its provider usage.
fn transcript_traffic(doc: &Value) -> Vec<Recorded> {
    let t0 = 1_796_000_000u64;
    doc["turns"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, turn)| {
            let mut headers = BTreeMap::new();
            for source in [&doc["headers"], &turn["headers"]] {
                if let Some(map) = source.as_object() {
                    for (k, v) in map {
                        headers.insert(k.to_ascii_lowercase(), v.as_str().unwrap_or_default().to_string());
                    }
                }
            }
            Recorded {
                ts: t0 + turn["at_seconds"].as_f64().map_or(i as u64 * 20, |s| s as u64),
                method: "POST".into(),
                path: "/v1/chat/completions".into(),
                headers,
                payload: Payload::Body(serde_json::to_vec(&turn["request"]).unwrap()),
                status: Some(200),
                usage: Some(turn["response_usage"].clone()),
                source: "transcript".into(),
                line: i + 1,
            }
        })
        .collect()
}

#[test]
fn simulate_gives_the_transcripts_their_stated_outcomes() {
    let dir = root().join("tests/fixtures/transcripts");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 8);
    let config = std::fs::read_to_string(root().join("tests/fixtures/guards/replay_config.json")).unwrap();
    let mut failures = Vec::new();
    for path in &files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut replay = Replay::new(Policy::from_json(&config).unwrap());
        let outcomes: Vec<_> = transcript_traffic(&doc).iter().map(|r| replay.run(r)).collect();
        let rep = report::summarise(&outcomes, 10);
        let name = doc["name"].as_str().unwrap();
        let expected = &doc["expected"];
        match (expected["outcome"].as_str().unwrap(), rep.terminations.first()) {
            ("pass", None) => {
                if rep.totals.rejected > 0 {
                    failures.push(format!("{name}: rejected without a guard"));
                }
            }
            ("pass", Some(t)) => failures.push(format!("{name}: false positive at turn {}: {}", t.request, t.code)),
            ("caught", None) => failures.push(format!("{name}: missed")),
            ("caught", Some(t)) => {
                let mut allowed = vec![expected["reason"].as_str().unwrap()];
                allowed.extend(
                    expected["also_acceptable"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str),
                );
                let (lo, hi) = (
                    expected["not_before_turn"].as_u64().unwrap_or(1),
                    expected["caught_by_turn"].as_u64().unwrap(),
                );
                // A transcript is one file, one request per turn: its turn is the request's number.
                if !allowed.contains(&t.code.as_str()) || t.request < lo || t.request > hi {
                    failures.push(format!(
                        "{name}: {} at turn {}, expected {allowed:?} in {lo}..={hi}",
                        t.code, t.request
                    ));
                }
            }
            other => failures.push(format!("{name}: bad expectation {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn bad_traffic_lines_are_reported_with_their_line_numbers() {
    let args = [
        "simulate",
        "--quiet",
        "--json",
        "--config",
        "tests/fixtures/traffic/budget_day_config.json",
        "tests/fixtures/traffic/bad_lines.jsonl",
    ];
    let out = tollgate(&args);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let r = json_of(&out);
    // The file: line 1 and 5 good, 2 malformed JSON, 3 without ts, 4 an images path.
    for want in [
        "bad_lines.jsonl:2: malformed JSON",
        "bad_lines.jsonl:3: missing timestamp",
        "bad_lines.jsonl:4: unknown API path",
    ] {
        assert!(err.contains(want), "{want} not in {err}");
    }
    assert_eq!(r["bad_lines"], 3);
    assert_eq!(r["totals"]["requests"], 2);
    let mut strict = args.to_vec();
    strict.insert(1, "--strict");
    let out = tollgate(&strict);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    // The reader alone: every non-empty line is either good or reported.
    let text = std::fs::read_to_string(fixture("traffic/bad_lines.jsonl")).unwrap();
    let (good, bad) = traffic::read("f", &text, 0);
    assert_eq!(good.iter().map(|g| g.line).collect::<Vec<_>>(), vec![1, 5]);
    assert_eq!(bad.iter().map(|b| b.line).collect::<Vec<_>>(), vec![2, 3, 4]);
}

#[test]
fn check_names_the_field_and_sets_the_exit_status() {
    let bad = std::env::temp_dir().join(format!("tollgate-cli-bad-{}.json", std::process::id()));
    std::fs::write(
        &bad,
        r#"{"budgets": [{"name": "x", "window": "fortnight", "limit": {"tokens": 1}}]}"#,
    )
    .unwrap();
    let out = tollgate(&["check", bad.to_str().unwrap()]);
    let _ = std::fs::remove_file(&bad);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("budgets[0].window"), "{err}");
    let out = tollgate(&["check", "tests/fixtures/traffic/budget_day_config.json"]);
    assert_eq!(out.status.code(), Some(0));
}

/// The committed decision fixture (derived with Python tiktoken) through `count` and
/// `estimate`: the same numbers and verdict.
#[test]
fn count_and_estimate_agree_with_the_decision_fixture() {
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("decisions/daily_preloaded_reject.json")).unwrap())
            .unwrap();
    let dir = std::env::temp_dir().join(format!("tollgate-cli-est-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, v: &Value| {
        let p = dir.join(name);
        std::fs::write(&p, v.to_string()).unwrap();
        p.to_string_lossy().into_owned()
    };
    let config = write("config.json", &doc["config"]);
    let state = write("state.json", &doc["state"]);
    let request = write("request.json", &doc["request"]);
    let body = write("body.json", &doc["request"]["body"]);
    let r = json_of(&tollgate(&[
        "estimate",
        "--config",
        &config,
        "--state",
        &state,
        "--now",
        "1796083200",
        &request,
    ]));
    assert_eq!(r["verdict"], doc["expect"]["verdict"]);
    assert_eq!(r["status"], doc["expect"]["status"]);
    assert_eq!(r["error_code"], doc["expect"]["error_code"]);
    assert_eq!(r["rule"], doc["expect"]["rule"]);
    // Without the read-out, alice has 1000 left: admitted, 29 + 50 = 79 reserved.
    let r = json_of(&tollgate(&[
        "estimate",
        "--config",
        &config,
        "--now",
        "1796083200",
        &request,
    ]));
    assert_eq!(r["verdict"], "allow");
    assert_eq!(r["reserved_tokens"], 79);
    // count: 28 input tokens (derivation: 6 + 11 + 1 + 1 + 9 framing), per message 6+1, 11+1.
    let c = json_of(&tollgate(&[
        "count",
        "--model",
        "gpt-4o",
        "--model",
        "gpt-4o-mini",
        &body,
    ]));
    let models = c["models"].as_array().unwrap();
    assert_eq!(models.len(), 2);
    for m in models {
        assert_eq!(m["input_tokens"], 28, "{m}");
    }
    // gpt-4o: 28 input tokens at $2.50 per million = 70 000 nano-dollars = $0.00007.
    assert_eq!(models[0]["input_usd"], "0.00007");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Access-log lines (counts, no bodies) and a Batch input file in one replay. The access
/// log's own `cost_usd` (written by the filter, examples/README.md) is the oracle for what
/// settling to the logged counts costs: gpt-4o 100 in / 20 out = $0.00045, gpt-4o-mini
/// 1000 in / 200 out = $0.00027.
#[test]
fn access_log_and_batch_lines_replay_with_prices_and_budgets_only() {
    let r = json_of(&tollgate(&[
        "simulate",
        "--quiet",
        "--json",
        "--batch-ts",
        "1796000000",
        "--config",
        "tests/fixtures/traffic/no_policy_config.json",
        "tests/fixtures/traffic/access_log.jsonl",
        "tests/fixtures/traffic/batch_input.jsonl",
    ]));
    let log: Vec<Value> = std::fs::read_to_string(fixture("traffic/access_log.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let alice = r["by_user"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u[0] == "alice")
        .unwrap();
    assert_eq!(alice[1]["cost_usd"], log[0]["cost_usd"]);
    let bob = r["by_user"].as_array().unwrap().iter().find(|u| u[0] == "bob").unwrap();
    assert_eq!(bob[1]["cost_usd"], log[1]["cost_usd"]);
    assert_eq!(bob[1]["input_tokens"], 1000);
    // 3 Batch lines (no user, no usage: settled to the estimate) + 2 log lines.
    assert_eq!(r["totals"]["requests"], 5);
    assert_eq!(r["settled_from_recorded_usage"], 2);
    let notes = r["notes"].to_string();
    assert!(notes.contains("no session guards"), "{notes}");
    assert!(notes.contains("settle to the estimate"), "{notes}");
}

/// A downgrade rule and context trimming on the agent session: every request is for
/// gpt-4o, so all 12 are rerouted to gpt-4o-mini; trimming applies above 2000 input
/// tokens, and the turns the provider reported above 2000 prompt tokens (the recorded
/// usage: 2413, 3111, … 7296 — turns 5 to 12) are 8. Settled to the recorded usage at
/// gpt-4o-mini's $0.15 / $0.60 per million tokens (150 / 600 nano-dollars a token):
/// 42 648 × 150 + 2 493 × 600 = 7 893 000 nano-dollars = $0.007893.
#[test]
fn reroutes_and_trims_are_counted() {
    let r = json_of(&tollgate(&[
        "simulate",
        "--quiet",
        "--json",
        "--config",
        "tests/fixtures/traffic/reroute_trim_config.json",
        "tests/fixtures/traffic/agent_loop.jsonl",
    ]));
    let recorded: Vec<Value> = std::fs::read_to_string(fixture("traffic/agent_loop.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["usage"].clone())
        .collect();
    let above = recorded
        .iter()
        .filter(|u| u["prompt_tokens"].as_u64().unwrap() > 2000)
        .count();
    assert_eq!(above, 8);
    assert_eq!(r["totals"]["rerouted"], 12);
    assert_eq!(r["totals"]["trimmed"], above);
    let input: u64 = recorded.iter().map(|u| u["prompt_tokens"].as_u64().unwrap()).sum();
    let output: u64 = recorded.iter().map(|u| u["completion_tokens"].as_u64().unwrap()).sum();
    assert_eq!(r["totals"]["input_tokens"], input);
    assert_eq!(r["totals"]["cost_usd"], "0.007893");
    assert_eq!(r["totals"]["cost_nanos"], input * 150 + output * 600);
}

/// A configuration with a global budget: the offline tools count it in their own store,
/// preloaded from the quota service's read-out (its `used` and `held` fields).
#[test]
fn estimate_decides_a_global_budget_from_the_services_read_out() {
    let dir = std::env::temp_dir().join(format!("tollgate-cli-global-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config.json");
    std::fs::write(
        &config,
        json!({"global": {"cluster": "quota", "token": "t0ken"},
               "budgets": [{"name": "team-day", "scope": [{"header": "x-team"}], "window": "day",
                            "limit": {"tokens": 1000}, "kind": "hard", "store": "global"}]})
        .to_string(),
    )
    .unwrap();
    let request = dir.join("request.json");
    std::fs::write(
        &request,
        json!({"method": "POST", "path": "/v1/chat/completions", "headers": {"x-team": "blue"},
               "body": {"model": "gpt-4o", "max_tokens": 50, "messages": [{"role": "user", "content": "hi"}]}})
        .to_string(),
    )
    .unwrap();
    let state = dir.join("state.json");
    let run = |used: u64, held: u64| {
        std::fs::write(
            &state,
            json!({"counters": [{"budget": "team-day", "key": ["blue"], "used": used, "held": held}]}).to_string(),
        )
        .unwrap();
        tollgate(&[
            "estimate",
            "--config",
            config.to_str().unwrap(),
            "--state",
            state.to_str().unwrap(),
            request.to_str().unwrap(),
        ])
    };
    let allowed = json_of(&run(0, 0));
    assert_eq!(allowed["verdict"], "allow", "{allowed}");
    let out = run(900, 60);
    let refused: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(refused["verdict"], "reject", "{refused}");
    assert_eq!(refused["rule"], "team-day", "{refused}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `sessions score` over the corpus: every file under the directory appears once, in its
/// half; each verdict follows from the session's own `expected` and the flag's turn by the
/// corpus README's rule (worked out here, not by the scorer); the tables are the sums of
/// the verdicts; a derived run names no given session; errors set the exit status.
#[test]
fn sessions_score_replays_every_corpus_session_and_tables_each_half() {
    let corpus = root().join("tests/fixtures/corpus");
    let mut files = Vec::new();
    for half in ["tuning", "heldout"] {
        for e in std::fs::read_dir(corpus.join(half)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "json") {
                files.push((half, p));
            }
        }
    }
    for derived in [false, true] {
        let mut args = vec![
            "sessions",
            "score",
            "--json",
            "--config",
            "tests/fixtures/guards/replay_config.json",
        ];
        if derived {
            args.push("--derived");
        }
        args.push("tests/fixtures/corpus");
        let v = json_of(&tollgate(&args));
        assert_eq!(v["ids"], if derived { "derived" } else { "given" });
        let sessions = v["sessions"].as_array().unwrap();
        assert_eq!(sessions.len(), files.len());
        let mut tally: BTreeMap<(String, String), u64> = BTreeMap::new();
        for (half, path) in &files {
            let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            let s = sessions
                .iter()
                .find(|s| s["name"] == doc["name"] && s["half"] == *half)
                .unwrap_or_else(|| panic!("{} missing", doc["name"]));
            let e = &doc["expected"];
            let turn = s["flag"]["turn"].as_u64();
            let want = match (e["outcome"].as_str().unwrap(), turn) {
                ("healthy", None) => "healthy ok",
                ("healthy", Some(_)) => "false positive",
                (_, None) => "missed",
                (_, Some(t)) if t < e["loop_begins_turn"].as_u64().unwrap() => "early",
                (_, Some(t)) if t <= e["stop_by_turn"].as_u64().unwrap() => "on time",
                _ => "late",
            };
            assert_eq!(s["verdict"], want, "{}", doc["name"]);
            assert_eq!(s["outcome"], e["outcome"]);
            if let Some(t) = turn {
                assert!(t >= 1 && t as usize <= doc["turns"].as_array().unwrap().len());
                let code = s["flag"]["code"].as_str().unwrap();
                assert!(
                    ["loop_detected", "progress_stalled"].contains(&code),
                    "{}: {code}",
                    doc["name"]
                );
            }
            *tally.entry((half.to_string(), want.to_string())).or_default() += 1;
        }
        let tables = v["tables"].as_array().unwrap();
        assert_eq!(tables.len(), 2);
        for t in tables {
            let half = t["half"].as_str().unwrap().to_string();
            let n = |verdict: &str| tally.get(&(half.clone(), verdict.to_string())).copied().unwrap_or(0);
            assert_eq!(t["on_time"], n("on time"), "{half}");
            assert_eq!(t["late"], n("late"));
            assert_eq!(t["missed"], n("missed"));
            assert_eq!(t["early"], n("early"));
            assert_eq!(t["false_positives"], n("false positive"));
            assert_eq!(
                t["runaway"].as_u64().unwrap() + t["healthy"].as_u64().unwrap(),
                files.iter().filter(|(h, _)| *h == half).count() as u64
            );
        }
    }
    // The text form: a line per session, a SCORE line per half.
    let out = tollgate(&[
        "sessions",
        "score",
        "--config",
        "tests/fixtures/guards/replay_config.json",
        "tests/fixtures/corpus",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().filter(|l| l.starts_with("SCORE ")).count(), 2, "{text}");
    assert_eq!(text.lines().count(), files.len() + 2);
    // Usage errors exit 2; a directory without sessions, or a file that is not one, exit 1.
    let out = tollgate(&[
        "sessions",
        "score",
        "--config",
        "tests/fixtures/guards/replay_config.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = tollgate(&[
        "sessions",
        "score",
        "--config",
        "tests/fixtures/guards/replay_config.json",
        "--spacing",
        "slow",
        "tests/fixtures/corpus",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let dir = std::env::temp_dir().join(format!("tollgate-cli-sessions-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("tuning")).unwrap();
    std::fs::write(dir.join("tuning/broken.json"), r#"{"name": "broken"}"#).unwrap();
    let out = tollgate(&[
        "sessions",
        "score",
        "--config",
        "tests/fixtures/guards/replay_config.json",
        dir.to_str().unwrap(),
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.json"));
}

/// `sessions facts`: one line per turn of every session under the directory, with the
/// session's own expectation; on the Chat-shaped sessions each turn's reading is checked
/// against its request (the wire bytes, parsed here by serde_json, not by the core): the
/// latest assistant message's text and tool calls, and the tool messages after it. A file
/// that is not a session fails the command, naming it.
#[test]
fn sessions_facts_read_each_turn_from_its_request() {
    let dir = root().join("tests/fixtures/corpus_ag/heldout");
    let out = tollgate(&["sessions", "facts", "tests/fixtures/corpus_ag"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (mut turns, mut checked) = (0, 0);
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mine: Vec<&Value> = lines.iter().filter(|l| l["name"] == doc["name"]).collect();
        let requests = doc["turns"].as_array().unwrap();
        assert_eq!(mine.len(), requests.len(), "{}", doc["name"]);
        turns += requests.len();
        for (i, (line, turn)) in mine.iter().zip(requests).enumerate() {
            assert_eq!(line["turn"], i + 1);
            assert_eq!(line["outcome"], doc["expected"]["outcome"]);
            assert_eq!(line["loop_begins_turn"], doc["expected"]["loop_begins_turn"]);
            if doc["path"] != "/v1/chat/completions" {
                continue;
            }
            let messages = turn["request"]["messages"].as_array().unwrap();
            let Some(last) = messages.iter().rposition(|m| m["role"] == "assistant") else {
                assert_eq!(line["assistant_text"], "");
                continue;
            };
            if let Some(text) = messages[last]["content"].as_str() {
                assert_eq!(line["assistant_text"], text, "{} turn {}", doc["name"], i + 1);
            }
            let calls: Vec<Value> = messages[last]["tool_calls"]
                .as_array()
                .map(|c| {
                    c.iter()
                        .map(|c| json!([c["function"]["name"], c["function"]["arguments"]]))
                        .collect()
                })
                .unwrap_or_default();
            assert_eq!(line["tool_calls"], json!(calls), "{} turn {}", doc["name"], i + 1);
            let results: Vec<&Value> = messages[last + 1..]
                .iter()
                .filter(|m| m["role"] == "tool")
                .map(|m| &m["content"])
                .collect();
            assert_eq!(line["tool_results"], json!(results), "{} turn {}", doc["name"], i + 1);
            checked += 1;
        }
    }
    assert_eq!(lines.len(), turns);
    assert!(checked > 50, "only {checked} Chat turns checked");

    let bad = std::env::temp_dir().join(format!("tollgate-facts-{}", std::process::id()));
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(bad.join("not_a_session.json"), "{\"name\": 1}").unwrap();
    let out = tollgate(&["sessions", "facts", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not_a_session.json"));
    let _ = std::fs::remove_dir_all(&bad);
}
