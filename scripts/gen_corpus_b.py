#!/usr/bin/env python3
"""Independent agent-session corpus for the loop detectors (issue 13), author writer-b.

Writes tests/fixtures/corpus_b/{tuning,heldout}/*.json. Stdlib only, deterministic (fixed
seeds, no clock, no network). Every style has its own hand-written function below; the only
shared part is the renderer that turns one abstract conversation into the three API shapes
(OpenAI Chat, OpenAI Responses, Anthropic Messages) and the validator.

    python3 scripts/gen_corpus_b.py            # (re)write the corpus
    python3 scripts/gen_corpus_b.py --check    # regenerate in memory, compare to disk, validate

Written without reading the detectors (src/), the first corpus's generator or its scorer.
"""

import hashlib
import json
import os
import random
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "corpus_b")
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
MODELS = {
    "chat": ["gpt-4o", "gpt-4.1-mini", "gpt-4o-mini", "gpt-4.1"],
    "responses": ["gpt-4.1", "gpt-4o", "gpt-4.1-mini", "o4-mini"],
    "anthropic": ["claude-sonnet-4-20250514", "claude-3-5-haiku-20241022", "claude-opus-4-20250514"],
}


def tool(name, desc, props, required=None):
    """props: {param: (json type, description)}"""
    schema = {
        "type": "object",
        "properties": {k: {"type": t, "description": d} for k, (t, d) in props.items()},
        "required": list(required if required is not None else props.keys()),
    }
    return {"name": name, "description": desc, "parameters": schema}


class Session:
    """One abstract conversation. turn(at, inp, say, calls): `inp` is the new user text (str)
    or the outputs (list of str) of the tool calls of the previous reply; `say`/`calls` are
    the assistant's reply to this turn's request (sent in the history of the next turns)."""

    def __init__(self, style, outcome, variant, shape, system, tools=(), stateless=False, notes="",
                 model_idx=0, max_tokens=1024, user="u-1001"):
        self.style, self.outcome, self.variant, self.shape = style, outcome, variant, shape
        self.name = "%s_%s_%s_%s" % (style, outcome, variant, shape)
        self.system, self.tools, self.stateless, self.notes = system, list(tools), stateless, notes
        self.model = MODELS[shape][model_idx % len(MODELS[shape])]
        self.max_tokens, self.user = max_tokens, user
        self.steps = []
        self.expected = {"outcome": "healthy"}
        self._ids = 0

    def runaway(self, begins, stop_by):
        self.expected = {"outcome": "runaway", "loop_begins_turn": begins, "stop_by_turn": stop_by}

    def _id(self):
        self._ids += 1
        h = hashlib.sha1(("%s/%d" % (self.name, self._ids)).encode()).hexdigest()
        if self.shape == "anthropic":
            return "toolu_01" + h[:22]
        if self.shape == "responses":
            return "call_" + h[:24]
        return "call_" + h[:24]

    def turn(self, at, inp, say=None, calls=()):
        self.steps.append({"at": at, "inp": inp, "say": say,
                           "calls": [(self._id(), n, a) for n, a in calls]})
        return self

    # -- rendering ---------------------------------------------------------------------
    def _render_input(self, step, prev):
        inp = step["inp"]
        if isinstance(inp, str):
            if self.shape == "anthropic":
                return [{"role": "user", "content": inp}]
            return [{"role": "user", "content": inp}]
        ids = [c[0] for c in prev["calls"]] if prev else []
        if len(ids) != len(inp):
            raise ValueError("%s: %d tool outputs for %d calls" % (self.name, len(inp), len(ids)))
        if self.shape == "anthropic":
            return [{"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": i, "content": o} for i, o in zip(ids, inp)]}]
        if self.shape == "responses":
            return [{"type": "function_call_output", "call_id": i, "output": o} for i, o in zip(ids, inp)]
        return [{"role": "tool", "tool_call_id": i, "content": o} for i, o in zip(ids, inp)]

    def _render_reply(self, step):
        say, calls = step["say"], step["calls"]
        if self.shape == "anthropic":
            content = []
            if say:
                content.append({"type": "text", "text": say})
            for i, n, a in calls:
                content.append({"type": "tool_use", "id": i, "name": n, "input": a})
            return [{"role": "assistant", "content": content}]
        if self.shape == "responses":
            out = []
            if say:
                out.append({"type": "message", "role": "assistant",
                            "content": [{"type": "output_text", "text": say}]})
            for i, n, a in calls:
                out.append({"type": "function_call", "call_id": i, "name": n,
                            "arguments": json.dumps(a)})
            return out
        msg = {"role": "assistant", "content": say}
        if calls:
            msg["tool_calls"] = [{"id": i, "type": "function",
                                  "function": {"name": n, "arguments": json.dumps(a)}} for i, n, a in calls]
        return [msg]

    def _request(self, history):
        if self.shape == "chat":
            req = {"model": self.model, "messages": [{"role": "system", "content": self.system}] + history,
                   "max_tokens": self.max_tokens}
            if self.tools:
                req["tools"] = [{"type": "function", "function": t} for t in self.tools]
        elif self.shape == "responses":
            req = {"model": self.model, "instructions": self.system, "input": history,
                   "max_output_tokens": self.max_tokens}
            if self.tools:
                req["tools"] = [dict({"type": "function"}, **t) for t in self.tools]
        else:
            req = {"model": self.model, "max_tokens": self.max_tokens, "system": self.system,
                   "messages": history}
            if self.tools:
                req["tools"] = [{"name": t["name"], "description": t["description"],
                                 "input_schema": t["parameters"]} for t in self.tools]
        return json.loads(json.dumps(req))

    def render(self):
        turns, history, prev = [], [], None
        for step in self.steps:
            if self.stateless:
                history = []
            history = history + self._render_input(step, prev)
            turns.append({"at_seconds": step["at"], "request": self._request(history)})
            history = history + self._render_reply(step)
            prev = step
        doc = {
            "name": self.name, "style": self.style, "shape": self.shape, "path": PATHS[self.shape],
            "headers": {"x-session-id": "wb-" + hashlib.sha1(self.name.encode()).hexdigest()[:16],
                        "x-user-id": self.user},
            "expected": self.expected, "turns": turns,
        }
        if self.notes:
            doc["notes"] = self.notes
        return doc


