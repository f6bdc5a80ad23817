#!/usr/bin/env python3
"""Writer-x's independent agent-session corpus for tollgate's loop detectors (issue 13).

Stdlib only, deterministic (fixed seeds, no clock, no network). Writes
tests/fixtures/corpus_x/heldout/*.json (everything is held out; tuning/ holds only .gitkeep).

    python3 scripts/gen_corpus_x.py           # (re)write the files
    python3 scripts/gen_corpus_x.py --check   # regenerate in memory, validate, compare to disk

Each session is written by its own hand-written function as a neutral conversation
(system prompt, tools, first user message, then steps: the assistant's reply to the last
request, any tool results, any new user text, and the delay). `render` turns it into the
requests of one API shape, each request being the full history so far (or, for a stateless
client, only the document and the new question).
"""

import hashlib
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIR = os.path.join(ROOT, "tests", "fixtures", "corpus_x")
SHAPES = ("chat", "responses", "anthropic")
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
MODELS = {
    "chat": ["gpt-4o", "gpt-4.1-mini", "gpt-4o-mini", "gpt-4.1"],
    "responses": ["gpt-4.1", "gpt-4o", "gpt-4.1-mini"],
    "anthropic": ["claude-sonnet-4-20250514", "claude-3-5-haiku-20241022", "claude-opus-4-20250514"],
}


def tool(name, desc, props, required=None):
    return {
        "name": name,
        "description": desc,
        "parameters": {
            "type": "object",
            "properties": {k: {"type": t, "description": d} for k, (t, d) in props.items()},
            "required": list(required if required is not None else props.keys()),
        },
    }


class Session:
    """A conversation in neutral form; steps are appended by the style functions."""

    def __init__(self, system, first_user, tools=None, stateless=False):
        self.system = system
        self.first_user = first_user
        self.tools = tools or []
        self.steps = []  # (dt, assistant_text, [(name, args, output)], user_text)
        self.stateless = stateless  # stateless: each request = document question only

    def step(self, dt, text=None, calls=None, user=None):
        assert text or calls
        assert calls or user is not None, "a turn must end with new input"
        self.steps.append((dt, text, list(calls or []), user))

    def nturns(self):
        return 1 + len(self.steps)


def _id(prefix, seed, i, n=24):
    h = hashlib.sha256(f"{seed}/{i}".encode()).hexdigest()
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    v = int(h, 16)
    out = []
    for _ in range(n):
        v, r = divmod(v, len(alphabet))
        out.append(alphabet[r])
    return prefix + "".join(out)


def render(sess, shape, name, model, max_tokens):
    """Return the list of turns ({at_seconds, request}) of `sess` in API `shape`."""
    turns = []
    t = 0
    # neutral history: list of events
    hist = [("user", sess.first_user)]
    ncall = 0
    snapshots = [(0, list(hist))]
    for dt, text, calls, user in sess.steps:
        t += dt
        ev_calls = []
        for nm, args, out in calls:
            ncall += 1
            ev_calls.append((nm, args, out, ncall))
        if sess.stateless:
            hist = [("user", user)]
        else:
            hist.append(("assistant", text, [(c[0], c[1], c[3]) for c in ev_calls]))
            for nm, args, out, k in ev_calls:
                hist.append(("tool", k, nm, out))
            if user is not None:
                hist.append(("user", user))
        snapshots.append((t, list(hist)))
    for at, h in snapshots:
        turns.append({"at_seconds": at, "request": _request(sess, shape, name, model, max_tokens, h)})
    return turns


def _tool_decls(sess, shape):
    if shape == "chat":
        return [{"type": "function", "function": dict(tl)} for tl in sess.tools]
    if shape == "responses":
        return [dict({"type": "function"}, **tl) for tl in sess.tools]
    return [{"name": tl["name"], "description": tl["description"], "input_schema": tl["parameters"]} for tl in sess.tools]


def _request(sess, shape, name, model, max_tokens, h):
    cid = lambda k: _id("call_" if shape != "anthropic" else "toolu_01", name, k)
    if shape == "chat":
        msgs = [{"role": "system", "content": sess.system}]
        for ev in h:
            if ev[0] == "user":
                msgs.append({"role": "user", "content": ev[1]})
            elif ev[0] == "assistant":
                m = {"role": "assistant", "content": ev[1]}
                if ev[2]:
                    m["tool_calls"] = [
                        {"id": cid(k), "type": "function", "function": {"name": nm, "arguments": json.dumps(a)}}
                        for nm, a, k in ev[2]
                    ]
                msgs.append(m)
            else:
                msgs.append({"role": "tool", "tool_call_id": cid(ev[1]), "content": ev[3]})
        req = {"model": model, "messages": msgs, "max_tokens": max_tokens}
        if sess.tools:
            req["tools"] = _tool_decls(sess, shape)
        return req
    if shape == "responses":
        items = []
        for ev in h:
            if ev[0] == "user":
                items.append({"role": "user", "content": ev[1]})
            elif ev[0] == "assistant":
                if ev[1]:
                    items.append({"role": "assistant", "content": ev[1]})
                for nm, a, k in ev[2]:
                    items.append({"type": "function_call", "call_id": cid(k), "name": nm, "arguments": json.dumps(a)})
            else:
                items.append({"type": "function_call_output", "call_id": cid(ev[1]), "output": ev[3]})
        req = {"model": model, "instructions": sess.system, "input": items, "max_output_tokens": max_tokens}
        if sess.tools:
            req["tools"] = _tool_decls(sess, shape)
        return req
    # anthropic
    msgs = []

    def add(role, blocks):
        if msgs and msgs[-1]["role"] == role:
            msgs[-1]["content"].extend(blocks)
        else:
            msgs.append({"role": role, "content": blocks})

    for ev in h:
        if ev[0] == "user":
            add("user", [{"type": "text", "text": ev[1]}])
        elif ev[0] == "assistant":
            blocks = []
            if ev[1]:
                blocks.append({"type": "text", "text": ev[1]})
            for nm, a, k in ev[2]:
                blocks.append({"type": "tool_use", "id": cid(k), "name": nm, "input": a})
            add("assistant", blocks)
        else:
            add("user", [{"type": "tool_result", "tool_use_id": cid(ev[1]), "content": ev[3]}])
    # plain single-text user messages become strings, as most clients send them
    for m in msgs:
        if m["role"] == "user" and len(m["content"]) == 1 and m["content"][0]["type"] == "text":
            m["content"] = m["content"][0]["text"]
    req = {"model": model, "system": sess.system, "messages": msgs, "max_tokens": max_tokens}
    if sess.tools:
        req["tools"] = _tool_decls(sess, shape)
    return req


# ----------------------------------------------------------------------------- validation


class Invalid(Exception):
    pass


def _need(cond, msg):
    if not cond:
        raise Invalid(msg)


def validate_request(shape, req):
    _need(isinstance(req.get("model"), str) and req["model"], "model")
    tools = {}
    if shape == "chat":
        _need("max_tokens" in req or "max_completion_tokens" in req or True, "")
        for tl in req.get("tools", []):
            _need(tl.get("type") == "function" and "name" in tl["function"] and "parameters" in tl["function"], "chat tool")
            tools[tl["function"]["name"]] = tl
        msgs = req.get("messages")
        _need(isinstance(msgs, list) and msgs, "messages")
        pending = set()
        for i, m in enumerate(msgs):
            role = m.get("role")
            _need(role in ("system", "user", "assistant", "tool"), f"role {role}")
            if role != "tool":
                _need(not pending, f"message {i}: tool calls {pending} not answered before {role}")
            if role == "assistant":
                _need(isinstance(m.get("content"), str) or m.get("tool_calls"), "assistant content")
                for tc in m.get("tool_calls", []):
                    _need(tc["function"]["name"] in tools, "undeclared tool " + tc["function"]["name"])
                    json.loads(tc["function"]["arguments"])
                    pending.add(tc["id"])
            elif role == "tool":
                _need(m.get("tool_call_id") in pending, f"message {i}: unmatched tool_call_id")
                pending.discard(m["tool_call_id"])
                _need(isinstance(m.get("content"), str), "tool content")
            else:
                _need(isinstance(m.get("content"), str) and m["content"], f"{role} content")
        _need(not pending, "unanswered tool calls at end")
        _need(msgs[-1]["role"] in ("user", "tool"), "last message must be user/tool")
    elif shape == "responses":
        _need(isinstance(req.get("max_output_tokens"), int), "max_output_tokens")
        _need("previous_response_id" not in req, "previous_response_id")
        for tl in req.get("tools", []):
            _need(tl.get("type") == "function" and "name" in tl and "parameters" in tl, "responses tool")
            tools[tl["name"]] = tl
        items = req.get("input")
        _need(isinstance(items, list) and items, "input")
        pending = set()
        for it in items:
            typ = it.get("type", "message")
            if typ == "function_call":
                _need(it["name"] in tools, "undeclared tool")
                json.loads(it["arguments"])
                pending.add(it["call_id"])
            elif typ == "function_call_output":
                _need(it["call_id"] in pending, "unmatched call_id")
                pending.discard(it["call_id"])
                _need(isinstance(it.get("output"), str), "output")
            else:
                _need(not pending, "message while calls pending")
                _need(it.get("role") in ("user", "assistant", "system", "developer"), "role")
                _need(isinstance(it.get("content"), str) and it["content"], "content")
        _need(not pending, "unanswered calls at end")
        last = items[-1]
        _need(last.get("type") == "function_call_output" or last.get("role") == "user", "last input")
    else:
        _need(isinstance(req.get("max_tokens"), int), "max_tokens")
        _need(isinstance(req.get("system"), str), "system")
        for tl in req.get("tools", []):
            _need("name" in tl and "input_schema" in tl, "anthropic tool")
            tools[tl["name"]] = tl
        msgs = req.get("messages")
        _need(isinstance(msgs, list) and msgs, "messages")
        _need(msgs[0]["role"] == "user" and msgs[-1]["role"] == "user", "first/last must be user")
        prev_uses = set()
        for i, m in enumerate(msgs):
            _need(m["role"] == ("user" if i % 2 == 0 else "assistant"), f"alternation at {i}")
            content = m["content"]
            blocks = [{"type": "text", "text": content}] if isinstance(content, str) else content
            _need(blocks, "empty content")
            if m["role"] == "assistant":
                uses = set()
                for b in blocks:
                    _need(b["type"] in ("text", "tool_use"), "assistant block")
                    if b["type"] == "tool_use":
                        _need(b["name"] in tools, "undeclared tool")
                        _need(isinstance(b["input"], dict), "tool input")
                        uses.add(b["id"])
                    else:
                        _need(b["text"], "empty text")
                prev_uses = uses
            else:
                results = [b["tool_use_id"] for b in blocks if b["type"] == "tool_result"]
                _need(set(results) == prev_uses, f"message {i}: tool_result ids {results} != tool_use {prev_uses}")
                if results:
                    _need(blocks[0]["type"] == "tool_result", "tool_result must come first")
                for b in blocks:
                    _need(b["type"] in ("text", "tool_result"), "user block")
                prev_uses = set()


def validate_session(d):
    for k in ("name", "style", "shape", "path", "headers", "expected", "turns"):
        _need(k in d, "missing " + k)
    _need(d["path"] == PATHS[d["shape"]], "path")
    _need(set(d["headers"]) == {"x-session-id", "x-user-id"}, "headers")
    n = len(d["turns"])
    _need(8 <= n <= 30, f"{n} turns")
    e = d["expected"]
    if e["outcome"] == "runaway":
        _need(set(e) == {"outcome", "loop_begins_turn", "stop_by_turn"}, "expected keys")
        _need(2 <= e["loop_begins_turn"] < e["stop_by_turn"] < n, f"B/D {e} vs {n} turns")
    else:
        _need(e == {"outcome": "healthy"}, "expected")
    last = -1
    for t in d["turns"]:
        _need(isinstance(t["at_seconds"], int) and t["at_seconds"] >= last, "at_seconds")
        last = t["at_seconds"]
        validate_request(d["shape"], t["request"])


# ----------------------------------------------------------------------------- styles

SESSIONS = []  # (style, outcome, builder)


def session(style, outcome, notes):
    def deco(fn):
        SESSIONS.append((style, outcome, fn, notes))
        return fn

    return deco


def j(obj):
    return json.dumps(obj, ensure_ascii=False)


def hhmmss(base_s, t):
    s = base_s + t
    return f"{s // 3600 % 24:02d}:{s // 60 % 60:02d}:{s % 60:02d}"


# ---- ski_lift_operations

SKI_TOOLS = [
    tool("get_wind", "Latest reading of a wind sensor (anemometer) on the mountain.", {"sensor_id": ("string", "e.g. SUMMIT-AN-2")}),
    tool("lift_status", "Operational state of a lift from the lift control system.", {"lift_id": ("string", "e.g. CH4, GD1, TB7")}),
    tool(
        "dispatch_staff",
        "Create a dispatch request for mountain staff.",
        {"role": ("string", "patrol | lift_mechanic | lift_ops | groomer"), "location": ("string", "where"), "note": ("string", "what to do")},
    ),
]
SKI_SYS = (
    "You are LiftDesk, the operations assistant for Alpenrose Mountain Resort. You watch wind sensors and lift states "
    "and dispatch staff. Safety rule: a chairlift on wind hold may reopen only after the sustained average stays below "
    "45 km/h and gusts below 60 km/h for 15 consecutive minutes, and after a lift_ops test run. Never reopen a lift yourself."
)


@session("ski_lift_operations", "runaway", "Period-3 cycle (wind poll, lift status, dispatch) against a stale anemometer; every dispatch is refused as a duplicate; only clock fields tick.")
def ski_r_cycle(rng):
    s = Session(SKI_SYS, "Morning shift. Chair 4 (Summit Express) has been on wind hold since 08:40. Watch SUMMIT-AN-2 and tell me when we can run the test cycle. Dispatch patrol if the sensor looks wrong.", SKI_TOOLS)
    base = 9 * 3600 + 2 * 60
    t = 0
    texts = [
        ("Checking the summit anemometer.", "The reading is stale (last sample 08:41:07). Checking Chair 4's state.", "Chair 4 is still on WIND_HOLD with reason 'anemometer stale'. Requesting a patrol check of SUMMIT-AN-2."),
        ("The dispatch was refused as a duplicate of DSP-20917. Re-reading the anemometer to see whether it recovered.", "Still stale at 08:41:07. Checking Chair 4 again.", "Chair 4 unchanged on WIND_HOLD. Requesting patrol to inspect SUMMIT-AN-2."),
        ("Patrol request refused again (duplicate). Polling SUMMIT-AN-2 once more.", "No new sample since 08:41:07. Re-checking the lift.", "Hold unchanged. Sending patrol to the top station to look at the anemometer."),
    ]
    for cyc in range(6):
        tx = texts[min(cyc, 2)]
        t += rng.randint(25, 40)
        s.step(t - sum(x[0] for x in s.steps), tx[0], [("get_wind", {"sensor_id": "SUMMIT-AN-2"}, j({"sensor_id": "SUMMIT-AN-2", "avg_kmh": None, "gust_kmh": None, "dir_deg": None, "status": "STALE", "last_sample": "08:41:07", "battery_v": 12.6, "server_time": hhmmss(base, t)}))])
        t += rng.randint(10, 20)
        s.step(t - sum(x[0] for x in s.steps), tx[1], [("lift_status", {"lift_id": "CH4"}, j({"lift_id": "CH4", "name": "Summit Express", "state": "WIND_HOLD", "hold_reason": "anemometer stale", "hold_since": "08:40:12", "riders_on_line": 0, "server_time": hhmmss(base, t)}))])
        t += rng.randint(10, 25)
        s.step(t - sum(x[0] for x in s.steps), tx[2], [("dispatch_staff", {"role": "patrol", "location": "Chair 4 top station", "note": "SUMMIT-AN-2 reading stale since 08:41, please inspect and reset"}, j({"created": False, "error": "duplicate_request", "detail": "An open request DSP-20917 (patrol, Chair 4 top station) already exists; created 08:52:30, assignee: unassigned", "request_ts": hhmmss(base, t)}))])
    return s, (5, 12)


