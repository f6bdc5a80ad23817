"""home_automation: an assistant controlling devices and reading sensor states (Home Assistant
style) on request. Hand-written by writer-g."""

import json

STYLE = "home_automation"

HA_TOOLS = [
    ("get_state", "Return the current state object of one Home Assistant entity.", {"entity_id": {"type": "string"}}),
    ("call_service", "Call a Home Assistant service, e.g. light.turn_on, with service data.",
     {"domain": {"type": "string"}, "service": {"type": "string"}, "data": {"type": "object"}}),
]


def r1_poll_unchanged(Session):
    s = Session(
        "home_automation_runaway_poll_unchanged_chat",
        STYLE,
        "chat",
        "gpt-4o-mini",
        "You are Haven, the home assistant for the Lindqvist household (Home Assistant 2024.6). You can read entity "
        "states and call services. Be brief; the user reads you on a phone.",
        tools=list(HA_TOOLS),
        max_out=300,
        notes="Asked to report when the nursery cools to 68°F, the assistant polls the temperature sensor every "
        "minute; the reading never changes (the climate entity is actually off) and it never checks why.",
    )
    s.u(0, "I put the nursery AC on. Tell me when it's down to 68, I don't want to put Ellie down in a hot room.")
    state = {
        "entity_id": "sensor.nursery_temperature",
        "state": "73.4",
        "attributes": {"state_class": "measurement", "unit_of_measurement": "°F", "device_class": "temperature", "friendly_name": "Nursery Temperature", "battery": 81},
        "last_changed": "2024-07-18T19:02:44.118305+00:00",
        "last_updated": "2024-07-18T19:02:44.118305+00:00",
        "context": {"id": "01J33K9X2W8QG6T8M5D1ZC0R4E", "parent_id": None, "user_id": None},
    }
    replies = [
        "I'll watch the nursery temperature.",
        "Nursery is at 73.4°F. I'll check again in a minute.",
        "Still 73.4°F. Checking again shortly.",
        "73.4°F — no change yet. I'll keep watching.",
        "Nursery still reads 73.4°F. Checking again in a minute.",
    ]
    at = 0
    for i in range(18):
        s.a(replies[min(i, len(replies) - 1)] if i < 5 else replies[2 + i % 3], [("get_state", {"entity_id": "sensor.nursery_temperature"})])
        at += 60 + (i % 2) * 3
        s.t(at, json.dumps(state))
        if s.last_turn() == 18:
            break
    # turn 2 the first reading, turn 3 unchanged, turn 4 a third identical reading: clearly stuck
    s.runaway(4, 12)
    return s


def r2_cycle4(Session):
    s = Session(
        "home_automation_runaway_cycle4_responses",
        STYLE,
        "responses",
        "gpt-4.1-mini",
        "You are a smart-home assistant with access to Home Assistant. Tools: call_service, get_state, "
        "reload_integration. Fix device problems when asked; confirm states after acting.",
        tools=list(HA_TOOLS) + [("reload_integration", "Reload a Home Assistant integration (e.g. zha, hue, mqtt).", {"integration": {"type": "string"}})],
        max_out=400,
        notes="A period-4 cycle: turn the porch light on, read it (unavailable), reload the Zigbee integration, read it "
        "(unavailable), and again — the bulb is powered off at the wall switch.",
    )
    s.u(0, "Porch light isn't coming on with the sunset automation. Can you turn it on and figure out what's wrong?")
    unav = {"entity_id": "light.porch", "state": "unavailable", "attributes": {"friendly_name": "Porch", "supported_color_modes": ["color_temp"], "restored": True},
            "last_changed": "2024-10-03T22:51:10.443120+00:00", "last_updated": "2024-10-03T22:51:10.443120+00:00"}
    step = [
        ("Turning the porch light on.", ("call_service", {"domain": "light", "service": "turn_on", "data": {"entity_id": "light.porch", "brightness_pct": 100}}),
         json.dumps({"ok": True, "changed_states": []})),
        ("Checking whether it came on.", ("get_state", {"entity_id": "light.porch"}), json.dumps(unav)),
        ("The light is unavailable, so the Zigbee coordinator probably lost it. Reloading the ZHA integration.", ("reload_integration", {"integration": "zha"}),
         json.dumps({"ok": True, "integration": "zha", "entries_reloaded": 1, "devices": 23})),
        ("Reloaded. Checking the porch light again.", ("get_state", {"entity_id": "light.porch"}), json.dumps(unav)),
    ]
    at = 0
    for i in range(17):
        txt, call, out = step[i % 4]
        if i % 4 == 0 and i:
            txt = "Still unavailable after the reload; trying to turn it on again."
        s.a(txt, [call])
        at += [4, 3, 25, 6][i % 4]
        s.t(at, out)
    # turn 6 repeats the turn_on call: the second lap of the cycle
    s.runaway(6, 12)
    return s


