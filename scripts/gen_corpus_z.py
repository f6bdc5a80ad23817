#!/usr/bin/env python3
"""Generate tests/fixtures/corpus_z: writer-z's independent, held-out agent-session corpus.

Stdlib only, deterministic (fixed seeds, no clock, no network).  Every session is written by
its own hand-written function below; a small builder turns one abstract conversation into the
request bodies of one API shape (OpenAI Chat, OpenAI Responses, Anthropic Messages), resending
the full history each turn exactly as agents do.

    python3 scripts/gen_corpus_z.py           # write the files
    python3 scripts/gen_corpus_z.py --check   # regenerate in memory, compare with disk, validate
"""
import hashlib
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIR = os.path.join(ROOT, "tests", "fixtures", "corpus_z")
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
MODELS = {"chat": "gpt-4o", "responses": "gpt-4.1-mini", "anthropic": "claude-sonnet-4-20250514"}


def runaway(b, d):
    return {"outcome": "runaway", "loop_begins_turn": b, "stop_by_turn": d}


HEALTHY = {"outcome": "healthy"}


class Session:
    """One abstract conversation; rendered to one API shape by render()."""

    def __init__(self, name, style, shape, system, expected, notes, tools=(), user="u", model=None,
                 max_tokens=1024, stateless=False):
        self.name, self.style, self.shape = name, style, shape
        self.system, self.expected, self.notes = system, expected, notes
        self.tools = list(tools)  # (name, description, {prop: (type, description)})
        self.user_id = user
        self.model = model or MODELS[shape]
        self.max_tokens = max_tokens
        self.stateless = stateless
        self.msgs = []  # ("user", text) | ("asst", text, [(id, name, args)]) | ("tool", [(id, content, err)])
        self.ends = []  # (index after the input message, at_seconds)
        self.t = 0
        self.n = 0
        self.pending = []

    def _id(self):
        self.n += 1
        h = hashlib.sha1(("%s/%d" % (self.name, self.n)).encode()).hexdigest()
        return ("toolu_01" + h[:22]) if self.shape == "anthropic" else ("call_" + h[:24])

    def _tick(self, dt):
        if self.ends:
            self.t += dt
        return self.t

    def user(self, dt, text):
        self._tick(dt)
        self.msgs.append(("user", text))
        self.ends.append((len(self.msgs), self.t))

    def asst(self, text=None, calls=()):
        ids = []
        cs = []
        for name, args in calls:
            i = self._id()
            ids.append(i)
            cs.append((i, name, args))
        self.msgs.append(("asst", text, cs))
        self.pending = ids
        return ids

    def results(self, dt, outs):
        """outs: list of (content, is_error) for the pending calls, in order."""
        self._tick(dt)
        assert len(outs) == len(self.pending), self.name
        rs = []
        for i, (c, err) in zip(self.pending, outs):
            if not isinstance(c, str):
                c = json.dumps(c, ensure_ascii=False)
            rs.append((i, c, err))
        self.msgs.append(("tool", rs))
        self.ends.append((len(self.msgs), self.t))
        self.pending = []

    def call(self, dt, name, args, out, text=None, err=False):
        """The assistant calls one tool; its result is the next turn's new input."""
        self.asst(text, [(name, args)])
        self.results(dt, [(out, err)])

    def say(self, text, dt, user_text):
        self.asst(text)
        self.user(dt, user_text)

    # ---- rendering ----
    def _tool_decls(self):
        out = []
        for name, desc, props in self.tools:
            schema = {"type": "object",
                      "properties": {k: {"type": v[0], "description": v[1]} for k, v in props.items()},
                      "required": [k for k in props if not props[k][1].startswith("optional")]}
            if self.shape == "chat":
                out.append({"type": "function", "function": {"name": name, "description": desc, "parameters": schema}})
            elif self.shape == "responses":
                out.append({"type": "function", "name": name, "description": desc, "parameters": schema})
            else:
                out.append({"name": name, "description": desc, "input_schema": schema})
        return out

    def _render_msgs(self, msgs):
        s = self.shape
        out = []
        if s == "chat":
            out.append({"role": "system", "content": self.system})
            for m in msgs:
                if m[0] == "user":
                    out.append({"role": "user", "content": m[1]})
                elif m[0] == "asst":
                    a = {"role": "assistant", "content": m[1]}
                    if m[2]:
                        a["tool_calls"] = [{"id": i, "type": "function",
                                            "function": {"name": n, "arguments": json.dumps(args)}}
                                           for i, n, args in m[2]]
                    out.append(a)
                else:
                    for i, c, _ in m[1]:
                        out.append({"role": "tool", "tool_call_id": i, "content": c})
        elif s == "responses":
            for m in msgs:
                if m[0] == "user":
                    out.append({"type": "message", "role": "user", "content": m[1]})
                elif m[0] == "asst":
                    if m[1]:
                        out.append({"type": "message", "role": "assistant",
                                    "content": [{"type": "output_text", "text": m[1]}]})
                    for i, n, args in m[2]:
                        out.append({"type": "function_call", "call_id": i, "name": n, "arguments": json.dumps(args)})
                else:
                    for i, c, _ in m[1]:
                        out.append({"type": "function_call_output", "call_id": i, "output": c})
        else:
            for m in msgs:
                if m[0] == "user":
                    out.append({"role": "user", "content": m[1]})
                elif m[0] == "asst":
                    blocks = []
                    if m[1]:
                        blocks.append({"type": "text", "text": m[1]})
                    for i, n, args in m[2]:
                        blocks.append({"type": "tool_use", "id": i, "name": n, "input": args})
                    out.append({"role": "assistant", "content": blocks})
                else:
                    out.append({"role": "user", "content": [
                        dict({"type": "tool_result", "tool_use_id": i, "content": c}, **({"is_error": True} if e else {}))
                        for i, c, e in m[1]]})
        return out

    def _request(self, msgs):
        s = self.shape
        if s == "chat":
            r = {"model": self.model, "messages": self._render_msgs(msgs), "max_tokens": self.max_tokens}
        elif s == "responses":
            r = {"model": self.model, "instructions": self.system, "input": self._render_msgs(msgs),
                 "max_output_tokens": self.max_tokens, "store": False}
        else:
            r = {"model": self.model, "max_tokens": self.max_tokens, "system": self.system,
                 "messages": self._render_msgs(msgs)}
        if self.tools:
            r["tools"] = self._tool_decls()
        return r

    def render(self):
        turns = []
        start = 0
        for end, at in self.ends:
            msgs = self.msgs[start:end] if self.stateless else self.msgs[:end]
            turns.append({"at_seconds": at, "request": self._request(msgs)})
            if self.stateless:
                start = end + 1  # skip the assistant reply: the client does not keep history
        return {"name": self.name, "style": self.style, "shape": self.shape, "path": PATHS[self.shape],
                "headers": {"x-session-id": "corpz-" + self.name, "x-user-id": self.user_id},
                "expected": self.expected, "notes": self.notes, "turns": turns}