@session("ski_lift_operations", "runaway", "Exact repetition: the same dispatch of a lift mechanic refused with the same 403 scope error, retried with the same words.")
def ski_r_exact(rng):
    s = Session(SKI_SYS, "Gondola GD1 operator reports a grinding noise at the bottom bullwheel on every cabin pass. Get a lift mechanic out there now and keep the gondola running at reduced speed if wind allows.", SKI_TOOLS)
    s.step(8, "Checking the gondola first.", [("lift_status", {"lift_id": "GD1"}, j({"lift_id": "GD1", "name": "Valley Gondola", "state": "OPEN", "speed_mps": 5.0, "cabins_online": 48, "operator_note": "grinding noise bottom bullwheel", "server_time": "10:12:44"}))])
    s.step(6, "And the valley wind sensor for the reduced-speed decision.", [("get_wind", {"sensor_id": "VALLEY-AN-1"}, j({"sensor_id": "VALLEY-AN-1", "avg_kmh": 18.2, "gust_kmh": 29.5, "dir_deg": 250, "status": "OK", "last_sample": "10:12:50"}))])
    err = j({"error": "forbidden", "status": 403, "detail": "token scope 'ops.read' may not create dispatch requests for role 'lift_mechanic'; required scope: 'maint.dispatch'"})
    s.step(9, "Wind is fine for reduced speed. Dispatching a lift mechanic to the GD1 bottom terminal.", [("dispatch_staff", {"role": "lift_mechanic", "location": "GD1 bottom terminal", "note": "grinding noise at bottom bullwheel each cabin pass; inspect bearings"}, err)])
    for i in range(10):
        s.step(rng.randint(4, 9), "The dispatch failed. Retrying the lift mechanic dispatch to the GD1 bottom terminal.", [("dispatch_staff", {"role": "lift_mechanic", "location": "GD1 bottom terminal", "note": "grinding noise at bottom bullwheel each cabin pass; inspect bearings"}, err)])
    return s, (5, 9)


@session("ski_lift_operations", "healthy", "Poller whose numbers move: wind on Chair 4 drops every 5 minutes, holds below limits for 15 minutes, test run, lift reopens.")
def ski_h_poll(rng):
    s = Session(SKI_SYS, "Chair 4 is on wind hold (gusts in the 70s). Poll SUMMIT-AN-2 every five minutes; when it has been inside limits for 15 minutes, dispatch lift ops for the test run and tell me when it's open.", SKI_TOOLS)
    base = 11 * 3600 + 5 * 60
    t = 0
    readings = [(52.1, 74.8), (50.3, 71.0), (48.9, 68.2), (46.0, 63.9), (44.1, 61.5), (42.7, 58.3), (41.0, 56.0), (39.2, 54.4), (37.5, 51.1)]
    inside = 0
    for i, (avg, gust) in enumerate(readings):
        d = 300 if i else 20
        t += d
        ok = avg < 45 and gust < 60
        inside = inside + 1 if ok else 0
        if i == 0:
            text = "Starting the 5-minute poll of SUMMIT-AN-2."
        else:
            pa, pg = readings[i - 1]
            text = f"Previous reading: avg {pa} km/h, gust {pg} km/h — " + ("inside limits" if pa < 45 and pg < 60 else "still above limits") + f". Window inside limits: {max(0, inside - 1) * 5} min. Next poll."
        s.step(d, text, [("get_wind", {"sensor_id": "SUMMIT-AN-2"}, j({"sensor_id": "SUMMIT-AN-2", "avg_kmh": avg, "gust_kmh": gust, "dir_deg": 285 + i, "status": "OK", "last_sample": hhmmss(base, t - 4), "trend_10min": "falling"}))])
    s.step(30, "Fifteen minutes inside limits (four readings: avg 42.7→37.5, gusts 58.3→51.1). Dispatching lift ops for the test run.", [("dispatch_staff", {"role": "lift_ops", "location": "Chair 4 bottom station", "note": "wind inside limits 15 min; run empty test cycle and report"}, j({"created": True, "request_id": "DSP-21044", "assignee": "K. Brunner", "eta_min": 6}))])
    for k, (state, note) in enumerate([("TEST_RUN", "empty chairs cycling, 1 of 2 loops done"), ("TEST_RUN", "loop 2 of 2, no swing observed at towers 9-12"), ("OPEN", "opened by K. Brunner after test run")]):
        d = 240
        t += d
        s.step(d, "Test run requested (DSP-21044, K. Brunner, ETA 6 min). Checking Chair 4." if k == 0 else f"Chair 4 state was {('TEST_RUN', 'TEST_RUN')[k - 1]}; checking again.", [("lift_status", {"lift_id": "CH4"}, j({"lift_id": "CH4", "name": "Summit Express", "state": state, "note": note, "server_time": hhmmss(base, t)}))])
    s.step(15, "Chair 4 (Summit Express) is OPEN as of " + hhmmss(base, t) + " after a clean two-loop test run by K. Brunner. Wind at last poll: avg 37.5 km/h, gusts 51.1 km/h, falling.", user="Great, thanks. Stop polling.")
    s.step(1500, "Polling stopped. I'll stay idle until you need me.", user="Actually, can you check GD1 once before lunch?")
    s.step(5, "Checking the gondola.", [("lift_status", {"lift_id": "GD1"}, j({"lift_id": "GD1", "name": "Valley Gondola", "state": "OPEN", "speed_mps": 6.0, "cabins_online": 52, "server_time": hhmmss(base, t + 1520)}))])
    return s, None


@session("ski_lift_operations", "healthy", "Batch opening round: the same check on twelve lifts, the same icing warning recurs on several lifts and each gets its own de-icing dispatch.")
def ski_h_batch(rng):
    s = Session(SKI_SYS + " For the opening round: check each lift in the list in order, and if the status shows sheave or haul-rope icing, dispatch a lift_mechanic to that lift before anything else.", "Opening round, please: TB7, CH1, CH2, CH3, CH4, CH5, GD1, MC1, MC2, TB8, CH6, PL1.", SKI_TOOLS)
    lifts = [("TB7", "Edelweiss T-bar"), ("CH1", "Village Quad"), ("CH2", "Lärchen Six"), ("CH3", "Ridge Double"), ("CH4", "Summit Express"), ("CH5", "Nordhang Quad"), ("GD1", "Valley Gondola"), ("MC1", "Kinderland carpet 1"), ("MC2", "Kinderland carpet 2"), ("TB8", "Glacier T-bar"), ("CH6", "Wildkar Six"), ("PL1", "Park platter")]
    icy = {"CH2": "sheave train tower 4 iced", "CH3": "haul rope icing at return terminal", "CH5": "sheave train tower 11 iced", "TB8": "haul rope icing, track frozen"}
    prev = None
    for i, (lid, nm) in enumerate(lifts):
        txt = "Starting the opening round with TB7." if i == 0 else (f"{prev} is ready." if prev not in icy else f"De-icing dispatch for {prev} created.") + f" Next: {lid}."
        st = {"lift_id": lid, "name": nm, "state": "CLOSED_OVERNIGHT", "preop_check": "done" if lid not in icy else "blocked", "icing": icy.get(lid), "temp_c": -9 - i % 4, "server_time": f"07:{10 + 2 * i:02d}:0{i % 10}"}
        calls = [("lift_status", {"lift_id": lid}, j(st))]
        s.step(rng.randint(6, 15), txt, calls)
        if lid in icy:
            s.step(rng.randint(5, 9), f"{lid} ({nm}) reports: {icy[lid]}. Dispatching a lift mechanic.", [("dispatch_staff", {"role": "lift_mechanic", "location": f"{lid} {nm}", "note": f"{icy[lid]}; de-ice before opening"}, j({"created": True, "request_id": f"DSP-2{1100 + i}", "assignee": ["M. Huber", "S. Gruber", "L. Pichler", "A. Wolf"][len([x for x in lifts[:i] if x[0] in icy]) % 4], "eta_min": 10 + i}))])
        prev = lid
    s.step(10, "Opening round done. Ready: TB7, CH1, CH4, CH6, GD1, MC1, MC2, PL1. De-icing dispatched: CH2 (DSP-21102), CH3 (DSP-21103), CH5 (DSP-21105), TB8 (DSP-21109).", user="Thanks. Re-check CH2 in a bit.")
    return s, None



# ---- pottery_glaze_chemist (tool-less)

POT_SYS = (
    "You are a ceramics glaze chemist helping a studio potter. Give recipes in percent of dry batch (sum to 100, "
    "colorants as additions), explain with unity molecular formula reasoning when useful, and be concrete about firing schedules."
)

BASE_GLAZE = """Base: 'Juniper Satin' cone 6 oxidation
  Custer feldspar    28.0
  Silica (325)       24.0
  Wollastonite       18.0
  EPK kaolin         16.0
  Frit 3134           8.0
  Talc                6.0
  + Copper carbonate  2.5
  + Rutile            4.0
  + Bentonite         2.0"""


def kiln_log(rng, peak="2232", hold=10, rows=180):
    lines = ["Skutt KMT-1027 Genesis  --  Firing log export", "Program: C6 SLOW GLAZE (user 3)   Thermocouples: 3 (T/C Top, Mid, Bot)", "Time      Seg  SetPt  Top    Mid    Bot    Out%  Status"]
    temp = 72.0
    for i in range(rows):
        seg = 1 if temp < 220 else 2 if temp < 2000 else 3 if temp < int(peak) else 4
        rate = {1: 1.3, 2: 5.0, 3: 1.7, 4: -3.0}[seg]
        temp = max(72.0, min(float(peak), temp + rate * 10 + rng.uniform(-2, 2)))
        sp = round(temp + rng.uniform(-3, 3))
        lines.append(f"{i // 6:02d}:{i % 6 * 10:02d}     {seg}   {sp:5d}  {temp:5.0f}  {temp - rng.uniform(2, 9):5.0f}  {temp - rng.uniform(6, 18):5.0f}  {rng.randint(35, 100):3d}   {'HOLD' if seg == 4 and i % 7 == 0 else 'RAMP'}")
    lines.append(f"Peak {peak}F reached, hold {hold} min, then controlled cool 150F/hr to 1500F. Error log: none. Relay cycles this firing: {rng.randint(1800, 2600)}")
    return "\n".join(lines)


@session("pottery_glaze_chemist", "runaway", "Paraphrase loop, no tools: the assistant keeps proposing the same crazing fix (more silica, less feldspar) in new words; the potter keeps reporting the same crazing on the same clay.")
def pot_r_paraphrase(rng):
    s = Session(POT_SYS, "My Juniper Satin is crazing on Laguna B-Mix 5 about a day after unloading, fine network of cracks, worse on the inside of mugs. Recipe:\n" + BASE_GLAZE + "\nFired to cone 6, 10 min hold, natural cool. Kiln log attached below.\n\n" + kiln_log(rng))
    fixes = [
        "Crazing means the glaze contracts more than the clay body on cooling. Raise silica and lower the high-expansion sodium/potassium from the feldspar: try Silica 28, Custer 24, keep the rest. That drops the calculated expansion by roughly 4%.",
        "The glaze is in tension because its thermal expansion is above B-Mix's. The simplest lever is silica: move 4 points from Custer feldspar to silica (Custer 24, Silica 28). Less KNaO, more SiO2, lower COE.",
        "This is a classic expansion mismatch. Swap some feldspar for silica — for example four percent: feldspar down to 24, silica up to 28 — to cut the alkali content that drives expansion.",
        "To stop crazing you need a lower-expansion glaze. Reduce Custer by 4 and add that 4 to the silica (24 / 28). The extra SiO2 and reduced sodium/potassium bring the glaze into compression.",
        "Your glaze expands and shrinks more than the clay. Rebalance: Custer feldspar 24.0, Silica 28.0, all else unchanged. That is the standard first fix for crazing.",
    ]
    replies = [
        "I tried exactly that, Custer 24 / silica 28, same firing. Still crazed overnight, same fine net inside the mugs. What next?",
        "That's the same change as before. I already fired it. It crazed again. Same clay, same kiln.",
        "Again — I did 24/28. Crazed. Can we try something different?",
        "You keep telling me the same thing. 24/28 crazes on B-Mix 5 in my kiln. Please try another approach.",
        "Same result. Crazing. Still B-Mix 5.",
    ]
    s.step(140, fixes[0], user="OK, I'll mix a test batch and fire it tonight.")
    s.step(rng.randint(60, 200), "Sounds good. Fire it on the same schedule so only the recipe changes, and check it 24-48 hours after unloading; an ice-water/boiling-water shock test will show latent crazing quickly.", user=replies[0])
    for i in range(12):
        s.step(rng.randint(40, 240), fixes[(i + 1) % len(fixes)], user=replies[min(1 + i, len(replies) - 1)])
    return s, (4, 9)


@session("pottery_glaze_chemist", "runaway", "The assistant keeps asking the same clarification (cone and atmosphere) while the potter's answers repeat the same facts.")
def pot_r_clarify(rng):
    s = Session(POT_SYS, "Why is my celadon coming out muddy grey-green instead of clear blue? Recipe: Grolleg 25, Custer 25, Silica 30, Whiting 20, + red iron oxide 1.0. Porcelain, Frost body.")
    asks = [
        "Before I can diagnose this: what cone do you fire to, and is it reduction or oxidation? Celadon colour depends almost entirely on the atmosphere.",
        "Thanks. To be sure I understand — what cone are you firing to, and in which atmosphere (reduction or oxidation)?",
        "Could you confirm the firing cone and whether the kiln is reducing or oxidizing? That determines whether iron gives blue or green.",
        "One more clarification: which cone, and what atmosphere — reduction or oxidation?",
    ]
    answer = "Cone 10, gas kiln, body reduction from cone 010, heavy reduction. As I said."
    s.step(45, asks[0], user="Cone 10 reduction in a gas kiln. Body reduction starts at cone 010.")
    for i in range(13):
        s.step(rng.randint(30, 90), asks[1 + i % 3], user=answer if i % 2 == 0 else "Cone 10. Reduction. Gas. Same as I wrote above.")
    return s, (3, 8)



