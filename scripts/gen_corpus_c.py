#!/usr/bin/env python3
"""Writer-c's independent agent-session corpus for the loop detectors (issue 13).

Stdlib only, deterministic (no clock, no network, no random state). Each style is written by its
own hand-written functions as an abstract conversation (user text, assistant text / tool calls,
tool results); `render` turns it into one of the three API shapes, resending the full history
on every turn. `--check` regenerates in memory and compares with the files on disk; every
request is validated against its API shape before anything is written.

Usage: python3 scripts/gen_corpus_c.py [--check]
"""
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "corpus_c")

MODELS = {"chat": "gpt-4o", "responses": "gpt-4.1-mini", "anthropic": "claude-sonnet-4-20250514"}
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}


# ----------------------------------------------------------------------------------------------
# Abstract conversation
# ----------------------------------------------------------------------------------------------
class Conv:
    """A session in shape-neutral form. Turn i = (at_seconds, inputs, reply); the request of
    turn i is the whole history up to and including inputs of turn i; reply is what the model
    answered (it becomes history for turn i+1)."""

    def __init__(self, system, tools=None, max_tokens=1024):
        self.system = system
        self.tools = tools or []  # (name, description, {param: type})
        self.max_tokens = max_tokens
        self.turns = []
        self._n = 0

    def call(self, name, **args):
        self._n += 1
        return (f"{self._n:03d}", name, args)

    def turn(self, at, inputs, reply):
        """inputs: a str (user text) or a list of str / ("result", call, content[, is_error]).
        reply: str, or (text_or_None, [calls])."""
        if isinstance(inputs, str):
            inputs = [inputs]
        ev = []
        for x in inputs:
            if isinstance(x, str):
                ev.append(("user", x))
            else:
                _, c, content = x[:3]
                err = x[3] if len(x) > 3 else False
                if not isinstance(content, str):
                    content = json.dumps(content, indent=1)
                ev.append(("result", c[0], content, err))
        if isinstance(reply, str):
            reply = (reply, [])
        self.turns.append((at, ev, reply))
        return self


def r(call, content, err=False):
    return ("result", call, content, err)


# ----------------------------------------------------------------------------------------------
# Rendering
# ----------------------------------------------------------------------------------------------
def _schema(params):
    return {
        "type": "object",
        "properties": {k: {"type": v} for k, v in params.items()},
        "required": list(params),
    }


def _cid(shape, cid):
    return {"chat": "call_", "responses": "call_", "anthropic": "toolu_"}[shape] + "tg" + cid


def render(conv, shape):
    hist = []  # shape-specific list of messages / items
    reqs = []

    def add_inputs(ev):
        if shape == "anthropic":
            blocks = []
            for e in ev:
                if e[0] == "user":
                    blocks.append({"type": "text", "text": e[1]})
                else:
                    b = {"type": "tool_result", "tool_use_id": _cid(shape, e[1]), "content": e[2]}
                    if e[3]:
                        b["is_error"] = True
                    blocks.append(b)
            # tool_result blocks must come first in a user message
            blocks.sort(key=lambda b: 0 if b["type"] == "tool_result" else 1)
            hist.append({"role": "user", "content": blocks})
        elif shape == "chat":
            for e in ev:
                if e[0] == "user":
                    hist.append({"role": "user", "content": e[1]})
                else:
                    hist.append({"role": "tool", "tool_call_id": _cid(shape, e[1]), "content": e[2]})
        else:
            for e in ev:
                if e[0] == "user":
                    hist.append({"role": "user", "content": [{"type": "input_text", "text": e[1]}]})
                else:
                    hist.append({"type": "function_call_output", "call_id": _cid(shape, e[1]), "output": e[2]})

    def add_reply(reply):
        text, calls = reply
        if shape == "anthropic":
            blocks = []
            if text:
                blocks.append({"type": "text", "text": text})
            for c in calls:
                blocks.append({"type": "tool_use", "id": _cid(shape, c[0]), "name": c[1], "input": c[2]})
            hist.append({"role": "assistant", "content": blocks})
        elif shape == "chat":
            m = {"role": "assistant", "content": text}
            if calls:
                m["tool_calls"] = [
                    {"id": _cid(shape, c[0]), "type": "function",
                     "function": {"name": c[1], "arguments": json.dumps(c[2])}}
                    for c in calls
                ]
            hist.append(m)
        else:
            if text:
                hist.append({"type": "message", "role": "assistant",
                             "content": [{"type": "output_text", "text": text}]})
            for c in calls:
                hist.append({"type": "function_call", "call_id": _cid(shape, c[0]), "name": c[1],
                             "arguments": json.dumps(c[2])})

    for at, ev, reply in conv.turns:
        add_inputs(ev)
        if shape == "anthropic":
            req = {"model": MODELS[shape], "max_tokens": conv.max_tokens, "system": conv.system,
                   "messages": json.loads(json.dumps(hist))}
            if conv.tools:
                req["tools"] = [{"name": n, "description": d, "input_schema": _schema(p)} for n, d, p in conv.tools]
        elif shape == "chat":
            req = {"model": MODELS[shape], "max_tokens": conv.max_tokens,
                   "messages": [{"role": "system", "content": conv.system}] + json.loads(json.dumps(hist))}
            if conv.tools:
                req["tools"] = [{"type": "function", "function": {"name": n, "description": d, "parameters": _schema(p)}}
                                for n, d, p in conv.tools]
        else:
            req = {"model": MODELS[shape], "max_output_tokens": conv.max_tokens, "instructions": conv.system,
                   "input": json.loads(json.dumps(hist))}
            if conv.tools:
                req["tools"] = [{"type": "function", "name": n, "description": d, "parameters": _schema(p)}
                                for n, d, p in conv.tools]
        reqs.append({"at_seconds": at, "request": req})
        add_reply(reply)
    return reqs


