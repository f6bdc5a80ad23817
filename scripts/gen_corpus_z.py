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


# ================================================================ grpc_timeout_debugger

GRPC_TOOLS = [
    ("get_trace", "Fetch a distributed trace (spans with durations) by trace id or the slowest recent one.",
     {"service": ("string", "service name"), "trace_id": ("string", "optional trace id")}),
    ("edit_config", "Replace a key in a service's YAML config and redeploy to staging.",
     {"file": ("string", "config path"), "key": ("string", "dotted key"), "value": ("string", "new value")}),
    ("run_load_test", "Run the ghz load test profile against staging and return the report.",
     {"profile": ("string", "profile name"), "rps": ("integer", "optional target rps")}),
    ("run_tests", "Run the service's integration tests.", {"target": ("string", "bazel/pytest target")}),
]
GRPC_SYS = ("You are a senior backend engineer pairing on a gRPC latency incident. Services: checkout-api (Go) "
            "calls inventory-svc and pricing-svc over gRPC through an Envoy sidecar. Use the tools; keep edits "
            "minimal and explain each one.")


def ghz_report(p50, p95, p99, ok, errs, rps=400, extra=""):
    tot = ok + sum(errs.values())
    lines = ["Summary:", "  Name:\tcheckout-to-inventory", "  Count:\t%d" % tot, "  Total:\t60.01 s",
             "  Slowest:\t%d.%02d ms" % (p99 * 13 // 10, p99 % 97), "  Fastest:\t3.12 ms",
             "  Average:\t%d.41 ms" % ((p50 + p95) // 2), "  Requests/sec:\t%d.77" % rps, "",
             "Latency distribution:", "  10 %% in 4.02 ms", "  50 %% in %d.11 ms" % p50, "  75 %% in %d.63 ms" % ((p50 + p95) // 2),
             "  90 %% in %d.20 ms" % (p95 - 3), "  95 %% in %d.88 ms" % p95, "  99 %% in %d.05 ms" % p99, "",
             "Status code distribution:", "  [OK]   %d responses" % ok]
    for k, v in errs.items():
        lines.append("  [%s]   %d responses" % (k, v))
    if errs:
        lines += ["", "Error distribution:"]
        for k, v in errs.items():
            msg = {"DeadlineExceeded": "rpc error: code = DeadlineExceeded desc = context deadline exceeded",
                   "Unavailable": "rpc error: code = Unavailable desc = upstream connect error or disconnect/reset before headers. reset reason: connection termination"}[k]
            lines.append("  [%d]   %s" % (v, msg))
    return "\n".join(lines) + extra


@session
def grpc_alternating_edits():
    s = Session("grpc_alternating_edits", "grpc_timeout_debugger", "chat", GRPC_SYS, runaway(7, 13),
                "Alternating failing attempts: the agent toggles between raising the client deadline and "
                "changing keepalive/timeout knobs; every load test fails with the same DeadlineExceeded rate.",
                GRPC_TOOLS, user="dev-mara")
    s.user(0, "checkout-api -> inventory-svc p99 jumped to 2s after yesterday's deploy and ~3% of calls hit "
              "DeadlineExceeded. Find it and fix it on staging.")
    s.call(5, "get_trace", {"service": "checkout-api"},
           "trace 7f3c1e9a0b\n checkout-api /checkout.v1.Checkout/Place      2004.1ms\n  inventory-svc /inventory.v1.Stock/Reserve 2000.3ms  status=DEADLINE_EXCEEDED\n"
           "   envoy upstream_rq_time                     1.2ms (queued 1998ms: cx_pool overflow, max_requests_per_connection=1)\n"
           "  pricing-svc /pricing.v1.Quote/Get          12.8ms",
           text="Pulling the slowest trace.")
    s.call(40, "run_load_test", {"profile": "checkout-steady", "rps": 400},
           ghz_report(18, 240, 2001, 23240, {"DeadlineExceeded": 760}), text="Baseline load test first.")
    edits = [("services/checkout-api/config.yaml", "grpc.inventory.deadline", "5s", "Raising the client deadline to 5s so slow reservations complete."),
             ("deploy/envoy/sidecar.yaml", "clusters.inventory.common_http_protocol_options.idle_timeout", "300s", "Maybe idle connections are being reaped; raising the idle timeout."),
             ("services/checkout-api/config.yaml", "grpc.inventory.deadline", "10s", "Deadline still too short under load; trying 10s."),
             ("services/checkout-api/config.yaml", "grpc.inventory.keepalive.time", "20s", "Adding a client keepalive so connections stay warm."),
             ("services/checkout-api/config.yaml", "grpc.inventory.deadline", "8s", "Setting the deadline to 8s as a compromise."),
             ("deploy/envoy/sidecar.yaml", "clusters.inventory.connect_timeout", "5s", "Raising the Envoy connect timeout."),
             ("services/checkout-api/config.yaml", "grpc.inventory.deadline", "15s", "Giving the reservation call 15s.")]
    for i, (f, k, v, why) in enumerate(edits):
        s.call(20, "edit_config", {"file": f, "key": k, "value": v},
               "updated %s: %s = %s\nrollout staging/checkout-api: 3/3 pods ready (rev %d)" % (f, k, v, 41 + i), text=why)
        dl = 2001 if "deadline" not in k else int(v[:-1]) * 1000 + 1
        s.call(65, "run_load_test", {"profile": "checkout-steady", "rps": 400},
               ghz_report(18, 240 + i % 2, min(dl, 2001 + 3 * i), 23240 - i, {"DeadlineExceeded": 760 + i}),
               text="Re-running the load test.")
    return s


def envoy_log(rng, n, bury):
    svcs = ["inventory-svc", "pricing-svc", "cart-svc", "auth-svc", "checkout-api"]
    paths = ["/inventory.v1.Stock/Reserve", "/pricing.v1.Quote/Get", "/cart.v1.Cart/Get", "/auth.v1.Token/Verify", "/inventory.v1.Stock/Release"]
    out = []
    for j in range(n):
        ms = rng.randint(2, 90)
        i = rng.randrange(5)
        ts = "2026-03-18T10:%02d:%02d.%03dZ" % (14 + j // 60, j % 60, rng.randrange(1000))
        out.append('[%s] "POST %s HTTP/2" 200 - via_upstream - "-" %d %d %d %d "-" "grpc-go/1.62.1" "%08x-%04x-4%03x-a%03x-%012x" "%s:50051" "10.4.%d.%d:50051"'
                   % (ts, paths[i], rng.randint(40, 400), rng.randint(60, 3000), ms, ms - 1, rng.getrandbits(32), rng.getrandbits(16),
                      rng.getrandbits(12), rng.getrandbits(12), rng.getrandbits(48), svcs[i], rng.randrange(256), rng.randrange(256)))
        if j in bury:
            out.append("[%s] [warning][router] [source/common/router/router.cc:1210] [Tags: \"ConnectionId\":\"%d\"] upstream reset: "
                       "reset reason: connection termination, transport failure reason: delayed connect error: 111 cluster=inventory-svc"
                       % (ts, rng.randrange(90000)))
            out.append('[%s] "POST /inventory.v1.Stock/Reserve HTTP/2" 200 UC upstream_reset_before_response_started{connection_termination} - "-" 0 0 %d - "-" "grpc-go/1.62.1"'
                       % (ts, rng.randint(1990, 2010)))
    return "\n".join(out)


@session
def grpc_buried_reset():
    s = Session("grpc_buried_reset", "grpc_timeout_debugger", "anthropic", GRPC_SYS, runaway(4, 10),
                "The same upstream-reset error buried deep in long, always-different Envoy access logs (10-20 KB): "
                "the agent re-runs, re-fetches logs and tweaks unrelated knobs without ever addressing it.",
                GRPC_TOOLS, user="dev-ikaika", max_tokens=2048)
    rng = random.Random(1307)
    s.user(0, "Intermittent UNAVAILABLE from inventory-svc under load in staging. Logs are noisy; dig in.")
    s.call(5, "run_load_test", {"profile": "checkout-burst", "rps": 900},
           ghz_report(22, 310, 1990, 52100, {"Unavailable": 1310}, rps=900) + "\n\n--- envoy access log (tail) ---\n" + envoy_log(rng, 60, {41}),
           text="Reproducing with the burst profile and capturing the sidecar log.")
    knobs = [("grpc.inventory.retry.max_attempts", "5"), ("grpc.inventory.deadline", "4s"), ("grpc.pool.size", "16"),
             ("grpc.inventory.retry.backoff_base", "50ms"), ("grpc.inventory.deadline", "6s"), ("grpc.pool.size", "32"),
             ("grpc.inventory.retry.max_attempts", "8"), ("grpc.inventory.retry.backoff_base", "100ms"),
             ("grpc.pool.size", "48"), ("grpc.inventory.deadline", "9s")]
    for i, (k, v) in enumerate(knobs):
        s.call(20, "edit_config", {"file": "services/checkout-api/config.yaml", "key": k, "value": v},
               "updated services/checkout-api/config.yaml: %s = %s\nrollout staging/checkout-api: 3/3 pods ready" % (k, v),
               text="Errors persist. Adjusting %s to %s." % (k, v))
        n = 40 + 6 * i
        s.call(70, "run_load_test", {"profile": "checkout-burst", "rps": 900},
               ghz_report(22 + i % 3, 300 + 7 * i, 1985 + i, 52000 + 37 * i, {"Unavailable": 1290 + 11 * i}, rps=900)
               + "\n\n--- envoy access log (tail) ---\n" + envoy_log(rng, n, {rng.randrange(20, n - 5)}),
               text="Re-running the burst and pulling the log.")
    return s


@session
def grpc_tests_shift_then_pass():
    s = Session("grpc_tests_shift_then_pass", "grpc_timeout_debugger", "responses", GRPC_SYS, HEALTHY,
                "Hard negative: fix-and-test loop where every run fails differently (progress), then passes.",
                GRPC_TOOLS, user="dev-mara", max_tokens=1500)
    s.user(0, "Envoy in front of inventory-svc uses max_requests_per_connection: 1 since the last deploy. Fix it "
              "and make //services/checkout:integration green.")
    s.call(4, "edit_config", {"file": "deploy/envoy/sidecar.yaml", "key": "clusters.inventory.max_requests_per_connection", "value": "1000"},
           "updated deploy/envoy/sidecar.yaml (rev 52)", text="Restoring connection reuse.")
    runs = [
        "FAIL: TestReserve_DeadlinePropagation (0.84s)\n    reserve_test.go:88: expected grpc-timeout header '1999m', got '' (sidecar strips it?)\n--- 23 passed, 1 failed",
        "FAIL: TestReserve_RetryOnUnavailable (2.10s)\n    reserve_test.go:141: retries = 0, want 2 (retry_policy.retry_on missing 'unavailable')\n--- 23 passed, 1 failed",
        "FAIL: TestRelease_Idempotent (0.31s)\n    release_test.go:57: duplicate release applied twice: stock=12 want 11\n--- 23 passed, 1 failed",
        "ok  \t//services/checkout:integration\t14.2s\n--- 24 passed, 0 failed",
    ]
    fixes = [("deploy/envoy/sidecar.yaml", "routes.inventory.max_grpc_timeout", "0s", "Envoy must honour grpc-timeout; setting max_grpc_timeout: 0s."),
             ("deploy/envoy/sidecar.yaml", "routes.inventory.retry_policy.retry_on", "unavailable,cancelled,resource-exhausted", "Adding unavailable to retry_on."),
             ("services/inventory-svc/config.yaml", "release.idempotency_key_ttl", "10m", "Retries now replay Release; enabling the idempotency key cache.")]
    s.call(6, "run_tests", {"target": "//services/checkout:integration"}, runs[0], text="Running integration tests.")
    for i, (f, k, v, why) in enumerate(fixes):
        s.call(30, "edit_config", {"file": f, "key": k, "value": v}, "updated %s (rev %d)" % (f, 53 + i), text=why)
        s.call(50, "run_tests", {"target": "//services/checkout:integration"}, runs[i + 1], text="Re-running.")
    s.call(8, "run_load_test", {"profile": "checkout-steady", "rps": 400}, ghz_report(9, 41, 88, 24000, {}),
           text="Green. Confirming under load.")
    s.say("Fixed: connection reuse restored, grpc-timeout honoured, retries on UNAVAILABLE with an idempotent "
          "Release. p99 88 ms, 0 errors at 400 rps.", 300, "Write it up as a PR description.")
    return s


@session
def grpc_tuning_boilerplate():
    s = Session("grpc_tuning_boilerplate", "grpc_timeout_debugger", "chat", GRPC_SYS, HEALTHY,
                "Hard negative: repeated load tests whose reports are identical boilerplate apart from the "
                "numbers, which improve step by step until the SLO is met.", GRPC_TOOLS, user="dev-ikaika")
    s.user(0, "We need p99 under 150 ms at 600 rps for pricing-svc. Tune the Go server's concurrency and the "
              "pool; one change at a time, load test after each.")
    steps = [(None, (31, 420, 1710, {"DeadlineExceeded": 140})),
             (("grpc.server.max_concurrent_streams", "256"), (27, 350, 980, {"DeadlineExceeded": 41})),
             (("grpc.pool.size", "8"), (22, 260, 610, {"DeadlineExceeded": 6})),
             (("pricing.cache.ttl", "30s"), (14, 150, 290, {})),
             (("grpc.server.num_stream_workers", "16"), (12, 98, 171, {})),
             (("pricing.db.max_open_conns", "40"), (11, 80, 139, {}))]
    for i, (edit, (p50, p95, p99, errs)) in enumerate(steps):
        if edit:
            s.call(25, "edit_config", {"file": "services/pricing-svc/config.yaml", "key": edit[0], "value": edit[1]},
                   "updated services/pricing-svc/config.yaml: %s = %s\nrollout staging/pricing-svc: 4/4 pods ready" % edit,
                   text="p99 %d ms. Next change: %s = %s." % (steps[i - 1][1][2], edit[0], edit[1]))
        s.call(65 if i else 5, "run_load_test", {"profile": "pricing-600", "rps": 600},
               ghz_report(p50, p95, p99, 36000 - sum(errs.values()), errs, rps=600),
               text="Load test at 600 rps." if not i else "Re-testing.")
    s.say("p99 is 139 ms at 600 rps with no errors, meeting the SLO. Changes: streams 256, pool 8, cache TTL 30s, "
          "16 stream workers, 40 DB conns.", 600, "Nice. Which of those mattered most?")
    return s


# ================================================================ scholarship_essay_editor

ESSAY = """When the flood came to Barangay San Roque in 2020, my family lost the sari-sari store my grandmother had run for thirty-one years. I was fifteen. I remember the smell more than the water: wet cardboard, spoiled rice, the sweet rot of soaked bread. What I remember second is my grandmother sitting on an overturned crate with her ledger on her knees, drying its pages one at a time with a hair dryer powered by a neighbour's generator.

That ledger held every debt our neighbours owed us, written in her small, slanted hand. Many of those debts were years old. She never pressed anyone. "They will pay when the rice is cheaper," she would say. When the pages dried, she asked me to copy them into a spreadsheet on my cousin's old laptop, because the ink had begun to bleed. That was the first time I understood that a store can also be a bank, a social network and a memory.

Over the next year I taught myself enough Python to turn that spreadsheet into a small app. It reminded my grandmother who had promised to pay when, and, more importantly, who had not bought anything in months and might be in trouble. She used it to decide whom to visit. Three families who had stopped coming turned out to be rationing food; she extended their credit and our barangay captain connected them with the relief programme.

I want to study computer science because I have seen what a small, careful tool can do when it is built for the people who actually use it. I do not want to build apps that extract data from communities like mine; I want to build ones that give a grandmother with a ledger a little more time to notice who is struggling.

The scholarship would let me attend the University of the Philippines Diliman without my parents selling the tricycle that is now our main income. I plan to work with the university's disaster-resilience lab and to keep maintaining the ledger app, which four other stores in our municipality now use."""

ESSAY_PROMPT = """SCHOLARSHIP: Bayanihan Futures STEM Scholarship 2026
PROMPT (650 words max): Describe a challenge your community faced and how it shaped what you want to study. Show, don't tell. Committees value specificity, honesty about limitations, and a clear link between your experience and your academic plans.
RUBRIC: Specificity and voice (30) - Reflection and growth (25) - Link to field of study (25) - Clarity and mechanics (20).
NOTES FROM LAST YEAR'S COMMITTEE: Many essays opened with a dictionary definition or a quote. Essays that ended with a generic 'I want to give back' scored lower than ones naming a concrete plan."""


@session
def essay_same_advice_paraphrased():
    s = Session("essay_same_advice_paraphrased", "scholarship_essay_editor", "anthropic",
                "You are a warm, precise writing coach helping a high-school senior with a scholarship essay. "
                "Be concrete; quote the student's words when suggesting changes.", runaway(3, 8),
                "Paraphrased repetition with no tools: the student asks for a new opening, and the assistant "
                "keeps returning the same 'start with the hair dryer' suggestion in new words; the student keeps "
                "saying it is not what she wants.", user="student-ligaya", max_tokens=900)
    s.user(0, "Here's my essay for the Bayanihan scholarship:\n\n" + ESSAY + "\n\nCan you help me write a stronger "
              "first sentence? The flood one feels like every other essay.")
    adv = [
        "Try opening on the most vivid image you have: \"My grandmother dried our debts with a hair dryer.\" It "
        "drops the reader into the scene and makes the ledger the protagonist before the flood is even named.",
        "What if the first line were the image of your grandmother with the hair dryer? Something like: \"The "
        "generator hummed while my grandmother dried thirty-one years of debts, one page at a time.\"",
        "Consider starting in the moment with the ledger and the hair dryer: \"One page at a time, my "
        "grandmother blew hot air across the debts of our whole barangay.\" That image is uniquely yours.",
        "I'd lead with the hair-dryer scene: \"Thirty-one years of our neighbours' promises, and my grandmother "
        "was drying them with a borrowed generator.\" The flood can come in the second sentence.",
        "A fresh angle: open on the ledger being dried. \"My grandmother saved our store's memory with a hair "
        "dryer.\" It's specific and avoids the generic flood opening.",
        "How about beginning with the drying of the ledger? \"She sat on a crate, hair dryer in hand, rescuing "
        "every debt our neighbours owed.\" This puts the image first.",
        "Let's start with the strongest image - your grandmother drying the ledger: \"The first thing my "
        "grandmother saved from the flood was not food but a notebook of debts.\"",
        "Open with the hair dryer and the ledger: \"With a neighbour's generator and a hair dryer, my "
        "grandmother dried our barangay's debts page by page.\"",
        "My suggestion is still to open with your grandmother drying the ledger pages - for example: \"Page by "
        "page, my grandmother dried thirty-one years of trust.\"",
        "Try this: \"A hair dryer, a generator, and a ledger of debts - that is how my grandmother met the flood.\"",
        "Consider: \"My grandmother's ledger survived the flood because she dried it with a hair dryer.\"",
    ]
    replies = ["Hmm, I don't want to start with the hair dryer. It's in paragraph one already. Something different?",
               "That's the hair dryer again. I mean a totally different opening, not that scene.",
               "Still the hair dryer :( can you try a different idea?",
               "No, not the ledger drying. Different please.",
               "It's the same idea again. Another one?",
               "Again the hair dryer. Different opening please.",
               "Same thing. Try again?",
               "Please something else.", "That's the same again.", "no. different.", "again?"]
    for a, r in zip(adv, replies):
        s.say(a, 240, r)
    return s


@session
def essay_clarification_loop():
    s = Session("essay_clarification_loop", "scholarship_essay_editor", "responses",
                "You are an essay assistant for scholarship applicants. Before editing, make sure you know the "
                "word limit and the scholarship's prompt.", runaway(3, 8),
                "The assistant keeps asking the same clarification (which word limit applies) although the "
                "student keeps giving the same answer; no editing ever happens.", user="student-ligaya", max_tokens=600)
    s.user(0, "Please cut my essay to fit the limit, keep the ledger app part.\n\n" + ESSAY)
    asks = ["Before I cut it: what's the word limit for this scholarship? Some use 500, some 650.",
            "Thanks! Just to be sure - is the limit 650 words, or is that the limit for a different section? "
            "I'd like to confirm before trimming.",
            "Got it. To confirm: the main essay limit is 650 words, correct? Some applications have a separate "
            "short-answer limit, so I want to be sure which applies.",
            "Understood. Could you confirm whether the 650-word limit applies to this essay specifically?",
            "Thanks. Just double-checking: is 650 words the cap for this essay, not the supplementary answers?",
            "Before I begin cutting, can you confirm the word limit for this essay is 650?",
            "To make sure I trim correctly: the limit for this piece is 650 words, right?",
            "One more check before editing: does the 650-word limit apply to this essay?",
            "Could you confirm the word limit once more? I want to be sure it's 650 for this essay.",
            "Just to be certain, the limit is 650 words for this essay?"]
    ans = ["650 words.", "Yes 650, it's this essay.", "Yes. 650. This essay.", "650!! this essay", "yes",
           "yes it's 650 for this one", "yes.", "650. please just cut it", "yes 650", "yes"]
    for a, r in zip(asks, ans):
        s.say(a, 50, r)
    return s


@session
def essay_stateless_questions():
    doc = ESSAY_PROMPT + "\n\n=== ESSAY DRAFT v3 ===\n" + ESSAY
    doc = doc + "\n\n=== TEACHER COMMENTS (Ms. Dizon) ===\n" + "\n".join(
        "- para %d: %s" % (i % 5 + 1, c) for i, c in enumerate([
            "Good detail - keep 'sweet rot of soaked bread'.", "The bank/social network/memory triad is strong but maybe one too many.",
            "Name the app? Committees like concrete artefacts.", "How many users? Numbers help.",
            "'I do not want to build apps that extract data' - good, but show, don't state.",
            "Watch the comma splice in paragraph 2.", "Tricycle detail is moving; keep it.",
            "Is 'barangay captain' clear to a non-Filipino reader?", "Consider a last line that echoes the ledger.",
            "Check word count - I count ~390, you have room."] * 6))
    s = Session("essay_stateless_questions", "scholarship_essay_editor", "chat",
                "Answer questions about the student's essay using only the document provided. Be brief.", HEALTHY,
                "Hard negative: a stateless client resends the same long document (prompt, essay, 60 teacher "
                "comments) with a different question each turn; answers differ.", user="student-joaquin",
                model="gpt-4.1-mini", stateless=True, max_tokens=500)
    qs = [("What is the word limit and how far under it am I?", "The limit is 650 words; the draft is about 390, so roughly 260 words of room."),
          ("Which rubric category is weakest in my draft?", "Reflection and growth: the essay shows what you built more than how you changed."),
          ("Did I open with a quote or a definition?", "No - you open with the flood in a concrete setting, which the committee notes favour."),
          ("List the teacher's comments about paragraph 3.", "Name the app; and 'Consider a last line that echoes the ledger.'"),
          ("Is there a comma splice? Where?", "Yes, paragraph 2: '...on my cousin's old laptop, because the ink had begun to bleed' is fine, but the teacher flags a splice there; check the preceding sentence."),
          ("Does my ending name a concrete plan?", "Yes: the disaster-resilience lab at UP Diliman and maintaining the ledger app used by four other stores."),
          ("What number could I add to make the impact concrete?", "How many families the app flagged, or how many stores and users now rely on it."),
          ("Would a reader outside the Philippines understand 'barangay captain'?", "Possibly not; a short gloss such as 'our village head' would help."),
          ("Suggest a last line that echoes the ledger.", "'I want to build tools that keep a ledger of who needs help, not just who owes.'"),
          ("Which sensory details are strongest?", "The smell list - wet cardboard, spoiled rice, sweet rot of soaked bread - and the hair dryer on a neighbour's generator.")]
    for i, (q, a) in enumerate(qs):
        if i:
            s.asst(qs[i - 1][1])
        s.user(0 if not i else 45 + 17 * i, doc + "\n\nQUESTION: " + q)
    return s


@session
def essay_slow_refinement():
    s = Session("essay_slow_refinement", "scholarship_essay_editor", "anthropic",
                "You are a writing coach. Suggest one focused revision at a time and show the revised passage.",
                HEALTHY, "Hard negative: iterative refinement with small diffs, a student who replies 20-60 "
                "minutes later each time; every round changes a different sentence.", user="student-ligaya",
                max_tokens=900)
    s.user(0, "Final polishing before Friday. Essay:\n\n" + ESSAY + "\n\nWhat's the single weakest sentence?")
    rounds = [
        ("The weakest is \"I want to study computer science because I have seen what a small, careful tool can do\" - it tells. "
         "Try: \"The app had 212 lines of code. It found three hungry families.\"", 1800,
         "Ok I used that. Next weakest?"),
        ("\"That was the first time I understood that a store can also be a bank, a social network and a memory.\" Three nouns "
         "dilute it. Suggest: \"That was when I understood our store was also a bank.\"", 2700,
         "Changed it. My teacher says the ending is generic?"),
        ("Your ending lists a plan but ends on logistics. Move the tricycle line earlier and close with: \"Four stores now "
         "use the ledger app. I would like the fifth to be one I have never visited.\"", 3300,
         "love it. now paragraph 3, 'more importantly' sounds clunky"),
        ("Cut \"more importantly\" and split the sentence: \"It reminded my grandmother who had promised to pay when. It "
         "also showed who had stopped buying - and might be in trouble.\"", 1500,
         "done. is 'barangay captain' ok for foreign readers?"),
        ("Add a light gloss on first use: \"our barangay captain, the elected head of our village,\". Only once.", 2400,
         "Ok. Word count is 431 now. Anything on mechanics?"),
        ("Two things: a comma splice in paragraph 2 (\"...laptop, because...\" is fine, but \"She never pressed anyone, "
         "they would pay\" in your new version needs a semicolon) and \"thirty-one\" vs \"31\" - keep words.", 2100,
         "Fixed both. Title idea: 'The Ledger'?"),
        ("\"The Ledger\" is clean. A slightly richer option: \"Debts, Dried\". Either works; the committee won't weigh it much.", 3600,
         "Going with The Ledger. Last read - anything else?"),
        ("Only one: the first sentence still says \"When the flood came\"; since your new ending mirrors the ledger, you could "
         "open \"The ledger survived the flood.\" Optional. Otherwise it's ready.", 1200,
         "Kept mine. Submitted! thank you"),
    ]
    for a, dt, r in rounds:
        s.say(a, dt, r)
    return s


# ================================================================ yacht_weather_router

YACHT_TOOLS = [
    ("get_forecast", "GFS/ECMWF blend forecast at a position and time: wind, gusts, waves, pressure.",
     {"lat": ("number", "latitude"), "lon": ("number", "longitude"), "valid": ("string", "UTC time ISO8601")}),
    ("polar_lookup", "Boat speed from the yacht's polar for a true wind speed and angle.",
     {"tws": ("number", "true wind speed kn"), "twa": ("number", "true wind angle deg")}),
    ("set_waypoint", "Insert or move a waypoint in the active route on the chartplotter.",
     {"name": ("string", "waypoint name"), "lat": ("number", "latitude"), "lon": ("number", "longitude")}),
    ("route_eta", "Compute the ETA and check the active route against hazards and traffic separation schemes.",
     {"route": ("string", "route name")}),
]
YACHT_SYS = ("You are the onboard routing assistant of S/Y Kittiwake, a Pogo 36 sailing double-handed. Keep "
             "clear of traffic separation schemes (TSS) and land by 2 nm. Report in nautical miles, knots, UTC.")


@session
def yacht_tss_cycle():
    s = Session("yacht_tss_cycle", "yacht_weather_router", "responses", YACHT_SYS, runaway(7, 14),
                "A period-4 cycle: forecast, polar, move the same waypoint, route check rejected for crossing "
                "the Ushant TSS; each round the forecast issue time ticks but nothing else changes.",
                YACHT_TOOLS, user="skipper-anneke")
    s.user(0, "We're 40 nm NW of Ushant heading for A Coruña. Wind is backing SW tonight. Find a route that "
              "keeps us out of the TSS and tell me the ETA.")
    s.call(3, "route_eta", {"route": "ACTIVE"},
           {"eta": "2026-06-14T17:40Z", "status": "REJECTED", "hazard": "leg WP2->WP3 crosses Ushant TSS southbound lane at 48.38N 5.71W"},
           text="Checking the current route first.")
    for r in range(6):
        issue = "2026-06-12T%02d:00Z" % (6 + r % 2 * 6)
        s.call(6, "get_forecast", {"lat": 48.5, "lon": -6.1, "valid": "2026-06-12T22:00Z"},
               {"issued": issue, "tws": 18, "twd": 225, "gust": 24, "hs_m": 2.3, "mslp": 1007},
               text=["Pulling the wind for the WP2 leg.", "Re-checking the forecast at WP2.", "Forecast at WP2 again."][min(r, 2)])
        s.call(3, "polar_lookup", {"tws": 18, "twa": 50}, {"bsp": 7.1, "vmg": 4.56, "sail": "J1 + full main"},
               text="Upwind speed at TWA 50.")
        s.call(4, "set_waypoint", {"name": "WP3", "lat": 48.36 - 0.01 * (r % 2), "lon": -5.69},
               "WP3 moved to %.2fN 5.69W" % (48.36 - 0.01 * (r % 2)), text="Nudging WP3 east to tack inside the lane.")
        s.call(5, "route_eta", {"route": "ACTIVE"},
               {"eta": "2026-06-14T17:%02dZ" % (35 + r % 2 * 3), "status": "REJECTED",
                "hazard": "leg WP2->WP3 crosses Ushant TSS southbound lane at 48.3%dN 5.70W" % (7 + r % 2)},
               text="Checking the new route.")
    return s


@session
def yacht_waypoint_on_land():
    s = Session("yacht_waypoint_on_land", "yacht_weather_router", "chat", YACHT_SYS, runaway(3, 8),
                "Exact repetition: the agent re-sends the identical set_waypoint call and gets the identical "
                "'position on land' error, with the identical explanation, again and again.",
                YACHT_TOOLS, user="skipper-tom")
    s.user(0, "Put a waypoint at the entrance of Camaret, 48.2800N 4.5950W, so we can duck in if it blows up.")
    for i in range(12):
        s.call(4 if i else 2, "set_waypoint", {"name": "CAMARET", "lat": 48.28, "lon": -4.595},
               {"error": "INVALID_POSITION", "detail": "48.2800N 4.5950W is on land (Pointe du Toulinguet), nearest water 0.4 nm W"},
               err=True, text="Adding the CAMARET waypoint at 48.2800N 4.5950W.")
    return s


@session
def yacht_watch_reports():
    s = Session("yacht_watch_reports", "yacht_weather_router", "anthropic", YACHT_SYS, HEALTHY,
                "Hard negative: every watch change (hours apart) the skipper pastes the latest position and the "
                "assistant answers in the same fixed template with new numbers; a human who is slow to reply.",
                YACHT_TOOLS, user="skipper-anneke", max_tokens=800)
    legs = [(47.82, -6.35, 16, 230, "16.5", "Full main, J1"), (47.21, -6.98, 21, 245, "18.0", "1 reef, J2"),
            (46.55, -7.60, 24, 260, "19.5", "2 reefs, J3"), (45.90, -8.05, 19, 280, "16.0", "1 reef, J2"),
            (45.10, -8.40, 14, 300, "12.0", "Full main, code 0"), (44.35, -8.62, 11, 320, "9.5", "Full main, A2 kite"),
            (43.70, -8.55, 8, 340, "7.0", "Full main, A2 kite")]
    s.user(0, "Watch report 1: pos 47.82N 6.35W, COG 205, SOG 7.4. Give me the usual: wind next 6h, sail plan, ETA.")
    for i, (la, lo, tws, twd, gust, sails) in enumerate(legs):
        s.call(5, "get_forecast", {"lat": la, "lon": lo, "valid": "2026-06-%02dT%02d:00Z" % (13 + (i * 6) // 24, (6 + i * 6) % 24)},
               {"tws": tws, "twd": twd, "gust": float(gust), "hs_m": round(1.2 + tws / 12, 1)}, text="Forecast for the next 6 h at your position.")
        s.call(3, "polar_lookup", {"tws": tws, "twa": 140 - i * 5}, {"bsp": round(6.1 + tws / 7, 1), "sail": sails},
               text="Polar for that wind.")
        remain = int(((la - 43.37) ** 2 + ((lo + 8.4) * 0.72) ** 2) ** 0.5 * 60)
        s.asst("WATCH %d\n- Position: %.2fN %.2fW\n- Wind 6h: %d kn from %03d, gusts %s\n- Sail plan: %s\n- Remaining: %d nm, ETA %s"
               % (i + 1, la, -lo, tws, twd, gust, sails, remain, "2026-06-14T%02d:%02dZ" % (15 + i % 3, (i * 17) % 60)))
        if i + 1 < len(legs):
            la2, lo2 = legs[i + 1][0], legs[i + 1][1]
            s.user(1200 + 600 * (i % 3) + 21600 - 1800,
                   "Watch report %d: pos %.2fN %.2fW, COG %d, SOG %.1f. Usual please." % (i + 2, la2, -lo2, 200 + 4 * i, 7.0 + (i % 3) * 0.6))
    s.user(2400, "Off A Coruña, thanks for the help.")
    return s


@session
def yacht_reroute_revisit():
    s = Session("yacht_reroute_revisit", "yacht_weather_router", "responses", YACHT_SYS, HEALTHY,
                "Hard negative: a legitimate revisit. The router switches between the inshore and offshore "
                "options as successive forecast runs flip, then commits; every run's numbers differ.",
                YACHT_TOOLS, user="skipper-tom")
    s.user(0, "Inshore via the Raz de Sein or offshore west of Ile de Sein? Tide gate at the Raz is 14:10Z. Keep "
              "checking the runs and decide by 12:00Z.")
    runs = [("00Z", 14, 250, "INSHORE", 47.98, -4.78), ("06Z", 21, 235, "OFFSHORE", 47.95, -5.05),
            ("12Z early", 16, 255, "INSHORE", 47.98, -4.78), ("12Z final", 17, 250, "INSHORE", 47.98, -4.78)]
    for i, (run, tws, twd, plan, la, lo) in enumerate(runs):
        s.call(3 if not i else 5400, "get_forecast", {"lat": 48.0, "lon": -4.9, "valid": "2026-06-13T14:00Z"},
               {"run": run, "tws": tws, "twd": twd, "gust": tws + 6, "hs_m": round(tws / 9, 1), "tidal_stream_raz_kn": 4.1 - i * 0.2},
               text="Pulling the %s run." % run)
        s.call(4, "set_waypoint", {"name": "SEIN", "lat": la, "lon": lo}, "SEIN set to %.2fN %.2fW (%s)" % (la, -lo, plan),
               text="%d kn from %03d favours %s; setting SEIN." % (tws, twd, plan.lower()))
        s.call(4, "route_eta", {"route": "ACTIVE"}, {"status": "OK", "eta": "2026-06-13T%02d:%02dZ" % (19 + i % 2, 10 + 11 * i),
                                                     "raz_arrival": "13:%02dZ" % (40 + 6 * i) if plan == "INSHORE" else None},
               text="ETA check.")
    s.say("Decision: inshore through the Raz, arriving 13:58Z ahead of the 14:10Z gate, ETA Audierne 20:43Z.",
          1800, "Agreed, committing. Thanks.")
    return s


# ================================================================ vet_appointment_triage

VET_TOOLS = [
    ("symptom_checker", "Triage rules engine: returns urgency (EMERGENCY/URGENT/ROUTINE) for species and symptoms.",
     {"species": ("string", "dog|cat|rabbit|..."), "symptoms": ("string", "free text"), "age_years": ("number", "optional age")}),
    ("schedule_lookup", "List free appointment slots; paginated.",
     {"clinic": ("string", "clinic id"), "date": ("string", "YYYY-MM-DD"), "cursor": ("string", "optional page cursor")}),
    ("book_appointment", "Book a slot for a patient.",
     {"slot_id": ("string", "slot id"), "patient": ("string", "pet name + owner surname")}),
    ("send_reminder", "Send an SMS/e-mail reminder through the clinic's messaging provider.",
     {"to": ("string", "phone or e-mail"), "text": ("string", "message")}),
]
VET_SYS = ("You triage appointment requests for Larchmont Veterinary Group (clinics LVG-N and LVG-S). Emergencies "
           "go to the on-call line immediately. Otherwise book the earliest suitable slot and send a reminder.")


@session
def vet_handoff_pingpong():
    s = Session("vet_handoff_pingpong", "vet_appointment_triage", "anthropic",
                "You are TRIAGE-AGENT. You receive notes from SCHED-AGENT in the user turn and reply with a note "
                "for SCHED-AGENT. You decide urgency; SCHED-AGENT books.", runaway(3, 8),
                "Two agents hand the same case back and forth: triage says 'urgent, book today', scheduling "
                "says 'no urgent slot today, re-triage', and neither escalates to the on-call line.",
                user="agent-bus", max_tokens=500)
    s.user(0, "[SCHED-AGENT] New request: 'Biscuit', 9y male Labrador, owner Okafor. Vomiting x3 since morning, "
              "won't eat, belly looks tight. Please triage.")
    tri = ["[TRIAGE-AGENT] URGENT: possible GDV signs (tight abdomen, unproductive vomiting) in a large-breed dog. "
           "Book the earliest slot TODAY.",
           "[TRIAGE-AGENT] Still URGENT - needs to be seen today. Please book a same-day slot.",
           "[TRIAGE-AGENT] Triage unchanged: URGENT, same-day appointment required.",
           "[TRIAGE-AGENT] URGENT. Please book today.",
           "[TRIAGE-AGENT] Re-triaged: URGENT, must be seen today. Book a same-day slot.",
           "[TRIAGE-AGENT] URGENT (same day). Please find a slot today."]
    sch = "[SCHED-AGENT] No URGENT slot free today at LVG-N or LVG-S (%s). Returning to triage: can this be ROUTINE for tomorrow 09:10?"
    for i in range(12):
        s.say(tri[i % len(tri)] if i < 6 else tri[i % 3], 20 + i, sch % ("checked %02d:%02d" % (10, 14 + i)))
    return s


@session
def vet_reminder_401():
    s = Session("vet_reminder_401", "vet_appointment_triage", "chat", VET_SYS, runaway(4, 9),
                "Retrying a permanently failing call: the SMS provider rejects the clinic's API key (401) and "
                "the agent retries the same reminder forever instead of reporting it.", VET_TOOLS, user="front-desk-2")
    s.user(0, "Mrs. Haddad's cat Pistachio is booked for dental tomorrow 08:30 at LVG-S. Send her the fasting "
              "reminder (no food after 10pm) to +44 7700 900312.")
    txt = "Reminder: Pistachio's dental at LVG-S tomorrow 08:30. No food after 10pm, water is fine. Reply C to confirm."
    for i in range(13):
        s.call(3 if not i else 15 + 5 * (i % 3), "send_reminder", {"to": "+447700900312", "text": txt},
               {"status": 401, "error": "invalid_api_key", "message": "Authentication failed: API key sk_live_...9f2 has been revoked.",
                "trace": "msg_%08x" % (0x3a91c000 + 977 * i)}, err=True,
               text="Sending the fasting reminder." if not i else "The provider returned an error; retrying the reminder.")
    return s


@session
def vet_batch_requests():
    s = Session("vet_batch_requests", "vet_appointment_triage", "responses", VET_SYS, HEALTHY,
                "Hard negative: a batch of web-form requests under one shared instruction; 'no Saturday slots, "
                "offered Monday' recurs on several different pets, which is normal.", VET_TOOLS, user="front-desk-1")
    s.user(0, "Work through this morning's web-form requests one by one: triage, then book (owners prefer "
              "Saturday; if Saturday is full offer the next weekday), then remind. First: 'Mochi', cat, 3y, "
              "itchy ears, owner Sato, sato.k@example.com.")
    reqs = [("Mochi", "cat", "itchy ears, head shaking", "Sato", "sato.k@example.com", "ROUTINE"),
            ("Rex", "dog", "annual vaccines due", "Brennan", "+447700900101", "ROUTINE"),
            ("Clover", "rabbit", "not eating since yesterday, small droppings", "Ilunga", "+447700900144", "URGENT"),
            ("Juno", "dog", "limping on front left after a run", "Park", "park.j@example.com", "ROUTINE"),
            ("Smokey", "cat", "drinking a lot, weight loss", "Varga", "+447700900177", "ROUTINE")]
    for i, (pet, sp, sym, owner, to, urg) in enumerate(reqs):
        if i:
            s.asst("Done: %s booked %s, reminder sent." % (reqs[i - 1][0], slot))
            s.user(180, "Next: '%s', %s, %s, owner %s, %s." % (pet, sp, sym, owner, to))
        s.call(2, "symptom_checker", {"species": sp, "symptoms": sym}, {"urgency": urg, "advice": "see within 24h" if urg == "URGENT" else "book routine consult"},
               text="Triage for %s." % pet)
        sat_full = i != 3 and urg != "URGENT"
        s.call(2, "schedule_lookup", {"clinic": "LVG-N", "date": "2026-06-13" if urg != "URGENT" else "2026-06-11"},
               {"date": "2026-06-13" if urg != "URGENT" else "2026-06-11", "slots": [] if sat_full else [{"id": "N-%d-1040" % (611 + i), "time": "10:40"}],
                "note": "Saturday fully booked" if sat_full else None},
               text="Looking for a Saturday slot." if urg != "URGENT" else "Same-day slot needed.")
        if sat_full:
            s.call(2, "schedule_lookup", {"clinic": "LVG-N", "date": "2026-06-15"},
                   {"date": "2026-06-15", "slots": [{"id": "N-615-%04d" % (900 + 20 * i), "time": "%02d:%02d" % (9 + i // 3, 20 * (i % 3))}]},
                   text="Saturday is full; offering Monday.")
            slot = "N-615-%04d" % (900 + 20 * i)
        else:
            slot = "N-%d-1040" % (611 + i)
        s.call(2, "book_appointment", {"slot_id": slot, "patient": "%s %s" % (pet, owner)}, {"ok": True, "slot_id": slot}, text="Booking.")
        s.call(2, "send_reminder", {"to": to, "text": "%s is booked (%s) at LVG-N. Reply C to confirm." % (pet, slot)},
               {"ok": True, "id": "msg_%d" % (88100 + i)}, text="Reminder.")
    return s


@session
def vet_slot_pagination():
    s = Session("vet_slot_pagination", "vet_appointment_triage", "chat", VET_SYS, HEALTHY,
                "Hard negative: pagination. The same schedule_lookup call with the next cursor, page after page, "
                "until a slot fits the owner's constraints; then booking.", VET_TOOLS, user="front-desk-3")
    s.user(0, "Ms. Lindgren needs a 40-minute slot with Dr. Achebe for her dog Bosse's follow-up, any day next "
              "week, but only after 17:00. LVG-S.")
    pages = []
    days = ["2026-06-15", "2026-06-16", "2026-06-17", "2026-06-18", "2026-06-19"]
    for i, d in enumerate(days):
        slots = [{"id": "S-%s-%02d%02d" % (d[5:].replace("-", ""), h, m), "time": "%02d:%02d" % (h, m), "vet": v, "len": ln}
                 for h, m, v, ln in [(9, 0, "Dr. Achebe", 20), (11, 20, "Dr. Moreau", 40), (14, 40, "Dr. Achebe", 20),
                                     (16, 20, "Dr. Moreau", 40), (17, 20, "Dr. Achebe" if i == 3 else "Dr. Moreau", 40 if i >= 3 else 20)]]
        pages.append({"date": d, "slots": slots, "next_cursor": "c_%s" % hashlib.sha1(d.encode()).hexdigest()[:10] if i < 4 else None})
    cur = None
    for i, pg in enumerate(pages):
        args = {"clinic": "LVG-S", "date": "2026-06-15"}
        if cur:
            args["cursor"] = cur
        s.call(3, "schedule_lookup", args, pg, text="First page of next week's slots." if not i else "No evening 40-min slot with Dr. Achebe yet; next page.")
        cur = pg["next_cursor"]
        if i == 3:
            break
    s.call(3, "book_appointment", {"slot_id": "S-0618-1720", "patient": "Bosse Lindgren"}, {"ok": True, "slot_id": "S-0618-1720"},
           text="Thursday 17:20 with Dr. Achebe, 40 minutes: booking.")
    s.call(2, "send_reminder", {"to": "lindgren.e@example.com", "text": "Bosse's follow-up with Dr. Achebe: Thu 18 June 17:20, LVG-S."},
           {"ok": True, "id": "msg_77120"}, text="Reminder to Ms. Lindgren.")
    s.say("Booked Bosse for Thursday 18 June 17:20 with Dr. Achebe (40 min) at LVG-S; reminder e-mailed.", 240,
          "Perfect. Also can you check if Dr. Achebe has anything Friday after 17:00 as a backup?")
    s.call(3, "schedule_lookup", {"clinic": "LVG-S", "date": "2026-06-19"}, pages[4], text="Checking Friday.")
    s.say("Friday has nothing after 17:00 with Dr. Achebe (17:20 is Dr. Moreau, 20 min). Thursday stays the only fit.",
          120, "Ok, leave it. Thanks!")
    return s


# ================================================================ release_manager

REL_TOOLS = [
    ("get_changelog", "Collect merged PRs since a tag, grouped by label.",
     {"since": ("string", "previous tag"), "repo": ("string", "owner/name")}),
    ("create_tag", "Create and push an annotated, signed git tag.",
     {"tag": ("string", "tag name"), "ref": ("string", "commit sha or branch"), "message": ("string", "tag message")}),
    ("ci_status", "Status of the latest CI workflow run for a ref, with the failing job's log tail.",
     {"ref": ("string", "tag or branch")}),
    ("ci_rerun", "Re-run the failed jobs of a workflow run.", {"run_id": ("integer", "run id")}),
    ("publish", "Build sdist/wheels from the tag and upload them to the package index.",
     {"tag": ("string", "tag"), "dry_run": ("boolean", "optional dry run")}),
]
REL_SYS = ("You are the release bot for the open-source library 'quillmark' (Markdown to PDF, Python + a Rust "
           "extension). Cut releases following RELEASING.md: changelog, signed tag, green CI on the tag, publish.")


def ci_log(rng, run, fail, minute):
    steps = ["Set up job", "Run actions/checkout@v4", "Set up Python 3.12", "Install Rust toolchain (stable)",
             "Cache cargo registry", "pip install -e .[test]", "maturin develop --release", "pytest -q -n 2"]
    out = ["run %d  job: test (windows-latest, 3.12)  started 2026-05-04T09:%02d:%02dZ" % (run, minute, rng.randrange(60))]
    for st in steps:
        out.append("  %-34s ok   %ds" % (st, rng.randint(2, 95)))
    out.append("  ---- pytest output (tail) ----")
    for k in range(40):
        out.append("tests/test_%s.py %s" % (rng.choice(["render", "tables", "fonts", "toc", "images", "cli", "math"]),
                                         "." * rng.randint(8, 40)))
    if fail:
        out += ["tests/test_paths.py ....F...",
                "FAILED tests/test_paths.py::test_unicode_output_path - OSError: [WinError 123] The filename, directory name, "
                "or volume label syntax is incorrect: 'C:\\\\Users\\\\RUNNER~1\\\\AppData\\\\Local\\\\Temp\\\\pytest-of-runneradmin\\\\pytest-0\\\\test_unicode_output_path0\\\\r\\u00e9sum\\u00e9\\u2019s.pdf'",
                "= 1 failed, %d passed, 3 skipped in %d.%02ds =" % (612, rng.randint(180, 240), rng.randrange(100))]
    return "\n".join(out)


@session
def release_ci_rerun_loop():
    s = Session("release_ci_rerun_loop", "release_manager", "responses", REL_SYS, runaway(5, 11),
                "A job restart loop failing at the same step: every re-run of the tag's CI (new run id, new "
                "timings) fails on the same Windows unicode-path test, and the agent keeps re-running it.",
                REL_TOOLS, user="maint-priya", max_tokens=1200)
    rng = random.Random(2203)
    s.user(0, "v4.7.0 is tagged. Get CI green on the tag and publish.")
    run = 91822
    s.call(4, "ci_status", {"ref": "v4.7.0"}, "conclusion: failure\n" + ci_log(rng, run, True, 2),
           text="Checking CI on the tag.")
    texts = ["One Windows test failed; it may be flaky. Re-running the failed job.",
             "Failed again on Windows. Re-running once more, the temp path may differ on another runner.",
             "Still failing; re-running the Windows job.", "Re-running the failed job again."]
    for i in range(8):
        s.call(180, "ci_rerun", {"run_id": run}, {"queued": True, "run_id": run + 1, "attempt": i + 2}, text=texts[min(i, 3)])
        run += 1
        s.call(420, "ci_status", {"ref": "v4.7.0"}, "conclusion: failure\n" + ci_log(rng, run, True, 10 + 7 * i),
               text="Checking the re-run.")
    return s


@session
def release_tag_publish_cycle():
    s = Session("release_tag_publish_cycle", "release_manager", "anthropic", REL_SYS, runaway(4, 10),
                "A period-2 cycle: create the tag (succeeds), publish (fails because a protected-tag rule "
                "deletes unsigned tags), create the tag again... Only the timestamps tick.",
                REL_TOOLS, user="maint-olu", max_tokens=800)
    s.user(0, "Publish 2.0.1, the hotfix for the table-rendering crash. Commit 3e9a1f0 on release/2.0.")
    for i in range(7):
        s.call(5 if not i else 30, "create_tag", {"tag": "v2.0.1", "ref": "3e9a1f0", "message": "quillmark 2.0.1: fix crash on empty tables"},
               "Tag v2.0.1 -> 3e9a1f0 pushed to origin at 2026-05-11T14:%02d:%02dZ" % (3 + 2 * i, (13 * i) % 60),
               text="Tagging v2.0.1." if not i else "The tag is missing on the remote; recreating it.")
        s.call(40, "publish", {"tag": "v2.0.1"},
               {"status": "error", "code": "TAG_NOT_FOUND", "message": "tag v2.0.1 not found on origin (checked 2026-05-11T14:%02d:%02dZ). "
                "Note: ruleset 'protect-v*' removes tags that are not GPG-signed by a maintainer key." % (4 + 2 * i, (13 * i + 41) % 60)},
               err=True, text="Publishing from the tag.")
    return s


@session
def release_ci_progress():
    s = Session("release_ci_progress", "release_manager", "chat", REL_SYS, HEALTHY,
                "Hard negative: polling CI on a tag; the completed-job count, running jobs and ETA move every "
                "poll until all 14 jobs are green, then publish succeeds.", REL_TOOLS, user="maint-priya")
    s.user(0, "Tag v4.8.0 from main (a41c0de) and ship it once CI on the tag is green.")
    s.call(3, "get_changelog", {"since": "v4.7.1", "repo": "quillmark/quillmark"},
           {"features": ["#1201 footnotes in tables", "#1188 --page-size flag"], "fixes": ["#1210 Windows unicode paths", "#1195 TOC anchors"], "internal": 7},
           text="Collecting the changelog.")
    s.call(4, "create_tag", {"tag": "v4.8.0", "ref": "a41c0de", "message": "quillmark 4.8.0"},
           "Tag v4.8.0 -> a41c0de pushed (signed, key 0x5C1E...A9)", text="Tagging.")
    prog = [(0, 4, "queued 10", "31m"), (3, 6, "queued 5", "24m"), (6, 5, "queued 3", "17m"), (9, 5, "", "9m"),
            (12, 2, "", "3m"), (13, 1, "", "1m"), (14, 0, "", "0m")]
    for i, (done, running, q, eta) in enumerate(prog):
        st = {"ref": "v4.8.0", "run_id": 92010, "jobs_total": 14, "jobs_succeeded": done, "jobs_running": running,
              "queue": q or None, "eta": eta, "conclusion": "success" if done == 14 else None}
        s.call(2 if not i else 300 + 60 * (i % 2), "ci_status", {"ref": "v4.8.0"}, st,
               text="CI on the tag." if not i else "%d/14 done, checking again." % prog[i - 1][0])
    s.call(5, "publish", {"tag": "v4.8.0"}, {"status": "ok", "uploaded": ["quillmark-4.8.0.tar.gz", "quillmark-4.8.0-cp312-cp312-win_amd64.whl",
                                                                     "quillmark-4.8.0-cp312-cp312-manylinux_2_28_x86_64.whl", "quillmark-4.8.0-cp312-cp312-macosx_11_0_arm64.whl"]},
           text="All green. Publishing.")
    s.say("quillmark 4.8.0 is out: tag v4.8.0, 14/14 jobs green, sdist + 3 wheels uploaded.", 200, "Post the announcement draft.")
    return s


@session
def release_notes_continue():
    s = Session("release_notes_continue", "release_manager", "anthropic", REL_SYS, HEALTHY,
                "Hard negative: 'continue' repeated by the maintainer; each answer writes the next, new section "
                "of a long migration guide.", REL_TOOLS, user="maint-olu", max_tokens=1500)
    s.user(0, "We're cutting 5.0.0 (breaking). Pull the changelog since v4.8.0 and write the migration guide, "
              "section by section. I'll say continue.")
    s.call(3, "get_changelog", {"since": "v4.8.0", "repo": "quillmark/quillmark"},
           {"breaking": ["#1250 render() returns bytes, not str", "#1262 drop Python 3.9", "#1270 Theme.font -> Theme.fonts (list)",
                         "#1281 CLI: -o required", "#1290 plugins use entry points"], "features": ["#1244 async render", "#1277 SVG output"]},
           text="Fetching what changed.")
    secs = [
        "## 1. render() now returns bytes\nIn 4.x `render(md)` returned a `str` holding PDF data decoded as latin-1. 5.0 returns `bytes`.\n\n```python\n# 4.x\npdf = quillmark.render(md)\nopen('out.pdf', 'w', encoding='latin-1').write(pdf)\n# 5.0\npdf = quillmark.render(md)\nopen('out.pdf', 'wb').write(pdf)\n```",
        "## 2. Python 3.9 is no longer supported\nquillmark 5.0 requires Python 3.10+. We use `match` statements in the parser and PEP 604 unions in public signatures. Pin `quillmark<5` if you must stay on 3.9; 4.8.x gets security fixes until 2026-12-31.",
        "## 3. Theme.font became Theme.fonts\nA theme can now list fallbacks: `Theme(fonts=['Inter', 'Noto Sans CJK JP'])`. Passing `font=` raises `TypeError` with a hint. Custom themes subclassing `Theme` must rename the attribute.",
        "## 4. The CLI requires -o\n`quillmark doc.md` used to write `doc.pdf` next to the input silently; it now exits 2 with `error: -o/--output is required`. Scripts: add `-o doc.pdf`.",
        "## 5. Plugins are discovered by entry points\nThe `QUILLMARK_PLUGINS` env var is gone. Declare `[project.entry-points.'quillmark.plugins']` in your pyproject; `quillmark plugins list` shows what loaded.",
        "## 6. New: async rendering and SVG\n`await quillmark.render_async(md)` runs layout in a worker thread. `render(md, format='svg')` returns one SVG per page. Neither is breaking, but both are why 5.0 felt like the right moment.",
        "## 7. Upgrade checklist\n- [ ] Python >= 3.10\n- [ ] write PDFs in binary mode\n- [ ] rename `font=` to `fonts=[...]`\n- [ ] add `-o` to CLI calls\n- [ ] move plugins to entry points\n- [ ] run your test-suite with `-W error::DeprecationWarning`",
    ]
    for i, sec in enumerate(secs):
        s.say(sec, 90 + 40 * (i % 3), "continue" if i < len(secs) - 1 else "Great, that's all. Tag 5.0.0rc1 please.")
    return s


# ================================================================ sheet_music_omr_batch

OMR_TOOLS = [
    ("omr_transcribe", "Run the OMR engine on one scanned page; returns MusicXML or an error.",
     {"page": ("string", "scan file name"), "dpi": ("integer", "optional resample dpi"), "profile": ("string", "optional: print|manuscript|hymnal")}),
    ("notation_check", "Check MusicXML for rhythm/key/tie consistency; returns warnings and errors.",
     {"page": ("string", "scan file name")}),
]
OMR_INSTRUCTION = """You are transcribing the 1911 Novello vocal score of 'The Wreck of the Hesperus' (public domain) for the open edition project. For every page:
1. Run omr_transcribe with profile 'print' (use dpi 400 if staff detection is weak).
2. Run notation_check on the result.
3. Reply with ONE line: `<page>: OK` or `<page>: NEEDS REVIEW - <what>`; warnings that are expected in this edition (see below) do not need review but must be listed.
Known quirks of this edition (do not treat as errors): ties across system breaks are printed without a continuation arc; cue-size notes in the piano reduction; hairpins printed as words ('cresc.'); page numbers in the top outer corner may be read as a tempo mark.
Never guess pitches that the engine could not read: mark them NEEDS REVIEW.
House style for reports: page ids as given, no commentary beyond the line."""


def musicxml(page, rng, measures=24, part="Voice"):
    steps = "CDEFGAB"
    head = ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!DOCTYPE score-partwise PUBLIC "-//Recordare//DTD MusicXML 4.0 Partwise//EN" '
            '"http://www.musicxml.org/dtds/partwise.dtd">\n<score-partwise version="4.0">\n  <work><work-title>The Wreck of the Hesperus</work-title></work>\n'
            '  <identification><creator type="composer">J. F. Bridge</creator><encoding><software>omr-engine 3.4.1</software>'
            '<encoding-date>2026-04-02</encoding-date></encoding><source>%s</source></identification>\n'
            '  <part-list><score-part id="P1"><part-name>%s</part-name></score-part></part-list>\n  <part id="P1">\n' % (page, part))
    body = []
    for m in range(1, measures + 1):
        notes = []
        for _ in range(4):
            st = rng.choice(steps)
            notes.append('      <note><pitch><step>%s</step><octave>%d</octave></pitch><duration>1</duration><type>quarter</type></note>' % (st, rng.choice([4, 4, 5])))
        attrs = '      <attributes><divisions>1</divisions><key><fifths>-2</fifths></key><time><beats>4</beats><beat-type>4</beat-type></time></attributes>\n' if m == 1 else ''
        body.append('    <measure number="%d">\n%s%s\n    </measure>' % (m, attrs, "\n".join(notes)))
    return head + "\n".join(body) + "\n  </part>\n</score-partwise>\n"


@session
def omr_page_retry_alternating():
    s = Session("omr_page_retry_alternating", "sheet_music_omr_batch", "chat", OMR_INSTRUCTION, runaway(5, 11),
                "Alternating failing attempts on one page: re-run OMR with another dpi/profile, check, the same "
                "rhythm error in measure 12 every time; the batch never moves to the next page.",
                OMR_TOOLS, user="omr-batch-runner")
    rng = random.Random(414)
    s.user(0, "Page: hesperus_p014.tif")
    opts = [(None, "print"), (400, "print"), (600, "print"), (400, "hymnal"), (300, "print"), (600, "manuscript"),
            (450, "print"), (500, "print"), (400, "print")]
    for i, (dpi, prof) in enumerate(opts):
        args = {"page": "hesperus_p014.tif", "profile": prof}
        if dpi:
            args["dpi"] = dpi
        s.call(20, "omr_transcribe", args, musicxml("hesperus_p014.tif", rng, 16)[:2500] + "...(truncated)",
               text="Transcribing p014." if not i else "Same rhythm error; re-running OMR with dpi %s, profile %s." % (dpi, prof))
        s.call(6, "notation_check", {"page": "hesperus_p014.tif"},
               {"errors": [{"measure": 12, "voice": 1, "msg": "measure duration 5/4 exceeds time signature 4/4"}],
                "warnings": [{"measure": 7, "msg": "tie across system break has no continuation"}]}, text="Checking.")
    return s


@session
def omr_continue_same_output():
    s = Session("omr_continue_same_output", "sheet_music_omr_batch", "responses",
                "You convert OCR'd lyric underlay from scanned vocal-score pages into clean syllabified lyrics, "
                "one page per answer. The user pastes each page's raw OCR text.", runaway(3, 8),
                "The assistant keeps producing the same answer (page 3's lyrics) to 'continue', although each new "
                "turn asks for the next page.", user="omr-editor-hana", max_tokens=900)
    s.user(0, "Raw OCR p3:\nIt was the schoon - er Hes - per - us, That sail'd the win - try sea;\nAnd the skip - per had ta'en his "
              "lit - tle daugh - ter, To bear him com - pa - ny.\nClean it up, then continue with the next pages when I say continue.")
    same = ("Page 3\nIt was the schoon-er Hes-per-us,\nThat sailed the win-try sea;\nAnd the skip-per had tak-en his lit-tle daugh-ter,\n"
            "To bear him com-pa-ny.\n(Normalised 'sail'd' -> 'sailed', 'ta'en' -> 'taken'.)")
    for i in range(11):
        s.say(same, 35, ["continue (page 4: 'Blue were her eyes as the fai - ry flax')", "continue", "continue - page 5 now",
                         "continue", "that's page 3 again. continue with page 6", "continue", "continue", "page 7 please",
                         "continue", "continue", "continue"][i])
    return s


@session
def omr_batch_recurring_warning():
    s = Session("omr_batch_recurring_warning", "sheet_music_omr_batch", "anthropic", OMR_INSTRUCTION, HEALTHY,
                "Hard negative: batch with one long shared instruction and a short page id per turn; the same "
                "expected warning (tie across system break) recurs on several different pages; one page needs a "
                "dpi retry that works.", OMR_TOOLS, user="omr-batch-runner", max_tokens=400)
    rng = random.Random(977)
    pages = ["hesperus_p%03d.tif" % p for p in range(21, 29)]
    warn = {21: ["tie across system break has no continuation (m. 9)"], 22: [], 23: ["tie across system break has no continuation (m. 14)"],
            24: ["cue-size notes in piano RH (m. 3-4)"], 25: ["tie across system break has no continuation (m. 6)"],
            26: ["tie across system break has no continuation (m. 11)", "top-corner '26' read as tempo"], 27: [], 28: ["tie across system break has no continuation (m. 2)"]}
    line = None
    for i, pg in enumerate(pages):
        n = int(pg[10:13])
        if i:
            s.asst(line)
        s.user(0 if not i else 95 + 13 * (i % 4), "Page: %s" % pg)
        if n == 24:
            s.call(4, "omr_transcribe", {"page": pg, "profile": "print"}, "ERROR: staff detection confidence 0.41 < 0.60 (page skewed 2.3 deg)", err=True,
                   text="Transcribing %s." % pg)
            s.call(30, "omr_transcribe", {"page": pg, "profile": "print", "dpi": 400}, "OK: %d measures, MusicXML stored as %s.xml" % (18 + n % 5, pg[:-4]),
                   text="Weak staff detection; retrying at 400 dpi as the instruction says.")
        else:
            s.call(4, "omr_transcribe", {"page": pg, "profile": "print"}, "OK: %d measures, MusicXML stored as %s.xml" % (18 + n % 5, pg[:-4]),
                   text="Transcribing %s." % pg)
        s.call(3, "notation_check", {"page": pg}, {"errors": [], "warnings": warn[n]}, text="Checking.")
        line = "%s: OK%s" % (pg, (" (expected: " + "; ".join(warn[n]) + ")") if warn[n] else "")
    return s


@session
def omr_hymnal_boilerplate():
    s = Session("omr_hymnal_boilerplate", "sheet_music_omr_batch", "responses",
                "Transcribe the scanned hymnal pages one after another with the OMR engine and verify each with "
                "the checker. Report the page's first and last measure pitches.", HEALTHY,
                "Hard negative: long tool outputs (8-10 KB MusicXML) that are mostly the same boilerplate header "
                "and structure, with different notes on each page.", OMR_TOOLS, user="omr-editor-hana", max_tokens=600)
    rng = random.Random(5150)
    s.user(0, "Hymnal scans hymnal_041.png to hymnal_046.png, 'Voice' part only. Go.")
    for i in range(6):
        pg = "hymnal_%03d.png" % (41 + i)
        xml = musicxml(pg, rng, 40)
        s.call(3 if not i else 25, "omr_transcribe", {"page": pg, "profile": "hymnal"}, xml,
               text="Transcribing %s." % pg)
        s.call(4, "notation_check", {"page": pg}, {"errors": [], "warnings": [] if i % 3 else ["m. %d: fermata placed on barline" % (8 + i)]},
               text="Checking %s." % pg)
    s.say("All six pages transcribed and clean (two fermata-on-barline notes on 041 and 044).", 120,
          "Good, zip them with the checker reports.")
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
