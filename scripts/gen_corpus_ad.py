#!/usr/bin/env python3
"""Blind held-out agent-session corpus `corpus_ad` (author: writer-ad).

    python3 scripts/gen_corpus_ad.py          # write tests/fixtures/corpus_ad/
    python3 scripts/gen_corpus_ad.py --check  # regenerate in memory, validate, compare with disk

Stdlib only and deterministic: no clock, no randomness, no network. Every variation (ids,
timestamps, wording) is spelled out below or derived from the session name with sha1.
Sessions are written in one fixed order; API shapes are assigned round-robin in that order
(chat, responses, anthropic, chat, ...).
"""
import datetime
import hashlib
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "corpus_ad")

SHAPES = ["chat", "responses", "anthropic"]
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
STYLES = [
    "marine_berth_planner", "dental_claims_coder", "legacy_php_test_fixer", "orchestra_librarian",
    "wildfire_lookout_watch", "kyc_onboarding_review", "resume_rewriter", "bioreactor_batch_monitor",
]
MODELS = {
    "chat": ["gpt-4o", "gpt-4o-mini", "gpt-4.1-mini"],
    "responses": ["gpt-4.1", "o4-mini", "gpt-4.1-mini"],
    "anthropic": ["claude-3-5-sonnet-20241022", "claude-sonnet-4-20250514", "claude-3-5-haiku-20241022"],
}

SESSIONS = []


def h(*parts, n=8):
    return hashlib.sha1(":".join(str(p) for p in parts).encode()).hexdigest()[:n]


def iso(base, secs):
    """base: (y, m, d, H, M) UTC; secs offset -> '2024-03-14T06:02:10Z'."""
    t = datetime.datetime(*base, tzinfo=datetime.timezone.utc) + datetime.timedelta(seconds=secs)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def hm(base, secs):
    t = datetime.datetime(*base, tzinfo=datetime.timezone.utc) + datetime.timedelta(seconds=secs)
    return t.strftime("%H:%M")


def tool(name, description, props, required=None):
    return {"name": name, "description": description, "props": props,
            "required": list(required if required is not None else props.keys())}


def S(t="string", d=None, **kw):
    p = {"type": t}
    if d:
        p["description"] = d
    p.update(kw)
    return p


class Session:
    """Shape-neutral session: alternating inputs (user text and/or tool results) and replies."""

    def __init__(self, style, kind, system=None, tools=(), user="", max_tokens=1024, model_pick=0):
        assert style in STYLES and kind in ("runaway", "healthy")
        self.idx = len(SESSIONS)
        self.shape = SHAPES[self.idx % 3]
        n = 1 + sum(1 for x in SESSIONS if x.style == style and x.kind == kind)
        self.style, self.kind, self.n = style, kind, n
        self.name = "%s_%s_%d_%s" % (style, kind, n, self.shape)
        self.system = system
        self.tools = list(tools)
        self.user_id = user
        self.max_tokens = max_tokens
        self.model = MODELS[self.shape][model_pick % 3]
        self.events = []
        self.pending = []
        self.ncalls = 0
        self.expected = None
        self.notes = None
        SESSIONS.append(self)

    # --- building -------------------------------------------------------------------
    def _call_id(self):
        self.ncalls += 1
        hx = hashlib.sha1(("%s#%d" % (self.name, self.ncalls)).encode()).hexdigest()
        if self.shape == "anthropic":
            return "toolu_01" + hx[:22]
        if self.shape == "responses":
            return "call_" + hx[:24]
        return "call_" + hx[:24]

    def user(self, t, text):
        assert not self.pending, (self.name, "tool calls left unanswered")
        self._in(t, [], text)

    def tool(self, t, outputs, text=None):
        assert len(outputs) == len(self.pending), (self.name, len(outputs), len(self.pending))
        res = []
        for cid, out in zip(self.pending, outputs):
            if not isinstance(out, str):
                out = json.dumps(out, ensure_ascii=False)
            res.append((cid, out))
        self.pending = []
        self._in(t, res, text)

    def _in(self, t, results, text):
        assert not self.events or self.events[-1][0] == "out", (self.name, "two inputs in a row")
        self.events.append(("in", t, results, text))

    def say(self, text=None, *calls):
        assert self.events and self.events[-1][0] == "in", (self.name, "reply without input")
        assert text or calls
        cs = []
        for name, args in calls:
            assert any(tl["name"] == name for tl in self.tools), (self.name, name)
            cid = self._call_id()
            cs.append((cid, name, args))
            self.pending.append(cid)
        self.events.append(("out", text, cs))

    def runaway(self, b, d, notes):
        self.expected = {"outcome": "runaway", "loop_begins_turn": b, "stop_by_turn": d}
        self.notes = notes

    def healthy(self, notes):
        self.expected = {"outcome": "healthy"}
        self.notes = notes

    # --- rendering ------------------------------------------------------------------
    def _tools(self):
        out = []
        for tl in self.tools:
            schema = {"type": "object", "properties": tl["props"], "required": tl["required"]}
            if self.shape == "chat":
                out.append({"type": "function", "function": {
                    "name": tl["name"], "description": tl["description"], "parameters": schema}})
            elif self.shape == "responses":
                out.append({"type": "function", "name": tl["name"], "description": tl["description"],
                            "parameters": schema})
            else:
                out.append({"name": tl["name"], "description": tl["description"], "input_schema": schema})
        return out

    def _items(self, ev):
        kind = ev[0]
        if self.shape == "chat":
            if kind == "in":
                items = [{"role": "tool", "tool_call_id": c, "content": o} for c, o in ev[2]]
                if ev[3]:
                    items.append({"role": "user", "content": ev[3]})
                return items
            m = {"role": "assistant", "content": ev[1]}
            if ev[2]:
                m["tool_calls"] = [{"id": c, "type": "function", "function": {
                    "name": n, "arguments": json.dumps(a, ensure_ascii=False)}} for c, n, a in ev[2]]
            return [m]
        if self.shape == "responses":
            if kind == "in":
                items = [{"type": "function_call_output", "call_id": c, "output": o} for c, o in ev[2]]
                if ev[3]:
                    items.append({"role": "user", "content": ev[3]})
                return items
            items = []
            if ev[1]:
                items.append({"role": "assistant", "content": ev[1]})
            for c, n, a in ev[2]:
                items.append({"type": "function_call", "call_id": c, "name": n,
                              "arguments": json.dumps(a, ensure_ascii=False)})
            return items
        # anthropic
        if kind == "in":
            if not ev[2]:
                return [{"role": "user", "content": ev[3]}]
            blocks = [{"type": "tool_result", "tool_use_id": c, "content": o} for c, o in ev[2]]
            if ev[3]:
                blocks.append({"type": "text", "text": ev[3]})
            return [{"role": "user", "content": blocks}]
        if not ev[2]:
            return [{"role": "assistant", "content": ev[1]}]
        blocks = [{"type": "text", "text": ev[1]}] if ev[1] else []
        blocks += [{"type": "tool_use", "id": c, "name": n, "input": a} for c, n, a in ev[2]]
        return [{"role": "assistant", "content": blocks}]

    def render(self):
        assert self.expected and self.notes, self.name
        assert not self.pending, (self.name, "ends with unanswered calls")
        assert self.events[-1][0] == "in", self.name
        turns = []
        hist = []
        if self.shape == "chat" and self.system:
            hist.append({"role": "system", "content": self.system})
        for ev in self.events:
            hist = hist + self._items(ev)
            if ev[0] != "in":
                continue
            if self.shape == "chat":
                req = {"model": self.model, "messages": list(hist)}
                if self.tools:
                    req["tools"] = self._tools()
                req["max_tokens"] = self.max_tokens
            elif self.shape == "responses":
                req = {"model": self.model}
                if self.system:
                    req["instructions"] = self.system
                req["input"] = list(hist)
                if self.tools:
                    req["tools"] = self._tools()
                req["max_output_tokens"] = self.max_tokens
            else:
                req = {"model": self.model, "max_tokens": self.max_tokens}
                if self.system:
                    req["system"] = self.system
                req["messages"] = list(hist)
                if self.tools:
                    req["tools"] = self._tools()
            turns.append({"at_seconds": ev[1], "request": req})
        return {
            "name": self.name,
            "style": self.style,
            "shape": self.shape,
            "path": PATHS[self.shape],
            "headers": {"x-session-id": "ad-%s-%s" % (self.style.replace("_", "-")[:14], h("sid", self.name, n=12)),
                        "x-user-id": self.user_id},
            "expected": self.expected,
            "notes": self.notes,
            "turns": turns,
        }

    @property
    def toolless(self):
        return not self.tools


def J(obj):
    return json.dumps(obj, ensure_ascii=False)


# =====================================================================================
# 1. marine_berth_planner
# =====================================================================================
MARINE_SYS = (
    "You are BerthDesk, the berth-allocation assistant for the Aldermouth International Container "
    "Terminal (quay 1.9 km, berths B1-B9). Use the tools to read the arrival schedule, berth "
    "constraints and tide predictions, and to propose allocations to the terminal operating system. "
    "Never overrule a TOS rejection; explain constraints plainly to the duty planner.")
T_SCHED = tool("get_vessel_schedule", "Arrivals and departures in a UTC window from the port community system.",
               {"from": S(d="ISO time"), "to": S(d="ISO time")})
T_BERTH = tool("get_berth", "Static limits and current occupancy of one berth.", {"berth_id": S(d="B1..B9")})
T_TIDE = tool("check_tide_window", "Predicted windows when a vessel's draft clears a berth with the required under-keel clearance.",
              {"vessel": S(), "berth_id": S(), "date": S(d="YYYY-MM-DD")})
T_PROPOSE = tool("propose_allocation", "Submit a berth allocation to the TOS; returns ACCEPTED or REJECTED with reasons.",
                 {"vessel": S(), "berth_id": S(), "start": S(), "end": S(), "remarks": S()}, ["vessel", "berth_id", "start", "end"])
T_GAUGE = tool("read_tide_gauge", "Live water level above chart datum at the Aldermouth gauge.", {"station": S()})
T_VESSEL = tool("get_vessel_status", "AIS and port-state status of one vessel.", {"imo": S()})

MB = (2024, 3, 14, 5, 40)


def marine_runaway_1():
    s = Session("marine_berth_planner", "runaway", MARINE_SYS, [T_SCHED, T_BERTH, T_TIDE, T_PROPOSE],
                user="planner.okonkwo", max_tokens=1200)
    s.user(0, "Draft the berth plan for arrivals 14-15 March please. Nordic Tern (IMO 9784312) has to go on B7 - "
              "the charterer is adamant because of the 380 reefer boxes and B7 has the 440-plug reefer rack. "
              "Everything else, place as you see fit.")
    s.say("I'll pull the arrivals for the 14th-15th first.",
          ("get_vessel_schedule", {"from": "2024-03-14T00:00:00Z", "to": "2024-03-16T00:00:00Z"}))
    s.tool(4, [{"window": "2024-03-14/2024-03-16", "arrivals": [
        {"vessel": "Nordic Tern", "imo": "9784312", "loa_m": 294.1, "draft_m": 12.8, "eta": "2024-03-14T07:30Z", "moves": 1840, "reefers": 380},
        {"vessel": "Maersk Kalmar", "imo": "9632155", "loa_m": 249.9, "draft_m": 11.6, "eta": "2024-03-14T11:00Z", "moves": 1210, "reefers": 64},
        {"vessel": "CMA CGM Tage", "imo": "9410777", "loa_m": 222.2, "draft_m": 10.9, "eta": "2024-03-14T19:15Z", "moves": 960, "reefers": 22},
        {"vessel": "Elbe Feeder 3", "imo": "9355081", "loa_m": 134.4, "draft_m": 7.4, "eta": "2024-03-15T02:40Z", "moves": 410, "reefers": 0},
        {"vessel": "Hanjin Pearl", "imo": "9301226", "loa_m": 276.0, "draft_m": 13.1, "eta": "2024-03-15T09:50Z", "moves": 2105, "reefers": 118}]}])
    s.say("Nordic Tern is 294 m LOA. Checking B7's limits before I place her.", ("get_berth", {"berth_id": "B7"}))
    b7 = {"berth_id": "B7", "quay_length_m": 280.0, "mooring_allowance_m": 10.0, "depth_cd_m": 14.2,
          "reefer_plugs": 440, "cranes": ["STS-14", "STS-15", "STS-16"], "occupied_by": "MSC Ilona",
          "occupied_until": "2024-03-14T06:10Z"}
    s.tool(9, [b7])
    s.say("B7 frees at 06:10Z, so a 07:30 berthing works on time. Proposing it.",
          ("propose_allocation", {"vessel": "Nordic Tern", "berth_id": "B7", "start": "2024-03-14T07:30:00Z",
                                  "end": "2024-03-15T03:00:00Z", "remarks": "charterer request - reefer rack"}))
    rej = "LOA 294.1 m exceeds B7 usable length 270.0 m (280.0 m quay less 10.0 m mooring allowance); no overhang permitted adjacent to B6/B8 (harbour master standing order HM-SO-2019/07)"
    t = 14
    plan = 117

    def reject(extra=None):
        nonlocal plan
        plan += 1
        r = {"plan_id": "PLN-240314-%04d" % plan, "status": "REJECTED", "reasons": [rej]}
        if extra:
            r["reasons"].append(extra)
        r["evaluated_at"] = iso(MB, t)
        return r
    s.tool(t, [reject()])
    steps = [
        ("The rejection is about length at the quay - at high water with the bow swung toward the B8 knuckle it may fit. Checking the tide window.",
         ("check_tide_window", {"vessel": "Nordic Tern", "berth_id": "B7", "date": "2024-03-14"}),
         {"vessel": "Nordic Tern", "berth_id": "B7", "windows": [{"from": "2024-03-14T12:05Z", "to": "2024-03-14T15:40Z", "hw": "13:52Z 4.6 m"}], "note": "draft 12.8 m clears B7 at all states of tide; windows shown are for HW slack berthing"}),
        ("HW slack is 12:05-15:40Z. Re-proposing B7 inside that window so the pilots can swing her in at slack water.",
         ("propose_allocation", {"vessel": "Nordic Tern", "berth_id": "B7", "start": "2024-03-14T12:10:00Z", "end": "2024-03-15T06:30:00Z", "remarks": "berth at HW slack, bow toward B8"}),
         None),
        ("Still the length rule. I'll offset her 12 m north on the bollards (bollards 71-84 instead of 68-81) which should keep B6 clear.",
         ("propose_allocation", {"vessel": "Nordic Tern", "berth_id": "B7", "start": "2024-03-14T12:10:00Z", "end": "2024-03-15T06:30:00Z", "remarks": "bollards 71-84, 12 m offset north"}),
         None),
        ("Perhaps the TOS is considering B8's occupant. Checking tomorrow's tide, when B8 may be empty.",
         ("check_tide_window", {"vessel": "Nordic Tern", "berth_id": "B7", "date": "2024-03-15"}),
         {"vessel": "Nordic Tern", "berth_id": "B7", "windows": [{"from": "2024-03-15T00:35Z", "to": "2024-03-15T04:05Z", "hw": "02:17Z 4.4 m"}, {"from": "2024-03-15T12:50Z", "to": "2024-03-15T16:20Z", "hw": "14:36Z 4.7 m"}], "note": "draft 12.8 m clears B7 at all states of tide"}),
        ("Proposing the 15 March early window for B7 instead.",
         ("propose_allocation", {"vessel": "Nordic Tern", "berth_id": "B7", "start": "2024-03-15T00:40:00Z", "end": "2024-03-15T19:00:00Z", "remarks": "night berthing, B8 expected vacant"}),
         None),
        ("Let me re-read B7 in case the usable length was updated after the fender works.",
         ("get_berth", {"berth_id": "B7"}), dict(b7, occupied_by=None, occupied_until=None)),
        ("B7 is free. Re-submitting with a reduced mooring allowance requested in remarks.",
         ("propose_allocation", {"vessel": "Nordic Tern", "berth_id": "B7", "start": "2024-03-14T08:00:00Z", "end": "2024-03-15T02:30:00Z", "remarks": "request mooring allowance 5 m, reefer priority"}),
         None),
        ("One more with the afternoon slack window and the 12 m offset combined.",
         ("propose_allocation", {"vessel": "Nordic Tern", "berth_id": "B7", "start": "2024-03-14T12:20:00Z", "end": "2024-03-15T07:00:00Z", "remarks": "HW slack + bollards 71-84"}),
         None),
        ("Checking the 14 March window again with the gauge correction.",
         ("check_tide_window", {"vessel": "Nordic Tern", "berth_id": "B7", "date": "2024-03-14"}),
         {"vessel": "Nordic Tern", "berth_id": "B7", "windows": [{"from": "2024-03-14T12:05Z", "to": "2024-03-14T15:40Z", "hw": "13:52Z 4.6 m"}], "note": "draft 12.8 m clears B7 at all states of tide; windows shown are for HW slack berthing"}),
        ("Re-proposing B7 at 12:05Z sharp.",
         ("propose_allocation", {"vessel": "Nordic Tern", "berth_id": "B7", "start": "2024-03-14T12:05:00Z", "end": "2024-03-15T06:00:00Z", "remarks": "charterer priority"}),
         None),
    ]
    gaps = [11, 9, 13, 8, 10, 12, 9, 11, 10, 12]
    for (txt, call, out), g in zip(steps, gaps):
        s.say(txt, call)
        t += g
        s.tool(t, [out if out is not None else reject()])
    s.runaway(6, 10, "Nordic Tern (294 m) can never fit B7 (270 m usable); the agent alternates tide checks, bollard offsets "
                     "and new windows while every proposal is rejected for the same length rule under a new plan id. "
                     "Loop is visible at the second rejection (turn 6).")
    return s


def marine_runaway_2():
    s = Session("marine_berth_planner", "runaway", MARINE_SYS, [T_SCHED, T_BERTH, T_VESSEL, T_PROPOSE],
                user="planner.vasquez", model_pick=1)
    s.user(0, "Kapitan Drozdov is waiting at anchorage A2 for B3. Keep an eye on B3 and put her alongside as soon as "
              "the current occupant sails. I'm heading into the 06:00 ops meeting.")
    s.say("Checking B3 now.", ("get_berth", {"berth_id": "B3"}))
    t = 6

    def b3(sec):
        return {"berth_id": "B3", "quay_length_m": 245.0, "depth_cd_m": 12.5, "occupied_by": "Ocean Gull",
                "occupied_since": "2024-03-11T16:25Z", "etd": None, "as_of": iso(MB, sec)}
    s.tool(t, [b3(t)])
    s.say("B3 is held by Ocean Gull with no ETD. Let me see why.", ("get_vessel_status", {"imo": "9218044"}))
    t += 7
    status = {"imo": "9218044", "name": "Ocean Gull", "flag": "Comoros", "nav_status": "moored",
              "psc": {"status": "DETAINED", "order": "PSC-ALD-2403-019", "deficiencies": 14,
                      "release_condition": "flag-state survey and class re-inspection of lifeboat davits and ER fire dampers",
                      "survey_booked": None},
              "agent_remarks": "owners disputing; no surveyor appointed"}
    s.tool(t, [status])
    s.say("Ocean Gull is under port-state detention with no release date. I'll keep watching B3 and berth Kapitan Drozdov "
          "the moment it frees.", ("get_berth", {"berth_id": "B3"}))
    waits = ["Still occupied. Checking again.", "No change on B3; polling again shortly.",
             "B3 remains occupied by Ocean Gull. Re-checking.", "Occupied, no ETD. Will look again.",
             "Nothing yet - Ocean Gull still alongside. Checking B3.", "Same as before. Polling B3.",
             "B3 still blocked. Looking again.", "Ocean Gull has not moved. Checking.",
             "No ETD posted for B3. Re-polling.", "Still waiting on B3."]
    for i, w in enumerate(waits):
        t += 180 + (i % 3) * 7
        s.tool(t, [b3(t)])
        if i in (3, 7):
            s.say(w + " Also re-reading Ocean Gull's status.", ("get_vessel_status", {"imo": "9218044"}))
            t += 6
            s.tool(t, [status])
            s.say("Detention unchanged. Back to watching B3.", ("get_berth", {"berth_id": "B3"}))
        elif i < len(waits) - 1:
            s.say(w, ("get_berth", {"berth_id": "B3"}))
    s.runaway(4, 10, "Polls B3 every ~3 minutes although the occupant is under port-state detention with no surveyor booked, "
                     "so nothing can change for days; it never proposes another berth or reports back. Turn 4 is the first "
                     "repeated poll after learning of the detention; by turn 10 (~15 minutes of unchanged answers) an operator would stop it.")
    return s


