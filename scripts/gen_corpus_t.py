#!/usr/bin/env python3
"""Writes the independent held-out agent-session corpus of issue 13 by writer-t.

Output: tests/fixtures/corpus_t/heldout/*.json (tuning/ holds only .gitkeep).
Stdlib only, deterministic (fixed seeds, no clock, no network). Every style is written
by its own hand-written function; a small validator checks each request against the
rules of its API shape.

    python3 scripts/gen_corpus_t.py           # write the files
    python3 scripts/gen_corpus_t.py --check   # regenerate in memory, compare to disk, validate
"""
import hashlib
import json
import os
import random
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "tests", "fixtures", "corpus_t")
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
MODELS = {"chat": "gpt-4o", "responses": "gpt-4.1-mini", "anthropic": "claude-sonnet-4-20250514"}


def j(obj):
    return json.dumps(obj, indent=2, sort_keys=False)


class Session:
    """An abstract conversation rendered into one of the three API shapes.

    Events: ("user", text), ("asst", text, [(id, name, args)]), ("tool", [(id, output)]).
    A turn is emitted whenever the agent sends a request (after user or tool input)."""

    def __init__(self, name, style, shape, system, tools=None, expected=None, notes="",
                 model=None, max_tokens=1024, user_id="u-0000"):
        self.name, self.style, self.shape = name, style, shape
        self.system, self.tools = system, tools or {}
        self.expected = expected or {"outcome": "healthy"}
        self.notes, self.model = notes, model or MODELS[shape]
        self.max_tokens, self.user_id = max_tokens, user_id
        self.events, self.turns, self.t, self.n = [], [], 0, 0
        self.pending = []

    def _id(self, name):
        self.n += 1
        h = hashlib.sha256(f"{self.name}/{self.n}/{name}".encode()).hexdigest()
        if self.shape == "anthropic":
            return "toolu_01" + h[:22]
        if self.shape == "responses":
            return "call_" + h[:24]
        return "call_" + h[:24]

    def user(self, text, dt):
        self.events.append(("user", text))
        self.emit(dt)

    def say(self, text):
        self.events.append(("asst", text, []))

    def calls(self, text, calls):
        ids = [(self._id(n), n, a) for n, a in calls]
        self.events.append(("asst", text, ids))
        self.pending = [i for i, _, _ in ids]

    def results(self, outputs, dt, then_user=None):
        outs = [o if isinstance(o, str) else json.dumps(o) for o in outputs]
        assert len(outs) == len(self.pending), self.name
        self.events.append(("tool", list(zip(self.pending, outs))))
        self.pending = []
        if then_user is not None:
            self.events.append(("user", then_user))
        self.emit(dt)

    def step(self, text, name, args, output, dt):
        """One tool call and its result: the common agent step."""
        self.calls(text, [(name, args)])
        self.results([output], dt)

    def reset(self):
        """Stateless clients: forget the history before the next user message."""
        self.events = []

    def emit(self, dt):
        self.t += dt
        self.turns.append({"at_seconds": self.t, "request": self.render()})

    def tool_decls(self):
        out = []
        for name, (desc, props) in self.tools.items():
            params = {"type": "object", "properties": props, "required": list(props)[:1]}
            if self.shape == "chat":
                out.append({"type": "function", "function": {"name": name, "description": desc, "parameters": params}})
            elif self.shape == "responses":
                out.append({"type": "function", "name": name, "description": desc, "parameters": params})
            else:
                out.append({"name": name, "description": desc, "input_schema": params})
        return out

    def render(self):
        if self.shape == "chat":
            msgs = [{"role": "system", "content": self.system}]
            for ev in self.events:
                if ev[0] == "user":
                    msgs.append({"role": "user", "content": ev[1]})
                elif ev[0] == "asst":
                    m = {"role": "assistant", "content": ev[1]}
                    if ev[2]:
                        m["tool_calls"] = [{"id": i, "type": "function", "function": {"name": n, "arguments": json.dumps(a)}} for i, n, a in ev[2]]
                    msgs.append(m)
                else:
                    for i, o in ev[1]:
                        msgs.append({"role": "tool", "tool_call_id": i, "content": o})
            req = {"model": self.model, "messages": msgs, "max_tokens": self.max_tokens}
        elif self.shape == "responses":
            items = []
            for ev in self.events:
                if ev[0] == "user":
                    items.append({"role": "user", "content": ev[1]})
                elif ev[0] == "asst":
                    if ev[1]:
                        items.append({"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": ev[1]}]})
                    for i, n, a in ev[2]:
                        items.append({"type": "function_call", "call_id": i, "name": n, "arguments": json.dumps(a)})
                else:
                    for i, o in ev[1]:
                        items.append({"type": "function_call_output", "call_id": i, "output": o})
            req = {"model": self.model, "instructions": self.system, "input": items, "max_output_tokens": self.max_tokens}
        else:
            msgs = []
            for ev in self.events:
                if ev[0] == "asst":
                    blocks = [{"type": "text", "text": ev[1]}] if ev[1] else []
                    blocks += [{"type": "tool_use", "id": i, "name": n, "input": a} for i, n, a in ev[2]]
                    msgs.append({"role": "assistant", "content": blocks})
                    continue
                if ev[0] == "user":
                    blocks = [{"type": "text", "text": ev[1]}]
                else:
                    blocks = [{"type": "tool_result", "tool_use_id": i, "content": o} for i, o in ev[1]]
                if msgs and msgs[-1]["role"] == "user":
                    msgs[-1]["content"] = msgs[-1]["content"] + blocks
                else:
                    msgs.append({"role": "user", "content": blocks})
            for m in msgs:  # plain user text stays a string, as most clients send it
                if m["role"] == "user" and len(m["content"]) == 1 and m["content"][0]["type"] == "text":
                    m["content"] = m["content"][0]["text"]
            req = {"model": self.model, "max_tokens": self.max_tokens, "system": self.system, "messages": msgs}
        if self.tools:
            req["tools"] = self.tool_decls()
        return req

    def doc(self):
        d = {"name": self.name, "style": self.style, "shape": self.shape, "path": PATHS[self.shape],
             "headers": {"x-session-id": "corpt-" + self.name, "x-user-id": self.user_id},
             "expected": self.expected, "notes": self.notes, "turns": self.turns}
        return d


def runaway(b, d):
    return {"outcome": "runaway", "loop_begins_turn": b, "stop_by_turn": d}


def P(props):
    """Tool parameter properties from 'name:type' strings."""
    return {k: {"type": t} for k, t in (p.split(":") for p in props)}


STYLES = []


def style(fn):
    STYLES.append(fn)
    return fn


# ---------------------------------------------------------------- auction_bid_watcher
AUCTION_TOOLS = {
    "get_listing": ("Fetch the current state of an auction listing.", P(["listing_id:string"])),
    "place_bid": ("Place a proxy bid on a listing, amount in cents.", P(["listing_id:string", "amount_cents:integer"])),
    "notify_user": ("Send a push notification to the user.", P(["message:string"])),
}
AUCTION_SYS = ("You are BidBuddy, an assistant that watches online auctions for the user and bids within "
               "the limits they set. Never bid above the user's maximum. Minimum increment rules come from the "
               "listing. Tell the user about outbids and wins with notify_user.")


def listing(lid, title, bid_cents, bids, ends, now, status="active", min_inc=100, watchers=12, extra=None):
    d = {"listing_id": lid, "title": title, "status": status, "currency": "USD",
         "current_bid_cents": bid_cents, "bid_count": bids, "min_increment_cents": min_inc,
         "high_bidder": "you" if extra == "you" else "b***7", "ends_at": ends,
         "server_time": now, "watchers": watchers, "seller": {"name": "vintagecamerasupply", "feedback": 99.4}}
    return d


@style
def auction_bid_watcher():
    st = "auction_bid_watcher"
    out = []
    # R1: period-3 cycle (get_listing / place_bid rejected / notify), server_time ticking.
    s = Session("auction_bid_watcher_runaway_cycle", st, "chat", AUCTION_SYS, AUCTION_TOOLS,
                runaway(5, 11), "The bid is below the seller's reserve-raised minimum; the agent cycles "
                "listing -> rejected bid at the same amount -> notify, only the server clock changes.", user_id="u-4410")
    s.user("Watch listing 3318-77201 (Leica M6 body, chrome). My max is $2,150. Bid late, not early.", 0)
    t = "Leica M6 0.72 Chrome Body - CLA'd 2023, meter works"
    for k in range(6):
        now = f"2026-11-14T19:{42 + k:02d}:{(k * 17) % 60:02d}Z"
        s.step(None if k == 0 else "Checking the listing again before retrying.", "get_listing",
               {"listing_id": "3318-77201"}, listing("3318-77201", t, 198000, 23, "2026-11-14T20:30:00Z", now,
                                                     min_inc=2500, watchers=41), 40)
        s.step("Current bid is $1,980.00. Placing $2,005.00, within your $2,150 max.", "place_bid",
               {"listing_id": "3318-77201", "amount_cents": 200500},
               {"error": {"code": "BID_BELOW_MINIMUM", "http_status": 422,
                          "message": "Your bid must be at least $2,005.00 plus the seller-set reserve step of $250.00 "
                                     "(minimum accepted: $2,255.00).", "request_id": f"rq_{7731 + k * 13}"}}, 3)
        if k < 5:
            s.step("The bid was rejected. Letting you know.", "notify_user",
                   {"message": "Bid on Leica M6 rejected (below minimum). Retrying shortly."},
                   {"delivered": True, "notification_id": f"ntf_{91200 + k}"}, 25)
    out.append(s)

    # R2: retrying a permanent 401 forever.
    s = Session("auction_bid_watcher_runaway_auth", st, "anthropic", AUCTION_SYS, AUCTION_TOOLS,
                runaway(4, 9), "place_bid fails with an expired OAuth grant (401, re-login required); the agent "
                "retries the same bid for ever with growing sleeps.", user_id="u-2291")
    s.user("There's a Nintendo Game & Watch Ball (1980, boxed) on listing 5520-11934. Go up to $340. It ends at 21:05.", 0)
    s.step("Let me look at the listing first.", "get_listing", {"listing_id": "5520-11934"},
           listing("5520-11934", "Nintendo Game & Watch BALL AC-01 1980 Boxed Manual", 21000, 9,
                   "2026-11-14T21:05:00Z", "2026-11-14T20:51:10Z"), 4)
    delays = [2, 5, 10, 20, 30, 45, 60, 60, 60, 60]
    for k, dl in enumerate(delays):
        txt = ("Current bid is $210.00 with a $5 increment. Placing $220.00 now." if k == 0 else
               "The marketplace rejected the bid with an authorization error. Retrying the same bid.")
        s.step(txt, "place_bid", {"listing_id": "5520-11934", "amount_cents": 22000},
               {"error": {"http_status": 401, "code": "invalid_grant",
                          "message": "The refresh token has expired or been revoked. The account owner must sign in "
                                     "again at Settings > Connected apps.", "trace": f"a{(k * 7919) % 100000:05d}"}}, dl)
    out.append(s)

    # H1: poller whose numbers move, bids within limit, finally wins.
    s = Session("auction_bid_watcher_healthy_poll_win", st, "responses", AUCTION_SYS, AUCTION_TOOLS,
                notes="Polls a live auction: the price, bid count and time left change every poll; two outbids, "
                "bids stay under the limit, the auction is won.", user_id="u-7310")
    s.user("Keep an eye on 7781-40022, the Herman Miller Aeron size B. Max $610 including nothing else. "
           "Poll every few minutes until the last 5 minutes, then faster.", 0)
    price, bids = 41000, 14
    clock = [(18, 5, 0), (18, 10, 2), (18, 16, 40), (18, 22, 11), (18, 26, 30), (18, 28, 2), (18, 29, 1)]
    mins = [35, 30, 23, 17, 13, 11, 10]
    for k, (h, m, sec) in enumerate(clock):
        price += [0, 1500, 2500, 0, 3000, 2000, 1000][k]
        bids += [0, 1, 2, 0, 2, 1, 1][k]
        s.step(None if k == 0 else f"Polling again ({mins[k]} min left).", "get_listing", {"listing_id": "7781-40022"},
               listing("7781-40022", "Herman Miller Aeron Remastered Size B Graphite", price, bids,
                       "2026-11-14T18:40:00Z", f"2026-11-14T{h}:{m:02d}:{sec:02d}Z", min_inc=500,
                       watchers=30 + k * 3, extra="you" if k in (3,) else None), [5, 240, 300, 380, 330, 200, 60][k])
        if k in (2, 4):
            amt = price + 500 + (1000 if k == 4 else 0)
            s.step(f"You've been outbid at ${price / 100:.2f}. Placing ${amt / 100:.2f}, under your $610 cap.", "place_bid",
                   {"listing_id": "7781-40022", "amount_cents": amt},
                   {"accepted": True, "your_max_cents": amt, "current_bid_cents": price + 500, "high_bidder": "you"}, 5)
    s.step("Final minutes. Checking once more.", "get_listing", {"listing_id": "7781-40022"},
           listing("7781-40022", "Herman Miller Aeron Remastered Size B Graphite", 55500, 27, "2026-11-14T18:40:00Z",
                   "2026-11-14T18:39:20Z", min_inc=500, watchers=44, extra="you"), 600)
    s.step("Ended — checking the result.", "get_listing", {"listing_id": "7781-40022"},
           listing("7781-40022", "Herman Miller Aeron Remastered Size B Graphite", 56000, 28, "2026-11-14T18:40:00Z",
                   "2026-11-14T18:40:09Z", status="ended_won", min_inc=500, watchers=44, extra="you"), 50)
    s.step("You won it at $560.00.", "notify_user", {"message": "Won: Aeron size B for $560.00 (your max $610). Pay within 48h."},
           {"delivered": True, "notification_id": "ntf_55120"}, 3)
    s.say("Done: you won the Aeron at $560.00, $50 under your limit. Payment is due within 48 hours.")
    s.user("brilliant thanks!! can you watch the matching footrest too, 7781-40107, max $90", 1800)
    s.step("On it.", "get_listing", {"listing_id": "7781-40107"},
           listing("7781-40107", "Herman Miller Aeron footrest graphite", 4100, 3, "2026-11-15T02:00:00Z",
                   "2026-11-14T19:10:44Z", min_inc=100, watchers=6), 6)
    out.append(s)

    # H2: 429 / 503 backoff in the last minute, then success; revisits several listings.
    s = Session("auction_bid_watcher_healthy_backoff", st, "chat", AUCTION_SYS, AUCTION_TOOLS,
                notes="Three listings are checked in rotation; in the last minute the bid endpoint answers 429 "
                "and 503 with Retry-After, the agent backs off and the bid goes through.", user_id="u-1187")
    s.user("Three lots from the estate sale: 6002-1 (Pyrex Butterprint bowls, max $70), 6002-4 (cast iron #8 "
           "Griswold, max $120), 6002-9 (Dansk Kobenstyle pot, max $85). Snipe each in its last minute.", 0)
    lots = [("6002-1", "Pyrex Butterprint nesting bowls set of 4", 4200), ("6002-4", "Griswold #8 skillet large logo 704", 9500),
            ("6002-9", "Dansk Kobenstyle 2qt casserole teal", 5100)]
    for r in range(2):
        for i, (lid, title, p) in enumerate(lots):
            s.step(None, "get_listing", {"listing_id": lid},
                   listing(lid, title, p + r * 300 * (i + 1), 5 + r * 2 + i, f"2026-11-15T1{7 + i}:00:00Z",
                           f"2026-11-15T16:{10 + r * 25 + i:02d}:0{i}Z", min_inc=100), 90 if i else 600)
    s.say("All three are below your maximums. I'll come back in each lot's final minute.")
    s.user("ok", 40)
    s.step("Final minute on 6002-1. Placing $70.00.", "place_bid", {"listing_id": "6002-1", "amount_cents": 7000},
           {"error": {"http_status": 429, "code": "rate_limited", "message": "Too many requests.", "retry_after_seconds": 2}}, 2900)
    s.step("Rate limited; waiting 2 s and retrying.", "place_bid", {"listing_id": "6002-1", "amount_cents": 7000},
           {"error": {"http_status": 503, "code": "bid_service_unavailable", "message": "Bid service is busy, try again.", "retry_after_seconds": 4}}, 2)
    s.step("Service busy; waiting 4 s.", "place_bid", {"listing_id": "6002-1", "amount_cents": 7000},
           {"accepted": True, "current_bid_cents": 5400, "high_bidder": "you", "your_max_cents": 7000}, 4)
    s.step("Bid accepted at $54.00 (max $70).", "get_listing", {"listing_id": "6002-1"},
           listing("6002-1", lots[0][1], 5400, 11, "2026-11-15T17:00:00Z", "2026-11-15T17:00:04Z", status="ended_won", extra="you"), 30)
    s.step("Won 6002-1. Final minute on 6002-4: placing $120.00.", "place_bid", {"listing_id": "6002-4", "amount_cents": 12000},
           {"error": {"http_status": 429, "code": "rate_limited", "message": "Too many requests.", "retry_after_seconds": 3}}, 3540)
    s.step("Rate limited; retrying after 3 s.", "place_bid", {"listing_id": "6002-4", "amount_cents": 12000},
           {"accepted": True, "current_bid_cents": 12000, "high_bidder": "b***2", "your_max_cents": 12000,
            "note": "Another bidder's proxy maximum is higher."}, 3)
    s.step("Outbid by a higher proxy at your $120 cap; I won't go over it.", "notify_user",
           {"message": "Lost 6002-4 (Griswold #8): another bidder's max exceeded your $120."}, {"delivered": True, "notification_id": "ntf_70021"}, 4)
    s.step("Final minute on 6002-9: placing $85.00.", "place_bid", {"listing_id": "6002-9", "amount_cents": 8500},
           {"accepted": True, "current_bid_cents": 6100, "high_bidder": "you", "your_max_cents": 8500}, 3500)
    s.step("Checking the close.", "get_listing", {"listing_id": "6002-9"},
           listing("6002-9", lots[2][1], 6300, 12, "2026-11-15T19:00:00Z", "2026-11-15T19:00:02Z", status="ended_won", extra="you"), 60)
    out.append(s)
    return out