@session("pottery_glaze_chemist", "healthy", "Slow human: the potter answers 20-60 minutes apart while wet-sieving, dipping and reading test tiles; each answer brings a new observation and the advice moves on.")
def pot_h_slow(rng):
    s = Session(POT_SYS, "I want a cone 6 oxidation floating blue that doesn't run off vertical surfaces. I have the classic Floating Blue recipe but it ran onto my kiln shelf last time. Where do I start?")
    conv = [
        ("Floating Blue runs because it is high in boron frit and low in alumina. Start with a line blend that adds EPK in 2% steps (0, 2, 4, 6) and apply at the same thickness — three dips of a 1.45 specific gravity slurry is common. Put each tile on a cookie of scrap clay.", "Mixed the four, SG 1.46 measured with a hydrometer. Dipping now, will report after the bisque tiles dry.", 1500),
        ("Good. While they dry, mark tile thickness with a pin-tool scratch so you can see how far each one moves. Fire with a 15-minute hold at peak and a controlled cool from 1900F at 150F/hr — the cool is what grows the blue/rutile variegation.", "Fired and unloaded. +0 ran 9 mm past the foot line; +2 ran 5 mm; +4 about 1 mm and still variegated; +6 went stiff and dry-looking, no float.", 3300),
        ("So +4 EPK is the sweet spot. Between +4 and +6 the surface lost its gloss, which suggests you crossed into underfired alumina. Next: keep +4 and test thickness — 2, 3 and 4 dips — since running is also a thickness problem.", "Ok. Doing thickness tiles now. Also, my rutile is from a new bag (Ceramic Supply TiO2 light). Does that matter?", 2100),
        ("It can. Rutile varies by source in iron and particle size; the 'light' grades often give less variegation. If the blue looks flat, try +1% extra rutile, or go back to the old grade for one tile as a control.", "Thickness test out: 2 dips = thin, brownish; 3 dips = good, 1 mm movement; 4 dips = 3 mm, pooled blue in the ring. The new rutile looks slightly flatter than my old tiles.", 2700),
        ("Then 3 dips is your process. For the flatter variegation, a 5% rutile version of the +4 recipe is worth one tile; everything else stays. Also consider a slow cool hold at 1800F for 30 minutes.", "5% rutile tile: nicer, more streaking. With the 1800F hold it's even better, but there's some tiny pinholing at the rim.", 3600),
        ("Pinholing at the rim is usually bisque outgassing or too-thick application at the rim where the dip overlaps. Bisque to cone 04 slowly, wipe the rim overlap, and add a 10-minute drop-and-hold at 2100F after peak to heal pinholes.", "Drop-and-hold fixed the pinholes on two mugs out of two. I think we're there. Can you write the final recipe and schedule?", 2400),
        ("Final: Floating Blue +4 EPK +5% rutile, 3 dips at SG 1.45-1.46. Schedule: 200F/hr to 1000F, 400F/hr to 2000F, 108F/hr to 2200F, hold 15, drop to 2100F hold 10, cool 150F/hr to 1800F hold 30, then natural cool. Bisque to cone 04 slowly.", "Perfect. One last thing — should I keep the line blend tiles labelled with the batch number?", 1800),
        ("Yes — label with the batch number, SG and dip count on the back in iron oxide wash; it saves you from re-running this test when a material lot changes.", "Thanks, this was super helpful.", 1200),
    ]
    for text, user, dt in conv:
        s.step(dt + rng.randint(0, 300), text, user=user)
    return s, None


RECIPE_ROWS = ["Custer feldspar", "Silica (325)", "Wollastonite", "EPK kaolin", "Frit 3134", "Talc"]


def recipe_table(vals, adds):
    rows = [f"| {n:<16} | {v:5.1f} |" for n, v in zip(RECIPE_ROWS, vals)]
    rows += [f"| + {n:<14} | {v:5.1f} |" for n, v in adds]
    return "| material         |  %    |\n|---|---|\n" + "\n".join(rows) + f"\n| total (base)     | {sum(vals):5.1f} |"


@session("pottery_glaze_chemist", "healthy", "Iterative refinement in one answer template (table + expected effect + test plan): each round changes one or two numbers after the potter's new test result.")
def pot_h_refine(rng):
    s = Session(POT_SYS + " Always answer with: the full recipe table, the expected effect, and the one-tile test to run next.", "Let's tune Juniper Satin towards a softer matte without going dry. Current recipe below; fired cone 6 ox. It's too glossy.\n" + BASE_GLAZE)
    vals = [28.0, 24.0, 18.0, 16.0, 8.0, 6.0]
    adds = [("Copper carb", 2.5), ("Rutile", 4.0), ("Bentonite", 2.0)]
    changes = [
        ((1, -3.0), (3, +3.0), "More alumina, less silica: raises the Al2O3:SiO2 ratio toward matte (expected SiO2:Al2O3 ~6.2).", "Tile 1: satin on the flats, still glossy where thick. Nice colour."),
        ((5, +2.0), (2, -2.0), "More talc (MgO) for a buttery magnesia matte; slightly less wollastonite to keep CaO in range.", "Tile 2: smoother, lovely feel, a bit lighter green."),
        ((4, -2.0), (0, +2.0), "Lower boron for less melt fluidity; more feldspar to keep the melt.", "Tile 3: too dry on verticals, slightly rough."),
        ((4, +1.0), (0, -1.0), "Half-way back on the frit: between tile 2 and tile 3.", "Tile 4: that's it for the surface. Colour a touch pale."),
        (None, None, "Colour only: copper carbonate 2.5 -> 3.0; base unchanged.", "Tile 5: colour good, but some metallic black spots where thick."),
        (None, None, "Copper back to 2.75 to avoid copper saturation spots; add 0.5 tin to soften.", "Tile 6: no spots, colour right. Will glaze a full kiln."),
        (None, None, "No change: final. Mix 10 kg batches using this table.", "Full kiln came out consistent. Thanks!"),
    ]
    for k, (a, b, effect, result) in enumerate(changes):
        for ch in (a, b):
            if ch:
                vals[ch[0]] = round(vals[ch[0]] + ch[1], 1)
        if k == 4:
            adds[0] = ("Copper carb", 3.0)
        if k == 5:
            adds[0] = ("Copper carb", 2.75)
            adds.append(("Tin oxide", 0.5))
        text = f"Round {k + 1}.\n\n" + recipe_table(vals, adds) + f"\n\nExpected effect: {effect}\n\nNext tile: fire this version beside the previous one, same shelf position, same 3-dip thickness."
        s.step(rng.randint(600, 5400), text, user=result)
    return s, None



# ---- travel_reimbursement_claims

TRV_TOOLS = [
    tool("ocr_receipt", "OCR a scanned receipt attached to a claim; returns merchant, date, currency and line items.", {"receipt_id": ("string", "e.g. RCPT-88213")}),
    tool("check_policy", "Check a claim's line items against the travel policy; returns flags per line.", {"claim_id": ("string", "claim id"), "lines": ("array", "line items as {category, amount_cents, currency}")}),
    tool("issue_payment", "Create a reimbursement payment to the claimant's bank account.", {"claim_id": ("string", "claim id"), "amount_cents": ("integer", "EUR cents"), "iban": ("string", "destination IBAN"), "reference": ("string", "payment reference")}),
]
TRV_SYS = "You are ClaimBot for Northwind Research's finance team. You process conference travel claims: OCR each receipt, check the policy, then pay approved amounts in EUR. Never pay a line the policy flags as 'reject'."

CITY_CAPS = [("Amsterdam", 210, 75), ("Barcelona", 180, 70), ("Berlin", 165, 65), ("Boston", 260, 90), ("Copenhagen", 220, 85), ("Dublin", 195, 70), ("Lisbon", 150, 60), ("London", 240, 85), ("Montreal", 200, 75), ("Munich", 185, 70), ("New Orleans", 210, 80), ("Paris", 230, 80), ("Prague", 130, 55), ("San Francisco", 310, 95), ("Seattle", 270, 90), ("Singapore", 250, 80), ("Stockholm", 215, 80), ("Tokyo", 240, 85), ("Vancouver", 230, 80), ("Vienna", 170, 65)]


def travel_policy():
    parts = ["NORTHWIND RESEARCH GmbH — TRAVEL & EXPENSE POLICY (FIN-POL-007, version 4.2, effective 1 March 2026)", ""]
    secs = [
        ("1. Scope", "This policy applies to all employees, contractors with a travel clause, and invited speakers whose travel Northwind has agreed in writing to reimburse. It covers conference and customer travel. Relocation, recruiting travel and team off-sites follow FIN-POL-011."),
        ("2. Approval before travel", "Every trip needs a travel request (TR) approved by the cost-centre owner before booking. Conference trips additionally need the conference listed in the annual events plan or an exception signed by a director. Claims without an approved TR number are returned to the claimant without review."),
        ("3. Air travel", "Economy class for flights under 6 hours block time; premium economy allowed above 6 hours; business class only above 10 hours and with director approval. Book at least 14 days in advance where possible. Seat selection fees up to EUR 35 per segment are reimbursable. Fare class upgrades paid with personal miles are not reimbursed in cash."),
        ("4. Rail", "Second class by default; first class allowed for journeys over 4 hours or where the first-class fare is no more than 15% above the second-class fare. Deutsche Bahn BahnCard 25 is reimbursed for employees travelling more than six times a year by rail."),
        ("5. Hotels", "Hotels up to the nightly cap of the destination city (table A), excluding city tax. If the official conference hotel rate is above the cap, the conference rate is allowed provided the claimant attaches the conference booking page or confirmation showing the rate. Minibar, in-room movies, laundry for trips under 5 nights and spa services are not reimbursed."),
        ("6. Meals and per diem", "Either actual meals up to the daily meal cap of table A with itemised receipts, or the German statutory per diem (Verpflegungsmehraufwand) for the country — never both for the same day. Meals included in the conference fee or hotel rate reduce the per diem: breakfast 20%, lunch 40%, dinner 40%. Alcohol is reimbursed only at customer dinners with the attendee list attached."),
        ("7. Ground transport", "Public transport and airport trains preferred. Taxis and ride-hailing are allowed after 22:00, with luggage over 20 kg, or when public transport would take 45 minutes longer. Rental cars need prior approval; fuel is reimbursed on receipts, mileage for private cars at EUR 0.30/km."),
        ("8. Receipts", "Every line item above EUR 10 needs an itemised receipt. Credit card slips alone are not receipts. Receipts in foreign currency are converted at the ECB reference rate of the transaction date unless the card statement shows the actual rate, which then prevails. Lost receipts: a signed lost-receipt declaration (form FIN-F-22) is accepted up to EUR 75 per claim."),
        ("9. Conference fees", "Registration fees are reimbursed at the early-bird rate if the trip was approved before the early-bird deadline; otherwise at the rate paid. Workshops and tutorials need to be on the approved TR. Membership fees required for the member rate are reimbursed if the membership costs less than the discount it yields."),
        ("10. Submission deadline", "Claims must be submitted within 60 days of the trip's end. Claims submitted 61-90 days late are reimbursed only with the cost-centre owner's written approval. Claims older than 90 days are not reimbursed."),
        ("11. Payment", "Approved claims are paid by SEPA transfer to the IBAN on file in the HR system within 10 working days. A different IBAN requires the claimant to update their bank details in the HR portal; finance cannot pay to an IBAN not on file."),
        ("12. Combining business and leisure", "Private days added to a business trip are allowed if the airfare is no higher than for the business-only dates (attach both quotes). Hotel nights and meals on private days are not reimbursed."),
        ("13. Exceptions", "Exceptions need the written approval of the CFO or a delegate, attached to the claim. Safety always comes first: a more expensive option chosen for safety reasons is reimbursed with a short justification."),
    ]
    for h, body in secs:
        parts += [h, body, ""]
        for k in range(1, 4):
            parts.append(f"{h.split('.')[0]}.{k} " + {1: "Examples: ", 2: "Common mistakes: ", 3: "Finance note: "}[k] + body.split(". ")[k % len(body.split('. '))].strip().rstrip(".") + ".")
        parts.append("")
    parts.append("TABLE A — nightly hotel caps and daily meal caps (EUR)")
    parts.append("city | hotel cap/night | meal cap/day")
    for c, h, m in CITY_CAPS:
        parts.append(f"{c} | {h} | {m}")
    return "\n".join(parts)


@session("travel_reimbursement_claims", "runaway", "Renamed entities: every payment attempt gets a fresh payment-request id and fails with the same IBAN checksum error; the agent keeps re-creating the payment.")
def trv_r_renamed(rng):
    s = Session(TRV_SYS, "Process claim CLM-4471 (Dr. Mareike Sommer, NeurIPS workshop, Vancouver). Receipts RCPT-90311 (hotel) and RCPT-90312 (registration). Her IBAN: DE89 3704 0044 0532 0131 00.", TRV_TOOLS)
    s.step(5, "OCR of the hotel receipt first.", [("ocr_receipt", {"receipt_id": "RCPT-90311"}, j({"merchant": "Pan Pacific Vancouver", "date": "2026-12-09", "currency": "CAD", "lines": [{"desc": "Room 3 nights @ 289.00", "amount": 867.00}, {"desc": "City tax", "amount": 60.69}], "total": 927.69, "confidence": 0.97}))])
    s.step(6, "Now the registration receipt.", [("ocr_receipt", {"receipt_id": "RCPT-90312"}, j({"merchant": "NeurIPS Foundation", "date": "2026-08-30", "currency": "USD", "lines": [{"desc": "Workshop registration (academic)", "amount": 475.00}], "total": 475.00, "confidence": 0.99}))])
    lines = [{"category": "hotel", "amount_cents": 59712, "currency": "EUR"}, {"category": "registration", "amount_cents": 43418, "currency": "EUR"}]
    s.step(7, "Converted at ECB rates (CAD 1.5526, USD 1.0940). Checking policy.", [("check_policy", {"claim_id": "CLM-4471", "lines": lines}, j({"claim_id": "CLM-4471", "flags": [{"line": 0, "result": "ok", "note": "conference rate attached, above Vancouver cap 230 allowed"}, {"line": 1, "result": "ok"}], "approved_cents": 103130}))])
    ids = ["PR-7720%d" % i for i in range(1, 10)]
    refs = ["CLM-4471 Sommer NeurIPS", "CLM-4471 reimbursement", "Reimb. CLM-4471", "CLM-4471 travel Vancouver", "CLM4471 SOMMER", "CLM-4471 retry", "CLM-4471", "CLM-4471 NeurIPS travel", "CLM-4471 re-issue"]
    texts = ["Policy approves EUR 1,031.30. Issuing payment.", "The bank rejected payment request PR-77201. Creating a new payment request.", "Rejected again (PR-77202). Re-issuing with a shorter reference.", "PR-77203 was rejected. Trying once more with a different reference.", "Still rejected. Creating another payment request.", "Payment request failed again; re-creating the transfer.", "Rejected. Issuing a fresh payment.", "The transfer was declined; trying a new payment request.", "Another rejection; re-submitting the payment."]
    for i in range(9):
        s.step(rng.randint(5, 20), texts[i], [("issue_payment", {"claim_id": "CLM-4471", "amount_cents": 103130, "iban": "DE89370400440532013100", "reference": refs[i]}, j({"payment_request": ids[i], "status": "rejected", "error": {"code": "IBAN_CHECKSUM", "message": f"{ids[i]}: IBAN DE89370400440532013100 fails ISO 13616 mod-97 check"}, "created_at": f"2026-12-21T14:{10 + i * 2:02d}:{rng.randint(0, 59):02d}Z"}))])
    return s, (6, 10)


