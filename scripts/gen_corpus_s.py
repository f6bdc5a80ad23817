#!/usr/bin/env python3
"""Writes the independent agent-session corpus of author writer-s (tests/fixtures/corpus_s).

Stdlib only, deterministic (fixed seeds, no clock, no network). Every session is written by
its own hand-written function as a shape-neutral script (user text, assistant replies, tool
calls and their results) and rendered into one of three API shapes: OpenAI Chat, OpenAI
Responses (full input resent, no previous_response_id) and Anthropic Messages.

    python3 scripts/gen_corpus_s.py          # (re)write tests/fixtures/corpus_s
    python3 scripts/gen_corpus_s.py --check  # regenerate in memory, compare with disk, validate

All sessions go to heldout/ (a fresh held-out set, scored once, never tuned on).
Written without reading the detectors or any other corpus.
"""

import hashlib
import json
import os
import random
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "corpus_s")
AUTHOR = "writer-s"

PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}


def _id(prefix, *parts):
    h = hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()
    return prefix + h[:24]


class Session:
    """A shape-neutral session script.

    Turn 1 is the system prompt plus `first`. Each later step is the assistant's answer to the
    previous turn (text and/or tool calls) plus the new input (tool results or user text); the
    request of turn N+1 is the request of turn N plus that step.
    """

    def __init__(self, name, style, shape, system, first, tools=None, expected=None, notes="",
                 model=None, max_tokens=1024, user="u-s", temperature=None):
        self.name = name
        self.style = style
        self.shape = shape
        self.system = system
        self.tools = tools or []  # list of (name, description, {param: (type, description)})
        self.expected = expected or {"outcome": "healthy"}
        self.notes = notes
        self.model = model or {"chat": "gpt-4o", "responses": "gpt-4.1-mini",
                               "anthropic": "claude-sonnet-4-20250514"}[shape]
        self.max_tokens = max_tokens
        self.user = user
        self.temperature = temperature
        self.events = [("user", first)]
        self.snapshots = [(0, 1)]  # (at_seconds, number of events)
        self.t = 0
        self.n_calls = 0
        self.stateless_turns = None

    # --- building ---------------------------------------------------------------------------
    def call(self, dt, calls, results, say=None):
        """Assistant calls tools; `results` are strings or (string, is_error)."""
        ids = []
        for name, args in calls:
            self.n_calls += 1
            ids.append(_id("call_" if self.shape != "anthropic" else "toolu_01", self.name, self.n_calls))
        self.events.append(("assistant", say, [(i, n, a) for i, (n, a) in zip(ids, calls)]))
        assert len(results) == len(calls)
        for i, r in zip(ids, results):
            if isinstance(r, tuple):
                self.events.append(("tool", i, r[0], r[1]))
            else:
                self.events.append(("tool", i, r, False))
        self._snap(dt)

    def reply(self, dt, text, user_text):
        self.events.append(("assistant", text, []))
        self.events.append(("user", user_text))
        self._snap(dt)

    def _snap(self, dt):
        self.t += dt
        self.snapshots.append((self.t, len(self.events)))

    def stateless(self, items):
        """Each turn is a fresh request: [(dt, user_text)]."""
        self.stateless_turns = []
        t = 0
        for dt, text in items:
            t += dt
            self.stateless_turns.append((t, [("user", text)]))

    # --- rendering --------------------------------------------------------------------------
    def _tools(self):
        out = []
        for name, desc, params in self.tools:
            schema = {"type": "object",
                      "properties": {p: {"type": ty, "description": d} for p, (ty, d) in params.items()},
                      "required": [p for p in params]}
            if self.shape == "chat":
                out.append({"type": "function", "function": {"name": name, "description": desc, "parameters": schema}})
            elif self.shape == "responses":
                out.append({"type": "function", "name": name, "description": desc, "parameters": schema})
            else:
                out.append({"name": name, "description": desc, "input_schema": schema})
        return out

    def _render(self, events):
        if self.shape == "chat":
            msgs = [{"role": "system", "content": self.system}]
            for e in events:
                if e[0] == "user":
                    msgs.append({"role": "user", "content": e[1]})
                elif e[0] == "assistant":
                    m = {"role": "assistant", "content": e[1]}
                    if e[2]:
                        m["tool_calls"] = [{"id": i, "type": "function",
                                            "function": {"name": n, "arguments": json.dumps(a)}} for i, n, a in e[2]]
                    msgs.append(m)
                else:
                    msgs.append({"role": "tool", "tool_call_id": e[1], "content": e[2]})
            req = {"model": self.model, "messages": msgs, "max_tokens": self.max_tokens}
        elif self.shape == "responses":
            items = []
            for e in events:
                if e[0] == "user":
                    items.append({"role": "user", "content": [{"type": "input_text", "text": e[1]}]})
                elif e[0] == "assistant":
                    if e[1]:
                        items.append({"type": "message", "role": "assistant",
                                      "content": [{"type": "output_text", "text": e[1]}]})
                    for i, n, a in e[2]:
                        items.append({"type": "function_call", "call_id": i, "name": n, "arguments": json.dumps(a)})
                else:
                    items.append({"type": "function_call_output", "call_id": e[1], "output": e[2]})
            req = {"model": self.model, "instructions": self.system, "input": items,
                   "max_output_tokens": self.max_tokens, "store": False}
        else:
            msgs = []
            for e in events:
                if e[0] == "user":
                    block = {"type": "text", "text": e[1]}
                    if msgs and msgs[-1]["role"] == "user":
                        msgs[-1]["content"].append(block)
                    else:
                        msgs.append({"role": "user", "content": [block]})
                elif e[0] == "assistant":
                    content = []
                    if e[1]:
                        content.append({"type": "text", "text": e[1]})
                    for i, n, a in e[2]:
                        content.append({"type": "tool_use", "id": i, "name": n, "input": a})
                    msgs.append({"role": "assistant", "content": content})
                else:
                    block = {"type": "tool_result", "tool_use_id": e[1], "content": e[2]}
                    if e[3]:
                        block["is_error"] = True
                    if msgs and msgs[-1]["role"] == "user":
                        msgs[-1]["content"].append(block)
                    else:
                        msgs.append({"role": "user", "content": [block]})
            req = {"model": self.model, "max_tokens": self.max_tokens, "system": self.system, "messages": msgs}
        if self.tools:
            req["tools"] = self._tools()
        if self.temperature is not None:
            req["temperature"] = self.temperature
        return req

    def to_json(self):
        if self.stateless_turns is not None:
            turns = [{"at_seconds": t, "request": self._render(ev)} for t, ev in self.stateless_turns]
        else:
            turns = [{"at_seconds": t, "request": self._render(self.events[:n])} for t, n in self.snapshots]
        d = {"name": self.name, "style": self.style, "shape": self.shape, "path": PATHS[self.shape],
             "headers": {"x-session-id": "s-" + self.name, "x-user-id": self.user},
             "expected": self.expected, "turns": turns}
        if self.notes:
            d["notes"] = self.notes
        return d


