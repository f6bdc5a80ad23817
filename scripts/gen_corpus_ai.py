#!/usr/bin/env python3
"""Generate corpus_ai: a blind, held-out set of 32 agent/chat sessions (author: writer-ai).

    python3 scripts/gen_corpus_ai.py           # write tests/fixtures/corpus_ai/
    python3 scripts/gen_corpus_ai.py --check   # regenerate in memory, validate, compare with disk

Stdlib only, deterministic: no clock, no random module, no network. Small variations (ids,
jitter in timings, sensor noise) come from SHA-256 of fixed strings.
"""
import hashlib
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "corpus_ai")

STYLES = [
    "ski_resort_snowmaking_ops",
    "django_migration_fixer",
    "pension_transfer_advisor",
    "wedding_vows_helper",
    "hvac_building_controls",
    "customs_tariff_classifier",
    "language_exchange_partner",
    "genome_assembly_qc",
]
TOOLLESS_STYLES = {"wedding_vows_helper", "language_exchange_partner"}
SHAPES = ["chat", "responses", "anthropic"]
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def hnum(*parts):
    return int(hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest(), 16)


def b62(n, width):
    s = ""
    for _ in range(width):
        n, r = divmod(n, 62)
        s += B62[r]
    return s


def jit(lo, hi, *key):
    """Deterministic integer in [lo, hi] derived from key."""
    return lo + hnum("jit", *key) % (hi - lo + 1)


def noise(base, spread, *key, nd=1):
    """Deterministic value base +/- spread, rounded to nd decimals."""
    steps = 2001
    f = (hnum("noise", *key) % steps) / (steps - 1) * 2 - 1
    return round(base + f * spread, nd)


def J(obj):
    """Compact JSON for tool outputs and arguments (what a real tool layer would send)."""
    return json.dumps(obj, ensure_ascii=False)


def tool(name, desc, props, required=None):
    return {
        "name": name,
        "description": desc,
        "parameters": {
            "type": "object",
            "properties": props,
            "required": list(props.keys()) if required is None else required,
        },
    }


def S(desc):
    return {"type": "string", "description": desc}


def N(desc):
    return {"type": "number", "description": desc}


def I(desc):
    return {"type": "integer", "description": desc}


class Session:
    """A shape-neutral conversation; each send() snapshots one request."""

    def __init__(self, style, kind, n, shape, model, system, tools, user_id, max_tokens, label,
                 stateless=False):
        self.style, self.kind, self.n, self.shape = style, kind, n, shape
        self.model, self.system, self.tools = model, system, tools
        self.user_id, self.max_tokens, self.label = user_id, max_tokens, label
        self.stateless = stateless
        self.name = "%s_%s_%d_%s" % (style, kind, n, shape)
        self.events = []
        self.snaps = []
        self.t = None
        self.ncalls = 0
        self.last_ids = []
        self.marks = {}
        self.notes = ""

    # -- building -------------------------------------------------------
    def _cid(self):
        self.ncalls += 1
        r = hnum(self.name, "call", self.ncalls)
        if self.shape == "anthropic":
            return "toolu_01" + b62(r, 22)
        if self.shape == "responses":
            return "call_" + b62(r, 24)
        return "call_" + b62(r, 24)

    def user(self, text):
        if self.stateless:
            self.events = []
        self.events.append(("user", text))

    def assistant(self, text, calls=()):
        ids = []
        out = []
        for name, args in calls:
            cid = self._cid()
            ids.append(cid)
            out.append((cid, name, args))
        self.events.append(("assistant", text, out))
        self.last_ids = ids
        return ids

    def result(self, cid, output):
        if not isinstance(output, str):
            output = J(output)
        self.events.append(("tool", cid, output))

    def send(self, dt):
        self.t = 0 if self.t is None else self.t + dt
        self.snaps.append((self.t, list(self.events)))
        return len(self.snaps)

    def call(self, dt, text, name, args, output):
        """Assistant calls one tool; the result comes back; the next request is sent dt later."""
        (cid,) = self.assistant(text, [(name, args)])
        self.result(cid, output)
        return self.send(dt)

    def calls(self, dt, text, pairs):
        """Several parallel tool calls: pairs = [(name, args, output), ...]."""
        ids = self.assistant(text, [(n, a) for n, a, _ in pairs])
        for cid, (_, _, o) in zip(ids, pairs):
            self.result(cid, o)
        return self.send(dt)

    def reply(self, dt, text, user_text):
        """Assistant answers in prose; the user writes again dt later."""
        self.assistant(text)
        self.user(user_text)
        return self.send(dt)

    def mark(self, key):
        self.marks[key] = len(self.snaps)

    # -- rendering ------------------------------------------------------
    def render(self, events):
        if self.shape == "chat":
            return self._chat(events)
        if self.shape == "responses":
            return self._responses(events)
        return self._anthropic(events)

    def _chat(self, events):
        msgs = []
        if self.system:
            msgs.append({"role": "system", "content": self.system})
        for ev in events:
            if ev[0] == "user":
                msgs.append({"role": "user", "content": ev[1]})
            elif ev[0] == "assistant":
                m = {"role": "assistant", "content": ev[1] if ev[1] else None}
                if ev[2]:
                    m["tool_calls"] = [
                        {"id": cid, "type": "function",
                         "function": {"name": n, "arguments": J(a)}}
                        for cid, n, a in ev[2]]
                msgs.append(m)
            else:
                msgs.append({"role": "tool", "tool_call_id": ev[1], "content": ev[2]})
        body = {"model": self.model, "messages": msgs}
        if self.tools:
            body["tools"] = [{"type": "function", "function": t} for t in self.tools]
        if self.max_tokens:
            body["max_tokens"] = self.max_tokens
        return body

    def _responses(self, events):
        items = []
        for ev in events:
            if ev[0] == "user":
                items.append({"role": "user", "content": ev[1]})
            elif ev[0] == "assistant":
                if ev[1]:
                    items.append({"role": "assistant", "content": ev[1]})
                for cid, n, a in ev[2]:
                    items.append({"type": "function_call", "call_id": cid, "name": n,
                                  "arguments": J(a)})
            else:
                items.append({"type": "function_call_output", "call_id": ev[1],
                              "output": ev[2]})
        body = {"model": self.model}
        if self.system:
            body["instructions"] = self.system
        body["input"] = items
        if self.tools:
            body["tools"] = [dict(type="function", **t) for t in self.tools]
        if self.max_tokens:
            body["max_output_tokens"] = self.max_tokens
        return body

    def _anthropic(self, events):
        msgs = []
        for ev in events:
            if ev[0] == "assistant":
                if ev[2]:
                    blocks = []
                    if ev[1]:
                        blocks.append({"type": "text", "text": ev[1]})
                    for cid, n, a in ev[2]:
                        blocks.append({"type": "tool_use", "id": cid, "name": n, "input": a})
                    msgs.append({"role": "assistant", "content": blocks})
                else:
                    msgs.append({"role": "assistant", "content": ev[1]})
                continue
            if ev[0] == "tool":
                block = {"type": "tool_result", "tool_use_id": ev[1], "content": ev[2]}
            else:
                block = {"type": "text", "text": ev[1]}
            if msgs and msgs[-1]["role"] == "user":
                c = msgs[-1]["content"]
                if isinstance(c, str):
                    c = [{"type": "text", "text": c}]
                c.append(block)
                msgs[-1]["content"] = c
            elif ev[0] == "user":
                msgs.append({"role": "user", "content": ev[1]})
            else:
                msgs.append({"role": "user", "content": [block]})
        body = {"model": self.model, "max_tokens": self.max_tokens or 1024}
        if self.system:
            body["system"] = self.system
        body["messages"] = msgs
        if self.tools:
            body["tools"] = [{"name": t["name"], "description": t["description"],
                              "input_schema": t["parameters"]} for t in self.tools]
        return body

    def to_json(self, expected, notes):
        return {
            "name": self.name,
            "style": self.style,
            "shape": self.shape,
            "path": PATHS[self.shape],
            "headers": {
                "x-session-id": "ai-%s-%s" % (self.name.replace("_", "-")[:40].rstrip("-"),
                                              b62(hnum("sid", self.name), 8)),
                "x-user-id": self.user_id,
            },
            "expected": expected,
            "notes": notes,
            "turns": [{"at_seconds": t, "request": self.render(ev)} for t, ev in self.snaps],
        }


SESSIONS = []  # (builder function) in writing order
_ORDER = []


def session(style, kind, n):
    def deco(fn):
        SESSIONS.append((style, kind, n, fn))
        return fn
    return deco


def new(style, kind, n, **kw):
    idx = len(_ORDER)
    shape = SHAPES[idx % 3]
    _ORDER.append((style, kind, n))
    return Session(style, kind, n, shape, **kw)


def runaway(s, B, D, notes):
    return s.to_json({"outcome": "runaway", "loop_begins_turn": B, "stop_by_turn": D}, notes)


def healthy(s, notes):
    return s.to_json({"outcome": "healthy"}, notes)

# ======================================================================================
# 1. ski_resort_snowmaking_ops
# ======================================================================================
SKI_SYSTEM = (
    "You are SnowOps, the overnight snowmaking assistant for Whitecap Ridge Resort (base 2,410 m, "
    "summit 3,380 m). You read weather stations and pump-house telemetry and command fan guns and "
    "pumps through the resort's SCADA bridge. Rules: never run guns when the local wet-bulb is above "
    "-2.5 C; keep Lower Tamarack and Upper Boulevard headers under 42 bar; Bear Creek minimum "
    "instream flow is 0.35 m3/s and is a permit condition. Log anything unusual to #snowmaking-night. "
    "Be brief: the crew reads you on a phone in a snowcat.")

WX_TOOL = tool("get_station_reading", "Latest observation from a resort weather station.",
               {"station_id": S("e.g. WX-SUMMIT-3380, WX-BASE-2410, WX-TAM-MID")})
GUN_TOOL = tool("set_gun_mode", "Command a fan gun on a trail hydrant.",
                {"gun_id": S("gun id, e.g. LT-04"),
                 "mode": S("off | eco | auto | max"),
                 "hydrant": S("hydrant id the gun is coupled to")}, ["gun_id", "mode"])
NOTE_TOOL = tool("post_ops_note", "Post a message to a Slack channel of the ops team.",
                 {"channel": S("channel name"), "text": S("message")})


@session("ski_resort_snowmaking_ops", "runaway", 1)
def ski_r1():
    s = new("ski_resort_snowmaking_ops", "runaway", 1, model="gpt-4o", system=SKI_SYSTEM,
            tools=[WX_TOOL, GUN_TOOL, NOTE_TOOL], user_id="crew-lead.jmarsh", max_tokens=600,
            label="polls a frozen summit station whose reading and observed_at never change")
    s.user("Night crew, Jonah here. NWS has the front coming through after 18:00. As soon as Summit "
           "wet-bulb is at or below -2.5, fire up the nine TF10s on Upper Boulevard (UB-01..UB-09) in "
           "auto. Check every 5 min. I'm heading up to PH2 so I'll be on radio only.")
    s.send(0)
    reading = {"station": "WX-SUMMIT-3380", "observed_at": "2024-12-03T17:40:00-07:00",
               "dry_bulb_c": 1.4, "rh_pct": 71, "wet_bulb_c": -1.1, "wind_ms": 3.2,
               "wind_dir": "WNW", "pressure_hpa": 682.4, "battery_v": 12.6}
    s.call(6, "Checking Summit now.", "get_station_reading", {"station_id": "WX-SUMMIT-3380"},
           reading)
    clock = ["17:48", "17:53", "17:58", "18:03", "18:08", "18:13", "18:18", "18:23", "18:28",
             "18:33", "18:43", "18:48", "18:53", "18:58"]
    lines = [
        "Summit wet-bulb -1.1 C (dry 1.4, RH 71%). Above the -2.5 threshold, guns stay off. Next check {c}.",
        "{c}: still -1.1 C wet-bulb at Summit. Holding. Will check again in 5.",
        "No change at Summit ({c}), wet-bulb -1.1. Front must be running late. Rechecking in 5 min.",
        "{c} check: -1.1 C wet-bulb, RH 71%, wind WNW 3.2. Not cold enough yet.",
        "Summit steady at -1.1 wet-bulb ({c}). Guns off. I'll keep polling.",
        "{c}: Summit wet-bulb unchanged at -1.1. Staying on standby for UB-01..UB-09.",
        "Still waiting on the front: {c} Summit -1.1 C wet-bulb. Next look in 5.",
        "{c}: Summit holding at -1.1 / RH 71. No start yet.",
        "Checked at {c}, wet-bulb -1.1 C. Threshold not met.",
        "{c}: no movement at Summit (-1.1 wet-bulb). Continuing 5-minute checks.",
        "{c} Summit still -1.1. Jonah, guns remain off on Upper Boulevard.",
        "{c}: -1.1 C wet-bulb at Summit again. Holding.",
        "Summit {c}: wet-bulb -1.1, no change. Will check again shortly.",
    ]
    for i, line in enumerate(lines):
        if i == 2:
            s.call(jit(2, 5, "ski1n"), line.format(c=clock[i]), "post_ops_note",
                   {"channel": "#snowmaking-night",
                    "text": "UB start on hold: Summit wet-bulb -1.1 C at %s, waiting on front." % clock[i]},
                   {"ok": True, "ts": "1733273%03d.004100" % (i * 7)})
        s.call(300 + jit(-4, 9, "ski1", i), line.format(c=clock[i]) if i != 2 else None,
               "get_station_reading", {"station_id": "WX-SUMMIT-3380"}, reading)
        if i == 0:
            s.mark("B")
    s.notes = ("Summit station is iced/stale: every poll returns the identical observation, "
               "observed_at stuck at 17:40, while the agent keeps narrating new clock times. "
               "Loop visible at the second identical poll; half an hour of a frozen timestamp is "
               "plenty for an operator.")
    return runaway(s, s.marks["B"], s.marks["B"] + 6, s.notes)


PUMP_TOOLS = [
    tool("read_pump_house", "Telemetry snapshot of a pump house.", {"ph": S("PH1 | PH2 | PH3")}),
    tool("start_pump", "Request start of a pump. Interlocks are enforced by the PLC.",
         {"pump_id": S("e.g. PH2-BP3")}),
    tool("set_valve", "Set a motorised valve position.",
         {"valve_id": S("valve tag"), "percent_open": N("0-100")}),
    tool("reset_drive", "Clear latched faults on a VFD.", {"drive_id": S("e.g. VFD-PH2-BP3")}),
]


@session("ski_resort_snowmaking_ops", "runaway", 2)
def ski_r2():
    s = new("ski_resort_snowmaking_ops", "runaway", 2, model="gpt-4.1", system=SKI_SYSTEM,
            tools=PUMP_TOOLS, user_id="ph2-ops.mruiz", max_tokens=700,
            label="alternates valve/drive tweaks with pump starts, same suction interlock every time")
    s.user("Need booster 3 in PH2 online so Lower Tamarack header gets back up to 38 bar, we're sitting "
           "at 22 and the guns at the bottom are spitting. Start PH2-BP3. Manuel's in the pump house if "
           "you need eyes on anything.")
    s.send(0)
    s.call(5, "Pulling PH2 telemetry first.", "read_pump_house", {"ph": "PH2"},
           {"ph": "PH2", "ts": "2024-12-04T01:12:09-07:00", "reservoir_level_pct": 63.4,
            "header_bar": {"LT": 22.1, "UB": 36.8},
            "pumps": {"PH2-BP1": {"state": "running", "amps": 211}, "PH2-BP2": {"state": "running", "amps": 207},
                      "PH2-BP3": {"state": "stopped", "suction_bar": 0.4, "fault": None}},
            "strainer_dp_bar": {"ST-PH2-3": 2.9}, "alarms": []})

    def interlock(k, ts):
        return {"ok": False, "pump": "PH2-BP3", "code": "E-2207",
                "message": "INTERLOCK: suction pressure %.2f bar below minimum 1.20 bar. Start inhibited."
                           % noise(0.4, 0.03, "ski2", k, nd=2),
                "plc_ts": ts}
    seq = [
        ("start_pump", {"pump_id": "PH2-BP3"}, "BP3 stopped, no fault latched. Starting it.", None),
        ("set_valve", {"valve_id": "V-PH2-SUC-3", "percent_open": 100},
         "Suction interlock. Opening BP3 suction valve fully.",
         {"ok": True, "valve": "V-PH2-SUC-3", "position_pct": 100, "travel_s": 41}),
        ("start_pump", {"pump_id": "PH2-BP3"}, "Suction valve at 100%. Retrying start.", None),
        ("reset_drive", {"drive_id": "VFD-PH2-BP3"},
         "Same interlock. Clearing the drive in case a stale fault is holding it.",
         {"ok": True, "drive": "VFD-PH2-BP3", "cleared": ["F0021 undervoltage (12/02 22:14)"]}),
        ("start_pump", {"pump_id": "PH2-BP3"}, "Drive cleared. Start again.", None),
        ("set_valve", {"valve_id": "V-RES-04", "percent_open": 85},
         "Still low suction. Raising the reservoir outlet V-RES-04 to 85% to push more water to the manifold.",
         {"ok": True, "valve": "V-RES-04", "position_pct": 85, "travel_s": 58}),
        ("start_pump", {"pump_id": "PH2-BP3"}, "Reservoir outlet up. Trying BP3.", None),
        ("set_valve", {"valve_id": "V-PH2-SUC-3", "percent_open": 0},
         "Interlock persists. Cycling the suction valve closed and open to unstick it.",
         {"ok": True, "valve": "V-PH2-SUC-3", "position_pct": 0, "travel_s": 40}),
        ("set_valve", {"valve_id": "V-PH2-SUC-3", "percent_open": 100}, "Reopening.",
         {"ok": True, "valve": "V-PH2-SUC-3", "position_pct": 100, "travel_s": 42}),
        ("start_pump", {"pump_id": "PH2-BP3"}, "Valve cycled. Start BP3.", None),
        ("reset_drive", {"drive_id": "VFD-PH2-BP3"}, "Resetting the VFD once more before another start.",
         {"ok": True, "drive": "VFD-PH2-BP3", "cleared": []}),
        ("start_pump", {"pump_id": "PH2-BP3"}, "Starting BP3.", None),
        ("set_valve", {"valve_id": "V-RES-04", "percent_open": 100},
         "Opening V-RES-04 to 100% for maximum head on the suction side.",
         {"ok": True, "valve": "V-RES-04", "position_pct": 100, "travel_s": 19}),
        ("start_pump", {"pump_id": "PH2-BP3"}, "Try BP3 again with full reservoir outlet.", None),
    ]
    starts = 0
    for k, (name, args, text, out) in enumerate(seq):
        ts = "2024-12-04T01:%02d:%02d-07:00" % (13 + k, jit(0, 59, "ski2ts", k))
        if out is None:
            out = interlock(k, ts)
            starts += 1
        n = s.call(jit(8, 26, "ski2", k), text, name, args, out)
        if name == "start_pump" and starts == 2:
            s.mark("B")
            starts += 1
    s.notes = ("Booster start is blocked by a suction interlock (the strainer dP of 2.9 bar in the first "
               "snapshot is the real cause); the agent alternates valve moves and drive resets with start "
               "attempts that fail identically and never asks Manuel to check the strainer. Stop after the "
               "third or fourth identical E-2207.")
    return runaway(s, s.marks["B"], s.marks["B"] + 4, s.notes)


@session("ski_resort_snowmaking_ops", "healthy", 1)
def ski_h1():
    hyd = tool("get_hydrant", "Pressure and temperature at a trail hydrant.", {"hydrant": S("e.g. H-14")})
    s = new("ski_resort_snowmaking_ops", "healthy", 1, model="claude-3-5-sonnet-20241022",
            system=SKI_SYSTEM, tools=[GUN_TOOL, hyd, NOTE_TOOL], user_id="crew-lead.jmarsh",
            max_tokens=900, label="starts 12 fan guns one by one, skips a low-pressure hydrant, one comm retry")
    s.user("Wet-bulb is -6.8 at base and -8.1 at Tamarack mid. Start all fan guns on Lower Tamarack "
           "(LT-01 through LT-12) in auto, but skip any hydrant under 30 bar. Tell me when they're all up.")
    s.send(0)
    plan = [("LT-01", "H-07"), ("LT-02", "H-08"), ("LT-03", "H-09"), ("LT-04", "H-11"), ("LT-05", "H-12"),
            ("LT-06", "H-14"), ("LT-07", "H-15"), ("LT-08", "H-17"), ("LT-09", "H-18"), ("LT-10", "H-20"),
            ("LT-11", "H-21"), ("LT-12", "H-23")]
    for k, (gun, h) in enumerate(plan):
        bar = noise(36.5 - k * 0.4, 1.5, "skih1", k)
        if gun == "LT-09":
            s.call(4, "Checking H-18 before LT-09; it read low on last night's log.", "get_hydrant",
                   {"hydrant": h}, {"hydrant": h, "bar": 24.6, "water_temp_c": 1.9, "ts": "02:31:44"})
            s.call(5, "H-18 is at 24.6 bar, under 30. Skipping LT-09 and flagging it.", "post_ops_note",
                   {"channel": "#snowmaking-night", "text": "LT-09 skipped: H-18 at 24.6 bar (min 30). Check the drain valve at H-18?"},
                   {"ok": True, "ts": "1733304706.118200"})
            continue
        text = ("LT-01 on H-07." if k == 0 else
                "%s started. Next: %s on %s." % (plan[k - 1][0], gun, h) if k != 9 else
                "LT-08 running. %s on %s next." % (gun, h))
        if gun == "LT-10":
            s.call(15, text, "set_gun_mode", {"gun_id": gun, "mode": "auto", "hydrant": h},
                   {"ok": False, "gun": gun, "error": "COMM_TIMEOUT: no reply from gun controller (radio link RSSI -97 dBm)"})
            s.call(jit(5, 9, "lt10"), "Radio timeout on LT-10 after a 15 s wait. One retry.", "set_gun_mode",
                   {"gun_id": gun, "mode": "auto", "hydrant": h},
                   {"ok": True, "gun": gun, "mode": "auto", "state": "starting", "hydrant_bar": bar,
                    "nozzles_open": 0, "fan_rpm": 0})
            continue
        s.call(jit(4, 9, "skih1", k), text, "set_gun_mode", {"gun_id": gun, "mode": "auto", "hydrant": h},
               {"ok": True, "gun": gun, "mode": "auto", "state": "starting", "hydrant_bar": bar,
                "nozzles_open": 0, "fan_rpm": 0})
    s.assistant("Lower Tamarack is up: 11 of 12 guns in auto (LT-01..08, LT-10..12). LT-09 skipped, H-18 "
                "at 24.6 bar, posted in #snowmaking-night. LT-10 needed one retry after a radio timeout. "
                "Header is holding 36-37 bar.")
    s.user("Nice. Groomers say LT-05 is icing the catwalk at the Tamarack merge. Drop LT-05 to eco.")
    s.send(14 * 60 + 22)
    s.notes = ("A batch of near-identical set_gun_mode calls, each for a new gun and hydrant, with one "
               "legitimate skip and one retry after a radio timeout, then a human follow-up.")
    return healthy(s, s.notes)