# ---------------------------------------------------------------- language_tutor_roleplay (tool-less)
TUTOR_SYS = ("Eres Lucía, una tutora de español paciente. El alumno practica conversación (nivel A2-B1). "
             "Responde siempre en español sencillo, corrige los errores del alumno al principio de tu respuesta "
             "con el formato 'Corrección: ...' y después continúa el diálogo con una pregunta.")


@style
def language_tutor_roleplay():
    st = "language_tutor_roleplay"
    out = []
    # R1: the same clarification asked again and again, the learner's answers repeat.
    s = Session("language_tutor_roleplay_runaway_clarify", st, "anthropic", TUTOR_SYS,
                expected=runaway(4, 8), notes="The tutor keeps asking which scene to practise; the learner "
                "keeps answering 'el restaurante' and the tutor asks the same question again.", user_id="u-3302", max_tokens=600)
    s.user("Hola! Quiero practicar para mi viaje a Sevilla la semana que viene.", 0)
    s.say("¡Hola! Qué bien, Sevilla es preciosa. Podemos practicar varias situaciones. ¿Prefieres practicar en "
          "el restaurante, en el hotel o en la estación de tren?")
    s.user("el restaurante por favor", 35)
    s.say("¡Perfecto! Antes de empezar, dime: ¿quieres practicar en el restaurante, en el hotel o en la estación "
          "de tren? Así preparo el vocabulario adecuado.")
    s.user("restaurante", 28)
    asks = [
        "Muy bien. Para preparar bien la conversación, ¿me confirmas qué situación prefieres: el restaurante, el "
        "hotel o la estación de tren?",
        "¡Genial! Una pregunta antes de empezar: ¿qué situación quieres practicar, el restaurante, el hotel o la "
        "estación de tren?",
        "Perfecto. ¿En qué situación quieres practicar hoy: en el restaurante, en el hotel o en la estación de tren?",
        "¡Claro! Para empezar, ¿prefieres el restaurante, el hotel o la estación de tren?",
    ]
    answers = ["el restaurante!!", "RESTAURANTE", "ya te dije, el restaurante", "restaurante. restaurante.",
               "el restaurante por favor", "restaurante", "???", "restaurante", "hola?", "restaurante"]
    for k, a in enumerate(answers):
        s.say(asks[k % len(asks)])
        s.user(a, 20 + (k * 7) % 25)
    out.append(s)

    # R2: paraphrase - the same failed correction reworded, the same wrong sentence resent.
    s = Session("language_tutor_roleplay_runaway_paraphrase", st, "chat", TUTOR_SYS,
                expected=runaway(4, 9), notes="The learner resends 'Yo soy cansado porque yo soy en el trabajo' "
                "and the tutor re-explains ser/estar in reworded but identical substance, no progress.", user_id="u-8830", max_tokens=600)
    s.user("Buenas tardes Lucía. Hoy fue un día largo.", 0)
    s.say("Corrección: ¡Perfecto, sin errores! ¡Buenas tardes! Vaya, lo siento. ¿Qué tal estás ahora? ¿Qué hiciste hoy?")
    s.user("Yo soy cansado porque yo soy en el trabajo todo el día.", 60)
    expl = [
        "Corrección: 'Estoy cansado porque estuve en el trabajo todo el día.' Usamos 'estar' para estados temporales "
        "(cansado) y para la ubicación (en el trabajo). 'Ser' es para características permanentes. ¿Qué haces en tu trabajo?",
        "Corrección: Se dice 'Estoy cansado' y 'estuve en el trabajo'. Recuerda: 'estar' describe cómo te sientes en "
        "este momento y dónde estás; 'ser' describe quién eres. ¿En qué trabajas?",
        "Corrección: 'Yo soy cansado' → 'Estoy cansado'; 'yo soy en el trabajo' → 'estuve en el trabajo'. El cansancio "
        "es un estado pasajero, por eso va con 'estar', igual que los lugares. Cuéntame, ¿cuál es tu trabajo?",
        "Corrección: Con emociones y sensaciones temporales como 'cansado' usamos 'estar': 'Estoy cansado'. Y para "
        "decir dónde estabas: 'estuve en el trabajo'. 'Ser' se usa para la identidad. ¿A qué te dedicas?",
        "Corrección: La frase correcta es 'Estoy cansado porque estuve en el trabajo todo el día'. 'Estar' = estado "
        "o lugar; 'ser' = identidad o característica. ¿Qué tipo de trabajo tienes?",
    ]
    wrong = ["Yo soy cansado porque yo soy en el trabajo todo el día.",
             "ok. Yo soy cansado porque yo soy en el trabajo todo el dia.",
             "Yo soy cansado porque yo soy en el trabajo todo el día",
             "yo soy cansado porque yo soy en el trabajo todo el día.",
             "Yo soy cansado porque yo soy en el trabajo todo el día."]
    for k in range(11):
        s.say(expl[k % len(expl)])
        s.user(wrong[(k + 1) % len(wrong)], 45 + (k * 11) % 30)
    out.append(s)

    # H1: a slow human, answers following one template with different content.
    s = Session("language_tutor_roleplay_healthy_slow_learner", st, "responses", TUTOR_SYS,
                notes="A learner practising a hotel check-in answers every 20-60 minutes; every tutor reply "
                "follows the same Corrección/Diálogo template with new content.", user_id="u-5120", max_tokens=600)
    lines = [
        ("Buenos días, tengo una reserva a nombre de Okafor.", None,
         "Buenos días, señor Okafor. Sí, aquí está: una habitación doble, tres noches. ¿Me deja su pasaporte, por favor?"),
        ("Sí, aquí tiene. ¿El desayuno es incluido?", "'¿El desayuno está incluido?' — con 'incluido' usamos 'estar'.",
         "Sí, el desayuno está incluido. Se sirve de siete a diez y media en el comedor de la planta baja."),
        ("Perfecto. A qué hora es la salida el último día?", "Falta el signo de apertura: '¿A qué hora es la salida...?'",
         "La salida es a las doce del mediodía. Si necesita más tiempo, puede pedir una salida tardía hasta las dos."),
        ("Me gustaría una habitación más tranquilo, la calle tiene mucho ruido.", "'una habitación más tranquila' — 'habitación' es femenino.",
         "Entiendo. Tengo una habitación interior en el cuarto piso, da al patio. Es más pequeña pero muy silenciosa. ¿Le parece bien?"),
        ("Sí, me parece bien. Hay aparcamiento cerca? Alquilé un coche.", "'¿Hay aparcamiento cerca?' Muy bien el uso de 'alquilé'.",
         "Tenemos un garaje concertado a cien metros, cuesta dieciocho euros al día. Le doy un folleto con el mapa."),
        ("Gracias. Usted puede recomendarme un restaurante para cenar esta noche?", "'¿Me puede recomendar un restaurante...?' suena más natural.",
         "Claro. En la calle Feria está Casa Matías: tapas caseras, precios razonables. Le aconsejo reservar, se llena a partir de las nueve."),
        ("Muchas gracias, usted es muy amable. Hasta luego!", "'¡Hasta luego!' — signo de apertura. ¡Todo lo demás perfecto!",
         "¡De nada! Que disfrute de Sevilla. Aquí tiene su llave: habitación 412."),
        ("Lucía, podemos repetir la escena pero yo soy el recepcionista?", "'pero yo hago de recepcionista' o 'yo seré el recepcionista'.",
         "¡Buena idea! Ahora yo soy la clienta. Buenas tardes, tengo una reserva a nombre de Lucía Ferrer."),
        ("Buenas tardes señora Ferrer. Sí, veo su reserva, una habitación individual por dos noches.", None,
         "Perfecto. ¿La habitación tiene balcón? Me encanta tomar café al aire libre."),
        ("Sí, tiene un pequeño balcón con vistas a la Giralda.", None,
         "¡Qué maravilla! ¿Y a qué hora cierra la recepción por la noche?"),
    ]
    s.user(lines[0][0], 0)
    gaps = [1500, 2400, 3300, 1260, 2900, 3600, 1800, 2100, 1320]
    for k, (u, corr, reply) in enumerate(lines):
        c = corr or "¡Sin errores, muy bien!"
        s.say(f"Corrección: {c}\n\nDiálogo: {reply}")
        if k + 1 < len(lines):
            s.user(lines[k + 1][0], gaps[k])
    out.append(s)

    # H2: "continúa" with a new chapter every time.
    s = Session("language_tutor_roleplay_healthy_continue_story", st, "anthropic", TUTOR_SYS,
                notes="The learner asks 'continúa' and the tutor writes a new paragraph of a graded story every "
                "time, each with new vocabulary.", user_id="u-6604", max_tokens=900)
    story = [
        "Marta vive en Valencia y trabaja en una panadería del barrio del Carmen. Cada mañana se levanta a las cinco, "
        "enciende el horno y prepara las primeras barras de pan. Le gusta el silencio de la calle a esa hora.",
        "Un martes, mientras colocaba las magdalenas en el escaparate, vio a un hombre mayor sentado en el banco de "
        "enfrente. Llevaba un sombrero gris y miraba la panadería con una sonrisa triste.",
        "A las ocho, el hombre entró y pidió un café con leche y una ensaimada. 'Esta panadería era de mi padre', dijo. "
        "'Hace cuarenta años yo también me levantaba a las cinco.' Marta no sabía qué decir.",
        "El señor se llamaba Vicente. Le contó que su padre hacía un pan de aceite con romero que ya nadie recuerda. "
        "Marta sacó una libreta y apuntó todo lo que Vicente recordaba: la harina, el tiempo de reposo, el fuego de leña.",
        "Durante una semana, Marta probó la receta por las tardes. El primer intento salió duro como una piedra; el "
        "segundo, demasiado salado. El tercero olía exactamente como Vicente había descrito.",
        "El sábado, Marta guardó una hogaza caliente en una bolsa de papel y esperó a Vicente. Pero Vicente no vino ese "
        "día, ni el domingo. El banco de enfrente estaba vacío y Marta empezó a preocuparse.",
        "El lunes llegó una mujer joven. 'Soy Elena, la nieta de Vicente. Mi abuelo está en el hospital, pero está bien. "
        "Me pidió que viniera a probar el pan.' Marta le dio la hogaza y Elena cerró los ojos al olerla.",
        "Una semana después, Vicente volvió con bastón, acompañado de Elena. Probó el pan despacio y no dijo nada durante "
        "un rato. Después, con la voz temblorosa, dijo: 'Le falta un poco de sal. Como a mi padre.' Y los tres se rieron.",
        "Desde entonces, el 'pan de Vicente' se vende todos los sábados. Marta escribió la historia en una pizarra junto "
        "al mostrador, y muchos vecinos mayores vienen a contar recuerdos de la panadería antigua.",
    ]
    vocab = ["el horno, la barra, el barrio", "el escaparate, el banco, la magdalena", "la ensaimada, hace (+tiempo)",
             "el romero, la libreta, apuntar, la leña", "el intento, salado, oler", "la hogaza, preocuparse",
             "la nieta, oler (huele), probar", "el bastón, tembloroso, despacio", "la pizarra, el mostrador, los vecinos"]
    s.user("Lucía, escribe una historia corta para practicar la lectura, un párrafo cada vez. Nivel A2.", 0)
    for k, p in enumerate(story):
        s.say(f"Capítulo {k + 1}\n\n{p}\n\nVocabulario nuevo: {vocab[k]}.\n¿Entendiste todo? Escribe 'continúa' para seguir.")
        if k + 1 < len(story):
            s.user(["continúa", "continúa por favor", "sí! continúa", "continúa", "qué es 'hogaza'? continúa",
                    "continúa", "ay no! continúa", "continúa"][k], 120 + (k * 37) % 200)
    out.append(s)
    return out


