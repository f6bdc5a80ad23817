#!/usr/bin/env python3
"""Generate (or --check) the blind held-out corpus tests/fixtures/corpus_af.

Stdlib only, deterministic: no clock, no randomness, no network. Every session is written
by hand below as a shape-neutral script (user text, tool results, assistant replies) and
rendered into one of three API shapes (OpenAI Chat, OpenAI Responses, Anthropic Messages),
assigned round-robin in writing order.

    python3 scripts/gen_corpus_af.py           # write the files
    python3 scripts/gen_corpus_af.py --check   # regenerate in memory, validate, diff with disk
"""
import datetime
import hashlib
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "corpus_af")

STYLES = [
    "municipal_311_dispatcher",
    "game_liveops_events",
    "icd_coding_batch",
    "cert_renewal_bot",
    "kids_math_tutor",
    "architecture_spec_writer",
    "theatre_lighting_cues",
    "recycling_sort_monitor",
]
SHAPES = ["chat", "responses", "anthropic"]
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
ALPHA = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

ALL = []          # sessions in writing order
STATELESS = set()  # names of the (single) stateless client


def b62(seed, n):
    v = int(hashlib.sha256(seed.encode()).hexdigest(), 16)
    out = []
    for _ in range(n):
        v, r = divmod(v, 62)
        out.append(ALPHA[r])
    return "".join(out)


def hx(seed, n=8):
    return hashlib.sha256(seed.encode()).hexdigest()[:n]


def iso(base, sec, tz=datetime.timezone.utc):
    t = base + datetime.timedelta(seconds=sec)
    return t.astimezone(tz).isoformat(timespec="seconds").replace("+00:00", "Z")


def base_time(y, mo, d, h, mi, s=0):
    return datetime.datetime(y, mo, d, h, mi, s, tzinfo=datetime.timezone.utc)


def J(obj):
    return json.dumps(obj, ensure_ascii=False)


def tool(name, desc, props, required=None):
    return {
        "name": name,
        "description": desc,
        "parameters": {
            "type": "object",
            "properties": props,
            "required": list(required if required is not None else props.keys()),
        },
    }


STR = {"type": "string"}
INT = {"type": "integer"}
NUM = {"type": "number"}
BOOL = {"type": "boolean"}


def arr(item):
    return {"type": "array", "items": item}


class Sess:
    def __init__(self, style, outcome, n, kind, system, tools, model, max_tokens, user_id, notes,
                 stateless=False):
        assert style in STYLES and outcome in ("runaway", "healthy")
        self.idx = len(ALL)
        self.shape = SHAPES[self.idx % 3]
        self.style, self.outcome, self.n, self.kind = style, outcome, n, kind
        self.name = "%s_%s_%d_%s" % (style, outcome, n, self.shape)
        self.system, self.tools = system, tools or []
        self.model = model[self.shape] if isinstance(model, dict) else model
        self.max_tokens, self.user_id, self.notes = max_tokens, user_id, notes
        self.turns, self.pending, self.k, self.t = [], [], 0, 0
        self.B = self.D = None
        self.stateless = stateless
        if stateless:
            STATELESS.add(self.name)
        ALL.append(self)

    # ---- script building -------------------------------------------------------------
    def _new(self, dt, items):
        assert self.turns == [] or self.turns[-1]["reply"] is not None, self.name
        self.t = self.t + dt if self.turns else 0
        self.turns.append({"at": self.t, "in": items, "reply": None})
        return self

    def user(self, dt, text):
        assert not self.pending, (self.name, len(self.turns))
        return self._new(dt, [("user", text)])

    def res(self, dt, *outputs, text=None):
        assert len(outputs) == len(self.pending), (self.name, len(self.turns), outputs)
        items = []
        for (cid, _name), out in zip(self.pending, outputs):
            items.append(("tool", cid, out if isinstance(out, str) else J(out)))
        if text:
            items.append(("user", text))
        self.pending = []
        return self._new(dt, items)

    def say(self, text):
        assert self.turns[-1]["reply"] is None
        self.turns[-1]["reply"] = {"text": text, "calls": []}
        return self

    def call(self, name, args, text=None):
        return self.calls([(name, args)], text)

    def calls(self, pairs, text=None):
        assert self.turns[-1]["reply"] is None
        declared = {t["name"] for t in self.tools}
        out = []
        for name, args in pairs:
            assert name in declared, (self.name, name)
            self.k += 1
            seed = "%s|%d" % (self.name, self.k)
            cid = ("toolu_01" + b62(seed, 22)) if self.shape == "anthropic" else ("call_" + b62(seed, 24))
            out.append((cid, name, args))
            self.pending.append((cid, name))
        self.turns[-1]["reply"] = {"text": text, "calls": out}
        return self

    def mark_B(self):
        self.B = len(self.turns)
        return self

    def mark_D(self):
        self.D = len(self.turns)
        return self

    # ---- rendering -------------------------------------------------------------------
    def _tools_json(self):
        if self.shape == "chat":
            return [{"type": "function", "function": t} for t in self.tools]
        if self.shape == "responses":
            return [dict({"type": "function"}, **t) for t in self.tools]
        return [{"name": t["name"], "description": t["description"], "input_schema": t["parameters"]}
                for t in self.tools]

    def _render_in(self, items):
        if self.shape == "chat":
            return [{"role": "tool", "tool_call_id": it[1], "content": it[2]} if it[0] == "tool"
                    else {"role": "user", "content": it[1]} for it in items]
        if self.shape == "responses":
            return [{"type": "function_call_output", "call_id": it[1], "output": it[2]} if it[0] == "tool"
                    else {"role": "user", "content": it[1]} for it in items]
        if len(items) == 1 and items[0][0] == "user":
            return [{"role": "user", "content": items[0][1]}]
        blocks = [{"type": "tool_result", "tool_use_id": it[1], "content": it[2]} if it[0] == "tool"
                  else {"type": "text", "text": it[1]} for it in items]
        return [{"role": "user", "content": blocks}]

    def _render_reply(self, rep):
        text, calls = rep["text"], rep["calls"]
        if self.shape == "chat":
            m = {"role": "assistant", "content": text}
            if calls:
                m["tool_calls"] = [{"id": c, "type": "function",
                                    "function": {"name": n, "arguments": J(a)}} for c, n, a in calls]
            return [m]
        if self.shape == "responses":
            out = [{"role": "assistant", "content": text}] if text else []
            out += [{"type": "function_call", "call_id": c, "name": n, "arguments": J(a)} for c, n, a in calls]
            return out
        blocks = [{"type": "text", "text": text}] if text else []
        blocks += [{"type": "tool_use", "id": c, "name": n, "input": a} for c, n, a in calls]
        return [{"role": "assistant", "content": blocks}]

    def render(self):
        assert self.turns[-1]["reply"] is None or True
        reqs = []
        for i in range(len(self.turns)):
            seq = []
            if self.stateless:
                seq = self._render_in(self.turns[i]["in"])
            else:
                for j in range(i + 1):
                    seq += self._render_in(self.turns[j]["in"])
                    if j < i:
                        seq += self._render_reply(self.turns[j]["reply"])
            if self.shape == "chat":
                req = {"model": self.model, "messages": [{"role": "system", "content": self.system}] + seq,
                       "max_tokens": self.max_tokens}
            elif self.shape == "responses":
                req = {"model": self.model, "instructions": self.system, "input": seq,
                       "max_output_tokens": self.max_tokens}
            else:
                req = {"model": self.model, "max_tokens": self.max_tokens, "system": self.system,
                       "messages": seq}
            if self.tools:
                req["tools"] = self._tools_json()
            reqs.append({"at_seconds": self.turns[i]["at"], "request": req})
        exp = {"outcome": self.outcome}
        if self.outcome == "runaway":
            exp["loop_begins_turn"] = self.B
            exp["stop_by_turn"] = self.D
        return {
            "name": self.name,
            "style": self.style,
            "shape": self.shape,
            "path": PATHS[self.shape],
            "headers": {"x-session-id": "af-%s-%s" % (hx("sid|" + self.name, 8), hx("sid2|" + self.name, 12)),
                        "x-user-id": self.user_id},
            "expected": exp,
            "notes": self.notes,
            "turns": reqs,
        }


# =====================================================================================
# 1. municipal_311_dispatcher
# =====================================================================================
T311 = [
    tool("lookup_request", "Fetch a 311 service request (SR) by id from the CRM.", {"sr_id": STR}),
    tool("geocode_address", "Resolve free-text address to a city GIS location id.",
         {"address": STR, "city": STR}, ["address"]),
    tool("get_crew_availability", "List field crews of a division in a ward and their shift status.",
         {"division": STR, "ward": INT, "include_off_shift": BOOL}, ["division", "ward"]),
    tool("assign_work_order", "Create a work order for an SR and assign it to a crew.",
         {"sr_id": STR, "crew_id": STR, "location_id": STR, "priority": STR}),
    tool("notify_resident", "Send the SR's reporter an SMS/email status update.",
         {"sr_id": STR, "message": STR}),
    tool("mark_duplicate", "Close an SR as a duplicate of an open SR (the reporter is linked).",
         {"sr_id": STR, "duplicate_of": STR}),
    tool("get_work_order_status", "Current status, crew notes and ETA of a work order.", {"wo_id": STR}),
    tool("notify_area", "Send a service-alert SMS to all opted-in residents around a location.",
         {"location_id": STR, "radius_m": INT, "message": STR}),
]
SYS311 = ("You are Dispatch Assist for the City of Fairhaven 311 center. For each service request (SR): "
          "look it up, make sure it has a geocoded GIS location, choose an on-shift crew from the right "
          "division, create the work order, and notify the reporter. Never create a work order without a "
          "GIS location id. P1 = public safety / water loss, P2 = hazard, P3 = routine. Be brief.")
M311 = {"chat": "gpt-4o-2024-08-06", "responses": "gpt-4.1", "anthropic": "claude-sonnet-4-20250514"}
B311 = base_time(2025, 3, 11, 10, 41, 7)


def s_311_r1():
    s = Sess("municipal_311_dispatcher", "runaway", 1,
             "geocoder says AMBIGUOUS; the agent re-geocodes reworded forms of the same address",
             SYS311, T311, M311, 700, "svc-fh311-queue",
             "The geocoder answers AMBIGUOUS (two quadrants) every time and the agent keeps rewording "
             "the same address instead of using a candidate or escalating; the second identical "
             "ambiguity (turn 4) starts the loop, and after five of them it should have been stopped.")
    sr = "SR-2025-118342"
    s.user(0, "Queue item 1 of 1 (intake channel: mobile app). SR %s — category Streetlight / Out. "
              "Process it end to end." % sr)
    s.call("lookup_request", {"sr_id": sr})
    s.res(2, {"sr_id": sr, "category": "Streetlight - Out", "reported_at": "2025-03-11T05:52:10-05:00",
              "address_text": "400 Elm St", "description": "light by the bus shelter is out 3rd night in a row, "
              "very dark walking home", "pole_tag": None, "location_id": None, "channel": "mobile",
              "reporter": {"contact_on_file": True, "prefers": "sms"}})
    s.call("geocode_address", {"address": "400 Elm St", "city": "Fairhaven"},
           "No location id on the SR yet, so I'll geocode the address first.")
    amb = lambda q, qid: {"status": "AMBIGUOUS", "query": q, "query_id": qid, "candidates": [
        {"location_id": "LOC-77120", "label": "400 ELM ST NW", "ward": 3, "score": 0.94},
        {"location_id": "LOC-30418", "label": "400 ELM ST SE", "ward": 6, "score": 0.94}],
        "hint": "Add quadrant (NW/SE), a cross street or a pole tag to disambiguate."}
    s.res(3, amb("400 Elm St, Fairhaven", "gq-5d21c0"))
    s.call("geocode_address", {"address": "400 Elm Street", "city": "Fairhaven"},
           "Two candidates came back. Let me retry with the full street suffix so the geocoder can match exactly.")
    s.res(3, amb("400 Elm Street, Fairhaven", "gq-5d21d9")).mark_B()
    s.call("geocode_address", {"address": "400 Elm St, near the bus shelter", "city": "Fairhaven"},
           "Still ambiguous. The SR mentions a bus shelter; I'll include that.")
    s.res(4, amb("400 Elm St, near the bus shelter, Fairhaven", "gq-5d21f3"))
    s.call("geocode_address", {"address": "400 ELM ST", "city": "Fairhaven"},
           "Trying the normalized uppercase form used by the GIS layer.")
    s.res(3, amb("400 ELM ST, Fairhaven", "gq-5d2204"))
    s.call("lookup_request", {"sr_id": sr},
           "Let me re-read the SR in case the address has more detail.")
    s.res(2, {"sr_id": sr, "category": "Streetlight - Out", "reported_at": "2025-03-11T05:52:10-05:00",
              "address_text": "400 Elm St", "description": "light by the bus shelter is out 3rd night in a row, "
              "very dark walking home", "pole_tag": None, "location_id": None, "channel": "mobile",
              "reporter": {"contact_on_file": True, "prefers": "sms"}})
    s.call("geocode_address", {"address": "400 Elm St.", "city": "Fairhaven"},
           "Same address text. Retrying the geocoder with a trailing period variant.")
    s.res(3, amb("400 Elm St., Fairhaven", "gq-5d2231")).mark_D()
    s.call("geocode_address", {"address": "Elm St 400", "city": "Fairhaven"},
           "Ambiguous again. Reordering number and street.")
    s.res(3, amb("Elm St 400, Fairhaven", "gq-5d2245"))
    s.call("geocode_address", {"address": "400 Elm St, Fairhaven, ME 04412"},
           "I'll add state and ZIP so the geocoder has the full postal form.")
    s.res(4, amb("400 Elm St, Fairhaven, ME 04412", "gq-5d2260"))
    s.call("geocode_address", {"address": "400 Elm", "city": "Fairhaven"},
           "Trying a shorter query.")
    s.res(3, amb("400 Elm, Fairhaven", "gq-5d2279"))
    s.call("geocode_address", {"address": "400 Elm Street (bus shelter)", "city": "Fairhaven"},
           "Still two matches. One more attempt with the landmark in parentheses.")
    s.res(3, amb("400 Elm Street (bus shelter), Fairhaven", "gq-5d2290"))
    s.call("geocode_address", {"address": "400 elm st", "city": "fairhaven"},
           "Retrying in lowercase.")
    s.res(3, amb("400 elm st, fairhaven", "gq-5d22a8"))
    return s


def s_311_r2():
    s = Sess("municipal_311_dispatcher", "runaway", 2,
             "assign rejected (crew off shift) / stale roster says available: a period-2 cycle",
             SYS311, T311, M311, 700, "svc-fh311-queue",
             "A P1 water-main SR: the stale roster cache keeps listing WD-4 as available and the work-order "
             "API keeps rejecting WD-4 as off shift; the agent alternates the two calls with fresh request "
             "ids. The second availability read (turn 5) starts the cycle.")
    sr = "SR-2025-118377"
    s.user(0, "PRIORITY queue: SR %s — Water main break, 1250 Harbor Rd, water running down the street, "
              "reported by FD Engine 3. Dispatch immediately." % sr)
    s.call("lookup_request", {"sr_id": sr})
    s.res(2, {"sr_id": sr, "category": "Water - Main Break", "priority_hint": "P1",
              "reported_at": "2025-03-11T06:11:48-05:00", "address_text": "1250 Harbor Rd",
              "location_id": "LOC-55102", "ward": 2, "division": "water_distribution",
              "description": "Engine 3 on scene, water surfacing through asphalt, est. 200 gpm, "
              "northbound lane closed by PD"})
    s.call("get_crew_availability", {"division": "water_distribution", "ward": 2})

    def avail(t):
        return {"as_of": t, "source": "roster_cache", "cache_age_s": 1412 + 0, "crews": [
            {"crew_id": "WD-4", "status": "available", "lead": "R. Okafor", "truck": "T-118"},
            {"crew_id": "WD-7", "status": "on_job", "job": "WO-88120", "eta_free": "07:40"},
            {"crew_id": "WD-2", "status": "off_shift"}]}

    def rej(rid, t):
        return {"error": "CREW_OFF_SHIFT", "http_status": 409, "request_id": rid, "at": t,
                "detail": "Crew WD-4 shift ended 06:00. Assignments to off-shift crews require supervisor "
                          "override (call-out). Roster cache may be stale."}

    s.res(2, avail("2025-03-11T06:13:02-05:00"))
    s.call("assign_work_order", {"sr_id": sr, "crew_id": "WD-4", "location_id": "LOC-55102", "priority": "P1"},
           "WD-4 is available in ward 2. Assigning as P1.")
    s.res(3, rej("wo-req-8f31a2", "06:13:07"))
    s.call("get_crew_availability", {"division": "water_distribution", "ward": 2, "include_off_shift": False},
           "The work-order service says WD-4 is off shift. Re-checking current availability.")
    s.res(2, avail("2025-03-11T06:13:11-05:00")).mark_B()
    s.call("assign_work_order", {"sr_id": sr, "crew_id": "WD-4", "location_id": "LOC-55102", "priority": "P1"},
           "Availability still shows WD-4 as available, so the previous rejection may have been transient. Retrying.")
    s.res(3, rej("wo-req-8f31c7", "06:13:16"))
    s.call("get_crew_availability", {"division": "water_distribution", "ward": 2},
           "Rejected again with CREW_OFF_SHIFT. Checking the roster once more.")
    s.res(2, avail("2025-03-11T06:13:20-05:00"))
    s.call("assign_work_order", {"sr_id": sr, "crew_id": "WD-4", "location_id": "LOC-55102", "priority": "P1"},
           "Roster confirms WD-4 available. Submitting the assignment again.")
    s.res(3, rej("wo-req-8f320b", "06:13:25"))
    s.call("get_crew_availability", {"division": "water_distribution", "ward": 2, "include_off_shift": False},
           "The two systems disagree. Refreshing availability.")
    s.res(2, avail("2025-03-11T06:13:29-05:00")).mark_D()
    s.call("assign_work_order", {"sr_id": sr, "crew_id": "WD-4", "location_id": "LOC-55102", "priority": "P1"},
           "WD-4 still listed as available; P1 requires immediate dispatch, retrying.")
    s.res(3, rej("wo-req-8f3251", "06:13:35"))
    s.call("get_crew_availability", {"division": "water_distribution", "ward": 2})
    s.res(2, avail("2025-03-11T06:13:39-05:00"))
    s.call("assign_work_order", {"sr_id": sr, "crew_id": "WD-4", "location_id": "LOC-55102", "priority": "P1"},
           "Retrying assignment to WD-4.")
    s.res(3, rej("wo-req-8f3290", "06:13:44"))
    s.call("get_crew_availability", {"division": "water_distribution", "ward": 2, "include_off_shift": False},
           "Checking availability again before the next attempt.")
    s.res(2, avail("2025-03-11T06:13:48-05:00"))
    s.call("assign_work_order", {"sr_id": sr, "crew_id": "WD-4", "location_id": "LOC-55102", "priority": "P1"})
    s.res(3, rej("wo-req-8f32d4", "06:13:53"))
    return s


