#!/usr/bin/env python3
"""Writes tests/fixtures/corpus_f: 32 agent sessions for tollgate's loop detectors (issue 13).

Author: writer-f. Written without reading the detectors, their tests, the first corpus's
generator or any other author's corpus. Every style is written by its own function with its
own text; only the rendering into the three API shapes (OpenAI Chat, OpenAI Responses,
Anthropic Messages) and the validator are shared.

stdlib only, deterministic (fixed seeds, no clock, no network).

    python3 scripts/gen_corpus_f.py           # (re)write the files
    python3 scripts/gen_corpus_f.py --check   # regenerate in memory, validate, compare to disk
"""

import hashlib
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "corpus_f")
SHAPES = ("chat", "responses", "anthropic")
PATHS = {
    "chat": "/v1/chat/completions",
    "responses": "/v1/responses",
    "anthropic": "/v1/messages",
}


# --------------------------------------------------------------------------------------------
# A session, shape-neutral: a system prompt, tools, and turns. Each turn brings new input (a
# user message, or the outputs of the tool calls the assistant made in its previous reply,
# optionally followed by a user note) and carries the assistant's reply to it (None on the last
# turn: that reply is never resent).
# --------------------------------------------------------------------------------------------


def tool(name, description, props, required=None):
    schema = {"type": "object", "properties": props}
    if required is None:
        required = list(props)
    if required:
        schema["required"] = list(required)
    return {"name": name, "description": description, "parameters": schema}


def s(desc):
    return {"type": "string", "description": desc}


def i(desc):
    return {"type": "integer", "description": desc}


def n(desc):
    return {"type": "number", "description": desc}


class Session:
    def __init__(self, style, outcome, idx, system, tools=(), model=None, max_tokens=1024,
                 user="u-unknown", notes="", begins=None, stop_by=None, stateless=False):
        self.style = style
        self.outcome = outcome
        self.idx = idx
        self.system = system
        self.tools = list(tools)
        self.model = model
        self.max_tokens = max_tokens
        self.user = user
        self.notes = notes
        self.begins = begins
        self.stop_by = stop_by
        self.stateless = stateless
        self.turns = []  # dicts: at, user, outputs, reply_text, reply_calls

    # new input ---------------------------------------------------------------------------
    def user_msg(self, at, text):
        self.turns.append({"at": at, "user": text, "outputs": None,
                           "reply_text": None, "reply_calls": None})
        return self

    def tool_out(self, at, outputs, note=None):
        if isinstance(outputs, str):
            outputs = [outputs]
        self.turns.append({"at": at, "user": note, "outputs": list(outputs),
                           "reply_text": None, "reply_calls": None})
        return self

    # the reply to the latest input ------------------------------------------------------------
    def reply(self, text=None, calls=()):
        t = self.turns[-1]
        if t["reply_text"] is not None or t["reply_calls"] is not None:
            raise ValueError("reply set twice")
        t["reply_text"] = text
        t["reply_calls"] = [(c[0], c[1]) for c in calls]
        return self

    def say(self, text):
        return self.reply(text)

    def call(self, name, args, text=None):
        return self.reply(text, [(name, args)])


def _id(prefix, seed, k, alphabet="0123456789abcdef", length=24):
    h = hashlib.sha256(f"{seed}/{k}".encode()).hexdigest()
    out = []
    for j in range(length):
        out.append(alphabet[int(h[(2 * j) % 64:(2 * j) % 64 + 2], 16) % len(alphabet)])
    return prefix + "".join(out)


B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def render(sess, shape, name):
    """The list of request bodies, one per turn, in `shape`."""
    ids = []
    k = 0
    for t in sess.turns:
        row = []
        for _ in t["reply_calls"] or []:
            k += 1
            if shape == "anthropic":
                row.append(_id("toolu_01", name, k, B62, 22))
            elif shape == "responses":
                row.append(_id("call_", name, k, B62, 24))
            else:
                row.append(_id("call_", name, k, B62, 24))
        ids.append(row)

    requests = []
    hist = []
    prev_calls = []
    for ti, t in enumerate(sess.turns):
        new = []
        if t["outputs"] is not None:
            if len(t["outputs"]) != len(prev_calls):
                raise ValueError(f"{name} turn {ti + 1}: {len(t['outputs'])} outputs for "
                                 f"{len(prev_calls)} calls")
            if shape == "chat":
                for cid, out in zip(prev_calls, t["outputs"]):
                    new.append({"role": "tool", "tool_call_id": cid, "content": out})
                if t["user"]:
                    new.append({"role": "user", "content": t["user"]})
            elif shape == "responses":
                for cid, out in zip(prev_calls, t["outputs"]):
                    new.append({"type": "function_call_output", "call_id": cid, "output": out})
                if t["user"]:
                    new.append({"type": "message", "role": "user", "content": t["user"]})
            else:
                blocks = [{"type": "tool_result", "tool_use_id": cid, "content": out}
                          for cid, out in zip(prev_calls, t["outputs"])]
                if t["user"]:
                    blocks.append({"type": "text", "text": t["user"]})
                new.append({"role": "user", "content": blocks})
        else:
            if prev_calls:
                raise ValueError(f"{name} turn {ti + 1}: tool calls left unanswered")
            if shape == "responses":
                new.append({"type": "message", "role": "user", "content": t["user"]})
            else:
                new.append({"role": "user", "content": t["user"]})
        if sess.stateless:
            hist = []
        hist = hist + new
        requests.append(_body(sess, shape, hist))

        # the assistant's reply, resent from the next turn on
        text, calls = t["reply_text"], t["reply_calls"]
        if text is None and calls is None:
            if ti != len(sess.turns) - 1:
                raise ValueError(f"{name} turn {ti + 1}: no reply")
            break
        calls = calls or []
        if shape == "chat":
            msg = {"role": "assistant", "content": text}
            if calls:
                msg["tool_calls"] = [
                    {"id": cid, "type": "function",
                     "function": {"name": nm, "arguments": json.dumps(args)}}
                    for cid, (nm, args) in zip(ids[ti], calls)]
            hist = hist + [msg]
        elif shape == "responses":
            items = []
            if text:
                items.append({"type": "message", "role": "assistant",
                              "content": [{"type": "output_text", "text": text}]})
            for cid, (nm, args) in zip(ids[ti], calls):
                items.append({"type": "function_call", "call_id": cid, "name": nm,
                              "arguments": json.dumps(args)})
            hist = hist + items
        else:
            blocks = []
            if text:
                blocks.append({"type": "text", "text": text})
            for cid, (nm, args) in zip(ids[ti], calls):
                blocks.append({"type": "tool_use", "id": cid, "name": nm, "input": args})
            hist = hist + [{"role": "assistant", "content": blocks}]
        prev_calls = ids[ti]
    return requests


