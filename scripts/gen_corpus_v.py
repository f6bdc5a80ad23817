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


STYLE_FUNCS = [ev_and_wine]


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
