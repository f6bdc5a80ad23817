#!/usr/bin/env python3
"""Generate the writer-q agent-session corpus (tests/fixtures/corpus_q).

Stdlib only, deterministic (fixed seeds, no clock, no network). Every style is written by its
own hand-written function; sessions are described once in a neutral form (user text,
assistant text + tool calls, tool outputs) and rendered into the OpenAI Chat, OpenAI
Responses or Anthropic Messages request shape, each turn resending the full history.

    python3 scripts/gen_corpus_q.py          # write the files
    python3 scripts/gen_corpus_q.py --check  # regenerate in memory, validate, compare to disk
"""
import json
import os
import random
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "corpus_q")
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
MODELS = {"chat": ["gpt-4o", "gpt-4.1-mini"], "responses": ["gpt-4.1", "gpt-4o-mini"],
          "anthropic": ["claude-sonnet-4-20250514", "claude-3-5-haiku-20241022"]}


class Session:
    """One session in neutral form. Turns are added with user()/tools(); each turn carries the
    assistant's reply to it, which becomes history for the next turn."""

    def __init__(self, style, kind, idx, shape, system, tools=None, runaway=None, notes="",
                 user_id="u-q", stateless=False, model_idx=0, max_tokens=1024):
        self.style, self.kind, self.idx, self.shape = style, kind, idx, shape
        self.system, self.tools = system, tools or {}
        self.runaway, self.notes, self.user_id = runaway, notes, user_id
        self.stateless, self.max_tokens = stateless, max_tokens
        self.model = MODELS[shape][model_idx]
        self.turns = []  # (at_seconds, inputs, reply)
        self.t = 0
        self.ncall = 0
        self.pending = []  # ids of the calls of the last reply

    @property
    def name(self):
        return "%s_%s_%d_%s" % (self.style, self.kind, self.idx, self.shape)

    def _reply(self, text, calls):
        out = []
        for name, args in calls or []:
            self.ncall += 1
            prefix = {"chat": "call_", "responses": "fc_", "anthropic": "toolu_"}[self.shape]
            cid = "%sq%02d%04d" % (prefix, abs(hash_str(self.name)) % 97, self.ncall)
            out.append((cid, name, args))
        self.pending = [c[0] for c in out]
        return ("assistant", text, out)

    def user(self, dt, text, reply="", calls=None):
        self.t += dt
        self.turns.append((self.t, [("user", text)], self._reply(reply, calls)))

    def tools_(self, dt, outputs, reply="", calls=None, then_user=None):
        if isinstance(outputs, str):
            outputs = [outputs]
        assert len(outputs) == len(self.pending), (self.name, len(self.turns))
        self.t += dt
        ins = [("tool", list(zip(self.pending, outputs)))]
        if then_user:
            ins.append(("user", then_user))
        self.turns.append((self.t, ins, self._reply(reply, calls)))

    def expected(self):
        if self.runaway is None:
            return {"outcome": "healthy"}
        b, d = self.runaway
        return {"outcome": "runaway", "loop_begins_turn": b, "stop_by_turn": d}

    def render(self):
        hist = []
        turns = []
        for at, ins, reply in self.turns:
            if self.stateless:
                hist = []
            hist.extend(ins)
            turns.append({"at_seconds": at, "request": render_request(self, hist)})
            hist.append(reply)
        doc = {"name": self.name, "style": self.style, "shape": self.shape,
               "path": PATHS[self.shape],
               "headers": {"x-session-id": "corpq-" + self.name, "x-user-id": self.user_id},
               "expected": self.expected(), "notes": self.notes, "turns": turns}
        return doc


def hash_str(s):
    h = 0
    for ch in s:
        h = (h * 131 + ord(ch)) % 1000003
    return h


def schema(params):
    props = {}
    for p, ty in params.items():
        props[p] = {"type": ty}
    return {"type": "object", "properties": props, "required": list(params)}


def render_request(s, hist):
    if s.shape == "chat":
        msgs = [{"role": "system", "content": s.system}]
        for ev in hist:
            if ev[0] == "user":
                msgs.append({"role": "user", "content": ev[1]})
            elif ev[0] == "tool":
                for cid, out in ev[1]:
                    msgs.append({"role": "tool", "tool_call_id": cid, "content": out})
            else:
                m = {"role": "assistant", "content": ev[1] or None}
                if ev[2]:
                    m["tool_calls"] = [{"id": cid, "type": "function",
                                        "function": {"name": n, "arguments": json.dumps(a, sort_keys=True)}}
                                       for cid, n, a in ev[2]]
                msgs.append(m)
        req = {"model": s.model, "messages": msgs, "max_tokens": s.max_tokens}
        if s.tools:
            req["tools"] = [{"type": "function", "function": {"name": n, "description": d, "parameters": schema(p)}}
                            for n, (d, p) in sorted(s.tools.items())]
        return req
    if s.shape == "responses":
        items = []
        for ev in hist:
            if ev[0] == "user":
                items.append({"type": "message", "role": "user", "content": [{"type": "input_text", "text": ev[1]}]})
            elif ev[0] == "tool":
                for cid, out in ev[1]:
                    items.append({"type": "function_call_output", "call_id": cid, "output": out})
            else:
                if ev[1]:
                    items.append({"type": "message", "role": "assistant",
                                  "content": [{"type": "output_text", "text": ev[1]}]})
                for cid, n, a in ev[2]:
                    items.append({"type": "function_call", "call_id": cid, "name": n,
                                  "arguments": json.dumps(a, sort_keys=True)})
        req = {"model": s.model, "instructions": s.system, "input": items, "max_output_tokens": s.max_tokens}
        if s.tools:
            req["tools"] = [{"type": "function", "name": n, "description": d, "parameters": schema(p)}
                            for n, (d, p) in sorted(s.tools.items())]
        return req
    # anthropic: consecutive user-side events merge into one user message
    msgs = []
    for ev in hist:
        if ev[0] == "assistant":
            blocks = []
            if ev[1]:
                blocks.append({"type": "text", "text": ev[1]})
            for cid, n, a in ev[2]:
                blocks.append({"type": "tool_use", "id": cid, "name": n, "input": a})
            msgs.append({"role": "assistant", "content": blocks})
            continue
        if ev[0] == "user":
            blocks = [{"type": "text", "text": ev[1]}]
        else:
            blocks = [{"type": "tool_result", "tool_use_id": cid, "content": out,
                       "is_error": out.lstrip().startswith(("ERROR", "HTTP 4", "HTTP 5", "{\"error\""))}
                      for cid, out in ev[1]]
        if msgs and msgs[-1]["role"] == "user":
            msgs[-1]["content"].extend(blocks)
        else:
            msgs.append({"role": "user", "content": blocks})
    req = {"model": s.model, "system": s.system, "messages": msgs, "max_tokens": s.max_tokens}
    if s.tools:
        req["tools"] = [{"name": n, "description": d, "input_schema": schema(p)}
                        for n, (d, p) in sorted(s.tools.items())]
    return req


# ---------------------------------------------------------------- validation