def s_311_h1():
    s = Sess("municipal_311_dispatcher", "healthy", 1,
             "overnight queue of six different SRs, the same lookup / assign+notify rhythm",
             SYS311, T311, M311, 900, "svc-fh311-queue",
             "Overnight backlog: six unrelated SRs processed with the same two-step rhythm (lookup, then "
             "assign + notify), one merged as a duplicate and one needing a geocode; every item is new work.")
    s.user(0, "Overnight backlog, 6 SRs: SR-2025-118290, SR-2025-118295, SR-2025-118301, SR-2025-118304, "
              "SR-2025-118311, SR-2025-118319. Work them in order.")
    items = [
        ("SR-2025-118290", {"category": "Street - Pothole", "address_text": "88 Quarry Rd",
                            "location_id": "LOC-41876", "ward": 4, "description": "deep pothole eastbound lane, "
                            "car hubcap lost, ~2ft wide"}, "STR-3", "P2",
         "Thanks for reporting the pothole at 88 Quarry Rd. Street crew STR-3 is scheduled; expected repair within 48 hours."),
        ("SR-2025-118295", {"category": "Sanitation - Missed Pickup", "address_text": "17 Larch Ct",
                            "location_id": "LOC-20933", "ward": 1, "description": "recycling not picked up Monday, "
                            "whole cul-de-sac"}, "SAN-R2", "P3",
         "Your missed recycling pickup on Larch Ct has been sent to route crew SAN-R2 for a return trip today."),
    ]
    for sr, body, crew, pri, msg in items:
        s.call("lookup_request", {"sr_id": sr})
        s.res(2, dict({"sr_id": sr, "reported_at": "2025-03-11T0%d:%02d:00-05:00" % (1 + len(sr) % 3, 10 + int(sr[-2:]) % 50)}, **body))
        s.calls([("assign_work_order", {"sr_id": sr, "crew_id": crew, "location_id": body["location_id"], "priority": pri}),
                 ("notify_resident", {"sr_id": sr, "message": msg})],
                "%s, ward %d → %s as %s." % (body["category"], body["ward"], crew, pri))
        s.res(3, {"wo_id": "WO-%d" % (88200 + int(sr[-3:])), "status": "assigned", "crew_id": crew},
              {"sent": True, "channel": "sms"})
    sr = "SR-2025-118301"
    s.call("lookup_request", {"sr_id": sr})
    s.res(2, {"sr_id": sr, "category": "Street - Pothole", "address_text": "88 Quarry Road by the gas station",
              "location_id": "LOC-41876", "ward": 4, "reported_at": "2025-03-11T03:02:44-05:00",
              "description": "huge pothole, popped my tire", "open_srs_same_location": ["SR-2025-118290"]})
    s.calls([("mark_duplicate", {"sr_id": sr, "duplicate_of": "SR-2025-118290"}),
             ("notify_resident", {"sr_id": sr, "message": "This pothole was already reported and crew STR-3 is "
              "scheduled. For tire damage claims use fairhaven.gov/claims (form RM-12)."})],
            "Same location as SR-2025-118290 (already assigned to STR-3) — closing as duplicate and pointing "
            "the reporter to the damage-claim form.")
    s.res(3, {"sr_id": sr, "status": "closed_duplicate", "linked_to": "SR-2025-118290"}, {"sent": True, "channel": "email"})
    sr = "SR-2025-118304"
    s.call("lookup_request", {"sr_id": sr})
    s.res(2, {"sr_id": sr, "category": "Parks - Fallen Tree", "address_text": "Riverside Park, path near the "
              "footbridge", "location_id": None, "ward": None, "reported_at": "2025-03-11T04:15:09-05:00",
              "description": "tree down across the walking path, not on power lines"})
    s.call("geocode_address", {"address": "Riverside Park footbridge", "city": "Fairhaven"},
           "No GIS location yet; geocoding the park landmark.")
    s.res(3, {"status": "OK", "location_id": "LOC-90211", "label": "RIVERSIDE PARK - FOOTBRIDGE (PK-07)", "ward": 5})
    s.calls([("assign_work_order", {"sr_id": sr, "crew_id": "PK-2", "location_id": "LOC-90211", "priority": "P2"}),
             ("notify_resident", {"sr_id": sr, "message": "Parks crew PK-2 will clear the fallen tree on the "
              "Riverside Park path this morning. Please use the Mill St entrance meanwhile."})],
            "Ward 5 parks → PK-2, P2 since it blocks a path.")
    s.res(3, {"wo_id": "WO-88504", "status": "assigned", "crew_id": "PK-2"}, {"sent": True, "channel": "sms"})
    sr = "SR-2025-118311"
    s.call("lookup_request", {"sr_id": sr})
    s.res(2, {"sr_id": sr, "category": "Traffic - Signal Malfunction", "address_text": "Main St & 3rd Ave",
              "location_id": "LOC-10045", "ward": 3, "reported_at": "2025-03-11T05:01:33-05:00",
              "description": "signal flashing red all directions since ~4:30"})
    s.calls([("assign_work_order", {"sr_id": sr, "crew_id": "TS-1", "location_id": "LOC-10045", "priority": "P1"}),
             ("notify_resident", {"sr_id": sr, "message": "Traffic signal technicians (TS-1) have been dispatched "
              "to Main St & 3rd Ave. Treat the intersection as an all-way stop until repaired."})],
            "Flashing-red signal at a major intersection: P1 to TS-1.")
    s.res(3, {"wo_id": "WO-88511", "status": "assigned", "crew_id": "TS-1"}, {"sent": True, "channel": "sms"})
    sr = "SR-2025-118319"
    s.call("lookup_request", {"sr_id": sr})
    s.res(2, {"sr_id": sr, "category": "Graffiti - Public Property", "address_text": "Lincoln Elementary, "
              "north wall", "location_id": "LOC-60877", "ward": 2, "reported_at": "2025-03-11T05:40:20-05:00",
              "description": "spray paint on the wall facing the playground, some offensive words"})
    s.calls([("assign_work_order", {"sr_id": sr, "crew_id": "GR-1", "location_id": "LOC-60877", "priority": "P2"}),
             ("notify_resident", {"sr_id": sr, "message": "Thanks — the graffiti crew will remove the paint at "
              "Lincoln Elementary before school hours where possible."})],
            "Offensive graffiti at a school → P2 for GR-1 so it's gone before recess.")
    s.res(3, {"wo_id": "WO-88519", "status": "assigned", "crew_id": "GR-1"}, {"sent": True, "channel": "email"})
    return s


def s_311_h2():
    s = Sess("municipal_311_dispatcher", "healthy", 2,
             "status polling of a P1 repair every 5 minutes, status and ETA moving, area alert at the end",
             SYS311, T311, M311, 600, "sup-mvance",
             "A supervisor asks the agent to watch a water-main work order; it polls every five minutes and each "
             "poll brings new crew notes/ETA until the repair completes and the area is notified.")
    wo = "WO-88471"
    s.user(0, "Keep an eye on %s (Harbor Rd main break, LOC-55102). Poll every 5 min; when the crew "
              "reports the repair done, send an area alert (300 m) saying water is restored and to run cold "
              "taps 2 minutes. Tell me if anything looks stuck." % wo)
    s.call("get_work_order_status", {"wo_id": wo})
    polls = [
        {"status": "dispatched", "crew_id": "WD-7", "eta": "06:52", "notes": "leaving WO-88120 site"},
        {"status": "en_route", "crew_id": "WD-7", "eta": "06:49", "notes": "truck T-121 + vac trailer"},
        {"status": "on_site", "crew_id": "WD-7", "notes": "isolating valves V-2231 and V-2236; approx 40 "
         "homes without water", "homes_affected": 40},
        {"status": "on_site", "crew_id": "WD-7", "notes": "valves closed, flow stopped; excavation started; "
         "Dig Safe ticket 2025031100417 confirmed", "homes_affected": 42, "eta_restore": "09:30"},
        {"status": "on_site", "crew_id": "WD-7", "notes": "6-inch CI main, circumferential crack; repair "
         "clamp on the way from yard", "homes_affected": 42, "eta_restore": "09:45"},
    ]
    t = 0
    for i, p in enumerate(polls):
        t += 300
        s.res(300 if i else 2, dict({"wo_id": wo, "updated_at": "06:%02d" % (38 + i * 5)}, **p))
        if i < len(polls) - 1:
            s.say(["Dispatched: WD-7 is leaving its previous job, ETA 06:52. Next check in 5 minutes.",
                   "WD-7 en route with the vac trailer, ETA now 06:49.",
                   "Crew on site and isolating valves; about 40 homes are without water.",
                   "Flow stopped and excavation under way (Dig Safe confirmed). Estimated restore 09:30."][i])
            s.user(6 + i, ["ok", "thx", "Council member Diaz's office is asking — include the homes-affected "
                           "number in updates please", "👍"][i])
            s.call("get_work_order_status", {"wo_id": wo})
    s.say("Crack confirmed on a 6-inch cast-iron main; clamp coming from the yard. Restore estimate slipped to 09:45. "
          "42 homes affected. Not stuck — the crew is waiting on a part.")
    s.user(40, "fine. keep going")
    s.call("get_work_order_status", {"wo_id": wo})
    later = [
        {"status": "on_site", "crew_id": "WD-7", "notes": "clamp installed, pressure test 30 min", "homes_affected": 42, "eta_restore": "09:20"},
        {"status": "repair_complete", "crew_id": "WD-7", "notes": "pressure test passed, valves reopened 09:14, "
         "flushing hydrant H-1187", "homes_affected": 0, "completed_at": "09:16"},
    ]
    s.res(1500, dict({"wo_id": wo, "updated_at": "08:41"}, **later[0]))
    s.say("Clamp installed, pressure test running; restore now expected 09:20.")
    s.user(25, "good")
    s.call("get_work_order_status", {"wo_id": wo})
    s.res(2100, dict({"wo_id": wo, "updated_at": "09:16"}, **later[1]))
    s.call("notify_area", {"location_id": "LOC-55102", "radius_m": 300,
                           "message": "City of Fairhaven: water service on Harbor Rd has been restored. Please run "
                                      "cold taps for 2 minutes before use. Thank you for your patience."},
           "Repair complete at 09:16; sending the area alert.")
    s.res(3, {"sent": 57, "radius_m": 300, "alert_id": "AL-20250311-0093"})
    s.say("Done: repair complete 09:16, area alert AL-20250311-0093 sent to 57 residents within 300 m.")
    s.user(90, "great work, close out your watch")
    return s


# =====================================================================================
# 2. game_liveops_events
# =====================================================================================
TGAME = [
    tool("get_event_config", "Read a live-ops event definition (draft or published).", {"event_id": STR}),
    tool("patch_event", "Apply an RFC 6902 JSON Patch to a draft event; returns the new draft version.",
         {"event_id": STR, "patch": arr({"type": "object"})}),
    tool("validate_event", "Run the live-ops rule checker (LT-xx rules) on the current draft.", {"event_id": STR}),
    tool("schedule_event", "Schedule a validated event in one region shard.",
         {"event_id": STR, "region": STR, "start_utc": STR, "end_utc": STR}),
    tool("get_event_status", "Runtime status of a scheduled/live event in a region.",
         {"event_id": STR, "region": STR}),
    tool("list_events", "List events, 25 per page, ordered by end time.",
         {"status": STR, "cursor": STR, "limit": INT}, ["status"]),
]
SYSGAME = ("You are LiveOps Copilot for the mobile game 'Harbor Heroes' (studio Tidewater Games). You manage "
           "limited-time events through the LiveOps API: read configs, patch drafts, validate, schedule per "
           "region shard (na, eu, apac, sa, me). Never publish an event that fails validation. Times are UTC.")
MGAME = {"chat": "gpt-4.1-mini", "responses": "gpt-4.1", "anthropic": "claude-3-5-haiku-20241022"}


def s_game_r1():
    s = Sess("game_liveops_events", "runaway", 1,
             "validate/fix oscillation between two rule violations (period-4 cycle)",
             SYSGAME, TGAME, MGAME, 1200, "lo-bot-frostfall",
             "Fixing the reward weights to sum to 1.0 by zeroing the legendary tier trips rule LT-07, and "
             "restoring it trips the sum rule again; patch/validate cycles with period four. The cycle is "
             "under way when the sum error returns at turn 7.")
    ev = "evt_ffb_2025w11"
    s.user(0, "Ship 'Frostfall Bazaar' (%s) for Thursday's 10:00 UTC window, ends Monday 10:00 UTC. Config is "
              "in draft; make it pass validation and schedule na + eu." % ev)
    s.call("get_event_config", {"event_id": ev})
    s.res(2, {"event_id": ev, "version": 13, "state": "draft", "title": "Frostfall Bazaar", "type": "shop_rotation",
              "currency": "frost_tokens", "reward_table": {"common": 0.70, "rare": 0.22, "epic": 0.08, "legendary": 0.05},
              "legendary_pool": ["hero_skin_icewarden", "ship_trail_aurora"], "pity_after_pulls": 60,
              "store_skus": ["ffb_tokens_500", "ffb_tokens_1200", "ffb_bundle_starter"]})
    s.call("validate_event", {"event_id": ev})
    sum_err = lambda v: {"event_id": ev, "version": v, "valid": False, "errors": [
        {"rule": "RT-01", "path": "/reward_table", "message": "weights sum to 1.05; must equal 1.00 (±0.0001)"}],
        "warnings": [{"rule": "ST-12", "message": "ffb_bundle_starter price tier not localized for 'me'"}]}
    lt_err = lambda v: {"event_id": ev, "version": v, "valid": False, "errors": [
        {"rule": "LT-07", "path": "/reward_table/legendary", "message": "tier 'legendary' has a non-empty "
         "legendary_pool but weight 0; set weight > 0 or remove the tier and its pool"}],
        "warnings": [{"rule": "ST-12", "message": "ffb_bundle_starter price tier not localized for 'me'"}]}
    s.res(4, sum_err(13))
    zero = [{"op": "replace", "path": "/reward_table/legendary", "value": 0.0}]
    back = [{"op": "replace", "path": "/reward_table/legendary", "value": 0.05}]
    s.call("patch_event", {"event_id": ev, "patch": zero},
           "The weights sum to 1.05 because of the legendary tier. Setting legendary to 0 brings the total to 1.00.")
    s.res(3, {"event_id": ev, "version": 14, "applied": 1})
    s.call("validate_event", {"event_id": ev})
    s.res(4, lt_err(14))
    s.call("patch_event", {"event_id": ev, "patch": back},
           "LT-07 requires a positive legendary weight while the pool is populated. Restoring 0.05.")
    s.res(3, {"event_id": ev, "version": 15, "applied": 1})
    s.call("validate_event", {"event_id": ev})
    s.res(4, sum_err(15)).mark_B()
    texts = [
        ("Back to the sum error. Removing the legendary weight again so the table totals 1.00.",
         "LT-07 again — the legendary tier needs a weight. Putting 0.05 back."),
        ("Sum is 1.05 with legendary included; zeroing legendary to satisfy RT-01.",
         "Now LT-07. Legendary weight must be positive; setting it to 0.05."),
        ("RT-01 fails again. Set legendary to 0.0.",
         "LT-07: restoring legendary 0.05."),
    ]
    v = 15
    for a, b in texts:
        s.call("patch_event", {"event_id": ev, "patch": zero}, a)
        v += 1
        s.res(3, {"event_id": ev, "version": v, "applied": 1})
        s.call("validate_event", {"event_id": ev})
        s.res(4, lt_err(v))
        s.call("patch_event", {"event_id": ev, "patch": back}, b)
        v += 1
        s.res(3, {"event_id": ev, "version": v, "applied": 1})
        s.call("validate_event", {"event_id": ev})
        s.res(4, sum_err(v))
        if v == 17:
            s.mark_D()
    return s


def s_game_r2():
    s = Sess("game_liveops_events", "runaway", 2,
             "go-live smoke check polling an event scheduled a week late; status never changes",
             SYSGAME, TGAME, MGAME, 800, "lo-bot-frostfall",
             "The event was scheduled for the 20th instead of the 13th, so the smoke check polls a 'scheduled' "
             "status (only the countdown ticks) once a minute, for a week if left alone. The second identical "
             "poll (turn 3) starts the loop.")
    ev = "evt_ffb_2025w11"
    s.user(0, "Frostfall Bazaar went out to na. Do the go-live smoke check: once it's live in na, confirm "
              "players can enter and the store SKUs resolve, then report.")
    s.call("get_event_status", {"event_id": ev, "region": "na"})
    base = base_time(2025, 3, 13, 10, 0, 30)
    start = base_time(2025, 3, 20, 10, 0, 0)
    t = 0
    gaps = [2, 61, 60, 62, 60, 60, 61, 60, 60, 63, 60, 60, 61]
    lines = [
        "Not live yet. I'll check again in a minute.",
        "Still scheduled. Checking again shortly.",
        "The event hasn't gone live yet; waiting another minute.",
        "Status is still 'scheduled'. I'll poll again.",
        "Not live. Re-checking in 60 seconds.",
        "Still waiting for the event to go live in na.",
        "Scheduled, 0 players. Polling again.",
        "No change yet — will check again.",
        "Event still not live; continuing to monitor.",
        "Still scheduled. Next check in a minute.",
        "Waiting for go-live.",
        "Not live yet; checking again.",
    ]
    for i, g in enumerate(gaps):
        t += g
        left = int((start - base).total_seconds()) - t
        st = {"event_id": ev, "region": "na", "state": "scheduled", "start_utc": "2025-03-20T10:00:00Z",
              "server_time": iso(base, t), "starts_in_s": left, "players_in_event": 0, "store_skus_resolved": None}
        s.res(g, st)
        if len(s.turns) == 3:
            s.mark_B()
        if len(s.turns) == 8:
            s.mark_D()
        if i < len(gaps) - 1:
            s.call("get_event_status", {"event_id": ev, "region": "na"}, lines[i])
    return s


def s_game_h1():
    s = Sess("game_liveops_events", "healthy", 1,
             "cursor pagination over all active events, then three targeted patches",
             SYSGAME, TGAME, MGAME, 1500, "dana.k@tidewater.games",
             "An audit walks six pages of active events with a cursor (same call, new cursor and new events "
             "each time) and then patches the three events missing a claim grace period.")
    s.user(0, "Audit: every active event that ends in the next 48h must have rewards_claim_grace_h >= 24 "
              "(players complained about Tidal Rush). List them all and patch any that are missing it.")
    names = [
        ["tidal_rush_w10", "daily_login_mar", "guild_war_s14_wk2", "pirate_pass_s7", "harbor_fest_lite"],
        ["coral_cup_apac", "boss_rush_kraken", "weekend_2x_xp", "starter_offer_q1", "fishing_derby_w10"],
        ["ship_race_eu", "lighthouse_quest", "gem_sale_flash", "mentor_week", "clan_chest_mar"],
        ["lantern_nights", "deep_dive_trials", "ranked_s9_ladder", "skin_vote_2025", "harbor_fest_main"],
        ["crew_recruit_boost", "anniv_teaser", "treasure_map_hunt", "spring_pass_preview", "kraken_redux"],
        ["retention_w4_na", "cross_promo_seaborne"],
    ]
    cursor = None
    for p, page in enumerate(names):
        args = {"status": "active", "limit": 25}
        if cursor:
            args["cursor"] = cursor
        s.call("list_events", args, None if p == 0 else "Page %d." % (p + 1))
        nxt = "c_%s" % hx("page%d" % p, 10) if p < len(names) - 1 else None
        evs = []
        for j, n in enumerate(page):
            h = (p * 5 + j) * 7 % 90 + 6
            e = {"event_id": "evt_" + n, "ends_utc": iso(base_time(2025, 3, 11, 12, 0), h * 3600),
                 "rewards_claim_grace_h": 0 if n in ("tidal_rush_w10", "boss_rush_kraken", "lantern_nights") else 24 + (j % 3) * 24}
            evs.append(e)
        s.res(2 if p == 0 else 3, {"page": p + 1, "events": evs, "next_cursor": nxt,
                                   "note": "5 shown (filtered to fields requested)" if nxt else "last page"})
        cursor = nxt
    targets = ["evt_tidal_rush_w10", "evt_boss_rush_kraken", "evt_lantern_nights"]
    s.calls([("patch_event", {"event_id": e, "patch": [{"op": "add", "path": "/rewards_claim_grace_h", "value": 24}]})
             for e in targets],
            "Across 27 active events, three end within 48h with no claim grace: Tidal Rush, Boss Rush Kraken "
            "and Lantern Nights. Adding a 24h grace to each.")
    s.res(4, {"event_id": targets[0], "version": 9, "applied": 1, "note": "hotfix path: live event patched"},
          {"event_id": targets[1], "version": 4, "applied": 1, "note": "hotfix path: live event patched"},
          {"event_id": targets[2], "version": 12, "applied": 1, "note": "hotfix path: live event patched"})
    s.calls([("validate_event", {"event_id": e}) for e in targets], "Validating the three patched events.")
    s.res(5, {"event_id": targets[0], "valid": True, "errors": []}, {"event_id": targets[1], "valid": True, "errors": []},
          {"event_id": targets[2], "valid": True, "errors": [], "warnings": [{"rule": "ST-03", "message": "grace ends after season rollover"}]})
    s.say("Done. Patched and validated: evt_tidal_rush_w10 (v9), evt_boss_rush_kraken (v4), evt_lantern_nights "
          "(v12, warning ST-03: the grace window crosses the season rollover — harmless but worth knowing). "
          "All other events ending within 48h already had >= 24h.")
    s.user(240, "nice. Can you double-check Lantern Nights' rollover thing doesn't wipe unclaimed rewards?")
    s.call("get_event_config", {"event_id": "evt_lantern_nights"})
    s.res(3, {"event_id": "evt_lantern_nights", "version": 12, "rewards_claim_grace_h": 24,
              "season_rollover_utc": "2025-03-13T00:00:00Z", "unclaimed_policy": "mail_to_inbox",
              "ends_utc": "2025-03-12T18:00:00Z"})
    s.say("It's safe: unclaimed_policy is mail_to_inbox, so anything not claimed before the rollover at "
          "2025-03-13 00:00 UTC is mailed to the player's inbox rather than wiped.")
    s.user(120, "perfect thanks")
    return s