def clock(gaps, start=0):
    """Absolute at_seconds from a list of gaps (first entry is the first turn's offset)."""
    out, t = [], start
    for g in gaps:
        t += g
        out.append(t)
    return out


# =====================================================================================
# swe_pytest: a coding agent reading files, editing, running pytest
# =====================================================================================
SWE_TOOLS = [
    tool("read_file", "Read a file from the repository.", {"path": ("string", "Repository-relative path")}),
    tool("edit_file", "Replace an exact snippet in a file.", {
        "path": ("string", "Repository-relative path"), "old": ("string", "Exact text to replace"),
        "new": ("string", "Replacement text")}),
    tool("run_pytest", "Run pytest and return its output.", {
        "args": ("string", "Arguments passed to pytest, e.g. a test path and -x")}),
]
SWE_SYSTEM = ("You are a software engineering agent working in the repository `invoicer` (Python 3.12). "
              "Use the tools to read code, make minimal edits and run the tests. Do not modify tests "
              "unless asked. Stop when the requested tests pass and summarise the change.")

DATES_PY = '''"""Date helpers for invoice periods."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo


def parse_due(value: str, tz: str = "UTC") -> datetime:
    """Parse an ISO date or datetime; naive values are interpreted in `tz`."""
    dt = datetime.fromisoformat(value)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(ZoneInfo(tz))


def period_end(start: date, months: int) -> date:
    y, m = divmod(start.month - 1 + months, 12)
    first_next = date(start.year + y, m + 1, 1)
    return first_next - timedelta(days=1)
'''


def pytest_fail(test, file, line, assertion, got, exp, dur, passed, failed=1):
    return ("============================= test session starts ==============================\n"
            "platform linux -- Python 3.12.3, pytest-8.2.1, pluggy-1.5.0\n"
            "rootdir: /workspace/invoicer\nconfigfile: pyproject.toml\nplugins: cov-5.0.0, freezegun-0.4.2\n"
            "collected %d items\n\n"
            "tests/test_dates.py %s%s\n\n"
            "=================================== FAILURES ===================================\n"
            "_________________________ %s _________________________\n\n"
            "    def %s():\n%s\nE       AssertionError: assert %s == %s\n\n"
            "%s:%d: AssertionError\n"
            "=========================== short test summary info ============================\n"
            "FAILED tests/test_dates.py::%s - AssertionError: assert %s == %s\n"
            "========================= %d failed, %d passed in %.2fs =========================="
            % (passed + failed, "." * passed, "F" * failed, test, test, assertion, got, exp, file, line,
               test, got, exp, failed, passed, dur))


