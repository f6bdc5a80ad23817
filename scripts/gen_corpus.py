#!/usr/bin/env python3
"""Generate the detection corpus of issue 13 under tests/fixtures/corpus/ (stdlib only).

    python3 scripts/gen_corpus.py           # (re)write every session, print the summary
    python3 scripts/gen_corpus.py --check   # fail if a file on disk differs from the generator

12 agent styles x (3 runaway + 3 healthy) sessions, one of each in the OpenAI Chat
Completions, OpenAI Responses and Anthropic Messages shapes: 72 sessions. Every session is
written as the full request bodies the agent sends (history resent every turn, except the
stateless styles), with the expected outcome: `runaway` with `loop_begins_turn` (the first
turn of the loop: a flag before it is a false positive) and `stop_by_turn` (the turn by which
a user would want it stopped), or `healthy` (no flag at all).

The split into tuning and held-out halves is fixed here, before any tuning, by a rule that
does not look at detector results: with styles numbered 0.. in name order, shapes numbered
chat 0, responses 1, anthropic 2, and runaway 1 / healthy 0, a session is in the tuning half
when (style + shape + runaway) is even, else held out (36 and 36 sessions, 18 runaway in each,
every style and every shape in both). Deterministic: fixed seeds, no clock.
"""

from __future__ import annotations

import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "corpus")
SHAPES = ["chat", "responses", "anthropic"]
MODEL = {"chat": "gpt-4o-mini", "responses": "gpt-4o-mini", "anthropic": "claude-sonnet-4-5"}
PATH = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}


# --------------------------------------------------------------------------------------------
# A neutral conversation: messages are ("user", text) | ("assistant", text, [calls]) |
# ("tool", call_id, name, result, is_error); a call is (call_id, name, args dict).


class Conv:
    def __init__(self, system: str, stateless: bool = False):
        self.system = system
        self.stateless = stateless
        self.history: list[tuple] = []
        self.turns: list[list[tuple]] = []  # the messages of each request
        self.n = 0

    def cid(self) -> str:
        self.n += 1
        return f"call_{self.n:04d}"

    def send(self, *new: tuple) -> None:
        """Sends a request with `new` appended (a stateless client sends only `new`)."""
        if self.stateless:
            self.turns.append(list(new))
        else:
            self.history.extend(new)
            self.turns.append(list(self.history))

    def reply(self, text: str, calls: list[tuple] | None = None) -> list[tuple]:
        """The assistant's answer to the last request (kept in the history)."""
        calls = calls or []
        if not self.stateless:
            self.history.append(("assistant", text, calls))
        return calls


def render(conv: Conv, shape: str, turn: list[tuple]) -> dict:
    model = MODEL[shape]
    if shape == "chat":
        msgs = [{"role": "system", "content": conv.system}]
        for m in turn:
            if m[0] == "user":
                msgs.append({"role": "user", "content": m[1]})
            elif m[0] == "assistant":
                a = {"role": "assistant", "content": m[1] or None}
                if m[2]:
                    a["tool_calls"] = [{"id": c, "type": "function",
                                        "function": {"name": n, "arguments": json.dumps(args, sort_keys=True)}}
                                       for c, n, args in m[2]]
                msgs.append(a)
            else:
                msgs.append({"role": "tool", "tool_call_id": m[1], "content": m[3]})
        return {"model": model, "max_tokens": 800, "messages": msgs}
    if shape == "responses":
        items = []
        for m in turn:
            if m[0] == "user":
                items.append({"role": "user", "content": m[1]})
            elif m[0] == "assistant":
                if m[1]:
                    items.append({"type": "message", "role": "assistant",
                                  "content": [{"type": "output_text", "text": m[1]}]})
                for c, n, args in m[2]:
                    items.append({"type": "function_call", "call_id": c, "name": n,
                                  "arguments": json.dumps(args, sort_keys=True)})
            else:
                items.append({"type": "function_call_output", "call_id": m[1], "output": m[3]})
        return {"model": model, "max_output_tokens": 800, "instructions": conv.system, "input": items}
    # anthropic: tool results go in a user message; consecutive user blocks merge.
    msgs: list[dict] = []
    for m in turn:
        if m[0] == "assistant":
            blocks = [{"type": "text", "text": m[1]}] if m[1] else []
            blocks += [{"type": "tool_use", "id": c, "name": n, "input": args} for c, n, args in m[2]]
            msgs.append({"role": "assistant", "content": blocks})
            continue
        block = ({"type": "text", "text": m[1]} if m[0] == "user" else
                 {"type": "tool_result", "tool_use_id": m[1], "content": m[3], "is_error": m[4]})
        if msgs and msgs[-1]["role"] == "user":
            msgs[-1]["content"].append(block)
        else:
            msgs.append({"role": "user", "content": [block]})
    return {"model": model, "max_tokens": 800, "system": conv.system, "messages": msgs}


