#!/usr/bin/env python3
"""Writes tests/fixtures/corpus_u: an independent, fully held-out agent-session corpus
(author writer-u) for the loop detectors of issue 13.

Stdlib only, deterministic (fixed seeds, no clock, no network).
    python3 scripts/gen_corpus_u.py           # (re)write the corpus
    python3 scripts/gen_corpus_u.py --check   # regenerate in memory, validate, compare to disk

Every style is written by its own function with its own text. Sessions are described once
in a neutral form (inputs and assistant replies) and rendered to the three API shapes.
"""
import hashlib
import json
import os
import random
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "corpus_u")
SHAPES = ("chat", "responses", "anthropic")
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
MODELS = {"chat": ["gpt-4o", "gpt-4.1-mini", "gpt-4.1"], "responses": ["gpt-4.1", "gpt-4o", "gpt-4.1-mini"],
          "anthropic": ["claude-sonnet-4-20250514", "claude-3-7-sonnet-20250219", "claude-sonnet-4-20250514"]}


def j(obj):
    return json.dumps(obj, ensure_ascii=False)


class Session:
    """A session in neutral form: alternating inputs (user text or tool outputs) and replies."""

    def __init__(self, style, kind, system, tools=None, user_id="u-ops", notes="", stateless=False):
        self.style, self.kind, self.system = style, kind, system
        self.tools = tools or {}
        self.user_id, self.notes, self.stateless = user_id, notes, stateless
        self.steps = []  # each: {"at": int, "in": ("user", text) | ("tools", [outputs]), "reply": ...}
        self.expected = {"outcome": "healthy"}

    def runaway(self, begins, stop_by):
        self.expected = {"outcome": "runaway", "loop_begins_turn": begins, "stop_by_turn": stop_by}
        return self

    def user(self, at, text):
        self.steps.append({"at": at, "in": ("user", text), "reply": None})
        return self

    def results(self, at, *outputs):
        self.steps.append({"at": at, "in": ("tools", [o if isinstance(o, str) else j(o) for o in outputs]),
                           "reply": None})
        return self

    def say(self, text):
        self.steps[-1]["reply"] = {"text": text, "calls": []}
        return self

    def call(self, name, args, text=None):
        return self.calls([(name, args)], text)

    def calls(self, calls, text=None):
        self.steps[-1]["reply"] = {"text": text, "calls": list(calls)}
        return self


def make_id(shape, seed, n):
    h = hashlib.sha256(f"{seed}/{n}".encode()).hexdigest()
    if shape == "anthropic":
        return "toolu_01" + h[:22]
    return "call_" + h[:24]


def render(sess, shape, name, idx):
    model = MODELS[shape][idx % 3]
    seed = name
    ids_of_step = []
    n = 0
    for st in sess.steps:
        r = st["reply"]
        ids = []
        if r:
            for _ in r["calls"]:
                n += 1
                ids.append(make_id(shape, seed, n))
        ids_of_step.append(ids)
    turns = []
    hist = []  # shape-specific list of messages / items
    for i, st in enumerate(sess.steps):
        kind, payload = st["in"]
        if sess.stateless:
            hist = []
        # new input
        if kind == "user":
            hist.append({"role": "user", "content": payload})
        else:
            prev_ids = ids_of_step[i - 1]
            if len(prev_ids) != len(payload):
                raise ValueError(f"{name}: step {i + 1} has {len(payload)} outputs for {len(prev_ids)} calls")
            if shape == "chat":
                for cid, out in zip(prev_ids, payload):
                    hist.append({"role": "tool", "tool_call_id": cid, "content": out})
            elif shape == "responses":
                for cid, out in zip(prev_ids, payload):
                    hist.append({"type": "function_call_output", "call_id": cid, "output": out})
            else:
                hist.append({"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": cid, "content": out} for cid, out in zip(prev_ids, payload)]})
        req = build_request(sess, shape, model, list(hist))
        turns.append({"at_seconds": st["at"], "request": req})
        r = st["reply"]
        if r is None:
            if i != len(sess.steps) - 1:
                raise ValueError(f"{name}: step {i + 1} has no reply")
            continue
        ids = ids_of_step[i]
        if shape == "chat":
            m = {"role": "assistant", "content": r["text"]}
            if r["calls"]:
                m["tool_calls"] = [{"id": cid, "type": "function",
                                    "function": {"name": nm, "arguments": j(a)}}
                                   for cid, (nm, a) in zip(ids, r["calls"])]
            hist.append(m)
        elif shape == "responses":
            if r["text"]:
                hist.append({"type": "message", "role": "assistant",
                             "content": [{"type": "output_text", "text": r["text"]}]})
            for cid, (nm, a) in zip(ids, r["calls"]):
                hist.append({"type": "function_call", "call_id": cid, "name": nm, "arguments": j(a)})
        else:
            blocks = []
            if r["text"]:
                blocks.append({"type": "text", "text": r["text"]})
            for cid, (nm, a) in zip(ids, r["calls"]):
                blocks.append({"type": "tool_use", "id": cid, "name": nm, "input": a})
            hist.append({"role": "assistant", "content": blocks})
    return {
        "name": name, "style": sess.style, "shape": shape, "path": PATHS[shape],
        "headers": {"x-session-id": "wu-" + hashlib.sha256(name.encode()).hexdigest()[:16],
                    "x-user-id": sess.user_id},
        "expected": sess.expected, "notes": sess.notes, "turns": turns,
    }


def build_request(sess, shape, model, hist):
    tools = sess.tools
    if shape == "chat":
        req = {"model": model, "messages": [{"role": "system", "content": sess.system}] + hist,
               "temperature": 0.2}
        if tools:
            req["tools"] = [{"type": "function", "function": {"name": k, "description": d, "parameters": p}}
                            for k, (d, p) in tools.items()]
    elif shape == "responses":
        req = {"model": model, "instructions": sess.system, "input": hist, "max_output_tokens": 2048}
        if tools:
            req["tools"] = [{"type": "function", "name": k, "description": d, "parameters": p}
                            for k, (d, p) in tools.items()]
    else:
        req = {"model": model, "system": sess.system, "max_tokens": 2048, "messages": hist}
        if tools:
            req["tools"] = [{"name": k, "description": d, "input_schema": p} for k, (d, p) in tools.items()]
    return req


def schema(**props):
    req = [k for k in props if not k.endswith("_")]
    p = {k.rstrip("_"): ({"type": v} if isinstance(v, str) else v) for k, v in props.items()}
    return {"type": "object", "properties": p, "required": req}


def clock(start, gaps):
    """Cumulative at_seconds from a start and a list of gaps."""
    out, t = [], start
    for g in gaps:
        t += g
        out.append(t)
    return out


# ----------------------------------------------------------------------------------------------
# style 1: air_quality_sensor_network
# ----------------------------------------------------------------------------------------------
AQ_TOOLS = {
    "get_readings": ("Hourly PM2.5/PM10/NO2 readings of one sensor, with the co-located reference if any.",
                     schema(sensor_id="string", hours="integer")),
    "run_calibration": ("Fit a linear correction for a sensor against a reference station.",
                        schema(sensor_id="string", reference="string", window_hours="integer")),
    "open_field_ticket": ("Open a ticket for the field crew.",
                          schema(sensor_id="string", summary="string", priority="string")),
    "calibration_status": ("Status of a calibration batch job.", schema(job_id="string")),
}


def aq_readings(rng, sid, hours, ref=True, base=14.0):
    lines = [f"sensor={sid} unit=ug/m3 tz=Europe/Lisbon", "hour              pm25   pm10   no2   rh%   ref_pm25"]
    for h in range(hours):
        pm = base + rng.uniform(-4, 9) + (6 if 7 <= h % 24 <= 9 else 0)
        refv = f"{pm * 0.81 + rng.uniform(-1.2, 1.2):6.1f}" if ref else "   n/a"
        lines.append(f"2026-11-{3 + h // 24:02d}T{h % 24:02d}:00  {pm:5.1f}  {pm * 1.7 + rng.uniform(0, 5):5.1f}"
                     f"  {18 + rng.uniform(-6, 14):4.1f}  {55 + rng.uniform(-15, 30):4.0f}  {refv}")
    return "\n".join(lines)