def swe_pytest(shapes):
    out = []
    # --- runaway A: alternating edit A / edit B, same failure every run ---------------
    s = Session("swe_pytest", "runaway", "a", shapes[0], SWE_SYSTEM, SWE_TOOLS, model_idx=0,
                notes="The agent flips parse_due between two edits; pytest fails with the same "
                      "assertion after each. Loop visible at the second identical failure (turn 6).")
    fail = pytest_fail("test_naive_due_is_local_midnight", "tests/test_dates.py", 23,
                       "        d = parse_due(\"2024-03-01\", tz=\"Europe/Berlin\")\n>       assert d.hour == 0",
                       "1", "0", 0.41, 6)
    edit_a = {"path": "src/invoicer/dates.py", "old": "dt = dt.replace(tzinfo=timezone.utc)",
              "new": "dt = dt.replace(tzinfo=ZoneInfo(tz))"}
    edit_b = {"path": "src/invoicer/dates.py", "old": "dt = dt.replace(tzinfo=ZoneInfo(tz))",
              "new": "dt = dt.replace(tzinfo=timezone.utc)"}
    ats = clock([0, 4, 9, 7, 11, 8, 10, 7, 12, 8, 9, 7, 11, 8, 10, 9])
    s.turn(ats[0], "tests/test_dates.py::test_naive_due_is_local_midnight fails on CI since we moved "
           "billing to Berlin time. Please fix it without touching the test.",
           "I'll start by reading the date helpers.", [("read_file", {"path": "src/invoicer/dates.py"})])
    s.turn(ats[1], [DATES_PY], "Naive values are pinned to UTC before converting; they should be "
           "interpreted in the target zone. Editing.", [("edit_file", edit_a)])
    s.turn(ats[2], ["Edited src/invoicer/dates.py (1 replacement)."], None,
           [("run_pytest", {"args": "tests/test_dates.py -q"})])
    say_a = "The test still fails with hour 1. Maybe the conversion should stay in UTC; reverting that line."
    say_b = "Still hour 1. The naive value must be interpreted in the local zone, so I'll set ZoneInfo(tz) again."
    for k in range(13):
        i = 3 + k
        if k % 2 == 0:
            s.turn(ats[i], [fail], say_a if k % 4 == 0 else say_b, [("edit_file", edit_b if k % 4 == 0 else edit_a)])
        else:
            s.turn(ats[i], ["Edited src/invoicer/dates.py (1 replacement)."], None,
                   [("run_pytest", {"args": "tests/test_dates.py -q"})])
    s.runaway(6, 12)
    out.append(s)

    # --- healthy A: failures change each run, then green ------------------------------
    s = Session("swe_pytest", "healthy", "a", shapes[1], SWE_SYSTEM, SWE_TOOLS, model_idx=1,
                notes="Three pytest runs fail with three different errors as the agent fixes period_end "
                      "step by step; the fourth run passes.")
    ats = clock([0, 5, 14, 9, 13, 8, 12, 9, 15, 10, 6])
    s.turn(ats[0], "period_end() is wrong for 12-month periods and for starts late in the month. "
           "Tests are in tests/test_periods.py. Make them pass.",
           None, [("read_file", {"path": "src/invoicer/dates.py"})])
    s.turn(ats[1], [DATES_PY], "Let me run the period tests first to see all failures.",
           [("run_pytest", {"args": "tests/test_periods.py -q"})])
    f1 = pytest_fail("test_twelve_months", "src/invoicer/dates.py", 19,
                     "        start = date(2023, 12, 1)\n>       assert period_end(start, 12) == date(2024, 11, 30)",
                     "datetime.date(2024, 12, 31)", "datetime.date(2024, 11, 30)", 0.22, 9)
    s.turn(ats[2], [f1], "Off by one: the period's last day is the day before the same day-of-month "
           "`months` later, not the end of a calendar month.",
           [("edit_file", {"path": "src/invoicer/dates.py",
                           "old": "    first_next = date(start.year + y, m + 1, 1)\n    return first_next - timedelta(days=1)",
                           "new": "    return date(start.year + y, m + 1, start.day) - timedelta(days=1)"})])
    s.turn(ats[3], ["Edited src/invoicer/dates.py (1 replacement)."], None,
           [("run_pytest", {"args": "tests/test_periods.py -q"})])
    f2 = ("collected 10 items\n\ntests/test_periods.py .......F..\n\n"
          "=================================== FAILURES ===================================\n"
          "__________________________ test_start_on_jan_31 ___________________________\n\n"
          "    def test_start_on_jan_31():\n>       assert period_end(date(2024, 1, 31), 1) == date(2024, 2, 29)\n\n"
          "src/invoicer/dates.py:19: in period_end\n    return date(start.year + y, m + 1, start.day) - timedelta(days=1)\n"
          "E   ValueError: day is out of range for month\n"
          "=========================== short test summary info ============================\n"
          "FAILED tests/test_periods.py::test_start_on_jan_31 - ValueError: day is out of range for month\n"
          "========================= 1 failed, 9 passed in 0.19s ==========================")
    s.turn(ats[4], [f2], "Progress: 9 pass. Jan 31 + 1 month overflows; clamp the day to the month length.",
           [("edit_file", {"path": "src/invoicer/dates.py",
                           "old": "    return date(start.year + y, m + 1, start.day) - timedelta(days=1)",
                           "new": "    last = calendar.monthrange(start.year + y, m + 1)[1]\n"
                                  "    return date(start.year + y, m + 1, min(start.day, last)) - timedelta(days=1)"})])
    s.turn(ats[5], ["Edited src/invoicer/dates.py (1 replacement)."], None,
           [("run_pytest", {"args": "tests/test_periods.py -q"})])
    f3 = ("collected 10 items\n\ntests/test_periods.py EEEEEEEEEE\n\n"
          "==================================== ERRORS ====================================\n"
          "___________________ ERROR collecting tests/test_periods.py ____________________\n"
          "src/invoicer/dates.py:19: in period_end\n    last = calendar.monthrange(start.year + y, m + 1)[1]\n"
          "E   NameError: name 'calendar' is not defined\n"
          "========================= 10 errors in 0.12s ==========================")
    s.turn(ats[6], [f3], "Forgot the import.",
           [("edit_file", {"path": "src/invoicer/dates.py", "old": "from datetime import date, datetime, timedelta, timezone",
                           "new": "import calendar\nfrom datetime import date, datetime, timedelta, timezone"})])
    s.turn(ats[7], ["Edited src/invoicer/dates.py (1 replacement)."], None,
           [("run_pytest", {"args": "tests/test_periods.py -q"})])
    s.turn(ats[8], ["collected 10 items\n\ntests/test_periods.py ..........                                      [100%]\n\n"
                    "============================== 10 passed in 0.08s =============================="],
           "All 10 period tests pass. Running the whole suite to check for regressions.",
           [("run_pytest", {"args": "-q"})])
    s.turn(ats[9], ["collected 214 items\n\ntests/test_api.py ..................................\n"
                    "tests/test_dates.py .......\ntests/test_invoice.py ..........................................\n"
                    "tests/test_pdf.py ....................s.......\ntests/test_periods.py ..........\n"
                    "tests/test_tax.py ...................................................................................\n\n"
                    "======================= 213 passed, 1 skipped in 7.31s ========================"],
           "The suite is green (213 passed, 1 skipped: the PDF font test needs fonts).\n\nChange: period_end "
           "now returns the day before the same day-of-month `months` later, clamped to the month length "
           "(calendar.monthrange), so Dec 1 + 12 months ends Nov 30 and Jan 31 + 1 month ends Feb 28/29.")
    s.turn(ats[10], "Great, thanks. Can you also tell me whether parse_due has the same kind of issue?",
           "Not the same bug, but a related one: parse_due treats naive values as UTC and then converts "
           "them, so \"2024-03-01\" with tz=Europe/Berlin becomes 01:00 local. If due dates are meant as "
           "local calendar days, it should attach ZoneInfo(tz) instead. I left it unchanged since no test covers it.")
    out.append(s)

    # --- runaway B: exact repetition of the same pytest run, no edit ------------------
    s = Session("swe_pytest", "runaway", "b", shapes[2], SWE_SYSTEM, SWE_TOOLS, model_idx=2,
                notes="After one failed fix the agent re-runs the identical pytest command with the "
                      "identical remark, getting byte-identical output every time.")
    tb = ("collected 48 items\n\ntests/test_tax.py ...........................F....................\n\n"
          "=================================== FAILURES ===================================\n"
          "___________________________ test_reverse_charge_eu ____________________________\n\n"
          "    def test_reverse_charge_eu():\n        inv = make_invoice(seller=\"DE\", buyer=\"FR\", vat_id=\"FR40303265045\")\n"
          ">       assert vat_lines(inv) == []\nE       assert [VatLine(rate=Decimal('0.19'), base=Decimal('1200.00'), amount=Decimal('228.00'))] == []\n"
          "E         Left contains one more item: VatLine(rate=Decimal('0.19'), base=Decimal('1200.00'), amount=Decimal('228.00'))\n\n"
          "tests/test_tax.py:141: AssertionError\n"
          "=========================== short test summary info ============================\n"
          "FAILED tests/test_tax.py::test_reverse_charge_eu - assert [VatLine(rate=Decimal('0.19'), ...\n"
          "========================= 1 failed, 47 passed in 1.84s =========================")
    tax_py = ("\"\"\"VAT computation.\"\"\"\nfrom decimal import Decimal\n\nfrom .models import Invoice, VatLine\n"
              "from .vies import is_valid_vat_id\n\nEU = {\"AT\", \"BE\", \"DE\", \"ES\", \"FR\", \"IT\", \"NL\", \"PL\", \"SE\"}\n\n\n"
              "def reverse_charge(inv: Invoice) -> bool:\n    return (inv.seller != inv.buyer and inv.buyer in EU\n"
              "            and inv.vat_id is not None and is_valid_vat_id(inv.vat_id))\n\n\n"
              "def vat_lines(inv: Invoice) -> list[VatLine]:\n    if reverse_charge(inv):\n        return []\n"
              "    rate = RATES[inv.seller]\n    base = sum((l.net for l in inv.lines), Decimal(0))\n"
              "    return [VatLine(rate=rate, base=base, amount=(base * rate).quantize(Decimal('0.01')))]\n")
    ats = clock([0, 6, 10, 8, 21, 20, 22, 19, 21, 20, 23, 20, 21, 22])
    s.turn(ats[0], "test_reverse_charge_eu started failing after I added VIES validation. Fix please.",
           None, [("read_file", {"path": "src/invoicer/tax.py"})])
    s.turn(ats[1], [tax_py], "is_valid_vat_id probably calls the VIES service, which is not reachable "
           "in tests. Let me run the test to confirm.", [("run_pytest", {"args": "tests/test_tax.py -q"})])
    s.turn(ats[2], [tb], "I'll make vies tolerate the prefix format.",
           [("edit_file", {"path": "src/invoicer/vies.py", "old": "    vat_id = vat_id.strip()",
                           "new": "    vat_id = vat_id.strip().replace(\" \", \"\")"})])
    s.turn(ats[3], ["Edited src/invoicer/vies.py (1 replacement)."], None,
           [("run_pytest", {"args": "tests/test_tax.py -q"})])
    for k in range(10):
        s.turn(ats[4 + k], [tb], "The test may be flaky because of the network call. Let me run it again to confirm.",
               [("run_pytest", {"args": "tests/test_tax.py -q"})])
    s.runaway(6, 10)
    out.append(s)

    # --- healthy B: batch of modules, same command shape, each with a different result -
    s = Session("swe_pytest", "healthy", "b", shapes[3], SWE_SYSTEM, SWE_TOOLS, model_idx=3,
                notes="Migrating test modules from unittest assertions to plain asserts one by one: the same "
                      "edit-then-run rhythm, a different module and different output every time.")
    mods = [("test_api", 34, "assertEqual(resp.status_code, 200)", "assert resp.status_code == 200"),
            ("test_invoice", 42, "assertIn(\"INV-\", inv.number)", "assert \"INV-\" in inv.number"),
            ("test_pdf", 28, "assertTrue(pdf.startswith(b\"%PDF-1.7\"))", "assert pdf.startswith(b\"%PDF-1.7\")"),
            ("test_tax", 48, "assertAlmostEqual(line.amount, Decimal(\"228.00\"))", "assert line.amount == Decimal(\"228.00\")"),
            ("test_dates", 7, "assertIsNone(parse_due(\"\", strict=False))", "assert parse_due(\"\", strict=False) is None"),
            ("test_periods", 10, "assertRaises(ValueError, period_end, d, -1)", "with pytest.raises(ValueError):\n        period_end(d, -1)")]
    ats = clock([0] + [12, 7] * len(mods) + [9])
    s.turn(ats[0], "Convert each tests/test_*.py module from self.assert* calls to plain assert, one module at a "
           "time, running that module after each conversion.", "Starting with test_api.",
           [("edit_file", {"path": "tests/%s.py" % mods[0][0], "old": "self." + mods[0][2], "new": mods[0][3]})])
    i = 1
    for j, (m, n, old, new) in enumerate(mods):
        s.turn(ats[i], ["Edited tests/%s.py (%d replacements)." % (m, 3 + (n * 7) % 11)], None,
               [("run_pytest", {"args": "tests/%s.py -q" % m})])
        i += 1
        res = ("collected %d items\n\ntests/%s.py %s [100%%]\n\n============================== %d passed in %.2fs "
               "==============================" % (n, m, "." * n, n, 0.05 + n * 0.031))
        if j + 1 < len(mods):
            nm, _, nold, nnew = mods[j + 1]
            s.turn(ats[i], [res], "%s passes (%d tests). Next: %s." % (m, n, nm),
                   [("edit_file", {"path": "tests/%s.py" % nm, "old": "self." + nold, "new": nnew})])
        else:
            s.turn(ats[i], [res], "All six modules converted; every module passes on its own (169 tests).")
        i += 1
    s.turn(ats[i], "Perfect. Please also remove the now-unused `import unittest` lines.",
           "Done in my next step; none of the modules subclass TestCase any more, so the import can go everywhere.")
    out.append(s)
    return out