@session("travel_reimbursement_claims", "runaway", "Two agents hand the same claim back and forth: the policy agent (assistant) approves and routes to payments; the payments agent (user turns) returns it for a manager approval that never comes.")
def trv_r_handoff(rng):
    s = Session(TRV_SYS + " You are the Policy agent in a two-agent pipeline. When a claim passes policy, route it to the Payments agent by writing 'ROUTE -> PAYMENTS' and a summary.", "[from Intake agent] CLM-4502, Jonas Weber, KubeCon Paris, 4 hotel nights at EUR 268 (cap Paris 230), conference rate page attached. Please review.", TRV_TOOLS)
    s.step(9, "Checking the lines against policy.", [("check_policy", {"claim_id": "CLM-4502", "lines": [{"category": "hotel", "amount_cents": 107200, "currency": "EUR"}, {"category": "registration", "amount_cents": 89900, "currency": "EUR"}]}, j({"claim_id": "CLM-4502", "flags": [{"line": 0, "result": "ok", "note": "above Paris cap 230; conference rate evidence attached (sec. 5)"}, {"line": 1, "result": "ok"}], "approved_cents": 197100}))])
    pol = [
        "ROUTE -> PAYMENTS\nCLM-4502 passes policy: hotel EUR 268/night exceeds the Paris cap (230) but the conference rate exception of section 5 applies and the booking page is attached. Approved total EUR 1,971.00.",
        "ROUTE -> PAYMENTS\nAs reviewed: CLM-4502 is within policy. Section 5 allows the conference hotel rate above the cap when the booking page is attached, which it is. No manager approval is required. Approved EUR 1,971.00.",
        "ROUTE -> PAYMENTS\nCLM-4502: policy check passed (section 5 conference-rate exception, evidence attached). Approved EUR 1,971.00; manager approval not needed under policy.",
    ]
    pay = [
        "[from Payments agent] Returning CLM-4502 to Policy: hotel line exceeds city cap. Payments requires a manager approval reference for any over-cap line. RETURN -> POLICY",
        "[from Payments agent] CLM-4502 returned. Over-cap hotel (268 > 230). No manager approval reference on file. Cannot release payment. RETURN -> POLICY",
        "[from Payments agent] RETURN -> POLICY: CLM-4502 hotel line over cap; manager approval ref missing.",
    ]
    for i in range(12):
        s.step(rng.randint(20, 50), pol[i % 3], user=pay[i % 3] if i < 11 else pay[0])
    return s, (4, 9)


@session("travel_reimbursement_claims", "healthy", "Stateless Q&A client: every request is the same 12 KB travel policy plus a new claimant question; no history is kept.")
def trv_h_stateless(rng):
    doc = travel_policy()
    qs = [
        "My conference hotel in Boston was $289/night (official hotel). Is that reimbursable in full?",
        "I lost the receipt for a EUR 48 taxi from the airport at 23:30. What do I do?",
        "Can I claim per diem for Tuesday if I also have a dinner receipt from Tuesday?",
        "I'm flying Frankfurt to Singapore, 12h40. Can I fly business?",
        "The conference included lunch on both days. How does that change my per diem?",
        "I submitted my claim 75 days after the trip. Will it be paid?",
        "I want to add two vacation days in Lisbon after the conference. What is reimbursed?",
        "Is the BahnCard 25 reimbursable for me? I take the train to Munich about 8 times a year.",
        "I changed banks. Can finance pay my claim to my new IBAN directly?",
        "I bought the early-bird registration after the deadline because my TR was approved late. Which rate is reimbursed?",
        "Our customer dinner in Dublin had wine. Is that covered?",
        "Is a EUR 30 seat selection fee on a 2h flight covered?",
    ]
    s = Session("Answer questions about the travel policy below. Quote the section number. If the policy does not say, say so.", doc + "\n\nQUESTION: " + qs[0], stateless=True)
    for q in qs[1:]:
        s.step(rng.randint(40, 900), "(stateless)", user=doc + "\n\nQUESTION: " + q)
    return s, None


@session("travel_reimbursement_claims", "healthy", "Batch of claims with one answer template; the same 'itemised receipt missing' flag recurs on several different claims and each is handled and paid or held.")
def trv_h_batch(rng):
    s = Session(TRV_SYS + " After each claim, write exactly: 'CLM-x | claimant | approved EUR | held EUR | reason'.", "Queue for today: CLM-4610 .. CLM-4616. Go.", TRV_TOOLS)
    claims = [
        ("CLM-4610", "A. Okafor", "Berlin", [("hotel", 15900), ("meals", 4250)], None),
        ("CLM-4611", "P. Lindqvist", "Prague", [("hotel", 12800), ("taxi", 3800)], "taxi"),
        ("CLM-4612", "R. Tanaka", "Tokyo", [("hotel", 71000), ("rail", 1450)], None),
        ("CLM-4613", "M. Rossi", "Barcelona", [("hotel", 54000), ("meals", 6120)], "meals"),
        ("CLM-4614", "L. Fischer", "Vienna", [("registration", 65000)], None),
        ("CLM-4615", "D. Nowak", "Copenhagen", [("hotel", 66000), ("taxi", 2900)], "taxi"),
        ("CLM-4616", "S. Haddad", "Lisbon", [("hotel", 45000), ("meals", 5400)], None),
    ]
    prev = None
    for n, (cid, who, city, lines, missing) in enumerate(claims):
        rid = f"RCPT-9{4400 + n * 3}"
        lead = "Starting with CLM-4610." if prev is None else prev
        ocr_lines = [{"desc": f"{cat} {city}", "amount": cents / 100, "itemised": cat != missing} for cat, cents in lines]
        s.step(rng.randint(6, 14), lead, [("ocr_receipt", {"receipt_id": rid}, j({"merchant": f"{city} — various", "currency": "EUR", "lines": ocr_lines, "confidence": round(0.9 + n / 100, 2)}))])
        flags = [{"line": i, "result": "hold" if cat == missing else "ok", "note": "itemised receipt missing (sec. 8); lost-receipt form FIN-F-22 not attached" if cat == missing else ""} for i, (cat, _) in enumerate(lines)]
        ok = sum(c for cat, c in lines if cat != missing)
        held = sum(c for cat, c in lines if cat == missing)
        s.step(rng.randint(4, 9), f"OCR done for {cid}. Checking policy.", [("check_policy", {"claim_id": cid, "lines": [{"category": cat, "amount_cents": c, "currency": "EUR"} for cat, c in lines]}, j({"claim_id": cid, "flags": flags, "approved_cents": ok}))])
        s.step(rng.randint(4, 9), f"Paying the approved part of {cid}.", [("issue_payment", {"claim_id": cid, "amount_cents": ok, "iban": "on_file", "reference": f"{cid} {who}"}, j({"payment_request": f"PR-78{300 + n}", "status": "accepted", "value_date": "2026-12-23"}))])
        prev = f"{cid} | {who} | {ok / 100:.2f} | {held / 100:.2f} | " + ("itemised receipt missing for " + missing + " — ask claimant for FIN-F-22" if missing else "all lines ok")
    s.step(8, prev + "\nQueue done: 7 claims, 3 with a held line for a missing itemised receipt.", user="Thanks — send the three claimants the FIN-F-22 reminder tomorrow.")
    return s, None



# ---- flutter_build_fixer

FL_TOOLS = [
    tool("flutter_build", "Run a Flutter build or test command in the project root and return its output.", {"command": ("string", "e.g. 'flutter build apk --debug', 'flutter test'")}),
    tool("pub_get", "Run 'flutter pub get' and return its output.", {}, required=[]),
    tool("edit_file", "Replace text in a file of the project.", {"path": ("string", "relative path"), "find": ("string", "exact text to replace"), "replace": ("string", "new text")}),
]
FL_SYS = "You are a coding agent fixing build errors in the Flutter app 'trailmate' (Flutter 3.27.1, Dart 3.6.0, Android Gradle Plugin 8.3.1). Make the smallest change that fixes the build, then build again."

GRADLE_TASKS = [":app:preBuild", ":app:preDebugBuild", ":app:mergeDebugNativeDebugMetadata", ":app:compileFlutterBuildDebug", ":app:packLibsflutterBuildDebug", ":app:generateDebugBuildConfig", ":app:checkDebugAarMetadata", ":app:generateDebugResValues", ":app:mapDebugSourceSetPaths", ":app:generateDebugResources", ":app:mergeDebugResources", ":app:packageDebugResources", ":app:parseDebugLocalResources", ":app:createDebugCompatibleScreenManifests", ":app:extractDeepLinksDebug", ":app:processDebugMainManifest", ":app:processDebugManifest", ":app:processDebugManifestForPackage", ":app:processDebugResources", ":app:compileDebugKotlin", ":app:javaPreCompileDebug"]
PLUGINS = ["path_provider_android", "shared_preferences_android", "geolocator_android", "url_launcher_android", "sqflite", "flutter_plugin_android_lifecycle", "permission_handler_android", "google_maps_flutter_android", "image_picker_android", "package_info_plus", "connectivity_plus", "firebase_core", "firebase_crashlytics", "flutter_local_notifications"]


def gradle_log(rng, error_block, run):
    out = [f"Running Gradle task 'assembleDebug'...", "Warning: The plugin geolocator_android requires Android SDK version 35 or higher.", "For more information about build configuration, see https://docs.flutter.dev/deployment/android#reviewing-the-gradle-build-configuration."]
    if run == 0:
        for art in ["androidx.core:core-ktx:1.15.0", "androidx.lifecycle:lifecycle-runtime:2.8.7", "com.google.android.gms:play-services-location:21.3.0", "com.google.firebase:firebase-crashlytics:19.3.0", "org.jetbrains.kotlin:kotlin-stdlib:1.9.24"]:
            out.append(f"Download https://dl.google.com/dl/android/maven2/{art.replace(':', '/').replace('.', '/', 2)}.pom, took {rng.randint(80, 900)} ms")
    for p in PLUGINS:
        for tk in ["preBuild", "preDebugBuild", "compileDebugAidl", "compileDebugRenderscript", "generateDebugBuildConfig", "writeDebugAarMetadata", "generateDebugResValues", "generateDebugResources", "packageDebugResources", "compileDebugKotlin", "compileDebugJavaWithJavac", "bundleLibCompileToJarDebug"]:
            if rng.random() < 0.8:
                out.append(f"> Task :{p}:{tk} {rng.choice(['UP-TO-DATE', 'UP-TO-DATE', 'NO-SOURCE', '', 'FROM-CACHE'])}".rstrip())
        if rng.random() < 0.3:
            out.append(f"w: file:///home/dev/.pub-cache/hosted/pub.dev/{p}-{rng.randint(2, 9)}.{rng.randint(0, 12)}.{rng.randint(0, 9)}/android/src/main/kotlin/Plugin.kt:{rng.randint(20, 400)}:{rng.randint(5, 40)} '{rng.choice(['onRequestPermissionsResult', 'getParcelableExtra', 'startActivityForResult', 'registerReceiver'])}' is deprecated.")
    for tk in GRADLE_TASKS:
        if tk == ":app:checkDebugAarMetadata":
            out.append(f"> Task {tk} FAILED")
            break
        out.append(f"> Task {tk} {rng.choice(['UP-TO-DATE', '', ''])}".rstrip())
    out += ["", "FAILURE: Build failed with an exception.", "", "* What went wrong:", error_block, "", "* Try:", "> Run with --stacktrace option to get the stack trace.", "> Run with --info or --debug option to get more log output.", "> Run with --scan to get full insights.", "> Get more help at https://help.gradle.org.", "", f"BUILD FAILED in {rng.randint(18, 95)}s", f"Error: Gradle task assembleDebug failed with exit code 1"]
    return "\n".join(out)


AAR_ERR = """Execution failed for task ':app:checkDebugAarMetadata'.
> A failure occurred while executing com.android.build.gradle.internal.tasks.CheckAarMetadataWorkAction
   > 2 issues were found when checking AAR metadata:

       1.  Dependency 'androidx.core:core-ktx:1.15.0' requires libraries and applications that
           depend on it to compile against version 35 or later of the
           Android APIs.

           :app is currently compiled against android-34.

           Recommended action: Update this project to use a newer compileSdk
           of at least 35, for example 35.

       2.  Dependency 'androidx.core:core:1.15.0' requires libraries and applications that
           depend on it to compile against version 35 or later of the
           Android APIs.

           :app is currently compiled against android-34."""


@session("flutter_build_fixer", "runaway", "Alternating failing attempts: intl pinned to ^0.19 then ^0.18 and back; pub get fails one way then the other, over and over.")
def fl_r_alternate(rng):
    s = Session(FL_SYS, "CI is red after I added form_builder_validators 11.0.0. Fix pubspec so `flutter pub get` and the build work.", FL_TOOLS)
    err_a = "Resolving dependencies...\nNote: intl is pinned to version 0.19.0 by flutter_localizations from the flutter SDK.\nBecause trailmate depends on flutter_localizations from sdk which depends on intl 0.19.0, intl 0.19.0 is required.\nSo, because trailmate depends on intl ^0.20.1, version solving failed.\n\nYou can try the following suggestion to make the pubspec resolve:\n* Try an upgrade of your constraints: flutter pub upgrade --major-versions"
    err_b = "Resolving dependencies...\nBecause form_builder_validators >=11.0.0 depends on intl ^0.20.0 and trailmate depends on intl ^0.19.0, form_builder_validators >=11.0.0 is forbidden.\nSo, because trailmate depends on form_builder_validators ^11.0.0, version solving failed.\n\nYou can try the following suggestion to make the pubspec resolve:\n* Consider downgrading your constraint on form_builder_validators: flutter pub add form_builder_validators:^10.0.1"
    s.step(10, "Reproducing with pub get.", [("pub_get", {}, err_a)])
    edits = [
        ("intl has to match flutter_localizations (0.19.0). Pinning intl to ^0.19.0.", "  intl: ^0.20.1", "  intl: ^0.19.0", err_b),
        ("form_builder_validators 11 needs intl ^0.20. Moving intl to ^0.20.1 so the validators resolve.", "  intl: ^0.19.0", "  intl: ^0.20.1", err_a),
        ("That conflicts with the SDK pin again. Setting intl back to ^0.19.0 to match flutter_localizations.", "  intl: ^0.20.1", "  intl: ^0.19.0", err_b),
        ("Now the validators conflict. Raising intl to ^0.20.1 for form_builder_validators.", "  intl: ^0.19.0", "  intl: ^0.20.1", err_a),
    ]
    for i in range(8):
        text, f, r, err = edits[min(i, 2 + i % 2) if i >= 2 else i]
        s.step(rng.randint(8, 20), text, [("edit_file", {"path": "pubspec.yaml", "find": f, "replace": r}, j({"ok": True, "path": "pubspec.yaml", "replacements": 1}))])
        s.step(rng.randint(12, 30), "Running pub get.", [("pub_get", {}, err)])
    return s, (7, 12)


