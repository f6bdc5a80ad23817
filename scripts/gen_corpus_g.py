#!/usr/bin/env python3
"""Writes tests/fixtures/corpus_g: writer-g's held-out agent-session corpus (issue 13).

Stdlib only, deterministic (no clock, no network, seeded randomness keyed by session name).
Each style is written by hand in scripts/corpus_g/<style>.py as an abstract conversation
(user inputs, assistant replies with optional tool calls, tool outputs); this file renders
it into one of three API shapes (OpenAI Chat, OpenAI Responses, Anthropic Messages),
validates every request against its API's structural rules and writes the JSON files.

    python3 scripts/gen_corpus_g.py           # (re)write the corpus
    python3 scripts/gen_corpus_g.py --check   # regenerate in memory, compare with disk, validate

This script must not read or import the detectors (src/) or any other corpus generator.
"""

import hashlib
import importlib.util
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "corpus_g")
STYLE_DIR = os.path.join(ROOT, "scripts", "corpus_g")
STYLES = [
    "insurance_claims",
    "sales_outreach",
    "data_pipeline_debug",
    "home_automation",
    "contract_drafting",
    "mobile_app_qa",
]
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}


def rng_for(name):
    """A random generator seeded by the session's name only."""
    return random.Random(int(hashlib.sha256(name.encode()).hexdigest()[:16], 16))


class Session:
    """An abstract agent session: the history grows by user inputs, assistant replies and
    tool outputs; every user input or batch of tool outputs ends one turn (one request)."""

    def __init__(self, name, style, shape, model, system, tools=None, max_out=1024, notes="", temperature=None):
        assert shape in PATHS
        self.name = name
        self.style = style
        self.shape = shape
        self.model = model
        self.system = system
        self.tools = tools or []  # list of (name, description, json-schema properties dict)
        self.max_out = max_out
        self.notes = notes
        self.temperature = temperature
        self.history = []  # items: ("user", text) | ("assistant", text, [(name, args)]) | ("tool", [outputs])
        self.turns = []  # (at_seconds, history length, start index)
        self.start = 0
        self.expected = {"outcome": "healthy"}
        self.rng = rng_for(name)

    def runaway(self, begins, stop_by):
        self.expected = {"outcome": "runaway", "loop_begins_turn": begins, "stop_by_turn": stop_by}

    def u(self, at, text, fresh=False):
        """A user message ends a turn. fresh=True: a stateless client, history dropped."""
        if fresh:
            self.start = len(self.history)
        self.history.append(("user", text))
        self.turns.append((at, len(self.history), self.start))

    def a(self, text=None, calls=None):
        """The assistant's reply to the last turn (as the model answered it)."""
        self.history.append(("assistant", text, list(calls or [])))

    def t(self, at, outputs):
        """Outputs of the last assistant reply's tool calls, in order; ends a turn."""
        if not isinstance(outputs, list):
            outputs = [outputs]
        self.history.append(("tool", [o if isinstance(o, str) else json.dumps(o, indent=None) for o in outputs]))
        self.turns.append((at, len(self.history), self.start))

    def last_turn(self):
        return len(self.turns)

    # ----------------------------------------------------------------- rendering

    def _ids(self, prefix):
        n = 0
        while True:
            n += 1
            h = hashlib.sha256(f"{self.name}/{n}".encode()).hexdigest()
            yield prefix + h[:24]

    def _render(self, items):
        shape = self.shape
        ids = self._ids({"chat": "call_", "responses": "call_", "anthropic": "toolu_01"}[shape])
        out = []
        pending = []
        for it in items:
            if it[0] == "user":
                if shape == "chat":
                    out.append({"role": "user", "content": it[1]})
                elif shape == "responses":
                    out.append({"role": "user", "content": it[1]})
                else:
                    out.append({"role": "user", "content": it[1]})
            elif it[0] == "assistant":
                text, calls = it[1], it[2]
                cids = [next(ids) for _ in calls]
                pending = cids
                if shape == "chat":
                    m = {"role": "assistant", "content": text}
                    if calls:
                        m["tool_calls"] = [
                            {"id": i, "type": "function", "function": {"name": n, "arguments": json.dumps(a)}}
                            for i, (n, a) in zip(cids, calls)
                        ]
                    out.append(m)
                elif shape == "responses":
                    if text:
                        out.append(
                            {
                                "type": "message",
                                "role": "assistant",
                                "content": [{"type": "output_text", "text": text}],
                            }
                        )
                    for i, (n, a) in zip(cids, calls):
                        out.append({"type": "function_call", "call_id": i, "name": n, "arguments": json.dumps(a)})
                else:
                    blocks = []
                    if text:
                        blocks.append({"type": "text", "text": text})
                    for i, (n, a) in zip(cids, calls):
                        blocks.append({"type": "tool_use", "id": i, "name": n, "input": a})
                    out.append({"role": "assistant", "content": blocks})
            else:
                outs = it[1]
                assert len(outs) == len(pending), (self.name, len(outs), len(pending))
                if shape == "chat":
                    for i, o in zip(pending, outs):
                        out.append({"role": "tool", "tool_call_id": i, "content": o})
                elif shape == "responses":
                    for i, o in zip(pending, outs):
                        out.append({"type": "function_call_output", "call_id": i, "output": o})
                else:
                    out.append(
                        {
                            "role": "user",
                            "content": [{"type": "tool_result", "tool_use_id": i, "content": o} for i, o in zip(pending, outs)],
                        }
                    )
                pending = []
        return out

    def _tools(self):
        res = []
        for name, desc, props in self.tools:
            schema = {"type": "object", "properties": props, "required": list(props)}
            if self.shape == "chat":
                res.append({"type": "function", "function": {"name": name, "description": desc, "parameters": schema}})
            elif self.shape == "responses":
                res.append({"type": "function", "name": name, "description": desc, "parameters": schema})
            else:
                res.append({"name": name, "description": desc, "input_schema": schema})
        return res

    def request(self, end, start):
        msgs = self._render(self.history[start:end])
        if self.shape == "chat":
            req = {"model": self.model, "messages": [{"role": "system", "content": self.system}] + msgs}
            req["max_tokens"] = self.max_out
        elif self.shape == "responses":
            req = {"model": self.model, "instructions": self.system, "input": msgs, "max_output_tokens": self.max_out}
        else:
            req = {"model": self.model, "max_tokens": self.max_out, "system": self.system, "messages": msgs}
        if self.tools:
            req["tools"] = self._tools()
        if self.temperature is not None:
            req["temperature"] = self.temperature
        return req

    def to_json(self):
        # the ids of a stateless session restart with each fresh history: render per turn
        turns = [{"at_seconds": at, "request": self.request(end, start)} for at, end, start in self.turns]
        d = {
            "name": self.name,
            "style": self.style,
            "shape": self.shape,
            "path": PATHS[self.shape],
            "headers": {"x-session-id": f"corpus-g-{self.name}", "x-user-id": self.user_id()},
            "expected": self.expected,
            "notes": self.notes,
            "turns": turns,
        }
        return d

    def user_id(self):
        h = hashlib.sha256(("user/" + self.style + "/" + self.name[-1]).encode()).hexdigest()
        return "u-" + h[:10]