def tools_for(shape: str, names: list[str]) -> list[dict]:
    schema = {"type": "object", "properties": {"arg": {"type": "string"}}}
    if shape == "chat":
        return [{"type": "function", "function": {"name": n, "description": f"{n} tool", "parameters": schema}}
                for n in names]
    if shape == "responses":
        return [{"type": "function", "name": n, "description": f"{n} tool", "parameters": schema} for n in names]
    return [{"name": n, "description": f"{n} tool", "input_schema": schema} for n in names]


def words(rng: random.Random, n: int) -> str:
    vocab = ("the service request cache value index retry queue worker shard table column error "
             "config deploy branch commit test build module handler parser token budget session "
             "latency metric upstream client region replica schema migration report summary draft "
             "section figure source claim evidence paper result method dataset customer order").split()
    return " ".join(rng.choice(vocab) for _ in range(n))


def call(conv: Conv, name: str, args: dict) -> tuple:
    return (conv.cid(), name, args)


def tool_round(conv: Conv, text: str, calls: list[tuple], results: list[tuple[str, bool]]) -> None:
    """The assistant asks for `calls`; their results are appended and the next request sent."""
    conv.reply(text, calls)
    conv.send(*[("tool", c[0], c[1], r, err) for c, (r, err) in zip(calls, results)])


# --------------------------------------------------------------------------------------------
# Styles: each returns (conv, tools, expectation) for (runaway?, rng).


def coding_build(runaway: bool, rng: random.Random):
    c = Conv("You are a coding agent. Edit files, build and test until the build is green.")
    c.send(("user", "The build of services/ingest fails after the dependency bump; fix it."))
    err = "error[E0308]: mismatched types\n --> src/ingest/parse.rs:88:17\n expected `u64`, found `i64`\nbuild failed, exit code 101"
    n = 14
    for t in range(1, n):
        if t % 2 == 1:
            edit = f"fn parse_offset(v: &str) -> u64 {{ v.trim().parse::<{rng.choice(['u64','i64','usize'])}>().unwrap_or({t}) as u64 }} // attempt {t}"
            tool_round(c, f"Trying another fix ({t}).", [call(c, "edit_file", {"path": "src/ingest/parse.rs", "patch": edit})],
                       [("patched src/ingest/parse.rs", False)])
        else:
            if runaway or t < 6:
                out = err if runaway or t < 4 else err.replace("88:17", f"{90 + t}:5")
                tool_round(c, "", [call(c, "run_build", {"target": "ingest"})], [(out.replace("exit code 101", f"exit code 101 (build {t // 2}, {rng.randint(20, 90)}s)"), True)])
            else:
                tool_round(c, "", [call(c, "run_build", {"target": "ingest"})], [(f"Compiling ingest v0.{t}.0\nFinished in {rng.randint(20, 90)}s\ntest result: ok. {40 + t} passed", False)])
                if t >= 8:
                    c.reply("The build is green; summary of the fix follows.")
                    c.send(("user", "Great, now add a changelog entry."))
                    c.reply("Added the changelog entry.", [])
                    c.send(("user", "Thanks, done."))
                    break
    return c, ["edit_file", "run_build"], (3, 9) if runaway else None


