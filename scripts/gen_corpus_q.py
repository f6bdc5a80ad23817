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


def hhmm(base_min, add_s):
    s = base_min * 60 + add_s
    return "%02d:%02d:%02d" % ((s // 3600) % 24, (s // 60) % 60, s % 60)


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


# ================================================================ main

STYLE_FUNCS = [payroll]


def build():
    files = {}
    for f in STYLE_FUNCS:
        for s in f():
            doc = s.render()
            validate_doc(doc, s.stateless)
            files[os.path.join("heldout", s.name + ".json")] = json.dumps(doc, indent=1, sort_keys=True) + "\n"
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
        for rel in sorted(files):
            if rel.endswith(".json"):
                json.loads(open(os.path.join(ROOT, rel), encoding="utf-8").read()) if os.path.exists(os.path.join(ROOT, rel)) else None
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