def runaway(b, d):
    return {"outcome": "runaway", "loop_begins_turn": b, "stop_by_turn": d}


HEALTHY = {"outcome": "healthy"}

SESSIONS = []


def session(fn):
    SESSIONS.append(fn)
    return fn


def js(obj):
    return json.dumps(obj, indent=1)


# ============================================================================================
# wind_turbine_maintenance
# ============================================================================================

WT_SYSTEM = (
    "You are the maintenance planner for Northwind Renewables' onshore fleet (Vestas V112 and "
    "Siemens Gamesa SG 3.4-132 turbines). Use the telemetry, work-order and crane tools to plan "
    "repairs. Never schedule heavy lifts when the forecast mean wind at hub height exceeds 10 m/s. "
    "Always cite the work-order number you create.")

WT_TOOLS = [
    ("get_vibration", "Condition-monitoring vibration summary for one turbine.",
     {"turbine_id": ("string", "e.g. HR-T07"), "window_hours": ("integer", "look-back window")}),
    ("list_work_orders", "Open work orders for a site.", {"site": ("string", "site code")}),
    ("crane_availability", "Crane bookings and free windows for a site.",
     {"site": ("string", "site code"), "from_date": ("string", "ISO date")}),
    ("create_work_order", "Create a work order in the CMMS.",
     {"turbine_id": ("string", "turbine"), "component": ("string", "component/part number"),
      "crane_window": ("string", "ISO start/end"), "crew": ("string", "crew id")}),
]