# ---------------------------------------------------------------- app_store_submission
APP_TOOLS = {
    "upload_build": ("Upload a signed build (ipa/aab) to the store and return processing status.", P(["platform:string", "version:string", "build_number:integer"])),
    "validate_metadata": ("Validate the store listing metadata for a version.", P(["platform:string", "version:string"])),
    "update_metadata": ("Change listing metadata fields for a version.", P(["platform:string", "version:string", "fields:object"])),
    "get_review_status": ("Return the review/processing status of a build or submission.", P(["platform:string", "version:string"])),
}
APP_SYS = ("You are ShipIt, a release assistant for the Fernleaf Budget mobile app (bundle id com.fernleaf.budget). "
           "You upload builds, fix listing metadata until validation passes, submit for review and report status. "
           "Do not change pricing or the privacy policy without asking.")

UPLOAD_LOG_HEAD = """Transporter 4.3.1 (build 1182)
[{ts}] INFO: Starting upload of Fernleaf-{ver}-{bn}.ipa (size: 48,912,337 bytes)
[{ts}] INFO: Authenticating with API key 7XQ2K9 ... ok
[{ts}] INFO: Package analysis: 1 platform(s), arm64, min iOS 16.0
[{ts}] INFO: Uploading asset chunks 1..24 ... done (avg 8.1 MB/s)
[{ts}] INFO: Upload complete. Delivery UUID: {uuid}
"""


def upload_fail(ver, bn, k):
    ts = f"2026-11-20 10:{14 + k * 6:02d}:{(k * 23) % 60:02d}"
    uuid = hashlib.md5(f"{bn}".encode()).hexdigest()
    head = UPLOAD_LOG_HEAD.format(ts=ts, ver=ver, bn=bn, uuid=uuid)
    return {"status": "INVALID_BINARY", "build_number": bn, "log": head +
            f"[{ts}] ERROR: ITMS-90683: Missing purpose string in Info.plist - Your app's code references one or more "
            "APIs that access sensitive user data, or the app has one or more entitlements that permit such access. "
            "The Info.plist file for the \"Fernleaf.app\" bundle should contain a NSCameraUsageDescription key with a "
            "user-facing purpose string explaining clearly and completely why your app needs the data.\n"
            f"[{ts}] INFO: Processing failed for build {bn}. Email sent to release@fernleaf.app"}


@style
def app_store_submission():
    st = "app_store_submission"
    out = []
    # R1: alternating failing attempts - edit A / validate fail / edit B / validate fail, same error.
    s = Session("app_store_submission_runaway_alternating", st, "responses", APP_SYS, APP_TOOLS,
                runaway(5, 12), "The 6.9-inch screenshots are missing; the agent alternates between editing the "
                "description and the keywords, validation fails with the same missing-screenshot error each time.", user_id="u-9001")
    s.user("Version 3.8.0 is ready on the iOS side. Please get the listing through validation and submit it.", 0)
    same_err = {"valid": False, "errors": [{"field": "screenshots.APP_IPHONE_69", "code": "MISSING_REQUIRED_ASSET",
                                           "message": "At least 1 screenshot is required for iPhone 6.9\" Display."}],
                "warnings": [{"field": "promotional_text", "message": "Promotional text is empty."}]}
    s.step("Validating the current metadata first.", "validate_metadata", {"platform": "ios", "version": "3.8.0"}, same_err, 6)
    edits = [
        ("The description may be out of date; refreshing it.", {"description": "Fernleaf Budget helps you plan every dollar. New in 3.8: shared envelopes for couples, CSV import and a calmer dark mode."}),
        ("Let me tighten the keywords field, it might be interfering.", {"keywords": "budget,envelope,expense,tracker,money,savings,zero-based,ynab alternative"}),
        ("Updating the description to mention iPhone support explicitly.", {"description": "Fernleaf Budget helps you plan every dollar on iPhone. New in 3.8: shared envelopes, CSV import, dark mode."}),
        ("Trying shorter keywords.", {"keywords": "budget,envelope,expense,money,savings"}),
        ("Rewriting the subtitle and description together.", {"subtitle": "Envelope budgeting for two", "description": "Plan every dollar together. Shared envelopes, CSV import, dark mode."}),
        ("Restoring the original keywords.", {"keywords": "budget,envelope,expense,tracker,money,savings,zero-based"}),
        ("Another pass at the description.", {"description": "Fernleaf Budget: plan every dollar, together. Shared envelopes, CSV import and dark mode."}),
        ("Adjusting keywords once more.", {"keywords": "budget,envelopes,expenses,money"}),
    ]
    for k, (txt, fields) in enumerate(edits):
        s.step(txt, "update_metadata", {"platform": "ios", "version": "3.8.0", "fields": fields},
               {"updated": list(fields), "version": "3.8.0", "state": "PREPARE_FOR_SUBMISSION"}, 8)
        s.step("Re-validating.", "validate_metadata", {"platform": "ios", "version": "3.8.0"}, same_err, 5)
    out.append(s)

    # R2: renamed entities - the build number changes, the same ITMS-90683 every time.
    s = Session("app_store_submission_runaway_rebuild", st, "chat", APP_SYS, APP_TOOLS,
                runaway(3, 8), "Each upload gets a new build number and delivery UUID and fails processing with "
                "the same missing NSCameraUsageDescription; the agent only bumps the build number.", user_id="u-9001")
    s.user("Upload 3.8.0 to App Store Connect. CI produced build 412.", 0)
    for k in range(11):
        bn = 412 + k
        txt = "Uploading build 412." if k == 0 else f"Processing failed. Bumping the build number to {bn} and uploading again."
        s.step(txt, "upload_build", {"platform": "ios", "version": "3.8.0", "build_number": bn}, upload_fail("3.8.0", bn, k), 360)
    out.append(s)

    # H1: processing progress that moves, then review states that move, then approval.
    s = Session("app_store_submission_healthy_progress", st, "anthropic", APP_SYS, APP_TOOLS,
                notes="Polls build processing (percent changes), then review status through Waiting for Review, "
                "In Review and Pending Developer Release, with hours between polls.", user_id="u-4417")
    s.user("Upload Android 3.8.0 (versionCode 380012) and iOS 3.8.0 build 418, then submit both and tell me when they're approved.", 0)
    s.step("Uploading the iOS build.", "upload_build", {"platform": "ios", "version": "3.8.0", "build_number": 418},
           {"status": "PROCESSING", "progress_pct": 5, "delivery_uuid": "c1a0e6f2-77d1-4b5e-9a40-1f0e2a7d9c31"}, 200)
    for k, pct in enumerate([22, 48, 81]):
        s.step(None, "get_review_status", {"platform": "ios", "version": "3.8.0"},
               {"build": 418, "processing": {"state": "PROCESSING", "progress_pct": pct, "eta_seconds": [540, 300, 90][k]}}, 240)
    s.step("Processing almost done.", "get_review_status", {"platform": "ios", "version": "3.8.0"},
           {"build": 418, "processing": {"state": "VALID", "progress_pct": 100}, "submission": None}, 120)
    s.step("The build is valid. Uploading Android.", "upload_build", {"platform": "android", "version": "3.8.0", "build_number": 380012},
           {"status": "UPLOADED", "track": "production", "rollout": "draft", "version_code": 380012}, 45)
    s.step("Validating both listings.", "validate_metadata", {"platform": "android", "version": "3.8.0"},
           {"valid": True, "errors": [], "warnings": [{"field": "release_notes.de-DE", "message": "German release notes missing, English will be shown."}]}, 6)
    s.step(None, "validate_metadata", {"platform": "ios", "version": "3.8.0"}, {"valid": True, "errors": [], "warnings": []}, 5)
    s.say("Both listings validate (one warning: no German release notes on Android). Both are submitted; I'll poll the review state.")
    s.user("fine, skip German for now", 600)
    states = [("ios", {"state": "WAITING_FOR_REVIEW", "submitted_at": "2026-11-20T11:02:00Z", "queue_position_estimate": "24-48h"}),
              ("android", {"state": "IN_REVIEW", "submitted_at": "2026-11-20T11:03:10Z"}),
              ("ios", {"state": "IN_REVIEW", "review_started_at": "2026-11-21T06:40:12Z"}),
              ("android", {"state": "APPROVED", "rollout": "draft", "approved_at": "2026-11-21T04:15:00Z"}),
              ("ios", {"state": "PENDING_DEVELOPER_RELEASE", "approved_at": "2026-11-21T09:12:44Z"})]
    for k, (plat, res) in enumerate(states):
        s.step(None, "get_review_status", {"platform": plat, "version": "3.8.0"}, res, [3600, 30, 21600, 40, 10800][k])
    s.say("Both approved: Android approved (draft rollout), iOS is Pending Developer Release. Want me to release?")
    s.user("Release iOS manually tomorrow morning, I'll do it. Thanks.", 5400)
    out.append(s)

    # H2: validation failures that change every run, then pass; revisits the same screens.
    s = Session("app_store_submission_healthy_changing_errors", st, "responses", APP_SYS, APP_TOOLS,
                notes="Validation fails with a different error each time (privacy URL, keyword length, screenshot "
                "size, age rating); each is fixed and validation passes.", user_id="u-9120")
    s.user("Prepare the 4.0.0 listing for iOS. Marketing copy is in the shared doc, I pasted the key points: "
           "'Shared envelopes', 'Bank sync (US)', 'Widgets'. Privacy URL is https://fernleaf.app/privacy", 0)
    fixes = [
        ({"valid": False, "errors": [{"field": "privacy_policy_url", "code": "REQUIRED", "message": "Privacy Policy URL is required."}]},
         "Privacy policy URL missing; setting it from your message.", {"privacy_policy_url": "https://fernleaf.app/privacy"}),
        ({"valid": False, "errors": [{"field": "keywords", "code": "TOO_LONG", "message": "Keywords must be 100 characters or fewer (currently 117)."}]},
         "Keywords are 117 chars; trimming to under 100.", {"keywords": "budget,envelopes,bank sync,widgets,expense,money,savings"}),
        ({"valid": False, "errors": [{"field": "screenshots.APP_IPAD_PRO_129[2]", "code": "INVALID_DIMENSIONS", "message": "Screenshot is 2048x2732; expected 2048x2732 or 2732x2048 without alpha channel. Image has alpha."}]},
         "One iPad screenshot has an alpha channel; replacing it with the flattened export.", {"screenshots.APP_IPAD_PRO_129[2]": "assets/ipad/03-widgets-flat.png"}),
        ({"valid": False, "errors": [{"field": "age_rating", "code": "QUESTIONNAIRE_INCOMPLETE", "message": "Answer 'Unrestricted Web Access' in the age rating questionnaire."}]},
         "Age rating questionnaire has one unanswered item (web access). The app has no browser; answering No.", {"age_rating.unrestricted_web_access": False}),
    ]
    for k, (res, txt, fields) in enumerate(fixes):
        s.step("Running validation." if k == 0 else "Validating again.", "validate_metadata", {"platform": "ios", "version": "4.0.0"}, res, 8 if k else 4)
        s.step(txt, "update_metadata", {"platform": "ios", "version": "4.0.0", "fields": fields},
               {"updated": list(fields), "version": "4.0.0", "state": "PREPARE_FOR_SUBMISSION"}, 10)
    s.step("Validating again.", "validate_metadata", {"platform": "ios", "version": "4.0.0"},
           {"valid": True, "errors": [], "warnings": [{"field": "promotional_text", "message": "Promotional text is empty."}]}, 6)
    s.say("Validation passes. Only a warning: promotional text is empty. Want me to add one line?")
    s.user("yes: 'Budget together with shared envelopes.'", 900)
    s.step("Adding it.", "update_metadata", {"platform": "ios", "version": "4.0.0", "fields": {"promotional_text": "Budget together with shared envelopes."}},
           {"updated": ["promotional_text"], "version": "4.0.0", "state": "PREPARE_FOR_SUBMISSION"}, 5)
    s.step(None, "validate_metadata", {"platform": "ios", "version": "4.0.0"}, {"valid": True, "errors": [], "warnings": []}, 4)
    s.step("Clean. Checking the build attached to 4.0.0.", "get_review_status", {"platform": "ios", "version": "4.0.0"},
           {"build": 501, "processing": {"state": "VALID", "progress_pct": 100}, "submission": None}, 5)
    out.append(s)
    return out


