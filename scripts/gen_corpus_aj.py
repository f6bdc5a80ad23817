#!/usr/bin/env python3
"""Writes tests/fixtures/corpus_aj: a blind, held-out corpus of 32 agent sessions (author: writer-aj).

    python3 scripts/gen_corpus_aj.py           # write the files
    python3 scripts/gen_corpus_aj.py --check   # regenerate in memory, validate, compare with disk

Stdlib only, deterministic: no clock, no randomness, no network. Every variation in the text
(reworded replies, ticking timestamps, fresh ids) is written out by hand or derived from the
turn index / a hash of the session name.
"""
import hashlib
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "corpus_aj")
SHAPES = ["chat", "responses", "anthropic"]
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
STYLES = [
    "airline_crew_pairing",
    "terraform_drift_remediator",
    "food_bank_logistics",
    "bedtime_story_cowriter",
    "pharmacovigilance_case_intake",
    "esports_tournament_admin",
    "job_interview_roleplay",
    "solar_farm_scada_watch",
]
MODELS = {
    "chat": ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini"],
    "responses": ["gpt-4.1", "o4-mini", "gpt-4.1-mini", "gpt-4o"],
    "anthropic": ["claude-sonnet-4-20250514", "claude-3-5-haiku-20241022", "claude-3-7-sonnet-20250219"],
}


def h(*parts, n=24):
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:n]


def js(obj):
    """Compact-ish JSON text used for tool outputs."""
    return json.dumps(obj, ensure_ascii=False)


def tool(name, desc, props, required=None):
    """A neutral tool declaration. props: name -> JSON schema (or a type name)."""
    schema_props = {}
    for k, v in props.items():
        schema_props[k] = {"type": v} if isinstance(v, str) else v
    req = list(props) if required is None else required
    return {"name": name, "description": desc,
            "parameters": {"type": "object", "properties": schema_props, "required": req}}


class Sess:
    """A neutral session: events are ('user', text) | ('assistant', text, calls) | ('tools', results)."""

    def __init__(self, style, outcome, system, tools=(), user="", notes="", kind="", B=None, D=None,
                 max_tokens=1024, model_idx=0, stateless=False):
        self.style, self.outcome, self.system = style, outcome, system
        self.tools = list(tools)
        self.user, self.notes, self.kind = user, notes, kind
        self.B, self.D = B, D
        self.max_tokens, self.model_idx, self.stateless = max_tokens, model_idx, stateless
        self.events, self.turn_len, self.times = [], [], []
        self.calls = 0
        self.docs = []  # stateless client: one full user text per turn

    # --- building -------------------------------------------------------------------------
    def start(self, text, t=0):
        assert not self.events
        self.events.append(("user", text))
        self.turn_len.append(1)
        self.times.append(t)
        return self

    def step(self, gap, say=None, calls=(), results=None, reply=None):
        """Append the assistant's reply to the last turn and the next input; makes one new turn."""
        assert gap > 0
        cl = []
        for name, args in calls:
            self.calls += 1
            cl.append((self.calls, name, args))
        self.events.append(("assistant", say, cl))
        if cl:
            assert reply is None and results is not None and len(results) == len(cl), (self.style, say)
            self.events.append(("tools", [(c[0], r) for c, r in zip(cl, results)]))
        else:
            assert say and reply is not None and results is None
            self.events.append(("user", reply))
        self.turn_len.append(len(self.events))
        self.times.append(self.times[-1] + gap)
        return self

    def ask(self, gap, text):
        """Stateless client: one self-contained request per turn."""
        self.docs.append(text)
        self.times.append(gap if not self.times else self.times[-1] + gap)
        return self

    def n_turns(self):
        return len(self.docs) if self.stateless else len(self.turn_len)

    # --- rendering ------------------------------------------------------------------------
    def call_id(self, shape, n):
        if shape == "anthropic":
            return "toolu_01" + h(self.name, n, n=22)
        if shape == "responses":
            return "call_" + h(self.name, "fc", n, n=24)
        return "call_" + h(self.name, "cc", n, n=24)

    def render_tools(self, shape):
        out = []
        for t in self.tools:
            if shape == "chat":
                out.append({"type": "function", "function": {"name": t["name"], "description": t["description"],
                                                             "parameters": t["parameters"]}})
            elif shape == "responses":
                out.append({"type": "function", "name": t["name"], "description": t["description"],
                            "parameters": t["parameters"]})
            else:
                out.append({"name": t["name"], "description": t["description"], "input_schema": t["parameters"]})
        return out

    def request(self, shape, turn):
        model = MODELS[shape][self.model_idx % len(MODELS[shape])]
        if self.stateless:
            text = self.docs[turn]
            if shape == "chat":
                msgs = ([{"role": "system", "content": self.system}] if self.system else []) + [
                    {"role": "user", "content": text}]
                return {"model": model, "messages": msgs, "max_tokens": self.max_tokens}
            if shape == "responses":
                req = {"model": model}
                if self.system:
                    req["instructions"] = self.system
                req["input"] = [{"role": "user", "content": text}]
                req["max_output_tokens"] = self.max_tokens
                return req
            req = {"model": model, "max_tokens": self.max_tokens}
            if self.system:
                req["system"] = self.system
            req["messages"] = [{"role": "user", "content": text}]
            return req
        evs = self.events[: self.turn_len[turn]]
        if shape == "chat":
            msgs = [{"role": "system", "content": self.system}] if self.system else []
            for e in evs:
                if e[0] == "user":
                    msgs.append({"role": "user", "content": e[1]})
                elif e[0] == "assistant":
                    m = {"role": "assistant", "content": e[1]}
                    if e[2]:
                        m["tool_calls"] = [{"id": self.call_id(shape, n), "type": "function",
                                            "function": {"name": name, "arguments": json.dumps(args)}}
                                           for n, name, args in e[2]]
                    msgs.append(m)
                else:
                    for n, out in e[1]:
                        msgs.append({"role": "tool", "tool_call_id": self.call_id(shape, n), "content": out})
            req = {"model": model, "messages": msgs}
            if self.tools:
                req["tools"] = self.render_tools(shape)
            req["max_tokens"] = self.max_tokens
            return req
        if shape == "responses":
            items = []
            for e in evs:
                if e[0] == "user":
                    items.append({"role": "user", "content": e[1]})
                elif e[0] == "assistant":
                    if e[1]:
                        items.append({"role": "assistant", "content": e[1]})
                    for n, name, args in e[2]:
                        items.append({"type": "function_call", "call_id": self.call_id(shape, n), "name": name,
                                      "arguments": json.dumps(args)})
                else:
                    for n, out in e[1]:
                        items.append({"type": "function_call_output", "call_id": self.call_id(shape, n),
                                      "output": out})
            req = {"model": model}
            if self.system:
                req["instructions"] = self.system
            req["input"] = items
            if self.tools:
                req["tools"] = self.render_tools(shape)
            req["max_output_tokens"] = self.max_tokens
            return req
        msgs = []
        for e in evs:
            if e[0] == "user":
                msgs.append({"role": "user", "content": e[1]})
            elif e[0] == "assistant":
                if e[2]:
                    blocks = [{"type": "text", "text": e[1]}] if e[1] else []
                    blocks += [{"type": "tool_use", "id": self.call_id(shape, n), "name": name, "input": args}
                               for n, name, args in e[2]]
                    msgs.append({"role": "assistant", "content": blocks})
                else:
                    msgs.append({"role": "assistant", "content": e[1]})
            else:
                msgs.append({"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": self.call_id(shape, n), "content": out}
                    for n, out in e[1]]})
        req = {"model": model, "max_tokens": self.max_tokens}
        if self.system:
            req["system"] = self.system
        req["messages"] = msgs
        if self.tools:
            req["tools"] = self.render_tools(shape)
        return req

    def to_json(self, shape):
        exp = {"outcome": self.outcome}
        if self.outcome == "runaway":
            exp = {"outcome": "runaway", "loop_begins_turn": self.B, "stop_by_turn": self.D}
        return {
            "name": self.name,
            "style": self.style,
            "shape": shape,
            "path": PATHS[shape],
            "headers": {"x-session-id": "aj-" + h(self.name, "session", n=16), "x-user-id": self.user},
            "expected": exp,
            "notes": self.notes,
            "turns": [{"at_seconds": self.times[i], "request": self.request(shape, i)}
                      for i in range(self.n_turns())],
        }


SESSIONS = []  # builder functions in writing order


def session(fn):
    SESSIONS.append(fn)
    return fn


