#!/usr/bin/env python3
"""Generate the blind held-out corpus tests/fixtures/corpus_ah (author: writer-ah).

Stdlib only, deterministic (no clock, no randomness, no network).

    python3 scripts/gen_corpus_ah.py           # write the files
    python3 scripts/gen_corpus_ah.py --check   # regenerate in memory, validate, compare with disk

Every session is written once in a shape-neutral form (system prompt, tools, and a list of
turns; each turn after the first appends the assistant's reply and the new user or tool
input) and rendered into the API shape assigned to it round-robin in writing order
(OpenAI Chat, OpenAI Responses, Anthropic Messages).
"""

import datetime
import hashlib
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "corpus_ah")

SHAPES = ["chat", "responses", "anthropic"]
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
TOOLLESS_STYLES = {"stage_play_dramaturg", "sleep_coach_chat"}


def j(obj):
    return json.dumps(obj, ensure_ascii=False)


def iso(base, secs):
    """ISO-8601 UTC timestamp `secs` seconds after `base` ("YYYY-MM-DDTHH:MM:SS")."""
    d = datetime.datetime.strptime(base, "%Y-%m-%dT%H:%M:%S") + datetime.timedelta(seconds=secs)
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def hhmm(base, secs):
    d = datetime.datetime.strptime(base, "%Y-%m-%dT%H:%M:%S") + datetime.timedelta(seconds=secs)
    return d.strftime("%H:%M")