def research(runaway: bool, rng: random.Random):
    c = Conv("You are a research agent. Search, fetch sources, then write a cited summary.")
    c.send(("user", "Survey what is known about read-repair in leaderless replicated stores."))
    paras = [words(rng, 60) for _ in range(5)]
    for t in range(1, 16):
        url = f"https://example.org/papers/{rng.randint(1000, 9999)}"
        if runaway and t >= 4:
            page = "\n\n".join(rng.sample(paras, 3))
        else:
            page = words(rng, 180)
        tool_round(c, f"Fetching source {t}.", [call(c, "fetch_url", {"url": url})], [(page, False)])
        if not runaway and t == 9:
            c.reply("Summary: " + words(rng, 120))
            c.send(("user", "Add a section on anti-entropy."))
            c.reply("Section added: " + words(rng, 80))
            c.send(("user", "Looks good."))
            break
    return c, ["fetch_url"], (5, 11) if runaway else None


def planner_critic(runaway: bool, rng: random.Random):
    c = Conv("You are the planner. A critic reviews each plan; revise until it is approved.")
    c.send(("user", "Plan the migration of the billing database to the new cluster."))
    critique = "CRITIC: The plan lacks a rollback step for the dual-write phase. Not approved."
    plan = "PLAN: 1. snapshot 2. dual-write 3. backfill 4. switch reads 5. switch writes"
    for t in range(1, 14):
        if runaway and t >= 3:
            c.reply(plan + " (revised)")
            c.send(("user", critique))
        else:
            c.reply(f"PLAN v{t}: " + words(rng, 50))
            if not runaway and t == 7:
                c.send(("user", "CRITIC: Approved."))
                break
            c.send(("user", f"CRITIC: step {rng.randint(1, 6)} " + words(rng, 25) + ". Not approved."))
    return c, [], (4, 8) if runaway else None


def chat_writer(runaway: bool, rng: random.Random):
    c = Conv("You are a fiction co-writer. Continue the story when asked.")
    c.send(("user", "Start a short story about a lighthouse keeper who finds a radio."))
    stuck = "The keeper turned the dial again, and the static answered with the same three notes."
    for t in range(1, 16):
        if runaway and t >= 4:
            c.reply(stuck + " " + stuck)
        else:
            c.reply(words(rng, 120))
        c.send(("user", "continue"))
        if not runaway and t == 12:
            break
    return c, [], (6, 9) if runaway else None


def rag_qa(runaway: bool, rng: random.Random, stateless: bool = False):
    doc = "DOCUMENT: employee handbook. " + words(rng, 500)
    c = Conv("Answer questions from the document. Say so if the answer is not there.", stateless=stateless)
    qs = [f"What does the handbook say about {w}?" for w in
          ("parental leave", "remote work", "expense limits", "travel class", "equipment", "holidays",
           "overtime", "security badges", "sick days", "training budget", "relocation", "pensions")]
    for t in range(12):
        if runaway:
            q = "What is the exact notice period for resignation? Answer with the number of days."
            c.send(("user", doc + "\n\n" + q) if stateless or t == 0 else ("user", q + " Please try again."))
            c.reply("The document does not state the notice period.")
        else:
            c.send(("user", doc + "\n\nQUESTION: " + qs[t]) if stateless or t == 0 else ("user", qs[t]))
            c.reply(words(rng, 40))
    return c, [], (3, 6) if runaway else None


def rag_stateless(runaway: bool, rng: random.Random):
    return rag_qa(runaway, rng, stateless=True)


