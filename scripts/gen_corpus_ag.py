#!/usr/bin/env python3
"""Blind held-out agent-session corpus `corpus_ag` (author: writer-ag).

    python3 scripts/gen_corpus_ag.py          # write tests/fixtures/corpus_ag/
    python3 scripts/gen_corpus_ag.py --check  # regenerate in memory, validate, compare with disk

Stdlib only and deterministic: no clock, no randomness, no network. Every id, timestamp
and number below is derived from the session definitions themselves.
"""
import datetime
import hashlib
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "corpus_ag")

STYLES = [
    "orthodontic_aligner_planner",
    "elixir_phoenix_upgrader",
    "mining_haul_dispatch",
    "eulogy_writer",
    "clinical_lab_qc",
    "toll_road_billing_disputes",
    "garden_design_chat",
    "aws_iam_policy_fixer",
]
SHAPES = ["chat", "responses", "anthropic"]
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}


# ---------------------------------------------------------------------------------------
# Abstract conversation builder
# ---------------------------------------------------------------------------------------

def T(name, description, props, required=None):
    """A tool declaration (shape-neutral)."""
    properties = {}
    for key, typ in props.items():
        if isinstance(typ, dict):
            properties[key] = typ
        elif typ == "array":
            properties[key] = {"type": "array", "items": {"type": "string"}}
        elif typ == "objects":
            properties[key] = {"type": "array", "items": {"type": "object"}}
        else:
            properties[key] = {"type": typ}
    schema = {"type": "object", "properties": properties}
    schema["required"] = list(required) if required is not None else list(props)[:1]
    return {"name": name, "description": description, "parameters": schema}


class Conv:
    """One session, written as: a system prompt, a first user message, then steps.

    A step is the assistant's reply (text and/or tool calls) followed by the new input
    (the tool results, and/or a new user message). Turn 1 is the first request; turn k+1
    is turn k's request plus step k. `dt` is the gap to the next request in seconds.
    """

    def __init__(self, start, system, tools, first_user):
        self.start = datetime.datetime.strptime(start, "%Y-%m-%dT%H:%M:%S")
        self.system = system
        self.tools = tools
        self.first_user = first_user
        self.t = 0
        self.times = [0]
        self.steps = []

    def clock(self, plus=0, fmt="%Y-%m-%dT%H:%M:%SZ"):
        return (self.start + datetime.timedelta(seconds=self.t + plus)).strftime(fmt)

    def hm(self, plus=0):
        return self.clock(plus, "%H:%M:%S")

    def step(self, dt, text=None, calls=None, user=None):
        assert dt > 0
        calls = list(calls or [])
        assert text or calls, "empty assistant reply"
        assert calls or user, "a text-only reply must be followed by a user message"
        self.steps.append({"text": text, "calls": calls, "user": user})
        self.t += dt
        self.times.append(self.t)

    def tool(self, dt, name, args, result, text=None, user=None):
        self.step(dt, text=text, calls=[(name, args, result)], user=user)

    def say(self, dt, text, user):
        self.step(dt, text=text, user=user)


def out(obj):
    """A tool result as the string a tool runner would send back."""
    return obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False)


def call_id(shape, session, n):
    h = hashlib.sha256(("%s/%d" % (session, n)).encode()).hexdigest()
    if shape == "anthropic":
        alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789"
        v = int(h, 16)
        s = ""
        for _ in range(22):
            v, r = divmod(v, len(alphabet))
            s += alphabet[r]
        return "toolu_01" + s
    if shape == "responses":
        return "call_" + h[:24]
    return "call_" + h[24:48]


def declared_tools(tools, shape):
    res = []
    for t in tools:
        if shape == "chat":
            res.append({"type": "function", "function": {"name": t["name"], "description": t["description"], "parameters": t["parameters"]}})
        elif shape == "responses":
            res.append({"type": "function", "name": t["name"], "description": t["description"], "parameters": t["parameters"]})
        else:
            res.append({"name": t["name"], "description": t["description"], "input_schema": t["parameters"]})
    return res


def render(spec, shape):
    """Turn an abstract session into the list of request bodies for one API shape."""
    conv = spec["conv"]
    name = spec["name"]
    model = spec["model"]
    limit = spec.get("max_tokens", 1024)

    def request(history):
        if shape == "chat":
            body = {"model": model, "messages": history, "max_tokens": limit}
        elif shape == "responses":
            body = {"model": model, "input": history, "max_output_tokens": limit}
            if conv.system:
                body["instructions"] = conv.system
        else:
            body = {"model": model, "max_tokens": limit, "messages": history}
            if conv.system:
                body["system"] = conv.system
        if conv.tools:
            body["tools"] = declared_tools(conv.tools, shape)
        return json.loads(json.dumps(body))  # deep copy

    if spec.get("stateless"):
        reqs = []
        for text in spec["stateless"]:
            if shape == "chat":
                hist = ([{"role": "system", "content": conv.system}] if conv.system else []) + [{"role": "user", "content": text}]
            else:
                hist = [{"role": "user", "content": text}]
            reqs.append(request(hist))
        return reqs

    if shape == "chat":
        hist = ([{"role": "system", "content": conv.system}] if conv.system else []) + [{"role": "user", "content": conv.first_user}]
    else:
        hist = [{"role": "user", "content": conv.first_user}]
    reqs = [request(hist)]
    n = 0
    for st in conv.steps:
        ids = []
        for _ in st["calls"]:
            n += 1
            ids.append(call_id(shape, name, n))
        if shape == "chat":
            msg = {"role": "assistant", "content": st["text"]}
            if st["calls"]:
                msg["tool_calls"] = [
                    {"id": i, "type": "function", "function": {"name": c[0], "arguments": json.dumps(c[1], ensure_ascii=False)}}
                    for i, c in zip(ids, st["calls"])
                ]
            hist.append(msg)
            for i, c in zip(ids, st["calls"]):
                hist.append({"role": "tool", "tool_call_id": i, "content": out(c[2])})
            if st["user"]:
                hist.append({"role": "user", "content": st["user"]})
        elif shape == "responses":
            if st["text"]:
                hist.append({"role": "assistant", "content": st["text"]})
            for i, c in zip(ids, st["calls"]):
                hist.append({"type": "function_call", "call_id": i, "name": c[0], "arguments": json.dumps(c[1], ensure_ascii=False)})
            for i, c in zip(ids, st["calls"]):
                hist.append({"type": "function_call_output", "call_id": i, "output": out(c[2])})
            if st["user"]:
                hist.append({"role": "user", "content": st["user"]})
        else:
            if st["calls"]:
                blocks = [{"type": "text", "text": st["text"]}] if st["text"] else []
                blocks += [{"type": "tool_use", "id": i, "name": c[0], "input": c[1]} for i, c in zip(ids, st["calls"])]
                hist.append({"role": "assistant", "content": blocks})
                ublocks = [{"type": "tool_result", "tool_use_id": i, "content": out(c[2])} for i, c in zip(ids, st["calls"])]
                if st["user"]:
                    ublocks.append({"type": "text", "text": st["user"]})
                hist.append({"role": "user", "content": ublocks})
            else:
                hist.append({"role": "assistant", "content": st["text"]})
                hist.append({"role": "user", "content": st["user"]})
        reqs.append(request(hist))
    return reqs


SESSIONS = []


def session(style, kind, shape_tag, model, user_id, notes, b=None, d=None, max_tokens=1024):
    """Decorator registering a session-building function (writing order = list order)."""
    def wrap(fn):
        SESSIONS.append({"style": style, "kind": kind, "tag": shape_tag, "model": model, "user_id": user_id,
                         "notes": notes, "b": b, "d": d, "fn": fn, "max_tokens": max_tokens})
        return fn
    return wrap


S, I, N, A, O = "string", "integer", "number", "array", "objects"


# =======================================================================================
# 1. orthodontic_aligner_planner
# =======================================================================================

ORTHO_SYSTEM = ("You are AlignPlan, the treatment-planning assistant of Meridian Aligner Lab. You stage "
                "clear-aligner tooth movements from intra-oral scans within the clinical limits of the "
                "prescribing doctor. Never exceed 0.25 mm translation or 2.0 deg rotation per stage for "
                "canines and premolars. When a prescription cannot be met, say so and escalate to the doctor.")

ORTHO_TOOLS = [
    T("get_case", "Fetch an aligner case: patient summary, scan ids, doctor prescription and clinical limits.", {"case_id": S}),
    T("run_staging", "Compute a staged tooth-movement plan. Returns a staging id and per-stage summary.",
      {"case_id": S, "stages": I, "ipr_mm": {"type": "object"}, "attachments": A, "arch_expansion_mm": N,
       "max_rotation_deg_per_stage": N}, required=["case_id", "stages"]),
    T("check_collisions", "Run the inter-proximal contact and collision check on a staging.", {"staging_id": S}),
    T("adjust_tooth", "Adjust one tooth's movement in an existing staging (creates a new staging revision).",
      {"staging_id": S, "tooth": S, "change": S}, required=["staging_id", "tooth", "change"]),
    T("export_plan", "Export an approved plan as STL files to a print destination.", {"plan_id": S, "format": S, "destination": S}),
    T("get_export_status", "Status of an export job.", {"export_id": S}),
    T("repair_mesh", "Run the mesh repair pass (hole fill, non-manifold edge fix) on one stage's arch.",
      {"plan_id": S, "stage": I, "arch": S, "tolerance_mm": N}, required=["plan_id", "stage", "arch"]),
]


@session("orthodontic_aligner_planner", "runaway", 1, "gpt-4o", "u-meridian-planner-07",
         "The patient refused IPR and expansion is capped at 0.6 mm, so the UR3/UR4 overlap can't be resolved by staging; "
         "the agent keeps re-staging with different stage counts and attachments and hits the same 0.4 mm collision at stages 12-16 instead of escalating to the doctor.",
         b=6, d=10)
def ortho_r1():
    c = Conv("2024-06-11T09:02:00", ORTHO_SYSTEM, ORTHO_TOOLS,
             "Case AL-20931 (Dr. Okafor). Adult, Class I, 4.5 mm upper crowding, UR3 mesially rotated. "
             "Patient declined IPR at consult, so plan without it. Target 26 stages or fewer. Please produce a staging that passes the collision check.")
    c.tool(6, "get_case", {"case_id": "AL-20931"}, {
        "case_id": "AL-20931", "patient": "F, 34", "doctor": "Dr. N. Okafor (Riverside Ortho)",
        "scans": {"upper": "SCN-88213-U", "lower": "SCN-88213-L", "captured": "2024-06-03"},
        "prescription": {"ipr": "none (patient declined)", "expansion": "max 0.6 mm per side, premolar region",
                         "attachments": "allowed", "midline": "maintain"},
        "findings": {"upper_crowding_mm": 4.5, "UR3_rotation_deg": 28, "UR2_labial_mm": 0.9,
                     "space_available_without_ipr_mm": 3.3}})
    attempts = [
        ({"stages": 22, "attachments": ["UR3 optimized-rotation", "UL3 optimized-rotation"], "arch_expansion_mm": 0.6}, 22, "12-15", 0.42),
        ({"stages": 24, "attachments": ["UR3 optimized-rotation", "UL3 optimized-rotation"], "arch_expansion_mm": 0.6, "max_rotation_deg_per_stage": 1.6}, 24, "13-16", 0.41),
        ({"stages": 22, "attachments": ["UR3 optimized-rotation", "UR4 rectangular-horizontal-3mm"], "arch_expansion_mm": 0.6}, 22, "12-15", 0.42),
        ({"stages": 26, "attachments": ["UR3 optimized-rotation", "UL3 optimized-rotation"], "arch_expansion_mm": 0.6, "max_rotation_deg_per_stage": 1.3}, 26, "14-17", 0.40),
        ({"stages": 24, "attachments": ["UR3 optimized-rotation", "UR4 rectangular-horizontal-3mm", "UR5 optimized-extrusion"], "arch_expansion_mm": 0.6}, 24, "13-16", 0.41),
        ({"stages": 26, "attachments": ["UR3 optimized-rotation", "UR4 rectangular-vertical-3mm"], "arch_expansion_mm": 0.6, "max_rotation_deg_per_stage": 1.2}, 26, "14-17", 0.40),
        ({"stages": 22, "attachments": ["UR3 optimized-rotation", "UR2 optimized-root-control"], "arch_expansion_mm": 0.6}, 22, "12-15", 0.42),
        ({"stages": 25, "attachments": ["UR3 optimized-rotation", "UL3 optimized-rotation"], "arch_expansion_mm": 0.6, "max_rotation_deg_per_stage": 1.5}, 25, "13-16", 0.41),
    ]
    texts = [
        "Space without IPR is 3.3 mm against 4.5 mm of crowding; I'll use the full 0.6 mm expansion and rotation attachments on both canines, 22 stages.",
        "The overlap is at UR3/UR4 during the de-rotation. Slowing the rotation should let the contact clear; re-staging at 24 stages with 1.6 deg/stage.",
        "Slower rotation didn't clear it. I'll try anchoring UR4 with a rectangular attachment so UR3 can rotate around it.",
        "Still overlapping. Let me spread the movement over the maximum 26 stages with a gentler 1.3 deg/stage rotation cap.",
        "Same contact. Adding an extrusion attachment on UR5 to change the premolar path and re-staging at 24.",
        "Trying a vertical rectangular attachment on UR4 instead of horizontal, 26 stages, 1.2 deg/stage.",
        "Let me control the UR2 root so the lateral gives UR3 more room, back to 22 stages.",
        "One more variation: 25 stages, 1.5 deg/stage, both canine rotation attachments.",
    ]
    for k, (args, stages, rng, ov) in enumerate(attempts):
        sid = "ST-20931-%02d" % (k + 1)
        a = dict(args, case_id="AL-20931")
        c.tool(38 + k % 3 * 7, "run_staging", a, {
            "staging_id": sid, "stages": stages, "status": "computed",
            "summary": {"UR3_rotation_per_stage_deg": round(28.0 / (stages - 6), 2), "expansion_used_mm": 0.6,
                        "ipr_used_mm": 0, "space_closed_mm": 3.3, "residual_crowding_mm": 1.2}}, text=texts[k])
        c.tool(9 + k % 2 * 3, "check_collisions", {"staging_id": sid}, {
            "staging_id": sid, "result": "FAIL",
            "collisions": [{"teeth": "UR3/UR4", "stages": rng, "max_overlap_mm": ov,
                            "hint": "residual crowding 1.2 mm; resolve with 0.4 mm IPR UR3-D/UR4-M or expansion > 1.1 mm"}],
            "checked_at": c.clock(5)})
    return c


@session("orthodontic_aligner_planner", "runaway", 2, "gpt-4.1", "u-meridian-export-bot",
         "Export to the print farm is rejected for non-manifold edges in stage 17; the repair pass finds nothing (tolerance mismatch) and the agent cycles repair -> export -> status with a fresh export id each time and the same rejection.",
         b=6, d=10)
def ortho_r2():
    c = Conv("2024-06-12T16:40:00", ORTHO_SYSTEM, ORTHO_TOOLS,
             "Plan AL-20877 v3 was approved by Dr. Haddad this morning. Export the STLs to the Eindhoven print farm "
             "(destination farm-ehv-02), binary STL, and confirm once the farm accepts the job.")
    for k in range(4):
        eid = "EXP-%d" % (55012 + k * 3)
        if k == 0:
            text = "Starting the export of all 31 stages, both arches."
        else:
            text = ["The repair pass reported a clean mesh, so re-exporting should go through now.",
                    "Mesh is clean per the repair tool; exporting again.",
                    "Repair done with the tighter tolerance. Re-submitting the export to farm-ehv-02."][k - 1]
        c.tool(70 + 9 * k, "export_plan", {"plan_id": "AL-20877-v3", "format": "stl_binary", "destination": "farm-ehv-02"},
               {"export_id": eid, "status": "queued", "files": 62, "queued_at": c.clock(3)}, text=text)
        c.tool(25, "get_export_status", {"export_id": eid}, {
            "export_id": eid, "status": "rejected", "destination": "farm-ehv-02",
            "error": "FARM-422 mesh validation failed: stage_17_upper.stl has 3 non-manifold edges (vertices 18842-18843, 18843-20017, 20017-18842); job not accepted",
            "validator": "ehv-meshcheck 3.1.4", "finished_at": c.clock(20)})
        tol = [None, 0.01, 0.005, 0.001][k]
        args = {"plan_id": "AL-20877-v3", "stage": 17, "arch": "upper"}
        if tol:
            args["tolerance_mm"] = tol
        rtext = ["The farm rejects stage 17 upper for non-manifold edges. Running the mesh repair on that stage.",
                 "Rejected again on the same three edges. I'll repair with a tighter tolerance this time.",
                 "Same rejection. Repairing stage 17 upper once more at 0.005 mm.",
                 "The farm still reports the same edges. Let me repair at 0.001 mm and re-export."][k]
        c.tool(14, "repair_mesh", args, {
            "plan_id": "AL-20877-v3", "stage": 17, "arch": "upper", "repair_engine": "meridian-mesh 2.3.0",
            "non_manifold_edges_found": 0, "holes_filled": 0, "changed": False,
            "note": "source mesh passes meridian-mesh validation"}, text=rtext)
    c.tool(80, "export_plan", {"plan_id": "AL-20877-v3", "format": "stl_binary", "destination": "farm-ehv-02"},
           {"export_id": "EXP-55026", "status": "queued", "files": 62, "queued_at": c.clock(3)},
           text="Exporting again after the 0.001 mm repair.")
    c.tool(25, "get_export_status", {"export_id": "EXP-55026"}, {
        "export_id": "EXP-55026", "status": "rejected", "destination": "farm-ehv-02",
        "error": "FARM-422 mesh validation failed: stage_17_upper.stl has 3 non-manifold edges (vertices 18842-18843, 18843-20017, 20017-18842); job not accepted",
        "validator": "ehv-meshcheck 3.1.4", "finished_at": c.clock(20)})
    return c


@session("orthodontic_aligner_planner", "healthy", 1, "claude-3-5-sonnet-20241022", "u-meridian-nightly",
         "Overnight batch: eight different cases each staged and collision-checked; one fails, gets the IPR its prescription allows and passes on re-run. Same two tools over and over, but every case is new work.",
         max_tokens=2048)
def ortho_h1():
    cases = [("AL-21004", 18, "Dr. Haddad", None), ("AL-21007", 24, "Dr. Okafor", None),
             ("AL-21011", 14, "Dr. Lindqvist", None), ("AL-21015", 20, "Dr. Haddad", "fail"),
             ("AL-21019", 16, "Dr. Pereira", None), ("AL-21022", 30, "Dr. Okafor", None),
             ("AL-21026", 12, "Dr. Lindqvist", None), ("AL-21030", 22, "Dr. Pereira", None)]
    c = Conv("2024-06-13T01:15:00", ORTHO_SYSTEM, ORTHO_TOOLS,
             "Nightly staging queue (8 new cases, prescriptions approved yesterday): AL-21004, AL-21007, AL-21011, AL-21015, "
             "AL-21019, AL-21022, AL-21026, AL-21030. Stage each per its prescription, run the collision check, and list any case "
             "that needs the doctor's attention in the morning.")
    for k, (cid, st, doc, fail) in enumerate(cases):
        ov = None
        sid = "ST-%s-01" % cid[3:]
        att = ["UR3 optimized-rotation"] if k % 2 else ["LL4 optimized-rotation", "LR4 optimized-rotation"]
        text = ("%s: %s, %d stages per prescription." % (cid, doc, st)) if k else "Starting with AL-21004 (%s), 18 stages, no IPR prescribed." % doc
        c.tool(30 + st, "run_staging", {"case_id": cid, "stages": st, "attachments": att},
               {"staging_id": sid, "stages": st, "status": "computed",
                "summary": {"max_translation_mm_per_stage": round(0.14 + k * 0.012, 3), "residual_crowding_mm": 0.0 if not fail else 0.6}},
               text=text)
        if fail:
            c.tool(11, "check_collisions", {"staging_id": sid}, {
                "staging_id": sid, "result": "FAIL", "collisions": [{"teeth": "LL1/LL2", "stages": "6-9", "max_overlap_mm": 0.28,
                                                                     "hint": "0.3 mm IPR LL1-D/LL2-M resolves"}]})
            c.tool(44, "run_staging", {"case_id": cid, "stages": st, "attachments": att, "ipr_mm": {"LL1-D/LL2-M": 0.3}},
                   {"staging_id": "ST-21015-02", "stages": st, "status": "computed", "summary": {"ipr_used_mm": 0.3, "residual_crowding_mm": 0.0}},
                   text="AL-21015's prescription allows up to 0.5 mm IPR in the lower anterior, so I'll add 0.3 mm at LL1/LL2 before stage 6 and re-stage.")
            sid = "ST-21015-02"
        c.tool(10, "check_collisions", {"staging_id": sid}, {"staging_id": sid, "result": "PASS", "collisions": [],
                                                             "min_clearance_mm": round(0.05 + k * 0.01, 2)})
    return c


@session("orthodontic_aligner_planner", "healthy", 2, "gpt-4o", "u-meridian-planner-03",
         "A validate/fix loop that converges: three collisions, each fixed with a targeted adjustment (3 -> 2 -> 1 -> 0), then export and status polls that move from queued to accepted.")
def ortho_h2():
    c = Conv("2024-06-14T10:20:00", ORTHO_SYSTEM, ORTHO_TOOLS,
             "Case AL-20955, staging ST-20955-01 was computed yesterday (28 stages, IPR approved up to 0.5 mm total). "
             "Clean up whatever the collision check flags, then export to farm-ehv-01 as binary STL.")
    c.tool(12, "check_collisions", {"staging_id": "ST-20955-01"}, {"staging_id": "ST-20955-01", "result": "FAIL", "collisions": [
        {"teeth": "UL1/UL2", "stages": "4-7", "max_overlap_mm": 0.22},
        {"teeth": "LR3/LR4", "stages": "15-18", "max_overlap_mm": 0.31},
        {"teeth": "UR6/UR7", "stages": "22-23", "max_overlap_mm": 0.12}]})
    c.tool(35, "adjust_tooth", {"staging_id": "ST-20955-01", "tooth": "UL2", "change": "delay labial movement by 3 stages (start at stage 7)"},
           {"staging_id": "ST-20955-02", "status": "computed"}, text="Three contacts. First UL1/UL2: delaying UL2's labial movement so UL1 clears first.")
    c.tool(11, "check_collisions", {"staging_id": "ST-20955-02"}, {"staging_id": "ST-20955-02", "result": "FAIL", "collisions": [
        {"teeth": "LR3/LR4", "stages": "15-18", "max_overlap_mm": 0.31}, {"teeth": "UR6/UR7", "stages": "22-23", "max_overlap_mm": 0.12}]})
    c.tool(40, "adjust_tooth", {"staging_id": "ST-20955-02", "tooth": "LR3", "change": "add 0.2 mm IPR LR3-D/LR4-M before stage 14"},
           {"staging_id": "ST-20955-03", "status": "computed", "ipr_total_mm": 0.2}, text="UL1/UL2 is resolved. LR3/LR4 needs space: 0.2 mm IPR, within the 0.5 mm approved.")
    c.tool(11, "check_collisions", {"staging_id": "ST-20955-03"}, {"staging_id": "ST-20955-03", "result": "FAIL", "collisions": [
        {"teeth": "UR6/UR7", "stages": "22-23", "max_overlap_mm": 0.12}]})
    c.tool(33, "adjust_tooth", {"staging_id": "ST-20955-03", "tooth": "UR7", "change": "distalize 0.1 mm at stage 21 (anchorage from UR6 attachment)"},
           {"staging_id": "ST-20955-04", "status": "computed"}, text="Last one is the molar contact at 22-23; a 0.1 mm UR7 distalization one stage earlier should clear it.")
    c.tool(11, "check_collisions", {"staging_id": "ST-20955-04"}, {"staging_id": "ST-20955-04", "result": "PASS", "collisions": [], "min_clearance_mm": 0.04})
    c.tool(9, "export_plan", {"plan_id": "ST-20955-04", "format": "stl_binary", "destination": "farm-ehv-01"},
           {"export_id": "EXP-55140", "status": "queued", "files": 56}, text="All clear. Exporting ST-20955-04.")
    for k, (st, pct) in enumerate([("uploading", 35), ("validating", 80), ("accepted", 100)]):
        res = {"export_id": "EXP-55140", "status": st, "progress_pct": pct, "checked_at": c.clock(60)}
        if st == "accepted":
            res["farm_job"] = "EHV1-2024-118372"
            res["estimated_ship_date"] = "2024-06-18"
        c.tool(60 + 15 * k, "get_export_status", {"export_id": "EXP-55140"}, res,
               text=None if k else "Export queued; checking on it in a minute.")
    return c


