#!/usr/bin/env python3
"""Generate tests/fixtures/corpus_ab (author: writer-ab), a blind held-out corpus of agent sessions.

Stdlib only, deterministic (no clock, no randomness, no network). Each style is written by its
own function with hand-written text; `render` only maps one neutral conversation onto the three
API shapes (OpenAI Chat, OpenAI Responses, Anthropic Messages).

    python3 scripts/gen_corpus_ab.py          # write the files
    python3 scripts/gen_corpus_ab.py --check  # regenerate in memory, validate, compare to disk
"""
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "corpus_ab")
SHAPES = ["chat", "responses", "anthropic"]
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
MODELS = {"chat": "gpt-4o", "responses": "gpt-4.1-mini", "anthropic": "claude-sonnet-4-20250514"}


class Conv:
    """A neutral conversation: items appended in order; each user/tool input ends a turn."""

    def __init__(self, system, tools=None, max_out=1024):
        self.system = system
        self.tools = tools or []  # (name, description, {param: type})
        self.max_out = max_out
        self.items = []
        self.turns = []  # (base, cut, at_seconds)
        self.base = 0
        self.t = 0
        self.ncall = 0

    def _cut(self, dt):
        self.t += dt
        self.turns.append((self.base, len(self.items), self.t))

    def _last(self):
        return self.items[-1][0] if len(self.items) > self.base else None

    def user(self, text, dt=30):
        if self._last() not in (None, "asst"):
            raise SystemExit("user input must follow an assistant reply: %r" % text[:60])
        self.items.append(("user", text))
        self._cut(dt)

    def asst(self, text, calls=()):
        if self._last() not in ("user", "tool"):
            raise SystemExit("assistant reply must follow user/tool input: %r" % text[:60])
        ids = []
        for _ in calls:
            self.ncall += 1
            ids.append(self.ncall)
        self.items.append(("asst", text, [(i, n, a) for i, (n, a) in zip(ids, calls)]))
        return ids

    def results(self, outs, dt=20, then_user=None):
        for cid, out, err in outs:
            self.items.append(("tool", cid, out, err))
        if then_user is not None:
            self.items.append(("user", then_user))
        self._cut(dt)

    def call(self, text, name, args, out, dt=20, err=False):
        (cid,) = self.asst(text, [(name, args)])
        self.results([(cid, out if isinstance(out, str) else json.dumps(out), err)], dt)

    def reset(self):
        """Stateless client: the next request starts a fresh conversation."""
        self.base = len(self.items)


def cid_for(shape, n):
    return {"chat": "call_ab%05dq" % n, "responses": "call_ab%05dr" % n, "anthropic": "toolu_01AB%05d" % n}[shape]


def render(conv, shape, model=None):
    model = model or MODELS[shape]
    out = []
    for base, cut, at in conv.turns:
        items = conv.items[base:cut]
        if shape == "chat":
            msgs = [{"role": "system", "content": conv.system}]
            for it in items:
                if it[0] == "user":
                    msgs.append({"role": "user", "content": it[1]})
                elif it[0] == "asst":
                    m = {"role": "assistant", "content": it[1] if it[1] else None}
                    if it[2]:
                        m["tool_calls"] = [
                            {"id": cid_for(shape, i), "type": "function",
                             "function": {"name": n, "arguments": json.dumps(a)}} for i, n, a in it[2]]
                    msgs.append(m)
                else:
                    msgs.append({"role": "tool", "tool_call_id": cid_for(shape, it[1]), "content": it[2]})
            req = {"model": model, "messages": msgs, "max_tokens": conv.max_out}
            if conv.tools:
                req["tools"] = [{"type": "function", "function": {"name": n, "description": d, "parameters": {
                    "type": "object", "properties": {k: {"type": v} for k, v in p.items()}}}} for n, d, p in conv.tools]
        elif shape == "responses":
            inp = []
            for it in items:
                if it[0] == "user":
                    inp.append({"role": "user", "content": [{"type": "input_text", "text": it[1]}]})
                elif it[0] == "asst":
                    if it[1]:
                        inp.append({"type": "message", "role": "assistant",
                                    "content": [{"type": "output_text", "text": it[1]}]})
                    for i, n, a in it[2]:
                        inp.append({"type": "function_call", "call_id": cid_for(shape, i), "name": n,
                                    "arguments": json.dumps(a)})
                else:
                    inp.append({"type": "function_call_output", "call_id": cid_for(shape, it[1]), "output": it[2]})
            req = {"model": model, "instructions": conv.system, "input": inp, "max_output_tokens": conv.max_out}
            if conv.tools:
                req["tools"] = [{"type": "function", "name": n, "description": d, "parameters": {
                    "type": "object", "properties": {k: {"type": v} for k, v in p.items()}}} for n, d, p in conv.tools]
        else:
            msgs = []
            for it in items:
                if it[0] == "user":
                    blk = {"type": "text", "text": it[1]}
                    role = "user"
                elif it[0] == "asst":
                    role = "assistant"
                    blks = []
                    if it[1]:
                        blks.append({"type": "text", "text": it[1]})
                    for i, n, a in it[2]:
                        blks.append({"type": "tool_use", "id": cid_for(shape, i), "name": n, "input": a})
                    msgs.append({"role": role, "content": blks})
                    continue
                else:
                    blk = {"type": "tool_result", "tool_use_id": cid_for(shape, it[1]), "content": it[2]}
                    if it[3]:
                        blk["is_error"] = True
                    role = "user"
                if msgs and msgs[-1]["role"] == "user":
                    msgs[-1]["content"].append(blk)
                else:
                    msgs.append({"role": "user", "content": [blk]})
            req = {"model": model, "system": conv.system, "messages": msgs, "max_tokens": conv.max_out}
            if conv.tools:
                req["tools"] = [{"name": n, "description": d, "input_schema": {
                    "type": "object", "properties": {k: {"type": v} for k, v in p.items()}}} for n, d, p in conv.tools]
        out.append({"at_seconds": at, "request": req})
    return out


# ---------------------------------------------------------------- validator

def validate(doc):
    errs = []
    shape = doc["shape"]
    for k in ("name", "style", "shape", "path", "headers", "expected", "turns"):
        if k not in doc:
            errs.append("missing " + k)
    if doc["path"] != PATHS[shape]:
        errs.append("path")
    if not 8 <= len(doc["turns"]) <= 30:
        errs.append("turn count %d" % len(doc["turns"]))
    exp = doc["expected"]
    if exp["outcome"] == "runaway":
        b, d = exp["loop_begins_turn"], exp["stop_by_turn"]
        if not (1 <= b <= d < len(doc["turns"])):
            errs.append("bad B/D")
    prev_at = -1
    for n, turn in enumerate(doc["turns"], 1):
        if turn["at_seconds"] <= prev_at:
            errs.append("time not increasing at %d" % n)
        prev_at = turn["at_seconds"]
        r = turn["request"]
        tools = set()
        if shape == "chat":
            for k in ("model", "messages"):
                if k not in r:
                    errs.append("t%d missing %s" % (n, k))
            tools = {t["function"]["name"] for t in r.get("tools", [])}
            open_ids = set()
            msgs = r["messages"]
            if msgs[-1]["role"] not in ("user", "tool"):
                errs.append("t%d ends with %s" % (n, msgs[-1]["role"]))
            for i, m in enumerate(msgs):
                if m["role"] == "system" and i != 0:
                    errs.append("t%d system not first" % n)
                if m["role"] == "assistant":
                    if open_ids:
                        errs.append("t%d unanswered tool calls" % n)
                    open_ids = set()
                    for tc in m.get("tool_calls", []):
                        open_ids.add(tc["id"])
                        json.loads(tc["function"]["arguments"])
                        if tc["function"]["name"] not in tools:
                            errs.append("t%d undeclared tool" % n)
                    if m["content"] is None and not m.get("tool_calls"):
                        errs.append("t%d empty assistant" % n)
                elif m["role"] == "tool":
                    if m["tool_call_id"] not in open_ids:
                        errs.append("t%d tool id unmatched" % n)
                    open_ids.discard(m["tool_call_id"])
                elif m["role"] == "user" and open_ids:
                    errs.append("t%d user before tool results" % n)
            if open_ids:
                errs.append("t%d open calls at end" % n)
        elif shape == "responses":
            for k in ("model", "input", "max_output_tokens"):
                if k not in r:
                    errs.append("t%d missing %s" % (n, k))
            if "previous_response_id" in r:
                errs.append("previous_response_id")
            tools = {t["name"] for t in r.get("tools", [])}
            calls, done = set(), set()
            for it in r["input"]:
                ty = it.get("type", "message")
                if ty == "function_call":
                    if it["name"] not in tools:
                        errs.append("t%d undeclared tool" % n)
                    json.loads(it["arguments"])
                    calls.add(it["call_id"])
                elif ty == "function_call_output":
                    if it["call_id"] not in calls or it["call_id"] in done:
                        errs.append("t%d output unmatched" % n)
                    done.add(it["call_id"])
                elif ty == "message":
                    if it["role"] not in ("user", "assistant"):
                        errs.append("t%d role" % n)
            if calls != done:
                errs.append("t%d calls without output" % n)
            last = r["input"][-1]
            if not (last.get("role") == "user" or last.get("type") == "function_call_output"):
                errs.append("t%d ends wrong" % n)
        else:
            for k in ("model", "messages", "max_tokens", "system"):
                if k not in r:
                    errs.append("t%d missing %s" % (n, k))
            tools = {t["name"] for t in r.get("tools", [])}
            msgs = r["messages"]
            if msgs[0]["role"] != "user" or msgs[-1]["role"] != "user":
                errs.append("t%d first/last role" % n)
            for i, m in enumerate(msgs):
                if i and m["role"] == msgs[i - 1]["role"]:
                    errs.append("t%d roles do not alternate" % n)
                uses = [b["id"] for b in m["content"] if b["type"] == "tool_use"]
                for b in m["content"]:
                    if b["type"] == "tool_use" and b["name"] not in tools:
                        errs.append("t%d undeclared tool" % n)
                if uses:
                    nxt = msgs[i + 1]["content"] if i + 1 < len(msgs) else []
                    res = [b["tool_use_id"] for b in nxt if b["type"] == "tool_result"]
                    if sorted(res) != sorted(uses):
                        errs.append("t%d tool_result does not follow tool_use" % n)
                    if nxt and nxt[0]["type"] != "tool_result":
                        errs.append("t%d tool_result not first" % n)
                if m["role"] == "user" and any(b["type"] == "tool_result" for b in m["content"]):
                    prev = msgs[i - 1]["content"] if i else []
                    ids = {b["id"] for b in prev if b["type"] == "tool_use"}
                    for b in m["content"]:
                        if b["type"] == "tool_result" and b["tool_use_id"] not in ids:
                            errs.append("t%d tool_result unmatched" % n)
    return errs


def is_prefix_grown(doc):
    key = {"chat": "messages", "responses": "input", "anthropic": "messages"}[doc["shape"]]
    seqs = [t["request"][key] for t in doc["turns"]]
    return all(len(b) > len(a) and b[: len(a)] == a for a, b in zip(seqs, seqs[1:]))


# ---------------------------------------------------------------- helpers

def J(obj):
    return json.dumps(obj, indent=1)