# ---------------------------------------------------------------- sports_league_scheduler
LEAGUE_TOOLS = {
    "check_venue": ("List venue availability slots. Supports pagination with cursor.", P(["venue:string", "cursor:string"])),
    "check_constraints": ("Check a fixture list against the league constraints; returns violations.", P(["fixtures:array"])),
    "save_fixtures": ("Save the fixture list for a division.", P(["division:string", "fixtures:array"])),
}
LEAGUE_SYS = ("You schedule the Northside Community Soccer League. Constraints: no team plays twice in one weekend, "
              "each venue hosts at most one match per slot, U10 matches before 13:00, and every team gets a bye if the "
              "team count is odd. Use check_constraints before saving.")


def fx(rnd, home, away, venue, slot):
    return {"round": rnd, "home": home, "away": away, "venue": venue, "slot": slot}


@style
def sports_league_scheduler():
    st = "sports_league_scheduler"
    out = []
    # R1: period-4 cycle (swap / check / swap back / check), checker's run id and clock tick.
    s = Session("sports_league_scheduler_runaway_swap_cycle", st, "anthropic", LEAGUE_SYS, LEAGUE_TOOLS,
                runaway(5, 12), "Swapping two matches fixes one violation and creates the other; the agent swaps "
                "back and forth (period 4: swap, check, swap back, check); only the checker's run id and time change.", user_id="u-2025")
    s.user("Round 4 of U12 has a clash. Fix it so the whole U12 spring schedule passes the checker.", 0)
    a = [fx(4, "Hornets", "Rovers", "Harbour Park 1", "Sat 10:00"), fx(4, "Lions", "Comets", "Harbour Park 1", "Sat 12:00"),
         fx(4, "Rovers", "Lions", "Mill Lane", "Sun 10:00")]
    b = [fx(4, "Hornets", "Rovers", "Harbour Park 1", "Sat 12:00"), fx(4, "Lions", "Comets", "Harbour Park 1", "Sat 10:00"),
         fx(4, "Rovers", "Lions", "Mill Lane", "Sun 10:00")]
    va = {"code": "TEAM_TWICE_IN_WEEKEND", "team": "Rovers", "matches": ["R4 Hornets-Rovers Sat", "R4 Rovers-Lions Sun"]}
    vb = {"code": "TEAM_TWICE_IN_WEEKEND", "team": "Lions", "matches": ["R4 Lions-Comets Sat", "R4 Rovers-Lions Sun"]}
    s.step("Checking round 4 as it stands.", "check_constraints", {"fixtures": a},
           {"run": "chk-1000", "checked_at": "2026-03-02T09:00:04Z", "ok": False, "violations": [va]}, 5)
    for k in range(4):
        s.step("Swapping the Saturday slots of the two Harbour Park matches.", "check_constraints", {"fixtures": b},
               {"run": f"chk-{1001 + 2 * k}", "checked_at": f"2026-03-02T09:{1 + 2 * k:02d}:1{k}Z", "ok": False, "violations": [vb]}, 20)
        s.say("That moved the problem to the Lions. Let me try the original order with the Rovers fixed instead.")
        s.user("(automated) continue", 2)
        s.step("Reverting the swap.", "check_constraints", {"fixtures": a},
               {"run": f"chk-{1002 + 2 * k}", "checked_at": f"2026-03-02T09:{2 + 2 * k:02d}:4{k}Z", "ok": False, "violations": [va]}, 20)
        s.say("Now the Rovers play twice again. Swapping back should help.")
        s.user("(automated) continue", 2)
    out.append(s)

    # R2: two agents handing the same thing back and forth (scheduler <-> venue coordinator agent).
    s = Session("sports_league_scheduler_runaway_handoff", st, "responses", LEAGUE_SYS, {},
                runaway(3, 8), "The scheduler talks to a venue-coordinator agent: one moves the U14 final to Riverside, "
                "the other says Riverside is closed and moves it back to Harbour Park, which the first says is booked.", user_id="agent-venues")
    msgs_in = [
        "[venue-coordinator] U14 final (Jun 7, 15:00) is at Harbour Park 1, but Harbour Park 1 is booked for the "
        "Summer Fair that afternoon. Please move it.",
        "[venue-coordinator] Riverside Fields is closed Jun 7 for pitch reseeding (council notice 2026-114). "
        "Moving the U14 final back to Harbour Park 1. Please confirm.",
        "[venue-coordinator] Harbour Park 1 is booked for the Summer Fair on Jun 7 afternoon. The U14 final needs "
        "another venue, please move it.",
        "[venue-coordinator] Riverside is unavailable on Jun 7 (reseeding). I've put the final back at Harbour "
        "Park 1; please confirm the fixture.",
        "[venue-coordinator] Can't confirm Harbour Park 1 on Jun 7 — Summer Fair. Please relocate the U14 final.",
        "[venue-coordinator] Reseeding at Riverside on Jun 7, not possible. Reverting the U14 final to Harbour Park 1.",
    ]
    replies = [
        "Understood. Moving the U14 final (Jun 7, 15:00) to Riverside Fields, pitch A. Please confirm with the council.",
        "Harbour Park 1 is booked for the Summer Fair, so I can't confirm it there. Moving the U14 final to Riverside Fields.",
        "Moving the U14 final to Riverside Fields pitch A for Jun 7, 15:00.",
        "I can't confirm Harbour Park 1 because of the Summer Fair. Relocating to Riverside Fields, pitch A.",
        "OK — moving it to Riverside Fields on Jun 7, 15:00.",
        "Harbour Park 1 is unavailable (Summer Fair). The final goes to Riverside Fields, pitch A.",
    ]
    s.user(msgs_in[0], 0)
    for k in range(13):
        s.say(replies[k % 6])
        s.user(msgs_in[(k + 1) % 6], 30 + (k % 3) * 10)
    out.append(s)

    # H1: pagination through venue slots (same tool, next cursor), changing errors, then save.
    s = Session("sports_league_scheduler_healthy_pagination", st, "chat", LEAGUE_SYS, LEAGUE_TOOLS,
                notes="Pages through venue availability with a cursor (same tool, same envelope, new slots), then "
                "the checker finds two different violations that are fixed, then saves.", user_id="u-2025")
    s.user("Build the U10 autumn fixtures: 6 teams (Ants, Bees, Crickets, Dragonflies, Earwigs, Fireflies), single "
           "round robin, Saturdays from Sep 12, Mill Lane and Oak Rec only.", 0)
    days = ["2026-09-12", "2026-09-19", "2026-09-26", "2026-10-03", "2026-10-10"]
    cur = ""
    for venue in ("Mill Lane", "Oak Rec"):
        cur = ""
        for p in range(3):
            slots = [{"date": days[(p * 2 + i) % 5], "start": t, "pitch": f"{venue[0]}{1 + i % 2}", "status": "free" if (p + i) % 3 else "held"}
                     for i, t in enumerate(["09:00", "10:30", "12:00", "13:30"])]
            nxt = f"eyJvZmZzZXQiOj{p + 1}{venue[0]}" if p < 2 else None
            s.step(None, "check_venue", {"venue": venue, "cursor": cur},
                   {"venue": venue, "page": p + 1, "slots": slots, "next_cursor": nxt}, 3)
            cur = nxt or ""
    teams = ["Ants", "Bees", "Crickets", "Dragonflies", "Earwigs", "Fireflies"]
    draft = [fx(r + 1, teams[i], teams[5 - i], "Mill Lane" if i < 2 else "Oak Rec", f"{days[r]} {['09:00', '10:30', '13:30'][i]}")
             for r in range(5) for i in range(3)]
    s.step("I have the free slots. Checking a first round-robin draft.", "check_constraints", {"fixtures": draft[:6]},
           {"ok": False, "violations": [{"code": "U10_AFTER_13", "match": "R1 Crickets-Dragonflies 13:30"},
                                         {"code": "U10_AFTER_13", "match": "R2 Crickets-Dragonflies 13:30"}]}, 8)
    fixed = [dict(m, slot=m["slot"].replace("13:30", "12:00")) for m in draft]
    s.step("U10 can't start after 13:00; moving those to 12:00.", "check_constraints", {"fixtures": fixed[:6]},
           {"ok": False, "violations": [{"code": "VENUE_DOUBLE_BOOKED", "venue": "Oak Rec", "slot": "2026-09-19 12:00",
                                         "note": "O2 held by Oak Rec for a cricket booking"}]}, 8)
    fixed[4]["venue"] = "Mill Lane"
    s.step("Oak Rec is held on Sep 19 at 12:00; moving that match to Mill Lane.", "check_constraints", {"fixtures": fixed},
           {"ok": True, "violations": [], "matches": 15}, 8)
    s.step("All 15 matches pass. Saving.", "save_fixtures", {"division": "U10", "fixtures": fixed}, {"saved": True, "division": "U10", "matches": 15, "version": 3}, 4)
    out.append(s)

    # H2: batch over divisions, same instruction, the same kind of warning (bye week) recurs on several.
    s = Session("sports_league_scheduler_healthy_divisions_batch", st, "anthropic", LEAGUE_SYS, LEAGUE_TOOLS,
                notes="The same instruction per division; odd team counts give the same 'bye week needed' warning in "
                "three different divisions, which is normal.", user_id="u-7788")
    divs = [("U8", 7), ("U10", 6), ("U12", 9), ("U14", 8), ("U16", 5), ("Adult Rec", 10)]
    s.user("For each division in turn, check the draft in the shared folder and save it if it passes. Start with U8.", 0)
    for k, (dv, n) in enumerate(divs):
        m = n * (n - 1) // 2
        res = {"ok": True, "division": dv, "matches": m, "violations": []}
        if n % 2:
            res["warnings"] = [{"code": "BYE_WEEK_NEEDED", "message": f"{n} teams: one team has a bye each round ({n} rounds)."}]
        s.step(f"Checking the {dv} draft ({n} teams, {m} matches).", "check_constraints",
               {"fixtures": [fx(1, f"{dv}-T1", f"{dv}-T2", "Mill Lane", "Sat 09:00")]}, res, 10)
        note = " Bye weeks are built into the draft." if n % 2 else ""
        s.step(f"{dv} passes.{note} Saving.", "save_fixtures", {"division": dv, "fixtures": []},
               {"saved": True, "division": dv, "matches": m, "version": 1}, 4)
        s.say(f"{dv} saved: {m} matches." + (f" With {n} teams each team sits out one round." if n % 2 else ""))
        if k + 1 < len(divs):
            s.user(f"Next: {divs[k + 1][0]}.", 60 + k * 15)
    out.append(s)
    return out


# ---------------------------------------------------------------- news_digest_batch
NEWS_TOOLS = {
    "fetch_article": ("Fetch a news article by URL; returns headline, byline, published time and body text.", P(["url:string"])),
    "check_style": ("Check a summary against the Daily Brief house style; returns issues.", P(["text:string"])),
}
HOUSE_STYLE = """You write the Morning Brief digest for Harbourline News. For every article in the list you are given:
fetch it, write a summary of at most 60 words, run check_style on the summary, fix anything it reports, then move to
the next article. House style (abridged):
- Lead with the news, not the source ("Council approves...", never "According to the Gazette...").
- Numbers: spell out one to nine, digits from 10; use "per cent" in prose, never "%".
- Dates: "Tuesday" for this week, "March 4" otherwise; no ordinals ("March 4th" is wrong).
- Titles: "Mayor Ines Duarte" on first mention, "Duarte" after; no honorifics (Mr, Mrs, Dr) except in quotes.
- Money: "$4.2 million", "$850,000"; no "4.2M".
- No adjectives of judgement ("shocking", "stunning", "controversial") unless inside a quote.
- Attribute every claim that is not a matter of record ("police said", "the company said").
- British spelling is NOT used: "organization", "neighbor", "center".
- End with the source in brackets: [Harbourline Gazette]."""

ART_WATER = ("The Harbourline city council voted 7-2 on Tuesday night to raise residential water rates by 9 per cent "
             "starting July 1, the first increase since 2021. Utilities director Sam Oyelaran told the council the "
             "money would pay for replacing 14 kilometres of cast-iron mains in the Eastgate and Millbrook "
             "neighborhoods, some of which date to 1931. \"We are patching the same pipes three and four times a year,\" "
             "Oyelaran said. The average household bill will rise by about $6.40 a month. Council members Priya Natarajan "
             "and Tom Kessler voted against, arguing that the increase should be phased over two years. A low-income "
             "rebate program will be expanded to cover households earning up to 200 per cent of the federal poverty "
             "line, the city said. Residents can comment on the rebate rules until May 30.")


def article(url, headline, byline, when, body, extra=""):
    return {"url": url, "headline": headline, "byline": byline, "published": when, "word_count": len(body.split()),
            "body": body + extra}


