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
# court_docket_monitor
# ============================================================================================

CD_SYSTEM = (
    "You monitor federal and state court dockets for Harlow & Finch LLP's litigation team. Use "
    "fetch_docket to read dockets and send_alert to notify the responsible attorney of any new "
    "filing (cite docket entry number, date and title). Do not summarise sealed entries.")

CD_TOOLS = [
    ("fetch_docket", "Fetch the current docket sheet for a case.",
     {"court": ("string", "court code, e.g. nysd"), "case_no": ("string", "case number")}),
    ("send_alert", "Send an alert email to an attorney.",
     {"to": ("string", "attorney email"), "subject": ("string", "subject"), "body": ("string", "body")}),
]

CD_ENTRIES = [
    ("2026-09-02", "COMPLAINT against Brightline Logistics Inc. (Filing fee $405, receipt number ANYSDC-29911873) filed by Meridian Cold Storage LLC."),
    ("2026-09-03", "ELECTRONIC SUMMONS ISSUED as to Brightline Logistics Inc."),
    ("2026-09-18", "NOTICE OF APPEARANCE by Dana R. Whitcomb on behalf of Brightline Logistics Inc."),
    ("2026-10-06", "MOTION to Dismiss for Failure to State a Claim. Document filed by Brightline Logistics Inc."),
    ("2026-10-06", "MEMORANDUM OF LAW in Support re: 12 MOTION to Dismiss."),
    ("2026-10-20", "MEMORANDUM OF LAW in Opposition re: 12 MOTION to Dismiss, filed by Meridian Cold Storage LLC."),
    ("2026-10-27", "REPLY MEMORANDUM OF LAW in Support re: 12 MOTION to Dismiss."),
    ("2026-11-30", "MINUTE ENTRY for proceedings held before Judge Alicia M. Serrano: Oral Argument held on 11/30/2026 re: 12 MOTION to Dismiss. Decision reserved."),
]
CD_NEW = [
    ("2026-12-07", "LETTER addressed to Judge Alicia M. Serrano from Dana R. Whitcomb dated 12/7/2026 re: supplemental authority (Kessler v. Orr, 2d Cir. Dec. 4, 2026)."),
    ("2026-12-07", "ORDER: Plaintiff shall respond to Defendant's letter at ECF 31 by 12/10/2026, not to exceed three pages. SO ORDERED. (Signed by Judge Alicia M. Serrano)"),
    ("2026-12-07", "SEALED DOCUMENT placed in vault."),
    ("2026-12-07", "NOTICE OF CHANGE OF ADDRESS by Dana R. Whitcomb on behalf of Brightline Logistics Inc. New address: 1290 Avenue of the Americas, 22nd Fl."),
]


def docket(stamp, n_new=0, court="nysd", case="1:26-cv-07114-AMS"):
    lines = [
        "U.S. District Court",
        "Southern District of New York (Foley Square)" if court == "nysd" else "District of New Jersey (Newark)",
        f"CIVIL DOCKET FOR CASE #: {case}",
        "",
        "Meridian Cold Storage LLC v. Brightline Logistics Inc.",
        "Assigned to: Judge Alicia M. Serrano",
        "Cause: 28:1332 Diversity-Breach of Contract",
        "Date Filed: 09/02/2026   Jury Demand: Plaintiff   Nature of Suit: 190 Contract: Other",
        "Jurisdiction: Diversity",
        "",
        "Plaintiff: Meridian Cold Storage LLC   represented by Owen T. Park, Harlow & Finch LLP (LEAD ATTORNEY)",
        "Defendant: Brightline Logistics Inc.   represented by Dana R. Whitcomb, Castellan Reyes LLP",
        "",
        "Date Filed | # | Docket Text",
    ]
    nos = [1, 4, 9, 12, 13, 19, 24, 29, 31, 32, 33, 34]
    for (d, text), no in zip(CD_ENTRIES + CD_NEW[:n_new], nos):
        lines.append(f"{d} | {no} | {text}")
    lines += ["", "PACER Service Center -- Transaction Receipt", f"{stamp}",
              "PACER Login: hfinch0291   Client Code: 22-0417-MER", "Description: Docket Report   Billable Pages: 3   Cost: 0.30"]
    return "\n".join(lines)


@session
def cd_runaway_static_poll():
    s = Session("court_docket_monitor_runaway_static_poll", "court_docket_monitor", "responses", CD_SYSTEM,
                "Judge Serrano said at argument she'd rule from the bench record 'shortly'. Watch 1:26-cv-07114 in "
                "SDNY and tell Owen the moment the decision on the motion to dismiss is entered.",
                CD_TOOLS, runaway(4, 12),
                "Polls every minute a docket that never changes (only the PACER receipt timestamp ticks) and "
                "resends the whole growing history each time.")
    for k in range(17):
        stamp = f"12/07/2026 {9 + (k + 3) // 60:02d}:{(k + 3) % 60:02d}:{(17 * k) % 60:02d}"
        say = None if k == 0 else ["No new entries since the 11/30 minute entry. Checking again.",
                                   "Still no decision entered. Checking again.",
                                   "No change; the last entry is still ECF 29. Polling again."][k % 3]
        s.call(60 if k else 4, [("fetch_docket", {"court": "nysd", "case_no": "1:26-cv-07114"})],
               [docket(stamp)], say=say)
    return s


@session
def cd_runaway_auth_retry():
    s = Session("court_docket_monitor_runaway_auth_retry", "court_docket_monitor", "chat", CD_SYSTEM,
                "Pull the current docket for D.N.J. 2:26-cv-11820 (Hollis v. Crane Freight) and alert Priya "
                "if anything was filed this week.", CD_TOOLS, runaway(3, 9),
                "The PACER account is disabled (401, permanent); the agent treats it as transient and retries "
                "with growing backoff forever.")
    delay = 5
    for k in range(14):
        err = js({"status": 401, "error": "Unauthorized",
                  "detail": "PACER login hfinch0291: account disabled (billing hold since 12/01/2026). Contact "
                            "the PACER Service Center; retrying will not succeed.",
                  "trace": f"pcr-{4821 + k * 13}-nj"})
        say = None if k == 0 else (
            "Got a 401 from PACER. That may be a transient session issue; retrying." if k == 1 else
            f"PACER still returns 401. Waiting {delay} s and retrying the fetch.")
        s.call(delay, [("fetch_docket", {"court": "njd", "case_no": "2:26-cv-11820"})], [(err, True)], say=say)
        delay = min(600, delay * 2 if k else 15)
    return s


@session
def cd_healthy_changing_poll():
    s = Session("court_docket_monitor_healthy_changing_poll", "court_docket_monitor", "anthropic", CD_SYSTEM,
                "Watch 1:26-cv-07114 (SDNY) today, poll every 20 minutes until 6pm, alert Owen (opark@harlowfinch.com) "
                "on each new filing. Stop at 6pm with a summary.", CD_TOOLS, HEALTHY,
                "Polls a mostly identical docket every 20 minutes; new entries appear on some polls and trigger "
                "distinct alerts, then the day ends with a summary.")
    plan = [0, 0, 1, "a1", 1, 2, "a2", 3, 3, 4, "a4", 4]
    n_seen = 0
    hh, mm = 9, 40
    for k, p in enumerate(plan):
        if isinstance(p, str):
            i = int(p[1]) - 1
            d, text = CD_NEW[i]
            subj = ["New filing ECF 31: Whitcomb letter re supplemental authority",
                    "ECF 32 ORDER: response to ECF 31 due 12/10, 3 pages max",
                    "", "ECF 34 notice of change of address (Whitcomb)"][i]
            s.call(5, [("send_alert", {"to": "opark@harlowfinch.com", "subject": subj,
                                       "body": f"{d} ECF {31 + i}: {text}"})],
                   [js({"sent": True, "message_id": f"<alert-{7001 + i}@dockets.harlowfinch.com>"})],
                   say=f"New entry ECF {31 + i}; alerting Owen." if i != 1 else
                   "ECF 32 sets a deadline (12/10). Alerting Owen. ECF 33 is sealed, so I only note its existence.")
            continue
        stamp = f"12/07/2026 {hh:02d}:{mm:02d}:{(7 * k) % 60:02d}"
        say = None if k == 0 else ("No new entries." if p == n_seen else None)
        s.call(1200 if k else 3, [("fetch_docket", {"court": "nysd", "case_no": "1:26-cv-07114"})],
               [docket(stamp, n_new=p)], say=say or ("Polling again." if k else None))
        n_seen = p
        mm += 20
        if mm >= 60:
            hh, mm = hh + 1, mm - 60
    s.reply(30, "It is 18:00. Summary for 1:26-cv-07114 today: ECF 31 (Whitcomb letter citing Kessler v. Orr), "
                "ECF 32 (order: our response due 12/10, max 3 pages), ECF 33 (sealed, not summarised), ECF 34 "
                "(defense counsel address change). No decision yet on the motion to dismiss (ECF 12). Stopping.",
            "Thanks. Same again tomorrow from 9:30.")
    return s