def style_air_quality():
    rng = random.Random(101)
    sys_ = ("You are the calibration assistant of the Lisbon municipal air-quality network (412 low-cost "
            "PM/NO2 sensors, 9 reference stations). Use the tools. Never edit raw data. Calibration needs at "
            "least 72 valid co-location hours against a reference station.")
    out = []
    # R1: renamed entities - the same calibration failure under a new run id and a new duplicate ticket each time
    s = Session("air_quality_sensor_network", "runaway", sys_, AQ_TOOLS, "u-lx-env-ops",
                "Reference station REF-ALCANTARA is offline; every calibration attempt fails identically, and the "
                "agent opens a duplicate field ticket each time. Run ids and ticket numbers change, nothing else.")
    s.user(0, "AQ-0412 (Rua da Junqueira) reads about 40% high against the neighbourhood since the filter swap on "
              "Tuesday. Please recalibrate it against REF-ALCANTARA and tell me the new slope/offset.")
    s.call("get_readings", {"sensor_id": "AQ-0412", "hours": 48})
    s.results(6, aq_readings(rng, "AQ-0412", 48, ref=False, base=22))
    s.call("run_calibration", {"sensor_id": "AQ-0412", "reference": "REF-ALCANTARA", "window_hours": 72},
           "The reference column is empty for the last 48 h, but I'll try the calibration; the service may use "
           "its own archive.")
    t = 14
    for k in range(8):
        run = f"cal-{7731 + k * 3}"
        s.results(t, {"run_id": run, "status": "failed", "sensor_id": "AQ-0412",
                      "error": {"code": "INSUFFICIENT_COLOCATION",
                                "message": "reference REF-ALCANTARA has 0 valid hours in window "
                                           "(station offline since 2026-11-02T23:10Z, last heartbeat missing)"},
                      "valid_hours": 0, "required_hours": 72})
        t += 9 + k
        s.call("open_field_ticket", {"sensor_id": "AQ-0412", "priority": "high",
                                     "summary": ["Calibration blocked: REF-ALCANTARA offline, please check the station.",
                                                 "REF-ALCANTARA reference station appears down; calibration of AQ-0412 cannot run.",
                                                 "Reference station offline (REF-ALCANTARA) - needed for AQ-0412 recalibration.",
                                                 "Please inspect REF-ALCANTARA, it has no valid hours; AQ-0412 calibration failed."][k % 4]},
               f"Calibration run {run} failed: the reference has 0 valid hours. I'll ask the field crew to look at the station.")
        s.results(t, {"ticket": f"FT-{22904 + k * 5}", "status": "open", "queue": "field-west",
                      "created": f"2026-11-05T10:{12 + k * 2:02d}:0{k}Z"})
        t += 7
        s.call("run_calibration", {"sensor_id": "AQ-0412", "reference": "REF-ALCANTARA", "window_hours": 72},
               f"Ticket FT-{22904 + k * 5} is open. Let me retry the calibration now.")
    s.runaway(5, 11)
    out.append(s)

    # H1: batch, one long shared instruction, short varying items, the same warning on several sensors
    s = Session("air_quality_sensor_network", "healthy", sys_, AQ_TOOLS, "u-lx-env-ops",
                "Batch QA of the Belem cluster: the same instruction per sensor, and the same humidity warning "
                "legitimately recurs on several different sensors.")
    instr = ("Weekly QA, Belem cluster. For the sensor below: pull 24 h of readings, check (a) completeness >= 90%, "
             "(b) PM2.5/PM10 ratio between 0.3 and 0.9, (c) RH above 85% for more than 6 h (hygroscopic growth "
             "makes PM read high - flag but do NOT recalibrate), (d) NO2 flatline >= 3 h. Answer in one line: "
             "SENSOR | completeness | flags | action.\n\nSensor: ")
    sensors = ["AQ-0301", "AQ-0302", "AQ-0305", "AQ-0306", "AQ-0309", "AQ-0311", "AQ-0314", "AQ-0317", "AQ-0318"]
    humid = {"AQ-0302", "AQ-0306", "AQ-0311", "AQ-0317"}
    t = 0
    for n, sid in enumerate(sensors):
        s.user(t, instr + sid)
        s.call("get_readings", {"sensor_id": sid, "hours": 24})
        t += 5
        s.results(t, aq_readings(rng, sid, 24, base=10 + n))
        comp = 100 - (n * 7) % 9
        if sid in humid:
            s.say(f"{sid} | {comp}% | RH>85% for {7 + n % 5} h overnight (hygroscopic growth, PM inflated "
                  f"01:00-0{7 + n % 3}:00) | flag only, no recalibration")
        elif n == 7:
            s.say(f"{sid} | {comp}% | NO2 flatline 14:00-18:00 (value 0.0) | open field ticket: likely NO2 cell fault")
        else:
            s.say(f"{sid} | {comp}% | none | no action")
        t += 40 + n * 3
    s.user(t, instr + "AQ-0320")
    out.append(s)

    # R2: cycle of period 3 (readings -> calibrate -> readings) with a drifting counter in the dump
    s = Session("air_quality_sensor_network", "runaway", sys_, AQ_TOOLS, "u-lx-ana",
                "Period-3 cycle: read sensor, calibrate (result rejected: R^2 too low because of the fog "
                "episode), re-read with the same window. Only timestamps and a sample counter tick.")
    s.user(0, "Can you get AQ-0977 (Parque das Nacoes) calibrated against REF-OLIVAIS today? Use the default 72 h.")
    t = 0
    for k in range(6):
        t += 5
        s.call("get_readings", {"sensor_id": "AQ-0977", "hours": 72},
               None if k == 0 else "The fit was rejected. Let me look at the readings again.")
        s.results(t, aq_readings(random.Random(977), "AQ-0977", 30, base=18) +
                  f"\n-- fetched 2026-11-06T09:{14 + 4 * k:02d}Z, samples_total={181204 + 37 * k}")
        t += 8
        s.call("run_calibration", {"sensor_id": "AQ-0977", "reference": "REF-OLIVAIS", "window_hours": 72},
               "The co-location data looks complete; running the calibration over 72 h.")
        s.results(t, {"run_id": f"cal-{8120 + k}", "status": "rejected", "slope": 0.62, "offset": 4.1,
                      "r2": 0.41, "reason": "r2 below 0.75 acceptance threshold; fog episode 2026-11-04 "
                                            "(RH 97-100%) dominates window"})
        t += 6
        s.call("calibration_status", {"job_id": f"cal-{8120 + k}"},
               "R^2 is 0.41, below 0.75. Checking the job details.")
        s.results(t, {"job_id": f"cal-{8120 + k}", "state": "done", "accepted": False,
                      "checked_at": f"2026-11-06T09:{16 + 4 * k:02d}:3{k}Z"})
    s.steps[-1]["reply"] = None
    s.runaway(6, 12)
    out.append(s)

    # H2: poller whose numbers move, then finishes
    s = Session("air_quality_sensor_network", "healthy", sys_, AQ_TOOLS, "u-lx-ana",
                "A network-wide recalibration batch job polled every few minutes; progress, counts and ETA "
                "change every poll and the job completes.")
    s.user(0, "I've started the quarterly network recalibration (job q4-recal-2026). Keep an eye on it and tell me "
              "when it finishes and how many sensors failed.")
    s.call("calibration_status", {"job_id": "q4-recal-2026"})
    prog = [(3, 12, 0, "41m"), (11, 45, 1, "37m"), (22, 91, 2, "31m"), (34, 140, 2, "26m"), (47, 194, 4, "20m"),
            (58, 239, 5, "16m"), (71, 292, 6, "11m"), (83, 342, 6, "6m"), (95, 391, 7, "1m"), (100, 412, 7, "0m")]
    t = 4
    for n, (pct, done, failed, eta) in enumerate(prog):
        st = {"job_id": "q4-recal-2026", "state": "running" if pct < 100 else "succeeded", "progress_pct": pct,
              "sensors_done": done, "sensors_total": 412, "sensors_failed": failed, "eta": eta}
        s.results(t, st)
        if pct < 100:
            s.call("calibration_status", {"job_id": "q4-recal-2026"},
                   f"{pct}% ({done}/412), {failed} failed so far, ETA {eta}. I'll check again in a few minutes.")
            t += 240 + (n * 37) % 90
    s.say("Job q4-recal-2026 finished: 412/412 processed, 7 failed (listed in the job report).")
    s.user(t + 300, "Great. Which of the 7 failures are on the river front?")
    out.append(s)
    return out


# ----------------------------------------------------------------------------------------------
# style 2: rust_borrowck_fixer
# ----------------------------------------------------------------------------------------------
RS_TOOLS = {
    "cargo_check": ("Run `cargo check` (or clippy) in the workspace and return the output.",
                    schema(package_="string", clippy_="boolean")),
    "cargo_test": ("Run `cargo test` with an optional filter.", schema(package_="string", filter_="string")),
    "read_file": ("Read a file of the repository.", schema(path="string")),
    "apply_edit": ("Replace an exact snippet in a file.", schema(path="string", old="string", new="string")),
}

E0502 = """error[E0502]: cannot borrow `self.sessions` as mutable because it is also borrowed as immutable
   --> crates/relay/src/pool.rs:88:13
    |
84  |         let cfg = self.sessions.get(&key).map(|s| &s.config);
    |                   ------------- immutable borrow occurs here
...
88  |             self.sessions.insert(key.clone(), Session::new(cfg.cloned().unwrap_or_default()));
    |             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ mutable borrow occurs here
...
91  |         cfg
    |         --- immutable borrow later used here

For more information about this error, try `rustc --explain E0502`.
error: could not compile `relay` (lib) due to 1 previous error"""

RS_HEAD = "    Checking relay v0.7.2 (/home/dev/relay/crates/relay)\n"