def hms(sec, base_h=9, base_m=0):
    s = base_h * 3600 + base_m * 60 + sec
    return "%02d:%02d:%02d" % ((s // 3600) % 24, (s // 60) % 60, s % 60)


SESSIONS = []


def session(style, outcome, conv, notes, b=None, d=None, stateless=False):
    SESSIONS.append((style, outcome, conv, notes, b, d, stateless))


# ================================================================ train_crew_rostering

CREW_TOOLS = [
    ("get_availability", "Crew availability for a depot and date range (leave, training, sickness).",
     {"depot": "string", "from": "string", "to": "string"}),
    ("check_duty_rules", "Validate a draft roster against the Hours of Duty rules (rest, max turn, breaks).",
     {"roster_id": "string", "assignments": "array"}),
    ("check_union_agreement", "Check a draft roster against the local union agreement (RMT/ASLEF clauses).",
     {"roster_id": "string"}),
    ("save_roster", "Publish a roster to the crew portal.", {"roster_id": "string"}),
]
CREW_SYS = ("You are RosterBot for Northfold Rail crew planning. Build weekly driver and guard rosters that satisfy the "
            "Hours of Duty rules (minimum 12h rest between turns, max 10h turn, 6 consecutive days max) and the local "
            "agreement. Always validate with both check tools before saving. Be concise.")


def train_r1():
    # alternating failing attempts: swap Okafor/Lindqvist on the Sunday early, 12h rest violated either way
    c = Conv(CREW_SYS, CREW_TOOLS)
    c.user("Roster week 37 at Carrick depot still shows the Sunday 05:12 Carrick-Dunmore ECS unfilled. Fill it and "
           "publish by end of day please.", 0)
    c.call("Checking who is free on Sunday at Carrick.", "get_availability",
           {"depot": "CRK", "from": "2026-09-13", "to": "2026-09-13"},
           {"depot": "CRK", "date": "2026-09-13", "available": [
               {"id": "D4471", "name": "T. Okafor", "last_turn_end": "Sat 21:40"},
               {"id": "D3902", "name": "M. Lindqvist", "last_turn_end": "Sat 22:05"}],
            "unavailable": [{"id": "D5110", "reason": "annual leave"}, {"id": "D2288", "reason": "route training"}]})
    attempts = [("D4471", "T. Okafor", "Sat 21:40", "7h32m"), ("D3902", "M. Lindqvist", "Sat 22:05", "7h07m")]
    texts_a = ["Assigning T. Okafor (D4471) to turn CRK-701 Sunday 05:12 and validating.",
               "Okafor fails rest. Trying M. Lindqvist (D3902) on CRK-701 instead.",
               "Lindqvist also short of rest. Let me retry Okafor with the sign-on moved to 05:00 for prep.",
               "Still failing. Switching back to Lindqvist on CRK-701.",
               "Re-trying Okafor for CRK-701; perhaps the rest calculation uses book-off time, will validate again.",
               "Lindqvist once more on CRK-701 with the standard sign-on.",
               "Okafor on CRK-701 again, validating.",
               "Lindqvist on CRK-701, validating.",
               "Trying Okafor on CRK-701.",
               "Trying Lindqvist on CRK-701."]
    for k, txt in enumerate(texts_a):
        did, name, end, rest = attempts[k % 2]
        c.call(txt, "check_duty_rules",
               {"roster_id": "CRK-W37-d%d" % (k + 2), "assignments": [{"turn": "CRK-701", "day": "Sun", "crew": did}]},
               {"roster_id": "CRK-W37-d%d" % (k + 2), "valid": False, "violations": [
                   {"rule": "HOD-4.2 minimum rest between turns", "crew": did, "name": name,
                    "previous_turn_end": end, "next_sign_on": "Sun 05:12", "rest": rest, "required": "12h00m"}]},
               dt=35)
    return c


def train_r2():
    # renamed entities: every new guard proposed breaks the same consecutive-days clause
    c = Conv(CREW_SYS, CREW_TOOLS)
    c.user("Need a guard for the Thursday 14:30 Halden-Port Ewan turn (HLD-318) in week 38. Whoever you pick must pass "
           "the union check, we had a grievance last month.", 0)
    c.call("Pulling guard availability for Halden, Thursday.", "get_availability",
           {"depot": "HLD", "from": "2026-09-24", "to": "2026-09-24"},
           {"depot": "HLD", "grade": "guard", "available": [
               {"id": "G%d" % (6100 + i * 37), "name": n, "consecutive_days_to_thu": 6} for i, n in enumerate(
                   ["P. Achterberg", "S. Mbeki", "R. Ferreira", "J. Nakamura", "C. O'Dowd", "L. Varga", "A. Haddad",
                    "K. Sørensen", "E. Dubois", "B. Kowalczyk", "N. Patel"])]})
    names = ["P. Achterberg", "S. Mbeki", "R. Ferreira", "J. Nakamura", "C. O'Dowd", "L. Varga", "A. Haddad",
             "K. Sørensen", "E. Dubois", "B. Kowalczyk", "N. Patel"]
    for i, n in enumerate(names):
        gid = "G%d" % (6100 + i * 37)
        rid = "HLD-W38-g%02d" % (i + 1)
        lead = ["Proposing %s (%s) for HLD-318; running the union check." % (n, gid),
                "That one trips clause 7.3. Next candidate: %s (%s)." % (n, gid),
                "Trying %s (%s) on HLD-318." % (n, gid)][min(i, 2)]
        (cid,) = c.asst(lead, [("check_union_agreement", {"roster_id": rid})])
        c.results([(cid, J({"roster_id": rid, "agreement": "Halden LDA 2024 rev.3", "compliant": False,
                            "breaches": [{"clause": "7.3", "text": "No member shall be rostered more than six "
                                          "consecutive days without a rest day.", "member": gid, "name": n,
                                          "consecutive_days": 7, "on": "Thu 24 Sep"}]}), False)], dt=40)
    return c


def train_h1():
    # revisits the same validate screen: each pass fixes a different violation, then passes and saves
    c = Conv(CREW_SYS, CREW_TOOLS)
    c.user("Please build the week 39 roster for Ashby depot from the template AB-T4 and publish it. Leave and "
           "training are in the availability system.", 0)
    c.call("Fetching Ashby availability for week 39.", "get_availability",
           {"depot": "ASB", "from": "2026-09-28", "to": "2026-10-04"},
           {"depot": "ASB", "drivers": 14, "guards": 11, "absences": [
               {"id": "D1183", "dates": "Mon-Wed", "reason": "annual leave"},
               {"id": "D1420", "dates": "Fri", "reason": "medical"},
               {"id": "G2207", "dates": "Tue-Thu", "reason": "PTS recert"}]})
    fixes = [
        ("Draft v1 built from AB-T4 with absentees removed (42 turns). Validating duty rules.",
         {"valid": False, "violations": [{"rule": "HOD-4.2 minimum rest", "crew": "D1322", "between": "Tue 23:10 / Wed 08:40", "rest": "9h30m"},
                                         {"rule": "HOD-5.1 max turn length", "turn": "ASB-512", "length": "10h25m"}]}),
        ("v2: moved D1322 from ASB-402 to ASB-406 (Wed 11:50), split ASB-512 at Kelby into 512A/512B. Re-validating.",
         {"valid": False, "violations": [{"rule": "HOD-6.0 PNB within first 5h30", "turn": "ASB-512B", "break_at": "5h55m"}]}),
        ("v3: added 30-minute PNB at Kelby 13:05 in ASB-512B. Re-validating.",
         {"valid": False, "violations": [{"rule": "HOD-4.2 minimum rest", "crew": "D1098", "between": "Sat 22:30 / Sun 09:15", "rest": "10h45m"}]}),
        ("v4: swapped D1098 with D1511 on Sunday ASB-701 (D1511 rest day Sat). Re-validating.",
         {"valid": True, "violations": [], "warnings": [{"rule": "HOD-4.2", "crew": "D1511", "rest": "12h05m", "note": "within 15 min of minimum"}]}),
    ]
    for k, (txt, res) in enumerate(fixes):
        res = dict({"roster_id": "ASB-W39-v%d" % (k + 1)}, **res)
        c.call(txt, "check_duty_rules", {"roster_id": "ASB-W39-v%d" % (k + 1), "assignments": []}, res, dt=50)
    c.call("Duty rules pass. Running the union agreement check on v4.", "check_union_agreement", {"roster_id": "ASB-W39-v4"},
           {"roster_id": "ASB-W39-v4", "compliant": False, "breaches": [{"clause": "11.2", "text": "Sunday work to be shared equitably; no member more than 2 of the last 4 Sundays.", "member": "D1511", "sundays": 3}]})
    c.call("D1511 has worked too many Sundays. v5: D1633 takes Sunday ASB-701 instead; D1633 last Sunday off. Validating duty rules again.",
           "check_duty_rules", {"roster_id": "ASB-W39-v5", "assignments": [{"turn": "ASB-701", "day": "Sun", "crew": "D1633"}]},
           {"roster_id": "ASB-W39-v5", "valid": True, "violations": []}, dt=45)
    c.call("And the union check on v5.", "check_union_agreement", {"roster_id": "ASB-W39-v5"},
           {"roster_id": "ASB-W39-v5", "compliant": True, "breaches": []})
    c.call("Both checks pass. Publishing.", "save_roster", {"roster_id": "ASB-W39-v5"},
           {"roster_id": "ASB-W39-v5", "published": True, "portal_url": "https://crew.northfold.example/rosters/ASB/2026-W39", "notified": 25})
    c.asst("Week 39 for Ashby is published (ASB-W39-v5), 25 crew notified.")
    c.user("Great. Can you tell me which turns changed from the template?", 90)
    c.asst("Against AB-T4: ASB-402/406 (D1322 moved), ASB-512 split into 512A/512B with a Kelby PNB at 13:05, "
           "Sunday ASB-701 now D1633. Everything else is as templated, absentees covered by the spare link.")
    c.user("Thanks, that's all.", 60)
    return c


def train_h2():
    # batch: same instruction per depot; the same 'rest margin' warning recurs on different depots
    c = Conv(CREW_SYS, CREW_TOOLS)
    depots = [("CRK", "Carrick", 2, ["D4471 Sun 12h05m", "D3902 Wed 12h10m"]), ("HLD", "Halden", 0, []),
              ("ASB", "Ashby", 1, ["D1511 Sun 12h05m"]), ("PEW", "Port Ewan", 3, ["D7012 Mon 12h00m", "D7230 Tue 12h14m", "G7781 Fri 12h08m"]),
              ("KLB", "Kelby", 0, []), ("DNM", "Dunmore", 1, ["G8120 Sat 12h11m"]), ("STR", "Strathey", 2, ["D9001 Thu 12h03m", "D9044 Thu 12h09m"])]
    c.user("Week 40 audit: for each depot in order CRK, HLD, ASB, PEW, KLB, DNM, STR run the duty rules check on its "
           "published roster and give me one line per depot: status, and any rest margins under 15 minutes. Don't change anything.", 0)
    for i, (code, name, nwarn, warns) in enumerate(depots):
        rid = "%s-W40-pub" % code
        txt = "Checking %s (%s)." % (name, code) if i == 0 else "%s next." % name
        res = {"roster_id": rid, "valid": True, "violations": [], "turns_checked": 38 + 3 * i,
               "warnings": [{"rule": "HOD-4.2", "crew": w.split()[0], "day": w.split()[1], "rest": w.split()[2],
                             "note": "within 15 min of minimum"} for w in warns]}
        c.call(txt, "check_duty_rules", {"roster_id": rid, "assignments": []}, res, dt=25 + 4 * i)
    c.asst("| depot | status | tight rests |\n|---|---|---|\n| CRK | valid | D4471 Sun 12h05, D3902 Wed 12h10 |\n"
           "| HLD | valid | none |\n| ASB | valid | D1511 Sun 12h05 |\n| PEW | valid | D7012 Mon 12h00, D7230 Tue 12h14, G7781 Fri 12h08 |\n"
           "| KLB | valid | none |\n| DNM | valid | G8120 Sat 12h11 |\n| STR | valid | D9001 Thu 12h03, D9044 Thu 12h09 |")
    c.user("PEW D7012 at exactly 12h00 worries me. Any alternative?", 300)
    c.call("Looking at Port Ewan Monday availability.", "get_availability", {"depot": "PEW", "from": "2026-10-05", "to": "2026-10-05"},
           {"depot": "PEW", "available": [{"id": "D7099", "last_turn_end": "Sun 16:20"}, {"id": "D7301", "last_turn_end": "Sat 19:00"}]})
    c.asst("D7099 (off Sunday 16:20) or D7301 (rest day Sunday) could take D7012's Monday turn with 14h+ rest. Want me to draft the swap?")
    c.user("Draft it with D7301 but don't publish, I'll speak to the depot.", 120)
    return c


session("train_crew_rostering", "runaway", train_r1(),
        "Alternating between two drivers for one Sunday turn; both fail the same 12h rest rule every time.", 5, 10)
session("train_crew_rostering", "runaway", train_r2(),
        "Each attempt proposes a different guard (new id, new roster id) and hits the same clause 7.3 breach.", 4, 9)
session("train_crew_rostering", "healthy", train_h1(),
        "Draft, validate, fix a different violation, revalidate: the same check screens recur but each result differs, then publish.")
session("train_crew_rostering", "healthy", train_h2(),
        "Audit batch over seven depots with one instruction; the same 'rest within 15 min of minimum' warning recurs on different depots.")


# ================================================================ phishing_report_triage

PH_TOOLS = [
    ("get_report", "Fetch a user-reported message from the phishing mailbox (headers, body, urls).", {"report_id": "string"}),
    ("analyze_headers", "Parse Received chain, SPF/DKIM/DMARC results and sender reputation.", {"report_id": "string"}),
    ("sandbox_url", "Detonate a URL in the browser sandbox; returns final URL, title, verdict, page text.", {"url": "string"}),
    ("purge_mailbox", "Remove all copies of a message (by Message-ID) from every mailbox in the tenant.",
     {"message_id": "string", "reason": "string"}),
]
PH_SYS = ("You are the SOC phishing triage assistant for Kestrel Insurance. For each reported email: fetch it, analyse "
          "headers, detonate URLs in the sandbox, decide malicious/benign/spam, and purge malicious mail tenant-wide. "
          "Write verdicts as: VERDICT | evidence | action.")


def ph_report(rid, frm, subj, mid, urls):
    return {"report_id": rid, "reported_by": "j.whitcombe@kestrel-ins.example", "from": frm, "subject": subj,
            "message_id": mid, "urls": urls, "attachments": [],
            "body_excerpt": "Dear colleague,\n\nYour Microsoft 365 password expires today. To keep your mailbox active "
                            "please confirm your credentials using the secure link below within 24 hours.\n\nIT Service Desk"}


def ph_r1():
    # permanently failing call retried: purge forbidden (missing scope) forever
    c = Conv(PH_SYS, PH_TOOLS)
    c.user("Report PR-20931 came in from Underwriting, 40+ people got it. Triage and purge if bad.", 0)
    c.call("Fetching the report.", "get_report", {"report_id": "PR-20931"},
           ph_report("PR-20931", "\"IT Service Desk\" <helpdesk@kestrel-lns.example>", "Action required: password expiry",
                     "<8f21c0a9.4471@mail.kestrel-lns.example>", ["https://kestrel-lns.example/owa/auth/reset?u=jw"]))
    c.call("Lookalike domain (lns vs ins). Checking headers.", "analyze_headers", {"report_id": "PR-20931"},
           {"spf": "pass (kestrel-lns.example)", "dkim": "pass d=kestrel-lns.example", "dmarc": "none",
            "domain_age_days": 3, "received": ["from mail.kestrel-lns.example (185.220.101.47)", "by mx1.kestrel-ins.example"]})
    c.call("Detonating the link.", "sandbox_url", {"url": "https://kestrel-lns.example/owa/auth/reset?u=jw"},
           {"final_url": "https://kestrel-lns.example/owa/auth/reset?u=jw", "title": "Sign in to your account",
            "verdict": "malicious", "category": "credential_phish", "form_posts_to": "https://collect.kestrel-lns.example/p.php"})
    err = ("HTTP 403 Forbidden\n{\"error\":{\"code\":\"Authorization_RequestDenied\",\"message\":\"Insufficient "
           "privileges to complete the operation. Required scope: eDiscovery.ReadWrite.All (application). Granted: "
           "Mail.Read, SecurityEvents.Read.All\",\"innerError\":{\"request-id\":\"%s\",\"client-request-id\":\"soc-triage-bot\"}}}")
    leads = ["MALICIOUS | lookalike domain 3 days old, credential phish page | purging tenant-wide.",
             "Purge was denied with 403. Retrying the purge.",
             "Still 403 on purge. Trying again with a more specific reason string.",
             "Purge denied again; retrying.",
             "Retrying purge for <8f21c0a9.4471@mail.kestrel-lns.example>.",
             "Purge still failing with insufficient privileges, retrying.",
             "Attempting purge again.",
             "Retrying purge.",
             "Retrying purge.",
             "Retrying purge."]
    reasons = ["credential phishing", "credential phishing", "Credential phishing campaign PR-20931, 43 recipients"] + ["credential phishing"] * 7
    for k, lead in enumerate(leads):
        c.call(lead, "purge_mailbox", {"message_id": "<8f21c0a9.4471@mail.kestrel-lns.example>", "reason": reasons[k]},
               err % ("b1d2%04x-7c1e-4f0a-9d3e-%012x" % (k * 4099 % 65536, 0x5a5a00 + k)), dt=15 + 5 * k, err=True)
    return c


def ph_r2():
    # the same landing page re-served under different URLs / titles
    c = Conv(PH_SYS, PH_TOOLS)
    c.user("PR-21007: DocuSign-looking email to Finance. Please check every link in the redirect chain, we want all "
           "IOCs for the blocklist.", 0)
    c.call("Fetching.", "get_report", {"report_id": "PR-21007"},
           {"report_id": "PR-21007", "from": "DocuSign via Sharefile <dse@notify-docsvc.example>",
            "subject": "Completed: Q3 remittance advice - please review", "message_id": "<0a77.ee01@notify-docsvc.example>",
            "urls": ["https://t.notify-docsvc.example/r/9XkQ2"]})
    page = ("Please sign in to view the document\n\nYour document \"Remittance_Advice_Q3.pdf\" has been shared with you "
            "via a secure portal. Sign in with your work email to continue.\n[ Email ] [ Password ] [ Next ]\n"
            "(c) 2026 Document Services. Privacy | Terms")
    hops = ["https://t.notify-docsvc.example/r/9XkQ2", "https://docs-view.pages.example/s/aa91", "https://aa91.docs-view.pages.example/index.html",
            "https://cdn-share-files.example/v/aa91?ref=mail", "https://share-files-secure.example/auth/aa91",
            "https://portal-remit.example/document/aa91", "https://remit-portal-login.example/?d=aa91",
            "https://docs-view.pages.example/s/aa91b", "https://viewer-secure-doc.example/aa91", "https://secure-docview.example/login/aa91",
            "https://docsview-remit.example/aa91", "https://aa91b.docs-view.pages.example/index.html"]
    titles = ["Sign in", "DocuSign - Secure Document", "Sharefile | View Document", "Document Portal", "Sign in to continue",
              "Remittance Advice", "Secure login", "DocuSign", "Microsoft - View Document", "Login", "Document Services", "Sign in"]
    for k, u in enumerate(hops):
        nxt = hops[k + 1] if k + 1 < len(hops) else hops[1]
        lead = ("Detonating the first link." if k == 0 else
                ["The page links on to %s; following it to collect the next IOC." % u,
                 "Another mirror at %s, detonating." % u,
                 "Found a further link in the page footer: %s." % u][k % 3])
        c.call(lead, "sandbox_url", {"url": u},
               {"final_url": u, "title": titles[k], "verdict": "suspicious", "page_text": page,
                "outlinks": [nxt], "screenshot_sha1": "3f9c1e0b7d22a4e5f6019b8c7d3e2a1f00c4b7e9"}, dt=25)
    return c


def ph_h1():
    # 429 / 503 backoff retries that then succeed
    c = Conv(PH_SYS, PH_TOOLS)
    c.user("PR-21044 please, payroll-themed, reported by 3 people in HR.", 0)
    c.call("Fetching.", "get_report", {"report_id": "PR-21044"},
           ph_report("PR-21044", "\"Payroll\" <payroll@kestrel-ins.example.payslip-view.example>", "Your September payslip is ready",
                     "<c03e.91aa@payslip-view.example>", ["https://payslip-view.example/p/KI-09"]))
    c.call("Sender is a subdomain trick. Headers next.", "analyze_headers", {"report_id": "PR-21044"},
           {"spf": "softfail", "dkim": "none", "dmarc": "fail (p=reject) for kestrel-ins.example? no: From domain payslip-view.example",
            "domain_age_days": 11})
    waits = [("HTTP 429 Too Many Requests\nRetry-After: 30\n{\"error\":\"sandbox quota: 20 detonations/min exceeded\"}", 30),
             ("HTTP 429 Too Many Requests\nRetry-After: 60\n{\"error\":\"sandbox quota: 20 detonations/min exceeded\"}", 60),
             ("HTTP 503 Service Unavailable\n{\"error\":\"all sandbox workers busy\",\"queue_depth\":14}", 120)]
    c.call("Detonating the payslip link.", "sandbox_url", {"url": "https://payslip-view.example/p/KI-09"}, waits[0][0], dt=2, err=True)
    c.call("Rate limited; waited the 30 s Retry-After, trying again.", "sandbox_url", {"url": "https://payslip-view.example/p/KI-09"}, waits[1][0], dt=32, err=True)
    c.call("Still rate limited, Retry-After 60 s; waited and retrying.", "sandbox_url", {"url": "https://payslip-view.example/p/KI-09"}, waits[2][0], dt=62, err=True)
    c.call("Sandbox saturated (queue 14). Backed off 2 minutes, last retry before I escalate.", "sandbox_url",
           {"url": "https://payslip-view.example/p/KI-09"},
           {"final_url": "https://payslip-view.example/p/KI-09/login", "title": "Kestrel Payroll Portal", "verdict": "malicious",
            "category": "credential_phish", "brand_impersonated": "Kestrel Insurance", "form_posts_to": "https://payslip-view.example/api/c"}, dt=125)
    c.call("MALICIOUS | DMARC fail, 11-day domain, cloned payroll portal posting creds | purging.", "purge_mailbox",
           {"message_id": "<c03e.91aa@payslip-view.example>", "reason": "payroll credential phish PR-21044"},
           {"status": "completed", "mailboxes_searched": 2314, "copies_removed": 57, "search_id": "PRG-5521"}, dt=40)
    c.asst("Purge PRG-5521 completed: 57 copies removed from 2,314 mailboxes.")
    c.user("Did anyone click?", 600)
    c.asst("The purge tool does not show clicks; the sandbox confirms the form posts to payslip-view.example/api/c, so the "
           "proxy logs for that host are the place to check. I'd add payslip-view.example to the web blocklist now.")
    c.user("Done, thanks.", 180)
    return c


def ph_h2():
    # batch: same instruction, the same lookalike-domain finding recurs on several different reports
    c = Conv(PH_SYS, PH_TOOLS)
    c.user("Morning queue: PR-21100 to PR-21108. Header analysis only for now (sandbox is down for maintenance). One "
           "verdict line each using the usual format. Flag anything using a lookalike of kestrel-ins.example.", 0)
    items = [
        ("PR-21100", {"from": "billing@kestrel-lns.example", "spf": "pass", "dkim": "pass", "dmarc": "none", "domain_age_days": 5, "lookalike_of": "kestrel-ins.example"}),
        ("PR-21101", {"from": "newsletter@insurancetimes.example", "spf": "pass", "dkim": "pass", "dmarc": "pass", "domain_age_days": 4120, "list_unsubscribe": True}),
        ("PR-21102", {"from": "hr@kestrel-insurance.example", "spf": "pass", "dkim": "none", "dmarc": "none", "domain_age_days": 2, "lookalike_of": "kestrel-ins.example"}),
        ("PR-21103", {"from": "no-reply@zoom.example", "spf": "pass", "dkim": "pass", "dmarc": "pass", "domain_age_days": 5230}),
        ("PR-21104", {"from": "ceo@kestreI-ins.example", "spf": "fail", "dkim": "none", "dmarc": "none", "domain_age_days": 1, "lookalike_of": "kestrel-ins.example", "note": "capital I instead of l"}),
        ("PR-21105", {"from": "offers@cheap-meds-rx.example", "spf": "softfail", "dkim": "none", "dmarc": "none", "domain_age_days": 60}),
        ("PR-21106", {"from": "it@kestrel-ins.example", "spf": "pass", "dkim": "pass", "dmarc": "pass", "domain_age_days": 7300, "internal": True}),
        ("PR-21107", {"from": "claims@kestrel-lns.example", "spf": "pass", "dkim": "pass", "dmarc": "none", "domain_age_days": 5, "lookalike_of": "kestrel-ins.example"}),
        ("PR-21108", {"from": "docs@sharepoint-kestrel.example", "spf": "pass", "dkim": "pass", "dmarc": "none", "domain_age_days": 9, "lookalike_of": "kestrel-ins.example"}),
    ]
    prev = None
    verdicts = {"PR-21100": "MALICIOUS | lookalike kestrel-lns, 5 days old | purge once sandbox is back",
                "PR-21101": "BENIGN | legitimate newsletter, aligned DMARC | none",
                "PR-21102": "MALICIOUS | lookalike kestrel-insurance, 2 days old, no DKIM | purge",
                "PR-21103": "BENIGN | genuine Zoom notification | none",
                "PR-21104": "MALICIOUS | homoglyph kestreI (capital I), SPF fail, CEO impersonation | purge, alert execs",
                "PR-21105": "SPAM | pharma spam, softfail | none",
                "PR-21106": "BENIGN | internal IT mail, fully aligned | reply to reporter",
                "PR-21107": "MALICIOUS | same kestrel-lns domain as PR-21100 | purge with PR-21100",
                "PR-21108": "MALICIOUS | lookalike sharepoint-kestrel, 9 days old | purge"}
    for rid, res in items:
        lead = ("Starting with %s." % rid) if prev is None else ("%s\nNext: %s." % (verdicts[prev], rid))
        c.call(lead, "analyze_headers", {"report_id": rid}, dict({"report_id": rid}, **res), dt=18)
        prev = rid
    c.asst(verdicts[prev] + "\n\nSummary: 5 malicious (4 lookalikes of kestrel-ins.example: kestrel-lns x2, kestrel-insurance, "
           "sharepoint-kestrel; plus the kestreI homoglyph), 3 benign, 1 spam.")
    c.user("Sandbox is back. Purge the five.", 1500)
    return c


session("phishing_report_triage", "runaway", ph_r1(),
        "Purge call retried forever against a 403 missing-scope error; only the request-id changes.", 6, 10)
session("phishing_report_triage", "runaway", ph_r2(),
        "Agent keeps following 'new' URLs that serve the identical credential page under different titles.", 5, 11)
session("phishing_report_triage", "healthy", ph_h1(),
        "Sandbox returns 429, 429, 503 with honoured backoff, then succeeds; purge completes.")
session("phishing_report_triage", "healthy", ph_h2(),
        "Batch of nine reports with one instruction; the lookalike-domain finding recurs on several different reports.")


# ================================================================ memoir_ghostwriter (tool-less)

MEM_SYS = ("You are helping Mrs. Edith Rowntree (born 1939, Whitby) write her memoir, 'Salt on the Windows'. She "
           "dictates; you turn her words into polished first-person prose in her voice: plain, wry, Yorkshire. Never "
           "invent facts she has not given you; ask when unsure.")


def mem_r1():
    # paraphrase: the same failed opening reworded, the user keeps rejecting it for the same reason
    c = Conv(MEM_SYS, max_out=1500)
    c.user("Chapter four. The night of the storm in January 1953, when the Whitby lifeboat went out. I was thirteen. "
           "Father was not on the boat, he was on the pier with the rocket apparatus. Write me the opening paragraph.", 0)
    openings = [
        "The night the sea came for Whitby, I was thirteen and Father was out on the lifeboat with the other men, "
        "pulling into black water while Mother and I stood at the window and counted the minutes.",
        "I was thirteen on the night of the great storm of 1953. Father had gone out with the lifeboat crew, and Mother "
        "and I kept our vigil at the window, listening to the sea hammer at the harbour wall.",
        "January 1953. I was thirteen, and that night my father rowed out with the Whitby lifeboat into the worst sea "
        "anyone could remember, while we waited at home with the lamp turned low.",
        "That winter night in '53, with the wind screaming off the North Sea, Father went out in the lifeboat and I, "
        "thirteen years old, pressed my face to the cold glass and waited for him to come home.",
        "The storm of January 1953 is the night I remember best from my girlhood. I was thirteen. My father was with "
        "the lifeboat men that night, out beyond the piers, and Mother would not let me leave the window.",
        "I was thirteen when the great storm struck Whitby. Father went out with the lifeboat, as the men always did, "
        "and the two of us at home could do nothing but watch the dark and wait.",
        "On the night of the 1953 storm my father was out on the lifeboat. I was thirteen, and I have never forgotten "
        "the sound of that sea, nor the long hours Mother and I waited at the window.",
        "Whitby, January 1953: the wind came at midnight, and Father went out with the lifeboat crew. I was thirteen, "
        "watching from the window with Mother, and neither of us said a word until dawn.",
        "The great storm came in January 1953, when I was thirteen. That night Father took his place in the lifeboat, "
        "and Mother and I watched the harbour from our window till first light.",
        "I remember the 1953 storm as the night Father went out with the lifeboat. I was thirteen years old and I "
        "waited at the window with Mother, not knowing if he would come back.",
    ]
    replies = [
        "No, love. Father was NOT on the boat. He was on the pier with the rocket apparatus. Try again.",
        "You've got him in the lifeboat again. He was on the pier. The rocket line. Again please.",
        "Still the boat! He never went out in the boat, he was on the pier firing the rocket line. Once more.",
        "No. The pier. Not the boat.",
        "Same mistake. Pier, rocket apparatus. Please.",
        "That is wrong again, he was on the pier.",
        "Again the boat. I've told you. The pier.",
        "No.",
        "No, the pier.",
    ]
    for k, rep in enumerate(replies):
        c.asst(openings[k] + ("" if k == 0 else "\n\nI've reworked the opening; I hope this is closer to how you remember it."))
        c.user(rep, 45 + 10 * k)
    return c


def mem_r2():
    # the same clarification asked again and again; the user's answers repeat
    c = Conv(MEM_SYS, max_out=1500)
    c.user("Next bit: after the war Mam took in lodgers at Bagdale, fishermen mostly, and a Scottish herring girl "
           "called Jessie Bain who taught me to gut a fish in four seconds. Write that up.", 0)
    asks = [
        "Before I write this up, could you tell me which year Jessie Bain came to lodge with you at Bagdale? I don't "
        "want to place her wrongly in the story.",
        "Thank you. Just to be sure I have the timeline right: what year was it when Jessie Bain lodged at Bagdale?",
        "I want to get the chronology right before drafting. Roughly when did Jessie Bain stay with your family?",
        "Sorry to ask again: do you recall the year Jessie lodged with you? It affects where the passage goes.",
        "To place the passage correctly, could you confirm the year of Jessie Bain's stay at Bagdale?",
        "One more check before I begin: which year did Jessie come to lodge with you?",
        "Could you tell me the year Jessie Bain lodged with your mother?",
        "Which year was Jessie at Bagdale?",
        "Before drafting: what year did Jessie Bain lodge with you?",
        "Could you confirm the year of Jessie's stay?",
        "What year did Jessie Bain come to lodge at Bagdale?",
    ]
    answers = ["1948. The herring season. Summer of 1948.",
               "1948, I said. Summer 1948.",
               "It was 1948.",
               "1948!",
               "Summer of 1948, the herring season.",
               "1948. Please just write it.",
               "1948.",
               "1948, love.",
               "1948.",
               "1948."]
    for k, a in enumerate(answers):
        c.asst(asks[k])
        c.user(a, 40 + 15 * k)
    return c


def mem_h1():
    # 'continue' with genuinely new text every time
    c = Conv(MEM_SYS, max_out=2000)
    c.user("Chapter seven, the jet shop. Dad's cousin Albert had a jet workshop on Church Street, and I worked there "
           "from fifteen. Smell of the polishing wheel, the cold, the tourists. Start it and keep going when I say continue.", 0)
    parts = [
        "Albert's workshop was two steps down from Church Street, so the first thing you saw of a customer was their shoes. "
        "I learned to tell a day-tripper from a Whitby wife by her boots before she'd said a word.",
        "The polishing wheel was at the back, under the only window, and it threw up a fine black dust that got into your "
        "collar and your hair and, Mam swore, your soul. I'd come home with jet in my fingernails like a coal miner's girl.",
        "Winter was the worst. Albert wouldn't light the stove until eleven because coal cost money and jet, he said, "
        "carved better cold. My hands went white, then blue, then a kind of no colour at all.",
        "The tourists came in summer. Ladies from Leeds wanting mourning brooches 'like Queen Victoria wore', and I'd show "
        "them the real old pieces in the glass case and watch them go pale at the prices.",
        "It was there I first met Harold, though I didn't know it was the first of anything. He came in for a tie-pin for "
        "his father's funeral and left with a cameo he couldn't afford, because I'd talked him into it.",
        "Albert retired in 1961 and the shop was sold to a man from Scarborough who put in electric light and a till that "
        "rang. I stayed six weeks under him, and then I couldn't bear the bell any longer.",
        "I still have the little carving knife Albert gave me on my last day, wrapped in a bit of chamois in the kitchen "
        "drawer. When the grandchildren ask what it is, I tell them it's for cutting the night into pieces.",
    ]
    for k, p in enumerate(parts):
        c.asst(p)
        c.user(["Continue.", "Continue, that's lovely.", "continue", "Go on.", "Continue. Yes, Harold.", "Continue.", "continue"][k], 60 + 20 * k)
    c.asst("That closes the jet shop chapter. Shall I read the whole thing back in one piece, or note the places where "
           "I'd like a detail from you (Albert's surname, the Scarborough man's name)?")
    c.user("Read it back tomorrow. Albert Thwaites. The Scarborough man I won't name.", 300)
    return c


def mem_h2():
    # slow human (20-60 min gaps); assistant answers follow one template with different content
    c = Conv(MEM_SYS, max_out=1500)
    notes = [
        ("Start of chapter nine. Harold and me married at St Mary's in June 1962, a hundred and ninety-nine steps and "
         "my veil caught on every one.", "Wedding at St Mary's", "Harold and I were married at St Mary's in June 1962. There are "
         "a hundred and ninety-nine steps up to that church and my veil caught on every single one of them.", "Who gave you away?"),
        ("Uncle Walter gave me away because Dad had his bad chest. Walter smelled of Brylcreem and fish.", "Uncle Walter",
         "Dad's chest was bad that summer, so Uncle Walter gave me away. He smelled of Brylcreem and haddock, and he held "
         "my arm as if I might bolt.", "Where did you go after the service?"),
        ("The Royal Hotel for a sit-down tea, then the train to Blackpool for four nights. Harold was sick on the train.", "Blackpool",
         "We had a sit-down tea at the Royal, then caught the train to Blackpool for four nights. Harold was sick before "
         "Malton. I took it as a sign he'd never lie to me about how he felt.", "Where did you live first?"),
        ("Two rooms over the bakery on Flowergate. Always warm, always smelled of bread, never slept past four.", "Flowergate",
         "Our first home was two rooms above the bakery on Flowergate. It was always warm and always smelled of bread, and "
         "neither of us slept past four o'clock for three years.", "When did the children come?"),
        ("Susan in 1964, Peter in 1967. Peter arrived in the snow, the midwife came on a tractor.", "Susan and Peter",
         "Susan came in 1964 and Peter in 1967, in the snow; the midwife arrived on a tractor from Sneaton with her bag on "
         "her knee.", "What did Harold do for work then?"),
        ("He was on the boats till 1970, then the potash mine at Boulby. Hated the mine. Never said so.", "Boulby",
         "Harold fished until 1970 and then went down the potash mine at Boulby. He hated it, I know he did, though in "
         "twenty years he never once said so.", "Shall I close the chapter here or go on to the 1970s?"),
        ("Close it there. Chapter ten is the seventies.", None, None, None),
    ]
    gaps = [0, 1800, 2700, 1500, 3300, 2400, 3600]
    for k, (u, head, prose, q) in enumerate(notes):
        c.user(u, gaps[k] if k else 0)
        if head:
            c.asst("**Draft: %s**\n\n%s\n\n_Question for you:_ %s" % (head, prose, q))
    c.asst("**Chapter nine closed.** Six passages: wedding, Uncle Walter, Blackpool, Flowergate, Susan and Peter, Boulby. "
           "Ready for the seventies whenever you are.")
    c.user("Tomorrow. I'm tired now.", 2100)
    return c


session("memoir_ghostwriter", "runaway", mem_r1(),
        "The assistant keeps paraphrasing the same opening with Father in the lifeboat; the author rejects it every time for the same reason.", 3, 7)
session("memoir_ghostwriter", "runaway", mem_r2(),
        "The assistant keeps asking the same clarification (which year) and the author keeps answering 1948.", 3, 7)
session("memoir_ghostwriter", "healthy", mem_h1(),
        "'Continue' answered with new prose each time, then a wrap-up.")
session("memoir_ghostwriter", "healthy", mem_h2(),
        "Slow author (25-60 minute gaps); every reply follows the same Draft/Question template with new content.")


# ================================================================ wordpress_plugin_updater

WP_TOOLS = [
    ("wp_cli", "Run a WP-CLI command on the staging site (staging.harbourbakery.example).", {"command": "string"}),
    ("php_lint", "Run php -l and PHPCS (WordPress standard) on a file in the staging checkout.", {"path": "string"}),
    ("read_file", "Read a file from the staging checkout.", {"path": "string"}),
    ("edit_file", "Replace an exact snippet in a file in the staging checkout.", {"path": "string", "old": "string", "new": "string"}),
    ("browser_check", "Load a staging URL in headless Chrome; returns status, console errors and PHP notices.", {"url": "string"}),
]
WP_SYS = ("You maintain the Harbour Bakery WordPress site (PHP 8.2, WP 6.6). Update plugins on staging first, lint any "
          "custom code you touch, check the shop pages in the browser, and only then report back. Never touch production.")

WP_PLUGINS = [("akismet", "5.3.2", "5.3.3"), ("contact-form-7", "5.9.6", "5.9.8"), ("woocommerce", "9.1.2", "9.1.4"),
              ("wordpress-seo", "23.0", "23.1"), ("wp-mail-smtp", "4.0.1", "4.1.0"), ("updraftplus", "1.24.3", "1.24.4"),
              ("redirection", "5.4.2", "5.5.0"), ("bakery-order-slots", "2.3.0", "2.3.0")]


def wp_list(state):
    head = "+---------------------+----------+-----------+-----------+\n| name                | status   | update    | version   |\n+---------------------+----------+-----------+-----------+\n"
    rows = "".join("| %-19s | active   | %-9s | %-9s |\n" % (n, "available" if state.get(n) != new and old != new else "none",
                                                              state.get(n, old)) for n, old, new in WP_PLUGINS)
    return head + rows + "+---------------------+----------+-----------+-----------+"


def wp_r1():
    # period-3 cycle: update -> fatal in browser -> rollback -> update...; the log timestamp ticks every round
    c = Conv(WP_SYS, WP_TOOLS)
    c.user("WooCommerce on staging is two patch versions behind. Update it and make sure the shop still loads.", 0)
    t = 0
    for r in range(6):
        t += 97
        ts = "2026-11-0%d 10:%02d:%02d" % (3, 10 + (t // 60) % 50, t % 60)
        c.call("Updating WooCommerce to 9.1.4." if r == 0 else "Rolled back. Let me try the update to 9.1.4 again; the fatal may have been a cache artefact.",
               "wp_cli", {"command": "plugin update woocommerce --version=9.1.4"},
               "Downloading update from https://downloads.wp.example/plugin/woocommerce.9.1.4.zip...\nUnpacking the update...\n"
               "Installing the latest version...\nRemoving the old version of the plugin...\nPlugin updated successfully.\n"
               "+-------------+-------------+-------------+---------+\n| name        | old_version | new_version | status  |\n"
               "| woocommerce | 9.1.2       | 9.1.4       | Updated |\n+-------------+-------------+-------------+---------+\n"
               "Success: Updated 1 of 1 plugins. (%s)" % ts, dt=40)
        c.call("Checking the shop page.", "browser_check", {"url": "https://staging.harbourbakery.example/shop/"},
               {"status": 500, "console_errors": [], "php": ["PHP Fatal error:  Uncaught Error: Call to undefined method "
                "WC_Cart::get_cart_contents_weight_total() in /var/www/html/wp-content/plugins/bakery-order-slots/includes/"
                "class-slot-fees.php:88\nStack trace:\n#0 /var/www/html/wp-includes/class-wp-hook.php(324): BOS_Slot_Fees->add_fees()\n"
                "#1 /var/www/html/wp-includes/plugin.php(205): WP_Hook->apply_filters()\n#2 {main}\n  thrown"],
                "checked_at": ts}, dt=25)
        c.call("The shop is down with a fatal in bakery-order-slots. Rolling WooCommerce back to 9.1.2.", "wp_cli",
               {"command": "plugin install woocommerce --version=9.1.2 --force"},
               "Installing WooCommerce (9.1.2)\nDownloading installation package...\nUnpacking the package...\n"
               "Installing the plugin...\nPlugin installed successfully.\nSuccess: Installed 1 of 1 plugins. (%s)" % ts, dt=35)
    return c


def wp_r2():
    # exact repetition: the same edit and the same lint error, again and again
    c = Conv(WP_SYS, WP_TOOLS)
    c.user("PHPCS is blocking the deploy on bakery-order-slots/includes/class-slot-fees.php. Please make it lint clean.", 0)
    c.call("Linting the file.", "php_lint", {"path": "wp-content/plugins/bakery-order-slots/includes/class-slot-fees.php"},
           "FILE: .../bakery-order-slots/includes/class-slot-fees.php\n----------------------------------------------------------------------\n"
           "FOUND 1 ERROR AFFECTING 1 LINE\n----------------------------------------------------------------------\n"
           " 91 | ERROR | All output should be run through an escaping function (see the Security sections in the WordPress\n"
           "    |       | Developer Handbook); found '$label'. (WordPress.Security.EscapeOutput.OutputNotEscaped)\n"
           "----------------------------------------------------------------------")
    for k in range(11):
        c.call("Wrapping the label in esc_html() on line 91." if k == 0 else "Applying the escaping fix on line 91 again.",
               "edit_file", {"path": "wp-content/plugins/bakery-order-slots/includes/class-slot-fees.php",
                             "old": "echo '<span class=\"slot-fee\">' . $label . '</span>';",
                             "new": "echo '<span class=\"slot-fee\">' . esc_html( $label ) . '</span>';"},
               "Error: snippet not found in file (0 matches). No changes written.", dt=20, err=True)
    return c


def wp_h1():
    # lint/test failures differ each run, then pass; browser check ok
    c = Conv(WP_SYS, WP_TOOLS)
    c.user("After the WooCommerce 9.1.4 update, bakery-order-slots calls a removed method. Fix the plugin so it works with "
           "9.1.4, lint clean, and check the shop and checkout.", 0)
    c.call("Reading the fee class.", "read_file", {"path": "wp-content/plugins/bakery-order-slots/includes/class-slot-fees.php"},
           "<?php\n/**\n * Slot fees for Bakery Order Slots.\n */\nclass BOS_Slot_Fees {\n\tpublic function add_fees( $cart ) {\n"
           "\t\tif ( is_admin() && ! defined( 'DOING_AJAX' ) ) {\n\t\t\treturn;\n\t\t}\n"
           "\t\t$weight = $cart->get_cart_contents_weight_total();\n\t\t$slot   = WC()->session->get( 'bos_slot' );\n"
           "\t\tif ( $slot && $slot['express'] ) {\n\t\t\t$cart->add_fee( __( 'Express slot', 'bos' ), 3.50 + 0.2 * $weight );\n"
           "\t\t}\n\t}\n}\n")
    steps = [
        ("Replacing the removed method with get_cart_contents_weight().", {"old": "$cart->get_cart_contents_weight_total()", "new": "$cart->get_cart_contents_weight()"},
         "FOUND 2 ERRORS AFFECTING 2 LINES\n 12 | ERROR | Expected 1 space after opening parenthesis; found 0 (PEAR.Functions.FunctionCallSignature.SpaceAfterOpenBracket)\n"
         " 13 | ERROR | Missing doc comment for function add_fees() (Squiz.Commenting.FunctionComment.Missing)"),
        ("Fixing spacing and adding the doc comment.", {"old": "\tpublic function add_fees( $cart ) {", "new": "\t/**\n\t * Adds the express slot fee.\n\t *\n\t * @param WC_Cart $cart Cart.\n\t */\n\tpublic function add_fees( $cart ) {"},
         "FOUND 1 ERROR AFFECTING 1 LINE\n 19 | ERROR | Use Yoda Condition checks, you must. (WordPress.PHP.YodaConditions.NotYoda)"),
        ("Rewriting the express check as a Yoda condition.", {"old": "if ( $slot && $slot['express'] ) {", "new": "if ( $slot && true === $slot['express'] ) {"},
         "No syntax errors detected in class-slot-fees.php\nPHPCS: 0 errors, 0 warnings."),
    ]
    for txt, ed, lint in steps:
        c.call(txt, "edit_file", dict({"path": "wp-content/plugins/bakery-order-slots/includes/class-slot-fees.php"}, **ed), "OK: 1 replacement written.")
        c.call("Linting.", "php_lint", {"path": "wp-content/plugins/bakery-order-slots/includes/class-slot-fees.php"}, lint, dt=15)
    c.call("Lint clean. Checking the shop.", "browser_check", {"url": "https://staging.harbourbakery.example/shop/"},
           {"status": 200, "console_errors": [], "php": [], "title": "Shop - Harbour Bakery"})
    c.call("Checking checkout with an express slot in the session.", "browser_check", {"url": "https://staging.harbourbakery.example/checkout/?bos_test_slot=express"},
           {"status": 200, "console_errors": ["Failed to load resource: the server responded with a status of 404 (/wp-content/themes/harbour/img/slot-badge.svg)"], "php": [],
            "fees": ["Express slot: £4.30"]})
    c.asst("Shop and checkout load; the express fee computes (£4.30 for a 4 kg basket). One unrelated 404 for a theme badge image, "
           "which predates this change. The fix is on staging only.")
    c.user("Good. Leave the badge, I'll tell the designer.", 400)
    return c


def wp_h2():
    # updating plugins one by one: `wp plugin list` output is mostly identical boilerplate, one row changes
    c = Conv(WP_SYS, WP_TOOLS)
    c.user("Monthly maintenance: update every plugin with an update on staging, one at a time, listing after each so I "
           "can see the state, and browser-check the home page at the end.", 0)
    state = {}
    c.call("Current state:", "wp_cli", {"command": "plugin list"}, wp_list(state))
    for n, old, new in WP_PLUGINS:
        if old == new:
            continue
        c.call("Updating %s %s -> %s." % (n, old, new), "wp_cli", {"command": "plugin update %s" % n},
               "Enabling Maintenance mode...\nDownloading update from https://downloads.wp.example/plugin/%s.%s.zip...\n"
               "Unpacking the update...\nInstalling the latest version...\nRemoving the old version of the plugin...\n"
               "Plugin updated successfully.\nDisabling Maintenance mode...\nSuccess: Updated 1 of 1 plugins." % (n, new), dt=45)
        state[n] = new
        c.call("Listing.", "wp_cli", {"command": "plugin list"}, wp_list(state), dt=12)
    c.call("All updated. Home page check.", "browser_check", {"url": "https://staging.harbourbakery.example/"},
           {"status": 200, "console_errors": [], "php": [], "title": "Harbour Bakery - Fresh bread in Whitby since 1987"})
    c.asst("Seven plugins updated on staging (bakery-order-slots had no update). Home page loads clean.")
    c.user("Thanks, I'll push to prod tonight.", 900)
    return c


session("wordpress_plugin_updater", "runaway", wp_r1(),
        "Period-3 cycle update / fatal 500 / rollback repeated; only the timestamps in the WP-CLI and browser output tick.", 5, 11)
session("wordpress_plugin_updater", "runaway", wp_r2(),
        "The identical edit is re-applied and fails with the identical 'snippet not found' error each turn.", 4, 8)
session("wordpress_plugin_updater", "healthy", wp_h1(),
        "Edit/lint rounds whose lint errors change every run until clean, then browser checks pass.")
session("wordpress_plugin_updater", "healthy", wp_h2(),
        "Seven plugin updates, each followed by a 'plugin list' that is identical boilerplate except one version row.")


# ================================================================ print_preflight_batch

PP_TOOLS = [
    ("get_order", "Fetch a print order (product, stock, size, files) from PrintDesk.", {"order_id": "string"}),
    ("run_preflight", "Run the PDF preflight profile on an order's artwork; returns the report.", {"order_id": "string", "profile": "string"}),
    ("preflight_status", "Status of an asynchronous preflight job.", {"job_id": "string"}),
    ("update_order", "Set order status and a customer-facing note.", {"order_id": "string", "status": "string", "note": "string"}),
]
PP_SYS = ("You are the prepress assistant at Lindenbrook Print. Preflight each order's PDF with the profile matching its "
          "product, then set the order to 'approved' or 'artwork_issue' with a short, friendly note to the customer.")

PP_INSTR = (
    "Preflight checklist (house rules, v7 - apply to every order below):\n"
    "1. Use profile LB-DIGITAL-300 for digital stock (silk/gloss <= 350gsm), LB-LITHO-FOGRA39 for litho, LB-LARGE-150 for posters > A2.\n"
    "2. Bleed: 3 mm on all sides for flat work, 5 mm for booklets over 24 pp. Missing bleed is an artwork_issue unless the design has a white border of >= 5 mm, in which case approve and note it.\n"
    "3. Resolution: images under 250 ppi effective are a warning; under 150 ppi an artwork_issue.\n"
    "4. Fonts must be embedded or outlined. Any non-embedded font is an artwork_issue.\n"
    "5. Colour: CMYK or spot only for litho; RGB is auto-converted on digital (note it, don't reject). Total area coverage over 300% is an artwork_issue on uncoated stock, 320% on coated.\n"
    "6. Black text under 12 pt must be 100K only (not rich black).\n"
    "7. Page count must match the order; page size must match trim size +/- 0.5 mm.\n"
    "8. Customer notes: first name, one sentence per issue, plain English, no jargon like TAC or ppi without explanation.\n"
    "9. Never approve an order with an unresolved artwork_issue; never edit customer files yourself.\n"
    "10. Report one line per order: ORDER | profile | result | issues.\n")


def pp_h1():
    # batch: one long shared instruction, short varying items; 'missing bleed' recurs on several different orders
    c = Conv(PP_SYS, PP_TOOLS)
    orders = [
        ("LB-88120", "A5 flyers, 350gsm silk, 1000", "LB-DIGITAL-300", {"bleed_mm": 0, "white_border_mm": 0, "fonts": "embedded", "min_ppi": 300, "tac_max": 280}, "artwork_issue", "Hi Priya, your flyer has no bleed; please add 3 mm on every side."),
        ("LB-88122", "A1 poster, 200gsm satin, 20", "LB-LARGE-150", {"bleed_mm": 0, "white_border_mm": 8, "fonts": "outlined", "min_ppi": 160, "tac_max": 290}, "approved", "Hi Ana, approved; note your design has a white border so no bleed is needed."),
        ("LB-88123", "DL leaflets, 170gsm gloss, 5000, litho", "LB-LITHO-FOGRA39", {"bleed_mm": 0, "white_border_mm": 2, "fonts": "embedded", "min_ppi": 310, "tac_max": 305, "colour": "CMYK"}, "artwork_issue", "Hi Greg, please add 3 mm bleed on each edge; the 2 mm border would be trimmed unevenly."),
        ("LB-88124", "Business cards, 400gsm matt, 250", "LB-DIGITAL-300", {"bleed_mm": 3, "fonts": "missing: Gotham-Book", "min_ppi": 300, "tac_max": 260}, "artwork_issue", "Hi Sam, the font Gotham Book isn't included in your file; please embed or outline it."),
        ("LB-88125", "28pp A5 booklet, 130gsm silk", "LB-DIGITAL-300", {"bleed_mm": 3, "required_bleed_mm": 5, "fonts": "embedded", "min_ppi": 280, "tac_max": 300, "pages": 28}, "artwork_issue", "Hi Leah, booklets over 24 pages need 5 mm bleed; yours has 3 mm."),
        ("LB-88126", "A3 posters, 170gsm silk, 50", "LB-DIGITAL-300", {"bleed_mm": 3, "fonts": "embedded", "min_ppi": 210, "tac_max": 270, "colour": "RGB"}, "approved", "Hi Kofi, approved; photos are a little soft (210 ppi) and RGB will be converted to print colours."),
        ("LB-88127", "A6 postcards, 350gsm silk, 200", "LB-DIGITAL-300", {"bleed_mm": 0, "white_border_mm": 0, "fonts": "embedded", "min_ppi": 300, "tac_max": 250}, "artwork_issue", "Hi Mei, please add 3 mm bleed all round; your background runs to the edge."),
    ]
    c.user(PP_INSTR + "\nOrder: " + orders[0][0], 0)
    for k, (oid, prod, prof, rep, status, note) in enumerate(orders):
        if k:
            c.user(PP_INSTR + "\nOrder: " + oid, 40 + 7 * k)
        c.call("Fetching %s." % oid, "get_order", {"order_id": oid}, {"order_id": oid, "product": prod, "files": ["%s_print.pdf" % oid.lower()]}, dt=6)
        c.call("Running %s." % prof, "run_preflight", {"order_id": oid, "profile": prof}, dict({"order_id": oid, "profile": prof}, **rep), dt=15)
        c.call("Setting %s." % status, "update_order", {"order_id": oid, "status": status, "note": note}, {"order_id": oid, "status": status, "ok": True}, dt=4)
        issues = note.split(", ", 1)[1] if status == "artwork_issue" else "none"
        c.asst("%s | %s | %s | %s" % (oid, prof, status, issues))
    return c


def pp_h2():
    # poller whose numbers move (pages, %, ETA) before finishing
    c = Conv(PP_SYS, PP_TOOLS)
    c.user("Order LB-88190 is the 412-page catalogue for Hestia Kitchens. Start the litho preflight and tell me when it's done.", 0)
    c.call("Starting the preflight job (large file, it runs asynchronously).", "run_preflight", {"order_id": "LB-88190", "profile": "LB-LITHO-FOGRA39"},
           {"job_id": "PF-30417", "state": "queued", "position": 3})
    seq = [("queued", 0, 2, None, None), ("running", 4, 0, 17, "11m40s"), ("running", 61, 0, 15, "9m05s"),
           ("running", 133, 0, 32, "7m10s"), ("running", 204, 0, 50, "5m02s"), ("running", 262, 0, 64, "3m41s"),
           ("running", 318, 0, 77, "2m28s"), ("running", 371, 0, 90, "1m02s"), ("running", 406, 0, 99, "0m08s")]
    for k, (st, pages, pos, pct, eta) in enumerate(seq):
        res = {"job_id": "PF-30417", "state": st}
        if st == "queued":
            res["position"] = pos
        else:
            res.update({"pages_done": pages, "pages_total": 412, "percent": pct, "eta": eta, "warnings_so_far": pages // 40})
        c.call("Checking PF-30417." if k == 0 else "Still running (%s%%), checking again." % seq[k - 1][3] if seq[k - 1][3] else "Checking PF-30417.",
               "preflight_status", {"job_id": "PF-30417"}, res, dt=60 + 30 * (k % 3))
    c.call("Nearly there.", "preflight_status", {"job_id": "PF-30417"},
           {"job_id": "PF-30417", "state": "finished", "pages_total": 412, "errors": 0,
            "warnings": [{"page": 57, "msg": "image 212 ppi effective"}, {"page": 58, "msg": "image 205 ppi effective"},
                         {"page": 301, "msg": "rich black text 9pt"}]}, dt=75)
    c.asst("PF-30417 finished: 412 pages, no errors, 3 warnings (two soft photos on pp. 57-58, rich-black 9 pt text on p. 301). "
           "Under the house rules p. 301 is an artwork_issue (small text must be 100K).")
    c.user("Flag it to them then.", 200)
    return c


def pp_r1():
    # job restart loop that fails at the same step every time
    c = Conv(PP_SYS, PP_TOOLS)
    c.user("LB-88201 (64pp brochure) preflight keeps crashing. Get it through please, the press slot is at 14:00.", 0)
    for k in range(8):
        job = "PF-305%02d" % (11 + k)
        c.call("Starting the preflight job." if k == 0 else "The job died at the same page again; restarting it.",
               "run_preflight", {"order_id": "LB-88201", "profile": "LB-LITHO-FOGRA39"}, {"job_id": job, "state": "queued", "position": 1}, dt=30)
        c.call("Polling %s." % job, "preflight_status", {"job_id": job},
               {"job_id": job, "state": "failed", "pages_done": 38, "pages_total": 64, "failed_at": "page 39 of 64",
                "error": "PFE-2207 Cannot parse content stream: object 1184 0 R (XObject /Im71) - unexpected end of compressed data",
                "worker": "pf-worker-%d" % (k % 3 + 1), "runtime_s": 141 + k * 3}, dt=150)
    return c


def pp_long_log(run):
    lines = ["Lindenbrook Preflight Engine 11.4.2 (build 2026.10.28) - profile LB-LITHO-FOGRA39 - run %d" % run,
             "Input: lb-88233_catalogue_v%d.pdf (PDF 1.6, 96 pages, 188.4 MB)" % (run + 2), ""]
    icc = ["ISOcoated_v2_300_eci.icc", "PSOcoated_v3.icc", "ISOcoated_v2_eci.icc", "GRACoL2013_CRPC6.icc", "FOGRA51.icc",
           "ISOcoated_v2_300_eci.icc", "PSOuncoated_v3_FOGRA52.icc", "FOGRA39L.icc", "ISOcoated_v2_eci.icc"]
    lines.append("Output intent: %s" % icc[run % len(icc)])
    for p in range(1, 97):
        objs = 40 + (p * 7 + run * 13) % 90
        t = (p * 173 + run * 29) % 1000
        lines.append("[%s.%03d] page %3d/96  objects=%3d  images=%d  fonts=%d  ok" % (hms(run * 240 + p * 2, 13, 2), t, p, objs, (p + run) % 5, 2 + p % 3))
        lines.append("    colour: DeviceCMYK=%d Separation(PANTONE 186 C)=%d DeviceGray=%d; text objects=%d; overprint=%s; trim 210.0x297.0 bleed 3.0" % (
            objs - p % 7, p % 3, p % 4, 3 + (p * 5 + run) % 17, "on" if (p + run) % 6 == 0 else "off"))
        if p % 11 == run % 11:
            lines.append("[%s.%03d] page %3d/96  WARN 3107 image /Im%d effective resolution %d ppi" % (hms(run * 240 + p * 2, 13, 2), t + 1, p, p + 10, 230 + (p * run) % 19))
        if p == 63:
            lines.append("[%s.%03d] page  63/96  ERROR 1102 Total area coverage 342%% exceeds 320%% (coated) at 4 locations, max in /Im88 (photo 'oven-hero.tif')" % (hms(run * 240 + p * 2, 13, 2), t + 2))
    lines.append("")
    lines.append("Summary: 96 pages, 1 error, %d warnings. RESULT: FAIL" % (96 // 11 + (1 if run % 11 <= 96 % 11 else 0)))
    return "\n".join(lines)


def pp_r2():
    # the same error buried deep in a long, varying log; agent keeps swapping ICC profiles
    c = Conv(PP_SYS, PP_TOOLS, max_out=800)
    c.user("LB-88233 catalogue fails preflight. Can you get it to pass? Customer says their designer has gone on holiday.", 0)
    leads = ["Running preflight on LB-88233.",
             "Page 63 fails on ink coverage. Re-running with a different output intent; PSO Coated v3 may map the shadows lower.",
             "Still failing on p. 63. Trying ISO Coated v2 (non-300) as the output intent.",
             "Trying GRACoL 2013 as the intent in case the coverage is computed differently.",
             "Let me try FOGRA51.",
             "Back to ISO Coated v2 300 to confirm the baseline.",
             "Trying PSO Uncoated v3.",
             "Trying FOGRA39L.",
             "Trying ISO Coated v2 eci again.",
             "Re-running preflight."]
    for k, lead in enumerate(leads):
        c.call(lead, "run_preflight", {"order_id": "LB-88233", "profile": "LB-LITHO-FOGRA39"}, pp_long_log(k + 1), dt=240)
    return c


session("print_preflight_batch", "runaway", pp_r1(),
        "Restarted preflight jobs (new job ids, rotating workers) fail at the same page with the same parse error every time.", 5, 9)
session("print_preflight_batch", "runaway", pp_r2(),
        "Each run returns a long, varying per-page log with the same page-63 coverage error deep inside; the agent only swaps output intents.", 4, 8)
session("print_preflight_batch", "healthy", pp_h1(),
        "Seven orders, one long house-rules instruction resent with each short order id; missing bleed recurs on several different orders.")
session("print_preflight_batch", "healthy", pp_h2(),
        "Async preflight poll whose pages, percent and ETA advance every poll, then finishes.")


# ================================================================ event_venue_booking

EV_TOOLS = [
    ("search_venues", "Search venues by city, capacity and date; paginated with a cursor.", {"city": "string", "capacity": "integer", "date": "string", "cursor": "string"}),
    ("check_availability", "Check whether a venue room is free on a date.", {"venue_id": "string", "date": "string"}),
    ("request_quote", "Request a priced quote for a venue, date and package.", {"venue_id": "string", "date": "string", "package": "string"}),
    ("draft_contract", "Draft a hire contract from an accepted quote.", {"quote_id": "string"}),
]
EV_SYS = ("You are the venue-sourcing agent for Brightwater Events. Find and book venues for client events within "
          "the budget cap, and hand quotes to the finance agent for approval before contracting.")


def ev_r1():
    # two agents handing the same quote back and forth
    c = Conv(EV_SYS, EV_TOOLS)
    c.user("[coordinator] Client Ardent Biotech, 120-person launch dinner on 2026-11-19 in Bristol. Budget cap £15,000 "
           "all-in. Book The Engine Shed (venue V-BRS-044) if it fits.", 0)
    c.call("Requesting the quote for The Engine Shed, dinner package.", "request_quote",
           {"venue_id": "V-BRS-044", "date": "2026-11-19", "package": "dinner-120"},
           {"quote_id": "Q-7731", "venue": "The Engine Shed", "room_hire": 6200, "catering_per_head": 78, "guests": 120,
            "av": 1450, "service_charge_pct": 12.5, "total_gbp": 18384, "valid_until": "2026-10-30"})
    back = ["[finance-agent] Q-7731 REJECTED: total £18,384 exceeds the £15,000 cap for EV-2291. Returning to venue-agent: please bring a quote within cap.",
            "[finance-agent] Q-7731 REJECTED again: £18,384 > £15,000 cap. The justification does not change the cap. Returning to venue-agent.",
            "[finance-agent] Q-7731 REJECTED: over cap (£18,384 / £15,000). Returning to venue-agent.",
            "[finance-agent] Q-7731 REJECTED: over cap. Returning to venue-agent.",
            "[finance-agent] Q-7731 REJECTED: £18,384 exceeds £15,000. Returning to venue-agent.",
            "[finance-agent] Q-7731 REJECTED: over cap. Returning to venue-agent.",
            "[finance-agent] Q-7731 REJECTED: over cap (£18,384). Returning to venue-agent.",
            "[finance-agent] Q-7731 REJECTED: over cap. Returning to venue-agent.",
            "[finance-agent] Q-7731 REJECTED: over cap. Returning to venue-agent.",
            "[finance-agent] Q-7731 REJECTED: over cap. Returning to venue-agent.",
            "[finance-agent] Q-7731 REJECTED: over cap. Returning to venue-agent."]
    sends = ["[venue-agent -> finance-agent] Please approve Q-7731 (The Engine Shed, 19 Nov, 120 covers): £18,384 all-in.",
             "[venue-agent -> finance-agent] Resubmitting Q-7731: The Engine Shed is the client's named choice and the AV package is required for the launch. £18,384.",
             "[venue-agent -> finance-agent] Q-7731 resubmitted for approval: client-requested venue, £18,384 all-in.",
             "[venue-agent -> finance-agent] Please reconsider Q-7731 (£18,384); the client specifically asked for this venue.",
             "[venue-agent -> finance-agent] Resubmitting Q-7731 for approval.",
             "[venue-agent -> finance-agent] Q-7731 for approval: The Engine Shed, £18,384.",
             "[venue-agent -> finance-agent] Resubmitting Q-7731 - client's chosen venue.",
             "[venue-agent -> finance-agent] Please approve Q-7731.",
             "[venue-agent -> finance-agent] Resubmitting Q-7731.",
             "[venue-agent -> finance-agent] Q-7731 for approval.",
             "[venue-agent -> finance-agent] Resubmitting Q-7731."]
    for k in range(11):
        c.asst(sends[k])
        c.user(back[k], 50 + 10 * (k % 3))
    return c


def ev_r2():
    # period-2 cycle: two dates checked alternately, both unavailable; only 'checked_at' ticks
    c = Conv(EV_SYS, EV_TOOLS)
    c.user("Need the Glasshouse room at Leith Assembly (V-EDI-112) for the Corran Trust AGM, 4 or 5 March 2027. Whichever is free.", 0)
    dates = ["2027-03-04", "2027-03-05"]
    for k in range(14):
        d = dates[k % 2]
        lead = ("Checking 4 March first." if k == 0 else "4 March is taken; checking 5 March." if k == 1 else
                ["5 March is taken too; re-checking 4 March in case the hold lapsed.", "4 March still held; checking 5 March again."][k % 2 == 1 and 1 or 0])
        c.call(lead, "check_availability", {"venue_id": "V-EDI-112", "date": d},
               {"venue_id": "V-EDI-112", "room": "Glasshouse", "date": d, "available": False,
                "reason": "provisional hold" if k % 2 == 0 else "confirmed booking",
                "hold_expires": "2027-01-15T17:00:00Z" if k % 2 == 0 else None,
                "checked_at": "2026-12-01T10:%02d:%02dZ" % (4 + k // 2, (k * 17) % 60)}, dt=18)
    return c


def ev_h1():
    # pagination: the same search with the next cursor, then shortlist, quote and contract
    c = Conv(EV_SYS, EV_TOOLS)
    c.user("Manchester, 2027-02-11, 300 standing, wedding-style evening party for Kaur & Lewis. Show me everything in "
           "budget (£9k room hire) then quote the best two.", 0)
    pages = [
        [("V-MAN-201", "Albert Hall (Peter St)", 2200, 14500), ("V-MAN-214", "Victoria Warehouse", 3000, 11800), ("V-MAN-233", "Hatch Arches", 350, 4200)],
        [("V-MAN-240", "The Refuge, Palace Hotel", 400, 8600), ("V-MAN-251", "Stock Exchange Hotel Ballroom", 300, 9800), ("V-MAN-262", "Hallé St Peter's", 350, 5900)],
        [("V-MAN-277", "Depot Mayfield (Concourse)", 1000, 12500), ("V-MAN-281", "Manchester Art Gallery", 300, 8900), ("V-MAN-290", "Chapel Street Ballroom", 320, 6400)],
        [("V-MAN-305", "Whitworth Gallery", 350, 8200), ("V-MAN-318", "Old Granada Studios", 600, 7300)],
    ]
    for k, rows in enumerate(pages):
        cur = "" if k == 0 else "c_%s" % rows[0][0].lower().replace("-", "")
        res = {"results": [{"venue_id": v, "name": n, "capacity_standing": cap, "room_hire_gbp": hire} for v, n, cap, hire in rows],
               "page": k + 1, "next_cursor": ("c_%s" % pages[k + 1][0][0].lower().replace("-", "")) if k + 1 < len(pages) else None}
        c.call("Searching." if k == 0 else "Next page.", "search_venues",
               {"city": "Manchester", "capacity": 300, "date": "2027-02-11", "cursor": cur}, res, dt=12)
    c.asst("In budget with room for 300 standing: Hatch Arches £4.2k, The Refuge £8.6k, Hallé St Peter's £5.9k, Art Gallery £8.9k, "
           "Chapel Street Ballroom £6.4k, Whitworth £8.2k, Old Granada Studios £7.3k. For a wedding party I'd quote Hallé St Peter's and the Whitworth.")
    c.user("Yes, those two.", 600)
    c.call("Quoting Hallé St Peter's.", "request_quote", {"venue_id": "V-MAN-262", "date": "2027-02-11", "package": "evening-300"},
           {"quote_id": "Q-8102", "total_gbp": 8740, "includes": ["room", "bar staff", "security"], "valid_until": "2026-12-20"})
    c.call("Quoting the Whitworth.", "request_quote", {"venue_id": "V-MAN-305", "date": "2027-02-11", "package": "evening-300"},
           {"quote_id": "Q-8103", "total_gbp": 11260, "includes": ["room", "bar staff"], "valid_until": "2026-12-18", "note": "security extra £600"})
    c.asst("Hallé St Peter's Q-8102 £8,740 incl. security; Whitworth Q-8103 £11,260 + £600 security. St Peter's is within budget.")
    c.user("Book St Peter's.", 1500)
    c.call("Drafting the contract from Q-8102.", "draft_contract", {"quote_id": "Q-8102"},
           {"contract_id": "C-5530", "status": "draft", "deposit_gbp": 2185, "deposit_due": "2026-12-20", "url": "https://venues.brightwater.example/c/C-5530"})
    c.asst("Contract C-5530 drafted; deposit £2,185 due 20 Dec.")
    c.user("Send it to the couple.", 120)
    return c


EV_CONTRACT_SECTIONS = [
    ("1. Definitions", "\"Venue\" means Leith Assembly Rooms, 37 Constitution Street, Edinburgh EH6 7BG, including the Glasshouse, the Long Room and the Courtyard. \"Hirer\" means the Corran Trust (SC041187). \"Event\" means the Annual General Meeting and reception described in Schedule 1. \"Hire Period\" means 08:00 to 23:00 on the Event Date, including set-up and clearance."),
    ("2. Booking and Deposit", "A provisional hold becomes a confirmed booking on receipt of this agreement signed by the Hirer and a non-refundable deposit of 25% of the Hire Fee. The balance is payable 28 days before the Event Date. Bookings made within 28 days of the Event Date require payment in full on signature."),
    ("3. Cancellation by the Hirer", "Notice of cancellation must be given in writing. Charges: more than 90 days before the Event Date, the deposit only; 90 to 29 days, 50% of the Hire Fee; 28 days or fewer, 100% of the Hire Fee and any catering minimum spend. The Venue will use reasonable endeavours to re-let and will credit any re-let income net of costs."),
    ("4. Cancellation by the Venue", "If the Venue cannot provide the booked spaces because of fire, flood, failure of utilities, action of a public authority or any event beyond its reasonable control, it will refund all sums paid and shall have no further liability. The Venue may offer an alternative date or room, which the Hirer may accept or decline."),
    ("5. Capacity and Licensing", "The Glasshouse is licensed for 180 seated theatre-style or 220 standing. The Hirer shall not admit more persons than the licensed capacity. Alcohol may only be supplied by the Venue under its premises licence; no alcohol may be brought onto the premises. Music must end at 22:30."),
    ("6. Catering", "All food and beverages are supplied exclusively by the Venue's caterer. Minimum spend for the Glasshouse is £3,500 excluding VAT. Final numbers are required 7 days before the Event; the Hirer will be charged for the final number or the number attending, whichever is higher. Dietary requirements must be notified with final numbers."),
    ("7. Audio-Visual and Power", "The house AV package comprises a 7000-lumen projector, a 3m screen, two handheld and two lapel radio microphones and a technician for up to 6 hours. Additional technician time is charged at £55 per hour. External equipment must be PAT tested and notified 14 days in advance. Maximum load per circuit is 13A."),
    ("8. Insurance and Liability", "The Hirer shall hold public liability insurance of not less than £5,000,000 and provide evidence 14 days before the Event. The Venue's liability for loss of or damage to property of the Hirer or its guests is excluded except where caused by the Venue's negligence. Nothing limits liability for death or personal injury caused by negligence."),
    ("9. Damage and Cleaning", "The Hirer is responsible for damage caused by the Hirer, its guests or contractors beyond fair wear and tear. Nothing may be fixed to walls, ceilings or the glass roof. Confetti, glitter, smoke machines and naked flames are prohibited. A cleaning charge of £250 applies where the spaces are left in an unreasonable condition."),
    ("10. Accessibility", "The Glasshouse has level access from Constitution Street, an accessible WC and a hearing loop. The Long Room is reached by stairs only. The Hirer should inform the Venue of any guests requiring assistance so that evacuation plans can be prepared."),
    ("11. Data Protection", "Each party shall comply with the UK GDPR in respect of any personal data shared under this agreement, including guest lists and dietary information, and shall use such data only for the purposes of the Event. The Venue will delete guest lists within 30 days after the Event."),
    ("12. Force Majeure", "Neither party shall be liable for failure to perform caused by events beyond its reasonable control, including epidemic, government restrictions, severe weather warnings (amber or red) and strikes affecting public transport in Edinburgh, provided that the affected party notifies the other promptly. In such case sums paid shall be refunded less any costs irrecoverably incurred."),
    ("13. Governing Law", "This agreement is governed by the law of Scotland and the parties submit to the exclusive jurisdiction of the Scottish courts."),
    ("Schedule 1 - Event Details", "Event Date: Thursday 4 March 2027. Spaces: Glasshouse (AGM, 09:30-13:00, theatre style for 140), Courtyard (lunch reception 13:00-14:30). Hire Fee: £4,800 + VAT. Catering: standing lunch, 140 covers at £32 per head. AV: house package plus livestream encoder (£380)."),
]


def ev_h2():
    # stateless client: the same long contract resent each turn with a different question
    c = Conv("You answer questions about the venue hire agreement supplied by the user. Quote the clause number. If the "
             "agreement does not say, say so.", max_out=600)
    doc = "HIRE AGREEMENT - LEITH ASSEMBLY ROOMS - REF LA/2027/0304/CT\n\n"
    for i in range(3):  # the real document repeats sections per space in its annexes; make it long like the real thing
        for h, b in EV_CONTRACT_SECTIONS:
            doc += ("%s%s\n%s\n\n" % ("" if i == 0 else "Annex %s - " % "ABC"[i - 1], h, b))
    qs = [("What happens if we cancel 40 days before?", "Clause 3: between 90 and 29 days before the Event Date you pay 50% of the Hire Fee."),
          ("Can we bring our own wine for the reception?", "No. Clause 5: alcohol may only be supplied by the Venue; none may be brought onto the premises."),
          ("How much insurance do we need and by when?", "Clause 8: public liability of at least £5,000,000, evidence 14 days before the Event."),
          ("Is the Long Room wheelchair accessible?", "No. Clause 10: the Long Room is reached by stairs only; the Glasshouse has level access."),
          ("What is the catering minimum?", "Clause 6: £3,500 excluding VAT for the Glasshouse."),
          ("If there's a rail strike, do we get our money back?", "Clause 12: strikes affecting public transport in Edinburgh count as force majeure; sums paid are refunded less irrecoverable costs."),
          ("When must final numbers be in?", "Clause 6: 7 days before the Event."),
          ("Can we use a smoke machine for the livestream intro?", "No. Clause 9 prohibits smoke machines."),
          ("Does the agreement say anything about parking?", "The agreement does not mention parking."),
          ("How much does extra technician time cost?", "Clause 7: £55 per hour beyond the 6 hours included.")]
    for k, (q, a) in enumerate(qs):
        if k:
            c.reset()
        c.user(doc + "\n---\nQuestion: " + q, 0 if k == 0 else 95 + 40 * (k % 4))
        c.asst(a)
    return c


session("event_venue_booking", "runaway", ev_r1(),
        "Venue agent and finance agent hand the same over-cap quote back and forth; nothing changes between rounds.", 4, 9)
session("event_venue_booking", "runaway", ev_r2(),
        "Period-2 cycle checking the same two unavailable dates; only a checked_at timestamp changes.", 5, 10)
session("event_venue_booking", "healthy", ev_h1(),
        "Paginated venue search (same tool, next cursor), then quotes and a contract.")
session("event_venue_booking", "healthy", ev_h2(),
        "Stateless client resending one long hire agreement with a new question each turn.", stateless=True)


# ================================================================ river_gauge_flood_monitor

RV_TOOLS = [
    ("get_gauge_reading", "Latest reading of a river gauge (stage in metres, flow, trend, observation time).", {"station": "string"}),
    ("get_forecast", "Hydrological forecast for a station (next 36 h).", {"station": "string"}),
    ("issue_alert", "Issue a flood alert or warning for a target area.", {"area": "string", "level": "string", "message": "string"}),
    ("list_alerts", "List currently active alerts.", {"region": "string"}),
]
RV_SYS = ("You are the duty flood-monitoring agent for the Tamar & Tavy catchment. Watch the gauges, compare with the "
          "forecast, and issue Flood Alerts (stage > alert threshold) or Flood Warnings (stage > warning threshold). "
          "Report concisely to the duty officer.")


def rv_r1():
    # polling a gauge whose reading never changes (station offline, stale observation)
    c = Conv(RV_SYS, RV_TOOLS)
    c.user("Gunnislake gauge is the one to watch tonight, alert threshold 2.60 m. Poll it every minute and tell me the moment it crosses.", 0)
    for k in range(16):
        c.call("Polling Gunnislake." if k == 0 else "No change; polling again.", "get_gauge_reading", {"station": "47001-gunnislake"},
               {"station": "47001-gunnislake", "stage_m": 2.31, "flow_m3s": 118.4, "trend": "steady", "observed_at": "2026-12-06T22:15:00Z",
                "quality": "good"}, dt=60)
    return c


def rv_r2():
    # period-3 cycle whose results tick: reading (time changes), issue alert (duplicate, counter), list alerts (as_of)
    c = Conv(RV_SYS, RV_TOOLS)
    c.user("Tavistock is above alert threshold (1.85 m). Make sure the alert for 'River Tavy at Tavistock' is out.", 0)
    for r in range(7):
        c.call("Reading Tavistock." if r == 0 else "Re-reading Tavistock before issuing.", "get_gauge_reading", {"station": "47015-tavistock"},
               {"station": "47015-tavistock", "stage_m": 1.97, "trend": "steady", "observed_at": "2026-12-07T03:%02d:00Z" % (15 * (r % 4))}, dt=30)
        c.call("Above 1.85 m. Issuing the alert.", "issue_alert",
               {"area": "River Tavy at Tavistock", "level": "flood_alert", "message": "River levels are high on the Tavy at Tavistock. Flooding of low-lying land and roads is possible."},
               "HTTP 409 Conflict\n{\"error\":\"duplicate\",\"detail\":\"An active flood_alert already exists for area 114WAFT1W10\",\"existing_id\":\"FA-2026-88213\",\"duplicate_attempts\":%d}" % (r + 1),
               dt=10, err=True)
        c.call("The service says there is a duplicate. Listing active alerts to confirm.", "list_alerts", {"region": "tamar-tavy"},
               {"as_of": "2026-12-07T03:%02d:%02dZ" % (2 + r * 2, (r * 23) % 60), "active": [
                   {"id": "FA-2026-88213", "area": "River Tavy at Tavistock", "level": "flood_alert", "issued": "2026-12-07T01:40:00Z"}]}, dt=15)
    return c


def rv_h1():
    # scheduled 'all green' reports: timestamps and metrics change each time
    c = Conv(RV_SYS, RV_TOOLS)
    lv = [(0.84, 0.62, 1.12), (0.85, 0.62, 1.14), (0.87, 0.63, 1.15), (0.86, 0.63, 1.15), (0.84, 0.62, 1.13),
          (0.83, 0.61, 1.12), (0.83, 0.61, 1.10), (0.82, 0.60, 1.09), (0.81, 0.60, 1.08)]
    for k, (a, b, g) in enumerate(lv):
        stamp = "%02d:%02d" % (6 + (k * 15) // 60, (k * 15) % 60)
        if k == 0:
            c.user("[scheduler] %s routine check: all stations." % stamp, 0)
        else:
            c.user("[scheduler] %s routine check: all stations." % stamp, 900 - 60 - 5)
        c.call(None, "list_alerts", {"region": "tamar-tavy"},
               {"as_of": "2026-12-07T%s:02Z" % stamp, "active": [],
                "stations": [{"station": "47001-gunnislake", "stage_m": g, "alert_at": 2.60},
                             {"station": "47015-tavistock", "stage_m": a, "alert_at": 1.85},
                             {"station": "47020-horsebridge", "stage_m": b, "alert_at": 1.40}]}, dt=60)
        c.asst("%s ALL GREEN. Gunnislake %.2f m (alert 2.60), Tavistock %.2f m (1.85), Horsebridge %.2f m (1.40). No active alerts." % (stamp, g, a, b))
    return c


def rv_h2():
    # rising river: poll numbers move, threshold crossed, alert issued, then recession and stand-down
    c = Conv(RV_SYS, RV_TOOLS)
    c.user("Heavy rain band over Dartmoor. Watch Horsebridge (alert 1.40 m, warning 2.10 m) every 15 minutes and act as needed.", 0)
    c.call("Forecast first.", "get_forecast", {"station": "47020-horsebridge"},
           {"station": "47020-horsebridge", "peak_stage_m": 1.78, "peak_time": "2026-12-07T09:30Z", "confidence": "medium"})
    rd = [(0.98, "rising"), (1.11, "rising"), (1.26, "rising"), (1.43, "rising"), (1.61, "rising"), (1.74, "rising"),
          (1.77, "steady"), (1.70, "falling"), (1.52, "falling"), (1.33, "falling")]
    for k, (st, tr) in enumerate(rd):
        obs = "2026-12-07T%02d:%02d:00Z" % (7 + (k * 15) // 60, (k * 15) % 60)
        c.call("Polling Horsebridge." if k == 0 else "%.2f m, %s. Polling again." % (rd[k - 1][0], rd[k - 1][1]), "get_gauge_reading",
               {"station": "47020-horsebridge"}, {"station": "47020-horsebridge", "stage_m": st, "trend": tr, "observed_at": obs}, dt=900)
        if k == 3:
            c.call("1.43 m: above the 1.40 m alert threshold. Issuing a Flood Alert.", "issue_alert",
                   {"area": "River Tamar at Horsebridge", "level": "flood_alert",
                    "message": "River levels are rising on the Tamar at Horsebridge. Flooding of low-lying land and roads is possible."},
                   {"id": "FA-2026-88240", "status": "issued", "recipients": 412}, dt=20)
    c.asst("Horsebridge peaked at 1.77 m at 08:30 and is falling (1.33 m now), below alert level. I recommend standing down FA-2026-88240.")
    c.user("Agreed, stand it down at the next check.", 300)
    return c


session("river_gauge_flood_monitor", "runaway", rv_r1(),
        "Polling a gauge whose observation never changes (stale 22:15 reading) every minute; a cheap poll, so a later deadline.", 5, 12)
session("river_gauge_flood_monitor", "runaway", rv_r2(),
        "Period-3 cycle read / issue (409 duplicate, attempt counter ticks) / list; timestamps and counters change every round.", 6, 12)
session("river_gauge_flood_monitor", "healthy", rv_h1(),
        "Scheduler-driven routine checks every 15 minutes, all green, one template with changing times and levels.")
session("river_gauge_flood_monitor", "healthy", rv_h2(),
        "Poll a rising river every 15 minutes, issue an alert on crossing, watch it peak and recede.")


# ================================================================ cloud_migration_runbook

CM_TOOLS = [
    ("inventory_list", "List on-prem VMs in a migration wave.", {"wave": "string"}),
    ("start_replication", "Start block replication of a VM to the cloud landing zone.", {"vm": "string"}),
    ("replication_status", "Replication progress for a VM.", {"vm": "string"}),
    ("cutover", "Stop the source VM, final sync, boot the cloud instance, switch DNS.", {"vm": "string"}),
    ("run_smoke_test", "Run the app smoke tests against a migrated VM.", {"vm": "string"}),
]
CM_SYS = ("You are the migration engineer agent for Fenwick Logistics moving VMware workloads to the cloud landing zone "
          "(eu-west, account fl-prod-lz). Follow the runbook: replicate, wait for in-sync, cutover in the window, smoke test, "
          "report.")


def cm_log(n):
    out = []
    for i in range(n):
        t = hms(i * 7, 1, 0)
        kind = i % 9
        if kind == 0:
            out.append("%s INFO  ReplicationAgent[vm-ordersdb-02]: snapshot %d/7 started, delta 2.%d GB" % (t, 1 + (i // 9) % 7, i % 10))
        elif kind in (1, 2, 3):
            out.append("%s DEBUG BlockTransfer: chunk %06d sent (4 MiB) rtt=%dms window=%d" % (t, i * 31, 18 + i % 23, 64 + i % 8))
        elif kind == 4:
            out.append("%s INFO  Throttle: current 412 Mbps (cap 500 Mbps), queue %d" % (t, i % 17))
        elif kind == 5:
            out.append("%s WARN  vCenter: task 'CreateSnapshot_Task' took %d s (> 30 s)" % (t, 31 + i % 12))
        elif kind == 6:
            out.append("%s INFO  Heartbeat: agent healthy, lag %ds" % (t, 40 + i % 50))
        elif kind == 7:
            out.append("%s DEBUG Consistency: CBT query returned %d changed areas" % (t, 100 + i * 3 % 400))
        else:
            out.append("%s ERROR ReplicationAgent[vm-ordersdb-02]: snapshot 4/7 failed: checksum mismatch on disk scsi0:1 "
                       "(expected 9f2c41d0, got 51ab77e3) - retrying from snapshot 4" % t)
    return "\n".join(out)


def cm_r1():
    # growing pasted log with the same error; assistant gives the same advice reworded (tool-less)
    c = Conv(CM_SYS, max_out=1200)
    advice = [
        "The repeating line is the checksum mismatch on scsi0:1 at snapshot 4/7. That usually means changed block tracking is "
        "corrupt on that disk. Reset CBT on vm-ordersdb-02 (power off, disable ctkEnabled, delete the -ctk.vmdk files, re-enable) and restart replication.",
        "It's still the snapshot 4/7 checksum mismatch on scsi0:1. Please reset CBT on the VM and restart replication.",
        "Same failure: checksum mismatch on disk scsi0:1. The fix is a CBT reset on vm-ordersdb-02 followed by a replication restart.",
        "The log shows the scsi0:1 checksum mismatch again at snapshot 4. Resetting changed block tracking should resolve it.",
        "Again snapshot 4/7 fails on scsi0:1. Try resetting CBT and restarting the replication job.",
        "This is the same checksum mismatch. Reset CBT on the disk and restart.",
        "Still the scsi0:1 mismatch. Please reset CBT.",
        "Same error. Reset CBT and restart replication.",
        "The checksum mismatch persists; CBT reset recommended.",
    ]
    users = ["Replication for vm-ordersdb-02 won't finish. Log so far:\n\n",
             "Did that. Here's the log now:\n\n", "Still going round. Full log:\n\n", "Log:\n\n", "Here's the latest:\n\n",
             "Updated log:\n\n", "Log again:\n\n", "Latest:\n\n", "Log:\n\n", "Log:\n\n"]
    for k in range(10):
        if k:
            c.asst(advice[k - 1])
        c.user(users[k] + cm_log(60 + 45 * k), 0 if k == 0 else 600 + 60 * k)
    return c


def cm_r2():
    # 'continue' answered with the same runbook section every time
    c = Conv(CM_SYS, max_out=2000)
    c.user("Write the cutover runbook for wave 3 (vm-ordersdb-02, vm-wms-app-01, vm-wms-app-02). Steps 1-8. Go section by "
           "section, I'll say continue.", 0)
    sec1 = ("## Step 1 - Pre-checks (T-24h)\n- Confirm all three VMs show `in_sync` with lag < 60 s.\n- Freeze changes in ServiceNow (CHG-44821).\n"
            "- Lower DNS TTL for orders.fenwick.example and wms.fenwick.example to 60 s.")
    sec4 = ("## Step 4 - Cutover vm-ordersdb-02\n1. Stop the order-ingest service on vm-wms-app-01/02.\n2. `cutover vm-ordersdb-02` (final sync, "
            "source power-off, cloud boot).\n3. Verify PostgreSQL replication slot is dropped and the instance accepts connections on 5432.\n"
            "4. Switch DNS orders.fenwick.example to the cloud private IP.\n5. Record the time in the change log.")
    c.asst(sec1)
    c.user("continue", 90)
    c.asst("## Step 2 - Final replication check (T-1h)\n- Run `replication_status` for each VM; abort if any lag > 120 s.\n- Snapshot the source VMs for rollback.")
    c.user("continue", 80)
    c.asst("## Step 3 - Application quiesce (T-0)\n- Put the WMS into maintenance mode from the admin console.\n- Drain the order queue (RabbitMQ `orders.in` to 0).")
    for k in range(9):
        c.user("continue", 60 + 5 * k)
        c.asst(sec4 if k % 2 == 0 else sec4.replace("1. Stop", "1. First, stop").replace("5. Record the time", "5. Note the cutover time"))
    c.user("continue", 60)
    return c


def cm_h1():
    # replication progress moves across three VMs, revisiting the same status screen, then cutover
    c = Conv(CM_SYS, CM_TOOLS)
    c.user("Wave 2 tonight. Start replication for everything in the wave, tell me when all are in sync, then cut over one by one.", 0)
    c.call("Listing wave 2.", "inventory_list", {"wave": "2"},
           {"wave": "2", "vms": [{"vm": "vm-hr-web-01", "disk_gb": 80}, {"vm": "vm-hr-db-01", "disk_gb": 420}, {"vm": "vm-intranet-01", "disk_gb": 120}]})
    (a, b, cc) = c.asst("Starting replication for the three VMs.", [("start_replication", {"vm": v}) for v in ("vm-hr-web-01", "vm-hr-db-01", "vm-intranet-01")])
    c.results([(a, J({"vm": "vm-hr-web-01", "job": "RJ-901", "state": "initial_sync"}), False),
               (b, J({"vm": "vm-hr-db-01", "job": "RJ-902", "state": "initial_sync"}), False),
               (cc, J({"vm": "vm-intranet-01", "job": "RJ-903", "state": "initial_sync"}), False)])
    prog = [(34, 6, 18), (71, 15, 44), (100, 27, 80), (100, 41, 100), (100, 58, 100), (100, 76, 100), (100, 93, 100), (100, 100, 100)]
    for k, (w, d, i) in enumerate(prog):
        ids = c.asst("Checking progress." if k == 0 else "Progress web %d%%, db %d%%, intranet %d%%. Checking again." % prog[k - 1],
                     [("replication_status", {"vm": v}) for v in ("vm-hr-web-01", "vm-hr-db-01", "vm-intranet-01")])
        c.results([(ids[0], J({"vm": "vm-hr-web-01", "state": "in_sync" if w == 100 else "initial_sync", "percent": w, "lag_s": 12 + k if w == 100 else None}), False),
                   (ids[1], J({"vm": "vm-hr-db-01", "state": "in_sync" if d == 100 else "initial_sync", "percent": d, "eta_min": max(0, (100 - d) // 2)}), False),
                   (ids[2], J({"vm": "vm-intranet-01", "state": "in_sync" if i == 100 else "initial_sync", "percent": i}), False)], dt=600)
    for v in ("vm-hr-web-01", "vm-hr-db-01"):
        c.call("All in sync. Cutting over %s." % v, "cutover", {"vm": v}, {"vm": v, "state": "cutover_complete", "instance": "i-0%s" % ("4a1c" if "web" in v else "77d2"), "dns_switched": True}, dt=300)
        c.call("Smoke testing %s." % v, "run_smoke_test", {"vm": v}, {"vm": v, "passed": 14 if "web" in v else 9, "failed": 0}, dt=90)
    return c


def cm_h2():
    # 503 backoff on the cutover API then success; smoke tests fail differently each run, then pass
    c = Conv(CM_SYS, CM_TOOLS)
    c.user("vm-billing-01 is in sync. Cut it over and get the smoke tests green; the window closes at 04:00.", 0)
    c.call("Cutting over vm-billing-01.", "cutover", {"vm": "vm-billing-01"},
           "HTTP 503 Service Unavailable\nRetry-After: 45\n{\"message\":\"Cutover orchestrator is busy with another job (vm-crm-02)\"}", err=True)
    c.call("Orchestrator busy; waited 45 s, retrying.", "cutover", {"vm": "vm-billing-01"},
           "HTTP 503 Service Unavailable\nRetry-After: 90\n{\"message\":\"Cutover orchestrator is busy with another job (vm-crm-02)\"}", dt=47, err=True)
    c.call("Still busy; waited 90 s, retrying.", "cutover", {"vm": "vm-billing-01"},
           {"vm": "vm-billing-01", "state": "cutover_complete", "instance": "i-0b3e", "dns_switched": True, "final_sync_s": 212}, dt=92)
    runs = [{"passed": 11, "failed": 3, "failures": ["GET /health -> connection refused (billing.fenwick.example:8443)", "GET /api/invoices -> connection refused", "POST /api/runs -> connection refused"]},
            {"passed": 12, "failed": 2, "failures": ["GET /health -> TLS: certificate is valid for billing-old.fenwick.example, not billing.fenwick.example", "GET /api/invoices -> TLS handshake failed"]},
            {"passed": 13, "failed": 1, "failures": ["POST /api/runs -> 500 Internal Server Error: could not connect to server: ordersdb.fenwick.example:5432 (timeout)"]},
            {"passed": 14, "failed": 0, "failures": []}]
    fixes = ["Smoke testing.", "Port 8443 wasn't open in the security group; added sg rule for 8443 from the ALB. Re-running.",
             "Certificate mismatch: attached the billing.fenwick.example ACM cert to the listener. Re-running.",
             "DB timeout: the cloud subnet route to ordersdb (still on-prem for wave 3) was missing; added the VPN route. Re-running."]
    for k, r in enumerate(runs):
        c.call(fixes[k], "run_smoke_test", {"vm": "vm-billing-01"}, dict({"vm": "vm-billing-01", "run": k + 1}, **r), dt=120 + 60 * k)
    c.asst("vm-billing-01 is cut over and 14/14 smoke tests pass, at 03:21. Changes made: SG rule 8443, ACM cert on the listener, VPN route to ordersdb.")
    c.user("Great work, close the change.", 240)
    return c


session("cloud_migration_runbook", "runaway", cm_r1(),
        "User pastes an ever-growing replication log whose only real content is the same checksum error; the assistant repeats the same advice.", 3, 7)
session("cloud_migration_runbook", "runaway", cm_r2(),
        "'Continue' answered with the same Step 4 section over and over (sometimes lightly reworded).", 5, 9)
session("cloud_migration_runbook", "healthy", cm_h1(),
        "Three replications polled together; percentages advance every poll until in sync, then cutovers and smoke tests.")
session("cloud_migration_runbook", "healthy", cm_h2(),
        "Cutover API answers 503 twice with Retry-After, then succeeds; smoke tests fail differently each run, then pass.")


# ================================================================ MAIN (keep last)

def build():
    files = {}
    counters = {}
    for k, (style, outcome, conv, notes, b, d, stateless) in enumerate(SESSIONS):
        shape = SHAPES[k % 3]
        n = counters[(style, outcome)] = counters.get((style, outcome), 0) + 1
        name = "%s_%s_%d_%s" % (style, outcome, n, shape)
        exp = {"outcome": "healthy"} if outcome == "healthy" else {"outcome": "runaway", "loop_begins_turn": b, "stop_by_turn": d}
        doc = {"name": name, "style": style, "shape": shape, "path": PATHS[shape],
               "headers": {"x-session-id": "corpab-%s" % name, "x-user-id": "corpab-user-%02d" % (k % 7 + 1)},
               "expected": exp, "notes": notes, "turns": render(conv, shape)}
        errs = validate(doc)
        if not stateless and not is_prefix_grown(doc):
            errs.append("history does not grow by prefix")
        if errs:
            raise SystemExit("%s: %s" % (name, "; ".join(errs)))
        # Everything is held out (fresh blind set): tuning/ keeps only .gitkeep.
        files[os.path.join("heldout", name + ".json")] = json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    return files


def main():
    files = build()
    if "--check" in sys.argv:
        bad = []
        for rel, text in files.items():
            p = os.path.join(ROOT, rel)
            if not os.path.exists(p) or open(p, encoding="utf-8").read() != text:
                bad.append(rel)
        on_disk = {os.path.join("heldout", f) for f in os.listdir(os.path.join(ROOT, "heldout"))}
        extra = on_disk - set(files)
        if set(os.listdir(os.path.join(ROOT, "tuning"))) != {".gitkeep"}:
            bad.append("tuning/ must hold only .gitkeep")
        for rel in sorted(on_disk):
            json.loads(open(os.path.join(ROOT, rel), encoding="utf-8").read())
        if bad or extra:
            raise SystemExit("check failed: differ %s, extra %s" % (bad, sorted(extra)))
        print("ok: %d sessions match and validate" % len(files))
        return
    os.makedirs(os.path.join(ROOT, "heldout"), exist_ok=True)
    os.makedirs(os.path.join(ROOT, "tuning"), exist_ok=True)
    for f in os.listdir(os.path.join(ROOT, "heldout")):
        os.remove(os.path.join(ROOT, "heldout", f))
    for rel, text in files.items():
        with open(os.path.join(ROOT, rel), "w", encoding="utf-8") as fh:
            fh.write(text)
    print("wrote %d sessions" % len(files))


if __name__ == "__main__":
    main()