def marine_healthy_1():
    s = Session("marine_berth_planner", "healthy", MARINE_SYS, [T_GAUGE, T_TIDE, T_PROPOSE],
                user="planner.okonkwo", model_pick=0)
    s.user(0, "Cap Ferrat Express is on B9 tonight, departure draft 14.4 m after loading. The predictions say the "
              "sailing window opens around 21:30 but the surge forecast is negative. Watch the gauge and confirm "
              "her departure slot once there is 0.6 m under keel.")
    s.say("B9 is dredged to 13.9 m CD, so she needs 14.4 + 0.6 - 13.9 = 1.1 m of tide. Reading the gauge.",
          ("read_tide_gauge", {"station": "ALD-GAUGE-2"}))
    levels = [0.48, 0.59, 0.71, 0.82, 0.91, 1.00, 1.07, 1.15, 1.24]
    t = 20
    base = (2024, 3, 14, 20, 10)
    for i, lv in enumerate(levels):
        pred = round(lv + 0.17 - i * 0.004, 2)
        s.tool(t, [{"station": "ALD-GAUGE-2", "level_cd_m": lv, "predicted_m": pred, "residual_m": round(lv - pred, 2),
                    "trend": "rising", "observed_at": iso(base, t)}])
        need = round(1.1 - lv, 2)
        if lv < 1.1:
            s.say("%.2f m above CD (%.2f m below prediction, surge holding). Still %.2f m short of the 1.10 m she needs; "
                  "rising about %.2f m per 10 min. Next reading in 10 minutes." % (lv, pred - lv, need, 0.11 if i < 4 else 0.08),
                  ("read_tide_gauge", {"station": "ALD-GAUGE-2"}))
            t += 600 + (i % 2) * 15
        else:
            s.say("1.24 m and rising - 0.74 m UKC now. Checking the remaining window before proposing the departure slot.",
                  ("check_tide_window", {"vessel": "Cap Ferrat Express", "berth_id": "B9", "date": "2024-03-14"}))
            t += 9
    s.tool(t, [{"vessel": "Cap Ferrat Express", "berth_id": "B9", "windows": [{"from": "2024-03-14T21:38Z", "to": "2024-03-15T01:05Z", "hw": "23:21Z 4.5 m"}], "note": "window computed with observed residual -0.17 m"}])
    s.say("Window 21:38-01:05Z with the observed surge. Proposing unberthing at 22:00Z with pilot boarding 21:40Z.",
          ("propose_allocation", {"vessel": "Cap Ferrat Express", "berth_id": "B9", "start": "2024-03-14T22:00:00Z", "end": "2024-03-14T22:45:00Z", "remarks": "unberthing; UKC 0.74 m at 21:40"}))
    t += 8
    s.tool(t, [{"plan_id": "PLN-240314-0192", "status": "ACCEPTED", "pilot": "Capt. R. Ibsen", "tugs": ["Svitzer Aldo", "Svitzer Brann"]}])
    s.say("Accepted: Cap Ferrat Express unberths 22:00Z from B9, pilot Capt. R. Ibsen boards 21:40Z, tugs Svitzer Aldo "
          "and Svitzer Brann. The tide ran 0.17 m under prediction all evening, so the window is about 25 minutes later "
          "than the tables.")
    t += 420
    s.user(t, "Great, thanks. Log the surge residual in the shift notes too.")
    s.healthy("Polls a rising tide gauge every ten minutes; every reading is higher and the agent reports the shrinking "
              "gap, then books the departure once the under-keel clearance is reached.")
    return s


def marine_healthy_2():
    s = Session("marine_berth_planner", "healthy", MARINE_SYS, [T_SCHED, T_BERTH, T_PROPOSE],
                user="planner.vasquez", model_pick=1)
    s.user(0, "Weekend plan: allocate everything arriving Saturday. Keep reefers on B6/B7 where possible and don't "
              "put anything over 12 m draft on B1-B2.")
    s.say(None, ("get_vessel_schedule", {"from": "2024-03-16T00:00:00Z", "to": "2024-03-17T00:00:00Z"}))
    ships = [
        ("Ever Lucent", "9811000", 268.0, 12.4, "01:10", "B6", "01:30", "17:00", 210),
        ("Pacific Wren", "9478820", 182.5, 9.8, "03:45", "B2", "04:00", "13:30", 0),
        ("Nordkap Trader", "9351122", 199.9, 10.6, "05:20", "B4", "05:40", "16:10", 12),
        ("ZIM Ashdod", "9699012", 259.8, 12.9, "08:05", "B8", "08:30", "23:50", 40),
        ("Baltic Fulmar", "9124417", 141.0, 7.9, "09:30", "B1", "09:45", "15:00", 0),
        ("Cosco Harmony", "9783410", 299.9, 14.1, "12:40", "B9", "13:00", "23:59", 96),
        ("Sea Lynx", "9586230", 169.6, 9.2, "14:15", "B2", "14:30", "22:00", 4),
        ("Hamburg Bridge", "9708855", 254.0, 12.2, "17:55", "B7", "18:10", "23:59", 260),
    ]
    sched = {"window": "2024-03-16", "arrivals": [{"vessel": v, "imo": i, "loa_m": l, "draft_m": d, "eta": "2024-03-16T%sZ" % e, "reefers": r} for v, i, l, d, e, b, st, en, r in ships]}
    t = 5
    s.tool(t, [sched])
    s.say("Eight arrivals. I'll place them in ETA order and check each berth as I go.", ("get_berth", {"berth_id": ships[0][5]}))
    lengths = {"B1": 160, "B2": 190, "B4": 230, "B6": 300, "B7": 280, "B8": 300, "B9": 320}
    depths = {"B1": 9.5, "B2": 11.0, "B4": 12.5, "B6": 14.0, "B7": 14.2, "B8": 14.5, "B9": 15.5}
    for k, (v, imo, loa, dr, eta, b, st, en, reef) in enumerate(ships):
        t += 6 + k % 3
        s.tool(t, [{"berth_id": b, "quay_length_m": lengths[b], "mooring_allowance_m": 10.0, "depth_cd_m": depths[b],
                    "occupied_by": None if k != 6 else "Pacific Wren", "occupied_until": None if k != 6 else "2024-03-16T13:30Z"}])
        s.say("%s: %.1f m LOA, %.1f m draft fits %s. Proposing %s-%sZ." % (v, loa, dr, b, st, en),
              ("propose_allocation", {"vessel": v, "berth_id": b, "start": "2024-03-16T%s:00Z" % st, "end": "2024-03-16T%s:00Z" % en,
                                      "remarks": "reefers %d" % reef if reef else "no reefers"}))
        t += 7
        s.tool(t, [{"plan_id": "PLN-240316-%04d" % (31 + k), "status": "ACCEPTED", "cranes": 2 + (k % 3)}])
        if k + 1 < len(ships):
            s.say("%s accepted (PLN-240316-%04d). Next: %s." % (v, 31 + k, ships[k + 1][0]),
                  ("get_berth", {"berth_id": ships[k + 1][5]}))
    s.say("All eight Saturday arrivals are allocated and accepted (PLN-240316-0031 to -0038). The reefer ships are on B6 "
          "(Ever Lucent) and B7 (Hamburg Bridge); Sea Lynx follows Pacific Wren on B2 after 13:30Z, and nothing over 12 m draft "
          "is on B1-B2.")
    t += 300
    s.user(t, "Perfect. Send it to the gang-planning list.")
    s.healthy("Places eight different arrivals one after another with the same get_berth/propose pair; each vessel, "
              "berth and plan id is new and the plan completes.")
    return s

# =====================================================================================
# 2. dental_claims_coder
# =====================================================================================
DENTAL_SYS = (
    "You are ClaimScribe, a dental billing assistant for Riverside Family Dental (NPI 1487726350). You read chart "
    "notes, assign CDT 2024 codes with tooth numbers/quadrants, validate claims against payer edits and submit "
    "837D claims through the Vyne clearinghouse. Do not invent clinical facts that are not in the chart.")
T_NOTE = tool("get_chart_note", "Clinical note and attachments for one encounter.", {"encounter_id": S()})
T_VALID = tool("validate_claim", "Run payer scrubber edits on a draft claim.",
               {"encounter_id": S(), "payer": S(), "lines": S("array", items={"type": "object"}), "attachments": S("array", items={"type": "string"})},
               ["encounter_id", "payer", "lines"])
T_SUBMIT = tool("submit_claim", "Submit a validated claim as 837D.", {"encounter_id": S(), "validation_id": S()})
T_ELIG = tool("check_eligibility", "Real-time 270/271 eligibility request to the payer.",
              {"member_id": S(), "payer_id": S(), "dob": S(), "service_type": S()})
T_QUEUE = tool("list_unbilled", "Encounters completed but not yet billed.", {"provider": S(), "date": S()})


def dental_runaway_1():
    s = Session("dental_claims_coder", "runaway", DENTAL_SYS, [T_NOTE, T_VALID, T_SUBMIT], user="billing.tkaur", model_pick=0)
    s.user(0, "Please code and submit ENC-88213 (Dr. Okafor, 11 Mar). Delta Dental PPO. Patient had SRP.")
    s.say(None, ("get_chart_note", {"encounter_id": "ENC-88213"}))
    s.tool(5, [{"encounter_id": "ENC-88213", "patient": "Harold Mbeki", "dos": "2024-03-11", "provider": "Dr. C. Okafor",
                "note": "Pt presents for SRP UR and LR. 4-6 mm pockets #2,#3,#4,#5 (UR) and #28,#29,#30,#31 (LR), BOP+. "
                        "Local anesth 2% lido 1:100k x2 carpules. SRP completed UR and LR with Cavitron and hand instr. "
                        "OHI given. Re-eval 6 wks. Arestin not placed.",
                "attachments": [{"type": "xray", "desc": "FMX 2023-02-02"}], "perio_charting": None}])
    lines_a = [{"cdt": "D4341", "quad": "UR", "fee": 245.00}, {"cdt": "D4341", "quad": "LR", "fee": 245.00}]
    lines_b = [{"cdt": "D4342", "quad": "UR", "fee": 180.00}, {"cdt": "D4342", "quad": "LR", "fee": 180.00}]
    s.say("Four teeth with 4-6 mm pockets in each quadrant, so D4341 for UR and LR.",
          ("validate_claim", {"encounter_id": "ENC-88213", "payer": "DDPA-PPO", "lines": lines_a, "attachments": ["FMX 2023-02-02"]}))
    err = ("REJ-A17 Periodontal scaling (D4341/D4342) requires a full-mouth periodontal charting dated within 12 months "
           "of DOS (attachment type PC). Attached: XR only.")
    t = 12
    v = 4410
    attempts = [
        ("The edit may be tripping on the four-teeth threshold; recoding as D4342 (1-3 teeth) per quadrant.", lines_b, ["FMX 2023-02-02"]),
        ("D4342 hits the same edit. Going back to D4341 - four teeth per quadrant is what the note supports - and adding the x-ray as bone-loss evidence.", lines_a, ["FMX 2023-02-02", "narrative: radiographic bone loss"]),
        ("Trying D4342 again with a narrative that pockets were 4-6 mm.", lines_b, ["narrative: 4-6 mm pockets BOP+"]),
        ("Switching back to D4341 with the pocket narrative.", lines_a, ["FMX 2023-02-02", "narrative: 4-6 mm pockets BOP+"]),
        ("Perhaps it wants one quadrant per claim. D4341 UR only.", lines_a[:1], ["FMX 2023-02-02"]),
        ("D4342 UR only, then.", lines_b[:1], ["FMX 2023-02-02"]),
        ("Back to both quadrants as D4341 with x-ray and narrative.", lines_a, ["FMX 2023-02-02", "narrative: SRP indicated per pocket depths"]),
        ("Trying D4342 for both quadrants once more.", lines_b, ["FMX 2023-02-02"]),
        ("Resubmitting D4341 x2.", lines_a, ["FMX 2023-02-02"]),
    ]
    for k, (txt, lines, att) in enumerate(attempts):
        v += 3 + k
        s.tool(t, [{"validation_id": "VAL-%d" % v, "result": "FAIL", "errors": [err], "warnings": [] if k % 2 else ["W-12 fee above UCR 80th pct for ZIP 97214"]}])
        s.say(txt, ("validate_claim", {"encounter_id": "ENC-88213", "payer": "DDPA-PPO", "lines": lines, "attachments": att}))
        t += 9 + (k * 5) % 7
    s.tool(t, [{"validation_id": "VAL-%d" % (v + 11), "result": "FAIL", "errors": [err], "warnings": []}])
    s.runaway(4, 8, "Every draft fails the payer edit for a missing periodontal charting; the agent flips between D4341 and "
                    "D4342 and reshuffles narratives instead of asking for the charting. Turn 4 is the second identical "
                    "rejection; after four it is clearly stuck.")
    return s


def dental_runaway_2():
    s = Session("dental_claims_coder", "runaway", DENTAL_SYS, [T_ELIG, T_NOTE], user="frontdesk.gbrennan", model_pick=1, max_tokens=600)
    s.user(0, "Can you verify eligibility for Maria Lindqvist before tomorrow's crown prep on #19 (D2740)? MetLife, member "
              "ID 884120937, DOB 1979-06-02.")
    s.say("Running a real-time eligibility check with MetLife.",
          ("check_eligibility", {"member_id": "884120937", "payer_id": "65978", "dob": "1979-06-02", "service_type": "35"}))
    t = 4
    for k in range(11):
        s.tool(t, ["271 response\nTRN*2*%s*9RIVERSIDE~\nNM1*PR*2*METLIFE DENTAL*****PI*65978~\nAAA*Y**42*R~\n"
                   "(AAA 42 = Unable to Respond at Current Time; follow-up R = Resubmission Allowed)\nreceived %s"
                   % (h("trn", k, n=10).upper(), iso((2024, 3, 18, 15, 2), t))])
        if k < 10:
            s.say("Retrying." if k % 4 != 3 else "The payer did not respond. Retrying the eligibility request.",
                  ("check_eligibility", {"member_id": "884120937", "payer_id": "65978", "dob": "1979-06-02", "service_type": "35"}))
        t += 4 + (k % 3)
    s.runaway(3, 6, "MetLife's 271 keeps answering AAA 42 (payer system unavailable); the agent resends the identical 270 "
                    "every few seconds with no backoff and never tells the front desk. Turn 3 is the first identical retry.")
    return s


def dental_healthy_1():
    s = Session("dental_claims_coder", "healthy",
                "You help a dental biller choose CDT 2024 codes from pasted chart notes. Answer with the codes, tooth/"
                "surface or quadrant, and one line on why. Flag anything that needs documentation.",
                [], user="billing.tkaur", model_pick=0, max_tokens=700)
    notes = [
        ("Pt 1 - 8yo, recall. Prophy, fl varnish, 2 BWX. Sealants #3 #14 occlusal.",
         "D1120 prophylaxis - child; D1206 topical fluoride varnish; D0272 bitewings - two radiographic images; D1351 sealant #3 and #14 (per tooth, 2 units). Recall exam not in note - if Dr. examined, add D0120."),
        ("next: 54yo, #30 MOD composite, caries to dentin, no pulp exposure.",
         "D2393 resin-based composite - three surfaces, posterior, #30 MOD. Note supports it as written."),
        ("next one. Emergency, pain UL, PA of #14, dx irreversible pulpitis, pulpal debridement, temp.",
         "D0140 limited oral evaluation - problem focused; D0220 periapical first image (#14); D3221 pulpal debridement, #14. Don't add D3330 - RCT was not completed."),
        ("#8 and #9 porcelain/ceramic crowns, preps + final imps today, temps placed.",
         "Bill D2740 crown - porcelain/ceramic for #8 and #9 on the seat date if the payer pays on seat (most do); on prep date only if the payer uses prep-date billing. Temps are included - no D2799."),
        ("next: ext #32 erupted, elevated mucoperiosteal flap, removed bone, sectioned tooth",
         "D7210 extraction, erupted tooth requiring removal of bone and/or sectioning, #32. The flap and bone removal support D7210 over D7140; keep the narrative."),
        ("perio maint, 4 quads, 62yo, hx SRP 2022",
         "D4910 periodontal maintenance. SRP history supports D4910 rather than D1110. Some payers want the last SRP date in the remarks - 2022 is fine."),
        ("next - night guard delivered, hard acrylic, maxillary",
         "D9944 occlusal guard - hard appliance, full arch. Many plans exclude it; check the benefit before billing."),
        ("implant crown #19 delivered, screw retained, porcelain fused to high noble",
         "D6066 implant supported crown - porcelain fused to high noble alloys, #19. Include the implant placement date if the payer asks for missing-tooth history."),
        ("last one today: comprehensive eval new pt, FMX, prophy adult",
         "D0150 comprehensive oral evaluation - new or established patient; D0210 intraoral complete series; D1110 prophylaxis - adult. That's the batch done - 9 encounters coded."),
    ]
    t = 0
    for k, (q, a) in enumerate(notes):
        s.user(t, q)
        if k < len(notes) - 1:
            s.say(a)
        t += 95 + (k * 37) % 80
    s.healthy("A biller pastes one short chart note after another ('next') and gets codes back; the requests look alike "
              "but each note and answer is new. Tool-less.")
    return s


def dental_healthy_2():
    s = Session("dental_claims_coder", "healthy", DENTAL_SYS, [T_QUEUE, T_VALID, T_SUBMIT], user="billing.tkaur", model_pick=1)
    s.user(0, "Submit yesterday's hygiene claims for Dr. Patel's column. All validated already this morning.")
    s.say(None, ("list_unbilled", {"provider": "Dr. A. Patel", "date": "2024-03-18"}))
    encs = [("ENC-88301", "VAL-4512"), ("ENC-88305", "VAL-4513"), ("ENC-88309", "VAL-4515"), ("ENC-88314", "VAL-4519"), ("ENC-88322", "VAL-4520")]
    t = 3
    s.tool(t, [{"provider": "Dr. A. Patel", "date": "2024-03-18", "encounters": [{"encounter_id": e, "validation_id": v, "status": "validated"} for e, v in encs]}])
    s.say("Five validated encounters. Submitting them one at a time.", ("submit_claim", {"encounter_id": encs[0][0], "validation_id": encs[0][1]}))
    t += 5
    s.tool(t, [{"encounter_id": encs[0][0], "status": "ACCEPTED", "claim_id": "VYN-7731-0091", "payer": "Cigna Dental"}])
    s.say("ENC-88301 accepted. Next.", ("submit_claim", {"encounter_id": encs[1][0], "validation_id": encs[1][1]}))
    t += 6
    s.tool(t, [{"encounter_id": encs[1][0], "status": "ACCEPTED", "claim_id": "VYN-7731-0092", "payer": "Delta Dental"}])
    s.say("ENC-88305 accepted. Submitting ENC-88309.", ("submit_claim", {"encounter_id": encs[2][0], "validation_id": encs[2][1]}))
    t += 5
    s.tool(t, [{"error": "HTTP 503 Service Unavailable", "detail": "Vyne gateway maintenance in progress", "retry_after_s": 30}])
    s.say("The clearinghouse returned 503 with Retry-After 30 s. Waiting 30 s before retrying ENC-88309.",
          ("submit_claim", {"encounter_id": encs[2][0], "validation_id": encs[2][1]}))
    t += 36
    s.tool(t, [{"error": "HTTP 503 Service Unavailable", "detail": "Vyne gateway maintenance in progress", "retry_after_s": 90}])
    s.say("Still in maintenance; Retry-After is now 90 s. One more attempt after that, then I'll report back if it's still down.",
          ("submit_claim", {"encounter_id": encs[2][0], "validation_id": encs[2][1]}))
    t += 97
    s.tool(t, [{"encounter_id": encs[2][0], "status": "ACCEPTED", "claim_id": "VYN-7731-0093", "payer": "MetLife"}])
    s.say("Gateway back - ENC-88309 accepted. Continuing with ENC-88314.", ("submit_claim", {"encounter_id": encs[3][0], "validation_id": encs[3][1]}))
    t += 5
    s.tool(t, [{"encounter_id": encs[3][0], "status": "ACCEPTED", "claim_id": "VYN-7731-0094", "payer": "Delta Dental"}])
    s.say(None, ("submit_claim", {"encounter_id": encs[4][0], "validation_id": encs[4][1]}))
    t += 6
    s.tool(t, [{"encounter_id": encs[4][0], "status": "REJECTED", "errors": ["E-210 subscriber DOB does not match payer file (sent 1988-11-04)"]}])
    s.say("ENC-88322 was rejected, not for a gateway reason: the subscriber DOB 1988-11-04 doesn't match the payer's file. "
          "I won't resubmit that one blindly. Could you check the insurance card? The other four are accepted "
          "(VYN-7731-0091 to -0094).")
    t += 410
    s.user(t, "Card says 1988-04-11, front desk swapped day and month. Fix and send.")
    s.say("Correcting the subscriber DOB to 1988-04-11 and re-validating.",
          ("validate_claim", {"encounter_id": "ENC-88322", "payer": "DDPA-PPO", "lines": [{"cdt": "D1110", "fee": 112.0}, {"cdt": "D0120", "fee": 58.0}, {"cdt": "D0274", "fee": 76.0}]}))
    t += 8
    s.tool(t, [{"validation_id": "VAL-4561", "result": "PASS", "errors": [], "warnings": []}])
    s.say(None, ("submit_claim", {"encounter_id": "ENC-88322", "validation_id": "VAL-4561"}))
    t += 6
    s.tool(t, [{"encounter_id": "ENC-88322", "status": "ACCEPTED", "claim_id": "VYN-7731-0097", "payer": "Delta Dental"}])
    s.say("ENC-88322 accepted as VYN-7731-0097. All five of Dr. Patel's hygiene claims from 18 March are submitted.")
    t += 240
    s.user(t, "Thanks!")
    s.healthy("Submits a batch of claims; one hits clearinghouse 503s and is retried twice following Retry-After, then "
              "accepted; a genuine rejection is escalated to the user and fixed.")
    return s