class Invalid(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Invalid(msg)


def validate_request(shape, req, declared):
    if shape == "chat":
        need(isinstance(req.get("model"), str) and isinstance(req.get("messages"), list), "chat fields")
        open_ids = []
        for i, m in enumerate(req["messages"]):
            role = m.get("role")
            need(role in ("system", "user", "assistant", "tool"), "chat role")
            if role == "tool":
                need(m.get("tool_call_id") in open_ids, "chat tool id %s unmatched" % m.get("tool_call_id"))
                open_ids.remove(m["tool_call_id"])
                continue
            need(not open_ids, "chat: tool calls %s not answered before message %d" % (open_ids, i))
            if role == "assistant":
                for c in m.get("tool_calls", []):
                    need(c["type"] == "function" and c["function"]["name"] in declared, "chat undeclared tool")
                    json.loads(c["function"]["arguments"])
                    open_ids.append(c["id"])
                need(m.get("content") is not None or m.get("tool_calls"), "chat empty assistant")
            else:
                need(isinstance(m.get("content"), str), "chat content")
        need(req["messages"][-1]["role"] in ("user", "tool"), "chat last message")
        need(not open_ids, "chat dangling calls")
    elif shape == "responses":
        need(isinstance(req.get("input"), list) and "max_output_tokens" in req, "responses fields")
        need("previous_response_id" not in req, "no previous_response_id")
        open_ids = []
        for it in req["input"]:
            ty = it.get("type")
            if ty == "function_call":
                need(it["name"] in declared, "responses undeclared tool")
                json.loads(it["arguments"])
                open_ids.append(it["call_id"])
            elif ty == "function_call_output":
                need(it["call_id"] in open_ids, "responses output unmatched")
                open_ids.remove(it["call_id"])
            else:
                need(ty == "message" and it.get("role") in ("user", "assistant"), "responses item")
                need(not open_ids, "responses calls unanswered")
        need(not open_ids, "responses dangling calls")
        need(req["input"][-1]["type"] in ("message", "function_call_output"), "responses last")
    else:
        need(isinstance(req.get("max_tokens"), int) and isinstance(req.get("messages"), list), "anthropic fields")
        msgs = req["messages"]
        need(msgs and msgs[0]["role"] == "user" and msgs[-1]["role"] == "user", "anthropic ends")
        prev_ids = []
        for i, m in enumerate(msgs):
            need(m["role"] == ("user" if i % 2 == 0 else "assistant"), "anthropic alternation at %d" % i)
            need(m["content"], "anthropic empty content")
            if m["role"] == "assistant":
                prev_ids = [b["id"] for b in m["content"] if b["type"] == "tool_use"]
                for b in m["content"]:
                    need(b["type"] in ("text", "tool_use"), "anthropic block")
                    if b["type"] == "tool_use":
                        need(b["name"] in declared, "anthropic undeclared tool")
            else:
                got = [b["tool_use_id"] for b in m["content"] if b["type"] == "tool_result"]
                need(sorted(got) == sorted(prev_ids), "anthropic tool_result ids at %d" % i)
                kinds = [b["type"] for b in m["content"]]
                need(kinds == sorted(kinds, key=lambda k: k != "tool_result"), "tool_result first")
                prev_ids = []


def validate_doc(doc, stateless):
    need(set(doc) == {"name", "style", "shape", "path", "headers", "expected", "turns", "notes"}, "fields")
    need(doc["path"] == PATHS[doc["shape"]], "path")
    need(8 <= len(doc["turns"]) <= 30, "turn count %d" % len(doc["turns"]))
    exp = doc["expected"]
    if exp["outcome"] == "runaway":
        need(1 <= exp["loop_begins_turn"] < exp["stop_by_turn"] < len(doc["turns"]), "B/D range")
    declared = set()
    last_at, prev = -1, None
    for t in doc["turns"]:
        req = t["request"]
        need(t["at_seconds"] > last_at, "time order")
        last_at = t["at_seconds"]
        tools = req.get("tools", [])
        declared = {x.get("name") or x.get("function", {}).get("name") for x in tools}
        validate_request(doc["shape"], req, declared)
        key = {"chat": "messages", "responses": "input", "anthropic": "messages"}[doc["shape"]]
        if prev is not None and not stateless:
            cur = req[key]
            need(len(cur) > len(prev) and cur[:len(prev)] == prev, "history not resent")
        prev = req[key]


# ---------------------------------------------------------------- helpers

def j(obj):
    return json.dumps(obj, sort_keys=True)



# ================================================================ payroll_run_checker

PAYROLL_TOOLS = {
    "hris_lookup": ("Look up an employee record in the HRIS (Workday export).", {"employee_id": "string"}),
    "timesheet_fetch": ("Fetch approved timesheet lines for an employee and pay period.",
                        {"employee_id": "string", "period": "string"}),
    "tax_table": ("Fetch the withholding table for a state and year.", {"state": "string", "year": "integer"}),
    "payroll_validate": ("Run the validation suite on a payroll run.", {"run_id": "string"}),
    "payroll_clone_run": ("Clone a payroll run into a new draft.", {"run_id": "string"}),
}
PAYROLL_SYS = ("You are PayCheck, an assistant that validates payroll runs before they are released to the bank. "
               "Use the tools. Never release a run yourself; report findings to the payroll specialist.")


def payroll():
    out = []
    # R1 chat: renamed entities — the same lock failure, a new draft id each time.
    s = Session("payroll_run_checker", "runaway", 1, "chat", PAYROLL_SYS, PAYROLL_TOOLS, runaway=(4, 10),
                notes="Every cloned draft run fails validation on the same held lock; the agent keeps cloning, "
                      "so the failure repeats under a new run id each time.", user_id="u-payroll-anita")
    s.user(0, "Validate run PR-2027-03-B (semi-monthly, 1,284 employees) so I can release it by 3pm Pacific.",
           "Starting validation of PR-2027-03-B.", [("payroll_validate", {"run_id": "PR-2027-03-B"})])
    s.tools_(9, j({"run_id": "PR-2027-03-B", "status": "ERROR", "code": "RUN_LOCKED",
                   "message": "Run is locked by session 7f3a-22c1 (user jmarsh, opened 2027-03-14T08:02:11Z). "
                              "Validation requires an exclusive lock."}),
             "The run is locked by jmarsh's session. I'll clone it to a fresh draft and validate the clone instead.",
             [("payroll_clone_run", {"run_id": "PR-2027-03-B"})])
    run_ids = ["PR-2027-03-B-D1", "PR-2027-03-B-D2", "PR-2027-03-B-D3", "PR-2027-03-B-D4", "PR-2027-03-B-D5",
               "PR-2027-03-B-D6", "PR-2027-03-B-D7", "PR-2027-03-B-D8"]
    sessions = ["91bc-04de", "a0f1-7733", "c4e2-19aa", "d88b-3310", "e172-5bd0", "f03c-8e41", "0a9d-c2f7", "1b55-6e02"]
    phr = ["Clone created. Validating the new draft.", "Draft is ready; running validation on it now.",
           "New draft available, starting the validation suite.", "Validating the freshly cloned draft.",
           "Clone done. Running validation.", "Kicking off validation on the new draft.",
           "Draft cloned, validating.", "Validating the clone."]
    for k, rid in enumerate(run_ids):
        s.tools_(6 + k, j({"cloned_from": "PR-2027-03-B" if k == 0 else run_ids[k - 1], "run_id": rid,
                           "status": "DRAFT", "employees": 1284}),
                 phr[k], [("payroll_validate", {"run_id": rid})])
        if len(s.turns) >= 19:
            break
        s.tools_(11 + k, j({"run_id": rid, "status": "ERROR", "code": "RUN_LOCKED",
                            "message": "Run is locked by session %s (user jmarsh, opened 2027-03-14T08:02:11Z). "
                                       "Validation requires an exclusive lock." % sessions[k]}),
                 "The draft %s is also locked by jmarsh's session. I'll clone again to get an unlocked copy." % rid,
                 [("payroll_clone_run", {"run_id": rid})])
    out.append(s)

    # R2 anthropic: period-3 cycle hris -> timesheet -> tax table, fetched_at ticks every round.
    s = Session("payroll_run_checker", "runaway", 2, "anthropic", PAYROLL_SYS, PAYROLL_TOOLS, runaway=(5, 12),
                notes="Agent re-verifies one employee's net pay in a period-3 cycle of the same three lookups; "
                      "only the fetched_at timestamps change.", user_id="u-payroll-omar", model_idx=0)
    s.user(0, "Employee E-20931 (Dana Kowalczyk) says her net pay in PR-2027-03-B is $212 too low. "
              "Check whether our numbers are right before I answer her ticket.",
           "I'll pull her HRIS record first.", [("hris_lookup", {"employee_id": "E-20931"})])
    clock = 0
    for rnd in range(7):
        clock += 47
        ts = "2027-03-14T16:%02d:%02dZ" % (10 + clock // 60, clock % 60)
        s.tools_(14, j({"employee_id": "E-20931", "name": "Dana Kowalczyk", "status": "active", "flsa": "non-exempt",
                        "pay_rate": "31.40/h", "work_state": "OR", "home_state": "WA", "w4": {"filing": "single",
                        "extra_withholding": "0.00", "step2": False}, "fetched_at": ts}),
                 "HRIS shows OR as work state with hourly rate $31.40. Let me look at the timesheet for the period." if rnd == 0 else
                 "Record unchanged: work state OR, $31.40/h. I'll re-check the timesheet to be certain.",
                 [("timesheet_fetch", {"employee_id": "E-20931", "period": "2027-03-01/2027-03-15"})])
        if len(s.turns) >= 21:
            break
        s.tools_(11, j({"employee_id": "E-20931", "period": "2027-03-01/2027-03-15", "regular_hours": 80.0,
                        "overtime_hours": 6.5, "pto_hours": 0, "approved_by": "M-1120", "fetched_at": ts}),
                 "80 regular + 6.5 OT hours approved. Now the Oregon withholding table." if rnd == 0 else
                 "Same hours (80 + 6.5 OT). Checking the Oregon table again.",
                 [("tax_table", {"state": "OR", "year": 2027})])
        s.tools_(10, j({"state": "OR", "year": 2027, "table": "OR-WT 2027 rev.1", "single": [[0, 4300, "4.75%"],
                        [4300, 10750, "6.75%"], [10750, 125000, "8.75%"]], "statewide_transit": "0.1%",
                        "fetched_at": ts}),
                 "The OR table looks right but the $212 gap is still unexplained. Let me re-pull her HRIS record "
                 "in case the work state was changed mid-period." if rnd == 0 else
                 "Table is the same rev.1. The difference still doesn't reconcile, so I'll re-verify her HRIS record.",
                 [("hris_lookup", {"employee_id": "E-20931"})])
    out.append(s)

    # H1 responses: batch with one long instruction, overtime warning recurring on several employees.
    instr = ("For each employee id I give you, pull the HRIS record and the approved timesheet for 2027-03-01/2027-03-15 "
             "and check: (1) pay rate matches the HRIS effective-dated rate; (2) overtime is paid at 1.5x for hours over "
             "40 in a workweek, and in states with daily overtime (CA, AK, NV, CO) for hours over 8 (12 in CA for "
             "double time) in a workday; (3) no timesheet line is unapproved or approved by the employee themself; "
             "(4) work state in the timesheet matches the state used for withholding; (5) PTO does not exceed the "
             "balance. Answer in one line per check: PASS or WARN/FAIL with the exact line. Do not summarise across "
             "employees until I say 'done'.")
    s = Session("payroll_run_checker", "healthy", 1, "responses", PAYROLL_SYS, PAYROLL_TOOLS,
                notes="Batch audit: the same long instruction once, then one employee per turn; the same daily-overtime "
                      "WARN legitimately recurs on several different employees.", user_id="u-payroll-anita")
    emps = [("E-10442", "CA", "Luis Ortega", 9.5, "WARN daily OT: 2027-03-04 worked 10.5h, paid 8h regular + 2.5h at 1.0x"),
            ("E-10871", "TX", "Priya Natarajan", 0, "PASS all checks"),
            ("E-11035", "CA", "Mei Chen", 4.0, "WARN daily OT: 2027-03-09 worked 9.75h, 1.75h paid at 1.0x"),
            ("E-11290", "NY", "Samuel Adeyemi", 2.0, "FAIL check 3: line 2027-03-11 approved by E-11290 (self)"),
            ("E-12004", "CA", "Rosa Jimenez", 6.0, "WARN daily OT: 2027-03-02 and 2027-03-12 over 8h, OT at 1.0x"),
            ("E-12377", "WA", "Tom Becker", 0, "PASS all checks"),
            ("E-12519", "CO", "Hannah Lee", 3.5, "WARN daily OT: 2027-03-08 worked 12h, 4h paid at 1.0x (CO COMPS rule)"),
            ("E-13002", "OR", "Ahmed Farouk", 0, "WARN check 5: PTO 24h taken, balance 16h")]
    s.user(0, instr + "\n\nFirst: " + emps[0][0], "Pulling E-10442.", [("hris_lookup", {"employee_id": emps[0][0]}),
           ("timesheet_fetch", {"employee_id": emps[0][0], "period": "2027-03-01/2027-03-15"})])
    for k, (eid, st, nm, ot, finding) in enumerate(emps):
        days = []
        for d in range(1, 16):
            if d in (6, 7, 13, 14):
                continue
            hrs = 8.0 + (ot / 3 if d in (2, 4, 9) and ot else 0)
            days.append({"date": "2027-03-%02d" % d, "hours": round(hrs, 2), "state": st,
                         "approved_by": eid if "self" in finding and d == 11 else "M-%d" % (1100 + k)})
        res_h = j({"employee_id": eid, "name": nm, "work_state": st, "pay_rate": "%.2f/h" % (24 + 3.15 * k),
                   "effective": "2026-%02d-01" % (k + 2), "pto_balance_h": 16 if eid == "E-13002" else 40 + k})
        res_t = j({"employee_id": eid, "lines": days, "pto_hours": 24 if eid == "E-13002" else 0})
        checks = "\n".join("(%d) %s" % (c, "PASS") for c in range(1, 6))
        ans = "%s %s (%s):\n%s\nResult: %s" % (eid, nm, st, checks, finding)
        if k + 1 < len(emps):
            s.tools_(8 + 3 * k, [res_h, res_t], ans)
            nxt = emps[k + 1][0]
            s.user(35 + 5 * k, "Next: " + nxt, "Pulling %s." % nxt,
                   [("hris_lookup", {"employee_id": nxt}), ("timesheet_fetch", {"employee_id": nxt,
                                                                               "period": "2027-03-01/2027-03-15"})])
        else:
            s.tools_(9, [res_h, res_t], ans)
    s.user(60, "done", "Summary: 8 employees checked. 4 daily-overtime WARNs (E-10442, E-11035, E-12004, E-12519) "
                       "suggest the CA/CO daily OT rule is not configured for the hourly-retail pay group. 1 FAIL "
                       "(self-approval, E-11290) and 1 PTO overdraw (E-13002). 2 clean.")
    out.append(s)

    # H2 chat: tax table service returns 429/503 with backoff, then succeeds; validation passes.
    s = Session("payroll_run_checker", "healthy", 2, "chat", PAYROLL_SYS, PAYROLL_TOOLS, model_idx=1,
                notes="Tax-table service rate-limits and then 503s; the agent backs off (30s, 60s, 120s, 240s) and "
                      "the fifth call succeeds, then validation completes.", user_id="u-payroll-omar")
    s.user(0, "Before releasing PR-2027-03-C, confirm we're on the 2027 NY withholding tables (NYS-50-T-NYS rev 1/27).",
           "Fetching the NY 2027 table.", [("tax_table", {"state": "NY", "year": 2027})])
    errs = ['HTTP 429 Too Many Requests\nRetry-After: 30\n{"error":"rate_limited","limit":"60/min","tenant":"acme-payroll"}',
            'HTTP 503 Service Unavailable\n{"error":"upstream_timeout","detail":"taxengine-2 did not answer in 10s"}',
            'HTTP 503 Service Unavailable\n{"error":"maintenance","detail":"table reload in progress, try again in 2 minutes"}',
            'HTTP 429 Too Many Requests\nRetry-After: 240\n{"error":"rate_limited","limit":"60/min"}']
    waits = [30, 60, 120, 240]
    for k, e in enumerate(errs):
        s.tools_(2 if k == 0 else waits[k - 1], e,
                 "The tax service returned %s. Waiting %d seconds before retrying (attempt %d of 6)." %
                 (e.split("\n")[0][5:], waits[k], k + 2), [("tax_table", {"state": "NY", "year": 2027})])
    s.tools_(waits[-1], j({"state": "NY", "year": 2027, "table": "NYS-50-T-NYS rev 1/27", "published": "2026-12-18",
                            "single": [[0, 8500, "4.0%"], [8500, 11700, "4.5%"], [11700, 13900, "5.25%"],
                            [13900, 80650, "5.5%"], [80650, 215400, "6.0%"]]}),
             "Got it: NYS-50-T-NYS rev 1/27, published 2026-12-18. Now validating PR-2027-03-C.",
             [("payroll_validate", {"run_id": "PR-2027-03-C"})])
    s.tools_(21, j({"run_id": "PR-2027-03-C", "status": "OK", "checks": 212, "warnings": [
        {"code": "W-NEG-DED", "employee_id": "E-31007", "detail": "401k loan deduction exceeds net pay; capped"}],
        "tax_tables": {"NY": "NYS-50-T-NYS rev 1/27", "NJ": "NJ-WT 2027", "CT": "CT-TPG-211 2027"}}),
             "Validation passed: 212 checks, NY table is rev 1/27 as you wanted. One warning: E-31007's 401k loan "
             "deduction was capped because it exceeded net pay. Worth telling the employee before release.")
    s.user(300, "Good. Look up E-31007 so I can email them.", "", [("hris_lookup", {"employee_id": "E-31007"})])
    s.tools_(3, j({"employee_id": "E-31007", "name": "Grace Whitfield", "email": "g.whitfield@acme.example",
                   "manager": "E-30012"}),
             "Grace Whitfield, g.whitfield@acme.example (manager E-30012). Suggested note: 'Your 401(k) loan repayment "
             "this period was reduced because it would have exceeded your net pay; the remainder rolls to next period.'")
    s.user(95, "Thanks, sending. Release is on me.", "Understood. PR-2027-03-C is validated; nothing else outstanding.")
    out.append(s)
    return out


# ================================================================ drone_survey_planner

DRONE_TOOLS = {
    "airspace_check": ("Check FAA airspace classes, TFRs and LAANC availability for a polygon and time window.",
                       {"area": "string", "window": "string"}),
    "battery_status": ("Read charge state and health of a drone battery set.", {"drone_id": "string"}),
    "weather_forecast": ("Hourly forecast (wind, gusts, precipitation, ceiling) for a point.",
                         {"lat": "number", "lon": "number", "hours": "integer"}),
    "plan_flight": ("Create a survey flight plan (lawnmower grid) and submit it for authorization.",
                    {"area": "string", "altitude_ft": "integer", "window": "string", "overlap_pct": "integer"}),
}
DRONE_SYS = ("You plan photogrammetry survey flights for a Part 107 operator (fleet: Mavic 3E x2, Matrice 350 x1). "
             "Max altitude 400 ft AGL; no flights with gusts over 35 km/h; every plan must pass airspace_check.")


def drone():
    out = []
    # R1 responses: alternating A/B plan attempts that both fail with the same LAANC denial.
    s = Session("drone_survey_planner", "runaway", 1, "responses", DRONE_SYS, DRONE_TOOLS, runaway=(4, 10),
                notes="Two alternating plan variants (120 ft morning / 90 ft afternoon) keep getting the same Class D "
                      "'LAANC unavailable, further coordination required' denial; the agent alternates forever.",
                user_id="u-drone-kestrel")
    s.user(0, "Plan the survey for the Riverside Solar site, polygon RS-04 (38.5812,-121.5093 ... 38.5779,-121.5021), "
              "next Tuesday. Client wants 2 cm/px GSD.",
           "Checking the airspace first.", [("airspace_check", {"area": "RS-04", "window": "2027-04-13T08:00/12:00"})])
    s.tools_(6, j({"area": "RS-04", "class": "D", "facility": "SAC", "uasfm_ceiling_ft": 0, "laanc": "unavailable",
                   "note": "Grid 0 ft: LAANC auto-approval not possible; requires DroneZone further coordination (30-90 days)"}),
             "RS-04 sits in a 0 ft UASFM grid of Sacramento Executive's Class D. I'll try submitting a low plan anyway.",
             [("plan_flight", {"area": "RS-04", "altitude_ft": 120, "window": "2027-04-13T08:00/10:00", "overlap_pct": 75})])
    variants = [(120, "2027-04-13T08:00/10:00", 75), (90, "2027-04-13T13:00/15:00", 70)]
    reason = ("DENIED: LAANC unavailable for facility SAC grid %s (ceiling 0 ft). Further coordination via DroneZone "
              "required. Ref %s.")
    refs = ["LN-88213", "LN-88240", "LN-88291", "LN-88302", "LN-88355", "LN-88371", "LN-88420", "LN-88466",
            "LN-88501", "LN-88530", "LN-88577", "LN-88601", "LN-88650", "LN-88702"]
    morning = ["Denied at 120 ft in the morning. The afternoon slot at 90 ft may clear the facility's traffic, trying that.",
               "Morning at 120 ft denied again. Lower altitude in the afternoon should be more acceptable; submitting 90 ft.",
               "The 120 ft morning plan was refused. Retrying the 90 ft afternoon plan.",
               "Denied for the morning window. Switching to the afternoon variant at 90 ft."]
    afternoon = ["Denied at 90 ft too. Morning at 120 ft with higher overlap should cover the GSD with fewer passes; resubmitting.",
                 "Still denied for the afternoon. Going back to the morning window at 120 ft.",
                 "The 90 ft afternoon plan was refused. Switching back to the 120 ft morning variant.",
                 "Afternoon denied. Trying the morning slot at 120 ft once more."]
    for k in range(14):
        nxt = variants[(k + 1) % 2]
        txt = (morning if k % 2 == 0 else afternoon)[(k // 2) % 4]
        s.tools_(8 + (k % 3), "ERROR " + reason % ("38.58/-121.50", refs[k]), txt,
                 [("plan_flight", {"area": "RS-04", "altitude_ft": nxt[0], "window": nxt[1], "overlap_pct": nxt[2]})])
    out.append(s)

    # R2 anthropic: polling a forecast that never changes (only issued_at moves).
    s = Session("drone_survey_planner", "runaway", 2, "anthropic", DRONE_SYS, DRONE_TOOLS, runaway=(4, 12),
                notes="Waiting for wind to drop: the agent re-polls a forecast every 10 minutes for hours; the forecast "
                      "is identical each time apart from issued_at, and the agent never reports back.",
                user_id="u-drone-hollis", model_idx=1)
    s.user(0, "We're on site at Carver Ranch (44.0521,-121.3153). Can we fly the 180-acre grid today? Check weather and "
              "tell me when it's good.",
           "Checking the forecast.", [("weather_forecast", {"lat": 44.0521, "lon": -121.3153, "hours": 8})])
    hours = [{"h": "%02d:00" % (10 + i), "wind_kmh": 31 + (i % 2), "gust_kmh": 52 + (i % 3), "precip_mm": 0,
              "ceiling_ft": 6500} for i in range(8)]
    for k in range(19):
        issued = "2027-05-02T%02d:%02d:00-07:00" % (9 + (k * 10 + 2) // 60, (k * 10 + 2) % 60)
        fc = j({"point": [44.0521, -121.3153], "issued_at": issued, "source": "NWS PDT grid 67,95", "hourly": hours,
                "summary": "Strong westerly flow, Wind Advisory until 20:00 PDT"})
        txt = ("Gusts are 52-54 km/h through the afternoon, above our 35 km/h limit. I'll check again in 10 minutes."
               if k % 2 == 0 else "Forecast still shows gusts over 50 km/h. Re-checking in 10 minutes.")
        s.tools_(5 if k == 0 else 600, fc, txt, [("weather_forecast", {"lat": 44.0521, "lon": -121.3153, "hours": 8})])
        if len(s.turns) >= 20:
            break
    out.append(s)

    # H1 chat: battery charging poller whose numbers move, then the plan.
    s = Session("drone_survey_planner", "healthy", 1, "chat", DRONE_SYS, DRONE_TOOLS,
                notes="Polls a charging battery set: percent, temperature and ETA change every poll, then it is full "
                      "and the flight is planned.", user_id="u-drone-kestrel")
    s.user(0, "M350 batteries TB65 pair B is charging in the truck. Once it's at 95%+ plan the 60 m grid for field "
              "Orchard-7, window this afternoon.", "Checking the charge state.",
           [("battery_status", {"drone_id": "M350-01/TB65-B"})])
    pct = [41, 49, 58, 66, 75, 83, 90, 96]
    eta = [38, 31, 24, 18, 12, 7, 4, 0]
    for k, p in enumerate(pct):
        st = j({"drone_id": "M350-01/TB65-B", "cells": ["TB65-B1", "TB65-B2"], "charge_pct": [p, p - 1],
                "temp_c": 33 + k % 3, "cycles": [118, 121], "health": "OK", "eta_to_95_min": eta[k],
                "charger": "BS65 standard mode"})
        if p < 95:
            s.tools_(4 if k == 0 else 420, st,
                     "Pair B is at %d%%/%d%%, about %d minutes to 95%%. I'll check again in 7 minutes." % (p, p - 1, eta[k]),
                     [("battery_status", {"drone_id": "M350-01/TB65-B"})])
        else:
            s.tools_(420, st, "Batteries are at 96/95%. Checking airspace for Orchard-7.",
                     [("airspace_check", {"area": "Orchard-7", "window": "2027-05-02T14:00/16:00"})])
    s.tools_(5, j({"area": "Orchard-7", "class": "G", "tfr": [], "notams": ["crop dusting ops 2 NM N, 06:00-11:00"]}),
             "Class G, no TFRs; the crop-dusting NOTAM ends at 11:00. Planning at 197 ft (60 m), 75% overlap.",
             [("plan_flight", {"area": "Orchard-7", "altitude_ft": 197, "window": "2027-05-02T14:00/16:00",
                               "overlap_pct": 75})])
    s.tools_(8, j({"plan_id": "FP-5521", "lines": 22, "photos_est": 1460, "flight_time_min": 31, "batteries": 2,
                   "status": "READY"}),
             "Plan FP-5521 is ready: 22 lines, ~1,460 photos, 31 minutes, fits on one battery pair.")
    out.append(s)

    # H2 anthropic: four fields, same airspace->weather->battery->plan sequence each with new content.
    s = Session("drone_survey_planner", "healthy", 2, "anthropic", DRONE_SYS, DRONE_TOOLS,
                notes="Plans four fields in a row; the agent legitimately revisits the same four tools in the same "
                      "order for each field, with different results and decisions.", user_id="u-drone-hollis")
    fields = [("Vineyard-N", 45.2101, -123.0877, "G", [], 18, 27, 88, 300, "READY"),
              ("Vineyard-S", 45.1988, -123.0812, "G", ["parachute jump area 3 NM SE"], 21, 30, 76, 300, "READY"),
              ("Quarry-2", 45.2442, -123.1290, "E", ["TFR 27-3311 wildfire, lifts 16:00"], 24, 33, 61, 350, "READY"),
              ("Hopyard", 45.2617, -123.0539, "G", [], 29, 41, 54, 250, "HOLD: gusts over limit, rescheduled 07:00 tomorrow")]
    s.user(0, "Four fields for the Willamette client today: Vineyard-N, Vineyard-S, Quarry-2, Hopyard. Same drill for "
              "each: airspace, weather, battery, then plan. Go in that order.", "Starting with Vineyard-N airspace.",
           [("airspace_check", {"area": "Vineyard-N", "window": "2027-06-10T09:00/17:00"})])
    for k, (nm, lat, lon, cls, notes, wind, gust, batt, alt, status) in enumerate(fields):
        s.tools_(5, j({"area": nm, "class": cls, "notams": notes}),
                 "%s: class %s%s. Weather next." % (nm, cls, (", " + notes[0]) if notes else ", nothing active"),
                 [("weather_forecast", {"lat": lat, "lon": lon, "hours": 6})])
        s.tools_(4, j({"point": [lat, lon], "wind_kmh": wind, "gust_kmh": gust, "precip_mm": 0, "ceiling_ft": 5000 - 300 * k}),
                 "Wind %d km/h, gusts %d. Battery check." % (wind, gust), [("battery_status", {"drone_id": "M3E-0%d" % (1 + k % 2)})])
        s.tools_(4, j({"drone_id": "M3E-0%d" % (1 + k % 2), "charge_pct": batt, "health": "OK"}),
                 "M3E-0%d at %d%%. Submitting the plan at %d ft." % (1 + k % 2, batt, alt),
                 [("plan_flight", {"area": nm, "altitude_ft": alt, "window": "2027-06-10T%02d:00/%02d:00" % (9 + 2 * k, 11 + 2 * k),
                                   "overlap_pct": 70})])
        if k + 1 < len(fields):
            nxt = fields[k + 1][0]
            s.tools_(7, j({"plan_id": "FP-60%02d" % (k + 10), "area": nm, "status": status}),
                     "%s: plan FP-60%02d %s. Moving to %s." % (nm, k + 10, status, nxt),
                     [("airspace_check", {"area": nxt, "window": "2027-06-10T09:00/17:00"})])
        else:
            s.tools_(7, j({"plan_id": "FP-6013", "area": nm, "status": status}),
                     "Done. Vineyard-N, Vineyard-S and Quarry-2 (after the TFR lifts) are READY; Hopyard is on HOLD "
                     "for gusts of 41 km/h and rescheduled to 07:00 tomorrow.")
    out.append(s)
    return out


# ================================================================ lease_negotiation_coach

LEASE_SYS = ("You help a residential tenant prepare to negotiate a lease renewal. You are not a lawyer; flag anything "
             "that needs legal advice. Be concrete: propose wording the tenant can send.")

CLAUSES = [
    ("3. RENT", "Tenant shall pay monthly rent of $2,850.00 (Two Thousand Eight Hundred Fifty Dollars) on or before the "
     "first (1st) day of each calendar month. Rent received after the fifth (5th) day shall incur a late charge of ten "
     "percent (10%) of the monthly rent. Landlord may increase rent upon sixty (60) days written notice at any time "
     "after the initial term."),
    ("7. SECURITY DEPOSIT", "Tenant shall deposit $5,700.00 as security. Landlord may apply the deposit to unpaid rent, "
     "cleaning beyond ordinary wear and tear, and repair of damages. A non-refundable cleaning fee of $450.00 shall be "
     "deducted at move-out. The balance shall be returned within the period required by law."),
    ("11. MAINTENANCE AND REPAIRS", "Tenant is responsible for all repairs under $250.00 per occurrence, including "
     "plumbing stoppages, appliance repairs, and replacement of HVAC filters. Landlord shall make repairs to structural "
     "elements and major systems within a reasonable time after written notice."),
    ("14. ENTRY", "Landlord and Landlord's agents may enter the Premises at reasonable times to inspect, make repairs, "
     "or show the Premises to prospective tenants or buyers. Landlord will endeavour to give notice where practical."),
    ("16. PETS", "No animals shall be kept on the Premises without Landlord's prior written consent. Consented pets are "
     "subject to a monthly pet rent of $75.00 per animal and an additional deposit of $500.00."),
    ("19. EARLY TERMINATION", "Should Tenant vacate before the end of the term, Tenant shall remain liable for rent for "
     "the remainder of the term, and shall additionally pay a lease-break fee equal to two (2) months' rent."),
    ("22. RENEWAL", "This Lease shall automatically renew for successive twelve (12) month terms unless either party "
     "gives written notice of non-renewal at least ninety (90) days before expiration. Rent for any renewal term shall "
     "be set by Landlord."),
    ("25. ATTORNEY FEES", "In any action arising out of this Lease, Tenant shall pay Landlord's reasonable attorney fees "
     "and costs."),
]


def lease_document():
    parts = ["RESIDENTIAL LEASE AGREEMENT (RENEWAL DRAFT)\nPremises: 1142 Alder Street, Unit 3B, Portland, OR 97214\n"
             "Landlord: Brightwater Residential LLC   Tenant: Jordan Ellis\nTerm: 2027-08-01 to 2028-07-31\n"]
    boiler = ("Tenant shall comply with all rules and regulations adopted by Landlord, as amended from time to time, "
              "and shall cause Tenant's guests and invitees to comply with the same. ")
    fillers = ["1. PARTIES", "2. TERM", "4. UTILITIES", "5. USE", "6. OCCUPANTS", "8. CONDITION", "9. ALTERATIONS",
               "10. SMOKING", "12. INSURANCE", "13. PARKING", "15. ASSIGNMENT", "17. NOISE", "18. TRASH",
               "20. NOTICES", "21. HOLDOVER", "23. LEAD PAINT DISCLOSURE", "24. SEVERABILITY", "26. ENTIRE AGREEMENT"]
    allc = [(t, b) for t, b in CLAUSES] + [(f, ("This section governs %s. " % f.split(". ")[1].lower()) + boiler * 4)
                                           for f in fillers]
    allc.sort(key=lambda c: int(c[0].split(".")[0]))
    for t, b in allc:
        parts.append("%s\n%s\n" % (t, b))
    parts.append("RULES AND REGULATIONS (Exhibit B)\n" + "".join(
        "B.%d %s shall not be %s in common areas. " % (i + 1, x, y) for i, (x, y) in enumerate(
            [(a, b) for a in ("Bicycles", "Grills", "Furniture", "Packages", "Strollers", "Boxes")
             for b in ("stored", "left overnight", "placed", "used")])))
    return "\n".join(parts)


def lease():
    out = []
    # R1 chat: paraphrased repetition — same counter on the entry clause, reworded; same landlord rejection.
    s = Session("lease_negotiation_coach", "runaway", 1, "chat", LEASE_SYS, runaway=(3, 8), user_id="u-lease-jordan",
                notes="Tool-less paraphrase loop: the landlord rejects the same entry-clause counter; the tenant pastes "
                      "the same rejection and the assistant rewords the same 24-hour-notice proposal every time.")
    rej = ("From: leasing@brightwater-res.example\nRe: Unit 3B renewal — section 14\n\nHi Jordan, we've reviewed your "
           "proposed change to section 14. Our standard form is used across all 212 units and we are not able to "
           "modify the entry language. We do always try to give notice. Please sign by the 15th.\nMaya, Leasing")
    s.user(0, "Section 14 of my renewal says:\n\n" + CLAUSES[3][1] + "\n\nThey came in twice last year with no notice. "
              "What should I ask for?",
           "Oregon (ORS 90.322) already requires at least 24 hours' notice except emergencies. Ask for: 'Except in an "
           "emergency, Landlord shall give Tenant at least 24 hours' written notice stating the purpose and a "
           "reasonable time of entry, between 8am and 7pm.' That's the law restated, so it's a low-cost ask for them.")
    s.user(1800, "Sent it. Their reply:\n\n" + rej + "\n\nHow do I reword so they accept?",
           "Try softening it: 'Landlord agrees to provide at least 24 hours' advance written notice of entry, except "
           "in emergencies, consistent with ORS 90.322.' Framing it as compliance with existing law makes it easy.")
    paraphrases = [
        "Let's make it even lighter: 'Entry will be preceded by at least 24 hours' notice as required by ORS 90.322, "
        "emergencies excepted.' It only restates their legal duty.",
        "You could present it as a clarification rather than a change: 'For clarity, notice of at least 24 hours "
        "will be given before non-emergency entry (ORS 90.322).'",
        "Perhaps phrase it as a side letter: 'Landlord confirms it will give at least 24 hours' notice before "
        "entering, except in an emergency, per ORS 90.322.' That leaves their standard form untouched.",
        "Another angle: 'Notwithstanding Section 14, non-emergency entry requires 24 hours' prior notice in "
        "accordance with ORS 90.322.' It's a one-line addendum that just mirrors the statute.",
        "Reword it as a courtesy request: 'We'd appreciate 24 hours' notice before non-emergency entry, as ORS "
        "90.322 provides.' Keeping it to the statute should make it acceptable.",
        "Try: 'Tenant and Landlord acknowledge that at least 24 hours' notice precedes any non-emergency entry "
        "(ORS 90.322).' It's purely an acknowledgement of the law.",
        "Maybe shorter is better: '24 hours' notice before entry, emergencies excepted (ORS 90.322).' Send that as "
        "a one-line addendum.",
        "You could frame it as: 'Section 14 shall be read consistent with ORS 90.322, including its 24-hour notice "
        "requirement.' That changes nothing in their form.",
    ]
    asks = ["They said no again, same email basically:\n\n%s\n\nTry another wording?",
            "Same answer:\n\n%s\n\nWhat else can I say?",
            "Rejected again:\n\n%s\n\nReword it?",
            "No luck:\n\n%s\n\nAnother version?"]
    for k in range(10):
        s.user(1500 + 300 * k, asks[k % 4] % rej, paraphrases[k % len(paraphrases)])
    out.append(s)

    # R2 anthropic: assistant keeps asking the same clarification; the user's answers repeat.
    s = Session("lease_negotiation_coach", "runaway", 2, "anthropic", LEASE_SYS, runaway=(3, 8),
                user_id="u-lease-sam", model_idx=0,
                notes="The assistant keeps asking whether the $450 cleaning fee is refundable although the user "
                      "pastes the same clause and the same answer each time.")
    s.user(0, "Help me push back on the deposit section:\n\n" + CLAUSES[1][1],
           "Before I draft anything: is the $450 cleaning fee described anywhere else as refundable, for example "
           "in the move-in checklist or an addendum? That changes the argument.")
    s.user(240, "No, that's the whole clause. It says non-refundable:\n\n" + CLAUSES[1][1],
           "Thanks. To be sure I advise correctly: does any other document you signed state that the cleaning fee "
           "can be refunded? Oregon treats non-refundable fees differently from deposits.")
    q = ["Understood. Just to confirm before drafting: is there any addendum or checklist that says the $450 cleaning "
         "fee is refundable?",
         "Got it. One thing I need to know first: is the cleaning fee called refundable anywhere else in your paperwork?",
         "Before I write the counter, can you confirm whether any other signed document describes the $450 fee as "
         "refundable?",
         "Thanks. So I don't give you the wrong argument: does anything else you signed say the cleaning fee is refundable?"]
    ans = ["I already said: no other document. The clause is:\n\n" + CLAUSES[1][1],
           "No. Only this clause:\n\n" + CLAUSES[1][1],
           "No other document. Here it is again:\n\n" + CLAUSES[1][1]]
    for k in range(12):
        s.user(180 + 20 * k, ans[k % 3], q[k % 4])
    out.append(s)

    # H1 responses: stateless client resending the full lease with a new question each turn.
    doc = lease_document()
    s = Session("lease_negotiation_coach", "healthy", 1, "responses", LEASE_SYS, stateless=True, user_id="u-lease-jordan",
                notes="Stateless Q&A: each request carries only the same long lease text plus a different question.")
    qa = [("What is the late fee and when does it start?", "10% of rent ($285) if rent arrives after the 5th (section 3)."),
          ("Can they raise the rent mid-term?", "Section 3 lets them raise it on 60 days' notice only after the initial term."),
          ("Is the cleaning fee legal?", "Section 7 calls $450 non-refundable; in Oregon that needs care — ask a tenant lawyer."),
          ("What repairs am I on the hook for?", "Section 11: anything under $250 per occurrence, including plumbing stoppages."),
          ("How much notice before they enter?", "Section 14 only says 'endeavour to give notice'; ORS 90.322 requires 24 hours."),
          ("What would a cat cost me?", "Section 16: $75/month pet rent plus a $500 deposit."),
          ("What if I need to leave early for a job?", "Section 19: rent to term end plus a 2-month ($5,700) break fee."),
          ("When do I have to say I'm not renewing?", "Section 22: 90 days before 2028-07-31, i.e. by 2028-05-02."),
          ("Who pays lawyers if we end up in court?", "Section 25 makes only the tenant pay; Oregon law makes such clauses reciprocal."),
          ("Which three points should I negotiate first?", "Entry notice (14), break fee (19), repair threshold (11).")]
    for k, (qq, aa) in enumerate(qa):
        s.user(0 if k == 0 else 50 + 17 * k, "LEASE TEXT:\n" + doc + "\n\nQUESTION: " + qq, aa)
    out.append(s)

    # H2 chat: slow human (20-60 min gaps), template answers with different content per clause.
    s = Session("lease_negotiation_coach", "healthy", 2, "chat", LEASE_SYS, user_id="u-lease-sam", model_idx=1,
                notes="A tenant pastes one clause at a time with 20-60 minute gaps; every answer follows the same "
                      "Clause/Risk/Ask/Fallback template with different content.")
    tmpl = "Clause: %s\nRisk: %s\nAsk: %s\nFallback: %s"
    advice = [
        ("Rent and increases", "uncapped increases after the initial term", "'Increases limited to once per 12 months, 90 days' notice.'", "accept 60 days' notice but cap at 5%"),
        ("Security deposit", "$450 fee is non-refundable regardless of condition", "'Cleaning costs deducted only as actually incurred, itemised.'", "reduce the fee to $200"),
        ("Maintenance", "$250 threshold pushes routine plumbing costs onto you", "'Tenant responsible only for damage caused by tenant.'", "lower the threshold to $75"),
        ("Entry", "no firm notice period", "'24 hours' written notice except emergencies.'", "12 hours by text message"),
        ("Pets", "$75/month pet rent on top of a deposit", "'Pet deposit only, no monthly pet rent.'", "pet rent $35"),
        ("Early termination", "liable for remaining rent plus 2 months' fee", "'Fee of one month's rent releases tenant.'", "fee waived if a replacement tenant is found"),
        ("Renewal", "auto-renews with landlord-set rent", "'Renewal rent to be stated 120 days before expiry.'", "right to leave on 30 days' notice if rent rises"),
        ("Attorney fees", "one-sided", "'Prevailing party recovers reasonable fees.'", "strike the clause"),
    ]
    gaps = [0, 1500, 2640, 3300, 1980, 3600, 2220, 1320]
    for k, (c, (title, risk, ask, fb)) in enumerate(zip(CLAUSES, advice)):
        intro = "Next one" if k else "I'll paste the clauses one at a time as I get to them tonight. First"
        s.user(gaps[k], "%s:\n\n%s %s" % (intro, c[0], c[1]), tmpl % (title, risk, ask, fb))
    s.user(2700, "That's all of them. Which two matter most for me? I might move for work next year.",
           "Early termination (19) first, since you may move: get the fee down to one month or waived with a "
           "replacement tenant. Then renewal (22), so you know next year's rent 120 days ahead.")
    out.append(s)
    return out


# ================================================================ feature_store_backfill

FS_TOOLS = {
    "job_submit": ("Submit a Spark backfill job to the job runner.", {"spec": "object"}),
    "job_status": ("Status of a job-runner job.", {"job_id": "string"}),
    "job_logs": ("Tail of the driver log of a job.", {"job_id": "string", "lines": "integer"}),
    "dq_check": ("Run data-quality checks on a feature table partition range.",
                 {"table": "string", "partitions": "string"}),
}
FS_SYS = ("You operate the feature store (Feast offline store on Iceberg, Spark 3.5 job runner). Backfills must pass "
          "dq_check before you report them done. Do not change feature definitions.")


def spark_log(job, seed, buried=None, n=110):
    rng = random.Random(seed)
    lines = []
    stages = ["scan events_raw", "filter bots", "sessionize", "join_user_events", "aggregate 7d", "aggregate 28d",
              "write iceberg"]
    t = 0
    for i in range(n):
        t += rng.randint(1, 9)
        st = stages[min(i * len(stages) // n, len(stages) - 1)]
        kind = rng.choice(["task", "task", "task", "gc", "shuffle", "progress"])
        ts = "27/03/%02d %02d:%02d:%02d" % (9 + seed % 3, 14 + t // 3600, (t // 60) % 60, t % 60)
        if kind == "task":
            lines.append("%s INFO TaskSetManager: Finished task %d.0 in stage %d.0 (TID %d) in %d ms on 10.42.%d.%d "
                         "(executor %d) (%d/%d)" % (ts, rng.randint(0, 399), stages.index(st) + 11, rng.randint(1000, 99999),
                                                    rng.randint(800, 42000), rng.randint(0, 7), rng.randint(2, 250),
                                                    rng.randint(1, 48), rng.randint(1, 400), 400))
        elif kind == "gc":
            lines.append("%s WARN GarbageCollectionMetrics: executor %d spent %d ms in G1 Young Generation"
                         % (ts, rng.randint(1, 48), rng.randint(200, 4000)))
        elif kind == "shuffle":
            lines.append("%s INFO ShuffleBlockFetcherIterator: Getting %d (%0.1f MiB) non-empty blocks including %d "
                         "local and %d remote" % (ts, rng.randint(50, 800), rng.uniform(10, 900), rng.randint(0, 40),
                                                  rng.randint(40, 700)))
        else:
            lines.append("%s INFO %s: [Stage %d:%s] partition dt=2026-%02d-%02d rows=%d" %
                         (ts, job, stages.index(st) + 11, st.replace(" ", "_"), rng.randint(1, 3), rng.randint(1, 28),
                          rng.randint(200000, 4000000)))
        if buried and i == n * 3 // 5:
            lines.extend(buried(ts))
    return "\n".join(lines)


def schema_mismatch(ts):
    return [ts + " ERROR Executor: Exception in task 117.0 in stage 14.0 (TID 40881)",
            "org.apache.iceberg.exceptions.ValidationException: Cannot write incompatible dataset to table with schema:",
            "  session_len_s: required long", "Provided schema:", "  session_len_s: optional double",
            "  at org.apache.iceberg.types.TypeUtil.validateWriteSchema(TypeUtil.java:442)",
            "  at org.apache.iceberg.spark.source.SparkWrite.validate(SparkWrite.java:188)",
            ts + " WARN TaskSetManager: Lost task 117.0 in stage 14.0: partition dt=2026-02-09 (attempt 4/4)"]


def feature_store():
    out = []
    # R1 anthropic: restart loop failing at the same stage each time.
    s = Session("feature_store_backfill", "runaway", 1, "anthropic", FS_SYS, FS_TOOLS, runaway=(5, 11),
                user_id="u-mlops-ravi", max_tokens=2048,
                notes="Job restart loop: every resubmission (new job id, tweaked memory) dies at stage 4/7 "
                      "join_user_events with the same executor OOM on the same skewed key.")
    spec = {"feature_view": "user_engagement_v3", "start": "2026-01-01", "end": "2026-03-31",
            "executor_memory": "16g", "executors": 48}
    s.user(0, "Backfill user_engagement_v3 for Q1 2026 (2026-01-01..2026-03-31). The view was added last sprint, "
              "online store is already serving it. Tell me when dq passes.",
           "Submitting the backfill.", [("job_submit", {"spec": spec})])
    mems = ["16g", "20g", "24g", "24g", "28g", "32g", "32g", "32g", "32g"]
    replies = ["Executor OOM at join_user_events. I'll raise executor memory and resubmit.",
               "Same stage failed again with OOM. Bumping memory further and resubmitting.",
               "OOM again in join_user_events; increasing memoryOverhead and retrying.",
               "Still OOM at stage 4. Resubmitting with more memory.",
               "The join stage ran out of memory once more. Trying again with a larger executor.",
               "Failed at join_user_events again. Resubmitting the backfill."]
    for k in range(9):
        jid = "bf-ue3-%04d" % (4410 + 37 * k)
        s.tools_(4, j({"job_id": jid, "state": "QUEUED", "spec": dict(spec, executor_memory=mems[k])}),
                 "Job %s queued. Checking status." % jid, [("job_status", {"job_id": jid})])
        if len(s.turns) >= 20:
            break
        nxt = dict(spec, executor_memory=mems[min(k + 1, len(mems) - 1)])
        s.tools_(1320 + 60 * (k % 3), j({"job_id": jid, "state": "FAILED", "stage": "4/7 join_user_events",
                                       "elapsed_s": 1290 + 17 * k, "error": "ExecutorLostFailure (executor %d exited "
                                       "caused by one of the running tasks) Reason: Container killed by YARN for "
                                       "exceeding physical memory limits. Largest task: key user_id=0 (anonymous), "
                                       "1.9e8 rows" % (12 + 5 * k)}),
                 replies[min(k, len(replies) - 1)], [("job_submit", {"spec": nxt})])
    out.append(s)

    # R2 responses: the same schema error buried in a long, varying log; agent keeps retrying shifted ranges.
    s = Session("feature_store_backfill", "runaway", 2, "responses", FS_SYS, FS_TOOLS, runaway=(4, 10),
                user_id="u-mlops-keiko", model_idx=0, max_tokens=2048,
                notes="Each job's ~10 KB driver log differs, but the same Iceberg schema ValidationException on "
                      "dt=2026-02-09 is buried in every one; the agent calls each run 'transient' and resubmits.")
    s.user(0, "Backfill session_features_v2 for Feb 2026. Last night's run failed, check why and fix it.",
           "Fetching the logs of last night's run.", [("job_logs", {"job_id": "bf-sf2-0912", "lines": 120})])
    ranges = [("2026-02-01", "2026-02-28"), ("2026-02-01", "2026-02-15"), ("2026-02-05", "2026-02-20"),
              ("2026-02-01", "2026-02-28"), ("2026-02-08", "2026-02-14"), ("2026-02-01", "2026-02-28"),
              ("2026-02-09", "2026-02-10"), ("2026-02-01", "2026-02-28")]
    says = ["The log is mostly normal task progress with some GC pressure; the failure looks transient. Resubmitting %s..%s.",
            "Lots of shuffle and GC noise again, probably a flaky executor. Resubmitting on %s..%s.",
            "Run failed near the end; GC warnings suggest memory pressure. Retrying %s..%s.",
            "Another failure late in the job, likely transient. Resubmitting %s..%s."]
    jobs = ["bf-sf2-0912"]
    for k, (a, b) in enumerate(ranges):
        s.tools_(6 if k == 0 else 900 + 45 * k, spark_log(jobs[-1], 50 + k, buried=schema_mismatch, n=95 + 7 * (k % 3)),
                 says[k % 4] % (a, b), [("job_submit", {"spec": {"feature_view": "session_features_v2", "start": a, "end": b}})])
        jobs.append("bf-sf2-%04d" % (1001 + 13 * k))
        s.tools_(3, j({"job_id": jobs[-1], "state": "QUEUED"}), "Submitted %s; I'll read its log when it finishes." % jobs[-1],
                 [("job_logs", {"job_id": jobs[-1], "lines": 120})])
    out.append(s)

    # H1 chat: failures change every run, then it passes dq.
    s = Session("feature_store_backfill", "healthy", 1, "chat", FS_SYS, FS_TOOLS, user_id="u-mlops-ravi", model_idx=1,
                notes="Four runs fail for four different reasons (missing partition, permission, null ratio, late "
                      "data), each fixed; the fifth run passes dq.")
    s.user(0, "Backfill merchant_risk_v1 for 2026-10-01..2026-10-31 and get dq green.", "Submitting.",
           [("job_submit", {"spec": {"feature_view": "merchant_risk_v1", "start": "2026-10-01", "end": "2026-10-31"}})])
    fails = [("bf-mr1-0101", "FAILED", "AnalysisException: Path does not exist: s3://lake/raw/chargebacks/dt=2026-10-17",
              "The raw chargebacks partition for 10-17 is missing. The upstream job reran it this morning; I'll retry once "
              "it's there — it is now listed, resubmitting."),
             ("bf-mr1-0102", "FAILED", "AccessDeniedException: role fs-backfill not authorized for glue:GetTable on "
              "risk.merchant_profile", "Different error: a Glue permission. Using the fs-backfill-risk role that has "
              "risk.* grants."),
             ("bf-mr1-0103", "SUCCEEDED", None, "Job succeeded. Running dq.")]
    for k, (jid, state, err, txt) in enumerate(fails):
        s.tools_(3, j({"job_id": jid, "state": "QUEUED"}), "", [("job_status", {"job_id": jid})])
        st = {"job_id": jid, "state": state, "elapsed_s": 600 + 211 * k}
        if err:
            st["error"] = err
        if state == "FAILED":
            s.tools_(900, j(st), txt, [("job_submit", {"spec": {"feature_view": "merchant_risk_v1", "start": "2026-10-01",
                                                            "end": "2026-10-31", "role": "fs-backfill-risk" if k else "fs-backfill"}})])
        else:
            s.tools_(1500, j(st), txt, [("dq_check", {"table": "merchant_risk_v1", "partitions": "2026-10-01..2026-10-31"})])
    s.tools_(40, j({"table": "merchant_risk_v1", "result": "FAIL", "checks": {"row_count": "PASS", "null_ratio.mcc": "FAIL 0.31 > 0.05",
                   "freshness": "PASS"}}),
             "dq fails on null_ratio for mcc (31%). The mcc join key is merchant_id as string upstream but int here; "
             "the feature definition is not mine to change, so I cast in the source query and rerun.",
             [("job_submit", {"spec": {"feature_view": "merchant_risk_v1", "start": "2026-10-01", "end": "2026-10-31",
                                        "role": "fs-backfill-risk", "source_cast": {"merchant_id": "string"}}})])
    s.tools_(3, j({"job_id": "bf-mr1-0104", "state": "QUEUED"}), "", [("job_status", {"job_id": "bf-mr1-0104"})])
    s.tools_(1620, j({"job_id": "bf-mr1-0104", "state": "SUCCEEDED", "elapsed_s": 1588}), "Succeeded. dq again.",
             [("dq_check", {"table": "merchant_risk_v1", "partitions": "2026-10-01..2026-10-31"})])
    s.tools_(38, j({"table": "merchant_risk_v1", "result": "FAIL", "checks": {"row_count": "PASS", "null_ratio.mcc": "PASS 0.004",
                   "freshness": "FAIL max(dt)=2026-10-30, expected 2026-10-31"}}),
             "Nulls fixed (0.4%). New failure: 10-31 is missing because late events for that day land at 02:00. "
             "Backfilling only 10-31 now that it's 03:10.",
             [("job_submit", {"spec": {"feature_view": "merchant_risk_v1", "start": "2026-10-31", "end": "2026-10-31",
                                        "role": "fs-backfill-risk", "source_cast": {"merchant_id": "string"}}})])
    s.tools_(3, j({"job_id": "bf-mr1-0105", "state": "QUEUED"}), "", [("job_status", {"job_id": "bf-mr1-0105"})])
    s.tools_(240, j({"job_id": "bf-mr1-0105", "state": "SUCCEEDED", "elapsed_s": 231}), "",
             [("dq_check", {"table": "merchant_risk_v1", "partitions": "2026-10-01..2026-10-31"})])
    s.tools_(35, j({"table": "merchant_risk_v1", "result": "PASS", "checks": {"row_count": "PASS 31 partitions",
                   "null_ratio.mcc": "PASS 0.004", "freshness": "PASS"}}),
             "dq is green for all 31 days. Fixes applied: retried after upstream chargebacks rerun, used the risk role, "
             "cast merchant_id in the source, and backfilled 10-31 after late data landed.")
    out.append(s)

    # H2 responses: poller with moving progress and ETA, then dq.
    s = Session("feature_store_backfill", "healthy", 2, "responses", FS_SYS, FS_TOOLS, user_id="u-mlops-keiko",
                notes="A long backfill polled every few minutes: stage, percent, rows written and ETA move each poll; "
                      "then it succeeds and dq passes.")
    s.user(0, "Kick off the full-year backfill of device_fingerprint_v4 (2026) and babysit it.", "Submitting.",
           [("job_submit", {"spec": {"feature_view": "device_fingerprint_v4", "start": "2026-01-01", "end": "2026-12-31"}})])
    s.tools_(5, j({"job_id": "bf-df4-2201", "state": "QUEUED"}), "Queued as bf-df4-2201.", [("job_status", {"job_id": "bf-df4-2201"})])
    prog = [("1/6 scan", 3, 0, 212), ("1/6 scan", 11, 0, 190), ("2/6 dedupe", 19, 0, 171), ("3/6 join_devices", 28, 0, 160),
            ("3/6 join_devices", 37, 0, 138), ("4/6 aggregate", 49, 0, 104), ("5/6 write", 61, 41200000, 77),
            ("5/6 write", 74, 98700000, 49), ("5/6 write", 88, 160300000, 21), ("6/6 commit", 99, 181900000, 2)]
    for k, (stg, pct, rows, eta) in enumerate(prog):
        s.tools_(5 if k == 0 else 600 + 30 * (k % 4), j({"job_id": "bf-df4-2201", "state": "RUNNING", "stage": stg,
                                                      "progress_pct": pct, "rows_written": rows, "eta_min": eta}),
                 "%s at %d%%, %s rows written, ETA %d min." % (stg, pct, "{:,}".format(rows), eta),
                 [("job_status", {"job_id": "bf-df4-2201"})])
    s.tools_(240, j({"job_id": "bf-df4-2201", "state": "SUCCEEDED", "rows_written": 183422117, "snapshot": 88120394411}),
             "Succeeded: 183,422,117 rows. Running dq.", [("dq_check", {"table": "device_fingerprint_v4",
                                                                        "partitions": "2026-01-01..2026-12-31"})])
    s.tools_(60, j({"table": "device_fingerprint_v4", "result": "PASS", "checks": {"row_count": "PASS 365 partitions",
                   "null_ratio": "PASS", "freshness": "PASS", "distribution_drift.hash_bucket": "PASS psi=0.012"}}),
             "dq passed on all 365 partitions (PSI 0.012 on hash_bucket). device_fingerprint_v4 2026 backfill is done.")
    out.append(s)
    return out


# ================================================================ hospital_bed_allocation

BED_TOOLS = {
    "census": ("Current bed census for a unit.", {"unit": "string"}),
    "transfer_requests": ("Open transfer/admission requests awaiting a bed.", {"status": "string"}),
    "cleaning_status": ("EVS cleaning status of a bed.", {"bed_id": "string"}),
    "assign_bed": ("Assign a patient to a bed.", {"mrn": "string", "bed_id": "string"}),
}
BED_SYS = ("You are the bed-management agent for St. Brendan Medical Center. Match pending admissions and transfers "
           "to clean, staffed beds respecting level of care (ICU, step-down, telemetry, med-surg) and isolation needs. "
           "Never assign a bed that is not READY.")


def census_dashboard(unit, beds, as_of):
    head = ("ST. BRENDAN MEDICAL CENTER - BED BOARD v7.4.2\nUnit: %s   As of: %s   Source: Epic ADT feed (refresh 60s)\n"
            "CONFIDENTIAL: contains PHI. Access is logged under policy IM-204. Do not screenshot or forward.\n"
            "Legend: OCC occupied | RDY ready | DRT dirty | CLN cleaning in progress | BLK blocked | ISO isolation\n"
            "Staffing: ratios per policy NS-118 (tele 1:4, step-down 1:3, ICU 1:2). Blocked beds need house supervisor.\n"
            "%s\n" % (unit, as_of, "-" * 78))
    rows = ["%-8s %-4s %-10s %-22s" % b for b in beds]
    foot = ("%s\nTotals: %d beds, %d OCC, %d RDY, %d DRT/CLN, %d BLK\nCall Patient Flow x4410 for escalations. "
            "Report ADT discrepancies to the Epic ADT team (ticket queue ADT-SUP).\n" %
            ("-" * 78, len(beds), sum(b[1] == "OCC" for b in beds), sum(b[1] == "RDY" for b in beds),
             sum(b[1] in ("DRT", "CLN") for b in beds), sum(b[1] == "BLK" for b in beds)))
    return head + "\n".join(rows) + "\n" + foot


def hospital():
    out = []
    tele = [("4W-%02d" % i, "OCC", "MRN%06d" % (300000 + 977 * i), "tele, LOS %dd" % (1 + i % 5)) for i in range(1, 17)]
    # R1 chat: two agents handing the same request back and forth.
    s = Session("hospital_bed_allocation", "runaway", 1, "chat", BED_SYS, BED_TOOLS, runaway=(4, 10),
                user_id="agent-transfer-coordinator",
                notes="Agent-to-agent ping-pong: the transfer-coordinator agent keeps re-sending the same telemetry "
                      "request, the bed agent keeps finding 4 West full and handing it back.")
    req = ("[transfer-coordinator-agent] Request TR-88214: MRN 448120 (ED bay 14, NSTEMI, heparin drip) accepted to "
           "cardiology. Order requires TELEMETRY. Please assign a telemetry bed.")
    back = ["4 West telemetry is full (16/16 occupied). I can't place MRN 448120 on telemetry; handing TR-88214 back to "
            "the transfer coordinator to find an alternative.",
            "No telemetry bed: 4 West 16/16 occupied. Returning TR-88214 to transfer coordination for an alternative unit.",
            "Telemetry remains full, so TR-88214 goes back to the transfer coordinator."]
    again = ["[transfer-coordinator-agent] TR-88214 returned. No alternative: order requires TELEMETRY, step-down is "
             "full and boarding in ED is not permitted by policy PF-12. Please assign a telemetry bed for MRN 448120.",
             "[transfer-coordinator-agent] TR-88214: re-requesting a telemetry bed for MRN 448120; alternatives are not "
             "permitted by the order. Please assign."]
    s.user(0, req, "Checking 4 West.", [("census", {"unit": "4W-TELE"})])
    for k in range(9):
        as_of = "2027-01-19 02:%02d" % (5 + 4 * k)
        s.tools_(3, census_dashboard("4W-TELE", tele, as_of), back[k % 3])
        s.user(40 + 5 * k, again[k % 2], "Re-checking 4 West for TR-88214.", [("census", {"unit": "4W-TELE"})])
    out.append(s)

    # R2 anthropic: period-4 cycle with a ticking waiting counter.
    s = Session("hospital_bed_allocation", "runaway", 2, "anthropic", BED_SYS, BED_TOOLS, runaway=(6, 13),
                user_id="u-bed-nightsup", model_idx=1,
                notes="Period-4 cycle: census, cleaning status, transfer list, failed assignment to a dirty bed; the "
                      "EVS waiting counter and timestamps tick every round but nothing changes.")
    s.user(0, "Place MRN 512077 (post-op hip, med-surg, contact isolation) from PACU. 5 North is the only option.",
           "Checking 5 North census.", [("census", {"unit": "5N-MEDSURG"})])
    beds5 = [("5N-%02d" % i, "OCC", "MRN%06d" % (400000 + 311 * i), "med-surg") for i in range(1, 13)]
    beds5[6] = ("5N-07", "DRT", "-", "ISO-capable, dirty since 22:40")
    for k in range(6):
        m = 12 * k
        s.tools_(8, census_dashboard("5N-MEDSURG", beds5, "2027-01-19 23:%02d" % (5 + m % 50)),
                 "Only 5N-07 could take an isolation patient and it's dirty. Checking EVS.",
                 [("cleaning_status", {"bed_id": "5N-07"})])
        s.tools_(6, j({"bed_id": "5N-07", "status": "DIRTY", "evs_ticket": "EVS-33019", "assigned_to": None,
                        "waiting_min": 25 + m, "checked_at": "23:%02d" % (6 + m % 50)}),
                 "Still dirty, no EVS tech assigned. Let me look at the transfer list.",
                 [("transfer_requests", {"status": "pending"})])
        s.tools_(5, j({"pending": [{"tr": "TR-88301", "mrn": "512077", "from": "PACU", "needs": "med-surg ISO",
                                     "waiting_min": 61 + m}]}),
                 "MRN 512077 is still waiting. Trying to assign 5N-07.", [("assign_bed", {"mrn": "512077", "bed_id": "5N-07"})])
        if len(s.turns) >= 22:
            break
        s.tools_(4, "ERROR 409 BED_NOT_READY: 5N-07 status DIRTY (EVS-33019 unassigned)",
                 "Assignment rejected because the bed is dirty. Re-checking the 5 North census.",
                 [("census", {"unit": "5N-MEDSURG"})])
    out.append(s)

    # H1 responses: boilerplate-heavy dashboards with small real changes; assigns a queue one by one.
    s = Session("hospital_bed_allocation", "healthy", 1, "responses", BED_SYS, BED_TOOLS, user_id="u-bed-daysup",
                notes="Morning discharge wave: each census dashboard is 90% identical boilerplate, but one or two beds "
                      "turn RDY each time and the agent assigns a different patient.")
    beds = [("6E-%02d" % i, "OCC", "MRN%06d" % (600000 + 733 * i), "med-surg") for i in range(1, 21)]
    queue = [("MRN700112", "ED-3"), ("MRN700145", "ED-9"), ("MRN700163", "PACU-2"), ("MRN700190", "ED-12"),
             ("MRN700207", "Direct admit"), ("MRN700231", "ED-1"), ("MRN700244", "PACU-5")]
    s.user(0, "Discharges are coming through on 6 East. Place the queue as beds turn ready: " +
           ", ".join("%s (%s)" % q for q in queue), "Checking 6 East.", [("census", {"unit": "6E-MEDSURG"})])
    for k, (mrn, src) in enumerate(queue):
        bid = "6E-%02d" % (3 + 2 * k)
        beds[2 + 2 * k] = (bid, "RDY", "-", "med-surg, cleaned %02d:%02d" % (9 + k // 2, (17 * k) % 60))
        s.tools_(4 if k == 0 else 700, census_dashboard("6E-MEDSURG", beds, "2027-01-20 %02d:%02d" % (9 + k // 2, (17 * k + 3) % 60)),
                 "%s is ready. Assigning %s from %s." % (bid, mrn, src), [("assign_bed", {"mrn": mrn, "bed_id": bid})])
        beds[2 + 2 * k] = (bid, "OCC", mrn, "med-surg, admitted")
        if k + 1 < len(queue):
            s.tools_(3, j({"mrn": mrn, "bed_id": bid, "status": "ASSIGNED", "transport": "TP-%d" % (5100 + k)}),
                     "%s -> %s assigned, transport TP-%d. Waiting for the next discharge." % (mrn, bid, 5100 + k),
                     [("census", {"unit": "6E-MEDSURG"})])
        else:
            s.tools_(3, j({"mrn": mrn, "bed_id": bid, "status": "ASSIGNED", "transport": "TP-%d" % (5100 + k)}),
                     "All 7 patients placed on 6 East (6E-03 through 6E-15).")
    out.append(s)

    # H2 chat: cleaning status progresses dirty -> cleaning -> inspected -> ready, then assignment.
    s = Session("hospital_bed_allocation", "healthy", 2, "chat", BED_SYS, BED_TOOLS, user_id="u-bed-nightsup",
                notes="Polls one bed's EVS status: it moves DIRTY -> CLEANING (percent of checklist rising) -> "
                      "INSPECTION -> READY; the patient is then placed.")
    s.user(0, "ICU bed 2N-ICU-04 was just vacated. MRN 620455 in ED needs it (septic shock, airborne isolation). Place "
              "as soon as it's ready.", "Checking EVS for 2N-ICU-04.", [("cleaning_status", {"bed_id": "2N-ICU-04"})])
    evs = [{"status": "DIRTY", "evs_ticket": "EVS-40511", "assigned_to": None, "waiting_min": 3},
           {"status": "DIRTY", "evs_ticket": "EVS-40511", "assigned_to": "T. Nguyen", "waiting_min": 9},
           {"status": "CLEANING", "assigned_to": "T. Nguyen", "checklist_done": "4/17", "uv_cycle": "pending"},
           {"status": "CLEANING", "assigned_to": "T. Nguyen", "checklist_done": "11/17", "uv_cycle": "pending"},
           {"status": "CLEANING", "assigned_to": "T. Nguyen", "checklist_done": "17/17", "uv_cycle": "running 6/15 min"},
           {"status": "INSPECTION", "assigned_to": "R. Patel (charge RN)", "uv_cycle": "done"},
           {"status": "READY", "released_at": "03:58"}]
    notes = ["Dirty, not yet picked up. Checking again in 5 minutes.", "T. Nguyen has taken the ticket.",
             "Cleaning started, 4 of 17 checklist items.", "11/17 done.", "Checklist complete, UV cycle running.",
             "With the charge nurse for inspection.", ""]
    for k, e in enumerate(evs):
        e = dict(e, bed_id="2N-ICU-04")
        if e["status"] != "READY":
            s.tools_(2 if k == 0 else 300 + 60 * (k % 3), j(e), notes[k], [("cleaning_status", {"bed_id": "2N-ICU-04"})])
        else:
            s.tools_(240, j(e), "READY at 03:58. Assigning MRN 620455.", [("assign_bed", {"mrn": "620455", "bed_id": "2N-ICU-04"})])
    s.tools_(3, j({"mrn": "620455", "bed_id": "2N-ICU-04", "status": "ASSIGNED", "notify": ["ED charge", "ICU charge", "RT"]}),
             "MRN 620455 assigned to 2N-ICU-04; ED, ICU charge and RT notified. Negative-pressure room confirmed.")
    s.user(1900, "Thanks. Anything else pending on 2 North?", "Let me look.", [("transfer_requests", {"status": "pending"})])
    s.tools_(3, j({"pending": []}), "Nothing pending for 2 North.")
    out.append(s)
    return out


# ================================================================ open_data_scraper

SCRAPE_TOOLS = {
    "fetch": ("HTTP GET a URL from an open-data portal; returns status line, headers of interest and body.",
              {"url": "string"}),
    "schema_check": ("Infer and validate a dataset's schema against the catalogue's target schema.",
                     {"dataset_id": "string", "sample": "string"}),
}
SCRAPE_SYS = ("You collect public datasets for the civic-data warehouse. Use fetch for portal APIs (CKAN, Socrata, "
              "ArcGIS Hub) and schema_check before registering a dataset. Respect robots.txt and rate limits.")

PERMITS_CSV = "\n".join(
    ["permit_number,issued_date,address,work_class,valuation_usd,status"] +
    ["2025%06d,2025-%02d-%02d,%d %s,%s,%d,%s" % (100200 + 37 * i, 1 + i % 12, 1 + (7 * i) % 28, 100 + 13 * i,
                                                 ["MISSION ST", "VALENCIA ST", "24TH ST", "FOLSOM ST", "GUERRERO ST"][i % 5],
                                                 ["alteration", "new construction", "demolition", "sign"][i % 4],
                                                 15000 + 4711 * i, ["issued", "complete", "expired"][i % 3])
     for i in range(40)])


def scraper():
    out = []
    # R1 responses: the same table re-served under different titles/URLs.
    s = Session("open_data_scraper", "runaway", 1, "responses", SCRAPE_SYS, SCRAPE_TOOLS, runaway=(5, 11),
                user_id="u-civic-lena",
                notes="The portal lists one building-permit extract under many titles and URLs (mirrors, 'annual', "
                      "'legacy'); the agent fetches and schema-checks each as a new dataset although the rows are identical.")
    titles = [("dbi-permits-2025", "Building Permits 2025"), ("permits-issued-annual", "Permits Issued - Annual Extract"),
              ("dbi-legacy-export", "DBI Legacy Export (permits)"), ("building-permits-mirror", "Building Permits (mirror)"),
              ("permits-2025-v2", "Permits 2025 v2"), ("housing-permits", "Housing-related Permits 2025"),
              ("construction-permits", "Construction Permits Dataset"), ("permits-geo", "Permits (with geometry)")]
    s.user(0, "Collect every distinct 2025 building-permit dataset from data.sfgov-like portal 'opendata.baycity.example' "
              "and register them. Skip duplicates.", "Searching the catalogue.",
           [("fetch", {"url": "https://opendata.baycity.example/api/3/action/package_search?q=permits+2025&rows=50"})])
    s.tools_(4, j({"success": True, "result": {"count": len(titles), "results": [
        {"name": n, "title": t, "resources": [{"url": "https://opendata.baycity.example/dataset/%s/resource/data.csv" % n}]}
        for n, t in titles]}}),
             "8 candidate datasets. Starting with %s." % titles[0][1],
             [("fetch", {"url": "https://opendata.baycity.example/dataset/%s/resource/data.csv" % titles[0][0]})])
    for k, (n, t) in enumerate(titles):
        s.tools_(3, "HTTP 200 OK\nContent-Type: text/csv\nX-Dataset-Title: %s\n\n%s" % (t, PERMITS_CSV),
                 "Got %s (40 sample rows). Checking its schema." % t, [("schema_check", {"dataset_id": n, "sample": "first 40 rows"})])
        if k + 1 < len(titles):
            nn, nt = titles[k + 1]
            s.tools_(5, j({"dataset_id": n, "schema": "OK", "columns": 6, "rows_estimate": 48113, "target": "permits_v1"}),
                     "%s matches permits_v1; registering it. Next: %s." % (t, nt),
                     [("fetch", {"url": "https://opendata.baycity.example/dataset/%s/resource/data.csv" % nn})])
        else:
            s.tools_(5, j({"dataset_id": n, "schema": "OK", "columns": 6, "rows_estimate": 48113}),
                     "Registered all 8 permit datasets.")
    out.append(s)

    # R2 chat: exact repetition of a permanently failing (404) fetch.
    s = Session("open_data_scraper", "runaway", 2, "chat", SCRAPE_SYS, SCRAPE_TOOLS, runaway=(3, 8), model_idx=1,
                user_id="u-civic-marco",
                notes="Exact repetition: the dataset was removed (404 with a 'dataset retired' page) and the agent "
                      "re-issues the identical fetch with the identical reply every time.")
    url = "https://data.rivercounty.example/api/views/x7q2-9bkd/rows.csv?accessType=DOWNLOAD"
    s.user(0, "Pull the 2024 restaurant inspection scores (dataset x7q2-9bkd) from River County's Socrata portal.",
           "Fetching the dataset.", [("fetch", {"url": url})])
    page404 = ("HTTP 404 Not Found\nContent-Type: text/html\n\n<!DOCTYPE html><html><head><title>Dataset not found | "
               "River County Open Data</title></head><body><div class=\"error-page\"><h1>This dataset has been retired"
               "</h1><p>The dataset x7q2-9bkd was removed by its owner on 2026-11-02. Please see the catalog for "
               "current datasets.</p><a href=\"/browse\">Browse the catalog</a></div><footer>Powered by Socrata</footer>"
               "</body></html>")
    for k in range(13):
        s.tools_(6 + (k % 2), page404, "The request returned 404. Retrying the download.", [("fetch", {"url": url})])
    out.append(s)

    # H1 anthropic: pagination with boilerplate-heavy envelopes and different records.
    s = Session("open_data_scraper", "healthy", 1, "anthropic", SCRAPE_SYS, SCRAPE_TOOLS, user_id="u-civic-lena",
                notes="Pagination: the same CKAN endpoint with the next offset, envelopes mostly identical boilerplate "
                      "(help URL, facets, licence text), records different on every page; then a schema check.")
    base = "https://ckan.openregion.example/api/3/action/package_search?fq=organization:transport&rows=5&start=%d"
    s.user(0, "Inventory every dataset the regional transport authority publishes on ckan.openregion.example. I need "
              "name, title, format list and licence for all of them.", "Fetching the first page.",
           [("fetch", {"url": base % 0})])
    topics = ["bus-stops", "rail-ridership-monthly", "bike-counters", "park-and-ride", "ferry-timetables", "gtfs-static",
              "gtfs-realtime-archive", "road-closures", "traffic-signals", "ev-chargers", "taxi-ranks", "cycle-lanes",
              "accident-stats-2024", "noise-monitors", "freight-routes", "pedestrian-counts", "tram-stops", "fare-zones",
              "bridge-clearances", "school-routes", "speed-cameras", "parking-occupancy", "bus-punctuality", "airport-shuttle",
              "carpool-lots", "snow-routes", "bike-share-trips", "footpath-condition", "level-crossings", "transit-shelters",
              "bus-lanes", "ride-hail-pickups", "cargo-bike-bays", "toll-gantries", "weigh-stations", "rail-stations",
              "tunnel-closures", "air-quality-roadside", "wayfinding-signs", "ticket-machines", "lift-status", "timetable-changes"]
    licence = ("Open Government Licence v3.0: you are free to copy, publish, distribute and transmit the information; "
               "adapt the information; exploit the information commercially, provided you acknowledge the source.")
    for p in range(9):
        recs = [{"name": t, "title": t.replace("-", " ").title(), "formats": ["CSV", "JSON"] if i % 3 else ["GTFS", "ZIP"],
                 "license_title": "OGL-3.0", "metadata_modified": "2026-%02d-%02dT10:00:00" % (1 + (p + i) % 12, 1 + i * 3)}
                for i, t in enumerate(topics[p * 5:p * 5 + 5])]
        env = {"help": "https://ckan.openregion.example/api/3/action/help_show?name=package_search", "success": True,
               "result": {"count": len(topics), "sort": "score desc, metadata_modified desc",
                          "facets": {}, "search_facets": {}, "results": recs},
               "_licence_notice": licence, "_rate_limit": {"limit": 120, "remaining": 119 - p, "window_s": 60}}
        if p < 8:
            s.tools_(3 + p % 3, j(env), "Page %d: %s. Next page." % (p + 1, ", ".join(r["name"] for r in recs)),
                     [("fetch", {"url": base % (5 * (p + 1))})])
        else:
            s.tools_(4, j(env), "Last page (%d records). Validating the inventory schema." % len(recs),
                     [("schema_check", {"dataset_id": "transport-inventory", "sample": "name,title,formats,license_title"})])
    s.tools_(3, j({"dataset_id": "transport-inventory", "schema": "OK", "rows": 42}),
             "Inventory complete: 42 datasets, 8 of them GTFS/ZIP, all OGL-3.0.")
    out.append(s)

    # H2 responses: 429 / 503 with backoff, then success and new data.
    s = Session("open_data_scraper", "healthy", 2, "responses", SCRAPE_SYS, SCRAPE_TOOLS, user_id="u-civic-marco",
                notes="ArcGIS Hub rate-limits (429 with Retry-After, then a 503); the agent honours the delays and the "
                      "downloads then succeed, one layer after another.")
    layers = ["Street_Trees", "Fire_Hydrants", "Zoning_Districts"]
    s.user(0, "Download the Street_Trees, Fire_Hydrants and Zoning_Districts layers from hub.lakecity.example as GeoJSON.",
           "Starting with Street_Trees.",
           [("fetch", {"url": "https://hub.lakecity.example/api/download/v1/items/Street_Trees/geojson"})])
    plan = [("Street_Trees", ['HTTP 429 Too Many Requests\nRetry-After: 20\n\n{"error":{"code":429,"message":"Rate limit exceeded: 10 downloads/min"}}',
                              'HTTP 429 Too Many Requests\nRetry-After: 45\n\n{"error":{"code":429,"message":"Rate limit exceeded: 10 downloads/min"}}']),
            ("Fire_Hydrants", ['HTTP 503 Service Unavailable\nRetry-After: 90\n\n{"status":"Processing","message":"Export is being generated, retry later"}']),
            ("Zoning_Districts", [])]
    for li, (layer, errs) in enumerate(plan):
        url = "https://hub.lakecity.example/api/download/v1/items/%s/geojson" % layer
        for e in errs:
            ra = int(e.split("Retry-After: ")[1].split("\n")[0])
            s.tools_(4, e, "Got %s; waiting %d s as the server asks, then retrying." % (e.split("\n")[0][5:], ra),
                     [("fetch", {"url": url})])
            s.t += ra
        feats = [{"type": "Feature", "properties": {"id": 1000 * li + i, "kind": layer[:-1].lower()},
                  "geometry": {"type": "Point", "coordinates": [-87.6 + i * 0.001, 41.8 + li * 0.01]}} for i in range(12)]
        s.tools_(6, "HTTP 200 OK\nContent-Type: application/geo+json\n\n" + j({"type": "FeatureCollection", "features": feats}),
                 "%s downloaded (12 sample features). Checking schema." % layer,
                 [("schema_check", {"dataset_id": layer, "sample": "first 12 features"})])
        if li + 1 < len(plan):
            nxt = plan[li + 1][0]
            s.tools_(3, j({"dataset_id": layer, "schema": "OK", "geometry": "Point", "crs": "EPSG:4326"}),
                     "%s schema OK. Next: %s." % (layer, nxt),
                     [("fetch", {"url": "https://hub.lakecity.example/api/download/v1/items/%s/geojson" % nxt})])
        else:
            s.tools_(3, j({"dataset_id": layer, "schema": "OK", "geometry": "Polygon", "crs": "EPSG:4326"}),
                     "All three layers downloaded and validated.")
    s.user(600, "Great, how many retries did it take overall?", "Three: two 429s on Street_Trees and one 503 on "
                                                                "Fire_Hydrants; Zoning_Districts came down first time.")
    out.append(s)
    return out


# ================================================================ push_campaign_ops

PUSH_TOOLS = {
    "segment_query": ("Resolve an audience segment to a device count.", {"segment": "string"}),
    "schedule_send": ("Schedule a push campaign to a segment.", {"campaign_id": "string", "segment": "string",
                                                                 "send_at": "string"}),
    "delivery_report": ("Delivery report of a campaign (APNs/FCM).", {"campaign_id": "string"}),
}
PUSH_SYS = ("You run push-notification campaigns for the Trailhead outdoor app. Respect quiet hours (21:00-08:00 "
            "recipient local time), frequency caps (2 pushes/user/day) and opt-outs.")


def push():
    out = []
    # R1 anthropic: period-2 cycle schedule -> report, the same APNs auth failure every time.
    s = Session("push_campaign_ops", "runaway", 1, "anthropic", PUSH_SYS, PUSH_TOOLS, runaway=(6, 12),
                user_id="u-push-ines",
                notes="Period-2 cycle of reschedule / delivery report: every send dies with the same APNs 403 "
                      "InvalidProviderToken (expired key), only campaign ids and timestamps change.")
    s.user(0, "Send the 'Spring trail reopenings' push to segment ios_active_30d at 10:00 local tomorrow.",
           "Sizing the segment.", [("segment_query", {"segment": "ios_active_30d"})])
    s.tools_(3, j({"segment": "ios_active_30d", "devices": 182344, "platform": "ios"}),
             "182,344 iOS devices. Scheduling.", [("schedule_send", {"campaign_id": "cmp-spring-01", "segment": "ios_active_30d",
                                                                     "send_at": "2027-04-02T10:00:00 local"})])
    for k in range(9):
        cid = "cmp-spring-%02d" % (k + 1)
        s.tools_(5, j({"campaign_id": cid, "state": "SCHEDULED"}), "Scheduled %s. Checking the delivery report." % cid,
                 [("delivery_report", {"campaign_id": cid})])
        if len(s.turns) >= 21:
            break
        s.tools_(300, j({"campaign_id": cid, "generated_at": "2027-04-02T10:%02d:12Z" % (5 + 6 * k), "attempted": 182344,
                         "delivered": 0, "failed": 182344, "errors": {"apns:403 InvalidProviderToken": 182344},
                         "hint": "The provider token (.p8 key 7QX2K9) is invalid or expired"}),
                 "All sends failed with APNs InvalidProviderToken. Rescheduling the campaign to retry.",
                 [("schedule_send", {"campaign_id": "cmp-spring-%02d" % (k + 2), "segment": "ios_active_30d",
                                     "send_at": "2027-04-02T10:%02d:00 local" % (15 + 6 * k)})])
    out.append(s)

    # R2 chat: polling a report that never changes.
    s = Session("push_campaign_ops", "runaway", 2, "chat", PUSH_SYS, PUSH_TOOLS, runaway=(5, 13), model_idx=0,
                user_id="u-push-dev",
                notes="Polling a campaign stuck in QUEUED with 0 of 48,210 sent for hours; only generated_at changes.")
    s.user(0, "Campaign cmp-weekend-deals went out at 09:00? Watch it and tell me the open rate when it's done.",
           "Checking the report.", [("delivery_report", {"campaign_id": "cmp-weekend-deals"})])
    for k in range(19):
        s.tools_(4 if k == 0 else 300, j({"campaign_id": "cmp-weekend-deals", "state": "QUEUED", "targeted": 48210,
                                         "sent": 0, "delivered": 0, "opened": 0,
                                         "generated_at": "2027-04-03T%02d:%02d:00Z" % (9 + (5 * k) // 60, (5 * k) % 60)}),
                 "Still queued, 0 of 48,210 sent. I'll check again in 5 minutes." if k % 2 == 0 else
                 "No change yet (queued, 0 sent). Checking again shortly.",
                 [("delivery_report", {"campaign_id": "cmp-weekend-deals"})])
        if len(s.turns) >= 20:
            break
    out.append(s)

    # H1 responses: batch, one long policy instruction, short items; quiet-hours warning recurs.
    pol = ("Review each campaign I paste against our push policy and answer with APPROVE, APPROVE WITH CHANGE or "
           "REJECT plus one line of reason. Policy: (a) no sends in the recipient's quiet hours 21:00-08:00 local - a "
           "send time given in UTC must be checked against every timezone in the segment; (b) at most 2 pushes per "
           "user per day across all campaigns, so check the calendar I give you; (c) promotional pushes need the "
           "'marketing_opt_in' filter; (d) titles at most 45 characters, body at most 120; (e) no urgency words "
           "('last chance', 'hurry') for non-expiring offers; (f) deep links must use trailhead:// not https. "
           "Calendar: 2 pushes already scheduled on 04-05 for us_west_hikers.")
    s = Session("push_campaign_ops", "healthy", 1, "responses", PUSH_SYS, PUSH_TOOLS, model_idx=1, user_id="u-push-ines",
                notes="Batch review with one long policy instruction; each turn a short different campaign; the same "
                      "quiet-hours finding recurs on several different campaigns, as it should.")
    items = [("cmp-0401", "us_all", "2027-04-04T03:30Z", "Trail report: 12 new routes", "APPROVE WITH CHANGE: 03:30Z is 20:30 PT but 23:30 ET — quiet hours for us_east; split by timezone."),
             ("cmp-0402", "eu_runners", "2027-04-04T07:00Z", "Spring 5K challenge", "APPROVE: 08:00-09:00 local across CET/WET."),
             ("cmp-0403", "us_all", "2027-04-05T02:00Z", "Weekend gear sale", "APPROVE WITH CHANGE: 02:00Z is 22:00 ET, quiet hours; add marketing_opt_in too."),
             ("cmp-0404", "us_west_hikers", "2027-04-05T18:00Z", "Snow update Sierra", "REJECT: third push on 04-05 for us_west_hikers (cap 2)."),
             ("cmp-0405", "apac_climbers", "2027-04-05T13:00Z", "Crag closures", "APPROVE WITH CHANGE: 13:00Z is 23:00 AEST, quiet hours."),
             ("cmp-0406", "us_all", "2027-04-06T16:00Z", "Last chance: free trail maps!", "APPROVE WITH CHANGE: drop 'Last chance' (maps don't expire)."),
             ("cmp-0407", "uk_walkers", "2027-04-06T21:30Z", "Bank holiday walks", "APPROVE WITH CHANGE: 21:30Z is 22:30 BST, quiet hours."),
             ("cmp-0408", "ca_paddlers", "2027-04-07T15:00Z", "River levels are up", "APPROVE: 08:00-11:00 local, link trailhead://rivers."),
             ("cmp-0409", "us_all", "2027-04-07T12:00Z", "New: offline maps for every state in the US, now free", "APPROVE WITH CHANGE: title is 52 chars (max 45)."),
             ("cmp-0410", "latam_bikers", "2027-04-08T01:00Z", "Ruta de la semana", "APPROVE WITH CHANGE: 01:00Z is 22:00 in Buenos Aires, quiet hours.")]
    s.user(0, pol + "\n\nCampaign: %s | segment %s | send %s | title '%s'" % items[0][:4], items[0][4])
    for k, it in enumerate(items[1:]):
        s.user(45 + 11 * k, "Campaign: %s | segment %s | send %s | title '%s'" % it[:4], it[4])
    s.user(120, "Summary please.", "10 reviewed: 2 APPROVE, 7 APPROVE WITH CHANGE (4 quiet-hours shifts, 1 opt-in, 1 "
                                   "urgency wording, 1 title length), 1 REJECT for the frequency cap.")
    out.append(s)

    # H2 anthropic: poller whose delivery numbers move, then final.
    s = Session("push_campaign_ops", "healthy", 2, "anthropic", PUSH_SYS, PUSH_TOOLS, user_id="u-push-dev",
                notes="A throttled send ramps up: sent/delivered/opened grow every poll, then the report finalises.")
    s.user(0, "Schedule cmp-trailcare-ed for segment android_weekly now and report delivery and open rate.",
           "Sizing and scheduling.", [("segment_query", {"segment": "android_weekly"})])
    s.tools_(3, j({"segment": "android_weekly", "devices": 96420, "platform": "android"}), "96,420 devices.",
             [("schedule_send", {"campaign_id": "cmp-trailcare-ed", "segment": "android_weekly", "send_at": "now"})])
    s.tools_(4, j({"campaign_id": "cmp-trailcare-ed", "state": "SENDING", "throttle_per_min": 8000}),
             "Sending at 8,000/min. Polling the report.", [("delivery_report", {"campaign_id": "cmp-trailcare-ed"})])
    steps = [(8000, 7712, 102), (24000, 23190, 655), (40000, 38870, 1430), (56000, 54410, 2602), (72000, 70101, 3788),
             (88000, 85433, 5012), (96420, 93560, 6240)]
    for k, (sent, dlv, op) in enumerate(steps):
        st = "SENDING" if sent < 96420 else "COMPLETE"
        rep = j({"campaign_id": "cmp-trailcare-ed", "state": st, "sent": sent, "delivered": dlv, "opened": op,
                 "fcm_errors": {"UNREGISTERED": sent - dlv}})
        if st == "SENDING":
            s.tools_(120, rep, "%s sent, %s delivered, %s opened so far." % ("{:,}".format(sent), "{:,}".format(dlv), "{:,}".format(op)),
                     [("delivery_report", {"campaign_id": "cmp-trailcare-ed"})])
        else:
            s.tools_(120, rep, "Send complete. I'll take a final reading in an hour for opens.",
                     [("delivery_report", {"campaign_id": "cmp-trailcare-ed"})])
    s.tools_(3600, j({"campaign_id": "cmp-trailcare-ed", "state": "FINAL", "sent": 96420, "delivered": 93560,
                      "opened": 9877, "fcm_errors": {"UNREGISTERED": 2860}}),
             "Final: 93,560 delivered of 96,420 (2,860 unregistered tokens, worth pruning), 9,877 opens = 10.6% open rate.")
    out.append(s)
    return out


# ================================================================ postmortem_writer

PM_SYS = ("You help SREs write blameless incident postmortems (sections: Summary, Impact, Timeline, Root cause, "
          "Detection, Response, What went well, What went wrong, Action items). Use only facts the user provides.")


def api_log(seed, n, from_min):
    rng = random.Random(seed)
    pods = ["checkout-api-7d9f8-%s" % x for x in ("x2kqp", "m8vtn", "q4hzr", "b7wcd", "t1jfs", "n5gla")]
    lines = []
    for i in range(n):
        sec = from_min * 60 + i * rng.randint(1, 4)
        ts = "2027-02-11T14:%02d:%02d.%03dZ" % ((sec // 60) % 60, sec % 60, rng.randint(0, 999))
        pod = rng.choice(pods)
        r = rng.random()
        if r < 0.35:
            lines.append('%s %s level=error msg="db acquire failed" err="pq: remaining connection slots are reserved '
                         'for non-replication superuser connections" pool=orders in_use=%d' % (ts, pod, 50))
        elif r < 0.6:
            lines.append('%s %s level=info method=POST path=/v2/checkout status=503 dur_ms=%d trace=%016x' %
                         (ts, pod, rng.randint(3000, 10000), rng.getrandbits(64)))
        elif r < 0.8:
            lines.append('%s %s level=info method=GET path=/v2/cart/%d status=200 dur_ms=%d' %
                         (ts, pod, rng.randint(100000, 999999), rng.randint(12, 300)))
        else:
            lines.append('%s %s level=warn msg="circuit half-open" target=orders-db retries=%d' % (ts, pod, rng.randint(1, 6)))
    return "\n".join(lines)


TIMELINE = """14:00 Deploy of orders-worker v4.18.0 begins (canary 10%).
14:02 orders-worker pods restart with MAX_DB_CONNS=40 (was 8) per pod; 12 pods.
14:03 Postgres primary orders-db-1 hits max_connections (500); checkout-api starts returning 503.
14:06 Synthetic checkout probe fails; alert CheckoutErrorRate > 5% fires, pages the payments on-call (wrong rotation).
14:14 Payments on-call forwards to platform on-call (Dana).
14:19 Dana sees 'remaining connection slots are reserved' in checkout-api logs.
14:24 Rollback of orders-worker to v4.17.3 started.
14:31 Connections drop to 210; checkout error rate back under 1%.
14:45 Incident declared resolved; 41 minutes of degraded checkout (14:03-14:44 partial)."""


def channel_export():
    rng = random.Random(4711)
    people = ["dana.k", "ken.o", "priya.s", "marc.t", "oncall-bot", "lucia.r"]
    msgs = ["seeing 503s on /v2/checkout in the synthetic", "is this the payments side? we didn't deploy anything",
            "orders-worker canary is at 10%% now, %d pods", "pg dashboard: connections %d / 500",
            "anyone else getting 'remaining connection slots are reserved'?", "error rate %d%% on checkout",
            "paging platform, payments isn't the right rotation", "looking at pgbouncer... oh we don't have one on orders-db",
            "rollback needs a second approver, can someone click", "approved", "connections %d and falling",
            "synthetic green again", "customer support reports %d tickets about failed checkout",
            "status page updated: degraded checkout", "keeping the incident open 15 more minutes to watch"]
    lines = []
    for i in range(170):
        m = msgs[max(0, min(len(msgs) - 1, i * len(msgs) // 170 + rng.randint(-2, 2)))]
        if "%" in m.replace("%%", ""):
            m = m % rng.randint(8, 480)
        else:
            m = m.replace("%%", "%")
        sec = 120 + i * 15 + rng.randint(0, 14)
        lines.append("[14:%02d:%02d] <%s> %s" % (sec // 60, sec % 60, rng.choice(people), m))
    return "\n".join(lines)


def postmortem():
    out = []
    # R1 responses: growing pasted log, same error, same analysis every turn.
    s = Session("postmortem_writer", "runaway", 1, "responses", PM_SYS, user_id="u-sre-dana", max_tokens=1500,
                notes="Tool-less: the SRE pastes an ever-longer checkout-api log that always shows the same "
                      "connection-slot error; the assistant gives the same analysis and asks for more logs each time.")
    ans = ["All of these are the same failure: checkout-api can't get a Postgres connection ('remaining connection "
           "slots are reserved'), so /v2/checkout returns 503. To pin down the root cause, can you paste more of the log "
           "from before 14:03?",
           "This section shows the same thing: connection acquisition failing with 'remaining connection slots are "
           "reserved' and 503s on checkout. Could you paste a longer window of the log so I can find the trigger?",
           "Again the connection-slot exhaustion error and 503s. I need more log context to identify what caused it; "
           "please paste additional lines."]
    pasted = ""
    for k in range(14):
        pasted += ("\n" if pasted else "") + api_log(900 + k, 60 if k == 0 else 10, 2 + k)
        ask = ("Here's the checkout-api log from the incident, what's the root cause?\n\n" if k == 0 else
               "More of the log (appended, from the other pods too):\n\n")
        s.user(0 if k == 0 else 180 + 40 * (k % 3), ask + pasted, ans[k % 3])
    s.runaway = (4, 9)
    out.append(s)

    # R2 chat: "continue" answered with the same timeline again.
    s = Session("postmortem_writer", "runaway", 2, "chat", PM_SYS, user_id="u-sre-ken", model_idx=1,
                notes="The SRE keeps typing 'continue'; from the second reply on, the assistant re-emits the same "
                      "timeline section instead of moving to root cause.")
    tl = ("## Timeline (UTC)\n\n| Time | Event |\n|---|---|\n" +
          "\n".join("| %s | %s |" % (l[:5], l[6:]) for l in TIMELINE.splitlines()))
    s.user(0, "Here's the raw timeline from the incident channel:\n\n" + TIMELINE + "\n\nWrite the postmortem, start "
              "with the summary.",
           "## Summary\n\nOn 2027-02-11 from 14:03 to 14:44 UTC, checkout was degraded: a deploy of orders-worker "
           "v4.18.0 raised per-pod database connections from 8 to 40, exhausting the orders-db-1 connection limit. "
           "checkout-api could not obtain connections and returned 503s until the deploy was rolled back.")
    s.user(40, "continue", tl)
    for k in range(11):
        s.user(25 + 5 * (k % 4), "continue" if k % 3 else "continue please", tl if k % 2 == 0 else tl + "\n")
    s.runaway = (4, 8)
    out.append(s)

    # H1 anthropic: "continue" with new sections each time.
    s = Session("postmortem_writer", "healthy", 1, "anthropic", PM_SYS, user_id="u-sre-ken",
                notes="'continue' repeated by the SRE; every answer is a new section of the postmortem.")
    sections = [
        "## Summary\n\nOn 2027-02-11 checkout was degraded for 41 minutes after orders-worker v4.18.0 raised its "
        "database pool from 8 to 40 connections per pod, exhausting orders-db-1.",
        "## Impact\n\n- 14:03-14:44 UTC: 38% of checkout attempts failed with HTTP 503 (peak 71% at 14:09).\n- About "
        "6,900 orders not placed; 1,120 customers retried successfully after 14:31.\n- No data loss; no payment captured "
        "without an order.",
        "## Timeline\n\n" + "\n".join("- " + l for l in TIMELINE.splitlines()),
        "## Root cause\n\nv4.18.0 changed MAX_DB_CONNS from 8 to 40 as part of a batch-throughput change. 12 pods x 40 = "
        "480 connections on top of checkout-api's 120 exceeded max_connections=500. The change was reviewed as a "
        "worker-local tuning and nobody owned the global connection budget.",
        "## Detection\n\nThe synthetic probe caught it within 3 minutes, but the alert routed to payments on-call, "
        "costing 8 minutes before platform on-call was engaged.",
        "## Response\n\nPlatform on-call identified connection exhaustion from logs at 14:19 and rolled back at 14:24; "
        "connections fell to 210 by 14:31. A manual rollback took 7 minutes because the deploy tool required a "
        "second approver.",
        "## What went well\n\n- Synthetic probes detected the failure quickly.\n- Rollback was clean; no data repair "
        "was needed.",
        "## What went wrong\n\n- No guard on total DB connections across services.\n- Alert routing pointed to the "
        "wrong rotation.\n- Rollback needed a second approver during an incident.",
        "## Action items\n\n| # | Action | Owner | Due |\n|---|---|---|---|\n| 1 | Add PgBouncer in front of orders-db | "
        "platform | 2027-03-15 |\n| 2 | CI check: sum of pool sizes <= 80% max_connections | platform | 2027-03-01 |\n"
        "| 3 | Fix CheckoutErrorRate routing | observability | 2027-02-18 |\n| 4 | Allow single-approver rollback "
        "during SEV | release-eng | 2027-02-25 |",
        "That completes the document. Remaining: add the Grafana links for the connection graph and get sign-off "
        "from the orders-worker owners."]
    s.user(0, "Timeline:\n\n" + TIMELINE + "\n\nDraft the postmortem section by section; I'll say continue.", sections[0])
    for k, sec in enumerate(sections[1:]):
        s.user(60 + 15 * k, "continue", sec)
    s.user(300, "Thanks, looks complete.", "Glad it helps. Send it to the orders-worker owners for review before "
                                          "publishing.")
    out.append(s)

    # H2 responses: iterative refinement with small diffs and a slow human (20-60 minute gaps).
    s = Session("postmortem_writer", "healthy", 2, "responses", PM_SYS, user_id="u-sre-dana",
                notes="Iterative refinement of one summary paragraph: each request asks for a small change, the reply "
                      "is the paragraph with that change; the human answers 20-60 minutes apart.")
    para = ("On 2027-02-11 between 14:03 and 14:44 UTC, customers could not complete checkout. A deploy of "
            "orders-worker v4.18.0 raised per-pod database connections from 8 to 40, which exhausted the connection "
            "limit of the orders database. checkout-api returned HTTP 503 until the deploy was rolled back.")
    edits = [("Say 'the primary Postgres instance (orders-db-1)' instead of 'the orders database'.",
              "the orders database", "the primary Postgres instance (orders-db-1)"),
             ("'could not complete checkout' is too strong; 38% of attempts failed.",
              "customers could not complete checkout", "38% of checkout attempts failed"),
             ("Mention the alert went to the wrong rotation.",
              "until the deploy was rolled back.", "until the deploy was rolled back; the page initially went to the "
                                                    "payments rotation, delaying response by 8 minutes."),
             ("Put the time range as 41 minutes too.", "between 14:03 and 14:44 UTC", "for 41 minutes (14:03-14:44 UTC)"),
             ("Legal wants 'degraded' not 'failed'.", "38% of checkout attempts failed", "checkout was degraded, with 38% of attempts failing"),
             ("Add the order count.", "38% of attempts failing", "38% of attempts failing (about 6,900 orders not placed)"),
             ("Drop 'HTTP' — execs won't know it.", "returned HTTP 503", "returned errors"),
             ("Last one: 'raised' -> 'increased'.", "raised per-pod", "increased per-pod")]
    s.user(0, "Here is the draft summary paragraph for the postmortem. I'll send edits from review as they come in.\n\n"
              + para + "\n\nTimeline for reference:\n" + TIMELINE + "\n\nIncident channel export:\n" + channel_export(), "Ready for edits. Current text:\n\n" + para)
    gaps = [1500, 3300, 2100, 3600, 1260, 2880, 1800, 2400]
    for k, (ask, a, b) in enumerate(edits):
        para = para.replace(a, b)
        s.user(gaps[k], ask, para)
    out.append(s)
    return out


# ================================================================ main

STYLE_FUNCS = [payroll, drone, lease, feature_store, hospital, scraper, push, postmortem]


STATELESS = set()


def self_test_validator(anth, chat, resp):
    """The validator must reject broken requests (so that it can fail at all)."""
    import copy
    broken = []
    d = copy.deepcopy(anth)  # two user messages in a row
    d["turns"][3]["request"]["messages"].insert(1, {"role": "user", "content": [{"type": "text", "text": "x"}]})
    broken.append(d)
    d = copy.deepcopy(chat)  # tool answer with an unknown id
    for m in d["turns"][4]["request"]["messages"]:
        if m["role"] == "tool":
            m["tool_call_id"] = "call_nope"
    broken.append(d)
    d = copy.deepcopy(resp)  # function_call without output
    d["turns"][4]["request"]["input"] = [it for it in d["turns"][4]["request"]["input"]
                                         if it["type"] != "function_call_output"]
    broken.append(d)
    d = copy.deepcopy(chat)  # history not resent
    d["turns"][5]["request"]["messages"] = d["turns"][5]["request"]["messages"][:1] + d["turns"][5]["request"]["messages"][3:]
    broken.append(d)
    for b in broken:
        try:
            validate_doc(b, False)
        except Invalid:
            continue
        raise SystemExit("validator accepted a broken session: " + b["name"])


def build():
    files = {}
    for f in STYLE_FUNCS:
        for s in f():
            if s.stateless:
                STATELESS.add(s.name)
            doc = s.render()
            try:
                validate_doc(doc, s.stateless)
            except Invalid as e:
                raise Invalid("%s: %s" % (s.name, e))
            files[os.path.join("heldout", s.name + ".json")] = json.dumps(doc, sort_keys=True, separators=(",", ":")) + "\n"
    names = [json.loads(v)["headers"]["x-session-id"] for v in files.values()]
    need(len(set(names)) == len(names), "session ids unique")
    files[os.path.join("tuning", ".gitkeep")] = ""
    return files


def main():
    files = build()
    if "--check" in sys.argv[1:]:
        bad = []
        for rel, text in sorted(files.items()):
            p = os.path.join(ROOT, rel)
            if not os.path.exists(p) or open(p, encoding="utf-8").read() != text:
                bad.append(rel)
        on_disk = set()
        for sub in ("tuning", "heldout"):
            d = os.path.join(ROOT, sub)
            if os.path.isdir(d):
                on_disk |= {os.path.join(sub, f) for f in os.listdir(d)}
        bad += sorted(on_disk - set(files))
        for rel in sorted(on_disk):
            if rel.endswith(".json"):
                with open(os.path.join(ROOT, rel), encoding="utf-8") as fh:
                    doc = json.load(fh)
                validate_doc(doc, doc["name"] in STATELESS)
        self_test_validator(json.loads(files[os.path.join("heldout", "lease_negotiation_coach_runaway_2_anthropic.json")]),
                            json.loads(files[os.path.join("heldout", "payroll_run_checker_runaway_1_chat.json")]),
                            json.loads(files[os.path.join("heldout", "drone_survey_planner_runaway_1_responses.json")]))
        if bad:
            print("corpus_q differs from the generator: " + ", ".join(bad))
            return 1
        print("corpus_q OK: %d sessions" % (len(files) - 1))
        return 0
    for sub in ("tuning", "heldout"):
        os.makedirs(os.path.join(ROOT, sub), exist_ok=True)
    for rel, text in files.items():
        with open(os.path.join(ROOT, rel), "w", encoding="utf-8") as fh:
            fh.write(text)
    print("wrote %d sessions to %s" % (len(files) - 1, os.path.normpath(ROOT)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