# --------------------------------------------------------------------- validation


class Invalid(Exception):
    pass


def _need(cond, msg):
    if not cond:
        raise Invalid(msg)


def validate_chat(req, tools):
    _need(isinstance(req.get("model"), str), "model")
    msgs = req.get("messages")
    _need(isinstance(msgs, list) and msgs, "messages")
    open_ids = []
    for i, m in enumerate(msgs):
        role = m.get("role")
        _need(role in ("system", "user", "assistant", "tool"), f"role {role}")
        if role == "tool":
            _need(m.get("tool_call_id") in open_ids, f"tool message {i} answers no open call")
            open_ids.remove(m["tool_call_id"])
            _need(isinstance(m.get("content"), str), "tool content")
            continue
        _need(not open_ids, f"message {i} before all tool calls answered")
        if role == "system":
            _need(i == 0, "system not first")
        if role == "assistant":
            _need(m.get("content") is not None or m.get("tool_calls"), "empty assistant")
            for c in m.get("tool_calls", []):
                _need(c["type"] == "function" and c["function"]["name"] in tools, "undeclared tool")
                json.loads(c["function"]["arguments"])
                open_ids.append(c["id"])
        if role == "user":
            _need(isinstance(m.get("content"), str) and m["content"], "user content")
    _need(not open_ids, "unanswered tool calls at end")
    _need(msgs[-1]["role"] in ("user", "tool"), "last message must be user or tool")
    _need("max_tokens" in req or "max_completion_tokens" in req, "max_tokens")


def validate_responses(req, tools):
    _need(isinstance(req.get("model"), str), "model")
    _need("previous_response_id" not in req, "previous_response_id")
    _need(isinstance(req.get("max_output_tokens"), int), "max_output_tokens")
    items = req.get("input")
    _need(isinstance(items, list) and items, "input")
    open_ids = []
    for i, it in enumerate(items):
        typ = it.get("type", "message")
        if typ == "function_call":
            _need(it["name"] in tools, "undeclared tool")
            json.loads(it["arguments"])
            open_ids.append(it["call_id"])
        elif typ == "function_call_output":
            _need(it["call_id"] in open_ids, f"output {i} answers no open call")
            open_ids.remove(it["call_id"])
            _need(isinstance(it["output"], str), "output")
        elif typ == "message":
            _need(not open_ids, f"message {i} before all calls answered")
            _need(it.get("role") in ("user", "assistant", "developer", "system"), "role")
            if it["role"] == "assistant":
                _need(isinstance(it["content"], list) and it["content"][0]["type"] == "output_text", "assistant content")
            else:
                _need(isinstance(it["content"], str) and it["content"], "user content")
        else:
            raise Invalid(f"item type {typ}")
    _need(not open_ids, "unanswered calls")
    last = items[-1]
    _need(last.get("type", "message") == "function_call_output" or last.get("role") == "user", "last item")