@session
def cd_healthy_backoff():
    s = Session("court_docket_monitor_healthy_backoff", "court_docket_monitor", "chat", CD_SYSTEM,
                "Morning sweep: check the three Meridian cases (SDNY 1:26-cv-07114, D.N.J. 2:26-cv-09981, "
                "SDNY 1:25-cv-10452) and send me a single digest at pkhan@harlowfinch.com.", CD_TOOLS, HEALTHY,
                "PACER rate-limits (429) and has a 503; retries with growing delays, each succeeds, then one digest.")
    s.call(3, [("fetch_docket", {"court": "nysd", "case_no": "1:26-cv-07114"})], [docket("12/07/2026 07:31:02", 1)])
    e429 = js({"status": 429, "error": "Too Many Requests", "retry_after": 30,
               "detail": "PACER: more than 5 docket reports in 60 s for this login."})
    s.call(10, [("fetch_docket", {"court": "njd", "case_no": "2:26-cv-09981"})], [(e429, True)],
           say="SDNY done (one new letter, ECF 31). Next the New Jersey case.")
    s.call(31, [("fetch_docket", {"court": "njd", "case_no": "2:26-cv-09981"})], [(js({"status": 503,
           "error": "Service Unavailable", "detail": "ecf.njd.uscourts.gov maintenance window ends 07:35 ET"}), True)],
           say="Rate limited; waited the 30 s Retry-After. Retrying.")
    s.call(120, [("fetch_docket", {"court": "njd", "case_no": "2:26-cv-09981"})], [
        "U.S. District Court\nDistrict of New Jersey (Newark)\nCIVIL DOCKET FOR CASE #: 2:26-cv-09981-KMW-AME\n\n"
        "Meridian Cold Storage LLC v. Port Newark Reefer Services\n...\n"
        "12/04/2026 | 41 | LETTER ORDER granting consent adjournment; settlement conference moved to 1/14/2027 at 10:00 "
        "AM before Magistrate Judge Anne M. Espinosa.\n12/05/2026 | 42 | NOTICE of Substitution of Counsel.\n\n"
        "PACER Service Center -- Transaction Receipt\n12/07/2026 07:36:41"],
        say="NJ ECF is in a maintenance window until 07:35. Waiting two minutes.")
    s.call(15, [("fetch_docket", {"court": "nysd", "case_no": "1:25-cv-10452"})], [(e429, True)],
           say="NJ: settlement conference moved to 1/14/2027 (ECF 41), substitution of counsel (ECF 42).")
    s.call(45, [("fetch_docket", {"court": "nysd", "case_no": "1:25-cv-10452"})], [
        "U.S. District Court\nSouthern District of New York (Foley Square)\nCIVIL DOCKET FOR CASE #: 1:25-cv-10452-JPO\n\n"
        "In re Meridian Cold Storage Data Incident Litigation\n...\n11/21/2026 | 118 | ORDER preliminarily approving "
        "class settlement. Fairness hearing set for 3/9/2027.\n(no entries after 11/21/2026)\n\n"
        "PACER Service Center -- Transaction Receipt\n12/07/2026 07:38:02"],
        say="Rate limited again; waiting 45 s.")
    s.call(8, [("send_alert", {"to": "pkhan@harlowfinch.com", "subject": "Meridian dockets, 12/7 morning digest",
                               "body": "1:26-cv-07114: ECF 31 Whitcomb letter (supplemental authority).\n"
                                       "2:26-cv-09981: ECF 41 settlement conf. moved to 1/14/2027; ECF 42 substitution.\n"
                                       "1:25-cv-10452: nothing since ECF 118 (11/21)."})],
           [js({"sent": True, "message_id": "<digest-3312@dockets.harlowfinch.com>"})],
           say="No new entries in the class action since preliminary approval. Sending the digest.")
    s.reply(20, "Digest sent to Priya: one new letter in 07114, the adjourned settlement conference in 09981, "
                "nothing new in the class action.", "Perfect. Can you also check whether the fairness hearing "
                "date in 10452 is on our firm calendar? Just tell me what you'd need.")
    s.reply(25, "I can't see the firm calendar with my tools. I'd need read access to the docketing calendar "
                "(or someone to confirm) that 3/9/2027 is entered for 1:25-cv-10452 with the objection deadline.",
            "Ok, I'll ask docketing. Done for today.")
    return s


# ============================================================================================
# commercial_insurance_quotes
# ============================================================================================

IQ_SYSTEM = (
    "You are a commercial lines quoting assistant for Cobalt Mutual's middle-market desk. Use "
    "get_loss_runs, rate_policy and check_uw_rules to prepare quotes. A quote may only be released "
    "when check_uw_rules returns no blocking rule; blocking rules need an underwriter referral.")
IQ_TOOLS = [
    ("get_loss_runs", "Five-year loss runs for an insured.", {"insured_id": ("string", "insured id")}),
    ("rate_policy", "Rate a commercial package policy.",
     {"insured_id": ("string", "insured"), "location": ("string", "location id"),
      "tiv": ("integer", "total insured value USD"), "deductible": ("integer", "AOP deductible USD")}),
    ("check_uw_rules", "Run underwriting rules on a rated quote.", {"quote_id": ("string", "quote id")}),
]

LOSS_RUNS = js({"insured": "INS-40417 Halvorsen Food Distribution LLC", "valued_as_of": "2026-11-30",
                "carrier_history": ["Cobalt Mutual 2024-2026", "Ridgeway Specialty 2021-2024"],
                "years": [
                    {"term": "2021-22", "earned_premium": 182400, "incurred": 41200, "claims": 3},
                    {"term": "2022-23", "earned_premium": 191100, "incurred": 266900, "claims": 2,
                     "large_loss": "ammonia leak, spoiled inventory, $231,500"},
                    {"term": "2023-24", "earned_premium": 204800, "incurred": 119300, "claims": 4},
                    {"term": "2024-25", "earned_premium": 219500, "incurred": 228700, "claims": 5,
                     "large_loss": "roof collapse under snow load, Bay 3, $176,000"},
                    {"term": "2025-26", "earned_premium": 231000, "incurred": 212600, "claims": 3}],
                "five_year_loss_ratio": 0.847, "open_claims": 2})


@session
def iq_runaway_rule_cycle():
    s = Session("commercial_insurance_quotes_runaway_rule_cycle", "commercial_insurance_quotes", "anthropic",
                IQ_SYSTEM, "Renewal for Halvorsen Food Distribution (INS-40417), Location 1 (Joliet cold storage, "
                "TIV $38.2M). Get me a releasable quote today.", IQ_TOOLS, runaway(7, 13),
                "Period-3 cycle loss runs -> rate -> UW rule; the quote id and timestamp tick each round but the "
                "loss-ratio rule blocks every time, which no deductible change can fix.", max_tokens=1500)
    deds = [25000, 50000, 100000, 50000, 250000, 100000, 50000]
    for k in range(6):
        s.call(20, [("get_loss_runs", {"insured_id": "INS-40417"})], [LOSS_RUNS],
               say=None if k == 0 else "Re-reading the loss runs to see what drives the rule.")
        q = f"Q-26-{118840 + k * 3}"
        prem = 268400 - k * 4100 if deds[k] <= 50000 else 251900 - k * 900
        s.call(15, [("rate_policy", {"insured_id": "INS-40417", "location": "L1", "tiv": 38200000,
                                     "deductible": deds[k]})],
               [js({"quote_id": q, "rated_at": f"2026-12-07T10:{12 + k * 2:02d}:{(k * 19) % 60:02d}Z",
                    "premium": prem, "rate_per_100": round(prem / 382000, 4), "deductible": deds[k]})],
               say=f"Rating with a ${deds[k]:,} AOP deductible.")
        if len(s.snapshots) >= 19:
            break
        s.call(10, [("check_uw_rules", {"quote_id": q})],
               [(js({"quote_id": q, "blocking": [{"rule": "UW-114", "text": "Five-year loss ratio 84.7% exceeds "
                    "65% authority limit for desk release; refer to underwriting (deductible does not affect this rule)."}],
                     "warnings": [{"rule": "UW-031", "text": "Ammonia refrigeration: confirm PSM program."}]}), True)],
               say="Checking underwriting rules.")
        if len(s.snapshots) >= 19:
            break
    return s


@session
def iq_runaway_clarify():
    s = Session("commercial_insurance_quotes_runaway_clarify", "commercial_insurance_quotes", "responses",
                "You help brokers complete commercial property submissions for Cobalt Mutual. Ask for any "
                "missing rating field before producing an indication.",
                "Need a property indication for Pell & Sons Millwork, 4410 W Ogden Ave, Cicero IL. Building "
                "$6.4M, BPP $2.1M, sprinklered, built 1962, brick walls, steel joists with metal deck roof.",
                None, runaway(3, 8),
                "The assistant keeps asking for the ISO construction class; the broker keeps repeating the same "
                "description (which implies class 2/3). Neither side moves.")
    asks = [
        "Thanks. To rate this I need the ISO construction class (1 Frame through 6 Fire Resistive). Which class is the building?",
        "I understand it's brick with a metal deck, but I need the ISO construction class code itself (1-6). Could you confirm it?",
        "Could you provide the ISO construction class number? The materials you listed don't give me the code directly.",
        "To proceed I still need the construction class as an ISO code between 1 and 6. What is it?",
        "I can't produce the indication without the ISO construction class. Please confirm the class (1-6).",
        "Just to confirm: what is the ISO construction class of 4410 W Ogden Ave?",
        "I need the ISO construction class (1-6) before I can rate. Which one applies?",
        "Please give me the construction class code so I can complete the indication.",
        "Before I can continue: what ISO construction class is the building?",
        "I still need the ISO construction class code (1 to 6) to rate this location.",
        "Could you tell me the ISO construction class?",
    ]
    answers = [
        "Brick walls, steel joists, metal deck. Sprinklered. That's what the inspection report says.",
        "Like I said: brick walls, steel joists, metal deck roof. I don't have anything else.",
        "Brick bearing walls, steel joists, metal deck. It's on the inspection report.",
        "Brick walls, steel joists, metal deck, sprinklered 1962 building.",
        "I told you, brick with steel joists and a metal deck.",
        "Brick walls, steel joists, metal deck roof.",
        "brick walls, steel joists, metal deck",
        "Brick, steel joists, metal deck. Same as before.",
        "Brick walls, steel joists, metal deck roof. Can you just rate it?",
        "Brick walls / steel joists / metal deck.",
        "brick, steel joists, metal deck!!",
    ]
    dts = [40, 95, 70, 120, 60, 85, 50, 140, 65, 90, 75]
    for a, u, dt in zip(asks, answers, dts):
        s.reply(dt, a, u)
    return s


