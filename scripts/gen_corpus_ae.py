#!/usr/bin/env python3
"""Writes the blind, held-out agent-session corpus tests/fixtures/corpus_ae/ (author: writer-ae).

    python3 scripts/gen_corpus_ae.py           # write the files
    python3 scripts/gen_corpus_ae.py --check   # regenerate in memory, validate every request
                                               # against its API shape, compare with the disk

Stdlib only and deterministic: no clock, no randomness, no network. Every session is written
once in a shape-neutral form (user text, assistant text / tool calls, tool outputs) and then
rendered into the OpenAI Chat, OpenAI Responses or Anthropic Messages shape; shapes are given
round-robin in writing order (chat, responses, anthropic, chat, ...).
"""
import hashlib
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "corpus_ae")

SHAPES = ["chat", "responses", "anthropic"]
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
MODELS = {
    "chat": ["gpt-4o-2024-08-06", "gpt-4o-mini"],
    "responses": ["gpt-4.1", "o4-mini"],
    "anthropic": ["claude-3-5-sonnet-20241022", "claude-3-5-haiku-20241022"],
}


def j(obj):
    """Tool outputs given as dicts/lists are sent as compact-ish JSON text."""
    if isinstance(obj, str):
        return obj
    return json.dumps(obj, ensure_ascii=False)


def tool(name, desc, props, required=None):
    properties = {}
    for k, v in props.items():
        typ, d = v
        if typ == "array":
            properties[k] = {"type": "array", "items": {"type": "string"}, "description": d}
        elif typ == "object":
            properties[k] = {"type": "object", "description": d}
        else:
            properties[k] = {"type": typ, "description": d}
    return {
        "name": name,
        "description": desc,
        "parameters": {"type": "object", "properties": properties,
                       "required": list(required if required is not None else props.keys())},
    }


class Sess:
    """A shape-neutral session: events plus the points (snapshots) at which a request is sent."""

    def __init__(self, style, kind, n, system, tools=None, user_id="u-0000", model_pick=0,
                 max_tokens=1024, expected=None, notes=""):
        self.style, self.kind, self.n = style, kind, n
        self.system = system
        self.tools = tools or []
        self.user_id = user_id
        self.model_pick = model_pick
        self.max_tokens = max_tokens
        self.expected = expected or {"outcome": "healthy"}
        self.notes = notes
        self.events = []
        self.snaps = []
        self.t = 0
        self.k = 0
        self.pending = []

    def sid(self):
        return f"{self.style}/{self.kind}/{self.n}"

    def _id(self):
        self.k += 1
        return hashlib.sha1(f"ae:{self.sid()}:{self.k}".encode()).hexdigest()[:22]

    def _snap(self, dt):
        assert not self.pending, (self.sid(), "unanswered calls")
        if self.snaps:
            assert dt > 0
            self.t += dt
        self.snaps.append((self.t, len(self.events)))

    # inputs -------------------------------------------------------------
    def user(self, text, dt=0):
        self.events.append(("user", text))
        self._snap(dt)

    def results(self, outputs, dt, user=None):
        if not isinstance(outputs, list):
            outputs = [outputs]
        assert len(outputs) == len(self.pending), self.sid()
        for (cid, name), out in zip(self.pending, outputs):
            self.events.append(("tool", cid, name, j(out)))
        self.pending = []
        if user:
            self.events.append(("user", user))
        self._snap(dt)

    # assistant ----------------------------------------------------------
    def _assistant_ok(self):
        assert self.events and self.events[-1][0] != "assistant", (self.sid(), "two assistant events in a row")

    def say(self, text):
        assert text, self.sid()
        self._assistant_ok()
        self.events.append(("assistant", text, []))

    def call(self, calls, text=None):
        if isinstance(calls, tuple):
            calls = [calls]
        self._assistant_ok()
        out = []
        for name, args in calls:
            out.append((self._id(), name, args))
        self.events.append(("assistant", text, out))
        self.pending = [(cid, name) for cid, name, _ in out]

    def step(self, name, args, output, dt, text=None, user=None):
        """One tool call answered by one output, then the request is sent."""
        self.call([(name, args)], text)
        self.results([output], dt, user)


# --------------------------------------------------------------------------------------
# rendering


def render(s, shape):
    model = MODELS[shape][s.model_pick % 2]
    turns = []
    for t, n in s.snaps:
        ev = s.events[:n]
        if shape == "chat":
            req = render_chat(s, ev, model)
        elif shape == "responses":
            req = render_responses(s, ev, model)
        else:
            req = render_anthropic(s, ev, model)
        turns.append({"at_seconds": t, "request": req})
    name = f"{s.style}_{s.kind}_{s.n}_{shape}"
    return {
        "name": name,
        "style": s.style,
        "shape": shape,
        "path": PATHS[shape],
        "headers": {"x-session-id": "ae-" + hashlib.sha1(name.encode()).hexdigest()[:16],
                    "x-user-id": s.user_id},
        "expected": s.expected,
        "notes": s.notes,
        "turns": turns,
    }


def render_chat(s, ev, model):
    msgs = [{"role": "system", "content": s.system}]
    for e in ev:
        if e[0] == "user":
            msgs.append({"role": "user", "content": e[1]})
        elif e[0] == "assistant":
            m = {"role": "assistant", "content": e[1]}
            if e[2]:
                m["tool_calls"] = [{"id": "call_" + cid, "type": "function",
                                    "function": {"name": name, "arguments": json.dumps(args)}}
                                   for cid, name, args in e[2]]
            msgs.append(m)
        else:
            msgs.append({"role": "tool", "tool_call_id": "call_" + e[1], "content": e[3]})
    req = {"model": model, "messages": msgs}
    if s.tools:
        req["tools"] = [{"type": "function", "function": t} for t in s.tools]
    req["max_tokens"] = s.max_tokens
    return req


def render_responses(s, ev, model):
    items = []
    for e in ev:
        if e[0] == "user":
            items.append({"role": "user", "content": e[1]})
        elif e[0] == "assistant":
            if e[1]:
                items.append({"role": "assistant", "content": e[1]})
            for cid, name, args in e[2]:
                items.append({"type": "function_call", "call_id": "call_" + cid, "name": name,
                              "arguments": json.dumps(args)})
        else:
            items.append({"type": "function_call_output", "call_id": "call_" + e[1],
                          "output": e[3]})
    req = {"model": model, "instructions": s.system, "input": items}
    if s.tools:
        req["tools"] = [dict({"type": "function"}, **t) for t in s.tools]
    req["max_output_tokens"] = s.max_tokens
    return req


def render_anthropic(s, ev, model):
    msgs = []
    i = 0
    while i < len(ev):
        e = ev[i]
        if e[0] == "assistant":
            if e[2]:
                blocks = []
                if e[1]:
                    blocks.append({"type": "text", "text": e[1]})
                for cid, name, args in e[2]:
                    blocks.append({"type": "tool_use", "id": "toolu_01" + cid, "name": name,
                                   "input": args})
                msgs.append({"role": "assistant", "content": blocks})
            else:
                msgs.append({"role": "assistant", "content": e[1]})
            i += 1
            continue
        # a run of user-side events: tool results first, then any user text
        blocks, texts = [], []
        while i < len(ev) and ev[i][0] != "assistant":
            x = ev[i]
            if x[0] == "tool":
                blocks.append({"type": "tool_result", "tool_use_id": "toolu_01" + x[1],
                               "content": x[3]})
            else:
                texts.append(x[1])
            i += 1
        if blocks:
            for tx in texts:
                blocks.append({"type": "text", "text": tx})
            msgs.append({"role": "user", "content": blocks})
        else:
            msgs.append({"role": "user", "content": "\n\n".join(texts)})
    req = {"model": model, "max_tokens": s.max_tokens, "system": s.system, "messages": msgs}
    if s.tools:
        req["tools"] = [{"name": t["name"], "description": t["description"],
                         "input_schema": t["parameters"]} for t in s.tools]
    return req


# --------------------------------------------------------------------------------------
# validation