@session("ski_resort_snowmaking_ops", "healthy", 2)
def ski_h2():
    res = tool("get_reservoir", "Level, inflow and creek gauge for a storage pond.", {"reservoir": S("e.g. RES-CUT")})
    pump = tool("set_pump", "Start or stop an intake pump.", {"pump_id": S("IP1 | IP2"), "state": S("on | off")})
    s = new("ski_resort_snowmaking_ops", "healthy", 2, model="gpt-4o-mini", system=SKI_SYSTEM,
            tools=[res, pump, NOTE_TOOL], user_id="water-mgr.tkowalski", max_tokens=500,
            label="polls a filling reservoir every 10 min, level rising, stops pumps at targets")
    s.user("Fill Cutthroat Pond (RES-CUT) before tomorrow's push. IP1 and IP2 are running off Bear Creek. "
           "Poll every 10 min, stop IP2 at 80% and IP1 at 85%. If the creek gauge drops under 0.35 m3/s "
           "stop both and tell me - that's our permit.")
    s.send(0)
    level, flow = 71.2, 0.61
    minute = 20
    both = True
    k = 0
    while True:
        obs = "2024-12-04T%02d:%02d:00-07:00" % (14 + minute // 60, minute % 60)
        out = {"reservoir": "RES-CUT", "observed_at": obs, "level_pct": round(level, 1),
               "volume_m3": int(level / 100 * 118000), "inflow_m3s": 0.212 if both else 0.109,
               "bear_creek_gauge_m3s": round(flow, 2), "ip1": "on", "ip2": "on" if both else "off"}
        if k == 5:
            s.call(600 + jit(0, 6, "skih2", k), "Polling RES-CUT.", "get_reservoir", {"reservoir": "RES-CUT"},
                   {"error": "telemetry gateway timeout (RTU-CUT-1), last good 14:%02d" % (minute - 10)})
            s.call(60, "Gateway timeout; retrying in a minute.", "get_reservoir", {"reservoir": "RES-CUT"}, out)
        else:
            s.call(8 if k == 0 else 600 + jit(0, 6, "skih2", k),
                   "Polling RES-CUT." if k == 0 else
                   "%.1f%%, creek %.2f m3/s. Continuing." % (prev_level, prev_flow),
                   "get_reservoir", {"reservoir": "RES-CUT"}, out)
        prev_level, prev_flow = round(level, 1), round(flow, 2)
        if both and level >= 80:
            s.call(5, "RES-CUT at %.1f%%. Stopping IP2 per plan." % level, "set_pump",
                   {"pump_id": "IP2", "state": "off"}, {"ok": True, "pump": "IP2", "state": "off"})
            both = False
        elif not both and level >= 85:
            s.call(4, "85%% reached (%.1f%%). Stopping IP1." % level, "set_pump",
                   {"pump_id": "IP1", "state": "off"}, {"ok": True, "pump": "IP1", "state": "off"})
            break
        level += (1.45 if both else 0.74) + noise(0, 0.08, "lvl", k, nd=2)
        flow -= 0.01 + noise(0, 0.004, "flow", k, nd=3)
        minute += 10
        k += 1
    s.notes = ("Scheduler-paced polling of a reservoir that genuinely changes every poll (level, "
               "observed_at, creek flow), one gateway timeout retried, pumps stopped at the targets.")
    return healthy(s, s.notes)


# ======================================================================================
# 2. django_migration_fixer
# ======================================================================================
DJ_SYSTEM = (
    "You are a coding agent working in the `ledgerly` repository (Django 4.2, Python 3.11, Postgres 15). "
    "Apps: accounts, billing, catalog, notifications. You have a shell in the repo root with the "
    "virtualenv active and DATABASE_URL pointing at the developer's local database. Make the smallest "
    "change that fixes the problem, never edit already-deployed data migrations in accounts/, and "
    "explain what you changed when you are done.")
RUN_TOOL = tool("run", "Run a shell command in the repo root; returns exit code, stdout and stderr.",
                {"cmd": S("shell command")})
READ_TOOL = tool("read_file", "Read a file from the repo.", {"path": S("repo-relative path")})
PATCH_TOOL = tool("apply_patch", "Apply a unified diff to the working tree.", {"patch": S("unified diff")})

MIG_0043 = '''# Generated by Django 4.2.11 on 2024-06-03 09:12

from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):

    dependencies = [
        ("billing", "0042_invoice_due_date"),
        ("accounts", "0019_tenant_slug"),
    ]

    operations = [
        migrations.AddField(
            model_name="invoice",
            name="tenant",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="invoices", to="accounts.tenant"),
        ),
    ]
'''

INCONSISTENT = ('Traceback (most recent call last):\n  File "/src/ledgerly/manage.py", line 22, in <module>\n'
                '    main()\n  ...\n  File "/src/.venv/lib/python3.11/site-packages/django/db/migrations/loader.py", '
                'line 327, in check_consistent_history\n    raise InconsistentMigrationHistory(\n'
                'django.db.migrations.exceptions.InconsistentMigrationHistory: Migration billing.0043_invoice_tenant '
                'is applied before its dependency accounts.0019_tenant_slug on database \'default\'.')
UNRESOLVED = ('Operations to perform:\n  Apply all migrations: accounts, admin, auth, billing, catalog, contenttypes, '
              'notifications, sessions\nRunning migrations:\nTraceback (most recent call last):\n  ...\n'
              '  File "/src/.venv/lib/python3.11/site-packages/django/db/models/fields/related.py", line 1046, in '
              'resolve_related_fields\n    raise ValueError(\nValueError: Related model \'accounts.tenant\' cannot be '
              'resolved')


@session("django_migration_fixer", "runaway", 1)
def dj_r1():
    s = new("django_migration_fixer", "runaway", 1, model="o4-mini", system=DJ_SYSTEM,
            tools=[RUN_TOOL, READ_TOOL, PATCH_TOOL], user_id="dev.hlindqvist", max_tokens=4000,
            label="period-4 cycle: drop dependency / migrate fails / revert / migrate fails")
    s.user("CI is red on release/2024.23. The `migrate` step restores ci_snapshot_2024_06.sql and then runs "
           "`python manage.py migrate --noinput`, which blows up. Fix it, but don't touch the accounts data "
           "migrations.")
    s.send(0)
    s.call(9, "Reproducing locally against the snapshot.", "run",
           {"cmd": "python manage.py migrate --noinput"}, {"exit": 1, "stdout": "", "stderr": INCONSISTENT})
    s.call(4, None, "read_file", {"path": "billing/migrations/0043_invoice_tenant.py"}, MIG_0043)
    drop = ('--- a/billing/migrations/0043_invoice_tenant.py\n+++ b/billing/migrations/0043_invoice_tenant.py\n'
            '@@ -9,7 +9,6 @@ class Migration(migrations.Migration):\n     dependencies = [\n'
            '         ("billing", "0042_invoice_due_date"),\n-        ("accounts", "0019_tenant_slug"),\n     ]\n')
    revert_cmd = "git checkout -- billing/migrations/0043_invoice_tenant.py && git status --short"
    texts_drop = [
        "The snapshot has billing.0043 applied but not accounts.0019. Since 0043 only needs the tenant table, "
        "which exists since accounts.0007, I'll drop the 0019 dependency.",
        "Let me try removing the accounts.0019 dependency again; the FK only needs accounts.Tenant, so the "
        "graph should still resolve via 0042 -> accounts.0007.",
        "Dropping the 0019 dependency from 0043 once more - the snapshot ordering is the problem, not the FK.",
        "Removing the accounts 0019 dependency from 0043 so the history check passes.",
    ]
    texts_mig = ["Running migrate with the dependency removed.", "Migrate again.", "Re-running migrate.",
                 "Checking migrate."]
    texts_rev = [
        "Without the dependency the FK target can't be resolved. Reverting the edit.",
        "Same ValueError. Reverting to the committed 0043.",
        "That breaks model resolution again; restoring the original file.",
        "Reverting 0043.",
    ]
    texts_mig2 = ["Back to the original file; re-running migrate to see where we stand.",
                  "Re-running migrate with the original migration.",
                  "Migrate with the original 0043.", "Migrate again with the committed file."]
    for lap in range(4):
        s.call(jit(6, 14, "dj1a", lap), texts_drop[lap], "apply_patch", {"patch": drop},
               {"ok": True, "files": ["billing/migrations/0043_invoice_tenant.py"]})
        s.call(jit(7, 12, "dj1b", lap), texts_mig[lap], "run", {"cmd": "python manage.py migrate --noinput"},
               {"exit": 1, "stdout": "", "stderr": UNRESOLVED})
        s.call(jit(3, 6, "dj1c", lap), texts_rev[lap], "run", {"cmd": revert_cmd},
               {"exit": 0, "stdout": "", "stderr": ""})
        s.call(jit(7, 12, "dj1d", lap), texts_mig2[lap], "run", {"cmd": "python manage.py migrate --noinput"},
               {"exit": 1, "stdout": "", "stderr": INCONSISTENT})
        if lap == 0:
            s.mark("B")
        if len(s.snaps) >= 18:
            break
    s.notes = ("Edit / migrate (ValueError) / revert / migrate (InconsistentMigrationHistory), a period-4 "
               "cycle; the loop is visible when the revert lands back on the original error, and two laps "
               "are enough to stop it.")
    return runaway(s, s.marks["B"], s.marks["B"] + 5, s.notes)


@session("django_migration_fixer", "runaway", 2)
def dj_r2():
    bash = tool("bash", "Run a bash command in the project directory.", {"command": S("the command")})
    s = new("django_migration_fixer", "runaway", 2, model="claude-sonnet-4-20250514", system=DJ_SYSTEM,
            tools=[bash], user_id="dev.okafor", max_tokens=4096,
            label="regenerates the billing migration under a new name each time, same duplicate-index error")
    s.user("after rebasing on main my local `./manage.py migrate` dies in billing. can you sort the billing "
           "migrations out so i can run the server again? my db has real-ish test data i'd rather not drop")
    s.send(0)

    def dup(mig):
        return {"exit_code": 1, "output": (
            "Operations to perform:\n  Apply all migrations: accounts, admin, auth, billing, catalog, "
            "contenttypes, notifications, sessions\nRunning migrations:\n  Applying billing.%s..." % mig +
            "Traceback (most recent call last):\n  File \"/home/cokafor/src/ledgerly/.venv/lib/python3.11/"
            "site-packages/django/db/backends/utils.py\", line 87, in _execute\n    return self.cursor."
            "execute(sql)\npsycopg2.errors.DuplicateTable: relation \"billing_inv_tenant__7c1e2a_idx\" "
            "already exists\n\nThe above exception was the direct cause of the following exception:\n...\n"
            "django.db.utils.ProgrammingError: relation \"billing_inv_tenant__7c1e2a_idx\" already exists")}
    s.call(8, "Let me see the failure.", "bash", {"command": "./manage.py migrate"}, dup("0044_auto_20240611_1402"))
    steps = [
        ("The 0044 migration from main adds an index that already exists in your DB (probably created by your "
         "branch's old migration). I'll regenerate 0044 against the current models.",
         "rm billing/migrations/0044_auto_20240611_1402.py && ./manage.py makemigrations billing",
         "0044_auto_20240611_1415"),
        ("Regenerated with a fresh name, migrating.", "./manage.py migrate", None),
        ("Still the same index. Let me give the migration an explicit name and regenerate.",
         "rm billing/migrations/0044_auto_20240611_1415.py && ./manage.py makemigrations billing --name invoice_tenant_index",
         "0044_invoice_tenant_index"),
        ("Applying the renamed migration.", "./manage.py migrate billing", None),
        ("Maybe a stale .pyc is being picked up. Cleaning caches and regenerating.",
         "find billing/migrations -name '*.pyc' -delete && rm billing/migrations/0044_invoice_tenant_index.py && ./manage.py makemigrations billing",
         "0044_auto_20240611_1421"),
        ("Migrating again.", "./manage.py migrate", None),
        ("Let me roll billing back to 0043 first and then reapply.",
         "./manage.py migrate billing 0043 && ./manage.py migrate billing", None),
        ("Regenerating 0044 from scratch one more time so its state matches the models exactly.",
         "rm billing/migrations/0044_auto_20240611_1421.py && ./manage.py makemigrations billing",
         "0044_auto_20240611_1426"),
        ("Applying.", "./manage.py migrate", None),
        ("Trying a different migration name in case Django is caching by name.",
         "rm billing/migrations/0044_auto_20240611_1426.py && ./manage.py makemigrations billing --name add_tenant_idx_v2",
         "0044_add_tenant_idx_v2"),
        ("Migrate.", "./manage.py migrate billing", None),
        ("Regenerating once more.",
         "rm billing/migrations/0044_add_tenant_idx_v2.py && ./manage.py makemigrations billing",
         "0044_auto_20240611_1433"),
        ("Applying the regenerated migration.", "./manage.py migrate", None),
    ]
    current = "0044_auto_20240611_1402"
    failures = 1
    for k, (text, cmd, newmig) in enumerate(steps):
        if newmig:
            current = newmig
            out = {"exit_code": 0, "output": "Migrations for 'billing':\n  billing/migrations/%s.py\n"
                   "    - Create index billing_inv_tenant__7c1e2a_idx on field(s) tenant of model invoice" % newmig}
        elif "0043" in cmd:
            out = dup(current)
            out["output"] = ("Operations to perform:\n  Target specific migration: 0043_invoice_tenant, from billing\n"
                             "Running migrations:\n  No migrations to unapply.\n" + out["output"])
        else:
            out = dup(current)
        s.call(jit(5, 16, "dj2", k), text, "bash", {"command": cmd}, out)
        if not newmig:
            failures += 1
            if failures == 2:
                s.mark("B")
    s.notes = ("Each round deletes and regenerates billing 0044 under a new file name/timestamp and hits the "
               "same DuplicateTable on billing_inv_tenant__7c1e2a_idx; the agent never looks at the DB. Same "
               "failure under new ids; by the fourth identical error it should be stopped.")
    return runaway(s, s.marks["B"], s.marks["B"] + 4, s.notes)


@session("django_migration_fixer", "healthy", 1)
def dj_h1():
    s = new("django_migration_fixer", "healthy", 1, model="gpt-4.1", system=DJ_SYSTEM,
            tools=[RUN_TOOL, READ_TOOL, PATCH_TOOL], user_id="dev.hlindqvist", max_tokens=4000,
            label="squash, then check/test/fix rounds whose failures change until green")
    s.user("Squash billing 0001-0043 into one migration. `makemigrations --check` and the billing tests must "
           "pass afterwards.")
    s.send(0)
    s.call(11, "Squashing.", "run", {"cmd": "python manage.py squashmigrations billing 0043 --noinput"},
           {"exit": 0, "stdout": (
               "Will squash the following migrations:\n - 0001_initial\n - 0002_invoice_number\n ...\n - 0043_invoice_tenant\n"
               "Optimizing...\n  Optimized from 71 operations to 18 operations.\nCreated new squashed migration "
               "/src/ledgerly/billing/migrations/0001_squashed_0043_invoice_tenant.py\n  You should commit this migration "
               "but leave the old ones in place;\n  the new migration will be used for new installs. Once you are sure "
               "all instances of the codebase have\n  applied the migrations you squashed, you can delete them.\n"
               "Manual porting required\n  Your migrations contained functions that must be manually copied over,\n"
               "  as we could not safely copy their implementation.\n  See the comment at the top of the squashed "
               "migration for details."), "stderr": ""})
    s.call(5, "Two RunPython functions need porting. Reading the squashed file.", "read_file",
           {"path": "billing/migrations/0001_squashed_0043_invoice_tenant.py"},
           "# Functions from the following migrations need manual copying.\n# Move them and any dependencies into "
           "this file, then update the\n# RunPython operations to refer to the local versions:\n"
           "# billing.migrations.0011_backfill_due_dates\n# billing.migrations.0027_populate_currency\n\n"
           "from django.db import migrations, models\n...\n        migrations.RunPython(\n            code=billing."
           "migrations.0011_backfill_due_dates.backfill_due_dates,\n        ),\n...\n        migrations.RunPython(\n"
           "            code=billing.migrations.0027_populate_currency.populate_currency,\n        ),\n")
    s.call(14, "Copying backfill_due_dates and populate_currency into the squashed migration and pointing the "
           "RunPython ops at them.", "apply_patch",
           {"patch": "--- a/billing/migrations/0001_squashed_0043_invoice_tenant.py\n+++ b/billing/migrations/"
                     "0001_squashed_0043_invoice_tenant.py\n@@ -1,9 +1,31 @@\n+def backfill_due_dates(apps, schema_editor):\n"
                     "+    Invoice = apps.get_model(\"billing\", \"Invoice\")\n+    ...\n+def populate_currency(apps, schema_editor):\n"
                     "+    ...\n"},
           {"ok": True, "files": ["billing/migrations/0001_squashed_0043_invoice_tenant.py"]})
    s.call(9, None, "run", {"cmd": "python manage.py makemigrations --check --dry-run"},
           {"exit": 1, "stdout": "Migrations for 'billing':\n  billing/migrations/0044_alter_invoice_currency.py\n"
            "    - Alter field currency on invoice", "stderr": ""})
    s.call(6, "The squash lost the `default=\"EUR\"` from 0031_currency_default (the optimizer folded AlterField "
           "into AddField but kept the old default). Fixing the AddField.", "apply_patch",
           {"patch": "@@ -88,7 +88,7 @@\n-                (\"currency\", models.CharField(max_length=3)),\n"
                     "+                (\"currency\", models.CharField(default=\"EUR\", max_length=3)),\n"},
           {"ok": True, "files": ["billing/migrations/0001_squashed_0043_invoice_tenant.py"]})
    s.call(8, None, "run", {"cmd": "python manage.py makemigrations --check --dry-run"},
           {"exit": 0, "stdout": "No changes detected", "stderr": ""})
    s.call(71, "Check passes. Running the billing tests.", "run", {"cmd": "pytest billing -q -x"},
           {"exit": 1, "stdout": (
               "....................F\n=================================== FAILURES ===================================\n"
               "_____________________ test_squashed_migration_applies_on_fresh_db _____________________\n"
               "E   NameError: name 'Decimal' is not defined\nbilling/migrations/0001_squashed_0043_invoice_tenant.py:24: "
               "NameError\n1 failed, 20 passed in 64.31s"), "stderr": ""})
    s.call(5, "populate_currency uses Decimal; adding the import.", "apply_patch",
           {"patch": "@@ -1,3 +1,4 @@\n+from decimal import Decimal\n from django.db import migrations, models\n"},
           {"ok": True, "files": ["billing/migrations/0001_squashed_0043_invoice_tenant.py"]})
    s.call(83, None, "run", {"cmd": "pytest billing -q -x"},
           {"exit": 1, "stdout": (
               "..............................................F\n___________________ test_invoice_due_date_defaults_to_net30 "
               "___________________\nE   AssertionError: assert datetime.date(2024, 7, 1) == datetime.date(2024, 7, 3)\n"
               "billing/tests/test_invoice.py:141: AssertionError\n1 failed, 46 passed in 77.90s"), "stderr": ""})
    s.call(6, "Different failure now. Reading the test to see whether it's related to the squash.", "read_file",
           {"path": "billing/tests/test_invoice.py"},
           "...\n@pytest.mark.django_db\ndef test_invoice_due_date_defaults_to_net30(tenant, freezer):\n"
           "    freezer.move_to(\"2024-06-01\")\n    inv = InvoiceFactory(tenant=tenant, issued_on=date(2024, 6, 3))\n"
           "    assert inv.due_date == date(2024, 7, 3)\n...")
    s.call(7, "Ported backfill_due_dates used timezone.now() instead of issued_on; in 0011 it was issued_on + 30d. "
           "Fixing my port.", "apply_patch",
           {"patch": "@@ -12,7 +12,7 @@ def backfill_due_dates(apps, schema_editor):\n-        inv.due_date = "
                     "timezone.now().date() + timedelta(days=30)\n+        inv.due_date = inv.issued_on + timedelta(days=30)\n"},
           {"ok": True, "files": ["billing/migrations/0001_squashed_0043_invoice_tenant.py"]})
    s.call(96, None, "run", {"cmd": "pytest billing -q"},
           {"exit": 0, "stdout": "........................................................................ [ 39%]\n"
            "........................................................................ [ 79%]\n"
            "....................................                                     [100%]\n184 passed in 88.02s",
            "stderr": ""})
    s.call(9, "All 184 pass. Final check on the whole project.", "run",
           {"cmd": "python manage.py makemigrations --check --dry-run && python manage.py migrate --plan | tail -3"},
           {"exit": 0, "stdout": "No changes detected\nPlanned operations:\nNo planned migration operations.",
            "stderr": ""})
    s.notes = ("The same two commands (makemigrations --check, pytest) are run repeatedly, but every failure "
               "is new and gets a specific fix, ending green.")
    return healthy(s, s.notes)


@session("django_migration_fixer", "healthy", 2)
def dj_h2():
    s = new("django_migration_fixer", "healthy", 2, model="gpt-4.1-mini", system=DJ_SYSTEM, tools=[RUN_TOOL],
            user_id="dev.okafor", max_tokens=2000,
            label="backfills 230k rows in 20k batches with one lock-timeout retry, then tightens to NOT NULL")
    s.user("0045 added invoice.tenant as nullable. Backfill tenant_id from customer.tenant_id on staging in "
           "20k batches with our `backfill_invoice_tenant` command (it's idempotent), then generate and apply "
           "the NOT NULL migration.")
    s.send(0)
    start = 1
    k = 0
    total = 0
    max_id = 231_877
    while start <= max_id:
        end = min(start + 19_999, max_id)
        cmd = ("DJANGO_SETTINGS_MODULE=ledgerly.settings.staging python manage.py backfill_invoice_tenant "
               "--start-id %d --batch-size 20000" % start)
        if k == 6:
            s.call(jit(9, 14, "djh2", k), "Next batch from %d." % start, "run", {"cmd": cmd},
                   {"exit": 1, "stdout": "", "stderr": "django.db.utils.OperationalError: canceling statement due "
                    "to lock timeout\nCONTEXT:  while updating tuple (8120,14) in relation \"billing_invoice\""})
            s.call(30, "Lock timeout (the nightly invoice-run job holds row locks around now). Waiting 30 s and "
                   "retrying the same range; the command is idempotent.", "run", {"cmd": cmd},
                   {"exit": 0, "stdout": "updated %d rows (ids %d-%d) in %.1fs; next --start-id %d" %
                    (20000 - jit(20, 300, "u", k), start, end, noise(7.4, 1.5, "sec", k), end + 1), "stderr": ""})
        else:
            n = (end - start + 1) - jit(15, 340, "u", k)
            total += n
            s.call(jit(8, 14, "djh2", k), "Backfilling." if k == 0 else "Batch done, continuing at %d." % start,
                   "run", {"cmd": cmd},
                   {"exit": 0, "stdout": "updated %d rows (ids %d-%d) in %.1fs; next --start-id %d" %
                    (n, start, end, noise(6.8, 1.8, "sec", k), end + 1), "stderr": ""})
        start = end + 1
        k += 1
    s.call(6, "All ranges done. Verifying no NULLs remain.", "run",
           {"cmd": "python manage.py dbshell -- -c \"SELECT count(*) FROM billing_invoice WHERE tenant_id IS NULL;\""},
           {"exit": 0, "stdout": " count \n-------\n     0\n(1 row)", "stderr": ""})
    s.call(7, "Zero. Generating the NOT NULL migration after removing null=True from the model.", "run",
           {"cmd": "sed -i 's/tenant = models.ForeignKey(null=True, /tenant = models.ForeignKey(/' billing/models.py "
                   "&& python manage.py makemigrations billing --name invoice_tenant_not_null"},
           {"exit": 0, "stdout": "Migrations for 'billing':\n  billing/migrations/0046_invoice_tenant_not_null.py\n"
            "    - Alter field tenant on invoice", "stderr": ""})
    s.call(19, None, "run", {"cmd": "DJANGO_SETTINGS_MODULE=ledgerly.settings.staging python manage.py migrate billing"},
           {"exit": 0, "stdout": "Operations to perform:\n  Apply all migrations: billing\nRunning migrations:\n"
            "  Applying billing.0046_invoice_tenant_not_null... OK", "stderr": ""})
    s.notes = ("Pagination-like batches of the same command with advancing --start-id and changing counts, "
               "one lock timeout retried once, then a verification and the schema change.")
    return healthy(s, s.notes)


# ======================================================================================
# 3. pension_transfer_advisor
# ======================================================================================
PEN_ROUTER_SYSTEM = (
    "You are the case router for Calder & Finch Wealth's defined-benefit transfer pipeline (FCA FRN 612044). "
    "Specialist agents: fact_find (client data and scheme packs), tva_analyst (APTA / TVC runs), compliance "
    "(COBS 19.1 checks and sign-off), paraplanner (suitability report). Route work with the handoff tool; "
    "each agent replies with its result or a reason it cannot proceed. Move the case forward; escalate "
    "blockers to the supervising adviser (Gareth Okonjo) with the escalate tool.")


@session("pension_transfer_advisor", "runaway", 1)
def pen_r1():
    tools = [
        tool("fetch_case_file", "Load a case file summary.", {"case_id": S("e.g. CF-22817")}),
        tool("handoff", "Hand the case to a specialist agent with a note; returns that agent's reply.",
             {"to": S("fact_find | tva_analyst | compliance | paraplanner"), "case_id": S("case id"),
              "note": S("what you need from them")}),
        tool("escalate", "Escalate a blocker to the supervising adviser.", {"case_id": S("case"), "reason": S("why")}),
    ]
    s = new("pension_transfer_advisor", "runaway", 1, model="claude-3-5-sonnet-20241022",
            system=PEN_ROUTER_SYSTEM, tools=tools, user_id="svc-dbt-pipeline", max_tokens=1500,
            label="hand-off ring tva_analyst -> fact_find -> compliance -> tva_analyst over a missing GMP figure")
    s.user("New case CF-22817. Client: Mrs Alison Pryce, 57, deferred member of the Harlow Engineering Staff "
           "Pension Scheme (scheme ref HESPS/88213). CETV GBP 412,806.31, guaranteed to 14/03/2025. Objective: "
           "transfer to a SIPP for flexible drawdown from 60. Please start the APTA.")
    s.send(0)
    s.call(4, "Loading the case file.", "fetch_case_file", {"case_id": "CF-22817"},
           {"case_id": "CF-22817", "client": "Alison Pryce", "dob": "1967-08-19", "scheme": "Harlow Engineering Staff Pension Scheme",
            "administrator": "Barnett Waddingham", "cetv": 412806.31, "cetv_guaranteed_to": "2025-03-14",
            "documents": ["CETV letter 2024-12-14", "scheme booklet 2019", "annual benefit statement 2024", "fact find v2"],
            "scheme_pack_request": {"sent": "2024-12-02", "status": "outstanding", "items": ["GMP at date of leaving", "pre/post-88 GMP split", "revaluation method"]},
            "attitude_to_risk": "5 of 10", "other_db": False})
    replies = {
        "tva_analyst": "[tva_analyst] Cannot run the APTA/TVC for CF-22817: GMP at date of leaving and the pre/post-88 "
                       "split are not in the scheme pack (HESPS/88213). Without them the comparator cannot value the "
                       "statutory revaluation. Returning to router.",
        "fact_find": "[fact_find] The case file holds everything the client supplied. The GMP figures come from the "
                     "administrator (Barnett Waddingham); the request dated 02/12 is still outstanding. Suggest "
                     "compliance confirms whether an estimated GMP can be used in the meantime. Returning to router.",
        "compliance": "[compliance] An APTA must use actual scheme data (COBS 19.1.2 / 19.1.6G). An estimated GMP is "
                      "not acceptable for sign-off. The analyst needs to obtain the actual figure. Returning to router; "
                      "route to tva_analyst.",
    }
    ring = ["tva_analyst", "fact_find", "compliance"]
    notes = {
        "tva_analyst": ["Please run the APTA and TVC at NRA 65 and at 60 for CF-22817. CETV GBP 412,806.31.",
                        "Compliance confirms actual data is required. Please proceed with the APTA for CF-22817 using the scheme data on file.",
                        "Please run the APTA for CF-22817; compliance has reviewed the data position.",
                        "Re-requesting the APTA/TVC for CF-22817 at 65 and 60 with the case file data.",
                        "APTA for CF-22817 please - the case has been back through fact find and compliance."],
        "fact_find": ["Analyst reports the GMP figures are missing. Please supply GMP at date of leaving and the pre/post-88 split for CF-22817.",
                      "The analyst still needs the GMP split for CF-22817. Can you locate it in the client documents?",
                      "Please check the case documents again for the GMP data for CF-22817.",
                      "GMP figures for CF-22817 still needed by the analyst - please supply."],
        "compliance": ["Fact find cannot supply the GMP. Can we proceed with an estimated GMP for CF-22817?",
                       "Can the APTA for CF-22817 go ahead with the data we hold? Please advise.",
                       "Requesting a compliance view on proceeding with CF-22817's APTA with current data.",
                       "Please confirm whether CF-22817 can proceed."],
    }
    texts = {"tva_analyst": ["Handing to the analyst for the APTA.", "Routing back to tva_analyst per compliance.",
                             "Back to the analyst.", "Sending to tva_analyst again.", "Routing to the analyst."],
             "fact_find": ["GMP data missing; asking fact_find.", "Analyst blocked on GMP again, checking with fact_find.",
                           "Asking fact_find for the GMP figures.", "fact_find for the GMP split."],
             "compliance": ["Checking with compliance whether we can proceed.", "Compliance view needed.",
                            "Over to compliance.", "Compliance again."]}
    counts = {r: 0 for r in ring}
    for k in range(11):
        who = ring[k % 3]
        i = counts[who]
        counts[who] += 1
        s.call(jit(25, 70, "pen1", k), texts[who][i], "handoff",
               {"to": who, "case_id": "CF-22817", "note": notes[who][i]}, replies[who])
        if k == 3:
            s.mark("B")
    s.notes = ("A hand-off ring: the analyst lacks the GMP, fact_find defers to compliance, compliance sends it "
               "back to the analyst, and the router keeps routing instead of using escalate. The second lap starts "
               "the loop; it should be stopped before a third lap gets going.")
    return runaway(s, s.marks["B"], s.marks["B"] + 3, s.notes)


@session("pension_transfer_advisor", "runaway", 2)
def pen_r2():
    ext = tool("extract_statement_fields", "OCR and parse an uploaded CETV statement.", {"document_id": S("upload id")})
    s = new("pension_transfer_advisor", "runaway", 2, model="gpt-4o", tools=[ext], user_id="u_58813",
            system=("You are Harbour, the pensions guidance assistant of Tidewell Building Society. You give "
                    "information, not regulated advice. For DB transfer questions you need the CETV amount, "
                    "the guarantee date and the scheme's normal pension age before discussing options; always "
                    "mention that a transfer over GBP 30,000 requires regulated advice."),
            max_tokens=800, label="asks for the CETV guarantee date again and again after the user has answered")
    s.user("Hi, I've uploaded my transfer value statement (doc_7731). Is it worth transferring out? I'm 54 and "
           "I'd like to retire at 58.")
    s.send(0)
    field = {"document_id": "doc_7731", "scheme": "Northfield Councils Pension Fund", "cetv_gbp": 186402.17,
             "calculation_date": "2024-10-31", "guarantee_date": None, "normal_pension_age": 67,
             "parse_warnings": ["page 2 is image-only; OCR confidence 0.41", "guarantee_date: no date pattern found"]}
    s.call(7, None, "extract_statement_fields", {"document_id": "doc_7731"}, field)
    asks = [
        "Thanks! I can see a transfer value of GBP 186,402.17 calculated on 31 October 2024 from Northfield Councils "
        "Pension Fund. Before we look at whether transferring could make sense, could you tell me the date your "
        "transfer value is guaranteed until? It's usually on the first or second page.",
        "Thank you. To make sure I have this right, could you confirm the exact date the CETV is guaranteed until? "
        "I wasn't able to read it from the statement.",
        "Thanks for that. I just need one more detail first: what is the guarantee date shown on your transfer "
        "value statement?",
        "Sorry for the trouble. Could you please confirm the date until which your transfer value is guaranteed?",
        "Thanks. Before I continue, can you tell me the guarantee date on your CETV statement?",
        "I understand. To go further I need the date your transfer value is guaranteed until - could you confirm it?",
    ]
    answers = [
        "It says 'This value is guaranteed for three months from the calculation date.' So end of January?",
        "31 January 2025. (3 months from 31 Oct.)",
        "I've told you - 31/01/2025. It's in the second paragraph on page 2.",
        "31 JANUARY 2025. Why do you keep asking the same thing?",
        "Guaranteed until 31 January 2025. Honestly, is there a person I can talk to?",
        "31.01.2025",
    ]
    for k in range(6):
        s.reply(jit(60, 170, "pen2u", k), asks[k], answers[k])
        if k == 1:
            s.mark("B")
        s.call(jit(5, 9, "pen2t", k), None, "extract_statement_fields", {"document_id": "doc_7731"}, field)
    s.notes = ("The user answers the guarantee-date question but the assistant re-parses the statement, gets "
               "null again and asks again; the user's answers grow exasperated. The loop is plain once the "
               "question is asked a second time; it should be stopped by the third or fourth ask.")
    return runaway(s, s.marks["B"], s.marks["B"] + 4, s.notes)


PEN_DOC = """HARLOW ENGINEERING STAFF PENSION SCHEME - TRANSFER VALUE ANALYSIS SUMMARY (APTA extract)
Prepared for: Mrs A. Pryce   Case: CF-22817   Prepared by: Calder & Finch Wealth Ltd, 14 January 2025
Scheme reference: HESPS/88213   Administrator: Barnett Waddingham LLP

1. Scheme benefits at date of leaving (30/09/2011)
   Pensionable service: 01/04/1992 - 30/09/2011 (19 years 6 months)
   Deferred pension at date of leaving: GBP 11,842.60 p.a.
   of which GMP: GBP 2,903.16 p.a. (pre-88 GMP GBP 1,110.24; post-88 GMP GBP 1,792.92)
   Revaluation in deferment: excess over GMP - CPI capped at 5% p.a. (2.5% for service after 05/04/2009);
   GMP - fixed rate revaluation at 4.75% p.a. to age 60.
   Estimated pension at Normal Pension Age 65 (19/08/2032): GBP 19,284.00 p.a.
   Early retirement: available from 55 with the consent of the Trustees; reduction 4% per year early
   (actuarial factors reviewed triennially). Estimated pension at 60: GBP 15,427.20 p.a.
   Tax-free cash: commutation factor 17:1 at 65; maximum PCLS at 65 GBP 96,420 with residual pension GBP 13,612.08 p.a.
   Increases in payment: pre-97 excess - nil (discretionary, none granted since 2008); post-97 - RPI capped 5%;
   post-2005 - RPI capped 2.5%; post-88 GMP - CPI capped 3% (statutory); pre-88 GMP - nil from the scheme.
   Spouse's pension: 50% of the member's pension (before commutation) payable on death after retirement;
   on death in deferment a lump sum of the CETV is not paid - instead a 50% spouse's pension of the revalued
   deferred pension applies. Dependants' pensions: 25% per eligible child, maximum two.

2. Transfer value
   CETV: GBP 412,806.31, calculated 14/12/2024, guaranteed until 14/03/2025.
   Transfer value reduction for underfunding: none (scheme funding level 97% on the 2023 valuation basis).
   Implied annuity cost at 65 (single life, RPI-linked, 50% spouse): GBP 468,900 (insurer quotes, December 2024).

3. Critical yields (assumes SIPP charges 0.85% p.a. all in, adviser ongoing 0.5% p.a.)
   To match scheme benefits at 65 - full pension: 6.1% p.a.; with max tax-free cash: 5.4% p.a.
   To match scheme benefits at 60 - full pension: 8.3% p.a.; with max tax-free cash: 7.6% p.a.
   Growth assumptions used in the TVC (FCA projection rates, COBS 19 Annex 1): 4.42% p.a. nominal (low
   5.2% risk-free-based rate minus charges).
   TVC result at 65: the CETV is 88.0% of the estimated cost of replicating the benefits.

4. Client circumstances (from fact find v2)
   Age 57, married (spouse aged 61, own DB pension GBP 14,200 p.a. in payment), mortgage-free, cash savings
   GBP 38,000, SIPP from previous employer GBP 61,300, state pension from 67 (full, GBP 11,502 p.a. forecast).
   Objective: draw GBP 24,000 p.a. net from 60 until state pension age, then reduce to GBP 16,000 p.a.
   Attitude to risk: 5/10 (balanced). Capacity for loss: medium. Health: good; no smoker.

5. Initial observations (not a recommendation)
   The critical yields at 60 exceed the FCA mid projection rate by a wide margin. Flexibility needs may be
   met partly from the existing SIPP and cash. A partial transfer is not permitted by the scheme rules
   (rule 14.3). Any recommendation must start from the assumption that a transfer is unsuitable (COBS 19.1.6G).
"""


@session("pension_transfer_advisor", "healthy", 1)
def pen_h1():
    s = new("pension_transfer_advisor", "healthy", 1, model="gpt-4.1-mini", tools=None,
            user_id="adviser.gokonjo", max_tokens=900, stateless=True,
            system=("You answer questions about one document pasted by an IFA. Quote figures exactly from the "
                    "document, say when the document does not contain the answer, and keep answers short."),
            label="STATELESS document Q&A: the same APTA summary resent with a new question each turn")
    qs = [
        "What's the critical yield at 60 with maximum tax-free cash?",
        "Does the GMP revalue by fixed rate or section 148 orders?",
        "What reduction applies for retiring at 60 rather than 65?",
        "How much of the pension increases in payment for pre-97 service?",
        "What happens to the spouse's benefits if she dies before retiring?",
        "Is a partial transfer possible under the scheme rules?",
        "What was the TVC result, as a percentage?",
        "Has the transfer value been reduced for underfunding?",
        "What income does the client want from 60 to state pension age?",
        "What is the commutation factor at 65?",
    ]
    t = 0
    for k, q in enumerate(qs):
        s.user("Document:\n\n" + PEN_DOC + "\nQuestion: " + q)
        s.send(0 if k == 0 else jit(70, 420, "pen_h1", k))
    s.notes = ("The one stateless client of this corpus: an IFA's document Q&A widget sends the same APTA "
               "summary plus a different question each turn, with no history. Repetitive bodies, real work.")
    return healthy(s, s.notes)


@session("pension_transfer_advisor", "healthy", 2)
def pen_h2():
    tools = [
        tool("list_pipeline", "List cases in a pipeline stage, 6 per page.",
             {"stage": S("pipeline stage"), "page_token": S("token from previous page, empty for first")}),
        tool("run_tvc", "Run the Transfer Value Comparator for a case at a retirement age.",
             {"case_id": S("case id"), "retirement_age": I("age")}),
    ]
    s = new("pension_transfer_advisor", "healthy", 2, model="claude-3-5-haiku-20241022",
            system="You are a paraplanning assistant at Calder & Finch Wealth. Use the tools; report results as a table.",
            tools=tools, user_id="paraplanner.sbhatt", max_tokens=2000,
            label="paginates the pipeline and runs the TVC for 10 cases, backing off on two 503s")
    s.user("Run the TVC at each client's target retirement age for everything in 'awaiting TVC' and give me "
           "a table: case, client, CETV, TVC %, critical yield.")
    s.send(0)
    cases = [("CF-22791", "R. Haddad", 58, 287114.02), ("CF-22795", "M. Lowe", 60, 501993.40),
             ("CF-22802", "J. Ferreira", 62, 144260.88), ("CF-22806", "K. Adeyemi", 60, 633850.00),
             ("CF-22809", "P. Nowak", 65, 98412.55), ("CF-22811", "E. Byrne", 57, 372006.19),
             ("CF-22814", "T. Yamamoto", 60, 219540.77), ("CF-22817", "A. Pryce", 60, 412806.31),
             ("CF-22820", "D. O'Neill", 63, 455190.00), ("CF-22826", "L. Sato-Grant", 61, 176334.90)]

    def page(lst, tok):
        return {"stage": "awaiting TVC", "cases": [{"case_id": c, "client": n, "target_age": a, "cetv": v}
                                                  for c, n, a, v in lst], "next_page_token": tok}
    s.call(3, None, "list_pipeline", {"stage": "awaiting TVC", "page_token": ""}, page(cases[:6], "p2_e3f9"))
    s.call(3, None, "list_pipeline", {"stage": "awaiting TVC", "page_token": "p2_e3f9"}, page(cases[6:], None))
    for k, (c, n, a, v) in enumerate(cases):
        pct = noise(86, 9, "tvc", c)
        out = {"case_id": c, "retirement_age": a, "tvc_pct": pct, "critical_yield_pct": noise(6.4, 1.9, "cy", c),
               "basis": "FCA projection 4.42% / CPI 2.5%", "run_id": "tvc-%s" % b62(hnum("run", c), 10)}
        if c == "CF-22806":
            s.call(4, None, "run_tvc", {"case_id": c, "retirement_age": a},
                   {"status": 503, "error": "actuarial engine busy (queue depth 41)", "retry_after_s": 20})
            s.call(21, "Engine busy; waiting 20 s as it asked.", "run_tvc", {"case_id": c, "retirement_age": a},
                   {"status": 503, "error": "actuarial engine busy (queue depth 17)", "retry_after_s": 40})
            s.call(42, "Still busy, backing off 40 s.", "run_tvc", {"case_id": c, "retirement_age": a}, out)
            continue
        s.call(jit(4, 11, "pen_h2", k), "Running %s (%s) at %d." % (c, n, a) if k % 3 == 0 else None,
               "run_tvc", {"case_id": c, "retirement_age": a}, out)
    s.notes = ("Ten near-identical run_tvc calls over two pages of cases, each with new ids and results, and "
               "a 503 retried twice with the server's Retry-After before succeeding.")
    return healthy(s, s.notes)


# ======================================================================================
# 4. wedding_vows_helper (tool-less)
# ======================================================================================
VOWS_SYSTEM = ("You are Vowsmith, a warm, plain-spoken writing helper for wedding vows, readings and officiant "
               "scripts. Follow the couple's constraints on length and tone exactly; avoid cliches unless asked.")


def _vow_body(open_line, light_line, close_line):
    return (
        open_line + "\n\n"
        "Three summers ago I signed up to scrape paint off a lighthouse in Cape May because a coworker bailed on "
        "me, and you were the person on the next ladder who told me I was doing it wrong. You were right. You "
        "usually are, which I have learned to find less annoying and more wonderful.\n\n"
        + light_line + "\n\n"
        "You taught me the names of the things that live in tide pools, and that a horseshoe crab is not actually "
        "a crab. You have seen me at my most stubborn and never once made me feel small for it. You make ordinary "
        "Tuesdays feel like something worth remembering.\n\n"
        "So here is what I promise: to listen before I fix, to carry the heavy cooler, to keep learning the Latin "
        "names even when I mispronounce them, to choose you on the easy days and the ones that aren't, and to "
        "keep showing up on the next ladder over for the rest of our lives.\n\n" + close_line)


@session("wedding_vows_helper", "runaway", 1)
def wed_r1():
    s = new("wedding_vows_helper", "runaway", 1, model="gpt-4o", system=VOWS_SYSTEM, tools=None,
            user_id="u_dmorales88", max_tokens=1200,
            label="rewrites the same over-long draft with the banned lighthouse metaphor reworded, no progress")
    s.user("Hi! I need help writing my vows for Saturday. Her name is Priya. We met volunteering to repaint the "
           "Cape May lighthouse, she's a marine biologist, she's very funny and very direct. Please don't call "
           "her 'my rock', she hates that. Around a minute when spoken.")
    s.send(0)
    drafts = [
        _vow_body("Priya,", "And somewhere between the second coat of primer and the last rung, you became my "
                  "lighthouse - the steady light that guides me home, no matter how dark the water gets.",
                  "I love you. I'm yours, today and every day after."),
        _vow_body("Priya,", "Somewhere between the primer and the last rung, you became the light that guides me "
                  "home - steady, bright, always there when the water gets dark.",
                  "I love you, and I am yours, today and every day after."),
        _vow_body("My Priya,", "Before the paint was even dry, you had become the beam I steer by, the glow across "
                  "dark water that tells me where home is.", "I love you. I'm yours, today and all the days after."),
        _vow_body("Priya,", "By the time we finished that tower, you were already the steady light on my horizon, "
                  "the one that brings me safely back to shore.", "I love you, and I'm yours - today and always."),
        _vow_body("Priya,", "Somewhere on that ladder you became my guiding light, the beacon that shows me the way "
                  "home when the night gets rough.", "I love you. I am yours, today and every day after."),
        _vow_body("Priya,", "Before the last coat was on, you had become the light I navigate by - steady, constant, "
                  "leading me home.", "I love you, and I'm yours, today and every day after that."),
        _vow_body("Dear Priya,", "On that ladder you turned into the lamp in my window, the light that always leads "
                  "me back home.", "I love you. I'm yours, today and every day after."),
        _vow_body("Priya,", "You became the light at the top of the tower for me, steady and sure, guiding me home.",
                  "I love you, and I am yours, today and always."),
        _vow_body("Priya,", "Somewhere between primer and the final rung, you became the light that guides me home.",
                  "I love you. I'm yours, today and every day after."),
        _vow_body("Priya,", "You became my lighthouse that summer, the light that guides me home through any storm.",
                  "I love you. I am yours, today and every day after."),
    ]
    pre = ["Here's a first draft (about 230 words):\n\n", "Absolutely - here's a tighter version:\n\n",
           "You're right, sorry about that! Here's a revision under 150 words without the lighthouse imagery:\n\n",
           "Got it. Here's a version that keeps where you met but drops the metaphor:\n\n",
           "Understood - trimmed and reworked:\n\n", "Here's a shorter version:\n\n", "Sorry! Revised:\n\n",
           "Here you go:\n\n", "Okay, here's another attempt:\n\n", "Revised draft:\n\n"]
    users = [
        "Love the ladder part! But it's too long, I need under 150 words. And lose the lighthouse-as-metaphor thing, "
        "it's cheesy. Keep that we MET at the lighthouse, just don't make her the lighthouse.",
        "This is basically the same length and 'the light that guides me home' is the same metaphor. Under 150 "
        "words please, and no light / beacon / guiding imagery at all.",
        "Still ~230 words (I pasted it into a counter) and now it's a 'beam I steer by'. Please just cut the whole "
        "second paragraph and trim the promises.",
        "It's the same draft again. Under 150 words. No light metaphors. Can you do that?",
        "'Beacon'. Come on. Same length too.",
        "Same thing. Cut it to 150 words.",
        "this is the exact same vow every time",
        "I give up on the metaphor. Can you at least make it shorter??",
        "Same length. Again.",
        "...",
    ]
    for k in range(10):
        s.reply(jit(95, 260, "wedr1", k), pre[k] + drafts[k], users[k])
        if k == 1:
            s.mark("B")
    s.notes = ("Paraphrased repetition with no progress: each 'revision' is the same ~230-word draft with the "
               "forbidden light metaphor reworded, while the user repeats the same two constraints. Visible when "
               "the user has to ask a second time; stop after the fourth failed revision.")
    return runaway(s, s.marks["B"], s.marks["B"] + 3, s.notes)


CEREMONY_CLOSE = (
    "And so, Dana and Marcus, as you step out of this orchard and into the rest of your lives, may you keep "
    "choosing each other the way you did today: on purpose, out loud, and in front of the people who love you. "
    "May your home be loud with friends and quiet when you need it. May you argue well and forgive quickly. "
    "And may you always find your way back to this moment, under these apple trees, when you said yes.\n\n"
    "By the power vested in me by the State of Vermont, and with the blessing of everyone gathered here, I now "
    "pronounce you married. You may kiss!\n\n"
    "Friends and family, it is my great joy to present to you, for the very first time, Dana and Marcus "
    "Whitfield-Osei!")


@session("wedding_vows_helper", "runaway", 2)
def wed_r2():
    s = new("wedding_vows_helper", "runaway", 2, model="gpt-4.1-mini", tools=None, user_id="vowcraft-app:acct_31907",
            max_tokens=450,
            system=(VOWS_SYSTEM + " You are running inside the VowCraft editor. When your output is cut off, the "
                    "editor sends 'Continue exactly where you stopped.' automatically. Finish with [END] when the "
                    "script is complete."),
            label="auto-continue keeps receiving the same closing paragraph, never reaching [END]")
    s.user("Write a full officiant script (about 10 minutes) for Dana and Marcus's wedding, 12 October, in an "
           "apple orchard in Stowe, Vermont. Officiant is their friend Renee. Tone: funny but sincere. Include a "
           "welcome, a short reading (Mary Oliver is fine), their story (met at a bike co-op in Burlington, "
           "first date fixing a flat in the rain), personal vows prompts, ring exchange, pronouncement.")
    s.send(0)
    parts = [
        "WELCOME\n\nRENEE: Good afternoon, everyone! If you could find a seat - or a hay bale - we're about to get "
        "started. Welcome to Stowe, and welcome to what Dana has described to me as 'the only orchard in Vermont "
        "with reliable cell service', which is why all of you are here instead of lost on Route 100.\n\nMy name is "
        "Renee, and I have known Marcus since we were both terrible at intramural soccer and Dana since she "
        "corrected my bike's brake cable without asking. Today we are here to witness something pretty simple and "
        "pretty enormous: two people who have decided, out loud, to build a life together.\n\nA READING\n\nDana's "
        "aunt Lorraine will now read from Mary Oliver's 'Wild Geese'.\n\n[Reading: 'You do not have to be good. "
        "You do not have to walk on your knees for a hundred miles through the desert, repenting...']\n\nTHEIR "
        "STORY\n\nRENEE: Some of you know how they met. For those who don't: it was a Tuesday volunteer night at "
        "the Old Spokes Home bike co-op in Burlington. Marcus had brought in a",
        " 1987 Trek with a bent derailleur hanger and, by his own admission, no idea what a derailleur hanger was. "
        "Dana did. She fixed it in eleven minutes and then told him it would break again in a month, which is, "
        "Marcus says, the most romantic thing anyone had ever said to him.\n\nIt did break again in a month. He "
        "came back. Their first real date was supposed to be a ride to Shelburne; it turned into forty minutes "
        "under a gas station awning fixing a flat in the pouring rain, with one tire lever between them and a "
        "great deal of laughing.\n\nThat's the thing about these two: they are very good at being stuck somewhere "
        "together and making it the best part of the day.\n\nVOWS\n\nRENEE: Dana and Marcus have written their own "
        "vows. Marcus, you lost the coin toss, so you go first.\n\n[Marcus's vows]\n\nRENEE: Dana.\n\n[Dana's "
        "vows]\n\nRINGS\n\nRENEE: The rings, please - thank you, Juniper, best ring bearer and, at six, best "
        "dancer here. Marcus, place the ring on Dana's finger and repeat after me: 'Dana, with this ring, I "
        "choose you. Today, on flat-tire days, and on all the days in between.'\n\nDana, repeat after me: "
        "'Marcus, with this ring, I choose you. Today, on flat-tire days, and on all the days in between.'\n\n"
        "PRONOUNCEMENT\n\n",
    ]
    s.reply(jit(7, 11, "wr2", 0), parts[0], "Continue exactly where you stopped.")
    s.reply(jit(7, 11, "wr2", 1), parts[1], "Continue exactly where you stopped.")
    for k in range(10):
        tail = CEREMONY_CLOSE
        if k % 3 == 1:
            tail = "RENEE: " + CEREMONY_CLOSE
        if k % 4 == 2:
            tail = CEREMONY_CLOSE.replace("You may kiss!", "You may now kiss!")
        s.reply(jit(6, 10, "wr2", k + 2), tail, "Continue exactly where you stopped.")
        if k == 1:
            s.mark("B")
    s.notes = ("An editor's auto-continue: after the script reaches the pronouncement, every continuation returns "
               "the same closing paragraph (tiny variations) and never [END]. Visible at the first duplicate "
               "closing; a few seconds apart, it should be cut within three more.")
    return runaway(s, s.marks["B"], s.marks["B"] + 3, s.notes)


@session("wedding_vows_helper", "healthy", 1)
def wed_h1():
    s = new("wedding_vows_helper", "healthy", 1, model="claude-3-5-sonnet-20241022", system=VOWS_SYSTEM,
            tools=None, user_id="u_tcho_and_bea", max_tokens=1000,
            label="the user pastes her evolving draft each time; each reply makes the specific requested edit")
    base = ("Bea,\n\nI didn't believe in love at first sight, and to be fair, neither did you: you thought I was the "
            "guy who'd stolen your parking space at the climbing gym. (I was.)\n\n"
            "You are the bravest person I know. You moved across the country with two suitcases and a sourdough "
            "starter named Gerald. You say 'let's find out' when most people say 'what if'.\n\n"
            "I promise to belay you, literally and otherwise. I promise to keep Gerald alive when you travel. "
            "I promise to tell you the truth, even about your parallel parking.\n\n"
            "I choose you. I'll keep choosing you.")
    s.user("Here's my draft for my vows to Bea (ceremony is at 4pm tomorrow!). Can you tighten it without "
           "changing my voice? Don't add anything cheesy.\n\n" + base)
    s.send(0)
    turns = [
        ("Here's a tightened version - I mostly cut filler and kept every joke:\n\n" + base.replace(
            "I didn't believe in love at first sight, and to be fair, neither did you", "I didn't believe in love at "
            "first sight. Neither did you").replace(" and a sourdough starter named Gerald", ", and Gerald, your "
            "sourdough starter"),
         "Good! But 'and Gerald, your sourdough starter' loses the joke, the name needs to come last. And can the "
         "second paragraph mention that she's a paramedic? That's the brave thing really."),
        ("Agreed, the punchline goes last. Second paragraph, revised:\n\n\"You are the bravest person I know. You "
         "run toward the things everyone else runs from - that's literally your job. You moved across the country "
         "with two suitcases and a sourdough starter named Gerald. You say 'let's find out' when most people say "
         "'what if'.\"",
         "YES. ok here's the whole thing now with that in. One thing: the promises feel like a list. Can you make "
         "the last promise land harder?\n\nBea,\n\nI didn't believe in love at first sight. Neither did you: you "
         "thought I was the guy who'd stolen your parking space at the climbing gym. (I was.)\n\nYou are the bravest "
         "person I know. You run toward the things everyone else runs from - that's literally your job. You moved "
         "across the country with two suitcases and a sourdough starter named Gerald. You say 'let's find out' when "
         "most people say 'what if'.\n\nI promise to belay you, literally and otherwise. I promise to keep Gerald "
         "alive when you travel. I promise to tell you the truth, even about your parallel parking.\n\nI choose you. "
         "I'll keep choosing you."),
        ("Two options for the ending - the idea is to break the rhythm after the funny promises:\n\nA) \"I promise to "
         "tell you the truth, even about your parallel parking. And when you come home from a long shift and can't "
         "talk about it, I promise to be the quiet you come home to.\"\n\nB) \"... even about your parallel parking. "
         "And on the nights you've spent being brave for strangers, I promise you never have to be brave with me.\"",
         "B made me cry at my desk. Using B. Now read the full thing back with B in and tell me how long it is "
         "spoken?"),
        ("Full version with B:\n\nBea,\n\nI didn't believe in love at first sight. Neither did you: you thought I was "
         "the guy who'd stolen your parking space at the climbing gym. (I was.)\n\nYou are the bravest person I "
         "know. You run toward the things everyone else runs from - that's literally your job. You moved across the "
         "country with two suitcases and a sourdough starter named Gerald. You say 'let's find out' when most people "
         "say 'what if'.\n\nI promise to belay you, literally and otherwise. I promise to keep Gerald alive when you "
         "travel. I promise to tell you the truth, even about your parallel parking. And on the nights you've spent "
         "being brave for strangers, I promise you never have to be brave with me.\n\nI choose you. I'll keep "
         "choosing you.\n\nThat's 148 words - about 60-70 seconds at a calm pace, a bit more with laughter after "
         "the parking line.",
         "Perfect length. Last question: 'I choose you. I'll keep choosing you.' - is that too close to what the "
         "officiant says? Her script has 'do you choose'. Alternatives?"),
        ("Good catch. A few closers that don't echo 'choose':\n\n1. \"I'm in. All the way, for all of it.\"\n2. "
         "\"Let's find out - together.\" (calls back to her line)\n3. \"Here's to the next ladder, the next "
         "parking space, and every ordinary day in between.\"\n\nOption 2 is my favourite: it's her phrase, "
         "turned into a promise.",
         "Option 2 is perfect, oh my god. Ok can you give me a version formatted for reading aloud - short lines, "
         "with little marks where I should pause?"),
        ("Here's a reading copy (/ = short pause, // = breath):\n\nBea, //\n\nI didn't believe in love at first "
         "sight. / Neither did you: /\nyou thought I was the guy who'd stolen your parking space at the climbing "
         "gym. //\n(I was.) //\n\nYou are the bravest person I know. /\nYou run toward the things everyone else runs "
         "from - /\nthat's literally your job. //\n...\nAnd on the nights you've spent being brave for strangers, /\n"
         "I promise you never have to be brave with me. //\n\nLet's find out - / together.",
         "Printing this now. Last thing - my sister wants a 2-sentence version for the program. Something that "
         "doesn't spoil the jokes."),
        ("For the program: \"Tomas and Bea met over a stolen parking space and have been finding out together ever "
         "since. Today they promise to keep doing exactly that.\"",
         "Love it. Thank you so much, seriously. Ok one more: how do I not cry through the last line? Practical "
         "tips please, I have 20 hours."),
    ]
    for k, (a, u) in enumerate(turns):
        s.reply(jit(150, 600, "wedh1", k), a, u)
    s.notes = ("A human iterating on one short text: she re-pastes the draft and asks for small edits; every "
               "reply makes the specific change asked for and the piece converges. Looks repetitive, is progress.")
    return healthy(s, s.notes)


@session("wedding_vows_helper", "healthy", 2)
def wed_h2():
    s = new("wedding_vows_helper", "healthy", 2, model="gpt-4o-mini", system=VOWS_SYSTEM, tools=None,
            user_id="u_kavya.r", max_tokens=700,
            label="'continue' / 'next section' for a long bilingual ceremony script, each reply a new section")
    s.user("I'm officiating my brother Arjun's wedding to Hannah - Hindu-Jewish ceremony, 200 guests, in "
           "Pittsburgh. Can you write the script section by section? I'll say 'next' when I'm ready. Sections: "
           "welcome, explanation of the mandap and chuppah, the saptapadi (seven steps), the ketubah signing "
           "explanation, personal vows intro, ring exchange, sheva brachot summary, breaking the glass, "
           "pronouncement. Start with the welcome.")
    s.send(0)
    sections = [
        ("WELCOME\n\nNamaste, shalom, and welcome! My name is Kavya; I'm Arjun's older sister, and I have been "
         "bossing him around for thirty-one years, so this feels like a natural next step. Hannah's family, "
         "Arjun's family, friends who flew in from Chennai and Haifa and, Uncle Venkat, from the parking lot "
         "where you've been circling since 2:15 - thank you for being here.", "next"),
        ("THE MANDAP AND THE CHUPPAH\n\nYou'll notice Hannah and Arjun are standing under something that is both "
         "a mandap and a chuppah. The four pillars of the mandap represent the four parents... The chuppah's open "
         "sides recall Abraham and Sarah's tent, open on every side to welcome guests. Tonight, that's you.",
         "next please. for the saptapadi, the pandit will do the sanskrit, I just explain"),
        ("THE SAPTAPADI\n\nIn a moment, Arjun and Hannah will take seven steps together around the fire. With each "
         "step, Pandit Raghavan will recite a vow in Sanskrit, and I'll share what it means:\n1. To nourish each "
         "other...\n2. To grow strong together...\n3. To prosper and share...\n4. To honour each other's families...\n"
         "5. To raise a family with love...\n6. To enjoy the seasons of life...\n7. To remain friends for life. "
         "After the seventh step, in Hindu tradition, they are friends for life - which, if you know these two, "
         "happened years ago over a broken dishwasher.", "ha love the dishwasher. next"),
        ("THE KETUBAH\n\nEarlier today, in a smaller gathering, Hannah and Arjun signed their ketubah, the Jewish "
         "marriage contract. Theirs was written together with Rabbi Ellen Stein and is in English, Hebrew and "
         "Tamil - the first trilingual ketubah the calligrapher had ever made. It's displayed by the guest book, "
         "go and look at it.", "next"),
        ("PERSONAL VOWS\n\nHannah and Arjun have written vows to each other. Hannah, would you like to begin?\n\n"
         "[Hannah's vows]\n\nArjun?\n\n[Arjun's vows]", "can you add a line before vows, something light? then next"),
        ("Sure - before vows: \"I've been told these vows are 'under two minutes each'. I've also been told the "
         "wedding would start on time. Let's see.\"\n\nRING EXCHANGE\n\nHannah, place the ring on Arjun's finger "
         "and repeat after me: 'Harei ata mekudash li, b'taba'at zo - with this ring you are consecrated to me.' "
         "Arjun, place the ring on Hannah's finger...", "next"),
        ("SHEVA BRACHOT\n\nSeven friends and family members will now offer the seven blessings... The blessings move "
         "from the creation of the world to the joy of this couple: that they rejoice like the first couple in the "
         "garden, that their home be full of laughter, love, harmony and friendship.", "next - glass!"),
        ("BREAKING THE GLASS\n\nThere's a lot of interpretation of why we break a glass. One says it reminds us that "
         "even in great joy we remember what is broken in the world and commit to mending it. Another says it's "
         "the last time Arjun gets to put his foot down. When the glass breaks, everyone shouts 'Mazel tov!'",
         "and the pronouncement. then we're done!!"),
    ]
    for k, (a, u) in enumerate(sections):
        s.reply(jit(70, 240, "wedh2", k), a, u)
    s.notes = ("The user says 'next' again and again, but each reply is a genuinely new section of a long "
               "ceremony script, with occasional edits requested in between.")
    return healthy(s, s.notes)


# ======================================================================================
# 5. hvac_building_controls
# ======================================================================================
HVAC_SYSTEM = (
    "You are the building-automation assistant for 200 Clarendon Row (14 floors, Metasys/BACnet IP, "
    "AHU-1..AHU-7, VAV boxes named VAV-<floor>-<nn>, chilled water plant CH-1/CH-2). You can read and write BACnet "
    "points at priority 8 or lower (9-16). Priority 1-7 belong to life safety and the operators. Units are "
    "imperial. Do not leave overrides in place without telling the engineer; relinquish when done.")
RP = tool("read_point", "Read present-value of a BACnet object.",
          {"device": S("device name, e.g. AHU-3 or VAV-3-14"), "object": S("object name, e.g. ZN-T, SA-T, SA-T-SP")})
WP = tool("write_point", "Write a BACnet object at a priority; value null relinquishes.",
          {"device": S("device"), "object": S("object"), "value": N("value, or null to relinquish"),
           "priority": I("8-16")})


@session("hvac_building_controls", "runaway", 1)
def hv_r1():
    s = new("hvac_building_controls", "runaway", 1, model="gpt-4.1", system=HVAC_SYSTEM, tools=[RP, WP],
            user_id="eng.dpatel", max_tokens=800,
            label="period-4 cycle: override SAT setpoint, read zone, read SAT, relinquish; zone never moves")
    s.user("Suite 310 (Hargrove Legal) says it's 81 in there and they have a deposition at 2. VAV-3-14 serves the "
           "conference room. Get it under 75 please. AHU-3 feeds floor 3.")
    s.send(0)
    s.call(6, "Reading the zone first.", "read_point", {"device": "VAV-3-14", "object": "ZN-T"},
           {"device": "VAV-3-14", "object": "ZN-T", "present_value": 81.3, "units": "degF",
            "status_flags": [], "ts": "13:02:07"})
    lap_text = [
        ("Zone at 81.3 F with the box already at max flow. Lowering AHU-3 supply air setpoint from 55 to 52 F to "
         "give the box colder air.", "Giving it a couple of minutes, then checking the zone.",
         "Zone hasn't moved. Checking whether the AHU is reaching the new setpoint.",
         "Supply air is still ~64 F; the AHU isn't tracking. Relinquishing my override so the AHU-3 reset sequence "
         "can take control again."),
        ("Zone still 81 F. Re-applying a lower supply air setpoint (52 F) on AHU-3.", "Checking zone temp.",
         "No change. Reading AHU-3 supply air.",
         "SAT not following the setpoint; releasing the override to let the sequence run."),
        ("Conference room still too warm. Overriding AHU-3 SA-T-SP to 52 F again.", "Zone check.",
         "Checking discharge temperature.", "Relinquishing SA-T-SP."),
        ("Setting AHU-3 supply air setpoint to 52 F.", "Reading VAV-3-14 zone.", "Reading AHU-3 SA-T.",
         "Releasing override."),
        ("Lowering SAT setpoint to 52 F.", "Zone temp?", "SAT?", "Relinquish."),
    ]
    k = 0
    for lap in range(4):
        t = lap_text[lap]
        s.call(jit(8, 15, "hv1w", lap), t[0], "write_point",
               {"device": "AHU-3", "object": "SA-T-SP", "value": 52, "priority": 8},
               {"ok": True, "device": "AHU-3", "object": "SA-T-SP", "priority": 8, "present_value": 52.0})
        if lap == 1:
            s.mark("B")
        s.call(jit(110, 150, "hv1z", lap), t[1], "read_point", {"device": "VAV-3-14", "object": "ZN-T"},
               {"device": "VAV-3-14", "object": "ZN-T", "present_value": noise(81.3, 0.15, "z", lap),
                "units": "degF", "status_flags": [], "ts": "13:%02d:%02d" % (5 + lap * 5, jit(0, 59, "zs", lap))})
        s.call(jit(6, 11, "hv1s", lap), t[2], "read_point", {"device": "AHU-3", "object": "SA-T"},
               {"device": "AHU-3", "object": "SA-T", "present_value": noise(63.9, 0.3, "sat", lap), "units": "degF",
                "status_flags": [], "ts": "13:%02d:%02d" % (5 + lap * 5, jit(0, 59, "ss", lap))})
        s.call(jit(30, 60, "hv1r", lap), t[3], "write_point",
               {"device": "AHU-3", "object": "SA-T-SP", "value": None, "priority": 8},
               {"ok": True, "device": "AHU-3", "object": "SA-T-SP", "priority": 8, "relinquished": True,
                "present_value": 55.0})
    s.notes = ("Override / read zone / read SAT / relinquish, four times, with the zone at 81.2-81.4 F and the "
               "AHU stuck near 64 F (a chilled-water problem the agent never looks at). The loop is clear when "
               "the same override is re-applied; it should be stopped before the override goes in a fourth time.")
    return runaway(s, s.marks["B"], s.marks["B"] + 4, s.notes)


@session("hvac_building_controls", "runaway", 2)
def hv_r2():
    sched = tool("write_schedule_exception", "Add an exception to a BACnet Schedule object.",
                 {"device": S("device"), "schedule": S("schedule object"), "start": S("ISO local time"),
                  "end": S("ISO local time"), "value": S("OCCUPIED | UNOCCUPIED"), "priority": I("exception priority 1-16")})
    rsched = tool("read_schedule", "Read weekly schedule and exceptions.", {"device": S("device"), "schedule": S("schedule object")})
    s = new("hvac_building_controls", "runaway", 2, model="claude-sonnet-4-20250514", system=HVAC_SYSTEM,
            tools=[sched, rsched, RP], user_id="eng.mlarkin", max_tokens=1200,
            label="schedule write denied again and again, each error with a new invoke id and timestamp")
    s.user("Building B lobby (AHU-B1) needs to be unoccupied over the holiday: Dec 24 18:00 to Dec 26 06:00. "
           "Add a schedule exception please, the tenant reps asked for it.")
    s.send(0)
    s.call(5, "Reading the current schedule.", "read_schedule", {"device": "AHU-B1", "schedule": "SCH-OCC"},
           {"device": "AHU-B1", "schedule": "SCH-OCC", "weekly": {"Mon-Fri": "06:00-19:00", "Sat": "08:00-13:00",
            "Sun": "off"}, "exceptions": [{"date": "2024-11-28", "value": "UNOCCUPIED", "priority": 10}],
            "controller": "NAE-B-02 (device instance 30114)"})
    attempts = [
        ("Adding the exception at priority 10, like the Thanksgiving one.", 10, "2024-12-24T18:00", "2024-12-26T06:00"),
        ("Write denied. Retrying the same exception; the NAE sometimes rejects the first write after a read.", 10,
         "2024-12-24T18:00", "2024-12-26T06:00"),
        ("Trying a lower exception priority (12) in case 10 is reserved.", 12, "2024-12-24T18:00", "2024-12-26T06:00"),
        ("Maybe the range spanning two days is the issue; writing Dec 24 18:00 - Dec 25 23:59 first.", 10,
         "2024-12-24T18:00", "2024-12-25T23:59"),
        ("Trying priority 16.", 16, "2024-12-24T18:00", "2024-12-26T06:00"),
        ("Retrying with seconds in the timestamps.", 10, "2024-12-24T18:00:00", "2024-12-26T06:00:00"),
        ("Writing just Dec 25 as a single-day exception.", 10, "2024-12-25T00:00", "2024-12-25T23:59"),
        ("Retrying the original exception.", 10, "2024-12-24T18:00", "2024-12-26T06:00"),
        ("Trying priority 9.", 9, "2024-12-24T18:00", "2024-12-26T06:00"),
        ("One more attempt at priority 10.", 10, "2024-12-24T18:00", "2024-12-26T06:00"),
        ("Retrying.", 11, "2024-12-24T18:00", "2024-12-26T06:00"),
    ]
    for k, (text, prio, st, en) in enumerate(attempts):
        out = {"ok": False, "error": "BACnet Error: class=SECURITY code=WRITE_ACCESS_DENIED",
               "device_instance": 30114, "invoke_id": (37 + 3 * k + jit(0, 2, "inv", k)) % 256,
               "ts": "2024-12-20T14:%02d:%02d-05:00" % (2 + k // 2, jit(0, 59, "hv2", k))}
        s.call(jit(4, 12, "hv2t", k), text, "write_schedule_exception",
               {"device": "AHU-B1", "schedule": "SCH-OCC", "start": st, "end": en, "value": "UNOCCUPIED",
                "priority": prio}, out)
        if k == 1:
            s.mark("B")
    s.notes = ("The controller refuses every schedule write with the same SECURITY/WRITE_ACCESS_DENIED (the "
               "account lacks schedule rights); only invoke id and timestamp change while the agent varies "
               "priority and date ranges. Loop from the second denial; stop within about four more.")
    return runaway(s, s.marks["B"], s.marks["B"] + 4, s.notes)


@session("hvac_building_controls", "healthy", 1)
def hv_h1():
    st = tool("get_chiller_status", "Chiller state, load and temperatures.", {"chiller": S("CH-1 | CH-2")})
    cmd = tool("command_chiller", "Enable/disable a chiller or set its lead/lag role.",
               {"chiller": S("CH-1 | CH-2"), "command": S("enable | disable | lead | lag")})
    s = new("hvac_building_controls", "healthy", 1, model="gpt-4o", system=HVAC_SYSTEM, tools=[st, cmd],
            user_id="eng.dpatel", max_tokens=700,
            label="polls a chiller start-up with back-off; every status differs until it carries load")
    s.user("CH-2 is back from tube cleaning. Bring it on, and once it's actually carrying load make it lead and "
           "put CH-1 to lag. Don't rush it, the contractor said the first start may take a while.")
    s.send(0)
    s.call(4, "Enabling CH-2.", "command_chiller", {"chiller": "CH-2", "command": "enable"},
           {"ok": True, "chiller": "CH-2", "accepted_at": "09:14:02"})
    seq = [
        (30, {"state": "START_PENDING", "detail": "proving condenser water flow (CWP-2)", "cw_flow_gpm": 0}),
        (30, {"state": "START_PENDING", "detail": "proving chilled water flow (CHWP-2)", "cw_flow_gpm": 1410, "chw_flow_gpm": 220}),
        (60, {"state": "PRELUBE", "detail": "oil pump on, 45 s prelube", "oil_dp_psi": 18.2}),
        (60, {"state": "STARTING", "detail": "motor accelerating", "motor_pct_rla": 38, "lchwt_f": 55.1}),
        (120, {"state": "RUNNING", "motor_pct_rla": 24, "lchwt_f": 52.6, "lchwt_sp_f": 44.0, "evap_approach_f": 3.9}),
        (240, {"state": "RUNNING", "motor_pct_rla": 41, "lchwt_f": 48.3, "lchwt_sp_f": 44.0, "evap_approach_f": 2.8}),
        (240, {"state": "RUNNING", "motor_pct_rla": 53, "lchwt_f": 45.2, "lchwt_sp_f": 44.0, "evap_approach_f": 1.9}),
        (300, {"state": "RUNNING", "motor_pct_rla": 56, "lchwt_f": 44.2, "lchwt_sp_f": 44.0, "evap_approach_f": 1.6}),
    ]
    texts = ["Checking in 30 s.", "Condenser flow proven, waiting on evaporator flow.", "Flows proven. Next check in a minute.",
             "Prelube done, motor starting.", "Running at 24% RLA, water coming down. Backing off to 4-minute checks.",
             "48.3 F and dropping.", "45.2 F, 53% RLA. One more check.", None]
    for k, (dt, out) in enumerate(seq):
        out = dict(chiller="CH-2", ts="09:%02d:%02d" % (14 + sum(d for d, _ in seq[:k + 1]) // 60,
                                                      sum(d for d, _ in seq[:k + 1]) % 60 + 2), **out)
        s.call(dt, texts[k - 1] if k else "Polling status.", "get_chiller_status", {"chiller": "CH-2"}, out)
    s.call(5, "CH-2 is holding 44.2 F at 56% RLA. Making it lead.", "command_chiller",
           {"chiller": "CH-2", "command": "lead"}, {"ok": True, "chiller": "CH-2", "role": "lead"})
    s.call(4, None, "command_chiller", {"chiller": "CH-1", "command": "lag"},
           {"ok": True, "chiller": "CH-1", "role": "lag", "note": "CH-1 will unload and stop after 10 min min-run"})
    s.notes = ("A legitimate status poll with growing intervals; each status moves on (flow proving, prelube, "
               "start, falling leaving-water temperature) and the task completes.")
    return healthy(s, s.notes)


@session("hvac_building_controls", "healthy", 2)
def hv_h2():
    lst = tool("list_points", "List VAV boxes with their key points, paginated 8 per page.",
               {"floor": I("floor number"), "page_token": S("empty for first page")})
    trend = tool("get_trend", "Trend log of a point.", {"device": S("device"), "object": S("object"), "hours": I("look-back")})
    s = new("hvac_building_controls", "healthy", 2, model="o4-mini", system=HVAC_SYSTEM, tools=[lst, trend, WP],
            user_id="eng.mlarkin", max_tokens=2000,
            label="pages through 40 VAV boxes, trends the outliers, fixes one stuck damper")
    s.user("We're getting scattered hot/cold complaints on 6. Survey every VAV on the floor (there are 40), flag "
           "anything more than 2 F off setpoint or with airflow way off, and fix what you can.")
    s.send(0)
    for p in range(5):
        boxes = []
        for b in range(8):
            n = p * 8 + b + 1
            sp = 72.0 if n % 5 else 73.0
            zt = noise(sp, 1.2, "zt", n)
            flow = int(noise(420, 180, "fl", n, nd=0))
            if n == 17:
                zt, flow = 77.9, 95
            if n == 33:
                zt = 69.1
            boxes.append({"device": "VAV-6-%02d" % n, "ZN-T": zt, "ZN-SP": sp, "DA-F": flow,
                          "DPR-O": int(noise(55, 40, "dp", n, nd=0)) if n != 17 else 100})
        tok = "pg%d_%s" % (p + 2, b62(hnum("tok", p), 6)) if p < 4 else None
        s.call(jit(3, 6, "hvh2", p), "Page %d." % (p + 1) if p else "Starting the floor 6 survey.", "list_points",
               {"floor": 6, "page_token": "" if p == 0 else "pg%d_%s" % (p + 1, b62(hnum("tok", p - 1), 6))},
               {"floor": 6, "boxes": boxes, "next_page_token": tok})
    s.call(5, "Outliers: VAV-6-17 (77.9 F, 95 cfm with damper commanded 100%) and VAV-6-33 (69.1 F). Trending 6-17.",
           "get_trend", {"device": "VAV-6-17", "object": "DA-F", "hours": 24},
           {"device": "VAV-6-17", "object": "DA-F", "samples": [["00:00", 102], ["06:00", 98], ["09:00", 96],
            ["12:00", 95]], "note": "flat since 2024-11-29 14:10 (maintenance work order WO-55821 closed that day)"})
    s.call(5, "Flat airflow since a maintenance visit - probably a disconnected actuator linkage; needs a tech. "
           "Checking 6-33.", "get_trend", {"device": "VAV-6-33", "object": "ZN-T", "hours": 24},
           {"device": "VAV-6-33", "object": "ZN-T", "samples": [["00:00", 70.2], ["06:00", 68.4], ["09:00", 68.9],
            ["12:00", 69.1]], "note": "heating setpoint offset -3.0 F written at priority 8 on 2024-12-02 by user 'tempfix'"})
    s.call(6, "6-33 has a leftover -3 F offset override at priority 8. Relinquishing it.", "write_point",
           {"device": "VAV-6-33", "object": "HTG-SP-OFFSET", "value": None, "priority": 8},
           {"ok": True, "device": "VAV-6-33", "object": "HTG-SP-OFFSET", "relinquished": True, "present_value": 0.0})
    s.notes = ("Five near-identical paginated list calls with different boxes and values, then targeted follow-ups "
               "and a fix: a survey, not a loop.")
    return healthy(s, s.notes)


# ======================================================================================
# 6. customs_tariff_classifier
# ======================================================================================
CUS_SYSTEM = (
    "You are TariffPilot, a classification assistant for Meridian Customs Brokerage (US imports). Classify goods "
    "under the HTSUS using the General Rules of Interpretation, section and chapter notes, and CBP rulings (CROSS). "
    "Give the 10-digit HTSUS number, the general duty rate, any Chapter 99 additional duties (Section 301) for "
    "goods of China, and a short GRI rationale. If the facts are insufficient, say what is missing.")


@session("customs_tariff_classifier", "runaway", 1)
def cu_r1():
    tools = [
        tool("search_hts", "Search HTSUS headings/subheadings by text.", {"query": S("search text")}),
        tool("search_rulings", "Search CBP CROSS rulings, returns up to 3 best matches.", {"query": S("search text")}),
        tool("get_ruling", "Full text of a CROSS ruling.", {"ruling": S("e.g. N312745")}),
    ]
    s = new("customs_tariff_classifier", "runaway", 1, model="claude-3-5-sonnet-20241022", system=CUS_SYSTEM,
            tools=tools, user_id="broker.lchen", max_tokens=2000,
            label="reworded ruling searches return the same three rulings; re-reads them, never decides")
    s.user("Need a classification for SKU BB-2210 'CrumbCatch' baby bib: 100% food-grade silicone, adjustable snap "
           "neck, moulded pocket to catch food, 6-36 months, made in Shenzhen. 10-digit + duty, importer is "
           "Littlefoot Goods LLC.")
    s.send(0)
    s.call(6, "Starting with the tariff text.", "search_hts", {"query": "bib silicone infant"},
           {"results": [{"hts": "3924.10.4000", "desc": "Tableware and kitchenware of plastics: other", "rate": "3.4%"},
                        {"hts": "3926.20.9050", "desc": "Articles of apparel and clothing accessories of plastics: other", "rate": "5%"},
                        {"hts": "3924.90.5650", "desc": "Other household articles and toilet articles of plastics: other", "rate": "3.4%"}]})
    rulings = {"results": [
        {"ruling": "N312745", "date": "2020-07-14", "hts": "3926.20.9050", "summary": "Silicone bib with crumb pocket; apparel accessory of plastics"},
        {"ruling": "N297610", "date": "2018-06-08", "hts": "3924.90.5650", "summary": "Silicone baby bib and placemat set; household article"},
        {"ruling": "N258964", "date": "2014-11-21", "hts": "3926.20.9050", "summary": "PVC-coated bib, snap closure"}]}
    texts = {
        "N312745": "N312745: \"The merchandise under consideration is a bib composed of 100 percent silicone with a "
                   "pocket at the bottom to catch food... Bibs are considered articles of apparel (see HQ 956910)... "
                   "The applicable subheading for the silicone bib will be 3926.20.9050, HTSUS, which provides for "
                   "articles of apparel and clothing accessories (including gloves, mittens and mitts): other: other. "
                   "The rate of duty will be 5 percent ad valorem.\"",
        "N297610": "N297610: \"The merchandise is a set consisting of a silicone bib and a silicone placemat put up "
                   "together for retail sale... The essential character is imparted by the placemat... classified "
                   "in 3924.90.5650, HTSUS... The rate of duty will be 3.4 percent ad valorem.\"",
        "N258964": "N258964: \"...a bib made of polyester fabric coated on both sides with PVC... the textile is "
                   "completely covered with plastics visible to the naked eye... 3926.20.9050, HTSUS...\"",
    }
    queries = ["silicone baby bib", "silicone bib with crumb catcher pocket", "infant feeding bib plastic pocket",
               "bib silicone snap closure children", "pocket bib food catcher silicone 3926",
               "baby bib of silicone rubber classification", "silicone bib tableware or apparel",
               "crumb catcher bib toddler", "silicone bib"]
    reads = ["N312745", "N297610", "N312745", "N258964", "N297610", "N312745", "N312745", "N297610"]
    notes_q = ["Searching rulings.", "Let me refine the ruling search to the pocket feature.",
               "Rephrasing to focus on feeding use.", "Trying the closure angle.",
               "Searching with the candidate heading.", "Maybe silicone rubber (Ch. 40) is relevant - searching.",
               "Searching the tableware vs apparel question directly.", "One more search.", "Searching again."]
    notes_r = ["Reading N312745 in full.", "Reading N297610 to compare.", "Re-reading N312745 for the apparel reasoning.",
               "Checking N258964.", "Looking at N297610 again - the placemat point may matter.",
               "Back to N312745.", "N312745 again to confirm.", "Comparing with N297610."]
    for k in range(8):
        s.call(jit(5, 12, "cu1q", k), notes_q[k], "search_rulings", {"query": queries[k]}, rulings)
        if k == 1:
            s.mark("B")
        s.call(jit(4, 9, "cu1r", k), notes_r[k], "get_ruling", {"ruling": reads[k]}, texts[reads[k]])
        if len(s.snaps) >= 17:
            break
    s.notes = ("Research that recycles: every reworded search returns the same three rulings and the agent "
               "re-reads them instead of applying N312745 (a near-exact match). Loop from the second identical "
               "result set; stop after three or so more rounds.")
    return runaway(s, s.marks["B"], s.marks["B"] + 6, s.notes)


CH39_NOTE = (
    "Chapter 39, Note 2: This chapter does not cover: ... (p) Goods of section XI (textiles and textile articles); ...\n"
    "Heading 3921 covers other plates, sheets, film, foil and strip of plastics, cellular or reinforced, laminated, "
    "supported or similarly combined with other materials. Subject to the exclusions of Chapter 59 Note 2, "
    "textile fabrics completely embedded in plastics or entirely coated or covered on both sides with plastics "
    "(where the coating is visible to the naked eye with no account taken of colour change) are classified in "
    "Chapter 39.")
CH59_NOTE = (
    "Chapter 59, Note 2: Heading 5903 applies to: (a) Textile fabrics, impregnated, coated, covered or laminated "
    "with plastics, whatever the weight per square meter and whatever the nature of the plastic material "
    "(compact or cellular), other than: (1) Fabrics in which the impregnation, coating or covering cannot be seen "
    "with the naked eye...; (2) Products which cannot, without fracturing, be bent manually around a cylinder of "
    "a diameter of 7 mm, at a temperature between 15 C and 30 C (usually chapter 39); (3) Products in which the "
    "textile fabric is either completely embedded in plastics or entirely coated or covered on both sides with "
    "such material, provided that such coating or covering can be seen with the naked eye... (heading 3921); ...")


@session("customs_tariff_classifier", "runaway", 2)
def cu_r2():
    notes = tool("get_chapter_notes", "Legal notes of an HTSUS chapter.", {"chapter": S("two-digit chapter")})
    s = new("customs_tariff_classifier", "runaway", 2, model="gpt-4o-mini", system=CUS_SYSTEM, tools=[notes],
            user_id="broker.avelasquez", max_tokens=1200,
            label="exact repetition: chapter 39 and chapter 59 notes fetched alternately with the same words")
    s.user("Entry 7H2-0418837-2 line 4, flagged in review: 'PVC-coated polyester woven fabric, 680 g/m2, coated on "
           "both sides (coating clearly visible), for truck tarpaulins, rolls 2.5 m x 50 m'. 3921.90 or 5903.10? "
           "Need the answer with the note reasoning for the file.")
    s.send(0)
    for k in range(11):
        ch = "39" if k % 2 == 0 else "59"
        text = ("To compare headings 3921 and 5903 I'll check the chapter notes for chapter %s." % ch)
        s.call(jit(3, 5, "cu2", k), text, "get_chapter_notes", {"chapter": ch}, CH39_NOTE if ch == "39" else CH59_NOTE)
        if k == 2:
            s.mark("B")
    s.notes = ("The model's reasoning never lands: it calls get_chapter_notes for 39 and 59 alternately with "
               "word-for-word identical text and identical results every few seconds. Loop from the first exact "
               "repeat; stop within two more pairs.")
    return runaway(s, s.marks["B"], s.marks["B"] + 4, s.notes)


@session("customs_tariff_classifier", "healthy", 1)
def cu_h1():
    tools = [
        tool("search_hts", "Search HTSUS headings/subheadings by text.", {"query": S("search text")}),
        tool("get_duty_rate", "General rate and Chapter 99 additional duties for an HTS number and origin.",
             {"hts": S("10-digit HTSUS"), "origin": S("ISO country code")}),
    ]
    s = new("customs_tariff_classifier", "healthy", 1, model="gpt-4.1", system=CUS_SYSTEM, tools=tools,
            user_id="broker.lchen", max_tokens=3000,
            label="classifies 12 invoice lines one by one, same two tools, different goods")
    lines = [
        ("Stainless steel mixing bowls, set of 3", "7323.93.0080", "2%", "9903.88.03 (25%)"),
        ("Silicone spatulas, 2 pc", "3924.10.4000", "3.4%", "9903.88.15 (7.5%)"),
        ("Bamboo cutting board 40x30 cm", "4419.11.0000", "3.2%", "9903.88.03 (25%)"),
        ("Borosilicate glass food containers with PP lids", "7013.49.5000", "14.2%", "9903.88.15 (7.5%)"),
        ("Nylon kitchen tongs with steel core", "8215.99.5000", "3.2%", "9903.88.03 (25%)"),
        ("Cotton tea towels, waffle weave, set of 4", "6302.91.0035", "9.1%", "9903.88.15 (7.5%)"),
        ("Enamelled cast-iron Dutch oven 5.5 qt", "7323.92.0000", "Free"),
        ("Stainless steel garlic press", "8205.51.7500", "3.7%", "9903.88.03 (25%)"),
        ("Melamine serving platter", "3924.10.4000", "3.4%", "9903.88.15 (7.5%)"),
        ("Electric milk frother, battery", "8509.40.0050", "4.2%", "9903.88.15 (7.5%)"),
        ("Ceramic (stoneware) mugs, 12 oz", "6912.00.4810", "10%", "9903.88.15 (7.5%)"),
        ("Cork trivets, round", "4503.90.6000", "Free", "9903.88.15 (7.5%)"),
    ]
    s.user("Commercial invoice NBX-24-1187, Ningbo Brightway Housewares, origin CN, 12 lines:\n" +
           "\n".join("%d. %s" % (i + 1, l[0]) for i, l in enumerate(lines)) +
           "\nClassify each line: 10-digit HTS, general rate, 301.")
    s.send(0)
    for k, l in enumerate(lines):
        desc, hts, rate = l[0], l[1], l[2]
        extra = l[3] if len(l) > 3 else "9903.88.03 (25%)"
        s.call(jit(4, 9, "cuh1s", k), "Line %d: %s." % (k + 1, desc), "search_hts", {"query": desc},
               {"results": [{"hts": hts, "desc": "(best match for '%s')" % desc.split(",")[0].lower(), "rate": rate},
                            {"hts": "%s.%s" % (hts[:4], "90.9000"), "desc": "other", "rate": "varies"}]})
        if k in (3, 6, 9, 11):
            s.call(jit(3, 6, "cuh1d", k), "Checking 301 exposure for %s." % hts, "get_duty_rate",
                   {"hts": hts, "origin": "CN"},
                   {"hts": hts, "general": rate, "chapter99": [extra], "exclusions": []})
    s.notes = ("A batch of twelve similar look-ups on one invoice: same two tools, a different product, heading "
               "and rate on each call, finishing the list.")
    return healthy(s, s.notes)


@session("customs_tariff_classifier", "healthy", 2)
def cu_h2():
    tools = [
        tool("validate_entry", "Run ACE pre-validation edits on a draft entry summary.", {"entry": S("entry number"), "draft_rev": I("draft revision")}),
        tool("amend_line", "Amend a line of the draft entry summary.", {"entry": S("entry"), "line": I("line"), "changes": S("JSON of field changes")}),
        tool("submit_entry", "Transmit the entry summary (CBP Form 7501 data) to ACE.", {"entry": S("entry"), "draft_rev": I("draft revision")}),
        tool("entry_status", "ACE status of a transmitted entry summary.", {"entry": S("entry")}),
    ]
    s = new("customs_tariff_classifier", "healthy", 2, model="claude-3-5-haiku-20241022", system=CUS_SYSTEM,
            tools=tools, user_id="broker.avelasquez", max_tokens=1500,
            label="validate/fix loop with changing errors, 429 back-off on submit, status poll to acceptance")
    s.user("Brightway entry summary 7H2-0418911-6 is drafted (rev 3). Run pre-validation, fix whatever comes up, "
           "and transmit. Let me know the ACE status.")
    s.send(0)
    s.call(5, None, "validate_entry", {"entry": "7H2-0418911-6", "draft_rev": 3},
           {"errors": [{"line": 3, "code": "E-HTS-UOM", "msg": "Unit of measure KG invalid for 7323.93.0080; reporting unit is NO."},
                       {"line": 7, "code": "E-CH99-MISSING", "msg": "Goods of CN classified in 7323.92.0000 require secondary classification 9903.88.03."}],
            "warnings": []})
    s.call(6, "Two errors. Line 3 quantity unit to NO (the invoice says 1,440 sets of 3 bowls = 4,320 pieces).",
           "amend_line", {"entry": "7H2-0418911-6", "line": 3, "changes": J({"qty1": 4320, "uom1": "NO"})},
           {"ok": True, "draft_rev": 4})
    s.call(5, "Adding 9903.88.03 to line 7.", "amend_line",
           {"entry": "7H2-0418911-6", "line": 7, "changes": J({"add_ch99": "9903.88.03"})}, {"ok": True, "draft_rev": 5})
    s.call(5, None, "validate_entry", {"entry": "7H2-0418911-6", "draft_rev": 5},
           {"errors": [{"line": 7, "code": "E-CH99-VAL", "msg": "Entered value for 9903.88.03 line must equal the line value (USD 18,420.00); found 0."}],
            "warnings": [{"line": 10, "code": "W-MPF", "msg": "MPF at maximum (USD 614.35)"}]})
    s.call(5, "New error on line 7: the Ch.99 line needs the line value.", "amend_line",
           {"entry": "7H2-0418911-6", "line": 7, "changes": J({"ch99_value_usd": 18420.00})}, {"ok": True, "draft_rev": 6})
    s.call(6, None, "validate_entry", {"entry": "7H2-0418911-6", "draft_rev": 6},
           {"errors": [], "warnings": [{"line": 10, "code": "W-MPF", "msg": "MPF at maximum (USD 614.35)"}]})
    s.call(4, "Clean apart from the MPF cap notice. Transmitting.", "submit_entry", {"entry": "7H2-0418911-6", "draft_rev": 6},
           {"status": 429, "error": "ACE ABI gateway rate limit", "retry_after_s": 30})
    s.call(31, "Rate limited; waiting 30 s.", "submit_entry", {"entry": "7H2-0418911-6", "draft_rev": 6},
           {"status": 429, "error": "ACE ABI gateway rate limit", "retry_after_s": 60})
    s.call(62, "Still limited; waiting 60 s.", "submit_entry", {"entry": "7H2-0418911-6", "draft_rev": 6},
           {"status": 202, "transmission_id": "ABI-20241220-77J3K2", "accepted_for_processing": True})
    s.call(90, None, "entry_status", {"entry": "7H2-0418911-6"},
           {"entry": "7H2-0418911-6", "status": "PENDING", "detail": "queued for CBP edit", "as_of": "15:41:08"})
    s.call(180, None, "entry_status", {"entry": "7H2-0418911-6"},
           {"entry": "7H2-0418911-6", "status": "ACCEPTED", "detail": "entry summary on file; statement PMS 12/2024",
            "duties_usd": {"mfn": 4188.27, "ch99": 9971.50, "mpf": 614.35, "hmf": 98.40}, "as_of": "15:44:11"})
    s.notes = ("Validate, fix, validate with a different error, fix, clean; two 429s respected with growing waits; "
               "two status polls that change. Every repeat had a reason and the entry was accepted.")
    return healthy(s, s.notes)


# ======================================================================================
# 7. language_exchange_partner (tool-less)
# ======================================================================================
@session("language_exchange_partner", "runaway", 1)
def la_r1():
    s = new("language_exchange_partner", "runaway", 1, model="gpt-4o-mini", tools=None, user_id="u_ben.k.chi",
            max_tokens=500,
            system=("Você é Lia, parceira de intercâmbio de idiomas (português brasileiro). Converse naturalmente, "
                    "adapte-se ao nível do aluno e corrija erros da forma que ele preferir. Pergunte a preferência "
                    "de correção uma vez no início."),
            label="asks the correction-preference question again after every answer")
    s.user("Oi Lia! Quero praticar português. Sou de Chicago e vou morar em Recife em março para trabalhar num "
           "hospital. Meu português é... mais ou menos.")
    s.send(0)
    asks = [
        "Oi! Que legal, Recife é uma cidade linda, e março ainda é bem quente por lá! Antes de começar: você "
        "prefere que eu corrija seus erros durante a conversa ou só no final?",
        "Perfeito! Então você vai trabalhar num hospital - você é enfermeiro, médico? Ah, e só para confirmar: "
        "quer as correções durante a conversa ou no final?",
        "Enfermeiro, que profissão importante! (Pequena correção: 'eu trabalho como enfermeiro' está ótimo!) Me "
        "conta mais. Ah, antes de seguirmos: você prefere correções na hora ou no fim da conversa?",
        "Desculpa! Entendi. Você já conhece alguém em Recife? Só uma coisinha: prefere que eu corrija durante ou "
        "no final?",
        "Haha, tudo bem! Frevo é muito divertido. Então, me diz: você quer que eu corrija seus erros durante a "
        "conversa ou prefere no final?",
        "Entendi, me desculpe pela confusão. Como você prefere as correções: durante a conversa ou no final?",
        "Claro! Vamos continuar. Antes, uma perguntinha: correções durante ou no final?",
        "Desculpa. Prefere correções durante a conversa ou no final?",
        "Tudo bem. Você prefere que eu corrija durante ou no final?",
    ]
    answers = [
        "Durante, por favor! Pode corrigir tudo.",
        "Durante 🙂 como eu disse. Sim, eu trabalho como enfermeiro, na UTI pediátrica.",
        "DURANTE haha. Você já perguntou duas vezes. Então, no hospital eu vou trabalhar com um programa de "
        "intercâmbio de seis meses.",
        "Lia, durante! Não, eu não conheço ninguém ainda. Mas quero aprender frevo.",
        "Você está repetindo a mesma pergunta. DURANTE. Pode falar sobre Recife?",
        "durante durante durante",
        "?? acho que você está com um problema",
        "durante",
        "vou tentar outro app",
    ]
    for k in range(9):
        s.reply(jit(40, 150, "lar1", k), asks[k], answers[k])
        if k == 1:
            s.mark("B")
    s.notes = ("A clarification asked again and again: the partner re-asks the correction preference after every "
               "answer, then barely converses. Loop at the second ask; stop by the fifth ask, when the learner is "
               "typing DURANTE in capitals and then repeating it.")
    return runaway(s, s.marks["B"], s.marks["B"] + 3, s.notes)


@session("language_exchange_partner", "runaway", 2)
def la_r2():
    s = new("language_exchange_partner", "runaway", 2, model="gpt-4.1-nano", tools=None, user_id="u_marisol.t",
            max_tokens=600,
            system=("You are Pablo, a friendly Spanish conversation partner from Valencia. The learner writes in "
                    "Spanish; reply in Spanish with a short English note when you correct something."),
            label="flip-flops between 'por' and 'para' on the same sentence, a period-2 cycle")
    s.user("¡Hola Pablo! Estudio español para tres años, pero todavía cometo muchos errores. Hoy quiero hablar de "
           "mi viaje a Valencia en junio.")
    s.send(0)
    por = ("¡Hola! Qué bien que vengas a Valencia en junio, ¡justo antes de las Hogueras de San Juan! Una "
           "corrección: 'Estudio español **desde hace** tres años' (o 'por tres años'). *Note: for a duration use "
           "'por' or 'desde hace', not 'para'.*")
    para = ("Tienes razón, perdona la confusión. 'Estudio español **para** tres años' es correcto aquí, porque "
            "'para' indica un periodo de tiempo. *Note: 'para' works for time periods.*")
    flips = [
        (por, "Mi libro dice que 'para' es para periodos de tiempo... ¿estás seguro?"),
        (para, "Espera, ¿entonces 'para' está bien? Antes dijiste que no."),
        ("Disculpa, me equivoqué. Lo correcto es 'por tres años' o mejor 'desde hace tres años'. *Note: 'por' for "
         "duration.*", "Ok... pero mi profesora usa 'para' a veces. ¿Cuál es?"),
        ("Tu profesora tiene razón: 'para tres años' está bien, 'para' expresa duración. *Note: 'para' is fine.*",
         "Pablo, ahora dices 'para' otra vez. ¿Por o para?"),
        ("Perdón. Es 'por tres años' / 'desde hace tres años'. *Note: use 'por'.*", "¿Seguro esta vez? 😅"),
        ("Mmm, pensándolo mejor, 'para' también es correcto para periodos de tiempo. *Note: 'para' is acceptable.*",
         "No entiendo nada. Por favor, una respuesta final: ¿por o para?"),
        ("Respuesta final: 'desde hace tres años' (o 'por tres años'). 'Para' no se usa así. *Note: por.*",
         "Gracias. Entonces 'para' nunca para duración, ¿verdad?"),
        ("En realidad, 'para' sí se puede usar para duración: 'estudio español para tres años'. *Note: para is ok.*",
         "..."),
        ("Lo siento. Correcto: 'por tres años'. *Note: por.*", "¿Y mañana me dirás 'para'?"),
        ("'Para tres años' también está bien. *Note: para.*", "olvídalo"),
    ]
    for k, (a, u) in enumerate(flips):
        s.reply(jit(30, 120, "lar2", k), a, u)
        if k == 2:
            s.mark("B")
    s.notes = ("A period-2 cycle: each turn the partner reverses its correction ('por' / 'para') on the same "
               "sentence and the conversation never gets to Valencia. Loop when it flips back the second time; "
               "stop within four more flips.")
    return runaway(s, s.marks["B"], s.marks["B"] + 4, s.notes)


@session("language_exchange_partner", "healthy", 1)
def la_h1():
    s = new("language_exchange_partner", "healthy", 1, model="claude-3-5-haiku-20241022", tools=None,
            user_id="u_grace.o", max_tokens=600,
            system=("Eres Rosa, vendedora en el Mercado Benito Juárez de Oaxaca, en un juego de rol para practicar "
                    "español. Mantén el personaje; después de cada respuesta añade entre corchetes una corrección "
                    "breve de los errores del alumno, si los hay."),
            label="market role-play in Oaxaca, every learner message and correction different")
    s.user("¡Buenos días! Quiero comprar unos chapulines, pero nunca los he comido. ¿Son picantes?")
    s.send(0)
    rounds = [
        ("¡Buenos días, güera! Estos de aquí son con limón y chile, pican poquito. Los de la canasta azul son con "
         "ajo, sin chile. ¿Quiere probar uno?\n\n[¡Perfecto, sin errores!]",
         "Sí, quiero probar uno con ajo. Mmm... ¡es muy crujiente! ¿Cuánto cuestan por cien gramos?"),
        ("Crujientes, ¿verdad? Los de ajo están a 45 pesos los cien gramos, y si lleva un cuarto de kilo se lo dejo "
         "en 100.\n\n[Muy bien. 'Por cien gramos' es correcto; también se dice 'los cien gramos'.]",
         "Vale, me llevo un cuarto de kilo. También busco quesillo para hacer quesadillas esta noche."),
        ("¡Ándale! Aquí tiene su cuarto. El quesillo lo vende mi comadre Lupe, dos puestos a la derecha, tiene el "
         "mejor de Reyes Etla.\n\n['Vale' se entiende, pero en México es más común 'Está bien' o 'Órale'.]",
         "Órale, gracias. ¿Y usted me puede recomendar un mole para llevar a mi casa en Canadá?"),
        ("Para llevar lejos, la pasta de mole negro en frasco aguanta meses. Aquí tengo de 350 gramos a 180 pesos.\n\n"
         "[Muy natural. 'Recomendar' está perfecto.]",
         "¿El mole negro lleva chocolate? Mi hija es alérgica a las nueces, ¿tiene nueces?"),
        ("Lleva chocolate de Oaxaca, chilhuacle, plátano... y sí, lleva almendra y cacahuate. Para su hija mejor el "
         "mole coloradito, ese no lleva nueces, pero pregúntele a la señora de enfrente que lo hace ella misma.\n\n"
         "[Correcto. Ojo: 'nueces' en México a veces es solo la nuez pecana; para alergias diga 'frutos secos'.]",
         "¡Qué útil! Entonces no compro el negro. ¿Me puede dar una bolsa? Olvidé la mía en el hotel."),
        ("Claro que sí, aquí tiene, una de manta, son 20 pesos, así la reusa. ¿Algo más, güerita?\n\n['Olvidé la "
         "mía' perfecto. También: 'se me olvidó la mía', muy mexicano.]",
         "Se me olvidó la mía, jaja, lo voy a usar. No, es todo. ¿Cuánto es en total?"),
        ("A ver: cien de chapulines y veinte de la bolsa, son ciento veinte. El mole lo compra con la señora.\n\n"
         "[¡Muy bien usado 'se me olvidó'!]",
         "Aquí tiene ciento cincuenta. Oiga, ¿a qué hora cierra el mercado? Quiero regresar mañana por pan de yema."),
        ("Su cambio, treinta. Cerramos como a las ocho, pero el pan de yema se acaba temprano, venga antes de las "
         "diez.\n\n['Regresar por' es correcto en México; en España dirían 'volver a por'.]",
         "Muchas gracias, Rosa. Ok, salgo del rol: ¿qué errores repetí más hoy? ¿Y qué debo practicar?"),
    ]
    for k, (a, u) in enumerate(rounds):
        s.reply(jit(60, 200, "lah1", k), a, u)
    s.notes = "A human role-play: every user line moves the scene on and every correction is specific."
    return healthy(s, s.notes)


@session("language_exchange_partner", "healthy", 2)
def la_h2():
    s = new("language_exchange_partner", "healthy", 2, model="gpt-4o", tools=None, user_id="u_t.yilmaz",
            max_tokens=400,
            system=("Du bist Jonas, ein Sprachpartner aus Leipzig. Übungsmodus 'Fälle': Gib einen Satz mit Lücke "
                    "(Artikel oder Adjektivendung), warte auf die Antwort, korrigiere kurz und gib dann den nächsten "
                    "Satz, wenn der Lerner 'weiter' schreibt."),
            label="case drill: the learner answers and types 'weiter' each time; every card is new")
    s.user("Hallo Jonas! Ich möchte Dativ und Akkusativ üben. Bitte Sätze mit Lücken. Los geht's!")
    s.send(0)
    cards = [
        ("Super! Satz 1: Ich gebe ___ Kind (das) einen Apfel.", "dem Kind. weiter"),
        ("Richtig: 'dem Kind' (Dativ, indirektes Objekt). Satz 2: Wir fahren durch ___ Stadt (die).", "der Stadt? weiter"),
        ("Fast! 'durch' verlangt immer Akkusativ: 'durch die Stadt'. Satz 3: Sie wohnt seit einem Jahr bei ___ "
         "Großeltern (die, Plural).", "bei den Großeltern. weiter"),
        ("Genau, 'bei' + Dativ, Plural 'den'. Satz 4: Er stellt die Vase auf ___ Tisch (der).", "auf den Tisch - weil Bewegung? weiter"),
        ("Perfekt erklärt: Wohin? → Akkusativ. Satz 5: Die Vase steht jetzt auf ___ Tisch.", "auf dem Tisch. weiter"),
        ("Richtig, Wo? → Dativ. Satz 6: Ich habe mit ___ neu__ Kollegin gesprochen (die).", "mit der neue Kollegin. weiter"),
        ("Fast: 'mit der neuen Kollegin' - nach 'der' im Dativ endet das Adjektiv auf -en. Satz 7: Trotz ___ Regens "
         "(der) gehen wir spazieren.", "trotz des Regens. weiter"),
        ("Sehr gut, sogar Genitiv! Satz 8: Kannst du ___ Hund (mein) füttern?", "meinen Hund. weiter"),
        ("Richtig. Satz 9: Das Buch gehört ___ Lehrerin (unser).", "unserer Lehrerin. weiter"),
        ("Perfekt, 'gehören' + Dativ. Satz 10: Ohne ___ Schlüssel (ihr, maskulin) kommt sie nicht rein.", "ohne ihren Schlüssel. weiter"),
        ("Genau, 'ohne' + Akkusativ. Satz 11: Wir danken ___ Gastgebern (die) für ___ schön__ Abend (der).",
         "den Gastgebern für den schönen Abend. weiter"),
        ("Beides richtig! Satz 12: Er hängt das Bild an ___ Wand (die).", "an die Wand. Bitte noch ein paar schwierige"),
        ("Gern, jetzt schwieriger. Satz 13: Das Bild hängt zwischen ___ Fenster (das) und ___ Tür (die).", "zwischen dem Fenster und der Tür. weiter"),
    ]
    for k, (a, u) in enumerate(cards):
        s.reply(jit(25, 75, "lah2", k), a, u)
    s.notes = ("A drill where the learner types 'weiter' on every turn; each card, answer and correction is "
               "different and the learner is learning.")
    return healthy(s, s.notes)


# ======================================================================================
# 8. genome_assembly_qc
# ======================================================================================
GEN_SYSTEM = (
    "You are an HPC bioinformatics agent for the Microbial Genomics Core (cluster 'hydra', SLURM, partitions "
    "short/long/bigmem; project dir /proj/mgc/2024_kpn_surveillance). You run assembly and QC tools (flye, "
    "hifiasm, quast 5.2, busco 5.7, checkm2, seqkit, kraken2) via sbatch or srun. Compute nodes have no "
    "internet access. Report findings with paths and numbers.")
SH = tool("sh", "Run a command on the hydra login node; returns exit status and combined output.", {"cmd": S("command line")})


@session("genome_assembly_qc", "runaway", 1)
def ge_r1():
    s = new("genome_assembly_qc", "runaway", 1, model="gpt-4.1-mini", system=GEN_SYSTEM, tools=[SH],
            user_id="core.priyanka", max_tokens=1500,
            label="reruns QUAST and reads an ever longer log that ends in the same empty-assembly error")
    s.user("QUAST on PB-0417 (the Flye assembly from Monday's PacBio run) failed overnight. Figure out why and get "
           "the QC report done, I need N50 and contig count for the 3pm meeting.")
    s.send(0)
    head = ("2024-12-10 02:14:07\nStarted: /opt/quast-5.2.0/quast.py -o qc/PB-0417/quast -t 8 -r ref/KPN_HS11286.fna "
            "assembly/PB-0417/assembly.fasta\n\nVersion: 5.2.0\nSystem information:\n  OS: Linux-4.18.0-513.el8.x86_64\n"
            "  Python version: 3.10.13\n  CPUs number: 8\n\nStarted: 2024-12-10 02:14:07\n\nLogging to "
            "/proj/mgc/2024_kpn_surveillance/qc/PB-0417/quast/quast.log\n\nCWD: /proj/mgc/2024_kpn_surveillance\n"
            "Main parameters: \n  MODE: default, threads: 8, min contig length: 500, min alignment length: 65, "
            "min alignment IDY: 95.0, ambiguity: one, threshold for extensive misassembly size: 1000\n\n"
            "Reference:\n  /proj/mgc/2024_kpn_surveillance/ref/KPN_HS11286.fna ==> KPN_HS11286\n\nContigs:\n"
            "  Pre-processing...\n")
    err = ("\nERROR! File assembly/PB-0417/assembly.fasta is empty or contains incorrectly formatted sequence "
           "(header-only lines or invalid characters) or all sequences are shorter than --min-contig!\n\n"
           "In case you have troubles running QUAST, you can write to quast.support@cab.spbu.ru\nor report an "
           "issue on our GitHub repository https://github.com/ablab/quast/issues\nPlease provide us with "
           "quast.log file from the output directory.\n")
    runs = [head.replace("02:14:07", "02:14:07") + err]
    s.call(5, "Looking at the end of the QUAST log.", "sh", {"cmd": "tail -n 40 qc/PB-0417/quast/quast.log"},
           {"exit": 0, "output": runs[0]})
    plan = [
        ("sbatch", "Likely a transient formatting issue. Resubmitting QUAST.", None),
        ("tail", "Job finished quickly; checking the log (more lines this time).", 80),
        ("sbatch", "Same error. Lowering --min-contig to 200 in case all contigs are short.", "--min-contig 200"),
        ("tail", "Reading the log.", 160),
        ("sbatch", "Still failing. Removing the reference to rule out a reference problem.", "--no-ref"),
        ("tail", "Checking the full recent log.", 300),
        ("sbatch", "Rerunning with --fast and a single thread.", "--fast -t 1"),
        ("tail", "Log again, larger window.", 500),
        ("sbatch", "Resubmitting the original command.", None),
        ("tail", "Reading the whole log.", 800),
        ("sbatch", "Trying --min-contig 100.", "--min-contig 100"),
        ("tail", "Log.", 1200),
    ]
    job = 8811402
    for k, (kind, text, arg) in enumerate(plan):
        if kind == "sbatch":
            job += jit(7, 60, "ge1j", k)
            extra = (" " + arg) if arg else ""
            cmd = ("sbatch -p short -c 8 --mem 16G -J quast_PB-0417 --wrap \"quast.py -o qc/PB-0417/quast -t 8 -r "
                   "ref/KPN_HS11286.fna%s assembly/PB-0417/assembly.fasta\"" % extra)
            s.call(jit(40, 75, "ge1s", k), text, "sh", {"cmd": cmd}, {"exit": 0, "output": "Submitted batch job %d" % job})
            stamp = "2024-12-10 09:%02d:%02d" % (12 + k * 2, jit(0, 59, "st", k))
            runs.append(head.replace("2024-12-10 02:14:07", stamp) + err)
        else:
            log = "".join(runs)
            lines = log.splitlines()
            out = "\n".join(lines[-arg:])
            s.call(jit(5, 12, "ge1t", k), text, "sh", {"cmd": "tail -n %d qc/PB-0417/quast/quast.log" % arg},
                   {"exit": 0, "output": out})
            if k == 1:
                s.mark("B")
    s.notes = ("Each QUAST rerun fails in seconds with the same 'assembly.fasta is empty' error (Flye actually died; "
               "the agent never checks the file size) and the agent tails a growing log with every run appended. "
               "The loop is visible at the first rerun's identical error; stop after two or three more.")
    return runaway(s, s.marks["B"], s.marks["B"] + 4, s.notes)


@session("genome_assembly_qc", "runaway", 2)
def ge_r2():
    s = new("genome_assembly_qc", "runaway", 2, model="claude-sonnet-4-20250514", system=GEN_SYSTEM, tools=[SH],
            user_id="core.dfitz", max_tokens=2048,
            label="BUSCO on compute nodes: new lineages, paths and flags, the same no-network error each time")
    s.user("Run BUSCO (bacteria lineage, or enterobacterales if you think it's better) on the 8 hybrid assemblies in "
           "assembly/hybrid/*.fasta and give me completeness per sample.")
    s.send(0)

    def neterr(job, lineage, url_date, k):
        m = 2 + k * 5 + jit(0, 2, "ge2m", k)
        sec = [min(59, jit(0, 40, "ge2s", k) + i * 3) for i in range(6)]
        stamp = ["2024-12-11 10:%02d:%02d" % (m, x) for x in sec]
        return {"exit": 1, "output": (
            "srun: job %d queued and waiting for resources\nsrun: job %d has been allocated resources\n" % (job, job) +
            "%s INFO:\t***** Start a BUSCO v5.7.1 analysis, current time: 12/11/2024 %s *****\n" % (stamp[0], stamp[0][11:]) +
            "%s INFO:\tConfiguring BUSCO with local environment\n" % stamp[1] +
            "%s INFO:\tDownloading information on latest versions of BUSCO data...\n" % stamp[2] +
            "%s ERROR:\tUnable to download file https://busco-data.ezlab.org/v5/data/lineages/%s.%s.tar.gz: "
            "<urlopen error [Errno 101] Network is unreachable>\n" % (stamp[3], lineage, url_date) +
            "%s ERROR:\tBUSCO analysis failed!\n" % stamp[4] +
            "%s ERROR:\tCheck the logs, read the user guide (https://busco.ezlab.org/busco_userguide.html), and check "
            "the BUSCO issue board on https://gitlab.com/ezlab/busco/issues\n" % stamp[5])}
    tries = [
        ("Running sample 1 interactively on a short node first to check parameters.",
         "srun -p short -c 8 --mem 16G busco -i assembly/hybrid/KP-101.fasta -m genome -l bacteria_odb10 -o busco_KP-101 --out_path qc/busco",
         "bacteria_odb10", "2024-01-08"),
        ("It tries to download the lineage. Switching to the more specific enterobacterales set.",
         "srun -p short -c 8 --mem 16G busco -i assembly/hybrid/KP-101.fasta -m genome -l enterobacterales_odb10 -o busco_KP-101 --out_path qc/busco -f",
         "enterobacterales_odb10", "2024-01-08"),
        ("Setting an explicit download path in the project dir.",
         "srun -p short -c 8 --mem 16G busco -i assembly/hybrid/KP-101.fasta -m genome -l enterobacterales_odb10 --download_path /proj/mgc/db/busco_downloads -o busco_KP-101 --out_path qc/busco -f",
         "enterobacterales_odb10", "2024-01-08"),
        ("Maybe the lineage name needs the date suffix.",
         "srun -p short -c 8 --mem 16G busco -i assembly/hybrid/KP-101.fasta -m genome -l enterobacterales_odb10.2024-01-08 -o busco_KP-101 --out_path qc/busco -f",
         "enterobacterales_odb10", "2024-01-08"),
        ("Pre-downloading the dataset with busco --download on a compute node.",
         "srun -p short -c 2 --mem 4G busco --download enterobacterales_odb10 --download_path /proj/mgc/db/busco_downloads",
         "enterobacterales_odb10", "2024-01-08"),
        ("Trying the long partition in case short nodes are firewalled differently.",
         "srun -p long -c 8 --mem 16G busco -i assembly/hybrid/KP-101.fasta -m genome -l bacteria_odb10 -o busco_KP-101 --out_path qc/busco -f",
         "bacteria_odb10", "2024-01-08"),
        ("Setting the proxy variables from the login node environment.",
         "srun -p short -c 8 --mem 16G --export=ALL,https_proxy=$https_proxy busco -i assembly/hybrid/KP-101.fasta -m genome -l bacteria_odb10 -o busco_KP-101 --out_path qc/busco -f",
         "bacteria_odb10", "2024-01-08"),
        ("Using auto-lineage-prok so BUSCO picks the set itself.",
         "srun -p short -c 8 --mem 16G busco -i assembly/hybrid/KP-101.fasta -m genome --auto-lineage-prok -o busco_KP-101 --out_path qc/busco -f",
         "bacteria_odb10", "2024-01-08"),
        ("Trying the gammaproteobacteria lineage.",
         "srun -p short -c 8 --mem 16G busco -i assembly/hybrid/KP-101.fasta -m genome -l gammaproteobacteria_odb10 -o busco_KP-101 --out_path qc/busco -f",
         "gammaproteobacteria_odb10", "2024-01-08"),
        ("Back to bacteria_odb10 on bigmem.",
         "srun -p bigmem -c 8 --mem 32G busco -i assembly/hybrid/KP-101.fasta -m genome -l bacteria_odb10 -o busco_KP-101 --out_path qc/busco -f",
         "bacteria_odb10", "2024-01-08"),
        ("Retrying enterobacterales with a fresh output dir.",
         "srun -p short -c 8 --mem 16G busco -i assembly/hybrid/KP-101.fasta -m genome -l enterobacterales_odb10 -o busco_KP-101_v2 --out_path qc/busco",
         "enterobacterales_odb10", "2024-01-08"),
    ]
    job = 8813020
    for k, (text, cmd, lin, dt) in enumerate(tries):
        job += jit(3, 40, "ge2j", k)
        s.call(jit(35, 90, "ge2", k), text, "sh", {"cmd": cmd}, neterr(job, lin, dt, k))
        if k == 1:
            s.mark("B")
    s.notes = ("Every attempt runs BUSCO on a compute node, which has no internet, and dies on the same 'Network is "
               "unreachable' download error; the agent changes lineage, partition, paths and flags (new job ids each "
               "time) instead of downloading on the login node and using --offline. Loop from the second identical "
               "error; stop by the sixth.")
    return runaway(s, s.marks["B"], s.marks["B"] + 5, s.notes)


@session("genome_assembly_qc", "healthy", 1)
def ge_h1():
    s = new("genome_assembly_qc", "healthy", 1, model="gpt-4o", system=GEN_SYSTEM, tools=[SH],
            user_id="core.priyanka", max_tokens=1200,
            label="submits hifiasm and polls squeue/sacct for hours; elapsed, memory and log stage move each time")
    s.user("Assemble the HiFi reads for the Aedes sample AE-22 (reads/AE-22.hifi.fastq.gz, ~38 Gb) with hifiasm on "
           "bigmem, then give me basic stats on the primary contigs. It'll take a few hours, just keep an eye on it.")
    s.send(0)
    s.call(6, "Submitting to bigmem, 48 cores.", "sh",
           {"cmd": "sbatch -p bigmem -c 48 --mem 400G -t 24:00:00 -J hifiasm_AE-22 --wrap \"hifiasm -o asm/AE-22/AE-22 "
                   "-t 48 reads/AE-22.hifi.fastq.gz 2> asm/AE-22/hifiasm.log\""},
           {"exit": 0, "output": "Submitted batch job 8812034"})
    polls = [
        (120, "squeue -j 8812034 -o '%.10i %.9P %.20j %.2t %.10M %.6D %R'",
         "     JOBID PARTITION                 NAME ST       TIME  NODES NODELIST(REASON)\n   8812034    bigmem        hifiasm_AE-22 PD       0:00      1 (Priority)"),
        (600, "squeue -j 8812034 -o '%.10i %.9P %.20j %.2t %.10M %.6D %R'",
         "     JOBID PARTITION                 NAME ST       TIME  NODES NODELIST(REASON)\n   8812034    bigmem        hifiasm_AE-22  R       4:12      1 bm-07"),
        (900, "tail -n 3 asm/AE-22/hifiasm.log",
         "[M::ha_analyze_count] lowest: count[5] = 1102\n[M::ha_analyze_count] highest: count[33] = 1895543\n[M::ha_ft_gen] peak_hom: 33; peak_het: 17"),
        (1800, "sacct -j 8812034 --format=JobID,State,Elapsed,MaxRSS,AveCPU -n",
         "8812034         RUNNING   00:49:31                     \n8812034.bat+    RUNNING   00:49:31  88.4G   31:12:40"),
        (1800, "tail -n 2 asm/AE-22/hifiasm.log",
         "[M::ha_assemble::2811.405*46.02@141.930GB] ==> corrected reads for round 2\n[M::ha_pt_gen::] counting in normal mode"),
        (2700, "sacct -j 8812034 --format=JobID,State,Elapsed,MaxRSS,AveCPU -n",
         "8812034         RUNNING   02:04:48                     \n8812034.bat+    RUNNING   02:04:48 201.7G   88:40:03"),
        (2700, "tail -n 2 asm/AE-22/hifiasm.log",
         "[M::ha_assemble::6290.113*45.71@212.440GB] ==> found overlaps for the final round\n[M::ha_print_ovlp_stat] # overlaps: 482119304"),
        (2700, "sacct -j 8812034 --format=JobID,State,Elapsed,MaxRSS,AveCPU -n",
         "8812034         RUNNING   02:50:01                     \n8812034.bat+    RUNNING   02:50:01 214.9G  121:03:55"),
        (1800, "sacct -j 8812034 --format=JobID,State,Elapsed,MaxRSS,ExitCode -n",
         "8812034       COMPLETED   03:19:44                0:0 \n8812034.bat+  COMPLETED   03:19:44 215.3G      0:0"),
    ]
    texts = ["Pending on priority. I'll check back in ~10 minutes.", "Running on bm-07. Checking the log in 15 min.",
             "k-mer histogram done (homozygous peak 33). Next check in 30 min.", "Error correction under way, 88 GB RSS.",
             "Round 2 correction. Checking in 45 min.", "2 h in, 202 GB peak.", "Final overlap round.",
             "Nearly done, I think."]
    for k, (dt, cmd, out) in enumerate(polls):
        s.call(dt, texts[k - 1] if k else "Checking the queue.", "sh", {"cmd": cmd}, {"exit": 0, "output": out})
    s.call(8, "Completed in 3 h 20 min. Converting the primary GFA to FASTA.", "sh",
           {"cmd": "awk '/^S/{print \">\"$2; print $3}' asm/AE-22/AE-22.bp.p_ctg.gfa > asm/AE-22/AE-22.p_ctg.fa && ls -lh asm/AE-22/AE-22.p_ctg.fa"},
           {"exit": 0, "output": "-rw-r--r-- 1 svc-mgc mgc 1.3G Dec 12 14:02 asm/AE-22/AE-22.p_ctg.fa"})
    s.call(14, None, "sh", {"cmd": "seqkit stats -a -T asm/AE-22/AE-22.p_ctg.fa | cut -f1,4,5,7,8,13"},
           {"exit": 0, "output": "file\tnum_seqs\tsum_len\tmin_len\tavg_len\tN50\nasm/AE-22/AE-22.p_ctg.fa\t1184\t1283554120\t8811\t1084083.0\t11928406"})
    s.notes = ("Hours of scheduler-paced polling with the same few commands, but every result moves on (pending, "
               "running, elapsed time, MaxRSS, log stage) until completion and the stats are produced.")
    return healthy(s, s.notes)


@session("genome_assembly_qc", "healthy", 2)
def ge_h2():
    s = new("genome_assembly_qc", "healthy", 2, model="o4-mini", system=GEN_SYSTEM, tools=[SH],
            user_id="core.dfitz", max_tokens=3000,
            label="QC over 8 isolates with the same commands, one typo fixed, one contaminated sample followed up")
    s.user("Batch QC for the surveillance isolates KP-101..KP-108 (hybrid assemblies in assembly/hybrid/). For each: "
           "QUAST vs HS11286 and CheckM2. Flag anything under 98% completeness or over 2% contamination.")
    s.send(0)
    s.call(9, "Submitting QUAST as an array over the 8 samples.", "sh",
           {"cmd": "sbatch -p short -c 4 --array=101-108 -J quast_kp --wrap 'quast.py -o qc/quast/KP-${SLURM_ARRAY_TASK_ID} "
                   "-r ref/KPN_HS11286.fa assembly/hybrid/KP-${SLURM_ARRAY_TASK_ID}.fasta'"},
           {"exit": 0, "output": "Submitted batch job 8814400"})
    s.call(240, None, "sh", {"cmd": "sacct -j 8814400 --format=JobID%16,State,Elapsed -n | head -8"},
           {"exit": 0, "output": "\n".join("  8814400_%d     FAILED   00:00:04" % i for i in range(101, 109))})
    s.call(6, "All 8 failed in 4 s - that's a path problem, not data.", "sh", {"cmd": "tail -n 3 slurm-8814400_101.out; ls ref/"},
           {"exit": 0, "output": "ERROR! File not found (reference): ref/KPN_HS11286.fa\n\nKPN_HS11286.fna  KPN_HS11286.gff"})
    s.call(8, "Reference is .fna, not .fa. Resubmitting with the right path.", "sh",
           {"cmd": "sbatch -p short -c 4 --array=101-108 -J quast_kp --wrap 'quast.py -o qc/quast/KP-${SLURM_ARRAY_TASK_ID} "
                   "-r ref/KPN_HS11286.fna assembly/hybrid/KP-${SLURM_ARRAY_TASK_ID}.fasta'"},
           {"exit": 0, "output": "Submitted batch job 8814417"})
    s.call(420, None, "sh", {"cmd": "sacct -j 8814417 --format=JobID%16,State,Elapsed -n | head -8"},
           {"exit": 0, "output": "\n".join("  8814417_%d  COMPLETED   00:0%d:%02d" % (i, jit(2, 5, "qe", i), jit(0, 59, "qs", i))
                                           for i in range(101, 109))})
    rows = []
    for i in range(101, 109):
        rows.append("KP-%d\t%d\t%d\t%d\t%.2f" % (i, jit(2, 9, "ctg", i), 5_300_000 + jit(0, 420_000, "len", i),
                                                5_180_000 + jit(0, 220_000, "n50", i) if i != 105 else 2_944_810,
                                                noise(57.2, 0.2, "gc", i, nd=2) if i != 105 else 56.31))
    s.call(7, None, "sh", {"cmd": "for d in qc/quast/KP-*; do awk -F'\\t' 'NR==1||/^# contigs \\(>= 0|^Total length \\(>= 0|^N50|^GC/' $d/report.tsv | paste -s; done | cut -f2-"},
           {"exit": 0, "output": "sample\t#contigs\ttotal_len\tN50\tGC%\n" + "\n".join(rows)})
    s.call(9, "QUAST done; KP-105 has a low N50 and lower GC. Now CheckM2 for all 8 (local database, no download needed).", "sh",
           {"cmd": "sbatch -p short -c 16 --mem 32G -J checkm2_kp --wrap 'checkm2 predict -i assembly/hybrid -x fasta "
                   "-o qc/checkm2 -t 16 --database_path /proj/mgc/db/CheckM2_database/uniref100.KO.1.dmnd'"},
           {"exit": 0, "output": "Submitted batch job 8814460"})
    s.call(600, None, "sh", {"cmd": "sacct -j 8814460 --format=JobID,State,Elapsed -n | head -1"},
           {"exit": 0, "output": "8814460         RUNNING   00:09:52"})
    s.call(300, None, "sh", {"cmd": "sacct -j 8814460 --format=JobID,State,Elapsed -n | head -1; cut -f1-3 qc/checkm2/quality_report.tsv"},
           {"exit": 0, "output": "8814460       COMPLETED   00:13:40\nName\tCompleteness\tContamination\n" + "\n".join(
               "KP-%d\t%.2f\t%.2f" % (i, noise(99.6, 0.35, "cmp", i, nd=2), noise(0.6, 0.4, "con", i, nd=2) if i != 105 else 6.84)
               for i in range(101, 109))})
    s.call(10, "KP-105: 6.84% contamination. Checking what it's mixed with.", "sh",
           {"cmd": "srun -p short -c 8 --mem 64G kraken2 --db /proj/mgc/db/k2_standard_20240605 --threads 8 --report "
                   "qc/kraken/KP-105.report assembly/hybrid/KP-105.fasta > /dev/null && sort -k1,1nr qc/kraken/KP-105.report | awk '$4==\"S\"' | head -3"},
           {"exit": 0, "output": " 81.22\t3812\t3790\tS\t573\t  Klebsiella pneumoniae\n 17.40\t41\t39\tS\t550\t  Enterobacter cloacae\n  0.31\t2\t2\tS\t562\t  Escherichia coli"})
    s.notes = ("The same QC commands across eight samples plus status checks; one array fails on a reference path "
               "typo and is fixed, then a contaminated isolate is investigated. Varied, converging work.")
    return healthy(s, s.notes)


# ======================================================================================
# Validation
# ======================================================================================
NAME_RE = re.compile(r"^(?P<style>[a-z_]+)_(?P<kind>runaway|healthy)_(?P<n>[12])_(?P<shape>chat|responses|anthropic)$")


class Invalid(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Invalid(msg)


def _declared(req, shape):
    tools = req.get("tools")
    if tools is None:
        return set()
    need(isinstance(tools, list) and tools, "tools must be a non-empty list")
    names = set()
    for t in tools:
        if shape == "chat":
            need(t.get("type") == "function" and isinstance(t.get("function"), dict), "chat tool must be type function")
            f = t["function"]
            need(isinstance(f.get("name"), str) and isinstance(f.get("parameters"), dict), "chat tool fields")
            names.add(f["name"])
        elif shape == "responses":
            need(t.get("type") == "function" and isinstance(t.get("name"), str) and isinstance(t.get("parameters"), dict),
                 "responses tool fields")
            names.add(t["name"])
        else:
            need(isinstance(t.get("name"), str) and isinstance(t.get("input_schema"), dict), "anthropic tool fields")
            names.add(t["name"])
    need(len(names) == len(tools), "duplicate tool names")
    return names


def _json_obj(s, what):
    need(isinstance(s, str), "%s must be a JSON string" % what)
    try:
        v = json.loads(s)
    except ValueError:
        raise Invalid("%s is not valid JSON" % what)
    need(isinstance(v, dict), "%s must encode an object" % what)


def check_chat(req):
    need(set(req) <= {"model", "messages", "tools", "max_tokens", "temperature"}, "chat: unexpected keys %s" % sorted(req))
    need(isinstance(req.get("model"), str), "chat: model")
    msgs = req.get("messages")
    need(isinstance(msgs, list) and msgs, "chat: messages")
    declared = _declared(req, "chat")
    pending, seen = set(), set()
    for i, m in enumerate(msgs):
        role = m.get("role")
        need(role in ("system", "user", "assistant", "tool"), "chat: bad role %r" % role)
        if role == "system":
            need(i == 0 and isinstance(m.get("content"), str), "chat: system only first")
        elif role == "user":
            need(not pending, "chat: user message while tool calls unanswered")
            need(isinstance(m.get("content"), str) and m["content"], "chat: user content")
        elif role == "assistant":
            need(not pending, "chat: assistant message while tool calls unanswered")
            calls = m.get("tool_calls")
            need(calls or isinstance(m.get("content"), str), "chat: empty assistant message")
            for c in calls or []:
                need(c.get("type") == "function" and isinstance(c.get("id"), str), "chat: tool_call fields")
                need(c["id"] not in seen, "chat: duplicate tool_call id")
                seen.add(c["id"])
                f = c.get("function") or {}
                need(f.get("name") in declared, "chat: undeclared function %r" % f.get("name"))
                _json_obj(f.get("arguments"), "chat: arguments")
                pending.add(c["id"])
        else:
            need(m.get("tool_call_id") in pending, "chat: tool message answers no pending call")
            need(isinstance(m.get("content"), str), "chat: tool content")
            pending.discard(m["tool_call_id"])
    need(not pending, "chat: unanswered tool calls at end")
    need(msgs[-1]["role"] in ("user", "tool"), "chat: request must end with user or tool input")
    return msgs


def check_responses(req):
    need(set(req) <= {"model", "instructions", "input", "tools", "max_output_tokens", "temperature"},
         "responses: unexpected keys %s" % sorted(req))
    need("previous_response_id" not in req, "responses: previous_response_id not allowed")
    need(isinstance(req.get("model"), str), "responses: model")
    items = req.get("input")
    need(isinstance(items, list) and items, "responses: input")
    declared = _declared(req, "responses")
    open_calls, seen = set(), set()
    for it in items:
        typ = it.get("type")
        if typ == "function_call":
            need(isinstance(it.get("call_id"), str) and it["call_id"] not in seen, "responses: call_id")
            need(it.get("name") in declared, "responses: undeclared function %r" % it.get("name"))
            _json_obj(it.get("arguments"), "responses: arguments")
            seen.add(it["call_id"])
            open_calls.add(it["call_id"])
        elif typ == "function_call_output":
            need(it.get("call_id") in open_calls, "responses: output without open call")
            need(isinstance(it.get("output"), str), "responses: output must be a string")
            open_calls.discard(it["call_id"])
        else:
            need(typ in (None, "message"), "responses: unknown item type %r" % typ)
            need(it.get("role") in ("user", "assistant", "system", "developer"), "responses: role")
            need(isinstance(it.get("content"), str) and it["content"], "responses: content")
            need(not open_calls, "responses: message while calls unanswered")
    need(not open_calls, "responses: unanswered calls at end")
    last = items[-1]
    need(last.get("type") == "function_call_output" or last.get("role") == "user",
         "responses: request must end with user or function_call_output")
    return items


def check_anthropic(req):
    need(set(req) <= {"model", "max_tokens", "system", "messages", "tools", "temperature"},
         "anthropic: unexpected keys %s" % sorted(req))
    need(isinstance(req.get("model"), str), "anthropic: model")
    need(isinstance(req.get("max_tokens"), int) and req["max_tokens"] > 0, "anthropic: max_tokens")
    need(isinstance(req.get("system", ""), str), "anthropic: system")
    msgs = req.get("messages")
    need(isinstance(msgs, list) and msgs, "anthropic: messages")
    declared = _declared(req, "anthropic")
    need(msgs[0]["role"] == "user" and msgs[-1]["role"] == "user", "anthropic: must start and end with user")
    prev_ids = []
    seen = set()
    for i, m in enumerate(msgs):
        need(m.get("role") == ("user" if i % 2 == 0 else "assistant"), "anthropic: roles must alternate")
        c = m.get("content")
        blocks = [{"type": "text", "text": c}] if isinstance(c, str) else c
        need(isinstance(blocks, list) and blocks, "anthropic: content")
        if m["role"] == "user":
            results = [b for b in blocks if b.get("type") == "tool_result"]
            need(blocks[:len(results)] == results, "anthropic: tool_result blocks must come first")
            need([b.get("tool_use_id") for b in results] == prev_ids,
                 "anthropic: tool_use ids not answered one to one in the next user message")
            for b in results:
                need(isinstance(b.get("content"), str), "anthropic: tool_result content")
            for b in blocks[len(results):]:
                need(b.get("type") == "text" and isinstance(b.get("text"), str) and b["text"], "anthropic: user text block")
            prev_ids = []
        else:
            prev_ids = []
            for b in blocks:
                if b.get("type") == "tool_use":
                    need(isinstance(b.get("id"), str) and b["id"] not in seen, "anthropic: tool_use id")
                    need(b.get("name") in declared, "anthropic: undeclared tool %r" % b.get("name"))
                    need(isinstance(b.get("input"), dict), "anthropic: tool_use input")
                    seen.add(b["id"])
                    prev_ids.append(b["id"])
                else:
                    need(b.get("type") == "text" and b.get("text"), "anthropic: assistant text block")
    need(not prev_ids, "anthropic: last assistant tool_use unanswered")
    return msgs


CHECKERS = {"chat": check_chat, "responses": check_responses, "anthropic": check_anthropic}
LISTKEY = {"chat": "messages", "responses": "input", "anthropic": "messages"}


def validate_session(d, stateless_names):
    name = d.get("name", "?")
    need(list(d) == ["name", "style", "shape", "path", "headers", "expected", "notes", "turns"], "top-level keys")
    m = NAME_RE.match(name)
    need(m is not None, "name pattern")
    need(m.group("style") == d["style"] and d["style"] in STYLES, "style")
    need(m.group("shape") == d["shape"] and PATHS[d["shape"]] == d["path"], "shape/path")
    need(set(d["headers"]) == {"x-session-id", "x-user-id"} and all(d["headers"].values()), "headers")
    need(isinstance(d["notes"], str) and 20 < len(d["notes"]) < 600, "notes")
    turns = d["turns"]
    need(8 <= len(turns) <= 30, "turn count %d not in 8..30" % len(turns))
    exp = d["expected"]
    if m.group("kind") == "runaway":
        need(set(exp) == {"outcome", "loop_begins_turn", "stop_by_turn"} and exp["outcome"] == "runaway", "expected")
        B, D = exp["loop_begins_turn"], exp["stop_by_turn"]
        need(isinstance(B, int) and isinstance(D, int) and 1 <= B <= D < len(turns), "B/D bounds")
        need(len(turns) >= D + 2, "runaway must continue at least two turns past D")
    else:
        need(exp == {"outcome": "healthy"}, "expected healthy")
    prev_t, prev = None, None
    for i, turn in enumerate(turns):
        need(set(turn) == {"at_seconds", "request"}, "turn keys")
        t = turn["at_seconds"]
        need(isinstance(t, (int, float)) and t >= 0, "at_seconds")
        need(prev_t is None or t > prev_t, "at_seconds not strictly increasing at turn %d" % (i + 1))
        prev_t = t
        req = turn["request"]
        try:
            lst = CHECKERS[d["shape"]](req)
        except Invalid as e:
            raise Invalid("turn %d: %s" % (i + 1, e))
        if d["style"] in TOOLLESS_STYLES:
            need("tools" not in req, "tool-less style with tools")
        if prev is not None:
            others = {k: v for k, v in req.items() if k != LISTKEY[d["shape"]]}
            pothers = {k: v for k, v in prev.items() if k != LISTKEY[d["shape"]]}
            need(others == pothers, "turn %d: model/system/tools changed between turns" % (i + 1))
            plist = prev[LISTKEY[d["shape"]]]
            if name in stateless_names:
                need(len(lst) == 1 and lst[0]["role"] == "user", "stateless turn must be one user message")
            else:
                need(len(lst) > len(plist) and lst[:len(plist)] == plist,
                     "turn %d: history does not grow by prefix" % (i + 1))
        prev = req


def validate_corpus(sessions, stateless_names):
    errors = []
    names, sids = set(), set()
    for idx, d in enumerate(sessions):
        try:
            validate_session(d, stateless_names)
            need(d["shape"] == SHAPES[idx % 3], "shape not round-robin in writing order")
            need(d["name"] not in names, "duplicate name")
            need(d["headers"]["x-session-id"] not in sids, "duplicate x-session-id")
        except Invalid as e:
            errors.append("%s: %s" % (d.get("name"), e))
        names.add(d.get("name"))
        sids.add(d["headers"]["x-session-id"])
    try:
        need(len(sessions) == 32, "expected 32 sessions, got %d" % len(sessions))
        need(len(stateless_names) <= 1, "at most one stateless client")
        for st in STYLES:
            for kind in ("runaway", "healthy"):
                c = [d for d in sessions if d["style"] == st and "_%s_" % kind in d["name"]]
                need(len(c) == 2, "%s needs 2 %s sessions" % (st, kind))
        shapes = [d["shape"] for d in sessions]
        need((shapes.count("chat"), shapes.count("responses"), shapes.count("anthropic")) == (11, 11, 10), "shape counts")
        toolless = [d for d in sessions if all("tools" not in t["request"] for t in d["turns"])]
        need(len(toolless) >= 6, "at least 6 tool-less sessions")
    except Invalid as e:
        errors.append("corpus: %s" % e)
    return errors


# ======================================================================================
# Output
# ======================================================================================
def build():
    del _ORDER[:]
    built = []
    for style, kind, n, fn in SESSIONS:
        d = fn()
        built.append(d)
    return built


def readme(sessions, labels, stateless_names):
    def row(style):
        run, hea = [], []
        for d in sessions:
            if d["style"] != style:
                continue
            lab = labels[d["name"]]
            if d["expected"]["outcome"] == "runaway":
                run.append("%s (B %d, D %d)" % (lab, d["expected"]["loop_begins_turn"], d["expected"]["stop_by_turn"]))
            else:
                hea.append(lab)
        return "| `%s` | %s | %s |" % (style, "; ".join(run), "; ".join(hea))

    counts = {}
    for d in sessions:
        k = (d["shape"], d["expected"]["outcome"])
        counts[k] = counts.get(k, 0) + 1
    toolless = [d for d in sessions if all("tools" not in t["request"] for t in d["turns"])]
    lines = [
        "# corpus_ai: a blind, held-out agent-session corpus (author: writer-ai)",
        "",
        "32 agent and chat sessions written by `scripts/gen_corpus_ai.py` (Python 3 stdlib only; no clock, no",
        "random module, no network: small variations such as ids, timing jitter and sensor noise come from",
        "SHA-256 of fixed strings). `python3 scripts/gen_corpus_ai.py` writes this directory;",
        "`python3 scripts/gen_corpus_ai.py --check` regenerates everything in memory, validates every request",
        "against its API shape (required fields, declared tools, every tool call answered one to one, role",
        "alternation, history growing by prefix, strictly increasing times, 8-30 turns, B/D bounds, shape",
        "round-robin and counts) and compares byte for byte with the files on disk. Do not hand-edit; change",
        "the generator.",
        "",
        "**Independence.** The author read only `tests/fixtures/corpus/README.md` (file format and scoring",
        "rule) and one tuning file, `tests/fixtures/corpus/tuning/batch_runaway_responses.json` (JSON shape).",
        "No detector source, tests, project README, docs, other corpora or other generators were read (a",
        "directory listing of `scripts/` showed other generators' file names; none was opened), no project",
        "binary, cargo or test was run, and nothing was tuned against any score. The styles, agents, failures",
        "and turn judgements (B, D) are the author's own.",
        "",
        "## The split: everything is held out",
        "",
        "All 32 sessions are in `heldout/`; `tuning/` is empty (`.gitkeep`). This is a fresh held-out set, to",
        "be scored once, blind, and never tuned on. If detectors are later changed because of it, it stops",
        "being a blind set and its score should be reported as such.",
        "",
        "## Format",
        "",
        "As in `tests/fixtures/corpus/README.md`: each file has `name` (= file stem,",
        "`<style>_<runaway|healthy>_<n>_<shape>`), `style`, `shape` (`chat`, `responses`, `anthropic`), `path`",
        "(`/v1/chat/completions`, `/v1/responses`, `/v1/messages`), `headers` (`x-session-id` unique per",
        "session, `x-user-id`), `expected` (`{\"outcome\": \"healthy\"}` or `{\"outcome\": \"runaway\",",
        "\"loop_begins_turn\": B, \"stop_by_turn\": D}`), `notes` (one or two sentences on what happens and why",
        "B/D were chosen) and `turns` (`at_seconds`, `request`). Turns are numbered from 1. B is the first turn",
        "at which the loop is visibly under way (the first repeated or same-failing iteration is in the",
        "request), D the latest turn by which an operator would want it stopped; every runaway continues at",
        "least two turns past D. A runaway scores on time when first stopped in B..=D; a healthy session must",
        "never be stopped.",
        "",
        "Every request carries the full history (turn N+1 = turn N + the assistant's reply + new user or tool",
        "input); Responses requests resend the full `input` with no `previous_response_id`. The one exception",
        "is the stateless client `%s`: a document Q&A widget that sends the" % sorted(stateless_names)[0],
        "same long APTA summary plus a new question each turn, with no history.",
        "",
        "Shapes were assigned round-robin in writing order (chat, responses, anthropic, ...): style by style in",
        "the order of the table below, runaway 1, runaway 2, healthy 1, healthy 2.",
        "",
        "## Styles",
        "",
        "| style | runaway kinds (B, D) | healthy kinds |",
        "|---|---|---|",
    ]
    lines += [row(st) for st in STYLES]
    lines += [
        "",
        "## Counts",
        "",
        "| shape | runaway | healthy | total |",
        "|---|---|---|---|",
    ]
    for sh in SHAPES:
        r, h = counts.get((sh, "runaway"), 0), counts.get((sh, "healthy"), 0)
        lines.append("| %s | %d | %d | %d |" % (sh, r, h, r + h))
    lines.append("| all | %d | %d | %d |" % (sum(v for k, v in counts.items() if k[1] == "runaway"),
                                          sum(v for k, v in counts.items() if k[1] == "healthy"), len(sessions)))
    lines += [
        "",
        "Tool-less sessions (no `tools` in any request): %d - all of `wedding_vows_helper` and" % len(toolless),
        "`language_exchange_partner`, plus the stateless document Q&A client.",
        "",
    ]
    return "\n".join(lines)


def render_files():
    sessions = build()
    labels = {}
    stateless = set()
    # labels/stateless flags come from the Session objects; rebuild cheaply via a side table
    for (style, kind, n, fn), d in zip(SESSIONS, sessions):
        labels[d["name"]] = LABELS[d["name"]]
        if d["name"] in STATELESS:
            stateless.add(d["name"])
    files = {}
    for d in sessions:
        files[os.path.join("heldout", d["name"] + ".json")] = json.dumps(d, indent=1, ensure_ascii=False) + "\n"
    files[os.path.join("tuning", ".gitkeep")] = ""
    files["README.md"] = readme(sessions, labels, stateless)
    return sessions, stateless, files


LABELS = {}
STATELESS = set()
_orig_to_json = Session.to_json


def _to_json(self, expected, notes):
    LABELS[self.name] = self.label
    if self.stateless:
        STATELESS.add(self.name)
    return _orig_to_json(self, expected, notes)


Session.to_json = _to_json


def main(argv):
    check = "--check" in argv[1:]
    sessions, stateless, files = render_files()
    errors = validate_corpus(sessions, stateless)
    if errors:
        for e in errors:
            print("INVALID", e, file=sys.stderr)
        return 1
    if not check:
        for rel, text in files.items():
            path = os.path.join(OUT, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        print("wrote %d files to %s" % (len(files), OUT))
        return 0
    bad = 0
    for rel, text in files.items():
        path = os.path.join(OUT, rel)
        try:
            with open(path, encoding="utf-8") as f:
                disk = f.read()
        except OSError:
            print("MISSING", rel, file=sys.stderr)
            bad += 1
            continue
        if disk != text:
            print("DIFFERS", rel, file=sys.stderr)
            bad += 1
    for sub in ("heldout", "tuning"):
        d = os.path.join(OUT, sub)
        if os.path.isdir(d):
            for fn in sorted(os.listdir(d)):
                if os.path.join(sub, fn) not in files:
                    print("EXTRA", os.path.join(sub, fn), file=sys.stderr)
                    bad += 1
    if bad:
        return 1
    print("ok: %d sessions valid, %d files identical to disk" % (len(sessions), len(files)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