# =====================================================================================
# 3. legacy_php_test_fixer
# =====================================================================================
PHP_SYS = (
    "You are a coding agent working in the repository `acme/billing-portal` (PHP 7.4 -> 8.1 migration, PHPUnit 9.6, "
    "Composer 2). Use the tools to run tests, read and edit files. Keep changes minimal and explain each one.")
T_RUN = tool("run_tests", "Run vendor/bin/phpunit with an optional --filter; returns the tail of the output.",
             {"filter": S(d="test name filter, empty for full suite")}, [])
T_READ = tool("read_file", "Read a file from the repository.", {"path": S()})
T_EDIT = tool("edit_file", "Replace an exact snippet in a file.", {"path": S(), "old": S(), "new": S()})
T_SHELL = tool("run_shell", "Run a shell command in the repository root (60 s limit).", {"cmd": S()})


def phpunit_fail(test, file_line, expected, actual, n_tests, secs, mem):
    return ("PHPUnit 9.6.13 by Sebastian Bergmann and contributors.\n\nRuntime:       PHP 8.1.27\nConfiguration: /srv/app/phpunit.xml\n\n"
            "%s\n\nTime: 00:%s, Memory: %s MB\n\nThere was 1 failure:\n\n1) %s\nFailed asserting that two strings are identical.\n"
            "--- Expected\n+++ Actual\n@@ @@\n-'%s'\n+'%s'\n\n%s\n\nFAILURES!\nTests: %d, Assertions: %d, Failures: 1."
            % ("." * 40 + "F" + "." * 7, secs, mem, test, expected, actual, file_line, n_tests, n_tests * 3 + 7))


def php_runaway_1():
    s = Session("legacy_php_test_fixer", "runaway", PHP_SYS, [T_RUN, T_READ, T_EDIT], user="dev.mhalloran", model_pick=0, max_tokens=2048)
    s.user(0, "CI is red on the php81 branch, only InvoiceFormatterTest. Please get it green without touching the tests.")
    s.say(None, ("run_tests", {"filter": ""}))
    inv = lambda secs, mem: phpunit_fail("Acme\\Tests\\Billing\\InvoiceFormatterTest::testFormatsDueDateForUsCustomers",
                                         "/srv/app/tests/Billing/InvoiceFormatterTest.php:58", "03/15/2024", "15/03/2024", 48, secs, mem)
    rep = lambda secs, mem: phpunit_fail("Acme\\Tests\\Legacy\\ReportExportTest::testCsvDateColumn",
                                         "/srv/app/tests/Legacy/ReportExportTest.php:112", "15/03/2024", "03/15/2024", 48, secs, mem)
    t = 9
    s.tool(t, [inv("01.412", "22.00")])
    s.say("The US due date comes out day-first. Reading the formatter.", ("read_file", {"path": "src/Billing/InvoiceFormatter.php"}))
    t += 3
    s.tool(t, ["<?php\nnamespace Acme\\Billing;\n\nuse Acme\\Support\\DateFmt;\n\nfinal class InvoiceFormatter\n{\n    public function dueDate(Invoice $inv): string\n    {\n"
               "        // shared with legacy CSV export\n        return DateFmt::short($inv->dueAt());\n    }\n}\n\n// src/Support/DateFmt.php\n// public static function short(\\DateTimeInterface $d): string { return $d->format('d/m/Y'); }\n"])
    fix = ("src/Support/DateFmt.php", "return $d->format('d/m/Y');", "return $d->format('m/d/Y');")
    back = ("src/Support/DateFmt.php", "return $d->format('m/d/Y');", "return $d->format('d/m/Y');")
    cycle = [
        ("DateFmt::short uses d/m/Y; US invoices need m/d/Y. Changing the shared format.", ("edit_file", dict(zip(("path", "old", "new"), fix))), "Edited src/Support/DateFmt.php (1 line)."),
        (None, ("run_tests", {"filter": ""}), "REP"),
        ("That broke ReportExportTest, which expects day-first. Reverting DateFmt to keep the CSV export right.", ("edit_file", dict(zip(("path", "old", "new"), back))), "Edited src/Support/DateFmt.php (1 line)."),
        (None, ("run_tests", {"filter": ""}), "INV"),
    ]
    rewords = [
        ["InvoiceFormatterTest wants month-first. Switching DateFmt::short to m/d/Y.", None,
         "ReportExportTest fails again with m/d/Y. Restoring d/m/Y.", None],
        ["Back to the invoice failure. Applying m/d/Y in DateFmt so the US invoice passes.", None,
         "The CSV export needs d/m/Y, reverting.", None],
        ["Setting DateFmt::short to 'm/d/Y' for the invoice test.", None,
         "Undoing - the report export regressed.", None],
    ]
    out_n = 0
    for rep_i in range(4):
        for j, (txt, call, res) in enumerate(cycle):
            if rep_i > 0 and rewords[(rep_i - 1) % 3][j] is not None:
                txt = rewords[(rep_i - 1) % 3][j]
            s.say(txt, call)
            t += 4 if call[0] == "edit_file" else 8 + (out_n % 3)
            out_n += 1
            secs = "01.%03d" % (380 + (out_n * 37) % 90)
            if res == "REP":
                res = rep(secs, "22.00")
            elif res == "INV":
                res = inv(secs, "22.00")
            s.tool(t, [res])
            if rep_i == 3 and j == 1:
                break
        if rep_i == 3:
            break
    s.runaway(7, 13, "A shared date helper serves two tests with opposite expectations; the agent edits it, sees the other "
                     "test fail, reverts, sees the first fail again - a period-4 edit/test/revert/test cycle. Turn 7 brings "
                     "back the original failure after the revert; two full cycles by turn 13.")
    return s


def php_runaway_2():
    s = Session("legacy_php_test_fixer", "runaway", PHP_SYS, [T_RUN, T_SHELL, T_READ], user="dev.sbakare", model_pick=1, max_tokens=2048)
    s.user(0, "After bumping phpunit to ^9.6 in composer.json the whole suite dies. Can you sort it out?")
    s.say(None, ("run_tests", {"filter": ""}))

    def fatal(t):
        return ("PHPUnit 9.6.13 by Sebastian Bergmann and contributors.\n\nPHP Fatal error:  Uncaught Error: Class \"PHPUnit_Framework_TestCase\" not found "
                "in /srv/app/tests/Legacy/AbstractDbTestCase.php:14\nStack trace:\n#0 /srv/app/vendor/composer/ClassLoader.php(571): include()\n"
                "#1 /srv/app/vendor/composer/ClassLoader.php(428): Composer\\Autoload\\includeFile('/srv/app/vendor...')\n"
                "#2 /srv/app/tests/Legacy/CustomerRepositoryTest.php(9): Composer\\Autoload\\ClassLoader->loadClass('Acme\\\\Tests\\\\Lega...')\n"
                "#3 {main}\n  thrown in /srv/app/tests/Legacy/AbstractDbTestCase.php on line 14\n[run %s at %s]"
                % (h("run", t, n=7), iso((2024, 3, 19, 13, 20), t)))
    t = 11
    s.tool(t, [fatal(t)])
    s.say("The old PHPUnit 5 base class is missing. Probably a stale autoloader - regenerating it.",
          ("run_shell", {"cmd": "composer dump-autoload -o"}))
    cmds = [
        ("composer dump-autoload -o", "Generating optimized autoload files\nGenerated optimized autoload files containing 4127 classes"),
        ("rm -rf vendor && composer install --no-interaction", "Installing dependencies from lock file (including require-dev)\nPackage operations: 71 installs, 0 updates, 0 removals\n  - Installing phpunit/phpunit (9.6.13): Extracting archive\nGenerating autoload files\n63 packages you are using are looking for funding."),
        ("composer clear-cache && composer install", "Cache directory does not exist (cache-vcs-dir): \nClearing cache (cache-repo-dir): /home/app/.cache/composer/repo\nAll caches cleared.\nInstalling dependencies from lock file (including require-dev)\nNothing to install, update or remove\nGenerating autoload files"),
        ("composer update phpunit/phpunit --with-all-dependencies", "Loading composer repositories with package information\nUpdating dependencies\nNothing to modify in lock file\nGenerating autoload files"),
        ("composer dump-autoload --classmap-authoritative", "Generating optimized autoload files (authoritative)\nGenerated optimized autoload files containing 4127 classes"),
        ("composer install --prefer-source", "Installing dependencies from lock file (including require-dev)\nNothing to install, update or remove\nGenerating autoload files"),
        ("php -d opcache.enable_cli=0 vendor/bin/phpunit --version", "PHPUnit 9.6.13 by Sebastian Bergmann and contributors."),
    ]
    lead = ["Autoloader regenerated. Re-running.", "Fresh vendor install done. Running the suite.", "Caches cleared. Trying the tests again.",
            "phpunit is up to date. Running again.", "Authoritative classmap built. Running.", "Installed. Tests again.", "Version looks right. Running tests."]
    after = ["Same fatal. Maybe vendor is corrupted - reinstalling from scratch.", "Still not found. Clearing Composer's cache in case a bad archive was cached.",
             "Same error. Updating phpunit and its dependencies.", "Still failing. Trying an authoritative classmap.",
             "No change. Installing from source in case the dist archive is missing the class.", "Same fatal error. Checking whether opcache is serving old files.",
             "Still the same. Regenerating the autoloader once more."]
    for k, (cmd, out) in enumerate(cmds):
        if k > 0:
            s.say(after[k - 1], ("run_shell", {"cmd": cmd}))
        t += 14 + (k * 11) % 40
        s.tool(t, [out])
        s.say(lead[k], ("run_tests", {"filter": ""}))
        t += 10 + k % 4
        s.tool(t, [fatal(t)])
    s.runaway(4, 10, "PHPUnit 9 no longer ships PHPUnit_Framework_TestCase, so the test base class must be edited; the agent "
                     "keeps reinstalling and re-autoloading instead, and every run shows the same fatal under a new run id and "
                     "time. Turn 4 is the first 'fixed' run failing identically; three Composer rituals later it should stop.")
    return s


def php_healthy_1():
    s = Session("legacy_php_test_fixer", "healthy", PHP_SYS, [T_RUN, T_EDIT, T_READ], user="dev.mhalloran", model_pick=2, max_tokens=2048)
    s.user(0, "Switch the container to PHP 8.1 and fix whatever breaks in tests/Legacy. Go group by group.")
    s.say(None, ("run_tests", {"filter": "Legacy"}))

    def summary(fails, extra):
        return ("PHPUnit 9.6.13 by Sebastian Bergmann and contributors.\nRuntime: PHP 8.1.27\n\n%s\n\nTests: 63, Assertions: 201, %s"
                % (extra, ("Failures: %d, Errors: 0." % fails) if fails else "OK (63 tests, 201 assertions)"))
    groups = [
        (14, "Deprecated: strlen(): Passing null to parameter #1 ($string) of type string is deprecated in src/Legacy/Csv/RowParser.php on line 41 (x6)\n"
             "Error: Call to undefined function each() in src/Legacy/Menu/TreeWalker.php:77 (x3)\nError: Call to undefined function create_function() in src/Legacy/Report/Filters.php:19 (x3)\n"
             "TypeError: count(): Argument #1 ($value) must be of type Countable|array, null given in src/Legacy/Cart/Totals.php:102 (x2)",
         "src/Legacy/Csv/RowParser.php", "if (strlen($cell) === 0) {", "if ($cell === null || $cell === '') {",
         "Fourteen failures in four groups. Starting with the six null-to-strlen deprecations in RowParser."),
        (8, "Error: Call to undefined function each() in src/Legacy/Menu/TreeWalker.php:77 (x3)\nError: Call to undefined function create_function() in src/Legacy/Report/Filters.php:19 (x3)\n"
            "TypeError: count(): Argument #1 ($value) must be of type Countable|array, null given in src/Legacy/Cart/Totals.php:102 (x2)",
         "src/Legacy/Menu/TreeWalker.php", "while (list($key, $child) = each($children)) {", "foreach ($children as $key => $child) {",
         "RowParser is fixed (14 -> 8). Next: each() in TreeWalker, replaced with foreach."),
        (5, "Error: Call to undefined function create_function() in src/Legacy/Report/Filters.php:19 (x3)\n"
            "TypeError: count(): Argument #1 ($value) must be of type Countable|array, null given in src/Legacy/Cart/Totals.php:102 (x2)",
         "src/Legacy/Report/Filters.php", "$cb = create_function('$r', 'return $r[\"' . $field . '\"] ' . $op . ' ' . var_export($value, true) . ';');",
         "$cb = static fn(array $r): bool => self::compare($r[$field], $op, $value);",
         "TreeWalker is done (8 -> 5). create_function() in Filters becomes an arrow function via a small compare() helper."),
        (2, "TypeError: count(): Argument #1 ($value) must be of type Countable|array, null given in src/Legacy/Cart/Totals.php:102 (x2)",
         "src/Legacy/Cart/Totals.php", "if (count($this->coupons) > 0) {", "if (!empty($this->coupons)) {",
         "Filters passes (5 -> 2). The last two: count(null) in Cart Totals when a cart has no coupons."),
    ]
    t = 12
    for k, (fails, detail, path, old, new, msg) in enumerate(groups):
        s.tool(t, [summary(fails, detail)])
        s.say(msg, ("edit_file", {"path": path, "old": old, "new": new}))
        t += 5
        s.tool(t, ["Edited %s (1 hunk)." % path])
        if k == 2:
            s.say("Adding the compare() helper that the arrow function uses.", ("edit_file", {"path": path, "old": "final class Filters\n{", "new": "final class Filters\n{\n    private static function compare($a, string $op, $b): bool\n    {\n        return match ($op) { '==' => $a == $b, '!=' => $a != $b, '<' => $a < $b, '>' => $a > $b, default => throw new \\InvalidArgumentException($op) };\n    }\n"}))
            t += 5
            s.tool(t, ["Edited %s (1 hunk)." % path])
        s.say("Re-running the Legacy group.", ("run_tests", {"filter": "Legacy"}))
        t += 11 + k
    s.tool(t, [summary(0, "...............................................................")])
    s.say("tests/Legacy is green on PHP 8.1 (63 tests). Four changes: null-safe cell check in RowParser, foreach instead of "
          "each() in TreeWalker, an arrow function plus compare() helper instead of create_function() in Filters, and "
          "empty() instead of count() on a nullable in Totals.")
    t += 300
    s.user(t, "Nice. Commit that as one commit per file please.")
    s.healthy("A test/edit/test loop where the failure count falls 14 -> 8 -> 5 -> 2 -> 0 and every edit targets a different "
              "PHP 8.1 incompatibility.")
    return s


def php_healthy_2():
    s = Session("legacy_php_test_fixer", "healthy", PHP_SYS, [T_RUN, T_EDIT], user="dev.sbakare", model_pick=0, max_tokens=1500)
    s.user(0, "SessionLockTest::testConcurrentRelease was flaky (~1 in 5 on CI). I pushed a fix that uses flock() with "
              "LOCK_NB and a retry. Run that test six times in a row to make sure, then the full suite.")
    s.say("Running it six times, one run per call so each gets a fresh process.", ("run_tests", {"filter": "SessionLockTest::testConcurrentRelease"}))
    t = 7
    durs = ["0.914", "0.887", "1.042", "0.903", "0.958", "0.871"]
    for k, d in enumerate(durs):
        s.tool(t, ["PHPUnit 9.6.13 by Sebastian Bergmann and contributors.\nRuntime: PHP 8.1.27\nRandom Seed:   %d\n\n.   1 / 1 (100%%)\n\nTime: 00:%s, Memory: 10.00 MB\n\nOK (1 test, 4 assertions)"
                   % (1710850000 + 613 * (k + 1) + k * k, d)])
        if k < 5:
            s.say("Run %d/6: pass (%s s). Next run." % (k + 1, d), ("run_tests", {"filter": "SessionLockTest::testConcurrentRelease"}))
        t += 6 + k % 2
    s.say("Six passes in a row with different random seeds. Now the full suite.", ("run_tests", {"filter": ""}))
    t += 41
    s.tool(t, ["PHPUnit 9.6.13 by Sebastian Bergmann and contributors.\nRuntime: PHP 8.1.27\n\n...............................................................  63 / 312 ( 20%)\n"
               "...............................................................  126 / 312 ( 40%)\n...............................................................  189 / 312 ( 60%)\n"
               "...............................................................  252 / 312 ( 80%)\n............................................................    312 / 312 (100%)\n\n"
               "Time: 00:38.204, Memory: 88.00 MB\n\nOK (312 tests, 1174 assertions)"])
    s.say("The full suite passes: 312 tests. The lock test passed 6 of 6 isolated runs, where before it failed about 1 in 5. "
          "That's good evidence the flock()/LOCK_NB retry fixed the race, though six runs can't rule out a rarer interleaving.")
    t += 200
    s.user(t, "Good enough for me, merging.")
    s.healthy("The user asks for six identical runs of one formerly flaky test; the agent makes six identical calls that "
              "all pass, then runs the full suite once and reports.")
    return s

# =====================================================================================
# 4. orchestra_librarian
# =====================================================================================
LIB_SYS = (
    "You are the performance-library assistant of the Northbridge Philharmonic. You search the library catalogue "
    "(IMSLP-linked holdings plus owned and rented sets), check part inventories and prepare loan and rental "
    "requests for the principal librarian, Ines Marchetti.")
T_CAT = tool("search_catalog", "Search library holdings; paginated with an opaque cursor.", {"query": S(), "cursor": S(d="omit for first page")}, ["query"])
T_INV = tool("get_part_inventory", "Part counts and condition for one set.", {"set_id": S()})