@style
def news_digest_batch():
    st = "news_digest_batch"
    out = []
    # R1: the same wire story re-served under different URLs/headlines; the agent summarises it again and again.
    s = Session("news_digest_batch_runaway_reserved", st, "chat", HOUSE_STYLE, NEWS_TOOLS,
                runaway(5, 11), "The 'related coverage' links the agent follows all serve the same water-rate story "
                "under new headlines and URLs; the agent keeps summarising it.", user_id="svc-digest")
    s.user("Today's list has one lead item: https://gazette.harbourline.example/2026/05/14/council-water-rates . "
           "Then follow its 'related coverage' links for more items until you have 8 summaries.", 0)
    heads = [("https://gazette.harbourline.example/2026/05/14/council-water-rates", "Council approves 9% water rate rise"),
             ("https://gazette.harbourline.example/2026/05/14/water-bills-going-up", "Your water bill is going up. Here's why"),
             ("https://wire.coastalpress.example/story/88120", "Harbourline raises water rates to fund pipe replacement"),
             ("https://gazette.harbourline.example/2026/05/15/eastgate-mains", "Eastgate's century-old mains to be replaced"),
             ("https://tv7.harbourline.example/news/water-rates-vote", "WATCH: Council votes on water rates"),
             ("https://gazette.harbourline.example/2026/05/15/rebate-program-expanded", "Low-income water rebate expanded"),
             ("https://wire.coastalpress.example/story/88120?src=rel", "Harbourline council backs water rate increase"),
             ("https://gazette.harbourline.example/2026/05/15/opinion-water", "Water rates: what the council voted for"),
             ("https://amp.gazette.harbourline.example/2026/05/14/council-water-rates", "Council approves 9% water rate rise"),
             ("https://tv7.harbourline.example/news/water-rates-explainer", "Explainer: the new water rates")]
    summ = ("Harbourline's council voted 7-2 Tuesday to raise residential water rates 9 per cent from July 1 to replace "
            "14 kilometres of old mains in Eastgate and Millbrook, adding about $6.40 a month to the average bill. A "
            "low-income rebate will be expanded, the city said. [Harbourline Gazette]")
    for k, (url, head) in enumerate(heads):
        rel = "\n\nRelated coverage: " + ", ".join(h[0] for h in heads[k + 1:k + 3])
        s.step(None if k == 0 else f"Next related item: {head}.", "fetch_article", {"url": url},
               article(url, head, ["By Dana Whitlock", "Staff report", "Coastal Press wire", "By Dana Whitlock", "TV7 News"][k % 5],
                       f"2026-05-1{4 + k % 2}T0{6 + k % 3}:{(k * 13) % 60:02d}:00Z", ART_WATER, rel), 6)
        s.step("Summary drafted; checking style.", "check_style", {"text": summ},
               {"issues": [], "word_count": 49, "status": "pass", "checked": f"sty-{4400 + k}"}, 5)
    out.append(s)

    # R2: exact repetition - a 404 article fetched again and again.
    s = Session("news_digest_batch_runaway_404", st, "anthropic", HOUSE_STYLE, NEWS_TOOLS,
                runaway(6, 11), "Item 3 of the list was unpublished (404); the agent re-fetches the same URL with "
                "the same reply and never moves on to items 4-6.", user_id="svc-digest")
    items = ["https://gazette.harbourline.example/2026/05/16/ferry-timetable",
             "https://gazette.harbourline.example/2026/05/16/library-hours",
             "https://gazette.harbourline.example/2026/05/16/stadium-bond",
             "https://gazette.harbourline.example/2026/05/16/school-board"]
    s.user("Morning Brief list for Saturday:\n" + "\n".join(f"{i + 1}. {u}" for i, u in enumerate(items)), 0)
    s.step(None, "fetch_article", {"url": items[0]}, article(items[0], "Summer ferry timetable adds late sailings", "By Lee Park",
           "2026-05-16T05:10:00Z", "Harbourline Ferries will run two extra sailings on Friday and Saturday nights from June 5, "
           "leaving the Pier 3 terminal at 11:15 p.m. and 12:30 a.m., the operator said. Fares are unchanged."), 5)
    s.step("Checking the summary.", "check_style", {"text": "Harbourline Ferries will add two late sailings on Friday and Saturday nights from June 5, leaving Pier 3 at 11:15 p.m. and 12:30 a.m., the operator said. Fares are unchanged. [Harbourline Gazette]"},
           {"issues": [], "status": "pass"}, 4)
    s.step("Item 2.", "fetch_article", {"url": items[1]}, article(items[1], "Libraries extend Sunday hours", "By Lee Park",
           "2026-05-16T05:40:00Z", "All six branch libraries will open on Sundays from noon to 5 p.m. starting June 7, "
           "funded by a $310,000 state grant, the library board said."), 5)
    for k in range(10):
        s.step("Fetching item 3." if k == 0 else "Fetching item 3 again.", "fetch_article", {"url": items[2]},
               {"error": {"status": 404, "message": "Not Found: this article has been unpublished or moved.", "url": items[2]}}, 4 + k % 3)
    out.append(s)

    # H1: batch, one long shared instruction, short varying items, the same style warning on several items.
    s = Session("news_digest_batch_healthy_batch_warnings", st, "responses", HOUSE_STYLE, NEWS_TOOLS,
                notes="Ten different short articles, same instruction; the style checker flags '%' and 'Mr' on "
                "several different summaries, each is fixed and the batch moves on.", user_id="svc-digest")
    arts = [
        ("bus-lanes", "Transit board approves Main St bus lanes", "The transit board approved red-painted bus lanes on Main Street between 4th and 19th, to open in September. Travel times on Route 12 are expected to fall 18%.",
         "The transit board approved bus lanes on Main Street between 4th and 19th streets, opening in September; Route 12 travel times should fall 18%, the board said. [Harbourline Gazette]", "Use 'per cent', not '%'."),
        ("bakery-award", "Millbrook bakery wins national bread prize", "Crust & Crumb on Millbrook Avenue won the national sourdough award on Monday. Owner Mr. Ravi Anand said the starter is 22 years old.",
         "Millbrook's Crust & Crumb won the national sourdough award Monday; owner Mr. Ravi Anand said its starter is 22 years old. [Harbourline Gazette]", "No honorifics: 'owner Ravi Anand'."),
        ("heatwave", "Heat advisory through Thursday", "The weather service issued a heat advisory through Thursday with highs of 97F. Cooling centers open at the Eastgate and Westfield libraries.",
         "A heat advisory is in effect through Thursday with highs near 97F, the weather service said; cooling centers open at the Eastgate and Westfield libraries. [Harbourline Gazette]", None),
        ("unemployment", "County unemployment falls to 3.9%", "County unemployment fell to 3.9% in April from 4.3% in March, state figures showed, the lowest since 2019.",
         "County unemployment fell to 3.9% in April from 4.3% in March, the lowest since 2019, state figures showed. [Harbourline Gazette]", "Use 'per cent', not '%' (2 occurrences)."),
        ("pier-repair", "Pier 3 repairs to finish early", "Repairs to the Pier 3 boardwalk will finish two weeks early, on June 20, the port authority said, at a cost of $1.8 million.",
         "Repairs to the Pier 3 boardwalk will finish June 20, two weeks early, at a cost of $1.8 million, the port authority said. [Harbourline Gazette]", None),
        ("school-lunch", "Schools add free breakfast", "Harbourline schools will serve free breakfast to all students from August, Superintendent Mrs. Grace Liu announced.",
         "Harbourline schools will serve free breakfast to all students from August, Superintendent Mrs. Grace Liu announced. [Harbourline Gazette]", "No honorifics: 'Superintendent Grace Liu'."),
        ("housing-permits", "Housing permits up 12% in first quarter", "Residential building permits rose 12% in the first quarter, with 214 units approved, the planning department said.",
         "Residential building permits rose 12% in the first quarter to 214 units, the planning department said. [Harbourline Gazette]", "Use 'per cent', not '%'."),
        ("marathon", "Marathon route changes", "The Harbourline Marathon on June 14 will avoid the Pier Road bridge, which is under repair, organizers said.",
         "The June 14 Harbourline Marathon will avoid the Pier Road bridge during repairs, organizers said. [Harbourline Gazette]", None),
    ]
    s.user("Today's Morning Brief list: " + ", ".join(f"https://gazette.harbourline.example/2026/05/18/{a[0]}" for a in arts), 0)
    for k, (slug, head, body, summ_, issue) in enumerate(arts):
        url = f"https://gazette.harbourline.example/2026/05/18/{slug}"
        s.step(f"Item {k + 1}.", "fetch_article", {"url": url}, article(url, head, "Staff report", f"2026-05-18T0{5 + k % 4}:00:00Z", body), 4)
        if issue:
            s.step("Checking style.", "check_style", {"text": summ_}, {"issues": [issue], "status": "fail"}, 4)
            fixed = summ_.replace("%", " per cent").replace("Mr. ", "").replace("Mrs. ", "")
            s.step("Fixed; checking again.", "check_style", {"text": fixed}, {"issues": [], "status": "pass"}, 4)
        else:
            s.step("Checking style.", "check_style", {"text": summ_}, {"issues": [], "status": "pass"}, 4)
    out.append(s)

    # H2: 503 backoff on the fetcher that then succeeds; long pasted documents (10-40 KB).
    s = Session("news_digest_batch_healthy_backoff_long", st, "chat", HOUSE_STYLE, NEWS_TOOLS,
                notes="Long council documents (tens of KB); the fetcher answers 503 twice with growing delays and then "
                "serves the article; then the batch goes on.", user_id="svc-digest")
    minutes = []
    speakers = ["Mayor Ines Duarte", "Council member Priya Natarajan", "Council member Tom Kessler", "City attorney Rosa Medina",
                "Utilities director Sam Oyelaran", "Council member Andre Beaulieu", "Public commenter (Eastgate)", "Finance director Hana Sato"]
    topics = ["the water main replacement schedule", "the rebate eligibility threshold", "bond financing versus pay-as-you-go",
              "the Millbrook pump station", "lead service line inventory results", "the 2021 rate study assumptions",
              "contractor prequalification", "the stormwater fee proposal"]
    rng = random.Random(1311)
    for i in range(70):
        sp, tp = speakers[rng.randrange(8)], topics[rng.randrange(8)]
        minutes.append(f"{i + 1}. {sp} asked about {tp}. Staff responded that the estimate for the segment is "
                       f"${rng.randrange(120, 990)},000 and that work in that area would begin no earlier than "
                       f"{['June', 'August', 'October', 'January'][rng.randrange(4)]} {rng.choice([2026, 2027])}. "
                       f"Discussion followed; no motion was made on this item.")
    long_body = ("MINUTES OF THE REGULAR MEETING OF THE HARBOURLINE CITY COUNCIL, MAY 12, 2026\n\nCall to order 6:02 p.m. "
                 "Present: Duarte, Natarajan, Kessler, Beaulieu, Ortiz, Chen, Walsh, Abara, Pruitt.\n\n" + "\n".join(minutes))
    s.user("Two items today: the full minutes of Tuesday's council meeting "
           "(https://records.harbourline.example/minutes/2026-05-12) and the ferry story "
           "(https://gazette.harbourline.example/2026/05/16/ferry-timetable). The minutes are long; summarise the rate vote only.", 0)
    for k, dl in enumerate([3, 4, 9]):
        res = ({"error": {"status": 503, "message": "Service Unavailable: records server busy", "retry_after": [4, 8][k]}}
               if k < 2 else article("https://records.harbourline.example/minutes/2026-05-12", "Minutes, May 12, 2026",
                                     "City Clerk", "2026-05-14T17:00:00Z", long_body, "\n\nItem 14: " + ART_WATER))
        s.step(None if k == 0 else f"503, retrying after {[4, 8][k - 1]} s.", "fetch_article",
               {"url": "https://records.harbourline.example/minutes/2026-05-12"}, res, dl)
    s.step("Got the minutes. Checking the rate-vote summary.", "check_style",
           {"text": "The council voted 7-2 Tuesday to raise water rates 9 per cent from July 1 to fund main replacement in Eastgate and Millbrook, the minutes show. [Harbourline City Council minutes]"},
           {"issues": [], "status": "pass"}, 12)
    s.step("Next, the ferry story.", "fetch_article", {"url": "https://gazette.harbourline.example/2026/05/16/ferry-timetable"},
           article("https://gazette.harbourline.example/2026/05/16/ferry-timetable", "Summer ferry timetable adds late sailings",
                   "By Lee Park", "2026-05-16T05:10:00Z", "Harbourline Ferries will run two extra sailings on Friday and "
                   "Saturday nights from June 5, the operator said."), 5)
    s.step(None, "check_style", {"text": "Harbourline Ferries will add two late Friday and Saturday sailings from June 5, the operator said. [Harbourline Gazette]"},
           {"issues": [], "status": "pass"}, 4)
    s.say("Both summaries pass the style check.")
    s.user("Also add the marathon route item from yesterday please", 1500)
    s.step(None, "fetch_article", {"url": "https://gazette.harbourline.example/2026/05/18/marathon"},
           {"error": {"status": 429, "message": "Too Many Requests", "retry_after": 6}}, 3)
    s.step("Rate limited; retrying in 6 s.", "fetch_article", {"url": "https://gazette.harbourline.example/2026/05/18/marathon"},
           article("https://gazette.harbourline.example/2026/05/18/marathon", "Marathon route changes", "Staff report", "2026-05-18T06:00:00Z",
                   "The Harbourline Marathon on June 14 will avoid the Pier Road bridge, which is under repair, organizers said."), 6)
    s.step(None, "check_style", {"text": "The June 14 Harbourline Marathon will avoid the Pier Road bridge during repairs, organizers said. [Harbourline Gazette]"},
           {"issues": [], "status": "pass"}, 4)
    out.append(s)
    return out


# ---------------------------------------------------------------- bug_bounty_triage
BOUNTY_TOOLS = {
    "run_repro": ("Run a reproduction script in an isolated sandbox against the staging environment; returns the log.", P(["report_id:string", "script:string", "sandbox:string"])),
    "search_duplicates": ("Search earlier reports for duplicates. Paginated with cursor.", P(["query:string", "cursor:string"])),
    "set_payout": ("Set severity and bounty payout for a triaged report.", P(["report_id:string", "severity:string", "amount_usd:integer"])),
}
BOUNTY_SYS = ("You triage reports for the Parcelwise bug bounty program (scope: app.parcelwise.example, api.parcelwise.example). "
              "For each report: reproduce it in the sandbox, search for duplicates, then set severity (CVSS 3.1) and the "
              "payout from the table: low $150, medium $600, high $2,500, critical $7,500. Never run scripts against production.")