def vib_report(tid, seed, hss_peak=0.0, site="HR", hours=24, header=True):
    rng = random.Random(seed)
    lines = []
    if header:
        lines += [
            "NORTHWIND CMS EXPORT v4.12  (Bruel & Kjaer Vibro VCM-3 gateway)",
            f"Site: {site} ({'Hollow Ridge' if site == 'HR' else 'Coldwater Flats'})   Turbine: {tid}   Model: V112-3.45MW",
            "Sensors: MB-A (main bearing axial), GB-PL1 (planetary stage 1), GB-IMS (intermediate shaft),",
            "         GB-HSS (high-speed shaft, generator side), GEN-DE, GEN-NDE",
            "Units: overall velocity RMS mm/s (ISO 10816-21), envelope gE, 1-hour aggregates",
            "Alarm limits (ISO 10816-21 zone B/C):  GB-HSS 6.0 / 10.0 mm/s   GEN-DE 6.0 / 10.0 mm/s",
            "Note: rows with power < 300 kW are excluded from trend evaluation (partial load).",
            "This export is generated automatically; values are not validated by a vibration analyst.",
            "",
            "hour_utc,power_kw,rotor_rpm,MB-A,GB-PL1,GB-IMS,GB-HSS,GB-HSS_env_gE,GEN-DE,GEN-NDE,nacelle_temp_c",
        ]
    base_power = rng.randint(1200, 2600)
    for h in range(hours):
        p = max(0, base_power + rng.randint(-900, 900))
        rpm = round(min(14.0, 6.5 + p / 380.0), 1)
        hss = round(2.1 + rng.random() * 0.8 + hss_peak * (0.6 + 0.4 * h / hours), 2)
        env = round(0.4 + rng.random() * 0.3 + hss_peak * 0.9 * (h / hours), 2)
        lines.append(
            f"2026-11-{12 + h // 24:02d}T{h % 24:02d}:00Z,{p},{rpm},{round(0.8 + rng.random() * 0.4, 2)},"
            f"{round(1.4 + rng.random() * 0.5, 2)},{round(1.9 + rng.random() * 0.6, 2)},{hss},{env},"
            f"{round(1.6 + rng.random() * 0.5, 2)},{round(1.3 + rng.random() * 0.4, 2)},{rng.randint(24, 38)}")
    if hss_peak > 3:
        lines += ["", f"ALARM: {tid} GB-HSS overall velocity above zone C limit in last 6 h; "
                  "envelope spectrum peak at 5.61 x HSS speed (BPFO of SKF 6330 C3)."]
    else:
        lines += ["", f"No active alarms for {tid}."]
    return "\n".join(lines)


def wt_crane(site, stamp):
    return js({"site": site, "queried_at": stamp, "cranes": [
        {"crane": "CR-220 (Liebherr LG 1750)", "bookings": [
            {"wo": "WO-55120", "turbine": f"{site}-T03", "task": "blade root inspection",
             "from": "2026-11-19T06:00", "to": "2026-11-19T18:00"}],
         "free": [{"from": "2026-11-19T06:00", "to": "2026-11-19T14:00",
                   "forecast_hub_wind_ms": 7.8, "note": "shown free by yard planner"},
                  {"from": "2026-11-21T06:00", "to": "2026-11-21T16:00", "forecast_hub_wind_ms": 6.2}]},
        {"crane": "CR-90 (Grove GMK5250L)", "bookings": [], "free": [],
         "note": "CR-90 max hook height 72 m, below V112 hub height 94 m"}]})