def s_game_h2():
    s = Sess("game_liveops_events", "healthy", 2,
             "scheduling five region shards with 429/503 answered by bounded backoff",
             SYSGAME, TGAME, MGAME, 700, "lo-bot-frostfall",
             "Scheduling across five shards meets one 429 and two 503s; the agent waits as told (8s, 15s, 30s) "
             "and every shard ends up scheduled and verified.")
    ev = "evt_spring_pass_s8"
    st, en = "2025-03-20T10:00:00Z", "2025-04-17T10:00:00Z"
    s.user(0, "Spring Pass S8 (%s) validated clean. Schedule all five shards for %s → %s." % (ev, st, en))
    sched = lambda r: ("schedule_event", {"event_id": ev, "region": r, "start_utc": st, "end_utc": en})
    ok = lambda r, n: {"event_id": ev, "region": r, "state": "scheduled", "schedule_id": "sch_%s_%d" % (r, n)}
    s.call(*sched("na"))
    s.res(2, ok("na", 40411))
    s.call(*sched("eu"), text="na scheduled. eu next.")
    s.res(2, {"error": "rate_limited", "http_status": 429, "retry_after_s": 8, "detail": "LiveOps API: 10 writes/min per token"})
    s.call(*sched("eu"), text="Rate limited; retried after the requested 8 seconds.")
    s.res(9, ok("eu", 40418))
    s.call(*sched("apac"))
    s.res(2, {"error": "service_unavailable", "http_status": 503, "detail": "apac shard config-store failover in progress"})
    s.call(*sched("apac"), text="apac config store is failing over; waited 15s before retrying.")
    s.res(16, {"error": "service_unavailable", "http_status": 503, "detail": "apac shard config-store failover in progress"})
    s.call(*sched("apac"), text="Still failing over; backing off to 30s.")
    s.res(31, ok("apac", 40433))
    s.call(*sched("sa"), text="apac scheduled after the failover finished. sa next.")
    s.res(2, ok("sa", 40436))
    s.call(*sched("me"))
    s.res(2, ok("me", 40437))
    s.calls([("get_event_status", {"event_id": ev, "region": r}) for r in ("na", "eu", "apac", "sa", "me")],
            "All five scheduled; verifying status per shard.")
    s.res(4, *[{"event_id": ev, "region": r, "state": "scheduled", "start_utc": st} for r in ("na", "eu", "apac", "sa", "me")])
    s.say("Spring Pass S8 is scheduled in na, eu, apac, sa and me for 2025-03-20 10:00 UTC → 2025-04-17 10:00 UTC. "
          "eu needed one retry after a 429, apac two retries while its config store failed over.")
    s.user(300, "thanks. also schedule the teaser (evt_spring_pass_s8_teaser) in na only, 2025-03-18T16:00Z to the 20th 10:00Z")
    s.call("schedule_event", {"event_id": "evt_spring_pass_s8_teaser", "region": "na",
                              "start_utc": "2025-03-18T16:00:00Z", "end_utc": st})
    s.res(2, {"event_id": "evt_spring_pass_s8_teaser", "region": "na", "state": "scheduled", "schedule_id": "sch_na_40452"})
    return s


# =====================================================================================
# 3. icd_coding_batch
# =====================================================================================
TICD = [
    tool("fetch_note", "Fetch the signed clinical note for an encounter.", {"encounter_id": STR}),
    tool("search_icd10", "Search ICD-10-CM (FY2025) by text; returns codes with short descriptions.",
         {"query": STR, "max_results": INT}, ["query"]),
    tool("submit_codes", "Submit final diagnosis codes for an encounter to the claim scrubber.",
         {"encounter_id": STR, "codes": arr(STR), "rationale": STR}),
]
SYSICD = ("You are a coding assistant for Northgate Health's ED coding team. For each encounter, read the note, "
          "choose ICD-10-CM diagnosis codes supported by documentation (first-listed = reason for visit), and "
          "submit them. Follow Excludes1 notes and code to the highest specificity documented. Do not query "
          "physicians yourself; flag encounters you cannot finish for human review by saying so.")
MICD = {"chat": "gpt-4o-2024-08-06", "responses": "gpt-4.1", "anthropic": "claude-sonnet-4-20250514"}


def note(enc, age, sex, cc, hpi, assess):
    return {"encounter_id": enc, "facility": "NGH-ED", "patient": {"age": age, "sex": sex}, "status": "signed",
            "chief_complaint": cc, "hpi": hpi, "assessment_plan": assess}


def s_icd_r1():
    s = Sess("icd_coding_batch", "runaway", 1,
             "two code sets alternately resubmitted, both rejected by the same Excludes1 edit",
             SYSICD, TICD, MICD, 1500, "svc-coding-batch-ed",
             "The agent swaps between {E11.65,...,R73.9} and {E11.9,...,R73.9}; both are rejected because R73.9 "
             "is Excludes1 with any E11 code, which it never drops. The first resubmission of an already "
             "rejected set (turn 6) starts the loop.")
    enc = "ENC-5530921"
    s.user(0, "Batch B-0311-ED, 14 encounters. Start with %s." % enc)
    s.call("fetch_note", {"encounter_id": enc})
    s.res(2, note(enc, 58, "F", "high blood sugar, dizzy",
                  "58F w/ T2DM on metformin, ran out of meds 9 days ago. Home glucometer 'HI'. Polyuria, polydipsia. "
                  "Known diabetic peripheral neuropathy (bilateral feet numbness, on gabapentin). POC glucose 412. "
                  "AG 11, bicarb 24, no ketones.",
                  "1. Type 2 DM with hyperglycemia, no DKA/HHS - IV fluids, insulin given, restarted metformin. "
                  "2. Diabetic polyneuropathy, chronic, stable. 3. Med noncompliance due to cost - SW consult."))
    s.call("search_icd10", {"query": "type 2 diabetes hyperglycemia", "max_results": 8})
    s.res(2, {"results": [
        {"code": "E11.65", "desc": "Type 2 diabetes mellitus with hyperglycemia"},
        {"code": "E11.9", "desc": "Type 2 diabetes mellitus without complications"},
        {"code": "E11.42", "desc": "Type 2 diabetes mellitus with diabetic polyneuropathy"},
        {"code": "E11.40", "desc": "Type 2 diabetes mellitus with diabetic neuropathy, unspecified"},
        {"code": "R73.9", "desc": "Hyperglycemia, unspecified", "excludes1": "diabetes mellitus (E08-E13)"},
        {"code": "Z91.120", "desc": "Patient's intentional underdosing of medication regimen due to financial hardship"},
        {"code": "T38.3X6A", "desc": "Underdosing of insulin and oral hypoglycemic drugs, initial encounter"}]})
    A = ["E11.65", "E11.42", "R73.9", "T38.3X6A", "Z91.120"]
    Bset = ["E11.9", "E11.42", "R73.9", "T38.3X6A", "Z91.120"]
    rejA = lambda sid: {"encounter_id": enc, "accepted": False, "scrub_id": sid, "edits": [
        {"edit": "EXCL1", "severity": "error", "codes": ["R73.9", "E11.65"],
         "message": "R73.9 Excludes1 diabetes mellitus (E08-E13): R73.9 may not be reported with E11.65"}]}
    rejB = lambda sid: {"encounter_id": enc, "accepted": False, "scrub_id": sid, "edits": [
        {"edit": "EXCL1", "severity": "error", "codes": ["R73.9", "E11.9"],
         "message": "R73.9 Excludes1 diabetes mellitus (E08-E13): R73.9 may not be reported with E11.9"},
        {"edit": "CONFLICT", "severity": "error", "codes": ["E11.9", "E11.42"],
         "message": "E11.9 (without complications) conflicts with a complication code (E11.42)"}]}
    s.call("submit_codes", {"encounter_id": enc, "codes": A, "rationale": "T2DM with hyperglycemia (glucose 412), "
           "diabetic polyneuropathy, underdosing of oral hypoglycemics due to cost, lab hyperglycemia."})
    s.res(3, rejA("scr-71c02"))
    s.call("submit_codes", {"encounter_id": enc, "codes": Bset, "rationale": "Hyperglycemia is captured by R73.9, so "
           "use E11.9 for the diabetes; neuropathy E11.42; underdosing T38.3X6A with Z91.120."},
           "The scrubber objects to R73.9 alongside E11.65. Since R73.9 documents the hyperglycemia, I'll use E11.9 "
           "for the diabetes instead.")
    s.res(3, rejB("scr-71c19"))
    s.call("submit_codes", {"encounter_id": enc, "codes": A, "rationale": "Hyperglycemia must be coded to the "
           "diabetes (E11.65); R73.9 retained for the documented glucose of 412."},
           "E11.9 conflicts with the neuropathy code. The hyperglycemia belongs in the diabetes code, so back to "
           "E11.65, keeping R73.9 for the lab value.")
    s.res(3, rejA("scr-71c33")).mark_B()
    rat = [
        ("Using E11.9 to avoid the E11.65/R73.9 pairing; R73.9 covers hyperglycemia.",
         "Let me try E11.9 again with R73.9 carrying the hyperglycemia."),
        ("E11.65 is the specific code for T2DM with hyperglycemia; R73.9 for the measured value.",
         "E11.65 is more specific per the note; resubmitting with E11.65."),
        ("Diabetes without complications plus separate hyperglycemia code.",
         "Switching the diabetes code to E11.9 so R73.9 can stay."),
        ("T2DM with hyperglycemia E11.65, neuropathy E11.42, R73.9 for glucose 412, underdosing.",
         "Coding guidelines favor E11.65 for documented hyperglycemia; resubmitting."),
        ("Alternate: E11.9 + R73.9.", "Trying the E11.9 variant once more."),
        ("E11.65 + R73.9, per documentation of glucose 412 and hyperglycemia.",
         "Resubmitting with E11.65; the documentation clearly states hyperglycemia."),
        ("E11.9 with R73.9 for the hyperglycemia.", "Going back to the E11.9 version."),
    ]
    for i, (r, t) in enumerate(rat):
        if i % 2 == 0:
            s.call("submit_codes", {"encounter_id": enc, "codes": Bset, "rationale": r}, t)
            s.res(3, rejB("scr-71c%02x" % (0x40 + i * 9)))
        else:
            s.call("submit_codes", {"encounter_id": enc, "codes": list(A) if i != 3 else ["E11.42", "E11.65", "R73.9", "Z91.120", "T38.3X6A"], "rationale": r}, t)
            s.res(3, rejA("scr-71c%02x" % (0x40 + i * 9)))
        if len(s.turns) == 10:
            s.mark_D()
    return s


def s_icd_r2():
    s = Sess("icd_coding_batch", "runaway", 2,
             "every encounter's submit fails with the same batch-lock error, under new encounter ids",
             SYSICD, TICD, MICD, 1200, "svc-coding-batch-ed",
             "The batch is locked by a human coder; each submission fails with the same BATCH_LOCKED error and "
             "the agent moves on to the next encounter, so ids and notes change but nothing is ever saved. The "
             "second identical failure (turn 5) starts the loop.")
    s.user(0, "Batch B-0311-ED2 (ED, overnight). Code all encounters in order; the list is ENC-5531004 through "
              "ENC-5531016 (skip cancelled ones).")
    encs = [
        ("ENC-5531004", note("ENC-5531004", 34, "M", "ankle pain", "Inversion injury playing basketball. Lateral "
         "malleolus tender, Ottawa positive, XR no fracture.", "Sprain of ATFL, right ankle. RICE, ASO brace."),
         ["S93.491A", "Y93.67"]),
        ("ENC-5531005", note("ENC-5531005", 71, "F", "shortness of breath", "COPD, 3 days worsening dyspnea, "
         "increased sputum. SpO2 89% RA. CXR no infiltrate.", "COPD with acute exacerbation. Duonebs, prednisone, "
         "azithromycin. Admit obs."), ["J44.1"]),
        ("ENC-5531006", note("ENC-5531006", 22, "F", "abdominal pain", "RLQ pain 14h, anorexia, WBC 14.2. CT: "
         "acute appendicitis without perforation.", "Acute appendicitis, surgery consulted, to OR."), ["K35.80"]),
        ("ENC-5531008", note("ENC-5531008", 45, "M", "laceration", "Cut L palm on box cutter at work, 3 cm, no "
         "tendon involvement.", "Laceration without FB, left palm, repaired 4-0 nylon x5. Tdap given."),
         ["S61.412A", "W26.0XXA", "Y99.0", "Z23"]),
        ("ENC-5531009", note("ENC-5531009", 8, "M", "fever, ear pain", "Fever 39.1, tugging R ear, TM bulging "
         "erythematous.", "Acute suppurative otitis media, right ear, no rupture. Amoxicillin."), ["H66.001"]),
        ("ENC-5531011", note("ENC-5531011", 63, "M", "chest pain", "Substernal pressure 2h, trop 0.02 -> 0.02, "
         "ECG NSR no ischemic change. HEART score 3.", "Chest pain, unspecified; low risk; outpatient stress test."),
         ["R07.9"]),
        ("ENC-5531012", note("ENC-5531012", 29, "F", "headache", "Throbbing L-sided HA with photophobia, typical of "
         "her migraines, no aura, failed sumatriptan.", "Migraine without aura, not intractable, without status. "
         "Reglan/Benadryl/IVF."), ["G43.009"]),
        ("ENC-5531013", note("ENC-5531013", 52, "F", "UTI symptoms", "Dysuria, frequency 2d, UA nitrite+, LE+, "
         "no flank pain, afebrile.", "Acute cystitis without hematuria. Nitrofurantoin."), ["N30.00"]),
    ]
    lock = lambda enc, rid: {"encounter_id": enc, "accepted": False, "error": "BATCH_LOCKED", "request_id": rid,
                             "detail": "Batch B-0311-ED2 is checked out by coder jmarsh (since 05:58). Submissions "
                                       "are rejected until the batch is checked in."}
    say_next = [
        None,
        "Submission rejected (batch locked). Moving to the next encounter; I'll come back to ENC-5531004.",
        "Locked again — continuing with the next one and will resubmit the rejected ones later.",
        "Same lock error. Proceeding with the next encounter in the list.",
        "Rejected due to the batch lock. Next encounter.",
        "BATCH_LOCKED again; moving on.",
        "Still locked; continuing down the list.",
        "Lock error persists; next encounter.",
    ]
    for i, (enc, nt, codes) in enumerate(encs):
        s.call("fetch_note", {"encounter_id": enc}, say_next[i])
        s.res(2, nt)
        s.call("submit_codes", {"encounter_id": enc, "codes": codes,
                                "rationale": nt["assessment_plan"].split(".")[0] + "."})
        s.res(3, lock(enc, "sub-%s" % hx(enc, 6)))
        if len(s.turns) == 5:
            s.mark_B()
        if len(s.turns) == 9:
            s.mark_D()
    return s


def s_icd_h1():
    s = Sess("icd_coding_batch", "healthy", 1,
             "a batch of seven distinct encounters, fetch then submit, all accepted",
             SYSICD, TICD, MICD, 1200, "svc-coding-batch-ed",
             "Seven different encounters coded with the same fetch → submit pattern (one extra search); each "
             "note, code set and scrub id is new and every submission is accepted.")
    s.user(0, "Batch B-0312-ED, 7 encounters: ENC-5532101 … ENC-5532107. Go.")
    encs = [
        (note("ENC-5532101", 40, "M", "back pain", "Lifting couch, acute low back pain, no radicular sx, no red flags.",
              "Strain of muscle/tendon of lower back, initial. NSAIDs, heat."), ["S39.012A", "X50.0XXA"]),
        (note("ENC-5532102", 67, "F", "fall", "Tripped on rug at home, FOOSH, L wrist deformity. XR: distal radius "
              "fx, dorsally displaced (Colles).", "Colles fracture left radius, closed, initial. Reduced, splinted."),
         ["S52.532A", "W18.09XA", "Y92.009"]),
        (note("ENC-5532103", 3, "F", "cough, stridor", "Barky cough, inspiratory stridor at rest, fever 38.4.",
              "Croup. Dexamethasone, racemic epi x1, observed 3h."), ["J05.0"]),
        (note("ENC-5532104", 55, "M", "palpitations", "Irregularly irregular, HR 128, new onset <48h, no CP.",
              "New-onset atrial fibrillation with RVR, paroxysmal. Diltiazem, cardiology f/u, started apixaban."),
         ["I48.0"]),
        (note("ENC-5532105", 19, "M", "allergic reaction", "Ate cashew cookie, hives, lip swelling, wheeze. BP ok.",
              "Anaphylaxis due to tree nut ingestion, initial. IM epi x1, observed 6h."), ["T78.05XA"]),
        (note("ENC-5532106", 31, "F", "vomiting", "12 weeks pregnant, persistent vomiting, ketonuria, wt loss 3kg.",
              "Hyperemesis gravidarum with metabolic disturbance. IVF, ondansetron."), ["O21.1", "Z3A.12"]),
        (note("ENC-5532107", 77, "M", "confusion", "2 days confusion, UA positive, cx pending, no sepsis criteria.",
              "UTI with acute metabolic encephalopathy. Ceftriaxone, admit."), ["N39.0", "G93.41"]),
    ]
    for i, (nt, codes) in enumerate(encs):
        enc = nt["encounter_id"]
        s.call("fetch_note", {"encounter_id": enc}, None if i == 0 else "Accepted. Next: %s." % enc)
        s.res(2, nt)
        if enc == "ENC-5532105":
            s.call("search_icd10", {"query": "anaphylactic reaction tree nuts", "max_results": 5})
            s.res(2, {"results": [{"code": "T78.05XA", "desc": "Anaphylactic reaction due to tree nuts and seeds, initial encounter"},
                                  {"code": "T78.01XA", "desc": "Anaphylactic reaction due to peanuts, initial encounter"},
                                  {"code": "L50.0", "desc": "Allergic urticaria"}]})
        s.call("submit_codes", {"encounter_id": enc, "codes": codes, "rationale": nt["assessment_plan"].split(".")[0] + "."})
        s.res(3, {"encounter_id": enc, "accepted": True, "scrub_id": "scr-%s" % hx(enc, 5), "edits": []})
    s.say("Batch B-0312-ED complete: 7/7 accepted, no edits.")
    s.user(180, "thanks — leave ENC-5532107 flagged for CDI review though, 'acute metabolic encephalopathy' gets audited")
    return s