# ---------------------------------------------------------------- validation

def validate(doc):
    errs = []
    shape = doc["shape"]
    n = len(doc["turns"])
    if not 8 <= n <= 30:
        errs.append("turn count %d" % n)
    exp = doc["expected"]
    if exp["outcome"] == "runaway":
        b, d = exp["loop_begins_turn"], exp["stop_by_turn"]
        if not (1 <= b <= d < n):
            errs.append("bad B/D %d %d of %d" % (b, d, n))
    prev = -1
    for k, t in enumerate(doc["turns"], 1):
        if t["at_seconds"] < prev:
            errs.append("time goes back at turn %d" % k)
        prev = t["at_seconds"]
        r = t["request"]
        json.loads(json.dumps(r))
        tools = set()
        for tl in r.get("tools", []):
            tools.add(tl["function"]["name"] if shape == "chat" else tl["name"])
        try:
            if shape == "chat":
                _val_chat(r, tools)
            elif shape == "responses":
                _val_responses(r, tools)
            else:
                _val_anthropic(r, tools)
        except AssertionError as e:
            errs.append("turn %d: %s" % (k, e))
    return errs


def _val_chat(r, tools):
    assert "model" in r and isinstance(r["messages"], list) and r["messages"], "chat fields"
    open_ids = []
    for m in r["messages"]:
        assert m["role"] in ("system", "user", "assistant", "tool"), "role"
        if m["role"] == "tool":
            assert m["tool_call_id"] in open_ids, "tool result without call"
            open_ids.remove(m["tool_call_id"])
        else:
            assert not open_ids, "unanswered tool call"
        if m["role"] == "assistant" and m.get("tool_calls"):
            for c in m["tool_calls"]:
                assert c["function"]["name"] in tools, "undeclared tool"
                json.loads(c["function"]["arguments"])
                open_ids.append(c["id"])
    assert not open_ids, "unanswered tool call at end"
    assert r["messages"][-1]["role"] in ("user", "tool"), "last message"


def _val_responses(r, tools):
    assert "model" in r and isinstance(r["input"], list) and r["input"], "responses fields"
    assert "previous_response_id" not in r
    assert isinstance(r.get("max_output_tokens"), int)
    open_ids = []
    for it in r["input"]:
        if it["type"] == "function_call":
            assert it["name"] in tools, "undeclared tool"
            json.loads(it["arguments"])
            open_ids.append(it["call_id"])
        elif it["type"] == "function_call_output":
            assert it["call_id"] in open_ids, "output without call"
            open_ids.remove(it["call_id"])
        else:
            assert it["type"] == "message" and it["role"] in ("user", "assistant"), "item"
            assert not open_ids, "unanswered call"
    assert not open_ids, "unanswered call at end"