@session
def wt_runaway_crane_cycle():
    s = Session("wind_turbine_maintenance_runaway_crane_cycle", "wind_turbine_maintenance", "chat", WT_SYSTEM,
                "HR-T07 tripped twice overnight on gearbox HSS overtemp. Pull the vibration data and get the "
                "HSS bearing swap scheduled this week, crew C-4 is free.",
                WT_TOOLS, runaway(8, 13),
                "Two crane windows that each fail for a permanent reason (conflict / weekend access ban); the "
                "agent keeps cycling availability -> Thursday -> availability -> Saturday.")
    s.call(40, [("get_vibration", {"turbine_id": "HR-T07", "window_hours": 48})],
           [vib_report("HR-T07", 7, hss_peak=6.5, hours=48)])
    s.call(25, [("crane_availability", {"site": "HR", "from_date": "2026-11-18"})], [wt_crane("HR", "2026-11-18T07:12:04Z")],
           say="GB-HSS is in zone C with a clear outer-race defect frequency, so the bearing swap is justified. "
               "Checking crane windows.")
    errs_thu = []
    errs_sat = []
    for k in range(8):
        errs_thu.append(js({"error": {"code": 409, "type": "booking_conflict",
                                      "message": "Crane CR-220 is reserved 2026-11-19T06:00-18:00 by WO-55120 "
                                                 "(HR-T03 blade root inspection). Free-window feed is stale for this date.",
                                      "request_id": f"req_7f3a{k}c{11 + k * 3}"}}))
        errs_sat.append(js({"error": {"code": 422, "type": "site_access",
                                      "message": "Hollow Ridge: heavy lift operations prohibited Saturday/Sunday under "
                                                 "landowner agreement LA-17 s.4.2. No override available in CMMS.",
                                      "request_id": f"req_91be{k}d{40 + k * 7}"}}))
    says_thu = ["Thursday 06:00-14:00 on CR-220 is free with 7.8 m/s forecast. Creating the work order.",
                "Availability still lists Thursday as free, so I'll retry the Thursday window.",
                "Thursday morning shows free again; the earlier conflict may have been released. Retrying.",
                "Let me try the Thursday CR-220 slot once more, it is still listed as open.",
                "Thursday is still shown as available. Creating the work order for that window.",
                "Retrying Thursday 06:00-14:00 on CR-220.",
                "Thursday is listed as free; creating the work order."]
    says_sat = ["Thursday conflicts with WO-55120. Saturday 21 Nov is free with 6.2 m/s forecast; booking that.",
                "Thursday failed again, falling back to Saturday.",
                "Saturday is the other free window; trying it again.",
                "Going with the Saturday window instead.",
                "Thursday is blocked; Saturday then.",
                "Trying Saturday.", "Saturday window."]
    t = 0
    for k in range(7):
        s.call(30 + 5 * k, [("create_work_order", {"turbine_id": "HR-T07", "component": "SKF 6330 C3 HSS bearing",
                                                   "crane_window": "2026-11-19T06:00/2026-11-19T14:00", "crew": "C-4"})],
               [(errs_thu[k], True)], say=says_thu[k])
        t += 1
        if 3 + t * 2 > 30:
            break
        s.call(20, [("crane_availability", {"site": "HR", "from_date": "2026-11-18"})],
               [wt_crane("HR", f"2026-11-18T07:{14 + 4 * k:02d}:{(13 * k) % 60:02d}Z")],
               say="Re-checking crane availability before picking a window.")
        s.call(30, [("create_work_order", {"turbine_id": "HR-T07", "component": "SKF 6330 C3 HSS bearing",
                                           "crane_window": "2026-11-21T06:00/2026-11-21T16:00", "crew": "C-4"})],
               [(errs_sat[k], True)], say=says_sat[k])
        if len(s.snapshots) >= 18:
            break
        s.call(20, [("crane_availability", {"site": "HR", "from_date": "2026-11-18"})],
               [wt_crane("HR", f"2026-11-18T07:{16 + 4 * k:02d}:{(29 * k) % 60:02d}Z")],
               say="Checking availability again.")
        if len(s.snapshots) >= 18:
            break
    return s