# ----------------------------------------------------------------------------------------------
# Validation
# ----------------------------------------------------------------------------------------------
class Invalid(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Invalid(msg)


def validate_request(shape, req):
    tools = set()
    if shape == "anthropic":
        need(isinstance(req.get("model"), str) and isinstance(req.get("max_tokens"), int), "model/max_tokens")
        need(isinstance(req.get("system"), str), "system")
        for t in req.get("tools", []):
            need(set(t) == {"name", "description", "input_schema"}, "anthropic tool")
            tools.add(t["name"])
        msgs = req["messages"]
        need(msgs and msgs[0]["role"] == "user" and msgs[-1]["role"] == "user", "starts/ends with user")
        prev_uses = set()
        for i, m in enumerate(msgs):
            need(m["role"] == ("user" if i % 2 == 0 else "assistant"), "user/assistant alternate")
            need(isinstance(m["content"], list) and m["content"], "content blocks")
            if m["role"] == "assistant":
                prev_uses = set()
                for b in m["content"]:
                    need(b["type"] in ("text", "tool_use"), "assistant block type")
                    if b["type"] == "tool_use":
                        need(b["name"] in tools and isinstance(b["input"], dict), "tool_use declared")
                        prev_uses.add(b["id"])
            else:
                got = [b["tool_use_id"] for b in m["content"] if b["type"] == "tool_result"]
                need(set(got) == prev_uses and len(got) == len(prev_uses), f"tool_result ids match tool_use (msg {i})")
                seen_text = False
                for b in m["content"]:
                    need(b["type"] in ("text", "tool_result"), "user block type")
                    if b["type"] == "text":
                        seen_text = True
                    need(not (seen_text and b["type"] == "tool_result"), "tool_result first")
                prev_uses = set()
    elif shape == "chat":
        need(isinstance(req.get("model"), str), "model")
        for t in req.get("tools", []):
            need(t["type"] == "function" and "parameters" in t["function"], "chat tool")
            tools.add(t["function"]["name"])
        msgs = req["messages"]
        need(msgs[0]["role"] == "system" and msgs[-1]["role"] in ("user", "tool"), "system first, ends with user/tool")
        open_ids = set()
        for m in msgs[1:]:
            need(m["role"] in ("user", "assistant", "tool"), "role")
            if m["role"] == "tool":
                need(m["tool_call_id"] in open_ids, "tool message answers an open call")
                open_ids.discard(m["tool_call_id"])
            else:
                need(not open_ids, "every tool call answered before the next message")
            if m["role"] == "assistant":
                need(m["content"] is not None or m.get("tool_calls"), "assistant content")
                for c in m.get("tool_calls", []):
                    need(c["function"]["name"] in tools, "tool declared")
                    json.loads(c["function"]["arguments"])
                    open_ids.add(c["id"])
        need(not open_ids, "calls answered")
    else:
        need(isinstance(req.get("model"), str) and isinstance(req.get("max_output_tokens"), int), "model/max_output_tokens")
        need("previous_response_id" not in req, "no previous_response_id")
        for t in req.get("tools", []):
            need(t["type"] == "function" and "parameters" in t, "responses tool")
            tools.add(t["name"])
        items = req["input"]
        need(items and items[-1].get("type") != "function_call" and items[-1].get("role") != "assistant", "ends with input")
        open_ids = set()
        for it in items:
            if it.get("type") == "function_call":
                need(it["name"] in tools, "tool declared")
                json.loads(it["arguments"])
                open_ids.add(it["call_id"])
            elif it.get("type") == "function_call_output":
                need(it["call_id"] in open_ids, "output answers a call")
                open_ids.discard(it["call_id"])
            else:
                need(not open_ids, "calls answered before next message")
                need(it["role"] in ("user", "assistant"), "role")
        need(not open_ids, "calls answered")


def validate_session(s):
    need(set(s) <= {"name", "style", "shape", "path", "headers", "expected", "turns", "notes"}, "fields")
    need(s["path"] == PATHS[s["shape"]], "path")
    n = len(s["turns"])
    need(8 <= n <= 30, f"{s['name']}: {n} turns")
    e = s["expected"]
    if e["outcome"] == "runaway":
        need(1 <= e["loop_begins_turn"] < e["stop_by_turn"] <= n - 4, f"{s['name']}: B/D within the session, 4+ turns after D")
    else:
        need(e == {"outcome": "healthy"}, "healthy")
    key = {"chat": "messages", "responses": "input", "anthropic": "messages"}[s["shape"]]
    last_at, prev = -1, None
    for t in s["turns"]:
        need(t["at_seconds"] > last_at, "time moves on")
        last_at = t["at_seconds"]
        validate_request(s["shape"], t["request"])
        cur = t["request"][key]
        if prev is not None:
            need(cur[: len(prev)] == prev and len(cur) > len(prev) + 1, f"{s['name']}: history resent")
        prev = cur


# ----------------------------------------------------------------------------------------------
# Helpers for text
# ----------------------------------------------------------------------------------------------
def clock(start_s, steps):
    """Cumulative at_seconds from a list of gaps."""
    out, t = [], start_s
    for g in steps:
        t += g
        out.append(t)
    return out


SESSIONS = []  # (style, outcome, Conv, expected_extra, notes)


def session(style, outcome, conv, notes, b=None, d=None):
    SESSIONS.append((style, outcome, conv, (b, d), notes))


# ==============================================================================================
# Style: web_research
# ==============================================================================================
WEB_TOOLS = [
    ("web_search", "Search the web; returns titles, urls and snippets.", {"query": "string"}),
    ("fetch_url", "Fetch a page and return its readable text.", {"url": "string"}),
    ("save_note", "Append a note to the research notebook.", {"text": "string"}),
]

COOKIE = ("We use cookies to improve your experience. By continuing to browse you accept our "
          "Cookie Policy. [Accept all] [Manage preferences]\n"
          "Home | News | Reviews | Guides | Newsletter | Sign in\n")


def page(title, paras, footer="(c) 2026 All rights reserved. Privacy | Terms | Contact | Advertise"):
    return COOKIE + "\n# " + title + "\n\n" + "\n\n".join(paras) + "\n\n" + footer


def web_research_runaway_a():
    c = Conv("You are a research assistant. Use the tools to gather sources and write a sourced brief.",
             WEB_TOOLS, 1500)
    q = "EU battery regulation 2023/1542 carbon footprint declaration deadline EV batteries"
    url = "https://www.lexology-pro.example/library/detail.aspx?g=7f3a91c2-battery-reg-cf"
    paywall = ("403 Forbidden\n<html><head><title>Subscribe to continue</title></head><body>"
               "<div class='paywall'>This analysis is available to Pro subscribers only. Log in or start "
               "a 14-day trial.</div></body></html>")
    results = {"results": [
        {"title": "Battery Regulation: carbon footprint declaration timeline explained (Pro)", "url": url,
         "snippet": "Article 7 requires a carbon footprint declaration for EV batteries from 18 February 2025 or 12 months after the delegated act..."},
        {"title": "Regulation (EU) 2023/1542 - EUR-Lex", "url": "https://eur-lex.europa.eu/eli/reg/2023/1542/oj",
         "snippet": "Regulation (EU) 2023/1542 of the European Parliament and of the Council of 12 July 2023 concerning batteries and waste batteries..."},
        {"title": "New EU battery rules: what manufacturers must do", "url": "https://www.batterytech-news.example/eu-rules-2024",
         "snippet": "The delegated act on the calculation methodology has been delayed, pushing the effective date..."},
    ]}
    t = clock(0, [0, 6, 9, 5, 7, 10, 6, 8, 5, 7, 9, 6, 8, 5, 7, 6])
    s = c.call("web_search", query=q)
    c.turn(t[0], "Find out when the carbon footprint declaration for EV batteries becomes mandatory under the new EU Battery Regulation, and whether the date has slipped. I need a short brief with sources.",
           ("I'll start with a search.", [s]))
    f = c.call("fetch_url", url=url)
    c.turn(t[1], [r(s, results)], ("The first result looks like exactly the analysis we need. Fetching it.", [f]))
    n = c.call("save_note", text="Lexology Pro page on Art. 7 timeline returned 403 (paywall). Retry later.")
    c.turn(t[2], [r(f, paywall, True)], ("The page is behind a paywall. I'll note that and retry.", [n]))
    i = 3
    while i < 16:
        s = c.call("web_search", query=q)
        c.turn(t[i], [r(n, {"ok": True, "note_count": i // 3 + 1})], ("Let me search again for the timeline.", [s]))
        i += 1
        if i >= 16:
            break
        f = c.call("fetch_url", url=url)
        c.turn(t[i], [r(s, results)], ("The first result looks like exactly the analysis we need. Fetching it.", [f]))
        i += 1
        if i >= 16:
            break
        n = c.call("save_note", text="Lexology Pro page on Art. 7 timeline returned 403 (paywall). Retry later.")
        c.turn(t[i], [r(f, paywall, True)], ("The page is behind a paywall. I'll note that and retry.", [n]))
        i += 1
    session("web_research", "runaway", c,
            "A search / fetch-paywalled-page / note cycle of period 3 that never tries the open EUR-Lex link; "
            "the repeated search results (request 5) make the loop visible.", b=5, d=11)


def field_table():
    """Appendix A of the field study: one row per monitored home (values are arithmetic, not random)."""
    states = ["MN", "VT", "ME"]
    units = ["Mitsubishi MXZ-SM36NAM", "Fujitsu AOU36RLXFZH", "Daikin RXL24UMVJU", "Carrier 38MURAQ36AA3", "Bosch BOVB36HDN1M20G"]
    rows = ["Appendix A. Monitored homes", "", "| ID | State | Built | Floor area (m2) | ACH50 | Unit | SCOP | Backup hours |",
            "|---|---|---|---|---|---|---|---|"]
    for i in range(42):
        built = 1921 + (i * 37) % 98
        ach = 1.6 + ((2020 - built) * 0.07 + (i % 5) * 0.3)
        scop = 3.28 - (2020 - built) * 0.012 - (i % 4) * 0.05
        rows.append("| H%02d | %s | %d | %d | %.1f | %s | %.2f | %d |" % (i + 1, states[i % 3], built, 95 + (i * 53) % 190, ach,
                                                                 units[(i * 3) % 5], scop, max(0, int((ach - 4) * 22 + (i % 7) * 5))))
    rows += ["", "Appendix B. Monthly metered data", "", "| ID | Month | kWh in | kWh heat out | COP | Min outdoor C | Backup kWh |", "|---|---|---|---|---|---|---|"]
    for i in range(42):
        for m, (mon, tmin) in enumerate([("Nov", -12), ("Dec", -24), ("Jan", -31), ("Feb", -27), ("Mar", -16)]):
            kin = 420 + (i * 31 + m * 97) % 610
            cop = 2.9 - m * 0.25 + (m // 3) * 0.45 - (i % 6) * 0.08
            rows.append("| H%02d | %s 2024 | %d | %d | %.2f | %d | %d |" % (i + 1, mon, kin, int(kin * cop), cop, tmin + (i % 5) - 2,
                                                                        (i * 13 + m * 29) % 90 if tmin < -20 else 0))
    rows += ["", "Method. Electricity to the outdoor and indoor units was metered at 1-minute resolution with CT clamps; delivered heat was estimated from supply/return temperature and airflow measured at commissioning. Homes with wood stoves were excluded from the SCOP average but kept in Appendix A.",
             "Limitations. Two winters is short; 2023-24 was milder than the 30-year normal in all three states, 2024-25 colder than normal in Minnesota only."]
    return ["\n".join(rows[:len(rows) - 2])] + rows[-2:]


def sizing_faq():
    qa = [("Should I size to the design temperature or the balance point?", "To the design temperature, with the balance point below it. If the unit cannot meet the design load, decide explicitly how many hours of backup you accept."),
          ("What is a Manual J and do I need one?", "A room-by-room heat-loss calculation. Yes: rules of thumb like 'a ton per 500 sq ft' oversize modern houses badly."),
          ("Ducted or ductless?", "Ductless heads are more efficient per unit of heat, but a ducted unit is simpler if the house already has good ducts inside the envelope."),
          ("How much does a cold-climate unit lose at -15 C?", "Typically 20-35 % of rated capacity and its COP drops towards 1.7-2.0; check the manufacturer's extended tables."),
          ("Do I keep my oil boiler?", "Many installers recommend keeping it for the first winter as backup and deciding after seeing the metered data."),
          ("Where should the outdoor unit go?", "Out of the drip line, raised above the expected snow depth, with 60 cm clearance for airflow and defrost meltwater drainage."),
          ("Is a bigger unit safer?", "Up to a point. Variable-speed units modulate, but oversizing by more than ~25 % raises cost and short-cycles in shoulder seasons."),
          ("What about humidity?", "In winter, heat pumps do not dry the air more than any other forced-air heat; low humidity is an air-leakage problem."),
          ("How do I read a NEEP listing?", "Look at the 5 F max capacity and the COP at 5 F; compare units at those columns, not at 47 F."),
          ("Can I install it myself?", "Pre-charged DIY units exist; most rebates require a licensed installer and a commissioning report.")]
    return ["**Q: %s**\nA: %s" % qa_ for qa_ in qa]


def rebate_table():
    states = ["Minnesota", "Vermont", "Maine", "New Hampshire", "Wisconsin", "Michigan", "New York", "Massachusetts", "Colorado", "Montana",
              "North Dakota", "Wyoming", "Idaho", "Pennsylvania", "Illinois", "Iowa"]
    rows = ["| State | Program | Max rebate | Income cap | Cold-climate bonus |", "|---|---|---|---|---|"]
    for i, st in enumerate(states):
        rows.append("| %s | %s | $%s | %s | %s |" % (st, ["HEEHRA", "utility", "state energy office", "HEEHRA + utility"][i % 4],
                                                   "{:,}".format(1000 + (i * 750) % 7000), ["80 % AMI", "150 % AMI", "none"][i % 3],
                                                   "$%d" % (500 * (i % 9)) if i % 9 else "-"))
    return ["\n".join(rows), "Rebate amounts change quarterly; check the program page before signing a contract. Stacking rules differ: HEEHRA cannot be combined with other federal grants for the same equipment."]


def forum_posts():
    users = ["northwoods_dan", "kim_r", "hvac_pete", "lakeeffect", "solar_sue", "oldhouse_mike", "frostbite42", "greenbeanMN", "tundra_tom", "jp_builds"]
    posts = ["Our Fujitsu kept up down to -27 C but the backup strips kicked in twice overnight.",
             "If your bills went up, check whether the installer left the emergency heat on 'auto'. Ours had it set to kick in at 5 C.",
             "We added a second head in the upstairs hallway; the far bedroom was 4 degrees colder than the living room before.",
             "Try a setback of no more than 2 degrees overnight. Recovering from a deep setback is exactly when the strips come on.",
             "The condensate line froze on ours in February. Heat tape on the drain fixed it.",
             "Noise is fine inside; outside it's about as loud as a fridge until defrost, which sounds like a big sigh.",
             "My utility has a heat pump rate: 7 cents off-peak. Changed the math completely.",
             "Attic insulation first, then the heat pump. We went from R-19 to R-49 and the unit now runs at half speed most nights.",
             "Don't trust the thermostat's estimate of energy use; put a meter on the circuit.",
             "Three winters in: no failures, one service call for a loose sensor on the outdoor coil.",
             "For anyone in Duluth: the co-op rebate paid out in six weeks, paperwork was two pages.",
             "We still use the wood stove on the coldest week because we like it, not because we need to."]
    return ["Reply by %s (%d likes): %s" % (users[i % len(users)], (i * 7) % 23, p) for i, p in enumerate(posts)]


def web_research_healthy_a():
    c = Conv("You are a research assistant. Gather sources with the tools, keep notes, then write the report.",
             WEB_TOOLS, 2000)
    pages = [
        ("https://www.energy-lab.example/reports/ccshp-field-study-2025",
         page("Cold-climate heat pumps: results of a two-winter field study", [
             "Between November 2023 and March 2025 we monitored 42 air-source heat pumps installed in single-family homes in Minnesota, Vermont and northern Maine. All units were marketed as cold-climate models and sized with a Manual J calculation.",
             "Seasonal coefficient of performance (SCOP) averaged 2.61 across the fleet, ranging from 1.94 in a poorly insulated 1920s farmhouse to 3.28 in a 2018 build with an air-tightness of 1.6 ACH50.",
             "At outdoor temperatures below -15 C the median COP fell to 1.72; units still delivered 78 % of rated capacity at -25 C, but 11 of 42 homes relied on resistance backup for more than 60 hours per winter.",
             "Defrost cycles accounted for 4 to 9 % of compressor run time. Homes where the outdoor unit was raised at least 45 cm above grade saw 30 % fewer defrost events during snow events.",
         ] + field_table())),
        ("https://www.hvac-review.example/guides/sizing-heat-pumps-for-cold-climates",
         page("Sizing a heat pump for a cold climate: a practical guide", [
             "The most common installer mistake is sizing to the cooling load. In heating-dominated climates the balance point should sit below the 99 % design temperature.",
             "A variable-speed compressor can modulate down to 20-30 % of nameplate, so oversizing costs less in short-cycling than it used to, but it still costs in capital.",
             "Ask for the NEEP cold-climate listing: it reports capacity and COP at 5 F and -5 F, which is where the marketing numbers usually diverge from reality.",
         ] + sizing_faq())),
        ("https://www.gov-energy.example/heat-pump-rebates-2026",
         page("Federal and state heat pump rebates for 2026", [
             "The 25C tax credit covers 30 % of project cost up to $2,000 per year for qualifying heat pumps.",
             "HEEHRA point-of-sale rebates of up to $8,000 are available to households under 80 % of area median income in participating states.",
             "Minnesota's program adds $4,000 for cold-climate certified units; Vermont utilities offer $1,000 to $2,200 depending on capacity.",
         ] + rebate_table())),
        ("https://forum.greenbuilding.example/t/my-second-winter-with-a-ccashp/88412",
         page("My second winter with a ccASHP (long)", [
             "Posted by northwoods_dan: House is 1,850 sq ft, 1994, blown cellulose in the attic. Electric bill Dec-Feb went from $410 oil equivalent to $265.",
             "Reply by kim_r: we saw similar numbers but our unit iced up twice in the January storm; raising it on a stand fixed it.",
             "Reply by hvac_pete: remember to compare against your actual oil price that winter, not this year's.",
         ] + forum_posts())),
    ]
    queries = ["cold climate air source heat pump field study COP below -15C",
               "heat pump sizing cold climate balance point guide",
               "heat pump rebates 2026 Minnesota Vermont",
               "ccASHP homeowner experience second winter electric bill"]
    t = clock(0, [0, 7, 12, 9, 15, 8, 13, 10, 16, 9, 14, 11, 20, 35])
    msgs = "Write me a 1-page report on whether cold-climate heat pumps make sense for a 1990s house in Minnesota: performance at low temperature, sizing, costs and rebates. Cite sources."
    s = c.call("web_search", query=queries[0])
    c.turn(t[0], msgs, ("Starting with field performance data.", [s]))
    ti = 1
    for k in range(4):
        url, body = pages[k]
        res = {"results": [{"title": body.split("\n# ")[1].split("\n")[0], "url": url, "snippet": body[300:460]},
                           {"title": "Related discussion", "url": url + "#comments", "snippet": "See comments"}]}
        f = c.call("fetch_url", url=url)
        c.turn(t[ti], [r(s, res)], (f"Fetching {url.split('/')[2]}.", [f])); ti += 1
        note = ["Field study (42 homes, MN/VT/ME): SCOP 2.61 avg; COP 1.72 below -15C; 78% capacity at -25C; 11/42 needed >60h backup.",
                "Sizing: balance point below 99% design temp; use NEEP listing at 5F/-5F; variable speed tolerates mild oversizing.",
                "Rebates: 25C 30% up to $2,000/yr; HEEHRA up to $8,000 (<80% AMI); MN +$4,000 for cold-climate units.",
                "Homeowner: 1994 house, bill $410 oil-equivalent -> $265 Dec-Feb; raise outdoor unit above snow."][k]
        n = c.call("save_note", text=note)
        c.turn(t[ti], [r(f, body)], ("Noting the key figures.", [n])); ti += 1
        if k < 3:
            s = c.call("web_search", query=queries[k + 1])
            c.turn(t[ti], [r(n, {"ok": True, "note_count": k + 1})], ("Next: " + ["sizing guidance.", "rebates.", "a homeowner's experience."][k], [s])); ti += 1
    c.turn(t[ti], [r(n, {"ok": True, "note_count": 4})],
           "**Cold-climate heat pumps for a 1990s Minnesota house**\n\nPerformance: a two-winter field study of 42 homes found an average seasonal COP of 2.61 and a median COP of 1.72 below -15 C, with 78 % of rated capacity still available at -25 C (energy-lab field study). Expect some resistance backup on the coldest nights.\n\nSizing: size for heating, with a balance point below your 99 % design temperature, and check the NEEP listing at 5 F and -5 F (hvac-review guide).\n\nCosts: a forum owner with a similar 1994 house reports $265 vs $410 for Dec-Feb. Rebates: 30 % up to $2,000 (25C), up to $8,000 HEEHRA if eligible, +$4,000 in Minnesota for certified units.\n\nVerdict: worthwhile if the envelope is decent; budget for a raised outdoor unit and keep backup heat.")
    ti += 1
    c.turn(t[ti], "Great. Can you add a one-line caveat about oil prices?",
           "Added: *Savings depend heavily on that winter's heating-oil price; compare against the price you actually paid, not today's (forum, hvac_pete).*")
    session("web_research", "healthy", c,
            "Four different searches, four long pages that share a cookie banner and repeat their own paragraphs, notes, then the report.")


def web_research_runaway_b():
    c = Conv("You are an investigative research agent. Prefer primary sources.", WEB_TOOLS, 1500)
    release = ("MOUNTAIN VIEW, Calif., Oct. 14, 2026 -- Veridian Labs today announced Aster-2, a 7-billion-parameter "
               "open-weights model that the company says matches larger models on coding benchmarks. \"Aster-2 shows that "
               "careful data curation beats raw scale,\" said CEO Maya Okafor. The model is available under the Apache 2.0 "
               "license. Veridian did not disclose training compute. About Veridian Labs: Veridian Labs builds efficient "
               "language models for enterprises. Media contact: press@veridian.example")
    mirrors = ["https://www.prnewswire-mirror.example/news/veridian-aster-2",
               "https://finance.portal.example/news/veridian-labs-announces-aster-2-331",
               "https://www.techwire-daily.example/2026/10/14/veridian-aster-2/",
               "https://markets.newsfeed.example/story/veridian-aster2-launch",
               "https://www.ai-bulletin.example/p/veridian-aster-2-release",
               "https://investor.aggregator.example/press/VRDN/20261014",
               "https://www.businesswire-copy.example/veridian-aster-2",
               "https://news.syndicate.example/a/aster-2-open-weights"]
    reasons = ["This is the press release again. I need a primary source for the compute figure; trying another outlet.",
               "Same press-release text, no compute disclosure. Let me look for an original report.",
               "Another copy of the release. I'll search for a primary source on training compute.",
               "Still the syndicated release. Looking for the original reporting instead."]
    t = clock(0, [0, 8, 11, 9, 10, 12, 8, 9, 11, 10, 9, 12, 8, 10, 11, 9, 10, 12, 9, 11])
    s = c.call("web_search", query="Veridian Aster-2 training compute FLOPs")
    c.turn(t[0], "How much compute was Aster-2 trained with? Find a primary source, not a press release.", ("Searching.", [s]))
    ti = 1
    for k, url in enumerate(mirrors):
        f = c.call("fetch_url", url=url)
        res = {"results": [{"title": "Veridian Labs announces Aster-2", "url": u, "snippet": release[:160]} for u in mirrors[k:k + 3]]}
        c.turn(t[ti], [r(s, res)], ("Fetching " + url.split("/")[2] + ".", [f])); ti += 1
        if ti >= 20:
            break
        s = c.call("web_search", query=["Aster-2 compute primary source", "Veridian Aster-2 paper training FLOPs",
                                        "Aster-2 technical report GPU hours", "Veridian Labs Aster-2 original report compute"][k % 4])
        c.turn(t[ti], [r(f, page("Veridian Labs announces Aster-2", [release]))], (reasons[k % 4], [s])); ti += 1
        if ti >= 20:
            break
    session("web_research", "runaway", c,
            "Every fetched URL is a syndicated copy of the same press release; the agent rewords 'need a primary source' and fetches "
            "another mirror. Context grows with no progress from the third copy on.", b=7, d=13)


def web_research_healthy_b():
    c = Conv("You are a research assistant writing a changelog digest. Use the tools.", WEB_TOOLS, 1800)
    items = [
        ["Logical replication: failover of replication slots to standbys (sync_replication_slots).",
         "pg_createsubscriber converts a physical standby into a logical replica.",
         "pg_upgrade now preserves logical replication slots and subscription state."],
        ["New pg_stat_checkpointer view; checkpoint statistics moved out of pg_stat_bgwriter.",
         "Incremental backups with pg_basebackup --incremental and pg_combinebackup.",
         "Vacuum memory no longer capped at 1 GB thanks to a new TID store."],
        ["JSON_TABLE, JSON_EXISTS, JSON_QUERY and JSON_VALUE from SQL/JSON.",
         "MERGE gains RETURNING and can target views.",
         "COPY ON_ERROR ignore skips malformed rows."],
        ["Removed: adminpack extension; old_snapshot_threshold.",
         "Event triggers on login (login event).",
         "libpq: direct TLS negotiation with sslnegotiation=direct."],
    ]
    t = clock(0, [0, 6, 7, 6, 8, 7, 6, 9, 7, 8, 20])
    s = c.call("web_search", query="PostgreSQL 17 release notes site:postgresql.org page=1")
    c.turn(t[0], "Summarise what's new in PostgreSQL 17 for our DBA team, grouped by theme. The release notes are long; go through them page by page.",
           ("Starting with the first page of the release notes.", [s]))
    ti = 1
    for k in range(4):
        url = f"https://www.postgresql.org/docs/17/release-17.html?part={k + 1}"
        res = {"results": [{"title": f"PostgreSQL 17 Release Notes (part {k + 1} of 4)", "url": url,
                            "snippet": items[k][0]}], "next_page": k + 2 if k < 3 else None}
        f = c.call("fetch_url", url=url)
        c.turn(t[ti], [r(s, res)], (f"Fetching part {k + 1}.", [f])); ti += 1
        body = ("PostgreSQL 17 Release Notes\nRelease date: 2024-09-26\n\nE.1.3. Changes (part %d of 4)\n\n" % (k + 1)) + \
            "\n".join("  * " + x + " (" + "Author: " + ["Hou Zhijie", "Amit Kapila", "Robert Haas", "Masahiko Sawada",
                                                           "Alvaro Herrera", "Jacob Champion"][(k + j) % 6] + ")" for j, x in enumerate(items[k]))
        if k < 3:
            s = c.call("web_search", query=f"PostgreSQL 17 release notes site:postgresql.org page={k + 2}")
            c.turn(t[ti], [r(f, body)], ("Got part %d: %s Moving to the next page." % (k + 1, items[k][0][:60]), [s])); ti += 1
        else:
            n = c.call("save_note", text="PG17 digest: replication, backup/vacuum, SQL/JSON+MERGE, removals/security.")
            c.turn(t[ti], [r(f, body)], ("That was the last page. Saving the outline.", [n])); ti += 1
    c.turn(t[ti], [r(n, {"ok": True})],
           "**PostgreSQL 17 for DBAs**\n- Replication: slot failover, pg_createsubscriber, pg_upgrade keeps logical slots.\n- Backup & maintenance: incremental pg_basebackup, pg_stat_checkpointer, vacuum memory uncapped.\n- SQL: JSON_TABLE & SQL/JSON functions, MERGE ... RETURNING, COPY ON_ERROR.\n- Removed/changed: adminpack, old_snapshot_threshold; login event triggers; direct TLS in libpq.")
    session("web_research", "healthy", c,
            "Pagination through four parts of the same release notes: the same search with the next page number, new content each time.")


# ==============================================================================================
# Style: novel_continue (tool-less)
# ==============================================================================================
NOVEL_SYS = ("You are a co-writer on a literary novel. Continue the manuscript in the established voice "
             "(close third person, past tense). Never summarise; write scene.")

LIGHTHOUSE = [
    "Ines found the letter on the third morning, tucked behind the logbook where the keeper before her had kept his tobacco. The envelope was addressed to no one. Inside, in a hand that sloped hard to the left, someone had written the tide tables for a year that had not happened yet.",
    "She read them twice at the kitchen table while the kettle worked itself up to a scream. The dates were right, the heights were plausible, and on the fourteenth of March the low water was marked with a small black cross, the kind people draw beside the names of the dead.",
    "By noon the wind had turned north-east and the supply boat radioed to say it would not come. Ines climbed the hundred and twelve steps to the lamp room and sat with the letter on her knee, watching the grey water stack itself against the rocks.",
    "Tomas, the harbourmaster, called at four. He had a way of clearing his throat before every sentence as if the words were stuck behind a door. 'There's a man asking about you in the village,' he said. 'Says he knew Aldous.' Aldous had been the previous keeper.",
    "She did not sleep. At two she went down to the boathouse with a torch and found the dinghy's painter cut clean, the boat riding loose against the slip, its oars laid neatly side by side on the thwart as if someone had meant to come back for it.",
    "The man arrived on the Thursday ferry wearing a coat too thin for the island. He introduced himself as Mr Hale, a surveyor, and asked to see the logbooks from the winter of 1987. When she said they had been sent to the archive in Oban, he smiled as though she had told him a joke he had heard before.",
    "That night the lamp failed for the first time in eleven years. Ines fixed it by feel, her fingers remembering the order of the screws, and when the beam came round again it lit, for a single revolution, a small boat with no lights sitting exactly where the black cross said the rocks would show at low water.",
    "In the morning there was no boat and no Mr Hale. The ferry captain swore he had not left on it. Tomas cleared his throat four times before admitting that nobody had rented him a room.",
    "She took the letter to the church, because the church kept the parish registers, and the registers went back to 1702. It took her an afternoon to find the hand that sloped hard to the left: it belonged to the curate who had buried Aldous's father.",
    "The curate's entries stopped in March 1988. The last one was a baptism, and beside it, in the margin, was the same small black cross.",
    "Ines walked back along the causeway with the tide coming in fast around her boots, and for the first time she understood that the tables were not a prediction. They were an appointment.",
    "On the thirteenth of March she sent the relief keeper away, locked the boathouse, and wrote her own name on the envelope.",
]


def novel_continue_runaway_a():
    c = Conv(NOVEL_SYS, None, 900)
    t = clock(0, [0, 95, 120, 80, 110, 70, 60, 45, 50, 40, 55, 35, 40, 30])
    c.turn(t[0], "Here's my opening premise: a relief lighthouse keeper on a Hebridean island finds a letter containing tide tables for a future year. Start chapter one.",
           LIGHTHOUSE[0] + "\n\n" + LIGHTHOUSE[1])
    c.turn(t[1], "continue", LIGHTHOUSE[2] + "\n\n" + LIGHTHOUSE[3])
    c.turn(t[2], "continue", LIGHTHOUSE[4])
    stuck = LIGHTHOUSE[5] + "\n\n" + LIGHTHOUSE[6]
    c.turn(t[3], "continue", stuck)
    prompts = ["continue", "continue", "continue please", "continue", "keep going", "continue",
               "you already wrote that. continue from where the lamp fails", "continue", "continue", "continue"]
    for k, p in enumerate(prompts):
        c.turn(t[4 + k], p, stuck)
    session("novel_continue", "runaway", c,
            "From turn 5 every 'continue' gets the same two paragraphs (Mr Hale arrives, the lamp fails) verbatim; "
            "the user's complaint at turn 11 changes nothing.", b=6, d=10)


def novel_continue_healthy_a():
    c = Conv(NOVEL_SYS, None, 900)
    story = [
        "The bakery on Calle Hortaleza opened at five, which meant Marisol opened it at four-thirty, which meant the city she knew was mostly the colour of flour and streetlight.",
        "Her grandmother's starter lived in a stoneware crock with a chipped lip. It had survived a flood, two landlords and a health inspector named Gutierrez who had once tasted it off his finger and then pretended he hadn't.",
        "The first customer was always the same: a night nurse from La Paz hospital who bought two napolitanas and ate one standing at the counter, as if sitting down would be admitting the shift had happened.",
        "On the Tuesday the nurse did not come. Instead a boy of about twelve pressed his face to the glass, breath clouding it, and pointed at the tray of roscones left over from Sunday.",
        "Marisol let him in because it was cold and because he had the nurse's lanyard round his neck, the photo turned inward.",
        "He said his name was Dani and that his aunt had told him to come here if she ever did not come home. He said it the way people recite a phone number.",
        "She called the hospital from the landline under the till. The switchboard put her on hold with a recording of Vivaldi so degraded it sounded like it was being played through a sock.",
        "By seven the queue was out the door. Dani had found an apron and was folding boxes with the seriousness of someone defusing them.",
        "Gutierrez came in at half past, saw the boy, saw the apron, and opened his mouth. Marisol handed him a napolitana before he could say anything about child labour or hair nets.",
        "The call came at nine: the aunt had been held over for an emergency on the ward and then had fallen asleep in the staff room, phone dead, shoes still on.",
        "When she arrived she did not thank Marisol. She bought two napolitanas, gave one to Dani, and stood at the counter to eat the other, and that was thanks enough.",
        "After they left Marisol fed the starter, scraped the chipped lip of the crock clean, and wrote DANI on the roster for Saturday mornings in pencil, in case.",
        "Saturday came with rain. At four-thirty, when she unlocked the back door, he was already there under the awning, hood up, holding the lanyard out to show her: this time the photo was his.",
    ]
    prompts = ["Start a short story: a Madrid baker, a night nurse who is her first customer every day. Literary, warm, not saccharine.",
               "continue", "go on", "continue", "more", "continue", "keep going", "continue", "go on", "continue",
               "continue, we're near the end", "continue", "finish it"]
    t = clock(0, [0, 140, 95, 160, 120, 90, 150, 100, 130, 85, 170, 110, 125])
    for k, p in enumerate(prompts):
        c.turn(t[k], p, story[k])
    session("novel_continue", "healthy", c, "Thirteen 'continue'-style prompts, each answered by the next new paragraph of the story.")


def novel_continue_runaway_b():
    c = Conv("You are a fantasy co-author. Continue the user's manuscript; each chapter 300-600 words.", None, 1200)
    ch = [
        "Chapter 1. The salt caravan left Qadir at dusk, forty camels and one cartographer who had never seen the sea...",
        "Chapter 2. In the dunes past the Well of Hands, Serin traded her compass for a story and got the better deal...",
        "Chapter 3. The caravan master's daughter, Lio, could read the wind the way priests read entrails, and with as much confidence...",
    ]
    variants = [
        "Chapter 4. When the storm finally broke, Serin realised the map had been wrong all along: the river they had followed was not the Ashen but its dead twin, and the city at its end had been empty for three hundred years. Lio knelt by the dry bed and pressed her palm to the sand.",
        "Chapter 4. As the sandstorm cleared, Serin understood that the map had deceived them: the river they had traced was not the Ashen at all but its long-dead sister, and the city it led to had stood empty for three centuries. Lio crouched at the dry channel, her hand flat against the sand.",
        "Chapter 4. The storm ended, and with it Serin's faith in the map: they had followed not the Ashen but its dead twin, a river that led only to a city abandoned three hundred years before. Kneeling by the empty bed, Lio laid her palm on the sand.",
    ]
    t = clock(0, [0, 200, 180, 210, 190, 150, 170, 160, 140, 180, 150, 170, 160, 150])
    c.turn(t[0], "Write chapter 1 of my desert fantasy: a salt caravan, a cartographer named Serin, a map that lies.", ch[0])
    c.turn(t[1], "next chapter", ch[1])
    c.turn(t[2], "next chapter", ch[2])
    c.turn(t[3], "next chapter", variants[0])
    prompts = ["next chapter", "next chapter please, what happens in the empty city?", "next chapter", "go on to chapter 5",
               "next chapter", "that's chapter 4 again. chapter 5!", "next chapter", "next chapter", "next", "next chapter"]
    for k, p in enumerate(prompts):
        c.turn(t[4 + k], p, variants[(k + 1) % 3])
    session("novel_continue", "runaway", c,
            "After chapter 4 every 'next chapter' returns chapter 4 reworded (three paraphrases in rotation).", b=6, d=10)


def novel_continue_healthy_b():
    c = Conv("You are helping a romance novelist draft chapter by chapter. Follow her notes exactly.", None, 1500)
    notes = [
        ("Chapter 1 please. Setting: a failing vineyard in the Douro valley, 2019. Heroine: Beatriz, an agronomist. Hero: Tom, a British wine buyer who is terrible at Portuguese.",
         "Chapter 1 - Harvest Moon\n\nBeatriz had been awake since the storm started, listening to hail drum the terraces like the valley was knocking to be let in. By dawn she knew a third of the Touriga Nacional was lost..."),
        ("Next chapter. Tom arrives a week early and insults the cellar without meaning to.",
         "Chapter 2 - The Buyer\n\nTom's Portuguese ran to seven words, four of them apologies. He used all seven in the first minute after tripping over a pipe in the cellar and calling the oldest barrel in the quinta 'rustic'..."),
        ("Next chapter: they argue about whether to sell the damaged grapes for bulk wine.",
         "Chapter 3 - Bulk\n\n'You could sell it to the cooperative,' Tom said, and Beatriz looked at him as if he had suggested melting down the church bells..."),
        ("Next. Her grandfather's secret: a field blend planted in 1931 on the north slope.",
         "Chapter 4 - The North Slope\n\nAvô Joaquim did not speak of the north slope. The family had always assumed it was because nothing grew there worth speaking of..."),
        ("Next chapter. Make it funny: Tom tries to help with the foot-treading in the lagar.",
         "Chapter 5 - Lagar\n\nThere is a particular sound a grown man makes when he steps barefoot into two tonnes of crushed grapes for the first time, and Tom made it at a volume that sent the dogs running..."),
        ("Next. First kiss, but interrupted by her ex who works for the big port house.",
         "Chapter 6 - Rival\n\nThe kiss lasted exactly as long as it took Rui Ferraz's Range Rover to crunch up the gravel drive..."),
        ("Next chapter: the storm damage report from the insurer comes in, it's bad.",
         "Chapter 7 - Assessment\n\nThe insurer's letter was four pages long and could have been one word. Beatriz read it at the kitchen table while Tom pretended to read the newspaper upside down..."),
        ("Next. Tom's boss wants him back in London; he has to choose.",
         "Chapter 8 - Recall\n\nThe email from Harcourt & Lyle arrived at 06:12 with the subject line 'Return ASAP' and no greeting..."),
        ("Next chapter: the field blend turns out to be exceptional in a blind tasting in Porto.",
         "Chapter 9 - Blind\n\nThere were twelve glasses on the table and twelve judges who had never heard of Quinta da Lapa, which was exactly how Tom wanted it..."),
        ("Last chapter. Happy ending, harvest 2020, small and earned.",
         "Chapter 10 - Vintage\n\nThe 2020 harvest was small. Everyone said so, the way people in the Douro say the summer is hot, as a kind of prayer..."),
    ]
    t = clock(0, [0, 300, 260, 320, 280, 240, 310, 270, 290, 330])
    for k, (p, a) in enumerate(notes):
        c.turn(t[k], p, a + " " + ["She pressed her thumb into a split berry.", "He apologised to the barrel.", "The dog sided with her.",
                                   "The vines were older than the house.", "Someone filmed it.", "Rui smiled with too many teeth.",
                                   "The figure at the bottom was circled twice.", "He did not answer it for a day.",
                                   "Glass seven was theirs.", "They drank the first bottle on the north slope."][k])
    session("novel_continue", "healthy", c, "'Next chapter' ten times, each with a new author's note and a new chapter.")


# ==============================================================================================
# Style: plan_execute_critic
# ==============================================================================================
PEC_SYS = ("You are the EXECUTOR in a planner/executor/critic team. Messages prefixed [PLANNER] and "
           "[CRITIC] come from the other agents. Execute the current plan step with the tools and report.")
PEC_TOOLS = [("run_shell", "Run a shell command in the repo sandbox; returns exit code, stdout, stderr.", {"cmd": "string"}),
             ("write_file", "Write a file in the repo.", {"path": "string", "content": "string"})]


def pec_runaway_a():
    c = Conv(PEC_SYS, PEC_TOOLS, 1200)
    plan = ("[PLANNER] Plan v1 for ticket PAY-212 (add idempotency keys to POST /payments):\n"
            "1. Add column idempotency_key (text, unique) to payments via migration 0042.\n"
            "2. In PaymentsController.create, return the existing payment when the key was seen.\n"
            "3. Run the test suite.\nExecutor: do step 1 and 2 now.")
    critic = ("[CRITIC] Rejected. The change has no test for the duplicate-key path, and a unique index on a "
              "nullable column lets NULL through on Postgres. Planner, revise.")
    mig = "ALTER TABLE payments ADD COLUMN idempotency_key text;\nCREATE UNIQUE INDEX payments_idem_key ON payments (idempotency_key);\n"
    test_out = {"exit_code": 0, "stdout": "....................................................\n52 passed in 8.31s", "stderr": ""}
    t = clock(0, [0, 14, 9, 21, 18, 12, 10, 22, 17, 13, 9, 20, 19, 12, 10, 21, 18, 11])
    w = c.call("write_file", path="db/migrations/0042_payments_idempotency.sql", content=mig)
    c.turn(t[0], ["Ticket PAY-212: make POST /payments idempotent using an Idempotency-Key header.", plan],
           ("Writing the migration for step 1.", [w]))
    ti = 1
    rounds = 0
    while ti < 18:
        sh = c.call("run_shell", cmd="pytest -q tests/payments")
        c.turn(t[ti], [r(w, {"ok": True, "bytes": len(mig)})], ("Migration written and controller updated; running tests.", [sh])); ti += 1
        if ti >= 18:
            break
        c.turn(t[ti], [r(sh, test_out)], "Step 1 and 2 done, 52 tests pass. Handing to the critic."); ti += 1
        if ti >= 18:
            break
        c.turn(t[ti], critic, "Acknowledged; waiting for the planner's revision."); ti += 1
        if ti >= 18:
            break
        w = c.call("write_file", path="db/migrations/0042_payments_idempotency.sql", content=mig)
        c.turn(t[ti], plan.replace("Plan v1", "Plan v%d" % (rounds + 2)), ("Writing the migration for step 1.", [w])); ti += 1
        rounds += 1
    session("plan_execute_critic", "runaway", c,
            "Planner re-issues the same plan (only the version number changes), executor does the same thing, critic rejects "
            "for the same reason: a period-4 hand-off cycle from turn 5.", b=5, d=12)


def pec_healthy_a():
    c = Conv(PEC_SYS, PEC_TOOLS, 1200)
    steps = [
        ("[PLANNER] Step 1: create a virtualenv-free check: run `ruff check src/` and report counts.", "ruff check src/",
         {"exit_code": 1, "stdout": "src/report/export.py:14:1: F401 `csv` imported but unused\nsrc/report/export.py:88:5: E722 Do not use bare `except`\nsrc/report/pdf.py:3:1: I001 Import block is un-sorted\nFound 3 errors.\n[*] 2 fixable with the `--fix` option.", "stderr": ""},
         "3 lint errors: unused csv import, bare except at export.py:88, unsorted imports in pdf.py."),
        ("[CRITIC] Good. Don't autofix the bare except blindly; it hides a real error. [PLANNER] Step 2: run ruff --fix, then fix export.py:88 by hand.",
         "ruff check --fix src/ && sed -n 80,95p src/report/export.py",
         {"exit_code": 0, "stdout": "Found 3 errors (2 fixed, 1 remaining).\n    try:\n        rows = list(fetch_rows(query))\n    except:\n        rows = []\n", "stderr": ""},
         "Two fixed automatically. The bare except swallows DB errors in fetch_rows; I'll catch DatabaseError and re-raise with context."),
        ("[PLANNER] Step 3: write the change.", None, None, None),
        ("[CRITIC] Looks right. [PLANNER] Step 4: run the export tests.", "pytest -q tests/report",
         {"exit_code": 1, "stdout": "F.......\nFAILED tests/report/test_export.py::test_empty_query_returns_header_only - report.errors.ExportError: query failed: relation \"sales_2019\" does not exist\n1 failed, 7 passed", "stderr": ""},
         "One failure: the test relied on the old swallow-everything behaviour with a missing table. The fixture should create the table."),
        ("[CRITIC] Agreed, the test was wrong, not the code. Fix the fixture. [PLANNER] Step 5.", "sed -i 's/tables=\\[\\]/tables=[\"sales_2019\"]/' tests/report/conftest.py && pytest -q tests/report",
         {"exit_code": 0, "stdout": "........\n8 passed in 1.92s", "stderr": ""}, "All 8 pass."),
        ("[PLANNER] Step 6: full suite and lint once more.", "ruff check src/ && pytest -q",
         {"exit_code": 0, "stdout": "All checks passed!\n........................................................................ [ 61%]\n.............................................                            [100%]\n117 passed in 14.02s", "stderr": ""},
         "Lint clean, 117 passed."),
    ]
    t = clock(0, [0, 11, 25, 16, 30, 14, 22, 18, 27, 13, 20, 12, 15])
    ti = 0
    pending = []
    for msg, cmd, out, summary in steps:
        if cmd is None:
            w = c.call("write_file", path="src/report/export.py",
                       content="    try:\n        rows = list(fetch_rows(query))\n    except DatabaseError as exc:\n        raise ExportError(f\"query failed: {exc}\") from exc\n")
            c.turn(t[ti], pending + [msg], ("Replacing the bare except.", [w])); ti += 1
            pending = [r(w, {"ok": True})]
            continue
        sh = c.call("run_shell", cmd=cmd)
        c.turn(t[ti], pending + [msg], ("Running: " + cmd, [sh])); ti += 1
        c.turn(t[ti], [r(sh, out)], summary); ti += 1
        pending = []
    c.turn(t[ti], "[CRITIC] Approved. Ship it.", "Done: lint clean, bare except replaced with DatabaseError -> ExportError, fixture fixed, 117 tests pass.")
    session("plan_execute_critic", "healthy", c, "Six plan steps, each executed once; critic comments differ and it ends approved.")


def pec_runaway_b():
    c = Conv(PEC_SYS, PEC_TOOLS, 1200)
    err = ("error[E0597]: `buf` does not live long enough\n  --> src/parser.rs:41:23\n   |\n39 |     let buf = reader.fill_buf()?.to_vec();\n"
           "   |         --- binding `buf` declared here\n40 |     let tokens = tokenize(&buf);\n41 |     self.pending.extend(tokens);\n"
           "   |     ------------------- argument requires that `buf` is borrowed for `'a`\n42 | }\n   | - `buf` dropped here while still borrowed\n\n"
           "error: could not compile `logscan` (lib) due to 1 previous error")
    fixes = [
        ("Add a lifetime to tokenize: fn tokenize<'a>(s: &'a [u8]) -> Vec<Token<'a>>", "fn tokenize<'a>(s: &'a [u8]) -> Vec<Token<'a>> { /* ... */ }"),
        ("Store buf in a local Vec before extending", "let owned = buf.clone();\nlet tokens = tokenize(&owned);"),
        ("Make pending a Vec<Token<'static>> and leak the buffer... no, use Box::leak only in tests", "let tokens = tokenize(Box::leak(buf.into_boxed_slice()));"),
        ("Annotate the impl block with the 'a lifetime explicitly", "impl<'a> Scanner<'a> {\n    fn feed(&mut self, reader: &mut impl BufRead) -> io::Result<()> {"),
    ]
    t = clock(0, [0, 12, 40, 15, 38, 14, 41, 13, 39, 16, 42, 12, 37, 15, 40, 14, 39, 13, 41, 12])
    c.turn(t[0], ["[PLANNER] Goal: make `cargo build` pass for logscan after the zero-copy Token<'a> refactor. Executor, build first."],
           ("Building.", [c.call("run_shell", cmd="cargo build 2>&1 | tail -20")]))
    last = c.turns[-1][2][1][0]
    ti = 1
    k = 0
    while ti < 20:
        idea, code = fixes[k % 4]
        w = c.call("write_file", path="src/parser.rs", content=code)
        c.turn(t[ti], [r(last, {"exit_code": 101, "stdout": "", "stderr": err}),
                       f"[CRITIC] Same borrow error. Tokens borrow `buf`, which dies at the end of feed(). Try: {idea}."],
               (f"Trying: {idea}.", [w])); ti += 1
        if ti >= 20:
            break
        last = c.call("run_shell", cmd="cargo build 2>&1 | tail -20")
        c.turn(t[ti], [r(w, {"ok": True})], ("Rebuilding.", [last])); ti += 1
        k += 1
    session("plan_execute_critic", "runaway", c,
            "Edit A / build fails / edit B / build fails ...: four different edits in rotation, the same E0597 every time "
            "(the real fix, owning the buffer in the struct, is never tried).", b=4, d=10)


def pec_healthy_b():
    c = Conv(PEC_SYS, PEC_TOOLS, 1500)
    drafts = [
        ("# Runbook: rotating the Postgres TLS certificate\n1. Generate a new cert with cert-manager.\n2. Restart Postgres.\n",
         "[CRITIC] Restarting Postgres causes downtime; use `SELECT pg_reload_conf()` - Postgres 14+ reloads ssl files on SIGHUP. Also say how to verify."),
        ("# Runbook: rotating the Postgres TLS certificate\n1. Renew via cert-manager: `cmctl renew pg-tls -n db`.\n2. Reload: `psql -c 'SELECT pg_reload_conf()'`.\n3. Verify: `openssl s_client -starttls postgres -connect db:5432 | openssl x509 -noout -enddate`.\n",
         "[CRITIC] Better. Missing: the replicas also need the secret mounted and reloaded, and what to do if the reload logs 'could not load server certificate file'."),
        ("# Runbook: rotating the Postgres TLS certificate\n1. Renew via cert-manager: `cmctl renew pg-tls -n db`.\n2. Wait for the secret to sync to all pods (kubelet sync, up to 60 s).\n3. Reload primary and each replica: `psql -c 'SELECT pg_reload_conf()'`.\n4. Verify on each: `openssl s_client -starttls postgres -connect <host>:5432 | openssl x509 -noout -enddate`.\n5. If the log says 'could not load server certificate file', check the key permissions (0600, owner postgres) - the old cert stays in use, no outage.\n",
         "[CRITIC] Approved."),
    ]
    t = clock(0, [0, 20, 15, 35, 18, 14, 33, 19, 16, 30])
    ti = 0
    c.turn(t[ti], ["[PLANNER] Task: write docs/runbooks/pg-tls-rotation.md. Executor drafts, critic reviews, iterate until approved."],
           ("Drafting.", [c.call("write_file", path="docs/runbooks/pg-tls-rotation.md", content=drafts[0][0])])); ti += 1
    for k, (draft, crit) in enumerate(drafts):
        w = c.turns[-1][2][1][0]
        sh = c.call("run_shell", cmd="markdownlint docs/runbooks/pg-tls-rotation.md")
        c.turn(t[ti], [r(w, {"ok": True})], ("Linting the draft.", [sh])); ti += 1
        c.turn(t[ti], [r(sh, {"exit_code": 0, "stdout": "", "stderr": ""})], f"Draft {k + 1} written and lint-clean. Critic, please review."); ti += 1
        if k < 2:
            c.turn(t[ti], [crit], ("Revising per the critique.", [c.call("write_file", path="docs/runbooks/pg-tls-rotation.md", content=drafts[k + 1][0])])); ti += 1
        else:
            c.turn(t[ti], [crit], "Runbook approved; committed as docs/runbooks/pg-tls-rotation.md."); ti += 1
    session("plan_execute_critic", "healthy", c, "Draft / lint / critique three times with a different critique each time, then approval.")


# ==============================================================================================
# Style: log_paste_debug (tool-less)
# ==============================================================================================
def spring_log(n_requests, start_min=0):
    """A Spring Boot log in which every /api/orders/{id}/invoice request dies with the same NPE."""
    out = []
    for i in range(n_requests):
        m = start_min + i // 4
        sec = (i * 13) % 60
        oid = 48210 + i * 7
        ts = "2026-11-30T09:%02d:%02d.%03d+01:00" % (m % 60, sec, (i * 137) % 1000)
        out.append(f"{ts}  INFO 1 --- [nio-8080-exec-{i % 10 + 1}] c.a.shop.web.OrderController        : GET /api/orders/{oid}/invoice user=u{3000 + i % 17}")
        out.append(f"{ts} ERROR 1 --- [nio-8080-exec-{i % 10 + 1}] o.a.c.c.C.[.[.[/].[dispatcherServlet]    : Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: java.lang.NullPointerException: Cannot invoke \"com.acme.shop.billing.TaxProfile.getRate()\" because the return value of \"com.acme.shop.customer.Customer.getTaxProfile()\" is null] with root cause")
        out.append("")
        out.append("java.lang.NullPointerException: Cannot invoke \"com.acme.shop.billing.TaxProfile.getRate()\" because the return value of \"com.acme.shop.customer.Customer.getTaxProfile()\" is null")
        out.append("\tat com.acme.shop.billing.InvoiceService.computeTax(InvoiceService.java:118)")
        out.append("\tat com.acme.shop.billing.InvoiceService.buildInvoice(InvoiceService.java:74)")
        out.append("\tat com.acme.shop.web.OrderController.invoice(OrderController.java:203)")
        out.append("\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)")
        out.append("\tat org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:255)")
        out.append("\tat org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod.invokeAndHandle(ServletInvocableHandlerMethod.java:118)")
        out.append("\tat org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1089)")
        out.append("\tat org.apache.tomcat.util.threads.TaskThread$WrappingRunnable.run(TaskThread.java:61)")
        out.append("\tat java.base/java.lang.Thread.run(Thread.java:1583)")
    return "\n".join(out)


def log_paste_runaway_a():
    c = Conv("You are a senior Java engineer helping debug production issues.", None, 1500)
    advice = ("The NPE is thrown because `customer.getTaxProfile()` returns null for some customers. Either backfill "
              "tax_profile_id for those customers, or guard it in InvoiceService.computeTax:\n\n```java\nTaxProfile p = customer.getTaxProfile();\n"
              "if (p == null) {\n    throw new MissingTaxProfileException(customer.getId());\n}\n```\n\nand map that exception to a 422 in your @ControllerAdvice.")
    asks = ["Our invoice endpoint started 500ing after yesterday's deploy. Here's the log:\n\n",
            "still happening, more log:\n\n", "same thing, here's the latest:\n\n", "it's still broken!! full log since restart:\n\n",
            "still. log:\n\n", "nothing changed. here:\n\n", "log again\n\n", "same\n\n", "???\n\n", "log:\n\n", "still failing\n\n", "here\n\n"]
    t = clock(0, [0, 240, 300, 180, 260, 200, 310, 190, 280, 220, 250, 230])
    for k, a in enumerate(asks):
        c.turn(t[k], a + "```\n" + spring_log(2 + k) + "\n```", advice if k != 1 else "Did you deploy the guard? " + advice)
    session("log_paste_debug", "runaway", c,
            "The user pastes an ever longer log with the identical NullPointerException; the assistant repeats the same fix verbatim. "
            "Request 3 carries the second identical answer.", b=3, d=8)


def access_log():
    """Django runserver access log of a manual click-through: 160 distinct requests."""
    paths = ["/api/invoices/", "/api/invoices/%d/", "/api/invoices/%d/pdf", "/api/customers/", "/api/customers/%d/", "/static/css/app.css",
             "/static/js/app.%s.js", "/api/reports/aging?bucket=%d", "/admin/billing/invoice/%d/change/", "/api/payments/?invoice=%d"]
    out = []
    for i in range(160):
        pth = paths[(i * 7) % len(paths)]
        if "%d" in pth:
            pth = pth % (1000 + (i * 37) % 900)
        elif "%s" in pth:
            pth = pth % ("%08x" % (0x3fa2b1c0 + i))
        meth = "POST" if i % 23 == 5 else "GET"
        out.append("api-1     | [01/Dec/2026 10:%02d:%02d] \"%s %s HTTP/1.1\" %d %d" % (21 + i // 40, (i * 17) % 60, meth, pth,
                                                                                  201 if meth == "POST" else (304 if i % 11 == 3 else 200), 180 + (i * 911) % 40000))
    return "\n".join(out) + "\n"


def log_paste_healthy_a():
    c = Conv("You are a helpful DevOps assistant.", None, 1500)
    boot = ("Attaching to api-1, db-1, worker-1\ndb-1      | PostgreSQL Database directory appears to contain a database; Skipping initialization\n"
            "db-1      | 2026-12-01 10:02:11.402 UTC [1] LOG:  starting PostgreSQL 16.4 (Debian 16.4-1.pgdg120+2) on x86_64-pc-linux-gnu\n"
            "db-1      | 2026-12-01 10:02:11.410 UTC [1] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432\n"
            "db-1      | 2026-12-01 10:02:11.455 UTC [1] LOG:  database system is ready to accept connections\n")
    steps = [
        ("docker compose up fails, help?\n```\n" + boot + "api-1     | Traceback (most recent call last):\napi-1     |   File \"/app/manage.py\", line 22, in <module>\napi-1     |     main()\napi-1     |   File \"/app/config/settings.py\", line 31, in <module>\napi-1     |     SECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]\napi-1     | KeyError: 'DJANGO_SECRET_KEY'\napi-1 exited with code 1\n```",
         "`DJANGO_SECRET_KEY` isn't set in the api container. Add it to `.env` (compose reads it automatically) or to `environment:` under `api` in docker-compose.yml."),
        ("ok added it. now:\n```\n" + boot + "api-1     | django.db.utils.OperationalError: connection to server at \"localhost\" (127.0.0.1), port 5432 failed: Connection refused\napi-1     | \tIs the server running on that host and accepting TCP/IP connections?\napi-1 exited with code 1\n```",
         "Progress. Inside the api container `localhost` is the container itself. Set `DATABASE_HOST=db` (the compose service name)."),
        ("that worked, new error:\n```\n" + boot + "api-1     | Operations to perform:\napi-1     |   Apply all migrations: admin, auth, billing, contenttypes, sessions\napi-1     | Running migrations:\napi-1     |   Applying billing.0007_invoice_currency...Traceback (most recent call last):\napi-1     | django.db.utils.ProgrammingError: column \"currency\" of relation \"billing_invoice\" already exists\n```",
         "Your local DB already has the column (probably from a branch you ran earlier). Either `python manage.py migrate billing 0007 --fake` or drop the volume: `docker compose down -v`."),
        ("faked it. api starts now but worker crashes:\n```\nworker-1  | [2026-12-01 10:09:40,118: ERROR/MainProcess] consumer: Cannot connect to redis://localhost:6379/0: Error 111 connecting to localhost:6379. Connection refused..\nworker-1  | Trying again in 2.00 seconds... (1/100)\nworker-1  | Trying again in 4.00 seconds... (2/100)\n```",
         "Same localhost issue, different service: there's no redis service in your compose file at all. Add `redis: image: redis:7-alpine` and set `CELERY_BROKER_URL=redis://redis:6379/0`."),
        ("added redis:\n```\nredis-1   | 1:M 01 Dec 2026 10:14:02.331 * Ready to accept connections tcp\nworker-1  | [2026-12-01 10:14:05,902: INFO/MainProcess] Connected to redis://redis:6379/0\nworker-1  | [2026-12-01 10:14:05,921: INFO/MainProcess] celery@4f2a1c ready.\napi-1     | [01/Dec/2026 10:14:09] \"GET /healthz HTTP/1.1\" 200 2\napi-1     | [01/Dec/2026 10:14:12] \"GET /api/invoices/ HTTP/1.1\" 500 145\napi-1     | TemplateDoesNotExist: billing/invoice_list.html\n```",
         "Everything connects now. The 500 is a missing template: check that `billing/templates/billing/invoice_list.html` exists and `APP_DIRS: True` is in TEMPLATES."),
        ("file was named invoices_list.html, renamed. now:\n```\napi-1     | [01/Dec/2026 10:17:45] \"GET /api/invoices/ HTTP/1.1\" 200 18233\napi-1     | [01/Dec/2026 10:17:46] \"GET /static/css/app.css HTTP/1.1\" 404 179\n```",
         "The page works. The CSS 404 is because DEBUG static serving needs `django.contrib.staticfiles` in INSTALLED_APPS, or run `collectstatic` and serve via whitenoise."),
        ("added whitenoise, clicked through the whole app, all 200 now:\n```\n" + access_log() + "```\nanything else I should fix?",
         "Looks healthy. Two suggestions: add `depends_on: db: condition: service_healthy` with a pg_isready healthcheck so api doesn't race the DB, and don't commit `.env`."),
        ("thanks! did both. last q: how do I see only worker logs?", "`docker compose logs -f worker` (add `--since 10m` to limit)."),
    ]
    t = clock(0, [0, 420, 380, 600, 510, 300, 450, 200])
    for k, (u, a) in enumerate(steps):
        c.turn(t[k], u, a)
    session("log_paste_debug", "healthy", c,
            "Eight pasted logs sharing the same compose/Postgres boot banner, each with a new error, resolved one after the other.")


def django_trace(n_lines_ctx):
    head = []
    for i in range(n_lines_ctx):
        head.append("[2026-12-02 14:%02d:%02d,%03d] INFO  etl.pipeline: batch %d: fetched 500 rows from s3://acme-raw/events/2026/12/02/part-%05d.jsonl.gz"
                    % (i // 60 % 60, i % 60, (i * 37) % 1000, i, i))
        head.append("[2026-12-02 14:%02d:%02d,%03d] INFO  etl.pipeline: batch %d: normalised 500 rows, 0 dropped" % (i // 60 % 60, i % 60, (i * 41) % 1000, i))
    tb = ("Traceback (most recent call last):\n  File \"/srv/etl/pipeline.py\", line 212, in run_batch\n    rec = normalise(raw)\n"
          "  File \"/srv/etl/normalise.py\", line 57, in normalise\n    \"country\": raw[\"geo\"][\"country_code\"],\n"
          "                ~~~~~~~~~~^^^^^^^^^^^^^^^^\nKeyError: 'country_code'")
    return "\n".join(head) + "\n[2026-12-02 14:59:59,999] ERROR etl.pipeline: batch %d failed\n" % n_lines_ctx + tb


def log_paste_runaway_b():
    c = Conv("You are a Python data-engineering assistant.", None, 1200)
    fixes = [
        "Some events have a `geo` object without `country_code`. Use `raw[\"geo\"].get(\"country_code\")` and decide what to do with None (drop or 'ZZ').",
        "The KeyError means `country_code` is missing in some records' `geo` dict. Switch to `raw['geo'].get('country_code')` and handle the None case, e.g. map it to 'ZZ' or drop the row.",
        "It looks like certain rows lack `geo.country_code`. Replace the indexing with `.get('country_code')` and choose a fallback such as 'ZZ', or filter those rows out.",
    ]
    users = ["ETL died overnight:\n", "I changed it and it still fails, full log:\n", "still KeyError:\n", "again, more batches this time:\n",
             "same error\n", "still!\n", "you keep saying the same thing, here's the log:\n", "still failing:\n", "log:\n", "again:\n", "still:\n", "same KeyError\n"]
    t = clock(0, [0, 600, 540, 660, 480, 720, 500, 610, 560, 590, 620, 570])
    for k, u in enumerate(users):
        c.turn(t[k], u + "```\n" + django_trace(20 + 10 * k) + "\n```", fixes[k % 3])
    session("log_paste_debug", "runaway", c,
            "The same KeyError pasted with an ever longer ETL log; the assistant rewords the same .get() advice (paraphrase loop). "
            "Request 3 holds the second paraphrase of the same fix.", b=3, d=7)


def gc_log():
    """JVM unified GC log of a container heading for its memory limit: 170 distinct lines."""
    out = ["[0.004s][info][gc] Using G1", "[0.011s][info][gc,init] Heap Region Size: 1M", "[0.011s][info][gc,init] Heap Min Capacity: 8M",
           "[0.011s][info][gc,init] Heap Max Capacity: 384M", "[2.913s][info][startup] Started CheckoutApplication in 11.402 seconds (process running for 12.1)"]
    heap = 60
    for i in range(165):
        t = 3.0 + i * 4.37
        before = min(383, heap + 20 + (i * 13) % 25)
        heap = min(372, heap + 1 + (i % 4))
        kind = "Pause Young (Normal) (G1 Evacuation Pause)" if i % 9 else "Pause Young (Concurrent Start) (G1 Humongous Allocation)"
        out.append("[%.3fs][info][gc] GC(%d) %s %dM->%dM(384M) %.3fms" % (t, i + 1, kind, before, heap, 2.1 + (i * 7 % 50) / 10))
    out.append("[724.119s][info][gc] GC(166) Pause Full (G1 Compaction Pause) 383M->379M(384M) 412.887ms")
    out.append("[726.502s][info][gc,heap,exit] Heap region size 1M, 379 used, metaspace 141M committed, code cache 58M (log ends: container killed)")
    return "\n".join(out) + "\n"


def log_paste_healthy_b():
    c = Conv("You are a Kubernetes troubleshooting assistant.", None, 1500)
    events = ("LAST SEEN   TYPE      REASON              OBJECT                          MESSAGE\n")
    def desc(status, extra):
        return ("Name:             checkout-7d9f8c6b5-x2klm\nNamespace:        shop\nPriority:         0\nService Account:  checkout\n"
                "Node:             ip-10-0-3-41.eu-west-1.compute.internal/10.0.3.41\nLabels:           app=checkout\n                  pod-template-hash=7d9f8c6b5\n"
                "Status:           " + status + "\nContainers:\n  checkout:\n    Image:          123456789012.dkr.ecr.eu-west-1.amazonaws.com/checkout:2.14.0\n"
                "    Port:           8080/TCP\n    Limits:\n      memory:  512Mi\n    Requests:\n      cpu:     250m\n      memory:  256Mi\n"
                "    Liveness:   http-get http://:8080/healthz delay=10s timeout=1s period=10s #success=1 #failure=3\n"
                "    Environment Variables from:\n      checkout-config  ConfigMap  Optional: false\n" + extra)
    pad = ("Conditions:\n  Type              Status\n  Initialized       True\n  Ready             False\n  ContainersReady   False\n  PodScheduled      True\n"
           "Environment:\n" + "".join("      %s:  %s\n" % kv for kv in [
               ("SPRING_PROFILES_ACTIVE", "prod"), ("SERVER_PORT", "8080"), ("DB_HOST", "checkout-db.shop.svc.cluster.local"), ("DB_PORT", "5432"),
               ("DB_NAME", "checkout"), ("DB_USER", "<set to the key 'username' in secret 'checkout-db'>"), ("DB_PASSWORD", "<set to the key 'password' in secret 'checkout-db'>"),
               ("REDIS_URL", "redis://redis-master.shop.svc.cluster.local:6379/2"), ("KAFKA_BOOTSTRAP", "kafka-0.kafka-headless.data.svc:9092,kafka-1.kafka-headless.data.svc:9092"),
               ("PAYMENTS_BASE_URL", "http://payments.shop.svc.cluster.local:8080"), ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector.observability:4317"),
               ("OTEL_SERVICE_NAME", "checkout"), ("JAVA_TOOL_OPTIONS", "-XX:+UseG1GC -XX:MaxRAMPercentage=75"), ("TZ", "Europe/Dublin"),
               ("FEATURE_FLAGS_URL", "http://flagd.platform:8013"), ("LOG_FORMAT", "json")]) +
           "Mounts:\n      /etc/checkout from config (ro)\n      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-8qzkd (ro)\n      /tmp from tmp (rw)\n"
           "Volumes:\n  config:\n    Type:      ConfigMap (a volume populated by a ConfigMap)\n    Name:      checkout-config\n    Optional:  false\n"
           "  tmp:\n    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\n    SizeLimit:  <unset>\n"
           "  kube-api-access-8qzkd:\n    Type:                    Projected (a volume that contains injected data from multiple sources)\n    TokenExpirationSeconds:  3607\n"
           "QoS Class:                   Burstable\nNode-Selectors:              karpenter.sh/capacity-type=on-demand\n"
           "Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n"
           "Topology Spread Constraints: topology.kubernetes.io/zone:ScheduleAnyway when max skew 1 is exceeded for selector app=checkout\n")
    steps = [
        ("pod won't start:\n```\n" + desc("Pending", "Events:\n" + events + "  12s  Warning  FailedScheduling  pod/checkout  0/6 nodes are available: 6 Insufficient memory.\n") + "```",
         "The scheduler can't fit the 256Mi request: all 6 nodes are full. Check `kubectl top nodes`; scale the node group or lower other requests."),
        ("scaled to 8 nodes. now:\n```\n" + desc("Waiting: ImagePullBackOff", "Events:\n" + events + "  30s  Warning  Failed  pod/checkout  Failed to pull image \"...checkout:2.14.0\": not found\n") + "```",
         "Tag 2.14.0 doesn't exist in ECR. `aws ecr list-images --repository-name checkout` - the CI probably pushed 2.14.0-rc1."),
        ("yep it was v2.14.0 with a v. fixed:\n```\n" + desc("Running (restarts: 4)", "Last State: Terminated\n      Reason: OOMKilled\n      Exit Code: 137\nEvents:\n" + events + pad) + "```\nand the previous container's log (kubectl logs --previous):\n```\n" + gc_log() + "```",
         "It's now OOMKilled at the 512Mi limit (exit 137). JVM? Set `-XX:MaxRAMPercentage=75` and raise the limit to 768Mi, or find the leak."),
        ("raised to 768Mi and set MaxRAMPercentage. now liveness fails:\n```\n" + desc("Running (restarts: 2)", "Events:\n" + events + pad + "  5s  Warning  Unhealthy  pod/checkout  Liveness probe failed: Get \"http://10.0.7.12:8080/healthz\": context deadline exceeded\n") + "```",
         "Startup takes longer than 10s + 3x10s now. Add a startupProbe (failureThreshold 30, period 5) so liveness waits for boot, and raise the liveness timeout to 3s."),
        ("added startupProbe:\n```\n" + desc("Running (restarts: 0)", "Ready: True\nEvents:\n" + events + pad + "  2m  Normal  Started  pod/checkout  Started container checkout\n") + "```\nlooks good?",
         "Ready, 0 restarts, startup probe passed. Yes - you're done. Consider a PodDisruptionBudget before the next node scale-down."),
        ("and the PDB, minAvailable 1 with 2 replicas ok?", "Yes: minAvailable: 1 with 2 replicas lets one pod be evicted at a time."),
        ("cool. how do I check the 95th pct memory over last week?", "In Prometheus: `quantile_over_time(0.95, container_memory_working_set_bytes{pod=~\"checkout-.*\"}[7d])`."),
        ("thanks, 540Mi p95. leaving limit at 768.", "Good margin. Done."),
    ]
    t = clock(0, [0, 900, 700, 820, 640, 300, 260, 180])
    for k, (u, a) in enumerate(steps):
        c.turn(t[k], u, a)
    session("log_paste_debug", "healthy", c,
            "kubectl describe output pasted again and again with the same long pod spec (env, mounts, volumes, tolerations); "
            "the actual problem changes each time and is fixed.")


# ==============================================================================================
# Style: rest_integration
# ==============================================================================================
HTTP_TOOLS = [("http_request", "Perform an HTTP request; returns status, headers and body.",
               {"method": "string", "url": "string", "body": "string"})]


def http(status, body, headers=None):
    h = {"content-type": "application/json", "date": "Sun, 06 Dec 2026 10:00:00 GMT"}
    h.update(headers or {})
    return {"status": status, "headers": h, "body": body}


def rest_runaway_a():
    c = Conv("You sync CRM contacts to the billing system through its REST API. Credentials are in the environment.", HTTP_TOOLS, 800)
    err = http(401, {"error": {"type": "authentication_error", "code": "invalid_api_key",
                               "message": "Invalid API key provided: sk_live_****************4f2c. This key was revoked on 2026-12-01."}},
               {"www-authenticate": "Bearer realm=\"billing\", error=\"invalid_token\"", "x-request-id": "req_8Hq2"})
    say = ["Got a 401; the key might have been a transient issue. Retrying.",
           "Still 401 invalid_api_key. Retrying the request.",
           "401 again. Trying once more.",
           "The API keeps returning 401. Retrying."]
    t = clock(0, [0, 3, 2, 3, 2, 2, 3, 2, 3, 2, 2, 3, 2, 3, 2, 2])
    call = c.call("http_request", method="GET", url="https://api.billing.example/v1/customers?limit=100", body="")
    c.turn(t[0], "Sync the 340 new CRM contacts from today's export into billing as customers. Start by listing existing billing customers so we don't create duplicates.",
           ("Listing existing customers first.", [call]))
    for k in range(15):
        nxt = c.call("http_request", method="GET", url="https://api.billing.example/v1/customers?limit=100", body="")
        c.turn(t[k + 1], [r(call, err, True)], (say[min(k, 3)], [nxt]))
        call = nxt
    session("rest_integration", "runaway", c,
            "A revoked API key: the agent retries the identical GET every 2-3 s and gets the identical 401 'revoked' forever.", b=3, d=8)


def rest_healthy_a():
    c = Conv("You are an accounts-receivable agent. Use the billing REST API.", HTTP_TOOLS, 900)
    t = clock(0, [0, 2, 2, 3, 2, 2, 31, 2, 3, 2, 2, 3, 4, 10])
    cursors = ["", "cur_0xA18F", "cur_0xB2C4", "cur_0xC9D0", "cur_0xD011", "cur_0xE7A2"]
    custs = [["Acme Hardware", "Blue Fin Sushi", "Corvid Labs"], ["Delta Dental Group", "Evergreen Florist", "Fjord Freight"],
             ["Gable & Sons", "Harbor Yoga", "Ibex Climbing"], ["Juniper Bakery", "Kestrel Drones", "Lumen Optics"],
             ["Mariner Pub", "Nimbus Cloud Ltd", "Orchid Nails"], ["Pioneer Plumbing"]]
    call = c.call("http_request", method="GET", url="https://api.billing.example/v1/invoices?status=overdue&limit=3", body="")
    c.turn(t[0], "List every overdue invoice (all pages) and give me the total overdue per currency.", ("Fetching the first page.", [call]))
    ti = 1
    totals = {}
    for p in range(6):
        data = []
        for j, name in enumerate(custs[p]):
            amt = 12000 + p * 3517 + j * 911
            cur = ["EUR", "USD", "GBP"][(p + j) % 3]
            totals[cur] = totals.get(cur, 0) + amt
            data.append({"id": "in_%d%03d" % (p, j * 37 + 11), "customer": name, "amount_due": amt, "currency": cur.lower(),
                         "due_date": "2026-%02d-%02d" % (9 + (p + j) % 3, 1 + (p * 5 + j * 3) % 28)})
        nextc = cursors[p + 1] if p < 5 else None
        res = http(200, {"object": "list", "data": data, "has_more": nextc is not None, "next_cursor": nextc},
                   {"x-ratelimit-remaining": str(10 - p)})
        if p == 2:
            limited = http(429, {"error": {"code": "rate_limited", "message": "Too many requests"}}, {"retry-after": "30"})
            retry = c.call("http_request", method="GET", url=f"https://api.billing.example/v1/invoices?status=overdue&limit=3&starting_after={cursors[p]}", body="")
            c.turn(t[ti], [r(call, limited, True)], ("Rate limited; Retry-After is 30 s. Waiting, then retrying the same page.", [retry])); ti += 1
            call = retry
        if nextc:
            nxt = c.call("http_request", method="GET", url=f"https://api.billing.example/v1/invoices?status=overdue&limit=3&starting_after={nextc}", body="")
            c.turn(t[ti], [r(call, res)], (f"Page {p + 1}: {', '.join(custs[p])}. Next cursor {nextc}.", [nxt])); ti += 1
            call = nxt
        else:
            summary = "; ".join(f"{k} {v / 100:,.2f}" for k, v in sorted(totals.items()))
            c.turn(t[ti], [r(call, res)], f"All 6 pages read, 16 overdue invoices. Total overdue: {summary}."); ti += 1
    c.turn(t[ti], "Which customer owes the most?", "Pioneer Plumbing's invoice is the largest single one; by customer, the figures above list each invoice once, so it's also the largest debtor.")
    session("rest_integration", "healthy", c, "Cursor pagination through six pages of the same endpoint, one 429 with Retry-After honoured, then a total.")


def rest_runaway_b():
    c = Conv("You are a support automation agent with access to the Helpdesk REST API.", HTTP_TOOLS, 800)
    urls = ["https://helpdesk.example/api/v2/tickets/884213",
            "https://helpdesk.example/api/v2/tickets/884213.json",
            "https://helpdesk.example/api/v2/search?query=id:884213"]
    bodies = [http(404, {"error": "RecordNotFound", "description": "Not found"}),
              http(404, {"error": "RecordNotFound", "description": "Not found"}),
              http(200, {"results": [], "count": 0, "next_page": None})]
    says = ["404 - maybe the endpoint wants the .json suffix.", "Still not found. Let me search for it instead.",
            "Search returns nothing. Retrying the direct ticket URL."]
    t = clock(0, [0, 4, 5, 4, 6, 4, 5, 4, 6, 5, 4, 5, 6, 4, 5, 4, 5, 6, 4])
    call = c.call("http_request", method="GET", url=urls[0], body="")
    c.turn(t[0], "Customer says ticket #884213 was closed without an answer. Reopen it and add an internal note 'escalated to tier 2'.",
           ("Fetching the ticket.", [call]))
    for k in range(18):
        nxt = c.call("http_request", method="GET", url=urls[(k + 1) % 3], body="")
        c.turn(t[k + 1], [r(call, bodies[k % 3], k % 3 != 2)], (says[k % 3], [nxt]))
        call = nxt
    session("rest_integration", "runaway", c,
            "The ticket does not exist (it was deleted/merged); the agent cycles through three lookups (id, id.json, search) with a "
            "period of 3, all empty. Request 5 starts the second lap.", b=5, d=11)


def rest_healthy_b():
    c = Conv("You import product data into the storefront through its REST API.", HTTP_TOOLS, 900)
    t = clock(0, [0, 3, 1, 2, 4, 8, 3, 2, 3, 3, 2, 5])
    prods = [("SKU-1001", "Linen shirt, sand", 4900), ("SKU-1002", "Linen shirt, navy", 4900), ("SKU-1003", "Canvas tote", 2500),
             ("SKU-1004", "Wool beanie", 1900)]
    ti = 0
    call = c.call("http_request", method="POST", url="https://shop.example/admin/api/2026-10/products.json",
                  body=json.dumps({"product": {"sku": prods[0][0], "title": prods[0][1], "price": "49.00"}}))
    c.turn(t[ti], "Create these 4 products: " + "; ".join(f"{a} {b} {p / 100:.2f} EUR" for a, b, p in prods), ("Creating the first.", [call])); ti += 1
    # 503 twice with backoff then OK
    for delay in (1, 2):
        nxt = c.call("http_request", method="POST", url="https://shop.example/admin/api/2026-10/products.json",
                     body=json.dumps({"product": {"sku": prods[0][0], "title": prods[0][1], "price": "49.00"}}))
        c.turn(t[ti], [r(call, http(503, "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>", {"content-type": "text/html"}), True)],
               (f"503 from the storefront; backing off {delay * 2} s and retrying.", [nxt])); ti += 1
        call = nxt
    for k, (sku, title, price) in enumerate(prods):
        if k == 2:
            bad = c.call("http_request", method="POST", url="https://shop.example/admin/api/2026-10/products.json",
                         body=json.dumps({"product": {"sku": sku, "title": title, "price": price}}))
            c.turn(t[ti], [r(call, http(201, {"product": {"id": 7001 + k - 1, "sku": prods[k - 1][0]}}))], (f"Created. Next {sku}.", [bad])); ti += 1
            fixed = c.call("http_request", method="POST", url="https://shop.example/admin/api/2026-10/products.json",
                           body=json.dumps({"product": {"sku": sku, "title": title, "price": "%.2f" % (price / 100)}}))
            c.turn(t[ti], [r(bad, http(422, {"errors": {"price": ["must be a decimal string, e.g. \"25.00\""]}}), True)],
                   ("422: price must be a decimal string. Sending \"25.00\".", [fixed])); ti += 1
            call = fixed
            continue
        if k == 0:
            continue
        nxt = c.call("http_request", method="POST", url="https://shop.example/admin/api/2026-10/products.json",
                     body=json.dumps({"product": {"sku": sku, "title": title, "price": "%.2f" % (price / 100)}}))
        c.turn(t[ti], [r(call, http(201, {"product": {"id": 7000 + k, "sku": prods[k - 1][0]}}))], (f"Created. Next {sku}.", [nxt])); ti += 1
        call = nxt
    ver = c.call("http_request", method="GET", url="https://shop.example/admin/api/2026-10/products.json?sku=SKU-1001,SKU-1002,SKU-1003,SKU-1004", body="")
    c.turn(t[ti], [r(call, http(201, {"product": {"id": 7004, "sku": "SKU-1004"}}))], ("All created. Verifying.", [ver])); ti += 1
    c.turn(t[ti], [r(ver, http(200, {"products": [{"id": 7000 + i + 1, "sku": p[0], "title": p[1], "price": "%.2f" % (p[2] / 100)} for i, p in enumerate(prods)]}))],
           "All 4 products exist with the right prices (ids 7001-7004)."); ti += 1
    c.turn(t[ti], "Thanks. Set the tote to draft for now.", ("Updating.", [c.call("http_request", method="PUT", url="https://shop.example/admin/api/2026-10/products/7003.json", body=json.dumps({"product": {"status": "draft"}}))])); ti += 1
    c.turn(t[ti], [r(c.turns[-1][2][1][0], http(200, {"product": {"id": 7003, "status": "draft"}}))], "The canvas tote (7003) is now a draft.")
    session("rest_integration", "healthy", c, "Two 503s retried with backoff then success, a 422 fixed by correcting the payload, four creates, a verify.")


# ==============================================================================================
# Style: spreadsheet_ops
# ==============================================================================================
SHEET_TOOLS = [
    ("read_range", "Read values (and formulas) of an A1 range.", {"sheet": "string", "range": "string"}),
    ("write_cells", "Write values or formulas into an A1 range (row-major JSON array).", {"sheet": "string", "range": "string", "values": "string"}),
    ("recalc", "Recalculate the workbook and return cells with errors.", {"sheet": "string"}),
]


def sheet_runaway_a():
    c = Conv("You maintain the finance team's Google-Sheets-like workbook via tools.", SHEET_TOOLS, 900)
    formulas = [
        "=SUMIFS(Ledger!D:D, Ledger!A:A, $A2, Ledger!B:B, B$1)",
        "=SUMIFS(Ledger!$D$2:$D$5000, Ledger!$A$2:$A$5000, $A2, Ledger!$B$2:$B$5000, B$1)",
        "=SUMPRODUCT((Ledger!A2:A5000=$A2)*(Ledger!B2:B5000=B$1)*Ledger!D2:D5000)",
        "=IFERROR(SUMIFS(Ledger!D:D, Ledger!A:A, $A2, Ledger!B:B, B$1), 0)",
    ]
    errs = {"errors": [{"cell": "Summary!B2", "error": "#REF!", "detail": "Unresolved sheet name 'Ledger'"},
                       {"cell": "Summary!B3", "error": "#REF!", "detail": "Unresolved sheet name 'Ledger'"},
                       {"cell": "Summary!C2", "error": "#REF!", "detail": "Unresolved sheet name 'Ledger'"}], "error_count": 48}
    t = clock(0, [0, 5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 7, 4, 6, 5, 4, 6, 5, 4, 6])
    rd = c.call("read_range", sheet="Summary", range="A1:M13")
    c.turn(t[0], "Fill Summary!B2:M13 with monthly totals per cost centre from the ledger (ledger tab was renamed to 'Ledger 2026' last week).",
           ("Reading the summary layout.", [rd]))
    layout = {"values": [["Cost centre", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]] +
              [[cc] + [""] * 12 for cc in ["CC-100 Sales", "CC-110 Marketing", "CC-200 Engineering", "CC-210 Platform", "CC-300 Support",
                                            "CC-400 Finance", "CC-410 Legal", "CC-500 People", "CC-600 Facilities", "CC-700 Exec",
                                            "CC-800 Data", "CC-900 Other"]]}
    w = c.call("write_cells", sheet="Summary", range="B2:M13", values=json.dumps([[formulas[0]] * 12] * 12))
    c.turn(t[1], [r(rd, layout)], ("Writing a SUMIFS formula across the grid.", [w]))
    ti = 2
    k = 0
    while ti < 20:
        rc = c.call("recalc", sheet="Summary")
        c.turn(t[ti], [r(w, {"ok": True, "cells_written": 144})], ("Recalculating.", [rc])); ti += 1
        if ti >= 20:
            break
        k += 1
        w = c.call("write_cells", sheet="Summary", range="B2:M13", values=json.dumps([[formulas[k % 4]] * 12] * 12))
        c.turn(t[ti], [r(rc, errs)], ("#REF! errors. Trying a different formulation: " + formulas[k % 4], [w])); ti += 1
    session("spreadsheet_ops", "runaway", c,
            "Write formula / recalc #REF! / write another formula / recalc #REF!: four formulations in rotation, all pointing at "
            "'Ledger' while the tab is 'Ledger 2026' (which the user said). Request 6 has the second identical #REF! report.", b=6, d=12)


def sheet_healthy_a():
    c = Conv("You keep the monthly sales workbook up to date. Work one month at a time.", SHEET_TOOLS, 900)
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun"]
    t = clock(0, [0, 4, 5, 4, 6, 5, 4, 5, 6, 4, 5, 4, 6, 5, 4, 5, 6, 4, 9])
    ti = 0
    rd = c.call("read_range", sheet="Raw-Jan", range="A1:E40")
    c.turn(t[ti], "For each month Jan-Jun: read Raw-<Mon>!A1:E40, write the region totals into Totals!B<row>:E<row> (row 2 = Jan ...). Same procedure each month.",
           ("Starting with January.", [rd])); ti += 1
    for m, mon in enumerate(months):
        rows = [["Date", "Region", "Rep", "Units", "Revenue"]] + [
            ["2026-%02d-%02d" % (m + 1, 1 + (i * 3) % 28), ["North", "South", "East", "West"][(i + m) % 4],
             ["Ana", "Ben", "Caro", "Dev", "Eli"][(i * 2 + m) % 5], 3 + (i * 7 + m * 5) % 40, (3 + (i * 7 + m * 5) % 40) * (1450 + m * 20)]
            for i in range(39)]
        tot = {}
        for row in rows[1:]:
            tot[row[1]] = tot.get(row[1], 0) + row[4]
        vals = [[tot["North"], tot["South"], tot["East"], tot["West"]]]
        w = c.call("write_cells", sheet="Totals", range=f"B{m + 2}:E{m + 2}", values=json.dumps(vals))
        c.turn(t[ti], [r(rd, {"values": rows})], (f"{mon}: North {vals[0][0]}, South {vals[0][1]}, East {vals[0][2]}, West {vals[0][3]}. Writing row {m + 2}.", [w])); ti += 1
        if m < 5:
            rd = c.call("read_range", sheet=f"Raw-{months[m + 1]}", range="A1:E40")
            c.turn(t[ti], [r(w, {"ok": True, "cells_written": 4})], (f"Next: {months[m + 1]}.", [rd])); ti += 1
    rc = c.call("recalc", sheet="Totals")
    c.turn(t[ti], [r(w, {"ok": True, "cells_written": 4})], ("All six months written; recalculating.", [rc])); ti += 1
    c.turn(t[ti], [r(rc, {"errors": [], "error_count": 0})], "Totals!B2:E7 filled for Jan-Jun, recalculation clean.")
    session("spreadsheet_ops", "healthy", c, "The same read/write instruction month after month, each with a new 40-row table and new totals.")


def sheet_runaway_b():
    c = Conv("You are a spreadsheet assistant.", SHEET_TOOLS, 700)
    t = clock(0, [0, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3])
    w = c.call("write_cells", sheet="Pricing", range="C5", values="[[\"=B5*1.2\"]]")
    c.turn(t[0], "Set Pricing!C5 to =B5*1.2 so the retail price updates from cost.", ("Writing the formula.", [w]))
    ti = 1
    while ti < 17:
        rd = c.call("read_range", sheet="Pricing", range="C5")
        c.turn(t[ti], [r(w, {"ok": True, "cells_written": 1, "warning": "Range Pricing!A1:F200 is protected; edits by this account are saved as suggestions."})],
               ("Written. Reading back to confirm.", [rd])); ti += 1
        if ti >= 17:
            break
        w = c.call("write_cells", sheet="Pricing", range="C5", values="[[\"=B5*1.2\"]]")
        c.turn(t[ti], [r(rd, {"values": [[54.0]], "formulas": [["54"]]})], ("C5 still shows the old constant 54. Writing the formula again.", [w])); ti += 1
    session("spreadsheet_ops", "runaway", c,
            "Exact period-2 loop: write (saved only as a suggestion on a protected range) / read back the old value / write again. "
            "Request 4 repeats the write result.", b=4, d=9)


def sheet_healthy_b():
    c = Conv("You are a spreadsheet assistant helping build a loan amortisation table.", SHEET_TOOLS, 900)
    attempts = [
        ("=PMT(B1/12, B2, B3)", {"errors": [{"cell": "Loan!B5", "error": "#VALUE!", "detail": "B1 contains text '4.5%' "}], "error_count": 1},
         "#VALUE!: B1 holds the text '4.5%'. Converting it to a number."),
        ("=PMT(VALUE(SUBSTITUTE(B1,\"%\",\"\"))/100/12, B2, B3)", {"errors": [{"cell": "Loan!B5", "error": "#NUM!", "detail": "nper is 0"}], "error_count": 1},
         "Different error now: #NUM! because B2 (term) is empty - it should be months. Asking which term."),
    ]
    t = clock(0, [0, 5, 4, 30, 6, 4, 45, 5, 4, 6, 5, 20])
    rd = c.call("read_range", sheet="Loan", range="A1:B5")
    c.turn(t[0], "In Loan!B5 compute the monthly payment from rate B1, term B2, principal B3.", ("Reading inputs.", [rd]))
    w = c.call("write_cells", sheet="Loan", range="B5", values=json.dumps([[attempts[0][0]]]))
    c.turn(t[1], [r(rd, {"values": [["Rate", "4.5%"], ["Term (months)", ""], ["Principal", 250000], ["", ""], ["Payment", ""]]})],
           ("Writing PMT.", [w]))
    rc = c.call("recalc", sheet="Loan")
    c.turn(t[2], [r(w, {"ok": True})], ("Recalculating.", [rc]))
    w = c.call("write_cells", sheet="Loan", range="B5", values=json.dumps([[attempts[1][0]]]))
    c.turn(t[3], [r(rc, attempts[0][1])], (attempts[0][2], [w]))
    rc = c.call("recalc", sheet="Loan")
    c.turn(t[4], [r(w, {"ok": True})], ("Recalculating.", [rc]))
    c.turn(t[5], [r(rc, attempts[1][1])], attempts[1][2] + " What is the loan term?")
    w = c.call("write_cells", sheet="Loan", range="B1:B2", values="[[0.045],[360]]")
    c.turn(t[6], "30 years. And just make B1 a real percentage.", ("Setting B1 = 0.045 and B2 = 360.", [w]))
    w2 = c.call("write_cells", sheet="Loan", range="B5", values="[[\"=-PMT(B1/12, B2, B3)\"]]")
    c.turn(t[7], [r(w, {"ok": True})], ("Simplifying the formula now that B1 is numeric.", [w2]))
    rc = c.call("recalc", sheet="Loan")
    c.turn(t[8], [r(w2, {"ok": True})], ("Recalculating.", [rc]))
    rd = c.call("read_range", sheet="Loan", range="B5")
    c.turn(t[9], [r(rc, {"errors": [], "error_count": 0})], ("No errors. Reading the result.", [rd]))
    c.turn(t[10], [r(rd, {"values": [[1266.71]], "formulas": [["=-PMT(B1/12, B2, B3)"]]})],
           "B5 = 1,266.71 per month (4.5 %, 360 months, 250,000).")
    c.turn(t[11], "matches the bank's quote, thanks", "Great - the formula will follow any change to B1:B3.")
    session("spreadsheet_ops", "healthy", c, "A formula that fails with #VALUE!, then #NUM! (different errors), then works after fixing the inputs.")


# ==============================================================================================
# Style: ci_watcher
# ==============================================================================================
CI_TOOLS = [
    ("trigger_pipeline", "Start a CI pipeline on a branch.", {"project": "string", "ref": "string"}),
    ("get_pipeline", "Get a pipeline's status and jobs.", {"project": "string", "pipeline_id": "integer"}),
    ("get_job_log", "Get the tail of a job's log.", {"project": "string", "job_id": "integer"}),
    ("push_commit", "Commit a patch to a branch and push it.", {"project": "string", "ref": "string", "message": "string", "patch": "string"}),
]


def ci_runaway_a():
    c = Conv("You watch CI for the release manager and report when the pipeline finishes.", CI_TOOLS, 600)
    t = clock(0, [0, 3, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30])
    tr = c.call("trigger_pipeline", project="mobile/ios-app", ref="release/5.12")
    c.turn(t[0], "Kick off the release/5.12 pipeline for mobile/ios-app and tell me when it's green.", ("Triggering.", [tr]))
    stuck = {"id": 99120, "status": "pending", "ref": "release/5.12", "created_at": "2026-12-06T09:00:03Z", "started_at": None,
             "jobs": [{"id": 4410001 + i, "name": n, "stage": s, "status": "pending",
                       "runner_tags": ["macos", "xcode-16"]} for i, (n, s) in enumerate([("build", "build"), ("unit", "test"), ("ui-tests", "test"), ("archive", "release")])],
             "detailed_status": {"text": "pending", "tooltip": "This job is stuck because you don't have any active runners online with any of these tags assigned to them: macos, xcode-16"}}
    g = c.call("get_pipeline", project="mobile/ios-app", pipeline_id=99120)
    c.turn(t[1], [r(tr, {"id": 99120, "status": "created", "web_url": "https://git.example/mobile/ios-app/-/pipelines/99120"})],
           ("Pipeline 99120 created; polling.", [g]))
    for k in range(20):
        nxt = c.call("get_pipeline", project="mobile/ios-app", pipeline_id=99120)
        c.turn(t[k + 2], [r(g, stuck)], ("Still pending. Checking again in 30 s.", [nxt]))
        g = nxt
    session("ci_watcher", "runaway", c,
            "Polling a pipeline that can never start (no runner with the macos tag; the tooltip says so) every 30 s with an unchanged "
            "answer. Polls are cheap, so the stop deadline is generous.", b=4, d=12)


def ci_healthy_a():
    c = Conv("You watch CI for the team and report the result.", CI_TOOLS, 600)
    t = clock(0, [0, 3, 45, 60, 60, 60, 60, 60, 60, 60, 60, 60, 30])
    tr = c.call("trigger_pipeline", project="platform/api", ref="main")
    c.turn(t[0], "Run the main pipeline for platform/api and ping me with the result.", ("Triggering.", [tr]))
    g = c.call("get_pipeline", project="platform/api", pipeline_id=51877)
    c.turn(t[1], [r(tr, {"id": 51877, "status": "created"})], ("Pipeline 51877; polling.", [g]))
    jobs = ["lint", "typecheck", "unit", "integration", "build-image", "scan", "deploy-staging", "smoke"]
    for k in range(10):
        done = min(8, k)
        state = "running" if done < 8 else "success"
        st = {"id": 51877, "status": state, "duration": 45 + k * 60,
              "jobs": [{"name": j, "status": "success" if i < done else ("running" if i == done else "created"),
                        "duration": (40 + i * 17) if i < done else None} for i, j in enumerate(jobs)]}
        if state == "success":
            c.turn(t[k + 2], [r(g, st)], "Pipeline 51877 passed: all 8 jobs green in about 9 minutes, staging deployed and smoke tests OK.")
            break
        nxt = c.call("get_pipeline", project="platform/api", pipeline_id=51877)
        c.turn(t[k + 2], [r(g, st)], (f"{done}/8 jobs done, {jobs[done]} running.", [nxt]))
        g = nxt
    c.turn(t[12], "nice, thanks. From now on, whenever the scheduler pings you with a new main pipeline, check it and post a one-line status.",
           "Will do: one line per pipeline with result, duration, tests and coverage.")
    at = t[12]
    for h in range(7):
        at += 3600 + (h * 137) % 400
        pid = 51881 + h * 3 + (h % 2)
        g = c.call("get_pipeline", project="platform/api", pipeline_id=pid)
        c.turn(at, "[scheduler] %02d:00 UTC - new pipeline on main: #%d (commit %07x by %s)" % (11 + h, pid, 0x3c9e1f0 + h * 40961,
                                                                                         ["amira", "jonas", "li.wei", "amira", "tbrown", "jonas", "sasha"][h]),
               ("Checking #%d." % pid, [g]))
        at += 20 + h
        dur = 531 + (h * 47) % 120
        tests = 1204 + h * 3 - (h == 4) * 2
        cov = 81.4 + ((h * 3) % 7) / 10
        st = {"id": pid, "status": "success", "duration": dur, "sha": "%07x" % (0x3c9e1f0 + h * 40961),
              "jobs": [{"name": j, "status": "success", "duration": 40 + (i * 17 + h * 5) % 90} for i, j in enumerate(jobs)],
              "test_report": {"total": tests, "failed": 0, "skipped": 6 + h % 3}, "coverage": "%.1f" % cov}
        c.turn(at, [r(g, st)], "#%d green: 8/8 jobs in %dm%02ds, %d tests passed (%d skipped), coverage %.1f%%." % (pid, dur // 60, dur % 60, tests, 6 + h % 3, cov))
    session("ci_watcher", "healthy", c, "Polling every minute while the job count moves 0/8 -> 8/8, then success; then an hourly "
            "'all green' report on each new main pipeline, with changing ids, commits, durations, test counts and coverage.")


def ci_runaway_b():
    c = Conv("You are a CI fixer bot. When a pipeline fails, read the log, push a fix, and re-run.", CI_TOOLS, 1200)
    pkgs = [("numpy", "2.1.3", "16.3 MB"), ("pandas", "2.2.3", "12.7 MB"), ("pyarrow", "18.1.0", "40.1 MB"), ("scipy", "1.14.1", "41.2 MB"),
            ("scikit-learn", "1.5.2", "13.3 MB"), ("matplotlib", "3.9.2", "8.3 MB"), ("psycopg-binary", "3.2.3", "4.4 MB"), ("sqlalchemy", "2.0.36", "3.2 MB"),
            ("alembic", "1.14.0", "233 kB"), ("fastapi", "0.115.5", "94 kB"), ("uvicorn", "0.32.1", "63 kB"), ("pydantic", "2.10.3", "456 kB"),
            ("pydantic-core", "2.27.1", "2.0 MB"), ("starlette", "0.41.3", "73 kB"), ("python-dateutil", "2.9.0.post0", "229 kB"), ("pytz", "2024.2", "508 kB"),
            ("tzdata", "2024.2", "346 kB"), ("joblib", "1.4.2", "301 kB"), ("threadpoolctl", "3.5.0", "18 kB"), ("contourpy", "1.3.1", "323 kB"),
            ("cycler", "0.12.1", "8.3 kB"), ("fonttools", "4.55.2", "4.9 MB"), ("kiwisolver", "1.4.7", "1.6 MB"), ("packaging", "24.2", "65 kB"),
            ("pillow", "11.0.0", "4.4 MB"), ("pyparsing", "3.2.0", "106 kB"), ("greenlet", "3.1.1", "602 kB"), ("Mako", "1.3.8", "78 kB"),
            ("MarkupSafe", "3.0.2", "23 kB"), ("anyio", "4.7.0", "93 kB"), ("idna", "3.10", "70 kB"), ("sniffio", "1.3.1", "10 kB"),
            ("click", "8.1.7", "97 kB"), ("h11", "0.14.0", "58 kB"), ("typing-extensions", "4.12.2", "37 kB"), ("legacy-forecast", "0.9.2", "41 kB")]
    base = ("Running with gitlab-runner 17.5.2 (c6eae8d1) on docker-runner-3 t3_Zk9q\nPreparing the \"docker\" executor\nUsing docker image python:3.12-slim ...\n"
            "Getting source from Git repository\nFetching changes with git depth set to 20...\nChecking out 4be1c0de as detached HEAD (ref is main)...\n"
            "$ pip install -r requirements.txt\n" +
            "".join("Collecting %s==%s (from -r requirements.txt (line %d))\n  Downloading %s-%s-cp312-cp312-manylinux_2_17_x86_64.whl.metadata (%d kB)\n"
                    % (n, v, i + 1, n.replace("-", "_"), v, 3 + (i * 7) % 40) for i, (n, v, _) in enumerate(pkgs)) +
            "".join("  Downloading %s-%s-cp312-cp312-manylinux_2_17_x86_64.whl (%s)\n     ---------------------------------------- %s 38.1 MB/s eta 0:00:00\n"
                    % (n.replace("-", "_"), v, sz, sz) for n, v, sz in pkgs) +
            "INFO: pip is looking at multiple versions of legacy-forecast to determine which version is compatible with other requirements. This could take a while.\n")
    fail = ("ERROR: Cannot install -r requirements.txt (line 4) and numpy==2.1.3 because these package versions have conflicting dependencies.\n\n"
            "The conflict is caused by:\n    The user requested numpy==2.1.3\n    legacy-forecast 0.9.2 depends on numpy<2.0\n\n"
            "To fix this you could try to:\n1. loosen the range of package versions you've specified\n2. remove package versions to allow pip to attempt to solve the dependency conflict\n\n"
            "ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/dependency-resolution/#dealing-with-dependency-conflicts\n"
            "Cleaning up project directory and file based variables\nERROR: Job failed: exit code 1")
    patches = ["-numpy==2.1.3\n+numpy>=2.0,<2.2", "-pandas==2.2.3\n+pandas==2.2.2", "-pip install -r requirements.txt\n+pip install --upgrade pip && pip install -r requirements.txt",
               "-numpy>=2.0,<2.2\n+numpy==2.1.3", "-pyarrow==18.1.0\n+pyarrow==17.0.0"]
    t = clock(0, [0, 5, 240, 4, 8, 5, 250, 4, 9, 5, 245, 4, 8, 5, 255, 4, 8, 5, 240, 4, 9, 5, 250, 4])
    g = c.call("get_pipeline", project="data/forecast", pipeline_id=7700)
    c.turn(t[0], "Pipeline 7700 on data/forecast main failed. Get it green.", ("Looking at the pipeline.", [g]))
    ti = 1
    pid = 7700
    k = 0
    log_lines = base
    while ti < 24:
        lg = c.call("get_job_log", project="data/forecast", job_id=880000 + pid)
        c.turn(t[ti], [r(g, {"id": pid, "status": "failed", "jobs": [{"id": 880000 + pid, "name": "install-deps", "status": "failed"}]})],
               ("install-deps failed; reading its log.", [lg])); ti += 1
        if ti >= 24:
            break
        log_lines = base.replace("4be1c0de", "%07x" % (0x4be1c0d + k * 977))
        p = c.call("push_commit", project="data/forecast", ref="main", message="ci: fix dependency resolution (attempt %d)" % (k + 1), patch=patches[k % 5])
        c.turn(t[ti], [r(lg, log_lines + fail)], ("pip cannot resolve numpy. Pushing: " + patches[k % 5].replace("\n", " -> "), [p])); ti += 1
        if ti >= 24:
            break
        pid += 1
        g = c.call("get_pipeline", project="data/forecast", pipeline_id=pid)
        c.turn(t[ti], [r(p, {"ok": True, "sha": "%07x" % (0xa1b2c3 + k * 4099), "pipeline_id": pid})], (f"Pushed; pipeline {pid} started. Waiting.", [g])); ti += 1
        k += 1
    session("ci_watcher", "runaway", c,
            "Every fix touches a different line, every pipeline fails with the same ResolutionImpossible (legacy-forecast needs numpy<2), "
            "and each job log is the same ~10 KB install output. Request 5 shows the second failure.", b=5, d=11)


def ci_healthy_b():
    c = Conv("You are a CI fixer bot. Read failing logs, push fixes, re-run until green.", CI_TOOLS, 1200)
    fails = [
        ("test_checkout.py::test_apply_coupon FAILED\nE   AssertionError: assert Decimal('90.00') == Decimal('90.0')\n",
         "Decimal comparison with different exponents; normalise in the test.", "-assert total == Decimal('90.0')\n+assert total == Decimal('90.00')"),
        ("test_checkout.py::test_vat_rounding FAILED\nE   AssertionError: assert Decimal('21.01') == Decimal('21.00')\n",
         "New failure: VAT is rounded half-up in code, banker's rounding expected by the tax spec.", "-q = amount.quantize(CENT, ROUND_HALF_UP)\n+q = amount.quantize(CENT, ROUND_HALF_EVEN)"),
        ("test_orders.py::test_order_timezone FAILED\nE   AssertionError: '2026-12-06T23:30:00' != '2026-12-07T00:30:00+01:00'\n",
         "Different again: a naive datetime in the order serializer.", "-created.isoformat()\n+created.astimezone(ZoneInfo('Europe/Madrid')).isoformat()"),
    ]
    t = clock(0, [0, 4, 6, 5, 200, 4, 6, 5, 210, 4, 6, 5, 190, 4, 6, 205, 20])
    ti = 0
    pid = 3100
    g = c.call("get_pipeline", project="shop/backend", pipeline_id=pid)
    c.turn(t[ti], "shop/backend pipeline 3100 is red. Fix it.", ("Checking pipeline 3100.", [g])); ti += 1
    for k, (log, why, patch) in enumerate(fails):
        lg = c.call("get_job_log", project="shop/backend", job_id=60000 + pid)
        c.turn(t[ti], [r(g, {"id": pid, "status": "failed", "jobs": [{"id": 60000 + pid, "name": "pytest", "status": "failed"}]})],
               ("pytest failed; reading the log.", [lg])); ti += 1
        p = c.call("push_commit", project="shop/backend", ref="main", message="fix: " + why[:50], patch=patch)
        body = "$ pytest -q\n" + "." * (200 + k * 15) + "F\n=================================== FAILURES ===================================\n" + log + "1 failed, %d passed in 41.2s" % (212 + k * 3)
        c.turn(t[ti], [r(lg, body)], (why, [p])); ti += 1
        pid += 1
        g = c.call("get_pipeline", project="shop/backend", pipeline_id=pid)
        c.turn(t[ti], [r(p, {"ok": True, "pipeline_id": pid})], (f"Pushed; watching pipeline {pid}.", [g])); ti += 1
    c.turn(t[ti], [r(g, {"id": pid, "status": "success", "jobs": [{"name": "pytest", "status": "success"}, {"name": "build", "status": "success"}]})],
           f"Pipeline {pid} is green. Three distinct test failures fixed: Decimal exponent in a test, VAT rounding mode, naive datetime."); ti += 1
    c.turn(t[ti], "great, summarise the commits for the changelog", "- Tests: compare Decimals at cent precision\n- VAT: banker's rounding per tax spec\n- Orders: serialise timestamps in Europe/Madrid with offset")
    session("ci_watcher", "healthy", c, "Three fix/re-run rounds that look alike, but each failing test is different; then green.")


# ==============================================================================================
# Style: tutor_chat (tool-less)
# ==============================================================================================
TUTOR_SYS = "You are a patient maths and programming tutor for a first-year student. Explain step by step; do not just give answers."


def tutor_runaway_a():
    c = Conv(TUTOR_SYS, None, 700)
    expl = [
        "Use the chain rule: if y = (3x^2 + 1)^5, let u = 3x^2 + 1. Then dy/du = 5u^4 and du/dx = 6x, so dy/dx = 5(3x^2 + 1)^4 * 6x = 30x(3x^2 + 1)^4.",
        "Think of it as an outside function and an inside function. Outside: something to the 5th power, derivative 5(...)^4. Inside: 3x^2 + 1, derivative 6x. Multiply: 30x(3x^2 + 1)^4.",
        "Let me put it another way: differentiate the outer power first, 5(3x^2+1)^4, keep the inside unchanged, then multiply by the derivative of the inside, 6x. Result 30x(3x^2+1)^4.",
    ]
    t = clock(0, [0, 70, 55, 60, 50, 65, 45, 60, 50, 55, 40, 60, 50])
    c.turn(t[0], "how do I differentiate (3x^2+1)^5", expl[0])
    c.turn(t[1], "i got 5(3x^2+1)^4, why is that wrong", "You differentiated the outside but forgot to multiply by the derivative of the inside. " + expl[1])
    wrong = ["still don't get it, I got 5(3x^2+1)^4 again", "why isn't it just 5(3x^2+1)^4", "I keep getting 5(3x^2+1)^4",
             "but 5(3x^2+1)^4 is what the power rule says", "5(3x^2+1)^4??", "so the answer is 5(3x^2+1)^4 right",
             "i don't understand, 5(3x^2+1)^4", "explain again", "5(3x^2+1)^4", "still 5(3x^2+1)^4", "I give up, it's 5(3x^2+1)^4"]
    for k, w in enumerate(wrong):
        c.turn(t[k + 2], w, expl[k % 3])
    session("tutor_chat", "runaway", c,
            "The student sends the same wrong answer and the tutor cycles through three rewordings of the same chain-rule explanation, "
            "never changing approach (no worked simpler example, no question back).", b=4, d=9)


def tutor_healthy_a():
    c = Conv(TUTOR_SYS, None, 700)
    qa = [
        ("differentiate x^3 sin x", "Product rule: (x^3)' sin x + x^3 (sin x)' = 3x^2 sin x + x^3 cos x."),
        ("ok next one: differentiate e^(2x) / x", "Quotient rule: (2e^(2x) * x - e^(2x) * 1) / x^2 = e^(2x)(2x - 1)/x^2."),
        ("next: ln(x^2 + 4)", "Chain rule with ln: 1/(x^2+4) * 2x = 2x/(x^2+4)."),
        ("next: sqrt(1 - x^2)", "Write it as (1 - x^2)^(1/2). Derivative: (1/2)(1 - x^2)^(-1/2) * (-2x) = -x / sqrt(1 - x^2)."),
        ("next: tan(3x)", "d/dx tan u = sec^2 u * u'. So 3 sec^2(3x)."),
        ("next one: x^x", "Take logs: ln y = x ln x. Differentiate: y'/y = ln x + 1, so y' = x^x (ln x + 1). This one needs logarithmic differentiation because the exponent varies."),
        ("next: arcsin(2x)", "d/dx arcsin u = u'/sqrt(1 - u^2) = 2/sqrt(1 - 4x^2)."),
        ("next: cos^2(x)", "Chain: 2 cos x * (-sin x) = -2 sin x cos x = -sin(2x)."),
        ("next: (x+1)/(x-1)", "Quotient: ((x-1) - (x+1))/(x-1)^2 = -2/(x-1)^2."),
        ("last one: e^(x^2) cos x", "Product + chain: 2x e^(x^2) cos x - e^(x^2) sin x = e^(x^2)(2x cos x - sin x)."),
        ("which rule should I practise more?", "Judging by today: you were quick on product and quotient rules; practise logarithmic differentiation (x^x type) and inverse trig."),
    ]
    t = clock(0, [0, 90, 75, 80, 60, 120, 70, 65, 85, 75, 40])
    for k, (q, a) in enumerate(qa):
        c.turn(t[k], q, a)
    session("tutor_chat", "healthy", c, "Eleven 'next: differentiate ...' exercises in the same format, each a different function and answer.")


def tutor_runaway_b():
    c = Conv("You are a Python tutor. Give one worked example per request.", None, 800)
    ex = ("Here's an example of a list comprehension:\n\n```python\nsquares = [n * n for n in range(10) if n % 2 == 0]\nprint(squares)  # [0, 4, 16, 36, 64]\n```\n\n"
          "It reads as: for each n in 0..9, keep it if it's even, and put n*n in the new list.")
    t = clock(0, [0, 40, 35, 30, 38, 33, 29, 36, 31, 34, 30, 37])
    c.turn(t[0], "can you show me a list comprehension example", ex)
    asks = ["another example please, a different one", "another example", "different example please, with strings",
            "another one", "that's the same one. another example with a dict", "another example", "another", "a different example pls",
            "another example", "you keep giving squares. another example", "another example"]
    for k, a in enumerate(asks):
        c.turn(t[k + 1], a, ex)
    session("tutor_chat", "runaway", c,
            "The student asks for 'another example' and gets the identical squares example verbatim every time.", b=3, d=7)


def tutor_healthy_b():
    c = Conv("You are a Python tutor. Review the student's solution to each exercise and give the next one.", None, 1000)
    ex = [
        ("def rev(s):\n    return s[::-1]", "Correct and idiomatic. Exercise 2: write is_palindrome(s) ignoring case and spaces."),
        ("def is_palindrome(s):\n    t = s.replace(' ', '').lower()\n    return t == t[::-1]", "Correct. Edge case: punctuation ('A man, a plan...'). Use `''.join(ch for ch in s.lower() if ch.isalnum())`. Exercise 3: count vowels."),
        ("def count_vowels(s):\n    return sum(1 for ch in s.lower() if ch in 'aeiou')", "Correct. Exercise 4: return the most common word in a text."),
        ("def most_common(text):\n    words = text.split()\n    return max(words, key=words.count)", "Works but is O(n^2) because words.count scans the list each time. Try collections.Counter."),
        ("from collections import Counter\ndef most_common(text):\n    return Counter(text.lower().split()).most_common(1)[0][0]", "Good, O(n). Exercise 5: flatten a nested list of arbitrary depth."),
        ("def flatten(xs):\n    out = []\n    for x in xs:\n        if isinstance(x, list):\n            out += flatten(x)\n        else:\n            out.append(x)\n    return out", "Correct recursive solution. Bonus: a generator version with `yield from`. Exercise 6: group anagrams."),
        ("def group_anagrams(words):\n    groups = {}\n    for w in words:\n        groups.setdefault(''.join(sorted(w)), []).append(w)\n    return list(groups.values())", "Excellent - sorted letters as the key is the classic approach. Exercise 7: two-sum returning indices."),
        ("def two_sum(nums, target):\n    seen = {}\n    for i, n in enumerate(nums):\n        if target - n in seen:\n            return seen[target - n], i\n        seen[n] = i", "Perfect, O(n). You've finished the string and dict set. Next week: recursion and memoisation."),
    ]
    t = clock(0, [0, 300, 240, 280, 200, 260, 420, 310, 290])
    c.turn(t[0], "ready for exercises. first one?", "Exercise 1: write rev(s) that returns the string reversed.")
    for k, (code, fb) in enumerate(ex):
        c.turn(t[k + 1], "my solution:\n```python\n" + code + "\n```", fb)
    session("tutor_chat", "healthy", c, "Exercise / solution / feedback nine times in the same format with different code each time.")


# ==============================================================================================
# Style: schema_migration
# ==============================================================================================
SQL_TOOLS = [("run_sql", "Run SQL against the production Postgres (statement_timeout 30s, lock_timeout 5s).", {"sql": "string"}),
             ("describe_table", "Return columns, indexes and row estimate for a table.", {"table": "string"})]
LOCK_ERR = ("ERROR:  canceling statement due to lock timeout\nCONTEXT:  while executing ALTER TABLE \"public.orders\"\n"
            "SQLSTATE: 55P03")


def schema_runaway_a():
    c = Conv("You are a DBA agent applying the tenant_id migration to production tables.", SQL_TOOLS, 700)
    sql = "ALTER TABLE orders ADD COLUMN tenant_id bigint NOT NULL DEFAULT 1;"
    t = clock(0, [0, 3, 7, 6, 7, 6, 7, 6, 7, 6, 7, 6, 7, 6, 7, 6, 7, 6])
    d = c.call("describe_table", table="orders")
    c.turn(t[0], "Add tenant_id bigint NOT NULL DEFAULT 1 to orders.", ("Checking the table first.", [d]))
    q = c.call("run_sql", sql=sql)
    c.turn(t[1], [r(d, {"table": "orders", "rows_estimate": 48213377, "columns": ["id bigint", "customer_id bigint", "total_cents bigint", "status text", "created_at timestamptz"],
                        "indexes": ["orders_pkey", "orders_customer_id_idx", "orders_created_at_idx"]})],
           ("48M rows; Postgres 11+ adds a constant default without a rewrite. Running.", [q]))
    for k in range(16):
        nxt = c.call("run_sql", sql=sql)
        c.turn(t[k + 2], [r(q, LOCK_ERR, True)], (["Lock timeout; something holds a lock on orders. Retrying.", "Lock timeout again. Retrying.",
                                                     "Retrying the ALTER."][min(k, 2)], [nxt]))
        q = nxt
    session("schema_migration", "runaway", c,
            "The same ALTER retried every 6-7 s against a table held by a long-running transaction, the same 55P03 each time; "
            "the agent never looks at pg_stat_activity.", b=4, d=9)


def schema_healthy_a():
    c = Conv("You are a DBA agent. Apply the same migration to each table in the list, one at a time, and verify.", SQL_TOOLS, 700)
    tables = [("invoices", 812331), ("payments", 2210987), ("refunds", 40112), ("subscriptions", 95120), ("coupons", 3120),
              ("shipments", 1502440), ("returns", 60431)]
    t = clock(0, [0, 4, 3, 5, 3, 4, 6, 3, 4, 5, 3, 4, 6, 3, 4, 20])
    ti = 0
    d = c.call("describe_table", table=tables[0][0])
    c.turn(t[ti], "For each of invoices, payments, refunds, subscriptions, coupons, shipments, returns: ADD COLUMN tenant_id bigint NOT NULL DEFAULT 1, then create an index CONCURRENTLY on tenant_id. One table at a time.",
           ("Starting with invoices.", [d])); ti += 1
    for k, (tb, rows) in enumerate(tables):
        sql = f"ALTER TABLE {tb} ADD COLUMN tenant_id bigint NOT NULL DEFAULT 1; CREATE INDEX CONCURRENTLY {tb}_tenant_id_idx ON {tb} (tenant_id);"
        q = c.call("run_sql", sql=sql)
        c.turn(t[ti], [r(d, {"table": tb, "rows_estimate": rows, "indexes": [f"{tb}_pkey"]})], (f"{tb}: {rows:,} rows. Applying.", [q])); ti += 1
        if k + 1 < len(tables):
            d = c.call("describe_table", table=tables[k + 1][0])
            c.turn(t[ti], [r(q, "ALTER TABLE\nCREATE INDEX\nTime: %d.%03d ms" % (rows // 9000 + 12, (rows * 7) % 1000))],
                   (f"{tb} done. Next: {tables[k + 1][0]}.", [d])); ti += 1
        else:
            c.turn(t[ti], [r(q, "ALTER TABLE\nCREATE INDEX\nTime: 19.004 ms")], "All seven tables migrated and indexed."); ti += 1
    session("schema_migration", "healthy", c, "The same migration instruction applied to seven tables in turn, each succeeding.")


def schema_runaway_b():
    c = Conv("You are a migration agent. Handle lock timeouts by clearing blockers and retrying.", SQL_TOOLS, 900)
    t = clock(0, [0, 5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 6, 4, 5])
    alter = "ALTER TABLE line_items ALTER COLUMN sku TYPE varchar(64);"
    blockers = "SELECT pid, state, xact_start, query FROM pg_stat_activity WHERE pid = ANY(pg_blocking_pids(pg_backend_pid()))"
    q = c.call("run_sql", sql=alter)
    c.turn(t[0], "Widen line_items.sku to varchar(64).", ("Running the ALTER.", [q]))
    ti = 1
    rounds = 0
    while ti < 20:
        b = c.call("run_sql", sql=blockers)
        c.turn(t[ti], [r(q, LOCK_ERR.replace("orders", "line_items"), True)], (["Lock timeout. Looking for the blocker.", "Timed out on the lock again; checking what blocks us.", "Still blocked. Finding the blocking session."][rounds % 3], [b])); ti += 1
        if ti >= 20:
            break
        kill = c.call("run_sql", sql="SELECT pg_terminate_backend(%d);" % (31337 + rounds))
        c.turn(t[ti], [r(b, [{"pid": 31337 + rounds, "state": "idle in transaction", "xact_start": "2026-12-06 09:58:%02d" % (rounds * 4 % 60),
                             "query": "SELECT * FROM line_items WHERE order_id = $1 FOR UPDATE"}])],
               ("An idle-in-transaction session from the order-sync worker holds it; terminating.", [kill])); ti += 1
        if ti >= 20:
            break
        q = c.call("run_sql", sql=alter)
        c.turn(t[ti], [r(kill, [{"pg_terminate_backend": True}])], ("Terminated. Retrying the ALTER.", [q])); ti += 1
        rounds += 1
    session("schema_migration", "runaway", c,
            "A period-3 cycle: ALTER times out / find the blocker / kill it, and the order-sync worker reconnects and grabs the lock "
            "again with a new pid. Request 5 shows the second lock timeout.", b=5, d=11)


def schema_healthy_b():
    c = Conv("You are a migration agent. On lock timeout, back off and retry at most 5 times.", SQL_TOOLS, 800)
    t = clock(0, [0, 4, 10, 20, 40, 5, 5, 4, 6, 30, 5, 8])
    ti = 0
    alter = "ALTER TABLE audit_log ADD COLUMN request_id uuid;"
    q = c.call("run_sql", sql=alter)
    c.turn(t[ti], "Add request_id uuid to audit_log, then to api_keys.", ("Running on audit_log.", [q])); ti += 1
    for delay in (10, 20, 40):
        nxt = c.call("run_sql", sql=alter)
        c.turn(t[ti], [r(q, LOCK_ERR.replace("orders", "audit_log"), True)], (f"Lock timeout (nightly vacuum holds it); backing off {delay} s.", [nxt])); ti += 1
        q = nxt
    v = c.call("describe_table", table="audit_log")
    c.turn(t[ti], [r(q, "ALTER TABLE\nTime: 8.211 ms")], ("Succeeded on the 4th attempt. Verifying.", [v])); ti += 1
    q = c.call("run_sql", sql="ALTER TABLE api_keys ADD COLUMN request_id uuid;")
    c.turn(t[ti], [r(v, {"table": "audit_log", "columns": ["id bigint", "actor text", "action text", "at timestamptz", "request_id uuid"]})], ("Verified. Now api_keys.", [q])); ti += 1
    v = c.call("describe_table", table="api_keys")
    c.turn(t[ti], [r(q, "ALTER TABLE\nTime: 2.907 ms")], ("Done first try. Verifying.", [v])); ti += 1
    c.turn(t[ti], [r(v, {"table": "api_keys", "columns": ["id bigint", "owner_id bigint", "hash text", "created_at timestamptz", "request_id uuid"]})],
           "Both tables have request_id uuid. audit_log needed three backoffs (10/20/40 s) behind the vacuum."); ti += 1
    c.turn(t[ti], "backfill audit_log.request_id from the json payload where present", ("Backfilling in batches.", [c.call("run_sql", sql="UPDATE audit_log SET request_id = (payload->>'request_id')::uuid WHERE request_id IS NULL AND payload ? 'request_id' AND id BETWEEN 1 AND 500000;")])); ti += 1
    c.turn(t[ti], [r(c.turns[-1][2][1][0], "UPDATE 412877")], ("First batch 412,877 rows. Next batch.", [c.call("run_sql", sql="UPDATE audit_log SET request_id = (payload->>'request_id')::uuid WHERE request_id IS NULL AND payload ? 'request_id' AND id BETWEEN 500001 AND 1000000;")])); ti += 1
    c.turn(t[ti], [r(c.turns[-1][2][1][0], "UPDATE 98310")], "Second batch 98,310 rows; ids end at 1,000,000, so the backfill is complete.")
    session("schema_migration", "healthy", c, "Three lock timeouts retried with exponential backoff, then success; a second table; a batched backfill.")


# ==============================================================================================
# Style: calendar_scheduler
# ==============================================================================================
CAL_TOOLS = [
    ("find_slots", "Find free slots common to attendees.", {"attendees": "string", "duration_min": "integer", "window": "string"}),
    ("create_event", "Create a calendar event and send invitations.", {"title": "string", "start": "string", "attendees": "string"}),
    ("send_email", "Send an email.", {"to": "string", "subject": "string", "body": "string"}),
    ("check_inbox", "Return new emails since the last check.", {"folder": "string"}),
]


def cal_runaway_a():
    c = Conv("You are the scheduling assistant of Priya Nair (priya@northwind.example). You negotiate meeting times with other people's "
             "assistants by email.", CAL_TOOLS, 800)
    t = clock(0, [0, 5, 60, 6, 90, 5, 75, 6, 80, 5, 70, 6, 85, 5, 75, 6, 80, 5])
    mine = "Priya can do Tuesday 9 Dec 15:00-15:30 CET. Does that work for Mr Okoye?"
    theirs = ("From: scheduling@okoye-partners.example\nSubject: Re: Quarterly review\n\nHello, Mr Okoye is unavailable on Tuesday afternoon. "
              "He can offer Tuesday 9 Dec at 15:00 CET only if it is moved to Wednesday. Could Ms Nair propose another time? Best regards, "
              "Okoye Partners scheduling assistant")
    fs = c.call("find_slots", attendees="priya@northwind.example", duration_min=30, window="2026-12-08/2026-12-12")
    c.turn(t[0], "Set up a 30-minute quarterly review with Daniel Okoye next week. His assistant handles his calendar (scheduling@okoye-partners.example).",
           ("Finding Priya's free slots.", [fs]))
    se = c.call("send_email", to="scheduling@okoye-partners.example", subject="Quarterly review", body=mine)
    c.turn(t[1], [r(fs, {"slots": ["2026-12-09T15:00+01:00"], "note": "only one 30-min slot free next week"})], ("Only one free slot; proposing it.", [se]))
    ti = 2
    while ti < 18:
        ci = c.call("check_inbox", folder="INBOX")
        c.turn(t[ti], [r(se, {"ok": True, "message_id": "<%d@northwind.example>" % (9000 + ti)})], ("Sent. Waiting for their reply.", [ci])); ti += 1
        if ti >= 18:
            break
        se = c.call("send_email", to="scheduling@okoye-partners.example", subject="Re: Quarterly review", body=mine)
        c.turn(t[ti], [r(ci, {"messages": [theirs]})], ("They asked for another time. Priya's only free slot is Tuesday 15:00, so I'll propose it.", [se])); ti += 1
    session("calendar_scheduler", "runaway", c,
            "Two assistants hand the same slot back and forth: ours proposes Tue 15:00 (its only slot), theirs declines and asks for "
            "another time, ours proposes Tue 15:00 again. Request 6 shows the second identical exchange.", b=6, d=12)


def cal_healthy_a():
    c = Conv("You are an executive assistant for Lena Vogel (lena@fabrikam.example).", CAL_TOOLS, 900)
    t = clock(0, [0, 4, 6, 5, 600, 4, 5, 900, 6, 4, 5, 30])
    ppl = "lena@fabrikam.example, marco@fabrikam.example, aiko@contoso.example, raj@contoso.example"
    fs = c.call("find_slots", attendees=ppl, duration_min=60, window="2026-12-14/2026-12-18")
    c.turn(t[0], "Book a 1-hour design review with Marco, Aiko and Raj the week of the 14th. Aiko is in Tokyo, keep it in her working hours.",
           ("Looking for common slots.", [fs]))
    ev = c.call("create_event", title="Design review: checkout v3", start="2026-12-15T09:00+01:00", attendees=ppl)
    c.turn(t[1], [r(fs, {"slots": ["2026-12-15T09:00+01:00", "2026-12-16T08:30+01:00", "2026-12-17T09:00+01:00"]})],
           ("09:00 CET is 17:00 in Tokyo, inside Aiko's hours. Booking Monday 15th 09:00.", [ev]))
    ci = c.call("check_inbox", folder="INBOX")
    c.turn(t[2], [r(ev, {"ok": True, "event_id": "evt_5521"})], ("Invites sent. Checking replies.", [ci]))
    ci2 = c.call("check_inbox", folder="INBOX")
    c.turn(t[3], [r(ci, {"messages": ["Accepted: Marco Rossi"]})], ("Marco accepted. Waiting for the others.", [ci2]))
    ci3 = c.call("check_inbox", folder="INBOX")
    c.turn(t[4], [r(ci2, {"messages": ["Declined: Raj Patel - 'Board prep all Monday morning, sorry. Tue or Wed work.'", "Accepted: Aiko Tanaka"]})],
           ("Raj can't do Monday. I'll ask Lena before moving it.", [ci3]))
    c.turn(t[5], [r(ci3, {"messages": []})], "Raj declined Monday (board prep) and suggests Tuesday or Wednesday; Marco and Aiko accepted. Shall I move it to Tue 16th 08:30 CET (16:30 Tokyo)?")
    fs = c.call("find_slots", attendees=ppl, duration_min=60, window="2026-12-16T08:30+01:00/2026-12-16T09:30+01:00")
    c.turn(t[6], "yes move it", ("Rechecking the Tuesday slot.", [fs]))
    ev = c.call("create_event", title="Design review: checkout v3 (moved)", start="2026-12-16T08:30+01:00", attendees=ppl)
    c.turn(t[7], [r(fs, {"slots": ["2026-12-16T08:30+01:00"]})], ("Still free. Rescheduling.", [ev]))
    em = c.call("send_email", to=ppl, subject="Design review moved to Tue 16 Dec 08:30 CET", body="Hi all, we've moved the checkout v3 design review to Tuesday 16 Dec, 08:30-09:30 CET (16:30-17:30 JST) so Raj can join. Updated invite attached. - Lena's office")
    c.turn(t[8], [r(ev, {"ok": True, "event_id": "evt_5522", "cancelled": "evt_5521"})], ("Moved; sending a note to everyone.", [em]))
    ci = c.call("check_inbox", folder="INBOX")
    c.turn(t[9], [r(em, {"ok": True})], ("Checking replies to the new time.", [ci]))
    c.turn(t[10], [r(ci, {"messages": ["Accepted: Raj Patel", "Accepted: Aiko Tanaka", "Accepted: Marco Rossi"]})],
           "All three accepted Tuesday 16 Dec 08:30 CET.")
    c.turn(t[11], "perfect", "Done. I'll send the agenda on Monday.")
    session("calendar_scheduler", "healthy", c, "Find slots, book, one decline, reschedule, everyone accepts; inbox checked several times with new replies.")


def cal_runaway_b():
    c = Conv("You are a scheduling agent. After sending an invitation poll, wait for the answers.", CAL_TOOLS, 600)
    t = clock(0, [0, 5, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60])
    se = c.call("send_email", to="board@hartwell-trust.example", subject="Availability for January board meeting",
                body="Dear trustees, please reply with your availability for 13, 15 or 20 January (10:00-13:00).")
    c.turn(t[0], "Poll the 9 trustees for the January board meeting and book the date most can do.", ("Sending the poll.", [se]))
    ci = c.call("check_inbox", folder="INBOX")
    c.turn(t[1], [r(se, {"ok": True, "message_id": "<77@hartwell.example>", "warning": "board@hartwell-trust.example: 550 5.1.1 mailbox unavailable (bounce)"})],
           ("Poll sent. Checking for replies.", [ci]))
    for k in range(22):
        nxt = c.call("check_inbox", folder="INBOX")
        c.turn(t[k + 2], [r(ci, {"messages": [], "unread": 0})], ("No replies yet. Checking again.", [nxt]))
        ci = nxt
    session("calendar_scheduler", "runaway", c,
            "The poll bounced (the send result says so) and the agent polls an empty inbox every minute forever. Polls are cheap, so the "
            "deadline is generous.", b=4, d=12)


def cal_healthy_b():
    c = Conv("You are an HR scheduling assistant setting up onboarding 1:1s.", CAL_TOOLS, 700)
    hires = [("Sofia Marin", "sofia.marin"), ("Tobias Lind", "tobias.lind"), ("Amara Eze", "amara.eze"), ("Kenji Mori", "kenji.mori"),
             ("Laura Pinto", "laura.pinto"), ("Yusuf Demir", "yusuf.demir"), ("Grace Ohene", "grace.ohene")]
    t = clock(0, [0, 3, 4, 3, 4, 3, 5, 3, 4, 3, 4, 3, 5, 3, 4, 3, 4, 3, 5, 3, 4, 3, 20])
    ti = 0
    fs = c.call("find_slots", attendees="hr.lead@globex.example, " + hires[0][1] + "@globex.example", duration_min=30, window="2026-01-05/2026-01-09")
    c.turn(t[ti], "Book a 30-min onboarding 1:1 between our HR lead and each of the 7 January hires in their first week, and email each a short welcome. Same for everyone.",
           (f"Starting with {hires[0][0]}.", [fs])); ti += 1
    for k, (name, mail) in enumerate(hires):
        slot = "2026-01-%02dT%02d:%02d+01:00" % (5 + k % 5, 9 + (k * 2) % 7, (k * 30) % 60)
        ev = c.call("create_event", title=f"Onboarding 1:1 - {name}", start=slot, attendees=f"hr.lead@globex.example, {mail}@globex.example")
        c.turn(t[ti], [r(fs, {"slots": [slot, "2026-01-%02dT16:00+01:00" % (5 + (k + 2) % 5)]})], (f"Booking {name} at {slot[5:16]}.", [ev])); ti += 1
        em = c.call("send_email", to=f"{mail}@globex.example", subject="Welcome to Globex - your onboarding 1:1",
                    body=f"Hi {name.split()[0]}, welcome aboard! Your onboarding 1:1 with our HR lead is on {slot[:10]} at {slot[11:16]}. Bring your ID for the badge. See you soon!")
        c.turn(t[ti], [r(ev, {"ok": True, "event_id": "evt_%d" % (8000 + k)})], (f"Booked. Emailing {name.split()[0]}.", [em])); ti += 1
        if k + 1 < len(hires):
            fs = c.call("find_slots", attendees="hr.lead@globex.example, " + hires[k + 1][1] + "@globex.example", duration_min=30, window="2026-01-05/2026-01-09")
            c.turn(t[ti], [r(em, {"ok": True})], (f"Next: {hires[k + 1][0]}.", [fs])); ti += 1
        else:
            c.turn(t[ti], [r(em, {"ok": True})], "All 7 onboarding 1:1s booked (5-9 Jan) and welcome emails sent."); ti += 1
    session("calendar_scheduler", "healthy", c, "The same find-slot / book / welcome-email routine for seven new hires, each with a new name and slot.")


WRITERS = [
    web_research_runaway_a, web_research_healthy_a, web_research_runaway_b, web_research_healthy_b,
    novel_continue_runaway_a, novel_continue_healthy_a, novel_continue_runaway_b, novel_continue_healthy_b,
    pec_runaway_a, pec_healthy_a, pec_runaway_b, pec_healthy_b,
    log_paste_runaway_a, log_paste_healthy_a, log_paste_runaway_b, log_paste_healthy_b,
    rest_runaway_a, rest_healthy_a, rest_runaway_b, rest_healthy_b,
    sheet_runaway_a, sheet_healthy_a, sheet_runaway_b, sheet_healthy_b,
    ci_runaway_a, ci_healthy_a, ci_runaway_b, ci_healthy_b,
    tutor_runaway_a, tutor_healthy_a, tutor_runaway_b, tutor_healthy_b,
    schema_runaway_a, schema_healthy_a, schema_runaway_b, schema_healthy_b,
    cal_runaway_a, cal_healthy_a, cal_runaway_b, cal_healthy_b,
]


# ==============================================================================================
# Assembly, split, output
# ==============================================================================================
SHAPES = ["chat", "responses", "anthropic"]


def build():
    """Sessions in the order written; session k gets shape SHAPES[k % 3]. Split (fixed before any
    use): within each style, the 1st and 4th written go to tuning/, the 2nd and 3rd to heldout/."""
    del SESSIONS[:]
    for fn in WRITERS:
        fn()
    files = {}
    per_style = {}
    for k, (style, outcome, conv, (b, d), notes) in enumerate(SESSIONS):
        shape = SHAPES[k % 3]
        idx = per_style.get(style, 0)
        per_style[style] = idx + 1
        half = "tuning" if idx in (0, 3) else "heldout"
        letter = "ab"[idx // 2]
        name = f"{style}_{outcome}_{letter}_{shape}"
        exp = {"outcome": outcome}
        if outcome == "runaway":
            exp = {"outcome": "runaway", "loop_begins_turn": b, "stop_by_turn": d}
        s = {"name": name, "style": style, "shape": shape, "path": PATHS[shape],
             "headers": {"x-session-id": "corpus-c-" + name, "x-user-id": "writer-c-user-%02d" % (k % 7)},
             "expected": exp, "notes": notes, "turns": render(conv, shape)}
        validate_session(s)
        files[os.path.join(half, name + ".json")] = json.dumps(s, sort_keys=True, ensure_ascii=False) + "\n"
    return files


def main():
    files = build()
    if "--check" in sys.argv:
        bad = []
        for rel, text in files.items():
            p = os.path.join(ROOT, rel)
            if not os.path.exists(p) or open(p).read() != text:
                bad.append(rel)
        on_disk = {os.path.join(h, f) for h in ("tuning", "heldout") if os.path.isdir(os.path.join(ROOT, h))
                   for f in os.listdir(os.path.join(ROOT, h))}
        extra = sorted(on_disk - set(files))
        for rel in sorted(on_disk):
            json.loads(open(os.path.join(ROOT, rel)).read())
        if bad or extra:
            print("differs:", bad, "extra:", extra)
            sys.exit(1)
        print(f"ok: {len(files)} sessions match")
        return
    for h in ("tuning", "heldout"):
        os.makedirs(os.path.join(ROOT, h), exist_ok=True)
        for f in os.listdir(os.path.join(ROOT, h)):
            os.remove(os.path.join(ROOT, h, f))
    for rel, text in files.items():
        with open(os.path.join(ROOT, rel), "w") as fh:
            fh.write(text)
    print(f"wrote {len(files)} sessions")


if __name__ == "__main__":
    main()