def _val_anthropic(r, tools):
    assert "model" in r and isinstance(r["max_tokens"], int) and r["messages"], "anthropic fields"
    msgs = r["messages"]
    assert msgs[0]["role"] == "user" and msgs[-1]["role"] == "user", "first/last role"
    want = []
    for k, m in enumerate(msgs):
        assert m["role"] == ("user" if k % 2 == 0 else "assistant"), "roles must alternate"
        blocks = m["content"] if isinstance(m["content"], list) else [{"type": "text", "text": m["content"]}]
        if m["role"] == "user":
            got = [b["tool_use_id"] for b in blocks if b["type"] == "tool_result"]
            assert got == want, "tool_result must answer the previous tool_use"
            want = []
        else:
            for b in blocks:
                assert b["type"] in ("text", "tool_use"), "block"
                if b["type"] == "tool_use":
                    assert b["name"] in tools, "undeclared tool"
                    want.append(b["id"])


SESSIONS = []


def session(fn):
    SESSIONS.append(fn)
    return fn


# ================================================================ airport_gate_assignment

AIRPORT_TOOLS = [
    ("flight_status", "Live status of one flight from the AODB feed.",
     {"flight": ("string", "IATA flight number, e.g. LH1234"), "date": ("string", "optional local date YYYY-MM-DD")}),
    ("gate_map", "Occupancy of a pier's contact and remote stands for a time window.",
     {"pier": ("string", "pier letter, e.g. B"), "from": ("string", "HH:MM local"), "to": ("string", "HH:MM local")}),
    ("assign_gate", "Assign a stand/gate to an arrival or departure.",
     {"flight": ("string", "flight number"), "gate": ("string", "gate id, e.g. B14")}),
    ("request_tow", "Ask ramp control to tow an aircraft between stands.",
     {"registration": ("string", "aircraft registration"), "from_stand": ("string", "stand"), "to_stand": ("string", "stand")}),
]
AIRPORT_SYS = ("You are GateBot, the stand-and-gate planning assistant at FRA-like hub 'Westfield "
               "International'. Use the tools to keep arrivals on contact stands where possible. Never assign a "
               "gate that the gate map shows occupied in the flight's on-block window. Summarise each decision "
               "for the duty manager in two lines.")


@session
def airport_poll_stuck():
    s = Session("airport_poll_stuck", "airport_gate_assignment", "chat", AIRPORT_SYS, runaway(4, 11),
                "The agent polls the status of a diverted flight whose feed never changes (only the as_of "
                "timestamp ticks) and keeps re-polling instead of escalating.", AIRPORT_TOOLS, user="ops-duty-3")
    s.user(0, "EW482 from Lisbon should be on block 14:35 but I see no ETA on the board. Hold B22 for it and "
              "confirm once you know when it lands.")
    base = {"flight": "EW482", "origin": "LIS", "sched_in": "14:35", "status": "DIVERTED?", "eta": None,
            "stand_req": "B22", "remarks": "ACARS link lost 13:52Z, last pos 43.1N 2.3W"}
    s.call(6, "flight_status", {"flight": "EW482"}, dict(base, as_of="13:58:04"),
           text="Checking the live status of EW482 first.")
    s.call(40, "flight_status", {"flight": "EW482"}, dict(base, as_of="13:58:44"),
           text="The feed shows no ETA and a possible diversion. I'll check again shortly before releasing B22.")
    ts = ["13:59:30", "14:00:12", "14:00:55", "14:01:41", "14:02:20", "14:03:06", "14:03:49", "14:04:31",
          "14:05:14", "14:05:58", "14:06:40", "14:07:25", "14:08:03", "14:08:47"]
    texts = ["Still no ETA for EW482; status remains DIVERTED?. Polling again.",
             "No change: EW482 DIVERTED?, ETA null. Checking again.",
             "Still no ETA for EW482; status remains DIVERTED?. Polling again."]
    for k, tstamp in enumerate(ts):
        s.call(41 + (k % 3) * 2, "flight_status", {"flight": "EW482"}, dict(base, as_of=tstamp), text=texts[k % 3])
    return s


