#!/usr/bin/env python3
"""Writer-aa's blind agent-session corpus for tollgate's loop detectors (issue 13).

Writes tests/fixtures/corpus_aa/heldout/*.json (everything is held out; tuning/ holds only
.gitkeep). Stdlib only, deterministic (fixed seeds, no clock, no network).

    python3 scripts/gen_corpus_aa.py           # (re)write the files
    python3 scripts/gen_corpus_aa.py --check   # regenerate in memory, compare to disk, validate

Each session is written by its own hand-written function as a list of turns in a
shape-neutral form (user text, assistant text, assistant tool calls, tool results) and is
then rendered into one of three API shapes (OpenAI Chat, OpenAI Responses, Anthropic
Messages). Turn N+1's request is turn N's request + the assistant's reply + the new input,
except for sessions marked stateless (a client resending one document with a new question).
"""

import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIR = os.path.join(ROOT, "tests", "fixtures", "corpus_aa")

MODELS = {
    "chat": ["gpt-4o", "gpt-4.1-mini", "gpt-4.1"],
    "responses": ["gpt-4.1-mini", "gpt-4o", "o4-mini"],
    "anthropic": ["claude-sonnet-4-20250514", "claude-3-5-haiku-20241022", "claude-opus-4-20250514"],
}
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}


def jd(obj):
    """Compact JSON for tool arguments / tool outputs."""
    return json.dumps(obj, separators=(", ", ": "))


class Session:
    """A session in shape-neutral form.

    turns: list of (at_seconds, inputs, reply) where inputs is a list of events
    ("u", text) or ("r", [output strings, matched in order to the previous reply's calls])
    and reply is ("a", text) or ("c", [(tool, args_dict), ...], text_or_None).
    """

    def __init__(self, style, name, outcome, system, tools=None, user="aa-user", b=None, d=None,
                 notes="", stateless=False, max_tokens=1024):
        self.style, self.name, self.outcome = style, name, outcome
        self.system, self.tools = system, tools or []
        self.user, self.b, self.d, self.notes = user, b, d, notes
        self.stateless, self.max_tokens = stateless, max_tokens
        self.turns = []

    def say(self, at, text, reply):
        self.turns.append((at, [("u", text)], reply))

    def tool(self, at, outputs, reply, text=None):
        ins = [("r", [o if isinstance(o, str) else jd(o) for o in outputs])]
        if text:
            ins.append(("u", text))
        self.turns.append((at, ins, reply))


def A(text):
    return ("a", text)


def C(*calls, text=None):
    return ("c", list(calls), text)


# ---------------------------------------------------------------- rendering

def tool_decl(shape, name, desc, props, required):
    schema = {"type": "object", "properties": props, "required": required}
    if shape == "chat":
        return {"type": "function", "function": {"name": name, "description": desc, "parameters": schema}}
    if shape == "responses":
        return {"type": "function", "name": name, "description": desc, "parameters": schema}
    return {"name": name, "description": desc, "input_schema": schema}


def render_events(shape, events, sid):
    """events: flat list of ('u', text) / ('a', text) / ('c', calls, text) / ('r', outputs)."""
    out = []
    pending = []
    n = 0
    for ev in events:
        kind = ev[0]
        if kind == "u":
            if shape == "anthropic" and out and out[-1]["role"] == "user":
                out[-1]["content"].append({"type": "text", "text": ev[1]})
            elif shape == "anthropic":
                out.append({"role": "user", "content": [{"type": "text", "text": ev[1]}]})
            else:
                out.append({"role": "user", "content": ev[1]})
        elif kind == "a":
            if shape == "anthropic":
                out.append({"role": "assistant", "content": [{"type": "text", "text": ev[1]}]})
            elif shape == "responses":
                out.append({"type": "message", "role": "assistant",
                            "content": [{"type": "output_text", "text": ev[1]}]})
            else:
                out.append({"role": "assistant", "content": ev[1]})
        elif kind == "c":
            pending = []
            calls, text = ev[1], ev[2]
            ids = []
            for _ in calls:
                n += 1
                if shape == "anthropic":
                    ids.append("toolu_%s%04d" % (sid, n))
                elif shape == "responses":
                    ids.append("fc_%s_%04d" % (sid, n))
                else:
                    ids.append("call_%s%04d" % (sid, n))
            pending = ids
            if shape == "chat":
                out.append({"role": "assistant", "content": text,
                             "tool_calls": [{"id": i, "type": "function",
                                             "function": {"name": c[0], "arguments": jd(c[1])}}
                                            for i, c in zip(ids, calls)]})
            elif shape == "responses":
                if text:
                    out.append({"type": "message", "role": "assistant",
                                "content": [{"type": "output_text", "text": text}]})
                for i, c in zip(ids, calls):
                    out.append({"type": "function_call", "call_id": i, "name": c[0],
                                "arguments": jd(c[1])})
            else:
                blocks = [{"type": "text", "text": text}] if text else []
                blocks += [{"type": "tool_use", "id": i, "name": c[0], "input": c[1]}
                           for i, c in zip(ids, calls)]
                out.append({"role": "assistant", "content": blocks})
        elif kind == "r":
            outs = ev[1]
            if len(outs) != len(pending):
                raise ValueError("%s: %d outputs for %d calls" % (sid, len(outs), len(pending)))
            if shape == "chat":
                for i, o in zip(pending, outs):
                    out.append({"role": "tool", "tool_call_id": i, "content": o})
            elif shape == "responses":
                for i, o in zip(pending, outs):
                    out.append({"type": "function_call_output", "call_id": i, "output": o})
            else:
                out.append({"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": i, "content": o} for i, o in zip(pending, outs)]})
            pending = []
    return out


def render(sess, shape, index):
    sid = "aa%02d" % index
    model = MODELS[shape][index % 3]
    turns = []
    history = []
    for at, inputs, reply in sess.turns:
        if sess.stateless:
            events = list(inputs)
        else:
            history.extend(inputs)
            events = list(history)
        msgs = render_events(shape, events, sid)
        if shape == "chat":
            req = {"model": model, "messages": [{"role": "system", "content": sess.system}] + msgs,
                   "max_tokens": sess.max_tokens}
        elif shape == "responses":
            req = {"model": model, "instructions": sess.system, "input": msgs,
                   "max_output_tokens": sess.max_tokens}
        else:
            req = {"model": model, "system": sess.system, "messages": msgs,
                   "max_tokens": sess.max_tokens}
        if sess.tools:
            req["tools"] = [tool_decl(shape, *t) for t in sess.tools]
        turns.append({"at_seconds": at, "request": req})
        if not sess.stateless:
            history.append(reply)
    name = "%s_%s_%s" % (sess.style, sess.name, shape)
    if sess.outcome == "runaway":
        expected = {"outcome": "runaway", "loop_begins_turn": sess.b, "stop_by_turn": sess.d}
    else:
        expected = {"outcome": "healthy"}
    doc = {"name": name, "style": sess.style, "shape": shape, "path": PATHS[shape],
           "headers": {"x-session-id": "aa-%s-%s" % (sid, name.replace("_", "-")), "x-user-id": sess.user},
           "expected": expected}
    if sess.notes:
        doc["notes"] = sess.notes
    doc["turns"] = turns
    return name, doc


# ---------------------------------------------------------------- style 1: beehive_health_monitor

BEE_TOOLS = [
    ("get_hive_weight", "Latest load-cell reading(s) for one hive on the apiary scale network.",
     {"hive_id": {"type": "string"}, "hours": {"type": "integer"}}, ["hive_id"]),
    ("get_temperature", "Brood-box and ambient temperature probes for one hive.",
     {"hive_id": {"type": "string"}}, ["hive_id"]),
    ("read_inspection_log", "Entries from the beekeeper's inspection log for one hive.",
     {"hive_id": {"type": "string"}, "limit": {"type": "integer"}}, ["hive_id"]),
]
BEE_SYS = ("You are HiveWatch, a monitoring assistant for a 14-colony apiary at Ostrander Farm. "
           "Use the sensor tools to check colonies and tell the beekeeper clearly what you see. "
           "Weights are gross (hive + boxes + bees + stores) in kilograms.")


def bee_stale_scale():
    s = Session("beehive_health_monitor", "runaway_stale_scale", "runaway", BEE_SYS, BEE_TOOLS,
                user="mara.ostrander", b=5, d=12,
                notes="Polls a scale whose gateway went offline; every poll returns the same frozen "
                      "reading and the assistant says the same thing each time.")
    s.say(0, "Hive H-07 felt light when I tipped it this morning. Can you check its weight trend and tell me "
             "if it swarmed? I'm out at the far yard until noon.",
          C(("get_hive_weight", {"hive_id": "H-07", "hours": 24})))
    frozen = {"hive_id": "H-07", "gateway": "gw-north-2", "status": "stale",
              "last_reading": {"ts": "2026-06-14T04:50:00Z", "gross_kg": 38.64},
              "message": "No samples received from load cell LC-07 since 04:50Z. Gateway heartbeat missing."}
    s.tool(40, [{"hive_id": "H-07", "hours": 24, "samples": [
        {"ts": "2026-06-13T12:00:00Z", "gross_kg": 43.91}, {"ts": "2026-06-13T18:00:00Z", "gross_kg": 44.20},
        {"ts": "2026-06-14T00:00:00Z", "gross_kg": 43.87}, {"ts": "2026-06-14T04:50:00Z", "gross_kg": 38.64}],
        "status": "stale", "message": "No samples since 04:50Z."}],
        A("The last 24 h show H-07 steady around 43.9-44.2 kg, then a single reading at 04:50 UTC of "
          "38.64 kg, a drop of about 5.2 kg. That is in the range of a prime swarm leaving, but the scale "
          "stopped reporting right after that, so I can't confirm it yet. I'll keep checking for a fresh "
          "reading."))
    s.say(130, "ok keep an eye on it, ping me when you have a fresh number",
          C(("get_hive_weight", {"hive_id": "H-07"})))
    t = 170
    for i in range(13):
        s.tool(t, [frozen], C(("get_hive_weight", {"hive_id": "H-07"}),
                              text="Still no new reading from H-07 (last sample 04:50Z, 38.64 kg). Checking again."))
        t += 30
    return s


def bee_cycle_probe():
    s = Session("beehive_health_monitor", "runaway_probe_cycle", "runaway", BEE_SYS, BEE_TOOLS,
                user="dev.okafor", b=5, d=12,
                notes="Period-3 cycle weight -> temperature -> log on one hive; the dumps differ only by "
                      "server time and probe uptime, the assistant keeps concluding it must re-check the weight.")
    s.say(0, "H-11's brood temperature alarm went off twice overnight. Figure out whether the colony is "
             "in trouble or if it's the probe.",
          C(("get_hive_weight", {"hive_id": "H-11", "hours": 12})))
    t = 20
    for r in range(6):
        st = "2026-07-02T09:%02d:%02dZ" % (14 + r * 2, (r * 37) % 60)
        s.tool(t, [{"hive_id": "H-11", "server_time": st, "samples_12h": [51.02, 51.10, 51.07, 51.15],
                    "delta_kg_12h": 0.13, "battery_v": 3.71}],
               C(("get_temperature", {"hive_id": "H-11"}),
                 text="Weight is flat (+0.13 kg over 12 h), so no swarm. Let me look at the temperature probes."))
        t += 25
        s.tool(t, [{"hive_id": "H-11", "server_time": st, "probe_uptime_s": 86400 * 3 + 4117 + r * 61,
                    "brood_c": [34.6, 34.8, 29.1, 34.7], "ambient_c": 17.2,
                    "alarms": [{"ts": "2026-07-02T01:12Z", "brood_c": 29.1}, {"ts": "2026-07-02T03:40Z", "brood_c": 29.3}]}],
               C(("read_inspection_log", {"hive_id": "H-11", "limit": 3}),
                 text="One brood reading dipped to 29.1 °C. I should check the last inspections for context."))
        t += 25
        s.tool(t, ["2026-06-28 | H-11 | queen seen, 7 frames brood, calm | moved probe to frame 5\n"
                   "2026-06-21 | H-11 | supers added, good flow\n2026-06-14 | H-11 | chalkbrood trace, removed 1 frame"],
               C(("get_hive_weight", {"hive_id": "H-11", "hours": 12}),
                 text="The probe was moved on 06-28, which may explain the dip, but a chilled brood patch would "
                      "also show in the weight trend. Re-checking the weight to be sure."))
        t += 25
    return s