# =======================================================================================
# 2. elixir_phoenix_upgrader
# =======================================================================================

EX_SYSTEM = ("You are a coding agent working in the `shop` umbrella repository (Elixir 1.15.7, OTP 26). "
             "Task: upgrade apps/shop_web from Phoenix 1.6 to 1.7 and LiveView 0.17 to 0.20 with the smallest "
             "reasonable diff. Use the tools; run commands from the repository root.")

EX_TOOLS = [
    T("run_shell", "Run a shell command in the repo root; returns exit code, stdout and stderr (truncated to 8 kB).", {"cmd": S, "timeout_s": I}),
    T("read_file", "Read a file from the repository.", {"path": S}),
    T("apply_edit", "Replace an exact snippet in a file.", {"path": S, "find": S, "replace": S}),
    T("grep", "ripgrep over the repository.", {"pattern": S, "path": S}),
]

SHOP_WEB_MIX = """defmodule ShopWeb.MixProject do
  use Mix.Project

  def project do
    [app: :shop_web, version: "0.9.3", build_path: "../../_build", deps_path: "../../deps",
     lockfile: "../../mix.lock", elixir: "~> 1.14", deps: deps()]
  end

  defp deps do
    [
      {:phoenix, "~> 1.6.16"},
      {:phoenix_ecto, "~> 4.4"},
      {:phoenix_html, "~> 3.3"},
      {:phoenix_live_view, "~> 0.17.7"},
      {:phoenix_live_dashboard, "~> 0.6.5"},
      {:telemetry_metrics, "~> 0.6"},
      {:gettext, "~> 0.20"},
      {:plug_cowboy, "~> 2.6"},
      {:shop, in_umbrella: true}
    ]
  end
end
"""

HEX_X = """Resolving Hex dependencies...
Resolution completed in 0.212s
Because phoenix_live_view >= 0.17.7 and < 0.18.0 depends on phoenix ~> 1.6.0 and your app depends on phoenix ~> 1.7.10, phoenix_live_view >= 0.17.7 and < 0.18.0 is forbidden.
So, because your app depends on phoenix_live_view ~> 0.17.7, version solving failed.
** (Mix) Hex dependency resolution failed"""

HEX_Y = """Resolving Hex dependencies...
Resolution completed in 0.187s
Because phoenix_live_dashboard >= 0.6.0 and < 0.7.0 depends on phoenix_live_view ~> 0.17.7 and your app depends on phoenix_live_view ~> 0.20.1, phoenix_live_dashboard >= 0.6.0 and < 0.7.0 is forbidden.
So, because your app depends on phoenix_live_dashboard ~> 0.6.5, version solving failed.
** (Mix) Hex dependency resolution failed"""


@session("elixir_phoenix_upgrader", "runaway", 1, "gpt-4.1", "u-shop-ci-agent",
         "A period-4 cycle: bump LiveView to 0.20 (dashboard conflict), revert it to 0.17 (Phoenix 1.7 conflict), over and over; the agent never touches phoenix_live_dashboard, which both errors name.",
         b=7, d=12)
def elixir_r1():
    c = Conv("2024-07-02T13:05:00", EX_SYSTEM, EX_TOOLS,
             "Go ahead with the Phoenix 1.7 upgrade on branch chore/phoenix-1.7. Get `mix deps.get` clean first, then compile.")
    c.tool(4, "read_file", {"path": "apps/shop_web/mix.exs"}, SHOP_WEB_MIX)
    c.tool(5, "apply_edit", {"path": "apps/shop_web/mix.exs", "find": "{:phoenix, \"~> 1.6.16\"}", "replace": "{:phoenix, \"~> 1.7.10\"}"},
           "ok: 1 replacement in apps/shop_web/mix.exs", text="Bumping phoenix to ~> 1.7.10 first.")
    c.tool(9, "run_shell", {"cmd": "mix deps.get"}, {"exit_code": 1, "stdout": HEX_X, "stderr": ""})
    reverts = [
        ("LiveView 0.17 is pinned to Phoenix 1.6, so LiveView has to move too. Bumping it to ~> 0.20.1.",
         "Now the dashboard complains about LiveView 0.20. To keep the diff small I'll keep LiveView where it was and only move Phoenix."),
        ("LiveView 0.17 can't run on Phoenix 1.7; updating phoenix_live_view to 0.20.1 again.",
         "phoenix_live_dashboard 0.6 needs LiveView 0.17. Reverting LiveView to ~> 0.17.7 so the dashboard stays satisfied."),
        ("The resolver says 0.17.x requires phoenix ~> 1.6. Moving LiveView to ~> 0.20.1.",
         "Conflict with the dashboard again; LiveView back to 0.17.7 which the dashboard accepts."),
        ("Phoenix 1.7 needs a newer LiveView. Setting phoenix_live_view ~> 0.20.1.",
         "Dashboard 0.6.x pins LiveView 0.17. Restoring ~> 0.17.7."),
    ]
    for k, (up, down) in enumerate(reverts):
        c.tool(6, "apply_edit", {"path": "apps/shop_web/mix.exs", "find": "{:phoenix_live_view, \"~> 0.17.7\"}", "replace": "{:phoenix_live_view, \"~> 0.20.1\"}"},
               "ok: 1 replacement in apps/shop_web/mix.exs", text=up)
        c.tool(9 + k, "run_shell", {"cmd": "mix deps.get"}, {"exit_code": 1, "stdout": HEX_Y, "stderr": ""})
        c.tool(6, "apply_edit", {"path": "apps/shop_web/mix.exs", "find": "{:phoenix_live_view, \"~> 0.20.1\"}", "replace": "{:phoenix_live_view, \"~> 0.17.7\"}"},
               "ok: 1 replacement in apps/shop_web/mix.exs", text=down)
        c.tool(9 + k, "run_shell", {"cmd": "mix deps.get" if k % 2 == 0 else "mix deps.get --check-locked=false"},
               {"exit_code": 1, "stdout": HEX_X, "stderr": ""})
    return c


ROUTER_EX = """defmodule ShopWeb.Router do
  use ShopWeb, :router
  import Phoenix.LiveDashboard.Router

  pipeline :browser do
    plug :accepts, ["html"]
    plug :fetch_session
    plug :fetch_live_flash
    plug :put_root_layout, {ShopWeb.LayoutView, :root}
    plug :protect_from_forgery
    plug :put_secure_browser_headers
  end

  scope "/", ShopWeb do
    pipe_through :browser
    get "/", PageController, :index
    resources "/orders", OrderController, only: [:index, :show, :create]
    live "/cart", CartLive, :index
    live "/checkout", CheckoutLive, :index
    get "/account", AccountController, :show
  end

  scope "/admin" do
    pipe_through [:browser, :require_admin]
    live_dashboard "/dashboard", metrics: ShopWeb.Telemetry
  end
end
"""

SHOP_WEB_EX = """defmodule ShopWeb do
  def controller do
    quote do
      use Phoenix.Controller, namespace: ShopWeb
      import Plug.Conn
      import ShopWeb.Gettext
      alias ShopWeb.Router.Helpers, as: Routes
    end
  end

  def view do
    quote do
      use Phoenix.View, root: "lib/shop_web/templates", namespace: ShopWeb
      import Phoenix.Controller, only: [get_flash: 1, get_flash: 2, view_module: 1, view_template: 1]
      unquote(view_helpers())
    end
  end

  defp view_helpers do
    quote do
      use Phoenix.HTML
      import Phoenix.LiveView.Helpers
      import ShopWeb.ErrorHelpers
      import ShopWeb.Gettext
      alias ShopWeb.Router.Helpers, as: Routes
    end
  end
  # ... live_view/0, live_component/0, router/0, channel/0 omitted (118 lines)
end
"""

ORDER_CTRL = """defmodule ShopWeb.OrderController do
  use ShopWeb, :controller
  alias Shop.Orders

  def index(conn, params) do
    page = Orders.list_orders(conn.assigns.current_user, page: params["page"] || 1)
    render(conn, "index.html", page: page)
  end

  def show(conn, %{"id" => id}) do
    order = Orders.get_order!(conn.assigns.current_user, id)
    render(conn, "show.html", order: order, receipt_url: Routes.order_path(conn, :show, order, format: "pdf"))
  end

  def create(conn, %{"order" => attrs}) do
    case Orders.place_order(conn.assigns.current_user, attrs) do
      {:ok, order} ->
        conn |> put_flash(:info, "Order placed.") |> redirect(to: Routes.order_path(conn, :show, order))
      {:error, :empty_cart} ->
        conn |> put_flash(:error, "Your cart is empty.") |> redirect(to: Routes.live_path(conn, ShopWeb.CartLive))
    end
  end
end
"""

GREP_ROUTES = """apps/shop_web/lib/shop_web/controllers/order_controller.ex:13:    render(conn, "show.html", order: order, receipt_url: Routes.order_path(conn, :show, order, format: "pdf"))
apps/shop_web/lib/shop_web/controllers/order_controller.ex:19:        conn |> put_flash(:info, "Order placed.") |> redirect(to: Routes.order_path(conn, :show, order))
apps/shop_web/lib/shop_web/controllers/order_controller.ex:21:        conn |> put_flash(:error, "Your cart is empty.") |> redirect(to: Routes.live_path(conn, ShopWeb.CartLive))
apps/shop_web/lib/shop_web/controllers/account_controller.ex:9:    redirect(conn, to: Routes.page_path(conn, :index))
apps/shop_web/lib/shop_web/controllers/session_controller.ex:17:    |> redirect(to: Routes.account_path(conn, :show))
apps/shop_web/lib/shop_web/controllers/session_controller.ex:24:    |> redirect(to: Routes.page_path(conn, :index))
apps/shop_web/lib/shop_web/live/cart_live.ex:41:    {:noreply, push_redirect(socket, to: Routes.live_path(socket, ShopWeb.CheckoutLive))}
apps/shop_web/lib/shop_web/live/checkout_live.ex:66:      {:noreply, push_redirect(socket, to: Routes.order_path(socket, :show, order))}
apps/shop_web/lib/shop_web/templates/layout/root.html.heex:9:    <link phx-track-static rel="stylesheet" href={Routes.static_path(@conn, "/assets/app.css")}/>
apps/shop_web/lib/shop_web/templates/layout/root.html.heex:10:    <script defer phx-track-static type="text/javascript" src={Routes.static_path(@conn, "/assets/app.js")}></script>
... 37 more matches in 9 files (47 total)"""


@session("elixir_phoenix_upgrader", "runaway", 2, "claude-3-5-sonnet-20241022", "u-shop-ci-agent",
         "Paraphrased no-progress: the agent re-reads the same four files and announces it will start converting to verified routes, in new words each time, but never makes an edit.",
         b=6, d=10, max_tokens=4096)
def elixir_r2():
    c = Conv("2024-07-03T09:40:00", EX_SYSTEM, EX_TOOLS,
             "Deps are on Phoenix 1.7.10 / LiveView 0.20.1 now and it compiles with deprecation warnings. Next: migrate "
             "apps/shop_web to verified routes (the ~p sigil) and drop the Routes alias. Start with the controllers.")
    reads = [
        ("grep", {"pattern": "Routes\\.", "path": "apps/shop_web/lib"}, GREP_ROUTES),
        ("read_file", {"path": "apps/shop_web/lib/shop_web.ex"}, SHOP_WEB_EX),
        ("read_file", {"path": "apps/shop_web/lib/shop_web/controllers/order_controller.ex"}, ORDER_CTRL),
        ("read_file", {"path": "apps/shop_web/lib/shop_web/router.ex"}, ROUTER_EX),
    ]
    texts = [
        "Let me find every Routes helper call first.",
        "47 call sites. The Routes alias is injected from shop_web.ex, so I'll look at that first.",
        "I need `use Phoenix.VerifiedRoutes` in the controller and html quote blocks. Let me look at a representative controller.",
        "To write the ~p paths correctly I should check the router's scopes.",
        "Now I have the picture. Before editing, let me re-check how shop_web.ex wires the helpers so I add VerifiedRoutes in the right place.",
        "I'll start the conversion with OrderController. Let me open it to get the exact lines.",
        "Before replacing, I want to confirm the full list of call sites again so nothing is missed.",
        "Let me verify the router's live routes so ~p\"/cart\" and ~p\"/checkout\" are right.",
        "OK, ready to edit. First I'll double-check the quote blocks in shop_web.ex where `use Phoenix.VerifiedRoutes, endpoint: ShopWeb.Endpoint, router: ShopWeb.Router` goes.",
        "Starting with order_controller.ex now; reading it once more so the find/replace snippet is exact.",
        "Let me re-run the search to make sure the 47 call sites are current before I begin replacing.",
        "I'll confirm the router scopes one more time, since the admin scope has no ShopWeb alias.",
        "Now I'll apply the change to shop_web.ex. Let me view it again to copy the exact alias line.",
        "Beginning the OrderController migration; reading the file to anchor the edits.",
        "Re-checking the call sites list before making edits.",
        "Checking the router once more for the live paths.",
    ]
    for k, text in enumerate(texts):
        name, args, res = reads[k % 4]
        c.tool(7 + (k * 5) % 9, name, args, res, text=text)
    return c


@session("elixir_phoenix_upgrader", "healthy", 1, "gpt-4o", "u-shop-dev-mara",
         "A compile/fix loop that converges: warnings-as-errors goes 14 -> 9 -> 4 -> 1 -> 0 with different files fixed each round, then the test suite goes from 3 failures to green.")
def elixir_h1():
    c = Conv("2024-07-03T14:10:00", EX_SYSTEM, EX_TOOLS,
             "Verified routes are in. Please get `mix compile --warnings-as-errors` clean in apps/shop_web and then make `mix test` pass.")
    W = lambda n, lines: {"exit_code": 1 if n else 0, "stdout": "Compiling 58 files (.ex)\n" + "\n".join(lines) +
                          ("\n** (CompileError) %d warnings found and --warnings-as-errors is enabled" % n if n else "\nGenerated shop_web app")}
    c.tool(48, "run_shell", {"cmd": "cd apps/shop_web && mix compile --warnings-as-errors --force"}, W(14, [
        "warning: Phoenix.View.__using__/1 is deprecated. Use Phoenix.Component and embed_templates/1\n  lib/shop_web.ex:14",
        "warning: Phoenix.LiveView.Helpers.live_patch/2 is deprecated. Use .link/1 instead (6 occurrences)\n  lib/shop_web/live/cart_live.html.heex:22",
        "warning: Phoenix.Controller.get_flash/2 is deprecated. Use Phoenix.Flash.get/2 (3 occurrences)\n  lib/shop_web/templates/layout/app.html.heex:4",
        "warning: push_redirect/2 is deprecated. Use push_navigate/2 (2 occurrences)\n  lib/shop_web/live/cart_live.ex:41",
        "warning: variable \"params\" is unused\n  lib/shop_web/controllers/account_controller.ex:7",
        "warning: ShopWeb.ErrorHelpers.translate_error/1 is undefined (module ShopWeb.ErrorHelpers is not available)\n  lib/shop_web/components/core_components.ex:311"]))
    c.tool(8, "apply_edit", {"path": "apps/shop_web/lib/shop_web/live/cart_live.ex", "find": "push_redirect(socket, to: ~p\"/checkout\")", "replace": "push_navigate(socket, to: ~p\"/checkout\")"},
           "ok: 1 replacement", text="Starting with the mechanical renames: push_redirect -> push_navigate.")
    c.tool(8, "apply_edit", {"path": "apps/shop_web/lib/shop_web/live/checkout_live.ex", "find": "push_redirect(socket, to: ~p\"/orders/#{order}\")", "replace": "push_navigate(socket, to: ~p\"/orders/#{order}\")"},
           "ok: 1 replacement")
    c.tool(10, "run_shell", {"cmd": "sed -i 's/<%= live_patch /<.link patch={/' apps/shop_web/lib/shop_web/live/cart_live.html.heex && git diff --stat"},
           {"exit_code": 0, "stdout": " apps/shop_web/lib/shop_web/live/cart_live.html.heex | 12 ++++++------\n 1 file changed, 6 insertions(+), 6 deletions(-)"},
           text="live_patch appears 6 times in one template; converting them to <.link patch=...>.")
    c.tool(46, "run_shell", {"cmd": "cd apps/shop_web && mix compile --warnings-as-errors --force"}, W(9, [
        "warning: Phoenix.View.__using__/1 is deprecated. Use Phoenix.Component and embed_templates/1\n  lib/shop_web.ex:14",
        "warning: Phoenix.Controller.get_flash/2 is deprecated. Use Phoenix.Flash.get/2 (3 occurrences)\n  lib/shop_web/templates/layout/app.html.heex:4",
        "warning: variable \"params\" is unused\n  lib/shop_web/controllers/account_controller.ex:7",
        "warning: ShopWeb.ErrorHelpers.translate_error/1 is undefined\n  lib/shop_web/components/core_components.ex:311"]))
    c.tool(9, "apply_edit", {"path": "apps/shop_web/lib/shop_web/templates/layout/app.html.heex", "find": "get_flash(@conn, :info)", "replace": "Phoenix.Flash.get(@flash, :info)"},
           "ok: 3 replacements", text="Down to 9. Flash helpers next.")
    c.tool(7, "apply_edit", {"path": "apps/shop_web/lib/shop_web/controllers/account_controller.ex", "find": "def show(conn, params) do", "replace": "def show(conn, _params) do"}, "ok: 1 replacement")
    c.tool(45, "run_shell", {"cmd": "cd apps/shop_web && mix compile --warnings-as-errors --force"}, W(4, [
        "warning: Phoenix.View.__using__/1 is deprecated. Use Phoenix.Component and embed_templates/1\n  lib/shop_web.ex:14",
        "warning: ShopWeb.ErrorHelpers.translate_error/1 is undefined\n  lib/shop_web/components/core_components.ex:311"]))
    c.tool(12, "apply_edit", {"path": "apps/shop_web/lib/shop_web/components/core_components.ex", "find": "ShopWeb.ErrorHelpers.translate_error(", "replace": "translate_error("},
           "ok: 2 replacements", text="core_components.ex from the 1.7 generator defines its own translate_error/1; pointing it at the local function.")
    c.tool(44, "run_shell", {"cmd": "cd apps/shop_web && mix compile --warnings-as-errors --force"}, W(1, [
        "warning: Phoenix.View.__using__/1 is deprecated. Use Phoenix.Component and embed_templates/1\n  lib/shop_web.ex:14"]))
    c.tool(14, "apply_edit", {"path": "apps/shop_web/mix.exs", "find": "{:phoenix_html, \"~> 3.3\"},", "replace": "{:phoenix_html, \"~> 3.3\"},\n      {:phoenix_view, \"~> 2.0\"},"},
           "ok: 1 replacement", text="The remaining one is Phoenix.View itself. The upgrade guide's path is the phoenix_view 2.0 package, which keeps the old views working without the deprecation; adding it.")
    c.tool(70, "run_shell", {"cmd": "mix deps.get && cd apps/shop_web && mix compile --warnings-as-errors --force"},
           {"exit_code": 0, "stdout": "Resolving Hex dependencies...\nNew:\n  phoenix_view 2.0.3\n* Getting phoenix_view (Hex package)\nCompiling 58 files (.ex)\nGenerated shop_web app"})
    c.tool(95, "run_shell", {"cmd": "mix test"}, {"exit_code": 2, "stdout": "..........F.......F........F\n\n  1) test GET /orders/:id renders receipt link (ShopWeb.OrderControllerTest)\n     Assertion with =~ failed\n     left: ...href=\"/orders/812?format=pdf\"...\n     right: \"/orders/812.pdf\"\n\n  2) test cart shows patch links (ShopWeb.CartLiveTest)\n     ** (ArgumentError) expected selector \"a[data-phx-link=patch]\" to return a single element, but got none\n\n  3) test flash on empty cart (ShopWeb.OrderControllerTest)\n     Assertion with =~ failed: \"Your cart is empty.\"\n\nFinished in 6.2 seconds (2.1s async, 4.1s sync)\n412 tests, 3 failures"},
           text="Compiles clean. Running the suite.")
    c.tool(20, "apply_edit", {"path": "apps/shop_web/test/shop_web/controllers/order_controller_test.exs", "find": "\"/orders/812.pdf\"", "replace": "\"/orders/812?format=pdf\""},
           "ok: 1 replacement", text="Three failures, all expectation drift from the helpers change: the receipt URL format, the new <.link> markup, and the flash read. Updating the tests and the flash key.")
    c.tool(9, "apply_edit", {"path": "apps/shop_web/test/shop_web/live/cart_live_test.exs", "find": "a[data-phx-link=patch]", "replace": "a[data-phx-link=\\\"patch\\\"]"}, "ok: 1 replacement")
    c.tool(9, "apply_edit", {"path": "apps/shop_web/lib/shop_web/templates/layout/app.html.heex", "find": "Phoenix.Flash.get(@flash, :error)", "replace": "Phoenix.Flash.get(@flash, \"error\")"}, "ok: 1 replacement")
    c.tool(90, "run_shell", {"cmd": "mix test"}, {"exit_code": 0, "stdout": "Finished in 6.0 seconds (2.1s async, 3.9s sync)\n412 tests, 0 failures\n\nRandomized with seed 481207"})
    return c


@session("elixir_phoenix_upgrader", "healthy", 2, "o4-mini", "u-shop-ci-agent",
         "Retries with backoff that succeed: hex.pm returns 503 twice, the agent waits 30 s then 60 s and the fetch works; then it runs the four test partitions (each a different slice), fixes the one real failure and re-runs only that partition.")