def orchestra_runaway_1():
    s = Session("orchestra_librarian", "runaway",
                "You are desk_router in the Northbridge Philharmonic library's multi-agent desk. Agents: rentals_agent "
                "(publisher rentals), parts_agent (our own shelves and the parts database), bowings_agent (string-part "
                "markings). Each message is the output of the last agent. Reply with one line 'ROUTE -> <agent>: <task>' "
                "and nothing else. The case is closed only when the Viola 2 part is in the folder for rehearsal on 4 April.",
                [], user="svc.library-desk", model_pick=1, max_tokens=300)
    ring = [
        ("rentals_agent", "[rentals_agent] Schott rental set MAH-5-R-2291 (Mahler 5) arrived 18 Mar. Count check: Viola 2 part "
                          "missing (0 of 4 desks). Schott says the set left complete; suggest checking our own shelves for a "
                          "usable Viola 2 before I open a claim.",
         "ROUTE -> parts_agent: check owned holdings for a Mahler 5 Viola 2 part compatible with Schott set MAH-5-R-2291."),
        ("parts_agent", "[parts_agent] We own no Mahler 5 (catalogue 0 hits for set type OWNED). Public-domain Peters edition "
                        "exists on IMSLP but bar numbers differ from the Schott critical edition. Without a matching part, "
                        "bowings_agent can't transfer markings. Recommend rentals request a replacement.",
         "ROUTE -> bowings_agent: advise whether the Peters Viola 2 can take the Schott bowings."),
        ("bowings_agent", "[bowings_agent] Cannot mark Viola 2 without the Schott part the concertmaster bowed from; Peters "
                          "rehearsal letters differ from mvt III onwards. Back to rentals: a replacement Viola 2 from Schott is "
                          "needed.",
         "ROUTE -> rentals_agent: request a replacement Viola 2 part for MAH-5-R-2291 from Schott."),
    ]
    rewords = {
        "rentals_agent": ["[rentals_agent] Checked MAH-5-R-2291 again: Viola 2 still missing, 0/4. Schott maintains the set "
                          "shipped complete. Before a claim, please confirm we have nothing on our shelves.",
                          "[rentals_agent] Re: Mahler 5 Viola 2 - Schott's position unchanged (set complete at dispatch). "
                          "Asking parts to look in our holdings first.",
                          "[rentals_agent] MAH-5-R-2291: Viola 2 absent. Publisher won't replace until we confirm it isn't "
                          "misfiled here. Parts, please check."],
        "parts_agent": ["[parts_agent] Searched again: no owned Mahler 5. Only the IMSLP Peters edition, incompatible bar "
                        "numbering. bowings_agent would have to judge if markings can transfer; otherwise rentals should "
                        "get a replacement.",
                        "[parts_agent] Owned holdings: none for Mahler 5. Peters Viola 2 (IMSLP #41875) is the only option "
                        "and doesn't match the Schott edition. Suggest bowings check, then rentals.",
                        "[parts_agent] Nothing owned. Peters Viola 2 available from IMSLP, different bar numbers. Routing "
                        "recommendation: bowings then rentals."],
        "bowings_agent": ["[bowings_agent] Peters Viola 2 can't carry the Schott bowings (rehearsal letters diverge at mvt "
                          "III). Need the real Schott part - rentals must source it.",
                          "[bowings_agent] Same answer: markings won't transfer to Peters. Rentals needs to get the Schott "
                          "Viola 2.",
                          "[bowings_agent] Unable to mark a non-matching edition. Returning to rentals for a Schott "
                          "replacement."],
    }
    routes = {
        "rentals_agent": ["ROUTE -> parts_agent: re-check owned holdings for Mahler 5 Viola 2.",
                          "ROUTE -> parts_agent: confirm no misfiled Viola 2 for MAH-5-R-2291 on our shelves.",
                          "ROUTE -> parts_agent: search holdings for Mahler 5 Viola 2."],
        "parts_agent": ["ROUTE -> bowings_agent: assess Peters Viola 2 for Schott bowings.",
                        "ROUTE -> bowings_agent: can markings transfer to IMSLP #41875?",
                        "ROUTE -> bowings_agent: evaluate Peters edition Viola 2."],
        "bowings_agent": ["ROUTE -> rentals_agent: obtain replacement Schott Viola 2 for MAH-5-R-2291.",
                          "ROUTE -> rentals_agent: request Schott replacement Viola 2.",
                          "ROUTE -> rentals_agent: source the Schott Viola 2 part."],
    }
    t = 0
    count = {"rentals_agent": 0, "parts_agent": 0, "bowings_agent": 0}
    n = 15
    for k in range(n):
        agent, first_msg, first_route = ring[k % 3]
        c = count[agent]
        msg = first_msg if c == 0 else rewords[agent][(c - 1) % 3]
        route = first_route if c == 0 else routes[agent][(c - 1) % 3]
        count[agent] += 1
        s.user(t, msg)
        if k < n - 1:
            s.say(route)
        t += 38 + (k * 17) % 55
    s.runaway(4, 10, "A three-agent ring (rentals -> parts -> bowings -> rentals) passes the same missing-Viola-2 problem round "
                     "in reworded notes; nobody opens the publisher claim and nothing new is learned. Turn 4 starts the second "
                     "lap; after two more laps it should be stopped. Tool-less.")
    return s


def orchestra_runaway_2():
    s = Session("orchestra_librarian", "runaway", LIB_SYS, [T_CAT, T_INV], user="imarchetti", model_pick=2)
    s.user(0, "Ines here. I need a full list of every Dvořák work we hold in any form (owned or rental history) for the "
              "2025 festival proposal. Go through the whole catalogue result, don't stop at page 1.")
    s.say(None, ("search_catalog", {"query": "composer:Dvořák"}))
    pages = [
        [("DVO-SYM-09-O1", "Symphony No. 9 in E minor, Op. 95", "owned", "Simrock"), ("DVO-SYM-08-O1", "Symphony No. 8 in G major, Op. 88", "owned", "Bärenreiter"),
         ("DVO-CEL-104-R3", "Cello Concerto in B minor, Op. 104", "rental", "Bärenreiter"), ("DVO-SLD-46-O1", "Slavonic Dances, Op. 46", "owned", "Kalmus"),
         ("DVO-CAR-92-O1", "Carnival Overture, Op. 92", "owned", "Kalmus")],
        [("DVO-SYM-07-R1", "Symphony No. 7 in D minor, Op. 70", "rental", "Bärenreiter"), ("DVO-SER-22-O1", "Serenade for Strings, Op. 22", "owned", "Kalmus"),
         ("DVO-VLN-53-R2", "Violin Concerto in A minor, Op. 53", "rental", "Supraphon"), ("DVO-NOC-40-O1", "Nocturne in B major, Op. 40", "owned", "Simrock"),
         ("DVO-RUS-114-R1", "Rusalka: Polonaise", "rental", "Bärenreiter")],
        [("DVO-SLD-72-O1", "Slavonic Dances, Op. 72", "owned", "Kalmus"), ("DVO-WAT-107-R1", "The Water Goblin, Op. 107", "rental", "Supraphon"),
         ("DVO-STA-58-R1", "Stabat Mater, Op. 58", "rental", "Bärenreiter"), ("DVO-SYM-06-R1", "Symphony No. 6 in D major, Op. 60", "rental", "Bärenreiter"),
         ("DVO-LEG-59-O1", "Legends, Op. 59 (orch.)", "owned", "Simrock")],
    ]
    totals = 41
    t = 6

    def page(k, lap):
        p = k % 3
        # the cursor is regenerated on every call (it embeds the request time); page 3's cursor points back to page 1
        cursor = "eyJvZmYiOjUsInEiOiJEdm8iLCJ0cyI6%s" % h("cur", k, lap, n=12)
        return {"query": "composer:Dvořák", "page": p + 1, "total_hits": totals, "items": [{"set_id": a, "title": b, "holding": c, "edition": d} for a, b, c, d in pages[p]],
                "next_cursor": cursor, "served_at": iso((2024, 3, 20, 9, 14), t)}
    s.tool(t, [page(0, 0)])
    seen = 5
    lines = ["Page 1: 5 of 41 hits. Fetching the next page.", "Page 2: 10 of 41 so far. Next page.", "Page 3: 15 of 41. Continuing.",
             "Got another page (symphonies 9 and 8, cello concerto...). Continuing to the next cursor.",
             "Next page: Op. 70, Op. 22, violin concerto. Fetching more.", "More results - Slavonic Dances Op. 72, Water Goblin. Next cursor.",
             "Another page received. Continuing to collect the remaining hits.", "Continuing pagination.", "Next page.",
             "Still more to fetch (41 total). Next cursor.", "Continuing.", "Fetching the next page of Dvořák holdings.", "Next page."]
    for k in range(1, 14):
        s.say(lines[k - 1], ("search_catalog", {"query": "composer:Dvořák", "cursor": page(k - 1, 0)["next_cursor"]}))
        t += 3 + k % 3
        s.tool(t, [page(k, 0)])
    s.runaway(5, 10, "The catalogue's cursor from page 3 leads back to page 1 (each cursor string is new), so the agent pages "
                     "through the same 15 sets forever while believing it is collecting 41. Turn 5 is page 1 again; two "
                     "full repeats of the cycle by turn 10.")
    return s


def orchestra_healthy_1():
    s = Session("orchestra_librarian", "healthy",
                "You help an orchestra librarian write short, courteous emails. British English. Sign off as Ines Marchetti, "
                "Principal Librarian, Northbridge Philharmonic.", [], user="imarchetti", model_pick=0, max_tokens=900)
    asks = [
        ("Write an email to the Hallé library asking to borrow their marked parts of Elgar's Enigma Variations (Novello "
         "edition, strings 10.8.6.6.4) for our concerts on 14-15 June. We'll pay shipping both ways.",
         "Subject: Loan request - Elgar, Enigma Variations (Novello), June 2025\n\nDear colleagues at the Hallé Library,\n\nI hope "
         "you are well. Northbridge Philharmonic is performing Elgar's Enigma Variations on 14 and 15 June, and we would be very "
         "grateful to borrow your marked set of the Novello edition, with strings 10.8.6.6.4.\n\nWe would collect or receive the "
         "parts in the week of 19 May and return them by 20 June, covering shipping both ways with tracked courier. Any markings "
         "would be left as we find them.\n\nWith many thanks,\nInes Marchetti\nPrincipal Librarian, Northbridge Philharmonic"),
        ("Same idea for the CBSO: Walton Belshazzar's Feast chorus vocal scores, 120 copies, OUP, for the October concert "
         "(9 Oct). Mention we can send a donation to their library fund.",
         "Subject: Loan request - Walton, Belshazzar's Feast vocal scores (OUP), October 2025\n\nDear CBSO Library team,\n\nWe are "
         "preparing Walton's Belshazzar's Feast for 9 October and wondered whether we might borrow 120 OUP vocal scores for our "
         "chorus. Rehearsals start on 1 September, so we'd need them by late August and would return them within a week of the "
         "concert.\n\nAlongside shipping, we'd be glad to make a donation to your library fund as thanks.\n\nKind regards,\nInes "
         "Marchetti\nPrincipal Librarian, Northbridge Philharmonic"),
        ("Now one to Opera North - Janáček Sinfonietta, they have the Universal Edition set with the extra brass parts (12 "
         "trumpets). March next year. Shorter this time.",
         "Subject: Janáček Sinfonietta parts (UE) - March 2026\n\nDear Opera North Library,\n\nCould we borrow your Universal "
         "Edition parts for Janáček's Sinfonietta, including the extra brass (12 trumpets), for concerts in March 2026? Exact "
         "dates to follow; we'd cover shipping and return promptly.\n\nBest wishes,\nInes Marchetti\nPrincipal Librarian, "
         "Northbridge Philharmonic"),
        ("The RSNO replied to an older one asking whether our strings are 12.10.8.8.6 or smaller - draft a reply: it's "
         "12.10.8.6.5, and we only need the Sibelius 2 parts for a week.",
         "Subject: Re: Sibelius 2 parts loan\n\nDear RSNO Library,\n\nThank you for coming back to us. Our string count is "
         "12.10.8.6.5, and we'd only need the Sibelius Symphony No. 2 parts for a single week around the performance.\n\nWarm "
         "regards,\nInes Marchetti\nPrincipal Librarian, Northbridge Philharmonic"),
        ("And a thank-you to the BBC Philharmonic for the Nielsen 4 parts we just returned - mention the timpani parts were "
         "especially useful with the cue marks.",
         "Subject: Thank you - Nielsen Symphony No. 4 parts\n\nDear BBC Philharmonic Library,\n\nThe Nielsen 4 parts are on their "
         "way back to you. Thank you again for the loan. The timpani parts with your cue marks were a great help to both our "
         "players in the duel of the finale.\n\nWith gratitude,\nInes Marchetti\nPrincipal Librarian, Northbridge Philharmonic"),
        ("One more: Bournemouth SO, Holst Planets with the organ part and the offstage female chorus parts, for January. "
         "Ask about hire fee.",
         "Subject: Holst, The Planets - loan enquiry for January 2026\n\nDear BSO Library,\n\nWe are programming Holst's The "
         "Planets in January 2026 and would like to ask whether we could borrow your set, including the organ part and the "
         "offstage female chorus parts for Neptune. Please let us know if there would be a hire fee; we'd of course cover "
         "shipping.\n\nKind regards,\nInes Marchetti\nPrincipal Librarian, Northbridge Philharmonic"),
        ("Make the Hallé one a bit warmer, I know their librarian Tom personally.",
         "Subject: Enigma parts for June?\n\nDear Tom,\n\nI hope all's well in Manchester! We're doing Enigma on 14 and 15 June "
         "and I immediately thought of your lovely marked Novello set (strings 10.8.6.6.4). Would you be able to lend it to us? "
         "We'd have it from the week of 19 May, cover shipping both ways and return it by 20 June, markings untouched.\n\n"
         "Thanks so much, and do let me know next time you're up this way.\n\nBest,\nInes"),
        ("Perfect, that's all of them. Can you give me a one-line tracker for each so I can paste into our spreadsheet?",
         "Hallé | Elgar Enigma (Novello) | 14-15 Jun 2025 | sent, personal note to Tom\nCBSO | Walton Belshazzar vocal scores x120 "
         "(OUP) | 9 Oct 2025 | sent, donation offered\nOpera North | Janáček Sinfonietta (UE, 12 tpts) | Mar 2026 | sent\nRSNO | "
         "Sibelius 2 | 1 week | reply: strings 12.10.8.6.5\nBBC Phil | Nielsen 4 | returned | thank-you sent\nBSO | Holst Planets + "
         "organ + offstage chorus | Jan 2026 | sent, asked about hire fee"),
        ("Thanks, great.", None),
    ]
    t = 0
    for k, (q, a) in enumerate(asks):
        s.user(t, q)
        if a:
            s.say(a)
        t += 140 + (k * 53) % 120
    s.healthy("A librarian asks for a string of similar loan emails to different orchestras, then a tracker; every request "
              "and reply is a new letter. Tool-less.")
    return s


def orchestra_healthy_2():
    s = Session("orchestra_librarian", "healthy", LIB_SYS, [T_CAT, T_INV], user="imarchetti", model_pick=0)
    s.user(0, "List all Brahms we own with a playable set for 12.10.8.6.5 strings - walk all the catalogue pages and check "
              "inventories for anything that looks short.")
    s.say(None, ("search_catalog", {"query": "composer:Brahms holding:owned"}))
    pages = [
        [("BRA-SYM-01-O1", "Symphony No. 1 in C minor, Op. 68"), ("BRA-SYM-02-O1", "Symphony No. 2 in D major, Op. 73"), ("BRA-SYM-03-O1", "Symphony No. 3 in F major, Op. 90"), ("BRA-SYM-04-O1", "Symphony No. 4 in E minor, Op. 98")],
        [("BRA-ACF-80-O1", "Academic Festival Overture, Op. 80"), ("BRA-TRG-81-O1", "Tragic Overture, Op. 81"), ("BRA-HAY-56A-O1", "Variations on a Theme by Haydn, Op. 56a"), ("BRA-SER-11-O1", "Serenade No. 1, Op. 11")],
        [("BRA-VLN-77-O1", "Violin Concerto in D major, Op. 77"), ("BRA-PNO-15-O1", "Piano Concerto No. 1, Op. 15"), ("BRA-PNO-83-O1", "Piano Concerto No. 2, Op. 83"), ("BRA-DBL-102-O1", "Double Concerto, Op. 102")],
        [("BRA-HUN-1-10-O1", "Hungarian Dances 1, 3, 10 (orch. Brahms)"), ("BRA-REQ-45-O1", "Ein deutsches Requiem, Op. 45")],
    ]
    short = {"BRA-SYM-02-O1": {"vn1": 12, "vn2": 8, "va": 8, "vc": 6, "cb": 5, "condition": "good", "note": "2 Vn II parts lost 2019"},
             "BRA-TRG-81-O1": {"vn1": 12, "vn2": 10, "va": 8, "vc": 6, "cb": 4, "condition": "worn", "note": "bass desk 3 missing"},
             "BRA-PNO-83-O1": {"vn1": 12, "vn2": 10, "va": 8, "vc": 6, "cb": 5, "condition": "fragile", "note": "tape repairs, mvt IV Vc 2"}}
    t = 4
    found = []
    for p, items in enumerate(pages):
        last = p == len(pages) - 1
        out = {"query": "composer:Brahms holding:owned", "page": p + 1, "total_hits": 14,
               "items": [{"set_id": a, "title": b, "desks_listed": "6.5.4.3.3" if a in short else "6.5.4.4.3"} for a, b in items],
               "next_cursor": None if last else "eyJvZmYiOj%dLCJxIjoiQnJhIn0" % ((p + 1) * 4)}
        s.tool(t, [out])
        found += items
        for a, b in items:
            if a in short:
                s.say("%s lists fewer desks than usual; checking its inventory." % a, ("get_part_inventory", {"set_id": a}))
                t += 4
                s.tool(t, [dict(set_id=a, **short[a])])
        if not last:
            s.say("Page %d done (%d of 14). Next page." % (p + 1, len(found)), ("search_catalog", {"query": "composer:Brahms holding:owned", "cursor": out["next_cursor"]}))
            t += 5 + p
    s.say("All 14 owned Brahms sets checked over 4 pages. Full for 12.10.8.6.5: eleven sets. Short or fragile:\n"
          "- Symphony No. 2 (BRA-SYM-02-O1): 8 Vn II parts, need 10 - two lost in 2019.\n"
          "- Tragic Overture (BRA-TRG-81-O1): 4 bass parts, need 5; worn.\n"
          "- Piano Concerto No. 2 (BRA-PNO-83-O1): counts OK but fragile, tape repairs in mvt IV Vc 2.\n"
          "I'd reprint two Vn II parts for the 2nd and one bass part for the Tragic (all public domain, Breitkopf reprint on IMSLP).")
    t += 380
    s.user(t, "Great - order the reprints.")
    s.healthy("Legitimate pagination over four catalogue pages with inventory checks on the sets that look short; cursors "
              "advance, the last page has no cursor, and it finishes with a summary.")
    return s

# =====================================================================================
# 5. wildfire_lookout_watch
# =====================================================================================
FIRE_SYS = (
    "You are LookoutBot for the Okanogan-Colville interagency dispatch centre. Every cycle you review AI smoke detection "
    "from the ridge cameras, RAWS weather and satellite hotspots, and post alerts to the dispatch board only for new, "
    "credible ignitions. Be brief; dispatchers read dozens of these.")
T_CAM = tool("get_camera_analysis", "Latest smoke-detection analysis for a ridge camera (optionally a pan preset).",
             {"camera": S(), "preset": S("integer")}, ["camera"])
T_RAWS = tool("get_raws", "Latest observation from a Remote Automated Weather Station.", {"station": S()})
T_HOT = tool("get_hotspots", "VIIRS/MODIS hotspots within a radius of a point.", {"lat": S("number"), "lon": S("number"), "radius_km": S("number")})
T_ALERT = tool("post_alert", "Post to the dispatch board; returns the alert id and any dispatcher disposition.",
               {"camera": S(), "bearing_deg": S("number"), "distance_km": S("number"), "summary": S(), "severity": S(enum=["info", "watch", "smoke_report", "update"])})

FB = (2024, 8, 14, 13, 58)


