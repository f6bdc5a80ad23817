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
    if shape == "responses":
        return "fc_" + h[:24] if False else "call_" + h[:24]
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
            prev_calls = sess.steps[i - 1]["reply"]["calls"]
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
            del prev_calls
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
    s.runaway(5, 11)
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
        s.results(t + 18, RS_HEAD + E0502.replace("84  |", "84  |" if k % 2 == 0 else "84  |"))
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
        ("Collect the idle keys first, then evict in a second loop.", "for (k, s) in self.sessions.iter_mut() {", "let idle: Vec<&String> = ...;"),
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
    if not d.get("stateless"):
        pass
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
    STYLE_FUNCS.extend([style_air_quality, style_rust])
    main()