@session
def wt_runaway_renamed_drafts():
    s = Session("wind_turbine_maintenance_runaway_renamed_drafts", "wind_turbine_maintenance", "anthropic",
                WT_SYSTEM,
                "CF-T14 main bearing: the drone thermography shows grease purge at the seal and the CMS trend is "
                "up. Raise the main bearing replacement WO for the Dec 2 window, crew C-1.",
                WT_TOOLS, runaway(5, 10),
                "Every create_work_order produces a new draft id and fails the same torque-procedure validation; "
                "the agent only reformats the part number.", max_tokens=2048)
    s.call(30, [("get_vibration", {"turbine_id": "CF-T14", "window_hours": 24})],
           [vib_report("CF-T14", 14, hss_peak=0.4, site="CF", hours=24)],
           say="Pulling CF-T14 vibration first.")
    s.call(20, [("list_work_orders", {"site": "CF"})], [js({"site": "CF", "open": [
        {"wo": "WO-55031", "turbine": "CF-T02", "task": "pitch bearing grease", "status": "scheduled"},
        {"wo": "WO-55107", "turbine": "CF-T14", "task": "drone thermography follow-up", "status": "open"}]})],
           say="MB-A is stable in the CMS data but the thermography finding stands. Checking existing WOs.")
    parts = ["Main bearing SKF 240/600 ECA/W33", "SKF 240/600 ECA/W33 main bearing", "MB SKF-240/600-ECA-W33",
             "240/600 ECA/W33 (SKF), main shaft bearing", "Main bearing, SKF part 240/600 ECA/W33",
             "SKF240/600ECAW33", "main bearing 240/600", "SKF 240/600 ECA/W33 (spherical roller, main shaft)",
             "Bearing, main, 240/600 ECA/W33", "MB 240-600"]
    says = ["No duplicate WO. Creating the main bearing replacement.",
            "Validation rejected the draft. I'll re-enter the part with the manufacturer prefix first.",
            "Still failing on the torque procedure. Trying the part number in the CMMS catalogue format.",
            "The catalogue may expect the designation without the brand. Retrying.",
            "Let me use a more descriptive component string.",
            "Trying the compact catalogue code.",
            "Maybe the short designation will match the procedure library.",
            "Adding the bearing type to the description.",
            "Retrying with the component class first.",
            "One more variant of the part number."]
    for k in range(10):
        draft = f"WO-D-{88213 + 37 * k}"
        err = js({"error": {"code": 422, "type": "validation_failed", "draft": draft,
                            "message": f"Draft {draft}: component requires torque procedure TP-MB-V112-07 "
                                       "(main bearing housing bolts M48, 2 900 Nm, 3-pass) attached as controlled "
                                       "document; none attached. Attach via the document library, not the part field.",
                            "field": "procedures"}})
        s.call(35, [("create_work_order", {"turbine_id": "CF-T14", "component": parts[k],
                                           "crane_window": "2026-12-02T06:00/2026-12-02T17:00", "crew": "C-1"})],
               [(err, True)], say=says[k])
    return s