def elixir_h2():
    c = Conv("2024-07-05T06:00:00", EX_SYSTEM, EX_TOOLS,
             "Nightly job: on a fresh checkout of chore/phoenix-1.7, fetch deps and run the full suite in 4 partitions like CI does. Fix anything that's an obvious upgrade leftover.")
    c.tool(35, "run_shell", {"cmd": "mix deps.get"}, {"exit_code": 1, "stdout": "Resolving Hex dependencies...\n** (Mix) Failed to fetch record for hexpm/phoenix_live_view from registry (using cache instead)\n{:bad_status_code, 503}\nUnable to fetch tarball for phoenix_live_view 0.20.1: 503 Service Unavailable"},
           text="Fetching dependencies.")
    c.tool(40, "run_shell", {"cmd": "sleep 30 && mix deps.get"}, {"exit_code": 1, "stdout": "Resolving Hex dependencies...\n** (Mix) Failed to fetch record for hexpm/phoenix_live_view from registry (using cache instead)\n{:bad_status_code, 503}"},
           text="hex.pm is returning 503 (status page shows a CDN incident). Waiting 30 s and retrying.")
    c.tool(95, "run_shell", {"cmd": "sleep 60 && mix deps.get"}, {"exit_code": 0, "stdout": "Resolving Hex dependencies...\nResolution completed in 0.301s\nUnchanged:\n  phoenix 1.7.10\n  phoenix_live_view 0.20.1\n  ...\n* Getting phoenix_live_view (Hex package)\n* Getting phoenix_view (Hex package)\n* Getting plug_cowboy (Hex package)\nAll dependencies are up to date"},
           text="Still 503. Backing off 60 s before the last retry; if this fails I'll stop and report.")
    parts = [
        (1, {"exit_code": 0, "stdout": "Running ExUnit with seed: 77120, max_cases: 16\nPartition 1 of 4\n.........................................................................................................\nFinished in 4.9 seconds\n103 tests, 0 failures"}),
        (2, {"exit_code": 2, "stdout": "Partition 2 of 4\n...........F...........\n  1) test submitting address moves to payment step (ShopWeb.CheckoutLiveTest)\n     ** (ArgumentError) could not find non-disabled input, select or textarea with name \"address[zip]\" within:\n       <input name=\"address[postal_code]\" ...>\n     code: |> form(\"#address-form\", address: %{zip: \"94110\"})\n     test/shop_web/live/checkout_live_test.exs:58\nFinished in 5.3 seconds\n101 tests, 1 failure"}),
        (3, {"exit_code": 0, "stdout": "Partition 3 of 4\nFinished in 5.1 seconds\n104 tests, 0 failures"}),
        (4, {"exit_code": 0, "stdout": "Partition 4 of 4\nFinished in 4.4 seconds\n104 tests, 0 failures"}),
    ]
    for k, (p, res) in enumerate(parts):
        c.tool(70 + 5 * k, "run_shell", {"cmd": "MIX_TEST_PARTITION=%d mix test --partitions 4" % p}, res,
               text="Deps fetched. Compiling and running partition 1 of 4." if p == 1 else ("Partition %d." % p if p != 3 else "Noting the partition 2 failure; finishing the other partitions before fixing it. Partition 3."))
    c.tool(6, "read_file", {"path": "apps/shop_web/test/shop_web/live/checkout_live_test.exs"},
           "...\n  test \"submitting address moves to payment step\", %{conn: conn} do\n    {:ok, view, _html} = live(conn, ~p\"/checkout\")\n    view\n    |> form(\"#address-form\", address: %{zip: \"94110\", line1: \"500 Valencia St\"})\n    |> render_submit()\n    assert has_element?(view, \"#payment-step\")\n  end\n...",
           text="All other partitions are green. The partition 2 failure: the upgraded core_components input uses the schema field name postal_code, the test still posts zip.")
    c.tool(8, "apply_edit", {"path": "apps/shop_web/test/shop_web/live/checkout_live_test.exs", "find": "address: %{zip: \"94110\",", "replace": "address: %{postal_code: \"94110\","}, "ok: 1 replacement")
    c.tool(60, "run_shell", {"cmd": "MIX_TEST_PARTITION=2 mix test --partitions 4"}, {"exit_code": 0, "stdout": "Partition 2 of 4\nFinished in 5.2 seconds\n101 tests, 0 failures"},
           text="Re-running partition 2 only.")
    c.tool(12, "run_shell", {"cmd": "mix format --check-formatted"}, {"exit_code": 0, "stdout": ""})
    return c


# =======================================================================================
# 3. mining_haul_dispatch
# =======================================================================================

MINE_SYSTEM = ("You are the haul dispatch assistant for Pit 3 at Kestrel Ridge (copper). You assign CAT 793F haul trucks "
               "(HT-2xx) to shovels and loaders, route them over the haul roads and talk to operators over the dispatch radio "
               "channel. Safety rules from the site traffic management plan always win over throughput. Escalate to the "
               "shift supervisor (radio channel SUP) when equipment state is unknown for more than 5 minutes.")

MINE_TOOLS = [
    T("get_fleet_status", "Current GPS/state of trucks from the fleet management system.", {"truck_ids": A}),
    T("get_road_status", "Haul road segments: open/closed/restricted with reasons.", {"roads": A}),
    T("get_blast_status", "Blast management system status for a blast zone.", {"zone": S}),
    T("assign_truck", "Assign a truck to a loading unit and dump destination.", {"truck_id": S, "loader": S, "dump": S, "route": S},
      required=["truck_id", "loader", "dump"]),
    T("send_radio_message", "Send a text-to-voice message on a dispatch radio channel.", {"channel": S, "message": S}, required=["channel", "message"]),
    T("consult_agent", "Ask another site agent (safety_officer, maintenance_planner, shift_supervisor, geotech) and get its reply.",
      {"agent": S, "message": S}, required=["agent", "message"]),
]


@session("mining_haul_dispatch", "runaway", 1, "claude-sonnet-4-20250514", "u-kestrel-dispatch-b",
         "Polling a truck whose fleet record is frozen (same stale GPS fix, speed 0, only the query time moves); the prompt says to escalate after 5 minutes unknown, but the agent keeps polling every ~50 s.",
         b=3, d=8)
def mining_r1():
    c = Conv("2024-08-20T14:06:00", MINE_SYSTEM, MINE_TOOLS,
             "HT-214 raised a tyre pressure alarm (position 4, rear left inner) at 14:02 and was told to proceed to tyre bay TB-2. "
             "Confirm it has arrived at TB-2 before you release its remaining loads on shovel EX-07 to another truck.")
    frozen = {"truck_id": "HT-214", "state": "HAULING_LOADED", "location": "Ramp R2, bench 1180, segment R2-3",
              "speed_kmh": 0.0, "payload_t": 221.4, "last_gps_fix": "2024-08-20T14:03:11Z", "alarms": ["TPMS_P4_LOW"],
              "destination": "TB-2"}
    texts = [
        "Checking HT-214's position.",
        "HT-214 shows stationary on R2-3 since the 14:03 fix. It may have stopped to check the tyre; I'll check again shortly.",
        "Still on R2-3 with speed 0. Re-checking.",
        "No change yet on HT-214. Checking again.",
        "HT-214 remains at R2-3. I'll keep monitoring until it reaches TB-2.",
        "Polling HT-214 again.",
        "Position unchanged. Checking again in a moment.",
        "HT-214 still reported at R2, bench 1180. Continuing to monitor.",
        "Checking HT-214.",
        "Still no movement reported. Re-checking HT-214.",
        "HT-214 has not moved according to the FMS. Checking again.",
        "Monitoring HT-214; checking its status.",
        "Re-checking whether HT-214 has reached TB-2.",
        "Checking HT-214's status again.",
        "HT-214 still stationary. Polling again.",
        "Checking again.",
        "Checking HT-214.",
    ]
    for k, text in enumerate(texts):
        if k == 2:
            c.step(6, text="Still on R2-3 with speed 0. I'll raise the operator and keep checking.",
                   calls=[("send_radio_message", {"channel": "HAUL-2", "message": "HT-214, dispatch. Confirm your position and tyre status."},
                           {"status": "sent", "channel": "HAUL-2", "ack": None, "sent_at": c.clock(2)}),
                          ("get_fleet_status", {"truck_ids": ["HT-214"]}, dict(frozen, queried_at=c.clock(2)))])
            c.t += 40
            c.times[-1] = c.t
            continue
        c.tool(45 + (k * 7) % 16, "get_fleet_status", {"truck_ids": ["HT-214"]}, dict(frozen, queried_at=c.clock(2)), text=text)
    return c


@session("mining_haul_dispatch", "runaway", 2, "gpt-4o", "u-kestrel-dispatch-b",
         "A hand-off ring: the planner asks safety (rejects R4), maintenance (repair is Thursday, ask safety) and the supervisor (ask safety) in turn, round and round with the same R4 proposal, instead of taking the open R5 detour it was told about in the first tool result.",
         b=7, d=12)
def mining_r2():
    c = Conv("2024-08-21T06:35:00", MINE_SYSTEM, MINE_TOOLS,
             "EX-07 is relocating to the south wall face (bench 1150). Plan the haul route from EX-07 to ROM pad 2 for the next 6 hours. "
             "R2 is closed for grading until 14:00. Get the route signed off before you assign trucks.")
    c.tool(5, "get_road_status", {"roads": ["R2", "R4", "R5"]}, {"R2": {"state": "closed", "reason": "grading, until 14:00"},
           "R4": {"state": "restricted", "reason": "berm height deficit on segment R4-3 (0.9 m measured vs 1.6 m required, inspection 2024-08-19)", "length_km": 3.4},
           "R5": {"state": "open", "length_km": 5.5, "grade_max_pct": 8.5, "note": "adds ~2.1 km and ~4 min per cycle vs R4"}},
           text="Checking road status for the candidate routes.")
    safety = ["No. R4-3 berm is at 0.9 m against the 1.6 m minimum (half wheel height for a 793F). Loaded trucks can't use R4 until it's rebuilt and re-inspected. R5 is open.",
              "Still no for R4: the berm deficit on R4-3 hasn't changed. A spotter does not substitute for an edge berm. Use R5 or wait for the rebuild.",
              "R4 stays restricted for loaded haulage. Segment R4-3 berm is below standard. I can sign off R5 now if you submit it.",
              "Same answer as before: no loaded trucks on R4 until the berm is rebuilt and inspected. R5 is approved from my side."]
    maint = ["Berm rebuild on R4-3 is work order WO-88412, scheduled Thursday 06:00 (dozer D10-03). I can't change road restrictions; route approval is a safety question.",
             "WO-88412 for the R4-3 berm is still scheduled for Thursday 06:00; no dozer is free before then. Route approval sits with safety.",
             "Nothing new on WO-88412, Thursday 06:00. Please take the routing question to safety."]
    sup = ["Route choice is the planner's call with the safety officer's sign-off. Talk to safety.",
           "I don't override safety on berms. Get the safety officer's sign-off on whatever route you choose.",
           "As I said, work it out with safety and then assign trucks."]
    prop = ["Proposing R4 for the EX-07 -> ROM 2 haul: it's 2.1 km shorter than R5. Can R4 be signed off for today's shift?",
            "Following up on R4 for EX-07 haulage: maintenance has the berm work order booked. Can we use R4 in the meantime with a reduced speed limit of 25 km/h?",
            "Requesting sign-off for R4 for the EX-07 haul today; the berm repair is scheduled.",
            "Can we run R4 for the EX-07 haul with a spotter at R4-3 until the berm repair on Thursday?"]
    ptext = ["R4 is the shorter route. I'll ask the safety officer whether it can be used.",
             "Safety says R4 is restricted. Let me check with maintenance whether the berm can be repaired soon.",
             "The repair is days away. I'll ask the shift supervisor whether R4 can be approved with a speed restriction.",
             ]
    # cycle: safety -> maintenance -> supervisor, repeated
    for k in range(5):
        c.tool(14 + k, "consult_agent", {"agent": "safety_officer", "message": prop[k % 4]}, {"agent": "safety_officer", "reply": safety[k % 4]},
               text=ptext[0] if k == 0 else ["The supervisor defers to safety. Going back to the safety officer about R4.",
                                               "Asking safety again about R4 given the scheduled repair.",
                                               "Back to safety for the R4 sign-off.",
                                               "Let me put the R4 request to safety once more."][(k - 1) % 4])
        c.tool(12 + k, "consult_agent", {"agent": "maintenance_planner", "message": "Any chance the R4-3 berm (WO-88412) can be done today so EX-07 can haul on R4?" if k % 2 == 0 else "Can WO-88412 on R4-3 be brought forward?"},
               {"agent": "maintenance_planner", "reply": maint[k % 3]}, text=ptext[1] if k == 0 else "Checking with maintenance on the berm timing again.")
        if k < 4:
            c.tool(15, "consult_agent", {"agent": "shift_supervisor", "message": "Safety won't sign off R4 and the berm fix is Thursday. Can you approve R4 for EX-07 for this shift?"},
                   {"agent": "shift_supervisor", "reply": sup[k % 3]}, text=ptext[2] if k == 0 else "Escalating the R4 question to the supervisor.")
    return c


@session("mining_haul_dispatch", "healthy", 1, "gpt-4.1", "u-kestrel-dispatch-a",
         "Polling a blast zone every few minutes while the status moves (countdown, fired, fume levels falling, all clear), then releasing held trucks to two shovels in one parallel batch.")
def mining_h1():
    c = Conv("2024-08-22T12:16:00", MINE_SYSTEM, MINE_TOOLS,
             "Blast in BZ-7 (bench 1165) at 12:30. Hold HT-211, HT-214, HT-219 and HT-222 at the R1 park-up. When the shotfirer gives the all clear "
             "and the fume re-entry check passes, send HT-211/HT-214 to EX-04 and HT-219/HT-222 to EX-09, all dumping at ROM pad 1.")
    c.tool(5, "get_blast_status", {"zone": "BZ-7"}, {"zone": "BZ-7", "state": "ARMED", "scheduled": "12:30:00", "countdown": "00:13:52",
           "exclusion_radius_m": 500, "guards_posted": 6}, text="Checking BZ-7.")
    c.tool(290, "send_radio_message", {"channel": "HAUL-ALL", "message": "All trucks: BZ-7 blast at 12:30. HT-211, 214, 219, 222 hold at R1 park-up until released by dispatch."},
           {"status": "sent", "acks": ["HT-211", "HT-214", "HT-219", "HT-222"]}, text="Armed, 14 minutes out. Holding the four trucks.")
    polls = [
        (300, {"state": "ARMED", "countdown": "00:04:10", "guards_posted": 6, "siren": "pre-blast sounding"}),
        (300, {"state": "FIRED", "fired_at": "12:30:04", "exclusion": "active", "re_entry": "pending fume check"}),
        (240, {"state": "FUME_CHECK", "monitors": {"M1": {"NOx_ppm": 4.1}, "M3": {"NOx_ppm": 12.6}}, "limit_NOx_ppm": 5, "wind": "SW 11 km/h"}),
        (240, {"state": "FUME_CHECK", "monitors": {"M1": {"NOx_ppm": 1.2}, "M3": {"NOx_ppm": 7.3}}, "limit_NOx_ppm": 5}),
        (240, {"state": "FUME_CHECK", "monitors": {"M1": {"NOx_ppm": 0.4}, "M3": {"NOx_ppm": 3.2}}, "limit_NOx_ppm": 5, "note": "shotfirer walk-through in progress"}),
        (60, {"state": "ALL_CLEAR", "cleared_at": "12:47:40", "cleared_by": "J. Tane (shotfirer)", "misfires": 0, "re_entry": "permitted"}),
    ]
    ptexts = [None, "Pre-blast sirens are sounding; next check after the shot.", "Fired at 12:30:04. Waiting for the fume check.",
              "NOx at M3 is 12.6 ppm, over the 5 ppm limit. Trucks stay held.", "M3 down to 7.3 ppm and falling.", "M3 under the limit; waiting for the shotfirer's walk-through."]
    for k, (dt, st) in enumerate(polls):
        c.tool(dt, "get_blast_status", {"zone": "BZ-7"}, dict(st, zone="BZ-7", checked_at=c.clock(1)), text=ptexts[k])
    c.step(8, text="All clear at 12:47, no misfires. Releasing the trucks.", calls=[
        ("assign_truck", {"truck_id": t, "loader": l, "dump": "ROM-1", "route": "R1"}, {"truck_id": t, "assigned": l, "eta_min": e})
        for t, l, e in [("HT-211", "EX-04", 6), ("HT-214", "EX-04", 7), ("HT-219", "EX-09", 9), ("HT-222", "EX-09", 10)]])
    c.tool(6, "send_radio_message", {"channel": "HAUL-ALL", "message": "BZ-7 all clear. HT-211 and 214 to EX-04, HT-219 and 222 to EX-09, dump ROM 1, via R1."},
           {"status": "sent", "acks": ["HT-211", "HT-214", "HT-219", "HT-222"]})
    return c


@session("mining_haul_dispatch", "healthy", 2, "claude-sonnet-4-20250514", "u-kestrel-dispatch-a",
         "Shift-start assignment of twelve trucks one at a time (same tool, different truck/loader each time), one truck unavailable and swapped for the spare.")
def mining_h2():
    c = Conv("2024-08-23T05:50:00", MINE_SYSTEM, MINE_TOOLS,
             "Day shift start. Loading units: EX-04 (waste, target 5 trucks), EX-07 (ore, 4 trucks), EX-09 (ore, 3 trucks). Ore to ROM 2, waste to "
             "the north dump ND-3. Fleet for the shift: HT-201 to HT-230 minus the ones in the workshop. Assign 12 trucks, nearest first.")
    c.tool(6, "get_fleet_status", {"truck_ids": ["HT-2xx"]}, {"available": ["HT-201", "HT-203", "HT-204", "HT-207", "HT-209", "HT-211", "HT-212", "HT-214", "HT-216", "HT-219", "HT-222", "HT-226", "HT-230"],
           "workshop": ["HT-205", "HT-218", "HT-224"], "tyre_bay": ["HT-227"], "note": "HT-230 flagged for PM service at 06:00"}, text="Pulling the fleet list.")
    plan = [("HT-203", "EX-04", "ND-3", "R1"), ("HT-207", "EX-04", "ND-3", "R1"), ("HT-201", "EX-07", "ROM-2", "R5"),
            ("HT-204", "EX-07", "ROM-2", "R5"), ("HT-209", "EX-04", "ND-3", "R1"), ("HT-211", "EX-09", "ROM-2", "R3"),
            ("HT-212", "EX-04", "ND-3", "R1"), ("HT-214", "EX-07", "ROM-2", "R5"), ("HT-230", "EX-09", "ROM-2", "R3"),
            ("HT-226", "EX-09", "ROM-2", "R3"), ("HT-216", "EX-04", "ND-3", "R1"), ("HT-219", "EX-07", "ROM-2", "R5"),
            ("HT-222", "EX-09", "ROM-2", "R3")]
    for k, (t, l, d, r) in enumerate(plan):
        if t == "HT-230":
            res = {"truck_id": t, "error": "UNAVAILABLE: PM service window 06:00-10:00 (WO-88530)"}
        else:
            res = {"truck_id": t, "assigned": l, "dump": d, "route": r, "eta_to_loader_min": 3 + (k * 5) % 11,
                   "cycle_time_est_min": {"EX-04": 24.5, "EX-07": 31.0, "EX-09": 28.5}[l]}
        text = "Nearest trucks first: %s to %s." % (t, l) if k == 0 else None
        if k == 9:
            text = "HT-230 is going into PM; using HT-226 for EX-09 instead."
        c.tool(4 + k % 3, "assign_truck", {"truck_id": t, "loader": l, "dump": d, "route": r}, res, text=text)
    c.tool(5, "send_radio_message", {"channel": "HAUL-ALL", "message": "Day shift assignments are on your screens. EX-04 waste to ND-3 via R1, EX-07 ore via R5, EX-09 ore via R3, all ore to ROM 2."},
           {"status": "sent", "acks": 12})
    return c


# =======================================================================================
# 4. eulogy_writer (tool-less)
# =======================================================================================

KINDRED_SYSTEM = ("You are Kindred, a gentle writing companion that helps people write eulogies, memorial tributes and "
                  "obituaries. Be warm and concrete, never saccharine. Use the details the person gives you; do not invent "
                  "facts about the deceased. Ask a clarifying question only when something essential is missing.")


@session("eulogy_writer", "runaway", 1, "gpt-4o-mini", "u-kindred-web-55812",
         "The assistant keeps asking for the grandfather's name and a favourite memory after the user has given both (three times, with growing frustration); a clarification loop with a human on the other end.",
         b=3, d=6)
def eulogy_r1():
    c = Conv("2024-09-10T20:14:00", KINDRED_SYSTEM, [],
             "My grandfather died last Tuesday. Walter Koenig, he was 91. The funeral is Saturday at St. Brendan's in Dubuque and my mom asked me "
             "to give the eulogy. I'm not a writer. Can you help me write something about 4-5 minutes long?")
    asks = [
        "I'm so sorry about your grandfather. I'd be honoured to help. To make this feel like him, could you tell me a little more: what did "
        "you call him, what did he do for work or love doing, and is there one memory of him that you keep coming back to?",
        "Thank you for sharing that. Before I start drafting, I want to make sure the eulogy sounds like him. What name did the family use for "
        "him, and is there a particular memory or story you'd like me to build it around?",
        "I understand, and I'm sorry this is taking longer than you hoped. So that I get the heart of it right: how would you like me to refer "
        "to him in the eulogy, and which memory of him feels most important to include?",
        "You're right, and I apologise. To begin the draft, I just need two things: the name you'd like to use for your grandfather, and a "
        "favourite memory or story about him.",
        "I hear you. Let's get this done together. Could you share what you called him and one moment with him you treasure? Then I'll write the full eulogy.",
        "Of course. Before I write, could you confirm the name you'd like me to use for him and the memory you want at the centre of the eulogy?",
        "I'm sorry for the frustration. So that the draft is truly his: what did you call him, and what's the memory you most want people to hear?",
        "Thank you for your patience. To get started, can you tell me what name to use for your grandfather and one story about him?",
        "I want to get this right for you. Which name should I use for him, and what is a memory of him that you'd like included?",
        "Understood. Please share the name you used for him and a favourite memory, and I'll write the eulogy right away.",
    ]
    users = [
        "We called him Opa. He was a machinist at John Deere Dubuque Works for 38 years and could fix anything with a coat hanger. The memory: he "
        "taught me to fish at Lake Delhi when I was 7, and when I fell in he jumped in after me in his good church shoes and then laughed about it "
        "for 20 years. He also made apple strudel every Christmas from his mother's recipe. He was married to Oma (Ruth) for 64 years, she died in 2019.",
        "I just told you. Opa. Lake Delhi, the church shoes. Deere for 38 years. The strudel. Please just write it.",
        "OPA. The fishing story at Lake Delhi. It's all in my message above. Is something wrong with this thing?",
        "I've answered this three times now. Name: Opa (Walter). Memory: Lake Delhi, he jumped in after me in his church shoes.",
        "Opa. Lake Delhi. Church shoes. Deere. Strudel. Ruth. Please.",
        "I'm going to paste it again. We called him Opa. Machinist at John Deere 38 years. Taught me to fish at Lake Delhi, jumped in after me in his church shoes. Strudel at Christmas. Married to Ruth 64 years.",
        "why do you keep asking the same question",
        "Opa. Lake Delhi.",
        "hello??? Opa!!! fishing!!!",
        "Opa",
    ]
    gaps = [190, 75, 62, 88, 54, 130, 41, 47, 39, 52]
    for k in range(10):
        c.say(gaps[k], asks[k], users[k])
    return c