def poller(runaway: bool, rng: random.Random):
    c = Conv("You watch long-running jobs and report when they finish.")
    c.send(("user", "Start the nightly export and tell me when it is done."))
    tool_round(c, "", [call(c, "start_job", {"name": "nightly-export"})], [('{"job_id": "j-8812", "state": "queued"}', False)])
    for t in range(1, 22):
        if runaway and t >= 3:
            status = '{"job_id": "j-8812", "state": "running", "progress": 42, "rows": 1200000}'
        else:
            status = json.dumps({"job_id": "j-8812", "state": "running" if t < 18 else "succeeded",
                                 "progress": min(100, t * 6), "rows": t * 91000 + rng.randint(0, 999)})
        tool_round(c, "", [call(c, "get_job", {"job_id": "j-8812"})], [(status, False)])
        if not runaway and t >= 18:
            c.reply("The export succeeded.")
            c.send(("user", "Thanks."))
            break
    return c, ["start_job", "get_job"], (5, 8) if runaway else None


def batch(runaway: bool, rng: random.Random):
    c = Conv("You classify support tickets one at a time with the classify tool.")
    c.send(("user", "Classify the tickets in queue Q-7."))
    for t in range(1, 16):
        if runaway and t >= 3:
            tool_round(c, "", [call(c, "classify", {"ticket": "T-5531", "attempt": t})],
                       [("ERROR 422: ticket T-5531 body is empty; cannot classify", True)])
        else:
            tid = f"T-{5500 + t * 7}"
            tool_round(c, "", [call(c, "classify", {"ticket": tid})],
                       [(json.dumps({"ticket": tid, "label": rng.choice(["billing", "bug", "howto", "account"]),
                                     "text": words(rng, 30)}), False)])
    return c, ["classify"], (5, 7) if runaway else None


def handoff(runaway: bool, rng: random.Random):
    c = Conv("You route work between agents: triage, coder, reviewer, deployer.")
    c.send(("user", "Ship the fix for issue #4411."))
    agents = ["triage", "coder", "reviewer", "deployer"]
    for t in range(1, 20):
        a = agents[(t - 1) % 4]
        if runaway and t >= 3:
            note = f"{a}: sending back, the change is not ready"
            res = f"{a} received the hand-off"
        else:
            note = f"{a}: " + words(rng, 15)
            res = f"{a} finished: " + words(rng, 25)
        tool_round(c, "", [call(c, "hand_off", {"to": a, "note": note})], [(res, False)])
        if not runaway and t == 8:
            c.reply("Shipped.")
            c.send(("user", "ok"))
            break
    return c, ["hand_off"], (3, 14) if runaway else None


def retry_backoff(runaway: bool, rng: random.Random):
    c = Conv("You sync invoices to the ledger API; retry transient errors with backoff.")
    c.send(("user", "Sync the March invoices."))
    t = 0
    for batch_no in range(1, 7):
        tries = 12 if runaway and batch_no == 2 else (3 if batch_no % 2 == 0 else 1)
        for k in range(tries):
            t += 1
            ok = k == tries - 1 and not (runaway and batch_no == 2)
            res = (json.dumps({"batch": batch_no, "synced": 50 + batch_no}) if ok else
                   f"HTTP 503 Service Unavailable: ledger overloaded, retry after {2 ** k}s")
            tool_round(c, f"Retrying in {2 ** k}s." if k else "", [call(c, "sync_batch", {"batch": batch_no})], [(res, not ok)])
        if runaway and batch_no == 2:
            break
    return c, ["sync_batch"], (5, 10) if runaway else None


def log_paster(runaway: bool, rng: random.Random):
    c = Conv("You help debug production incidents from pasted logs.")
    base = [f"2026-03-0{rng.randint(1, 9)}T10:{i:02d}:00Z worker-{i % 4} INFO {words(rng, 8)}" for i in range(30)]
    err = "ERROR connection pool exhausted (max=20) while acquiring for query get_orders"
    logs = list(base)
    for t in range(1, 13):
        if runaway and t >= 3:
            logs += [f"2026-03-09T11:{t:02d}:{s:02d}Z worker-2 {err}" for s in range(6)]
            c.send(("user", "Still failing, here is the log again:\n" + "\n".join(logs[-60:])))
            c.reply("Increase the pool size to 40 and restart the workers.")
        else:
            new = [f"2026-03-09T12:{t:02d}:{s:02d}Z worker-{s % 4} WARN {words(rng, 10)}" for s in range(8)]
            c.send(("user", f"Step {t}: new log\n" + "\n".join(new)))
            c.reply(words(rng, 50))
    return c, [], (5, 8) if runaway else None