# =====================================================================================
# k8s_troubleshoot: kubectl get / describe / logs / apply
# =====================================================================================
K8S_TOOLS = [tool("kubectl", "Run a kubectl command against the current context and return stdout/stderr.",
                  {"command": ("string", "Arguments after `kubectl`, e.g. `get pods -n shop`")})]
K8S_SYSTEM = ("You are an SRE assistant with kubectl access to cluster prod-eu-1 (read/write in namespaces "
              "shop and payments). Diagnose before changing anything; prefer `rollout undo` to ad-hoc edits. "
              "Report what you found and what you changed.")


def k8s_pods(rows):
    lines = ["NAME                                READY   STATUS             RESTARTS        AGE"]
    for name, ready, status, restarts, age in rows:
        lines.append("%-35s %-7s %-18s %-15s %s" % (name, ready, status, restarts, age))
    return "\n".join(lines)


def k8s_describe(pod, image, node, ip, events, state="Waiting", reason="ImagePullBackOff"):
    return """Name:             %s
Namespace:        shop
Priority:         0
Service Account:  checkout
Node:             %s/10.40.%s
Start Time:       Sun, 06 Dec 2026 14:02:11 +0000
Labels:           app=checkout
                  pod-template-hash=7d9f8c6b5d
                  version=v2.14.0
Annotations:      kubectl.kubernetes.io/restartedAt: 2026-12-06T14:01:58Z
Status:           Pending
IP:               %s
Controlled By:    ReplicaSet/checkout-7d9f8c6b5d
Containers:
  checkout:
    Container ID:
    Image:          %s
    Image ID:
    Port:           8080/TCP
    Host Port:      0/TCP
    State:          %s
      Reason:       %s
    Ready:          False
    Restart Count:  0
    Limits:
      cpu:     1
      memory:  768Mi
    Requests:
      cpu:      250m
      memory:   512Mi
    Liveness:   http-get http://:8080/healthz delay=10s timeout=2s period=10s #success=1 #failure=3
    Readiness:  http-get http://:8080/ready delay=5s timeout=2s period=5s #success=1 #failure=3
    Environment:
      DB_HOST:        checkout-db.payments.svc.cluster.local
      STRIPE_KEY:     <set to the key 'stripe-key' in secret 'checkout-secrets'>  Optional: false
      OTEL_EXPORTER:  http://otel-collector.observability:4317
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-x8k2p (ro)
Conditions:
  Type              Status
  Initialized       True
  Ready             False
  ContainersReady   False
  PodScheduled      True
Volumes:
  kube-api-access-x8k2p:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
QoS Class:                   Burstable
Node-Selectors:              pool=general
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type     Reason     Age                  From               Message
  ----     ------     ----                 ----               -------
%s""" % (pod, node, ip.split(".", 2)[2], ip, image, state, reason, events)