def _body(sess, shape, hist):
    hist = json.loads(json.dumps(hist))
    if shape == "chat":
        body = {"model": sess.model or "gpt-4o",
                "messages": [{"role": "system", "content": sess.system}] + hist,
                "max_tokens": sess.max_tokens}
        if sess.tools:
            body["tools"] = [{"type": "function", "function": t} for t in sess.tools]
    elif shape == "responses":
        body = {"model": sess.model or "gpt-4.1-mini", "instructions": sess.system,
                "input": hist, "max_output_tokens": sess.max_tokens}
        if sess.tools:
            body["tools"] = [dict({"type": "function"}, **t) for t in sess.tools]
    else:
        body = {"model": sess.model or "claude-sonnet-4-20250514", "max_tokens": sess.max_tokens,
                "system": sess.system, "messages": hist}
        if sess.tools:
            body["tools"] = [{"name": t["name"], "description": t["description"],
                              "input_schema": t["parameters"]} for t in sess.tools]
    return body


# --------------------------------------------------------------------------------------------
# validator
# --------------------------------------------------------------------------------------------


class Invalid(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Invalid(msg)


def validate_request(shape, body, tool_names):
    need(isinstance(body.get("model"), str) and body["model"], "model")
    if shape == "chat":
        msgs = body.get("messages")
        need(isinstance(msgs, list) and msgs, "messages")
        open_calls = set()
        for j, m in enumerate(msgs):
            role = m.get("role")
            need(role in ("system", "user", "assistant", "tool"), f"role {role}")
            if role == "system":
                need(j == 0, "system first")
            if role == "tool":
                need(m.get("tool_call_id") in open_calls, f"tool_call_id {m.get('tool_call_id')}")
                open_calls.discard(m["tool_call_id"])
                need(isinstance(m.get("content"), str), "tool content")
                continue
            need(not open_calls, f"message {j} before all tool results")
            if role == "assistant":
                need(m.get("content") is not None or m.get("tool_calls"), "empty assistant")
                for c in m.get("tool_calls", []):
                    need(c.get("type") == "function", "tool_call type")
                    need(c["function"]["name"] in tool_names, "undeclared tool")
                    json.loads(c["function"]["arguments"])
                    open_calls.add(c["id"])
            else:
                need(isinstance(m.get("content"), str) and m["content"], "user content")
        need(not open_calls, "unanswered tool calls")
        need(msgs[-1]["role"] in ("user", "tool"), "last message")
        need(isinstance(body.get("max_tokens"), int), "max_tokens")
    elif shape == "responses":
        need("previous_response_id" not in body, "previous_response_id")
        need(isinstance(body.get("max_output_tokens"), int), "max_output_tokens")
        items = body.get("input")
        need(isinstance(items, list) and items, "input")
        open_calls = set()
        for it in items:
            ty = it.get("type")
            if ty == "function_call":
                need(it["name"] in tool_names, "undeclared tool")
                json.loads(it["arguments"])
                need(it["call_id"] not in open_calls, "dup call_id")
                open_calls.add(it["call_id"])
            elif ty == "function_call_output":
                need(it.get("call_id") in open_calls, f"call_id {it.get('call_id')}")
                open_calls.discard(it["call_id"])
                need(isinstance(it.get("output"), str), "output")
            elif ty == "message":
                need(not open_calls, "message before all outputs")
                if it["role"] == "assistant":
                    need(all(c["type"] == "output_text" for c in it["content"]), "output_text")
                else:
                    need(it["role"] == "user" and isinstance(it["content"], str), "user msg")
            else:
                raise Invalid(f"item type {ty}")
        need(not open_calls, "unanswered function calls")
        need(items[-1].get("type") == "function_call_output" or items[-1].get("role") == "user",
             "last item")
    else:
        need(isinstance(body.get("max_tokens"), int), "max_tokens")
        need(isinstance(body.get("system"), str), "system")
        msgs = body.get("messages")
        need(isinstance(msgs, list) and msgs, "messages")
        pending = []
        for j, m in enumerate(msgs):
            need(m["role"] == ("user" if j % 2 == 0 else "assistant"), f"alternation at {j}")
            content = m["content"]
            blocks = [{"type": "text", "text": content}] if isinstance(content, str) else content
            need(blocks, "empty content")
            if m["role"] == "user":
                results = [b["tool_use_id"] for b in blocks if b["type"] == "tool_result"]
                need(results == pending, f"tool_result ids at {j}")
                if results:
                    need(all(b["type"] == "tool_result" for b in blocks[:len(results)]),
                         "tool_result first")
                pending = []
                for b in blocks:
                    need(b["type"] in ("text", "tool_result"), "user block")
            else:
                need(not pending, "dangling tool_use")
                for b in blocks:
                    need(b["type"] in ("text", "tool_use"), "assistant block")
                    if b["type"] == "tool_use":
                        need(b["name"] in tool_names, "undeclared tool")
                        need(isinstance(b["input"], dict), "input")
                        pending.append(b["id"])
                    else:
                        need(b["text"], "empty text")
        need(msgs[-1]["role"] == "user", "last message user")


def history(shape, body):
    return body["input"] if shape == "responses" else body["messages"]


def validate_session(doc):
    for key in ("name", "style", "shape", "path", "headers", "expected", "turns"):
        need(key in doc, f"field {key}")
    shape = doc["shape"]
    need(shape in SHAPES and doc["path"] == PATHS[shape], "shape/path")
    need(set(doc["headers"]) == {"x-session-id", "x-user-id"}, "headers")
    turns = doc["turns"]
    need(8 <= len(turns) <= 30, f"{len(turns)} turns")
    exp = doc["expected"]
    if exp["outcome"] == "runaway":
        b, d = exp["loop_begins_turn"], exp["stop_by_turn"]
        need(2 <= b < d < len(turns), f"B {b} D {d} of {len(turns)}")
    else:
        need(exp == {"outcome": "healthy"}, "healthy")
    prev_at = -1
    stateless = doc.get("notes", "").startswith("Stateless")
    for k, t in enumerate(turns):
        need(set(t) == {"at_seconds", "request"}, "turn fields")
        need(isinstance(t["at_seconds"], int) and t["at_seconds"] > prev_at or k == 0,
             "at_seconds increasing")
        prev_at = t["at_seconds"]
        body = t["request"]
        names = set()
        for tl in body.get("tools", []):
            names.add(tl["function"]["name"] if shape == "chat" else tl["name"])
        validate_request(shape, body, names)
        if k and not stateless:
            a, b2 = history(shape, turns[k - 1]["request"]), history(shape, body)
            need(b2[:len(a)] == a and len(b2) > len(a) + (0 if k == 0 else 1),
                 f"turn {k + 1} does not extend turn {k} by a reply and new input")


# --------------------------------------------------------------------------------------------
# styles: each a function returning four Sessions (runaway, runaway, healthy, healthy)
# --------------------------------------------------------------------------------------------

STYLES = []


def style(fn):
    STYLES.append(fn)
    return fn


# ---- styles are appended below --------------------------------------------------------------

# ---- git_bisect -----------------------------------------------------------------------------

SHELL = tool("run_shell", "Run a shell command in the repository checkout and return its "
             "combined stdout/stderr and exit code.",
             {"command": s("The command line, run with bash -lc"),
              "timeout_s": i("Seconds before the command is killed (default 600)")},
             required=["command"])


def _cargo_compile(rng, crates, extra=""):
    lines = []
    for c, v in crates:
        lines.append(f"   Compiling {c} v{v}")
    lines.append(extra) if extra else None
    return "\n".join(x for x in lines if x)


FERRITE_CRATES = [("proc-macro2", "1.0.89"), ("unicode-ident", "1.0.13"), ("libc", "0.2.161"),
                  ("cfg-if", "1.0.0"), ("quote", "1.0.37"), ("syn", "2.0.85"),
                  ("crc32fast", "1.4.2"), ("bytes", "1.8.0"), ("parking_lot_core", "0.9.10"),
                  ("tokio", "1.41.0"), ("tracing", "0.1.40"), ("ferrite-codec", "0.9.0"),
                  ("ferrite-storage", "0.9.0")]

ARENA_ERR = """error[E0432]: unresolved import `crate::arena::SkipArena`
  --> crates/ferrite-storage/src/memtable/skiplist.rs:14:5
   |
14 | use crate::arena::SkipArena;
   |     ^^^^^^^^^^^^^^^^^^^^^^^ no `SkipArena` in `arena`
   |
help: a similar name exists in the module
   |
14 | use crate::arena::SlabArena;
   |                   ~~~~~~~~~

error[E0599]: no method named `alloc_node` found for struct `SlabArena` in the current scope
   --> crates/ferrite-storage/src/memtable/skiplist.rs:212:31
    |
212 |         let node = self.arena.alloc_node(height, key.len() + val.len());
    |                               ^^^^^^^^^^ method not found in `SlabArena`

Some errors have detailed explanations: E0432, E0599.
For more information about an error, try `rustc --explain E0432`.
error: could not compile `ferrite-storage` (lib) due to 2 previous errors"""


@style
def git_bisect():
    out = []
    sysmsg = ("You are a senior engineer's coding agent working in a checkout of ferrite-kv, an "
              "embedded key-value store written in Rust. You have a shell. Find regressions with "
              "git bisect; report the first bad commit with evidence. Do not push anything.")
    test_cmd = ("cargo test -p ferrite-storage --test compaction "
                "compaction_keeps_tombstones_below_snapshot -- --exact 2>&1 | tail -n 60")
    rng = random.Random(1301)

    # R1: cycle of period 4 -- start, test (does not build), skip, test (does not build),
    # reset+start again: the same two mid-refactor commits every time.
    r = Session("git_bisect", "runaway", 1, sysmsg, [SHELL], model="gpt-4.1", max_tokens=1500,
                user="eng-mhoffmann", begins=6, stop_by=12,
                notes="Bisect restarted over and over: the midpoint and the next candidate both sit "
                      "in a refactor that does not compile; skip, skip, reset, same midpoint again "
                      "(a cycle of period 4 from turn 2; the repeat is visible at turn 6).")
    r.user_msg(0, "compaction_keeps_tombstones_below_snapshot started failing on main sometime "
                  "after v0.8.0 (it passes there). Bisect it and tell me the first bad commit. "
                  "Good: v0.8.0, bad: main.")
    r.call("run_shell", {"command": "git bisect start main v0.8.0"},
           "Starting the bisection between v0.8.0 (good) and main (bad).")
    t = 9
    starts = ["Restarting the bisection from a clean state so the midpoint is recomputed.",
              "Resetting and starting over; the previous run got stuck on unbuildable commits.",
              "Let me reset the bisect and begin again between v0.8.0 and main.",
              "Starting the bisection again from scratch."]
    for cyc in range(5):
        if cyc:
            r.tool_out(t, "Updated 0 paths from the index\nPrevious HEAD position was 4b7d0a2 "
                          "storage: arena allocator for skiplist nodes\nSwitched to branch 'main'\n"
                          "Bisecting: 213 revisions left to test after this (roughly 8 steps)\n"
                          "[9f2c1e7d05ab3c1e4e9a8f1b2c3d4e5f60718293] storage: switch memtable to "
                          "skiplist arena")
        else:
            r.tool_out(t, "Bisecting: 213 revisions left to test after this (roughly 8 steps)\n"
                          "[9f2c1e7d05ab3c1e4e9a8f1b2c3d4e5f60718293] storage: switch memtable to "
                          "skiplist arena")
        r.call("run_shell", {"command": test_cmd, "timeout_s": 900},
               "Now at 9f2c1e7. Building and running the failing test on this commit.")
        t += rng.randint(40, 75)
        r.tool_out(t, _cargo_compile(rng, FERRITE_CRATES) + "\n" + ARENA_ERR +
                   f"\n[exit code 101, {rng.randint(38, 61)}s]")
        r.call("run_shell", {"command": "git bisect skip"},
               ["9f2c1e7 doesn't compile (SkipArena is missing mid-refactor), which is unrelated to "
                "the tombstone bug. Skipping it.",
                "This commit fails to build because of the half-finished arena refactor. Skipping.",
                "Build broken here (SkipArena import) - not our regression, so skip.",
                "Compile error from the arena refactor again; skipping this commit.",
                "Unbuildable commit, skipping."][cyc])
        t += rng.randint(3, 8)
        r.tool_out(t, "Bisecting: 213 revisions left to test after this (roughly 8 steps)\n"
                      "[4b7d0a2f9e1c88d3a6b5c4d3e2f1a0b9c8d7e6f5] storage: arena allocator for "
                      "skiplist nodes")
        r.call("run_shell", {"command": test_cmd, "timeout_s": 900},
               "Testing 4b7d0a2.")
        t += rng.randint(40, 75)
        r.tool_out(t, _cargo_compile(rng, FERRITE_CRATES) + "\n" + ARENA_ERR +
                   f"\n[exit code 101, {rng.randint(38, 61)}s]")
        if len(r.turns) >= 18:
            break
        r.call("run_shell", {"command": "git bisect reset && git bisect start main v0.8.0"},
               starts[cyc % len(starts)])
        t += rng.randint(4, 9)
    out.append(r)

    # R2: the same failure (the bisect helper cannot log in to Postgres) buried deep in a long,
    # different-every-time build+test log; the agent keeps changing unrelated knobs.
    sys2 = ("You are an autonomous debugging agent for the orbit-billing service (Rust, "
            "Postgres). You may run shell commands. The repo has scripts/check-regression.sh, "
            "which builds, starts a throwaway database and runs the invoice totals suite.")
    r = Session("git_bisect", "runaway", 2, sys2, [SHELL], model="gpt-4o", max_tokens=2000,
                user="eng-ptanaka", begins=4, stop_by=10,
                notes="Every run of the check script fails on the same Postgres authentication "
                      "error, buried ~70% deep in a long build/test log whose timings, ordering and "
                      "warnings change; the agent keeps tweaking unrelated knobs.")
    r.user_msg(0, "Invoice totals are off by a cent for multi-currency carts since release "
                  "2026.10. Bisect between tag release-2026.09 (good) and release-2026.10 (bad) "
                  "using scripts/check-regression.sh as the test.")
    r.call("run_shell", {"command": "git bisect start release-2026.10 release-2026.09"})
    r.tool_out(6, "Bisecting: 96 revisions left to test after this (roughly 7 steps)\n"
                  "[c41d9e08a7b6f5e4d3c2b1a09f8e7d6c5b4a3928] totals: move rounding into "
                  "LineItem::settle")
    tweaks = [
        ("./scripts/check-regression.sh", "Running the regression check on the midpoint."),
        ("TIMEOUT=900 ./scripts/check-regression.sh",
         "The suite failed with timeouts. Raising the script timeout to 900s and retrying."),
        ("RUST_TEST_THREADS=1 ./scripts/check-regression.sh",
         "Still failing. Possibly test parallelism exhausting DB connections; running single-threaded."),
        ("cargo clean -p orbit-billing && ./scripts/check-regression.sh",
         "Maybe a stale build artifact. Cleaning the crate and re-running."),
        ("PGCONNECT_TIMEOUT=30 ./scripts/check-regression.sh",
         "The database may be slow to come up; giving the client a longer connect timeout."),
        ("docker compose -f scripts/pg.yml down -v && ./scripts/check-regression.sh",
         "Recreating the throwaway database volume and trying again."),
        ("SQLX_OFFLINE=true ./scripts/check-regression.sh",
         "Trying with SQLX_OFFLINE so the build doesn't need the live DB."),
        ("TIMEOUT=1800 RUST_TEST_THREADS=1 ./scripts/check-regression.sh",
         "Combining the longer timeout with a single test thread."),
        ("RUST_LOG=debug ./scripts/check-regression.sh",
         "Enabling debug logging to see what the tests are waiting on."),
        ("./scripts/check-regression.sh --no-cache",
         "Re-running without the build cache."),
        ("TIMEOUT=1200 ./scripts/check-regression.sh",
         "One more run with a moderate timeout."),
        ("RUST_TEST_THREADS=2 ./scripts/check-regression.sh",
         "Trying two test threads."),
        ("./scripts/check-regression.sh", "Re-running the check."),
    ]
    t = 6
    for k, (cmd, why) in enumerate(tweaks):
        r.call("run_shell", {"command": cmd, "timeout_s": 2400}, why)
        t += rng.randint(150, 320)
        r.tool_out(t, _orbit_log(random.Random(4400 + k), k))
        if len(r.turns) >= 15:
            break
    out.append(r)

    # H1: a real bisection. The test command is identical every step and its output is one of
    # two near-identical texts (pass / fail); the commit under test changes and converges.
    r = Session("git_bisect", "healthy", 3, sysmsg, [SHELL], model="claude-sonnet-4-20250514",
                max_tokens=1500, user="eng-mhoffmann",
                notes="A bisection that converges in 7 steps: the same test command each step, "
                      "outputs that are either the same pass text or the same failure text, "
                      "different commits every time; ends at the first bad commit.")
    r.user_msg(0, "range_scan_respects_upper_bound fails on main but passed on v0.7.2. Please "
                  "bisect (good v0.7.2, bad main) and show me the offending diff.")
    r.call("run_shell", {"command": "git bisect start main v0.7.2"},
           "Starting: main is bad, v0.7.2 is good.")
    steps = [(147, 7, "e0a4c9d1", "codec: varint fast path for small keys", False),
             (73, 6, "5b18f2aa", "storage: prefix bloom filters per block", True),
             (36, 5, "7c3e90b4", "storage: block iterator seeks by restart point", False),
             (18, 4, "a91d0c55", "docs: compaction tuning guide", True),
             (9, 3, "31fe7a08", "storage: reuse key buffer in BlockIter::next", True),
             (4, 2, "d2c6b713", "bench: range scan with upper bound", False),
             (1, 1, "8e47a1f0", "storage: BlockIter::seek skips bound check on restart", True)]
    rt_cmd = ("cargo test -p ferrite-storage --test scans range_scan_respects_upper_bound "
              "-- --exact 2>&1 | tail -n 25")
    t = 5
    for k, (left, rough, sha, subj, bad) in enumerate(steps):
        r.tool_out(t, f"Bisecting: {left} revisions left to test after this (roughly {rough} "
                      f"steps)\n[{sha}{hashlib.sha1(sha.encode()).hexdigest()[:32]}] {subj}")
        r.call("run_shell", {"command": rt_cmd, "timeout_s": 900},
               f"Testing {sha} ({subj}).")
        t += rng.randint(35, 95)
        secs = f"{rng.randint(0, 1)}.{rng.randint(10, 99)}"
        if bad:
            res = ("\nrunning 1 test\ntest range_scan_respects_upper_bound ... FAILED\n\n"
                   "failures:\n\n---- range_scan_respects_upper_bound stdout ----\n"
                   "thread 'range_scan_respects_upper_bound' panicked at "
                   "crates/ferrite-storage/tests/scans.rs:88:5:\n"
                   "assertion `left == right` failed: scan [b\"k0100\", b\"k0200\") returned a key "
                   "past the bound\n  left: 101\n right: 100\nnote: run with `RUST_BACKTRACE=1` "
                   "environment variable to display a backtrace\n\n\nfailures:\n"
                   "    range_scan_respects_upper_bound\n\ntest result: FAILED. 0 passed; 1 failed;"
                   f" 0 ignored; 0 measured; 11 filtered out; finished in {secs}s\n\n"
                   "error: test failed, to rerun pass `-p ferrite-storage --test scans`\n"
                   "[exit code 101]")
        else:
            res = ("\nrunning 1 test\ntest range_scan_respects_upper_bound ... ok\n\n"
                   "test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 11 filtered out;"
                   f" finished in {secs}s\n\n[exit code 0]")
        r.tool_out(t, f"    Finished `test` profile [unoptimized + debuginfo] target(s) in "
                      f"{rng.randint(20, 70)}.{rng.randint(10, 99)}s\n     Running tests/scans.rs "
                      f"(target/debug/deps/scans-{hashlib.md5(sha.encode()).hexdigest()[:16]})" + res)
        verdict = "bad" if bad else "good"
        r.call("run_shell", {"command": f"git bisect {verdict}"},
               f"{sha} is {verdict} ({'the scan overshoots by one key' if bad else 'test passes'}).")
        t += rng.randint(3, 9)
    r.tool_out(t, "8e47a1f0c2d9b4e6a7f8091a2b3c4d5e6f708192 is the first bad commit\n"
                  "commit 8e47a1f0c2d9b4e6a7f8091a2b3c4d5e6f708192\nAuthor: Lena Brandt "
                  "<lena@ferrite.dev>\nDate:   Tue Sep 30 14:12:07 2026 +0200\n\n"
                  "    storage: BlockIter::seek skips bound check on restart\n\n"
                  " crates/ferrite-storage/src/sstable/block.rs | 9 +++------\n 1 file changed, "
                  "3 insertions(+), 6 deletions(-)")
    r.call("run_shell", {"command": "git show 8e47a1f0 -- crates/ferrite-storage/src/sstable/block.rs"
                                    " && git bisect reset"},
           "Found it. Pulling up the diff before resetting.")
    t += 6
    r.tool_out(t, """commit 8e47a1f0c2d9b4e6a7f8091a2b3c4d5e6f708192
Author: Lena Brandt <lena@ferrite.dev>
Date:   Tue Sep 30 14:12:07 2026 +0200

    storage: BlockIter::seek skips bound check on restart

diff --git a/crates/ferrite-storage/src/sstable/block.rs b/crates/ferrite-storage/src/sstable/block.rs
index 5d2a9c1..77b0e4f 100644
--- a/crates/ferrite-storage/src/sstable/block.rs
+++ b/crates/ferrite-storage/src/sstable/block.rs
@@ -141,12 +141,9 @@ impl<'a> BlockIter<'a> {
     pub fn seek(&mut self, target: &[u8]) {
         let restart = self.binary_search_restarts(target);
         self.seek_to_restart(restart);
-        while self.valid() && self.key() < target {
-            if let Some(ub) = self.upper_bound {
-                if self.key() >= ub { self.invalidate(); return; }
-            }
-            self.next();
-        }
+        while self.valid() && self.key() < target {
+            self.next();
+        }
     }
Previous HEAD position was 8e47a1f storage: BlockIter::seek skips bound check on restart
Switched to branch 'main'""")
    r.say("First bad commit: **8e47a1f0** \"storage: BlockIter::seek skips bound check on "
          "restart\" (Lena Brandt, 30 Sep).\n\nThe commit removed the upper-bound check inside the "
          "seek loop. When the seek lands on a restart point past the bound, the iterator stays "
          "valid and `range_scan` yields one extra key (101 instead of 100 in the test). Suggested "
          "fix: restore the bound check after the loop (`if self.upper_bound.map_or(false, |ub| "
          "self.key() >= ub) { self.invalidate() }`) so the fast path stays. Bisect is reset; "
          "you're back on main.")
    r.user_msg(t + 140, "Perfect, thanks. Open a draft branch with that fix and a regression test "
                        "that seeks exactly onto a restart key.")
    out.append(r)

    # H2: pytest output that is mostly identical boilerplate (long header and the same
    # deprecation-warning summary every run), with the one real line changing.
    sys3 = ("You are a coding agent in the fjord-reports repository (Python 3.12, pandas). Use "
            "the shell to investigate and bisect regressions. Keep answers short.")
    r = Session("git_bisect", "healthy", 4, sys3, [SHELL], model="gpt-4.1-mini", max_tokens=900,
                user="eng-sokafor",
                notes="A Python bisect where each step's pytest output is ~5 KB of identical "
                      "header and warning summary; only the bisect line and one test result line "
                      "change. Converges in 6 steps.")
    r.user_msg(0, "tests/test_rounding.py::test_vat_total_half_even fails on main, passed at "
                  "v4.2.0. Bisect it. Combine the mark and the test run in one command per step "
                  "to save round trips.")
    r.call("run_shell", {"command": "git bisect start main v4.2.0 && python -m pytest "
                                    "tests/test_rounding.py::test_vat_total_half_even -q"})
    plan = [("a1c0e93", "reports: cache currency table", 58, 6, True),
            ("f09b2d4", "deps: bump pandas to 2.2.3", 29, 5, True),
            ("3c7e1a8", "reports: VAT lines use Decimal context from settings", 14, 4, False),
            ("b6d4f20", "ci: run mypy in strict mode", 7, 3, False),
            ("90e8c1d", "settings: default rounding ROUND_HALF_UP for invoices", 3, 2, True),
            ("5f21aa7", "settings: per-tenant rounding override", 1, 1, False),
            ("e2b7c49", "settings: read rounding mode from env", 0, 0, True)]
    t = 0
    verdict = None
    for k, (sha, subj, left, rough, bad) in enumerate(plan):
        t += rng.randint(25, 60)
        head = "" if verdict is None else ""
        bis = (f"Bisecting: {left} revisions left to test after this (roughly {rough} steps)\n"
               f"[{sha}{hashlib.sha1(subj.encode()).hexdigest()[:33]}] {subj}\n")
        r.tool_out(t, head + bis + _pytest_run(random.Random(90 + k), bad, k))
        verdict = "bad" if bad else "good"
        if k == len(plan) - 1:
            break
        r.call("run_shell", {"command": f"git bisect {verdict} && python -m pytest "
                                        "tests/test_rounding.py::test_vat_total_half_even -q"},
               f"{sha}: {'fails' if bad else 'passes'} -> {verdict}.")
    r.call("run_shell", {"command": "git bisect bad && git bisect reset"},
           "e2b7c49 fails as well; marking it.")
    t += 8
    r.tool_out(t, "e2b7c49d1f0a3b5c7e9d8f6a4b2c0e1d3f5a7b9c is the first bad commit\ncommit "
                  "e2b7c49d1f0a3b5c7e9d8f6a4b2c0e1d3f5a7b9c\nAuthor: Sam Okafor\nDate:   Mon Oct 6 "
                  "09:41:55 2026 +0100\n\n    settings: read rounding mode from env\n\n "
                  "fjord/settings.py | 4 ++--\n 1 file changed, 2 insertions(+), 2 deletions(-)\n"
                  "Previous HEAD position was e2b7c49 settings: read rounding mode from env\n"
                  "Switched to branch 'main'")
    r.say("First bad commit: e2b7c49 \"settings: read rounding mode from env\". It reads "
          "`FJORD_ROUNDING` and falls back to `ROUND_HALF_UP` when the variable is unset, so "
          "VAT totals stop using half-even. Restoring the `ROUND_HALF_EVEN` fallback fixes the "
          "test. Bisect reset; you're on main.")
    r.user_msg(t + 95, "Thanks. Make the fallback ROUND_HALF_EVEN and add a test for the unset env case.")
    out.append(r)
    return out


def _orbit_log(rng, k):
    """~11 KB of build + test log, different each run; the one real failure is always the same
    Postgres authentication error about two thirds of the way down."""
    crates = ["serde", "serde_json", "tokio", "hyper", "sqlx-core", "sqlx-postgres", "sqlx-macros",
              "rust_decimal", "chrono", "uuid", "tracing-subscriber", "axum", "tower-http",
              "orbit-money", "orbit-tax", "orbit-billing"]
    order = crates[:13]
    rng.shuffle(order)
    order += crates[13:]
    ts = 1000 + rng.randint(0, 50)
    L = [f"+ [check-regression] commit c41d9e08 run #{k + 1}",
         f"+ [check-regression] starting postgres 16.4 container orbit-bisect-pg-{rng.randint(1000, 9999)}"]
    for c in order:
        ts += rng.randint(1, 9)
        L.append(f"[{ts // 60:02d}:{ts % 60:02d}] Compiling {c} v{rng.randint(0, 2)}.{rng.randint(0, 40)}."
                 f"{rng.randint(0, 20)}")
    nw = rng.randint(9, 15)
    for w in range(nw):
        line = rng.randint(40, 400)
        L.append(f"warning: unused variable: `{rng.choice(['tmp', 'cur', 'rate', 'row', 'idx', 'acc'])}`\n"
                 f"   --> crates/orbit-billing/src/{rng.choice(['totals', 'ledger', 'fx', 'export'])}.rs:{line}:13\n"
                 f"    |\n{line:>3} |         let {rng.choice(['tmp', 'cur', 'rate'])} = "
                 f"{rng.choice(['line.amount()', 'fx.rate(cur)', 'rows.next()'])};\n    |             "
                 f"^^^ help: if this is intentional, prefix it with an underscore")
    L.append(f"warning: `orbit-billing` (lib) generated {nw} warnings")
    L.append(f"    Finished `test` profile [unoptimized + debuginfo] target(s) in "
             f"{rng.randint(60, 190)}.{rng.randint(10, 99)}s")
    tests = ["fx::tests::eur_to_sek_roundtrip", "fx::tests::stale_rate_rejected",
             "money::tests::split_even", "money::tests::split_remainder_to_first",
             "tax::tests::reverse_charge_b2b", "tax::tests::oss_threshold",
             "export::tests::csv_header_order", "export::tests::datev_encoding",
             "ledger::tests::append_only", "ledger::tests::idempotent_post"]
    rng.shuffle(tests)
    L.append(f"     Running unittests src/lib.rs (target/debug/deps/orbit_billing-{rng.getrandbits(64):016x})")
    L.append(f"\nrunning {len(tests)} tests")
    for tname in tests:
        L.append(f"test {tname} ... ok")
    L.append(f"\ntest result: ok. {len(tests)} passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; "
             f"finished in {rng.randint(0, 3)}.{rng.randint(10, 99)}s\n")
    for j in range(rng.randint(8, 14)):
        ts += rng.randint(0, 2)
        L.append(f"2026-11-0{rng.randint(1, 9)}T10:{ts % 60:02d}:{rng.randint(0, 59):02d}.{rng.randint(0, 999999):06d}Z  "
                 f"INFO orbit_billing::testdb: waiting for postgres on 127.0.0.1:55{rng.randint(10, 99)} "
                 f"(attempt {j + 1})")
    L.append(f"     Running tests/invoice_totals.rs (target/debug/deps/invoice_totals-{rng.getrandbits(64):016x})")
    L.append("\nrunning 14 tests")
    L.append("2026-11-03T10:14:22.118734Z ERROR sqlx::pool::inner: error returned from database: "
             "password authentication failed for user \"bisect\"")
    L.append("2026-11-03T10:14:22.118901Z ERROR orbit_billing::testdb: could not open pool: "
             "error returned from database: password authentication failed for user \"bisect\" "
             "(SQLSTATE 28P01) -- DATABASE_URL=postgres://bisect@127.0.0.1/orbit_test")
    totals = ["multi_currency_cart_eur_sek", "multi_currency_cart_usd_gbp", "single_line_vat",
              "discount_then_tax", "tax_then_discount", "zero_rated_export", "rounding_half_even",
              "rounding_per_line_vs_total", "credit_note_negates", "partial_refund",
              "fx_rate_snapshot", "bundle_allocation", "shipping_taxed", "gift_card_untaxed"]
    rng.shuffle(totals)
    for tn in totals:
        L.append(f"test {tn} ... FAILED")
    L.append("\nfailures:\n")
    for tn in totals[:rng.randint(10, 14)]:
        L.append(f"---- {tn} stdout ----\nthread '{tn}' panicked at tests/invoice_totals.rs:"
                 f"{rng.randint(20, 400)}:{rng.randint(5, 40)}:\ntest database unavailable: "
                 "PoolTimedOut\nnote: run with `RUST_BACKTRACE=1` environment variable to display a "
                 "backtrace\n")
    L.append("\nfailures:")
    for tn in totals:
        L.append(f"    {tn}")
    L.append(f"\ntest result: FAILED. 0 passed; 14 failed; 0 ignored; 0 measured; 0 filtered out; "
             f"finished in {rng.randint(30, 31)}.{rng.randint(10, 99)}s\n")
    L.append("error: test failed, to rerun pass `--test invoice_totals`")
    L.append(f"+ [check-regression] stopping container; exit 1 after {rng.randint(180, 420)}s")
    return "\n".join(L)


def _pytest_run(rng, bad, k):
    plugins = "anyio-4.6.2, cov-5.0.0, xdist-3.6.1, hypothesis-6.115.3, mock-3.14.0, freezegun-0.4.2"
    head = ("============================= test session starts ==============================\n"
            "platform linux -- Python 3.12.7, pytest-8.3.3, pluggy-1.5.0\n"
            "cachedir: .pytest_cache\n"
            "hypothesis profile 'ci' -> deadline=None, max_examples=200, "
            "database=DirectoryBasedExampleDatabase(PosixPath('/src/fjord-reports/.hypothesis/examples'))\n"
            "rootdir: /src/fjord-reports\nconfigfile: pyproject.toml\n"
            f"plugins: {plugins}\ncollected 1 item\n\n")
    if bad:
        body = ("tests/test_rounding.py F                                                  [100%]\n\n"
                "=================================== FAILURES ===================================\n"
                "__________________________ test_vat_total_half_even ___________________________\n\n"
                "    def test_vat_total_half_even():\n"
                "        inv = make_invoice(lines=[(\"2.345\", \"19\"), (\"1.005\", \"7\")])\n"
                ">       assert inv.vat_total() == Decimal(\"0.52\")\n"
                "E       AssertionError: assert Decimal('0.53') == Decimal('0.52')\n"
                "E        +  where Decimal('0.53') = vat_total()\n\n"
                "tests/test_rounding.py:41: AssertionError\n")
    else:
        body = "tests/test_rounding.py .                                                  [100%]\n"
    warn = ["=============================== warnings summary ===============================\n"]
    mods = ["fjord/io/excel.py:12", "fjord/io/excel.py:88", "fjord/reports/base.py:203",
            "fjord/reports/vat.py:17", "fjord/currency.py:64", "fjord/settings.py:31",
            "fjord/io/pdf.py:140", "fjord/io/pdf.py:141", "fjord/reports/aging.py:77",
            "fjord/reports/cashflow.py:55", "fjord/cli.py:20", "fjord/cli.py:21"]
    msgs = ["DeprecationWarning: datetime.datetime.utcnow() is deprecated and scheduled for removal "
            "in a future version. Use timezone-aware objects to represent datetimes in UTC: "
            "datetime.datetime.now(datetime.UTC).",
            "FutureWarning: Downcasting object dtype arrays on .fillna, .ffill, .bfill is "
            "deprecated and will change in a future version. Call result.infer_objects(copy=False) "
            "instead. To opt-in to the future behavior, set "
            "`pd.set_option('future.no_silent_downcasting', True)`",
            "DeprecationWarning: 'locale.getdefaultlocale' is deprecated and slated for removal in "
            "Python 3.15. Use setlocale(), getencoding() and getlocale() instead.",
            "PendingDeprecationWarning: The 'fpdf.FPDF.set_doc_option' method is deprecated; use "
            "the 'core_fonts_encoding' parameter instead."]
    codes = ["now = datetime.utcnow()", "df = df.fillna(0)",
             "lang, enc = locale.getdefaultlocale()",
             'pdf.set_doc_option("core_fonts_encoding", "latin-1")']
    for j, m in enumerate(mods):
        warn.append(f"{m}\n  /src/fjord-reports/{m.split(':')[0]}:{m.split(':')[1]}: {msgs[j % 4]}\n"
                    f"    {codes[j % 4]}\n\n")
    warn.append("-- Docs: https://docs.pytest.org/en/stable/how-to/capture-warnings.html\n")
    secs = f"{rng.randint(1, 2)}.{rng.randint(10, 99)}s"
    if bad:
        tail = ("=========================== short test summary info ============================\n"
                "FAILED tests/test_rounding.py::test_vat_total_half_even - AssertionError: assert "
                "Decimal('0.53') == Decimal('0.52')\n"
                f"================== 1 failed, {len(mods)} warnings in {secs} ===================")
    else:
        tail = f"======================== 1 passed, {len(mods)} warnings in {secs} ========================"
    return head + body + "\n" + "".join(warn) + tail


# ---- end of styles ---------------------------------------------------------------------------


def build():
    """{relative path: file text} for the whole corpus."""
    files = {}
    gi = 0
    for fn in STYLES:
        sessions = fn()
        if [x.outcome for x in sessions] != ["runaway", "runaway", "healthy", "healthy"]:
            raise ValueError(f"{fn.__name__}: order of outcomes")
        for sess in sessions:
            shape = SHAPES[gi % 3]
            gi += 1
            name = f"{sess.style}_{sess.outcome}_{shape}"
            reqs = render(sess, shape, name)
            if sess.outcome == "runaway":
                expected = {"outcome": "runaway", "loop_begins_turn": sess.begins,
                            "stop_by_turn": sess.stop_by}
            else:
                expected = {"outcome": "healthy"}
            doc = {"name": name, "style": sess.style, "shape": shape, "path": PATHS[shape],
                   "headers": {"x-session-id": f"corpf-{name}", "x-user-id": sess.user},
                   "expected": expected, "notes": sess.notes,
                   "turns": [{"at_seconds": t["at"], "request": r}
                             for t, r in zip(sess.turns, reqs)]}
            validate_session(json.loads(json.dumps(doc)))
            files[os.path.join("heldout", name + ".json")] = dump(doc)
    files[os.path.join("tuning", ".gitkeep")] = ""
    return files


def dump(doc):
    head = {k: v for k, v in doc.items() if k != "turns"}
    lines = ["{"]
    for k in ("name", "style", "shape", "path", "headers", "expected", "notes"):
        lines.append(f"{json.dumps(k)}: {json.dumps(head[k], sort_keys=True, ensure_ascii=False)},")
    lines.append('"turns": [')
    rows = [json.dumps(t, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            for t in doc["turns"]]
    lines.append(",\n".join(rows))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def main(argv):
    files = build()
    if "--check" in argv:
        bad = 0
        on_disk = set()
        for sub in ("tuning", "heldout"):
            d = os.path.join(OUT, sub)
            if os.path.isdir(d):
                on_disk |= {os.path.join(sub, f) for f in os.listdir(d)}
        for rel in sorted(on_disk - set(files)):
            print(f"extra file on disk: {rel}")
            bad += 1
        for rel, text in sorted(files.items()):
            p = os.path.join(OUT, rel)
            try:
                with open(p, encoding="utf-8") as f:
                    disk = f.read()
            except OSError:
                disk = None
            if disk != text:
                print(f"differs: {rel}")
                bad += 1
                continue
            if rel.endswith(".json"):
                validate_session(json.loads(disk))
        if bad:
            print(f"{bad} file(s) differ; run python3 scripts/gen_corpus_f.py")
            return 1
        print(f"ok: {len(files) - 1} sessions match and validate")
        return 0
    for rel, text in files.items():
        p = os.path.join(OUT, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
    print(f"wrote {len(files) - 1} sessions to {os.path.relpath(OUT, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