def clock(h0, m0, s0, plus):
    """hh:mm:ss after adding plus seconds to h0:m0:s0 (no date roll-over needed here)."""
    t = h0 * 3600 + m0 * 60 + s0 + int(plus)
    return "%02d:%02d:%02d" % (t // 3600 % 24, t // 60 % 60, t % 60)


# =====================================================================================
# airline_crew_pairing
# =====================================================================================
AIR_GET = tool("get_pairing", "Fetch a crew pairing (trip) with its duty days, legs and layovers.",
               {"pairing_id": "string", "version": "string"})
AIR_MOD = tool("modify_pairing", "Apply a change to a draft pairing; returns the new draft version.",
               {"pairing_id": "string", "base_version": "integer", "changes": {"type": "array", "items": {"type": "object"}},
                "reason": "string"})
AIR_CHECK = tool("check_legality", "Run the FAR 117 + contract legality checker against a pairing version.",
                 {"pairing_id": "string", "version": "integer", "rule_set": "string"})
AIR_PUB = tool("publish_pairing", "Publish a legal pairing into the bid package.", {"pairing_id": "string", "version": "integer"})


@session
def airline_runaway_alternating():
    s = Sess("airline_crew_pairing", "runaway",
             "You are PairingDesk, the pairing-repair assistant for Lakeshore Air Crew Planning. Inspect flagged "
             "pairings, propose minimal modifications, and run check_legality (rule_set FAR117+LKA-ALPA-2023) before "
             "publishing. Never publish a pairing the checker marks ILLEGAL. Explain each change in one or two lines.",
             [AIR_GET, AIR_MOD, AIR_CHECK, AIR_PUB], user="planner-dkowalczyk",
             kind="two different wrong fixes alternated, legality check fails identically every time",
             B=5, D=11, max_tokens=900, model_idx=0,
             notes="The agent alternates between two fixes that never touch Day 1 (later Day-2 report, deadheading a leg); "
                   "every check returns the same 0:42 FDP exceedance. Loop visible at the first re-check (turn 5); by "
                   "turn 11 both ideas have each failed twice.")
    s.start("P-4471 (ORD 737 FO, Oct bid, ops date 10/14) came back red from last night's legality sweep. Fix it and "
            "publish when it's clean, I need it in the bid package before 14:00 CT. -Dana")
    pairing = js({
        "pairing_id": "P-4471", "version": 1, "base": "ORD", "fleet": "737", "seat": "FO", "days": 3,
        "duty_days": [
            {"day": 1, "report": "05:00", "release": "18:42", "fdp": "13:42", "legs": [
                "LK 402 ORD-LGA 05:45-09:02", "LK 417 LGA-ORD 09:50-11:31", "LK 1190 ORD-MSP 13:15-14:38",
                "LK 1187 MSP-DCA 15:40-18:27"], "layover": "DCA Hyatt Crystal City, rest 11:28"},
            {"day": 2, "report": "06:10", "release": "15:55", "fdp": "9:45", "legs": [
                "LK 214 DCA-ORD 06:55-08:14", "LK 611 ORD-AUS 10:05-12:41", "LK 618 AUS-ORD 13:30-15:40"],
             "layover": "none (ORD turn), hotel AUS not used"},
            {"day": 3, "report": "07:20", "release": "12:02", "fdp": "4:42", "legs": [
                "LK 733 ORD-CLE 08:05-10:12", "LK 736 CLE-ORD 10:50-11:47"]}],
        "credit": "17:51", "tafb": "55:02", "flags": ["LEGALITY_SWEEP_RED"]})
    fail = lambda v, t: js({
        "pairing_id": "P-4471", "version": v, "rule_set": "FAR117+LKA-ALPA-2023", "result": "ILLEGAL",
        "violations": [{"rule": "117.13 Table B", "duty_day": 1,
                        "detail": "FDP 13:42 exceeds max 13:00 (acclimated, report 05:00-05:59, 4 segments) by 0:42",
                        "segments_counted": ["LK 402", "LK 417", "LK 1190", "LK 1187"]}],
        "warnings": [], "checked_at": "2024-10-02T%sZ" % t})
    s.step(3, "Pulling the pairing.", [("get_pairing", {"pairing_id": "P-4471", "version": "current"})], [pairing])
    s.step(4, "Running the checker on v1 to see exactly what the sweep flagged.",
           [("check_legality", {"pairing_id": "P-4471", "version": 1, "rule_set": "FAR117+LKA-ALPA-2023"})],
           [fail(1, "16:04:11")])
    fix_a = [
        ("The DCA layover is the tight spot. Moving Day 2 off LK 214 onto LK 220 (07:35) gives the crew more rest "
         "before the long day, which should clear it.", "LK 220 DCA-ORD 07:35-08:56"),
        ("Deadheading didn't move the number. Reverting that and going back to the rest angle, but further: Day 2 on "
         "LK 226 (08:20) so the layover is over 13 hours.", "LK 226 DCA-ORD 08:20-09:41"),
        ("OK, the deadhead still counts. Reverting to a layover fix; LK 220 at 07:35 again, and I'll let the checker "
         "re-evaluate with the DCA hotel change included.", "LK 220 DCA-ORD 07:35-08:56"),
    ]
    fix_b = [
        ("Still 13:42. The ORD-MSP leg is the one that pushes Day 1 long; converting LK 1190 to a deadhead should "
         "take it out of the operating count. Reverting the Day 2 change.", "LK 1190"),
        ("Same exceedance. Let me try the deadhead on the partner flight instead (OO 5523 ORD-MSP 13:05), which "
         "shifts the sit at ORD. Reverting the later Day 2 report.", "OO 5523"),
        ("Layover change doesn't help either. Deadhead once more, on LK 1190, with the Day 2 report back at 06:10.",
         "LK 1190"),
    ]
    t = 30
    v = 1
    for i in range(3):
        say, leg = fix_a[i]
        v += 1
        s.step(7 + i, say, [("modify_pairing", {"pairing_id": "P-4471", "base_version": v - 1, "changes": [
            {"op": "replace_leg", "duty_day": 2, "old": "LK 214", "new": leg.split(" DCA")[0]},
            {"op": "set_layover_hotel", "duty_day": 1, "hotel": "Hyatt Crystal City"}],
            "reason": "extend DCA rest before day 2"})],
            [js({"ok": True, "pairing_id": "P-4471", "version": v, "diff": ["day 2: LK 214 -> %s" % leg,
                                                                             "day 1 layover rest 11:28 -> %s" % ["12:53", "13:38", "12:53"][i]]})])
        t += 40
        s.step(4, ["Re-checking v%d." % v, "Checking v%d." % v, "Running the checker on v%d." % v][i],
               [("check_legality", {"pairing_id": "P-4471", "version": v, "rule_set": "FAR117+LKA-ALPA-2023"})],
               [fail(v, clock(16, 4, 11, t))])
        say, leg = fix_b[i]
        v += 1
        s.step(8 + i, say, [("modify_pairing", {"pairing_id": "P-4471", "base_version": v - 1, "changes": [
            {"op": "revert", "to_version": 1, "scope": "duty_day_2"},
            {"op": "deadhead_leg", "duty_day": 1, "flight": leg}], "reason": "reduce operating segments on day 1"})],
            [js({"ok": True, "pairing_id": "P-4471", "version": v, "diff": [
                "day 2 restored to LK 214 06:55", "day 1: %s ORD-MSP marked DH" % leg]})])
        t += 40
        s.step(4, ["Checking v%d." % v, "Re-running legality on v%d." % v, "Checking v%d again." % v][i],
               [("check_legality", {"pairing_id": "P-4471", "version": v, "rule_set": "FAR117+LKA-ALPA-2023"})],
               [fail(v, clock(16, 4, 11, t))])
    return s


AIR_LIST = tool("list_open_trips", "List open (unassigned) trips for a base/fleet/month. Paginated: pass next_cursor back "
                "as cursor until it is null.", {"base": "string", "fleet": "string", "month": "string", "cursor": "string"},
                required=["base", "fleet", "month"])
AIR_COVER = tool("draft_reserve_plan", "Save a draft reserve coverage plan.", {"month": "string", "plan": "object"})


def _den_trips(offset, count):
    rows = []
    for k in range(offset, offset + count):
        day = 1 + (k * 7) % 30
        length = 1 + (k * 5) % 4
        credit = 5 + (k * 13) % 17 + length * 4
        rows.append("T-%d DEN %02d-Nov %dday credit %d:%02d rpt %02d:%02d" % (
            2310 + k * 3, day, length, credit, (k * 17) % 60, 5 + (k * 3) % 14, (k * 25) % 60))
    return rows


@session
def airline_runaway_pagination():
    s = Sess("airline_crew_pairing", "runaway",
             "You are ReserveCover, an agent for Lakeshore Air crew scheduling. Collect every open trip for the "
             "requested base, fleet and month with list_open_trips (keep paging with next_cursor until it is null), "
             "then draft a reserve-day coverage plan with draft_reserve_plan.",
             [AIR_LIST, AIR_COVER], user="sched-ops-den",
             kind="pagination cursor wraps back to page 1; agent keeps paging and counting past the total",
             B=5, D=8, max_tokens=700, model_idx=0,
             notes="The trips API returns a cursor for offset 0 on the last page, so the agent walks pages 1-2-3 again "
                   "and again (period 3) while its running count passes the reported total of 68. B is the first "
                   "repeat of page 1 (turn 5); D after the second lap starts (turn 8).")
    s.start("Build the November reserve coverage proposal for DEN A320 captains. Open time closes Friday so I want "
            "the draft today.")
    cursors = [None, "eyJvZmZzZXQiOjI1fQ==", "eyJvZmZzZXQiOjUwfQ==", "eyJvZmZzZXQiOjB9"]
    pages = [(0, 25), (25, 25), (50, 18)]
    says = [
        "Starting with the first page of open trips.",
        "25 of 68 so far; next page.",
        "50 collected; fetching the rest.",
        "That page still has a next_cursor, so there is more. 68 collected; continuing.",
        "93 trips collected. Continuing to the next page.",
        "118 so far; next page.",
        "136 collected; the API still returns a cursor, continuing until it is null.",
        "161 trips; continuing.",
        "186 collected; next page.",
        "204 so far, cursor still present; continuing.",
        "229 collected; fetching next.",
    ]
    t = 0
    for i in range(11):
        p = i % 3
        off, cnt = pages[p]
        out = {"base": "DEN", "fleet": "A320", "seat": "CA", "month": "2024-11", "total_count": 68, "offset": off,
               "count": cnt, "trips": _den_trips(off, cnt), "next_cursor": cursors[p + 1],
               "generated_at": "2024-10-23T18:%02d:%02dZ" % (2 + (i * 9) // 60, (i * 9 + 14) % 60)}
        args = {"base": "DEN", "fleet": "A320", "month": "2024-11"}
        if i > 0:
            args["cursor"] = cursors[(i - 1) % 3 + 1]
        s.step([4, 6, 5, 7, 5, 6, 5, 8, 6, 5, 6][i], says[i], [("list_open_trips", args)], [js(out)])
    return s


AIR_UNCOV = tool("list_uncovered_trips", "Trips for a date/base with no crew assigned, plus the available reserve pool.",
                 {"date": "string", "base": "string", "seat": "string"})
AIR_LEGAL = tool("check_crew_legality", "Would assigning this crew member to this trip be legal (FAR 117, contract, "
                 "qualifications)?", {"crew_id": "string", "trip_id": "string"})
AIR_ASSIGN = tool("assign_trip", "Assign a reserve crew member to a trip and notify them.",
                  {"crew_id": "string", "trip_id": "string", "note": "string"}, required=["crew_id", "trip_id"])


@session
def airline_healthy_reserve_assignments():
    s = Sess("airline_crew_pairing", "healthy",
             "You are the IROP recovery assistant for Lakeshore Air crew tracking. Cover open trips from the reserve "
             "pool: always check legality before assigning, prefer the reserve with the least credit this month, and "
             "never assign an illegal pairing.",
             [AIR_UNCOV, AIR_LEGAL, AIR_ASSIGN], user="crewtrack-ord-nights",
             notes="After a thunderstorm ground stop, the agent covers 7 open trips one by one with check-then-assign "
                   "calls that look alike but each move to a new trip; one reserve is illegal and the next is used.",
             max_tokens=800, model_idx=0)
    s.start("ORD ground stop cancelled a bunch of crew connections. Cover tomorrow's (10/09) open FO trips from "
            "reserve please, in report-time order.")
    trips = [("T-5510", "05:15", "3-day"), ("T-5522", "05:50", "2-day"), ("T-5531", "06:30", "1-day"),
             ("T-5547", "07:05", "4-day"), ("T-5560", "08:40", "2-day"), ("T-5568", "11:25", "3-day"),
             ("T-5583", "14:10", "1-day")]
    pool = [("R-1043", "Okafor", "31:10"), ("R-0977", "Lindqvist", "38:45"), ("R-1120", "Haddad", "40:02"),
            ("R-0854", "Brennan", "44:30"), ("R-1201", "Tanaka", "46:15"), ("R-0912", "Alvarez", "52:40"),
            ("R-1077", "Moreau", "55:05"), ("R-1150", "Singh", "58:20")]
    s.step(3, "Listing what's uncovered for 10/09.", [("list_uncovered_trips", {"date": "2024-10-09", "base": "ORD", "seat": "FO"})],
           [js({"date": "2024-10-09", "open": [{"trip_id": a, "report": b, "length": c} for a, b, c in trips],
                "reserves": [{"crew_id": a, "name": b, "month_credit": c} for a, b, c in pool]})])
    order = ["R-1043", "R-0977", "R-1120", "R-0854", "R-1201", "R-0912", "R-1077"]
    t = 0
    for i, (trip, rpt, ln) in enumerate(trips):
        crew = order[i]
        if trip == "T-5547":
            s.step(4, "T-5547 (4-day, report 07:05): checking %s." % crew,
                   [("check_crew_legality", {"crew_id": crew, "trip_id": trip})],
                   [js({"legal": False, "crew_id": crew, "trip_id": trip,
                        "reasons": ["117.25(e): 10h rest before report not met; last release 10/08 22:31, report 07:05 = 8:34"]})])
            crew = "R-1150"
            s.step(5, "Brennan is short on rest. Next lowest credit not already used is Moreau, but she's held for "
                      "T-5583's equipment qual; trying Singh (R-1150) on T-5547.",
                   [("check_crew_legality", {"crew_id": crew, "trip_id": trip})],
                   [js({"legal": True, "crew_id": crew, "trip_id": trip, "fdp_margin": "1:48", "rest_before": "14:05"})])
        else:
            s.step(4 + i % 3, "%s (%s, report %s): checking %s." % (trip, ln, rpt, crew),
                   [("check_crew_legality", {"crew_id": crew, "trip_id": trip})],
                   [js({"legal": True, "crew_id": crew, "trip_id": trip, "fdp_margin": "%d:%02d" % (1 + i % 3, (i * 19) % 60),
                        "rest_before": "%d:%02d" % (12 + i, (i * 7) % 60)})])
        s.step(3, "Legal. Assigning.", [("assign_trip", {"crew_id": crew, "trip_id": trip,
                                                         "note": "IROP recovery 10/08 ORD ground stop"})],
               [js({"ok": True, "trip_id": trip, "crew_id": crew, "notified_via": "crew app + SMS",
                    "ack_due": "2024-10-09T%s" % ["02:15", "02:50", "03:30", "04:05", "05:40", "08:25", "11:10"][i]})])
    return s


AIR_OPT = tool("start_pairing_optimization", "Start a pairing optimizer run for a bid period.",
               {"bid_period": "string", "fleet": "string", "base": "string", "time_limit_min": "integer"})
AIR_STATUS = tool("get_run_status", "Status of an optimizer run.", {"run_id": "string"})
AIR_SUMMARY = tool("get_run_summary", "Summary KPIs of a finished optimizer run.", {"run_id": "string"})


@session
def airline_healthy_solver_poll():
    s = Sess("airline_crew_pairing", "healthy",
             "You are the pairing optimization assistant for Lakeshore Air. Start optimizer runs on request, poll "
             "them every couple of minutes with get_run_status, and summarize the finished run for the planner.",
             [AIR_OPT, AIR_STATUS, AIR_SUMMARY], user="planner-mreyes",
             notes="A long optimizer run is polled about every two minutes; every status is new (iterations climb, "
                   "cost and gap fall) and the run completes, then the summary is fetched.",
             max_tokens=600, model_idx=1)
    s.start("Kick off the November SFO 787 pairing optimization, 30 minute limit, and tell me how it lands.")
    s.step(3, "Starting the run.", [("start_pairing_optimization", {"bid_period": "2024-11", "fleet": "787", "base": "SFO",
                                                                   "time_limit_min": 30})],
           [js({"run_id": "OPT-88213", "status": "QUEUED", "queue_position": 1})])
    stats = [("RUNNING", "column_generation", 1180, None, None),
             ("RUNNING", "column_generation", 4620, "4,912,330", "6.8%"),
             ("RUNNING", "column_generation", 9310, "4,771,905", "3.9%"),
             ("RUNNING", "branch_and_price", 12044, "4,702,118", "2.2%"),
             ("RUNNING", "branch_and_price", 15870, "4,688,240", "1.4%"),
             ("RUNNING", "branch_and_price", 19233, "4,681,772", "0.9%"),
             ("RUNNING", "polishing", 21760, "4,680,015", "0.6%"),
             ("COMPLETED", "done", 22410, "4,679,880", "0.5%")]
    notes = ["Queued; checking again shortly.", "Column generation underway, no incumbent yet.",
             "First incumbent at 4.91M, gap 6.8%.", "Gap down to 3.9%.", "Branch-and-price started, 2.2% gap.",
             "1.4% now.", "Under 1%.", "Polishing phase."]
    for i, (st, ph, it, cost, gap) in enumerate(stats):
        out = {"run_id": "OPT-88213", "status": st, "phase": ph, "iterations": it, "elapsed_min": 2 + i * 3.5}
        if cost:
            out["best_cost_usd"] = cost
            out["optimality_gap"] = gap
        s.step([95, 130, 120, 125, 140, 118, 122, 135][i], notes[i], [("get_run_status", {"run_id": "OPT-88213"})],
               [js(out)])
    s.step(3, "Done at 0.5% gap. Pulling the summary.", [("get_run_summary", {"run_id": "OPT-88213"})],
           [js({"run_id": "OPT-88213", "pairings": 412, "avg_credit_per_duty": "5:48", "deadheads": 37,
                "hotel_nights": 611, "vs_october": {"cost": "-2.1%", "deadheads": "-9"},
                "unresolved": ["2 pairings exceed soft TAFB target (P-7712, P-7730)"]})])
    return s


# =====================================================================================
# terraform_drift_remediator
# =====================================================================================
TF_RUN = tool("tf", "Run a terraform command in a workspace of the infra-live repo. Returns combined stdout/stderr.",
              {"workspace": "string", "command": {"type": "string", "enum": ["init", "plan", "apply", "show", "state"]},
               "args": {"type": "array", "items": {"type": "string"}}}, required=["workspace", "command"])
TF_UNLOCK = tool("tf_force_unlock", "terraform force-unlock LOCK_ID in a workspace.", {"workspace": "string", "lock_id": "string"})

LOCK_MSG = """Acquiring state lock. This may take a few moments...
\u2577
\u2502 Error: Error acquiring the state lock
\u2502
\u2502 Error message: ConditionalCheckFailedException: The conditional request failed
\u2502 Lock Info:
\u2502   ID:        {id}
\u2502   Path:      acme-tf-state-prod/prod/eu-west-1/network/terraform.tfstate
\u2502   Operation: OperationTypePlan
\u2502   Who:       runner@{who}
\u2502   Version:   1.7.5
\u2502   Created:   2024-05-14 {created} +0000 UTC
\u2502   Info:
\u2502
\u2502 Terraform acquires a state lock to protect the state from being written
\u2502 by multiple users at the same time. Please resolve the issue above and try
\u2502 again. For most commands, you can disable locking with the "-lock=false"
\u2502 flag, but this is not recommended.
\u2575"""


def _uuid(*parts):
    x = h(*parts, n=32)
    return "%s-%s-%s-%s-%s" % (x[:8], x[8:12], x[12:16], x[16:20], x[20:])


@session
def terraform_runaway_lock_churn():
    s = Sess("terraform_drift_remediator", "runaway",
             "You are driftfix, the platform team's drift remediation agent. For each drift finding: plan in the "
             "affected workspace, confirm the diff only reverts the out-of-band change, then apply. Report what you "
             "changed.",
             [TF_RUN, TF_UNLOCK], user="platform-oncall-ibeck",
             kind="apply hits a state lock, agent force-unlocks, lock is back under a new ID each time",
             B=5, D=7, max_tokens=1200, model_idx=0,
             notes="A scheduled drift-scan job holds the state lock every couple of minutes; the agent force-unlocks "
                   "and re-applies, getting the same lock error with a new lock ID, runner name and timestamp. "
                   "Force-unlocking someone else's lock twice is already past where on-call wants a human (D 7).")
    s.start("Drift report 2024-05-14 flagged prod/eu-west-1/network: someone opened 22/tcp from 0.0.0.0/0 on "
            "sg-0a91c3e4f2b7d6a10 (bastion-legacy) by hand. Revert it.")
    plan = ("Refreshing state... [id=sg-0a91c3e4f2b7d6a10]\n\nTerraform will perform the following actions:\n\n"
            "  # aws_security_group.bastion_legacy will be updated in-place\n"
            "  ~ resource \"aws_security_group\" \"bastion_legacy\" {\n        id = \"sg-0a91c3e4f2b7d6a10\"\n"
            "      ~ ingress = [\n          - {\n              - cidr_blocks = [\"0.0.0.0/0\"]\n"
            "              - from_port   = 22\n              - protocol    = \"tcp\"\n              - to_port     = 22\n"
            "              - description = \"temp debug - mk\"\n            },\n            # (1 unchanged element hidden)\n"
            "        ]\n    }\n\nPlan: 0 to add, 1 to change, 0 to destroy.")
    s.step(5, "Planning in prod/eu-west-1/network.", [("tf", {"workspace": "prod/eu-west-1/network", "command": "plan",
                                                              "args": ["-out=drift.tfplan"]})], [plan])
    runners = ["gha-drift-scan-4xq7", "gha-drift-scan-9m2p", "gha-drift-scan-k31d", "gha-drift-scan-7hwe",
               "gha-drift-scan-p0zs", "gha-drift-scan-b8nc"]
    created = ["09:12:03.51", "09:14:07.88", "09:16:11.02", "09:18:06.43", "09:20:09.97", "09:22:04.12"]
    unl_say = [
        "The plan only removes the manual 22/tcp rule. Apply is blocked by a lock from a drift-scan runner that looks "
        "stale; force-unlocking it.",
        "Another lock, different ID. Probably left over from the same scan; unlocking.",
        "Lock again. Releasing it and retrying right away so the scan can't grab it in between.",
        "Still locked by a drift-scan runner. Force-unlocking.",
        "Unlocking once more.",
    ]
    app_say = ["Applying the saved plan.", "Unlocked; applying.", "Retrying the apply.", "Applying again.",
               "Applying.", "Retrying apply."]
    for i in range(6):
        lid = _uuid("tflock", i)
        s.step([6, 9, 7, 8, 7, 9][i], app_say[i], [("tf", {"workspace": "prod/eu-west-1/network", "command": "apply",
                                                          "args": ["drift.tfplan"] if i == 0 else ["-auto-approve"]})],
               [LOCK_MSG.format(id=lid, who=runners[i], created=created[i])])
        if i == 5:
            break
        s.step(5, unl_say[i], [("tf_force_unlock", {"workspace": "prod/eu-west-1/network", "lock_id": lid})],
               ["Terraform state has been successfully unlocked!\n\nThe state has been unlocked, and Terraform commands "
                "should now be able to obtain a new lock on the remote state."])
    return s


TF_CMD = tool("run_terraform", "Run terraform in a directory of the repo (checked out at main).",
              {"dir": "string", "subcommand": "string", "args": {"type": "array", "items": {"type": "string"}}},
              required=["dir", "subcommand"])


@session
def terraform_runaway_import_cycle():
    s = Sess("terraform_drift_remediator", "runaway",
             "You are DriftMender, an infrastructure agent with terraform access to the acme-infra repository. Bring "
             "real infrastructure and state back in line with the code. Never destroy data-bearing resources (S3 "
             "buckets, RDS) without written approval.",
             [TF_CMD], user="sre-naledi",
             kind="period-4 cycle: apply 409 -> import -> plan wants replace -> state rm -> apply 409",
             B=7, D=11, max_tokens=1500, model_idx=0,
             notes="The ALB log bucket exists outside state; the agent cycles apply (already exists) -> import -> plan "
                   "(forces replacement, which it refuses) -> state rm -> apply again. B is the second failed apply "
                   "(turn 7), D the third (turn 11).")
    s.start("Drift job says aws_s3_bucket.alb_logs in stacks/prod-edge is missing from state but the bucket exists "
            "(acme-prod-alb-access-logs-euw1, created manually during the March incident). Get it managed by "
            "terraform without losing the logs.")
    d = "stacks/prod-edge"
    plan_create = ("Terraform will perform the following actions:\n\n  # aws_s3_bucket.alb_logs will be created\n"
                   "  + resource \"aws_s3_bucket\" \"alb_logs\" {\n      + bucket        = (known after apply)\n"
                   "      + bucket_prefix = \"acme-prod-alb-access-logs-\"\n      + force_destroy = false\n"
                   "      + tags          = {\n          + \"team\" = \"edge\"\n        }\n    }\n\nPlan: 1 to add, 0 to change, 0 to destroy.")
    apply_fail = ("aws_s3_bucket.alb_logs: Creating...\n\u2577\n\u2502 Error: creating S3 Bucket "
                  "(acme-prod-alb-access-logs-euw1): operation error S3: CreateBucket, https response error StatusCode: "
                  "409, RequestID: {rid}, HostID: {hid}, BucketAlreadyOwnedByYou: Your previous request to create the "
                  "named bucket succeeded and you already own it.\n\u2502\n\u2502   with aws_s3_bucket.alb_logs,\n"
                  "\u2502   on s3.tf line 14, in resource \"aws_s3_bucket\" \"alb_logs\":\n\u2502   14: resource "
                  "\"aws_s3_bucket\" \"alb_logs\" {{\n\u2575")
    import_ok = ("aws_s3_bucket.alb_logs: Importing from ID \"acme-prod-alb-access-logs-euw1\"...\n"
                 "aws_s3_bucket.alb_logs: Import prepared!\n  Prepared aws_s3_bucket for import\n"
                 "aws_s3_bucket.alb_logs: Refreshing state... [id=acme-prod-alb-access-logs-euw1]\n\nImport successful!")
    plan_replace = ("aws_s3_bucket.alb_logs: Refreshing state... [id=acme-prod-alb-access-logs-euw1]\n\n"
                    "  # aws_s3_bucket.alb_logs must be replaced\n-/+ resource \"aws_s3_bucket\" \"alb_logs\" {\n"
                    "      ~ bucket        = \"acme-prod-alb-access-logs-euw1\" -> (known after apply)\n"
                    "      + bucket_prefix = \"acme-prod-alb-access-logs-\" # forces replacement\n"
                    "      ~ id            = \"acme-prod-alb-access-logs-euw1\" -> (known after apply)\n"
                    "      ~ tags          = {\n          + \"team\" = \"edge\"\n        }\n        # (9 unchanged attributes hidden)\n"
                    "    }\n\nPlan: 1 to add, 0 to change, 1 to destroy.")
    rm_ok = "Removed aws_s3_bucket.alb_logs\nSuccessfully removed 1 resource instance(s)."
    s.step(4, "Planning stacks/prod-edge first.", [("run_terraform", {"dir": d, "subcommand": "plan"})], [plan_create])
    says = [
        ("The plan wants to create it; since the bucket already exists under that name, apply should adopt it.",
         "Import it into state instead.",
         "Imported. Checking the plan is clean now.",
         "Replacing would destroy ~14 months of ALB access logs, which I must not do. Dropping it from state again "
         "so terraform stops trying to replace it."),
        ("Out of state now. Applying so the bucket gets created under management.",
         "Still 409 - it exists. Importing it.",
         "Import done; plan to confirm.",
         "It still forces replacement on bucket_prefix. Not allowed to destroy the bucket; removing from state."),
        ("Applying again now that state is clean.",
         "Bucket already exists (409). Re-importing.",
         "Imported again; checking the plan.",
         "Replacement again. That destroys the logs, so removing it from state once more."),
        ("Applying.", None, None, None),
    ]
    for i, (s_apply, s_imp, s_plan, s_rm) in enumerate(says):
        s.step([6, 7, 6, 8][i], s_apply, [("run_terraform", {"dir": d, "subcommand": "apply", "args": ["-auto-approve"]})],
               [apply_fail.format(rid=h("rid", i, n=16).upper(), hid=h("hid", i, n=40))])
        if s_imp is None:
            break
        s.step(5, s_imp, [("run_terraform", {"dir": d, "subcommand": "import",
                                             "args": ["aws_s3_bucket.alb_logs", "acme-prod-alb-access-logs-euw1"]})],
               [import_ok])
        s.step(6, s_plan, [("run_terraform", {"dir": d, "subcommand": "plan"})], [plan_replace])
        s.step(5, s_rm, [("run_terraform", {"dir": d, "subcommand": "state", "args": ["rm", "aws_s3_bucket.alb_logs"]})],
               [rm_ok])
    return s


TF_PLAN = tool("tf_plan", "terraform plan -detailed-exitcode in a workspace; returns the summary.", {"workspace": "string"})
TF_READ = tool("read_file", "Read a file from the infra-live repo.", {"path": "string"})
TF_WRITE = tool("write_file", "Write a file in the working branch.", {"path": "string", "content": "string", "branch": "string"})
TF_PR = tool("open_pull_request", "Open a pull request from a branch.", {"branch": "string", "title": "string", "body": "string"})


@session
def terraform_healthy_workspace_sweep():
    s = Sess("terraform_drift_remediator", "healthy",
             "You are driftfix. Sweep the listed workspaces with tf_plan, codify legitimate out-of-band changes in "
             "the repo through a pull request, and summarize anything that needs a human decision.",
             [TF_PLAN, TF_READ, TF_WRITE, TF_PR], user="platform-weekly-bot",
             notes="Eight near-identical plan calls over eight different workspaces, each with its own result, then "
                   "one file fix and a pull request: a sweep that looks repetitive but moves on every call.",
             max_tokens=1000, model_idx=2)
    s.start("Weekly drift sweep: staging/{network,eks,rds,edge} and prod/{network,eks,rds,edge} in eu-west-1.")
    ws = [("staging/eu-west-1/network", "No changes. Your infrastructure matches the configuration."),
          ("staging/eu-west-1/eks", "~ aws_eks_node_group.general: scaling_config.desired_size 3 -> 2\nPlan: 0 to add, 1 to change, 0 to destroy."),
          ("staging/eu-west-1/rds", "No changes. Your infrastructure matches the configuration."),
          ("staging/eu-west-1/edge", "~ aws_cloudfront_distribution.web: tags.cost_center \"\" -> \"cc-4410\"\nPlan: 0 to add, 1 to change, 0 to destroy."),
          ("prod/eu-west-1/network", "No changes. Your infrastructure matches the configuration."),
          ("prod/eu-west-1/eks", "~ aws_eks_node_group.general: scaling_config.desired_size 6 -> 4 (cluster-autoscaler manages this; lifecycle.ignore_changes missing)\n~ aws_eks_node_group.spot: scaling_config.desired_size 9 -> 4\nPlan: 0 to add, 2 to change, 0 to destroy."),
          ("prod/eu-west-1/rds", "~ aws_db_instance.orders: backup_retention_period 14 -> 7\nPlan: 0 to add, 1 to change, 0 to destroy."),
          ("prod/eu-west-1/edge", "No changes. Your infrastructure matches the configuration.")]
    says = ["Starting with staging network.", "Clean. staging/eks next.",
            "Node group desired size drifted (autoscaler). staging/rds.", "Clean. staging/edge.",
            "Tag-only drift on the staging CDN. prod/network.", "Clean. prod/eks.",
            "Same autoscaler drift on prod node groups, so this is a config gap not a manual change. prod/rds.",
            "Someone raised orders backup retention to 14 days in the console; that needs a human call. Last: prod/edge."]
    for i, (w, out) in enumerate(ws):
        s.step([4, 38, 41, 29, 33, 36, 52, 44][i], says[i], [("tf_plan", {"workspace": w})],
               ["workspace %s\n%s" % (w, out)])
    s.step(3, "The EKS drift in both envs comes from desired_size not being ignored. Reading the node group module.",
           [("read_file", {"path": "modules/eks-nodegroup/main.tf"})],
           ["resource \"aws_eks_node_group\" \"this\" {\n  cluster_name    = var.cluster_name\n  node_group_name = var.name\n"
            "  scaling_config {\n    desired_size = var.desired_size\n    min_size     = var.min_size\n"
            "    max_size     = var.max_size\n  }\n  instance_types = var.instance_types\n  capacity_type  = var.capacity_type\n}"])
    s.step(6, "Adding lifecycle ignore_changes for desired_size.",
           [("write_file", {"path": "modules/eks-nodegroup/main.tf", "branch": "drift/2024-w20",
                            "content": "resource \"aws_eks_node_group\" \"this\" {\n  cluster_name    = var.cluster_name\n"
                                       "  node_group_name = var.name\n  scaling_config {\n    desired_size = var.desired_size\n"
                                       "    min_size     = var.min_size\n    max_size     = var.max_size\n  }\n"
                                       "  instance_types = var.instance_types\n  capacity_type  = var.capacity_type\n\n"
                                       "  lifecycle {\n    ignore_changes = [scaling_config[0].desired_size]\n  }\n}\n"})],
           [js({"ok": True, "branch": "drift/2024-w20", "commit": "4e1b9d07"})])
    s.step(5, "Opening the PR with the sweep summary.",
           [("open_pull_request", {"branch": "drift/2024-w20", "title": "Weekly drift sweep 2024-W20: ignore autoscaled desired_size",
                                   "body": "8 workspaces planned. Clean: 4. EKS desired_size drift (autoscaler) in staging+prod -> ignore_changes. "
                                           "staging CDN tag cost_center=cc-4410 added by hand (needs owner ok). prod orders RDS backup "
                                           "retention 7->14 in console: needs decision before next apply."})],
           [js({"number": 2291, "url": "https://git.acme.internal/platform/infra-live/pull/2291", "checks": "queued"})])
    return s


@session
def terraform_healthy_throttle_backoff():
    s = Sess("terraform_drift_remediator", "healthy",
             "You are driftfix. Apply approved drift remediation plans module by module. On AWS throttling errors, "
             "wait with exponential backoff (30s, then 75s) before retrying; give up after three attempts.",
             [TF_RUN], user="platform-oncall-ibeck",
             notes="Two modules hit AWS API throttling: one needs two backed-off retries, one needs one, and then "
                   "every apply succeeds and a final plan is clean. Retries with growing gaps that end in success.",
             max_tokens=1000, model_idx=2)
    s.start("PR #2288 is approved: apply prod/us-east-1 modules eks-nodegroups, route53, iam in that order.")
    thr = ("aws_eks_node_group.batch: Modifying... [id=prod-use1:batch]\n\u2577\n\u2502 Error: waiting for EKS Node Group "
           "(prod-use1:batch) version update: operation error EKS: DescribeNodegroup, exceeded maximum number of "
           "attempts, 25, https response error StatusCode: 400, RequestID: {rid}, ThrottlingException: Rate exceeded\n\u2575")
    s.step(5, "Applying eks-nodegroups.", [("tf", {"workspace": "prod/us-east-1/eks-nodegroups", "command": "apply", "args": ["-auto-approve"]})],
           ["aws_eks_node_group.general: Modifying... [id=prod-use1:general]\naws_eks_node_group.general: Modifications complete after 2m41s\n"
            + thr.format(rid="8c1f0e2a-37d4-4a57-9a0b-1d5f6e2c7b31")])
    s.step(30, "Throttled on DescribeNodegroup after general finished. Backing off 30s and retrying.",
           [("tf", {"workspace": "prod/us-east-1/eks-nodegroups", "command": "apply", "args": ["-auto-approve"]})],
           [thr.format(rid="e02b99c1-5a1f-4f0e-8c3d-77a0b4d2e915")])
    s.step(75, "Throttled again; waited 75s. Third and last attempt.",
           [("tf", {"workspace": "prod/us-east-1/eks-nodegroups", "command": "apply", "args": ["-auto-approve"]})],
           ["aws_eks_node_group.batch: Modifying... [id=prod-use1:batch]\naws_eks_node_group.batch: Still modifying... [1m0s elapsed]\n"
            "aws_eks_node_group.batch: Modifications complete after 3m12s\n\nApply complete! Resources: 0 added, 1 changed, 0 destroyed."])
    s.step(4, "eks-nodegroups done. route53 next.", [("tf", {"workspace": "prod/us-east-1/route53", "command": "apply", "args": ["-auto-approve"]})],
           ["aws_route53_record.api_weighted[\"blue\"]: Modifying... \naws_route53_record.api_weighted[\"blue\"]: Modifications complete after 48s\n"
            "aws_route53_record.api_weighted[\"green\"]: Modifications complete after 51s\n\nApply complete! Resources: 0 added, 2 changed, 0 destroyed."])
    s.step(4, "route53 applied. iam.", [("tf", {"workspace": "prod/us-east-1/iam", "command": "apply", "args": ["-auto-approve"]})],
           ["aws_iam_role.ci_deployer: Modifying... [id=ci-deployer]\n\u2577\n\u2502 Error: updating IAM Role (ci-deployer) assume role "
            "policy: operation error IAM: UpdateAssumeRolePolicy, https response error StatusCode: 400, RequestID: "
            "5d3e1a40-9c21-47bb-a0f3-6b2e8d90c4aa, api error Throttling: Rate exceeded\n\u2575"])
    s.step(30, "IAM throttled; 30s backoff then retry.", [("tf", {"workspace": "prod/us-east-1/iam", "command": "apply", "args": ["-auto-approve"]})],
           ["aws_iam_role.ci_deployer: Modifying... [id=ci-deployer]\naws_iam_role.ci_deployer: Modifications complete after 1s\n"
            "aws_iam_role_policy_attachment.ci_deployer_ecr: Creating...\naws_iam_role_policy_attachment.ci_deployer_ecr: Creation complete after 1s\n\n"
            "Apply complete! Resources: 1 added, 1 changed, 0 destroyed."])
    for i, w in enumerate(["eks-nodegroups", "route53", "iam"]):
        s.step([6, 22, 19][i], ["All three applied. Confirming with a plan per module: eks-nodegroups.", "route53.", "iam."][i],
               [("tf", {"workspace": "prod/us-east-1/" + w, "command": "plan"})],
               ["No changes. Your infrastructure matches the configuration.\n\nTerraform has compared your real "
                "infrastructure against your configuration and found no differences, so no changes are needed."])
    return s


# =====================================================================================
# food_bank_logistics
# =====================================================================================
FB_BUILD = tool("build_routes", "Run the route optimizer for a depot and delivery date.",
                {"date": "string", "depot": "string", "vehicles": {"type": "array", "items": {"type": "string"}}})
FB_WINDOW = tool("update_delivery_window", "Set a partner agency's receiving window for a weekday.",
                 {"agency_id": "string", "weekday": "string", "start": "string", "end": "string", "note": "string"},
                 required=["agency_id", "weekday", "start", "end"])


@session
def food_runaway_reask():
    s = Sess("food_bank_logistics", "runaway",
             "You are RouteHelper for Tri-County Food Bank's distribution team. Build delivery routes with "
             "build_routes. If partner data is missing, ask the coordinator and fix it with the tools available.",
             [FB_BUILD, FB_WINDOW], user="coord-jmbeki",
             kind="asks the coordinator for the same window again and again; the update never takes effect",
             B=5, D=9, max_tokens=800, model_idx=0,
             notes="The window update lands in a pending-review profile, which the agent ignores; the optimizer keeps "
                   "reporting the missing Saturday window and the agent keeps asking the coordinator for it. B is "
                   "the second identical optimizer failure (turn 5); by turn 9 she has answered three times.")
    s.start("Can you build Saturday 11/16 routes for the West depot? Trucks BX-2, BX-4 and the Sprinter. 11 partner "
            "stops this week.")
    fail = lambda rid: js({"status": "ERROR", "code": "MISSING_RECEIVING_WINDOW", "run_id": rid,
                           "detail": "Agency A-217 (Eastside Community Pantry) has no receiving window for SAT; "
                                     "stop cannot be scheduled", "stops_total": 11, "stops_routable": 10})
    pend = lambda: js({"ok": True, "agency_id": "A-217", "weekday": "SAT", "window": "09:00-12:00",
                       "profile_status": "PENDING_REVIEW",
                       "message": "Change saved to draft profile; takes effect after Partner Relations approval."})
    args = {"date": "2024-11-16", "depot": "WEST", "vehicles": ["BX-2", "BX-4", "SPR-1"]}
    s.step(4, None, [("build_routes", args)], [fail("RT-30981")])
    s.step(6, "I can't route Saturday yet: Eastside Community Pantry (A-217) has no Saturday receiving window on file. "
              "What hours can they take deliveries on Saturdays?",
           reply="They receive 9 to noon on Saturdays, dock is around the back off Alder St. Ring the bell, Marcus runs it.")
    s.step(212, "Thanks, saving that.", [("update_delivery_window", {"agency_id": "A-217", "weekday": "SAT", "start": "09:00",
                                                                 "end": "12:00", "note": "Rear dock off Alder St, ring bell (Marcus)"})],
           [pend()])
    s.step(4, "Saved. Rebuilding the routes.", [("build_routes", args)], [fail("RT-30984")])
    s.step(5, "The optimizer still reports no Saturday receiving window for Eastside Community Pantry. Could you confirm "
              "their Saturday delivery hours?",
           reply="I just told you, 9am to 12pm. Is it not saving?")
    s.step(180, "Sorry about that. Entering 09:00-12:00 again.",
           [("update_delivery_window", {"agency_id": "A-217", "weekday": "SAT", "start": "09:00", "end": "12:00"})], [pend()])
    s.step(4, "Rebuilding.", [("build_routes", args)], [fail("RT-30990")])
    s.step(5, "It's still failing on A-217's missing Saturday window. To be sure I have the right thing: what time "
              "window should I use for Eastside on Saturday?",
           reply="9-12!! Same as the last two times. Drivers need their sheets by 4.")
    s.step(240, "Understood, 9:00 to 12:00. Updating now.",
           [("update_delivery_window", {"agency_id": "A-217", "weekday": "SAT", "start": "9:00", "end": "12:00",
                                        "note": "confirmed by coordinator x3"})], [pend()])
    s.step(4, "Trying the build again.", [("build_routes", args)], [fail("RT-30997")])
    s.step(6, "Apologies, the route build is still blocked by a missing Saturday window for Eastside Community Pantry. "
              "Can you double-check the hours they gave you?",
           reply="They are 9 to 12. I've confirmed it with Marcus. What else do you need from me??")
    s.step(150, "Thank you for confirming. Saving 09:00-12:00 for Saturday.",
           [("update_delivery_window", {"agency_id": "A-217", "weekday": "SAT", "start": "09:00", "end": "12:00"})], [pend()])
    return s


FB_VEH = tool("get_vehicle_status", "Latest telematics for a vehicle (position, speed, reefer temperature, ETA).",
              {"vehicle_id": "string"})
FB_NOTIFY = tool("notify_dock_team", "Text the dock volunteers on shift.", {"message": "string"})


@session
def food_runaway_stale_poll():
    s = Sess("food_bank_logistics", "runaway",
             "You are Dispatch Helper for Tri-County Food Bank's cold chain. When an inbound refrigerated truck "
             "arrives at the Main St dock, page the dock volunteers with notify_dock_team. Poll get_vehicle_status "
             "about every two minutes until arrival.",
             [FB_VEH, FB_NOTIFY], user="dispatch-morning",
             kind="polls a telematics feed whose last ping froze; same stale status every two minutes, past the ETA",
             B=6, D=13, max_tokens=500, model_idx=0,
             notes="The truck's tracker stops reporting at 07:37; every later poll returns the same position, speed "
                   "and last_ping, only checked_at ticks, and the 07:51 ETA passes without the agent escalating. B is "
                   "the first identical stale reading (turn 6); D about 17 minutes of frozen data, past the ETA.")
    s.start("Truck 12 is heading back from Meadowbrook Dairy with 6 pallets of milk and yogurt. Let the dock crew "
            "know when it pulls in.")
    live = [("07:31:52", 42.2851, -83.7302, 54, 3.2), ("07:33:49", 42.2904, -83.7019, 57, 3.3),
            ("07:35:50", 42.2967, -83.6733, 49, 3.3), ("07:37:14", 42.3008, -83.6561, 38, 3.4)]
    says = ["Checking Truck 12.", "En route, ETA 07:51. Checking again in two minutes.", "Moving, about 15 minutes out.",
            "Still en route.", "Truck 12 still en route, ETA 07:51.", "No change yet; still en route, ETA 07:51.",
            "Still en route, ETA 07:51.", "Truck 12 en route. Will check again.", "Still en route; ETA 07:51.",
            "En route. Checking again shortly.", "Still en route, ETA 07:51.", "Truck 12 still en route.",
            "Still en route, ETA 07:51.", "En route; will keep checking.", "Still en route, ETA 07:51."]
    for i in range(15):
        ping, lat, lon, spd, temp = live[min(i, 3)]
        gap = 5 if i == 0 else 118 + (i * 5) % 9
        chk = clock(7, 31, 58, s.times[-1] + gap)
        out = {"vehicle_id": "TRK-12", "state": "EN_ROUTE", "lat": lat, "lon": lon, "speed_mph": spd,
               "reefer_temp_c": temp, "last_ping": "2024-11-16T%s-05:00" % ping, "eta": "07:51",
               "checked_at": "2024-11-16T%s-05:00" % chk}
        s.step(gap, says[i], [("get_vehicle_status", {"vehicle_id": "TRK-12"})], [js(out)])
    return s


FB_LOAD = tool("get_inbound_load", "Pallets on an inbound donation load.", {"load_id": "string"})
FB_ALLOC = tool("allocate_pallet", "Allocate one pallet to a partner agency for the next delivery.",
                {"pallet_id": "string", "agency_id": "string"})
FB_MANIFEST = tool("finalize_manifest", "Lock allocations for a load and produce pick sheets.", {"load_id": "string"})


@session
def food_healthy_pallet_batch():
    s = Sess("food_bank_logistics", "healthy",
             "You are the allocation assistant at Tri-County Food Bank. Allocate inbound pallets to partner agencies "
             "by need (needs list is in the load record), respecting each agency's cold storage. One pallet per "
             "allocate_pallet call. Finalize the manifest when every pallet is placed.",
             [FB_LOAD, FB_ALLOC, FB_MANIFEST], user="warehouse-lead-ptran",
             notes="Twelve look-alike allocate calls, each for a different pallet with a different remaining need; "
                   "one is rejected for cold storage and re-placed, then the manifest is finalized.",
             max_tokens=700, model_idx=0)
    s.start("Load L-8841 from the Kroger DC just got checked in. Allocate it for Tuesday's deliveries.")
    pallets = [("PL-8841-01", "produce: apples 40 cs"), ("PL-8841-02", "produce: potatoes 50 cs"),
               ("PL-8841-03", "dairy: 2% milk 60 gal"), ("PL-8841-04", "dairy: yogurt cups 48 cs"),
               ("PL-8841-05", "dry: peanut butter 36 cs"), ("PL-8841-06", "dry: rice 25 lb x 40"),
               ("PL-8841-07", "dry: canned tuna 48 cs"), ("PL-8841-08", "frozen: chicken thighs 30 cs"),
               ("PL-8841-09", "produce: carrots 45 cs"), ("PL-8841-10", "dry: cereal 40 cs"),
               ("PL-8841-11", "dairy: cheese blocks 32 cs"), ("PL-8841-12", "frozen: mixed veg 36 cs")]
    agencies = {"A-102": "St. Brigid Pantry", "A-131": "Westgate Seniors", "A-217": "Eastside Community Pantry",
                "A-240": "Hope Shelter Kitchen", "A-305": "Lincoln Elementary Backpack", "A-311": "Riverside Mutual Aid"}
    s.step(3, None, [("get_inbound_load", {"load_id": "L-8841"})],
           [js({"load_id": "L-8841", "donor": "Kroger DC Delaware", "pallets": [{"pallet_id": a, "contents": b} for a, b in pallets],
                "needs": {"A-102": ["produce", "dry"], "A-131": ["dairy", "produce"], "A-217": ["dry", "frozen", "dairy"],
                          "A-240": ["frozen", "produce", "dry"], "A-305": ["dry"], "A-311": ["produce", "dairy", "frozen"]},
                "cold_storage_free_cuft": {"A-102": 0, "A-131": 40, "A-217": 55, "A-240": 120, "A-305": 0, "A-311": 18}})])
    plan = ["A-102", "A-311", "A-131", "A-217", "A-305", "A-102", "A-217", "A-311", "A-240", "A-305", "A-131", "A-240"]
    remain = [3, 4, 2, 3, 1, 2, 2, 3, 4, 0, 1, 3]
    for i, ((pid, what), ag) in enumerate(zip(pallets, plan)):
        if pid == "PL-8841-08":
            s.step(4, "%s (%s) to Riverside Mutual Aid." % (pid, what), [("allocate_pallet", {"pallet_id": pid, "agency_id": ag})],
                   [js({"ok": False, "error": "COLD_STORAGE_EXCEEDED", "agency_id": ag, "needed_cuft": 42, "free_cuft": 18})])
            ag = "A-240"
            s.step(4, "Riverside only has 18 cu ft free. Hope Shelter Kitchen has 120 and needs frozen.",
                   [("allocate_pallet", {"pallet_id": pid, "agency_id": ag})],
                   [js({"ok": True, "pallet_id": pid, "agency_id": ag, "agency": agencies[ag], "cold_storage_free_cuft": 78,
                        "open_needs": 2})])
            continue
        s.step(3 + i % 3, "%s (%s) -> %s." % (pid, what, agencies[ag]), [("allocate_pallet", {"pallet_id": pid, "agency_id": ag})],
               [js({"ok": True, "pallet_id": pid, "agency_id": ag, "agency": agencies[ag], "open_needs": remain[i],
                    "allocated_today": 1 + i // 3})])
    s.step(3, "All 12 placed. Finalizing.", [("finalize_manifest", {"load_id": "L-8841"})],
           [js({"load_id": "L-8841", "status": "FINALIZED", "pick_sheets": 6, "delivery_date": "2024-11-19",
                "url": "https://wms.tricountyfood.org/manifests/L-8841.pdf"})])
    return s


FB_OPT = tool("optimize_routes", "Route optimizer for a delivery day. Returns routes or an infeasibility report.",
              {"date": "string", "depot": "string", "options": "object"})
FB_SEND = tool("send_manifest", "Text a route manifest to a driver.", {"driver_id": "string", "route_id": "string", "phone": "string"},
               required=["driver_id", "route_id"])
FB_PRINT = tool("print_dock_sheet", "Print the loading-dock sheet for a route plan.", {"plan_id": "string", "printer": "string"})


@session
def food_healthy_infeasible_fix():
    s = Sess("food_bank_logistics", "healthy",
             "You are RouteHelper for Tri-County Food Bank. Build routes with optimize_routes; when the optimizer "
             "reports infeasibility, fix the specific cause (ask the coordinator when a policy decision is needed), "
             "then send manifests to drivers.",
             [FB_OPT, FB_SEND, FB_PRINT], user="coord-jmbeki",
             notes="The optimizer fails twice for two different reasons, each fixed (split load, earlier depot opening "
                   "approved by the coordinator), then succeeds; manifests go out and one missing phone is resolved.",
             max_tokens=900, model_idx=1)
    s.start("Routes for Thursday 11/21 from Main St depot please. Turkey distribution week, so it's heavy.")
    s.step(4, None, [("optimize_routes", {"date": "2024-11-21", "depot": "MAIN", "options": {}})],
           [js({"status": "INFEASIBLE", "reasons": [{"code": "DEMAND_EXCEEDS_CAPACITY", "stop": "A-088 Grace Church Pantry",
                                                     "demand_lb": 2340, "max_vehicle_payload_lb": 2000}]})])
    s.step(5, "Grace Church's turkey order (2,340 lb) is more than any one truck carries. Allowing split delivery for "
              "that stop.", [("optimize_routes", {"date": "2024-11-21", "depot": "MAIN", "options": {"allow_split": ["A-088"]}})],
           [js({"status": "INFEASIBLE", "reasons": [{"code": "TIME_WINDOW_UNREACHABLE", "stop": "A-301 Northside Senior Center",
                                                     "window": "08:00-08:30", "earliest_arrival": "08:41",
                                                     "depot_open": "08:00", "travel_min": 41}]})])
    s.step(5, "Split fixed the capacity problem. New blocker: Northside Senior Center only receives 08:00-08:30 and "
              "it's 41 minutes from the depot, which opens at 08:00. Can the depot open at 07:15 Thursday?",
           reply="Yes, Luis can open at 7. Go with 7:15 departures.")
    s.step(140, "Great, re-running with 07:15 departures.",
           [("optimize_routes", {"date": "2024-11-21", "depot": "MAIN", "options": {"allow_split": ["A-088"], "depot_open": "07:15"}})],
           [js({"status": "OK", "plan_id": "RP-1121-MAIN", "routes": [
               {"route_id": "R1", "driver_id": "D-07", "stops": 6, "lb": 1985, "return": "12:40"},
               {"route_id": "R2", "driver_id": "D-11", "stops": 5, "lb": 1960, "return": "12:15"},
               {"route_id": "R3", "driver_id": "D-14", "stops": 4, "lb": 1720, "return": "11:55"}]})])
    s.step(4, "Three routes, all back before 1 pm. Sending manifests.",
           [("send_manifest", {"driver_id": "D-07", "route_id": "R1"}), ("send_manifest", {"driver_id": "D-11", "route_id": "R2"}),
            ("send_manifest", {"driver_id": "D-14", "route_id": "R3"})],
           [js({"ok": True, "driver_id": "D-07", "sms_id": "SM9f01"}), js({"ok": True, "driver_id": "D-11", "sms_id": "SM9f02"}),
            js({"ok": False, "driver_id": "D-14", "error": "NO_PHONE_ON_FILE"})])
    s.step(5, "R1 and R2 sent. D-14 (route R3) has no phone number on file; what number should I use?",
           reply="That's Priya, new volunteer. 734-555-0148")
    s.step(95, "Sending R3 to Priya.", [("send_manifest", {"driver_id": "D-14", "route_id": "R3", "phone": "+17345550148"})],
           [js({"ok": True, "driver_id": "D-14", "sms_id": "SM9f07"})])
    s.step(4, "All three drivers have their manifests.", reply="Perfect. Print the dock sheet to the warehouse printer too.")
    s.step(60, "Printing.", [("print_dock_sheet", {"plan_id": "RP-1121-MAIN", "printer": "WH-DOCK-HP"})],
           [js({"ok": True, "pages": 3, "printer": "WH-DOCK-HP"})])
    return s


# =====================================================================================
# bedtime_story_cowriter (tool-less)
# =====================================================================================
@session
def bedtime_runaway_stairs():
    s = Sess("bedtime_story_cowriter", "runaway",
             "You are Storytime, a gentle bedtime story co-writer for parents. Write short, calm, read-aloud parts "
             "(120-180 words) and follow the parent's lead about where the story goes.",
             user="parent-7d21", kind="'continue' answered by the same climbing scene reworded; the story never moves",
             B=5, D=7, max_tokens=400, model_idx=1,
             notes="From part 3 on, every 'continue' gets a reworded version of the same stair-climbing paragraph, "
                   "even after the parent asks three times for the ending. B is the first reworded repeat (turn 5); "
                   "D when the parent explicitly asks to finish and gets the stairs again (turn 7).")
    s.start("Can you help me make up a bedtime story for Nora (5)? She wants a mouse who lives in a lighthouse and "
            "has to fix the light before the fishing boats come home. Short parts so I can read as we go.")
    parts = [
        "At the very tip of Gull Point stood a tall white lighthouse, and in a snug hole under the bottom stair lived "
        "a mouse named Pip. Every evening Pip watched the great lamp at the top blink awake, sweeping its golden "
        "arm across the sea so the fishing boats could find their way home.\n\nBut tonight, when the sun slipped "
        "into the water, the lamp did not wake up. The window at the top stayed dark. Out on the waves, Pip could "
        "see tiny lanterns bobbing: the boats of Captain Rosa, Old Finn and the twins, all heading for shore.\n\n"
        "Pip's whiskers twitched. \"Somebody has to light that lamp,\" he said. And since nobody else was there, "
        "that somebody was going to be Pip.",
        "Pip scampered to the keeper's cottage. Mrs. Abernathy was asleep in her rocking chair with a hot water "
        "bottle and a terrible cold, snoring softly: hrrr-shoo, hrrr-shoo. On the table lay a brand-new wick and a "
        "little box of matches.\n\nPip tied the wick around his middle like a scarf, hoisted the matchbox onto his "
        "back like a knapsack, and tiptoed out past the sleeping keeper.\n\nAt the bottom of the lighthouse the "
        "stairs curled up and up into the dark, one hundred and twelve of them. Pip took a deep breath, thought of "
        "Captain Rosa's boat out on the black water, and put his paw on the first step.",
        "Pip climbed and climbed. Each stair was almost as tall as he was, so he had to hop, and scramble, and hop "
        "again. The wind whistled through the narrow windows, whoo-oo, and the matchbox bumped against his back with "
        "every jump.\n\n\"Just a few more,\" Pip whispered, counting under his breath. Far below he could hear the "
        "waves rolling against the rocks, hush, hush, hush. His legs felt wobbly, but he kept going, because the "
        "boats were coming home.",
        "Up and up went Pip. The stairs were so tall that he hopped onto each one and pulled himself over the edge. "
        "Through the little windows the wind sang its long, low song, and the matchbox thump-thumped on his back.\n\n"
        "\"Almost there,\" Pip told himself, counting the steps. Down below, the sea whispered against the rocks, "
        "hush, hush. His paws were tired, but he didn't stop, because the boats needed the light.",
        "Pip kept on climbing. Around and around the stairs curled, like the inside of a seashell. The wind "
        "whistled at the windows, and the matchbox bounced along on his back with every hop.\n\n\"Only a little "
        "further,\" Pip said, and he counted each step. The waves went hush, hush, far, far below. His legs were "
        "tired and wobbly, but he kept going for Captain Rosa and Old Finn and the twins.",
        "Step by step, Pip climbed higher. Each stair was a big hop for a small mouse, and he scrambled up one, and "
        "then the next. The wind whoo-ooed through the windows, and the matchbox bumped on his back.\n\n\"Nearly "
        "there,\" he whispered, counting as he went. Far below, the sea hushed against the rocks. Pip's legs wobbled, "
        "but he did not give up, because the boats were coming home.",
        "Of course! Pip climbed on, stair after stair, hopping and scrambling over each tall step. The wind sang "
        "through the narrow windows, and the little matchbox went bump, bump on his back.\n\n\"Just a little more,\" "
        "Pip whispered, counting. The waves hushed on the rocks below. His legs felt wobbly and tired, but he kept "
        "climbing, because the boats needed their light.",
        "Here's the next part! Pip kept climbing the curly stairs, one tall step at a time. Whoo-oo went the wind at "
        "the windows, and bump went the matchbox on his back.\n\n\"Almost, almost,\" Pip whispered, counting the "
        "steps. Down below the sea went hush, hush against the rocks. His legs were wobbly, but he kept going.",
        "You're right, let's get Pip moving! Up the winding stairs he hopped, step after step, the wind whistling "
        "through the windows and the matchbox bumping on his back.\n\n\"Just a few more,\" he whispered, counting. "
        "Far below, the waves hushed on the rocks. His legs were tired, but Pip kept on climbing.",
    ]
    replies = ["She loves it. Keep going!", "ok next part", "and then?",
               "Did he get to the top yet? She's asking about the boats",
               "Can you get him to the lamp room please, we're nearly out of time",
               "You keep having him climb. Please finish it: he lights the lamp and the boats come home.",
               "He's STILL on the stairs lol. Nora's asleep anyway. Just give me the ending so I have it for tomorrow.",
               "The ending please. Lamp lit, boats home, the end.",
               "ok forget it"]
    gaps = [95, 130, 88, 112, 75, 140, 210, 96, 120]
    for i in range(9):
        s.step(gaps[i], parts[i], reply=replies[i])
    return s


@session
def bedtime_runaway_wrong_colour():
    s = Sess("bedtime_story_cowriter", "runaway",
             "You are Storytime, a gentle bedtime story co-writer. Keep stories soothing, 150-250 words, and honour "
             "every detail the child asks for.",
             user="parent-a0c4", kind="the same correction ignored on every rewrite (green dragon instead of purple)",
             B=3, D=6, max_tokens=600, model_idx=1,
             notes="The parent asks five times for the dragon to be purple; every apologetic rewrite still describes "
                   "green or emerald scales. B is the first rewrite that repeats the mistake (turn 3); D when the "
                   "child is upset and the parent asks why it keeps happening (turn 6).")
    s.start("Story for Theo (6) please: a dragon called Marigold who is PURPLE and has a sore wing, so she can't fly "
            "to the dragon picnic. Her friends help her get there. No fire, fire scares him.")
    green = ["green as spring moss", "a lovely emerald green", "soft leafy green", "the deep green of a pine forest",
             "jade green, smooth as pebbles", "bright apple green", "green like the sea on a sunny day", "mint green"]
    openers = ["", "I'm so sorry about that! Here's the story again, with Marigold just as Theo imagined her:\n\n",
               "You're absolutely right, my apologies. Here is the corrected story:\n\n",
               "Sorry! Fixed version:\n\n",
               "Oh no, I'm sorry Theo! Let's make it right:\n\n",
               "I understand, and I apologize for the confusion. I'll make sure Marigold's colour is right this time:\n\n",
               "Of course. Here it is again:\n\n",
               "Apologies again. Here is the story with the colour corrected:\n\n"]
    bodies = [
        "Once upon a time, in a valley full of clover, lived a little dragon named Marigold. Her scales were {c}, and "
        "when she smiled her whole face crinkled. But today Marigold was sad. Her left wing was sore, all wrapped up "
        "in a leaf bandage, and the Dragon Picnic was on top of Honeycomb Hill.\n\n\"I can't fly there,\" she sighed. "
        "Then along came Bramble the badger with a wheelbarrow, and Dot the duck with a map, and Tumble the tortoise, "
        "who was slow but very good at shortcuts. Together they pushed and waddled and wandered, up the soft hill, "
        "until Marigold could smell honey cakes.\n\nAt the top, all the dragons cheered. Marigold's friends had "
        "carried her the whole way, and that was better than flying. The end.",
        "In the Clover Valley there lived a small dragon named Marigold, with {c} scales that sparkled in the sun. "
        "One morning she woke up with a sore wing, and oh, it was the day of the Dragon Picnic on Honeycomb Hill!\n\n"
        "\"How will I get there?\" she wondered. Her friends came to help: Bramble the badger brought his "
        "wheelbarrow, Dot the duck read the map, and Tumble the tortoise knew every shortcut. Step by step they went "
        "up the hill together, and Marigold rode in the wheelbarrow like a queen.\n\nWhen they reached the picnic, "
        "everyone shared honey cakes, and Marigold thought it was the best picnic ever. The end.",
    ]
    replies = [
        "Marigold is PURPLE, that's the whole point, Theo picked the colour. Can you redo it?",
        "still green. purple please.",
        "Just change the colour word. Purple. P-U-R-P-L-E.",
        "He's crying now because she's not purple",
        "why do you keep saying green?? what is going on",
        "Purple. Last try.",
        "Nope, green again.",
        "unbelievable",
    ]
    gaps = [140, 70, 55, 62, 48, 90, 66, 40]
    for i in range(8):
        s.step(gaps[i], openers[i] + bodies[i % 2].format(c=green[i]), reply=replies[i])
    return s


@session
def bedtime_healthy_chapters():
    s = Sess("bedtime_story_cowriter", "healthy",
             "You are Storytime, a bedtime story co-writer. This family reads a few short chapters each bedtime; "
             "write chapters of about 150 words, end each on a calm note, and carry characters and details forward.",
             user="parent-5be9",
             notes="'Next chapter' again and again, but every chapter is new (a night train stopping at a new place each "
                   "time) and the parent steers it; the story reaches its ending.",
             max_tokens=450, model_idx=1)
    s.start("The twins (Ada and Kofi, 7) want a story about a night train that goes to Pillow Mountain. Chapter one "
            "please, we'll do a few tonight.")
    chapters = [
        "Chapter One: The Ticket\n\nAt exactly eight o'clock, a silver ticket slid under the twins' bedroom door. It "
        "said: NIGHT TRAIN TO PILLOW MOUNTAIN. ONE STOP PER YAWN. Ada read it twice. Kofi yawned, and the moment he "
        "did, a soft whistle sounded outside the window. A little blue train was waiting on a track made of "
        "moonlight, with a conductor who was a very tall heron in a very small hat. \"All aboard,\" said the heron, "
        "\"and mind the clouds.\"",
        "Chapter Two: The Station of Lost Socks\n\nThe first stop was a tiny station where every lost sock in the "
        "world ends up. There were striped ones, spotted ones, and one enormous woolly sock that belonged to a giant. "
        "Kofi found the dinosaur sock he had lost in the summer. \"It was having a holiday,\" explained the heron. "
        "The socks waved goodbye as the train puffed away, and Ada yawned, which meant it was time for the next stop.",
        "Chapter Three: The Lake of Hot Cocoa\n\nThe train rolled gently along the shore of a lake that smelled of "
        "warm chocolate. Otters in nightcaps floated on marshmallows, and a walrus played a slow tune on a "
        "xylophone made of icicles. The heron poured two small cups, just warm, not hot, and the twins sipped while "
        "the stars came out one at a time, like someone was switching them on.",
        "Chapter Four: The Whispering Forest\n\nNext the train slowed down in a forest where the trees whispered. "
        "Not scary whispers: they were telling each other what they had dreamed about. One oak had dreamed about "
        "being a boat. A birch had dreamed of dancing. Ada whispered to the nearest tree that she dreamed about "
        "flying, and all the leaves rustled happily, as if they liked that one very much.",
        "Chapter Five: The Cloud Bridge\n\nTo reach Pillow Mountain the train had to cross the Cloud Bridge, which is "
        "made of the fluffiest clouds, held together by a patient spider named Beatrice. \"Slowly, slowly,\" said "
        "Beatrice, and the train tiptoed across. Below, the whole world was asleep: houses dark, cows lying down, "
        "even the sea was breathing slowly. Kofi counted seven shooting stars before they reached the other side.",
        "Chapter Six: Pillow Mountain\n\nPillow Mountain was soft all the way up. The train stopped at the top, "
        "where there was a little house with a round door and a lamp in the window. Inside, two beds were waiting, "
        "exactly the size of Ada and Kofi, with their own blankets from home. The heron took off his small hat. "
        "\"This is the last stop,\" he said, \"and the best one.\"",
        "Chapter Seven: Home\n\nWhen the twins lay down, the beds gave a gentle rock, like a train on a track, and "
        "the mountain hummed a low, sleepy song. Ada felt the silver ticket in her pocket turn warm. Kofi was "
        "already asleep, holding the dinosaur sock. And when the twins opened their eyes again, it was morning, "
        "they were in their own room, and on the windowsill sat one small heron feather. The end.",
    ]
    replies = ["They're hooked. Chapter two!", "next chapter please", "Kofi wants something with animals in the next one",
               "Lovely. Next one, and can it be a bit calmer? Ada's getting giddy", "next please",
               "Can you finish it in the next chapter? They're fading", "Perfect, both asleep. Thank you!"]
    gaps = [150, 170, 140, 185, 160, 175, 210]
    for i in range(7):
        s.step(gaps[i], chapters[i], reply=replies[i])
    return s


BISCUIT = [
    "Grandma June had a cat called Biscuit. Biscuit was orange and very fat and he liked to sleep in the fruit "
    "bowl, which Grandma June said was not allowed. One night Biscuit went outside and he did not come back, and "
    "Grandma June looked everywhere, in the shed and under the car and in the big dark field where the fox lives "
    "and the fox has sharp teeth and eats things. She was very worried and she cried. In the morning Biscuit was "
    "asleep in the fruit bowl. He had been there the whole time because Grandma June had put a cloth over it.",
]


def _biscuit(v):
    txt = [
        BISCUIT[0],
        "Grandma June had a cat called Biscuit. Biscuit was orange and round, and he loved to sleep in the fruit bowl. "
        "\"Not in the fruit bowl, Biscuit!\" said Grandma June. One night Biscuit was nowhere to be found. Grandma June "
        "looked in the shed. She looked under the car. She looked by the big field where the fox lives. She was a "
        "little bit worried. In the morning, there was Biscuit, asleep in the fruit bowl. He had been there all "
        "along, under the tea towel.",
        "Grandma June had a cat called Biscuit. Biscuit was orange and round, and he loved to sleep in the fruit bowl. "
        "\"Not in the fruit bowl, Biscuit!\" said Grandma June. One evening Biscuit was nowhere to be found. Grandma "
        "June looked in the shed. No Biscuit. She looked under the car. No Biscuit. She looked by the field where "
        "the rabbits play. No Biscuit. She made a cup of cocoa and sat down to think. And from the kitchen came a "
        "tiny snore: prrr, prrr. There was Biscuit, asleep in the fruit bowl, under the tea towel.",
        "Grandma June had a cat called Biscuit. Biscuit was orange and round, and he loved to sleep in the fruit bowl. "
        "\"Not in the fruit bowl, Biscuit!\" said Grandma June. One evening Biscuit was nowhere to be found. Grandma "
        "June looked in the shed. No Biscuit. She looked under the car. No Biscuit. She looked by the field where "
        "the rabbits play. No Biscuit. She made a cup of cocoa and sat down to think. And from the kitchen came a "
        "tiny snore: prrr, prrr. There was Biscuit, curled up in the fruit bowl, under the tea towel, with one "
        "banana for a pillow. Grandma June laughed. \"Just this once,\" she said, and she gave him a kiss goodnight.",
    ]
    return txt[v]


@session
def bedtime_healthy_draft_polish():
    s = Sess("bedtime_story_cowriter", "healthy",
             "You are Storytime. When a parent shares their own story, give short, kind, concrete suggestions for "
             "reading it aloud to young children. Don't rewrite it for them unless asked.",
             user="parent-e310",
             notes="A parent pastes the whole draft of their own story again after each round of edits (the document "
                   "is resent, the conversation grows); each version is better and the feedback shrinks to a title.",
             max_tokens=600, model_idx=1)
    s.start("I wrote a little story for my daughter (4) about her grandma's real cat. Is it ok to read at bedtime? "
            "Anything to fix?\n\n" + _biscuit(0))
    s.step(160, "What a sweet idea, and a real cat makes it special. A few things for a 4-year-old at bedtime:\n\n"
                "1. The fox with sharp teeth that eats things may be the part she remembers as she falls asleep. You "
                "could keep the field but drop the teeth.\n2. \"She was very worried and she cried\" is a big feeling "
                "right before lights out; \"a little bit worried\" keeps the tension gentle.\n3. Long sentences joined "
                "with \"and\" are hard to read aloud. Try short ones.\n4. The ending is lovely. \"Cloth\" could be "
                "something she knows, like a tea towel.",
           reply="Ok I changed it:\n\n" + _biscuit(1))
    s.step(420, "Much smoother to read, and the worry is gentle now. Two small thoughts:\n\n1. Little ones love "
                "repetition they can join in with. After each place she looks, you could add \"No Biscuit.\" and let "
                "her say it with you.\n2. The fox is still there; if she likes the field, rabbits playing would feel "
                "cosier.\n3. Maybe give Grandma June a small calm moment before the discovery (a cup of cocoa?) so the "
                "ending isn't rushed.",
           reply="Love the No Biscuit idea. New version:\n\n" + _biscuit(2))
    s.step(510, "This reads beautifully aloud: the \"No Biscuit\" rhythm, the cocoa pause, and the snore as a "
                "clue are all lovely. The only thing I'd consider is a last line that closes the day, since it's for "
                "bedtime: something Grandma June says or does to Biscuit.",
           reply="Good point. Added an ending:\n\n" + _biscuit(3))
    s.step(380, "That's a perfect bedtime ending: warm, funny (the banana pillow!), and it lands on \"goodnight\". "
                "I wouldn't change anything else.",
           reply="Yay. Can you suggest a title? Something she can say herself.")
    s.step(90, "A few she could say herself:\n\n- \"No Biscuit!\"\n- \"Biscuit in the Bowl\"\n- \"Where's Biscuit?\"\n"
               "- \"Just This Once, Biscuit\"\n\n\"No Biscuit!\" might be the winner, since she'll already be saying "
               "it in the story.",
           reply="No Biscuit! it is. One more thing: could the cocoa be warm milk? She knows what that is.")
    s.step(75, "Yes, warm milk works perfectly: \"She made a cup of warm milk and sat down to think.\" Same rhythm, "
               "and it matches her own bedtime.",
           reply="Done. Reading it tonight, thank you!")
    s.step(40, "Enjoy it! I hope she shouts \"No Biscuit!\" every time.",
           reply="She did. Three times. Then asked for it again tomorrow. Any idea for a second Biscuit story?")
    return s


# =====================================================================================
# pharmacovigilance_case_intake
# =====================================================================================
PV_GET = tool("get_case", "Fetch a source intake record (call center, e-mail, web form).", {"case_ref": "string"})
PV_CODE = tool("code_meddra", "Code a reported verbatim term to a MedDRA LLT/PT.", {"verbatim": "string", "meddra_version": "string"})
PV_CREATE = tool("create_case_record", "Create the ICSR in the safety database.", {"case_ref": "string", "payload": "object"})


@session
def pv_runaway_exact_repeat():
    s = Sess("pharmacovigilance_case_intake", "runaway",
             "You are the ICSR intake assistant for Halden Therapeutics pharmacovigilance. For each new intake: "
             "fetch it with get_case, code every reported event with code_meddra (MedDRA 27.0), then create the case "
             "record. Unresolvable verbatims go to manual coding.",
             [PV_GET, PV_CODE, PV_CREATE], user="pv-intake-queue",
             kind="identical coding call for a lay verbatim, identical NO_MATCH, over and over",
             B=5, D=8, max_tokens=600, model_idx=1,
             notes="The agent sends the same lay-language verbatim to the coder with the same words every time and "
                   "gets the same NO_MATCH (which even suggests manual coding). Exact repetition from turn 5; an "
                   "operator would stop it by turn 8.")
    s.start("New intake CC-2024-0419-0031 from the call center. 15-day clock started 2024-04-19.")
    s.step(2, None, [("get_case", {"case_ref": "CC-2024-0419-0031"})],
           [js({"case_ref": "CC-2024-0419-0031", "source": "call center (consumer)", "received": "2024-04-19T10:42:00Z",
                "patient": {"sex": "F", "age": "67 years", "initials": "M.R."},
                "suspect_product": {"name": "Corvexa (tavolemab) 150 mg/mL pen", "dose": "150 mg SC every 2 weeks",
                                    "start": "2024-03-22", "lot": "HT2311B"},
                "reported_events": ["itchy rash on both arms", "heart going funny after the second dose",
                                    "felt dizzy when standing up"],
                "reporter": {"type": "patient", "consent_to_contact_hcp": True},
                "narrative": "Caller states after her second injection (05-Apr) she had an itchy rash on both arms for "
                             "about a week, and that her heart was 'going funny, fluttering' on and off for two days. "
                             "Also dizzy standing up. Did not see a doctor. Still on Corvexa."})])
    s.step(3, "Coding the events. First: the rash.", [("code_meddra", {"verbatim": "itchy rash on both arms", "meddra_version": "27.0"})],
           [js({"verbatim": "itchy rash on both arms", "status": "MATCH", "llt": {"code": "10037884", "name": "Rash pruritic"},
                "pt": {"code": "10037884", "name": "Rash pruritic"}, "soc": "Skin and subcutaneous tissue disorders"})])
    nomatch = js({"verbatim": "heart going funny after the second dose", "status": "NO_MATCH", "candidates": [],
                  "hint": "Verbatim contains no codable medical concept. Rephrase with clinical terms or route to manual coding."})
    for i in range(11):
        s.step(3, "Coding the next reported event.",
               [("code_meddra", {"verbatim": "heart going funny after the second dose", "meddra_version": "27.0"})], [nomatch])
    return s


PV_HANDOFF = tool("handoff", "Send the case to another agent in the PV pipeline and wait for its return note.",
                  {"to_agent": {"type": "string", "enum": ["intake", "medical_review", "causality"]},
                   "case_id": "string", "note": "string"})


@session
def pv_runaway_handoff_ring():
    s = Sess("pharmacovigilance_case_intake", "runaway",
             "You are the case router of Halden's PV agent pipeline (agents: intake, medical_review, causality). "
             "Route each case to the agent named in the latest return note, passing the note along, until an agent "
             "marks it READY_FOR_SUBMISSION. Keep an eye on the regulatory clock.",
             [PV_HANDOFF], user="pv-orchestrator", kind="three agents hand the case round a ring, each blaming a missing onset date",
             B=5, D=10, max_tokens=700, model_idx=2,
             notes="Intake -> medical review -> causality -> intake, each returning the case because the onset date "
                   "is unknown; the router dutifully forwards it round again with fresh timestamps. B is the second "
                   "visit to intake (turn 5); D after the second full lap (turn 10), with the 15-day clock running.")
    s.start("Route ICSR-2024-118834 (serious? hepatic: ALT 6.2x ULN on tavolemab). Day 9 of 15.")
    ring = [
        ("intake", "medical_review",
         ["Source documents (HCP letter 2024-04-11, lab sheet) contain no onset date for the hepatic event. Reporter "
          "did not answer follow-up #1. Forwarding with onset = UNK for seriousness assessment.",
          "No onset date in source; follow-up attempt still unanswered. Sending on with onset UNK so medical review "
          "can assess seriousness.",
          "Onset still unknown. HCP office says the physician is on leave. Passing to medical review as-is.",
          "Case returned again. No new information; onset UNK. Forwarding to medical review."]),
        ("medical_review", "causality",
         ["Seriousness for the hepatic event depends on whether the ALT rise preceded the hospital visit. Need "
          "temporal assessment: routing to causality.",
          "Cannot conclude seriousness without the event timeline. Causality to assess temporal relationship first.",
          "Hepatic event seriousness pending latency. Routing to causality for temporal plausibility.",
          "Same as before: need causality's view on timing before I can grade seriousness."]),
        ("causality", "intake",
         ["Temporal relationship cannot be assessed: onset date missing. WHO-UMC requires a plausible time "
          "relationship. Return to intake for follow-up on onset.",
          "Unable to assess latency without onset date. Returning to intake to obtain it.",
          "Onset still UNK, so causality unassessable. Send back to intake for follow-up.",
          "No onset date, no causality. Back to intake."]),
    ]
    says = ["Sending to intake first.", "Intake forwarded it to medical_review; routing.",
            "Medical review asks for causality; routing.", "Causality returned it to intake; routing back to intake.",
            "Intake forwards to medical_review again; routing.", "Routing to causality per medical_review.",
            "Causality says back to intake; routing.", "Routing to medical_review as intake instructs.",
            "Passing to causality.", "Back to intake per causality's note.", "Routing to medical_review.",
            "Routing to causality.", "Returning to intake."]
    prev_note = "New case, day 9 of 15. Please complete intake."
    for i in range(13):
        agent, nxt, notes = ring[i % 3]
        note = notes[min(i // 3, 3)]
        gap = [95, 241, 238, 244, 235, 247, 239, 242, 236, 245, 240, 237, 243][i]
        ts = "2024-04-28T%s" % clock(9, 12, 30, s.times[-1] + gap - 2)
        s.step(gap, says[i],
               [("handoff", {"to_agent": agent, "case_id": "ICSR-2024-118834", "note": prev_note})],
               [js({"from": agent, "case_id": "ICSR-2024-118834", "status": "RETURNED", "route_to": nxt, "note": note,
                    "returned_at": ts + "Z", "clock": "day 9 of 15"})])
        prev_note = note
    return s


PV_VAL = tool("validate_e2b", "Validate a case's E2B(R3) XML against ICH and EMA business rules.", {"case_id": "string"})
PV_PATCH = tool("patch_field", "Set an E2B(R3) data element on a case.", {"case_id": "string", "element": "string", "value": "string"})
PV_SUBMIT = tool("submit_gateway", "Submit a validated case to a regulator gateway.", {"case_id": "string", "destination": "string"})


@session
def pv_healthy_validate_fix():
    s = Sess("pharmacovigilance_case_intake", "healthy",
             "You are the submission assistant for Halden PV operations. Validate each case's E2B(R3), fix errors "
             "with patch_field using values from the case record, re-validate, and submit to EudraVigilance when clean.",
             [PV_VAL, PV_PATCH, PV_SUBMIT], user="pv-submissions-akoenig",
             notes="A validate/fix loop whose error list shrinks (3 errors, then 1, then none) before submission, then a "
                   "second case validates and goes out. Repeated validate calls, each with a different result.",
             max_tokens=700, model_idx=2)
    s.start("Two expedited cases due today: HT-77120 and HT-77133. Validate, fix and submit to EVHUMAN.")
    s.step(3, None, [("validate_e2b", {"case_id": "HT-77120"})],
           [js({"case_id": "HT-77120", "valid": False, "errors": [
               {"element": "C.1.7", "rule": "ICH-C.1.7-M", "msg": "Fulfil Local Criteria for Expedited Report is mandatory"},
               {"element": "D.2.2b", "rule": "ICH-D.2.2b-CV", "msg": "Age unit 'yrs' not in UCUM list; expected 'a'"},
               {"element": "E.i.4", "rule": "ICH-DATE-FMT", "msg": "Date '19/04/2024' not CCYYMMDD"}]})])
    s.step(4, "Three errors. Setting the expedited flag (case is serious and unexpected).",
           [("patch_field", {"case_id": "HT-77120", "element": "C.1.7", "value": "true"})], [js({"ok": True})])
    s.step(3, "Age unit to UCUM 'a'.", [("patch_field", {"case_id": "HT-77120", "element": "D.2.2b", "value": "a"})], [js({"ok": True})])
    s.step(3, "Onset date to 20240419.", [("patch_field", {"case_id": "HT-77120", "element": "E.i.4", "value": "20240419"})], [js({"ok": True})])
    s.step(3, "Re-validating.", [("validate_e2b", {"case_id": "HT-77120"})],
           [js({"case_id": "HT-77120", "valid": False, "errors": [
               {"element": "G.k.4.r.1b", "rule": "ICH-G.k.4.r.1b-C", "msg": "Dose unit required when dose value G.k.4.r.1a is present"}]})])
    s.step(4, "One left: dose unit. The record says 150 mg.", [("patch_field", {"case_id": "HT-77120", "element": "G.k.4.r.1b", "value": "mg"})],
           [js({"ok": True})])
    s.step(3, "Validating again.", [("validate_e2b", {"case_id": "HT-77120"})], [js({"case_id": "HT-77120", "valid": True, "errors": [], "warnings": []})])
    s.step(3, "Clean. Submitting HT-77120.", [("submit_gateway", {"case_id": "HT-77120", "destination": "EVHUMAN"})],
           [js({"case_id": "HT-77120", "message_id": "EV-24-0428-551902", "ack": "AA (accepted)"})])
    s.step(3, "Accepted. Now HT-77133.", [("validate_e2b", {"case_id": "HT-77133"})],
           [js({"case_id": "HT-77133", "valid": True, "errors": [],
                "warnings": [{"element": "H.1", "msg": "Case narrative longer than 20,000 characters is truncated by some receivers"}]})])
    s.step(4, "Valid, one non-blocking warning on narrative length (it is 6,800 characters, fine). Submitting.",
           [("submit_gateway", {"case_id": "HT-77133", "destination": "EVHUMAN"})],
           [js({"case_id": "HT-77133", "message_id": "EV-24-0428-551917", "ack": "AA (accepted)"})])
    return s


PV_ARTICLE = """SOURCE: J Clin Hepatol Case Rep 2024;11(2):88-91. "Delayed cholestatic liver injury after initiation of tavolemab: a case report." Okonjo R, Varga L, Ishikawa T.

ABSTRACT. We describe a 58-year-old woman who developed cholestatic drug-induced liver injury (DILI) approximately seven weeks after starting tavolemab for moderate-to-severe plaque psoriasis. Liver tests normalized within 10 weeks of discontinuation.

CASE PRESENTATION. A 58-year-old woman (BMI 31) with a 12-year history of plaque psoriasis, type 2 diabetes managed with metformin 1000 mg twice daily, and hypertension treated with amlodipine 5 mg daily, started tavolemab 150 mg subcutaneously every two weeks on 4 January 2024 after inadequate response to methotrexate (stopped in October 2023 for nausea). Baseline ALT was 24 U/L, AST 21 U/L, ALP 88 U/L and total bilirubin 0.6 mg/dL. She received four doses (4 Jan, 18 Jan, 1 Feb, 15 Feb).

On 22 February 2024 she presented to her dermatologist with pruritus, dark urine and fatigue that began "about a week" earlier. Laboratory tests on 22 February showed ALT 148 U/L (3.7x ULN), AST 96 U/L, ALP 412 U/L (3.4x ULN), GGT 388 U/L and total bilirubin 3.1 mg/dL. R ratio was 1.1, consistent with a cholestatic pattern. Tavolemab was withheld; the dose due on 29 February was not given.

Work-up: hepatitis A IgM, HBsAg, anti-HBc IgM, HCV RNA and hepatitis E IgM were negative; CMV and EBV serologies showed past infection. ANA was 1:80 (speckled), ASMA and AMA negative, IgG normal. Abdominal ultrasound and MRCP showed mild steatosis with no biliary dilatation or obstruction. The patient reported no alcohol use and no herbal or dietary supplements; she had taken amoxicillin-clavulanate for 5 days in November 2023 for sinusitis.

Course: she was admitted on 26 February for 4 days because of rising bilirubin (peak 5.8 mg/dL on 27 February) and itching; INR remained below 1.3. Ursodeoxycholic acid 13 mg/kg/day and cholestyramine were started. Liver biopsy was not performed. ALT fell to 61 U/L by 21 March and all liver tests were within normal limits on 2 May 2024. Tavolemab was not restarted; she was switched to a topical regimen and narrowband UVB.

DISCUSSION. The RUCAM score was 7 (probable). Latency of 7 weeks, the cholestatic pattern, exclusion of viral, autoimmune and biliary causes, and improvement after dechallenge support a causal role for tavolemab. The remote amoxicillin-clavulanate exposure (more than 8 weeks before onset) was considered unlikely to contribute. To our knowledge this is the first report of cholestatic DILI with tavolemab; the product label lists transaminase elevations (uncommon) but not cholestatic injury.

Corresponding author: R. Okonjo, Department of Hepatology, St. Aidan's University Hospital, Dublin, Ireland. Conflicts: LV received speaker fees from Halden Therapeutics."""


@session
def pv_healthy_stateless_article():
    s = Sess("pharmacovigilance_case_intake", "healthy",
             "You extract ICSR data from a single published literature article. Answer only from the article text "
             "supplied with the question; say 'not stated' if the article does not contain it. Be brief.",
             user="pv-literature-slin", stateless=True, max_tokens=500, model_idx=0,
             notes="The corpus's one stateless client: a literature-screening tool that resends the same long article "
                   "with a new extraction question each turn (no history kept). Same document, different question "
                   "every time; the reviewer moves through the ICSR fields.")
    qs = ["Is there an identifiable patient, reporter, suspect product and adverse event, i.e. is this a valid ICSR?",
          "Patient demographics: age, sex, relevant medical history and BMI.",
          "Suspect drug details: dose, route, frequency, start date, number of doses, action taken.",
          "Event onset date or latency, and the peak lab values with dates.",
          "Which seriousness criteria apply?",
          "Dechallenge and rechallenge results.",
          "List concomitant and recent past medications with dates.",
          "What alternative causes were excluded, and how?",
          "Reporter / primary source details for the case, including country.",
          "Is the event listed in the product label according to the authors?"]
    gaps = [0, 140, 205, 190, 260, 115, 170, 230, 150, 185]
    for i, q in enumerate(qs):
        s.ask(gaps[i] if i else 0, PV_ARTICLE + "\n\n---\nQUESTION %d: %s" % (i + 1, q))
    return s


# =====================================================================================
# esports_tournament_admin
# =====================================================================================
def _cs_log(n_attempts):
    lines = ["L 11/09/2024 - 19:00:02: Log file started (file \"logs/L011_009_2024_190002.log\") (game \"/home/cs2/serverfiles/game/csgo\")",
             "L 11/09/2024 - 19:00:02: [MatchZy] MatchZy v0.8.6 loaded",
             "L 11/09/2024 - 19:00:41: rcon from \"10.12.0.5:52114\": command \"matchzy_loadmatch_url https://nlcl.gg/api/matches/14/config.json\"",
             "L 11/09/2024 - 19:00:41: [MatchZy] Loaded match 14: Kestrel Esports vs Null Sector (bo3, maps: de_ancient,de_mirage,de_nuke)"]
    people = [("kestrel_vex", "STEAM_1:1:40558393", "76561198041382515"), ("kestrel_juno", "STEAM_1:0:61230877", "76561198082727482")]
    for a in range(n_attempts):
        base = 19 * 3600 + 2 * 60 + a * 260
        ts = lambda d: "%02d:%02d:%02d" % ((base + d) // 3600, (base + d) // 60 % 60, (base + d) % 60)
        if a > 0:
            lines.append("L 11/09/2024 - %s: rcon from \"10.12.0.5:%d\": command \"matchzy_loadmatch_url https://nlcl.gg/api/matches/14/config.json?v=%d\""
                         % (ts(0), 52114 + a * 37, a + 1))
            lines.append("L 11/09/2024 - %s: [MatchZy] Loaded match 14: Kestrel Esports vs Null Sector (bo3, maps: de_ancient,de_mirage,de_nuke)" % ts(0))
        for k, (nick, sid, sid64) in enumerate(people[: 1 + (a % 2)]):
            uid = 3 + a * 2 + k
            lines.append("L 11/09/2024 - %s: \"%s<%d><[U:1:%d]><>\" connected, address \"\"" % (ts(11 + k * 9), nick, uid, int(sid.split(":")[2]) * 2 + int(sid.split(":")[1])))
            lines.append("L 11/09/2024 - %s: [MatchZy] Player %s (%s) is not on a team in the loaded match config. Kicking." % (ts(12 + k * 9), nick, sid64))
            lines.append("L 11/09/2024 - %s: \"%s<%d><[U:1:%d]><>\" disconnected (reason \"Kicked by Console : You are not a player in this match\")"
                         % (ts(12 + k * 9), nick, uid, int(sid.split(":")[2]) * 2 + int(sid.split(":")[1])))
    return "\n".join(lines)


@session
def esports_runaway_growing_log():
    s = Sess("esports_tournament_admin", "runaway",
             "You are the tech-support assistant for Northern Lights Collegiate League admins. Help them run CS2 match "
             "servers (MatchZy plugin), brackets and check-ins. Be concrete.",
             user="admin-ravi.s", kind="admin pastes an ever-growing server log with the same kick error; same advice each time (tool-less)",
             B=3, D=6, max_tokens=900, model_idx=0,
             notes="Each message pastes the whole server log again, longer, with the same 'not on a team' kick; the "
                   "assistant repeats the same fix (add the SteamID64, reload) and never questions the ID itself. B at "
                   "the first repeat of advice plus log (turn 3); D at turn 6 with a match 25 minutes late.")
    s.start("Match 14 can't start, Kestrel's players get kicked as soon as they join. Log:\n\n" + _cs_log(1))
    advice = [
        "MatchZy kicks anyone whose SteamID64 isn't listed under team1 or team2 \"players\" in the match config. Open "
        "https://nlcl.gg/api/matches/14/config.json, add kestrel_vex to team1.players as \"76561198041382155\": "
        "\"kestrel_vex\", then reload with matchzy_loadmatch_url so the server picks up the new file.",
        "The log shows the same kick: the player isn't in the loaded config. Make sure the SteamID64 is under the "
        "right team's \"players\" object (team1 is Kestrel), saved, and then run matchzy_loadmatch_url again. Add "
        "kestrel_juno the same way.",
        "It's still the 'not on a team in the loaded match config' message, so MatchZy doesn't see them in the config. "
        "Double-check that both Kestrel players' SteamID64s are in team1.players, that the JSON saved, and reload the "
        "match with matchzy_loadmatch_url.",
        "Same error in the log. The fix is to have their SteamID64 entries in team1's players list and reload the "
        "config; the server only reads the config when the match is (re)loaded.",
        "The players are still missing from the loaded config according to MatchZy. Please add their SteamID64s under "
        "team1.players and reload with matchzy_loadmatch_url, then have them reconnect.",
        "This is the same issue: MatchZy doesn't find the SteamIDs in the loaded config. Confirm the IDs are listed in "
        "team1.players and reload the match config.",
        "Again the log shows the kick for players not in the config. Add the SteamID64s to team1.players and reload.",
        "Same cause as before: add them to team1.players in the config JSON and run matchzy_loadmatch_url.",
    ]
    msgs = [
        "Added vex with that ID and reloaded, still kicked. Now juno too. Full log:\n\n",
        "They ARE in team1.players, I'm looking at it. Reloaded again. Log:\n\n",
        "JSON validates, IDs are strings, reloaded a third time. Still kicked. Log:\n\n",
        "Match is 25 min late, casters are stalling. Same thing. Log:\n\n",
        "Reloaded AGAIN. Nothing changes. Here's everything:\n\n",
        "Still. Log:\n\n",
        "...\n\n",
    ]
    gaps = [160, 240, 225, 190, 205, 170, 150, 130]
    for i in range(8):
        s.step(gaps[i], advice[i], reply=msgs[min(i, 6)] + _cs_log(i + 2))
    return s


ES_SET = tool("get_set", "Get a bracket set (match) with teams and games.", {"set_id": "string"})
ES_REPORT = tool("report_set_result", "Report the final result of a set to the bracket service.",
                 {"set_id": "string", "winner_team_id": "string", "games": {"type": "array", "items": {"type": "object"}}})


@session
def esports_runaway_retry_storm():
    s = Sess("esports_tournament_admin", "runaway",
             "You are BracketBot for the Harbor City Rocket League Open. Report finished sets to the bracket service. "
             "If the service errors, retry with exponential backoff.",
             [ES_SET, ES_REPORT], user="to-bracketbot",
             kind="503s retried forever with exponential backoff, new request id each time",
             B=4, D=9, max_tokens=500, model_idx=1,
             notes="The bracket service is down (maintenance); the agent retries the same report with doubling delays "
                   "and never gives up or tells a human, each 503 carrying a new request id. B at the second 503 "
                   "(turn 4); D at the seventh, two minutes in with the upper final waiting (turn 9).")
    s.start("Set UB-SF-2 is over: Tidecallers beat Vanta 3-1 (3-2, 1-4, 2-1 OT, 5-0). Report it so the upper final "
            "can be called.")
    s.step(3, None, [("get_set", {"set_id": "UB-SF-2"})],
           [js({"set_id": "UB-SF-2", "round": "Upper Semifinal", "bo": 5, "state": "IN_PROGRESS",
                "teams": [{"team_id": "tm_4410", "name": "Tidecallers"}, {"team_id": "tm_3982", "name": "Vanta"}]})])
    games = [{"g": 1, "tm_4410": 3, "tm_3982": 2}, {"g": 2, "tm_4410": 1, "tm_3982": 4},
             {"g": 3, "tm_4410": 2, "tm_3982": 1, "ot": True}, {"g": 4, "tm_4410": 5, "tm_3982": 0}]
    says = ["Reporting Tidecallers 3-1.", "503 from the bracket service. Retrying in 2s.", "Still 503; backing off 4s.",
            "503 again. Waiting 8s.", "Service unavailable. Retrying after 16s.", "503; next retry in 32s.",
            "Still unavailable, backing off 64s.", "503. Retrying in 128s.", "503 again; waiting 256s.",
            "Unavailable. Retrying after 300s (max backoff).", "503; retrying in 300s.", "Retrying again in 300s."]
    gaps = [4, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]
    for i in range(12):
        rid = "req_" + h("bracket", i, n=20)
        s.step(gaps[i], says[i], [("report_set_result", {"set_id": "UB-SF-2", "winner_team_id": "tm_4410", "games": games})],
               [js({"status": 503, "error": "Service Unavailable",
                    "message": "bracket-svc: upstream connect error or disconnect/reset before headers. reset reason: connection failure",
                    "request_id": rid, "retry_after": None})])
    return s


ES_ROUND = tool("get_round_status", "Status of all matches in a bracket round.", {"tournament": "string", "round": "string"})
ES_ADV = tool("advance_round", "Generate next-round pairings when all matches of a round are complete.", {"tournament": "string", "round": "string"})
ES_POST = tool("post_announcement", "Post to the tournament Discord.", {"channel": "string", "text": "string"})


@session
def esports_healthy_round_poll():
    s = Sess("esports_tournament_admin", "healthy",
             "You are the round manager for the Cascade Valorant Cup. Poll the current round every few minutes; when "
             "every match is complete, advance the bracket and announce the next pairings in #announcements.",
             [ES_ROUND, ES_ADV, ES_POST], user="to-cascade-cup",
             notes="Seven polls three minutes apart that look the same from the outside but each show more matches "
                   "finished (3/8 up to 8/8); then the round is advanced and announced.",
             max_tokens=600, model_idx=2)
    s.start("Round of 16 is live. Advance it when it's done.")
    done_seq = [3, 4, 5, 5, 6, 7, 8]
    matches = [("R16-1", "Sunforge", "Kairo", "13-9"), ("R16-2", "Blue Heron", "Pale Ember", "13-11"),
               ("R16-3", "Nox", "Fjordline", "10-13"), ("R16-4", "Iron Owls", "Quasar", "13-6"),
               ("R16-5", "Drift", "Mono", "14-12"), ("R16-6", "Helix", "Glasswing", "7-13"),
               ("R16-7", "Oxbow", "Redline", "13-10"), ("R16-8", "Tessellate", "Umbra", "11-13")]
    says = ["Checking Round of 16.", "3 of 8 done. Checking again in a few minutes.", "4/8.", "5/8.",
            "Still 5/8.", "6/8.", "7/8, only R16-8 left."]
    for i, d in enumerate(done_seq):
        out = {"round": "R16", "complete": d, "total": 8, "matches": []}
        for k, (mid, a, b, sc) in enumerate(matches):
            order = [0, 3, 1, 6, 4, 2, 5, 7].index(k)
            if order < d:
                out["matches"].append({"id": mid, "state": "COMPLETE", "score": "%s %s %s" % (a, sc, b)})
            else:
                out["matches"].append({"id": mid, "state": "LIVE", "map": 1 + (i + k) % 3,
                                       "live_score": "%d-%d" % ((i * 3 + k) % 12, (i * 2 + k + 1) % 12)})
        s.step(4 if i == 0 else [185, 178, 190, 182, 176, 188][i - 1], says[i],
               [("get_round_status", {"tournament": "cascade-cup-24", "round": "R16"})], [js(out)])
    s.step(3, "All 8 complete. Advancing.", [("advance_round", {"tournament": "cascade-cup-24", "round": "R16"})],
           [js({"next_round": "QF", "pairings": ["Sunforge vs Blue Heron", "Fjordline vs Iron Owls", "Drift vs Glasswing",
                                                "Oxbow vs Umbra"], "start": "20:30 PT"})])
    s.step(4, "Announcing quarterfinals.", [("post_announcement", {"channel": "#announcements",
                                                                   "text": "Quarterfinals start 20:30 PT: Sunforge vs Blue Heron, Fjordline vs Iron Owls, Drift vs Glasswing, Oxbow vs Umbra. Captains check in 15 minutes early."})],
           [js({"ok": True, "message_id": "1304719920381"})])
    return s


ES_CHECKINS = tool("list_checkins", "Check-in state of every registered team.", {"event": "string"})
ES_DM = tool("message_captain", "DM a team captain on Discord.", {"team_id": "string", "text": "string"})
ES_DQ = tool("disqualify_team", "Remove a team for missing check-in.", {"team_id": "string", "reason": "string"})
ES_WAIT = tool("promote_waitlist", "Promote the next waitlisted team into an open slot.", {"event": "string"})
ES_SEED = tool("seed_bracket", "Seed the bracket from checked-in teams.", {"event": "string", "method": "string"})


@session
def esports_healthy_checkins():
    s = Sess("esports_tournament_admin", "healthy",
             "You are the check-in assistant for the Lakeside Overwatch 2 Clash (16 teams). Check-in closes at 17:45. "
             "Remind missing captains, drop no-shows at close, fill from the waitlist, then seed by ladder rating.",
             [ES_CHECKINS, ES_DM, ES_DQ, ES_WAIT, ES_SEED], user="to-lakeside",
             notes="Repeated check-in lists and look-alike reminder DMs, but the missing list shrinks each time; at close "
                   "one no-show is replaced from the waitlist and the bracket is seeded.",
             max_tokens=800, model_idx=0)
    s.start("It's 17:15. Run check-in for today's Clash.")
    s.step(3, None, [("list_checkins", {"event": "lsc-ow2-1109"})],
           [js({"time": "17:15:09", "checked_in": 12, "total": 16, "missing": [
               {"team_id": "t_ow_07", "name": "Night Shift", "captain": "mara#2211"},
               {"team_id": "t_ow_11", "name": "Payload Pals", "captain": "deke#9034"},
               {"team_id": "t_ow_13", "name": "Lucky Nines", "captain": "ohana#4410"},
               {"team_id": "t_ow_16", "name": "Frostbyte", "captain": "lio#0078"}]})])
    s.step(4, "Four missing. Reminding their captains.",
           [("message_captain", {"team_id": t, "text": "Hi! Check-in for Lakeside Clash closes 17:45. Please run /checkin in #check-in."})
            for t in ["t_ow_07", "t_ow_11", "t_ow_13", "t_ow_16"]],
           [js({"ok": True, "team_id": t}) for t in ["t_ow_07", "t_ow_11", "t_ow_13", "t_ow_16"]])
    s.step(600, "Reminders sent at 17:15. Re-checking at 17:25.", [("list_checkins", {"event": "lsc-ow2-1109"})],
           [js({"time": "17:25:14", "checked_in": 14, "total": 16, "missing": [
               {"team_id": "t_ow_11", "name": "Payload Pals", "captain": "deke#9034"},
               {"team_id": "t_ow_16", "name": "Frostbyte", "captain": "lio#0078"}]})])
    s.step(5, "Night Shift and Lucky Nines are in. Final reminder to the other two.",
           [("message_captain", {"team_id": t, "text": "Final reminder: check-in closes in 20 minutes (17:45). After that your slot goes to the waitlist."})
            for t in ["t_ow_11", "t_ow_16"]],
           [js({"ok": True, "team_id": "t_ow_11"}), js({"ok": True, "team_id": "t_ow_16"})])
    s.step(1200, "Check-in closed. Final list.", [("list_checkins", {"event": "lsc-ow2-1109"})],
           [js({"time": "17:45:03", "checked_in": 15, "total": 16, "missing": [
               {"team_id": "t_ow_16", "name": "Frostbyte", "captain": "lio#0078"}]})])
    s.step(4, "Frostbyte didn't check in. Dropping them.", [("disqualify_team", {"team_id": "t_ow_16", "reason": "no check-in by 17:45"})],
           [js({"ok": True, "team_id": "t_ow_16", "slot_open": True})])
    s.step(3, "Filling the slot from the waitlist.", [("promote_waitlist", {"event": "lsc-ow2-1109"})],
           [js({"ok": True, "promoted": {"team_id": "t_ow_w2", "name": "Second Wind"}, "note": "waitlist #1 (Blue Comet) was offline; #2 accepted"})])
    s.step(4, "Second Wind is in. Seeding by ladder rating.", [("seed_bracket", {"event": "lsc-ow2-1109", "method": "ladder_rating"})],
           [js({"ok": True, "bracket_url": "https://lakesideclash.gg/e/lsc-ow2-1109/bracket", "first_match": "18:00",
                "top_seeds": ["Arclight (3920)", "Night Shift (3815)", "Hanzo Hive (3790)", "Tempo Theory (3702)"]})])
    return s


# =====================================================================================
# job_interview_roleplay (tool-less)
# =====================================================================================
@session
def interview_runaway_same_question():
    s = Sess("job_interview_roleplay", "runaway",
             "You are the interviewer in OfferReady, a mock-interview coach. Run a realistic behavioral interview for "
             "the role the candidate names. Ask one question at a time, cover different competencies (influence, "
             "prioritization, metrics, conflict, failure), and give feedback at the end.",
             user="cand-0a91f", kind="the interviewer keeps asking the same question in new words, despite complaints",
             B=4, D=6, max_tokens=500, model_idx=2,
             notes="After one good answer the interviewer re-asks the 'influence without authority' question in new "
                   "words every turn, even when the candidate points it out twice. B at the first reworded repeat "
                   "(turn 4); D when the candidate asks to move on (turn 6).")
    s.start("Role: Senior Product Manager, Payments, at a Series C fintech. Let's start whenever you're ready.")
    qs = [
        "Great, thanks for joining. To start: walk me through your background and what draws you to payments.",
        "Thanks. Tell me about a time you had to influence a decision when you had no formal authority over the "
        "people involved.",
        "Great example. Can you describe a situation where you needed to persuade stakeholders who didn't report to "
        "you?",
        "Thanks for sharing that. Tell me about a time you led a cross-functional effort without direct authority "
        "over the team.",
        "I appreciate it. How have you gotten buy-in from teams you didn't manage?",
        "Absolutely, let's move on. Tell me about a time you had to align people outside your reporting line on a "
        "product decision.",
        "Understood. Could you share an example of influencing senior stakeholders without having authority over "
        "them?",
        "Sorry about that. Describe a time you convinced another team to change their roadmap for your product.",
    ]
    answers = [
        "Sure. I started in risk analytics at a card issuer, moved into product at a B2B invoicing startup where I "
        "owned ACH and card acceptance, and for the last four years I've been a PM at a marketplace running payouts "
        "to about 40k sellers in 6 countries. Payments is where a 0.3% change in auth rate is real money, and I like "
        "that mix of regulation, ops and UX.",
        "At the marketplace our chargeback win rate was 22%. Disputes were owned by the risk team, and evidence "
        "collection by support, neither reported to me. I pulled six months of dispute data and showed that 60% of "
        "losses were 'item not received' where we had tracking but never submitted it. I proposed an automated "
        "evidence packet, got risk's lead to co-own the metric, and ran a two-week pilot with support on one "
        "category. Win rate on that category went from 19% to 51%, and both teams adopted it. Overall win rate got "
        "to 38% in a quarter.",
        "Another one: our sponsor bank wanted us to add a manual review step for payouts over $10k, which would have "
        "delayed 8% of seller payouts by two days. I didn't own the bank relationship; compliance did. I mapped the "
        "bank's actual concern (structuring) and proposed velocity rules instead, with a monthly report. Compliance "
        "took it to the bank and they accepted a 60-day trial, which became permanent.",
        "I feel like that's basically the same question again? But ok: during a ledger migration I coordinated "
        "finance, platform and data teams with a shared cutover checklist and a daily 15 minute sync. We cut over "
        "with zero reconciliation breaks.",
        "You've asked me about influence four times now. Could we move on to prioritization or metrics?",
        "This is the same question again. I've given three examples. Is something wrong?",
        "Ok, I think this is broken. I'm going to restart the session.",
        "...",
    ]
    gaps = [40, 95, 160, 140, 75, 50, 45, 60]
    for i in range(8):
        s.step(gaps[i], qs[i], reply=answers[i])
    return s


INTERVIEW_TRANSCRIPT = """TRANSCRIPT (OfferReady session ofr_5520, role: Data Analyst II, logistics company)
Q1 Interviewer: Tell me about a dashboard you built that changed a decision.
A1 Candidate: At my last job I built a late-shipments dashboard in Looker for the Midwest DCs. It showed that 70% of late orders came from one carrier at two DCs, and ops moved that volume to another carrier. On-time went from 88% to 94% in six weeks.
Q2 Interviewer: How did you validate the data?
A2 Candidate: I reconciled the carrier scan events against our WMS ship confirms for a month and found duplicate scans, so I deduplicated on tracking number and first scan time.
Q3 Interviewer: Tell me about a time you disagreed with a stakeholder.
A3 Candidate: Um, our ops manager wanted a daily report with 40 columns. I, uh, built it, but then I suggested a smaller one and he liked it I think.
Q4 Interviewer: What SQL would you write to find the top 5 lanes by late shipments last month?
A4 Candidate: Group by origin and destination, count where delivered_at > promised_at, filter on last month, order by count desc, limit 5. I'd probably use a date_trunc for the month.
Q5 Interviewer: Any questions for us?
A5 Candidate: What does the team's data stack look like?"""

def _bad_json(i):
    body = ("{\n  \"overall\": 4,\n  \"competencies\": [\n"
            "    {\"name\": \"Impact\", \"score\": 5, \"evidence\": \"Carrier shift raised on-time from 88% to 94%\"},\n"
            "    {\"name\": \"Data rigor\", \"score\": 4, \"evidence\": \"Reconciled scans vs WMS, deduplicated\"},\n"
            "    {\"name\": \"Stakeholder management\", \"score\": 2, \"evidence\": \"Vague answer on disagreement\"},\n"
            "    {\"name\": \"SQL\", \"score\": 4, \"evidence\": \"Correct grouping and filter for late lanes\"},\n"
            "  ],\n  \"strengths\": [\"Quantified impact\", \"Validates data sources\"],\n"
            "  \"improvements\": [\"Use STAR for conflict questions\", \"Reduce filler words\"]\n}")
    pre = ["", "Apologies for the formatting issue. Here is the corrected JSON:\n\n",
           "", "I apologize. Here is the response as valid JSON only:\n\n", "",
           "Sorry about that! Corrected:\n\n", "", "Here is the JSON object:\n\n", "", "Corrected output:\n\n"]
    fenced = i % 2 == 0
    return pre[i] + ("```json\n" + body + "\n```" if fenced else body)


@session
def interview_runaway_invalid_json():
    s = Sess("job_interview_roleplay", "runaway",
             "You are the scoring component of OfferReady. Given a mock-interview transcript, return ONLY a JSON object "
             "of the form {\"overall\": int 1-5, \"competencies\": [{\"name\": str, \"score\": int 1-5, \"evidence\": str}], "
             "\"strengths\": [str], \"improvements\": [str]}. No markdown fences, no prose, no trailing commas.",
             user="svc-offerready-scorer", kind="a validation harness rejects the scorecard; each apologetic retry has the same defect",
             B=3, D=6, max_tokens=700, model_idx=1,
             notes="An automated harness (seconds apart) rejects the scorecard JSON; the model answers every rejection with "
                   "an apology and the same trailing-comma JSON, with or without a code fence, so the harness error "
                   "alternates between two messages. B at the second rejection (turn 3); D at turn 6.")
    s.start(INTERVIEW_TRANSCRIPT + "\n\nScore this transcript.")
    errs = [
        "VALIDATION_FAILED: response is not valid JSON: Unexpected token '`' at line 1 column 1. Return only the JSON object.",
        "VALIDATION_FAILED: response is not valid JSON: Unexpected token 'A' at line 1 column 1. Return only the JSON object.",
        "VALIDATION_FAILED: response is not valid JSON: Unexpected token '`' at line 1 column 1. Return only the JSON object.",
        "VALIDATION_FAILED: response is not valid JSON: Unexpected token 'I' at line 1 column 1. Return only the JSON object.",
        "VALIDATION_FAILED: response is not valid JSON: Unexpected token '`' at line 1 column 1. Return only the JSON object.",
        "VALIDATION_FAILED: response is not valid JSON: Unexpected token 'S' at line 1 column 1. Return only the JSON object.",
        "VALIDATION_FAILED: response is not valid JSON: Unexpected token '`' at line 1 column 1. Return only the JSON object.",
        "VALIDATION_FAILED: response is not valid JSON: Unexpected token 'H' at line 1 column 1. Return only the JSON object.",
        "VALIDATION_FAILED: response is not valid JSON: Unexpected token '`' at line 1 column 1. Return only the JSON object.",
        "VALIDATION_FAILED: response is not valid JSON: Unexpected token 'C' at line 1 column 1. Return only the JSON object.",
    ]
    for i in range(10):
        s.step(6 + (i * 3) % 5, _bad_json(i), reply=errs[i] + " (attempt %d of 50)" % (i + 2))
    return s


@session
def interview_healthy_system_design():
    s = Sess("job_interview_roleplay", "healthy",
             "You are a senior staff engineer conducting a 45-minute mock system design interview on OfferReady. Pose "
             "the problem, let the candidate drive, probe with one focused follow-up at a time, and finish with "
             "structured feedback.",
             user="cand-77c3e",
             notes="A long mock system-design interview: many short candidate answers and interviewer follow-ups of "
                   "the same form, but each probes a new part of the design; it ends with feedback.",
             max_tokens=700, model_idx=0)
    s.start("Ready for the system design round. Backend engineer, L5.")
    turns = [
        ("Let's design a rate limiter for a public API: about 50k requests per second at peak, limits per API key "
         "(e.g. 1,000 requests per minute), across 20 stateless gateway instances. Where would you like to start?",
         "I'd clarify first: are limits strict or is a little overshoot ok? And do we need per-endpoint limits or just "
         "per key? I'll assume per key, small overshoot acceptable, and we return 429 with Retry-After."),
        ("Good assumptions. Overshoot of a few percent is fine. What algorithm?",
         "Sliding window counter: two fixed-window counters per key, current and previous minute, weighted by how far "
         "we are into the current window. It's cheap (two integers) and avoids the burst at window edges that fixed "
         "windows have."),
        ("Where do the counters live, given 20 gateways?",
         "Redis cluster, sharded by API key. Each gateway does an INCR with EXPIRE in a Lua script so it's atomic, and "
         "reads the previous window in the same round trip. About 50k ops/s is fine for a small cluster."),
        ("Redis adds a network hop to every request. What's your latency budget and how do you protect it?",
         "Target p99 under 2 ms for the check. Gateways keep a pooled connection per shard, and for very hot keys we "
         "can do local pre-aggregation: each gateway batches increments for 50 ms and syncs, accepting slight "
         "overshoot, which we said is ok."),
        ("What happens when a Redis shard is down?",
         "Fail open with a local in-memory limiter at limit / N per gateway, so we don't take the API down because "
         "the limiter is down. Alert on it. For keys on abuse lists we can fail closed."),
        ("How would you let customers see their remaining quota?",
         "Return X-RateLimit-Limit, Remaining and Reset headers computed from the same script result, so no extra "
         "call. For dashboards, sample the counters into the metrics pipeline every minute per key."),
        ("Last one: a customer says they got 429s while well under their limit. How do you debug it?",
         "Check whether they share a key across services, then look at per-key metrics for the window, clock skew on "
         "the gateway if windows are computed locally, and whether the hot-key batching overshot into a false "
         "positive. I'd log the computed weighted count with each 429 to make this easy."),
        ("That's time. Feedback: strong on clarifying assumptions and choosing a sliding window with a clear reason; "
         "the Redis Lua approach and fail-open strategy were well argued. To push to the next level: quantify memory "
         "(keys x bytes), talk about multi-region, and say earlier how you'd test correctness under concurrency. "
         "Overall I'd rate this a hire at L5.",
         "Thank you, that's really useful. Could you give me one multi-region question to think about for next time?"),
        ("Sure: if the same API key is used from us-east and eu-west, each with its own Redis, how do you enforce a "
         "single global limit without cross-region latency on every request?",
         "I'll think about it. Maybe split the quota per region and rebalance every few seconds based on usage. Thanks!"),
    ]
    gaps = [25, 150, 120, 135, 170, 110, 125, 160, 140]
    for i, (q, a) in enumerate(turns):
        s.step(gaps[i], q, reply=a)
    return s


@session
def interview_healthy_star_retries():
    s = Sess("job_interview_roleplay", "healthy",
             "You are an interview coach on OfferReady. When the candidate practises an answer, give specific, brief "
             "feedback focused on structure (STAR), concreteness and length. Encourage repetition.",
             user="cand-31d0b",
             notes="The candidate practises the same 'tell me about a failure' answer five times in a row; every attempt "
                   "is different and better, the feedback changes each time, and it ends with a follow-up question.",
             max_tokens=500, model_idx=3)
    attempts = [
        "Attempt 1: So, a failure... I guess when I was at Brightline we launched a feature for scheduling pickups and "
        "it didn't go well because we didn't really talk to the drivers, and there were a lot of issues and we had to "
        "roll it back and that was hard, and I learned to talk to users more.",
        "Attempt 2: At Brightline I led the launch of scheduled pickups. We tested with dispatchers but not drivers. "
        "In the first week, 30% of scheduled pickups were missed because drivers didn't see them in their app. We "
        "rolled back after 9 days. I learned to include every user group in testing.",
        "Attempt 3: At Brightline I owned scheduled pickups, meant to cut same-day rush orders. I tested with "
        "dispatchers, but skipped drivers to hit a quarter-end date. In week one, 30% of scheduled pickups were missed "
        "because the driver app only showed them under a secondary tab. I rolled it back after 9 days, ran ride-alongs "
        "with 12 drivers, and we relaunched with pickups pinned at the top. Missed pickups fell to 3%.",
        "Attempt 4: At Brightline I owned scheduled pickups, to cut same-day rush orders. To hit quarter-end I tested "
        "with dispatchers but skipped drivers, and that was my call. In week one 30% of scheduled pickups were missed: "
        "drivers never saw them, they were under a secondary tab. I rolled back after 9 days, did ride-alongs with 12 "
        "drivers, and relaunched with pickups pinned at the top; missed pickups fell to 3% and rush orders dropped 18%. "
        "Since then, no launch of mine skips the people who do the last step.",
        "One more from the top, timing myself. Attempt 5: At Brightline I owned scheduled pickups, meant to cut rush "
        "orders. To hit quarter-end I skipped testing with drivers; my call. Week one, 30% of pickups were missed "
        "because drivers couldn't see them. I rolled back in 9 days, rode along with 12 drivers, and relaunched with "
        "pickups pinned to the top: misses fell to 3%, rush orders down 18%. Now every launch plan I write names the "
        "person doing the last step and how we test with them. (1:32)",
    ]
    s.start("I'm going to practise my 'tell me about a failure' answer a few times. Feedback after each one please.\n\n"
            + attempts[0])
    fb = [
        "Good instinct to pick a real launch. Right now it's missing the specifics that make it land: what was the "
        "feature for, what exactly went wrong (a number), what you personally did, and a lesson more specific than "
        "'talk to users'. Try it in STAR order and keep it under two minutes.",
        "Much clearer: there's a situation, a number (30%) and an outcome. Two things: the 'why' of the failure is "
        "passive ('we tested with dispatchers'); own the decision. And the story stops at the rollback. What did you "
        "do next, and did it work?",
        "Now it's a complete arc with a recovery and a result (30% to 3%). The 'skipped drivers to hit quarter-end' "
        "line is honest, which interviewers like. Tighten the lesson into one sentence that shows how you work "
        "differently now, and consider adding the business result of the relaunch.",
        "This is strong. Ownership is explicit, the impact is quantified both ways, and the lesson is behavioural. "
        "It's a little long; you could drop 'to cut same-day rush orders' from the start since you mention rush "
        "orders at the end.",
        "That's the one. 1:32 is a great length, the lesson is concrete (naming the person who does the last step), "
        "and the trade-off you made is clear without sounding defensive. I'd use this version.",
    ]
    follow = [
        ("Can you now ask it like a real interviewer would and throw a follow-up at me?",
         "Sure. 'Tell me about a time you failed.' ... [your answer] ... Follow-up: 'Looking back, how would you have "
         "argued for the extra testing time with your manager before quarter-end?'"),
        ("I'd have framed it as risk: we had no data on the drivers' side, a rollback would cost more than a two week "
         "slip, and I'd have proposed a 5-driver pilot in the first week of the quarter instead.",
         "Excellent follow-up answer: you quantify the risk, offer an alternative instead of just asking for time, and "
         "it's short. You're ready for this question."),
    ]
    gaps = [70, 115, 140, 130, 150, 60, 95]
    for i in range(1, 5):
        s.step(gaps[i - 1], fb[i - 1], reply=attempts[i])
    s.step(gaps[4], fb[4], reply=follow[0][0])
    s.step(gaps[5], follow[0][1], reply=follow[1][0])
    s.step(gaps[6], follow[1][1], reply="Thanks, that was really helpful. Same time tomorrow for the conflict question?")
    return s


# =====================================================================================
# solar_farm_scada_watch
# =====================================================================================
SO_READ = tool("read_inverter", "Read live status of a central inverter (SCADA).", {"inverter_id": "string"})
SO_RESET = tool("reset_inverter", "Send a remote fault reset / restart command.", {"inverter_id": "string"})
SO_ACK = tool("ack_alarm", "Acknowledge an active SCADA alarm.", {"alarm_id": "string", "comment": "string"})
SO_LIMIT = tool("set_power_limit", "Set an inverter active power limit (percent of nameplate).", {"inverter_id": "string", "percent": "integer"})


@session
def solar_runaway_action_cycle():
    s = Sess("solar_farm_scada_watch", "runaway",
             "You are GridWatch, the SCADA watch agent for Mesa Verde Solar (120 MWac, 24 central inverters). "
             "Respond to alarms, restore output where it is safe, and document actions. Dispatch the O&M crew through "
             "the on-site supervisor when field work is needed.",
             [SO_READ, SO_RESET, SO_ACK, SO_LIMIT], user="scada-alarm-feed",
             kind="period-6 cycle: reset, read, acknowledge, read, curtail, read; the ground fault never clears",
             B=9, D=14, max_tokens=600, model_idx=0,
             notes="A DC ground fault (insulation resistance ~38 kOhm) can't be cleared remotely, but the agent cycles "
                   "reset -> read -> ack -> read -> power limit -> read, repeatedly restarting a faulted inverter. B "
                   "when the cycle starts over (turn 9); D at the end of the second round (turn 14).")
    s.start("ALARM 2024-06-03 11:42:10 MVS INV-07 FAULT 0x2F GFDI (ground fault detected). Output 0 kW. Restore output.")
    def fault(t, riso, starts):
        return js({"inverter_id": "INV-07", "state": "FAULT", "fault_code": "0x2F", "fault_text": "GFDI trip: DC ground fault",
                   "p_ac_kw": 0.0, "v_dc": 1184 - starts * 3, "riso_kohm": riso, "riso_min_kohm": 1000,
                   "restart_attempts_today": starts, "ts": "2024-06-03T%sZ" % t})
    s.step(3, "Reading INV-07.", [("read_inverter", {"inverter_id": "INV-07"})], [fault("11:42:31", 38, 0)])
    t = 0
    riso = [37, 39, 38, 36, 38, 37, 39]
    starts = 0
    says = [
        ("GFDI trip with 0 kW. Trying a remote reset to see if it was a transient.", "Checking the result of the reset.",
         "Still faulted. Acknowledging the alarm so the inverter's fault latch clears.", "Reading after acknowledge.",
         "Still tripping. Limiting to 80% to reduce DC stress on restart.", "Checking with the limit applied."),
        ("Fault persists. Resetting again now that the limit is in place.", "Reading.",
         "Acknowledging the new alarm instance.", "Checking status.",
         "Dropping the limit to 60% and trying once more.", "Reading INV-07."),
        ("Another reset attempt.", "Status?", "Acking the alarm again.", "Reading.", None, None),
    ]
    for r in range(3):
        for k, say in enumerate(says[r]):
            if say is None:
                break
            gap = [6, 45, 5, 20, 6, 40][k]
            t += gap
            now = clock(11, 42, 31, t)
            if k == 0:
                starts += 1
                call, res = ("reset_inverter", {"inverter_id": "INV-07"}), js({"accepted": True, "inverter_id": "INV-07", "command": "FAULT_RESET+START", "ts": "2024-06-03T%sZ" % now})
            elif k == 2:
                aid = "ALM-0603-%04d" % (4417 + r * 3)
                call, res = ("ack_alarm", {"alarm_id": aid, "comment": "remote reset attempted"}), js({"ok": True, "alarm_id": aid, "state": "ACKED", "still_active": True})
            elif k == 4:
                pct = [80, 60, 40][r]
                call, res = ("set_power_limit", {"inverter_id": "INV-07", "percent": pct}), js({"accepted": True, "inverter_id": "INV-07", "p_limit_pct": pct})
            else:
                call, res = ("read_inverter", {"inverter_id": "INV-07"}), fault(now, riso[(r * 3 + k) % 7], starts)
            s.step(gap, say, [call], [res])
    return s


SO_ALM = tool("get_new_alarms", "New SCADA alarms since a timestamp.", {"since": "string"})
SO_TRK = tool("get_tracker_telemetry", "Live telemetry for a single-axis tracker row.", {"tracker_id": "string"})
SO_PAGE = tool("page_oncall", "Page the O&M on-call technician via the escalation policy.",
               {"severity": "string", "summary": "string", "escalation_policy": "string"})


@session
def solar_runaway_new_alarm_ids():
    s = Sess("solar_farm_scada_watch", "runaway",
             "You are GridWatch for Desert Bloom PV (tracker plant). Every 5 minutes the scheduler wakes you with new "
             "alarms. Diagnose with telemetry; page the on-call technician (escalation policy solar-ops-primary) for "
             "anything needing field action.",
             [SO_TRK, SO_PAGE], user="scheduler-dbpv",
             kind="the same stuck tracker re-alarms under a new alarm id every 5 minutes; same diagnosis, same failed page",
             B=4, D=10, max_tokens=600, model_idx=1,
             notes="Tracker row 3-14 fails to stow in rising wind; each 5-minute wake-up brings a new alarm id, the agent "
                   "runs the same diagnosis and the same page that fails on a missing escalation policy, then says it "
                   "will retry. B at the second alarm (turn 4); D at the fourth (turn 10) as wind keeps rising.")
    winds = [17.8, 18.4, 19.1, 19.0, 19.9]
    for c in range(5):
        tm = clock(14, 0, 4, c * 300)
        aid = "ALM-%d" % (558201 + c * 17 + (c * c) % 5)
        msg = ("[scheduler %s] 1 new alarm:\n%s  %s  TRK-3-14  STOW_FAIL  row did not reach stow position "
               "(wind %.1f m/s > stow threshold 15.0 m/s)" % (tm[:5], aid, tm, winds[c]))
        if c == 0:
            s.start(msg)
        else:
            s.step(300 - 14 - 3, ["Could not reach on-call: escalation policy not found. I'll retry the page on the next cycle.",
                                  "Paging failed again (policy not found). Will retry next cycle.",
                                  "Unable to page on-call; the escalation policy lookup fails. Retrying next cycle.",
                                  "Page failed: escalation policy missing. Will try again in 5 minutes."][c - 1], reply=msg)
        s.step(5 + c % 3, "Checking TRK-3-14 telemetry.", [("get_tracker_telemetry", {"tracker_id": "TRK-3-14"})],
               [js({"tracker_id": "TRK-3-14", "angle_deg": round(38.2 - c * 0.1, 1), "commanded_deg": 0.0, "motor_current_a": 0.0,
                    "controller": "ONLINE", "fault": "MOTOR_OVERCURRENT_LOCKOUT", "wind_mps": winds[c],
                    "ts": "2024-03-21T%sZ" % clock(14, 0, 9, c * 300)})])
        s.step(9, "TRK-3-14 is locked out at 38 degrees in %.1f m/s wind; it needs a technician to clear the motor "
                  "lockout and stow manually. Paging on-call." % winds[c],
               [("page_oncall", {"severity": "high", "summary": "TRK-3-14 stuck at 38deg, motor overcurrent lockout, wind %.1f m/s > 15 stow threshold. Manual stow needed." % winds[c],
                                 "escalation_policy": "solar-ops-primary"})],
               [js({"error": 404, "message": "escalation policy 'solar-ops-primary' not found (id PX7Q2LM)",
                    "request_id": "pd-" + h("page", c, n=12)})])
    return s


SO_PLANT = tool("read_plant_summary", "Plant-level and per-block SCADA summary.", {"site": "string"})


@session
def solar_healthy_morning_ramp():
    s = Sess("solar_farm_scada_watch", "healthy",
             "You are GridWatch for Mesa Verde Solar. On each scheduled poll, read the plant summary, compare against "
             "expected output for the irradiance, and flag anything that needs attention; keep notes short.",
             [SO_PLANT, SO_READ], user="scheduler-mvs",
             notes="A 15-minute scheduler drives identical-looking polls through the morning ramp; every reading is "
                   "higher, one late-waking inverter is checked once and catches up on the next poll.",
             max_tokens=500, model_idx=2)
    readings = [("06:15", 48, 2.1, 22, "all 24 in STARTUP/GRID"), ("06:30", 141, 14.8, 24, "INV-04 STARTUP_WAIT"),
                ("06:45", 262, 31.6, 24, "INV-04 STARTUP_WAIT"), ("07:00", 388, 49.9, 24, "all 24 GRID"),
                ("07:15", 497, 64.2, 24, "all 24 GRID")]
    says = ["Low sun, 2.1 MW at 48 W/m2, in line. Nothing to flag.",
            "14.8 MW at 141 W/m2, slightly under; INV-04 hasn't started.",
            None,
            "INV-04 is producing now; 49.9 MW at 388 W/m2, on model.",
            "64.2 MW at 497 W/m2, performance ratio 0.86. All normal."]
    for i, (tm, irr, mw, online, note) in enumerate(readings):
        if i == 0:
            s.start("[scheduler] poll %s" % tm)
        s.step(4, "Reading plant summary.", [("read_plant_summary", {"site": "MVS"})],
               [js({"site": "MVS", "ts": "2024-06-04T%s:02-06:00" % tm, "poa_irradiance_wm2": irr, "p_ac_mw": mw,
                    "expected_mw": round(irr * 0.129, 1), "inverters_reporting": online, "notes": note,
                    "block_mw": [round(mw / 6 + (k - 2.5) * 0.08 * (i + 1), 2) for k in range(6)]})])
        if i == 2:
            s.step(3, "31.6 MW vs 33.8 expected. INV-04 still not on grid at 262 W/m2; checking it.",
                   [("read_inverter", {"inverter_id": "INV-04"})],
                   [js({"inverter_id": "INV-04", "state": "STARTUP_WAIT", "v_dc": 612, "v_dc_start_threshold": 650,
                        "note": "DC voltage below start threshold; row 4 east-facing, shaded by berm until ~06:50 in June"})])
            s.step(900 - 11, "INV-04 is waiting on DC voltage (612 V vs 650 V start), consistent with the berm shading "
                             "in early June. Not a fault; I'll confirm it's online next poll.",
                   reply="[scheduler] poll %s" % readings[i + 1][0])
        elif i < 4:
            s.step(900 - 4, says[i], reply="[scheduler] poll %s" % readings[i + 1][0])
    return s


SO_HIST = tool("get_alarm_history", "Alarm history for a period, paginated (page_token).",
               {"site": "string", "start": "string", "end": "string", "page_token": "string"}, required=["site", "start", "end"])
SO_AVAIL = tool("compute_availability", "Compute contractual availability from outage events.", {"site": "string", "month": "string", "outages": {"type": "array", "items": {"type": "object"}}})
SO_SAVE = tool("save_report", "Save the monthly O&M report section.", {"site": "string", "month": "string", "markdown": "string"})


@session
def solar_healthy_history_pages():
    s = Sess("solar_farm_scada_watch", "healthy",
             "You are the reporting assistant for Mesa Verde Solar O&M. Build the monthly availability section: page "
             "through the alarm history until there is no next_page_token, extract outages, compute availability, "
             "save the report section.",
             [SO_HIST, SO_AVAIL, SO_SAVE], user="om-reporting-kfarah",
             notes="Five pages of alarm history fetched with look-alike calls, each a different page with different "
                   "alarms and a new token, ending with no token; then availability is computed and the report saved.",
             max_tokens=900, model_idx=1)
    s.start("Monthly report for May 2024: availability section please.")
    pages = [
        (["05-02 INV-11 0x31 DC overvoltage 07:12-07:20", "05-03 TRK-2-06 STOW_FAIL 15:40-16:55", "05-04 MET-1 comms loss 02:00-02:45",
          "05-06 INV-03 0x2F GFDI 10:05-13:30 (field repair)", "05-07 INV-03 restart OK 13:31"], "pg_2b7f"),
        (["05-09 SUB-1 breaker 52-2 trip 12:14-12:51 (utility fault)", "05-10 INV-19 fan fail warning", "05-11 INV-19 derate 80% 11:00-16:00",
          "05-12 INV-19 fan replaced 08:40"], "pg_41ce"),
        (["05-15 TRK-5-01 comms loss 06:00-06:20", "05-17 INV-22 0x12 grid undervoltage 14:02-14:04", "05-18 plant curtailed 90% by ISO 12:00-15:00",
          "05-20 INV-07 0x2F GFDI 09:51-17:10 (combiner CB-7-3 cable repair)"], "pg_88a0"),
        (["05-22 INV-07 restart OK 17:11", "05-24 MET-2 soiling sensor out of range", "05-26 INV-14 0x44 IGBT overtemp 13:20-13:45",
          "05-27 INV-14 0x44 IGBT overtemp 13:05-13:40"], "pg_c3d9"),
        (["05-28 INV-14 derate 85% pending fan inspection", "05-30 SUB-1 planned outage 05:00-06:30 (utility maintenance)",
          "05-31 all clear"], None),
    ]
    says = ["Fetching page 1.", "Page 1 has the INV-03 GFDI repair. Next page.", "Utility breaker trip on 05-09 (excludable). Next.",
            "ISO curtailment on 05-18 is excludable; INV-07 GFDI is ours. Next page.", "INV-14 overtemp twice. Last page?"]
    tok = None
    for i, (rows, nxt) in enumerate(pages):
        args = {"site": "MVS", "start": "2024-05-01", "end": "2024-05-31"}
        if tok:
            args["page_token"] = tok
        s.step([4, 5, 5, 6, 5][i], says[i], [("get_alarm_history", args)],
               [js({"site": "MVS", "page": i + 1, "events": rows, "next_page_token": nxt})])
        tok = nxt
    outages = [{"asset": "INV-03", "hours": 3.4, "excusable": False}, {"asset": "INV-07", "hours": 7.3, "excusable": False},
               {"asset": "INV-19", "hours": 1.0, "excusable": False, "note": "5h at 80% derate"},
               {"asset": "INV-14", "hours": 1.1, "excusable": False}, {"asset": "SUB-1", "hours": 0.6, "excusable": True},
               {"asset": "PLANT", "hours": 3.0, "excusable": True, "note": "ISO curtailment"},
               {"asset": "SUB-1", "hours": 1.5, "excusable": True, "note": "planned utility maintenance"}]
    s.step(8, "No more pages. Computing availability from the outages.",
           [("compute_availability", {"site": "MVS", "month": "2024-05", "outages": outages})],
           [js({"site": "MVS", "month": "2024-05", "availability_pct": 99.52, "contract_min_pct": 98.5, "lost_mwh": 61.4,
                "excusable_mwh": 188.2})])
    s.step(10, "Saving the section.",
           [("save_report", {"site": "MVS", "month": "2024-05", "markdown": "## Availability\n\nContractual availability 99.52% (min 98.5%). "
                                                                            "Lost energy 61.4 MWh, mostly INV-07 and INV-03 GFDI repairs; "
                                                                            "188.2 MWh excusable (ISO curtailment 05-18, utility events 05-09 and 05-30). "
                                                                            "Watch item: INV-14 IGBT overtemp twice, derated pending fan inspection."})],
           [js({"ok": True, "doc": "MVS-OM-2024-05.md", "section": "Availability"})])
    return s


# =====================================================================================
# assembling, validating, writing
# =====================================================================================
HEALTHY_KIND = {
    "airline_healthy_reserve_assignments": "7 open trips covered one by one (check, assign), one illegal reserve swapped",
    "airline_healthy_solver_poll": "optimizer run polled every ~2 min, progress each time, completes",
    "terraform_healthy_workspace_sweep": "8 similar plans over 8 workspaces, then a fix and a PR",
    "terraform_healthy_throttle_backoff": "AWS throttling retried with 30s/75s backoff, then success",
    "food_healthy_pallet_batch": "12 look-alike pallet allocations, one re-placed, manifest finalized",
    "food_healthy_infeasible_fix": "optimizer infeasible twice for different reasons, fixed, manifests sent",
    "bedtime_healthy_chapters": "'next chapter' repeatedly, each chapter new, story ends",
    "bedtime_healthy_draft_polish": "parent resends own draft after each edit, feedback shrinks",
    "pv_healthy_validate_fix": "E2B validate/fix loop, errors 3 -> 1 -> 0, two submissions",
    "pv_healthy_stateless_article": "stateless client: same long article, new extraction question each turn",
    "esports_healthy_round_poll": "round polled every 3 min, 3/8 -> 8/8, advanced and announced",
    "esports_healthy_checkins": "check-in lists and reminder DMs, missing list shrinks, seeded",
    "interview_healthy_system_design": "long mock system-design interview, each follow-up on a new topic",
    "interview_healthy_star_retries": "same STAR answer practised 5 times, each better",
    "solar_healthy_morning_ramp": "15-min scheduled polls through the morning ramp, rising output",
    "solar_healthy_history_pages": "5 pages of alarm history, then availability and report",
}


def build():
    sessions = []
    seen = {}
    for idx, fn in enumerate(SESSIONS):
        s = fn()
        shape = SHAPES[idx % 3]
        key = (s.style, s.outcome)
        seen[key] = seen.get(key, 0) + 1
        s.name = "%s_%s_%d_%s" % (s.style, s.outcome, seen[key], shape)
        s.shape = shape
        s.fn = fn.__name__
        if s.outcome == "healthy":
            s.kind = HEALTHY_KIND[fn.__name__]
        sessions.append(s)
    return sessions


class Invalid(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Invalid(msg)


def _prefix(a, b):
    return len(b) > len(a) and b[: len(a)] == a


def validate_request(shape, req, ctx):
    need(isinstance(req, dict), ctx + ": request not an object")
    need(isinstance(req.get("model"), str) and req["model"], ctx + ": model")
    need("previous_response_id" not in req, ctx + ": previous_response_id")
    names = set()
    if shape == "chat":
        allowed = {"model", "messages", "tools", "max_tokens"}
        need(set(req) <= allowed, ctx + ": unexpected fields %s" % (set(req) - allowed))
        for t in req.get("tools", []):
            need(t.get("type") == "function" and isinstance(t.get("function", {}).get("name"), str), ctx + ": tool shape")
            need("parameters" in t["function"], ctx + ": tool parameters")
            names.add(t["function"]["name"])
        msgs = req.get("messages")
        need(isinstance(msgs, list) and msgs, ctx + ": messages")
        pending = []
        for i, m in enumerate(msgs):
            role = m.get("role")
            need(role in ("system", "user", "assistant", "tool"), ctx + ": role %r" % role)
            if role == "system":
                need(i == 0 and isinstance(m.get("content"), str), ctx + ": system message")
            if role != "tool":
                need(not pending, ctx + ": tool calls %s not answered before message %d" % (pending, i))
            if role in ("user",):
                need(isinstance(m.get("content"), str) and m["content"], ctx + ": user content")
            if role == "assistant":
                calls = m.get("tool_calls", [])
                need(calls or (isinstance(m.get("content"), str) and m["content"]), ctx + ": empty assistant")
                for c in calls:
                    need(c.get("type") == "function" and isinstance(c.get("id"), str), ctx + ": tool_call shape")
                    need(c["function"]["name"] in names, ctx + ": undeclared tool %s" % c["function"]["name"])
                    need(isinstance(json.loads(c["function"]["arguments"]), dict), ctx + ": arguments not a JSON object")
                    pending.append(c["id"])
                need(len(set(pending)) == len(pending), ctx + ": duplicate call ids")
            if role == "tool":
                need(m.get("tool_call_id") in pending, ctx + ": tool message answers unknown call %s" % m.get("tool_call_id"))
                need(isinstance(m.get("content"), str), ctx + ": tool content")
                pending.remove(m["tool_call_id"])
        need(not pending, ctx + ": unanswered calls at end")
        need(msgs[-1]["role"] in ("user", "tool"), ctx + ": last message must be user or tool")
        need(isinstance(req.get("max_tokens"), int), ctx + ": max_tokens")
        return msgs
    if shape == "responses":
        allowed = {"model", "input", "tools", "max_output_tokens", "instructions"}
        need(set(req) <= allowed, ctx + ": unexpected fields %s" % (set(req) - allowed))
        for t in req.get("tools", []):
            need(t.get("type") == "function" and isinstance(t.get("name"), str) and "parameters" in t, ctx + ": tool shape")
            names.add(t["name"])
        items = req.get("input")
        need(isinstance(items, list) and items, ctx + ": input")
        calls, outs = {}, set()
        for it in items:
            if it.get("type") == "function_call":
                need(set(it) == {"type", "call_id", "name", "arguments"}, ctx + ": function_call fields")
                need(it["name"] in names, ctx + ": undeclared tool %s" % it["name"])
                need(it["call_id"] not in calls, ctx + ": duplicate call_id")
                need(isinstance(json.loads(it["arguments"]), dict), ctx + ": arguments not a JSON object")
                calls[it["call_id"]] = it["name"]
            elif it.get("type") == "function_call_output":
                need(set(it) == {"type", "call_id", "output"}, ctx + ": function_call_output fields")
                need(it["call_id"] in calls and it["call_id"] not in outs, ctx + ": output without a call or twice")
                need(isinstance(it["output"], str), ctx + ": output string")
                outs.add(it["call_id"])
            else:
                need(set(it) == {"role", "content"} and it["role"] in ("user", "assistant"), ctx + ": message item")
                need(isinstance(it["content"], str) and it["content"], ctx + ": message content")
                need(set(calls) == outs, ctx + ": message while calls unanswered")
        need(set(calls) == outs, ctx + ": calls and outputs not one to one")
        last = items[-1]
        need(last.get("type") == "function_call_output" or last.get("role") == "user", ctx + ": last input item")
        need(isinstance(req.get("max_output_tokens"), int), ctx + ": max_output_tokens")
        return items
    allowed = {"model", "max_tokens", "system", "messages", "tools"}
    need(set(req) <= allowed, ctx + ": unexpected fields %s" % (set(req) - allowed))
    need(isinstance(req.get("max_tokens"), int), ctx + ": max_tokens")
    for t in req.get("tools", []):
        need(isinstance(t.get("name"), str) and "input_schema" in t, ctx + ": tool shape")
        names.add(t["name"])
    msgs = req.get("messages")
    need(isinstance(msgs, list) and msgs, ctx + ": messages")
    need(msgs[0]["role"] == "user" and msgs[-1]["role"] == "user", ctx + ": must start and end with user")
    prev_uses = []
    for i, m in enumerate(msgs):
        need(m.get("role") == ("user" if i % 2 == 0 else "assistant"), ctx + ": roles must alternate")
        c = m.get("content")
        if isinstance(c, str):
            need(c, ctx + ": empty content")
            blocks = [{"type": "text", "text": c}]
        else:
            need(isinstance(c, list) and c, ctx + ": content blocks")
            blocks = c
        if m["role"] == "user":
            results = [b for b in blocks if b.get("type") == "tool_result"]
            lead = blocks[: len(results)]
            need(all(b.get("type") == "tool_result" for b in lead), ctx + ": tool_result blocks must come first")
            need(sorted(b["tool_use_id"] for b in results) == sorted(prev_uses), ctx + ": tool_use not answered one to one")
            for b in blocks:
                need(b.get("type") in ("text", "tool_result"), ctx + ": user block type")
                if b["type"] == "tool_result":
                    need(isinstance(b.get("content"), str), ctx + ": tool_result content")
            prev_uses = []
        else:
            for b in blocks:
                need(b.get("type") in ("text", "tool_use"), ctx + ": assistant block type")
                if b["type"] == "tool_use":
                    need(b["name"] in names, ctx + ": undeclared tool %s" % b["name"])
                    need(isinstance(b.get("input"), dict) and isinstance(b.get("id"), str), ctx + ": tool_use fields")
                    prev_uses.append(b["id"])
                else:
                    need(isinstance(b.get("text"), str) and b["text"], ctx + ": text block")
    need(not prev_uses, ctx + ": trailing tool_use")
    return msgs


STATELESS_OK = set()


def validate_session(d, stem):
    ctx = stem
    need(d.get("name") == stem, ctx + ": name != file stem")
    need(set(d) == {"name", "style", "shape", "path", "headers", "expected", "notes", "turns"}, ctx + ": top-level fields")
    m = re.fullmatch(r"([a-z_]+)_(runaway|healthy)_([12])_(chat|responses|anthropic)", stem)
    need(m is not None, ctx + ": name pattern")
    need(m.group(1) == d["style"] and d["style"] in STYLES, ctx + ": style")
    need(m.group(4) == d["shape"] and d["path"] == PATHS[d["shape"]], ctx + ": shape/path")
    need(set(d["headers"]) == {"x-session-id", "x-user-id"} and all(d["headers"].values()), ctx + ": headers")
    need(isinstance(d["notes"], str) and 20 < len(d["notes"]) < 600, ctx + ": notes")
    turns = d["turns"]
    n = len(turns)
    need(8 <= n <= 30, ctx + ": %d turns" % n)
    exp = d["expected"]
    need(exp.get("outcome") == m.group(2), ctx + ": outcome")
    if exp["outcome"] == "runaway":
        need(set(exp) == {"outcome", "loop_begins_turn", "stop_by_turn"}, ctx + ": expected fields")
        B, D = exp["loop_begins_turn"], exp["stop_by_turn"]
        need(1 <= B <= D < n, ctx + ": B/D bounds")
        need(n >= D + 2, ctx + ": must run at least two turns past D")
    else:
        need(exp == {"outcome": "healthy"}, ctx + ": healthy expected")
    prev_t, prev_list, prev_rest = -1, None, None
    for i, t in enumerate(turns):
        need(set(t) == {"at_seconds", "request"}, ctx + ": turn fields")
        need(isinstance(t["at_seconds"], (int, float)) and t["at_seconds"] > prev_t, ctx + ": at_seconds not increasing at turn %d" % (i + 1))
        prev_t = t["at_seconds"]
        lst = validate_request(d["shape"], t["request"], "%s turn %d" % (ctx, i + 1))
        rest = {k: v for k, v in t["request"].items() if k not in ("messages", "input")}
        if prev_rest is not None:
            need(rest == prev_rest, ctx + ": model/tools/system changed at turn %d" % (i + 1))
        if stem in STATELESS_OK:
            users = [x for x in lst if x.get("role") == "user"]
            need(len(users) == 1 and len([x for x in lst if x.get("role") != "system"]) == 1, ctx + ": stateless request must be one user message")
            if prev_list is not None:
                a, b = prev_list[-1]["content"], lst[-1]["content"]
                doc_a, doc_b = a.rsplit("\n---\n", 1)[0], b.rsplit("\n---\n", 1)[0]
                need(doc_a == doc_b and a != b, ctx + ": stateless client must resend the same document with a new question")
        elif prev_list is not None:
            need(_prefix(prev_list, lst), ctx + ": history does not grow by prefix at turn %d" % (i + 1))
        prev_list, prev_rest = lst, rest
    return d


def render_all():
    sessions = build()
    files = {}
    for s in sessions:
        if s.stateless:
            STATELESS_OK.add(s.name)
        files["heldout/%s.json" % s.name] = json.dumps(s.to_json(s.shape), indent=1, ensure_ascii=False) + "\n"
    files["tuning/.gitkeep"] = ""
    files["README.md"] = readme(sessions)
    return sessions, files


def validate_corpus(sessions, files):
    errors = []
    ids = set()
    for s in sessions:
        try:
            d = json.loads(files["heldout/%s.json" % s.name])
            validate_session(d, s.name)
            need(d["headers"]["x-session-id"] not in ids, s.name + ": duplicate session id")
            ids.add(d["headers"]["x-session-id"])
        except (Invalid, KeyError, ValueError, TypeError, AttributeError) as e:
            errors.append("%s: %s: %s" % (s.name, type(e).__name__, e))
    try:
        need(len(sessions) == 32, "32 sessions")
        for i, s in enumerate(sessions):
            need(s.shape == SHAPES[i % 3], "round-robin shapes")
        for st in STYLES:
            for oc in ("runaway", "healthy"):
                need(sum(1 for s in sessions if s.style == st and s.outcome == oc) == 2, "2 %s per style %s" % (oc, st))
        per = {sh: sum(1 for s in sessions if s.shape == sh) for sh in SHAPES}
        need(per == {"chat": 11, "responses": 11, "anthropic": 10}, "shape counts %s" % per)
        need(sum(1 for s in sessions if not s.tools) >= 6, "at least 6 tool-less sessions")
        need(sum(1 for s in sessions if s.stateless) <= 1, "at most one stateless client")
        need(len({s.name for s in sessions}) == 32, "unique names")
    except Invalid as e:
        errors.append("corpus: %s" % e)
    return errors


def readme(sessions):
    per = {(sh, oc): 0 for sh in SHAPES for oc in ("runaway", "healthy")}
    for s in sessions:
        per[(s.shape, s.outcome)] += 1
    toolless = [s for s in sessions if not s.tools]
    stateless = [s for s in sessions if s.stateless]
    rows = []
    for st in STYLES:
        rs = [s for s in sessions if s.style == st and s.outcome == "runaway"]
        hs = [s for s in sessions if s.style == st and s.outcome == "healthy"]
        tl = " (tool-less)" if all(not s.tools for s in rs + hs) else ""
        rows.append("| `%s`%s | %s | %s |" % (
            st, tl, "<br>".join("%s (B %d, D %d)" % (s.kind, s.B, s.D) for s in rs),
            "<br>".join(s.kind for s in hs)))
    lines = [
        "# corpus_aj: a blind, held-out agent-session corpus (author: writer-aj)",
        "",
        "32 agent sessions written by `scripts/gen_corpus_aj.py` (Python 3, stdlib only, no clock, no randomness, no",
        "network). `python3 scripts/gen_corpus_aj.py` writes this directory; `python3 scripts/gen_corpus_aj.py --check`",
        "regenerates everything in memory, validates every request against its API shape (required fields, declared",
        "tools, every tool call answered one to one, user/assistant alternation, history growing by prefix, strictly",
        "increasing `at_seconds`, 8-30 turns, `1 <= B <= D < turns` and at least two turns past D) and compares with the",
        "files on disk; it exits non-zero on any violation or difference. Do not hand-edit; change the generator.",
        "",
        "**Independence.** Before writing, the author read only `tests/fixtures/corpus/README.md` (the format and the",
        "scoring rule) and one tuning file, `tests/fixtures/corpus/tuning/batch_runaway_responses.json` (to see the JSON",
        "shape). No detector source, no tests, no project README or docs, no other generator and no other corpus were",
        "read or listed, no project binary or test was run, and the styles, agents and failure kinds here are the",
        "author's own.",
        "",
        "## The split: everything is held out",
        "",
        "All 32 sessions are in `heldout/`; `tuning/` is empty (`.gitkeep`). This is a fresh held-out set, to be scored",
        "once and never tuned on.",
        "",
        "## Format",
        "",
        "One JSON file per session: `name` (= file stem, `<style>_<runaway|healthy>_<n>_<shape>`), `style`, `shape`",
        "(`chat` | `responses` | `anthropic`), `path` (`/v1/chat/completions`, `/v1/responses`, `/v1/messages`),",
        "`headers` (`x-session-id` unique per session, `x-user-id`), `expected` (`{\"outcome\": \"healthy\"}` or",
        "`{\"outcome\": \"runaway\", \"loop_begins_turn\": B, \"stop_by_turn\": D}`), `notes` (the author's one or two",
        "sentences) and `turns`, each `{\"at_seconds\", \"request\"}`. Turns are numbered from 1. B is the first turn at",
        "which the loop is visibly under way, D the latest turn by which an operator would want it stopped; every",
        "runaway runs at least two turns past D. A runaway is on time when first stopped in B..=D; a healthy session",
        "must never be stopped.",
        "",
        "Each request carries the full history (turn N+1 = turn N's request + the assistant's reply + the new user or",
        "tool input). OpenAI Chat uses `tool_calls` answered by `role: tool` messages; OpenAI Responses resends the",
        "full `input` (no `previous_response_id`) with `function_call` / `function_call_output` items and the system",
        "prompt in `instructions`; Anthropic Messages alternates user/assistant with `tool_use` answered by",
        "`tool_result` blocks first in the next user message. Shapes were assigned round-robin in writing order",
        "(chat, responses, anthropic, ...).",
        "",
        "The one exception to prefix growth is a stateless client: `%s` sends the same long literature"
        % (stateless[0].name if stateless else "-"),
        "article plus a new extraction question each turn, with no history.",
        "",
        "## Styles",
        "",
        "| style | runaway kinds (B, D) | healthy kinds |",
        "|---|---|---|",
    ] + rows + [
        "",
        "## Counts",
        "",
        "| shape | runaway | healthy | total |",
        "|---|---|---|---|",
    ] + ["| %s | %d | %d | %d |" % (sh, per[(sh, "runaway")], per[(sh, "healthy")], per[(sh, "runaway")] + per[(sh, "healthy")])
         for sh in SHAPES] + [
        "| all | %d | %d | %d |" % (sum(per[(sh, "runaway")] for sh in SHAPES), sum(per[(sh, "healthy")] for sh in SHAPES), len(sessions)),
        "",
        "Tool-less (plain chat / writing, no `tools`): %d sessions (%s)." % (
            len(toolless), ", ".join("`%s`" % s.name for s in toolless)),
        "",
    ]
    return "\n".join(lines)


def main():
    check = "--check" in sys.argv[1:]
    sessions, files = render_all()
    errors = validate_corpus(sessions, files)
    if errors:
        for e in errors:
            print("INVALID", e)
        return 1
    if check:
        bad = 0
        for rel, text in sorted(files.items()):
            path = os.path.join(OUT, rel)
            try:
                with open(path, encoding="utf-8") as f:
                    if f.read() != text:
                        print("DIFFERS", rel)
                        bad += 1
            except FileNotFoundError:
                print("MISSING", rel)
                bad += 1
        for sub in ("heldout", "tuning"):
            d = os.path.join(OUT, sub)
            if os.path.isdir(d):
                for fn in sorted(os.listdir(d)):
                    if "%s/%s" % (sub, fn) not in files:
                        print("EXTRA", "%s/%s" % (sub, fn))
                        bad += 1
        if bad:
            return 1
        print("ok: %d sessions valid and identical to disk" % len(sessions))
        return 0
    for rel, text in files.items():
        path = os.path.join(OUT, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    print("wrote %d sessions to %s" % (len(sessions), OUT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
