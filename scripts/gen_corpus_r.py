#!/usr/bin/env python3
"""Writes the independent held-out loop-detection corpus of writer-r (tests/fixtures/corpus_r).

Stdlib only, deterministic (fixed seeds, no clock, no network). Every session is written by its
own function with hand-written text; a small neutral history model (user text, assistant text,
assistant tool calls, tool results) is rendered into the three API shapes.

    python3 scripts/gen_corpus_r.py           # (re)write the files
    python3 scripts/gen_corpus_r.py --check   # regenerate in memory, validate, compare to disk
"""
import hashlib
import json
import os
import random
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "corpus_r")
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
MODELS = {"chat": "gpt-4o", "responses": "gpt-4.1-mini", "anthropic": "claude-sonnet-4-20250514"}


def J(obj):
    return json.dumps(obj, ensure_ascii=False)


class Session:
    """A session written in neutral form, then rendered to one API shape."""

    def __init__(self, name, style, shape, expected, notes, system, first, tools=(), model=None,
                 max_out=1200):
        self.name, self.style, self.shape = name, style, shape
        self.expected, self.notes, self.system = expected, notes, system
        self.tools = list(tools)
        self.model = model or MODELS[shape]
        self.max_out = max_out
        self.hist = [("user", first)]
        self.snapshots = [list(self.hist)]
        self.times = [0]
        self.ncall = 0
        self.stateless_prefix = None

    def _push(self, gap):
        self.snapshots.append(list(self.hist))
        self.times.append(self.times[-1] + int(gap))

    def say(self, text, user_next, gap=40):
        """Assistant answers in text, then the user writes the next turn."""
        self.hist.append(("asst", text))
        self.hist.append(("user", user_next))
        self._push(gap)

    def call(self, calls, outputs, gap=8, say=None):
        """Assistant calls tools (list of (name, args)); the tools answer with outputs."""
        ids = []
        for _ in calls:
            self.ncall += 1
            h = hashlib.sha1(("%s/%d" % (self.name, self.ncall)).encode()).hexdigest()
            ids.append(("toolu_01" + h[:22]) if self.shape == "anthropic" else ("call_" + h[:24]))
        self.hist.append(("calls", say, [(i, n, a) for i, (n, a) in zip(ids, calls)]))
        self.hist.append(("results", list(zip(ids, outputs))))
        self._push(gap)

    # -- rendering ---------------------------------------------------------------------------
    def _tools(self):
        out = []
        for name, desc, props, req in self.tools:
            schema = {"type": "object", "properties": {k: {"type": t, "description": d} for k, (t, d) in props.items()},
                      "required": list(req)}
            if self.shape == "chat":
                out.append({"type": "function", "function": {"name": name, "description": desc, "parameters": schema}})
            elif self.shape == "responses":
                out.append({"type": "function", "name": name, "description": desc, "parameters": schema})
            else:
                out.append({"name": name, "description": desc, "input_schema": schema})
        return out

    def _render(self, hist):
        sh = self.shape
        msgs = []
        if sh == "chat":
            msgs.append({"role": "system", "content": self.system})
        for e in hist:
            if e[0] == "user":
                msgs.append({"role": "user", "content": e[1]})
            elif e[0] == "asst":
                if sh == "anthropic":
                    msgs.append({"role": "assistant", "content": [{"type": "text", "text": e[1]}]})
                else:
                    msgs.append({"role": "assistant", "content": e[1]})
            elif e[0] == "calls":
                say, calls = e[1], e[2]
                if sh == "chat":
                    msgs.append({"role": "assistant", "content": say, "tool_calls": [
                        {"id": i, "type": "function", "function": {"name": n, "arguments": J(a)}} for i, n, a in calls]})
                elif sh == "responses":
                    if say:
                        msgs.append({"role": "assistant", "content": say})
                    for i, n, a in calls:
                        msgs.append({"type": "function_call", "call_id": i, "name": n, "arguments": J(a)})
                else:
                    blocks = [{"type": "text", "text": say}] if say else []
                    blocks += [{"type": "tool_use", "id": i, "name": n, "input": a} for i, n, a in calls]
                    msgs.append({"role": "assistant", "content": blocks})
            elif e[0] == "results":
                if sh == "chat":
                    for i, o in e[1]:
                        msgs.append({"role": "tool", "tool_call_id": i, "content": o})
                elif sh == "responses":
                    for i, o in e[1]:
                        msgs.append({"type": "function_call_output", "call_id": i, "output": o})
                else:
                    msgs.append({"role": "user", "content": [
                        {"type": "tool_result", "tool_use_id": i, "content": o} for i, o in e[1]]})
        if sh == "chat":
            req = {"model": self.model, "messages": msgs, "max_tokens": self.max_out}
        elif sh == "responses":
            req = {"model": self.model, "instructions": self.system, "input": msgs, "max_output_tokens": self.max_out}
        else:
            req = {"model": self.model, "system": self.system, "messages": msgs, "max_tokens": self.max_out}
        if self.tools:
            req["tools"] = self._tools()
        return req

    def to_json(self):
        d = {"name": self.name, "style": self.style, "shape": self.shape, "path": PATHS[self.shape],
             "headers": {"x-session-id": "r-" + self.name,
                         "x-user-id": "r-user-" + hashlib.sha1(self.name.encode()).hexdigest()[:6]},
             "expected": self.expected, "notes": self.notes,
             "turns": [{"at_seconds": t, "request": self._render(h)} for t, h in zip(self.times, self.snapshots)]}
        return d


class Stateless(Session):
    """A stateless client: every turn is the same long document plus one new question."""

    def ask(self, question, gap):
        self.hist = [("user", self.stateless_prefix + question)]
        self._push(gap)


def RUN(b, d):
    return {"outcome": "runaway", "loop_begins_turn": b, "stop_by_turn": d}


HEALTHY = {"outcome": "healthy"}


def T(name, desc, **props):
    """Tool declaration: props name=(type, description); all required."""
    return (name, desc, props, list(props))


def clock(h, m, s=0, day="2026-11-18"):
    m += s // 60
    s %= 60
    h += m // 60
    m %= 60
    return "%sT%02d:%02d:%02dZ" % (day, h % 24, m, s)


# =============================================================================================
# water_leak_detection
# =============================================================================================
WATER_SYS = ("You are LeakOps, an operations agent for Harrowgate Water. You locate leaks in district "
             "metered areas (DMAs) using pressure/flow telemetry, can operate remotely actuated valves, "
             "and raise work orders for field crews. Never isolate a hospital or a fire main without a "
             "supervisor. Report in short operational English.")
WATER_TOOLS = [
    T("read_pressure", "Read the latest pressure/flow telemetry for sensors in a DMA.",
      dma=("string", "DMA id, e.g. DMA-14"), window_min=("integer", "look-back window in minutes")),
    T("set_valve", "Command a telemetered valve.", valve=("string", "valve id"), position=("string", "open|closed|pct")),
    T("create_work_order", "Raise a work order for a field crew.", asset=("string", "GIS asset id"),
      priority=("string", "P1..P4"), summary=("string", "what the crew must do")),
    T("job_status", "Status of an analytics job (acoustic correlation, step test).", job_id=("string", "job id")),
]


def pressure_table(dma, t, base, drops, night=False):
    rows = ["sensor      ts                    bar    flow_l_s  note", "-" * 58]
    for k, (sid, b) in enumerate(base):
        v = b - drops.get(sid, 0.0)
        rows.append("%-10s  %s  %5.2f  %7.1f   %s" % (sid, t, v, 3.2 + k * 1.7 + (0.9 if night else 0),
                                                   "LOW" if drops.get(sid, 0) > 0.5 else "ok"))
    return "%s telemetry (SCADA historian)\n" % dma + "\n".join(rows)