def style_rust():
    sys_ = ("You are a Rust coding agent working in the `relay` workspace (a connection-pooling proxy). Fix "
            "compile errors with minimal edits, keep behaviour identical, run `cargo check` after each edit "
            "and `cargo test` before you finish. Do not add `unsafe` or `.clone()` of the whole map.")
    out = []
    # R1: alternating edits A/B, each check failing with the same E0502
    s = Session("rust_borrowck_fixer", "runaway", sys_, RS_TOOLS, "u-dev-marta",
                "Alternates between two edits (scoping the borrow with a block / switching to entry API with the "
                "borrow still alive); cargo check fails with the same E0502 after each.")
    s.user(0, "`cargo check` fails on main after my pool refactor (E0502 in pool.rs). Can you fix it?")
    s.call("cargo_check", {"package": "relay"})
    s.results(20, RS_HEAD + E0502)
    s.call("read_file", {"path": "crates/relay/src/pool.rs"})
    s.results(24, """use std::collections::HashMap;

use crate::session::{Session, SessionConfig};

pub struct Pool {
    sessions: HashMap<String, Session>,
    limit: usize,
}

impl Pool {
    pub fn new(limit: usize) -> Self {
        Self { sessions: HashMap::new(), limit }
    }

    // ... (lines 15-80 omitted by tool: 66 lines)

    pub fn checkout(&mut self, key: &str) -> Option<&SessionConfig> {
        let key = key.to_string();
        let cfg = self.sessions.get(&key).map(|s| &s.config);
        if self.sessions.len() >= self.limit {
            return None;
        }
        if cfg.is_none() {
            self.sessions.insert(key.clone(), Session::new(cfg.cloned().unwrap_or_default()));
        }
        self.sessions.get(&key).map(|s| &s.config);
        cfg
    }
}
""")
    edit_a = ("crates/relay/src/pool.rs",
              "let cfg = self.sessions.get(&key).map(|s| &s.config);",
              "let cfg = { self.sessions.get(&key).map(|s| &s.config) };")
    edit_b = ("crates/relay/src/pool.rs",
              "if cfg.is_none() {\n            self.sessions.insert(key.clone(), Session::new(cfg.cloned().unwrap_or_default()));\n        }",
              "if cfg.is_none() {\n            self.sessions.entry(key.clone()).or_insert_with(|| Session::new(cfg.cloned().unwrap_or_default()));\n        }")
    texts_a = ["Scoping the immutable borrow in its own block so it ends before the insert.",
               "Let me limit the lifetime of the `get` borrow with a block expression.",
               "I'll wrap the lookup in a block so the shared borrow is dropped earlier.",
               "Putting the `get` into an inner scope so its borrow ends before we mutate."]
    texts_b = ["Using the entry API instead of insert should avoid the conflicting borrow.",
               "Switching to `entry().or_insert_with` to sidestep the second borrow.",
               "The entry API takes the map mutably once; that should satisfy the borrow checker.",
               "Trying `entry(..).or_insert_with(..)` so there is a single mutable access."]
    t = 30
    for k in range(8):
        e = edit_a if k % 2 == 0 else edit_b
        s.call("apply_edit", {"path": e[0], "old": e[1], "new": e[2]}, (texts_a if k % 2 == 0 else texts_b)[k // 2])
        s.results(t, {"ok": True, "path": e[0], "replacements": 1})
        t += 6
        s.call("cargo_check", {"package": "relay"})
        s.results(t + 18, RS_HEAD + E0502)
        t += 40
    s.steps[-1]["reply"] = {"text": "Still E0502. Reverting to the block approach.", "calls": [
        ("apply_edit", {"path": edit_a[0], "old": edit_a[1], "new": edit_a[2]})]}
    s.runaway(7, 13)
    out.append(s)

    # H1: tests fail differently each run, then pass
    s = Session("rust_borrowck_fixer", "healthy", sys_, RS_TOOLS, "u-dev-ken",
                "Each cargo check/test run fails differently (E0499, then E0716, then a test assertion, then a "
                "clippy lint) as the fix progresses; finally everything passes.")
    s.user(0, "Please make `Pool::drain_idle` compile; it's the last thing blocking the 0.8 release.")
    s.call("cargo_check", {"package": "relay"})
    runs = [
        """error[E0499]: cannot borrow `*self` as mutable more than once at a time
   --> crates/relay/src/pool.rs:131:17
    |
127 |         for (k, s) in self.sessions.iter_mut() {
    |                       ------------------------ first mutable borrow occurs here
131 |                 self.evict(k);
    |                 ^^^^ second mutable borrow occurs here""",
        """error[E0716]: temporary value dropped while borrowed
   --> crates/relay/src/pool.rs:126:24
    |
126 |         let idle: Vec<&String> = self.sessions.iter().filter(|(_, s)| s.idle()).map(|(k, _)| k).collect::<Vec<_>>().iter().copied().collect();
    |                                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ creates a temporary value which is freed while still in use""",
        """error[E0382]: borrow of moved value: `idle`
   --> crates/relay/src/pool.rs:133:9
    |
126 |         let idle: Vec<String> = self.sessions.iter().filter(|(_, s)| s.idle()).map(|(k, _)| k.clone()).collect();
    |             ---- move occurs because `idle` has type `Vec<String>`, which does not implement the `Copy` trait
127 |         for k in idle {
    |                  ---- `idle` moved due to this implicit call to `.into_iter()`
133 |         idle.len()
    |         ^^^^ value borrowed here after move""",
    ]
    edits = [
        ("Collect the idle keys first, then evict in a second loop.", "for (k, s) in self.sessions.iter_mut() {",
         "let idle: Vec<&String> = self.sessions.iter().filter(|(_, s)| s.idle()).map(|(k, _)| k).collect();\n        for k in idle {"),
        ("Own the keys (clone the Strings, not the map) so no borrow of self survives.", "Vec<&String>", "Vec<String>"),
        ("Count before consuming the vector.", "for k in idle {", "let n = idle.len();\n        for k in idle {"),
    ]
    t = 25
    for k in range(3):
        s.results(t, RS_HEAD + runs[k] + "\n\nerror: could not compile `relay` (lib) due to 1 previous error")
        msg, o, n = edits[k]
        s.call("apply_edit", {"path": "crates/relay/src/pool.rs", "old": o, "new": n}, msg)
        t += 30
        s.results(t, {"ok": True, "replacements": 1})
        s.call("cargo_check", {"package": "relay"})
        t += 22
    s.results(t, RS_HEAD + "warning: unused variable: `s`\n   --> crates/relay/src/pool.rs:127:17\n    Finished `dev` profile [unoptimized + debuginfo] target(s) in 3.41s")
    s.call("cargo_test", {"package": "relay", "filter": "pool"}, "Compiles. Running the pool tests.")
    t += 60
    s.results(t, """running 6 tests
test pool::tests::checkout_respects_limit ... ok
test pool::tests::drain_idle_keeps_busy ... ok
test pool::tests::drain_idle_returns_count ... FAILED
test pool::tests::evict_unknown_is_noop ... ok
test pool::tests::new_pool_is_empty ... ok
test pool::tests::reuse_same_key ... ok

failures:

---- pool::tests::drain_idle_returns_count stdout ----
thread 'pool::tests::drain_idle_returns_count' panicked at crates/relay/src/pool.rs:201:9:
assertion `left == right` failed
  left: 3
 right: 2
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace

test result: FAILED. 5 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.02s""")
    s.call("read_file", {"path": "crates/relay/src/session.rs"},
           "The count includes a session that `evict` refuses to drop (it has in-flight requests). Checking `idle()`.")
    t += 15
    s.results(t, "impl Session {\n    pub fn idle(&self) -> bool {\n        self.last_used.elapsed() > IDLE_AFTER\n    }\n    pub fn in_flight(&self) -> usize { self.in_flight }\n}\n")
    s.call("apply_edit", {"path": "crates/relay/src/pool.rs", "old": "filter(|(_, s)| s.idle())",
                          "new": "filter(|(_, s)| s.idle() && s.in_flight() == 0)"},
           "`idle()` ignores in-flight requests; drain should only count sessions it can actually evict.")
    t += 20
    s.results(t, {"ok": True, "replacements": 1})
    s.call("cargo_test", {"package": "relay", "filter": "pool"})
    t += 55
    s.results(t, "running 6 tests\n......\ntest result: ok. 6 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.02s")
    s.say("Fixed: drain_idle now collects owned keys of sessions that are idle and have no in-flight requests, "
          "then evicts them and returns the count. cargo check clean, 6/6 pool tests pass.")
    s.user(t + 400, "Thanks! Can you also run clippy on it?")
    out.append(s)

    # R2: the same panic buried deep in a long, varying test log that grows each run
    s = Session("rust_borrowck_fixer", "runaway", sys_, RS_TOOLS, "u-dev-ken",
                "Each full test run prints ~20-35 KB of varied output (different test order, timings, log lines) "
                "but the same panic in tls::handshake_resumes at the same line; the agent keeps re-running.")
    s.user(0, "CI is red on the tls branch, `cargo test` panics somewhere in the handshake tests. Please find and fix.")
    s.call("cargo_test", {"package": "relay"})
    rng = random.Random(202)
    mods = ["pool", "codec", "router", "limits", "metrics", "config", "tls", "retry", "health", "admin"]
    t = 0
    for k in range(13):
        t += 95 + rng.randint(0, 40)
        lines = [f"   Compiling relay v0.7.2 (/home/dev/relay/crates/relay)",
                 f"    Finished `test` profile [unoptimized + debuginfo] target(s) in {20 + rng.random() * 15:.2f}s",
                 f"     Running unittests src/lib.rs (target/debug/deps/relay-{rng.getrandbits(64):016x})", ""]
        names = [f"{m}::tests::{v}_{n}" for m in mods for v in ("parses", "rejects", "roundtrip", "limits", "evicts") for n in range(1 + k // 4)]
        rng.shuffle(names)
        lines.append(f"running {len(names)} tests")
        for nm in names:
            lines.append(f"test {nm} ... ok")
            if rng.random() < 0.15:
                lines.append(f"[2026-11-05T14:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z DEBUG relay::{nm.split(':')[0]}] "
                             f"conn={rng.randint(1000, 9999)} bytes={rng.randint(10, 90000)} elapsed={rng.randint(1, 400)}us")
        pos = len(lines) * 2 // 3
        lines.insert(pos, "test tls::tests::handshake_resumes ... FAILED")
        lines += ["", "failures:", "", "---- tls::tests::handshake_resumes stdout ----",
                  "thread 'tls::tests::handshake_resumes' panicked at crates/relay/src/tls.rs:212:41:",
                  "called `Option::unwrap()` on a `None` value: session ticket store empty after first handshake",
                  "", f"test result: FAILED. {len(names)} passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in {1 + rng.random():.2f}s"]
        s.results(t, "\n".join(lines))
        if k == 0:
            s.call("read_file", {"path": "crates/relay/src/tls.rs"},
                   "handshake_resumes panics at tls.rs:212 - the ticket store is empty. Reading the file.")
            t += 10
            s.results(t, "    fn store_ticket(&self, t: Ticket) {\n        let mut g = self.tickets.lock();\n        if g.len() > MAX_TICKETS { g.pop_front(); }\n        // TODO: push\n    }\n")
            s.call("apply_edit", {"path": "crates/relay/src/tls.rs", "old": "        // TODO: push\n", "new": "        g.push_back(t);\n"},
                   "store_ticket never pushes. Adding the push.")
            t += 15
            s.results(t, {"ok": False, "error": "old snippet not found in crates/relay/src/tls.rs (file changed on disk? 0 matches)"})
        s.call("cargo_test", {"package": "relay"},
               ["The edit did not apply; let me re-run the suite to see the current state.",
                "Re-running the tests to get the latest failure.",
                "Let me run the full test suite again.",
                "Running cargo test once more to check.",
                None][min(k, 4)])
    s.runaway(5, 10)
    out.append(s)

    # H2: iterative clippy cleanup, near-identical boilerplate output, a small real change each time
    s = Session("rust_borrowck_fixer", "healthy", sys_, RS_TOOLS, "u-dev-marta",
                "Clippy pedantic cleanup: each clippy run is mostly the same boilerplate with one warning fewer; "
                "small edits, steady progress, finishes clean.")
    s.user(0, "Before release, get `cargo clippy -p relay` to zero warnings. Small, behaviour-preserving edits only.")
    warns = [
        ("needless_borrow", "crates/relay/src/router.rs:44:28", "&route.name", "route.name", "this expression creates a reference which is immediately dereferenced by the compiler"),
        ("redundant_clone", "crates/relay/src/pool.rs:97:41", "key.clone()", "key", "redundant clone"),
        ("manual_map", "crates/relay/src/config.rs:118:9", "match x { Some(v) => Some(v.port), None => None }", "x.map(|v| v.port)", "manual implementation of `Option::map`"),
        ("len_zero", "crates/relay/src/codec.rs:61:12", "buf.len() == 0", "buf.is_empty()", "length comparison to zero"),
        ("single_char_pattern", "crates/relay/src/admin.rs:23:30", 'split(":")', "split(':')", "single-character string constant used as pattern"),
        ("needless_return", "crates/relay/src/health.rs:70:9", "return Ok(status);", "Ok(status)", "unneeded `return` statement"),
        ("map_unwrap_or", "crates/relay/src/limits.rs:35:17", "map(|l| l.max).unwrap_or(64)", "map_or(64, |l| l.max)", "called `map(<f>).unwrap_or(<a>)` on an `Option` value"),
    ]
    s.call("cargo_check", {"package": "relay", "clippy": True})
    t = 30
    for k in range(len(warns) + 1):
        rest = warns[k:]
        body = RS_HEAD.replace("Checking", "Checking") + "".join(
            f"warning: {w[4]}\n  --> {w[1]}\n   |\n   = help: for further information visit https://rust-lang.github.io/rust-clippy/master/index.html#{w[0]}\n   = note: `#[warn(clippy::{w[0]})]` on by default\n\n"
            for w in rest)
        body += (f"warning: `relay` (lib) generated {len(rest)} warnings\n" if rest else "") + \
            f"    Finished `dev` profile [unoptimized + debuginfo] target(s) in {2 + (k * 0.37) % 1:.2f}s"
        s.results(t, body)
        if not rest:
            break
        w = rest[0]
        s.call("apply_edit", {"path": w[1].split(":")[0], "old": w[2], "new": w[3]},
               f"{len(rest)} warnings left. Fixing clippy::{w[0]} at {w[1]}.")
        t += 20
        s.results(t, {"ok": True, "replacements": 1})
        s.call("cargo_check", {"package": "relay", "clippy": True})
        t += 35
    s.call("cargo_test", {"package": "relay"}, "Clippy is clean. Running the tests to confirm no behaviour change.")
    s.results(t + 70, "running 148 tests\ntest result: ok. 148 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 1.94s")
    s.say("Done: 7 clippy warnings fixed in 7 one-line edits, clippy clean, 148/148 tests pass.")
    out.append(s)
    return out


# ----------------------------------------------------------------------------------------------
# style 3: parcel_locker_ops
# ----------------------------------------------------------------------------------------------
PL_TOOLS = {
    "locker_status": ("Status of a locker bank or one compartment.", schema(locker_id="string", compartment_="string")),
    "door_command": ("Send a door command (open, close, unlock_service) to a compartment.",
                     schema(locker_id="string", compartment="string", command="string")),
    "courier_api": ("Courier dispatch API: assign, reassign or cancel a pickup.",
                    schema(action="string", parcel_id="string", courier_id_="string")),
}


def style_parcel():
    sys_ = ("You are the night-shift operations agent for a parcel-locker network (1,840 banks). Resolve "
            "faults with the tools; escalate to a human technician when a fault needs a site visit.")
    out = []
    # R1: polling a jammed door that never changes (only the timestamp/uptime ticks)
    s = Session("parcel_locker_ops", "runaway", sys_, PL_TOOLS, "u-noc-night",
                "Door C14 is mechanically jammed; the agent polls locker_status forever waiting for it to "
                "close. Only the timestamp and uptime counter change.")
    s.user(0, "Alert: PL-PORTO-0087 compartment C14 reports door open for 25 min with no parcel event. Customer "
              "collected at 02:11. Please get the door closed.")
    s.call("door_command", {"locker_id": "PL-PORTO-0087", "compartment": "C14", "command": "close"})
    s.results(4, {"accepted": True, "command_id": "dc-55120", "note": "actuator engaged"})
    s.call("locker_status", {"locker_id": "PL-PORTO-0087", "compartment": "C14"},
           "Close command accepted. Checking the door state.")
    t = 4
    for k in range(16):
        t += 30 if k < 4 else 60
        s.results(t, {"locker_id": "PL-PORTO-0087", "compartment": "C14", "door": "OPEN", "latch": "FAULT_JAMMED",
                      "sensor": "reed=open hall=open", "last_event": "2026-11-07T02:11:40Z pickup",
                      "controller_uptime_s": 812340 + t, "ts": f"2026-11-07T02:{38 + t // 60 % 20:02d}:{t % 60:02d}Z"})
        s.call("locker_status", {"locker_id": "PL-PORTO-0087", "compartment": "C14"},
               "Still open with a jammed latch. Waiting a bit and checking again." if k % 2 == 0 else
               "No change yet; the actuator may need more time. Polling again.")
    s.steps[-1]["reply"] = None
    s.runaway(4, 12)
    out.append(s)

    # H1: 429/503 backoff that eventually succeeds
    s = Session("parcel_locker_ops", "healthy", sys_, PL_TOOLS, "u-noc-night",
                "The courier API is rate limited (429) and then briefly unavailable (503); the agent backs off "
                "(10 s, 30 s, 90 s, 4 min) and the calls succeed; all three parcels reassigned.")
    s.user(0, "Courier CR-4471 called in sick. Reassign his three pickups (PX-90211, PX-90214, PX-90230) from "
              "PL-LIS-0412 to whoever is free in the Lisbon-East pool.")
    s.call("courier_api", {"action": "reassign", "parcel_id": "PX-90211"})
    seq = [(0, 429, "rate limit exceeded: 60 requests/min per client, retry-after: 10"),
           (10, 429, "rate limit exceeded: 60 requests/min per client, retry-after: 30"),
           (30, 503, "upstream dispatch-db failover in progress"),
           (90, 200, None)]
    t = 3
    for pid in ("PX-90211", "PX-90214", "PX-90230"):
        for gap, code, msg in (seq if pid == "PX-90211" else ([(0, 503, "upstream dispatch-db failover in progress"), (240, 200, None)] if pid == "PX-90214" else [(0, 200, None)])):
            t += gap + 2
            if code == 200:
                nxt = {"PX-90211": "PX-90214", "PX-90214": "PX-90230"}.get(pid)
                s.results(t, {"status": 200, "parcel_id": pid, "courier_id": {"PX-90211": "CR-3319", "PX-90214": "CR-5120", "PX-90230": "CR-3319"}[pid],
                              "pickup_window": "08:00-10:00"})
                if nxt:
                    s.call("courier_api", {"action": "reassign", "parcel_id": nxt}, f"{pid} reassigned. Next: {nxt}.")
            else:
                s.results(t, {"status": code, "error": msg})
                s.call("courier_api", {"action": "reassign", "parcel_id": pid},
                       f"Got {code}; backing off before retrying {pid}.")
    s.say("All three pickups reassigned: PX-90211 and PX-90230 to CR-3319, PX-90214 to CR-5120, window 08:00-10:00.")
    s.user(t + 600, "Thanks. Did the customers get the new window by SMS?")
    out.append(s)

    # R2: retrying a permanently failing call (403, account suspended)
    s = Session("parcel_locker_ops", "runaway", sys_, PL_TOOLS, "u-noc-day",
                "The courier account is suspended (403) for every action; the agent retries the same assignment "
                "with slightly different arguments forever instead of escalating.")
    s.user(0, "Parcel PX-71002 is stuck in PL-BRAGA-0019 C03 for 5 days (return to sender). Book a courier pickup.")
    s.call("locker_status", {"locker_id": "PL-BRAGA-0019", "compartment": "C03"})
    s.results(3, {"compartment": "C03", "door": "CLOSED", "parcel": "PX-71002", "state": "RETURN_PENDING", "days": 5})
    s.call("courier_api", {"action": "assign", "parcel_id": "PX-71002"}, "Parcel is in place. Booking a return pickup.")
    t = 3
    cids = [None, "CR-2001", None, "CR-2001", "CR-1180", None, "CR-2001", None, "CR-1180", None, "CR-2001", None]
    for k, cid in enumerate(cids):
        t += 8 + k * 2
        s.results(t, {"status": 403, "error": {"code": "ACCOUNT_SUSPENDED", "message": "client account nightops-svc "
                      "is suspended for region NORTE (billing hold #BH-2231). Contact account management."}})
        args = {"action": "assign" if k % 3 else "reassign", "parcel_id": "PX-71002"}
        nxt = cids[k + 1] if k + 1 < len(cids) else None
        if nxt:
            args["courier_id"] = nxt
        s.call("courier_api", args, ["Forbidden. Let me retry with an explicit courier.", "Trying again with reassign instead.",
                                     "Retrying the booking.", "The API refused again; one more attempt."][k % 4])
    s.runaway(4, 9)
    out.append(s)

    # H2: a flow that legitimately revisits the same screens/states
    s = Session("parcel_locker_ops", "healthy", sys_, PL_TOOLS, "u-noc-day",
                "Bank maintenance: for each of six compartments the agent checks status, unlocks for service, "
                "re-checks, closes - the same states visited again and again, each compartment different.")
    s.user(0, "Technician Rui is at PL-LIS-0007 replacing door seals on C01-C06. Unlock each for service one at "
              "a time when he asks, and confirm it is closed and empty afterwards.")
    s.call("locker_status", {"locker_id": "PL-LIS-0007"})
    s.results(5, {"locker_id": "PL-LIS-0007", "mode": "MAINTENANCE", "compartments": {
        f"C0{i}": {"door": "CLOSED", "parcel": None} for i in range(1, 7)}})
    s.say("All six compartments are closed and empty; the bank is in maintenance mode. Tell me when Rui is ready for C01.")
    t = 5
    for i in range(1, 6):
        t += 120 + i * 41
        s.user(t, f"Rui: ready for C0{i}" + (" (C0%d done, seal fitted)" % (i - 1) if i > 1 else ""))
        s.call("door_command", {"locker_id": "PL-LIS-0007", "compartment": f"C0{i}", "command": "unlock_service"})
        t += 3
        s.results(t, {"accepted": True, "command_id": f"dc-{60300 + i * 7}", "door": "OPEN"})
        s.say(f"C0{i} is unlocked for service.")
    t += 300
    s.user(t, "Rui: all done, C06 not needed (seal is fine). Closing up.")
    s.call("locker_status", {"locker_id": "PL-LIS-0007"})
    s.results(t + 4, {"locker_id": "PL-LIS-0007", "mode": "MAINTENANCE", "compartments": {
        f"C0{i}": {"door": "CLOSED", "parcel": None, "seal_cycles": 0 if i < 6 else 18234} for i in range(1, 7)}})
    s.say("All closed and empty; C01-C05 report fresh seals. Shall I take the bank out of maintenance mode?")
    s.user(t + 90, "Yes please.")
    out.append(s)
    return out


# ----------------------------------------------------------------------------------------------
# style 4: thesis_advisor_chat (tool-less)
# ----------------------------------------------------------------------------------------------
CHAPTER = """Chapter 4. Groundwater recharge under managed aquifer recharge (MAR) in the Tejo alluvial basin

4.1 Introduction
Managed aquifer recharge has been proposed for the lower Tejo as a way to buffer the summer drawdown of the
alluvial aquifer, which supplies 38% of irrigation water in the Leziria. This chapter quantifies recharge at
the two pilot infiltration basins (Muge and Salvaterra) over three hydrological years (2021-2024), compares
three estimation methods - water-table fluctuation (WTF), chloride mass balance (CMB) and a calibrated
MODFLOW-NWT model - and discusses why they disagree by up to a factor of two.

4.2 Study sites and data
The Muge basin (2.1 ha) receives diverted river water from October to March; the Salvaterra basin (1.4 ha)
receives treated wastewater effluent year-round. Piezometers P1-P14 log hourly heads (Solinst Levelogger 5,
barometric correction with a co-located Barologger). Infiltration volumes come from the electromagnetic flow
meters at the inlet gates, with a stated uncertainty of 2%. Chloride was sampled monthly in rain (n=36),
inflow (n=36) and at the water table in P3, P7 and P11 (n=108).

4.3 Methods
4.3.1 Water-table fluctuation. Recharge R = Sy * dh/dt, with specific yield Sy from the pumping test of 2019
(Sy = 0.12, range 0.08-0.17). The recession was extrapolated with the master recession curve method.
4.3.2 Chloride mass balance. R = (P*Cl_p + I*Cl_i) / Cl_gw, assuming steady state and no other chloride
sources. Dry deposition was not measured and was taken from the national network (0.9 kg/ha/yr).
4.3.3 Numerical model. MODFLOW-NWT, 50 m grid, 4 layers, calibrated with PEST on heads of 2021-22 and
validated on 2022-24 (RMSE 0.31 m). Basin recharge was represented with the RCH package.

4.4 Results
Table 4.2 summarises annual recharge. WTF gives 1,840 mm/yr at Muge and 2,310 mm/yr at Salvaterra; CMB
gives 960 and 1,410 mm/yr; the model gives 1,520 and 1,980 mm/yr. Infiltration volumes metered at the gates
correspond to 1,700 and 2,150 mm/yr. The WTF estimate is most sensitive to Sy: with the range 0.08-0.17 it
spans 1,230-2,610 mm/yr at Muge. CMB underestimates in every year, most in 2022-23, when the inflow chloride
rose from 31 to 58 mg/L during the drought.

4.5 Discussion
The disagreement between methods is largely explained by three factors. First, Sy is poorly constrained in a
layered alluvium where the water table moves across a silt lens at 4-6 m depth. Second, the CMB steady-state
assumption fails for a basin operated for only three years; the unsaturated zone has not flushed the
pre-MAR chloride. Third, the model lumps the clogging layer into the RCH flux and so cannot represent the
decline of infiltration capacity over each season (from 0.9 to 0.3 m/d at Muge).

4.6 Conclusions
Metered infiltration bounds the recharge from above; the numerical model is closest to it (within 11%).
WTF should not be used at these sites without site-specific Sy; CMB needs a longer record.
"""
REVIEWS = """Reviewer 1 (Prof. Almeida): The comparison is useful but the chapter never states which estimate you
recommend to the water authority. Also Table 4.2 lacks uncertainty bounds.
Reviewer 2 (Dr. Okafor): My main concern is 4.5, second factor. If the unsaturated zone has not flushed, the
CMB should OVERestimate chloride at the water table early on and therefore UNDERestimate recharge - you say
this, fine - but you then use CMB in the conclusions as if it were a bound. Please either quantify the
transient (e.g. with a simple piston-flow travel time: depth 5 m, moisture 0.25, flux 1.5 m/yr gives <1 yr,
which contradicts your argument) or drop the claim. As written, 4.5 is internally inconsistent.
Reviewer 3 (Dr. Ferreira): Minor: define Sy at first use; 'factor of two' in 4.1 vs 'up to 2.4x' in Table 4.2."""


def style_thesis():
    sys_ = ("You are a patient academic writing advisor helping a PhD student in hydrogeology revise a thesis "
            "chapter. Be concrete; propose wording; do not invent data.")
    out = []
    # R1: paraphrase - the same rejected revision of 4.5 reworded again and again
    s = Session("thesis_advisor_chat", "runaway", sys_, None, "u-phd-ines",
                "The assistant keeps proposing the same revision of section 4.5 (soften the wording, add 'may') in "
                "new words; the student keeps pointing out it ignores Reviewer 2's travel-time calculation.")
    s.user(0, "Here is my chapter and the reviews. Help me answer Reviewer 2 first.\n\n" + CHAPTER + "\n\n" + REVIEWS)
    versions = [
        "Suggested revision of the second factor in 4.5: \"Second, the CMB steady-state assumption may not fully hold for a basin operated for only three years, as the unsaturated zone may not yet have flushed the pre-MAR chloride.\" This softens the claim and acknowledges uncertainty, which should satisfy Reviewer 2.",
        "Try this for 4.5: \"Second, the steady-state premise of the CMB might be only partly satisfied after three years of operation; residual pre-MAR chloride in the vadose zone could still be present.\" The hedged language addresses the reviewer's concern about overstatement.",
        "A possible rewording: \"Second, it is possible that the unsaturated zone has not completely flushed pre-MAR chloride within the three years of basin operation, so CMB's steady-state assumption may be violated.\" Framing it as a possibility answers Reviewer 2.",
        "Here's another version of 4.5: \"Second, because the basin has operated for only three years, the chloride profile in the unsaturated zone may still partly reflect pre-MAR conditions, which could bias the CMB estimate.\" Making this more tentative should resolve the inconsistency.",
    ]
    replies = [
        "That just adds 'may'. Reviewer 2's point is that a piston-flow travel time of under a year means the zone HAS flushed. I need to deal with that number.",
        "Again, this is the same sentence with hedges. Please look at the 5 m / 0.25 / 1.5 m/yr calculation.",
        "You keep softening instead of answering. Does the travel-time argument hold or not?",
        "Same thing. I asked about the travel time.",
        "This is the fourth rewording of one sentence. The travel time calculation, please.",
        "No.",
        "Please, the calculation.",
    ]
    t = 0
    for k in range(13):
        s.say(versions[k % 4])
        t += 90 + (k * 53) % 120
        s.user(t, replies[min(k, len(replies) - 1)])
    s.runaway(3, 8)
    out.append(s)

    # H1: stateless client: the same long document resent with a new question each turn
    s = Session("thesis_advisor_chat", "healthy", sys_, None, "u-phd-ines", stateless=True,
                notes="A stateless review tool: each request is the full chapter plus reviews and ONE new question; "
                      "no history is kept, the long document repeats verbatim every turn.")
    qs = ["Which sentence in 4.1 conflicts with Table 4.2, per Reviewer 3?",
          "Where is Sy first used without definition?",
          "Compute the piston-flow travel time Reviewer 2 suggests and say whether it supports 4.5.",
          "Draft one sentence for the conclusions recommending an estimate to the water authority.",
          "List the quantities in 4.4 that need uncertainty bounds for Table 4.2.",
          "Is the 11% in 4.6 consistent with the numbers in 4.4? Show the arithmetic.",
          "Suggest a figure that would make the clogging argument in 4.5 (third factor) convincing.",
          "Rewrite the first sentence of 4.5 so it does not promise 'three factors' if one is dropped.",
          "What should the response letter say to Reviewer 1 in two sentences?",
          "Does 4.3.2 state the deposition assumption's effect on CMB? If not, propose a sentence."]
    big = CHAPTER * 3  # the tool sends the chapter with its two earlier drafts appended
    t = 0
    for k, q in enumerate(qs):
        s.user(t, "DOCUMENT (chapter 4, current + drafts v2, v1):\n" + big + "\nREVIEWS:\n" + REVIEWS + "\n\nQUESTION: " + q)
        s.say("(answer)")  # never resent: the client is stateless
        t += 45 + k * 17
    s.steps[-1]["reply"] = None
    out.append(s)

    # R2: the same clarification asked again and again while the user's answer repeats
    s = Session("thesis_advisor_chat", "runaway", sys_, None, "u-phd-tom",
                "The assistant keeps asking which citation style the department requires; the student keeps "
                "answering 'APA 7' and the assistant asks again instead of doing the work.")
    s.user(0, "Can you reformat the reference list of my chapter 2? Here it is:\n\n" + "\n".join(
        f"[{i}] {a} ({y}). {ti}. {jn}, {v}, {p}." for i, (a, y, ti, jn, v, p) in enumerate([
            ("Healy, R.W., Cook, P.G.", 2002, "Using groundwater levels to estimate recharge", "Hydrogeology Journal", 10, "91-109"),
            ("Scanlon, B.R. et al.", 2002, "Choosing appropriate techniques for quantifying groundwater recharge", "Hydrogeology Journal", 10, "18-39"),
            ("Dillon, P.", 2005, "Future management of aquifer recharge", "Hydrogeology Journal", 13, "313-316"),
            ("Niswonger, R.G. et al.", 2011, "MODFLOW-NWT, a Newton formulation for MODFLOW-2005", "USGS Techniques and Methods", "6-A37", "44 p"),
            ("Wood, W.W.", 1999, "Use and misuse of the chloride-mass balance method", "Ground Water", 37, "2-3"),
            ("Bouwer, H.", 2002, "Artificial recharge of groundwater: hydrogeology and engineering", "Hydrogeology Journal", 10, "121-142")], 1)))
    asks = ["Happy to. Before I start: which citation style does your department require (APA, Harvard, Chicago author-date, or a journal style)?",
            "Thanks! Just to be sure I format correctly - which citation style should I use for the list?",
            "Got it. Could you confirm the citation style your department expects, so I apply the right rules?",
            "Before reformatting, I need to know the required referencing style. Which one is it?"]
    t = 0
    for k in range(12):
        s.say(asks[k % 4])
        t += 60 + (k * 29) % 80
        s.user(t, ["APA 7th edition.", "APA 7.", "APA 7, as I said.", "APA 7!!"][min(k, 3)])
    s.runaway(3, 7)
    out.append(s)

    # H2: a slow human (20-60 min gaps), answers following one template with different content
    s = Session("thesis_advisor_chat", "healthy", sys_, None, "u-phd-tom",
                "The student pastes one reviewer comment at a time, hours apart; the assistant answers each with the "
                "same three-part template (assessment / proposed change / reply text) but different content.")
    comments = [
        "R1.1: 'The chapter never states which estimate you recommend.'",
        "R1.2: 'Table 4.2 lacks uncertainty bounds.'",
        "R2.1: 'CMB is used in the conclusions as if it were a bound.'",
        "R2.2: 'Quantify the unsaturated-zone transient with a piston-flow travel time.'",
        "R3.1: 'Define Sy at first use.'",
        "R3.2: 'factor of two in 4.1 vs up to 2.4x in Table 4.2.'",
        "R1.3: 'Figure 4.3 colour scale is not colour-blind safe.'",
        "R2.3: 'The RCH package cannot represent clogging; did you consider the UZF package?'",
        "R3.3: 'Reference Wood (1999) is cited but missing from the list.'",
    ]
    answers = [
        ("valid and central", "add a recommendation paragraph to 4.6: use the calibrated model, bounded by metered infiltration", "We now recommend the MODFLOW estimate (within 11% of metered inflow) in 4.6."),
        ("valid", "propagate the Sy range (0.08-0.17) into WTF and the 2% meter error into the metered column", "Uncertainty ranges have been added to Table 4.2."),
        ("valid; the conclusion overreaches", "remove CMB from the bounding statement; keep it as a lower-confidence estimate", "We no longer use CMB as a bound (4.6, lines 3-5)."),
        ("valid and it changes 4.5", "compute t = z*theta/q = 5*0.25/1.5 = 0.83 yr; rewrite the second factor around the silt lens holding water instead", "The travel time (0.8 yr) shows flushing is fast; 4.5 now attributes the CMB bias to preferential flow past the silt lens."),
        ("trivial", "define specific yield (Sy) at 4.3.1", "Defined at first use."),
        ("valid", "use 'up to 2.4 times' in 4.1", "Harmonised to 'up to 2.4 times'."),
        ("valid", "switch Figure 4.3 to the viridis scale", "Figure 4.3 now uses a perceptually uniform, colour-blind-safe scale."),
        ("partly valid; UZF would need unsaturated parameters you do not have", "add a limitation sentence and cite Niswonger et al. (2011)", "We discuss UZF as future work; the parameters are not available at the sites."),
        ("valid", "add Wood (1999) to the reference list", "Added."),
    ]
    t = 0
    for k, c in enumerate(comments):
        s.user(t, ("Next one. " if k else "I'll send the comments as I get to them today. First: ") + c)
        a, p, r = answers[k]
        s.say(f"Assessment: {a}.\nProposed change: {p}.\nReply text: \"{r}\"")
        t += 1200 + (k * 577) % 2400
    s.steps[-1]["reply"] = None
    out.append(s)
    return out


# ----------------------------------------------------------------------------------------------
# style 5: vaccine_cold_chain_monitor
# ----------------------------------------------------------------------------------------------
VC_TOOLS = {
    "telemetry": ("Temperature telemetry of a fridge or data logger.", schema(device_id="string", minutes="integer")),
    "raise_alert": ("Raise or hand over an alert.", schema(alert_id_="string", to="string", note="string")),
    "fetch_doc": ("Fetch an SOP / guidance document by URL.", schema(url="string")),
    "shipment": ("Shipment tracking for a cold-chain consignment.", schema(shipment_id="string")),
}
EXCURSION_SOP = ("SOP-CC-014 Temperature excursion handling (rev 6)\n1. Quarantine affected stock; label DO NOT USE.\n"
                 "2. Download the logger; record min/max and cumulative time outside 2-8 C.\n3. Consult the manufacturer "
                 "stability table; mRNA products: excursions above 8 C for more than 60 min cumulative require "
                 "manufacturer assessment.\n4. Notify the responsible pharmacist within 1 h.\n5. Do not discard until "
                 "the assessment is returned.\n" + "Annex A: stability tables by product (see rows below).\n" +
                 "\n".join(f"  product-{i:03d}  max {8 + i % 4} C  cumulative {30 + 15 * (i % 5)} min" for i in range(250)))


def telem(dev, start_min, temps, t0="2026-11-08T13"):
    return "\n".join([f"device={dev} interval=5min"] + [f"{t0}:{(start_min + 5 * i) % 60:02d}Z  {v:5.2f} C"
                                                      for i, v in enumerate(temps)])


def style_vaccine():
    sys_ = ("You monitor vaccine fridges and shipment data loggers for the regional pharmacy network. "
            "Range 2-8 C. Raise alerts to the pharmacist on duty; hand logistics issues to the logistics agent.")
    out = []
    # R1: two agents handing the same alert back and forth
    s = Session("vaccine_cold_chain_monitor", "runaway", sys_, VC_TOOLS, "u-cc-bot",
                "Monitor and logistics agents hand the same alert back and forth ('it's a logistics issue' / "
                "'it's a sensor issue, back to monitoring'); the user turns are the other agent's replies.")
    s.user(0, "[logistics-agent] Logger DL-5531 on shipment SH-20931 shows 9.4 C for 40 min at the hub. Over to you.")
    s.call("telemetry", {"device_id": "DL-5531", "minutes": 60})
    s.results(5, telem("DL-5531", 0, [7.1, 8.3, 9.1, 9.4, 9.4, 9.3, 9.2, 8.8, 8.1, 7.4, 6.9, 6.6]))
    s.call("raise_alert", {"alert_id": "AL-7781", "to": "logistics-agent",
                           "note": "Excursion happened at the hub dock during transfer: logistics owns this."},
           "The excursion is during the hub transfer window; that's a logistics handling issue.")
    t = 5
    back = ["[logistics-agent] AL-7781: hub reports the reefer was at 4 C the whole time; the logger must be faulty. Monitoring owns sensor faults. Returning.",
            "[logistics-agent] Returning AL-7781 again: reefer log shows 4 C, so this is a sensor problem for monitoring.",
            "[logistics-agent] AL-7781 back to monitoring - reefer was in range, logger issue.",
            "[logistics-agent] AL-7781: as before, sensor issue, not ours. Returned to monitoring."]
    notes = ["Excursion happened at the hub dock during transfer: logistics owns this.",
             "Logger readings are consistent and the probe is calibrated; the excursion is real and occurred during hub handling. Handing back to logistics.",
             "The logger shows a genuine excursion in the transfer window. This is a logistics issue; reassigning.",
             "Not a sensor fault - the readings are plausible. Logistics, please own AL-7781."]
    for k in range(9):
        t += 180 + 30 * k
        s.results(t, {"alert_id": "AL-7781", "status": "assigned", "assignee": "logistics-agent", "handoffs": 2 * k + 1})
        s.say(f"AL-7781 handed to logistics-agent.")
        t += 240
        s.user(t, back[k % 4])
        s.call("raise_alert", {"alert_id": "AL-7781", "to": "logistics-agent", "note": notes[(k + 1) % 4]},
               "I've reviewed the logger again; the excursion is real. Sending it back to logistics.")
    s.runaway(5, 11)
    out.append(s)

    # H1: monitoring bot, "all green" on schedule, timestamps and metrics change
    s = Session("vaccine_cold_chain_monitor", "healthy", sys_, VC_TOOLS, "u-cc-bot",
                "A scheduled bot asks every 30 minutes for a fleet check; every answer is 'all green' in the same "
                "template but timestamps, readings and door-open counts change.")
    rng = random.Random(505)
    t = 0
    for k in range(12):
        hh, mm = 8 + k // 2, 30 * (k % 2)
        s.user(t, f"[scheduler] Routine check {hh:02d}:{mm:02d}. Report fleet status for site PH-CENTRAL (fridges F1-F4).")
        s.call("telemetry", {"device_id": "PH-CENTRAL/*", "minutes": 30})
        vals = {f"F{i}": [round(4.2 + rng.uniform(-1.1, 1.4), 2) for _ in range(6)] for i in range(1, 5)}
        s.results(t + 4, {"site": "PH-CENTRAL", "window_end": f"2026-11-09T{hh:02d}:{mm:02d}Z", "fridges": {
            f: {"min": min(v), "max": max(v), "mean": round(sum(v) / 6, 2), "door_opens": rng.randint(0, 9)} for f, v in vals.items()}})
        s.say(f"{hh:02d}:{mm:02d} - all green. " + "; ".join(f"{f} {min(v):.1f}-{max(v):.1f} C" for f, v in vals.items()) + ". No alerts.")
        t += 1800
    s.steps[-1]["reply"] = None
    out.append(s)

    # R2: the same SOP content re-served under different titles/URLs
    s = Session("vaccine_cold_chain_monitor", "runaway", sys_, VC_TOOLS, "u-cc-pharm",
                "Looking for the Comirnaty-specific stability limit, the agent fetches one URL after another; every "
                "page is the same generic SOP under a different title/URL, and it keeps going.")
    s.user(0, "Fridge F3 at PH-NORTE hit 10.2 C for 35 min. Is the Comirnaty stock still usable? Find the "
              "product-specific limit in our document library.")
    urls = ["https://docs.pharm-net.local/sop/cc-014", "https://docs.pharm-net.local/sop/cc-014?rev=6",
            "https://docs.pharm-net.local/products/comirnaty/storage", "https://docs.pharm-net.local/kb/excursions-mrna",
            "https://docs.pharm-net.local/sop/cold-chain/excursion-handling", "https://docs.pharm-net.local/print/cc-014.html",
            "https://docs.pharm-net.local/products/mrna/stability", "https://docs.pharm-net.local/kb/article/4471",
            "https://docs.pharm-net.local/sop/cc-014/annex-a", "https://docs.pharm-net.local/products/comirnaty/faq",
            "https://docs.pharm-net.local/archive/2025/cc-014", "https://docs.pharm-net.local/kb/article/4472",
            "https://docs.pharm-net.local/search?q=comirnaty+excursion"]
    titles = ["SOP-CC-014", "Excursion handling", "Comirnaty - storage", "KB: mRNA excursions", "Cold chain: excursions",
              "Print view", "mRNA stability", "KB 4471", "Annex A", "Comirnaty FAQ", "Archive 2025", "KB 4472", "Search results"]
    s.call("fetch_doc", {"url": urls[0]})
    t = 0
    for k in range(12):
        t += 12 + k
        s.results(t, f"<title>{titles[k]}</title>\n" + EXCURSION_SOP)
        s.call("fetch_doc", {"url": urls[k + 1]},
               f"This page has the generic SOP but not the product row for Comirnaty. Trying {titles[k + 1]}.")
    s.runaway(3, 8)
    out.append(s)

    # H2: shipment poller whose ETA and position move, then delivered
    s = Session("vaccine_cold_chain_monitor", "healthy", sys_, VC_TOOLS, "u-cc-pharm",
                "A shipment tracked every 10-20 minutes: position, ETA and logger temperature change each poll; "
                "one 503 from the tracking API, then delivery in range.")
    s.user(0, "Track SH-21140 (flu vaccine, 600 doses) to PH-SUL and tell me when it's delivered and whether it stayed in range.")
    s.call("shipment", {"shipment_id": "SH-21140"})
    legs = [("Lisboa hub", "departed", "11:40", 5.1), ("A2 km 38", "in transit", "11:35", 5.3), ("A2 km 81", "in transit", "11:30", 5.6),
            (None, None, None, None), ("A2 km 129", "in transit", "11:32", 5.9), ("Grandola depot", "stopped (driver break)", "11:50", 6.2),
            ("IC1 km 12", "in transit", "11:48", 6.0), ("Faro outskirts", "in transit", "11:44", 5.7), ("PH-SUL", "delivered", "11:41", 5.5)]
    t = 0
    for k, (pos, st, eta, temp) in enumerate(legs):
        t += 600 + (k * 131) % 600
        if pos is None:
            s.results(t, {"status": 503, "error": "tracking backend unavailable, retry later"})
            s.call("shipment", {"shipment_id": "SH-21140"}, "Tracking API returned 503; I'll retry shortly.")
            continue
        s.results(t, {"shipment_id": "SH-21140", "position": pos, "state": st, "eta": eta, "logger": {"id": "DL-6610", "temp_c": temp, "max_c": max(5.1, temp)}})
        if st != "delivered":
            s.call("shipment", {"shipment_id": "SH-21140"}, f"{pos}, {st}, ETA {eta}, logger {temp} C.")
    s.say("SH-21140 delivered to PH-SUL at 11:41; logger max 6.2 C, always within 2-8 C.")
    out.append(s)
    return out


# ----------------------------------------------------------------------------------------------
# style 6: fantasy_football_manager
# ----------------------------------------------------------------------------------------------
FF_TOOLS = {
    "player_news": ("Latest news for an NFL player.", schema(player="string")),
    "projections": ("Week projections for a list of players.", schema(week="integer", players={"type": "array", "items": {"type": "string"}})),
    "roster": ("Read or set the roster. action=get|set_lineup|waivers; cursor for paging.",
               schema(action="string", lineup_={"type": "object"}, cursor_="string")),
}


def style_fantasy():
    sys_ = ("You manage a 12-team half-PPR fantasy football team ('Gridiron Gnomes') for the user. Use the tools; "
            "lineups lock at kickoff of each player's game.")
    out = []
    # R1: period-4 cycle news -> projections -> set_lineup (rejected: locked) -> news, the lock counter ticks
    s = Session("fantasy_football_manager", "runaway", sys_, FF_TOOLS, "u-ff-dan",
                "Thursday-night player already locked: each set_lineup is rejected; the agent cycles news -> "
                "projections -> set_lineup -> news again. Only the 'seconds since lock' counter changes.")
    s.user(0, "Week 11: swap Puka Nacua into FLEX for Jaylen Warren if Nacua is healthy.")
    t = 0
    for k in range(6):
        s.call("player_news", {"player": "Puka Nacua"}, None if k == 0 else "Let me re-check Nacua's status first.")
        t += 6
        s.results(t, {"player": "Puka Nacua", "team": "LAR", "status": "Active", "note": "Full practice Wed/Thu; played TNF."})
        s.call("projections", {"week": 11, "players": ["Puka Nacua", "Jaylen Warren"]})
        t += 5
        s.results(t, {"week": 11, "Puka Nacua": 14.8, "Jaylen Warren": 9.6})
        s.call("roster", {"action": "set_lineup", "lineup": {"FLEX": "Puka Nacua", "BN": "Jaylen Warren"}},
               "Nacua projects 5.2 points higher. Setting the lineup.")
        t += 4
        s.results(t, {"ok": False, "error": "LINEUP_LOCKED", "detail": "Puka Nacua: game started (TNF LAR@NE)",
                      "seconds_since_lock": 158000 + t})
    s.steps[-1]["reply"] = {"text": "The lineup call failed; re-checking.", "calls": [("player_news", {"player": "Puka Nacua"})]}
    s.runaway(7, 13)
    out.append(s)

    # H1: pagination through the waiver wire
    s = Session("fantasy_football_manager", "healthy", sys_, FF_TOOLS, "u-ff-dan",
                "Paging through the waiver wire with the same call and a new cursor each time; new players "
                "every page, then a recommendation.")
    s.user(0, "Find the best available RB on waivers with at least 10 carries last week. Check the whole wire.")
    s.call("roster", {"action": "waivers", "cursor": ""})
    pages = [[("Tyrone Tracy", 14), ("Audric Estime", 9), ("Kimani Vidal", 3)], [("Ray Davis", 11), ("Jaleel McLaughlin", 6), ("Emari Demercado", 2)],
             [("Braelon Allen", 12), ("Isaac Guerendo", 15), ("Dylan Sampson", 7)], [("Tank Bigsby", 13), ("Blake Corum", 5), ("Jordan Mason", 4)],
             [("Sean Tucker", 10), ("Kendre Miller", 1), ("Trey Benson", 8)]]
    t = 0
    for k, pg in enumerate(pages):
        t += 4
        nxt = f"c_{hashlib.sha256(str(k).encode()).hexdigest()[:10]}" if k < 4 else None
        s.results(t, {"page": k + 1, "players": [{"name": n, "pos": "RB", "carries_last_week": c, "rostered_pct": 30 - 3 * k - i} for i, (n, c) in enumerate(pg)], "next_cursor": nxt})
        if nxt:
            s.call("roster", {"action": "waivers", "cursor": nxt}, f"Page {k + 1}: " + ", ".join(f"{n} ({c})" for n, c in pg if c >= 10) + ". Next page.")
    s.call("projections", {"week": 11, "players": ["Isaac Guerendo", "Tyrone Tracy", "Tank Bigsby", "Braelon Allen"]}, "Scanned all 5 pages. Comparing projections.")
    s.results(t + 5, {"week": 11, "Isaac Guerendo": 11.2, "Tyrone Tracy": 10.4, "Tank Bigsby": 8.1, "Braelon Allen": 6.9})
    s.say("Best option: Isaac Guerendo (15 carries, 11.2 projected). Put in a claim?")
    s.user(t + 300, "Yes, drop Emanuel Wilson for him.")
    out.append(s)

    # R2: the same recommendation answered to "are you sure?" (exact repetition, no tools)
    s = Session("fantasy_football_manager", "runaway", sys_, FF_TOOLS, "u-ff-lee",
                "The user asks the agent to reconsider with new information each time; the agent repeats the "
                "same lineup answer verbatim without using it or any tool.")
    s.user(0, "Who should I start at QB this week, Baker Mayfield (vs NYG) or Jared Goff (@JAX)?")
    ans = ("Start Jared Goff. Detroit's offense ranks top-3 in pass attempts inside the 20, and Jacksonville allows "
           "the 4th-most fantasy points to quarterbacks. Mayfield is a fine backup but Goff has the higher floor.")
    fups = ["Goff's top WR is out this week though. Does that change it?", "Also the Jags defense has improved a lot the last 3 weeks.",
            "And Mayfield has had 20+ points in 4 straight. Still Goff?", "Can you actually check the news?", "Please look at the news tool.",
            "You said the same thing 5 times.", "Hello?", "Check Amon-Ra St. Brown's status please.", "??", "ok whatever, again?", "last try: Baker or Goff"]
    t = 0
    for k, f in enumerate(fups):
        s.say(ans)
        t += 40 + k * 11
        s.user(t, f)
    s.runaway(3, 7)
    out.append(s)

    # H2: "continue" writing the league newsletter, new text each time
    s = Session("fantasy_football_manager", "healthy", sys_, FF_TOOLS, "u-ff-lee",
                "Writing the weekly league newsletter section by section; the user only says 'continue' and each "
                "reply is a new matchup recap.")
    s.user(0, "Write the Week 10 newsletter for our league, one matchup recap per message. Start with Gnomes vs Tacos (112.4-98.7).")
    recaps = [
        "Gnomes 112.4, Tacos 98.7. Derrick Henry's 31.2 did the heavy lifting, and the Tacos' decision to bench Ja'Marr Chase for a bye-week ghost will be discussed at the next league meeting.",
        "Next: Waffle House Rules 127.9 over Kickers Anonymous 88.3. Lamar Jackson threw for four touchdowns and ran for a fifth, which is the fantasy equivalent of bringing a flamethrower to a pillow fight.",
        "Sauce Bosses 101.5, Blitzkrieg Bops 101.1. The closest game of the season was decided by a Tyler Bass extra point at 7:58 pm Monday. Three league members have asked for the replay.",
        "Dynasty Regrets 90.2 lost to Hurts So Good 118.6. Jalen Hurts delivered exactly what the team name promises; Dynasty Regrets are now 2-8 and officially in Draft Pick Accumulation mode.",
        "The Commish's Kids 134.0 beat Nacho Average Team 79.4, the week's high score. Rookie Brock Bowers: 11 catches, 122 yards. Nacho Average Team started two players on bye.",
        "Pick Six Pack 95.5 over Zero Punts Given 93.0, thanks to a 14-point defensive touchdown from Pittsburgh. Zero Punts Given has filed a formal complaint with the commissioner, who is in the previous paragraph.",
        "Power rankings: 1. Commish's Kids (8-2) 2. Waffle House Rules (7-3) 3. Gnomes (7-3) 4. Hurts So Good (6-4) ... 12. Dynasty Regrets (2-8).",
        "Waiver watch: Isaac Guerendo and Jalen McMillan are the pickups of the week. Trade deadline is Friday 23:59; the Tacos are reportedly shopping Chase.",
        "That's Week 10. Next week: Gnomes vs Waffle House Rules for the division lead. Set your lineups before Thursday!",
    ]
    t = 0
    for k, r in enumerate(recaps):
        s.say(r)
        t += 25 + (k * 19) % 40
        s.user(t, "continue" if k < len(recaps) - 1 else "Great, thanks. Make the title punchier.")
    out.append(s)
    return out


# ----------------------------------------------------------------------------------------------
# style 7: customer_churn_analysis
# ----------------------------------------------------------------------------------------------
CH_TOOLS = {
    "run_sql": ("Run a read-only SQL query on the analytics warehouse (Postgres 16).", schema(sql="string")),
    "notebook": ("Run a cell in the team Jupyter kernel, or restart it (action=run|restart).",
                 schema(action="string", code_="string")),
}
CH_SQL = """SELECT date_trunc('month', s.cancelled_at) AS month, p.tier, count(*) AS churned,
       round(avg(i.amount_cents) / 100.0, 2) AS avg_last_invoice
FROM subscriptions s
JOIN plans p ON p.id = s.plan_id
JOIN LATERAL (SELECT amount_cents FROM billing.invoices WHERE subscription_id = s.id ORDER BY issued_at DESC LIMIT 1) i ON true
WHERE s.cancelled_at >= '2026-01-01'
GROUP BY 1, 2 ORDER BY 1, 2;"""


def df_repr(rng, rows, cols):
    head = "      " + "  ".join(f"{c:>14}" for c in cols)
    body = [f"{i:<6}" + "  ".join(f"{rng.uniform(0, 1000):14.3f}" for _ in cols) for i in range(rows)]
    return "\n".join([head] + body + [f"\n[{rows} rows x {len(cols)} columns]"])


def style_churn():
    sys_ = ("You are a data analyst agent for a B2B SaaS company. Explain why churn rose in Q3 2026 using the "
            "warehouse (SQL) and the team notebook. Show the numbers you rely on.")
    out = []
    # R1: exact repetition - the same query, the same permission error, the same words
    s = Session("customer_churn_analysis", "runaway", sys_, CH_TOOLS, "u-ana-priya",
                "The service role has no access to billing.invoices; the agent re-runs the identical query and "
                "writes the identical sentence every time.")
    s.user(0, "Break churn down by month and plan tier for 2026, with the average last invoice of churned accounts.")
    t = 0
    for k in range(13):
        s.call("run_sql", {"sql": CH_SQL}, None if k == 0 else "Let me run the churn breakdown query.")
        t += 7
        s.results(t, {"error": "ERROR:  permission denied for table invoices\nSQLSTATE: 42501",
                      "query_ms": 3})
    s.runaway(3, 8)
    out.append(s)

    # H1: SQL errors that change every run, then the query works
    s = Session("customer_churn_analysis", "healthy", sys_, CH_TOOLS, "u-ana-priya",
                "Each query attempt fails with a different error (missing column, ambiguous reference, type "
                "mismatch) that the agent fixes; then results and an explanation.")
    s.user(0, "Did the July price change drive Q3 churn? Compare churn of accounts that saw the new price vs not.")
    attempts = [
        ("SELECT account_id, saw_new_price, cancelled_at FROM subscriptions WHERE cancelled_at >= '2026-07-01';",
         "ERROR:  column \"saw_new_price\" does not exist\nLINE 1: SELECT account_id, saw_new_price, cancelled_at FROM subscript...\nHINT:  Perhaps you meant to reference the column \"subscriptions.price_version\"."),
        ("SELECT account_id, price_version, cancelled_at FROM subscriptions s JOIN accounts a ON a.id = s.account_id WHERE cancelled_at >= '2026-07-01';",
         "ERROR:  column reference \"account_id\" is ambiguous\nLINE 1: SELECT account_id, price_version, cancelled_at FROM subscripti..."),
        ("SELECT s.price_version, count(*) FILTER (WHERE s.cancelled_at >= '2026-07-01') AS churned, count(*) AS base FROM subscriptions s JOIN accounts a ON a.id = s.account_id WHERE s.price_version = 2026.07 GROUP BY 1;",
         "ERROR:  operator does not exist: text = numeric\nLINE 1: ...ccount_id WHERE s.price_version = 2026.07 GROUP BY 1;\nHINT:  No operator matches the given name and argument types. You might need to add explicit type casts."),
        ("SELECT s.price_version, count(*) FILTER (WHERE s.cancelled_at >= '2026-07-01') AS churned, count(*) AS base FROM subscriptions s JOIN accounts a ON a.id = s.account_id WHERE s.created_at < '2026-07-01' GROUP BY 1 ORDER BY 1;",
         {"columns": ["price_version", "churned", "base"], "rows": [["2025-01", 412, 9120], ["2026-07", 688, 8840]], "query_ms": 1843}),
    ]
    fixes = ["The column is price_version, per the hint.", "Qualifying the columns with table aliases.",
             "price_version is text ('2026-07'), not numeric; grouping by it instead of filtering.", None]
    s.call("run_sql", {"sql": attempts[0][0]})
    t = 0
    for k, (q, res) in enumerate(attempts):
        t += 15 + k * 9
        s.results(t, res if isinstance(res, str) else json.dumps(res))
        if k + 1 < len(attempts):
            s.call("run_sql", {"sql": attempts[k + 1][0]}, fixes[k])
    s.say("Yes, largely: accounts on the July 2026 price churned at 7.8% (688/8,840) vs 4.5% (412/9,120) on the old price.")
    t += 900
    s.user(t, "Is that difference concentrated in one tier?")
    s.call("run_sql", {"sql": "SELECT p.tier, s.price_version, round(100.0 * count(*) FILTER (WHERE s.cancelled_at >= '2026-07-01') / count(*), 1) AS churn_pct FROM subscriptions s JOIN plans p ON p.id = s.plan_id WHERE s.created_at < '2026-07-01' GROUP BY 1, 2 ORDER BY 1, 2;"})
    s.results(t + 20, {"columns": ["tier", "price_version", "churn_pct"], "rows": [["enterprise", "2025-01", 2.1], ["enterprise", "2026-07", 2.4], ["starter", "2025-01", 6.9], ["starter", "2026-07", 13.2], ["team", "2025-01", 4.0], ["team", "2026-07", 5.1]]})
    s.say("It's the Starter tier: 6.9% -> 13.2%. Team rose modestly (4.0 -> 5.1), Enterprise is flat.")
    s.user(t + 1500, "Great, draft a two-line summary for the exec update.")
    out.append(s)

    # R2: restart loop - model training dies at the same step every time
    s = Session("customer_churn_analysis", "runaway", sys_, CH_TOOLS, "u-ana-jon",
                "Restart kernel -> load data -> train: the kernel dies with the same OOM at epoch 3 step 412 every "
                "time; load timings and PIDs differ, the failure does not.")
    s.user(0, "Train the gradient-boosted churn model on the full 2024-2026 feature table and give me SHAP top-10.")
    rng = random.Random(707)
    t = 0
    for k in range(6):
        s.call("notebook", {"action": "restart"}, None if k == 0 else "The kernel died again. Restarting and retrying the training.")
        t += 9
        s.results(t, {"kernel": "restarted", "pid": 41000 + rng.randint(0, 9999), "mem_limit": "16 GiB"})
        s.call("notebook", {"action": "run", "code": "df = pd.read_parquet('s3://ana/churn_features_2024_2026.parquet')\nX, y = df.drop(columns=['churned']), df.churned\nprint(df.shape, df.memory_usage().sum() / 2**30)"})
        t += 40 + rng.randint(0, 20)
        s.results(t, f"(18400211, 214) {11.6 + rng.random() * 0.01:.4f}\nCPU times: user {30 + rng.random() * 5:.1f} s, sys 9.{rng.randint(0, 9)} s, total: {41 + rng.random() * 5:.1f} s\nWall time: {38 + rng.random() * 6:.1f} s")
        s.call("notebook", {"action": "run", "code": "model = lgb.train(params, lgb.Dataset(X, y), num_boost_round=800, callbacks=[lgb.log_evaluation(100)])"})
        t += 300 + rng.randint(0, 60)
        s.results(t, "[LightGBM] [Info] Number of positive: 1012338, number of negative: 17387873\n[LightGBM] [Info] Total Bins 41208\n"
                     "[LightGBM] [Info] Constructing histograms ... epoch 3 step 412\n"
                     "KernelDiedError: The kernel died unexpectedly (OOMKilled, exit code 137) while running cell [3]. Memory at failure: 16.0 GiB / 16 GiB.")
    s.steps[-1]["reply"] = {"text": "Restarting the kernel to try once more.", "calls": [("notebook", {"action": "restart"})]}
    s.runaway(7, 13)
    out.append(s)

    # H2: a month-by-month cohort notebook: the same template cell, mostly identical boilerplate output
    s = Session("customer_churn_analysis", "healthy", sys_, CH_TOOLS, "u-ana-jon",
                "The same cohort cell is run for each month of Q3; outputs share long boilerplate (warnings, "
                "dtypes, describe header) and differ in the numbers; then a conclusion.")
    s.user(0, "Run the retention-curve cell for the July, August and September 2026 signup cohorts and compare.")
    boiler = ("/opt/conda/lib/python3.11/site-packages/pandas/core/groupby/generic.py:1492: FutureWarning: The default of observed=False is deprecated and will be changed to True in a future version of pandas. Pass observed=False to retain current behavior or observed=True to adopt the future default and silence this warning.\n"
              "  return self._python_agg_general(func, *args, **kwargs)\n"
              "/opt/conda/lib/python3.11/site-packages/seaborn/_oldcore.py:1119: FutureWarning: use_inf_as_na option is deprecated and will be removed in a future version. Convert inf values to NaN before operating instead.\n"
              "<Figure size 1200x600 with 1 Axes>\n")
    rng = random.Random(708)
    t = 0
    months = ["2026-07", "2026-08", "2026-09", "2026-06", "2026-05", "2026-04", "2026-03"]
    for k, m in enumerate(months):
        code = f"cohort = retention(signup_month='{m}', horizon_days=90)\ncohort.describe().T"
        s.call("notebook", {"action": "run", "code": code},
               None if k == 0 else ("Next cohort." if k < 3 else f"For a baseline, adding {m}."))
        t += 60 + rng.randint(0, 30)
        s.results(t, boiler * 8 + df_repr(rng, 150, ["d7", "d30", "d60", "d90"]) + f"\nretained_d90 = {0.71 - 0.04 * (k < 3) * k:.3f}")
    s.say("D90 retention: Jul 0.710, Aug 0.670, Sep 0.630 versus 0.710 in May and June. Decline starts with the August cohort.")
    s.user(t + 1200, "Thanks. Same plot for the Starter tier only?")
    out.append(s)
    return out


# ----------------------------------------------------------------------------------------------
# style 8: product_photo_batch
# ----------------------------------------------------------------------------------------------
PH_TOOLS = {
    "retouch": ("Run the retouching pipeline on an image (background removal, white balance, shadow).",
                schema(sku="string", preset="string", params_={"type": "object"})),
    "qa_check": ("Run the marketplace QA checker on a retouched image.", schema(sku="string")),
}
PH_INSTR = ("Retouch brief (applies to every SKU in this batch): marketplace main image, 2000x2000 px, pure white "
            "background RGB 255,255,255 (QA tolerance L* >= 99.0 in all four corners), product fills 85% of frame, "
            "soft contact shadow allowed (opacity <= 25%), no props, no text or watermarks, colour accuracy "
            "delta-E <= 3 against the supplier swatch. Use preset 'mkt-white-v3'. Run qa_check after each retouch; "
            "report PASS/FAIL and any warnings. Do not re-shoot - flag instead.\n\n")


def style_photo():
    sys_ = "You are the image-ops agent of an online homeware shop. Use the retouch pipeline and the QA checker."
    out = []
    # R1: the same SKU failing QA the same way, retouched again with the same preset
    s = Session("product_photo_batch", "runaway", sys_, PH_TOOLS, "u-img-ops",
                "SKU HW-44817 (a glossy white vase) fails QA on background whiteness every time; the agent keeps "
                "re-running the same preset. QA job ids tick, the measurements do not.")
    s.user(0, PH_INSTR + "SKU: HW-44817 (glossy white ceramic vase, 30 cm)")
    t = 0
    for k in range(9):
        s.call("retouch", {"sku": "HW-44817", "preset": "mkt-white-v3"},
               None if k == 0 else "QA failed on the background again. Re-running the retouch.")
        t += 20
        s.results(t, {"sku": "HW-44817", "output": "s3://img/out/HW-44817_main.png", "status": "ok", "ms": 4100 + k * 13})
        s.call("qa_check", {"sku": "HW-44817"})
        t += 8
        s.results(t, {"qa_job": f"qa-{90311 + k}", "sku": "HW-44817", "result": "FAIL",
                      "checks": {"background_white": {"pass": False, "corner_Lstar": [97.2, 97.4, 96.9, 97.1]},
                                 "fill_ratio": {"pass": True, "value": 0.86}, "shadow_opacity": {"pass": True, "value": 0.18},
                                 "delta_e": {"pass": True, "value": 1.9}}})
    s.runaway(5, 11)
    out.append(s)

    # H1: batch, shared long brief, short varying items, the same warning on several SKUs
    s = Session("product_photo_batch", "healthy", sys_, PH_TOOLS, "u-img-ops",
                "Eight SKUs, one shared long brief; the 'mixed lighting colour cast' warning legitimately recurs on "
                "several different SKUs shot in the same studio session; all pass.")
    skus = [("HW-50102", "linen cushion, sage"), ("HW-50103", "linen cushion, rust"), ("HW-50110", "oak serving board"),
            ("HW-50114", "stoneware mug, speckled"), ("HW-50115", "stoneware mug, navy"), ("HW-50121", "wool throw, grey"),
            ("HW-50130", "brass candle holder"), ("HW-50131", "glass carafe 1L")]
    cast = {"HW-50102", "HW-50103", "HW-50121"}
    t = 0
    for n, (sku, desc) in enumerate(skus):
        s.user(t, PH_INSTR + f"SKU: {sku} ({desc})")
        s.call("retouch", {"sku": sku, "preset": "mkt-white-v3"})
        t += 18
        s.results(t, {"sku": sku, "status": "ok", "ms": 3800 + n * 97})
        s.call("qa_check", {"sku": sku})
        t += 7
        res = {"sku": sku, "result": "PASS", "checks": {"background_white": {"pass": True, "corner_Lstar": [99.6, 99.5, 99.7, 99.4 + n / 100]},
               "delta_e": {"pass": True, "value": round(1.1 + n * 0.2, 1)}}}
        if sku in cast:
            res["warnings"] = ["mixed lighting colour cast (tungsten + daylight) corrected; delta-E near limit"]
        s.results(t, res)
        s.say(f"{sku}: PASS" + (" - warning: mixed-lighting colour cast corrected, delta-E %.1f" % (1.1 + n * 0.2) if sku in cast else ""))
        t += 30 + n * 4
    s.steps[-1]["reply"] = None
    out.append(s)

    # R2: "continue" answered with the same status summary, no tools used
    s = Session("product_photo_batch", "runaway", sys_, PH_TOOLS, "u-img-bot",
                "A batch driver says 'continue with the next SKU'; after two real items the agent answers every "
                "'continue' with the same status summary and never calls a tool again.")
    s.user(0, PH_INSTR + "Batch B-1207: HW-60201, HW-60202, HW-60203, HW-60204, HW-60205, HW-60206, HW-60207. Start with the first.")
    s.call("retouch", {"sku": "HW-60201", "preset": "mkt-white-v3"})
    s.results(20, {"sku": "HW-60201", "status": "ok"})
    s.call("qa_check", {"sku": "HW-60201"})
    s.results(27, {"sku": "HW-60201", "result": "PASS"})
    s.say("HW-60201: PASS.")
    s.user(40, "continue with the next SKU")
    s.call("retouch", {"sku": "HW-60202", "preset": "mkt-white-v3"})
    s.results(58, {"sku": "HW-60202", "status": "ok"})
    s.call("qa_check", {"sku": "HW-60202"})
    s.results(65, {"sku": "HW-60202", "result": "PASS"})
    summary = ("Batch B-1207 status: HW-60201 PASS, HW-60202 PASS. Remaining: HW-60203, HW-60204, HW-60205, "
               "HW-60206, HW-60207. All outputs are in s3://img/out/B-1207/. Let me know if you'd like me to continue.")
    t = 65
    for k in range(10):
        s.say(summary)
        t += 15 + k
        s.user(t, "continue with the next SKU")
    s.runaway(8, 12)
    out.append(s)

    # H2: iterative refinement of one hero image, QA findings change, then pass
    s = Session("product_photo_batch", "healthy", sys_, PH_TOOLS, "u-img-ops",
                "One hero image refined in small parameter steps; each QA run fails on something different "
                "(shadow too hard, then halo, then delta-E) and the last passes.")
    s.user(0, PH_INSTR + "SKU: HW-70001 (black walnut side table) - this is the hero image for the homepage, take care.")
    steps = [({}, {"shadow_opacity": {"pass": False, "value": 0.41}}),
             ({"shadow_opacity": 0.22}, {"edge_halo": {"pass": False, "px": 3, "where": "left leg"}}),
             ({"shadow_opacity": 0.22, "edge_feather_px": 1}, {"delta_e": {"pass": False, "value": 3.6}}),
             ({"shadow_opacity": 0.22, "edge_feather_px": 1, "wb_kelvin": 5450}, {"delta_e": {"pass": False, "value": 3.1}}),
             ({"shadow_opacity": 0.22, "edge_feather_px": 1, "wb_kelvin": 5400, "saturation": -3}, None)]
    t = 0
    for k, (params, fail) in enumerate(steps):
        s.call("retouch", {"sku": "HW-70001", "preset": "mkt-white-v3", "params": params},
               None if k == 0 else f"Adjusting: {json.dumps(params)}.")
        t += 22
        s.results(t, {"sku": "HW-70001", "status": "ok"})
        s.call("qa_check", {"sku": "HW-70001"})
        t += 8
        s.results(t, {"sku": "HW-70001", "result": "FAIL" if fail else "PASS", "checks": fail or {"all": "pass", "delta_e": 2.4}})
    s.say("HW-70001 passes: soft shadow 22%, 1 px feather, white balance 5400 K, saturation -3, delta-E 2.4.")
    s.user(t + 1800, "Looks great on the homepage. Thanks!")
    out.append(s)
    return out


# ----------------------------------------------------------------------------------------------
# validation, split and output
# ----------------------------------------------------------------------------------------------
STYLE_FUNCS = []  # filled below


def validate(d):
    errs = []
    shape, turns = d["shape"], d["turns"]
    if not 8 <= len(turns) <= 30:
        errs.append(f"{len(turns)} turns")
    e = d["expected"]
    if e["outcome"] == "runaway":
        b, s = e["loop_begins_turn"], e["stop_by_turn"]
        if not (1 <= b <= s < len(turns)):
            errs.append(f"bad B/D {b}/{s} for {len(turns)} turns")
    prev_at = -1
    for n, t in enumerate(turns, 1):
        r = t["request"]
        if t["at_seconds"] < prev_at:
            errs.append(f"turn {n}: time goes back")
        prev_at = t["at_seconds"]
        tools = {x["function"]["name"] if shape == "chat" else x["name"] for x in r.get("tools", [])}
        if shape == "chat":
            for k in ("model", "messages"):
                if k not in r:
                    errs.append(f"turn {n}: missing {k}")
            msgs = r["messages"]
            if msgs[0]["role"] != "system" or msgs[-1]["role"] not in ("user", "tool"):
                errs.append(f"turn {n}: bad first/last role")
            pending = set()
            for m in msgs:
                if m["role"] == "tool":
                    if m["tool_call_id"] not in pending:
                        errs.append(f"turn {n}: unmatched tool_call_id")
                    pending.discard(m["tool_call_id"])
                    continue
                if pending:
                    errs.append(f"turn {n}: tool calls left unanswered")
                if m["role"] == "assistant":
                    for c in m.get("tool_calls", []):
                        pending.add(c["id"])
                        if c["function"]["name"] not in tools:
                            errs.append(f"turn {n}: undeclared tool")
                        json.loads(c["function"]["arguments"])
                elif m["role"] not in ("system", "user"):
                    errs.append(f"turn {n}: bad role {m['role']}")
        elif shape == "responses":
            for k in ("model", "input", "max_output_tokens"):
                if k not in r:
                    errs.append(f"turn {n}: missing {k}")
            if "previous_response_id" in r:
                errs.append("previous_response_id")
            pending = set()
            for it in r["input"]:
                ty = it.get("type", "message")
                if ty == "function_call":
                    pending.add(it["call_id"])
                    json.loads(it["arguments"])
                    if it["name"] not in tools:
                        errs.append(f"turn {n}: undeclared tool")
                elif ty == "function_call_output":
                    if it["call_id"] not in pending:
                        errs.append(f"turn {n}: unmatched call_id")
                    pending.discard(it["call_id"])
                elif ty == "message":
                    if pending:
                        errs.append(f"turn {n}: function calls left unanswered")
                    if it["role"] not in ("user", "assistant"):
                        errs.append(f"turn {n}: bad role")
                else:
                    errs.append(f"turn {n}: bad item type {ty}")
            if pending:
                errs.append(f"turn {n}: trailing unanswered calls")
        else:
            for k in ("model", "max_tokens", "messages", "system"):
                if k not in r:
                    errs.append(f"turn {n}: missing {k}")
            msgs = r["messages"]
            for i, m in enumerate(msgs):
                if m["role"] != ("user" if i % 2 == 0 else "assistant"):
                    errs.append(f"turn {n}: roles do not alternate at {i}")
                uses = [b["id"] for b in m["content"] if isinstance(m["content"], list) and b["type"] == "tool_use"] \
                    if m["role"] == "assistant" else []
                for b in m["content"] if m["role"] == "assistant" else []:
                    if b["type"] == "tool_use" and b["name"] not in tools:
                        errs.append(f"turn {n}: undeclared tool")
                if uses:
                    nxt = msgs[i + 1] if i + 1 < len(msgs) else None
                    got = [b["tool_use_id"] for b in nxt["content"] if b["type"] == "tool_result"] \
                        if nxt and isinstance(nxt["content"], list) else []
                    if got != uses:
                        errs.append(f"turn {n}: tool_result does not follow tool_use {i}")
                if m["role"] == "user" and isinstance(m["content"], list):
                    for b in m["content"]:
                        if b["type"] == "tool_result":
                            prev = msgs[i - 1] if i else None
                            if not prev or b["tool_use_id"] not in [x.get("id") for x in prev["content"]]:
                                errs.append(f"turn {n}: orphan tool_result")
            if msgs[-1]["role"] != "user":
                errs.append(f"turn {n}: last message not user")
    return errs


def build():
    files = {}
    idx = 0
    for fn in STYLE_FUNCS:
        counts = {"runaway": 0, "healthy": 0}
        for sess in fn():
            shape = SHAPES[idx % 3]
            counts[sess.kind] += 1
            name = f"{sess.style}_{sess.kind}_{counts[sess.kind]}_{shape}"
            d = render(sess, shape, name, idx)
            errs = validate(d)
            # history prefix property (unless the client is stateless)
            key = "messages" if shape != "responses" else "input"
            for a, b in zip(d["turns"], d["turns"][1:]):
                ha, hb = a["request"][key], b["request"][key]
                if not sess.stateless and hb[:len(ha)] != ha:
                    errs.append("history not resent as a prefix")
            if errs:
                raise SystemExit(f"{name}: {errs[:5]}")
            # SPLIT RULE: everything is held out (see README); tuning/ holds only .gitkeep
            files[os.path.join("heldout", name + ".json")] = json.dumps(d, indent=1, ensure_ascii=False) + "\n"
            idx += 1
    return files


def main():
    files = build()
    if "--check" in sys.argv:
        bad = 0
        on_disk = {os.path.join("heldout", f) for f in os.listdir(os.path.join(ROOT, "heldout"))}
        on_disk |= {os.path.join("tuning", f) for f in os.listdir(os.path.join(ROOT, "tuning")) if f != ".gitkeep"}
        for rel, text in files.items():
            p = os.path.join(ROOT, rel)
            if not os.path.exists(p) or open(p, encoding="utf-8").read() != text:
                print("differs:", rel)
                bad += 1
            else:
                json.loads(text)
        for rel in sorted(on_disk - set(files)):
            print("extra file on disk:", rel)
            bad += 1
        print(f"{len(files)} sessions checked, {bad} problems")
        sys.exit(1 if bad else 0)
    os.makedirs(os.path.join(ROOT, "heldout"), exist_ok=True)
    os.makedirs(os.path.join(ROOT, "tuning"), exist_ok=True)
    for f in os.listdir(os.path.join(ROOT, "heldout")):
        os.remove(os.path.join(ROOT, "heldout", f))
    for rel, text in files.items():
        with open(os.path.join(ROOT, rel), "w", encoding="utf-8") as fh:
            fh.write(text)
    print(f"wrote {len(files)} sessions to {ROOT}")


if __name__ == "__main__":
    STYLE_FUNCS.extend([style_air_quality, style_rust, style_parcel, style_thesis, style_vaccine, style_fantasy, style_churn, style_photo])
    main()
