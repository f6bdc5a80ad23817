#!/usr/bin/env python3
"""Writes the blind, held-out agent-session corpus tests/fixtures/corpus_ac/ (author: writer-ac).

    python3 scripts/gen_corpus_ac.py           # write the files
    python3 scripts/gen_corpus_ac.py --check   # regenerate in memory, validate, compare with disk

Stdlib only, deterministic: no clock, no randomness, no network. Ids are derived from a hash
of the session name and a counter. Sessions are written in a fixed order; shapes are assigned
round-robin in that order (chat, responses, anthropic, chat, ...).
"""
import hashlib
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "corpus_ac")
SHAPES = ["chat", "responses", "anthropic"]
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
MODELS = {
    "chat": ["gpt-4o-2024-08-06", "gpt-4.1-mini"],
    "responses": ["gpt-4.1", "o4-mini"],
    "anthropic": ["claude-sonnet-4-20250514", "claude-3-5-haiku-20241022"],
}
STYLES = [
    "hotel_concierge_chat", "cobol_mainframe_port", "pharmacy_refill_bot", "soil_lab_sample_batch",
    "podcast_ad_scheduler", "chemistry_homework_tutor", "datacenter_cooling_ops",
    "trademark_clearance_search",
]
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

ALL = []


def hid(seed, n):
    num = int.from_bytes(hashlib.sha256(seed.encode()).digest(), "big")
    out = ""
    while len(out) < n:
        num, r = divmod(num, 62)
        out += ALPHABET[r]
    return out


def tool(name, description, props, required=None):
    """A tool declaration, shape-neutral: (name, description, JSON schema)."""
    schema = {"type": "object", "properties": props}
    schema["required"] = list(required if required is not None else props.keys())
    return (name, description, schema)


S = {"type": "string"}
I = {"type": "integer"}
N = {"type": "number"}


class Session:
    def __init__(self, style, kind, n, *, system=None, tools=None, user, notes, expected,
                 model=0, max_tokens=1024):
        assert style in STYLES and kind in ("runaway", "healthy")
        self.shape = SHAPES[len(ALL) % 3]
        ALL.append(self)
        self.style, self.kind, self.n = style, kind, n
        self.name = "%s_%s_%d_%s" % (style, kind, n, self.shape)
        self.system = system
        self.tools = tools or []
        self.user_id = user
        self.notes = notes
        self.expected = expected
        self.model = MODELS[self.shape][model]
        self.max_tokens = max_tokens
        self.events = []
        self.snaps = []
        self.t = 0
        self.ncalls = 0

    # ---- building -------------------------------------------------------------------
    def u(self, text):
        self.events.append(("user", text))

    def a(self, text=None, calls=()):
        ids, cl = [], []
        for name, args in calls:
            self.ncalls += 1
            seed = "%s/%d" % (self.name, self.ncalls)
            cid = ("toolu_01" + hid(seed, 22)) if self.shape == "anthropic" else ("call_" + hid(seed, 24))
            ids.append(cid)
            cl.append((cid, name, args))
        self.events.append(("asst", text, cl))
        return ids

    def r(self, cid, content, err=False):
        if not isinstance(content, str):
            content = json.dumps(content, ensure_ascii=False)
        self.events.append(("tool", cid, content, err))

    def send(self, dt):
        """The client sends the history so far as one request, dt seconds after the last one."""
        if self.snaps:
            assert dt > 0
            self.t += dt
        self.snaps.append((self.t, len(self.events)))

    def step(self, dt, name, args, result, text=None, err=False):
        """One agent step: the assistant calls one tool, the result comes back, the next request goes out."""
        (cid,) = self.a(text, [(name, args)])
        self.r(cid, result, err)
        self.send(dt)

    def say(self, dt, reply, user_text):
        """One chat exchange: the assistant's reply, then the user's next message."""
        self.a(reply)
        self.u(user_text)
        self.send(dt)

    # ---- rendering ------------------------------------------------------------------
    def render_tools(self):
        out = []
        for name, desc, schema in self.tools:
            if self.shape == "chat":
                out.append({"type": "function", "function": {"name": name, "description": desc, "parameters": schema}})
            elif self.shape == "responses":
                out.append({"type": "function", "name": name, "description": desc, "parameters": schema})
            else:
                out.append({"name": name, "description": desc, "input_schema": schema})
        return out

    def render(self, k):
        evs = self.events[:k]
        if self.shape == "chat":
            msgs = [{"role": "system", "content": self.system}] if self.system else []
            for ev in evs:
                if ev[0] == "user":
                    msgs.append({"role": "user", "content": ev[1]})
                elif ev[0] == "asst":
                    m = {"role": "assistant", "content": ev[1]}
                    if ev[2]:
                        m["tool_calls"] = [{"id": c, "type": "function",
                                            "function": {"name": nm, "arguments": json.dumps(ar, ensure_ascii=False)}}
                                           for c, nm, ar in ev[2]]
                    msgs.append(m)
                else:
                    msgs.append({"role": "tool", "tool_call_id": ev[1], "content": ev[2]})
            req = {"model": self.model, "messages": msgs}
            if self.tools:
                req["tools"] = self.render_tools()
            req["max_tokens"] = self.max_tokens
            return req
        if self.shape == "responses":
            items = [{"role": "developer", "content": self.system}] if self.system else []
            for ev in evs:
                if ev[0] == "user":
                    items.append({"role": "user", "content": ev[1]})
                elif ev[0] == "asst":
                    if ev[1]:
                        items.append({"role": "assistant", "content": ev[1]})
                    for c, nm, ar in ev[2]:
                        items.append({"type": "function_call", "call_id": c, "name": nm,
                                      "arguments": json.dumps(ar, ensure_ascii=False)})
                else:
                    items.append({"type": "function_call_output", "call_id": ev[1], "output": ev[2]})
            req = {"model": self.model, "input": items}
            if self.tools:
                req["tools"] = self.render_tools()
            req["max_output_tokens"] = self.max_tokens
            return req
        msgs = []
        for ev in evs:
            if ev[0] == "asst":
                blocks = [{"type": "text", "text": ev[1]}] if ev[1] else []
                blocks += [{"type": "tool_use", "id": c, "name": nm, "input": ar} for c, nm, ar in ev[2]]
                msgs.append({"role": "assistant", "content": blocks})
                continue
            if ev[0] == "user":
                block = {"type": "text", "text": ev[1]}
            else:
                block = {"type": "tool_result", "tool_use_id": ev[1], "content": ev[2]}
                if ev[3]:
                    block["is_error"] = True
            if msgs and msgs[-1]["role"] == "user":
                last = msgs[-1]
                if isinstance(last["content"], str):
                    last["content"] = [{"type": "text", "text": last["content"]}]
                last["content"].append(block)
            elif ev[0] == "user":
                msgs.append({"role": "user", "content": ev[1]})
            else:
                msgs.append({"role": "user", "content": [block]})
        req = {"model": self.model, "max_tokens": self.max_tokens}
        if self.system:
            req["system"] = self.system
        req["messages"] = msgs
        if self.tools:
            req["tools"] = self.render_tools()
        return req

    def to_json(self):
        return {
            "name": self.name,
            "style": self.style,
            "shape": self.shape,
            "path": PATHS[self.shape],
            "headers": {"x-session-id": "ac-" + hid("session/" + self.name, 12), "x-user-id": self.user_id},
            "expected": self.expected,
            "notes": self.notes,
            "turns": [{"at_seconds": t, "request": self.render(k)} for t, k in self.snaps],
        }


def runaway(b, d):
    return {"outcome": "runaway", "loop_begins_turn": b, "stop_by_turn": d}


HEALTHY = {"outcome": "healthy"}


def j(obj):
    return json.dumps(obj, ensure_ascii=False)