@session
def airport_tow_cycle():
    s = Session("airport_tow_cycle", "airport_gate_assignment", "anthropic", AIRPORT_SYS, runaway(6, 12),
                "A period-3 cycle: assign B14 (occupied), request a tow of the blocking aircraft (rejected, "
                "pushback crew unavailable, new ticket number each time), re-read the gate map (unchanged), "
                "and round again.", AIRPORT_TOOLS, user="ops-duty-1")
    s.user(0, "AF1419 is 10 minutes out and we promised the crew a contact stand. Get it onto B14, tow the "
              "parked A320 off if you have to.")
    gm = ("PIER B 15:00-16:00 (as of {t})\nSTAND  STATE     REG     FLIGHT   ON     OFF\nB12    OCCUPIED  D-AIUK  EW221    14:10  15:40\n"
          "B14    OCCUPIED  F-HBNK  --(RON)  09:02  --\nB16    FREE\nB18    OCCUPIED  EI-FVX  EI659    14:55  15:50\n"
          "R5     FREE (remote, bus required)\nR7     FREE (remote, bus required)")
    s.call(4, "gate_map", {"pier": "B", "from": "15:00", "to": "16:00"}, gm.format(t="14:51:02"),
           text="Reading pier B occupancy.")
    k = 0
    for rnd in range(6):
        s.call(9, "assign_gate", {"flight": "AF1419", "gate": "B14"},
               "REJECTED: stand B14 occupied by F-HBNK (remain overnight) in window 15:02-15:45. conflict_id=CF-%d"
               % (7731 + rnd), err=True,
               text=["B14 is held by an overnight aircraft; assigning anyway so ramp sees the intent.",
                     "Trying the B14 assignment again now that a tow has been requested.",
                     "Re-assigning AF1419 to B14."][min(rnd, 2)])
        s.call(14, "request_tow", {"registration": "F-HBNK", "from_stand": "B14", "to_stand": "R7"},
               "TOW REQUEST TW-%d DECLINED: no pushback/tow crew available before 15:40 (crew roster: 0/2). "
               "Re-submit after 15:40." % (5510 + rnd * 3), err=True,
               text="Requesting a tow of F-HBNK from B14 to remote R7 to free the contact stand.")
        s.call(11, "gate_map", {"pier": "B", "from": "15:00", "to": "16:00"},
               gm.format(t="14:%02d:%02d" % (52 + rnd, (17 * rnd) % 60)),
               text="Checking whether B14 has cleared.")
        k += 1
    return s


@session
def airport_inbound_progress():
    s = Session("airport_inbound_progress", "airport_gate_assignment", "responses", AIRPORT_SYS, HEALTHY,
                "Hard negative: a poller whose numbers move. The agent re-polls a late inbound; its ETA, "
                "distance and phase change each time until it lands, then the gate is assigned.",
                AIRPORT_TOOLS, user="ops-duty-2")
    s.user(0, "UA960 from Newark is late. Keep an eye on it and put it on A26 once you're confident of the "
              "on-block time; A26 frees at 16:20.")
    phases = [("CRUISE", "16:41", 612, 37000), ("CRUISE", "16:38", 488, 37000), ("DESCENT", "16:36", 301, 24000),
              ("DESCENT", "16:34", 163, 11000), ("APPROACH", "16:31", 42, 4000), ("APPROACH", "16:30", 11, 1800),
              ("LANDED", "16:29", 0, 0), ("TAXI", "16:33", 0, 0)]
    clock = ["15:12", "15:27", "15:43", "15:58", "16:10", "16:19", "16:24", "16:27"]
    prev = None
    for i, ((ph, eta, nm, alt), c) in enumerate(zip(phases, clock)):
        out = {"flight": "UA960", "origin": "EWR", "phase": ph, "eta_on_block": eta, "dist_nm": nm,
               "altitude_ft": alt, "as_of": c + ":00", "runway": None if i < 4 else "25R"}
        if prev is None:
            txt = "Pulling the live status for UA960."
        else:
            txt = ("UA960 at %s, ETA %s (was %s). Checking again in a bit." % (prev[0], prev[1], phases[i - 2][1] if i > 1 else "n/a"))
        s.call(1 if i == 0 else 900 if i < 4 else 540, "flight_status", {"flight": "UA960"}, out, text=txt)
        prev = (ph, eta)
    s.call(5, "gate_map", {"pier": "A", "from": "16:20", "to": "17:30"},
           "PIER A 16:20-17:30\nA22 OCCUPIED LH400 16:05-17:40\nA24 FREE\nA26 FREE from 16:21\nA28 OCCUPIED UA961 (dep 17:25)",
           text="UA960 is taxiing, on-block 16:33. Confirming A26 is clear.")
    s.call(3, "assign_gate", {"flight": "UA960", "gate": "A26"},
           {"result": "OK", "flight": "UA960", "gate": "A26", "on_block": "16:33", "jet_bridge": "A26-L1"},
           text="A26 is free from 16:21; assigning.")
    s.say("Done. UA960 is assigned A26 (bridge A26-L1), on-block 16:33, 12 minutes after the stand frees. "
          "No tow needed.", 120, "Thanks. Can you also tell me whether A24 stays free until 17:30 in case UA961 is swapped?")
    return s