def hid(seed, n, alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"):
    """A deterministic random-looking id of n characters."""
    out = ""
    k = 0
    while len(out) < n:
        h = hashlib.sha256(("%s/%d" % (seed, k)).encode()).digest()
        out += "".join(alphabet[b % len(alphabet)] for b in h)
        k += 1
    return out[:n]


def tool(name, description, props, required=None):
    return {
        "name": name,
        "description": description,
        "parameters": {
            "type": "object",
            "properties": props,
            "required": list(props.keys()) if required is None else required,
        },
    }


S = {"type": "string"}
I = {"type": "integer"}
N = {"type": "number"}
SA = {"type": "array", "items": {"type": "string"}}


def s_(desc):
    return {"type": "string", "description": desc}


class Session:
    """A session in shape-neutral form."""

    def __init__(self, style, outcome, shape_kind, system, model, tools=None, max_tokens=1024,
                 expected=None, notes="", user_id="u", stateless_doc=None):
        self.style = style
        self.outcome = outcome
        self.system = system
        self.model = model
        self.tools = tools or []
        self.max_tokens = max_tokens
        self.expected = expected
        self.notes = notes
        self.user_id = user_id
        self.kind = shape_kind  # short descriptive tag, for the README only
        self.turns = []  # list of (at_seconds, [items]); items appended before that turn's request
        self.stateless_doc = stateless_doc  # stateless client: doc resent with a new question

    def start(self, t, text):
        assert not self.turns
        self.turns.append((t, [("user", text)]))
        return self

    def step(self, t, text=None, calls=None, results=None, user=None):
        """Assistant reply (text and/or tool calls), then tool results and/or a user message."""
        calls = calls or []
        results = results or []
        assert len(calls) == len(results), (self.style, t)
        items = [("assistant", text, calls)]
        if calls:
            items.append(("results", results))
        if user is not None:
            items.append(("user", user))
        assert calls or user is not None
        self.turns.append((t, items))
        return self

    def ask(self, t, question):
        """Stateless client: a new question over the same document."""
        self.turns.append((t, [("question", question)]))
        return self


# ----------------------------------------------------------------------------------------
# Rendering
# ----------------------------------------------------------------------------------------

def render_tools(tools, shape):
    out = []
    for tl in tools:
        if shape == "chat":
            out.append({"type": "function", "function": {"name": tl["name"], "description": tl["description"],
                                                          "parameters": tl["parameters"]}})
        elif shape == "responses":
            out.append({"type": "function", "name": tl["name"], "description": tl["description"],
                        "parameters": tl["parameters"]})
        else:
            out.append({"name": tl["name"], "description": tl["description"], "input_schema": tl["parameters"]})
    return out


def render(sess, shape, name):
    seq = [0]

    def new_id():
        seq[0] += 1
        seed = name + ":" + str(seq[0])
        if shape == "chat":
            return "call_" + hid(seed, 24)
        if shape == "responses":
            return "call_" + hid(seed, 24)
        return "toolu_01" + hid(seed, 22)

    requests = []
    if sess.stateless_doc is not None:
        for t, items in sess.turns:
            (_, q), = items
            content = sess.stateless_doc + "\n\n---\nQuestion: " + q
            if shape == "chat":
                msgs = [{"role": "system", "content": sess.system}, {"role": "user", "content": content}]
                req = {"model": sess.model, "messages": msgs, "max_tokens": sess.max_tokens}
            elif shape == "responses":
                req = {"model": sess.model, "instructions": sess.system,
                       "input": [{"role": "user", "content": content}], "max_output_tokens": sess.max_tokens}
            else:
                req = {"model": sess.model, "max_tokens": sess.max_tokens, "system": sess.system,
                       "messages": [{"role": "user", "content": content}]}
            requests.append({"at_seconds": t, "request": req})
        return requests

    if shape == "chat":
        hist = [{"role": "system", "content": sess.system}]
    elif shape == "responses":
        hist = []
    else:
        hist = []
    pending_ids = []
    for t, items in sess.turns:
        for it in items:
            if it[0] == "user":
                if shape == "anthropic" and hist and hist[-1]["role"] == "user":
                    # tool results already opened this user message: add the text after them
                    hist[-1]["content"].append({"type": "text", "text": it[1]})
                else:
                    hist.append({"role": "user", "content": it[1]})
            elif it[0] == "assistant":
                _, text, calls = it
                ids = [new_id() for _ in calls]
                pending_ids = ids
                if shape == "chat":
                    m = {"role": "assistant", "content": text}
                    if calls:
                        m["tool_calls"] = [{"id": i, "type": "function",
                                            "function": {"name": c[0], "arguments": j(c[1])}}
                                           for i, c in zip(ids, calls)]
                    hist.append(m)
                elif shape == "responses":
                    if text:
                        hist.append({"role": "assistant", "content": text})
                    for i, c in zip(ids, calls):
                        hist.append({"type": "function_call", "call_id": i, "name": c[0], "arguments": j(c[1])})
                else:
                    if calls:
                        blocks = []
                        if text:
                            blocks.append({"type": "text", "text": text})
                        for i, c in zip(ids, calls):
                            blocks.append({"type": "tool_use", "id": i, "name": c[0], "input": c[1]})
                        hist.append({"role": "assistant", "content": blocks})
                    else:
                        hist.append({"role": "assistant", "content": text})
            elif it[0] == "results":
                res = it[1]
                if shape == "chat":
                    for i, r in zip(pending_ids, res):
                        hist.append({"role": "tool", "tool_call_id": i, "content": r})
                elif shape == "responses":
                    for i, r in zip(pending_ids, res):
                        hist.append({"type": "function_call_output", "call_id": i, "output": r})
                else:
                    hist.append({"role": "user", "content": [
                        {"type": "tool_result", "tool_use_id": i, "content": r} for i, r in zip(pending_ids, res)]})
            else:
                raise ValueError(it[0])
        snapshot = json.loads(json.dumps(hist))
        if shape == "chat":
            req = {"model": sess.model, "messages": snapshot}
            if sess.tools:
                req["tools"] = render_tools(sess.tools, shape)
            req["max_tokens"] = sess.max_tokens
        elif shape == "responses":
            req = {"model": sess.model, "instructions": sess.system, "input": snapshot}
            if sess.tools:
                req["tools"] = render_tools(sess.tools, shape)
            req["max_output_tokens"] = sess.max_tokens
        else:
            req = {"model": sess.model, "max_tokens": sess.max_tokens, "system": sess.system, "messages": snapshot}
            if sess.tools:
                req["tools"] = render_tools(sess.tools, shape)
        requests.append({"at_seconds": t, "request": req})
    return requests


# ----------------------------------------------------------------------------------------
# Sessions, in writing order (the shape is assigned round-robin over this order)
# ----------------------------------------------------------------------------------------

WRITERS = []


def writer(fn):
    WRITERS.append(fn)
    return fn


def runaway(b, d):
    return {"outcome": "runaway", "loop_begins_turn": b, "stop_by_turn": d}


HEALTHY = {"outcome": "healthy"}

# ---------------------------------------------------------------- biobank_freezer_monitor

FREEZER_TOOLS = [
    tool("get_freezer_status", "Live status of one ultra-low-temperature freezer from the BMS gateway.",
         {"unit_id": s_("Unit id, e.g. FRZ-ULT-07")}),
    tool("get_sensor_history", "Probe readings of a unit over the last N minutes.",
         {"unit_id": S, "minutes": I}),
    tool("page_oncall", "Page the biobank on-call technician (PagerDuty service BIOBANK-FACILITIES).",
         {"unit_id": S, "severity": {"type": "string", "enum": ["low", "high", "critical"]}, "message": S}),
    tool("log_note", "Append a note to the unit's electronic logbook.", {"unit_id": S, "text": S}),
]


@writer
def freezer_r1():
    s = Session("biobank_freezer_monitor", "runaway", "stale probe polled",
                "You are FreezerWatch, the overnight monitoring agent for the Northgate Biobank ULT freezer "
                "fleet (-80 °C units, rooms B114 and B116). On an alarm: check the unit, decide whether samples are "
                "at risk, and page the on-call technician with page_oncall when a unit reads above -70 °C or when "
                "its telemetry has been stale for more than 10 minutes. Record each check with log_note. Be brief.",
                "gpt-4o-2024-08-06", FREEZER_TOOLS, 600,
                runaway(4, 9),
                "Stale probe: the gateway keeps returning the same -61.4 °C reading stamped 02:14:52 and the agent "
                "re-polls every minute instead of paging as its policy says; the second identical poll (turn 4) starts "
                "the loop, and by turn 9 it has watched a frozen value for five minutes past the paging threshold.",
                "nightwatch-svc")
    base = "2024-11-19T02:31:07"
    s.start(0, "[ALARM 02:31:07 UTC] FRZ-ULT-07 (Room B114, Thermo TSX600, contents: cohort LIFELINE-2 "
               "EDTA plasma, 41 boxes) HIGH_TEMP_WARN: probe reads -61.4 °C (warn threshold -70 °C).")

    def status(k):
        return j({"unit_id": "FRZ-ULT-07", "reading_c": -61.4, "setpoint_c": -80.0, "compressor": "running",
                  "door": "closed", "mains": "ok", "sensor_last_update": "2024-11-19T02:14:52Z",
                  "queried_at": iso(base, 6 + k), "alarm": "HIGH_TEMP_WARN", "gateway": "bms-gw-02"})

    s.step(6, "Checking the live status of FRZ-ULT-07.", [("get_freezer_status", {"unit_id": "FRZ-ULT-07"})],
           [status(0)])
    s.step(14, "The probe still says -61.4 °C, but its last update was 02:14:52, about 16 minutes ago. "
               "Pulling the probe history to see the trend.",
           [("get_sensor_history", {"unit_id": "FRZ-ULT-07", "minutes": 30})],
           [j({"unit_id": "FRZ-ULT-07", "readings": [
               {"t": "2024-11-19T02:02:52Z", "c": -79.8}, {"t": "2024-11-19T02:05:52Z", "c": -79.7},
               {"t": "2024-11-19T02:08:52Z", "c": -74.2}, {"t": "2024-11-19T02:11:52Z", "c": -66.9},
               {"t": "2024-11-19T02:14:52Z", "c": -61.4}],
               "note": "no samples received after 2024-11-19T02:14:52Z"})])
    texts = [
        "History stops at 02:14:52 after a fast rise from -79.8 to -61.4 °C. Before paging anyone at 2:30 am "
        "I want a fresh reading; checking the live status again.",
        "Same reading, -61.4 °C, still stamped 02:14:52. The gateway may just be slow. I'll give it another minute.",
        "No change: -61.4 °C, last update 02:14:52. Checking again shortly.",
        "Still -61.4 °C at 02:14:52. Waiting for the probe to report before escalating.",
        "The reading hasn't moved (-61.4 °C, 02:14:52). Re-checking.",
        "Unchanged. -61.4 °C, last update 02:14:52. I'll poll once more.",
        "Status identical to the previous check. Polling again in a minute.",
        "FRZ-ULT-07 still shows -61.4 °C from 02:14:52. Checking again.",
        "No new telemetry yet. Re-polling FRZ-ULT-07.",
        "Reading remains -61.4 °C (02:14:52). Will check again.",
        "Still no fresh sample from the probe. Polling.",
        "Same as before: -61.4 °C, stamped 02:14:52. Checking once more.",
        "FRZ-ULT-07 unchanged. Polling again.",
        "Nothing new from bms-gw-02. Re-checking FRZ-ULT-07.",
    ]
    t = 14
    for k, text in enumerate(texts):
        t += 60 + (k % 3)
        calls = [("get_freezer_status", {"unit_id": "FRZ-ULT-07"})]
        results = [status(t - 6)]
        if k % 4 == 3:
            calls.append(("log_note", {"unit_id": "FRZ-ULT-07",
                                       "text": "Probe reading -61.4 C (last update 02:14:52), awaiting fresh telemetry."}))
            results.append(j({"ok": True, "entry_id": "LOG-%d" % (88310 + k)}))
        s.step(t, text, calls, results)
    return s


TRANSFER_TOOLS = [
    tool("find_free_slots", "Find empty box positions in a freezer (FreezerPro LIMS).",
         {"unit_id": S, "box_count": I}),
    tool("reserve_slots", "Reserve rack positions for incoming boxes; needed before any physical move.",
         {"unit_id": S, "rack": S, "positions": {"type": "array", "items": {"type": "integer"}}, "box_ids": SA}),
    tool("release_lock", "Release a LIMS lock on a unit or rack.", {"resource": S, "reason": S}),
    tool("create_transfer_manifest", "Create the chain-of-custody manifest for a box transfer.",
         {"from_unit": S, "to_unit": S, "reservation_ids": SA}),
]


@writer
def freezer_r2():
    s = Session("biobank_freezer_monitor", "runaway", "lock / release alternation",
                "You are the Biobank Transfer Assistant for the Northgate Biobank. When a freezer fails or is "
                "decommissioned you move its boxes to a backup unit: reserve positions in the LIMS first, then create "
                "the transfer manifest. Never schedule a physical move without a LIMS reservation. You act with the "
                "permissions of the requesting technician.",
                "gpt-4.1", TRANSFER_TOOLS, 900,
                runaway(5, 10),
                "Backup freezer FRZ-ULT-12 is locked for an inventory audit by another user; the agent alternates "
                "reserve (409 LOCK_HELD) and release_lock (403 FORBIDDEN) on different racks and with new reasons, "
                "failing the same two ways; the second reserve attempt (turn 5) starts the loop.",
                "arahman")
    s.start(0, "FRZ-ULT-03 is failing its compressor (facilities ticket FAC-2291, it's holding -71 but the "
               "tech says it could go any time). Please move the 11 boxes of study ONCO-PDX (PDX-0412 to PDX-0422) "
               "into backup freezer FRZ-ULT-12 tonight. I'm heading home, send me the manifest in the morning. "
               "- Ayesha")
    boxes = ["PDX-%04d" % i for i in range(412, 423)]
    s.step(5, "I'll look for 11 free positions in FRZ-ULT-12.",
           [("find_free_slots", {"unit_id": "FRZ-ULT-12", "box_count": 11})],
           [j({"unit_id": "FRZ-ULT-12", "free": [{"rack": "R3", "positions": [1, 2, 3, 4, 5, 6]},
                                                  {"rack": "R5", "positions": [2, 3, 4, 5, 6]},
                                                  {"rack": "R7", "positions": [1, 2, 3, 4, 5, 6, 7, 8]}]})])
    lock = lambda: j({"status": 409, "error": "LOCK_HELD",
                      "detail": "FRZ-ULT-12 is locked for inventory audit AUD-2024-Q4-12 by session ws-4471 "
                                "(user mkowalczyk) since 2024-11-18T16:02:11Z; no reservations can be made until "
                                "the audit session is closed."})
    forb = lambda: j({"status": 403, "error": "FORBIDDEN",
                      "detail": "role biobank_tech (arahman) may not release a lock held by another user "
                                "(mkowalczyk). Ask the lock owner or a LIMS administrator."})
    plan = [
        ("Reserving rack R3 positions 1-6 and rack R5 positions 2-6 for the 11 boxes. Starting with R3.",
         ("reserve_slots", {"unit_id": "FRZ-ULT-12", "rack": "R3", "positions": [1, 2, 3, 4, 5, 6], "box_ids": boxes[:6]}), lock),
        ("The unit is locked by an audit session. The audit is from yesterday afternoon and looks abandoned; "
         "I'll release the lock so the transfer can proceed.",
         ("release_lock", {"resource": "FRZ-ULT-12", "reason": "Emergency transfer from failing FRZ-ULT-03 (FAC-2291)"}), forb),
        ("I can't release it myself. Perhaps the lock only covers the racks under audit; trying rack R5 instead.",
         ("reserve_slots", {"unit_id": "FRZ-ULT-12", "rack": "R5", "positions": [2, 3, 4, 5, 6], "box_ids": boxes[6:]}), lock),
        ("Same lock. Let me release it on the rack level rather than the whole unit.",
         ("release_lock", {"resource": "FRZ-ULT-12/R5", "reason": "Urgent: compressor failure on source unit"}), forb),
        ("Trying the larger rack R7, which may not be part of the audit scope.",
         ("reserve_slots", {"unit_id": "FRZ-ULT-12", "rack": "R7", "positions": [1, 2, 3, 4, 5, 6, 7, 8], "box_ids": boxes[:8]}), lock),
        ("Still locked. Releasing the audit lock with a clearer justification.",
         ("release_lock", {"resource": "FRZ-ULT-12", "reason": "Sample integrity risk, ONCO-PDX, 11 boxes, FAC-2291"}), forb),
        ("Retrying the reservation on R3 in case the audit session has timed out by now.",
         ("reserve_slots", {"unit_id": "FRZ-ULT-12", "rack": "R3", "positions": [1, 2, 3, 4, 5, 6], "box_ids": boxes[:6]}), lock),
        ("Attempting to release the lock on rack R3 only.",
         ("release_lock", {"resource": "FRZ-ULT-12/R3", "reason": "Emergency transfer, source unit failing"}), forb),
        ("Let me try a smaller reservation on R5 - maybe partial reservations are allowed during audits.",
         ("reserve_slots", {"unit_id": "FRZ-ULT-12", "rack": "R5", "positions": [2, 3], "box_ids": boxes[:2]}), lock),
        ("Releasing the unit lock again; the audit has been idle for over ten hours.",
         ("release_lock", {"resource": "FRZ-ULT-12", "reason": "Audit session idle >10h, emergency transfer FAC-2291"}), forb),
        ("Trying R7 with the remaining boxes.",
         ("reserve_slots", {"unit_id": "FRZ-ULT-12", "rack": "R7", "positions": [1, 2, 3], "box_ids": boxes[8:]}), lock),
        ("One more attempt to clear the lock so the move can happen tonight.",
         ("release_lock", {"resource": "FRZ-ULT-12/R7", "reason": "Emergency, see FAC-2291"}), forb),
        ("Retrying reservation on R3.",
         ("reserve_slots", {"unit_id": "FRZ-ULT-12", "rack": "R3", "positions": [1, 2, 3, 4, 5, 6], "box_ids": boxes[:6]}), lock),
        ("Releasing the lock.",
         ("release_lock", {"resource": "FRZ-ULT-12", "reason": "Emergency transfer"}), forb),
        ("Retrying on R5.",
         ("reserve_slots", {"unit_id": "FRZ-ULT-12", "rack": "R5", "positions": [2, 3, 4, 5, 6], "box_ids": boxes[6:]}), lock),
    ]
    t = 5
    for k, (text, call, res) in enumerate(plan):
        t += 4 + (k * 3) % 7
        s.step(t, text, [call], [res()])
    return s


@writer
def freezer_h1():
    s = Session("biobank_freezer_monitor", "healthy", "nightly sweep of 14 units",
                "You are FreezerWatch. Each night at 03:00 you sweep every ULT freezer in rooms B114 and B116: "
                "read its status, look into anything unusual (door openings, compressor duty, warm readings), then "
                "file one sweep report. Use list_units, get_freezer_status, get_door_events and file_sweep_report.",
                "claude-3-5-sonnet-20241022",
                [tool("list_units", "List freezers in the given rooms.", {"rooms": SA}),
                 FREEZER_TOOLS[0],
                 tool("get_door_events", "Door open/close events for a unit over the last 24 h.", {"unit_id": S}),
                 tool("file_sweep_report", "File the nightly sweep report in QMS.",
                      {"date": S, "summary": S, "flags": SA})],
                1200, HEALTHY,
                "Nightly sweep: the same status call for fourteen different freezers, each returning its own reading, "
                "plus one follow-up on a unit with many door openings and a filed report; routine, finite work.",
                "nightwatch-svc")
    units = [("FRZ-ULT-01", "B114", -80.2, 41, 2), ("FRZ-ULT-02", "B114", -79.6, 47, 1),
             ("FRZ-ULT-03", "B114", -71.3, 96, 0), ("FRZ-ULT-04", "B114", -80.8, 39, 3),
             ("FRZ-ULT-05", "B114", -79.1, 52, 1), ("FRZ-ULT-06", "B114", -80.0, 44, 0),
             ("FRZ-ULT-07", "B114", -79.9, 45, 2), ("FRZ-ULT-08", "B116", -80.4, 40, 1),
             ("FRZ-ULT-09", "B116", -76.8, 63, 7), ("FRZ-ULT-10", "B116", -80.1, 43, 0),
             ("FRZ-ULT-11", "B116", -79.7, 48, 2), ("FRZ-ULT-12", "B116", -80.6, 38, 0),
             ("FRZ-ULT-13", "B116", -78.9, 55, 1), ("FRZ-ULT-14", "B116", -80.3, 42, 1)]
    base = "2024-11-20T03:00:00"
    s.start(0, "Scheduled task: nightly freezer sweep for 2024-11-20, rooms B114 and B116.")
    s.step(4, "Listing the units in B114 and B116.", [("list_units", {"rooms": ["B114", "B116"]})],
           [j({"units": [{"unit_id": u[0], "room": u[1]} for u in units]})])
    t = 4
    prev = None
    for k, (uid, room, c, duty, doors) in enumerate(units):
        t += 5 + k % 4
        if prev is None:
            text = "14 units. Starting with %s." % uid
        else:
            p = prev
            remark = "nominal" if p[2] < -78.5 else "warmer than the fleet"
            text = "%s reads %.1f °C, compressor duty %d%%, %d door opening%s: %s. Next, %s." % (
                p[0], p[2], p[3], p[4], "" if p[4] == 1 else "s", remark, uid)
        if prev and prev[0] == "FRZ-ULT-03":
            text = ("FRZ-ULT-03 reads -71.3 °C at 96%% compressor duty, consistent with open facilities ticket "
                    "FAC-2291 (compressor failing; its boxes were moved to FRZ-ULT-12 yesterday). Flagging it. Next, %s." % uid)
        s.step(t, text, [("get_freezer_status", {"unit_id": uid})],
               [j({"unit_id": uid, "room": room, "reading_c": c, "setpoint_c": -80.0, "compressor_duty_pct": duty,
                   "door_openings_24h": doors, "door": "closed", "sensor_last_update": iso(base, t - 3),
                   "queried_at": iso(base, t), "alarm": "NONE" if c < -75 else "HIGH_TEMP_WARN"})])
        prev = (uid, room, c, duty, doors)
        if uid == "FRZ-ULT-09":
            t += 6
            s.step(t, "FRZ-ULT-09 is at -76.8 °C with 7 door openings in 24 h, far above its usual 1-2. "
                      "Checking the door log before moving on.",
                   [("get_door_events", {"unit_id": "FRZ-ULT-09"})],
                   [j({"unit_id": "FRZ-ULT-09", "events": [
                       {"opened": "2024-11-19T14:02:11Z", "closed": "2024-11-19T14:03:40Z", "badge": "jlindqvist"},
                       {"opened": "2024-11-19T14:21:05Z", "closed": "2024-11-19T14:22:19Z", "badge": "jlindqvist"},
                       {"opened": "2024-11-19T15:47:30Z", "closed": "2024-11-19T15:49:02Z", "badge": "pmensah"},
                       {"opened": "2024-11-19T16:10:44Z", "closed": "2024-11-19T16:11:20Z", "badge": "pmensah"},
                       {"opened": "2024-11-19T16:55:13Z", "closed": "2024-11-19T17:02:58Z", "badge": "pmensah"},
                       {"opened": "2024-11-19T22:40:01Z", "closed": "2024-11-19T22:40:49Z", "badge": "security-07"},
                       {"opened": "2024-11-20T01:15:37Z", "closed": "2024-11-20T01:16:02Z", "badge": "security-07"}]})])
            prev = ("FRZ-ULT-09*", room, c, duty, doors)
    t += 9
    s.step(t, "FRZ-ULT-14 reads -80.3 °C, nominal. Sweep complete; filing the report with two flags.",
           [("file_sweep_report", {"date": "2024-11-20",
                                    "summary": "14 units checked. 12 nominal (-78.9 to -80.8 C). FRZ-ULT-03 -71.3 C at 96% duty "
                                               "(known, FAC-2291, emptied). FRZ-ULT-09 -76.8 C after 7 door openings incl. a "
                                               "7m45s opening at 16:55 (pmensah) and two night openings by security-07.",
                                    "flags": ["FRZ-ULT-03: compressor failing, unit empty, awaiting repair",
                                              "FRZ-ULT-09: excessive door openings; ask security why the unit was opened at 22:40 and 01:15"]})],
           [j({"ok": True, "report_id": "SWEEP-20241120-0300", "qms_url": "https://qms.northgate-biobank.org/sweeps/SWEEP-20241120-0300"})])
    # fix the text of the turn after ULT-09's door check (marker '*')
    for idx, (tt, items) in enumerate(s.turns):
        it = items[0]
        if it[0] == "assistant" and it[1] and it[1].startswith("FRZ-ULT-09*"):
            items[0] = ("assistant", "The door log shows five daytime openings by two technicians (one lasting 7m45s at "
                        "16:55, which explains the warm reading) and two night openings by security-07. I'll flag it. "
                        "Next, FRZ-ULT-10.", it[2])
    return s


@writer
def freezer_h2():
    s = Session("biobank_freezer_monitor", "healthy", "pull-down after defrost",
                "You are FreezerWatch, the monitoring agent for the Northgate Biobank ULT freezer fleet. When a "
                "technician asks you to watch a unit, poll it every 5 minutes, keep the logbook up to date with "
                "log_note, and tell the technician (page_oncall, severity low) when the target is reached.",
                "gpt-4o-mini", FREEZER_TOOLS, 500, HEALTHY,
                "Post-defrost pull-down: the agent polls FRZ-ULT-05 every five minutes and the temperature falls at "
                "each poll (-31 to -75.6 °C) until the target is met and the technician is notified.",
                "tnakamura")
    base = "2024-11-21T10:12:00"
    s.start(0, "Finished the manual defrost of FRZ-ULT-05 and reloaded all 38 boxes (deviation DEV-0917). "
               "Door is shut. Watch it pull down and let me know when it's below -75 so I can sign off the deviation. "
               "- Takeshi")
    temps = [-31.0, -44.6, -53.9, -60.8, -66.0, -70.1, -73.2, -74.6, -75.6]
    t = 7
    prev = None
    for k, c in enumerate(temps):
        if prev is None:
            text = "Got it, polling FRZ-ULT-05 now and every 5 minutes."
        else:
            rate = (prev - c) / 5.0
            text = "Previous reading %.1f °C (%.1f °C/min). Next poll." % (prev, rate)
            if k in (3, 6):
                text = "%.1f °C, still pulling down at about %.1f °C/min. Logged; polling again in 5 minutes." % (prev, rate)
        calls = [("get_freezer_status", {"unit_id": "FRZ-ULT-05"})]
        results = [j({"unit_id": "FRZ-ULT-05", "reading_c": c, "setpoint_c": -80.0, "compressor": "running",
                      "compressor_duty_pct": 100 if c > -70 else 88, "door": "closed",
                      "sensor_last_update": iso(base, t - 20), "queried_at": iso(base, t),
                      "alarm": "HIGH_TEMP_WARN (suppressed: DEV-0917)" if c > -70 else "NONE"})]
        if k in (3, 6):
            calls.insert(0, ("log_note", {"unit_id": "FRZ-ULT-05",
                                          "text": "DEV-0917 pull-down: %.1f C at %s" % (prev, hhmm(base, t - 300))}))
            results.insert(0, j({"ok": True, "entry_id": "LOG-%d" % (88440 + k)}))
        s.step(t, text, calls, results)
        prev = c
        t += 300 + (k % 2) * 2
    s.step(t - 290, "FRZ-ULT-05 is at -75.6 °C, below the -75 °C target, 40 minutes after the door was shut. "
                    "Logging it and letting Takeshi know.",
           [("log_note", {"unit_id": "FRZ-ULT-05", "text": "DEV-0917: reached -75.6 C at 10:52, below -75 C target. Pull-down normal."}),
            ("page_oncall", {"unit_id": "FRZ-ULT-05", "severity": "low",
                             "message": "FRZ-ULT-05 reached -75.6 C at 10:52 after defrost; ready for DEV-0917 sign-off."})],
           [j({"ok": True, "entry_id": "LOG-88452"}), j({"ok": True, "incident": "PD-Q3KX91", "routed_to": "tnakamura"})])
    return s

# ---------------------------------------------------------------- ocr_invoice_batch

def signed_url(doc, k):
    return ("https://scan.halvorsen-marine.no/s/%s.pdf?X-Amz-Expires=900&X-Amz-Date=20241007T%02d%02d00Z"
            "&X-Amz-Signature=%s" % (doc, 9 + k // 60, k % 60, hid(doc + str(k), 32, "0123456789abcdef")))


@writer
def ocr_r1():
    s = Session("ocr_invoice_batch", "runaway", "rescan returns the same bad file",
                "You are the AP intake agent for Halvorsen Marine Supply AS. For each PDF in the AP inbox: run "
                "extract_invoice, then post_to_erp (Visma Business, company 01). If a scan is unreadable you may ask "
                "the scanner station for a new copy with request_rescan. Report anything you could not post.",
                "gpt-4.1-mini",
                [tool("list_inbox", "List documents waiting in the AP inbox.", {"batch": S}),
                 tool("extract_invoice", "OCR + field extraction for one document.", {"document_url": S}),
                 tool("request_rescan", "Ask the scanner station to re-export a document.", {"document_id": S, "reason": S}),
                 tool("post_to_erp", "Post an extracted invoice to Visma as a pending voucher.",
                      {"extraction_id": S})],
                900, runaway(7, 12),
                "One scan is 72 dpi; request_rescan just re-exports the same fax-quality file under a new document id "
                "and signed URL, and extraction fails identically every time; the first same failure under a new id "
                "(turn 7) starts the loop.",
                "ap-bot")
    s.start(0, "Process AP inbox batch 2024-10-07 (4 documents).")
    docs = [("doc_3mQ81c", "scan_0007.pdf"), ("doc_3mQ81d", "scan_0008.pdf"),
            ("doc_3mQ81e", "scan_0009.pdf"), ("doc_3mQ81f", "scan_0010.pdf")]
    s.step(3, "Listing the inbox.", [("list_inbox", {"batch": "2024-10-07"})],
           [j({"batch": "2024-10-07", "documents": [{"document_id": d, "file": f, "pages": 2 if i != 1 else 3,
                                                      "url": signed_url(d, 0)} for i, (d, f) in enumerate(docs)]})])
    s.step(9, "Extracting scan_0007.pdf.", [("extract_invoice", {"document_url": signed_url(docs[0][0], 0)})],
           [j({"extraction_id": "ext_5521", "status": "ok", "vendor": "Nordic Fasteners AB", "vendor_org": "556123-4411",
               "invoice_no": "NF-204417", "invoice_date": "2024-09-30", "due_date": "2024-10-30", "currency": "NOK",
               "net": 14760.00, "vat": 3690.00, "gross": 18450.00, "confidence": 0.97})])
    s.step(14, "Clean extraction (Nordic Fasteners, NOK 18 450,00). Posting it.",
           [("post_to_erp", {"extraction_id": "ext_5521"})],
           [j({"ok": True, "voucher": "01-2024-118832", "status": "pending_approval"})])
    s.step(20, "Posted as voucher 01-2024-118832. Next, scan_0008.pdf.",
           [("extract_invoice", {"document_url": signed_url(docs[1][0], 0)})],
           [j({"status": "error", "job_id": "ocr-" + hid("j0", 8, "0123456789abcdef"), "code": "OCR_LOW_RESOLUTION",
               "detail": "page 2 of 3 rasterised at 72 dpi (minimum 150); text layer empty; fields total/vat not found",
               "source": "ScanStation-2, profile 'Fax quality'"})])
    fail_texts = [
        "Page 2 of scan_0008.pdf is too low-resolution to read. Requesting a rescan from the scanner station.",
        "A new copy is available as %s. Extracting it.",
        "The rescan failed the same way. Requesting another one, asking for higher resolution explicitly.",
        "New copy %s. Running extraction.",
        "Still 72 dpi on page 2. I'll request a rescan once more; the station may have picked the wrong profile.",
        "Extracting the re-exported document %s.",
        "Same error. Requesting another rescan at 300 dpi.",
        "Trying extraction on %s.",
        "The low-resolution error persists. Requesting a fresh scan.",
        "Extracting %s.",
        "Requesting another rescan of the invoice.",
        "Running extraction on the new copy %s.",
    ]
    t = 20
    cur = docs[1][0]
    for k, text in enumerate(fail_texts):
        t += 6 + (k % 3) * 2
        if k % 2 == 0:
            reason = ["page 2 unreadable (72 dpi)", "72 dpi again, please rescan at >= 300 dpi",
                      "wrong scan profile, need 300 dpi colour", "please rescan at 300 dpi",
                      "OCR_LOW_RESOLUTION page 2", "rescan needed"][k // 2]
            newdoc = "doc_" + hid("rescan%d" % k, 6)
            s.step(t, text, [("request_rescan", {"document_id": cur, "reason": reason})],
                   [j({"ok": True, "new_document_id": newdoc, "file": "scan_0008_r%d.pdf" % (k // 2 + 1),
                       "url": signed_url(newdoc, 20 + k), "exported_by": "ScanStation-2", "profile": "Fax quality",
                       "queued_at": iso("2024-10-07T09:20:00", t)})])
            cur = newdoc
        else:
            s.step(t, text % cur if "%s" in text else text, [("extract_invoice", {"document_url": signed_url(cur, 20 + k - 1)})],
                   [j({"status": "error", "job_id": "ocr-" + hid("j%d" % k, 8, "0123456789abcdef"),
                       "code": "OCR_LOW_RESOLUTION",
                       "detail": "page 2 of 3 rasterised at 72 dpi (minimum 150); text layer empty; fields total/vat not found",
                       "source": "ScanStation-2, profile 'Fax quality'"})])
    return s


@writer
def ocr_r2():
    s = Session("ocr_invoice_batch", "runaway", "validate/fix cycle of period 6",
                "You reconcile OCR output for supplier invoices before ERP posting at Kessler Getränkehandel GmbH. "
                "Use get_extraction to read the fields, update_field to correct them and validate_invoice to check. "
                "An invoice may be posted only when validate_invoice returns ok. Amounts are EUR.",
                "claude-3-5-sonnet-20241022",
                [tool("get_extraction", "Read the extracted fields and line items of an invoice.", {"extraction_id": S}),
                 tool("update_field", "Correct one header field of the extraction.",
                      {"extraction_id": S, "field": S, "value": S}),
                 tool("validate_invoice", "Run the arithmetic and payment-slip checks.", {"extraction_id": S})],
                1024, runaway(9, 15),
                "Validate/fix oscillation: the agent edits net, then gross, then reverts both, and the three checks "
                "fail in a fixed cycle (the real fault, a misread line item, is never looked at); the cycle shows "
                "when the first error comes back at turn 9.",
                "ap-reconcile")
    eid = "ext_K-77120"
    s.start(0, "Invoice RE-2024-11873 from Brennerei Lutz GmbH (extraction %s) failed auto-validation. "
               "Fix the fields so it can be posted." % eid)
    s.step(4, "Reading the extraction.", [("get_extraction", {"extraction_id": eid})],
           [j({"extraction_id": eid, "vendor": "Brennerei Lutz GmbH", "invoice_no": "RE-2024-11873",
               "invoice_date": "2024-11-04", "net_total": "1284.37", "vat_rate": "19", "vat_total": "244.03",
               "gross_total": "1528.40", "payment_slip_amount": "1528.40",
               "lines": [{"pos": 1, "text": "Obstbrand Williams 0,7l", "qty": 24, "unit": "18.90", "amount": "453.60"},
                         {"pos": 2, "text": "Kirschwasser 0,5l", "qty": 30, "unit": "14.25", "amount": "427.50"},
                         {"pos": 3, "text": "Zwetschgenbrand 0,35l", "qty": 3, "unit": "12.47", "amount": "37.45"},
                         {"pos": 4, "text": "Geschenkkarton 2er", "qty": 40, "unit": "2.10", "amount": "84.00"},
                         {"pos": 5, "text": "Haselnussgeist 0,5l", "qty": 12, "unit": "23.49", "amount": "281.88"}],
               "ocr_confidence": {"lines": 0.91, "header": 0.99}})])
    e_lines = j({"ok": False, "errors": [{"check": "LINES_SUM", "detail": "sum of line amounts 1284.43 != net_total 1284.37 (diff 0.06)"}]})
    e_gross = j({"ok": False, "errors": [{"check": "GROSS_ARITH", "detail": "net_total 1284.43 + vat_total 244.03 = 1528.46 != gross_total 1528.40"}]})
    e_slip = j({"ok": False, "errors": [{"check": "PAYMENT_SLIP", "detail": "gross_total 1528.46 != payment slip amount 1528.40 (QR/Girocode)"}]})
    ok = j({"ok": True, "field_updated": True})
    cycle = [
        ("Validating before changing anything.", [("validate_invoice", {"extraction_id": eid})], [e_lines]),
        ("The line items add up to 1284.43, so the net total was probably misread. Setting net_total to 1284.43.",
         [("update_field", {"extraction_id": eid, "field": "net_total", "value": "1284.43"})], [ok]),
        ("Re-validating.", [("validate_invoice", {"extraction_id": eid})], [e_gross]),
        ("Now gross must follow the new net: 1284.43 + 244.03 = 1528.46. Updating gross_total.",
         [("update_field", {"extraction_id": eid, "field": "gross_total", "value": "1528.46"})], [ok]),
        ("Validating again.", [("validate_invoice", {"extraction_id": eid})], [e_slip]),
        ("The payment slip says 1528.40, which is printed by the supplier and authoritative. So the original "
         "totals were right; reverting net_total to 1284.37 and gross_total to 1528.40.",
         [("update_field", {"extraction_id": eid, "field": "net_total", "value": "1284.37"}),
          ("update_field", {"extraction_id": eid, "field": "gross_total", "value": "1528.40"})], [ok, ok]),
    ]
    rewrites = [
        "Validating with the original totals restored.",
        "The lines sum to 1284.43 against a net of 1284.37. I'll correct the net total to match the lines.",
        "Checking the result.",
        "Gross has to be net + VAT, so 1528.46. Updating.",
        "Validating.",
        "That conflicts with the Girocode amount of 1528.40, so the header totals must be correct after all. "
        "Restoring both fields.",
    ]
    t = 4
    for rnd in range(3):
        for k, (text, calls, res) in enumerate(cycle):
            if rnd == 0 and k == 0:
                t += 5
                s.step(t, text, calls, res)
                continue
            if rnd > 0 or k > 0:
                tx = text if rnd == 0 else rewrites[k]
                t += 5 + (k * 2) % 5
                s.step(t, tx, calls, res)
    return s


@writer
def ocr_h1():
    s = Session("ocr_invoice_batch", "healthy", "batch of 12 similar invoices",
                "You are the AP intake agent for Halvorsen Marine Supply AS. Process every PDF in the given folder: "
                "extract_invoice, then post_to_erp when confidence >= 0.90, otherwise flag_for_review. One summary "
                "line per invoice, then a batch total.",
                "gpt-4o-2024-08-06",
                [tool("list_folder", "List PDFs in an SFTP drop folder.", {"path": S}),
                 tool("extract_invoice", "OCR + field extraction for one document.", {"document_url": S}),
                 tool("post_to_erp", "Post an extracted invoice to Visma as a pending voucher.", {"extraction_id": S}),
                 tool("flag_for_review", "Send an extraction to the AP clerk's review queue.",
                      {"extraction_id": S, "reason": S})],
                700, HEALTHY,
                "A supplier's monthly drop of twelve invoices, processed with the same extract/post pair each turn; "
                "every invoice has its own number and amount and one low-confidence scan goes to review.",
                "ap-bot")
    inv = [("MV-24-0911", "2024-09-02", 6240.00), ("MV-24-0928", "2024-09-04", 1187.50),
           ("MV-24-0944", "2024-09-06", 23415.00), ("MV-24-0957", "2024-09-09", 880.00),
           ("MV-24-0973", "2024-09-11", 4392.25), ("MV-24-0990", "2024-09-13", 12005.00),
           ("MV-24-1006", "2024-09-17", 318.75), ("MV-24-1019", "2024-09-19", 7750.00),
           ("MV-24-1035", "2024-09-23", 2644.40), ("MV-24-1052", "2024-09-25", 15120.00),
           ("MV-24-1068", "2024-09-27", 960.00), ("MV-24-1081", "2024-09-30", 5480.60)]
    path = "/drop/mv-verft/2024-09"
    s.start(0, "Marinverft Service AS dropped their September invoices in %s. Please process them." % path)
    s.step(3, "Listing the folder.", [("list_folder", {"path": path})],
           [j({"path": path, "files": ["%s.pdf" % n for n, _, _ in inv]})])
    t = 3
    prev = None
    for k, (no, date, gross) in enumerate(inv):
        url = "sftp://drop.halvorsen-marine.no%s/%s.pdf" % (path, no)
        conf = 0.71 if no == "MV-24-1006" else 0.93 + (k % 5) / 100.0
        ext = {"extraction_id": "ext_%d" % (6100 + k), "status": "ok", "vendor": "Marinverft Service AS",
               "invoice_no": no, "invoice_date": date, "currency": "NOK", "gross": gross,
               "net": round(gross / 1.25, 2), "vat": round(gross - gross / 1.25, 2), "confidence": conf}
        if conf < 0.9:
            ext["warnings"] = ["handwritten correction over line 3 amount", "stamp overlaps total box"]
        calls, results = [], []
        if prev is not None:
            pno, pgross, pconf, pid = prev
            if pconf >= 0.9:
                text = "%s: NOK %s, confidence %.2f - posting. Extracting %s." % (pno, format(pgross, ",.2f"), pconf, no)
                calls.append(("post_to_erp", {"extraction_id": pid}))
                results.append(j({"ok": True, "voucher": "01-2024-%d" % (119040 + k), "status": "pending_approval"}))
            else:
                text = ("%s came back at confidence %.2f with a handwritten correction on line 3, so it goes to "
                        "review instead of the ERP. Extracting %s." % (pno, pconf, no))
                calls.append(("flag_for_review", {"extraction_id": pid, "reason": "confidence 0.71; handwritten correction on line 3, stamp over total"}))
                results.append(j({"ok": True, "review_item": "REV-3318", "assignee": "kberg"}))
        else:
            text = "12 invoices. Starting with %s." % no
        calls.append(("extract_invoice", {"document_url": url}))
        results.append(j(ext))
        t += 6 + k % 4
        s.step(t, text, calls, results)
        prev = (no, gross, conf, ext["extraction_id"])
    t += 5
    s.step(t, "MV-24-1081: NOK 5,480.60, confidence 0.95 - posting the last one.",
           [("post_to_erp", {"extraction_id": "ext_6111"})],
           [j({"ok": True, "voucher": "01-2024-119052", "status": "pending_approval"})])
    return s


@writer
def ocr_h2():
    s = Session("ocr_invoice_batch", "healthy", "rate-limited OCR with backoff, paginated inbox",
                "You are the AP intake agent for Nørrebro Byg ApS. Go through the whole AP inbox page by page, "
                "extract every invoice, and when done post them to e-conomic as one batch. The OCR service is "
                "rate-limited: on HTTP 429 wait retry_after seconds and retry the same document.",
                "gpt-4.1",
                [tool("list_inbox", "List AP inbox documents, 5 per page.", {"page_token": S}, required=[]),
                 tool("extract_invoice", "OCR + field extraction for one document.", {"document_id": S}),
                 tool("post_batch", "Post extractions to e-conomic as one journal batch.", {"extraction_ids": SA})],
                800, HEALTHY,
                "Pagination plus honest backoff: two 429s answered by waiting and retrying the same document (which then "
                "succeeds), three inbox pages, eight distinct invoices and one posted batch.",
                "ap-bot-dk")
    s.start(0, "Run the AP inbox for Monday 2024-10-14.")
    s.step(2, "Fetching the first inbox page.", [("list_inbox", {})],
           [j({"documents": [{"document_id": "d-40%d" % i, "file": f} for i, f in
                             zip(range(11, 16), ["bygma_4471902.pdf", "stark_93311.pdf", "xl_byg_2210-884.pdf",
                                                 "ramirent_IN7730213.pdf", "sanistaal_5520148.pdf"])],
               "next_page_token": "eyJvIjo1fQ"})])
    ok_docs = {
        "d-4011": ("Bygma A/S", "4471902", 18210.00), "d-4012": ("STARK Danmark", "93311", 4925.50),
        "d-4013": ("XL-BYG Tømrerhandel", "2210-884", 1260.00), "d-4014": ("Ramirent A/S", "IN7730213", 9750.00),
        "d-4015": ("Sanistål A/S", "5520148", 3318.75), "d-4016": ("Davidsens Tømmerhandel", "D-118204", 22480.00),
        "d-4017": ("Optimera Danmark", "OPT-560199", 740.00), "d-4018": ("Würth Danmark", "88120455", 2135.90),
    }

    def ext(d):
        v, n, g = ok_docs[d]
        return j({"status": "ok", "extraction_id": "x" + d[2:], "vendor": v, "invoice_no": n, "currency": "DKK",
                  "gross": g, "vat": round(g * 0.2, 2), "confidence": 0.95})

    r429 = lambda sec: j({"status": 429, "error": "rate_limited", "retry_after": sec,
                          "detail": "OCR tier 'standard' allows 20 pages/minute"})
    steps = [
        (3, "Extracting d-4011 (Bygma).", "d-4011", r429(2)),
        (3, "Rate limited, retry_after 2 s. Retrying d-4011.", "d-4011", r429(4)),
        (5, "Still limited, now retry_after 4 s. Waiting and retrying d-4011.", "d-4011", ext("d-4011")),
        (4, "Bygma invoice 4471902, DKK 18,210.00. Next, d-4012.", "d-4012", ext("d-4012")),
        (4, "STARK 93311, DKK 4,925.50. Next, d-4013.", "d-4013", ext("d-4013")),
        (3, "XL-BYG 2210-884, DKK 1,260.00. Next, d-4014.", "d-4014", r429(2)),
        (3, "429 again; waiting 2 s before retrying d-4014.", "d-4014", ext("d-4014")),
        (4, "Ramirent IN7730213, DKK 9,750.00. Last on this page: d-4015.", "d-4015", ext("d-4015")),
    ]
    t = 2
    for gap, text, d, res in steps:
        t += gap
        s.step(t, text, [("extract_invoice", {"document_id": d})], [res])
    t += 3
    s.step(t, "Sanistål 5520148, DKK 3,318.75. Page 1 done; fetching page 2.",
           [("list_inbox", {"page_token": "eyJvIjo1fQ"})],
           [j({"documents": [{"document_id": "d-4016", "file": "davidsens_D-118204.pdf"},
                             {"document_id": "d-4017", "file": "optimera_OPT-560199.pdf"}],
               "next_page_token": "eyJvIjoxMH0"})])
    for gap, text, d in [(3, "Extracting d-4016 (Davidsens).", "d-4016"),
                         (4, "Davidsens D-118204, DKK 22,480.00. Next, d-4017.", "d-4017")]:
        t += gap
        s.step(t, text, [("extract_invoice", {"document_id": d})], [ext(d)])
    t += 3
    s.step(t, "Optimera OPT-560199, DKK 740.00. Fetching page 3.", [("list_inbox", {"page_token": "eyJvIjoxMH0"})],
           [j({"documents": [{"document_id": "d-4018", "file": "wurth_88120455.pdf"}], "next_page_token": None})])
    t += 3
    s.step(t, "Last page has one document. Extracting d-4018.", [("extract_invoice", {"document_id": "d-4018"})],
           [ext("d-4018")])
    t += 4
    s.step(t, "Würth 88120455, DKK 2,135.90. All 8 invoices extracted (DKK 62,820.15 gross). Posting the batch.",
           [("post_batch", {"extraction_ids": ["x" + d[2:] for d in sorted(ok_docs)]})],
           [j({"ok": True, "journal": "KASSE-AP", "batch_no": 5531, "entries": 8})])
    return s

# ---------------------------------------------------------------- nonprofit_donor_crm

@writer
def donor_r1():
    s = Session("nonprofit_donor_crm", "runaway", "paraphrased searches around a blocked merge",
                "You are the data-hygiene assistant for Riverside Community Food Bank's donor CRM. You merge duplicate "
                "constituent records while preserving giving history and Gift Aid declarations. Tools: "
                "search_constituents, get_constituent, merge_constituents. If a merge needs a human decision, say so "
                "and stop.",
                "claude-3-5-sonnet-20241022",
                [tool("search_constituents", "Full-text search over constituent records.", {"query": S}),
                 tool("get_constituent", "Full record of one constituent.", {"constituent_id": S}),
                 tool("merge_constituents", "Merge the duplicate record into the surviving record.",
                      {"survivor_id": S, "duplicate_id": S})],
                1024, runaway(6, 11),
                "Merge blocked by conflicting Gift Aid declarations (needs a human); the agent keeps re-searching the "
                "same donor under reworded queries and re-trying the merge in both directions, always getting the "
                "same two records and the same block.",
                "data-team")
    s.start(0, "Margaret O'Donnell is in the CRM twice since the gala import in September. Please merge the two "
               "records before we run Friday's Gift Aid claim. Thanks, Priya")
    recs = {"C-10442": {"constituent_id": "C-10442", "name": "Mrs Margaret O'Donnell", "email": "m.odonnell@btinternet.com",
                        "postcode": "LS6 2QT", "first_gift": "2016-03-12", "lifetime_giving_gbp": 2340.00,
                        "gift_aid": {"status": "active", "declared": "2019-04-11", "source": "paper form"}},
            "C-31877": {"constituent_id": "C-31877", "name": "Margaret ODonnell", "email": "m.odonnell@btinternet.com",
                        "postcode": "LS6 2QT", "first_gift": "2024-09-21", "lifetime_giving_gbp": 150.00,
                        "gift_aid": {"status": "cancelled", "declared": "2021-11-02", "cancelled": "2023-03-02",
                                     "source": "online donation form"}}}
    hits = lambda extra=None: j({"results": [
        {"constituent_id": "C-10442", "name": "Mrs Margaret O'Donnell", "postcode": "LS6 2QT", "score": 0.97},
        {"constituent_id": "C-31877", "name": "Margaret ODonnell", "postcode": "LS6 2QT", "score": 0.94}] + (extra or [])})
    blocked = lambda: j({"ok": False, "error": "MERGE_BLOCKED",
                         "detail": "Conflicting Gift Aid declarations: C-10442 active since 2019-04-11, C-31877 "
                                   "cancelled 2023-03-02. A user with the GiftAidAdmin role must choose which "
                                   "declaration survives before the records can be merged."})
    s.step(4, "Searching for the two records.", [("search_constituents", {"query": "Margaret O'Donnell"})], [hits()])
    s.step(10, "Two candidates with the same email and postcode. Pulling both records.",
           [("get_constituent", {"constituent_id": "C-10442"}), ("get_constituent", {"constituent_id": "C-31877"})],
           [j(recs["C-10442"]), j(recs["C-31877"])])
    s.step(18, "C-10442 is the older record with most of the history, so it should survive. Merging C-31877 into it.",
           [("merge_constituents", {"survivor_id": "C-10442", "duplicate_id": "C-31877"})], [blocked()])
    loop = [
        ("The merge is blocked on the Gift Aid declarations. Possibly a third record holds the authoritative "
         "declaration; searching by surname only.",
         ("search_constituents", {"query": "O'Donnell"}),
         hits([{"constituent_id": "C-20915", "name": "Patrick O'Donnell", "postcode": "BD9 4RR", "score": 0.61}])),
        ("Only Patrick O'Donnell in Bradford, a different person. Let me check whether an initial-only record exists.",
         ("search_constituents", {"query": "M. O'Donnell"}), hits()),
        ("Same two records. Trying the merge the other way round, keeping the newer record.",
         ("merge_constituents", {"survivor_id": "C-31877", "duplicate_id": "C-10442"}), blocked()),
        ("Still blocked. The apostrophe may be splitting the index; searching without it.",
         ("search_constituents", {"query": "Margaret ODonnell"}), hits()),
        ("Let me search by email address in case a third profile was created at the gala.",
         ("search_constituents", {"query": "m.odonnell@btinternet.com"}), hits()),
        ("Only the same pair. Retrying the merge into C-10442 now that I've confirmed there is no third record.",
         ("merge_constituents", {"survivor_id": "C-10442", "duplicate_id": "C-31877"}), blocked()),
        ("To be thorough, searching surname-first as the gala import formatted names.",
         ("search_constituents", {"query": "odonnell margaret"}), hits()),
        ("Checking the postcode for any household records.",
         ("search_constituents", {"query": "LS6 2QT O'Donnell"}), hits()),
        ("No other records. I'll attempt the merge once more.",
         ("merge_constituents", {"survivor_id": "C-10442", "duplicate_id": "C-31877"}), blocked()),
        ("Perhaps the record was entered as 'Maggie'; searching that.",
         ("search_constituents", {"query": "Maggie O'Donnell"}), hits()),
        ("Same results. Searching 'Mrs O'Donnell Leeds'.",
         ("search_constituents", {"query": "Mrs O'Donnell Leeds"}), hits()),
        ("Retrying the merge with the newer record as survivor.",
         ("merge_constituents", {"survivor_id": "C-31877", "duplicate_id": "C-10442"}), blocked()),
    ]
    t = 18
    for k, (text, call, res) in enumerate(loop):
        t += 7 + (k * 5) % 9
        s.step(t, text, [call], [res])
    return s


@writer
def donor_r2():
    s = Session("nonprofit_donor_crm", "runaway", "clarification asked again and again",
                "You are DonorDesk, the assistant for development staff at Harbor Lights Youth Arts (fiscal year runs "
                "July-June; FY25 = Jul 2024-Jun 2025). You can pull donor segments with query_segment and draft appeal "
                "letters with draft_appeal. Confirm ambiguous requests before drafting.",
                "gpt-4o-2024-08-06",
                [tool("query_segment", "Count and sample donors in a standard segment.",
                      {"segment": {"type": "string", "enum": ["LYBUNT", "SYBUNT", "LAPSED_3Y", "MONTHLY", "MAJOR"]},
                       "current_fy": S}),
                 tool("draft_appeal", "Draft an appeal letter for a segment.",
                      {"segment": S, "ask_ladder": SA, "tone": S})],
                900, runaway(4, 8),
                "The agent keeps re-asking which segment is meant (and re-running the same query) after the user has "
                "answered plainly several times; the re-asked question at turn 4 starts the loop and by turn 8 the "
                "user has answered four times.",
                "jenna.ruiz")
    seg = j({"segment": "LYBUNT", "current_fy": "FY25", "count": 412, "total_given_last_fy_usd": 61840,
             "sample": [{"name": "Dolores Whitfield", "last_gift": "2024-05-14", "amount": 250},
                        {"name": "Tomás Aguilar", "last_gift": "2023-12-02", "amount": 100},
                        {"name": "Kim & Arjun Bhatt", "last_gift": "2024-06-28", "amount": 500}]})
    s.start(0, "Hi! Can you pull the LYBUNT list for this year and draft the year-end appeal for them? Ask ladder "
               "$50 / $100 / $250, warm tone, mention the spring musical (Into the Woods).")
    s.step(140, "Happy to. Quick check first: by LYBUNT do you mean donors who gave in FY24 but have not given yet "
                "in FY25, or donors who gave in an earlier year but not in FY24?",
           user="Gave in FY24, haven't given yet in FY25. The standard definition.")
    s.step(175, "Thanks! Pulling that segment.", [("query_segment", {"segment": "LYBUNT", "current_fy": "FY25"})], [seg])
    s.step(330, "The LYBUNT segment has 412 donors who gave $61,840 last year. Before I draft: should this appeal go "
                "to donors who gave last year but not this year, or to SYBUNT donors who gave some year but not last year?",
           user="LYBUNT. Last year, not this year. As I said.")
    s.step(520, "Got it. Just so I target the right people: do you want donors whose most recent gift was in FY24 "
                "(LYBUNT), or also those who last gave in FY23 or earlier?",
           user="Only FY24. Please just write the letter.")
    s.step(545, "Understood, re-running the segment to be sure.",
           [("query_segment", {"segment": "LYBUNT", "current_fy": "FY25"})], [seg])
    s.step(770, "412 donors confirmed. One more thing before drafting: is this for last-year-but-not-this-year "
                "donors, or the some-year-but-not-last-year group?",
           user="I have answered this three times. LYBUNT = gave last year, not this year. 412 donors. Write the letter.")
    s.step(1010, "Apologies for the back-and-forth. To make sure the letter speaks to the right relationship: are "
                 "these donors who gave in the last fiscal year and not yet this one?",
           user="YES.")
    s.step(1040, "Thank you. Pulling the list once more so the draft uses current numbers.",
           [("query_segment", {"segment": "LYBUNT", "current_fy": "FY25"})], [seg])
    s.step(1290, "I have the 412 LYBUNT donors. Before I write it, can you confirm whether you'd like me to include "
                 "SYBUNT donors as well, or only LYBUNT?",
           user="only lybunt. why do you keep asking me this")
    s.step(1560, "Sorry about that. So I get it right: the appeal is for donors who gave last year but haven't given "
                 "this year, correct?",
           user="Correct. For the sixth time.")
    s.step(1600, "Great, re-checking the segment.",
           [("query_segment", {"segment": "LYBUNT", "current_fy": "FY25"})], [seg])
    return s


@writer
def donor_h1():
    s = Session("nonprofit_donor_crm", "healthy", "paginated gift export",
                "You are the reporting assistant for the Cascadia Watershed Council's donor CRM. Build campaign reports "
                "by paging through gifts with list_gifts (100 per page) until next_cursor is null, keeping running "
                "totals, then call build_report once.",
                "o4-mini",
                [tool("list_gifts", "Gifts for a campaign, 100 per page, newest first.",
                      {"campaign": S, "cursor": S}, required=["campaign"]),
                 tool("build_report", "Render the campaign report PDF from the final totals.",
                      {"campaign": S, "totals": {"type": "object"}})],
                1200, HEALTHY,
                "Paging through 742 gifts of a spring campaign, one list_gifts call per page with a new cursor and new "
                "gifts each time, running totals growing, then one report.",
                "mfoster")
    s.start(0, "Can you build the final report for the Spring 2024 'Restore Bear Creek' campaign (code SP24-BEAR)? "
               "I need totals by channel and the count of first-time donors for the board packet.")
    pages = [
        (100, 18450.00, {"online": 61, "mail": 22, "event": 17}, 14, "c_Mjk5OTk"),
        (100, 12975.50, {"online": 58, "mail": 31, "event": 11}, 19, "c_Mjk4OTk"),
        (100, 31200.00, {"online": 40, "mail": 18, "event": 42}, 27, "c_Mjk3OTk"),
        (100, 9820.25, {"online": 66, "mail": 30, "event": 4}, 9, "c_Mjk2OTk"),
        (100, 14110.00, {"online": 52, "mail": 41, "event": 7}, 11, "c_Mjk1OTk"),
        (100, 22640.00, {"online": 35, "mail": 60, "event": 5}, 8, "c_Mjk0OTk"),
        (100, 8015.75, {"online": 71, "mail": 26, "event": 3}, 6, "c_MjkzOTk"),
        (42, 4390.00, {"online": 30, "mail": 12, "event": 0}, 4, None),
    ]
    donors = ["Elena Voss", "R. & T. Nakagawa", "Bend Brewing Co.", "Sam Oduya", "Hollis Family Fund",
              "Grace Lindqvist", "Mateo Ruiz", "Patagonia Action Works", "June Abernathy", "Lakeside Rotary"]
    t = 0
    cursor = None
    tot_amt, tot_n, tot_first = 0.0, 0, 0
    chan = {"online": 0, "mail": 0, "event": 0}
    for k, (n, amt, ch, first, nxt) in enumerate(pages):
        t += 6 + k % 3
        if k == 0:
            text = "Fetching the first page of SP24-BEAR gifts."
        else:
            text = ("Page %d: %d gifts, $%s. Running total %d gifts, $%s, %d first-time donors. Next page." %
                    (k, pages[k - 1][0], format(pages[k - 1][1], ",.2f"), tot_n, format(tot_amt, ",.2f"), tot_first))
        args = {"campaign": "SP24-BEAR"}
        if cursor:
            args["cursor"] = cursor
        sample = [{"gift_id": "G-%d" % (77000 - k * 100 - i), "donor": donors[(k * 3 + i) % len(donors)],
                   "amount": [25, 50, 100, 250, 1000][(k + i) % 5], "channel": ["online", "mail", "event"][(k + i) % 3],
                   "date": "2024-%02d-%02d" % (6 - k // 3, 28 - (k * 3 + i) % 27)} for i in range(4)]
        s.step(t, text, [("list_gifts", args)],
               [j({"campaign": "SP24-BEAR", "page_count": n, "page_total_usd": amt, "by_channel_count": ch,
                   "first_time_donors": first, "gifts_sample": sample, "next_cursor": nxt})])
        tot_amt += amt
        tot_n += n
        tot_first += first
        for c in ch:
            chan[c] += ch[c]
        cursor = nxt
    t += 9
    s.step(t, "Last page reached (42 gifts). Final: %d gifts, $%s, %d first-time donors. Building the report." %
           (tot_n, format(tot_amt, ",.2f"), tot_first),
           [("build_report", {"campaign": "SP24-BEAR", "totals": {"gifts": tot_n, "amount_usd": round(tot_amt, 2),
                                                                  "by_channel_count": chan, "first_time_donors": tot_first}})],
           [j({"ok": True, "report": "SP24-BEAR_final_report.pdf",
               "url": "https://crm.cascadiawatershed.org/reports/SP24-BEAR_final_report.pdf"})])
    return s


@writer
def donor_h2():
    s = Session("nonprofit_donor_crm", "healthy", "thank-you letters in batches with 'continue'",
                "You are the stewardship assistant for Mountain Valley Literacy Project. Draft personal thank-you "
                "letters for gifts, using the gift details from get_recent_gifts and saving each with save_letter "
                "(status draft). Sign letters from Dana Whitaker, Executive Director. Work in batches of three and "
                "wait for the user between batches.",
                "claude-3-5-haiku-20241022",
                [tool("get_recent_gifts", "Gifts at or above a threshold in a date range.",
                      {"min_amount": N, "since": S}),
                 tool("save_letter", "Save a letter draft against a gift.", {"gift_id": S, "body": S})],
                1500, HEALTHY,
                "Nine major-gift thank-you letters drafted three at a time with the user saying 'continue' between "
                "batches; each letter is for a different donor and gift, and the user's edits are picked up.",
                "dwhitaker")
    gifts = [("GF-5521", "Harold and Bea Lindgren", 5000, "the Summer Reading Bus", "their 12th year of giving"),
             ("GF-5523", "Okafor Family Foundation", 25000, "adult ESL classes in Cañon City", "a first gift"),
             ("GF-5530", "Rosalind Tate", 1000, "the general fund", "in memory of her husband Walter"),
             ("GF-5534", "Pueblo Credit Union", 7500, "financial literacy workshops", "a corporate match"),
             ("GF-5536", "Dr. Imani Greer", 2500, "the tutor training program", "her first gift since 2019"),
             ("GF-5541", "The Castellano Trust", 15000, "the Little Free Library expansion", "a two-year pledge"),
             ("GF-5544", "Marcus Webb", 1200, "the general fund", "raised through his 60th birthday fundraiser"),
             ("GF-5549", "Salida Rotary Club", 3000, "books for the county jail program", "an annual gift"),
             ("GF-5552", "Anonymous (via Fidelity Charitable)", 10000, "the general fund", "an anonymous DAF grant")]
    s.start(0, "Morning! Can you draft thank-you letters for every gift of $1,000+ since October 1? Do three at a time "
               "so I can read them over coffee.")
    s.step(5, "Pulling gifts of $1,000 or more since October 1.", [("get_recent_gifts", {"min_amount": 1000, "since": "2024-10-01"})],
           [j({"gifts": [{"gift_id": g, "donor": d, "amount": a, "designation": des, "note": note}
                         for g, d, a, des, note in gifts]})])

    def letter(g):
        gid, d, a, des, note = g
        salutation = {"Harold and Bea Lindgren": "Dear Harold and Bea", "Rosalind Tate": "Dear Rosalind",
                      "Dr. Imani Greer": "Dear Dr. Greer", "Marcus Webb": "Dear Marcus",
                      "Anonymous (via Fidelity Charitable)": "Dear friend"}.get(d, "Dear friends at %s" % d)
        return ("%s,\n\nThank you for your generous gift of $%s to %s. %s Because of you, more neighbors in the Upper "
                "Arkansas Valley will sit down with a book this winter and find it opens a door.\n\nWith gratitude,\n"
                "Dana Whitaker\nExecutive Director" % (salutation, format(a, ","), des,
                                                       "We're especially moved that this is %s." % note))

    t = 5
    batches = [gifts[0:3], gifts[3:6], gifts[6:9]]
    user_msgs = ["These are lovely. For Rosalind, please don't say 'especially moved' about Walter; say we're honored "
                 "she chose to remember him this way. Otherwise continue.",
                 "Good. Continue with the last three.",
                 "Perfect, thank you. That's all of them."]
    for b, batch in enumerate(batches):
        for k, g in enumerate(batch):
            t += 14 + k * 3
            body = letter(g)
            text = "Drafting the letter to %s ($%s, %s)." % (g[1], format(g[2], ","), g[3])
            if k == 0 and b > 0:
                text = "Continuing with %s ($%s, %s)." % (g[1], format(g[2], ","), g[3])
            s.step(t, text, [("save_letter", {"gift_id": g[0], "body": body})],
                   [j({"ok": True, "letter_id": "LTR-%s" % g[0][3:], "status": "draft"})])
        if b == 0:
            t += 240
            s.step(t, "Here is the first batch (Lindgren, Okafor Family Foundation, Rosalind Tate); all three are saved "
                      "as drafts in the CRM. Say 'continue' when you're ready for the next three.", user=user_msgs[0])
            t += 12
            fixed = ("Dear Rosalind,\n\nThank you for your generous gift of $1,000 to the general fund. We are honored "
                     "that you chose to remember Walter this way. Because of you, more neighbors in the Upper Arkansas "
                     "Valley will sit down with a book this winter and find it opens a door.\n\nWith gratitude,\n"
                     "Dana Whitaker\nExecutive Director")
            s.step(t, "Updating Rosalind Tate's letter as you asked.", [("save_letter", {"gift_id": "GF-5530", "body": fixed})],
                   [j({"ok": True, "letter_id": "LTR-5530", "status": "draft", "version": 2})])
        elif b == 1:
            t += 300
            s.step(t, "Rosalind's letter is updated, and the second batch (Pueblo Credit Union, Dr. Greer, the "
                      "Castellano Trust) is saved. Ready for the last three when you are.", user=user_msgs[1])
    t += 200
    s.step(t, "All nine letters are saved as drafts (LTR-5521 to LTR-5552). The anonymous DAF grant letter is "
              "addressed for Fidelity Charitable to forward.", user=user_msgs[2])
    return s

# ---------------------------------------------------------------- stage_play_dramaturg (tool-less)

@writer
def stage_r1():
    s = Session("stage_play_dramaturg", "runaway", "auto-continue answered by the same note",
                "You are a dramaturg working inside the Scriptly editor plugin. Give scene-by-scene developmental "
                "notes on the play the writer pastes: what each scene does dramatically, where it sags, and one or two "
                "concrete suggestions. One scene per reply.",
                "gpt-4o-mini", None, 700,
                runaway(6, 9),
                "Scriptly's auto-continue keeps sending 'Continue with the next scene' and the model answers with the "
                "identical Scene 4 note every time; the first repeated note (turn 6) starts the loop.",
                "writer-4471")
    s.start(0, "Here's the scene breakdown of my two-act play THE FERRYMAN'S DAUGHTER (90 min, 5 actors). Please give "
               "notes scene by scene.\n\nACT ONE\n1. The slipway, dawn. NELL (28) helps her father AUGUST (64) tar the "
               "hull of the last wooden ferry on the estuary. He coughs; she pretends not to notice.\n2. The council "
               "office. A planning officer, PRIYA, tells Nell the crossing will be replaced by a bridge within two "
               "years. Nell asks about compensation for her father; there is none.\n3. The pub. Nell's ex, DOM, now "
               "a site manager for the bridge contractor, buys her a drink. They almost kiss.\n4. The ferry, night "
               "crossing. August tells Nell he wants to sink the boat rather than sell it for scrap. She says nothing "
               "for a long time, then agrees to help.\nACT TWO\n5. The slipway, weeks later. Dom finds the ferry "
               "stripped and asks Nell what's going on.\n6. Council hearing. August speaks against the bridge and "
               "loses his temper.\n7. The estuary, dawn. Nell and August take the ferry out for the last time.")
    notes = [
        "SCENE 1 - The slipway\nThis is an efficient opening: the tar, the cough and Nell's not-noticing give us the "
        "whole relationship without a line of exposition. The risk is that it stays atmospheric. Give them a small "
        "concrete disagreement (how many coats the hull needs, whether to bother) so the scene has a want and an "
        "obstacle, and so the audience hears August's voice before he gets sick.",
        "SCENE 2 - The council office\nPriya is currently a messenger. If she has her own stake (she grew up using the "
        "crossing, or her promotion rides on the bridge), the scene becomes a negotiation instead of a delivery of bad "
        "news. Nell's question about compensation is the right turn; let Priya almost offer something and then take it "
        "back, so Nell leaves with a grievance that is specific rather than general.",
        "SCENE 3 - The pub\nThe near-kiss is doing the right work, but it arrives too easily. Dom working for the bridge "
        "contractor is the most interesting fact in the scene; hold it back until after they've started to warm to "
        "each other, so the reveal lands as a betrayal. Consider ending on Nell leaving his drink untouched.",
        "SCENE 4 - The night crossing\nThis is the heart of the play and it should be the longest silence in Act One. "
        "August's wish to scuttle the ferry needs one practical detail (the seacocks, the tide table, the depth off "
        "the channel marker) so it is a plan, not a mood. Nell's long silence is good; the agreement should cost her "
        "something visible: perhaps she hands him Dom's business card, which she has been carrying since Scene 3.",
    ]
    t = 0
    texts = notes + [notes[3]] * 8
    for k, text in enumerate(texts):
        t += 18 + (k * 7) % 13 if k < 4 else 9 + k % 3
        s.step(t, text, user="Continue with the next scene.")
    return s


@writer
def stage_r2():
    s = Session("stage_play_dramaturg", "runaway", "two-agent hand-off going round",
                "You are the DRAMATURG agent in an automated two-agent writers' room. Messages beginning 'PLAYWRIGHT:' "
                "come from the playwright agent and contain a revision. Reply with ONE focused note per revision, or "
                "with the single word APPROVED when the speech works on stage.",
                "gpt-4.1", None, 600,
                runaway(4, 10),
                "A playwright agent and this dramaturg agent go round a two-version cycle: the explanatory lines are cut, "
                "restored for a 'producer note', cut again; the dramaturg repeats the same two notes in new words and "
                "never approves. The cycle is visible when the second version comes back at turn 4.",
                "writers-room-orchestrator")
    v_a = ("CLARE (at the graveside, holding the deed):\nYou kept the house for him. Forty years you kept it, "
           "and the day you signed it over you made me a cup of tea and didn't say a word. I never told you I knew, "
           "because I knew you'd say it was for the family, and I would have believed you, and I didn't want to "
           "believe you. That's why I didn't come at Christmas. That's why.\n(She folds the deed into a square, smaller, smaller.)")
    v_b = ("CLARE (at the graveside, holding the deed):\nYou kept the house for him. Forty years you kept it, "
           "and the day you signed it over you made me a cup of tea and didn't say a word.\n(She folds the deed into a "
           "square, smaller, smaller.)\nIt was good tea.")
    msgs = [
        "PLAYWRIGHT: Revision 1 of Clare's graveside speech (Act 2, Sc 3):\n\n" + v_a,
        "PLAYWRIGHT: Revision 2. Cut the explanation as noted; ended on an image.\n\n" + v_b,
        "PLAYWRIGHT: Revision 3. Producer note (from the brief): 'the audience must understand why Clare stayed "
        "away at Christmas'. Restored the motivation lines.\n\n" + v_a,
        "PLAYWRIGHT: Revision 4. Per dramaturg: motivation cut, the action carries it.\n\n" + v_b,
        "PLAYWRIGHT: Revision 5. Reinstating the Christmas lines to satisfy the producer note.\n\n" + v_a,
        "PLAYWRIGHT: Revision 6. Trimmed back to the image per your note.\n\n" + v_b,
        "PLAYWRIGHT: Revision 7. The producer note is a hard requirement; motivation restored.\n\n" + v_a,
        "PLAYWRIGHT: Revision 8. Removed the explanatory lines again.\n\n" + v_b,
        "PLAYWRIGHT: Revision 9. Restored for clarity (producer note).\n\n" + v_a,
        "PLAYWRIGHT: Revision 10. Cut to the image.\n\n" + v_b,
        "PLAYWRIGHT: Revision 11. Motivation restored (producer note).\n\n" + v_a,
        "PLAYWRIGHT: Revision 12. Explanation cut.\n\n" + v_b,
        "PLAYWRIGHT: Revision 13. Christmas lines back in.\n\n" + v_a,
        "PLAYWRIGHT: Revision 14. Trimmed.\n\n" + v_b,
    ]
    notes_a = [
        "Cut from 'I never told you I knew' to 'That's why.' Clare is explaining her own subtext to a headstone; the "
        "folded deed already tells us she knew. End on the folding.",
        "The speech is explaining itself again. Everything after 'didn't say a word' tells the audience what the deed "
        "and the tea have already shown. Lose it and trust the action.",
        "Same issue as before: the 'I never told you' passage spells out what the gesture carries. The Christmas "
        "absence can be planted earlier in the act instead; cut it here.",
        "Once more, the motivation lines flatten the moment. If the producer needs Christmas explained, put it in "
        "Act 2 Sc 1 with her brother; here, cut to the image.",
        "The explanatory sentences are back and they still undercut the gesture. Cut them.",
        "Again: cut 'I never told you I knew' through 'That's why.' The deed does the work.",
        "The speech works better without the explanation. Please remove it.",
    ]
    notes_b = [
        "Much stronger. But the audience now has no way to know about Christmas, and 'It was good tea' reads as a "
        "joke. Give Clare one concrete line that points at her absence, without explaining it.",
        "Better rhythm, but we've lost the Christmas thread entirely, and the producer brief asks for it. Find a "
        "single image for the missed Christmas rather than cutting it outright.",
        "The image lands, but the Christmas absence is now invisible. The audience needs one anchor for it; add "
        "something concrete.",
        "This version drops the motivation the brief requires. Please restore some reference to Christmas.",
        "Strong ending, but the Christmas motivation is missing again. Something needs to point to it.",
        "Without any reference to Christmas the producer note isn't met. Add it back in some form.",
        "The Christmas absence is gone again; it needs to be present.",
    ]
    t = 0
    for k in range(len(msgs) - 1):
        t += 14 + (k * 11) % 17
        text = notes_a[min(k // 2, len(notes_a) - 1)] if k % 2 == 0 else notes_b[min(k // 2, len(notes_b) - 1)]
        if k == 0:
            s.start(0, msgs[0])
        s.step(t, text, user=msgs[k + 1])
    return s


@writer
def stage_h1():
    s = Session("stage_play_dramaturg", "healthy", "a new scene pasted each time",
                "You are a dramaturg giving developmental notes to a playwright preparing a workshop reading. Be "
                "specific, cite lines, and keep each response to the scene in front of you.",
                "claude-sonnet-4-20250514", None, 900, HEALTHY,
                "A playwright pastes each scene of THE SALT LEDGER in turn and asks for notes; the request looks the "
                "same every time but every scene and every note is new.",
                "hmercer")
    scenes = [
        ("Scene 1 (Grimsby, 1987. The back room of Pickering & Sons, wet fish merchants. RAY, 58, counts cash into a "
         "ledger. His daughter JO, 24, enters in a college scarf.)\nJO: You're doing it in pencil.\nRAY: Pencil rubs out.\n"
         "JO: That's the point of a ledger, Dad. It doesn't.\nRAY: Says the girl with one term of accountancy.\n"
         "JO: Two.\nRAY (not looking up): Two, then.",
         "This is a lovely compressed opening: the pencil is the whole play in one prop. Two thoughts. First, 'Says the "
         "girl with one term of accountancy' gives us the exposition a beat too neatly; you could let Jo's scarf and "
         "her 'That's the point' carry it, and have Ray only say 'Two terms. Listen to her.' Second, we need to see "
         "what he's rubbing out. A single stage direction where he erases a figure and re-writes it lower would "
         "plant the fraud before anyone names it."),
        ("Scene 2 (The quayside, 5 a.m. The auction. Ray bids against BARRY STOTT, 40s, for a box of cod. Jo watches.)\n"
         "AUCTIONEER: Forty-two. Forty-four. Forty-six from Pickering.\nBARRY: Forty-eight.\nRAY: Fifty.\n"
         "BARRY (to Jo): He can't afford fifty, love.\nJO: He's not your love.\nRAY: Fifty-two.",
         "Good energy, and the auction gives you a built-in rhythm. Barry's line to Jo is the scene's real event, so "
         "don't let Ray's 'Fifty-two' cover it: give Ray a beat where he hears Barry and bids anyway, and let Jo see "
         "him do it. Also consider whether we need the Auctioneer's three numbers or whether two would keep the pace."),
        ("Scene 3 (The kitchen above the shop. MAUREEN, Ray's wife, irons. Jo does homework at the table.)\n"
         "MAUREEN: Your dad says you're helping with the books.\nJO: Someone has to.\nMAUREEN: He's always done them.\n"
         "JO: He's always done them in pencil.\nMAUREEN (stops ironing): Don't.",
         "Maureen's 'Don't.' is the best line so far: it tells us she knows. That changes the play, so decide whether "
         "you want the audience to know she knows this early. If yes, keep it and make the next beat about what she "
         "is protecting. If you'd rather save it, let her keep ironing through the line and only stop on Jo's exit."),
        ("Scene 4 (The back room, night. Jo alone with the ledger and a torch. She compares it with a carbon "
         "invoice book.)\nJO (reading, quietly): Twelve stone, Stott's. Eleven stone, Stott's. Twelve...\n(She "
         "licks her thumb and rubs a figure. It smudges.)\nJO: Oh, Dad.",
         "Wordless discovery scenes are hard to stage, and this one is well built: the thumb-rub pays off the pencil "
         "from Scene 1. The risk is that the audience can't read the numbers. A reading of the invoice aloud helps; you "
         "could make the discrepancy audible by having her say both figures ('Twelve. Eleven.') rather than just the "
         "first. 'Oh, Dad' is right; don't add anything after it."),
        ("Scene 5 (The pub. Barry buys Jo a drink.)\nBARRY: I know what he's doing. Everyone on the dock knows.\n"
         "JO: Then why hasn't anyone said?\nBARRY: Because we all rub out a bit, love. He just rubs out more.",
         "Barry's last line is a thesis statement and he's the right person to say it, but it makes the scene's point "
         "too early in the scene. Move it to the end, and before it give Jo something she wants from him: a promise "
         "to keep quiet, or a price for it. Then 'we all rub out a bit' becomes his answer to a request."),
        ("Scene 6 (The shop, day. Ray weighs fish for a customer, MRS ASHWORTH.)\nRAY: Two pound two.\n"
         "MRS ASHWORTH: Scale says two pound.\nRAY: Scale's old.\nJO (from the doorway): The scale's fine, Mrs Ashworth.",
         "This is the turn of the play: Jo correcting him in public. It needs a longer silence after her line than the "
         "script currently allows; put one in and let Ray decide on stage whether to laugh it off. Mrs Ashworth could be "
         "used more: if she pays the two pound two anyway, out of loyalty, the scene becomes about the town, not just "
         "the family."),
        ("Scene 7 (The kitchen, late. Ray and Jo. The ledger between them on the table.)\nRAY: When the quota came in "
         "I had three men and no boats. You want to know what pencil's for? It's for keeping three men.\n"
         "JO: And Barry?\nRAY: Barry had his own pencil.",
         "Ray's quota speech earns its place because it's the first time he defends himself, but it's two sentences "
         "short of being a speech. Give him the names of the three men, and one detail about one of them. 'Barry had "
         "his own pencil' is a terrific button; keep it exactly."),
        ("Scene 8 (The quayside, dawn. An inspector from the Ministry, HOLLIS, with a clipboard. Jo and Ray.)\n"
         "HOLLIS: I'll need the books for the last three years.\nRAY: They're in the back.\n(Jo looks at Ray. Ray "
         "doesn't look at Jo.)\nJO: They're in pen, now.",
         "The ending lands. 'They're in pen, now' is ambiguous in a good way: has she copied the false figures in ink, "
         "or corrected them? I'd resist clarifying. Hollis could be even more neutral; at the moment 'I'll need the "
         "books' sounds accusatory. Let him be bored. The scene is about Jo and Ray, and boredom makes the stakes theirs."),
        ("That's the whole draft. Any notes on the overall shape before the reading on Thursday?",
         None),
    ]
    t = 0
    for k, (scene, note) in enumerate(scenes):
        ask = scene if k == len(scenes) - 1 else (scene + "\n\nNotes on this one?" if k else
                                                    "I'm bringing THE SALT LEDGER to a workshop reading on Thursday. I'll "
                                                    "paste it a scene at a time. Here's the first.\n\n" + scene)
        if k == 0:
            s.start(0, ask)
            prev_note = note
            continue
        t += 420 + (k * 137) % 300
        s.step(t, prev_note, user=ask)
        prev_note = note
    return s


@writer
def stage_h2():
    s = Session("stage_play_dramaturg", "healthy", "the same monologue resent after each revision",
                "You are a dramaturg. The user is revising one audition monologue and will paste the whole thing each "
                "time. Compare with the previous version, say what improved, and give at most two further notes. Say "
                "clearly when you think it is done.",
                "gpt-4o-2024-08-06", None, 700, HEALTHY,
                "An actor-writer resends the whole monologue after each revision; the text changes every time, the "
                "notes narrow, and the dramaturg signs it off.",
                "leon.adebayo")
    base = ["My brother kept pigeons.", "On the roof of the flats in Peckham, in a hutch he built from a wardrobe.",
            "Every Sunday he'd let them go and stand there with his hands in his pockets, waiting.",
            "I asked him once what if they don't come back.", "He said then they weren't yours."]
    versions = [
        base + ["And I think that's what he thought about everything. About Mum. About me. About leaving.",
                "So when he left I didn't wait on the roof. I'm not stupid."],
        base + ["So when he left I didn't wait on the roof.", "I'm not stupid.",
                "(beat) I went up on the Sunday, though. Just to check the hutch was shut."],
        base[:4] + ["He said, then they were never yours, Dee.", "So when he left I didn't wait on the roof.",
                    "I went up on the Sunday, though.", "Just to check the hutch was shut."],
        base[:4] + ["He said, then they were never yours, Dee.", "So when he left I didn't wait on the roof.",
                    "I went up on the Sunday, though. Just to check the hutch was shut.",
                    "It wasn't. He'd left it open.", "Every single Sunday since, I've left it open."],
        ["My brother kept pigeons.", "On the roof of the flats in Peckham, in a hutch he built from Mum's old wardrobe.",
         "Every Sunday he'd let them go and stand there, hands in his pockets, waiting.",
         "I asked him once, what if they don't come back.", "He said, then they were never yours, Dee.",
         "So when he left, I didn't wait on the roof.", "I went up on the Sunday, though. Just to check the hutch was shut.",
         "It wasn't. He'd left it open.", "Every Sunday since, I've left it open."],
    ]
    notes = [
        "Strong spine: the pigeons are a perfect objective correlative. Two notes. (1) 'And I think that's what he "
        "thought about everything...' explains the metaphor; cut it and let the audience make the link. (2) 'I'm not "
        "stupid' is a great defensive line but it's the last thing we hear; earn it by giving Dee a small action that "
        "contradicts it.",
        "Big improvement: cutting the explanation lets the image breathe, and the Sunday visit is exactly the "
        "contradiction it needed. Notes: 'then they weren't yours' is slightly flat; try giving him her name in it, so "
        "it's addressed to her. And 'I'm not stupid' now fights the ending; consider losing it.",
        "Yes. 'Then they were never yours, Dee' lands like a slap now. The ending is honest but it stops just short: "
        "what did she find when she checked the hutch? One more beat and you have it.",
        "That's the monologue. 'He'd left it open' is the turn and 'Every single Sunday since' is the wound. Only "
        "polish left: 'Every single' is a touch emphatic, and a specific detail on the hutch (whose wardrobe?) "
        "would help an audition panel see the roof.",
    ]
    intro = ["Working on an audition piece (90 seconds, contemporary, for the Bristol Old Vic MA). Here's v1:",
             "v2 - took your notes:", "v3:", "v4, I think this might be it:", "v5 with the polish:"]
    s.start(0, intro[0] + "\n\n" + "\n".join(versions[0]))
    t = 0
    for k in range(1, len(versions)):
        t += 900 + k * 211
        s.step(t, notes[k - 1], user=intro[k] + "\n\n" + "\n".join(versions[k]))
    t += 600
    s.step(t, "This is done. 'Mum's old wardrobe' puts the whole family on that roof, and dropping 'single' lets the "
              "last line sit quietly. Time it aloud: it should come in around 75-80 seconds, which leaves you room "
              "for the silence after 'It wasn't.'",
           user="Ran it three times, 78 seconds. Thank you! Last thing: how long should I hold the beat after 'It wasn't'?")
    t += 400
    s.step(t, "As long as it takes you to see the open hutch, and no longer: usually two to three seconds. Let the "
              "breath before 'He'd left it open' be the only sound.",
           user="Got it. And for the slate: do I give it a title ('Pigeons') or just say my name and that it's my own writing?")
    t += 350
    s.step(t, "Name, then 'a monologue I wrote, called Pigeons'. Panels like knowing it's yours, and a title gives "
              "them a handle when they talk about you afterwards. Then take a breath and find the roof before you start.",
           user="Perfect. Locking it in. Thanks for all of this.")
    return s

# ---------------------------------------------------------------- kafka_consumer_lag_oncall

KAFKA_TOOLS = [
    tool("get_consumer_lag", "Per-partition lag of a consumer group (Burrow).", {"group": S, "topic": S}),
    tool("get_pod_logs", "Recent log lines of a deployment's pods.", {"deployment": S, "namespace": S, "tail": I}),
    tool("restart_deployment", "kubectl rollout restart of a deployment and wait for ready.",
         {"deployment": S, "namespace": S}),
    tool("post_incident_update", "Post an update to the incident Slack channel.", {"incident": S, "text": S}),
]


@writer
def kafka_r1():
    s = Session("kafka_consumer_lag_oncall", "runaway", "lag / logs / restart cycle of period 3",
                "You are the on-call assistant for the Payments Platform team. For consumer-lag alerts: look at the "
                "lag, read the consumer logs, and mitigate. You may restart deployments in namespace payments. "
                "Escalate to the human on call (post_incident_update) if mitigation does not work.",
                "gpt-4.1", KAFKA_TOOLS, 800,
                runaway(6, 12),
                "Restart loop: lag, logs, restart, with the same CommitFailedException (max.poll.interval.ms exceeded, "
                "a processing-time problem a restart cannot fix) after every restart and the lag growing; the second "
                "read of the same exception after a restart (turn 6) starts the loop.",
                "oncall-bot")
    base = "2024-12-03T14:07:00"
    s.start(0, "[PagerDuty] INC-48213 TRIGGERED: ConsumerGroupLagHigh group=ledger-writer topic=payments.settled "
               "lag=184220 (threshold 50000) cluster=kafka-prod-eu1")
    lags = [184220, 201877, 226410, 249032, 275566, 301209, 329874]

    def lag(k):
        total = lags[k]
        parts = [{"partition": p, "lag": total // 12 + (p * 37 * (k + 1)) % 900} for p in range(12)]
        return j({"group": "ledger-writer", "topic": "payments.settled", "total_lag": total, "partitions": parts,
                  "status": "ERR" if k else "WARN", "evaluated_at": iso(base, 10 + k * 95)})

    def logs(k):
        t0 = 60 + k * 95
        return "\n".join([
            "%s INFO  o.a.k.c.c.i.ConsumerCoordinator [Consumer clientId=ledger-writer-7c9f-%d, groupId=ledger-writer] "
            "Revoke previously assigned partitions payments.settled-%d" % (iso(base, t0), k, k % 12),
            "%s WARN  o.a.k.c.c.i.ConsumerCoordinator [Consumer clientId=ledger-writer-7c9f-%d] consumer poll timeout "
            "has expired. This means the time between subsequent calls to poll() was longer than the configured "
            "max.poll.interval.ms (300000)" % (iso(base, t0 + 3), k),
            "%s ERROR c.p.ledger.SettlementWriter Commit failed for batch of 500 records" % iso(base, t0 + 4),
            "org.apache.kafka.clients.consumer.CommitFailedException: Offset commit cannot be completed since the "
            "consumer is not part of an active group for auto partition assignment; it is likely that the consumer was "
            "kicked out of the group.",
            "%s INFO  c.p.ledger.SettlementWriter batch took 312044 ms (500 records, avg 624 ms/record: "
            "ledger-db INSERT ... ON CONFLICT)" % iso(base, t0 + 5)])

    def restarted(k):
        return j({"deployment": "ledger-writer", "namespace": "payments", "rollout": "complete",
                  "ready": "6/6", "revision": 214 + k, "took_s": 41 + k})

    s.step(6, "Checking the lag for ledger-writer.", [("get_consumer_lag", {"group": "ledger-writer", "topic": "payments.settled"})], [lag(0)])
    texts = [
        ("Lag is spread evenly over all 12 partitions, so the consumers are slow or stuck rather than one hot partition. "
         "Reading the logs.", "logs"),
        ("The consumers are being kicked out of the group (CommitFailedException). A rolling restart should get them a "
         "clean assignment.", "restart"),
        ("Rollout complete, 6/6 ready. Checking whether the lag is draining.", "lag"),
        ("Lag went up to 201,877. The fresh pods may still be rebalancing; checking the logs.", "logs"),
        ("Same CommitFailedException after the restart. Possibly a pod was left in a bad state; restarting again.", "restart"),
        ("Rollout done. Re-checking lag.", "lag"),
        ("Lag is 226,410 and still rising. Looking at the logs of the new pods.", "logs"),
        ("Commit failures continue. Another restart to force a clean rebalance.", "restart"),
        ("Pods ready. Checking lag.", "lag"),
        ("249,032. Reading logs again.", "logs"),
        ("Still kicked out of the group. Restarting ledger-writer once more.", "restart"),
        ("Checking lag after the restart.", "lag"),
        ("Lag now 275,566. Checking logs.", "logs"),
        ("Same exception. Restarting.", "restart"),
        ("Checking lag.", "lag"),
        ("301,209. Logs again.", "logs"),
        ("Restarting the deployment.", "restart"),
        ("Checking lag.", "lag"),
    ]
    t = 6
    n_l, n_g, n_r = 1, 0, 0
    for k, (text, what) in enumerate(texts):
        if what == "lag":
            t += 20 + k % 4
            s.step(t, text, [("get_consumer_lag", {"group": "ledger-writer", "topic": "payments.settled"})], [lag(n_l)])
            n_l += 1
        elif what == "logs":
            t += 8 + k % 3
            s.step(t, text, [("get_pod_logs", {"deployment": "ledger-writer", "namespace": "payments", "tail": 50})], [logs(n_g)])
            n_g += 1
        else:
            t += 7 + k % 2
            t_res = t + 45
            s.step(t, text, [("restart_deployment", {"deployment": "ledger-writer", "namespace": "payments"})], [restarted(n_r)])
            n_r += 1
            t = t_res
    return s


@writer
def kafka_r2():
    s = Session("kafka_consumer_lag_oncall", "runaway", "growing log windows, same poison pill",
                "You are the on-call assistant for the Orders team (Kafka cluster kafka-prod-us2). Diagnose consumer "
                "lag alerts. Tools: get_consumer_lag, fetch_logs. Skipping or resetting offsets needs human approval "
                "via request_offset_skip.",
                "claude-3-5-sonnet-20241022",
                [KAFKA_TOOLS[0],
                 tool("fetch_logs", "Fetch consumer logs from Loki.", {"app": S, "since": S, "limit": I}),
                 tool("request_offset_skip", "Ask the human on call to approve skipping a poison record.",
                      {"topic": S, "partition": I, "offset": I, "reason": S})],
                1500, runaway(4, 9),
                "A single undecodable record (Unknown magic byte at orders.v3-7 offset 88123457) blocks partition 7; the "
                "agent keeps pulling ever larger log windows that repeat the same error instead of requesting the skip; "
                "the second, larger pull with the same error (turn 4) starts the loop.",
                "oncall-bot")
    base = "2024-12-09T03:41:00"
    s.start(0, "[Opsgenie] P2 alert 'orders-enricher lag on orders.v3 partition 7 not decreasing' (group "
               "orders-enricher, 19 min). Please investigate.")
    s.step(5, "Checking lag per partition.", [("get_consumer_lag", {"group": "orders-enricher", "topic": "orders.v3"})],
           [j({"group": "orders-enricher", "topic": "orders.v3", "partitions": [
               {"partition": p, "committed": 88000000 + p * 13, "end": 88000000 + p * 13 + (66555 if p == 7 else p % 3),
                "lag": 66555 if p == 7 else p % 3} for p in range(8)],
               "note": "partition 7 committed offset unchanged for 19m"})])

    def block(i, sec):
        ts_ = iso(base, sec)
        return ("%s ERROR o.s.k.l.KafkaMessageListenerContainer - Error handler threw an exception\n"
                "org.apache.kafka.common.errors.RecordDeserializationException: Error deserializing key/value for "
                "partition orders.v3-7 at offset 88123457. If needed, please seek past the record to continue consumption.\n"
                "Caused by: org.apache.kafka.common.errors.SerializationException: Unknown magic byte!\n"
                "%s INFO  o.a.k.c.c.KafkaConsumer - [Consumer clientId=orders-enricher-%d, groupId=orders-enricher] "
                "Seeking to offset 88123457 for partition orders.v3-7" % (ts_, iso(base, sec + 1), i % 3))

    sizes = [(200, "10m", 2), (500, "20m", 3), (1000, "30m", 5), (2000, "45m", 7), (4000, "1h", 9),
             (5000, "2h", 11), (8000, "3h", 13), (10000, "6h", 15), (10000, "12h", 17), (10000, "24h", 18),
             (10000, "24h", 19), (10000, "48h", 20)]
    texts = [
        "Only partition 7 is stuck, at committed offset 88000091. Fetching the consumer logs.",
        "Deserialization failures at offset 88123457. I need more context to see what precedes the first failure; "
        "widening the window.",
        "The error repeats every second. Pulling a longer history to find when it began and what was produced.",
        "Still only the same RecordDeserializationException. Going further back to find the first occurrence.",
        "I haven't found the start yet. Expanding to the last hour with a higher limit.",
        "Same error throughout. Fetching two hours to catch the producer deploy that may have caused this.",
        "The window still starts mid-failure. Widening to three hours.",
        "Expanding to six hours to find the transition from healthy to failing.",
        "Twelve-hour window to locate the first bad record.",
        "Looking at the full day of logs.",
        "The last day shows the same error. Fetching again in case Loki truncated the results.",
        "Extending to 48 hours.",
    ]
    t = 5
    for k, ((limit, since, nblocks), text) in enumerate(zip(sizes, texts)):
        t += 9 + (k * 4) % 7 + limit // 2000
        lines = [block(i, 60 * 60 * 2 - i * 61) for i in range(nblocks)]
        s.step(t, text, [("fetch_logs", {"app": "orders-enricher", "since": since, "limit": limit})],
               [j({"app": "orders-enricher", "since": since, "returned": min(limit, 6 * nblocks + 200),
                   "truncated": limit < 5000, "lines": "\n".join(lines)})])
    return s


@writer
def kafka_h1():
    s = Session("kafka_consumer_lag_oncall", "healthy", "polling a draining backlog",
                "You are the on-call assistant for the Search team. After a mitigation, watch consumer lag every two "
                "minutes until it is under 10,000, posting progress to the incident channel, then resolve.",
                "gpt-4o-mini",
                [KAFKA_TOOLS[0], KAFKA_TOOLS[3],
                 tool("resolve_incident", "Resolve an incident with a summary.", {"incident": S, "summary": S})],
                500, HEALTHY,
                "After scaling the indexer, the agent polls lag every two minutes; each poll shows the backlog "
                "draining (4.2M down to 6k), with progress posts and a resolution at the end.",
                "oncall-bot")
    base = "2024-12-11T09:20:00"
    s.start(0, "I scaled search-indexer from 4 to 12 replicas for INC-48377 (catalog re-import backlog on "
               "catalog.products.v2). Watch the lag and resolve when it's under 10k. - Marta")
    lags = [4212880, 3655104, 3081220, 2498776, 1910453, 1330980, 762114, 241905, 58330, 6120]
    t = 0
    for k, lg in enumerate(lags):
        t += 8 if k == 0 else 120 + k % 3
        if k == 0:
            text = "Taking a first reading."
        else:
            rate = (lags[k - 2] - lags[k - 1]) / 120.0 if k >= 2 else None
            text = "Lag %s%s. Next reading in two minutes." % (format(lags[k - 1], ","),
                                                              "" if rate is None else ", draining ~%s msg/s" % format(int(rate), ","))
        calls = [("get_consumer_lag", {"group": "search-indexer", "topic": "catalog.products.v2"})]
        res = [j({"group": "search-indexer", "topic": "catalog.products.v2", "total_lag": lg, "members": 12,
                  "partitions": 24, "evaluated_at": iso(base, t)})]
        if k in (3, 6):
            calls.insert(0, ("post_incident_update", {"incident": "INC-48377",
                                                      "text": "Backlog at %s and falling; ETA ~%d min." %
                                                              (format(lags[k - 1], ","), max(2, lags[k - 1] // 280000))}))
            res.insert(0, j({"ok": True, "ts": "1733910%03d.%06d" % (k * 111, k * 7)}))
        s.step(t, text, calls, res)
    t += 6
    s.step(t, "Lag is 6,120, under the 10k threshold, about 18 minutes after scaling. Resolving.",
           [("post_incident_update", {"incident": "INC-48377", "text": "Lag 6,120 (<10k). Resolving; leaving 12 replicas until the import job finishes."}),
            ("resolve_incident", {"incident": "INC-48377", "summary": "Catalog re-import produced 4.2M message backlog; "
                                                                      "scaled search-indexer 4->12; drained in ~18 min."})],
           [j({"ok": True, "ts": "1733911210.000118"}), j({"ok": True, "status": "resolved"})])
    return s


@writer
def kafka_h2():
    s = Session("kafka_consumer_lag_oncall", "healthy", "partition-by-partition leadership moves with retries",
                "You are the Kafka operations assistant for kafka-prod-eu1. Perform broker maintenance steps exactly as "
                "asked, one partition at a time. On retriable errors (NOT_CONTROLLER, REQUEST_TIMED_OUT) wait "
                "retry_after_ms and retry once or twice. Verify ISR and consumer lag at the end.",
                "gpt-4.1-mini",
                [tool("describe_topic", "Leaders, replicas and ISR of a topic's partitions.", {"topic": S}),
                 tool("move_leader", "Elect a new leader for a partition from its ISR.",
                      {"topic": S, "partition": I, "target_broker": I}),
                 KAFKA_TOOLS[0],
                 tool("update_change", "Comment on a change ticket.", {"change": S, "comment": S})],
                900, HEALTHY,
                "Draining broker 4: the same move_leader call for several partitions, two retriable errors each retried "
                "after a backoff and then succeeding, a wait for one ISR to catch up, and a ticket update.",
                "kafka-ops")
    s.start(0, "CHG-55120: broker 4 goes down for a disk swap at 11:00. Move leadership of every clickstream.raw "
               "partition off broker 4 now and confirm ISR is healthy before the swap.")

    def describe(stage):
        parts = []
        for p in range(12):
            leader = 4 if p in (1, 5, 8, 11) and stage == 0 else [1, 2, 3, 5, 6][p % 5]
            isr = [leader, (leader % 6) + 1, ((leader + 1) % 6) + 1]
            if stage == 1 and p == 8:
                isr = isr[:2]
            parts.append({"partition": p, "leader": leader, "replicas": sorted(set(isr + [4])) if p in (1, 5, 8, 11) else sorted(isr), "isr": isr})
        return j({"topic": "clickstream.raw", "partitions": parts})

    moved = lambda p, b: j({"ok": True, "topic": "clickstream.raw", "partition": p, "new_leader": b, "epoch": 310 + p})
    s.step(3, "Describing the topic to find partitions led by broker 4.", [("describe_topic", {"topic": "clickstream.raw"})],
           [describe(0)])
    steps = [
        (4, "Partitions 1, 5, 8 and 11 are led by broker 4. Moving partition 1 to broker 2.", 1, 2, moved(1, 2)),
        (4, "Partition 1 now led by 2. Moving partition 5 to broker 6.", 5, 6,
         j({"ok": False, "error": "NOT_CONTROLLER", "detail": "controller moved to broker 3", "retry_after_ms": 5000})),
        (5, "NOT_CONTROLLER: the controller just moved. Waiting 5 s and retrying partition 5.", 5, 6, moved(5, 6)),
        (4, "Partition 5 moved. Next, partition 8 to broker 1.", 8, 1, moved(8, 1)),
        (4, "Partition 8 moved. Last one, partition 11 to broker 3.", 11, 3,
         j({"ok": False, "error": "REQUEST_TIMED_OUT", "detail": "election did not complete in 30000 ms", "retry_after_ms": 10000})),
        (40, "Timed out after 30 s. Waiting 10 s and retrying partition 11.", 11, 3, moved(11, 3)),
    ]
    t = 3
    for gap, text, p, b, res in steps:
        t += gap
        s.step(t, text, [("move_leader", {"topic": "clickstream.raw", "partition": p, "target_broker": b})], [res])
    t += 4
    s.step(t, "All four moved. Verifying leaders and ISR.", [("describe_topic", {"topic": "clickstream.raw"})], [describe(1)])
    t += 65
    s.step(t, "No partition is led by broker 4 any more. Partition 8 has only 2 of 3 replicas in sync; giving it a minute "
              "and checking again.", [("describe_topic", {"topic": "clickstream.raw"})], [describe(2)])
    t += 5
    s.step(t, "Partition 8 is back to 3 in-sync replicas. Checking the main consumer group is unaffected.",
           [("get_consumer_lag", {"group": "sessionizer", "topic": "clickstream.raw"})],
           [j({"group": "sessionizer", "topic": "clickstream.raw", "total_lag": 3120, "status": "OK"})])
    t += 5
    s.step(t, "Consumer lag normal (3,120). Updating the change ticket.",
           [("update_change", {"change": "CHG-55120", "comment": "Leadership of clickstream.raw p1,p5,p8,p11 moved off broker 4 "
                                                                 "(p5 retried after NOT_CONTROLLER, p11 after timeout). All ISR=3. "
                                                                 "sessionizer lag 3,120. Broker 4 ready for disk swap."})],
           [j({"ok": True, "comment_id": 991284})])
    return s

# ---------------------------------------------------------------- patent_claim_drafter

CLAIM_TOOLS = [
    tool("get_claims", "Read the current claim set of a docket.", {"docket": S}),
    tool("write_claims", "Replace or add claims in the docket's working claim set.",
         {"docket": S, "claims": {"type": "object", "description": "claim number -> claim text"}}),
    tool("check_claims", "ClaimLint: antecedent basis, dependency, and numbering checks.", {"docket": S}),
]

CLAIM1 = ("1. A check valve comprising: a valve body defining a flow passage having an inlet and an outlet; a valve seat "
          "disposed in the flow passage; a poppet movable between a closed position against the valve seat and an open "
          "position; and an annular seal carried by the poppet, wherein a magnet disposed in the valve body applies a "
          "preload force urging the poppet toward the closed position.")


@writer
def patent_r1():
    s = Session("patent_claim_drafter", "runaway", "edit/check alternation with the same lint error",
                "You are a claim-drafting assistant at Brandt & Kaur LLP. Draft claims in US style, keep terminology "
                "consistent with the independent claims, and run ClaimLint (check_claims) before handing anything to "
                "the attorney. Only hand over a claim set that passes.",
                "claude-sonnet-4-20250514", CLAIM_TOOLS, 2000,
                runaway(6, 12),
                "ClaimLint keeps flagging 'the sealing member' in claim 7 (claim 1 says 'an annular seal'); each edit "
                "rewords the claim but keeps the same phrase, so every check fails identically; the first repeated "
                "failing check (turn 6) starts the loop.",
                "skaur")
    d = "HVC-0147US"
    s.start(0, "Please draft dependent claims 5-8 for %s (the magnetic check valve). Ideas from the inventor call: "
               "seal material, the magnet being a ring magnet, an adjustable preload, and a seal groove in the poppet. "
               "Run them through ClaimLint before sending." % d)
    s.step(6, "Reading the current claims.", [("get_claims", {"docket": d})],
           [j({"docket": d, "claims": {"1": CLAIM1,
                                       "2": "2. The check valve of claim 1, wherein the magnet is a permanent magnet.",
                                       "3": "3. The check valve of claim 1, wherein the poppet comprises a ferromagnetic insert.",
                                       "4": "4. The check valve of claim 3, wherein the preload force is between 0.5 N and 4 N."}})])
    c5 = "5. The check valve of claim 1, wherein the annular seal comprises a fluoroelastomer."
    c6 = "6. The check valve of claim 2, wherein the permanent magnet is a ring magnet coaxial with the flow passage."
    c8 = "8. The check valve of claim 1, wherein the poppet defines a circumferential groove receiving the annular seal."
    c7s = [
        "7. The check valve of claim 1, further comprising an adjustment member operable to vary the preload force, "
        "wherein the adjustment member is threaded into the valve body and the sealing member is compressed by the poppet.",
        "7. The check valve of claim 1, further comprising a threaded adjustment member operable to vary a distance "
        "between the magnet and the poppet, thereby varying the preload force on the sealing member.",
        "7. The check valve of claim 1, wherein the preload force is adjustable by a threaded adjustment member, the "
        "sealing member being held against the valve seat by the preload force.",
        "7. The check valve of claim 1, further comprising an adjustment member for varying the preload force applied "
        "through the sealing member.",
        "7. The check valve of claim 1, wherein an adjustment screw varies the preload force, and wherein the sealing "
        "member contacts the valve seat in the closed position.",
        "7. The check valve of claim 1, further comprising an adjustment member configured to vary the preload force "
        "such that the sealing member seals against the valve seat.",
        "7. The check valve of claim 1, wherein the preload force urging the sealing member toward the valve seat is "
        "adjustable by a threaded adjustment member.",
    ]
    s.step(40, "Drafting claims 5-8.", [("write_claims", {"docket": d, "claims": {"5": c5, "6": c6, "7": c7s[0], "8": c8}})],
           [j({"ok": True, "claims_written": ["5", "6", "7", "8"]})])
    fail = lambda n: j({"docket": d, "passed": False, "run": "lint-%d" % (5501 + n), "issues": [
        {"claim": 7, "rule": "ANTECEDENT_BASIS", "severity": "error",
         "detail": "'the sealing member' has no antecedent basis; earlier terms: 'an annular seal' (claim 1)"}]})
    s.step(46, "Running ClaimLint.", [("check_claims", {"docket": d})], [fail(0)])
    edit_texts = [
        "Claim 7 needs a cleaner recitation. Rewording it around the distance between the magnet and the poppet.",
        "Restructuring claim 7 so the adjustment is stated as a property of the preload force.",
        "Simplifying claim 7 to the adjustment member alone.",
        "Trying an 'adjustment screw' formulation for claim 7.",
        "Reworking claim 7 with 'configured to' language.",
        "Another rewording of claim 7, leading with the preload force.",
    ]
    check_texts = ["Re-running ClaimLint.", "Checking again.", "Running the lint.", "ClaimLint again.",
                   "Re-checking.", "Running ClaimLint on the new wording."]
    t = 46
    for k in range(6):
        t += 22 + (k * 9) % 14
        s.step(t, edit_texts[k], [("write_claims", {"docket": d, "claims": {"7": c7s[k + 1]}})],
               [j({"ok": True, "claims_written": ["7"]})])
        t += 6
        s.step(t, check_texts[k], [("check_claims", {"docket": d})], [fail(k + 1)])
    return s


@writer
def patent_r2():
    s = Session("patent_claim_drafter", "runaway", "the identical prior-art search, again and again",
                "You are a patent research assistant. Use search_prior_art and get_document to find the closest prior "
                "art to a claim and summarise how each reference maps onto the claim elements.",
                "gpt-4o-2024-08-06",
                [tool("search_prior_art", "Search patents and applications (keywords + CPC).",
                      {"query": S, "cpc": S, "before": S}),
                 tool("get_document", "Abstract, claims and key figures of one publication.", {"publication": S})],
                1500, runaway(4, 8),
                "Exact repetition: after one search and one document read, the agent re-runs the identical search "
                "(same query, CPC and date) 'to be thorough' and gets the identical five hits each time.",
                "research-desk")
    s.start(0, "Novelty check for claim 1 of HVC-0147US before we file:\n\n" + CLAIM1 +
               "\n\nPriority date 2023-06-14. Summarise the three closest references.")
    q = {"query": "check valve poppet annular seal magnet preload closed position", "cpc": "F16K15/02", "before": "2023-06-14"}
    hits = j({"total": 5, "results": [
        {"publication": "US9822140B2", "title": "Magnetically biased check valve", "assignee": "Parker-Hannifin", "date": "2017-11-21", "score": 0.88},
        {"publication": "EP3306153A1", "title": "Non-return valve with magnetic closing aid", "assignee": "Festo SE", "date": "2018-04-11", "score": 0.84},
        {"publication": "US2019/0032805A1", "title": "Poppet valve with elastomeric seal ring", "assignee": "Swagelok", "date": "2019-01-31", "score": 0.79},
        {"publication": "CN108626437A", "title": "Magnetic one-way valve for fuel lines", "assignee": "Ningbo Hydraulic", "date": "2018-10-09", "score": 0.74},
        {"publication": "US10364895B1", "title": "Check valve with adjustable spring preload", "assignee": "Emerson", "date": "2019-07-30", "score": 0.69}]})
    s.step(5, "Searching for the closest art.", [("search_prior_art", q)], [hits])
    s.step(12, "Five candidates. Reading the top hit, US9822140B2.", [("get_document", {"publication": "US9822140B2"})],
           [j({"publication": "US9822140B2", "abstract": "A check valve in which a poppet is held against a seat by a "
               "permanent magnet mounted in the housing; an O-ring seal is retained on the seat side...",
               "independent_claims": ["1. A check valve comprising a housing, a seat, a poppet, and a permanent magnet "
                                      "biasing the poppet toward the seat..."],
               "figures": ["FIG. 2: cross-section showing magnet 40 and O-ring 32 in seat groove 30"]})])
    texts = [
        "US9822140B2 has the magnet preload but puts the O-ring on the seat, not the poppet. Before reading further, "
        "let me re-run the search to make sure nothing closer was missed.",
        "Let me run the search once more to be thorough.",
        "Running the search again to confirm the result set.",
        "I'll repeat the search to verify the closest references.",
        "Re-running the prior-art search.",
        "Searching again to double-check.",
        "One more search to confirm nothing was missed.",
        "Repeating the search.",
        "Running the search again.",
        "Searching again.",
        "Re-running the search for completeness.",
    ]
    t = 12
    for k, text in enumerate(texts):
        t += 6 + k % 4
        s.step(t, text, [("search_prior_art", dict(q))], [hits])
    return s


@writer
def patent_h1():
    s = Session("patent_claim_drafter", "healthy", "drafting in blocks, lint, fix, converge",
                "You are a claim-drafting assistant at Brandt & Kaur LLP. Build out the dependent claims in blocks, "
                "running ClaimLint (check_claims) after each block and fixing whatever it reports before moving on. "
                "Export the set when everything passes.",
                "gpt-4.1", CLAIM_TOOLS + [tool("export_docx", "Export the working claim set to Word.", {"docket": S})],
                2000, HEALTHY,
                "A validate/fix loop that converges: three blocks of dependent claims, each linted, two lint errors "
                "fixed on the first try, every check after a fix passing, then export.",
                "skaur")
    d = "SOL-0311US"
    s.start(0, "Build out dependent claims 2-13 for %s (the solar tracker clamp) from the spec sections. Claim 1 is "
               "final. Lint as you go and export when clean." % d)
    s.step(5, "Reading claim 1.", [("get_claims", {"docket": d})],
           [j({"docket": d, "claims": {"1": "1. A clamp for securing a photovoltaic module to a torque tube, comprising: a "
                                             "saddle having a concave seat conforming to the torque tube; a strap having "
                                             "a first end pivotally coupled to the saddle and a second end; and a "
                                             "tensioner coupling the second end to the saddle, the tensioner being "
                                             "operable to draw the strap around the torque tube."}})])
    blocks = [
        ({"2": "2. The clamp of claim 1, wherein the saddle is formed of extruded aluminum.",
          "3": "3. The clamp of claim 1, wherein the strap comprises a stainless steel band having a width between 20 mm and 40 mm.",
          "4": "4. The clamp of claim 3, wherein the tensioner comprises a bolt threaded into the nut."},
         {"claim": 4, "rule": "ANTECEDENT_BASIS", "detail": "'the nut' has no antecedent basis"},
         {"4": "4. The clamp of claim 1, wherein the tensioner comprises a bolt and a captive nut retained in the saddle, "
               "the bolt being threaded into the captive nut."}),
        ({"5": "5. The clamp of claim 1, wherein the concave seat comprises a serrated surface.",
          "6": "6. The clamp of claim 5, wherein the serrated surface has a pitch of 1 mm to 3 mm.",
          "7": "7. The clamp of claim 1, further comprising a grounding pin projecting from the concave seat.",
          "8": "8. The clamp of any of claims 5-7, wherein the saddle comprises a module rail interface."},
         {"claim": 8, "rule": "MULTIPLE_DEPENDENCY", "detail": "multiple dependent claim; US fees apply and style guide forbids"},
         {"8": "8. The clamp of claim 1, wherein the saddle comprises a module rail interface."}),
        ({"9": "9. The clamp of claim 8, wherein the module rail interface comprises a T-slot.",
          "10": "10. The clamp of claim 1, wherein the strap is pivotally coupled to the saddle by a pin.",
          "11": "11. The clamp of claim 10, wherein the pin is a clevis pin retained by a cotter.",
          "12": "12. The clamp of claim 1, wherein the tensioner is operable by a single tool from above the module.",
          "13": "13. The clamp of claim 12, wherein the single tool is a 13 mm socket."},
         None, None),
    ]
    t = 5
    for b, (claims, issue, fix) in enumerate(blocks):
        t += 35 + b * 10
        s.step(t, "Drafting claims %s-%s." % (min(claims, key=int), max(claims, key=int)),
               [("write_claims", {"docket": d, "claims": claims})], [j({"ok": True, "claims_written": sorted(claims, key=int)})])
        t += 5
        s.step(t, "Linting.", [("check_claims", {"docket": d})],
               [j({"docket": d, "passed": issue is None, "run": "lint-%d" % (7100 + 2 * b), "issues": [issue] if issue else []})])
        if fix:
            t += 20
            s.step(t, "ClaimLint: %s in claim %d. Fixing it." % (issue["rule"], issue["claim"]),
                   [("write_claims", {"docket": d, "claims": fix})], [j({"ok": True, "claims_written": list(fix)})])
            t += 5
            s.step(t, "Re-linting after the fix.", [("check_claims", {"docket": d})],
                   [j({"docket": d, "passed": True, "run": "lint-%d" % (7101 + 2 * b), "issues": []})])
    t += 6
    s.step(t, "Claims 1-13 pass ClaimLint. Exporting.", [("export_docx", {"docket": d})],
           [j({"ok": True, "file": "SOL-0311US_claims_v3.docx", "claims": 13})])
    return s


SPEC_DOC = """SPECIFICATION (DRAFT v4) - Docket HVC-0147US
Title: MAGNETICALLY PRELOADED CHECK VALVE

FIELD
[0001] The present disclosure relates to check valves, and more particularly to poppet-type check valves in which a closing preload is provided at least partly by a permanent magnet.

BACKGROUND
[0002] Spring-loaded check valves are widely used in hydraulic, fuel and water systems. Springs fatigue, and their preload varies with manufacturing tolerances, so that low cracking pressures (below about 0.2 bar) are hard to hold consistently.
[0003] Magnetic closing aids are known (see, e.g., US 9,822,140), but in known designs the seal is carried by the seat, which wears as debris is trapped against it.

SUMMARY
[0004] In one aspect, a check valve comprises a valve body defining a flow passage, a valve seat, a poppet movable between a closed position and an open position, and an annular seal carried by the poppet. A magnet disposed in the valve body applies a preload force urging the poppet toward the closed position.
[0005] In embodiments, the magnet is a ring magnet coaxial with the flow passage. The poppet may include a ferromagnetic insert, for example of 430 stainless steel.
[0006] The preload force may be between 0.5 N and 4 N, and in some embodiments between 1 N and 2.5 N. A cracking pressure of 0.05 bar to 0.15 bar may be obtained for a 12 mm passage.

DETAILED DESCRIPTION
[0010] FIG. 1 shows a check valve 100 with a body 102, an inlet 104, an outlet 106 and a seat 110. A poppet 120 carries an annular seal 122 received in a circumferential groove 124.
[0011] The seal 122 may be formed of a fluoroelastomer (FKM), a hydrogenated nitrile (HNBR) or EPDM depending on the fluid.
[0012] A ring magnet 130 of sintered NdFeB, grade N42, is retained in a pocket 132 of the body 102 downstream of the seat. The ferromagnetic insert 126 of the poppet is attracted toward the magnet 130, which holds the seal 122 against the seat 110.
[0013] In the embodiment of FIG. 3, the pocket 132 is formed in a threaded sleeve 134. Turning the sleeve changes the axial gap between magnet 130 and insert 126, and thereby the preload force. A lock nut 136 fixes the sleeve.
[0014] Because magnetic force falls off with distance, the closing force drops quickly as the poppet opens, giving a low pressure drop at full flow compared with a spring of equal preload.
[0015] In the embodiment of FIG. 4, a light conical spring 140 supplements the magnet so that the valve closes in any orientation.
[0016] Test data (Table 1): with grade N42 and a 0.8 mm gap, preload 2.1 N, cracking pressure 0.09 bar, leak rate below 0.1 ml/min at 10 bar back pressure after 100,000 cycles.
"""


@writer
def patent_h2():
    s = Session("patent_claim_drafter", "healthy", "stateless: the spec resent with a new question",
                "You answer questions about the patent specification pasted in the message. Cite paragraph numbers. "
                "Say plainly when the specification does not support something.",
                "claude-3-5-haiku-20241022", None, 800, HEALTHY,
                "The corpus's one stateless client: an internal Q&A tool resends the same draft specification with a "
                "new attorney question each time (no history); every question is different.",
                "skaur", stateless_doc=SPEC_DOC)
    qs = ["Where does the spec support 'the magnet is a ring magnet'?",
          "Is there support for an adjustable preload? Which paragraphs?",
          "What seal materials are disclosed?",
          "Do we disclose a preload range narrower than 0.5-4 N?",
          "Is the poppet insert material named anywhere?",
          "Could we claim 'a spring supplementing the magnet'? Where is the support?",
          "Does the spec say anything about valve orientation?",
          "Is there any numerical leak-rate data we could cite in a dependent claim?",
          "Does anything in the spec describe the seal on the seat rather than the poppet, in a way that could undercut "
          "our distinction over US 9,822,140?"]
    t = 0
    for k, q in enumerate(qs):
        if k == 0:
            s.turns.append((0, [("question", q)]))
        else:
            t += 180 + (k * 97) % 240
            s.ask(t, q)
    return s

# ---------------------------------------------------------------- sleep_coach_chat (tool-less)

@writer
def sleep_r1():
    s = Session("sleep_coach_chat", "runaway", "idle wind-down timer, the same script every time",
                "You are Lull, a calm sleep coach inside the Lull app. Guide the user through a wind-down: short, "
                "warm, second-person instructions. Never mention medication. If the user stops responding, they may "
                "be asleep.",
                "gpt-4o-mini", None, 300,
                runaway(5, 9),
                "The app's idle timer keeps sending '[no response] Continue the wind-down' every two minutes after "
                "the user has (probably) fallen asleep, and the model answers with the same 4-7-8 breathing script "
                "each time; the first verbatim repeat (turn 5) starts the loop.",
                "lull-u-58812")
    base = "2024-11-25T22:38:00"
    s.start(0, "[wind-down started %s] i'm in bed but my brain won't stop going over tomorrow's presentation" % hhmm(base, 0))
    replies = [
        "That's a very normal thing for a busy mind to do the night before something that matters. Let's give it "
        "somewhere else to rest. Put one hand on your chest and one on your belly, and just notice which one moves "
        "when you breathe. You don't need to change anything yet.",
        "Good. Now let your jaw go soft and let your shoulders sink into the mattress. If a thought about the "
        "presentation shows up, that's fine: picture setting it on a shelf beside the bed, where it'll be waiting "
        "for you in the morning.",
    ]
    script = ("Let's try 4-7-8 breathing. Breathe in quietly through your nose for a count of four. Hold for seven. "
              "Breathe out slowly through your mouth for eight, like a long sigh. We'll do that four times, and if "
              "you lose count, just start again at one. There's no wrong way to do this.")
    s.step(95, replies[0], user="ok. the belly one moves")
    t = 95 + 150
    s.step(t, replies[1], user="[no response from user for 120 s - %s] Continue the wind-down." % hhmm(base, t))
    for k in range(11):
        t += 120 + (k % 2)
        s.step(t, script, user="[no response from user for 120 s - %s] Continue the wind-down." % hhmm(base, t))
    return s


@writer
def sleep_r2():
    s = Session("sleep_coach_chat", "runaway", "length check never satisfied, paraphrased rewrites",
                "You are the Lull weekly-summary writer. Summarise the user's sleep diary for the home-screen card in "
                "plain, encouraging language. HARD LIMIT: 240 characters including spaces.",
                "o4-mini", None, 400,
                runaway(4, 8),
                "Automated summary pipeline: each rewrite is a paraphrase of the last and still 265-300 characters against a 240 limit, "
                "and the validator sends back the same rejection with the new count; the second failed rewrite "
                "(turn 4) starts the loop.",
                "lull-summary-svc")
    diary = ("Diary 2024-11-18 to 2024-11-24 (user lull-u-30417, goal: fall asleep faster)\n"
             "Mon bed 23:50 asleep ~00:35 up 06:45 woke 2x caffeine 15:30\n"
             "Tue bed 23:15 asleep ~23:40 up 06:45 woke 1x no caffeine after 12\n"
             "Wed bed 00:40 asleep ~01:20 up 06:45 woke 3x late work call\n"
             "Thu bed 23:10 asleep ~23:30 up 06:45 woke 1x walked 40 min\n"
             "Fri bed 23:30 asleep ~23:55 up 08:10 woke 0x\n"
             "Sat bed 01:15 asleep ~01:40 up 09:30 woke 1x party\n"
             "Sun bed 23:05 asleep ~23:20 up 06:45 woke 1x read paper book")
    s.start(0, diary + "\n\nWrite this week's summary card.")
    summaries = [
        "You fell asleep faster on the nights you skipped afternoon caffeine and got some movement in - Tuesday, "
        "Thursday and Sunday were all under 25 minutes. Wednesday's late work call and Saturday's late night pushed "
        "things back. Keep the paper book and the evening walk; they seem to be working for you!",
        "Nice week! On Tuesday, Thursday and Sunday you were asleep within 25 minutes, and those were days with no "
        "late caffeine plus a walk or a paper book. The late work call on Wednesday and Saturday's party made sleep "
        "come later. The walk and the book look like habits worth keeping.",
        "Your quickest nights (Tue, Thu, Sun, all under 25 min) came after skipping afternoon coffee and winding down "
        "with a walk or a paper book. Wednesday's late call and Saturday's late night slowed you down. Keep leaning "
        "on the walk and the book - they're clearly helping you drift off!",
        "Great progress: you fell asleep in under 25 minutes on Tuesday, Thursday and Sunday, the days without late "
        "caffeine and with a walk or reading. Late nights on Wednesday (work call) and Saturday (party) took longer. "
        "The walk and paper book seem to be your best tools - keep them going!",
        "This week, skipping afternoon caffeine and adding a walk or a paper book helped you fall asleep in under "
        "25 minutes on Tuesday, Thursday and Sunday. Wednesday's work call and Saturday's party meant later, slower "
        "nights. Your walk and your book are working, so keep them in your routine!",
        "Tue, Thu and Sun you were asleep in under 25 minutes - those were your no-late-caffeine days with a walk or "
        "a book before bed. Wednesday's late call and Saturday's party made for slower nights. The evening walk and "
        "paper book look like your winning combination, so keep it up!",
        "You drifted off in under 25 minutes on Tuesday, Thursday and Sunday, when you avoided afternoon caffeine and "
        "wound down with a walk or a paper book. The late work call (Wed) and the party (Sat) slowed things down. "
        "Hold on to the walk and the book - they're helping!",
        "Your fastest nights this week (Tuesday, Thursday, Sunday: under 25 minutes) followed days with no afternoon "
        "caffeine and a walk or a paper book. Wednesday's late call and Saturday's party pushed sleep later. Keep the "
        "walk and the book in your evenings - they're making a real difference!",
        "Good news: no late caffeine plus a walk or paper book got you to sleep in under 25 minutes on Tue, Thu and "
        "Sun. Wednesday's work call and Saturday's party meant slower nights. The walk and the book are doing their "
        "job - keep them part of your evening routine going forward!",
        "On Tuesday, Thursday and Sunday - your no-afternoon-coffee days with a walk or a book - you fell asleep in "
        "under 25 minutes. Wednesday (late work call) and Saturday (party) were slower. Your walk and your paper book "
        "seem to be the keys, so keep them in your evenings this coming week!",
        "You fell asleep in under 25 minutes on three nights (Tue, Thu, Sun), each after no late caffeine and a walk "
        "or paper book. Wednesday's late call and Saturday's party slowed you down. Stick with the walk and the book "
        "in the evenings - they're clearly helping you fall asleep faster!",
        "Three quick nights this week - Tue, Thu and Sun, under 25 minutes each - all came after skipping afternoon "
        "caffeine and winding down with a walk or a paper book. Wednesday's call and Saturday's party made for later "
        "nights. Keep the walk and the book going; they're working!",
    ]
    t = 0
    for k, sm in enumerate(summaries):
        assert len(sm) > 240, (k, len(sm))
        t += 4 + (k * 3) % 5
        s.step(t, sm, user="VALIDATION FAILED (card_summary_v2): summary is %d characters; the limit is 240. Rewrite "
                           "it to fit." % len(sm))
    return s


@writer
def sleep_h1():
    s = Session("sleep_coach_chat", "healthy", "a daily diary check-in over two weeks",
                "You are Lull, a sleep coach running a gentle CBT-I style programme. Each morning the user logs last "
                "night's sleep. Compute sleep efficiency (time asleep / time in bed), keep a 5-night average, and "
                "adjust the sleep window by 15 minutes when the average is above 85% (widen) or below 80% (narrow). "
                "Keep replies short and kind.",
                "claude-3-5-sonnet-20241022", None, 500, HEALTHY,
                "A human logs a near-identical diary line every morning for twelve days; the coach computes efficiency "
                "and moves the sleep window as the numbers improve, so each exchange is new work on new data.",
                "lull-u-77120")
    nights = [  # (in bed, out of bed, minutes to fall asleep, minutes awake in night)
        ("00:30", "06:30", 35, 40), ("00:30", "06:30", 20, 35), ("00:30", "06:30", 25, 20), ("00:30", "06:30", 15, 25),
        ("00:30", "06:30", 15, 15), ("00:15", "06:30", 20, 10), ("00:15", "06:30", 10, 20), ("00:15", "06:30", 15, 5),
        ("00:15", "06:30", 10, 10), ("00:15", "06:30", 20, 15), ("00:00", "06:30", 15, 10), ("00:00", "06:30", 10, 25),
    ]

    def mins(a, b):
        ha, ma = map(int, a.split(":"))
        hb, mb = map(int, b.split(":"))
        return ((hb * 60 + mb) - (ha * 60 + ma)) % (24 * 60)

    effs = []
    window = "00:30-06:30"
    replies = []
    for k, (bed, up, sol, waso) in enumerate(nights):
        tib = mins(bed, up)
        asleep = tib - sol - waso
        eff = 100.0 * asleep / tib
        effs.append(eff)
        avg = sum(effs[-5:]) / len(effs[-5:])
        msg = "Night %d: %dh%02d asleep of %dh%02d in bed, efficiency %.0f%%." % (k + 1, asleep // 60, asleep % 60,
                                                                              tib // 60, tib % 60, eff)
        if len(effs) >= 5 and k in (4, 9):
            new_bed = "00:15" if k == 4 else "00:00"
            msg += (" Your 5-night average is %.0f%%, above 85%%, so you've earned 15 more minutes: from tonight, "
                    "bed at %s, up at 06:30 as before." % (avg, new_bed))
            window = new_bed + "-06:30"
        elif len(effs) >= 5:
            msg += " 5-night average %.0f%%. Same window tonight (%s)." % (avg, window)
        else:
            msg += " Same window tonight (%s); we'll look at the average after five nights." % window
        if k == 0:
            msg += " The first nights are often the hardest - you're doing the hard part."
        if k == 6:
            msg += " Ten minutes to fall asleep is great."
        replies.append(msg)
    logs = ["Day %d: bed %s, up %s, took about %d min to fall asleep, awake ~%d min in the night%s" % (
        k + 1, bed, up, sol, waso, note) for k, ((bed, up, sol, waso), note) in enumerate(zip(nights, [
            ". rough one, kept checking the clock", "", ". did the 'clock off the nightstand' thing", "",
            ". felt groggy at 3pm", ". first night on the new time!", "", ". woke once for the loo", "",
            ". neighbour's dog at 4am", ". new window, 00:00", ". stressful day at work"]))]
    s.start(0, "Starting the programme today. My window is 00:30-06:30 like you set. " + logs[0])
    t = 0
    for k in range(1, len(nights)):
        t += 86400 + ((k * 1373) % 3600) - 1800
        s.step(t, replies[k - 1], user=logs[k])
    return s


@writer
def sleep_h2():
    s = Session("sleep_coach_chat", "healthy", "a bedtime story continued",
                "You are Lull, a sleep coach. At the user's request you tell slow, low-stakes bedtime stories in the "
                "second person, with sensory detail and no conflict. Each continuation picks up exactly where the last "
                "one stopped and moves gently forward.",
                "gpt-4o-2024-08-06", None, 450, HEALTHY,
                "A user asks for a slow bedtime story and types 'continue' every few minutes; each continuation moves "
                "the story on to new scenes until the user says goodnight.",
                "lull-u-40961")
    parts = [
        "You step off the little ferry onto the island just as the light turns the colour of weak tea. The "
        "lighthouse keeper, an older woman called Sigrun, is waiting at the end of the jetty with a lantern she "
        "doesn't need yet. She takes your bag without a word and you walk together up the gravel path, which "
        "crunches softly, past low stone walls with lichen on them like old coins.",
        "At the keeper's cottage the door sticks, the way doors do by the sea, and Sigrun nudges it with her hip. "
        "Inside it smells of woodsmoke and wool. There's a kettle already warming on the iron stove. You sit in a "
        "chair with a sheepskin over the back and listen to the kettle begin its quiet, rising hum.",
        "Sigrun pours tea into two blue cups. Outside, the wind has dropped to almost nothing. She tells you the "
        "lamp doesn't need tending any more, it's all automatic now, but she still climbs the tower every evening, "
        "just to look. She asks if you'd like to come. You nod, and she hands you a second jumper, heavy and soft.",
        "The tower stairs spiral up, one hundred and twelve of them, worn smooth in the middle of each step. You "
        "climb slowly, one hand on the cold rail. Every twenty steps there's a small window, and through each one "
        "the sea is a little darker and a little further below, until the last window shows only a pale line where "
        "the sky meets the water.",
        "At the top the great lens turns without a sound. Sigrun opens the small door onto the gallery and the air "
        "is cool and still. Far out, the beam passes over the water, slow as breathing, and each time it passes you "
        "feel yourself settle a little more. She points out a light on the mainland: her sister's kitchen, she says.",
        "You stay until the first stars are out. Then you go down the stairs, slower still, counting them backwards "
        "without meaning to. In the cottage, Sigrun has put a stone bottle of hot water in the narrow bed under the "
        "eaves. The sheets are cool at the edges and warm in the middle.",
        "You lie back and listen. The sea is so quiet you can hear each small wave arrive and let go of the shingle. "
        "Somewhere a door clicks shut. The beam from the tower sweeps across the ceiling, fades, and comes back, "
        "and each time it comes back it is a little softer, as if it knows you're nearly asleep.",
    ]
    user_msgs = ["continue", "continue", "mm continue", "continue please", "continue", "keep going",
                 "that was perfect. night"]
    s.start(0, "can you tell me a really slow bedtime story? something by the sea. no drama")
    t = 0
    for k, p in enumerate(parts):
        t += 170 + (k * 53) % 110
        s.step(t, p, user=user_msgs[k])
    return s

# ---------------------------------------------------------------- mobile_number_porting

@writer
def port_r1():
    s = Session("mobile_number_porting", "runaway", "hand-off ring of three agents",
                "You are part of Kestrel Mobile's porting support team (multi-agent). The active agent is named in the "
                "latest transfer result. IntakeAgent checks eligibility; VerificationAgent handles identity and "
                "account checks; BillingAgent handles balances and fees. Transfer to the agent whose scope the problem "
                "is in. Only IntakeAgent may ask the customer for information.",
                "gpt-4.1-mini",
                [tool("check_port_eligibility", "Ask the number portability clearinghouse whether a number can port.",
                      {"msisdn": S, "losing_carrier": S}),
                 tool("lookup_account", "Kestrel account and identity checks for a customer.", {"customer_id": S}),
                 tool("get_billing_status", "Balance, fees and holds on a customer account.", {"customer_id": S}),
                 tool("transfer_to_agent", "Hand the conversation to another agent.",
                      {"agent": {"type": "string", "enum": ["IntakeAgent", "VerificationAgent", "BillingAgent"]}, "note": S})],
                700, runaway(8, 14),
                "Three agents hand the same unresolved case round a ring: eligibility says the losing carrier needs the "
                "port-out PIN (only the customer has it, and only Intake may ask), Verification and Billing each find "
                "nothing and pass it on; the second eligibility check (turn 8) starts the loop.",
                "kestrel-support")
    s.start(0, "Hi, I'm switching to Kestrel and want to keep my number, (312) 555-0143. It's with Verizon right now. "
               "My Kestrel customer ID is KM-2231907. Can you start the port?")
    inel = j({"msisdn": "+13125550143", "eligible": False, "code": "6P",
              "detail": "Losing carrier Verizon requires the account number and the port-out PIN (Number Transfer PIN). "
                        "PIN missing from request."})
    acct = j({"customer_id": "KM-2231907", "name": "Dana Kowalski", "id_verified": True, "kyc": "passed 2024-12-02",
              "plan": "Kestrel Unlimited", "esim": True})
    bill = j({"customer_id": "KM-2231907", "balance_usd": 0.0, "holds": [], "port_fee_waived": True})
    ring = [
        ("Checking whether the number can port.", ("check_port_eligibility", {"msisdn": "+13125550143", "losing_carrier": "Verizon"}), inel),
        ("Eligibility failed with code 6P, a problem with the account credentials. That's an account matter; "
         "transferring to VerificationAgent.",
         ("transfer_to_agent", {"agent": "VerificationAgent", "note": "Port for +13125550143 rejected 6P (account credentials)."}),
         j({"ok": True, "active_agent": "VerificationAgent"})),
        ("VerificationAgent here. Checking the customer's account and identity.", ("lookup_account", {"customer_id": "KM-2231907"}), acct),
        ("Identity is verified and the account is in good standing. A 6P rejection may relate to fees or balance "
         "holds; transferring to BillingAgent.",
         ("transfer_to_agent", {"agent": "BillingAgent", "note": "ID verified; 6P may be a billing hold."}),
         j({"ok": True, "active_agent": "BillingAgent"})),
        ("BillingAgent here. Checking balance and holds.", ("get_billing_status", {"customer_id": "KM-2231907"}), bill),
        ("No balance, no holds, port fee waived. Nothing for billing to fix; sending back to IntakeAgent to "
         "re-check eligibility.",
         ("transfer_to_agent", {"agent": "IntakeAgent", "note": "Billing clear. Please re-run eligibility."}),
         j({"ok": True, "active_agent": "IntakeAgent"})),
    ]
    again = [
        "IntakeAgent again. Re-checking eligibility now that billing is clear.",
        "Still 6P. The credentials problem sits with verification; transferring.",
        "VerificationAgent. Re-checking the account.",
        "Account verified, nothing to fix here. Passing to BillingAgent to rule out holds.",
        "BillingAgent. Checking again.",
        "Billing is clear. Back to IntakeAgent.",
        "IntakeAgent. Running eligibility once more.",
        "6P again; account credentials are a verification matter. Transferring to VerificationAgent.",
        "VerificationAgent. Looking up the account.",
        "Verified, good standing. Transferring to BillingAgent.",
        "BillingAgent. Checking balance.",
        "No holds. Returning to IntakeAgent.",
        "IntakeAgent. Checking eligibility.",
    ]
    t = 0
    for k, (text, call, res) in enumerate(ring):
        t += 3 + k % 3
        s.step(t, text, [call], [res])
    for k, text in enumerate(again):
        _, call, res = ring[k % 6]
        t += 3 + (k * 2) % 5
        s.step(t, text, [call], [res])
    return s


@writer
def port_r2():
    s = Session("mobile_number_porting", "runaway", "eSIM reissued under new ids, same SM-DP+ failure",
                "You are Kestrel Mobile's activation assistant. Help customers whose ported number or eSIM is not "
                "working. Tools: get_line, reissue_esim (creates a new eSIM profile and activation code) and "
                "push_profile (sends the profile to the customer's device through the Kestrel app). Tell the customer "
                "what to do on their phone when needed.",
                "claude-3-5-sonnet-20241022",
                [tool("get_line", "Line, port and eSIM status for a number.", {"msisdn": S}),
                 tool("reissue_esim", "Release the current eSIM profile and create a new one.", {"msisdn": S}),
                 tool("push_profile", "Push an eSIM profile to the customer's device.", {"iccid": S, "eid": S})],
                1000, runaway(6, 11),
                "Each reissue creates a new ICCID and activation code, but the SM-DP+ keeps rejecting the download "
                "with the same 8.1.2 EID-binding error (the profile is still bound to the old phone); the first "
                "same failure under a new ICCID (turn 6) starts the loop.",
                "kestrel-activation")
    s.start(0, "hi, I ported my number 0412 558 903 over to Kestrel yesterday and the eSIM won't activate on my new "
               "Pixel 8. It just says 'Couldn't download SIM'. My old phone was an iPhone 12.")
    eid_new = "89049032005008882600064218273341"
    eid_old = "89049032004008882600021907731123"
    s.step(7, "Let me look at your line.", [("get_line", {"msisdn": "+61412558903"})],
           [j({"msisdn": "+61412558903", "port": {"status": "COMPLETE", "completed_at": "2024-12-04T16:22:09+11:00",
                                                  "losing_carrier": "Optus"},
               "esim": {"iccid": "8961025524041180017", "state": "RELEASED", "bound_eid": eid_old},
               "devices": [{"model": "Pixel 8", "eid": eid_new, "registered": "2024-12-05T08:02:44+11:00"}]})])

    def reissue(k):
        iccid = "89610255240411800%02d" % (21 + k * 4)
        return iccid, j({"ok": True, "old_iccid_released": True, "iccid": iccid,
                         "activation_code": "LPA:1$smdp.kestrel-mobile.com.au$%s" % hid("ac%d" % k, 24, "0123456789ABCDEF-"),
                         "matching_id": hid("mid%d" % k, 20, "0123456789ABCDEF"),
                         "created_at": iso("2024-12-05T08:14:00", k * 19)})

    def fail(iccid, k):
        return j({"ok": False, "event": "DOWNLOAD_FAILED", "iccid": iccid, "reason_code": "8.1.2",
                  "smdp_detail": "EID mismatch: profile bound to EID %s; request from EID %s" % (eid_old, eid_new),
                  "transaction_id": "tx-" + hid("tx%d" % k, 12, "0123456789abcdef"),
                  "at": iso("2024-12-05T08:14:05", k * 19)})

    t = 7
    texts_re = [
        "The port completed yesterday, but the eSIM profile is the one that was prepared before you switched phones. "
        "I'll issue you a fresh eSIM profile.",
        "The download failed again. I'll issue another new profile in case the last one was corrupted.",
        "Same failure. Reissuing once more with a fresh activation code.",
        "Trying another new profile.",
        "Issuing a new eSIM profile.",
        "Let me reissue again.",
        "Reissuing the eSIM.",
    ]
    texts_push = [
        "New profile %s created. Sending it to your Pixel 8 now - you should see a prompt in the Kestrel app.",
        "Profile %s is ready. Pushing it to your Pixel.",
        "Sending profile %s to the Pixel 8.",
        "Pushing %s.",
        "Pushing %s to your phone.",
        "Sending %s.",
        "Pushing %s to the device.",
    ]
    for k in range(7):
        t += 6 + k % 3
        iccid, res = reissue(k)
        s.step(t, texts_re[k], [("reissue_esim", {"msisdn": "+61412558903"})], [res])
        t += 5
        s.step(t, texts_push[k] % iccid, [("push_profile", {"iccid": iccid, "eid": eid_new})], [fail(iccid, k)])
    return s


@writer
def port_h1():
    s = Session("mobile_number_porting", "healthy", "polling a port that progresses",
                "You are the Kestrel Mobile port tracker. A scheduler wakes you every 15 minutes for each open port "
                "request. Check its status; text the customer (send_sms) only when the status changes to something "
                "they should know about; close the tracker when the port completes.",
                "gpt-4o-mini",
                [tool("get_port_status", "Status of a port request at the clearinghouse.", {"port_id": S}),
                 tool("send_sms", "Send an SMS to the customer's temporary number.", {"to": S, "text": S}),
                 tool("close_tracker", "Stop tracking a port request.", {"port_id": S, "outcome": S})],
                400, HEALTHY,
                "A scheduler-driven tracker polls a port request every 15 minutes; some polls see no change, but the "
                "status moves through validation, FOC and activation to completion, with an SMS at each milestone.",
                "port-tracker")
    base = "2024-12-10T17:00:00"
    tmp = "+14155550321"
    foc = "2024-12-10T11:00:00-08:00"
    sts = [("SUBMITTED", None), ("SUBMITTED", None), ("LOSING_CARRIER_VALIDATING", None),
           ("VALIDATED", None), ("FOC_CONFIRMED", foc), ("FOC_CONFIRMED", foc), ("FOC_CONFIRMED", foc),
           ("FOC_CONFIRMED", foc), ("ACTIVATING", foc), ("COMPLETE", foc)]
    updated = [0, 0, 1500, 2400, 3300, 3300, 3300, 3300, 7150, 7900]
    s.start(0, "[scheduler %s] Track port request PR-2024-118834: +1 (415) 555-0198 from T-Mobile to Kestrel. "
               "Customer temporary number %s." % (iso(base, 0), tmp))
    t = 0
    prev = None
    for k, (st, foc) in enumerate(sts):
        t += 4 if k == 0 else 900 + (k % 3)
        res = j({"port_id": "PR-2024-118834", "msisdn": "+14155550198", "status": st, "foc": foc,
                 "updated_at": iso(base, updated[k]),
                 "checked_at": iso(base, t)})
        calls, results = [], []
        if prev is None:
            text = "Checking PR-2024-118834."
        else:
            pst, pfoc = prev
            text = {"SUBMITTED": "Status SUBMITTED; nothing to tell the customer yet.",
                    "LOSING_CARRIER_VALIDATING": "T-Mobile is validating the account. Not a customer-facing milestone.",
                    "VALIDATED": "Validated by T-Mobile. Texting the customer.",
                    "FOC_CONFIRMED": "FOC confirmed for 11:00 PT today. Letting the customer know.",
                    "ACTIVATING": "Activating on the network. Texting the customer to restart their phone."}[pst]
            milestone = k >= 2 and sts[k - 2][0] != pst
            if milestone and pst in ("VALIDATED", "FOC_CONFIRMED", "ACTIVATING"):
                sms = {"VALIDATED": "Kestrel: T-Mobile approved your number transfer. We'll confirm the switch time shortly.",
                       "FOC_CONFIRMED": "Kestrel: your number (415) 555-0198 moves to Kestrel today at 11:00 AM PT. Keep "
                                        "your old SIM in until then.",
                       "ACTIVATING": "Kestrel: your number is switching now. Restart your phone in about 10 minutes."}[pst]
                calls.append(("send_sms", {"to": tmp, "text": sms}))
                results.append(j({"ok": True, "message_id": "SM" + hid("sms%d" % k, 10, "0123456789abcdef")}))
            elif pst in ("FOC_CONFIRMED", "ACTIVATING"):
                text = "Still %s (customer already informed). Checking again next cycle." % pst
        calls.append(("get_port_status", {"port_id": "PR-2024-118834"}))
        results.append(res)
        s.step(t, text, calls, results)
        prev = (st, foc)
    t += 5
    s.step(t, "Port complete. Texting the customer and closing the tracker.",
           [("send_sms", {"to": tmp, "text": "Kestrel: done! (415) 555-0198 is now on Kestrel. You can remove the T-Mobile SIM."}),
            ("close_tracker", {"port_id": "PR-2024-118834", "outcome": "COMPLETE"})],
           [j({"ok": True, "message_id": "SMf31c09aa02"}), j({"ok": True})])
    return s


@writer
def port_h2():
    s = Session("mobile_number_porting", "healthy", "bulk business port, fix two rejects, resubmit",
                "You are Kestrel Business's porting specialist assistant. Bulk ports are validated in pages of 6 "
                "numbers. Numbers that fail validation must be corrected with information from the customer before "
                "resubmission; never guess account details.",
                "gpt-4.1",
                [tool("validate_numbers", "Pre-validate numbers against the losing carrier's records.",
                      {"order_id": S, "msisdns": SA, "account_name": S, "account_number": S}),
                 tool("submit_port", "Submit validated numbers for porting.", {"order_id": S, "msisdns": SA, "account_number": S}),
                 tool("ask_customer", "Email the customer's admin contact and wait for a reply.", {"order_id": S, "question": S})],
                1200, HEALTHY,
                "A bulk port of 18 business numbers validated six at a time (similar calls, different numbers); two "
                "numbers fail on a sub-account, the customer supplies the right account number, the resubmission passes.",
                "kestrel-biz")
    oid = "BP-77012"
    nums = ["+1617555%04d" % n for n in [1100, 1101, 1102, 1103, 1104, 1105, 1110, 1111, 1112, 1113, 1120, 1121,
                                         1122, 1123, 1130, 1131, 1140, 1141]]
    s.start(0, "Order %s: port 18 numbers for Fenwick & Lowe Architects from AT&T Business. Account name 'Fenwick "
               "and Lowe LLP', account number 287441093. Numbers in the order record." % oid)
    t = 0
    rej = {"+16175551130", "+16175551131"}
    for page in range(3):
        chunk = nums[page * 6:(page + 1) * 6]
        t += 6 + page
        res = []
        for n in chunk:
            if n in rej:
                res.append({"msisdn": n, "valid": False, "code": "ACCT_MISMATCH",
                            "detail": "number belongs to sub-account ending 0217 (billing name 'Fenwick Lowe - Salem office')"})
            else:
                res.append({"msisdn": n, "valid": True})
        text = ("Validating numbers %d-%d of 18." % (page * 6 + 1, page * 6 + 6) if page == 0 else
                "Page %d: %s. Validating numbers %d-%d." % (page, "all 6 valid" if page != 3 else "",
                                                            page * 6 + 1, page * 6 + 6))
        s.step(t, text, [("validate_numbers", {"order_id": oid, "msisdns": chunk, "account_name": "Fenwick and Lowe LLP",
                                                "account_number": "287441093"})],
               [j({"order_id": oid, "results": res})])
    t += 2700
    s.step(t, "16 of 18 valid. +1 617 555 1130 and 1131 belong to an AT&T sub-account (ending 0217, Salem office). "
              "Submitting the 16 valid numbers now and asking the customer for the sub-account number.",
           [("submit_port", {"order_id": oid, "msisdns": [n for n in nums if n not in rej], "account_number": "287441093"}),
            ("ask_customer", {"order_id": oid, "question": "Two numbers, (617) 555-1130 and 555-1131, are billed on an "
                                                           "AT&T sub-account ending 0217 (Salem office). Please send that "
                                                           "sub-account's full account number and its port-out PIN."})],
           [j({"ok": True, "submission": "SUB-55301", "count": 16, "foc_requested": "2024-12-17"}),
            j({"ok": True, "reply": "From: it@fenwicklowe.com - Sub-account is 287441217, PIN 4471. Thanks! - Raj",
               "received_at": "2024-12-12T15:41:00-05:00"})])
    t += 9
    s.step(t, "Raj replied with sub-account 287441217. Re-validating the two Salem numbers against it.",
           [("validate_numbers", {"order_id": oid, "msisdns": sorted(rej), "account_name": "Fenwick and Lowe LLP",
                                  "account_number": "287441217"})],
           [j({"order_id": oid, "results": [{"msisdn": n, "valid": True} for n in sorted(rej)]})])
    t += 6
    s.step(t, "Both valid now. Submitting them.",
           [("submit_port", {"order_id": oid, "msisdns": sorted(rej), "account_number": "287441217"})],
           [j({"ok": True, "submission": "SUB-55302", "count": 2, "foc_requested": "2024-12-17"})])
    t += 900
    s.step(t, "All 18 numbers are submitted (SUB-55301 with 16, SUB-55302 with 2), both requesting FOC on "
              "2024-12-17.",
           user="Great. Can you make sure both submissions get the same FOC time so the office phones flip together?")
    t += 2900
    s.step(t, "Both already request 2024-12-17. I'll confirm a cut-over time with Raj so both submissions can be "
              "pinned to the same one.",
           [("ask_customer", {"order_id": oid, "question": "Both port submissions are set for 2024-12-17. Is 9:00 AM ET "
                                                           "a good cut-over time for all 18 numbers?"})],
           [j({"ok": True, "reply": "From: it@fenwicklowe.com - 9am works, we'll have someone on site. - Raj",
               "received_at": "2024-12-12T16:30:00-05:00"})])
    return s


# ----------------------------------------------------------------------------------------
# Assembly, validation, README
# ----------------------------------------------------------------------------------------

STYLE_ORDER = ["biobank_freezer_monitor", "ocr_invoice_batch", "nonprofit_donor_crm", "stage_play_dramaturg",
               "kafka_consumer_lag_oncall", "patent_claim_drafter", "sleep_coach_chat", "mobile_number_porting"]


def build():
    """Return [(name, session, shape, document)] in writing order."""
    out = []
    counters = {}
    for idx, fn in enumerate(WRITERS):
        sess = fn()
        shape = SHAPES[idx % 3]
        key = (sess.style, sess.outcome)
        counters[key] = counters.get(key, 0) + 1
        name = "%s_%s_%d_%s" % (sess.style, sess.outcome, counters[key], shape)
        doc = {
            "name": name,
            "style": sess.style,
            "shape": shape,
            "path": PATHS[shape],
            "headers": {"x-session-id": "ah-%s-%s" % (hid(name, 8, "0123456789abcdef"), hid(name + "#", 4, "0123456789abcdef")),
                        "x-user-id": sess.user_id},
            "expected": sess.expected,
            "notes": sess.notes,
            "turns": render(sess, shape, name),
        }
        out.append((name, sess, shape, doc))
    return out


class Invalid(Exception):
    pass


def need(cond, name, msg):
    if not cond:
        raise Invalid("%s: %s" % (name, msg))


def jsonobj(s):
    try:
        v = json.loads(s)
    except ValueError:
        return None
    return v if isinstance(v, dict) else None


def check_chat(name, req, tools_declared):
    need(set(req) <= {"model", "messages", "tools", "max_tokens"}, name, "unexpected chat keys %s" % sorted(req))
    need(isinstance(req.get("model"), str) and isinstance(req.get("messages"), list) and req["messages"], name, "chat needs model, messages")
    if "max_tokens" in req:
        need(isinstance(req["max_tokens"], int) and req["max_tokens"] > 0, name, "max_tokens")
    open_ids = []
    seen = set()
    for i, m in enumerate(req["messages"]):
        role = m.get("role")
        need(role in ("system", "user", "assistant", "tool"), name, "bad role %r" % role)
        if role != "tool" and open_ids:
            raise Invalid("%s: tool calls %s not answered before message %d" % (name, open_ids, i))
        if role == "system":
            need(i == 0 and isinstance(m.get("content"), str), name, "system message must be first, text")
        elif role == "user":
            need(isinstance(m.get("content"), str) and m["content"], name, "user content")
        elif role == "assistant":
            calls = m.get("tool_calls") or []
            need(calls or isinstance(m.get("content"), str), name, "assistant needs content or tool_calls")
            for c in calls:
                need(c.get("type") == "function" and isinstance(c.get("id"), str), name, "tool_call id/type")
                need(c["id"] not in seen, name, "duplicate tool_call id")
                seen.add(c["id"])
                f = c.get("function", {})
                need(f.get("name") in tools_declared, name, "undeclared tool %r" % f.get("name"))
                need(isinstance(f.get("arguments"), str) and jsonobj(f["arguments"]) is not None, name, "arguments must be a JSON object string")
                open_ids.append(c["id"])
        else:
            need(m.get("tool_call_id") in open_ids, name, "tool message answers no open call")
            need(isinstance(m.get("content"), str), name, "tool content")
            open_ids.remove(m["tool_call_id"])
    need(not open_ids, name, "unanswered tool calls at end")
    need(req["messages"][-1]["role"] in ("user", "tool"), name, "chat request must end with user or tool input")


def check_responses(name, req, tools_declared):
    need(set(req) <= {"model", "input", "instructions", "tools", "max_output_tokens"}, name, "unexpected responses keys %s" % sorted(req))
    need("previous_response_id" not in req, name, "previous_response_id")
    need(isinstance(req.get("model"), str) and isinstance(req.get("input"), list) and req["input"], name, "responses needs model, input")
    calls = {}
    answered = set()
    for it in req["input"]:
        typ = it.get("type")
        if typ == "function_call":
            need(isinstance(it.get("call_id"), str) and it["call_id"] not in calls, name, "function_call call_id")
            need(it.get("name") in tools_declared, name, "undeclared tool %r" % it.get("name"))
            need(isinstance(it.get("arguments"), str) and jsonobj(it["arguments"]) is not None, name, "arguments")
            calls[it["call_id"]] = it["name"]
        elif typ == "function_call_output":
            need(it.get("call_id") in calls and it["call_id"] not in answered, name, "output without its call")
            need(isinstance(it.get("output"), str), name, "output text")
            answered.add(it["call_id"])
        else:
            need(typ in (None, "message") and it.get("role") in ("user", "assistant", "system", "developer"), name, "input item")
            need(isinstance(it.get("content"), str) and it["content"], name, "message content")
    need(set(calls) == answered, name, "function calls not answered one to one")
    last = req["input"][-1]
    need(last.get("type") == "function_call_output" or last.get("role") == "user", name, "must end with user or tool output")


def check_anthropic(name, req, tools_declared):
    need(set(req) <= {"model", "max_tokens", "system", "messages", "tools"}, name, "unexpected anthropic keys %s" % sorted(req))
    need(isinstance(req.get("model"), str) and isinstance(req.get("max_tokens"), int), name, "anthropic needs model, max_tokens")
    msgs = req.get("messages")
    need(isinstance(msgs, list) and msgs, name, "messages")
    need(msgs[0]["role"] == "user" and msgs[-1]["role"] == "user", name, "must start and end with user")
    seen = set()
    prev_ids = []
    for i, m in enumerate(msgs):
        need(m["role"] == ("user" if i % 2 == 0 else "assistant"), name, "roles must alternate")
        c = m["content"]
        if m["role"] == "assistant":
            ids = []
            if isinstance(c, str):
                need(c, name, "empty assistant text")
            else:
                for b in c:
                    if b["type"] == "tool_use":
                        need(b.get("name") in tools_declared, name, "undeclared tool %r" % b.get("name"))
                        need(isinstance(b.get("id"), str) and b["id"] not in seen, name, "tool_use id")
                        need(isinstance(b.get("input"), dict), name, "tool_use input")
                        seen.add(b["id"])
                        ids.append(b["id"])
                    else:
                        need(b["type"] == "text" and b.get("text"), name, "assistant block")
            prev_ids = ids
        else:
            if isinstance(c, str):
                need(c and not prev_ids, name, "plain user message where tool results are due")
            else:
                results = [b for b in c if b["type"] == "tool_result"]
                need([b["tool_use_id"] for b in c[:len(results)]] == prev_ids and len(results) == len(prev_ids),
                     name, "tool_result blocks must answer the previous tool_use blocks, first")
                for b in c[len(results):]:
                    need(b["type"] == "text" and b.get("text"), name, "user block")
                for b in results:
                    need(isinstance(b.get("content"), str), name, "tool_result content")
                need(c, name, "empty user content")
            prev_ids = []


def validate(entries):
    names = set()
    sids = set()
    stateless = 0
    for idx, (name, sess, shape, doc) in enumerate(entries):
        need(shape == SHAPES[idx % 3], name, "shape not round-robin")
        need(doc["name"] == name and name not in names, name, "name")
        names.add(name)
        need(name.startswith("%s_%s_" % (doc["style"], doc["expected"]["outcome"])) and name.endswith("_" + shape), name, "name pattern")
        need(doc["path"] == PATHS[shape], name, "path")
        sid = doc["headers"]["x-session-id"]
        need(sid not in sids and doc["headers"]["x-user-id"], name, "session id / user id")
        sids.add(sid)
        need(isinstance(doc["notes"], str) and 20 < len(doc["notes"]) < 600, name, "notes")
        turns = doc["turns"]
        n = len(turns)
        need(8 <= n <= 30, name, "turn count %d" % n)
        times = [t["at_seconds"] for t in turns]
        need(all(isinstance(x, int) and x >= 0 for x in times), name, "at_seconds")
        need(all(a < b for a, b in zip(times, times[1:])), name, "at_seconds not strictly increasing")
        exp = doc["expected"]
        if exp["outcome"] == "runaway":
            need(set(exp) == {"outcome", "loop_begins_turn", "stop_by_turn"}, name, "expected keys")
            b, d = exp["loop_begins_turn"], exp["stop_by_turn"]
            need(1 <= b <= d < n and n >= d + 2, name, "B/D bounds (B %d, D %d, turns %d)" % (b, d, n))
        else:
            need(exp == {"outcome": "healthy"}, name, "expected")
        if doc["style"] in TOOLLESS_STYLES:
            need(all("tools" not in t["request"] for t in turns), name, "tool-less style has tools")
        key = {"chat": "messages", "responses": "input", "anthropic": "messages"}[shape]
        for k, t in enumerate(turns):
            req = t["request"]
            tools_declared = set()
            for tl in req.get("tools", []):
                tools_declared.add(tl["function"]["name"] if shape == "chat" else tl["name"])
                if shape == "chat":
                    need(tl.get("type") == "function" and "parameters" in tl["function"], name, "chat tool shape")
                elif shape == "responses":
                    need(tl.get("type") == "function" and "parameters" in tl, name, "responses tool shape")
                else:
                    need("input_schema" in tl, name, "anthropic tool shape")
            {"chat": check_chat, "responses": check_responses, "anthropic": check_anthropic}[shape](
                "%s turn %d" % (name, k + 1), req, tools_declared)
            if k:
                prev = turns[k - 1]["request"]
                need({a: v for a, v in req.items() if a != key} == {a: v for a, v in prev.items() if a != key},
                     name, "non-history fields changed at turn %d" % (k + 1))
                if sess.stateless_doc is None:
                    need(len(req[key]) > len(prev[key]) and req[key][:len(prev[key])] == prev[key],
                         name, "history does not grow by prefix at turn %d" % (k + 1))
                else:
                    first = lambda r: (r[key][-1]["content"]).split("\n\n---\nQuestion: ")[0]
                    need(first(req) == first(prev) == sess.stateless_doc and req != prev, name, "stateless document")
        if sess.stateless_doc is not None:
            stateless += 1
    need(stateless <= 1, "corpus", "more than one stateless client")
    need(len(entries) == 32, "corpus", "expected 32 sessions")
    for st in STYLE_ORDER:
        for oc in ("runaway", "healthy"):
            need(sum(1 for _, s, _, _ in entries if s.style == st and s.outcome == oc) == 2, st, "needs 2 %s" % oc)
    shapes = [sh for _, _, sh, _ in entries]
    need(shapes.count("chat") == 11 and shapes.count("responses") == 11 and shapes.count("anthropic") == 10,
         "corpus", "shape counts")
    toolless = sum(1 for _, _, _, d in entries if all("tools" not in t["request"] for t in d["turns"]))
    need(toolless >= 6, "corpus", "fewer than 6 tool-less sessions")


def readme(entries):
    shapes = ["chat", "responses", "anthropic"]
    cnt = {(sh, oc): 0 for sh in shapes for oc in ("runaway", "healthy")}
    for _, s, sh, _ in entries:
        cnt[(sh, s.outcome)] += 1
    toolless = [n for n, _, _, d in entries if all("tools" not in t["request"] for t in d["turns"])]
    stateless = [n for n, s, _, _ in entries if s.stateless_doc is not None]
    rows = []
    for st in STYLE_ORDER:
        rk = ["%s (B %d, D %d)" % (s.kind, d["expected"]["loop_begins_turn"], d["expected"]["stop_by_turn"])
              for _, s, _, d in entries if s.style == st and s.outcome == "runaway"]
        hk = [s.kind for _, s, _, _ in entries if s.style == st and s.outcome == "healthy"]
        tag = " (tool-less)" if st in TOOLLESS_STYLES else ""
        rows.append("| `%s`%s | %s | %s |" % (st, tag, "; ".join(rk), "; ".join(hk)))
    lines = [
        "# corpus_ah: a blind, held-out agent-session corpus (author: writer-ah)",
        "",
        "32 agent and chat sessions for scoring the runaway-agent detectors on agents they have never seen.",
        "",
        "## How it is generated and checked",
        "",
        "Written by `scripts/gen_corpus_ah.py` (Python 3, stdlib only, deterministic: no clock, no randomness, no",
        "network; ids that look random are hashes of the session name). Do not hand-edit the JSON; change the",
        "generator.",
        "",
        "    python3 scripts/gen_corpus_ah.py           # writes heldout/*.json, tuning/.gitkeep and this README",
        "    python3 scripts/gen_corpus_ah.py --check   # regenerates in memory, validates, compares with disk",
        "",
        "`--check` validates every request of every session against its API shape (required fields, every tool",
        "call's function declared in `tools`, every call id answered one to one, Anthropic role alternation and",
        "tool_result placement, history growing by prefix, strictly increasing `at_seconds`, 8-30 turns,",
        "`1 <= B <= D < turns` with at least two turns after D) and exits non-zero on any violation or any",
        "difference from the files on disk.",
        "",
        "## Independence",
        "",
        "Before and while writing, the author read only `tests/fixtures/corpus/README.md` (format and scoring",
        "rule) and one tuning file, `tests/fixtures/corpus/tuning/batch_runaway_responses.json` (JSON shape). No",
        "detector source, tests, project README or docs, other generators or other writers' corpora were read,",
        "and no project binary, cargo command or test was run. Styles, failure kinds, B and D are the author's own",
        "judgement of what a sensible operator would want.",
        "",
        "## The split: everything is held out",
        "",
        "All 32 sessions are in `heldout/`; `tuning/` is empty (`.gitkeep`). This is a fresh held-out set, to be",
        "scored once and never tuned on.",
        "",
        "## Format",
        "",
        "Each file: `name` (= file stem, `<style>_<runaway|healthy>_<n>_<shape>`), `style`, `shape`",
        "(`chat`, `responses`, `anthropic`), `path` (`/v1/chat/completions`, `/v1/responses`, `/v1/messages`),",
        "`headers` (`x-session-id`, unique per session, and `x-user-id`), `expected` (`{\"outcome\": \"healthy\"}` or",
        "`{\"outcome\": \"runaway\", \"loop_begins_turn\": B, \"stop_by_turn\": D}`), `notes`, and `turns`, each",
        "`{\"at_seconds\": t, \"request\": {...}}`. Turns are numbered from 1. B is the first turn at which the loop",
        "is visibly under way, D the latest turn by which an operator would want it stopped; a runaway scores on",
        "time when first stopped in B..=D, and a healthy session must never be stopped.",
        "",
        "Each request carries the full history: turn N+1 is turn N's request plus the assistant's reply plus the",
        "new user or tool input. OpenAI Chat requests send `model`, `messages` (system prompt first), `tools`,",
        "`max_tokens`; OpenAI Responses requests resend the whole `input` with `instructions`, `tools`,",
        "`max_output_tokens` and no `previous_response_id`; Anthropic requests send `model`, `max_tokens`,",
        "`system`, `messages`, `tools`, with tool results first in the next user message.",
        "",
        "One stateless client: `%s` sends the same long draft specification plus a new question each turn, with" % stateless[0],
        "no history (the one allowed exception to prefix growth).",
        "",
        "## Styles",
        "",
        "| style | runaway kinds (B, D) | healthy kinds |",
        "|---|---|---|",
    ] + rows + [
        "",
        "## Counts",
        "",
        "| shape | runaway | healthy |",
        "|---|---|---|",
    ] + ["| %s | %d | %d |" % (sh, cnt[(sh, "runaway")], cnt[(sh, "healthy")]) for sh in shapes] + [
        "| total | %d | %d |" % (sum(cnt[(sh, "runaway")] for sh in shapes), sum(cnt[(sh, "healthy")] for sh in shapes)),
        "",
        "Shapes were assigned round-robin in writing order (chat, responses, anthropic, ...): 11 chat, 11",
        "responses, 10 anthropic. %d sessions are tool-less (no `tools` in any request): the eight of" % len(toolless),
        "`stage_play_dramaturg` and `sleep_coach_chat`, plus the stateless specification Q&A client.",
        "",
    ]
    return "\n".join(lines)


def files(entries):
    out = {}
    for name, _, _, doc in entries:
        out[os.path.join("heldout", name + ".json")] = json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    out[os.path.join("tuning", ".gitkeep")] = ""
    out["README.md"] = readme(entries)
    return out


def main(argv):
    entries = build()
    try:
        validate(entries)
    except Invalid as e:
        print("INVALID: %s" % e, file=sys.stderr)
        return 1
    want = files(entries)
    if "--check" in argv:
        bad = 0
        for rel, text in sorted(want.items()):
            p = os.path.join(OUT, rel)
            try:
                with open(p, encoding="utf-8") as f:
                    have = f.read()
            except OSError:
                have = None
            if have != text:
                print("differs: %s" % rel, file=sys.stderr)
                bad += 1
        present = set()
        for sub in ("heldout", "tuning"):
            d = os.path.join(OUT, sub)
            if os.path.isdir(d):
                present |= {os.path.join(sub, f) for f in os.listdir(d)}
        for extra in sorted(present - set(want)):
            print("unexpected file: %s" % extra, file=sys.stderr)
            bad += 1
        if bad:
            return 1
        print("ok: %d sessions valid and identical to tests/fixtures/corpus_ah" % len(entries))
        return 0
    for rel, text in want.items():
        p = os.path.join(OUT, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
    print("wrote %d sessions to %s" % (len(entries), OUT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