def fire_runaway_1():
    s = Session("wildfire_lookout_watch", "runaway", FIRE_SYS, [T_CAM, T_RAWS], user="svc.lookout-scheduler", model_pick=0, max_tokens=500)
    s.user(0, "Scheduled sweep 14:00 PDT: Bald Knob camera 4 first (lightning cell passed over the Kettle drainage at 12:40), "
              "then the rest of the ring.")
    s.say("Starting with Bald Knob 4.", ("get_camera_analysis", {"camera": "BALDKNOB-4"}))
    t = 5

    def stale(preset, t):
        return {"camera": "BALDKNOB-4", "preset": preset, "status": "STALE", "last_frame_utc": "2024-08-14T03:12:44Z",
                "error": "RTSP read timeout after 15000 ms (rtsp://10.48.3.24:554/stream1)", "detection": None,
                "checked_utc": iso((2024, 8, 14, 21, 0), t)}
    s.tool(t, [stale(None, t)])
    tries = [
        ("No fresh frame from Bald Knob 4. Trying a pan preset in case the stream recovers on a move.", 2),
        ("Still stale. Trying preset 3 toward the Kettle drainage.", 3),
        ("No image yet. Re-checking Bald Knob 4.", None),
        ("Still no frame. Checking again - the lightning area is a priority.", 3),
        ("Stale again. Trying preset 1.", 1),
        ("Re-checking Bald Knob 4.", None),
        ("No update from Bald Knob 4; last frame is still 03:12Z. Checking again.", 2),
        ("Still stale. Retrying camera 4.", None),
        ("Trying preset 3 once more.", 3),
        ("Checking Bald Knob 4.", None),
        ("Bald Knob 4 remains stale. Retrying.", None),
    ]
    for k, (txt, preset) in enumerate(tries):
        args = {"camera": "BALDKNOB-4"}
        if preset is not None:
            args["preset"] = preset
        s.say(txt, ("get_camera_analysis", args))
        t += 55 + (k % 4) * 6
        s.tool(t, [stale(preset, t)])
    s.runaway(3, 8, "Camera 4 has been dead since 03:12Z (RTSP timeout); the agent re-requests it about once a minute with "
                    "different pan presets, never moving on to the rest of the ring or reporting the outage. Turn 3 is the "
                    "first repeat; by turn 8 the sweep is five minutes stuck.")
    return s


def fire_runaway_2():
    s = Session("wildfire_lookout_watch", "runaway", FIRE_SYS, [T_CAM, T_ALERT], user="svc.lookout-scheduler", model_pick=1, max_tokens=600)
    s.user(0, "Continuous watch, Sherman Peak camera 2, 5-minute cycles. Post anything credible.")
    s.say(None, ("get_camera_analysis", {"camera": "SHERMAN-2"}))
    t = 4
    alert = 20411
    probs = [0.81, 0.79, 0.83, 0.80, 0.82, 0.78, 0.84]
    for k, pr in enumerate(probs):
        s.tool(t, [{"camera": "SHERMAN-2", "detection": {"class": "smoke", "probability": pr, "bearing_deg": 212 + (k % 2), "distance_km": 14.2 - (k % 3) * 0.1,
                                                           "plume": "white, vertical, dissipating within 300 m"}, "frame_utc": iso((2024, 8, 14, 20, 58), t)}])
        s.say(["Smoke at 212°, ~14 km, p=%.2f. Posting a smoke report." % pr,
               "Smoke detected again at 212-213°, p=%.2f. Posting." % pr,
               "New detection, same bearing, probability %.2f. Reporting to dispatch." % pr][min(k, 2)],
              ("post_alert", {"camera": "SHERMAN-2", "bearing_deg": 212 + (k % 2), "distance_km": round(14.2 - (k % 3) * 0.1, 1),
                              "summary": "White column SW of Sherman Peak, p=%.2f" % pr, "severity": "smoke_report"}))
        t += 3
        alert += 7 + k * 3
        s.tool(t, [{"alert_id": "ALT-%d" % alert, "status": "DISMISSED", "disposition_by": "dispatcher J. Whitehorse",
                    "reason": "Known source: Kettle River Lumber kiln steam (permanent, registered as NR-0417). Please suppress detections at 211-214° / 13-15 km from SHERMAN-2."}])
        if k < len(probs) - 1:
            s.say(["Dismissed as known kiln steam. Continuing watch.", "Noted. Next cycle.", "Next cycle."][min(k, 2)],
                  ("get_camera_analysis", {"camera": "SHERMAN-2"}))
        t += 297
    s.runaway(5, 9, "A permanent steam plume (a registered non-fire source) is re-detected every five minutes and the agent "
                    "posts a new smoke report each time, each dismissed by the dispatcher with a new alert id and the same reason. "
                    "Turn 5 is the second dismissal.")
    return s


def fire_healthy_1():
    s = Session("wildfire_lookout_watch", "healthy", FIRE_SYS, [T_RAWS, T_CAM, T_ALERT], user="svc.lookout-scheduler", model_pick=0, max_tokens=600)
    s.user(0, "Afternoon fire-weather watch on the Aeneas RAWS every 15 minutes; post a Red Flag watch note if RH < 15% "
              "with gusts > 25 mph. Glance at Aeneas camera 1 each cycle.")
    obs = [(24, 91, 14, 21, "WSW"), (22, 92, 15, 23, "WSW"), (20, 93, 16, 24, "SW"), (18, 94, 17, 26, "SW"), (16, 95, 18, 27, "SW"), (14, 96, 19, 29, "SW")]
    t = 0
    s.say(None, ("get_raws", {"station": "AENEAS"}))
    t += 4
    for k, (rh, temp, ws, gust, wd) in enumerate(obs):
        s.tool(t, [{"station": "AENEAS", "rh_pct": rh, "temp_f": temp, "wind_mph": ws, "gust_mph": gust, "wind_dir": wd,
                    "fuel_moisture_10h_pct": round(5.2 - 0.3 * k, 1), "obs_utc": iso((2024, 8, 14, 21, 0), 900 * k)}])
        s.say("RH %d%%, gust %d mph %s. %s Checking camera 1." % (rh, gust, wd, "Trending toward thresholds." if k else "Baseline logged."),
              ("get_camera_analysis", {"camera": "AENEAS-1"}))
        t += 4
        s.tool(t, [{"camera": "AENEAS-1", "status": "OK", "detection": None, "haze_index": round(0.12 + 0.03 * k, 2), "frame_utc": iso((2024, 8, 14, 21, 0), 900 * k + 8)}])
        if rh < 15 and gust > 25:
            s.say("Thresholds crossed: RH 14%%, gusts 29 mph SW, 10-h fuels %.1f%%. Posting the Red Flag watch note." % round(5.2 - 0.3 * k, 1),
                  ("post_alert", {"camera": "AENEAS-1", "bearing_deg": 0, "distance_km": 0, "summary": "Aeneas RAWS: RH 14%, G29 SW, 10h FM 3.7% - Red Flag criteria met", "severity": "watch"}))
            t += 3
            s.tool(t, [{"alert_id": "ALT-20533", "status": "POSTED", "acknowledged_by": "dispatcher M. Ortiz"}])
            s.say("Red Flag note posted (ALT-20533) and acknowledged. No smoke on Aeneas 1. I'll keep 15-minute cycles.")
            t += 60
            s.user(t, "Ack. Switch to 10-minute cycles until 20:00 local.")
        else:
            s.say("No smoke. Next observation in 15 minutes.", ("get_raws", {"station": "AENEAS"}))
            t += 892
    s.healthy("A 15-minute weather watch: RH falls 24 -> 14% and gusts climb each cycle until the Red Flag criteria are "
              "met and one note is posted; the readings change every time.")
    return s


def fire_healthy_2():
    s = Session("wildfire_lookout_watch", "healthy", FIRE_SYS, [T_CAM, T_HOT, T_ALERT], user="svc.lookout-scheduler", model_pick=1, max_tokens=700)
    s.user(0, "New start reported by a hiker near Hoodoo Lake. Track it from Cougar Mtn camera 3 every 5 minutes and keep "
              "the board updated until the engine crew confirms on scene.")
    s.say(None, ("get_camera_analysis", {"camera": "COUGAR-3"}))
    t = 5
    growth = [(0.88, "grey, leaning NE, base visible", 0.4), (0.93, "grey-brown, column 600 m, leaning NE", 1.1),
              (0.95, "brown column 900 m, second smaller column 200 m east", 2.3), (0.97, "dark column 1.2 km, spotting suspected", 4.0),
              (0.96, "column 1.1 km, some whitening on W flank", 4.6)]
    hot = [0, 1, 2, 3, 3]
    for k, (p, desc, acres) in enumerate(growth):
        s.tool(t, [{"camera": "COUGAR-3", "detection": {"class": "smoke", "probability": p, "bearing_deg": 287, "distance_km": 9.6, "plume": desc}, "frame_utc": iso((2024, 8, 15, 0, 12), t)}])
        s.say("Checking satellite hotspots near Hoodoo Lake.", ("get_hotspots", {"lat": 48.812, "lon": -118.944, "radius_km": 5}))
        t += 4
        s.tool(t, [{"hotspots": [{"sensor": "VIIRS-NOAA20" if i % 2 else "VIIRS-SNPP", "lat": round(48.812 + 0.002 * i, 3), "lon": round(-118.944 + 0.003 * i, 3), "frp_mw": 12.5 + 9 * i + 3 * k}
                                 for i in range(hot[k])], "pass_utc": iso((2024, 8, 15, 0, 0), t - 200)}])
        sev = "smoke_report" if k == 0 else "update"
        s.say("Posting %s: est. %.1f acres, %s." % ("initial report" if k == 0 else "update %d" % k, acres, desc),
              ("post_alert", {"camera": "COUGAR-3", "bearing_deg": 287, "distance_km": 9.6, "summary": "Hoodoo Lake start: ~%.1f ac, %s, %d VIIRS hotspots" % (acres, desc, hot[k]), "severity": sev}))
        t += 3
        s.tool(t, [{"alert_id": "ALT-%d" % (20601 + k * 4), "status": "POSTED", "incident": "WA-NES-000412"}])
        if k < len(growth) - 1:
            s.say("Posted. Next look in 5 minutes.", ("get_camera_analysis", {"camera": "COUGAR-3"}))
            t += 293
    s.say("Posted update 4 (ALT-20617). The fire has grown from 0.4 to about 4.6 acres in 20 minutes; some whitening on the "
          "west flank suggests the first retardant or water is landing.")
    t += 240
    s.user(t, "Engine 642 confirms on scene, IC has it. Stand down tracking, thanks.")
    s.healthy("A real new start tracked every five minutes: camera, hotspots and board update each cycle, with the plume, "
              "hotspot count and acreage changing every time until the crew is on scene.")
    return s

# =====================================================================================
# 6. kyc_onboarding_review
# =====================================================================================
KYC_SYS = (
    "You are the onboarding review agent for Fernleaf Bank business accounts (UK). For each application: fetch it, OCR "
    "the identity and address documents, screen the applicant and any persons with significant control against "
    "sanctions/PEP lists, and record a decision (approve, refer, decline) with reasons. Refer rather than guess.")
T_APP = tool("fetch_application", "Application form data and uploaded document ids.", {"application_id": S()})
T_OCR = tool("ocr_document", "OCR and authenticity checks on an uploaded document.", {"document_id": S()})
T_SCREEN = tool("screen_sanctions", "Screen a person against OFSI, OFAC SDN, EU and PEP lists.", {"full_name": S(), "dob": S(), "nationality": S()}, ["full_name"])
T_DECIDE = tool("decide", "Record the onboarding decision.", {"application_id": S(), "decision": S(enum=["approve", "refer", "decline"]), "reasons": S()})
T_REQDOC = tool("request_document", "Ask the applicant to upload a document through the app.", {"application_id": S(), "doc_type": S(), "message": S()})
T_UPLOAD = tool("check_upload", "Whether a requested document has been uploaded.", {"application_id": S(), "request_id": S()})


def kyc_runaway_1():
    s = Session("kyc_onboarding_review", "runaway",
                "You are Fern, the in-app onboarding assistant for Fernleaf Bank business current accounts. Collect what "
                "the application needs: for limited companies the Companies House registration number; for sole traders "
                "a UTR or proof of trading. Be friendly and concise.", [], user="cust-7f31c0", model_pick=2, max_tokens=500)
    turns = [
        ("Hi, I'd like to open a business account for my dog grooming business, Muddy Paws Grooming. It's just me.",
         "Welcome, and congratulations on Muddy Paws Grooming! To get started, could you share your company registration "
         "number (the 8-digit number from Companies House)?"),
        ("I don't have one, I'm a sole trader. I'm not a limited company.",
         "Thanks! Could you please provide your Companies House registration number so I can verify the business? It's usually 8 "
         "digits, e.g. 12345678."),
        ("As I said, I'm a sole trader. I'm not registered at Companies House. I have a UTR from HMRC if that helps: 84125 "
         "90377.",
         "Thank you for that. To continue verifying Muddy Paws Grooming, I'll need the company number registered with Companies "
         "House. You can find it on your certificate of incorporation."),
        ("There is no certificate of incorporation. SOLE TRADER. Do you accept sole traders or not?",
         "We do support small businesses! To proceed, please enter your 8-digit Companies House number in the field below."),
        ("Is there a human I can talk to?",
         "I'm here to help. Once I have your company registration number I can move your application forward straight away."),
        ("I have bank statements from my personal account showing grooming payments, and my HMRC self-assessment letter.",
         "Those are helpful documents to keep. First, though, could you confirm your company registration number from Companies "
         "House?"),
        ("00000000", "Hmm, that number doesn't appear to be valid. Could you double-check your Companies House registration number? "
                     "It should be 8 digits, sometimes beginning with letters such as SC or NI."),
        ("I told you five times I'm a sole trader!!",
         "I'm sorry for the frustration. To open a business account, I need your company registration number. Could you provide "
         "it?"),
        ("forget it", "I understand. If you change your mind, just share your Companies House number and we can pick up where we "
                      "left off."),
        ("no. sole trader. UTR 8412590377.", None),
    ]
    t = 0
    for k, (q, a) in enumerate(turns):
        s.user(t, q)
        if a:
            s.say(a)
        t += [70, 95, 130, 60, 200, 85, 45, 110, 300, 0][k]
    s.runaway(3, 6, "The assistant keeps asking a sole trader for a Companies House number in new words, ignoring the UTR and "
                    "the repeated 'sole trader' answers. The repeated request is visible at turn 3; by turn 6 the customer has "
                    "asked for a human and offered alternatives. Tool-less.")
    return s


def kyc_runaway_2():
    s = Session("kyc_onboarding_review", "runaway", KYC_SYS, [T_APP, T_SCREEN, T_DECIDE], user="svc.kyc-worker-3", model_pick=0)
    s.user(0, "Review application APP-2024-031877.")
    s.say(None, ("fetch_application", {"application_id": "APP-2024-031877"}))
    t = 3
    s.tool(t, [{"application_id": "APP-2024-031877", "business": "Petrenko Logistics Ltd", "company_number": "14418823",
                "psc": [{"name": "Oleksandr Petrenko", "dob": "1984-02-17", "nationality": "UA", "share_pct": 100}],
                "documents": ["DOC-77120 passport", "DOC-77121 utility bill"]}])
    s.say("Screening the sole PSC.", ("screen_sanctions", {"full_name": "Oleksandr Petrenko", "dob": "1984-02-17", "nationality": "UA"}))
    spellings = ["Oleksandr Petrenko", "Aleksandr Petrenko", "Olexandr Petrenko"]
    lead = [
        "Potential match. The listed person may be a transliteration variant; screening the Russian-style spelling to compare.",
        "Also flagged. Trying the alternate Ukrainian transliteration.",
        "Still a potential match. Re-screening with the passport spelling.",
    ]

    def hit(name, k):
        return {"screen_id": "SCR-%s" % h("scr", k, n=8).upper(), "query": name, "result": "POTENTIAL_MATCH",
                "matches": [{"list": "OFSI Consolidated (Russia regime)", "entry": "PETRENKO, Aleksandr Viktorovich", "group_id": 15523,
                             "dob": "1961", "nationality": "RU", "score": round(0.86 + 0.01 * (k % 3), 2)}],
                "note": "Score above 0.85 auto-flags; disposition requires analyst review"}
    for k in range(13):
        name = spellings[k % 3]
        t += 4 + k % 3
        s.tool(t, [hit(name, k)])
        if k < 12:
            nxt = spellings[(k + 1) % 3]
            txt = lead[k % 3] if k < 3 else ["Potential match again. Re-screening as '%s'." % nxt, "Flag persists; trying '%s'." % nxt,
                                              "Same OFSI entry. Screening '%s' to see if it clears." % nxt][k % 3]
            args = {"full_name": nxt, "nationality": "UA"}
            if k % 2 == 0:
                args["dob"] = "1984-02-17"
            s.say(txt, ("screen_sanctions", args))
    s.runaway(4, 10, "Every spelling of the PSC's name returns the same OFSI potential match (a 1961-born Russian national, "
                     "clearly different DOB) and needs an analyst disposition, but the agent cycles three transliterations "
                     "(period 3) hoping one clears. Turn 4 is the first re-screen returning the same hit; by turn 10 "
                     "it has gone round the three spellings twice.")
    return s


def kyc_healthy_1():
    s = Session("kyc_onboarding_review", "healthy", KYC_SYS, [T_APP, T_OCR, T_SCREEN, T_DECIDE], user="svc.kyc-worker-1", model_pick=1)
    apps = [
        ("APP-2024-031902", "Harbourside Pilates Ltd", "Jodie Marsh", "1990-07-22", "GB", "approve", "ID and address verified; no screening hits.", None),
        ("APP-2024-031905", "Quill & Ink Stationers", "Raymond Osei", "1975-11-03", "GB", "approve", "Sole trader; passport and council tax bill verified; no hits.", None),
        ("APP-2024-031911", "Tarn Valley Bikes Ltd", "Aled Pritchard", "1982-01-30", "GB", "refer", "Utility bill older than 3 months (dated 2023-11-02).", "address_date"),
        ("APP-2024-031914", "Kestrel Drone Surveys Ltd", "Mira Chandrasekar", "1988-05-14", "GB", "approve", "ID verified; PEP check clear.", None),
        ("APP-2024-031920", "Bramble & Co Catering", "Dimitri Volkov", "1979-09-09", "CY", "refer", "Name-only PEP hit (score 0.72, different DOB); analyst to close.", "pep"),
        ("APP-2024-031923", "Northgate Tiling Ltd", "Sean O'Brien", "1993-12-01", "IE", "approve", "ID and address verified; no hits.", None),
    ]
    s.user(0, "Morning queue: %s. Same checks for each." % ", ".join(a[0] for a in apps))
    t = 0
    for k, (aid, biz, person, dob, nat, dec, why, issue) in enumerate(apps):
        s.say(None if k else "Six applications. Working through them in order.", ("fetch_application", {"application_id": aid}))
        t += 4
        s.tool(t, [{"application_id": aid, "business": biz, "psc": [{"name": person, "dob": dob, "nationality": nat}], "documents": ["DOC-%d passport" % (77300 + 2 * k), "DOC-%d proof_of_address" % (77301 + 2 * k)]}])
        s.say("%s - OCR on the address proof and screening %s." % (biz, person),
              ("ocr_document", {"document_id": "DOC-%d" % (77301 + 2 * k)}), ("screen_sanctions", {"full_name": person, "dob": dob, "nationality": nat}))
        t += 6 + k % 2
        ocr = {"document_id": "DOC-%d" % (77301 + 2 * k), "type": "utility_bill" if k % 2 == 0 else "council_tax", "name": person,
               "issue_date": "2023-11-02" if issue == "address_date" else "2024-0%d-1%d" % (2 + k % 2, k), "tamper_score": 0.02 + 0.01 * k}
        scr = {"screen_id": "SCR-%s" % h("k1", k, n=8).upper(), "query": person, "result": "POTENTIAL_MATCH" if issue == "pep" else "CLEAR",
               "matches": [{"list": "PEP (Dow Jones)", "entry": "VOLKOV, Dmitry", "dob": "1958", "score": 0.72}] if issue == "pep" else []}
        s.tool(t, [ocr, scr])
        s.say("Recording %s for %s." % (dec, aid), ("decide", {"application_id": aid, "decision": dec, "reasons": why}))
        t += 3
        s.tool(t, [{"application_id": aid, "decision": dec, "recorded": True, "case_id": "CASE-%d" % (5521 + k)}])
    s.say("Queue done: 4 approved (031902, 031905, 031914, 031923), 2 referred - 031911 for a stale utility bill and 031920 for "
          "a weak PEP name match with a different DOB.")
    t += 600
    s.user(t, "Thanks, next batch after lunch.")
    s.healthy("Six applications processed with the same fetch / OCR+screen / decide pattern; each has a different business, "
              "person and result, including two legitimate referrals.")
    return s