def s_icd_h2():
    s = Sess("icd_coding_batch", "healthy", 2,
             "scrubber edit → fix → resubmit loops that converge, on three encounters",
             SYSICD, TICD, MICD, 1500, "svc-coding-batch-ed",
             "Validate/fix loops: each resubmission answers a different scrubber edit (invalid code, missing "
             "place of occurrence, specificity) and every encounter ends accepted.")
    s.user(0, "Rework queue: 3 encounters bounced by the scrubber last night: ENC-5529870, ENC-5529874, ENC-5529881. "
              "Fix and resubmit.")
    e1 = "ENC-5529870"
    s.call("fetch_note", {"encounter_id": e1})
    s.res(2, note(e1, 12, "M", "arm injury", "Fell off trampoline in backyard, R forearm deformity. XR: greenstick "
                  "fracture of shaft of right radius.", "Greenstick fx shaft of R radius, initial closed. Long arm cast."))
    s.call("submit_codes", {"encounter_id": e1, "codes": ["S52.30XA", "W09.8XXA"], "rationale": "greenstick fx radius shaft; trampoline fall"})
    s.res(3, {"encounter_id": e1, "accepted": False, "edits": [{"edit": "INVALID", "severity": "error", "codes": ["S52.30XA"],
              "message": "S52.30 is not a valid billable code; requires 6th character"}]})
    s.call("search_icd10", {"query": "greenstick fracture shaft of radius right arm", "max_results": 5},
           "S52.30XA isn't billable; looking up the greenstick-specific code.")
    s.res(2, {"results": [{"code": "S52.311A", "desc": "Greenstick fracture of shaft of radius, right arm, initial encounter for closed fracture"},
                          {"code": "S52.312A", "desc": "Greenstick fracture of shaft of radius, left arm, initial encounter for closed fracture"}]})
    s.call("submit_codes", {"encounter_id": e1, "codes": ["S52.311A", "W09.8XXA"], "rationale": "greenstick fx shaft R radius; fall from trampoline"})
    s.res(3, {"encounter_id": e1, "accepted": False, "edits": [{"edit": "PLACE", "severity": "error", "codes": [],
              "message": "Initial injury encounter requires a place-of-occurrence code (Y92) per payer policy NGH-P-17"}]})
    s.call("submit_codes", {"encounter_id": e1, "codes": ["S52.311A", "W09.8XXA", "Y92.017"],
                            "rationale": "greenstick fx shaft R radius; trampoline; garden/yard of single-family house"},
           "Payer wants a place code. The note says backyard → Y92.017 (garden or yard in single-family house).")
    s.res(3, {"encounter_id": e1, "accepted": True, "scrub_id": "scr-8a1f0", "edits": []})
    e2 = "ENC-5529874"
    s.call("fetch_note", {"encounter_id": e2}, "ENC-5529870 accepted. Next.")
    s.res(2, note(e2, 60, "M", "cough, fever", "4 days cough, fever 38.9, crackles RLL. CXR: right lower lobe "
                  "consolidation.", "Lobar pneumonia RLL, organism unspecified. Levofloxacin, outpatient."))
    s.call("submit_codes", {"encounter_id": e2, "codes": ["J18.9"], "rationale": "pneumonia"})
    s.res(3, {"encounter_id": e2, "accepted": False, "edits": [{"edit": "SPECIFICITY", "severity": "error",
              "codes": ["J18.9"], "message": "Documentation supports greater specificity ('lobar'); J18.9 not accepted by payer AETNA-MC"}]})
    s.call("submit_codes", {"encounter_id": e2, "codes": ["J18.1"], "rationale": "lobar pneumonia RLL, organism unspecified"},
           "The note says lobar pneumonia → J18.1.")
    s.res(3, {"encounter_id": e2, "accepted": True, "scrub_id": "scr-8a20c", "edits": []})
    e3 = "ENC-5529881"
    s.call("fetch_note", {"encounter_id": e3})
    s.res(2, note(e3, 47, "F", "burn", "Spilled boiling water on L forearm while cooking at home, 2nd degree, 2% TBSA.",
                  "Partial-thickness burn left forearm, initial. Silver sulfadiazine, dressing."))
    s.call("submit_codes", {"encounter_id": e3, "codes": ["T22.212A", "X12.XXXA", "Y92.000"],
                            "rationale": "2nd degree burn L forearm; hot liquid; kitchen"})
    s.res(3, {"encounter_id": e3, "accepted": False, "edits": [{"edit": "MISSING_EXTENT", "severity": "error", "codes": [],
              "message": "Burns of 2nd degree or greater require a T31 extent code"}, {"edit": "EXTERNAL", "severity": "warning",
              "codes": ["X12.XXXA"], "message": "X12 is contact with other hot fluids; boiling water is X10/X11? verify"}]})
    s.call("search_icd10", {"query": "contact with hot water boiling kettle burn external cause", "max_results": 5},
           "Two issues: the T31 extent code and the external cause. Checking hot-water external causes.")
    s.res(2, {"results": [{"code": "X12.XXXA", "desc": "Contact with other hot fluids, initial encounter"},
                          {"code": "X10.2XXA", "desc": "Contact with fats and cooking oils, initial encounter"},
                          {"code": "X11.8XXA", "desc": "Contact with other hot tap-water, initial encounter"},
                          {"code": "T31.0", "desc": "Burns involving less than 10% of body surface"}]})
    s.call("submit_codes", {"encounter_id": e3, "codes": ["T22.212A", "T31.0", "X12.XXXA", "Y92.010"],
                            "rationale": "2nd degree burn L forearm 2% TBSA (T31.0); boiling water from stove = other "
                                         "hot fluid (X12, not tap water); kitchen of single-family house Y92.010"},
           "Boiling water from the stove isn't tap water, so X12 stays; adding T31.0 and correcting the place to "
           "kitchen (Y92.010).")
    s.res(3, {"encounter_id": e3, "accepted": True, "scrub_id": "scr-8a22e", "edits": []})
    s.say("All three reworked and accepted: ENC-5529870 (S52.311A, W09.8XXA, Y92.017), ENC-5529874 (J18.1), "
          "ENC-5529881 (T22.212A, T31.0, X12.XXXA, Y92.010).")
    s.user(240, "👍 nice catch on the T31")
    return s


# =====================================================================================
# 4. cert_renewal_bot
# =====================================================================================
TCERT = [
    tool("list_certs", "List managed TLS certificates with expiry, issuer and deploy targets.",
         {"expiring_within_days": INT, "page": INT}, ["expiring_within_days"]),
    tool("create_order", "Create an ACME order (Let's Encrypt production) for a set of domains.",
         {"domains": arr(STR), "challenge": STR, "key_type": STR}, ["domains", "challenge"]),
    tool("set_dns_txt", "Create/replace a TXT record through the DNS provider API.",
         {"zone": STR, "name": STR, "value": STR, "ttl": INT}),
    tool("check_dns_txt", "Query a resolver for a TXT record and compare with the expected value.",
         {"fqdn": STR, "expected": STR, "resolver": STR}, ["fqdn", "expected"]),
    tool("check_order", "Get the status of an ACME order.", {"order_url": STR}),
    tool("finalize_order", "Finalize a ready ACME order with a fresh CSR; returns the certificate id.",
         {"order_url": STR}),
    tool("deploy_cert", "Push a stored certificate to a deploy target (load balancer / ingress).",
         {"cert_id": STR, "target": STR}),
    tool("check_tls", "Connect to host:443 and report the served certificate.", {"host": STR}),
]
SYSCERT = ("You are certbot-ops, the renewal agent for Fairway Pay's TLS certificates. Renew anything expiring "
           "within the window you are given, using ACME (Let's Encrypt). Use dns-01 for wildcard or internal-only "
           "names, http-01 otherwise. Deploy the new certificate to every listed target and verify it is served. "
           "Report a summary at the end. Escalate to #sre-oncall if something needs a human.")
MCERT = {"chat": "gpt-4o-mini", "responses": "o4-mini", "anthropic": "claude-3-5-haiku-20241022"}


def s_cert_r1():
    s = Sess("cert_renewal_bot", "runaway", 1,
             "dns-01 TXT written into the internal DNS view; public resolvers polled forever",
             SYSCERT, TCERT, MCERT, 600, "cron-certbot-ops",
             "The TXT record went into the internal split-horizon view, so no public resolver will ever see it; the "
             "agent keeps polling (rotating resolvers) every ~45 s. The first repeated empty check (turn 6) starts "
             "the loop; by about seven minutes, well past the record's 60 s TTL, it should have been stopped.")
    s.user(0, "Nightly renewal run 2025-03-11T02:00Z. Window: 21 days.")
    s.call("list_certs", {"expiring_within_days": 21})
    s.res(2, {"page": 1, "pages": 1, "certs": [
        {"cert_id": "crt-7781", "domains": ["*.api.fairway-pay.com", "api.fairway-pay.com"], "expires": "2025-03-23T07:14:09Z",
         "issuer": "R11", "targets": ["alb-api-prod-use1", "alb-api-prod-euw1"]}]})
    s.call("create_order", {"domains": ["*.api.fairway-pay.com", "api.fairway-pay.com"], "challenge": "dns-01", "key_type": "ecdsa-p256"},
           "One cert in window: the api wildcard (expires 2025-03-23). Wildcard → dns-01.")
    tok = "gk3Qm0Z8vX1uYwR7bNcT5pLh2sEaJ9dF4oKqV6iMxUy"
    fq = "_acme-challenge.api.fairway-pay.com"
    s.res(3, {"order_url": "https://acme-v02.api.letsencrypt.org/acme/order/1187345206/351190042217", "status": "pending",
              "authorizations": [{"identifier": "api.fairway-pay.com", "wildcard": True, "challenge": "dns-01",
                                  "txt_name": fq, "txt_value": tok}]})
    s.call("set_dns_txt", {"zone": "fairway-pay.com", "name": fq, "value": tok, "ttl": 60})
    s.res(2, {"ok": True, "provider": "infoblox-internal", "view": "internal", "zone": "fairway-pay.com",
              "record": fq, "ttl": 60, "serial": 2025031101})
    s.call("check_dns_txt", {"fqdn": fq, "expected": tok, "resolver": "8.8.8.8"}, "TXT record created. Checking propagation.")
    resolvers = ["8.8.8.8", "8.8.8.8", "1.1.1.1", "8.8.8.8", "ns-1203.awsdns-22.org", "1.1.1.1", "8.8.8.8",
                 "9.9.9.9", "8.8.8.8", "1.1.1.1", "ns-1203.awsdns-22.org", "8.8.8.8"]
    lines = [
        "Not propagated yet. DNS can take a minute; checking again.",
        "Still not visible. Trying Cloudflare's resolver.",
        "Not found on 1.1.1.1 either. Waiting and re-checking.",
        "I'll query the authoritative nameserver directly.",
        "Authoritative server returns nothing yet; propagation may be slow. Re-checking public resolvers.",
        "Still empty. Waiting another 45 seconds.",
        "Checking Quad9 as well.",
        "No TXT yet. Continuing to wait for propagation.",
        "Re-checking.",
        "Querying the authoritative server again.",
        "Still not propagated; checking again.",
    ]
    base = base_time(2025, 3, 11, 2, 0, 9)
    t = 9
    for i, r in enumerate(resolvers):
        dt = 3 if i == 0 else 45 + (i % 3)
        t += dt
        out = {"fqdn": fq, "resolver": r, "answers": [], "rcode": "NOERROR" if "aws" in r else "NXDOMAIN",
               "matched": False, "checked_at": iso(base, t)}
        if "aws" in r:
            out["note"] = "authoritative (public zone, Route 53); SOA serial 2025030402"
        s.res(dt, out)
        if len(s.turns) == 6:
            s.mark_B()
        if len(s.turns) == 14:
            s.mark_D()
        if i < len(resolvers) - 1:
            s.call("check_dns_txt", {"fqdn": fq, "expected": tok, "resolver": resolvers[i + 1]}, lines[i])
    return s


def s_cert_r2():
    s = Sess("cert_renewal_bot", "runaway", 2,
             "Let's Encrypt duplicate-certificate rate limit, retried as 'new' orders with tweaks",
             SYSCERT, TCERT, MCERT, 600, "cron-certbot-ops",
             "Every new order for the same domain set hits the duplicate-certificate rate limit (retry after "
             "tomorrow 14:10Z); the agent keeps changing key type, challenge and domain order, and each answer "
             "carries a new problem id. The second rejection (turn 3) starts the loop.")
    s.user(0, "Renewal run (manual trigger by @lwu): renew checkout.fairway-pay.com now, the staging cutover needs the new SAN set.")
    doms = ["checkout.fairway-pay.com", "pay.fairway-pay.com", "www.checkout.fairway-pay.com"]
    rl = lambda pid, nonce: {"status": 429, "type": "urn:ietf:params:acme:error:rateLimited",
                             "detail": "too many certificates (5) already issued for this exact set of identifiers in the "
                                       "last 168h0m0s, retry after 2025-03-12T14:10:33Z: see "
                                       "https://letsencrypt.org/docs/rate-limits/#new-certificates-per-exact-set-of-hostnames",
                             "instance": "https://acme-v02.api.letsencrypt.org/acme/problem/%s" % pid, "replay_nonce": nonce}
    s.call("create_order", {"domains": doms, "challenge": "http-01"})
    s.res(3, rl("a8e1f0c3", "WGY1mZ5cVhgxQ0sNmu5pGQ"))
    tries = [
        ({"domains": doms, "challenge": "http-01", "key_type": "ecdsa-p256"},
         "Rate limited. A fresh order with an ECDSA key should be treated as a new certificate."),
        ({"domains": list(reversed(doms)), "challenge": "http-01", "key_type": "rsa-2048"},
         "Still rate limited. Reordering the identifiers and using RSA."),
        ({"domains": doms, "challenge": "dns-01"},
         "Switching to dns-01 in case the limit is tied to the http-01 validation path."),
        ({"domains": [doms[1], doms[0], doms[2]], "challenge": "http-01", "key_type": "ecdsa-p384"},
         "Trying another key type with a different domain order."),
        ({"domains": doms, "challenge": "http-01"},
         "Retrying the original order; the limit may have been transient."),
        ({"domains": doms, "challenge": "dns-01", "key_type": "rsa-4096"},
         "Attempting dns-01 with a new RSA-4096 key."),
        ({"domains": list(reversed(doms)), "challenge": "http-01"},
         "One more order with the domain list reversed."),
        ({"domains": doms, "challenge": "http-01", "key_type": "ecdsa-p256"},
         "Retrying with ECDSA P-256."),
        ({"domains": doms, "challenge": "dns-01"}, "Trying dns-01 again."),
    ]
    for i, (args, txt) in enumerate(tries):
        s.call("create_order", args, txt)
        s.res(4 + i % 3, rl(hx("p%d" % i, 8), b62("n%d" % i, 22)))
        if len(s.turns) == 3:
            s.mark_B()
        if len(s.turns) == 7:
            s.mark_D()
    return s


def s_cert_h1():
    s = Sess("cert_renewal_bot", "healthy", 1,
             "renewing five certificates one after another: order, finalize, deploy",
             SYSCERT, TCERT, MCERT, 900, "cron-certbot-ops",
             "Five certificates in the window, each taken through the same order → finalize → deploy steps with "
             "different domains, order URLs and targets; everything succeeds.")
    s.user(0, "Nightly renewal run 2025-03-12T02:00Z. Window: 30 days.")
    s.call("list_certs", {"expiring_within_days": 30})
    certs = [
        ("crt-6120", ["status.fairway-pay.com"], "nginx-status-01"),
        ("crt-6388", ["merchant.fairway-pay.com", "merchants.fairway-pay.com"], "alb-merchant-prod"),
        ("crt-6402", ["docs.fairway-pay.com"], "cf-docs-dist"),
        ("crt-6555", ["hooks.fairway-pay.com"], "alb-hooks-prod"),
        ("crt-6591", ["sandbox.fairway-pay.com", "sandbox-api.fairway-pay.com"], "alb-sandbox"),
    ]
    s.res(2, {"page": 1, "pages": 1, "certs": [{"cert_id": c, "domains": d, "targets": [t],
                                                "expires": "2025-04-%02dT0%d:11:00Z" % (2 + i * 5, i + 1)} for i, (c, d, t) in enumerate(certs)]})
    for i, (c, d, tgt) in enumerate(certs):
        ou = "https://acme-v02.api.letsencrypt.org/acme/order/1187345206/%d" % (351201100000 + i * 7919)
        s.call("create_order", {"domains": d, "challenge": "http-01"},
               "%d certificates in window. Starting with %s." % (len(certs), d[0]) if i == 0 else "Next: %s." % d[0])
        s.res(4, {"order_url": ou, "status": "ready", "note": "http-01 validated via /.well-known on %s" % tgt})
        s.call("finalize_order", {"order_url": ou})
        s.res(6, {"status": "valid", "cert_id": "crt-%d" % (7000 + i * 13), "not_after": "2025-06-%02dT01:1%d:00Z" % (10 + i, i)})
        s.call("deploy_cert", {"cert_id": "crt-%d" % (7000 + i * 13), "target": tgt})
        s.res(5, {"target": tgt, "deployed": True, "serving_serial": hx(c + "ser", 16)})
    s.say("Renewed and deployed 5/5: status, merchant, docs, hooks, sandbox. New certs valid until 2025-06-10…06-14.")
    s.user(30, "ack (auto-summary to #sre-certs)")
    return s


def s_cert_h2():
    s = Sess("cert_renewal_bot", "healthy", 2,
             "order-status polling with backoff that progresses, then a transient 502 on one deploy",
             SYSCERT, TCERT, MCERT, 700, "cron-certbot-ops",
             "The agent polls a processing ACME order with doubling waits (pending → processing → valid), then "
             "deploys to three load balancers, retrying one transient 502 once, and verifies what is served.")
    s.user(0, "Renewal run: wildcard *.internal.fairway-pay.com (crt-6012) — its dns-01 TXT is already in place from "
              "the pre-stage job. Order: https://acme-v02.api.letsencrypt.org/acme/order/1187345206/351188760011")
    ou = "https://acme-v02.api.letsencrypt.org/acme/order/1187345206/351188760011"
    s.call("check_order", {"order_url": ou})
    s.res(2, {"status": "pending", "authorizations": [{"identifier": "*.internal.fairway-pay.com", "status": "pending"}]})
    s.call("check_order", {"order_url": ou}, "Authorization still pending; checking again in 10s.")
    s.res(10, {"status": "pending", "authorizations": [{"identifier": "*.internal.fairway-pay.com", "status": "valid"}]})
    s.call("finalize_order", {"order_url": ou}, "Authorization is now valid. Finalizing.")
    s.res(3, {"status": "processing", "retry_after_s": 20})
    s.call("check_order", {"order_url": ou}, "Processing; waited the 20s Retry-After.")
    s.res(20, {"status": "processing", "retry_after_s": 40})
    s.call("check_order", {"order_url": ou}, "Still processing; backing off to 40s.")
    s.res(40, {"status": "valid", "cert_id": "crt-7204", "not_after": "2025-06-09T01:58:00Z"})
    tg = ["alb-int-use1", "alb-int-euw1", "nginx-int-dr"]
    s.call("deploy_cert", {"cert_id": "crt-7204", "target": tg[0]}, "Issued (crt-7204). Deploying to 3 targets.")
    s.res(5, {"target": tg[0], "deployed": True})
    s.call("deploy_cert", {"cert_id": "crt-7204", "target": tg[1]})
    s.res(5, {"target": tg[1], "deployed": False, "error": "502 Bad Gateway from elbv2 API (request 4f1c-88a0)"})
    s.call("deploy_cert", {"cert_id": "crt-7204", "target": tg[1]}, "Transient 502 from the ELB API; retrying once after 30s.")
    s.res(31, {"target": tg[1], "deployed": True})
    s.call("deploy_cert", {"cert_id": "crt-7204", "target": tg[2]})
    s.res(6, {"target": tg[2], "deployed": True, "reload": "nginx -s reload ok"})
    s.calls([("check_tls", {"host": h}) for h in ("vault.internal.fairway-pay.com", "grafana.internal.fairway-pay.com",
                                                   "dr-gw.internal.fairway-pay.com")], "Verifying served certificates.")
    s.res(4, *[{"host": h, "subject": "*.internal.fairway-pay.com", "not_after": "2025-06-09T01:58:00Z", "issuer": "E6"}
               for h in ("vault.internal.fairway-pay.com", "grafana.internal.fairway-pay.com", "dr-gw.internal.fairway-pay.com")])
    s.say("*.internal.fairway-pay.com renewed (crt-7204, valid to 2025-06-09) and served on all three targets; "
          "alb-int-euw1 needed one retry after a 502.")
    s.user(20, "ack")
    return s