@session("flutter_build_fixer", "runaway", "The same compileSdk error buried at the end of a long, varying Gradle log (task lists, deprecation warnings, timings change); the agent tries clean, JVM args, Kotlin version, never compileSdk.")
def fl_r_buried(rng):
    s = Session(FL_SYS, "`flutter build apk --debug` fails on my machine since I bumped geolocator to 13.0.2. Please fix.", FL_TOOLS)
    s.step(12, "Building to see the error.", [("flutter_build", {"command": "flutter build apk --debug"}, gradle_log(rng, AAR_ERR, 0))])
    tries = [
        ("The AAR metadata check often fails on stale caches. Cleaning first.", ("flutter_build", {"command": "flutter clean"}, "Deleting build...                                                  1,204ms\nDeleting .dart_tool...                                              41ms\nDeleting Generated.xcconfig...                                       2ms\nDeleting flutter_export_environment.sh...                            0ms\nDeleting ephemeral...                                                1ms")),
        ("Might be a Gradle daemon memory issue; raising JVM heap.", ("edit_file", {"path": "android/gradle.properties", "find": "org.gradle.jvmargs=-Xmx4G", "replace": "org.gradle.jvmargs=-Xmx8G -XX:MaxMetaspaceSize=2G"}, j({"ok": True, "replacements": 1}))),
        ("Updating the Kotlin plugin, geolocator 13 wants a newer Kotlin.", ("edit_file", {"path": "android/settings.gradle", "find": 'id "org.jetbrains.kotlin.android" version "1.8.22"', "replace": 'id "org.jetbrains.kotlin.android" version "1.9.24"'}, j({"ok": True, "replacements": 1}))),
        ("Clearing caches again after the Kotlin change.", ("flutter_build", {"command": "flutter clean"}, "Deleting build...                                                  988ms\nDeleting .dart_tool...                                              37ms")),
        ("Try upgrading the Gradle wrapper.", ("edit_file", {"path": "android/gradle/wrapper/gradle-wrapper.properties", "find": "gradle-8.3-all.zip", "replace": "gradle-8.7-all.zip"}, j({"ok": True, "replacements": 1}))),
        ("Re-fetching packages in case the plugin cache is inconsistent.", ("pub_get", {}, "Resolving dependencies...\nDownloading packages...\nGot dependencies!\n12 packages have newer versions incompatible with dependency constraints.")),
        ("Cleaning once more.", ("flutter_build", {"command": "flutter clean"}, "Deleting build...                                                  1,021ms")),
    ]
    for k, (text, call) in enumerate(tries):
        s.step(rng.randint(10, 30), text, [call])
        s.step(rng.randint(60, 180), "Rebuilding.", [("flutter_build", {"command": "flutter build apk --debug"}, gradle_log(rng, AAR_ERR, k + 1))])
    return s, (4, 9)


@session("flutter_build_fixer", "healthy", "Test failures that change every run (different tests, different causes) and then pass.")
def fl_h_tests(rng):
    s = Session(FL_SYS, "Make `flutter test` green after the trail-distance refactor.", FL_TOOLS)
    hdr = "00:0{} +{}: loading /home/dev/trailmate/test/"
    runs = [
        ("test/distance_test.dart: haversine distance Zurich to Bern\n  Expected: <95.4>\n    Actual: <95412.7>\n  package:matcher  expect\n  test/distance_test.dart 18:5  main.<fn>\n\n00:04 +23 -1: Some tests failed.", ("lib/geo/distance.dart", "return _earthRadiusM * c;", "return _earthRadiusM * c / 1000.0; // km")),
        ("test/elevation_test.dart: total ascent ignores GPS noise under 3 m\n  Expected: <412>\n    Actual: <598>\n  test/elevation_test.dart 41:7  main.<fn>\n\n00:05 +24 -1: Some tests failed.", ("lib/geo/elevation.dart", "if (delta > 0) ascent += delta;", "if (delta > kNoiseM) ascent += delta;")),
        ("test/widgets/trail_card_test.dart: shows distance with one decimal\n  Expected: exactly one matching candidate\n    Actual: _TextWidgetFinder:<Found 0 widgets with text \"12.4 km\": []>\n   Which: means none were found but one was expected\n  test/widgets/trail_card_test.dart 27:5  main.<fn>\n\n00:07 +25 -1: Some tests failed.", ("lib/widgets/trail_card.dart", "Text('${trail.distanceKm} km')", "Text('${trail.distanceKm.toStringAsFixed(1)} km')")),
        ("test/widgets/trail_card_test.dart: golden matches\n  ══╡ EXCEPTION CAUGHT BY FLUTTER TEST FRAMEWORK ╞══\n  The following TestFailure was thrown: Pixel test failed, 0.41% diff detected.\n  Failure feedback can be found at test/widgets/failures/trail_card_isolatedDiff.png\n\n00:08 +25 -1: Some tests failed.", ("UPDATE_GOLDENS", "", "")),
        ("00:08 +26: All tests passed!", None),
    ]
    s.step(10, "Running the test suite.", [("flutter_build", {"command": "flutter test"}, hdr.format(2, 0) + "distance_test.dart\n" + runs[0][0])])
    for i, r in enumerate(runs[:-1]):
        f = r[1]
        if f[0] == "UPDATE_GOLDENS":
            s.step(rng.randint(20, 60), "The golden differs only because the label now has one decimal — an intended change. Regenerating the golden.", [("flutter_build", {"command": "flutter test --update-goldens test/widgets/trail_card_test.dart"}, "00:03 +2: All tests passed!")])
        else:
            s.step(rng.randint(20, 60), f"Failure in {f[0]}; fixing.", [("edit_file", {"path": f[0], "find": f[1], "replace": f[2]}, j({"ok": True, "replacements": 1}))])
        s.step(rng.randint(30, 70), "Running the tests again.", [("flutter_build", {"command": "flutter test"}, hdr.format(3 + i, 20 + i) + "\n" + runs[i + 1][0])])
    s.step(15, "All 26 tests pass. Changes: km conversion in distance.dart, noise threshold in elevation.dart, one-decimal label in trail_card.dart, regenerated trail_card golden.", user="Nice. Build the apk too.")
    s.step(10, "Building.", [("flutter_build", {"command": "flutter build apk --debug"}, "Running Gradle task 'assembleDebug'...                          48.2s\n✓ Built build/app/outputs/flutter-apk/app-debug.apk")])
    return s, None


@session("flutter_build_fixer", "healthy", "Package server returns 503 then 429 with Retry-After; the agent backs off (growing gaps) and pub get then the build succeed.")
def fl_h_backoff(rng):
    s = Session(FL_SYS, "Fresh clone on the CI runner, please get packages and build the debug apk.", FL_TOOLS)
    fails = [
        "Resolving dependencies...\nGot TLS error trying to find package geolocator at https://pub.dev.\nServer error: 503 Service Unavailable. Retrying later may help.",
        "Resolving dependencies...\nPub failed to fetch package listing for 'firebase_core': HTTP 503 Service Unavailable.",
        "Resolving dependencies...\nHTTP 429 Too Many Requests (Retry-After: 120) fetching https://pub.dev/api/packages/url_launcher",
    ]
    waits = [20, 40, 80, 125]
    s.step(5, "Fetching packages.", [("pub_get", {}, fails[0])])
    for k in range(1, 3):
        s.step(waits[k - 1], f"Package server unavailable; backing off {waits[k - 1]}s and retrying.", [("pub_get", {}, fails[k])])
    s.step(waits[3], "Got 429 with Retry-After 120; waited 125s. Retrying.", [("pub_get", {}, "Resolving dependencies...\nDownloading packages...\n+ firebase_core 3.8.1\n+ geolocator 13.0.2\n+ url_launcher 6.3.1\n... (61 more)\nChanged 64 dependencies!\n9 packages have newer versions incompatible with dependency constraints.")])
    s.step(10, "Packages resolved. Building.", [("flutter_build", {"command": "flutter build apk --debug"}, gradle_log(rng, AAR_ERR, 0))])
    s.step(20, "Build fails on compileSdk: androidx.core 1.15 needs compileSdk 35. Raising it.", [("edit_file", {"path": "android/app/build.gradle", "find": "compileSdk = 34", "replace": "compileSdk = 35"}, j({"ok": True, "replacements": 1}))])
    s.step(150, "Rebuilding.", [("flutter_build", {"command": "flutter build apk --debug"}, "Running Gradle task 'assembleDebug'...                         112.9s\n✓ Built build/app/outputs/flutter-apk/app-debug.apk")])
    s.step(10, "Debug apk built (build/app/outputs/flutter-apk/app-debug.apk). Needed: 3 pub get retries (503, 503, 429) and compileSdk 34 -> 35.", user="Thanks, also run the tests.")
    s.step(60, "Running tests.", [("flutter_build", {"command": "flutter test"}, "00:09 +26: All tests passed!")])
    return s, None



# ---- bird_call_survey_batch

BIRD_TOOLS = [
    tool("classify_audio", "Run the bird-call classifier on one recording (or one segment); returns top species with confidence.", {"recording_id": ("string", "e.g. AUD-B3-0412"), "segment": ("string", "optional 'start-end' seconds")}, required=["recording_id"]),
    tool("checklist_lookup", "Look a species up in the regional checklist for a survey site and month.", {"species": ("string", "scientific name"), "site": ("string", "site code")}),
]
BIRD_JOB_TOOLS = [
    tool("start_classifier_job", "Start a batch classification job over a recording set on the GPU box.", {"recording_set": ("string", "set id"), "batch_size": ("integer", "segments per batch")}),
    tool("job_status", "Status of a classification job.", {"job_id": ("string", "job id")}),
]
BIRD_SYS = "You are a field-survey assistant for the Lower Oder wetland breeding-bird survey 2026. You identify species in dawn-chorus recordings with the classifier and check them against the regional checklist."

SPECIES = [("Acrocephalus scirpaceus", "Eurasian Reed Warbler"), ("Locustella luscinioides", "Savi's Warbler"), ("Botaurus stellaris", "Eurasian Bittern"), ("Panurus biarmicus", "Bearded Reedling"), ("Emberiza schoeniclus", "Common Reed Bunting"), ("Porzana porzana", "Spotted Crake"), ("Luscinia svecica", "Bluethroat"), ("Acrocephalus arundinaceus", "Great Reed Warbler"), ("Cuculus canorus", "Common Cuckoo"), ("Rallus aquaticus", "Water Rail")]


@session("bird_call_survey_batch", "runaway", "Job restart loop: the batch classifier job is restarted under a new id each time and fails at the same segment (412/880, CUDA out of memory) every time.")
def bird_r_restart(rng):
    s = Session(BIRD_SYS, "Run the classifier over recording set ODER-2026-05-W3 (880 segments). Use batch size 64.", BIRD_JOB_TOOLS)
    trace = ("Traceback (most recent call last):\n  File \"/opt/birdnet/batch.py\", line 211, in run\n    logits = model(batch.to(device))\n  File \"/opt/conda/lib/python3.11/site-packages/torch/nn/modules/module.py\", line 1736, in _call_impl\n    return forward_call(*args, **kwargs)\n"
             "  File \"/opt/birdnet/model.py\", line 88, in forward\n    x = self.spec(x)\ntorch.OutOfMemoryError: CUDA out of memory. Tried to allocate 3.91 GiB. GPU 0 has a total capacity of 11.76 GiB of which 1.02 GiB is free. Segment 412 (AUD-B3-0412, 3h41m continuous) exceeds max_segment_len")
    bs = [64, 64, 48, 64, 32, 64, 48]
    texts = [("Starting the job.", "Job running; checking again.", "Job failed at segment 412. Restarting it."),
             ("Restarting the classifier job.", "Running; polling.", "Failed again at 412/880 (OOM). Restarting with batch size 48."),
             ("Restarting.", "Polling job.", "Out of memory at segment 412 again. Restarting.")]
    job = 5120
    for r in range(7):
        job += rng.randint(1, 9)
        tx = texts[min(r, 2)]
        jid = f"job-{job}"
        s.step(rng.randint(10, 30), tx[0], [("start_classifier_job", {"recording_set": "ODER-2026-05-W3", "batch_size": bs[r]}, j({"job_id": jid, "state": "QUEUED", "gpu": "rtx-3080ti-01"}))])
        s.step(rng.randint(240, 420), tx[1], [("job_status", {"job_id": jid}, j({"job_id": jid, "state": "RUNNING", "segments_done": 380 + rng.randint(0, 30), "segments_total": 880, "elapsed_s": rng.randint(230, 400)}))])
        s.step(rng.randint(60, 120), tx[2], [("job_status", {"job_id": jid}, j({"job_id": jid, "state": "FAILED", "segments_done": 411, "segments_total": 880, "failed_segment": 412, "error": trace}))])
    return s, (7, 13)


@session("bird_call_survey_batch", "runaway", "Period-2 cycle on one clip: classify gives only a genus, the checklist refuses a genus, the agent classifies the same clip again (only the run id changes).")
def bird_r_cycle2(rng):
    s = Session(BIRD_SYS, "Recording AUD-C1-0077 (site C1, 04:52, 12 May): the volunteer heard a trilling warbler. Identify it to species and confirm it's on the checklist.", BIRD_TOOLS)
    for i in range(8):
        run = f"run-{88120 + i * 7 + rng.randint(0, 5)}"
        s.step(rng.randint(8, 25), "Classifying the clip." if i == 0 else ["The checklist needs a species. Re-running the classifier on the clip to get a species-level result.", "Still genus-level only. Classifying AUD-C1-0077 again.", "Trying the classifier once more for a species ID."][i % 3], [("classify_audio", {"recording_id": "AUD-C1-0077", "segment": "0-45"}, j({"run_id": run, "recording_id": "AUD-C1-0077", "top": [{"label": "Locustella sp.", "confidence": 0.81}, {"label": "Locustella luscinioides", "confidence": 0.34}, {"label": "Locustella naevia", "confidence": 0.31}], "note": "species-level confidence below 0.5 threshold; returning genus"}))])
        s.step(rng.randint(5, 12), "Classifier says Locustella sp. (0.81). Checking it against the site checklist.", [("checklist_lookup", {"species": "Locustella sp.", "site": "C1"}, j({"found": False, "error": "checklist entries are species-level; 'Locustella sp.' is not a species", "site": "C1"}))])
    return s, (4, 10)


BIRD_PROTOCOL = """SURVEY PROTOCOL (apply to every recording, do not skip steps)
1. Run classify_audio on the whole recording. Take every label with confidence >= 0.60.
2. For each label, run checklist_lookup with the site code. Record the checklist status (breeding / passage / vagrant / not listed).
3. If the checklist says the species is outside its expected range or season for the site, KEEP the detection but add the flag RANGE-REVIEW; a human reviewer decides. This is expected to happen several times per week and is not an error.
4. Labels with confidence 0.40-0.59: list them under 'possible', no checklist lookup.
5. Output one line per recording in this format:
   <recording> | <site> | <species;species> | possible: <...> | flags: <...>
6. Do not comment on recording quality unless the classifier reports clipping or wind noise above 30%.
7. Red-list species (Botaurus stellaris, Porzana porzana, Locustella luscinioides) also get the flag REDLIST so the coordinator can map territories.
Reference: Lower Oder wetland breeding-bird survey 2026, methods v3.1, section 4.2 (acoustic monitoring)."""