def clock(base_h, base_m, base_s, plus):
    """hh:mm:ss after adding plus seconds to a wall-clock start (for log lines and timestamps)."""
    s = base_h * 3600 + base_m * 60 + base_s + plus
    return "%02d:%02d:%02d" % ((s // 3600) % 24, (s // 60) % 60, s % 60)


# SESSIONS
# ===================================================================== hotel_concierge_chat
def hotel_runaway_1():
    s = Session(
        "hotel_concierge_chat", "runaway", 1, user="guest-1412-okafor",
        system=("You are Sol, the digital concierge of the Harbour & Vine Hotel (two towers, A and B). "
                "Help in-house guests with requests. Always verify the guest with lookup_guest before "
                "creating a service request. You can hand the conversation to a human with transfer_to_front_desk."),
        tools=[
            tool("lookup_guest", "Find an in-house reservation by room number and last name.",
                 {"room_number": S, "last_name": S}),
            tool("create_service_request", "Open a request (late checkout, housekeeping, amenities) for a verified guest.",
                 {"reservation_id": S, "category": S, "details": S}),
            tool("transfer_to_front_desk", "Hand the chat to a human agent at the front desk.",
                 {"reason": S}),
        ],
        notes=("A clarification loop: the PMS lookup keeps failing (the room is B1412 in tower B) and the bot "
               "keeps asking the guest to confirm room and name, even after the guest asks for a person; it never "
               "uses transfer_to_front_desk. Loop visible at the second not_found (turn 5); stop by the ignored "
               "request for a human (turn 10)."),
        expected=runaway(5, 10))
    s.u("hi! can I get a late checkout tomorrow? 2pm ideally. room 1412")
    s.send(0)

    def nf(last, n):
        return {"status": "not_found", "query": {"room_number": "1412", "last_name": last},
                "message": "No in-house reservation matches room 1412 / %s." % last.upper(),
                "pms_request_id": "opera-%s" % hid("hv/%d" % n, 10), "searched_at": "2024-09-21T16:%02d:%02dZ" % (3 + n * 2, (n * 17) % 60)}

    s.say(95, "Happy to help with a late checkout! Could you tell me the last name on the reservation so I can pull up your booking?", "Okafor")
    s.step(2, "lookup_guest", {"room_number": "1412", "last_name": "Okafor"}, nf("Okafor", 1))
    s.say(140, "I'm sorry, I wasn't able to find an in-house reservation for room 1412 under the name Okafor. Could you double-check the room number and the last name the booking was made under?",
          "definitely 1412, I'm literally standing in it. my wife made the booking so it might be under Adeyemi")
    s.step(2, "lookup_guest", {"room_number": "1412", "last_name": "Adeyemi"}, nf("Adeyemi", 2))
    s.step(2, "lookup_guest", {"room_number": "1412", "last_name": "Adeyemi-Okafor"}, nf("Adeyemi-Okafor", 3))
    s.say(110, "I'm sorry, I still couldn't locate the reservation. To make sure I find the right booking, could you please confirm your room number and the last name on the reservation?",
          "1412. Adeyemi or Okafor. I've said this twice now")
    s.step(2, "lookup_guest", {"room_number": "1412", "last_name": "Okafor"}, nf("Okafor", 4))
    s.say(180, "Apologies for the trouble! I wasn't able to find a match for room 1412. Could you please check the room number printed on your key card sleeve and the last name used when booking?",
          "the key sleeve says 1412. it's the tower by the marina if that matters. can I just talk to a person at the front desk please")
    s.step(2, "lookup_guest", {"room_number": "1412", "last_name": "Adeyemi"}, nf("Adeyemi", 5))
    s.say(75, "I'd be glad to connect you with the front desk! Before I do, could you confirm your room number and the last name on the reservation so I can include your booking details?",
          "ARE YOU SERIOUS. 1412 ADEYEMI")
    s.step(2, "lookup_guest", {"room_number": "1412", "last_name": "ADEYEMI"}, nf("ADEYEMI", 6))
    s.say(60, "I'm sorry, I couldn't find a reservation matching room 1412 and the name ADEYEMI. Could you double-check the room number and the spelling of the last name on the booking?",
          "1412")
    s.step(2, "lookup_guest", {"room_number": "1412", "last_name": "Adeyemi"}, nf("Adeyemi", 7))


def hotel_runaway_2():
    s = Session(
        "hotel_concierge_chat", "runaway", 2, user="guest-807-lindqvist", model=0,
        system=("You are the concierge agent of Hotel Kastrup Strand. Book restaurants and experiences for guests "
                "using the tools. Use the guest's profile for card guarantees. Tell the guest what you booked."),
        tools=[
            tool("search_restaurants", "Search partner restaurants with availability.",
                 {"cuisine": S, "party_size": I, "time": S, "max_walk_minutes": I}),
            tool("book_table", "Book a table at a partner restaurant, guaranteed with the guest profile's card.",
                 {"restaurant_id": S, "date": S, "time": S, "party_size": I, "guest_profile_id": S, "note": S}),
        ],
        notes=("Alternating attempts that fail the same way: every booking at the two seafood places is refused "
               "because the card on file expired, and the agent keeps swapping venue and time instead of telling "
               "the guest. Second identical failure at turn 4; stop by turn 8."),
        expected=runaway(4, 8))
    s.u("Hi, we'd like dinner for 4 tonight around 8pm, seafood, walking distance. It's my mother's 70th birthday "
        "so somewhere a bit special please. Room 807, Lindqvist.")
    s.send(0)
    s.step(3, "search_restaurants", {"cuisine": "seafood", "party_size": 4, "time": "20:00", "max_walk_minutes": 15},
           {"results": [
               {"restaurant_id": "rst_marea_azul", "name": "Marea Azul", "walk_minutes": 6, "rating": 4.7,
                "slots": ["19:30", "20:00", "20:15"], "guarantee": "card required for 4+"},
               {"restaurant_id": "rst_oyster_room", "name": "The Oyster Room at Nyhavn 17", "walk_minutes": 11, "rating": 4.6,
                "slots": ["19:45", "20:00", "20:30"], "guarantee": "card required"},
               {"restaurant_id": "rst_saltline", "name": "Saltline Kitchen", "walk_minutes": 14, "rating": 4.2,
                "slots": ["21:30"], "guarantee": "none"}]})
    attempts = [("rst_marea_azul", "20:00", "Booking Marea Azul for 20:00 — it's the closest and best rated."),
                ("rst_oyster_room", "20:00", "Marea Azul didn't accept the guarantee. Trying The Oyster Room at 20:00 instead."),
                ("rst_marea_azul", "20:15", "That didn't go through either. Let me try Marea Azul a little later, at 20:15."),
                ("rst_oyster_room", "19:45", "Still no luck; trying The Oyster Room at 19:45."),
                ("rst_marea_azul", "19:30", "Trying Marea Azul at 19:30 in case the later slots have stricter terms."),
                ("rst_oyster_room", "20:30", "I'll try The Oyster Room at 20:30."),
                ("rst_marea_azul", "20:00", "Let me retry Marea Azul at 20:00."),
                ("rst_oyster_room", "20:00", "Retrying The Oyster Room at 20:00."),
                ("rst_marea_azul", "20:15", "Trying Marea Azul at 20:15 once more."),
                ("rst_oyster_room", "19:45", "Trying The Oyster Room at 19:45.")]
    for i, (rid, tm, text) in enumerate(attempts):
        s.step(4 + (i % 3), "book_table",
               {"restaurant_id": rid, "date": "2024-08-17", "time": tm, "party_size": 4, "guest_profile_id": "GP-88120",
                "note": "70th birthday - a candle on dessert if possible"},
               {"ok": False, "error": "GUARANTEE_FAILED",
                "detail": "Card on file for profile GP-88120 (Visa ending 4417, exp 03/24) was declined: expired_card. "
                          "Venue requires a card guarantee for this booking.",
                "hold_id": "hold_" + hid("kastrup/%d" % i, 8).lower(), "hold_released": True},
               text=text, err=True)


def hotel_healthy_1():
    s = Session(
        "hotel_concierge_chat", "healthy", 1, user="guest-512-moreau", model=0,
        system=("You are the concierge assistant of Hotel Miradouro in Lisbon (Rua de São Pedro de Alcântara). "
                "Give warm, specific local advice. No booking tools are available; give phone numbers or links "
                "when the guest should book themselves."),
        notes=("Tool-less human chat: a family asks 'what else?' several times while planning two days; every "
               "answer brings new places, transport details and timings."),
        expected=HEALTHY, max_tokens=900)
    turns = [
        ("Hi! We're here until Sunday with two kids (7 and 10). What's good to do tomorrow morning that isn't just walking up hills?",
         "Welcome! With a 7- and 10-year-old I'd start at the Oceanário de Lisboa in Parque das Nações — it's one huge central tank with sharks, rays and a sunfish, and the kids usually want about two hours. Take the metro from Restauradores (blue line) and change to the red line at Alameda to Oriente, roughly 30 minutes. Go at opening (10:00) to beat school groups. Afterwards the Telecabine cable car along the river is a 10-minute ride the kids love, and there's a big playground by the Jardim Garcia de Orta for lunch on a bench."),
        ("Sounds great. What else nearby for the afternoon? They'll be tired of fish by then",
         "Right next door is the Pavilhão do Conhecimento (Ciência Viva), a hands-on science museum: the 'Explora' floor has a bicycle on a high wire and plenty of buttons to press, ideal for ages 6–12. It's a five-minute walk from the Oceanário. If the weather holds, you could rent a family bike at the riverfront — the flat promenade runs north to the Vasco da Gama bridge viewpoint. Back in town, the Elevador da Glória outside our door saves the climb."),
        ("Any other ideas if it rains? Forecast says maybe Saturday",
         "For a rainy day: the Museu Nacional do Azulejo (tile museum) in a convent — kids like the giant panorama of pre-earthquake Lisbon and there's a tile-painting workshop on Saturday mornings (book at museudoazulejo.gov.pt, about €10 each). The Museu da Marioneta in Madragoa is small but charming, around 1 hour. And the LX Factory has a bookshop with a bicycle hanging from the ceiling (Ler Devagar) plus cafés under cover. A taxi to any of these is €8–12 from here."),
        ("Ok and dinner tonight — somewhere the kids can eat but we'd like fado. Possible?",
         "Yes — try Tasca do Chico in Bairro Alto (Rua do Diário de Notícias 39), five minutes' walk. It's informal and tiny, fado starts around 20:00, and they'll happily do grilled chicken or chouriço for the kids. It doesn't take reservations, so arrive by 19:30. For more space and a proper menu, Clube de Fado in Alfama takes bookings on +351 218 852 704; kids are welcome at the first set, but shows run late."),
        ("What about Sintra on Saturday if the rain clears? Is it doable with kids?",
         "Very doable. Take the train from Rossio station (every 20 minutes, 40 minutes, €2.40 each with a Navegante card; kids under 4 free, yours pay child fare). In Sintra, bus 434 loops to Pena Palace. With kids I'd pick Pena (colourful, castle-like) plus the park below it, and skip the queue by buying timed tickets online for 10:00. Quinta da Regaleira's initiation well — a spiral staircase down into the ground — is the children's favourite; allow 90 minutes. Bring a layer: it's cooler up there."),
        ("Anything else in Sintra? My husband wants to see the Moorish castle",
         "The Castelo dos Mouros is on the same hill as Pena, 10 minutes' walk between them, so it combines well: walls to walk along with big views, which the 10-year-old will enjoy (hold the 7-year-old's hand on the battlements; some parts have low railings). For lunch, Café Saudade near the station does soups and sandwiches, and try a travesseiro pastry at Piriquita. Last train back is late, but the 17:00–18:00 trains are less crowded."),
        ("Perfect. Last thing — we fly Sunday 7:10am. How early and how do we get to the airport?",
         "For a 07:10 flight I'd leave the hotel at 04:45 and be at the airport by 05:05. The metro doesn't run that early (it opens at 06:30), so a taxi or ride-hail is the way: 20 minutes, about €15–20 at night rates. We can pre-book a taxi for you at reception — just let them know tonight. We'll also prepare breakfast boxes if you ask the front desk before 22:00 on Saturday."),
        ("Amazing, thank you. Can you remind me the name of the tile museum and the fado place again so I can write them down?",
         "Of course: the tile museum is the Museu Nacional do Azulejo (Rua da Madre de Deus 4, Saturday workshops), and the fado restaurant is Tasca do Chico (Rua do Diário de Notícias 39, Bairro Alto, no reservations, arrive by 19:30). The bookable alternative was Clube de Fado in Alfama, +351 218 852 704. Enjoy Lisbon!"),
        ("Thanks!! One more — is there a pharmacy open late near the hotel? My son has a bit of a cough", None),
    ]
    gaps = [0, 240, 310, 520, 900, 180, 1260, 330, 2700]
    for i, (q, ans) in enumerate(turns):
        if i == 0:
            s.u(q)
            s.send(0)
        else:
            s.say(gaps[i], turns[i - 1][1], q)


def hotel_healthy_2():
    s = Session(
        "hotel_concierge_chat", "healthy", 2, user="guest-322-tanaka", model=1,
        system=("You are the concierge agent of Hotel Prazeres near Lisbon airport. "
                "When a guest waits for a transfer, poll get_shuttle_status about every two minutes and message the "
                "guest with send_guest_message when something changes. Stop when the driver has arrived."),
        tools=[
            tool("get_shuttle_status", "Status of a transfer booking from the dispatch system.", {"booking_id": S}),
            tool("send_guest_message", "Send a chat message to the guest's phone.", {"room": S, "text": S}),
        ],
        notes=("A poller that progresses: the airport transfer goes from scheduled to assigned to en route with a "
               "falling ETA (stuck at 9 minutes twice in traffic), then arrives; the agent stops there."),
        expected=HEALTHY, max_tokens=600)
    s.u("I'm in the lobby with two suitcases for the 5:40 airport shuttle (booking SHT-20931). Can you tell me when the driver is here?")
    s.send(0)
    st = lambda status, eta, upd, extra=None: dict({"booking_id": "SHT-20931", "status": status, "pickup_time": "05:40",
                                                     "eta_minutes": eta, "updated_at": "2024-10-03T05:%s" % upd}, **(extra or {}))
    s.step(2, "get_shuttle_status", {"booking_id": "SHT-20931"}, st("scheduled", None, "21:04", {"driver": None}))
    s.step(2, "send_guest_message", {"room": "322", "text": "Your 05:40 transfer is confirmed; a driver hasn't been assigned yet. I'll update you as soon as one is."},
           {"delivered": True, "message_id": "msg_77120"})
    driver = {"driver": "Paulo R.", "vehicle": "white Ford Transit, plate 64-XZ-18", "phone": "+351 912 440 318"}
    s.step(95, "get_shuttle_status", {"booking_id": "SHT-20931"}, st("driver_assigned", 18, "22:39", driver))
    s.step(2, "send_guest_message", {"room": "322", "text": "Your driver is Paulo R. in a white Ford Transit (64-XZ-18), about 18 minutes away."},
           {"delivered": True, "message_id": "msg_77131"})
    for gap, eta, upd, note in [(118, 14, "26:41", None), (121, 11, "28:40", None), (120, 9, "30:42", "slow traffic on 2ª Circular"),
                                (119, 9, "32:40", "slow traffic on 2ª Circular")]:
        s.step(gap, "get_shuttle_status", {"booking_id": "SHT-20931"},
               st("en_route", eta, upd, dict(driver, **({"note": note} if note else {}))))
    s.step(2, "send_guest_message", {"room": "322", "text": "Small delay: Paulo is in traffic on the 2ª Circular, about 9 minutes away. You still have plenty of time for your flight."},
           {"delivered": True, "message_id": "msg_77164"})
    s.step(118, "get_shuttle_status", {"booking_id": "SHT-20931"}, st("en_route", 5, "34:39", driver))
    s.step(121, "get_shuttle_status", {"booking_id": "SHT-20931"}, st("en_route", 2, "36:41", driver))
    s.step(92, "get_shuttle_status", {"booking_id": "SHT-20931"}, st("arrived", 0, "38:12", dict(driver, location="main entrance, Rua dos Prazeres")))
    s.step(2, "send_guest_message", {"room": "322", "text": "Paulo has arrived at the main entrance. Have a good flight, Mr. Tanaka!"},
           {"delivered": True, "message_id": "msg_77189"})


# ===================================================================== cobol_mainframe_port
def cobol_runaway_1():
    s = Session(
        "cobol_mainframe_port", "runaway", 1, user="dev-rmenon", model=0,
        system=("You are a coding agent on the payroll-modernization repo, porting COBOL programs from "
                "legacy/cobol/ to Java 17 under src/main/java/com/acme/payroll/. Use the tools; keep the golden "
                "fixtures in src/test/resources/golden/ unchanged."),
        tools=[
            tool("read_file", "Read a file from the repository.", {"path": S}),
            tool("apply_patch", "Apply a unified diff to one file.", {"path": S, "diff": S}),
            tool("run_tests", "Run a Gradle test task, optionally filtered.", {"task": S, "filter": S}),
        ],
        max_tokens=4096,
        notes=("Edit/test alternation with every edit different and the same assertion failing every time: "
               "COBOL truncates (no ROUNDED), the agent only ever tries rounding modes and scales. Second identical "
               "failure at turn 6; stop after four identical failures (turn 12)."),
        expected=runaway(6, 12))
    s.u("PayCalcTest.overtimeRoundingMatchesCobol started failing after the PAYCALC port. Make the Java match "
        "the COBOL output. Don't touch the golden fixtures — they were captured from the mainframe run of 2024-04-30.")
    s.send(0)

    def failing(secs, daemon):
        return ("> Task :payroll:compileJava UP-TO-DATE\n> Task :payroll:compileTestJava\n> Task :payroll:test\n\n"
                "PayCalcTest > overtimeRoundingMatchesCobol() FAILED\n"
                "    org.opentest4j.AssertionFailedError: employee 004417 week 2024-W17 OT pay ==> expected: <1847.62> but was: <1847.63>\n"
                "        at app//org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:151)\n"
                "        at app//com.acme.payroll.PayCalcTest.overtimeRoundingMatchesCobol(PayCalcTest.java:88)\n\n"
                "41 tests completed, 1 failed\n\nFAILURE: Build failed with an exception.\n"
                "* What went wrong:\nExecution failed for task ':payroll:test'.\n> There were failing tests. See the report at: "
                "file:///home/agent/payroll-modernization/payroll/build/reports/tests/test/index.html\n\n"
                "BUILD FAILED in %ds\n4 actionable tasks: 2 executed, 2 up-to-date (daemon %s)" % (secs, daemon))

    s.step(19, "run_tests", {"task": ":payroll:test", "filter": "PayCalcTest"}, failing(14, "pid 48113"))
    s.step(3, "read_file", {"path": "legacy/cobol/PAYCALC.cbl"},
           "       01  WS-PAY-FIELDS.\n           05  WS-HOURLY-RATE     PIC S9(5)V9(4) COMP-3.\n"
           "           05  WS-OT-HOURS        PIC S9(3)V99   COMP-3.\n           05  WS-OT-PAY          PIC S9(7)V99   COMP-3.\n"
           "      ...\n       2300-CALC-OVERTIME.\n           COMPUTE WS-OT-PAY = WS-HOURLY-RATE * 1.5 * WS-OT-HOURS.\n"
           "           ADD WS-OT-PAY TO WS-GROSS-PAY.\n")
    s.step(3, "read_file", {"path": "src/main/java/com/acme/payroll/PayCalc.java"},
           "    BigDecimal overtimePay(BigDecimal hourlyRate, BigDecimal otHours) {\n"
           "        return hourlyRate.multiply(OT_FACTOR).multiply(otHours)\n"
           "                .setScale(2, RoundingMode.HALF_UP);\n    }\n")
    edits = [
        ("The COBOL result is one cent lower; mainframe decimal arithmetic may use banker's rounding. Switching to HALF_EVEN.",
         "@@ -212,3 +212,3 @@\n         return hourlyRate.multiply(OT_FACTOR).multiply(otHours)\n-                .setScale(2, RoundingMode.HALF_UP);\n+                .setScale(2, RoundingMode.HALF_EVEN);\n"),
        ("Same failure. Maybe the intermediate precision differs: COMP-3 rate has 4 decimals, so round the product to 4 places first, then to 2.",
         "@@ -212,3 +212,4 @@\n         return hourlyRate.multiply(OT_FACTOR).multiply(otHours)\n-                .setScale(2, RoundingMode.HALF_EVEN);\n+                .setScale(4, RoundingMode.HALF_EVEN)\n+                .setScale(2, RoundingMode.HALF_EVEN);\n"),
        ("Still one cent off. Using a fixed MathContext like the IBM decimal unit (DECIMAL64) for the multiplication.",
         "@@ -211,4 +211,4 @@\n-        return hourlyRate.multiply(OT_FACTOR).multiply(otHours)\n-                .setScale(4, RoundingMode.HALF_EVEN)\n+        return hourlyRate.multiply(OT_FACTOR, MathContext.DECIMAL64).multiply(otHours, MathContext.DECIMAL64)\n                 .setScale(2, RoundingMode.HALF_EVEN);\n"),
        ("The order of operations may matter: COBOL evaluates rate * 1.5 first. Computing rate*hours first, then the factor, back to HALF_UP.",
         "@@ -211,2 +211,2 @@\n-        return hourlyRate.multiply(OT_FACTOR, MathContext.DECIMAL64).multiply(otHours, MathContext.DECIMAL64)\n-                .setScale(2, RoundingMode.HALF_EVEN);\n+        return hourlyRate.multiply(otHours).multiply(OT_FACTOR)\n+                .setScale(2, RoundingMode.HALF_UP);\n"),
        ("Perhaps the rate is rounded to cents before use in the COBOL copybook. Rounding the hourly rate to 2 places first.",
         "@@ -210,3 +210,4 @@\n     BigDecimal overtimePay(BigDecimal hourlyRate, BigDecimal otHours) {\n-        return hourlyRate.multiply(otHours).multiply(OT_FACTOR)\n+        BigDecimal rate = hourlyRate.setScale(2, RoundingMode.HALF_UP);\n+        return rate.multiply(otHours).multiply(OT_FACTOR)\n"),
        ("Reverting the rate rounding and trying HALF_EVEN with the COBOL operand order again.",
         "@@ -210,4 +210,3 @@\n-        BigDecimal rate = hourlyRate.setScale(2, RoundingMode.HALF_UP);\n-        return rate.multiply(otHours).multiply(OT_FACTOR)\n-                .setScale(2, RoundingMode.HALF_UP);\n+        return hourlyRate.multiply(OT_FACTOR).multiply(otHours)\n+                .setScale(2, RoundingMode.HALF_EVEN);\n"),
    ]
    for i, (text, diff) in enumerate(edits):
        s.step(6 + i, "apply_patch", {"path": "src/main/java/com/acme/payroll/PayCalc.java", "diff": diff},
               {"applied": True, "hunks": 1, "file": "src/main/java/com/acme/payroll/PayCalc.java"}, text=text)
        s.step(16 + (i * 3) % 7, "run_tests", {"task": ":payroll:test", "filter": "PayCalcTest"},
               failing(13 + (i * 3) % 7, "pid 48113"))


def cobol_runaway_2():
    s = Session(
        "cobol_mainframe_port", "runaway", 2, user="orchestrator-svc-acctupd", model=0,
        system=("You orchestrate three agents porting mainframe batch programs to Java: translator (writes the Java), "
                "copybook_specialist (record layouts, REDEFINES, COMP-3), reviewer (approves). Route work with "
                "route_to until the reviewer approves, then report to the user."),
        tools=[tool("route_to", "Send a message to one agent and get its reply.",
                    {"agent": {"type": "string", "enum": ["translator", "copybook_specialist", "reviewer"]}, "message": S})],
        max_tokens=2048,
        notes=("Hand-offs going round: translator defers the REDEFINES question to the copybook specialist, who "
               "calls it a business rule for the reviewer, who sends it back to the translator; a period-3 ring with "
               "new revision numbers. Ring repeats from turn 5; stop after two laps (turn 10)."),
        expected=runaway(5, 10))
    s.u("Port ACCTUPD.cbl (nightly account update batch, 2,140 lines, copybooks ACCTREC and TXNREC) to Java and get it through review.")
    s.send(0)
    replies = {
        "translator": [
            "Translated ACCTUPD to AcctUpd.java (rev r1, 1,312 lines, 14 paragraphs mapped to methods). Open item: ACCTREC has "
            "WS-LAST-ACT-DATE REDEFINES WS-LAST-ACT-R (YYMMDD vs CYYMMDD). I don't know which view is authoritative — needs copybook_specialist.",
            "Rev r2 pushed: same as r1 plus a TODO at AcctUpd.java:388. I can't implement both date views until copybook_specialist "
            "defines the mapping for the REDEFINES. Please route to copybook_specialist.",
            "Rev r3: unchanged logic, added a comment block explaining the two layouts. Still blocked on the REDEFINES mapping — that's "
            "copybook_specialist's call, not mine.",
            "Rev r4 pushed (rebased on main). The WS-LAST-ACT-DATE REDEFINES is still open; I need copybook_specialist to say which view to read.",
        ],
        "copybook_specialist": [
            "ACCTREC.cpy carries both layouts in the same 7 bytes; which one the batch trusts depends on whether byte 1 is a century "
            "flag, which is a business rule (records migrated before 1999?). Not a layout question — the reviewer should rule on it.",
            "Both views are valid layouts. Deciding which one is authoritative is a business decision; reviewer should decide before "
            "I change the mapping in AcctRec.java.",
            "Layout-wise nothing is wrong with r3. The authoritative-view question belongs to the reviewer.",
            "As before: the REDEFINES is a business-rule question. Sending back for the reviewer.",
        ],
        "reviewer": [
            "Cannot approve r1: the REDEFINES on WS-LAST-ACT-DATE is not handled; AcctUpd.java reads only the YYMMDD view. Back to the "
            "translator to handle both views.",
            "Cannot approve r2: the WS-LAST-ACT-DATE REDEFINES is still not handled (TODO at line 388). Translator must implement it.",
            "r3 still reads a single view of WS-LAST-ACT-DATE. Not approved; translator to fix.",
        ],
    }
    order = ["translator", "copybook_specialist", "reviewer"]
    msgs = {
        "translator": ["Please translate ACCTUPD.cbl to Java using the ACCTREC and TXNREC copybooks.",
                       "The reviewer rejected the revision because the WS-LAST-ACT-DATE REDEFINES isn't handled. Please handle both views.",
                       "Reviewer again requests handling of the REDEFINES on WS-LAST-ACT-DATE. Please update the translation.",
                       "Please address the reviewer's REDEFINES comment in a new revision."],
        "copybook_specialist": ["Translator needs the mapping for WS-LAST-ACT-DATE REDEFINES WS-LAST-ACT-R. Which view is authoritative?",
                                "Translator is blocked on the WS-LAST-ACT-DATE REDEFINES mapping. Please define it.",
                                "Please define the REDEFINES mapping for WS-LAST-ACT-DATE so the translator can continue.",
                                "Translator still needs the REDEFINES mapping."],
        "reviewer": ["Copybook specialist says the REDEFINES question is a business rule. Please review rev r%d and rule on it.",
                     "Please review rev r%d; the open question is the WS-LAST-ACT-DATE REDEFINES.",
                     "Rev r%d is ready for review.", "Please review rev r%d."],
    }
    texts = {"translator": "Routing to the translator.", "copybook_specialist": "The translator needs the layout mapping; routing to copybook_specialist.",
             "reviewer": "Sending the revision to the reviewer."}
    gaps = {"translator": 48, "copybook_specialist": 21, "reviewer": 33}
    for k in range(13):
        agent = order[k % 3]
        lap = k // 3
        msg = msgs[agent][min(lap, 3)]
        if agent == "reviewer":
            msg = msg % (lap + 1)
        rep = replies[agent][min(lap, len(replies[agent]) - 1)]
        s.step(gaps[agent] + lap * 3, "route_to", {"agent": agent, "message": msg},
               {"from": agent, "reply": rep, "artifact": "AcctUpd.java@r%d" % (lap + 1), "thread": "port-ACCTUPD"},
               text=texts[agent] if k else None)


def cobol_healthy_1():
    s = Session(
        "cobol_mainframe_port", "healthy", 1, user="dev-jkowalczyk", model=1,
        system=("You convert COBOL copybooks into Java record classes for the ledger-modernization project. Convert one "
                "copybook per call, and collect warnings that need a human decision."),
        tools=[
            tool("list_copybooks", "List copybook files in a directory.", {"dir": S}),
            tool("convert_copybook", "Generate a Java record class from one copybook.", {"path": S, "package": S}),
            tool("write_file", "Write a text file in the repository.", {"path": S, "content": S}),
        ],
        max_tokens=2048,
        notes=("A batch of many similar items: the same convert_copybook call over nine different copybooks, each "
               "with its own field counts and warnings, then a summary file."),
        expected=HEALTHY)
    s.u("Convert every copybook under legacy/copy/ to Java record classes in com.acme.ledger.records. Note anything that needs a human decision.")
    s.send(0)
    books = [("ACCTMAST.cpy", "AcctMast", 46, 412, []),
             ("ACCTHIST.cpy", "AcctHist", 22, 180, ["OCCURS 12 TIMES on HIST-MONTH mapped to List<HistMonth> (fixed size 12)"]),
             ("CUSTREC.cpy", "CustRec", 31, 350, ["CUST-NAME-R REDEFINES CUST-NAME: generated both accessors, pick one"]),
             ("GLENTRY.cpy", "GlEntry", 18, 96, []),
             ("GLBATCH.cpy", "GlBatch", 12, 64, ["BATCH-TOTAL PIC S9(13)V99 COMP-3 mapped to BigDecimal(15,2)"]),
             ("TXNREC.cpy", "TxnRec", 27, 240, ["TXN-DETAIL OCCURS 1 TO 50 DEPENDING ON TXN-COUNT: variable length, needs a custom reader"]),
             ("RATETBL.cpy", "RateTbl", 9, 1210, ["RATE-ENTRY OCCURS 120 TIMES INDEXED BY RATE-IX: index names dropped"]),
             ("BRANCH.cpy", "Branch", 14, 128, []),
             ("ERRLOG.cpy", "ErrLog", 7, 133, ["ERR-TEXT PIC X(120) contains 88-levels used as flags; generated enum ErrSeverity"])]
    s.step(2, "list_copybooks", {"dir": "legacy/copy/"},
           {"dir": "legacy/copy/", "files": [b[0] for b in books], "count": len(books)})
    for i, (f, cls, fields, length, warns) in enumerate(books):
        s.step(4 + (fields % 5), "convert_copybook", {"path": "legacy/copy/" + f, "package": "com.acme.ledger.records"},
               {"source": "legacy/copy/" + f, "written": "src/main/java/com/acme/ledger/records/%s.java" % cls,
                "fields": fields, "record_length": length, "warnings": warns},
               text=None if i else "Found 9 copybooks; converting them one at a time.")
    summary = "# Copybook conversion (legacy/copy -> com.acme.ledger.records)\n\n" + "".join(
        "- %s -> %s.java (%d fields, %d bytes)%s\n" % (f, cls, fl, ln, "".join("\n  - NEEDS DECISION: " + w for w in ws))
        for f, cls, fl, ln, ws in books)
    s.step(3, "write_file", {"path": "docs/copybook-conversion.md", "content": summary},
           {"written": "docs/copybook-conversion.md", "bytes": len(summary)})


def cobol_healthy_2():
    s = Session(
        "cobol_mainframe_port", "healthy", 2, user="dev-amorales", model=0,
        system=("You are a coding agent porting GLPOST (general-ledger posting) from COBOL to Java. The parallel-run "
                "harness compares the Java output with the mainframe output record by record."),
        tools=[
            tool("run_parallel_compare", "Run COBOL-vs-Java comparison on an extract; returns mismatch counts and samples.",
                 {"job": S, "extract": S}),
            tool("read_file", "Read a file from the repository.", {"path": S}),
            tool("apply_patch", "Apply a unified diff to one file.", {"path": S, "diff": S}),
            tool("run_tests", "Run a Gradle test task.", {"task": S}),
        ],
        max_tokens=4096,
        notes=("A validate/fix loop that converges: the same parallel compare is rerun after each fix and the "
               "mismatch count falls 214 -> 37 -> 3 -> 0, each time for a different cause."),
        expected=HEALTHY)
    s.u("Run the parallel compare for GLPOST on the April extract (10,000 records) and fix the Java until it matches the mainframe output.")
    s.send(0)
    cmp = lambda n, field, samples, secs: {"job": "GLPOST", "extract": "extracts/GLPOST-2024-04.dat", "records": 10000,
                                           "matched": 10000 - n, "mismatched": n, "by_field": field, "samples": samples,
                                           "elapsed_s": secs}
    s.step(41, "run_parallel_compare", {"job": "GLPOST", "extract": "extracts/GLPOST-2024-04.dat"},
           cmp(214, {"NET-AMT": 214}, [{"rec": 117, "cobol": "0000012345}", "java": "-000001234.50"},
                                      {"rec": 988, "cobol": "0000000050J", "java": "-000000005.01"}], 38))
    s.step(3, "read_file", {"path": "src/main/java/com/acme/gl/GlPostWriter.java"},
           "    private String formatAmount(BigDecimal amt) {\n        return String.format(\"%014.2f\", amt);\n    }\n")
    s.step(4, "apply_patch", {"path": "src/main/java/com/acme/gl/GlPostWriter.java",
                              "diff": "@@ -88,3 +88,3 @@\n     private String formatAmount(BigDecimal amt) {\n-        return String.format(\"%014.2f\", amt);\n+        return ZonedDecimal.encode(amt, 11, 2); // trailing sign overpunch, PIC S9(9)V99\n     }\n"},
           {"applied": True, "hunks": 1},
           text="NET-AMT is written as plain signed text but the mainframe uses zoned decimal with a sign overpunch in the last byte ('}' = -0, 'J' = -1). Switching to the existing ZonedDecimal encoder.")
    s.step(40, "run_parallel_compare", {"job": "GLPOST", "extract": "extracts/GLPOST-2024-04.dat"},
           cmp(37, {"POST-DATE": 37}, [{"rec": 2201, "cobol": "19480312", "java": "20480312"},
                                      {"rec": 7310, "cobol": "19451130", "java": "20451130"}], 39))
    s.step(3, "read_file", {"path": "src/main/java/com/acme/gl/DateWindow.java"},
           "    static int century(int yy) { return yy < 50 ? 2000 : 1900; }\n")
    s.step(4, "apply_patch", {"path": "src/main/java/com/acme/gl/DateWindow.java",
                              "diff": "@@ -14,1 +14,1 @@\n-    static int century(int yy) { return yy < 50 ? 2000 : 1900; }\n+    static int century(int yy) { return yy < 40 ? 2000 : 1900; } // GLPOST uses pivot 40 (see PAYDATE copybook)\n"},
           {"applied": True, "hunks": 1},
           text="NET-AMT is clean now. The remaining 37 are two-digit years 40–49 landing in 20xx; GLPOST's window pivot is 40, not 50.")
    s.step(39, "run_parallel_compare", {"job": "GLPOST", "extract": "extracts/GLPOST-2024-04.dat"},
           cmp(3, {"POST-DESC": 3}, [{"rec": 4512, "cobol": "ACCRUAL REV Q1\\x00\\x00\\x00", "java": "ACCRUAL REV Q1   "}], 38))
    s.step(4, "apply_patch", {"path": "src/main/java/com/acme/gl/GlPostWriter.java",
                              "diff": "@@ -102,1 +102,1 @@\n-        out.write(padRight(desc, 30, ' '));\n+        out.write(desc.length() < 30 && lowValueFilled ? padRight(desc, 30, '\\0') : padRight(desc, 30, ' '));\n"},
           {"applied": True, "hunks": 1},
           text="Three records carry LOW-VALUES in POST-DESC on the mainframe side; preserving low-value padding when the input had it.")
    s.step(40, "run_parallel_compare", {"job": "GLPOST", "extract": "extracts/GLPOST-2024-04.dat"}, cmp(0, {}, [], 38))
    s.step(27, "run_tests", {"task": ":gl:test"},
           "> Task :gl:test\n\n96 tests completed, 0 failed\n\nBUILD SUCCESSFUL in 24s",
           text="All 10,000 records match. Running the unit tests before I hand back.")


# ===================================================================== pharmacy_refill_bot
def pharmacy_runaway_1():
    s = Session(
        "pharmacy_refill_bot", "runaway", 1, user="rxflow-store-0418", model=1,
        system=("You are RxFlow, the refill automation agent for store #0418. Work each refill to completion: "
                "resolve insurance rejections, then queue the fill and notify the patient."),
        tools=[
            tool("get_prior_auth_status", "Current status of a prior-authorization request at the payer.", {"pa_id": S}),
            tool("notify_patient", "Send an SMS or app notification to the patient.", {"patient_id": S, "message": S}),
            tool("queue_fill", "Queue a prescription for filling.", {"rx_number": S}),
        ],
        max_tokens=800,
        notes=("Polling something that will not change for hours: a payer prior authorization with a 24-72 h "
               "turnaround is checked every ~30 s; only checked_at ticks. Second identical status at turn 3; stop by turn 7."),
        expected=runaway(3, 7))
    s.u("Refill RX 7730211 (semaglutide 0.5 mg/dose pen, patient P-448120) was rejected by the plan: 75 PRIOR AUTHORIZATION "
        "REQUIRED. PA request PA-88213 was submitted to CVS Caremark at 09:12. Complete the refill once it is approved.")
    s.send(0)

    def pending(k):
        sec = 14 * 60 + 3 + k * 31
        return {"pa_id": "PA-88213", "payer": "CVS Caremark", "status": "PENDING_PAYER_REVIEW",
                "submitted_at": "2024-05-14T09:12:44Z", "payer_last_update": "2024-05-14T09:12:51Z",
                "message": "Request received. Determination typically within 24-72 hours.",
                "checked_at": "2024-05-14T09:%02d:%02dZ" % (sec // 60, sec % 60)}

    texts = [None, "Still pending at the payer. Checking again.", "No change yet; I'll check the PA status again.",
             None, "Still PENDING_PAYER_REVIEW. Checking again shortly.", "Checking the prior authorization again.",
             "The PA is still under review. Re-checking.", None, "Still pending; checking again.",
             "No determination yet. Checking again.", "Re-checking PA-88213."]
    for k in range(11):
        if k == 3:
            s.step(3, "notify_patient", {"patient_id": "P-448120",
                                         "message": "Your refill is waiting on approval from your insurance. We'll text you when it's ready."},
                   {"sent": True, "channel": "sms", "message_id": "sms_51b02"},
                   text="Letting the patient know while we wait.")
            continue
        s.step(2 if k == 0 else 30 + (k % 3), "get_prior_auth_status", {"pa_id": "PA-88213"}, pending(k), text=texts[k])


def pharmacy_runaway_2():
    s = Session(
        "pharmacy_refill_bot", "runaway", 2, user="tech-store-0231-mbrooks", model=0,
        system=("You are the refill assistant for pharmacy technicians at store #0231. When a prescription has no "
                "refills left, send a renewal request to the prescriber by fax."),
        tools=[
            tool("get_prescriber", "Look up a prescriber by NPI or name.", {"query": S}),
            tool("send_renewal_fax", "Fax a refill renewal request to the prescriber's office.",
                 {"prescriber_npi": S, "fax_number": S, "rx_number": S, "patient_id": S}),
        ],
        max_tokens=700,
        notes=("The same failure under new ids: every renewal fax to the prescriber fails with a busy line, each "
               "with a new transmission id and timestamp, and the agent resends immediately. Second failure at turn 4; stop by turn 8."),
        expected=runaway(4, 8))
    s.u("Mrs. Delgado's lisinopril 20 mg (RX 6604178, patient P-310552) has 0 refills left. Send a renewal request to Dr. Hsu please.")
    s.send(0)
    s.step(2, "get_prescriber", {"query": "Hsu"},
           {"matches": [{"name": "Karen Hsu, MD", "npi": "1487752031", "practice": "Northgate Family Medicine",
                         "phone": "+1-555-014-2200", "fax": "+1-555-014-2290"}]})
    texts = [None, "The fax line was busy. Retrying.", "Busy again — resending the renewal request.",
             "Retrying the fax.", "Still busy; sending again.", "Resending the renewal fax to Dr. Hsu.",
             "Trying the fax again.", "Sending once more.", "Retrying.", "Resending."]
    for k in range(10):
        sec = 7 * 60 + 12 + k * 58
        s.step(55 + (k * 7) % 13, "send_renewal_fax",
               {"prescriber_npi": "1487752031", "fax_number": "+1-555-014-2290", "rx_number": "6604178", "patient_id": "P-310552"},
               {"transmission_id": "FX-20240611-%05d" % (40117 + k * 3 + (k * k) % 5), "status": "failed",
                "reason": "BUSY: no answer after 3 dial attempts (+1-555-014-2290)",
                "pages_sent": 0, "completed_at": "2024-06-11T14:%02d:%02dZ" % (sec // 60, sec % 60)},
               text=texts[k], err=True)


def pharmacy_healthy_1():
    s = Session(
        "pharmacy_refill_bot", "healthy", 1, user="ltc-desk-store-0077", model=1,
        system=("You are the long-term-care cycle-fill agent for store #0077. For each prescription due, check "
                "refill eligibility, then queue eligible ones for the delivery route. Don't queue anything ineligible; "
                "list those for the pharmacist."),
        tools=[
            tool("list_due_refills", "Prescriptions due at a facility within a window.", {"facility_id": S, "window_days": I}),
            tool("check_refill_eligibility", "Refills left, days since last fill, plan status.", {"rx_number": S}),
            tool("queue_refill", "Queue a refill for a fill date and delivery route.", {"rx_number": S, "fill_date": S, "route": S}),
        ],
        max_tokens=1500,
        notes=("A batch of similar items: check then queue for seven residents' prescriptions at a care home; "
               "one is too soon and one needs a new prescription, and those are reported, not retried."),
        expected=HEALTHY)
    s.u("Weekly cycle fill for Maple Court (facility MC-02): queue everything due in the next 7 days for Thursday's delivery, route R3.")
    s.send(0)
    rx = [("6120448", "R. Abernathy", "donepezil 10 mg", 4, 27, "ok"),
          ("6120871", "R. Abernathy", "amlodipine 5 mg", 2, 28, "ok"),
          ("5998012", "E. Castellanos", "levothyroxine 75 mcg", 5, 29, "ok"),
          ("6031557", "M. O'Dwyer", "sertraline 50 mg", 1, 18, "too_soon"),
          ("6077730", "T. Nakamura", "metoprolol succinate 25 mg", 0, 30, "no_refills"),
          ("6140092", "G. Pellegrini", "furosemide 20 mg", 3, 27, "ok"),
          ("6140093", "G. Pellegrini", "potassium chloride ER 10 mEq", 3, 27, "ok")]
    s.step(3, "list_due_refills", {"facility_id": "MC-02", "window_days": 7},
           {"facility": "Maple Court", "due": [{"rx_number": r, "resident": p, "drug": d} for r, p, d, _, _, _ in rx]})
    for i, (r, p, d, left, days, st) in enumerate(rx):
        res = {"rx_number": r, "drug": d, "refills_left": left, "days_since_last_fill": days, "days_supply": 30}
        if st == "ok":
            res.update(eligible=True)
        elif st == "too_soon":
            res.update(eligible=False, reason="REFILL TOO SOON: 18 of 30 days elapsed (plan allows at 23)")
        else:
            res.update(eligible=False, reason="NO REFILLS REMAINING: renewal required from prescriber")
        s.step(2 + i % 3, "check_refill_eligibility", {"rx_number": r}, res,
               text=None if i else "Seven prescriptions due. Checking each one.")
        if st == "ok":
            s.step(2, "queue_refill", {"rx_number": r, "fill_date": "2024-07-10", "route": "R3"},
                   {"queued": True, "rx_number": r, "queue_id": "Q-%s" % hid("mc02/" + r, 6).upper(), "route": "R3", "delivery": "2024-07-11"})


def pharmacy_healthy_2():
    s = Session(
        "pharmacy_refill_bot", "healthy", 2, user="tech-store-0152-dsingh", model=0,
        system=("You are the claims assistant for store #0152. Bill prescriptions to the patient's plan. If the PBM "
                "gateway returns a transient error, wait the retry-after time and retry, at most three times."),
        tools=[
            tool("submit_claim", "Adjudicate a claim with the patient's primary plan.", {"rx_number": S, "patient_id": S}),
            tool("schedule_pickup", "Mark a fill ready-by time for pickup.", {"rx_number": S, "ready_by": S}),
            tool("notify_patient", "Text the patient.", {"patient_id": S, "message": S}),
        ],
        max_tokens=800,
        notes=("Retries with backoff that succeed: the PBM gateway times out (503, retry-after 30 then 60) and the "
               "claim pays on the third try; a second claim needs one retry. Work moves on each time."),
        expected=HEALTHY)
    s.u("Fill RX 5102987 (atorvastatin 40 mg, #90) for patient P-220931 and bill her primary plan.")
    s.send(0)
    gw = lambda ra, rid: {"http_status": 503, "error": "PBM_GATEWAY_TIMEOUT", "switch": "RelayHealth",
                          "bin": "003858", "retry_after_s": ra, "request_id": rid}
    s.step(9, "submit_claim", {"rx_number": "5102987", "patient_id": "P-220931"}, gw(30, "rh-7f01c2"), err=True)
    s.step(38, "submit_claim", {"rx_number": "5102987", "patient_id": "P-220931"}, gw(60, "rh-7f0d91"), err=True,
           text="The PBM gateway timed out; waiting 30 s as it asked, then retrying.")
    s.step(71, "submit_claim", {"rx_number": "5102987", "patient_id": "P-220931"},
           {"http_status": 200, "status": "PAID", "claim_ref": "ESI-24161-883104", "patient_pay": 4.35, "plan_pay": 11.82},
           text="Another timeout (retry-after 60 s). Waiting, then the final retry.")
    s.step(2, "schedule_pickup", {"rx_number": "5102987", "ready_by": "2024-06-09T15:30"}, {"scheduled": True, "bin": "B-14"},
           text="Claim paid, copay $4.35. Scheduling pickup.")
    s.step(2, "notify_patient", {"patient_id": "P-220931", "message": "Your atorvastatin is ready after 3:30 pm today at our Elm Street store. Copay $4.35."},
           {"sent": True})
    s.a("Done: RX 5102987 paid on the third attempt (two gateway timeouts), copay $4.35, ready at 15:30 in bin B-14; patient notified.")
    s.u("great thanks. she also has metformin 500 mg RX 5102988 due, can you run that too")
    s.send(140)
    s.step(8, "submit_claim", {"rx_number": "5102988", "patient_id": "P-220931"}, gw(30, "rh-7f2a4e"), err=True)
    s.step(36, "submit_claim", {"rx_number": "5102988", "patient_id": "P-220931"},
           {"http_status": 200, "status": "PAID", "claim_ref": "ESI-24161-883377", "patient_pay": 0.0, "plan_pay": 6.1},
           text="Gateway timeout again; retrying after 30 s.")
    s.step(2, "schedule_pickup", {"rx_number": "5102988", "ready_by": "2024-06-09T15:30"}, {"scheduled": True, "bin": "B-14"},
           text="Paid ($0 copay). Adding it to the same pickup.")


# ===================================================================== soil_lab_sample_batch
def soil_runaway_1():
    s = Session(
        "soil_lab_sample_batch", "runaway", 1, user="lab-tech-hvoss", model=0,
        system="You are a helpful assistant for the Ridgeview Agronomy soil-testing lab. Help technicians troubleshoot instruments and methods.",
        max_tokens=1200,
        notes=("Tool-less log paster: the technician keeps pasting a growing ICP-OES log with the same plasma-off "
               "error after each attempt, and the assistant keeps suggesting the same checks already done. Same error "
               "pasted again at turn 3; stop by turn 6."),
        expected=runaway(3, 6))
    header = ("ICP-OES 5110 SVDV  S/N MY21450012   Method: SOIL_M3_ICP_v7   Sequence: SB-0611-ICP (54 samples)\n")

    def run(start, sample_at, n):
        """One attempt of the sequence, as the instrument logs it; start in seconds after 10:00:00."""
        c = lambda plus: clock(10, 0, 0, start + plus)
        out = "%s Sequence SB-0611-ICP started (attempt %d)\n" % (c(0), n)
        out += "%s Plasma ignition OK  RF 1.20 kW  Plasma gas 12.0 L/min  Aux 1.0 L/min  Neb 0.70 L/min\n" % c(41)
        out += ("%s Warm-up 15 min ...\n" % c(42)) if n == 1 else ("%s Warm-up skipped (torch hot)\n" % c(42))
        first = 42 + (900 if n == 1 else 28)
        names = ["CAL BLANK", "CAL STD 1", "CAL STD 2", "QC CHK", "SB-0611-001", "SB-0611-002", "SB-0611-003"]
        for k in range(sample_at):
            out += "%s SPS4 rack1 pos%d  %-11s read OK  Ca 422.673 / Mg 279.553 / K 766.491 / P 213.618\n" % (
                c(first + k * 95), k + 1, names[k])
        t = first + sample_at * 95 + 18
        out += "%s WARNING 1301: Nebulizer flow unstable (0.70 -> 0.3%d L/min)\n" % (c(t - 17), n % 10)
        out += "%s ERROR 1302: Nebulizer gas pressure low (%d kPa, limit 160 kPa). Plasma extinguished.\n" % (c(t), 104 + (n * 7) % 11)
        out += "%s Sequence paused at pos%d (%s). Argon inlet 550 kPa\n" % (c(t + 1), sample_at + 1, names[sample_at])
        return out

    logs = []
    prompts = [
        "Our ICP keeps dying mid-sequence. Here's the log:\n\n%s\nWhat do I check?",
        "Argon is fine (550 kPa at the regulator, dewar 60%% full) and I swapped the pump tubing for new 3-stop white/white. Relit, same thing:\n\n%s",
        "Nebulizer was soaked in 5%% HNO3 and backflushed, no blockage visible under the loupe. Still:\n\n%s\nsame error again",
        "I already checked the argon and the tubing and cleaned the neb, like I said. Ran it again:\n\n%s",
        "this is the same advice as before. full log since this morning:\n\n%s",
        "Still dying at the same spot. Log:\n\n%s\nany other ideas??",
        "ok here's everything again:\n\n%s",
        "same.\n\n%s",
        "log attached again\n\n%s",
        "%s",
    ]
    advice = [
        "Error 1302 means the nebulizer gas pressure dropped below the limit and the instrument shut the plasma off to protect the torch. Check, in order: (1) argon supply pressure at the regulator (should be 500–700 kPa); (2) a partially blocked nebulizer — soil extracts with high dissolved solids clog the tip; (3) worn pump tubing causing unstable flow; (4) the spray chamber drain, which can back up. Start with the argon supply.",
        "Thanks for the log. The pressure-low error usually comes from the gas supply or the nebulizer. I'd check the argon supply pressure first, then inspect the nebulizer for blockage (Mehlich-3 extracts are salty), and make sure the pump tubing isn't worn so the flow is stable. Also confirm the spray chamber drain is clear.",
        "Since the plasma goes out with low nebulizer pressure, the likely causes are still the argon supply, a blocked nebulizer, or the peristaltic pump tubing. Please verify the argon regulator pressure, clean the nebulizer (soak and backflush), and replace the pump tubing if it's flattened. Then relight and rerun.",
        "Sorry that it's still happening! The key suspects for error 1302 are: the argon supply (check the regulator and dewar level), the nebulizer (high-TDS extracts block it), and the pump tubing (worn tubing gives unstable flow). I'd go through those three again and check the drain.",
        "I understand this is frustrating. Based on the log, the nebulizer gas pressure drops before the plasma goes out, which points to the gas supply, a blocked nebulizer or worn tubing. Double-check the argon pressure, clean or swap the nebulizer, and replace the pump tubing.",
        "Looking at the log again, it's the same 1302 low nebulizer pressure. Recommended steps: confirm argon supply pressure, inspect and clean the nebulizer, check pump tubing and the drain, then relight.",
        "The error still indicates low nebulizer gas pressure. Please check the argon supply, the nebulizer for blockages, and the pump tubing.",
        "This remains error 1302. Verify argon supply pressure, nebulizer condition and pump tubing, and clear the drain.",
        "Same 1302 shutdown. Check argon, nebulizer, tubing and drain as before.",
    ]
    gaps = [0, 840, 900, 780, 760, 800, 770, 750, 790, 760]
    pasted = 1700  # the first paste, about 10:28; each relight starts a minute after the previous paste
    for n in range(10):
        if n:
            pasted += gaps[n]
        logs.append(run(250 if n == 0 else pasted - gaps[n] + 60, 4 + (n % 3), n + 1))
        text = prompts[n] % (header + "".join(logs))
        if n == 0:
            s.u(text)
            s.send(0)
        else:
            s.say(gaps[n], advice[n - 1], text)


def soil_runaway_2():
    s = Session(
        "soil_lab_sample_batch", "runaway", 2, user="lims-agent-ridgeview", model=1,
        system=("You are the LIMS results agent of Ridgeview Agronomy. Finalize particle-size (hydrometer) results: "
                "compute texture, validate, and correct the batch blank when validation fails."),
        tools=[
            tool("get_sample", "Raw hydrometer readings for a sample.", {"sample_id": S}),
            tool("calc_texture", "Sand/silt/clay % from hydrometer readings (ASTM D7928 style).",
                 {"sample_id": S, "r40s": N, "r2h": N, "blank": N, "temp_c": N, "dry_mass_g": N}),
            tool("validate_result", "Check a texture result against QC rules.", {"sample_id": S, "sand": N, "silt": N, "clay": N}),
            tool("apply_blank_correction", "Set the batch hydrometer blank (g/L).", {"batch_id": S, "blank_g_per_l": N}),
        ],
        max_tokens=1200,
        notes=("A period-4 cycle: get sample, compute texture, validation fails (fractions sum to 104.2 %), 'correct' "
               "the blank to the value it already had, and start over with identical numbers. The cycle repeats from "
               "turn 6; stop after two repeated cycles (turn 13)."),
        expected=runaway(6, 13))
    s.u("Finalize particle-size results for batch SB-0612. S-0612-17 is the last one blocking the report.")
    s.send(0)
    raw = {"sample_id": "S-0612-17", "batch": "SB-0612", "dry_mass_g": 40.0, "r40s": 25.5, "r2h": 11.4,
           "temp_c": 22.5, "blank_g_per_l": 2.0, "dispersant": "HMP 50 g/L", "analyst": "HV"}
    texts = [["Reading the raw hydrometer data.", "Computing texture.", "Validating.", "Validation failed on the sum; the blank may be off. Re-applying the batch blank."],
             ["Blank corrected. Re-reading the sample.", "Recomputing texture with the corrected blank.", "Validating again.", "Still over 102 %. Correcting the blank for SB-0612."],
             ["Reloading S-0612-17 after the blank correction.", "Recalculating.", "Validating the new result.", "Sum still 104.2 %. Applying the blank correction."]]
    for c in range(4):
        t = texts[min(c, 2)]
        s.step(2, "get_sample", {"sample_id": "S-0612-17"}, raw, text=t[0] if c else None)
        s.step(2, "calc_texture", {"sample_id": "S-0612-17", "r40s": 25.5, "r2h": 11.4, "blank": 2.0, "temp_c": 22.5, "dry_mass_g": 40.0},
               {"sand": 41.8, "silt": 38.9, "clay": 23.5, "class": "loam", "temp_correction": 0.9}, text=t[1])
        s.step(2, "validate_result", {"sample_id": "S-0612-17", "sand": 41.8, "silt": 38.9, "clay": 23.5},
               {"valid": False, "rule": "QC-PSA-03", "message": "sand+silt+clay = 104.2 % (allowed 98.0-102.0 %)"}, text=t[2])
        s.step(3, "apply_blank_correction", {"batch_id": "SB-0612", "blank_g_per_l": 2.0},
               {"batch_id": "SB-0612", "blank_g_per_l": 2.0, "previous": 2.0, "changed": False,
                "samples_flagged_for_recalc": ["S-0612-17"]}, text=t[3])


def soil_healthy_1():
    s = Session(
        "soil_lab_sample_batch", "healthy", 1, user="lab-mgr-okoye", model=0,
        system=("You are the reporting agent for Ridgeview Agronomy's soil lab. Pull results from the LIMS page by "
                "page, flag implausible values for re-run, and write the batch report."),
        tools=[
            tool("list_results", "One page (10 samples) of results for a batch.", {"batch_id": S, "page": I}),
            tool("flag_for_rerun", "Send samples back to the bench for re-analysis.", {"sample_ids": {"type": "array", "items": S}, "reason": S}),
            tool("write_report", "Write the batch report to the LIMS.", {"batch_id": S, "body": S}),
        ],
        max_tokens=2000,
        notes=("Pagination: the same list_results call over five pages with 50 different samples, then two samples "
               "flagged for re-run and a report; a user follow-up at the end."),
        expected=HEALTHY)
    s.u("Batch SB-0614 (pH 1:1 water and EC, 50 samples from the Hollins Farm fields) is done. Pull it, flag anything odd, and write the report.")
    s.send(0)
    allrows = []
    for p in range(5):
        rows = []
        for k in range(10):
            i = p * 10 + k + 1
            ph = round(5.1 + ((i * 37) % 29) / 10.0, 1)
            ec = round(0.18 + ((i * 53) % 41) / 100.0, 2)
            if i == 23:
                ph = 9.8
            if i == 41:
                ec = 4.75
            rows.append({"sample_id": "S-0614-%02d" % i, "field": "HF-%d" % (1 + (i - 1) // 10), "ph_water": ph, "ec_ds_m": ec,
                         "dup_of": "S-0614-%02d" % (i - 1) if i % 10 == 0 else None})
        allrows += rows
        s.step(3, "list_results", {"batch_id": "SB-0614", "page": p + 1},
               {"batch_id": "SB-0614", "page": p + 1, "pages": 5, "total": 50, "results": rows},
               text="Page 1 of 5; continuing." if p == 1 else None)
    s.step(3, "flag_for_rerun", {"sample_ids": ["S-0614-23", "S-0614-41"],
                                 "reason": "S-0614-23 pH 9.8 implausible for HF-3 (field median 6.4); S-0614-41 EC 4.75 dS/m is 10x the field range"},
           {"flagged": ["S-0614-23", "S-0614-41"], "bench_queue": "WET-CHEM-2"},
           text="Two outliers: S-0614-23 (pH 9.8, field median 6.4) and S-0614-41 (EC 4.75 dS/m). Flagging both for re-run.")
    low = [r["sample_id"] for r in allrows if r["ph_water"] < 5.5]
    body = ("SB-0614 Hollins Farm, 50 samples (5 fields). pH(1:1 water) range 5.1-7.9 excluding S-0614-23 (re-run). "
            "EC 0.18-0.58 dS/m excluding S-0614-41 (re-run); no salinity concern. Samples below pH 5.5: %s. "
            "Duplicates within 0.2 pH units." % ", ".join(low))
    s.step(4, "write_report", {"batch_id": "SB-0614", "body": body}, {"written": True, "report_id": "RPT-SB-0614-v1"})
    s.a("Report RPT-SB-0614-v1 is written. %d samples are below pH 5.5 (%s); two samples are back on the bench for re-run." % (len(low), ", ".join(low)))
    s.u("Thanks. For the ones under 5.5, can you add a lime note — they'll want to know if buffer pH is needed?")
    s.send(420)


def soil_healthy_2():
    s = Session(
        "soil_lab_sample_batch", "healthy", 2, user="agronomist-pdubois", model=1,
        system=("You are an agronomy assistant. Give fertilizer and lime recommendations from soil test results "
                "(Mehlich-3 P and K in ppm, pH, organic matter). Be concise and give rates in lb/acre."),
        max_tokens=700,
        notes=("Tool-less chat over many similar items: the agronomist sends one sample's results at a time and "
               "gets a recommendation for each; every sample and answer is different."),
        expected=HEALTHY)
    samples = [
        ("DF-N1", "corn", 5.6, 18, 95, 2.8, 180), ("DF-N2", "corn", 6.4, 42, 160, 3.4, 180),
        ("DF-S1", "soybean", 6.1, 11, 88, 2.2, None), ("DF-S2", "soybean", 5.3, 27, 132, 3.0, None),
        ("RK-1", "alfalfa", 6.7, 35, 110, 4.1, None), ("RK-2", "alfalfa", 6.0, 24, 205, 3.8, None),
        ("WB-1", "winter wheat", 5.9, 15, 140, 2.5, 90), ("WB-2", "winter wheat", 6.8, 58, 240, 3.1, 90),
        ("PT-3", "pasture", 5.1, 9, 70, 4.6, 60), ("PT-4", "pasture", 6.2, 31, 118, 5.0, 60),
    ]
    def rec(sid, crop, ph, p, k, om, n):
        out = ["%s (%s): pH %.1f, P %d ppm, K %d ppm, OM %.1f%%." % (sid, crop, ph, p, k, om)]
        target = 6.8 if crop == "alfalfa" else 6.2 if crop != "pasture" else 6.0
        if ph < target - 0.2:
            out.append("Lime: pH is below the %.1f target; run a buffer pH, but expect roughly %.1f t/acre ag lime (ECCE 90%%)." % (target, round((target - ph) * 1.6 + 0.5, 1)))
        else:
            out.append("No lime needed.")
        if p < 20:
            out.append("P is low: %d lb P2O5/acre (build + maintenance)." % (120 if p < 12 else 80))
        elif p < 40:
            out.append("P is optimum: maintenance %d lb P2O5/acre." % (40 if crop != "alfalfa" else 60))
        else:
            out.append("P is high: no P needed this year.")
        if k < 100:
            out.append("K is low: %d lb K2O/acre." % (150 if crop == "alfalfa" else 120))
        elif k < 170:
            out.append("K is optimum: maintenance %d lb K2O/acre." % (60 if crop != "alfalfa" else 200))
        else:
            out.append("K is high: none needed.")
        if n:
            credit = 20 if om > 3.0 else 0
            out.append("N: %d lb/acre%s." % (n - credit, " (20 lb OM credit)" if credit else ""))
        elif crop in ("soybean", "alfalfa"):
            out.append("No N: legume, make sure seed is inoculated.")
        return " ".join(out)
    asks = ["Morning. Starting on the Dufresne farm results. %s going to %s next year: pH %.1f, P %d, K %d, OM %.1f. What would you put down?",
            "Next: %s, %s. pH %.1f, P %d, K %d, OM %.1f",
            "%s, %s: pH %.1f / P %d / K %d / OM %.1f%%",
            "ok next one %s (%s) pH %.1f P %d K %d OM %.1f",
            "%s — %s stand, pH %.1f, P %d ppm, K %d ppm, OM %.1f",
            "%s, also %s: pH %.1f, P %d, K %d, OM %.1f. Is the high K an issue for the stand?",
            "Moving to the wheat ground. %s (%s): pH %.1f, P %d, K %d, OM %.1f",
            "%s (%s) pH %.1f P %d K %d OM %.1f",
            "Last field is pasture. %s (%s): pH %.1f, P %d, K %d, OM %.1f — it's been hayed hard for years",
            "and %s (%s): pH %.1f, P %d, K %d, OM %.1f. That's all of them, thanks!"]
    gaps = [0, 200, 150, 260, 320, 180, 610, 140, 230, 190]
    for i, smp in enumerate(samples):
        q = asks[i] % (smp[0], smp[1], smp[2], smp[3], smp[4], smp[5])
        if i == 0:
            s.u(q)
            s.send(0)
        else:
            s.say(gaps[i], rec(*samples[i - 1]), q)


# ===================================================================== podcast_ad_scheduler
def podcast_runaway_1():
    s = Session(
        "podcast_ad_scheduler", "runaway", 1, user="adops-midline-audio", model=0,
        system=("You are the ad-ops agent for the Midline Audio podcast network. Place campaigns into episode ad "
                "slots (pre-roll, mid-roll, post-roll) with the scheduling API, respecting sponsor rules."),
        tools=[
            tool("get_episode_inventory", "Ad slots and existing bookings of an episode.", {"show_id": S, "episode_id": S}),
            tool("schedule_ad", "Book a campaign creative into a slot.",
                 {"episode_id": S, "position": {"type": "string", "enum": ["pre", "mid1", "mid2", "post"]}, "campaign_id": S, "creative_id": S}),
        ],
        max_tokens=1000,
        notes=("A period-3 cycle of attempts failing the same way: pre-roll, mid-roll 2 and post-roll are tried in "
               "turn and each is refused by the competitor's episode-level category exclusivity, which no slot choice can "
               "avoid. Second identical refusal at turn 4; stop by turn 9."),
        expected=runaway(4, 9))
    s.u("Schedule campaign CMP-5521 (Dreamwell Sleep, 60s host-read, creative CR-5521-A) into Night Shift Economics ep. 212, releasing Tuesday.")
    s.send(0)
    s.step(2, "get_episode_inventory", {"show_id": "nse", "episode_id": "nse-212"},
           {"episode_id": "nse-212", "release": "2024-11-12T10:00:00Z", "duration_s": 3140,
            "slots": [{"position": "pre", "status": "open", "max_s": 60},
                      {"position": "mid1", "status": "booked", "campaign_id": "CMP-4470", "advertiser": "Brightline Mattress",
                       "category": "Home > Sleep & Bedding", "exclusivity": "episode"},
                      {"position": "mid2", "status": "open", "max_s": 90},
                      {"position": "post", "status": "open", "max_s": 30}]})
    cyc = [("pre", "Pre-roll is open; booking CMP-5521 there."),
           ("mid2", "Pre-roll was refused. Mid-roll 2 is open and longer; trying that."),
           ("post", "Trying the post-roll slot instead."),
           ("pre", "Let me try the pre-roll again."),
           ("mid2", "Trying mid-roll 2."),
           ("post", "Trying post-roll."),
           ("pre", "Retrying pre-roll."),
           ("mid2", "Retrying mid-roll 2."),
           ("post", "Retrying post-roll."),
           ("pre", "Trying pre-roll once more."),
           ("mid2", "Trying mid-roll 2 again.")]
    for i, (pos, text) in enumerate(cyc):
        s.step(3 + i % 2, "schedule_ad", {"episode_id": "nse-212", "position": pos, "campaign_id": "CMP-5521", "creative_id": "CR-5521-A"},
               {"ok": False, "error": "EXCLUSIVITY_CONFLICT",
                "detail": "Campaign CMP-4470 (Brightline Mattress) holds episode-level exclusivity for category "
                          "'Home > Sleep & Bedding' in nse-212; CMP-5521 (Dreamwell Sleep) is in the same category.",
                "position": pos, "trace_id": "sch-%s" % hid("nse/%d" % i, 8).lower()},
               text=text, err=True)


def podcast_runaway_2():
    s = Session(
        "podcast_ad_scheduler", "runaway", 2, user="host-tamsin-greer", model=0,
        system="You help podcast hosts write host-read ad copy. Follow the sponsor brief and the requested length exactly.",
        max_tokens=800,
        notes=("Tool-less paraphrased repetition without progress: the host asks four times for a 30-second read of at "
               "most 75 words and gets a reworded ~110-word script each time. Still too long at turn 3; stop by turn 6."),
        expected=runaway(3, 6))
    opens = ["Okay, confession time: I have not slept well in, honestly, years.",
             "Real talk: for years I have been a terrible sleeper.",
             "Let me tell you about my sleep, which, until recently, was a disaster.",
             "So here's something personal: I used to be the worst sleeper I know.",
             "I'm going to be honest with you about something: my sleep was a mess.",
             "Quick confession before we get back to the show: I was a terrible sleeper."]
    mids = ["Then Dreamwell sent me their Cloudform pillow, and I was skeptical, because every pillow says it's the one. But this one is adjustable — you unzip it and take out fill until it's exactly right for how you sleep — and it stays cool all night, which, for a hot sleeper like me, is huge.",
            "Then I tried the Dreamwell Cloudform pillow. I know, every pillow claims to be different, but this one actually is: you can add or remove the fill to get the height exactly right for side, back or stomach sleeping, and the cover stays cool the whole night, which matters a lot for me.",
            "That changed when I started using the Cloudform pillow from Dreamwell. It's adjustable, so you open it up and remove or add fill until it fits the way you sleep, and the cooling cover means I'm not flipping the pillow at 3 a.m. anymore, which used to be my whole night.",
            "Dreamwell's Cloudform pillow is what fixed it for me. It's fully adjustable: unzip it, take out or put back fill until the loft is right for you, and its cooling cover keeps it from heating up overnight, which was always my problem, every single night.",
            "Then along came the Dreamwell Cloudform pillow. Skeptical at first, sure. But it's adjustable — you tune the fill to how you sleep — and it has a cooling cover, so it doesn't turn into a little oven halfway through the night like my old one did."]
    closes = ["Dreamwell gives you 100 nights to try it, and if you don't love it, you send it back. Go to dreamwell.com/nightshift and use code NIGHTSHIFT for 20 percent off your first order. That's dreamwell.com/nightshift, code NIGHTSHIFT.",
              "You get a 100-night trial, so there's no risk. Head to dreamwell.com/nightshift and use code NIGHTSHIFT for 20% off your first order — dreamwell.com/nightshift, code NIGHTSHIFT.",
              "Try it for 100 nights risk-free. Visit dreamwell.com/nightshift and enter NIGHTSHIFT at checkout to save 20 percent on your first order. Once more: dreamwell.com/nightshift, code NIGHTSHIFT."]
    asks = [
        "Need a 30-second host-read for Dreamwell (sponsor of Night Shift Economics). Brief: Cloudform pillow, adjustable fill, cooling cover, "
        "100-night trial, 20% off with code NIGHTSHIFT at dreamwell.com/nightshift. Personal tone. HARD LIMIT 75 words — it's a 30s slot.",
        "That's way over — I count {n} words. It has to be 75 max.",
        "Still {n} words. I need 75 or fewer. Cut the story part.",
        "This is the same length again ({n}). 75 words. Please actually count.",
        "{n} words. I really need this shorter, it's due to the sponsor at 5.",
        "Still way over. Can you do two sentences about the pillow and the code, nothing else?",
        "{n} words. What is going on",
        "still too long",
        "75 WORDS",
    ]
    gaps = [0, 95, 130, 110, 160, 90, 75, 60, 50]
    for i, q in enumerate(asks):
        if i == 0:
            s.u(q)
            s.send(0)
            continue
        k = i - 1
        body = " ".join([opens[k % len(opens)], mids[k % len(mids)], closes[k % len(closes)]])
        reply = ("Here's a tighter version:\n\n" if k else "") + body
        s.say(gaps[i], reply, q.replace("{n}", str(len(body.split()))))


def podcast_healthy_1():
    s = Session(
        "podcast_ad_scheduler", "healthy", 1, user="adops-midline-audio", model=1,
        system=("You are the ad-ops agent for the Midline Audio podcast network. Book flights of spots across shows: "
                "find an open slot per episode, book it, and move on; if a week has no slot, try the next week."),
        tools=[
            tool("find_open_slot", "First open slot of a position in a show's episodes for a given week.",
                 {"show_id": S, "week": S, "position": S}),
            tool("book_slot", "Book a campaign creative into a slot.", {"slot_id": S, "campaign_id": S, "creative_id": S}),
        ],
        max_tokens=1000,
        notes=("Many similar items: six mid-roll spots across four shows for one campaign, find then book each; one "
               "week is full and the next week is used. Every call has a different show, week or slot."),
        expected=HEALTHY)
    s.u("Flight CMP-6104 (Fernway Coffee, 45s mid-roll, creative CR-6104-B): 6 spots — Night Shift Economics W46 and W47, "
        "The Soil Report W46, Quiet Hours W46 and W48, Ledger Lines W47.")
    s.send(0)
    plan = [("nse", "2024-W46", "nse-213", True), ("nse", "2024-W47", "nse-214", True),
            ("soil-report", "2024-W46", "sr-088", True), ("quiet-hours", "2024-W46", None, False),
            ("quiet-hours", "2024-W47", "qh-051", True), ("quiet-hours", "2024-W48", "qh-052", True),
            ("ledger-lines", "2024-W47", "ll-140", True)]
    for i, (show, wk, ep, found) in enumerate(plan):
        if found:
            slot = "slot_%s_mid%d" % (ep.replace("-", ""), 1 + i % 2)
            s.step(2, "find_open_slot", {"show_id": show, "week": wk, "position": "mid"},
                   {"found": True, "slot_id": slot, "episode_id": ep, "position": "mid%d" % (1 + i % 2), "max_s": 60,
                    "est_downloads": 18000 + (i * 7919) % 23000},
                   text="Quiet Hours W46 is full; trying W47 (W48 is already in the plan, so this replaces the W46 spot)." if i == 4 else None)
            s.step(2, "book_slot", {"slot_id": slot, "campaign_id": "CMP-6104", "creative_id": "CR-6104-B"},
                   {"booked": True, "booking_id": "BK-%s" % hid("fern/%d" % i, 6).upper(), "slot_id": slot})
        else:
            s.step(2, "find_open_slot", {"show_id": show, "week": wk, "position": "mid"},
                   {"found": False, "reason": "all mid-roll slots booked for 2024-W46 (2 episodes)"})


def podcast_healthy_2():
    s = Session(
        "podcast_ad_scheduler", "healthy", 2, user="producer-lwaweru", model=0,
        system="You are a writing assistant for Midline Audio's network operations team.",
        max_tokens=1200,
        notes=("Tool-less 'continue' chat: the producer drafts the network's host-read ad guidelines one section per "
               "reply and says 'continue' each time; every section is new."),
        expected=HEALTHY)
    sections = [
        "## 1. Why host-reads work\nListeners trust hosts, not ads. A host-read should sound like the show: same voice, same pace, no announcer register. If a host would not say a sentence on air unprompted, it doesn't belong in the read.",
        "## 2. Disclosure\nEvery sponsored segment opens with a clear disclosure in the host's words — 'This episode is sponsored by…' or 'Support for the show comes from…'. Never bury it after the pitch. For affiliate codes, say that the show earns a commission.",
        "## 3. Claims and substantiation\nHosts may only state claims in the sponsor brief. No health, financial-return or 'cure' language unless the brief includes legal-approved wording. Personal experience must be real: if the host hasn't used the product, say 'they tell me' rather than 'I love'.",
        "## 4. Length and timing\nSlot lengths are hard limits: pre-roll 30 s (≈75 words), mid-roll 60 s (≈150 words), post-roll 30 s. Read the copy aloud with a timer before recording. Over-length reads are trimmed by editing, which usually cuts the call to action.",
        "## 5. Calls to action and codes\nGive the URL and the code twice, once in the middle and once at the end. Spell unusual codes. Vanity URLs must be tested before the episode ships; a dead link costs the sponsor a whole flight of attribution.",
        "## 6. Category exclusivity\nSponsors may buy episode- or month-level exclusivity in a category (e.g. Sleep & Bedding). Ad-ops checks the scheduler before booking; hosts should flag any organic mention of a competitor in the same episode so ad-ops can move one of them.",
        "## 7. Corrections and make-goods\nIf a read goes out with a wrong code or claim, notify ad-ops the same day. We replace the audio via dynamic insertion within 24 hours and offer the sponsor a make-good spot of equal length.",
        "## 8. Sign-off\nGuidelines owner: Network Operations (ops@midline.audio). Reviewed quarterly with Legal. Questions about a specific brief go to the campaign's ad-ops lead listed in the scheduler.",
    ]
    asks = ["I'm writing our network's host-read ad guidelines for new hosts. Can you draft it section by section? Start with why host-reads work. Keep each section short.",
            "good. continue", "continue", "continue — make sure timing is in there", "continue", "continue",
            "continue", "continue, last one should be who owns the doc", "perfect. Can you give me a one-line title and subtitle for the whole thing?"]
    gaps = [0, 120, 95, 140, 88, 101, 130, 97, 210]
    for i, q in enumerate(asks):
        if i == 0:
            s.u(q)
            s.send(0)
        else:
            s.say(gaps[i], sections[i - 1], q)


# ===================================================================== chemistry_homework_tutor (tool-less)
def chem_runaway_1():
    s = Session(
        "chemistry_homework_tutor", "runaway", 1, user="student-8841", model=0,
        system=("You are a patient general-chemistry tutor for first-year university students. Explain step by step "
                "and check your arithmetic."),
        max_tokens=1000,
        notes=("A period-2 flip-flop: the tutor alternates between pH 4.54 (ratio inverted) and 4.95 for the same "
               "buffer, 'correcting' itself each time the student asks. The first answer comes back at turn 4; stop by turn 7."),
        expected=runaway(4, 7))
    wrong = [
        "Let's use Henderson–Hasselbalch. pKa = −log(1.8×10⁻⁵) = 4.74. Then pH = pKa + log([HA]/[A⁻]) = 4.74 + log(0.25/0.40) = 4.74 + (−0.20) = 4.54. So the buffer pH is about 4.54.",
        "Let me re-check that carefully. The Henderson–Hasselbalch equation relates pH to the ratio of acid to conjugate base: pH = pKa + log([HA]/[A⁻]). With [HA] = 0.25 M and [A⁻] = 0.40 M: log(0.625) = −0.204, so pH = 4.74 − 0.20 = 4.54. I think 4.54 is right after all and the key may contain a typo.",
        "You're right to push on this. Going back to the definition: Ka = [H⁺][A⁻]/[HA], so [H⁺] = Ka·[HA]/[A⁻] and pH = pKa + log([HA]/[A⁻])… which gives 4.74 + log(0.25/0.40) = 4.54. So 4.54.",
        "Let me settle this definitively. pH = pKa + log(acid/base) = 4.74 + log(0.25/0.40) = 4.54.",
    ]
    right = [
        "You're right, I'm sorry — I inverted the ratio. Henderson–Hasselbalch is pH = pKa + log([A⁻]/[HA]), base over acid. So pH = 4.74 + log(0.40/0.25) = 4.74 + 0.20 = 4.95, matching your key.",
        "Apologies for the confusion! The correct form has the conjugate base on top: pH = pKa + log([A⁻]/[HA]) = 4.74 + log(1.6) = 4.74 + 0.204 = 4.95. The answer is 4.95.",
        "I made the same slip again, sorry. Base over acid: pH = 4.74 + log(0.40/0.25) = 4.95. More base than acid should push the pH above the pKa, which 4.95 does.",
        "Correction: with more acetate than acetic acid the pH must be above pKa, so it's 4.74 + log(0.40/0.25) = 4.95.",
    ]
    asks = [
        "Buffer question: 0.25 M acetic acid and 0.40 M sodium acetate, Ka = 1.8e-5. What's the pH? Please show steps.",
        "hmm the answer key says 4.95?",
        "ok that makes sense. but why is the base on top? my notes have it the other way",
        "wait now you're saying 4.54 again?? which one",
        "so 4.95 is final? I want to submit",
        "you literally just said 4.95. I'm so confused",
        "ok let me just ask again: 0.25 M CH3COOH, 0.40 M CH3COONa, Ka 1.8e-5, pH = ?",
        "is it 4.54 or 4.95. one number please",
        "which is it",
        "??",
    ]
    gaps = [0, 150, 120, 95, 80, 70, 110, 60, 45, 40]
    for i, q in enumerate(asks):
        if i == 0:
            s.u(q)
            s.send(0)
            continue
        k = i - 1
        reply = wrong[(k // 2) % 4] if k % 2 == 0 else right[(k // 2) % 4]
        s.say(gaps[i], reply, q)


def chem_runaway_2():
    s = Session(
        "chemistry_homework_tutor", "runaway", 2, user="chemcheck-app-ios-2217", model=1,
        system=("You are ChemCheck, an answer checker inside a homework app. The student submits a problem and their "
                "answer; say whether it is correct and give one hint if it is not. Do not give the full solution."),
        max_tokens=400,
        notes=("Exact repetition from a client: the app's auto-check resubmits the identical answer every 6-8 s and "
               "gets the identical verdict. Repeated at turn 2; stop by turn 4."),
        expected=runaway(2, 4))
    q = ("Problem 7 (Thermochemistry, set 4): Using standard enthalpies of formation (CH4(g) −74.8, CO2(g) −393.5, "
         "H2O(l) −285.8 kJ/mol), calculate ΔH°rxn for CH4(g) + 2 O2(g) → CO2(g) + 2 H2O(l).\n"
         "Student answer: ΔH°rxn = −604.5 kJ/mol")
    verdict = ("Not quite. Your setup uses products minus reactants correctly, but check the coefficient on water: the "
               "equation produces 2 mol of H2O(l), so its ΔH°f must be counted twice. Also remember O2(g) is an element "
               "in its standard state (ΔH°f = 0). Try recomputing.")
    s.u(q)
    s.send(0)
    for g in [7, 6, 6, 8, 7, 6, 7, 6, 8, 6, 7]:
        s.say(g, verdict, q)


def chem_healthy_1():
    s = Session(
        "chemistry_homework_tutor", "healthy", 1, user="student-3307", model=0,
        system="You are a general-chemistry tutor. Solve problems step by step, with units and significant figures.",
        max_tokens=900,
        notes=("Tool-less problem set: the student sends 'next' with a new stoichiometry or gas-law problem each "
               "turn; each answer is a different worked solution."),
        expected=HEALTHY)
    items = [
        ("Working through my stoichiometry set. Q1: how many grams of CO2 from burning 10.0 g of propane (C3H8)?",
         "C3H8 + 5 O2 → 3 CO2 + 4 H2O. Moles propane = 10.0 g / 44.10 g/mol = 0.2268 mol. CO2 = 3 × 0.2268 = 0.6803 mol × 44.01 g/mol = 29.9 g CO2."),
        ("next: Q2 limiting reagent — 5.00 g Al with 10.0 g Cl2, 2Al + 3Cl2 → 2AlCl3. Which is limiting and how much AlCl3?",
         "Al: 5.00/26.98 = 0.1853 mol → could make 0.1853 mol AlCl3. Cl2: 10.0/70.90 = 0.1410 mol → 0.1410 × 2/3 = 0.0940 mol AlCl3. Cl2 is limiting; AlCl3 = 0.0940 mol × 133.34 g/mol = 12.5 g."),
        ("next, Q3 percent yield: they actually got 10.9 g AlCl3 in that same reaction",
         "Percent yield = actual/theoretical × 100 = 10.9 g / 12.5 g × 100 = 87.2 %. (Using the unrounded 12.54 g gives 86.9 %; report 87 % to match 3 sig figs of the data.)"),
        ("Q4: what volume of O2 at STP is needed to burn 3.50 mol of ethanol?",
         "C2H5OH + 3 O2 → 2 CO2 + 3 H2O. O2 = 3 × 3.50 = 10.5 mol. At STP (0 °C, 1 atm) the molar volume is 22.4 L/mol, so V = 10.5 × 22.4 = 235 L. (With the IUPAC 1 bar convention, 22.7 L/mol → 238 L.)"),
        ("next: Q5 dilution, how much 12.0 M HCl to make 500 mL of 0.750 M?",
         "M1V1 = M2V2 → V1 = (0.750 M × 500 mL)/12.0 M = 31.3 mL. Add the acid to about 400 mL water, then dilute to the 500 mL mark — acid into water, not the reverse."),
        ("Q6: a gas occupies 2.40 L at 25 °C and 745 torr. Volume at 60 °C and 1.10 atm?",
         "Combined gas law: V2 = V1 × (P1/P2) × (T2/T1). P1 = 745/760 = 0.9803 atm; T1 = 298.15 K, T2 = 333.15 K. V2 = 2.40 × (0.9803/1.10) × (333.15/298.15) = 2.40 × 0.8912 × 1.1174 = 2.39 L."),
        ("next. Q7 empirical formula: 40.0% C, 6.71% H, 53.3% O",
         "Per 100 g: C 40.0/12.01 = 3.331 mol; H 6.71/1.008 = 6.657 mol; O 53.3/16.00 = 3.331 mol. Divide by 3.331: C 1, H 2.00, O 1 → empirical formula CH2O."),
        ("Q8 same compound, molar mass 180 g/mol, molecular formula?",
         "CH2O has a mass of 30.03 g/mol. 180/30.03 = 6.0, so the molecular formula is C6H12O6 (for example glucose)."),
        ("Q9 titration: 25.00 mL of H2SO4 needs 31.40 mL of 0.1000 M NaOH. Molarity of the acid?",
         "H2SO4 + 2 NaOH → Na2SO4 + 2 H2O. mol NaOH = 0.03140 L × 0.1000 = 3.140×10⁻³ mol; mol H2SO4 = half = 1.570×10⁻³ mol. M = 1.570×10⁻³ / 0.02500 L = 0.06280 M."),
        ("last one! Q10: grams of KClO3 needed to make 6.00 L of O2 at 25 °C and 1.00 atm (2KClO3 → 2KCl + 3O2)", None),
    ]
    gaps = [0, 240, 180, 300, 210, 260, 330, 150, 280, 240]
    for i, (q, a) in enumerate(items):
        if i == 0:
            s.u(q)
            s.send(0)
        else:
            s.say(gaps[i], items[i - 1][1], q)


def chem_healthy_2():
    s = Session(
        "chemistry_homework_tutor", "healthy", 2, user="student-5120", model=0,
        system=("You are a Socratic chemistry tutor. Don't give final answers to graded problems; point out the "
                "specific error in the student's attempt and let them try again."),
        max_tokens=800,
        notes=("Tool-less, the same problem retried: a student resubmits one weak-acid titration answer several "
               "times, each attempt different and closer, until it is right; then a new question."),
        expected=HEALTHY)
    turns = [
        ("Graded HW: 50.0 mL of 0.100 M HF (Ka 6.8e-4) titrated with 0.100 M NaOH. pH after adding 25.0 mL NaOH? I got 1.00",
         "1.00 would be the pH of 0.100 M strong acid before any base is added — but HF is weak, and you've also added base. After 25.0 mL, what has been made? Count moles of HF and OH⁻ first."),
        ("ok moles HF = 0.00500, OH = 0.00250. so 0.00250 HF left. [HF] = 0.00250/0.075 = 0.0333 M, pH = -log(0.0333) = 1.48",
         "Good mole counting. But you're treating the leftover HF as if it fully dissociates. And something else is present now: what did those 0.00250 mol of OH⁻ turn into?"),
        ("oh, F-. so 0.00250 mol F- and 0.00250 mol HF. it's a buffer? pH = pKa + log(1) ... pKa = -log(6.8e-4) = 4.17?",
         "Yes, it's a buffer, and equal amounts means you're at the half-equivalence point, so pH = pKa. Recheck your logarithm: is −log(6.8×10⁻⁴) really 4.17?"),
        ("-log(6.8e-4) = 3.17. so pH 3.17",
         "That's it: pH = pKa = 3.17 at half-equivalence. Nice work — your setup was right from the second attempt; the last slip was only the log."),
        ("next part: pH at the equivalence point (50.0 mL NaOH). I said 7 because it's neutralized",
         "At equivalence every HF has become F⁻. Is F⁻ neutral in water, or does it react with water? Think about what Kb for F⁻ would be."),
        ("F- is a weak base. Kb = 1e-14/6.8e-4 = 1.47e-11. [F-] = 0.00500/0.100 L = 0.0500 M. [OH-] = sqrt(1.47e-11*0.05) = 8.6e-7, pOH 6.07, pH 7.93",
         "Good reasoning — F⁻ is basic, so pH > 7. Check your square root: 1.47×10⁻¹¹ × 0.0500 = 7.35×10⁻¹³. What's its square root?"),
        ("sqrt(7.35e-13) = 8.57e-7 ... that's what I had? oh wait. 8.57e-7, pOH = 6.07, pH = 7.93. I think it's right?",
         "You're right, and I was wrong to question it — 8.57×10⁻⁷ is correct, pOH 6.07, pH 7.93. Sorry for the detour. That's the equivalence-point pH."),
        ("phew. last part: pH after 60.0 mL NaOH",
         "Past equivalence, excess OH⁻ controls the pH (F⁻ contributes negligibly). How many moles of OH⁻ are left over, and what's the total volume?"),
        ("excess OH = 0.00100 mol, volume 110 mL, [OH-] = 0.00909, pOH 2.04, pH 11.96", None),
    ]
    gaps = [0, 420, 380, 300, 240, 600, 350, 300, 420]
    for i, (q, a) in enumerate(turns):
        if i == 0:
            s.u(q)
            s.send(0)
        else:
            s.say(gaps[i], turns[i - 1][1], q)


# ===================================================================== datacenter_cooling_ops
def dc_runaway_1():
    s = Session(
        "datacenter_cooling_ops", "runaway", 1, user="dcim-alerts-fra2", model=0,
        system=("You are the cooling operations agent for data center FRA2. Act on DCIM alerts by adjusting CRAH units "
                "through the BMS. On write failures, retry with exponential backoff."),
        tools=[
            tool("read_crah_status", "Current state of a CRAH unit from the BMS.", {"unit": S}),
            tool("write_crah_setpoint", "Write supply-air setpoint and fan speed to a CRAH unit (BACnet WriteProperty).",
                 {"unit": S, "supply_air_c": N, "fan_pct": I}),
            tool("page_oncall", "Page the on-site facilities engineer.", {"summary": S, "severity": S}),
        ],
        max_tokens=800,
        notes=("Retrying forever with growing delays: every write to CRAH-07 times out because the controller is "
               "offline (last_seen never moves), and the agent keeps doubling the backoff instead of paging on-call while "
               "the aisle is hot. Second identical timeout at turn 3; stop by turn 8."),
        expected=runaway(3, 8))
    s.u("ALERT [DCIM] FRA2 DH1 Row C cold aisle inlet 27.4 °C (threshold 27.0 °C), racks C07–C12, rising 0.3 °C/10 min. "
        "Runbook: lower CRAH-07 supply air to 17 °C and raise fan to 85 %.")
    s.send(0)
    waits = [0, 10, 20, 40, 80, 160, 300, 300, 300, 300, 300]
    for k, w in enumerate(waits):
        sec = 11 * 60 + 40 + sum(waits[:k + 1]) + 9 * (k + 1)
        s.step(9 + w, "write_crah_setpoint", {"unit": "CRAH-07", "supply_air_c": 17.0, "fan_pct": 85},
               {"ok": False, "error": "BACNET_TIMEOUT",
                "detail": "WriteProperty to device 7012 (CRAH-07, 10.41.7.12:47808) timed out after 3 retries",
                "device_last_seen": "2024-06-14T02:11:09Z",
                "attempted_at": "2024-06-14T02:%02d:%02dZ" % (sec // 60 % 60, sec % 60), "invoke_id": 17 + k * 4},
               text=None if k == 0 else "Write timed out; backing off %d s and retrying." % w, err=True)


def dc_runaway_2():
    s = Session(
        "datacenter_cooling_ops", "runaway", 2, user="cooling-agent-ams1", model=1,
        system=("You are the autonomous cooling optimizer for AMS1 hall 3. Keep every cold-aisle inlet between 18 and "
                "27 °C per ASHRAE A1 while keeping CRAH fan vibration alarms clear. Read zone temperatures before and "
                "after every change."),
        tools=[
            tool("read_zone_temps", "Cold-aisle inlet temperatures, CRAH fan state and active alarms for a zone.", {"zone": S}),
            tool("set_fan_speed", "Set CRAH fan speed (percent).", {"unit": S, "percent": I}),
        ],
        max_tokens=800,
        notes=("An oscillation, a period-4 cycle: the agent raises CRAH-09 to 75 % to cool row C, which trips the "
               "fan's vibration alarm, lowers it back to 60 %, row C is hot again, and so on with identical readings. "
               "The first reading repeats at turn 6; stop after the state comes back a third time (turn 11)."),
        expected=runaway(6, 11))
    s.u("Row C inlet temps in hall 3 have been creeping up since the afternoon. Bring them under 27 °C.")
    s.send(0)
    hot = {"zone": "H3-rowC", "fan": {"unit": "CRAH-09", "percent": 60, "vibration_mm_s": 3.1},
           "inlets_c": {"C01": 25.9, "C04": 26.8, "C07": 27.3, "C10": 26.6}, "alarms": [],
           "neighbour": {"H3-rowD max": 23.1}}
    cool = {"zone": "H3-rowC", "fan": {"unit": "CRAH-09", "percent": 75, "vibration_mm_s": 7.4},
            "inlets_c": {"C01": 23.6, "C04": 24.2, "C07": 24.9, "C10": 24.0},
            "alarms": [{"code": "VIB-HI", "unit": "CRAH-09", "detail": "fan vibration 7.4 mm/s > 7.1 mm/s (ISO 10816 zone C)"}],
            "neighbour": {"H3-rowD max": 21.0}}
    texts = [("Reading row C.", "C07 is at 27.3 °C, over the limit. Raising CRAH-09 from 60 % to 75 %.",
              "Checking the effect.", "Row C is fine now but CRAH-09 has a vibration alarm at 75 %. Backing it off to 60 %."),
             ("Re-reading row C after the change.", "Row C is over 27 °C again. Raising CRAH-09 to 75 %.",
              "Reading temps.", "Vibration alarm on CRAH-09 again; lowering to 60 % to clear it.")]
    for c in range(4):
        t = texts[min(c, 1)]
        s.step(4 if c == 0 else 240, "read_zone_temps", {"zone": "H3-rowC"}, hot, text=t[0] if c else None)
        s.step(3, "set_fan_speed", {"unit": "CRAH-09", "percent": 75}, {"ok": True, "unit": "CRAH-09", "percent": 75}, text=t[1])
        s.step(240, "read_zone_temps", {"zone": "H3-rowC"}, cool, text=t[2])
        s.step(3, "set_fan_speed", {"unit": "CRAH-09", "percent": 60}, {"ok": True, "unit": "CRAH-09", "percent": 60}, text=t[3])


def dc_healthy_1():
    s = Session(
        "datacenter_cooling_ops", "healthy", 1, user="shift-lead-fra2-ebauer", model=0,
        system=("You are the cooling operations agent for data center FRA2. During plant events, watch the chilled "
                "water plant and hall temperatures every minute and report when conditions are back to normal."),
        tools=[
            tool("get_plant_status", "Chiller plant status: chillers, chilled-water supply/return temperatures.", {}),
            tool("get_hall_temps", "Max and mean cold-aisle inlet temperature per data hall.", {"hall": S}),
        ],
        max_tokens=1000,
        notes=("Polling during a chiller failover that progresses: the standby chiller ramps up, chilled-water supply "
               "falls from 15.1 to 10.9 °C and hall inlets peak then recover; the agent reports when normal."),
        expected=HEALTHY)
    s.u("CH-1 tripped on high discharge pressure at 03:12. CH-2 is starting on auto-failover. Watch DH1 and DH2 and tell me "
        "when CHW supply is back under 12 °C and inlets are normal.")
    s.send(0)
    course = [("starting", 0, 14.8, 26.1, 24.9), ("ramping", 35, 15.1, 26.9, 25.6), ("ramping", 60, 14.2, 27.2, 25.8),
              ("ramping", 85, 13.0, 26.7, 25.1), ("running", 100, 12.1, 25.8, 24.3), ("running", 100, 11.4, 24.9, 23.6),
              ("running", 100, 10.9, 24.1, 23.0)]
    for i, (st, load, chw, dh1, dh2) in enumerate(course):
        ids = s.a(None if i == 0 else "CH-2 %s at %d %%, CHW supply %.1f °C. Checking again." % (course[i - 1][0], course[i - 1][1], course[i - 1][2]),
                  [("get_plant_status", {}), ("get_hall_temps", {"hall": "DH1"}), ("get_hall_temps", {"hall": "DH2"})])
        mm = 13 + i
        s.r(ids[0], {"time": "03:%02d:05" % mm, "chillers": [{"id": "CH-1", "state": "tripped", "fault": "HP discharge 1,480 kPa"},
                                                             {"id": "CH-2", "state": st, "load_pct": load}],
                     "chw_supply_c": chw, "chw_return_c": round(chw + 5.6 - i * 0.3, 1), "setpoint_c": 10.0})
        s.r(ids[1], {"hall": "DH1", "max_inlet_c": dh1, "mean_inlet_c": round(dh1 - 3.4, 1), "hottest_rack": "C09" if i < 4 else "A14"})
        s.r(ids[2], {"hall": "DH2", "max_inlet_c": dh2, "mean_inlet_c": round(dh2 - 3.1, 1), "hottest_rack": "F02"})
        s.send(3 if i == 0 else 60)
    s.a("Back to normal: CH-2 running at 100 %, CHW supply 10.9 °C (setpoint 10.0), DH1 max inlet 24.1 °C and DH2 23.0 °C, "
        "both below the 27 °C limit; the DH1 peak was 27.2 °C at 03:15 for about a minute. CH-1 remains tripped (HP discharge fault) for maintenance.")
    s.u("Thanks. Keep an eye on it for another couple of minutes and then stand down.")
    s.send(240)
    ids = s.a(None, [("get_plant_status", {}), ("get_hall_temps", {"hall": "DH1"})])
    s.r(ids[0], {"time": "03:24:10", "chillers": [{"id": "CH-1", "state": "locked_out"}, {"id": "CH-2", "state": "running", "load_pct": 92}],
                 "chw_supply_c": 10.4, "chw_return_c": 15.6, "setpoint_c": 10.0})
    s.r(ids[1], {"hall": "DH1", "max_inlet_c": 23.7, "mean_inlet_c": 20.4, "hottest_rack": "A14"})
    s.send(5)
    ids = s.a("Stable; one more check in two minutes.", [("get_plant_status", {}), ("get_hall_temps", {"hall": "DH1"})])
    s.r(ids[0], {"time": "03:26:11", "chillers": [{"id": "CH-1", "state": "locked_out"}, {"id": "CH-2", "state": "running", "load_pct": 88}],
                 "chw_supply_c": 10.2, "chw_return_c": 15.3, "setpoint_c": 10.0})
    s.r(ids[1], {"hall": "DH1", "max_inlet_c": 23.5, "mean_inlet_c": 20.2, "hottest_rack": "A14"})
    s.send(120)


def dc_healthy_2():
    s = Session(
        "datacenter_cooling_ops", "healthy", 2, user="capacity-eng-tlindahl", model=0,
        system=("You are the cooling analytics agent for FRA2. Sweep rack sensors page by page, find hotspots "
                "(inlet > 25 °C or delta-T > 15 K) and open tickets for them."),
        tools=[
            tool("get_rack_sensors", "A page of rack inlet/outlet sensor readings for a hall.", {"hall": S, "page": I, "page_size": I}),
            tool("open_ticket", "Open a facilities ticket.", {"rack": S, "summary": S, "priority": S}),
        ],
        max_tokens=1500,
        notes=("Pagination over 120 racks (six pages of 20) with every page different, two tickets for the hotspots "
               "found, then a user follow-up question."),
        expected=HEALTHY)
    s.u("Do the weekly hotspot sweep of DH2 and ticket anything over limits.")
    s.send(0)
    rows = "ABCDEF"
    for p in range(6):
        racks = []
        for k in range(20):
            n = p * 20 + k
            inlet = round(20.5 + ((n * 29) % 37) / 10.0, 1)
            dt = round(9.0 + ((n * 17) % 53) / 10.0, 1)
            if n == 47:
                inlet = 26.3
            if n == 98:
                dt = 16.2
            racks.append({"rack": "%s%02d" % (rows[p], k + 1), "inlet_c": inlet, "outlet_c": round(inlet + dt, 1), "kw": round(4.0 + ((n * 13) % 61) / 10.0, 1)})
        s.step(3, "get_rack_sensors", {"hall": "DH2", "page": p + 1, "page_size": 20},
               {"hall": "DH2", "page": p + 1, "pages": 6, "racks": racks}, text="Page 1 done, no hotspots; continuing." if p == 1 else None)
    s.step(3, "open_ticket", {"rack": "C08", "summary": "DH2 C08 inlet 26.3 °C (limit 25). Check blanking panels and perforated tile in front of C08.", "priority": "P3"},
           {"ticket": "FAC-19204", "status": "open"}, text="Two hotspots: C08 inlet 26.3 °C and E19 delta-T 16.2 K. Opening tickets.")
    s.step(2, "open_ticket", {"rack": "E19", "summary": "DH2 E19 delta-T 16.2 K (limit 15). Check for blocked rear door / cable bundle behind E19.", "priority": "P3"},
           {"ticket": "FAC-19205", "status": "open"})
    s.a("Sweep done: 120 racks on 6 pages. Tickets FAC-19204 (C08, inlet 26.3 °C) and FAC-19205 (E19, delta-T 16.2 K). Everything else within limits.")
    s.u("Thanks. What's the average inlet on row F, and its warmest rack?")
    s.send(600)


# ===================================================================== trademark_clearance_search
MARK_TOOLS = [
    tool("search_marks", "Search the trademark register (live and dead marks) by wordmark text.",
         {"query": S, "classes": {"type": "array", "items": I}, "status": S}),
    tool("get_mark", "Full record of one application/registration by serial number.", {"serial": S}),
    tool("save_memo", "Save a clearance memo to the matter file.", {"matter": S, "title": S, "body": S}),
]


def tm_runaway_1():
    s = Session(
        "trademark_clearance_search", "runaway", 1, user="paralegal-iferreira", model=0,
        system=("You are a trademark clearance research agent for Hale & Ostrowski LLP. Run knockout and full "
                "searches, pull the closest records, and write a risk memo with save_memo."),
        tools=MARK_TOOLS, max_tokens=2000,
        notes=("Paraphrased repetition with no progress: the agent keeps rephrasing the search (spacing, wildcards, "
               "phonetic spellings, added goods words) and gets the same three marks back every time, but never pulls a "
               "record or writes the memo. First identical result at turn 3; stop by turn 8."),
        expected=runaway(3, 8))
    s.u("Clearance for LUMAVERA — skincare serums and moisturizers (class 3) and online retail of cosmetics (class 35). "
        "Client wants a risk memo by Friday. Matter HO-2024-0417.")
    s.send(0)
    same = {"total": 3, "results": [
        {"serial": "97418822", "mark": "LUMAVERE", "status": "LIVE - registered", "classes": [3], "owner": "Verelle Cosmetics S.r.l.",
         "goods": "Cosmetic creams; serums for cosmetic purposes"},
        {"serial": "90877134", "mark": "LUMA VERDE", "status": "LIVE - published", "classes": [3, 5], "owner": "Green Luma Inc.",
         "goods": "Non-medicated skin care preparations; herbal supplements"},
        {"serial": "88120456", "mark": "LUMAVIA", "status": "DEAD - abandoned", "classes": [35], "owner": "Lumavia LLC",
         "goods": "Online retail store services featuring beauty products"}]}
    queries = [("LUMAVERA", None), ("LUMA VERA", "Same three hits. Let me check the spaced form in case it's registered separately."),
               ("LUMAVERA*", "To be thorough, a wildcard search for extensions of the mark."),
               ("LUMIVERA", "Checking a phonetic variant (LUMI-)."),
               ("LUMAVERA skin", "Adding a goods term to see if anything else surfaces."),
               ("LOOMAVERA", "Another phonetic spelling to be safe."),
               ("LUMA-VERA", "Checking the hyphenated form."),
               ("LUMAVERRA", "Checking a doubled-R misspelling."),
               ("*UMAVERA", "Trying a leading wildcard to catch prefixes."),
               ("LUMAVERA cosmetics", "Let me broaden the search with the goods description."),
               ("LUMA VERA skincare", "One more variation combining the spacing and goods.")]
    for i, (q, text) in enumerate(queries):
        s.step(5 + i % 4, "search_marks", {"query": q, "classes": [3, 35], "status": "all"}, dict(same, query=q), text=text)


def tm_runaway_2():
    s = Session(
        "trademark_clearance_search", "runaway", 2, user="assoc-dnakashima", model=0,
        system=("You are a trademark search agent. For full searches, page through every result with search_register "
                "and page_token until there are no more pages, then summarize the similar marks."),
        tools=[tool("search_register", "Full-text register search; returns 25 results per page and a next_page_token.",
                    {"query": S, "classes": {"type": "array", "items": I}, "page_token": S}, required=["query", "classes"])],
        max_tokens=2000,
        notes=("The same page under new tokens: the register API hands back page 1 with a fresh next_page_token each "
               "time (the token never advances the offset), and the agent keeps 'paging' through identical results. "
               "First repeated page at turn 3; stop by turn 7."),
        expected=runaway(3, 7))
    s.u("Full search on NORTHPEAK for apparel (class 25) and retail (class 35), live marks only. List every similar mark for the memo.")
    s.send(0)
    stems = ["NORTH PEAK", "NORTHPEAK OUTFITTERS", "NORTHPEAKS", "NORTH PEEK", "NORTHPIKE", "NORTHPOINT PEAK", "TRUE NORTH PEAK",
             "NORTHPEAK GEAR CO", "N-PEAK", "NORTH PEAK SUPPLY", "NORTHE PEAK", "NORDPEAK", "NORTHPEAK KIDS", "PEAK NORTH",
             "NORTHRIDGE PEAK", "NORTHPEAK TRAIL", "NORTHPARK", "NORTHPEAK ATHLETICS", "NORTHSPIRE", "NORTHPEAK BASICS",
             "HIGH NORTH PEAK", "NORTHPEAK DENIM", "NORTHBEAK", "NORTH-PEAK", "NORTHPEAK WORKWEAR"]
    page1 = [{"rank": i + 1, "serial": str(97000000 + (i * 48271) % 999999), "mark": m,
              "classes": [25] if i % 3 else [25, 35], "status": "LIVE"} for i, m in enumerate(stems)]
    texts = [None, "Got results 1–25 of 143. Fetching the next page.", "Page 3 next.", "Continuing to page 4.",
             "Fetching page 5.", "Fetching page 6 (the last).", "Continuing with the next page token.",
             "Next page.", "Fetching the next page.", "Continuing."]
    tok = None
    for k in range(10):
        args = {"query": "NORTHPEAK", "classes": [25, 35]}
        if tok:
            args["page_token"] = tok
        tok = "eyJxIjoiTk9SVEhQRUFLIiwib2Zmc2V0IjoyNSwibm9uY2UiOiI" + hid("np/%d" % k, 16) + "In0"
        s.step(6 + k % 3, "search_register", args,
               {"query": "NORTHPEAK", "total": 143, "showing": "1-25", "results": page1, "next_page_token": tok},
               text=texts[k])


def tm_healthy_1():
    s = Session(
        "trademark_clearance_search", "healthy", 1, user="paralegal-rkaur", model=1,
        system="You are a careful legal writing assistant at a trademark boutique. Review drafts for clarity, accuracy of terms, and consistency.",
        max_tokens=1500,
        notes=("Tool-less, a document resent: the paralegal pastes the full clearance memo again after each round of "
               "edits; every version differs and the comments move on until it's final."),
        expected=HEALTHY)

    def memo(v):
        parts = ["CLEARANCE MEMO — HO-2024-0522 — mark: TIDEWRIGHT (class 9 marine navigation software; class 42 SaaS)",
                 "Prepared by R. Kaur for J. Ostrowski. Draft v%d." % v]
        parts.append("1. Summary. %s" % ("We think TIDEWRIGHT is probably ok." if v < 2 else
                                        "TIDEWRIGHT is available for use and registration in classes 9 and 42, subject to the moderate risk noted in section 3."))
        parts.append("2. Search scope. Federal register (live and dead), state registers%s, common-law web and app-store search, domain names." %
                     ("" if v < 3 else " (all 50 states)"))
        risk = "TIDERIGHT (Reg. No. 6,112,904, class 9, tide-table app, owner Saltmarsh Labs)"
        parts.append("3. Closest marks. %s%s" % (risk, "." if v < 2 else
                     "; similar in sound and appearance, related goods. Risk: moderate. TIDEWRITE (Ser. No. 97/552,310, class 16, journals) — unrelated goods, low risk."))
        if v >= 3:
            parts.append("4. Common law. Tidewright Charters (Maine, boat tours, since 2011) — different services, low risk, but monitor.")
        if v >= 4:
            parts.append("5. Recommendation. Proceed with filing in classes 9 and 42; consider a coexistence approach to Saltmarsh Labs if an objection arises; run a watch on TIDERIGHT.")
        if v >= 5:
            parts.append("Limitations. This memo is based on searches current to 2024-08-02 and does not cover foreign registers.")
        text = "\n\n".join(parts)
        if v >= 6:
            text = text.replace("Risk: moderate", "Risk: MODERATE").replace("low risk", "LOW risk")
        if v >= 7:
            text = text.replace("Ser. No. 97/552,310", "Serial No. 97552310").replace("but monitor.", "but monitor annually.")
        return text

    comments = [
        "A few points: (1) the summary 'probably ok' is too informal for a client memo — state availability and the level of risk; (2) section 3 names TIDERIGHT but doesn't say why it matters (goods, similarity); (3) there's no recommendation section.",
        "Much better summary. Section 3 now analyzes TIDERIGHT well. Still missing: what common-law search found, and whether 'state registers' means all states. I'd also add the recommendation section.",
        "Good — the common-law paragraph and the 50-state scope are clear. Remaining: a recommendation section (file / watch / coexistence) and a limitations note with the search date.",
        "The recommendation reads well. Last item: add the limitations sentence (search date, no foreign registers). After that I think it's ready for the partner.",
        "This version is complete: summary, scope, closest marks with risk levels, common law, recommendation and limitations. Two tiny nits: use 'Reg. No.' consistently (it is), and consider bolding the risk levels. Ready to send.",
        "Looks final to me. The only change from v5 is the risk levels in bold — nothing else to flag.",
        "Yes — the partner's two edits (the TIDEWRITE serial format and the monitoring note) read fine and don't change the conclusions.",
    ]
    asks = ["Can you review this draft clearance memo?\n\n%s",
            "Revised per your notes:\n\n%s",
            "v3 below, added the common law stuff:\n\n%s",
            "ok here's v4 with the recommendation\n\n%s",
            "v5, added limitations\n\n%s",
            "Final check before it goes to Jan — bolded the risk levels (plain text here):\n\n%s",
            "Jan made two small edits, pasting the final version to be safe:\n\n%s",
            "Thanks! Can you write a 3-sentence cover email to the client to go with it?"]
    gaps = [0, 1500, 1260, 980, 700, 540, 3600, 420]
    for i, a in enumerate(asks):
        q = a % memo(i + 1) if "%s" in a else a
        if i == 0:
            s.u(q)
            s.send(0)
        else:
            s.say(gaps[i], comments[i - 1], q)


def tm_healthy_2():
    s = Session(
        "trademark_clearance_search", "healthy", 2, user="assoc-mbeaulieu", model=1,
        system=("You are a trademark clearance research agent. Knockout searches: one search per class, pull the "
                "closest records, write a short memo. If the register API rate-limits you, wait retry_after seconds."),
        tools=MARK_TOOLS, max_tokens=2000,
        notes=("Many similar searches with different results: one knockout search per class (9, 35, 41, 42), one "
               "rate-limit answered by waiting and retrying once, two records pulled, then the memo."),
        expected=HEALTHY)
    s.u("Knockout search for BRAMBLEFOX (kids' learning app and related services): classes 9, 35, 41, 42. Matter HO-2024-0601.")
    s.send(0)
    s.step(5, "search_marks", {"query": "BRAMBLEFOX", "classes": [9], "status": "live"},
           {"total": 2, "results": [{"serial": "98211045", "mark": "BRAMBLE", "classes": [9], "owner": "Bramble Robotics Ltd", "goods": "Robot vacuum control software"},
                                    {"serial": "90334712", "mark": "FOXBRAMBLE GAMES", "classes": [9, 28], "owner": "Hedgerow Play Co.", "goods": "Downloadable children's game software"}]})
    s.step(4, "search_marks", {"query": "BRAMBLEFOX", "classes": [35], "status": "live"},
           {"error": "RATE_LIMITED", "http_status": 429, "retry_after_s": 20}, err=True, text="Class 9 done. Now class 35.")
    s.step(22, "search_marks", {"query": "BRAMBLEFOX", "classes": [35], "status": "live"},
           {"total": 1, "results": [{"serial": "97640018", "mark": "BRAMBLE & FOX", "classes": [35], "owner": "Bramble & Fox Mercantile LLC", "goods": "Retail store services featuring home goods"}]},
           text="Rate-limited; waited 20 s as instructed. Retrying class 35.")
    s.step(5, "search_marks", {"query": "BRAMBLEFOX", "classes": [41], "status": "live"},
           {"total": 1, "results": [{"serial": "88903377", "mark": "LITTLE FOX LEARNING", "classes": [41], "owner": "Little Fox Edu Inc.", "goods": "Educational services, namely conducting classes for children"}]})
    s.step(5, "search_marks", {"query": "BRAMBLEFOX", "classes": [42], "status": "live"},
           {"total": 0, "results": []})
    s.step(3, "get_mark", {"serial": "90334712"},
           {"serial": "90334712", "mark": "FOXBRAMBLE GAMES", "status": "LIVE - registered 2022-03-08", "classes": [9, 28],
            "goods": "Class 9: downloadable children's game software. Class 28: board games", "disclaimer": "GAMES", "owner": "Hedgerow Play Co., Leeds, UK"},
           text="The closest is FOXBRAMBLE GAMES (class 9, children's games): pulling the record.")
    s.step(3, "get_mark", {"serial": "97640018"},
           {"serial": "97640018", "mark": "BRAMBLE & FOX", "status": "LIVE - registered 2023-11-21", "classes": [35],
            "goods": "Retail store services featuring home goods, candles and textiles", "owner": "Bramble & Fox Mercantile LLC, Asheville, NC"})
    body = ("BRAMBLEFOX knockout, classes 9/35/41/42 (live marks). Closest: FOXBRAMBLE GAMES (Reg., cl. 9/28, children's game "
            "software) — same two elements reversed, overlapping goods: HIGHER RISK in class 9. BRAMBLE & FOX (cl. 35, home-goods retail) "
            "— different services, low risk. LITTLE FOX LEARNING (cl. 41) — shares FOX only, low risk. Class 42: no hits. "
            "Recommend a full search before adoption, focused on class 9.")
    s.step(4, "save_memo", {"matter": "HO-2024-0601", "title": "BRAMBLEFOX knockout search", "body": body},
           {"saved": True, "doc_id": "DOC-0601-003"})


# Writing order: style by style, runaway 1, runaway 2, healthy 1, healthy 2 (shapes go round-robin in this order).
BUILDERS = [
    hotel_runaway_1, hotel_runaway_2, hotel_healthy_1, hotel_healthy_2,
    cobol_runaway_1, cobol_runaway_2, cobol_healthy_1, cobol_healthy_2,
    pharmacy_runaway_1, pharmacy_runaway_2, pharmacy_healthy_1, pharmacy_healthy_2,
    soil_runaway_1, soil_runaway_2, soil_healthy_1, soil_healthy_2,
    podcast_runaway_1, podcast_runaway_2, podcast_healthy_1, podcast_healthy_2,
    chem_runaway_1, chem_runaway_2, chem_healthy_1, chem_healthy_2,
    dc_runaway_1, dc_runaway_2, dc_healthy_1, dc_healthy_2,
    tm_runaway_1, tm_runaway_2, tm_healthy_1, tm_healthy_2,
]

SHORT = {
    ("hotel_concierge_chat", "runaway", 1): "clarification asked again and again while the guest lookup keeps failing",
    ("hotel_concierge_chat", "runaway", 2): "alternating venues/times, every booking refused for the same expired card",
    ("hotel_concierge_chat", "healthy", 1): "tool-less day planning, 'what else?' answered with new places",
    ("hotel_concierge_chat", "healthy", 2): "polling an airport transfer whose ETA falls until arrival",
    ("cobol_mainframe_port", "runaway", 1): "edit -> test, every edit different, the same one-cent assertion failing",
    ("cobol_mainframe_port", "runaway", 2): "a ring of three agents handing back the same REDEFINES question",
    ("cobol_mainframe_port", "healthy", 1): "batch conversion of nine copybooks",
    ("cobol_mainframe_port", "healthy", 2): "parallel-compare validate/fix loop, 214 -> 37 -> 3 -> 0 mismatches",
    ("pharmacy_refill_bot", "runaway", 1): "polling a prior authorization that will not move for days",
    ("pharmacy_refill_bot", "runaway", 2): "renewal fax failing 'busy' under new transmission ids",
    ("pharmacy_refill_bot", "healthy", 1): "care-home cycle fill, check + queue per prescription",
    ("pharmacy_refill_bot", "healthy", 2): "claim 503s retried after retry-after, then paid",
    ("soil_lab_sample_batch", "runaway", 1): "tool-less: growing ICP-OES log, same plasma-off error, same advice",
    ("soil_lab_sample_batch", "runaway", 2): "period-4 cycle get/compute/validate/'correct' blank, identical numbers",
    ("soil_lab_sample_batch", "healthy", 1): "five pages of results, two re-runs flagged, report",
    ("soil_lab_sample_batch", "healthy", 2): "tool-less: one sample at a time, a recommendation each",
    ("podcast_ad_scheduler", "runaway", 1): "pre/mid/post tried in a period-3 cycle, all refused by category exclusivity",
    ("podcast_ad_scheduler", "runaway", 2): "tool-less: 'max 75 words' asked again, ~100-word rewrites every time",
    ("podcast_ad_scheduler", "healthy", 1): "six spots across four shows, find + book, one full week skipped",
    ("podcast_ad_scheduler", "healthy", 2): "tool-less 'continue', a new guidelines section each time",
    ("chemistry_homework_tutor", "runaway", 1): "period-2 flip-flop between pH 4.54 and 4.95",
    ("chemistry_homework_tutor", "runaway", 2): "an app resubmitting the identical answer every few seconds",
    ("chemistry_homework_tutor", "healthy", 1): "ten different problems, 'next' each time",
    ("chemistry_homework_tutor", "healthy", 2): "one titration problem retried with attempts that improve",
    ("datacenter_cooling_ops", "runaway", 1): "BACnet write timing out forever with doubling backoff",
    ("datacenter_cooling_ops", "runaway", 2): "fan speed oscillation 60 % <-> 75 %, a period-4 cycle",
    ("datacenter_cooling_ops", "healthy", 1): "minute-by-minute polling through a chiller failover that recovers",
    ("datacenter_cooling_ops", "healthy", 2): "six pages of rack sensors, two tickets",
    ("trademark_clearance_search", "runaway", 1): "reworded searches returning the same three marks, no memo",
    ("trademark_clearance_search", "runaway", 2): "'next page' tokens that always return page 1",
    ("trademark_clearance_search", "healthy", 1): "tool-less: the whole memo resent after each round of edits",
    ("trademark_clearance_search", "healthy", 2): "one search per class, a 429 waited out, records, memo",
}

README_HEAD = """# corpus_ac: a blind, held-out agent-session corpus (author: writer-ac)

32 agent sessions for tollgate's runaway-agent detectors, written to measure how the detectors
generalize to agents they have never seen. Written by `scripts/gen_corpus_ac.py` (stdlib-only
Python 3, deterministic: no clock, no randomness, no network; ids are hashes of the session name
and a counter). Do not hand-edit; change the generator.

    python3 scripts/gen_corpus_ac.py           # writes heldout/*.json and this README
    python3 scripts/gen_corpus_ac.py --check   # regenerates in memory, validates every request
                                               # against its API shape, compares with the disk

The check validates, for every session: name = file stem and `<style>_<runaway|healthy>_<n>_<shape>`,
shape/path agreement, unique `x-session-id`, 8-30 turns, strictly increasing `at_seconds`,
`1 <= B <= D < turns` and at least two turns after D for runaways; per shape the required fields,
every tool call's function declared in `tools`, every call id answered exactly once (Chat `tool_calls`
-> `tool` messages, Responses `function_call` -> `function_call_output`, Anthropic `tool_use` ->
`tool_result` first in the next user message), user/assistant alternation for Anthropic, the last
item being user or tool input, and prefix growth (each request's history is the previous request's
history plus the assistant's reply plus the new input; model, tools and system unchanged).

**Independence.** Before writing, the author read only `tests/fixtures/corpus/README.md` (format
and scoring rule) and one tuning file, `tests/fixtures/corpus/tuning/batch_runaway_responses.json`
(for the JSON shape). No detector source, Rust test, project README, docs, other generator, or other
corpus directory was read or listed, no project binary or test was run, and the web was not
searched for the project. The styles, failure kinds, turn-level labels (B, D) and all content are
the author's own.

## The split: everything is held out

`heldout/` holds all 32 sessions; `tuning/` is empty (`.gitkeep`). This is a fresh held-out set:
score it once, and do not tune detectors on it (or on this README's descriptions of it).

## Format

Each file: `name` (= file stem), `style`, `shape` (`chat` | `responses` | `anthropic`), `path`
(`/v1/chat/completions`, `/v1/responses`, `/v1/messages`), `headers` (`x-session-id` unique per
session, `x-user-id`), `expected` (`{"outcome": "healthy"}` or `{"outcome": "runaway",
"loop_begins_turn": B, "stop_by_turn": D}`), `notes`, and `turns`, each `{"at_seconds", "request"}`.
Turns are numbered from 1. B is the first turn at which the loop is visibly under way (the first
repeated or same-failing iteration), D the latest turn by which an operator would want it stopped;
a runaway is on time when first stopped in B..=D, early before B, late after D. A healthy session
must never be stopped. Every request carries the full history (Responses: full `input` resent, no
`previous_response_id`; system prompts are a `developer` input item, a Chat `system` message, or
the Anthropic `system` field). There is no stateless client in this corpus: every session grows by
prefix. Gaps are seconds for agents, minutes for people, the poll interval for pollers.

Shapes were assigned round-robin in writing order (style by style: runaway 1, runaway 2,
healthy 1, healthy 2).

## Styles

"""


def readme_text(sessions):
    out = [README_HEAD, "| style | runaway kinds (B, D) | healthy kinds |\n|---|---|---|\n"]
    for st in STYLES:
        rs = [x for x in sessions if x.style == st and x.kind == "runaway"]
        hs = [x for x in sessions if x.style == st and x.kind == "healthy"]
        r = "; ".join("%s (%s; B %d, D %d)" % (SHORT[(st, "runaway", x.n)], x.shape, x.expected["loop_begins_turn"],
                                               x.expected["stop_by_turn"]) for x in rs)
        h = "; ".join("%s (%s)" % (SHORT[(st, "healthy", x.n)], x.shape) for x in hs)
        out.append("| `%s` | %s | %s |\n" % (st, r, h))
    out.append("\n## Counts\n\n| shape | runaway | healthy | total |\n|---|---|---|---|\n")
    for sh in SHAPES:
        r = sum(1 for x in sessions if x.shape == sh and x.kind == "runaway")
        h = sum(1 for x in sessions if x.shape == sh and x.kind == "healthy")
        out.append("| %s | %d | %d | %d |\n" % (sh, r, h, r + h))
    r = sum(1 for x in sessions if x.kind == "runaway")
    out.append("| all | %d | %d | %d |\n" % (r, len(sessions) - r, len(sessions)))
    toolless = [x for x in sessions if not x.tools]
    out.append("\nTool-less (plain chat or writing, no `tools`): %d sessions — %s.\n" % (
        len(toolless), ", ".join("`%s`" % x.name for x in toolless)))
    turns = [len(x.snaps) for x in sessions]
    out.append("Turns per session: %d to %d, %d in all.\n" % (min(turns), max(turns), sum(turns)))
    return "".join(out)


# ============================================================================ validation
def _err(errs, name, msg):
    errs.append("%s: %s" % (name, msg))


def _declared(req, shape):
    names = []
    for t in req.get("tools", []) or []:
        if shape == "chat":
            if t.get("type") != "function" or "function" not in t:
                return None
            names.append(t["function"].get("name"))
        elif shape == "responses":
            if t.get("type") != "function":
                return None
            names.append(t.get("name"))
        else:
            if "input_schema" not in t:
                return None
            names.append(t.get("name"))
    return set(names)


def validate_request(req, shape, e):
    """Appends problems with one request body to the list e."""
    decl = _declared(req, shape)
    if decl is None:
        e.append("malformed tools")
        decl = set()
    if not isinstance(req.get("model"), str) or not req["model"]:
        e.append("no model")
    if shape == "chat":
        extra = set(req) - {"model", "messages", "tools", "max_tokens"}
        if extra:
            e.append("unexpected fields %s" % sorted(extra))
        msgs = req.get("messages")
        if not isinstance(msgs, list) or not msgs:
            e.append("no messages")
            return
        pending = {}
        for i, m in enumerate(msgs):
            role = m.get("role")
            if role not in ("system", "user", "assistant", "tool"):
                e.append("message %d bad role %r" % (i, role))
            if role == "system" and i != 0:
                e.append("system message not first")
            if role in ("system", "user") and not isinstance(m.get("content"), str):
                e.append("message %d content not text" % i)
            if role in ("user", "assistant") and pending:
                e.append("message %d: calls %s unanswered" % (i, sorted(pending)))
                pending = {}
            if role == "assistant":
                calls = m.get("tool_calls") or []
                if m.get("content") is None and not calls:
                    e.append("message %d empty assistant" % i)
                for c in calls:
                    fn = c.get("function", {})
                    if c.get("type") != "function" or not c.get("id") or fn.get("name") not in decl:
                        e.append("message %d bad/undeclared tool call %r" % (i, fn.get("name")))
                    try:
                        json.loads(fn.get("arguments"))
                    except (TypeError, ValueError):
                        e.append("message %d arguments not JSON" % i)
                    if c.get("id") in pending:
                        e.append("duplicate call id")
                    pending[c.get("id")] = True
            if role == "tool":
                if m.get("tool_call_id") not in pending:
                    e.append("message %d answers unknown call %r" % (i, m.get("tool_call_id")))
                pending.pop(m.get("tool_call_id"), None)
                if not isinstance(m.get("content"), str):
                    e.append("tool content not text")
        if pending:
            e.append("calls %s unanswered at the end" % sorted(pending))
        if msgs[-1].get("role") not in ("user", "tool"):
            e.append("last message is %r" % msgs[-1].get("role"))
        if "max_tokens" in req and not isinstance(req["max_tokens"], int):
            e.append("max_tokens not int")
    elif shape == "responses":
        extra = set(req) - {"model", "input", "tools", "max_output_tokens"}
        if extra:
            e.append("unexpected fields %s" % sorted(extra))
        items = req.get("input")
        if not isinstance(items, list) or not items:
            e.append("no input")
            return
        calls, outs = {}, set()
        for i, it in enumerate(items):
            if it.get("type") == "function_call":
                if it.get("name") not in decl or not it.get("call_id"):
                    e.append("item %d bad/undeclared function_call %r" % (i, it.get("name")))
                if it.get("call_id") in calls:
                    e.append("duplicate call_id")
                calls[it.get("call_id")] = i
                try:
                    json.loads(it.get("arguments"))
                except (TypeError, ValueError):
                    e.append("item %d arguments not JSON" % i)
            elif it.get("type") == "function_call_output":
                cid = it.get("call_id")
                if cid not in calls or cid in outs:
                    e.append("item %d output for unknown or answered call %r" % (i, cid))
                outs.add(cid)
                if not isinstance(it.get("output"), str):
                    e.append("output not text")
            elif "role" in it:
                if it["role"] not in ("user", "assistant", "developer", "system") or not isinstance(it.get("content"), str):
                    e.append("item %d bad message" % i)
                if it["role"] in ("user", "assistant") and set(calls) - outs:
                    e.append("item %d: calls unanswered before a message" % i)
            else:
                e.append("item %d unknown" % i)
        if set(calls) != outs:
            e.append("function_call / function_call_output not one to one")
        last = items[-1]
        if not (last.get("type") == "function_call_output" or last.get("role") == "user"):
            e.append("last input item is not user input or a tool output")
    else:
        extra = set(req) - {"model", "max_tokens", "system", "messages", "tools"}
        if extra:
            e.append("unexpected fields %s" % sorted(extra))
        if not isinstance(req.get("max_tokens"), int):
            e.append("max_tokens missing")
        if "system" in req and not isinstance(req["system"], str):
            e.append("system not text")
        msgs = req.get("messages")
        if not isinstance(msgs, list) or not msgs:
            e.append("no messages")
            return
        if msgs[0].get("role") != "user" or msgs[-1].get("role") != "user":
            e.append("messages must start and end with user")
        for i, m in enumerate(msgs):
            if m.get("role") != ("user" if i % 2 == 0 else "assistant"):
                e.append("message %d breaks alternation" % i)
            c = m.get("content")
            blocks = [{"type": "text", "text": c}] if isinstance(c, str) else c
            if not isinstance(blocks, list) or not blocks:
                e.append("message %d empty" % i)
                continue
            for b in blocks:
                if b.get("type") == "text" and not isinstance(b.get("text"), str):
                    e.append("message %d bad text block" % i)
            if m.get("role") == "assistant":
                uses = [b for b in blocks if b.get("type") == "tool_use"]
                for b in blocks:
                    if b.get("type") not in ("text", "tool_use"):
                        e.append("message %d bad assistant block" % i)
                for b in uses:
                    if b.get("name") not in decl or not b.get("id") or not isinstance(b.get("input"), dict):
                        e.append("message %d bad/undeclared tool_use %r" % (i, b.get("name")))
                ids = [b.get("id") for b in uses]
                if i + 1 < len(msgs):
                    nxt = msgs[i + 1]["content"]
                    nb = [{"type": "text", "text": nxt}] if isinstance(nxt, str) else nxt
                    res = [b.get("tool_use_id") for b in nb if b.get("type") == "tool_result"]
                    lead = [b.get("tool_use_id") for b in nb[:len(res)]]
                    if sorted(res) != sorted(ids) or (ids and lead != res):
                        e.append("message %d: tool_use ids not answered first in the next user message" % i)
                elif ids:
                    e.append("message %d: tool_use at the end" % i)
            else:
                for b in blocks:
                    if b.get("type") not in ("text", "tool_result"):
                        e.append("message %d bad user block" % i)
                    if b.get("type") == "tool_result" and not isinstance(b.get("content"), str):
                        e.append("tool_result content not text")
                if i == 0 and any(b.get("type") == "tool_result" for b in blocks):
                    e.append("tool_result in the first message")


def validate_session(d, errs, seen_sids):
    name = d.get("name", "?")
    m = re.fullmatch(r"(%s)_(runaway|healthy)_(\d+)_(chat|responses|anthropic)" % "|".join(STYLES), name)
    if not m:
        _err(errs, name, "bad name")
        return
    if d.get("style") != m.group(1) or d.get("shape") != m.group(4) or d.get("path") != PATHS.get(m.group(4)):
        _err(errs, name, "style/shape/path disagree with the name")
    shape = m.group(4)
    h = d.get("headers", {})
    if not h.get("x-session-id") or not h.get("x-user-id"):
        _err(errs, name, "headers missing")
    if h.get("x-session-id") in seen_sids:
        _err(errs, name, "x-session-id not unique")
    seen_sids.add(h.get("x-session-id"))
    if not isinstance(d.get("notes"), str) or not d["notes"]:
        _err(errs, name, "no notes")
    turns = d.get("turns", [])
    n = len(turns)
    if not 8 <= n <= 30:
        _err(errs, name, "%d turns" % n)
    ex = d.get("expected", {})
    if m.group(2) == "runaway":
        b, dd = ex.get("loop_begins_turn"), ex.get("stop_by_turn")
        if ex.get("outcome") != "runaway" or set(ex) != {"outcome", "loop_begins_turn", "stop_by_turn"} \
                or not (isinstance(b, int) and isinstance(dd, int) and 1 <= b <= dd < n and n >= dd + 2):
            _err(errs, name, "bad runaway expectation %r for %d turns" % (ex, n))
    elif ex != {"outcome": "healthy"}:
        _err(errs, name, "bad healthy expectation")
    prev_t, prev = None, None
    hist_key = "input" if shape == "responses" else "messages"
    for k, t in enumerate(turns, 1):
        at = t.get("at_seconds")
        if not isinstance(at, int) or (prev_t is not None and at <= prev_t) or (k == 1 and at < 0):
            _err(errs, name, "turn %d at_seconds not increasing" % k)
        prev_t = at
        req = t.get("request", {})
        e = []
        validate_request(req, shape, e)
        for x in e:
            _err(errs, name, "turn %d: %s" % (k, x))
        if prev is not None:
            ph, hh = prev[hist_key], req.get(hist_key, [])
            if len(hh) < len(ph) + 2 or hh[:len(ph)] != ph:
                _err(errs, name, "turn %d does not extend turn %d by prefix (reply + input)" % (k, k - 1))
            for key in set(prev) | set(req):
                if key != hist_key and prev.get(key) != req.get(key):
                    _err(errs, name, "turn %d changes %r" % (k, key))
        prev = req


def build():
    del ALL[:]
    for b in BUILDERS:
        b()
    return list(ALL)


def render_all(sessions):
    files = {}
    for x in sessions:
        files[os.path.join("heldout", x.name + ".json")] = json.dumps(x.to_json(), indent=2, ensure_ascii=False) + "\n"
    files["README.md"] = readme_text(sessions)
    files[os.path.join("tuning", ".gitkeep")] = ""
    return files


def check_corpus(sessions, files):
    errs = []
    seen = set()
    for x in sessions:
        validate_session(json.loads(files[os.path.join("heldout", x.name + ".json")]), errs, seen)
    shapes = [x.shape for x in sessions]
    if len(sessions) != 32 or [shapes.count(s) for s in SHAPES] != [11, 11, 10]:
        errs.append("corpus: want 32 sessions, 11 chat / 11 responses / 10 anthropic")
    for st in STYLES:
        ks = sorted((x.kind, x.n) for x in sessions if x.style == st)
        if ks != [("healthy", 1), ("healthy", 2), ("runaway", 1), ("runaway", 2)]:
            errs.append("corpus: style %s lacks 2 runaway + 2 healthy" % st)
    if sum(1 for x in sessions if not x.tools) < 6:
        errs.append("corpus: fewer than 6 tool-less sessions")
    return errs


def main():
    check = "--check" in sys.argv[1:]
    sessions = build()
    files = render_all(sessions)
    errs = check_corpus(sessions, files)
    if check:
        on_disk = set()
        for sub in ("heldout", "tuning"):
            dpath = os.path.join(OUT, sub)
            if os.path.isdir(dpath):
                on_disk |= {os.path.join(sub, f) for f in os.listdir(dpath)}
        if os.path.exists(os.path.join(OUT, "README.md")):
            on_disk.add("README.md")
        for rel in sorted(set(files) | on_disk):
            path = os.path.join(OUT, rel)
            if rel not in files:
                errs.append("%s: on disk but not generated" % rel)
            elif not os.path.exists(path):
                errs.append("%s: missing on disk" % rel)
            else:
                with open(path, encoding="utf-8") as f:
                    if f.read() != files[rel]:
                        errs.append("%s: differs from the generator's output" % rel)
        for e in errs:
            print("FAIL", e)
        if errs:
            return 1
        print("ok: %d sessions, %d turns, files on disk match" % (len(sessions), sum(len(x.snaps) for x in sessions)))
        return 0
    if errs:
        for e in errs:
            print("FAIL", e)
        return 1
    for rel, text in files.items():
        path = os.path.join(OUT, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    print("wrote %d sessions to %s" % (len(sessions), OUT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