def validate_anthropic(req, tools):
    _need(isinstance(req.get("model"), str), "model")
    _need(isinstance(req.get("max_tokens"), int), "max_tokens")
    msgs = req.get("messages")
    _need(isinstance(msgs, list) and msgs, "messages")
    prev_tool_ids = []
    for i, m in enumerate(msgs):
        want = "user" if i % 2 == 0 else "assistant"
        _need(m.get("role") == want, f"message {i}: roles must alternate starting with user")
        c = m["content"]
        if want == "assistant":
            _need(isinstance(c, list) and c, "assistant blocks")
            prev_tool_ids = []
            for b in c:
                _need(b["type"] in ("text", "tool_use"), "assistant block type")
                if b["type"] == "tool_use":
                    _need(b["name"] in tools and isinstance(b["input"], dict), "tool_use")
                    prev_tool_ids.append(b["id"])
                else:
                    _need(b["text"], "empty text block")
        else:
            if isinstance(c, str):
                _need(c and not prev_tool_ids, f"message {i}: text where tool_result is due")
            else:
                got = [b["tool_use_id"] for b in c if b["type"] == "tool_result"]
                _need(got == prev_tool_ids and got, f"message {i}: tool_result ids do not match tool_use")
            prev_tool_ids = []
    _need(msgs[-1]["role"] == "user", "last message must be user")


VALIDATORS = {"chat": validate_chat, "responses": validate_responses, "anthropic": validate_anthropic}


def tool_names(shape, req):
    names = set()
    for t in req.get("tools", []):
        names.add(t["function"]["name"] if shape == "chat" else t["name"])
    return names


def validate_session(d):
    _need(set(d) == {"name", "style", "shape", "path", "headers", "expected", "notes", "turns"}, "fields")
    _need(d["path"] == PATHS[d["shape"]], "path")
    _need(set(d["headers"]) == {"x-session-id", "x-user-id"}, "headers")
    n = len(d["turns"])
    _need(8 <= n <= 30, f"{n} turns")
    e = d["expected"]
    if e["outcome"] == "runaway":
        _need(set(e) == {"outcome", "loop_begins_turn", "stop_by_turn"}, "expected fields")
        _need(1 <= e["loop_begins_turn"] <= e["stop_by_turn"] < n, "B <= D < turns (continue past D)")
    else:
        _need(e == {"outcome": "healthy"}, "expected")
    last_at = -1
    prev = None
    for k, t in enumerate(d["turns"]):
        _need(isinstance(t["at_seconds"], int) and t["at_seconds"] >= last_at, "at_seconds")
        last_at = t["at_seconds"]
        req = t["request"]
        VALIDATORS[d["shape"]](req, tool_names(d["shape"], req))
        key = {"chat": "messages", "responses": "input", "anthropic": "messages"}[d["shape"]]
        cur = req[key]
        if prev is not None:
            # history is resent: the previous request is a prefix followed by the assistant's
            # reply; a stateless client instead sends one fresh message
            fresh = len(cur) == 1 and "stateless" in d["notes"]
            _need(fresh or (cur[: len(prev)] == prev and len(cur) > len(prev) + 1), f"turn {k + 1} does not extend turn {k}")
        prev = cur