POLICY_SECTIONS = [
    ("SECTION I - PROPERTY COVERAGES", [
        "A. Coverage. We will pay for direct physical loss of or damage to Covered Property at the premises described in the Declarations caused by or resulting from any Covered Cause of Loss.",
        "1. Covered Property includes Buildings, meaning the buildings and structures at the premises described in the Declarations, including completed additions, fixtures, permanently installed machinery and equipment, and outdoor fixtures.",
        "2. Business Personal Property located in or on the buildings at the described premises or in the open (or in a vehicle) within 100 feet of the described premises, including property you own that is used in your business and tenant's improvements and betterments.",
        "3. Property Not Covered: accounts, bills, currency, deeds, food stamps or other evidences of debt, money, notes or securities; land; water; outdoor trees, shrubs and plants except as provided in Coverage Extensions; watercraft while afloat; vehicles held for sale.",
    ]),
    ("B. EXCLUSIONS", [
        "1. Ordinance or Law. The enforcement of or compliance with any ordinance or law regulating the construction, use or repair of any building or structure, except as provided in Additional Coverage - Ordinance or Law (Form CM-OL 04 22).",
        "2. Earth Movement, including earthquake, landslide, mine subsidence and earth sinking, rising or shifting; but if Earth Movement results in fire or explosion, we will pay for the loss or damage caused by that fire or explosion.",
        "3. Utility Services. The failure of power, communication, water or other utility service supplied to the described premises, however caused, if the failure originates away from the described premises. This exclusion does not apply to Spoilage Coverage when the Spoilage endorsement CM-SP 11 19 is attached.",
        "4. Mechanical breakdown, including rupture or bursting caused by centrifugal force; however, if mechanical breakdown results in elevator collision or a Specified Cause of Loss, we will pay for the resulting loss or damage.",
        "5. Release of refrigerant, including ammonia, from refrigeration systems, unless the release results from a Specified Cause of Loss or from Breakdown of Refrigeration Equipment as defined in endorsement CM-SP 11 19.",
    ]),
    ("C. LIMITS OF INSURANCE AND DEDUCTIBLES", [
        "1. The most we will pay for loss or damage in any one occurrence is the applicable Limit of Insurance shown in the Declarations. The most we will pay for loss or damage to outdoor signs attached to buildings is $25,000 per sign in any one occurrence.",
        "2. Deductible. We will not pay for loss or damage in any one occurrence until the amount of loss or damage exceeds the Deductible shown in the Declarations ($50,000 All Other Perils; Windstorm or Hail 2% of the Building limit at the affected location, minimum $100,000).",
        "3. Spoilage sublimit: $1,500,000 per occurrence, subject to a 24-hour waiting period and a $25,000 deductible. Loss to perishable stock is valued at the selling price less discounts and unincurred expenses.",
    ]),
    ("D. LOSS CONDITIONS", [
        "1. Duties in the Event of Loss: give us prompt notice including a description of the property involved; as soon as possible give us a description of how, when and where the loss occurred; take all reasonable steps to protect the Covered Property from further damage; permit us to inspect the property and records.",
        "2. Appraisal. If we and you disagree on the value of the property or the amount of loss, either may make written demand for an appraisal. Each party will select a competent and impartial appraiser within 20 days.",
        "3. Valuation: Replacement Cost for Buildings without deduction for depreciation, provided repair or replacement is completed within 24 months of the loss; Actual Cash Value until repair or replacement is completed.",
        "4. Coinsurance: 90%. If the value of Covered Property at the time of loss times 90% exceeds the Limit of Insurance, we will pay only the proportion that the Limit bears to that product.",
    ]),
    ("E. ADDITIONAL CONDITIONS AND PROTECTIVE SAFEGUARDS", [
        "1. Protective Safeguard P-1: automatic sprinkler system, including related supervisory services, maintained in complete working order. You must notify us of any impairment lasting more than 10 consecutive days.",
        "2. Protective Safeguard P-9: ammonia detection system with automatic shutdown of compressors at 50 ppm, tested quarterly, test records retained 3 years.",
        "3. Vacancy: if the building where loss occurs has been vacant for more than 60 consecutive days, we will not pay for vandalism, sprinkler leakage, glass breakage, water damage, theft or attempted theft, and will reduce other payments by 15%.",
        "4. Mortgageholders: the term mortgageholder includes trustee. We will pay for covered loss to buildings to each mortgageholder shown in the Declarations in their order of precedence.",
    ]),
]


def policy_doc(repeat=3):
    out = ["COBALT MUTUAL INSURANCE COMPANY - COMMERCIAL PROPERTY COVERAGE FORM CM-PR 00 10 (04/22)",
           "Named Insured: Halvorsen Food Distribution LLC   Policy CMP-7741093-04   Term 01/01/2027-01/01/2028", ""]
    for r in range(repeat):
        loc = ["Location 1: 2200 Channahon Rd, Joliet IL (cold storage, 412,000 sq ft)",
               "Location 2: 900 Enterprise Dr, Plainfield IN (dry warehouse, 180,000 sq ft)",
               "Location 3: 55 Dock St, Milwaukee WI (cross-dock, 64,000 sq ft)"][r]
        out.append(f"SCHEDULE OF LOCATIONS - {loc}")
        for title, paras in POLICY_SECTIONS:
            out.append(title)
            out += paras
        out.append("")
    return "\n".join(out)


@session
def iq_healthy_stateless_doc():
    doc = policy_doc()
    qs = ["What is the AOP deductible and how is the windstorm deductible calculated?",
          "Is an ammonia leak from a failed compressor covered?",
          "What coinsurance percentage applies and what happens if they're underinsured?",
          "How long do they have to rebuild to get replacement cost?",
          "What's the spoilage sublimit and waiting period?",
          "What are the protective safeguards they must maintain?",
          "If Plainfield sits empty for 3 months and gets vandalised, what happens?",
          "Does a city-wide power outage that spoils inventory trigger coverage?",
          "Who gets paid first if there's a mortgage on Joliet?",
          "Are outdoor signs covered and up to what amount?",
          "What does the insured have to do right after a loss?"]
    s = Session("commercial_insurance_quotes_healthy_stateless_doc", "commercial_insurance_quotes", "chat",
                "You answer questions about the attached policy form. Quote the relevant clause.", "", None, HEALTHY,
                "A stateless client resends the same ~30 KB policy form with a different question every turn.",
                model="gpt-4.1-mini", max_tokens=600)
    s.stateless([(0 if i == 0 else 25 + (i * 13) % 40, f"<policy>\n{doc}\n</policy>\n\nQuestion: {q}")
                 for i, q in enumerate(qs)])
    return s


@session
def iq_healthy_template_locations():
    s = Session("commercial_insurance_quotes_healthy_template_locations", "commercial_insurance_quotes", "responses",
                IQ_SYSTEM, "Halvorsen renewal, all six locations. Rate each at a $50k deductible and give me the "
                "standard location summary, one location at a time so I can check as we go.", IQ_TOOLS, HEALTHY,
                "Each location gets the same summary template with different TIV, premium and flags; the broker says "
                "'next' between them.")
    locs = [("L1", "Joliet IL cold storage", 38200000, 0.0702, "UW-114 referral (loss ratio); UW-031 ammonia PSM"),
            ("L2", "Plainfield IN dry warehouse", 14600000, 0.0388, "none"),
            ("L3", "Milwaukee WI cross-dock", 5900000, 0.0451, "UW-207 wood-frame dock canopy"),
            ("L4", "Rockford IL fleet garage", 3100000, 0.0613, "UW-088 vehicle fuelling on premises"),
            ("L5", "Gary IN freezer annex", 11800000, 0.0834, "UW-031 ammonia PSM; UW-150 flood zone AE"),
            ("L6", "Naperville IL office", 2250000, 0.0294, "none")]
    for i, (lid, name, tiv, rate, flags) in enumerate(locs):
        q = f"Q-26-{119200 + i}"
        prem = int(tiv * rate / 100)
        s.call(30 if i else 10, [("rate_policy", {"insured_id": "INS-40417", "location": lid, "tiv": tiv, "deductible": 50000})],
               [js({"quote_id": q, "premium": prem, "rate_per_100": rate, "deductible": 50000, "location": lid})])
        s.reply(20, f"**{lid} - {name}**\n- TIV: ${tiv:,}\n- Rate per $100: {rate}\n- Premium: ${prem:,}\n"
                    f"- Deductible: $50,000 AOP\n- UW flags: {flags}\n- Quote: {q}",
                ["next", "ok next one", "fine, next", "next please", "next", "good, that's all of them - total?"][i])
    s.reply(30, "Total annual premium across L1-L6: $" + f"{sum(int(t * r / 100) for _, _, t, r, _ in locs):,}" +
            ". L1 needs an underwriter referral before release; L3, L4, L5 carry warnings for the file.",
            "Thanks, send L1 to referral.")
    return s


# ============================================================================================
# label_qa_batch
# ============================================================================================

LQ_GUIDE = """You are a QA reviewer for the Paloma Vision labelling programme (project PV-STREET-v3: urban street scenes, 2D boxes).
Review one task at a time: call next_task, open it with view_annotation, then submit_review with verdict
accept / reject / fix and a list of findings, each with a guideline rule id.

GUIDELINES (v3.4, 2026-10-01)
R1  Classes: car, van, truck, bus, motorcycle, bicycle, pedestrian, rider, traffic_light, traffic_sign. Anything else is ignored.
R2  Box tightness: each edge within 2 px of the visible extent. Do not include shadows or reflections.
R3  Occlusion: box the VISIBLE part only; set occluded=true if 30-90% hidden; skip objects more than 90% hidden.
R4  Truncation: objects cut by the image border get truncated=true; the box ends at the border (x=0, y=0, x=1919, y=1079).
R5  Minimum size: skip objects whose box would be smaller than 12 x 12 px.
R6  Riders: a person on a bicycle or motorcycle is 'rider', with a separate box for the vehicle.
R7  Groups: never box a crowd as one pedestrian; box each person with at least 50% of the body visible.
R8  Traffic lights: box the housing, not the pole; state attribute red/amber/green/off/unknown.
R9  Reflections and images (posters, screens, mirrors) are not objects.
R10 Parked vs moving is not labelled.
Verdicts: accept = no findings or only R10-type nits; fix = 1-3 correctable findings; reject = >3 findings or a wrong class on a salient object.
Write findings as 'R<n>: <object id>: <what is wrong>'. Keep the summary to one line.
""" * 3

LQ_TOOLS = [
    ("next_task", "Get the next task from the QA queue.", {"queue": ("string", "queue name")}),
    ("view_annotation", "Show the annotation (objects, boxes, attributes) of a task, optionally one frame.",
     {"task_id": ("string", "task id"), "frame": ("integer", "frame index, 0 for single images")}),
    ("submit_review", "Submit a QA verdict.", {"task_id": ("string", "task"), "verdict": ("string", "accept|reject|fix"),
                                             "findings": ("string", "newline-separated findings")}),
]