def sandbox_log(rng, k, tail, n=140):
    """A long, varying sandbox log (timings, pids, package versions) ending in `tail`."""
    lines = [f"sandbox sbx-{4000 + k} starting (image parcelwise/repro-env:2026.11, region us-east-2)"]
    t = 0.0
    pkgs = ["requests==2.32.3", "urllib3==2.2.3", "pyjwt==2.9.0", "httpx==0.27.2", "certifi==2024.8.30", "idna==3.10",
            "charset-normalizer==3.4.0", "websockets==13.1", "beautifulsoup4==4.12.3", "lxml==5.3.0", "pydantic==2.9.2"]
    for i in range(n):
        t += rng.random() * 0.4
        kind = rng.randrange(5)
        if kind == 0:
            lines.append(f"[{t:8.3f}] pip: Collecting {rng.choice(pkgs)} (from -r requirements.txt (line {rng.randrange(1, 30)}))")
        elif kind == 1:
            lines.append(f"[{t:8.3f}] net: GET https://api-staging.parcelwise.example/v2/health -> 200 in {rng.randrange(18, 240)}ms")
        elif kind == 2:
            lines.append(f"[{t:8.3f}] proc[{rng.randrange(1000, 9999)}]: worker heartbeat rss={rng.randrange(80, 400)}MB")
        elif kind == 3:
            lines.append(f"[{t:8.3f}] fixture: seeded user tester+{rng.randrange(100, 999)}@parcelwise.example (org {rng.randrange(10, 99)})")
        else:
            lines.append(f"[{t:8.3f}] audit: outbound allowlist ok ({rng.randrange(3, 9)} hosts)")
        if i == n * 2 // 3:
            lines.append(tail)
    lines.append(f"[{t + 0.4:8.3f}] sandbox sbx-{4000 + k} exit status 1 after {t:.1f}s")
    return "\n".join(lines)


@style
def bug_bounty_triage():
    st = "bug_bounty_triage"
    out = []
    # R1: the same error buried deep in a long, varying log; the agent tweaks the script each time.
    rng = random.Random(4471)
    s = Session("bug_bounty_triage_runaway_buried_error", st, "responses", BOUNTY_SYS, BOUNTY_TOOLS,
                runaway(3, 9), "Every repro run prints a long log that differs in timings and ids, but two thirds of "
                "the way down it is the same 403 from the staging WAF; the agent keeps editing the payload.", user_id="triager-3")
    s.user("Triage PW-2291: 'IDOR on /v2/shipments/{id}/label lets any user download other users' shipping labels'. "
           "Reporter's PoC is attached as poc.py.", 0)
    tail = ("Traceback (most recent call last):\n  File \"/work/poc.py\", line 41, in <module>\n    r.raise_for_status()\n"
            "  File \"/usr/lib/python3.12/site-packages/requests/models.py\", line 1024, in raise_for_status\n"
            "    raise HTTPError(http_error_msg, response=self)\nrequests.exceptions.HTTPError: 403 Client Error: Forbidden "
            "for url: https://api-staging.parcelwise.example/v2/shipments/884120/label (waf-rule: 100044 "
            "'sandbox egress not allowlisted for label service')")
    variants = ["python poc.py --target staging", "python poc.py --target staging --shipment 884120",
                "python poc.py --target staging --token $USER_B_TOKEN", "python poc.py --target staging --sleep 2",
                "python poc.py --target staging --user-agent 'Mozilla/5.0'", "python poc.py --target staging --shipment 884121",
                "python poc.py --target staging --http1.1", "python poc.py --target staging --retries 3",
                "python poc.py --target staging --token $USER_C_TOKEN", "python poc.py --target staging --no-verify",
                "python poc.py --target staging --proxy none"]
    for k, v in enumerate(variants):
        s.step("Running the PoC as attached." if k == 0 else f"Adjusting the invocation: {v.split('staging ')[-1]}.", "run_repro",
               {"report_id": "PW-2291", "script": v, "sandbox": "default"}, sandbox_log(rng, k, tail), 40 + k * 3)
    out.append(s)

    # R2: renamed entities - a new sandbox name each time, the same quota failure.
    s = Session("bug_bounty_triage_runaway_renamed_sandbox", st, "chat", BOUNTY_SYS, BOUNTY_TOOLS,
                runaway(4, 9), "Sandbox creation fails with the same project quota error; the agent invents a new "
                "sandbox name every time (repro-a, repro-b...), so the ids differ but nothing changes.", user_id="triager-1")
    s.user("New report PW-2307: stored XSS in the shipment notes field (rendered in the courier dashboard). Please reproduce.", 0)
    s.step("Searching for duplicates first.", "search_duplicates", {"query": "stored XSS shipment notes courier dashboard", "cursor": ""},
           {"results": [{"id": "PW-1988", "title": "Reflected XSS in tracking page ?ref=", "state": "resolved", "score": 0.41}], "next_cursor": None}, 5)
    names = ["repro-pw2307", "repro-pw2307-b", "pw2307-xss", "pw2307-xss-2", "triage-2307", "triage-2307-retry",
             "sbx-2307-c", "sbx-2307-d", "xss-notes-e", "xss-notes-f", "pw-2307-final"]
    for k, nm in enumerate(names):
        s.step("Running the reporter's payload." if k == 0 else f"Quota error on the previous sandbox; trying a new sandbox '{nm}'.",
               "run_repro", {"report_id": "PW-2307", "script": "node poc_xss.js --notes '<img src=x onerror=alert(document.domain)>'", "sandbox": nm},
               {"error": {"code": "RESOURCE_EXHAUSTED", "message": f"Cannot create sandbox '{nm}': project 'bounty-triage' has 12/12 "
                                                                     "active sandboxes (quota). Delete idle sandboxes or ask an admin to raise the quota.",
                          "request_id": f"req-{hashlib.md5(nm.encode()).hexdigest()[:10]}"}}, 15)
    out.append(s)

    # H1: repro failures that change every run, then the repro works and a payout is set.
    rng = random.Random(9120)
    s = Session("bug_bounty_triage_healthy_repro_converges", st, "anthropic", BOUNTY_SYS, BOUNTY_TOOLS,
                notes="Three repro runs fail for different reasons (wrong path, CSRF token, expired fixture), the "
                "fourth reproduces the IDOR; duplicate search pages through results; payout set.", user_id="triager-3")
    s.user("Triage PW-2315: 'Changing the org_id in PATCH /v2/orgs/{org_id}/members lets an admin of org A add themselves "
           "to org B'. PoC: patch_member.sh", 0)
    tails = [
        "curl: (22) The requested URL returned error: 404\n{\"error\":\"route not found\",\"path\":\"/v2/org/31/members\"}",
        "HTTP/1.1 403 Forbidden\n{\"error\":\"csrf_token_missing\",\"hint\":\"send X-CSRF-Token from GET /v2/session\"}",
        "HTTP/1.1 401 Unauthorized\n{\"error\":\"token_expired\",\"detail\":\"fixture token for tester+217 expired at 2026-11-21T08:00:00Z\"}",
        "HTTP/1.1 200 OK\n{\"org_id\":32,\"member\":{\"email\":\"tester+217@parcelwise.example\",\"role\":\"admin\"},\"added_by\":\"tester+217@parcelwise.example\"}\nREPRODUCED: admin of org 31 added itself to org 32",
    ]
    fixes = ["bash patch_member.sh 31 32", "bash patch_member.sh 31 32 # path fixed to /v2/orgs/",
             "bash patch_member.sh 31 32 --csrf", "bash patch_member.sh 31 32 --csrf --refresh-fixture"]
    for k in range(4):
        s.step(["Running the PoC.", "404 — the script uses /v2/org/ (singular). Fixing the path.",
                "Now a CSRF error: the script must fetch a token first.", "The fixture token expired; refreshing it."][k],
               "run_repro", {"report_id": "PW-2315", "script": fixes[k], "sandbox": "default"}, sandbox_log(rng, 20 + k, tails[k], n=50), 50)
    cur = ""
    for p in range(3):
        res = [{"id": f"PW-{1500 + p * 37 + i * 11}", "title": t, "state": st_, "score": sc}
               for i, (t, st_, sc) in enumerate([("Org member endpoint lacks rate limit", "informative", 0.38 - p * 0.05),
                                                 ("Privilege escalation via role param", "resolved", 0.52 - p * 0.1),
                                                 ("IDOR in shipment label download", "triaged", 0.31 - p * 0.04)])]
        nxt = f"c{p + 1}" if p < 2 else None
        s.step(None if p == 0 else "Next page of candidates.", "search_duplicates", {"query": "org_id members cross-org add IDOR", "cursor": cur},
               {"page": p + 1, "results": res, "next_cursor": nxt}, 6)
        cur = nxt or ""
    s.step("No duplicate (closest is PW-1537, role escalation within one org). Setting high severity: cross-tenant "
           "privilege escalation needing admin in any org (CVSS 8.1).", "set_payout", {"report_id": "PW-2315", "severity": "high", "amount_usd": 2500},
           {"ok": True, "report_id": "PW-2315", "state": "triaged", "payout_usd": 2500}, 20)
    s.say("PW-2315 reproduced, not a duplicate, triaged as High with a $2,500 payout.")
    s.user("Good. Note for the reporter that we reproduced with a fresh fixture, their script had the singular path.", 1400)
    out.append(s)

    # H2: one report after another with the same answer template, duplicate search paging; boilerplate outputs.
    s = Session("bug_bounty_triage_healthy_template_queue", st, "responses", BOUNTY_SYS, BOUNTY_TOOLS,
                notes="Works through a queue of five low-effort reports; every verdict follows one template "
                "(Duplicate / Repro / Severity / Payout) with different content; tool outputs share boilerplate.", user_id="triager-2")
    queue = [("PW-2320", "Missing HSTS header on status.parcelwise.example", "out of scope host", None, None),
             ("PW-2321", "Clickjacking on /login", "X-Frame-Options: DENY present; not reproducible", None, None),
             ("PW-2322", "Rate limit bypass on password reset via X-Forwarded-For", "reproduced: 200 resets/min", "medium", 600),
             ("PW-2323", "Email enumeration on signup", "duplicate of PW-1710", None, None),
             ("PW-2324", "Open redirect in /logout?next=", "reproduced: redirects to https://evil.example", "low", 150)]
    s.user("Please go through the five new reports in the queue (PW-2320..PW-2324) and give me a verdict for each.", 0)
    for k, (rid, title, result, sev, pay) in enumerate(queue):
        s.step(f"{rid}: {title}. Searching duplicates.", "search_duplicates", {"query": title, "cursor": ""},
               {"results": ([{"id": "PW-1710", "title": "User enumeration via signup error message", "state": "resolved", "score": 0.93}]
                            if "duplicate" in result else []), "next_cursor": None, "index_version": "2026-11-21"}, 8)
        s.step(None, "run_repro", {"report_id": rid, "script": f"python triage_check.py {rid}", "sandbox": "default"},
               f"sandbox sbx-{5100 + k} starting (image parcelwise/repro-env:2026.11)\nrunning triage_check.py {rid}\n"
               f"target: staging\nresult: {result}\nsandbox sbx-{5100 + k} exit status 0", 30)
        if sev:
            s.step(None, "set_payout", {"report_id": rid, "severity": sev, "amount_usd": pay},
                   {"ok": True, "report_id": rid, "state": "triaged", "payout_usd": pay}, 5)
        s.say(f"{rid} — {title}\nDuplicate: {'yes, PW-1710' if 'duplicate' in result else 'no'}\nRepro: {result}\n"
              f"Severity: {sev or 'n/a'}\nPayout: {'$' + str(pay) if pay else 'none'}")
        if k + 1 < len(queue):
            s.user("next", 90 + k * 20)
    out.append(s)
    return out


# ---------------------------------------------------------------- kitchen_remodel_planner (tool-less)
KITCHEN_SYS = ("You help homeowners plan kitchen remodels: layout, budgets, sequencing, comparing contractor quotes "
               "and spotting missing line items. Be concrete and use the numbers the user gives. You are not a licensed "
               "contractor; say when something needs a pro or a permit.")

QUOTE_A = """BRIGHTLINE BUILDERS LLC — PROPOSAL #BB-26-0419
Client: M. & J. Haldane, 88 Larkspur Rd    Date: April 19, 2026    Valid 30 days
Scope: full kitchen remodel, approx. 165 sq ft, existing footprint, wall between kitchen and dining NOT removed.
 1. Demolition & haul-away (cabinets, counters, vinyl floor, soffits) ........ $3,850
 2. Plumbing rough-in: relocate sink 30" left, new dishwasher supply, PEX ... $4,200
 3. Electrical: 4 new 20A circuits, 9 LED recessed cans, under-cabinet strip . $6,900
 4. Drywall patch, skim coat, prime ........................................ $2,300
 5. Cabinets: semi-custom maple, shaker, 19 boxes, soft-close (supply) ....... $18,450
 6. Cabinet install ......................................................... $3,100
 7. Countertops: 3cm quartz (Calacatta Laza), 52 sq ft incl. fabrication ..... $6,760
 8. Backsplash: 3x12 ceramic subway, 38 sq ft (tile allowance $6/sq ft) ...... $1,940
 9. Flooring: LVP 7" plank, 180 sq ft incl. underlayment ..................... $2,880
10. Paint walls/ceiling (2 coats) ........................................... $1,150
11. Fixtures install (sink, faucet, disposal, range hood) — fixtures by owner . $950
Subtotal $52,480   Contingency (10%) $5,248   TOTAL $57,728
Payment: 30% deposit, 30% at cabinet delivery, 30% at countertop install, 10% on completion.
Permit: "Permit fees billed at cost." Timeline: 7-8 weeks from permit issue. Warranty: 2 years workmanship.
Exclusions: appliances, fixtures, structural changes, asbestos/lead abatement, window work."""

QUOTE_B = """Cedar & Stone Renovation — Estimate 2026-88
For: Haldane residence, 88 Larkspur Rd. Prepared by: Luis Ortega. April 22, 2026.
Kitchen remodel — same layout, sink moved to window wall.
Demo + disposal: $3,200. Plumbing (sink move, DW, fridge water line, gas line cap for future): $5,100.
Electrical (panel check, 3 circuits, 8 cans, pendants x2 install, UC lighting): $5,750.
Walls (drywall, texture match, primer): $1,900. Cabinets (stock line, 'Aspen White', 18 boxes, install incl.): $14,980.
Counters: 2cm quartz, builder grade color, 50 sf: $4,950. Backsplash: full-height behind range + 18" elsewhere, tile
allowance $10/sf: $2,600. Floor: site-finished white oak to match hallway, 180 sf: $6,300. Paint: $900.
Permits & inspections: $1,250 (included). Dumpster: included.
TOTAL: $46,930. 50% deposit, balance on completion. Start: 3 weeks after signing, duration 6 weeks.
Note: change orders at $85/hr labor + materials. Cleanup daily. 1-year warranty."""