def build_all():
    sessions = []
    for style in STYLES:
        spec = importlib.util.spec_from_file_location("corpus_g_" + style, os.path.join(STYLE_DIR, style + ".py"))
        mod = importlib.util.module_from_spec(spec)
        sys.path.insert(0, STYLE_DIR)
        spec.loader.exec_module(mod)
        sys.path.pop(0)
        for s in mod.sessions(Session):
            assert s.style == style, s.name
            sessions.append(s)
    files = {}
    for s in sessions:
        d = s.to_json()
        validate_session(d)
        files[os.path.join("heldout", s.name + ".json")] = json.dumps(d, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    return sessions, files


def summary(sessions):
    rows = {}
    for s in sessions:
        k = (s.style, s.shape, s.expected["outcome"])
        rows[k] = rows.get(k, 0) + 1
    for k in sorted(rows):
        print(" ".join(k), rows[k])
    sizes = [(s.name, len(s.turns), s.expected) for s in sessions]
    for row in sizes:
        print(*row)


def selftest(files):
    """The validator must reject broken requests: each mutation of a real session must fail."""
    import copy

    by_shape = {}
    for text in files.values():
        d = json.loads(text)
        if any("tools" in t["request"] for t in d["turns"]):
            by_shape.setdefault(d["shape"], d)

    def last_tool_turn(d):
        for t in reversed(d["turns"]):
            if "tools" in t["request"] and len(t["request"].get("messages", t["request"].get("input", []))) > 3:
                return t
        raise AssertionError("no tool turn")

    def m_chat_id(d):
        msgs = last_tool_turn(d)["request"]["messages"]
        next(m for m in reversed(msgs) if m["role"] == "tool")["tool_call_id"] = "call_bogus"

    def m_chat_drop_tool(d):
        msgs = last_tool_turn(d)["request"]["messages"]
        i = max(i for i, m in enumerate(msgs) if m["role"] == "tool")
        del msgs[i]

    def m_resp_id(d):
        items = last_tool_turn(d)["request"]["input"]
        next(it for it in reversed(items) if it.get("type") == "function_call_output")["call_id"] = "call_bogus"

    def m_resp_prev(d):
        last_tool_turn(d)["request"]["previous_response_id"] = "resp_123"

    def m_anth_alternation(d):
        msgs = last_tool_turn(d)["request"]["messages"]
        msgs.insert(1, {"role": "user", "content": "hello"})

    def m_anth_result_id(d):
        msgs = last_tool_turn(d)["request"]["messages"]
        blk = next(m for m in reversed(msgs) if isinstance(m["content"], list) and m["role"] == "user")
        blk["content"][0]["tool_use_id"] = "toolu_bogus"

    def m_anth_no_max(d):
        del d["turns"][0]["request"]["max_tokens"]

    def m_history_not_resent(d):
        t = d["turns"][-1]["request"]
        key = "input" if d["shape"] == "responses" else "messages"
        del t[key][2]

    def m_runaway_d_past_end(d):
        d["expected"] = {"outcome": "runaway", "loop_begins_turn": 2, "stop_by_turn": len(d["turns"])}

    cases = [("chat", m_chat_id), ("chat", m_chat_drop_tool), ("responses", m_resp_id), ("responses", m_resp_prev),
             ("anthropic", m_anth_alternation), ("anthropic", m_anth_result_id), ("anthropic", m_anth_no_max),
             ("chat", m_history_not_resent), ("anthropic", m_history_not_resent), ("responses", m_runaway_d_past_end)]
    for shape, mut in cases:
        d = copy.deepcopy(by_shape[shape])
        validate_session(d)
        mut(d)
        try:
            validate_session(d)
        except (Invalid, KeyError):
            continue
        raise AssertionError(f"validator accepted mutation {mut.__name__} on {d['name']}")
    print(f"validator self-test: {len(cases)} mutations rejected")


def main():
    check = "--check" in sys.argv
    sessions, files = build_all()
    names = [s.name for s in sessions]
    assert len(names) == len(set(names))
    ids = [s.to_json()["headers"]["x-session-id"] for s in sessions]
    assert len(ids) == len(set(ids))
    if check:
        bad = 0
        on_disk = set()
        hd = os.path.join(OUT, "heldout")
        for f in sorted(os.listdir(hd)):
            on_disk.add(os.path.join("heldout", f))
        for rel, text in files.items():
            p = os.path.join(OUT, rel)
            if not os.path.exists(p) or open(p, encoding="utf-8").read() != text:
                print("differs:", rel)
                bad += 1
            else:
                validate_session(json.load(open(p, encoding="utf-8")))
        for rel in sorted(on_disk - set(files)):
            print("extra on disk:", rel)
            bad += 1
        tun = sorted(os.listdir(os.path.join(OUT, "tuning")))
        if tun != [".gitkeep"]:
            print("tuning/ must hold only .gitkeep:", tun)
            bad += 1
        selftest(files)
        print(f"{len(files)} sessions checked, {bad} problems")
        sys.exit(1 if bad else 0)
    os.makedirs(os.path.join(OUT, "heldout"), exist_ok=True)
    os.makedirs(os.path.join(OUT, "tuning"), exist_ok=True)
    open(os.path.join(OUT, "tuning", ".gitkeep"), "w").close()
    for f in os.listdir(os.path.join(OUT, "heldout")):
        if os.path.join("heldout", f) not in files:
            os.remove(os.path.join(OUT, "heldout", f))
    for rel, text in files.items():
        with open(os.path.join(OUT, rel), "w", encoding="utf-8") as fh:
            fh.write(text)
    summary(sessions)


if __name__ == "__main__":
    main()