def water_runaway_cycle():
    s = Session("water_leak_detection_runaway1_chat", "water_leak_detection", "chat", RUN(7, 13),
                "Valve isolation cycle of period 4 (read, close V-214, read, reopen) that never narrows the "
                "leak; only the historian timestamps change between rounds.",
                WATER_SYS, "Night-flow alarm on DMA-14 (Ashby Road). Min night flow jumped from 4.1 to 9.8 l/s "
                "at 02:10. Find the leak and isolate the section if you can.", WATER_TOOLS)
    base = [("PT-1401", 3.84), ("PT-1402", 3.61), ("PT-1403", 3.22), ("PT-1404", 2.97)]
    s.call([("read_pressure", {"dma": "DMA-14", "window_min": 30})],
           [pressure_table("DMA-14", clock(2, 41), base, {"PT-1403": 0.81, "PT-1404": 0.77}, True)], 12,
           say="Pulling the last 30 minutes of telemetry for DMA-14.")
    for r in range(5):
        t0 = 2 * 60 + 44 + r * 9
        s.call([("set_valve", {"valve": "V-214", "position": "closed"})],
               [J({"valve": "V-214", "commanded": "closed", "ack": True, "travel_s": 41,
                   "ts": clock(t0 // 60, t0 % 60)})], 45,
               say="PT-1403 and PT-1404 are both low, so the leak is likely downstream of V-214. Closing V-214 "
                   "to isolate the Ashby Road spur and confirm.")
        s.call([("read_pressure", {"dma": "DMA-14", "window_min": 5})],
               [pressure_table("DMA-14", clock((t0 + 2) // 60, (t0 + 2) % 60), base, {"PT-1403": 0.81, "PT-1404": 0.78}, True)
                + "\nV-214 status: CLOSED"], 10)
        s.call([("set_valve", {"valve": "V-214", "position": "open"})],
               [J({"valve": "V-214", "commanded": "open", "ack": True, "travel_s": 40,
                   "ts": clock((t0 + 4) // 60, (t0 + 4) % 60)})], 50,
               say="Closing V-214 did not change PT-1403/PT-1404, so the readings are inconclusive. Reopening "
                   "V-214 to restore supply and I will re-test the isolation.")
        s.call([("read_pressure", {"dma": "DMA-14", "window_min": 5})],
               [pressure_table("DMA-14", clock((t0 + 6) // 60, (t0 + 6) % 60), base, {"PT-1403": 0.80, "PT-1404": 0.77}, True)
                + "\nV-214 status: OPEN"], 10)
    return s


def water_runaway_renamed():
    s = Session("water_leak_detection_runaway2_anthropic", "water_leak_detection", "anthropic", RUN(4, 9),
                "Work orders rejected because the asset is not in GIS; the agent keeps re-raising the same order "
                "under a new asset id each time, always rejected the same way.",
                WATER_SYS, "Acoustic logger AL-7781 flagged a probable leak 18 m east of hydrant H-3390 on "
                "Mill Lane (DMA-09). Raise a P2 work order for the crew.", WATER_TOOLS)
    s.call([("create_work_order", {"asset": "MAIN-09-3390", "priority": "P2",
                                   "summary": "Probable leak 18 m E of H-3390, Mill Lane. Excavate and repair."})],
           [J({"status": 422, "error": "ASSET_NOT_FOUND", "detail": "asset 'MAIN-09-3390' is not present in GIS layer "
               "water_mains_v12; work orders must reference an existing asset id", "request_id": "wo-7f3a01"})], 20,
           say="Raising the P2 work order against the main at H-3390.")
    s.call([("create_work_order", {"asset": "WM-DMA09-3390", "priority": "P2",
                                   "summary": "Probable leak 18 m E of H-3390 Mill Lane; excavate, repair, reinstate."})],
           [J({"status": 422, "error": "ASSET_NOT_FOUND", "detail": "asset 'WM-DMA09-3390' is not present in GIS layer "
               "water_mains_v12; work orders must reference an existing asset id", "request_id": "wo-7f3a0c"})], 25,
           say="The GIS id format must differ. Trying the WM- prefix used by the mains layer.")
    guesses = ["H-3390", "MAINS/09/3390", "WM-3390-E", "DMA09-MILL-LANE-MAIN", "WM-09-003390", "PIPE-3390-018",
               "WM_DMA09_3390", "3390", "MILL-LN-150DI"]
    for k, g in enumerate(guesses):
        s.call([("create_work_order", {"asset": g, "priority": "P2",
                                       "summary": "Leak ~18 m east of hydrant H-3390, Mill Lane (AL-7781). Repair."})],
               [J({"status": 422, "error": "ASSET_NOT_FOUND", "detail": "asset '%s' is not present in GIS layer "
                   "water_mains_v12; work orders must reference an existing asset id" % g,
                   "request_id": "wo-7f3a%02x" % (0x20 + k * 7)})], 25 + 5 * k,
               say="Still not found. The asset is probably registered as '%s'; retrying with that id." % g)
    return s


def water_healthy_poller():
    s = Session("water_leak_detection_healthy1_responses", "water_leak_detection", "responses", HEALTHY,
                "A step test and acoustic correlation job polled while its progress, segment counts and ETA move; it "
                "finishes and a work order is raised.",
                WATER_SYS, "Run the overnight step test on DMA-22 (job template ST-NIGHT) and tell me which segment "
                "leaks. Crew is on standby until 05:00.", WATER_TOOLS)
    s.call([("job_status", {"job_id": "ST-22-1118"})],
           [J({"job": "ST-22-1118", "state": "QUEUED", "progress_pct": 0, "segments_closed": 0, "segments_total": 11,
               "eta_min": None, "ts": clock(1, 2)})], 60, say="Checking the step-test job that the night scheduler queued.")
    prog = [(9, 1, 52, "closing V-2201"), (18, 2, 47, "closing V-2204"), (27, 3, 41, "closing V-2207"),
            (36, 4, 37, "closing V-2209"), (45, 5, 31, "V-2212: flow drop 2.9 l/s"), (55, 6, 26, "closing V-2215"),
            (64, 7, 20, "closing V-2218"), (73, 8, 15, "closing V-2220"), (82, 9, 10, "closing V-2223"),
            (91, 10, 5, "closing V-2225")]
    for k, (p, sc, eta, note) in enumerate(prog):
        s.call([("job_status", {"job_id": "ST-22-1118"})],
               [J({"job": "ST-22-1118", "state": "RUNNING", "progress_pct": p, "segments_closed": sc,
                   "segments_total": 11, "eta_min": eta, "last_event": note, "ts": clock(1, 8 + 5 * k, 17 * k)})],
               300 + 11 * k, say=None if k % 3 else "Step %d of 11 done; polling again in ~5 min." % sc)
    s.call([("job_status", {"job_id": "ST-22-1118"})],
           [J({"job": "ST-22-1118", "state": "SUCCEEDED", "progress_pct": 100, "segments_closed": 11,
               "segments_total": 11, "result": {"leak_segment": "V-2212..V-2213", "flow_drop_l_s": 2.9,
                                                  "confidence": 0.87, "main": "WM-22-0418 (125 PE)"}, "ts": clock(2, 4)})], 240)
    s.call([("create_work_order", {"asset": "WM-22-0418", "priority": "P2",
                                   "summary": "Step test ST-22-1118: 2.9 l/s loss between V-2212 and V-2213. Locate with "
                                              "ground mic and repair."})],
           [J({"status": 201, "work_order": "WO-558120", "crew": "North-3", "eta": clock(5, 30)})], 30,
           say="The step test finished: the loss is on WM-22-0418 between V-2212 and V-2213. Raising the work order.")
    return s


def water_healthy_batch():
    s = Session("water_leak_detection_healthy2_chat", "water_leak_detection", "chat", HEALTHY,
                "Morning sweep of ten DMAs with the same instruction; the same 'night flow above threshold' "
                "finding recurs on several different DMAs, which is normal batch work.",
                WATER_SYS, "Morning sweep, same as every day: for each DMA in DMA-01..DMA-10 read 6 h of telemetry, "
                "compare minimum night flow (MNF) to the DMA's threshold, and flag anything above it. One line per DMA "
                "at the end.", WATER_TOOLS)
    thr = [3.0, 4.5, 2.2, 6.0, 3.8, 5.1, 2.9, 4.0, 3.3, 7.5]
    mnf = [2.7, 5.9, 2.0, 6.8, 3.1, 5.0, 4.4, 3.6, 3.2, 9.1]
    for i in range(10):
        d = "DMA-%02d" % (i + 1)
        over = mnf[i] > thr[i]
        base = [("PT-%02d%02d" % (i + 1, j + 1), 3.9 - 0.23 * j - 0.05 * i) for j in range(3 + i % 3)]
        s.call([("read_pressure", {"dma": d, "window_min": 360})],
               [pressure_table(d, clock(5, 30 + i), base, {}, False) + "\nMNF 02:00-04:00: %.1f l/s (threshold %.1f)"
                % (mnf[i], thr[i]) + ("\nWARNING: night flow above threshold" if over else "")], 14 + 3 * i,
               say=None if i == 0 else ("%s: MNF %.1f l/s over threshold %.1f, noting it. Next %s." %
                                        ("DMA-%02d" % i, mnf[i - 1], thr[i - 1], d) if mnf[i - 1] > thr[i - 1] else
                                        "DMA-%02d within threshold. Next %s." % (i, d)))
    lines = ["DMA-%02d  MNF %.1f / thr %.1f  %s" % (i + 1, mnf[i], thr[i], "ABOVE - investigate" if mnf[i] > thr[i] else "ok")
             for i in range(10)]
    s.say("Morning sweep complete.\n" + "\n".join(lines) + "\nFour DMAs are above threshold (02, 04, 07, 10); DMA-07 is "
          "the largest relative rise (+52%).", "Good. Raise a P3 investigation on DMA-07 only, the others are known "
          "trunk-main works.", 120)
    s.call([("create_work_order", {"asset": "DMA-07", "priority": "P3", "summary": "MNF 4.4 l/s vs 2.9 threshold; "
                                   "acoustic survey of DMA-07."})],
           [J({"status": 201, "work_order": "WO-558204", "crew": "Survey-1"})], 20)
    return s


# =============================================================================================
# board_game_referee (tool-less)
# =============================================================================================
REF_SYS = ("You are a neutral rules referee for tabletop games. Players paste rulebook pages and describe the "
           "situation; you give a ruling citing the section, explain briefly, and say when the rulebook is "
           "genuinely ambiguous and a house rule is needed.")

RULES = [
    ("1.1 Components", "Each player has 12 Dock tiles, 4 Crane meeples, a Ledger board and 20 Coin tokens. The "
     "Tide track starts at LOW. Cargo cubes come in five colours: grain (yellow), timber (brown), wool (white), "
     "salt (grey) and spice (red); spice is limited to 14 cubes and is never replenished."),
    ("2.3 Turn order", "Play proceeds clockwise from the Harbourmaster. On your turn you take exactly two actions "
     "from: Build, Load, Sail, Trade, Bribe. You may take the same action twice unless it is Bribe. After your "
     "actions, advance the Tide marker one space if you sailed this turn."),
    ("3.1 Building docks", "Place a Dock tile orthogonally adjacent to one of your existing docks or to the Quay. "
     "Docks may not be placed on Reef spaces. A dock placed adjacent to two opponent docks costs 2 extra coins "
     "(the Crowding tax), paid to the bank, not to the opponents."),
    ("3.4 Crane placement", "A Crane may be placed only on a dock you own. A dock holds at most one Crane. Cranes "
     "moved by the Storm event return to your supply, not to the dock they came from."),
    ("4.2 Loading cargo", "Load up to 3 cubes from the market onto a ship docked at one of your Crane docks. If the "
     "market holds fewer cubes of a colour than you wish to take, take what is there; you do not refill the "
     "market until the end of the round."),
    ("4.6 Spoilage", "At the end of each round, every ship still holding grain loses one grain cube for each full "
     "Tide step it spent at sea. Salt prevents spoilage of grain on the same ship ('one salt keeps the hold')."),
    ("5.1 Sailing", "Move a loaded ship up to 4 sea spaces, or 6 if the Tide is HIGH. Ships may not pass through "
     "Reef spaces. A ship that ends its move on a Trade Port may immediately take the Trade action for free; this "
     "does not count as one of your two actions."),
    ("5.5 Blockades", "A ship may end its move on a space adjacent to an opponent's port to blockade it. A "
     "blockaded port cannot be used for free trades, but paid Trade actions are still allowed. A blockade ends "
     "when the blockading ship moves or when the Tide returns to LOW."),
    ("6.2 Trading", "Exchange cargo at the port's printed rate. Rates marked with a star change when the Event "
     "deck is reshuffled. You may never trade spice for spice."),
    ("6.8 Bribes", "Pay 3 coins to the bank to look at the top two Event cards and put them back in any order. "
     "Bribe may be taken once per turn. A Bribe taken while you are blockaded costs 5 coins."),
    ("7.1 Events", "At the start of each round reveal one Event card. STORM: every ship at sea moves 1 space toward "
     "the nearest Reef; cranes on docks adjacent to a Reef return to supply. CUSTOMS: each player pays 1 coin per "
     "spice cube on their ships. FAIR WINDS: the Tide advances 2 steps."),
    ("8.3 Contracts", "Contracts are fulfilled by delivering the shown cargo to the shown port. A contract may be "
     "fulfilled only on your own turn. If two players could fulfil the same contract, the first to deliver takes "
     "it; a delivery made by a free trade counts as a delivery."),
    ("9.1 End of game", "The game ends at the end of the round in which the Event deck runs out or a player has "
     "placed all 12 docks. Score 1 VP per dock, 2 VP per fulfilled contract, 1 VP per 5 coins. Ties go to the "
     "player with more spice; if still tied, players share the victory."),
    ("A.2 Appendix: Tide", "The Tide track has six spaces: LOW, LOW+, MID, MID+, HIGH, SLACK. After SLACK the marker "
     "returns to LOW and all blockades end. 'Tide is HIGH' means the marker is on HIGH, not on MID+ or SLACK."),
]


EVENT_CARDS = ["B.%02d %s (x%d): %s" % (i + 1, n, c, t) for i, (n, c, t) in enumerate([
    ("STORM", 3, "Every ship at sea moves 1 space toward the nearest Reef; cranes on docks adjacent to a Reef return to supply."),
    ("CUSTOMS", 2, "Each player pays 1 coin per spice cube on their ships. Players who cannot pay discard one spice instead."),
    ("FAIR WINDS", 2, "The Tide advances 2 steps. If it passes SLACK, it returns to LOW and all blockades end."),
    ("FOG", 2, "No ship may move more than 2 spaces this round. Free trades are not allowed."),
    ("HARVEST", 2, "Add 4 grain cubes to the market. If the grain supply runs out, add timber instead."),
    ("GUILD DUES", 1, "Each player with 5 or more docks pays 2 coins to the bank."),
    ("PIRATES", 2, "The player with the most spice on ships loses 2 spice to the supply. Ties: each tied player loses 1."),
    ("ROYAL CHARTER", 1, "Reveal 2 new contracts. The Harbourmaster chooses which goes on top."),
    ("MARKET DAY", 2, "Starred port rates improve by one step until the end of the round."),
    ("DROUGHT", 1, "Remove 3 grain cubes from the market. Spoilage is doubled this round."),
    ("SHIPWRIGHTS' STRIKE", 1, "No Build actions this round. Cranes may still be placed."),
    ("FESTIVAL", 1, "Each player gains 1 coin per fulfilled contract."),
    ("INSPECTION", 2, "Every ship holding both salt and spice pays 1 coin. Salt is not taxed alone."),
    ("NEAP TIDE", 2, "The Tide does not advance this round, even if players sail."),
    ("MERCHANT FLEET", 1, "Each player may take one free Trade action at any port, blockades ignored."),
])]

PORT_RATES = ["%s: %s" % (p, r) for p, r in [
    ("Saltmere", "2 salt -> 1 spice*; 3 grain -> 2 coins; 1 wool -> 1 timber"),
    ("Carrick", "2 timber -> 3 coins*; 1 spice -> 4 coins; 2 wool -> 1 salt"),
    ("Eastholm", "3 wool -> 1 spice; 1 salt -> 2 coins*; 2 grain -> 1 wool"),
    ("Dunmore", "1 spice -> 2 timber + 1 coin; 2 salt -> 3 coins; 4 grain -> 1 contract draw"),
    ("Port Ailsa", "2 grain -> 1 salt*; 2 timber -> 1 wool; 1 wool -> 2 coins"),
    ("Greyhaven", "1 spice + 1 salt -> 6 coins*; 3 timber -> 1 spice; 1 grain -> 1 coin"),
]]

FAQ = ["Q: %s\nA: %s" % qa for qa in [
    ("Can I Load onto a ship docked at an opponent's crane?", "No. §4.2 requires one of your Crane docks."),
    ("Does the Crowding tax apply in 2-player games?", "No, see the designer's note under §3.1."),
    ("If FOG is in effect, may a ship still blockade?", "Yes, if it ends its (short) move adjacent to the port."),
    ("Can PIRATES take spice from a warehouse?", "No, only spice on ships."),
    ("Is the free trade after sailing optional?", "Yes. You may decline it and keep your cargo."),
    ("Can a contract be fulfilled during another player's turn via MERCHANT FLEET?", "No; §8.3 says only on your own turn, "
     "and MERCHANT FLEET trades happen in the event phase."),
    ("What if the spice supply is empty when a trade would give spice?", "The trade cannot be made."),
    ("Do cranes returned by STORM cost anything to place again?", "No, placing a Crane is free; it still needs a dock you own."),
    ("May I Bribe during FOG?", "Yes; FOG limits movement and free trades only."),
    ("Does NEAP TIDE stop FAIR WINDS in the same round?", "Events resolve in reveal order; only one event is revealed per round, "
     "so they never meet."),
    ("Can two ships share a sea space?", "Yes, any number of ships may share a space; they do not interact."),
    ("Are coins secret?", "No, coins are public information in the second edition (they were hidden in the first)."),
]]


def rulebook_pages(first, last, pad=True):
    out = []
    for k, (head, body) in enumerate(RULES[first:last]):
        out.append("§%s\n%s" % (head, body))
        if pad:
            out.append("Example %d: Ana (blue) and Bo (green) share the eastern Quay. %s Designer's note: this rule "
                       "exists to keep the eastern harbour from stalling in 3-player games; in 2-player games "
                       "ignore the Crowding tax." % (first + k + 1, body.split(". ")[0] + "."))
    return "\n\n".join(out)


def board_runaway_clarify():
    s = Session("board_game_referee_runaway1_anthropic", "board_game_referee", "anthropic", RUN(3, 7),
                "The referee keeps asking which edition the players use although they answered 'second edition' "
                "each time; the same clarification and the same answer repeat.",
                REF_SYS, "Harbourmasters night. Bo sailed onto the Trade Port at Saltmere and did a free trade, and "
                "says that fulfils the wool contract before my turn. I say free trades don't count. Who's right? "
                "Here's the rulebook:\n\n" + rulebook_pages(0, 14), max_out=900)
    s.say("Before I rule: which edition are you using? The first edition and the second edition word §8.3 "
          "differently, and the free-trade clause was added later. Could you confirm the edition?",
          "Second edition. It's the one I pasted, page 14 says 2nd ed.", 70)
    q = "Thanks. To be sure I apply the right text: is this the first or the second edition of Harbourmasters? " \
        "The contract rules differ between them."
    ans = ["Second edition!! It's printed on the cover. 2nd edition.", "SECOND. EDITION. Same as I said.",
           "2nd edition. The pasted §8.3 is from it.", "Second edition, again.", "It's the second edition. Please "
           "just rule.", "second edition", "Second edition. Why do you keep asking?", "2nd ed. Bo is waiting."]
    qs = [q, "Understood. One more check before the ruling: which edition is your copy? The first-edition §8.3 has "
          "no free-trade clause.", q, "Just to confirm the edition: first or second? It changes the ruling on "
          "§8.3.", q, "Before ruling I need the edition: is it the first or the second?", q, "Which edition is it, "
          "first or second? I want to cite the right §8.3."]
    for k in range(8):
        s.say(qs[k], ans[k], 45 + 10 * k)
    return s


def board_runaway_exact():
    s = Session("board_game_referee_runaway2_chat", "board_game_referee", "chat", RUN(3, 7),
                "The players' client keeps resending the same dispute and the referee returns the same ruling word "
                "for word; nobody moves on.",
                REF_SYS, "Storm event just came up. My crane was on a dock next to a Reef. Does it go back to the "
                "dock it came from after the storm or to my supply? Rule text:\n\n" + rulebook_pages(3, 4)
                + "\n\n" + rulebook_pages(10, 11), max_out=700)
    ruling = ("Ruling: the crane returns to your supply.\n\nRule reference: §7.1 (STORM: \"cranes on docks adjacent to "
              "a Reef return to supply\") and §3.4 (\"Cranes moved by the Storm event return to your supply, not to "
              "the dock they came from\").\n\nWhy: both sections say the same thing; there is no ambiguity. You may "
              "place it again later with a Build or as part of your normal crane placement.")
    s.say(ruling, "Are you sure? Ask again: does my crane go back to the dock or to supply after the Storm?", 50)
    s.say(ruling, "Are you sure? Ask again: does my crane go back to the dock or to supply after the Storm?", 35)
    for k in range(9):
        s.say(ruling, "Are you sure? Ask again: does my crane go back to the dock or to supply after the Storm?", 30 + 2 * k)
    return s


def board_healthy_stateless():
    s = Stateless("board_game_referee_healthy1_responses", "board_game_referee", "responses", HEALTHY,
                  "A stateless rules-lookup widget resends the whole rulebook (about 20 KB) with a different "
                  "question every turn; no history is kept.",
                  REF_SYS, "", max_out=600)
    doc = ("HARBOURMASTERS - Second Edition rulebook (full text)\n\n" + rulebook_pages(0, 14) + "\n\nAPPENDIX B - EVENT "
           "CARDS\n" + "\n".join(EVENT_CARDS) + "\n\nAPPENDIX C - PORTS AND RATES\n" + "\n".join(PORT_RATES)
           + "\n\nAPPENDIX D - FREQUENTLY ASKED QUESTIONS\n" + "\n".join(FAQ))
    s.stateless_prefix = "<rulebook>\n" + doc + "\n</rulebook>\n\nQuestion: "
    qs = ["Can I take Bribe twice in one turn?", "Does a free trade count toward a contract?",
          "How far can a ship sail when the Tide is on MID+?", "Who gets the Crowding tax money?",
          "Does salt protect timber from spoilage?", "If we tie on VP and spice, who wins?",
          "Can a blockaded player still do a paid Trade?", "What happens to blockades after SLACK?",
          "Can I trade spice for spice at a starred port?", "Does FAIR WINDS end blockades if the Tide passes SLACK?",
          "How much does Bribe cost while I'm blockaded?", "Can I place a dock on a Reef if it's adjacent to the Quay?"]
    s.hist = [("user", s.stateless_prefix + qs[0])]
    s.snapshots = [list(s.hist)]
    for k, q in enumerate(qs[1:]):
        s.ask(q, 90 + 37 * (k % 4))
    return s


def board_healthy_slow_template():
    s = Session("board_game_referee_healthy2_anthropic", "board_game_referee", "anthropic", HEALTHY,
                "A long game night: players ask a ruling every 20-60 minutes, the referee answers in one fixed "
                "template (Ruling / Rule reference / Why) with different content each time.",
                REF_SYS, "We're starting Harbourmasters 2nd ed, 3 players. Here are the core pages; we'll ask as "
                "things come up.\n\n" + rulebook_pages(0, 14), max_out=800)
    items = [
        ("Noted. I'll answer every dispute as Ruling / Rule reference / Why. Have a good game.",
         "First dispute: Cleo placed a dock touching two of Ana's docks. Does Cleo pay Ana?", 60),
        ("Ruling: no, Cleo pays 2 extra coins to the bank.\nRule reference: §3.1 (Crowding tax).\nWhy: the tax is "
         "\"paid to the bank, not to the opponents\".", "Bo sailed 6 spaces at MID+. Legal?", 1500),
        ("Ruling: not legal; he may sail 4.\nRule reference: §5.1 and Appendix A.2.\nWhy: 6 spaces only when the "
         "marker is on HIGH, and A.2 says MID+ is not HIGH. Move his ship back 2 spaces.",
         "Grain on Ana's ship, 2 tide steps at sea, she has 1 salt on the same ship. Spoilage?", 2400),
        ("Ruling: no grain is lost.\nRule reference: §4.6.\nWhy: \"one salt keeps the hold\" - one salt protects all "
         "grain on that ship for the round.", "Customs came up. Cleo has 3 spice on ships and 2 in her warehouse. "
         "How much does she pay?", 3300),
        ("Ruling: 3 coins.\nRule reference: §7.1 (CUSTOMS).\nWhy: only spice on ships is taxed; warehouse cubes are "
         "not on ships.", "Bo wants to Bribe twice because his first Bribe showed two Storms. Allowed?", 1900),
        ("Ruling: no.\nRule reference: §2.3 and §6.8.\nWhy: Bribe is the one action that cannot be taken twice in a "
         "turn; §6.8 also limits it to once per turn.", "Ana blockades Saltmere, then FAIR WINDS moves the tide from "
         "HIGH past SLACK to LOW. Is the blockade over?", 2700),
        ("Ruling: yes, the blockade ends.\nRule reference: §5.5 and Appendix A.2.\nWhy: after SLACK the marker "
         "returns to LOW and all blockades end; the tide reaching LOW is exactly the end condition in §5.5.",
         "Last one - game end: Cleo placed her 12th dock mid-round. Do we stop now?", 3500),
        ("Ruling: no, finish the round.\nRule reference: §9.1.\nWhy: the game ends at the end of the round in which a "
         "player places all 12 docks; everyone else still takes their turns.", "Final: 14 VP each, Ana 3 spice, "
         "Cleo 3 spice. Winner?", 1400),
        ("Ruling: Ana and Cleo share the victory.\nRule reference: §9.1 (ties).\nWhy: tied on VP, then tied on "
         "spice, so players share the victory.", "Thanks ref, good night!", 600),
    ]
    for a, u, gap in items:
        s.say(a, u, gap)
    return s


# =============================================================================================
# lab_instrument_scheduler
# =============================================================================================
LAB_SYS = ("You are BenchBot, the scheduling assistant of the Kessler Institute core facility. You book "
           "instruments (HPLC, LC-MS, confocal, plate readers) and reserve reagents from inventory for researchers. "
           "Respect training requirements and maintenance windows. Confirm bookings with the booking id.")
LAB_TOOLS = [
    T("calendar_book", "Book an instrument slot.", instrument=("string", "instrument id"), start=("string", "ISO start"),
      hours=("number", "duration in hours"), user=("string", "researcher id")),
    T("calendar_free", "List free slots of an instrument.", instrument=("string", "instrument id"), day=("string", "YYYY-MM-DD")),
    T("inventory_search", "Search reagent inventory; paged.", query=("string", "free text or CAS"), cursor=("string", "page cursor or ''")),
    T("inventory_reserve", "Reserve a reagent lot.", lot=("string", "lot id"), qty=("string", "amount with unit")),
    T("handoff", "Hand the task to another agent of the facility with a note.", to=("string", "agent name"), note=("string", "message")),
]


def lab_runaway_alternate():
    s = Session("lab_instrument_scheduler_runaway1_responses", "lab_instrument_scheduler", "responses", RUN(4, 10),
                "Two start times tried alternately on an instrument whose calibration has expired; every booking is "
                "refused for the same reason.",
                LAB_SYS, "Book HPLC-2 for me (r.okafor) for 3 hours on Thursday 19 Nov, morning or afternoon, for the "
                "caffeine assay method validation.", LAB_TOOLS)
    err = ("BOOKING_REJECTED: instrument HPLC-2 calibration certificate CAL-HPLC2-2026-10 expired on 2026-11-15; "
           "bookings are blocked until a new calibration is logged by facility staff (contact: core-facility@kessler.example)")
    starts = ["2026-11-19T09:00:00", "2026-11-19T14:00:00"]
    says = ["Booking the morning slot first.", "The morning was refused; trying the afternoon slot instead.",
            "Afternoon refused too; trying the morning slot again, it may have been a transient block.",
            "Retrying the afternoon slot.", "Trying the 09:00 slot once more.", "Trying 14:00 again.",
            "Retrying the morning.", "Retrying the afternoon.", "Morning again.", "Afternoon again.",
            "Let me try 09:00 again.", "And 14:00."]
    for k, say in enumerate(says):
        s.call([("calendar_book", {"instrument": "HPLC-2", "start": starts[k % 2], "hours": 3, "user": "r.okafor"})],
               [J({"ok": False, "error": err, "trace": "bk-%05d" % (40211 + 3 * k)})], 9 + k, say=say)
    return s


def lab_runaway_handoff():
    s = Session("lab_instrument_scheduler_runaway2_chat", "lab_instrument_scheduler", "chat", RUN(5, 11),
                "The scheduling agent and the inventory agent hand a reagent reservation back and forth, each "
                "saying the other must approve first.",
                LAB_SYS + " You are the SCHEDULING agent; reagent questions belong to the INVENTORY agent.",
                "Book LC-MS-1 on Monday 23 Nov 10:00 for 4 h (user m.lindqvist) and reserve 50 mL of "
                "LC-MS grade acetonitrile for the run.", LAB_TOOLS)
    s.call([("calendar_book", {"instrument": "LC-MS-1", "start": "2026-11-23T10:00:00", "hours": 4, "user": "m.lindqvist"})],
           [J({"ok": True, "booking": "BK-88412", "hold": "PENDING_REAGENT", "note": "booking held until reagent "
               "reservation confirmed"})], 10, say="Booking LC-MS-1.")
    fwd = ("Booking BK-88412 is held pending reagent. Please reserve 50 mL LC-MS grade acetonitrile (lot ACN-LCMS-2611) "
           "for m.lindqvist and confirm back.")
    back = ("INVENTORY agent: cannot reserve ACN-LCMS-2611 for booking BK-88412 because the booking is in state "
            "PENDING_REAGENT, not CONFIRMED. Reservations for LC-MS runs require a confirmed booking. Please confirm "
            "the booking first and hand back.")
    for k in range(7):
        s.call([("handoff", {"to": "inventory-agent", "note": fwd})], [back], 25 + k,
               say="Handing the reagent reservation to the inventory agent." if k == 0 else
               "The inventory agent needs a confirmed booking, but the booking is held until the reagent is reserved. "
               "Handing it back with the booking reference so they can reserve.")
        s.call([("calendar_book", {"instrument": "LC-MS-1", "start": "2026-11-23T10:00:00", "hours": 4,
                                   "user": "m.lindqvist"})],
               [J({"ok": True, "booking": "BK-88412", "hold": "PENDING_REAGENT", "note": "existing booking returned; "
                   "held until reagent reservation confirmed"})], 12,
               say="Re-confirming the booking so the inventory agent sees it.")
    return s


def lab_healthy_backoff():
    s = Session("lab_instrument_scheduler_healthy1_anthropic", "lab_instrument_scheduler", "anthropic", HEALTHY,
                "The calendar service answers 429 and 503 a few times; the agent backs off (8 s, 20 s, 45 s, 90 s) "
                "and the booking then succeeds, followed by a reagent reservation.",
                LAB_SYS, "Confocal CF-3 for d.haddad, Friday 20 Nov 13:00-17:00 please, and 2 vials of DAPI.", LAB_TOOLS)
    req = {"instrument": "CF-3", "start": "2026-11-20T13:00:00", "hours": 4, "user": "d.haddad"}
    fails = [(429, "Too Many Requests", "retry-after: 8", 8), (429, "Too Many Requests", "retry-after: 20", 20),
             (503, "Service Unavailable", "upstream calendar-db failover in progress", 45),
             (503, "Service Unavailable", "upstream calendar-db failover in progress", 90)]
    prev = 3
    for k, (code, msg, det, wait) in enumerate(fails):
        s.call([("calendar_book", req)], [J({"status": code, "error": msg, "detail": det, "request_id": "cal-%d" % (771 + k)})],
               prev, say="Booking CF-3." if k == 0 else "Got %d; waiting %d s before retrying." % (fails[k - 1][0], fails[k - 1][3]))
        prev = wait
    s.call([("calendar_book", req)], [J({"status": 201, "booking": "BK-88530", "instrument": "CF-3",
                                        "start": "2026-11-20T13:00:00", "end": "2026-11-20T17:00:00"})], prev,
           say="The calendar was failing over; retrying after %d s." % prev)
    s.call([("inventory_search", {"query": "DAPI", "cursor": ""})],
           [J({"items": [{"lot": "DAPI-2409-A", "name": "DAPI dihydrochloride 1 mg/mL", "vials": 7, "expires": "2027-03"},
                         {"lot": "DAPI-2511-B", "name": "DAPI dihydrochloride 1 mg/mL", "vials": 12, "expires": "2027-11"}],
               "next_cursor": None})], 6, say="Booked BK-88530. Now the DAPI.")
    s.call([("inventory_reserve", {"lot": "DAPI-2409-A", "qty": "2 vials"})],
           [J({"ok": True, "reservation": "RS-20114", "lot": "DAPI-2409-A", "qty": "2 vials"})], 5,
           say="Reserving from the lot that expires first.")
    s.say("Done: CF-3 booked Fri 20 Nov 13:00-17:00 (BK-88530) and 2 vials of DAPI reserved (RS-20114, lot DAPI-2409-A, "
          "exp. 2027-03). The calendar service was failing over, which is why it took a few retries.",
          "Great, can you also add 30 min on the end?", 140)
    s.call([("calendar_book", dict(req, start="2026-11-20T17:00:00", hours=0.5))],
           [J({"status": 201, "booking": "BK-88531", "instrument": "CF-3", "start": "2026-11-20T17:00:00",
               "end": "2026-11-20T17:30:00"})], 4)
    return s


def lab_healthy_paging():
    s = Session("lab_instrument_scheduler_healthy2_responses", "lab_instrument_scheduler", "responses", HEALTHY,
                "Paging through a long reagent inventory with the same tool and the next cursor; each page repeats "
                "the same header and column boilerplate with different lots.",
                LAB_SYS, "Audit for the safety officer: list every solvent lot that expires before 2027-01-01, "
                "whatever the building. Go through the whole inventory.", LAB_TOOLS)
    solvents = ["Acetonitrile HPLC", "Methanol LC-MS", "Ethanol abs.", "Isopropanol", "Acetone ACS", "Chloroform stab.",
                "DMSO anhydrous", "Hexane 95%", "Ethyl acetate", "Dichloromethane", "THF inhib.", "Toluene"]
    cursor, expiring = "", []
    for p in range(11):
        seen = len(expiring)
        rows = []
        for j in range(12):
            n = p * 12 + j
            name = solvents[(n * 5 + p) % len(solvents)]
            y, m = 2026 + (n * 7 % 3 == 0) + (n % 11 == 0), 1 + (n * 5) % 12
            lot = "%s-%02d%02d-%s" % (name[:3].upper(), y % 100, m, "ABCDEFGH"[n % 8])
            rows.append({"lot": lot, "name": name, "building": "B%d" % (1 + n % 4), "room": "%d.%02d" % (1 + n % 3, 10 + n % 37),
                         "qty": "%d x 2.5 L" % (1 + n % 6), "expires": "%04d-%02d" % (y, m), "sds": "SDS-%04d" % (300 + n % 90)})
            if y < 2027:
                expiring.append(lot)
        nxt = None if p == 10 else "c_%08x" % (0x5eed0000 + 1031 * (p + 1))
        out = {"facility": "Kessler Institute core facility", "report": "inventory", "filter": "class=solvent",
               "columns": ["lot", "name", "building", "room", "qty", "expires", "sds"],
               "page": p + 1, "page_size": 12, "total": 132, "items": rows, "next_cursor": nxt,
               "disclaimer": "Quantities are as of the last cycle count; verify before use. Hazard data per SDS."}
        s.call([("inventory_search", {"query": "class:solvent", "cursor": cursor})], [J(out)], 7 + p % 3,
               say=None if p == 0 else "Page %d: %d expiring lots so far; next page." % (p, seen))
        cursor = nxt or ""
    s.say("Inventory audit done: %d of 132 solvent lots expire before 2027-01-01:\n%s" % (len(expiring), ", ".join(expiring)),
          "Thanks. Send me just the ones in B2.", 200)
    return s


# =============================================================================================
# odds_feed_monitor
# =============================================================================================
ODDS_SYS = ("You are the in-play trading monitor of Northbank Sportsbook. You watch supplier odds feeds, suspend "
            "markets whose feed is stale or anomalous, and reopen them when the feed is healthy. Use feed_snapshot to "
            "read a market and trading tools to act. Log every action with the market id.")
ODDS_TOOLS = [
    T("feed_snapshot", "Latest supplier snapshot for a market.", market=("string", "market id")),
    T("feed_health", "Health summary of all supplier feeds.", supplier=("string", "supplier name or 'all'")),
    T("suspend_market", "Suspend a market.", market=("string", "market id"), reason=("string", "reason code")),
    T("reopen_market", "Reopen a market.", market=("string", "market id")),
    T("settlement_status", "Progress of a settlement batch.", batch=("string", "batch id")),
]


def odds_runaway_poll():
    s = Session("odds_feed_monitor_runaway1_chat", "odds_feed_monitor", "chat", RUN(5, 14),
                "Polling a market whose supplier status is stuck at SUSPENDED_BY_SUPPLIER with identical prices; "
                "only the sequence number and the timestamp tick. The agent keeps polling instead of escalating.",
                ODDS_SYS, "Market 1.228810455 (Leeds v Burnley, match odds) was suspended by the supplier at the "
                "penalty. Reopen it as soon as the supplier reopens.", ODDS_TOOLS, max_out=500)
    for k in range(19):
        snap = {"market": "1.228810455", "event": "Leeds United v Burnley", "supplier": "FeedCo", "seq": 88120 + k * 3,
                "ts": clock(20, 31, 15 * k), "status": "SUSPENDED_BY_SUPPLIER", "minute": "67'",
                "score": "1-1",
                "runners": [{"name": "Leeds United", "back": 2.46, "lay": 2.52}, {"name": "Burnley", "back": 3.35, "lay": 3.45},
                            {"name": "The Draw", "back": 3.05, "lay": 3.15}],
                "in_play": True, "reason": "PENALTY_AWARDED"}
        s.call([("feed_snapshot", {"market": "1.228810455"})], [J(snap)], 15,
               say="Checking the supplier snapshot." if k == 0 else
               ("Still suspended by the supplier; polling again." if k % 2 else "Supplier has not reopened yet, checking again."))
    return s


def odds_runaway_forbidden():
    s = Session("odds_feed_monitor_runaway2_anthropic", "odds_feed_monitor", "anthropic", RUN(4, 8),
                "Suspending a market fails with 403 (the API key lacks the trading scope); the agent retries the "
                "same call forever.",
                ODDS_SYS, "ALERT: feed for market 1.228811902 (Djokovic v Sinner, set 3) is 40 s stale. Suspend it now.",
                ODDS_TOOLS, max_out=500)
    s.call([("feed_snapshot", {"market": "1.228811902"})],
           [J({"market": "1.228811902", "status": "OPEN", "last_update": clock(21, 4, 2), "now": clock(21, 4, 43),
               "stale_s": 41, "supplier": "CourtData"})], 4, say="Confirming staleness first.")
    err = {"status": 403, "error": "FORBIDDEN", "message": "API key 'mon-ro-7' does not have scope trading:write",
           "docs": "https://trading.northbank.example/docs/auth#scopes"}
    for k in range(11):
        s.call([("suspend_market", {"market": "1.228811902", "reason": "FEED_STALE"})],
               [J(dict(err, request_id="tr-%06d" % (530012 + 17 * k)))], 3 + 2 * k,
               say=["Feed is 41 s stale. Suspending.", "403 - possibly transient; retrying the suspension.",
                    "Retrying the suspend call.", "Retrying suspension of 1.228811902 (FEED_STALE).",
                    "Trying again.", "Retrying.", "Suspending 1.228811902 again.", "Retry.",
                    "Retrying the suspension.", "Trying the suspend once more.", "Retrying."][k])
    return s


def odds_healthy_green():
    s = Session("odds_feed_monitor_healthy1_responses", "odds_feed_monitor", "responses", HEALTHY,
                "A scheduled monitor asks for a feed health report every 5 minutes; every report is all green with "
                "changing latencies, message counts and timestamps.",
                ODDS_SYS, "Scheduled check %s: report feed health for all suppliers in one line each." % clock(19, 0),
                ODDS_TOOLS, max_out=400)
    sups = [("FeedCo", 180), ("CourtData", 240), ("RaceLink", 310), ("PuckStats", 150)]
    for k in range(14):
        rows = [{"supplier": n, "state": "GREEN", "p99_latency_ms": b + (k * 37 + i * 53) % 90,
                 "msgs_last_5m": 41000 + (k * 7919 + i * 3301) % 9000, "gaps": 0, "markets_live": 120 + (k * 13 + i * 29) % 80}
                for i, (n, b) in enumerate(sups)]
        s.call([("feed_health", {"supplier": "all"})], [J({"ts": clock(19, 5 * k, 2), "feeds": rows})], 4)
        line = "; ".join("%s GREEN p99 %d ms, %d live" % (r["supplier"], r["p99_latency_ms"], r["markets_live"]) for r in rows)
        s.say("%s - all feeds green. %s." % (clock(19, 5 * k, 4)[11:16], line),
              "Scheduled check %s: report feed health for all suppliers in one line each." % clock(19, 5 * (k + 1)), 296)
        if len(s.snapshots) >= 27:
            break
    return s


def odds_healthy_settlement():
    s = Session("odds_feed_monitor_healthy2_chat", "odds_feed_monitor", "chat", HEALTHY,
                "Polling a settlement batch after full time: settled count, percentage and ETA move every poll, two "
                "markets are voided along the way, then the batch completes and markets are reopened for the next event.",
                ODDS_SYS, "Full time at Anfield. Watch settlement batch ST-20261118-2207 and tell me when it's done, "
                "then reopen pre-match markets for the 22:45 fixture (1.228812300).", ODDS_TOOLS, max_out=500)
    total = 1482
    done = [0, 96, 241, 402, 590, 771, 948, 1120, 1288, 1410, 1482]
    for k, d in enumerate(done):
        st = "SUCCEEDED" if d == total else ("QUEUED" if d == 0 else "RUNNING")
        out = {"batch": "ST-20261118-2207", "state": st, "markets_total": total, "markets_settled": d,
               "pct": round(100 * d / total), "voided": 0 if k < 4 else (1 if k < 7 else 2),
               "eta_s": None if st != "RUNNING" else (total - d) // 3, "ts": clock(22, 8, 45 * k)}
        s.call([("settlement_status", {"batch": "ST-20261118-2207"})], [J(out)], 45,
               say="Polling settlement." if k == 0 else "%d/%d settled (%d%%), ETA %s s." % (
                   done[k - 1], total, round(100 * done[k - 1] / total), (total - done[k - 1]) // 3))
    s.call([("reopen_market", {"market": "1.228812300"})],
           [J({"market": "1.228812300", "status": "OPEN", "ts": clock(22, 17)})], 20,
           say="Settlement complete (1482 markets, 2 voided for abandoned player props). Reopening the next fixture.")
    return s


# =============================================================================================
# android_crash_triage
# =============================================================================================
ANDR_SYS = ("You are the crash triage agent of the Pocketline Android app (package com.pocketline.app). You read "
            "crash clusters, symbolicate stack traces, correlate them with releases and CI, and assign owners. "
            "Prefer evidence from symbolicated traces; never ship a release yourself.")
ANDR_TOOLS = [
    T("crash_cluster", "Get a crash cluster summary and a sample report.", cluster=("string", "cluster id or 'next'")),
    T("symbolicate", "Symbolicate an obfuscated trace with the R8 mapping of a build.", build=("string", "versionCode"),
      trace_id=("string", "sample report id")),
    T("list_releases", "List releases and their mapping upload state.", track=("string", "production|beta")),
    T("upload_mapping", "Upload an R8 mapping file for a build from CI artifacts.", build=("string", "versionCode")),
    T("ci_run", "Start or restart a CI job and return its log.", job=("string", "job name"), ref=("string", "git ref")),
    T("assign", "Assign a cluster to a team.", cluster=("string", "cluster id"), team=("string", "team"), note=("string", "why")),
]

GRADLE_TASKS = [":app:preBuild", ":core:compileReleaseKotlin", ":feature-feed:compileReleaseKotlin",
                ":feature-player:compileReleaseKotlin", ":app:mergeReleaseResources", ":app:processReleaseManifest",
                ":app:compileReleaseKotlin", ":app:compileReleaseJavaWithJavac", ":app:dexBuilderRelease",
                ":app:mergeReleaseJavaResource", ":app:mergeDexRelease"]


def logcat(seed, n, fatal):
    """A logcat excerpt of n varied lines ending in the given fatal block."""
    r = random.Random(seed)
    tags = [("I", "ActivityManager", "Start proc {pid}:com.pocketline.app/u0a{uid} for service {{com.pocketline.app/com.pocketline.player.PlaybackService}}"),
            ("D", "ExoPlayerImpl", "Init 7e1d2f0 [AndroidXMedia3/1.4.1] [{dev}, Android 14]"),
            ("W", "ExoPlayerImpl", "Player is accessed on the wrong thread."),
            ("I", "OkHttp", "--> GET https://api.pocketline.example/v3/episodes/{ep}/stream h2"),
            ("I", "OkHttp", "<-- 200 https://api.pocketline.example/v3/episodes/{ep}/stream ({ms}ms, 412-byte body)"),
            ("D", "PlaybackService", "progress pos={pos}ms buffered={buf}ms state=READY"),
            ("W", "System", "A resource failed to call close."),
            ("I", "Choreographer", "Skipped {fr} frames!  The application may be doing too much work on its main thread."),
            ("D", "FeedAdapter", "bind position={p} viewType=EPISODE"),
            ("I", "WorkManager", "Worker result SUCCESS for Work [ id={uuid}, tags={{ com.pocketline.sync.DownloadWorker }} ]"),
            ("E", "MediaCodec", "Codec reported err 0x80001001/ERROR_UNKNOWN, actionCode 0, while in state 6/STARTED"),
            ("D", "PlayerSheet", "onStop visible=false attached={att}")]
    out = []
    h, m, sec = 14, 2, 0
    pid = r.randrange(20000, 32000)
    for i in range(n):
        lvl, tag, msg = r.choice(tags)
        sec += r.randrange(0, 3)
        out.append("11-18 %02d:%02d:%02d.%03d %5d %5d %s %-15s: %s" % (
            h, m + sec // 60, sec % 60, r.randrange(1000), pid, pid + r.randrange(0, 40), lvl, tag,
            msg.format(pid=pid, uid=r.randrange(100, 400), dev=r.choice(["Pixel 7", "SM-A546B", "moto g54 5G"]),
                       ep=r.randrange(100000, 999999), ms=r.randrange(40, 900), pos=r.randrange(0, 3600000),
                       buf=r.randrange(0, 60000), fr=r.randrange(31, 140), p=r.randrange(0, 60),
                       uuid="%08x-%04x" % (r.getrandbits(32), r.getrandbits(16)), att=r.choice(["true", "false"]))))
    return "\n".join(out + fatal.splitlines())


def gradle_log(run, attempt_seed):
    r = random.Random(attempt_seed)
    lines = ["Run #%d on runner gha-linux-8c-%02d (image ubuntu-22.04 20261109.1)" % (run, r.randrange(1, 40)),
             "Downloading https://services.gradle.org/distributions/gradle-8.11.1-bin.zip", "Starting a Gradle Daemon "
             "(subsequent builds will be faster)", "Configuration cache entry reused." if run % 2 else
             "Calculating task graph as no cached configuration is available for tasks: :app:assembleRelease"]
    t = 0.0
    for task in GRADLE_TASKS:
        for _ in range(r.randrange(4, 9)):
            lines.append("w: file:///home/runner/work/pocketline/%s/src/main/kotlin/com/pocketline/%s.kt:%d:%d '%s' is "
                         "deprecated. Deprecated in Java" % (task.split(":")[1], r.choice(["feed/FeedAdapter", "player/"
                         "PlaybackService", "core/net/HttpClient", "core/db/Migrations", "app/MainActivity"]),
                         r.randrange(20, 900), r.randrange(3, 60), r.choice(["getParcelableExtra", "onBackPressed",
                         "setSystemUiVisibility", "startActivityForResult", "Handler()"])))
        t += r.uniform(1.5, 40.0)
        lines.append("> Task %s  (%.1fs)" % (task, t))
    lines += ["> Task :app:minifyReleaseWithR8 FAILED",
              "ERROR: R8: java.lang.OutOfMemoryError: Java heap space",
              "\tat com.android.tools.r8.graph.DexItemFactory.createString(DexItemFactory.java:1411)",
              "\tat com.android.tools.r8.naming.ProguardMapMinifier.run(ProguardMapMinifier.java:212)",
              "", "FAILURE: Build failed with an exception.", "* What went wrong:",
              "Execution failed for task ':app:minifyReleaseWithR8'.",
              "> A failure occurred while executing com.android.build.gradle.internal.tasks.R8Task$R8Runnable",
              "   > Java heap space", "", "BUILD FAILED in %dm %ds" % (int(t) // 60 + 3, int(t) % 60),
              "%d actionable tasks: %d executed, %d from cache" % (r.randrange(380, 420), r.randrange(90, 200), r.randrange(150, 300))]
    return "\n".join(lines)


def android_runaway_restart():
    s = Session("android_crash_triage_runaway1_responses", "android_crash_triage", "responses", RUN(4, 8),
                "The agent restarts the release CI job to get a mapping file; every run fails at the same R8 step with "
                "Java heap space, buried at the end of a long log whose warnings, timings and runner ids vary.",
                ANDR_SYS, "Cluster CR-5521 (ANR in PlaybackService) is unsymbolicated for 5.14.0 (51400). The mapping was "
                "never uploaded because the release job died. Get the mapping and symbolicate.", ANDR_TOOLS)
    s.call([("ci_run", {"job": "release-build", "ref": "v5.14.0"})], [gradle_log(1, 51400)], 540,
           say="Re-running the release build for v5.14.0 to regenerate the R8 mapping.")
    says = ["R8 ran out of heap. This may be a flaky runner; restarting the job.",
            "Same R8 failure. Restarting once more on a fresh runner.",
            "R8 failed again; restarting the release job.", "Restarting release-build for v5.14.0.",
            "Retrying the build; runners vary in memory.", "Restarting the job again.",
            "Another restart of release-build.", "Restarting.", "Restarting release-build v5.14.0."]
    for k, say in enumerate(says):
        s.call([("ci_run", {"job": "release-build", "ref": "v5.14.0"})], [gradle_log(2 + k, 51400 + 97 * (k + 1))],
               560 + 13 * k, say=say)
    return s


def android_runaway_cycle():
    s = Session("android_crash_triage_runaway2_chat", "android_crash_triage", "chat", RUN(5, 12),
                "Period-3 cycle list_releases -> upload_mapping (413 too large) -> symbolicate (mapping missing); the "
                "release listing carries a ticking 'checked_at' and request counter each round.",
                ANDR_SYS, "New spike: cluster CR-5608, NullPointerException in FeedAdapter.onBindViewHolder, 4.1k users "
                "in 2 h on 5.15.0 (51500). Symbolicate and tell me who owns it.", ANDR_TOOLS)
    for r in range(6):
        s.call([("list_releases", {"track": "production"})],
               [J({"checked_at": clock(9, 12 + 3 * r, 7 * r), "api_requests_today": 1180 + 3 * r,
                   "releases": [{"version": "5.15.0", "code": 51500, "rollout": "20%", "mapping": "MISSING"},
                                {"version": "5.14.2", "code": 51420, "rollout": "100%", "mapping": "OK"},
                                {"version": "5.14.1", "code": 51410, "rollout": "halted", "mapping": "OK"}]})], 20,
               say="Checking which releases have mappings." if r == 0 else "Re-checking release mapping state.")
        s.call([("upload_mapping", {"build": "51500"})],
               [J({"status": 413, "error": "PAYLOAD_TOO_LARGE", "detail": "mapping.txt is 212 MB; limit is 150 MB. "
                   "Upload the gzip-compressed mapping via the bulk endpoint.", "build": 51500})], 35,
               say="5.15.0 has no mapping; uploading it from CI artifacts.")
        s.call([("symbolicate", {"build": "51500", "trace_id": "rep-9f2c01"})],
               [J({"status": 404, "error": "MAPPING_NOT_FOUND", "build": 51500, "trace_id": "rep-9f2c01",
                   "frames": ["at a.b.c.d0.q(SourceFile:4)", "at a.b.c.d0.onBindViewHolder(SourceFile:12)",
                              "at androidx.recyclerview.widget.RecyclerView$Adapter.bindViewHolder(RecyclerView.java:7254)"]})],
               15, say="Trying symbolication anyway; the upload may have been partially accepted.")
    return s


def android_healthy_tests():
    s = Session("android_crash_triage_healthy1_anthropic", "android_crash_triage", "anthropic", HEALTHY,
                "The agent writes a fix for a crash and runs the instrumented test job; each run fails differently "
                "(compile error, a different test, a flaky emulator) and then passes.",
                ANDR_SYS + " You may push fix branches and run CI on them.",
                "CR-5590: IllegalStateException 'Fragment PlayerSheet not attached to a context' in 5.14.2. Symbolicated "
                "trace and the logcat of a reproducing device below. Propose a fix on a branch and get the "
                "instrumented tests green.\n\n" + logcat(5590, 120, "11-18 14:05:41.207 24410 24410 E AndroidRuntime: "
                "FATAL EXCEPTION: main\njava.lang.IllegalStateException: Fragment PlayerSheet{8c1f2e0} not attached to a context.\n"
                "  at androidx.fragment.app.Fragment.requireContext(Fragment.java:972)\n"
                "  at com.pocketline.player.PlayerSheet.onProgress(PlayerSheet.kt:211)\n"
                "  at com.pocketline.player.PlaybackService$progressLoop$1.invokeSuspend(PlaybackService.kt:388)\n"
                "  at kotlinx.coroutines.DispatchedTask.run(DispatchedTask.kt:108)"), ANDR_TOOLS)
    runs = [
        ("Pushing fix/cr-5590 (collect progress with viewLifecycleOwner.repeatOnLifecycle) and running the tests.",
         "e: file:///home/runner/work/pocketline/feature-player/src/main/kotlin/com/pocketline/player/PlayerSheet.kt:204:9 "
         "Unresolved reference: repeatOnLifecycle\n\nFAILURE: Build failed with an exception.\nExecution failed for task "
         "':feature-player:compileDebugKotlin'.\nBUILD FAILED in 1m 52s"),
        ("Added androidx.lifecycle:lifecycle-runtime-ktx 2.8.7 to feature-player. Re-running.",
         "com.pocketline.player.PlayerSheetTest > progressUpdatesStopAfterDismiss[Pixel_6_API_34] FAILED\n"
         "  java.lang.AssertionError: expected:<3> but was:<4>\n  at PlayerSheetTest.kt:88\n"
         "Tests: 61 passed, 1 failed. BUILD FAILED in 6m 03s"),
        ("The test counted one more update because the first emission arrives before STARTED. Switching to "
         "Lifecycle.State.STARTED and updating the test's expectations of the initial emission. Re-running.",
         "com.pocketline.feed.FeedScrollTest > flingRestoresPosition[Pixel_6_API_34] FAILED\n"
         "  androidx.test.espresso.NoMatchingViewException: No views in hierarchy found matching: with id: "
         "com.pocketline.app:id/feed_list\n  Emulator: system UI isn't responding dialog shown at 00:04:12\n"
         "Tests: 61 passed, 1 failed. BUILD FAILED in 6m 40s\n\n--- emulator logcat (last 200 lines) ---\n"
         + logcat(5591, 200, "11-18 14:41:12.880  1204  1290 W ActivityManager: ANR in com.android.systemui\n"
                  "11-18 14:41:12.880  1204  1290 W ActivityManager: Reason: Input dispatching timed out")),
        ("That failure is in FeedScrollTest and the emulator showed 'System UI isn't responding' - unrelated to the "
         "change. Re-running on a fresh emulator.",
         "Tests: 62 passed, 0 failed, 0 skipped (Pixel_6_API_34, Pixel_4a_API_30)\nBUILD SUCCESSFUL in 6m 11s\n"
         "Artifacts: app-debug-androidTest.apk, reports/androidTests/connected/index.html"),
    ]
    for k, (say, log) in enumerate(runs):
        s.call([("ci_run", {"job": "instrumented-tests", "ref": "fix/cr-5590"})], [log], 400 + 37 * k, say=say)
    s.say("Green. fix/cr-5590 collects playback progress with viewLifecycleOwner.repeatOnLifecycle(STARTED), so "
          "PlayerSheet no longer touches requireContext() after it is detached. The FeedScrollTest failure was an "
          "emulator hang (System UI ANR), not the change. Ready for review.",
          "Nice. Assign CR-5590 to team player with a link to the branch.", 300)
    s.call([("assign", {"cluster": "CR-5590", "team": "player", "note": "Fix on fix/cr-5590, instrumented tests green."})],
           [J({"ok": True, "cluster": "CR-5590", "team": "player", "jira": "PLAY-2291"})], 6)
    s.say("Assigned to player (PLAY-2291).", "Thanks. Also: was 5.14.1 affected?", 1300)
    s.call([("crash_cluster", {"cluster": "CR-5590"})],
           [J({"cluster": "CR-5590", "versions": {"51420": 3810, "51410": 122, "51400": 0}, "first_seen": "5.14.1"})], 8)
    return s


def android_healthy_triage():
    s = Session("android_crash_triage_healthy2_responses", "android_crash_triage", "responses", HEALTHY,
                "Daily triage walks cluster after cluster through the same screens (cluster -> symbolicate -> assign); "
                "the tool outputs share their boilerplate but every cluster is a different crash.",
                ANDR_SYS, "Morning triage: take the top clusters of the last 24 h one by one with crash_cluster('next'), "
                "symbolicate, assign to the owning team. Stop when nothing above 100 users is left.", ANDR_TOOLS)
    clusters = [
        ("CR-5611", 2210, "java.lang.IndexOutOfBoundsException: Index 12 out of bounds for length 12",
         "com.pocketline.feed.FeedAdapter.getItem(FeedAdapter.kt:77)", "feed"),
        ("CR-5612", 1480, "android.database.sqlite.SQLiteDatabaseLockedException: database is locked (code 5)",
         "com.pocketline.core.db.DownloadDao_Impl.insert(DownloadDao_Impl.java:140)", "offline"),
        ("CR-5613", 960, "java.net.SocketTimeoutException: timeout",
         "com.pocketline.core.net.HttpClient.execute(HttpClient.kt:58)", "platform"),
        ("CR-5614", 700, "android.app.ForegroundServiceStartNotAllowedException: startForegroundService() not allowed",
         "com.pocketline.player.PlaybackService.onStartCommand(PlaybackService.kt:141)", "player"),
        ("CR-5615", 415, "java.lang.SecurityException: Permission Denial: reading MediaProvider uri",
         "com.pocketline.upload.PickerActivity.onActivityResult(PickerActivity.kt:96)", "creator-tools"),
        ("CR-5616", 230, "kotlinx.serialization.MissingFieldException: Field 'duration_ms' is required",
         "com.pocketline.core.api.EpisodeDto$$serializer.deserialize(EpisodeDto.kt:0)", "platform"),
    ]
    for i, (cid, users, exc, frame, team) in enumerate(clusters):
        s.call([("crash_cluster", {"cluster": "next"})],
               [J({"window": "24h", "app": "com.pocketline.app", "cluster": cid, "users": users, "events": users * 3 + 17 * i,
                   "versions": {"51500": users // 2, "51420": users - users // 2}, "sample_report": "rep-%05x" % (0x5a000 + 77 * i),
                   "obfuscated_top": "at a.b.%s.%s(SourceFile:%d)" % ("cdefgh"[i], "qrstuv"[i], 10 + i),
                   "devices_top": ["SM-A546B", "Pixel 7", "moto g54 5G"], "note": "Showing top cluster not yet triaged today."})],
               12, say=None if i == 0 else "Assigned. Next cluster.")
        s.call([("symbolicate", {"build": "51500", "trace_id": "rep-%05x" % (0x5a000 + 77 * i)})],
               [J({"status": 200, "build": 51500, "exception": exc, "frames": ["at " + frame, "at android.os.Handler."
                   "dispatchMessage(Handler.java:106)", "at android.os.Looper.loopOnce(Looper.java:230)"],
                   "mapping": "OK"})], 9)
        s.call([("assign", {"cluster": cid, "team": team, "note": "%s at %s" % (exc.split(":")[0], frame)})],
               [J({"ok": True, "cluster": cid, "team": team, "jira": "TRI-%d" % (8801 + i)})], 7,
               say="%s (%d users): %s in %s - owned by %s." % (cid, users, exc.split(":")[0].split(".")[-1], frame, team))
    s.call([("crash_cluster", {"cluster": "next"})],
           [J({"window": "24h", "app": "com.pocketline.app", "cluster": "CR-5617", "users": 64,
               "note": "Showing top cluster not yet triaged today."})], 10)
    s.say("Triage done: 6 clusters assigned (feed, offline, platform x2, player, creator-tools); the next one, CR-5617, "
          "has 64 users, below the 100 threshold.", "Thanks, good work.", 60)
    return s


# =============================================================================================
# citation_formatter (batch)
# =============================================================================================
CIT_SYS = ("You format bibliography entries for the Journal of Coastal Hydrology (APA 7 with house rules). Look up "
           "every DOI with doi_lookup, format the entry, and run style_check before returning it. Return only the "
           "formatted entry plus any warnings.")
CIT_TOOLS = [
    T("doi_lookup", "Resolve a DOI or URL to bibliographic metadata.", doi=("string", "DOI or URL")),
    T("style_check", "Check a formatted entry against the house style.", entry=("string", "formatted entry")),
]
HOUSE_RULES = """House style for references (JCH, rev. 2026-03):
1. APA 7 author-date. List up to 20 authors; for 21 or more list the first 19, an ellipsis, then the last author.
2. Article titles in sentence case, no quotes; journal names in title case and italics (*...*).
3. Volume in italics, issue in parentheses not italic, page range with an en dash (–), no 'pp.'.
4. DOI as https://doi.org/... with no trailing period. If no DOI is registered, give the stable URL and add the
   warning 'no DOI registered; URL used'.
5. Preprints: add [Preprint] after the title and the server name (e.g. EarthArXiv) as the source.
6. Datasets: add [Data set] after the title; include the version.
7. Non-English titles: keep the original, add an English translation in square brackets.
8. Conference papers: In Editor (Ed.), *Proceedings title* (pp. x–y). Publisher.
9. Reports: institution as author if no person is named; report number in parentheses after the title.
10. Retrieval dates only for pages designed to change over time.
"""


def cit_runaway_reserved():
    s = Session("citation_formatter_runaway1_anthropic", "citation_formatter", "anthropic", RUN(4, 9),
                "The DOI resolver keeps serving the same fallback record for every alternative DOI/URL the agent "
                "tries (a journal landing page under different titles and addresses); the agent keeps trying variants.",
                CIT_SYS + "\n\n" + HOUSE_RULES, "Format: Okonkwo, Hale & Brandt (2019) 'Saltwater intrusion in the "
                "Niger Delta aquifers', Hydrogeology Journal, doi 10.1007/s10040-019-01987-3", CIT_TOOLS)
    fallback = {"status": 200, "type": "journal", "title": "Hydrogeology Journal", "publisher": "Springer",
                "issn": "1431-2174", "authors": [], "year": None, "abstract": "Hydrogeology Journal was founded in 1992 "
                "to foster understanding of hydrogeology; to describe worldwide progress in hydrogeology; and to provide "
                "an accessible forum for scientists, researchers, engineers, and practitioners..."}
    tries = [("10.1007/s10040-019-01987-3", "Hydrogeology Journal", "Looking up the DOI."),
             ("https://doi.org/10.1007/s10040-019-01987-3", "Hydrogeology Journal | Home",
              "The resolver returned the journal, not the article. Trying the full https form."),
             ("https://link.springer.com/article/10.1007/s10040-019-01987-3", "Hydrogeology Journal - Springer",
              "Same journal record. Trying the publisher article URL."),
             ("10.1007/S10040-019-01987-3", "HYDROGEOLOGY JOURNAL", "Trying the upper-case DOI variant."),
             ("doi:10.1007/s10040-019-01987-3", "Hydrogeology Journal (Springer)", "Trying the doi: prefix form."),
             ("https://dx.doi.org/10.1007/s10040-019-01987-3", "Hydrogeology Journal", "Trying the legacy dx resolver."),
             ("10.1007/s10040-019-1987-3", "Hydrogeology J.", "Perhaps the suffix has no leading zero; trying that."),
             ("https://link.springer.com/content/pdf/10.1007/s10040-019-01987-3.pdf", "Hydrogeology Journal - Home",
              "Trying the PDF link."),
             ("http://doi.org/10.1007/s10040-019-01987-3", "Hydrogeology Journal", "Trying plain http."),
             ("https://www.springer.com/journal/10040", "Hydrogeology Journal | Springer", "Trying the journal page to "
              "find the article."),
             ("10.1007/s10040-019-01987-3?via=ihub", "Hydrogeology Journal", "Trying with the tracking suffix.")]
    for k, (doi, title, say) in enumerate(tries):
        s.call([("doi_lookup", {"doi": doi})], [J(dict(fallback, title=title, resolved_from=doi, cache="MISS" if k % 3 else "HIT"))],
               6 + k, say=say)
    return s


def cit_runaway_alternate():
    s = Session("citation_formatter_runaway2_responses", "citation_formatter", "responses", RUN(5, 10),
                "The style checker rejects the entry for a 23-author paper; the agent alternates between listing all "
                "authors and 'et al.', and both are rejected for the same rule-1 reason.",
                CIT_SYS, HOUSE_RULES + "\nFormat: doi 10.5194/hess-28-1123-2024", CIT_TOOLS)
    authors = ["Vasquez, L.", "Nakamura, T.", "Berg, S.", "Achterberg, E.", "Mensah, K.", "Lindgren, P.", "Rossi, F.",
               "Dubois, C.", "Ibrahim, H.", "Kowalski, M.", "Ong, W.", "Silva, R.", "Haddad, N.", "Petrov, A.", "Murphy, J.",
               "Tanaka, Y.", "Olsen, K.", "Novak, J.", "Adeyemi, B.", "Chen, X.", "Garcia, M.", "Fischer, D.", "Walsh, E."]
    s.call([("doi_lookup", {"doi": "10.5194/hess-28-1123-2024"})],
           [J({"status": 200, "title": "Tidal modulation of groundwater discharge along a microtidal coast",
               "journal": "Hydrology and Earth System Sciences", "volume": 28, "issue": 5, "pages": "1123-1149",
               "year": 2024, "authors": authors})], 5, say="Looking up the DOI.")
    tail = ("(2024). Tidal modulation of groundwater discharge along a microtidal coast. *Hydrology and Earth System "
            "Sciences*, *28*(5), 1123–1149. https://doi.org/10.5194/hess-28-1123-2024")
    full = ", ".join(authors[:-1]) + ", & " + authors[-1] + " " + tail
    etal = authors[0] + " et al. " + tail
    err = {"ok": False, "rule": 1, "message": "author list: 23 authors; list the first 19, an ellipsis (…), then the "
           "last author"}
    variants = [(full, "Formatting with all 23 authors."), (etal, "Rejected on rule 1; using et al. instead."),
                (full, "et al. rejected as well; going back to the full author list with APA 7 ampersand."),
                (etal, "Trying et al. again with a period after al."), (full, "Full list again."), (etal, "et al. again."),
                (full, "Full author list."), (etal, "et al."), (full, "Full list."), (etal, "et al. once more.")]
    for k, (entry, say) in enumerate(variants):
        s.call([("style_check", {"entry": entry})], [J(dict(err, check_id="sc-%04d" % (311 + k)))], 8 + k % 3, say=say)
    return s


def cit_healthy_batch():
    s = Session("citation_formatter_healthy1_chat", "citation_formatter", "chat", HEALTHY,
                "A batch client sends the same long house-style instruction with one short entry each time; the "
                "'no DOI registered; URL used' warning recurs on several different entries, as it should.",
                CIT_SYS, "", CIT_TOOLS)
    items = [
        ("Okafor, R. (2021). Sediment budgets of the Volta estuary. Coastal Eng. 164, 103822. doi:10.1016/j.coastaleng.2020.103822",
         "10.1016/j.coastaleng.2020.103822", {"title": "Sediment budgets of the Volta estuary", "journal": "Coastal Engineering",
          "volume": 164, "article": "103822", "year": 2021, "authors": ["Okafor, R."]}, None),
        ("Environment Agency (2019) Shoreline management plan review SMP2 - Anglian. Report SC190004.",
         "https://www.gov.uk/government/publications/smp2-anglian", {"title": "Shoreline management plan review: Anglian (SMP2)",
          "publisher": "Environment Agency", "report": "SC190004", "year": 2019, "doi": None}, "no DOI registered; URL used"),
        ("Ferreira & Costa 2023, Dinâmica de dunas frontais no litoral do Ceará, Revista Brasileira de Geomorfologia 24(2)",
         "https://rbgeomorfologia.org.br/rbg/article/view/2301", {"title": "Dinâmica de dunas frontais no litoral do Ceará",
          "journal": "Revista Brasileira de Geomorfologia", "volume": 24, "issue": 2, "pages": "e2301", "year": 2023,
          "authors": ["Ferreira, A.", "Costa, M."], "doi": None}, "no DOI registered; URL used"),
        ("Ng, Patel, Ruiz (2024) Wave runup dataset v2.1, Zenodo 10.5281/zenodo.10422110",
         "10.5281/zenodo.10422110", {"title": "Global wave runup observations", "version": "2.1", "publisher": "Zenodo",
          "type": "dataset", "year": 2024, "authors": ["Ng, H.", "Patel, S.", "Ruiz, C."]}, None),
        ("Halvorsen, I. 2022. Storm surge hindcast Skagerrak. EarthArXiv preprint.",
         "https://eartharxiv.org/repository/view/3391/", {"title": "Storm surge hindcast for the Skagerrak 1979-2020",
          "server": "EarthArXiv", "year": 2022, "authors": ["Halvorsen, I."], "doi": None}, "no DOI registered; URL used"),
        ("Brandt K, Lee J. Groundwater salinity mapping with AEM. In: Proc. 6th Int. Salt Water Intrusion Meeting, pp 45-52, 2020",
         "https://swim-conference.org/2020/proceedings/brandt.pdf", {"title": "Groundwater salinity mapping with airborne EM",
          "proceedings": "Proceedings of the 26th Salt Water Intrusion Meeting", "editor": "Post, V.", "pages": "45-52",
          "publisher": "SWIM", "year": 2020, "authors": ["Brandt, K.", "Lee, J."], "doi": None}, "no DOI registered; URL used"),
        ("Moreau (2020), Erosion côtière en Vendée, Norois 255", "10.4000/norois.10412",
         {"title": "Érosion côtière en Vendée : bilan de vingt ans d'observations", "journal": "Norois", "issue": 255,
          "pages": "31-48", "year": 2020, "authors": ["Moreau, J."]}, None),
        ("NOAA Tides & Currents, Station 8443970 Boston, water levels", "https://tidesandcurrents.noaa.gov/stationhome.html?id=8443970",
         {"title": "Station 8443970 Boston, MA - water levels", "publisher": "NOAA", "type": "webpage", "doi": None,
          "changes_over_time": True}, "no DOI registered; URL used"),
    ]
    formatted = [
        "Okafor, R. (2021). Sediment budgets of the Volta estuary. *Coastal Engineering*, *164*, 103822. https://doi.org/10.1016/j.coastaleng.2020.103822",
        "Environment Agency. (2019). *Shoreline management plan review: Anglian (SMP2)* (Report SC190004). https://www.gov.uk/government/publications/smp2-anglian",
        "Ferreira, A., & Costa, M. (2023). Dinâmica de dunas frontais no litoral do Ceará [Foredune dynamics on the Ceará coast]. *Revista Brasileira de Geomorfologia*, *24*(2), e2301. https://rbgeomorfologia.org.br/rbg/article/view/2301",
        "Ng, H., Patel, S., & Ruiz, C. (2024). *Global wave runup observations* (Version 2.1) [Data set]. Zenodo. https://doi.org/10.5281/zenodo.10422110",
        "Halvorsen, I. (2022). *Storm surge hindcast for the Skagerrak 1979–2020* [Preprint]. EarthArXiv. https://eartharxiv.org/repository/view/3391/",
        "Brandt, K., & Lee, J. (2020). Groundwater salinity mapping with airborne EM. In V. Post (Ed.), *Proceedings of the 26th Salt Water Intrusion Meeting* (pp. 45–52). SWIM. https://swim-conference.org/2020/proceedings/brandt.pdf",
        "Moreau, J. (2020). Érosion côtière en Vendée : bilan de vingt ans d'observations [Coastal erosion in Vendée: Twenty years of observations]. *Norois*, (255), 31–48. https://doi.org/10.4000/norois.10412",
        "NOAA. (n.d.). *Station 8443970 Boston, MA - water levels*. Retrieved November 18, 2026, from https://tidesandcurrents.noaa.gov/stationhome.html?id=8443970",
    ]
    first = True
    for k, ((raw, doi, meta, warn), out) in enumerate(zip(items, formatted)):
        msg = HOUSE_RULES + "\nEntry %d of 8:\n%s" % (k + 1, raw)
        if first:
            s.hist = [("user", msg)]
            s.snapshots = [list(s.hist)]
            first = False
        else:
            s.say(prev_answer, msg, 25 + 4 * k)
        s.call([("doi_lookup", {"doi": doi})], [J(dict(meta, status=200))], 5)
        res = {"ok": True, "warnings": [warn] if warn else []}
        if k == 7:
            res["warnings"].append("retrieval date present: page changes over time (rule 10) - OK")
        s.call([("style_check", {"entry": out})], [J(res)], 4)
        prev_answer = out + ("\nWarning: " + "; ".join(res["warnings"]) if res["warnings"] else "")
    s.say(prev_answer, "That's the batch. Thanks.", 30)
    return s


def cit_healthy_refine():
    s = Session("citation_formatter_healthy2_anthropic", "citation_formatter", "anthropic", HEALTHY,
                "An author refines one reference list in small steps (dash, italics, translation, ordering); each "
                "answer is the same list with a small, different diff.",
                CIT_SYS + "\n\n" + HOUSE_RULES, "", CIT_TOOLS)
    refs = [
        "Achterberg, E. (2018). Nutrient fluxes in the Wadden Sea. *Estuarine, Coastal and Shelf Science*, *211*, 12-25. https://doi.org/10.1016/j.ecss.2018.01.007.",
        "Moreau, J. (2020). Érosion côtière en Vendée : bilan de vingt ans d'observations. *Norois*, (255), 31-48. https://doi.org/10.4000/norois.10412",
        "Zhang, Q., & Li, W. (2022). Mangrove loss and shoreline retreat in Hainan. Ocean & Coastal Management, 219, 106041. https://doi.org/10.1016/j.ocecoaman.2022.106041",
        "Baptiste, R. (2017). Beach nourishment economics. *Journal of Coastal Research*, *33*(4), 801-812. https://doi.org/10.2112/JCOASTRES-D-16-00101.1",
    ]
    s.hist = [("user", "Here is the reference list of my manuscript. Please make it house-style clean:\n\n" + "\n".join(refs))]
    s.snapshots = [list(s.hist)]
    s.call([("style_check", {"entry": "\n".join(refs)})],
           [J({"ok": False, "issues": [{"line": 1, "rule": 3, "msg": "page range uses hyphen"}, {"line": 1, "rule": 4,
               "msg": "trailing period after DOI"}, {"line": 2, "rule": 3, "msg": "page range uses hyphen"},
               {"line": 2, "rule": 7, "msg": "non-English title without translation"}, {"line": 3, "rule": 2,
               "msg": "journal name not italic"}, {"line": 3, "rule": 3, "msg": "volume not italic"},
               {"line": 4, "rule": 3, "msg": "page range uses hyphen"}]})], 6)
    steps = [
        (lambda r: [x.replace("-25", "–25").replace("-48", "–48").replace("801-812", "801–812") for x in r],
         "Fixed the page ranges to en dashes (lines 1, 2, 4).", "Good. Now the DOI trailing period on the first one."),
        (lambda r: [r[0].rstrip(".")] + r[1:], "Removed the trailing period after the DOI in line 1.",
         "Now italics for the Hainan one."),
        (lambda r: r[:2] + [r[2].replace("Ocean & Coastal Management, 219", "*Ocean & Coastal Management*, *219*")] + r[3:],
         "Line 3: journal and volume now in italics.", "And the French title needs a translation."),
        (lambda r: [r[0], r[1].replace("observations.", "observations [Coastal erosion in Vendée: Twenty years of "
                                       "observations].")] + r[2:], "Added the English translation in brackets to line 2.",
         "Sort alphabetically please, Baptiste should come before Moreau."),
        (lambda r: sorted(r), "Sorted alphabetically by first author.", "Run the checker on the whole list one more time."),
    ]
    cur = refs
    for fn, note, user in steps:
        cur = fn(cur)
        s.say(note + "\n\n" + "\n".join(cur), user, 90 + 40 * len(note) % 200)
    s.call([("style_check", {"entry": "\n".join(cur)})], [J({"ok": True, "issues": []})], 5)
    s.say("The checker reports no issues. Final list:\n\n" + "\n".join(cur), "Perfect, thanks!", 60)
    return s


# =============================================================================================
# visa_application_helper
# =============================================================================================
VISA_SYS = ("You help applicants complete the Republic of Aldmark long-stay (D) visa application online. Fill fields "
            "with form_set, validate pages with form_validate, and check uploaded documents with doc_check. Never "
            "invent personal data; ask the applicant.")
VISA_TOOLS = [
    T("form_set", "Set fields on a page of the application.", page=("string", "page id"), fields=("string", "JSON object of field: value")),
    T("form_validate", "Validate a page; returns errors per field.", page=("string", "page id")),
    T("doc_check", "Check an uploaded document (scan quality, type, expiry).", file=("string", "uploaded file name"),
      doc_type=("string", "passport|photo|bank_statement|insurance|enrolment")),
]


CHECKLIST_REQS = [
    ("Application form", "Printed confirmation page of the online application, signed on page 7 by the applicant (and by both "
     "parents for minors). The barcode must be readable; do not fold across it."),
    ("Passport", "Valid for at least 3 months beyond the intended departure from Aldmark, issued within the last 10 years, "
     "with two blank pages. Bring copies of the data page and of all previous Aldmark visas."),
    ("Photograph", "One biometric photo 35 x 45 mm, light grey uniform background, taken within the last 6 months, face "
     "height 70-80% of the photo, no glasses, no head covering except for religious reasons."),
    ("Proof of funds", "Blocked account confirmation of at least 11,934 ALD for 12 months (994.50 per month), OR a scholarship "
     "letter naming the amount and duration, OR a formal obligation (Verpflichtungserklärung) by a resident sponsor."),
    ("Health insurance", "Cover from the date of entry, minimum 30,000 for medical treatment and repatriation, no deductible "
     "above 300. Travel insurance is accepted only until the start of statutory student insurance."),
    ("Accommodation", "Rental contract, student residence confirmation, or host's letter with a copy of the host's ID. Hotel "
     "bookings are not accepted for stays over 90 days."),
    ("Fee", "75 ALD, payable by card at the appointment. Fees are not refunded if the visa is refused."),
    ("Translations", "Documents not in Aldish, English or French need a certified translation. Apostille where indicated."),
]

CHECKLIST_CATS = [
    ("D-STUDY (degree programme)", "Letter of admission or enrolment certificate of an Aldmark university; proof of language "
     "skills at the level the programme requires (B2 Aldish or C1 English); school leaving certificate and transcripts."),
    ("D-STUDY-PREP (language course or foundation year)", "Confirmation of at least 18 hours of tuition a week; conditional "
     "admission letter if the course leads to a degree programme."),
    ("D-RESEARCH (researchers and doctoral candidates)", "Hosting agreement with an approved research organisation; CV and list "
     "of publications; proof of salary or stipend of at least 1,350 a month."),
    ("D-WORK (skilled employment)", "Employment contract or binding job offer; approval of the Federal Employment Agency where "
     "required; recognised qualification or statement of comparability."),
    ("D-FAMILY (joining a spouse)", "Marriage certificate with apostille; basic Aldish A1 certificate; copy of the spouse's "
     "residence permit and proof of sufficient living space."),
    ("D-AUPAIR", "Au pair contract signed by both parties; A1 Aldish; host family's registration certificate."),
]


def consulate_checklist():
    out = ["EMBASSY OF THE REPUBLIC OF ALDMARK - ACCRA", "Visa section - Checklist for national (long-stay, type D) visas",
           "Last updated: 02 September 2026. Incomplete applications will not be accepted at the counter.", ""]
    for cat, specific in CHECKLIST_CATS:
        out.append("== %s ==" % cat)
        for k, (name, text) in enumerate(CHECKLIST_REQS):
            out.append("%d. %s - %s" % (k + 1, name, text))
        out.append("%d. Category-specific - %s" % (len(CHECKLIST_REQS) + 1, specific))
        out.append("Bring originals and two sets of copies, sorted in the order above. Processing time: 6-12 weeks.")
        out.append("")
    out.append("Appointments are booked online only. The embassy does not answer questions about the status of an "
               "application before 8 weeks have passed.")
    return "\n".join(out)


def visa_runaway_clarify():
    s = Session("visa_application_helper_runaway1_chat", "visa_application_helper", "chat", RUN(6, 11),
                "Validation rejects the passport expiry; the agent asks the applicant for the expiry date again and "
                "again, the applicant repeats the same date, the agent re-enters it and gets the same error.",
                VISA_SYS, "Hi, I'm filling the D visa for my master's in Kessel. Page 3 (travel document) keeps "
                "complaining. Passport P8812047, issued 2017-04-02, expires 2027-04-01. Course starts 2026-09-14 and "
                "I'll stay until July 2027.", VISA_TOOLS)
    s.call([("form_set", {"page": "p3_travel_document", "fields": J({"passport_no": "P8812047", "issued": "2017-04-02",
                                                                     "expires": "2027-04-01"})})],
           [J({"ok": True, "page": "p3_travel_document"})], 6, say="Entering your passport details.")
    err = J({"page": "p3_travel_document", "valid": False, "errors": [{"field": "expires", "code": "E_PASSPORT_VALIDITY",
             "msg": "Passport must be valid for at least 3 months after the intended departure date (2027-07-31)."}]})
    s.call([("form_validate", {"page": "p3_travel_document"})], [err], 5)
    asks = ["The form says the passport expiry is invalid. Could you double-check the expiry date printed on your "
            "passport's data page?", "It still fails. Can you confirm the exact expiry date on the passport?",
            "Validation still rejects the expiry. Could you read me the expiry date again, exactly as printed?",
            "I want to be sure we have the right value: what is the passport's expiry date?",
            "It's still not accepted. What expiry date does your passport show?",
            "Could you confirm the expiry date once more?"]
    reps = ["It's 2027-04-01. 1 April 2027.", "2027-04-01, same as before.", "01 APR 2027. I checked.",
            "2027-04-01!", "1 April 2027. I've told you.", "2027-04-01"]
    for a, r in zip(asks, reps):
        s.say(a, r, 120 + 15 * len(r))
        s.call([("form_set", {"page": "p3_travel_document", "fields": J({"expires": "2027-04-01"})})],
               [J({"ok": True, "page": "p3_travel_document"})], 5, say="Re-entering the expiry date.")
        s.call([("form_validate", {"page": "p3_travel_document"})], [err], 4)
    return s


def visa_runaway_renamed():
    s = Session("visa_application_helper_runaway2_responses", "visa_application_helper", "responses", RUN(4, 10),
                "The bank statement scan fails the resolution check; the applicant re-uploads the same scan under a "
                "new file name each time and the agent re-checks it, getting the same failure.",
                VISA_SYS, "I uploaded my bank statement as bank_statement.pdf, please check it's OK.", VISA_TOOLS)
    names = ["bank_statement.pdf", "bank_statement_v2.pdf", "bank_statement_final.pdf", "bank_statement_final2.pdf",
             "statement_sept.pdf", "bank_stmt_new.pdf", "Kontoauszug.pdf", "bank_statement_FINAL_really.pdf",
             "scan0042.pdf", "bank_statement_2026.pdf", "bs.pdf"]
    for k, n in enumerate(names):
        s.call([("doc_check", {"file": n, "doc_type": "bank_statement"})],
               [J({"file": n, "ok": False, "code": "E_SCAN_QUALITY", "detail": "effective resolution 150 dpi; minimum "
                   "300 dpi. Page 2 of 3 is cropped at the right margin.", "pages": 3, "sha256_prefix": "9e41c0"})], 10,
               say="Checking %s." % n if k == 0 else None)
        if k < len(names) - 1:
            s.say("%s was rejected: the scan is 150 dpi (300 needed) and page 2 is cropped. Please rescan at 300 dpi or "
                  "download the PDF from your bank directly." % n, "Uploaded it again as %s, check now." % names[k + 1],
                  180 + 30 * (k % 3))
    return s


def visa_healthy_revisit():
    s = Session("visa_application_helper_healthy1_anthropic", "visa_application_helper", "anthropic", HEALTHY,
                "The wizard legitimately revisits pages: a later page's validation points back to page 2 and page 4, "
                "each validation shows different remaining errors, and the application ends valid.",
                VISA_SYS, "Let's do the whole form. Name Amara Osei-Bonsu, born 1999-06-21 in Kumasi, Ghanaian. Student "
                "visa for MSc Water Engineering at Kessel Technical University, 2026-09-14 to 2027-07-31. Address in Kessel: "
                "Studentenwerk Haus C, Lindenallee 12. Funding: scholarship 11,200 per year plus savings.", VISA_TOOLS)
    seq = [
        ("p1_personal", {"surname": "Osei-Bonsu", "given_names": "Amara", "dob": "1999-06-21", "pob": "Kumasi", "nationality": "GHA"},
         {"valid": True, "errors": []}),
        ("p2_purpose", {"category": "D-STUDY", "institution": "Kessel Technical University", "start": "2026-09-14",
                        "end": "2027-07-31"}, {"valid": True, "errors": []}),
        ("p4_accommodation", {"type": "student_residence", "address": "Lindenallee 12, Haus C, Kessel"},
         {"valid": False, "errors": [{"field": "postcode", "code": "E_REQUIRED", "msg": "Postcode is required."}]}),
        ("p4_accommodation", {"postcode": "34117"}, {"valid": True, "errors": []}),
        ("p5_funding", {"scholarship_per_year": 11200, "savings": 2400, "currency": "ALD"},
         {"valid": False, "errors": [{"field": "total", "code": "E_FUNDS_BELOW_MIN", "msg": "Funds for the stay "
          "(10.5 months) must be at least 11,934; entered 11,200 scholarship + 2,400 savings counts savings only if a "
          "blocked account is declared on page 2."}]}),
        ("p2_purpose", {"blocked_account": "yes", "blocked_account_bank": "Fintiba"}, {"valid": True, "errors": []}),
        ("p5_funding", {"savings_blocked": True}, {"valid": True, "errors": [], "total_recognised": 13600}),
        ("p6_insurance", {"provider": "AldCare Student", "policy": "ACS-4471902", "from": "2026-09-01"},
         {"valid": False, "errors": [{"field": "to", "code": "E_REQUIRED", "msg": "Insurance end date required."}]}),
        ("p6_insurance", {"to": "2027-08-31"}, {"valid": True, "errors": []}),
        ("p7_review", {}, {"valid": False, "errors": [{"field": "p4_accommodation.from", "code": "E_DATE_ORDER",
          "msg": "Accommodation start (empty) must be on or before course start."}]}),
        ("p4_accommodation", {"from": "2026-09-01"}, {"valid": True, "errors": []}),
        ("p7_review", {}, {"valid": True, "errors": [], "ready_to_submit": True}),
    ]
    for k, (page, fields, res) in enumerate(seq):
        if fields:
            s.call([("form_set", {"page": page, "fields": J(fields)})], [J({"ok": True, "page": page})], 7,
                   say="Filling %s." % page)
        s.call([("form_validate", {"page": page})], [J(dict(res, page=page))], 5)
        if k == 2:
            s.say("Page 4 needs the postcode of Lindenallee 12, Kessel. Do you know it?", "It's 34117.", 240)
        if k == 4:
            s.say("Page 5 only counts your savings if they are in a blocked account declared on page 2. Is the 2,400 in a "
                  "blocked account?", "Yes, a Fintiba blocked account.", 400)
    s.say("All pages validate and the review page says ready to submit. Please read page 7 once yourself before you "
          "press Submit.", "Submitted! Thank you.", 600)
    return s


def visa_healthy_slow():
    s = Session("visa_application_helper_healthy2_chat", "visa_application_helper", "chat", HEALTHY,
                "An applicant gathers documents over an evening and answers slowly (20-60 minutes between messages); "
                "each upload is a different document and they pass one by one.",
                VISA_SYS, "Evening! This is the embassy checklist, pasted from their site:\n\n" + consulate_checklist() +
                "\n\nI'm D-STUDY. I'll upload the documents as I find them. Starting with the passport: passport_scan.pdf",
                VISA_TOOLS)
    docs = [("passport_scan.pdf", "passport", {"ok": True, "expires": "2031-02-10", "mrz": "readable"}),
            ("photo_35x45.jpg", "photo", {"ok": False, "code": "E_PHOTO_BACKGROUND", "detail": "background not uniform "
             "light grey; shadow on left side"}),
            ("photo_35x45_retake.jpg", "photo", {"ok": True, "size_mm": "35x45", "face_height_pct": 74}),
            ("enrolment_letter_KTU.pdf", "enrolment", {"ok": True, "institution": "Kessel Technical University",
             "programme": "MSc Water Engineering", "start": "2026-09-14"}),
            ("fintiba_confirmation.pdf", "bank_statement", {"ok": True, "blocked_amount": 11934, "monthly_release": 1136}),
            ("aldcare_policy.pdf", "insurance", {"ok": False, "code": "E_COVER_GAP", "detail": "policy starts 2026-09-15; "
             "must cover from the date of entry (2026-09-01)"}),
            ("aldcare_policy_amended.pdf", "insurance", {"ok": True, "from": "2026-09-01", "to": "2027-08-31"})]
    replies = ["Photo next: photo_35x45.jpg", "Ugh. Retook it against the hallway wall: photo_35x45_retake.jpg",
               "Found the enrolment letter: enrolment_letter_KTU.pdf", "Blocked account confirmation: fintiba_confirmation.pdf",
               "Insurance: aldcare_policy.pdf", "Called AldCare, they amended it: aldcare_policy_amended.pdf",
               "That's everything I think?"]
    gaps = [1500, 2900, 1300, 3400, 2100, 3550, 1800]
    for (f, t, res), rep, gap in zip(docs, replies, gaps):
        s.call([("doc_check", {"file": f, "doc_type": t})], [J(dict(res, file=f))], 8)
        msg = ("%s passed." % f) if res["ok"] else ("%s was not accepted: %s. Could you fix that?" % (f, res["detail"]))
        s.say(msg + " Send the next one whenever you're ready.", rep, gap)
    s.say("Yes - passport, photo, enrolment letter, blocked account and insurance are all accepted. You can book the "
          "appointment at the consulate now.", "Booked for Thursday. Good night!", 2400)
    return s


# =============================================================================================
# song_cowriter (tool-less)
# =============================================================================================
SONG_SYS = ("You are a co-writer for a working songwriter. Offer lyrics in the songwriter's voice, keep meter and "
            "rhyme consistent, and take direction. Don't explain your choices unless asked.")

HARBOUR_SONG = [
    "Verse 1\nThe ferry horn at six again, the gulls are on the rail,\nYou folded up your uniform and left it with the mail,\n"
    "The kettle's cold, the radio says wind from the south-west,\nAnd I'm still reading shipping news like you're still on the crest.",
    "Chorus\nSo pull me in, pull me in, like the tide pulls on the quay,\nI've been anchored to a harbour that you sailed away from me,\n"
    "Pull me in, pull me in, I'll be waiting by the light,\nEvery boat that comes round Carrick, I pretend it's you tonight.",
    "Verse 2\nYour brother fixed the gutter and he didn't say a word,\nHe left a bag of mackerel and the crossword, half unheard,\n"
    "The neighbours stopped their asking when the second winter came,\nBut the lady at the chandler's still says your name.",
    "Verse 3\nI painted out the bedroom in a colour you'd have hated,\nA green they call 'Atlantic', which is optimistic, dated,\n"
    "I kept your oilskin on the hook, I moved it to the stair,\nIt's stupid how a coat can hold the shape of someone there.",
    "Bridge\nAnd if the sea gave back what it took,\nI'd stop reading every line of the logbook,\nBut it doesn't, love, it only gives the sound\nOf something always turning round.",
    "Verse 4\nThe lifeboat crew came Tuesday for the raffle and the tea,\nYoung Declan's got your old job and he's nervous as can be,\n"
    "I told him how you'd whistle when the swell came over green,\nHe laughed, and for a moment it was you that I had seen.",
    "Final chorus\nSo pull me in, pull me in, not the tide but the day,\nI've been anchored to a harbour, now I'm learning how to stay,\n"
    "Pull me in, pull me in, I'll keep burning the light,\nNot for every boat round Carrick, just to see the town at night.",
    "Outro\nFerry horn at six again,\nGulls are on the rail,\nKettle's on.",
    "Alternative last line for the outro, if you want it lighter: 'Kettle's on, and there's post for you, and none of it's from jail.' - or keep 'Kettle's on.'",
    "Tag (spoken over the last chord, optional)\n'Wind south-west, four or five, occasionally six later. Good.'",
    "Lyric sheet order: Verse 1 / Chorus / Verse 2 / Verse 3 / Chorus / Bridge / Verse 4 / Final chorus / Outro / Tag.",
]


def song_runaway_continue():
    s = Session("song_cowriter_runaway1_responses", "song_cowriter", "responses", RUN(4, 8),
                "Asked to 'continue', the assistant returns the same second verse word for word every time (no chorus in "
                "between, so it is not a legitimate refrain).",
                SONG_SYS, "Folk song, 3/4, about a woman whose husband left on a fishing boat and didn't come back. "
                "Title 'Pull Me In'. Start with verse 1.", max_out=600)
    s.say(HARBOUR_SONG[0], "Lovely. Continue.", 80)
    s.say(HARBOUR_SONG[2], "Continue.", 95)
    for k in range(9):
        s.say(HARBOUR_SONG[2], "Continue." if k < 3 else ["That's verse 2 again. Continue with verse 3.",
              "Continue - the next part, please.", "You keep giving me the brother-and-gutter verse. Verse 3?",
              "continue", "Continue!!", "continue with something new"][k - 3], 60 + 8 * k)
    return s


def song_runaway_paraphrase():
    s = Session("song_cowriter_runaway2_anthropic", "song_cowriter", "anthropic", RUN(4, 9),
                "The songwriter asks for a bridge without the rain/again rhyme and without weather; the assistant keeps "
                "returning the same rain bridge reworded.",
                SONG_SYS, "Indie pop, 100 bpm. The verses are about a friendship ending over text messages. I need a "
                "4-line bridge. Rules: no weather imagery, and NOT the rain/again rhyme, everyone uses it.", max_out=400)
    bridges = [
        "Bridge\nAnd I watched the rain\nRun down the screen again,\nEvery grey bubble\nTyping, then gone.",
        "Bridge\nLike the rain on the glass\nYou kept typing again,\nThree dots in the dark,\nThen nothing at all.",
        "Bridge\nThe rain kept falling\nAnd you were typing again,\nA grey little promise\nThat never arrived.",
        "Bridge\nOutside it's raining,\nInside you're typing again,\nThree dots like droplets\nThat dry before they land.",
        "Bridge\nAll this rain on my window\nAnd your name lights again,\nThree dots, then the silence,\nThen the rain.",
        "Bridge\nI hear the rain\nAnd I check my phone again,\nYou were typing, typing,\nThen you weren't.",
        "Bridge\nRain down the window,\nYou're online again,\nThe dots come and go\nLike they do.",
        "Bridge\nSoft rain, bright screen,\nTyping, again,\nI wait for the words\nThat don't come.",
        "Bridge\nThe rain on the glass and the light of the screen,\nYou were typing again, then you weren't,\nThree dots like the rain\nThat never lands.",
        "Bridge\nIt's raining again\nAnd you're typing again,\nGrey bubbles, grey sky,\nThen goodbye.",
    ]
    users = ["That's rain/again. Exactly what I said not to do. No weather, please.",
             "Still rain, still 'again'. Try something completely different.",
             "Again the rain! Different image entirely - maybe the group chat, or a photo.",
             "It's the same bridge. No rain. No 'again'.",
             "Rain again. Seriously.", "Same thing.", "Please, no rain.", "Still raining in there.", "...rain.", "Stop."]
    for b, u in zip(bridges, users):
        s.say(b, u, 70 + 3 * len(u))
    return s


def song_healthy_continue():
    s = Session("song_cowriter_healthy1_chat", "song_cowriter", "chat", HEALTHY,
                "The songwriter says 'continue' (or little more) after every part, and the assistant writes the next, "
                "new part of the song each time until it is finished.",
                SONG_SYS, "Folk song, 3/4, about a woman whose husband left on a fishing boat and didn't come back. "
                "Title 'Pull Me In'. Write it part by part; I'll say continue.", max_out=600)
    users = ["continue", "continue", "Good. continue", "continue", "continue (bridge next?)", "continue",
             "continue", "continue", "any alternatives for the outro?", "continue", "ok, and the full order?"]
    for part, u in zip(HARBOUR_SONG, users):
        s.say(part, u, 45 + len(part) // 6)
    return s


def song_healthy_template():
    s = Session("song_cowriter_healthy2_anthropic", "song_cowriter", "anthropic", HEALTHY,
                "Every answer follows one template (Lines / Syllables / Rhyme) for a new section of a country song; "
                "the writer works slowly, sometimes 20-40 minutes between messages.",
                SONG_SYS + " Always answer as:\nLINES:\n...\nSYLLABLES: ...\nRHYME: ...",
                "Country, 4/4, title 'Second-Hand Truck'. Verse 1 please: a guy buys his late father's old truck back "
                "from the man it was sold to.", max_out=500)
    parts = [
        ("It was rusting by a feed store out on Route 83,\nWith a 'For Sale' sign in marker that my daddy wrote for me,\n"
         "The man said 'That's a good one, she'll start if you believe',\nI paid him what he asked and didn't bargain, didn't leave.",
         "14 / 14 / 13 / 14", "AABB (83/me, believe/leave)", "Good. Chorus next, keep it simple.", 1300),
        ("It's a second-hand truck with a first-hand heart,\nGot a dent in the door where the good times start,\n"
         "Still smells like his coffee and the county fair,\nIt's a second-hand truck but he's sitting there.",
         "11 / 10 / 10 / 9", "AABB (heart/start, fair/there)", "Love the last line. Verse 2: the glove box.", 2400),
        ("Glove box full of receipts from nineteen ninety-two,\nA fishing licence, wrapped in a ribbon, faded blue,\n"
         "A note that says 'Check oil' in his slanted capital hand,\nAnd a cassette of Merle he swore he couldn't stand.",
         "13 / 13 / 13 / 11", "AABB (two/blue, hand/stand)", "Ha, the Merle tape. Bridge now, slower, half-time feel.", 1900),
        ("I never said I'm sorry,\nHe never said it's fine,\nWe just drove to nowhere\nWith the windows down, in time.",
         "7 / 6 / 6 / 8", "XAXA (fine/time)", "That's the one. Last verse: him driving his own kid in it.", 2700),
        ("Now my boy rides shotgun and he's asking what's this for,\nThe choke, the crank-down window, the rope that holds the door,\n"
         "I tell him 'That's your granddad's, every squeak and every mile',\nAnd he turns the Merle tape over, and I have to smile.",
         "14 / 13 / 14 / 13", "AABB (for/door, mile/smile)", "Perfect. Final chorus variation?", 1600),
        ("It's a second-hand truck with a third-hand heart,\nGot a dent in the door where the good times start,\n"
         "Still smells like his coffee and the county fair,\nIt's a second-hand truck and we're all in there.",
         "11 / 10 / 10 / 9", "AABB (heart/start, fair/there) - 'third-hand' and 'we're all in there' carry the change",
         "Yes! Tag line to end on?", 900),
        ("She'll start if you believe.", "6", "echoes verse 1 line 3", "Done. Thank you, partner.", 600),
    ]
    for lines, syl, rhyme, user, gap in parts:
        s.say("LINES:\n%s\nSYLLABLES: %s\nRHYME: %s" % (lines, syl, rhyme), user, gap)
    s.say("LINES:\n(none - song complete: V1 / Ch / V2 / Ch / Bridge / V3 / Final Ch / Tag)\nSYLLABLES: -\nRHYME: -",
          "Sending it to the band tonight.", 300)
    return s


# =============================================================================================
# validation, split, output
# =============================================================================================
class Invalid(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Invalid(msg)


def validate_request(shape, req, tools_declared):
    need(isinstance(req.get("model"), str) and req["model"], "model")
    if shape == "chat":
        msgs = req.get("messages")
        need(isinstance(msgs, list) and msgs, "messages")
        pending = set()
        for m in msgs:
            r = m.get("role")
            need(r in ("system", "user", "assistant", "tool"), "chat role %r" % r)
            if r == "tool":
                need(m.get("tool_call_id") in pending, "chat tool result without a pending call")
                pending.discard(m["tool_call_id"])
                need(isinstance(m.get("content"), str), "tool content")
                continue
            need(not pending, "chat tool calls left unanswered before a %s message" % r)
            if r == "assistant" and m.get("tool_calls"):
                for c in m["tool_calls"]:
                    need(c["type"] == "function" and c["function"]["name"] in tools_declared, "undeclared tool")
                    json.loads(c["function"]["arguments"])
                    pending.add(c["id"])
            else:
                need(isinstance(m.get("content"), str), "chat content")
        need(not pending, "chat calls unanswered at end")
        need(msgs[-1]["role"] in ("user", "tool"), "chat request must end with user/tool")
    elif shape == "responses":
        need(isinstance(req.get("max_output_tokens"), int), "max_output_tokens")
        need("previous_response_id" not in req, "previous_response_id")
        items = req.get("input")
        need(isinstance(items, list) and items, "input")
        calls, answered = set(), set()
        for it in items:
            if it.get("type") == "function_call":
                need(it["name"] in tools_declared, "undeclared tool")
                json.loads(it["arguments"])
                need(it["call_id"] not in calls, "duplicate call id")
                calls.add(it["call_id"])
            elif it.get("type") == "function_call_output":
                need(it["call_id"] in calls and it["call_id"] not in answered, "output without call")
                answered.add(it["call_id"])
            else:
                need(it.get("role") in ("user", "assistant") and isinstance(it.get("content"), str), "responses message")
        need(calls == answered, "responses calls unanswered")
    else:
        need(isinstance(req.get("max_tokens"), int), "max_tokens")
        need(isinstance(req.get("system"), str), "system")
        msgs = req.get("messages")
        need(isinstance(msgs, list) and msgs and msgs[0]["role"] == "user", "anthropic starts with user")
        prev_uses = set()
        for i, m in enumerate(msgs):
            need(m["role"] == ("user" if i % 2 == 0 else "assistant"), "anthropic alternation at %d" % i)
            c = m["content"]
            if m["role"] == "user":
                results = {b["tool_use_id"] for b in c if b.get("type") == "tool_result"} if isinstance(c, list) else set()
                need(results == prev_uses, "tool_result must answer exactly the previous tool_use blocks")
                prev_uses = set()
            else:
                need(isinstance(c, list) and c, "assistant content blocks")
                for b in c:
                    need(b["type"] in ("text", "tool_use"), "block type")
                    if b["type"] == "tool_use":
                        need(b["name"] in tools_declared and isinstance(b["input"], dict), "tool_use")
                        prev_uses.add(b["id"])
        need(msgs[-1]["role"] == "user", "anthropic request must end with user")


def tool_names(shape, req):
    out = set()
    for t in req.get("tools", []):
        out.add(t["function"]["name"] if shape == "chat" else t["name"])
    return out


def history_of(shape, req):
    return req["input"] if shape == "responses" else req["messages"]


def validate_session(d, stateless):
    need(d["path"] == PATHS[d["shape"]], "path")
    n = len(d["turns"])
    need(8 <= n <= 30, "%s: %d turns" % (d["name"], n))
    e = d["expected"]
    if e["outcome"] == "runaway":
        need(1 < e["loop_begins_turn"] <= e["stop_by_turn"] < n, "%s: B/D vs %d turns" % (d["name"], n))
    else:
        need(e == HEALTHY, "expected")
    prev_t, prev_h = -1, None
    for t in d["turns"]:
        need(t["at_seconds"] > prev_t, "%s: at_seconds must increase" % d["name"])
        prev_t = t["at_seconds"]
        req = t["request"]
        validate_request(d["shape"], req, tool_names(d["shape"], req))
        h = history_of(d["shape"], req)
        if prev_h is not None and not stateless:
            need(len(h) > len(prev_h) and h[:len(prev_h)] == prev_h, "%s: turn must extend the previous" % d["name"])
        prev_h = h


def in_tuning(index, session):
    """The split rule of this corpus: nothing is in tuning (a fresh held-out set)."""
    return False


def build():
    files = {}
    for k, fn in enumerate(SESSIONS):
        s = fn()
        d = s.to_json()
        validate_session(d, isinstance(s, Stateless))
        sub = "tuning" if in_tuning(k, d) else "heldout"
        files[os.path.join(sub, d["name"] + ".json")] = json.dumps(d, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    shapes = {}
    for d in (json.loads(v) for v in files.values()):
        shapes[d["shape"]] = shapes.get(d["shape"], 0) + 1
    need(all(shapes.get(sh, 0) >= 8 for sh in PATHS), "every shape at least 8 times: %r" % shapes)
    files[os.path.join("tuning", ".gitkeep")] = ""
    return files


def main():
    files = build()
    if "--check" in sys.argv[1:]:
        bad = []
        for rel, text in sorted(files.items()):
            p = os.path.join(ROOT, rel)
            if not os.path.exists(p) or open(p, encoding="utf-8").read() != text:
                bad.append(rel)
        for sub in ("tuning", "heldout"):
            for f in os.listdir(os.path.join(ROOT, sub)) if os.path.isdir(os.path.join(ROOT, sub)) else []:
                if os.path.join(sub, f) not in files:
                    bad.append(os.path.join(sub, f) + " (extra)")
        for rel in bad:
            print("differs: " + rel)
        print("%d files, %s" % (len(files), "OK" if not bad else "%d differ" % len(bad)))
        return 1 if bad else 0
    for rel, text in files.items():
        p = os.path.join(ROOT, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
    for sub in ("tuning", "heldout"):
        for f in os.listdir(os.path.join(ROOT, sub)):
            if os.path.join(sub, f) not in files:
                os.remove(os.path.join(ROOT, sub, f))
    print("wrote %d files under %s" % (len(files), os.path.normpath(ROOT)))
    return 0


SESSIONS = [
    water_runaway_cycle, water_runaway_renamed, water_healthy_poller, water_healthy_batch,
    board_runaway_clarify, board_runaway_exact, board_healthy_stateless, board_healthy_slow_template,
    lab_runaway_alternate, lab_runaway_handoff, lab_healthy_backoff, lab_healthy_paging,
    odds_runaway_poll, odds_runaway_forbidden, odds_healthy_green, odds_healthy_settlement,
    android_runaway_restart, android_runaway_cycle, android_healthy_tests, android_healthy_triage,
    cit_runaway_reserved, cit_runaway_alternate, cit_healthy_batch, cit_healthy_refine,
    visa_runaway_clarify, visa_runaway_renamed, visa_healthy_revisit, visa_healthy_slow,
    song_runaway_continue, song_runaway_paraphrase, song_healthy_continue, song_healthy_template,
]

if __name__ == "__main__":
    sys.exit(main())