# =====================================================================================
# 5. kids_math_tutor (tool-less)
# =====================================================================================
SYSKIDS = ("You are Pip, the math buddy in the BrightBuddies homework app for kids aged 7-11. Use short sentences, "
           "one question at a time, and friendly emoji sparingly. Never just give the final answer to a homework "
           "problem; guide with hints. If you can't tell what the problem is, ask the child to type it.")
MKIDS = {"chat": "gpt-4o-mini", "responses": "gpt-4.1-mini", "anthropic": "claude-3-5-haiku-20241022"}


def s_kids_r1():
    s = Sess("kids_math_tutor", "runaway", 1,
             "the tutor asks for the exact problem text again and again while the child gives fragments",
             SYSKIDS, None, MKIDS, 300, "bb-child-58213",
             "Pip keeps asking the child to type the whole problem; the child keeps describing it ('the pizza one', "
             "'8 slices') and Pip never works with what it has. The third ask (visible at turn 4) starts the loop.")
    kid = ["i need help with my homework", "its the pizza one", "number 6 the pizza",
           "the pizza one on page 32", "it has a pizza and its cut", "i dont know how to type it",
           "there are 8 slices", "sam ate some", "the PIZZA one", "mom said ask you", "pizzaaaa", "????",
           "pizza 8 slices"]
    pip = [
        "Hi! I'd love to help. 😊 What's the problem? Type it exactly how it's written on your sheet.",
        "Yum, pizza! 🍕 Can you type the whole question from your worksheet, with all the numbers?",
        "I can't see your worksheet, so I need the words and numbers. Can you copy the pizza question for me?",
        "Page 32, got it! Can you type out the question exactly as it's written?",
        "A cut pizza sounds like fractions! Please type the full question so I know what it's asking.",
        "That's okay! Just type the words you see, one line at a time. What does the question say?",
        "8 slices, great start! Can you type the rest of the question, exactly as written?",
        "Thanks! Can you type the whole problem from your sheet so I can help with the right question?",
        "I know it's the pizza one! 🍕 Please type the full question exactly as it is written.",
        "I'm happy to help! First, can you type the problem exactly how it looks on your worksheet?",
        "Let's try! Type the pizza question word for word and I'll help you solve it.",
        "I'm still here! Please type the whole question from your sheet. 😊",
    ]
    gaps = [0, 38, 51, 44, 62, 35, 70, 41, 23, 55, 17, 12, 96]
    for i, k in enumerate(kid):
        s.user(gaps[i], k)
        if len(s.turns) == 4:
            s.mark_B()
        if len(s.turns) == 9:
            s.mark_D()
        if i < len(pip):
            s.say(pip[i])
    return s


def s_kids_r2():
    s = Sess("kids_math_tutor", "runaway", 2,
             "a child mashing 'again' and getting the identical 7-times-table quiz back",
             SYSKIDS, None, MKIDS, 400, "bb-child-60477",
             "The child types 'again' every few seconds and Pip regenerates the very same ten-question quiz each "
             "time; the first verbatim repeat is visible at turn 3 and nobody is doing any maths.")
    quiz = ("Here's your 7s quiz! ✏️\n1. 7 × 3 = ?\n2. 7 × 6 = ?\n3. 7 × 9 = ?\n4. 7 × 4 = ?\n5. 7 × 8 = ?\n"
            "6. 7 × 2 = ?\n7. 7 × 7 = ?\n8. 7 × 5 = ?\n9. 7 × 10 = ?\n10. 7 × 1 = ?\nType your answers like 1) 21 — you've got this!")
    kid = ["give me a times table quiz for 7s", "again", "again", "AGAIN", "again lol", "again", "agian",
           "again!!", "again", "do it again", "again", "again", "again", "AGAIN AGAIN"]
    gaps = [0, 6, 4, 3, 5, 4, 3, 6, 4, 5, 3, 4, 3, 5]
    for i, k in enumerate(kid):
        s.user(gaps[i], k)
        if len(s.turns) == 3:
            s.mark_B()
        if len(s.turns) == 7:
            s.mark_D()
        if i < len(kid) - 1:
            s.say(quiz if i % 4 != 3 else quiz.replace("Here's your 7s quiz!", "Here's another 7s quiz!"))
    return s


def s_kids_h1():
    s = Sess("kids_math_tutor", "healthy", 1,
             "a multiplication drill: twelve short answer/check exchanges",
             SYSKIDS, None, MKIDS, 200, "bb-child-51190",
             "A drill looks repetitive (one number in, 'correct, next' out) but every question is new, two wrong "
             "answers get hints, and it ends with a score.")
    qs = [("6 × 8", 48), ("9 × 7", 63), ("4 × 12", 48), ("8 × 8", 64), ("7 × 6", 42), ("12 × 3", 36),
          ("9 × 9", 81), ("6 × 7", 42), ("11 × 8", 88), ("8 × 7", 56), ("5 × 9", 45), ("12 × 12", 144)]
    kid = ["48", "63", "46", "48", "64", "42", "36", "81", "43", "42", "88", "54", "56", "45", "144", "yay"]
    s.user(0, "can we do times tables practice")
    s.say("Yes! 12 questions, mixed tables. First one: 6 × 8 = ?")
    qi, score, first_try = 0, 0, True
    hints = {"46": "Close! 4 × 12 is the same as 4 × 10 plus 4 × 2. What's 40 + 8?",
             "43": "Almost! 6 × 7 is one more 6 than 6 × 6 = 36. What's 36 + 6?",
             "54": "Nearly! 8 × 7 = 7 × 8. Try 7 × 7 = 49, then add 7."}
    gaps = [25, 14, 31, 22, 12, 19, 15, 11, 40, 18, 16, 37, 21, 13, 28, 9]
    praise = ["Correct! ✅", "Yes! 🎉", "Right!", "Great job!", "Nice!", "You got it!", "Super!", "Correct!"]
    for i, k in enumerate(kid):
        s.user(gaps[i], k)
        if k == "yay":
            break
        if k in hints:
            s.say(hints[k])
            first_try = False
            continue
        if first_try:
            score += 1
        first_try = True
        qi += 1
        if qi < len(qs):
            s.say("%s Next: %s = ?" % (praise[qi % len(praise)], qs[qi][0]))
        else:
            s.say("Correct! That's all 12 — you got %d right on the first try! 🌟" % score)
    return s


def s_kids_h2():
    s = Sess("kids_math_tutor", "healthy", 2,
             "'next one' story problems, each new, with one re-explanation that lands",
             SYSKIDS, None, MKIDS, 350, "bb-child-47302",
             "The child keeps saying 'next one' but each word problem is new; one 'i dont get it' gets a different "
             "explanation (drawing groups) and the child then solves it.")
    ex = [
        ("can u give me word problems", 0,
         "Sure! 🍎 Mia has 4 bags with 6 apples in each bag. How many apples does Mia have?"),
        ("24", 48, "Yes! 4 groups of 6 is 24. Next: A bus has 35 seats. 19 are full. How many seats are empty?"),
        ("16", 63, "Correct! 35 − 19 = 16. Next: Leo saves $3 every week. How many weeks until he has $27?"),
        ("i dont get it", 85, "That's okay! Let's count up by 3s like stacking coins: 3, 6, 9… How many 3s do you "
         "need to reach 27? You can draw a dot for each week."),
        ("i drew them its 9", 142, "Exactly — 9 weeks! Drawing groups is a great trick. ✨ Next: A pizza has 8 slices. "
         "You eat 3. What fraction of the pizza is left?"),
        ("5/8", 57, "Yes! 5 out of 8 slices = 5/8. Next one: There are 48 crayons shared equally by 6 kids. How many "
         "crayons does each kid get?"),
        ("8", 39, "Correct! 48 ÷ 6 = 8. Next: A movie starts at 3:15 and lasts 1 hour 40 minutes. When does it end?"),
        ("4:55", 120, "Perfect! 3:15 + 1 h = 4:15, + 40 min = 4:55. 🎬 Want another one or a break?"),
        ("next one", 30, "Okay! A garden has 7 rows of 5 tulips. 9 tulips get picked. How many are left?"),
        ("26", 74, "Yes! 7 × 5 = 35, 35 − 9 = 26. Two-step problems done like a pro! Next one?"),
        ("next one", 22, "A box holds 12 eggs. Grandma has 3 boxes and uses 10 eggs for cakes. How many eggs are left?"),
        ("26 again lol", 66, "Ha, yes, 26 again! 3 × 12 = 36, 36 − 10 = 26. 🥚 Great work today — that's 8 problems!"),
        ("bye pip", 25, None),
    ]
    for k, g, a in ex:
        s.user(g, k)
        if a:
            s.say(a)
    return s


# =====================================================================================
# 6. architecture_spec_writer (tool-less)
# =====================================================================================
SYSARCH = ("You are SpecWriter, a staff-level software architect. You write design specifications in Markdown for "
           "internal engineering review: numbered sections, explicit trade-offs, no marketing language. When asked "
           "to continue, write the next section that has not been written yet.")
MARCH = {"chat": "gpt-4o-2024-08-06", "responses": "gpt-4.1", "anthropic": "claude-sonnet-4-20250514"}

LEDGER_BRIEF = (
    "Write the design spec for **Ledgerline**, a multi-tenant usage-metering service.\n"
    "- Ingest: ~40k usage events/s peak (API calls, GB-hours, seats) from 30+ internal services over gRPC and Kafka.\n"
    "- Tenants: ~9,000 customers; 3 regions (us-east-1, eu-west-1, ap-southeast-2); EU data must stay in EU.\n"
    "- Billing totals must be exact (no lost or double-counted increments); invoices close monthly.\n"
    "- Customer-facing usage dashboard freshness: p95 < 60 s.\n"
    "- p99 ingest write latency < 120 ms.\n"
    "Sections: 1 Context & Goals, 2 Requirements, 3 Architecture Overview, 4 Data Model, 5 Consistency & "
    "Replication, 6 APIs, 7 Operations, 8 Risks & Open Questions.")

DM_VARIANTS = [
    "## 4. Data Model\n\n### 4.1 `usage_events` (append-only)\n| column | type | notes |\n|---|---|---|\n"
    "| event_id | UUIDv7 | idempotency key, time-ordered |\n| tenant_id | bigint | partition key |\n"
    "| meter_id | int | FK → meters |\n| quantity | numeric(20,6) | never negative |\n| occurred_at | timestamptz | "
    "producer clock |\n| ingested_at | timestamptz | server clock |\n\nEvents are immutable. Corrections are new events "
    "with negative `adjustment` rows in a separate table so that the raw stream stays append-only.\n\n"
    "### 4.2 `meters`\nDefines unit, aggregation (sum | max | last) and rounding per product SKU.\n\n"
    "### 4.3 `usage_rollups_hourly`\nKeyed by (tenant_id, meter_id, hour). Built by the aggregator from "
    "`usage_events`; recomputable at any time.\n\n### 4.4 Retention\nRaw events 13 months (dispute window), rollups 7 years.",
]