@session
def airport_bank_revisits():
    s = Session("airport_bank_revisits", "airport_gate_assignment", "chat", AIRPORT_SYS, HEALTHY,
                "Hard negative: an arrival bank planned flight by flight. The agent legitimately revisits the "
                "same pier map between assignments; the map changes as stands fill.", AIRPORT_TOOLS, user="ops-duty-1")
    s.user(0, "Evening bank on pier C: EW710 (A321), EW714 (A320), KL1773 (E190), EW730 (A321), BA918 (A320neo), "
              "EW742 (A319). Put all of them on contact stands C2-C12 if possible, wide-body C14 stays reserved.")
    flights = [("EW710", "C4", "18:05"), ("EW714", "C6", "18:10"), ("KL1773", "C2", "18:12"),
               ("EW730", "C8", "18:20"), ("BA918", "C10", "18:24"), ("EW742", "C12", "18:31")]
    stands = ["C2", "C4", "C6", "C8", "C10", "C12", "C14"]
    taken = {"C14": "RESERVED (B777 EW5)"}
    for i, (fl, st, onb) in enumerate(flights):
        lines = ["PIER C 18:00-19:30"]
        for x in stands:
            lines.append("%-4s %s" % (x, taken.get(x, "FREE")))
        s.call(5 if i == 0 else 25, "gate_map", {"pier": "C", "from": "18:00", "to": "19:30"}, "\n".join(lines),
               text="Reading pier C before placing %s." % fl)
        s.call(4, "flight_status", {"flight": fl}, {"flight": fl, "status": "EN ROUTE", "eta_on_block": onb,
                                                    "type": ["A321", "A320", "E190", "A321", "A20N", "A319"][i]},
               text="%s: confirming on-block time." % fl)
        s.call(3, "assign_gate", {"flight": fl, "gate": st}, {"result": "OK", "flight": fl, "gate": st, "on_block": onb},
               text="%s on %s, free for its window." % (fl, st))
        taken[st] = "%s %s-%s" % (fl, onb, "19:%02d" % (10 + 3 * i))
    return s


# ================================================================ carbon_credit_registry

CARBON_TOOLS = [
    ("registry_search", "Search the public carbon-credit registry by project id or name.",
     {"query": ("string", "project id (e.g. VCS-1477) or free text"), "registry": ("string", "optional: verra|gold_standard|acr")}),
    ("serial_lookup", "Look up a credit serial-number block and its retirement status.",
     {"serial": ("string", "full serial block string")}),
    ("fetch_certificate", "Download a retirement certificate by URL and return its text.",
     {"url": ("string", "certificate URL")}),
]
CARBON_SYS = ("You verify carbon-credit retirement claims made in corporate sustainability reports. For each "
              "claim, confirm that the serial block exists, is RETIRED (not merely transferred), that the "
              "beneficiary matches the claimant and the vintage is as stated. Report VERIFIED, MISMATCH or "
              "UNVERIFIABLE with the evidence.")


@session
def carbon_serial_guessing():
    s = Session("carbon_serial_guessing", "carbon_credit_registry", "responses", CARBON_SYS, runaway(4, 9),
                "Renamed entities: the claimed serial does not exist, and the agent keeps inventing slightly "
                "different serial formats; each lookup fails with the same NOT_FOUND under a new id.",
                CARBON_TOOLS, user="esg-audit-7")
    s.user(0, "Nordhavn Logistics claims 12,500 tCO2e retired on 2025-03-31 from project VCS-2250 (Kariba REDD+ "
              "lookalike, vintage 2021), serial '8733-41200998-41213497-VCS-VCU-263-VER-ZW-14-2250-01012021-31122021-0'. "
              "Verify it.")
    s.call(3, "serial_lookup", {"serial": "8733-41200998-41213497-VCS-VCU-263-VER-ZW-14-2250-01012021-31122021-0"},
           {"status": 404, "error": "SERIAL_NOT_FOUND", "detail": "No issuance block matches the given serial range.",
            "request_id": "rq_5f1a90"}, text="Looking up the serial block exactly as claimed.")
    guesses = [
        "8733-41200998-41213497-VCS-VCU-263-VER-ZW-14-2250-01012021-31122021-1",
        "8733-41200998-41213497-VCU-263-VER-ZW-14-2250-01012021-31122021-0",
        "8733-412009980-412134970-VCS-VCU-263-VER-ZW-14-2250-01012021-31122021-0",
        "8373-41200998-41213497-VCS-VCU-263-VER-ZW-14-2250-01012021-31122021-0",
        "8733-41200998-41213497-VCS-VCU-263-VER-ZW-14-2250-01012022-31122022-0",
        "8733-41201000-41213499-VCS-VCU-263-VER-ZW-14-2250-01012021-31122021-0",
        "8733-41200998-41213497-VCS-VCU-263-VER-ZM-14-2250-01012021-31122021-0",
        "8733-41200999-41213498-VCS-VCU-263-VER-ZW-14-2250-01012021-31122021-0",
        "8733-41200998-41213497-VCS-VCU-236-VER-ZW-14-2250-01012021-31122021-0",
        "8733-41200998-41213497-VCS-VCU-263-VER-ZW-14-2250-01012021-31122021-2",
        "8733-41190998-41203497-VCS-VCU-263-VER-ZW-14-2250-01012021-31122021-0",
        "8733-41200998-41213497-VCS-VCU-263-VER-ZW-15-2250-01012021-31122021-0",
    ]
    why = ["The trailing flag may be wrong; trying suffix -1.", "Perhaps the VCS prefix is duplicated; dropping it.",
           "The block boundaries might be zero-padded differently.", "Possible digit transposition in the prefix.",
           "Maybe the vintage in the claim is off by a year.", "The range might be offset by two credits.",
           "Country code could be ZM rather than ZW.", "Trying the range shifted by one.",
           "The methodology number may be transposed.", "Trying flag -2.", "Perhaps an earlier tranche.",
           "Trying the next sectoral scope."]
    for i, (g, w) in enumerate(zip(guesses, why)):
        s.call(4 + i % 3, "serial_lookup", {"serial": g},
               {"status": 404, "error": "SERIAL_NOT_FOUND", "detail": "No issuance block matches the given serial range.",
                "request_id": "rq_%06x" % (0x5f1a90 + 7919 * (i + 1))}, text=w)
    return s