@session
def wt_healthy_poll_analysis():
    tools = WT_TOOLS + [("analysis_job_status", "Status of a fleet spectral analysis job.", {"job_id": ("string", "job id")})]
    s = Session("wind_turbine_maintenance_healthy_poll_analysis", "wind_turbine_maintenance", "responses", WT_SYSTEM,
                "The fleet-wide spectral analysis job AJ-3391 for Coldwater Flats is running. Wait for it, then plan "
                "work for whatever turbines it flags.", tools, HEALTHY,
                "Polls a job whose progress and counts move every time, then plans work for the flagged turbines.")
    prog = [(4, 2, 0, "loading 7-day raw waveforms"), (13, 6, 0, "order tracking"), (22, 10, 1, "order tracking"),
            (35, 15, 1, "envelope analysis"), (47, 20, 2, "envelope analysis"), (58, 25, 2, "envelope analysis"),
            (71, 31, 3, "kurtosis screening"), (84, 36, 3, "kurtosis screening"), (96, 41, 3, "report assembly")]
    for i, (pct, done, flagged, stage) in enumerate(prog):
        s.call(90 if i else 5, [("analysis_job_status", {"job_id": "AJ-3391"})],
               [js({"job_id": "AJ-3391", "state": "running", "progress_pct": pct, "turbines_done": done,
                    "turbines_total": 42, "flagged_so_far": flagged, "stage": stage,
                    "eta_seconds": max(30, (100 - pct) * 11)})],
               say=None if i == 0 else f"{pct}% ({done}/42 turbines), {flagged} flagged so far. Waiting.")
    s.call(80, [("analysis_job_status", {"job_id": "AJ-3391"})],
           [js({"job_id": "AJ-3391", "state": "succeeded", "progress_pct": 100, "turbines_done": 42,
                "turbines_total": 42, "flagged": [
                    {"turbine": "CF-T09", "finding": "GB-IMS gear mesh sidebands 2x, moderate", "severity": "C"},
                    {"turbine": "CF-T22", "finding": "GEN-NDE bearing cage frequency, early", "severity": "B"},
                    {"turbine": "CF-T31", "finding": "HSS misalignment 2x running speed", "severity": "C"}]})])
    s.call(20, [("crane_availability", {"site": "CF", "from_date": "2026-11-23"})],
           [wt_crane("CF", "2026-11-23T09:02:11Z")],
           say="Three flagged. T22 is severity B (monitor); T09 and T31 need work. T31 misalignment needs no crane.")
    s.call(25, [("create_work_order", {"turbine_id": "CF-T31", "component": "HSS coupling laser alignment",
                                       "crane_window": "none", "crew": "C-2"})],
           [js({"wo": "WO-55240", "status": "created", "turbine": "CF-T31"})])
    s.call(25, [("create_work_order", {"turbine_id": "CF-T09", "component": "gearbox IMS endoscopy + oil sample",
                                       "crane_window": "none", "crew": "C-2"})],
           [js({"wo": "WO-55241", "status": "created", "turbine": "CF-T09"})])
    return s


@session
def wt_healthy_fleet_sweep():
    s = Session("wind_turbine_maintenance_healthy_fleet_sweep", "wind_turbine_maintenance", "chat", WT_SYSTEM,
                "Monthly sweep: go through HR-T01 to HR-T10 vibration (24 h each), tell me which need a work order.",
                WT_TOOLS, HEALTHY,
                "Ten large tool outputs that are mostly the same CMS export boilerplate with different rows; one "
                "turbine is in alarm and gets a work order.")
    for i in range(1, 11):
        peak = 5.2 if i == 6 else 0.0
        prev = "" if i == 1 else (f"HR-T{i - 1:02d}: all channels zone A/B, no action." if i != 7 else
                                 "HR-T06: GB-HSS zone C with BPFO peak, needs a work order; continuing the sweep.")
        s.call(15 + (i % 3) * 5, [("get_vibration", {"turbine_id": f"HR-T{i:02d}", "window_hours": 24})],
               [vib_report(f"HR-T{i:02d}", 100 + i, hss_peak=peak, hours=240 if i % 3 == 0 else 24)], say=prev or None)
    s.call(20, [("crane_availability", {"site": "HR", "from_date": "2026-11-24"})], [wt_crane("HR", "2026-11-24T08:00:00Z")],
           say="HR-T10 normal. Only HR-T06 needs intervention; checking cranes.")
    s.call(25, [("create_work_order", {"turbine_id": "HR-T06", "component": "SKF 6330 C3 HSS bearing",
                                       "crane_window": "2026-11-21T06:00/2026-11-21T16:00", "crew": "C-3"})],
           [js({"wo": "WO-55302", "status": "created"})])
    return s


# ============================================================================================
# validation, writing, checking
# ============================================================================================

def _check_tools_declared(req, names, where):
    declared = set()
    for t in req.get("tools", []):
        declared.add(t["function"]["name"] if "function" in t else t["name"])
    for n in names:
        if n not in declared:
            raise ValueError(f"{where}: tool {n} called but not declared")