class Bad(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Bad(msg)


def declared_names(req, shape):
    tools = req.get("tools") or []
    if shape == "chat":
        need(all(t.get("type") == "function" and "name" in t.get("function", {}) for t in tools),
             "chat tool declaration shape")
        return {t["function"]["name"] for t in tools}
    if shape == "responses":
        need(all(t.get("type") == "function" and "name" in t and "parameters" in t for t in tools),
             "responses tool declaration shape")
        return {t["name"] for t in tools}
    need(all("name" in t and "input_schema" in t for t in tools), "anthropic tool declaration")
    return {t["name"] for t in tools}


def check_chat(req):
    need(isinstance(req.get("model"), str) and req["model"], "chat: model")
    msgs = req.get("messages")
    need(isinstance(msgs, list) and msgs, "chat: messages")
    names = declared_names(req, "chat")
    open_calls = set()
    for i, m in enumerate(msgs):
        role = m.get("role")
        need(role in ("system", "user", "assistant", "tool"), f"chat: role {role}")
        if role == "system":
            need(i == 0, "chat: system only first")
        if role in ("system", "user"):
            need(isinstance(m.get("content"), str) and m["content"], "chat: content")
        if role in ("user", "assistant", "system"):
            need(not open_calls, "chat: tool calls left unanswered before next message")
        if role == "assistant":
            tcs = m.get("tool_calls")
            need(tcs or (isinstance(m.get("content"), str) and m["content"]), "chat: empty assistant")
            for tc in tcs or []:
                need(tc.get("type") == "function", "chat: tool_call type")
                need(tc["function"]["name"] in names, "chat: undeclared tool " + tc["function"]["name"])
                json.loads(tc["function"]["arguments"])
                need(tc["id"] not in open_calls, "chat: duplicate call id")
                open_calls.add(tc["id"])
        if role == "tool":
            need(m.get("tool_call_id") in open_calls, "chat: tool message answers no open call")
            need(isinstance(m.get("content"), str), "chat: tool content")
            open_calls.discard(m["tool_call_id"])
    need(not open_calls, "chat: unanswered tool calls at end")
    need(msgs[-1]["role"] in ("user", "tool"), "chat: must end with user/tool input")
    need(isinstance(req.get("max_tokens", 1), int), "chat: max_tokens")


def check_responses(req):
    need(isinstance(req.get("model"), str) and req["model"], "responses: model")
    need("previous_response_id" not in req, "responses: no previous_response_id")
    items = req.get("input")
    need(isinstance(items, list) and items, "responses: input")
    names = declared_names(req, "responses")
    calls, answered = {}, set()
    for it in items:
        if it.get("type") == "function_call":
            need(it["name"] in names, "responses: undeclared tool " + it["name"])
            json.loads(it["arguments"])
            need(it["call_id"] not in calls, "responses: duplicate call_id")
            calls[it["call_id"]] = it["name"]
        elif it.get("type") == "function_call_output":
            need(it["call_id"] in calls, "responses: output for unknown call")
            need(it["call_id"] not in answered, "responses: call answered twice")
            need(isinstance(it.get("output"), str), "responses: output text")
            answered.add(it["call_id"])
        else:
            need(it.get("role") in ("user", "assistant", "system", "developer"), "responses: role")
            need(isinstance(it.get("content"), str) and it["content"], "responses: content")
    need(set(calls) == answered, "responses: function_call / output not one to one")
    last = items[-1]
    need(last.get("role") == "user" or last.get("type") == "function_call_output",
         "responses: must end with user input or function output")
    need(isinstance(req.get("max_output_tokens", 1), int), "responses: max_output_tokens")


def check_anthropic(req):
    need(isinstance(req.get("model"), str) and req["model"], "anthropic: model")
    need(isinstance(req.get("max_tokens"), int), "anthropic: max_tokens")
    msgs = req.get("messages")
    need(isinstance(msgs, list) and msgs, "anthropic: messages")
    names = declared_names(req, "anthropic")
    need(msgs[0]["role"] == "user" and msgs[-1]["role"] == "user", "anthropic: start/end with user")
    pending = []
    for i, m in enumerate(msgs):
        need(m["role"] == ("user" if i % 2 == 0 else "assistant"), "anthropic: alternation")
        c = m["content"]
        blocks = [{"type": "text", "text": c}] if isinstance(c, str) else c
        need(blocks, "anthropic: empty content")
        if m["role"] == "assistant":
            pending = []
            for b in blocks:
                need(b["type"] in ("text", "tool_use"), "anthropic: assistant block type")
                if b["type"] == "tool_use":
                    need(b["name"] in names, "anthropic: undeclared tool " + b["name"])
                    need(isinstance(b["input"], dict), "anthropic: tool input object")
                    pending.append(b["id"])
                else:
                    need(b["text"], "anthropic: empty text")
        else:
            got = []
            for b in blocks:
                need(b["type"] in ("text", "tool_result"), "anthropic: user block type")
                if b["type"] == "tool_result":
                    need(not any(x["type"] == "text" for x in blocks[:blocks.index(b)]),
                         "anthropic: tool_result must come first")
                    got.append(b["tool_use_id"])
                else:
                    need(b["text"], "anthropic: empty text")
            need(got == pending, "anthropic: tool_use ids not answered in the next user message")
            pending = []


def body_list(req, shape):
    return req["messages"] if shape in ("chat", "anthropic") else req["input"]


def validate(doc, stem):
    need(doc["name"] == stem, "name != file stem")
    shape = doc["shape"]
    need(shape in SHAPES and doc["path"] == PATHS[shape], "shape/path")
    need(doc["name"].startswith(doc["style"] + "_"), "name/style")
    need(doc["name"].endswith("_" + shape), "name/shape")
    need(set(doc["headers"]) == {"x-session-id", "x-user-id"}, "headers")
    need(isinstance(doc["notes"], str) and len(doc["notes"]) > 20, "notes")
    turns = doc["turns"]
    n = len(turns)
    need(8 <= n <= 30, f"turn count {n}")
    exp = doc["expected"]
    if exp["outcome"] == "runaway":
        need("_runaway_" in doc["name"], "name says runaway")
        b, d = exp["loop_begins_turn"], exp["stop_by_turn"]
        need(1 <= b <= d < n, "B/D bounds")
        need(n >= d + 2, "runaway must continue at least two turns past D")
    else:
        need(exp == {"outcome": "healthy"} and "_healthy_" in doc["name"], "healthy expected")
    prev_t = None
    prev = None
    for i, tr in enumerate(turns):
        t = tr["at_seconds"]
        need(isinstance(t, (int, float)) and (prev_t is None or t > prev_t),
             f"at_seconds not strictly increasing at turn {i + 1}")
        prev_t = t
        req = tr["request"]
        {"chat": check_chat, "responses": check_responses, "anthropic": check_anthropic}[shape](req)
        if prev is not None:
            a, b2 = body_list(prev, shape), body_list(req, shape)
            need(len(b2) >= len(a) + 2, f"history must grow by a reply and an input at turn {i + 1}")
            need(b2[:len(a)] == a, f"history not a prefix at turn {i + 1}")
            for k in req:
                if k not in ("messages", "input"):
                    need(req[k] == prev[k], f"field {k} changed at turn {i + 1}")
        prev = req


# --------------------------------------------------------------------------------------
# sessions (the content lives in corpus_ae_sessions below, in writing order)

SESSIONS = []


def session(fn):
    SESSIONS.append(fn)
    return fn


def hms(base, secs):
    """base 'HH:MM:SS' plus secs -> 'HH:MM:SS' (wraps at 24h)."""
    h, m, s = (int(x) for x in base.split(":"))
    tot = (h * 3600 + m * 60 + s + secs) % 86400
    return f"{tot // 3600:02d}:{tot % 3600 // 60:02d}:{tot % 60:02d}"


# ---------------------------------------------------------------- ferry_disruption_bot

FERRY_SYS = ("You are Skerry, the disruption assistant for Westerly Isles Ferries. You help passengers "
             "with cancelled, delayed or amber-warning sailings: check live status, find alternatives, "
             "rebook, and keep customers informed by SMS. Be brief and factual; never invent a status.")


@session
def ferry_runaway_1():
    tools = [
        tool("get_sailing_status", "Live status of one sailing from the operations feed.",
             {"route": ("string", "Route code, e.g. ARD-BRO"), "departure": ("string", "ISO local departure time")}),
        tool("wait", "Pause the watch for a number of minutes before continuing.",
             {"minutes": ("integer", "Minutes to wait (1-30)")}),
        tool("send_sms", "Send an SMS to the customer on the booking.",
             {"booking_ref": ("string", "Booking reference"), "text": ("string", "Message body, max 320 chars")}),
    ]
    s = Sess("ferry_disruption_bot", "runaway", 1, FERRY_SYS, tools, user_id="wif-cust-77q3k",
             expected={"outcome": "runaway", "loop_begins_turn": 10, "stop_by_turn": 18},
             notes=("Watch mode polls a status whose feed froze at 11:42 with 'decision by 12:15'; checks before "
                    "12:15 are reasonable, from the 12:18 check (turn 10) the agent polls a dead feed and never "
                    "texts the customer who leaves at 13:00. Stop by ~12:38 (turn 18)."))
    s.user("Hi, I'm on the 14:30 Ardrossan to Brodick today, booking WIF-77Q3K, car and two adults. Your website "
           "has an amber warning on it. Can you keep an eye on it and text me as soon as they decide whether it's "
           "going? I'm leaving Glasgow at 13:00 so I need to know before then really.")
    args = {"route": "ARD-BRO", "departure": "2024-11-22T14:30"}
    base = "11:58:31"
    texts = [
        "Amber status, decision due by 12:15. I'll keep watching and text you as soon as it changes.",
        "No change yet - still under review. Checking again in 5 minutes.",
        "Still amber, no decision published. Waiting another 5 minutes.",
        "Status unchanged (under review). I'll look again shortly.",
        "The 12:15 decision hasn't appeared in the feed yet; still amber. Checking again in 5 minutes.",
        "Still showing 'decision by 12:15' - no update yet. Waiting 5 more minutes.",
        "No decision in the feed yet. Re-checking in 5 minutes.",
        "Status remains AMBER_UNDER_REVIEW. I'll check again in 5 minutes.",
        "Still under review with no new information. Waiting 5 minutes before the next check.",
        "Unchanged: amber, awaiting decision. Checking again shortly.",
        "The feed still says a decision will be made by 12:15. Waiting and re-checking.",
    ]
    s.call(("get_sailing_status", args))
    for i in range(12):
        off = i * 304
        checked = hms(base, off)
        s.results([{"route": "ARD-BRO", "departure": "2024-11-22T14:30", "vessel": "MV Cairn Ross",
                    "status": "AMBER_UNDER_REVIEW",
                    "message": ("Sailings may be disrupted or cancelled at short notice due to a forecast "
                                "southwesterly gale 8. A decision will be made by 12:15."),
                    "last_updated": "2024-11-22T11:42:07Z", "checked_at": f"2024-11-22T{checked}Z",
                    "feed_age_seconds": 989 + off}], 4 if i == 0 else 3)
        if i == 11:
            break
        s.call(("wait", {"minutes": 5}), texts[i % len(texts)])
        s.results(["waited 5 minutes"], 301)
        s.call(("get_sailing_status", args))
    return s


@session
def ferry_runaway_2():
    tools = [
        tool("get_booking", "Fetch a booking by reference.", {"booking_ref": ("string", "Booking reference")}),
        tool("list_alternatives", "List alternative sailings with vehicle deck space.",
             {"from_port": ("string", "Port code"), "to_island": ("string", "Island code"),
              "after": ("string", "ISO local time")}),
        tool("rebook_passenger", "Move a booking onto another sailing, charging any fare difference to the stored card.",
             {"booking_ref": ("string", "Booking reference"), "sailing_id": ("string", "Target sailing"),
              "fare_class": ("string", "STANDARD or FLEXI")}, ["booking_ref", "sailing_id"]),
        tool("send_sms", "Send an SMS to the customer on the booking.",
             {"booking_ref": ("string", "Booking reference"), "text": ("string", "Message body")}),
    ]
    s = Sess("ferry_disruption_bot", "runaway", 2, FERRY_SYS, tools, user_id="wif-cust-k2p9d", model_pick=1,
             expected={"outcome": "runaway", "loop_begins_turn": 5, "stop_by_turn": 9},
             notes=("Every rebook attempt fails with the same PAYMENT_REAUTH_REQUIRED (stored card needs 3-D Secure) "
                    "under a new hold id; the agent alternates listing sailings and trying another one instead of "
                    "asking the customer to re-authenticate. Loop from the second identical failure (turn 5)."))
    s.user("Our 18:10 Oban to Craignure has just been cancelled. Car plus 2 adults, booking WIF-K2P9D. Please put us "
           "on whatever is next - we've got a cottage in Fionnphort tonight and the key box closes at 22:00.")
    s.step("get_booking", {"booking_ref": "WIF-K2P9D"},
           {"booking_ref": "WIF-K2P9D", "lead": "Morag Lindqvist", "mobile": "+44 7700 900412",
            "sailing_id": "OBA-CRA-20241122-1810", "sailing_status": "CANCELLED (crew availability)",
            "passengers": 2, "vehicle": {"reg": "SK71 ODV", "type": "car", "length_m": 4.86, "height_m": 1.49},
            "fare_class": "STANDARD", "paid_gbp": 87.40, "payment": {"method": "card_on_file", "token": "tok_4412_v2"}},
           3)
    alts = [
        {"sailing_id": "OBA-CRA-20241122-1955", "route": "Oban-Craignure", "depart": "19:55", "car_spaces": 3, "fare_diff_gbp": 0.0},
        {"sailing_id": "LOC-FIS-20241122-1845", "route": "Lochaline-Fishnish", "depart": "18:45", "car_spaces": 9, "fare_diff_gbp": -14.20},
        {"sailing_id": "OBA-CRA-20241123-0725", "route": "Oban-Craignure", "depart": "07:25 (tomorrow)", "car_spaces": 21, "fare_diff_gbp": 0.0},
    ]
    s.step("list_alternatives", {"from_port": "OBA", "to_island": "MUL", "after": "2024-11-22T18:10"},
           {"sailings": alts}, 2)
    hold = 5521093
    plan = [
        ("OBA-CRA-20241122-1955", None, "Trying the 19:55 Oban-Craignure, same fare class."),
        ("LOC-FIS-20241122-1845", None, "That didn't go through. The Lochaline-Fishnish 18:45 has plenty of space; trying that."),
        ("list", None, "Let me refresh availability in case the 19:55 changed."),
        ("OBA-CRA-20241122-1955", "FLEXI", "Retrying the 19:55 with the FLEXI fare class, which uses a different charge path."),
        ("OBA-CRA-20241123-0725", None, "Trying tomorrow's 07:25 as a fallback."),
        ("list", None, "Re-checking alternatives."),
        ("LOC-FIS-20241122-1845", "FLEXI", "Attempting Lochaline-Fishnish again on FLEXI."),
        ("OBA-CRA-20241122-1955", None, "One more attempt on the 19:55."),
        ("list", None, "Checking availability again."),
        ("OBA-CRA-20241123-0725", "FLEXI", "Trying the 07:25 tomorrow on FLEXI."),
        ("LOC-FIS-20241122-1845", None, "Retrying the 18:45 Lochaline sailing."),
        ("OBA-CRA-20241122-1955", None, "Trying the 19:55 once more."),
    ]
    spaces = 3
    for k, (sid, fare, text) in enumerate(plan):
        if sid == "list":
            spaces = max(1, spaces - 1)
            a2 = [dict(alts[0], car_spaces=spaces), alts[1], alts[2]]
            s.step("list_alternatives", {"from_port": "OBA", "to_island": "MUL", "after": "2024-11-22T18:10"},
                   {"sailings": a2}, 2, text)
            continue
        args = {"booking_ref": "WIF-K2P9D", "sailing_id": sid}
        if fare:
            args["fare_class"] = fare
        hold += 11 + 7 * k
        s.step("rebook_passenger", args,
               {"ok": False, "hold_id": f"HLD-{hold}", "error": "PAYMENT_REAUTH_REQUIRED",
                "detail": ("Stored card token tok_4412_v2 was authorised under an exemption that expired on "
                           "2024-09-30; the cardholder must complete a 3-D Secure challenge before any new charge "
                           "or zero-value re-issue."), "hold_released": True}, 3, text)
    return s


@session
def ferry_healthy_1():
    tools = [
        tool("list_affected_bookings", "Bookings on a disrupted sailing, 6 per page.",
             {"sailing_id": ("string", "Sailing id"), "page_token": ("string", "Token from the previous page, or empty")}),
        tool("send_sms", "Send a templated SMS.",
             {"booking_ref": ("string", "Booking reference"), "template": ("string", "Template id"),
              "vars": ("object", "Template variables")}),
        tool("send_email", "Send a templated email.",
             {"booking_ref": ("string", "Booking reference"), "template": ("string", "Template id"),
              "vars": ("object", "Template variables")}),
    ]
    s = Sess("ferry_disruption_bot", "healthy", 1, FERRY_SYS, tools, user_id="wif-ops-duty-mgr",
             notes=("Operations asks for every passenger of a cancelled sailing to be texted: three pages of bookings, "
                    "2-3 near-identical SMS sends per turn with new refs, one bad number falls back to email. "
                    "Repetitive but each call is a new passenger."))
    s.user("Uig-Tarbert 09:40 tomorrow (UIG-TAR-20241123-0940) is cancelled - bow thruster fault on MV Loch Seaforth "
           "II. Text every affected booking with template DISRUPT-TECH-2. Options for them: 14:05 same route "
           "(guaranteed space) or full refund. Email anyone whose number bounces.")
    bookings = [
        ("WIF-3HQ2A", "+44 7700 900101", "A. MacLeod", 2, "car"),
        ("WIF-3HR7C", "+44 7700 900177", "J. Okonjo", 1, "foot"),
        ("WIF-3J0PZ", "+44 7700 900233", "R. Sinclair", 4, "campervan"),
        ("WIF-3J4KD", "+44 7700 900309", "E. Morrison", 2, "car"),
        ("WIF-3J9WE", "+44 7700 900356", "T. Brandt", 1, "bicycle"),
        ("WIF-3JB1F", "+44 7700 900418", "S. Nic a' Phi", 3, "car"),
        ("WIF-3K22M", "+44 7700 900462", "D. Ferreira", 2, "car"),
        ("WIF-3K5QN", "07700 9005", "L. Hughes", 1, "foot"),
        ("WIF-3K8TR", "+44 7700 900534", "M. Campbell", 5, "minibus"),
        ("WIF-3KC0S", "+44 7700 900571", "P. Novak", 2, "motorcycle"),
        ("WIF-3KF6V", "+44 7700 900612", "H. Grant", 2, "car"),
        ("WIF-3KJ9W", "+44 7700 900688", "K. Yildiz", 1, "foot"),
        ("WIF-3KN3X", "+44 7700 900745", "C. MacInnes", 2, "car+trailer"),
        ("WIF-3KQ8Y", "+44 7700 900790", "B. Walsh", 3, "car"),
        ("WIF-3KT2Z", "+44 7700 900832", "G. Ramsay", 1, "foot"),
    ]
    pages = [bookings[0:6], bookings[6:12], bookings[12:]]
    tokens = ["", "pg_2_9f1c", "pg_3_a71e"]
    sms_id = 880412
    for p, page in enumerate(pages):
        nxt = tokens[p + 1] if p + 1 < len(tokens) else None
        s.step("list_affected_bookings", {"sailing_id": "UIG-TAR-20241123-0940", "page_token": tokens[p]},
               {"page": p + 1, "bookings": [{"booking_ref": r, "mobile": m, "lead": n, "pax": x, "vehicle": v}
                                            for r, m, n, x, v in page], "next_page_token": nxt},
               2, None if p == 0 else f"Page {p} done. Fetching page {p + 1}.")
        for c in range(0, len(page), 3):
            chunk = page[c:c + 3]
            calls = [("send_sms", {"booking_ref": r, "template": "DISRUPT-TECH-2",
                                   "vars": {"name": n.split()[-1], "sailing": "09:40 Uig-Tarbert",
                                            "alt": "14:05 Uig-Tarbert", "refund": True}})
                     for r, m, n, x, v in chunk]
            s.call(calls, "Sending to the next %d passengers." % len(chunk) if c else None)
            outs = []
            for r, m, n, x, v in chunk:
                sms_id += 3
                if r == "WIF-3K5QN":
                    outs.append({"ok": False, "booking_ref": r, "error": "INVALID_MSISDN", "detail": "'07700 9005' is not a valid UK mobile"})
                else:
                    outs.append({"ok": True, "booking_ref": r, "message_id": f"sms_{sms_id}", "segments": 2})
            s.results(outs, 4)
            if any(r == "WIF-3K5QN" for r, *_ in chunk):
                s.step("send_email", {"booking_ref": "WIF-3K5QN", "template": "DISRUPT-TECH-2",
                                      "vars": {"name": "Hughes", "sailing": "09:40 Uig-Tarbert",
                                               "alt": "14:05 Uig-Tarbert", "refund": True}},
                       {"ok": True, "message_id": "em_20241122_5531", "to": "l.hughes@***.net"}, 3,
                       "WIF-3K5QN has an invalid mobile number; emailing instead.")
    s.say("Done: 15 bookings on UIG-TAR-20241123-0940 notified - 14 by SMS, 1 by email (WIF-3K5QN, invalid mobile). "
          "The minibus (WIF-3K8TR) and car+trailer (WIF-3KN3X) may need manual deck allocation on the 14:05.")
    s.user("Perfect. Can you give me just the list of vehicles over 6m so the port team can plan the 14:05 deck?", 95)
    return s


@session
def ferry_healthy_2():
    tools = [
        tool("get_sailing_status", "Live status of one sailing from the operations feed.",
             {"route": ("string", "Route code"), "departure": ("string", "ISO local departure time")}),
    ]
    s = Sess("ferry_disruption_bot", "healthy", 2, FERRY_SYS, tools, user_id="wif-cust-m4x8a",
             notes=("A passenger at the terminal asks 'any news?' every 10-30 minutes; each check returns a changed "
                    "status (under review -> delayed 08:15 -> 08:40 -> boarding -> departed). Repetitive asks, "
                    "real progress."))
    route, dep = "STO-ULL", "2024-11-22T07:05"
    a = {"route": route, "departure": dep}
    seq = [
        ("Is the 07:05 Stornoway to Ullapool running this morning? I'm at the terminal already.",
         {"status": "UNDER_REVIEW", "message": "Awaiting weather update from the master; decision by 06:30.",
          "last_updated": "2024-11-22T05:41:10Z"},
         "It's under review at the moment - the master will decide by 06:30. Nothing is cancelled yet.", 0),
        ("ok it's 6:35 now, any news?",
         {"status": "DELAYED", "message": "Sailing will operate with a delayed departure of 08:15 due to swell at Ullapool berth.",
          "revised_departure": "08:15", "last_updated": "2024-11-22T06:29:55Z"},
         "Good news of a sort: it's running, but delayed to 08:15 because of swell at the Ullapool berth.", 1740),
        ("Will check-in time change? It said 06:35 on my ticket",
         None, "Yes - with an 08:15 departure vehicle check-in closes 45 minutes before, so 07:30.", 240),
        ("Still on for 8:15?",
         {"status": "DELAYED", "message": "Revised departure 08:40. Berth clearance delayed by inbound freight vessel.",
          "revised_departure": "08:40", "last_updated": "2024-11-22T07:26:03Z"},
         "It has slipped again, now 08:40 - the inbound freight vessel is still on the berth.", 2460),
        ("ugh. anything now?",
         {"status": "DELAYED", "message": "Revised departure 08:40. Vehicle boarding will begin at 08:05.",
          "revised_departure": "08:40", "boarding_from": "08:05", "last_updated": "2024-11-22T07:52:40Z"},
         "Still 08:40, and they've added that vehicle boarding starts at 08:05.", 1320),
        ("Are they boarding yet?",
         {"status": "BOARDING", "message": "Vehicle boarding in progress, lane 3 first.",
          "revised_departure": "08:40", "last_updated": "2024-11-22T08:06:12Z"},
         "Yes - boarding has started, lane 3 first. If you're in lane 3 you should be moving now.", 780),
        ("We're on. Did it actually leave? my friend is tracking us",
         {"status": "DEPARTED", "message": "Departed Stornoway 08:43.", "actual_departure": "08:43",
          "eta": "11:28", "last_updated": "2024-11-22T08:44:30Z"},
         "Departed at 08:43, ETA Ullapool 11:28. Enjoy the crossing!", 2400),
        ("Is the cafe open on board?", None,
         "On MV Loch Seaforth II the café usually opens about 15 minutes after departure; I can't see live opening "
         "status, so please check with the crew.", 600),
        ("thanks for the help, one more - is there a delay to the return 14:00 from Ullapool?",
         {"status": "DELAYED", "message": "Knock-on delay: expected departure 14:45.", "revised_departure": "14:45",
          "last_updated": "2024-11-22T08:58:02Z"},
         None, 300),
    ]
    for k, (utext, status, answer, dt) in enumerate(seq):
        s.user(utext, dt)
        if status is None:
            s.say(answer)
            continue
        dep_k = dep if k < 8 else "2024-11-22T14:00"
        route_k = route if k < 8 else "ULL-STO"
        out = dict({"route": route_k, "departure": dep_k, "vessel": "MV Loch Seaforth II"}, **status)
        s.step("get_sailing_status", {"route": route_k, "departure": dep_k}, out, 3)
        if answer:
            s.say(answer)
    return s
# ---------------------------------------------------------------- helm_chart_linter

HELM_SYS = ("You are a platform-engineering agent working in the repo acme/platform-charts (Helm 3.14, "
            "kubeconform 0.6, target Kubernetes 1.29). Use the tools to inspect, edit and lint charts. "
            "Keep changes minimal and explain each one in one line.")

DEPLOY_38 = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "payments-api.fullname" . }}
  labels:
    {{- include "payments-api.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      {{- include "payments-api.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      annotations:
        checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
        {{- include "payments-api.podAnnotations" . | nindent 8 }}
      labels:
        {{- include "payments-api.selectorLabels" . | nindent 8 }}
    spec:
      serviceAccountName: {{ include "payments-api.serviceAccountName" . }}
      containers:
        - name: api
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          ports:
            - containerPort: 8080
"""

LINT_FAIL = """==> Linting charts/payments-api
[INFO] Chart.yaml: icon is recommended
[ERROR] templates/deployment.yaml: unable to parse YAML: error converting YAML to JSON: yaml: line 38: did not find expected key

Error: 1 chart(s) linted, 1 chart(s) failed
"""


@session
def helm_runaway_1():
    tools = [
        tool("run", "Run a shell command in the repo root and return stdout+stderr and the exit code.",
             {"cmd": ("string", "Command line")}),
        tool("read_file", "Read a file from the repo.", {"path": ("string", "Repo-relative path")}),
        tool("apply_patch", "Apply a unified diff to one file.",
             {"path": ("string", "Repo-relative path"), "diff": ("string", "Unified diff")}),
    ]
    s = Sess("helm_chart_linter", "runaway", 1, HELM_SYS, tools, user_id="dev-rkowalczyk",
             expected={"outcome": "runaway", "loop_begins_turn": 5, "stop_by_turn": 11},
             notes=("helm lint fails at 'line 38: did not find expected key' (the real cause is the podAnnotations "
                    "helper in _helpers.tpl, never opened); the agent keeps re-indenting the same include line "
                    "(nindent 6/4/8/...) and every lint fails identically. Loop from the first re-lint (turn 5)."))
    s.user("CI is red on PR #482 (bump payments-api to 2.7.0): `helm lint charts/payments-api` fails. Please fix it.")
    s.step("run", {"cmd": "helm lint charts/payments-api"}, {"exit_code": 1, "output": LINT_FAIL}, 3)
    s.step("read_file", {"path": "charts/payments-api/templates/deployment.yaml"}, DEPLOY_38, 2,
           "Line 38 of the rendered output is in the pod template annotations; let me look at the template.")
    attempts = [
        ("nindent 8", "nindent 6", "The annotation include looks over-indented; dropping it to nindent 6."),
        ("nindent 6", "nindent 4", "Still failing at line 38. Trying nindent 4 to align with `annotations:`."),
        ("nindent 4", "nindent 8 | trim", "Maybe trailing whitespace from the helper; restoring nindent 8 and trimming."),
        ("nindent 8 | trim", "toYaml | nindent 8", "Rendering the helper output through toYaml instead."),
        ("toYaml | nindent 8", "nindent 6", "Reverting to nindent 6, which is one level under `annotations:`."),
        ("nindent 6", "indent 8", "Using indent instead of nindent so no leading newline is added."),
        ("indent 8", "nindent 8", "Back to the original nindent 8 but moving the checksum line below it."),
    ]
    size = 2114
    for k, (old, new, why) in enumerate(attempts):
        diff = ("--- a/charts/payments-api/templates/deployment.yaml\n+++ b/charts/payments-api/templates/deployment.yaml\n"
                "@@ -15,3 +15,3 @@\n         checksum/config: {{ include (print $.Template.BasePath \"/configmap.yaml\") . | sha256sum }}\n"
                f"-        {{{{- include \"payments-api.podAnnotations\" . | {old} }}}}\n"
                f"+        {{{{- include \"payments-api.podAnnotations\" . | {new} }}}}\n       labels:\n")
        size += (-2, 0, 7, 3, -10, 1, 0)[k]
        s.step("apply_patch", {"path": "charts/payments-api/templates/deployment.yaml", "diff": diff},
               f"patched charts/payments-api/templates/deployment.yaml ({size} bytes)", 2, why)
        out = LINT_FAIL if k % 3 != 2 else LINT_FAIL.replace("[INFO] Chart.yaml: icon is recommended\n", "")
        s.step("run", {"cmd": "helm lint charts/payments-api" + (" --debug" if k == 3 else "")},
               {"exit_code": 1, "output": out}, 4)
    return s


@session
def helm_runaway_2():
    tools = [tool("bash", "Run a bash command in the CI sandbox (repo root).", {"command": ("string", "Command")})]
    s = Sess("helm_chart_linter", "runaway", 2, HELM_SYS, tools, user_id="ci-bot-platform", model_pick=0,
             expected={"outcome": "runaway", "loop_begins_turn": 5, "stop_by_turn": 11},
             notes=("Period-3 cycle: repo add -> repo update -> dependency update, the last always failing with the "
                    "same 403 on the retired charts.bitnami.com index (the chart should move to the OCI registry). "
                    "Loop from the second dependency update (turn 5)."))
    s.user("Renovate PR #1177 bumps the redis dependency of charts/checkout from 18.19.4 to 19.6.4. Make sure "
           "`helm dependency update` works and `helm template charts/checkout` renders, then commit Chart.lock.")
    dep_fail = ("Getting updates for unmanaged Helm repositories...\n"
                "...Unable to get an update from the \"https://charts.bitnami.com/bitnami\" chart repository:\n"
                "\tfailed to fetch https://charts.bitnami.com/bitnami/index.yaml : 403 Forbidden\n"
                "Error: no cached repository for helm-manager-{h} found. (try 'helm repo update'): open "
                "/home/runner/.cache/helm/repository/helm-manager-{h}-index.yaml: no such file or directory\n")
    add_fail = ("Error: looks like \"https://charts.bitnami.com/bitnami\" is not a valid chart repository or cannot "
                "be reached: failed to fetch https://charts.bitnami.com/bitnami/index.yaml : 403 Forbidden\n")
    upd = ("Hang tight while we grab the latest from your chart repositories...\n"
           "...Successfully got an update from the \"prometheus-community\" chart repository\n"
           "...Unable to get an update from the \"bitnami\" chart repository (https://charts.bitnami.com/bitnami):\n"
           "\tfailed to fetch https://charts.bitnami.com/bitnami/index.yaml : 403 Forbidden\n"
           "Update Complete. ⎈Happy Helming!⎈\n")
    h = "4d1f5c0e9a8b7f63c2e1d0a9b8c7f6e5d4c3b2a1908f7e6d5c4b3a2918f7e6d5"
    s.step("bash", {"command": "helm dependency update charts/checkout"},
           {"exit_code": 1, "stdout": "", "stderr": dep_fail.format(h=h)}, 6)
    cyc = [
        ("helm repo add bitnami https://charts.bitnami.com/bitnami",
         "The bitnami repo isn't registered in this runner. Adding it."),
        ("helm repo update", "Refreshing repository indexes."),
        ("helm dependency update charts/checkout", "Retrying the dependency update now that the repo is configured."),
        ("helm repo add bitnami https://charts.bitnami.com/bitnami --force-update",
         "The cache still seems missing; re-adding the repo with --force-update."),
        ("helm repo update bitnami", "Updating just the bitnami index."),
        ("helm dependency update charts/checkout --skip-refresh=false", "Running the dependency update again."),
        ("rm -rf ~/.cache/helm/repository && helm repo add bitnami https://charts.bitnami.com/bitnami",
         "Clearing the Helm repository cache, then adding bitnami again."),
        ("helm repo update", "Updating indexes after the cache reset."),
        ("helm dependency update charts/checkout", "Trying the dependency update once more."),
        ("helm repo add bitnami https://charts.bitnami.com/bitnami --force-update",
         "Re-registering the repository."),
        ("helm repo update", "Refreshing."),
        ("helm dependency update charts/checkout", "Dependency update again."),
        ("helm repo add bitnami https://charts.bitnami.com/bitnami",
         "Adding the repo before the next attempt."),
        ("helm repo update", "Updating."),
        ("helm dependency build charts/checkout", "Trying `dependency build` instead of `update`."),
    ]
    for k, (cmd, why) in enumerate(cyc):
        if "dependency" in cmd:
            h2 = hashlib.sha256(f"{h}{k}".encode()).hexdigest() if "rm -rf" in cyc[k - 2][0] else h
            out = {"exit_code": 1, "stdout": "", "stderr": dep_fail.format(h=h2)}
        elif "repo add" in cmd:
            out = {"exit_code": 1, "stdout": "", "stderr": add_fail}
        else:
            out = {"exit_code": 0, "stdout": upd.replace("\"prometheus-community\"", "\"prometheus-community\"") if "bitnami" not in cmd
                   else upd.split("...Successfully")[0] + upd.split("repository\n", 1)[1], "stderr": ""}
        s.step("bash", {"command": cmd}, out, (5, 7, 9)[k % 3], why)
    return s


@session
def helm_healthy_1():
    tools = [tool("run", "Run a shell command in the repo root and return output and exit code.",
                  {"cmd": ("string", "Command line")})]
    s = Sess("helm_chart_linter", "healthy", 1, HELM_SYS, tools, user_id="dev-amensah",
             notes=("Pre-upgrade sweep: `helm lint --strict` once per chart across 11 charts, the same command on a "
                    "new chart each turn with different results (clean, deprecation warnings, one error), then "
                    "a summary. Many similar items, no repetition of work."))
    s.user("Before the 1.29 cluster upgrade, lint every chart under charts/ with --strict and list the deprecated "
           "APIs you find. Don't fix anything yet, just report.")
    charts = ["auth-gateway", "checkout", "inventory-sync", "ledger-worker", "notifications", "payments-api",
              "pdf-renderer", "search-indexer", "session-store", "webhooks-relay", "ops-dashboards"]
    s.step("run", {"cmd": "ls charts/"}, {"exit_code": 0, "output": "\n".join(charts) + "\n"}, 2)
    res = {
        "auth-gateway": (0, "[INFO] Chart.yaml: icon is recommended\n"),
        "checkout": (0, "[WARNING] templates/hpa.yaml: autoscaling/v2beta2 HorizontalPodAutoscaler is deprecated in v1.23+, unavailable in v1.26+; use autoscaling/v2 HorizontalPodAutoscaler\n"),
        "inventory-sync": (0, "[INFO] Chart.yaml: icon is recommended\n"),
        "ledger-worker": (0, "[WARNING] templates/pdb.yaml: policy/v1beta1 PodDisruptionBudget is deprecated in v1.21+, unavailable in v1.25+; use policy/v1 PodDisruptionBudget\n"),
        "notifications": (0, ""),
        "payments-api": (1, "[ERROR] values.yaml: - image.pullPolicy: Does not match pattern '^(Always|Never|IfNotPresent)$'\n"),
        "pdf-renderer": (0, "[WARNING] templates/cronjob.yaml: batch/v1beta1 CronJob is deprecated in v1.21+, unavailable in v1.25+; use batch/v1 CronJob\n"),
        "search-indexer": (0, "[INFO] values.yaml: file does not exist\n"),
        "session-store": (0, "[WARNING] templates/ingress.yaml: networking.k8s.io/v1beta1 Ingress is deprecated in v1.19+, unavailable in v1.22+; use networking.k8s.io/v1 Ingress\n"),
        "webhooks-relay": (0, ""),
        "ops-dashboards": (0, "[WARNING] templates/psp.yaml: policy/v1beta1 PodSecurityPolicy is deprecated in v1.21+, unavailable in v1.25+\n"),
    }
    for k, c in enumerate(charts):
        code, body = res[c]
        tail = (f"\nError: 1 chart(s) linted, 1 chart(s) failed\n" if code else "\n1 chart(s) linted, 0 chart(s) failed\n")
        s.step("run", {"cmd": f"helm lint --strict charts/{c}"},
               {"exit_code": code, "output": f"==> Linting charts/{c}\n{body}{tail}"}, 3 + k % 3,
               None if k == 0 else f"{charts[k - 1]} done; next {c}.")
    s.say("Summary: 5 deprecated APIs - checkout HPA (autoscaling/v2beta2), ledger-worker PDB (policy/v1beta1), "
          "pdf-renderer CronJob (batch/v1beta1), session-store Ingress (networking.k8s.io/v1beta1), ops-dashboards "
          "PodSecurityPolicy (removed in 1.25). payments-api fails strict lint on image.pullPolicy (unrelated).")
    s.user("Thanks. Which of those would actually break on 1.29 vs just warn?", 140)
    return s


@session
def helm_healthy_2():
    tools = [
        tool("write_file", "Create or overwrite a file.", {"path": ("string", "Path"), "content": ("string", "File content")}),
        tool("run", "Run a shell command; returns exit code and output.", {"cmd": ("string", "Command line")}),
    ]
    s = Sess("helm_chart_linter", "healthy", 2, HELM_SYS, tools, user_id="dev-tnakamura", model_pick=1,
             notes=("Validate/fix loop that converges: each kubeconform/helm run reports a different error (typo, "
                    "wrong type, nil value, an empty prod label value) until clean, then the same check on two "
                    "more values files, one of which needs one more fix."))
    s.user("Add a NetworkPolicy and a PodDisruptionBudget to charts/ledger-worker. Make sure "
           "`helm template charts/ledger-worker | kubeconform -strict -kubernetes-version 1.29.0 -summary` is clean "
           "for the default, staging and prod values.")
    KC = "helm template charts/ledger-worker{v} | kubeconform -strict -kubernetes-version 1.29.0 -summary"
    pdb = ("{{- if .Values.pdb.enabled }}\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: {{ include \"ledger-worker.fullname\" . }}\n"
           "spec:\n  maxUnavailble: {{ .Values.pdb.maxUnavailable }}\n  selector:\n    matchLabels:\n      {{- include \"ledger-worker.selectorLabels\" . | nindent 6 }}\n{{- end }}\n")
    np = ("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: {{ include \"ledger-worker.fullname\" . }}\n"
          "spec:\n  podSelector:\n    matchLabels:\n      {{- include \"ledger-worker.selectorLabels\" . | nindent 6 }}\n"
          "  policyTypes: Ingress\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              {{- toYaml .Values.networkPolicy.ingressFrom | nindent 14 }}\n")
    s.step("write_file", {"path": "charts/ledger-worker/templates/pdb.yaml", "content": pdb}, "wrote 312 bytes", 3)
    s.step("write_file", {"path": "charts/ledger-worker/templates/networkpolicy.yaml", "content": np}, "wrote 455 bytes", 2)
    s.step("run", {"cmd": KC.format(v="")},
           {"exit_code": 1, "output": "stdin - PodDisruptionBudget ledger-worker is invalid: problem validating schema. Check JSON formatting: jsonschema: '/spec' does not validate with https://kubernetesjsonschema.dev/v1.29.0-standalone-strict/poddisruptionbudget-policy-v1.json#/properties/spec/additionalProperties: additionalProperties 'maxUnavailble' not allowed\nstdin - NetworkPolicy ledger-worker is invalid: problem validating schema. Check JSON formatting: jsonschema: '/spec/policyTypes' does not validate with .../networkpolicy-networking-v1.json#/properties/spec/properties/policyTypes/type: expected array, but got string\nSummary: 6 resources found parsing stdin - Valid: 4, Invalid: 2, Errors: 0, Skipped: 0\n"}, 5)
    s.step("write_file", {"path": "charts/ledger-worker/templates/pdb.yaml", "content": pdb.replace("maxUnavailble", "maxUnavailable")},
           "wrote 313 bytes", 3, "Fixing the maxUnavailable typo.")
    s.step("write_file", {"path": "charts/ledger-worker/templates/networkpolicy.yaml", "content": np.replace("policyTypes: Ingress", "policyTypes:\n    - Ingress")},
           "wrote 461 bytes", 2, "policyTypes must be a list.")
    s.step("run", {"cmd": KC.format(v="")},
           {"exit_code": 1, "output": "Error: template: ledger-worker/templates/pdb.yaml:1:14: executing \"ledger-worker/templates/pdb.yaml\" at <.Values.pdb.enabled>: nil pointer evaluating interface {}.enabled\nSummary: 0 resources found parsing stdin - Valid: 0, Invalid: 0, Errors: 1, Skipped: 0\n"}, 5)
    s.step("run", {"cmd": "cat >> charts/ledger-worker/values.yaml <<'EOF'\n\npdb:\n  enabled: true\n  maxUnavailable: 1\n\nnetworkPolicy:\n  ingressFrom:\n    app.kubernetes.io/name: ledger-api\nEOF"},
           {"exit_code": 0, "output": ""}, 2, "Adding pdb and networkPolicy defaults to values.yaml.")
    s.step("run", {"cmd": KC.format(v="")},
           {"exit_code": 0, "output": "Summary: 6 resources found parsing stdin - Valid: 6, Invalid: 0, Errors: 0, Skipped: 0\n"}, 5)
    s.step("run", {"cmd": KC.format(v=" -f charts/ledger-worker/values-staging.yaml")},
           {"exit_code": 0, "output": "Summary: 6 resources found parsing stdin - Valid: 6, Invalid: 0, Errors: 0, Skipped: 0\n"}, 5,
           "Default values are clean. Now staging.")
    s.step("run", {"cmd": KC.format(v=" -f charts/ledger-worker/values-prod.yaml")},
           {"exit_code": 1, "output": "stdin - NetworkPolicy ledger-worker is invalid: problem validating schema. Check JSON formatting: jsonschema: '/spec/ingress/0/from/0/podSelector/matchLabels/app.kubernetes.io~1name' does not validate with .../networkpolicy-networking-v1.json: expected string, but got null\nSummary: 7 resources found parsing stdin - Valid: 6, Invalid: 1, Errors: 0, Skipped: 0\n"}, 5,
           "Staging is clean. Now prod.")
    s.step("run", {"cmd": "grep -n -A3 networkPolicy charts/ledger-worker/values-prod.yaml"},
           {"exit_code": 0, "output": "41:networkPolicy:\n42-  ingressFrom:\n43-    app.kubernetes.io/name:\n44-    # TODO set once ledger-api prod name is final\n"}, 2)
    s.step("run", {"cmd": "sed -i '43s|app.kubernetes.io/name:|app.kubernetes.io/name: ledger-api-prod|' charts/ledger-worker/values-prod.yaml && " + KC.format(v=" -f charts/ledger-worker/values-prod.yaml")},
           {"exit_code": 0, "output": "Summary: 7 resources found parsing stdin - Valid: 7, Invalid: 0, Errors: 0, Skipped: 0\n"}, 6,
           "Prod had an empty label value; setting it to ledger-api-prod (please confirm the name).")
    s.say("All three values files now render and validate cleanly (6/6/7 resources). Changes: new pdb.yaml and "
          "networkpolicy.yaml, defaults in values.yaml, and values-prod.yaml line 43 set to ledger-api-prod - that "
          "last one needs your confirmation.")
    s.user("ledger-api-prod is right. Commit it as 'ledger-worker: add PDB and NetworkPolicy'.", 210)
    return s
# ---------------------------------------------------------------- insurance_fnol_intake

FNOL_SYS = ("You are the first-notice-of-loss (FNOL) assistant for Harbourline Insurance (home and motor). "
            "Collect what is needed to register a claim, be calm and empathetic, give safety advice where "
            "relevant, and use the tools to look up policies and register claims. If you cannot proceed, "
            "offer the 24h claims line 0800 048 2210.")


@session
def fnol_runaway_1():
    tools = [
        tool("lookup_policy", "Find a policy by number and postcode.",
             {"policy_number": ("string", "Policy number as given"), "postcode": ("string", "Risk address postcode")}),
        tool("create_claim", "Register a claim on a policy.",
             {"policy_id": ("string", "Internal policy id"), "peril": ("string", "Peril code"),
              "incident_date": ("string", "ISO date"), "description": ("string", "Free text")}),
    ]
    s = Sess("insurance_fnol_intake", "runaway", 1, FNOL_SYS, tools, user_id="web-anon-5f2c91",
             expected={"outcome": "runaway", "loop_begins_turn": 4, "stop_by_turn": 8},
             notes=("The bot keeps asking the customer to re-confirm a policy number that the lookup never finds "
                    "(same NO_MATCH every time) instead of escalating; the distressed customer repeats the same "
                    "number in different formats. Loop from the first re-ask answered (turn 4)."))
    s.user("Hi, water is coming through my kitchen ceiling from the flat upstairs. I need to make a claim. The "
           "neighbour isn't answering.")
    s.say("I'm sorry, that sounds stressful. If water is near light fittings or sockets, switch off the electricity "
          "at the consumer unit if it's safe to do so. To start your claim, could you give me your policy number and "
          "the postcode of the property?")
    answers = [
        ("HLH-0448120, postcode G12 8QQ", "HLH-0448120", "G12 8QQ", 70),
        ("It's HLH-0448120. It's on my renewal letter right in front of me.", "HLH-0448120", "G12 8QQ", 55),
        ("H L H dash 0 4 4 8 1 2 0. G12 8QQ. Is there someone I can phone?", "HLH0448120", "G128QQ", 48),
        ("I've told you. HLH-0448120. The ceiling is bulging now.", "HLH-0448120", "G12 8QQ", 40),
        ("HLH 0448120 !!! postcode G12 8QQ, Glasgow", "HLH 0448120", "G12 8QQ", 35),
        ("why do you keep asking the same thing. HLH-0448120", "HLH-0448120", "G12 8QQ", 62),
        ("HLH-0448120", "HLH-0448120", "G12 8QQ", 30),
    ]
    reasks = [
        "I couldn't find a policy with those details. Could you double-check the policy number? It's shown on your "
        "policy schedule, usually near the top.",
        "I'm sorry, I still can't locate that policy. Could you confirm the policy number exactly as it appears on "
        "your documents?",
        "Thank you. Unfortunately I wasn't able to match that either. Could you please check the policy number and "
        "postcode once more?",
        "I understand this is urgent. I still can't find a match - could you confirm your policy number for me?",
        "I'm sorry for the difficulty. To find your policy, please could you provide your policy number again?",
        "I still haven't been able to find that policy. Could you re-check the number on your schedule?",
        "Apologies - could you confirm the policy number once more so I can look it up?",
    ]
    for k, (text, pn, pc, dt) in enumerate(answers):
        s.user(text, dt)
        s.step("lookup_policy", {"policy_number": pn, "postcode": pc},
               {"found": False, "matches": 0, "searched": {"policy_number": pn, "postcode": pc},
                "index": "motor+home-v2", "request_id": f"lp-{740193 + 37 * k}"}, 2)
        s.say(reasks[k])
    s.user("HLH-0448120 HLH-0448120 HLH-0448120", 25)
    return s


@session
def fnol_runaway_2():
    tools = [
        tool("transfer_to_agent", "Hand the case to a specialist agent with a note; returns that agent's reply.",
             {"agent": ("string", "coverage_check | property_details | fraud_screen | claim_registration"),
              "case_id": ("string", "Case file id"), "note": ("string", "Hand-off note")}),
        tool("register_claim", "Register the claim once coverage is confirmed.",
             {"case_id": ("string", "Case file id")}),
    ]
    sysmsg = FNOL_SYS + " You are the orchestrator: route the case between specialist agents until it can be registered."
    s = Sess("insurance_fnol_intake", "runaway", 2, sysmsg, tools, user_id="svc-fnol-orchestrator",
             expected={"outcome": "runaway", "loop_begins_turn": 4, "stop_by_turn": 10},
             notes=("Hand-offs going round: coverage_check needs risk.property_type, property_details records it in "
                    "a different field and sends the case back, and the orchestrator bounces between them with "
                    "reworded notes. Loop from the second coverage_check refusal (turn 4)."))
    form = {"case_id": "CF-20931", "channel": "web_form", "policy_number": "HLH-3391027", "peril_selected": "Escape of water",
            "incident_date": "2024-11-19", "address": "Flat 2/1, 14 Dowanhill St, Glasgow G11 5QS",
            "description": "Washing machine hose split while we were out. Kitchen laminate lifted, water through to flat below.",
            "est_cost_gbp": 3800, "photos": 4}
    s.user("New FNOL web form submission:\n" + json.dumps(form, indent=2))
    cov = [
        "[coverage_check] Cannot determine cover for peril ESCAPE_OF_WATER on CF-20931: risk.property_type is null. "
        "Returning to orchestrator - route to property_details.",
        "[coverage_check] CF-20931: unable to assess. Required field risk.property_type missing (value: null). Please "
        "obtain property type via property_details.",
        "[coverage_check] Coverage not assessable for CF-20931 - risk.property_type is empty. Send to property_details.",
        "[coverage_check] CF-20931 still lacks risk.property_type (null at 2024-11-20T09:{m}:00Z). Route to property_details.",
        "[coverage_check] Cannot proceed: CF-20931 risk.property_type = null. Route to property_details.",
    ]
    prop = [
        "[property_details] Recorded property_type=FLAT_LEASEHOLD (2nd floor, tenement), building cover via factor's "
        "block policy. Contents cover decision belongs to coverage_check; returning.",
        "[property_details] CF-20931 already has property_type=FLAT_LEASEHOLD on file (property.type, set earlier). "
        "Nothing to add - coverage decision is for coverage_check.",
        "[property_details] No change: property.type=FLAT_LEASEHOLD. Please send to coverage_check for the cover decision.",
        "[property_details] property.type is FLAT_LEASEHOLD (confirmed from EPC register). Returning to orchestrator for coverage_check.",
        "[property_details] Already recorded. property.type=FLAT_LEASEHOLD. Route to coverage_check.",
    ]
    notes_cov = [
        "New escape-of-water claim, flat, est. GBP 3,800. Please confirm contents cover.",
        "property_details has recorded the property as a leasehold flat. Please re-assess cover.",
        "Property type is now on file (FLAT_LEASEHOLD). Please confirm cover for escape of water.",
        "Re-sending: property_details confirms FLAT_LEASEHOLD. Coverage decision needed.",
        "Property type confirmed again by property_details. Please assess.",
    ]
    notes_prop = [
        "coverage_check needs the property type for CF-20931.",
        "coverage_check still reports property_type missing. Please record it.",
        "Please set the property type - coverage_check can't see it.",
        "coverage_check says property_type is null; please record the property type.",
        "Property type still missing for coverage_check.",
    ]
    dt = 6
    notes_cov.append("property_details has confirmed FLAT_LEASEHOLD again - please complete the coverage decision.")
    notes_prop.append("Coverage still cannot see the property type. Please write it to the case file.")
    cov.append(cov[0].replace("Returning to orchestrator - ", ""))
    prop.append(prop[2])
    routes = ["Routing to property_details to record the property type.",
              "Sending back to property_details.", "property_details again, to record the property type."]
    for k in range(6):
        s.step("transfer_to_agent", {"agent": "coverage_check", "case_id": "CF-20931", "note": notes_cov[k]},
               cov[k].replace("{m}", f"{12 + 2 * k:02d}"), dt + k % 3,
               None if k == 0 else ("Coverage check next.", "Back to coverage_check with the property type.")[k % 2])
        s.step("transfer_to_agent", {"agent": "property_details", "case_id": "CF-20931", "note": notes_prop[k]},
               prop[k], dt + 1 + k % 2, routes[k % 3])
    return s


@session
def fnol_healthy_1():
    tools = [
        tool("list_inbox_attachments", "List attachments the customer sent to the claim inbox.",
             {"claim_id": ("string", "Claim id")}),
        tool("upload_evidence", "Attach one file to the claim with a category.",
             {"claim_id": ("string", "Claim id"), "file": ("string", "Attachment name"),
              "category": ("string", "damage_photo | receipt | video | report")}),
        tool("wait_seconds", "Sleep before retrying.", {"seconds": ("integer", "Seconds")}),
        tool("set_claim_status", "Move the claim to a new status.",
             {"claim_id": ("string", "Claim id"), "status": ("string", "Status code")}),
    ]
    s = Sess("insurance_fnol_intake", "healthy", 1, FNOL_SYS, tools, user_id="adj-lbarros", model_pick=1,
             notes=("An adjuster asks the agent to file 13 emailed attachments: the same upload call on a new file "
                    "each time (2-3 per turn), one 503 retried once after the advised back-off, then a status "
                    "change. Many similar items, all progressing."))
    s.user("Customer on CLM-2024-118734 (storm damage, roof + garden wall) emailed their photos and receipts. "
           "Please attach everything to the claim with the right categories and move it to READY_FOR_DESK_ASSESS.")
    files = ["IMG_4402.HEIC", "IMG_4403.HEIC", "IMG_4404.HEIC", "IMG_4405.HEIC", "IMG_4411.HEIC", "IMG_4412.HEIC",
             "IMG_4418.HEIC", "IMG_4420.HEIC", "wall_collapse.MOV", "roofer_quote_JRoofing.pdf",
             "skip_hire_receipt.pdf", "tarpaulin_receipt_BandQ.jpg", "met_office_gust_report.pdf"]
    cat = {"MOV": "video", "pdf": "report", "jpg": "receipt"}
    s.step("list_inbox_attachments", {"claim_id": "CLM-2024-118734"},
           {"attachments": [{"name": f, "bytes": 1800000 + 91733 * i} for i, f in enumerate(files)]}, 2)
    ev = 55012
    i = 0
    retried = False
    while i < len(files):
        chunk = files[i:i + 3]
        calls = []
        for f in chunk:
            c = cat.get(f.rsplit(".", 1)[1], "damage_photo")
            if f.startswith("roofer") or f.startswith("skip") or f.startswith("tarp"):
                c = "receipt"
            calls.append(("upload_evidence", {"claim_id": "CLM-2024-118734", "file": f, "category": c}))
        s.call(calls, None if i == 0 else f"{i} of {len(files)} attached; continuing.")
        outs = []
        fail = None
        for f in chunk:
            ev += 1
            if f == "wall_collapse.MOV" and not retried:
                outs.append({"ok": False, "status": 503, "error": "document store busy", "retry_after_s": 8})
                fail = f
            else:
                outs.append({"ok": True, "evidence_id": f"EV-{ev}", "file": f})
        s.results(outs, 5)
        if fail:
            retried = True
            s.step("wait_seconds", {"seconds": 8}, "slept 8s", 9, "The video upload got a 503; waiting the advised 8 seconds.")
            ev += 1
            s.step("upload_evidence", {"claim_id": "CLM-2024-118734", "file": fail, "category": "video"},
                   {"ok": True, "evidence_id": f"EV-{ev}", "file": fail}, 7)
        i += 3
    s.step("set_claim_status", {"claim_id": "CLM-2024-118734", "status": "READY_FOR_DESK_ASSESS"},
           {"ok": True, "previous": "AWAITING_EVIDENCE", "status": "READY_FOR_DESK_ASSESS"}, 2,
           "All 13 files attached (8 photos, 1 video, 4 receipts/reports).")
    s.say("Done - 13 attachments on CLM-2024-118734 and the claim is READY_FOR_DESK_ASSESS. The video needed one retry.")
    s.user("Great. Flag the roofer quote to me, it looks high (GBP 6,240 for 14 tiles?).", 120)
    return s


@session
def fnol_healthy_2():
    tools = [
        tool("lookup_policy", "Find a policy by registration or policy number.",
             {"query": ("string", "Policy number or vehicle registration")}),
        tool("validate_address", "Validate and geocode an incident location.",
             {"text": ("string", "Free-text location")}),
        tool("create_claim", "Register a motor claim.",
             {"policy_id": ("string", "Policy id"), "details": ("object", "Structured claim details")}),
    ]
    s = Sess("insurance_fnol_intake", "healthy", 2, FNOL_SYS, tools, user_id="app-cust-9931aa",
             notes=("A long, human-paced motor FNOL: many similar question/answer rounds, an ambiguous location "
                    "validated twice with a refinement, and a claim registered at the end. Question after question, "
                    "but every answer adds new facts."))
    qa = [
        ("Hi, someone went into the back of me at a roundabout about an hour ago. Nobody hurt. Reg is LS19 KXT.", 0),
        ("Yes that's me, Priya Raman.", 95),
        ("Church Street roundabout, by the Tesco", 140),
        ("Ilkley. Church St / Brook St roundabout, LS29", 85),
        ("It was about 4.20pm. I was stopped waiting to go onto the roundabout and he just didn't stop", 110),
        ("Blue Vauxhall Corsa, reg YD68 PNU, driver gave me his name as Gareth Holt, insurer he said Admiral", 160),
        ("No injuries, bit of a sore neck maybe but fine", 75),
        ("Rear bumper is cracked and the boot won't close properly. I drove it home slowly.", 90),
        ("No police. There was a witness, a lady walking her dog, she gave me her number 07700 900848, Sue", 130),
        ("Yes I've got 6 photos, I'll upload them in the app", 60),
    ]
    replies = [
        None,
        "Thanks Priya. Where did the collision happen?",
        None,
        None,
        "Thank you. What time did it happen, and can you describe what happened?",
        "That sounds like it wasn't your fault. Do you have the other driver's details - name, registration, insurer?",
        "Thank you. Was anyone injured, including you? Even minor symptoms like neck pain are worth noting.",
        "I'll note possible minor neck discomfort - please see a GP or call 111 if it gets worse. What damage is there "
        "to your car, and is it driveable?",
        "Were the police called, and were there any witnesses?",
        "Very helpful. Do you have photos of the damage and the scene?",
    ]
    s.user(qa[0][0])
    s.step("lookup_policy", {"query": "LS19 KXT"},
           {"policy_id": "pol_mt_552190", "policy_number": "HLM-5521903", "holder": "Priya Raman",
            "vehicle": "2019 Kia Niro 1.6 GDi", "cover": "Comprehensive", "excess_gbp": 350, "status": "ACTIVE"}, 2)
    s.say("I'm glad nobody was hurt. I've found a comprehensive policy for a 2019 Kia Niro, LS19 KXT, in the name of "
          "Priya Raman - is that you?")
    for k in range(1, len(qa)):
        text, dt = qa[k]
        s.user(text, dt)
        if k == 2:
            s.step("validate_address", {"text": "Church Street roundabout, by the Tesco"},
                   {"ok": False, "candidates": 14, "sample": ["Church St, Ilkley LS29", "Church St, Keighley BD21",
                                                              "Church St, Otley LS21"], "reason": "AMBIGUOUS"}, 2)
            s.say("There are several Church Street roundabouts near you. Which town is it in?")
        elif k == 3:
            s.step("validate_address", {"text": "Church St / Brook St roundabout, Ilkley LS29"},
                   {"ok": True, "formatted": "A65 Church St / Brook St roundabout, Ilkley LS29 9DR",
                    "lat": 53.9253, "lon": -1.8218, "road_type": "A-road junction"}, 2)
            s.say("Got it - A65 Church Street / Brook Street roundabout, Ilkley. What time did it happen, and what happened?")
        elif k == 1:
            s.say(replies[1])
        elif k + 1 < len(replies):
            s.say(replies[k + 1])
    details = {"incident_datetime": "2024-11-22T16:20:00Z", "location": "A65 Church St / Brook St roundabout, Ilkley LS29 9DR",
               "circumstances": "Insured stationary at give-way; third party failed to stop, rear impact.",
               "third_party": {"name": "Gareth Holt", "vehicle": "Blue Vauxhall Corsa", "reg": "YD68 PNU", "insurer": "Admiral (stated)"},
               "injuries": "Insured reports possible minor neck discomfort", "damage": "Rear bumper cracked; boot will not close",
               "driveable": True, "police": False, "witness": {"name": "Sue", "phone": "07700 900848"}, "photos_pending": 6}
    s.step("create_claim", {"policy_id": "pol_mt_552190", "details": details},
           {"ok": True, "claim_id": "CLM-2024-131207", "liability_indication": "THIRD_PARTY_AT_FAULT_LIKELY",
            "next": "Upload photos within 7 days; non-fault repairer will call within 1 working day."}, 3)
    s.say("Your claim is registered: CLM-2024-131207. It looks like a non-fault claim, so our non-fault repairer will "
          "call you within one working day. Please upload the 6 photos in the app within 7 days.")
    s.user("Will I have to pay the 350 excess?", 70)
    return s
# ---------------------------------------------------------------- museum_audio_guide_writer (tool-less)

MUSEUM_SYS = ("You write audio-guide scripts for the Harrow Vale Museum of Maritime History. Each stop is "
              "read aloud by a narrator: 120-180 words, second person, warm and concrete, one vivid detail a "
              "listener can find in the case, no footnotes, British spelling. Start each stop with its number and title.")

FIGUREHEAD = [
    "Stop 6 - The Figurehead of the Marianne\n\nLook up. The woman leaning out above you, arms folded across her "
    "chest, once rode the bow of the barque Marianne through the Southern Ocean. She was carved in 1858 from a single "
    "block of yellow pine by William Dodd of Sunderland, and the sailors called her Annie. Notice the chip in her left "
    "cheek: a piece of ice off Cape Horn in 1871, the ship's log says, 'struck the lady full in the face'. Sailors "
    "believed a figurehead's eyes found the way through fog, so when the Marianne was broken up in 1904 her crew "
    "clubbed together to buy Annie for three pounds rather than see her burned. Her paint has been restored four "
    "times; under the blue of her dress, conservators found traces of an earlier green.",
    "Stop 6 - Annie, the Marianne's Figurehead\n\nAbove you, leaning forward with her arms crossed, is Annie - the "
    "figurehead of the barque Marianne. William Dodd carved her in Sunderland in 1858 from one block of yellow pine. "
    "Find the small scar on her left cheek: in 1871, rounding Cape Horn, a lump of ice 'struck the lady full in the "
    "face', as the log puts it. Sailors trusted a figurehead's eyes to see through fog, and when the ship was broken "
    "up in 1904 the crew paid three pounds between them to save her. She has been repainted four times, and beneath "
    "her blue dress there is still a hint of the original green.",
    "Stop 6 - The Marianne's Guardian\n\nRaise your eyes to the carved woman above the case. The crew of the barque "
    "Marianne knew her as Annie. She was shaped in 1858 by William Dodd of Sunderland from a single piece of yellow "
    "pine, and she rode the ship's bow for nearly fifty years. Look closely at her left cheek, where ice off Cape Horn "
    "left a chip in 1871 - 'struck the lady full in the face', the log records. Believing she guided them through fog, "
    "the sailors raised three pounds in 1904 to buy her when the ship was scrapped. Four restorations later, a trace of "
    "her first green paint still shows under the blue.",
    "Stop 6 - The Figurehead 'Annie'\n\nApologies for the confusion - here is the next stop.\n\nLook up at Annie, the "
    "figurehead who sailed on the bow of the barque Marianne. Carved in 1858 by Sunderland's William Dodd from a "
    "single block of yellow pine, she bears a chip on her left cheek from Cape Horn ice in 1871. Her crew believed she "
    "could see through fog, and in 1904, when the Marianne was broken up, they bought her for three pounds rather than "
    "let her burn. Under her blue dress, restorers have found the ghost of an older green.",
    "Stop 6 - Annie of the Marianne\n\nYou're standing beneath Annie, once the figurehead of the barque Marianne. She "
    "was carved from yellow pine in 1858 by William Dodd of Sunderland. That chip on her left cheek? Cape Horn ice, 1871 "
    "- the log says it 'struck the lady full in the face'. Sailors thought her eyes found the way through fog; in 1904 "
    "the crew bought her for three pounds when the ship was broken up. Four repaintings on, a little of her original "
    "green still peeps out from under the blue.",
    "Stop 6 - The Figurehead of the Marianne (revised)\n\nLook up at the carved woman with folded arms: Annie, "
    "figurehead of the barque Marianne, made in 1858 by William Dodd of Sunderland from a single block of yellow pine. "
    "Her left cheek still carries the chip left by Cape Horn ice in 1871. When the ship was scrapped in 1904, her crew "
    "pooled three pounds to save her. Beneath the blue of her dress, a first coat of green survives.",
]


@session
def museum_runaway_1():
    s = Sess("museum_audio_guide_writer", "runaway", 1, MUSEUM_SYS, None, user_id="hvm-curator-jbell",
             max_tokens=900,
             expected={"outcome": "runaway", "loop_begins_turn": 6, "stop_by_turn": 9},
             notes=("Tool-less. After stop 6 the writer keeps producing reworded versions of the same stop (the "
                    "figurehead) whatever the curator asks, apologising but never reaching stop 7. Loop visible from "
                    "the first repeated stop in the history (turn 6)."))
    s.user("We're writing the new Deep Water gallery guide, 12 stops. Catalogue notes:\n"
           "1 Entrance - whaling harpoon gun, Svend Foyn type, 1880s\n2 Ship's bell of the SS Orwell, 1911, cracked\n"
           "3 Sextant by Heath & Co., owned by 2nd mate Ellen Pryce (one of very few women officers, 1920s)\n"
           "4 Scrimshaw sperm-whale tooth, engraved with the ship Dolphin and a woman's name, 'Kezia'\n"
           "5 Diving helmet, Siebe Gorman 12-bolt, used in 1931 Egypt salvage\n6 Figurehead 'Annie' of the barque Marianne, 1858\n"
           "7 Ship's biscuit, 1875, case 14 - still intact, with a maker's stamp 'Carr & Co'\n8 Chronometer, Kullberg, "
           "1890\n9 Lifejacket (cork) from the SS Norge, 1904\n10 Model of HMS Terror\n11 Message in a bottle, found 1967 "
           "Cornwall, written 1912\n12 Exit - lighthouse lens, 2nd order Fresnel\n\nPlease write stops 1-3 first.")
    s.say("Stop 1 - The Harpoon Gun\n\nBefore you go any further, stand beside the heavy iron gun on your left. In the "
          "1880s this Svend Foyn-type cannon sat on the bow of a Norwegian steam whaler, firing a harpoon tipped with a "
          "grenade. Look for the scorch marks around the muzzle - every one is a hunt. Guns like this emptied the North "
          "Atlantic of blue whales within a generation.\n\nStop 2 - The Bell of the SS Orwell\n\nThis bell rang the "
          "watches on the SS Orwell from 1911. See the crack running up from the lip? It split in the hard frost of "
          "January 1917 while the ship lay iced in at Archangel, and the crew went on ringing it anyway - you can still "
          "see the polished patch where the clapper struck.\n\nStop 3 - Ellen Pryce's Sextant\n\nThis brass sextant "
          "by Heath & Co. belonged to Ellen Pryce, second mate in the 1920s when women officers could be counted on one "
          "hand. Look at the inside of the lid: she scratched her initials, E.P., and the date she passed her ticket.")
    cont = [
        ("Lovely, exactly the tone. Continue with stop 4.", 260,
         "Stop 4 - Kezia's Tooth\n\nThis sperm whale's tooth was carved by a sailor on the whaler Dolphin with nothing "
         "but a sail needle and lamp-black. On one side, the Dolphin under full sail; on the other, a single word: "
         "Kezia. We don't know who she was - a wife, a sweetheart, a daughter waiting in Nantucket. Look how the "
         "letters are cut deeper than the ship, as though he went over them again and again on the long nights."),
        ("continue", 190,
         "Stop 5 - The Salvage Diver's Helmet\n\nThis copper Siebe Gorman twelve-bolt helmet went down in 1931 to "
         "the wreck of a P&O liner off the Egyptian coast, where divers recovered gold bullion in water so deep that "
         "each man could only work minutes at a time. Count the bolts around the collar - twelve, each tightened by "
         "a tender on deck. The dent above the front window came from a falling steel plate."),
        ("continue", 150, FIGUREHEAD[0]),
        ("next one please", 120, FIGUREHEAD[1]),
        ("That's the figurehead again - we've had stop 6. Stop 7 is the ship's biscuit in case 14.", 95, FIGUREHEAD[2]),
        ("No, still the figurehead. I need STOP 7: ship's biscuit, 1875, Carr & Co stamp, case 14.", 80, FIGUREHEAD[3]),
        ("You've written the figurehead four times now. Ship's biscuit. Please.", 70, FIGUREHEAD[4]),
        ("continue", 60, FIGUREHEAD[5]),
        ("stop 7", 45, FIGUREHEAD[1].replace("Above you", "High above you")),
        ("Let's try again tomorrow. For now just write stop 7 about the BISCUIT.", 90, FIGUREHEAD[2].replace("Raise your eyes", "Lift your eyes")),
    ]
    for text, dt, reply in cont:
        s.user(text, dt)
        s.say(reply)
    s.user("?", 40)
    return s


@session
def museum_runaway_2():
    sysmsg = MUSEUM_SYS + (" When asked for SSML, output one complete <speak> document for the studio TTS renderer "
                           "(voice en-GB-Neural-Amelia; supported tags: speak, p, s, break, emphasis, prosody, sub, say-as).")
    s = Sess("museum_audio_guide_writer", "runaway", 2, sysmsg, None, user_id="svc-hvm-tts-pipeline", model_pick=1,
             max_tokens=1400,
             expected={"outcome": "runaway", "loop_begins_turn": 3, "stop_by_turn": 7},
             notes=("Tool-less automation: the TTS pipeline pastes its growing render log back after each attempt; "
                    "every resubmitted SSML still contains an unsupported <phoneme> tag and fails identically. "
                    "Loop from the second identical render failure (turn 3)."))
    script = ("Stop 9 - The Longitude Problem\n\nThis squat brass drum is a marine chronometer made by Victor Kullberg in "
              "1890. A hundred and fifty years earlier, John Harrison of Barrow upon Humber proved that a clock could "
              "carry Greenwich time to sea, and so tell a navigator how far east or west he had come. Listen for the "
              "tick - we wind it every Monday morning.")
    s.user("Produce render-ready SSML for this script (job stop-09, narrator pace 150 wpm, 400 ms pause after the "
           "title):\n\n" + script)
    variants = [
        ('<phoneme alphabet="ipa" ph="ˈhærɪsən">Harrison</phoneme>', '<phoneme alphabet="ipa" ph="ˈɡrɛnɪtʃ">Greenwich</phoneme>'),
        ('<phoneme alphabet="x-sampa" ph="\\"h{rIs@n">Harrison</phoneme>', '<phoneme alphabet="x-sampa" ph="\\"grEnItS">Greenwich</phoneme>'),
        ('<sub alias="Harrisson">Harrison</sub>', '<phoneme alphabet="ipa" ph="ˈɡrɛnɪtʃ">Greenwich</phoneme>'),
        ('Harrison', '<phoneme ph="ˈɡrɛnɪdʒ">Greenwich</phoneme>'),
        ('<phoneme alphabet="ipa" ph="ˈhærəsən">Harrison</phoneme>', '<phoneme alphabet="ipa" ph="ˈɡrɛnɪtʃ">Greenwich</phoneme>'),
        ('<sub alias="Harrison">Harrison</sub>', '<phoneme alphabet="ipa" ph="ˈɡrenɪtʃ">Greenwich</phoneme>'),
        ('<phoneme alphabet="ipa" ph="ˈhærɪsn̩">Harrison</phoneme>', '<sub alias="Grennitch"><phoneme alphabet="ipa" ph="ˈɡrɛnɪtʃ">Greenwich</phoneme></sub>'),
        ('Harrison', '<phoneme alphabet="ipa" ph="ˈɡrɛnɪtʃ">Greenwich</phoneme>'),
        ('<phoneme alphabet="ipa" ph="ˈhærɪsən">Harrison</phoneme>', '<phoneme alphabet="ipa" ph="ˈɡrɛnɪtʃ">Greenwich</phoneme>'),
        ('<phoneme alphabet="ipa" ph="ˈhærɪsən">Harrison</phoneme>', 'Greenwich <phoneme alphabet="ipa" ph="taɪm">time</phoneme>'),
    ]
    lead = ["", "Fixed: switched the pronunciation hints to X-SAMPA.\n\n",
            "Fixed: replaced the Harrison hint with <sub>.\n\n", "Corrected the phoneme attributes.\n\n",
            "Restored IPA, which the voice should accept.\n\n", "Simplified the markup.\n\n",
            "Wrapped the pronunciation so the renderer can fall back.\n\n", "Removed the Harrison tag.\n\n",
            "Resubmitting the corrected document.\n\n", "Adjusted the pronunciation hint.\n\n"]
    log = []
    clock = 12 * 3600 + 4 * 60 + 11
    for k, (h, g) in enumerate(variants):
        line_h = 6 if "phoneme" in h else 8
        ssml = (f"{lead[k]}<speak>\n  <p><s>Stop 9. The Longitude Problem.</s></p>\n  <break time=\"400ms\"/>\n"
                f"  <prosody rate=\"95%\">\n    <p><s>This squat brass drum is a marine chronometer made by Victor Kullberg in "
                f"<say-as interpret-as=\"date\" format=\"y\">1890</say-as>.</s>\n    <s>A hundred and fifty years earlier, "
                f"John {h} of Barrow upon Humber proved that a clock could carry {g} time to sea,\n    and so tell a "
                f"navigator how far east or west he had come.</s>\n    <s>Listen for the tick <break time=\"250ms\"/> - we wind "
                f"it every <emphasis level=\"moderate\">Monday</emphasis> morning.</s></p>\n  </prosody>\n</speak>")
        s.say(ssml)
        clock += 47 + 9 * k
        t = f"{clock // 3600:02d}:{clock % 3600 // 60:02d}:{clock % 60:02d}"
        bad_line = line_h if "phoneme" in h else 9
        log.append(f"[{t}.2{k}3] job stop-09 attempt {k + 1}: parse ok ({1012 + 17 * k} chars)")
        log.append(f"[{t}.2{k}7] ERROR InvalidSsmlException: Unsupported tag <phoneme> at line {bad_line}, col "
                   f"{(42, 40, 61, 47, 42, 61, 58, 47, 42, 66)[k]} (voice en-GB-Neural-Amelia: phoneme not supported)")
        log.append(f"[{t}.2{k}9] attempt {k + 1} FAILED, audio not written (out/stop-09.mp3)")
        s.user(f"RENDER FAILED (job stop-09, attempt {k + 1})\n--- renderer log (all attempts) ---\n" + "\n".join(log) +
               "\n--- end log ---\nFix the SSML and resend the complete document.", 40 + 9 * k)
    return s


@session
def museum_healthy_1():
    s = Sess("museum_audio_guide_writer", "healthy", 1, MUSEUM_SYS, None, user_id="hvm-curator-aokoro",
             max_tokens=900,
             notes=("Tool-less. The curator feeds one catalogue entry per message and gets one stop back; every "
                    "request has the same form ('Next: stop N ...') but a new object, plus one genuine revision "
                    "request. Many similar items."))
    stops = [
        ("Coastal Lives gallery. Next: stop 1. Object: herring gutting knife, Great Yarmouth, c.1910. Notes: used by "
         "Scots 'herring lassies' who followed the fleet south; fingers bound with cotton 'clooties'.",
         "Stop 1 - The Gutting Knife\n\nThis short, worn blade belonged to one of the Scottish herring lassies who "
         "followed the fishing fleet from Shetland to Great Yarmouth every autumn. A good crew of three could gut "
         "sixty fish a minute. Look at the handle, polished pale by a thumb - and imagine the cotton strips, the "
         "clooties, tied round every finger against the salt and the blade."),
        ("Next: stop 2. Crab creel, Cromer, willow and tarred twine, 1950s. Maker's initials 'WD' burnt into base.",
         "Stop 2 - The Cromer Creel\n\nWillow ribs, tarred twine, and a funnel the crab can crawl into but never out "
         "of. This creel was woven in Cromer in the 1950s; tilt your head and you'll find the initials W.D. burnt "
         "into its base. Every fisherman marked his pots, so a stolen creel could be claimed back on the beach."),
        ("Next: stop 3. Lifeboat service medal, RNLI silver, awarded 1953 to coxswain Henry Blogg's nephew.",
         "Stop 3 - A Silver Medal for Courage\n\nThis RNLI silver medal was awarded in 1953, the year of the great "
         "east coast flood, to a Cromer lifeboatman who had learned the sea from his uncle, the famous coxswain Henry "
         "Blogg. Look at the ribbon: faded on one side only, where it hung for fifty years beside a kitchen window."),
        ("Can you shorten stop 3 by about 20 words and lose 'the famous'? The family found it a bit much.",
         "Stop 3 - A Silver Medal for Courage\n\nAwarded in 1953, the year of the east coast flood, this RNLI silver "
         "medal went to a Cromer lifeboatman who learned the sea from his uncle, coxswain Henry Blogg. Notice the "
         "ribbon, faded on one side where it hung beside a kitchen window."),
        ("Next: stop 4. Smuggler's tub, oak, holds 4 gallons, found in a sea cave at Happisburgh 1890.",
         "Stop 4 - The Smuggler's Tub\n\nSmall enough to carry on your back, this oak tub held four gallons of "
         "French brandy. Smugglers roped them together in pairs and sank them off the beach to be 'crept up' later "
         "with grappling hooks. This one was found in a cave at Happisburgh in 1890 - look for the rope groove worn "
         "into its staves."),
        ("Next: stop 5. Fishwife's shawl, Paisley pattern, Newhaven (Edinburgh), 1890s.",
         "Stop 5 - The Newhaven Shawl\n\nThe fishwives of Newhaven walked up to Edinburgh with creels of fish on their "
         "backs, crying 'Caller herrin'!' through the streets. This Paisley-pattern shawl was part of the uniform - "
         "striped petticoats, shawl, and creel strap. Find the darned patch near the corner where the strap rubbed for years."),
        ("Next: stop 6. Wreck chart, Goodwin Sands, 1860s, with pencil notes by a Deal pilot.",
         "Stop 6 - The Pilot's Chart\n\nThe Goodwin Sands have swallowed more than two thousand ships. This 1860s chart "
         "belonged to a Deal pilot, and the faint pencil crosses are his own - wrecks he saw or helped to salvage. "
         "Look near the North Sand Head for a cross with a date beside it: the night he was the only man saved."),
        ("Next: stop 7. Tin toy paddle steamer, Bing (Germany), c.1905, sold on Southend pier.",
         "Stop 7 - The Pier Souvenir\n\nFor a day-tripper's child in 1905, nothing beat a clockwork paddle steamer "
         "bought on Southend pier. This tin model was made by Bing of Nuremberg. Its paint is chipped along one side "
         "- the side that scraped the bottom of a bathtub, we suspect, for many happy years."),
        ("Next: stop 8. Cork net floats, 30 of them strung, from Brixham trawler 'Provident'.",
         "Stop 8 - Floats from the Provident\n\nThirty cork floats, still strung, came off the Brixham sailing trawler "
         "Provident. They held the top of the net at the surface while its weighted foot dragged the sea bed. Count "
         "the branded ones: each carries a tiny P, so a net lost at sea could find its way home."),
        ("Next: stop 9. Seaside postcard, 1921, 'Wish you were here', written by a fisher girl to her sister in Wick.",
         "Stop 9 - A Postcard Home\n\n'Wish you were here,' says the printed front; the back tells a truer story. In "
         "1921 a fisher girl working the Yarmouth season wrote to her sister in Wick about raw hands, a new friend "
         "called Jessie, and the price of herring. Lean in and find the pencilled line squeezed along the edge: "
         "'Tell Mam I am saving.'"),
        ("Last one: stop 10. Brass foghorn, hand-pumped, from Flamborough Head signal station.",
         "Stop 10 - The Flamborough Foghorn\n\nBefore electric sirens, keepers at Flamborough Head pumped this brass "
         "horn by hand, two blasts every ninety seconds, for as long as the fog lay on the sea - once for three days "
         "without stopping. Put your hand near the mouth of the horn and imagine its voice carrying eight miles out "
         "to ships that could not see the cliffs."),
    ]
    for k, (ask, reply) in enumerate(stops):
        s.user(ask, 0 if k == 0 else 180 + 37 * (k % 4))
        s.say(reply)
    s.user("Brilliant. Can you give me a single 40-word introduction for the gallery to play before stop 1?", 300)
    return s


@session
def museum_healthy_2():
    s = Sess("museum_audio_guide_writer", "healthy", 2, MUSEUM_SYS.replace("Harrow Vale Museum of Maritime History",
                                                                           "Harrow Vale Museum of Maritime History's "
                                                                           "partner site, St Brannoc's Cathedral"),
             None, user_id="hvm-volunteer-dpryce", max_tokens=1000,
             notes=("Tool-less. A volunteer asks for a long continuous cathedral walk and keeps saying 'continue' "
                    "(sometimes with a small steer); each reply is a new section further along the route."))
    sections = [
        ("We need a continuous 25-minute walking tour of St Brannoc's Cathedral, west door to the chapter house. "
         "Write it section by section; I'll say continue.", 0,
         "Section 1 - The West Door\n\nYou are standing where pilgrims have stood since 1189. Before you go in, look up "
         "at the doorway's five receding arches: each ring of stone is carved with a different pattern - zigzag, "
         "beakhead, cable, and two rings of tiny faces. Find the face with its tongue out, third ring, left side. "
         "Masons had a sense of humour too."),
        ("continue", 150,
         "Section 2 - The Nave\n\nStep inside and let your eyes adjust. The nave stretches ninety metres ahead of you, "
         "and its massive round pillars are Norman - each one carved with a spiral or a chevron, no two alike. Walk "
         "slowly up the left-hand aisle and count the pillars; stop at the fourth."),
        ("continue", 130,
         "Section 3 - The Fourth Pillar\n\nAt waist height on this pillar you'll find scratched crosses and a small "
         "carved ship. These are graffiti left by medieval pilgrims and sailors, probably giving thanks for a safe "
         "voyage. Now turn right and look across the nave to the great font."),
        ("good. less dates please, people glaze over. continue", 170,
         "Section 4 - The Font\n\nThis black stone font came from across the sea, from Tournai in Flanders, carried by "
         "river and ship at enormous cost. Walk round it: one side shows the story of St Brannoc and his cow, who "
         "according to legend helped him find the place to build. The cow is the one with the smile."),
        ("continue", 140,
         "Section 5 - The Crossing\n\nCarry on to where the nave meets the transepts and look straight up into the "
         "tower. The painted ceiling above you was hidden under whitewash for centuries and uncovered by a curious "
         "verger with a penknife. Look for the gold stars; they are laid out as the sky looked on the cathedral's feast day."),
        ("continue", 160,
         "Section 6 - The Choir Screen\n\nAhead is the stone screen that once divided the monks from the townspeople. "
         "Its niches held painted saints until the Reformation, when they were smashed. Run your eye along the empty "
         "niches until you find one small foot that survived - a saint's sandal, still with a trace of red paint."),
        ("continue", 120,
         "Section 7 - The Misericords\n\nPass through the screen into the choir. Lift one of the wooden seats - gently "
         "- and look underneath. These are misericords, little ledges that let monks half-sit through long services. "
         "The carvers filled them with everyday life: a woman beating her husband with a ladle, a fox preaching to geese."),
        ("continue. after this the Lady Chapel then the chapter house to finish", 150,
         "Section 8 - The Lady Chapel\n\nWalk behind the high altar into the Lady Chapel, the brightest room in the "
         "building. Its east window was rebuilt from fragments after a storm: look for the mismatched pieces, a blue "
         "sleeve where a red one should be, a lion's head upside down. Locals call it the jigsaw window."),
        ("continue", 110,
         "Section 9 - The Cloister Walk\n\nLeave by the small door on your right into the cloister. Walk clockwise. On "
         "the stone bench along the inner wall, look for the scratched squares and holes - games boards, where novice "
         "monks played when they should have been studying."),
        ("continue", 130,
         "Section 10 - The Chapter House\n\nYour last stop is the eight-sided chapter house, where the monks met every "
         "morning to hear a chapter of their Rule and confess their faults. Sit on the stone bench that runs round the "
         "walls and listen: a whisper against the wall carries clear across the room. Try it with a friend. Thank you "
         "for walking St Brannoc's with us."),
    ]
    for ask, dt, reply in sections:
        s.user(ask, dt)
        s.say(reply)
    s.user("Perfect. How long is that at 150 words a minute? Roughly is fine.", 200)
    return s
# ---------------------------------------------------------------- fab_lot_tracker

FAB_SYS = ("You are LotPilot, an MES assistant in Fab 3 (300 mm, 45 nm logic). You can query lots and tools, "
           "dispatch lots to tools, and manage holds through the MES API. Respect holds and recipe "
           "qualification; never bypass an engineering hold. Report in short shift-log style.")


@session
def fab_runaway_1():
    tools = [
        tool("get_lot", "Lot status from MES.", {"lot_id": ("string", "Lot id")}),
        tool("list_tools", "Tools in a tool group with their state.", {"group": ("string", "Tool group")}),
        tool("dispatch_lot", "Dispatch a waiting lot to a tool.",
             {"lot_id": ("string", "Lot id"), "tool_id": ("string", "Tool id"), "recipe": ("string", "Recipe id")}),
    ]
    s = Sess("fab_lot_tracker", "runaway", 1, FAB_SYS, tools, user_id="fab3-shiftlead-b",
             expected={"outcome": "runaway", "loop_begins_turn": 5, "stop_by_turn": 11},
             notes=("Period-4/5 cycle: the agent dispatches the hot lot to each etcher in turn and every one rejects "
                    "it with the same RCP_NOT_QUALIFIED (recipe rev C not released anywhere), then refreshes the tool "
                    "list and goes round again while the queue-time window shrinks. Loop from the second identical "
                    "reject (turn 5)."))
    s.user("Hot lot L24-0871.1 (customer prototype, P1) is sitting at step 5120 POLY-ETCH. Get it onto any free etcher "
           "in group ETCH-P, it's on a Q-time clock from litho.")
    q = 190
    s.step("get_lot", {"lot_id": "L24-0871.1"},
           {"lot_id": "L24-0871.1", "product": "QX45-PROTO-B", "wafers": 25, "priority": "P1", "state": "WAIT",
            "step": "5120 POLY-ETCH", "recipe": "PE-45N-GATE-R7", "recipe_rev": "C", "qtime_remaining_min": q,
            "holds": []}, 3)
    def tl(busy):
        return {"group": "ETCH-P", "tools": [
            {"tool_id": "ETCH-P03", "state": "IDLE"}, {"tool_id": "ETCH-P04", "state": "IDLE"},
            {"tool_id": "ETCH-P05", "state": busy}, {"tool_id": "ETCH-P06", "state": "IDLE"},
            {"tool_id": "ETCH-P07", "state": "DOWN (PM)"}]}
    s.step("list_tools", {"group": "ETCH-P"}, tl("RUN (2 lots, 41 min left)"), 2)
    order = ["ETCH-P03", "ETCH-P04", "ETCH-P06", "list", "ETCH-P03", "ETCH-P04", "ETCH-P06", "ETCH-P05", "list",
             "ETCH-P03", "ETCH-P04", "ETCH-P06", "ETCH-P05"]
    why = {"ETCH-P03": "Dispatching to ETCH-P03 (idle).", "ETCH-P04": "P03 refused; trying ETCH-P04.",
           "ETCH-P06": "Trying ETCH-P06.", "ETCH-P05": "ETCH-P05 has finished its lots; trying it.",
           "list": "Refreshing ETCH-P states."}
    txn = 70331
    for k, tid in enumerate(order):
        q -= 2
        if tid == "list":
            s.step("list_tools", {"group": "ETCH-P"}, tl("IDLE" if k > 5 else "RUN (1 lot, 9 min left)"), 2, why[tid])
            continue
        txn += 13 + k
        s.step("dispatch_lot", {"lot_id": "L24-0871.1", "tool_id": tid, "recipe": "PE-45N-GATE-R7"},
               {"ok": False, "txn": f"TX-{txn}", "code": "RCP_NOT_QUALIFIED",
                "message": f"Recipe PE-45N-GATE-R7 rev C is not released on {tid} (released: rev B). Lot route "
                           f"requires rev C.", "lot_qtime_remaining_min": q}, 3, why[tid])
    return s


@session
def fab_runaway_2():
    tools = [
        tool("get_lot", "Lot status from MES.", {"lot_id": ("string", "Lot id")}),
        tool("release_hold", "Release one hold on a lot.",
             {"lot_id": ("string", "Lot id"), "hold_code": ("string", "Hold code"), "comment": ("string", "Reason")}),
        tool("move_lot", "Track the lot out to its next step.", {"lot_id": ("string", "Lot id")}),
    ]
    s = Sess("fab_lot_tracker", "runaway", 2, FAB_SYS, tools, user_id="fab3-pe-dchowdhury", model_pick=1,
             expected={"outcome": "runaway", "loop_begins_turn": 6, "stop_by_turn": 10},
             notes=("Exact repetition, period 2: release ENG-REVIEW (denied, owner-only) then move_lot (denied, hold "
                    "active), with identical arguments each time; only txn ids and timestamps change. Loop from the "
                    "second denied release (turn 6)."))
    s.user("L24-0912.1 got held by SPC at 4210 CD-SEM but the re-measure is back in spec (mean 44.8 nm, limits 43-47). "
           "Release it and move it on to 4300.")
    s.step("get_lot", {"lot_id": "L24-0912.1"},
           {"lot_id": "L24-0912.1", "state": "ON_HOLD", "step": "4210 CD-MEAS",
            "holds": [{"code": "SPC-OOC", "owner": "system", "since": "2024-11-22T03:14:55Z", "chart": "CD_GATE_4210_MEAN"},
                      {"code": "ENG-REVIEW", "owner": "mhtan", "since": "2024-11-22T03:40:12Z",
                       "comment": "hold for TEM cross-section slot 7 before release"}]}, 3)
    s.step("release_hold", {"lot_id": "L24-0912.1", "hold_code": "SPC-OOC", "comment": "Re-measure in spec, mean 44.8 nm"},
           {"ok": True, "txn": "TX-88120", "released": "SPC-OOC", "remaining_holds": ["ENG-REVIEW"]}, 3)
    deny_rel = ("DENIED: hold ENG-REVIEW on L24-0912.1 is owned by mhtan; release requires the owner or role "
                "FAB_SUPERVISOR.")
    deny_mv = "DENIED: L24-0912.1 has active holds [ENG-REVIEW]; track-out blocked."
    texts_rel = ["SPC hold cleared. Releasing the engineering hold.", "Releasing ENG-REVIEW so the lot can move.",
                 "Retrying the ENG-REVIEW release.", "Releasing the remaining hold.", "Releasing ENG-REVIEW.",
                 "Attempting the ENG-REVIEW release again.", "Releasing ENG-REVIEW."]
    txn = 88120
    for k in range(6):
        txn += 7
        s.step("release_hold", {"lot_id": "L24-0912.1", "hold_code": "ENG-REVIEW",
                                "comment": "Re-measure in spec, mean 44.8 nm"},
               {"ok": False, "txn": f"TX-{txn}", "error": deny_rel, "at": f"2024-11-22T07:{22 + k:02d}:{(5 + 17 * k) % 60:02d}Z"},
               3, texts_rel[k])
        txn += 4
        s.step("move_lot", {"lot_id": "L24-0912.1"},
               {"ok": False, "txn": f"TX-{txn}", "error": deny_mv, "at": f"2024-11-22T07:{22 + k:02d}:{(11 + 17 * k) % 60:02d}Z"},
               3, "Moving the lot to 4300.")
    return s


@session
def fab_healthy_1():
    tools = [
        tool("get_lot", "Lot status from MES.", {"lot_id": ("string", "Lot id")}),
        tool("post_channel", "Post a line to a chat channel.", {"channel": ("string", "Channel"), "text": ("string", "Message")}),
    ]
    s = Sess("fab_lot_tracker", "healthy", 1, FAB_SYS + " In watch mode you are invoked by the scheduler every 15 minutes.",
             tools, user_id="svc-lotwatch-scheduler",
             notes=("Scheduler-driven watch of a hot lot every 15 minutes: each tick polls the same lot, sometimes "
                    "with no change (queue position or minutes remaining move instead), and posts only when the step "
                    "changes. Polling with progress."))
    states = [
        {"step": "3100 LITHO-EXPOSE", "state": "RUN", "tool": "SCAN-02", "remaining_min": 22},
        {"step": "3100 LITHO-EXPOSE", "state": "RUN", "tool": "SCAN-02", "remaining_min": 7},
        {"step": "3150 DEVELOP", "state": "RUN", "tool": "TRK-05", "remaining_min": 11},
        {"step": "3200 ADI-OVERLAY", "state": "WAIT", "queue_position": 3},
        {"step": "3200 ADI-OVERLAY", "state": "WAIT", "queue_position": 1},
        {"step": "3200 ADI-OVERLAY", "state": "RUN", "tool": "OVL-01", "remaining_min": 12},
        {"step": "3300 ADI-CD", "state": "RUN", "tool": "CDSEM-04", "remaining_min": 9, "ovl_result": "PASS (x 2.1 nm, y 1.8 nm)"},
        {"step": "3400 POLY-ETCH", "state": "WAIT", "queue_position": 1, "cd_result": "PASS (mean 45.1 nm)"},
        {"step": "3400 POLY-ETCH", "state": "RUN", "tool": "ETCH-P04", "remaining_min": 34},
    ]
    last = None
    for k, st in enumerate(states):
        clock = hms("06:00:00", 900 * k)
        s.user(f"[scheduler] tick {k + 1} at 2024-11-23T{clock}Z - watchlist: L24-0930.1", 0 if k == 0 else 880)
        out = dict({"lot_id": "L24-0930.1", "priority": "P1", "wafers": 25, "checked_at": f"2024-11-23T{hms(clock, 2)}Z"}, **st)
        s.step("get_lot", {"lot_id": "L24-0930.1"}, out, 2)
        if st["step"] != last:
            msg = f"L24-0930.1 now at {st['step']} ({st['state']}" + (f" on {st['tool']}" if "tool" in st else "") + ")"
            for key in ("ovl_result", "cd_result"):
                if key in st:
                    msg += f"; previous step {key.split('_')[0].upper()} {st[key]}"
            s.call(("post_channel", {"channel": "#fab3-hotlots", "text": msg}))
            s.results([{"ok": True, "ts": f"1732{k:02d}4410.{1029 + k}"}], 1)
            s.say("Posted step change.")
        else:
            s.say(f"No step change ({st['step']}, " + (f"{st['remaining_min']} min left" if "remaining_min" in st
                                                       else f"queue position {st['queue_position']}") + "). Nothing posted.")
        last = st["step"]
    s.user("[scheduler] tick 10 at 2024-11-23T08:15:00Z - watchlist: L24-0930.1", 880)
    return s


@session
def fab_healthy_2():
    tools = [
        tool("list_lots_through_tool", "Lots processed on a tool at a step in a time window.",
             {"tool_id": ("string", "Tool"), "step": ("string", "Step"), "since": ("string", "ISO time")}),
        tool("query_spc", "SPC measurements for one lot at one step; 13 sites x wafers, paged.",
             {"lot_id": ("string", "Lot id"), "step": ("string", "Step"), "page_token": ("string", "Page token or empty")}),
    ]
    s = Sess("fab_lot_tracker", "healthy", 2, FAB_SYS, tools, user_id="fab3-yield-eng-slee", model_pick=0,
             notes=("Excursion investigation: the same SPC query for ten different lots, two per turn, one lot "
                    "needing a second page, then an analysis. Many similar calls, each new data."))
    s.user("CD at 4210 has been drifting up on CDSEM-07 since Tuesday. Pull gate CD for the last 10 lots measured "
           "there and tell me if the drift tracks the etch chamber (ETCH-P03 A/B vs ETCH-P04 A/B).")
    lots = [("L24-0850.1", "P03-A", 44.6), ("L24-0853.1", "P04-B", 44.9), ("L24-0857.1", "P03-B", 45.8),
            ("L24-0861.1", "P03-B", 46.1), ("L24-0862.1", "P04-A", 44.7), ("L24-0866.1", "P03-A", 44.8),
            ("L24-0868.1", "P03-B", 46.4), ("L24-0871.1", "P04-B", 45.0), ("L24-0874.1", "P03-B", 46.6),
            ("L24-0877.1", "P04-A", 44.8)]
    s.step("list_lots_through_tool", {"tool_id": "CDSEM-07", "step": "4210 CD-MEAS", "since": "2024-11-19T00:00:00Z"},
           {"lots": [{"lot_id": l, "measured_at": f"2024-11-{19 + i // 3}T{(8 + 5 * i) % 24:02d}:14:00Z", "etch_chamber": c}
                     for i, (l, c, _) in enumerate(lots)]}, 3)
    for i in range(0, 10, 2):
        pair = lots[i:i + 2]
        s.call([("query_spc", {"lot_id": l, "step": "4210 CD-MEAS", "page_token": ""}) for l, _, _ in pair],
               None if i == 0 else f"{i} lots in; next {pair[0][0]} and {pair[1][0]}.")
        outs = []
        for l, c, m in pair:
            o = {"lot_id": l, "chamber": c, "wafers_measured": 5, "sites_per_wafer": 13, "mean_nm": m,
                 "sigma_nm": round(0.4 + (m - 44.5) / 10, 2), "min_nm": round(m - 1.1, 1), "max_nm": round(m + 1.3, 1),
                 "ooc_points": 0 if m < 46 else int((m - 45.9) * 10)}
            if l == "L24-0868.1":
                o["next_page_token"] = "spc_p2_0868"
                o["wafers_measured"] = 3
            outs.append(o)
        s.results(outs, 4)
        if i == 6:
            s.step("query_spc", {"lot_id": "L24-0868.1", "step": "4210 CD-MEAS", "page_token": "spc_p2_0868"},
                   {"lot_id": "L24-0868.1", "page": 2, "wafers_measured": 2, "mean_nm": 46.5, "sigma_nm": 0.61}, 3,
                   "L24-0868.1 has a second page; fetching it.")
    s.say("The drift tracks chamber ETCH-P03-B: its four lots average 46.2 nm (46.1-46.6, rising), versus 44.6-45.0 nm "
          "for P03-A, P04-A and P04-B. CDSEM-07 itself looks fine since it measures the other chambers' lots in "
          "spec. Suggest a hold on P03-B and a chamber seasoning / endpoint check.")
    s.user("Agreed. Can you list which of those P03-B lots are still upstream of 5120 so we can rework?", 300)
    return s
# ---------------------------------------------------------------- library_interloan_requests

ILL_SYS = ("You are the interlibrary-loan assistant for Northmoor University Library. You find items in the "
           "catalogue and WorldCat, place ILL requests through the regional consortium gateway, track them, and "
           "email patrons. Patron privacy: refer to patrons by barcode only.")


@session
def ill_runaway_1():
    tools = [
        tool("search_worldcat", "Search WorldCat; returns OCLC numbers and holding libraries.", {"query": ("string", "Query")}),
        tool("place_ill_request", "Place an ILL request through the consortium gateway.",
             {"oclc": ("string", "OCLC number"), "patron": ("string", "Patron barcode"),
              "lenders": ("array", "Lender symbols in order"), "need_by": ("string", "ISO date")}),
        tool("sleep", "Wait before retrying.", {"seconds": ("integer", "Seconds")}),
    ]
    s = Sess("library_interloan_requests", "runaway", 1, ILL_SYS, tools, user_id="lib-staff-mhenderson",
             expected={"outcome": "runaway", "loop_begins_turn": 5, "stop_by_turn": 9},
             notes=("Retry with exponential back-off that can never succeed: the gateway answers 503 with a maintenance "
                    "window lasting until Monday 06:00, and the agent keeps doubling its sleep and retrying. Loop from "
                    "the second identical 503 (turn 5)."))
    s.user("Patron 21045530 needs 'The herring fisheries of the Moray Firth, 1880-1914' (PhD thesis, Aberdeen, 1987) "
           "for a chapter due 6 December. We don't hold it. Please place an ILL through the consortium.")
    s.step("search_worldcat", {"query": "herring fisheries Moray Firth 1880-1914 thesis Aberdeen 1987"},
           {"hits": [{"oclc": "1034821577", "title": "The herring fisheries of the Moray Firth, 1880-1914",
                      "type": "Thesis/dissertation", "year": 1987, "holdings": ["ABD", "NLS", "STA"]}]}, 3)
    args = {"oclc": "1034821577", "patron": "21045530", "lenders": ["ABD", "NLS", "STA"], "need_by": "2024-12-02"}
    err = {"status": 503, "error": "Service Unavailable",
           "detail": "Consortium gateway (Relais D2D) in scheduled maintenance 2024-11-23T02:00Z to 2024-11-25T06:00Z. "
                     "Requests are not queued."}
    delay = 30
    elapsed = 0
    for k in range(8):
        e = dict(err, retry_after_s=delay, request_id=f"rq-{5180044 + 911 * k}",
                 server_time=f"2024-11-23T{hms('09:41:07', elapsed)}Z")
        elapsed += delay + 4
        s.step("place_ill_request", args, e, 3 if k == 0 else 2,
               None if k == 0 else "Retrying the request now.")
        s.step("sleep", {"seconds": delay}, f"slept {delay}s", delay + 1,
               f"Gateway returned 503 (retry_after {delay}s). Backing off for {delay} seconds before retrying.")
        delay = min(delay * 2, 1800)
    return s


@session
def ill_runaway_2():
    tools = [
        tool("search_catalogue", "Search the local catalogue and article discovery index.",
             {"query": ("string", "Query"), "scope": ("string", "books | articles | all")}),
        tool("search_worldcat", "Search WorldCat.", {"query": ("string", "Query")}),
        tool("email_patron", "Email a patron by barcode.", {"patron": ("string", "Barcode"), "body": ("string", "Text")}),
    ]
    s = Sess("library_interloan_requests", "runaway", 2, ILL_SYS, tools, user_id="lib-web-form", model_pick=1,
             expected={"outcome": "runaway", "loop_begins_turn": 6, "stop_by_turn": 11},
             notes=("Paraphrased searches with no progress: after a few reasonable searches the agent keeps rewording "
                    "the same query across both indexes and gets the same zero hits / the same irrelevant record, "
                    "never asking the patron for detail. The first four searches cover the distinct angles (keywords, both author "
                    "spellings, the journal); loop from turn 6."))
    s.user("ILL web form, patron 20877142: \"Looking for an article, I think in a local history journal in the 1970s, "
           "about canal boat children and whether they went to school - Black Country area. Author Pritchard or "
           "Pritchett? Needed for my MA dissertation.\"")
    zero = {"hits": 0, "results": []}
    odd = {"hits": 1, "results": [{"title": "The Blackcountryman (journal), v.1-(1967-)", "type": "Serial",
                                   "holdings": "Wolverhampton Archives; BCS", "article_index": False}]}
    odd_wc = {"hits": 2, "results": [
        {"oclc": "2270151", "title": "The Blackcountryman", "type": "Serial", "publisher": "Black Country Society"},
        {"oclc": "60477214", "title": "Narrow boats and their people", "author": "Prichard, M.", "year": 2004, "type": "Book"}]}
    qs = [
        ("search_catalogue", {"query": "canal boat children school attendance Black Country", "scope": "articles"}, zero),
        ("search_worldcat", {"query": "Pritchard canal boat children education"}, odd_wc),
        ("search_catalogue", {"query": "Pritchett boat children schooling canals 1970s", "scope": "articles"}, zero),
        ("search_catalogue", {"query": "Blackcountryman", "scope": "all"}, odd),
        ("search_catalogue", {"query": "education of canal boatmen's children West Midlands", "scope": "articles"}, zero),
        ("search_worldcat", {"query": "Pritchett canal children Blackcountryman"}, odd_wc),
        ("search_catalogue", {"query": "children of the cut schooling narrowboat families", "scope": "articles"}, zero),
        ("search_catalogue", {"query": "boat people children school Birmingham Canal Navigations", "scope": "all"}, zero),
        ("search_worldcat", {"query": "canal boat families school attendance history Pritchard"}, odd_wc),
        ("search_catalogue", {"query": "Pritchard canal schooling Blackcountryman", "scope": "articles"}, zero),
        ("search_catalogue", {"query": "boatmen's children literacy canals Staffordshire", "scope": "articles"}, zero),
        ("search_worldcat", {"query": "Pritchett narrow boat children education article 197*"}, odd_wc),
        ("search_catalogue", {"query": "canal children education Black Country local history", "scope": "all"}, zero),
        ("search_catalogue", {"query": "Pritchard boat children", "scope": "articles"}, zero),
        ("search_worldcat", {"query": "canal boat children schooling Black Country journal article"}, odd_wc),
    ]
    texts = [None, "Nothing in our article index; trying WorldCat.", "Trying the alternative spelling Pritchett.",
             "Checking whether we hold the Blackcountryman journal.", "Broadening the wording.",
             "Trying WorldCat with the journal name.", "Trying a different phrasing for canal families.",
             "Widening to the whole catalogue.", "Another WorldCat attempt.", "Combining author and journal.",
             "Trying Staffordshire as the region.", "WorldCat again with a date wildcard.",
             "Trying a general local-history phrasing.", "Simplifying the query.", "Searching WorldCat once more."]
    for k, (name, a, out) in enumerate(qs):
        s.step(name, a, out, 3 + k % 2, texts[k])
    return s


@session
def ill_healthy_1():
    tools = [
        tool("search_worldcat", "Search WorldCat by ISBN or title.", {"query": ("string", "Query")}),
        tool("place_ill_request", "Place an ILL request.",
             {"oclc": ("string", "OCLC number"), "patron": ("string", "Patron barcode"), "lenders": ("array", "Lenders")}),
        tool("sleep", "Wait before retrying.", {"seconds": ("integer", "Seconds")}),
    ]
    s = Sess("library_interloan_requests", "healthy", 1, ILL_SYS, tools, user_id="lib-staff-okafor",
             notes=("A reading-list batch: for each of 7 items, a WorldCat search then an ILL request (new item each "
                    "time), with one 429 rate-limit honoured once before the retry succeeds. Repetitive steps, "
                    "steady progress."))
    s.user("Dr Okafor's HIST 3042 reading list has 7 items we don't hold. Please place ILLs for all of them against "
           "her patron record 20011934, preferring UK lenders.")
    items = [
        ("9780198208792", "Slavery and the British Empire", "Morgan, K.", "84903310", ["BLL", "OXU"]),
        ("9780521467612", "The Atlantic slave trade", "Klein, H.", "40489721", ["CUL", "MAN"]),
        ("9780300225709", "Liverpool and Transatlantic Slavery", "Richardson, D.", "71022815", ["LIV", "BLL"]),
        ("9781108418560", "The Business of Slavery", "Draper, N.", "1013244017", ["UCL"]),
        ("9780807835814", "Capitalism and Slavery (3rd ed.)", "Williams, E.", "894775104", ["EDN", "BLL"]),
        ("9781526119070", "Legacies of British Slavery", "Hall, C. et al.", "1201983456", ["UCL", "GLA"]),
        ("9780691168272", "Empire of Cotton", "Beckert, S.", "921873502", ["BLL", "LEE"]),
    ]
    req = 44100
    for k, (isbn, title, au, oclc, lenders) in enumerate(items):
        s.step("search_worldcat", {"query": isbn},
               {"hits": 1, "results": [{"oclc": oclc, "title": title, "author": au, "uk_holdings": lenders}]}, 3,
               None if k == 0 else f"{k} of 7 placed. Next: {title}.")
        req += 17
        a = {"oclc": oclc, "patron": "20011934", "lenders": lenders}
        if k == 4:
            s.step("place_ill_request", a, {"status": 429, "error": "Too Many Requests", "retry_after_s": 20}, 2)
            s.step("sleep", {"seconds": 20}, "slept 20s", 21, "Rate limited by the gateway; waiting 20 seconds.")
        s.step("place_ill_request", a,
               {"status": 201, "request_id": f"ILL-2024-{req}", "first_lender": lenders[0], "est_days": 5 + k % 4}, 3)
    s.say("All 7 requests placed for patron 20011934 (ILL-2024-44117 ... ILL-2024-44219). One needed a retry after a "
          "rate-limit. Earliest expected in ~5 working days.")
    s.user("Thanks! Can you email her the list with the request numbers?", 160)
    return s


@session
def ill_healthy_2():
    tools = [
        tool("check_request_status", "Status of an ILL request.", {"request_id": ("string", "Request id")}),
        tool("email_patron", "Email a patron by barcode.", {"patron": ("string", "Barcode"), "body": ("string", "Text")}),
    ]
    s = Sess("library_interloan_requests", "healthy", 2, ILL_SYS + " You are run once a day by the morning sweep.",
             tools, user_id="svc-ill-morning-sweep",
             notes=("A daily scheduler checks one ILL request; three mornings in a row it is unchanged "
                    "(PENDING_LENDER), then it moves (conditional loan, shipped, received) and the patron is "
                    "emailed. Identical polls a day apart, with progress."))
    statuses = [
        {"status": "PENDING_LENDER", "lender": "NLS", "days_open": 1},
        {"status": "PENDING_LENDER", "lender": "NLS", "days_open": 2},
        {"status": "PENDING_LENDER", "lender": "NLS", "days_open": 3},
        {"status": "CONDITIONAL", "lender": "NLS", "condition": "Library use only; no photocopying", "days_open": 4},
        {"status": "SHIPPED", "lender": "NLS", "tracking": "RM-TT 4471 0932 1GB", "days_open": 5},
        {"status": "SHIPPED", "lender": "NLS", "tracking": "RM-TT 4471 0932 1GB", "days_open": 6, "carrier_note": "in transit"},
        {"status": "RECEIVED", "lender": "NLS", "received_at": "2024-12-02T10:12:00Z", "due_back": "2024-12-30"},
    ]
    for k, st in enumerate(statuses):
        day = 26 + k if 26 + k <= 30 else k - 4
        month = 11 if 26 + k <= 30 else 12
        s.user(f"[sweep {2024}-{month:02d}-{day:02d} 08:00] Check ILL-2024-3381 (patron 21045530) and act if needed.",
               0 if k == 0 else 86400 - 60 * (k % 3))
        s.step("check_request_status", {"request_id": "ILL-2024-3381"}, dict({"request_id": "ILL-2024-3381"}, **st), 2)
        if st["status"] == "CONDITIONAL":
            s.step("email_patron", {"patron": "21045530", "body": "Good news: the National Library of Scotland has agreed "
                                    "to lend 'The herring fisheries of the Moray Firth, 1880-1914'. It will be for use in "
                                    "the library only, with no photocopying. We'll email you when it arrives."},
                   {"ok": True, "message_id": "m-ill-77120"}, 2, "Lender agreed with conditions; telling the patron.")
            s.say("Patron informed of the reading-room-only condition.")
        elif st["status"] == "RECEIVED":
            s.step("email_patron", {"patron": "21045530", "body": "Your interlibrary loan has arrived and is waiting at "
                                    "the Help Desk. Reading room use only; due back 30 December."},
                   {"ok": True, "message_id": "m-ill-77561"}, 2, "Item received; emailing the patron.")
            s.say("Patron emailed; request complete.")
        else:
            s.say(f"No action needed ({st['status']}).")
    s.user("[sweep 2024-12-03 08:00] Check ILL-2024-3381 (patron 21045530) and act if needed.", 86400)
    return s
# ---------------------------------------------------------------- physio_rehab_coach (tool-less)

PHYSIO_SYS = ("You are Kinetic, a rehab coaching assistant used alongside a patient's NHS or private "
              "physiotherapist. Encourage adherence, explain exercises plainly, use the 0-10 pain scale, and flag "
              "red-flag symptoms (sudden swelling, locking, calf pain, fever) for urgent review. Never change a "
              "programme set by the physiotherapist beyond the progression rules they gave.")


@session
def physio_runaway_1():
    s = Sess("physio_rehab_coach", "runaway", 1, PHYSIO_SYS, None, user_id="kin-app-p-40231", max_tokens=600,
             expected={"outcome": "runaway", "loop_begins_turn": 4, "stop_by_turn": 7},
             notes=("Tool-less. The patient app's offline queue never gets its acknowledgement and replays the same "
                    "log message with a doubling retry delay; the coach answers each copy. Exact repetition of the "
                    "user input from turn 4."))
    s.user("Morning! I'm 5 weeks after a knee arthroscopy (partial meniscectomy, right knee). My physio Aoife gave me "
           "heel raises, step-downs and the exercise bike. Can you help me keep track and tell me if I'm overdoing it?")
    s.say("Good morning, and well done for getting to week 5! Yes - just send me what you did each day and your pain "
          "before, during and after (0-10). As a rule of thumb, pain up to 3-4/10 during exercise that settles by the "
          "next morning is acceptable. Tell me straight away about sudden swelling, the knee locking or giving way, or "
          "calf pain.")
    s.user("Is it better to do the bike before the step-downs or after?", 2400)
    s.say("Before. Ten minutes on the bike warms the joint and gets the fluid moving, so step-downs usually feel "
          "smoother afterwards. Keep the resistance low and the seat high enough that your knee is only slightly bent "
          "at the bottom of the stroke.")
    log = ("Logged today: 3x12 heel raises, 3x10 step-downs off the 15cm box, 10 min bike. Knee 2/10 during, 3/10 "
           "after, bit puffy around the kneecap tonight. Is that ok?")
    s.user(log, 32400)
    replies = [
        "That's a solid session. 2/10 during and 3/10 after is within the range we want. A little puffiness after "
        "step-downs is common at this stage - ice for 15 minutes and keep the leg up this evening. If it's no more "
        "swollen in the morning, carry on with the same programme tomorrow.",
        "It looks like that came through again - same answer: 2-3/10 is fine. Ice and elevate tonight, and check the "
        "swelling in the morning before tomorrow's session.",
        "This message has arrived a few times, so your app may be resending it. Your numbers are fine - ice, elevate, "
        "and see how the knee looks tomorrow morning.",
        "Same log again - no change to my advice: pain levels are acceptable, ice and elevate the knee tonight.",
        "Received again. Your session is within the safe range; rest the knee this evening and reassess tomorrow.",
        "I've got this log already. Everything you describe is fine for week 5 - ice, elevate, reassess in the morning.",
        "Duplicate received. Pain 2-3/10 is acceptable; keep icing and elevating tonight.",
        "Thanks - this is the same entry as before. No new advice: rest, ice, elevate, reassess tomorrow.",
        "Logged already. Your response to the session is normal for this stage.",
    ]
    delay = 7
    for k, r in enumerate(replies):
        s.say(r)
        s.user(log, delay)
        delay = min(delay * 2, 600)
    return s


@session
def physio_runaway_2():
    sysmsg = ("You are the programme writer in the KneeWell rehab service. Write a one-week home exercise programme "
              "(exercise, sets x reps, load, cue) for the patient described. Each draft is checked by the automated "
              "safety reviewer against protocol HS-ACL-v3 before a clinician sees it.")
    s = Sess("physio_rehab_coach", "runaway", 2, sysmsg, None, user_id="svc-kneewell-pipeline", model_pick=0,
             max_tokens=900,
             expected={"outcome": "runaway", "loop_begins_turn": 3, "stop_by_turn": 8},
             notes=("Tool-less writer/reviewer pipeline. The reviewer rejects every draft under the same rule (loaded "
                    "knee flexion beyond 60 degrees before week 6); the writer rotates through three deep-flexion "
                    "exercises (split squat, reverse lunge, deep goblet squat), a cycle of period 3. Loop from the "
                    "second identical rejection (turn 3)."))
    s.user("Patient P-5521, 34 y, 3 weeks 4 days post ACL reconstruction (hamstring graft), right knee. ROM 0-95 deg, "
           "no quad lag, minimal effusion, walking without crutches. Goal: return to 5-a-side football. Write the week-4 "
           "home programme.")
    base = ("Week 4 home programme - P-5521 (R ACL recon, HS graft)\n"
            "1. Quad sets with towel under knee - 3x15, 5 s hold - 'push the back of the knee down'\n"
            "2. Straight-leg raise - 3x12, 0.5 kg ankle weight - 'lock the knee first'\n"
            "3. Mini squat to 45 deg - 3x12, bodyweight - 'knees over toes, weight even'\n"
            "4. {ex}\n"
            "5. Static bike - 15 min, low resistance - 'full circles, no pain above 3/10'\n"
            "6. Single-leg balance - 3x30 s, eyes open - 'soft knee'\n")
    exs = [
        "Bulgarian split squat - 3x8 each leg, bodyweight - 'back foot on a chair, drop the back knee'",
        "Reverse lunge - 3x10 each leg, holding 4 kg dumbbells - 'step back and lower until the front knee is at 90 deg'",
        "Goblet squat to low box - 3x10, 8 kg kettlebell - 'sit back until you touch the box (about 40 cm)'",
        "Split squat (reduced depth) - 3x8 each leg, 4 kg dumbbells - 'lower the back knee towards the floor'",
        "Walking lunge - 2x10 steps, bodyweight - 'long stride, front knee at 90 deg'",
        "Deep goblet squat - 3x8, 6 kg kettlebell - 'hips below parallel if comfortable'",
        "Bulgarian split squat (assisted) - 3x8, hand on wall - 'drop the back knee slowly'",
        "Reverse lunge to step - 3x10, bodyweight - 'front knee to 90 deg'",
        "Goblet squat - 3x10, 8 kg - 'full depth'",
        "Split squat - 3x8, bodyweight - 'back knee almost to the floor'",
    ]
    names = ["Bulgarian split squat", "Reverse lunge", "Goblet squat to low box", "Split squat", "Walking lunge",
             "Deep goblet squat", "Bulgarian split squat (assisted)", "Reverse lunge to step", "Goblet squat", "Split squat"]
    flex = [115, 95, 110, 105, 100, 120, 115, 95, 120, 110]
    leads = ["", "Revised to remove the split squat.\n\n", "Revised: replaced the lunge with a box squat.\n\n",
             "Revised: split squat reinstated with reduced depth.\n\n", "Revised: walking lunge instead.\n\n",
             "Revised: squat pattern instead of lunges.\n\n", "Revised: assisted version for control.\n\n",
             "Revised: lunge to a step limits depth.\n\n", "Revised.\n\n", "Revised: bodyweight only.\n\n"]
    for k, ex in enumerate(exs):
        s.say(leads[k] + base.format(ex=ex))
        s.user(f"SAFETY REVIEW {'FAILED'} (draft {k + 1}, rule ACL-W4-07)\nItem 4 '{names[k]}': estimated peak knee "
               f"flexion under load ~{flex[k]} deg. Protocol HS-ACL-v3 permits loaded knee flexion to 60 deg only "
               f"until week 6 (hamstring graft). All other items pass. Revise item 4 and resubmit the full programme.",
               20 + 3 * k)
    return s


@session
def physio_healthy_1():
    s = Sess("physio_rehab_coach", "healthy", 1, PHYSIO_SYS, None, user_id="kin-app-p-38807", max_tokens=600,
             notes=("Tool-less daily check-ins over three weeks after an ankle sprain: short, similar messages "
                    "('done today, pain 2/10') days apart; the coach progresses the programme as the numbers improve."))
    msgs = [
        ("Day 1 with the app. Grade 2 sprain, left ankle, 10 days ago (rolled it at netball). Physio gave me alphabet "
         "tracing, calf raises on two feet, and balance on one leg. Pain 4/10 walking.", 0,
         "Thanks for the details. At 10 days a 4/10 with walking is expected. Alphabet tracing twice a day, two-foot "
         "calf raises 2x10, and single-leg balance near a worktop for 3x20 seconds. Stop any exercise that pushes pain "
         "above 5/10."),
        ("Day 2 done everything. 3/10 today. Balance is wobbly.", 86000,
         "Nice - 3/10 is progress. Wobbly is normal; your ankle's position sense is retraining. Keep a finger on the "
         "worktop and aim for a steady 20 seconds."),
        ("Day 4. done. 3/10. Got to 25s on balance.", 172000,
         "25 seconds is great. Keep going - when you can do 30 seconds without touching the worktop, we'll make it harder."),
        ("Day 6. Did it all. 2/10. 30 seconds no hands!", 171500,
         "Excellent! Per your physio's progression: balance with eyes closed (3x15 s, next to the worktop), and move "
         "to single-leg calf raises, 2x8 on the injured side."),
        ("Day 7. done, single leg calf raise was hard, 6 reps only. Pain 2/10", 86700,
         "6 reps is a fine start - strength comes back quickly. Add one rep every other day; aim for 3x12 over the next "
         "two weeks."),
        ("Day 9. Done. 8 reps now. 2/10", 172400,
         "Steady improvement. Keep the same plan."),
        ("Day 11. done, 10 reps, eyes closed balance 15s. 1/10", 172100,
         "That's a big step - 1/10. Next progression: hopping on the spot on both feet, 3x10, on a soft surface. Stop "
         "if you feel any sharp pain."),
        ("Day 13. Did everything inc hopping. 1/10. Ankle a bit puffy after hopping", 172900,
         "Mild puffiness after a new impact exercise is OK if it settles overnight. Ice 15 minutes after hopping. If "
         "it's still swollen in the morning, drop the hopping for two days and tell Aoife at your next appointment."),
        ("Day 14. swelling gone this morning. Done all. 1/10", 86200,
         "Good - that means the ankle tolerated it. Carry on, and try single-leg hops (3x8) on the good side first, then "
         "the injured side."),
        ("Day 17. done. single leg hops fine. 0/10!! Can I go back to netball training?", 259300,
         "0/10 is brilliant. Returning to netball is a decision for your physio - they'll usually want to see you hop, "
         "land and change direction without pain first. Ask Aoife about a return-to-sport test at your next session."),
        ("Day 19. Physio said yes to non-contact training next week! Done all today. 0/10", 172600,
         "Fantastic news. Keep the balance and calf work going 3 times a week even once you're back - it cuts the risk "
         "of another sprain significantly."),
    ]
    for text, dt, reply in msgs:
        s.user(text, dt)
        s.say(reply)
    s.user("Day 21. done. what should I do for warm-up before training?", 170800)
    return s


@session
def physio_healthy_2():
    s = Sess("physio_rehab_coach", "healthy", 2, PHYSIO_SYS.replace("a patient's NHS or private physiotherapist",
                                                                    "the clinicians of Riverside MSK clinic"),
             None, user_id="kin-clinic-rmsk-fh", max_tokens=700,
             notes=("Tool-less clinician batch: nine home-exercise sheets requested one per message in the same "
                    "format, each for a different patient and condition, plus one correction. Similar requests, "
                    "all new work."))
    pats = [
        ("Sheet for patient 1: 58F, frozen shoulder (L), freezing phase, pain 6/10 at night.",
         "Patient 1 - Left frozen shoulder (freezing phase)\n1. Pendulum swings - 2 min, 3x/day\n2. Table slides forward "
         "- 10 reps, gentle, stop at mild stretch\n3. Wand-assisted external rotation - 10 reps, 2x/day\nNotes: keep "
         "within pain 4/10; heat before exercise; sleep with a pillow under the arm."),
        ("Patient 2: 41M, lateral elbow tendinopathy R, office worker, 3 months.",
         "Patient 2 - Right lateral elbow tendinopathy\n1. Isometric wrist extension - 5x45 s hold, daily\n2. Eccentric "
         "wrist extension with 1 kg - 3x15, once daily\n3. Grip squeezes - 3x10\nNotes: pain up to 4/10 acceptable, "
         "settling within 24 h; review mouse and keyboard height."),
        ("Patient 3: 29F, patellofemoral pain both knees, runner.",
         "Patient 3 - Bilateral patellofemoral pain\n1. Side-lying hip abduction - 3x15\n2. Wall sit at 45 deg - 4x30 s\n"
         "3. Step-ups 20 cm - 3x10 each leg\nNotes: reduce running volume by 30% for two weeks; no downhill running."),
        ("Patient 4: 67M, total knee replacement L, 6 weeks, ROM 5-100.",
         "Patient 4 - Left TKR, week 6\n1. Heel slides - 3x15\n2. Prone knee hang for extension - 5 min, 3x/day\n3. "
         "Sit-to-stand from a raised chair - 3x10\n4. Static bike - 10 min\nNotes: ice after; target ROM 0-110 by week 10."),
        ("Patient 5: 35F, non-specific low back pain, 2 weeks, no red flags.",
         "Patient 5 - Acute non-specific low back pain\n1. Walking - 3x10 min/day\n2. Knee rolls - 10 each way\n3. "
         "Cat-camel - 10 reps\nNotes: stay active; pain with movement is not harm; review in 2 weeks."),
        ("Patient 6: 52M, Achilles tendinopathy mid-portion R.",
         "Patient 6 - Right mid-portion Achilles tendinopathy\n1. Isometric calf raise hold - 5x45 s\n2. Double-leg heel "
         "raises off a step - 3x15, progressing to single leg\n3. Seated calf raise with load - 3x12\nNotes: pain up to "
         "5/10 during, settling by next morning."),
        ("Actually for patient 3 can you swap the wall sit for something she can do at the track?",
         "Patient 3 - Bilateral patellofemoral pain (revised)\n1. Side-lying hip abduction - 3x15\n2. Spanish squat with a "
         "resistance band around a post - 4x30 s\n3. Step-ups on the bleacher step - 3x10 each leg\nNotes: reduce "
         "running volume by 30%; no downhill running."),
        ("Patient 7: 24M, post ankle ORIF (weber B), 8 weeks, FWB in boot.",
         "Patient 7 - Post ankle ORIF (Weber B), week 8\n1. Ankle alphabet - 2x/day\n2. Seated heel raises - 3x15\n3. "
         "Towel scrunches - 3x1 min\n4. Weight shifting in standing - 3x1 min\nNotes: follow consultant's boot weaning "
         "plan; report increasing swelling."),
        ("Patient 8: 45F, neck pain with desk work, no arm symptoms.",
         "Patient 8 - Mechanical neck pain\n1. Chin tucks - 10x5 s hold, 3x/day\n2. Scapular setting - 10 reps\n3. "
         "Thoracic extension over chair - 10 reps\nNotes: micro-breaks every 30 min; screen at eye level."),
        ("Patient 9: 71F, falls risk, osteopenia, wants home strength programme.",
         "Patient 9 - Strength and balance (falls prevention)\n1. Sit-to-stand - 3x8\n2. Heel raises holding the sink - "
         "3x10\n3. Tandem stance - 3x20 s near a worktop\n4. Side steps - 10 each way\nNotes: 3 days a week; wear "
         "supportive shoes; build to the Otago programme."),
    ]
    for k, (ask, sheet) in enumerate(pats):
        s.user(ask, 0 if k == 0 else 95 + 23 * (k % 5))
        s.say(sheet)
    s.user("Last one, patient 10: 38M, hamstring strain grade 1, sprinter, 5 days ago.", 140)
    return s


# ---------------------------------------------------------------- chargeback_disputes

CB_SYS = ("You are the disputes agent for Fernleaf Outdoor (online outdoor-gear retailer). You assemble and submit "
          "chargeback evidence through the payment processor API, accept disputes not worth fighting, and keep "
          "within each dispute's evidence deadline. Reason codes follow Visa/Mastercard conventions.")


@session
def cb_runaway_1():
    tools = [
        tool("get_dispute", "Dispute details.", {"dispute_id": ("string", "Dispute id")}),
        tool("fetch_order", "Order record from the shop.", {"order_id": ("string", "Order id")}),
        tool("fetch_shipping_proof", "Carrier tracking and proof of delivery.", {"order_id": ("string", "Order id")}),
        tool("fetch_customer_emails", "Emails exchanged with the customer about an order.", {"order_id": ("string", "Order id")}),
        tool("submit_evidence", "Submit the evidence packet to the processor.",
             {"dispute_id": ("string", "Dispute id"), "evidence": ("object", "Evidence fields")}),
    ]
    s = Sess("chargeback_disputes", "runaway", 1, CB_SYS, tools, user_id="fl-finance-gwilde",
             expected={"outcome": "runaway", "loop_begins_turn": 6, "stop_by_turn": 13},
             notes=("Period-4 cycle: dispute -> order -> shipping proof -> submit, rejected every time for the same "
                    "missing customer_communication field; the agent rebuilds the same packet and never calls "
                    "fetch_customer_emails. Loop from the restart of the cycle (turn 6)."))
    s.user("Dispute dp_1QJ7Kx2 (order FL-208841, GBP 389.00, reason 13.1 merchandise not received) is due on Friday. "
           "Customer claims the tent never arrived. Fight it - we have the DPD proof of delivery.")
    dsp = {"dispute_id": "dp_1QJ7Kx2", "amount": "389.00 GBP", "reason": "13.1 Merchandise/Services Not Received",
           "status": "needs_response", "evidence_due_by": "2024-11-29T23:59:59Z",
           "required_evidence": ["shipping_carrier", "shipping_tracking_number", "shipping_documentation",
                                 "customer_communication"]}
    order = {"order_id": "FL-208841", "items": [{"sku": "TNT-HLX3", "name": "Helix 3 tunnel tent", "qty": 1}],
             "ship_to": "14 Barrack Lane, Kendal LA9 4RP", "placed": "2024-10-14", "total": "389.00 GBP"}
    ship = {"carrier": "DPD", "tracking": "15502348871236", "delivered_at": "2024-10-17T13:42:00+01:00",
            "signed_by": "HOLLAND", "photo_url": "https://dpd.example/pod/15502348871236.jpg",
            "geo_match": "within 12 m of address"}
    texts = [
        (None, "Pulling the order.", "Getting DPD proof of delivery.", "Submitting evidence with carrier, tracking and POD."),
        ("The processor rejected it. Re-reading the dispute to check requirements.", "Re-fetching the order details.",
         "Refreshing proof of delivery.", "Resubmitting the evidence packet."),
        ("Rejected again; re-checking the dispute.", "Order again.", "Proof of delivery again.",
         "Submitting with the delivery photo included."),
        ("Reloading dispute requirements.", "Fetching order.", "Fetching tracking.", "Submitting."),
        ("Checking the dispute once more.", "Order.", "Shipping proof.", "Resubmitting evidence."),
    ]
    ev = 7720
    for c in range(5):
        t = texts[c]
        s.step("get_dispute", {"dispute_id": "dp_1QJ7Kx2"}, dsp, 3, t[0])
        if c == 4:
            break
        s.step("fetch_order", {"order_id": "FL-208841"}, order, 2, t[1])
        s.step("fetch_shipping_proof", {"order_id": "FL-208841"}, ship, 2, t[2])
        evid = {"shipping_carrier": "DPD", "shipping_tracking_number": "15502348871236",
                "shipping_documentation": ship["photo_url"], "shipping_date": "2024-10-15",
                "uncategorized_text": ["Delivered and signed for by HOLLAND on 17 Oct 2024.",
                                       "Carrier confirms delivery and signature HOLLAND, 17/10/2024 13:42.",
                                       "POD photo and GPS match the shipping address.",
                                       "Signed for 17 Oct; see POD.",][c]}
        ev += 9
        s.step("submit_evidence", {"dispute_id": "dp_1QJ7Kx2", "evidence": evid},
               {"ok": False, "evidence_id": f"ev_{ev}", "error": "evidence_incomplete",
                "message": "Reason code 13.1 requires customer_communication (correspondence showing the cardholder "
                           "acknowledged receipt or was informed of delivery). Packet not submitted to the network."},
               4, t[3])
    s.step("fetch_order", {"order_id": "FL-208841"}, order, 2, "Order.")
    s.step("fetch_shipping_proof", {"order_id": "FL-208841"}, ship, 2, "Shipping proof.")
    return s


@session
def cb_runaway_2():
    tools = [
        tool("create_evidence_upload", "Create a file slot for a dispute; returns a presigned upload URL valid 15 min.",
             {"dispute_id": ("string", "Dispute id"), "filename": ("string", "File name"), "content_type": ("string", "MIME type")}),
        tool("upload_file", "PUT a local file to a URL.", {"url": ("string", "Upload URL"), "path": ("string", "Local path")}),
        tool("attach_file", "Attach an uploaded file to the dispute evidence.",
             {"dispute_id": ("string", "Dispute id"), "file_id": ("string", "File id")}),
    ]
    s = Sess("chargeback_disputes", "runaway", 2, CB_SYS, tools, user_id="fl-ops-agent-runner", model_pick=1,
             expected={"outcome": "runaway", "loop_begins_turn": 5, "stop_by_turn": 11},
             notes=("The same failure under new URLs and timestamps: each presigned upload is refused with "
                    "RequestTimeTooSkewed (the sandbox clock is an hour behind), and the agent just requests a fresh "
                    "URL and uploads again. Loop from the second identical refusal (turn 5)."))
    s.user("Upload the signed delivery note (/data/disputes/dp_1QL0aa9/delivery_note_FL-211907.pdf) as evidence for "
           "dispute dp_1QL0aa9 and attach it.")
    for k in range(7):
        amz = hms("09:15:02", 74 * k)
        srv = hms("10:15:38", 74 * k)
        fid = f"file_1QL{hashlib.md5(str(k).encode()).hexdigest()[:10]}"
        url = (f"https://evidence-uploads.payproc.example/dp_1QL0aa9/{fid}?X-Amz-Algorithm=AWS4-HMAC-SHA256&"
               f"X-Amz-Date=20241122T{amz.replace(':', '')}Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&"
               f"X-Amz-Signature={hashlib.sha256(fid.encode()).hexdigest()}")
        s.step("create_evidence_upload", {"dispute_id": "dp_1QL0aa9", "filename": "delivery_note_FL-211907.pdf",
                                          "content_type": "application/pdf"},
               {"file_id": fid, "upload_url": url, "expires_in": 900}, 3,
               None if k == 0 else ["Requesting a fresh upload URL.", "The URL may have expired; getting a new one.",
                                    "Creating a new upload slot.", "New presigned URL.", "Trying a new upload URL.",
                                    "Getting another upload slot."][k - 1])
        s.step("upload_file", {"url": url, "path": "/data/disputes/dp_1QL0aa9/delivery_note_FL-211907.pdf"},
               {"http_status": 403, "body": "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>RequestTimeTooSkewed"
                "</Code><Message>The difference between the request time and the current time is too large.</Message>"
                f"<RequestTime>20241122T{amz.replace(':', '')}Z</RequestTime><ServerTime>2024-11-22T{srv}Z</ServerTime>"
                f"<MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds><RequestId>{fid[-8:].upper()}Q7</RequestId></Error>"},
               5, "Uploading the PDF.")
    s.step("create_evidence_upload", {"dispute_id": "dp_1QL0aa9", "filename": "delivery_note_FL-211907.pdf",
                                      "content_type": "application/pdf"},
           {"file_id": "file_1QLx0final", "upload_url": "https://evidence-uploads.payproc.example/dp_1QL0aa9/file_1QLx0final?X-Amz-Date=20241122T092340Z&X-Amz-Expires=900", "expires_in": 900}, 3,
           "One more upload slot.")
    return s


@session
def cb_healthy_1():
    tools = [
        tool("get_dispute", "Dispute details.", {"dispute_id": ("string", "Dispute id")}),
        tool("build_packet", "Assemble an evidence packet from order, shipping and email records.",
             {"dispute_id": ("string", "Dispute id"), "include": ("array", "Sources"), "options": ("object", "Build options")}),
        tool("validate_packet", "Dry-run validation of a packet against processor rules.", {"packet_id": ("string", "Packet id")}),
        tool("submit_packet", "Submit a validated packet.", {"packet_id": ("string", "Packet id")}),
    ]
    s = Sess("chargeback_disputes", "healthy", 1, CB_SYS, tools, user_id="fl-finance-gwilde",
             notes=("Validate/fix loop that converges: build -> validate reports a different problem each time "
                    "(missing email thread, oversize PDF, text too long) until it passes and is submitted; the second "
                    "dispute validates first time."))
    s.user("Two disputes to answer today: dp_1QM3bb1 (13.3 not as described, GBP 149.99, hiking boots) and dp_1QM3cc4 "
           "(10.4 fraud, GBP 64.50). Build, validate and submit both.")
    s.step("get_dispute", {"dispute_id": "dp_1QM3bb1"},
           {"dispute_id": "dp_1QM3bb1", "reason": "13.3 Not as Described", "amount": "149.99 GBP",
            "required_evidence": ["product_description", "customer_communication", "refund_policy"], "due": "2024-11-28"}, 3)
    s.step("build_packet", {"dispute_id": "dp_1QM3bb1", "include": ["order", "product_page"], "options": {}},
           {"packet_id": "pk_5501", "files": 2, "size_mb": 3.1}, 4)
    s.step("validate_packet", {"packet_id": "pk_5501"},
           {"valid": False, "errors": ["customer_communication: required for 13.3, none attached",
                                       "refund_policy: required for 13.3, none attached"]}, 3)
    s.step("build_packet", {"dispute_id": "dp_1QM3bb1", "include": ["order", "product_page", "emails", "refund_policy"],
                            "options": {}},
           {"packet_id": "pk_5502", "files": 5, "size_mb": 14.2}, 5, "Adding the email thread and refund policy.")
    s.step("validate_packet", {"packet_id": "pk_5502"},
           {"valid": False, "errors": ["combined file size 14.2 MB exceeds limit 4.5 MB"]}, 3)
    s.step("build_packet", {"dispute_id": "dp_1QM3bb1", "include": ["order", "product_page", "emails", "refund_policy"],
                            "options": {"compress_images": True, "pdf_dpi": 150}},
           {"packet_id": "pk_5503", "files": 5, "size_mb": 3.9, "uncategorized_text_chars": 23410}, 6,
           "Compressing images to 150 dpi.")
    s.step("validate_packet", {"packet_id": "pk_5503"},
           {"valid": False, "errors": ["uncategorized_text: 23410 characters, maximum 20000"]}, 3)
    s.step("build_packet", {"dispute_id": "dp_1QM3bb1", "include": ["order", "product_page", "emails", "refund_policy"],
                            "options": {"compress_images": True, "pdf_dpi": 150, "emails_as_attachment": True}},
           {"packet_id": "pk_5504", "files": 6, "size_mb": 4.2, "uncategorized_text_chars": 1880}, 5,
           "Moving the email thread into an attached PDF instead of inline text.")
    s.step("validate_packet", {"packet_id": "pk_5504"}, {"valid": True, "warnings": []}, 3)
    s.step("submit_packet", {"packet_id": "pk_5504"},
           {"ok": True, "dispute_id": "dp_1QM3bb1", "status": "under_review", "submitted_at": "2024-11-22T11:04:51Z"}, 3)
    s.step("get_dispute", {"dispute_id": "dp_1QM3cc4"},
           {"dispute_id": "dp_1QM3cc4", "reason": "10.4 Other Fraud - Card Absent", "amount": "64.50 GBP",
            "required_evidence": ["avs_cvc_result", "customer_ip", "prior_undisputed_transactions"], "due": "2024-12-02"}, 3,
           "First dispute submitted. Now dp_1QM3cc4.")
    s.step("build_packet", {"dispute_id": "dp_1QM3cc4", "include": ["order", "payment_checks", "customer_history"],
                            "options": {"compress_images": True}},
           {"packet_id": "pk_5505", "files": 3, "size_mb": 0.8}, 4)
    s.step("validate_packet", {"packet_id": "pk_5505"}, {"valid": True, "warnings": ["only 1 prior undisputed transaction (CE 3.0 needs 2)"]}, 3)
    s.step("submit_packet", {"packet_id": "pk_5505"},
           {"ok": True, "dispute_id": "dp_1QM3cc4", "status": "under_review", "submitted_at": "2024-11-22T11:06:30Z"}, 3)
    s.say("Both submitted. dp_1QM3bb1 took four builds (missing emails/refund policy, size, text length). dp_1QM3cc4 "
          "passed first time but only has one prior undisputed order, so Compelling Evidence 3.0 won't apply.")
    s.user("Thanks. What are our odds on the fraud one without CE 3.0?", 180)
    return s


@session
def cb_healthy_2():
    tools = [
        tool("list_disputes", "Open disputes, 5 per page.", {"status": ("string", "Status filter"), "page_token": ("string", "Token or empty")}),
        tool("accept_dispute", "Accept (do not contest) a dispute.", {"dispute_id": ("string", "Dispute id")}),
        tool("submit_standard_packet", "Build and submit the standard evidence packet for a dispute.",
             {"dispute_id": ("string", "Dispute id")}),
    ]
    s = Sess("chargeback_disputes", "healthy", 2, CB_SYS, tools, user_id="fl-finance-gwilde",
             notes=("Weekly triage across three pages of disputes: list a page, then accept or contest each dispute "
                    "(2-3 calls per turn, new ids every time), then the next page. Pagination plus a batch of "
                    "near-identical actions."))
    s.user("Weekly triage: for every open dispute, accept it if it's under GBP 25, otherwise submit the standard packet.")
    ds = [("dp_1QN0a01", "12.99", "13.1"), ("dp_1QN0a07", "189.00", "13.1"), ("dp_1QN0a12", "24.50", "10.4"),
          ("dp_1QN0a19", "74.95", "13.3"), ("dp_1QN0a23", "310.00", "10.4"),
          ("dp_1QN0a30", "8.99", "13.2"), ("dp_1QN0a34", "45.00", "13.1"), ("dp_1QN0a41", "129.99", "13.3"),
          ("dp_1QN0a44", "19.99", "13.1"), ("dp_1QN0a52", "58.20", "10.4"),
          ("dp_1QN0a57", "239.00", "13.1"), ("dp_1QN0a63", "15.00", "13.6")]
    pages = [ds[0:5], ds[5:10], ds[10:]]
    tokens = ["", "pt_2_7Hx", "pt_3_9Qa"]
    for p, page in enumerate(pages):
        s.step("list_disputes", {"status": "needs_response", "page_token": tokens[p]},
               {"disputes": [{"dispute_id": d, "amount_gbp": a, "reason": r} for d, a, r in page],
                "next_page_token": tokens[p + 1] if p + 1 < 3 else None}, 3,
               None if p == 0 else f"Page {p} done; loading page {p + 1}.")
        for c in range(0, len(page), 3):
            chunk = page[c:c + 3]
            calls = [("accept_dispute" if float(a) < 25 else "submit_standard_packet", {"dispute_id": d}) for d, a, r in chunk]
            s.call(calls)
            s.results([{"ok": True, "dispute_id": d, "status": "lost_accepted" if float(a) < 25 else "under_review"}
                       for d, a, r in chunk], 5)
    s.say("Triage done: 12 disputes - 5 accepted (under GBP 25, total GBP 81.47), 7 contested with the standard "
          "packet (total GBP 1,046.14).")
    s.user("Great, thanks. Put the two 10.4s over GBP 50 on my list to review manually next week.", 150)
    return s


def build():
    docs = {}
    for i, fn in enumerate(SESSIONS):
        s = fn()
        shape = SHAPES[i % 3]
        doc = render(s, shape)
        docs[doc["name"]] = doc
    return docs


def dump(doc):
    return json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def main():
    check = "--check" in sys.argv[1:]
    docs = build()
    errors = []
    if len(docs) != 32:
        errors.append(f"expected 32 sessions, got {len(docs)}")
    sids = set()
    for name, doc in sorted(docs.items()):
        try:
            validate(doc, name)
        except (Bad, KeyError, TypeError, ValueError) as e:
            errors.append(f"{name}: {e!r}")
        sids.add(doc["headers"]["x-session-id"])
    if len(sids) != len(docs):
        errors.append("x-session-id not unique")
    heldout = os.path.join(OUT, "heldout")
    if check:
        on_disk = sorted(f for f in os.listdir(heldout) if f.endswith(".json")) if os.path.isdir(heldout) else []
        if on_disk != sorted(n + ".json" for n in docs):
            errors.append("file list on disk differs from the generator")
        for name, doc in docs.items():
            p = os.path.join(heldout, name + ".json")
            if os.path.exists(p):
                with open(p, encoding="utf-8") as f:
                    if f.read() != dump(doc):
                        errors.append(f"{name}: file on disk differs")
        tuning = os.path.join(OUT, "tuning")
        if not os.path.isdir(tuning) or os.listdir(tuning) != [".gitkeep"]:
            errors.append("tuning/ must hold only .gitkeep")
    if errors:
        for e in errors:
            print("ERROR", e, file=sys.stderr)
        sys.exit(1)
    if not check:
        os.makedirs(heldout, exist_ok=True)
        os.makedirs(os.path.join(OUT, "tuning"), exist_ok=True)
        open(os.path.join(OUT, "tuning", ".gitkeep"), "w").close()
        for f in os.listdir(heldout):
            if f.endswith(".json") and f[:-5] not in docs:
                os.remove(os.path.join(heldout, f))
        for name, doc in docs.items():
            with open(os.path.join(heldout, name + ".json"), "w", encoding="utf-8") as f:
                f.write(dump(doc))
    by = {}
    for doc in docs.values():
        key = (doc["shape"], doc["expected"]["outcome"])
        by[key] = by.get(key, 0) + 1
    toolless = sum(1 for d in docs.values() if "tools" not in d["turns"][0]["request"])
    print(("checked" if check else "wrote"), len(docs), "sessions;",
          ", ".join(f"{k[0]}/{k[1]}={v}" for k, v in sorted(by.items())), f"; tool-less={toolless}")


if __name__ == "__main__":
    main()