QUOTE_C = """HANDY HALDANE? — quote from Pete Varga (sole proprietor), texted Apr 25:
kitchen - tear out, new cabs (ikea, you buy & i assemble), butcher block counters, tile backsplash, new lvp floor,
paint. sink stays where it is. electrical - add 2 outlets by island, replace lights w/ 6 cans.
labor $14,500 flat. materials you buy directly, my estimate ~$16k. no permit needed for this imo.
can start next week, 4-5 wks. cash or zelle, 1/3 up front."""


@style
def kitchen_remodel_planner():
    st = "kitchen_remodel_planner"
    out = []
    # R1: "continue" answered by the same section again.
    s = Session("kitchen_remodel_planner_runaway_continue", st, "chat", KITCHEN_SYS,
                expected=runaway(5, 9), notes="The user asks for a week-by-week plan and types 'continue'; after week 3 "
                "the assistant re-emits the same 'Weeks 3-4: rough-in' section every time.", user_id="u-haldane", max_tokens=1500)
    s.user("We signed with Brightline. Write me a week-by-week plan of what happens and what I need to decide when, "
           "in parts. Start with before-demo.", 0)
    s.say("Before demo (2-3 weeks ahead):\n- Order appliances now; lead times on ranges are 4-8 weeks.\n- Pick the sink and "
          "faucet (fixtures are yours under item 11).\n- Confirm permit submission date with Brightline.\n- Set up a "
          "temporary kitchen: fridge, microwave, kettle in the dining room.\nSay 'continue' for weeks 1-2.")
    s.user("continue", 95)
    s.say("Weeks 1-2: demolition and haul-away (item 1), then the plumbing relocation of the sink 30\" left (item 2).\n"
          "Decide by end of week 1: final sink position and dishwasher side. Expect noise and dust; hang plastic at the "
          "dining doorway.\nSay 'continue' for weeks 3-4.")
    rough = ("Weeks 3-4: rough-in.\n- Electrician runs 4 new 20A circuits and boxes for 9 recessed cans (item 3).\n"
             "- Rough plumbing and electrical inspection by the city; nothing gets closed up before it passes.\n"
             "- Decide: under-cabinet lighting color temperature (2700K vs 3000K) and pendant positions.\n"
             "Say 'continue' for weeks 5-6.")
    rough2 = rough.replace("Weeks 3-4: rough-in.", "Weeks 3-4: rough-in (electrical and plumbing).")
    for k in range(10):
        s.user(["continue", "continue", "continue please", "you already said that, continue to weeks 5-6", "continue",
                "weeks 5-6??", "continue", "continue", "continue", "hello? continue"][k], 70 + k * 9)
        s.say(rough if k % 3 != 2 else rough2)
    s.user("continue", 60)
    out.append(s)

    # R2: a growing pasted email thread with the same unanswered question, the same advice every time.
    s = Session("kitchen_remodel_planner_runaway_growing_thread", st, "anthropic", KITCHEN_SYS,
                expected=runaway(4, 9), notes="The user pastes the ever-growing email thread with Brightline (the "
                "contractor's auto-reply repeats) and asks the same question; the assistant gives the same advice.", user_id="u-haldane", max_tokens=1200)
    thread = ["From: Jen Haldane\nTo: office@brightline.example\nSubject: Permit fee estimate?\n\nHi, item 'Permit fees billed "
              "at cost' — can you give us an estimate before we sign? Thanks, Jen"]
    auto = ("From: office@brightline.example\nSubject: RE: Permit fee estimate?\n\nThank you for contacting Brightline "
            "Builders! We have received your message and a project coordinator will respond within 2 business days. "
            "For emergencies call (555) 014-2231.\n")
    advice = [
        "The open question is still the permit fee. Don't sign until Brightline puts a number (or a cap) on 'billed at "
        "cost'. Typical city fees for a kitchen with electrical and plumbing run $900-$2,000. Call the office and ask for a "
        "cap in writing, e.g. 'permit fees not to exceed $1,500'.",
        "You still don't have an answer on the permit fee. I'd hold off signing: ask Brightline by phone for a written "
        "cap on 'billed at cost' — kitchens with plumbing and electrical permits are usually $900-$2,000 here.",
        "Nothing new on the permit fee yet — only the auto-reply. My advice is the same: get a written cap on the permit "
        "line ($900-$2,000 is typical) before signing, and phone the office rather than emailing.",
    ]
    s.user("Here's the thread so far, what should I do?\n\n" + thread[0], 0)
    for k in range(11):
        s.say(advice[k % 3])
        thread.append(f"{auto}\n--- Original message (#{k + 2}) ---\nFrom: Jen Haldane\nSubject: RE: Permit fee estimate?\n\n"
                      + ["Following up on this.", "Hi again, any update on the permit estimate?",
                         "Still waiting on the permit number please.", "Can someone call me? 555-0188"][k % 4])
        s.user("Updated thread, still nothing. What should I do?\n\n" + "\n\n".join(reversed(thread)), 1800 + k * 60)
    out.append(s)

    # H1: stateless client - the same three quotes resent with a new question each time.
    s = Session("kitchen_remodel_planner_healthy_stateless_quotes", st, "anthropic", KITCHEN_SYS,
                notes="A stateless comparison page sends the same three pasted quotes with a different question every "
                "request (no history); each answer is different.", user_id="u-haldane", max_tokens=1200)
    qs = ["Which quote includes permit fees, and how much?", "Compare the countertop lines: thickness, area, price per sq ft.",
          "Which one moves the sink and which doesn't?", "What is missing from Pete's quote compared to the other two?",
          "What are the payment schedules and which is riskiest for us?", "Compare the flooring options and prices.",
          "How many recessed lights does each include?", "Which warranty is longest?", "Total cost of each if we add $1,500 "
          "permit fees where not included and Pete's materials come in at $16k?", "Timeline from signing to done, each?"]
    docs = f"QUOTE 1\n{QUOTE_A}\n\nQUOTE 2\n{QUOTE_B}\n\nQUOTE 3\n{QUOTE_C}\n\n"
    for k, q in enumerate(qs):
        s.reset()
        s.user(docs + "Question: " + q, [0, 140, 95, 210, 180, 60, 75, 120, 300, 90][k])
    out.append(s)

    # H2: slow human, iterative refinement of a budget with small diffs; template answers with new content.
    s = Session("kitchen_remodel_planner_healthy_budget_refine", st, "responses", KITCHEN_SYS,
                notes="A homeowner refines a budget table over an evening, replying every 20-50 minutes; each answer "
                "is the same table with one or two lines changed.", user_id="u-haldane", max_tokens=1500)
    lines = {"Cabinets": 18450, "Countertops": 6760, "Backsplash": 1940, "Flooring": 2880, "Appliances": 9200,
             "Fixtures": 1600, "Labor & rough-in": 22450, "Permit": 1500, "Contingency": 5248}

    def table():
        rows = "\n".join(f"| {k} | ${v:,} |" for k, v in lines.items())
        return f"| Line | Amount |\n|---|---|\n{rows}\n| **Total** | **${sum(lines.values()):,}** |"
    s.user("Build me a budget table from the Brightline quote plus appliances (~$9,200) and fixtures (~$1,600). Permit guess $1,500.", 0)
    s.say("Here's the starting budget:\n\n" + table() + "\n\nThe contingency is Brightline's 10%.")
    changes = [("Swap quartz for butcher block, Pete says ~$2,100 installed.", "Countertops", 2100),
               ("Actually keep quartz but 2cm like Cedar & Stone: $4,950.", "Countertops", 4950),
               ("We found the range on sale, appliances now $7,950.", "Appliances", 7950),
               ("Backsplash full height behind the range: add $700.", "Backsplash", 2640),
               ("City told me the permit is $1,180.", "Permit", 1180),
               ("Oak floor to match the hall instead of LVP, $6,300.", "Flooring", 6300),
               ("Drop contingency to 8% of the new subtotal.", "Contingency", None)]
    for k, (msg, key, val) in enumerate(changes):
        s.user(msg, [1500, 2700, 1900, 3000, 1250, 2200, 1800][k])
        if val is None:
            sub = sum(v for kk, v in lines.items() if kk != "Contingency")
            val = sub * 8 // 100
        old = lines[key]
        lines[key] = val
        s.say(f"Updated {key}: ${old:,} → ${val:,}.\n\n" + table())
    s.user("Perfect, that's the one. Thanks!", 900)
    out.append(s)
    return out


# ---------------------------------------------------------------- terraform_module_refactor
TF_TOOLS = {
    "terraform_plan": ("Run terraform plan in a directory; returns the output.", P(["dir:string", "args:string"])),
    "terraform_validate": ("Run terraform validate in a directory.", P(["dir:string"])),
    "edit_file": ("Apply a unified diff to a file in the repository.", P(["path:string", "patch:string"])),
    "state_mv": ("Run terraform state mv SOURCE DEST in a directory.", P(["dir:string", "source:string", "dest:string"])),
}
TF_SYS = ("You are a coding agent in the infra-live repository. Task style: refactor Terraform without changing real "
          "infrastructure. A refactor is done when `terraform plan` in the affected root reports 'No changes'. Never run "
          "apply. Prefer `moved` blocks over state surgery; use state_mv only when a moved block cannot express the move.")

TF_RESOURCES = ["aws_vpc.main", "aws_subnet.private[0]", "aws_subnet.private[1]", "aws_subnet.private[2]", "aws_subnet.public[0]",
                "aws_subnet.public[1]", "aws_route_table.private[0]", "aws_route_table.private[1]", "aws_nat_gateway.this[0]",
                "aws_nat_gateway.this[1]", "aws_eip.nat[0]", "aws_eip.nat[1]", "aws_internet_gateway.main", "aws_security_group.db",
                "aws_security_group.app", "aws_db_subnet_group.main", "aws_db_instance.main", "aws_db_parameter_group.pg16",
                "aws_s3_bucket.logs", "aws_s3_bucket_policy.logs", "aws_s3_bucket.artifacts", "aws_iam_role.app",
                "aws_iam_role_policy_attachment.app_ssm", "aws_kms_key.rds", "aws_cloudwatch_log_group.app",
                "aws_lb.app", "aws_lb_listener.https", "aws_lb_target_group.app", "aws_route53_record.app", "aws_acm_certificate.app"]


def refresh_lines(rng, prefix="", n=None):
    res = list(TF_RESOURCES)
    rng.shuffle(res)
    out = []
    for r in res[:n]:
        rid = hashlib.md5((r + prefix).encode()).hexdigest()[:17]
        out.append(f"{prefix}{r}: Refreshing state... [id={r.split('.')[0].replace('aws_', '')[:3]}-{rid}]")
    return out