def k8s_crash_log(rng, n, final):
    out = []
    t = 0
    for i in range(n):
        t += rng.randint(3, 40)
        ms = rng.randint(100, 999)
        kind = rng.random()
        if kind < 0.5:
            out.append('{"ts":"2026-12-06T14:%02d:%02d.%03dZ","level":"info","msg":"http request","method":"%s","path":"%s","status":%d,"dur_ms":%d}'
                       % (t // 60 % 60, t % 60, ms, rng.choice(["GET", "POST"]),
                          rng.choice(["/api/cart", "/api/cart/items", "/healthz", "/api/checkout/session", "/ready"]),
                          rng.choice([200, 200, 200, 201, 204, 404]), rng.randint(2, 180)))
        elif kind < 0.8:
            out.append('{"ts":"2026-12-06T14:%02d:%02d.%03dZ","level":"debug","msg":"pool stats","open":%d,"idle":%d,"wait_ms":%d}'
                       % (t // 60 % 60, t % 60, ms, rng.randint(8, 20), rng.randint(0, 8), rng.randint(0, 40)))
        else:
            out.append('{"ts":"2026-12-06T14:%02d:%02d.%03dZ","level":"warn","msg":"slow query","query":"SELECT * FROM carts WHERE session_id = $1","dur_ms":%d}'
                       % (t // 60 % 60, t % 60, ms, rng.randint(300, 1900)))
    return "\n".join(out + final)


def k8s_troubleshoot(shapes):
    out = []
    # --- runaway A: polling a CrashLoopBackOff that never changes --------------------
    s = Session("k8s_troubleshoot", "runaway", "a", shapes[0], K8S_SYSTEM, K8S_TOOLS, model_idx=1,
                notes="The agent decides to 'wait for the pod to stabilise' and re-runs get pods every "
                      "30-60 s; the pod stays in CrashLoopBackOff (only restart count and age tick).")
    ats = clock([0, 5, 9, 11, 30, 45, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60])
    s.turn(ats[0], "orders-api in shop is throwing 502s since 14:00. Can you look?", None,
           [("kubectl", {"command": "get pods -n shop -l app=orders-api"})])
    rows = lambda r, age: k8s_pods([("orders-api-5f6c9b7d4-2jx8q", "0/1", "CrashLoopBackOff", "%d (%ds ago)" % (r, 12 + r % 7), age),
                                    ("orders-api-5f6c9b7d4-h7kpl", "0/1", "CrashLoopBackOff", "%d (%ds ago)" % (r - 1, 40 - r % 9), age),
                                    ("orders-api-5f6c9b7d4-wq9zr", "1/1", "Running", "0", "3d4h")])
    s.turn(ats[1], [rows(7, "16m")], "Two of three replicas crash-loop. Checking logs of the previous container.",
           [("kubectl", {"command": "logs orders-api-5f6c9b7d4-2jx8q -n shop --previous --tail=60"})])
    rng = random.Random(11)
    log = k8s_crash_log(rng, 55, [
        '{"ts":"2026-12-06T14:16:41.002Z","level":"error","msg":"migration check failed","err":"pq: relation \\"order_events\\" does not exist"}',
        '{"ts":"2026-12-06T14:16:41.003Z","level":"fatal","msg":"startup aborted","exit_code":1}'])
    s.turn(ats[2], [log], "The new pods exit because the `order_events` table is missing: a migration "
           "has not run. The pod may recover once the migration job finishes. Let me check again.",
           [("kubectl", {"command": "get pods -n shop -l app=orders-api"})])
    r = 8
    for k in range(13):
        r += 1 if k % 2 == 0 else 0
        age = "%dm" % (17 + k)
        say = ("Still CrashLoopBackOff. The migration job may still be running; waiting a bit longer before checking again."
               if k % 3 != 2 else "No change yet; the pods should recover once the schema is in place. Checking again.")
        s.turn(ats[3 + k], [rows(r, age)], say, [("kubectl", {"command": "get pods -n shop -l app=orders-api"})])
    s.runaway(5, 12)
    out.append(s)

    # --- healthy A: rollout polled to completion --------------------------------------
    s = Session("k8s_troubleshoot", "healthy", "a", shapes[1], K8S_SYSTEM, K8S_TOOLS, model_idx=0,
                notes="A rollback followed by repeated `rollout status`/`get pods` polls whose counts "
                      "advance 0/4 -> 4/4, then verification.")
    ats = clock([0, 6, 8, 12, 20, 25, 25, 30, 30, 15, 10, 40])
    s.turn(ats[0], "checkout v2.14.0 went out 20 min ago and error rate is 4%. Roll it back to the previous revision and "
           "watch it until it's healthy.", None, [("kubectl", {"command": "rollout history deployment/checkout -n shop"})])
    s.turn(ats[1], ["deployment.apps/checkout\nREVISION  CHANGE-CAUSE\n41        v2.13.2 hotfix tax rounding\n"
                    "42        v2.13.3 bump otel sdk\n43        v2.14.0 new payment sheet"],
           "Revision 42 is v2.13.3. Rolling back to it.", [("kubectl", {"command": "rollout undo deployment/checkout -n shop --to-revision=42"})])
    s.turn(ats[2], ["deployment.apps/checkout rolled back"], None,
           [("kubectl", {"command": "rollout status deployment/checkout -n shop --timeout=20s"})])
    prog = [("Waiting for deployment \"checkout\" rollout to finish: 1 out of 4 new replicas have been updated...\n"
             "error: timed out waiting for the condition"),
            ("Waiting for deployment \"checkout\" rollout to finish: 2 out of 4 new replicas have been updated...\n"
             "error: timed out waiting for the condition"),
            ("Waiting for deployment \"checkout\" rollout to finish: 3 out of 4 new replicas have been updated...\n"
             "error: timed out waiting for the condition"),
            ("Waiting for deployment \"checkout\" rollout to finish: 1 old replicas are pending termination...\n"
             "error: timed out waiting for the condition"),
            "deployment \"checkout\" successfully rolled out"]
    for k, p in enumerate(prog[:-1]):
        s.turn(ats[3 + k], [p], "Progressing (%s). Polling again." % p.split(": ")[1].split("...")[0],
               [("kubectl", {"command": "rollout status deployment/checkout -n shop --timeout=20s"})])
    s.turn(ats[7], [prog[-1]], "Rollout done. Checking pods and the error rate in the logs.",
           [("kubectl", {"command": "get pods -n shop -l app=checkout -o wide"})])
    s.turn(ats[8], [k8s_pods([("checkout-6b8d7f9c44-%s" % x, "1/1", "Running", "0", a) for x, a in
                              [("4kq2m", "2m10s"), ("9vfbt", "1m41s"), ("cc7xw", "1m12s"), ("tr2hs", "44s")]])],
           None, [("kubectl", {"command": "logs deploy/checkout -n shop --since=2m | grep -c '\"status\":5'"})])
    s.turn(ats[9], ["3"], "Only 3 5xx in the last 2 minutes (before: ~180). Checking the old ReplicaSet is scaled to zero.",
           [("kubectl", {"command": "get rs -n shop -l app=checkout"})])
    s.turn(ats[10], ["NAME                  DESIRED   CURRENT   READY   AGE\ncheckout-6b8d7f9c44   4         4         4         6d\n"
                     "checkout-7d9f8c6b5d   0         0         0         24m"],
           "Rolled back checkout to revision 42 (v2.13.3). All 4 pods Running/Ready, v2.14.0 ReplicaSet at 0, "
           "5xx dropped from ~180 to 3 per 2 minutes. v2.14.0 should not be re-deployed until the payment sheet error is understood.")
    s.turn(ats[11], "Thanks! Can you paste the 5 most recent errors from before the rollback so I can open a ticket?",
           None, [("kubectl", {"command": "logs rs/checkout-7d9f8c6b5d -n shop --since=30m | grep '\"level\":\"error\"' | tail -5"})])
    out.append(s)

    # --- runaway B: period-3 cycle describe / re-apply / get on an auth pull failure ---
    s = Session("k8s_troubleshoot", "runaway", "b", shapes[2], K8S_SYSTEM, K8S_TOOLS, model_idx=0,
                notes="ImagePullBackOff from a private registry ('pull access denied'). The agent cycles "
                      "describe -> apply the same manifest -> delete pod, period 3, the error never changes.")
    img = "registry.internal.example/shop/checkout:v2.14.1"
    ev = ("  Normal   Scheduled  2m                 default-scheduler  Successfully assigned shop/checkout-7d9f8c6b5d-k2v9d to node-eu1-b-07\n"
          "  Normal   Pulling    41s (x4 over 2m)   kubelet            Pulling image \"%s\"\n"
          "  Warning  Failed     40s (x4 over 2m)   kubelet            Failed to pull image \"%s\": rpc error: code = Unknown desc = failed to pull and unpack image \"%s\": failed to resolve reference \"%s\": pull access denied, repository does not exist or may require authorization: authorization failed: no basic auth credentials\n"
          "  Warning  Failed     40s (x4 over 2m)   kubelet            Error: ErrImagePull\n"
          "  Normal   BackOff    13s (x6 over 2m)   kubelet            Back-off pulling image \"%s\"\n"
          "  Warning  Failed     13s (x6 over 2m)   kubelet            Error: ImagePullBackOff") % (img, img, img, img, img)
    desc = k8s_describe("checkout-7d9f8c6b5d-k2v9d", img, "node-eu1-b-07", "10.40.7.118", ev)
    ats = clock([0, 7, 10, 14, 9, 20, 13, 8, 19, 12, 9, 21, 14, 8, 20, 12, 9])
    s.turn(ats[0], "The new checkout pods are stuck. Get them running.", None,
           [("kubectl", {"command": "describe pod -n shop -l app=checkout,version=v2.14.1"})])
    steps = [
        ([desc], "The image pull is failing. Re-applying the deployment manifest to trigger a fresh pull.",
         ("kubectl", {"command": "apply -f deploy/checkout/deployment.yaml"})),
        (["deployment.apps/checkout unchanged"], "Deleting the stuck pod so the ReplicaSet recreates it.",
         ("kubectl", {"command": "delete pod -n shop -l app=checkout,version=v2.14.1"})),
        (["pod \"checkout-7d9f8c6b5d-k2v9d\" deleted"], "Let me check the new pod.",
         ("kubectl", {"command": "describe pod -n shop -l app=checkout,version=v2.14.1"})),
    ]
    for k in range(16):
        inp, say, call = steps[k % 3]
        s.turn(ats[1 + k], inp, say, [call])
    s.runaway(5, 11)
    out.append(s)

    # --- healthy B: describing pod after pod (shared boilerplate), finding the bad node ----
    s = Session("k8s_troubleshoot", "healthy", "b", shapes[3], K8S_SYSTEM, K8S_TOOLS, model_idx=1,
                notes="Long, mostly-identical describe outputs of five pods (same template, different "
                      "nodes/events) until the pattern - one node with a full disk - is found and fixed.")
    ats = clock([0, 6, 15, 14, 16, 13, 15, 20, 12, 30, 18])
    pods = [("checkout-7d9f8c6b5d-4mz8p", "node-eu1-a-02", "10.40.2.31", "Running", "", ""),
            ("checkout-7d9f8c6b5d-8k1qd", "node-eu1-c-11", "10.40.11.90", "Waiting", "ContainerCreating",
             "  Warning  FailedCreatePodSandBox  3m (x5 over 8m)  kubelet  Failed to create pod sandbox: rpc error: code = Unknown desc = failed to create containerd task: failed to create shim task: write /run/containerd/io.containerd.runtime.v2.task/k8s.io/4f1e/log.json: no space left on device\n"),
            ("checkout-7d9f8c6b5d-c3vnl", "node-eu1-b-04", "10.40.4.12", "Running", "", ""),
            ("checkout-7d9f8c6b5d-qq7ts", "node-eu1-c-11", "10.40.11.91", "Waiting", "ContainerCreating",
             "  Warning  FailedCreatePodSandBox  2m (x4 over 7m)  kubelet  Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox: write /var/lib/cni/networks/k8s-pod-network/10.40.11.91: no space left on device\n"),
            ("checkout-7d9f8c6b5d-zx5fr", "node-eu1-a-09", "10.40.9.77", "Running", "", "")]
    s.turn(ats[0], "Half of the checkout pods never become ready after the 14:00 deploy. Find out why.", None,
           [("kubectl", {"command": "get pods -n shop -l app=checkout -o wide"})])
    s.turn(ats[1], [k8s_pods([(p[0], "1/1" if p[3] == "Running" else "0/1", p[3] if p[3] == "Running" else p[4], "0", "11m")
                              for p in pods])], "Two pods are stuck in ContainerCreating. I'll describe each pod to compare.",
           [("kubectl", {"command": "describe pod %s -n shop" % pods[0][0]})])
    for k, (name, node, ip, st, reason, ev) in enumerate(pods):
        events = ev or ("  Normal   Scheduled  11m   default-scheduler  Successfully assigned shop/%s to %s\n"
                        "  Normal   Pulled     11m   kubelet            Container image already present on machine\n"
                        "  Normal   Started    11m   kubelet            Started container checkout\n" % (name, node))
        d = k8s_describe(name, "registry.internal.example/shop/checkout:v2.14.0", node, ip, events,
                         state=st, reason=reason or "Started")
        if k + 1 < len(pods):
            say = ("%s on %s: %s. Next pod." % (name, node, "healthy" if st == "Running" else
                                                 "sandbox creation fails, disk full"))
            s.turn(ats[2 + k], [d], say, [("kubectl", {"command": "describe pod %s -n shop" % pods[k + 1][0]})])
        else:
            s.turn(ats[2 + k], [d], "Pattern: both stuck pods are on node-eu1-c-11 and fail with 'no space left on device'. "
                   "Cordoning the node so the pods reschedule.", [("kubectl", {"command": "cordon node-eu1-c-11"})])
    s.turn(ats[7], ["node/node-eu1-c-11 cordoned"], None,
           [("kubectl", {"command": "delete pod checkout-7d9f8c6b5d-8k1qd checkout-7d9f8c6b5d-qq7ts -n shop"})])
    s.turn(ats[8], ["pod \"checkout-7d9f8c6b5d-8k1qd\" deleted\npod \"checkout-7d9f8c6b5d-qq7ts\" deleted"], None,
           [("kubectl", {"command": "get pods -n shop -l app=checkout -o wide"})])
    s.turn(ats[9], [k8s_pods([("checkout-7d9f8c6b5d-4mz8p", "1/1", "Running", "0", "12m"),
                              ("checkout-7d9f8c6b5d-c3vnl", "1/1", "Running", "0", "12m"),
                              ("checkout-7d9f8c6b5d-zx5fr", "1/1", "Running", "0", "12m"),
                              ("checkout-7d9f8c6b5d-m9b2w", "1/1", "Running", "0", "31s"),
                              ("checkout-7d9f8c6b5d-v8c4k", "1/1", "Running", "0", "30s")])],
           "All 5 checkout pods are Running and Ready. Root cause: node-eu1-c-11's disk is full (containerd and CNI "
           "writes fail). I cordoned it and recreated the two pods elsewhere; the node needs its disk cleaned "
           "(likely old images) before uncordoning.")
    s.turn(ats[10], "Thanks. Who should clean the node, and can you check how full it is?",
           "The node belongs to the platform team's general pool; I can't exec on nodes with my permissions, "
           "but `kubectl describe node node-eu1-c-11` shows the DiskPressure condition. I'll check it next if you want.")
    out.append(s)
    return out