CERT = """VERRA REGISTRY - RETIREMENT CERTIFICATE
Certificate No.: RC-2024-118-04471
Date of retirement: 14 November 2024
Project: Rimba Raya Biodiversity Reserve Project (VCS-674)
Vintage: 01/01/2019 - 31/12/2019
Quantity retired: 40,000 VCUs
Serial numbers: 11529-309811456-309851455-VCS-VCU-262-VER-ID-14-674-01012019-31122019-1
Retired on behalf of: Solenne Cosmetics SA
Retirement reason: Voluntary offsetting of FY2023 Scope 1 and 2 emissions
Beneficial owner: Solenne Cosmetics SA, 18 rue des Tanneurs, 69002 Lyon, France
This certificate confirms the units above have been permanently retired and cannot be transferred or reused.
Verification: scan the QR code or visit the registry and search the certificate number."""


@session
def carbon_mirror_certificates():
    s = Session("carbon_mirror_certificates", "carbon_credit_registry", "chat", CARBON_SYS, runaway(5, 10),
                "The same certificate re-served under different URLs and titles: every link the agent tries "
                "(mirrors, press kit, CDN copy) returns the same Solenne certificate, while the claim under "
                "audit is a different company's, and the agent keeps fetching new links.",
                CARBON_TOOLS, user="esg-audit-2")
    s.user(0, "Halvard Foods' 2024 report says it retired 40,000 VCUs from Rimba Raya (VCS-674) and links the "
              "certificate. Confirm the beneficiary is Halvard Foods.")
    s.call(4, "registry_search", {"query": "VCS-674", "registry": "verra"},
           {"project": "VCS-674", "name": "Rimba Raya Biodiversity Reserve Project", "status": "Registered",
            "retirements_2024": 37, "note": "retirement details are published as certificates"},
           text="Checking the project first.")
    urls = ["https://halvardfoods.example/sustainability/2024/offset-certificate.pdf",
            "https://cdn.halvardfoods.example/assets/docs/Retirement_Certificate_Rimba_Raya.pdf",
            "https://press.halvardfoods.example/kit/2024/carbon-neutral-proof",
            "https://halvardfoods.example/de/nachhaltigkeit/zertifikat-2024.pdf",
            "https://docs.example-esg-host.net/halvard/offsets/FY23-certificate",
            "https://halvardfoods.example/investors/esg-annex-c.pdf#page=4",
            "https://web.archive.example/2024/halvardfoods.example/sustainability/offset-certificate.pdf",
            "https://halvardfoods.example/sustainability/2024/offset-certificate-v2.pdf",
            "https://cdn2.halvardfoods.example/legal/certs/RC-2024-118.pdf",
            "https://halvardfoods.example/fr/durabilite/certificat.pdf"]
    titles = ["", "Halvard Foods - Carbon neutrality proof\n", "Press kit: Our 2024 climate milestone\n",
              "Zertifikat (deutsche Fassung)\n", "", "ESG Annex C - Offsetting evidence\n", "[archived copy]\n",
              "Updated certificate\n", "", "Certificat de retrait\n"]
    notes = ["Fetching the certificate linked in the report.",
             "That certificate names Solenne Cosmetics, not Halvard. The CDN copy may be the correct one.",
             "Same content. Trying the press-kit version.",
             "Still Solenne. The German page links a separate file.",
             "Trying the copy on the ESG hosting site.",
             "Checking the investor annex.",
             "Trying the archived version of the original link.",
             "There is a v2 of the certificate; fetching it.",
             "Trying the legal certificates folder.",
             "Trying the French version."]
    for u, ti, n in zip(urls, titles, notes):
        s.call(8, "fetch_certificate", {"url": u}, ti + CERT, text=n)
    return s