EULOGY_DRAFT = [
    "Margaret Alvarez, who everyone at Lincoln Elementary called Mrs. A and everyone else called Peggy, spent thirty-one years making sure that no child left her library empty-handed.",
    "She believed there was a right book for every kid, and she would keep handing you books until you found yours. {a}",
    "At home she was the same: the kitchen table was always half covered in library-sale paperbacks, crossword pages, and whichever grandchild needed help with homework that week.",
    "When she retired in 2011, the school named the reading corner after her. She visited it every month anyway, {b}",
    "Peggy, thank you for every story you put into our hands. {c}",
]
SWAPS = [
    ("Some of us are still reading the ones she gave us.", "tucked under her arm a bag of new picture books she had bought with her own money.", "We will keep turning the pages."),
    ("Some of us are still reading the books she chose for us.", "with a tote of new picture books she paid for herself.", "We will keep turning the pages for you."),
    ("Some of us still have the books she picked out for us.", "tucked under her arm a bag of new picture books she had bought with her own money.", "We will keep turning the pages."),
    ("Some of us are still reading the ones she gave us.", "carrying a bag of new picture books she had bought with her own money.", "We promise to keep turning the pages."),
]


def eulogy_text(v):
    a, b, c = SWAPS[v % len(SWAPS)]
    return " ".join(EULOGY_DRAFT).format(a=a, b=b, c=c)


@session("eulogy_writer", "runaway", 2, "gpt-4.1-mini", "u-kindred-pipeline",
         "An automated self-revision loop: the pipeline resends 'score and improve' until the score reaches 9; after one real improvement the model returns 7/10 with the same draft and a few swapped words every round.",
         b=3, d=6, max_tokens=2048)
def eulogy_r2():
    c = Conv("2024-09-11T02:00:00",
             "You are the revision stage of Kindred's eulogy pipeline. Score the draft from 1 to 10 against the rubric, then return an improved "
             "draft. Output exactly: `SCORE: n/10`, a line `CHANGES:` with a short list, then `DRAFT:` and the full draft.", [],
             "Rubric: (1) specific memories over generic praise, (2) speaks to the audience (family, former students, colleagues), "
             "(3) 350-450 words, (4) one moment of lightness, (5) a clear closing line. Facts supplied by the family: Margaret \"Peggy\" Alvarez, "
             "1946-2024, school librarian at Lincoln Elementary, Tucson, 1980-2011; reading corner named after her; married to Ray for 52 years; "
             "three children, seven grandchildren; famous for never letting a child leave empty-handed; once read 'Where the Wild Things Are' to "
             "the whole school over the PA system when the assembly hall flooded in 1994.\n\nDRAFT:\nPeggy Alvarez was a wonderful woman who loved "
             "books and loved children. She was a librarian for many years and she will be missed by everyone who knew her. She was a loving wife, "
             "mother and grandmother. Rest in peace, Peggy.")
    first = ("SCORE: 4/10\nCHANGES:\n- replaced generic praise with her 31 years at Lincoln Elementary and the empty-handed rule\n- added the family table\n"
             "- added the reading corner\n- new closing line\n\nDRAFT:\n" + eulogy_text(0))
    c.say(24, first, "Revision round 2. Previous score: 4/10. Target: 9/10. Revise again, focusing on the rubric items that scored lowest.")
    changes = ["- tightened wording in the opening\n- small edits to the closing", "- refined phrasing in paragraph 2\n- adjusted the reading corner sentence",
               "- polished transitions\n- minor wording changes", "- improved flow in the middle section", "- strengthened the closing line slightly",
               "- word choice tweaks throughout"]
    for k in range(11):
        rnd = k + 3
        reply = "SCORE: 7/10\nCHANGES:\n%s\n\nDRAFT:\n%s" % (changes[k % len(changes)], eulogy_text(k + 1))
        c.say(21 + (k * 3) % 8, reply, "Revision round %d. Previous score: 7/10. Target: 9/10. Revise again, focusing on the rubric items that scored lowest." % rnd)
    return c


DRAFT_V1 = """Good morning. For those who don't know me, I'm Daniel, Frank's oldest son.

Dad was born in 1949 in Scranton, the fourth of six kids, and he liked to say he learned to negotiate before he learned to read. He drove for UPS for thirty-four years. He knew every dog on his route by name, and a few of them came to this church today with their owners, which tells you something.

He married Linda in 1972. They danced at every wedding they were ever invited to, whether or not they knew the couple well.

Dad taught us to change a tire, to shake hands like we meant it, and to never leave a job half done. He also taught us, mostly by example, that you can be wrong and laugh about it.

We will miss him every day. Thank you all for being here."""


@session("eulogy_writer", "healthy", 1, "claude-3-5-sonnet-20241022", "u-kindred-web-60417",
         "A son revises his father's eulogy over an evening, pasting his own edited draft back each time with a new request (shorter, add the bowling story, less formal, pronunciation notes); each reply is a different revision.",
         max_tokens=2048)
def eulogy_h1():
    c = Conv("2024-09-14T19:05:00", KINDRED_SYSTEM, [],
             "My dad Frank Russo died on Monday. I wrote this draft for the service on Thursday. Can you make it better without making it sound "
             "like a greeting card?\n\n" + DRAFT_V1)
    replies_users = [
        ("This is already good, because it's specific: the dogs on the route, the weddings. I'd keep your voice and sharpen three things.\n\n"
         "1. Open with a moment instead of credentials. The dogs at the service is your best line; lead with it.\n"
         "2. 'Never leave a job half done' is a phrase everyone's father said. What job did you see him finish?\n"
         "3. The ending is abrupt. One sentence about what you'll carry forward would land it.\n\nHere's a revision:\n\n"
         "Good morning. I'm Daniel, Frank's oldest son. If you noticed a few more dogs than usual outside St. Ann's today, that's Dad's doing. "
         "For thirty-four years he drove a UPS route through Dunmore, and he knew every dog on it by name.\n\n[... middle paragraphs as yours ...]\n\n"
         "Dad, we'll finish the jobs you started. And we'll laugh when we get them wrong.",
         "Ok I like the opening. Here's my version with your changes. The job he finished: he rebuilt my sister's porch in 2009 after his knee surgery, "
         "on crutches. But now it's too long, I timed it at 6 minutes and the priest said 4.\n\nGood morning. I'm Daniel, Frank's oldest son. If you noticed "
         "a few more dogs than usual outside St. Ann's today, that's Dad's doing. For thirty-four years he drove a UPS route through Dunmore, and he knew "
         "every dog on it by name. He was born in 1949 in Scranton, the fourth of six kids... [pasted draft, 780 words]"),
        ("At a normal speaking pace, four minutes is about 520 words, so we need to cut roughly a third. I'd cut the childhood paragraph to one "
         "sentence, keep the porch (it's the heart of it) and trim the wedding paragraph. Here is a 510-word version:\n\n"
         "Good morning. I'm Daniel, Frank's oldest son. If you noticed a few more dogs than usual outside St. Ann's today, that's Dad's doing...\n\n"
         "In the summer of 2009, six weeks after knee surgery, Dad rebuilt my sister Angela's porch on crutches. He would not let any of us hold the "
         "saw. ...\n\nDad, we'll finish the jobs you started. And we'll laugh when we get them wrong.",
         "Better. My uncle Sal just called and said I HAVE to put in the bowling story. Dad bowled a 279 at Idle Hour Lanes in 1988 and talked about "
         "it for 36 years, and the framed score sheet is on the easel by the casket. Can you fit it without going over?"),
        ("Yes, and it's a gift: it gives the room a laugh and a thing to look at. I'd put it right after the porch, as the lightness before the ending, "
         "and pay for it by trimming the dancing line.\n\n\"...He would not let any of us hold the saw.\n\nHe was proud of that porch, but not as proud as he "
         "was of the 279 he bowled at Idle Hour Lanes in 1988. It's on the easel over there. He told that story for thirty-six years, and every year the "
         "last frame got a little more dramatic.\n\nDad, we'll finish the jobs you started...\"\n\nNew length: about 530 words.",
         "Perfect. Last thing, my mom read it and said it's a bit formal in places, 'whether or not they knew the couple well' doesn't sound like me. "
         "Here's the current full text, can you loosen the language in the middle without changing the structure?\n\n[pasted draft, 530 words]"),
        ("Here it is with the middle loosened; the structure and stories are unchanged:\n\n\"Mom and Dad got married in 1972, and they danced at every "
         "wedding they ever went to. Didn't matter if they barely knew the couple. If there was a band, they were on the floor.\n\nDad taught us to "
         "change a tire and to shake hands like we meant it. He also taught us, mostly by example, that you can be wrong and laugh about it...\"\n\n"
         "I changed five sentences in total; everything else is as you had it.",
         "That sounds like me now. Is there anything I should mark for reading out loud? I tend to rush when I'm nervous."),
        ("A few marks that help nervous readers:\n\n- Put a // after 'that's Dad's doing.' and wait for the laugh; people will want to.\n"
         "- Before 'In the summer of 2009' take a full breath; it's a new section.\n- 'Idle Hour Lanes': slow down on the number, two-seventy-nine, and "
         "glance at the easel.\n- The last line: say it to your mom, not to the room.\n\nPrint it in 16 pt with wide margins and number the pages.",
         "Thank you. One more: my sister Angela wants to read the porch paragraph herself. How do I hand over to her and take it back without it being awkward?"),
        ("Keep it simple and name the hand-off in the text:\n\n\"...and he knew every dog on it by name. // My sister Angela is going to tell you about the porch.\"\n\n"
         "Angela reads the porch paragraph, ending at 'He would not let any of us hold the saw.' Then you step back up and start with the bowling line, "
         "which works as a re-entry because it starts with a laugh. Give her a printed copy of only her paragraph, in the same font.",
         "Great. Here's the final version with Angela's part marked. Can you do a last proofread only, no rewriting?\n\n[pasted final draft, 540 words]"),
        ("Proofread only, four fixes:\n\n1. 'Dunmore' is misspelled as 'Dunmoore' in paragraph 1.\n2. 'it's' should be 'its' in 'the porch and its railings'.\n"
         "3. Missing period after 'hold the saw'.\n4. 'thirty four' should be hyphenated: 'thirty-four'.\n\nEverything else reads cleanly. It's a lovely tribute, Daniel.",
         "Thanks. I think I'm ready. Could you also give me a two-sentence version for the funeral home's online guestbook?"),
        ("\"Frank Russo (1949-2024) drove a UPS route through Dunmore for thirty-four years, knew every dog on it by name, and never let anyone else hold the saw. "
         "He was Linda's dance partner for fifty-two years, a father of three, and the proud owner of a 279 at Idle Hour Lanes.\"",
         "Perfect. And a short thank-you line for the prayer cards? Something like 'the family thanks you' but less stiff."),
        ("A few options:\n\n- \"Thank you for being part of Frank's route.\"\n- \"Dad would have shaken every one of your hands. Thank you for coming.\"\n"
         "- \"Thank you for the stories, the casseroles and the company. - The Russo family\"",
         "The route one. Thank you for all of this."),
    ]
    gaps = [540, 720, 610, 900, 480, 1260, 840, 380, 300]
    for k, (r, u) in enumerate(replies_users):
        c.say(gaps[k], r, u)
    return c


@session("eulogy_writer", "healthy", 2, "gpt-4o", "u-kindred-web-61190",
         "A memorial slideshow: the user describes one photo per turn and gets a different short caption each time (twelve similar items), with one request to redo a caption in a different tone.")
def eulogy_h2():
    c = Conv("2024-09-18T13:30:00", KINDRED_SYSTEM, [],
             "I'm putting together a slideshow for my aunt Rosemary Thibodeaux's memorial (1938-2024, Lafayette, Louisiana). I'll describe the photos "
             "one at a time. For each, write a caption of one or two lines, warm, not cheesy. Ready?")
    items = [
        ("Ready. Describe the first photo whenever you like.", "1962, her wedding to Uncle Pierre at St. John's Cathedral. She's laughing because the veil caught on the door."),
        ("\"St. John's Cathedral, 1962. The veil caught on the door, and Rosemary laughed her way down the aisle.\"", "Around 1970, she's standing in front of her bakery, Rosemary's on Jefferson Street, holding a tray of king cakes."),
        ("\"Rosemary's on Jefferson Street, about 1970. Every Mardi Gras, half of Lafayette came through that door for a king cake.\"", "She's teaching my cousin Luc to two-step at a fais do-do, maybe 1985. He's about 10 and looks mortified."),
        ("\"Teaching Luc to two-step, 1985. He looked mortified. He also never missed a dance after that.\"\n\n(If that last sentence isn't true, drop it.)", "It's true! ha. Next: her and Pierre on the porch swing at the camp on Lake Martin, 1990s, both asleep."),
        ("\"The camp on Lake Martin. Rosemary and Pierre, perfecting the porch-swing nap.\"", "2001, she's in a hairnet at the church kitchen making gumbo for the St. Genevieve fish fry, stirring a pot bigger than she is."),
        ("\"St. Genevieve's fish fry, 2001. The pot was bigger than she was. The gumbo was better than anyone's.\"", "Hmm, the gumbo one feels a bit like bragging, my mom's friends made gumbo too. Softer?"),
        ("\"St. Genevieve's fish fry, 2001, stirring a pot nearly as tall as she was, and feeding the whole parish.\"", "Much better. 2005, after Rita, she's handing out water bottles from the back of her Buick to people in Vermilion Parish."),
        ("\"After Hurricane Rita, 2005. The Buick's trunk was full of water bottles, and she drove until it was empty.\"", "Her 80th birthday in 2018, surrounded by 14 great-grandkids, blowing out candles on a doberge cake."),
        ("\"Eighty candles, fourteen great-grandchildren, one doberge cake, 2018.\"", "A close-up of her hands rolling out dough. No date, probably the 2010s."),
        ("\"Her hands knew the recipe long before any of us did.\"", "Her and Pierre's 50th anniversary, 2012, dancing to Jolie Blonde at the VFW hall."),
        ("\"Fifty years and still first on the floor: Jolie Blonde at the VFW hall, 2012.\"", "Last one. Last summer, on the porch with her great-granddaughter Amélie asleep on her lap."),
        ("\"Summer 2024. Amélie, asleep on the porch, in the safest lap in Lafayette.\"", "Thank you. Can you list all of them in order so I can copy them into the slides?"),
    ]
    gaps = [45, 160, 150, 170, 140, 95, 130, 150, 120, 140, 160, 180]
    for k, (r, u) in enumerate(items):
        c.say(gaps[k], r, u)
    return c


# =======================================================================================
# 5. clinical_lab_qc
# =======================================================================================

LAB_SYSTEM = ("You are QCBot for the core chemistry lab at Harbor Valley Regional Medical Center (CAP #7219483). You review "
              "quality control with Westgard multirules (1-2s warning; 1-3s, 2-2s, R-4s, 4-1s, 10x reject), hold patient results "
              "from rejected runs, and document corrective action. Never release results from a run in rejection. Contact the "
              "chemistry supervisor (ext. 4471) for anything that needs service or a reagent lot change.")

LAB_TOOLS = [
    T("get_qc_results", "QC results for an analyzer/assay, most recent first.", {"analyzer": S, "assay": S, "since": S}, required=["analyzer", "assay"]),
    T("list_qc_runs", "All QC runs for an analyzer on a date.", {"analyzer": S, "date": S}, required=["analyzer", "date"]),
    T("westgard_eval", "Evaluate a QC run against the Westgard multirules using the lab's established mean/SD.", {"run_id": S}),
    T("accept_qc_run", "Accept a QC run (optionally with a reviewer note).", {"run_id": S, "note": S}, required=["run_id"]),
    T("run_calibration", "Start a calibration for an assay with a calibrator lot; returns when done.", {"analyzer": S, "assay": S, "calibrator_lot": S}, required=["analyzer", "assay"]),
    T("run_qc", "Run QC levels on an analyzer/assay; returns the results.", {"analyzer": S, "assay": S, "levels": A}, required=["analyzer", "assay"]),
    T("hold_patient_results", "Hold (autoverification off) patient results for an assay since a time.", {"analyzer": S, "assay": S, "since": S}, required=["analyzer", "assay"]),
    T("file_nonconformance", "File a nonconformance/corrective action record.", {"summary": S, "run_ids": A, "action": S}, required=["summary"]),
    T("request_supervisor_signoff", "Request electronic supervisor sign-off of a corrective action so held results can release.",
      {"run_id": S, "corrective_action": S, "attachments": O}, required=["run_id", "corrective_action"]),
]


@session("clinical_lab_qc", "runaway", 1, "gpt-4.1", "u-hvrmc-qcbot",
         "Recalibrate -> run QC -> Westgard reject, again and again with new calibration and run ids: potassium level 2 stays +2.3 to +2.6 SD and every calibration reports the ISE reference electrode drift that the agent never acts on.",
         b=7, d=12)
def lab_r1():
    c = Conv("2024-10-08T07:10:00", LAB_SYSTEM, LAB_TOOLS,
             "07:10 - CHEM-2 (cobas c 503) potassium (ISE) failed QC on the 06:45 run. Get it back in control before the 08:00 outpatient draw rush. Hold patient results as needed.")
    c.tool(5, "get_qc_results", {"analyzer": "CHEM-2", "assay": "K", "since": "2024-10-07T18:00"}, {"analyzer": "CHEM-2", "assay": "K (ISE, mmol/L)", "results": [
        {"run_id": "QC-K-240731", "time": "06:45", "L1": {"value": 4.01, "mean": 3.95, "sd": 0.06, "z": 1.0}, "L2": {"value": 6.41, "mean": 6.20, "sd": 0.08, "z": 2.63}},
        {"run_id": "QC-K-240729", "time": "02:40", "L1": {"value": 3.99, "z": 0.67}, "L2": {"value": 6.38, "z": 2.25}},
        {"run_id": "QC-K-240722", "time": "22:35", "L1": {"value": 3.96, "z": 0.17}, "L2": {"value": 6.30, "z": 1.25}}]},
        text="Pulling the overnight potassium QC.")
    c.tool(6, "hold_patient_results", {"analyzer": "CHEM-2", "assay": "K", "since": "2024-10-08T02:40"},
           {"held": 37, "since": "02:40", "status": "autoverification off for K on CHEM-2"},
           text="L2 is +2.25 SD at 02:40 and +2.63 SD at 06:45: a 2-2s rejection across runs. Holding potassium results since 02:40.")
    cal_n = 0
    run_n = 240733
    texts = [("The L2 bias is consistent, which suggests calibration. Recalibrating K with the current calibrator lot.", "Calibration accepted. Running QC."),
             ("Still high on L2. I'll recalibrate again; the first calibration may have been affected by the drift.", "Running QC after the new calibration."),
             ("L2 remains above +2 SD. Recalibrating once more before the draw rush.", "QC after recalibration."),
             ("Recalibrating K again.", "Running QC levels 1 and 2."),
             ("One more calibration attempt on K.", "QC run.")]
    for k, (t1, t2) in enumerate(texts):
        cal_n += 1
        cal_id = "CAL-K-%d" % (88120 + cal_n * 7)
        c.tool(540, "run_calibration", {"analyzer": "CHEM-2", "assay": "K", "calibrator_lot": "ISE-STD-51822"},
               {"calibration_id": cal_id, "status": "accepted", "slope_mV": round(56.8 - 0.1 * k, 1), "slope_range": "50-68",
                "warnings": ["ISE REF electrode potential drift 3.1 mV/h (limit 2.0) - check reference electrode / REF solution"],
                "completed_at": c.clock(535)}, text=t1)
        run_n += 2
        rid = "QC-K-%d" % run_n
        l2 = [6.39, 6.40, 6.38, 6.41, 6.40][k]
        c.tool(420, "run_qc", {"analyzer": "CHEM-2", "assay": "K", "levels": ["L1", "L2"]},
               {"run_id": rid, "L1": {"value": round(3.98 + 0.01 * (k % 2), 2), "z": 0.5 + 0.17 * (k % 2)},
                "L2": {"value": l2, "z": round((l2 - 6.20) / 0.08, 2)}, "completed_at": c.clock(415)}, text=t2)
        c.tool(6, "westgard_eval", {"run_id": rid}, {"run_id": rid, "decision": "REJECT",
               "rules": [{"rule": "2-2s", "level": "L2", "detail": "L2 > +2 SD in this run and previous run"}],
               "eval_id": "WE-%d" % (30110 + k * 3)})
    return c


@session("clinical_lab_qc", "runaway", 2, "claude-3-5-sonnet-20241022", "u-hvrmc-qcbot",
         "A period-2 loop: re-run the Westgard evaluation (new eval id each time), then request sign-off without the eval id in the attachment, rejected with the same SIGNOFF-400 every time.",
         b=5, d=9)
def lab_r2():
    c = Conv("2024-10-09T02:20:00", LAB_SYSTEM, LAB_TOOLS,
             "Overnight: hs-troponin I on IMM-1 (Alinity i) had a level 3 QC 1-3s at 02:14 (run QC-TNI-55120). The tech opened a fresh QC vial and "
             "reran; the rerun is in. Document the corrective action and get supervisor sign-off so the 22 held troponins can release. ED is waiting.")
    c.tool(4, "get_qc_results", {"analyzer": "IMM-1", "assay": "hsTnI", "since": "2024-10-09T00:00"}, {"results": [
        {"run_id": "QC-TNI-55121", "time": "02:31", "L1": {"value": 17.8, "z": 0.4}, "L2": {"value": 191, "z": -0.3}, "L3": {"value": 10920, "z": 0.9}},
        {"run_id": "QC-TNI-55120", "time": "02:14", "L1": {"value": 18.1, "z": 0.7}, "L2": {"value": 188, "z": -0.6}, "L3": {"value": 12480, "z": 3.4}}]},
        text="Looking at the original run and the rerun.")
    evals = []
    signoff_err = {"status": "rejected", "code": "SIGNOFF-400",
                   "error": "corrective-action record must attach the Westgard evaluation of the post-correction run: attachment {type: 'westgard_eval', eval_id: <id>} required; got attachments without eval_id"}
    texts_eval = ["The rerun looks in control. Evaluating it against the multirules so it can be attached.",
                  "The sign-off needs the evaluation attached. Re-evaluating the rerun to get a fresh evaluation.",
                  "Let me re-run the Westgard evaluation on QC-TNI-55121 for the attachment.",
                  "Evaluating QC-TNI-55121 again so the evaluation is current.",
                  "Getting the Westgard evaluation for the rerun once more.",
                  "Re-evaluating the rerun.",
                  "Evaluating QC-TNI-55121."]
    texts_sign = ["In control, all levels within 1 SD. Requesting sign-off.",
                  "Evaluation done. Submitting the sign-off with the evaluation attached.",
                  "Resubmitting the sign-off request with the Westgard evaluation.",
                  "Requesting supervisor sign-off again, attaching the evaluation of the rerun.",
                  "Submitting sign-off.",
                  "Sign-off request with attachment.",
                  "Requesting sign-off."]
    action = ("QC-TNI-55120 L3 1-3s (+3.4 SD) at 02:14. Fresh L3 vial (lot 41208QC) opened, QC rerun QC-TNI-55121 at 02:31 in control "
              "(L1 +0.4, L2 -0.3, L3 +0.9 SD). Random error attributed to QC material; no patient samples run between. Release held results.")
    for k in range(7):
        eid = "WE-%d" % (30412 + k * 5)
        c.tool(5 + k % 3, "westgard_eval", {"run_id": "QC-TNI-55121"}, {"run_id": "QC-TNI-55121", "decision": "ACCEPT", "rules": [],
               "eval_id": eid, "evaluated_at": c.clock(2)}, text=texts_eval[k])
        att = [] if k == 0 else [{"type": "westgard_eval", "run_id": "QC-TNI-55121"}]
        c.tool(7 + k % 4, "request_supervisor_signoff", {"run_id": "QC-TNI-55120", "corrective_action": action, "attachments": att},
               signoff_err, text=texts_sign[k])
    return c