@session("bird_call_survey_batch", "healthy", "Batch with one long shared instruction resent with each new recording; the same RANGE-REVIEW flag recurs on several different recordings, which is normal work.")
def bird_h_batch(rng):
    recs = [("AUD-B3-0401", "B3", [0, 4], []), ("AUD-B3-0402", "B3", [2, 7], [7]), ("AUD-A2-0113", "A2", [1, 3, 8], []), ("AUD-A2-0114", "A2", [6], [6]), ("AUD-C1-0079", "C1", [0, 5], []), ("AUD-C1-0080", "C1", [9, 6], [6]), ("AUD-D4-0021", "D4", [3, 4], [3]), ("AUD-D4-0022", "D4", [8, 0], [])]
    def item(r):
        return BIRD_PROTOCOL + f"\n\nNEXT RECORDING: {r[0]} (site {r[1]})"
    s = Session(BIRD_SYS, item(recs[0]), BIRD_TOOLS)
    for n, (rid, site, sp, range_flag) in enumerate(recs):
        top = [{"label": SPECIES[k][0], "common": SPECIES[k][1], "confidence": round(0.95 - 0.07 * q - rng.random() * 0.1, 2)} for q, k in enumerate(sp)]
        s.step(rng.randint(5, 12), f"Classifying {rid}.", [("classify_audio", {"recording_id": rid}, j({"recording_id": rid, "top": top, "clipping_pct": rng.randint(0, 4), "wind_noise_pct": rng.randint(2, 25)}))])
        calls = [("checklist_lookup", {"species": SPECIES[k][0], "site": site}, j({"species": SPECIES[k][0], "site": site, "status": "vagrant" if k in range_flag else "breeding", "note": "outside expected range/season for site; RANGE-REVIEW" if k in range_flag else ""})) for k in sp]
        s.step(rng.randint(4, 10), "Checking the labels against the checklist.", calls)
        flags = [f"RANGE-REVIEW ({SPECIES[k][1]})" for k in range_flag] + [f"REDLIST ({SPECIES[k][1]})" for k in sp if k in (1, 2, 5)]
        line = f"{rid} | {site} | " + ";".join(SPECIES[k][0] for k in sp) + " | possible: - | flags: " + (", ".join(flags) or "-")
        if n + 1 < len(recs):
            s.step(rng.randint(20, 90), line, user=item(recs[n + 1]))
        else:
            s.step(20, line, user="That's the batch. How many RANGE-REVIEW flags in total?")
    return s, None


@session("bird_call_survey_batch", "healthy", "Pagination: the same detections listing tool called with the next cursor; pages share a large header and differ in rows, then a summary.")
def bird_h_pages(rng):
    tools = [tool("list_detections", "List classifier detections for a survey week, 20 per page.", {"survey_week": ("string", "e.g. 2026-W20"), "cursor": ("string", "page cursor, empty for the first page")}, required=["survey_week"])]
    s = Session(BIRD_SYS, "Give me a per-species count of all detections with confidence >= 0.7 for survey week 2026-W20, all sites.", tools)
    counts = {}
    cursor = ""
    for page in range(9):
        rows = []
        for r in range(20 if page < 8 else 11):
            k = rng.randrange(len(SPECIES))
            conf = round(rng.uniform(0.45, 0.99), 2)
            rows.append({"det_id": f"DET-{20000 + page * 20 + r}", "recording": f"AUD-{rng.choice(['A2', 'B3', 'C1', 'D4'])}-{rng.randint(100, 999):04d}", "t_start_s": rng.randint(0, 3500), "species": SPECIES[k][0], "confidence": conf})
            if conf >= 0.7:
                counts[SPECIES[k][1]] = counts.get(SPECIES[k][1], 0) + 1
        nxt = f"eyJwIjo{page + 1}fQ{rng.randint(100, 999)}" if page < 8 else None
        out = j({"survey_week": "2026-W20", "model": "BirdNET-Analyzer 2.4 / Oder fine-tune r7", "min_confidence_stored": 0.4, "sites": ["A2", "B3", "C1", "D4"], "page": page + 1, "page_size": 20, "total": 171, "detections": rows, "next_cursor": nxt})
        s.step(rng.randint(2, 6), "Fetching the first page." if page == 0 else f"Page {page} counted ({sum(counts.values())} detections >= 0.7 so far). Next page.", [("list_detections", {"survey_week": "2026-W20", "cursor": cursor}, out)])
        cursor = nxt
    s.step(8, "All 171 detections read (9 pages). Counts with confidence >= 0.7:\n" + "\n".join(f"- {k}: {v}" for k, v in sorted(counts.items(), key=lambda x: -x[1])), user="Thanks. Which site had the most Bittern?")
    return s, None



# ---- subscription_cancellation_support

SUB_TOOLS = [
    tool("get_account", "Fetch a customer's account: plan, status, renewal date, flags.", {"customer_id": ("string", "e.g. cus_...")}),
    tool("billing", "Billing operations for a customer.", {"customer_id": ("string", "id"), "action": ("string", "list_invoices | cancel_at_period_end | cancel_now | refund"), "amount_cents": ("integer", "only for refund")}, required=["customer_id", "action"]),
    tool("retention_offer", "Present or apply a retention offer.", {"customer_id": ("string", "id"), "offer": ("string", "PAUSE_3M | DISCOUNT_30_6M | DOWNGRADE_BASIC")}),
]
SUB_SYS = "You are the support agent for Lumen Reader (e-book subscription). Handle cancellation requests kindly: confirm identity from the ticket, offer one retention option once, respect a 'no', cancel at period end unless the customer asks for an immediate cancel with refund under the 14-day rule."


def account(cid, plan="Premium Annual", status="active", renew="2027-03-02", extra=None):
    d = {"customer_id": cid, "plan": plan, "status": status, "renews_on": renew, "currency": "EUR", "price_cents": 11988 if "Annual" in plan else 1299, "payment_method": "visa •••• 4417", "created": "2023-03-02", "country": "NL", "flags": [], "devices": 3, "family_members": 1, "marketing_opt_in": False}
    d.update(extra or {})
    return j(d)


KB_ARTICLE = """Cancelling your Lumen Reader subscription

You can cancel at any time from Account > Subscription > Cancel. Monthly plans stay active until the end of the current billing month. Annual plans stay active until the renewal date; we do not refund the unused part of an annual plan, except within 14 days of the purchase or renewal (EU right of withdrawal), where you get a full refund if you have downloaded fewer than 3 books in that period.

Family members lose access when the plan ends. Your library stays available to read offline on devices you have already synced, but new downloads stop.

Need help? Contact support from the app: Help > Contact us."""


@session("subscription_cancellation_support", "runaway", "The same help article re-served under different titles and URLs; the agent keeps fetching new URLs looking for a mid-term refund rule that is not there.")
def sub_r_urls(rng):
    tools = SUB_TOOLS + [tool("kb_fetch", "Fetch a help-center page by URL.", {"url": ("string", "help center URL")})]
    s = Session(SUB_SYS, "Ticket #58213 from Ana Costa (cus_Q8x2LmA0): 'I bought the annual plan in October and I'm moving abroad, I want to cancel and get the remaining 5 months back.' Find our policy on partial refunds for annual plans and answer her.", tools)
    s.step(6, "Checking the general billing FAQ first.", [("kb_fetch", {"url": "https://help.lumenreader.com/billing/faq"}, "Billing FAQ\n\nQ: When am I charged? A: On the day you subscribe and then on each renewal date.\nQ: Which payment methods are accepted? A: Visa, Mastercard, PayPal, iDEAL, SEPA.\nQ: Can I change my payment method? A: Yes, Account > Payment.\nQ: Where are my invoices? A: Account > Invoices, as PDF.\nSee also: Cancelling your subscription.")])
    urls = [("https://help.lumenreader.com/account/cancel", "Cancelling your Lumen Reader subscription"), ("https://help.lumenreader.com/billing/refunds-annual-plans", "Refunds for annual plans"), ("https://help.lumenreader.com/articles/4402-cancel-subscription", "How do I cancel?"), ("https://help.lumenreader.com/en-gb/account/cancel", "Cancelling your Lumen Reader subscription"), ("https://help.lumenreader.com/billing/partial-refund", "Partial refunds"), ("https://help.lumenreader.com/moving-abroad", "Moving to another country"), ("https://help.lumenreader.com/articles/5510-annual-plan-faq", "Annual plan FAQ"), ("https://help.lumenreader.com/billing/prorated-refunds", "Prorated refunds"), ("https://help.lumenreader.com/legal/withdrawal", "Right of withdrawal"), ("https://help.lumenreader.com/kb?id=cancel-annual", "Cancel annual")]
    texts = ["The FAQ links to the cancellation article. Fetching it.", "That covers the 14-day window only. Looking for a dedicated refunds page for annual plans.", "Same text as the cancellation article. Trying the article index page.", "Still the same article. Checking the en-gb variant.", "No partial-refund rule yet. Trying the partial refund URL.", "Maybe a moving-abroad article covers it.", "Checking the annual plan FAQ.", "Trying a prorated-refunds page.", "Checking the legal withdrawal page.", "Trying the KB search id."]
    for i, (u, title) in enumerate(urls):
        s.step(rng.randint(4, 12), texts[i], [("kb_fetch", {"url": u}, title + "\n\n" + KB_ARTICLE.split("\n\n", 1)[1] + f"\n\nLast updated {['2026-09-14', '2026-09-14', '2026-10-02', '2026-09-14', '2026-11-20'][i % 5]} · Article {4402 + i * 17}")])
    return s, (4, 9)


@session("subscription_cancellation_support", "runaway", "Retrying a permanently failing call: the billing API answers 401 (expired token) and the agent retries forever with growing backoff.")
def sub_r_401(rng):
    s = Session(SUB_SYS, "Ticket #58390 from Tomasz Wiśniewski (cus_T7pQ01vZ): 'Please cancel my subscription right away, I was charged yesterday for the renewal by mistake, I want the refund (it's within 14 days).'", SUB_TOOLS)
    s.step(5, "Looking up the account.", [("get_account", {"customer_id": "cus_T7pQ01vZ"}, account("cus_T7pQ01vZ", renew="2027-12-06", extra={"last_charge": "2026-12-06", "books_downloaded_since_renewal": 0}))])
    err = lambda n: j({"error": {"type": "authentication_error", "code": "token_expired", "message": "The API key for service 'support-bot' expired at 2026-12-01T00:00:00Z. Rotate the key in the billing console."}, "status": 401, "request_id": f"req_{hashlib.sha256(str(n).encode()).hexdigest()[:14]}"})
    s.step(7, "Renewal was yesterday and no books downloaded, so the 14-day rule applies. Cancelling now with refund.", [("billing", {"customer_id": "cus_T7pQ01vZ", "action": "cancel_now"}, err(0))])
    delay = 2
    for i in range(12):
        s.step(delay, f"Billing returned 401. Retrying in {min(delay * 2, 300)}s." if i % 2 == 0 else "Authentication error from billing; backing off and retrying the cancellation.", [("billing", {"customer_id": "cus_T7pQ01vZ", "action": "cancel_now"}, err(i + 1))])
        delay = min(delay * 2, 300)
    return s, (4, 9)


@session("subscription_cancellation_support", "healthy", "A flow that legitimately revisits the same screens: the customer asks about a downgrade, the invoices, pauses, changes her mind; account reads repeat with small real changes.")
def sub_h_revisit(rng):
    cid = "cus_M3kd9aZp"
    s = Session(SUB_SYS, "Live chat with Marloes de Vries (cus_M3kd9aZp): 'Hi, I want to cancel, it's getting too expensive.'", SUB_TOOLS)
    s.step(6, "Looking up the account.", [("get_account", {"customer_id": cid}, account(cid))])
    s.step(20, "Hi Marloes, sorry to see you go! Your Premium Annual renews on 2 March 2027. Before you cancel: I can pause your subscription for 3 months at no cost, or move you to Basic (EUR 4.99/month). Would either help?", user="What's the difference with Basic? Do I keep my family member?")
    s.step(75, "Basic includes 1 device and no family sharing, so your family member would lose access; Premium includes 3 devices and 1 family member.", user="Hmm. How much did I pay in total this year?")
    s.step(40, "Let me check your invoices.", [("billing", {"customer_id": cid, "action": "list_invoices"}, j({"invoices": [{"id": "in_1Q2", "date": "2026-03-02", "amount_cents": 11988, "status": "paid"}, {"id": "in_0Z7", "date": "2025-03-02", "amount_cents": 9988, "status": "paid"}]}))])
    s.step(30, "You paid EUR 119.88 on 2 March 2026 (and EUR 99.88 the year before — the price rose in 2026).", user="Ok let's do the pause for 3 months actually.")
    s.step(50, "Applying the pause.", [("retention_offer", {"customer_id": cid, "offer": "PAUSE_3M"}, j({"applied": True, "offer": "PAUSE_3M", "resumes_on": "2027-03-07", "renewal_moved_to": "2027-06-02"}))])
    s.step(5, "Confirming on the account.", [("get_account", {"customer_id": cid}, account(cid, status="paused", renew="2027-06-02", extra={"pause_until": "2027-03-07"}))])
    s.step(30, "Done: your subscription is paused until 7 March 2027 and your renewal moved to 2 June 2027. Nothing is charged during the pause.", user="wait, my husband says he uses it daily. Can you undo the pause and do the Basic instead? no... actually undo pause, keep Premium, but cancel at the end of the period.")
    s.step(60, "Of course. Re-reading the account before I change anything, so I undo the right thing.", [("get_account", {"customer_id": cid}, account(cid, status="paused", renew="2027-06-02", extra={"pause_until": "2027-03-07", "pause_undo_requested": True}))])
    s.step(40, "The pause undo is registered. Now setting cancel at period end.", [("billing", {"customer_id": cid, "action": "cancel_at_period_end"}, j({"ok": True, "cancel_at": "2027-03-02", "pause_cleared": True}))])
    s.step(5, "Verifying the final state.", [("get_account", {"customer_id": cid}, account(cid, status="active", renew=None, extra={"cancel_at": "2027-03-02"}))])
    s.step(30, "All set: Premium stays active with your family member until 2 March 2027, then ends; no further charge. The pause is removed. You can reverse the cancellation any time before then.", user="Perfect, thank you!")
    return s, None