@session
def carbon_batch_claims():
    s = Session("carbon_batch_claims", "carbon_credit_registry", "anthropic", CARBON_SYS, HEALTHY,
                "Hard negative: a batch. One long shared instruction, then one short claim per turn; the same "
                "finding (beneficiary mismatch / old vintage) legitimately recurs on different claims.",
                CARBON_TOOLS, user="esg-audit-4", max_tokens=700)
    s.user(0, "Batch audit of the Q3 supplier disclosures. For each claim: look up the serial, then answer in one "
              "line `<claim id>: VERIFIED|MISMATCH|UNVERIFIABLE - reason`. Flag vintages before 2016 as "
              "'OLD VINTAGE' even when verified (our policy excludes them). Claims follow one per message.\n\n"
              "Claim S-101: Brightwell Paper, 3,000 t, serial 4412-1800031-1803030-VCS-VCU-259-VER-BR-14-981-01012018-31122018-0")
    claims = [
        ("S-101", "Brightwell Paper", "4412-1800031-1803030-VCS-VCU-259-VER-BR-14-981-01012018-31122018-0", "Brightwell Paper Ltd", 2018, "RETIRED"),
        ("S-102", "Osei Cocoa", "GS1-1-GH-GS2871-12-2014-4301-1-2500", "Osei Cocoa Ghana", 2014, "RETIRED"),
        ("S-103", "Tamsin Textiles", "ACR-US-434-2019-1022-1-9000", "Meridian Apparel Group", 2019, "RETIRED"),
        ("S-104", "Valko Metals", "6630-288101-290100-VCS-VCU-1379-VER-IN-1-1748-01012013-31122013-0", "Valko Metals Oy", 2013, "RETIRED"),
        ("S-105", "Pinecrest Dairy", "ACR-US-190-2021-877-1-4200", "Pinecrest Dairy Coop", 2021, "TRANSFERRED"),
        ("S-106", "Ruta Andina Hotels", "GS1-1-PE-GS3310-16-2015-7781-1-800", "Ruta Andina Hotels SAC", 2015, "RETIRED"),
        ("S-107", "Kessler Tools", "9110-50001-52000-VCS-VCU-263-VER-KH-14-1748-01012020-31122020-0", "Greyline Capital", 2020, "RETIRED"),
        ("S-108", "Moana Ferries", "GS1-1-FJ-GS5521-4-2022-1102-1-1500", "Moana Ferries Ltd", 2022, "RETIRED"),
        ("S-109", "Harrowgate Brewing", "7720-1-1200-VCS-VCU-259-VER-GB-1-2201-01012012-31122012-0", "Harrowgate Brewing plc", 2012, "RETIRED"),
        ("S-110", "Lindqvist Shipping", "ACR-US-512-2020-401-1-6000", "Baltic Bunkering AB", 2020, "RETIRED"),
    ]
    ans = []
    for i, (cid, claimant, serial, ben, vint, st) in enumerate(claims):
        if i > 0:
            s.asst(ans[-1])
            s.user(35 + 11 * i, "Claim %s: %s, serial %s" % (cid, claimant, serial))
        s.call(3, "serial_lookup", {"serial": serial},
               {"serial": serial, "status": st, "beneficiary": ben, "vintage": vint,
                "retired_on": None if st != "RETIRED" else "2024-%02d-%02d" % (3 + i % 8, 5 + 2 * i)},
               text="Looking up %s." % cid)
        if st != "RETIRED":
            a = "%s: MISMATCH - units are %s, not retired." % (cid, st)
        elif ben.split()[0] != claimant.split()[0]:
            a = "%s: MISMATCH - beneficiary is %s, not %s." % (cid, ben, claimant)
        else:
            a = "%s: VERIFIED - retired, beneficiary %s, vintage %d." % (cid, ben, vint)
        if vint < 2016:
            a += " OLD VINTAGE (%d)." % vint
        ans.append(a)
    return s