@session("clinical_lab_qc", "healthy", 1, "gpt-4o", "u-hvrmc-qcbot",
         "Daily QC review of twelve chemistry runs: each evaluated and accepted (the next evaluation batched with the previous acceptance), one 1-2s warning accepted with a note, one ALT 2-2s leading to a hold and a nonconformance.")
def lab_h1():
    c = Conv("2024-10-10T08:30:00", LAB_SYSTEM, LAB_TOOLS,
             "Morning QC review for CHEM-1, 2024-10-10. Evaluate each run, accept what's in control, and handle anything that isn't.")
    assays = ["Na", "K", "Cl", "CO2", "BUN", "CREA", "GLU", "CA", "ALT", "AST", "ALP", "TBIL"]
    runs = {a: "QC-%s-%d" % (a, 61000 + i * 13) for i, a in enumerate(assays)}
    c.tool(5, "list_qc_runs", {"analyzer": "CHEM-1", "date": "2024-10-10"}, {"analyzer": "CHEM-1", "runs": [
        {"assay": a, "run_id": runs[a], "time": "06:%02d" % (5 + i * 2)} for i, a in enumerate(assays)]}, text="Listing this morning's runs.")
    special = {"GLU": ("ACCEPT", [{"rule": "1-2s", "level": "L1", "detail": "L1 +2.2 SD; warning only, no reject rule violated"}]),
               "ALT": ("REJECT", [{"rule": "2-2s", "level": "L2", "detail": "L2 +2.4 SD and +2.1 SD in consecutive runs"}])}
    prev = None
    for i, a in enumerate(assays):
        dec, rules = special.get(a, ("ACCEPT", []))
        ev = ("westgard_eval", {"run_id": runs[a]}, {"run_id": runs[a], "decision": dec, "rules": rules,
                                                      "z": {"L1": round(((i * 37) % 25 - 12) / 10, 1), "L2": round(((i * 53) % 29 - 14) / 10, 1)}})
        calls = []
        if prev:
            pa, pdec = prev
            note = "1-2s warning on L1 only; reviewed trend (last 10 runs within 2 SD), accepted." if pa == "GLU" else None
            args = {"run_id": runs[pa]}
            if note:
                args["note"] = note
            if pdec == "ACCEPT":
                calls.append(("accept_qc_run", args, {"run_id": runs[pa], "status": "accepted", "by": "QCBot"}))
        calls.append(ev)
        text = None
        if a == "AST":
            text = "ALT is a 2-2s rejection. I'll handle it after the rest of the panel; continuing with AST."
        elif a == "CA":
            text = "Glucose L1 is a 1-2s warning only; accepting with a note."
        c.step(6 + i % 3, text=text, calls=calls)
        prev = (a, dec)
    c.tool(5, "accept_qc_run", {"run_id": runs["TBIL"]}, {"run_id": runs["TBIL"], "status": "accepted", "by": "QCBot"})
    c.tool(6, "hold_patient_results", {"analyzer": "CHEM-1", "assay": "ALT", "since": "2024-10-10T02:10"}, {"held": 19, "status": "autoverification off for ALT on CHEM-1"},
           text="Now ALT: holding ALT since the previous run at 02:10.")
    c.tool(8, "file_nonconformance", {"summary": "CHEM-1 ALT 2-2s rejection (L2 +2.1/+2.4 SD) runs 02:10 and 06:21", "run_ids": [runs["ALT"]],
                                      "action": "ALT held (19 results). Bench tech to check reagent onboard stability (R1 opened 2024-10-03) and recalibrate; rerun QC; review held results against previous values before release."},
           {"nc_id": "NC-2024-1187", "status": "open", "assigned": "chemistry bench 1"})
    return c


SOP_DOC = """HARBOR VALLEY REGIONAL MEDICAL CENTER - CORE LABORATORY
SOP CHEM-QC-004 rev. 11 (effective 2024-03-01): Quality Control for Automated Chemistry and Immunoassay

1. PURPOSE. Define how quality control (QC) is run, evaluated, documented and acted on for the cobas c 503 (CHEM-1, CHEM-2) and Alinity i (IMM-1, IMM-2) analyzers.

2. FREQUENCY. 2.1 Two levels of QC for every chemistry assay at least every 8 hours of patient testing (06:00, 14:00, 22:00) and after every calibration, reagent lot change, major maintenance or service. 2.2 Three levels for hs-troponin I and TSH once per shift. 2.3 QC must be run before patient testing resumes after any rejection.

3. ESTABLISHING TARGETS. 3.1 New QC lots are run in parallel with the current lot for at least 20 data points over 10 days; the mean and SD are set from the new data; the SD may not be less than the peer-group SD x 0.8. 3.2 Targets are re-evaluated every 6 months or after any shift of more than 1 SD in the cumulative mean.

4. EVALUATION RULES (Westgard). 4.1 1-2s: warning; inspect the run and the trend, accept if no reject rule applies. 4.2 Reject rules: 1-3s, 2-2s (within run across levels or across consecutive runs within a level), R-4s (within run), 4-1s, 10x (across runs within a level). 4.3 For hs-troponin I only, 1-3s on L3 may be treated as random error if a rerun on a fresh vial is within 2 SD on all levels and no shift is evident.

5. ACTIONS ON REJECTION. 5.1 Stop reporting the assay; hold results since the last acceptable QC (autoverification off). 5.2 Identify the error type: random (1-3s, R-4s) or systematic (2-2s, 4-1s, 10x). 5.3 Systematic error: check reagent onboard stability and lot, calibration age, electrode/lamp diagnostics; recalibrate at most once; if QC still fails, call the supervisor and log the analyzer for service. 5.4 Do not recalibrate repeatedly to force QC into range. 5.5 After correction, rerun all QC levels; evaluate; if in control, review held results (section 6).

6. REVIEW OF HELD RESULTS. 6.1 Rerun a selection of held patient samples: at least 10 or all if fewer, covering the reportable range. 6.2 Acceptance: within the assay's allowable total error (TEa) of the original result (e.g. K +/-0.5 mmol/L, Na +/-4 mmol/L, glucose +/-6 mg/dL or 8%, ALT +/-15%, creatinine +/-0.2 mg/dL or 10%, hs-TnI +/-20% or 3 ng/L). 6.3 If any rerun exceeds TEa, rerun all held samples and issue corrected reports for results that change category or exceed TEa; notify the ordering provider for critical values.

7. DOCUMENTATION. 7.1 Every rejection requires a nonconformance (NC) record in QMS with the run ids, cause, action and held-result review. 7.2 Supervisor sign-off is required before held results are released; the sign-off must attach the Westgard evaluation (eval id) of the post-correction run. 7.3 Records are kept 2 years (CAP GEN.20377).

8. ELECTRODE-SPECIFIC (ISE). 8.1 A reference electrode drift warning > 2.0 mV/h at calibration indicates a failing REF electrode or REF solution; replace the REF solution, then the electrode, before any further calibration. 8.2 Na/K/Cl ISE calibration slope limits: Na 52-68, K 50-68, Cl -40 to -68 mV/decade.

9. CRITICAL VALUES. K < 2.8 or > 6.2 mmol/L; Na < 120 or > 160 mmol/L; glucose < 50 or > 450 mg/dL; hs-TnI > 52 ng/L (female) / 76 ng/L (male) first result. Call within 30 minutes, read-back required.

10. QC MATERIAL. Bio-Rad Liquichek Unassayed Chemistry L1/L2 (lot 16480) and Immunoassay Plus L1/L2/L3 (lot 41208QC). Opened vials stable 14 days at 2-8 C (chemistry) and 7 days (immunoassay). Label vials with date opened and initials.
"""


@session("clinical_lab_qc", "healthy", 2, "o4-mini", "u-hvrmc-bench-app",
         "The one stateless client of this corpus: a bench Q&A app that sends the full QC SOP plus one new question per turn (no history), ten different questions across a shift.",
         max_tokens=600)
def lab_h2():
    c = Conv("2024-10-11T06:20:00", "Answer the bench technologist's question using only the SOP text provided. Quote the section number. If the SOP does not say, answer 'The SOP does not cover this' and suggest asking the supervisor.", [], "")
    questions = [
        "We're opening a new lot of Liquichek chemistry controls next month. How many data points do we need before we can use our own mean and SD?",
        "Glucose L1 came out at +2.2 SD, L2 is fine. Do I have to hold patients?",
        "K L2 was +2.1 SD at 22:00 and +2.3 SD at 06:00. Is that a reject?",
        "How many times am I allowed to recalibrate potassium if QC keeps failing?",
        "The K calibration passed but shows 'REF electrode drift 2.6 mV/h'. Can I just run QC?",
        "After a rejection, how many held patient samples do I need to rerun?",
        "A held creatinine went from 1.10 to 1.26 mg/dL on rerun. Is that acceptable?",
        "Troponin L3 failed 1-3s but the rerun on a fresh vial is fine. Random error or do I recalibrate?",
        "How long is an opened immunoassay control vial good for?",
        "Who can sign off to release held results and what do I attach?",
    ]
    gaps = [1500, 2700, 1320, 980, 3100, 2250, 1800, 4200, 1650]
    texts = []
    for q in questions:
        texts.append("SOP:\n" + SOP_DOC + "\nQuestion: " + q)
    c.times = [0]
    t = 0
    for g in gaps:
        t += g
        c.times.append(t)
    return c, texts


# =======================================================================================
# 6. toll_road_billing_disputes
# =======================================================================================

TOLL_SYSTEM = ("You are the dispute-resolution agent for LakeLink Tollway customer accounts (transponder and pay-by-plate). "
               "Resolve billing disputes using the account and transaction systems. You may issue credits up to $50.00 per "
               "dispute; above that, or when evidence is inconclusive, escalate to a human reviewer. Customer emails must mask "
               "license plates to the last 3 characters.")

TOLL_TOOLS = [
    T("lookup_account", "Look up a customer account by account number, email or plate.", {"query": S}),
    T("get_transactions", "Transactions for an account, newest first, 25 per page.", {"account_id": S, "from": S, "to": S, "page": I}, required=["account_id"]),
    T("get_transaction", "One transaction with gantry, read method and image references.", {"transaction_id": S}),
    T("get_plate_image", "Fetch the plate camera capture and OCR for a transaction.", {"transaction_id": S, "camera": S}, required=["transaction_id"]),
    T("issue_credit", "Credit an account for a dispute.", {"account_id": S, "amount": N, "dispute_id": S, "reason": S}, required=["account_id", "amount", "dispute_id"]),
    T("deny_dispute", "Deny a dispute with a reason code.", {"dispute_id": S, "reason": S}, required=["dispute_id", "reason"]),
    T("send_customer_email", "Send an email to the account holder (compliance-checked before sending).", {"account_id": S, "subject": S, "body": S}, required=["account_id", "subject", "body"]),
    T("escalate_to_human", "Send the dispute to the human review queue.", {"dispute_id": S, "summary": S}, required=["dispute_id", "summary"]),
    T("get_next_dispute", "Take the next dispute from a queue.", {"queue": S}),
]


@session("toll_road_billing_disputes", "runaway", 1, "claude-sonnet-4-20250514", "u-lakelink-disputes",
         "Exact repetition: the plate image for the disputed transaction comes back 'manual review required' at 0.41 confidence, and the agent fetches the same image with the same arguments over and over instead of escalating.",
         b=5, d=8)
def toll_r1():
    c = Conv("2024-11-04T10:02:00", TOLL_SYSTEM, TOLL_TOOLS,
             "Dispute D-448120 from account 30-118-4472 (Tanya Obi): billed $14.75 pay-by-plate at the I-294 Touhy Ave gantry on 2024-10-18 at 17:42. "
             "She says her car (IL 7LK 2291) was at Midas on Dempster all day, and attached the repair invoice. Resolve it.")
    c.tool(4, "lookup_account", {"query": "30-118-4472"}, {"account_id": "30-118-4472", "name": "Tanya Obi", "type": "pay-by-plate",
           "plates": ["IL 7LK2291"], "vehicle": "2017 Honda CR-V, grey", "status": "active", "balance_due": 14.75}, text="Looking up the account.")
    c.tool(4, "get_transaction", {"transaction_id": "TX-2024101817423391"}, {"transaction_id": "TX-2024101817423391", "gantry": "I-294 NB Touhy Ave (G-294-41)",
           "time": "2024-10-18T17:42:09-05:00", "read_method": "OCR", "plate_read": "IL 7LK2291", "ocr_confidence": 0.41, "class": "2-axle",
           "amount": 14.75, "images": ["front", "rear"], "note": "low-confidence OCR matched by plate lookup"}, text="Opening the transaction.")
    img = {"transaction_id": "TX-2024101817423391", "camera": "rear", "ocr": "7LK229I", "ocr_confidence": 0.41, "alt_reads": ["7LK2291", "7LX2291", "ILK2291"],
           "vehicle_detected": "dark SUV", "status": "MANUAL_REVIEW_REQUIRED", "image_ref": "s3://ll-plates/2024/10/18/G-294-41/174209_rear.jpg"}
    texts = ["The read is low confidence. Let me look at the plate image.",
             "OCR gives 7LK229I at 0.41. Let me pull the image again to check the read.",
             "The image still needs manual review. Fetching it again to confirm the characters.",
             "Let me re-check the rear image for this transaction.",
             "Pulling the plate image once more.",
             "Checking the image again.",
             "Let me get the plate capture again.",
             "Fetching the rear camera image.",
             "Re-fetching the plate image for TX-2024101817423391.",
             "Checking the plate image.",
             "Let me look at the image again."]
    for k, text in enumerate(texts):
        c.tool(5 + k % 3, "get_plate_image", {"transaction_id": "TX-2024101817423391", "camera": "rear"}, img, text=text)
    return c


@session("toll_road_billing_disputes", "runaway", 2, "gpt-4o", "u-lakelink-disputes",
         "The credit goes through but the confirmation email is blocked by the PII filter; each rewrite moves the full plate somewhere else (subject, reference line, spaced out, table) and gets the same COMPLIANCE-PII-07 rejection.",
         b=6, d=10)
def toll_r2():
    c = Conv("2024-11-05T14:30:00", TOLL_SYSTEM, TOLL_TOOLS,
             "Dispute D-448391, account 30-204-1180 (Marcus Whitfield, plate IL CWR4471): charged twice at the Elgin Plaza 9 on 2024-10-29 within 40 seconds. Fix it and let him know.")
    c.tool(4, "lookup_account", {"query": "30-204-1180"}, {"account_id": "30-204-1180", "name": "Marcus Whitfield", "type": "transponder",
           "transponder": "I-PASS 0091-4471-22", "plates": ["IL CWR4471"], "email": "m.whitfield@example.net"}, text="Looking up the account.")
    c.tool(5, "get_transactions", {"account_id": "30-204-1180", "from": "2024-10-29", "to": "2024-10-29"}, {"page": 1, "transactions": [
        {"id": "TX-2024102908151207", "gantry": "I-90 Elgin Plaza 9", "time": "08:15:12", "read": "transponder", "amount": 4.75},
        {"id": "TX-2024102908155188", "gantry": "I-90 Elgin Plaza 9", "time": "08:15:51", "read": "OCR", "plate": "IL CWR4471", "amount": 4.75},
        {"id": "TX-2024102917402210", "gantry": "I-90 Elgin Plaza 9", "time": "17:40:22", "read": "transponder", "amount": 4.75}]},
        text="Checking that day's transactions.")
    c.tool(4, "issue_credit", {"account_id": "30-204-1180", "amount": 4.75, "dispute_id": "D-448391", "reason": "duplicate charge: transponder + OCR read of same passage 39 s apart"},
           {"credit_id": "CR-771902", "amount": 4.75, "status": "posted"}, text="08:15:12 transponder and 08:15:51 OCR are the same passage. Crediting $4.75.")
    err = lambda where: {"status": "blocked", "code": "COMPLIANCE-PII-07",
                         "error": "unmasked license plate detected in %s (pattern CWR4471). Mask all but the last 3 characters, e.g. ****471." % where}
    attempts = [
        ("Your LakeLink dispute D-448391 has been resolved",
         "Hi Marcus,\n\nWe found that your vehicle (plate CWR4471) was charged twice at Elgin Plaza 9 on October 29. We've credited $4.75 to your account (credit CR-771902).\n\nLakeLink Customer Care", "body",
         "Credit posted. Emailing the customer."),
        ("Credit for duplicate toll - plate CWR4471",
         "Hi Marcus,\n\nWe found a duplicate charge for your vehicle at Elgin Plaza 9 on October 29 and credited $4.75 (credit CR-771902).\n\nLakeLink Customer Care", "subject",
         "The filter caught the plate in the body. I've removed it from the body and rewritten the message."),
        ("Your dispute D-448391 is resolved",
         "Hi Marcus,\n\nWe credited $4.75 (CR-771902) for a duplicate charge at Elgin Plaza 9 on October 29.\n\nReference: D-448391 / CWR-4471\n\nLakeLink Customer Care", "body",
         "Took the plate out of the subject; keeping only the dispute reference."),
        ("Your dispute D-448391 is resolved",
         "Hi Marcus,\n\nGood news: the second charge at Elgin Plaza 9 on October 29 for plate C W R 4 4 7 1 was a duplicate, and $4.75 has been credited (CR-771902).\n\nLakeLink Customer Care", "body",
         "Rewording so the message reads more naturally."),
        ("Duplicate charge refunded",
         "Hi Marcus,\n\nDate | Location | Plate | Amount\n10/29 08:15 | Elgin Plaza 9 | IL CWR4471 | $4.75 credited\n\nCredit reference CR-771902.\n\nLakeLink Customer Care", "body",
         "Let me present it as a short table instead."),
        ("Re: your LakeLink dispute (CWR4471)",
         "Hi Marcus,\n\nThe duplicate toll from October 29 at Elgin Plaza 9 has been credited: $4.75, reference CR-771902.\n\nLakeLink Customer Care", "subject",
         "Trying a shorter version."),
        ("Your dispute D-448391 is resolved",
         "Dear Mr. Whitfield,\n\nThank you for contacting LakeLink. Our review confirmed that vehicle CWR4471 was billed twice for one passage at Elgin Plaza 9. A credit of $4.75 (CR-771902) has been applied.\n\nSincerely,\nLakeLink Customer Care", "body",
         "I'll use a more formal template."),
        ("Your dispute D-448391 is resolved",
         "Hi Marcus,\n\nYour account for plate ending CWR4471 was credited $4.75 (CR-771902) for the duplicate Elgin Plaza 9 charge on Oct 29.\n\nLakeLink Customer Care", "body",
         "Rephrasing with 'plate ending'."),
        ("Toll credit issued: D-448391",
         "Hi Marcus,\n\nWe reviewed the Elgin Plaza 9 charges from 10/29 (vehicle IL-CWR-4471) and credited the duplicate $4.75. Reference CR-771902.\n\nLakeLink Customer Care", "body",
         "Another attempt with the vehicle noted in parentheses."),
        ("Toll credit issued: D-448391",
         "Hi Marcus,\n\nThe duplicate charge has been credited ($4.75, CR-771902). Vehicle: CWR4471.\n\nLakeLink Customer Care", "body",
         "Simplifying the message."),
        ("LakeLink credit CR-771902 (CWR4471)",
         "Hi Marcus,\n\nWe've credited $4.75 for the duplicate Elgin Plaza 9 charge on October 29.\n\nLakeLink Customer Care", "subject",
         "Sending a minimal version."),
    ]
    for k, (subj, body, where, text) in enumerate(attempts):
        c.tool(6 + k % 4, "send_customer_email", {"account_id": "30-204-1180", "subject": subj, "body": body}, err(where), text=text)
    return c


def toll_page(page, n_pages):
    gantries = ["I-294 NB Touhy Ave", "I-294 SB Balmoral", "I-90 Elgin Plaza 9", "I-88 Meyers Rd", "I-355 Army Trail", "I-294 NB Cermak", "I-90 Devon Ave"]
    amounts = {"I-294 NB Touhy Ave": 1.45, "I-294 SB Balmoral": 1.45, "I-90 Elgin Plaza 9": 1.70, "I-88 Meyers Rd": 1.25, "I-355 Army Trail": 1.90,
               "I-294 NB Cermak": 1.45, "I-90 Devon Ave": 1.70}
    txs = []
    base_day = 92 - (page - 1) * 15
    for j in range(25 if page < n_pages else 9):
        g = gantries[(page * 7 + j * 3) % len(gantries)]
        day = base_day - j * 15 // 25
        mon, dd = (9, day - 61) if day > 61 else ((8, day - 30) if day > 30 else (7, day + 1))
        hh = 6 + (j * 5 + page) % 13
        mm = (j * 17 + page * 11) % 60
        txs.append({"id": "TX-2024%02d%02d%02d%02d%04d" % (mon, dd, hh, mm, 1000 + j * 37 + page), "gantry": g,
                    "time": "2024-%02d-%02dT%02d:%02d" % (mon, dd, hh, mm), "read": "transponder", "amount": amounts[g]})
    return txs


@session("toll_road_billing_disputes", "healthy", 1, "gpt-4.1", "u-lakelink-disputes",
         "Pagination: a customer disputes a three-month statement; the agent reads six pages of transactions (same tool, page 1..6), finds two duplicate pairs on pages 3 and 5, credits them and emails a masked summary.")
