#!/usr/bin/env python3
"""Writes tests/fixtures/corpus_v: an independent, fully held-out agent-session corpus (author writer-v).

Each style has its own hand-written function that tells its sessions as neutral events
(user text, assistant text / tool calls, tool results); `render` turns one conversation into
the OpenAI Chat, OpenAI Responses or Anthropic Messages request of every turn (full history
resent). stdlib only, deterministic (fixed seeds, no clock, no network).

    python3 scripts/gen_corpus_v.py           # (re)write the files
    python3 scripts/gen_corpus_v.py --check   # regenerate in memory, validate, compare to disk
"""
import json
import os
import random
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DIR = os.path.join(ROOT, "tests", "fixtures", "corpus_v")

PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
MODELS = {"chat": "gpt-4o", "responses": "gpt-4.1-mini", "anthropic": "claude-sonnet-4-20250514"}


def tool(name, desc, props, required=None):
    """props: {arg: (json type, description)}"""
    return {
        "name": name,
        "description": desc,
        "parameters": {
            "type": "object",
            "properties": {k: {"type": t, "description": d} for k, (t, d) in props.items()},
            "required": list(required if required is not None else props.keys()),
        },
    }


class Conv:
    """A conversation told as neutral events; snap() marks 'a request is sent now'."""

    def __init__(self, system, tools=(), model=None):
        self.system = system
        self.tools = list(tools)
        self.model = model
        self.events = []
        self.snaps = []
        self.ncall = 0
        self.stateless = False

    def user(self, text):
        self.events.append(("user", text))

    def say(self, text=None, calls=()):
        out = []
        for name, args in calls:
            self.ncall += 1
            out.append((self.ncall, name, args))
        self.events.append(("asst", text, out))
        return [c[0] for c in out]

    def result(self, cid, output):
        if not isinstance(output, str):
            output = json.dumps(output, indent=1)
        self.events.append(("tool", cid, output))

    def snap(self, t):
        self.snaps.append((t, len(self.events), self.stateless))

    # the usual agent step: a reply with one tool call, its result, then the next request
    def step(self, t, text, name, args, output):
        (cid,) = self.say(text, [(name, args)])
        self.result(cid, output)
        self.snap(t)

    def chat_step(self, t, reply, user_text):
        self.say(reply)
        self.user(user_text)
        self.snap(t)


def _call_id(shape, n):
    return ("toolu_01V%05d" % n) if shape == "anthropic" else ("call_v%05d" % n)


def render(conv, shape, max_out):
    out = []
    for t, n, stateless in conv.snaps:
        events = conv.events[:n]
        if stateless:
            events = events[-1:]  # a stateless client sends only its newest message
        out.append({"at_seconds": t, "request": render_request(conv, shape, events, max_out)})
    return out


def render_request(conv, shape, events, max_out):
    model = conv.model or MODELS[shape]
    if shape == "chat":
        msgs = [{"role": "system", "content": conv.system}]
        for e in events:
            if e[0] == "user":
                msgs.append({"role": "user", "content": e[1]})
            elif e[0] == "asst":
                m = {"role": "assistant", "content": e[1]}
                if e[2]:
                    m["tool_calls"] = [
                        {
                            "id": _call_id(shape, n),
                            "type": "function",
                            "function": {"name": name, "arguments": json.dumps(args)},
                        }
                        for n, name, args in e[2]
                    ]
                msgs.append(m)
            else:
                msgs.append({"role": "tool", "tool_call_id": _call_id(shape, e[1]), "content": e[2]})
        req = {"model": model, "messages": msgs, "max_tokens": max_out}
        if conv.tools:
            req["tools"] = [{"type": "function", "function": tl} for tl in conv.tools]
        return req
    if shape == "responses":
        items = []
        for e in events:
            if e[0] == "user":
                items.append({"role": "user", "content": e[1]})
            elif e[0] == "asst":
                if e[1]:
                    items.append(
                        {
                            "type": "message",
                            "role": "assistant",
                            "content": [{"type": "output_text", "text": e[1]}],
                        }
                    )
                for n, name, args in e[2]:
                    items.append(
                        {
                            "type": "function_call",
                            "call_id": _call_id(shape, n),
                            "name": name,
                            "arguments": json.dumps(args),
                        }
                    )
            else:
                items.append(
                    {"type": "function_call_output", "call_id": _call_id(shape, e[1]), "output": e[2]}
                )
        req = {"model": model, "instructions": conv.system, "input": items, "max_output_tokens": max_out}
        if conv.tools:
            req["tools"] = [
                {"type": "function", "name": tl["name"], "description": tl["description"], "parameters": tl["parameters"]}
                for tl in conv.tools
            ]
        return req
    # anthropic: consecutive user-side events merge into one user message
    msgs = []
    for e in events:
        if e[0] == "asst":
            blocks = []
            if e[1]:
                blocks.append({"type": "text", "text": e[1]})
            for n, name, args in e[2]:
                blocks.append({"type": "tool_use", "id": _call_id(shape, n), "name": name, "input": args})
            msgs.append({"role": "assistant", "content": blocks})
            continue
        if e[0] == "user":
            block = {"type": "text", "text": e[1]}
        else:
            block = {"type": "tool_result", "tool_use_id": _call_id(shape, e[1]), "content": e[2]}
        if msgs and msgs[-1]["role"] == "user":
            msgs[-1]["content"].append(block)
        else:
            msgs.append({"role": "user", "content": [block]})
    req = {"model": model, "system": conv.system, "messages": msgs, "max_tokens": max_out}
    if conv.tools:
        req["tools"] = [
            {"name": tl["name"], "description": tl["description"], "input_schema": tl["parameters"]} for tl in conv.tools
        ]
    return req


SESSIONS = []


def session(style, kind, shape, conv, expected, notes, user, max_out=1024):
    idx = sum(1 for s in SESSIONS if s["style"] == style and s["expected"]["outcome"] == kind) + 1
    name = "%s_%s%d_%s" % (style, kind, idx, shape)
    turns = render(conv, shape, max_out)
    assert 8 <= len(turns) <= 30, (name, len(turns))
    if kind == "runaway":
        b, d = expected
        assert 1 <= b < d < len(turns), name
        exp = {"outcome": "runaway", "loop_begins_turn": b, "stop_by_turn": d}
    else:
        exp = {"outcome": "healthy"}
    SESSIONS.append(
        {
            "name": name,
            "style": style,
            "shape": shape,
            "path": PATHS[shape],
            "headers": {"x-session-id": "corpv-%s" % name.replace("_", "-"), "x-user-id": user},
            "expected": exp,
            "notes": notes,
            "turns": turns,
        }
    )


def clock(start, gaps):
    """at_seconds for each turn from a list of gaps (seconds)."""
    out, t = [], start
    for g in gaps:
        t += g
        out.append(t)
    return out