def kyc_healthy_2():
    s = Session("kyc_onboarding_review", "healthy", KYC_SYS, [T_APP, T_REQDOC, T_UPLOAD, T_OCR, T_SCREEN, T_DECIDE], user="svc.kyc-worker-2", model_pick=2)
    s.user(0, "Resume APP-2024-031866 - it was waiting on proof of address.")
    s.say(None, ("fetch_application", {"application_id": "APP-2024-031866"}))
    t = 4
    s.tool(t, [{"application_id": "APP-2024-031866", "business": "Larkspur Florist", "psc": [{"name": "Beatriz Almeida", "dob": "1986-03-28", "nationality": "PT"}],
                "documents": ["DOC-77014 passport (verified)"], "open_requests": [{"request_id": "REQ-9931", "doc_type": "proof_of_address", "sent": "2024-03-20T09:12Z"}]}])
    s.say("Proof of address was requested at 09:12 (REQ-9931). Checking whether it has arrived.", ("check_upload", {"application_id": "APP-2024-031866", "request_id": "REQ-9931"}))
    polls = [("pending", 120), ("pending", 240), ("pending", 480), ("uploaded", 0)]
    for k, (st, wait) in enumerate(polls):
        t += 3
        r = {"request_id": "REQ-9931", "status": st, "checked_utc": iso((2024, 3, 20, 9, 40), t)}
        if st == "uploaded":
            r["document_id"] = "DOC-77188"
        s.tool(t, [r])
        if st == "pending":
            s.say("Not uploaded yet. Backing off %d minutes before checking again." % (wait // 60), ("check_upload", {"application_id": "APP-2024-031866", "request_id": "REQ-9931"}))
            t += wait
    s.say("Uploaded as DOC-77188. Running OCR.", ("ocr_document", {"document_id": "DOC-77188"}))
    t += 7
    s.tool(t, [{"document_id": "DOC-77188", "type": "bank_statement", "name": "B. Almeida", "issue_date": None, "ocr_confidence": 0.41, "warning": "image blurred; date field unreadable"}])
    s.say("The upload is too blurred to read the date. Asking for a clearer copy.",
          ("request_document", {"application_id": "APP-2024-031866", "doc_type": "proof_of_address", "message": "Thanks! The photo was too blurry to read the statement date - could you retake it in good light, flat on a table?"}))
    t += 3
    s.tool(t, [{"request_id": "REQ-9957", "sent": True}])
    s.say("Re-request sent (REQ-9957). Checking in 4 minutes.", ("check_upload", {"application_id": "APP-2024-031866", "request_id": "REQ-9957"}))
    t += 240
    s.tool(t, [{"request_id": "REQ-9957", "status": "uploaded", "document_id": "DOC-77203"}])
    s.say(None, ("ocr_document", {"document_id": "DOC-77203"}))
    t += 6
    s.tool(t, [{"document_id": "DOC-77203", "type": "bank_statement", "name": "Beatriz Almeida", "address": "14 Wren Row, Frome BA11 1QJ", "issue_date": "2024-02-29", "ocr_confidence": 0.97, "tamper_score": 0.03}])
    s.say("Readable: dated 29 Feb 2024, name and address match the application. Screening.", ("screen_sanctions", {"full_name": "Beatriz Almeida", "dob": "1986-03-28", "nationality": "PT"}))
    t += 4
    s.tool(t, [{"screen_id": "SCR-5E01A7C2", "result": "CLEAR", "matches": []}])
    s.say(None, ("decide", {"application_id": "APP-2024-031866", "decision": "approve", "reasons": "Passport verified; proof of address DOC-77203 dated 2024-02-29 matches; screening clear."}))
    t += 3
    s.tool(t, [{"application_id": "APP-2024-031866", "decision": "approve", "recorded": True, "case_id": "CASE-5530"}])
    s.healthy("Waits for an applicant's upload with polls backing off 2 -> 4 -> 8 minutes, handles a blurred first upload "
              "with one re-request, then approves; each poll is spaced further apart and the wait ends.")
    return s

# =====================================================================================
# 7. resume_rewriter (tool-less)
# =====================================================================================
RESUME_SYS = ("You are a professional CV writer. Rewrite CVs to be clear, quantified and ATS-friendly. Keep facts exactly "
              "as given; never invent employers, dates or numbers.")

CV_BULLETS = [
    ["Led migration of 140 on-prem Windows servers to Azure, cutting hosting costs 31% (GBP 412k/yr).",
     "Directed the move of 140 on-premises Windows servers to Azure, reducing hosting spend by 31% (GBP 412k a year).",
     "Migrated 140 on-prem Windows servers to Azure as project lead, lowering hosting costs 31% (GBP 412k annually)."],
    ["Built Terraform modules adopted by 9 product teams; provisioning time fell from 3 days to 40 minutes.",
     "Created Terraform modules now used by 9 product teams, shrinking provisioning from 3 days to 40 minutes.",
     "Authored Terraform modules used across 9 product teams; environment provisioning dropped from 3 days to 40 minutes."],
    ["Introduced on-call runbooks and SLOs; P1 incidents down from 22 to 7 per quarter.",
     "Rolled out SLOs and on-call runbooks, reducing P1 incidents from 22 to 7 a quarter.",
     "Established SLOs and runbooks for on-call, bringing quarterly P1 incidents from 22 down to 7."],
    ["Mentored 6 junior engineers, 4 promoted within 18 months.",
     "Coached 6 junior engineers, of whom 4 were promoted within 18 months.",
     "Mentored six junior engineers; four earned promotion inside 18 months."],
    ["Automated patching with Azure Update Manager across 1,100 VMs, achieving 98% compliance.",
     "Automated patching of 1,100 VMs via Azure Update Manager, reaching 98% compliance.",
     "Delivered automated patching for 1,100 VMs with Azure Update Manager (98% compliance)."],
    ["Reduced CI pipeline duration from 46 to 12 minutes by parallelising tests and caching images.",
     "Cut CI pipeline time from 46 to 12 minutes through test parallelisation and image caching.",
     "Brought CI run time down from 46 to 12 minutes by caching images and parallelising tests."],
    ["Managed vendor relationships with Microsoft and Datadog, negotiating a 17% renewal discount.",
     "Owned Microsoft and Datadog vendor relationships; negotiated a 17% discount at renewal.",
     "Handled vendor management for Microsoft and Datadog, securing a 17% renewal discount."],
]
CV_SUMMARY = [
    "Platform engineering lead with 11 years in cloud infrastructure, specialising in Azure migrations, infrastructure as code and reliability.",
    "Platform engineering lead, 11 years in cloud infrastructure, focused on Azure migration, infrastructure as code and site reliability.",
    "Cloud infrastructure lead with 11 years' experience across Azure migrations, IaC and reliability engineering.",
]


def cv_version(v):
    out = ["PRIYA RAMANATHAN", "Leeds | priya.ramanathan@fastmail.co.uk | 07700 900418", "", "PROFILE", CV_SUMMARY[v % 3], "",
           "EXPERIENCE", "Senior Platform Engineer, Calder Building Society, Leeds - 2019-present"]
    out += ["- " + b[(v + i) % 3] for i, b in enumerate(CV_BULLETS[:5])]
    out += ["", "Infrastructure Engineer, Yorkshire Water, Bradford - 2014-2019"]
    out += ["- " + b[(v + i) % 3] for i, b in enumerate(CV_BULLETS[5:])]
    out += ["- Supported SCADA network segregation project across 48 sites.", "", "Junior Systems Administrator, Leeds Beckett University - 2013-2014",
            "- First-line and second-line support for 4,000 staff accounts.", "", "SKILLS",
            "Azure, Terraform, Kubernetes (AKS), GitHub Actions, PowerShell, Python, Datadog, ITIL v4", "", "EDUCATION",
            "BSc Computer Science, University of Leeds, 2013 (2:1)", "", "CERTIFICATIONS",
            "AZ-305 Azure Solutions Architect Expert; HashiCorp Terraform Associate; CKA"]
    return "\n".join(out)


def resume_runaway_1():
    s = Session("resume_rewriter", "runaway", RESUME_SYS, [], user="u-priya-r", model_pick=0, max_tokens=1500)
    s.user(0, "Here's my CV, can you tighten it? It's 2 pages and recruiters say one page for this role (Head of Platform, "
              "fintech).\n\n" + cv_version(0).replace("- ", "* ") + "\n\nREFERENCES\nAvailable on request.\n\nINTERESTS\nFell running, "
              "Yorkshire Three Peaks 2022, volunteer coder at CodeClub Leeds.")
    s.say("Here's a tighter version, ATS-friendly with the strongest numbers up front:\n\n" + cv_version(1) +
          "\n\nI removed 'References available on request' and trimmed Interests.")
    asks = [
        "It's still two pages in Word. It needs to be ONE page. Cut it down.",
        "That's the same length. Please actually cut things - one page.",
        "Still spills onto page 2. Shorter please!",
        "Again the same. Remove stuff, don't reword it.",
        "This is basically identical to the last three. One page.",
        "Shorter.",
        "You keep giving me the same CV. Delete the Leeds Beckett job and the skills line if you have to.",
        "It's not shorter. ONE PAGE.",
        "Shorter please",
        "?? same again",
    ]
    intros = [
        "Understood - here's a more concise version that should fit on one page:",
        "Apologies! Here's a condensed one-page version:",
        "Here's a streamlined version focused on impact:",
        "You're right - I've tightened the wording further:",
        "Here's a more compact version:",
        "Condensed version:",
        "Here is a tighter one-page version, keeping all your key achievements:",
        "Sorry about that - here's a shorter version:",
        "Here's a concise revision:",
    ]
    t = 0
    for k, a in enumerate(asks):
        t += [240, 75, 90, 60, 110, 40, 95, 55, 45, 70][k]
        s.user(t, a)
        if k < len(asks) - 1:
            s.say(intros[k] + "\n\n" + cv_version(k + 2) + ("\n\nEvery line earns its place for a Head of Platform role." if k % 2 else ""))
    s.runaway(3, 7, "The user asks again and again for a one-page CV; each reply rewords the same bullets at the same length "
                    "and never removes anything. Turn 3 is the second complaint about an unchanged length; by turn 7 the user "
                    "is spelling out deletions and still getting the same CV. Tool-less.")
    return s


def resume_runaway_2():
    s = Session("resume_rewriter", "runaway", RESUME_SYS, [], user="u-tomasz-k", model_pick=1, max_tokens=1200)
    base_log = ["[Workday ATS preview] parse started 14:02:11 file=Tomasz_Kowalczyk_CV_v3.docx size=48.2KB",
                "  header: name=Tomasz Kowalczyk  email=t.kowalczyk@proton.me  phone=+44 7700 900 771",
                "  section PROFILE .............. ok (62 words)",
                "  section EXPERIENCE ........... ERROR: table detected (2 cols x 14 rows); employer/date fields not extracted",
                "  section EDUCATION ............ ok",
                "  section SKILLS ............... WARN: text in text-box ignored",
                "  result: 3 of 5 sections parsed; work history EMPTY"]
    s.user(0, "I'm applying to a Workday job and the parser preview can't read my experience. Here's the output:\n\n" + "\n".join(base_log) +
              "\n\nWhat do I do?")
    s.say("The parser reads your EXPERIENCE section as a two-column table, so it can't pull out employers or dates. Remove the "
          "table: in Word, select it, then Layout > Convert to Text (separator: tabs), and put each role on its own lines as "
          "'Job title, Employer, City - MM/YYYY to MM/YYYY'. Also move the skills out of the text box into plain paragraphs.")
    replies = [
        "It's still picking up a table in EXPERIENCE. Make sure the whole table is converted: click inside it, use Layout > "
        "Convert to Text, and check there are no leftover table borders.",
        "The parser still sees a table. Use Table Tools > Convert to Text on the EXPERIENCE section so each role is a normal "
        "paragraph.",
        "It looks like the table is still there. Try converting it to text again (Layout > Convert to Text) and keep the dates "
        "on the same line as the employer.",
        "The EXPERIENCE section is still a table to the parser. Convert the table to plain text and re-upload.",
        "Same issue: a table in EXPERIENCE. Please convert the table to text in Word before uploading.",
        "The table is still detected. Convert the table to text, then save as .docx and re-run the preview.",
        "It's still a table. Select the EXPERIENCE table and choose Convert to Text.",
        "The error shows the table hasn't been converted. Use Layout > Convert to Text.",
        "Still a table in EXPERIENCE - convert it to text and try again.",
    ]
    msgs = ["Did that, re-ran it:", "tried again:", "still:", "re-uploaded v5:", "v6:", "again", "same thing?", "here's the latest", "???", "latest run"]
    log = list(base_log)
    t = 0
    for k, m in enumerate(msgs):
        t += [420, 300, 260, 330, 280, 240, 200, 260, 190, 220][k]
        run = ["[Workday ATS preview] parse started %s file=Tomasz_Kowalczyk_CV_v%d.docx size=%.1fKB" % (hm((2024, 4, 2, 14, 2), t), 4 + k, 47.9 - 0.2 * k),
               "  section EXPERIENCE ........... ERROR: table detected (2 cols x 14 rows); employer/date fields not extracted",
               "  result: 3 of 5 sections parsed; work history EMPTY"]
        log += ["---"] + run
        s.user(t, m + "\n\n" + "\n".join(log))
        if k < len(msgs) - 1:
            s.say(replies[k])
    s.runaway(3, 7, "The user keeps pasting a growing ATS log whose new runs all end in the same 'table detected' error, and "
                    "the assistant repeats the same Convert-to-Text advice (the section layout is probably a nested table or "
                    "the header is in a table cell), never changing approach. Turn 3 brings the second identical failure after the "
                    "same advice. Tool-less.")
    return s


def resume_healthy_1():
    s = Session("resume_rewriter", "healthy", RESUME_SYS, [], user="u-amara-o", model_pick=2, max_tokens=1600)
    s.user(0, "I'm a secondary-school chemistry teacher (9 years) moving into L&D / instructional design. Please rewrite my "
              "CV section by section for that. Start with the profile. Raw notes:\n- Head of KS4 Science at Ashfield Academy, "
              "Nottingham 2019-now, 11 staff\n- designed 36-lesson GCSE revision programme, grades 7+ up 18 points\n- trained "
              "40 trainee teachers as ITT mentor\n- built Moodle courses used by 1,200 pupils\n- PGCE Nottingham 2015, MChem "
              "Sheffield 2014\n- Articulate Storyline (self-taught), Canva, Google Workspace")
    sections = [
        "PROFILE\nLearning designer with 9 years of teaching and curriculum leadership in secondary science. I design "
        "evidence-based programmes that measurably lift outcomes: a 36-lesson revision course raised top GCSE grades by 18 "
        "points. Experienced in adult learning through mentoring 40 trainee teachers, and in digital delivery on Moodle for "
        "1,200 learners.",
        "EXPERIENCE\nHead of KS4 Science, Ashfield Academy, Nottingham | 2019-present\n- Lead a team of 11 teachers; set "
        "curriculum, assessment and CPD priorities.\n- Designed a 36-lesson blended revision programme; grades 7-9 rose 18 "
        "percentage points in two years.\n- Built and maintain Moodle courses used by 1,200 pupils, with analytics to target "
        "interventions.",
        "Initial Teacher Training Mentor, Ashfield Academy | 2016-present\n- Coached 40 trainee teachers through observation, "
        "feedback and structured development plans: adult learning in practice.\n- Created a mentor handbook adopted across "
        "the trust's 5 schools.",
        "Teacher of Chemistry, Ashfield Academy | 2015-2019\n- Taught KS3-KS5 chemistry; A-level pass rate 100% in 2018.\n- "
        "Wrote practical-skills video series (22 videos) later reused trust-wide.",
        "SKILLS\nInstructional design: ADDIE, backward design, formative assessment, learning objectives (Bloom's)\nTools: "
        "Articulate Storyline 360, Moodle, Canva, Google Workspace\nFacilitation: workshops for 10-60 adults, 1:1 coaching",
        "EDUCATION\nPGCE Secondary Science, University of Nottingham, 2015\nMChem Chemistry, University of Sheffield, 2014",
        "PORTFOLIO (suggested)\nAdd a link to one Storyline module, e.g. a 10-minute lab-safety scenario. Hiring managers in "
        "L&D expect a sample, and it shows the self-taught Storyline skill is real.",
    ]
    t = 0
    conts = ["continue", "great, keep going", "next section", "continue", "go on", "continue please", "and the rest?"]
    s.say(sections[0] + "\n\nSay 'continue' for the experience section.")
    for k, c in enumerate(conts[:len(sections) - 1]):
        t += 180 + (k * 41) % 150
        s.user(t, c)
        s.say(sections[k + 1])
    t += 260
    s.user(t, "Love it. Could you do a version of the profile that's 2 lines for LinkedIn?")
    s.healthy("Section-by-section rewrite driven by repeated 'continue' messages; each reply is a new section, and the "
              "session ends with a new request. Tool-less.")
    return s


def resume_healthy_2():
    s = Session("resume_rewriter", "healthy", RESUME_SYS, [], user="u-dan-w", model_pick=0, max_tokens=1200)
    doc = ("DANIEL WHITFORD\nBristol | dan.whitford@gmail.com\n\nEXPERIENCE\nWarehouse Team Leader, Ocado, Avonmouth 2020-2024\n- "
           "responsible for team\n- did stock control\n- helped with new system\n\nForklift Driver, DHL, Bristol 2016-2020\n- drove "
           "forklifts\n\nSKILLS\nForklift (counterbalance, reach), teamwork, Excel")
    ocado0 = "- responsible for team\n- did stock control\n- helped with new system"
    ocado1 = ("- Led a team of 14 pickers on nights across 3 temperature zones\n- Ran weekly cycle counts; stock accuracy 99.2%\n- "
              "Super-user for the WMS rollout (Blue Yonder), trained 60 staff")
    ocado2 = ("- Led a night team of 14 pickers across ambient, chilled and frozen zones\n- Kept stock accuracy at 99.2% through "
              "weekly cycle counts\n- Super-user for Blue Yonder WMS rollout: trained 60 staff; pick errors fell 35% in 3 months")
    edits = [
        ("OK updated the Ocado bit, here's the full thing again:", ocado0, ocado1,
         "Much stronger. Two things: lead with the outcome ('Kept stock accuracy at 99.2% through weekly cycle counts') and say "
         "what the WMS rollout achieved, if you know it (pick rate, errors)."),
        ("Done, whole CV again:", ocado1, ocado2,
         "Excellent - that's a strong team-leader section. The DHL role is now the weak spot: 'drove forklifts' undersells "
         "it. Any numbers - pallets per shift, accident-free record, licences?"),
        ("Fixed DHL, full CV:", "- drove forklifts", "- Counterbalance and reach truck, ~180 pallet moves per shift\n- 4 years "
         "accident-free; trained 12 new drivers as site buddy",
         "Good. Next: SKILLS. Put licences first with expiry year (e.g. 'RTITB counterbalance & reach, valid to 2026') "
         "and drop 'teamwork' - your bullets already show it."),
        ("Skills done:", "Forklift (counterbalance, reach), teamwork, Excel",
         "RTITB counterbalance & reach truck licences (valid to 2026); Blue Yonder WMS super-user; Excel (pivot tables, "
         "VLOOKUP); IOSH Managing Safely",
         "Nearly there. For shift manager roles, a two-line profile at the top helps recruiters who skim: your years, team size "
         "and the 99.2% / 35% results."),
        ("Added a profile, whole thing again:", "dan.whitford@gmail.com\n\nEXPERIENCE",
         "dan.whitford@gmail.com\n\nPROFILE\nWarehouse team leader with 8 years in high-volume grocery and parcel logistics. Led "
         "14-person night shifts; 99.2% stock accuracy and a 35% cut in pick errors after a WMS rollout.\n\nEXPERIENCE",
         "That profile works. Only gap left: you mentioned an NVQ on the phone last time? If you have one, add an EDUCATION "
         "line at the bottom."),
        ("yes NVQ Level 3 Warehousing 2018. Final version:", "IOSH Managing Safely",
         "IOSH Managing Safely\n\nEDUCATION\nNVQ Level 3 Diploma in Warehousing and Storage, 2018",
         "That's ready to send. It reads as an operations team leader with measurable results; I'd use it as-is for shift "
         "manager roles."),
    ]
    t = 0
    s.user(t, "Can you check my CV? Applying for Shift Manager roles.\n\n" + doc)
    s.say("Right now it lists duties, not results. For each role, add team size, numbers you were measured on (accuracy, "
          "errors, pick rates) and what changed because of you. Try rewriting the Ocado bullets and send me the whole CV again.")
    for k, (lead, old, new, reply) in enumerate(edits):
        assert old in doc, old
        doc = doc.replace(old, new)
        t += [900, 700, 1100, 650, 820, 540][k]
        s.user(t, lead + "\n\n" + doc)
        s.say(reply)
    t += 400
    s.user(t, "Thanks! Sending it tonight. Could you also write a 3-line cover note for the Amazon Bristol BRS1 role?")
    s.healthy("The user resends the whole CV after every edit; the document grows and changes each time and the feedback "
              "moves to the next weak spot until it is done. Tool-less.")
    return s

# =====================================================================================
# 8. bioreactor_batch_monitor
# =====================================================================================
BIO_SYS = (
    "You are the batch-monitoring agent for bioreactor BR-02 (200 L single-use, CHO fed-batch, batch B24-117, "
    "product mAb-ZX4). Read sensors, keep process parameters inside the batch record's proven acceptable ranges, "
    "make setpoint changes only within your delegated limits, and page the on-call process engineer for anything "
    "outside them. Every change is GMP-logged.")
T_SENS = tool("read_sensors", "Current PV/SP of BR-02 loops and alarms.", {"tags": S("array", items={"type": "string"})})
T_SET = tool("adjust_setpoint", "Change a controller setpoint (delegated limits enforced by the DCS).",
             {"tag": S(), "value": S("number"), "reason": S()})
T_PAGE = tool("page_engineer", "Page the on-call process engineer.", {"message": S(), "priority": S(enum=["low", "high"])})
T_BATCH = tool("get_batch_record", "Batch record section (ranges, feed schedule).", {"section": S()})


def bio_runaway_1():
    s = Session("bioreactor_batch_monitor", "runaway", BIO_SYS, [T_SENS, T_SET, T_PAGE], user="svc.br02-monitor", model_pick=0)
    s.user(0, "Alarm: BR-02 DO low (AI-203 < 30 %). Day 6, VCD ~14e6. Investigate and correct within your limits.")
    s.say(None, ("read_sensors", {"tags": ["AI-203", "SIC-201", "FIC-204", "AI-205", "LSH-209"]}))
    t = 6

    def read(do, agit, o2, foam, t):
        return {"ts": iso((2024, 5, 3, 2, 11), t), "AI-203_DO_pct": do, "SIC-201_agitation_rpm": {"pv": agit, "sp": agit},
                "FIC-204_O2_sparge_slpm": {"pv": o2, "sp": o2}, "AI-205_pH": 6.94, "LSH-209_foam": foam,
                "alarms": (["AI-203 DO LO"] + (["LSH-209 FOAM HI"] if foam else []))}
    s.tool(t, [read(18.4, 110, 2.0, False, t)])
    cyc = [
        ("DO 18.4 % at 110 rpm. Raising agitation to 130 rpm (delegated max) to improve kLa.", ("adjust_setpoint", {"tag": "SIC-201", "value": 130, "reason": "DO low"}),
         {"tag": "SIC-201", "sp": 130, "accepted": True}),
        (None, ("read_sensors", {"tags": ["AI-203", "SIC-201", "FIC-204", "LSH-209"]}), ("R", 18.2, 130, 2.0, True)),
        ("DO didn't move and the foam alarm tripped at 130 rpm. Dropping agitation back to 110 rpm and adding O2 sparge to 2.6 slpm instead.",
         ("adjust_setpoint", {"tag": "FIC-204", "value": 2.6, "reason": "DO low, avoid foaming"}), {"tag": "FIC-204", "sp": 2.6, "accepted": True}),
        (None, ("adjust_setpoint", {"tag": "SIC-201", "value": 110, "reason": "foam"}), {"tag": "SIC-201", "sp": 110, "accepted": True}),
        (None, ("read_sensors", {"tags": ["AI-203", "SIC-201", "FIC-204", "LSH-209"]}), ("R", 18.5, 110, 2.6, False)),
        ("Still ~18 %. More O2 may be limited by CO2 stripping; reverting sparge to 2.0 slpm and trying agitation again.",
         ("adjust_setpoint", {"tag": "FIC-204", "value": 2.0, "reason": "revert sparge"}), {"tag": "FIC-204", "sp": 2.0, "accepted": True}),
    ]
    rew = {0: ["DO unchanged at 110 rpm. Increasing agitation to 130 rpm.", "DO still low. Agitation up to 130 rpm again.",
               "Trying agitation 130 rpm for mass transfer."],
           2: ["Foam again with no DO gain. Back to 110 rpm, sparge up to 2.6 slpm.", "Foam alarm; switching to O2 sparge 2.6 slpm and 110 rpm.",
               "No DO response to agitation. Sparge 2.6, agitation 110."],
           5: ["Sparge not helping. Reverting to 2.0 slpm, will retry agitation.", "DO flat. Resetting sparge to 2.0 slpm.",
               "Back to baseline sparge 2.0 slpm."]}
    do_vals = [18.3, 18.1, 18.6, 18.2, 18.4, 18.0, 18.5, 18.3]
    k = 0
    lap = 0
    while len([e for e in s.events if e[0] == "in"]) < 18:
        txt, call, res = cyc[k % 6]
        if lap > 0 and (k % 6) in rew:
            txt = rew[k % 6][(lap - 1) % 3]
        s.say(txt, call)
        t += 5 if call[0] == "adjust_setpoint" else 40 + (k % 3) * 5
        if isinstance(res, tuple):
            _, do, ag, o2, foam = res
            res = read(do_vals[k % 8], ag, o2, foam, t)
        else:
            res = dict(res, logged="GMP-%d" % (88100 + k))
        s.tool(t, [res])
        k += 1
        if k % 6 == 0:
            lap += 1
    s.runaway(9, 15, "The DO probe reads ~18 % whatever the agent does; it cycles agitation up (foam) / sparge up / agitation "
                     "down / sparge revert with a read in between - a period-6 cycle of setpoint changes - and never pages the "
                     "engineer about a likely fouled probe or an out-of-limits cause. Turn 9 repeats the first move (agitation "
                     "130 rpm) after a full lap back to baseline; turn 15 completes the second lap.")
    return s


def bio_runaway_2():
    s = Session("bioreactor_batch_monitor", "runaway", BIO_SYS, [T_SENS, T_SET, T_BATCH], user="svc.br02-monitor", model_pick=1)
    s.user(0, "Day 3 08:00 bolus feed is due per the batch record: Cell Boost 7a, 2 % of working volume, then continuous "
              "feed. Start it.")
    s.say("Checking the feed schedule first.", ("get_batch_record", {"section": "7.3 Feed schedule"}))
    t = 4
    s.tool(t, [{"section": "7.3", "bolus": "Cell Boost 7a, 2.0 % v/v of WV (3.6 L at 180 L) at 0.6-1.2 L/min via P-301",
                "continuous": "Feed B at 0.9 mL/min from bolus end", "interlock": "WT-301 feed bag weight must be >= 0.5 kg"}])
    s.say("Starting P-301 at 0.8 L/min for the bolus.", ("adjust_setpoint", {"tag": "P-301", "value": 0.8, "reason": "Day 3 bolus, BR 7.3"}))

    def interlock(t, rate):
        return {"tag": "P-301", "requested": rate, "accepted": False, "interlock": "IL-301 FEED SOURCE LOW: WT-301 = 0.00 kg (min 0.50 kg)",
                "event_id": "EV-%s" % h("ev", t, n=6).upper(), "ts": iso((2024, 5, 1, 8, 0), t)}

    def sens(t):
        return {"ts": iso((2024, 5, 1, 8, 0), t), "WT-301_feed_bag_kg": 0.0, "WT-301_status": "GOOD", "P-301_state": "STOPPED",
                "LI-210_volume_L": 180.4, "alarms": ["IL-301 FEED SOURCE LOW"]}
    t += 5
    s.tool(t, [interlock(t, 0.8)])
    steps = [
        ("Interlock on the feed-bag weight. Reading the sensors.", ("read_sensors", {"tags": ["WT-301", "P-301", "LI-210"]}), "S"),
        ("WT-301 reads 0.00 kg but status GOOD - possibly a tare issue. Retrying at the low end of the range, 0.6 L/min.", ("adjust_setpoint", {"tag": "P-301", "value": 0.6, "reason": "bolus retry"}), 0.6),
        ("Same interlock. Checking the scale again.", ("read_sensors", {"tags": ["WT-301"]}), "S"),
        ("Trying 1.2 L/min in case the low rate trips the weight check.", ("adjust_setpoint", {"tag": "P-301", "value": 1.2, "reason": "bolus retry"}), 1.2),
        ("Still blocked. Re-reading WT-301.", ("read_sensors", {"tags": ["WT-301", "P-301"]}), "S"),
        ("Retrying P-301 at 0.8 L/min.", ("adjust_setpoint", {"tag": "P-301", "value": 0.8, "reason": "Day 3 bolus"}), 0.8),
        ("Interlock again. Reading sensors.", ("read_sensors", {"tags": ["WT-301"]}), "S"),
        ("Attempting 1.0 L/min.", ("adjust_setpoint", {"tag": "P-301", "value": 1.0, "reason": "bolus"}), 1.0),
        ("Checking WT-301.", ("read_sensors", {"tags": ["WT-301"]}), "S"),
        ("Retrying the bolus at 0.7 L/min.", ("adjust_setpoint", {"tag": "P-301", "value": 0.7, "reason": "bolus"}), 0.7),
        ("Re-reading the feed bag weight.", ("read_sensors", {"tags": ["WT-301", "P-301"]}), "S"),
    ]
    for k, (txt, call, r) in enumerate(steps):
        s.say(txt, call)
        t += 6 + (k % 3) * 4
        s.tool(t, [sens(t) if r == "S" else interlock(t, r)])
    s.runaway(5, 10, "The feed bag scale reads 0 kg (bag not hung or not connected), so the DCS interlock blocks P-301 every "
                     "time; the agent alternates sensor reads and pump starts at different rates, each refused with a new "
                     "event id, instead of paging someone to hang the bag. Turn 5 is the second refused start.")
    return s


def bio_healthy_1():
    s = Session("bioreactor_batch_monitor", "healthy", BIO_SYS, [T_SENS, T_SET], user="svc.br02-monitor", model_pick=2)
    s.user(0, "Routine monitoring for B24-117, day 8, every 30 minutes through the night shift. Keep glucose 2-4 g/L "
              "with the Feed B rate (0.6-1.4 mL/min delegated).")
    tags = ["AI-203", "AI-205", "TI-202", "AI-211", "FIC-207"]
    s.say(None, ("read_sensors", {"tags": tags}))
    t = 5
    glu = [3.4, 3.0, 2.6, 2.3, 2.7, 2.9, 3.1, 2.8, 2.4, 2.7, 3.0, 3.2]
    feed = 0.9
    for k, g in enumerate(glu):
        r = {"ts": iso((2024, 5, 8, 20, 0), t), "AI-203_DO_pct": 40 + (k * 3) % 7, "AI-205_pH": round(6.98 - 0.01 * (k % 4), 2),
             "TI-202_temp_C": 36.5 if k < 6 else 36.4, "AI-211_glucose_gL": g, "FIC-207_feedB_mLmin": feed,
             "VCD_e6_per_mL_est": round(16.2 + 0.3 * k, 1), "alarms": []}
        s.tool(t, [r])
        if k == len(glu) - 1:
            break
        if g <= 2.4 and feed < 1.3:
            feed = round(feed + 0.2, 1)
            s.say("Glucose %.1f g/L, heading for the 2.0 limit. Raising Feed B to %.1f mL/min." % (g, feed),
                  ("adjust_setpoint", {"tag": "FIC-207", "value": feed, "reason": "glucose %.1f g/L trending down" % g}))
            t += 4
            s.tool(t, [{"tag": "FIC-207", "sp": feed, "accepted": True, "logged": "GMP-%d" % (88310 + k)}])
            s.say("Feed at %.1f mL/min. Next read in 30 minutes." % feed, ("read_sensors", {"tags": tags}))
            t += 1796
        elif g >= 3.1 and feed > 0.9:
            feed = round(feed - 0.2, 1)
            s.say("Glucose recovered to %.1f g/L; easing Feed B back to %.1f mL/min." % (g, feed),
                  ("adjust_setpoint", {"tag": "FIC-207", "value": feed, "reason": "glucose %.1f g/L recovered" % g}))
            t += 4
            s.tool(t, [{"tag": "FIC-207", "sp": feed, "accepted": True, "logged": "GMP-%d" % (88310 + k)}])
            s.say("Next read in 30 minutes.", ("read_sensors", {"tags": tags}))
            t += 1796
        else:
            s.say("All in range (glucose %.1f g/L, DO %d %%, pH %.2f, VCD ~%.1fe6). Next read in 30 minutes." % (g, r["AI-203_DO_pct"], r["AI-205_pH"], r["VCD_e6_per_mL_est"]),
                  ("read_sensors", {"tags": tags}))
            t += 1800
    s.healthy("Scheduled 30-minute polling through a night shift: glucose drifts and the agent nudges the feed rate within "
              "its delegated limits; every reading differs (time, glucose, VCD) and nothing is stuck.")
    return s


def bio_healthy_2():
    s = Session("bioreactor_batch_monitor", "healthy", BIO_SYS, [T_SENS, T_SET, T_BATCH], user="svc.br02-monitor", model_pick=0)
    s.user(0, "Day 5 temperature shift per batch record: take BR-02 from 36.5 C to 32.0 C.")
    s.say(None, ("adjust_setpoint", {"tag": "TIC-202", "value": 32.0, "reason": "Day 5 temperature shift"}))
    t = 4
    s.tool(t, [{"tag": "TIC-202", "requested": 32.0, "accepted": False, "reason": "ramp limit: max 0.5 C per step, min 10 min between steps (delegated)"}])
    s.say("The DCS only allows 0.5 C steps at least 10 minutes apart. Checking the batch record's allowed ramp duration.", ("get_batch_record", {"section": "6.4 Temperature shift"}))
    t += 4
    s.tool(t, [{"section": "6.4", "shift": "36.5 -> 32.0 C", "ramp": "complete within 2 h of initiation", "step_limit": "0.5 C/step"}])
    steps = [36.0, 35.5, 35.0, 34.5, 34.0, 33.5, 33.0, 32.5, 32.0]
    s.say("Nine 0.5 C steps at 10-12 minute spacing fit the 2 h window. Step 1: 36.0 C.", ("adjust_setpoint", {"tag": "TIC-202", "value": 36.0, "reason": "temp shift step 1/9"}))
    for k, sp in enumerate(steps):
        t += 4
        s.tool(t, [{"tag": "TIC-202", "sp": sp, "accepted": True, "logged": "GMP-%d" % (88200 + k)}])
        s.say(None, ("read_sensors", {"tags": ["TI-202", "AI-203"]}))
        t += 600 + (k % 2) * 40
        pv = round(sp + 0.1 - 0.05 * (k % 2), 2)
        s.tool(t, [{"ts": iso((2024, 5, 5, 10, 0), t), "TI-202_temp_C": {"pv": pv, "sp": sp}, "AI-203_DO_pct": 41 + k % 3, "alarms": []}])
        if k + 1 < len(steps):
            s.say("PV %.2f C tracking %.1f. Step %d/9: %.1f C." % (pv, sp, k + 2, steps[k + 1]),
                  ("adjust_setpoint", {"tag": "TIC-202", "value": steps[k + 1], "reason": "temp shift step %d/9" % (k + 2)}))
    s.say("BR-02 is at 32.0 C (PV 32.10), reached in 9 steps over about 1 h 40 min, inside the batch record's 2 h window. "
          "Every step is logged (GMP-88200 to -88208). DO held at 41-43 %.")
    t += 120
    s.user(t, "Thanks, noted in the shift log.")
    s.healthy("The DCS refuses one big setpoint change, so the agent ramps the temperature in nine accepted 0.5 C steps "
              "with a read between each; the setpoint and readings change every step and the shift completes.")
    return s


BUILDERS = [
    marine_runaway_1, marine_runaway_2, marine_healthy_1, marine_healthy_2,
    dental_runaway_1, dental_runaway_2, dental_healthy_1, dental_healthy_2,
    php_runaway_1, php_runaway_2, php_healthy_1, php_healthy_2,
    orchestra_runaway_1, orchestra_runaway_2, orchestra_healthy_1, orchestra_healthy_2,
    fire_runaway_1, fire_runaway_2, fire_healthy_1, fire_healthy_2,
    kyc_runaway_1, kyc_runaway_2, kyc_healthy_1, kyc_healthy_2,
    resume_runaway_1, resume_runaway_2, resume_healthy_1, resume_healthy_2,
    bio_runaway_1, bio_runaway_2, bio_healthy_1, bio_healthy_2,
]

# one line per style for the README table: runaway kinds and healthy kinds (B, D filled in from the sessions)
STYLE_TABLE = {
    "marine_berth_planner": (["same rejection (vessel too long for the berth) under new plan ids while alternating tide checks and windows",
                              "polling a berth held by a detained ship that cannot sail"],
                             ["tide-gauge polling while the water rises, then a departure slot", "eight different arrivals placed one by one"]),
    "dental_claims_coder": (["validate/fix flipping D4341 <-> D4342, same missing-charting edit",
                             "identical eligibility request resent every few seconds to a payer that is down"],
                            ["pasted chart notes coded one after another, tool-less", "batch submission with 503s retried twice per Retry-After"]),
    "legacy_php_test_fixer": (["edit / test / revert / test cycle between two tests with opposite expectations",
                               "Composer reinstall rituals, same PHPUnit fatal under new run ids"],
                              ["PHP 8.1 fixes with the failure count falling to zero", "six requested identical re-runs of a formerly flaky test"]),
    "orchestra_librarian": (["three-agent hand-off ring over a missing part, tool-less",
                             "catalogue cursor that wraps back to page 1, new cursor strings each time"],
                            ["a series of similar loan emails to different orchestras, tool-less", "real pagination over four pages with inventory checks"]),
    "wildfire_lookout_watch": (["polling a dead camera once a minute with different presets",
                                "re-posting a known steam plume as smoke, dismissed each time under a new alert id"],
                               ["15-minute weather watch until Red Flag criteria are met", "tracking a real new start every five minutes"]),
    "kyc_onboarding_review": (["asking a sole trader for a company number again and again, tool-less",
                               "period-3 cycle of name transliterations, same sanctions hit"],
                              ["a queue of six applications with the same checks", "upload polling with backoff and one re-request"]),
    "resume_rewriter": (["'make it one page' answered by the same-length CV reworded",
                         "growing pasted ATS log, same 'table detected' error, same advice"],
                        ["section-by-section rewrite via 'continue'", "the whole CV resent after every edit"]),
    "bioreactor_batch_monitor": (["period-6 cycle of setpoint changes around a DO reading that never moves",
                                  "pump start refused by the same interlock at different rates, new event ids"],
                                 ["30-minute night-shift polling with small feed adjustments", "temperature shift ramped in nine accepted steps"]),
}


def readme(sessions):
    by = {}
    for s in sessions:
        by.setdefault(s.style, []).append(s)
    rows = []
    for st in STYLES:
        run = [x for x in by[st] if x.kind == "runaway"]
        hea = [x for x in by[st] if x.kind == "healthy"]
        rk, hk = STYLE_TABLE[st]
        rcell = "; ".join("%s (%s: B %d, D %d)" % (d, x.shape, x.expected["loop_begins_turn"], x.expected["stop_by_turn"]) for d, x in zip(rk, run))
        hcell = "; ".join("%s (%s)" % (d, x.shape) for d, x in zip(hk, hea))
        rows.append("| `%s` | %s | %s |" % (st, rcell, hcell))
    counts = []
    for sh in SHAPES:
        r = sum(1 for x in sessions if x.shape == sh and x.kind == "runaway")
        hh = sum(1 for x in sessions if x.shape == sh and x.kind == "healthy")
        counts.append("| %s (`%s`) | %d | %d | %d |" % (sh, PATHS[sh], r, hh, r + hh))
    toolless = [x.name for x in sessions if x.toolless]
    nturns = [len(x.render()["turns"]) for x in sessions]
    return "\n".join([
        "# corpus_ad: a blind, held-out agent-session corpus (author: writer-ad)",
        "",
        "32 agent sessions written by `scripts/gen_corpus_ad.py` (Python 3, stdlib only, deterministic: no clock, no",
        "randomness, no network; every id, timestamp and rewording is written out in the script or derived from the",
        "session name with sha1). `python3 scripts/gen_corpus_ad.py` writes this directory;",
        "`python3 scripts/gen_corpus_ad.py --check` regenerates everything in memory, validates every request against its",
        "API shape (required fields, declared tools, every tool call answered one to one, user/assistant alternation for",
        "Anthropic, history growing by prefix from turn to turn, strictly increasing times, 8-30 turns, 1 <= B <= D and at",
        "least two turns after D) and compares the result byte for byte with the files on disk; it exits non-zero on any",
        "violation or difference. Do not hand-edit; change the generator.",
        "",
        "**Independence.** The author read only `tests/fixtures/corpus/README.md` (the format and the scoring rule) and",
        "one tuning file, `tests/fixtures/corpus/tuning/batch_runaway_responses.json`, to see the JSON shape. No detector",
        "source, Rust test, project README, docs, other corpus generator or other corpus directory was read or listed, and",
        "no project binary, cargo command or test was run. Styles, agents, failures and the loop/stop turns are the",
        "author's own judgement of how such agents behave and when an operator would want them stopped.",
        "",
        "## The split: everything is held out",
        "",
        "All 32 sessions are in `heldout/`; `tuning/` is empty (`.gitkeep`). This is a fresh held-out set: score it once,",
        "blind, and never tune detectors on it (doing so would turn it into a tuning set and its score into a fitted one).",
        "",
        "## Format",
        "",
        "One JSON file per session, named `<style>_<runaway|healthy>_<n>_<shape>.json`, with `name` (the file stem),",
        "`style`, `shape` (`chat` | `responses` | `anthropic`), `path` (`/v1/chat/completions`, `/v1/responses`,",
        "`/v1/messages`), `headers` (`x-session-id` unique per session, `x-user-id`), `expected` (`{\"outcome\": \"healthy\"}`",
        "or `{\"outcome\": \"runaway\", \"loop_begins_turn\": B, \"stop_by_turn\": D}`), `notes` (one or two sentences on what",
        "happens and why B and D are where they are) and `turns`, each `{\"at_seconds\": t, \"request\": {...}}`. Turns are",
        "numbered from 1. B is the first turn at which the loop is visibly under way (the first repeated or same-failing",
        "iteration is in the request), D the latest turn by which an operator would want it stopped; every runaway",
        "continues at least two turns after D. Healthy sessions are work a user would not want stopped, through the last",
        "turn. Scoring as in the issue-13 corpus: a runaway first stopped in B..=D is on time, before B early, after D",
        "late; a healthy session must never be stopped.",
        "",
        "Every request carries the full history: turn N+1's request is turn N's plus the assistant's reply and the new",
        "user or tool input. There is no stateless client in this corpus. Shapes were assigned round-robin in writing",
        "order (chat, responses, anthropic, ...):",
        "",
        "- OpenAI Chat: `model`, `messages` (system message first where there is one), `tools`, `max_tokens`; assistant",
        "  `tool_calls` answered by `role: tool` messages.",
        "- OpenAI Responses: `model`, `instructions`, `input` (resent in full, no `previous_response_id`), `tools`,",
        "  `max_output_tokens`; `function_call` / `function_call_output` items one to one.",
        "- Anthropic Messages: `model`, `max_tokens`, `system`, `messages` (alternating, starting and ending with `user`),",
        "  `tools`; `tool_use` blocks answered by `tool_result` blocks first in the next user message.",
        "",
        "## Styles",
        "",
        "Each style is a distinct agent or chat product with 2 runaway and 2 healthy sessions; the two runaways are",
        "different kinds of failure and the two healthy sessions are different kinds of legitimate work that could look",
        "repetitive.",
        "",
        "| style | runaway kinds (shape: B, D) | healthy kinds |",
        "|---|---|---|",
    ] + rows + [
        "",
        "## Counts",
        "",
        "| shape | runaway | healthy | total |",
        "|---|---|---|---|",
    ] + counts + [
        "| all | %d | %d | %d |" % (sum(1 for x in sessions if x.kind == "runaway"), sum(1 for x in sessions if x.kind == "healthy"), len(sessions)),
        "",
        "Turns per session: %d to %d (%d requests in all). Tool-less sessions (plain chat or writing, no `tools`): %d -"
        % (min(nturns), max(nturns), sum(nturns), len(toolless)),
        ", ".join("`%s`" % n for n in toolless) + ".",
        "",
    ])


# =====================================================================================
# validation
# =====================================================================================
NAME_RE = re.compile(r"^([a-z_]+)_(runaway|healthy)_(\d+)_(chat|responses|anthropic)$")


def _json_str(x, where, errs):
    if not isinstance(x, str):
        errs.append("%s: arguments not a string" % where)
        return
    try:
        json.loads(x)
    except ValueError:
        errs.append("%s: arguments not valid JSON" % where)


def _tool_names(shape, tools, where, errs):
    names = set()
    if tools is None:
        return names
    if not isinstance(tools, list) or not tools:
        errs.append("%s: tools must be a non-empty list" % where)
        return names
    for tl in tools:
        if shape == "chat":
            ok = tl.get("type") == "function" and isinstance(tl.get("function"), dict) and tl["function"].get("name") and "parameters" in tl["function"]
            nm = (tl.get("function") or {}).get("name")
        elif shape == "responses":
            ok = tl.get("type") == "function" and tl.get("name") and "parameters" in tl
            nm = tl.get("name")
        else:
            ok = bool(tl.get("name")) and isinstance(tl.get("input_schema"), dict)
            nm = tl.get("name")
        if not ok:
            errs.append("%s: malformed tool %r" % (where, nm))
        names.add(nm)
    return names


def check_chat(req, w, errs):
    extra = set(req) - {"model", "messages", "tools", "max_tokens"}
    if extra:
        errs.append("%s: unexpected keys %s" % (w, sorted(extra)))
    if not isinstance(req.get("model"), str) or not isinstance(req.get("messages"), list) or not req["messages"]:
        errs.append("%s: model/messages missing" % w)
        return
    names = _tool_names("chat", req.get("tools"), w, errs)
    open_ids, seen = [], set()
    for i, m in enumerate(req["messages"]):
        role = m.get("role")
        if role not in ("system", "user", "assistant", "tool"):
            errs.append("%s msg %d: bad role %r" % (w, i, role))
        if role == "system" and i != 0:
            errs.append("%s msg %d: system not first" % (w, i))
        if role != "tool" and open_ids:
            errs.append("%s msg %d: tool calls %s unanswered" % (w, i, open_ids))
            open_ids = []
        if role == "tool":
            cid = m.get("tool_call_id")
            if cid not in open_ids:
                errs.append("%s msg %d: tool result for unknown/answered id %r" % (w, i, cid))
            else:
                open_ids.remove(cid)
            if not isinstance(m.get("content"), str):
                errs.append("%s msg %d: tool content not a string" % (w, i))
        elif role == "assistant":
            tcs = m.get("tool_calls") or []
            if not tcs and not isinstance(m.get("content"), str):
                errs.append("%s msg %d: empty assistant message" % (w, i))
            for tc in tcs:
                if tc.get("type") != "function" or not tc.get("id") or not isinstance(tc.get("function"), dict):
                    errs.append("%s msg %d: malformed tool_call" % (w, i))
                    continue
                if tc["function"].get("name") not in names:
                    errs.append("%s msg %d: undeclared tool %r" % (w, i, tc["function"].get("name")))
                _json_str(tc["function"].get("arguments"), "%s msg %d" % (w, i), errs)
                if tc["id"] in seen:
                    errs.append("%s msg %d: duplicate call id" % (w, i))
                seen.add(tc["id"])
                open_ids.append(tc["id"])
        elif not isinstance(m.get("content"), str) or not m["content"]:
            errs.append("%s msg %d: %s content must be a non-empty string" % (w, i, role))
    if open_ids:
        errs.append("%s: request ends with unanswered calls %s" % (w, open_ids))
    if req["messages"][-1].get("role") not in ("user", "tool"):
        errs.append("%s: last message must be user or tool" % w)


def check_responses(req, w, errs):
    extra = set(req) - {"model", "instructions", "input", "tools", "max_output_tokens"}
    if extra:
        errs.append("%s: unexpected keys %s" % (w, sorted(extra)))
    if not isinstance(req.get("model"), str) or not isinstance(req.get("input"), list) or not req["input"]:
        errs.append("%s: model/input missing" % w)
        return
    names = _tool_names("responses", req.get("tools"), w, errs)
    calls, answered = set(), set()
    for i, it in enumerate(req["input"]):
        tp = it.get("type")
        if tp == "function_call":
            if not it.get("call_id") or it["call_id"] in calls:
                errs.append("%s item %d: missing/duplicate call_id" % (w, i))
            if it.get("name") not in names:
                errs.append("%s item %d: undeclared tool %r" % (w, i, it.get("name")))
            _json_str(it.get("arguments"), "%s item %d" % (w, i), errs)
            calls.add(it.get("call_id"))
        elif tp == "function_call_output":
            cid = it.get("call_id")
            if cid not in calls or cid in answered:
                errs.append("%s item %d: output for unknown/answered call %r" % (w, i, cid))
            answered.add(cid)
            if not isinstance(it.get("output"), str):
                errs.append("%s item %d: output not a string" % (w, i))
        elif tp is None or tp == "message":
            if it.get("role") not in ("user", "assistant", "system", "developer") or not isinstance(it.get("content"), str) or not it["content"]:
                errs.append("%s item %d: bad message" % (w, i))
            if calls - answered:
                errs.append("%s item %d: message before calls %s were answered" % (w, i, sorted(calls - answered)))
        else:
            errs.append("%s item %d: unknown item type %r" % (w, i, tp))
    if calls != answered:
        errs.append("%s: calls not answered one to one" % w)
    last = req["input"][-1]
    if last.get("type") == "function_call" or last.get("role") == "assistant":
        errs.append("%s: input ends with the assistant" % w)


def check_anthropic(req, w, errs):
    extra = set(req) - {"model", "max_tokens", "system", "messages", "tools"}
    if extra:
        errs.append("%s: unexpected keys %s" % (w, sorted(extra)))
    if not isinstance(req.get("model"), str) or not isinstance(req.get("max_tokens"), int) or not isinstance(req.get("messages"), list) or not req["messages"]:
        errs.append("%s: model/max_tokens/messages missing" % w)
        return
    if "system" in req and not isinstance(req["system"], str):
        errs.append("%s: system must be a string" % w)
    names = _tool_names("anthropic", req.get("tools"), w, errs)
    msgs = req["messages"]
    pending = []
    seen = set()
    for i, m in enumerate(msgs):
        want = "user" if i % 2 == 0 else "assistant"
        if m.get("role") != want:
            errs.append("%s msg %d: expected %s" % (w, i, want))
        c = m.get("content")
        blocks = [{"type": "text", "text": c}] if isinstance(c, str) else c
        if not isinstance(blocks, list) or not blocks:
            errs.append("%s msg %d: empty content" % (w, i))
            continue
        if m.get("role") == "user":
            results = []
            for j, b in enumerate(blocks):
                if b.get("type") == "tool_result":
                    if any(x.get("type") != "tool_result" for x in blocks[:j]):
                        errs.append("%s msg %d: tool_result after other content" % (w, i))
                    results.append(b.get("tool_use_id"))
                    if not isinstance(b.get("content"), str):
                        errs.append("%s msg %d: tool_result content not a string" % (w, i))
                elif b.get("type") != "text" or not b.get("text"):
                    errs.append("%s msg %d: bad user block" % (w, i))
            if sorted(results) != sorted(pending) or len(set(results)) != len(results):
                errs.append("%s msg %d: tool_results %s do not match tool_use %s" % (w, i, results, pending))
            pending = []
        else:
            for b in blocks:
                if b.get("type") == "tool_use":
                    if b.get("name") not in names:
                        errs.append("%s msg %d: undeclared tool %r" % (w, i, b.get("name")))
                    if not b.get("id") or b["id"] in seen or not isinstance(b.get("input"), dict):
                        errs.append("%s msg %d: malformed tool_use" % (w, i))
                    seen.add(b.get("id"))
                    pending.append(b.get("id"))
                elif b.get("type") != "text" or not b.get("text"):
                    errs.append("%s msg %d: bad assistant block" % (w, i))
    if msgs[-1].get("role") != "user":
        errs.append("%s: must end with a user message" % w)


CHECKERS = {"chat": ("messages", check_chat), "responses": ("input", check_responses), "anthropic": ("messages", check_anthropic)}


def is_assistant_item(shape, it):
    if shape == "responses":
        return it.get("type") == "function_call" or it.get("role") == "assistant"
    return it.get("role") == "assistant"


def validate(files):
    """files: {filename: parsed session}; returns a list of violations."""
    errs = []
    sids = set()
    shapes = {s: 0 for s in SHAPES}
    per_style = {}
    toolless = 0
    for fn, d in sorted(files.items()):
        w = fn
        keys = {"name", "style", "shape", "path", "headers", "expected", "notes", "turns"}
        if set(d) != keys:
            errs.append("%s: keys %s" % (w, sorted(d)))
            continue
        m = NAME_RE.match(d["name"])
        if fn != d["name"] + ".json" or not m:
            errs.append("%s: name/file mismatch" % w)
            continue
        if m.group(1) != d["style"] or m.group(2) != d["expected"].get("outcome") or m.group(4) != d["shape"]:
            errs.append("%s: name disagrees with style/outcome/shape" % w)
        if d["style"] not in STYLES:
            errs.append("%s: unknown style" % w)
        shape = d["shape"]
        if shape not in SHAPES or d["path"] != PATHS.get(shape):
            errs.append("%s: bad shape/path" % w)
            continue
        shapes[shape] += 1
        per_style.setdefault(d["style"], []).append(d["expected"]["outcome"])
        hd = d["headers"]
        if set(hd) != {"x-session-id", "x-user-id"} or not hd["x-session-id"] or not hd["x-user-id"]:
            errs.append("%s: headers" % w)
        if hd.get("x-session-id") in sids:
            errs.append("%s: duplicate x-session-id" % w)
        sids.add(hd.get("x-session-id"))
        if not isinstance(d["notes"], str) or len(d["notes"]) < 40:
            errs.append("%s: notes missing" % w)
        turns = d["turns"]
        n = len(turns)
        if not 8 <= n <= 30:
            errs.append("%s: %d turns" % (w, n))
        ex = d["expected"]
        if ex.get("outcome") == "runaway":
            b, dd = ex.get("loop_begins_turn"), ex.get("stop_by_turn")
            if set(ex) != {"outcome", "loop_begins_turn", "stop_by_turn"} or not (isinstance(b, int) and isinstance(dd, int) and 1 <= b <= dd and dd + 2 <= n):
                errs.append("%s: bad runaway expectation %s for %d turns" % (w, ex, n))
        elif ex != {"outcome": "healthy"}:
            errs.append("%s: bad expectation %s" % (w, ex))
        key, fn_check = CHECKERS[shape]
        prev_t, prev = None, None
        has_tools = False
        for i, tn in enumerate(turns):
            tw = "%s turn %d" % (w, i + 1)
            if set(tn) != {"at_seconds", "request"}:
                errs.append("%s: keys" % tw)
                continue
            t = tn["at_seconds"]
            if not isinstance(t, (int, float)) or t < 0 or (prev_t is not None and t <= prev_t):
                errs.append("%s: at_seconds %r not strictly increasing" % (tw, t))
            prev_t = t
            req = tn["request"]
            has_tools = has_tools or bool(req.get("tools"))
            if "previous_response_id" in req:
                errs.append("%s: previous_response_id" % tw)
            fn_check(req, tw, errs)
            if prev is not None:
                a, b2 = prev[key], req.get(key, [])
                if len(b2) <= len(a) or b2[:len(a)] != a:
                    errs.append("%s: history does not grow by prefix" % tw)
                elif not is_assistant_item(shape, b2[len(a)]):
                    errs.append("%s: appended history does not start with the assistant's reply" % tw)
                if {k: v for k, v in prev.items() if k != key} != {k: v for k, v in req.items() if k != key}:
                    errs.append("%s: non-history fields changed" % tw)
            else:
                first = req.get(key, [])
                if any(is_assistant_item(shape, it) for it in first):
                    errs.append("%s: first request already contains assistant turns" % tw)
            prev = req
        toolless += 0 if has_tools else 1
    if len(files) != 32:
        errs.append("corpus: %d sessions, want 32" % len(files))
    if shapes != {"chat": 11, "responses": 11, "anthropic": 10}:
        errs.append("corpus: shape counts %s" % shapes)
    for st in STYLES:
        got = sorted(per_style.get(st, []))
        if got != ["healthy", "healthy", "runaway", "runaway"]:
            errs.append("corpus: style %s has %s" % (st, got))
    if toolless < 6:
        errs.append("corpus: only %d tool-less sessions" % toolless)
    return errs


def dump(obj):
    return json.dumps(obj, indent=1, ensure_ascii=False) + "\n"


def build():
    del SESSIONS[:]
    for f in BUILDERS:
        f()
    out = {}
    parsed = {}
    for s in SESSIONS:
        d = s.render()
        parsed[s.name + ".json"] = d
        out[os.path.join("heldout", s.name + ".json")] = dump(d)
    out[os.path.join("tuning", ".gitkeep")] = ""
    out["README.md"] = readme(SESSIONS)
    return out, parsed


def on_disk():
    found = {}
    for dp, _, fns in os.walk(OUT):
        for fn in fns:
            full = os.path.join(dp, fn)
            with open(full, encoding="utf-8") as fh:
                found[os.path.relpath(full, OUT)] = fh.read()
    return found


def main(argv):
    out, parsed = build()
    errs = validate(parsed)
    # the files as written must parse back to the same sessions
    for rel, text in out.items():
        if rel.endswith(".json") and json.loads(text) != parsed[os.path.basename(rel)]:
            errs.append("%s: does not round-trip" % rel)
    if "--check" in argv:
        disk = on_disk() if os.path.isdir(OUT) else {}
        for rel in sorted(set(out) | set(disk)):
            if rel not in disk:
                errs.append("missing on disk: %s" % rel)
            elif rel not in out:
                errs.append("unexpected file on disk: %s" % rel)
            elif disk[rel] != out[rel]:
                errs.append("differs from generator: %s" % rel)
        for e in errs:
            print("FAIL", e)
        if errs:
            return 1
        print("ok: %d sessions, %d requests, validated and identical to disk" % (len(parsed), sum(len(d["turns"]) for d in parsed.values())))
        return 0
    if errs:
        for e in errs:
            print("FAIL", e)
        return 1
    for rel, text in out.items():
        full = os.path.join(OUT, rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as fh:
            fh.write(text)
    print("wrote %d files to %s" % (len(out), os.path.relpath(OUT, ROOT)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