@style
def terraform_module_refactor():
    st = "terraform_module_refactor"
    out = []
    # R1: period-3 cycle (edit the same moved block / validate / plan forces replacement), plan timings tick.
    rng = random.Random(7001)
    s = Session("terraform_module_refactor_runaway_cycle", st, "anthropic", TF_SYS, TF_TOOLS,
                runaway(5, 11), "The agent re-applies the same moved block, validates and plans; the plan still replaces "
                "the database because the module uses a for_each key. Period 3; only refresh order and timings change.", user_id="u-infra")
    s.user("Move the RDS resources in envs/prod from the root into modules/database (already written). Plan must show no changes.", 0)
    patch = ("--- a/envs/prod/main.tf\n+++ b/envs/prod/main.tf\n@@ -88,0 +89,4 @@\n+moved {\n+  from = aws_db_instance.main\n"
             "+  to   = module.database.aws_db_instance.this\n+}\n")
    for k in range(6):
        s.step("Adding a moved block for the DB instance." if k == 0 else "The plan still replaces it; re-applying the moved block.",
               "edit_file", {"path": "envs/prod/main.tf", "patch": patch},
               {"applied": k == 0, "message": "1 hunk applied" if k == 0 else "patch already applied (no changes)"}, 6)
        s.step(None, "terraform_validate", {"dir": "envs/prod"}, f"Success! The configuration is valid.\n(took {1.1 + rng.random():.2f}s)", 9)
        plan = ["Acquiring state lock. This may take a few moments..."] + refresh_lines(rng, n=22) + [
            "",
            "Terraform used the selected providers to generate the following execution plan. Resource actions are indicated with the following symbols:",
            "-/+ destroy and then create replacement", "",
            "Terraform will perform the following actions:", "",
            "  # aws_db_instance.main has moved to module.database.aws_db_instance.this[\"primary\"]... ",
            "  # module.database.aws_db_instance.this[\"primary\"] must be replaced",
            "-/+ resource \"aws_db_instance\" \"this\" {",
            "      ~ identifier = \"prod-main\" -> \"prod-primary\" # forces replacement",
            "        engine     = \"postgres\"", "        engine_version = \"16.4\"",
            "      ~ id         = \"db-7QK2LZ4M5XW3\" -> (known after apply)", "    }", "",
            "Plan: 1 to add, 0 to change, 1 to destroy.",
            f"Releasing state lock. This may take a few moments... (plan took {38 + rng.randrange(0, 9)}s)"]
        s.step("Planning.", "terraform_plan", {"dir": "envs/prod", "args": "-lock-timeout=60s"}, "\n".join(plan), 45)
    out.append(s)

    # R2: the same plan job restarted, failing at the same step deep inside a long, varying log.
    rng = random.Random(7002)
    s = Session("terraform_module_refactor_runaway_restart", st, "chat", TF_SYS, TF_TOOLS,
                runaway(3, 8), "Every plan run re-downloads providers and refreshes ~30 resources in a different order, "
                "then fails on the same AccessDenied reading the logs bucket policy; the agent restarts it with new flags.", user_id="u-infra")
    s.user("Split envs/shared into modules/network and modules/logging; I already wrote the modules. Run plans until clean.", 0)
    argsets = ["", "-refresh=true", "-parallelism=4", "-lock-timeout=120s", "-refresh=true -parallelism=2", "-input=false",
               "-parallelism=1", "-refresh=true -lock-timeout=300s", "-compact-warnings", "-input=false -parallelism=8"]
    for k, a in enumerate(argsets):
        lines = ["Initializing the backend...", "Initializing modules...", "- network in ../../modules/network", "- logging in ../../modules/logging",
                 "Initializing provider plugins...", f"- Reusing previous version of hashicorp/aws from the dependency lock file",
                 f"- Using previously-installed hashicorp/aws v5.72.1 (checked in {rng.randrange(80, 900)}ms)",
                 "Terraform has been successfully initialized!", ""]
        lines += refresh_lines(rng, n=28)
        lines += [f"module.network.aws_flow_log.vpc: Refreshing state... [id=fl-0{rng.randrange(10**8, 10**9)}]", "",
                  "Error: reading S3 Bucket Policy (acme-shared-logs-0193): operation error S3: GetBucketPolicy, https response "
                  "error StatusCode: 403, RequestID: " + hashlib.md5(f"{k}".encode()).hexdigest()[:16].upper() +
                  ", api error AccessDenied: Access Denied", "",
                  "  with aws_s3_bucket_policy.logs,", "  on logging.tf line 41, in resource \"aws_s3_bucket_policy\" \"logs\":",
                  "  41: resource \"aws_s3_bucket_policy\" \"logs\" {", "",
                  f"Releasing state lock. This may take a few moments... (exit 1 after {rng.randrange(40, 95)}s)"]
        s.step("Planning envs/shared." if k == 0 else f"Same failure; re-running with {a or 'defaults'}.", "terraform_plan",
               {"dir": "envs/shared", "args": a}, "\n".join(lines), 70 + rng.randrange(0, 40))
    out.append(s)

    # H1: validate errors that change every run, fixed one by one; long plans sharing boilerplate; ends with No changes.
    rng = random.Random(7003)
    s = Session("terraform_module_refactor_healthy_converges", st, "responses", TF_SYS, TF_TOOLS,
                notes="Validation fails with a different error after each fix, then plans (long, mostly identical "
                "refresh boilerplate) show fewer changes each time until 'No changes'.", user_id="u-infra")
    s.user("Extract the ALB resources in envs/staging into modules/alb (create it). Done when plan shows no changes.", 0)
    errs = ["Error: Reference to undeclared input variable\n\n  on ../../modules/alb/main.tf line 3, in resource \"aws_lb\" \"this\":\n   3:   subnets = var.public_subnet_ids\n\nAn input variable with the name \"public_subnet_ids\" has not been declared.",
            "Error: Missing required argument\n\n  on main.tf line 112, in module \"alb\":\n 112: module \"alb\" {\n\nThe argument \"certificate_arn\" is required, but no definition was found.",
            "Error: Unsupported attribute\n\n  on outputs.tf line 9, in output \"alb_dns\":\n   9:   value = aws_lb.app.dns_name\n\nA managed resource \"aws_lb\" \"app\" has not been declared in the root module.",
            None]
    edits = [("modules/alb/variables.tf", "+variable \"public_subnet_ids\" {\n+  type = list(string)\n+}\n"),
             ("envs/staging/main.tf", "+  certificate_arn   = aws_acm_certificate.app.arn\n"),
             ("envs/staging/outputs.tf", "-  value = aws_lb.app.dns_name\n+  value = module.alb.dns_name\n")]
    s.step("Moving the three resources into modules/alb/main.tf and calling the module.", "edit_file",
           {"path": "envs/staging/main.tf", "patch": "-resource \"aws_lb\" \"app\" {\n...\n+module \"alb\" {\n+  source = \"../../modules/alb\"\n+}\n"},
           {"applied": True, "message": "3 hunks applied"}, 12)
    for k, e in enumerate(errs):
        s.step(None, "terraform_validate", {"dir": "envs/staging"}, e or "Success! The configuration is valid.", 8)
        if e:
            s.step(["Declaring the subnet variable in the module.", "Passing the certificate ARN.", "Pointing the output at the module."][k],
                   "edit_file", {"path": edits[k][0], "patch": edits[k][1]}, {"applied": True, "message": "1 hunk applied"}, 15)
    steps = [("Plan: 3 to add, 0 to change, 3 to destroy.", "Adding moved blocks for the three resources."),
             ("Plan: 0 to add, 1 to change, 0 to destroy.", "One in-place change: the target group name now comes from a variable default; setting it explicitly."),
             ("No changes. Your infrastructure matches the configuration.", None)]
    for k, (summary, fix) in enumerate(steps):
        body = ["Acquiring state lock. This may take a few moments..."] + refresh_lines(rng, n=30) + [""]
        if k == 0:
            body += [f"  # {r} will be destroyed\n  # (because {r} is not in configuration)" for r in ("aws_lb.app", "aws_lb_listener.https", "aws_lb_target_group.app")]
        elif k == 1:
            body += ["  # module.alb.aws_lb_target_group.this will be updated in-place", "  ~ name = \"staging-app-tg\" -> \"alb-tg\""]
        body += ["", summary, "Releasing state lock. This may take a few moments..."]
        s.step("Planning.", "terraform_plan", {"dir": "envs/staging", "args": ""}, "\n".join(body), 50)
        if fix:
            s.step(fix, "edit_file", {"path": "envs/staging/main.tf", "patch": ["+moved {\n+  from = aws_lb.app\n+  to   = module.alb.aws_lb.this\n+}\n",
                                                                               "+  target_group_name = \"staging-app-tg\"\n"][k]},
                   {"applied": True, "message": "1 hunk applied"}, 14)
    out.append(s)

    # H2: a batch of state moves, same tool, boilerplate output with one changed address each; then a clean plan.
    s = Session("terraform_module_refactor_healthy_state_moves", st, "chat", TF_SYS, TF_TOOLS,
                notes="Twelve `terraform state mv` calls with the same boilerplate answer, each for a different "
                "resource (count-to-for_each rekeying that moved blocks cannot express here), then a clean plan.", user_id="u-infra")
    s.user("modules/network switched subnets and route tables from count to for_each keyed by AZ. Moved blocks can't "
           "express the index->key mapping in our Terraform 1.3 pin; do the state moves in envs/dev, then plan.", 0)
    azs = ["us-east-2a", "us-east-2b", "us-east-2c"]
    moves = [(f"module.network.aws_subnet.private[{i}]", f"module.network.aws_subnet.private[\"{az}\"]") for i, az in enumerate(azs)]
    moves += [(f"module.network.aws_subnet.public[{i}]", f"module.network.aws_subnet.public[\"{az}\"]") for i, az in enumerate(azs)]
    moves += [(f"module.network.aws_route_table.private[{i}]", f"module.network.aws_route_table.private[\"{az}\"]") for i, az in enumerate(azs)]
    moves += [(f"module.network.aws_route_table_association.private[{i}]", f"module.network.aws_route_table_association.private[\"{az}\"]") for i, az in enumerate(azs)]
    for k, (src, dst) in enumerate(moves):
        s.step(f"Moving {src}." if k == 0 else None, "state_mv", {"dir": "envs/dev", "source": src, "dest": dst},
               "Acquiring state lock. This may take a few moments...\n"
               f"Move \"{src}\" to \"{dst}\"\nSuccessfully moved 1 object(s).\nReleasing state lock. This may take a few moments...", 7)
    rng = random.Random(7004)
    s.step("All 12 moved. Planning.", "terraform_plan", {"dir": "envs/dev", "args": ""},
           "\n".join(refresh_lines(rng, "module.network.", n=30) + ["", "No changes. Your infrastructure matches the configuration."]), 40)
    s.say("Done: 12 state moves in envs/dev, and the plan shows no changes.")
    s.user("great, do the same in envs/staging next week. thanks", 2400)
    out.append(s)
    return out


# ---------------------------------------------------------------- validation and output
class Invalid(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Invalid(msg)


def validate_request(shape, req):
    """Checks one request body against the rules of its API shape."""
    need(isinstance(req.get("model"), str) and req["model"], "model")
    declared = set()
    for t in req.get("tools", []):
        if shape == "chat":
            need(t.get("type") == "function" and "name" in t["function"] and "parameters" in t["function"], "chat tool")
            declared.add(t["function"]["name"])
        elif shape == "responses":
            need(t.get("type") == "function" and "name" in t and "parameters" in t, "responses tool")
            declared.add(t["name"])
        else:
            need("name" in t and "input_schema" in t, "anthropic tool")
            declared.add(t["name"])
    if shape == "chat":
        msgs = req.get("messages")
        need(isinstance(msgs, list) and msgs, "messages")
        open_ids = set()
        for m in msgs:
            need(m.get("role") in ("system", "user", "assistant", "tool"), "role")
            if m["role"] == "tool":
                need(m.get("tool_call_id") in open_ids, "tool_call_id without a call")
                open_ids.discard(m["tool_call_id"])
                need(isinstance(m.get("content"), str), "tool content")
                continue
            need(not open_ids, "tool calls left unanswered")
            if m["role"] == "assistant":
                need(isinstance(m.get("content"), str) or m.get("tool_calls"), "empty assistant")
                for c in m.get("tool_calls", []):
                    need(c["type"] == "function" and c["function"]["name"] in declared, "undeclared tool")
                    json.loads(c["function"]["arguments"])
                    open_ids.add(c["id"])
            else:
                need(isinstance(m.get("content"), str) and m["content"], "content")
        need(not open_ids, "tool calls left unanswered at the end")
        need(msgs[-1]["role"] in ("user", "tool"), "last message")
    elif shape == "responses":
        need("previous_response_id" not in req, "previous_response_id")
        need(isinstance(req.get("max_output_tokens"), int), "max_output_tokens")
        items = req.get("input")
        need(isinstance(items, list) and items, "input")
        calls = set()
        for it in items:
            kind = it.get("type", "message")
            if kind == "function_call":
                need(it["name"] in declared and it["call_id"] not in calls, "function_call")
                json.loads(it["arguments"])
                calls.add(it["call_id"])
            elif kind == "function_call_output":
                need(it["call_id"] in calls, "output without a call")
                calls.discard(it["call_id"])
                need(isinstance(it["output"], str), "output")
            else:
                need(not calls, "function calls left unanswered")
                need(it.get("role") in ("user", "assistant", "developer"), "input role")
        need(not calls, "function calls left unanswered at the end")
        last = items[-1]
        need(last.get("type") == "function_call_output" or last.get("role") == "user", "last input item")
    else:
        need(isinstance(req.get("max_tokens"), int), "max_tokens")
        need(isinstance(req.get("system"), str), "system")
        msgs = req.get("messages")
        need(isinstance(msgs, list) and msgs and msgs[0]["role"] == "user", "first message user")
        prev_uses = set()
        for k, m in enumerate(msgs):
            need(m["role"] == ("user" if k % 2 == 0 else "assistant"), "user/assistant must alternate")
            blocks = m["content"] if isinstance(m["content"], list) else [{"type": "text", "text": m["content"]}]
            need(blocks, "empty content")
            if m["role"] == "user":
                results = [b["tool_use_id"] for b in blocks if b["type"] == "tool_result"]
                need(set(results) == prev_uses, "tool_result must answer exactly the previous tool_use ids")
                if results:
                    need(blocks[0]["type"] == "tool_result", "tool_result blocks come first")
                prev_uses = set()
            else:
                for b in blocks:
                    need(b["type"] in ("text", "tool_use"), "assistant block")
                    if b["type"] == "tool_use":
                        need(b["name"] in declared and isinstance(b["input"], dict), "tool_use")
                        prev_uses.add(b["id"])
        need(msgs[-1]["role"] == "user", "last message user")


def validate(doc):
    need(doc["shape"] in PATHS and doc["path"] == PATHS[doc["shape"]], "shape/path")
    turns = doc["turns"]
    need(8 <= len(turns) <= 30, f"{len(turns)} turns")
    last = -1
    for t in turns:
        need(isinstance(t["at_seconds"], int) and t["at_seconds"] >= last, "at_seconds")
        last = t["at_seconds"]
        validate_request(doc["shape"], t["request"])
    if "stateless" not in doc["name"]:  # agents resend the whole history: each request extends the previous one
        key = {"chat": "messages", "responses": "input", "anthropic": "messages"}[doc["shape"]]
        for prev, cur in zip(turns, turns[1:]):
            p, c = prev["request"][key], cur["request"][key]
            need(len(c) > len(p) and c[:len(p)] == p, "a request does not extend the previous one")
    e = doc["expected"]
    if e["outcome"] == "runaway":
        need(1 < e["loop_begins_turn"] <= e["stop_by_turn"] < len(turns), "B/D")


def build():
    docs = []
    for fn in STYLES:
        sessions = fn()
        need(len(sessions) == 4, fn.__name__)
        for s in sessions:
            docs.append(s.doc())
    names = [d["name"] for d in docs]
    need(len(set(names)) == len(names), "duplicate names")
    for d in docs:
        try:
            validate(d)
        except (Invalid, KeyError, TypeError, ValueError) as err:
            raise Invalid(f"{d['name']}: {err}") from err
    return {os.path.join("heldout", d["name"] + ".json"): j(d) + "\n" for d in docs}


def main():
    files = build()
    if "--check" in sys.argv[1:]:
        bad = 0
        for rel, text in files.items():
            p = os.path.join(OUT, rel)
            if not os.path.exists(p) or open(p, encoding="utf-8").read() != text:
                print("differs:", rel)
                bad += 1
            else:
                json.loads(text)
        on_disk = {os.path.join("heldout", f) for f in os.listdir(os.path.join(OUT, "heldout")) if f.endswith(".json")}
        for extra in sorted(on_disk - set(files)):
            print("not generated:", extra)
            bad += 1
        print(f"{len(files)} sessions, {bad} problems")
        return 1 if bad else 0
    os.makedirs(os.path.join(OUT, "heldout"), exist_ok=True)
    for rel, text in files.items():
        with open(os.path.join(OUT, rel), "w", encoding="utf-8") as f:
            f.write(text)
    print(f"wrote {len(files)} sessions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