def validate_request(shape, req, where):
    if not isinstance(req.get("model"), str) or not req["model"]:
        raise ValueError(f"{where}: model missing")
    called = []
    if shape == "chat":
        msgs = req.get("messages")
        if not isinstance(msgs, list) or not msgs:
            raise ValueError(f"{where}: messages missing")
        pending = set()
        for i, m in enumerate(msgs):
            role = m.get("role")
            if role not in ("system", "user", "assistant", "tool"):
                raise ValueError(f"{where}: bad role {role}")
            if role == "tool":
                if m.get("tool_call_id") not in pending:
                    raise ValueError(f"{where}: tool message {i} answers no pending call")
                pending.discard(m["tool_call_id"])
                if not isinstance(m.get("content"), str):
                    raise ValueError(f"{where}: tool content")
                continue
            if pending:
                raise ValueError(f"{where}: unanswered tool calls before message {i}")
            if role == "assistant":
                for tc in m.get("tool_calls", []):
                    if tc.get("type") != "function":
                        raise ValueError(f"{where}: tool call type")
                    json.loads(tc["function"]["arguments"])
                    pending.add(tc["id"])
                    called.append(tc["function"]["name"])
                if m.get("content") is None and not m.get("tool_calls"):
                    raise ValueError(f"{where}: empty assistant")
            elif not isinstance(m.get("content"), str) or not m["content"]:
                raise ValueError(f"{where}: empty {role} content")
            if role == "system" and i != 0:
                raise ValueError(f"{where}: system not first")
        if pending or msgs[-1]["role"] not in ("user", "tool"):
            raise ValueError(f"{where}: request does not end with user/tool input")
    elif shape == "responses":
        if "previous_response_id" in req or not isinstance(req.get("max_output_tokens"), int):
            raise ValueError(f"{where}: responses fields")
        items = req.get("input")
        if not isinstance(items, list) or not items:
            raise ValueError(f"{where}: input missing")
        calls, answered = set(), set()
        for it in items:
            ty = it.get("type", "message")
            if ty == "message":
                if it.get("role") not in ("user", "assistant", "system", "developer"):
                    raise ValueError(f"{where}: role")
                for c in it["content"]:
                    want = "output_text" if it["role"] == "assistant" else "input_text"
                    if c.get("type") != want or not c.get("text"):
                        raise ValueError(f"{where}: content part")
            elif ty == "function_call":
                if it["call_id"] in calls:
                    raise ValueError(f"{where}: duplicate call_id")
                json.loads(it["arguments"])
                calls.add(it["call_id"])
                called.append(it["name"])
            elif ty == "function_call_output":
                if it["call_id"] not in calls or it["call_id"] in answered:
                    raise ValueError(f"{where}: output without call")
                answered.add(it["call_id"])
            else:
                raise ValueError(f"{where}: item type {ty}")
        if calls != answered:
            raise ValueError(f"{where}: unanswered function_call")
        last = items[-1]
        if not (last.get("type") == "function_call_output" or last.get("role") == "user"):
            raise ValueError(f"{where}: does not end with input")
    else:
        if not isinstance(req.get("max_tokens"), int):
            raise ValueError(f"{where}: max_tokens")
        msgs = req.get("messages")
        if not msgs or msgs[0]["role"] != "user" or msgs[-1]["role"] != "user":
            raise ValueError(f"{where}: must start and end with user")
        prev_uses = set()
        for i, m in enumerate(msgs):
            if m["role"] != ("user" if i % 2 == 0 else "assistant"):
                raise ValueError(f"{where}: roles do not alternate at {i}")
            if not m["content"]:
                raise ValueError(f"{where}: empty content")
            if m["role"] == "assistant":
                uses = set()
                for b in m["content"]:
                    if b["type"] == "tool_use":
                        if not b["id"].startswith("toolu_") or not isinstance(b["input"], dict):
                            raise ValueError(f"{where}: tool_use shape")
                        uses.add(b["id"])
                        called.append(b["name"])
                    elif b["type"] != "text" or not b["text"]:
                        raise ValueError(f"{where}: assistant block")
                prev_uses = uses
            else:
                results = [b["tool_use_id"] for b in m["content"] if b["type"] == "tool_result"]
                if set(results) != prev_uses or len(results) != len(prev_uses):
                    raise ValueError(f"{where}: tool_result does not match previous tool_use at {i}")
                if results and m["content"][0]["type"] != "tool_result":
                    raise ValueError(f"{where}: tool_result must come first")
                for b in m["content"]:
                    if b["type"] == "text" and not b["text"]:
                        raise ValueError(f"{where}: empty text")
                prev_uses = set()
    _check_tools_declared(req, called, where)