def bee_swarm_recovery():
    s = Session("beehive_health_monitor", "healthy_weight_poll_moves", "healthy", BEE_SYS, BEE_TOOLS,
                user="mara.ostrander",
                notes="Polls a hive during a nectar flow after a re-queening; weight, battery and timestamps "
                      "move every poll and the job ends with a summary.")
    s.say(0, "I just hived the swarm from H-07 into a new box, H-15. Watch its weight for the next few hours "
             "and tell me if they're staying and foraging. Report every half hour or so.",
          C(("get_hive_weight", {"hive_id": "H-15", "hours": 1})))
    w = 21.40
    t = 15
    deltas = [0.00, 0.12, 0.31, 0.18, -0.07, 0.26, 0.40, 0.22, 0.09, 0.15, 0.02]
    for i, dlt in enumerate(deltas):
        w = round(w + dlt, 2)
        ts = "2026-06-14T%02d:%02d:00Z" % (13 + (i * 30) // 60, (i * 30) % 60)
        out = {"hive_id": "H-15", "ts": ts, "gross_kg": w, "delta_30m_kg": dlt,
               "battery_v": round(3.90 - i * 0.01, 2), "status": "ok"}
        if i < len(deltas) - 1:
            msg = ("%s: H-15 at %.2f kg (%+.2f kg in 30 min). %s" %
                   (ts[11:16], w, dlt,
                    ["Bees are still settling; no change yet.", "First small gain, foragers are out.",
                     "Good gain, nectar coming in.", "Still gaining.",
                     "A small dip: likely foragers out in the heat, not absconding.",
                     "Back up; a flat-then-up pattern is typical on day one.", "Strongest gain so far.",
                     "Gain continues.", "Slowing as the afternoon cools.", "Modest gain.", ""][i]))
            s.tool(t, [out], C(("get_hive_weight", {"hive_id": "H-15", "hours": 1}), text=msg))
        else:
            s.tool(t, [out], C(("get_temperature", {"hive_id": "H-15"}),
                               text="Weight has leveled for the evening. Checking brood temperature once."))
        t += 1800
    s.tool(t, [{"hive_id": "H-15", "brood_c": [34.9, 35.1, 34.7], "ambient_c": 19.8, "alarms": []}],
           A("Summary for H-15: +1.73 kg since hiving, gains on 9 of 11 half-hour polls, brood cluster holding "
             "34.7-35.1 °C. They are staying and foraging. I'll stop the half-hourly polling now."))
    return s


def bee_slow_inspection():
    s = Session("beehive_health_monitor", "healthy_slow_beekeeper", "healthy", BEE_SYS, BEE_TOOLS,
                user="tomas.lindqvist",
                notes="A beekeeper answers between inspections with 20-60 minute gaps; the assistant revisits "
                      "the same hives' logs and probes as new information arrives.")
    s.say(0, "Starting inspections of the east row (H-01 to H-04). Before I open H-01, anything I should know?",
          C(("read_inspection_log", {"hive_id": "H-01", "limit": 2}), ("get_temperature", {"hive_id": "H-01"})))
    s.tool(10, ["2026-05-30 | H-01 | queen cells x3 capped on frame 4, left them, colony crowded\n"
                "2026-05-23 | H-01 | added second brood box", {"hive_id": "H-01", "brood_c": [35.0, 34.8], "ambient_c": 15.1}],
           A("H-01 had three capped queen cells on 30 May and was crowded. Expect either a virgin queen or that "
             "they swarmed. Brood temperatures look normal (34.8-35.0 °C). Look for eggs first."))
    s.say(1820, "H-01: no eggs, no queen seen, queen cells torn open. Lots of bees still. Hmm.",
          A("Torn-open cells with no eggs after ~15 days fits a virgin queen who hasn't started laying yet, "
            "or is out on mating flights. Don't combine or requeen yet; give it 7-10 days and test with a "
            "frame of eggs from H-02 if you're worried."))
    s.say(3900, "OK. Moving to H-02. Check it for me?",
          C(("read_inspection_log", {"hive_id": "H-02", "limit": 2}), ("get_hive_weight", {"hive_id": "H-02", "hours": 72})))
    s.tool(3912, ["2026-05-30 | H-02 | strong, 9 frames brood, 2 supers\n2026-05-23 | H-02 | varroa wash 1/300",
                  {"hive_id": "H-02", "samples": [{"ts": "2026-06-11", "gross_kg": 61.2}, {"ts": "2026-06-14", "gross_kg": 66.9}]}],
           A("H-02 is your strongest: 9 frames brood, mite wash 1/300 and +5.7 kg in three days. It's a good "
             "donor for a test frame for H-01. Check if the top super needs another above it."))
    s.say(6600, "H-02 yes super full, added one. Took a frame of eggs for H-01. Back to H-01 now to put it in.",
          C(("read_inspection_log", {"hive_id": "H-01", "limit": 1})))
    s.tool(6610, ["2026-06-14 | H-01 | (draft, unsaved) no eggs, queen cells torn"],
           A("Your draft note for H-01 is there. Put the egg frame in the centre of the brood nest. If they "
             "draw queen cells on it within 3-4 days, H-01 is queenless; if not, the virgin is there."))
    s.say(9300, "Done. H-03 next, this one's been defensive.",
          C(("read_inspection_log", {"hive_id": "H-03", "limit": 3}), ("get_temperature", {"hive_id": "H-03"})))
    s.tool(9305, ["2026-05-30 | H-03 | hot, stung through gloves, 6 frames brood\n2026-05-23 | H-03 | hot\n"
                  "2026-05-16 | H-03 | calm, new queen marked yellow", {"hive_id": "H-03", "brood_c": [35.3, 35.2], "ambient_c": 16.0}],
           A("H-03 turned defensive after 16 May, while it had a newly marked queen. Worth checking if the yellow "
             "queen is still there; supersedure by a local drone-mated daughter can change temperament."))
    s.say(12100, "Yellow queen is gone, unmarked queen laying well. So supersedure I guess. Last one H-04.",
          C(("read_inspection_log", {"hive_id": "H-04", "limit": 2}), ("get_hive_weight", {"hive_id": "H-04", "hours": 72})))
    s.tool(12108, ["2026-05-30 | H-04 | small, 4 frames, feeding 1:1\n2026-05-23 | H-04 | small",
                   {"hive_id": "H-04", "samples": [{"ts": "2026-06-11", "gross_kg": 29.8}, {"ts": "2026-06-14", "gross_kg": 30.4}]}],
           A("H-04 is small but gaining slowly (+0.6 kg). Keep feeding and check for mites since small colonies "
             "suffer more. Noted H-03's supersedure; you may want to requeen if it stays hot."))
    s.say(14500, "All done. Write me the summary for the log, one line per hive.",
          A("H-01: queenless or virgin; test frame of eggs from H-02 added, recheck in 4 days.\n"
            "H-02: strong, super added, donor frame taken.\nH-03: supersedure, new unmarked queen laying, "
            "still defensive.\nH-04: small, +0.6 kg/3 d, continue 1:1 feed, mite check next visit."))
    return s


# ---------------------------------------------------------------- style 2: crossword_constructor

XW_SYS = ("You are a crossword construction assistant. Help the constructor build a 15x15 American-style "
          "themed grid: rotational symmetry, all-over interlock, no 2-letter words, no unchecked squares. "
          "Use '#' for black squares when you show grid rows.")


def xw_paraphrase_corner():
    s = Session("crossword_constructor", "runaway_same_corner_fill", "runaway", XW_SYS, user="ines.k",
                b=3, d=8, notes="The assistant keeps offering the same SE-corner fill (ending in the non-word "
                "AEON/ESNE crossing) reworded each time; the constructor keeps rejecting it.")
    s.say(0, "Theme is SOUNDS LIKE A BIRD: HERON -> HERRING? no. Entries so far: CRANEOPERATOR (13), "
             "ROBINHOODMEN (12)... never mind the theme for now. I'm stuck on the SE corner. Rows 12-15, "
             "cols 11-15. Row 15 must end in the revealer PIPIT? no, it ends in ...OWL at 13-15. Help me fill.",
          A("Here's a fill for the SE corner (rows 12-15, cols 11-15):\n\nrow12: A S T E R\nrow13: E S N E S\n"
            "row14: O N T O W\nrow15: N A S O W L\n\nDowns: AEON, SSNA... hold on, col 12 gives SSNA. Let me "
            "correct: use ESNE at 13-Across (Anglo-Saxon laborer) and AEON down."))
    s.say(180, "ESNE is crosswordese I refuse to use, and 'SSNA' isn't a word. The corner also has to end in OWL. Try again.",
          A("Understood. Alternative SE fill:\n\nrow12: A S T E R\nrow13: E S N E S\nrow14: O T T E R\n"
            "row15: N E S O W L\n\nThis keeps AEON down at col 11 and makes ESNES the 13-Across entry."))
    s.say(400, "That is the same corner. ESNES again, AEON again, and 'NESOWL' isn't a phrase.",
          A("You're right, apologies. Let me rework it so it reads cleanly:\n\nrow12: A S T E R\nrow13: E S N E S\n"
            "row14: O T T E R\nrow15: N E S O W L\n\nAEON (col 11), SETS (col 12), TNTE... I believe this corner "
            "works if we clue ESNES as 'Old English serfs'."))
    t = 600
    pushes = [
        "No. Same letters. I need something WITHOUT ESNE. Maybe move the black square at 13,11?",
        "Still ESNES in row 13. Please actually change row 13.",
        "You keep giving me A S T E R / E S N E S. Different words please.",
        "Again ESNES. Is there any fill that doesn't use it?",
        "Same grid for the fifth time.",
        "Why does row 13 never change?",
        "Please stop and just tell me if it's impossible.",
        "ESNES. again.",
    ]
    alt = [
        "Good idea, moving the black square. Revised SE corner:\n\nrow12: A S T E R\nrow13: E S N E S\nrow14: O T T E R\n"
        "row15: N E S O W L\n\nWith the block moved, AEON still runs down column 11 and ESNES stays at 13-Across.",
        "Here is a cleaner version of the corner:\n\nrow12: A S T E R\nrow13: E S N E S\nrow14: O T T E R\nrow15: N E S O W L\n\n"
        "ESNES can be clued fairly ('Medieval laborers'), and AEON is a common entry.",
        "Trying a different approach for the SE:\n\nrow12: A S T E R\nrow13: E S N E S\nrow14: O T T E R\nrow15: N E S O W L\n\n"
        "This preserves OWL at the end of row 15 as required.",
    ]
    for i, u in enumerate(pushes):
        s.say(t, u, A(alt[i % 3]))
        t += 150 + 40 * (i % 3)
    return s


def xw_same_clarification():
    s = Session("crossword_constructor", "runaway_same_question", "runaway", XW_SYS, user="bo.ahearn",
                b=3, d=8, notes="The assistant asks the same clarification about theme symmetry every turn and "
                "the constructor's answers repeat; nothing gets built.")
    q = ("Before I place the theme entries, one question: should the two 11-letter themers be placed "
         "symmetrically in rows 4 and 12, or do you want them in rows 3 and 13 so the revealer can sit in row 8?")
    s.say(0, "Theme: famous ships hidden in phrases. Themers: MAYFLOWERPOT (12? no 11: MAYFLOWERBED... hmm) "
             "Let's go with: ARKANSASCITY (11? it's 12) -- ok actual list: BEAGLEBOYS (10), TITANICSHOE (11), "
             "VICTORYLAPS (11), BOUNTYHUNTER (12), revealer SHIPSHAPE (9). Place them in a grid.",
          A("Nice set. " + q))
    s.say(240, "Rows 4 and 12, symmetric. Revealer in the middle row.",
          A("Great, thanks. Just to make sure I place them correctly: " + q))
    answers = ["Rows 4 and 12. Symmetric. I said that.", "Rows 4 and 12.", "rows 4 and 12, revealer row 8",
               "4 and 12!!", "Rows 4 and 12. Please just build it.", "4 and 12.", "rows 4 and 12",
               "Rows 4 and 12, symmetric, revealer row 8.", "Same answer: 4 and 12.", "4 and 12. Why do you keep asking?"]
    lead = ["Understood. One clarification first: ", "Thanks! Before I start laying out the grid: ",
            "Got it. Quick check so I don't have to redo it: "]
    t = 480
    for i, a in enumerate(answers):
        s.say(t, a, A(lead[i % 3] + q))
        t += 120 + 30 * (i % 4)
    return s


XW_GRIDS = [
    ["S C A B # T A R P S # A P E S", "P A R E # A L O E S # L O G O", "A S T R O N O M I C A L # # #"],
    ["S C A B # T A R P S # A P E S", "P A R E # A L O E S # L O G O", "A S T R O N O M E R S # O N E"],
    ["S C A R # T A R P S # A P E S", "P A R E # A L O E S # L O G O", "A S T R O N O M E R S # O N E"],
    ["S C A R # T A R O T # A P E S", "P A R E # A L O N E # L O G O", "A S T R O N O M E R S # O N E"],
    ["S C A R # T A R O T # A P E X", "P A R E # A L O N E # L O G O", "A S T R O N O M E R S # O N E"],
    ["S C A R # T A R O T # A P E X", "P A R E # A L O N E # L O G O", "A S T R O N O M E R S # O D E"],
]


def xw_refine():
    s = Session("crossword_constructor", "healthy_small_diffs", "healthy", XW_SYS, user="ines.k",
                notes="Iterative refinement of the top rows: each turn changes one or two letters and the "
                "assistant reports fill quality in the same template with different numbers and words.")
    changes = [None, "row 2 end: ASTRONOMICAL is too long, make it ASTRONOMERS + ONE",
               "SCAB -> SCAR please, scab is unpleasant", "TARPS->TAROT and ALOES->ALONE, better fill",
               "APES -> APEX, I want the X for scrabble points", "ONE -> ODE (col 15 down works better with D)"]
    scores = [(62, "ASTRONOMICAL overruns col 12"), (71, "ONE is dull but fine"), (73, "SCAR is cleaner"),
              (78, "TAROT and ALONE both good"), (81, "APEX gives XOXO potential at 1-Down col 14"),
              (83, "ODE crosses DOE nicely")]
    t = 0
    for i, g in enumerate(XW_GRIDS):
        grid = "\n".join(g)
        if i == 0:
            u = "Here's my NW/N of the grid, rows 1-3. Rate the fill and tell me the weakest entries.\n\n" + grid
        else:
            u = "Change: %s.\n\n%s" % (changes[i], grid)
        sc, note = scores[i]
        s.say(t, u, A("Fill score: %d/100.\nRow 1 across: %s\nRow 3 across: %s\nWeakest: %s.\nNote: %s." %
                      (sc, " / ".join(w.replace(" ", "") for w in g[0].split("#") if w.strip()),
                       " / ".join(w.replace(" ", "") for w in g[2].split("#") if w.strip()),
                       ["ASTRONOMICAL (length)", "ONE", "TARPS (plural)", "APES (plural)", "none glaring", "ODE/DOE ok"][i],
                       note)))
        t += 200 + 37 * i
    for j, (u, a) in enumerate([
        ("Now clue row 1 for a Tuesday level.", "SCAR: 'Harry Potter's forehead mark'\nTAROT: 'Deck for a fortune teller'\nAPEX: 'Summit'"),
        ("Make APEX harder, Saturday-ish.", "APEX: 'Where things come to a point?'"),
        ("And TAROT too.", "TAROT: 'It might hang in the balance of the Lovers?' -- or simpler: 'Major Arcana collection'"),
        ("Go with Major Arcana. Now row 2 clues, Tuesday.", "PARE: 'Trim, as an apple'\nALONE: 'Solo'\nLOGO: 'Swoosh, for Nike'"),
    ]):
        s.say(t, u, A(a))
        t += 260
    return s


XW_CLUE_BATCHES = [
    ("1-15 Across", "1A SCAR 'Battle memento'\n5A TAROT 'Major Arcana deck'\n10A APEX 'Summit'\n14A PARE 'Trim, as an apple'"),
    ("15-30 Across", "15A ALONE 'Like a hermit'\n16A LOGO 'Swoosh, for one'\n17A ASTRONOMERS 'Hubble and Herschel'\n20A ODE 'Keats's Grecian urn tribute'"),
    ("31-45 Across", "31A ORCA 'Killer whale'\n33A TITANICSHOE 'Sinking feeling in one's footwear? (theme)'\n38A ENO 'Ambient music pioneer'\n41A STAR 'Lead actor'"),
    ("46-60 Across", "46A OBOE 'Orchestra tuner'\n48A VICTORYLAPS 'Winners' circuits (theme)'\n53A ERA 'Time period'\n55A IDLE 'Not running'"),
    ("1-12 Down", "1D SPA 'Place for a mud wrap'\n2D CAS 'Some basketball positions, for short? no: Calif. neighbor abbr.'\n3D ART 'Louvre contents'\n4D RET 'Soak, as flax'"),
    ("13-30 Down", "13D ENE 'Compass dir.'\n18D ROTO 'Prefix with -tiller'\n22D SHIPSHAPE 'Neat and tidy (revealer)'\n25D ABLE 'Competent'"),
    ("31-50 Down", "31D OPAL 'October birthstone'\n34D ISLE 'Man, for one'\n39D NEON 'Vegas sign gas'\n44D TOTE 'Beach bag'"),
    ("51-60 Down", "51D AGE 'Iron ___'\n52D PEW 'Church seat'\n54D RYE 'Deli bread'\n57D SOS 'Distress call'"),
]


def xw_continue_clues():
    s = Session("crossword_constructor", "healthy_continue_clues", "healthy", XW_SYS, user="bo.ahearn",
                notes="'continue' over and over, each time the assistant writes the next batch of clues, "
                "always in the same layout with new entries.")
    s.say(0, "The grid is final (I've pasted it in our shared doc). Write clues in order, about four at a time, "
             "Wednesday difficulty. Start with 1-Across.",
          A("Clues %s:\n%s" % XW_CLUE_BATCHES[0]))
    t = 90
    for i, (rng, txt) in enumerate(XW_CLUE_BATCHES[1:]):
        s.say(t, "continue" if i % 3 else "continue please", A("Clues %s:\n%s" % (rng, txt)))
        t += 70 + 11 * i
    s.say(t, "2-Down is a mess, redo it.", A("2D CAS -> CAL 'Berkeley, familiarly'. That changes 14A to PALE: "
                                             "'Wan'. Want me to re-check the crossings at row 2?"))
    s.say(t + 120, "yes", A("Row 2 crossings: P-A-L-E with 1D SPA (P ok), 2D CAL (A ok), 3D ART (L? no, ART gives R). "
                             "Fix: 3D ALT 'Key next to the space bar' -> row 2 becomes PALE. All crossings valid."))
    return s


# ---------------------------------------------------------------- style 3: insurance_subrogation

SUB_TOOLS = [
    ("get_claim_file", "Fetch the subrogation claim file (loss facts, payments, parties, documents).",
     {"claim_id": {"type": "string"}}, ["claim_id"]),
    ("assess_liability", "Run the liability model on a claim; returns fault split and confidence.",
     {"claim_id": {"type": "string"}, "evidence": {"type": "array", "items": {"type": "string"}}}, ["claim_id"]),
    ("draft_demand_letter", "Create a demand letter draft to the adverse carrier.",
     {"claim_id": {"type": "string"}, "amount_cents": {"type": "integer"}, "fault_pct": {"type": "integer"}},
     ["claim_id", "amount_cents"]),
    ("send_demand", "Send an approved demand package to the adverse carrier's intake API.",
     {"draft_id": {"type": "string"}}, ["draft_id"]),
]
SUB_SYS = ("You are a subrogation recovery agent for Northgate Mutual. For each paid claim where another "
           "party may be at fault, review the file, establish liability, and pursue recovery with a demand "
           "letter. Amounts are in cents. Never send a demand without a liability assessment.")

CLAIM_PARTIES = {
    "SUB-24-01873": ("Priya Raman", "Rear-end collision at Elm St & 4th, insured stopped at red light", "Keystone Casualty", 1184250),
    "SUB-24-01874": ("Walter Bright", "Water damage from upstairs unit's failed supply line", "Harborline Home", 2290000),
    "SUB-24-01879": ("Cora Ng", "Parked vehicle struck by delivery van, driver admitted fault", "Vantage Commercial", 412075),
    "SUB-24-01881": ("Luis Ortega", "Kitchen fire from recalled toaster oven (model TX-400)", "Selwyn Products Ins.", 3875000),
    "SUB-24-01882": ("Hannah Moe", "Side-swipe on I-94 merge, disputed lane change", "Keystone Casualty", 690310),
    "SUB-24-01886": ("Ade Bankole", "Tree from neighbour's lot fell on garage, prior notice of rot", "Prairie State Mutual", 1510000),
    "SUB-24-01890": ("June Park", "Left-turn collision, other driver ran yellow/red", "Allied Fidelity", 955560),
    "SUB-24-01893": ("Sam Whitlock", "Rental truck rolled into insured's storefront", "Haulright Fleet Ins.", 2744900),
    "SUB-24-01897": ("Eva Lindgren", "Dog bite at neighbour's BBQ, med pay paid", "Prairie State Mutual", 318800),
}


def claim_file(cid, loss_date, extra_notes=0):
    name, facts, carrier, paid = CLAIM_PARTIES[cid]
    notes = []
    rng = random.Random(cid)
    for k in range(extra_notes):
        notes.append("%s adj.%s: %s" % ("2024-%02d-%02d" % (3 + k // 20, 1 + k % 28, ), rng.choice(["kbr", "tlm", "jws"]),
                     rng.choice(["Called insured, left VM re: rental receipts.",
                                 "Received repair estimate from Baxter Auto Body, $%d.%02d." % (rng.randint(900, 9000), rng.randint(0, 99)),
                                 "Adverse carrier acknowledged notice of claim, ref %s-%05d." % (carrier[:3].upper(), rng.randint(0, 99999)),
                                 "Photos uploaded (%d), show point of impact consistent with statement." % rng.randint(3, 24),
                                 "Supplement approved for hidden damage to rear crossmember.",
                                 "Insured confirms no other insurance; deductible $%d." % rng.choice([250, 500, 1000]),
                                 "Diary: follow up on police report request.",
                                 "Rental closed out after %d days at $42.50/day." % rng.randint(4, 19)])))
    return {"claim_id": cid, "insured": name, "date_of_loss": loss_date, "facts": facts,
            "adverse_carrier": carrier, "paid_cents": paid, "deductible_cents": 50000,
            "documents": ["FNOL", "estimate", "photos", "payment ledger"] + (["police report"] if "collision" in facts else []),
            "adjuster_notes": notes}


def sub_renamed_drafts():
    s = Session("insurance_subrogation", "runaway_renamed_drafts", "runaway", SUB_SYS, SUB_TOOLS,
                user="recovery-bot-3", b=6, d=12,
                notes="Each draft gets a new id and each re-assessment a new id, but every draft is rejected for "
                      "the same missing adverse policy number; the agent re-assesses and re-drafts forever.")
    cid = "SUB-24-01873"
    s.say(0, "Pursue recovery on %s. Insured was rear-ended; we paid $11,842.50." % cid,
          C(("get_claim_file", {"claim_id": cid})))
    f = claim_file(cid, "2024-02-11", 6)
    f["adverse_policy_no"] = None
    s.tool(15, [f], C(("assess_liability", {"claim_id": cid, "evidence": ["police report", "photos"]}),
                      text="Rear-end with a police report: strong liability. Running the model."))
    t = 40
    rng = random.Random(7)
    for i in range(7):
        aid = "LA-%06d" % (318200 + rng.randint(1, 999) + i * 1000)
        did = "DL-%05d" % (88412 + i * 7 + rng.randint(0, 5))
        s.tool(t, [{"assessment_id": aid, "claim_id": cid, "adverse_fault_pct": 100, "confidence": 0.94,
                    "basis": "Rear-end presumption; police report cites other driver (VC 21703)."}],
               C(("draft_demand_letter", {"claim_id": cid, "amount_cents": 1184250, "fault_pct": 100}),
                 text=["100%% adverse fault (%s). Drafting the demand for $11,842.50." % aid,
                       "Fresh assessment %s confirms 100%%. Drafting the demand again." % aid,
                       "Liability reconfirmed (%s, 100%%). Creating a new demand draft." % aid][i % 3]))
        t += 30 + i * 5
        s.tool(t, [{"draft_id": did, "status": "rejected", "claim_id": cid,
                    "errors": [{"field": "adverse_policy_no", "code": "REQUIRED",
                                "message": "Adverse carrier policy number is required for demands over $10,000.00"}]}],
               C(("assess_liability", {"claim_id": cid, "evidence": ["police report", "photos", "statement"]}),
                 text=["Draft %s was rejected. The liability basis may need strengthening; re-running the assessment "
                       "with the insured's statement." % did,
                       "Draft %s rejected on validation. Re-assessing liability before re-drafting." % did,
                       "The demand %s didn't go through; I'll refresh the liability assessment and try again." % did][i % 3]))
        t += 30 + i * 5
    return s


def sub_handoff():
    s = Session("insurance_subrogation", "runaway_desk_pingpong", "runaway", SUB_SYS, SUB_TOOLS,
                user="recovery-orchestrator", b=5, d=11,
                notes="Recovery agent and liability desk agent hand the same file back and forth: one wants a police "
                      "report that will not arrive, the other returns it asking for an assessment without it.")
    cid = "SUB-24-01882"
    s.say(0, "[intake] New file %s assigned to recovery. Side-swipe on I-94, lane change disputed." % cid,
          C(("get_claim_file", {"claim_id": cid})))
    f = claim_file(cid, "2024-03-19", 4)
    f["documents"] = ["FNOL", "estimate", "photos", "insured statement", "adverse statement"]
    f["police_report"] = {"status": "requested", "requested_on": "2024-03-25", "agency": "MSP Post 21"}
    s.tool(12, [f], A("Handing %s to liability desk: both drivers claim the other changed lanes; photos show "
                      "damage along insured's right side. Please assign a fault split." % cid))
    back = ("[liability-desk -> recovery] Returned %s: cannot assign a fault split on a disputed lane change "
            "without the police report. Please obtain it and resubmit." % cid)
    t = 300
    for i in range(7):
        s.say(t, back if i % 2 == 0 else back.replace("Please obtain it and resubmit.", "Resubmit once the report is in."),
              C(("get_claim_file", {"claim_id": cid})))
        t += 20
        s.tool(t, [f], A(["Police report for %s is still only 'requested' (2024-03-25, MSP Post 21). Returning to "
                          "liability desk: please assess on photos and both statements." % cid,
                          "Report still outstanding. Sending %s back to liability desk to decide on the available "
                          "evidence (photos, two statements)." % cid][i % 2]))
        t += 280
    return s


def sub_backoff_send():
    s = Session("insurance_subrogation", "healthy_backoff_then_sent", "healthy", SUB_SYS, SUB_TOOLS,
                user="recovery-bot-1",
                notes="The adverse carrier's intake API answers 503, 429 and 503 with growing delays, then accepts "
                      "the demand; the agent then closes the task.")
    cid = "SUB-24-01879"
    s.say(0, "Finish %s: driver admitted fault, we paid $4,120.75. Get the demand out today." % cid,
          C(("get_claim_file", {"claim_id": cid})))
    s.tool(10, [claim_file(cid, "2024-04-02", 3)], C(("assess_liability", {"claim_id": cid, "evidence": ["photos", "admission"]})))
    s.tool(25, [{"assessment_id": "LA-409911", "adverse_fault_pct": 100, "confidence": 0.97,
                 "basis": "Written admission by commercial driver; parked vehicle."}],
           C(("draft_demand_letter", {"claim_id": cid, "amount_cents": 412075, "fault_pct": 100})))
    s.tool(45, [{"draft_id": "DL-90127", "status": "approved", "pages": 3, "amount_cents": 412075}],
           C(("send_demand", {"draft_id": "DL-90127"})))
    fails = [(47, {"http_status": 503, "error": "Service Unavailable", "detail": "vantage-intake upstream timeout"},
              "Vantage's intake returned 503. Retrying in 30 s."),
             (80, {"http_status": 429, "error": "Too Many Requests", "retry_after_s": 120},
              "Rate-limited (429, retry-after 120 s). Waiting two minutes."),
             (205, {"http_status": 503, "error": "Service Unavailable", "detail": "maintenance window ends 14:30 CT"},
              "503 again; their note says maintenance until 14:30 CT. Retrying after that, about 8 minutes.")]
    for at, out, msg in fails:
        s.tool(at, [out], C(("send_demand", {"draft_id": "DL-90127"}), text=msg))
    s.tool(700, [{"http_status": 202, "intake_ref": "VCI-2024-77310", "received": "2024-06-03T19:31:04Z"}],
           A("Demand DL-90127 accepted by Vantage Commercial (ref VCI-2024-77310). Diary set for a 30-day "
             "follow-up on 2024-07-03."))
    s.say(760, "Thanks. Anything else outstanding on that file?",
          A("No. Rental and repair payments are closed; the only open item is the recovery itself. "
            "Expected recovery $4,120.75 plus the insured's $500 deductible, which I included in the demand."))
    s.say(800, "Wait, did you include the deductible? The draft amount was 412075.",
          A("You're right: the draft was for $4,120.75, our paid amount only. The $500 deductible was not "
            "included. I'll note it for a supplemental demand rather than withdraw the accepted one."))
    return s


def sub_batch_warnings():
    policy = ("RECOVERY TRIAGE INSTRUCTIONS (v7, effective 2024-05-01)\n" + "\n".join(
        "%d. %s" % (i + 1, r) for i, r in enumerate([
            "Review every claim in the queue in order. Fetch the claim file and run assess_liability.",
            "Report one line per claim: claim id, adverse carrier, paid amount, fault %, action.",
            "Flag STATUTE if the date of loss is more than 21 months ago (2-year statute in most states, "
            "check the state table); these need a demand or a filing within 90 days.",
            "Flag LOW-RECOVERY if paid amount x fault % is under $1,000.00; close with reason code LR.",
            "Flag PRODUCT if the facts suggest a product defect; route to the product-liability unit, do not demand.",
            "Do not draft demands in this pass; this is triage only.",
            "Comparative fault: if fault < 50% in a modified comparative state, recovery is barred.",
            "Arbitration: if the adverse carrier is an Arbitration Forums signatory, note AF.",
            "Keep the tone neutral; these lines go straight into the unit's daily report."])))
    s = Session("insurance_subrogation", "healthy_triage_batch", "healthy", SUB_SYS, SUB_TOOLS,
                user="sub-unit-lead",
                notes="Batch triage of nine claims under one long instruction; the same STATUTE warning "
                      "legitimately recurs on several different claims.")
    queue = [("SUB-24-01874", "2022-08-14", 50), ("SUB-24-01879", "2024-04-02", 70), ("SUB-24-01881", "2023-01-30", 40),
             ("SUB-24-01882", "2022-07-03", 60), ("SUB-24-01886", "2022-09-22", 35), ("SUB-24-01890", "2024-01-15", 80),
             ("SUB-24-01893", "2022-06-30", 100), ("SUB-24-01897", "2023-11-05", 90)]
    s.say(0, policy + "\n\nQueue for today: " + ", ".join(q[0] for q in queue),
          C(("get_claim_file", {"claim_id": queue[0][0]}), ("assess_liability", {"claim_id": queue[0][0]})))
    t = 20
    statute, product = [], []
    for i, (cid, dol, pct) in enumerate(queue):
        f = claim_file(cid, dol, 180 if i == 2 else 2)
        name, facts, carrier, paid = CLAIM_PARTIES[cid]
        la = {"assessment_id": "LA-5%05d" % (i * 131 + 17), "adverse_fault_pct": pct,
              "confidence": round(0.7 + (i % 4) * 0.07, 2), "state": ["MN", "WI", "MN", "MI", "ND", "MN", "IA", "MN"][i]}
        flags = []
        if dol < "2022-10-01":
            flags.append("STATUTE")
        if paid * pct // 100 < 100000:
            flags.append("LOW-RECOVERY")
        if "recalled" in facts:
            flags.append("PRODUCT")
        if "STATUTE" in flags:
            statute.append(cid[-5:])
        if "PRODUCT" in flags:
            product.append(cid[-5:])
        line = "%s | %s | $%d.%02d | %d%% | %s" % (cid, carrier, paid // 100, paid % 100, pct, ", ".join(flags) or "demand next pass")
        if i + 1 < len(queue):
            nxt = queue[i + 1][0]
            s.tool(t, [f, la], C(("get_claim_file", {"claim_id": nxt}), ("assess_liability", {"claim_id": nxt}), text=line))
        else:
            s.tool(t, [f, la], A(line + "\n\nDone: 8 claims triaged; STATUTE on %d (%s), PRODUCT on %s." % (
                len(statute), ", ".join(statute), ", ".join(product))))
        t += 35 + (i * 13) % 40
    s.say(t + 600, "Good. Which STATUTE one is most urgent?",
          A("SUB-24-01893 (loss 2022-06-30, Iowa, 2-year statute): it expires on 2024-06-30, so a filing is needed "
            "this month. Next is 01882 (MI, 2022-07-03), then 01874 (2022-08-14)."))
    return s


# ---------------------------------------------------------------- style 4: unity_shader_fixer

UNITY_TOOLS = [
    ("run_build", "Run a Unity batchmode build; returns exit code and the tail of Editor.log.",
     {"target": {"type": "string", "enum": ["StandaloneWindows64", "Android", "iOS", "WebGL"]},
      "log_lines": {"type": "integer"}}, ["target"]),
    ("read_shader_log", "Read the shader compiler report for one shader (variants, warnings, errors).",
     {"shader": {"type": "string"}}, ["shader"]),
    ("edit_file", "Replace an exact snippet in a project file.",
     {"path": {"type": "string"}, "old": {"type": "string"}, "new": {"type": "string"}}, ["path", "old", "new"]),
]
UNITY_SYS = ("You are a Unity graphics engineer agent working in the 'Harbor Lights' project (Unity 2022.3.31f1, "
             "URP 14.0.11). Fix shader compile errors with the smallest correct change, rebuild to confirm, "
             "and explain each change in one or two sentences.")

UNITY_ASSETS = ["Assets/Art/Docks/crate_%02d.fbx", "Assets/Art/Boats/trawler_hull_%02d.fbx", "Assets/Textures/Water/foam_%02d.png",
                "Assets/Textures/Props/rope_coil_%02d_n.png", "Assets/Audio/Gulls/gull_call_%02d.wav",
                "Assets/Materials/Harbor/pier_wood_%02d.mat", "Assets/Prefabs/Lamps/street_lamp_%02d.prefab"]


def unity_log(seed, error_block, n_lines, target="Android", ok=False):
    rng = random.Random(seed)
    lines = ["[Licensing::Module] Licensing Background thread has ended after %.2fs" % rng.uniform(0.3, 1.2),
             "Built from '2022.3/staging' branch; Version is '2022.3.31f1 (f1e3e2a0b1c4) revision 15852322'",
             "Batchmode quit successfully invoked - shutting down!" if ok else "-buildTarget %s -executeMethod CI.Build.Player" % target,
             "Refreshing native plugins compatible for Editor in %.2f ms, found 4 plugins." % rng.uniform(2, 9)]
    half = n_lines // 2
    for i in range(n_lines):
        if i == half and error_block:
            lines.extend(error_block)
        k = rng.randrange(5)
        if k == 0:
            lines.append("Start importing %s using Guid(%032x) Importer(-1,00000000000000000000000000000000)  -> "
                         "(artifact id: '%032x') in %.6f seconds" % (rng.choice(UNITY_ASSETS) % rng.randint(1, 40),
                                                                      rng.getrandbits(128), rng.getrandbits(128), rng.uniform(0.001, 0.9)))
        elif k == 1:
            lines.append("Compiling shader \"Universal Render Pipeline/Lit\" pass \"ForwardLit\" (fp) %d / %d variants left "
                         "after stripping, %d cached" % (rng.randint(20, 900), 1536, rng.randint(0, 400)))
        elif k == 2:
            lines.append("[%02d:%02d:%02d] Asset Pipeline Refresh (id=%032x): Total: %.3f seconds - Initiated by RefreshV2(NoUpdateAssetOptions)"
                         % (14, rng.randint(0, 59), rng.randint(0, 59), rng.getrandbits(128), rng.uniform(0.1, 4.0)))
        elif k == 3:
            lines.append("Unloading %d unused Assets / (%.1f MB). Loaded Objects now: %d." % (rng.randint(3, 60), rng.uniform(0.5, 30), rng.randint(8000, 9800)))
        else:
            lines.append("  ShaderCompiler: compiling %s variant %d/%d (keywords: %s)" % (
                rng.choice(["Harbor/WaterSurface", "Harbor/FoliageWind", "Universal Render Pipeline/Lit", "Harbor/LampGlow"]),
                rng.randint(1, 512), 512, " ".join(rng.sample(["_MAIN_LIGHT_SHADOWS", "_ADDITIONAL_LIGHTS", "FOG_LINEAR", "_SHADOWS_SOFT",
                                                               "LIGHTMAP_ON", "DIRLIGHTMAP_COMBINED", "_ALPHATEST_ON"], 3))))
    lines.append("Build %s. Exit code %d" % ("succeeded" if ok else "Failed", 0 if ok else 1))
    return "\n".join(lines)


DEPTH_ERR = ["Shader error in 'Harbor/WaterSurface': undeclared identifier '_CameraDepthTexture' at "
             "Assets/Shaders/WaterSurface.shader(87) (on gles3)",
             "Compiling Subshader: 0, Pass: ForwardLit, Fragment program with _MAIN_LIGHT_SHADOWS FOG_LINEAR",
             "Platform defines: SHADER_API_MOBILE UNITY_ENABLE_REFLECTION_BUFFERS UNITY_PBS_USE_BRDF3",
             "Error building Player: Shader error in 'Harbor/WaterSurface': undeclared identifier '_CameraDepthTexture'"]


def unity_alternating():
    s = Session("unity_shader_fixer", "runaway_alternating_depth_fix", "runaway", UNITY_SYS, UNITY_TOOLS,
                user="ci-harbor", b=6, d=12, max_tokens=2048,
                notes="Alternates between two wrong edits (built-in sampler declaration / UnityCG include) for a "
                      "URP depth-texture error; every build fails with the identical error.")
    s.say(0, "Android nightly is red. Fix it.", C(("run_build", {"target": "Android", "log_lines": 60})))
    path = "Assets/Shaders/WaterSurface.shader"
    edit_a = ("edit_file", {"path": path, "old": "            float4 _ShallowColor;",
                            "new": "            float4 _ShallowColor;\n            sampler2D _CameraDepthTexture;"})
    edit_b = ("edit_file", {"path": path, "old": "            sampler2D _CameraDepthTexture;",
                            "new": "            #include \"UnityCG.cginc\""})
    t = 190
    s.tool(t, ["\n".join(DEPTH_ERR + ["Build Failed. Exit code 1"])],
           C(edit_a, text="The water shader samples the depth texture without declaring it. Adding the sampler declaration."))
    msgs_a = ["Declaring the depth sampler explicitly.", "Switching back to an explicit sampler declaration for _CameraDepthTexture.",
              "Re-adding the sampler2D declaration; the include approach did not resolve it."]
    msgs_b = ["The sampler alone didn't help; including UnityCG.cginc, which declares _CameraDepthTexture.",
              "Replacing the declaration with the UnityCG include.", "Trying the UnityCG.cginc include again instead of the raw sampler."]
    for i in range(8):
        t += 8
        s.tool(t, ['{"ok": true, "path": "%s", "replacements": 1}' % path], C(("run_build", {"target": "Android", "log_lines": 60})))
        t += 180 + (i % 3) * 7
        nxt = edit_b if i % 2 == 0 else (edit_a[0], {"path": path, "old": "            #include \"UnityCG.cginc\"",
                                                     "new": "            sampler2D _CameraDepthTexture;"})
        msg = (msgs_b if i % 2 == 0 else msgs_a)[(i // 2) % 3]
        s.tool(t, ["\n".join(DEPTH_ERR + ["Build Failed. Exit code 1"])], C(nxt, text=msg))
    return s


FOLIAGE_ERR = ["Shader error in 'Harbor/FoliageWind': 'UNITY_SAMPLE_TEX2DARRAY': no matching 3 parameter intrinsic "
               "function; Possible intrinsic functions are: tex2Dproj(sampler2D, float4|float3) at "
               "Assets/Shaders/FoliageWind.shader(142) (on gles3)",
               "Compiling Subshader: 0, Pass: UniversalForward, Vertex program with <no keywords>"]


def unity_buried():
    s = Session("unity_shader_fixer", "runaway_buried_error", "runaway", UNITY_SYS, UNITY_TOOLS,
                user="ci-harbor", b=6, d=12, max_tokens=2048,
                notes="Long, varying Editor.log tails (about 11 KB each) with the same shader error in the middle; "
                      "the agent keeps changing unrelated settings and rebuilding.")
    s.say(0, "Android player build fails since this morning's merge. Logs are noisy. Get it green.",
          C(("run_build", {"target": "Android", "log_lines": 400})))
    edits = [("ProjectSettings/ProjectSettings.asset", "  AndroidMinSdkVersion: 22", "  AndroidMinSdkVersion: 24",
              "The log is dominated by import noise; min SDK 22 is below URP's GLES3 requirement, raising it to 24."),
             ("ProjectSettings/GraphicsSettings.asset", "  m_ShaderStripping: 0", "  m_ShaderStripping: 1",
              "Still failing. Enabling shader stripping to reduce the variant load that seems to stall the build."),
             ("Packages/manifest.json", "\"com.unity.render-pipelines.universal\": \"14.0.10\"",
              "\"com.unity.render-pipelines.universal\": \"14.0.11\"", "Aligning URP to 14.0.11 in the manifest."),
             ("ProjectSettings/EditorBuildSettings.asset", "    path: Assets/Scenes/Harbor_Night.unity\n    enabled: 1",
              "    path: Assets/Scenes/Harbor_Night.unity\n    enabled: 0", "Disabling the night scene to isolate the failure."),
             ("Assets/Settings/URP-Mobile.asset", "  m_SupportsHDR: 1", "  m_SupportsHDR: 0", "Turning off HDR on mobile, which often breaks GLES3 builds."),
             ("ProjectSettings/ProjectSettings.asset", "  m_ScriptingBackend: 1", "  m_ScriptingBackend: 0", "Switching to Mono to rule out IL2CPP."),
             ("Packages/manifest.json", "\"com.unity.burst\": \"1.8.13\"", "\"com.unity.burst\": \"1.8.15\"", "Bumping Burst."),
             ]
    t = 420
    for i, (p, old, new, why) in enumerate(edits):
        log = unity_log(1000 + i, FOLIAGE_ERR, 75 + (i * 7) % 20)
        s.tool(t, [log], C(("edit_file", {"path": p, "old": old, "new": new}), text=why))
        t += 10
        s.tool(t, ['{"ok": true, "path": "%s", "replacements": 1}' % p], C(("run_build", {"target": "Android", "log_lines": 400})))
        t += 400 + i * 11
    return s


def unity_changing_errors():
    s = Session("unity_shader_fixer", "healthy_errors_change_then_pass", "healthy", UNITY_SYS, UNITY_TOOLS,
                user="ana.de.souza", max_tokens=2048,
                notes="Each build fails with a different error (depth texture, then a redefinition, then a "
                      "precision warning-as-error in another shader), each fixed in turn; the last build passes.")
    s.say(0, "I ported the water and lamp shaders from built-in to URP. Build for Android and fix whatever breaks.",
          C(("run_build", {"target": "Android", "log_lines": 200})))
    p = "Assets/Shaders/WaterSurface.shader"
    steps = [
        (unity_log(2001, DEPTH_ERR, 40),
         ("edit_file", {"path": p, "old": "            float4 _ShallowColor;",
                        "new": "            float4 _ShallowColor;\n            #include \"Packages/com.unity.render-pipelines.universal/ShaderLibrary/DeclareDepthTexture.hlsl\""}),
         "In URP the depth texture comes from DeclareDepthTexture.hlsl, not a raw sampler. Including it."),
        (unity_log(2002, ["Shader error in 'Harbor/WaterSurface': redefinition of '_CameraDepthTexture' at "
                          "Assets/Shaders/WaterSurface.shader(88) (on gles3)"], 150),
         ("edit_file", {"path": p, "old": "            TEXTURE2D(_CameraDepthTexture); SAMPLER(sampler_CameraDepthTexture);\n", "new": ""}),
         "New error: my include now clashes with the manual TEXTURE2D declaration on line 88. Removing the manual one."),
        (unity_log(2003, ["Shader error in 'Harbor/LampGlow': 'SampleSceneDepth': undeclared identifier at "
                          "Assets/Shaders/LampGlow.shader(51) (on gles3)"], 40),
         ("edit_file", {"path": "Assets/Shaders/LampGlow.shader", "old": "            #include \"Packages/com.unity.render-pipelines.universal/ShaderLibrary/Core.hlsl\"",
                        "new": "            #include \"Packages/com.unity.render-pipelines.universal/ShaderLibrary/Core.hlsl\"\n"
                               "            #include \"Packages/com.unity.render-pipelines.universal/ShaderLibrary/DeclareDepthTexture.hlsl\""}),
         "Water compiles now. The lamp glow shader uses SampleSceneDepth too but lacks the include. Same fix there."),
        (unity_log(2004, ["Shader warning in 'Harbor/LampGlow': implicit truncation of vector type at "
                          "Assets/Shaders/LampGlow.shader(63) (on gles3)",
                          "Error: warnings treated as errors (ShaderWarningsAsErrors=1) for Harbor/LampGlow"], 40),
         ("edit_file", {"path": "Assets/Shaders/LampGlow.shader", "old": "                half3 glow = _GlowColor * falloff;",
                        "new": "                half3 glow = _GlowColor.rgb * falloff;"}),
         "Now a truncation warning promoted to error: _GlowColor is float4 assigned to half3. Using .rgb."),
    ]
    t = 200
    for i, (log, edit, why) in enumerate(steps):
        s.tool(t, [log], C(edit, text=why))
        t += 12
        s.tool(t, ['{"ok": true, "path": "%s", "replacements": 1}' % edit[1]["path"]], C(("run_build", {"target": "Android", "log_lines": 200})))
        t += 210 + 15 * i
    s.tool(t, [unity_log(2005, [], 40, ok=True)],
           A("Android build is green. Changes: DeclareDepthTexture.hlsl include in WaterSurface and LampGlow, removed the "
             "duplicate manual depth declaration, and fixed a float4->half3 truncation in LampGlow."))
    s.say(t + 300, "Great. Did variant count change much?", C(("read_shader_log", {"shader": "Harbor/WaterSurface"})))
    s.tool(t + 310, [{"shader": "Harbor/WaterSurface", "variants_before_strip": 768, "variants_after_strip": 96, "warnings": 0}],
           A("WaterSurface compiles 96 variants after stripping (768 before), which is normal for URP Lit-based shaders "
             "with main-light shadows and fog keywords."))
    return s


def unity_report(shader, variants, kept, warn):
    head = ("Unity Shader Compiler Report\nProject: Harbor Lights  Unity 2022.3.31f1  URP 14.0.11\n"
            "Graphics APIs: OpenGLES3, Vulkan   Build target: Android   Stripping: URP default + ShaderVariantCollection "
            "'Assets/Settings/Harbor.shadervariants'\n"
            "Global keywords in use (%d): _MAIN_LIGHT_SHADOWS _MAIN_LIGHT_SHADOWS_CASCADE _ADDITIONAL_LIGHTS "
            "_ADDITIONAL_LIGHT_SHADOWS _SHADOWS_SOFT LIGHTMAP_ON DIRLIGHTMAP_COMBINED FOG_LINEAR FOG_EXP2 "
            "_SCREEN_SPACE_OCCLUSION _REFLECTION_PROBE_BLENDING _LIGHT_LAYERS _FORWARD_PLUS\n" % 13)
    legal = ("\nNotes: Variants are counted per pass and per graphics API. 'kept' counts variants remaining after "
             "IPreprocessShaders callbacks. Warnings are listed once per unique message. This report is generated "
             "by Harbor.Tools.ShaderReport v2.3 and is safe to attach to tickets.\n") * 3
    body = "Shader: %s\nPasses: ForwardLit, ShadowCaster, DepthOnly, Meta\nVariants total: %d  kept: %d  stripped: %d\n" % (
        shader, variants, kept, variants - kept)
    body += "Warnings: %s\n" % (warn or "none")
    return head + body + legal


def unity_variant_sweep():
    s = Session("unity_shader_fixer", "healthy_boilerplate_reports", "healthy", UNITY_SYS, UNITY_TOOLS,
                user="ana.de.souza",
                notes="Reads one shader report after another; the reports are mostly identical boilerplate with a "
                      "different shader name, counts and occasional warning, and the agent tabulates them.")
    shaders = [("Harbor/WaterSurface", 768, 96, None), ("Harbor/LampGlow", 256, 32, None),
               ("Harbor/FoliageWind", 1024, 210, "'UNITY_SAMPLE_TEX2DARRAY' deprecated, use SAMPLE_TEXTURE2D_ARRAY (line 142)"),
               ("Harbor/RopeCloth", 384, 48, None), ("Harbor/PierWood", 512, 64, None),
               ("Harbor/Fog", 128, 128, "variant collection missing FOG_EXP2 variants"),
               ("Harbor/Sail", 384, 40, None), ("Harbor/Skybox", 16, 4, None), ("Harbor/Buoy", 512, 72, None)]
    s.say(0, "Before release I want a table of variant counts for all 9 Harbor shaders. Go through them one by one.",
          C(("read_shader_log", {"shader": shaders[0][0]})))
    t = 6
    total_k = 0
    for i, (name, v, k, w) in enumerate(shaders):
        total_k += k
        line = "%d. %s: %d variants, %d kept%s." % (i + 1, name, v, k, ("; warning: " + w) if w else "")
        if i + 1 < len(shaders):
            s.tool(t, [unity_report(name, v, k, w)], C(("read_shader_log", {"shader": shaders[i + 1][0]}), text=line))
        else:
            s.tool(t, [unity_report(name, v, k, w)], A(line + "\n\nTotal kept: %d variants. Two items to fix: FoliageWind's "
                                                       "deprecated macro and Fog's missing FOG_EXP2 variants in the collection." % total_k))
        t += 5 + i
    return s


# ---------------------------------------------------------------- style 5: receipt_categorization_batch

RC_TOOLS = [
    ("ocr_receipt", "OCR a receipt image from the expense inbox; returns merchant, date, totals and line items.",
     {"receipt_id": {"type": "string"}, "enhance": {"type": "boolean"}}, ["receipt_id"]),
    ("check_ledger_rule", "Check a proposed categorisation against the ledger rules; returns ok or rule findings.",
     {"receipt_id": {"type": "string"}, "gl_account": {"type": "string"}, "amount_cents": {"type": "integer"},
      "cost_center": {"type": "string"}}, ["receipt_id", "gl_account", "amount_cents"]),
    ("post_entry", "Post the categorised receipt to the ledger.",
     {"receipt_id": {"type": "string"}, "gl_account": {"type": "string"}, "amount_cents": {"type": "integer"},
      "memo": {"type": "string"}}, ["receipt_id", "gl_account", "amount_cents"]),
]
RC_POLICY = """FIELDWORK ENGINEERING LLC -- EXPENSE CATEGORISATION RULES FOR THE BOOKKEEPING AGENT (rev. 2026-09)

Chart of accounts (use exactly these codes):
  6100 Travel - Airfare        6110 Travel - Lodging       6120 Travel - Ground (taxi, rideshare, rail, parking, tolls)
  6130 Travel - Mileage        6200 Meals - Client          6210 Meals - Staff / per diem
  6300 Office supplies         6310 Software & subscriptions 6320 Postage & shipping
  6400 Field equipment < $2,500 (over $2,500: capitalise, account 1520, flag CAPEX)
  6500 Training & conferences  6600 Vehicle fuel            6610 Vehicle repairs & maintenance
  6900 Uncategorised (use only with a finding, never silently)

Rules:
 1. OCR every receipt. If OCR confidence is below 0.60, retry once with enhance=true; if it still fails,
    post nothing and list the receipt as NEEDS-HUMAN with the OCR error. Do not retry more than once.
 2. Meals over $75.00 need itemisation and attendee names; if missing, still categorise but add the finding
    MEALS-ITEMISATION and set memo "itemisation requested".
 3. Alcohol is non-reimbursable: split it out to 6900 with finding ALCOHOL.
 4. Tips over 20% of the pre-tax subtotal: finding TIP-OVER-20.
 5. Foreign-currency receipts: amounts in USD at the card statement rate if present, else the ledger's
    daily rate; finding FX if the daily rate was used.
 6. Cost center is the project code written on the receipt or in the submitter's note (P-xxxx); if none,
    use the submitter's home cost center.
 7. Always run check_ledger_rule before post_entry, and post exactly what was checked.
 8. Report one line per receipt: id | merchant | account | USD amount | findings.
"""
RECEIPTS = [
    ("R-2041", "Delta Air Lines", "6100", 48720, [], "P-2207"),
    ("R-2042", "Hampton Inn Duluth", "6110", 31188, [], "P-2207"),
    ("R-2043", "Grandma's Saloon & Grill", "6200", 11842, ["MEALS-ITEMISATION"], "P-2207"),
    ("R-2044", "Holiday Stationstores #412", "6600", 6113, [], "P-2207"),
    ("R-2045", "Pickwick Restaurant", "6200", 9675, ["MEALS-ITEMISATION", "ALCOHOL"], "P-2207"),
    ("R-2046", "Home Depot #2810", "6400", 18997, [], "P-2231"),
    ("R-2047", "Lake Avenue Restaurant", "6200", 14320, ["MEALS-ITEMISATION", "TIP-OVER-20"], "P-2231"),
    ("R-2048", "Uber", "6120", 2344, [], "P-2231"),
    ("R-2049", "Northern Waters Smokehaus", "6200", 8260, ["MEALS-ITEMISATION"], "P-2231"),
    ("R-2050", "Adobe Inc.", "6310", 2399, [], "CC-100"),
]


def rc_ocr(rid, merchant, amount, seed):
    rng = random.Random(seed)
    items = [{"desc": d, "cents": rng.randint(300, 4000)} for d in rng.sample(
        ["walleye sandwich", "wild rice soup", "coffee", "IPA pint", "club soda", "room night", "unleaded 12.4 gal",
         "2x4x8 stud", "deck screws 5lb", "ride 6.2 mi", "Creative Cloud monthly", "smoked trout", "fries"], 3)]
    return {"receipt_id": rid, "merchant": merchant, "date": "2026-10-%02d" % rng.randint(1, 28),
            "total_cents": amount, "currency": "USD", "confidence": round(rng.uniform(0.78, 0.99), 2),
            "line_items": items if rng.random() < 0.5 else [], "card_last4": "4417"}


def rc_batch():
    s = Session("receipt_categorization_batch", "healthy_batch_recurring_finding", "healthy",
                "You are the bookkeeping agent for Fieldwork Engineering LLC. Follow the categorisation rules exactly.",
                RC_TOOLS, user="ap-clerk-jlee",
                notes="Ten receipts under one long rule sheet; MEALS-ITEMISATION legitimately recurs on four "
                      "different restaurant receipts. Normal batch work.")
    s.say(0, RC_POLICY + "\nBatch: October receipts from Dana Whitfield (home CC-100), ids R-2041 .. R-2050.",
          C(("ocr_receipt", {"receipt_id": "R-2041"})))
    s.tool(9, [rc_ocr("R-2041", RECEIPTS[0][1], RECEIPTS[0][3], 0)],
           C(("check_ledger_rule", {"receipt_id": "R-2041", "gl_account": "6100", "amount_cents": 48720, "cost_center": "P-2207"})))
    t = 15
    lines = []
    for i, (rid, merch, gl, amt, finds, cc) in enumerate(RECEIPTS):
        res = {"receipt_id": rid, "status": "ok" if not finds else "findings",
               "findings": [{"code": f, "severity": "warn", "rule": {"MEALS-ITEMISATION": 2, "ALCOHOL": 3, "TIP-OVER-20": 4}[f]}
                            for f in finds]}
        line = "%s | %s | %s | $%d.%02d | %s" % (rid, merch, gl, amt // 100, amt % 100, ", ".join(finds) or "-")
        lines.append(line)
        post = ("post_entry", {"receipt_id": rid, "gl_account": gl, "amount_cents": amt,
                               "memo": "itemisation requested" if "MEALS-ITEMISATION" in finds else cc})
        posted = {"receipt_id": rid, "posted": True, "journal": "JE-26-10-%04d" % (3100 + i)}
        if i + 1 < len(RECEIPTS):
            nid, nmerch, ngl, namt, _, ncc = RECEIPTS[i + 1]
            s.tool(t, [res], C(post, ("ocr_receipt", {"receipt_id": nid}), text=line))
            t += 6 + i % 3
            s.tool(t, [posted, rc_ocr(nid, nmerch, namt, i + 1)],
                   C(("check_ledger_rule", {"receipt_id": nid, "gl_account": ngl, "amount_cents": namt, "cost_center": ncc})))
            t += 5 + (i * 7) % 9
        else:
            s.tool(t, [res], C(post, text=line))
            t += 6
            s.tool(t, [posted], A("Batch done, 10 receipts posted:\n" + "\n".join(lines) +
                                  "\nMEALS-ITEMISATION on 4 receipts; itemisation requested from Dana. One ALCOHOL split "
                                  "(R-2045) and one TIP-OVER-20 (R-2047)."))
    return s


def rc_blurry():
    s = Session("receipt_categorization_batch", "runaway_unreadable_retry", "runaway",
                "You are the bookkeeping agent for Fieldwork Engineering LLC. Follow the categorisation rules exactly.",
                RC_TOOLS, user="ap-clerk-jlee", b=9, d=14,
                notes="After two clean receipts, one receipt's OCR fails permanently; the agent retries the identical "
                      "call with the identical message instead of flagging it for a human (rule 1 allows one retry).")
    s.say(0, RC_POLICY + "\nBatch: receipts from Marco Ibáñez (home CC-140): R-2101, R-2102, R-2103.",
          C(("ocr_receipt", {"receipt_id": "R-2101"})))
    s.tool(7, [rc_ocr("R-2101", "Amtrak", 8900, 50)],
           C(("check_ledger_rule", {"receipt_id": "R-2101", "gl_account": "6120", "amount_cents": 8900, "cost_center": "CC-140"})))
    s.tool(12, [{"receipt_id": "R-2101", "status": "ok", "findings": []}],
           C(("post_entry", {"receipt_id": "R-2101", "gl_account": "6120", "amount_cents": 8900, "memo": "CC-140"}),
             text="R-2101 | Amtrak | 6120 | $89.00 | -"))
    s.tool(16, [{"receipt_id": "R-2101", "posted": True, "journal": "JE-26-10-3301"}], C(("ocr_receipt", {"receipt_id": "R-2102"})))
    s.tool(22, [rc_ocr("R-2102", "Staples #1187", 4316, 51)],
           C(("check_ledger_rule", {"receipt_id": "R-2102", "gl_account": "6300", "amount_cents": 4316, "cost_center": "CC-140"})))
    s.tool(27, [{"receipt_id": "R-2102", "status": "ok", "findings": []}],
           C(("post_entry", {"receipt_id": "R-2102", "gl_account": "6300", "amount_cents": 4316, "memo": "CC-140"}),
             text="R-2102 | Staples #1187 | 6300 | $43.16 | -"))
    s.tool(31, [{"receipt_id": "R-2102", "posted": True, "journal": "JE-26-10-3302"}],
           C(("ocr_receipt", {"receipt_id": "R-2103", "enhance": True})))
    err = {"receipt_id": "R-2103", "error": "OCR_LOW_CONFIDENCE", "confidence": 0.23,
           "detail": "Image 480x640 is blurred and photographed at an angle; no total line detected."}
    t = 38
    for i in range(12):
        s.tool(t, [err], C(("ocr_receipt", {"receipt_id": "R-2103", "enhance": True}),
                           text="OCR on R-2103 failed with low confidence. Retrying with enhancement."))
        t += 7
    return s


def rc_job_restart():
    tools = RC_TOOLS + [
        ("start_import_job", "Start the nightly bulk import that OCRs, categorises and posts a whole inbox folder.",
         {"folder": {"type": "string"}, "resume": {"type": "boolean"}}, ["folder"]),
        ("get_job_status", "Status of an import job.", {"job_id": {"type": "string"}}, ["job_id"]),
    ]
    s = Session("receipt_categorization_batch", "runaway_import_restart_loop", "runaway",
                "You operate Fieldwork Engineering's receipt import jobs. Keep the nightly import running until the "
                "folder is fully posted.", tools, user="ops-night", b=7, d=13,
                notes="The bulk import is restarted again and again; progress counts differ each run but every run "
                      "dies at receipt 213 of 540 on a missing ISK exchange rate.")
    s.say(0, "The Q3 archive folder (540 receipts) needs importing tonight. Start it and babysit it.",
          C(("start_import_job", {"folder": "inbox/2026-Q3-archive"})))
    t = 5
    rng = random.Random(99)
    for run in range(6):
        jid = "imp-%04x" % (0x3a10 + run * 17 + rng.randint(0, 9))
        s.tool(t, [{"job_id": jid, "state": "queued", "folder": "inbox/2026-Q3-archive", "total": 540}],
               C(("get_job_status", {"job_id": jid})))
        t += 240 + rng.randint(0, 60)
        mid = rng.randint(60, 180)
        s.tool(t, [{"job_id": jid, "state": "running", "processed": mid, "total": 540, "posted": mid - rng.randint(0, 4),
                    "elapsed_s": 230 + rng.randint(0, 60)}],
               C(("get_job_status", {"job_id": jid}), text="%s running, %d/540." % (jid, mid)))
        t += 300 + rng.randint(0, 90)
        fail = {"job_id": jid, "state": "failed", "processed": 212, "total": 540, "posted": 212,
                "error": {"at_receipt": "R-Q3-0213", "step": "fx_convert",
                          "message": "No exchange rate for ISK on 2026-08-19 in ledger rate table (source: card statement missing)"},
                "elapsed_s": 610 + rng.randint(0, 80)}
        text = ["Job %s failed at receipt 213 (R-Q3-0213, ISK rate missing). That looks transient; restarting with resume." % jid,
                "Failed again at R-Q3-0213 (%s). Restarting the import." % jid,
                "%s stopped at 212/540 on the FX step. Resuming the job." % jid][min(run, 2) if run < 3 else 1 + run % 2]
        s.tool(t, [fail], C(("start_import_job", {"folder": "inbox/2026-Q3-archive", "resume": True}), text=text))
        t += 5
    return s


def rc_stateless_policy():
    s = Session("receipt_categorization_batch", "healthy_stateless_policy_qa", "healthy",
                "Answer questions about the expense categorisation rules. Quote the rule number you rely on.",
                user="expense-portal", stateless=True,
                notes="A stateless portal resends the same long rule sheet plus an appendix with every question; the "
                      "questions differ and so do the answers.")
    appendix = "\n\nAPPENDIX A -- EXAMPLES (from the 2025 audit)\n" + "\n".join(
        "A.%d %s" % (i + 1, e) for i, e in enumerate([
            "Team dinner at Pickwick, $312.40 incl. wine $84.00: 6200 $228.40 + 6900 $84.00 (ALCOHOL), itemised, 6 attendees.",
            "Parking at MSP Terminal 1, 3 days, $87.00: 6120.",
            "Rental car fuel refill $41.22: 6600, not 6120.",
            "Laptop $2,899.00: account 1520, CAPEX flag, not 6400.",
            "Zoom annual plan $149.90: 6310.",
            "Conference registration NACE Corrosion 2026, $1,195.00: 6500.",
            "UPS overnight of soil samples, $63.18: 6320.",
            "Per diem meals on a site visit, $55/day x 4: 6210.",
            "Taxi in Reykjavik ISK 7,400 paid by card: use card statement USD; if missing, ledger rate and FX finding.",
            "Tip of $30 on a $110 pre-tax dinner: TIP-OVER-20 (27%).",
        ])) + "\n"
    rng = random.Random(3541)
    mcc = [("4111", "Commuter transport", "6120"), ("4121", "Taxicabs/limousines", "6120"), ("4511", "Airlines", "6100"),
           ("4784", "Tolls and bridge fees", "6120"), ("5045", "Computers and peripherals", "6400"),
           ("5111", "Stationery, office supplies", "6300"), ("5200", "Home supply warehouse", "6400"),
           ("5251", "Hardware stores", "6400"), ("5541", "Service stations", "6600"), ("5542", "Automated fuel dispensers", "6600"),
           ("5734", "Computer software stores", "6310"), ("5812", "Restaurants", "6200"), ("5813", "Bars, taverns", "6900"),
           ("5814", "Fast food", "6210"), ("7011", "Hotels, motels", "6110"), ("7523", "Parking lots, garages", "6120"),
           ("7538", "Auto service shops", "6610"), ("8299", "Schools, educational services", "6500"), ("9402", "Postal services", "6320")]
    towns = ["Duluth", "Two Harbors", "Hibbing", "Virginia", "Grand Marais", "Cloquet", "Superior", "Ely", "Bemidji", "Brainerd"]
    kinds = ["Holiday", "Kwik Trip", "Menards", "Fleet Farm", "Super 8", "AmericInn", "Culver's", "Perkins", "Caribou Coffee",
             "Northern Tool", "Ace Hardware", "Cenex", "Canal Park Lodge", "Office Depot", "FedEx Office", "Lake Superior Brewing"]
    table = ["%-28s MCC %s  %-32s -> %s" % ("%s %s" % (rng.choice(kinds), rng.choice(towns)), *rng.choice(mcc)) for _ in range(220)]
    appendix += "\nAPPENDIX B -- MERCHANTS SEEN IN 2025 AND THEIR DEFAULT ACCOUNT (the MCC default; rules above override)\n" + \
        "\n".join(table) + "\n"
    doc = RC_POLICY + appendix
    qs = [("Is a hotel minibar charge reimbursable, and where does it go?",
           "Minibar snacks are staff meals, 6210. Any alcohol in it is split to 6900 with ALCOHOL (rule 3)."),
          ("A $2,600 drone for site surveys: 6400?", "No. Over $2,500 it is capitalised to 1520 with the CAPEX flag (chart of accounts, 6400 note)."),
          ("Receipt in euros, no card statement yet. What do I do?", "Use the ledger's daily rate and add the FX finding (rule 5)."),
          ("Client lunch for $74.50, no itemisation. Finding?", "No finding: the itemisation rule starts above $75.00 (rule 2). Account 6200."),
          ("The OCR failed twice on a faded thermal receipt.", "Post nothing and list it as NEEDS-HUMAN with the OCR error (rule 1); no third try."),
          ("Mileage 212 miles for a site visit — account?", "6130 Travel - Mileage."),
          ("Which cost center if the receipt has no project code and no note?", "The submitter's home cost center (rule 6)."),
          ("Can I post and run the rule check afterwards to save time?", "No. check_ledger_rule must run first and you post exactly what was checked (rule 7)."),
          ("Tip of $18 on a $95 pre-tax dinner?", "18.9%, under 20%: no TIP-OVER-20 finding (rule 4). The meal is over $75, so MEALS-ITEMISATION if not itemised."),
          ("Where do tolls go?", "6120 Travel - Ground, which covers taxi, rideshare, rail, parking and tolls.")]
    t = 0
    for i, (q, a) in enumerate(qs):
        s.say(t, doc + "\n\nQUESTION: " + q, A(a))
        t += [45, 300, 12, 900, 61, 3600, 20, 150, 480, 33][i]
    return s


# ---------------------------------------------------------------- style 6: school_bus_routing

BUS_TOOLS = [
    ("get_roster", "Student roster for a school's bus riders (paged).",
     {"school": {"type": "string"}, "cursor": {"type": "string"}}, ["school"]),
    ("map_route", "Compute a route through an ordered list of stops; returns distance, drive time and per-student ride times.",
     {"route_id": {"type": "string"}, "stops": {"type": "array", "items": {"type": "string"}}, "depart": {"type": "string"}},
     ["route_id", "stops"]),
    ("check_stop_constraints", "Check a route against district rules (max ride time, bell time, no left turns across "
     "divided highways, kindergarten curbside, lift-equipped bus).",
     {"route_id": {"type": "string"}}, ["route_id"]),
]
BUS_SYS = ("You are the routing assistant for Cedar Falls Community School District transportation. Build bus routes "
           "that satisfy the district rules; explain trade-offs in plain language for the transportation director.")
FIRST = ["Aiden", "Mia", "Noah", "Sofia", "Liam", "Ava", "Mateo", "Isla", "Elijah", "Zoe", "Ethan", "Lily", "Kai", "Nora",
         "Owen", "Ruby", "Levi", "Hazel", "Ezra", "Aria", "Jonah", "Layla", "Milo", "Stella", "Theo"]
LAST = ["Nguyen", "Schmidt", "Okonkwo", "Larsen", "Patel", "Hernandez", "Brooks", "Yoder", "Ali", "Kowalski", "Reyes", "Dahl"]
STREETS = ["W 12th St", "Rainbow Dr", "Waterloo Rd", "Union Rd", "Greenhill Rd", "Main St", "Clay St", "Olive St",
           "Seerley Blvd", "Hudson Rd", "Ridgeway Ave", "Pheasant Dr"]


def bus_page(school, page, n_pages, per=20):
    rng = random.Random(school + str(page))
    rows = []
    for i in range(per):
        sid = 40000 + page * per + i
        rows.append({"student_id": "S%d" % sid, "name": "%s %s" % (rng.choice(FIRST), rng.choice(LAST)),
                     "grade": rng.choice(["K", "1", "2", "3", "4", "5"]),
                     "address": "%d %s" % (rng.randint(100, 4999), rng.choice(STREETS)),
                     "stop": "STP-%03d" % rng.randint(1, 60),
                     "needs": rng.choice([None, None, None, None, None, "lift", "curbside", "aide"])})
    return {"school": school, "term": "2026-27 Fall", "generated_by": "Versatrans export v11.2",
            "columns": ["student_id", "name", "grade", "address", "stop", "needs"],
            "privacy": "FERPA: internal transportation use only. Do not forward.",
            "page": page + 1, "pages": n_pages, "rows": rows,
            "next_cursor": ("c_%s_%02d" % (school[:3].lower(), page + 2)) if page + 1 < n_pages else None}


def bus_paginate():
    s = Session("school_bus_routing", "healthy_roster_pages", "healthy", BUS_SYS, BUS_TOOLS, user="dir.hollis",
                notes="Pages through a 9-page roster export with identical headers and privacy boilerplate; each page "
                      "has new students and the assistant tallies special needs before summarising.")
    school = "Orchard Hill Elementary"
    s.say(0, "Pull the full rider roster for Orchard Hill and tell me how many need a lift bus or curbside stops.",
          C(("get_roster", {"school": school})))
    t = 4
    lift = curb = 0
    for p in range(9):
        page = bus_page(school, p, 9)
        lift += sum(1 for r in page["rows"] if r["needs"] == "lift")
        curb += sum(1 for r in page["rows"] if r["needs"] == "curbside")
        if page["next_cursor"]:
            s.tool(t, [page], C(("get_roster", {"school": school, "cursor": page["next_cursor"]}),
                                text="Page %d/9: running totals lift %d, curbside %d." % (p + 1, lift, curb)))
        else:
            s.tool(t, [page], A("All 9 pages read (180 riders). Lift-bus riders: %d. Curbside stops needed: %d. "
                                "I'd put lift riders on bus 14 (the lift-equipped Blue Bird) and cluster curbside "
                                "stops on the two east routes." % (lift, curb)))
        t += 3 + p % 4
    s.say(t + 90, "Perfect, thanks.", A("You're welcome. I can draft the bus 14 route next if you want."))
    return s


def bus_cycle():
    s = Session("school_bus_routing", "runaway_four_option_cycle", "runaway", BUS_SYS, BUS_TOOLS, user="dir.hollis",
                b=6, d=12,
                notes="Cycles through the same four stop orders for route 7 (period 4); each option fails a different "
                      "rule, the results carry a ticking computed_at, and the agent keeps going round.")
    opts = [("A", ["STP-012", "STP-019", "STP-033", "STP-041", "STP-047", "SCH-NTH"],
             {"max_ride_min": 52, "violations": [{"rule": "MAX_RIDE_45", "student": "S40117", "ride_min": 52}]},
             "Option A puts STP-012 first, so its riders ride 52 minutes. Reversing the east loop (option B)."),
            ("B", ["STP-047", "STP-041", "STP-033", "STP-019", "STP-012", "SCH-NTH"],
             {"max_ride_min": 38, "violations": [{"rule": "NO_LEFT_ACROSS_DIVIDED", "at": "US-20 & Union Rd", "stop": "STP-041"}]},
             "Option B fixes ride time but needs a left across US-20 at Union Rd. Trying C, approaching STP-041 from the south."),
            ("C", ["STP-047", "STP-033", "STP-041", "STP-019", "STP-012", "SCH-NTH"],
             {"max_ride_min": 41, "violations": [{"rule": "BELL_TIME", "arrive": "07:58", "bell": "07:55"}]},
             "Option C avoids the left turn but arrives at 07:58, after the 07:55 bell. Trying D, dropping the Union Rd detour."),
            ("D", ["STP-033", "STP-041", "STP-047", "STP-019", "STP-012", "SCH-NTH"],
             {"max_ride_min": 44, "violations": [{"rule": "KINDERGARTEN_CURBSIDE", "stop": "STP-047", "side": "far"}]},
             "Option D makes the bell but drops kindergartners on the far side at STP-047. Going back to option A's order, "
             "which had no curbside problem.")]
    s.say(0, "Route 7 (North Middle) keeps getting complaints. Rebuild it from its six stops so it passes every rule.",
          C(("map_route", {"route_id": "R7-A", "stops": opts[0][1], "depart": "07:05"}), ("check_stop_constraints", {"route_id": "R7-A"})))
    t = 30
    for k in range(17):
        name, stops, res, msg = opts[k % 4]
        nxt = opts[(k + 1) % 4]
        out_map = {"route_id": "R7-" + name, "distance_km": [31.4, 27.9, 29.2, 28.6][k % 4],
                   "drive_min": [47, 34, 37, 40][k % 4], "computed_at": "2026-08-11T10:%02d:%02dZ" % (2 + k, (k * 23) % 60),
                   "engine": "osrm 5.27 / district-graph rev 412"}
        out_chk = dict(res, route_id="R7-" + name, checked_at=out_map["computed_at"], ruleset="CFCSD-2026.2")
        s.tool(t, [out_map, out_chk],
               C(("map_route", {"route_id": "R7-" + nxt[0], "stops": nxt[1], "depart": "07:05"}),
                 ("check_stop_constraints", {"route_id": "R7-" + nxt[0]}), text=msg))
        t += 35 + (k % 3) * 9
    return s


POLICY_3541 = """Policy 3541 - Student Transportation Services

The Board of Directors of the Cedar Falls Community School District will provide transportation to resident students
in accordance with Iowa Code section 285.1 and the rules of the Iowa Department of Education, 281 IAC 43.

1. Eligibility. Elementary students (grades K-8 attending an attendance center for grades K-6) who live more than two
miles from their designated attendance center, and high school students who live more than three miles, are entitled
to transportation.
2. Ride time. The superintendent shall arrange routes so that, to the extent reasonable, elementary students are not on
a bus more than 75 minutes per trip and secondary students not more than 90 minutes.
3. Hazardous routes. The superintendent may authorize transportation for students living within the distance limits
where walking conditions are deemed hazardous.
4. Bus stops. Stops shall be located at safe places; the superintendent shall approve the location of every stop.
5. Conduct. Riding a school bus is a privilege; students shall follow the bus conduct rules in Policy 3541.3.

Legal Reference: Iowa Code 285; 321.372-.380. 281 IAC 43.
Approved: 09/12/2011   Reviewed: 06/14/2021   Revised: 08/08/2022"""


def bus_reserved():
    tools = BUS_TOOLS + [("fetch_doc", "Fetch a web page or document and return its title and text.",
                          {"url": {"type": "string"}}, ["url"])]
    s = Session("school_bus_routing", "runaway_same_policy_new_urls", "runaway", BUS_SYS, tools, user="planner.ruiz",
                b=4, d=10,
                notes="Looking for the kindergarten walk-to-stop distance rule, the agent fetches URL after URL that all "
                      "serve the same Policy 3541 text under different titles; none has the rule.")
    urls = [("https://www.cfschools.org/district/board/policies/3541", "Policy 3541 - Student Transportation Services"),
            ("https://www.cfschools.org/fs/resource-manager/view/7a1e2c90", "3541.pdf"),
            ("https://go.boarddocs.com/ia/cfcsd/Board.nsf/goto?open&id=C8LQ6P5F2A1B", "BoardDocs - 500 Series - 3541 Transportation"),
            ("https://www.cfschools.org/departments/transportation/eligibility", "Transportation Eligibility | Cedar Falls Schools"),
            ("https://www.cfschools.org/fs/resource-manager/view/7a1e2c90?download=1", "Board Policy 3541 (download)"),
            ("https://web.archive.org/web/2024/https://www.cfschools.org/district/board/policies/3541", "Policy 3541 (archived)"),
            ("https://www.cfschools.org/departments/transportation/faq", "Transportation FAQ"),
            ("https://go.boarddocs.com/ia/cfcsd/Board.nsf/files/D3JQ7V1A2B3C/$file/3541.pdf", "3541 Student Transportation"),
            ("https://www.cfschools.org/district/board/policies/3541-r", "Regulation 3541-R"),
            ("https://www.cfschools.org/district/board/policies/3541.1", "3541.1 Transportation - Bus Stops"),
            ("https://www.cfschools.org/handbook/transportation", "Family Handbook: Transportation"),
            ("https://www.cfschools.org/district/board/policies/3541?print=1", "Print view: Policy 3541"),
            ("https://www.cfschools.org/news/2022/08/board-revises-busing-policy", "Board revises busing policy")]
    s.say(0, "Before I finalize the kindergarten stops: what's the max distance a K student may walk to a bus stop under "
             "our district policy? Find the actual rule.",
          C(("fetch_doc", {"url": urls[0][0]})))
    t = 6
    for i, (u, title) in enumerate(urls):
        page = {"url": u, "title": title, "text": POLICY_3541 if i % 4 else POLICY_3541.replace("Policy 3541 -", "3541 -")}
        if i + 1 < len(urls):
            msg = ["Policy 3541 covers eligibility distances but not walk-to-stop distance. Checking the PDF version.",
                   "Same text as the policy page. The BoardDocs copy may include the regulation.",
                   "This is the same policy text again. Trying the transportation department's eligibility page.",
                   "Still the same Policy 3541 text. Trying another copy that might include the stop rule."][min(i, 3)]
            s.tool(t, [page], C(("fetch_doc", {"url": urls[i + 1][0]}), text=msg))
        else:
            s.tool(t, [page], C(("fetch_doc", {"url": urls[0][0]}), text="Once more, same policy text. Re-checking the main page."))
        t += 8 + i % 5
    return s


def bus_revisit():
    s = Session("school_bus_routing", "healthy_revisit_screens", "healthy", BUS_SYS, BUS_TOOLS, user="planner.ruiz",
                notes="Plans two routes, then legitimately goes back to the first school's roster and route after a "
                      "parent's address change; the same tools and screens are revisited with new data.")
    s.say(0, "Build the morning route for Southdale Elementary's west side (bus 3).",
          C(("get_roster", {"school": "Southdale Elementary"})))
    sd = bus_page("Southdale Elementary", 0, 1, per=14)
    s.tool(5, [sd], C(("map_route", {"route_id": "B3-v1", "stops": ["STP-004", "STP-009", "STP-015", "STP-022", "SCH-SDL"], "depart": "07:20"})))
    s.tool(14, [{"route_id": "B3-v1", "distance_km": 14.2, "drive_min": 26, "computed_at": "2026-08-12T14:01:10Z"}],
           C(("check_stop_constraints", {"route_id": "B3-v1"})))
    s.tool(19, [{"route_id": "B3-v1", "violations": [], "ruleset": "CFCSD-2026.2"}],
           A("Bus 3 west: 4 stops, 14.2 km, 26 min, passes all rules. Ready to publish."))
    s.say(600, "Now bus 5 for Hansen Elementary, same idea.", C(("get_roster", {"school": "Hansen Elementary"})))
    hs = bus_page("Hansen Elementary", 0, 1, per=16)
    s.tool(606, [hs], C(("map_route", {"route_id": "B5-v1", "stops": ["STP-031", "STP-036", "STP-038", "STP-044", "SCH-HSN"], "depart": "07:15"})))
    s.tool(615, [{"route_id": "B5-v1", "distance_km": 19.8, "drive_min": 33, "computed_at": "2026-08-12T14:11:40Z"}],
           C(("check_stop_constraints", {"route_id": "B5-v1"})))
    s.tool(620, [{"route_id": "B5-v1", "violations": [{"rule": "LIFT_BUS", "student": hs["rows"][3]["student_id"]}], "ruleset": "CFCSD-2026.2"}],
           A("Bus 5 has a rider who needs a lift; bus 5 isn't lift-equipped. Swap to bus 14 for this run or move that "
             "student to a lift route."))
    s.say(1500, "Use bus 14. Also a Southdale family just moved from Rainbow Dr to 2210 Pheasant Dr, re-pull Southdale.",
          C(("get_roster", {"school": "Southdale Elementary"})))
    sd2 = json.loads(json.dumps(sd))
    sd2["rows"][5]["address"] = "2210 Pheasant Dr"
    sd2["rows"][5]["stop"] = "STP-027"
    s.tool(1506, [sd2], C(("map_route", {"route_id": "B3-v2", "stops": ["STP-004", "STP-009", "STP-015", "STP-022", "STP-027", "SCH-SDL"], "depart": "07:15"}),
                          text="%s now boards at STP-027. Adding that stop to bus 3." % sd2["rows"][5]["name"]))
    s.tool(1515, [{"route_id": "B3-v2", "distance_km": 16.9, "drive_min": 31, "computed_at": "2026-08-12T14:27:02Z"}],
           C(("check_stop_constraints", {"route_id": "B3-v2"})))
    s.tool(1520, [{"route_id": "B3-v2", "violations": [], "ruleset": "CFCSD-2026.2"}],
           A("Bus 3 v2: 5 stops, 16.9 km, 31 min, departs 07:15 to keep the same school arrival. Passes all rules. Bus 5 "
             "is now run by bus 14 (lift)."))
    s.say(2400, "Good, publish both.", A("Published B3-v2 and B5-v1 (bus 14) to the driver app for Monday."))
    return s


# ---------------------------------------------------------------- style 7: volunteer_shift_scheduler

VOL_TOOLS = [
    ("get_availability", "Volunteer availability and sign-ups for an event or a shift.",
     {"event": {"type": "string"}, "shift": {"type": "string"}}, ["event"]),
    ("send_message", "Send an SMS or email to one volunteer or a group.",
     {"to": {"type": "string"}, "channel": {"type": "string", "enum": ["sms", "email"]}, "body": {"type": "string"}},
     ["to", "channel", "body"]),
    ("update_roster", "Assign or unassign a volunteer on a shift; returns the new roster revision or a conflict.",
     {"shift": {"type": "string"}, "assign": {"type": "string"}, "unassign": {"type": "string"}}, ["shift"]),
]
VOL_SYS = ("You coordinate volunteers for the Riverside Community Food Shelf. Fill shifts fairly, respect each "
           "volunteer's limits, and keep messages short and friendly.")


def vol_sms_forbidden():
    s = Session("volunteer_shift_scheduler", "runaway_sms_403_forever", "runaway", VOL_SYS, VOL_TOOLS, user="coord.ellis",
                b=4, d=10,
                notes="Every SMS is refused with 403 (sender number not verified); the agent rewords the reminder "
                      "and sends it again and again instead of switching to email or telling the coordinator.")
    s.say(0, "Saturday's 8-11 pantry shift has 2 open spots. Text the four people on the standby list.",
          C(("get_availability", {"event": "pantry-2026-10-17", "shift": "SAT-0800"})))
    s.tool(6, [{"shift": "SAT-0800", "needed": 6, "filled": 4, "standby": ["Gloria Mensah", "Tariq Hall", "Beth Ann Voss", "Kenji Mori"]}],
           C(("send_message", {"to": "standby:SAT-0800", "channel": "sms",
                               "body": "Hi! Riverside Food Shelf needs 2 more helpers Sat 8-11am. Reply YES to grab a spot."})))
    err = {"http_status": 403, "error": "forbidden", "code": 30034,
           "message": "Message from an unregistered number: sender +1 612 555 0148 is not verified for A2P 10DLC traffic."}
    bodies = ["Hello from Riverside Food Shelf! We have 2 open spots this Saturday 8-11am. Reply YES if you can help.",
              "Riverside Food Shelf: can you help Sat 8-11am? 2 spots left. Reply YES.",
              "Hi there, quick ask: Saturday 8-11 at the pantry, two spots open. Text YES to join!",
              "Food Shelf volunteers needed Sat 8-11am (2 spots). Reply YES to sign up.",
              "Hi! Could you help at Riverside Food Shelf this Saturday morning, 8-11? Reply YES."]
    notes = ["The SMS was rejected (403). Let me rephrase it a bit and resend.",
             "Still 403. Maybe the wording triggered a filter; trying a shorter message.",
             "SMS refused again. Sending a friendlier version.",
             "The carrier rejected it once more; trying a different phrasing."]
    t = 20
    for i in range(12):
        s.tool(t, [err], C(("send_message", {"to": "standby:SAT-0800", "channel": "sms", "body": bodies[i % 5]}), text=notes[i % 4]))
        t += 15 + (i % 3) * 4
    return s


def vol_swap_cycle():
    s = Session("volunteer_shift_scheduler", "runaway_swap_two_conflicts", "runaway", VOL_SYS, VOL_TOOLS, user="coord.ellis",
                b=5, d=11,
                notes="Alternates two assignments for the forklift shift: Raj lacks certification, Dee hits her weekly "
                      "cap; the roster revision ticks up each time but the same two conflicts come back.")
    s.say(0, "Thursday's truck unload (THU-1400) still needs a forklift person. Sort it out.",
          C(("get_availability", {"event": "pantry-2026-10-15", "shift": "THU-1400"})))
    s.tool(8, [{"shift": "THU-1400", "requires": ["forklift_cert"], "available": [
        {"name": "Raj Patel", "certs": [], "shifts_this_week": 0},
        {"name": "Dee Larkin", "certs": ["forklift_cert"], "shifts_this_week": 2, "max_per_week": 2}]}],
           C(("update_roster", {"shift": "THU-1400", "assign": "Raj Patel"}),
             text="Raj is free all week. Assigning him."))
    t = 30
    rev = 118
    for i in range(12):
        rev += 1
        if i % 2 == 0:
            out = {"rev": rev, "shift": "THU-1400", "status": "conflict",
                   "conflict": {"rule": "CERT_REQUIRED", "volunteer": "Raj Patel", "missing": "forklift_cert"}}
            nxt = ("update_roster", {"shift": "THU-1400", "unassign": "Raj Patel", "assign": "Dee Larkin"})
            msg = ["Raj isn't forklift certified. Putting Dee on it instead.", "Conflict on Raj (certification). Switching to Dee.",
                   "Raj can't take it without the cert; Dee is certified, assigning her."][(i // 2) % 3]
        else:
            out = {"rev": rev, "shift": "THU-1400", "status": "conflict",
                   "conflict": {"rule": "MAX_SHIFTS_PER_WEEK", "volunteer": "Dee Larkin", "limit": 2, "would_be": 3}}
            nxt = ("update_roster", {"shift": "THU-1400", "unassign": "Dee Larkin", "assign": "Raj Patel"})
            msg = ["Dee would exceed her 2-shift cap. Raj has no shifts this week, so back to Raj.",
                   "Dee's weekly limit blocks it; trying Raj again.", "Cap conflict for Dee. Reassigning to Raj, who is free."][(i // 2) % 3]
        s.tool(t, [out], C(nxt, text=msg))
        t += 9 + i % 4
    return s


def vol_signup_poll():
    s = Session("volunteer_shift_scheduler", "healthy_signups_climb", "healthy", VOL_SYS, VOL_TOOLS, user="coord.ellis",
                notes="Polls sign-ups for the Thanksgiving drive after sending invitations; counts rise every poll "
                      "(with one reminder in between) until all 40 slots are filled.")
    s.say(0, "Invitations for the Thanksgiving box-packing drive (Nov 21, 40 slots) went out an hour ago. Watch sign-ups "
             "and nudge people if it stalls. Tell me when it's full.",
          C(("get_availability", {"event": "thanksgiving-pack-2026"})))
    counts = [12, 17, 19, 19, 26, 31, 35, 38, 40]
    t = 10
    for i, c in enumerate(counts):
        out = {"event": "thanksgiving-pack-2026", "slots": 40, "signed_up": c, "waitlist": 0,
               "as_of": "2026-11-03T%02d:%02d:00-06:00" % (10 + (i * 45) // 60, (i * 45) % 60),
               "latest": ["%s %s" % (FIRST[(i * 3 + j) % len(FIRST)], LAST[(i + j) % len(LAST)]) for j in range(min(3, max(0, c - (counts[i - 1] if i else 0))))]}
        if i == 3:
            s.tool(t, [out], C(("send_message", {"to": "list:pantry-regulars", "channel": "email",
                                                 "body": "We're at 19/40 for Thanksgiving box packing on Nov 21. Grab a slot here: https://riverside.example/signup/tg26"}),
                               text="Stalled at 19 for 45 minutes. Sending one reminder to the regulars list."))
            t += 40
            s.tool(t, [{"sent": 212, "channel": "email"}], C(("get_availability", {"event": "thanksgiving-pack-2026"})))
        elif c < 40:
            s.tool(t, [out], C(("get_availability", {"event": "thanksgiving-pack-2026"}),
                               text="%d/40 signed up (+%d since last check)." % (c, c - (counts[i - 1] if i else 0))))
        else:
            s.tool(t, [out], A("Full: 40/40 for Nov 21. The last sign-ups were %s. I'll stop polling." % ", ".join(out["latest"]) if out["latest"] else "Full: 40/40."))
        t += 2700
    s.say(t, "Amazing. Thank them all?", C(("send_message", {"to": "event:thanksgiving-pack-2026", "channel": "email",
                                                              "body": "Thank you! All 40 slots are filled. Arrive at 9:45 at the side door on 3rd Ave."})))
    s.tool(t + 5, [{"sent": 40, "channel": "email"}], A("Sent the thank-you with arrival details to all 40."))
    return s


def vol_slow_coordinator():
    s = Session("volunteer_shift_scheduler", "healthy_slow_daily_summaries", "healthy", VOL_SYS, VOL_TOOLS, user="coord.amina",
                notes="A busy coordinator replies every 20-60 minutes, asking day by day; the assistant answers in one "
                      "fixed summary template with different shifts, names and gaps.")
    days = [("MON", "Mon Oct 12", [("0900", 4, 4, []), ("1300", 3, 2, ["1 driver"])], ["Lupe Ortiz", "Frank Hale"]),
            ("TUE", "Tue Oct 13", [("0900", 4, 3, ["1 packer"]), ("1600", 5, 5, [])], ["Ines Baptiste"]),
            ("WED", "Wed Oct 14", [("1000", 6, 4, ["2 sorters"])], ["Carl Svensson", "Mei Tanaka", "Omar Haddad"]),
            ("THU", "Thu Oct 15", [("1400", 3, 2, ["1 forklift"]), ("1800", 4, 4, [])], ["Dee Larkin"]),
            ("FRI", "Fri Oct 16", [("0900", 4, 1, ["3 packers"])], ["Rosa Delgado", "Tom Reilly"]),
            ("SAT", "Sat Oct 17", [("0800", 6, 4, ["2 helpers"]), ("1100", 6, 6, [])], ["Gloria Mensah", "Kenji Mori"])]
    s.say(0, "I'm in meetings all day, I'll check in between. Start with Monday: what's the state of the shifts?",
          C(("get_availability", {"event": "pantry-week-42", "shift": "MON"})))
    t = 8
    gaps = [1500, 2700, 3300, 1900, 3600, 2400]
    for i, (code, label, shifts, avail) in enumerate(days):
        out = {"day": code, "shifts": [{"shift": "%s-%s" % (code, h), "needed": n, "filled": f} for h, n, f, _ in shifts],
               "available_unassigned": avail}
        summ = "%s\n%s\nAvailable, not yet assigned: %s\nSuggestion: %s" % (
            label, "\n".join("- %s:%s  %d/%d filled%s" % (h[:2], h[2:], f, n, (" (open: %s)" % ", ".join(g)) if g else "")
                             for h, n, f, g in shifts),
            ", ".join(avail),
            ["Frank drives; ask him for the 1pm run.", "Ines can cover the 9am packer spot.",
             "Assign Carl and Mei to sorting; Omar as backup.", "Dee is certified but at her weekly cap; ask her if she'll go to 3.",
             "Friday is the weak day: Rosa and Tom, plus a call-out to the Lutheran youth group.",
             "Gloria and Kenji for the 8am; 11am is full."][i])
        s.tool(t, [out], A(summ))
        t += gaps[i]
        if i + 1 < len(days):
            s.say(t, ["ok do that. Tuesday?", "fine. Wednesday", "yes. thursday please",
                      "I'll ask Dee myself. Friday?", "do the call-out. Saturday last."][i],
                  C(("get_availability", {"event": "pantry-week-42", "shift": days[i + 1][0]})))
            t += 7
    s.say(t, "Thanks, that's the week.", A("Great. Open after today's actions: Tue packer (if Ines says no), Thu forklift "
                                          "(pending Dee), Fri packers (call-out sent)."))
    return s


# ---------------------------------------------------------------- style 8: home_brewing_advisor

BREW_SYS = ("You are an experienced homebrewing advisor. Be practical and specific: temperatures in °F and °C, "
            "gravities as SG, hop amounts in ounces and grams. The brewer uses a 5-gallon all-grain setup.")

MASH_PARA = ("Mash: dough in 10.5 lb (4.8 kg) of grist with 3.9 gallons of strike water at 164 °F (73 °C) to land at "
             "152 °F (67 °C). Hold 60 minutes, stirring at 20 and 40 minutes, then mash out at 168 °F (76 °C) for 10 "
             "minutes. Sparge with 4.2 gallons at 170 °F (77 °C) to collect 6.5 gallons pre-boil at about 1.046.")


def brew_continue_same():
    s = Session("home_brewing_advisor", "runaway_continue_same_mash", "runaway", BREW_SYS, user="brewer.nate", b=3, d=7,
                notes="The brewer asks to continue a brew-day write-up; after the first section every 'continue' "
                      "returns the same mash paragraph (once lightly reworded).")
    s.say(0, "Write my brew-day sheet for the Amber Ale we designed (Maris Otter 8 lb, Crystal 60 1.5 lb, Victory 0.75 lb, "
             "Chocolate 0.25 lb; Cascade/Centennial; US-05). Section by section, I'll say continue.",
          A("Brew-day sheet: Amber Ale (5 gal)\n\n" + MASH_PARA))
    alt = MASH_PARA.replace("Hold 60 minutes", "Rest for 60 minutes").replace("dough in", "mash in")
    t = 60
    for i in range(9):
        s.say(t, ["continue", "continue", "that's the mash again. continue with the boil", "continue",
                  "you keep repeating the mash", "continue", "boil please", "continue", "???"][i],
              A(MASH_PARA if i % 4 != 2 else alt))
        t += 40 + (i % 3) * 15
    return s


def ferm_log(days):
    rows = ["# Tilt Hydrometer export -- color RED -- beer 'Amber Ale #14' -- logging every 2 h",
            "timestamp,sg,temp_f,battery_weeks,rssi"]
    sg = 1.058
    for d in range(days):
        for h in range(0, 24, 2):
            step = d * 12 + h // 2
            if step < 40:
                sg = 1.058 - 0.027 * (step / 40.0)
            else:
                sg = 1.031 + (0.0005 if step % 3 == 0 else 0.0)
            rows.append("2026-03-%02dT%02d:00:00,%.4f,%.1f,%d,-%d" % (4 + d, h, sg, 64.0 + (step % 5) * 0.3 if step < 40 else 62.1 + (step % 4) * 0.2,
                                                                 30 - d, 62 + (step * 7) % 11))
    return "\n".join(rows)


def brew_stuck_log():
    s = Session("home_brewing_advisor", "runaway_stuck_ferment_log", "runaway", BREW_SYS, user="brewer.nate", b=4, d=9,
                notes="The brewer pastes a growing hydrometer log that stays stuck at 1.031; the advice is the same "
                      "three steps reworded every time and nothing changes.")
    advice = ["Your fermentation has stalled at 1.031. Raise the temperature to 68-70 °F (20-21 °C), gently swirl the "
              "fermenter to rouse the yeast, and give it 48 hours.",
              "It looks stuck around 1.031. Warm it up to about 69 °F (20.5 °C), rouse the yeast by swirling, and wait two days.",
              "Gravity is holding at 1.031, so the yeast has gone dormant. Bring it to 68-70 °F, swirl to resuspend the yeast, "
              "and check again in 48 h.",
              "The readings are flat at 1.031. I'd warm the fermenter to around 70 °F and rouse the yeast, then give it two more days."]
    s.say(0, "Amber ale, OG 1.058, US-05 pitched 1 packet dry at 64 °F. Here's my Tilt log so far:\n\n" + ferm_log(3),
          A("Looks healthy: you're at about 1.040 after three days with active fermentation. US-05 usually finishes around "
            "1.012-1.014 here. Keep it at 64-66 °F."))
    s.say(86400 * 2, "Two more days. Gravity hasn't moved much?\n\n" + ferm_log(5), A(advice[0]))
    t = 86400 * 4
    for i in range(10):
        s.say(t, ["Did that. Still stuck:\n\n", "Warmed it and swirled. Log:\n\n", "Still 1.031.\n\n",
                  "No change. Full log:\n\n"][i % 4] + ferm_log(6 + i), A(advice[(i + 1) % 4]))
        t += 86400 // 2
    return s


def brew_refine():
    s = Session("home_brewing_advisor", "healthy_recipe_small_diffs", "healthy", BREW_SYS, user="brewer.jo",
                notes="Iterative recipe refinement: each message changes one ingredient and the advisor answers in the "
                      "same stats template with different numbers and a different comment.")
    steps = [("Starting point: 9 lb Pale 2-row, 1 lb Munich, 0.5 lb Crystal 40. 1 oz Magnum 60 min, 1 oz Citra 5 min. "
              "US-05, 72% efficiency. Give me OG/FG/IBU/SRM/ABV.", (1.056, 1.012, 41, 6.1, 5.8), "A clean APA base."),
             ("Swap Crystal 40 for Crystal 20.", (1.056, 1.012, 41, 5.2, 5.8), "Lighter color, a touch less caramel."),
             ("Add 0.5 lb flaked oats for body.", (1.058, 1.013, 40, 5.3, 5.9), "Oats add haze and mouthfeel; slight IBU drop from dilution."),
             ("Magnum down to 0.75 oz.", (1.058, 1.013, 31, 5.3, 5.9), "More balanced for a hop-forward finish."),
             ("Add 2 oz Citra + 1 oz Mosaic whirlpool at 170 °F, 20 min.", (1.058, 1.013, 44, 5.3, 5.9), "Whirlpool adds ~13 IBU and lots of aroma."),
             ("Efficiency is actually 68% on my system.", (1.055, 1.012, 45, 5.1, 5.6), "Lower OG; consider +0.5 lb 2-row."),
             ("OK add 0.5 lb 2-row.", (1.058, 1.013, 44, 5.2, 5.9), "Back on target."),
             ("Switch yeast to London Ale III.", (1.058, 1.015, 44, 5.2, 5.6), "Lower attenuation, softer and fruitier; FG up."),
             ("Dry hop 3 oz Citra day 3.", (1.058, 1.015, 44, 5.2, 5.6), "Dry hop doesn't change IBU in the calculator; watch for hop creep with this yeast."),
             ("Final: mash temp 154 °F instead of 152.", (1.058, 1.016, 44, 5.2, 5.5), "Slightly fuller body, FG ~1.016.")]
    t = 0
    for i, (u, (og, fg, ibu, srm, abv), note) in enumerate(steps):
        s.say(t, u, A("OG %.3f | FG %.3f | IBU %d | SRM %.1f | ABV %.1f%%\nComment: %s" % (og, fg, ibu, srm, abv, note)))
        t += 120 + 45 * (i % 4)
    return s


BREW_GUIDE = [
    "Part 1 - Cleaning vs. sanitising. Cleaning removes soil you can see; sanitising kills what you can't. Clean with PBW "
    "at 1 oz/gal in warm water, rinse, then sanitise with Star San at 1 oz per 5 gal. Don't fear the foam.",
    "Part 2 - Water. Start from carbon-filtered tap water or RO. For an amber ale aim for calcium 50-100 ppm and a "
    "sulfate:chloride ratio near 1:1. Campden tablets (1 per 20 gal) remove chloramine.",
    "Part 3 - Milling. A gap of about 0.035 in (0.9 mm) works for most BIAB and mash-tun setups. Husks should crack, not shred.",
    "Part 4 - Mashing. Temperature sets fermentability: 148-150 °F for dry, 154-156 °F for full body. Check pH at 10 "
    "minutes; 5.2-5.5 is the target.",
    "Part 5 - Lautering and sparging. Vorlauf until the runnings are clear, then sparge slowly with 168-170 °F water. "
    "Stop when gravity of the runnings drops under 1.010 to avoid tannins.",
    "Part 6 - The boil. 60 minutes, rolling but not violent. Hot break forms in the first 10 minutes; add bittering hops "
    "after it to avoid boil-overs. Whirlfloc at 15 minutes.",
    "Part 7 - Chilling. Get below 70 °F within 30 minutes with an immersion chiller; whirlpool to cone the trub.",
    "Part 8 - Pitching. Aerate by splashing or with an oxygen wand (60 s at 1 L/min). Rehydrate dry yeast in 10x its "
    "weight of 85 °F water for 15 minutes.",
    "Part 9 - Fermentation. Ferment ales at 64-68 °F for the first 3-4 days, then let it free-rise 2-3 °F for cleanup. "
    "Take gravity readings 3 days apart; identical readings mean it's done.",
    "Part 10 - Packaging. Bottling: 4 oz corn sugar for 2.4 volumes in 5 gal. Kegging: 12 psi at 38 °F for about a week.",
]


def brew_continue_new():
    s = Session("home_brewing_advisor", "healthy_continue_guide", "healthy", BREW_SYS, user="brewer.jo",
                notes="'continue' nine times, each answered by the next, different section of a beginner's guide.")
    s.say(0, "Write me a beginner's all-grain guide, one part at a time. I'll say continue.", A(BREW_GUIDE[0]))
    t = 75
    for i, part in enumerate(BREW_GUIDE[1:]):
        s.say(t, "continue" if i != 4 else "continue (great so far)", A(part))
        t += 50 + 17 * (i % 3)
    s.say(t, "Anything I forgot?", A("Record everything: a brew log with volumes, gravities and temperatures is the single "
                                     "best tool for improving your next batch."))
    return s



WRITERS = [bee_stale_scale, bee_swarm_recovery, bee_cycle_probe, bee_slow_inspection,
           xw_paraphrase_corner, xw_refine, xw_same_clarification, xw_continue_clues,
           sub_renamed_drafts, sub_backoff_send, sub_handoff, sub_batch_warnings,
           unity_alternating, unity_changing_errors, unity_buried, unity_variant_sweep,
           rc_blurry, rc_batch, rc_job_restart, rc_stateless_policy,
           bus_cycle, bus_paginate, bus_reserved, bus_revisit,
           vol_sms_forbidden, vol_signup_poll, vol_swap_cycle, vol_slow_coordinator,
           brew_continue_same, brew_refine, brew_stuck_log, brew_continue_new]

# ---------------------------------------------------------------- registry, validation, main

SHAPES = ["chat", "responses", "anthropic"]


def sessions():
    """All sessions in the order written; index k gets shape SHAPES[k % 3]."""
    return [f() for f in WRITERS]


def validate(doc):
    errs = []
    name, shape = doc["name"], doc["shape"]
    for k in ("name", "style", "shape", "path", "headers", "expected", "turns"):
        if k not in doc:
            errs.append("missing %s" % k)
    if doc["path"] != PATHS[shape]:
        errs.append("path")
    if not (8 <= len(doc["turns"]) <= 30):
        errs.append("turn count %d" % len(doc["turns"]))
    exp = doc["expected"]
    if exp["outcome"] == "runaway":
        if not (1 <= exp["loop_begins_turn"] < exp["stop_by_turn"] < len(doc["turns"])):
            errs.append("B/D out of range")
        if len(doc["turns"]) - exp["stop_by_turn"] < 3:
            errs.append("fewer than 3 turns after D")
    elif exp != {"outcome": "healthy"}:
        errs.append("expected")
    prev_at = -1
    for n, turn in enumerate(doc["turns"], 1):
        if turn["at_seconds"] < prev_at:
            errs.append("turn %d: time goes back" % n)
        prev_at = turn["at_seconds"]
        req = turn["request"]
        where = "%s turn %d" % (name, n)
        declared = set()
        if shape == "chat":
            for k in ("model", "messages"):
                if k not in req:
                    errs.append("%s: missing %s" % (where, k))
            declared = {t["function"]["name"] for t in req.get("tools", [])}
            open_ids = []
            for i, m in enumerate(req["messages"]):
                if m["role"] not in ("system", "user", "assistant", "tool"):
                    errs.append("%s: role" % where)
                if m["role"] == "tool":
                    if m["tool_call_id"] not in open_ids:
                        errs.append("%s: unmatched tool_call_id" % where)
                    open_ids.remove(m["tool_call_id"]) if m["tool_call_id"] in open_ids else None
                else:
                    if open_ids:
                        errs.append("%s: tool calls without results" % where)
                    open_ids = []
                if m["role"] == "assistant" and "tool_calls" in m:
                    for tc in m["tool_calls"]:
                        open_ids.append(tc["id"])
                        json.loads(tc["function"]["arguments"])
                        if tc["function"]["name"] not in declared:
                            errs.append("%s: undeclared tool" % where)
            if open_ids:
                errs.append("%s: trailing calls without results" % where)
            if req["messages"][-1]["role"] not in ("user", "tool"):
                errs.append("%s: last message not user/tool" % where)
        elif shape == "responses":
            for k in ("model", "input", "max_output_tokens"):
                if k not in req:
                    errs.append("%s: missing %s" % (where, k))
            if "previous_response_id" in req:
                errs.append("%s: previous_response_id" % where)
            declared = {t["name"] for t in req.get("tools", [])}
            calls = set()
            for it in req["input"]:
                if it.get("type") == "function_call":
                    calls.add(it["call_id"])
                    json.loads(it["arguments"])
                    if it["name"] not in declared:
                        errs.append("%s: undeclared tool" % where)
                elif it.get("type") == "function_call_output":
                    if it["call_id"] not in calls:
                        errs.append("%s: output without call" % where)
                    calls.discard(it["call_id"])
                elif it.get("role") not in ("user", "assistant"):
                    errs.append("%s: bad item" % where)
            if calls:
                errs.append("%s: calls without outputs" % where)
        else:
            for k in ("model", "messages", "max_tokens"):
                if k not in req:
                    errs.append("%s: missing %s" % (where, k))
            declared = {t["name"] for t in req.get("tools", [])}
            msgs = req["messages"]
            if msgs[0]["role"] != "user" or msgs[-1]["role"] != "user":
                errs.append("%s: must start and end with user" % where)
            for i, m in enumerate(msgs):
                if i and m["role"] == msgs[i - 1]["role"]:
                    errs.append("%s: roles do not alternate at %d" % (where, i))
                uses = [b["id"] for b in m["content"] if b["type"] == "tool_use"]
                for b in m["content"]:
                    if b["type"] == "tool_use" and b["name"] not in declared:
                        errs.append("%s: undeclared tool" % where)
                if m["role"] == "user":
                    results = [b["tool_use_id"] for b in m["content"] if b["type"] == "tool_result"]
                    want = [b["id"] for b in msgs[i - 1]["content"] if b["type"] == "tool_use"] if i else []
                    if results != want:
                        errs.append("%s: tool_result ids %s do not answer tool_use %s" % (where, results, want))
                    if results and m["content"][0]["type"] != "tool_result":
                        errs.append("%s: tool_result must come first" % where)
                elif uses and i == len(msgs) - 1:
                    errs.append("%s: dangling tool_use" % where)
    return errs


def check_history(doc, stateless):
    """Turn N+1's conversation extends turn N's (full history resent), unless stateless."""
    if stateless:
        return []
    key = {"chat": "messages", "responses": "input", "anthropic": "messages"}[doc["shape"]]
    errs = []
    for n in range(1, len(doc["turns"])):
        a = doc["turns"][n - 1]["request"][key]
        b = doc["turns"][n]["request"][key]
        if doc["shape"] == "anthropic":
            # the last user message of turn N may be followed by more blocks merged in turn N+1
            if b[:len(a) - 1] != a[:-1]:
                errs.append("%s turn %d does not extend turn %d" % (doc["name"], n + 1, n))
        elif b[:len(a)] != a or len(b) <= len(a):
            errs.append("%s turn %d does not extend turn %d" % (doc["name"], n + 1, n))
    return errs


def build():
    files = {}
    errs = []
    for k, sess in enumerate(sessions()):
        shape = SHAPES[k % 3]
        name, doc = render(sess, shape, k)
        errs += validate(doc) + check_history(doc, sess.stateless)
        if name + ".json" in files:
            errs.append("duplicate %s" % name)
        files[name + ".json"] = json.dumps(doc, indent=1, sort_keys=False, ensure_ascii=False) + "\n"
    return files, errs


def main():
    check = "--check" in sys.argv[1:]
    files, errs = build()
    heldout = os.path.join(DIR, "heldout")
    if check:
        on_disk = sorted(f for f in os.listdir(heldout) if f.endswith(".json"))
        if on_disk != sorted(files):
            errs.append("file set differs: %s" % sorted(set(on_disk) ^ set(files)))
        for f in files:
            p = os.path.join(heldout, f)
            if os.path.exists(p):
                with open(p, encoding="utf-8") as fh:
                    text = fh.read()
                json.loads(text)
                if text != files[f]:
                    errs.append("%s differs from the generator" % f)
        if os.listdir(os.path.join(DIR, "tuning")) != [".gitkeep"]:
            errs.append("tuning/ must hold only .gitkeep")
    else:
        os.makedirs(heldout, exist_ok=True)
        os.makedirs(os.path.join(DIR, "tuning"), exist_ok=True)
        open(os.path.join(DIR, "tuning", ".gitkeep"), "w").close()
        for f in os.listdir(heldout):
            if f.endswith(".json") and f not in files:
                os.remove(os.path.join(heldout, f))
        for f, text in files.items():
            with open(os.path.join(heldout, f), "w", encoding="utf-8") as fh:
                fh.write(text)
    for e in errs:
        print("ERROR:", e)
    print("%d sessions, %d errors" % (len(files), len(errs)))
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