def lq_annotation(task, seed, trunc_ids=(), extra=None):
    rng = random.Random(seed)
    classes = ["car", "car", "pedestrian", "van", "bicycle", "rider", "traffic_light", "traffic_sign", "bus", "truck"]
    objs = []
    for i in range(rng.randint(6, 14)):
        c = rng.choice(classes)
        x = rng.randint(0, 1700)
        y = rng.randint(300, 900)
        w, h = rng.randint(20, 260), rng.randint(20, 200)
        o = {"id": f"o{i + 1}", "class": c, "box": [x, y, min(1919, x + w), min(1079, y + h)],
             "occluded": rng.random() < 0.2, "truncated": False}
        if f"o{i + 1}" in trunc_ids:
            o["box"][0] = 0
            o["truncated"] = False
        if c == "traffic_light":
            o["state"] = rng.choice(["red", "green", "amber"])
        objs.append(o)
    d = {"task_id": task, "image": f"s3://pv-street-v3/raw/{task.lower()}.jpg", "size": [1920, 1080],
         "annotator": f"ann-{rng.randint(100, 999)}", "objects": objs}
    if extra:
        d.update(extra)
    return js(d)


@session
def lq_runaway_locked_task():
    s = Session("label_qa_batch_runaway_locked_task", "label_qa_batch", "chat", LQ_GUIDE,
                "Work through queue qa-pv3-night.", LQ_TOOLS, runaway(6, 11),
                "submit_review fails with the same 409 lock on the same task; the agent re-opens the task and "
                "resubmits the identical review again and again (exact repetition).")
    s.call(3, [("next_task", {"queue": "qa-pv3-night"})], [js({"task_id": "PV3-220418", "remaining": 312})])
    s.call(4, [("view_annotation", {"task_id": "PV3-220418", "frame": 0})],
           [lq_annotation("PV3-220418", 5, trunc_ids=("o2",))])
    review = {"task_id": "PV3-220418", "verdict": "fix", "findings": "R4: o2: box touches x=0 but truncated=false"}
    lock = js({"error": 409, "message": "Task PV3-220418 is locked by reviewer qa-rev-17 (lock acquired 2026-12-07T02:11Z, "
                                        "expires never: task escalated)."})
    s.call(12, [("submit_review", review)], [(lock, True)],
           say="o2 is cut by the left border but not marked truncated (R4). Everything else is fine: fix.")
    for k in range(7):
        s.call(5, [("view_annotation", {"task_id": "PV3-220418", "frame": 0})],
               [lq_annotation("PV3-220418", 5, trunc_ids=("o2",))], say="The submit failed. Re-opening the task.")
        s.call(8, [("submit_review", review)], [(lock, True)],
               say="o2 is cut by the left border but not marked truncated (R4). Everything else is fine: fix.")
    return s


@session
def lq_runaway_requeued_duplicates():
    s = Session("label_qa_batch_runaway_requeued_duplicates", "label_qa_batch", "anthropic", LQ_GUIDE,
                "Review queue qa-pv3-day until it is empty.", LQ_TOOLS, runaway(9, 15),
                "After the first real tasks, the queue keeps serving the same image and annotation under new task "
                "ids (a re-queue bug); every review is accepted but 'remaining' never drops.", max_tokens=1200)
    s.call(3, [("next_task", {"queue": "qa-pv3-day"})], [js({"task_id": "PV3-230001", "remaining": 88})])
    s.call(4, [("view_annotation", {"task_id": "PV3-230001", "frame": 0})], [lq_annotation("PV3-230001", 31)])
    s.call(9, [("submit_review", {"task_id": "PV3-230001", "verdict": "accept", "findings": ""})],
           [js({"ok": True})], say="Boxes tight, classes correct. Accept.")
    for k in range(8):
        tid = f"PV3-2301{17 + k * 3}"
        s.call(3, [("next_task", {"queue": "qa-pv3-day"})], [js({"task_id": tid, "remaining": 87})],
               say=None if k == 0 else "Submitted. Next task.")
        s.call(4, [("view_annotation", {"task_id": tid, "frame": 0})],
               [lq_annotation(tid, 77).replace(tid.lower(), "pv3-230114")])
        if len(s.snapshots) >= 20:
            break
        s.call(9, [("submit_review", {"task_id": tid, "verdict": "fix",
                                      "findings": "R7: o4: two pedestrians boxed as one\nR8: o9: box includes the pole"})],
               [js({"ok": True})], say="o4 covers two people (R7) and o9 includes the pole (R8). Fix.")
        if len(s.snapshots) >= 20:
            break
    return s


@session
def lq_healthy_recurring_finding():
    s = Session("label_qa_batch_healthy_recurring_finding", "label_qa_batch", "responses", LQ_GUIDE,
                "Review queue qa-pv3-border (12 tasks, mostly left-camera frames).", LQ_TOOLS, HEALTHY,
                "Long shared guideline, short varying tasks; the same R4 truncation finding recurs on several "
                "different tasks, which is normal for a left-camera batch.")
    for k in range(6):
        tid = f"PV3-2405{10 + k * 2}"
        s.call(3, [("next_task", {"queue": "qa-pv3-border"})], [js({"task_id": tid, "remaining": 12 - k})],
               say=None if k == 0 else "Submitted.")
        has = k in (0, 1, 3, 4)
        tr = (f"o{2 + k}",) if has else ()
        s.call(4, [("view_annotation", {"task_id": tid, "frame": 0})], [lq_annotation(tid, 400 + k, trunc_ids=tr)])
        f = f"R4: o{2 + k}: box touches x=0 but truncated=false" if has else ""
        s.call(10, [("submit_review", {"task_id": tid, "verdict": "fix" if has else "accept", "findings": f})],
               [js({"ok": True, "task_id": tid})],
               say=(f"{tid}: o{2 + k} is cut by the left edge without truncated=true (R4). Fix." if has
                    else f"{tid}: all boxes tight, no truncation issues. Accept."))
    return s


@session
def lq_healthy_revisit_frames():
    s = Session("label_qa_batch_healthy_revisit_frames", "label_qa_batch", "chat", LQ_GUIDE,
                "Task PV3-V-0092 is a 4-frame sequence where the annotator disputes our earlier reject. Check the "
                "tracking of the cyclist across frames and decide.", LQ_TOOLS, HEALTHY,
                "Legitimately revisits the same frames (0 -> 1 -> 0 -> 2 -> 3 -> 1) to compare the cyclist, "
                "then decides.")
    frames = [0, 1, 0, 2, 3, 1, 2]
    says = [None, "Frame 0: o3 is 'rider' with bicycle o4. Checking frame 1.",
            "Frame 1 shows o3 as 'pedestrian'. Going back to frame 0 to compare the pose.",
            "In frame 0 the person's feet are on the pedals, so 'rider' is right there. Frame 2 next.",
            "Frame 2: o3 is dismounting. Frame 3.",
            "Frame 3: o3 walks beside the bike, so 'pedestrian' is correct there. Back to frame 1 for the transition.",
            "Frame 1: one foot down, still holding the bar; re-checking frame 2 for the exact switch."]
    for f, say in zip(frames, says):
        s.call(6, [("view_annotation", {"task_id": "PV3-V-0092", "frame": f})],
               [lq_annotation("PV3-V-0092", 900 + f, extra={"frame": f, "track": {"o3": ["rider", "pedestrian", "pedestrian", "pedestrian"][f]}})],
               say=say)
    s.call(15, [("submit_review", {"task_id": "PV3-V-0092", "verdict": "fix",
                                   "findings": "R6: o3: frame 1 should still be rider (foot on pedal, hands on bar)"})],
           [js({"ok": True})], say="The switch to pedestrian belongs at frame 2, not 1. Fix, not reject.")
    s.reply(20, "Submitted a fix: o3 in frame 1 should be 'rider'; frames 2-3 'pedestrian' are correct. The annotator "
                "was mostly right, so I downgraded our earlier reject.", "Good call. Leave a note for ann-412?")
    s.reply(20, "Note for ann-412: the class switch from rider to pedestrian happens when both feet are on the "
                "ground and the person has left the saddle (frame 2 here), per R6.", "Thanks, done.")
    return s


# ============================================================================================
# graphql_schema_migration
# ============================================================================================

GQ_SYSTEM = ("You are a coding agent in the repo acme/storefront-api (Node 20, Apollo Server 4, graphql-codegen, "
             "Jest). Task: migrate the Order schema from `customerId: ID!` to `customer: Customer!`. Use the tools; "
             "run codegen and tests after each change.")
GQ_TOOLS = [
    ("read_file", "Read a file (optionally a line range).", {"path": ("string", "path"), "start": ("integer", "first line")}),
    ("edit_file", "Replace text in a file.", {"path": ("string", "path"), "old": ("string", "old text"), "new": ("string", "new text")}),
    ("run_codegen", "Run `npm run codegen`.", {"args": ("string", "extra args")}),
    ("run_tests", "Run `npx jest` with an optional pattern.", {"pattern": ("string", "test path pattern")}),
]

GQ_SCHEMA = """type Customer {
  id: ID!
  email: String!
  name: String
  orders(first: Int = 20, after: String): OrderConnection!
}

type Order {
  id: ID!
  number: String!
  customer: Customer!
  total: Money!
  lineItems: [LineItem!]!
  createdAt: DateTime!
}
"""