def _history(shape, req):
    return req["input"] if shape == "responses" else req["messages"]


def validate_session(d, stateless):
    where = d["name"]
    for k in ("name", "style", "shape", "path", "headers", "expected", "turns"):
        if k not in d:
            raise ValueError(f"{where}: missing {k}")
    if d["path"] != PATHS[d["shape"]]:
        raise ValueError(f"{where}: path")
    turns = d["turns"]
    if not 8 <= len(turns) <= 30:
        raise ValueError(f"{where}: {len(turns)} turns")
    exp = d["expected"]
    if exp["outcome"] == "runaway":
        b, e = exp["loop_begins_turn"], exp["stop_by_turn"]
        if not (1 <= b <= e < len(turns)):
            raise ValueError(f"{where}: B/D out of range ({b}, {e}, {len(turns)} turns)")
    elif exp != {"outcome": "healthy"}:
        raise ValueError(f"{where}: expected")
    last_t = -1
    prev = None
    for n, t in enumerate(turns, 1):
        if t["at_seconds"] < last_t:
            raise ValueError(f"{where}: time goes back at turn {n}")
        last_t = t["at_seconds"]
        validate_request(d["shape"], t["request"], f"{where} turn {n}")
        h = _history(d["shape"], t["request"])
        if prev is not None and not stateless:
            if h[:len(prev)] != prev and d["shape"] != "anthropic":
                raise ValueError(f"{where}: turn {n} does not extend turn {n - 1}")
            if d["shape"] == "anthropic" and h[:len(prev) - 1] != prev[:-1]:
                raise ValueError(f"{where}: turn {n} does not extend turn {n - 1}")
            if len(h) <= len(prev):
                raise ValueError(f"{where}: turn {n} adds nothing")
        prev = h


def build():
    out = {}
    seen_ids = set()
    for fn in SESSIONS:
        s = fn()
        d = s.to_json()
        validate_session(d, s.stateless_turns is not None)
        sid = d["headers"]["x-session-id"]
        if sid in seen_ids:
            raise ValueError(f"duplicate session id {sid}")
        seen_ids.add(sid)
        out[os.path.join("heldout", d["name"] + ".json")] = json.dumps(d, indent=1, sort_keys=True) + "\n"
    return out


def main():
    files = build()
    if "--check" in sys.argv:
        bad = 0
        for rel, text in files.items():
            p = os.path.join(ROOT, rel)
            if not os.path.exists(p) or open(p, encoding="utf-8").read() != text:
                print("differs:", rel)
                bad += 1
        on_disk = {os.path.join("heldout", f) for f in os.listdir(os.path.join(ROOT, "heldout")) if f.endswith(".json")}
        for extra in sorted(on_disk - set(files)):
            print("extra file on disk:", extra)
            bad += 1
        if os.listdir(os.path.join(ROOT, "tuning")) != [".gitkeep"]:
            print("tuning/ must hold only .gitkeep")
            bad += 1
        for rel in sorted(on_disk):
            json.load(open(os.path.join(ROOT, rel), encoding="utf-8"))
        if bad:
            sys.exit(1)
        print(f"ok: {len(files)} sessions match and validate")
        return
    for sub in ("tuning", "heldout"):
        os.makedirs(os.path.join(ROOT, sub), exist_ok=True)
    open(os.path.join(ROOT, "tuning", ".gitkeep"), "w").close()
    for f in os.listdir(os.path.join(ROOT, "heldout")):
        if f.endswith(".json") and os.path.join("heldout", f) not in files:
            os.remove(os.path.join(ROOT, "heldout", f))
    for rel, text in files.items():
        with open(os.path.join(ROOT, rel), "w", encoding="utf-8") as fh:
            fh.write(text)
    stats = {}
    for fn in SESSIONS:
        pass
    print(f"wrote {len(files)} sessions to {os.path.normpath(ROOT)}")


if __name__ == "__main__":
    main()