@session("subscription_cancellation_support", "healthy", "A queue of cancellation tickets answered with one reply template, each with different customer, plan, dates and outcome.")
def sub_h_template(rng):
    s = Session(SUB_SYS + " Reply to each ticket with this template: 'Hi <first name>, ... Plan: <plan>. Outcome: <...>. Effective: <date>. Refund: <amount or none>.'", "Work through the cancellation queue: #58401 #58402 #58404 #58409 #58411 #58415. Ticket texts follow one by one.", SUB_TOOLS)
    tickets = [
        ("#58401", "cus_A1", "Jens", "Premium Monthly", "2026-12-19", "cancel please, not reading enough", "cancel_at_period_end", None),
        ("#58402", "cus_B7", "Ayşe", "Premium Annual", "2027-12-03", "just renewed by accident 3 days ago, refund?", "cancel_now", 11988),
        ("#58404", "cus_C2", "Luca", "Basic Monthly", "2026-12-28", "moving to a competitor", "cancel_at_period_end", None),
        ("#58409", "cus_D9", "Priya", "Premium Annual", "2027-05-11", "too expensive, but I love the app", "retention", None),
        ("#58411", "cus_E4", "Hannah", "Family Annual", "2027-02-14", "divorce, need to cancel the family plan", "cancel_at_period_end", None),
        ("#58415", "cus_F3", "Olu", "Premium Monthly", "2026-12-22", "charged twice this month!", "refund", 1299),
    ]
    prev = None
    for n, (tid, cid, name, plan, renew, msg, action, refund) in enumerate(tickets):
        s.step(rng.randint(20, 60), prev or "Starting with #58401.", [("get_account", {"customer_id": cid}, account(cid, plan=plan, renew=renew, extra={"ticket": tid, "ticket_text": msg}))])
        if action == "retention":
            s.step(8, f"{name} likes the app but finds it expensive; offering the 30% discount once.", [("retention_offer", {"customer_id": cid, "offer": "DISCOUNT_30_6M"}, j({"applied": True, "offer": "DISCOUNT_30_6M", "new_price_cents": 8392}))])
            outcome, eff, ref = "stays on Premium Annual with 30% off for 6 months (customer accepted in ticket)", "next renewal", "none"
        else:
            args = {"customer_id": cid, "action": action}
            if refund:
                args["amount_cents"] = refund
            s.step(8, f"Processing {action} for {tid}.", [("billing", args, j({"ok": True, "action": action, "effective": renew if action == "cancel_at_period_end" else "2026-12-07", "refund_cents": refund or 0}))])
            outcome = {"cancel_at_period_end": "cancelled at the end of the current period", "cancel_now": "cancelled immediately under the 14-day rule", "refund": "duplicate charge refunded, subscription continues"}[action]
            eff, ref = (renew if action == "cancel_at_period_end" else "2026-12-07"), (f"EUR {refund / 100:.2f}" if refund else "none")
        prev = f"{tid}: Hi {name}, thanks for reaching out. Plan: {plan}. Outcome: {outcome}. Effective: {eff}. Refund: {ref}."
    s.step(10, prev + "\n\nQueue done (6 tickets).", user="Great, thanks.")
    return s, None



# ---- bike_share_rebalancing

BIKE_TOOLS = [
    tool("dock_status", "Live status of a bike-share station (or 'ALL' for the network summary).", {"station_id": ("string", "e.g. ST-114 or ALL")}),
    tool("truck_route", "Plan a rebalancing route or read a truck's progress.", {"truck_id": ("string", "e.g. T3"), "stops": ("array", "list of {station_id, bikes} moves; empty to read progress")}),
    tool("dispatch", "Dispatch a truck on a planned route.", {"truck_id": ("string", "truck"), "route_id": ("string", "route id from truck_route")}),
]
BIKE_SYS = "You are the rebalancing agent for VeloStadt bike share (212 stations). Keep every station between 15% and 85% full during the evening peak (16:30-19:00). Trucks carry up to 24 bikes."

STATIONS = [("ST-101", "Hauptbahnhof Süd", 40), ("ST-102", "Hauptbahnhof Nord", 36), ("ST-114", "Marktplatz", 24), ("ST-120", "Universität Mensa", 30), ("ST-121", "Universität Bibliothek", 20), ("ST-133", "Westpark", 18), ("ST-140", "Messe Ost", 32), ("ST-141", "Messe West", 32), ("ST-150", "Rathaus", 20), ("ST-162", "Klinikum", 24), ("ST-170", "Hafen", 28), ("ST-171", "Speicherstadt", 22), ("ST-180", "Stadion", 40), ("ST-188", "Zoo", 20), ("ST-190", "Technologiepark", 26), ("ST-201", "Altstadt", 18)]