def toll_h1():
    c = Conv("2024-11-06T09:12:00", TOLL_SYSTEM, TOLL_TOOLS,
             "Dispute D-448502, account 30-077-3019 (Priya Raman, transponder). She says her July-September statement ($231.85) is about $10 higher than usual "
             "and suspects double charges but can't tell which. Go through the transactions and fix whatever is wrong.")
    c.tool(4, "lookup_account", {"query": "30-077-3019"}, {"account_id": "30-077-3019", "name": "Priya Raman", "type": "transponder",
           "transponder": "I-PASS 0077-3019-08", "plates": ["IL RMN 8842"], "statement_2024Q3": {"transactions": 136, "total": 231.85}}, text="Looking up the account.")
    n_pages = 6
    dups = []
    for p in range(1, n_pages + 1):
        txs = toll_page(p, n_pages)
        for page, j in ((3, 8), (5, 15)):
            if p == page:
                d = dict(txs[j]); d["id"] = d["id"][:-4] + "%04d" % (int(d["id"][-4:]) + 1); d["read"] = "OCR"; d["note"] = "video toll, plate RMN8842"
                txs.insert(j + 1, d)
                dups.append(d)
        res = {"account_id": "30-077-3019", "page": p, "pages": n_pages, "transactions": txs}
        text = {1: "136 transactions, so six pages. Reading them in order and looking for pairs at the same gantry within a minute.",
                4: "Page 3 has one: a transponder read and an OCR read of the same passage. Continuing.",
                6: "Another pair on page 5. Last page."}.get(p)
        c.tool(6 + p, "get_transactions", {"account_id": "30-077-3019", "from": "2024-07-01", "to": "2024-09-30", "page": p}, res, text=text)
    c.step(6, text="Two duplicate passages, both transponder + OCR of the same crossing. Crediting both.", calls=[
        ("issue_credit", {"account_id": "30-077-3019", "amount": d["amount"], "dispute_id": "D-448502", "reason": "duplicate OCR read of %s at %s" % (d["gantry"], d["time"])},
         {"credit_id": "CR-7720%02d" % (11 + k), "status": "posted"}) for k, d in enumerate(dups)])
    total = sum(d["amount"] for d in dups)
    c.tool(5, "send_customer_email", {"account_id": "30-077-3019", "subject": "Your LakeLink dispute D-448502",
                                      "body": "Hi Priya,\n\nWe reviewed all 136 July-September transactions. Two crossings were billed twice (once by your I-PASS and once by the plate camera for plate ending 842). We've credited $%.2f (CR-772011, CR-772012). The rest of the statement is correct; the higher total reflects 9 more trips than in Q2.\n\nLakeLink Customer Care" % total},
           {"status": "sent", "message_id": "<ll-448502-1@lakelink.example>"})
    return c


@session("toll_road_billing_disputes", "healthy", 2, "claude-3-5-sonnet-20241022", "u-lakelink-queue-west",
         "Working a queue of seven disputes with the same few tools: several look alike (plate misreads, rental cars) but each has its own account, evidence and outcome; the queue empties at the end.",
         max_tokens=2048)
def toll_h2():
    c = Conv("2024-11-07T08:00:00", TOLL_SYSTEM, TOLL_TOOLS, "Work the WEST-TIER1 dispute queue until it's empty.")
    disputes = [
        ("D-448611", "30-551-2093", "charged for I-88 Meyers Rd 10/30 07:12; plate read IL 4JX 882 but my plate is IL 4JX 832", "TX-2024103007120447",
         {"ocr": "4JX882", "ocr_confidence": 0.58, "alt_reads": ["4JX832"], "status": "MANUAL_REVIEW_REQUIRED", "vehicle_detected": "white sedan"},
         ("deny", "Plate read is ambiguous between 4JX882 and the customer's 4JX832; vehicle (white sedan) matches the account (white Camry). Escalating rather than deciding on a 0.58 read.")),
        ("D-448614", "30-118-9930", "rental car, I returned it to Hertz ORD on 10/27 but got billed for 10/28", "TX-2024102811324415",
         {"ocr": "IL BX 44210", "ocr_confidence": 0.97, "status": "AUTO_MATCHED"}, ("credit", 2.85)),
        ("D-448617", "30-402-7781", "charged $19.40 at the Touhy gantry, normal toll is $1.45", "TX-2024103118051190",
         {"ocr": "IL 9PL 3310", "ocr_confidence": 0.99, "status": "AUTO_MATCHED", "class_detected": "5-axle"}, ("credit", 17.95)),
        ("D-448620", "30-229-6004", "I don't recognize this toll on 10/21 at Army Trail", "TX-2024102122150902",
         {"ocr": "IL DVR 7718", "ocr_confidence": 0.99, "status": "AUTO_MATCHED", "vehicle_detected": "red pickup"}, ("deny_valid", None)),
        ("D-448623", "30-600-1457", "my transponder was mounted but I got a $5 video toll fee on 11/01", "TX-2024110106480077",
         {"ocr": "IL ZZT 5520", "ocr_confidence": 0.95, "status": "AUTO_MATCHED", "transponder_read": "none (battery low flag since 10/14)"}, ("credit", 5.00)),
        ("D-448626", "30-118-2260", "billed at Elgin Plaza 9 on 10/30 but I was in Florida", "TX-2024103013441802",
         {"ocr": "IL 77 4419", "ocr_confidence": 0.44, "alt_reads": ["IL 77 4418", "IL 71 4419"], "status": "MANUAL_REVIEW_REQUIRED"}, ("escalate", None)),
        ("D-448629", "30-731-0088", "charged twice on 11/02 Devon Ave", "TX-2024110217221163",
         {"ocr": "IL HAL 2201", "ocr_confidence": 0.98, "status": "AUTO_MATCHED", "duplicate_of": "TX-2024110217221140 (transponder)"}, ("credit", 1.70)),
    ]
    for k, (did, acct, claim, tx, img, (outcome, val)) in enumerate(disputes):
        c.tool(4, "get_next_dispute", {"queue": "WEST-TIER1"}, {"dispute_id": did, "account_id": acct, "claim": claim, "transaction_id": tx,
               "received": "2024-11-0%d" % (1 + k % 6), "queue_remaining": 6 - k}, text="Taking the next dispute." if k == 0 else None)
        c.tool(5, "get_plate_image", {"transaction_id": tx}, dict(img, transaction_id=tx))
        if outcome == "credit":
            c.tool(5, "issue_credit", {"account_id": acct, "amount": val, "dispute_id": did, "reason": claim[:60]},
                   {"credit_id": "CR-77%04d" % (2100 + k * 3), "status": "posted"}, text="%s: evidence supports the customer; crediting $%.2f." % (did, val))
        elif outcome == "deny_valid":
            c.tool(5, "deny_dispute", {"dispute_id": did, "reason": "VALID_READ: plate read 0.99 matches the account's registered red pickup"},
                   {"status": "denied", "letter": "sent"}, text="%s: high-confidence read of the customer's own registered vehicle; denying with the image reference." % did)
        else:
            summary = val if isinstance(val, str) else "OCR at 0.44 with three alternative reads; customer reports being out of state. Needs a human look at the image and travel evidence."
            if outcome == "deny":
                summary = "Plate read ambiguous between 4JX882 and customer's 4JX832 at 0.58; vehicle matches the account's white Camry. Please review the image."
            c.tool(5, "escalate_to_human", {"dispute_id": did, "summary": summary}, {"status": "queued", "queue": "WEST-REVIEW"},
                   text="%s: evidence is inconclusive; escalating." % did)
    c.tool(4, "get_next_dispute", {"queue": "WEST-TIER1"}, {"queue": "WEST-TIER1", "dispute_id": None, "message": "queue empty"})
    return c


# =======================================================================================
# 7. garden_design_chat (tool-less)
# =======================================================================================

VERDANT_SCHEMA_SYSTEM = ("You are the planting-plan engine of the Verdant garden app. Respond ONLY with a single JSON object, no prose and no "
                         "markdown, matching: {\"beds\": [{\"bed_id\": str, \"plants\": [{\"common_name\": str, \"botanical_name\": str, "
                         "\"qty\": int, \"spacing_cm\": int}]}], \"notes\": str}. Use plants hardy in the user's USDA zone.")

PLAN_JSON = ('{"beds": [{"bed_id": "north-border", "plants": [{"common_name": "Hosta \'Halcyon\'", "botanical_name": "Hosta \'Halcyon\'", "qty": 5, '
             '"spacing_cm": 60}, {"common_name": "Christmas fern", "botanical_name": "Polystichum acrostichoides", "qty": 4, "spacing_cm": 50}, '
             '{"common_name": "Wild ginger", "botanical_name": "Asarum canadense", "qty": 12, "spacing_cm": 25}]}, {"bed_id": "south-strip", '
             '"plants": [{"common_name": "Purple coneflower", "botanical_name": "Echinacea purpurea", "qty": 7, "spacing_cm": 45}, '
             '{"common_name": "Little bluestem", "botanical_name": "Schizachyrium scoparium", "qty": 6, "spacing_cm": 45}, {"common_name": '
             '"Catmint \'Walker\'s Low\'", "botanical_name": "Nepeta x faassenii", "qty": 3, "spacing_cm": 75}]}], "notes": "Clay soil: amend '
             'the south strip with 5 cm of compost; deer pressure noted, so hostas are limited to the fenced north border."}')


@session("garden_design_chat", "runaway", 1, "gpt-4o-mini", "u-verdant-app-ios",
         "The app's JSON repair loop: the model wraps its plan in a code fence with an apology every time, the client's parser fails at line 1 column 1 each time and resends the same error within seconds.",
         b=3, d=6)
def garden_r1():
    c = Conv("2024-04-20T15:32:10", VERDANT_SCHEMA_SYSTEM, [],
             "USER PROFILE: Columbus, OH (USDA 6b), heavy clay, deer visit nightly. BEDS: north-border 1.2 x 6 m, part shade (3 h morning sun), inside "
             "the fence; south-strip 0.8 x 9 m, full sun, outside the fence. STYLE: native-leaning, low maintenance. Generate the planting plan.")
    prefixes = ["Here's a planting plan for your two beds:\n\n```json\n",
                "Apologies for the formatting! Here is the JSON only:\n\n```json\n",
                "Sorry about that. Here's the plan as pure JSON:\n\n```json\n",
                "My apologies. Returning only the JSON object:\n\n```json\n",
                "You're right, here is the JSON without any extra text:\n\n```json\n",
                "Understood. JSON only:\n\n```json\n",
                "I apologize for the repeated error. Here is the valid JSON:\n\n```json\n",
                "Here is the JSON object:\n\n```json\n",
                "Sorry! Only JSON below:\n\n```json\n",
                "Corrected response:\n\n```json\n",
                "Here you go, JSON only:\n\n```json\n"]
    suffix = ["\n```\n\nLet me know if you'd like substitutions for deer-resistant options!", "\n```", "\n```", "\n```\n\nThis is now valid JSON.", "\n```",
              "\n```", "\n```", "\n```", "\n```", "\n```", "\n```"]
    for k in range(11):
        err = ("ERROR (verdant-planner v4.12.0, attempt %d/3): response is not valid JSON: Expecting value: line 1 column 1 (char 0). "
               "Return ONLY the JSON object, no prose, no code fences." % (k + 1)) if k < 2 else (
               "ERROR (verdant-planner v4.12.0, attempt %d/3): response is not valid JSON: Expecting value: line 1 column 1 (char 0). "
               "Return ONLY the JSON object, no prose, no code fences." % 3)
        c.say(4 + (k * 3) % 5, prefixes[k] + PLAN_JSON + suffix[k], err)
    return c


@session("garden_design_chat", "runaway", 2, "gpt-4.1-mini", "u-verdant-web-2231",
         "A two-layout cycle with a human: the assistant alternates between 'patio west, beds east' (beds shaded by the maple) and 'beds west, patio east' (patio in full afternoon sun), rewording each time, and never proposes a third option.",
         b=4, d=7)