@session
def carbon_rate_limited():
    s = Session("carbon_rate_limited", "carbon_credit_registry", "responses", CARBON_SYS, HEALTHY,
                "Hard negative: the registry API answers 429 and 503 with Retry-After; the agent backs off "
                "(delays grow) and every call eventually succeeds; the verification completes.",
                CARBON_TOOLS, user="esg-audit-7")
    s.user(0, "Verify Aurelia Airlines' claim: 250,000 tCO2e retired in 2024 across Gold Standard projects GS-4410 "
              "and GS-5102, beneficiary Aurelia Airlines S.p.A.")
    s.call(2, "registry_search", {"query": "GS-4410", "registry": "gold_standard"},
           {"status": 429, "error": "Too Many Requests", "retry_after_s": 30}, err=True,
           text="Searching GS-4410.")
    s.call(31, "registry_search", {"query": "GS-4410", "registry": "gold_standard"},
           {"status": 429, "error": "Too Many Requests", "retry_after_s": 60}, err=True,
           text="Rate limited; waited 30 s as instructed and retrying.")
    s.call(62, "registry_search", {"query": "GS-4410", "registry": "gold_standard"},
           {"project": "GS-4410", "name": "Cookstoves for Sidama", "retirements": [
               {"serial": "GS1-1-ET-GS4410-2-2021-22010-1-150000", "beneficiary": "Aurelia Airlines S.p.A.", "date": "2024-06-28"}]},
           text="Retrying after the 60 s back-off.")
    s.call(5, "registry_search", {"query": "GS-5102", "registry": "gold_standard"},
           {"status": 503, "error": "Service Unavailable", "detail": "upstream maintenance", "retry_after_s": 120}, err=True,
           text="GS-4410 shows 150,000 retired to Aurelia. Now GS-5102.")
    s.call(125, "registry_search", {"query": "GS-5102", "registry": "gold_standard"},
           {"status": 503, "error": "Service Unavailable", "detail": "upstream maintenance", "retry_after_s": 240}, err=True,
           text="Registry in maintenance; retrying after 120 s.")
    s.call(246, "registry_search", {"query": "GS-5102", "registry": "gold_standard"},
           {"project": "GS-5102", "name": "Nam Ngum small hydro bundle", "retirements": [
               {"serial": "GS1-1-LA-GS5102-7-2022-31877-1-100000", "beneficiary": "Aurelia Airlines S.p.A.", "date": "2024-11-02"}]},
           text="Retrying GS-5102 after 240 s.")
    s.call(4, "serial_lookup", {"serial": "GS1-1-ET-GS4410-2-2021-22010-1-150000"},
           {"status": "RETIRED", "quantity": 150000, "vintage": 2021, "beneficiary": "Aurelia Airlines S.p.A."},
           text="Both projects answered. Confirming each serial block.")
    s.call(3, "serial_lookup", {"serial": "GS1-1-LA-GS5102-7-2022-31877-1-100000"},
           {"status": 429, "error": "Too Many Requests", "retry_after_s": 15}, err=True, text="Second block.")
    s.call(16, "serial_lookup", {"serial": "GS1-1-LA-GS5102-7-2022-31877-1-100000"},
           {"status": "RETIRED", "quantity": 100000, "vintage": 2022, "beneficiary": "Aurelia Airlines S.p.A."},
           text="Retrying after 15 s.")
    s.say("VERIFIED. 150,000 (GS-4410, vintage 2021, retired 2024-06-28) + 100,000 (GS-5102, vintage 2022, "
          "retired 2024-11-02) = 250,000 tCO2e, beneficiary Aurelia Airlines S.p.A. in both cases.", 90,
          "Great. Draft the one-paragraph audit note for the file.")
    return s


# ================================================================ main

def build():
    files = {}
    for fn in SESSIONS:
        doc = fn().render()
        errs = validate(doc)
        if errs:
            raise SystemExit("%s: %s" % (doc["name"], errs))
        files[os.path.join("heldout", doc["name"] + ".json")] = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    names = [f for f in files]
    assert len(set(names)) == len(names)
    return files


def main():
    files = build()
    if "--check" in sys.argv:
        bad = 0
        for rel, text in files.items():
            p = os.path.join(DIR, rel)
            if not os.path.exists(p) or open(p, encoding="utf-8").read() != text:
                print("differs:", rel)
                bad += 1
        on_disk = set(os.listdir(os.path.join(DIR, "heldout")))
        extra = on_disk - {os.path.basename(r) for r in files}
        for e in sorted(extra):
            print("extra file on disk:", e)
            bad += 1
        if set(os.listdir(os.path.join(DIR, "tuning"))) != {".gitkeep"}:
            print("tuning/ must hold only .gitkeep")
            bad += 1
        for rel in files:
            json.load(open(os.path.join(DIR, rel), encoding="utf-8"))
        print("%d sessions, %s" % (len(files), "OK" if not bad else "%d problems" % bad))
        sys.exit(1 if bad else 0)
    os.makedirs(os.path.join(DIR, "heldout"), exist_ok=True)
    os.makedirs(os.path.join(DIR, "tuning"), exist_ok=True)
    open(os.path.join(DIR, "tuning", ".gitkeep"), "w").close()
    for rel, text in files.items():
        with open(os.path.join(DIR, rel), "w", encoding="utf-8") as f:
            f.write(text)
    print("wrote %d sessions to %s" % (len(files), DIR))


if __name__ == "__main__":
    main()