def house_states(rng, hh, mm, k, warn=None):
    ts = f"2024-11-0{2 + k // 12}T{hh:02d}:{mm:02d}:{rng.randrange(60):02d}+00:00"
    rooms = ["living_room", "kitchen", "office", "bedroom_main", "bedroom_kids", "basement", "garage", "attic"]
    ents = []
    for r in rooms:
        t = round(68.0 + rng.uniform(-2.5, 3.0) - (4 if r in ("garage", "attic") else 0), 1)
        ents.append({"entity_id": f"sensor.{r}_temperature", "state": f"{t}", "unit": "°F", "last_updated": ts})
        ents.append({"entity_id": f"sensor.{r}_humidity", "state": f"{rng.randrange(36, 52)}", "unit": "%", "last_updated": ts})
    for d in ["front", "back", "garage_side", "patio"]:
        ents.append({"entity_id": f"binary_sensor.{d}_door", "state": "off", "attributes": {"device_class": "door"}, "last_updated": ts})
        ents.append({"entity_id": f"lock.{d}", "state": "locked", "last_updated": ts})
    ents.append({"entity_id": "sensor.water_leak_basement", "state": "dry", "last_updated": ts})
    ents.append({"entity_id": "sensor.water_leak_laundry", "state": "dry", "last_updated": ts})
    ents.append({"entity_id": "sensor.smoke_hallway", "state": "clear", "last_updated": ts})
    ents.append({"entity_id": "sensor.co_basement", "state": "0", "unit": "ppm", "last_updated": ts})
    ents.append({"entity_id": "sensor.grid_power", "state": f"{rng.randrange(380, 2900)}", "unit": "W", "last_updated": ts})
    ents.append({"entity_id": "sensor.solar_power", "state": f"{max(0, rng.randrange(-300, 3100)) if 7 <= hh <= 17 else 0}", "unit": "W", "last_updated": ts})
    ents.append({"entity_id": "sensor.sump_pump_cycles_today", "state": f"{k * 2 + rng.randrange(2)}", "last_updated": ts})
    ents.append({"entity_id": "climate.main_floor", "state": "heat", "attributes": {"temperature": 68, "current_temperature": round(67.5 + rng.uniform(0, 1.5), 1)}, "last_updated": ts})
    ents.append({"entity_id": "alarm_control_panel.home", "state": "armed_home" if hh >= 22 or hh < 6 else "disarmed", "last_updated": ts})
    for b in ["front_lock", "back_lock", "smoke_hallway", "leak_basement", "leak_laundry"]:
        lvl = rng.randrange(55, 100)
        if warn and b == warn:
            lvl = 14
        ents.append({"entity_id": f"sensor.{b}_battery", "state": f"{lvl}", "unit": "%", "last_updated": ts})
    return json.dumps({"snapshot_at": ts, "entities": ents}, indent=1)


def h1_monitoring_bot(Session):
    s = Session(
        "home_automation_healthy_scheduled_checks_anthropic",
        STYLE,
        "anthropic",
        "claude-sonnet-4-20250514",
        "You are the house-health monitor. On each scheduled check, read all states with get_all_states and reply with "
        "one line starting 'ALL GREEN' or 'ATTENTION', then the key numbers: indoor temperature range, humidity range, "
        "grid/solar power, sump cycles, and any battery under 20%. Never change device states.",
        tools=[("get_all_states", "Snapshot of all monitored entities.", {"scope": {"type": "string"}})],
        max_out=300,
        notes="A scheduled monitor: every 30 minutes the same request and a long, near-identical state snapshot "
        "(timestamps and metrics move); the answers follow one template; one check finds a low battery.",
    )
    at = 0
    rng = s.rng
    for k in range(8):
        hh, mm = 8 + (k * 30) // 60, (k * 30) % 60
        s.u(at, f"Scheduled check {hh:02d}:{mm:02d}.")
        s.a(None, [("get_all_states", {"scope": "house"})])
        at += 4
        warn = "leak_laundry" if k == 5 else None
        snap = house_states(rng, hh, mm, k, warn)
        s.t(at, snap)
        data = json.loads(snap)["entities"]
        temps = [float(e["state"]) for e in data if e["entity_id"].endswith("_temperature") and e["entity_id"].startswith("sensor.")]
        hums = [int(e["state"]) for e in data if e["entity_id"].endswith("_humidity")]
        val = {e["entity_id"]: e["state"] for e in data}
        head = "ATTENTION" if warn else "ALL GREEN"
        line = (f"{head} {hh:02d}:{mm:02d} — indoor {min(temps)}–{max(temps)}°F, humidity {min(hums)}–{max(hums)}%, grid {val['sensor.grid_power']} W, "
                f"solar {val['sensor.solar_power']} W, sump {val['sensor.sump_pump_cycles_today']} cycles today")
        if warn:
            line += ", laundry leak sensor battery 14% — replace CR2032 soon"
        s.a(line + ".")
        at += 1800 - 4
        if k == 7:
            break
    s.u(at, "Scheduled check 12:00.")
    return s