def fix_revert(runaway: bool, rng: random.Random):
    c = Conv("You are a coding agent. Make the flaky test pass.")
    c.send(("user", "tests/test_sched.py::test_window is failing, fix it."))
    for t in range(1, 21):
        phase = (t - 1) % 4
        if runaway and t >= 3:
            step = [("edit_file", {"path": "sched.py", "patch": "use <= in window check"}),
                    ("run_tests", {"k": "test_window"}),
                    ("edit_file", {"path": "sched.py", "patch": "revert to < in window check"}),
                    ("run_tests", {"k": "test_window"})][phase]
            res = ("patched" if step[0] == "edit_file" else
                   ("FAILED test_window: off by one at boundary" if phase == 1 else "FAILED test_window: assert 59 == 60"))
            tool_round(c, "", [call(c, step[0], step[1])], [(res, step[0] == "run_tests")])
        else:
            if phase % 2 == 0:
                tool_round(c, "", [call(c, "edit_file", {"path": f"sched_{t}.py", "patch": words(rng, 10)})], [("patched", False)])
            else:
                tool_round(c, "", [call(c, "run_tests", {"k": f"test_{t}"})], [(f"{t} passed, {max(0, 6 - t)} failed: " + words(rng, 12), False)])
    return c, ["edit_file", "run_tests"], (5, 14) if runaway else None


STYLES = {
    "coding_build": coding_build, "research": research, "planner_critic": planner_critic,
    "chat_writer": chat_writer, "rag_history": rag_qa, "rag_stateless": rag_stateless,
    "poller": poller, "batch": batch, "handoff": handoff, "retry_backoff": retry_backoff,
    "log_paster": log_paster, "fix_revert": fix_revert,
}


def split_of(style_index: int, runaway: bool, shape_index: int) -> str:
    return "tuning" if (style_index + shape_index + int(runaway)) % 2 == 0 else "heldout"


def build() -> dict[str, str]:
    files = {}
    for si, (style, fn) in enumerate(sorted(STYLES.items())):
        for runaway in (True, False):
            for hi, shape in enumerate(SHAPES):
                rng = random.Random(f"{style}/{runaway}/{shape}")
                conv, tools, expect = fn(runaway, rng)
                name = f"{style}_{'runaway' if runaway else 'healthy'}_{shape}"
                turns = []
                for i, t in enumerate(conv.turns):
                    body = render(conv, shape, t)
                    if tools:
                        body["tools"] = tools_for(shape, tools)
                    turns.append({"at_seconds": i * 20, "request": body})
                doc = {"name": name, "style": style, "shape": shape, "path": PATH[shape],
                       "headers": {"x-session-id": f"corpus-{name}", "x-user-id": "corpus-user"},
                       "expected": ({"outcome": "runaway", "loop_begins_turn": expect[0], "stop_by_turn": expect[1]}
                                    if expect else {"outcome": "healthy"}),
                       "turns": turns}
                assert not expect or expect[1] <= len(turns), (name, expect, len(turns))
                files[os.path.join(split_of(si, runaway, hi), name + ".json")] = json.dumps(doc, separators=(",", ":"), sort_keys=True) + "\n"
    return files


def main() -> int:
    files = build()
    check = "--check" in sys.argv
    bad = 0
    for rel, text in sorted(files.items()):
        path = os.path.join(OUT, rel)
        if check:
            if not os.path.exists(path) or open(path).read() != text:
                print(f"differs: {rel}")
                bad += 1
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    counts: dict[tuple, int] = {}
    for rel in files:
        split, name = rel.split("/")
        key = (split, "runaway" if "_runaway_" in name else "healthy")
        counts[key] = counts.get(key, 0) + 1
    print(f"{len(files)} sessions, {len(STYLES)} styles: {sorted(counts.items())}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