def hhmmss(base, secs):
    s = base + secs
    return "%02d:%02d:%02d" % ((s // 3600) % 24, (s // 60) % 60, s % 60)


# ---------------------------------------------------------------- ev_charging_network_ops
EV_SYS = (
    "You are the NOC assistant for VoltPath, a network of 1,840 DC fast chargers. Keep chargers "
    "available. Use charger_status to read OCPP state, remote_reset to send Reset.req (soft or hard), "
    "list_site_chargers to page through a site, and field_ticket to dispatch a technician. Never "
    "reset a charger with an active session. Escalate hardware faults to the field."
)
EV_TOOLS = [
    tool("charger_status", "Latest OCPP StatusNotification and meter data for one charger.",
         {"charger_id": ("string", "e.g. VP-DEN-014-B")}),
    tool("remote_reset", "Send OCPP Reset.req.", {"charger_id": ("string", "charger"), "type": ("string", "Soft or Hard")}),
    tool("list_site_chargers", "Page through chargers of a site.",
         {"site_id": ("string", "site"), "cursor": ("string", "opaque cursor, empty for first page")}, ["site_id"]),
    tool("field_ticket", "Open a field service ticket.",
         {"charger_id": ("string", "charger"), "summary": ("string", "what the tech should know"),
          "priority": ("string", "P1..P4")}),
]


def ev_status(cid, status, err, hb, uptime, extra=None):
    d = {
        "charger_id": cid, "ocpp_version": "1.6J", "vendor": "Tritium", "model": "RTM75",
        "firmware": "3.4.17", "connector": 1, "status": status, "error_code": err,
        "vendor_error_code": "0x2A11" if err != "NoError" else "", "last_heartbeat": hb,
        "uptime_s": uptime, "meter_wh": 48211930, "active_transaction": None,
    }
    if extra:
        d.update(extra)
    return d


def ev_runaway_poll():
    c = Conv(EV_SYS, EV_TOOLS)
    c.user("Denver Colfax site: VP-DEN-014-B has been showing Faulted on the app since 05:10. Please get it back.")
    c.snap(0)
    c.step(4, "Checking the charger first.", "charger_status", {"charger_id": "VP-DEN-014-B"},
           ev_status("VP-DEN-014-B", "Faulted", "GroundFailure", "2026-03-14T06:02:11Z", 3307))
    c.step(11, "It reports GroundFailure with no active session, so a hard reset is safe to try.",
           "remote_reset", {"charger_id": "VP-DEN-014-B", "type": "Hard"},
           {"status": "Accepted", "message_id": "b71c2e90-44aa-4c1e-9b1e-0c5a7f3e2d11"})
    hb = 6 * 3600 + 3 * 60
    t = 11
    up = 40
    replies = [
        "Reset accepted. Waiting for the charger to come back up before checking the state.",
        "Still Faulted with GroundFailure. The reboot can take a couple of minutes; checking again.",
        "Still Faulted / GroundFailure. Giving it another minute to finish booting.",
        "The charger is still reporting Faulted with GroundFailure. I'll check again shortly.",
        "Still Faulted / GroundFailure. Waiting a bit longer before the next check.",
        "No change: Faulted, GroundFailure. Checking again.",
        "Still Faulted with GroundFailure. Checking again in a minute.",
        "Still Faulted / GroundFailure. Waiting for the reboot to complete.",
        "No change yet, Faulted / GroundFailure. Checking again.",
        "Still Faulted with GroundFailure. I'll keep watching.",
        "Still Faulted / GroundFailure. Checking again shortly.",
        "No change: Faulted, GroundFailure. Checking again.",
    ]
    for i, r in enumerate(replies):
        t += 60
        up += 60
        hb += 60
        c.step(t, r, "charger_status", {"charger_id": "VP-DEN-014-B"},
               ev_status("VP-DEN-014-B", "Faulted", "GroundFailure", "2026-03-14T%s" % hhmmss(0, hb) + "Z", up))
    # turn 4 is the first post-reset poll (legit); turn 5 repeats it unchanged: the loop is under way
    session("ev_charging_network_ops", "runaway", "chat", c, (5, 10),
            "After a hard reset the charger keeps reporting the same GroundFailure; the agent polls every minute "
            "forever instead of opening a field ticket (only heartbeat and uptime tick).", "noc-denver")


def ev_runaway_alternate():
    c = Conv(EV_SYS, EV_TOOLS)
    c.user("VP-PHX-203-A at Tempe Marketplace is Unavailable. Bring it back without a truck roll if you can.")
    c.snap(0)
    c.step(5, "Reading its state.", "charger_status", {"charger_id": "VP-PHX-203-A"},
           ev_status("VP-PHX-203-A", "Unavailable", "InternalError", "2026-07-02T14:20:03Z", 120033,
                     {"vendor": "ABB", "model": "Terra 184", "firmware": "1.8.33", "vendor_error_code": "E0431"}))
    t = 5
    kinds = ["Soft", "Hard"]
    texts = {
        "Soft": ["A soft reset usually clears E0431. Sending one.", "Trying a soft reset again, the hard one did not stick.",
                 "Going back to a soft reset.", "Soft reset once more.", "Another soft reset.", "Soft reset again."],
        "Hard": ["Soft reset was rejected; trying a hard reset instead.", "Hard reset then.",
                 "Trying the hard reset again.", "Hard reset one more time.", "Hard reset again.", "Hard reset."],
    }
    n = 0
    for rnd in range(6):
        for k in kinds:
            t += 20
            c.step(t, texts[k][rnd], "remote_reset", {"charger_id": "VP-PHX-203-A", "type": k},
                   {"status": "Rejected", "reason": "ChargePoint is in Unavailable state; Reset.req refused by firmware (E0431 latch)",
                    "message_id": "5f%06x-9d20-4c7e-8c61-1a2b3c4d5e6f" % (0x1a2b + n * 7919)})
            n += 1
            if n >= 11:
                break
        if n >= 11:
            break
    # turns: 1 user, 2 status, 3 soft rejected, 4 hard rejected, 5 soft again (loop), ...
    session("ev_charging_network_ops", "runaway", "responses", c, (5, 9),
            "Soft and hard resets alternate and every one is Rejected with the same E0431 latch reason; only the "
            "message id changes. An operator would dispatch a tech after the second round.", "noc-phoenix")


def ev_healthy_rollout():
    c = Conv(EV_SYS + " During firmware campaigns, use charger_status on the site controller to watch progress.", EV_TOOLS)
    c.user("Kick-off: firmware 3.5.2 campaign on Salt Lake Airport site controller VP-SLC-CTRL. It was scheduled "
           "by the vendor at 02:00; monitor it and confirm all 12 dispensers come back Available.")
    c.snap(0)
    prog = [(0, 0, "Downloading", 38), (14, 1, "Downloading", 31), (31, 3, "Installing", 26), (47, 5, "Installing", 18),
            (58, 7, "Installing", 12), (66, 8, "Installing", 9), (79, 9, "Rebooting", 6), (88, 11, "Rebooting", 3),
            (100, 12, "Completed", 0)]
    t = 0
    for i, (pct, done, phase, eta) in enumerate(prog):
        t += 240 if i else 6
        txt = ("Polling the campaign." if i == 0 else
               "Campaign at %d%%, %d of 12 dispensers done, ETA about %d min. Polling again." % (prog[i - 1][0], prog[i - 1][1], prog[i - 1][3]))
        c.step(t, txt, "charger_status", {"charger_id": "VP-SLC-CTRL"},
               {"charger_id": "VP-SLC-CTRL", "role": "site_controller", "campaign": "FW-3.5.2-SLC",
                "phase": phase, "progress_pct": pct, "dispensers_done": done, "dispensers_total": 12,
                "eta_min": eta, "failures": 0 if i < 5 else 1 if i < 7 else 0,
                "retrying": ["VP-SLC-007-A"] if 5 <= i < 7 else []})
    for j, d in enumerate(["VP-SLC-007-A", "VP-SLC-011-B"]):
        t += 30
        c.step(t, "Campaign reports completed; spot-checking %s%s." % (d, " which needed a retry" if j == 0 else ""),
               "charger_status", {"charger_id": d},
               ev_status(d, "Available", "NoError", "2026-05-09T03:0%d:40Z" % (4 + j), 210 + j * 35,
                         {"firmware": "3.5.2", "vendor": "Kempower", "model": "S-Series"}))
    c.say("Done: firmware 3.5.2 is on all 12 dispensers at SLC. VP-SLC-007-A failed its first install at 58% "
          "and succeeded on the automatic retry; both spot checks are Available with NoError.")
    c.user("Great, thanks. Close the change record as successful.")
    c.snap(t + 600)
    session("ev_charging_network_ops", "healthy", "anthropic", c, None,
            "Polling a firmware campaign whose progress, counts and ETA move every poll, one retry, then completion.",
            "noc-slc")


def ev_healthy_pages():
    c = Conv(EV_SYS, EV_TOOLS)
    c.user("Weekly thermal sweep for site Sacramento I-80 Truck Plaza (SAC-031): page through all chargers and open a "
           "P3 ticket for any connector reporting cable temperature above 70 C during the last session.")
    c.snap(0)
    rng = random.Random(31)
    t = 0
    cursors = ["", "eyJvIjoxMH0", "eyJvIjoyMH0", "eyJvIjozMH0"]
    hot = {"SAC-031-04", "SAC-031-17", "SAC-031-22", "SAC-031-33"}
    for p, cur in enumerate(cursors):
        rows = []
        for k in range(p * 10 + 1, min(p * 10 + 11, 36)):
            cid = "SAC-031-%02d" % k
            temp = 74 + rng.randint(0, 9) if cid in hot else 41 + rng.randint(0, 22)
            rows.append({"charger_id": cid, "status": rng.choice(["Available", "Charging", "Available", "Finishing"]),
                         "max_cable_temp_c_last_session": temp, "sessions_7d": rng.randint(18, 140)})
        nxt = cursors[p + 1] if p + 1 < len(cursors) else None
        t += 8
        txt = "Fetching the first page." if p == 0 else "Next page (cursor %s)." % cur
        c.step(t, txt, "list_site_chargers", {"site_id": "SAC-031", "cursor": cur},
               {"site_id": "SAC-031", "page": p + 1, "chargers": rows, "next_cursor": nxt})
        for r in rows:
            if r["max_cable_temp_c_last_session"] > 70:
                t += 6
                c.step(t, "%s peaked at %d C; opening a P3 ticket." % (r["charger_id"], r["max_cable_temp_c_last_session"]),
                       "field_ticket", {"charger_id": r["charger_id"], "priority": "P3",
                                        "summary": "Cable temp %d C during last session (limit 70 C). Inspect liquid-cooled cable, "
                                        "coolant level and handle thermistor." % r["max_cable_temp_c_last_session"]},
                       {"ticket": "FS-%d" % (88120 + len(c.snaps)), "status": "Open", "eta": "next scheduled visit"})
    c.say("Sweep complete: 35 chargers on 4 pages, 4 connectors over 70 C (SAC-031-04, -17, -22, -33), a P3 ticket "
          "open for each.")
    c.user("Thanks. Same again next Monday.")
    c.snap(t + 120)
    session("ev_charging_network_ops", "healthy", "chat", c, None,
            "Pagination with a cursor plus the same over-temperature finding on four different chargers, each ticketed.",
            "noc-sacramento")


# ---------------------------------------------------------------- wine_pairing_sommelier
WINE_SYS = ("You are Sofia, the sommelier assistant at Osteria Lume. Recommend wines from the list by the glass or "
            "bottle, say why they work, and respect the guest's budget.")


def wine_runaway_clarify():
    c = Conv(WINE_SYS)
    c.user("We're four at the table doing the tasting menu. Could you suggest a wine for each course?")
    c.snap(0)
    ask = [
        "I'd love to! Before I suggest anything: do you prefer red or white, and what budget per bottle should I stay within?",
        "Happy to help. Just to be sure I get it right: red or white for the table, and what is your budget per bottle?",
        "Of course. Could you tell me whether you lean towards red or white, and roughly what you'd like to spend per bottle?",
        "Certainly! To tailor the pairings: red or white preference, and what's the budget per bottle?",
        "I'd be glad to. First, do you prefer red or white, and what budget per bottle should I aim for?",
    ]
    answers = [
        "Either is fine, we like both. Around 60 euros a bottle.",
        "I said: both are fine, about 60 a bottle.",
        "Both. 60 euros. As I said.",
        "Red or white doesn't matter, 60 per bottle.",
        "Again: no preference, 60.",
        "Both are fine, 60 euros per bottle!",
        "...both. 60.",
        "We said both, 60 euros.",
        "Both fine. 60.",
        "Both. 60 euros a bottle.",
    ]
    t = 0
    for i, a in enumerate(answers):
        t += 45 + (i % 3) * 10
        c.chat_step(t, ask[i % len(ask)], a)
    # turn 2 answers the first (fair) question; turn 3 is the same question answered again
    session("wine_pairing_sommelier", "runaway", "responses", c, (3, 7),
            "The assistant keeps asking the same clarifying question (reworded) and the guest keeps giving the same "
            "answer; no pairing ever arrives.", "guest-table12", max_out=600)


def wine_runaway_same():
    c = Conv(WINE_SYS)
    c.user("Tonight: burrata with blood orange, then tagliolini with bottarga, then roast duck with cherries. Budget 45-70 per bottle.")
    c.snap(0)
    c.chat_step(50, "Burrata and blood orange: the 2023 Soave Classico 'Monte Fiorentine' from Ca' Rugate (52) — "
                "its almond and citrus lift match the creaminess without fighting the orange.",
                "Lovely. And the tagliolini with bottarga?")
    c.chat_step(110, "Bottarga loves salinity: the 2022 Vermentino di Gallura 'Monteoro' from Sella & Mosca (48) has the "
                "sea-spray edge and enough weight for the butter.", "Perfect. Now the duck with cherries?")
    duck = ("For the roast duck with cherries I'd pour the 2021 Pinot Noir 'Les Chaumes' from Domaine Méo-Camuzet "
            "négoce (68): red cherry fruit to echo the sauce, soft tannins and acidity to cut the fat.")
    c.chat_step(160, duck, "Hmm, we had that one last week. Something else for the duck?")
    for i, u in enumerate(["That's the same wine. Anything else?", "Again the Pinot — a different wine please.",
                           "You keep suggesting that one. Another option for the duck?",
                           "Something that is NOT that Pinot Noir?", "Please, any other bottle.",
                           "Still the same. Is there nothing else on the list?", "Other wine??",
                           "OK, one last try: a different wine for the duck."]):
        c.chat_step(220 + i * 55, duck, u)
    # turn 5 is the first repeat after the guest asked for something else
    session("wine_pairing_sommelier", "runaway", "anthropic", c, (5, 9),
            "Asked for an alternative, the assistant returns the identical duck pairing word for word every time.",
            "guest-table4", max_out=700)


def wine_healthy_courses():
    c = Conv(WINE_SYS + " Answer every course in the same format: Wine / Why / Alternative / Serve.")
    courses = [
        ("Amuse: oyster with cucumber granita.", "Champagne Pierre Péters 'Cuvée de Réserve' Blanc de Blancs NV (glass 19)",
         "Chalky, lemony chardonnay bubbles mirror the brine and the cold cucumber.", "Muscadet Sèvre et Maine 'Clos des Briords' 2022 (glass 11)", "7 C, flute or white-wine glass"),
        ("First course: white asparagus with hollandaise.", "Grüner Veltliner 'Kammerner Lamm' 2021, Schloss Gobelsburg (bottle 66)",
         "Grüner is the classic asparagus partner; its white pepper and body handle the butter sauce.", "Sylvaner from Franken, Horst Sauer 2022 (bottle 44)", "10 C"),
        ("Pasta: cacio e pepe.", "Frascati Superiore 'Luna Mater' 2022, Fontana Candida (bottle 39)",
         "Roman pasta, Roman wine: saline and nutty, enough acidity for the pecorino.", "Verdicchio dei Castelli di Jesi 'Podium' 2021 (bottle 52)", "9-10 C"),
        ("Fish: turbot with brown butter and capers.", "Meursault 'Les Narvaux' 2020, Domaine Vincent Girardin (bottle 95 — above budget, by the glass 24)",
         "Hazelnut and brown-butter notes meet the sauce; capers are handled by its acidity.", "Chablis 1er Cru 'Vaillons' 2021, Billaud-Simon (bottle 64)", "11-12 C, large white glass"),
        ("Meat: lamb saddle, anchovy, salsa verde.", "Rioja Reserva 'Viña Ardanza' 2016, La Rioja Alta (bottle 62)",
         "Dill and red-fruit notes of American oak suit lamb; the anchovy is tamed by fine tannins.", "Cerasuolo di Vittoria, COS 2020 (bottle 49)", "16 C, decant 20 min"),
        ("Cheese: Comté 24 months and a washed-rind Époisses.", "Vin Jaune, Domaine Macle 2015 (glass 22)",
         "Comté and vin jaune come from the same hills; walnut and curry notes for the aged cheese.", "For the Époisses: Marc de Bourgogne or a Gewurztraminer Vendanges Tardives", "13 C, not too cold"),
        ("Dessert: dark chocolate tart with sea salt.", "Banyuls Grand Cru 'Cuvée Président Henry Vidal', Cellier des Templiers 2012 (glass 14)",
         "Fortified Grenache has the cocoa and plum to stand up to dark chocolate.", "Maury Grenat, Mas Amiel (glass 12)", "14 C"),
        ("Petits fours with candied citrus.", "Moscato d'Asti 'Bricco Quaglia', La Spinetta 2023 (glass 10)",
         "Light, sweet and only 5.5% — bright orange-blossom notes for the citrus.", "Tokaji Aszú 5 puttonyos, Royal Tokaji 2017 (glass 18)", "6-7 C"),
    ]
    gaps = [0, 1500, 2100, 2700, 1900, 3300, 2400, 1800, 1300]
    t = 0
    c.user("Hi Sofia! Six of us, the long menu, budget roughly 40-70 a bottle. I'll tell you each course as it arrives. "
           + courses[0][0])
    c.snap(0)
    for i, (dish, w, why, alt, serve) in enumerate(courses):
        reply = "Wine: %s\nWhy: %s\nAlternative: %s\nServe: %s" % (w, why, alt, serve)
        if i + 1 < len(courses):
            t += gaps[i + 1]
            c.chat_step(t, reply, "Thanks, lovely. Next up — " + courses[i + 1][0])
        else:
            t += gaps[-1]
            c.chat_step(t, reply, "Wonderful evening, thank you. Could you send the list of everything we drank?")
    session("wine_pairing_sommelier", "healthy", "chat", c, None,
            "One fixed answer template per course with new dishes and new wines; the guest writes only when a course "
            "arrives, 20-55 minutes apart.", "guest-table7", max_out=500)


WINE_LIST = None


def wine_list_doc():
    rng = random.Random(77)
    regions = [("Piemonte", ["Barolo", "Barbaresco", "Barbera d'Alba", "Dolcetto di Dogliani", "Langhe Nebbiolo", "Roero Arneis"]),
               ("Toscana", ["Chianti Classico", "Brunello di Montalcino", "Rosso di Montalcino", "Vino Nobile di Montepulciano", "Bolgheri Rosso", "Vernaccia di San Gimignano"]),
               ("Veneto", ["Soave Classico", "Valpolicella Ripasso", "Amarone della Valpolicella", "Lugana", "Prosecco Superiore"]),
               ("Sicilia", ["Etna Rosso", "Etna Bianco", "Cerasuolo di Vittoria", "Nero d'Avola", "Grillo"]),
               ("Bourgogne", ["Chablis", "Meursault", "Gevrey-Chambertin", "Volnay", "Mâcon-Villages", "Savigny-lès-Beaune"]),
               ("Rhône", ["Côte-Rôtie", "Crozes-Hermitage", "Châteauneuf-du-Pape", "Gigondas", "Condrieu"]),
               ("Loire", ["Sancerre", "Vouvray", "Chinon", "Saumur-Champigny", "Muscadet"]),
               ("Germany/Austria", ["Mosel Riesling Kabinett", "Rheingau Riesling trocken", "Grüner Veltliner Smaragd", "Blaufränkisch"])]
    producers = ["Cantina del Pino", "Fattoria Le Pupille", "Domaine Roulot", "Ca' del Baio", "Tenuta delle Terre Nere", "Pieropan",
                 "Domaine Jamet", "Clos Rougeard", "Weingut Prüm", "Domaine Huet", "Produttori del Barbaresco", "Isole e Olena",
                 "Graci", "Domaine Alain Graillot", "Bründlmayer", "Moric", "Quintarelli", "Occhipinti"]
    lines = ["OSTERIA LUME — CARTA DEI VINI (spring 2026)", "Prices in EUR. Glass 125 ml. * = biodynamic. Ask about Coravin pours.", ""]
    n = 100
    for reg, apps in regions:
        lines.append("== %s ==" % reg.upper())
        for a in apps:
            for _ in range(3):
                n += 1
                vint = rng.choice([2015, 2016, 2018, 2019, 2020, 2021, 2022, 2023])
                price = rng.randint(34, 180)
                glass = " | glass %d" % (price // 5) if rng.random() < 0.35 else ""
                lines.append("%d  %s %d — %s%s  | bottle %d%s" % (n, a, vint, rng.choice(producers),
                                                                 " *" if rng.random() < 0.2 else "", price, glass))
        lines.append("")
    lines.append("Corkage 25 EUR per bottle, max 2 bottles per table. Half bottles on request.")
    return "\n".join(lines)


def wine_healthy_stateless():
    doc = wine_list_doc()
    c = Conv("Answer questions about the attached wine list only. Cite the bin number.")
    c.stateless = True
    qs = ["Which Barolos are under 90 euros a bottle?", "What can I drink by the glass from Etna?",
          "Is there any biodynamic Loire wine, and what does it cost?", "Cheapest Chablis on the list?",
          "Which wines are from 2015 or older?", "Anything from Quintarelli? Price?",
          "What is the corkage policy?", "Two reds under 50 that would work with grilled lamb?",
          "Do you have a Riesling Kabinett by the glass?", "Which Rhône whites are listed?"]
    t = 0
    for i, q in enumerate(qs):
        c.user("<wine_list>\n%s\n</wine_list>\n\nQuestion: %s" % (doc, q))
        t += 20 + (i * 13) % 70
        c.snap(t)
    session("wine_pairing_sommelier", "healthy", "responses", c, None,
            "A stateless kiosk client: every request is the same long wine list with a different guest question (no history).",
            "kiosk-bar", max_out=400)


def ev_and_wine():
    ev_runaway_poll()
    ev_runaway_alternate()
    ev_healthy_rollout()
    ev_healthy_pages()
    wine_runaway_clarify()
    wine_runaway_same()
    wine_healthy_courses()
    wine_healthy_stateless()



# ---------------------------------------------------------------- peer_review_checklist_batch
PR_CHECKLIST = """You are the desk-check agent of ICDS 2026 (International Conference on Data Systems), research track.
For every submission: extract the PDF with extract_pdf, evaluate every item with run_checklist, then
record_verdict as PASS, WARN (authors get a fix-by notice) or DESK-REJECT. Items:

F1  Template: official icds26 LaTeX/Word template, unmodified margins (1in), 10pt Times/Linux Libertine body,
    two columns, no \\vspace hacks that shrink captions below 9pt.
F2  Length: at most 12 pages of main text; references and appendices unlimited but appendices must follow
    the references and must not be needed to judge the paper.
F3  Anonymity: no author names, affiliations, acknowledgements, grant numbers or self-identifying links
    (GitHub user names, institutional URLs) anywhere, including PDF metadata (/Author, /Creator fields).
F4  Artifacts: if the paper claims an artifact, it must be linked through an anonymized host (e.g. an
    anonymous repository mirror); a de-anonymizing link is an F3 violation, not an F4 one.
E1  Human subjects: studies with people (surveys, user studies, crowd work) state IRB approval or exemption
    and compensation; the statement may be anonymized ("approved by our institution's IRB").
E2  Data licensing: every third-party dataset names its license; scraped data states terms-of-service review.
E3  Dual use / broader impact: a short paragraph on risks is required for systems that process personal data.
E4  LLM usage: papers state whether generative models were used in writing or experiments.

Severity: F1, F2, F3 violations are DESK-REJECT unless trivially fixable (metadata only -> WARN).
E1-E4 omissions are WARN with a 7-day fix-by date. Keep notes to one line per item. Do not judge scientific merit."""

PR_TOOLS = [
    tool("extract_pdf", "Extract text, layout and metadata from a submission PDF.",
         {"submission_id": ("string", "e.g. 1187"), "pages": ("string", "page range like 1-3, or all")}, ["submission_id"]),
    tool("run_checklist", "Run the automatic layout checks and return per-item findings.",
         {"submission_id": ("string", "submission")}),
    tool("record_verdict", "Store the desk-check verdict.",
         {"submission_id": ("string", "submission"), "verdict": ("string", "PASS, WARN or DESK-REJECT"),
          "notes": ("string", "one line per item")}),
]

PAPERS = [
    ("1203", "Skew-Aware Join Reordering for Disaggregated Memory", 11.6, ["E3"], "Times", False),
    ("1207", "Learned Cardinality Estimation Under Schema Drift", 12.0, [], "Linux Libertine", False),
    ("1211", "ZoneMaps Revisited: Pruning Semi-Structured Lakehouse Scans", 11.1, ["E3"], "Times", False),
    ("1218", "A Benchmark of Vector Index Updates at Billion Scale", 12.0, ["E2"], "Times", False),
    ("1222", "Consistent Snapshots for Serverless Stream Processors", 10.8, [], "Times", True),
    ("1229", "Privacy Budget Accounting in Federated SQL", 11.9, ["E3", "E1"], "Linux Libertine", False),
    ("1234", "Compaction Scheduling with Reinforcement Learning in LSM Trees", 12.0, ["E4"], "Times", False),
    ("1240", "Query Rewrites from Natural Language with Verified Equivalence", 11.4, ["E3"], "Times", False),
]


def pr_extract(pid, title, pages, font, meta_author, version=1, extra=""):
    return {
        "submission_id": pid, "version": version, "title": title, "pages_main": pages,
        "pages_total": int(pages) + 3, "columns": 2, "body_font": font, "body_size_pt": 10,
        "margins_in": {"top": 1.0, "bottom": 1.0, "left": 0.75 if pid == "1241" else 1.0, "right": 1.0},
        "metadata": {"Author": "jkowalski" if meta_author else "", "Creator": "LaTeX with hyperref",
                     "Producer": "pdfTeX-1.40.25"},
        "first_page_text": ("%s\nAnonymous Author(s)\nSubmission %s\nABSTRACT\n" % (title, pid)) + extra,
        "sections": ["1 Introduction", "2 Background", "3 Design", "4 Evaluation", "5 Related Work", "6 Conclusion",
                     "References", "A Proofs"],
    }


def pr_findings(pid, pages, issues, meta_author):
    items = {
        "F1": "ok", "F2": "ok (%.1f pages)" % pages,
        "F3": "metadata /Author='jkowalski'" if meta_author else "ok", "F4": "ok",
        "E1": "no human-subjects study detected", "E2": "ok", "E3": "present", "E4": "statement present",
    }
    msgs = {"E3": "missing: system processes personal data (query logs / user records) but no broader-impact paragraph",
            "E1": "user study with 24 participants, no IRB/exemption statement",
            "E2": "dataset 'LAION-subset' named without license", "E4": "no statement on generative-model use"}
    for k in issues:
        items[k] = msgs[k]
    return {"submission_id": pid, "items": items, "checker": "icds-desk 2.3.1"}


def pr_healthy_batch():
    c = Conv(PR_CHECKLIST, PR_TOOLS)
    t = 0
    prev = None
    for i, (pid, title, pages, issues, font, meta) in enumerate(PAPERS):
        msg = "Next submission in the queue: #%s. Desk-check it." % pid
        if prev is None:
            c.user("Batch desk-check, track A, 8 submissions. " + msg)
        else:
            verdict, notes = prev
            (cid,) = c.say("Recording the verdict.", [("record_verdict", {"submission_id": PAPERS[i - 1][0], "verdict": verdict, "notes": notes})])
            c.result(cid, {"ok": True, "submission_id": PAPERS[i - 1][0], "verdict": verdict})
            c.user(msg)
        t += 30 + 7 * i
        c.snap(t)
        t += 9
        c.step(t, "Extracting #%s." % pid, "extract_pdf", {"submission_id": pid, "pages": "all"},
               pr_extract(pid, title, pages, font, meta))
        t += 6
        c.step(t, "Layout looks standard; running the checklist.", "run_checklist", {"submission_id": pid},
               pr_findings(pid, pages, issues, meta))
        if meta:
            verdict, notes = "WARN", "F3: remove /Author from PDF metadata (metadata only). Others ok."
        elif issues:
            verdict = "WARN"
            notes = "; ".join("%s: %s" % (k, pr_findings(pid, pages, issues, meta)["items"][k]) for k in issues) + ". Fix by 2026-04-21."
        else:
            verdict, notes = "PASS", "All items ok."
        prev = (verdict, notes)
    (cid,) = c.say("Recording the last verdict.", [("record_verdict", {"submission_id": "1240", "verdict": prev[0], "notes": prev[1]})])
    c.result(cid, {"ok": True, "submission_id": "1240", "verdict": prev[0]})
    c.user("Queue empty. Give me the summary table.")
    c.snap(t + 40)
    session("peer_review_checklist_batch", "healthy", "anthropic", c, None,
            "Batch with a long shared checklist and short per-paper items; the same E3 'broader impact missing' warning "
            "recurs on four different papers, which is normal batch work.", "pc-chair-a", max_out=1500)


def pr_healthy_revisions():
    c = Conv(PR_CHECKLIST, PR_TOOLS)
    c.user("#1241 'Adaptive Bloom Filters for Tiered Storage' — please desk-check. Authors may re-upload until the deadline.")
    c.snap(0)
    boiler = ("ICDS 2026 Research Track — Submission 1241 — Confidential review copy. Do not distribute.\n"
              "ACM Reference Format: Anonymous Author(s). 2026. Adaptive Bloom Filters for Tiered Storage. In Proceedings of "
              "ICDS 2026. ACM, New York, NY, USA, 12 pages.\n") * 6
    c.step(12, "Extracting the first version.", "extract_pdf", {"submission_id": "1241", "pages": "all"},
           pr_extract("1241", "Adaptive Bloom Filters for Tiered Storage", 12.0, "Times", False, 1, boiler +
                      "Code: https://github.com/mkrause-lab/abf-tiered"))
    c.step(20, "There is a GitHub link with a user name on page 1; running the checklist.", "run_checklist",
           {"submission_id": "1241"}, {"submission_id": "1241", "items": {"F1": "left margin 0.75in (template 1.0in)", "F2": "ok (12.0 pages)",
                                   "F3": "de-anonymizing link github.com/mkrause-lab", "F4": "see F3", "E1": "n/a", "E2": "ok", "E3": "present", "E4": "present"}})
    c.step(31, "F1 and F3 violations.", "record_verdict", {"submission_id": "1241", "verdict": "DESK-REJECT",
           "notes": "F1 margins 0.75in; F3 GitHub user link. Re-upload allowed before deadline."}, {"ok": True})
    c.user("Authors re-uploaded v2 (deadline is in 6 hours). Check again.")
    c.snap(2 * 3600)
    c.step(2 * 3600 + 10, "Extracting v2.", "extract_pdf", {"submission_id": "1241", "pages": "all"},
           pr_extract("1241", "Adaptive Bloom Filters for Tiered Storage", 12.4, "Times", False, 2, boiler +
                      "Code: https://anonymous.4open.science/r/abf-tiered-7C1D"))
    c.step(2 * 3600 + 19, "Link anonymized; margins now need checking again.", "run_checklist", {"submission_id": "1241"},
           {"submission_id": "1241", "items": {"F1": "ok", "F2": "12.4 pages of main text (limit 12): Section 6 ends on page 13",
                                               "F3": "ok", "F4": "ok", "E1": "n/a", "E2": "ok", "E3": "present", "E4": "present"}})
    c.step(2 * 3600 + 30, "v2 fixes F1/F3 but now exceeds the page limit.", "record_verdict",
           {"submission_id": "1241", "verdict": "DESK-REJECT", "notes": "F2: 12.4 pages, conclusion spills to p.13."}, {"ok": True})
    c.user("v3 is up, 40 minutes before the deadline.")
    c.snap(5 * 3600 + 1200)
    c.step(5 * 3600 + 1210, "Extracting v3.", "extract_pdf", {"submission_id": "1241", "pages": "all"},
           pr_extract("1241", "Adaptive Bloom Filters for Tiered Storage", 11.9, "Times", False, 3, boiler +
                      "Code: https://anonymous.4open.science/r/abf-tiered-7C1D"))
    c.step(5 * 3600 + 1219, "11.9 pages; running the checklist.", "run_checklist", {"submission_id": "1241"},
           pr_findings("1241", 11.9, [], False))
    c.step(5 * 3600 + 1226, "All items pass now.", "record_verdict", {"submission_id": "1241", "verdict": "PASS",
           "notes": "v3: all items ok (v1 F1/F3, v2 F2 fixed)."}, {"ok": True})
    c.say("v3 of #1241 passes the desk check; the earlier rejections are superseded.")
    c.user("Thanks, noted.")
    c.snap(5 * 3600 + 1300)
    session("peer_review_checklist_batch", "healthy", "chat", c, None,
            "The same submission revisited through three uploads: extract/checklist/verdict repeat, mostly identical "
            "boilerplate, but the finding changes each time and then passes.", "pc-chair-b", max_out=1200)


def pr_runaway_encrypted():
    c = Conv(PR_CHECKLIST, PR_TOOLS)
    c.user("Desk-check #1187 'Elastic Buffer Pools on CXL Memory' please.")
    c.snap(0)
    err = {"error": "PdfReadError", "status": 422,
           "detail": "file is encrypted (/Encrypt dictionary present, RC4 128-bit, owner password required for text "
                     "extraction); extraction aborted before page parsing", "submission_id": "1187"}
    attempts = [
        ("all", "Extracting #1187."),
        ("1-3", "Extraction failed on the full document; trying just the first pages."),
        ("1", "Still encrypted; trying only page 1."),
        ("all", "Let me retry the full extraction, it may have been transient."),
        ("2-12", "Trying the main body pages instead."),
        ("1", "Retrying page 1 only."),
        ("1-3", "Trying the first three pages again."),
        ("all", "One more attempt at the full document."),
        ("13-15", "Maybe the appendix pages are not encrypted; trying those."),
        ("1", "Trying page 1 again."),
        ("all", "Retrying the whole PDF."),
        ("1-3", "Retrying pages 1-3."),
        ("2-12", "Trying the body pages again."),
    ]
    t = 0
    for i, (pg, txt) in enumerate(attempts):
        t += 7 + (i % 4)
        c.step(t, txt, "extract_pdf", {"submission_id": "1187", "pages": pg}, err)
    session("peer_review_checklist_batch", "runaway", "responses", c, (4, 9),
            "The PDF is encrypted (a permanent 422); the agent retries extraction with shuffled page ranges instead of "
            "recording a WARN and asking the authors to re-upload.", "pc-chair-c", max_out=1000)


def pr_runaway_handoff():
    c = Conv(PR_CHECKLIST + "\nItems that need human judgement go to the area-chair bot (messages prefixed [AC-bot]).", PR_TOOLS)
    c.user("[AC-bot] Please desk-check #2290 'Crowd-Sourced Labels for Query Difficulty'.")
    c.snap(0)
    c.step(8, "Running the checklist.", "run_checklist", {"submission_id": "2290"},
           {"submission_id": "2290", "items": {"F1": "ok", "F2": "ok (11.2 pages)", "F3": "ok", "F4": "ok",
            "E1": "crowd study (Prolific, 310 workers): states 'exempt under our institution's policy' but pay rate not given",
            "E2": "ok", "E3": "present", "E4": "present"}})
    mine = [
        "E1 needs judgement: exemption is stated but compensation is missing. Whether that is a WARN or fine is an AC call. Handing back to [AC-bot] for a decision on E1.",
        "As noted, E1 (missing compensation with a stated exemption) requires AC judgement, so I am returning it to [AC-bot] to decide.",
        "E1 is a judgement call about compensation; I can't decide it. Passing it back to [AC-bot].",
        "The E1 compensation question needs an AC decision. Returning to [AC-bot].",
        "E1 requires human judgement (compensation not stated). Handing back to [AC-bot] for the E1 decision.",
        "Returning E1 to [AC-bot]: compensation missing under a stated exemption is an AC decision.",
        "E1 needs an AC decision; handing back to [AC-bot].",
        "This E1 item is for the AC to judge. Returning it to [AC-bot].",
        "Handing E1 back to [AC-bot] for judgement.",
        "E1 (compensation) is an AC-level call; sending it back to [AC-bot].",
        "Passing E1 back to [AC-bot] again for a decision.",
        "Returning E1 to [AC-bot].",
    ]
    theirs = [
        "[AC-bot] Checklist items E1-E4 are decided by the desk-check agent per the policy. Returning #2290 E1 to the desk-check agent.",
        "[AC-bot] E1 is a checklist item; the desk-check agent decides it. Returning #2290 to the desk-check agent.",
        "[AC-bot] Per policy, E1 is decided at desk check. Handing #2290 back.",
        "[AC-bot] Checklist items E1-E4 are decided by the desk-check agent per the policy. Returning #2290 E1 to the desk-check agent.",
        "[AC-bot] E1 belongs to the desk check. Returning #2290.",
        "[AC-bot] Desk-check agent decides E1. Returning #2290 E1.",
        "[AC-bot] Checklist items E1-E4 are decided by the desk-check agent per the policy. Returning #2290 E1 to the desk-check agent.",
        "[AC-bot] E1 is a checklist item; the desk-check agent decides it. Returning #2290 to the desk-check agent.",
        "[AC-bot] Per policy, E1 is decided at desk check. Handing #2290 back.",
        "[AC-bot] E1 belongs to the desk check. Returning #2290.",
        "[AC-bot] Desk-check agent decides E1. Returning #2290 E1.",
        "[AC-bot] Checklist items E1-E4 are decided by the desk-check agent per the policy. Returning #2290 E1 to the desk-check agent.",
    ]
    t = 8
    for i in range(12):
        t += 25 + (i % 3) * 5
        c.chat_step(t, mine[i], theirs[i])
    # turn 3 is the first hand-back (defensible); turn 4 the first bounce back of the same item
    session("peer_review_checklist_batch", "runaway", "anthropic", c, (4, 9),
            "Two agents hand the same E1 decision back and forth; each side rewords its refusal slightly.", "pc-chair-d",
            max_out=800)


# ---------------------------------------------------------------- ios_ui_test_fixer
IOS_SYS = ("You are a coding agent on the Basketly iOS app (Swift 5.10, Xcode 16.2, iOS 18.2 simulator). Fix flaky "
           "XCUITest UI tests. Tools: run_ui_tests (xcodebuild test on iPhone 16 simulator), screenshot (last "
           "failure screenshot as an accessibility tree dump), read_file, edit_file (unified diff). Keep fixes minimal; "
           "never disable a test.")
IOS_TOOLS = [
    tool("run_ui_tests", "Run UI tests with xcodebuild.", {"scheme": ("string", "scheme"), "only": ("string", "Target/Class/test filter")}),
    tool("screenshot", "Accessibility hierarchy of the app at the failure point.", {"test": ("string", "test id"), "step": ("string", "which step")}),
    tool("read_file", "Read a file of the repo.", {"path": ("string", "repo path")}),
    tool("edit_file", "Apply a unified diff.", {"path": ("string", "repo path"), "patch": ("string", "unified diff")}),
]

IOS_TESTS = ["CartUITests/testAddToCartFromSearch", "CartUITests/testRemoveLastItemShowsEmptyState",
             "CartUITests/testQuantityStepperLimits", "CheckoutUITests/testGuestCheckout",
             "CheckoutUITests/testApplePayCheckout", "CheckoutUITests/testPromoCodeInvalid",
             "CheckoutUITests/testAddressAutocomplete", "LoginUITests/testLoginWithSSO",
             "LoginUITests/testLoginErrorBanner", "LoginUITests/testLogoutReturnsToLogin",
             "OnboardingUITests/testSkipOnboarding", "OnboardingUITests/testNotificationPermissionPrompt",
             "SearchUITests/testRecentSearchesPersist", "SearchUITests/testFilterSheetDismiss",
             "ProfileUITests/testEditDisplayName", "ProfileUITests/testDeleteAccountConfirmation"]

SWIFT_FILES = ["App/BasketlyApp.swift", "Features/Cart/CartView.swift", "Features/Cart/CartViewModel.swift",
               "Features/Checkout/CheckoutView.swift", "Features/Checkout/PaymentSheet.swift",
               "Features/Checkout/PromoCodeField.swift", "Features/Login/LoginView.swift", "Features/Login/SSOButton.swift",
               "Features/Search/SearchView.swift", "Features/Search/FilterSheet.swift", "Features/Profile/ProfileView.swift",
               "Core/Networking/APIClient.swift", "Core/Networking/Endpoints.swift", "Core/Storage/Keychain.swift",
               "Core/Design/Buttons.swift", "Core/Design/Colors.swift"]


def ios_log(seed, failures, when, uuid):
    """An xcodebuild test log; failures: {test: message}. The build part varies with the seed."""
    rng = random.Random(seed)
    L = ["Command line invocation:",
         "    /Applications/Xcode_16.2.app/Contents/Developer/usr/bin/xcodebuild test -workspace Basketly.xcworkspace "
         "-scheme BasketlyUITests -destination 'platform=iOS Simulator,name=iPhone 16,OS=18.2' -resultBundlePath "
         "build/Results-%s.xcresult" % uuid,
         "", "User defaults from command line:", "    IDEPackageSupportUseBuiltinSCM = YES", "",
         "Prepare packages", "Resolve Package Graph", "Resolved source packages:",
         "  swift-snapshot-testing: https://example.invalid/pointfreeco/swift-snapshot-testing @ 1.17.6",
         "  Kingfisher: https://example.invalid/onevcat/Kingfisher @ 8.1.3", ""]
    for f in SWIFT_FILES:
        if rng.random() < 0.7:
            L.append("CompileSwift normal arm64 /Users/runner/work/basketly/ios/Basketly/%s (in target 'Basketly' from project 'Basketly')" % f)
            L.append("    cd /Users/runner/work/basketly/ios")
            L.append("    builtin-swiftTaskExecution -- /Applications/Xcode_16.2.app/.../swift-frontend -frontend -c -primary-file "
                     "Basketly/%s -target arm64-apple-ios18.0-simulator -Onone -enable-testing -module-name Basketly" % f)
            L.append("")
    L += ["Ld /Users/runner/Library/Developer/Xcode/DerivedData/Basketly-%s/Build/Products/Debug-iphonesimulator/Basketly.app/Basketly normal" % uuid[:20],
          "CodeSign /Users/runner/Library/Developer/Xcode/DerivedData/Basketly-%s/Build/Products/Debug-iphonesimulator/Basketly.app" % uuid[:20],
          "** TEST BUILD SUCCEEDED **", "",
          "%s xcodebuild[%d:%d] Writing result bundle at path:" % (when, 40000 + rng.randint(0, 9999), 1000000 + rng.randint(0, 99999)),
          "\t/Users/runner/work/basketly/ios/build/Results-%s.xcresult" % uuid,
          "Test Suite 'All tests' started at %s" % when]
    nf = 0
    total = 0.0
    for tst in IOS_TESTS:
        cls, name = tst.split("/")
        dur = rng.uniform(3.1, 24.0)
        total += dur
        L.append("Test Case '-[BasketlyUITests.%s %s]' started." % (cls, name))
        for k in range(rng.randint(2, 5)):
            L.append("    t = %7.2fs %s" % (dur * (k + 1) / 6, rng.choice(
                ["Open com.basketly.app", "Wait for com.basketly.app to idle", "Tap \"Search\" SearchField",
                 "Type 'oat milk' into \"Search\" SearchField", "Find the \"Add to cart\" Button", "Swipe up Application",
                 "Checking existence of `\"Cart\" Button`", "Tap \"Continue\" Button", "Find the \"Email\" TextField"])))
        if tst in failures:
            nf += 1
            L.append("/Users/runner/work/basketly/ios/BasketlyUITests/%s.swift:%d: error: -[BasketlyUITests.%s %s] : %s"
                     % (cls, failures[tst][0], cls, name, failures[tst][1]))
            L.append("Test Case '-[BasketlyUITests.%s %s]' failed (%.3f seconds)." % (cls, name, dur))
        else:
            L.append("Test Case '-[BasketlyUITests.%s %s]' passed (%.3f seconds)." % (cls, name, dur))
    L.append("Test Suite 'All tests' %s at %s." % ("failed" if nf else "passed", when))
    L.append("\t Executed %d tests, with %d failure%s (0 unexpected) in %.3f (%.3f) seconds"
             % (len(IOS_TESTS), nf, "" if nf == 1 else "s", total, total + 1.7))
    L.append("")
    L.append("** TEST %s **" % ("FAILED" if nf else "SUCCEEDED"))
    return "\n".join(L)


def ios_uuid(rng):
    return "%08x-%04x-%04x-%04x-%012x" % (rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(16), rng.getrandbits(16), rng.getrandbits(48))


PAY_FAIL = (88, "Failed to tap \"Pay\" Button: No matches found for Elements matching predicate "
            "'\"Pay\" IN identifiers' from input {(Button, identifier: 'applePayButton', label: 'Buy with Apple Pay'), "
            "Button, label: 'Back', Button, label: 'Cancel')}")


def ios_runaway_alternating():
    c = Conv(IOS_SYS, IOS_TOOLS)
    c.user("CheckoutUITests/testApplePayCheckout fails on CI about 1 run in 3 and now every run on main. Fix it.")
    c.snap(0)
    rng = random.Random(5)
    t = 0

    def run(txt):
        nonlocal t
        t += 190 + rng.randint(0, 40)
        c.step(t, txt, "run_ui_tests", {"scheme": "BasketlyUITests", "only": ""},
               ios_log(rng.randint(0, 10 ** 6), {"CheckoutUITests/testApplePayCheckout": PAY_FAIL},
                       "2026-02-11 10:%02d:%02d.%03d" % (t // 60 % 60, t % 60, rng.randint(0, 999)), ios_uuid(rng)))

    run("Running the UI suite to see the failure.")
    t += 15
    c.step(t, "Reading the test.", "read_file", {"path": "BasketlyUITests/CheckoutUITests.swift"},
           "    func testApplePayCheckout() throws {\n        let app = XCUIApplication()\n        app.launchArguments += [\"-uiTesting\", \"-stubPayments\"]\n"
           "        app.launch()\n        addItemAndOpenCart(app)\n        app.buttons[\"Checkout\"].tap()\n"
           "        app.buttons[\"Pay\"].tap()            // line 88\n        XCTAssertTrue(app.staticTexts[\"Order confirmed\"].waitForExistence(timeout: 10))\n    }\n")
    edits = [
        ("The Pay button probably isn't there yet; wait for it.",
         "@@ -88 +88,2 @@\n-        app.buttons[\"Pay\"].tap()\n+        XCTAssertTrue(app.buttons[\"Pay\"].waitForExistence(timeout: 10))\n+        app.buttons[\"Pay\"].tap()"),
        ("Timeout didn't help; the sheet may still be animating. Adding a short sleep before tapping.",
         "@@ -88,2 +88,3 @@\n+        sleep(2)\n         XCTAssertTrue(app.buttons[\"Pay\"].waitForExistence(timeout: 10))"),
        ("Maybe it is off-screen; scroll the payment sheet up first.",
         "@@ -88 +88,2 @@\n+        app.sheets.firstMatch.swipeUp()\n         sleep(2)"),
        ("Let me query by label instead of identifier.",
         "@@ -89,2 +89,2 @@\n-        XCTAssertTrue(app.buttons[\"Pay\"].waitForExistence(timeout: 10))\n-        app.buttons[\"Pay\"].tap()\n"
         "+        XCTAssertTrue(app.buttons.matching(NSPredicate(format: \"label == 'Pay'\")).firstMatch.waitForExistence(timeout: 10))\n"
         "+        app.buttons[\"Pay\"].tap()"),
        ("Increase the wait to 30 seconds, CI simulators are slow.",
         "@@ -89 +89 @@\n-        ...waitForExistence(timeout: 10))\n+        ...waitForExistence(timeout: 30))"),
        ("Try tapping via coordinate at the bottom of the sheet where Pay is.",
         "@@ -90 +90,2 @@\n-        app.buttons[\"Pay\"].tap()\n+        app.sheets.firstMatch.coordinate(withNormalizedOffset: CGVector(dx: 0.5, dy: 0.92)).tap()\n+        app.buttons[\"Pay\"].tap()"),
        ("Perhaps the keyboard covers it; dismiss the keyboard first.",
         "@@ -88 +88 @@\n+        app.keyboards.buttons[\"Return\"].tap()"),
        ("Going back to a longer sleep.", "@@ -88 +88 @@\n-        sleep(2)\n+        sleep(5)"),
    ]
    for i, (txt, patch) in enumerate(edits):
        t += 40
        c.step(t, txt, "edit_file", {"path": "BasketlyUITests/CheckoutUITests.swift", "patch": patch}, {"applied": True, "hunks": 1})
        run("Re-running the suite." if i % 2 == 0 else "Running the tests again.")
    # turns: 1 user, 2 run, 3 read, 4 edit, 5 run fail, 6 edit, 7 run fail (same error after a second fix): loop
    session("ios_ui_test_fixer", "runaway", "chat", c, (7, 13),
            "Different timing edits alternate with full-suite runs; each ~10 KB xcodebuild log differs in build lines, "
            "durations and ids, but the same 'Pay' lookup error (the button is 'applePayButton') is buried in every one.",
            "dev-mobile-1", max_out=2000)


def ios_tree(screen, ident, stamp):
    return ("Attributes: Application, pid: 61233, label: 'Basketly'  captured %s\nElement subtree:\n"
            " →Application, 0x600000c1c000, pid: 61233, label: 'Basketly'\n"
            "    Window (Main), 0x600000c1c0e0, {{0.0, 0.0}, {393.0, 852.0}}\n"
            "      NavigationBar, identifier: '%s'\n        Button, label: 'Back'\n        StaticText, label: '%s'\n"
            "      Other, identifier: 'CartSummary'\n        StaticText, label: '3 items'\n        StaticText, label: '$18.47'\n"
            "      Button, identifier: 'checkoutButton', label: 'Checkout', enabled: false\n"
            "      Other, identifier: 'LoadingOverlay', label: 'Updating prices…'\n" % (stamp, screen, screen))


def ios_runaway_cycle():
    c = Conv(IOS_SYS, IOS_TOOLS)
    c.user("CartUITests/testRemoveLastItemShowsEmptyState times out on 'checkout_button'. Make it green.")
    c.snap(0)
    t = 0
    ids = ["checkout_button", "checkoutButton"]
    rng = random.Random(9)
    for i in range(6):
        t += 30
        c.step(t, "Looking at the screen at the failure." if i == 0 else "Checking the screen again.", "screenshot",
               {"test": "CartUITests/testRemoveLastItemShowsEmptyState", "step": "tap checkout"},
               ios_tree("Cart", "checkoutButton", "2026-02-12T09:%02d:%02dZ" % (t // 60 % 60, t % 60)))
        new, old = ids[(i + 1) % 2], ids[i % 2]
        t += 20
        c.step(t, "The identifier looks mismatched; switching the query to '%s'." % new, "edit_file",
               {"path": "BasketlyUITests/CartUITests.swift",
                "patch": "@@ -41 +41 @@\n-        let checkout = app.buttons[\"%s\"]\n+        let checkout = app.buttons[\"%s\"]" % (old, new)},
               {"applied": True, "hunks": 1})
        t += 170
        c.step(t, "Running just that test.", "run_ui_tests", {"scheme": "BasketlyUITests", "only": "BasketlyUITests/CartUITests/testRemoveLastItemShowsEmptyState"},
               "Test Case '-[BasketlyUITests.CartUITests testRemoveLastItemShowsEmptyState]' started.\n"
               "    t =     0.00s Start Test at 2026-02-12 09:%02d:%02d.%03d\n    t =     1.84s Open com.basketly.app\n"
               "    t =    12.02s Checking existence of `\"%s\" Button`\n"
               "CartUITests.swift:42: error: -[BasketlyUITests.CartUITests testRemoveLastItemShowsEmptyState] : "
               "Failed to tap \"%s\" Button: Button is not hittable (LoadingOverlay 'Updating prices…' covers it)\n"
               "Test Case '-[BasketlyUITests.CartUITests testRemoveLastItemShowsEmptyState]' failed (12.%03d seconds).\n"
               "Result bundle: build/Results-%s.xcresult\n** TEST FAILED **"
               % (t // 60 % 60, t % 60, rng.randint(0, 999), new, new, rng.randint(0, 999), ios_uuid(rng)))
    # cycle screenshot / rename / run (period 3; names toggle so content period 6); turn 5 starts round 2
    session("ios_ui_test_fixer", "runaway", "responses", c, (5, 13),
            "A period-3 cycle (screenshot, toggle the identifier, run) where the real cause, a loading overlay, never "
            "changes; only timestamps and result-bundle ids tick.", "dev-mobile-2", max_out=1500)


def ios_healthy_converging():
    c = Conv(IOS_SYS, IOS_TOOLS)
    c.user("Nightly UI run had 3 failures. Get the suite green, one fix at a time.")
    c.snap(0)
    rng = random.Random(13)
    t = 0
    runs = [
        {"SearchUITests/testFilterSheetDismiss": (63, "Failed to tap \"Done\" Button: Multiple matching elements found for <XCUIElementQuery: 0x6000021f8b40>."),
         "ProfileUITests/testEditDisplayName": (37, "XCTAssertEqual failed: (\"Dana \") is not equal to (\"Dana\")"),
         "OnboardingUITests/testNotificationPermissionPrompt": (29, "Failed to get matching snapshot: No matches found for Alert from input {( Application )}")},
        {"ProfileUITests/testEditDisplayName": (37, "XCTAssertEqual failed: (\"Dana \") is not equal to (\"Dana\")"),
         "OnboardingUITests/testNotificationPermissionPrompt": (29, "Failed to get matching snapshot: No matches found for Alert from input {( Application )}")},
        {"OnboardingUITests/testNotificationPermissionPrompt": (31, "Asynchronous wait failed: Exceeded timeout of 5 seconds, with unfulfilled expectations: \"interruption monitor fired\".")},
        {},
    ]
    fixes = [
        ("Features/Search/FilterSheet.swift", "Two 'Done' buttons (toolbar and sheet). Giving the sheet's one an identifier and querying it.",
         "@@ -112 +112 @@\n-            Button(\"Done\") { dismiss() }\n+            Button(\"Done\") { dismiss() }.accessibilityIdentifier(\"filterDone\")"),
        ("Features/Profile/ProfileView.swift", "The name field keeps a trailing space from typeText; trim on save.",
         "@@ -58 +58 @@\n-        viewModel.save(displayName: draft)\n+        viewModel.save(displayName: draft.trimmingCharacters(in: .whitespaces))"),
        ("BasketlyUITests/OnboardingUITests.swift", "The alert is a springboard alert; handle it via the springboard app instead of an interruption monitor.",
         "@@ -25,6 +25,4 @@\n-        addUIInterruptionMonitor(withDescription: \"notifications\") { a in a.buttons[\"Allow\"].tap(); return true }\n"
         "+        let springboard = XCUIApplication(bundleIdentifier: \"com.apple.springboard\")\n+        springboard.alerts.buttons[\"Allow\"].tap()"),
    ]
    for i, fails in enumerate(runs):
        t += 200 + rng.randint(0, 30)
        c.step(t, "Running the full UI suite." if i == 0 else "Re-running after the fix.", "run_ui_tests",
               {"scheme": "BasketlyUITests", "only": ""},
               ios_log(rng.randint(0, 10 ** 6), fails, "2026-02-13 02:%02d:%02d.%03d" % (t // 60 % 60, t % 60, rng.randint(0, 999)), ios_uuid(rng)))
        if i < len(fixes):
            path, why, patch = fixes[i]
            t += 40
            c.step(t, why, "edit_file", {"path": path, "patch": patch}, {"applied": True, "hunks": 1})
    c.say("All 16 UI tests pass. Fixed: ambiguous Done button (identifier), trailing-space display name (trim on save), "
          "notification alert (springboard query). The onboarding fix needed a second attempt.")
    c.user("Nice. Open a PR.")
    c.snap(t + 90)
    session("ios_ui_test_fixer", "healthy", "anthropic", c, None,
            "Full-suite runs with long logs sharing all their boilerplate; the failures change every run and then the "
            "suite passes.", "dev-mobile-3", max_out=2000)


def ios_healthy_revisit():
    c = Conv(IOS_SYS, IOS_TOOLS)
    c.user("The three LoginUITests are flaky after the SSO redesign. Fix them; they all start on the login screen.")
    c.snap(0)
    t = 0
    plan = [
        ("LoginUITests/testLoginWithSSO", "after tap SSO",
         "Login screen, SSO button shows a spinner: ASWebAuthenticationSession sheet not presented in UI-test mode.",
         "Features/Login/SSOButton.swift", "@@ -31 +31,3 @@\n+        if ProcessInfo.processInfo.arguments.contains(\"-uiTesting\") {\n+            return completeWithStubToken()\n+        }",
         "Test Case '-[BasketlyUITests.LoginUITests testLoginWithSSO]' passed (6.912 seconds)."),
        ("LoginUITests/testLoginErrorBanner", "after wrong password",
         "Login screen, error banner 'Wrong email or password' visible but identifier is 'banner' not 'loginError'.",
         "Features/Login/LoginView.swift", "@@ -77 +77 @@\n-            .accessibilityIdentifier(\"banner\")\n+            .accessibilityIdentifier(\"loginError\")",
         "Test Case '-[BasketlyUITests.LoginUITests testLoginErrorBanner]' passed (4.180 seconds)."),
        ("LoginUITests/testLogoutReturnsToLogin", "after logout",
         "Profile screen still visible, logout confirmation dialog 'Log out?' waiting for a tap.",
         "BasketlyUITests/LoginUITests.swift", "@@ -120 +120,2 @@\n         app.buttons[\"Log out\"].tap()\n+        app.alerts[\"Log out?\"].buttons[\"Log out\"].tap()",
         "Test Case '-[BasketlyUITests.LoginUITests testLogoutReturnsToLogin]' passed (8.503 seconds)."),
    ]
    for k, (test, step, scr, path, patch, ok) in enumerate(plan):
        t += 25
        c.step(t, "Looking at %s at its failure point." % test, "screenshot", {"test": test, "step": step},
               "Application 'Basketly' — screen: Login (LoginView)\n  TextField 'Email'\n  SecureTextField 'Password'\n"
               "  Button 'Continue with SSO'\n  Button 'Log in'\nNote: " + scr)
        t += 30
        c.step(t, "Fixing it in %s." % path, "edit_file", {"path": path, "patch": patch}, {"applied": True, "hunks": 1})
        t += 120
        c.step(t, "Running %s alone." % test, "run_ui_tests", {"scheme": "BasketlyUITests", "only": "BasketlyUITests/" + test},
               "Test Case '-[BasketlyUITests.%s]' started.\n%s\n** TEST SUCCEEDED **" % (test.replace("/", " "), ok))
    t += 230
    c.step(t, "Running the whole Login class three times to check flakiness.", "run_ui_tests",
           {"scheme": "BasketlyUITests", "only": "BasketlyUITests/LoginUITests -test-iterations 3"},
           "Executed 9 tests, with 0 failures (0 unexpected) in 61.204 (62.950) seconds\n** TEST SUCCEEDED **")
    c.say("All three Login tests pass, 3/3 iterations.")
    c.user("Thanks!")
    c.snap(t + 60)
    session("ios_ui_test_fixer", "healthy", "chat", c, None,
            "Three different tests fixed in turn; the agent revisits the same login screen and the same tools each time, "
            "but each fix is new and each run passes.", "dev-mobile-4", max_out=1500)


def peer_and_ios():
    pr_runaway_encrypted()
    pr_runaway_handoff()
    pr_healthy_batch()
    pr_healthy_revisions()
    ios_runaway_alternating()
    ios_runaway_cycle()
    ios_healthy_converging()
    ios_healthy_revisit()



# ---------------------------------------------------------------- freight_invoice_audit
FR_SYS = ("You audit LTL and truckload carrier invoices for Northwind Foods. For each invoice compare every line "
          "(linehaul, fuel surcharge FSC, accessorials) with the contracted rate card and the shipment record. Amounts "
          "are integer cents. File a dispute per overbilled line with the exact difference. Do not dispute within 1%.")
FR_TOOLS = [
    tool("list_invoices", "Page through unaudited invoices.", {"cursor": ("string", "empty for first page")}, []),
    tool("get_invoice", "Invoice with lines.", {"invoice_id": ("string", "e.g. INV-ODFL-0098812")}),
    tool("get_rate_card", "Contracted rates for a carrier and lane.", {"carrier": ("string", "SCAC"), "lane": ("string", "ORIG-DEST zip3")}),
    tool("get_shipment", "Shipment record by PRO number.", {"pro": ("string", "carrier PRO number")}),
    tool("file_dispute", "Open a dispute on one invoice line.",
         {"invoice_id": ("string", "invoice"), "line": ("integer", "line number"), "amount_cents": ("integer", "amount disputed"),
          "reason": ("string", "reason")}),
]


def fr_invoice(inv, scac, lane, pro, lines):
    return {"invoice_id": inv, "scac": scac, "lane": lane, "pro": pro, "currency": "USD",
            "lines": [{"line": i + 1, "code": c, "description": d, "amount_cents": a} for i, (c, d, a) in enumerate(lines)],
            "total_cents": sum(a for _, _, a in lines), "terms": "Net 30", "remit_to": "PO Box 4410, Thomasville NC 27361"}


def fr_runaway_renamed():
    c = Conv(FR_SYS, FR_TOOLS)
    c.user("Audit INV-SAIA-7730419 (Saia, lane 303-606). Finance says the fuel surcharge looks high.")
    c.snap(0)
    c.step(6, "Pulling the invoice.", "get_invoice", {"invoice_id": "INV-SAIA-7730419"},
           fr_invoice("INV-SAIA-7730419", "SAIA", "303-606", "1088-4471-220",
                      [("LH", "Linehaul 14 pallets 11,820 lb class 70", 214500), ("FSC", "Fuel surcharge 38.4%", 82368),
                       ("LG", "Liftgate delivery", 9500), ("APPT", "Appointment delivery", 4500)]))
    c.step(12, "Checking the contracted FSC.", "get_rate_card", {"carrier": "SAIA", "lane": "303-606"},
           {"carrier": "SAIA", "lane": "303-606", "linehaul_cents_per_cwt": 1815, "min_charge_cents": 18500,
            "fsc_table": "DOE diesel 3.801-3.850 -> 32.0%", "accessorials": {"LG": 9500, "APPT": 4500}, "discount": "none"})
    rej = ("422 Unprocessable Entity: amount_cents {amt} exceeds the billed amount of line {line} ({billed} cents). A dispute "
           "can only claim part of a line. Draft {draft} discarded.")
    tries = [
        ("FSC should be 32.0% of 214500 = 68640; billed 82368. Disputing the difference.", 4, 82368, "Fuel surcharge billed at 38.4%, contract 32.0%"),
        ("Refiling the fuel surcharge dispute with the full line.", 4, 82368, "FSC overbilled vs rate card 32%"),
        ("Filing it as the fuel line instead.", 4, 82368, "Fuel: contract table gives 32.0% at DOE 3.82"),
        ("Retrying the surcharge dispute.", 4, 82368, "Surcharge percentage exceeds contract"),
        ("Disputing line 4, the FSC.", 4, 82368, "FSC 38.4% billed, 32% contracted"),
        ("Filing the fuel surcharge dispute again with a clearer reason.", 4, 82368, "Rate card FSC 32.0% (DOE 3.801-3.850); invoice uses 38.4%"),
        ("Trying once more on the fuel line.", 4, 82368, "Fuel surcharge overcharge"),
        ("Refiling the FSC dispute.", 4, 82368, "FSC not per contract"),
        ("Submitting the surcharge dispute again.", 4, 82368, "Overbilled fuel surcharge"),
        ("Disputing the fuel surcharge on line 4 again.", 4, 82368, "FSC 38.4% vs 32.0%"),
        ("Filing the FSC dispute.", 4, 82368, "Contract FSC is 32%"),
    ]
    t = 12
    for i, (txt, line, amt, why) in enumerate(tries):
        t += 9 + (i % 3) * 4
        c.step(t, txt, "file_dispute", {"invoice_id": "INV-SAIA-7730419", "line": line, "amount_cents": amt, "reason": why},
               {"error": rej.format(amt=amt, line=line, billed=4500, draft="DRF-%05d" % (30117 + 13 * i))})
    # the agent files against line 4 (APPT, 4500) instead of line 2 and claims the whole FSC; every draft id differs
    session("freight_invoice_audit", "runaway", "chat", c, (5, 10),
            "The same wrong dispute (line 4 instead of line 2, full amount instead of the difference) is rejected again "
            "and again; each rejection names a new draft id and each reason is reworded.", "ap-audit-1", max_out=900)


def fr_runaway_404():
    c = Conv(FR_SYS, FR_TOOLS)
    c.user("INV-ODFL-0098812 bills a redelivery. Verify against the shipment record (PRO 07742291-5).")
    c.snap(0)
    c.step(5, "Reading the invoice.", "get_invoice", {"invoice_id": "INV-ODFL-0098812"},
           fr_invoice("INV-ODFL-0098812", "ODFL", "462-752", "07742291-5",
                      [("LH", "Linehaul", 131200), ("FSC", "Fuel surcharge 31.5%", 41328), ("REDEL", "Redelivery - consignee closed", 17500)]))
    variants = ["07742291-5", "077422915", "7742291-5"]
    t = 5
    for i in range(13):
        v = variants[i % 3]
        t += 6
        txt = ["Looking up the shipment.", "Not found; the PRO may be stored without the dash.",
               "Trying without the leading zero."][i % 3] if i < 3 else ["Trying the PRO as printed again.", "Trying it without the dash.", "Trying without the leading zero."][i % 3]
        c.step(t, txt, "get_shipment", {"pro": v},
               {"status": 404, "error": "shipment not found", "pro": v, "searched": ["ODFL EDI 214 feed", "TMS archive 2025-2026"]})
    # 1 user, 2 invoice, 3-5 three variants (reasonable), 6 repeats the first variant: the cycle is under way
    session("freight_invoice_audit", "runaway", "responses", c, (6, 11),
            "A permanent 404 retried forever by cycling the same three spellings of the PRO number (period 3).", "ap-audit-2", max_out=700)


def fr_healthy_pages():
    c = Conv(FR_SYS, FR_TOOLS)
    c.user("Run the weekly audit: go through all unaudited invoices for week 14.")
    c.snap(0)
    rng = random.Random(14)
    t = 0
    pages = [("", "c2", ["INV-ODFL-0099120", "INV-SAIA-7731002", "INV-XPOL-5520013"]),
             ("c2", "c3", ["INV-ODFL-0099187", "INV-ABFS-2210448", "INV-SAIA-7731055"]),
             ("c3", None, ["INV-XPOL-5520098", "INV-ABFS-2210471"])]
    overs = {"INV-ODFL-0099120": (38.0, 32.5), "INV-XPOL-5520013": (41.2, 34.0), "INV-SAIA-7731055": (36.9, 31.0),
             "INV-ABFS-2210471": (35.5, 29.5)}
    for cur, nxt, invs in pages:
        t += 10
        c.step(t, "Listing invoices." if not cur else "Next page.", "list_invoices", {"cursor": cur},
               {"invoices": [{"invoice_id": i, "received": "2026-04-0%d" % (1 + k)} for k, i in enumerate(invs)], "next_cursor": nxt})
        for inv in invs:
            scac = inv.split("-")[1]
            lh = rng.randint(60000, 300000)
            billed_pct, contract_pct = overs.get(inv, (30.5, 30.5))
            fsc = lh * int(billed_pct * 10) // 1000
            t += 7
            c.step(t, "Auditing %s." % inv, "get_invoice", {"invoice_id": inv},
                   fr_invoice(inv, scac, "3%02d-6%02d" % (rng.randint(0, 99), rng.randint(0, 99)), "%d" % rng.randint(10 ** 9, 10 ** 10),
                              [("LH", "Linehaul", lh), ("FSC", "Fuel surcharge %.1f%%" % billed_pct, fsc)]))
            if inv in overs:
                diff = fsc - lh * int(contract_pct * 10) // 1000
                t += 8
                c.step(t, "FSC billed at %.1f%%, contract %.1f%%: overbilled by %d cents. Disputing line 2." % (billed_pct, contract_pct, diff),
                       "file_dispute", {"invoice_id": inv, "line": 2, "amount_cents": diff,
                                        "reason": "FSC %.1f%% billed, %.1f%% per rate card" % (billed_pct, contract_pct)},
                       {"dispute_id": "DSP-%d" % (51200 + rng.randint(0, 999)), "status": "Submitted"})
    c.say("Week 14 done: 8 invoices audited, 4 fuel-surcharge overbillings disputed (ODFL-0099120, XPOL-5520013, "
          "SAIA-7731055, ABFS-2210471), 4 clean.")
    c.user("Good. Export the dispute list to the AP channel.")
    c.snap(t + 60)
    session("freight_invoice_audit", "healthy", "responses", c, None,
            "Cursor pagination through invoices; the same FSC-overbilling finding and dispute recur on four different "
            "invoices with different amounts.", "ap-audit-3", max_out=900)


def fr_healthy_backoff():
    c = Conv(FR_SYS, FR_TOOLS)
    c.user("Audit INV-XPOL-5521190 (XPO, lane 750-303). Their rate API has been flaky today.")
    c.snap(0)
    c.step(5, "Reading the invoice.", "get_invoice", {"invoice_id": "INV-XPOL-5521190"},
           fr_invoice("INV-XPOL-5521190", "XPOL", "750-303", "443019876",
                      [("LH", "Linehaul 9 pallets class 85", 187400), ("FSC", "Fuel surcharge 33.0%", 61842),
                       ("RES", "Residential delivery", 12500), ("INS", "Inside delivery", 15000)]))
    t = 5
    errs = [(429, "Too Many Requests", "Retry-After: 4"), (503, "Service Unavailable", "upstream rating engine timeout"),
            (429, "Too Many Requests", "Retry-After: 16"), (503, "Service Unavailable", "Retry-After: 30")]
    waits = [4, 8, 16, 30]
    for i, (code, msg, hint) in enumerate(errs):
        t += waits[i - 1] if i else 4
        c.step(t, "Fetching the rate card." if i == 0 else "Got %d; waited %d s as advised, retrying." % (errs[i - 1][0], waits[i - 1]),
               "get_rate_card", {"carrier": "XPOL", "lane": "750-303"}, {"status": code, "error": msg, "detail": hint})
    t += 30
    c.step(t, "Retrying after the 30 s Retry-After.", "get_rate_card", {"carrier": "XPOL", "lane": "750-303"},
           {"carrier": "XPOL", "lane": "750-303", "linehaul_cents_per_cwt": 2140, "fsc_table": "DOE 3.701-3.750 -> 33.0%",
            "accessorials": {"RES": 9500, "INS": 15000}, "min_charge_cents": 21000})
    t += 9
    c.step(t, "Rate card loaded. FSC matches (33.0%). Residential delivery billed 12500 vs contract 9500: disputing 3000 on line 3.",
           "file_dispute", {"invoice_id": "INV-XPOL-5521190", "line": 3, "amount_cents": 3000, "reason": "RES accessorial 125.00 billed, 95.00 contracted"},
           {"dispute_id": "DSP-51877", "status": "Submitted"})
    t += 7
    c.step(t, "Checking the shipment to confirm it was residential.", "get_shipment", {"pro": "443019876"},
           {"pro": "443019876", "consignee": "J. Alvarez, 1190 Cedar Ridge Dr, Denton TX", "address_type": "residential",
            "pallets": 9, "weight_lb": 8760, "delivered": "2026-04-03T15:12:00-05:00"})
    c.say("INV-XPOL-5521190: linehaul and FSC correct, inside delivery correct, residential surcharge overbilled by 30.00 "
          "(dispute DSP-51877). The rate API needed four retries with backoff (429/503) before answering.")
    c.user("Thanks.")
    c.snap(t + 40)
    session("freight_invoice_audit", "healthy", "anthropic", c, None,
            "429/503 retries with growing Retry-After delays that then succeed, followed by a normal audit.", "ap-audit-4", max_out=900)


# ---------------------------------------------------------------- lost_luggage_claims
LL_SYS = ("You are the baggage-claims agent for Aeris Airlines. Tools: trace_bag (WorldTracer-style scan history by "
          "tag), get_claim, update_claim, issue_payment (interim or final compensation, Montreal Convention cap 1,519 "
          "SDR). Be kind and concrete with passengers; amounts in integer cents.")
LL_TOOLS = [
    tool("trace_bag", "Scan history of a bag tag.", {"tag": ("string", "10-digit bag tag")}),
    tool("get_claim", "Claim record.", {"claim_id": ("string", "e.g. AER-LHR-48812")}),
    tool("update_claim", "Change status or add a note.", {"claim_id": ("string", "claim"), "status": ("string", "status"), "note": ("string", "note")}),
    tool("issue_payment", "Pay the passenger.", {"claim_id": ("string", "claim"), "amount_cents": ("integer", "amount"), "currency": ("string", "ISO 4217")}),
]


def ll_scan(tag, scans, status, file="ORDAE77219"):
    return {"tag": tag, "file": file, "status": status, "scans": [{"time": a, "station": b, "event": c} for a, b, c in scans]}


def ll_runaway_poll():
    c = Conv(LL_SYS, LL_TOOLS)
    c.user("Passenger M. Okafor, file ORDAE77219, bag tag 0157 482913. Keep an eye on the bag and tell me when it moves.")
    c.snap(0)
    scans = [("2026-06-02T18:40Z", "LHR", "checked in AE118"), ("2026-06-02T20:55Z", "LHR", "loaded AE118"),
             ("2026-06-03T07:12Z", "ORD", "arrival scan, not claimed"), ("2026-06-03T09:30Z", "ORD", "placed in baggage service office storage")]
    t = 0
    for i in range(15):
        t += 300 if i else 5
        txt = "Checking the trace." if i == 0 else ["No new scans; still in the ORD baggage office. Checking again in 5 minutes.",
                                                    "Still no movement. Will check again.", "Unchanged. Checking again shortly."][i % 3]
        c.step(t, txt, "trace_bag", {"tag": "0157482913"}, ll_scan("0157482913", scans, "ON HAND - awaiting forwarding instruction"))
    # the bag waits for a forwarding instruction the agent could give; polling cannot change it
    session("lost_luggage_claims", "runaway", "responses", c, (4, 12),
            "The bag sits in the ORD office 'awaiting forwarding instruction' and the agent polls the identical trace "
            "every five minutes instead of arranging delivery.", "claims-ord-1", max_out=600)


def ll_runaway_currency():
    c = Conv(LL_SYS, LL_TOOLS)
    c.user("Claim AER-CDG-31107: approved interim payment of 150 for essentials. The passenger lives in Lyon. Pay it.")
    c.snap(0)
    c.step(6, "Reading the claim.", "get_claim", {"claim_id": "AER-CDG-31107"},
           {"claim_id": "AER-CDG-31107", "passenger": "Camille Roux", "ticket_currency": "USD", "settlement_currency": "USD",
            "approved_interim": {"amount": 150, "note": "150 USD essentials"}, "bank": "IBAN FR76 **** 0412", "status": "APPROVED"})
    err = ("400 currency_mismatch: settlement currency for AER-CDG-31107 is locked to USD (ticket issued in USD); "
           "payment in %s refused. Use currency=USD; the bank converts.")
    t = 6
    tries = [("EUR", 15000, "She lives in France, paying 150 EUR."),
             ("GBP", 12900, "EUR refused; trying GBP, the card's home currency."),
             ("EUR", 13800, "Retrying in EUR with the converted amount."),
             ("GBP", 11800, "Trying GBP again at the converted rate."),
             ("EUR", 13800, "EUR again."),
             ("GBP", 11800, "GBP again."),
             ("EUR", 15000, "Trying 150 EUR."),
             ("GBP", 12900, "Trying GBP."),
             ("EUR", 13800, "EUR with conversion."),
             ("GBP", 11800, "GBP with conversion."),
             ("EUR", 13800, "EUR once more."),
             ("GBP", 11800, "GBP once more.")]
    for i, (cur, amt, txt) in enumerate(tries):
        t += 12 + i % 4
        c.step(t, txt, "issue_payment", {"claim_id": "AER-CDG-31107", "amount_cents": amt, "currency": cur}, {"error": err % cur})
    session("lost_luggage_claims", "runaway", "chat", c, (5, 10),
            "EUR and GBP payments alternate and fail the same way; the error says to use USD.", "claims-cdg-2", max_out=600)


def ll_healthy_moving():
    c = Conv(LL_SYS, LL_TOOLS)
    c.user("Bag tag 0157 530021 (passenger R. Iyer, file BOSAE90114) missed the connection in JFK. Track it until it is delivered, then close the file.")
    c.snap(0)
    base = [("2026-08-11T13:05Z", "DEN", "checked in AE402"), ("2026-08-11T19:48Z", "JFK", "missed connection AE88")]
    later = [("2026-08-11T21:30Z", "JFK", "rush tag issued, booked on AE90"), ("2026-08-11T23:02Z", "JFK", "loaded AE90"),
             ("2026-08-12T00:17Z", "BOS", "arrival scan"), ("2026-08-12T01:05Z", "BOS", "handed to courier BagsDirect, ETA 10:00"),
             ("2026-08-12T08:41Z", "BOS", "courier out for delivery, 14 Harbor St, Quincy"),
             ("2026-08-12T09:37Z", "BOS", "DELIVERED, signed R. IYER")]
    times = [5, 3600, 3 * 3600, 5 * 3600, 6 * 3600, 12 * 3600, 14 * 3600 + 600]
    for i, tt in enumerate(times):
        scans = base + later[:i]
        status = "DELIVERED" if i == len(later) else "IN TRANSIT"
        seen = (base + later[: i - 1])[-1][2]
        txt = "Checking the trace." if i == 0 else "Last scan was '%s'. Checking for new scans." % seen
        c.step(tt, txt, "trace_bag", {"tag": "0157530021"}, ll_scan("0157530021", scans, status, "BOSAE90114"))
    c.step(14 * 3600 + 700, "Delivered and signed for. Closing the file.", "update_claim",
           {"claim_id": "BOSAE90114", "status": "CLOSED", "note": "Delivered 2026-08-12 09:37Z by courier, signed by passenger."},
           {"ok": True, "claim_id": "BOSAE90114", "status": "CLOSED"})
    c.say("R. Iyer's bag was delivered to Quincy at 09:37Z and signed for; file BOSAE90114 is closed.")
    c.user("Perfect, thank you.")
    c.snap(14 * 3600 + 760)
    session("lost_luggage_claims", "healthy", "chat", c, None,
            "Hourly polls of a bag trace where a new scan appears each time until delivery, then the file is closed.",
            "claims-bos-3", max_out=600)


def ll_healthy_slow_human():
    c = Conv(LL_SYS + " You are chatting directly with the passenger.", LL_TOOLS)
    c.user("Hi, my suitcase didn't arrive in Madrid on AE331 from Chicago. The desk gave me reference MADAE60388.")
    c.snap(0)
    c.step(8, "I'm sorry — let me look at your claim.", "get_claim", {"claim_id": "MADAE60388"},
           {"claim_id": "MADAE60388", "passenger": "Hannah Lindqvist", "tag": "0157 611845", "status": "OPEN",
            "bag": "black hardshell, Samsonite, 69 cm, red ribbon", "delivery_address": None, "receipts": []})
    c.step(15, "Checking where the bag is.", "trace_bag", {"tag": "0157611845"},
           ll_scan("0157611845", [("2026-09-20T21:10Z", "ORD", "checked in AE331"), ("2026-09-20T22:40Z", "ORD", "not loaded - weight restriction")], "OFFLOADED - rebooking", "MADAE60388"))
    c.say("Your bag was offloaded in Chicago due to a weight restriction on the aircraft and will be put on the next "
          "flight. To deliver it, could you give me the address where you're staying in Madrid?")
    c.user("Sorry, was at the hotel check-in. It's Hotel Urso, Calle de Mejía Lequerica 8, 28004 Madrid. Room 312.")
    c.snap(15 + 2400)
    c.step(2430, "Adding the delivery address.", "update_claim",
           {"claim_id": "MADAE60388", "status": "OPEN", "note": "Deliver to Hotel Urso, C/ Mejía Lequerica 8, 28004 Madrid, room 312"},
           {"ok": True})
    c.say("Thank you, delivery is set to Hotel Urso. Meanwhile you can buy essentials up to 100 EUR per day; please "
          "keep receipts and send me photos when you can.")
    c.user("OK. I bought a toothbrush, a charger and a shirt. Receipts: 8.95, 24.99 and 39.00 euros. I'll upload the photos to the form.")
    c.snap(2430 + 3300)
    c.step(5745, "Recording the receipts.", "update_claim",
           {"claim_id": "MADAE60388", "status": "OPEN", "note": "Receipts: 8.95 + 24.99 + 39.00 = 72.94 EUR (photos via form)"},
           {"ok": True})
    c.say("Got it: 72.94 EUR in receipts. I'll pay that as soon as the photos are in. Anything else you needed?")
    c.user("Photos uploaded now. Also, do you know when the bag arrives?")
    c.snap(5745 + 1900)
    c.step(7660, "Checking the trace.", "trace_bag", {"tag": "0157611845"},
           ll_scan("0157611845", [("2026-09-20T21:10Z", "ORD", "checked in AE331"), ("2026-09-20T22:40Z", "ORD", "not loaded - weight restriction"),
                                 ("2026-09-21T21:05Z", "ORD", "loaded AE331"), ("2026-09-22T12:20Z", "MAD", "arrival scan, to courier")], "IN TRANSIT", "MADAE60388"))
    c.step(7670, "Paying the receipts.", "issue_payment", {"claim_id": "MADAE60388", "amount_cents": 7294, "currency": "EUR"},
           {"payment_id": "PAY-7781203", "status": "SENT", "amount_cents": 7294, "currency": "EUR"})
    c.say("Good news: your bag landed in Madrid at 12:20 and is with the courier; expect it at the hotel this evening. "
          "I've also sent 72.94 EUR for your receipts (PAY-7781203).")
    c.user("Thank you so much! It just arrived at reception.")
    c.snap(7670 + 3000)
    session("lost_luggage_claims", "healthy", "anthropic", c, None,
            "A passenger who answers 30-55 minutes apart; each reply brings new information and the claim moves to payment and delivery.",
            "pax-hlindqvist", max_out=700)


def freight_and_luggage():
    fr_runaway_renamed()
    fr_runaway_404()
    fr_healthy_pages()
    fr_healthy_backoff()
    ll_runaway_poll()
    ll_runaway_currency()
    ll_healthy_moving()
    ll_healthy_slow_human()



# ---------------------------------------------------------------- public_speaking_coach
SP_SYS = ("You are a public-speaking coach. The user is preparing a 12-minute talk, 'What a Power Outage Taught Our "
          "Hospital About Data', for a regional healthcare IT meetup. Be specific, honest about timing (about 130 spoken "
          "words per minute), and keep the user's voice.")


def sp_runaway_paraphrase():
    c = Conv(SP_SYS)
    c.user("My intro runs 90 seconds. I need it under 60. Here it is:\n\n\"Good evening everyone. Thank you for having me. "
           "Before I start I want to thank the organisers, especially Priya, who has been chasing me for slides for three "
           "weeks. My name is Tom Reyes, I'm the integration lead at St. Brendan's, I've been there eleven years, before "
           "that I was at a software vendor I won't name. Tonight I want to talk about the night of March 3rd, when a "
           "transformer failure took out power to our east wing for four hours, and our generators came up, but our "
           "interface engine did not. I'll tell you what broke, what we learned, and what we changed. And I'll try not "
           "to go over time, Priya.\"")
    c.snap(0)
    versions = [
        "Here's a tighter version:\n\n\"Good evening, and thank you for having me — special thanks to Priya for her patience with my slides. I'm Tom Reyes, integration lead at St. Brendan's for eleven years, and a former vendor engineer. On March 3rd, a transformer failure cut power to our east wing for four hours. The generators came up; our interface engine didn't. Tonight: what broke, what we learned, and what we changed.\"",
        "Let me trim it further:\n\n\"Good evening, thank you for having me, and thanks to Priya for her patience with my slides. I'm Tom Reyes; I've led integration at St. Brendan's for eleven years after working at a vendor. On March 3rd a transformer failed and our east wing lost power for four hours. Generators came up — the interface engine did not. I'll cover what broke, what we learned, and what we changed.\"",
        "A more concise version:\n\n\"Good evening and thanks for having me — and thank you, Priya, for being patient with my slides. I'm Tom Reyes, eleven years as integration lead at St. Brendan's, previously at a vendor. On March 3rd, a transformer failure left our east wing without power for four hours. The generators started; our interface engine didn't. So: what broke, what we learned, what we changed.\"",
        "Here's a shorter take:\n\n\"Good evening, thank you for having me, and thanks to Priya for her patience on the slides. I'm Tom Reyes — integration lead at St. Brendan's for eleven years, and before that a vendor engineer. March 3rd: a transformer fails, the east wing is dark for four hours, the generators come up and the interface engine doesn't. Tonight, what broke, what we learned, and what we changed.\"",
    ]
    users = ["I timed it: 84 seconds. Still too long.", "82 seconds. It's basically the same.",
             "Still 85 seconds. You keep giving me the same thing.", "83. Cut it properly please.",
             "Same length again. Under 60!", "84 seconds.", "Still the same intro, reworded.", "85 seconds again.",
             "No. Same length.", "83 seconds.", "Still not under 60.", "84."]
    t = 0
    for i, u in enumerate(users):
        t += 150 + (i % 3) * 40
        c.chat_step(t, versions[i % len(versions)], u)
    # turn 2 reports the first rewrite too long (fair); turn 3 carries the second, near-identical rewrite failing the same way
    session("public_speaking_coach", "runaway", "chat", c, (3, 8),
            "Asked to cut the intro below 60 s, the coach keeps returning the same ~80-word intro reworded; the user's "
            "timings never move.", "speaker-treyes", max_out=600)


SP_SECTIONS = [
    "## 1. The night the lights went out (1:30)\nIt's 9:40 p.m. on March 3rd. A transformer behind the east wing fails with a bang the night nurses still talk about. Within eleven seconds the generators pick up the load — exactly as designed. The monitors stay on. The ventilators stay on. And on the fourth floor, a nurse scans a wristband for a 10 p.m. dose and the medication cabinet says: patient not found.",
    "## 2. What actually broke (2:00)\nThe interface engine was on generator power. Its database was on generator power. But the switch between them was on a circuit that nobody had labelled, in a closet that had been 'temporary' since 2014. The engine kept accepting admissions from the registration desk and queued them — 1,412 messages by midnight — with nowhere to send them. Every system was up. Nothing was connected.",
    "## 3. Four hours of paper (1:45)\nWe went to downtime procedures. They worked, mostly. The binders were where they should be. What wasn't in the binders: how to reconcile four hours of paper orders with a queue of 1,412 messages that would all fire the moment the switch came back. When power returned at 1:52 a.m., the queue drained in ninety seconds and created 37 duplicate orders.",
    "## 4. Lesson one: map the boring things (1:30)\nWe had a beautiful diagram of our systems. It had no switches on it, no closets, no circuits. After March 3rd we walked every network path from the engine to each unit with an electrician and a labeller. We found three more single points of failure. Map the boring things; they are the ones that break.",
    "## 5. Lesson two: queues need a pause button (1:30)\nA queue that drains instantly after an outage is a second outage. We now hold the interface queue on recovery until the downtime coordinator releases it, unit by unit, after paper orders are entered. It costs us twenty minutes. It saved us from duplicates in our June drill.",
    "## 6. Lesson three: practise the recovery, not the failure (1:15)\nOur drills always ended when the backup kicked in. Nobody practised the moment power came back. Now every quarterly drill ends with a recovery: reconcile, release, verify. The first time we ran it, it took three hours. Last month, forty minutes.",
    "## 7. Close (1:00)\nEvery system was up that night, and patients still waited. Resilience isn't a property of boxes; it's a property of the paths between them and the people who know where the closets are. Go find your unlabelled switch. Thank you.",
]


def sp_runaway_continue():
    c = Conv(SP_SYS)
    c.user("Draft the talk for me section by section from my outline (outage -> what broke -> paper -> 3 lessons -> close). Start with section 1; I'll say 'continue'.")
    c.snap(0)
    t = 0
    replies = [SP_SECTIONS[0], SP_SECTIONS[1]] + [SP_SECTIONS[2]] * 10
    users = ["continue", "continue", "continue", "continue — that was section 3 already", "continue", "continue, next section please",
             "continue", "continue", "continue", "continue", "continue"]
    for i, u in enumerate(users):
        t += 40 + (i % 2) * 25
        c.chat_step(t, replies[i], u)
    # turn 4's request carries section 3 (new); turn 5's request carries the first verbatim repeat of section 3
    session("public_speaking_coach", "runaway", "responses", c, (5, 8),
            "Each 'continue' after section 3 is answered with section 3 again, word for word.", "speaker-treyes-2", max_out=800)


def sp_healthy_continue():
    c = Conv(SP_SYS)
    c.user("Please write the full talk from my outline, one section per reply. I'll say continue.")
    c.snap(0)
    extra = [
        "## 8. Q&A prep (not spoken)\nLikely questions: 'Why wasn't the switch on the diagram?' — Say: it predates the diagram and nobody owned the closet. 'Cost of the fix?' — Labelling and two UPS units, about $14,000. 'Would a cloud engine have avoided this?' — It would have moved the unlabelled switch, not removed it.",
        "## 9. Slide plan\n1 title; 2 photo of the transformer; 3 timeline 21:40-01:52; 4 the closet photo; 5 queue graph (1,412 messages); 6 three lessons; 7 drill times 3h -> 40 min; 8 thank you + contact.",
    ]
    t = 0
    allsec = SP_SECTIONS + extra
    for i, sec in enumerate(allsec):
        t += 45 + 15 * (i % 3)
        c.chat_step(t, sec, "continue" if i + 1 < len(allsec) else "That's everything. How long is it spoken?")
    session("public_speaking_coach", "healthy", "anthropic", c, None,
            "'continue' answered every time by a new section of the talk, then Q&A prep and a slide plan.", "speaker-treyes-3", max_out=900)


def sp_healthy_rehearsal():
    c = Conv(SP_SYS + " When the user rehearses a section, reply as: Timing / What worked / Fix first / Try this line.")
    fb = [
        ("1:41 against a 1:30 target", "The '11 seconds' detail lands — concrete and calm.", "You rushed 'patient not found'. It is the hook; pause before and after.", "\"...and the cabinet says: (pause) patient not found.\""),
        ("2:22 against 2:00", "The 1,412 number is strong.", "The closet history is a digression; cut 'since 2014' and the name of the contractor.", "\"Every system was up. (beat) Nothing was connected.\""),
        ("1:44, on target", "Good honesty about the binders.", "Explain '37 duplicate orders' in patient terms: two people almost got a double dose.", "\"Ninety seconds. Thirty-seven duplicate orders. Two of them were insulin.\""),
        ("1:18 against 1:30", "'Map the boring things' is quotable.", "Say how long the walk took; audiences love the unglamorous number.", "\"It took two electricians, one labeller and nine nights.\""),
        ("1:36", "The June drill proof point is convincing.", "'Pause button' metaphor is used twice; keep the first.", "\"A queue that drains instantly after an outage is a second outage.\""),
        ("1:09", "Clear contrast between practising failure and recovery.", "Drop the jargon 'reconcile, release, verify' or explain it in one sentence.", "\"Three hours the first time. Forty minutes last month.\""),
        ("0:58", "Strong, short close.", "Look up from notes on 'go find your unlabelled switch' — it's your last line.", "\"Go find your unlabelled switch.\""),
    ]
    t = 0
    gaps = [0, 1800, 2400, 3300, 1500, 2700, 3600, 2100, 1200]
    c.user("Rehearsing section 1 now, I recorded it: [transcript]\n" + SP_SECTIONS[0])
    c.snap(0)
    for i, (tm, good, fix, line) in enumerate(fb):
        reply = "Timing: %s\nWhat worked: %s\nFix first: %s\nTry this line: %s" % (tm, good, fix, line)
        t += gaps[i + 1]
        nxt = ("Took a break, then did section %d: [transcript]\n%s" % (i + 2, SP_SECTIONS[i + 1])) if i + 1 < len(SP_SECTIONS) \
            else "Full run-through tomorrow. What total time should I expect with your fixes?"
        c.chat_step(t, reply, nxt)
    session("public_speaking_coach", "healthy", "responses", c, None,
            "Section-by-section rehearsal with a fixed feedback template and different content; the speaker comes back "
            "20-60 minutes later each time.", "speaker-treyes-4", max_out=500)


# ---------------------------------------------------------------- seismic_sensor_qc
SE_SYS = ("You quality-check the broadband seismometers of the Cascadia Regional Network (network code CR). Tools: "
          "waveform_stats (PSD/RMS/gaps per channel), station_metadata (StationXML from a data centre), "
          "restart_acquisition (reboots the digitizer), maintenance_ticket (field work). Flatlines, gaps > 60 s, mass "
          "position > 70% and missing instrument responses must be actioned.")
SE_TOOLS = [
    tool("waveform_stats", "QC metrics for a station over a window.",
         {"station": ("string", "e.g. CR.HOOD"), "start": ("string", "ISO time"), "end": ("string", "ISO time")}),
    tool("station_metadata", "Fetch StationXML.", {"station": ("string", "station"), "datacenter": ("string", "data centre base URL")}),
    tool("restart_acquisition", "Reboot the digitizer and restart acquisition.", {"station": ("string", "station")}),
    tool("maintenance_ticket", "Open a field maintenance ticket.", {"station": ("string", "station"), "issue": ("string", "issue")}),
]


def se_boot(station, t0, seed):
    rng = random.Random(seed)
    L = []
    s = t0
    steps = ["[1/6] power-on self test: RAM ok, flash ok (Centaur CTR4-6S fw 1.13.2)",
             "[2/6] mounting SD archive /media/sd0: ext4, 58.2 GiB free",
             "[3/6] sensor link: Trillium 120PH, mass positions U=%+d%% V=%+d%% W=%+d%%" % (rng.randint(-9, 9), rng.randint(-9, 9), rng.randint(-9, 9))]
    for st in steps:
        s += rng.randint(2, 9)
        L.append("%s %s" % (hhmmss(0, s), st))
    s += 3
    L.append("%s [4/6] GPS timing: waiting for lock (timeout 600 s)" % hhmmss(0, s))
    for k in range(10):
        s += 60
        L.append("%s       gps: sats=0 fix=none antenna_current=0mA pll=freerun drift=%dus" % (hhmmss(0, s), 40 + k * 38 + rng.randint(0, 9)))
    s += 1
    L.append("%s [4/6] FAILED: GPS lock timeout after 600 s (antenna current 0 mA: open circuit?)" % hhmmss(0, s))
    L.append("%s acquisition not started; digitizer in safe mode. Samples not timestamped -> not archived." % hhmmss(0, s))
    return "\n".join(L)


def se_runaway_restart():
    c = Conv(SE_SYS, SE_TOOLS)
    c.user("CR.ELWH has shown no data since 03:12 UTC. Please get it recording again.")
    c.snap(0)
    c.step(10, "Checking the stream.", "waveform_stats", {"station": "CR.ELWH", "start": "2026-10-04T00:00Z", "end": "2026-10-04T09:00Z"},
           {"station": "CR.ELWH", "channels": {"HHZ": {"availability_pct": 34.6, "last_sample": "2026-10-04T03:12:08Z"},
                                               "HHN": {"availability_pct": 34.6}, "HHE": {"availability_pct": 34.6}}, "latency_s": 21050})
    t = 10
    texts = ["Restarting acquisition.", "GPS timed out; restarting again, the antenna may need a second cold start.",
             "Trying another restart.", "Restarting once more.", "GPS lock failed again; another restart.",
             "Restarting the digitizer.", "One more restart.", "Restarting acquisition again.", "Another restart attempt.",
             "Restarting.", "Restarting again.", "Trying a restart."]
    for i, txt in enumerate(texts):
        t += 660 + i * 7
        c.step(t, txt, "restart_acquisition", {"station": "CR.ELWH"}, se_boot("CR.ELWH", 9 * 3600 + t, 100 + i))
    session("seismic_sensor_qc", "runaway", "anthropic", c, (4, 9),
            "Every digitizer restart fails at the same boot step (GPS lock, antenna current 0 mA) after ten minutes; the "
            "agent keeps restarting instead of sending a technician. Timestamps and drift values change every time.",
            "seis-ops-1", max_out=800)


def se_stationxml(station):
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<FDSNStationXML xmlns=\"http://www.fdsn.org/xml/station/1\" schemaVersion=\"1.2\">\n"
            " <Source>CR</Source>\n <Network code=\"CR\">\n  <Station code=\"%s\" startDate=\"2019-06-01T00:00:00\">\n"
            "   <Latitude>47.0853</Latitude><Longitude>-123.3211</Longitude><Elevation>212</Elevation>\n"
            "   <Channel code=\"HHZ\" locationCode=\"00\" startDate=\"2024-09-12T00:00:00\">\n    <SampleRate>100</SampleRate>\n"
            "    <Sensor><Description>Trillium 120PH</Description></Sensor>\n    <!-- Response element absent -->\n   </Channel>\n"
            "  </Station>\n </Network>\n</FDSNStationXML>" % station.split(".")[1])


def se_runaway_mirrors():
    c = Conv(SE_SYS, SE_TOOLS)
    c.user("CR.SATS HHZ data can't be converted to ground velocity. Find the instrument response.")
    c.snap(0)
    dcs = ["https://service.crnet.example/fdsnws/station/1/", "https://fdsn.mirror-a.example/fdsnws/station/1/",
           "https://eida.mirror-b.example/fdsnws/station/1/", "https://archive.mirror-c.example/fdsnws/station/1/"]
    titles = ["primary data centre", "mirror A", "EIDA mirror B", "archive mirror C"]
    t = 0
    for i in range(13):
        k = i % 4
        t += 12 + (i % 3) * 3
        txt = ("Fetching StationXML from the %s." % titles[k]) if i < 4 else ("Trying the %s again; the response may have been published there since." % titles[k])
        body = "Source-URL: %squery?net=CR&sta=SATS&level=response\nRetrieved-As: '%s'\n\n%s" % (dcs[k], "SATS_%s.xml" % ["v2024", "CR_SATS", "sats-full", "station"][k], se_stationxml("CR.SATS"))
        c.step(t, txt, "station_metadata", {"station": "CR.SATS", "datacenter": dcs[k]}, body)
    # all mirrors serve the same document; after all four (turns 2-5) the loop starts with the second round (turn 6)
    session("seismic_sensor_qc", "runaway", "chat", c, (6, 10),
            "The same StationXML without a response is served by four mirrors under different URLs and file names; the "
            "agent keeps cycling through them.", "seis-ops-2", max_out=700)


def se_healthy_hourly():
    c = Conv(SE_SYS + " In scheduled runs, check all stations and reply with one status line per station.", SE_TOOLS)
    rng = random.Random(21)
    stations = ["CR.HOOD", "CR.ELWH", "CR.SATS", "CR.OLYM", "CR.BAKR"]
    t = 0
    for h in range(10):
        hour = 2 + h
        c.user("[scheduler] hourly QC for %02d:00-%02d:00 UTC, 2026-10-06" % (hour - 1, hour))
        if h:
            t += 3600 - 9
        c.snap(t)
        stats = {}
        for st in stations:
            stats[st] = {"availability_pct": round(100 - rng.random() * 0.4, 2), "rms_counts": rng.randint(180, 900),
                         "gaps": 0, "max_gap_s": 0, "mass_pos_pct": [rng.randint(-15, 15) for _ in range(3)],
                         "psd_1s_db": -round(rng.uniform(138, 152), 1), "latency_s": rng.randint(2, 9)}
        t += 9
        (cid,) = c.say(None, [("waveform_stats", {"station": "CR.*", "start": "2026-10-06T%02d:00Z" % (hour - 1), "end": "2026-10-06T%02d:00Z" % hour})])
        c.result(cid, {"window": "%02d:00-%02d:00" % (hour - 1, hour), "stations": stats})
        c.snap(t)
        c.say("\n".join("%s OK avail %.2f%% rms %d psd(1s) %.1f dB mass %s" % (st, v["availability_pct"], v["rms_counts"], v["psd_1s_db"], v["mass_pos_pct"])
                        for st, v in stats.items()) + "\nAll green.")
    session("seismic_sensor_qc", "healthy", "responses", c, None,
            "An hourly scheduled QC bot: the same prompt, the same tool and an 'all green' report every hour, with new "
            "windows and new metrics each time.", "seis-scheduler", max_out=600)


def se_report(station, seed, gap):
    rng = random.Random(seed)
    L = ["CRNET QC REPORT v4.2  (generated by qc-runner@crnet-proc-02)", "network=CR station=%s window=2026-10-05T00:00Z..2026-10-06T00:00Z" % station,
         "thresholds: gap>60s flatline>300s mass>70% psd_dev>10dB", "-" * 72]
    for ch in ["HHZ", "HHN", "HHE", "LHZ", "LHN", "LHE", "VM1", "VM2", "VM3"]:
        L.append("channel %s.00  sps=%s" % (ch, {"H": 100, "L": 1, "V": 0.1}[ch[0]]))
        for b in range(24):
            L.append("  %02d:00  avail=%6.2f%%  rms=%5d  psd_1s=%6.1fdB  psd_30s=%6.1fdB  clip=0  spikes=%d"
                     % (b, 100.0 if not (gap and b == gap[0] and ch[0] != "V") else 100 - gap[1] / 36.0, rng.randint(150, 980),
                        -rng.uniform(138, 152), -rng.uniform(160, 176), rng.randint(0, 2)))
    L.append("-" * 72)
    if gap:
        L.append("FINDING gap: %02d:%02d:%02d  duration %d s  all H/L channels  (telemetry, digitizer buffer not backfilled)" % (gap[0], gap[2], 11, gap[1]))
    else:
        L.append("no findings")
    return "\n".join(L)


def se_healthy_reports():
    c = Conv(SE_SYS, SE_TOOLS)
    c.user("Daily QC for 2026-10-05: review each station's report and ticket anything that needs field work.")
    c.snap(0)
    plan = [("CR.HOOD", (14, 212, 7)), ("CR.ELWH", None), ("CR.SATS", (3, 95, 41)), ("CR.OLYM", (22, 640, 18)), ("CR.BAKR", None)]
    t = 0
    for i, (st, gap) in enumerate(plan):
        t += 20
        c.step(t, "Report for %s." % st, "waveform_stats", {"station": st, "start": "2026-10-05T00:00Z", "end": "2026-10-06T00:00Z"},
               se_report(st, 300 + i, gap))
        if gap:
            t += 11
            c.step(t, "%s has a %d s telemetry gap at %02d:%02d; over the 60 s threshold, ticketing the radio link." % (st, gap[1], gap[0], gap[2]),
                   "maintenance_ticket", {"station": st, "issue": "Telemetry gap %d s at %02d:%02d UTC on 2026-10-05; digitizer buffer not backfilled. Check radio link / backfill config." % (gap[1], gap[0], gap[2])},
                   {"ticket": "MT-%d" % (4410 + i), "status": "open"})
    c.say("2026-10-05 QC done: 5 stations. Telemetry gaps over 60 s at HOOD (212 s), SATS (95 s) and OLYM (640 s) — "
          "tickets MT-4410, MT-4412, MT-4413. ELWH and BAKR clean.")
    c.user("Thanks. Can the backfill be automated?")
    c.snap(t + 50)
    session("seismic_sensor_qc", "healthy", "chat", c, None,
            "Day reports of ~10 KB each that are mostly identical boilerplate (header, 9 channels x 24 hours); the real "
            "change is a small gap finding that recurs on three stations, each ticketed.", "seis-ops-3", max_out=900)


def speaking_and_seismic():
    sp_runaway_paraphrase()
    sp_runaway_continue()
    sp_healthy_continue()
    sp_healthy_rehearsal()
    se_runaway_restart()
    se_runaway_mirrors()
    se_healthy_hourly()
    se_healthy_reports()


STYLE_FUNCS = [ev_and_wine, peer_and_ios, freight_and_luggage, speaking_and_seismic]


def validate(s):
    errs = []
    shape = s["shape"]
    for i, turn in enumerate(s["turns"]):
        r = turn["request"]
        where = "%s turn %d" % (s["name"], i + 1)
        if not isinstance(turn["at_seconds"], int) or (i and turn["at_seconds"] < s["turns"][i - 1]["at_seconds"]):
            errs.append(where + ": at_seconds")
        declared = None
        if shape == "chat":
            for k in ("model", "messages"):
                if k not in r:
                    errs.append(where + ": missing " + k)
            if "tools" in r:
                declared = {t["function"]["name"] for t in r["tools"]}
            pending = set()
            for m in r["messages"]:
                if m["role"] == "assistant":
                    if pending:
                        errs.append(where + ": unanswered tool calls")
                    for tc in m.get("tool_calls", []):
                        pending.add(tc["id"])
                        json.loads(tc["function"]["arguments"])
                        if declared is None or tc["function"]["name"] not in declared:
                            errs.append(where + ": undeclared tool")
                elif m["role"] == "tool":
                    if m["tool_call_id"] not in pending:
                        errs.append(where + ": unmatched tool result")
                    pending.discard(m["tool_call_id"])
                elif m["role"] in ("user", "system"):
                    if pending:
                        errs.append(where + ": user before tool results")
            if r["messages"][-1]["role"] not in ("user", "tool"):
                errs.append(where + ": last message")
        elif shape == "responses":
            for k in ("model", "input", "max_output_tokens"):
                if k not in r:
                    errs.append(where + ": missing " + k)
            if "previous_response_id" in r:
                errs.append(where + ": previous_response_id")
            if "tools" in r:
                declared = {t["name"] for t in r["tools"]}
            pending = set()
            for it in r["input"]:
                if it.get("type") == "function_call":
                    pending.add(it["call_id"])
                    json.loads(it["arguments"])
                    if declared is None or it["name"] not in declared:
                        errs.append(where + ": undeclared tool")
                elif it.get("type") == "function_call_output":
                    if it["call_id"] not in pending:
                        errs.append(where + ": unmatched output")
                    pending.discard(it["call_id"])
                elif it.get("role") == "user" and pending:
                    errs.append(where + ": user before outputs")
            if pending:
                errs.append(where + ": call without output")
        else:
            for k in ("model", "messages", "max_tokens"):
                if k not in r:
                    errs.append(where + ": missing " + k)
            if "tools" in r:
                declared = {t["name"] for t in r["tools"]}
            msgs = r["messages"]
            if msgs[0]["role"] != "user" or msgs[-1]["role"] != "user":
                errs.append(where + ": must start and end with user")
            for a, b in zip(msgs, msgs[1:]):
                if a["role"] == b["role"]:
                    errs.append(where + ": roles do not alternate")
            for j, m in enumerate(msgs):
                if m["role"] != "assistant":
                    continue
                uses = [b["id"] for b in m["content"] if b["type"] == "tool_use"]
                for b in m["content"]:
                    if b["type"] == "tool_use" and (declared is None or b["name"] not in declared):
                        errs.append(where + ": undeclared tool")
                if uses:
                    nxt = msgs[j + 1]["content"] if j + 1 < len(msgs) else []
                    got = [b["tool_use_id"] for b in nxt if b["type"] == "tool_result"]
                    if sorted(got) != sorted(uses) or (nxt and nxt[0]["type"] != "tool_result"):
                        errs.append(where + ": tool_result must follow tool_use")
            for j, m in enumerate(msgs):
                if m["role"] == "user":
                    for b in m["content"]:
                        if b["type"] == "tool_result":
                            prev = msgs[j - 1] if j else None
                            if not prev or b["tool_use_id"] not in [x.get("id") for x in prev["content"]]:
                                errs.append(where + ": orphan tool_result")
    # each request extends the previous one (history resent), unless the client is stateless
    key = {"chat": "messages", "responses": "input", "anthropic": "messages"}[shape]
    if not s["notes"].startswith("A stateless"):
        for i in range(1, len(s["turns"])):
            a, b = s["turns"][i - 1]["request"][key], s["turns"][i]["request"][key]
            if len(b) <= len(a) or b[: len(a)] != a:
                errs.append("%s turn %d: does not extend the previous request" % (s["name"], i + 1))
    return errs


def build():
    del SESSIONS[:]
    for f in STYLE_FUNCS:
        f()
    files = {}
    for s in SESSIONS:
        files[os.path.join("heldout", s["name"] + ".json")] = json.dumps(s, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    return files


def main():
    files = build()
    errs = []
    names = set()
    ids = set()
    for s in SESSIONS:
        errs += validate(s)
        if s["name"] in names or s["headers"]["x-session-id"] in ids:
            errs.append("duplicate " + s["name"])
        names.add(s["name"])
        ids.add(s["headers"]["x-session-id"])
    for shape in PATHS:
        n = sum(1 for s in SESSIONS if s["shape"] == shape)
        if len(STYLE_FUNCS) == 8 and n < 8:
            errs.append("shape %s used %d times" % (shape, n))
    if errs:
        print("\n".join(errs[:50]))
        sys.exit(1)
    if "--check" in sys.argv:
        bad = 0
        on_disk = {os.path.join("heldout", f) for f in os.listdir(os.path.join(DIR, "heldout")) if f.endswith(".json")}
        for rel, text in files.items():
            p = os.path.join(DIR, rel)
            if not os.path.exists(p) or open(p, encoding="utf-8").read() != text:
                print("differs: " + rel)
                bad += 1
            else:
                json.loads(text)
        for rel in sorted(on_disk - set(files)):
            print("extra on disk: " + rel)
            bad += 1
        if os.listdir(os.path.join(DIR, "tuning")) != [".gitkeep"]:
            print("tuning/ must hold only .gitkeep")
            bad += 1
        print("%d sessions, %s" % (len(files), "OK" if not bad else "%d problems" % bad))
        sys.exit(1 if bad else 0)
    os.makedirs(os.path.join(DIR, "heldout"), exist_ok=True)
    os.makedirs(os.path.join(DIR, "tuning"), exist_ok=True)
    open(os.path.join(DIR, "tuning", ".gitkeep"), "w").close()
    for f in os.listdir(os.path.join(DIR, "heldout")):
        if f.endswith(".json") and os.path.join("heldout", f) not in files:
            os.remove(os.path.join(DIR, "heldout", f))
    for rel, text in files.items():
        with open(os.path.join(DIR, rel), "w", encoding="utf-8") as fh:
            fh.write(text)
    print("wrote %d sessions" % len(files))


if __name__ == "__main__":
    main()