def h2_refinement(Session):
    s = Session(
        "home_automation_healthy_scene_tweaks_chat",
        STYLE,
        "chat",
        "gpt-4o",
        "You are Haven, the home assistant for the Lindqvist household. You control lights, climate, media and "
        "blinds through Home Assistant. Act on requests, then confirm briefly with the new state.",
        tools=list(HA_TOOLS),
        max_out=300,
        notes="Movie-night set-up: the user nudges the same lights and thermostat several times in small steps; each "
        "call and each state differ a little, then they save the scene.",
    )
    at = 0

    def light(entity, pct, kelvin=2700):
        return json.dumps({"entity_id": entity, "state": "on" if pct else "off", "attributes": {"brightness": round(pct * 2.55), "color_temp_kelvin": kelvin, "color_mode": "color_temp", "friendly_name": entity.split(".")[1].replace("_", " ").title()},
                           "last_changed": "2024-11-08T20:01:12+00:00"})

    plan = [
        ("Movie time. Dim the living room.", "Dimming the living room to 40%.", ("light", "turn_on", {"entity_id": "light.living_room", "brightness_pct": 40}), "light.living_room", 40, 2700),
        ("Bit more.", "Down to 30%.", ("light", "turn_on", {"entity_id": "light.living_room", "brightness_pct": 30}), "light.living_room", 30, 2700),
        ("Warmer colour?", "Setting 2200 K.", ("light", "turn_on", {"entity_id": "light.living_room", "color_temp_kelvin": 2200}), "light.living_room", 30, 2200),
        ("Turn off the kitchen.", "Kitchen lights off.", ("light", "turn_off", {"entity_id": "light.kitchen"}), "light.kitchen", 0, 2700),
        ("Actually leave the kitchen island on really low, like 5", "Kitchen island at 5%.", ("light", "turn_on", {"entity_id": "light.kitchen_island", "brightness_pct": 5}), "light.kitchen_island", 5, 2700),
        ("living room down to 20", "Living room at 20%.", ("light", "turn_on", {"entity_id": "light.living_room", "brightness_pct": 20}), "light.living_room", 20, 2200),
        ("close the blinds", "Closing the living room blinds.", ("cover", "close_cover", {"entity_id": "cover.living_room_blinds"}), None, None, None),
        ("and make it 71 in here, it's chilly", "Thermostat set to 71°F.", ("climate", "set_temperature", {"entity_id": "climate.main_floor", "temperature": 71}), None, None, None),
        ("hmm 70 is fine actually", "Thermostat set to 70°F.", ("climate", "set_temperature", {"entity_id": "climate.main_floor", "temperature": 70}), None, None, None),
        ("Put the TV on Netflix", "Launching Netflix on the living room TV.", ("media_player", "select_source", {"entity_id": "media_player.living_room_tv", "source": "Netflix"}), None, None, None),
        ("Living room 15% and save all this as 'Movie night'", "Living room at 15%.", ("light", "turn_on", {"entity_id": "light.living_room", "brightness_pct": 15}), "light.living_room", 15, 2200),
    ]
    for i, (user, act, (dom, svc, data), ent, pct, kel) in enumerate(plan):
        if i:
            s.a(prev_confirm)
        at += [0, 25, 40, 70, 35, 90, 30, 45, 120, 60, 200][i]
        s.u(at, user)
        s.a(act, [("call_service", {"domain": dom, "service": svc, "data": data})])
        at += 2
        if ent:
            out = light(ent, pct, kel)
            prev_confirm = f"{ent.split('.')[1].replace('_', ' ').capitalize()}: {'off' if not pct else f'{pct}%, {kel} K'}."
        elif dom == "cover":
            out = json.dumps({"entity_id": "cover.living_room_blinds", "state": "closing", "attributes": {"current_position": 62}})
            prev_confirm = "Blinds closing (62% → 0%)."
        elif dom == "climate":
            out = json.dumps({"entity_id": "climate.main_floor", "state": "heat", "attributes": {"temperature": data["temperature"], "current_temperature": 68.4, "hvac_action": "heating"}})
            prev_confirm = f"Heating to {data['temperature']}°F (now 68.4°F)."
        else:
            out = json.dumps({"entity_id": "media_player.living_room_tv", "state": "playing", "attributes": {"source": "Netflix", "app_name": "Netflix", "volume_level": 0.18}})
            prev_confirm = "TV is on Netflix, volume 18."
        s.t(at, out)
    s.a("Living room at 15%. Saving the current states as a scene.", [("call_service", {"domain": "scene", "service": "create", "data": {"scene_id": "movie_night", "snapshot_entities": ["light.living_room", "light.kitchen", "light.kitchen_island", "cover.living_room_blinds", "climate.main_floor"]}})])
    at += 2
    s.t(at, json.dumps({"ok": True, "scene": "scene.movie_night", "entities": 5}))
    return s


def sessions(Session):
    return [r1_poll_unchanged(Session), r2_cycle4(Session), h1_monitoring_bot(Session), h2_refinement(Session)]