def dock(sid, bikes, cap, ts, extra=None):
    d = {"station_id": sid, "name": dict((s[0], s[1]) for s in STATIONS)[sid], "capacity": cap, "bikes_available": bikes, "ebikes_available": bikes // 4, "docks_available": cap - bikes, "docks_disabled": 0, "is_renting": True, "is_returning": True, "last_reported": ts}
    d.update(extra or {})
    return j(d)


@session("bike_share_rebalancing", "runaway", "Polling something that never changes: the truck's GPS fix and ETA are frozen, the station stays empty; only the server clock ticks.")
def bike_r_poll(rng):
    s = Session(BIKE_SYS, "Hauptbahnhof Süd (ST-101) is empty and the 17:00 train crowd is coming. Send T3 with 20 bikes from Stadion and watch until they're docked.", BIKE_TOOLS)
    s.step(6, "Planning T3: pick 20 at Stadion (ST-180), drop 20 at Hauptbahnhof Süd (ST-101).", [("truck_route", {"truck_id": "T3", "stops": [{"station_id": "ST-180", "bikes": -20}, {"station_id": "ST-101", "bikes": 20}]}, j({"route_id": "R-55102", "eta_min": 14, "distance_km": 6.2}))])
    s.step(5, "Dispatching T3 on R-55102.", [("dispatch", {"truck_id": "T3", "route_id": "R-55102"}, j({"ok": True, "truck_id": "T3", "driver": "B. Yilmaz", "state": "EN_ROUTE"}))])
    base = 16 * 3600 + 41 * 60
    t = 11
    for i in range(8):
        d = 90
        t += d
        s.step(d, "Checking T3's progress." if i == 0 else ["T3 still shows leg 2 of 2, ETA 6 min, GPS fix 16:47:12. Checking again.", "No change on T3. Polling again.", "T3 unchanged (ETA 6 min, fix 16:47:12). Polling."][i % 3], [("truck_route", {"truck_id": "T3", "stops": []}, j({"truck_id": "T3", "route_id": "R-55102", "state": "EN_ROUTE", "leg": "2/2", "bikes_on_board": 20, "eta_min": 6, "gps_fix": "16:47:12", "server_time": hhmmss(base, t)}))])
        t += 20
        s.step(20, "And the station.", [("dock_status", {"station_id": "ST-101"}, dock("ST-101", 0, 40, hhmmss(base, t)))])
    return s, (8, 15)


@session("bike_share_rebalancing", "runaway", "Period-4 cycle with renamed route ids: read source, read destination, plan a route (new id every time), dispatch rejected because the same road is closed.")
def bike_r_cycle4(rng):
    s = Session(BIKE_SYS, "Westpark (ST-133) is full and Universität Mensa (ST-120) is nearly empty. Move 12 bikes with T5.", BIKE_TOOLS)
    base = 17 * 3600 + 5 * 60
    t = 0
    for c in range(5):
        wb, mb = 18 - (c % 2), 2 + (c % 2)
        for sid, b, cap in (("ST-133", wb, 18), ("ST-120", mb, 30)):
            d = rng.randint(5, 15)
            t += d
            s.step(d, ("Reading Westpark." if c == 0 else "Route rejected again; re-reading the stations before re-planning.") if sid == "ST-133" else "Reading Universität Mensa.", [("dock_status", {"station_id": sid}, dock(sid, b, cap, hhmmss(base, t)))])
        rid = f"R-{55300 + c * 13 + rng.randint(0, 9)}"
        d = rng.randint(5, 12)
        t += d
        s.step(d, "Planning T5: 12 from Westpark to Mensa.", [("truck_route", {"truck_id": "T5", "stops": [{"station_id": "ST-133", "bikes": -12}, {"station_id": "ST-120", "bikes": 12}]}, j({"route_id": rid, "eta_min": 11 + c % 2, "distance_km": 3.9, "via": ["Brückenstraße", "Parkallee"]}))])
        d = rng.randint(4, 10)
        t += d
        s.step(d, f"Dispatching T5 on {rid}.", [("dispatch", {"truck_id": "T5", "route_id": rid}, j({"ok": False, "error": "ROUTE_INFEASIBLE", "detail": f"{rid}: segment Brückenstraße closed (construction, until 2026-12-19); truck T5 cannot reach ST-133 entrance", "ts": hhmmss(base, t)}))])
    return s, (6, 13)


@session("bike_share_rebalancing", "healthy", "Network-summary outputs that are mostly identical boilerplate (same stations, same fields) with a few counts changing as the trucks work; the agent issues new moves each round.")
def bike_h_boiler(rng):
    s = Session(BIKE_SYS, "Evening peak, run the rebalancing loop every 10 minutes until 18:30.", BIKE_TOOLS)
    levels = {sid: cap // 2 for sid, _, cap in STATIONS}
    levels.update({"ST-101": 3, "ST-180": 37, "ST-133": 17, "ST-120": 2, "ST-140": 30, "ST-170": 4})
    plan = [("T3", "ST-180", "ST-101", 16), ("T5", "ST-140", "ST-170", 14), ("T2", "ST-133", "ST-120", 11), ("T3", "ST-141", "ST-162", 8), ("T5", "ST-102", "ST-188", 6), (None, None, None, 0)]
    base = 16 * 3600 + 30 * 60
    t = 0
    for r, (truck, src, dst, n) in enumerate(plan):
        d = 600 if r else 10
        t += d
        # drift from riders
        for sid in levels:
            cap = dict((x[0], x[2]) for x in STATIONS)[sid]
            levels[sid] = max(0, min(cap, levels[sid] + rng.choice([-1, 0, 0, 0, 1])))
        summary = {"network": "VeloStadt", "stations_total": 212, "report_time": hhmmss(base, t), "rules": {"min_fill": 0.15, "max_fill": 0.85}, "stations": [{"station_id": sid, "name": nm, "capacity": cap, "bikes": levels[sid], "status": "EMPTY_RISK" if levels[sid] < 0.15 * cap else "FULL_RISK" if levels[sid] > 0.85 * cap else "OK"} for sid, nm, cap in STATIONS], "trucks": [{"truck_id": tk, "state": "IDLE" if tk != truck else "READY", "bikes_on_board": 0} for tk in ("T2", "T3", "T5")]}
        s.step(d, "Reading the network summary." if r == 0 else "Moves done. Next round: reading the network summary.", [("dock_status", {"station_id": "ALL"}, j(summary))])
        if truck is None:
            off = [x["station_id"] + " (" + str(x["bikes"]) + "/" + str(x["capacity"]) + ")" for x in summary["stations"] if x["status"] != "OK"]
            s.step(10, f"Round 6 ({hhmmss(base, t)[:5]}): after five truck moves {16 - len(off)} of 16 watched stations are inside 15-85%" + (f"; {', '.join(off)} only marginally outside, within rider drift" if off else "") + ". No truck move needed this round.", user="Great work. Peak is easing, you can stop the loop now.")
            break
        s.step(8, f"{src} is the fullest and {dst} the emptiest. Planning {truck}: {n} bikes {src} -> {dst}.", [("truck_route", {"truck_id": truck, "stops": [{"station_id": src, "bikes": -n}, {"station_id": dst, "bikes": n}]}, j({"route_id": f"R-56{100 + r * 7}", "eta_min": 8 + r, "distance_km": round(2 + r * 0.7, 1)}))])
        s.step(6, f"Dispatching {truck}.", [("dispatch", {"truck_id": truck, "route_id": f"R-56{100 + r * 7}"}, j({"ok": True, "truck_id": truck, "state": "EN_ROUTE"}))])
        levels[src] -= n
        levels[dst] += n
    return s, None


@session("bike_share_rebalancing", "healthy", "Dispatch API answers 503 twice and 429 once; the agent backs off with growing delays, then the dispatch succeeds and the truck's progress moves to completion.")
def bike_h_backoff(rng):
    s = Session(BIKE_SYS, "Messe Ost (ST-140) will overflow after the trade-fair closes at 18:00. Get 20 bikes out to Hafen and Speicherstadt before then.", BIKE_TOOLS)
    s.step(5, "Reading Messe Ost.", [("dock_status", {"station_id": "ST-140"}, dock("ST-140", 27, 32, "17:21:40"))])
    s.step(6, "Planning T2: 20 bikes from Messe Ost, 12 to Hafen, 8 to Speicherstadt.", [("truck_route", {"truck_id": "T2", "stops": [{"station_id": "ST-140", "bikes": -20}, {"station_id": "ST-170", "bikes": 12}, {"station_id": "ST-171", "bikes": 8}]}, j({"route_id": "R-56410", "eta_min": 22, "distance_km": 7.4}))])
    errs = [j({"status": 503, "error": "service_unavailable", "detail": "fleet gateway restarting"}), j({"status": 503, "error": "service_unavailable", "detail": "fleet gateway restarting"}), j({"status": 429, "error": "rate_limited", "retry_after_s": 30})]
    s.step(4, "Dispatching T2 on R-56410.", [("dispatch", {"truck_id": "T2", "route_id": "R-56410"}, errs[0])])
    for k, w in enumerate([10, 20]):
        s.step(w, f"Fleet gateway unavailable; retried after {w}s.", [("dispatch", {"truck_id": "T2", "route_id": "R-56410"}, errs[k + 1])])
    s.step(35, "Rate limited with Retry-After 30s; retrying after 35s.", [("dispatch", {"truck_id": "T2", "route_id": "R-56410"}, j({"ok": True, "truck_id": "T2", "driver": "S. Kaya", "state": "EN_ROUTE"}))])
    prog = [("EN_ROUTE", "1/3", 0, 19), ("LOADING", "1/3", 11, 15), ("EN_ROUTE", "2/3", 20, 11), ("UNLOADING", "2/3", 14, 7), ("EN_ROUTE", "3/3", 8, 4), ("DONE", "3/3", 0, 0)]
    for k, (st, leg, onb, eta) in enumerate(prog):
        s.step(240, "Dispatched after two 503s and one 429. Checking T2." if k == 0 else f"T2 was {prog[k - 1][0]} on leg {prog[k - 1][1]}; checking again.", [("truck_route", {"truck_id": "T2", "stops": []}, j({"truck_id": "T2", "route_id": "R-56410", "state": st, "leg": leg, "bikes_on_board": onb, "eta_min": eta}))])
    s.step(5, "Confirming Messe Ost.", [("dock_status", {"station_id": "ST-140"}, dock("ST-140", 8, 32, "17:51:02"))])
    s.step(10, "Done before the fair closes: Messe Ost is down to 8/32; Hafen +12, Speicherstadt +8.", user="Perfect.")
    return s, None



# ---- tabletop_campaign_gm (tool-less)

GM_SYS = "You are a co-writer for a game master running 'The Salt Crown', a low-magic D&D 5e campaign in the harbour city of Vessmark. Keep continuity with what the GM has established; write in second person for read-aloud text."

CONT_SCENES = [
    "The fog rolls in off the Greywater as you reach the customs house. Lanterns hang from iron hooks along the quay, each one haloed and weak. A clerk in a salt-stained coat is locking the side door; when he sees Brakka's axe he fumbles the keys into the mud.",
    "Inside, the customs hall smells of tar and wet paper. Ledgers are stacked to the rafters on sagging shelves, and a single desk at the back still has a candle burning. Someone left in a hurry: a half-eaten pear, an inkpot on its side, a quill still wet.",
    "The ledger on the desk is open to the 14th of Frostmoon. Three ships are listed as arriving that night — the Merrow's Due, the Lantern Girl and a third whose name has been scraped off with a knife. Beside it, in a different hand: 'paid in full — V.'",
    "A floorboard creaks above you. Dust sifts down through the lantern light. Whoever is up there has stopped moving, the way a person stops when they know they've been heard. Then, faintly, the scrape of a window latch.",
    "You take the stairs two at a time. The upper room is an archive of confiscated goods: crates of Ivaran wine, a harp with no strings, a cage of sleeping song-finches. The window at the end stands open, and the fog pours in like milk.",
    "On the sill, a smear of blue wax — the same wax the Harbourmaster's office uses for its seals. Below the window, a rope ladder sways above the black water, and a small boat is already ten strokes out, a hooded figure at the oars.",
    "Sera's crossbow bolt thunks into the boat's gunwale. The figure flinches, loses an oar, and for a moment the fog parts enough to show a face you know: Ilse Marrow, the harbourmaster's niece, who poured your drinks at the Drowned Bell two nights ago.",
    "Ilse doesn't try to flee further. She lets the boat drift back under the window and calls up, voice shaking: 'If you're Voss's people, just do it quickly. If you're not — you need to see what's in the third ship before the tide turns.'",
    "The third ship, when you find it at the far mooring, rides too low in the water. No crew on deck, no watch lantern. The hatch is nailed shut from the outside, and from below comes a sound like many people breathing in the dark.",
    "When Brakka prises the hatch open, forty pale faces look up at you — salt miners from the Crown pits, chained by the ankles, their eyes red from the brine. One of them, an old woman with a miner's tattoo, whispers: 'You came. The letter said someone would come.'",
    "She presses a folded letter into Sera's hand. The seal is blue wax; the signature is 'V.' — but the handwriting is not Captain Voss's. It is the careful, looping script of the harbourmaster himself.",
]


@session("tabletop_campaign_gm", "runaway", "'Continue' answered by the same scene: after two new beats the assistant keeps re-serving the same customs-hall paragraph to every 'continue'.")
def gm_r_continue(rng):
    s = Session(GM_SYS, "Write the read-aloud text for the party arriving at the customs house at night. Short beats; I'll say 'continue' for the next one.")
    s.step(30, CONT_SCENES[0], user="continue")
    s.step(rng.randint(20, 60), CONT_SCENES[1], user="continue")
    stuck = CONT_SCENES[2]
    users = ["continue", "continue", "continue please, next beat", "that's the same as before. continue", "continue", "next beat please", "continue", "you keep repeating the ledger. continue", "continue"]
    for u in users:
        s.step(rng.randint(15, 70), stuck, user=u)
    return s, (5, 8)


@session("tabletop_campaign_gm", "runaway", "Period-3 cycle without tools: three heist plans (sewers, bribe, disguise) each rejected for the same established reason, then offered again in new words.")
def gm_r_cycle3(rng):
    s = Session(GM_SYS, "The party needs to get into the Salt Exchange vault tonight. Give me ONE plan that fits what's established: they did the sewers last session (and nearly drowned), Captain Voss cannot be bribed, and the temple burned down in session 3 so there are no clergy left in town.")
    plans = [
        ["Plan: the storm drains. The old Exchange has a drainage culvert under Tallow Street; at low tide it's passable on foot and comes up beneath the counting floor.", "Plan: go in from below. The culvert beneath Tallow Street drains the Exchange cellars; at low tide the party can wade through and come up under the counting floor.", "Plan: the undercity route — at low tide the Tallow Street drain leads straight to the Exchange cellars."],
        ["Plan: buy the night watch. Captain Voss commands the vault guard; a purse of Ivaran gold and a promise of passage south should make him look the other way for an hour.", "Plan: pay off the guard captain. Voss is ambitious; offer him enough coin and a way out of Vessmark and he'll leave the vault door unwatched.", "Plan: a bribe. Voss runs the guard rota — make it worth his while."],
        ["Plan: the funeral procession. Dress as priests of the Tide Mother carrying a body to the Exchange chapel; the guards never search the dead.", "Plan: holy disguise. The Exchange still keeps a chapel; as clergy of the Tide Mother the party can walk in with a 'coffin' full of tools.", "Plan: priests' robes and a coffin — the guards will wave clergy through."],
    ]
    rej = ["They did the sewers LAST SESSION. No water routes. Something else.", "I said Voss can't be bribed, it's canon. Something else.", "There are no clergy — the temple burned in session 3. Something else."]
    for i in range(14):
        k = i % 3
        s.step(rng.randint(25, 90), plans[k][min(i // 3, 2)], user=rej[k])
    return s, (5, 11)


@session("tabletop_campaign_gm", "healthy", "'Continue' where the assistant writes a new beat every time: the scene moves from the customs house to the slave ship and a revelation.")
def gm_h_continue(rng):
    s = Session(GM_SYS, "Write the read-aloud text for the party arriving at the customs house at night. Short beats; I'll say 'continue' for the next one.")
    users = ["continue", "continue", "nice, continue", "continue", "continue — Sera shoots at the boat", "continue", "they follow Ilse to the third ship. continue", "continue", "continue", "love it. one more"]
    for k, u in enumerate(users):
        s.step(rng.randint(30, 140), CONT_SCENES[k], user=u)
    s.step(40, CONT_SCENES[10] + "\n\n(End of the scene — a natural place to stop the session.)", user="Perfect, we'll stop there. Thanks!")
    return s, None


VTT_LINES = [
    "GM: The Drowned Bell is packed for the Salt Moon festival; fiddlers, spilled ale, a brawl brewing near the hearth.",
    "Sera (player: Mika): I want to ask Ilse about the blue-wax seals.",
    "GM: Ilse goes pale and says her uncle keeps the seal in a locked box, 'but lately the box is never locked'.",
    "Brakka (player: Jo): I arm-wrestle the dock foreman for information.",
    "GM: Foreman Ott loses, laughs, and tells you the third ship pays double for night moorings.",
    "Quill (player: Dani): I cast Detect Magic on the ledger.",
    "GM: Faint abjuration on the binding — a ward against tampering, cheap, guild-made.",
    "Sera: I pocket the ledger page with the scraped-off ship name.",
    "GM: Ott's dog starts barking at the window. Roll initiative, two smugglers come through the back.",
    "GM: The smugglers flee when Brakka drops the first one; one of them drops a brass token stamped with a crown of salt.",
    "Quill: I recognise the token? Arcana or History?",
    "GM: History. It's the mark of the old Salt Crown mining guild, dissolved forty years ago.",
    "Brakka: We go to the harbourmaster's office at dawn.",
    "GM: The office is closed for the festival. A notice says the harbourmaster is 'indisposed'. Voss's guards are posted outside.",
    "Sera: Stealth past the guards to the back window.",
    "GM: You get in. The seal box is open and empty. A fresh letter sits in the fireplace, half burned: '...forty head, the usual price, the Crown thanks you...'",
    "Quill: I try Mending on the burned letter.",
    "GM: Mending can't restore what burned, but you recover the date: the 14th of Frostmoon, tonight.",
    "Jo: we should tell Voss? or not trust him?",
    "GM (out of character): that's the cliffhanger, we stop here. XP: 450 each. Next session: the customs house at night.",
]


def vtt_log(rng):
    out = ["Foundry VTT — chat log export — world: salt-crown — session 11 (Salt Moon festival)", ""]
    names = ["Sera", "Brakka", "Quill"]
    mods = {"Sera": {"Stealth": 7, "Insight": 4, "Perception": 6, "Dex save": 7}, "Brakka": {"Athletics": 6, "Intimidation": 3, "Perception": 1, "Con save": 5}, "Quill": {"Arcana": 7, "History": 7, "Investigation": 5, "Wis save": 4}}
    clock = 19 * 60 + 12
    for line in VTT_LINES:
        for _ in range(rng.randint(4, 9)):
            who = rng.choice(names)
            sk = rng.choice(list(mods[who]))
            d = rng.randint(1, 20)
            clock += rng.randint(0, 3)
            out.append(f"[{clock // 60:02d}:{clock % 60:02d}] {who} rolls {sk}: 1d20 ({d}) + {mods[who][sk]} = {d + mods[who][sk]}" + (" — NAT 20!" if d == 20 else " — natural 1" if d == 1 else ""))
            if rng.random() < 0.25:
                dmg = [rng.randint(1, 8) for _ in range(2)]
                out.append(f"[{clock // 60:02d}:{clock % 60:02d}] {who} rolls damage: 2d8 ({dmg[0]}, {dmg[1]}) + 3 = {sum(dmg) + 3} slashing")
        clock += rng.randint(2, 8)
        out.append(f"[{clock // 60:02d}:{clock % 60:02d}] {line}")
    return "\n".join(out)


@session("tabletop_campaign_gm", "healthy", "One long pasted VTT log, then a run of different prep questions about it (recap, NPCs, threads, rumour table, read-aloud); every answer is new work.")
def gm_h_prep(rng):
    log = vtt_log(rng)
    s = Session(GM_SYS, "Here's last session's chat log export. First: a 5-sentence recap I can read at the start of next session.\n\n" + log)
    qa = [
        ("Last time in Vessmark: the Salt Moon festival filled the Drowned Bell, and Ilse Marrow let slip that her uncle's blue-wax seal is no longer kept under lock. Brakka out-wrestled Foreman Ott, who told you the third ship pays double for night moorings. Two smugglers fled, leaving a brass token of the long-dissolved Salt Crown guild. At dawn you slipped into the harbourmaster's closed office and found his seal box empty and a half-burned letter promising 'forty head' to the Crown. The date on it was the 14th of Frostmoon — tonight.", "List every named NPC with one line each and what the party knows about them."),
        ("- Ilse Marrow — harbourmaster's niece, barmaid at the Drowned Bell; nervous about the seals.\n- The harbourmaster (unnamed so far) — 'indisposed' for the festival; owner of the blue-wax seal.\n- Foreman Ott — dock foreman, good loser, knows about the third ship's night moorings.\n- Captain Voss — commands the guard; his men posted outside the harbourmaster's office.\n- Ott's dog — raised the alarm (the players loved it).", "What loose threads are open? Rank them by urgency."),
        ("1. The 14th of Frostmoon is tonight — the 'forty head' delivery.\n2. The empty seal box: who has the seal now?\n3. The scraped-off ship name on the ledger page in Sera's pocket.\n4. The Salt Crown guild token — a dissolved guild is active again.\n5. Whether to trust Voss (Jo's question at the end).", "Make a d8 rumour table for the Drowned Bell, mixing true and false rumours about these threads."),
        ("d8 — Drowned Bell rumours\n1. (true) The Lantern Girl unloaded nothing last night but left lighter.\n2. (false) Captain Voss is the harbourmaster's son.\n3. (true) Miners from the Crown pits have been 'sent north' and never written home.\n4. (false) The temple fire was set by the Salt Crown.\n5. (true) Ott was paid to look away from the far mooring.\n6. (partly) Ilse was seen crying by the fish market with a letter in her hand.\n7. (false) The harbourmaster died weeks ago and a double sits in his office.\n8. (true) Blue wax was bought in bulk at Hessel's chandlery, paid in guild brass.", "Write the read-aloud for the customs house at night, 4-5 sentences."),
        (CONT_SCENES[0] + " " + CONT_SCENES[1], "How much XP/treasure should tonight give if they free the miners? Party is level 5, four players."),
        ("Freeing the miners is a major milestone: I'd level them to 6 at the end rather than count XP. Treasure: the third ship's strongbox (620 gp in Crown-stamped brass, which is traceable), a +1 crossbow left by the smugglers, and the harbourmaster's letter — worth more as leverage than gold.", "Last one: give Ilse a secret that pays off in two sessions."),
        ("Ilse wrote the anonymous letter the old miner mentions ('someone would come'). She copied her uncle's looping hand so it would look official. In two sessions, when the harbourmaster claims the letter proves nothing, Ilse can reveal she has his real ledger — the one with the guild's payments — hidden in the Drowned Bell's cellar.", "Great, that's all. Thanks!"),
    ]
    for a, q in qa:
        s.step(rng.randint(90, 600), a, user=q)
    return s, None


def build_all():
    out = {}
    counters = {}
    for i, (style, outcome, fn, notes) in enumerate(SESSIONS):
        shape = SHAPES[i % 3]
        rng = random.Random(zlib_seed(f"{style}/{outcome}/{i}"))
        sess, bd = fn(rng)
        k = counters.get((style, outcome), 0) + 1
        counters[(style, outcome)] = k
        name = f"{style}_{outcome}_{k}_{shape}"
        model = rng.choice(MODELS[shape])
        maxt = rng.choice([1024, 2048, 4096, 8192])
        exp = {"outcome": "healthy"} if outcome == "healthy" else {"outcome": "runaway", "loop_begins_turn": bd[0], "stop_by_turn": bd[1]}
        d = {
            "name": name,
            "style": style,
            "shape": shape,
            "path": PATHS[shape],
            "headers": {"x-session-id": "corpx-" + _id("", name, 0, 10) + "-" + name, "x-user-id": "corpx-" + style.split("_")[0] + f"-{k}"},
            "expected": exp,
            "notes": notes,
            "turns": render(sess, shape, name, model, maxt),
        }
        validate_session(d)
        if not sess.stateless:
            for a, b in zip(d["turns"], d["turns"][1:]):
                _need(_is_prefix(a["request"], b["request"], shape), f"{name}: history not resent")
        out[os.path.join("heldout", name + ".json")] = json.dumps(d, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
    return out


def _is_prefix(a, b, shape):
    key = {"chat": "messages", "responses": "input", "anthropic": "messages"}[shape]
    xa, xb = a[key], b[key]
    if shape == "anthropic":  # the last user message may be extended (tool_result + text merged)
        return len(xb) > len(xa) and xb[: len(xa) - 1] == xa[:-1]
    return len(xb) > len(xa) and xb[: len(xa)] == xa


def zlib_seed(s):
    return int(hashlib.sha256(s.encode()).hexdigest()[:12], 16)


def main():
    files = build_all()
    check = "--check" in sys.argv[1:]
    bad = 0
    if check:
        for rel, text in files.items():
            p = os.path.join(DIR, rel)
            if not os.path.exists(p) or open(p, encoding="utf-8").read() != text:
                print("differs:", rel)
                bad += 1
        for sub in ("heldout", "tuning"):
            for f in sorted(os.listdir(os.path.join(DIR, sub))):
                if f.endswith(".json"):
                    json.load(open(os.path.join(DIR, sub, f), encoding="utf-8"))
                    if os.path.join(sub, f) not in files:
                        print("stray:", sub, f)
                        bad += 1
        print(f"{len(files)} sessions checked, {bad} problems")
        return 1 if bad else 0
    for sub in ("heldout", "tuning"):
        os.makedirs(os.path.join(DIR, sub), exist_ok=True)
        for f in os.listdir(os.path.join(DIR, sub)):
            if f.endswith(".json"):
                os.remove(os.path.join(DIR, sub, f))
    open(os.path.join(DIR, "tuning", ".gitkeep"), "w").close()
    for rel, text in files.items():
        with open(os.path.join(DIR, rel), "w", encoding="utf-8") as fh:
            fh.write(text)
    print(f"wrote {len(files)} sessions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
