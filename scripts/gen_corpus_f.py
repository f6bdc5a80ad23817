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


CLAUDE_MODELS = ("claude-sonnet-4-20250514", "claude-3-5-haiku-20241022", "claude-opus-4-20250514",
                 "claude-3-7-sonnet-20250219")
GPT_MODELS = ("gpt-4o", "gpt-4.1-mini", "gpt-4.1", "gpt-4o-mini")


def model_for(sess, shape):
    """The session's model when it belongs to the shape's provider, else a fixed stand-in."""
    m = sess.model or ""
    k = (len(sess.style) + sess.idx) % 4
    if shape == "anthropic":
        return m if m.startswith("claude") else CLAUDE_MODELS[k]
    return m if m.startswith("gpt") else GPT_MODELS[k]


def _body(sess, shape, hist):
    hist = json.loads(json.dumps(hist))
    if shape == "chat":
        body = {"model": model_for(sess, shape),
                "messages": [{"role": "system", "content": sess.system}] + hist,
                "max_tokens": sess.max_tokens}
        if sess.tools:
            body["tools"] = [{"type": "function", "function": t} for t in sess.tools]
    elif shape == "responses":
        body = {"model": model_for(sess, shape), "instructions": sess.system,
                "input": hist, "max_output_tokens": sess.max_tokens}
        if sess.tools:
            body["tools"] = [dict({"type": "function"}, **t) for t in sess.tools]
    else:
        body = {"model": model_for(sess, shape), "max_tokens": sess.max_tokens,
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
    need(body["model"].startswith("claude-" if shape == "anthropic" else "gpt-"), "model/provider")
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


# ---- invoice_reconciliation -----------------------------------------------------------------

INV_TOOLS = [
    tool("get_invoice", "Fetch one supplier invoice from the AP inbox by id.",
         {"invoice_id": s("AP invoice id, e.g. INV-2026-10-0417")}),
    tool("ledger_search", "Search general-ledger entries. Amounts in minor units (cents).",
         {"vendor_id": s("Vendor id, e.g. V-10233"), "date_from": s("ISO date"),
          "date_to": s("ISO date"), "amount_min": i("minor units"), "amount_max": i("minor units"),
          "cursor": s("Opaque cursor from a previous page")}, required=["date_from", "date_to"]),
    tool("post_match", "Record that an invoice is matched to a ledger entry.",
         {"invoice_id": s("AP invoice id"), "entry_id": s("Ledger entry id"),
          "note": s("Free-text note for the auditor")}, required=["invoice_id", "entry_id"]),
    tool("create_adjustment", "Create a draft adjusting journal entry and submit it for posting.",
         {"entry_id": s("Ledger entry being corrected"), "amount": i("minor units, signed"),
          "account": s("GL account"), "period": s("YYYY-MM posting period"), "memo": s("Memo")}),
]


def _invoice_json(inv_id, vendor, vid, lines, date, due, currency="EUR", po=None):
    net = sum(q * p for _, q, p in lines)
    vat = (net * 19 + 50) // 100
    return json.dumps({
        "invoice_id": inv_id, "vendor": {"id": vid, "name": vendor}, "issue_date": date,
        "due_date": due, "currency": currency, "po_number": po,
        "lines": [{"description": d, "quantity": q, "unit_price": p, "amount": q * p}
                  for d, q, p in lines],
        "net": net, "vat_rate": "19%", "vat": vat, "total": net + vat,
        "status": "awaiting_match", "received_via": "ap-inbox@northwind-foods.de"}, indent=1)


def _eur(cents):
    return f"{cents // 100:,}.{cents % 100:02d}"


@style
def invoice_reconciliation():
    out = []
    rng = random.Random(2207)
    sysmsg = ("You are Tally, the accounts-payable reconciliation agent of Northwind Foods GmbH. "
              "Match supplier invoices to general-ledger entries, record matches with post_match, "
              "and propose adjusting entries only for differences under EUR 50. All amounts are "
              "integers in euro cents. Escalate to a human (stop and explain) when a tool keeps "
              "refusing you.")

    # R1: ledger_search refused with 403 insufficient_scope forever; the agent keeps retrying
    # with reworded parameters and growing backoff.
    r = Session("invoice_reconciliation", "runaway", 1, sysmsg, INV_TOOLS, model="gpt-4o",
                max_tokens=1200, user="fin-ops-bot", begins=4, stop_by=9,
                notes="A permanent 403 (token lacks the ledger:read scope) retried forever with "
                      "small parameter changes and growing delays; only the request id changes.")
    r.user_msg(0, "Reconcile Kestrel Logistics invoice INV-2026-10-0417 against the October "
                  "ledger and post the match.")
    r.call("get_invoice", {"invoice_id": "INV-2026-10-0417"})
    kj = _invoice_json("INV-2026-10-0417", "Kestrel Logistics GmbH", "V-10233",
                       [("Pallet freight Hamburg-Munich, 14 pallets", 14, 8650),
                        ("Tail-lift surcharge", 1, 4500),
                        ("Fuel surcharge Oct 2026 (7.5%)", 1, 9419)],
                       "2026-10-14", "2026-11-13", po="PO-88120")
    ktotal = json.loads(kj)["total"]
    r.tool_out(3, kj)
    r.call("ledger_search", {"vendor_id": "V-10233", "date_from": "2026-10-01",
                             "date_to": "2026-10-31", "amount_min": ktotal - 10000,
                             "amount_max": ktotal + 10000},
           f"Invoice total is EUR {_eur(ktotal)} ({ktotal} cents). Searching the October ledger "
           "for Kestrel entries around that amount.")
    attempts = [
        ({"vendor_id": "V-10233", "date_from": "2026-10-01", "date_to": "2026-10-31"},
         "Got a 403. That may be a transient permission glitch; retrying without the amount filter."),
        ({"vendor_id": "V-10233", "date_from": "2026-10-10", "date_to": "2026-10-20"},
         "Still 403. Narrowing the date range in case wide queries need elevated rights."),
        ({"date_from": "2026-10-14", "date_to": "2026-10-14"},
         "Trying a single-day search without the vendor filter."),
        ({"vendor_id": "V-10233", "date_from": "2026-10-01", "date_to": "2026-10-31",
          "amount_min": ktotal, "amount_max": ktotal},
         "Searching for the exact amount."),
        ({"vendor_id": "V-10233", "date_from": "2026-09-15", "date_to": "2026-11-15"},
         "Widening the window; the access error might be tied to the period boundaries."),
        ({"vendor_id": "V-10233", "date_from": "2026-10-01", "date_to": "2026-10-31",
          "cursor": ""}, "Retrying with an explicit empty cursor."),
        ({"vendor_id": "V-10233", "date_from": "2026-10-01", "date_to": "2026-10-31"},
         "Waiting a bit longer and retrying the plain October search."),
        ({"vendor_id": "V-10233", "date_from": "2026-10-14", "date_to": "2026-10-31"},
         "Trying from the invoice date onward."),
        ({"vendor_id": "V-10233", "date_from": "2026-10-01", "date_to": "2026-10-31"},
         "Retrying the October search again."),
        ({"vendor_id": "V-10233", "date_from": "2026-10-01", "date_to": "2026-10-31",
          "amount_min": ktotal - 1000, "amount_max": ktotal + 1000},
         "Retrying with a tight amount band."),
        ({"vendor_id": "V-10233", "date_from": "2026-10-01", "date_to": "2026-10-31"},
         "Retrying."),
    ]
    t, delay = 3, 2
    for k, (args, why) in enumerate(attempts):
        t += delay + rng.randint(1, 3)
        delay = min(delay * 2, 300)
        rid = f"req_{rng.getrandbits(48):012x}"
        r.tool_out(t, json.dumps({"error": {
            "status": 403, "code": "insufficient_scope",
            "message": "The access token for service account 'recon-bot@northwind' does not "
                       "grant scope 'ledger:read' on company 'NWF-DE'. Ask an administrator "
                       "to update the service account's role.",
            "request_id": rid, "docs": "https://erp.internal.northwind-foods.de/api/errors#403"}}))
        r.call("ledger_search", args, why)
        if len(r.turns) >= 14:
            break
    out.append(r)

    # R2: the same adjustment refused because September is closed; each attempt is a new
    # draft with a new id and a reworded memo (renamed entities), alternating with re-reading
    # the same invoice.
    r = Session("invoice_reconciliation", "runaway", 2, sysmsg, INV_TOOLS,
                model="claude-sonnet-4-20250514", max_tokens=1500, user="fin-ops-bot",
                begins=6, stop_by=12,
                notes="An adjusting entry into a closed period rejected again and again; every "
                      "attempt gets a new draft id and a reworded memo, between re-reads of the "
                      "same invoice (period 2, renamed entities).")
    bj = _invoice_json("INV-2026-09-0988", "Brauhaus Alder KG", "V-20410",
                       [("Pils 30l keg", 24, 6890), ("Weissbier 20l keg", 4, 5440),
                        ("Delivery, Hamburg-Altona", 1, 2900)],
                       "2026-09-19", "2026-10-19", po="PO-87341")
    btotal = json.loads(bj)["total"]
    booked = btotal - 1240
    r.user_msg(0, f"INV-2026-09-0988 from Brauhaus Alder (V-20410) was booked at EUR "
                  f"{_eur(booked)} but the invoice says EUR {_eur(btotal)}. Fix the difference "
                  "and match it.")
    r.call("ledger_search", {"vendor_id": "V-20410", "date_from": "2026-09-01",
                             "date_to": "2026-09-30"})
    r.tool_out(4, json.dumps({"entries": [
        {"entry_id": "JE-2026-09-11873", "date": "2026-09-22", "account": "5400 Purchases - beverages",
         "vendor_id": "V-20410", "amount": booked, "ref": "INV-2026-09-0988", "period": "2026-09",
         "posted_by": "k.weiss"},
        {"entry_id": "JE-2026-09-10211", "date": "2026-09-08", "account": "5400 Purchases - beverages",
         "vendor_id": "V-20410", "amount": 98760, "ref": "INV-2026-09-0761", "period": "2026-09",
         "posted_by": "k.weiss"}], "next_cursor": None}, indent=1))
    t = 4
    memos = ["Correct booking of INV-2026-09-0988: +12.40 EUR (keying error)",
             "Adjustment INV-2026-09-0988 difference 1240 cents, keying error k.weiss",
             "Keying correction for Brauhaus Alder invoice 0988 (+EUR 12.40)",
             "INV-0988 booked 2318.40 vs invoice 2330.80 - correction",
             "Re-submit: correction of JE-2026-09-11873 by +1240",
             "Correction entry, Brauhaus Alder, Sept invoice 0988, diff 12.40",
             "Difference adjustment 12.40 EUR for INV-2026-09-0988",
             "Fix under-booking of INV-2026-09-0988"]
    reads = ["Let me re-read the invoice to confirm the difference before resubmitting.",
             "Double-checking the invoice total again.",
             "Re-checking the invoice amounts.",
             "Verifying the invoice once more before the next attempt.",
             "Confirming the invoice figures.", "Reviewing the invoice again.",
             "Checking the invoice.", "Re-reading the invoice."]
    for k in range(8):
        r.call("get_invoice", {"invoice_id": "INV-2026-09-0988"}, reads[k] if k else
               f"JE-2026-09-11873 is booked at {booked}. Reading the invoice to confirm the total.")
        t += rng.randint(3, 7)
        r.tool_out(t, bj)
        r.call("create_adjustment", {"entry_id": "JE-2026-09-11873", "amount": 1240,
                                     "account": "5400", "period": "2026-09", "memo": memos[k]},
               f"The invoice total is {btotal}; the ledger has {booked}, a difference of +1240 "
               "cents. "
               + ("Creating the adjusting entry in September." if k == 0 else
                  ["Submitting a corrected adjustment.", "Trying the adjustment again with a clearer memo.",
                   "Resubmitting the correction.", "Creating a fresh adjustment draft.",
                   "Posting the adjustment again.", "Submitting once more.",
                   "Re-creating the adjusting entry."][k - 1]))
        t += rng.randint(4, 10)
        draft = f"ADJ-{88412 + k * rng.randint(3, 17)}"
        r.tool_out(t, json.dumps({
            "draft_id": draft, "status": "rejected",
            "errors": [{"code": "PERIOD_LOCKED",
                        "message": "Posting period 2026-09 is locked (closed by c.ng on "
                                   "2026-10-05T17:02:11Z). Post corrections in an open period "
                                   "or ask the controller to reopen 2026-09."}],
            "workflow_run": f"wf_{rng.getrandbits(40):010x}"}, indent=1))
        if len(r.turns) >= 19:
            break
    out.append(r)

    # H1: paging through a month of ledger entries with the same tool and the next cursor.
    r = Session("invoice_reconciliation", "healthy", 3, sysmsg, INV_TOOLS, model="gpt-4.1",
                max_tokens=2000, user="fin-ops-bot",
                notes="Pagination: the same ledger_search call with the next cursor, six pages of "
                      "different entries, then matches posted and a summary.")
    r.user_msg(0, "Month-end: list every October entry on account 4980 (freight & packaging) and "
                  "match the three open Kestrel invoices INV-2026-10-0417, -0452 and -0499.")
    r.call("ledger_search", {"date_from": "2026-10-01", "date_to": "2026-10-31",
                             "vendor_id": "V-10233"}, "Pulling all October Kestrel entries.")
    t = 2
    vendors = ["V-10233"]
    amounts = [160673, 88734, 203115]
    refs = ["INV-2026-10-0417", "INV-2026-10-0452", "INV-2026-10-0499"]
    found = {}
    for page in range(6):
        rows = []
        for j in range(14):
            day = 1 + page * 5 + j // 3
            amt = rng.randint(4000, 240000)
            ref = f"DN-{rng.randint(700000, 799999)}"
            if page in (1, 3, 5) and j == 7:
                amt = amounts[page // 2]
                ref = refs[page // 2]
                found[refs[page // 2]] = f"JE-2026-10-{12000 + page * 100 + j}"
            rows.append({"entry_id": f"JE-2026-10-{12000 + page * 100 + j}",
                         "date": f"2026-10-{min(day, 31):02d}", "account": "4980 Freight & packaging",
                         "vendor_id": vendors[0], "amount": amt, "ref": ref, "period": "2026-10",
                         "cost_center": rng.choice(["CC-110 Hamburg DC", "CC-120 Munich DC",
                                                    "CC-130 Leipzig DC"])})
        nxt = None if page == 5 else f"eyJwIjo{page + 2}LCJrIjoiSkUtMjAyNi0xMC0x{rng.getrandbits(32):08x}In0"
        t += rng.randint(2, 5)
        r.tool_out(t, json.dumps({"entries": rows, "page": page + 1, "page_size": 14,
                                  "total_entries": 79, "next_cursor": nxt}, indent=1))
        if nxt:
            r.call("ledger_search", {"date_from": "2026-10-01", "date_to": "2026-10-31",
                                     "vendor_id": "V-10233", "cursor": nxt},
                   [None, f"Page 2 has {refs[0]}. Continuing.", None,
                    f"Found {refs[1]} on page 4.", None][page])
    for k, ref in enumerate(refs):
        r.call("post_match", {"invoice_id": ref, "entry_id": found[ref],
                              "note": f"amount {amounts[k]} matches exactly"},
               "All six pages read (79 entries). Posting the matches." if k == 0 else None)
        t += rng.randint(2, 4)
        r.tool_out(t, json.dumps({"invoice_id": ref, "entry_id": found[ref], "status": "matched",
                                  "matched_at": f"2026-11-02T09:{14 + k}:0{k}Z"}))
    r.say("Done. October account 4980 has 79 Kestrel entries over 6 pages. Matched:\n"
          f"- INV-2026-10-0417 -> {found[refs[0]]} (EUR {_eur(amounts[0])})\n"
          f"- INV-2026-10-0452 -> {found[refs[1]]} (EUR 887.34)\n"
          f"- INV-2026-10-0499 -> {found[refs[2]]} (EUR 2,031.15)\n"
          "No differences, so no adjustments were needed.")
    r.user_msg(t + 300, "Great. Anything on 4980 without an invoice reference?")
    r.say("Yes: all other 76 entries carry delivery-note references (DN-...) rather than invoice "
          "numbers. That is normal for Kestrel, who invoice monthly, but 11 of them are in the "
          "Leipzig cost center after 20 Oct, which is after their last invoice. I'd expect a "
          "November invoice to cover those.")
    r.user_msg(t + 420, "Ok, flag those 11 for November. Thanks.")
    out.append(r)

    # H2: a batch of matches hitting 429 rate limits; retries after the advertised delay
    # succeed.
    r = Session("invoice_reconciliation", "healthy", 4, sysmsg, INV_TOOLS, model="gpt-4o-mini",
                max_tokens=800, user="fin-ops-bot",
                notes="Posting eight matches against a rate-limited ERP: 429 with Retry-After, "
                      "the identical call retried after the delay succeeds; one call needs two "
                      "retries.")
    batch = [("INV-2026-10-0503", "JE-2026-10-13377", "Kestrel"),
             ("INV-2026-10-0511", "JE-2026-10-13402", "Brauhaus Alder"),
             ("INV-2026-10-0519", "JE-2026-10-13415", "Ostsee Fisch"),
             ("INV-2026-10-0520", "JE-2026-10-13416", "Ostsee Fisch"),
             ("INV-2026-10-0534", "JE-2026-10-13480", "Papier Lindner"),
             ("INV-2026-10-0541", "JE-2026-10-13497", "Kestrel"),
             ("INV-2026-10-0546", "JE-2026-10-13503", "Molkerei Sauer"),
             ("INV-2026-10-0550", "JE-2026-10-13511", "Molkerei Sauer")]
    r.user_msg(0, "The matching run approved these pairs, please post them:\n" +
               "\n".join(f"{a} -> {b} ({c})" for a, b, c in batch))
    t = 0
    limited = {1: 1, 2: 2, 5: 1}
    for k, (inv, je, vend) in enumerate(batch):
        args = {"invoice_id": inv, "entry_id": je, "note": f"approved pair, {vend}"}
        r.call("post_match", args, "Posting the first pair." if k == 0 else None)
        for rep in range(limited.get(k, 0)):
            t += rng.randint(1, 2)
            wait = [8, 16, 30][rep]
            r.tool_out(t, json.dumps({"error": {"status": 429, "code": "rate_limited",
                                                "message": "Too many write requests for tenant NWF-DE",
                                                "retry_after_seconds": wait}}))
            r.call("post_match", args, f"Rate limited; waiting {wait}s and retrying {inv}.")
            t += wait
        t += rng.randint(1, 3)
        r.tool_out(t, json.dumps({"invoice_id": inv, "entry_id": je, "status": "matched",
                                  "matched_at": f"2026-11-02T10:{20 + k:02d}:{rng.randint(0, 59):02d}Z"}))
    r.say("All 8 pairs posted. The ERP rate-limited three of the writes (0511 once, 0519 twice, "
          "0541 once); each went through after the advertised wait. Nothing failed.")
    r.user_msg(t + 600, "Thanks!")
    out.append(r)
    return out


# ---- seo_content_batch ----------------------------------------------------------------------

OUTDOOR_BRIEF = """Brand: Fellgate Outdoor (UK, online + 4 stores). Voice: practical, warm, a little dry; we sound like the staff member who has actually been out in the rain. British spelling. No superlatives we cannot prove ("best", "ultimate"), no exclamation marks, no "whether you're a... or a...", no "look no further". Category intros: 90-120 words, one short paragraph of who it is for and what matters when choosing, then one sentence pointing to the buying guide. Include the primary keyword once in the first sentence and once naturally later. Do not mention prices or discounts (they change)."""


@style
def seo_content_batch():
    out = []

    # R1: tool-less. A runner sends the next category each turn; from the fourth reply on the
    # model answers with the same trail-running intro, word for word.
    sysmsg = "You write category page copy for an outdoor retailer.\n\n" + OUTDOOR_BRIEF
    r = Session("seo_content_batch", "runaway", 1, sysmsg, [], model="gpt-4o-mini",
                max_tokens=600, user="seo-runner-02", begins=5, stop_by=9,
                notes="Tool-less batch: each turn names the next category, but from reply 4 on "
                      "the model returns the trail-running intro verbatim; the runner keeps "
                      "sending categories.")
    cats = ["Trail running shoes", "Waterproof jackets", "Walking poles", "Down sleeping bags",
            "Camping stoves", "Head torches", "Merino base layers", "Gaiters", "Dry bags",
            "Insulated flasks", "Hiking socks", "Map cases", "Bivvy bags", "Water filters"]
    trail = ("Trail running shoes need to do three things well: grip on wet rock and mud, "
             "protect your feet from stones without feeling like boots, and drain or dry fast "
             "when you inevitably step in a bog. Our range covers light, flexible shoes for "
             "hard-packed paths through to lugged, cushioned pairs for fell races and long days "
             "on rough ground. When choosing trail running shoes, think about where you run "
             "most, how much drop you are used to, and whether you want a waterproof membrane "
             "(warmer, slower to dry) or a mesh upper. Not sure? Our trail shoe buying guide "
             "walks through fit and lug depth.")
    firsts = {
        0: trail,
        1: ("Waterproof jackets are the one piece of kit we would not go out without, and the "
            "differences between them matter more than the labels suggest. A two-layer jacket "
            "with a mesh lining suits town and low-level walks; three-layer shells are lighter, "
            "pack smaller and breathe better on steep climbs. Look at hood adjustment, pit zips "
            "and whether the waterproof jacket is cut long enough to cover a harness or hip belt. "
            "Our jacket buying guide explains hydrostatic head and breathability figures "
            "without the marketing."),
        2: ("Walking poles take weight off your knees on descents and give you two extra points "
            "of contact on loose ground. Telescopic poles adjust for uneven terrain and pack "
            "onto a rucksack; folding Z-poles are lighter and quicker to stow, which runners and "
            "fastpackers tend to prefer. Check the locking mechanism (external lever locks are "
            "easier with cold hands), the grip material, and whether the tips take rubber paws "
            "for tarmac. Our walking pole guide covers sizing by height."),
    }
    t = 0
    for k, cat in enumerate(cats):
        r.user_msg(t, f"Next category: {cat}. Write the category intro.")
        if k == len(cats) - 1:
            break
        r.say(firsts.get(k, trail))
        t += random.Random(77 + k).randint(6, 14)
    out.append(r)

    # R2: light tool. Location landing pages; the duplicate checker rejects the York page and
    # the writer re-serves the Leeds body under new titles and slugs, reworded each time.
    sys2 = ("You are a content writer for DrainDoctor, an emergency plumbing and drainage "
            "company with engineers in Yorkshire. Write a unique landing page for each town you "
            "are given (150-250 words, local details, no invented reviews or prices) and "
            "submit it with submit_page. Pages with >70% overlap with an existing page are "
            "rejected by the publishing pipeline.")
    submit = tool("submit_page", "Submit a landing page to the CMS publishing pipeline.",
                  {"slug": s("URL path, e.g. /emergency-plumber/leeds"), "title": s("HTML title"),
                   "h1": s("Page heading"), "body_markdown": s("Body in Markdown")})
    r = Session("seo_content_batch", "runaway", 2, sys2, [submit], model="gpt-4o",
                max_tokens=1200, user="seo-runner-07", begins=4, stop_by=9,
                notes="The same page body re-served under new titles and URLs: the duplicate "
                      "check rejects York for copying Leeds, and every 'rewrite' is the Leeds text "
                      "with synonyms, a new slug and a new H1.")
    r.user_msg(0, "Towns for this batch: Leeds, York, Harrogate, Wakefield. Start with Leeds.")
    leeds = ("Blocked drain in Leeds? DrainDoctor engineers are based in Kirkstall and Hunslet, "
             "so we can usually reach LS postcodes within the hour, day or night.\n\nWe clear "
             "blocked toilets, sinks and outside drains with high-pressure jetting, and use CCTV "
             "drain surveys to find collapsed or root-damaged pipes before we dig anything up. "
             "Many of the Victorian terraces around Headingley and Armley still have clay "
             "pipework, which cracks and lets roots in; we can reline it without excavation in "
             "most cases.\n\nFor burst pipes and leaks, our plumbers carry common fittings for "
             "older and newer homes, isolate the supply and make a safe repair on the first "
             "visit wherever possible.\n\nCall 0113 496 0321 any time. You will speak to a "
             "local dispatcher, not a call centre.")
    r.call("submit_page", {"slug": "/emergency-plumber/leeds",
                           "title": "Emergency Plumber & Drain Unblocking in Leeds | DrainDoctor",
                           "h1": "24/7 emergency plumbing and drainage in Leeds",
                           "body_markdown": leeds})
    t = 21
    r.tool_out(t, json.dumps({"slug": "/emergency-plumber/leeds", "status": "published",
                              "overlap": {"max": 0.12, "with": "/drain-unblocking/bradford"},
                              "url": "https://www.draindoctor.example/emergency-plumber/leeds"}))
    variants = [
        ("/emergency-plumber/york", "Emergency Plumber & Drain Unblocking in York | DrainDoctor",
         "24/7 emergency plumbing and drainage in York",
         "Leeds published. Now York.", "York"),
        ("/york/emergency-plumbing", "York Emergency Plumbing and Drain Clearance | DrainDoctor",
         "Emergency plumbers and drain clearance across York",
         "Rejected for overlap with Leeds. Rewriting the York page with different wording.",
         "York"),
        ("/plumber-york-24-7", "24/7 Plumber in York - Blocked Drains, Leaks | DrainDoctor",
         "Your 24/7 plumber in York",
         "Still too close. Reworking the structure and title for York.", "York"),
        ("/york-drain-unblocking", "Drain Unblocking York | Fast Local Engineers | DrainDoctor",
         "Fast drain unblocking in York",
         "Trying a different angle for York, focusing on drains.", "York"),
        ("/emergency-plumbers-york", "Emergency Plumbers York | DrainDoctor",
         "Emergency plumbers in York, day and night",
         "Rewriting York again with fresh phrasing.", "York"),
        ("/york/plumbing-emergencies", "Plumbing Emergencies in York | DrainDoctor",
         "Plumbing emergencies in York",
         "Another rewrite for York.", "York"),
        ("/blocked-drains-york", "Blocked Drains York | 24 Hour Service | DrainDoctor",
         "Blocked drains in York? We are on our way",
         "New version of the York page.", "York"),
        ("/york-plumber", "York Plumber | DrainDoctor", "York plumber, 24 hours",
         "Submitting a reworded York page.", "York"),
        ("/emergency-plumber/york-city", "Emergency Plumber York City | DrainDoctor",
         "Emergency plumbing in York city",
         "Once more for York with a new slug.", "York"),
        ("/york/24-hour-plumber", "24 Hour Plumber York | DrainDoctor", "24 hour plumber in York",
         "Retrying York.", "York"),
        ("/york-emergency-drains", "York Emergency Drains | DrainDoctor",
         "Emergency drain help in York", "Trying again.", "York"),
    ]
    swaps = [{}, {"Blocked drain": "Drain blocked", "engineers are based": "team is based",
                  "within the hour": "in about an hour"},
             {"We clear": "Our engineers clear", "before we dig anything up": "before any digging",
              "Call": "Ring"},
             {"burst pipes": "burst or frozen pipes", "a safe repair": "a safe fix",
              "any time": "24/7"},
             {"Many of the": "Lots of the", "cracks and lets roots in": "can crack and let roots through"},
             {"You will speak": "You'll talk", "not a call centre": "rather than a call centre"},
             {"high-pressure jetting": "pressure jetting", "CCTV": "camera"},
             {"reline it": "line it", "in most cases": "most of the time"},
             {"older and newer homes": "old and new homes"}, {"usually": "normally"},
             {"first visit": "first call-out"}]
    for k, (slug, title, h1, why, town) in enumerate(variants):
        body = (leeds.replace("Leeds", "York").replace("Kirkstall and Hunslet", "Acomb and Heworth")
                .replace("LS postcodes", "YO postcodes").replace("Headingley and Armley",
                                                                 "Clifton and South Bank")
                .replace("0113 496 0321", "01904 496 118"))
        for kk in range(k + 1):
            for a, b in swaps[min(kk, len(swaps) - 1)].items():
                body = body.replace(a, b)
        r.call("submit_page", {"slug": slug, "title": title, "h1": h1, "body_markdown": body}, why)
        t += random.Random(300 + k).randint(25, 50)
        ov = [0.91, 0.89, 0.88, 0.9, 0.87, 0.88, 0.86, 0.89, 0.87, 0.88, 0.86][k]
        r.tool_out(t, json.dumps({"slug": slug, "status": "rejected", "reason": "duplicate_content",
                                  "overlap": {"max": ov, "with": "/emergency-plumber/leeds"},
                                  "hint": "Pages must describe the town itself: areas served, "
                                          "housing stock, access, local contact."}))
        if len(r.turns) >= 14:
            break
    out.append(r)

    # H1: a batch with one shared instruction block resent with every short item; answers
    # follow one fixed template with new content each time.
    sys3 = ("You are a product copywriter for Ridgeline Coffee Supply, a UK shop for home "
            "espresso and filter equipment. Follow the template exactly.")
    instr = ("Write product page copy for the item below using the house template:\n"
             "H1: <product name + one concrete differentiator, max 60 characters>\n"
             "Meta: <meta description, 140-155 characters, ends with a full stop>\n"
             "Bullets: <exactly three bullets, each starting with a noun, max 12 words>\n"
             "Body: <two sentences, 40-60 words, mention one use case>\n"
             "Rules: British spelling, no prices, no 'perfect', no 'elevate', no emojis, do not "
             "invent specifications that are not in the item data.\n"
             "House style (from the October brand review): we write for people who already make "
             "coffee at home and want to make it a little better, not for beginners and not for "
             "competition baristas. Prefer the concrete ('holds 40 g of beans') to the abstract "
             "('generous capacity'). One idea per sentence. Name the material when it matters "
             "(steel, glass, ceramic, Tritan) and say why it matters once. Avoid 'barista-quality', "
             "'café-style', 'game-changer', 'must-have', 'sleek', 'premium' and 'experience' as a "
             "verb. Meta descriptions are read in search results on a phone: front-load the product "
             "type and the differentiator, no brand boilerplate at the end. Bullets start with a "
             "noun so that they scan as a list of features; do not end them with full stops. The "
             "body's use case should be a real moment (a weekend brew for two, a camping trip, a "
             "busy weekday morning), not a persona. If the item data is thin, write less rather "
             "than padding.\n\nItem:\n")
    items = [
        ("Kalita Wave 185 dripper, stainless", "flat-bottom, 3 holes, fits 185 wave filters, 1-4 cups",
         "H1: Kalita Wave 185 stainless dripper with flat bed\nMeta: A flat-bottomed, three-hole "
         "stainless dripper that forgives uneven pouring and brews one to four cups of even, sweet "
         "filter coffee.\nBullets:\n- Flat bed that evens out extraction on every pour\n- Steel body "
         "that will not crack or stain\n- Capacity for one to four cups\nBody: The three small holes "
         "slow the flow so your pour does not need to be perfect. It is a good step up from a "
         "cone for anyone brewing for two at the weekend."),
        ("Comandante C40 MK4 hand grinder", "nitro-blade burrs, 40g hopper, glass jars, ~39 clicks",
         "H1: Comandante C40 MK4 grinder with nitrogen-steel burrs\nMeta: A hand grinder with "
         "hardened conical burrs and a 40 g hopper, precise enough for espresso and comfortable "
         "enough for daily filter.\nBullets:\n- Burrs in nitrogen-hardened steel, sharp for years\n"
         "- Hopper holding 40 g of beans\n- Jars in glass, so static stays low\nBody: The click "
         "dial covers everything from espresso to cold brew. Take it camping or use it as the "
         "only grinder on your counter."),
        ("Acaia Pearl scale, black", "0.1 g, flow-rate mode, 2 kg, USB-C, app", "H1: Acaia Pearl "
         "scale with live flow-rate readout\nMeta: A 0.1 g coffee scale with a built-in timer, "
         "flow-rate mode and app logging, for brewers who want to repeat the cup they liked.\n"
         "Bullets:\n- Resolution of 0.1 g up to 2 kg\n- Mode that shows pour speed live\n- Port for "
         "USB-C charging\nBody: Weigh, time and watch your pour rate on one screen. Log a recipe "
         "in the app and brew it again tomorrow."),
        ("Fellow Stagg EKG kettle, 0.9 l", "variable temperature, hold mode, gooseneck, 1200 W",
         "H1: Fellow Stagg EKG gooseneck kettle with hold mode\nMeta: A 0.9 litre gooseneck kettle "
         "that heats to the degree you set and holds it for an hour, with a spout made for slow, "
         "steady pours.\nBullets:\n- Control of temperature to the single degree\n- Mode that holds "
         "heat for 60 minutes\n- Spout shaped for a thin, steady stream\nBody: Set 93 degrees for a "
         "light roast or 85 for green tea. The counterweighted handle keeps long pours steady."),
        ("Hario V60 02 ceramic, white", "cone, spiral ribs, single large hole, 1-4 cups",
         "H1: Hario V60 02 ceramic cone with spiral ribs\nMeta: The classic cone dripper in "
         "ceramic, with a single large hole that lets your pouring speed decide how the cup "
         "tastes.\nBullets:\n- Cone with spiral ribs for steady airflow\n- Ceramic that holds heat "
         "when pre-warmed\n- Size 02 for one to four cups\nBody: Fast pours bring out brightness, "
         "slow pours add body. A favourite of people who like to tinker with a recipe."),
        ("Baratza Encore ESP grinder", "40 mm conical burrs, 40 settings, dual-range adjustment",
         "H1: Baratza Encore ESP with dual-range espresso dial\nMeta: An electric conical grinder "
         "with fine micro-steps for espresso and wider steps for filter, in a compact and "
         "repairable body.\nBullets:\n- Burrs, conical, 40 mm\n- Range split into espresso and "
         "filter steps\n- Parts sold separately for easy repair\nBody: Dial in an espresso shot in "
         "small steps, then jump to a French press setting in seconds. Built to be fixed rather "
         "than replaced."),
        ("Aeropress Clear", "Tritan copolymer, 1-3 cups, 350 paper filters included",
         "H1: Aeropress Clear in shatterproof see-through Tritan\nMeta: The Aeropress brewer in a "
         "clear, shatterproof Tritan body, so you can watch the bloom and the plunge. Includes 350 "
         "filters.\nBullets:\n- Body in clear Tritan that survives drops\n- Brew of one to three "
         "cups\n- Pack of 350 paper filters included\nBody: Watch the coffee steep and see exactly "
         "when to press. It travels well and cleans in seconds under the tap."),
        ("Knock Aergrind", "38 mm burrs, fits inside an Aeropress, stepless", "H1: Knock Aergrind "
         "travel grinder that nests in an Aeropress\nMeta: A compact hand grinder with 38 mm "
         "conical burrs and stepless adjustment, designed to slide inside an Aeropress for "
         "travel.\nBullets:\n- Burrs, 38 mm, cutting evenly for filter\n- Adjustment that is "
         "stepless\n- Shape that nests inside an Aeropress\nBody: Pack a grinder and a brewer in "
         "the space of one. Built in Scotland and fully serviceable."),
        ("Cafec Abaca filters, cone 02, 100 pack", "abaca fibre, bleached, medium flow",
         "H1: Cafec Abaca cone filters, 100 pack, size 02\nMeta: Filter papers made with abaca "
         "fibre for a clean cup and a consistent medium flow, sized for 02 cone drippers.\n"
         "Bullets:\n- Fibre from abaca for a clean, papery-free taste\n- Flow that stays "
         "consistent pack to pack\n- Pack of 100, size 02\nBody: Rinse once and brew. A simple "
         "upgrade if your current papers taste of cardboard."),
        ("Timemore Black Mirror Basic 2 scale", "0.1 g, 2 kg, auto-timer, USB-C",
         "H1: Timemore Black Mirror 2 scale with auto-start timer\nMeta: A slim 0.1 g coffee scale "
         "with a timer that starts on your first pour, rechargeable over USB-C.\nBullets:\n- Timer "
         "that starts when the first drip lands\n- Capacity of 2 kg at 0.1 g\n- Battery charged "
         "over USB-C\nBody: Slim enough to fit under most espresso machines. One less button "
         "to think about during a pour-over."),
        ("Chemex 6-cup classic", "borosilicate glass, wood collar, leather tie, 900 ml",
         "H1: Chemex 6-cup classic brewer with wooden collar\nMeta: The 900 ml borosilicate glass "
         "brewer with a polished wood collar, making clean, bright coffee for three to four "
         "people.\nBullets:\n- Glass that does not hold flavours\n- Collar in polished wood with "
         "leather tie\n- Capacity of 900 ml\nBody: Thick Chemex filters remove most oils for a very "
         "clean cup. Brew for the table at Sunday breakfast."),
        ("Fellow Atmos canister, 0.7 l, matte black", "vacuum seal, twist lid, stainless",
         "H1: Fellow Atmos vacuum canister, 0.7 l, matte black\nMeta: A stainless canister that "
         "pulls a vacuum with a few twists of the lid, keeping roasted beans fresher for "
         "longer.\nBullets:\n- Seal made by twisting the lid\n- Steel body that blocks light\n- "
         "Capacity for about 250 g of beans\nBody: Air is what stales coffee, so this removes it. "
         "Handy if you buy a bag every fortnight."),
    ]
    r = Session("seo_content_batch", "healthy", 3, sys3, [], model="claude-sonnet-4-20250514",
                max_tokens=700, user="seo-runner-11",
                notes="Batch: the same long instruction block resent with each short item, and "
                      "answers that follow one rigid template (H1/Meta/Bullets/Body) with new "
                      "content every time.")
    t = 0
    for k, (name, data, copy) in enumerate(items):
        r.user_msg(t, instr + f"Name: {name}\nData: {data}\nSKU: RCS-{1400 + k * 7}")
        r.say(copy)
        t += random.Random(500 + k).randint(9, 25)
    r.user_msg(t, "That's the batch. Which of the twelve bullets sets break the 'start with a noun' "
                  "rule most awkwardly? Just list the SKUs.")
    out.append(r)

    # H2: tool-less; "continue" every turn, and every reply is the next new section.
    sys4 = ("You are writing a long-form pillar page for HeatWise, a UK installer of air source "
            "heat pumps. Audience: homeowners in older houses. Plain English, honest about "
            "downsides, British spelling. Write one section per reply; the user will say "
            "'continue' for the next.")
    secs = [
        "## What a heat pump actually does\nAn air source heat pump moves heat rather than making "
        "it. A fan draws outside air over a coil filled with refrigerant, which boils at very low "
        "temperatures, and a compressor squeezes that vapour until it is hot enough to heat your "
        "radiators and hot water. Even at minus five outside there is usable heat in the air, "
        "which is why a well-designed system can deliver three units of heat for every unit of "
        "electricity it uses.",
        "## Will it work in an old house?\nUsually yes, but the design matters more than the "
        "brand. Older houses lose heat faster, so the system has to be sized from a room-by-room "
        "heat loss survey, not from the size of your old boiler. Solid walls, single glazing and "
        "draughty floors are not deal-breakers, but fixing the cheapest of them first (loft "
        "insulation, draught-proofing) can shrink the heat pump you need and the running costs.",
        "## Radiators and flow temperature\nHeat pumps are most efficient when they send water "
        "round the house at 35-50 degrees rather than the 70 a boiler uses. That means some "
        "radiators may need to be larger. In a typical three-bed semi we replace three or four, "
        "often the ones in rooms that were always a bit chilly anyway. Microbore pipework is "
        "worth checking early, because it can limit flow.",
        "## Hot water and the cylinder\nMost homes with a combi boiler will need a hot water "
        "cylinder again, usually 150-250 litres, and somewhere to put it: an airing cupboard, a "
        "loft with a strong floor, or a slim unit in a utility room. The cylinder is heated "
        "once or twice a day, and a weekly higher-temperature cycle keeps legionella in check.",
        "## Noise and where the unit goes\nThe outdoor unit sounds like a fridge or a quiet fan, "
        "around 40-45 dB at a few metres. It needs free airflow, a solid base and a route for "
        "condensate to drain. Permitted development rules in England require it to be at least a "
        "metre from your boundary; Scotland and Wales have their own versions.",
        "## Running costs, honestly\nWhether you save money depends on your old fuel, the "
        "electricity tariff and how well the system is designed. Replacing an old oil or LPG "
        "boiler usually saves money; replacing efficient mains gas is closer to break-even "
        "unless you move to a heat pump tariff. We will show you our assumptions so you can "
        "check them.",
        "## Grants\nIn England and Wales the Boiler Upgrade Scheme pays a grant directly to the "
        "installer, which we deduct from your quote. You need a valid EPC without outstanding "
        "loft or cavity insulation recommendations. Scotland has its own grant and interest-free "
        "loan through Home Energy Scotland.",
        "## What installation week looks like\nMost installs take three to five days. Day one is "
        "usually the outdoor unit and cylinder, then radiators and pipework, then commissioning. "
        "You will have no heating for a day or two, so we avoid the coldest weeks when we can "
        "and leave electric heaters if needed.",
        "## Living with it\nA heat pump works best left on, running low and steady, rather than "
        "blasting heat for two hours in the morning. Expect radiators to feel warm rather than "
        "hot. Weather compensation adjusts the flow temperature for you, and the first winter is "
        "when we fine-tune the settings with you.",
        "## Maintenance\nAn annual service covers refrigerant pressures, the filter in the water "
        "circuit, the condensate drain and a software check. Keep leaves and snow clear of the "
        "outdoor unit. Most manufacturers give a 7-10 year warranty when the system is "
        "registered and serviced.",
        "## Questions to ask any installer\nAsk for the heat loss figures per room, the design "
        "flow temperature, the expected seasonal efficiency (SCOP), which radiators change and "
        "why, where the cylinder goes, and who to call in January if it stops. A good installer "
        "answers all of these in writing.",
    ]
    r = Session("seo_content_batch", "healthy", 4, sys4, [], model="gpt-4.1",
                max_tokens=900, user="seo-runner-11",
                notes="Tool-less 'continue' session: the user message is the same word every "
                      "turn, and every reply is a new section of one long page.")
    r.user_msg(0, "Topic: 'Air source heat pumps for older homes: a straight-talking guide'. "
                  "Start with the first section.")
    t = 0
    for k, sec in enumerate(secs):
        r.say(sec)
        t += random.Random(700 + k).randint(20, 60)
        r.user_msg(t, "continue")
    r.say("## Summary\nHeat pumps suit most older homes when they are designed from a proper "
          "heat loss survey, paired with the right radiators and run low and slow. The upfront "
          "work is the hard part; after that they are quiet, low-maintenance and ready for a "
          "grid that is getting cleaner every year.")
    r.user_msg(t + 50, "Good. Now give me a 155-character meta description for the whole page.")
    out.append(r)
    return out


# ---- chatops_deploy -------------------------------------------------------------------------

OPS_TOOLS = [
    tool("pipeline_status", "Status of a CD pipeline run (stages, gates, rollout progress).",
         {"pipeline": s("Pipeline name, e.g. payments-api-prod"), "run_id": s("Run id")}),
    tool("start_rollout", "Start a rollout of a version, optionally as a canary.",
         {"service": s("Service name"), "version": s("Image tag"),
          "strategy": {"type": "string", "enum": ["rolling", "canary", "blue_green"]},
          "canary_percent": i("Traffic share for a canary")}, required=["service", "version", "strategy"]),
    tool("rollback", "Roll a service back to a previous version.",
         {"service": s("Service name"), "to_version": s("Image tag")}),
    tool("get_metrics", "Golden signals for a service over a window from the metrics backend.",
         {"service": s("Service name"), "window": s("e.g. 5m, 1h")}),
    tool("post_message", "Post a message in a chat channel.",
         {"channel": s("e.g. #deploys"), "text": s("Message text, Slack mrkdwn")}),
]


@style
def chatops_deploy():
    out = []
    rng = random.Random(4410)
    sysmsg = ("You are shipbot, the deployment assistant in the #deploys channel at Larkspur Pay. "
              "You drive the CD pipeline (Argo Rollouts behind it) with your tools. Always check "
              "status before acting, never skip a manual gate, and post a short summary to "
              "#deploys when a rollout finishes or fails. Times are UTC.")

    # R1: polling a gate that never opens.
    r = Session("chatops_deploy", "runaway", 1, sysmsg, OPS_TOOLS, model="gpt-4.1-mini",
                max_tokens=500, user="u-dkovacs", begins=5, stop_by=14,
                notes="Polling a manual approval gate that nobody approves: the same status "
                      "every minute (only the server time moves) for half an hour.")
    r.user_msg(0, "@shipbot deploy payments-api 2.14.0 to prod, normal rolling strategy")
    r.call("start_rollout", {"service": "payments-api", "version": "2.14.0", "strategy": "rolling"})
    t = 4
    r.tool_out(t, json.dumps({"pipeline": "payments-api-prod", "run_id": "run-88121",
                              "status": "created", "next_stage": "manual-approval"}))
    r.call("pipeline_status", {"pipeline": "payments-api-prod", "run_id": "run-88121"},
           "Run run-88121 created. Checking the pipeline.")
    for k in range(22):
        t += 60 + rng.randint(0, 4)
        hh, mm, ss = 14 + (t + 1920) // 3600, ((t + 1920) % 3600) // 60, (t + 1920) % 60
        r.tool_out(t, json.dumps({
            "pipeline": "payments-api-prod", "run_id": "run-88121", "version": "2.14.0",
            "stages": [{"name": "build", "status": "succeeded", "finished_at": "2026-11-04T13:58:12Z"},
                       {"name": "integration-tests", "status": "succeeded",
                        "finished_at": "2026-11-04T14:21:40Z"},
                       {"name": "manual-approval", "status": "waiting",
                        "required_approvers": ["@payments-leads"], "approvals": 0,
                        "waiting_since": "2026-11-04T14:32:00Z"},
                       {"name": "rollout-prod", "status": "pending"}],
            "server_time": f"2026-11-04T{hh:02d}:{mm:02d}:{ss:02d}Z"}, indent=1))
        if len(r.turns) >= 24:
            break
        r.call("pipeline_status", {"pipeline": "payments-api-prod", "run_id": "run-88121"},
               "Still waiting for approval from @payments-leads. Checking again in a minute."
               if k % 3 else "Manual approval still pending (0 of 1 approvals). I'll keep checking.")
    out.append(r)

    # R2: two agents hand the same canary back and forth; each restart gets new rollout and
    # pod names (renamed entities).
    sys2 = sysmsg + (" You work with canary-analyst, another agent, who posts verdicts in the "
                     "channel; promote only on a PASS verdict.")
    r = Session("chatops_deploy", "runaway", 2, sys2, OPS_TOOLS, model="claude-sonnet-4-20250514",
                max_tokens=700, user="u-amensah", begins=5, stop_by=11,
                notes="Two agents hand the same canary back and forth: shipbot restarts it, the "
                      "analyst says inconclusive (too little traffic at 5%) and asks for a restart; "
                      "rollout ids, pod names and request counts change every round.")
    r.user_msg(0, "@shipbot canary checkout-web 5.2.0 at 5%, canary-analyst will judge it.")
    t = 0
    for k in range(8):
        r.call("start_rollout", {"service": "checkout-web", "version": "5.2.0",
                                 "strategy": "canary", "canary_percent": 5},
               None if k == 0 else ["Restarting the canary as requested.",
                                    "Starting a fresh canary for 5.2.0.",
                                    "OK, new canary run.", "Restarting canary.",
                                    "Fresh canary started below.", "Restarting.",
                                    "New canary."][(k - 1) % 7])
        t += rng.randint(20, 40)
        ro = f"ro-{rng.getrandbits(24):06x}"
        pod = f"checkout-web-canary-{rng.getrandbits(32):08x}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}"
        r.tool_out(t, json.dumps({"rollout_id": ro, "service": "checkout-web", "version": "5.2.0",
                                  "strategy": "canary", "canary_percent": 5,
                                  "canary_pods": [pod], "analysis_window": "10m",
                                  "status": "progressing"}))
        r.say(f"@canary-analyst canary {ro} for checkout-web 5.2.0 is live at 5% (pod {pod}). "
              "Please evaluate after the 10 minute window.")
        t += 600 + rng.randint(5, 40)
        reqs = rng.randint(180, 420)
        r.user_msg(t, f"[canary-analyst] Verdict for {ro}: INCONCLUSIVE. Only {reqs} requests hit "
                      f"the canary in the window (minimum 1000 for significance); error rate "
                      f"{rng.randint(0, 3) / 10:.1f}% vs baseline 0.2%, p95 "
                      f"{rng.randint(280, 330)}ms vs {rng.randint(285, 320)}ms. @shipbot please "
                      "restart the canary so I can collect a clean sample.")
        if len(r.turns) >= 17:
            break
    out.append(r)

    # H1: a rollout poller whose numbers move (sometimes standing still for a poll) and finish.
    r = Session("chatops_deploy", "healthy", 3, sysmsg, OPS_TOOLS, model="gpt-4o",
                max_tokens=500, user="u-dkovacs",
                notes="A rolling deploy polled every ~40 s: replica counts and percentages move "
                      "(twice standing still for one poll while images pull), then it completes "
                      "and a summary is posted.")
    r.user_msg(0, "@shipbot roll ledger-sync 3.7.2 out to prod (rolling), approvals are done")
    r.call("start_rollout", {"service": "ledger-sync", "version": "3.7.2", "strategy": "rolling"})
    t = 5
    r.tool_out(t, json.dumps({"pipeline": "ledger-sync-prod", "run_id": "run-88307",
                              "status": "rolling", "replicas": 24}))
    r.call("pipeline_status", {"pipeline": "ledger-sync-prod", "run_id": "run-88307"},
           "Rollout started (run-88307, 24 replicas). Watching progress.")
    prog = [(0, 0, 2), (3, 2, 3), (3, 2, 3), (6, 5, 2), (10, 9, 2), (10, 9, 3), (14, 13, 2),
            (19, 18, 2), (22, 21, 2), (24, 24, 0)]
    for k, (upd, ready, unavail) in enumerate(prog):
        t += 38 + rng.randint(0, 9)
        done = upd == 24 and ready == 24
        r.tool_out(t, json.dumps({
            "pipeline": "ledger-sync-prod", "run_id": "run-88307", "version": "3.7.2",
            "stage": "rollout-prod", "status": "succeeded" if done else "progressing",
            "replicas": {"desired": 24, "updated": upd, "ready": ready,
                         "unavailable": unavail, "old": 24 - upd},
            "progress_percent": round(100 * ready / 24),
            "message": "rollout complete" if done else
                       ("waiting for new pods to become ready (pulling image "
                        "registry.larkspur.internal/ledger-sync:3.7.2)" if ready == 2 or ready == 9
                        else "scaling up new replica set")}, indent=1))
        if done:
            break
        r.call("pipeline_status", {"pipeline": "ledger-sync-prod", "run_id": "run-88307"},
               f"{ready}/24 ready." if k % 2 == 0 else None)
    r.call("post_message", {"channel": "#deploys", "text": ":white_check_mark: ledger-sync 3.7.2 "
                            "rolled out to prod, 24/24 ready, run-88307, no restarts."},
           "All 24 replicas updated and ready. Posting the summary.")
    t += 3
    r.tool_out(t, json.dumps({"ok": True, "channel": "#deploys", "ts": "1762267391.004200"}))
    r.say("Done: ledger-sync 3.7.2 is live on all 24 replicas; summary posted in #deploys.")
    r.user_msg(t + 120, "thanks shipbot")
    out.append(r)

    # H2: a scheduled post-deploy watch: every five minutes the same check, 'all green' with
    # new timestamps and metrics, then the watch closes.
    r = Session("chatops_deploy", "healthy", 4, sysmsg, OPS_TOOLS, model="gpt-4.1",
                max_tokens=500, user="scheduler",
                notes="A monitoring schedule: every 5 minutes the scheduler asks for the same "
                      "check; metrics and timestamps change, the verdict is always all green, and "
                      "the watch closes after the sixth check.")
    t = 0
    for k in range(6):
        hhmm = f"15:{5 + 5 * k:02d}"
        r.user_msg(t, f"[scheduler] {hhmm} UTC: post-deploy check {k + 1}/6 for payments-api "
                      "2.14.0 (deployed 15:00). Compare with the 1h baseline and post to #deploys.")
        r.call("get_metrics", {"service": "payments-api", "window": "5m"})
        t += rng.randint(2, 5)
        rps = rng.randint(410, 470)
        err = rng.randint(8, 16) / 100
        p50, p99 = rng.randint(38, 44), rng.randint(290, 360)
        cpu = rng.randint(41, 58)
        r.tool_out(t, json.dumps({
            "service": "payments-api", "window": "5m", "version": "2.14.0",
            "as_of": f"2026-11-04T{hhmm}:0{rng.randint(0, 9)}Z",
            "requests_per_second": rps, "error_rate_percent": err,
            "latency_ms": {"p50": p50, "p95": rng.randint(150, 210), "p99": p99},
            "saturation": {"cpu_percent": cpu, "memory_percent": rng.randint(61, 66),
                           "db_pool_in_use": rng.randint(18, 31)},
            "baseline_1h": {"requests_per_second": 441, "error_rate_percent": 0.13,
                            "latency_ms": {"p50": 41, "p95": 178, "p99": 338}},
            "alerts_firing": []}, indent=1))
        msg = (f":large_green_circle: payments-api 2.14.0 check {k + 1}/6 ({hhmm}): all green. "
               f"{rps} rps, errors {err:.2f}% (baseline 0.13%), p99 {p99} ms (baseline 338), "
               f"CPU {cpu}%.")
        if k == 5:
            msg += " Watch closed."
        r.call("post_message", {"channel": "#deploys", "text": msg})
        t += 2
        r.tool_out(t, json.dumps({"ok": True, "channel": "#deploys",
                                  "ts": f"17622{rng.randint(60000, 69999)}.00{rng.randint(1000, 9999)}"}))
        r.say(f"Check {k + 1}/6 posted: all green." + (" The post-deploy watch is complete."
                                                        if k == 5 else ""))
        t = 300 * (k + 1) + rng.randint(0, 4)
    r.user_msg(t, "[scheduler] 15:35 UTC: watch finished. Close the deploy ticket DEP-4471 "
                  "with a one-line summary.")
    out.append(r)
    return out


# ---- recruiting_screen ----------------------------------------------------------------------

RUBRIC = """Role: Senior Backend Engineer (Payments), Lisbon or remote within EU time zones +/-2h.
Scoring rubric (each 1-4, 4 = strong evidence in the CV):
1. Production backend experience: 5+ years building and operating services (Go, Java, Kotlin or Rust; Python counts if services were high-throughput).
2. Payments / money-movement domain: card processing, ledgers, reconciliation, PSD2/SCA, idempotency.
3. Reliability: on-call, incident ownership, observability, capacity planning.
4. Data: relational modelling, Postgres at scale, migrations without downtime.
5. Collaboration: mentoring, design docs, cross-team work.
Hard requirements (do not score, just check): right to work in the EU or willingness to relocate to Lisbon with our visa sponsorship (we sponsor); English at professional level.
Decision: ADVANCE if total >= 14 and no hard requirement fails; HOLD if 11-13; REJECT below 11.
Do not consider or mention age, gender, nationality, photos, marital status or gaps explained by caregiving or health. Be specific: cite the CV line that justifies each score."""

REC_TOOLS = [
    tool("fetch_cv", "Fetch a candidate's CV as extracted text from the ATS.",
         {"candidate_id": s("ATS id, e.g. C-1047")}),
    tool("request_reupload", "Ask the candidate (by email from the ATS) to upload a new CV file.",
         {"candidate_id": s("ATS id"), "reason": s("Shown to the candidate")}),
    tool("upload_status", "Check whether a candidate has uploaded a new document.",
         {"candidate_id": s("ATS id")}),
    tool("record_score", "Save a rubric scorecard for a candidate in the ATS.",
         {"candidate_id": s("ATS id"),
          "scores": {"type": "object", "description": "rubric item -> 1..4",
                     "additionalProperties": {"type": "integer"}},
          "decision": {"type": "string", "enum": ["ADVANCE", "HOLD", "REJECT"]},
          "justification": s("One line per score, citing the CV")}),
]

HANDBOOK = """LARKSPUR PAY - HIRING HANDBOOK (v7, October 2026). Internal. Owner: People Team.

1. Purpose and scope
This handbook explains how Larkspur Pay hires permanent and fixed-term employees in Portugal, Spain, Germany and the Netherlands, and contractors engaged through our employer-of-record partner in other EU countries. It applies to every hiring manager, interviewer, recruiter and coordinator. Where local law is stricter than this handbook, local law wins, and the People Team will tell you how.

2. Principles
We hire for evidence, not impressions. Every stage has a written rubric agreed before the role opens, every interviewer scores independently before seeing other scores, and every decision is recorded with the evidence behind it. We do not ask for, record or discuss age, gender identity, sexual orientation, nationality, ethnic origin, religion, disability, pregnancy, marital or family status, or photographs. If a candidate volunteers such information, do not write it down.

3. Opening a role
3.1 The hiring manager writes a role profile: outcomes for the first 6 and 12 months, the level on the engineering or business ladder, the location policy and the salary band. The People Partner checks the band against the published ranges before the role is advertised.
3.2 Every advert states the salary band. Adverts use the inclusive-language checker and avoid requirements that are not needed on day one (e.g. a degree, unless regulated).
3.3 Roles may be remote within EU time zones plus or minus two hours of Lisbon, unless the role profile explains why presence is needed (e.g. data-centre access, regulated functions).

4. Screening
4.1 Recruiters screen CVs against the rubric only. A CV screen takes a score per rubric item from 1 to 4 and a decision: ADVANCE, HOLD or REJECT. HOLD is for candidates within two points of the threshold; they are reviewed weekly by the hiring manager.
4.2 Automated assistants may draft scorecards. A human recruiter must review every REJECT drafted by an assistant before the candidate is notified, and any assistant output that cites information outside the CV must be discarded.
4.3 Career gaps are not scored. Do not ask candidates to explain gaps.
4.4 Referrals go through the same rubric. The referrer's opinion is recorded separately and is not part of the score.

5. Interviews
5.1 The standard loop for engineering is: recruiter call (30 min), technical screen (60 min, pair programming on a realistic task, candidate's own editor allowed), system design (60 min), and a values and collaboration interview (45 min). Senior and staff roles add a 30 minute conversation with a director.
5.2 Interviewers receive the rubric and the questions 48 hours before. They submit scores within 24 hours, before the debrief, in the ATS. Late scores are marked and do not count for the first debrief.
5.3 Take-home assignments are optional and capped at 3 hours. Candidates who choose a take-home instead of the live technical screen are paid a flat EUR 150 for their time.
5.4 Candidates may request adjustments (extra time, written rather than verbal questions, breaks, camera off). Grant reasonable adjustments without asking for a medical reason.

6. Right to work and relocation
6.1 We sponsor work visas for roles at level 3 and above in Portugal (Tech Visa programme) and the Netherlands (highly skilled migrant). We do not sponsor in Spain or Germany at present; candidates there need existing work authorisation.
6.2 Relocation support for sponsored hires: a fixed allowance of EUR 6,000 (gross), temporary housing for up to 30 nights, immigration legal fees paid directly, and a Portuguese or Dutch language course budget of EUR 800 in the first year.
6.3 Right-to-work documents are checked by the People Team after the offer is accepted, never before or during interviews.

7. Compensation and offers
7.1 Offers are made within the advertised band. The hiring manager may propose the top quartile of the band with evidence from at least two interview scores of 4; above the band requires VP approval and a written reason.
7.2 Equity: eligible roles receive options vesting over four years with a one-year cliff. The number is set by level, not negotiated individually.
7.3 Sign-on bonuses are allowed only to compensate for a documented forfeited bonus at the current employer, up to EUR 15,000.
7.4 Verbal offers are followed by a written offer within two working days. Candidates have at least five working days to decide.

8. References and background checks
8.1 We take two references after a verbal offer, with the candidate's consent; one should be a former manager. References are asked the same six questions, recorded in the ATS.
8.2 Roles with access to production payment data require a criminal-record certificate as permitted by local law. The check is done after the offer, by the People Team, and a record is only relevant if it relates to fraud, financial crime or data misuse within the last ten years.

9. Interview expenses
9.1 We pay economy travel and one night's accommodation for on-site final interviews, booked by the coordinator. Candidates who book themselves are reimbursed within 14 days on receipts, up to EUR 450 within the EU.
9.2 Remote interviews: we do not pay for equipment but we will lend a headset on request.

10. Candidate data
10.1 CVs and interview notes of rejected candidates are deleted 12 months after the decision, unless the candidate agrees to stay in our talent pool for up to 24 months.
10.2 Candidates can ask for a copy of their data or deletion at any time via privacy@larkspurpay.example. The People Team responds within 30 days.
10.3 Never paste CVs into tools that are not approved by Security. Approved: the ATS, the ATS screening assistant, Google Workspace.

11. Internal candidates
Internal applicants are interviewed on the same loop with the same rubric. Their current manager is informed only when they reach the final stage, and may not sit on the panel.

12. Feedback to candidates
Every candidate who reaches an interview receives written feedback within 5 working days of the decision: two strengths and up to two areas to develop, based on rubric evidence. Recruiters do not share other candidates' information, scores or the number of applicants.

13. Escalation
Concerns about fairness, discrimination or a process breach go to the People Partner or, anonymously, to the ethics line. Retaliation against anyone who raises a concern is a disciplinary matter.
"""


def _cv(name, years, lines):
    return f"{name}\n{years}\n\n" + "\n".join(lines)


@style
def recruiting_screen():
    out = []
    rng = random.Random(5521)
    sysmsg = ("You are the screening assistant in Larkspur Pay's ATS. You draft CV scorecards "
              "against the rubric below for the recruiter to review. Ask the recruiter when "
              "something in the rubric is genuinely ambiguous; otherwise score.\n\n" + RUBRIC)

    # R1: tool-less; the assistant asks the same clarifying question again and again in new
    # words and never scores.
    cv1 = _cv("Candidate C-2291 (name withheld)", "Backend engineer, 7 years", [
        "2021-now  Staff engineer, Ninepoint (Nairobi): mobile-money ledger in Kotlin, 1.2k TPS; "
        "designed idempotent transfer API; led incident reviews; on-call lead.",
        "2018-2021 Backend engineer, Tala (remote): loan disbursement services in Java, Postgres "
        "(4 TB), zero-downtime migrations with pg_repack and dual writes.",
        "2016-2018 Developer, Andela: Python/Django services for client projects.",
        "Mentored 6 engineers; wrote the ledger RFC adopted across 3 teams.",
        "English (professional), Swahili (native). Open to relocation.",
        "BSc Computer Science, University of Nairobi."])
    r = Session("recruiting_screen", "runaway", 1, sysmsg, [], model="gpt-4o", max_tokens=700,
                user="rec-jalves", begins=3, stop_by=8,
                notes="Tool-less: the assistant keeps asking, reworded, whether a candidate "
                      "outside the EU who is willing to relocate meets the right-to-work "
                      "requirement, although the rubric and the recruiter both answer it.")
    r.user_msg(0, "Please score this CV.\n\n" + cv1)
    asks = [
        "Before I score: the CV says the candidate is based in Nairobi and open to relocation. "
        "Does that satisfy the hard requirement on right to work, or should they be rejected?",
        "Thanks. Just to be sure I apply the rule correctly: for a candidate currently outside "
        "the EU who says they are open to relocation, is the right-to-work requirement met?",
        "Understood. One more check before scoring: should 'open to relocation' be treated as "
        "willingness to relocate to Lisbon with sponsorship, which would meet the requirement?",
        "Sorry to ask again - I want to avoid an unfair rejection. Can you confirm that a non-EU "
        "candidate who is willing to relocate passes the right-to-work check?",
        "To make sure I interpret the hard requirement correctly: does relocation willingness "
        "count as meeting it for someone without EU work authorisation today?",
        "Could you clarify whether the work-authorisation requirement is satisfied for a "
        "candidate in Kenya who states they are open to relocating?",
        "Before I proceed with the scores, please confirm: is this candidate's willingness to "
        "relocate enough for the right-to-work requirement?",
        "Just confirming the right-to-work point once more: relocation-willing, currently "
        "outside the EU - pass or fail?",
        "I'd like to double-check the hard requirement: does 'open to relocation' meet it?",
        "Can you confirm the right-to-work requirement is met by willingness to relocate?",
        "To be certain: is relocation willingness sufficient for the work authorisation check?",
        "Please confirm whether relocation willingness satisfies the right-to-work requirement.",
    ]
    answers = [
        "Yes, the rubric says willingness to relocate to Lisbon with our sponsorship is fine. "
        "We sponsor. Please score.",
        "Yes. Same answer: relocation + sponsorship meets it. Score the CV please.",
        "Yes, correct. Please just score now.",
        "Confirmed, it passes. Scores please.",
        "YES. It is in the rubric. Score it.",
        "It passes. Please give me the five scores and the decision.",
        "Passes. Scores.",
        "I've answered this. Score the CV.",
        "Yes.",
        "yes",
        "Please stop asking and score.",
    ]
    t = 0
    for k in range(12):
        r.say(asks[k])
        t += rng.randint(30, 120)
        if k == 11:
            break
        r.user_msg(t, answers[k])
        if len(r.turns) >= 13:
            break
    out.append(r)

    # R2: cycle of period 3 - fetch (encrypted PDF, no text), ask for a re-upload, the status
    # says a new file arrived (the same protected PDF), fetch again ...
    r = Session("recruiting_screen", "runaway", 2, sysmsg, REC_TOOLS, model="gpt-4.1-mini",
                max_tokens=600, user="rec-jalves", begins=5, stop_by=11,
                notes="A period-3 cycle: fetch_cv fails on a password-protected PDF, the agent "
                      "asks for a re-upload, the status says a new file arrived (the same "
                      "protected file again), fetch fails again; email ids and upload times change.")
    r.user_msg(0, "Next in the queue: C-1047. Screen and record the scorecard.")
    t = 0
    ask_txt = ["Your CV could not be read because the PDF is password-protected. Please upload "
               "a version without a password (PDF or DOCX).",
               "We still cannot open your CV: the file is protected. Please upload an unprotected copy.",
               "The uploaded CV is password-protected and cannot be read. Please upload it "
               "without protection.",
               "Your CV file is encrypted; please upload an unencrypted version.",
               "We were unable to open the file you uploaded (password-protected). Please re-upload.",
               "Please upload your CV without a password so we can review it."]
    for k in range(6):
        r.call("fetch_cv", {"candidate_id": "C-1047"},
               None if k == 0 else "A new file is there. Fetching it.")
        t += rng.randint(2, 5)
        r.tool_out(t, json.dumps({"candidate_id": "C-1047", "status": "error",
                                  "error": {"code": "EXTRACTION_FAILED",
                                            "detail": "PDF is encrypted (AES-256, user password "
                                                      "set); no text could be extracted",
                                            "file": "CV_final_v3.pdf", "size_bytes": 184331}}))
        r.call("request_reupload", {"candidate_id": "C-1047", "reason": ask_txt[k]},
               "The CV is a password-protected PDF. Asking the candidate for an unprotected copy.")
        t += rng.randint(2, 5)
        r.tool_out(t, json.dumps({"candidate_id": "C-1047", "status": "email_sent",
                                  "message_id": f"<ats-{rng.getrandbits(40):010x}@mail.larkspurpay.example>"}))
        r.call("upload_status", {"candidate_id": "C-1047"}, "Checking for the new upload.")
        t += rng.randint(300, 900)
        r.tool_out(t, json.dumps({"candidate_id": "C-1047", "new_document": True,
                                  "file": "CV_final_v3.pdf", "size_bytes": 184331,
                                  "uploaded_at": f"2026-11-05T{9 + t // 3600:02d}:{(t // 60) % 60:02d}:"
                                                 f"{t % 60:02d}Z"}))
        if len(r.turns) >= 17:
            break
    out.append(r)

    # H1: a batch of CVs, one clarifying question answered, a scorecard per candidate with
    # the same structure and different evidence.
    r = Session("recruiting_screen", "healthy", 3, sysmsg, REC_TOOLS, model="claude-sonnet-4-20250514",
                max_tokens=900, user="rec-mfonseca",
                notes="Batch screening: short CVs one by one, one clarifying question that is "
                      "answered, and a record_score call per candidate in the same template with "
                      "different evidence and decisions.")
    cands = [
        ("C-3310", _cv("C-3310", "Software engineer, 6 years", [
            "2022-now Senior engineer, Adyen-like PSP (Amsterdam): card authorisation service in "
            "Java, 3DS2/SCA flows, on-call.",
            "2019-2022 Engineer, Bol: order service in Kotlin, Postgres partitioning.",
            "Dutch work permit (EU citizen). English C2."]),
         {"backend": 4, "payments": 4, "reliability": 3, "data": 3, "collaboration": 2}, "ADVANCE",
         "backend 4: 6y Java/Kotlin services; payments 4: card auth + 3DS2/SCA; reliability 3: "
         "on-call; data 3: Postgres partitioning; collaboration 2: no mentoring or design docs listed."),
        ("C-3314", _cv("C-3314", "Full-stack developer, 4 years", [
            "2021-now Developer, agency in Porto: React + Node.js shops, Stripe checkout "
            "integrations for 12 clients.",
            "2020-2021 Junior developer, WordPress plugins.", "Portuguese citizen."]),
         {"backend": 2, "payments": 2, "reliability": 1, "data": 1, "collaboration": 2}, "REJECT",
         "backend 2: 4y mostly frontend/Node; payments 2: Stripe checkout integrations only; "
         "reliability 1: nothing listed; data 1: nothing listed; collaboration 2: agency client work."),
        ("C-3321", _cv("C-3321", "Backend engineer, 9 years", [
            "2020-now Tech lead, Revolut-like fintech (Vilnius): FX ledger in Go, double-entry, "
            "daily reconciliation with 4 banks; mentored 5.",
            "2015-2020 Engineer, Yandex: high-load Go services, incident commander rotation.",
            "Lithuanian citizen. English professional."]),
         {"backend": 4, "payments": 4, "reliability": 4, "data": 3, "collaboration": 4}, "ADVANCE",
         "backend 4: 9y Go high-load; payments 4: FX ledger + bank reconciliation; reliability 4: "
         "incident commander; data 3: double-entry ledger, no migration detail; collaboration 4: "
         "tech lead, mentored 5."),
        ("C-3327", _cv("C-3327", "Data engineer, 5 years", [
            "2021-now Data engineer, insurer (Madrid): Airflow + dbt pipelines, Postgres and "
            "BigQuery, zero-downtime schema changes.",
            "2019-2021 Python developer, ETL for claims.", "Spanish citizen."]),
         {"backend": 2, "payments": 1, "reliability": 2, "data": 4, "collaboration": 3}, "REJECT",
         "backend 2: Python ETL, not services; payments 1: insurance claims only; reliability 2: "
         "pipeline ops; data 4: zero-downtime schema changes; collaboration 3: cross-team dbt work."),
        ("C-3335", _cv("C-3335", "Backend engineer, 5 years", [
            "2022-now Engineer, Wise-like transfers company (Tallinn): payout routing in Kotlin, "
            "idempotency keys, on-call.",
            "2019-2022 Engineer, Bolt: Postgres-backed pricing service, wrote 3 design docs.",
            "Estonian citizen. Career break 2018-2019."]),
         {"backend": 3, "payments": 3, "reliability": 3, "data": 2, "collaboration": 3}, "HOLD",
         "backend 3: 5y Kotlin; payments 3: payout routing + idempotency; reliability 3: on-call; "
         "data 2: Postgres use, no scale/migration detail; collaboration 3: 3 design docs."),
        ("C-3342", _cv("C-3342", "Site reliability engineer, 8 years", [
            "2019-now SRE, Klarna-like BNPL (Stockholm): capacity planning for payment APIs, SLOs, "
            "led 40+ incident reviews; some Go services.",
            "2016-2019 Sysadmin to SRE, hosting company.", "Swedish citizen."]),
         {"backend": 2, "payments": 3, "reliability": 4, "data": 2, "collaboration": 3}, "HOLD",
         "backend 2: some Go, mainly SRE; payments 3: payment API capacity; reliability 4: SLOs, "
         "40+ incident reviews; data 2: none specific; collaboration 3: led reviews across teams."),
    ]
    r.user_msg(0, "Six CVs for the Senior Backend (Payments) role today. First one:\n\n" + cands[0][1])
    r.say("Quick question before I score C-3310: the rubric names Go, Java, Kotlin or Rust. Should "
          "Scala experience count as equivalent for item 1? It isn't in this CV, but two of "
          "today's six mention it in their headlines.")
    t = rng.randint(60, 200)
    r.user_msg(t, "Yes, count Scala like Java. Carry on.")
    t0 = t
    for k, (cid, cv, sc, dec, just) in enumerate(cands):
        r.call("record_score", {"candidate_id": cid, "scores": sc, "decision": dec,
                                "justification": just},
               f"{cid}: total {sum(sc.values())} -> {dec}.")
        t0 += rng.randint(3, 8)
        r.tool_out(t0, json.dumps({"candidate_id": cid, "saved": True,
                                   "scorecard_id": f"SC-{70210 + k * 3 + rng.randint(0, 2)}",
                                   "needs_human_review": dec == "REJECT"}))
        if k + 1 < len(cands):
            r.say(f"Saved {cid} ({dec}, {sum(sc.values())}/20)." +
                  (" A recruiter needs to confirm this REJECT before the candidate is notified."
                   if dec == "REJECT" else ""))
            t0 += rng.randint(40, 160)
            r.user_msg(t0, "Next:\n\n" + cands[k + 1][1])
    r.say("All six screened: 2 ADVANCE (C-3310, C-3321), 2 HOLD (C-3335, C-3342), 2 REJECT "
          "(C-3314, C-3327, both flagged for your review). I did not consider C-3335's career break.")
    r.user_msg(t0 + 300, "Thanks, I'll review the two rejects now.")
    out.append(r)

    # H2: a stateless client: the same long handbook is sent with a new question each time.
    r = Session("recruiting_screen", "healthy", 4, "You answer hiring managers' questions using "
                "only the handbook in the user message. Quote the section number. If the handbook "
                "does not answer it, say so.", [], model="gpt-4o-mini", max_tokens=400,
                user="hm-portal", stateless=True,
                notes="Stateless client: every request is the same 7 KB handbook plus a new "
                      "question from a hiring manager, with no history.")
    qs = ["Can I offer a take-home instead of the live technical screen, and do we pay for it?",
          "A candidate in Madrid needs a visa. Can we sponsor?",
          "How long do we keep CVs of rejected candidates?",
          "The candidate asked for written questions instead of verbal ones in the design interview. "
          "Do I need a doctor's note?",
          "Can I go above the salary band for a very strong staff engineer?",
          "When do we check right-to-work documents?",
          "One of my interviewers submitted scores after the debrief. Do they count?",
          "Is a sign-on bonus allowed to match a competing offer?",
          "Can the candidate's current manager sit on the panel for an internal applicant?",
          "What do we reimburse for an on-site final interview in Lisbon for someone flying from Warsaw?",
          "How fast do rejected interviewees get feedback and what goes in it?"]
    t = 0
    for k, q in enumerate(qs):
        r.user_msg(t, "HANDBOOK:\n\n" + HANDBOOK + "\n\nQUESTION: " + q)
        r.say("(answer)")
        t += rng.randint(40, 900)
    out.append(r)
    return out


# ---- robot_task_planner ---------------------------------------------------------------------

ROBOT_TOOLS = [
    tool("get_state", "Robot pose, battery, payload and current task from the fleet API.",
         {"robot_id": s("e.g. amr-07")}),
    tool("move_to", "Drive the base to a map pose. Blocks until arrival or failure.",
         {"robot_id": s("Robot id"), "x": n("metres"), "y": n("metres"),
          "theta": n("heading in radians")}),
    tool("pick", "Pick an item from a bin with the vacuum gripper.",
         {"robot_id": s("Robot id"), "bin_id": s("Bin label, e.g. B-04-03-2"),
          "sku": s("Expected SKU"), "approach": {"type": "string", "enum": ["top", "side"]}},
         required=["robot_id", "bin_id", "sku"]),
    tool("place", "Place the held item into a tote or location.",
         {"robot_id": s("Robot id"), "target": s("Tote or location id")}),
    tool("read_sensors", "Raw sensor readings (battery, gripper, lidar summary, bumper).",
         {"robot_id": s("Robot id")}),
    tool("refresh_map", "Ask the fleet server for the latest occupancy map.",
         {"zone": s("Zone, e.g. Z2")}),
]


def _sim_ts(t):
    base = 8 * 3600 + 12 * 60
    x = base + t
    return f"2026-11-06T{x // 3600:02d}:{(x // 60) % 60:02d}:{x % 60:02d}Z"


@style
def robot_task_planner():
    out = []
    rng = random.Random(6603)
    sysmsg = ("You are the task planner for autonomous mobile manipulator amr-07 in the Brno "
              "fulfilment centre simulator (map frame in metres, origin at dock D1). Break "
              "orders into move/pick/place actions, read sensors when unsure, and report "
              "to the operator. Never drive with the gripper extended. Give up on an item and "
              "report it if it cannot be picked.")

    # R1: alternating failing attempts: re-align, pick, switch approach, pick; the vacuum never
    # seals on a polybag and the planner never gives up.
    r = Session("robot_task_planner", "runaway", 1, sysmsg, ROBOT_TOOLS, model="gpt-4o",
                max_tokens=700, user="ops-brno-2",
                begins=5, stop_by=11,
                notes="Alternating failing attempts: re-align the base, pick, switch approach "
                      "side/top, pick; the vacuum never seals on a soft polybag (same fault, "
                      "slightly different pressure each time).")
    r.user_msg(0, "Order 55-81230: pick 1x SKU TX-4471 (cotton t-shirt, polybag) from bin "
                  "B-04-03-2 into tote T-118.")
    r.call("move_to", {"robot_id": "amr-07", "x": 14.2, "y": 6.35, "theta": 1.5708},
           "Driving to aisle 4, bay 3.")
    t = 21
    r.tool_out(t, json.dumps({"result": "arrived", "pose": {"x": 14.2, "y": 6.35, "theta": 1.5708},
                              "elapsed_s": 19.4}))
    r.call("pick", {"robot_id": "amr-07", "bin_id": "B-04-03-2", "sku": "TX-4471",
                    "approach": "top"})
    offs = [(14.22, 6.35), (14.18, 6.36), (14.2, 6.33), (14.21, 6.37), (14.19, 6.34),
            (14.23, 6.35), (14.2, 6.36)]
    for k in range(14):
        t += rng.randint(12, 20)
        r.tool_out(t, json.dumps({"result": "failed", "code": "GRIPPER_NO_SEAL",
                                  "detail": f"vacuum reached -{rng.randint(3, 9)} kPa, need -40 kPa "
                                            "within 800 ms; object detected by camera but seal "
                                            "not established", "gripper": "retracted",
                                  "timestamp": _sim_ts(t)}))
        if k % 2 == 0:
            x, y = offs[(k // 2) % len(offs)]
            r.call("move_to", {"robot_id": "amr-07", "x": x, "y": y, "theta": 1.5708},
                   ["The seal failed. Probably a small misalignment; nudging the base and retrying.",
                    "No seal again. Re-aligning the base by a couple of centimetres.",
                    "Still no seal; adjusting position slightly.",
                    "Re-aligning once more before the next pick."][k // 2 % 4])
            t += rng.randint(4, 8)
            r.tool_out(t, json.dumps({"result": "arrived", "pose": {"x": x, "y": y, "theta": 1.5708},
                                      "elapsed_s": round(rng.uniform(2.0, 3.5), 1)}))
            r.call("pick", {"robot_id": "amr-07", "bin_id": "B-04-03-2", "sku": "TX-4471",
                            "approach": "top"})
        else:
            appr = "side" if k % 4 == 1 else "top"
            r.call("pick", {"robot_id": "amr-07", "bin_id": "B-04-03-2", "sku": "TX-4471",
                            "approach": appr},
                   f"Alignment didn't help. Trying the {appr} approach instead.")
        if len(r.turns) >= 18:
            break
    out.append(r)

    # R2: a cycle of period 5: aisle 4 blocked, aisle 5 blocked, back to the dock, read the
    # state, refresh the map (unchanged), aisle 4 again...
    r = Session("robot_task_planner", "runaway", 2, sysmsg, ROBOT_TOOLS,
                model="claude-sonnet-4-20250514", max_tokens=800, user="ops-brno-1",
                begins=7, stop_by=14,
                notes="A period-5 cycle: aisle 4 blocked, aisle 5 blocked, return to dock, "
                      "read state, refresh the (unchanged) map, try aisle 4 again.")
    r.user_msg(0, "Order 55-81302: 2x SKU KT-0902 (kettle, boxed) from B-09-01-1 to tote T-120.")
    cyc = [
        ("move_to", {"robot_id": "amr-07", "x": 12.0, "y": 9.1, "theta": 0.0},
         "Routing through aisle 4 to reach aisle 9.",
         lambda t: json.dumps({"result": "failed", "code": "PATH_BLOCKED",
                               "detail": "obstacle in corridor at (12.0, 4.5): pallet, 1.2 x 0.8 m; "
                                         "no alternative path inside aisle 4",
                               "pose": {"x": 6.1, "y": 4.5, "theta": 0.0}})),
        ("move_to", {"robot_id": "amr-07", "x": 15.0, "y": 9.1, "theta": 0.0},
         "Aisle 4 is blocked. Trying the aisle 5 corridor.",
         lambda t: json.dumps({"result": "failed", "code": "PATH_BLOCKED",
                               "detail": "obstacle in corridor at (14.0, 4.5): pallet jack, "
                                         "0.6 x 1.6 m; no alternative path inside aisle 5",
                               "pose": {"x": 8.3, "y": 4.5, "theta": 0.0}})),
        ("move_to", {"robot_id": "amr-07", "x": 0.0, "y": 0.0, "theta": 0.0},
         "Both corridors are blocked. Returning to the dock to re-plan.",
         lambda t: json.dumps({"result": "arrived", "pose": {"x": 0.0, "y": 0.0, "theta": 0.0},
                               "elapsed_s": 14.1})),
        ("get_state", {"robot_id": "amr-07"}, "At the dock. Checking robot state.",
         lambda t: json.dumps({"robot_id": "amr-07", "pose": {"x": 0.0, "y": 0.0, "theta": 0.0},
                               "battery_percent": 71, "payload": None,
                               "task": "order 55-81302", "faults": []})),
        ("refresh_map", {"zone": "Z2"}, "State is fine. Refreshing the occupancy map before re-planning.",
         lambda t: json.dumps({"zone": "Z2", "map_version": 4117, "changed_cells": 0,
                               "note": "no changes since last refresh"})),
    ]
    t = 0
    for k in range(25):
        name, args, why, res = cyc[k % 5]
        r.call(name, args, why if k < 5 else
               [why, why.replace("Routing", "Re-planning: routing"), why][(k // 5) % 3])
        t += rng.randint(8, 25)
        r.tool_out(t, res(t))
        if len(r.turns) >= 22:
            break
    out.append(r)

    # H1: a batch pick: the same move/pick/place pattern for seven different items.
    r = Session("robot_task_planner", "healthy", 3, sysmsg, ROBOT_TOOLS, model="gpt-4.1-mini",
                max_tokens=600, user="ops-brno-2",
                notes="Batch: seven order lines picked with the same move/pick/place pattern; "
                      "bins, poses, SKUs and weights differ; every step succeeds.")
    lines = [("B-02-01-3", "HB-1120", "ceramic mug 350 ml", 3.2, 2.4, 412),
             ("B-02-04-1", "HB-1187", "tea towel set", 3.2, 5.1, 236),
             ("B-03-02-2", "KT-0933", "milk frother", 8.0, 3.3, 688),
             ("B-05-01-1", "ST-2210", "A5 notebook", 14.6, 2.0, 301),
             ("B-05-06-4", "ST-2284", "fineliner pens 10-pack", 14.6, 7.7, 118),
             ("B-07-03-2", "HB-1402", "bamboo cutting board", 20.4, 4.0, 954),
             ("B-08-02-1", "HB-1455", "silicone spatula", 23.2, 3.1, 97)]
    r.user_msg(0, "Order 55-81355 (7 lines) into tote T-131:\n" +
               "\n".join(f"- 1x {sku} {desc} from {b}" for b, sku, desc, _, _, _ in lines))
    t = 0
    for k, (b, sku, desc, x, y, g) in enumerate(lines):
        r.call("move_to", {"robot_id": "amr-07", "x": x, "y": y, "theta": 1.5708},
               f"Line {k + 1}/7: {sku} from {b}.")
        t += rng.randint(9, 30)
        r.tool_out(t, json.dumps({"result": "arrived", "pose": {"x": x, "y": y, "theta": 1.5708},
                                  "elapsed_s": round(rng.uniform(6, 28), 1)}))
        r.call("pick", {"robot_id": "amr-07", "bin_id": b, "sku": sku, "approach": "top"})
        t += rng.randint(7, 14)
        r.tool_out(t, json.dumps({"result": "ok", "sku_verified": sku, "barcode": f"859{rng.randint(10 ** 9, 10 ** 10 - 1)}",
                                  "weight_g": g + rng.randint(-4, 4),
                                  "vacuum_kpa": -rng.randint(52, 68), "timestamp": _sim_ts(t)}))
        r.call("place", {"robot_id": "amr-07", "target": "T-131"})
        t += rng.randint(4, 9)
        r.tool_out(t, json.dumps({"result": "ok", "target": "T-131", "tote_items": k + 1,
                                  "tote_weight_g": sum(l[5] for l in lines[:k + 1]) + 640}))
    r.say("Order 55-81355 complete: 7/7 lines in T-131 (tote weight matches the expected "
          f"{sum(l[5] for l in lines) + 640} g including the tote). Ready for the next order.")
    r.user_msg(t + 60, "Good. Send T-131 to packing station P3.")
    out.append(r)

    # H2: the motion controller is busy (retry-after) twice, then the drive succeeds; the
    # robot then charges and the planner polls a battery level that rises.
    r = Session("robot_task_planner", "healthy", 4, sysmsg, ROBOT_TOOLS, model="gpt-4o",
                max_tokens=600, user="ops-brno-1",
                notes="Backoff that succeeds (controller busy twice, then the drive goes), then "
                      "a charging poll whose battery level rises until the robot resumes work.")
    r.user_msg(0, "amr-07 is at 14% battery. Send it to charger C2, wait until it is above 80%, "
                  "then take order 55-81390 (1x KT-0902 from B-09-01-1 to T-140).")
    r.call("move_to", {"robot_id": "amr-07", "x": 1.5, "y": 11.0, "theta": 3.1416},
           "Sending amr-07 to charger C2.")
    t = 2
    for k, wait in enumerate([4, 8]):
        r.tool_out(t, json.dumps({"result": "rejected", "code": "CONTROLLER_BUSY", "status": 429,
                                  "detail": "traffic manager is replanning zone Z1 "
                                            f"(job tm-{rng.randint(5000, 5999)})",
                                  "retry_after_s": wait}))
        r.call("move_to", {"robot_id": "amr-07", "x": 1.5, "y": 11.0, "theta": 3.1416},
               f"Traffic manager busy; retrying in {wait} s.")
        t += wait + 1
    t += 35
    r.tool_out(t, json.dumps({"result": "arrived", "pose": {"x": 1.5, "y": 11.0, "theta": 3.1416},
                              "elapsed_s": 33.8, "docked": True, "charging": True}))
    r.call("read_sensors", {"robot_id": "amr-07"}, "Docked and charging. Checking the battery.")
    levels = [15, 27, 39, 50, 61, 71, 79, 84]
    for k, lv in enumerate(levels):
        t += 4 if k == 0 else 600 + rng.randint(-30, 30)
        r.tool_out(t, json.dumps({"battery": {"percent": lv, "voltage": round(46.0 + lv * 0.062, 2),
                                              "current_a": round(-18.5 + lv * 0.09, 1) if lv < 84 else -4.1,
                                              "temp_c": 28 + lv // 12, "charging": True},
                                  "gripper": {"state": "retracted", "vacuum_kpa": 0},
                                  "lidar": {"min_range_m": 0.41, "sector": "rear"},
                                  "bumper": "clear", "timestamp": _sim_ts(t)}))
        if lv >= 80:
            break
        r.call("read_sensors", {"robot_id": "amr-07"},
               f"{lv}% and charging" + (", about 10 minutes per 11%." if k == 1 else "."))
    r.call("move_to", {"robot_id": "amr-07", "x": 26.0, "y": 2.2, "theta": 1.5708},
           "84%, above the threshold. Undocking and heading to B-09-01-1 for order 55-81390.")
    t += 41
    r.tool_out(t, json.dumps({"result": "arrived", "pose": {"x": 26.0, "y": 2.2, "theta": 1.5708},
                              "elapsed_s": 39.6}))
    r.call("pick", {"robot_id": "amr-07", "bin_id": "B-09-01-1", "sku": "KT-0902", "approach": "top"})
    t += 11
    r.tool_out(t, json.dumps({"result": "ok", "sku_verified": "KT-0902", "weight_g": 1184,
                              "vacuum_kpa": -61, "timestamp": _sim_ts(t)}))
    r.call("place", {"robot_id": "amr-07", "target": "T-140"})
    t += 6
    r.tool_out(t, json.dumps({"result": "ok", "target": "T-140", "tote_items": 1}))
    r.say("Charged to 84% (about 70 minutes on C2) and order 55-81390 is done: KT-0902 in T-140.")
    r.user_msg(t + 90, "Thanks.")
    out.append(r)
    return out


# ---- localization_qa ------------------------------------------------------------------------

L10N_TOOLS = [
    tool("read_file", "Read a file from the localization repository.",
         {"path": s("Path, e.g. locales/fr/checkout.json")}),
    tool("run_linter", "Run the i18n linter (ICU MessageFormat syntax, placeholders vs the "
         "English source, glossary, length limits) on one locale file.",
         {"path": s("Locale file path")}),
    tool("set_string", "Set one key's translation in a locale file (writes and stages it).",
         {"path": s("Locale file path"), "key": s("Dotted key"), "value": s("New translation")}),
]

LINT_HEADER = """i18n-lint 3.12.1 (node v20.18.0) -- config: .i18nlintrc.yaml
source locale: en (locales/en/*.json, 412 keys)
rules:
  icu/syntax ............................ error
  icu/plural-categories ................. error   (CLDR 46 plural rules per locale)
  placeholders/match-source ............. error   ({name}, {count}, {amount}, <b>, <link>)
  placeholders/no-extra ................. error
  glossary/terms ........................ warning (glossary: l10n/glossary.tbx, 188 terms)
  glossary/forbidden .................... error   (brand names must not be translated: Larkspur, Larkspur Pay)
  length/max ............................ warning (button.* <= 24 chars, title.* <= 60 chars)
  whitespace/trailing ................... warning
  punctuation/ellipsis .................. warning (use U+2026)
  typography/nbsp-before-punct .......... fr only (U+202F before ; : ! ? and inside guillemets)
  casing/sentence-case .................. warning (title.*, button.*)
  keys/missing .......................... error
  keys/unused ........................... info
ignore: locales/*/legacy_*.json
cache: .i18nlint-cache (hit rate 0%, cold run)
"""


def _lint_out(path, keys, findings, rng):
    lines = [LINT_HEADER, f"checking {path} ({keys} keys) ..."]
    errs = sum(1 for f in findings if f[0] == "error")
    warns = sum(1 for f in findings if f[0] == "warning")
    for sev, key, rule, msg in findings:
        lines.append(f"  {sev:<7} {path}  {key}\n          {rule}: {msg}")
    lines.append(f"\n{errs} error(s), {warns} warning(s) in {path}  "
                 f"[{rng.randint(180, 420)} ms]")
    lines.append("exit code " + ("1" if errs else "0"))
    return "\n".join(lines)


FR_CHECKOUT = {
    "checkout.title": ("Checkout", "Paiement"),
    "checkout.summary.items": ("{count, plural, one {# item} other {# items}} in your basket",
                               "{count, plural, one {# article} other {# articles}} dans votre panier"),
    "checkout.summary.total": ("Total: {amount}", "Total\u202f: {amount}"),
    "checkout.summary.shipping": ("Shipping to {name}", "Livraison à {name}"),
    "checkout.summary.free_shipping": ("Free shipping on orders over {amount}",
                                       "Livraison offerte dès {amount} d'achat"),
    "checkout.button.pay": ("Pay {amount}", "Payer {amount}"),
    "checkout.button.back": ("Back to basket", "Retour au panier"),
    "checkout.button.apply_code": ("Apply", "Appliquer"),
    "checkout.promo.placeholder": ("Promo code", "Code promo"),
    "checkout.promo.invalid": ("This code is not valid or has expired.",
                               "Ce code n'est pas valide ou a expiré."),
    "checkout.promo.applied": ("Code {code} applied: {amount} off",
                               "Code {code} appliqué\u202f: {amount} de réduction"),
    "checkout.address.title": ("Delivery address", "Adresse de livraison"),
    "checkout.address.line1": ("Street and house number", "Numéro et nom de rue"),
    "checkout.address.line2": ("Apartment, floor (optional)", "Appartement, étage (facultatif)"),
    "checkout.address.postcode": ("Postcode", "Code postal"),
    "checkout.address.city": ("City", "Ville"),
    "checkout.address.country": ("Country", "Pays"),
    "checkout.address.save": ("Save this address for next time",
                              "Enregistrer cette adresse pour la prochaine fois"),
    "checkout.payment.title": ("Payment method", "Moyen de paiement"),
    "checkout.payment.card": ("Card", "Carte bancaire"),
    "checkout.payment.card_number": ("Card number", "Numéro de carte"),
    "checkout.payment.expiry": ("Expiry date (MM/YY)", "Date d'expiration (MM/AA)"),
    "checkout.payment.cvc": ("Security code", "Cryptogramme visuel"),
    "checkout.payment.wallet": ("Pay with {wallet}", "Payer avec {wallet}"),
    "checkout.payment.bank_transfer": ("Bank transfer (SEPA)", "Virement bancaire (SEPA)"),
    "checkout.payment.secure": ("Payments are processed securely by Larkspur Pay.",
                                "Les paiements sont traités en toute sécurité par Larkspur Pay."),
    "checkout.payment.3ds": ("Your bank may ask you to confirm this payment.",
                             "Votre banque peut vous demander de confirmer ce paiement."),
    "checkout.error.declined": ("Your card was declined. Try another card or contact your bank.",
                                "Votre carte a été refusée. Essayez une autre carte ou contactez votre banque."),
    "checkout.error.network": ("We couldn't reach the payment service. Check your connection and try again.",
                               "Impossible de joindre le service de paiement. Vérifiez votre connexion et réessayez."),
    "checkout.error.expired": ("Your session expired. Your basket has been saved.",
                               "Votre session a expiré. Votre panier a été enregistré."),
    "checkout.confirm.title": ("Thank you, {name}!", "Merci, {name}\u202f!"),
    "checkout.confirm.order_number": ("Order number: <b>{order}</b>",
                                      "Numéro de commande\u202f: <b>{order}</b>"),
    "checkout.confirm.email": ("We've sent a confirmation to {email}.",
                               "Nous avons envoyé une confirmation à {email}."),
    "checkout.confirm.delivery": ("Estimated delivery: {date}", "Livraison estimée\u202f: {date}"),
    "checkout.confirm.track": ("Track your order in <link>your account</link>.",
                               "Suivez votre commande dans <link>votre compte</link>."),
    "checkout.legal.terms": ("By placing your order you agree to our <link>terms of sale</link>.",
                             "En passant commande, vous acceptez nos <link>conditions générales de vente</link>."),
    "checkout.legal.withdrawal": ("You have 14 days to withdraw from this purchase.",
                                  "Vous disposez de 14 jours pour vous rétracter."),
    "checkout.gift.toggle": ("This is a gift", "C'est un cadeau"),
    "checkout.gift.message": ("Gift message (max {count} characters)",
                              "Message cadeau ({count} caractères max.)"),
    "checkout.gift.hide_prices": ("Hide prices on the packing slip",
                                  "Masquer les prix sur le bon de livraison"),
    "checkout.delivery.standard": ("Standard delivery ({days} working days)",
                                   "Livraison standard ({days} jours ouvrés)"),
    "checkout.delivery.express": ("Express delivery (next working day)",
                                  "Livraison express (jour ouvré suivant)"),
    "checkout.delivery.pickup": ("Collect from a pickup point", "Retrait en point relais"),
    "checkout.delivery.pickup_search": ("Search pickup points near {postcode}",
                                        "Rechercher des points relais près de {postcode}"),
    "checkout.delivery.slot": ("Choose a delivery slot", "Choisissez un créneau de livraison"),
    "checkout.account.guest": ("Continue as guest", "Continuer sans compte"),
    "checkout.account.login": ("Sign in for faster checkout", "Connectez-vous pour payer plus vite"),
    "checkout.account.create": ("Create an account with these details",
                                "Créer un compte avec ces informations"),
}


def _resource_dump(pairs, which):
    return json.dumps({k: v[which] for k, v in pairs.items()}, indent=2, ensure_ascii=False)


@style
def localization_qa():
    out = []
    rng = random.Random(7717)
    sysmsg = ("You are a localization QA agent for the Larkspur Pay web app. For each locale file "
              "you are given, run the i18n linter, fix errors with set_string (keep meaning, "
              "placeholders and tags exactly as in English), re-run the linter, and report. "
              "Warnings may be left if the translation is better as is; say why.")

    # R1: exact repetition: the same (wrong) fix written again and again, the same lint error.
    r = Session("localization_qa", "runaway", 1, sysmsg, L10N_TOOLS, model="gpt-4.1",
                max_tokens=900, user="l10n-ci",
                begins=5, stop_by=10,
                notes="Exact repetition: the agent writes the same fix for a plural string "
                      "(an apostrophe that ICU reads as a quote) and gets the same lint error, "
                      "again and again.")
    r.user_msg(0, "CI failed on locales/it/checkout.json. Fix it.")
    r.call("run_linter", {"path": "locales/it/checkout.json"})
    err = [("error", "checkout.summary.items", "icu/syntax",
            "unterminated quoted literal starting at offset 35 (\"'articolo} other {# articoli} "
            "nell'carrello\"): ICU treats ' as an escape before { or }")]
    t = 9
    r.tool_out(t, _lint_out("locales/it/checkout.json", 49, err, random.Random(1)))
    val = "{count, plural, one {# articolo nell'carrello} other {# articoli nell'carrello}}"
    why = ["The apostrophe in nell'carrello is confusing ICU. Rewriting the plural so each branch "
           "is complete.", None]
    for k in range(7):
        r.call("set_string", {"path": "locales/it/checkout.json", "key": "checkout.summary.items",
                              "value": val},
               why[0] if k == 0 else "Applying the corrected plural string.")
        t += rng.randint(2, 4)
        r.tool_out(t, json.dumps({"ok": True, "path": "locales/it/checkout.json",
                                  "key": "checkout.summary.items", "staged": True}))
        r.call("run_linter", {"path": "locales/it/checkout.json"},
               "Re-running the linter.")
        t += rng.randint(6, 12)
        r.tool_out(t, _lint_out("locales/it/checkout.json", 49,
                                [("error", "checkout.summary.items", "icu/syntax",
                                  "unterminated quoted literal starting at offset 32 "
                                  "(\"'carrello} other {# articoli nell'carrello}}\"): ICU treats ' "
                                  "as an escape before { or }")], random.Random(2)))
        if len(r.turns) >= 16:
            break
    out.append(r)

    # R2: a cycle of period 6: lint six locales, promise to fix 'after the pass', start the
    # pass again; every output identical to the last pass.
    r = Session("localization_qa", "runaway", 2, sysmsg, L10N_TOOLS, model="gpt-4o-mini",
                max_tokens=700, user="l10n-ci", begins=8, stop_by=14,
                notes="A period-6 cycle: the agent lints six locale files, says it will fix the "
                      "findings after a full pass, then starts the same pass again; all outputs "
                      "repeat.")
    locs = [("de", [("warning", "checkout.button.apply_code", "length/max", "26 chars > 24: "
                     "\"Gutscheincode einlösen\u2026\"")]),
            ("fr", [("error", "checkout.confirm.track", "placeholders/match-source",
                     "tag <link> missing (source has <link>...</link>)")]),
            ("es", [("warning", "checkout.payment.cvc", "glossary/terms",
                     "glossary term 'security code' -> 'código de seguridad', found 'CVV'")]),
            ("it", [("error", "checkout.summary.items", "icu/plural-categories",
                     "plural branch 'few' is not a CLDR category for 'it'")]),
            ("pt-BR", [("error", "checkout.payment.secure", "glossary/forbidden",
                        "brand 'Larkspur Pay' translated as 'Larkspur Pagamentos'")]),
            ("ja", [("warning", "checkout.title", "casing/sentence-case", "n/a for ja (rule "
                     "misconfigured for CJK); 1 trailing whitespace")])]
    r.user_msg(0, "Nightly QA: lint checkout.json for de, fr, es, it, pt-BR and ja and fix what "
                  "you can.")
    t = 0
    for k in range(20):
        loc, fnd = locs[k % 6]
        path = f"locales/{loc}/checkout.json"
        if k % 6 == 0 and k:
            why = ["Pass complete. Before fixing, let me re-run the full pass to make sure the "
                   "findings are stable.",
                   "Starting another full pass to confirm the results before I make changes.",
                   "Re-running the whole pass once more to be certain."][(k // 6 - 1) % 3]
        elif k == 0:
            why = "Starting the pass with de."
        else:
            why = f"Noted for {locs[(k - 1) % 6][0]}; I'll fix it after the pass. Next: {loc}."
        r.call("run_linter", {"path": path}, why)
        t += rng.randint(8, 15)
        r.tool_out(t, _lint_out(path, 49, fnd, random.Random(k % 6)))
        if len(r.turns) >= 20:
            break
    out.append(r)

    # H1: mostly identical boilerplate: the linter prints its long header every time; only
    # the findings differ per locale; the reports follow one template.
    r = Session("localization_qa", "healthy", 3, sysmsg, L10N_TOOLS, model="claude-sonnet-4-20250514",
                max_tokens=700, user="l10n-ci",
                notes="Eight locales linted one by one: each output is the same 1.1 KB linter "
                      "header with a short, different findings section; one fix per locale where "
                      "needed; the reports share one template.")
    r.user_msg(0, "Release check for settings.json in de, fr, es, it, nl, pl, pt-BR, sv. Fix "
                  "errors, report warnings.")
    eight = [("de", [("warning", "settings.button.export", "length/max", "25 chars > 24")], None),
             ("fr", [("error", "settings.privacy.body", "placeholders/match-source",
                      "placeholder {date} missing")],
              ("settings.privacy.body", "Vos données sont conservées jusqu'au {date}.")),
             ("es", [], None),
             ("it", [("warning", "settings.title", "casing/sentence-case",
                      "\"Impostazioni Account\" should be \"Impostazioni account\"")],
              ("settings.title", "Impostazioni account")),
             ("nl", [("error", "settings.plan.seats", "icu/plural-categories",
                      "missing required category 'one'")],
              ("settings.plan.seats", "{count, plural, one {# plaats} other {# plaatsen}}")),
             ("pl", [("warning", "settings.plan.seats", "icu/plural-categories",
                      "category 'many' present (ok); 'few' uses the same text as 'other'")], None),
             ("pt-BR", [], None),
             ("sv", [("warning", "settings.export.hint", "punctuation/ellipsis",
                      "use \u2026 instead of ...")],
              ("settings.export.hint", "Exporten kan ta några minuter\u2026"))]
    t = 0
    for k, (loc, fnd, fix) in enumerate(eight):
        path = f"locales/{loc}/settings.json"
        r.call("run_linter", {"path": path}, None if k == 0 else f"Next: {loc}.")
        t += rng.randint(6, 14)
        r.tool_out(t, _lint_out(path, 63, fnd, random.Random(100 + k)))
        if fix:
            r.call("set_string", {"path": path, "key": fix[0], "value": fix[1]},
                   f"{loc}: fixing {fix[0]}.")
            t += 3
            r.tool_out(t, json.dumps({"ok": True, "path": path, "key": fix[0], "staged": True}))
    r.say("Release check, settings.json:\n"
          "- de: 0 errors; 1 warning left (Export button 25 chars, 'Exportieren' plus object reads better)\n"
          "- fr: 1 error fixed ({date} restored in settings.privacy.body)\n"
          "- es: clean\n- it: 1 warning fixed (sentence case in the title)\n"
          "- nl: 1 error fixed (plural 'one' added)\n"
          "- pl: 1 warning left ('few' equals 'other' is correct for this noun)\n"
          "- pt-BR: clean\n- sv: 1 warning fixed (ellipsis)\n"
          "3 fixes staged.")
    r.user_msg(t + 200, "Thanks, commit them with message 'l10n: settings fixes for release 8.4'.")
    out.append(r)

    # H2: iterative refinement: a big file read once, errors that change as they are fixed,
    # then a clean run.
    r = Session("localization_qa", "healthy", 4, sysmsg, L10N_TOOLS, model="gpt-4o",
                max_tokens=1200, user="l10n-ci",
                notes="Iterative fixing of one French file: the English and French files are read "
                      "(3-4 KB outputs), the linter's findings shrink and change (6, 3, 1, 0) as "
                      "strings are fixed.")
    r.user_msg(0, "The new French checkout strings from the agency fail the linter. Please fix "
                  "locales/fr/checkout.json.")
    r.call("read_file", {"path": "locales/en/checkout.json"}, "Reading the English source first.")
    t = 3
    r.tool_out(t, _resource_dump(FR_CHECKOUT, 0))
    r.call("read_file", {"path": "locales/fr/checkout.json"})
    t += 2
    broken = dict(FR_CHECKOUT)
    broken["checkout.summary.total"] = ("", "Total : {montant}")
    broken["checkout.confirm.track"] = ("", "Suivez votre commande dans votre compte.")
    broken["checkout.payment.secure"] = ("", "Les paiements sont traités en toute sécurité par Larkspur Paiement.")
    broken["checkout.gift.message"] = ("", "Message cadeau ({count} caractères max...)")
    broken["checkout.button.back"] = ("", "Revenir à votre panier d'achat")
    r.tool_out(t, _resource_dump(broken, 1))
    r.call("run_linter", {"path": "locales/fr/checkout.json"})
    t += 7
    rounds = [
        [("error", "checkout.summary.total", "placeholders/match-source",
          "placeholder {montant} not in source; expected {amount}"),
         ("warning", "checkout.summary.total", "typography/nbsp-before-punct",
          "U+0020 before ':' should be U+202F"),
         ("error", "checkout.confirm.track", "placeholders/match-source", "tag <link> missing"),
         ("error", "checkout.payment.secure", "glossary/forbidden",
          "brand 'Larkspur Pay' translated as 'Larkspur Paiement'"),
         ("warning", "checkout.gift.message", "punctuation/ellipsis", "use \u2026 instead of ..."),
         ("warning", "checkout.button.back", "length/max", "30 chars > 24")],
        [("warning", "checkout.gift.message", "punctuation/ellipsis", "use \u2026 instead of ..."),
         ("warning", "checkout.button.back", "length/max", "30 chars > 24"),
         ("error", "checkout.confirm.track", "placeholders/match-source",
          "tag <link> not closed: '<link>votre compte'")],
        [("warning", "checkout.button.back", "length/max", "26 chars > 24")],
        [],
    ]
    fixes = [
        [("checkout.summary.total", "Total\u202f: {amount}"),
         ("checkout.confirm.track", "Suivez votre commande dans <link>votre compte"),
         ("checkout.payment.secure", "Les paiements sont traités en toute sécurité par Larkspur Pay.")],
        [("checkout.gift.message", "Message cadeau ({count} caractères max.)"),
         ("checkout.confirm.track", "Suivez votre commande dans <link>votre compte</link>."),
         ("checkout.button.back", "Retour à votre panier")],
        [("checkout.button.back", "Retour au panier")],
    ]
    for k, fnd in enumerate(rounds):
        r.tool_out(t, _lint_out("locales/fr/checkout.json", 49, fnd, random.Random(200 + k)))
        if not fnd:
            break
        for j, (key, val) in enumerate(fixes[k]):
            r.call("set_string", {"path": "locales/fr/checkout.json", "key": key, "value": val},
                   f"{len(fnd)} finding(s). Fixing {key}." if j == 0 else None)
            t += 2
            r.tool_out(t, json.dumps({"ok": True, "path": "locales/fr/checkout.json", "key": key,
                                      "staged": True}))
        r.call("run_linter", {"path": "locales/fr/checkout.json"}, "Re-running the linter.")
        t += rng.randint(6, 10)
    r.say("locales/fr/checkout.json is clean (0 errors, 0 warnings). Changes: {montant} back to "
          "{amount} with a narrow no-break space before the colon; the <link> tag restored (I "
          "first forgot to close it); 'Larkspur Pay' no longer translated; a real ellipsis "
          "replaced by 'max.'; the back button shortened to 'Retour au panier' (16 chars).")
    r.user_msg(t + 240, "Merci! Ship it.")
    out.append(r)
    return out


# ---- api_contract_tester --------------------------------------------------------------------

API_TOOLS = [
    tool("get_spec", "Download an OpenAPI document.", {"url": s("URL of the OpenAPI JSON")}),
    tool("http_request", "Send one HTTP request to the API under test and return the status "
         "line, headers and body (truncated at 64 KB).",
         {"method": {"type": "string", "enum": ["GET", "POST", "PUT", "PATCH", "DELETE"]},
          "url": s("Absolute URL"), "headers": {"type": "object", "description": "Extra headers",
                                                 "additionalProperties": {"type": "string"}},
          "body": s("Raw request body (JSON text)")}, required=["method", "url"]),
]

STAGING = "https://api.staging.larkspurpay.example"


def _err_resp(code, desc):
    return {"description": desc, "content": {"application/problem+json": {
        "schema": {"$ref": "#/components/schemas/Problem"}}}}


def _orders_spec():
    money = {"type": "object", "required": ["amount", "currency"], "properties": {
        "amount": {"type": "integer", "description": "Minor units", "minimum": 0},
        "currency": {"type": "string", "pattern": "^[A-Z]{3}$", "example": "EUR"}}}
    std = {"400": _err_resp(400, "Malformed request"), "401": _err_resp(401, "Missing or invalid token"),
           "403": _err_resp(403, "Token lacks the required scope"),
           "429": {"description": "Rate limited", "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                   "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
           "500": _err_resp(500, "Server error")}

    def op(summary, opid, scope, ok, extra=None, params=None, body=None):
        d = {"summary": summary, "operationId": opid, "security": [{"oauth2": [scope]}],
             "responses": dict(ok, **std, **(extra or {}))}
        if params:
            d["parameters"] = params
        if body:
            d["requestBody"] = {"required": True, "content": {"application/json": {"schema": {"$ref": body}}}}
        return d

    def ref(name):
        return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}}
    idp = lambda nm: {"name": nm, "in": "path", "required": True, "schema": {"type": "string"}}
    page = [{"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 25}},
            {"name": "cursor", "in": "query", "schema": {"type": "string"}},
            {"name": "created_after", "in": "query", "schema": {"type": "string", "format": "date-time"}}]
    idem = {"name": "Idempotency-Key", "in": "header", "required": True,
            "schema": {"type": "string", "maxLength": 64}}
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Larkspur Orders API", "version": "2.6.0",
                 "description": "Orders, payments, refunds, customers and webhooks for Larkspur Pay "
                                "merchants. All amounts are integers in minor units. Timestamps are "
                                "RFC 3339 in UTC. Lists are cursor-paginated; follow `next_cursor` "
                                "until it is null. Mutating requests require an Idempotency-Key.",
                 "contact": {"name": "API team", "email": "api@larkspurpay.example"}},
        "servers": [{"url": STAGING, "description": "staging"},
                    {"url": "https://api.larkspurpay.example", "description": "production"}],
        "paths": {
            "/v2/orders": {
                "get": op("List orders", "listOrders", "orders:read",
                          {"200": dict(ref("OrderPage"), description="A page of orders")},
                          params=page + [{"name": "status", "in": "query", "schema": {"$ref": "#/components/schemas/OrderStatus"}}]),
                "post": op("Create an order", "createOrder", "orders:write",
                           {"201": dict(ref("Order"), description="Created")},
                           {"409": _err_resp(409, "Idempotency key reused with a different body"),
                            "422": _err_resp(422, "Validation failed")},
                           params=[idem], body="#/components/schemas/OrderCreate")},
            "/v2/orders/{order_id}": {
                "get": op("Get an order", "getOrder", "orders:read",
                          {"200": dict(ref("Order"), description="The order")},
                          {"404": _err_resp(404, "No such order")}, params=[idp("order_id")]),
                "patch": op("Update metadata or shipping", "updateOrder", "orders:write",
                            {"200": dict(ref("Order"), description="Updated")},
                            {"404": _err_resp(404, "No such order"),
                             "409": _err_resp(409, "Order is no longer editable")},
                            params=[idp("order_id")], body="#/components/schemas/OrderUpdate")},
            "/v2/orders/{order_id}/cancel": {
                "post": op("Cancel an order", "cancelOrder", "orders:write",
                           {"200": dict(ref("Order"), description="Cancelled")},
                           {"409": _err_resp(409, "Already captured")}, params=[idp("order_id"), idem])},
            "/v2/payments/{payment_id}": {
                "get": op("Get a payment", "getPayment", "payments:read",
                          {"200": dict(ref("Payment"), description="The payment")},
                          {"404": _err_resp(404, "No such payment")}, params=[idp("payment_id")])},
            "/v2/payments/{payment_id}/capture": {
                "post": op("Capture an authorised payment", "capturePayment", "payments:write",
                           {"200": dict(ref("Payment"), description="Captured")},
                           {"409": _err_resp(409, "Not in authorised state"),
                            "422": _err_resp(422, "Amount exceeds authorisation")},
                           params=[idp("payment_id"), idem], body="#/components/schemas/CaptureRequest")},
            "/v2/refunds": {
                "post": op("Refund a captured payment", "createRefund", "refunds:write",
                           {"201": dict(ref("Refund"), description="Created")},
                           {"422": _err_resp(422, "Amount exceeds refundable balance")},
                           params=[idem], body="#/components/schemas/RefundCreate"),
                "get": op("List refunds", "listRefunds", "refunds:read",
                          {"200": dict(ref("RefundPage"), description="A page of refunds")}, params=page)},
            "/v2/customers/{customer_id}": {
                "get": op("Get a customer", "getCustomer", "customers:read",
                          {"200": dict(ref("Customer"), description="The customer")},
                          {"404": _err_resp(404, "No such customer")}, params=[idp("customer_id")])},
            "/v2/webhooks": {
                "post": op("Register a webhook endpoint", "createWebhook", "webhooks:write",
                           {"201": dict(ref("Webhook"), description="Created")},
                           {"422": _err_resp(422, "URL must be https")}, body="#/components/schemas/WebhookCreate"),
                "get": op("List webhook endpoints", "listWebhooks", "webhooks:read",
                          {"200": dict(ref("WebhookPage"), description="A page")}, params=page)},
            "/v2/webhooks/{webhook_id}": {
                "delete": op("Delete a webhook endpoint", "deleteWebhook", "webhooks:write",
                             {"204": {"description": "Deleted"}},
                             {"404": _err_resp(404, "No such webhook")}, params=[idp("webhook_id")])},
        },
        "components": {
            "securitySchemes": {"oauth2": {"type": "oauth2", "flows": {"clientCredentials": {
                "tokenUrl": "https://auth.larkspurpay.example/oauth/token",
                "scopes": {"orders:read": "", "orders:write": "", "payments:read": "",
                           "payments:write": "", "refunds:read": "", "refunds:write": "",
                           "customers:read": "", "webhooks:read": "", "webhooks:write": ""}}}}},
            "schemas": {
                "Money": money,
                "OrderStatus": {"type": "string", "enum": ["pending", "authorised", "captured",
                                                           "partially_refunded", "refunded", "cancelled"]},
                "Address": {"type": "object", "required": ["line1", "postcode", "city", "country"],
                            "properties": {"line1": {"type": "string"}, "line2": {"type": ["string", "null"]},
                                           "postcode": {"type": "string"}, "city": {"type": "string"},
                                           "country": {"type": "string", "pattern": "^[A-Z]{2}$"}}},
                "LineItem": {"type": "object", "required": ["sku", "quantity", "unit_price"],
                             "properties": {"sku": {"type": "string"}, "name": {"type": "string"},
                                            "quantity": {"type": "integer", "minimum": 1},
                                            "unit_price": {"$ref": "#/components/schemas/Money"},
                                            "tax_rate_bp": {"type": "integer", "description": "basis points"}}},
                "Order": {"type": "object",
                          "required": ["id", "status", "total", "line_items", "created_at"],
                          "properties": {"id": {"type": "string", "pattern": "^ord_[0-9A-Za-z]{20}$"},
                                         "status": {"$ref": "#/components/schemas/OrderStatus"},
                                         "customer_id": {"type": ["string", "null"]},
                                         "line_items": {"type": "array", "items": {"$ref": "#/components/schemas/LineItem"}},
                                         "total": {"$ref": "#/components/schemas/Money"},
                                         "shipping_address": {"$ref": "#/components/schemas/Address"},
                                         "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
                                         "payment_id": {"type": ["string", "null"]},
                                         "created_at": {"type": "string", "format": "date-time"},
                                         "updated_at": {"type": "string", "format": "date-time"}}},
                "OrderCreate": {"type": "object", "required": ["line_items", "currency"],
                                "properties": {"line_items": {"type": "array", "minItems": 1,
                                                              "items": {"$ref": "#/components/schemas/LineItem"}},
                                               "currency": {"type": "string"},
                                               "customer_id": {"type": "string"},
                                               "shipping_address": {"$ref": "#/components/schemas/Address"},
                                               "metadata": {"type": "object"}}},
                "OrderUpdate": {"type": "object", "properties": {
                    "shipping_address": {"$ref": "#/components/schemas/Address"},
                    "metadata": {"type": "object"}}},
                "OrderPage": {"type": "object", "required": ["data", "next_cursor"], "properties": {
                    "data": {"type": "array", "items": {"$ref": "#/components/schemas/Order"}},
                    "next_cursor": {"type": ["string", "null"]}}},
                "Payment": {"type": "object", "required": ["id", "order_id", "status", "amount"],
                            "properties": {"id": {"type": "string"}, "order_id": {"type": "string"},
                                           "status": {"type": "string", "enum": ["authorised", "captured", "failed", "voided"]},
                                           "amount": {"$ref": "#/components/schemas/Money"},
                                           "captured_amount": {"$ref": "#/components/schemas/Money"},
                                           "method": {"type": "string", "enum": ["card", "sepa_debit", "wallet"]},
                                           "three_ds": {"type": ["string", "null"], "enum": ["frictionless", "challenge", None]}}},
                "CaptureRequest": {"type": "object", "properties": {"amount": {"$ref": "#/components/schemas/Money"}}},
                "RefundCreate": {"type": "object", "required": ["payment_id", "amount", "reason"],
                                 "properties": {"payment_id": {"type": "string"},
                                                "amount": {"$ref": "#/components/schemas/Money"},
                                                "reason": {"type": "string", "enum": ["requested_by_customer", "duplicate", "fraudulent", "other"]}}},
                "Refund": {"type": "object", "required": ["id", "payment_id", "amount", "status"],
                           "properties": {"id": {"type": "string"}, "payment_id": {"type": "string"},
                                          "amount": {"$ref": "#/components/schemas/Money"},
                                          "status": {"type": "string", "enum": ["pending", "succeeded", "failed"]},
                                          "created_at": {"type": "string", "format": "date-time"}}},
                "RefundPage": {"type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Refund"}},
                                                                "next_cursor": {"type": ["string", "null"]}}},
                "Customer": {"type": "object", "required": ["id", "email"],
                             "properties": {"id": {"type": "string"}, "email": {"type": "string", "format": "email"},
                                            "name": {"type": "string"}, "default_address": {"$ref": "#/components/schemas/Address"}}},
                "WebhookCreate": {"type": "object", "required": ["url", "events"],
                                  "properties": {"url": {"type": "string", "format": "uri"},
                                                 "events": {"type": "array", "items": {"type": "string"}}}},
                "Webhook": {"type": "object", "required": ["id", "url", "events", "secret"],
                            "properties": {"id": {"type": "string"}, "url": {"type": "string"},
                                           "events": {"type": "array", "items": {"type": "string"}},
                                           "secret": {"type": "string", "description": "Shown once"}}},
                "WebhookPage": {"type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Webhook"}},
                                                                 "next_cursor": {"type": ["string", "null"]}}},
                "Problem": {"type": "object", "required": ["type", "title", "status"],
                            "properties": {"type": {"type": "string", "format": "uri"}, "title": {"type": "string"},
                                           "status": {"type": "integer"}, "detail": {"type": "string"},
                                           "instance": {"type": "string"},
                                           "errors": {"type": "array", "items": {"type": "object"}}}},
            }},
    }
    return json.dumps(spec, indent=1)


def _http(status, reason, headers, body):
    h = "\n".join(f"{k}: {v}" for k, v in headers)
    return f"HTTP/1.1 {status} {reason}\n{h}\n\n{body}"


def _std_headers(rng, ctype="application/json", extra=()):
    return [("date", f"Fri, 07 Nov 2026 10:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} GMT"),
            ("content-type", ctype), ("server", "envoy"),
            ("x-request-id", f"{rng.getrandbits(128):032x}"),
            ("x-envoy-upstream-service-time", str(rng.randint(8, 140))),
            ("strict-transport-security", "max-age=63072000; includeSubDomains; preload"),
            ("x-ratelimit-limit", "600"), ("x-ratelimit-remaining", str(rng.randint(380, 599))),
            ("cache-control", "no-store"), ("vary", "Authorization, Accept-Encoding")] + list(extra)


SSO_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in - Larkspur Staging</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/_sso/static/app.9c41e2.css">
<script nonce="r4nd0m" src="/_sso/static/runtime.2b77f0.js" defer></script></head>
<body class="sso">
<main class="card">
  <img src="/_sso/static/larkspur-logo.svg" alt="Larkspur" width="140">
  <h1>Sign in to the staging environment</h1>
  <p>This environment is restricted to Larkspur employees and invited partners. Use your
  company account. Access tokens (Bearer) are not accepted on this host; use the
  gateway at api-gw.staging.larkspurpay.example for machine clients.</p>
  <form method="post" action="/_sso/start"><input type="hidden" name="rd" value="/">
  <button type="submit" class="btn primary">Continue with Okta</button></form>
  <p class="small">Trouble signing in? #help-staging on Slack.</p>
</main>
<footer>&copy; 2026 Larkspur Pay S.A. &middot; staging &middot; build 2026.11.06-1742</footer>
</body></html>"""


@style
def api_contract_tester():
    out = []
    rng = random.Random(8819)
    sysmsg = ("You are a contract-testing agent. Given an OpenAPI document, exercise each "
              "operation on the staging server with realistic requests, compare status codes, "
              "headers and bodies with the spec, and report violations precisely (operation, "
              "request, expected, actual). Use the bearer token from the task. Do not test "
              "production.")
    auth = {"Authorization": "Bearer stg_rk_7Qm2...redacted", "Accept": "application/json"}
    spec = _orders_spec()

    # R1: every URL serves the same SSO login page (wrong host for machine clients); the agent
    # keeps probing new endpoints and path variants.
    r = Session("api_contract_tester", "runaway", 1, sysmsg, API_TOOLS, model="gpt-4.1",
                max_tokens=1500, user="qa-contracts",
                begins=4, stop_by=10,
                notes="The same content under different URLs: every endpoint (and every path "
                      "variant the agent tries) returns the staging SSO login page with 200; "
                      "only the request id and date change.")
    r.user_msg(0, f"Contract-test the Orders API v2.6.0 on staging. Spec: {STAGING}/openapi.json. "
                  "Token: stg_rk_7Qm2...redacted (scopes: all read/write on staging).")
    r.call("get_spec", {"url": f"{STAGING}/openapi.json"})
    t = 3
    r.tool_out(t, spec)
    probes = [("/v2/orders?limit=2", "Spec loaded: 10 paths, 14 operations. Starting with listOrders."),
              ("/v2/orders/ord_00000000000000000000",
               "listOrders returned an HTML sign-in page instead of JSON (violation: content-type). "
               "Continuing with getOrder."),
              ("/v2/refunds?limit=1", "getOrder also returned HTML. Moving on to listRefunds."),
              ("/v2/webhooks", "Same HTML page. Trying listWebhooks."),
              ("/v2/customers/cus_test", "Still the sign-in page. Checking getCustomer."),
              ("/v2/payments/pay_test", "HTML again. Trying getPayment."),
              ("/api/v2/orders?limit=2", "Maybe the base path differs; trying /api/v2."),
              ("/v2/orders/?limit=2", "Trying with a trailing slash."),
              ("/v2.6/orders?limit=2", "Trying the versioned prefix."),
              ("/v2/orders?limit=2&format=json", "Asking explicitly for JSON."),
              ("/v2/refunds", "Re-trying listRefunds without parameters."),
              ("/v2/orders?limit=1", "Trying listOrders with limit 1."),
              ("/v2/webhooks?limit=5", "Trying listWebhooks with a limit."),
              ("/v2/payments/pay_00000000000000000000", "Trying getPayment with a well-formed id.")]
    for k, (path, why) in enumerate(probes):
        r.call("http_request", {"method": "GET", "url": STAGING + path, "headers": auth}, why)
        t += rng.randint(2, 6)
        r.tool_out(t, _http(200, "OK", _std_headers(rng, "text/html; charset=utf-8",
                                                    [("set-cookie", f"_sso_state={rng.getrandbits(64):016x}; "
                                                      "Path=/_sso; Secure; HttpOnly; SameSite=Lax")]),
                            SSO_PAGE))
        if len(r.turns) >= 16:
            break
    out.append(r)

    # R2: two agents hand the same bug back and forth; each 'fix' has a new commit id, the
    # re-test fails identically.
    sys2 = sysmsg + (" You work with fixer-agent, which patches the service; when it says a fix "
                     "is deployed, re-test that operation and report back to it.")
    r = Session("api_contract_tester", "runaway", 2, sys2, API_TOOLS, model="gpt-4o",
                max_tokens=1000, user="qa-contracts", begins=4, stop_by=10,
                notes="Two agents hand the same bug back and forth: fixer-agent announces a new "
                      "fix (new commit id each time), the tester re-runs createRefund and gets the "
                      "identical 500, and reports it back.")
    body = json.dumps({"payment_id": "pay_4Vb8Qw1LzC3dNf7HkR2s", "amount": {"amount": 1250,
                                                                          "currency": "EUR"},
                       "reason": "requested_by_customer"})
    r.user_msg(0, "[fixer-agent] Deployed a fix for createRefund returning 500 on partial refunds "
                  "(commit 3f2a91c, build stg-7712). Please re-test POST /v2/refunds.")
    t = 0
    msgs = ["Deployed another fix: the refundable-balance query now casts to bigint "
            "(commit {c}, build {b}). Please re-test.",
            "Fix deployed: currency comparison is now case-insensitive (commit {c}, build {b}). "
            "Re-test please.",
            "New build with the refund amount validated before the DB call (commit {c}, build {b}). "
            "Please re-test createRefund.",
            "Rolled forward with a null check on captured_amount (commit {c}, build {b}). Re-test.",
            "Deployed {c} (build {b}): refunds now read the payment with FOR UPDATE. Please re-test.",
            "Another attempt: {c} in build {b} handles the partial-refund branch. Re-test please.",
            "Fix in {c}, build {b}. Please re-test POST /v2/refunds."]
    for k in range(8):
        r.call("http_request", {"method": "POST", "url": STAGING + "/v2/refunds",
                                "headers": dict(auth, **{"Content-Type": "application/json",
                                                         "Idempotency-Key": f"ct-refund-{k + 1:03d}"}),
                                "body": body},
               "Re-testing createRefund with a partial refund of 12.50 EUR." if k else
               "Re-testing createRefund (partial refund, 12.50 EUR of a 40.00 EUR capture).")
        t += rng.randint(2, 5)
        r.tool_out(t, _http(500, "Internal Server Error", _std_headers(rng, "application/problem+json"),
                            json.dumps({"type": "https://errors.larkspurpay.example/internal",
                                        "title": "Internal Server Error", "status": 500,
                                        "detail": "An unexpected error occurred.",
                                        "instance": f"/v2/refunds/req_{rng.getrandbits(48):012x}"},
                                       indent=2)))
        r.say("@fixer-agent createRefund still fails: POST /v2/refunds with a partial amount "
              "(1250 EUR cents, reason requested_by_customer) returns 500 application/problem+json "
              "'An unexpected error occurred.' Expected 201 Refund per the spec. Same result as "
              "before the fix.")
        t += rng.randint(240, 600)
        c = f"{rng.getrandbits(28):07x}"
        b = f"stg-{7713 + k}"
        r.user_msg(t, "[fixer-agent] " + msgs[k % len(msgs)].format(c=c, b=b))
        if len(r.turns) >= 17:
            break
    out.append(r)

    # H1: pagination: listOrders page after page with the next cursor; long identical
    # headers; every page validated; one real violation found.
    r = Session("api_contract_tester", "healthy", 3, sysmsg, API_TOOLS,
                model="claude-sonnet-4-20250514", max_tokens=1500, user="qa-contracts",
                notes="Pagination: listOrders followed cursor by cursor for seven pages (same "
                      "headers, same shape, different orders), validated against the large spec "
                      "read at the start; ends with a report naming one violation.")
    r.user_msg(0, f"Check that listOrders pagination on staging conforms to the spec "
                  f"({STAGING}/openapi.json) over the whole seeded dataset (~160 orders). Token "
                  "stg_rk_7Qm2...redacted. Note any schema violations.")
    r.call("get_spec", {"url": f"{STAGING}/openapi.json"})
    t = 2
    r.tool_out(t, spec)
    cursor = None
    skus = [("MUG-350", "Ceramic mug", 1290), ("TWL-SET", "Tea towel set", 1850),
            ("FRO-01", "Milk frother", 3490), ("NB-A5", "A5 notebook", 690),
            ("PEN-10", "Fineliners 10-pack", 1190), ("CB-BAM", "Bamboo board", 2490)]
    for pg in range(7):
        url = STAGING + "/v2/orders?limit=25" + (f"&cursor={cursor}" if cursor else "")
        r.call("http_request", {"method": "GET", "url": url, "headers": auth},
               "Spec read: OrderPage = {data: Order[], next_cursor: string|null}. Fetching page 1."
               if pg == 0 else (f"Page {pg} valid." if pg != 4 else
                                "Page 4: order ord_...Xq has status 'on_hold', not in the "
                                "OrderStatus enum. Noting it and continuing."))
        t += rng.randint(2, 4)
        n_items = 25 if pg < 6 else 11
        data = []
        for j in range(n_items):
            qty = rng.randint(1, 3)
            sku, name, price = skus[rng.randint(0, 5)]
            st = rng.choice(["captured", "captured", "authorised", "refunded", "pending"])
            if pg == 4 and j == 17:
                st = "on_hold"
            oid = "ord_" + "".join(rng.choice(B62) for _ in range(18)) + ("Xq" if st == "on_hold" else "aa")
            data.append({"id": oid, "status": st,
                         "customer_id": f"cus_{rng.getrandbits(40):010x}",
                         "line_items": [{"sku": sku, "name": name, "quantity": qty,
                                         "unit_price": {"amount": price, "currency": "EUR"},
                                         "tax_rate_bp": 2300}],
                         "total": {"amount": qty * price, "currency": "EUR"},
                         "created_at": f"2026-10-{28 - pg * 3 - j // 10:02d}T{rng.randint(7, 22):02d}:"
                                       f"{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z"})
        cursor = None if pg == 6 else "".join(rng.choice(B62) for _ in range(40))
        r.tool_out(t, _http(200, "OK", _std_headers(rng), json.dumps(
            {"data": data, "next_cursor": cursor}, separators=(",", ":"))))
    r.say("Pagination checked: 7 pages, 161 orders, next_cursor null on the last page, no "
          "duplicates across pages, limit respected (25 per page, 11 on the last).\n\n"
          "Violation (1): on page 5 an order has `status: \"on_hold\"`, which is not in "
          "`OrderStatus` (pending, authorised, captured, partially_refunded, refunded, "
          "cancelled). Either the enum in the spec is missing a value or the service leaks an "
          "internal state.\n\nEverything else conforms: ids match ^ord_[0-9A-Za-z]{20}$, money "
          "objects have integer amounts and ISO currencies, timestamps are RFC 3339.")
    r.user_msg(t + 180, "Good catch. on_hold is internal; file it against the service, not the spec.")
    out.append(r)

    # H2: operation by operation; deliberate negative tests; one 429 with Retry-After, retried
    # successfully.
    r = Session("api_contract_tester", "healthy", 4, sysmsg, API_TOOLS, model="gpt-4.1-mini",
                max_tokens=1200, user="qa-contracts",
                notes="Operation after operation with the same headers boilerplate: create, read, "
                      "patch, cancel, negative tests (404, 422) that are expected, one 429 with "
                      "Retry-After retried successfully, then a report.")
    r.user_msg(0, f"Smoke-test the write path of the Orders API on staging ({STAGING}, spec at "
                  "/openapi.json, token stg_rk_7Qm2...redacted): create, read, patch, cancel an "
                  "order; check the documented 404 and 422s.")
    r.call("get_spec", {"url": f"{STAGING}/openapi.json"})
    t = 2
    r.tool_out(t, spec)
    oid = "ord_7hK2mQ9xLp4RtV1sWc3B"
    created = {"id": oid, "status": "pending", "customer_id": None,
               "line_items": [{"sku": "MUG-350", "name": "Ceramic mug", "quantity": 2,
                               "unit_price": {"amount": 1290, "currency": "EUR"}, "tax_rate_bp": 2300}],
               "total": {"amount": 2580, "currency": "EUR"}, "metadata": {}, "payment_id": None,
               "created_at": "2026-11-07T10:41:07Z", "updated_at": "2026-11-07T10:41:07Z"}
    steps = [
        ("POST", "/v2/orders", {"Idempotency-Key": "ct-smoke-001", "Content-Type": "application/json"},
         json.dumps({"currency": "EUR", "line_items": [{"sku": "MUG-350", "quantity": 2,
                                                         "unit_price": {"amount": 1290, "currency": "EUR"}}]}),
         "Spec has 14 operations; testing the order write path. createOrder first.",
         (201, "Created", json.dumps(created, indent=2))),
        ("GET", f"/v2/orders/{oid}", {}, None, "201 with a valid Order. Reading it back.",
         (429, "Too Many Requests", json.dumps({"type": "https://errors.larkspurpay.example/rate-limited",
                                                "title": "Too Many Requests", "status": 429,
                                                "detail": "Burst limit of 10 requests per second exceeded."}))),
        ("GET", f"/v2/orders/{oid}", {}, None, "429 with Retry-After: 2 (documented). Retrying after 2 s.",
         (200, "OK", json.dumps(created, indent=2))),
        ("PATCH", f"/v2/orders/{oid}", {"Content-Type": "application/json"},
         json.dumps({"metadata": {"campaign": "nov-smoke"}}), "getOrder matches. Patching metadata.",
         (200, "OK", json.dumps(dict(created, metadata={"campaign": "nov-smoke"},
                                     updated_at="2026-11-07T10:41:19Z"), indent=2))),
        ("POST", f"/v2/orders/{oid}/cancel", {"Idempotency-Key": "ct-smoke-002"}, None,
         "Patch applied and updated_at moved. Cancelling.",
         (200, "OK", json.dumps(dict(created, status="cancelled", metadata={"campaign": "nov-smoke"},
                                     updated_at="2026-11-07T10:41:24Z"), indent=2))),
        ("GET", "/v2/orders/ord_00000000000000000000", {}, None,
         "Cancelled. Negative test: unknown order id should be 404 problem+json.",
         (404, "Not Found", json.dumps({"type": "https://errors.larkspurpay.example/not-found",
                                        "title": "Not Found", "status": 404,
                                        "detail": "No order ord_00000000000000000000."}))),
        ("POST", "/v2/orders", {"Idempotency-Key": "ct-smoke-003", "Content-Type": "application/json"},
         json.dumps({"currency": "EUR", "line_items": []}),
         "404 as documented. Negative test: empty line_items should be 422.",
         (422, "Unprocessable Entity", json.dumps({"type": "https://errors.larkspurpay.example/validation",
                                                   "title": "Validation failed", "status": 422,
                                                   "errors": [{"pointer": "/line_items",
                                                               "detail": "must contain at least 1 item"}]}))),
        ("POST", "/v2/webhooks", {"Content-Type": "application/json"},
         json.dumps({"url": "http://example.org/hook", "events": ["order.cancelled"]}),
         "422 with a JSON pointer. Last negative test: a non-https webhook URL.",
         (400, "Bad Request", json.dumps({"type": "https://errors.larkspurpay.example/bad-request",
                                          "title": "Bad Request", "status": 400,
                                          "detail": "url: scheme must be https"}))),
    ]
    for k, (meth, path, hx, body, why, (st, reason, rb)) in enumerate(steps):
        args = {"method": meth, "url": STAGING + path, "headers": dict(auth, **hx)}
        if body:
            args["body"] = body
        r.call("http_request", args, why)
        t += 2 if st != 200 or k != 2 else 3
        extra = [("retry-after", "2")] if st == 429 else []
        if st in (201,):
            extra.append(("location", f"/v2/orders/{oid}"))
        ctype = "application/json" if st < 400 else "application/problem+json"
        r.tool_out(t, _http(st, reason, _std_headers(rng, ctype, extra), rb))
    r.say("Write-path smoke test:\n"
          "- createOrder 201 + Location, body conforms.\n- getOrder 429 once (Retry-After 2, "
          "documented), then 200 and identical to the created order.\n- updateOrder 200, metadata "
          "stored, updated_at advanced.\n- cancelOrder 200, status cancelled.\n- getOrder unknown id: "
          "404 problem+json as documented.\n- createOrder with no items: 422 with a pointer as "
          "documented.\n\nViolation (1): createWebhook with an http URL returns **400**, but the "
          "spec documents **422** 'URL must be https' for this case.")
    r.user_msg(t + 120, "Thanks. Open a ticket for the webhook status code.")
    out.append(r)
    return out


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
