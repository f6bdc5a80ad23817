#!/usr/bin/env python3
"""Writes tests/fixtures/corpus_i: 32 agent sessions by writer-i (issue 13), all held out.

Stdlib only, deterministic (string-seeded random.Random, no clock, no network).
Every style is a hand-written function; sessions are built in one neutral form
(user text / assistant text + tool calls / tool results) and rendered into the
OpenAI Chat, OpenAI Responses and Anthropic Messages request shapes.

    python3 scripts/gen_corpus_i.py           # (re)write the files
    python3 scripts/gen_corpus_i.py --check   # regenerate in memory, validate, compare to disk
"""

import hashlib
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "corpus_i")

PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
MODELS = {
    "chat": ["gpt-4o", "gpt-4.1-mini", "gpt-4o-mini", "gpt-4.1"],
    "responses": ["gpt-4.1", "gpt-4o-mini", "gpt-4o", "gpt-4.1-mini"],
    "anthropic": ["claude-sonnet-4-20250514", "claude-3-5-haiku-20241022"],
}


def jd(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


def tool(name, desc, props, required=None):
    """A tool declaration in neutral form: name, description, JSON-schema parameters."""
    schema = {"type": "object", "properties": props}
    schema["required"] = list(required if required is not None else props.keys())
    return (name, desc, schema)


S_ = {"type": "string"}
I_ = {"type": "integer"}
N_ = {"type": "number"}


def strp(desc):
    return {"type": "string", "description": desc}


class Session:
    def __init__(self, name, style, shape, outcome, system, tools=(), model_ix=0,
                 max_tokens=1024, user_id="u-0001", notes="", b=None, d=None, stateless=False,
                 temperature=None):
        self.name, self.style, self.shape, self.outcome = name, style, shape, outcome
        self.system, self.tools = system, list(tools)
        self.model = MODELS[shape][model_ix % len(MODELS[shape])]
        self.max_tokens, self.user_id, self.notes = max_tokens, user_id, notes
        self.b, self.d, self.stateless = b, d, stateless
        self.temperature = temperature
        self.items = []
        self.turns = []
        self.t = 0
        self.ncalls = 0
        self.pending = []

    # ---- neutral history ----
    def user(self, text):
        self.items.append(("user", text))

    def asst(self, text, calls=()):
        ids = []
        for _ in calls:
            self.ncalls += 1
            h = hashlib.sha1(f"{self.name}/{self.ncalls}".encode()).hexdigest()
            if self.shape == "anthropic":
                ids.append("toolu_01" + h[:22])
            elif self.shape == "chat":
                ids.append("call_" + h[:24])
            else:
                ids.append("call_" + h[:24])
        self.items.append(("asst", text, [(i, n, a) for i, (n, a) in zip(ids, calls)]))
        self.pending = list(ids)
        return ids

    def result(self, output, cid=None):
        if cid is None:
            cid = self.pending.pop(0)
        else:
            self.pending.remove(cid)
        if not isinstance(output, str):
            output = jd(output)
        self.items.append(("tool", cid, output))

    def send(self, dt):
        if self.turns:
            self.t += dt
        self.turns.append({"at_seconds": self.t, "request": self.render()})

    def reset(self):
        self.items = []

    # convenience: assistant calls one tool, it answers, the request goes out
    def ts(self, dt, name, args, output, text=""):
        self.asst(text, [(name, args)])
        self.result(output)
        self.send(dt)

    # convenience: assistant answers in text, user says something, the request goes out
    def ut(self, dt, reply, user_text):
        self.asst(reply)
        self.user(user_text)
        self.send(dt)

    # ---- rendering ----
    def render(self):
        return getattr(self, "render_" + self.shape)()

    def render_chat(self):
        msgs = [{"role": "system", "content": self.system}]
        for it in self.items:
            if it[0] == "user":
                msgs.append({"role": "user", "content": it[1]})
            elif it[0] == "asst":
                m = {"role": "assistant", "content": it[1] if it[1] else None}
                if it[2]:
                    m["tool_calls"] = [
                        {"id": i, "type": "function", "function": {"name": n, "arguments": jd(a)}}
                        for i, n, a in it[2]
                    ]
                msgs.append(m)
            else:
                msgs.append({"role": "tool", "tool_call_id": it[1], "content": it[2]})
        req = {"model": self.model, "messages": msgs, "max_tokens": self.max_tokens}
        if self.tools:
            req["tools"] = [
                {"type": "function", "function": {"name": n, "description": d, "parameters": p}}
                for n, d, p in self.tools
            ]
        if self.temperature is not None:
            req["temperature"] = self.temperature
        return req

    def render_responses(self):
        inp = []
        for it in self.items:
            if it[0] == "user":
                inp.append({"role": "user", "content": it[1]})
            elif it[0] == "asst":
                if it[1]:
                    inp.append({"type": "message", "role": "assistant",
                                "content": [{"type": "output_text", "text": it[1]}]})
                for i, n, a in it[2]:
                    inp.append({"type": "function_call", "call_id": i, "name": n, "arguments": jd(a)})
            else:
                inp.append({"type": "function_call_output", "call_id": it[1], "output": it[2]})
        req = {"model": self.model, "instructions": self.system, "input": inp,
               "max_output_tokens": self.max_tokens, "store": False}
        if self.tools:
            req["tools"] = [{"type": "function", "name": n, "description": d, "parameters": p}
                            for n, d, p in self.tools]
        if self.temperature is not None:
            req["temperature"] = self.temperature
        return req

    def render_anthropic(self):
        msgs = []

        def push_user(block):
            if msgs and msgs[-1]["role"] == "user":
                c = msgs[-1]["content"]
                if isinstance(c, str):
                    c = [{"type": "text", "text": c}]
                c.append(block)
                msgs[-1]["content"] = c
            elif block["type"] == "text":
                msgs.append({"role": "user", "content": block["text"]})
            else:
                msgs.append({"role": "user", "content": [block]})

        for it in self.items:
            if it[0] == "user":
                push_user({"type": "text", "text": it[1]})
            elif it[0] == "asst":
                blocks = []
                if it[1]:
                    blocks.append({"type": "text", "text": it[1]})
                for i, n, a in it[2]:
                    blocks.append({"type": "tool_use", "id": i, "name": n, "input": a})
                msgs.append({"role": "assistant", "content": blocks})
            else:
                push_user({"type": "tool_result", "tool_use_id": it[1], "content": it[2]})
        req = {"model": self.model, "system": self.system, "messages": msgs,
               "max_tokens": self.max_tokens}
        if self.tools:
            req["tools"] = [{"name": n, "description": d, "input_schema": p}
                            for n, d, p in self.tools]
        if self.temperature is not None:
            req["temperature"] = self.temperature
        return req

    def doc(self):
        exp = {"outcome": self.outcome}
        if self.outcome == "runaway":
            exp["loop_begins_turn"] = self.b
            exp["stop_by_turn"] = self.d
        out = {
            "name": self.name,
            "style": self.style,
            "shape": self.shape,
            "path": PATHS[self.shape],
            "headers": {"x-session-id": "corpi-" + self.name, "x-user-id": self.user_id},
            "expected": exp,
            "notes": self.notes,
            "turns": self.turns,
        }
        return out


# =====================================================================================
# validation
# =====================================================================================


class Invalid(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Invalid(msg)


def declared(req, shape):
    if shape == "chat":
        return {t["function"]["name"] for t in req.get("tools", [])}
    return {t["name"] for t in req.get("tools", [])}


def validate_chat(req):
    need(isinstance(req.get("model"), str), "model")
    msgs = req.get("messages")
    need(isinstance(msgs, list) and msgs, "messages")
    names = declared(req, "chat")
    open_ids = []
    for i, m in enumerate(msgs):
        r = m.get("role")
        need(r in ("system", "user", "assistant", "tool"), f"role {r}")
        if r == "system":
            need(i == 0, "system not first")
        if r == "tool":
            need(m.get("tool_call_id") in open_ids, f"unmatched tool_call_id {m.get('tool_call_id')}")
            open_ids.remove(m["tool_call_id"])
            need(isinstance(m.get("content"), str), "tool content")
            continue
        need(not open_ids, f"tool calls left unanswered before message {i}")
        if r == "assistant":
            calls = m.get("tool_calls", [])
            need(m.get("content") or calls, "empty assistant")
            for c in calls:
                need(c["type"] == "function" and c["function"]["name"] in names, "undeclared tool")
                json.loads(c["function"]["arguments"])
                open_ids.append(c["id"])
        else:
            need(isinstance(m.get("content"), str) and m["content"], "content")
    need(not open_ids, "tool calls unanswered at end")
    need(msgs[-1]["role"] in ("user", "tool"), "request ends with assistant")


def validate_responses(req):
    need(isinstance(req.get("model"), str), "model")
    need(isinstance(req.get("max_output_tokens"), int), "max_output_tokens")
    need("previous_response_id" not in req, "previous_response_id")
    inp = req.get("input")
    need(isinstance(inp, list) and inp, "input")
    names = declared(req, "responses")
    seen, answered = set(), set()
    for it in inp:
        t = it.get("type", "message")
        if t == "message":
            need(it.get("role") in ("user", "assistant", "system", "developer"), "role")
            c = it["content"]
            if it["role"] == "assistant":
                need(isinstance(c, list) and all(b["type"] == "output_text" for b in c), "asst content")
            else:
                need(isinstance(c, str) and c, "user content")
        elif t == "function_call":
            need(it["name"] in names, "undeclared tool")
            json.loads(it["arguments"])
            need(it["call_id"] not in seen, "dup call id")
            seen.add(it["call_id"])
        elif t == "function_call_output":
            need(it["call_id"] in seen and it["call_id"] not in answered, "unmatched output")
            answered.add(it["call_id"])
        else:
            raise Invalid("item type " + t)
    need(seen == answered, "function calls unanswered")
    last = inp[-1]
    need(last.get("type") == "function_call_output" or last.get("role") == "user", "ends with assistant")


def validate_anthropic(req):
    need(isinstance(req.get("model"), str), "model")
    need(isinstance(req.get("max_tokens"), int), "max_tokens")
    msgs = req.get("messages")
    need(isinstance(msgs, list) and msgs, "messages")
    names = declared(req, "anthropic")
    prev_uses = []
    for i, m in enumerate(msgs):
        need(m["role"] == ("user" if i % 2 == 0 else "assistant"), "roles must alternate from user")
        c = m["content"]
        blocks = [{"type": "text", "text": c}] if isinstance(c, str) else c
        need(blocks, "empty content")
        if m["role"] == "user":
            results = [b["tool_use_id"] for b in blocks if b["type"] == "tool_result"]
            need(sorted(results) == sorted(prev_uses), f"tool_result ids do not match tool_use at {i}")
            if results:
                need(blocks[0]["type"] == "tool_result", "tool_result must come first")
            for b in blocks:
                need(b["type"] in ("text", "tool_result"), "user block type")
            prev_uses = []
        else:
            prev_uses = []
            for b in blocks:
                need(b["type"] in ("text", "tool_use"), "asst block type")
                if b["type"] == "tool_use":
                    need(b["name"] in names, "undeclared tool")
                    need(isinstance(b["input"], dict), "tool input")
                    prev_uses.append(b["id"])
    need(msgs[-1]["role"] == "user", "ends with assistant")


def history_of(req, shape):
    return req["input"] if shape == "responses" else req["messages"]


def validate_doc(doc, stateless):
    shape = doc["shape"]
    need(doc["path"] == PATHS[shape], "path")
    need(set(doc) == {"name", "style", "shape", "path", "headers", "expected", "notes", "turns"}, "fields")
    need(set(doc["headers"]) == {"x-session-id", "x-user-id"}, "headers")
    turns = doc["turns"]
    need(8 <= len(turns) <= 30, f"{len(turns)} turns")
    exp = doc["expected"]
    if exp["outcome"] == "runaway":
        b, d = exp["loop_begins_turn"], exp["stop_by_turn"]
        need(2 <= b <= d < len(turns), "B/D out of range")
    else:
        need(exp == {"outcome": "healthy"}, "expected")
    last_t = -1
    prev = None
    for n, t in enumerate(turns, 1):
        need(isinstance(t["at_seconds"], int) and t["at_seconds"] >= last_t, "at_seconds")
        last_t = t["at_seconds"]
        req = t["request"]
        try:
            globals()["validate_" + shape](req)
        except (Invalid, KeyError, TypeError, ValueError) as e:
            raise Invalid(f"turn {n}: {e!r}")
        h = history_of(req, shape)
        if prev is not None and not stateless:
            # the next request resends the previous one's history (Anthropic may merge a
            # trailing user message with new blocks, so compare all but the last message)
            need(h[: len(prev) - 1] == prev[:-1] and len(h) > len(prev), f"turn {n}: history not resent")
        prev = h
    need(turns[0]["at_seconds"] == 0, "first turn at 0")


# =====================================================================================
# text helpers
# =====================================================================================


def R(seed):
    return random.Random("corpus_i/" + seed)


def hhmmss(t):
    t = int(t) % 86400
    return f"{t // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d}"


def iso(day, t):
    return f"2026-{day}T{hhmmss(t)}Z"


SESSIONS = []


def session(fn):
    SESSIONS.append(fn)
    return fn


# ==== STYLES ====
# ---------------------------------------------------------------- hr_benefits_bot

HR_SYS = ("You are Benny, the benefits assistant for Northwind Logistics employees in the US and "
          "Germany. Answer from the policy library only, cite the policy id, never guess dollar "
          "amounts. Open a case when an employee needs an enrollment change outside open enrollment. "
          "Be warm and brief.")
HR_TOOLS = [
    tool("lookup_policy", "Search the benefits policy library; returns matching policy sections.",
         {"query": strp("free-text search"), "region": strp("US or DE")}),
    tool("get_employee", "Fetch the HRIS record of an employee.", {"employee_id": strp("numeric id")}),
    tool("open_case", "Open an HR case for an employee.",
         {"employee_id": S_, "category": strp("e.g. QLE_ENROLLMENT"), "summary": S_}),
    tool("get_case", "Read an HR case and its activity.", {"case_id": S_}),
]


@session
def hr_runaway_1():
    s = Session("hr_benefits_bot_runaway_1", "hr_benefits_bot", "chat", "runaway", HR_SYS, HR_TOOLS,
                model_ix=0, max_tokens=700, user_id="emp-40772", b=5, d=9,
                notes="open_case returns the same 403 (missing scope) and the bot retries the identical "
                      "call with the identical apology, backing off 5 s to 5 min. Exact repetition of a "
                      "permanently failing call.")
    s.user("Hi! My daughter was born on Nov 28 and I need to add her to my medical and dental. "
           "My employee id is 40772. Is there a deadline?")
    s.send(0)
    s.ts(9, "get_employee", {"employee_id": "40772"}, {
        "employee_id": "40772", "name": "Priya Raman", "status": "ACTIVE", "region": "US",
        "business_unit": "NWL-US-OPS", "hire_date": "2021-03-15",
        "elections": {"medical": {"plan": "Aetna Choice POS II", "tier": "EE+SPOUSE"},
                      "dental": {"plan": "Delta PPO Basic", "tier": "EE+SPOUSE"},
                      "vision": None, "hsa": None, "fsa_health": {"annual": 1500}},
        "dependents": [{"name": "Arjun Raman", "relation": "SPOUSE", "dob": "1990-07-02"}]},
        text="Congratulations! Let me pull up your record.")
    s.ts(14, "lookup_policy", {"query": "newborn qualifying life event add dependent deadline", "region": "US"},
         "US-QLE-004 Qualifying Life Events (rev. 2026-01)\n"
         "4.1 Birth or adoption is a qualifying life event (QLE). Coverage for the child is effective on "
         "the date of birth if the enrollment change is requested within 31 days of the event.\n"
         "4.2 Tier changes (e.g. EE+SPOUSE to FAMILY) take effect on the same date; premium differences "
         "are deducted retroactively from the next two paychecks.\n"
         "4.3 Documentation: birth certificate or hospital record within 60 days.\n"
         "4.4 The change must be processed by an HR case of category QLE_ENROLLMENT.")
    args = {"employee_id": "40772", "category": "QLE_ENROLLMENT",
            "summary": "Add newborn (DOB 2026-11-28) to Aetna Choice POS II and Delta PPO Basic; tier EE+SPOUSE -> FAMILY"}
    err = ('{"error": {"status": 403, "code": "FORBIDDEN", "message": "principal svc-benefits-bot is missing '
           'scope cases:write for business unit NWL-US-OPS"}}')
    s.ts(11, "open_case", args, err,
         text="You have 31 days from the birth (until Dec 29) and coverage will be backdated to Nov 28. "
              "I'm opening the enrollment case now.")
    for i in range(10):
        s.ts([5, 10, 20, 40, 80, 160, 300, 300, 300, 300][i], "open_case", args, err,
             text="I'm sorry, something went wrong while opening your case. Let me try that again.")
    return s


@session
def hr_runaway_2():
    s = Session("hr_benefits_bot_runaway_2", "hr_benefits_bot", "responses", "runaway", HR_SYS, HR_TOOLS[:1],
                model_ix=1, max_tokens=500, user_id="emp-51190", b=4, d=8,
                notes="The bot keeps asking which FSA plan year the employee is on; the employee keeps "
                      "answering 'January'. The same clarification, reworded, and the same answer, forever.")
    s.user("how much of my FSA money can i carry over into next year? i still have like $900 left")
    s.send(0)
    s.ts(6, "lookup_policy", {"query": "health FSA carryover grace period", "region": "US"},
         "US-FSA-002 Health Flexible Spending Account (rev. 2026-01)\n"
         "2.1 Calendar-year plan (plan year Jan 1 - Dec 31, 2026): up to $640 of unused funds carries over "
         "to the 2027 plan year. Claims for 2026 expenses may be submitted until March 31, 2027.\n"
         "2.2 Legacy Contoso plan (plan year Jul 1, 2026 - Jun 30, 2027, employees acquired in the 2024 "
         "Contoso merger): no carryover; a grace period of 2.5 months (until Sep 15, 2027) applies.\n"
         "2.3 Unused amounts above the carryover limit are forfeited.",
         text="")
    asks = [
        "Good question! The answer depends on your plan year. Are you on the calendar-year Health FSA "
        "(January 1 - December 31) or the legacy Contoso plan that runs July to June?",
        "Thanks! Just to be sure I give you the right number: is your Health FSA on the calendar-year "
        "plan year (January-December), or on the July-June plan year carried over from Contoso?",
        "Got it. Before I answer, can you confirm which FSA plan year applies to you - the one running "
        "January through December, or the one running July through June?",
        "I want to make sure the carryover amount is right. Which plan year is your FSA on: "
        "calendar year (Jan-Dec) or the Contoso plan year (Jul-Jun)?",
    ]
    answers = ["the one that started when i joined, in january i think", "January.",
               "I told you. January.", "JANUARY", "like i said, the january one",
               "january!!! why do you keep asking", "January. Jan. The first month.",
               "january", "it's the january one", "January"]
    for i in range(10):
        s.asst(asks[i % len(asks)])
        s.user(answers[i])
        s.send([25, 40, 18, 30, 22, 35, 15, 28, 20, 33][i])
    return s


@session
def hr_healthy_1():
    s = Session("hr_benefits_bot_healthy_1", "hr_benefits_bot", "anthropic", "healthy", HR_SYS, HR_TOOLS,
                model_ix=0, max_tokens=800, user_id="emp-33018",
                notes="A slow employee (20-60 minute gaps between messages) asks about several different "
                      "benefits; the bot answers each time with the same Answer/Source/Next step template.")
    s.user("hey benny, what's the HSA contribution limit for 2027 if I have family coverage?")
    s.send(0)
    s.ts(5, "lookup_policy", {"query": "HSA contribution limit 2027 family", "region": "US"},
         "US-HSA-001 Health Savings Account (rev. 2026-11)\n1.2 2027 IRS limits: self-only $4,400; family "
         "$8,750; catch-up (age 55+) $1,000. Northwind seeds $750 (family) in January.\n1.3 The employer seed "
         "counts toward the IRS limit.")
    turns = [
        ("**Answer:** For 2027 the family limit is $8,750, and Northwind's $750 January seed counts toward "
         "it, so you can contribute up to $8,000 yourself (plus $1,000 if you're 55 or older).\n"
         "**Source:** US-HSA-001 §1.2-1.3\n**Next step:** Change your per-paycheck amount in Workday > Benefits "
         "> HSA any time.",
         "ok thanks. different thing - can my domestic partner go on my dental? we're not married",
         2460, ("lookup_policy", {"query": "domestic partner eligibility dental", "region": "US"},
                "US-ELIG-003 Dependent eligibility (rev. 2026-01)\n3.4 Domestic partners are eligible for medical, "
                "dental and vision with an affidavit of domestic partnership (form HR-217). The value of partner "
                "coverage is imputed income unless the partner is a tax dependent.\n3.5 Add within 31 days of the "
                "affidavit date or at open enrollment.")),
        ("**Answer:** Yes - domestic partners can join your dental (and medical/vision) once you file the "
         "domestic-partnership affidavit, form HR-217. Heads-up: unless your partner is your tax dependent, the "
         "value of their coverage shows up as imputed income on your paycheck.\n**Source:** US-ELIG-003 §3.4-3.5\n"
         "**Next step:** Submit HR-217; you then have 31 days to add them. Want me to open a case?",
         "yes please open one. id is 33018. partner is Dana Whitfield",
         1980, ("open_case", {"employee_id": "33018", "category": "DEPENDENT_ADD",
                              "summary": "Add domestic partner Dana Whitfield to dental; HR-217 to follow"},
                '{"case_id": "HRC-2026-118204", "status": "OPEN", "queue": "US Benefits Ops", "sla_business_days": 3}')),
        ("**Answer:** Done - case HRC-2026-118204 is open with US Benefits Ops.\n**Source:** case system\n"
         "**Next step:** Upload the signed HR-217 to the case; they respond within 3 business days.",
         "uploaded it. also does the EAP cover couples counseling?",
         3300, ("lookup_policy", {"query": "EAP counseling sessions couples", "region": "US"},
                "US-EAP-001 Employee Assistance Program (ComPsych)\n1.1 Up to 6 free counseling sessions per issue "
                "per year for employees and household members, including couples and family counseling.\n1.2 "
                "Call 1-800-555-0142, available 24/7.")),
        ("**Answer:** Yes. The EAP (ComPsych) gives you and household members - including your partner - up "
         "to 6 free sessions per issue per year, and couples counseling counts.\n**Source:** US-EAP-001 §1.1\n"
         "**Next step:** Call 1-800-555-0142 (24/7) to get matched with a counselor.",
         "great. can you check if my case moved?",
         2700, ("get_case", {"case_id": "HRC-2026-118204"},
                '{"case_id": "HRC-2026-118204", "status": "PENDING_DOCS_REVIEW", "activity": [{"at": "2026-12-07T16:02Z", '
                '"by": "m.ortiz", "note": "HR-217 received, notarization page missing signature date"}]}')),
        ("**Answer:** It moved to document review. Maria Ortiz noted that the notarization page of your HR-217 "
         "is missing the signature date.\n**Source:** case HRC-2026-118204\n**Next step:** Add the date, re-upload "
         "the page to the same case.",
         "ugh ok fixed and reuploaded. last q: when does open enrollment end in germany? asking for my coworker",
         3540, ("lookup_policy", {"query": "open enrollment dates", "region": "DE"},
                "DE-GEN-001 Benefits calendar Germany\n1.1 Annual election window for the company pension "
                "(bAV) and Jobrad bike leasing: Nov 3 - Nov 28, 2026.\n1.2 Statutory health insurance is not "
                "part of open enrollment.")),
        ("**Answer:** Germany works differently: there is no medical open enrollment (statutory insurance), and the "
         "election window for the company pension (bAV) and Jobrad leasing ran Nov 3-28, 2026, so it has closed.\n"
         "**Source:** DE-GEN-001 §1.1-1.2\n**Next step:** Your coworker can ask Benny in the DE region or contact "
         "HR Germany for a late change.",
         "thanks, that's all for today", 1500, None),
    ]
    for reply, user, gap, call in turns:
        s.asst(reply)
        s.user(user)
        if call:
            s.send(gap)
            s.ts(6, call[0], call[1], call[2])
        else:
            s.send(gap)
    return s


def hr_handbook():
    r = R("hr_handbook")
    parts = ["NORTHWIND LOGISTICS - 2027 US BENEFITS GUIDE (plan year January 1 - December 31, 2027)\n"
             "This guide summarizes your benefits. The official plan documents govern in case of conflict.\n"]
    sections = [
        ("1. Eligibility", "Full-time employees scheduled 30 or more hours per week are eligible on the first of "
         "the month after 30 days of employment. Eligible dependents: legal spouse, domestic partner (with form "
         "HR-217), children to age 26 regardless of student or marital status, and disabled children of any age "
         "certified before age 26."),
        ("2. Enrolling and making changes", "You may enroll within 31 days of becoming eligible, during open "
         "enrollment (Nov 3 - Nov 21, 2026), or within 31 days of a qualifying life event such as marriage, birth, "
         "adoption, divorce, loss of other coverage, or a move out of your plan's service area. Medicare or "
         "Medicaid changes have a 60-day window."),
        ("3. Medical plans", "Northwind offers three medical plans administered by Aetna: Choice POS II (copay "
         "plan), HDHP 3400 (HSA-eligible) and Kaiser HMO (CA, CO, WA only). All plans cover in-network preventive "
         "care at 100%. The HDHP 3400 has a $3,400 individual / $6,800 family deductible and an out-of-pocket "
         "maximum of $6,500 / $13,000."),
    ]
    for title, body in sections:
        parts.append(f"\n{title}\n{body}\n")
    parts.append("\n4. Biweekly employee premiums (26 pay periods)\n")
    parts.append("Region          | Plan              | EE only | EE+Spouse | EE+Child(ren) | Family\n")
    for region in ["Northeast", "Mid-Atlantic", "Southeast", "Midwest", "Texas", "Mountain", "California",
                   "Pacific NW", "Alaska/Hawaii"]:
        base = r.randint(38, 71)
        for plan, f in [("Choice POS II", 1.0), ("HDHP 3400", 0.55), ("Kaiser HMO", 0.8)]:
            if plan == "Kaiser HMO" and region not in ("California", "Pacific NW", "Mountain"):
                continue
            ee = base * f
            parts.append(f"{region:<15} | {plan:<17} | ${ee:7.2f} | ${ee * 2.05:9.2f} | ${ee * 1.8:13.2f} | ${ee * 2.9:7.2f}\n")
    more = [
        ("5. Dental", "Delta Dental PPO Basic covers preventive at 100%, basic at 80% after a $50 deductible, "
         "annual maximum $1,500. PPO Plus adds major services at 50% and orthodontia at 50% to a $2,000 "
         "lifetime maximum for children under 19. Implants are covered under PPO Plus only."),
        ("6. Vision", "VSP Choice: $10 exam copay every 12 months, $175 frame allowance every 24 months, contact "
         "lenses $150 in lieu of glasses. LASIK discounts of 15% at contracted providers."),
        ("7. Health Savings Account", "Available with HDHP 3400. Northwind contributes $500 (self-only) or $750 "
         "(family) in January. 2027 IRS limits: $4,400 self-only, $8,750 family, $1,000 catch-up at 55+. The "
         "employer contribution counts toward the limit. Funds are yours to keep."),
        ("8. Flexible Spending Accounts", "Health FSA up to $3,400; up to $640 carries over. Limited-purpose FSA "
         "(dental and vision only) for HDHP members. Dependent Care FSA up to $7,500 per household ($3,750 if "
         "married filing separately); no carryover; claims until March 31, 2028."),
        ("9. Life and disability", "Basic life and AD&D of 1x salary at no cost (max $500,000). Supplemental "
         "life up to 6x salary with evidence of insurability above $300,000. Short-term disability pays 60% of "
         "base pay after a 7-day waiting period up to 26 weeks; long-term disability 60% to a $15,000 monthly "
         "maximum. Parental leave: 16 weeks fully paid for birth parents, 8 weeks for non-birth parents, "
         "within 12 months of the birth or placement."),
        ("10. Retirement", "401(k) with Fidelity: Northwind matches 100% of the first 4% and 50% of the next 2% "
         "(5% total). Immediate vesting of the match. Auto-enrollment at 3% with 1% annual increase to 8%. Roth "
         "and after-tax contributions available; in-plan Roth conversion allowed."),
        ("11. Time off", "PTO accrues at 6.15 hours per pay period (years 0-4), 7.69 (5-9) and 9.23 (10+). Up to "
         "80 hours carry over. Eleven company holidays plus two floating holidays. Bereavement: 5 days for "
         "immediate family, 3 days for extended family."),
        ("12. Contacts", "Benefits Service Center 1-888-555-0190 (M-F 8am-8pm ET); Aetna 1-800-555-0135; "
         "Delta Dental 1-800-555-0170; VSP 1-800-555-0177; Fidelity NetBenefits 1-800-555-0108; ComPsych EAP "
         "1-800-555-0142."),
    ]
    for title, body in more:
        parts.append(f"\n{title}\n{body}\n")
    parts.append("\nAppendix A - Summary of Benefits and Coverage, HDHP 3400 (excerpt)\n")
    services = ["Primary care visit", "Specialist visit", "Preventive care/screening", "Diagnostic test (x-ray, blood work)",
                "Imaging (CT/PET scans, MRIs)", "Generic drugs (Tier 1)", "Preferred brand drugs (Tier 2)",
                "Non-preferred brand drugs (Tier 3)", "Specialty drugs (Tier 4)", "Outpatient surgery facility fee",
                "Emergency room care", "Emergency medical transportation", "Urgent care", "Hospital stay facility fee",
                "Outpatient mental health", "Inpatient mental health", "Office visits (pregnancy)",
                "Childbirth/delivery professional services", "Home health care", "Rehabilitation services",
                "Skilled nursing care", "Durable medical equipment", "Hospice services", "Children's eye exam"]
    for sv in services:
        inn = r.choice(["20% coinsurance after deductible", "No charge", "10% coinsurance after deductible",
                        "$30 copay after deductible"])
        oon = r.choice(["40% coinsurance after deductible", "Not covered", "50% coinsurance after deductible"])
        parts.append(f"- {sv}: in-network {inn}; out-of-network {oon}. Limitations: "
                     f"{r.choice(['none', 'preauthorization required', '60 visits/year combined', 'up to 100 days/year'])}.\n")
    return "".join(parts)


@session
def hr_healthy_2():
    s = Session("hr_benefits_bot_healthy_2", "hr_benefits_bot", "chat", "healthy", HR_SYS, (),
                model_ix=1, max_tokens=400, user_id="svc-hr-portal", stateless=True,
                notes="Stateless FAQ widget: every request resends the same long benefits guide with a new "
                      "employee question; no history is kept between requests.")
    doc = hr_handbook()
    qs = ["Is my 25-year-old stepson eligible for dental?",
          "What's the deductible on the HDHP for a family?",
          "How much does the 401k match if I put in 6%?",
          "Do I get paid parental leave as the non-birth parent? How long?",
          "Can I use my dependent care FSA for summer day camp and what's the max?",
          "What is the biweekly price of Kaiser HMO family coverage in California?",
          "How many PTO hours can I roll into next year?",
          "Does the vision plan cover contacts AND glasses in the same year?",
          "Who do I call about a rejected dental claim?",
          "If I get married in March can I switch from EE only to EE+Spouse mid-year?",
          "Are implants covered by dental?"]
    gaps = [0, 41, 380, 96, 1210, 15, 640, 233, 77, 1802, 310]
    for q, g in zip(qs, gaps):
        s.reset()
        s.user(f"<guide>\n{doc}\n</guide>\n\nEmployee question: {q}")
        s.send(g)
    return s


# ---------------------------------------------------------------- genomics_pipeline

GEN_SYS = ("You are a bioinformatics pipeline agent on the Halden Institute HPC cluster (Slurm). You run "
           "alignment and variant-calling jobs for the sequencing core, read their logs and fix problems. "
           "Reference: GRCh38 (/ref/GRCh38/GRCh38_full_analysis_set.fa). Never delete raw FASTQ.")
GEN_TOOLS = [
    tool("submit_job", "Submit a Slurm batch job from a pipeline template; returns the job id.",
         {"template": strp("pipeline template name"), "params": {"type": "object", "description": "template parameters"}}),
    tool("job_status", "squeue/sacct status of a job.", {"job_id": S_}),
    tool("read_log", "Read the tail of a job's stdout/stderr log.", {"job_id": S_, "lines": I_}),
    tool("shell", "Run a read-only or index-building command on the login node.", {"cmd": S_}),
]


def gatk_log(seed, job, xmx, threads, error_at=0.45, n_lines=320):
    r = R(seed)
    t0 = 3600 * 2 + r.randint(0, 1800)
    lines = [
        f"Using GATK jar /opt/gatk-4.5.0.0/gatk-package-4.5.0.0-local.jar",
        f"Running:\n    java -Dsamjdk.use_async_io_read_samtools=false -Dsamjdk.use_async_io_write_samtools=true "
        f"-Dsamjdk.compression_level=2 -Xmx{xmx} -jar /opt/gatk-4.5.0.0/gatk-package-4.5.0.0-local.jar "
        f"HaplotypeCaller -R /ref/GRCh38/GRCh38_full_analysis_set.fa -I /scratch/core/run2611/HX-0419.merged.bam "
        f"-O /scratch/core/run2611/HX-0419.g.vcf.gz -ERC GVCF --native-pair-hmm-threads {threads} -L /ref/GRCh38/wgs_calling_regions.hg38.interval_list",
        f"{hhmmss(t0)}.118 INFO  NativeLibraryLoader - Loading libgkl_compression.so from jar:file:/opt/gatk-4.5.0.0/gatk-package-4.5.0.0-local.jar!/com/intel/gkl/native/libgkl_compression.so",
        f"{hhmmss(t0)}.402 INFO  HaplotypeCaller - ------------------------------------------------------------",
        f"{hhmmss(t0)}.402 INFO  HaplotypeCaller - The Genome Analysis Toolkit (GATK) v4.5.0.0",
        f"{hhmmss(t0)}.403 INFO  HaplotypeCaller - Executing as svc-seqcore@{r.choice(['cn041', 'cn017', 'cn112', 'cn088'])}.halden.hpc on Linux v5.14.0-362.el9.x86_64 amd64",
        f"{hhmmss(t0)}.403 INFO  HaplotypeCaller - Java runtime: OpenJDK 64-Bit Server VM v17.0.9+9",
        f"{hhmmss(t0)}.404 INFO  HaplotypeCaller - Start Date/Time: December 7, 2026 at {hhmmss(t0)} AM CET",
        f"{hhmmss(t0 + 1)}.020 INFO  IntelPairHmm - Using CPU-supported AVX-512 instructions",
        f"{hhmmss(t0 + 1)}.021 INFO  IntelPairHmm - Available threads: {threads}",
        f"{hhmmss(t0 + 1)}.021 INFO  IntelPairHmm - Requested threads: {threads}",
        f"{hhmmss(t0 + 2)}.774 INFO  IntervalArgumentCollection - Processing 2875001522 bp from intervals",
        f"{hhmmss(t0 + 3)}.118 INFO  HaplotypeCaller - Done initializing engine",
        f"{hhmmss(t0 + 3)}.901 INFO  ProgressMeter - Starting traversal",
        f"{hhmmss(t0 + 3)}.901 INFO  ProgressMeter -        Current Locus  Elapsed Minutes     Regions Processed   Regions/Minute",
    ]
    t = t0 + 4
    regions = 0
    contig, pos = 1, 10000
    err_line = int(n_lines * error_at)
    for i in range(n_lines):
        t += r.randint(9, 12)
        regions += r.randint(4100, 6900)
        pos += r.randint(1_200_000, 2_600_000)
        if pos > 240_000_000 - contig * 8_000_000:
            contig += 1
            pos = r.randint(10000, 900000)
        lines.append(f"{hhmmss(t)}.{r.randint(0, 999):03d} INFO  ProgressMeter -          chr{contig}:{pos}"
                     f"             {(t - t0) / 60:5.1f}              {regions:9d}          {regions / max((t - t0) / 60, 0.1):9.1f}")
        if i % 37 == 36:
            lines.append(f"{hhmmss(t)}.{r.randint(0, 999):03d} WARN  DepthPerSampleHC - Annotation will not be calculated at position chr{contig}:{pos + 311} and possibly subsequent; genotype for sample HX-0419 is not called")
        if i == err_line:
            rg = "HWI-ST1187.7"
            lines += [
                f"{hhmmss(t)}.{r.randint(0, 999):03d} INFO  HaplotypeCaller - Shutting down engine",
                f"[December 7, 2026 at {hhmmss(t)} AM CET] org.broadinstitute.hellbender.tools.walkers.haplotypecaller.HaplotypeCaller done. Elapsed time: {(t - t0) / 60:.2f} minutes.",
                "Runtime.totalMemory()=" + str(r.randint(9, 30) * 1073741824),
                "htsjdk.samtools.SAMFormatException: SAM validation error: ERROR::INVALID_READ_GROUP:Read name "
                f"A00917:212:HKJ7WDSX7:3:1447:{r.randint(10000, 30000)}:{r.randint(1000, 37000)}, RG ID on SAMRecord not found in header: {rg}",
                "\tat htsjdk.samtools.SAMUtils.processValidationErrors(SAMUtils.java:454)",
                "\tat htsjdk.samtools.BAMRecord.getCigar(BAMRecord.java:253)",
                "\tat org.broadinstitute.hellbender.utils.read.SAMRecordToGATKReadAdapter.getCigar(SAMRecordToGATKReadAdapter.java:384)",
                "\tat org.broadinstitute.hellbender.engine.filters.ReadFilterLibrary$ValidAlignmentStartReadFilter.test(ReadFilterLibrary.java:91)",
                "\tat org.broadinstitute.hellbender.engine.filters.ReadFilter$ReadFilterAnd.test(ReadFilter.java:71)",
                "\tat org.broadinstitute.hellbender.utils.iterators.ReadFilteringIterator.advanceToNextRead(ReadFilteringIterator.java:56)",
                "\tat org.broadinstitute.hellbender.engine.AssemblyRegionIterator.next(AssemblyRegionIterator.java:37)",
                "\tat org.broadinstitute.hellbender.engine.AssemblyRegionWalker.processReadShard(AssemblyRegionWalker.java:179)",
                "\tat org.broadinstitute.hellbender.engine.AssemblyRegionWalker.traverse(AssemblyRegionWalker.java:165)",
                "\tat org.broadinstitute.hellbender.engine.GATKTool.doWork(GATKTool.java:1101)",
                "\tat org.broadinstitute.hellbender.cmdline.CommandLineProgram.runTool(CommandLineProgram.java:149)",
                "\tat org.broadinstitute.hellbender.Main.main(Main.java:306)",
                f"{hhmmss(t + 1)}.002 INFO  slurmstepd - task 0 exited with exit code 3",
                "-- epilogue --",
            ]
            # the epilogue of the wrapper prints node health and a scratch listing
            for k in range(n_lines - err_line):
                lines.append(f"{hhmmss(t + 2)}.{k % 1000:03d} EPILOG  scratch /scratch/core/run2611/tmp/HX-0419.shard{k:04d}.bam "
                             f"{r.randint(10_000_000, 90_000_000)} bytes  removed")
            break
    return "\n".join(lines) + f"\nslurm job {job}: FAILED (exit 3)\n"


@session
def gen_runaway_1():
    s = Session("genomics_pipeline_runaway_1", "genomics_pipeline", "responses", "runaway", GEN_SYS, GEN_TOOLS[:3],
                model_ix=0, max_tokens=1200, user_id="core-lab-ana", b=5, d=11,
                notes="HaplotypeCaller dies on 'RG ID on SAMRecord not found in header' buried mid-way in a "
                      "20-30 KB log; the agent keeps changing memory/threads/intervals and resubmitting. Same "
                      "error every round, different knobs.")
    s.user("Please run per-sample GVCF calling for HX-0419 (run 2611). The merged BAM is in "
           "/scratch/core/run2611/. Ping me when the g.vcf is there.")
    s.send(0)
    attempts = [
        ("Submitting HaplotypeCaller in GVCF mode with the standard settings.", "32g", 4, {}),
        ("The job stopped early; that pattern is usually heap pressure. Retrying with a bigger heap.", "48g", 4, {}),
        ("Still failing. Perhaps the PairHMM threads are contending; reducing to 2 threads.", "48g", 2, {}),
        ("Let me restrict to the autosomes interval list, in case a decoy contig trips it.", "48g", 2,
         {"intervals": "/ref/GRCh38/autosomes.interval_list"}),
        ("Trying with async I/O disabled and a larger heap, in case it is an I/O race.", "64g", 2,
         {"java_options": "-Dsamjdk.use_async_io_write_samtools=false"}),
        ("Resubmitting on the highmem partition with more memory.", "96g", 4, {"partition": "highmem"}),
        ("Maybe the intervals are the issue after all; going back to the WGS calling regions with 8 threads.", "64g", 8, {}),
        ("Trying once more with the default heap and threads, on a different node.", "32g", 4, {"exclude": "cn041"}),
    ]
    jid = 88123410
    for i, (text, xmx, thr, extra) in enumerate(attempts):
        jid += 7 + i * 3
        params = {"sample": "HX-0419", "bam": "/scratch/core/run2611/HX-0419.merged.bam", "mode": "GVCF",
                  "xmx": xmx, "threads": thr}
        params.update(extra)
        s.ts(20 if i == 0 else 35, "submit_job", {"template": "gatk_haplotypecaller", "params": params},
             f"Submitted batch job {jid}", text=text)
        if len(s.turns) >= 16:
            break
        s.ts(60 * (35 + (i * 7) % 20), "read_log", {"job_id": str(jid), "lines": 2000},
             gatk_log(f"gatk{i}", jid, xmx, thr, error_at=0.35 + 0.05 * (i % 4), n_lines=150 + 20 * i),
             text=f"Job {jid} has left the queue; reading its log.")
    return s


@session
def gen_runaway_2():
    s = Session("genomics_pipeline_runaway_2", "genomics_pipeline", "anthropic", "runaway", GEN_SYS, GEN_TOOLS[:3],
                model_ix=0, max_tokens=600, user_id="core-lab-tomas", b=4, d=12,
                notes="A BWA job requested 1.5 TB of memory and sits PENDING (PartitionConfig), which never "
                      "resolves; the agent polls squeue every one to three minutes forever. Only the timestamp changes.")
    s.user("Align the 24 FASTQ pairs of run 2614 (tumor/normal, WGS 60x) with bwa-mem2 against GRCh38, "
           "one array job. Keep me posted.")
    s.send(0)
    s.ts(25, "submit_job", {"template": "bwa_mem2_array", "params": {
        "run": "2614", "samplesheet": "/data/core/run2614/samplesheet.csv", "array": "1-24",
        "mem": "1500G", "cpus": 64, "partition": "compute"}}, "Submitted batch job 88130877",
        text="Submitting the alignment array (24 tasks, 64 cores each).")
    t = 0
    for i in range(16):
        t += [90, 120, 60, 180, 120, 90, 150, 120, 60, 120, 180, 90, 120, 150, 120, 90][i]
        out = ("             JOBID PARTITION     NAME     USER ST       TIME  NODES NODELIST(REASON)\n"
               "    88130877_[1-24]   compute bwa2_261 svc-seqc PD       0:00      1 (PartitionConfig)\n"
               f"-- squeue at 2026-12-07T09:{(14 + t // 60) % 60:02d}:{t % 60:02d}+01:00")
        if i == 0:
            text = "Job submitted; checking whether it has started."
        elif i % 3 == 0:
            text = "The array is still pending in the queue. I'll check again in a couple of minutes."
        elif i % 3 == 1:
            text = "Still pending. Checking the queue again."
        else:
            text = "No change yet - the job is waiting for resources. Polling again."
        s.ts(t if i == 0 else [90, 120, 60, 180, 120, 90, 150, 120, 60, 120, 180, 90, 120, 150, 120, 90][i],
             "job_status", {"job_id": "88130877"}, out, text=text)
    return s


@session
def gen_healthy_1():
    s = Session("genomics_pipeline_healthy_1", "genomics_pipeline", "chat", "healthy", GEN_SYS, GEN_TOOLS[1:3],
                model_ix=3, max_tokens=500, user_id="core-lab-ana",
                notes="Polls a running bwa-mem2 alignment: the same sacct/log layout every poll, but reads "
                      "processed, percent and ETA move, then the job completes and flagstat is read.")
    s.user("Job 88140022 (bwa-mem2, sample HX-0502, 1.21 billion read pairs) is running. Watch it and tell me "
           "when it's done, with the mapping rate.")
    s.send(0)
    total = 1_210_446_118
    done = 0
    t = 0
    r = R("bwa-progress")
    for i in range(14):
        t += 600
        done += r.randint(80_000_000, 105_000_000)
        if done >= total:
            break
        pct = 100 * done / total
        eta = (total - done) / (done / (t + 600)) / 60
        out = (f"JobID        JobName  State    Elapsed   NCPUS  MaxRSS\n"
               f"88140022     bwa2_0502 RUNNING  {hhmmss(t + 600)}  64     {41 + i * 0.7:.1f}G\n"
               f"--- log tail ---\n"
               f"[M::process] read {r.randint(5_300_000, 5_500_000)} sequences ({r.randint(800, 830)}000000 bp)...\n"
               f"[M::mem_pestat] # candidate unique pairs for (FF, FR, RF, RR): (41, {r.randint(2_400_000, 2_600_000)}, 38, 44)\n"
               f"[M::mem_pestat] analyzing insert size distribution for orientation FR...\n"
               f"[M::mem_pestat] (25, 50, 75) percentile: ({r.randint(300, 310)}, {r.randint(380, 392)}, {r.randint(470, 480)})\n"
               f"[M::mem_process_seqs] Processed {done:,} reads in {(t + 600) * 61.8:.1f} CPU sec, {t + 600:.1f} real sec\n"
               f"progress: {pct:.1f}%  ETA {eta:.0f} min")
        text = ("Checking on the alignment." if i == 0 else
                f"{pct_prev:.1f}% done at the last check; checking again.")  # noqa: F821
        s.ts(600 if i else 30, "job_status", {"job_id": "88140022"}, out, text=text)
        pct_prev = pct  # noqa: F841
    s.ts(600, "job_status", {"job_id": "88140022"},
         "JobID        JobName  State      Elapsed   NCPUS  MaxRSS\n88140022     bwa2_0502 COMPLETED  "
         f"{hhmmss(t + 900)}  64     52.3G\nExitCode 0:0",
         text="It should be close to finishing; checking.")
    s.ts(20, "read_log", {"job_id": "88140022", "lines": 30},
         f"{total * 2} + 0 in total (QC-passed reads + QC-failed reads)\n{total * 2} + 0 primary\n"
         "0 + 0 secondary\n4110287 + 0 supplementary\n188220416 + 0 duplicates\n"
         f"{int(total * 2 * 0.9962)} + 0 mapped (99.62% : N/A)\n{total * 2} + 0 paired in sequencing\n"
         f"{int(total * 2 * 0.9871)} + 0 properly paired (98.71% : N/A)\n1904512 + 0 singletons (0.08% : N/A)",
         text="Completed with exit code 0. Reading the flagstat summary.")
    s.user("great, thanks. can you also tell me the duplicate rate?")
    s.send(300)
    return s


NF_HEAD = """N E X T F L O W  ~  version 24.04.4
Launching `https://github.com/nf-core/sarek` [{name}] DSL2 - revision: 3.4.4
------------------------------------------------------
                                        ,--./,-.
        ___     __   __   __   ___     /,-._.--~'
  |\\ | |__  __ /  ` /  \\ |__) |__         }}  {{
  | \\| |       \\__, \\__/ |  \\ |___     \\`-._,-`-,
                                        `._,._,'
      ____
    .´ _  `.
   /  |\\`-_ \\      __        __   ___
  |   | \\  `-|    |__`  /\\  |__) |__  |__/
   \\ |   \\  /     .__| /¯¯\\ |  \\ |___ |  \\
    `-._`-´
  nf-core/sarek v3.4.4
------------------------------------------------------
Core Nextflow options
  revision                  : 3.4.4
  runName                   : {name}
  containerEngine           : apptainer
  launchDir                 : /scratch/core/run2620
  workDir                   : /scratch/core/run2620/work
  projectDir                : /home/svc-seqcore/.nextflow/assets/nf-core/sarek
  userName                  : svc-seqcore
  profile                   : halden,apptainer
  configFiles               : /home/svc-seqcore/.nextflow/assets/nf-core/sarek/nextflow.config, /etc/nf/halden.config

Input/output options
  input                     : /data/core/run2620/samplesheet.csv
  outdir                    : /data/core/run2620/sarek

Main options
  tools                     : haplotypecaller,mutect2
  wes                       : false
  intervals                 : /ref/GRCh38/wgs_calling_regions.hg38.bed

Reference genome options
  genome                    : null
  fasta                     : {fasta}
  dbsnp                     : {dbsnp}
  known_indels              : /ref/GRCh38/Mills_and_1000G_gold_standard.indels.hg38.vcf.gz

!! Only displaying parameters that differ from the pipeline defaults !!
------------------------------------------------------
If you use nf-core/sarek for your analysis please cite:
* The pipeline
  https://doi.org/10.12688/f1000research.16665.2
  https://doi.org/10.1093/nargab/lqae031
* The nf-core framework
  https://doi.org/10.1038/s41587-020-0439-x
------------------------------------------------------
executor >  slurm (submitted)
"""


@session
def gen_healthy_2():
    s = Session("genomics_pipeline_healthy_2", "genomics_pipeline", "responses", "healthy", GEN_SYS, GEN_TOOLS,
                model_ix=2, max_tokens=1000, user_id="core-lab-tomas",
                notes="An nf-core/sarek run fails three times, each time differently (missing .fai, contig "
                      "naming mismatch, MarkDuplicates OOM); each fix is different, the logs share a long "
                      "banner, and the fourth run succeeds.")
    s.user("Run nf-core/sarek (germline HaplotypeCaller + Mutect2) on run 2620, 6 tumor/normal pairs. "
           "Samplesheet is /data/core/run2620/samplesheet.csv.")
    s.send(0)
    fasta = "/ref/GRCh38_custom/GRCh38.primary.fa"
    dbsnp_b37 = "/ref/b37/dbsnp_146.b37.vcf.gz"
    dbsnp = "/ref/GRCh38/dbsnp_146.hg38.vcf.gz"
    names = ["elegant_curie", "nostalgic_hopper", "jovial_franklin", "festering_mclintock"]
    s.ts(30, "submit_job", {"template": "nfcore_sarek", "params": {"fasta": fasta, "dbsnp": dbsnp_b37,
                                                                    "tools": "haplotypecaller,mutect2"}},
         "Submitted batch job 88150101", text="Launching sarek with the custom primary-assembly FASTA.")
    s.ts(420, "read_log", {"job_id": "88150101", "lines": 400},
         NF_HEAD.format(name=names[0], fasta=fasta, dbsnp=dbsnp_b37) +
         "[-        ] process > NFCORE_SAREK:PREPARE_GENOME:SAMTOOLS_FAIDX -\n"
         "ERROR ~ Error executing process > 'NFCORE_SAREK:SAREK:PREPARE_INTERVALS:CREATE_INTERVALS_BED'\n\n"
         "Caused by:\n  Missing `fromPath` input file: /ref/GRCh38_custom/GRCh38.primary.fa.fai\n\n"
         " -- Check '.nextflow.log' file for details\n", text="Reading the pipeline log.")
    s.ts(15, "shell", {"cmd": "samtools faidx /ref/GRCh38_custom/GRCh38.primary.fa && ls -l /ref/GRCh38_custom/"},
         "total 3201044\n-rw-r--r-- 1 svc-seqcore core 3273481150 Nov 12 10:04 GRCh38.primary.fa\n"
         "-rw-r--r-- 1 svc-seqcore core      19514 Dec  7 10:22 GRCh38.primary.fa.fai",
         text="The FASTA has no .fai index. Building it with samtools faidx.")
    s.ts(25, "submit_job", {"template": "nfcore_sarek", "params": {"fasta": fasta, "dbsnp": dbsnp_b37,
                                                                    "tools": "haplotypecaller,mutect2", "resume": True}},
         "Submitted batch job 88150177", text="Index built. Resuming the run.")
    s.ts(1500, "read_log", {"job_id": "88150177", "lines": 400},
         NF_HEAD.format(name=names[1], fasta=fasta, dbsnp=dbsnp_b37) +
         "[a1/3f09c2] process > NFCORE_SAREK:PREPARE_GENOME:SAMTOOLS_FAIDX      [100%] 1 of 1, cached: 1 ✔\n"
         "[7e/11d0aa] process > NFCORE_SAREK:SAREK:FASTQC (HX-0611-T)           [100%] 12 of 12 ✔\n"
         "[c4/90be1f] process > NFCORE_SAREK:SAREK:FASTQ_ALIGN_BWAMEM_MEM2 (HX-0611-T) [ 8%] 1 of 12\n"
         "[55/0b7a31] process > NFCORE_SAREK:SAREK:BAM_BASERECALIBRATOR (HX-0611-N) [  0%] 0 of 12, failed: 1\n"
         "ERROR ~ Error executing process > 'NFCORE_SAREK:SAREK:BAM_BASERECALIBRATOR (HX-0611-N)'\n\n"
         "Command error:\n  A USER ERROR has occurred: Input files reference and features have incompatible contigs: "
         "No overlapping contigs found.\n    reference contigs = [chr1, chr2, chr3, chr4, chr5, ...]\n"
         "    features contigs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, X, Y, MT]\n",
         text="Checking the resumed run.")
    s.ts(20, "submit_job", {"template": "nfcore_sarek", "params": {"fasta": fasta, "dbsnp": dbsnp,
                                                                    "tools": "haplotypecaller,mutect2", "resume": True}},
         "Submitted batch job 88150342",
         text="New failure: the dbSNP file I passed is the b37 one (contigs named 1, 2, ... without 'chr'). "
              "Switching to the hg38 dbSNP and resuming.")
    s.ts(5400, "read_log", {"job_id": "88150342", "lines": 400},
         NF_HEAD.format(name=names[2], fasta=fasta, dbsnp=dbsnp) +
         "[7e/11d0aa] process > NFCORE_SAREK:SAREK:FASTQC                          [100%] 12 of 12, cached: 12 ✔\n"
         "[c4/90be1f] process > NFCORE_SAREK:SAREK:FASTQ_ALIGN_BWAMEM_MEM2         [100%] 12 of 12 ✔\n"
         "[0f/a2c6d1] process > NFCORE_SAREK:SAREK:BAM_MARKDUPLICATES (HX-0614-T)  [ 83%] 10 of 12, failed: 1\n"
         "ERROR ~ Error executing process > 'NFCORE_SAREK:SAREK:BAM_MARKDUPLICATES (HX-0614-T)'\n\n"
         "Caused by:\n  Process `NFCORE_SAREK:SAREK:BAM_MARKDUPLICATES (HX-0614-T)` terminated with an error exit status (137)\n\n"
         "Command exit status:\n  137\n\nCommand error:\n  slurmstepd: error: Detected 1 oom_kill event in StepId=88150342.batch. "
         "Some of the step tasks have been OOM Killed.\n",
         text="Alignment got through. Checking the downstream steps.")
    s.ts(30, "submit_job", {"template": "nfcore_sarek", "params": {"fasta": fasta, "dbsnp": dbsnp,
                                                                    "tools": "haplotypecaller,mutect2", "resume": True,
                                                                    "config_override": "withName:'.*MARKDUPLICATES.*' { memory = 96.GB }"}},
         "Submitted batch job 88150590",
         text="Third, different failure: MarkDuplicates for the tumor HX-0614-T (the deepest sample, 110x) was "
              "OOM-killed at the default 30 GB. Raising its memory to 96 GB and resuming.")
    s.ts(7200, "job_status", {"job_id": "88150590"},
         "JobID        JobName       State     Elapsed\n88150590     nf-sarek      RUNNING   02:00:11\n"
         "processes: 212 succeeded, 0 failed, 31 running, 96 pending",
         text="Checking progress.")
    s.ts(10800, "read_log", {"job_id": "88150590", "lines": 60},
         NF_HEAD.format(name=names[3], fasta=fasta, dbsnp=dbsnp) +
         "[0f/a2c6d1] process > NFCORE_SAREK:SAREK:BAM_MARKDUPLICATES              [100%] 12 of 12 ✔\n"
         "[9b/d1e0c7] process > NFCORE_SAREK:SAREK:GATK4_HAPLOTYPECALLER           [100%] 504 of 504 ✔\n"
         "[2d/77a0e4] process > NFCORE_SAREK:SAREK:GATK4_MUTECT2                   [100%] 252 of 252 ✔\n"
         "[e3/4c19ab] process > NFCORE_SAREK:SAREK:MULTIQC                          [100%] 1 of 1 ✔\n"
         "-[nf-core/sarek] Pipeline completed successfully-\nCompleted at: 07-Dec-2026 23:41:09\nDuration    : 13h 19m\n"
         "Succeeded   : 1387\nCached      : 96\n",
         text="Checking again.")
    s.user("Nice. Where is the MultiQC report?")
    s.send(900)
    return s


# ---------------------------------------------------------------- real_estate_listings

RE_SYS = ("You are ListingPilot, a copywriter agent for Evergreen Key Realty (Washington State). You draft MLS "
          "public remarks (max 1,000 characters) and a short headline from MLS data and photo captions. Follow "
          "Fair Housing rules: describe the property, never the people who should live there.")
RE_TOOLS = [
    tool("get_mls_record", "Fetch an MLS record by number.", {"mls_number": S_}),
    tool("fetch_page", "Fetch a web page (listing syndication sites, county records) as text.", {"url": S_}),
    tool("search_mls", "Search active listings of the brokerage, 5 per page.",
         {"office_id": S_, "status": S_, "cursor": strp("opaque cursor, empty for the first page")}),
    tool("create_photo_set", "Create a photo set for a listing from uploaded photo ids.",
         {"mls_number": S_, "photo_ids": {"type": "array", "items": S_}}),
    tool("publish_listing", "Publish remarks and a photo set to the MLS.",
         {"mls_number": S_, "headline": S_, "remarks": S_, "photo_set_id": S_}),
]

PROPS = [
    ("2611873", "418 Alder Crest Ln, Bothell, WA 98012", 4, 2.5, 2640, 1998, 895000,
     "vaulted great room, gas fireplace, quartz kitchen island 2022, primary suite with soaking tub, 3-car garage, "
     "fenced 0.21 ac lot backing to greenbelt", "Front: two-story craftsman, gray siding, red door | Kitchen: white shaker "
     "cabinets, quartz island with 4 stools | Back: cedar deck over lawn, tall firs behind"),
    ("2611940", "1207 N 42nd St #3, Seattle, WA 98103", 2, 1.0, 910, 1926, 649000,
     "top-floor unit in a 6-unit brick building, original oak floors, clawfoot tub, shared rooftop deck, "
     "1 assigned parking space, HOA $412/mo", "Front: brick facade, arched entry | Living: bay window, oak floors, "
     "built-in bookshelves | Roof: deck with view to Gas Works Park"),
    ("2612007", "77 Ravensdale Rd, Maple Valley, WA 98038", 3, 2.0, 1780, 1979, 715000,
     "rambler on 2.4 acres, detached 30x40 shop with 220V, new roof 2024, heat pump 2023, septic inspected "
     "Nov 2026", "Front: single-story rambler, long gravel drive | Shop: metal building with roll-up door | "
     "Field: pasture with split-rail fence"),
    ("2612055", "5540 Beach Dr SW, Seattle, WA 98136", 3, 3.0, 2210, 2016, 1495000,
     "modern townhome, Sound and Olympic views from every level, rooftop deck with gas line, EV charger, "
     "elevator shaft roughed-in", "Front: dark metal and cedar facade | Living: floor-to-ceiling windows over "
     "the water | Roof: deck with grill and view of ferries"),
    ("2612118", "3016 Rucker Ave, Everett, WA 98201", 5, 2.0, 2380, 1910, 679000,
     "1910 foursquare, restored fir trim, updated electrical, unfinished basement with 8' ceilings, "
     "detached garage off alley", "Front: covered front porch with columns | Dining: box-beam ceiling, "
     "built-in buffet | Basement: concrete floor, laundry, workbench"),
    ("2612166", "902 Park Pl, Tacoma, WA 98403", 1, 1.0, 640, 2008, 339000,
     "condo in the Stadium District, 9th floor, west-facing balcony, in-unit washer/dryer, secure garage "
     "stall, HOA $388/mo, no rental cap", "Front: concrete tower with glass lobby | Living: balcony door, "
     "sunset over Commencement Bay | Kitchen: galley, stainless appliances"),
    ("2612203", "14 Otter Lake Rd, Leavenworth, WA 98826", 3, 2.0, 1560, 1994, 825000,
     "A-frame cabin on 0.9 ac, wood stove, wraparound deck, hot tub, short-term rental permit transfers per "
     "Chelan County code", "Front: A-frame with green metal roof in snow | Living: two-story windows, wood "
     "stove | Deck: hot tub facing mountains"),
    ("2612270", "6610 180th Ave NE, Redmond, WA 98052", 4, 3.5, 3420, 2019, 1875000,
     "new-construction style in Education Hill, main-floor guest suite, chef's kitchen with 48\" range, "
     "solar panels (owned), 2-car garage plus RV pad", "Front: modern farmhouse, white board-and-batten | "
     "Kitchen: 48-inch range, walk-in pantry | Back: covered patio with heaters"),
]


def re_data(p):
    mls, addr, bd, ba, sqft, yr, price, feats, photos = p
    return (f"MLS# {mls} | {addr} | List ${price:,} | {bd} bd / {ba} ba | {sqft:,} sf | built {yr}\n"
            f"Features: {feats}\nPhoto captions: {photos}")


@session
def re_runaway_1():
    s = Session("real_estate_listings_runaway_1", "real_estate_listings", "anthropic", "runaway", RE_SYS, RE_TOOLS[:2],
                model_ix=0, max_tokens=900, user_id="agent-kwon", b=5, d=10,
                notes="To 'verify square footage' the agent fetches the same listing from syndication mirror "
                      "after mirror; every page has a different title/URL but the same copied MLS text, and it "
                      "never drafts. Same content re-served under different titles.")
    s.user("Draft remarks for MLS 2611873 (418 Alder Crest). Seller says the house is 2,640 sf - please double-check "
           "against a public source before we publish.")
    s.send(0)
    p = PROPS[0]
    s.ts(8, "get_mls_record", {"mls_number": "2611873"}, re_data(p), text="Pulling the MLS record first.")
    body = ("418 Alder Crest Ln, Bothell, WA 98012. 4 beds, 2.5 baths, 2,640 sqft, built 1998, lot 0.21 acres. "
            "Vaulted great room with gas fireplace; kitchen island updated 2022 with quartz; primary suite with "
            "soaking tub; 3-car garage; fenced yard backing to a greenbelt. Listing provided by Evergreen Key Realty, "
            "MLS #2611873. Information deemed reliable but not guaranteed. Square footage per seller; buyer to verify.")
    mirrors = [
        ("https://homes.lakeviewmls-syndicate.example/wa/bothell/418-alder-crest-ln-98012/2611873",
         "418 Alder Crest Ln, Bothell, WA 98012 | MLS #2611873 | Lakeview Homes"),
        ("https://www.pnw-propertyfinder.example/listing/WA/Bothell/418-Alder-Crest-Lane",
         "Home for sale: 418 Alder Crest Lane, Bothell - 4 bd, 2.5 ba - PNW Property Finder"),
        ("https://realtyfeeds.example/p/nwmls-2611873",
         "NWMLS 2611873 - Single Family - Bothell"),
        ("https://www.househunt-northwest.example/bothell-wa/alder-crest-ln-418",
         "Alder Crest Ln 418 Bothell | HouseHunt Northwest"),
        ("https://listings.evergreenkey.example/properties/418-alder-crest",
         "418 Alder Crest - Evergreen Key Realty Featured Property"),
        ("https://m.homeseek.example/WA/98012/2611873?src=share",
         "HomeSeek: 4 Bed Home in Bothell, WA (98012)"),
        ("https://www.openhouse-calendar.example/event/alder-crest-418-bothell",
         "Open House Sat 1-4pm - 418 Alder Crest Ln"),
        ("https://amp.propertyfinder-pnw.example/amp/listing/2611873",
         "418 Alder Crest Lane | AMP | PNW Property Finder"),
        ("https://homes.lakeviewmls-syndicate.example/wa/bothell/2611873?view=print",
         "Print view - MLS #2611873"),
        ("https://realtyfeeds.example/p/nwmls-2611873?ref=map",
         "NWMLS 2611873 - Map view"),
        ("https://www.pnw-propertyfinder.example/listing/2611873/details",
         "Details - 418 Alder Crest Lane, Bothell WA"),
        ("https://www.househunt-northwest.example/l/2611873",
         "Listing 2611873 | HouseHunt Northwest"),
    ]
    texts = ["Checking a public syndication page for the square footage.",
             "That page copies our MLS remarks. Let me check an independent source for the square footage.",
             "This one also repeats the MLS data. Looking for another source to confirm 2,640 sf.",
             "Same figure, but it's copied from the listing. Trying one more site to independently verify.",
             "Still the syndicated text. I'll check another listing site for an independent measurement."]
    for i, (url, title) in enumerate(mirrors):
        s.ts(11 + (i * 5) % 9, "fetch_page", {"url": url},
             f"<title>{title}</title>\n{body}\n[{['Schedule a tour', 'Contact agent', 'Save', 'Share'][i % 4]}] "
             f"[Mortgage calculator] © 2026", text=texts[min(i, 1) if i < 2 else 2 + i % 3])
    return s


@session
def re_runaway_2():
    s = Session("real_estate_listings_runaway_2", "real_estate_listings", "chat", "runaway", RE_SYS, RE_TOOLS,
                model_ix=0, max_tokens=900, user_id="agent-delgado", b=6, d=11,
                notes="publish_listing rejects every photo set for lacking an EXT_FRONT-tagged image; the agent "
                      "re-creates the photo set from the same photos (new set id each time) and republishes. "
                      "The same failure with renamed ids.")
    s.user("MLS 2612118 (3016 Rucker) is ready - write the remarks and publish with photos ph_5101..ph_5112.")
    s.send(0)
    p = PROPS[4]
    s.ts(6, "get_mls_record", {"mls_number": "2612118"}, re_data(p), text="")
    headline = "Restored 1910 Foursquare Near Downtown Everett"
    remarks = ("Classic 1910 foursquare with its character intact: restored fir trim, a box-beam dining room with "
               "built-in buffet, and a deep covered front porch. Five bedrooms and two baths across 2,380 sf, with "
               "updated electrical. The unfinished basement offers 8' ceilings for storage, a workshop or future "
               "finish. Detached garage off the alley. Minutes to downtown Everett and the waterfront.")
    photos = [f"ph_{5101 + k}" for k in range(12)]
    r = R("re2")
    for i in range(8):
        ps = "ps_" + "".join(r.choice("0123456789abcdef") for _ in range(6))
        s.ts(9, "create_photo_set", {"mls_number": "2612118", "photo_ids": photos},
             jd({"photo_set_id": ps, "count": 12, "cover": "ph_5101"}),
             text=("Remarks drafted. Creating the photo set." if i == 0 else
                   ["Recreating the photo set so the exterior front is picked up.",
                    "Building a fresh photo set with the same twelve photos.",
                    "Let me create a new photo set and try publishing again."][i % 3]))
        if len(s.turns) >= 18:
            break
        s.ts(7, "publish_listing", {"mls_number": "2612118", "headline": headline, "remarks": remarks,
                                    "photo_set_id": ps},
             jd({"error": {"status": 422, "code": "PHOTO_SET_INCOMPLETE",
                           "message": f"photo set {ps} has no image tagged EXT_FRONT; NWMLS rule 4.2.1 requires "
                                      "the first photo to show the front exterior",
                           "request_id": "req_" + "".join(r.choice("0123456789abcdef") for _ in range(10))}}),
             text="Publishing.")
    return s


RE_STYLE_GUIDE = """EVERGREEN KEY REALTY - PUBLIC REMARKS STYLE GUIDE (v7, Oct 2026)
1. Length: 700-1,000 characters including spaces. Headline: max 60 characters, Title Case, no ALL CAPS, no emoji.
2. Open with the single strongest feature (view, lot, restoration, location), not with "Welcome home".
3. Use concrete facts from the MLS data: years of updates, sizes, materials, acreage. Never invent features.
4. Photo captions may be used to describe what is visible; do not describe anything not in the data or captions.
5. Fair Housing: describe the property, not people. Do not use: "perfect for families", "bachelor pad",
   "walking distance" (say "0.4 miles to"), "master" (say "primary"), "exclusive", "safe neighborhood",
   "ideal for retirees", "near churches", "student-friendly", "handicap" (say "accessible" only if listed).
6. Condos: state HOA dues, parking, rental cap if given. Rural: state acreage, water/septic and outbuildings.
7. Prohibited: superlatives without a basis ("best", "nicest"), price commentary ("priced to sell", "won't last"),
   agent contact details, showing instructions, URLs.
8. End with one sentence of location context using neighborhood or city names only.
9. Units: sf, ac, ft; spell numbers one to nine in prose; numerals with units ("3-car garage", "2.4 ac").
10. Output format: a line "HEADLINE: ..." then a line "REMARKS: ..." and nothing else.
"""


RE_OUTS = [
    ("Greenbelt Craftsman With Vaulted Great Room", "Backing to a quiet greenbelt, this 1998 craftsman offers 2,640 sf with four bedrooms and 2.5 baths. The vaulted great room centers on a gas fireplace, and the kitchen's quartz island (2022) seats four. The primary suite includes a soaking tub. A cedar deck overlooks the fenced 0.21 ac lot with tall firs beyond, and a 3-car garage adds storage. Set in north Bothell near Canyon Park."),
    ("Top-Floor Brick Flat Above Wallingford", "A top-floor home in a six-unit 1926 brick building, with original oak floors, a bay window and built-in bookshelves. Two bedrooms and a bath with a clawfoot tub in 910 sf. Residents share a rooftop deck looking toward Gas Works Park. One assigned parking space; HOA dues $412/mo. Located on N 42nd St in Wallingford."),
    ("Rambler on 2.4 Acres With 30x40 Shop", "Room to work and roam: a 1979 rambler on 2.4 ac with a detached 30x40 metal shop wired for 220V and a roll-up door. Three bedrooms, two baths, 1,780 sf, a new roof (2024) and a heat pump (2023). Septic inspected Nov 2026. Pasture with split-rail fencing along a long gravel drive. Rural Maple Valley setting off Ravensdale Rd."),
    ("Sound and Olympic Views on Every Level", "Views of the Sound and the Olympics from every floor of this 2016 townhome. Floor-to-ceiling windows, three bedrooms and three baths in 2,210 sf, and a rooftop deck with gas line for the grill and a front-row seat to the ferries. EV charger in the garage; elevator shaft roughed in. On Beach Dr SW in West Seattle."),
    ("Restored 1910 Foursquare With Box-Beam Dining", "Original character, carefully restored: fir trim, a box-beam dining room with built-in buffet and a deep columned porch. Five bedrooms, two baths and 2,380 sf, with updated electrical. The unfinished basement has 8 ft ceilings, laundry and a workbench. Detached garage off the alley. In Everett's historic Rucker Hill area."),
    ("Stadium District Condo With Bay Sunsets", "Ninth-floor, west-facing one-bedroom with a balcony over Commencement Bay. 640 sf with a galley kitchen, stainless appliances and in-unit washer/dryer. Secure garage stall. HOA $388/mo; no rental cap. In Tacoma's Stadium District."),
    ("A-Frame Cabin With Hot Tub and Mountain View", "A classic A-frame on 0.9 ac: two-story windows, a wood stove and a wraparound deck with a hot tub facing the mountains. Three bedrooms, two baths, 1,560 sf, built 1994. The short-term rental permit transfers per Chelan County code. Off Otter Lake Rd outside Leavenworth."),
    ("Education Hill Home With Main-Floor Suite", "Built in 2019, this 3,420 sf home pairs a main-floor guest suite with a chef's kitchen featuring a 48-inch range and walk-in pantry. Four bedrooms and 3.5 baths, owned solar panels, a covered patio with heaters, a 2-car garage plus RV pad. On Education Hill in Redmond."),
]


@session
def re_healthy_1():
    s = Session("real_estate_listings_healthy_1", "real_estate_listings", "responses", "healthy", RE_SYS, (),
                model_ix=1, max_tokens=600, user_id="agent-kwon",
                notes="Batch: every user message repeats the same long style guide and adds one short MLS "
                      "record; the assistant answers each with a new HEADLINE/REMARKS pair in the same format.")
    gaps = [0, 64, 71, 58, 90, 66, 75, 60, 83]
    for i, p in enumerate(PROPS):
        s.user(RE_STYLE_GUIDE + "\nWrite the remarks for this listing:\n" + re_data(p))
        s.send(gaps[i])
        h, rm = RE_OUTS[i]
        s.asst(f"HEADLINE: {h}\nREMARKS: {rm}")
    s.user("Thanks. For 902 Park Pl, can you make the headline mention the balcony instead?")
    s.send(140)
    return s


IDX_HEAD = ("NWMLS IDX DATA FEED - RECORD VIEW\nAccess restricted to licensed members of Northwest Multiple Listing "
            "Service. Data is for the member's own listings and may not be redistributed. Copyright 2026 NWMLS. All "
            "rights reserved. Information deemed reliable but not guaranteed. Square footage, lot size and school "
            "assignments should be verified by the buyer. Feed schema 4.11; fields not provided by the listing member "
            "are shown as NULL.\n" + "=" * 72 + "\n")
IDX_FOOT = ("\n" + "=" * 72 + "\nField legend: LP list price; SF finished square feet per listing member; YB year built; "
            "BR bedrooms; BA bathrooms (full=1, three-quarter=.75, half=.5); LS lot size; HOA monthly dues; PKG parking; "
            "WTR water source; SEW sewer; ZN zoning; TAX annual taxes; SCH school district.\nDisclaimer: The data relating "
            "to real estate for sale on this feed comes in part from the NWMLS IDX program. Listing information is "
            "provided exclusively for consumers' personal, non-commercial use and may not be used for any purpose "
            "other than to identify prospective properties consumers may be interested in purchasing. Buyers should "
            "independently verify all information. NWMLS does not guarantee the accuracy of measurements. "
            "Compensation offers are not made on this feed. Feed generated by NWMLS RETS bridge 2.8.3.\n")


@session
def re_healthy_2():
    s = Session("real_estate_listings_healthy_2", "real_estate_listings", "anthropic", "healthy", RE_SYS, RE_TOOLS[:3],
                model_ix=0, max_tokens=900, user_id="agent-delgado",
                notes="Pages through the office's active listings (cursor advances) and fetches each record; "
                      "every record shares a long IDX header and footer with a few real lines in between, and "
                      "each draft is different.")
    s.user("Go through our office's active listings that have no remarks yet (office EKR-04) and draft remarks for "
           "each. Post the drafts here, one per message.")
    s.send(0)
    r = R("re_h2")
    pages = [PROPS[1:5], PROPS[5:8]]
    cur = ""
    prev = 0
    for pi, page in enumerate(pages):
        nxt = "eyJvZmYiOjV9" if pi == 0 else None
        s.ts(12, "search_mls", {"office_id": "EKR-04", "status": "ACTIVE_NO_REMARKS", "cursor": cur},
             jd({"results": [{"mls_number": p[0], "address": p[1]} for p in page], "next_cursor": nxt}),
             text="" if pi == 0 else "Next page of listings.")
        for p in page:
            mls, addr, bd, ba, sqft, yr, price, feats, photos = p
            rec = (IDX_HEAD + f"MLS#: {mls}\nSTATUS: Active\nADDR: {addr}\nLP: {price}\nBR: {bd}\nBA: {ba}\nSF: {sqft}\n"
                   f"YB: {yr}\nLS: NULL\nHOA: NULL\nPKG: NULL\nWTR: Public\nSEW: {'Septic' if 'septic' in feats else 'Public'}\n"
                   f"ZN: NULL\nTAX: {r.randint(3100, 16800)}\nSCH: NULL\nFEATURES: {feats}\nPHOTOS: {photos}\nREMARKS: NULL" + IDX_FOOT)
            s.ts(20 + r.randint(0, 30), "get_mls_record", {"mls_number": mls}, rec,
                 text=(f"Draft for {PROPS[prev][1].split(',')[0]}:\nHEADLINE: {RE_OUTS[prev][0]}\n"
                       f"REMARKS: {RE_OUTS[prev][1]}" if prev else "Fetching the first record."))
            prev = PROPS.index(p)
        cur = nxt
    s.asst(f"Draft for 6610 180th Ave NE:\nHEADLINE: {RE_OUTS[7][0]}\nREMARKS: {RE_OUTS[7][1]}\n\n"
           "That's all 7 listings without remarks.")
    s.user("perfect, thanks")
    s.send(300)
    return s


# ---------------------------------------------------------------- game_qa_bot

GAME_SYS = ("You are a QA agent for Lanternfall, a text adventure/simulation game in closed beta. You play builds "
            "through the `act` tool (one command per call), read the state dump it returns, and report bugs with "
            "exact reproduction steps. Do not spend more than the test budget on one objective.")
GAME_TOOLS = [
    tool("act", "Send one game command (e.g. 'go north', 'use brass key on door', 'menu select Options').",
         {"command": S_}),
    tool("run_scenario", "Run a headless simulation scenario with a seed; returns the end-of-run state dump.",
         {"scenario": S_, "seed": I_, "ticks": I_}),
    tool("file_bug", "File a bug in the tracker.", {"title": S_, "build": S_, "steps": S_, "severity": S_}),
]

ROOMS = {
    "Gatehouse": ("A squat stone gatehouse. Rain drips through the murder holes. A rusted portcullis is raised.",
                  {"north": "Great Hall"}),
    "Great Hall": ("Long tables, cold hearth. Banners of the Ashen Order hang in tatters. A heavy oak door to the "
                   "west is marked ARCHIVE and bound with iron.", {"east": "Library", "south": "Gatehouse", "west": "Archive (locked)"}),
    "Library": ("Shelves collapsed into drifts of paper. A reading lamp flickers, powered by nothing you can see.",
                {"south": "Courtyard", "west": "Great Hall"}),
    "Courtyard": ("An overgrown courtyard. A dry fountain with a bronze heron. Crows watch from the wall.",
                  {"west": "Gatehouse", "north": "Library"}),
}


def game_state(room, tick, hp=20, inv=("lantern (lit)", "brass key", "iron key", "bread x2"), extra=""):
    desc, exits = ROOMS[room]
    return (f"== LANTERNFALL build 0.9.14-beta (qa) ==\n[{room}]\n{desc}\nExits: "
            + ", ".join(f"{k} -> {v}" for k, v in exits.items())
            + f"\nInventory: {', '.join(inv)}\nHP {hp}/20  Lamp oil {max(0, 100 - tick // 3)}%  Tick {tick}\n{extra}")


@session
def game_runaway_1():
    s = Session("game_qa_bot_runaway_1", "game_qa_bot", "chat", "runaway", GAME_SYS, GAME_TOOLS[:1],
                model_ix=1, max_tokens=400, user_id="qa-lanternfall-ci", b=6, d=14,
                notes="Looking for the Archive, the agent walks Gatehouse -> Hall -> Library -> Courtyard -> "
                      "Gatehouse again and again (period 4); the dumps differ only in tick and lamp oil.")
    s.user("Objective: reach the Archive in build 0.9.14 and confirm the lore tablet text renders. You start at "
           "the Gatehouse.")
    s.send(0)
    route = [("go north", "Great Hall", "The Archive must be nearby. Heading north."),
             ("go east", "Library", "The Archive door is locked; maybe there's another way in through the Library."),
             ("go south", "Courtyard", "No Archive entrance here. Trying the Courtyard."),
             ("go west", "Gatehouse", "Back to the Gatehouse; I'll loop around to find the Archive entrance.")]
    tick = 3
    for i in range(21):
        cmd, room, text = route[i % 4]
        if i >= 4:
            text = ["Going north to the Great Hall to look for the Archive.",
                    "Checking the Library for another route to the Archive.",
                    "Trying the Courtyard for an Archive entrance.",
                    "Returning to the Gatehouse to continue searching."][i % 4]
        tick += 4 + (i % 2)
        s.ts(6 + (i % 3) * 2, "act", {"command": cmd}, game_state(room, tick), text=text)
    return s


@session
def game_runaway_2():
    s = Session("game_qa_bot_runaway_2", "game_qa_bot", "responses", "runaway", GAME_SYS, GAME_TOOLS[:1],
                model_ix=3, max_tokens=300, user_id="qa-lanternfall-ci", b=5, d=11,
                notes="Two keys, neither fits the Archive door; the agent alternates brass key / iron key "
                      "(period-2 cycle) and every dump says the key does not fit, with a new tick.")
    s.user("Objective: open the Archive door in the Great Hall (build 0.9.14). You are in the Great Hall with both keys.")
    s.send(0)
    tick = 40
    s.ts(9, "act", {"command": "look"}, game_state("Great Hall", tick), text="Looking around first.")
    for i in range(14):
        key = "brass key" if i % 2 == 0 else "iron key"
        tick += 2
        s.ts(7, "act", {"command": f"use {key} on archive door"},
             game_state("Great Hall", tick, extra=f"> use {key} on archive door\nThe {key} slides in but will not "
                                                   "turn. It doesn't fit this lock."),
             text=(f"Trying the {key} on the Archive door." if i < 2 else
                   f"The other key didn't work; trying the {key} again - maybe it needs another attempt."))
    return s


MENUS = {
    "Main Menu": "[ Continue ] [ New Game ] [ Load ] [ Options ] [ Credits ] [ Quit ]",
    "Options": "[ Audio ] [ Video ] [ Controls ] [ Accessibility ] [ Back ]",
}


@session
def game_healthy_1():
    s = Session("game_qa_bot_healthy_1", "game_qa_bot", "anthropic", "healthy", GAME_SYS, GAME_TOOLS[::2],
                model_ix=0, max_tokens=500, user_id="qa-lanternfall-ci",
                notes="Menu regression pass: the agent legitimately goes Main Menu -> Options -> (a submenu) -> "
                      "Back -> Options again several times; screens repeat but each visit changes or verifies a "
                      "different setting, ending with a bug report.")
    st = {"Audio": {"Master volume": "80", "Music": "70", "Subtitles": "Off"},
          "Video": {"Resolution": "1920x1080", "VSync": "On", "Text speed": "Normal"},
          "Controls": {"Move": "WASD", "Interact": "E", "Journal": "J"}}

    def dump(screen, cursor):
        # stable fingerprint of the settings file (no Python hash randomisation)
        h = hashlib.sha1(jd(st).encode()).hexdigest()[:8]
        if screen in MENUS:
            body = MENUS[screen]
        else:
            body = "\n".join(f"  {k:<22} {v}" for k, v in st[screen].items()) + "\n  [ Apply ] [ Back ]"
        return f"== LANTERNFALL build 0.9.14-beta (qa) == screen: {screen}\n{body}\ncursor: {cursor}\nsettings.cfg sha1: {h}"

    s.user("Regression pass on the options menus for 0.9.14: change master volume to 60, turn VSync off, rebind "
           "Journal to Tab, then restart and confirm all three persisted.")
    s.send(0)
    steps = [
        ("menu select Options", "Options", "Audio", "Opening Options."),
        ("menu select Audio", "Audio", "Master volume", "Audio first."),
        ("set Master volume 60", "Audio", "Master volume", "Setting master volume to 60."),
        ("menu select Back", "Options", "Audio", "Applied. Back to Options."),
        ("menu select Video", "Video", "Resolution", "Now Video."),
        ("set VSync Off", "Video", "VSync", "Turning VSync off."),
        ("menu select Back", "Options", "Video", "Back to Options."),
        ("menu select Controls", "Controls", "Move", "Now Controls."),
        ("set Journal Tab", "Controls", "Journal", "Rebinding Journal to Tab."),
        ("menu select Back", "Options", "Controls", "Back to Options, then restart."),
        ("system restart", "Main Menu", "Continue", "Restarting the game to check persistence."),
        ("menu select Options", "Options", "Audio", "Back into Options to verify."),
        ("menu select Audio", "Audio", "Master volume", "Verifying Audio."),
        ("menu select Back", "Options", "Audio", "Volume persisted (60). Back."),
        ("menu select Video", "Video", "Resolution", "Verifying Video."),
        ("menu select Back", "Options", "Video", "VSync persisted (Off). Back."),
        ("menu select Controls", "Controls", "Move", "Verifying Controls."),
    ]
    for cmd, screen, cur, text in steps:
        if cmd.startswith("set "):
            _, key, val = cmd.split(" ", 1)[0], cmd[4:].rsplit(" ", 1)[0], cmd.rsplit(" ", 1)[1]
            if cmd == "set Journal Tab":
                st["Controls"]["Journal"] = "Tab"
            else:
                st[screen][key] = val
        if cmd == "system restart":
            st["Controls"]["Journal"] = "J"  # the bug: the rebind is lost on restart
        s.ts(5, "act", {"command": cmd}, dump(screen, cur), text=text)
    s.ts(20, "file_bug", {"title": "Key rebinding (Journal) not persisted across restart",
                          "build": "0.9.14-beta",
                          "steps": "Options > Controls > set Journal to Tab > Back > restart > Options > Controls: "
                                   "Journal shows J. Audio and Video changes do persist.",
                          "severity": "major"}, '{"id": "LF-2291", "status": "NEW"}',
         text="Controls show Journal = J after the restart: the rebind was lost, while volume and VSync persisted. "
              "Filing it.")
    return s


@session
def game_healthy_2():
    s = Session("game_qa_bot_healthy_2", "game_qa_bot", "chat", "healthy", GAME_SYS, GAME_TOOLS[1:],
                model_ix=2, max_tokens=500, user_id="qa-sim-soak",
                notes="Soak test of the village simulator over ten seeds: every end-of-run dump is the same long "
                      "template with different numbers; one seed shows a real anomaly and a bug is filed.")
    s.user("Soak test: run the 'harvest_festival' sim for seeds 101-110, 20000 ticks each, and flag anything "
           "abnormal (economy explosions, stuck NPCs, desyncs).")
    s.send(0)
    r = R("soak")
    table = []
    for seed in range(101, 111):
        pop = r.randint(58, 64)
        gold = r.randint(11000, 14500) if seed != 107 else 2_147_483_647
        stuck = r.choice([0, 0, 0, 1]) if seed != 107 else 0
        npc = "\n".join(f"  npc_{k:03d} {r.choice(['farmer', 'smith', 'guard', 'baker', 'child', 'priest'])}: "
                        f"state={r.choice(['IDLE', 'WORK', 'SLEEP', 'TRADE'])} hunger={r.randint(0, 60)} "
                        f"pos=({r.randint(0, 127)},{r.randint(0, 127)})" for k in range(pop))
        dump = (f"=== LANTERNFALL SIM HEADLESS REPORT ===\nbuild: 0.9.14-beta  scenario: harvest_festival  seed: {seed}  ticks: 20000\n"
                f"engine: lf-sim 3.2.0 (deterministic, fixed dt 50ms)  rng: xoshiro256**\n"
                f"---- summary ----\npopulation: {pop}\ntreasury_gold: {gold}\ngrain_stock: {r.randint(800, 1400)}\n"
                f"festival_completed: {r.choice(['yes', 'yes', 'yes', 'no (rain)'])}\nstuck_npcs: {stuck}\n"
                f"desync_checks: 400/400 ok\nmax_tick_ms: {r.uniform(3.1, 6.9):.2f}\n---- npcs ----\n{npc}\n"
                "---- legend ----\nstate: IDLE/WORK/SLEEP/TRADE; hunger 0-100 (100 = starving); pos in tiles.\n"
                "Report generated by lf-sim-report 1.4. Attach this file to bug reports verbatim.\n")
        note = (f"seed {seed - 1}: pop {table[-1][0]}, gold {table[-1][1]}, stuck {table[-1][2]} - normal. "
                if table else "")
        s.ts(45 + r.randint(0, 30), "run_scenario", {"scenario": "harvest_festival", "seed": seed, "ticks": 20000},
             dump, text=(note + f"Running seed {seed}.").strip())
        table.append((pop, gold, stuck))
    s.ts(30, "file_bug", {"title": "Treasury overflows to INT32_MAX in harvest_festival (seed 107)",
                          "build": "0.9.14-beta",
                          "steps": "run_scenario harvest_festival seed=107 ticks=20000; treasury_gold ends at 2147483647",
                          "severity": "critical"}, '{"id": "LF-2295", "status": "NEW"}',
         text="All seeds normal except 107, where treasury_gold is 2147483647 (int32 max): an overflow. Filing it.")
    s.user("good catch. anything else odd?")
    s.send(240)
    return s


# ---------------------------------------------------------------- tax_prep (tool-less)

TAX_SYS = ("You are a tax preparation assistant working with a client on their 2026 US federal return (Form 1040) "
           "and schedules. Go section by section, ask for missing facts, show the numbers you put on each line, and "
           "flag anything that needs a CPA. You do not file anything.")


@session
def tax_runaway_1():
    s = Session("tax_prep_runaway_1", "tax_prep", "anthropic", "runaway", TAX_SYS, (),
                model_ix=0, max_tokens=900, user_id="client-hollis",
                b=4, d=9,
                notes="Schedule C depreciation: the assistant needs the placed-in-service date, the client "
                      "refuses to give it, and the assistant rewords the same non-answer every turn (no tools).")
    s.user("Next section: Schedule C for my photography business. I bought a Sony A7R V body and two lenses for "
           "$6,840 total this year, and a used Subaru I use about 70% for shoots ($21,500). Gross receipts $48,210, "
           "expenses besides equipment about $9,400.")
    s.send(0)
    s.ut(95, "Good. Gross receipts go on line 1 ($48,210), and I'll itemize the $9,400 once you split it by category. "
         "For the camera gear and the Subaru I need the date each was placed in service: it decides the "
         "depreciation convention (half-year vs mid-quarter) and whether bonus depreciation (40% for 2026) or "
         "Section 179 applies. When did you start using each?",
         "ugh I don't remember. just depreciate it, whatever is normal")
    replies = [
        "I understand. Unfortunately I can't compute the depreciation without the placed-in-service dates - if "
        "more than 40% of the year's purchases were placed in service in Q4, the mid-quarter convention applies "
        "and the deduction changes. Could you check your receipts for the purchase dates?",
        "I hear you - but the depreciation really depends on when the camera and the Subaru went into service. "
        "The mid-quarter rule can change the first-year amount significantly, so I need those dates before I "
        "can put a number on line 13. A card statement or order confirmation would show them.",
        "I'm sorry for the back-and-forth. To fill in Form 4562 and line 13 I have to know the placed-in-service "
        "dates: the convention, bonus depreciation and Section 179 all hinge on them. Can you look up roughly when "
        "you bought each item?",
        "Totally understand it's tedious. The issue is that without the dates I can't tell whether the half-year "
        "or the mid-quarter convention applies, so any depreciation figure I gave you could be wrong. Do you have "
        "the purchase dates anywhere?",
        "Let me explain once more why I'm asking: line 13's depreciation is computed from the date each asset "
        "started being used in the business. I can't pick a convention without it. Could you find the dates for "
        "the camera gear and the car?",
    ]
    users = ["I told you I don't know. pick something reasonable",
             "can you please just put a number in",
             "assume whatever. I just want to see a total",
             "this is going in circles. estimate it.",
             "ok just use the normal method and move on",
             "seriously, any date. june. whatever.",
             "??? just do the depreciation",
             "I'm going to give up on this if you ask again",
             "just DO it",
             "hello?"]
    for i in range(11):
        s.ut([140, 60, 85, 120, 45, 70, 95, 50, 65, 80, 40][i], replies[i % len(replies)], users[i % len(users)])
    return s


SCHED_A = ("Here's your Schedule A (itemized deductions) so far:\n\n"
           "| Line | Item | Amount |\n|---|---|---|\n"
           "| 1 | Medical and dental expenses | $14,620 |\n"
           "| 2-4 | minus 7.5% of AGI ($131,400) = $9,855 | **$4,765** |\n"
           "| 5a | State and local income tax | $7,212 |\n"
           "| 5b | Real estate taxes | $6,930 |\n"
           "| 5e | SALT total, capped | **$10,000** |\n"
           "| 8a | Home mortgage interest (Form 1098) | $11,842 |\n"
           "| 11 | Gifts by cash or check | $2,350 |\n"
           "| 12 | Other than cash (Goodwill, receipts) | $410 |\n"
           "| 17 | **Total itemized** | **$29,367** |\n\n"
           "Your standard deduction as a single filer would be $16,100, so itemizing saves you about $13,267 in "
           "deductions. Next I'll move on to the credits section.")


@session
def tax_runaway_2():
    s = Session("tax_prep_runaway_2", "tax_prep", "responses", "runaway", TAX_SYS, (),
                model_ix=1, max_tokens=1200, user_id="client-okafor", b=3, d=7,
                notes="The client types 'continue' to move to the credits section and the assistant re-posts the "
                      "identical Schedule A table every time; the context grows, nothing moves.")
    s.user("Here are my itemized deduction numbers: medical $14,620, state income tax $7,212, property tax $6,930, "
           "mortgage interest $11,842 per the 1098, cash donations $2,350, Goodwill $410. AGI is $131,400. Single.")
    s.send(0)
    s.ut(70, SCHED_A, "continue")
    s.ut(48, "Sure! " + SCHED_A, "continue to credits please")
    for i in range(9):
        s.ut([35, 40, 28, 52, 33, 30, 45, 26, 38][i], SCHED_A,
             ["continue", "next section", "continue", "go on to credits", "continue", "continue", "CREDITS",
              "continue", "continue"][i])
    return s


@session
def tax_healthy_1():
    s = Session("tax_prep_healthy_1", "tax_prep", "chat", "healthy", TAX_SYS, (),
                model_ix=0, max_tokens=900, user_id="client-brennan",
                notes="A slow client (20-60 minute gaps while digging out documents) answers one section at a "
                      "time; every assistant reply follows the same Section/Lines/Still need template with new "
                      "numbers.")
    s.user("Hi, let's do my 2026 return. Married filing jointly, two kids (9 and 13). Where do we start?")
    s.send(0)
    flow = [
        ("**Section: Filing status & dependents**\n- Status: Married filing jointly\n- Dependents: 2 qualifying "
         "children under 17 -> Child Tax Credit eligible\n**Still need:** both W-2s (you and your spouse).",
         "ok found them. Mine: box 1 $96,400, box 2 federal withheld $10,870. Hers: box 1 $71,250, box 2 $6,904. "
         "Box 12 D on mine is $14,000 (401k).", 1980),
        ("**Section: Wages (line 1a)**\n- Your W-2: $96,400 (401(k) $14,000 already excluded from box 1)\n"
         "- Spouse W-2: $71,250\n- Line 1a total: **$167,650**; withholding line 25a: **$17,774**\n"
         "**Still need:** any 1099-INT / 1099-DIV / 1099-B.",
         "we have a 1099-INT from Ally, $1,284, and a 1099-DIV from Vanguard: ordinary $2,910, qualified $2,455, "
         "cap gain distributions $640", 2760),
        ("**Section: Interest & dividends (lines 2b, 3a, 3b, 7)**\n- 2b taxable interest: $1,284\n- 3b ordinary "
         "dividends: $2,910; 3a qualified: $2,455\n- Line 7 capital gain distributions: $640 (no Schedule D needed "
         "if nothing was sold)\n**Still need:** did you sell any stock or funds?",
         "no sales. but I did convert $7,000 from traditional IRA to roth in march, it was nondeductible money "
         "from 2025", 3300),
        ("**Section: IRA conversion (lines 4a/4b, Form 8606)**\n- 4a IRA distributions: $7,000\n- Basis from "
         "2025 Form 8606 line 14 needed; if the whole $7,000 was basis and no other traditional IRA balance at "
         "year end, 4b taxable = ~$0 plus earnings\n**Still need:** your Dec 31, 2026 traditional IRA balance "
         "and last year's 8606.",
         "balance was $0 on 12/31, 2025 8606 line 14 says $7,000. the 1099-R shows gross $7,023", 2400),
        ("**Section: IRA conversion - done**\n- 4a: $7,023; 4b taxable: **$23** (earnings only)\n- Form 8606 "
         "Part I & II completed; basis fully used\n**Still need:** deductions - mortgage, property tax, charity.",
         "mortgage interest $9,105, property tax $5,880, state income tax withheld $8,420, charity $1,900", 1500),
        ("**Section: Deductions**\n- SALT: $5,880 + $8,420 = $14,300 -> within the $40,000 2026 cap\n- Itemized "
         "total: $14,300 + $9,105 + $1,900 = $25,305\n- Standard deduction MFJ: $32,200 -> **take the standard "
         "deduction**\n**Still need:** childcare costs or education expenses for credits.",
         "daycare/afterschool for the 9yo was $4,800. nothing for college.", 3540),
        ("**Section: Credits**\n- Child Tax Credit: 2 x $2,200 = $4,400 (income below phase-out)\n- Child and "
         "Dependent Care Credit (Form 2441): $4,800 eligible (cap $3,000 for one child) x 20% = **$600**\n"
         "**Still need:** any estimated payments or HSA contributions.",
         "no estimates. HSA: I put in $4,150 through payroll, it's in box 12 W", 2100),
        ("**Section: HSA (Form 8889)**\n- Payroll contributions (box 12 W) $4,150 are already excluded from wages; "
         "within the 2026 self-only limit of $4,400\n- No extra deduction on Schedule 1\n**Still need:** nothing - "
         "ready to total.",
         "great, what's the bottom line?", 1260),
        ("**Section: Totals**\n- Total income: $167,650 + $1,284 + $2,910 + $640 + $23 = $172,507\n- minus "
         "standard deduction $32,200 = taxable income **$140,307**\n- Tax (with qualified dividends/cap gains "
         "worksheet): ~$21,060\n- minus credits $5,000 -> $16,060\n- Withholding $17,774 -> **refund ≈ $1,714**\n"
         "**Still need:** your bank routing/account for direct deposit (enter it yourself in the software).",
         "ok thanks!! I'll enter it tonight. Anything I should double-check?", 2880),
    ]
    for reply, user, gap in flow:
        s.ut(gap, reply, user)
    return s


@session
def tax_healthy_2():
    s = Session("tax_prep_healthy_2", "tax_prep", "anthropic", "healthy", TAX_SYS, (),
                model_ix=0, max_tokens=1500, user_id="client-sato",
                notes="The client asks for a plain-English walkthrough of their finished return and says "
                      "'continue' after each part; each answer covers a new part of the return.")
    s.user("My return is done (numbers below). Please write me a plain-English walkthrough, one part at a time, "
           "and wait for me to say continue.\n\nW-2 $118,300; 1099-NEC freelance $22,600; Schedule C expenses "
           "$5,140; HSA $4,400; student loan interest $2,500; standard deduction; single; refund $612.")
    s.send(0)
    parts = [
        "**Part 1 - Your income.** You earned $118,300 in wages and $22,600 from freelance work. The freelance "
        "income is reported on Schedule C, where your $5,140 of business expenses bring it down to a profit of "
        "$17,460. That profit is what gets taxed - both for income tax and for self-employment tax.",
        "**Part 2 - Self-employment tax.** Because nobody withheld Social Security and Medicare from your freelance "
        "pay, you owe both halves yourself: 15.3% on 92.35% of $17,460, which is about $2,467 (Schedule SE). Half "
        "of it, roughly $1,234, comes back to you as an adjustment to income on Schedule 1.",
        "**Part 3 - Adjustments.** Three things reduce your income before deductions: the $4,400 HSA contribution "
        "(Form 8889), the $2,500 student loan interest (the maximum allowed; your income is under the phase-out), "
        "and the $1,234 half of SE tax. Together that's $8,134 off your total income.",
        "**Part 4 - Deduction and taxable income.** You took the standard deduction of $16,100. Adding it up: "
        "$135,760 total income, minus $8,134 adjustments, gives an AGI of $127,626; minus $16,100 leaves taxable "
        "income of $111,526. You also qualify for the 20% qualified business income deduction on the freelance "
        "profit, about $3,245, bringing taxable income to $108,281.",
        "**Part 5 - The tax itself.** On $108,281 as a single filer, income tax comes to about $18,520 using the "
        "2026 brackets (10%, 12%, 22% and a slice at 24%). Add the $2,467 self-employment tax and your total tax "
        "is about $20,987.",
        "**Part 6 - Payments and your refund.** Your employer withheld $19,099 and you made one estimated payment "
        "of $2,500 in September, for $21,599 paid. $21,599 minus $20,987 is your $612 refund.",
        "**Part 7 - For next year.** With $17k+ of freelance profit you're close to owing an underpayment penalty. "
        "Paying about $620 per quarter in estimates (April 15, June 15, Sept 15, Jan 15), or raising your W-4 "
        "withholding by ~$100 per paycheck, keeps you safe. Keep mileage logs if you drive for freelance work - "
        "you didn't claim any this year.",
        "**Part 8 - Records to keep.** Keep the W-2, the 1099-NEC, your Schedule C receipts, the HSA statement "
        "(Form 5498-SA arrives in May) and the 1098-E for at least three years after filing - six if you ever "
        "under-report income by more than 25%.",
    ]
    users = ["continue", "continue", "ok, continue", "continue", "wait, what's QBI? ...ok never mind, continue",
             "continue", "continue", "thanks, that's clear. How much should I set aside from each freelance check?"]
    gaps = [62, 95, 80, 130, 110, 75, 90, 160]
    for reply, u, g in zip(parts, users, gaps):
        s.ut(g, reply, u)
    return s


# ---------------------------------------------------------------- observability_oncall

OBS_SYS = ("You are the on-call assistant for the Payments platform at Fernhill Commerce. During incidents you "
           "query metrics (PromQL), traces and logs, form a hypothesis, and propose or execute runbook actions. "
           "Post concise status updates. Escalate to a human if you cannot make progress in 15 minutes.")
OBS_TOOLS = [
    tool("query_metrics", "Run a PromQL query over a time range.", {"promql": S_, "range": strp("e.g. 30m")}),
    tool("get_traces", "Fetch slow/error traces for a service.", {"service": S_, "status": S_, "limit": I_}),
    tool("search_logs", "Search logs (Lucene syntax) over a time window.", {"query": S_, "since": S_}),
    tool("handoff", "Hand the incident to another on-call agent with a note.", {"to": S_, "note": S_}),
    tool("run_runbook", "Execute a runbook action.", {"action": S_, "target": S_}),
]


@session
def obs_runaway_1():
    s = Session("observability_oncall_runaway_1", "observability_oncall", "responses", "runaway", OBS_SYS, OBS_TOOLS[:3],
                model_ix=2, max_tokens=800, user_id="pd-incident-88412", b=5, d=13,
                notes="Metrics -> traces -> logs, then again and again (period 3): every round shows the same "
                      "card-tokenizer timeouts with fresh timestamps and slightly different numbers, and the "
                      "agent never acts or escalates.")
    s.user("PAGE: [P2] payments-api 5xx rate > 5% for 10m (currently 12.3%). Incident #88412. Investigate.")
    s.send(0)
    r = R("obs1")
    t = 14 * 3600 + 2 * 60
    for cyc in range(7):
        if len(s.turns) >= 20:
            break
        rate = 11.8 + r.random() * 1.2
        t += 60
        s.ts(40, "query_metrics", {"promql": 'sum(rate(http_requests_total{service="payments-api",code=~"5.."}[5m])) '
                                             '/ sum(rate(http_requests_total{service="payments-api"}[5m]))', "range": "30m"},
             jd({"status": "success", "data": {"resultType": "matrix", "result": [{"metric": {"service": "payments-api"},
                 "values": [[1796652000 + t + k * 60, f"{rate / 100 + (k - 4) * 0.0004:.4f}"] for k in range(8)]}]}}),
             text="Checking the 5xx ratio." if cyc == 0 else "Re-checking the error rate to see where we are.")
        if len(s.turns) >= 20:
            break
        traces = [{"trace_id": "".join(r.choice("0123456789abcdef") for _ in range(16)), "root": "POST /v2/charges",
                   "duration_ms": 5000 + r.randint(0, 30), "error": "upstream card-tokenizer: context deadline exceeded (5s)",
                   "start": iso("12-07", t + k * 7)} for k in range(5)]
        s.ts(35, "get_traces", {"service": "payments-api", "status": "error", "limit": 5}, jd({"traces": traces}),
             text="Error rate is still ~{:.0f}%. Looking at error traces.".format(rate) if cyc == 0 else
             "Still elevated. Pulling the latest error traces.")
        if len(s.turns) >= 20:
            break
        logs = "\n".join(f"{iso('12-07', t + 20 + k * 3)} ERROR payments-api-{r.randint(5, 9)}c7f-{r.choice(['x2k', 'p9q', 'm4d'])} "
                         f"charge_id=ch_{r.randint(10 ** 9, 10 ** 10)} tokenizer call failed: context deadline exceeded "
                         f"(timeout=5s) attempt=3/3" for k in range(12))
        s.ts(30, "search_logs", {"query": 'service:payments-api AND level:ERROR', "since": "15m"}, logs,
             text="Traces all time out on card-tokenizer. Checking logs for more detail." if cyc == 0 else
             "Same tokenizer timeouts. Let me check the logs again.")
    return s


@session
def obs_runaway_2():
    s = Session("observability_oncall_runaway_2", "observability_oncall", "chat", "runaway", OBS_SYS,
                [OBS_TOOLS[0], OBS_TOOLS[3]], model_ix=3, max_tokens=600, user_id="pd-incident-88430", b=5, d=10,
                notes="The app on-call agent and the DB on-call agent hand the same incident back and forth: "
                      "'connection pool exhausted -> DB issue' / 'DB healthy -> app issue', round after round.")
    s.user("PAGE: [P2] checkout-svc p99 latency 4.1s (SLO 800ms). Incident #88430.")
    s.send(0)
    s.ts(30, "query_metrics", {"promql": 'histogram_quantile(0.99, sum by (le) (rate(http_server_duration_seconds_bucket{service="checkout-svc"}[5m])))', "range": "30m"},
         jd({"p99_s": 4.12, "hikari_active": 50, "hikari_max": 50, "hikari_pending": 212}),
         text="Checking checkout latency and the connection pool.")
    back = ["[db-oncall-agent] Checked pg-orders-01: CPU 28%, active connections 61/500, replication lag 0.3s, "
            "no locks > 1s, slow-query log empty. The database is healthy; this looks like an app-side pool "
            "issue. Handing back to app-oncall.",
            "[db-oncall-agent] Re-checked pg-orders-01: CPU 30%, 63/500 connections, no waits, no long "
            "transactions. Nothing on the DB side. Returning to app-oncall.",
            "[db-oncall-agent] pg-orders-01 is fine (CPU 27%, 58 connections, lag 0.2s). Not a database problem - "
            "back to you, app-oncall."]
    notes = ["HikariCP pool exhausted (50/50 active, 212 pending) on checkout-svc -> DB is slow to return "
             "connections. Please investigate pg-orders-01.",
             "Pool still exhausted (50/50, ~200 pending). Connections are not being returned fast enough, so this "
             "must be database-side. Handing to db-oncall.",
             "Checkout pool remains saturated; the DB must be holding connections. Over to db-oncall."]
    for i in range(7):
        s.asst("Pool exhausted; handing to the DB on-call." if i == 0 else
               "Handing this back to db-oncall.", [("handoff", {"to": "db-oncall-agent", "note": notes[min(i, 1) if i < 2 else 2 - i % 2]})])
        s.result(jd({"ok": True, "assigned_to": "db-oncall-agent"}))
        s.user(back[i % 3])
        s.send(120 + (i % 3) * 30)
        if len(s.turns) >= 16:
            break
        s.ts(20, "query_metrics", {"promql": 'hikaricp_connections_active{service="checkout-svc"}', "range": "10m"},
             jd({"hikari_active": 50, "hikari_max": 50, "hikari_pending": 190 + i * 7, "p99_s": 4.0 + i * 0.05}),
             text="The DB team says the DB is healthy. Checking the pool again.")
    return s


@session
def obs_healthy_1():
    s = Session("observability_oncall_healthy_1", "observability_oncall", "anthropic", "healthy", OBS_SYS, OBS_TOOLS[:1],
                model_ix=1, max_tokens=400, user_id="svc-healthcheck-cron",
                notes="A scheduled health check every 5 minutes: the same cron prompt and the same query each "
                      "time, 'all green' reports whose timestamps and metrics change; one amber blip recovers.")
    r = R("obs_h1")
    report = None
    for k in range(10):
        ts = iso("12-07", 9 * 3600 + k * 300)
        if report:
            s.asst(report)
        s.user(f"[scheduler] {ts} scheduled health check for payments platform. Run the standard query set and "
               f"report GREEN/AMBER/RED per service.")
        s.send(0 if k == 0 else 285)
        vals = {svc: {"rps": r.randint(lo, hi), "err_pct": round(r.uniform(0.01, 0.3), 2), "p99_ms": r.randint(120, 480)}
                for svc, lo, hi in [("payments-api", 800, 1100), ("checkout-svc", 300, 420), ("card-tokenizer", 600, 900),
                                    ("ledger-writer", 90, 140)]}
        if k == 6:
            vals["ledger-writer"]["p99_ms"] = 1320
        s.ts(15, "query_metrics", {"promql": "fernhill:payments:health_summary", "range": "5m"},
             jd({"at": ts, "services": vals}))
        worst = [svc for svc, v in vals.items() if v["p99_ms"] > 800 or v["err_pct"] > 1]
        lines = "\n".join(f"- {svc}: {'AMBER' if svc in worst else 'GREEN'} ({v['rps']} rps, {v['err_pct']}% err, "
                          f"p99 {v['p99_ms']} ms)" for svc, v in vals.items())
        report = (f"Health check {ts}: {'AMBER' if worst else 'ALL GREEN'}\n{lines}" +
                  ("\nledger-writer p99 above 800 ms; watching next check." if worst else ""))
    s.asst(report)
    s.user("[scheduler] end of shift summary requested.")
    s.send(120)
    return s


@session
def obs_healthy_2():
    s = Session("observability_oncall_healthy_2", "observability_oncall", "responses", "healthy", OBS_SYS, OBS_TOOLS,
                model_ix=0, max_tokens=900, user_id="pd-incident-88455",
                notes="During an incident the metrics API answers 429 and the log search 503 a few times; the "
                      "agent backs off (30s, 60s, 120s) and the calls then succeed, leading to a rollback that "
                      "resolves the incident.")
    s.user("PAGE: [P1] refunds failing, refunds-svc 5xx 38%. Incident #88455. Started 10:41 UTC, right after "
           "deploy refunds-svc v2026.12.07-3.")
    s.send(0)
    q = {"promql": 'sum by (code) (rate(http_requests_total{service="refunds-svc"}[5m]))', "range": "30m"}
    s.ts(20, "query_metrics", q, jd({"status": "error", "errorType": "too_many_requests",
                                     "error": "429 Too Many Requests: tenant fernhill-prod query limit 50/min exceeded",
                                     "retry_after_s": 30}), text="Querying the refunds-svc status codes.")
    s.ts(32, "query_metrics", q, jd({"status": "error", "errorType": "too_many_requests",
                                     "error": "429 Too Many Requests: tenant fernhill-prod query limit 50/min exceeded",
                                     "retry_after_s": 60}),
         text="Rate-limited (other responders are querying too). Waiting the 30 s Retry-After and retrying.")
    s.ts(63, "query_metrics", q, jd({"status": "success", "data": {"result": [
        {"metric": {"code": "200"}, "value": [1796726700, "41.2"]},
        {"metric": {"code": "500"}, "value": [1796726700, "25.9"]}]}}),
        text="429 again with Retry-After 60 s. Backing off 60 s.")
    lq = {"query": 'service:refunds-svc AND level:ERROR', "since": "20m"}
    s.ts(15, "search_logs", lq, "503 Service Unavailable: log-search cluster es-prod-3 is recovering (shard relocation), retry later",
         text="Got it: ~39% of requests are 500s. Searching the logs for the exception.")
    s.ts(60, "search_logs", lq, "503 Service Unavailable: log-search cluster es-prod-3 is recovering (shard relocation), retry later",
         text="Log search is unavailable (503). Retrying in 60 s.")
    s.ts(120, "search_logs", lq,
         "\n".join(f"{iso('12-07', 10 * 3600 + 41 * 60 + k * 11)} ERROR refunds-svc-7d9f-{k % 4} RefundController "
                   f"- java.lang.IllegalStateException: missing config key 'refunds.psp.adyen.merchantAccount' "
                   f"(profile=prod) at c.f.refunds.psp.AdyenClient.<init>(AdyenClient.java:58)" for k in range(10)),
         text="503 again; backing off 120 s before the next try.")
    s.ts(25, "run_runbook", {"action": "rollback", "target": "refunds-svc@v2026.12.07-2"},
         jd({"ok": True, "rollout": "refunds-svc", "from": "v2026.12.07-3", "to": "v2026.12.07-2", "pods_ready": "0/6"}),
         text="Root cause: the new deploy is missing the config key refunds.psp.adyen.merchantAccount. Rolling back "
              "to v2026.12.07-2 per runbook RB-REF-02.")
    s.ts(90, "query_metrics", q, jd({"status": "success", "data": {"result": [
        {"metric": {"code": "200"}, "value": [1796727300, "63.8"]},
        {"metric": {"code": "500"}, "value": [1796727300, "0.4"]}]}}),
        text="Rollback started. Checking the error rate after the pods come up.")
    s.asst("Resolved: 500s down from 25.9/s to 0.4/s after the rollback. Suggested follow-up: add the missing "
           "config key to the prod profile before re-deploying -3.")
    s.user("thanks. write the incident summary for the channel.")
    s.send(180)
    return s


# ---------------------------------------------------------------- translation_memory

TM_SYS = ("You are a localization agent translating the Velotech bicycle-parts catalogue from English (en-US) "
          "into German (de-DE). For each segment: look it up in the translation memory (TM), reuse exact matches, "
          "adapt fuzzy matches, obey the glossary, and submit the segment; the QA checker must pass.")
TM_TOOLS = [
    tool("tm_lookup", "Look up a source segment in the TM; returns matches and the glossary hits.",
         {"segment_id": S_, "source": S_}),
    tool("submit_segment", "Submit a translated segment; runs QA (glossary, tags, numbers, length).",
         {"segment_id": S_, "target": S_}),
]


@session
def tm_runaway_1():
    s = Session("translation_memory_runaway_1", "translation_memory", "chat", "runaway", TM_SYS, TM_TOOLS,
                model_ix=2, max_tokens=500, user_id="loc-velotech-de", b=5, d=11,
                notes="QA rejects a segment because the glossary requires 'Schnellspanner'; the agent alternates "
                      "between two other renderings (A, B, A, B...) and both keep failing the same check.")
    s.user("Continue the catalogue at segment CAT-0412.")
    s.send(0)
    src = "Quick-release skewer, 100 mm, for hollow-axle front hubs (steel, 78 g)"
    s.ts(10, "tm_lookup", {"segment_id": "CAT-0412", "source": src},
         jd({"matches": [{"score": 71, "source": "Quick-release skewer, 130 mm, for rear hubs",
                          "target": "Schnellspanner, 130 mm, für Hinterradnaben"}],
             "glossary": [{"en": "quick-release", "de": "Schnellspanner", "note": "mandatory, never 'Schnellverschluss'"},
                          {"en": "hollow axle", "de": "Hohlachse"}]}), text="")
    a = "Schnellverschluss-Spannachse, 100 mm, für Vorderradnaben mit Hohlachse (Stahl, 78 g)"
    b = "Schnellverschlussachse, 100 mm, für Hohlachs-Vorderradnaben (Stahl, 78 g)"
    fail = jd({"qa": "FAILED", "checks": [{"check": "glossary", "status": "error",
                                            "message": "term 'quick-release' must be rendered as 'Schnellspanner'"},
                                           {"check": "numbers", "status": "ok"}, {"check": "length", "status": "ok"}]})
    texts = ["Adapting the fuzzy match and submitting.",
             "The glossary check failed; rephrasing the term.",
             "Still failing the glossary check; trying the other phrasing.",
             "Trying the alternative wording again."]
    for i in range(14):
        s.ts(8 + i % 4, "submit_segment", {"segment_id": "CAT-0412", "target": a if i % 2 == 0 else b}, fail,
             text=texts[min(i, 3) if i < 3 else 2 + i % 2])
    return s


@session
def tm_runaway_2():
    s = Session("translation_memory_runaway_2", "translation_memory", "anthropic", "runaway", TM_SYS, TM_TOOLS[:1],
                model_ix=0, max_tokens=400, user_id="loc-velotech-de", b=3, d=7,
                notes="The TM has no match for a segment; the agent repeats the identical lookup with the "
                      "identical sentence every turn instead of translating it.")
    s.user("Translate segment CAT-0519 and then carry on with CAT-0520.")
    s.send(0)
    src = "Tubeless-ready rim tape, 21 mm, pre-cut for 29\" wheels (pair)"
    out = jd({"segment_id": "CAT-0519", "matches": [], "glossary": [{"en": "tubeless-ready", "de": "tubeless-ready",
                                                                      "note": "do not translate"}],
              "message": "No TM match >= 50%."})
    s.ts(9, "tm_lookup", {"segment_id": "CAT-0519", "source": src}, out, text="Looking up CAT-0519 in the TM.")
    for i in range(12):
        s.ts(6, "tm_lookup", {"segment_id": "CAT-0519", "source": src}, out,
             text="No match returned. Let me check the TM again for CAT-0519.")
    return s


TM_HEAD = ("Velotech TM server 5.2 | project VT-CAT-2027 | en-US -> de-DE | TM: velotech_master.tmx (48,211 units, "
           "last import 2026-11-30) | penalty: -2 for tag mismatch, -1 for whitespace\n"
           "Glossary (velotech_terms_de.tbx, 212 entries; showing terms relevant to the catalogue):\n"
           "  quick-release = Schnellspanner (never 'Schnellverschluss'); thru-axle = Steckachse; hollow axle = "
           "Hohlachse;\n  derailleur = Schaltwerk (rear) / Umwerfer (front); cassette = Kassette; chainring = "
           "Kettenblatt; bottom bracket = Tretlager;\n  brake rotor = Bremsscheibe; brake pads = Bremsbeläge; "
           "tubeless-ready = tubeless-ready (do not translate); rim tape = Felgenband;\n  torque = Drehmoment; "
           "Nm = Nm; grams = g; 'ships in' = 'Lieferzeit'; 'pair' = 'Paar'; 'set' = 'Set'\n"
           "Style: formal product German, no 'Sie' address in product names, decimal comma, non-breaking space "
           "before units.\n---- matches ----\n")


@session
def tm_healthy_1():
    s = Session("translation_memory_healthy_1", "translation_memory", "responses", "healthy", TM_SYS, TM_TOOLS,
                model_ix=1, max_tokens=500, user_id="loc-velotech-de",
                notes="Segment after segment: every TM lookup returns the same long header and glossary "
                      "boilerplate with a different match; every submission passes QA and the agent moves on.")
    s.user("Please do segments CAT-0601 to CAT-0609 (brake section).")
    s.send(0)
    segs = [
        ("CAT-0601", "Hydraulic disc brake set, front and rear, 4-piston", "Hydraulisches Scheibenbremsen-Set, vorne und hinten, 4-Kolben",
         92, "Hydraulic disc brake set, front and rear, 2-piston", "Hydraulisches Scheibenbremsen-Set, vorne und hinten, 2-Kolben"),
        ("CAT-0602", "Brake rotor, 180 mm, 6-bolt", "Bremsscheibe, 180 mm, 6-Loch", 100, "Brake rotor, 180 mm, 6-bolt",
         "Bremsscheibe, 180 mm, 6-Loch"),
        ("CAT-0603", "Brake rotor, 203 mm, Center Lock", "Bremsscheibe, 203 mm, Center Lock", 88, "Brake rotor, 160 mm, Center Lock",
         "Bremsscheibe, 160 mm, Center Lock"),
        ("CAT-0604", "Organic brake pads for wet conditions (pair)", "Organische Bremsbeläge für Nässe (Paar)", 64,
         "Sintered brake pads (pair)", "Gesinterte Bremsbeläge (Paar)"),
        ("CAT-0605", "Mineral oil, 100 ml - do not use DOT fluid", "Mineralöl, 100 ml – keine DOT-Flüssigkeit verwenden", 58,
         "DOT 5.1 brake fluid, 250 ml", "DOT-5.1-Bremsflüssigkeit, 250 ml"),
        ("CAT-0606", "Bleed kit with syringes and adapters", "Entlüftungskit mit Spritzen und Adaptern", 0, "", ""),
        ("CAT-0607", "Post-mount adapter, +20 mm", "Post-Mount-Adapter, +20 mm", 95, "Post-mount adapter, +40 mm",
         "Post-Mount-Adapter, +40 mm"),
        ("CAT-0608", "Tighten rotor bolts to 6 Nm", "Bremsscheibenschrauben mit 6 Nm anziehen", 79,
         "Tighten caliper bolts to 8 Nm", "Bremssattelschrauben mit 8 Nm anziehen"),
        ("CAT-0609", "Ships in 3-5 business days", "Lieferzeit 3–5 Werktage", 100, "Ships in 3-5 business days",
         "Lieferzeit 3–5 Werktage"),
    ]
    prev = None
    for sid, src, tgt, score, msrc, mtgt in segs:
        m = (f"  [{score}%] {msrc}\n        -> {mtgt}\n" if score else "  (no match >= 50%)\n")
        s.ts(7, "tm_lookup", {"segment_id": sid, "source": src}, TM_HEAD + m + f"---- end ({sid}) ----",
             text=(f"{prev} passed QA. Next: {sid}." if prev else f"Starting with {sid}."))
        s.ts(9, "submit_segment", {"segment_id": sid, "target": tgt},
             jd({"segment_id": sid, "qa": "PASSED", "checks": [{"check": c, "status": "ok"} for c in
                                                                 ("glossary", "numbers", "tags", "length")]}),
             text=("Exact match, reusing it." if score == 100 else
                   "No match; translating from scratch with the glossary." if score == 0 else
                   f"{score}% fuzzy match; adapting it."))
        prev = sid
    s.asst("All nine brake segments (CAT-0601 to CAT-0609) are translated and passed QA.")
    s.user("super, danke. Next batch tomorrow.")
    s.send(200)
    return s


@session
def tm_healthy_2():
    s = Session("translation_memory_healthy_2", "translation_memory", "chat", "healthy", TM_SYS, (),
                model_ix=0, max_tokens=700, user_id="rev-kuehn",
                notes="A reviewer refines one long product description through small, different edits; each "
                      "revision is almost the same text with one real change, then it is approved.")
    base = ("Die Velotech Gravel-Kurbelgarnitur GRX-1 verbindet geringes Gewicht mit hoher Steifigkeit. Die "
            "geschmiedeten Aluminiumkurbeln wiegen nur 612 g (172,5 mm) und sind mit 38- oder 40-Zähne-"
            "Kettenblättern erhältlich. Das 24-mm-Achssystem passt in alle gängigen Tretlager. Für 11- und "
            "12-fach-Antriebe geeignet.")
    s.user("Here is my review of the GRX-1 crankset description (CAT-0733, marketing text, not from TM). First "
           "draft below - I'll send edits one at a time.\n\n" + base + "\n\nEdit 1: 'Gravel-Kurbelgarnitur' -> "
           "'Gravel-Kurbel' is what our shop uses.")
    s.send(0)
    edits = [
        ("Gravel-Kurbelgarnitur", "Gravel-Kurbel",
         "Edit 2: the weight should have a non-breaking space: '612\u00a0g'. Please keep that everywhere."),
        ("612 g", "612\u00a0g", "Edit 3: 'gängigen Tretlager' -> 'gängigen Tretlagerstandards (BSA, PF30, T47)'."),
        ("gängigen Tretlager", "gängigen Tretlagerstandards (BSA, PF30, T47)",
         "Edit 4: 38- oder 40-Zähne is clumsy. Use '38 Z oder 40 Z'."),
        ("38- oder 40-Zähne-Kettenblättern", "Kettenblättern mit 38\u00a0Z oder 40\u00a0Z",
         "Edit 5: last sentence: 'Kompatibel mit 11- und 12-fach-Antrieben.' reads better."),
        ("Für 11- und 12-fach-Antriebe geeignet.", "Kompatibel mit 11- und 12-fach-Antrieben.",
         "Edit 6: 'hoher Steifigkeit' -> 'hoher Steifigkeit im Antritt'."),
        ("hoher Steifigkeit", "hoher Steifigkeit im Antritt",
         "Edit 7: please put the crank length as '172,5\u00a0mm' with the nbsp too."),
        ("172,5 mm", "172,5\u00a0mm", "Approved. Please give me the final text once more, clean, no commentary."),
    ]
    text = base.replace("Gravel-Kurbelgarnitur", "Gravel-Kurbelgarnitur")
    gaps = [0, 240, 180, 300, 150, 210, 260]
    for i, (old, new, nxt) in enumerate(edits):
        need(old in text, "edit does not apply: " + old)
        text = text.replace(old, new)
        s.ut(gaps[i] or 90, f"Revised (edit {i + 1} applied):\n\n{text}", nxt)
    return s


# ---------------------------------------------------------------- marketplace_pricing

MP_SYS = ("You are the repricing agent for Harbor & Pine, a home-goods seller on several marketplaces. Fetch "
          "competitor offers for the SKUs in the batch, compute new prices with the rule 'match the lowest "
          "in-stock competitor with rating >= 4.0, never below floor, never above ceiling', and apply them in "
          "batches. Prices are integers in cents.")
MP_TOOLS = [
    tool("get_competitor_offers", "Competitor offers for a list of SKUs, paginated (50 offers per page).",
         {"skus": {"type": "array", "items": S_}, "cursor": strp("page cursor, empty for the first page")}),
    tool("apply_prices", "Apply new prices for a batch of SKUs.",
         {"batch_id": S_, "prices": {"type": "array", "items": {"type": "object"}}}),
    tool("validate_price_file", "Dry-run validation of a price upload file (CSV text).", {"csv": S_}),
    tool("upload_price_file", "Upload a validated price file.", {"csv": S_}),
]

MP_SKUS = ["HP-LIN-QN-SAGE", "HP-LIN-KG-SAGE", "HP-TWL-6PC-NAVY", "HP-TWL-6PC-SAND", "HP-CB-WAL-18",
           "HP-CB-MAP-14", "HP-CAN-SOY-12", "HP-THR-WOOL-GRY", "HP-MUG-STW-4", "HP-DUV-QN-WHT"]


def offers_page(seed, skus, n):
    r = R(seed)
    out = []
    for k in range(n):
        sku = skus[k % len(skus)]
        out.append({"sku": sku, "seller": r.choice(["Lumen Home", "CasaNorte", "BrightNest", "OakAndEmber",
                                                   "DailyLinen Co", "Threadbare Goods", "Nordhaven"]),
                    "price_cents": r.randint(1899, 15999), "rating": round(r.uniform(3.2, 4.9), 1),
                    "in_stock": r.random() > 0.15, "fetched_at": f"2026-12-07T16:{10 + k // 10:02d}:{(k * 7) % 60:02d}Z"})
    return out


@session
def mp_runaway_1():
    s = Session("marketplace_pricing_runaway_1", "marketplace_pricing", "responses", "runaway", MP_SYS, MP_TOOLS[:2],
                model_ix=0, max_tokens=600, user_id="ops-repricer", b=5, d=11,
                notes="The competitor API's page 3 returns a next_cursor that points back to page 2; the agent "
                      "follows it forever, receiving the same two pages alternately (period-2 cycle).")
    s.user("Reprice batch B-1207-A (10 SKUs: " + ", ".join(MP_SKUS) + "). Collect all competitor offers first.")
    s.send(0)
    pages = {"": ("p1", "Y3VyPTI="), "Y3VyPTI=": ("p2", "Y3VyPTM="), "Y3VyPTM=": ("p3", "Y3VyPTI=")}
    cur = ""
    seen = 0
    for i in range(15):
        name, nxt = pages[cur]
        offers = offers_page("mp1" + name, MP_SKUS, 50)
        seen += 50
        s.ts(4 + i % 3, "get_competitor_offers", {"skus": MP_SKUS, "cursor": cur},
             jd({"page": int(name[1]), "offers": offers, "next_cursor": nxt, "total_estimate": 140}),
             text=("Fetching the first page of offers." if i == 0 else
                   f"Got {seen - 50} offers so far; fetching the next page."))
        cur = nxt
    return s


@session
def mp_runaway_2():
    s = Session("marketplace_pricing_runaway_2", "marketplace_pricing", "anthropic", "runaway", MP_SYS, (),
                model_ix=0, max_tokens=1000, user_id="ops-dana",
                b=5, d=9,
                notes="Tool-less: an operator pastes the repricer's ever-growing job log after each suggested fix; "
                      "it always ends in the same 403 InvalidSignature from the marketplace API.")
    r = R("mp2")
    log = []

    def run(k):
        t = 16 * 3600 + k * 900
        lines = [f"{iso('12-07', t)} INFO  repricer[{4100 + k}] start batch=B-1207-{chr(65 + k)} skus=250 marketplace=mkt-eu",
                 f"{iso('12-07', t + 1)} INFO  repricer[{4100 + k}] loaded credentials profile=prod-eu key_id=AKIA...7QX2"]
        for j in range(16):
            lines.append(f"{iso('12-07', t + 2 + j)} DEBUG repricer[{4100 + k}] offers sku={r.choice(MP_SKUS)} "
                         f"lowest={r.randint(1899, 15999)} floor={r.randint(1500, 9000)} ceiling={r.randint(16000, 30000)} "
                         f"-> new={r.randint(1899, 15999)}")
        lines += [f"{iso('12-07', t + 20)} INFO  repricer[{4100 + k}] PUT /listings/2021-08-01/items/HARBORPINE/prices batch=250",
                  f"{iso('12-07', t + 21)} ERROR repricer[{4100 + k}] 403 Forbidden: {{\"errors\":[{{\"code\":\"InvalidSignature\","
                  f"\"message\":\"The request signature we calculated does not match the signature you provided. Check your "
                  f"AWS Secret Access Key and signing method.\"}}]}}",
                  f"{iso('12-07', t + 21)} ERROR repricer[{4100 + k}] batch=B-1207-{chr(65 + k)} aborted, 0/250 prices applied"]
        return lines

    log += run(0)
    s.user("the repricer fails every run, here's the log:\n```\n" + "\n".join(log) + "\n```")
    s.send(0)
    fixes = [
        "The 403 InvalidSignature means the request signature doesn't match. Most common cause: the secret key in "
        "profile prod-eu is wrong or has a trailing newline. Re-enter the secret and rerun.",
        "Still InvalidSignature. Next suspect: clock skew - SigV4 signatures fail if the host clock is more than 5 "
        "minutes off. Run `chronyc tracking`, fix the time, rerun.",
        "Same error. Check that the signing region matches the endpoint: mkt-eu must be signed for eu-west-1, not "
        "us-east-1. Set REPRICER_SIGNING_REGION=eu-west-1 and rerun.",
        "Still the same 403. It might be the secret again - please rotate the key pair in the console and update "
        "prod-eu with the new one, then rerun.",
        "InvalidSignature again. Please double-check the server time - even a small skew can break the signature. "
        "Then rerun.",
        "The error is unchanged. Maybe the region: confirm the signing region is eu-west-1 for mkt-eu and rerun.",
    ]
    users = ["did that, reran, same thing:", "clock was fine (offset 0.002s). reran:", "set it, reran:",
             "rotated the key. reran:", "time is fine, I told you. reran anyway:", "region IS eu-west-1:",
             "again:", "same:", "here:", "still:"]
    for i in range(12):
        log += run(i + 1)
        s.ut([420, 600, 540, 900, 480, 660, 500, 700, 450, 610, 530, 580][i], fixes[i % len(fixes)],
             users[i % len(users)] + "\n```\n" + "\n".join(log) + "\n```")
        if len(s.turns) >= 13:
            break
    return s


@session
def mp_healthy_1():
    s = Session("marketplace_pricing_healthy_1", "marketplace_pricing", "chat", "healthy", MP_SYS, MP_TOOLS[:2],
                model_ix=0, max_tokens=700, user_id="ops-repricer",
                notes="Three batches, each paged through the competitor API (the cursor advances, the last page "
                      "has no next_cursor) and applied; same calls, different SKUs, offers and prices.")
    s.user("Nightly repricing: batches B-1207-N1, N2, N3 (the 10 core SKUs split 4/3/3).")
    s.send(0)
    batches = [("B-1207-N1", MP_SKUS[:4], 2), ("B-1207-N2", MP_SKUS[4:7], 2), ("B-1207-N3", MP_SKUS[7:], 3)]
    r = R("mp_h1")
    for bid, skus, npages in batches:
        cur = ""
        allo = []
        for pg in range(npages):
            offers = offers_page(f"mph1{bid}{pg}", skus, 50 if pg < npages - 1 else 23)
            allo += offers
            nxt = None if pg == npages - 1 else f"{bid}:{pg + 2}"
            s.ts(6, "get_competitor_offers", {"skus": skus, "cursor": cur},
                 jd({"page": pg + 1, "offers": offers, "next_cursor": nxt}),
                 text=(f"Batch {bid}: fetching offers." if pg == 0 else f"Page {pg + 1} of {bid}."))
            cur = nxt
        prices = []
        for sku in skus:
            ok = [o["price_cents"] for o in allo if o["sku"] == sku and o["in_stock"] and o["rating"] >= 4.0]
            prices.append({"sku": sku, "price_cents": max(min(ok) if ok else 9999, 1999)})
        s.ts(10, "apply_prices", {"batch_id": bid, "prices": prices},
             jd({"batch_id": bid, "applied": len(prices), "rejected": 0}),
             text=f"All {len(allo)} offers for {bid} collected; applying {len(prices)} prices.")
    s.asst("Done: 10 SKUs repriced across three batches, no rejections.")
    s.user("thanks - send me the biggest price changes")
    s.send(90)
    return s


@session
def mp_healthy_2():
    s = Session("marketplace_pricing_healthy_2", "marketplace_pricing", "anthropic", "healthy", MP_SYS, MP_TOOLS[2:],
                model_ix=0, max_tokens=900, user_id="ops-dana",
                notes="A price file fails dry-run validation three times for different reasons (missing column, "
                      "currency, rows below floor); each fix differs and the fourth validation passes and uploads.")
    s.user("Upload the holiday price file for the EU store. Validate first.\n\nsku,price\n" +
           "\n".join(f"{k},{v}" for k, v in zip(MP_SKUS, [4999, 5999, 3499, 3499, 6499, 3999, 2499, 8999, 3299, 12999])))
    s.send(0)
    prices = [4999, 5999, 3499, 3499, 6499, 3999, 2499, 8999, 3299, 12999]
    csv1 = "sku,price\n" + "\n".join(f"{k},{v}" for k, v in zip(MP_SKUS, prices))
    s.ts(20, "validate_price_file", {"csv": csv1},
         jd({"valid": False, "errors": [{"row": 0, "error": "missing required column 'currency'"},
                                        {"row": 0, "error": "column 'price' must be named 'price_cents'"}]}),
         text="Validating the file as given.")
    csv2 = "sku,price_cents,currency\n" + "\n".join(f"{k},{v},USD" for k, v in zip(MP_SKUS, prices))
    s.ts(15, "validate_price_file", {"csv": csv2},
         jd({"valid": False, "errors": [{"row": i + 1, "error": "currency USD not allowed for store EU-DE; expected EUR"}
                                        for i in range(10)]}),
         text="Header fixed (price_cents, currency added).")
    s.asst("Every row is rejected because the EU store takes EUR, not USD. Are these prices already in euro cents, "
           "or should I convert them?")
    s.user("they're euro already, just the label was wrong")
    s.send(1300)
    csv3 = csv2.replace(",USD", ",EUR")
    s.ts(15, "validate_price_file", {"csv": csv3},
         jd({"valid": False, "errors": [{"row": 7, "error": "HP-CAN-SOY-12 price_cents 2499 below floor 2790"},
                                        {"row": 9, "error": "HP-MUG-STW-4 price_cents 3299 below floor 3490"}]}),
         text="Relabelled as EUR; validating again.")
    s.asst("Two rows are below their floor prices: HP-CAN-SOY-12 (2499 < 2790) and HP-MUG-STW-4 (3299 < 3490). "
           "Raise them to the floor, or drop them from this upload?")
    s.user("raise to floor")
    s.send(600)
    csv4 = csv3.replace("HP-CAN-SOY-12,2499", "HP-CAN-SOY-12,2790").replace("HP-MUG-STW-4,3299", "HP-MUG-STW-4,3490")
    s.ts(15, "validate_price_file", {"csv": csv4}, jd({"valid": True, "errors": [], "rows": 10}),
         text="Raised both rows to their floors; validating.")
    s.ts(12, "upload_price_file", {"csv": csv4}, jd({"upload_id": "up_77120", "status": "ACCEPTED", "rows": 10,
                                                     "effective_at": "2026-12-08T00:00:00+01:00"}),
         text="Validation passed. Uploading.")
    s.asst("Uploaded (up_77120): 10 prices, effective at midnight CET.")
    s.user("great, thanks")
    s.send(45)
    return s


# ==== END STYLES ====


def build():
    docs = {}
    for fn in SESSIONS:
        s = fn()
        doc = s.doc()
        validate_doc(doc, s.stateless)
        need(doc["name"] not in docs, "duplicate name " + doc["name"])
        docs[doc["name"]] = doc
    ids = [d["headers"]["x-session-id"] for d in docs.values()]
    need(len(set(ids)) == len(ids), "session ids not unique")
    return docs


def files(docs):
    out = {os.path.join("tuning", ".gitkeep"): ""}
    for name, doc in docs.items():
        # every session of corpus_i is held out: it is scored once and never tuned on
        out[os.path.join("heldout", name + ".json")] = json.dumps(
            doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    return out


def main():
    docs = build()
    want = files(docs)
    if "--check" in sys.argv[1:]:
        bad = []
        for rel, text in want.items():
            p = os.path.join(OUT, rel)
            if not os.path.exists(p) or open(p, encoding="utf-8").read() != text:
                bad.append(rel)
        for sub in ("tuning", "heldout"):
            d = os.path.join(OUT, sub)
            for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
                if os.path.join(sub, f) not in want:
                    bad.append(os.path.join(sub, f) + " (extra)")
        for p in sorted(os.listdir(os.path.join(OUT, "heldout"))):
            with open(os.path.join(OUT, "heldout", p), encoding="utf-8") as fh:
                json.load(fh)
        if bad:
            print("corpus_i differs from the generator:", *bad, sep="\n  ")
            return 1
        print(f"corpus_i ok: {len(docs)} sessions, all valid and identical to disk")
        return 0
    for sub in ("tuning", "heldout"):
        os.makedirs(os.path.join(OUT, sub), exist_ok=True)
        for f in os.listdir(os.path.join(OUT, sub)):
            if os.path.join(sub, f) not in want:
                os.remove(os.path.join(OUT, sub, f))
    for rel, text in want.items():
        with open(os.path.join(OUT, rel), "w", encoding="utf-8") as fh:
            fh.write(text)
    summary = {}
    for d in docs.values():
        k = (d["style"], d["expected"]["outcome"], d["shape"])
        summary[k] = summary.get(k, 0) + 1
    for k in sorted(summary):
        print(*k, summary[k])
    print(len(docs), "sessions written to", OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