def jest_log(seed, failing, n_suites=38, passed_extra=0):
    rng = random.Random(seed)
    suites = ["cart", "checkout", "customer", "order", "orders.list", "orders.detail", "pricing", "tax", "shipping",
              "inventory", "promotions", "auth", "session", "webhooks", "search", "catalog", "reviews", "returns"]
    out = [f"> storefront-api@3.14.0 test", "> jest --runInBand", ""]
    order = list(range(n_suites))
    rng.shuffle(order)
    for i in order:
        name = f"src/{suites[i % len(suites)]}/__tests__/{suites[i % len(suites)]}.{['resolver', 'service', 'schema'][i % 3]}.test.ts"
        if failing and i == 7:
            out.append(f"FAIL {name} ({rng.randint(800, 2600) / 1000:.3f} s)")
            out.append(failing)
        else:
            out.append(f"PASS {name} ({rng.randint(90, 1900) / 1000:.3f} s)")
            for t in range(rng.randint(3, 9)):
                out.append(f"  \u2713 {['returns', 'resolves', 'rejects', 'paginates', 'maps'][t % 5]} "
                           f"{['line items', 'totals', 'customer', 'cursor', 'errors', 'currency'][(t + i) % 6]} "
                           f"case {t + 1} ({rng.randint(2, 80)} ms)")
        if rng.random() < 0.3:
            out.append(f"  console.warn\n    [apollo] deprecated field Order.legacyStatus queried by test client "
                       f"(op={rng.randint(1000, 9999)})\n      at Object.<anonymous> (src/plugins/deprecations.ts:41:13)")
    fails = 1 if failing else 0
    out += ["", f"Test Suites: {fails} failed, {n_suites - fails} passed, {n_suites} total",
            f"Tests:       {fails} failed, {211 + passed_extra - fails} passed, {211 + passed_extra} total",
            f"Time:        {rng.randint(31, 58)}.{rng.randint(100, 999)} s", "Ran all test suites."]
    return "\n".join(out)


NULL_ERR = """  \u25cf orders.detail resolver \u203a returns the customer of an order

    GraphQLError: Cannot return null for non-nullable field Order.customer.

      at completeValue (node_modules/graphql/execution/execute.js:594:13)
      at executeField (node_modules/graphql/execution/execute.js:489:19)
      at src/orders/__tests__/orders.detail.resolver.test.ts:58:24

    Expected: {"customer": {"email": "ada@example.com"}}
    Received: null"""


@session
def gq_runaway_alternating_codegen():
    s = Session("graphql_schema_migration_runaway_alternating_codegen", "graphql_schema_migration", "responses",
                GQ_SYSTEM, "Start the migration; schema is in src/schema/order.graphql.", GQ_TOOLS, runaway(6, 13),
                "Alternates between two edits of the resolver mapping (A, B) with codegen failing the same way after "
                "each: the mapper config, not the resolver, is the problem.", max_tokens=4000)
    s.call(4, [("read_file", {"path": "src/schema/order.graphql", "start": 1})], [GQ_SCHEMA.replace("customer: Customer!", "customerId: ID!")])
    s.call(10, [("edit_file", {"path": "src/schema/order.graphql", "old": "customerId: ID!", "new": "customer: Customer!"})],
           [js({"ok": True, "diff": "-  customerId: ID!\n+  customer: Customer!"})])
    cg_err = ("> graphql-codegen --config codegen.ts\n\n\u2714 Parse Configuration\n\u276f Generate outputs\n"
              "  \u2716 src/generated/resolvers-types.ts\n    Error: Unable to find field \"customerId\" on type \"Order\" "
              "referenced by mapper OrderModel#customerId in codegen.ts (config.mappers.Order)\n"
              "    at validateMappers (node_modules/@graphql-codegen/typescript-resolvers/cjs/index.js:212:19)\n"
              "npm ERR! code 1")
    edits = [("src/orders/resolvers.ts", "customerId: (o) => o.customerId,", "customer: (o, _, ctx) => ctx.loaders.customer.load(o.customerId),"),
             ("src/orders/resolvers.ts", "customer: (o, _, ctx) => ctx.loaders.customer.load(o.customerId),", "customer: (o, _, { dataSources }) => dataSources.customers.byId(o.customerId),")]
    says = ["Schema changed. Running codegen.", "Codegen fails on customerId. Updating the resolver to load the customer.",
            "Still the same error. Switching the resolver to the dataSources API instead.",
            "Same codegen error. Going back to the loader-based resolver, which is the cleaner approach.",
            "Codegen still complains about customerId. Trying the dataSources variant again."]
    s.call(20, [("run_codegen", {"args": ""})], [(cg_err, True)], say=says[0])
    for k in range(8):
        path, old, new = edits[k % 2]
        s.call(25, [("edit_file", {"path": path, "old": old if k else "customerId: (o) => o.customerId,", "new": new})],
               [js({"ok": True})], say=says[min(k + 1, len(says) - 1)] if k < 4 else says[3 + k % 2])
        s.call(20, [("run_codegen", {"args": ""})], [(cg_err, True)], say="Running codegen.")
    return s


@session
def gq_runaway_buried_error():
    s = Session("graphql_schema_migration_runaway_buried_error", "graphql_schema_migration", "anthropic", GQ_SYSTEM,
                "Schema and codegen are done, tests fail. Get the suite green.", GQ_TOOLS, runaway(4, 10),
                "Long Jest logs (different order, timings and warnings every run) hide the same single failure; "
                "the agent makes unrelated edits between runs.", max_tokens=4000)
    edits = [("src/orders/loaders.ts", "batch: false", "batch: true"),
             ("src/orders/resolvers.ts", "ctx.loaders.customer.load(o.customerId)", "ctx.loaders.customer.load(String(o.customerId))"),
             ("src/customer/service.ts", "where: { id }", "where: { id: Number(id) }"),
             ("src/orders/loaders.ts", "cacheKeyFn: (k) => k", "cacheKeyFn: (k) => String(k)"),
             ("jest.config.ts", "testTimeout: 10000", "testTimeout: 20000"),
             ("src/orders/__tests__/fixtures.ts", "customerId: 'c_1'", "customerId: 'c_01'"),
             ("src/orders/resolvers.ts", "String(o.customerId)", "`${o.customerId}`"),
             ("src/context.ts", "loaders: makeLoaders(db)", "loaders: makeLoaders(db, { cache: false })")]
    s.call(5, [("run_tests", {"pattern": ""})], [(jest_log(1, NULL_ERR), True)])
    for k, (p, o, n) in enumerate(edits):
        s.call(30, [("edit_file", {"path": p, "old": o, "new": n})], [js({"ok": True})],
               say=f"Order.customer resolves to null in one test. Trying a change in {p}.")
        s.call(50, [("run_tests", {"pattern": ""})], [(jest_log(10 + k, NULL_ERR), True)], say="Re-running the suite.")
    return s


@session
def gq_healthy_changing_failures():
    s = Session("graphql_schema_migration_healthy_changing_failures", "graphql_schema_migration", "chat", GQ_SYSTEM,
                "Schema is migrated and codegen passes. Make the tests green.", GQ_TOOLS, HEALTHY,
                "Each test run fails differently (null customer, N+1 assertion, snapshot, pagination cursor) after "
                "each real fix, then passes.")
    fails = [NULL_ERR,
             "  \u25cf orders.list resolver \u203a loads customers in one batch\n\n    expect(db.query).toHaveBeenCalledTimes(expected)\n\n    Expected: 2\n    Received: 21\n\n      at src/orders/__tests__/orders.list.resolver.test.ts:91:30",
             "  \u25cf order schema \u203a matches the published SDL\n\n    expect(received).toMatchSnapshot()\n\n    - customerId: ID!\n    + customer: Customer!\n\n    1 snapshot failed.",
             "  \u25cf customer.orders \u203a paginates with after cursor\n\n    TypeError: Cannot read properties of undefined (reading 'endCursor')\n\n      at src/customer/resolvers.ts:44:37",
             None]
    fixes = [("src/orders/resolvers.ts", "customer: (o) => o.customer", "customer: (o, _, ctx) => ctx.loaders.customer.load(o.customerId)",
              "Null customer: the resolver reads a field the model doesn't have. Using the loader."),
             ("src/context.ts", "loaders: {}", "loaders: makeLoaders(db)",
              "Now 21 queries instead of 2: the loader is not registered per request, so there is no batching."),
             ("src/orders/__tests__/__snapshots__/schema.test.ts.snap", "customerId: ID!", "customer: Customer!",
              "Only the SDL snapshot is stale, and the change is the intended one. Updating the snapshot."),
             ("src/customer/resolvers.ts", "return { edges }", "return { edges, pageInfo: { endCursor: edges.at(-1)?.cursor ?? null, hasNextPage } }",
              "Customer.orders connection lacks pageInfo. Adding it.")]
    for k, f in enumerate(fails):
        s.call(45, [("run_tests", {"pattern": ""})], [(jest_log(100 + k, f, passed_extra=k), f is not None)],
               say=None if k == 0 else "Re-running the suite.")
        if k < len(fixes):
            p, o, n, say = fixes[k]
            s.call(30, [("edit_file", {"path": p, "old": o, "new": n})], [js({"ok": True})], say=say)
    s.reply(10, "All 38 suites pass (215 tests). Changes: loader-based Order.customer resolver, per-request "
                "loaders in context, SDL snapshot updated, pageInfo on Customer.orders.",
            "Nice. Open the PR with that summary.")
    return s