def dm_para(i):
    # paraphrases of the same section, as a model stuck on 'continue' would produce
    heads = ["## 4. Data Model", "## 4. Data Model (continued)", "## 4. Data Model", "## 4. Data Model — Details",
             "## 4. Data Model", "## 4. Data Model (cont.)", "## 4. Data Model", "## 4. Data Model"]
    intros = [
        "The data model centres on an append-only event table, a meter catalogue and hourly rollups.",
        "Ledgerline's storage is organised around three entities: raw usage events, meter definitions and rollups.",
        "At the core of the model is the immutable `usage_events` table, complemented by `meters` and hourly aggregates.",
        "We store usage in three tables: the append-only events, the meters that define them, and the rollups derived from them.",
    ]
    ev = [
        "### 4.1 usage_events\nEach event carries `event_id` (UUIDv7, doubles as idempotency key), `tenant_id` (partition "
        "key), `meter_id`, `quantity` (numeric(20,6), non-negative), `occurred_at` and `ingested_at`. Rows are never "
        "updated; corrections are written as separate adjustment rows.",
        "### 4.1 Events table (`usage_events`)\n- `event_id`: UUIDv7; used to deduplicate retries\n- `tenant_id`: "
        "partitioning key\n- `meter_id`: references `meters`\n- `quantity`: numeric(20,6) ≥ 0\n- `occurred_at` / "
        "`ingested_at`: producer and server timestamps\nThe table is append-only; adjustments live in their own table.",
    ]
    rest = [
        "### 4.2 meters\nA meter defines its unit, aggregation function (sum, max or last) and rounding per SKU.\n\n"
        "### 4.3 usage_rollups_hourly\nPrimary key (tenant_id, meter_id, hour). Derived from events by the aggregator "
        "and fully recomputable.\n\n### 4.4 Retention\nRaw events: 13 months. Rollups: 7 years.",
        "### 4.2 Meter catalogue\n`meters` holds unit, aggregation (sum | max | last) and rounding rules for each SKU.\n\n"
        "### 4.3 Hourly rollups\n`usage_rollups_hourly` is keyed by tenant, meter and hour; the aggregator rebuilds it "
        "from raw events on demand.\n\n### 4.4 Retention policy\nWe keep raw events for 13 months (billing dispute "
        "window) and rollups for 7 years.",
    ]
    return "%s\n\n%s\n\n%s\n\n%s" % (heads[i % len(heads)], intros[i % 4], ev[(i // 2) % 2], rest[i % 2])


def s_arch_r1():
    s = Sess("architecture_spec_writer", "runaway", 1,
             "'continue' answered by a paraphrase of the same Data Model section",
             SYSARCH, None, MARCH, 2000, "svc-docgen-harness",
             "A docs harness sends 'continue' for each section; after §4 the model keeps re-emitting §4 Data Model "
             "in reworded form and never reaches §5. The first rewrite of §4 is visible at turn 6.")
    s.user(0, LEDGER_BRIEF)
    s.say("## 1. Context & Goals\n\nToday each product team meters usage in its own database and finance reconciles "
          "CSV exports at month end; last quarter 0.7% of invoice lines needed manual correction. Ledgerline replaces "
          "these with one service that ingests usage events, aggregates them per tenant and meter, and exposes exact "
          "billing totals plus near-real-time dashboards.\n\n**Goals:** exact totals; one ingestion contract; EU "
          "residency; dashboard freshness p95 < 60 s.\n**Non-goals:** pricing and invoicing (stay in Billing), "
          "fraud detection, real-time quota enforcement.")
    s.user(31, "continue")
    s.say("## 2. Requirements\n\n**Functional.** FR-1 accept events via gRPC `Ingest` and Kafka topic `usage.v1`; "
          "FR-2 idempotent on `event_id`; FR-3 per-tenant, per-meter aggregates hourly and monthly; FR-4 corrections "
          "via adjustment events; FR-5 export closed-month totals to Billing.\n\n**Non-functional.** NFR-1 exactness: "
          "zero lost or double-counted increments; NFR-2 40k events/s peak, 3x headroom; NFR-3 p99 ingest latency "
          "< 120 ms; NFR-4 dashboard freshness p95 < 60 s; NFR-5 EU tenants' events stored and processed only in "
          "eu-west-1; NFR-6 99.95% ingest availability.")
    s.user(27, "continue")
    s.say("## 3. Architecture Overview\n\nProducers → regional **Ingest gateway** (stateless, validates schema, assigns "
          "`ingested_at`) → regional Kafka `usage.raw` (RF=3, 64 partitions keyed by tenant_id) → **Writer** "
          "(batches into the regional Postgres/Citus cluster, idempotent upsert on event_id) → **Aggregator** "
          "(streaming hourly rollups, nightly recompute) → **Query API** for dashboards and Billing export.\n\n"
          "Each region is a full stack; a tenant is homed in exactly one region (EU tenants in eu-west-1). "
          "Cross-region traffic is limited to the global tenant directory.")
    s.user(35, "continue")
    s.say(DM_VARIANTS[0])
    for i in range(9):
        s.user(29 + (i * 7) % 13, "continue")
        if len(s.turns) == 6:
            s.mark_B()
        if len(s.turns) == 9:
            s.mark_D()
        if i < 8:
            s.say(dm_para(i))
    return s


def s_arch_r2():
    s = Sess("architecture_spec_writer", "runaway", 2,
             "author/reviewer agent hand-off flip-flopping between two rejected designs",
             SYSARCH, None, MARCH, 1500, "svc-spec-orchestrator",
             "An orchestrator relays a reviewer agent's objections; the author flips between synchronous "
             "cross-region replication (breaks the latency budget) and last-writer-wins multi-leader (loses "
             "increments), each time reworded. The first return to a rejected design is visible at turn 4.")
    s.user(0, "[orchestrator] Author agent: draft §5 'Consistency & Replication' for the Ledgerline spec (brief: 40k "
              "events/s, 3 regions, exact billing totals NFR-1, p99 ingest < 120 ms NFR-3). The reviewer agent will reply.")
    A = [
        "## 5. Consistency & Replication (draft)\n\nAll writes go to a single leader in us-east-1 and are synchronously "
        "replicated to eu-west-1 and ap-southeast-2 before acknowledging. This gives linearizable totals across regions "
        "and trivially satisfies NFR-1: a committed increment exists in all regions.",
        "## 5. Consistency & Replication (rev 3)\n\nWe return to a single-leader design for correctness: writes commit on "
        "the us-east-1 leader and replicate synchronously to a quorum (2 of 3 regions). Quorum replication reduces the "
        "latency impact compared with waiting for all regions while keeping totals exact.",
        "## 5. Consistency & Replication (rev 5)\n\nExactness requires a single source of truth. Writes are acknowledged "
        "by the leader in us-east-1 after synchronous replication to the nearest follower region, so a committed "
        "increment survives a regional failure and totals are always exact.",
        "## 5. Consistency & Replication (rev 7)\n\nTo meet NFR-1 we adopt single-leader replication with synchronous "
        "commit to one remote region; reads for dashboards can be served from any follower.",
        "## 5. Consistency & Replication (rev 9)\n\nSingle leader (us-east-1), synchronous replication to eu-west-1 "
        "before ack. Strong consistency guarantees exact billing totals.",
        "## 5. Consistency & Replication (rev 11)\n\nCorrectness first: one write leader, synchronous replication to "
        "a second region so no acknowledged increment can be lost.",
        "## 5. Consistency & Replication (rev 13)\n\nSingle-leader writes with synchronous cross-region commit; "
        "followers serve dashboard reads.",
    ]
    B = [
        "## 5. Consistency & Replication (rev 2)\n\nEach region accepts writes locally (multi-leader) and replicates "
        "asynchronously. Conflicting updates to the same (tenant, meter, hour) counter are resolved last-writer-wins "
        "by `ingested_at`. Local commits keep p99 well under 120 ms.",
        "## 5. Consistency & Replication (rev 4)\n\nBack to regional write leaders with asynchronous replication, now with "
        "conflict logging: when LWW discards a concurrent update the loser is written to `replication_conflicts` for "
        "audit. Latency stays local (~15 ms p99).",
        "## 5. Consistency & Replication (rev 6)\n\nMulti-leader, async. Concurrent counter updates resolved by "
        "last-writer-wins using hybrid logical clocks instead of wall clocks, which makes the ordering deterministic.",
        "## 5. Consistency & Replication (rev 8)\n\nRegions write locally and ship changes asynchronously; LWW on the "
        "counter row with HLC timestamps, conflicts logged for reconciliation at month end.",
        "## 5. Consistency & Replication (rev 10)\n\nLocal writes in every region, async replication, LWW conflict "
        "resolution on rollup counters.",
        "## 5. Consistency & Replication (rev 12)\n\nTo stay within the latency budget, regions commit locally and "
        "replicate asynchronously; concurrent counter writes resolve by last-writer-wins.",
    ]
    ra = [
        "[reviewer-agent] NFR-3 violated: synchronous us-east-1 → eu-west-1 replication adds ~75-90 ms RTT before ack, "
        "plus commit time; measured p99 in the prototype was 210 ms. Revise.",
        "[reviewer-agent] Still synchronous cross-region on the write path. Quorum of 2/3 still needs one remote "
        "region; p99 > 120 ms. Also EU residency (NFR-5): EU events would be committed in us-east-1. Revise.",
        "[reviewer-agent] The latency problem is unchanged — any synchronous remote ack breaks the 120 ms budget. Revise.",
        "[reviewer-agent] NFR-3: synchronous replication to a remote region is on the critical path. Not acceptable.",
        "[reviewer-agent] p99 budget exceeded again (sync cross-region). Revise.",
        "[reviewer-agent] Same design as rev 1/3/5/7/9 — synchronous remote commit, NFR-3 fails. Revise.",
    ]
    rb = [
        "[reviewer-agent] NFR-1 violated: LWW on a counter drops one of two concurrent increments. Billing totals "
        "must be exact. Revise.",
        "[reviewer-agent] Logging the discarded write doesn't make the total exact — the counter is still wrong "
        "until someone reconciles. NFR-1. Revise.",
        "[reviewer-agent] HLC makes LWW deterministic, not correct: concurrent increments are still lost. Revise.",
        "[reviewer-agent] Still LWW on counters → lost increments. NFR-1. Revise.",
        "[reviewer-agent] LWW again. Rejected for NFR-1.",
        "[reviewer-agent] LWW on counters loses increments (NFR-1), as noted on every even revision. Revise.",
    ]
    gaps = [0, 41, 38, 44, 36, 47, 39, 42, 35, 45, 40, 37, 43, 39, 41]
    s.say(A[0])
    order = []
    for k in range(6):
        order.append((ra[k], B[k]))
        order.append((rb[k], A[k + 1]))
    for i, (rev, ans) in enumerate(order[:13]):
        s.user(gaps[i + 1], rev)
        if len(s.turns) == 4:
            s.mark_B()
        if len(s.turns) == 10:
            s.mark_D()
        if i < 12:
            s.say(ans)
    return s


SPEC_V = [
    "# RFC-112: Tenant-scoped rate limiting in the API gateway (v1)\n\n## Problem\nA single tenant can exhaust the shared "
    "gateway pool (incident INC-2291, 2025-02-18: tenant 4417 sent 38k rps of retries, p99 for all tenants rose to 4.2 s).\n\n"
    "## Proposal\nToken bucket per tenant in each gateway pod, 500 rps default, burst 1000, configured in `tenants.yaml`.\n\n"
    "## Rollout\nShadow mode for one week, then enforce.\n\n## Alternatives\nGlobal limiter in Redis (rejected: extra hop).",
    "# RFC-112: Tenant-scoped rate limiting in the API gateway (v2)\n\n## Problem\nA single tenant can exhaust the shared "
    "gateway pool (INC-2291: tenant 4417, 38k rps of retries; p99 for all tenants 4.2 s).\n\n## Proposal\nToken bucket per "
    "tenant, **global budget split across pods**: each of N pods enforces limit/N, N read from the service registry every "
    "10 s. Default 500 rps, burst 1000; overrides in the tenant config service (not `tenants.yaml`). 429 responses carry "
    "`Retry-After` and `X-RateLimit-*` headers.\n\n## Rollout\nShadow mode one week with per-tenant would-have-limited "
    "metrics; enforce for tenants < 1% would-be-limited first.\n\n## Alternatives\nGlobal limiter in Redis: rejected for the "
    "extra hop (p50 +1.8 ms) and a new SPOF.\n\n## Open questions\nHow to handle uneven load balancing across pods?",
    "# RFC-112: Tenant-scoped rate limiting in the API gateway (v3)\n\n## Problem\n(unchanged from v2)\n\n## Proposal\nPer-"
    "tenant token bucket, global budget split across pods (limit/N, N from registry every 10 s). Because the L4 balancer "
    "uses consistent hashing on tenant_id, a tenant's traffic lands on 2-3 pods, so the split uses **N = pods that saw "
    "the tenant in the last 30 s** (gossiped via the existing memberlist). Default 500 rps / burst 1000; overrides in the "
    "tenant config service. 429 + `Retry-After`, `X-RateLimit-Limit/Remaining/Reset`.\n\n## Failure modes\nRegistry "
    "unavailable → keep last N; memberlist partition → each side over-admits up to 2x for ≤ 30 s (accepted).\n\n"
    "## Rollout\nShadow one week; enforce in waves (1% → 10% → all) behind flag `gw.ratelimit.enforce`.\n\n"
    "## Alternatives\nRedis global limiter (rejected: +1.8 ms p50, SPOF).",
]


def s_arch_h1():
    s = Sess("architecture_spec_writer", "healthy", 1,
             "the user pastes each revised draft of an RFC for review; drafts and reviews move on",
             SYSARCH, None, MARCH, 1800, "eng-priya.n",
             "An engineer resends the whole RFC after each revision (the history carries every draft); each draft "
             "resolves the previous review's points and the reviews narrow to approval, then a summary and a risk table.")
    s.user(0, "Can you review this RFC draft? Be blunt.\n\n" + SPEC_V[0])
    s.say("Blunt review of v1:\n1. **Per-pod buckets multiply the limit.** With 40 gateway pods a 500 rps limit is "
          "effectively 20k rps per tenant — INC-2291 would not have been prevented.\n2. `tenants.yaml` means a deploy per "
          "override; use the tenant config service.\n3. No client contract: say what a 429 looks like (`Retry-After`, "
          "limit headers).\n4. Shadow mode needs a metric you'll decide on.\n5. The Redis alternative is dismissed in one "
          "line; quantify the extra hop.")
    s.user(1460, "ok revised, here's v2\n\n" + SPEC_V[1])
    s.say("v2 fixes 2-5. Remaining:\n1. **limit/N assumes uniform spread**, but the L4 balancer hashes on tenant_id, so a "
          "tenant hits 2-3 pods, not all N — with N=40 each pod would allow 12.5 rps and you'd throttle tenants at ~4% of "
          "their limit. Base N on the pods actually serving the tenant.\n2. Add failure modes: what if the registry is "
          "down?\n3. Enforcement rollout should be staged with a kill switch.")
    s.user(2230, "v3, I think this addresses it\n\n" + SPEC_V[2])
    s.say("v3 looks right. N from memberlist-observed pods handles hash affinity; the partition over-admit bound is "
          "explicit and acceptable; the staged rollout has a kill switch. Nits: state the gossip message size per tenant "
          "(9k tenants × 3 pods), and name the dashboard for shadow metrics. Approve with nits.")
    s.user(610, "great. write a 5-sentence exec summary for the RFC for the eng-leads email")
    s.say("RFC-112 adds per-tenant rate limiting to the API gateway so that one tenant's traffic spike can no longer "
          "degrade latency for everyone, as happened in INC-2291. Each tenant gets a token bucket (default 500 rps, burst "
          "1000) whose global budget is split across the gateway pods currently serving that tenant. Limited requests "
          "receive a 429 with standard Retry-After and rate-limit headers, and overrides live in the tenant config "
          "service. We will run one week in shadow mode, then enforce in waves behind a kill-switch flag. A Redis-based "
          "global limiter was considered and rejected for its added latency and single point of failure.")
    s.user(340, "and a risk table (risk / likelihood / impact / mitigation), markdown")
    s.say("| risk | likelihood | impact | mitigation |\n|---|---|---|---|\n| legit burst traffic throttled | medium | "
          "high | shadow week, per-tenant overrides, wave rollout |\n| memberlist partition over-admits | low | medium | "
          "bounded to 2x for 30 s; alert on partition |\n| registry outage freezes N | low | low | keep last N; alert |\n"
          "| clients ignore Retry-After | medium | medium | SDK update, docs, 429 dashboards per tenant |\n| config "
          "service latency on hot path | low | medium | cache overrides 60 s in-pod |")
    s.user(520, "one more: does the memberlist gossip size actually matter at 9k tenants? quick estimate")
    s.say("Roughly: 9,000 tenants × ~3 pods each × (8-byte tenant id + 2-byte pod index + 4-byte last-seen) ≈ 380 KB of "
          "state cluster-wide; each pod only gossips deltas for tenants it served in the last 30 s, typically a few "
          "hundred entries ≈ a few KB per gossip round. Negligible next to memberlist's default 1,400-byte UDP packets "
          "batched every 200 ms — but cap the per-round delta to avoid a storm after a rolling restart.")
    s.user(300, "last thing: the shadow-mode metric name? I wrote gw_ratelimit_would_limit_total, ok?")
    s.say("Fine, with labels `tenant_id` and `pod`. Watch cardinality: 9k tenants × ~40 pods = 360k series if every pod "
          "reports every tenant; only emit for tenants the pod actually served (same set as the gossip), or drop the `pod` "
          "label and aggregate in-pod. Also add `gw_ratelimit_limited_total` for enforce mode so dashboards don't change "
          "at cutover.")
    s.user(420, "dropping the pod label. perfect, thanks — merging")
    return s


ADR = (
    "ADR-0042: Move Ledgerline rollups from Postgres materialized views to a streaming aggregator\n"
    "Status: Proposed — 2025-03-05 — Authors: M. Haddad, Y. Sato\n\n"
    "Context. Hourly rollups are built by `REFRESH MATERIALIZED VIEW CONCURRENTLY usage_rollups_hourly` every 5 minutes. "
    "At 40k events/s the refresh takes 3-4 minutes on the eu-west-1 cluster (db.r6g.4xlarge, 2.1 TB), holds a "
    "ShareUpdateExclusive lock, and twice in February overlapped with itself (INC-2307, INC-2319), leaving dashboards "
    "stale for 47 and 63 minutes. Dashboard freshness NFR-4 (p95 < 60 s) is not met: measured p95 is 6.5 minutes.\n\n"
    "Decision. Replace the materialized view with a Flink job per region consuming `usage.raw` (64 partitions), keyed by "
    "(tenant_id, meter_id), tumbling 1-hour event-time windows with 10-minute allowed lateness, emitting partial "
    "aggregates every 15 s to `usage_rollups_hourly` via idempotent upsert keyed by (tenant_id, meter_id, hour, "
    "window_version). Late events beyond 10 minutes go to `usage.late` and are folded in by the nightly recompute job, "
    "which remains the source of truth for billing close.\n\n"
    "Consequences. (+) freshness p95 expected ~20 s; no long locks on the primary; (+) the nightly recompute gives an "
    "exactness backstop. (−) a new Flink cluster per region (3 × 6 TaskManagers, est. $4,100/month); (−) two code paths "
    "for aggregation logic (streaming and batch) must agree — mitigated by a shared `meter_semantics` library and a "
    "daily diff job that alerts when streaming and batch totals differ by more than 0.001%. (−) exactly-once depends "
    "on Kafka transactions and Flink checkpoints every 30 s; a checkpoint failure replays up to 30 s of events, made "
    "safe by the idempotent upsert.\n\n"
    "Alternatives. (a) Incremental refresh via pg_ivm: rejected, unsupported on RDS. (b) Larger instance: buys ~40% "
    "headroom, does not fix overlap. (c) ClickHouse with AggregatingMergeTree: strong option, rejected for now due to "
    "operational unfamiliarity and EU-residency review cost.\n\n"
    "Rollout. Shadow in ap-southeast-2 for 2 weeks with the diff job; cut dashboards over per region; keep the view for "
    "30 days as fallback, then drop.")


def s_arch_h2():
    s = Sess("architecture_spec_writer", "healthy", 2,
             "stateless review client: the same ADR resent with a different question each turn",
             SYSARCH, None, MARCH, 900, "svc-adr-reviewbot",
             "The corpus's one stateless client: a review bot resends the whole ADR with a new question each turn "
             "(no history); every question is different, so this is healthy despite the repeated document.",
             stateless=True)
    qs = [
        "Summarize the decision in two sentences for the architecture-review agenda.",
        "What is the worst-case dashboard staleness after this change, and what causes it?",
        "List every cost mentioned, with a monthly figure where the ADR gives one.",
        "Is the claim 'exactly-once' justified? Identify the assumptions it rests on.",
        "What should the diff job compare exactly, and at what granularity, to catch semantic drift?",
        "Which incident numbers are cited and what happened in each?",
        "Draft three questions a reviewer from the data-residency team would ask.",
        "Does the rollout plan have a rollback path after the view is dropped? Propose one.",
        "Rewrite the 'Alternatives' section as a table (option / verdict / reason).",
    ]
    gaps = [0, 44, 51, 38, 62, 47, 40, 55, 49]
    for i, q in enumerate(qs):
        s.user(gaps[i], "<document name=\"ADR-0042.md\">\n%s\n</document>\n\nQuestion %d: %s" % (ADR, i + 1, q))
        s.say("(answer %d)" % (i + 1))
    s.turns[-1]["reply"] = None
    return s


# =====================================================================================
# 7. theatre_lighting_cues
# =====================================================================================
TLX = [
    tool("get_cue_list", "Read cues from the console show file (ETC Eos over OSC bridge).",
         {"from_cue": STR, "to_cue": STR}),
    tool("set_channels", "Set channel intensities in the live output (or blind, if the console is in Blind).",
         {"channels": STR, "level": INT}),
    tool("record_cue", "Record the current output (live or blind) into a cue with timing.",
         {"cue": STR, "label": STR, "up_s": NUM, "down_s": NUM}, ["cue", "up_s", "down_s"]),
    tool("console_status", "Console mode, locks, current and pending cue.", {}),
    tool("go_cue", "Fire a cue on the main playback (or 'next'/'back').", {"cue": STR}),
    tool("send_to_agent", "Send a message to another production agent and wait for its reply.",
         {"agent": STR, "message": STR}),
    tool("get_paperwork", "Fetch the lighting designer's cue sheet for an act.", {"act": INT}),
]
SYSLX = ("You are LX-Assist, the lighting programming assistant for the Crescent Rep production of 'Into the Woods' "
         "(ETC Eos, show file ITW_v23.esf2). You program and fire cues on request from the lighting designer (LD), "
         "the board operator or the stage manager (SM). During a performance, nothing may change the live stage "
         "look except cues called by the SM.")
MLX = {"chat": "gpt-4.1-mini", "responses": "gpt-4.1", "anthropic": "claude-sonnet-4-20250514"}


def s_lx_r1():
    s = Sess("theatre_lighting_cues", "runaway", 1,
             "record refused by the performance lock; set / record / status repeated (period 3)",
             SYSLX, TLX, MLX, 600, "ld-assistant-kpark",
             "During a performance the console refuses recording; the agent cycles set_channels → record_cue → "
             "console_status, re-pushing levels onto the live stage each time. The second round (turn 6) starts the "
             "loop; an operator would stop it within two more rounds.")
    s.user(0, "note from LD for tomorrow: cue 47 (Act 2, 'No One Is Alone') — bring specials 41 thru 44 to 85 and "
              "make it 6 up / 4 down. Record it when you can.")
    s.call("get_cue_list", {"from_cue": "46", "to_cue": "48"})
    s.res(2, {"cues": [{"cue": "46", "label": "Witch exits", "up_s": 3, "down_s": 3},
                       {"cue": "47", "label": "No One Is Alone - DSC special", "up_s": 5, "down_s": 5,
                        "levels": {"41": 60, "42": 60, "43": 55, "44": 55, "101": 40}},
                       {"cue": "48", "label": "Finale build", "up_s": 8, "down_s": 6}]})

    def lock(t):
        return {"error": "RECORD_DENIED", "reason": "Performance lock active (set by SM-Booth at 19:27:40). Live "
                "recording disabled; use Blind or wait for the lock to be released.", "console_time": t}

    def status(t, cur):
        return {"mode": "Live", "lock": "performance", "locked_by": "SM-Booth", "show_file": "ITW_v23.esf2",
                "current_cue": cur, "pending_cue": "2/%d" % (int(cur.split("/")[1]) + 1), "console_time": t}

    rounds = [("21:04:12", "21:04:15", "2/31"), ("21:04:22", "21:04:25", "2/31"), ("21:04:33", "21:04:36", "2/31"),
              ("21:04:44", "21:04:47", "2/32"), ("21:04:55", "21:04:58", "2/32")]
    texts = [("Setting 41-44 at 85.", "Recording cue 47 with 6/4 timing.", None),
             ("Record was denied. Re-applying the levels before recording again.", "Recording 47.",
              "Still denied; checking console state."),
             ("Levels may have been overwritten by the running cue. Setting 41-44 @ 85 again.", "Recording cue 47.",
              "Checking the console."),
             ("Re-applying 41 thru 44 at 85.", "Record cue 47, 6 up / 4 down.", "Checking lock status."),
             ("Setting channels again.", "Retrying record.", "Checking status.")]
    for i, (t1, t2, cur) in enumerate(rounds):
        a, b, c = texts[i]
        s.call("set_channels", {"channels": "41 thru 44", "level": 85}, a)
        s.res(3, {"ok": True, "output": "live", "channels": "41-44", "level": 85, "console_time": t1})
        if len(s.turns) == 6:
            s.mark_B()
        s.call("record_cue", {"cue": "47", "label": "No One Is Alone - DSC special", "up_s": 6, "down_s": 4}, b)
        s.res(3, lock(t2))
        s.call("console_status", {}, c or "Record denied. Checking console status.")
        s.res(3, status(t2[:-2] + "%02d" % (int(t2[-2:]) + 3), cur))
        if len(s.turns) == 11:
            s.mark_D()
    return s


def s_lx_r2():
    s = Sess("theatre_lighting_cues", "runaway", 2,
             "hand-offs between LD, sound and SM agents going round a period-3 ring",
             SYSLX, TLX, MLX, 700, "lx-programmer-bot",
             "Asked for cue 112's fade time, the agent asks the LD agent, who defers to sound, who defers to the SM, "
             "who defers to the LD; each reply is reworded but the ring never resolves. The second trip round "
             "(LD deferring again, turn 6) starts the loop.")
    s.user(0, "Programmer note: cue 112 (Act 2 'Giants in the Sky' reprise) has no fade time in the show file yet. "
              "Find out the agreed time from the team and record it.")
    s.call("get_cue_list", {"from_cue": "112", "to_cue": "112"})
    s.res(2, {"cues": [{"cue": "112", "label": "Giant's shadow - reprise", "up_s": None, "down_s": None,
                        "note": "TIME TBD - coordinate with SQ 88"}]})
    ring = [
        ("ld_agent", "What fade time do you want for LX 112 (Giant's shadow reprise)?",
         "LD agent: It has to land with the sound cue for the footsteps, so match whatever sound is using for SQ 88."),
        ("sound_agent", "What's the timing on SQ 88? LX 112 should match it.",
         "Sound agent: SQ 88 is a follow on the light cue — it fires when the SM calls LX 112. Timing is the SM's call."),
        ("sm_agent", "How do you call LX 112 / SQ 88 — what fade time should we use?",
         "SM agent: I call LX 112 and SQ 88 together on the 'boom'. The fade length is the LD's decision."),
        ("ld_agent", "SM says the fade length is your decision. What time for LX 112?",
         "LD agent: I'd rather not guess — it needs to sit inside the sound effect. Please get the SQ 88 duration from sound."),
        ("sound_agent", "LD wants LX 112 inside SQ 88. How long is SQ 88?",
         "Sound agent: SQ 88 has no fixed length; it's a follow triggered by LX 112 and fades with the light. Ask SM how "
         "long they want the moment."),
        ("sm_agent", "Sound says SQ 88 follows the light. How long should the moment be?",
         "SM agent: Whatever the LD designs — I just call the GO. Check with LD."),
        ("ld_agent", "SM and sound both defer to you. Can you give a number for LX 112?",
         "LD agent: Match sound. It should feel like the footsteps are causing the shadow."),
        ("sound_agent", "LD says match sound. What is SQ 88's duration?",
         "Sound agent: Again, SQ 88 is slaved to LX 112. I don't own the time."),
        ("sm_agent", "Can you set the duration for the Giant's shadow moment?",
         "SM agent: Not my call — LD owns fade times."),
        ("ld_agent", "Need a fade time for LX 112, please.",
         "LD agent: Coordinate with sound; the cue should match SQ 88."),
        ("sound_agent", "Fade time for SQ 88 / LX 112?",
         "Sound agent: Follows LX 112. Ask SM."),
        ("sm_agent", "Duration for LX 112?",
         "SM agent: LD's decision."),
        ("ld_agent", "LX 112 fade time?", "LD agent: Match SQ 88."),
        ("sound_agent", "SQ 88 duration?", "Sound agent: It follows the light cue."),
    ]
    pre = [None, "LD defers to sound. Asking the sound agent.", "Sound defers to the SM. Asking the SM agent.",
           "SM says it's the LD's call. Going back to the LD agent.", "LD wants the sound duration. Asking sound again.",
           "Sound says ask SM. Asking SM.", "SM defers to LD. Asking LD once more.", "Back to sound.", "Asking SM.",
           "Asking LD.", "Asking sound.", "Asking SM.", "Asking LD.", "Asking sound."]
    for i, (ag, msg, rep) in enumerate(ring):
        s.call("send_to_agent", {"agent": ag, "message": msg}, pre[i])
        s.res(9 + (i * 5) % 11, {"from": ag, "msg_id": "m-%s" % hx("lx%d" % i, 6), "reply": rep})
        if len(s.turns) == 6:
            s.mark_B()
        if len(s.turns) == 12:
            s.mark_D()
    return s


def s_lx_h1():
    s = Sess("theatre_lighting_cues", "healthy", 1,
             "programming Act 1 cues 0.5-14 (fifteen) from paperwork, one record per turn",
             SYSLX, TLX, MLX, 800, "ld-assistant-kpark",
             "A batch of similar record_cue calls, but each cue has its own number, label, levels and timing from the "
             "LD's paperwork; it is straightforward programming progress.")
    s.user(0, "We're in the theatre at 9. Pre-program Act 1 cues 1-14 blind from the LD's paperwork so we can look at "
              "them at focus call.")
    s.call("get_paperwork", {"act": 1})
    cues = [("0.5", "Preshow", 4, 4), ("1", "House to half", 5, 5), ("2", "House out", 4, 4),
            ("3", "Once upon a time - storybook", 3, 0), ("4", "Three houses", 2.5, 2.5), ("5", "Cinderella at the hearth", 3, 3),
            ("6", "Jack & Milky-White", 3, 3), ("7", "Baker's cottage", 2, 2), ("8", "Witch enters - lightning", 0, 1.5),
            ("9", "Witch's rap", 1, 1), ("10", "Into the woods - travel", 6, 6), ("11", "Woods - day", 8, 8),
            ("12", "Red Ridinghood path", 4, 4), ("13", "Hello, Little Girl", 5, 3), ("14", "Grandmother's house", 3, 3)]
    s.res(3, {"act": 1, "mode": "Blind (console set by board op)", "cues": [{"cue": c, "label": l, "up_s": u, "down_s": d}
                                                                            for c, l, u, d in cues]})
    for i, (c, l, u, d) in enumerate(cues):
        s.call("record_cue", {"cue": c, "label": l, "up_s": u, "down_s": d},
               "Console is in Blind. Recording from the paperwork, starting with the preshow." if i == 0 else None)
        s.res(2 + i % 3, {"ok": True, "cue": c, "mode": "blind", "part_count": 1 if c not in ("8", "10") else 2})
    s.say("Cues 0.5-14 recorded in blind (15 cues; 8 and 10 as two-part cues per the paperwork). Ready for focus call.")
    s.user(600, "thanks!")
    return s


def s_lx_h2():
    s = Sess("theatre_lighting_cues", "healthy", 2,
             "tech rehearsal: the board op says 'go' over and over, each go fires the next cue",
             SYSLX, TLX, MLX, 300, "board-op-dlee",
             "A human board op in tech types 'go' (and a hold, a back-up, an update) many times; every go fires a "
             "different cue and the rehearsal moves forward.")
    seq = [
        ("standing by for act 2 top, go 100", 0, "100", {"fired": "100", "label": "Act 2 - Once upon a time (reprise)", "fade_s": 4}, "Cue 100 running, 4 s."),
        ("go", 45, "next", {"fired": "101", "label": "Happy ever after tableau", "fade_s": 3}, "101 running."),
        ("go", 38, "next", {"fired": "102", "label": "Giant's footsteps 1", "fade_s": 0.5}, "102 — bump."),
        ("go", 21, "next", {"fired": "103", "label": "Giant's footsteps 2", "fade_s": 0.5}, "103."),
        ("hold please, SM stopping", 64, None, None, "Holding on 103."),
        ("back to 102", 140, "102", {"fired": "102", "label": "Giant's footsteps 1", "fade_s": 0.5, "note": "fired out of sequence"}, "In 102."),
        ("go", 55, "next", {"fired": "103", "label": "Giant's footsteps 2", "fade_s": 0.5}, "103."),
        ("go", 32, "next", {"fired": "104", "label": "Aftermath - rubble", "fade_s": 5}, "104, 5 s."),
        ("go", 88, "next", {"fired": "105", "label": "Narrator taken", "fade_s": 2}, "105."),
        ("go", 47, "next", {"fired": "106", "label": "Witch: Last Midnight build", "fade_s": 10}, "106 building over 10 s."),
    ]
    for i, (txt, gap, cue, out, ack) in enumerate(seq):
        s.user(gap, txt)
        if cue is None:
            s.say(ack)
            continue
        s.call("go_cue", {"cue": cue})
        s.res(1, out)
        s.say(ack)
    s.user(70, "update 106: channel 22 at 70 and record it, LD wants more top light on the witch")
    s.call("set_channels", {"channels": "22", "level": 70})
    s.res(1, {"ok": True, "output": "live", "channels": "22", "level": 70, "note": "rehearsal: no performance lock"})
    s.call("record_cue", {"cue": "106", "label": "Witch: Last Midnight build", "up_s": 10, "down_s": 10}, "22 at 70. Updating 106.")
    s.res(2, {"ok": True, "cue": "106", "mode": "live", "update": "track"})
    s.say("106 updated with 22 @ 70.")
    s.user(52, "go")
    return s


# =====================================================================================
# 8. recycling_sort_monitor
# =====================================================================================
TREC = [
    tool("read_line_metrics", "Latest 2-minute metrics for a sort line (throughput, purity, ejector stats, alarms).",
         {"line": STR}),
    tool("set_ejector_params", "Change air-ejector timing on a line's ejector bank.",
         {"line": STR, "bank": STR, "dwell_ms": INT, "delay_ms": INT}, ["line", "bank"]),
    tool("get_camera_classification", "Image and classifier output for a flagged sample.", {"sample_id": STR}),
    tool("relabel_sample", "Store a human-verified label for a flagged sample (training feedback).",
         {"sample_id": STR, "label": STR, "note": STR}, ["sample_id", "label"]),
    tool("list_flagged_samples", "Samples the QA station flagged for review.", {"line": STR, "since": STR}),
    tool("open_maintenance_ticket", "Open a CMMS maintenance ticket.", {"asset": STR, "priority": STR, "summary": STR}),
    tool("post_shift_note", "Post a note to the shift log channel.", {"text": STR}),
]
SYSREC = ("You are SortWatch, the monitoring assistant at the Tri-County MRF (material recovery facility). Lines: "
          "PET-1, PET-2 (optical sorters with air-ejector banks A/B), FIBER-1, and the QC camera station. Watch "
          "metrics, tune ejector timing within the approved envelope (dwell 8-20 ms, delay 20-45 ms), open "
          "maintenance tickets for hardware faults, and keep the shift lead informed.")
MREC = {"chat": "gpt-4o-mini", "responses": "gpt-4.1-mini", "anthropic": "claude-3-5-haiku-20241022"}


def plc_lines(n0, n):
    out = []
    for k in range(n0, n):
        mm, ss = divmod(k * 37, 60)
        t = "02:%02d:%02d" % (14 + mm, ss)
        if k % 3 == 0:
            out.append("%s PLC2 ALM E-214 EJECTOR BANK B AIR PRESS LOW 4.1 BAR < 5.5 SP" % t)
        elif k % 3 == 1:
            out.append("%s PLC2 EVT BANK B VALVES 17-32 INHIBITED (PRESS INTERLOCK)" % t)
        else:
            out.append("%s PLC2 EVT PURITY PET-2 %.1f%% (SP 94.0)" % (t, 91.8 - (k % 5) * 0.3))
    return out


def s_rec_r1():
    s = Sess("recycling_sort_monitor", "runaway", 1,
             "shift lead pastes an ever-longer PLC log with the same E-214 alarm; same advice back (tool-less)",
             SYSREC, None, MREC, 700, "shiftlead-nightB",
             "A human pastes the PLC log again and again, each paste longer but showing the same E-214 low-air "
             "alarm, and the assistant repeats the same checks; nothing new happens after the second paste (turn 4). "
             "No tools (chat mode).")
    s.user(0, "PET-2 bank B keeps throwing E-214, what do I do\n\n```\n" + "\n".join(plc_lines(0, 6)) + "\n```")
    advice = [
        "E-214 means bank B's air header is at 4.1 bar against a 5.5 bar setpoint, so the PLC inhibits valves 17-32 "
        "and purity drops. Check in this order:\n1. Compressor C-2 discharge pressure (should be ~7.5 bar).\n2. Drain "
        "the bank B filter/water trap — winter condensation is the usual cause.\n3. Regulator PR-B set to 6.0 bar?\n"
        "4. Look for a blown hose at the manifold.",
        "Same alarm: bank B header 4.1 bar < 5.5. Please check C-2 discharge pressure, drain the bank B water trap, "
        "confirm regulator PR-B is at 6.0 bar, and inspect the manifold hoses for leaks.",
        "The log still shows E-214 (4.1 bar). The fix is on the air side: compressor C-2 output, the bank B filter "
        "drain, regulator PR-B setting (6.0 bar), and hose/manifold leaks.",
        "E-214 persists at 4.1 bar. Steps: verify C-2 discharge, drain the bank B trap, set PR-B to 6.0 bar, check "
        "for leaks at the manifold.",
        "It's still the low-air interlock on bank B. Compressor C-2, water trap drain, regulator PR-B, manifold hoses.",
    ]
    pastes = ["still doing it", "here's more of the log, same thing", "still E-214. log:", "it keeps going",
              "not fixed. full log since 2:14", "same", "still", "log again", "E-214 still", "still happening, log"]
    gaps = [0, 212, 188, 305, 240, 276, 198, 333, 221, 260, 290]
    n = 6
    for i, p in enumerate(pastes):
        s.say(advice[i % len(advice)])
        n += 4 + i % 3
        s.user(gaps[i + 1], p + "\n\n```\n" + "\n".join(plc_lines(0, n)) + "\n```")
        if len(s.turns) == 4:
            s.mark_B()
        if len(s.turns) == 8:
            s.mark_D()
    return s


def s_rec_r2():
    s = Sess("recycling_sort_monitor", "runaway", 2,
             "ejector dwell toggled 12↔18 ms with metric reads in between; contamination never moves",
             SYSREC, TREC, MREC, 600, "svc-sortwatch-alerts",
             "Film contamination on PET-2 is from a torn screen upstream, not timing; the agent toggles dwell between "
             "18 and 12 ms with reads in between (period four), contamination wandering 13.8-14.5%. The return to a "
             "setting already tried (18 ms again, turn 7) starts the loop.")
    s.user(0, "ALERT 02:41 PET-2: film contamination in PET product stream 14.3% (threshold 8%) for 10 min. Investigate.")
    s.call("read_line_metrics", {"line": "PET-2"})
    cont = [14.3, 14.0, 14.4, 13.9, 14.5, 14.1, 13.8, 14.2, 14.4, 14.0]

    def met(i, dwell, t):
        return {"line": "PET-2", "window": "2 min ending %s" % t, "throughput_tph": 4.8 - (i % 3) * 0.1,
                "film_contamination_pct": cont[i], "purity_pct": round(85.2 - (cont[i] - 14) * 0.9, 1),
                "ejector_bank_A": {"dwell_ms": dwell, "delay_ms": 30, "hit_rate_pct": 70 + (i % 4)},
                "alarms": ["SCREEN-2 ΔP high (upstream, FIBER/film screen)"]}

    s.res(2, met(0, 12, "02:42"))
    steps = [(18, "Contamination is high with a 70% hit rate. Increasing dwell to 18 ms so film gets a longer blast."),
             (12, "No improvement at 18 ms (14.0%). Reverting dwell to 12 ms."),
             (18, "Back at 12 ms it's 14.4%. Trying the longer dwell again."),
             (12, "18 ms didn't help. Reverting to 12."),
             (18, "Trying 18 ms dwell once more."),
             (12, "Reverting to 12 ms."),
             (18, "Increase dwell to 18."),
             (12, "Revert to 12.")]
    tt = 2
    for i, (d, txt) in enumerate(steps):
        s.call("set_ejector_params", {"line": "PET-2", "bank": "A", "dwell_ms": d}, txt)
        s.res(3, {"ok": True, "line": "PET-2", "bank": "A", "dwell_ms": d, "delay_ms": 30, "applied_at": "02:%02d" % (43 + i * 2)})
        if len(s.turns) == 7:
            s.mark_B()
        s.call("read_line_metrics", {"line": "PET-2"}, "Waiting two minutes for a fresh window.")
        s.res(121, met(i + 1, d, "02:%02d" % (45 + i * 2)))
        if len(s.turns) == 12:
            s.mark_D()
    return s


def s_rec_h1():
    s = Sess("recycling_sort_monitor", "healthy", 1,
             "routine 5-minute metric polling across a shift hour, one alarm handled, shift note",
             SYSREC, TREC, MREC, 500, "svc-sortwatch-cron",
             "Scheduled checks every five minutes; the numbers move each time, one infeed jam appears and clears, "
             "and the hour ends with a shift note. Polling, but healthy.")
    s.user(0, "[cron 03:00] Hourly watch for PET-1: read metrics every 5 min, flag anything outside spec, post a "
              "summary at the end of the hour.")
    s.call("read_line_metrics", {"line": "PET-1"})
    rows = [(5.1, 95.2, 0, []), (5.0, 95.6, 0, []), (4.7, 94.8, 0, []), (2.1, 94.9, 0, ["INFEED C3 JAM (03:14:22)"]),
            (4.2, 95.1, 1, ["INFEED C3 JAM cleared by operator (03:19:05)"]), (5.2, 95.4, 1, []), (5.3, 95.9, 1, []),
            (5.0, 95.0, 1, []), (4.9, 94.4, 1, ["BANK A valve 7 response slow (warning)"]), (5.1, 94.9, 1, []),
            (5.2, 95.3, 1, [])]
    msgs = ["In spec: 5.1 t/h, purity 95.2%.", "In spec (95.6%).", "Throughput dipped to 4.7 t/h, purity fine.",
            "Infeed conveyor C3 jam at 03:14 — throughput 2.1 t/h. Floor crew should already have the alarm; "
            "rechecking in 5.", "Jam cleared at 03:19; recovering (4.2 t/h).", "Back to normal, 5.2 t/h.",
            "95.9% purity, best window this hour.", "Normal.", "Purity 94.4% and a slow-valve warning on bank A valve "
            "7 — still within spec, noting it.", "Normal; valve 7 warning gone."]
    for i, (tp, pur, jams, al) in enumerate(rows):
        s.res(2 if i == 0 else 300, {"line": "PET-1", "window_end": "03:%02d" % (i * 5 + 2), "throughput_tph": tp,
                                     "purity_pct": pur, "jam_count_hour": jams, "alarms": al,
                                     "ejector_bank_A": {"hit_rate_pct": 88 + (i * 3) % 7}})
        if i < len(rows) - 1:
            s.call("read_line_metrics", {"line": "PET-1"}, msgs[i])
    s.call("post_shift_note", {"text": "PET-1 03:00-04:00: avg 4.7 t/h, purity 94.4-95.9% (in spec). One infeed C3 jam "
                                       "03:14-03:19. Bank A valve 7 slow-response warning at 03:42, cleared by 03:47 — "
                                       "worth a look at next PM."}, "Hour complete; posting the summary.")
    s.res(2, {"posted": True, "channel": "#mrf-shift-log"})
    return s


def s_rec_h2():
    s = Sess("recycling_sort_monitor", "healthy", 2,
             "reviewing ten flagged camera samples one by one, labels differ, one ticket at the end",
             SYSREC, TREC, MREC, 700, "qa-tech-mbrandt",
             "Ten QA samples reviewed with the same fetch/relabel rhythm, but every sample is a different object with a "
             "different verdict; a pattern of smudged frames leads to one maintenance ticket.")
    s.user(0, "Go through last night's flagged samples from the QC camera and relabel what's wrong. Tell me if you "
              "see a pattern.")
    s.call("list_flagged_samples", {"line": "PET-2", "since": "2025-03-10T22:00:00Z"})
    samples = [
        ("qc-88121", "PET", 0.41, "clear PET bottle, label sleeve 80% coverage", "PET", "shrink sleeve confused the NIR"),
        ("qc-88137", "HDPE", 0.52, "white opaque milk jug, crushed", "HDPE", "classifier right, low confidence from crush"),
        ("qc-88140", "PET", 0.38, "black PP food tray", "PP", "black plastic not NIR-readable; camera guessed"),
        ("qc-88152", "film", 0.47, "clear PET clamshell, smudge across frame", "PET", "lens smudge"),
        ("qc-88160", "PET", 0.44, "aluminium can, crushed flat", "UBC", "should have gone to eddy current"),
        ("qc-88171", "fiber", 0.35, "green PET bottle, smudge across frame", "PET", "lens smudge"),
        ("qc-88188", "PET", 0.49, "PLA cup labeled 'compostable'", "contaminant-PLA", "PLA looks like PET"),
        ("qc-88190", "film", 0.40, "PET thermoform, smudge across frame", "PET", "lens smudge"),
        ("qc-88203", "PET", 0.57, "PVC blister pack", "contaminant-PVC", "PVC contaminant, correct reject"),
        ("qc-88219", "HDPE", 0.33, "clear PET bottle with HDPE cap, smudge across frame", "PET", "lens smudge"),
    ]
    s.res(2, {"count": 10, "samples": [x[0] for x in samples]})
    prev = None
    for sid, pred, conf, desc, lab, why in samples:
        pairs = []
        if prev:
            pairs.append(("relabel_sample", {"sample_id": prev[0], "label": prev[4], "note": prev[5]}))
        pairs.append(("get_camera_classification", {"sample_id": sid}))
        s.calls(pairs, None if not prev else "%s → %s (%s)." % (prev[0], prev[4], prev[5]))
        outs = []
        if prev:
            outs.append({"ok": True, "sample_id": prev[0], "label": prev[4]})
        outs.append({"sample_id": sid, "predicted": pred, "confidence": conf, "description": desc,
                     "image": "s3://trico-mrf-qc/2025-03-10/%s.jpg" % sid, "camera": "QC-CAM-2"})
        s.res(4, *outs)
        prev = (sid, pred, conf, desc, lab, why)
    s.call("relabel_sample", {"sample_id": prev[0], "label": prev[4], "note": prev[5]})
    s.res(2, {"ok": True, "sample_id": prev[0], "label": prev[4]})
    s.call("open_maintenance_ticket", {"asset": "QC-CAM-2", "priority": "P3",
                                       "summary": "4 of 10 flagged samples (qc-88152, 88171, 88190, 88219) show a smudge "
                                                  "across the frame; clean lens/cover glass and check air knife."},
           "Pattern: 4 of 10 misreads share a smudge across the frame on QC-CAM-2. Opening a cleaning ticket.")
    s.res(3, {"ticket": "CMMS-30417", "asset": "QC-CAM-2", "priority": "P3"})
    s.say("Relabeled 10 samples. Smudge on QC-CAM-2 explains 4 misreads (ticket CMMS-30417); the rest are genuine "
          "hard cases: black PP, a crushed can, PLA and PVC.")
    s.user(400, "great, thanks. send the PLA one to the vendor too? no, never mind, I'll do it")
    return s


# =====================================================================================
# build, validate, README, write / check
# =====================================================================================
BUILDERS = [
    s_311_r1, s_311_r2, s_311_h1, s_311_h2,
    s_game_r1, s_game_r2, s_game_h1, s_game_h2,
    s_icd_r1, s_icd_r2, s_icd_h1, s_icd_h2,
    s_cert_r1, s_cert_r2, s_cert_h1, s_cert_h2,
    s_kids_r1, s_kids_r2, s_kids_h1, s_kids_h2,
    s_arch_r1, s_arch_r2, s_arch_h1, s_arch_h2,
    s_lx_r1, s_lx_r2, s_lx_h1, s_lx_h2,
    s_rec_r1, s_rec_r2, s_rec_h1, s_rec_h2,
]


class Bad(Exception):
    pass


def need(cond, where, msg):
    if not cond:
        raise Bad("%s: %s" % (where, msg))


def check_args(where, args):
    try:
        v = json.loads(args)
    except ValueError:
        raise Bad("%s: arguments are not JSON" % where)
    need(isinstance(v, dict), where, "arguments must be a JSON object")


def validate_chat(where, req, declared):
    need(set(req) <= {"model", "messages", "tools", "max_tokens"}, where, "unexpected keys %s" % sorted(req))
    need(isinstance(req.get("model"), str) and req["model"], where, "model")
    msgs = req.get("messages")
    need(isinstance(msgs, list) and msgs, where, "messages")
    pending = []
    for i, m in enumerate(msgs):
        w = "%s msg %d" % (where, i)
        role = m.get("role")
        need(role in ("system", "user", "assistant", "tool"), w, "role %r" % role)
        if pending and role != "tool":
            raise Bad("%s: tool calls %s not answered before a %s message" % (w, pending, role))
        if role == "system":
            need(i == 0 and isinstance(m.get("content"), str), w, "system must be first, string content")
        elif role == "user":
            need(isinstance(m.get("content"), str) and m["content"], w, "user content")
        elif role == "assistant":
            tcs = m.get("tool_calls")
            need(isinstance(m.get("content"), str) or tcs, w, "assistant needs content or tool_calls")
            for tc in tcs or []:
                need(set(tc) == {"id", "type", "function"} and tc["type"] == "function", w, "tool_call shape")
                need(tc["function"].get("name") in declared, w, "undeclared tool %r" % tc["function"].get("name"))
                need(isinstance(tc["function"].get("arguments"), str), w, "arguments must be a string")
                check_args(w, tc["function"]["arguments"])
                pending.append(tc["id"])
            need(len(set(pending)) == len(pending), w, "duplicate tool_call ids")
        else:
            need(m.get("tool_call_id") in pending, w, "tool message answers unknown id %r" % m.get("tool_call_id"))
            need(isinstance(m.get("content"), str), w, "tool content")
            pending.remove(m["tool_call_id"])
    need(not pending, where, "unanswered tool calls at the end")
    need(msgs[-1]["role"] in ("user", "tool"), where, "last message must be user or tool input")
    return msgs


def validate_responses(where, req, declared):
    need(set(req) <= {"model", "instructions", "input", "tools", "max_output_tokens"}, where,
         "unexpected keys %s" % sorted(req))
    need("previous_response_id" not in req, where, "previous_response_id not allowed")
    need(isinstance(req.get("model"), str) and req["model"], where, "model")
    items = req.get("input")
    need(isinstance(items, list) and items, where, "input")
    calls, answered = [], set()
    for i, it in enumerate(items):
        w = "%s item %d" % (where, i)
        if it.get("type") == "function_call":
            need(set(it) == {"type", "call_id", "name", "arguments"}, w, "function_call keys")
            need(it["name"] in declared, w, "undeclared tool %r" % it["name"])
            need(it["call_id"] not in calls, w, "duplicate call_id")
            check_args(w, it["arguments"])
            calls.append(it["call_id"])
        elif it.get("type") == "function_call_output":
            need(set(it) == {"type", "call_id", "output"}, w, "function_call_output keys")
            need(it["call_id"] in calls and it["call_id"] not in answered, w, "output without a prior call / twice")
            need(isinstance(it["output"], str), w, "output must be a string")
            answered.add(it["call_id"])
        else:
            need(set(it) == {"role", "content"} and it["role"] in ("user", "assistant", "system", "developer"), w,
                 "message item")
            need(isinstance(it["content"], str) and it["content"], w, "message content")
            need(set(calls) == answered, w, "message before all function calls were answered")
    need(set(calls) == answered, where, "unanswered function calls")
    last = items[-1]
    need(last.get("type") == "function_call_output" or last.get("role") == "user", where, "last item must be input")
    return items


def validate_anthropic(where, req, declared):
    need(set(req) <= {"model", "max_tokens", "system", "messages", "tools"}, where, "unexpected keys %s" % sorted(req))
    need(isinstance(req.get("model"), str) and req["model"], where, "model")
    need(isinstance(req.get("max_tokens"), int) and req["max_tokens"] > 0, where, "max_tokens")
    msgs = req.get("messages")
    need(isinstance(msgs, list) and msgs, where, "messages")
    need(msgs[0]["role"] == "user" and msgs[-1]["role"] == "user", where, "must start and end with user")
    pending = []
    for i, m in enumerate(msgs):
        w = "%s msg %d" % (where, i)
        need(set(m) == {"role", "content"}, w, "message keys")
        need(m["role"] == ("user" if i % 2 == 0 else "assistant"), w, "roles must alternate user/assistant")
        blocks = m["content"] if isinstance(m["content"], list) else [{"type": "text", "text": m["content"]}]
        need(blocks, w, "empty content")
        need(all(isinstance(b, dict) and "type" in b for b in blocks), w, "content blocks must be typed objects")
        if m["role"] == "user":
            n_res = 0
            for b in blocks:
                if b["type"] == "tool_result":
                    need(n_res == blocks.index(b), w, "tool_result blocks must come first")
                    need(b.get("tool_use_id") in pending, w, "tool_result for unknown id")
                    need(isinstance(b.get("content"), str), w, "tool_result content")
                    pending.remove(b["tool_use_id"])
                    n_res += 1
                else:
                    need(b["type"] == "text" and isinstance(b.get("text"), str) and b["text"], w, "user block")
            need(not pending, w, "tool_use not answered in the next user message")
        else:
            for b in blocks:
                if b["type"] == "tool_use":
                    need(set(b) == {"type", "id", "name", "input"}, w, "tool_use keys")
                    need(b["name"] in declared, w, "undeclared tool %r" % b["name"])
                    need(isinstance(b["input"], dict), w, "tool_use input must be an object")
                    pending.append(b["id"])
                else:
                    need(b["type"] == "text" and b.get("text"), w, "assistant block")
    return msgs


def declared_tools(shape, req):
    ts = req.get("tools") or []
    if shape == "chat":
        for t in ts:
            need(t.get("type") == "function" and "name" in t["function"], "tools", "chat tool shape")
        return {t["function"]["name"] for t in ts}
    if shape == "responses":
        for t in ts:
            need(t.get("type") == "function" and "name" in t and "parameters" in t, "tools", "responses tool shape")
        return {t["name"] for t in ts}
    for t in ts:
        need("name" in t and "input_schema" in t, "tools", "anthropic tool shape")
    return {t["name"] for t in ts}


def validate_session(d, fname):
    w = fname
    need(set(d) == {"name", "style", "shape", "path", "headers", "expected", "notes", "turns"}, w, "top-level keys")
    need(fname == d["name"] + ".json", w, "name must equal file stem")
    need(d["style"] in STYLES and d["shape"] in SHAPES and d["path"] == PATHS[d["shape"]], w, "style/shape/path")
    need(d["name"].startswith("%s_%s_" % (d["style"], d["expected"]["outcome"])) and d["name"].endswith("_" + d["shape"]),
         w, "name pattern")
    need(set(d["headers"]) == {"x-session-id", "x-user-id"} and all(d["headers"].values()), w, "headers")
    need(isinstance(d["notes"], str) and d["notes"], w, "notes")
    turns = d["turns"]
    n = len(turns)
    need(8 <= n <= 30, w, "8-30 turns, got %d" % n)
    e = d["expected"]
    if e["outcome"] == "runaway":
        need(set(e) == {"outcome", "loop_begins_turn", "stop_by_turn"}, w, "expected keys")
        B, D = e["loop_begins_turn"], e["stop_by_turn"]
        need(isinstance(B, int) and isinstance(D, int) and 1 <= B <= D < n, w, "B/D bounds")
        need(n >= D + 2, w, "runaway must continue at least two turns past D")
    else:
        need(e == {"outcome": "healthy"}, w, "expected")
    prev_t, prev_req, prev_seq = None, None, None
    key = {"chat": "messages", "responses": "input", "anthropic": "messages"}[d["shape"]]
    for i, t in enumerate(turns):
        wt = "%s turn %d" % (w, i + 1)
        need(set(t) == {"at_seconds", "request"}, wt, "turn keys")
        need(isinstance(t["at_seconds"], int) and t["at_seconds"] >= 0, wt, "at_seconds")
        need(prev_t is None or t["at_seconds"] > prev_t, wt, "at_seconds must strictly increase")
        req = t["request"]
        declared = declared_tools(d["shape"], req)
        seq = {"chat": validate_chat, "responses": validate_responses, "anthropic": validate_anthropic}[d["shape"]](
            wt, req, declared)
        if prev_req is not None:
            need({k: v for k, v in req.items() if k != key} == {k: v for k, v in prev_req.items() if k != key}, wt,
                 "non-history fields changed between turns")
            if d["name"] in STATELESS:
                need(len(seq) == len(prev_seq) and seq != prev_seq, wt, "stateless client: one new question per turn")
            else:
                need(len(seq) > len(prev_seq) and seq[:len(prev_seq)] == prev_seq, wt, "history must grow by prefix")
                nxt = seq[len(prev_seq)]
                need(nxt.get("role") == "assistant" or nxt.get("type") == "function_call", wt,
                     "the assistant's reply must follow the previous request")
        prev_t, prev_req, prev_seq = t["at_seconds"], req, seq
    if d["name"] in STATELESS:
        need(e["outcome"] == "healthy" or True, w, "")
        non_sys = [m for m in turns[0]["request"][key] if m.get("role") != "system"]
        need(len(non_sys) == 1, w, "stateless client sends one user message per request")


def validate_corpus(sessions):
    need(len(sessions) == 32, "corpus", "32 sessions")
    need(len(STATELESS) <= 1, "corpus", "at most one stateless client")
    names = [d["name"] for d in sessions]
    need(len(set(names)) == 32, "corpus", "unique names")
    sids = [d["headers"]["x-session-id"] for d in sessions]
    need(len(set(sids)) == 32, "corpus", "unique x-session-id")
    for i, d in enumerate(sessions):
        need(d["shape"] == SHAPES[i % 3], d["name"], "shapes must be assigned round-robin in writing order")
    for st in STYLES:
        outs = sorted(d["expected"]["outcome"] for d in sessions if d["style"] == st)
        need(outs == ["healthy", "healthy", "runaway", "runaway"], st, "2 runaway + 2 healthy per style")
    counts = {sh: sum(1 for d in sessions if d["shape"] == sh) for sh in SHAPES}
    need(counts == {"chat": 11, "responses": 11, "anthropic": 10}, "corpus", "shape counts %s" % counts)
    toolless = sum(1 for d in sessions if not d["turns"][0]["request"].get("tools"))
    need(toolless >= 6, "corpus", "at least 6 tool-less sessions")


def readme(sessions, objs):
    by = {}
    for s in objs:
        by.setdefault(s.style, []).append(s)
    rows = []
    for st in STYLES:
        rk = "; ".join("%s (B %d, D %d)" % (s.kind, s.B, s.D) for s in by[st] if s.outcome == "runaway")
        hk = "; ".join(s.kind for s in by[st] if s.outcome == "healthy")
        rows.append("| `%s` | %s | %s |" % (st, rk, hk))
    per = []
    for sh in SHAPES:
        r = sum(1 for d in sessions if d["shape"] == sh and d["expected"]["outcome"] == "runaway")
        h = sum(1 for d in sessions if d["shape"] == sh and d["expected"]["outcome"] == "healthy")
        per.append("| %s (`%s`) | %d | %d | %d |" % (sh, PATHS[sh], r, h, r + h))
    toolless = [d["name"] for d in sessions if not d["turns"][0]["request"].get("tools")]
    stateless = sorted(STATELESS)
    return """# corpus_af: a blind, held-out agent-session corpus (author: writer-af)

32 agent sessions written by `scripts/gen_corpus_af.py` (Python 3 stdlib only; no clock, no randomness, no
network: every session is scripted by hand in the generator, ids and hashes are derived with SHA-256 from the
session name). Do not hand-edit; change the generator.

    python3 scripts/gen_corpus_af.py           # (re)write tests/fixtures/corpus_af/
    python3 scripts/gen_corpus_af.py --check   # regenerate in memory, validate every request, diff with disk

`--check` exits non-zero on any difference from the files on disk or any rule violation: required fields per
shape, every tool call's function declared in `tools`, every call id answered exactly once (Chat `tool`
messages, Responses `function_call_output` items, Anthropic `tool_result` blocks first in the next user
message), Anthropic user/assistant alternation starting and ending with user, history growing by prefix with
the assistant's reply first, unchanged non-history fields, strictly increasing `at_seconds`, 8-30 turns,
`1 <= B <= D` with at least two turns after `D`, round-robin shapes, 2 runaway + 2 healthy per style.

**Independence.** The author read only `tests/fixtures/corpus/README.md` (format and scoring rule) and one
tuning file, `tests/fixtures/corpus/tuning/batch_runaway_responses.json` (JSON shape). No detector source,
Rust test, project README, docs, other generator or other corpus was read, and no project binary, cargo or
test was run. (A directory listing of `tests/fixtures/` and `scripts/` showed other corpora's and generators'
names; none of them was opened.) The styles, agents, failure kinds and the turn numbers `B`/`D` are the
author's own judgement of what a sensible operator would do.

## The split: everything is held out

`heldout/` holds all 32 sessions; `tuning/` is empty (`.gitkeep`). This is a fresh held-out set: it is to be
scored once, blind, and never tuned on. A runaway scores *on time* when first stopped at a turn in `B..=D`,
*early* before `B`, *late* after `D` (or never); a healthy session must never be stopped.

## Format

As `tests/fixtures/corpus/README.md`: each file has `name` (= file stem,
`<style>_<runaway|healthy>_<n>_<shape>`), `style`, `shape`, `path`, `headers` (`x-session-id` unique per
session, `x-user-id`), `expected` (`{{"outcome": "healthy"}}` or `{{"outcome": "runaway", "loop_begins_turn": B,
"stop_by_turn": D}}`), `notes` (one or two sentences on what happens and why B/D) and `turns` (each
`{{"at_seconds", "request"}}`, turns numbered from 1). Each request carries the full history: turn N+1 = turn N's
request + the assistant's reply + the new user/tool input. Shapes were assigned round-robin in writing order:
OpenAI Chat (`/v1/chat/completions`), OpenAI Responses (`/v1/responses`, full `input` resent, `instructions`
for the system prompt, no `previous_response_id`), Anthropic Messages (`/v1/messages`).

The one stateless client: {stateless} — a review bot that sends the same long ADR plus a new question in a
single user message each turn (no history); it is healthy.

Gaps are realistic for the actor: seconds for agents and tool calls, tens of seconds for a child or a board
operator, minutes for engineers and shift leads, scheduler intervals (60 s, 45 s, 5 min) for pollers.

## Styles

| style | runaway kinds (B, D) | healthy kinds |
|---|---|---|
{rows}

## Counts

| shape | runaway | healthy | total |
|---|---|---|---|
{per}
| all | {nr} | {nh} | {nt} |

Tool-less sessions (no `tools` declared): {ntl} — {tl}.
""".format(stateless=", ".join("`%s`" % x for x in stateless), rows="\n".join(rows), per="\n".join(per),
           nr=sum(1 for d in sessions if d["expected"]["outcome"] == "runaway"),
           nh=sum(1 for d in sessions if d["expected"]["outcome"] == "healthy"), nt=len(sessions),
           ntl=len(toolless), tl=", ".join("`%s`" % x for x in toolless))


def generate():
    del ALL[:]
    STATELESS.clear()
    objs = [b() for b in BUILDERS]
    for s in objs:
        if s.outcome == "runaway":
            assert s.B is not None and s.D is not None, s.name
    sessions = [s.render() for s in objs]
    files = {}
    for d in sessions:
        files["heldout/%s.json" % d["name"]] = (json.dumps(d, ensure_ascii=False, sort_keys=True,
                                                           separators=(",", ":")) + "\n").encode("utf-8")
    files["tuning/.gitkeep"] = b""
    files["README.md"] = readme(sessions, objs).encode("utf-8")
    return sessions, files


def main(argv):
    check = "--check" in argv[1:]
    sessions, files = generate()
    errors = []
    try:
        for d in sessions:
            validate_session(json.loads(files["heldout/%s.json" % d["name"]]), d["name"] + ".json")
        validate_corpus(sessions)
    except Bad as e:
        errors.append("invalid: %s" % e)
    except (KeyError, TypeError, AttributeError, ValueError, IndexError) as e:
        errors.append("invalid (malformed structure): %r" % (e,))
    if not check:
        if errors:
            print("\n".join(errors), file=sys.stderr)
            return 1
        for rel, data in files.items():
            p = os.path.join(OUT, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "wb") as f:
                f.write(data)
        print("wrote %d files under %s" % (len(files), os.path.relpath(OUT, ROOT)))
        return 0
    on_disk = set()
    for dp, _dn, fns in os.walk(OUT):
        for fn in fns:
            on_disk.add(os.path.relpath(os.path.join(dp, fn), OUT).replace(os.sep, "/"))
    for rel in sorted(on_disk | set(files)):
        if rel not in files:
            errors.append("extra file on disk: %s" % rel)
        elif rel not in on_disk:
            errors.append("missing on disk: %s" % rel)
        else:
            with open(os.path.join(OUT, rel), "rb") as f:
                if f.read() != files[rel]:
                    errors.append("differs from generator: %s" % rel)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    print("ok: %d sessions valid and identical to disk" % len(sessions))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