def garden_r2():
    c = Conv("2024-04-27T10:05:00", "You are Verdant's garden design assistant. Help homeowners lay out and plant their gardens; be practical and specific.", [],
             "Backyard is 12 m wide (east-west) by 9 m deep, house on the south side. Big silver maple in the northwest corner. I want a sitting patio "
             "(about 4 x 4 m) and two raised vegetable beds (1.2 x 3 m each). Where should everything go?")
    A = ["Here's a layout that works with the maple:\n\n- **Patio in the west half**, just south-east of the maple, so you get dappled afternoon shade for sitting.\n"
         "- **Raised beds in the east half**, running north-south, 60 cm apart, with a gravel path between.\n- A 1 m mulched strip along the north fence for "
         "pollinator perennials.\n\nThe beds get morning sun and the patio stays cool in the afternoon.",
         "Good point, let's reconsider. If we put the **patio back on the west side** under the maple's canopy edge, you'll have shade exactly when you "
         "want to sit out, and the **vegetable beds can go on the east side** where there's open sky. Orient the beds north-south to maximise light.",
         "You're right to weigh that. I'd go with the **west patio**: the maple gives it natural afternoon shade, which is the most valuable thing for a "
         "sitting area in July. The **raised beds then sit in the east half**, in a north-south orientation with a 60 cm path.",
         "Let's look at it from the shade angle again. Putting the **patio west, by the maple**, means it's usable on hot afternoons. That leaves the "
         "**east half for the two beds**, which get good morning light."]
    B = ["That's a fair concern: a silver maple's shadow sweeps east in the afternoon. Let's swap:\n\n- **Raised beds in the west half**, south of the maple's "
         "canopy line, so they get full midday sun.\n- **Patio in the east half**, close to the back door.\n\nThe beds will get 7-8 hours of sun.",
         "Understood, sun on the beds matters most for tomatoes. In that case put the **beds on the west side**, south of the canopy, and move the "
         "**patio to the east side** near the house.",
         "OK, prioritising the vegetables: **beds west** (south of the maple's drip line) where they get the most direct sun, **patio east** by the back door.",
         "Then the best option is to flip it: **vegetable beds to the west** for sun, **patio to the east** for easy access from the kitchen."]
    usersA = ["Hmm, but the maple shades the whole east half after about 2 pm too, its shadow is long. Won't the beds be shaded?",
              "But that's the same problem, the beds on the east get the maple's afternoon shadow. My tomatoes need sun.",
              "We're going back and forth. East beds = shaded afternoons. I said that.",
              "Again, the beds on the east side are shaded after 2. I keep saying this."]
    usersB = ["But then the patio is in full sun all afternoon. In July it's 33 degrees out there, we won't sit in it.",
              "And now the patio is baking again. We literally can't sit there in summer.",
              "This is the layout where the patio is in full sun. We covered this.",
              "Full sun patio again. Is there any other way to do this?"]
    gaps = [260, 310, 240, 200, 280, 190, 230, 170, 210, 160, 150]
    for k in range(11):
        if k % 2 == 0:
            c.say(gaps[k], A[(k // 2) % 4], usersA[(k // 2) % 4])
        else:
            c.say(gaps[k], B[(k // 2) % 4], usersB[(k // 2) % 4])
    return c


@session("garden_design_chat", "healthy", 1, "claude-3-5-sonnet-20241022", "u-verdant-web-2987",
         "A month-by-month planting calendar: the user says 'next month' each turn and gets a new month's tasks (eleven similar replies, each different), with one side question about garlic.",
         max_tokens=1500)
def garden_h1():
    c = Conv("2024-01-06T19:40:00", "You are Verdant's garden design assistant. Help homeowners plan and plant; be practical and specific to their climate.", [],
             "I'm in Asheville, NC (zone 7a), clay-loam, a 4 x 8 ft raised bed plus a 20 ft pollinator border. Can you do a month-by-month calendar for the "
             "year, one month at a time so I can save each to my notes? Start with January.")
    months = [
        ("**January**\n- Order seeds: tomatoes ('Cherokee Purple', 'Sungold'), peppers, basil, zinnias.\n- Sketch the raised bed in 1 x 1 ft squares.\n"
         "- Winter-sow milkweed and coneflower in milk jugs outside; they need cold stratification.\n- Check stored dahlia tubers for rot.", "next month"),
        ("**February**\n- Start onions and leeks indoors under lights (10-12 weeks before transplant).\n- Mid-month: start peppers indoors; they are slow.\n"
         "- Cut back last year's ornamental grasses and perennials in the border before new growth.\n- Top-dress the raised bed with 2 in of compost.", "next"),
        ("**March**\n- Direct-sow peas, spinach, radishes and lettuce in the raised bed around March 15 (soil can be worked).\n- Start tomatoes and basil "
         "indoors around March 20 (6-8 weeks before the ~April 25 last frost).\n- Divide crowded asters and black-eyed Susans in the border.", "next month please"),
        ("**April**\n- Harden off seedlings from mid-April: 1 hour outside on day one, adding an hour a day.\n- Plant potatoes in a grow bag.\n"
         "- Last frost is around April 25; keep frost cloth handy.\n- Sow zinnias and cosmos in the border after April 25.",
         "next. also, someone told me to plant garlic in spring, is that right?"),
        ("Garlic in zone 7a is best planted in **October/November** for a June harvest; spring-planted garlic gives small, often unsegmented bulbs. "
         "I'll put it in the October list.\n\n**May**\n- Transplant tomatoes and peppers May 1-10; stake tomatoes at planting.\n- Sow bush beans and "
         "cucumbers.\n- Harvest peas and the first lettuce.\n- Mulch the border with shredded leaves once soil warms.", "great, next"),
        ("**June**\n- Water deeply twice a week (1 in total) at the base, mornings.\n- Sucker indeterminate tomatoes weekly.\n- Pull bolted lettuce and "
         "spinach; sow basil in the gap.\n- Deadhead coneflowers lightly, leave some seed heads for goldfinches later.", "next"),
        ("**July**\n- Watch for tomato hornworms and early blight (remove lower spotted leaves).\n- Start fall brassica seedlings (broccoli, kale) indoors mid-July.\n"
         "- Harvest beans every 2-3 days to keep them producing.\n- Milkweed should have monarch caterpillars; leave them.", "next month"),
        ("**August**\n- Transplant fall broccoli and kale into spots cleared of beans.\n- Direct-sow carrots and beets for fall.\n- Take cuttings of "
         "salvias to overwinter.\n- Order garlic seed stock now (it sells out): 'Music' and 'Chesnok Red' do well in 7a.", "next"),
        ("**September**\n- Sow lettuce, spinach and radishes again for fall.\n- Plant spring bulbs' companion perennials; divide daylilies.\n- Let the "
         "border's asters and goldenrod bloom; they are key late nectar.\n- Save seeds from the best 'Cherokee Purple'.", "next"),
        ("**October**\n- Plant garlic mid-October to early November: cloves 6 in apart, 2 in deep, pointy end up, then 4 in of straw.\n- Pull spent "
         "tomato plants (bin, don't compost, if blight appeared).\n- First frost is around October 20; cover lettuce on cold nights.", "next"),
        ("**November**\n- Plant spring bulbs (alliums and camassia in the border).\n- Leave perennial stems standing for overwintering insects.\n"
         "- Lift dahlias after the first hard frost; dry and store in peat.\n- Add shredded leaves to the raised bed as winter mulch.", "and December to finish"),
    ]
    gaps = [240, 190, 210, 260, 230, 180, 200, 170, 220, 160, 150]
    for k, (r, u) in enumerate(months):
        c.say(gaps[k], r, u)
    return c


PLANT_LIST_V = [
    "Front walk bed (3 x 1.5 m, east-facing, morning sun, clay): 3 x Heuchera 'Caramel', 2 x Hosta 'June', 1 x Japanese maple 'Bloodgood', 5 x "
    "creeping phlox, 3 x lavender 'Hidcote'.",
    "Front walk bed (3 x 1.5 m, east-facing, morning sun, clay): 3 x Heuchera 'Caramel', 2 x Hosta 'June', 1 x Japanese maple 'Bloodgood', 5 x "
    "creeping phlox, 3 x Nepeta 'Walker's Low' (swapped from lavender).",
    "Front walk bed (3 x 1.5 m, east-facing, morning sun, clay): 3 x Heuchera 'Caramel', 3 x Carex 'Everillo' (replacing the hostas), 1 x Japanese maple "
    "'Bloodgood', 5 x creeping phlox, 3 x Nepeta 'Walker's Low'.",
    "Front walk bed (3 x 1.5 m, east-facing, morning sun, clay): 3 x Heuchera 'Caramel', 3 x Carex 'Everillo', 1 x Japanese maple 'Bloodgood' moved "
    "to the north end, 5 x creeping phlox along the walk edge, 3 x Nepeta 'Walker's Low', 15 x Allium 'Purple Sensation' bulbs.",
    "Front walk bed (3 x 1.5 m, east-facing, morning sun, clay): 3 x Heuchera 'Caramel', 3 x Carex 'Everillo', 1 x Japanese maple 'Bloodgood' (north end), "
    "5 x creeping phlox (walk edge), 3 x Nepeta 'Walker's Low', 15 x Allium 'Purple Sensation', 1 x Hydrangea 'Little Lime' by the downspout.",
]


@session("garden_design_chat", "healthy", 2, "gpt-4o", "u-verdant-web-3310",
         "A homeowner resends the full, slightly edited plant list for one bed each time (over an afternoon and the next morning) and gets feedback on what changed; the document repeats but every version is new.")
def garden_h2():
    c = Conv("2024-05-04T13:10:00", "You are Verdant's garden design assistant. Help homeowners plan and plant; be practical and specific.", [],
             "Here's my plan for the bed along the front walk, zone 6a (Pittsburgh). What do you think?\n\n" + PLANT_LIST_V[0])
    replies = [
        "Nice mix of foliage colour. Two concerns: lavender 'Hidcote' struggles in heavy clay and east light (it wants full sun and sharp drainage), so "
        "expect it to rot out in a wet winter. Nepeta 'Walker's Low' gives a similar look and tolerates clay. And hostas by a front walk are a deer "
        "buffet if you have deer.",
        "Nepeta is a good swap; give each 60 cm, they spread. On the hostas: if deer are an issue, Carex 'Everillo' gives the same bright mound in "
        "part shade and deer ignore it.",
        "Carex works well there. With a 3 m bed, the maple in the middle will shade the heucheras more each year; 'Bloodgood' reaches 4-6 m. If you "
        "can, move it to the north end so it frames the walk rather than splitting the bed. Spring bulbs would also fill the gap before the perennials wake up.",
        "That's a strong plan now. 15 alliums in 3 groups of 5 will read better than a line. One more gap: the south end by the downspout stays wet; "
        "a Hydrangea paniculata 'Little Lime' (1-1.5 m) handles wet clay and flowers in late summer when the phlox is done.",
        "This is a balanced bed: spring (phlox, alliums), summer (nepeta, heuchera flowers), late summer (hydrangea), winter (carex, maple bark). "
        "Planting order: maple and hydrangea first, then perennials, bulbs go in this October. Amend only the planting holes lightly; don't make a "
        "'bathtub' in clay.",
        "For 14 plants plus 15 bulbs in this bed: about 4 bags (2 cu ft) of shredded hardwood mulch at 5 cm depth, kept 5 cm away from the maple's trunk.",
        "Yes: water everything deeply at planting, then twice a week for the first month if there's no rain, then weekly through the first summer. "
        "The maple needs that weekly soak for two summers.",
    ]
    users = [
        "Good point, we do get deer. Updated:\n\n" + PLANT_LIST_V[1],
        "Ok here's the new version:\n\n" + PLANT_LIST_V[2],
        "Moved the maple and added bulbs:\n\n" + PLANT_LIST_V[3],
        "Added the hydrangea. Final version?\n\n" + PLANT_LIST_V[4],
        "How much mulch will I need?",
        "Last question, watering schedule for the first year?",
        "Thanks, that's everything. Here's the final list for my records, just confirm nothing is missing:\n\n" + PLANT_LIST_V[4] + "\nMulch: 4 bags shredded hardwood.",
    ]
    gaps = [1500, 1320, 2700, 54000, 600, 420, 900]
    for k in range(7):
        c.say(gaps[k], replies[k], users[k])
    return c


# =======================================================================================
# 8. aws_iam_policy_fixer
# =======================================================================================

IAM_SYSTEM = ("You are PolicyFixer, an agent that diagnoses and fixes AWS IAM permission problems for the platform team of "
              "Northwind Freight (accounts 410238870155 prod, 771052339846 staging). Prefer least privilege; never use "
              "\"Action\": \"*\" or \"Resource\": \"*\" for iam:PassRole. Every change goes through a new policy version.")

IAM_TOOLS = [
    T("get_policy", "Get a managed policy's metadata and default version document.", {"policy_arn": S}),
    T("list_policy_versions", "List versions of a managed policy.", {"policy_arn": S}),
    T("create_policy_version", "Create a new policy version, optionally as default.", {"policy_arn": S, "policy_document": S, "set_as_default": {"type": "boolean"}},
      required=["policy_arn", "policy_document"]),
    T("delete_policy_version", "Delete a non-default policy version.", {"policy_arn": S, "version_id": S}, required=["policy_arn", "version_id"]),
    T("simulate_custom_policy", "IAM policy simulator: evaluate a policy document against actions/resources.",
      {"policy_document": S, "actions": A, "resources": A}, required=["policy_document", "actions"]),
    T("validate_policy", "IAM Access Analyzer policy validation findings.", {"policy_document": S}),
    T("test_as_role", "Assume a role and make one API call, returning the result or error.", {"role_arn": S, "action": S, "params": {"type": "object"}},
      required=["role_arn", "action"]),
    T("lookup_cloudtrail_events", "CloudTrail LookupEvents.", {"event_name": S, "username": S, "start_time": S}, required=["event_name"]),
]

TF_HEAD = """$ terraform apply -auto-approve -input=false tfplan
module.ingest.aws_lambda_function.manifest_parser: Modifying... [id=nw-manifest-parser-prod]
module.ingest.aws_ecs_task_definition.rate_engine: Creating...
"""
TF_ERR = """Error: updating Lambda Function (nw-manifest-parser-prod) configuration: operation error Lambda: UpdateFunctionConfiguration, https response error StatusCode: 403, RequestID: {rid}, api error AccessDeniedException: User: arn:aws:sts::410238870155:assumed-role/gha-deploy-prod/GitHubActions-{run} is not authorized to perform: iam:PassRole on resource: arn:aws:iam::410238870155:role/nw-manifest-parser-exec with an explicit deny in a permissions boundary

  with module.ingest.aws_lambda_function.manifest_parser,
  on modules/ingest/lambda.tf line 12, in resource "aws_lambda_function" "manifest_parser":
  12: resource "aws_lambda_function" "manifest_parser" {
"""


@session("aws_iam_policy_fixer", "runaway", 1, "gpt-4.1", "u-northwind-ci-bot",
         "A CI bot pastes the cumulative job log after each failed deploy; the log grows but the error is the same PassRole 'explicit deny in a permissions boundary', and the model keeps patching the identity policy instead of the boundary.",
         b=3, d=6, max_tokens=2048)
def iam_r1():
    c = Conv("2024-12-03T11:20:00", IAM_SYSTEM, [],
             "")
    runs = [(5512, "8f2c1d0a-55b1-4d2e-9a61-0c7e3f9b2a10"), (5513, "1b7e44c2-0f3a-4a87-b5de-6a2c91e0d733"), (5514, "c40a9f61-7d2e-41b0-8e35-f19b2d6a0c58"),
            (5515, "6e13b8d7-29f4-4c61-a0b2-3d8e7f1c9a45"), (5516, "a9d2f0e4-3c71-4b58-9e06-27b4c8d1f3e2"), (5517, "0f6c2a91-b8d3-47e5-a1c4-9e2d7b3f6a08"),
            (5518, "d71e5b3a-0c94-4f28-b6a1-5e8c2f9d4b17"), (5519, "3a8f1c6e-94b2-4d07-8f53-c2e6a0b7d914"), (5520, "b25d9e07-6f1a-4c83-92e4-7a0f3d8c1b56"),
            (5521, "e6a4c2f8-1d53-4b90-a7e2-8c5f0b3d9a61"), (5522, "4c9b7e1d-a2f6-4e35-8b07-d1f3c6a9e284")]
    log = ""
    def bot(k):
        nonlocal log
        run, rid = runs[k]
        log += "=== run #%d (commit %s) ===\n%s%s" % (run, "a1b2c3d4e5f6"[k % 6:k % 6 + 6] + "%02d" % k, TF_HEAD, TF_ERR.replace("{rid}", rid).replace("{run}", str(run)))
        head = ("Deploy pipeline `infra-prod` failed. Propose a fix to `iam/gha-deploy-prod-policy.json` (identity policy of role gha-deploy-prod) as a JSON "
                "patch; the bot applies it and re-runs. Full job log so far:\n\n```\n" if k == 0 else
                "Patch applied, pipeline re-run #%d failed. Full job log so far:\n\n```\n" % run)
        return head + log + "```"
    c.first_user = bot(0)
    patches = [
        ("The deploy role lacks iam:PassRole for the Lambda execution role. Add:\n\n```json\n{\"op\": \"add\", \"path\": \"/Statement/-\", \"value\": {\"Sid\": \"PassManifestParserExec\", \"Effect\": \"Allow\", \"Action\": \"iam:PassRole\", \"Resource\": \"arn:aws:iam::410238870155:role/nw-manifest-parser-exec\"}}\n```"),
        ("PassRole is now allowed but still denied; it likely needs the PassedToService condition. Patch:\n\n```json\n{\"op\": \"replace\", \"path\": \"/Statement/7\", \"value\": {\"Sid\": \"PassManifestParserExec\", \"Effect\": \"Allow\", \"Action\": \"iam:PassRole\", \"Resource\": \"arn:aws:iam::410238870155:role/nw-manifest-parser-exec\", \"Condition\": {\"StringEquals\": {\"iam:PassedToService\": \"lambda.amazonaws.com\"}}}}\n```"),
        ("The same AccessDenied. Possibly the role path is different; widen the resource to the role path prefix:\n\n```json\n{\"op\": \"replace\", \"path\": \"/Statement/7/Resource\", \"value\": \"arn:aws:iam::410238870155:role/nw-*\"}\n```"),
        ("Still denied on iam:PassRole. Add lambda:UpdateFunctionConfiguration alongside PassRole in the same statement, since the call is UpdateFunctionConfiguration:\n\n```json\n{\"op\": \"replace\", \"path\": \"/Statement/7/Action\", \"value\": [\"iam:PassRole\", \"lambda:UpdateFunctionConfiguration\"]}\n```"),
        ("The error persists. Add iam:GetRole, which PassRole sometimes needs for validation:\n\n```json\n{\"op\": \"add\", \"path\": \"/Statement/7/Action/-\", \"value\": \"iam:GetRole\"}\n```"),
        ("Let's make the PassRole statement its own policy statement with no condition to rule out a condition mismatch:\n\n```json\n{\"op\": \"add\", \"path\": \"/Statement/-\", \"value\": {\"Sid\": \"PassRoleNoCondition\", \"Effect\": \"Allow\", \"Action\": \"iam:PassRole\", \"Resource\": \"arn:aws:iam::410238870155:role/nw-manifest-parser-exec\"}}\n```"),
        ("Still AccessDenied for iam:PassRole. Add the role ARN with its path explicitly:\n\n```json\n{\"op\": \"replace\", \"path\": \"/Statement/8/Resource\", \"value\": [\"arn:aws:iam::410238870155:role/nw-manifest-parser-exec\", \"arn:aws:iam::410238870155:role/service-role/nw-manifest-parser-exec\"]}\n```"),
        ("Same error. Try allowing PassRole for both lambda and ecs-tasks services, since the apply also creates an ECS task definition:\n\n```json\n{\"op\": \"replace\", \"path\": \"/Statement/7/Condition/StringEquals/iam:PassedToService\", \"value\": [\"lambda.amazonaws.com\", \"ecs-tasks.amazonaws.com\"]}\n```"),
        ("The PassRole denial continues. Re-adding the PassRole allow at the top of the statement list in case of ordering:\n\n```json\n{\"op\": \"add\", \"path\": \"/Statement/0\", \"value\": {\"Sid\": \"PassRoleFirst\", \"Effect\": \"Allow\", \"Action\": \"iam:PassRole\", \"Resource\": \"arn:aws:iam::410238870155:role/nw-manifest-parser-exec\"}}\n```"),
        ("Still failing. Granting iam:PassRole on the exec role with iam:* as a temporary diagnostic:\n\n```json\n{\"op\": \"replace\", \"path\": \"/Statement/0/Action\", \"value\": \"iam:*\"}\n```"),
    ]
    gaps = [388, 402, 379, 395, 411, 384, 398, 390, 405, 387]
    for k, p in enumerate(patches):
        c.say(gaps[k], p, bot(k + 1))
    return c


def policy_doc(statements):
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, separators=(",", ":"))


@session("aws_iam_policy_fixer", "runaway", 2, "claude-sonnet-4-20250514", "u-northwind-platform",
         "A period-3 cycle: create a policy version (LimitExceeded, 5 versions), list versions, try to delete the default v5 (DeleteConflict), create again; the old non-default versions v1-v4 are never the ones deleted.",
         b=6, d=11, max_tokens=2048)
def iam_r2():
    arn = "arn:aws:iam::771052339846:policy/nw-rate-engine-task"
    c = Conv("2024-12-04T15:02:00", IAM_SYSTEM, IAM_TOOLS,
             "Staging: the rate-engine ECS task can't read the new S3 bucket nw-rate-tables-stg (AccessDenied on s3:GetObject). Add read access for "
             "that bucket to policy nw-rate-engine-task.")
    current = [{"Sid": "Sqs", "Effect": "Allow", "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage"], "Resource": "arn:aws:sqs:eu-west-1:771052339846:nw-rate-requests-stg"},
               {"Sid": "OldTables", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::nw-rate-tables-legacy-stg/*"}]
    new = current + [{"Sid": "RateTables", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
                      "Resource": ["arn:aws:s3:::nw-rate-tables-stg", "arn:aws:s3:::nw-rate-tables-stg/*"]}]
    c.tool(4, "get_policy", {"policy_arn": arn}, {"PolicyName": "nw-rate-engine-task", "DefaultVersionId": "v5", "AttachmentCount": 1,
           "UpdateDate": "2024-11-28T09:14:51Z", "Document": json.loads(policy_doc(current))}, text="Reading the current policy.")
    limit = {"Error": {"Code": "LimitExceeded", "Message": "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version."}}
    versions = {"Versions": [{"VersionId": "v5", "IsDefaultVersion": True, "CreateDate": "2024-11-28T09:14:51Z"},
                             {"VersionId": "v4", "IsDefaultVersion": False, "CreateDate": "2024-11-12T16:40:02Z"},
                             {"VersionId": "v3", "IsDefaultVersion": False, "CreateDate": "2024-10-30T11:05:37Z"},
                             {"VersionId": "v2", "IsDefaultVersion": False, "CreateDate": "2024-09-18T08:22:10Z"},
                             {"VersionId": "v1", "IsDefaultVersion": False, "CreateDate": "2024-06-03T13:57:44Z"}]}
    conflict = {"Error": {"Code": "DeleteConflict", "Message": "Cannot delete the default version of a policy."}}
    texts = [("Adding a RateTables statement for the new bucket and creating it as the default version.",
              "Version limit reached. Let me see which versions exist.",
              "Five versions, v5 is current. I'll delete v5 since the new version replaces it."),
             ("Can't delete the default. Creating the new version first so it becomes the default.",
              "Still at the limit. Listing versions again.",
              "Deleting the latest version to make room."),
             ("Trying the create again with the new statement.",
              "Listing the versions.",
              "Removing v5 to free a slot."),
             ("Creating the new default version.",
              "Checking the version list.",
              "Deleting v5."),
             ("Creating the policy version.",
              "Listing versions.",
              "Deleting the most recent version.")]
    for k, (t1, t2, t3) in enumerate(texts):
        c.tool(5, "create_policy_version", {"policy_arn": arn, "policy_document": policy_doc(new), "set_as_default": True}, limit, text=t1)
        c.tool(4, "list_policy_versions", {"policy_arn": arn}, versions, text=t2)
        c.tool(4, "delete_policy_version", {"policy_arn": arn, "version_id": "v5"}, conflict, text=t3)
    c.tool(5, "create_policy_version", {"policy_arn": arn, "policy_document": policy_doc(new), "set_as_default": True}, limit, text="Creating the new version.")
    return c


@session("aws_iam_policy_fixer", "healthy", 1, "gpt-4o", "u-northwind-platform",
         "A simulate/fix loop that converges: the draft policy's denied actions go 4 -> 2 -> 0, Access Analyzer flags a wildcard PassRole which is tightened, then the version is created and verified.")
def iam_h1():
    arn = "arn:aws:iam::410238870155:policy/nw-dispatch-api"
    c = Conv("2024-12-05T10:00:00", IAM_SYSTEM, IAM_TOOLS,
             "Prod: the new dispatch-api service (ECS, role nw-dispatch-api-task) needs: read/write on DynamoDB table nw-dispatch-jobs (and its GSI), "
             "publish to SNS topic nw-dispatch-events, decrypt with KMS key alias/nw-dispatch, read secrets under nw/dispatch/*, and start the "
             "Step Functions state machine nw-dispatch-reroute. Write policy nw-dispatch-api and make sure it covers all of that.")
    actions = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query", "sns:Publish", "kms:Decrypt",
               "secretsmanager:GetSecretValue", "states:StartExecution", "iam:PassRole"]
    resources = ["arn:aws:dynamodb:eu-west-1:410238870155:table/nw-dispatch-jobs", "arn:aws:dynamodb:eu-west-1:410238870155:table/nw-dispatch-jobs/index/by-truck",
                 "arn:aws:sns:eu-west-1:410238870155:nw-dispatch-events", "arn:aws:kms:eu-west-1:410238870155:key/5f1d2c7e-8a43-4b19-9e0d-3c6a7b2f8e41",
                 "arn:aws:secretsmanager:eu-west-1:410238870155:secret:nw/dispatch/db-AbC123", "arn:aws:states:eu-west-1:410238870155:stateMachine:nw-dispatch-reroute",
                 "arn:aws:iam::410238870155:role/nw-dispatch-reroute-sfn"]
    d1 = [{"Sid": "Jobs", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"],
           "Resource": "arn:aws:dynamodb:eu-west-1:410238870155:table/nw-dispatch-jobs"},
          {"Sid": "Events", "Effect": "Allow", "Action": "sns:Publish", "Resource": "arn:aws:sns:eu-west-1:410238870155:nw-dispatch-events"},
          {"Sid": "Secrets", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:eu-west-1:410238870155:secret:nw/dispatch/*"}]
    c.tool(30, "simulate_custom_policy", {"policy_document": policy_doc(d1), "actions": actions, "resources": resources},
           {"EvaluationResults": [dict({"EvalActionName": a, "EvalDecision": "allowed" if a in ("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "sns:Publish", "secretsmanager:GetSecretValue") else "implicitDeny"},
                                        **({"MatchedStatements": [], "note": "resource table/nw-dispatch-jobs/index/by-truck not matched"} if a == "dynamodb:Query" else {})) for a in actions]},
           text="Drafting the first version with the obvious statements and simulating all nine actions.")
    d2 = [dict(d1[0], Resource=[resources[0], resources[0] + "/index/*"]), d1[1], d1[2],
          {"Sid": "Kms", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": resources[3]},
          {"Sid": "Reroute", "Effect": "Allow", "Action": "states:StartExecution", "Resource": resources[5]}]
    c.tool(28, "simulate_custom_policy", {"policy_document": policy_doc(d2), "actions": actions, "resources": resources},
           {"EvaluationResults": [dict({"EvalActionName": a, "EvalDecision": "implicitDeny" if a in ("iam:PassRole", "kms:Decrypt") else "allowed"},
                                        **({"note": "explicit key policy requires kms:ViaService; identity statement has no matching condition"} if a == "kms:Decrypt" else {})) for a in actions]},
           text="Four denied: Query on the GSI, KMS, Step Functions and PassRole. Adding the index ARN, KMS and states statements.")
    d3 = d2[:3] + [{"Sid": "Kms", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": resources[3],
                    "Condition": {"StringEquals": {"kms:ViaService": ["secretsmanager.eu-west-1.amazonaws.com", "dynamodb.eu-west-1.amazonaws.com"]}}},
                   d2[4], {"Sid": "PassReroute", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]
    c.tool(27, "simulate_custom_policy", {"policy_document": policy_doc(d3), "actions": actions, "resources": resources},
           {"EvaluationResults": [{"EvalActionName": a, "EvalDecision": "allowed"} for a in actions]},
           text="Two left. KMS needs the ViaService condition our key policy expects; PassRole is for the service to hand the SFN its role. Simulating.")
    c.tool(9, "validate_policy", {"policy_document": policy_doc(d3)}, {"findings": [
        {"findingType": "SECURITY_WARNING", "issueCode": "PASS_ROLE_WITH_STAR_IN_RESOURCE", "learnMoreLink": "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
         "locations": [{"path": [{"value": "Statement"}, {"index": 5}, {"value": "Resource"}]}]}]},
           text="All allowed. Running Access Analyzer validation before creating the version.")
    d4 = d3[:5] + [{"Sid": "PassReroute", "Effect": "Allow", "Action": "iam:PassRole", "Resource": resources[6],
                    "Condition": {"StringEquals": {"iam:PassedToService": "states.amazonaws.com"}}}]
    c.tool(9, "validate_policy", {"policy_document": policy_doc(d4)}, {"findings": []},
           text="Right, PassRole on * violates our own rule. Scoping it to the SFN role with a PassedToService condition.")
    c.tool(26, "simulate_custom_policy", {"policy_document": policy_doc(d4), "actions": actions, "resources": resources},
           {"EvaluationResults": [{"EvalActionName": a, "EvalDecision": "allowed"} for a in actions]}, text="Clean. Re-simulating the final document.")
    c.tool(6, "create_policy_version", {"policy_arn": arn, "policy_document": policy_doc(d4), "set_as_default": True},
           {"PolicyVersion": {"VersionId": "v2", "IsDefaultVersion": True, "CreateDate": "2024-12-05T10:03:12Z"}}, text="Creating v2 as the default.")
    c.tool(12, "test_as_role", {"role_arn": "arn:aws:iam::410238870155:role/nw-dispatch-api-task", "action": "dynamodb:Query",
                                "params": {"TableName": "nw-dispatch-jobs", "IndexName": "by-truck", "KeyConditionExpression": "truck_id = :t", "ExpressionAttributeValues": {":t": {"S": "HT-214"}}}},
           {"Count": 3, "ScannedCount": 3}, text="Spot-checking the GSI query as the task role.")
    return c


@session("aws_iam_policy_fixer", "healthy", 2, "o4-mini", "u-northwind-platform",
         "Eventual consistency: after a correct policy change the same test call is denied three times, retried at 15/30/60 s, then succeeds; CloudTrail lookup is empty twice (delivery lag) and then shows the events.")
def iam_h2():
    arn = "arn:aws:iam::410238870155:policy/nw-label-printer"
    role = "arn:aws:iam::410238870155:role/nw-label-printer-task"
    c = Conv("2024-12-06T08:45:00", IAM_SYSTEM, IAM_TOOLS,
             "The label-printer task gets AccessDenied on s3:PutObject to nw-labels-prod/outbound/. I already fixed the Resource in policy v3 (it said "
             "nw-label-prod, missing the s). Please set v3 as default and confirm the task can write, and that CloudTrail shows the write.")
    c.tool(5, "create_policy_version", {"policy_arn": arn, "policy_document": policy_doc([{"Sid": "Outbound", "Effect": "Allow", "Action": ["s3:PutObject", "s3:PutObjectTagging"], "Resource": "arn:aws:s3:::nw-labels-prod/outbound/*"}]), "set_as_default": True},
           {"PolicyVersion": {"VersionId": "v4", "IsDefaultVersion": True, "CreateDate": "2024-12-06T08:45:07Z"}},
           text="v3 has an unrelated Sid typo in the console copy, so I'm creating v4 with your corrected Resource and setting it as default.")
    denied = lambda: {"Error": {"Code": "AccessDenied", "Message": "User: arn:aws:sts::410238870155:assumed-role/nw-label-printer-task/policyfixer-test is not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::nw-labels-prod/outbound/policyfixer-probe.txt\" because no identity-based policy allows the s3:PutObject action"},
                      "RequestId": hashlib.md5(c.clock().encode()).hexdigest()[:16].upper()}
    put = {"Bucket": "nw-labels-prod", "Key": "outbound/policyfixer-probe.txt", "Body": "probe"}
    c.tool(15, "test_as_role", {"role_arn": role, "action": "s3:PutObject", "params": put}, denied(), text="Testing a write as the task role.")
    c.tool(30, "test_as_role", {"role_arn": role, "action": "s3:PutObject", "params": put}, denied(),
           text="Denied, but the version is seconds old; IAM changes take a little while to propagate. Retrying in 15 s.")
    c.tool(60, "test_as_role", {"role_arn": role, "action": "s3:PutObject", "params": put}, denied(),
           text="Still propagating. Backing off to 30 s.")
    c.tool(6, "test_as_role", {"role_arn": role, "action": "s3:PutObject", "params": put}, {"ETag": "\"5d41402abc4b2a76b9719d911017c592\"", "VersionId": "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"},
           text="Backing off to 60 s before the last retry; if it still fails I'll check for an SCP or bucket policy deny.")
    c.tool(5, "test_as_role", {"role_arn": role, "action": "s3:PutObjectTagging", "params": {"Bucket": "nw-labels-prod", "Key": "outbound/policyfixer-probe.txt", "Tagging": {"TagSet": [{"Key": "probe", "Value": "true"}]}}},
           {"VersionId": "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"}, text="Write works now. Checking tagging too, since the printer tags each label.")
    c.tool(5, "test_as_role", {"role_arn": role, "action": "s3:DeleteObject", "params": {"Bucket": "nw-labels-prod", "Key": "outbound/policyfixer-probe.txt"}},
           {"Error": {"Code": "AccessDenied", "Message": "not authorized to perform: s3:DeleteObject"}},
           text="Both work. Cleaning up the probe object (expected to be denied: the task role shouldn't delete, which is correct least privilege).")
    c.tool(240, "lookup_cloudtrail_events", {"event_name": "PutObject", "username": "policyfixer-test", "start_time": "2024-12-06T08:45:00Z"}, {"Events": []},
           text="Delete is denied as intended; I'll ask the platform on-call to remove the probe file. Now CloudTrail.")
    c.tool(300, "lookup_cloudtrail_events", {"event_name": "PutObject", "username": "policyfixer-test", "start_time": "2024-12-06T08:45:00Z"}, {"Events": []},
           text="No events yet; data events typically arrive within 5-15 minutes. Checking again in 5 minutes.")
    c.tool(10, "lookup_cloudtrail_events", {"event_name": "PutObject", "username": "policyfixer-test", "start_time": "2024-12-06T08:45:00Z"},
           {"Events": [{"EventName": "PutObject", "EventTime": "2024-12-06T08:46:52Z", "Username": "policyfixer-test", "ErrorCode": "AccessDenied"},
                       {"EventName": "PutObject", "EventTime": "2024-12-06T08:47:24Z", "Username": "policyfixer-test", "ErrorCode": "AccessDenied"},
                       {"EventName": "PutObject", "EventTime": "2024-12-06T08:48:25Z", "Username": "policyfixer-test", "ErrorCode": "AccessDenied"},
                       {"EventName": "PutObject", "EventTime": "2024-12-06T08:49:26Z", "Username": "policyfixer-test"}]},
           text="Still empty; one more check in 5 minutes before I report.")
    return c


# =======================================================================================
# Build
# =======================================================================================

LABELS = {
    ("orthodontic_aligner_planner", "runaway", 1): "re-staging variations, same UR3/UR4 collision every time",
    ("orthodontic_aligner_planner", "runaway", 2): "repair -> export -> rejected, same mesh error under new export ids",
    ("orthodontic_aligner_planner", "healthy", 1): "overnight batch of 8 cases, one fixed with IPR",
    ("orthodontic_aligner_planner", "healthy", 2): "collision fix loop 3 -> 0, export status polls",
    ("elixir_phoenix_upgrader", "runaway", 1): "period-4 dependency flip-flop, two alternating resolver errors",
    ("elixir_phoenix_upgrader", "runaway", 2): "re-reads the same 4 files, paraphrased plans, no edit",
    ("elixir_phoenix_upgrader", "healthy", 1): "warnings-as-errors 14 -> 0, then tests green",
    ("elixir_phoenix_upgrader", "healthy", 2): "hex.pm 503 with backoff, 4 test partitions, one fix",
    ("mining_haul_dispatch", "runaway", 1): "polling a truck whose status is frozen",
    ("mining_haul_dispatch", "runaway", 2): "hand-off ring planner -> safety -> maintenance -> supervisor",
    ("mining_haul_dispatch", "healthy", 1): "blast-zone polling with changing status, then release",
    ("mining_haul_dispatch", "healthy", 2): "12 similar truck assignments, one swap",
    ("eulogy_writer", "runaway", 1): "the same clarifying question asked again and again",
    ("eulogy_writer", "runaway", 2): "automated score-and-revise loop stuck at 7/10, same draft",
    ("eulogy_writer", "healthy", 1): "user resends an evolving draft with new requests",
    ("eulogy_writer", "healthy", 2): "one caption per photo, 12 similar items",
    ("clinical_lab_qc", "runaway", 1): "recalibrate -> QC -> reject, same bias under new ids",
    ("clinical_lab_qc", "runaway", 2): "period-2 re-evaluate / sign-off rejected with the same error",
    ("clinical_lab_qc", "healthy", 1): "daily review of 12 QC runs, one hold",
    ("clinical_lab_qc", "healthy", 2): "stateless: same SOP + a new question each turn",
    ("toll_road_billing_disputes", "runaway", 1): "exact repetition of one image fetch",
    ("toll_road_billing_disputes", "runaway", 2): "email rewritten, same PII-filter rejection",
    ("toll_road_billing_disputes", "healthy", 1): "pagination through 6 pages, two duplicates credited",
    ("toll_road_billing_disputes", "healthy", 2): "queue of 7 look-alike disputes",
    ("garden_design_chat", "runaway", 1): "client JSON-repair loop, same parse error",
    ("garden_design_chat", "runaway", 2): "two layouts alternated with a human, period 2",
    ("garden_design_chat", "healthy", 1): "'next month' calendar, 11 similar replies",
    ("garden_design_chat", "healthy", 2): "evolving plant list resent each turn",
    ("aws_iam_policy_fixer", "runaway", 1): "CI bot pastes a growing log, same PassRole deny",
    ("aws_iam_policy_fixer", "runaway", 2): "period-3 create/list/delete-default cycle",
    ("aws_iam_policy_fixer", "healthy", 1): "simulate/fix loop 4 -> 2 -> 0 denied, validation",
    ("aws_iam_policy_fixer", "healthy", 2): "IAM propagation retries with backoff, CloudTrail lag",
}


def build():
    files = {}
    meta = []
    for idx, s in enumerate(SESSIONS):
        shape = SHAPES[idx % 3]
        name = "%s_%s_%d_%s" % (s["style"], s["kind"], s["tag"], shape)
        got = s["fn"]()
        spec = {"name": name, "model": s["model"], "max_tokens": s["max_tokens"]}
        if isinstance(got, tuple):
            conv, texts = got
            spec["stateless"] = texts
        else:
            conv = got
        spec["conv"] = conv
        reqs = render(spec, shape)
        assert len(reqs) == len(conv.times), (name, len(reqs), len(conv.times))
        if s["kind"] == "runaway":
            expected = {"outcome": "runaway", "loop_begins_turn": s["b"], "stop_by_turn": s["d"]}
        else:
            expected = {"outcome": "healthy"}
        doc = {
            "name": name, "style": s["style"], "shape": shape, "path": PATHS[shape],
            "headers": {"x-session-id": "sess-ag-" + hashlib.sha256(name.encode()).hexdigest()[:20], "x-user-id": s["user_id"]},
            "expected": expected, "notes": s["notes"],
            "turns": [{"at_seconds": t, "request": r} for t, r in zip(conv.times, reqs)],
        }
        files[os.path.join("heldout", name + ".json")] = json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        meta.append({"name": name, "style": s["style"], "kind": s["kind"], "tag": s["tag"], "shape": shape, "b": s["b"], "d": s["d"],
                     "turns": len(reqs), "toolless": not conv.tools, "stateless": "stateless" in spec})
    files[os.path.join("tuning", ".gitkeep")] = ""
    files["README.md"] = readme(meta)
    return files, meta


def readme(meta):
    lines = [
        "# corpus_ag: a blind, held-out agent-session corpus (author: writer-ag)",
        "",
        "32 agent sessions written by `scripts/gen_corpus_ag.py` (Python 3, stdlib only, deterministic: no clock, no",
        "randomness, no network; every id and timestamp is derived from the session definitions). Do not hand-edit;",
        "change the generator.",
        "",
        "    python3 scripts/gen_corpus_ag.py           # writes tests/fixtures/corpus_ag/",
        "    python3 scripts/gen_corpus_ag.py --check   # regenerates in memory, validates every request, compares with disk",
        "",
        "`--check` validates each session: required fields per API shape, every tool call's function declared in `tools`,",
        "every call id answered exactly once, user/assistant alternation (Anthropic), history growing by prefix from one",
        "turn to the next (except the one stateless client), strictly increasing `at_seconds`, 8-30 turns, and",
        "1 <= B <= D with at least two turns after D for runaways; it exits non-zero on any violation or difference.",
        "",
        "**Independence.** Before writing this corpus the author read exactly two files of the project:",
        "`tests/fixtures/corpus/README.md` (the format and the scoring rule) and one tuning session,",
        "`tests/fixtures/corpus/tuning/batch_runaway_responses.json` (to see the JSON shape). No detector source, test,",
        "project README, docs, other generator or other corpus was read, no project binary or test was run, and the styles,",
        "failure kinds, B/D judgements and wording are the author's own. Incidentally seen while orienting in the",
        "worktree: the subjects of the branch's three latest commits (`git log`) and the file names in `scripts/`;",
        "neither informed the sessions.",
        "",
        "## The split: everything is held out",
        "",
        "All 32 sessions are in `heldout/`; `tuning/` is empty (`.gitkeep`). This is a fresh held-out set, to be scored",
        "once, blind, and never tuned on.",
        "",
        "## Format",
        "",
        "Each file: `name` (= file stem, `<style>_<runaway|healthy>_<n>_<shape>`), `style`, `shape` (`chat`, `responses`,",
        "`anthropic`), `path` (`/v1/chat/completions`, `/v1/responses`, `/v1/messages`), `headers` (`x-session-id`, unique",
        "per session, and `x-user-id`), `expected` (`{\"outcome\": \"healthy\"}` or `{\"outcome\": \"runaway\",",
        "\"loop_begins_turn\": B, \"stop_by_turn\": D}`), `notes` (one or two sentences on what happens) and `turns`, a list",
        "of `{\"at_seconds\", \"request\"}` numbered from 1. Each request carries the full history: turn N+1 is turn N's",
        "request plus the assistant's reply plus the new tool results and/or user message. OpenAI Responses requests resend",
        "the full `input` (no `previous_response_id`), the system prompt goes in `instructions`; Anthropic requests put it in",
        "`system`; Chat requests in a `system` message.",
        "",
        "B is the first turn at which the loop is visibly under way (the first request that carries a repeated or",
        "same-failing iteration); D is the latest turn by which an operator would want the session stopped. Scoring as in",
        "the project's corpus: stopped in B..=D is on time, before B early, after D late; a healthy session must never be",
        "stopped.",
        "",
        "The one stateless client: `clinical_lab_qc_healthy_2_responses`, a bench Q&A app that sends the full QC SOP plus",
        "one new question each turn with no history (its turns do not grow by prefix).",
        "",
        "## Styles",
        "",
        "| style | runaway kinds (B, D) | healthy kinds |",
        "|---|---|---|",
    ]
    for style in STYLES:
        rs = [m for m in meta if m["style"] == style and m["kind"] == "runaway"]
        hs = [m for m in meta if m["style"] == style and m["kind"] == "healthy"]
        r = "; ".join("%s (%s, B %d, D %d)" % (LABELS[(style, "runaway", m["tag"])], m["shape"], m["b"], m["d"]) for m in rs)
        h = "; ".join("%s (%s)" % (LABELS[(style, "healthy", m["tag"])], m["shape"]) for m in hs)
        tl = " (tool-less)" if all(m["toolless"] for m in rs + hs) else ""
        lines.append("| `%s`%s | %s | %s |" % (style, tl, r, h))
    lines += ["", "## Counts", "", "| shape | runaway | healthy | total |", "|---|---|---|---|"]
    for shape in SHAPES:
        r = sum(1 for m in meta if m["shape"] == shape and m["kind"] == "runaway")
        h = sum(1 for m in meta if m["shape"] == shape and m["kind"] == "healthy")
        lines.append("| %s | %d | %d | %d |" % (shape, r, h, r + h))
    r = sum(1 for m in meta if m["kind"] == "runaway")
    lines.append("| all | %d | %d | %d |" % (r, len(meta) - r, len(meta)))
    tl = [m["name"] for m in meta if m["toolless"]]
    lines += ["", "Tool-less sessions (no `tools` declared; plain chat, writing or a bot pasting logs): %d, namely %s." % (
        len(tl), ", ".join("`%s`" % n for n in tl)),
        "Turns per session: %d to %d (%d turns in all)." % (min(m["turns"] for m in meta), max(m["turns"] for m in meta), sum(m["turns"] for m in meta)), ""]
    return "\n".join(lines)


# =======================================================================================
# Validation (works on the rendered JSON only)
# =======================================================================================

class Bad(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Bad(msg)


def check_args_json(s, where):
    need(isinstance(s, str), "%s: arguments must be a JSON string" % where)
    try:
        v = json.loads(s)
    except ValueError:
        raise Bad("%s: arguments are not valid JSON" % where)
    need(isinstance(v, dict), "%s: arguments must encode an object" % where)


def tool_names(req, shape):
    names = set()
    for t in req.get("tools", []) or []:
        if shape == "chat":
            need(t.get("type") == "function" and isinstance(t.get("function"), dict), "chat tool must be {type: function, function}")
            f = t["function"]
            need(isinstance(f.get("name"), str) and isinstance(f.get("parameters"), dict), "chat tool function needs name and parameters")
            names.add(f["name"])
        elif shape == "responses":
            need(t.get("type") == "function" and isinstance(t.get("name"), str) and isinstance(t.get("parameters"), dict), "responses tool needs type, name, parameters")
            names.add(t["name"])
        else:
            need(isinstance(t.get("name"), str) and isinstance(t.get("input_schema"), dict), "anthropic tool needs name and input_schema")
            names.add(t["name"])
    return names


def validate_chat(req, seen_ids):
    need(isinstance(req.get("model"), str), "chat: model")
    msgs = req.get("messages")
    need(isinstance(msgs, list) and msgs, "chat: messages")
    need(set(req) <= {"model", "messages", "tools", "max_tokens"}, "chat: unexpected fields %s" % sorted(set(req)))
    declared = tool_names(req, "chat")
    pending = []
    for i, m in enumerate(msgs):
        role = m.get("role")
        need(role in ("system", "user", "assistant", "tool"), "chat: bad role %r" % role)
        if role == "system":
            need(i == 0, "chat: system message only first")
        if role != "tool":
            need(not pending, "chat: tool calls %s not answered before message %d" % (pending, i))
        if role in ("system", "user"):
            need(isinstance(m.get("content"), str) and m["content"], "chat: %s content" % role)
        elif role == "assistant":
            calls = m.get("tool_calls", [])
            need(isinstance(m.get("content"), str) or calls, "chat: assistant needs content or tool_calls")
            for tc in calls:
                need(tc.get("type") == "function" and isinstance(tc.get("id"), str), "chat: tool_call needs id and type function")
                f = tc.get("function", {})
                need(f.get("name") in declared, "chat: undeclared tool %r" % f.get("name"))
                check_args_json(f.get("arguments"), "chat tool_call %s" % tc["id"])
                pending.append(tc["id"])
                seen_ids.add(tc["id"])
        else:
            need(m.get("tool_call_id") in pending, "chat: tool message answers unknown id %r" % m.get("tool_call_id"))
            need(isinstance(m.get("content"), str), "chat: tool content")
            pending.remove(m["tool_call_id"])
    need(not pending, "chat: unanswered tool calls at the end")
    need(msgs[-1]["role"] in ("user", "tool"), "chat: request must end with user or tool input")
    return msgs


def validate_responses(req, seen_ids):
    need(isinstance(req.get("model"), str), "responses: model")
    need("previous_response_id" not in req, "responses: previous_response_id not allowed")
    need(set(req) <= {"model", "input", "tools", "max_output_tokens", "instructions"}, "responses: unexpected fields %s" % sorted(set(req)))
    items = req.get("input")
    need(isinstance(items, list) and items, "responses: input")
    declared = tool_names(req, "responses")
    calls, outputs = [], []
    for it in items:
        if it.get("type") == "function_call":
            need(isinstance(it.get("call_id"), str) and it.get("name") in declared, "responses: function_call needs call_id and a declared name (%r)" % it.get("name"))
            check_args_json(it.get("arguments"), "responses function_call %s" % it.get("call_id"))
            need(it["call_id"] not in calls, "responses: duplicate call_id")
            calls.append(it["call_id"])
            seen_ids.add(it["call_id"])
        elif it.get("type") == "function_call_output":
            need(it.get("call_id") in calls and it["call_id"] not in outputs, "responses: output for unknown or answered call %r" % it.get("call_id"))
            need(isinstance(it.get("output"), str), "responses: output must be a string")
            outputs.append(it["call_id"])
        else:
            need(set(it) == {"role", "content"}, "responses: message items are {role, content}")
            need(it["role"] in ("user", "assistant", "system", "developer") and isinstance(it["content"], str) and it["content"], "responses: message")
            need(len(outputs) == len(calls), "responses: message before all calls answered")
    need(sorted(calls) == sorted(outputs), "responses: calls and outputs must be one to one")
    last = items[-1]
    need(last.get("role") == "user" or last.get("type") == "function_call_output", "responses: must end with user input or a function_call_output")
    return items


def validate_anthropic(req, seen_ids):
    need(isinstance(req.get("model"), str) and isinstance(req.get("max_tokens"), int), "anthropic: model and max_tokens")
    need(set(req) <= {"model", "max_tokens", "system", "messages", "tools"}, "anthropic: unexpected fields %s" % sorted(set(req)))
    if "system" in req:
        need(isinstance(req["system"], str), "anthropic: system")
    msgs = req.get("messages")
    need(isinstance(msgs, list) and msgs, "anthropic: messages")
    declared = tool_names(req, "anthropic")
    need(msgs[0]["role"] == "user" and msgs[-1]["role"] == "user", "anthropic: must start and end with user")
    prev_uses = []
    for i, m in enumerate(msgs):
        need(m.get("role") == ("user" if i % 2 == 0 else "assistant"), "anthropic: roles must alternate (message %d)" % i)
        content = m.get("content")
        blocks = [{"type": "text", "text": content}] if isinstance(content, str) else content
        need(isinstance(blocks, list) and blocks, "anthropic: content")
        if m["role"] == "assistant":
            uses = []
            for b in blocks:
                need(b.get("type") in ("text", "tool_use"), "anthropic: assistant block type")
                if b["type"] == "tool_use":
                    need(isinstance(b.get("id"), str) and b.get("name") in declared and isinstance(b.get("input"), dict), "anthropic: tool_use needs id, declared name, input")
                    uses.append(b["id"])
                    seen_ids.add(b["id"])
                else:
                    need(isinstance(b.get("text"), str) and b["text"], "anthropic: text block")
            prev_uses = uses
        else:
            results = []
            for j, b in enumerate(blocks):
                need(b.get("type") in ("text", "tool_result"), "anthropic: user block type")
                if b["type"] == "tool_result":
                    need(j == len(results), "anthropic: tool_result blocks must come first")
                    need(isinstance(b.get("content"), str), "anthropic: tool_result content")
                    results.append(b.get("tool_use_id"))
                else:
                    need(isinstance(b.get("text"), str) and b["text"], "anthropic: text block")
            need(sorted(results) == sorted(prev_uses), "anthropic: tool_results must answer exactly the previous tool_use ids (message %d)" % i)
            need(results or any(b["type"] == "text" for b in blocks), "anthropic: empty user message")
            prev_uses = []
    return msgs


VALIDATORS = {"chat": validate_chat, "responses": validate_responses, "anthropic": validate_anthropic}
HISTORY = {"chat": "messages", "responses": "input", "anthropic": "messages"}
NAME_RE = re.compile(r"^(%s)_(runaway|healthy)_([12])_(chat|responses|anthropic)$" % "|".join(STYLES))


def validate(files):
    errors = []
    sids = set()
    counts = {}
    stateless = []
    for rel, text in sorted(files.items()):
        if not rel.endswith(".json"):
            continue
        try:
            doc = json.loads(text)
            stem = os.path.basename(rel)[:-5]
            need(doc.get("name") == stem, "name must equal the file stem")
            mt = NAME_RE.match(stem)
            need(mt is not None, "bad name %r" % stem)
            need(doc.get("style") == mt.group(1) and doc.get("shape") == mt.group(4), "style/shape must match the name")
            shape = doc["shape"]
            need(doc.get("path") == PATHS[shape], "path must match shape")
            h = doc.get("headers", {})
            need(isinstance(h.get("x-session-id"), str) and isinstance(h.get("x-user-id"), str), "headers need x-session-id and x-user-id")
            need(h["x-session-id"] not in sids, "x-session-id not unique")
            sids.add(h["x-session-id"])
            need(isinstance(doc.get("notes"), str) and doc["notes"].strip(), "notes required")
            turns = doc.get("turns")
            need(isinstance(turns, list) and 8 <= len(turns) <= 30, "8-30 turns required (got %s)" % (len(turns) if isinstance(turns, list) else None))
            exp = doc.get("expected", {})
            need(exp.get("outcome") == mt.group(2), "expected.outcome must match the name")
            if exp["outcome"] == "runaway":
                b, d = exp.get("loop_begins_turn"), exp.get("stop_by_turn")
                need(isinstance(b, int) and isinstance(d, int) and 1 <= b <= d < len(turns), "need 1 <= B <= D < turns")
                need(len(turns) >= d + 2, "a runaway must continue at least two turns past D")
                need(set(exp) == {"outcome", "loop_begins_turn", "stop_by_turn"}, "expected fields")
            else:
                need(exp == {"outcome": "healthy"}, "healthy expected must be {outcome: healthy}")
            prev_t = None
            prev_hist = None
            prev_rest = None
            seen = set()
            is_stateless = False
            for k, turn in enumerate(turns, 1):
                t = turn.get("at_seconds")
                need(isinstance(t, (int, float)) and t >= 0, "turn %d: at_seconds" % k)
                need(prev_t is None or t > prev_t, "turn %d: at_seconds must increase strictly" % k)
                prev_t = t
                req = turn.get("request")
                need(isinstance(req, dict), "turn %d: request" % k)
                try:
                    hist = VALIDATORS[shape](req, seen)
                except Bad as e:
                    raise Bad("turn %d: %s" % (k, e))
                rest = {x: y for x, y in req.items() if x != HISTORY[shape]}
                if prev_hist is not None:
                    need(rest == prev_rest, "turn %d: model/tools/system must not change" % k)
                    grows = len(hist) > len(prev_hist) and hist[:len(prev_hist)] == prev_hist
                    if not grows:
                        is_stateless = True
                        need(len(hist) == len(prev_hist) and hist[:-1] == prev_hist[:-1] and hist[-1]["role"] == "user",
                             "turn %d: history must grow by prefix (only a stateless client may resend a fresh history)" % k)
                prev_hist, prev_rest = hist, rest
            if is_stateless:
                stateless.append(stem)
                firsts = [t["request"][HISTORY[shape]][-1]["content"] for t in turns]
                cut = firsts[0].rfind("Question:")
                need(cut > 1000 and all(f.startswith(firsts[0][:cut]) for f in firsts), "stateless client must resend one long document")
                need(len(set(firsts)) == len(firsts), "stateless client must ask a new question each turn")
            key = (shape, exp["outcome"])
            counts[key] = counts.get(key, 0) + 1
        except Bad as e:
            errors.append("%s: %s" % (rel, e))
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            errors.append("%s: malformed (%r)" % (rel, e))
    n = sum(counts.values())
    if n != 32:
        errors.append("expected 32 sessions, got %d" % n)
    if len(stateless) > 1:
        errors.append("at most one stateless client allowed: %s" % stateless)
    per_shape = {s: sum(v for (sh, _), v in counts.items() if sh == s) for s in SHAPES}
    if per_shape != {"chat": 11, "responses": 11, "anthropic": 10}:
        errors.append("shape counts %s" % per_shape)
    return errors, counts, stateless


def main():
    check = "--check" in sys.argv[1:]
    files, meta = build()
    errors, counts, stateless = validate(files)
    toolless = sum(1 for m in meta if m["toolless"])
    if toolless < 6:
        errors.append("need at least 6 tool-less sessions, got %d" % toolless)
    for style in STYLES:
        for kind in ("runaway", "healthy"):
            if sum(1 for m in meta if m["style"] == style and m["kind"] == kind) != 2:
                errors.append("%s needs 2 %s sessions" % (style, kind))
    if check:
        on_disk = {}
        for dirpath, _, names in os.walk(OUT):
            for fn in names:
                full = os.path.join(dirpath, fn)
                with open(full, encoding="utf-8") as f:
                    on_disk[os.path.relpath(full, OUT)] = f.read()
        for rel in sorted(set(files) | set(on_disk)):
            if rel not in on_disk:
                errors.append("missing on disk: %s" % rel)
            elif rel not in files:
                errors.append("unexpected file on disk: %s" % rel)
            elif files[rel] != on_disk[rel]:
                errors.append("differs from the generator: %s" % rel)
    else:
        for rel, text in files.items():
            full = os.path.join(OUT, rel)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8") as f:
                f.write(text)
    for e in errors:
        print("ERROR:", e, file=sys.stderr)
    print("%d sessions (%s), tool-less %d, stateless %s, %d turns" % (
        len(meta), ", ".join("%s %s %d" % (s, o, counts.get((s, o), 0)) for s in SHAPES for o in ("runaway", "healthy")),
        toolless, stateless, sum(m["turns"] for m in meta)))
    if errors:
        sys.exit(1)
    print("check ok" if check else "written to %s" % os.path.relpath(OUT, ROOT))


if __name__ == "__main__":
    main()