@session
def gq_healthy_paged_read_refine():
    s = Session("graphql_schema_migration_healthy_paged_read_refine", "graphql_schema_migration", "anthropic",
                GQ_SYSTEM, "Before editing, read src/generated/resolvers-types.ts (it's long) to see what references "
                "customerId, then make the smallest set of edits.", GQ_TOOLS, HEALTHY,
                "Pages through one long generated file with read_file (same tool, next offset), then small "
                "successive edits with codegen runs that pass.", max_tokens=3000)
    rng = random.Random(55)
    for page in range(6):
        start = 1 + page * 300
        lines = []
        for ln in range(start, start + 300):
            t = ["Order", "Customer", "LineItem", "Money", "Cart", "Shipment"][(ln // 40) % 6]
            f = ["id", "number", "total", "createdAt", "email", "sku", "quantity", "amount"][ln % 8]
            if ln == 1 + 2 * 300 + 17 or ln == 1 + 4 * 300 + 212:
                lines.append(f"{ln}:   customerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;")
            else:
                lines.append(f"{ln}:   {f}?: Resolver<ResolversTypes['{['ID', 'String', 'Money', 'DateTime'][ln % 4]}'], "
                             f"ParentType, ContextType>;  // {t}Resolvers")
        s.call(6, [("read_file", {"path": "src/generated/resolvers-types.ts", "start": start})], ["\n".join(lines)],
               say=None if page == 0 else f"Lines {start - 300}-{start - 1} read; continuing at {start}.")
    s.call(20, [("edit_file", {"path": "codegen.ts", "old": "Order: './models#OrderModel'", "new": "Order: './models#OrderModel', Customer: './models#CustomerModel'"})],
           [js({"ok": True})], say="Two generated references (lines 618 and 1413), both from the mapper. Editing codegen.ts.")
    s.call(35, [("run_codegen", {"args": ""})], ["\u2714 Parse Configuration\n\u2714 Generate outputs\n  \u2714 src/generated/resolvers-types.ts"])
    s.call(20, [("edit_file", {"path": "src/orders/resolvers.ts", "old": "customerId: (o) => o.customerId,",
                               "new": "customer: (o, _, ctx) => ctx.loaders.customer.load(o.customerId),"})],
           [js({"ok": True})], say="Codegen is clean. Now the resolver.")
    s.call(50, [("run_tests", {"pattern": "orders"})], [jest_log(7, None, n_suites=6)])
    return s


# ============================================================================================
# journaling_companion (tool-less)
# ============================================================================================

JC_SYSTEM = ("You are Ember, a gentle journaling companion. Help the user reflect on their entries: notice "
             "patterns, ask at most one question at a time, never diagnose, keep answers under 200 words "
             "unless asked to write at length.")

JC_ENTRY = ("Dec 3. Slept badly again, woke at 4:10 thinking about the Hartley presentation. Got to the office "
            "early, which helped, but then Marcus moved the review to Friday without asking and I spent an hour "
            "annoyed instead of working. Lunch with Jo was the best part, we laughed about the conference in Lisbon. "
            "Evening: ran 5k, first time in two weeks. Felt lighter after. Mum called, I let it ring. Feel guilty.")


@session
def jc_runaway_paraphrase():
    s = Session("journaling_companion_runaway_paraphrase", "journaling_companion", "responses", JC_SYSTEM,
                "Here's today's entry. Can you sum up in two sentences what this day was really about for me?\n\n" + JC_ENTRY,
                None, runaway(3, 8),
                "The user rejects the summary; the assistant re-words the same reading (work stress vs. small "
                "restorative moments) every time instead of asking what is missing or changing its reading.")
    versions = [
        "This day seems to have been about carrying work stress (the Hartley presentation, Marcus moving the review) "
        "while finding relief in small things: lunch with Jo and your run. The unanswered call from your mum left a thread of guilt.",
        "At its core, the day was a tug between work pressure, the presentation and the rescheduled review, and the "
        "moments that restored you, like laughing with Jo and running. Not picking up your mum's call left some guilt behind.",
        "It sounds like the day was mostly about work worries pulling at you, with lunch and the 5k giving you some "
        "breathing room. And there was guilt about letting your mum's call ring out.",
        "I'd say the day was shaped by stress from work, the Hartley presentation and Marcus's change, balanced by "
        "restorative moments with Jo and on your run, with a note of guilt about your mum.",
        "Put simply: work stress on one side, small moments of relief on the other (Jo, the run), and some guilt "
        "about not answering your mum.",
        "The day was a balance between pressure at work and the things that restored you, lunch with Jo and running, "
        "with lingering guilt over the missed call from your mum.",
        "Essentially it was a stressful work day, eased by time with Jo and a run, and shadowed a little by guilt "
        "about your mum's call.",
        "Your day seems to be about work anxiety, relief through connection and exercise, and guilt about your mum.",
        "To sum up: the presentation and the review weighed on you, Jo and the run lifted you, and the call you "
        "didn't take stayed with you.",
        "It was a day of work stress softened by Jo and your run, with guilt about your mum in the background.",
        "Work stress, small joys (Jo, the 5k), and guilt about your mum: that was the shape of the day.",
        "The day centred on pressure at work, moments of relief with Jo and on your run, and guilt over your mum's call.",
    ]
    replies = ["Hmm, no. That's what happened, not what it was about.",
               "Still just a list of what happened. That's not it.",
               "No. You keep describing the events.",
               "That's the same thing again.",
               "Not it. Try again.", "No.", "Same again. Not what I asked.", "No, still not it.",
               "You're saying the same thing.", "no", "This isn't working. Try again.", "again no"]
    for k, (v, r) in enumerate(zip(versions, replies)):
        s.reply(35 + (k * 17) % 50, v, r)
    return s


@session
def jc_runaway_continue_same():
    s = Session("journaling_companion_runaway_continue_same", "journaling_companion", "anthropic", JC_SYSTEM,
                "Write me a longer reflection, like a letter from future me a year from now, about this week. Go "
                "slowly, I'll say continue.\n\n" + JC_ENTRY, None, runaway(5, 9),
                "After two real parts, every 'continue' gets the same closing paragraph back, nearly verbatim.",
                max_tokens=1500)
    parts = [
        "Dear you, a year on,\n\nI remember that week in early December: the 4 a.m. wake-ups, the way the Hartley "
        "deck sat on your chest like a cat that wouldn't move. You thought the presentation was the point. It wasn't. "
        "The point was that you kept showing up early, kept doing the work, even while the plan kept shifting under you.",
        "You were angry at Marcus for moving the review, and you spent an hour on it. I want you to know that anger "
        "was information: you wanted to be asked. A few months later you said so, calmly, in a one-to-one, and he "
        "started asking. That conversation began in that wasted hour.",
    ]
    same = ("And the run. Five kilometres after two weeks off, the cold air, the lightness after. Keep that. When "
            "everything else felt like it was happening to you, that was the thing you chose. Call your mum back; "
            "she'll be glad, and so will you.\n\nWith love, from a year further down the road.")
    variants = [same, same, same.replace("Keep that.", "Hold on to that."), same, same,
                same.replace("Call your mum back; she'll be glad", "Call your mum; she'll be happy"), same, same, same]
    for k, p in enumerate(parts + variants):
        s.reply(40 + k * 3, p, "continue")
    return s


@session
def jc_healthy_slow_human():
    s = Session("journaling_companion_healthy_slow_human", "journaling_companion", "responses", JC_SYSTEM,
                "Evening. I want to go through today's entry slowly, I'm doing the dishes in between.\n\n" + JC_ENTRY,
                None, HEALTHY,
                "A user who answers every 20-60 minutes; each exchange goes somewhere new (the review, Jo, the run, "
                "mum) and ends with a plan.")
    conv = [
        ("Thanks for sharing it. A lot happened. Which part of today is still with you now, hours later?",
         "Honestly the Marcus thing. It's silly, it's just a date change.", 1500),
        ("It doesn't sound silly if it cost you an hour. What was it about the change that stung: the new date, or not being asked?",
         "Not being asked. It happens a lot. I find out about my own deadlines from the calendar.", 2700),
        ("That's a pattern worth naming: decisions about your work made without you. Is there one small way you could ask to be included next time?",
         "Maybe I could ask him to ping me before he moves anything with my name on it. I'll think about how to say it.", 3300),
        ("That's a clear, reasonable request. Switching gears: you wrote that lunch with Jo was the best part. What made it good?",
         "We weren't talking about work at all. Just Lisbon and the terrible hotel breakfast.", 1900),
        ("It sounds like you got a break from being 'the presenter'. How often do you get lunches like that lately?",
         "Once a month maybe. Used to be weekly.", 2400),
        ("And the run, the first in two weeks. You wrote you felt lighter. What got you out the door tonight?",
         "I was so annoyed I needed to move. Anger as fuel I guess.", 3000),
        ("That's honest, and it worked. Last one, and it's the heavy one: your mum's call. Do you want to look at it, or leave it for tomorrow?",
         "Look at it. I didn't answer because I knew she'd ask about Christmas and I haven't decided.", 2600),
        ("So the call was really about a decision you're not ready to make. Could you call her back and say just that: you're still figuring out Christmas and you'll tell her by a date?",
         "Yes. Sunday. I'll call her Sunday and say I'll decide by the 15th.", 3500),
        ("Good. For tomorrow then: ask Marcus to check with you before moving your dates, suggest a weekly lunch to Jo, call your mum on Sunday. Anything you want to add?",
         "No, that's enough. Thank you, this helped.", 1200),
    ]
    for a, u, dt in conv:
        s.reply(dt, a, u)
    return s


@session
def jc_healthy_continue_new():
    s = Session("journaling_companion_healthy_continue_new", "journaling_companion", "chat", JC_SYSTEM,
                "Write a longer piece for me from my last month of entries: what changed from week to week. I'll say "
                "continue after each part. Week 1: new job, nervous, lonely commute. Week 2: first win, Hartley liked the "
                "draft. Week 3: sleep falls apart, Marcus moves deadlines. Week 4: the run, Jo, the mum call.",
                None, HEALTHY, "'continue' every turn, and each answer is a new part of the piece until it ends.",
                model="gpt-4o", max_tokens=1200)
    parts = [
        "Part one: the first week\n\nYou started on a Monday in the rain. The commute was forty minutes of other "
        "people's headphones. You wrote 'nobody knows my name yet' twice that week, once on Tuesday and again on Friday, "
        "and the second time it sounded less like a complaint and more like a fact you were testing.",
        "Part two: the first win\n\nThe second week turned on one email. Hartley replied to your draft with 'this is "
        "exactly it'. You copied the line into your journal word for word. You slept eight hours that night, the only "
        "time that month you mention sleep without complaining about it.",
        "Part three: things come loose\n\nBy week three the entries get shorter and later. 'Woke at 4.' 'Woke at 3:40.' "
        "Marcus moves the deadline once, then again, and you stop writing about the work itself and start writing about "
        "him. It's the only week you don't mention anyone outside the office.",
        "Part four: finding the edges again\n\nThen the run. Five kilometres, cold, furious, and afterwards: 'lighter'. "
        "Lunch with Jo, laughing about a hotel breakfast in Lisbon. And the call you didn't take, which you wrote about "
        "more honestly than anything else that month.",
        "Part five: what changed\n\nRead in order, the month moves from being unknown, to being seen, to being handled, "
        "to choosing things for yourself again. The entries that end well all have something you picked: a route, a "
        "lunch, a run. The ones that end badly are about other people's calendars.",
        "Part six: a note to carry forward\n\nIf there's one thread to pull into next month, it's this: the days you "
        "protected one small thing for yourself were the days you slept. That's not advice; it's what your own "
        "handwriting says.\n\n(That's the end of the piece.)",
    ]
    for k, p in enumerate(parts):
        s.reply(50 + k * 11, p, "continue" if k < 5 else "That's lovely. Can you give it a title?")
    s.reply(20, "How about: \"Other People's Calendars\"? Or, gentler: \"Choosing Small Things\".",
            "Choosing Small Things. Thanks.")
    return s


# ============================================================================================
# container_shipping_eta
# ============================================================================================

CS_SYSTEM = ("You track inbound ocean containers for Fernhill Home Goods (importer of record). Use vessel_position, "
             "port_congestion and customs_status. Report ETA at the discharge port, expected gate-out and any customs "
             "holds. Times in UTC unless stated.")
CS_TOOLS = [
    ("vessel_position", "Latest AIS position and ETA of a vessel.", {"imo": ("string", "IMO number")}),
    ("port_congestion", "Berth waiting times at a port.", {"unlocode": ("string", "UN/LOCODE")}),
    ("customs_status", "CBP/ACE status of a container or bill of lading.", {"ref": ("string", "container or B/L number")}),
]


@session
def cs_runaway_handoff():
    s = Session("container_shipping_eta_runaway_handoff", "container_shipping_eta", "anthropic",
                "You are ETA-agent in a two-agent pipeline with Customs-agent. Messages from Customs-agent arrive as "
                "user turns prefixed [Customs-agent]. " + CS_SYSTEM,
                "[Customs-agent] Need a confirmed ETA for MSKU 7734120 (B/L MAEU 241188305) at USLAX so I can file the "
                "ISF amendment. Please confirm.", CS_TOOLS, runaway(5, 10),
                "Two agents hand the same dependency back and forth: ETA-agent won't confirm without customs release, "
                "Customs-agent won't file without a confirmed ETA.", max_tokens=1000)
    s.call(5, [("vessel_position", {"imo": "9778791"})],
           [js({"vessel": "MAERSK SENTOSA", "imo": "9778791", "lat": 33.41, "lon": -128.77, "sog_kn": 15.2,
                "eta_uslax": "2026-12-11T14:00Z", "ais_at": "2026-12-07T05:02Z"})])
    s.call(4, [("customs_status", {"ref": "MAEU241188305"})],
           [js({"ref": "MAEU241188305", "status": "ISF amendment pending", "hold": "none", "release": None})],
           say="Vessel ETA USLAX 2026-12-11 14:00Z. Checking customs before I confirm.")
    ask = "[ETA-agent -> Customs-agent] I can't mark the ETA confirmed while customs shows 'ISF amendment pending'. Please file the amendment first, then I'll confirm the ETA."
    back = "[Customs-agent] I can't file the ISF amendment without a confirmed ETA. Please confirm the ETA for MSKU 7734120 first."
    s.reply(10, ask, back)
    for k in range(12):
        s.reply(12 + k, ask if k % 3 else ask.replace("Please file", "Could you please file"),
                back if k % 2 else back.replace("Please confirm", "Confirm"))
    return s


EDI_LINES = [
    "INFO  ace-bridge  AMS 350 submitted B/L MAEU241190017 seq {n}",
    "INFO  ace-bridge  ACK received ctrl={c} status=ACCEPTED",
    "DEBUG sftp-poller  fetched /inbound/cbp/{c}.edi (2.1 KB)",
    "INFO  ace-bridge  ISF-10 filed for MSKU{n:07d} bond 77-4410",
]


def edi_log(lines, seed):
    rng = random.Random(seed)
    out = []
    for i in range(lines):
        h, m = divmod(i * 2, 60)
        tpl = EDI_LINES[i % len(EDI_LINES)]
        out.append(f"2026-12-0{6 + h // 24}T{h % 24:02d}:{m:02d}:{rng.randint(0, 59):02d}Z " +
                   tpl.format(n=rng.randint(1000000, 9999999), c=rng.randint(100000, 999999)))
        if i % 37 == 36:
            out.append(f"2026-12-0{6 + h // 24}T{h % 24:02d}:{m:02d}:59Z ERROR ace-bridge  AMS 350 REJECTED B/L "
                       "MAEU241188305: 'S10 DUPLICATE BILL - BILL ALREADY ON FILE FOR CARRIER MAEU'")
    return "\n".join(out)


@session
def cs_runaway_growing_log():
    s = Session("container_shipping_eta_runaway_growing_log", "container_shipping_eta", "chat", CS_SYSTEM,
                "Our broker's ACE bridge keeps rejecting MAEU 241188305. Log:\n\n" + edi_log(80, 1), CS_TOOLS,
                runaway(3, 8),
                "The user pastes an ever longer EDI log with the same duplicate-bill rejection; the assistant gives "
                "the same advice each time and nothing changes.")
    answers = [
        "The rejection is S10 'duplicate bill': CBP already has MAEU241188305 on file for carrier MAEU, so a second AMS "
        "350 with the same bill is refused. Ask the broker to send an amendment (AMS 'A' action) instead of a new add.",
        "Same S10 duplicate-bill rejection. The bridge is re-sending an add for a bill that's already on file. It needs "
        "an amendment or a delete-and-add, not another add.",
        "The log still shows S10 on MAEU241188305: the bill is on file already. The broker must amend it, not resubmit it.",
        "Again S10 duplicate bill. This won't clear by resubmitting; the broker has to amend the existing bill.",
        "Still the S10 duplicate. As before: amend the existing bill instead of sending a new one.",
        "The same duplicate-bill rejection. The fix is still an amendment of the bill already on file.",
        "S10 again: the bill is already on file. It has to be amended.",
        "Same error: duplicate bill. Amend, don't resubmit.",
        "Unchanged: S10 duplicate bill, fix is an amendment.",
        "Same S10.",
    ]
    for k, a in enumerate(answers):
        s.reply(300 + k * 60, a, ["Broker says they resent it. New log:", "Still failing, they resent again:",
                                 "Resent again, here's the full log:", "again:", "Still:", "Log now:",
                                 "Same thing?", "Here:", "Again", "log"][k] + "\n\n" + edi_log(80 + 40 * (k + 1), 1))
    return s


@session
def cs_healthy_moving_eta():
    s = Session("container_shipping_eta_healthy_moving_eta", "container_shipping_eta", "responses", CS_SYSTEM,
                "Keep an eye on MSKU 7734120 on MAERSK SENTOSA (IMO 9778791) into LA/Long Beach and tell me when it's "
                "available for pickup.", CS_TOOLS, HEALTHY,
                "Polls vessel position and congestion; lat/lon, ETA and queue numbers move each time; the vessel "
                "berths, customs releases and the box becomes available.")
    track = [(33.41, -128.77, "2026-12-11T14:00Z", 15.2), (33.52, -125.40, "2026-12-11T09:30Z", 16.1),
             (33.60, -122.95, "2026-12-11T06:00Z", 16.4), (33.65, -120.80, "2026-12-11T04:00Z", 14.0),
             (33.71, -118.60, "2026-12-11T02:10Z", 9.1), (33.71, -118.24, "anchored, berth ETA 2026-12-11T19:00Z", 0.1)]
    cong = [(14, 2.1), (12, 1.8), (11, 1.6), (9, 1.2)]
    for k, (lat, lon, eta, sog) in enumerate(track):
        s.call(21600 if k else 5, [("vessel_position", {"imo": "9778791"})],
               [js({"vessel": "MAERSK SENTOSA", "lat": lat, "lon": lon, "sog_kn": sog, "eta_uslax": eta,
                    "ais_at": f"2026-12-{7 + k // 4:02d}T{(5 + 6 * k) % 24:02d}:02Z"})],
               say=None if k == 0 else f"Position update {k}: {eta}.")
        if k < len(cong):
            s.call(10, [("port_congestion", {"unlocode": "USLAX"})],
                   [js({"port": "USLAX", "vessels_waiting": cong[k][0], "avg_wait_days": cong[k][1]})])
    s.call(30000, [("customs_status", {"ref": "MSKU7734120"})],
           [js({"ref": "MSKU7734120", "status": "released", "release_at": "2026-12-12T03:14Z", "holds": []})],
           say="Berthed at Pier 400 on 12-11 19:40Z. Checking customs.")
    s.reply(10, "MSKU 7734120: discharged at APM Pier 400, customs released 12-12 03:14Z, no holds. Available for "
                "pickup from the 12-12 first shift; last free day 12-16.", "Great, booking the dray.")
    return s


@session
def cs_healthy_paged_customs():
    s = Session("container_shipping_eta_healthy_paged_customs", "container_shipping_eta", "anthropic", CS_SYSTEM,
                "Check customs status for all 9 containers on B/L MAEU 241190017 one by one and list any holds.",
                CS_TOOLS, HEALTHY,
                "Nine customs lookups whose outputs are the same ACE boilerplate with one changing status line; a "
                "503 on one is retried once and succeeds.", max_tokens=1200)
    boiler = ("ACE CARGO RELEASE STATUS (Automated Commercial Environment)\nFiler: Kestrel Customs Brokerage (filer code K7Q)\n"
              "Importer of record: Fernhill Home Goods Inc. 84-2231907\nEntry type: 01 Consumption   Port of entry: 2704 Los Angeles\n"
              "Carrier: MAEU   Vessel: MAERSK SENTOSA   Voyage: 248E\nB/L: MAEU241190017\n"
              "Disclaimer: status reflects CBP messages received by the filer; physical release is subject to terminal availability.\n")
    statuses = ["1C RELEASED", "1C RELEASED", "1C RELEASED", "HOLD: FDA MAY PROCEED pending", "1C RELEASED",
                "1C RELEASED", "HOLD: CET exam (contraband enforcement team), exam site: Pacific CES", "1C RELEASED",
                "1C RELEASED"]
    for k, st in enumerate(statuses):
        cn = f"MSKU77341{20 + k * 7}"
        if k == 5:
            s.call(6, [("customs_status", {"ref": cn})], [(js({"status": 503, "error": "ACE gateway unavailable, retry in 60 s"}), True)])
            s.call(62, [("customs_status", {"ref": cn})], [boiler + f"Container: {cn}\nStatus: {st}\nLast message: 2026-12-12T0{k}:1{k}Z"],
                   say="ACE gateway 503; waited 60 s as advised.")
            continue
        s.call(6, [("customs_status", {"ref": cn})], [boiler + f"Container: {cn}\nStatus: {st}\nLast message: 2026-12-12T0{k}:1{k}Z"],
               say=None if k == 0 else "Next container.")
    s.reply(10, "7 of 9 released. Holds: MSKU7734141 (FDA may-proceed pending) and MSKU7734162 (CET exam at Pacific CES).",
            "Thanks, I'll tell the warehouse.")
    return s


# ============================================================================================
# course_builder
# ============================================================================================

CB_SYSTEM = ("You build the e-learning course 'Food Safety for Line Cooks' (6 modules, ~900 words each, plus a 5-question "
             "quiz per module). Store modules with content_store_put, read with content_store_get, make quizzes with "
             "generate_quiz (async: it returns a job id; poll quiz_job_status).")
CB_TOOLS = [
    ("content_store_get", "Read a stored module.", {"slug": ("string", "module slug")}),
    ("content_store_put", "Store a module.", {"slug": ("string", "slug"), "title": ("string", "title"), "body": ("string", "markdown")}),
    ("generate_quiz", "Start a quiz generation job for a module.", {"slug": ("string", "module slug")}),
    ("quiz_job_status", "Status and log of a quiz job.", {"job_id": ("string", "job id")}),
]


@session
def cb_runaway_job_restart():
    s = Session("course_builder_runaway_job_restart", "course_builder", "responses", CB_SYSTEM,
                "Modules 1-3 are stored. Generate the quiz for module 3 (cooling-and-reheating).", CB_TOOLS,
                runaway(5, 11),
                "The quiz job always fails at the same step (image rendering, font missing); the agent restarts it "
                "each time with a new job id.")
    for k in range(7):
        jid = f"qj_{5120 + k * 11}"
        s.call(8, [("generate_quiz", {"slug": "cooling-and-reheating"})], [js({"job_id": jid, "state": "queued"})],
               say=None if k == 0 else "The job failed; restarting it.")
        s.call(40, [("quiz_job_status", {"job_id": jid})],
               [(js({"job_id": jid, "state": "failed", "steps": [
                   {"step": "extract_objectives", "ok": True, "ms": 1400 + k * 37},
                   {"step": "draft_questions", "ok": True, "ms": 8200 + k * 113},
                   {"step": "render_images", "ok": False,
                    "error": "FontNotFound: 'Inter-SemiBold.ttf' missing in renderer image quizgen:2.3.1 (/usr/share/fonts)"}]}),
                 True)], say="Waiting for the job.")
    return s


@session
def cb_runaway_retitled_module():
    s = Session("course_builder_runaway_retitled_module", "course_builder", "chat", CB_SYSTEM,
                "Write and store module 4 (allergens), then 5 and 6.", CB_TOOLS, runaway(3, 8),
                "The agent keeps storing the same allergen text under new slugs and titles ('Module 5', 'Module 6', "
                "'Revised'...), so the course grows without new content.")
    body = ("## Allergens in the Kitchen\n\nThe 14 major allergens are celery, cereals containing gluten, crustaceans, eggs, "
            "fish, lupin, milk, molluscs, mustard, tree nuts, peanuts, sesame, soya and sulphites. Cross-contact happens "
            "when an allergen moves from one food to another through shared boards, fryer oil, gloves or steam.\n\n"
            "### On the line\n- Use the purple board and knife set for allergen-free orders.\n- Never share fryer oil "
            "between battered fish and allergen-free chips.\n- Change gloves and wash hands after handling nuts or "
            "sesame.\n\n### When a guest declares an allergy\nConfirm the ticket flag, tell the chef, prepare the dish "
            "first on a clean station and carry it to the table separately.\n") * 3
    titles = [("allergens", "Module 4: Allergens"), ("module-5", "Module 5: Allergen Awareness"),
              ("module-6", "Module 6: Managing Allergens"), ("allergens-v2", "Module 4 (revised): Allergens"),
              ("module-5-v2", "Module 5: Allergen Control"), ("module-6-v2", "Module 6: Allergens on the Line"),
              ("allergens-v3", "Allergens - Final"), ("module-5-v3", "Module 5: Allergen Safety"),
              ("module-6-v3", "Module 6: Allergen Procedures"), ("allergens-v4", "Allergens (final, revised)")]
    for k, (slug, title) in enumerate(titles):
        s.call(60, [("content_store_put", {"slug": slug, "title": title, "body": body})],
               [js({"stored": slug, "words": 903, "version": 1})],
               say=None if k == 0 else f"Stored. Next: {title}.")
    return s


@session
def cb_healthy_module_batch():
    s = Session("course_builder_healthy_module_batch", "course_builder", "anthropic", CB_SYSTEM,
                "Write and store modules 1 to 6, following the outline in the system prompt order: handwashing, "
                "temperature danger zone, cooling and reheating, allergens, cleaning and sanitising, pest control. "
                "After each, start its quiz.", CB_TOOLS, HEALTHY,
                "Same instruction, one module after another with new content each time, quiz jobs that succeed.",
                max_tokens=4000)
    mods = [("handwashing", "Handwashing", "Wet hands with warm water, lather for 20 seconds including thumbs and nail beds, rinse, dry with a single-use towel. Wash after raw meat, bins, phones, breaks and before gloving."),
            ("danger-zone", "The Temperature Danger Zone", "Between 8 and 63 C bacteria multiply fast. Hold hot food at 63 C or above, cold food at 8 C or below (5 C recommended). Probe thick parts; clean the probe between foods."),
            ("cooling-and-reheating", "Cooling and Reheating", "Cool cooked food to below 8 C within 90 minutes: shallow trays, ice baths, blast chiller. Reheat once only, to 75 C core, and never in a bain-marie."),
            ("allergens", "Allergens", "Know the 14 major allergens, use dedicated equipment, keep the allergen matrix current, and escalate every declared allergy to the chef."),
            ("cleaning", "Cleaning and Sanitising", "Two-stage clean: remove soil with detergent, then sanitise with the correct dilution and contact time (check the label, e.g. 30 s for QAC at 200 ppm)."),
            ("pests", "Pest Control", "Look for droppings, gnaw marks and egg cases. Keep doors closed, store food 15 cm off the floor, log sightings and call the contractor the same day.")]
    for k, (slug, title, gist) in enumerate(mods):
        body = f"## {title}\n\n{gist}\n\n" + "\n".join(
            f"### Scenario {i + 1}\n{['A busy Friday service', 'A new starter on the grill', 'An inspection visit', 'A delivery arriving late'][i]}: "
            f"what does the line cook do about {title.lower()}? {gist.split('.')[i % 2]}." for i in range(4))
        s.call(90, [("content_store_put", {"slug": slug, "title": f"Module {k + 1}: {title}", "body": body})],
               [js({"stored": slug, "words": 880 + k * 13, "version": 1})],
               say=None if k == 0 else f"Quiz for module {k} queued. Writing module {k + 1}: {title}.")
        s.call(5, [("generate_quiz", {"slug": slug})], [js({"job_id": f"qj_{6000 + k}", "state": "queued"})])
    s.call(60, [("quiz_job_status", {"job_id": "qj_6005"})], [js({"job_id": "qj_6005", "state": "succeeded", "questions": 5})])
    return s


@session
def cb_healthy_quiz_refine():
    s = Session("course_builder_healthy_quiz_refine", "course_builder", "chat", CB_SYSTEM,
                "Here's the draft quiz for module 2. Improve it with me, one fix at a time.\n\n"
                "1. What is the danger zone? a) 0-5 C b) 8-63 C c) 63-75 C d) 75-100 C\n"
                "2. Hot holding must be at least? a) 55 C b) 60 C c) 63 C d) 70 C\n"
                "3. True or false: you can reheat food twice if it's quick.\n"
                "4. How do you check the core temperature? a) touch b) probe c) look d) smell\n"
                "5. Cold holding should be at most? a) 5 C b) 8 C c) 10 C d) 12 C",
                CB_TOOLS, HEALTHY, "Iterative refinement of one quiz; each answer is a small, different diff.",
                model="gpt-4.1-mini")
    steps = [
        ("Fix for Q4: the distractors are too easy. Suggest: a) probe the edge b) probe the thickest part c) check the colour d) time since cooking. Answer: b.",
         "Good. Q3 is too obvious too."),
        ("Q3 rewrite: 'Leftover chilli was reheated to 75 C at lunch. Can it be reheated again for dinner?' a) yes, if it reaches 75 C b) yes, within 2 h c) no d) only in a microwave. Answer: c.",
         "Nice. Q5: UK legal limit is 8 but we teach 5, it's confusing."),
        ("Q5 rewrite: 'Our kitchen policy for cold holding is:' a) 5 C or below b) 8 C or below c) 10 C or below d) room temperature for up to 4 h. Answer: a (legal maximum 8 C, noted in feedback).",
         "Add feedback text for every question?"),
        ("Feedback lines:\n1. Bacteria multiply fastest between 8 and 63 C.\n2. 63 C is the legal minimum for hot holding.\n3. Reheat once only.\n4. The thickest part heats last.\n5. We keep a margin below the legal 8 C.",
         "Q1 and Q2 answers are both in the same range, students can cross-guess."),
        ("Q2 rewrite: 'Soup in the bain-marie reads 58 C. What do you do?' a) serve it b) reheat to 75 C then hold at 63 C+ c) add hot water d) wait 10 minutes. Answer: b.",
         "Perfect. Final version please."),
        ("Final quiz, module 2:\n1. Danger zone: b) 8-63 C\n2. Soup at 58 C: b) reheat to 75 C, hold at 63 C+\n3. Reheat leftover chilli again: c) no\n4. Core temperature: b) thickest part\n5. Cold holding policy: a) 5 C or below\n(with the feedback lines above)",
         "Store it as module-2 quiz v2."),
    ]
    for k, (a, u) in enumerate(steps):
        s.reply(120 + 40 * k, a, u)
    s.call(10, [("content_store_put", {"slug": "danger-zone-quiz", "title": "Module 2 quiz v2", "body": steps[-1][0]})],
           [js({"stored": "danger-zone-quiz", "version": 2})], say="Storing.")
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
