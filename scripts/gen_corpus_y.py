#!/usr/bin/env python3
"""Writer-y's held-out agent-session corpus for the loop detectors (issue 13).

Stdlib only, deterministic (fixed seeds, no clock, no network). Each style is a hand-written
function that tells its sessions in a neutral form (user text, assistant text + tool calls,
tool outputs); `Session` renders that history into one of three API shapes, resending the
full history every turn as agents do. Written without reading the detectors.

    python3 scripts/gen_corpus_y.py           # write tests/fixtures/corpus_y/heldout/*.json
    python3 scripts/gen_corpus_y.py --check   # regenerate in memory, compare, validate
"""
import hashlib
import json
import os
import random
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "corpus_y")
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
MODELS = {"chat": "gpt-4o", "responses": "gpt-4.1-mini", "anthropic": "claude-sonnet-4-20250514"}


def jd(obj):
    return json.dumps(obj, sort_keys=True)


class Session:
    """History in neutral form; `turn()` snapshots one request in the chosen API shape."""

    def __init__(self, name, style, shape, system, tools=(), user="u-writer-y", model=None, max_out=1024):
        self.name, self.style, self.shape, self.system = name, style, shape, system
        self.tools = list(tools)  # (name, description, {prop: type})
        self.user_id, self.model, self.max_out = user, model or MODELS[shape], max_out
        self.items = []  # ("user", text) | ("assistant", text, [(id, name, args)]) | ("tool", id, name, out)
        self.turns = []
        self.t = 0
        self.n = 0
        self.pending = []
        self.stateless = False

    def _id(self):
        self.n += 1
        h = hashlib.sha1(("%s/%d" % (self.name, self.n)).encode()).hexdigest()
        return ("toolu_01" + h[:22]) if self.shape == "anthropic" else ("call_" + h[:24])

    # -- building ---------------------------------------------------------------------------
    def user(self, text, dt=0):
        self.items.append(("user", text))
        self.turn(dt)

    def say(self, text, *calls):
        """The assistant's reply to the last request; calls are (tool_name, args_dict)."""
        cs = [(self._id(), n, a) for n, a in calls]
        self.items.append(("assistant", text, cs))
        self.pending = cs

    def tool(self, *outputs, dt=0):
        """Outputs of the pending calls, in order (str or JSON-able)."""
        assert len(outputs) == len(self.pending), (self.name, len(outputs), len(self.pending))
        for (cid, n, _), out in zip(self.pending, outputs):
            self.items.append(("tool", cid, n, out if isinstance(out, str) else jd(out)))
        self.pending = []
        self.turn(dt)

    def turn(self, dt):
        self.t += dt
        self.turns.append({"at_seconds": self.t, "request": self.render()})

    def reset_stateless(self):
        self.items = []

    # -- rendering --------------------------------------------------------------------------
    def render(self):
        return getattr(self, "_r_" + self.shape)()

    def _r_chat(self):
        msgs = [{"role": "system", "content": self.system}]
        for it in self.items:
            if it[0] == "user":
                msgs.append({"role": "user", "content": it[1]})
            elif it[0] == "assistant":
                m = {"role": "assistant", "content": it[1] or None}
                if it[2]:
                    m["tool_calls"] = [
                        {"id": i, "type": "function", "function": {"name": n, "arguments": jd(a)}} for i, n, a in it[2]
                    ]
                msgs.append(m)
            else:
                msgs.append({"role": "tool", "tool_call_id": it[1], "content": it[3]})
        req = {"model": self.model, "messages": msgs, "max_tokens": self.max_out, "user": self.user_id}
        if self.tools:
            req["tools"] = [
                {"type": "function", "function": {"name": n, "description": d, "parameters": _schema(p)}}
                for n, d, p in self.tools
            ]
        return req

    def _r_responses(self):
        inp = []
        for it in self.items:
            if it[0] == "user":
                inp.append({"role": "user", "content": it[1]})
            elif it[0] == "assistant":
                if it[1]:
                    inp.append({"type": "message", "role": "assistant",
                                "content": [{"type": "output_text", "text": it[1]}]})
                for i, n, a in it[2]:
                    inp.append({"type": "function_call", "call_id": i, "name": n, "arguments": jd(a)})
            else:
                inp.append({"type": "function_call_output", "call_id": it[1], "output": it[3]})
        req = {"model": self.model, "instructions": self.system, "input": inp, "max_output_tokens": self.max_out}
        if self.tools:
            req["tools"] = [{"type": "function", "name": n, "description": d, "parameters": _schema(p)}
                            for n, d, p in self.tools]
        return req

    def _r_anthropic(self):
        msgs = []
        for it in self.items:
            if it[0] == "user":
                block = {"type": "text", "text": it[1]}
                if msgs and msgs[-1]["role"] == "user":  # text after tool results in one user turn
                    msgs[-1]["content"].append(block)
                else:
                    msgs.append({"role": "user", "content": [block]})
            elif it[0] == "assistant":
                content = [{"type": "text", "text": it[1]}] if it[1] else []
                content += [{"type": "tool_use", "id": i, "name": n, "input": a} for i, n, a in it[2]]
                msgs.append({"role": "assistant", "content": content})
            else:
                block = {"type": "tool_result", "tool_use_id": it[1], "content": it[3]}
                if msgs and msgs[-1]["role"] == "user":
                    msgs[-1]["content"].append(block)
                else:
                    msgs.append({"role": "user", "content": [block]})
        req = {"model": self.model, "system": self.system, "messages": msgs, "max_tokens": self.max_out}
        if self.tools:
            req["tools"] = [{"name": n, "description": d, "input_schema": _schema(p)} for n, d, p in self.tools]
        return req

    def doc(self, expected, notes, sid):
        return {
            "name": self.name, "style": self.style, "shape": self.shape, "path": PATHS[self.shape],
            "headers": {"x-session-id": sid, "x-user-id": self.user_id},
            "expected": expected, "notes": notes, "turns": self.turns,
        }


def _schema(props):
    return {"type": "object", "properties": {k: {"type": v} for k, v in props.items()},
            "required": list(props)[:1]}


def runaway(b, d):
    return {"outcome": "runaway", "loop_begins_turn": b, "stop_by_turn": d}


HEALTHY = {"outcome": "healthy"}


# =============================================================================================
# lab_results_router
# =============================================================================================
LAB_TOOLS = [
    ("lis_list_pending", "List finalized lab results not yet routed", {"unit": "string", "cursor": "string"}),
    ("lis_get_result", "Fetch one result by accession number", {"accession": "string"}),
    ("page_clinician", "Send a page to a clinician's pager or on-call role", {"recipient": "string", "message": "string", "priority": "string"}),
    ("ehr_post_note", "File a result-notification note in the patient's chart", {"mrn": "string", "note": "string"}),
]
LAB_SYS = ("You are the result-routing agent for St. Aldric Regional Hospital's core laboratory. For every "
           "finalized result, decide who must see it: critical values are paged to the ordering provider "
           "within 30 minutes (CAP GEN.41320), then documented in the chart with read-back. Non-critical "
           "results are filed to the chart only. Never alter result values. If a page cannot be delivered, "
           "escalate to the unit charge nurse and say so.")


def lab_runaway_ehr_403(shape):
    s = Session("lab_results_router_runaway_1_" + shape, "lab_results_router", shape, LAB_SYS, LAB_TOOLS)
    s.user("Critical potassium just came off the Cobas for 4 West. Accession 26-341-00871. Route it.")
    s.say("Fetching the result first.", ("lis_get_result", {"accession": "26-341-00871"}))
    s.tool({"accession": "26-341-00871", "mrn": "00482219", "patient": "HALVORSEN, INGRID", "test": "Potassium, plasma",
            "value": "6.9", "units": "mmol/L", "ref": "3.5-5.1", "flag": "HH", "critical": True,
            "ordering": {"name": "Okafor, Chidi MD", "pager": "4417"}, "verified_by": "MLS J. Ruiz",
            "verified_at": "2026-12-07T06:12:44Z", "comment": "Specimen not hemolyzed. Repeat confirmed."}, dt=4)
    s.say("K 6.9 mmol/L (HH), critical. Paging Dr. Okafor now.",
          ("page_clinician", {"recipient": "4417", "priority": "critical",
                              "message": "CRITICAL K 6.9 mmol/L HALVORSEN I MRN 00482219 acc 26-341-00871. Call lab x5520 for read-back."}))
    s.tool({"status": "delivered", "page_id": "PG-99120", "ack": "read-back by Okafor C at 06:19, value 6.9 confirmed"}, dt=41)
    note = ("CRITICAL VALUE NOTIFICATION: Potassium 6.9 mmol/L (ref 3.5-5.1), acc 26-341-00871, verified 06:12. "
            "Paged Dr. C. Okafor (4417) 06:18; read-back confirmed 06:19 by Dr. Okafor.")
    s.say("Page acknowledged with read-back. Documenting in the chart.", ("ehr_post_note", {"mrn": "00482219", "note": note}))
    err = {"error": {"code": 403, "type": "insufficient_scope",
                     "message": "OAuth token for client 'lab-router-svc' lacks scope 'clinical-notes.write'. Contact EHR integration team.",
                     "request_id": None}}
    rid = 0x5a1f
    texts = [
        "The chart note was rejected with a 403. Retrying the note.",
        "Still 403 insufficient_scope. Retrying ehr_post_note.",
        "403 again. Retrying ehr_post_note once more.",
    ]
    for k in range(13):
        rid += 0x1d3
        e = json.loads(jd(err))
        e["error"]["request_id"] = "req-%06x" % rid
        s.tool(e, dt=3 + (k % 3))
        s.say(texts[min(k, 2)], ("ehr_post_note", {"mrn": "00482219", "note": note}))
    e = json.loads(jd(err))
    e["error"]["request_id"] = "req-%06x" % (rid + 0x1d3)
    s.tool(e, dt=3)
    return s.doc(runaway(5, 10), "A 403 missing-scope error on the chart note is permanent; the agent resubmits the identical note "
                 "forever instead of escalating. Loop visible at the second identical 403 (turn 5).", "y-lab-r1")


def lab_runaway_handoff(shape):
    s = Session("lab_results_router_runaway_2_" + shape, "lab_results_router", shape,
                "You are the triage agent in a two-agent lab workflow. The routing agent's messages arrive as user "
                "messages prefixed 'routing-agent:'. Decide if a result needs the on-call clinician or the ordering "
                "provider, then hand it to routing-agent.", [])
    s.user("routing-agent: Troponin I hs 212 ng/L (ref <19), acc 26-341-01204, MRN 00917733, ordered by Dr. Vasquez "
           "(ED). Ordering provider is off shift since 07:00. Who gets it?")
    a1 = ("Triage: this is a critical troponin. Since the ordering provider is off shift, it should go to the "
          "provider who owns the patient now. Handing back to you to look up the current attending and page them.")
    r1 = ("routing-agent: I don't have attribution data for the current attending; my tools only see the ordering "
          "provider. Per policy the triage agent decides the recipient. Handing back: who gets troponin 212, acc 26-341-01204?")
    s.say(a1)
    s.user(r1, dt=9)
    pairs = [
        ("Triage: the recipient is whoever currently owns the patient. I can't see the ED tracking board, so please "
         "resolve the current attending on your side and page them. Back to you.",
         "routing-agent: Current-attending lookup is not one of my tools. I need a named recipient or role from triage. "
         "Back to you: recipient for acc 26-341-01204?"),
        ("Triage: the correct recipient is the attending of record right now, not Dr. Vasquez. Please look that up and "
         "send the page. Returning to routing.",
         "routing-agent: As before, I cannot look up the attending of record. Please name the recipient. Returning to triage."),
    ]
    for k in range(12):
        a, r = pairs[k % 2]
        s.say(a)
        s.user(r, dt=8 + k % 4)
    return s.doc(runaway(3, 9), "Two agents hand the same critical troponin back and forth: triage says 'look up the attending', "
                 "routing says 'I can't, name one'. Period-2 hand-off, the repeat is visible at turn 3.", "y-lab-r2")


def lab_healthy_backoff(shape):
    s = Session("lab_results_router_healthy_1_" + shape, "lab_results_router", shape, LAB_SYS, LAB_TOOLS)
    s.user("Morning sweep for 6 East please: route everything finalized since 05:00.")
    s.say("Listing pending results for 6 East.", ("lis_list_pending", {"unit": "6E", "cursor": ""}))
    busy = lambda ra, rid: {"error": {"status": 503, "message": "LIS interface engine busy (HL7 queue depth 1840). Retry later.",
                                       "retry_after_seconds": ra, "request_id": rid}}
    s.tool(busy(5, "lis-8c01"), dt=3)
    s.say("The LIS interface is busy (503, retry after 5 s). Waiting and retrying.", ("lis_list_pending", {"unit": "6E", "cursor": ""}))
    s.tool({"error": {"status": 429, "message": "Rate limit: 20 requests/min for client lab-router-svc", "retry_after_seconds": 20}}, dt=6)
    s.say("Rate limited now (429, 20 s). Backing off.", ("lis_list_pending", {"unit": "6E", "cursor": ""}))
    s.tool(busy(40, "lis-8c3e"), dt=21)
    s.say("503 again with a 40 s hint; backing off 40 s before the next try.", ("lis_list_pending", {"unit": "6E", "cursor": ""}))
    results = [
        ("26-341-00950", "00311827", "BMP", "Na 138, K 4.1, Cl 101, CO2 24, BUN 18, Cr 0.9, Glu 104", False, "Lindqvist, Maren MD", "3390"),
        ("26-341-00962", "00550910", "CBC", "WBC 2.1 L, Hgb 7.4 L, Plt 38 LL", True, "Abara, Tobenna MD", "4102"),
        ("26-341-00977", "00204455", "Lactate", "Lactate 4.8 mmol/L HH", True, "Lindqvist, Maren MD", "3390"),
        ("26-341-00981", "00677341", "Mg", "Mg 1.9 mg/dL", False, "Pereira, Joana NP", "5021"),
    ]
    s.tool({"unit": "6E", "next_cursor": None, "results": [
        {"accession": a, "mrn": m, "panel": p, "summary": v, "critical": c, "ordering": o, "pager": pg}
        for a, m, p, v, c, o, pg in results]}, dt=41)
    s.say("Got 4 results. Two criticals: CBC on 00550910 (Plt 38) and lactate 4.8 on 00204455. Paging Dr. Abara first.",
          ("page_clinician", {"recipient": "4102", "priority": "critical", "message": "CRITICAL Plt 38 Hgb 7.4 MRN 00550910 acc 26-341-00962. Call x5520."}))
    s.tool({"error": {"status": 503, "message": "Paging gateway (Spok) timeout", "retry_after_seconds": 10}}, dt=5)
    s.say("Paging gateway timed out (503). Retrying in 10 s.",
          ("page_clinician", {"recipient": "4102", "priority": "critical", "message": "CRITICAL Plt 38 Hgb 7.4 MRN 00550910 acc 26-341-00962. Call x5520."}))
    s.tool({"status": "delivered", "page_id": "PG-99310", "ack": "read-back by Abara T 07:02"}, dt=14)
    s.say("Delivered and read back. Paging Dr. Lindqvist for the lactate.",
          ("page_clinician", {"recipient": "3390", "priority": "critical", "message": "CRITICAL lactate 4.8 MRN 00204455 acc 26-341-00977. Call x5520."}))
    s.tool({"status": "delivered", "page_id": "PG-99318", "ack": "read-back by Lindqvist M 07:05"}, dt=50)
    for a, m, p, v, c, o, pg in results:
        s.say("Filing the %s note for MRN %s." % (p, m),
              ("ehr_post_note", {"mrn": m, "note": "%s resulted (%s). %s" % (p, a, "Critical called, read-back obtained." if c else "Non-critical; filed.")}))
        s.tool({"status": "created", "note_id": "N-%s" % hashlib.sha1(a.encode()).hexdigest()[:8]}, dt=3)
    s.say("All four 6 East results are routed. Anything else?")
    s.user("Thanks, that's it for now.", dt=120)
    return s.doc(HEALTHY, "503/429 on the LIS and a paging timeout, retried with growing waits, then everything succeeds and the sweep completes.", "y-lab-h1")


def lab_healthy_batch(shape):
    instr = ("Batch job: for the accession given, fetch it, then decide routing under policy LAB-RT-7 (critical -> page "
             "ordering provider, then chart note; non-critical -> chart note only; any specimen-integrity comment -> "
             "add 'recollect advised' to the note and do NOT page on a value that may be artefactual; potassium from a "
             "hemolyzed specimen is never called critical). Reply with one line: ACC | action | reason.")
    s = Session("lab_results_router_healthy_2_" + shape, "lab_results_router", shape, LAB_SYS, LAB_TOOLS)
    items = [
        ("26-341-01301", "K 6.4 mmol/L", "Hemolysis index 3+ (moderate)", "00128840"),
        ("26-341-01302", "Glucose 41 mg/dL", "", "00391102"),
        ("26-341-01303", "K 5.9 mmol/L", "Hemolysis index 2+", "00772215"),
        ("26-341-01306", "INR 1.1", "", "00450019"),
        ("26-341-01307", "LDH 910 U/L", "Hemolysis index 3+ (moderate)", "00128840"),
        ("26-341-01311", "K 7.1 mmol/L", "Hemolysis index 4+ (gross)", "00663904"),
        ("26-341-01312", "Na 121 mmol/L", "", "00902271"),
        ("26-341-01318", "AST 88 U/L", "Hemolysis index 2+", "00334180"),
    ]
    first = True
    for acc, val, comment, mrn in items:
        if first:
            s.user(instr + "\n\nAccession: " + acc)
            first = False
        else:
            s.user(instr + "\n\nAccession: " + acc, dt=25)
        s.say("", ("lis_get_result", {"accession": acc}))
        crit = ("41" in val) or ("121" in val) or ("7.1" in val and not comment) or ("6.4" in val and not comment)
        s.tool({"accession": acc, "mrn": mrn, "result": val, "specimen_comment": comment or None,
                "critical_flag": ("K" in val and float(val.split()[1]) > 6.0) or crit, "ordering_pager": "4%03d" % (int(acc[-3:]) % 1000)}, dt=3)
        if comment:
            s.say("", ("ehr_post_note", {"mrn": mrn, "note": "%s %s. %s - value may be artefactual; recollect advised." % (acc, val, comment)}))
            s.tool({"status": "created"}, dt=2)
            s.say("%s | chart note, recollect advised, no page | %s" % (acc, comment))
        elif crit:
            s.say("", ("page_clinician", {"recipient": "4%03d" % (int(acc[-3:]) % 1000), "priority": "critical", "message": "CRITICAL %s acc %s MRN %s" % (val, acc, mrn)}))
            s.tool({"status": "delivered", "ack": "read-back obtained"}, dt=30)
            s.say("", ("ehr_post_note", {"mrn": mrn, "note": "%s %s critical, paged, read-back obtained." % (acc, val)}))
            s.tool({"status": "created"}, dt=2)
            s.say("%s | paged + chart note | critical %s" % (acc, val))
        else:
            s.say("", ("ehr_post_note", {"mrn": mrn, "note": "%s %s filed, non-critical." % (acc, val)}))
            s.tool({"status": "created"}, dt=2)
            s.say("%s | chart note only | non-critical" % acc)
    s.user(instr + "\n\nAccession: (end of batch) - give the tally.", dt=20)
    return s.doc(HEALTHY, "Batch routing with one long shared policy; the same 'hemolyzed, recollect advised' finding recurs on four different accessions, which is normal batch work.", "y-lab-h2")


# =============================================================================================
# license_compliance_audit
# =============================================================================================
LIC_TOOLS = [
    ("sbom_generate", "Generate a CycloneDX SBOM for the repo at a ref", {"ref": "string", "cursor": "string"}),
    ("license_scan", "Run the license policy scanner (allowlist: MIT, Apache-2.0, BSD-2/3, ISC, MPL-2.0 file-level)", {"ref": "string", "flags": "string"}),
    ("edit_file", "Replace the content of a file in the working branch", {"path": "string", "content": "string"}),
    ("open_pull_request", "Open a PR from the working branch", {"title": "string", "body": "string"}),
]
LIC_SYS = ("You are a compliance engineer agent for the 'harbor-ingest' Rust service. Goal: make `license_scan` pass on "
           "branch audit/q4 without removing functionality, then open a PR summarising every license decision. "
           "Never relabel a license; fix by replacing or feature-gating the dependency.")

LIC_FAIL = ("license-scan 3.4.1  policy=corp-oss-2026.2  ref={ref}\n"
            "scanned 412 packages (crates: 388, vendored C: 24)\n"
            "DENIED  readstat-sys 0.9.2  license: GPL-3.0-or-later  path: harbor-ingest -> sas7bdat 0.4.0 -> readstat-sys 0.9.2\n"
            "result: FAIL (1 denied, 0 unknown, 3 notices required)\n")


def lic_runaway_alternating(shape):
    s = Session("license_compliance_audit_runaway_1_" + shape, "license_compliance_audit", shape, LIC_SYS, LIC_TOOLS)
    s.user("Scanner blocks the release on audit/q4. Sort it out.")
    s.say("Running the scanner to see what is denied.", ("license_scan", {"ref": "audit/q4", "flags": ""}))
    s.tool(LIC_FAIL.format(ref="audit/q4@1e0c2aa"), dt=38)
    edits = [
        ("Cargo.toml", "[dependencies]\nsas7bdat = { version = \"0.4\", default-features = false }\n",
         "sas7bdat's default features pull readstat-sys. Disabling default features."),
        ("Cargo.toml", "[dependencies]\nsas7bdat = { version = \"0.3.7\" }\n",
         "Maybe the older sas7bdat 0.3.7 predates the readstat binding. Pinning 0.3.7."),
    ]
    shas = ["7d41e09", "a3c9f10", "0be2d77", "c51a8e4", "9f00b3d", "e47d2c1", "2ab8f66", "d09c3e5", "61fe0a2"]
    for k in range(9):
        path, content, why = edits[k % 2]
        if k >= 2:
            why = ("Still denied through sas7bdat -> readstat-sys. " + why)
        s.say(why, ("edit_file", {"path": path, "content": content}))
        s.tool({"ok": True, "commit": shas[k]}, dt=6)
        s.say("Re-running the scanner.", ("license_scan", {"ref": "audit/q4", "flags": ""}))
        s.tool(LIC_FAIL.format(ref="audit/q4@" + shas[k]), dt=35 + k)
    return s.doc(runaway(7, 13), "Edit A (default-features off) / scan FAIL / edit B (pin 0.3.7) / scan FAIL, alternating with the "
                 "same GPL denial each time. Turn 7 is the second failing scan after the first repeated edit.", "y-lic-r1")


def _scan_log(rng, ref, flags, buried):
    lines = ["license-scan 3.4.1  policy=corp-oss-2026.2  ref=%s  flags=%s" % (ref, flags or "(none)")]
    crates = ["serde", "tokio", "hyper", "rustls", "ring", "regex", "aho-corasick", "bytes", "tracing", "prost",
              "tonic", "axum", "tower", "mio", "libc", "zstd-sys", "lz4-sys", "openssl-sys", "chrono", "uuid",
              "parking_lot", "crossbeam-channel", "arrow", "parquet", "flatbuffers", "thrift", "snap", "brotli",
              "memchr", "itoa", "ryu", "hashbrown", "indexmap", "smallvec", "futures-util", "pin-project"]
    lic = ["MIT OR Apache-2.0", "MIT", "Apache-2.0", "BSD-3-Clause", "ISC", "Apache-2.0 WITH LLVM-exception"]
    for i in range(240):
        c = rng.choice(crates)
        ver = "%d.%d.%d" % (rng.randint(0, 2), rng.randint(0, 40), rng.randint(0, 19))
        lines.append("  [%4d/412] %-22s %-8s %-32s ok  (%d ms)" % (i + 1, c, ver, rng.choice(lic), rng.randint(1, 90)))
        if i == 201:
            lines.append("  [ERROR] readstat-sys 0.9.2: license expression 'GPL-3.0-or-later' is DENIED by rule R-04 "
                         "(strong copyleft in statically linked code) via sas7bdat 0.4.0 [feature 'sas']")
        if i % 60 == 59:
            lines.append("  .. cache: %d hits, %d misses, clearlydefined lookups %d" % (rng.randint(200, 400), rng.randint(0, 20), rng.randint(0, 9)))
    lines.append("notices required: ring (OpenSSL-style), zstd-sys (BSD-3 + patents grant), brotli (MIT)")
    lines.append("summary: 411 allowed, 1 denied, 0 unknown -> FAIL  (elapsed %.1fs)" % (rng.randint(310, 620) / 10))
    return "\n".join(lines)


def lic_runaway_buried(shape):
    rng = random.Random(1307)
    s = Session("license_compliance_audit_runaway_2_" + shape, "license_compliance_audit", shape, LIC_SYS, LIC_TOOLS, max_out=2048)
    s.user("CI's license job is red on audit/q4 and the summary line is useless. Find out why and make it pass.")
    flags = ["", "--verbose", "--refresh-cache", "--no-vendored", "--verbose --refresh-cache", "--offline",
             "--policy corp-oss-2026.2", "--jobs 1", "--verbose", "--refresh-cache --jobs 4", "--no-dev-deps", "--offline --verbose"]
    notes = [
        "Running the scanner to get the full log.",
        "The log is long and I don't see an obvious cause; maybe a stale cache. Re-running with --verbose.",
        "Still FAIL with 1 denied. Could be stale clearlydefined data; refreshing the cache.",
        "Still 1 denied. Perhaps the vendored C sources are the problem; excluding them to check.",
        "No change. Trying verbose + refresh together to surface the denied package.",
        "Still FAIL. Trying offline mode in case the network lookups are inconsistent.",
        "FAIL again. Pinning the policy explicitly.",
        "Same summary. Maybe a concurrency issue in the scanner; single job.",
        "Still 1 denied. Verbose once more to read the summary section carefully.",
        "Same result. Refreshing with 4 jobs.",
        "Still FAIL. Excluding dev-dependencies.",
        "FAIL. Offline verbose.",
    ]
    for k in range(12):
        s.say(notes[k], ("license_scan", {"ref": "audit/q4", "flags": flags[k]}))
        s.tool(_scan_log(rng, "audit/q4@1e0c2aa", flags[k], True), dt=(4 if k == 0 else 40 + rng.randint(0, 25)))
    return s.doc(runaway(4, 10), "Each scan prints ~240 differently-ordered, differently-timed lines; the same GPL-3.0 denial of "
                 "readstat-sys is buried near the end every time while the agent keeps changing flags.", "y-lic-r2")


def lic_healthy_pagination(shape):
    rng = random.Random(2207)
    s = Session("license_compliance_audit_healthy_1_" + shape, "license_compliance_audit", shape, LIC_SYS, LIC_TOOLS, max_out=2048)
    s.user("Before we touch anything: page through the whole SBOM for audit/q4 and list every component whose license "
           "is not plain MIT/Apache-2.0, with the path that brings it in.")
    names = ["adler", "aead", "ahash", "anyhow", "arc-swap", "arrayvec", "async-trait", "atoi", "base64", "bitflags",
             "blake3", "bstr", "bumpalo", "byteorder", "cc", "cfg-if", "clap", "crc32fast", "csv", "dashmap", "digest",
             "either", "encoding_rs", "fastrand", "flate2", "fnv", "getrandom", "glob", "h2", "half", "heck", "http",
             "httparse", "humantime", "idna", "itertools", "jobserver", "lazy_static", "lexical-core", "lock_api",
             "log", "lru", "md-5", "mime", "miniz_oxide", "nom", "num-traits", "object", "once_cell", "percent-encoding"]
    odd = {7: ("encoding_rs", "(Apache-2.0 OR MIT) AND BSD-3-Clause", "harbor-ingest -> csv-async -> encoding_rs"),
           19: ("webpki-roots", "MPL-2.0", "harbor-ingest -> rustls -> webpki-roots"),
           33: ("ring", "ISC AND OpenSSL AND MIT", "harbor-ingest -> rustls -> ring"),
           44: ("unicode-ident", "(MIT OR Apache-2.0) AND Unicode-DFS-2016", "proc-macro2 -> unicode-ident"),
           58: ("readstat-sys", "GPL-3.0-or-later", "harbor-ingest -> sas7bdat -> readstat-sys"),
           71: ("zstd-sys", "BSD-3-Clause", "parquet -> zstd -> zstd-sys"),
           83: ("option-ext", "MPL-2.0", "dirs -> dirs-sys -> option-ext")}
    found = []
    cursor = ""
    for page in range(8):
        s.say("Fetching SBOM page %d." % (page + 1) if page else "Starting at the first SBOM page.",
              ("sbom_generate", {"ref": "audit/q4", "cursor": cursor}))
        comps = []
        for i in range(page * 12, page * 12 + 12):
            if i in odd:
                n, l, p = odd[i]
                found.append((n, l, p))
            else:
                n, l, p = rng.choice(names), rng.choice(["MIT", "Apache-2.0", "MIT OR Apache-2.0"]), "harbor-ingest -> ..."
            comps.append({"bom-ref": "pkg:cargo/%s@%d.%d.%d" % (n, rng.randint(0, 3), rng.randint(0, 30), rng.randint(0, 9)),
                          "name": n, "licenses": [{"expression": l}], "scope": "required", "path": p})
        cursor = "c_%s" % hashlib.sha1(("p%d" % page).encode()).hexdigest()[:10] if page < 7 else None
        s.tool({"bomFormat": "CycloneDX", "specVersion": "1.5", "serialNumber": "urn:uuid:3f1c9e02-77aa-4b7e-9a51-0d2c11f0e8b4",
                "metadata": {"component": {"name": "harbor-ingest", "version": "2.14.0"}, "tools": ["cargo-cyclonedx 0.5.5"]},
                "page": page + 1, "page_size": 12, "total": 96, "next_cursor": cursor, "components": comps}, dt=7)
        if found:
            s.say("Page %d noted. Non-trivial so far: %s." % (page + 1, "; ".join("%s (%s)" % (n, l) for n, l, _ in found)),
                  *(() if page == 7 else ()))
            s.user("ok keep going" if page < 7 else "That was the last page, right?", dt=30)
    s.say("Yes, 96 of 96 components read. Findings:\n" + "\n".join("- %s: %s via %s" % f for f in found) +
          "\nOnly readstat-sys (GPL-3.0-or-later) is denied by policy; MPL-2.0 file-level and the notice licenses are allowed.")
    s.user("Great. Open a PR that adds a THIRD_PARTY_NOTICES entry for ring and zstd-sys, nothing else yet.", dt=300)
    s.say("", ("edit_file", {"path": "THIRD_PARTY_NOTICES.md", "content": "## ring\nISC AND OpenSSL AND MIT ...\n## zstd-sys\nBSD-3-Clause ...\n"}))
    s.tool({"ok": True, "commit": "4e1a9b0"}, dt=5)
    s.say("", ("open_pull_request", {"title": "Add third-party notices for ring and zstd-sys", "body": "Notice-only change from the SBOM audit."}))
    s.tool({"number": 1842, "url": "https://git.internal/harbor/harbor-ingest/pull/1842"}, dt=4)
    return s.doc(HEALTHY, "Pagination: the same sbom_generate call with the next cursor, shared CycloneDX boilerplate per page, new components each page, then a small PR.", "y-lic-h1")


def lic_healthy_changing_failures(shape):
    s = Session("license_compliance_audit_healthy_2_" + shape, "license_compliance_audit", shape, LIC_SYS, LIC_TOOLS)
    s.user("Replace the GPL readstat binding so the scanner passes. The SAS import is only used by the 'legacy-sas' feature.")
    runs = [
        ("Cargo.toml", "sas7bdat = { version = \"0.4\", optional = true }\n[features]\nlegacy-sas = [\"sas7bdat\"]\n",
         "Making sas7bdat optional behind legacy-sas.",
         "cargo build --all-targets\nerror[E0432]: unresolved import `sas7bdat`\n --> src/import/sas.rs:3:5\n  |\n3 | use sas7bdat::Reader;\n  |     ^^^^^^^^ use of undeclared crate or module `sas7bdat`\nerror: could not compile `harbor-ingest` (lib) due to 1 previous error"),
        ("src/import/mod.rs", "#[cfg(feature = \"legacy-sas\")]\npub mod sas;\npub mod csv;\npub mod parquet;\n",
         "Gating the sas module on the feature.",
         "cargo test\nerror[E0599]: no variant named `Sas` found for enum `SourceKind`\n  --> src/router.rs:88:25\n   |\n88 |         SourceKind::Sas => import::sas::load(path),\n   |                     ^^^ variant not found"),
        ("src/router.rs", "match kind {\n    #[cfg(feature = \"legacy-sas\")]\n    SourceKind::Sas => import::sas::load(path),\n    SourceKind::Csv => import::csv::load(path),\n    SourceKind::Parquet => import::parquet::load(path),\n}\n",
         "Gating the router arm too.",
         "running 214 tests\n...\ntest router::tests::rejects_sas_without_feature ... FAILED\n---- router::tests::rejects_sas_without_feature stdout ----\nthread 'router::tests::rejects_sas_without_feature' panicked at src/router.rs:301:9:\nassertion `left == right` failed\n  left: Err(Unsupported(\"sas\"))\n right: Err(UnknownFormat)\ntest result: FAILED. 213 passed; 1 failed"),
        ("src/router.rs", "// test expects UnknownFormat when the feature is off\n#[cfg(not(feature = \"legacy-sas\"))]\nSourceKind::Sas => Err(ImportError::UnknownFormat),\n",
         "The test expects UnknownFormat with the feature off; returning that.",
         "running 214 tests\ntest result: ok. 214 passed; 0 failed; 0 ignored; finished in 9.84s\n\nlicense-scan 3.4.1 policy=corp-oss-2026.2 ref=audit/q4@5c2e7f1\nscanned 409 packages\nresult: PASS (0 denied, 0 unknown, 3 notices required)"),
    ]
    for path, content, why, out in runs:
        s.say(why, ("edit_file", {"path": path, "content": content}))
        s.tool({"ok": True}, dt=5)
        s.say("Building, testing and scanning.", ("license_scan", {"ref": "audit/q4", "flags": "--with-build --with-tests"}))
        s.tool(out, dt=95)
    s.say("Green: tests pass and the scanner reports 0 denied. Opening the PR.",
          ("open_pull_request", {"title": "Gate GPL readstat binding behind legacy-sas (off by default)",
                                 "body": "readstat-sys (GPL-3.0-or-later) only enters with --features legacy-sas. Default build passes license-scan."}))
    s.tool({"number": 1851, "url": "https://git.internal/harbor/harbor-ingest/pull/1851"}, dt=4)
    s.say("PR #1851 opened.")
    s.user("Nice. Does the Docker image build with the default features?", dt=600)
    s.say("Yes: the Dockerfile runs `cargo build --release --locked` with no --features flag, so legacy-sas is off and readstat-sys is not compiled.")
    s.user("Good, merging.", dt=240)
    return s.doc(HEALTHY, "Edit/build/test cycle where every run fails differently (import, enum arm, test assertion) and then passes; PR opened.", "y-lic-h2")


# =============================================================================================
# emissions_inventory
# =============================================================================================
EM_TOOLS = [
    ("meter_read", "Interval or billing-period totals for a meter", {"meter_id": "string", "period": "string"}),
    ("emission_factor_lookup", "Emission factor for an activity (source: eGRID2024, DEFRA 2026, IPCC AR6 GWP100)", {"activity": "string", "region": "string", "year": "integer"}),
    ("report_validate", "Validate a draft inventory section against the GHG Protocol checks", {"section": "string", "data": "string"}),
    ("report_write", "Write a finished section into the FY2026 inventory workbook", {"section": "string", "data": "string"}),
]
EM_SYS = ("You compile Northgate Foods' FY2026 greenhouse-gas inventory (GHG Protocol Corporate Standard, operational "
          "control). Scope 2 is reported location-based and market-based. Use integer kgCO2e internally; round only in "
          "the final tables. Cite the factor source for every line.")


def em_runaway_cycle3(shape):
    s = Session("emissions_inventory_runaway_1_" + shape, "emissions_inventory", shape, EM_SYS, EM_TOOLS)
    s.user("Finish Scope 2 for the Fresno plant (meter FRS-E-01) and write it to the workbook.")
    t0 = 1796630400  # fixed epoch used only to print ticking timestamps
    for k in range(9):
        s.say("Reading FY2026 consumption for FRS-E-01." if k == 0 else "Re-reading the meter total to reconcile.",
              ("meter_read", {"meter_id": "FRS-E-01", "period": "FY2026"}))
        s.tool({"meter_id": "FRS-E-01", "period": "2025-10-01/2026-09-30", "kwh": 18430112, "intervals": 35040,
                "missing_intervals": 96, "estimated_kwh": 50912, "retrieved_at": "2026-12-07T08:%02d:%02dZ" % (10 + k * 2, (k * 17) % 60),
                "cache": "miss" if k % 2 == 0 else "hit"}, dt=5)
        s.say("", ("emission_factor_lookup", {"activity": "electricity", "region": "CAMX", "year": 2024}))
        s.tool({"source": "eGRID2024", "subregion": "CAMX", "co2e_lb_per_mwh": 497.9, "kg_per_kwh": "0.22584",
                "query_ms": 40 + (k * 7) % 23}, dt=3)
        data = "location_based_kgco2e=4162290; kwh=18430112; factor=eGRID2024 CAMX 0.22584"
        s.say("Location-based: 18,430,112 kWh x 0.22584 = 4,162,290 kgCO2e. Validating.", ("report_validate", {"section": "scope2_fresno", "data": data}))
        s.tool({"ok": False, "checks": [{"id": "S2-07", "status": "fail",
                                         "message": "Market-based total missing: plant has a PG&E Solar Choice contract (CT-2291); supply market-based line or justify residual mix."}],
                "validated_at": t0 + 900 * k + 37, "run": 412 + k}, dt=6)
    return s.doc(runaway(5, 11), "Period-3 cycle meter_read -> factor -> validate; validation fails on the missing market-based line every round "
                 "while timestamps, cache flags and run counters tick. Second round starts at turn 5.", "y-em-r1")


def em_runaway_paraphrase(shape):
    s = Session("emissions_inventory_runaway_2_" + shape, "emissions_inventory", shape,
                "You are a sustainability analyst assistant helping reconcile energy data by hand. No tools.", [])
    s.user("Our Modesto warehouse utility bills for FY2026 add up to 48,210 MWh of natural gas... wait, no, therms. "
           "The bills sum to 1,644,900 therms. The facilities team says our gas inventory line should be 8,740 tCO2e. "
           "Can you check the conversion? I get something different.")
    answers = [
        "Sure. 1 therm = 0.1 MMBtu, so 1,644,900 therms = 164,490 MMBtu. The EPA factor for natural gas is 53.06 kg CO2/MMBtu, "
        "giving 164,490 x 53.06 = 8,727,840 kg, about 8,728 tCO2. Adding CH4 and N2O brings it to roughly 8,740 tCO2e, which matches facilities.",
        "Let me redo it carefully. Therms to MMBtu: divide by 10, so 164,490 MMBtu. Multiply by 53.06 kg CO2 per MMBtu: 8,727,840 kg CO2, "
        "i.e. ~8,728 t. With the small CH4/N2O contribution you land at about 8,740 tCO2e, consistent with the facilities figure.",
        "Going step by step again: 1,644,900 therms is 164,490 MMBtu (0.1 MMBtu per therm). At 53.06 kgCO2/MMBtu that is about 8,728 tonnes CO2; "
        "CH4 and N2O add roughly 12 t, so ~8,740 tCO2e. That agrees with facilities.",
        "Re-checking: 164,490 MMBtu (from 1,644,900 therms) x 53.06 kg/MMBtu = 8,727.8 t CO2. Plus about 12 t from methane and nitrous oxide "
        "gives approximately 8,740 tCO2e, matching the number you were given.",
    ]
    users = [
        "That's what facilities did. But the bills are in therms at the meter AND the utility applies a pressure/BTU correction "
        "factor 1.037 that's printed on every bill. Doesn't that change it?",
        "You ignored the 1.037 correction again. It's on every bill, line 'BTU factor 1.037'. Please include it.",
        "Still the same number. Where does the 1.037 go?",
        "Same answer. I need the number WITH the 1.037 BTU factor.",
        "Again 8,740. Please, the BTU factor.",
        "This is the same calculation as before.",
        "Same again.",
    ]
    s.say(answers[0])
    s.user(users[0], dt=90)
    for k in range(12):
        s.say(answers[(k + 1) % 4])
        s.user(users[min(k + 1, len(users) - 1)], dt=60 + 15 * (k % 3))
    return s.doc(runaway(3, 8), "Tool-less paraphrase loop: the assistant re-derives the same 8,740 t reworded each time and never applies the "
                 "1.037 BTU factor the user keeps pointing at.", "y-em-r2")


def _methodology_doc():
    sec = []
    sec.append("NORTHGATE FOODS INC. - GHG INVENTORY MANAGEMENT PLAN (IMP), FY2026 EDITION, REV. C\n"
               "Owner: Corporate Sustainability. Approved: CFO, 2026-09-14. Supersedes Rev. B (2025-10-02).\n")
    sec.append("1. ORGANIZATIONAL BOUNDARY\nNorthgate applies the operational control approach. Included: 14 processing plants, "
               "9 distribution centres, 3 cold-storage warehouses leased under full-service leases where Northgate operates the "
               "refrigeration plant, the Sacramento HQ, and the owned fleet (412 tractors, 96 reefer trailers with diesel TRUs). "
               "Excluded: the Salinas JV packing shed (38% equity, partner operates), franchise retail kiosks, and leased "
               "office suites under 2,000 sq ft where the landlord controls utilities (estimated < 0.3% of Scope 1+2, "
               "documented de minimis per section 7.4).\n")
    sec.append("2. BASE YEAR AND RECALCULATION\nBase year is FY2019 (Oct 2018 - Sep 2019). Recalculate when a structural change, "
               "methodology change or discovered error shifts base-year emissions by 5% or more, individually or cumulatively. "
               "The 2024 acquisition of Valley Crest Dairy (3 plants) triggered recalculation; the 2025 divestment of the "
               "Tulare bakery (1.1%) did not.\n")
    sec.append("3. SCOPE 1\n3.1 Stationary combustion: natural gas from utility bills (therms x bill BTU factor -> MMBtu), "
               "EPA Emission Factors Hub 2026 table 1 (53.06 kg CO2/MMBtu; CH4 1 g/MMBtu; N2O 0.1 g/MMBtu). Propane for "
               "forklifts: gallons delivered, 5.72 kg CO2/gal.\n3.2 Mobile combustion: fleet diesel from fuel cards (gallons), "
               "10.21 kg CO2/gal; CH4/N2O by vehicle class and model year, table 3. Diesel TRUs metered by hours x 0.86 gal/h "
               "where fuel is not separately carded.\n3.3 Fugitive: refrigerant top-ups from service records (R-404A GWP 3,922; "
               "R-448A GWP 1,387; R-717 ammonia GWP 0). Mass-balance method at plants with > 5,000 lb charge; screening method "
               "elsewhere. AR6 GWP100 values are used from FY2025 onward (the GWP table in Appendix B lists both AR5 and AR6).\n")
    sec.append("4. SCOPE 2\n4.1 Location-based: eGRID2024 subregion output rates (CAMX, NWPP, RMPA, ERCT). 4.2 Market-based: "
               "hierarchy per Scope 2 Guidance table 6.3: (a) energy attribute certificates retired for the site, (b) supplier "
               "contracts with specific emission rates (PG&E Solar Choice CT-2291 covers 62% of Fresno plant load), (c) "
               "supplier-specific residual rates, (d) Green-e residual mix 2025. Unbundled RECs purchased after fiscal year "
               "end are not applied.\n")
    for i, (site, note) in enumerate([("Fresno", "meter FRS-E-01 replaced 2026-03-11; 96 intervals estimated"),
                                      ("Modesto", "bills include BTU correction 1.037"),
                                      ("Stockton DC", "solar PPA 1.2 MW on roof; self-consumption netted"),
                                      ("Reno DC", "NV Energy; residual mix NWPP"),
                                      ("Denver cold storage", "ammonia system, no HFC"),
                                      ("Visalia", "cogeneration unit; allocate by efficiency method")]):
        sec.append("5.%d SITE NOTE - %s: %s. Data owner: site energy lead. Evidence retained 7 years in the EHS share, folder "
                   "/ghg/FY2026/%s/. Reviewer checks: meter reconciliation within 2%% of bills; missing data filled by "
                   "same-month prior-year scaled by production tonnage; all estimates flagged 'E' in the workbook.\n"
                   % (i + 1, site, note, site.lower().replace(" ", "_")))
    sec.append("6. SCOPE 3 (SCREENING)\nCategories 1 (purchased goods: milk, sugar, packaging), 4 (upstream transport), 9 "
               "(downstream transport), 12 (end-of-life packaging) are quantified; others screened as not relevant with "
               "rationale in Appendix D. Spend-based factors from USEEIO v2.2 for category 1 except milk (supplier-specific "
               "farm data where available, otherwise 1.27 kg CO2e/kg FPCM).\n")
    sec.append("7. DATA QUALITY AND UNCERTAINTY\n7.1 Each line carries a data quality score (1 measured, 2 calculated from "
               "measured activity, 3 estimated, 4 spend-based). 7.2 Uncertainty aggregated by the IPCC Approach 1 error "
               "propagation. 7.3 Internal audit samples 25 lines per year. 7.4 De minimis: exclusions may total no more than "
               "1% of Scope 1+2 and must be re-estimated every 3 years.\n")
    sec.append("8. ROLES AND TIMELINE\nSite data due T+30 days after fiscal year end; corporate consolidation T+60; limited "
               "assurance (ISAE 3410) by T+90; CDP submission by the July deadline.\n")
    body = "\n".join(sec)
    rng = random.Random(3303)
    sites = ["FRS", "MOD", "VIS", "MER", "TUR", "HAN", "STK", "RNO", "DEN", "SAC", "BAK", "SLN", "LOD", "CHI"]
    reg = ["APPENDIX C - METER REGISTER (FY2026)",
           "METER ID     SITE  UTILITY            COMMODITY  UNIT    READ   CT/PT   INSTALLED   NOTES"]
    for i in range(150):
        site = sites[i % len(sites)]
        com = rng.choice(["electricity", "electricity", "natural gas", "propane", "water"])
        unit = {"electricity": "kWh", "natural gas": "therm", "propane": "gal", "water": "kgal"}[com]
        reg.append("%s-%s-%02d    %-4s  %-17s  %-11s %-6s  %-5s  %-6s  %04d-%02d-%02d  %s" % (
            site, com[0].upper(), i // len(sites) + 1, site, rng.choice(["PG&E", "MID", "SoCalGas", "NV Energy", "Xcel", "City Muni"]),
            com, unit, rng.choice(["15min", "hourly", "monthly"]), rng.choice(["-", "200:5", "400:5", "800:5"]),
            rng.randint(2009, 2026), rng.randint(1, 12), rng.randint(1, 28),
            rng.choice(["", "", "sub-meter of main", "estimated Q1", "replaced 2026", "shared with tenant, 40% allocated"])))
    body += "\n" + "\n".join(reg) + "\n"
    return body + "\nAPPENDIX B - GWP TABLE\n" + "\n".join(
        "%-12s AR5 %6d   AR6 %6d" % g for g in [("CO2", 1, 1), ("CH4 fossil", 28, 30), ("N2O", 265, 273), ("R-404A", 3943, 3922),
                                               ("R-448A", 1273, 1387), ("R-134a", 1300, 1530), ("R-410A", 1924, 2256), ("SF6", 23500, 24300)])


def em_healthy_stateless(shape):
    s = Session("emissions_inventory_healthy_1_" + shape, "emissions_inventory", shape,
                "Answer questions about the attached inventory management plan. Quote the section number you rely on. "
                "If the plan does not say, reply 'Not specified in the IMP'.", [])
    doc = _methodology_doc()
    qs = ["Which approach sets our organizational boundary, and is the Salinas JV in or out?",
          "What triggers a base-year recalculation?",
          "How do I convert the Modesto gas bills to MMBtu?",
          "Which GWP set do we use for R-448A in FY2026, and what is the value?",
          "For Fresno market-based Scope 2, what comes first in the hierarchy?",
          "Can we apply RECs we buy in November 2026 to FY2026?",
          "How should missing interval data be filled?",
          "What's the deadline for limited assurance?",
          "Does the plan say anything about business travel?",
          "How is the Visalia cogeneration unit allocated?",
          "What factor do we use for milk if the farm has no data?"]
    gaps = [0, 200, 45, 900, 30, 1300, 60, 75, 2400, 40, 500]
    for q, g in zip(qs, gaps):
        s.reset_stateless()
        s.user("<document name=\"Northgate_IMP_FY2026_RevC.txt\">\n" + doc + "\n</document>\n\nQuestion: " + q, dt=g)
    return s.doc(HEALTHY, "Stateless Q&A: every request carries only the same ~22 KB plan plus a new question (no history), as a "
                 "form-based client would send it.", "y-em-h1")


def em_healthy_template(shape):
    s = Session("emissions_inventory_healthy_2_" + shape, "emissions_inventory", shape, EM_SYS, EM_TOOLS)
    s.user("Do the Scope 1 stationary-combustion line for every plant on the list, one at a time, same summary format "
           "each time: Site | therms | BTU factor | MMBtu | tCO2e | DQ | notes. Sites: Fresno, Modesto, Visalia, Merced, Turlock, Hanford.")
    data = [("Fresno", "FRS-G-01", 2210400, 1.029, "1 measured"), ("Modesto", "MOD-G-01", 1644900, 1.037, "1 measured"),
            ("Visalia", "VIS-G-02", 3890150, 1.031, "2 calc; cogen share 61% by efficiency method"),
            ("Merced", "MER-G-01", 702330, 1.022, "3 estimated Mar (meter swap)"),
            ("Turlock", "TUR-G-01", 1188040, 1.040, "1 measured"), ("Hanford", "HAN-G-01", 455900, 1.018, "1 measured")]
    for k, (site, m, therms, btu, dq) in enumerate(data):
        s.say("Reading %s gas meter %s." % (site, m), ("meter_read", {"meter_id": m, "period": "FY2026"}))
        s.tool({"meter_id": m, "period": "2025-10-01/2026-09-30", "therms": therms, "bill_btu_factor": btu,
                "bills": 12, "estimated_months": 1 if "estimated" in dq else 0}, dt=4)
        mmbtu = therms * btu / 10
        t = mmbtu * 53.11 / 1000
        row = "%s | %s | %.3f | %s | %s | %s | %s" % (site, format(therms, ","), btu, format(int(mmbtu), ","), format(int(t), ","),
                                                    dq.split()[0], dq.split(" ", 1)[1])
        s.say(row, ("report_write", {"section": "scope1_stationary", "data": row}))
        s.tool({"ok": True, "row": 7 + k, "sheet": "S1-Stationary"}, dt=3)
    s.say("All six plants written to S1-Stationary rows 7-12.")
    s.user("Good. Total?", dt=180)
    s.say("Total stationary combustion FY2026: about %s tCO2e across the six plants (CO2 + CH4 + N2O, EPA Hub 2026 factors)." % format(int(sum(d[2] * d[3] / 10 * 53.11 / 1000 for d in data)), ","))
    s.user("Thanks, lock the sheet.", dt=60)
    return s.doc(HEALTHY, "Same tool pair and one fixed reply template per plant, different numbers and notes every row, then a total.", "y-em-h2")


# =============================================================================================
# rental_repairs_coordinator
# =============================================================================================
RR_TOOLS = [
    ("ticket_get", "Get a repair ticket", {"ticket_id": "string"}),
    ("ticket_update", "Update status/notes of a repair ticket", {"ticket_id": "string", "status": "string", "note": "string"}),
    ("vendor_search", "Find vendors by trade and zip", {"trade": "string", "zip": "string"}),
    ("calendar_slots", "Free slots for a vendor", {"vendor_id": "string", "date": "string"}),
    ("calendar_book", "Book a slot (hold expires after 120 s)", {"vendor_id": "string", "slot_id": "string", "ticket_id": "string"}),
]
RR_SYS = ("You coordinate repairs for Larkspur Property Management (412 units, Oakland/Berkeley). Tenants open tickets; "
          "you triage, pick a licensed vendor, book a slot that works for the tenant and keep the ticket updated. "
          "California Civil Code 1941.1 habitability issues (no heat, no hot water, leaks, broken locks) are urgent: "
          "book within 24 h.")


def rr_runaway_renamed(shape):
    s = Session("rental_repairs_coordinator_runaway_1_" + shape, "rental_repairs_coordinator", shape, RR_SYS, RR_TOOLS)
    s.user("Ticket RR-20931: no hot water in 3C at 1140 Alcatraz Ave since last night. Book a plumber for tomorrow morning.")
    s.say("", ("ticket_get", {"ticket_id": "RR-20931"}))
    s.tool({"ticket_id": "RR-20931", "unit": "1140 Alcatraz 3C", "tenant": "Priya Raman", "category": "water_heater",
            "urgent": True, "access": "tenant home after 08:00", "zip": "94703"}, dt=3)
    s.say("Urgent habitability issue. Looking for plumbers.", ("vendor_search", {"trade": "plumbing", "zip": "94703"}))
    s.tool({"vendors": [{"vendor_id": "V-118", "name": "East Bay Rooter & Heater", "license": "C-36 #884120", "rating": 4.7},
                        {"vendor_id": "V-204", "name": "Berkeley Flow Plumbing", "license": "C-36 #902311", "rating": 4.4}]}, dt=4)
    for k in range(10):
        s.say("Checking East Bay Rooter's morning slots." if k == 0 else "That hold expired. Fetching fresh slots and booking the first morning one.",
              ("calendar_slots", {"vendor_id": "V-118", "date": "2026-12-08"}))
        base = 4410 + 37 * k
        s.tool({"vendor_id": "V-118", "date": "2026-12-08", "slots": [
            {"slot_id": "S-%d" % base, "start": "08:00", "end": "10:00"}, {"slot_id": "S-%d" % (base + 1), "start": "10:00", "end": "12:00"}],
            "hold_token": "h_%s" % hashlib.sha1(str(k).encode()).hexdigest()[:8]}, dt=5)
        s.say("Booking slot S-%d (08:00-10:00)." % base,
              ("calendar_book", {"vendor_id": "V-118", "slot_id": "S-%d" % base, "ticket_id": "RR-20931"}))
        s.tool({"error": {"code": 409, "reason": "SLOT_UNAVAILABLE",
                          "message": "Slot S-%d is no longer available: vendor calendar sync requires hold_token from calendar_slots "
                                     "to be passed to calendar_book." % base}}, dt=4)
    return s.doc(runaway(7, 13), "The same 409 on every booking (the agent never passes the hold_token) but the slot ids change each "
                 "round, so the failure looks new. The second 409 after re-fetching slots is turn 7.", "y-rr-r1")


def rr_runaway_clarify(shape):
    s = Session("rental_repairs_coordinator_runaway_2_" + shape, "rental_repairs_coordinator", shape, RR_SYS, RR_TOOLS)
    s.user("hi the kitchen ceiling is dripping again, its the same leak as in october. unit 4B 2219 Dwight Way. please send someone today")
    ask = [
        "I'm sorry about the leak. To open the ticket I need to confirm the unit: which building and unit number are you in?",
        "Thanks. Before I dispatch a plumber, could you confirm your building address and unit number?",
        "Understood. To make sure I send the vendor to the right place, please tell me the building and unit.",
    ]
    ans = ["4B at 2219 Dwight Way, as I wrote", "2219 Dwight Way unit 4B", "4B, 2219 Dwight. I already said this.",
           "2219 DWIGHT WAY 4B", "4B 2219 Dwight Way"]
    for k in range(13):
        s.say(ask[k % 3])
        s.user(ans[k % 5], dt=40 + 20 * (k % 4))
    return s.doc(runaway(3, 8), "The agent keeps asking for the unit (reworded) while the tenant keeps giving the same answer; no tool is "
                 "ever called. The second ask, after a clear answer, is turn 3.", "y-rr-r2")


def rr_healthy_slow_revisit(shape):
    s = Session("rental_repairs_coordinator_healthy_1_" + shape, "rental_repairs_coordinator", shape, RR_SYS, RR_TOOLS)
    s.user("Ticket RR-21007, broken window latch in 2A at 815 Ashby. Not urgent. Tenant (Marcus Lee) works days; ask him what suits.")
    s.say("", ("ticket_get", {"ticket_id": "RR-21007"}))
    s.tool({"ticket_id": "RR-21007", "unit": "815 Ashby 2A", "status": "new", "category": "window_hardware", "urgent": False, "zip": "94703"}, dt=3)
    s.say("", ("vendor_search", {"trade": "handyman", "zip": "94703"}))
    s.tool({"vendors": [{"vendor_id": "V-331", "name": "Ashby Handy Co.", "rating": 4.8}]}, dt=3)
    s.say("", ("calendar_slots", {"vendor_id": "V-331", "date": "2026-12-09"}))
    s.tool({"slots": [{"slot_id": "S-7710", "start": "09:00"}, {"slot_id": "S-7712", "start": "16:00"}]}, dt=3)
    s.say("Ashby Handy Co. can come Wed 9 Dec at 09:00 or 16:00. Marcus, which works for you?")
    s.user("(tenant) 16:00 wednesday is ok", dt=2400)
    s.say("", ("calendar_book", {"vendor_id": "V-331", "slot_id": "S-7712", "ticket_id": "RR-21007"}))
    s.tool({"booked": True, "booking_id": "B-5521"}, dt=3)
    s.say("", ("ticket_update", {"ticket_id": "RR-21007", "status": "scheduled", "note": "Wed 12/9 16:00, Ashby Handy Co., B-5521"}))
    s.tool({"ticket_id": "RR-21007", "status": "scheduled"}, dt=2)
    s.say("Booked for Wednesday 16:00 and the ticket is scheduled.")
    s.user("(tenant) sorry something came up at work wed, can we do thursday or friday instead?", dt=3100)
    s.say("", ("calendar_slots", {"vendor_id": "V-331", "date": "2026-12-10"}))
    s.tool({"slots": [{"slot_id": "S-7790", "start": "08:00"}]}, dt=3)
    s.say("", ("calendar_slots", {"vendor_id": "V-331", "date": "2026-12-11"}))
    s.tool({"slots": [{"slot_id": "S-7841", "start": "15:00"}, {"slot_id": "S-7842", "start": "17:00"}]}, dt=3)
    s.say("Thursday only 08:00; Friday 15:00 or 17:00. Which one?")
    s.user("(tenant) friday 17:00", dt=1500)
    s.say("", ("calendar_book", {"vendor_id": "V-331", "slot_id": "S-7842", "ticket_id": "RR-21007"}))
    s.tool({"booked": True, "booking_id": "B-5580", "cancelled": "B-5521"}, dt=3)
    s.say("", ("ticket_update", {"ticket_id": "RR-21007", "status": "scheduled", "note": "Rescheduled to Fri 12/11 17:00, B-5580 (B-5521 cancelled)"}))
    s.tool({"ticket_id": "RR-21007", "status": "scheduled"}, dt=2)
    s.say("Rescheduled to Friday 17:00.")
    s.user("(vendor) done, replaced latch + strike plate, $145 incl. parts", dt=3600 * 2 + 1200)
    s.say("", ("ticket_update", {"ticket_id": "RR-21007", "status": "completed", "note": "Latch and strike plate replaced, invoice $145"}))
    s.tool({"ticket_id": "RR-21007", "status": "completed"}, dt=2)
    s.say("Closed as completed; invoice $145 noted.")
    s.user("(tenant) works great thanks", dt=1800)
    return s.doc(HEALTHY, "A slow tenant (25-60 min gaps) reschedules, so the flow legitimately revisits calendar_slots -> calendar_book -> "
                 "'scheduled' before completion.", "y-rr-h1")


def rr_healthy_refine(shape):
    s = Session("rental_repairs_coordinator_healthy_2_" + shape, "rental_repairs_coordinator", shape, RR_SYS, RR_TOOLS)
    letter = ["Dear Residents of 2219 Dwight Way,",
              "On Tuesday, December 15, between 9:00 AM and 3:00 PM, the water will be shut off building-wide while our plumber "
              "replaces the main shut-off valve.",
              "Please store some water for drinking and flushing beforehand.",
              "We apologize for the inconvenience.",
              "Larkspur Property Management"]
    s.user("Draft a notice to all tenants of 2219 Dwight: water shut-off Tue Dec 15, 9-3, main valve replacement.")
    edits = [
        ("make it warmer, and say why we're doing it (the old valve failed during the october leak)", 1,
         "On Tuesday, December 15, between 9:00 AM and 3:00 PM, we will need to shut off the water building-wide so our plumber "
         "can replace the main shut-off valve, which failed during the October leak in unit 4B."),
        ("add a contact line: Dana at (510) 555-0143", 4, "If you have questions, please contact Dana at (510) 555-0143.\nLarkspur Property Management"),
        ("'store some water' sounds odd. say 'fill a few containers'", 2,
         "Please fill a few containers with water for drinking and flushing beforehand."),
        ("add that the laundry room will also be closed", 2,
         "Please fill a few containers with water for drinking and flushing beforehand. The laundry room will also be closed during the work."),
        ("the plumber says 9 to 2 now, not 3", 1,
         "On Tuesday, December 15, between 9:00 AM and 2:00 PM, we will need to shut off the water building-wide so our plumber "
         "can replace the main shut-off valve, which failed during the October leak in unit 4B."),
        ("replace 'We apologize for the inconvenience' with a thank-you", 3, "Thank you for your patience while we make this repair."),
        ("add a Spanish line at the bottom saying Spanish version available on request", 4,
         "If you have questions, please contact Dana at (510) 555-0143.\nVersión en español disponible a pedido.\nLarkspur Property Management"),
        ("perfect. one more: put the date in bold-ish, like all caps TUESDAY DECEMBER 15", 1,
         "On TUESDAY, DECEMBER 15, between 9:00 AM and 2:00 PM, we will need to shut off the water building-wide so our plumber "
         "can replace the main shut-off valve, which failed during the October leak in unit 4B."),
    ]
    s.say("\n\n".join(letter))
    for req, idx, new in edits:
        s.user(req, dt=120 + 30 * idx)
        letter[idx] = new
        s.say("\n\n".join(letter))
    s.user("great, post it to the ticket RR-20950 as the tenant notice", dt=90)
    s.say("", ("ticket_update", {"ticket_id": "RR-20950", "status": "notice_sent", "note": "\n\n".join(letter)}))
    s.tool({"ticket_id": "RR-20950", "status": "notice_sent"}, dt=3)
    return s.doc(HEALTHY, "Iterative refinement of one tenant notice: each reply is the whole letter again with one small change.", "y-rr-h2")


# =============================================================================================
# standup_comedy_writer (tool-less)
# =============================================================================================
COM_SYS = ("You are a comedy writing partner for a working stand-up. Keep her voice: dry, observational, self-deprecating, "
           "about being a 38-year-old ER nurse who moved back in with her parents. Write performable lines, not essays. "
           "Mark act-outs in [brackets].")


def com_runaway_continue(shape):
    s = Session("standup_comedy_writer_runaway_1_" + shape, "standup_comedy_writer", shape, COM_SYS, [])
    s.user("I have a premise: my mom runs her house like a hospital now that I'm back. Write me the opening bit, ~1 minute.")
    bit = ("So I moved back in with my parents. I'm thirty-eight. I'm an ER nurse. I put in central lines for a living, and my "
           "mother still won't let me use the good scissors. [mom voice] \"Those are for fabric.\" Mom, I have cut a man's jeans off "
           "while he was on fire. [beat] She triages the dishwasher. Top rack is ICU - wine glasses, the gravy boat, my dad's "
           "retainer. Bottom rack is the waiting room. Nobody on the bottom rack is getting seen tonight.")
    s.say(bit)
    s.user("good. continue", dt=45)
    bit2 = ("And she charts. She CHARTS. There's a whiteboard on the fridge: \"Dad - fiber, 8am. Dad - walk, 10am. Kelly - "
            "attitude, ongoing.\" [beat] I've been home three weeks and I'm already on a behavioral care plan.")
    s.say(bit2)
    s.user("love it. continue", dt=50)
    for k in range(11):
        s.say(bit2)
        s.user(["continue", "keep going", "continue", "that's the same whiteboard bit. continue with something new", "continue"][k % 5], dt=30 + (k % 3) * 10)
    return s.doc(runaway(4, 8), "After two good bits, every 'continue' gets the identical whiteboard paragraph back; the comic's pleas "
                 "vary a little. First repeat at turn 4.", "y-com-r1")


def com_runaway_cycle3(shape):
    s = Session("standup_comedy_writer_runaway_2_" + shape, "standup_comedy_writer", shape, COM_SYS, [])
    s.user("The closer is: 'My dad asked me to look at a mole. I said Dad, I'm a nurse, not a... actually yes, that's exactly my job.' "
           "I need a tag after it. Give me one.")
    tags = [
        "Tag: \"It was fine. It was a raisin. He'd been sitting on a raisin since 2019.\"",
        "Tag: \"I billed him. He's paying it off in casseroles.\"",
        "Tag: \"He got a second opinion. From my mom. She said 'that's a freckle, Kelly', and honestly? Better bedside manner than me.\"",
    ]
    pushes = ["nah, another one", "hmm not quite. another", "no. give me a different tag", "another", "different one",
              "none of these. another tag"]
    for k in range(14):
        s.say(tags[k % 3])
        s.user(pushes[k % 6], dt=35 + 5 * (k % 4))
    return s.doc(runaway(5, 10), "Period-3 cycle: three tags recycled verbatim as the comic keeps asking for a different one. The first "
                 "recycled tag is in turn 5's request.", "y-com-r2")


def com_healthy_continue(shape):
    s = Session("standup_comedy_writer_healthy_1_" + shape, "standup_comedy_writer", shape, COM_SYS, [])
    s.user("Let's build a 10-minute set, one bit at a time. I'll say continue. Start with the cold open about moving home.")
    bits = [
        "Cold open: \"I'm thirty-eight and I live with my parents. Relax, it's a lease-to-own situation. When they die, I get the "
        "house. [beat] It's a very slow lease.\"",
        "Commute: My commute is now from my childhood bedroom to the ER. I go from a canopy bed with a Jonathan Taylor Thomas poster "
        "to a man who put a flashlight somewhere flashlights should not go. And honestly? Both of them are looking at me like I'm the problem.",
        "Night shift vs. parents: I work nights. My parents think nights means I'm in a band. [dad voice] \"How was the gig?\" "
        "Dad, a guy bit me. [dad] \"Sounds like a tough crowd.\" He's not wrong, it was the psych hold.",
        "Dinner: Dinner is at 4:45. Not five. 4:45. My dad eats like he's getting called up for a shift in 1952. By six he's in "
        "pajamas watching Jeopardy, yelling answers that are wrong with the confidence of a surgeon.",
        "Mom's medical advice: My mom Googles my patients' symptoms. Not HER symptoms. Mine. My PATIENTS'. I come home and she says "
        "\"That man with the chest pain - did you consider... magnesium?\" Mom, he had a knife in him.",
        "Dating: Dating while living at home is hard. I brought a guy back once. My dad met us at the door holding a Costco-size "
        "flashlight like a prison guard. Asked him his intentions and his blood type. In that order.",
        "The family group chat: The family group chat is 90% my mother forwarding me articles titled 'Nurses: are you drinking "
        "enough water?' with no comment. Just the link. It's not a question, it's a threat.",
        "Bathroom: One bathroom. Three adults. My dad treats it like a library. He brings in a newspaper, reading glasses and a "
        "snack. A SNACK, Dad. I have seen things in that ER and I am still not okay with the snack.",
        "Callback closer: So yeah. I live with my parents. I work in the ER. And the scariest thing I've seen all year is my mom's "
        "whiteboard - [point] 'Kelly: move out. Target date: TBD.' [beat] She put it in red. Red is for urgent. Good night!",
    ]
    s.say(bits[0])
    for k in range(1, len(bits)):
        s.user(["continue", "continue", "ha. continue", "continue", "continue, keep it tight", "continue", "continue", "continue, now bring it home"][k - 1], dt=60 + 25 * (k % 3))
        s.say(bits[k])
    s.user("That's the set. Give me the running order as a list of bit titles with rough timings.", dt=300)
    s.say("1. Cold open - lease-to-own (0:40)\n2. Commute (1:00)\n3. Night shift vs. parents (1:10)\n4. Dinner at 4:45 (1:00)\n"
          "5. Mom's medical advice (1:15)\n6. Dating (1:10)\n7. Family group chat (0:50)\n8. Bathroom (1:00)\n9. Callback closer (1:00)\nTotal ~9:05")
    s.user("perfect, thanks", dt=40)
    return s.doc(HEALTHY, "'continue' nine times, each answered with a new bit; then a running order.", "y-com-h1")


def com_healthy_slow_refine(shape):
    s = Session("standup_comedy_writer_healthy_2_" + shape, "standup_comedy_writer", shape, COM_SYS, [])
    s.user("Tightening the dishwasher joke. Current: 'She triages the dishwasher. Top rack is like the ICU and the bottom rack "
           "is like the waiting room, and nobody on the bottom rack is going to be seen tonight.' Too wordy. Trim?")
    versions = [
        ("She triages the dishwasher. Top rack: ICU. Bottom rack: waiting room. Nobody on the bottom rack is getting seen tonight.",
         "ok better. tried it at the Punchline open mic. 'ICU' got a laugh, the end got less. maybe the ending is too long?", 2700),
        ("She triages the dishwasher. Top rack: ICU. Bottom rack: waiting room. [beat] Bottom rack's been there since Tuesday.",
         "ooh. 'since Tuesday' killed at the second mic. can we get a specific item in there?", 3300),
        ("She triages the dishwasher. Top rack: ICU - wine glasses, the gravy boat. Bottom rack: waiting room. [beat] Bottom rack's been there since Tuesday.",
         "the gravy boat is funny but it slows the rhythm. one item only?", 1800),
        ("She triages the dishwasher. Top rack: ICU - the gravy boat. Bottom rack: waiting room. [beat] Bottom rack's been there since Tuesday.",
         "yes. last thing: my dad's retainer in the ICU instead of gravy boat? it's grosser", 2400),
        ("She triages the dishwasher. Top rack: ICU - my dad's retainer. Bottom rack: waiting room. [beat] Bottom rack's been there since Tuesday.",
         "did it twice tonight, retainer gets a groan AND a laugh. but 'ICU' needs the dash pause. can you mark it?", 3600),
        ("She triages the dishwasher. [beat] Top rack: ICU [pause] - my dad's retainer. Bottom rack: waiting room. [beat] Bottom rack's been there since Tuesday.",
         "locking that. now a tag? something about the dish soap being 'comfort care'?", 2100),
        ("Tag: \"She gives the Tupperware lids comfort care. We all know they're not coming back.\"",
         "HA. that's the one. ok write the final 4 lines clean, no brackets, for my notebook", 1500),
        ("She triages the dishwasher.\nTop rack: ICU - my dad's retainer.\nBottom rack: waiting room. Bottom rack's been there since Tuesday.\n"
         "She gives the Tupperware lids comfort care. We all know they're not coming back.", "thank you!! see you after the weekend shows", 900),
    ]
    for v, reply, gap in versions:
        s.say(v)
        s.user(reply, dt=gap)
    return s.doc(HEALTHY, "One joke refined over an evening of open mics: every version differs by a word or a beat, and the comic "
                 "answers 15-60 minutes apart.", "y-com-h2")


# =============================================================================================
# video_transcoding_farm
# =============================================================================================
VT_TOOLS = [
    ("queue_status", "Summary of the transcoding queue", {"queue": "string"}),
    ("job_get", "Status of one transcoding job", {"job_id": "string"}),
    ("job_restart", "Restart a job from its last checkpoint", {"job_id": "string", "worker_pool": "string"}),
    ("worker_list", "List transcoding workers with state and load", {"pool": "string"}),
    ("storage_stat", "Stat an object in the output bucket", {"key": "string"}),
]
VT_SYS = ("You watch the Meridian Streaming transcoding farm (ffmpeg 7.1 + NVENC on L4 GPUs, pools gpu-a/gpu-b, CPU pool "
          "cpu-x). Report job progress to the requester, restart failed jobs at most twice, and escalate to #media-oncall "
          "when a job cannot finish.")


def vt_runaway_stuck_poll(shape):
    s = Session("video_transcoding_farm_runaway_1_" + shape, "video_transcoding_farm", shape, VT_SYS, VT_TOOLS)
    s.user("Tell me when job tj-88412 (the 4K HDR master of 'Salt Flats', ep 3) is done. Poll it, I'll wait.")
    for k in range(20):
        s.say("Polling tj-88412." if k == 0 else "Still running at 37%. Checking again in a minute.",
              ("job_get", {"job_id": "tj-88412"}))
        s.tool({"job_id": "tj-88412", "state": "RUNNING", "worker": "gpu-b-07", "progress": 0.37, "frames_done": 8812,
                "frames_total": 23760, "fps": 0.0, "eta": None, "last_heartbeat": "2026-12-07T09:14:02Z",
                "checked_at": "2026-12-07T09:%02d:%02dZ" % (15 + k, (k * 13) % 60)}, dt=60 if k else 5)
    return s.doc(runaway(4, 14), "A job frozen at 37% (fps 0, same heartbeat) polled every minute; only checked_at ticks. Cheap polls, so "
                 "a generous stop_by; the freeze (fps 0, stale heartbeat) is clear by the third identical poll, turn 4.", "y-vt-r1")


def vt_runaway_restart_loop(shape):
    s = Session("video_transcoding_farm_runaway_2_" + shape, "video_transcoding_farm", shape, VT_SYS, VT_TOOLS, max_out=2048)
    s.user("tj-90117 (feature 'Northbound', 2h11m, AV1 10-bit ladder) failed overnight. Get it through.")
    s.say("", ("job_get", {"job_id": "tj-90117"}))
    def failed(attempt, worker, wall):
        log = ("[ffmpeg] Input #0, mov,mp4, from 's3://mrd-mezz/northbound/NB_FEATURE_PRORES4444.mov':\n"
               "  Duration: 02:11:03.42, start: 0.000000, bitrate: 1184301 kb/s\n"
               "  Stream #0:0: Video: prores (4444) 3840x2160, 23.98 fps\n"
               "[seg] segments 0000-0040 encoded (41/157) in %ds\n"
               "[seg] segment 0041 start=00:13:40.000 dur=20.000\n"
               "[av1_nvenc @ 0x%x] OpenEncodeSessionEx failed: out of memory (10): (no details)\n"
               "[av1_nvenc @ 0x%x] No capable devices found\n"
               "Error initializing output stream 0:0 -- Error while opening encoder - maybe incorrect parameters such as bit_rate, rate, width or height\n"
               "Conversion failed!\n" % (wall, 0x55d0c2a1f000 + attempt * 0x1a40, 0x55d0c2a1f000 + attempt * 0x1a40))
        return {"job_id": "tj-90117", "state": "FAILED", "attempt": attempt, "worker": worker, "failed_segment": 41,
                "exit_code": 187, "log_tail": log}
    s.tool(failed(1, "gpu-a-03", 4112), dt=4)
    workers = ["gpu-a-11", "gpu-b-02", "gpu-a-05", "gpu-b-09", "gpu-a-14", "gpu-b-04", "gpu-a-08"]
    texts = ["Segment 41 hit NVENC out-of-memory. Restarting from checkpoint on another worker.",
             "Same failure at segment 41 on a different GPU. Trying the other pool.",
             "Failed again at 41. Restarting once more; maybe that GPU was busy."]
    for k, w in enumerate(workers):
        s.say(texts[min(k, 2)], ("job_restart", {"job_id": "tj-90117", "worker_pool": "gpu-b" if k % 2 else "gpu-a"}))
        s.tool({"job_id": "tj-90117", "state": "QUEUED", "attempt": k + 2}, dt=6)
        s.say("Restarted (attempt %d). Waiting for it to reach segment 41." % (k + 2), ("job_get", {"job_id": "tj-90117"}))
        s.tool(failed(k + 2, w, 4100 + 17 * k), dt=600 + 30 * k)
    return s.doc(runaway(6, 11), "Restart loop: every attempt on a different GPU dies at segment 41 with the same NVENC OOM (pointer "
                 "addresses and workers change); the cap of two restarts is ignored. Second identical failure at turn 6.", "y-vt-r2")


def vt_healthy_progress(shape):
    s = Session("video_transcoding_farm_healthy_1_" + shape, "video_transcoding_farm", shape, VT_SYS, VT_TOOLS)
    s.user("Ping me when the trailer ladder for 'Salt Flats' S2 (tj-91002) is published.")
    prog = [(0.04, 1210, 188, "00:04:31"), (0.17, 5144, 197, "00:03:52"), (0.31, 9380, 201, "00:03:08"),
            (0.46, 13918, 199, "00:02:24"), (0.58, 17550, 176, "00:02:05"), (0.71, 21483, 184, "00:01:25"),
            (0.83, 25112, 190, "00:00:48"), (0.96, 29048, 193, "00:00:09")]
    for k, (p, f, fps, eta) in enumerate(prog):
        s.say("Polling tj-91002." if k == 0 else "%d%% at %d fps, ETA %s. Polling again." % (int(prog[k - 1][0] * 100), prog[k - 1][2], prog[k - 1][3]),
              ("job_get", {"job_id": "tj-91002"}))
        s.tool({"job_id": "tj-91002", "state": "RUNNING", "stage": "encode 1080p/720p/480p", "progress": p, "frames_done": f,
                "frames_total": 30258, "fps": fps, "eta": eta, "worker": "gpu-a-06"}, dt=5 if k == 0 else 30)
    s.say("96%, ETA 9 s. One more poll.", ("job_get", {"job_id": "tj-91002"}))
    s.tool({"job_id": "tj-91002", "state": "PACKAGING", "stage": "CMAF/HLS+DASH manifests", "progress": 1.0}, dt=20)
    s.say("Encode done, packaging manifests.", ("job_get", {"job_id": "tj-91002"}))
    s.tool({"job_id": "tj-91002", "state": "SUCCEEDED", "outputs": "s3://mrd-out/salt-flats/s2/trailer/master.m3u8", "duration_s": 287}, dt=25)
    s.say("Succeeded. Checking the master playlist exists.", ("storage_stat", {"key": "salt-flats/s2/trailer/master.m3u8"}))
    s.tool({"key": "salt-flats/s2/trailer/master.m3u8", "size": 1388, "etag": "\"9b2f61e0c1\"", "last_modified": "2026-12-07T10:02:41Z"}, dt=3)
    s.say("tj-91002 is published: master.m3u8 is in the output bucket (1,388 bytes). Total encode ~4m47s.")
    s.user("great, thanks", dt=120)
    return s.doc(HEALTHY, "A poller whose progress, frame count, fps and ETA move every poll, then packaging and success.", "y-vt-h1")


def _worker_table(states, tick):
    rows = ["POOL    WORKER     STATE      GPU  DRIVER      FFMPEG  JOBS  GPU%  MEM(GiB)  UPTIME",
            "------  ---------  ---------  ---  ----------  ------  ----  ----  --------  -------"]
    for i, (w, st, drv) in enumerate(states):
        load = 0 if st != "active" else 55 + (i * 7) % 40
        rows.append("%-6s  %-9s  %-9s  L4   %-10s  7.1     %4d  %4d  %8.1f  %s" % (
            w.rsplit("-", 1)[0], w, st, drv, 0 if st != "active" else 2 + i % 3, load, 9.5 + (i % 5) * 2.1 if load else 0.4,
            "%dd%02dh" % (12 + i % 9, (i * 5 + tick) % 24) if drv == "550.127.05" else "0d%02dh" % tick))
    return "\n".join(rows) + ("\n\nLegend: STATE active|draining|upgrading|offline. Drivers must be 565.57.01 after MR-7781. "
                              "Drain before upgrade; do not drain more than 2 workers per pool at once.\n")


def vt_healthy_boilerplate(shape):
    s = Session("video_transcoding_farm_healthy_2_" + shape, "video_transcoding_farm", shape, VT_SYS, VT_TOOLS, max_out=1500)
    s.user("We're rolling the NVIDIA driver upgrade through pool gpu-a (ops is doing the drains). Watch the worker list and tell me "
           "after each change which workers are done; flag anything that goes offline.")
    workers = ["gpu-a-%02d" % i for i in range(1, 17)] + ["gpu-b-%02d" % i for i in range(1, 13)] + ["cpu-x-%02d" % i for i in range(1, 9)]
    states = [[w, "active", "550.127.05"] for w in workers]
    done = []
    for k in range(10):
        # ops moves the rollout on by one step between polls
        if k:
            a, b = 2 * (k - 1), 2 * (k - 1) + 1
            for j in (a, b):
                if j < 16:
                    states[j][1] = "draining"
            for j in (a - 2, b - 2):
                if 0 <= j < 16:
                    states[j][1], states[j][2] = "active", "565.57.01"
                    done.append(states[j][0])
        s.say("Checking the worker list." if k == 0 else "Upgraded so far: %s. Checking again." % (", ".join(done) or "none"),
              ("worker_list", {"pool": "all"}))
        s.tool(_worker_table([tuple(x) for x in states], k), dt=5 if k == 0 else 240)
    s.say("Rollout on gpu-a progressing 2 workers at a time; %d of 16 upgraded, none offline." % len(done))
    s.user("good, I'll check back after lunch", dt=300)
    return s.doc(HEALTHY, "Each poll returns a ~3 KB worker table that is nearly identical boilerplate; two rows change per poll as the "
                 "rolling driver upgrade advances.", "y-vt-h2")


# =============================================================================================
# catalog_dedupe_batch
# =============================================================================================
CD_TOOLS = [
    ("search_index", "Search the product index (OpenSearch) for candidate duplicates", {"query": "string", "cursor": "string"}),
    ("get_product", "Full record of a product", {"sku": "string"}),
    ("merge_products", "Merge duplicate SKUs into a survivor (keeps reviews, redirects URLs)", {"survivor": "string", "duplicates": "string"}),
]
CD_SYS = ("You deduplicate the Fernwood Outdoor product catalog (84k SKUs after the Trailhead acquisition). Two records are "
          "duplicates when brand, model and variant attributes (size, colour) match; GTIN mismatches are flagged but do not "
          "block a merge if everything else matches. Never merge different sizes or colours.")


def _cd_hits(rng, titles, page):
    hits = []
    for i, (sku, title, url) in enumerate(titles):
        hits.append({"sku": sku, "title": title, "url": url, "brand": "Ridgeline", "score": round(12.5 - i * 0.7 - rng.random() * 0.2, 3),
                     "price_cents": [18995, 18995, 17995, 18995, 18500][i % 5], "attrs": {"size": "M", "color": "Slate Blue"}})
    return {"page": page, "took_ms": rng.randint(8, 40), "hits": hits}


def cd_runaway_reserved(shape):
    rng = random.Random(4401)
    s = Session("catalog_dedupe_batch_runaway_1_" + shape, "catalog_dedupe_batch", shape, CD_SYS, CD_TOOLS)
    s.user("Find and merge all duplicates of the Ridgeline Cirque 2.5L rain jacket, men's M, Slate Blue.")
    base = [("RL-CIRQ-M-SB", "Ridgeline Cirque 2.5L Rain Jacket - Men's M, Slate Blue"),
            ("TH-88120-M", "Cirque 2.5 Layer Waterproof Jacket (Mens) Medium Slate Blue"),
            ("RL-CIRQ-M-SB-2", "Ridgeline Cirque Rain Shell M Slate Blue"),
            ("TH-88120-MED", "Ridgeline Cirque Jacket, Men, Medium, Slate"),
            ("RL-CQ25-SB-M", "Cirque 2.5L Jacket Slate Blue M")]
    s.say("Searching the index.", ("search_index", {"query": "ridgeline cirque jacket men M slate blue", "cursor": ""}))
    s.tool(_cd_hits(rng, [(a, b, "/p/%s" % a.lower()) for a, b in base], 1), dt=3)
    s.say("Five candidates. Merging the four into RL-CIRQ-M-SB.",
          ("merge_products", {"survivor": "RL-CIRQ-M-SB", "duplicates": "TH-88120-M,RL-CIRQ-M-SB-2,TH-88120-MED,RL-CQ25-SB-M"}))
    s.tool({"merged": 4, "survivor": "RL-CIRQ-M-SB", "redirects": 4, "reindex": "scheduled (eventual, ~15 min)"}, dt=5)
    prefixes = ["/p/", "/products/", "/outlet/", "/p/trailhead/", "/collections/rain/", "/sale/", "/p/", "/gear/", "/products/", "/outlet/", "/collections/mens/"]
    suffix = ["", " | Trailhead", " - Outlet", " (Trailhead Import)", " | Rain Shells", " - Sale", " [legacy]", " | Gear", "", " - Clearance", ""]
    for k in range(11):
        s.say("Checking for remaining duplicates." if k == 0 else "More listings came back under new URLs. Searching the next page for the rest.",
              ("search_index", {"query": "ridgeline cirque jacket men M slate blue", "cursor": "pg%d" % (k + 2)}))
        s.tool(_cd_hits(rng, [(a, b + suffix[k], prefixes[k] + a.lower() + ("?v=%d" % k if k % 2 else "")) for a, b in base], k + 2), dt=4 + k % 3)
    return s.doc(runaway(5, 10), "The same five (already merged) listings come back page after page under new titles and URL paths because "
                 "the reindex is eventual; the agent keeps paging instead of waiting. Second re-served page at turn 5.", "y-cd-r1")


def cd_runaway_same_item(shape):
    s = Session("catalog_dedupe_batch_runaway_2_" + shape, "catalog_dedupe_batch", shape, CD_SYS, CD_TOOLS)
    s.user("Work through dedupe queue DQ-17: TH-40211/RL-SUM-30, TH-40388/RL-TRK-BLK, TH-40502/RL-GAIT-L, TH-40617/RL-BIV-1P. Merge each pair, report.")
    s.say("", ("merge_products", {"survivor": "RL-SUM-30", "duplicates": "TH-40211"}))
    s.tool({"merged": 1, "survivor": "RL-SUM-30"}, dt=4)
    s.say("Pair 1 merged. Pair 2.", ("merge_products", {"survivor": "RL-TRK-BLK", "duplicates": "TH-40388"}))
    err = {"error": {"code": "VARIANT_CONFLICT", "status": 422,
                     "message": "Cannot merge TH-40388 into RL-TRK-BLK: variant attribute 'size' differs (TH-40388: 'One Size'; RL-TRK-BLK: 'S/M'). Resolve attributes first."}}
    s.tool(err, dt=4)
    alts = ["422 variant conflict on pair 2. Retrying the merge.",
            "Still a variant conflict. Retrying pair 2 merge.",
            "The merge for pair 2 keeps failing with VARIANT_CONFLICT; retrying."]
    for k in range(11):
        s.say(alts[min(k, 2)], ("merge_products", {"survivor": "RL-TRK-BLK", "duplicates": "TH-40388"}))
        s.tool(err, dt=5 + (k % 2))
    return s.doc(runaway(4, 9), "One item in the batch fails the same 422 variant conflict and the agent retries the identical merge instead "
                 "of skipping it; the remaining pairs never get done.", "y-cd-r2")


CD_BATCH_INSTR = (
    "You are a catalog-dedupe reviewer. Given two product records A and B, decide MERGE, KEEP_BOTH or NEEDS_HUMAN.\n"
    "Rules (Fernwood catalog policy CP-12, rev 4):\n"
    "1. Same brand, same model family, same size and colour -> MERGE, survivor = the Fernwood-native SKU (prefix RL-/FW-).\n"
    "2. Different size or colour -> KEEP_BOTH, even if titles look alike.\n"
    "3. GTIN differs but rule 1 holds -> MERGE and add warning GTIN_MISMATCH (Trailhead re-stickered old stock with internal GTINs).\n"
    "4. Price differs by more than 15% -> add warning PRICE_GAP; still MERGE if rule 1 holds.\n"
    "5. Missing size or colour on either side -> NEEDS_HUMAN.\n"
    "6. Bundles (\"2-pack\", \"kit\", \"set\") never merge with singles.\n"
    "Answer as JSON: {\"decision\":..., \"survivor\":..., \"warnings\":[...], \"reason\": one sentence}.\n"
    "Background: Trailhead Outfitters was acquired in 2026-Q2; their 31k SKUs were bulk-imported with titles in a different style "
    "(\"Mens\" vs \"Men's\", size words vs letters, colour names from the supplier sheet). Expect many near-duplicates. Do not "
    "invent attributes that are not in the records.")


def cd_healthy_stateless_batch(shape):
    s = Session("catalog_dedupe_batch_healthy_1_" + shape, "catalog_dedupe_batch", shape, "You review catalog records.", CD_TOOLS[:0])
    pairs = [
        ("RL-CIRQ-W-S-CR | Ridgeline Cirque Rain Jacket Women's S Coral | GTIN 0841230011223 | $189.95",
         "TH-88140-S | Cirque 2.5 Layer Jacket (Womens) Small Coral | GTIN 2000000441203 | $189.95"),
        ("RL-TRK-BLK-SM | Ridgeline Trekker Pole Black S/M | GTIN 0841230019087 | $64.00",
         "TH-40390 | Trekker Trekking Pole Black One Size | GTIN 0841230019087 | $64.00"),
        ("FW-BIV-1P | Fernwood Bivy Shelter 1P Olive | GTIN 0841230050012 | $229.00",
         "TH-40617 | Bivy 1 Person Shelter Olive Green | GTIN 2000000440617 | $179.00"),
        ("RL-SOCK-M-GRY | Ridgeline Merino Hiker Sock M Grey | GTIN 0841230077001 | $22.00",
         "TH-51002-3PK | Merino Hiker Sock 3-Pack Medium Grey | GTIN 0841230077100 | $58.00"),
        ("RL-GAIT-L | Ridgeline Alpine Gaiter L Black | GTIN 0841230031110 | $49.00",
         "TH-40502 | Alpine Gaiters Large Black | GTIN 2000000440502 | $49.00"),
        ("RL-HEAD-300 | Ridgeline Beam 300 Headlamp Red | GTIN 0841230061300 | $39.95",
         "TH-70300 | Beam 300 Lumen Headlamp | GTIN 0841230061300 | $39.95"),
        ("FW-STOVE-TI | Fernwood Titan Stove Titanium | GTIN 0841230088890 | $79.00",
         "TH-66012 | Titan Ultralight Stove (Titanium) | GTIN 2000000466012 | $79.00"),
        ("RL-PUFF-M-BLU | Ridgeline Loft Puffy Men's M Blue | GTIN 0841230045551 | $159.00",
         "TH-33871-M | Loft Puffy Jacket Mens Medium Navy | GTIN 2000000433871 | $159.00"),
        ("RL-DRYBAG-20 | Ridgeline Dry Bag 20L Yellow | GTIN 0841230090020 | $29.00",
         "TH-90020 | Roll-top Dry Bag 20 Litre Yellow | GTIN 2000000490020 | $24.50"),
        ("FW-MUG-450 | Fernwood Camp Mug 450ml Steel | GTIN 0841230092450 | $18.00",
         "TH-92450 | Camp Mug Stainless 450 ml | GTIN 2000000492450 | $18.00"),
    ]
    gaps = [0, 3, 4, 3, 5, 3, 4, 3, 6, 3]
    for (a, b), g in zip(pairs, gaps):
        s.reset_stateless()
        s.user(CD_BATCH_INSTR + "\n\nA: " + a + "\nB: " + b, dt=g)
    return s.doc(HEALTHY, "A stateless batch: one long shared policy plus a short pair of records per request; the GTIN_MISMATCH "
                 "situation recurs on several different pairs, as it would in real batch work.", "y-cd-h1")


def cd_healthy_pagination(shape):
    rng = random.Random(5519)
    s = Session("catalog_dedupe_batch_healthy_2_" + shape, "catalog_dedupe_batch", shape, CD_SYS, CD_TOOLS)
    s.user("Go through every 'sleeping bag' result in the index and merge Trailhead duplicates into their Ridgeline originals.")
    bags = [("Ember 20F", "Regular"), ("Ember 20F", "Long"), ("Ember 0F", "Regular"), ("Solstice 30F", "Regular"),
            ("Solstice 30F", "Long"), ("Drift Quilt 35F", "Regular"), ("Kestrel 15F Women's", "Regular"),
            ("Kestrel 15F Women's", "Short"), ("Nimbus Kids 40F", "One Size"), ("Ember 20F Synthetic", "Regular")]
    cursor = ""
    for page in range(5):
        s.say("Fetching page %d of sleeping bag results." % (page + 1), ("search_index", {"query": "sleeping bag", "cursor": cursor}))
        hits = []
        for model, length in bags[page * 2: page * 2 + 2]:
            code = "".join(w[0] for w in model.split()).upper() + "-" + length[0]
            hits.append({"sku": "RL-SB-" + code, "title": "Ridgeline %s Sleeping Bag, %s" % (model, length), "score": round(9 + rng.random(), 3)})
            hits.append({"sku": "TH-%d" % rng.randint(20000, 29999), "title": "%s Mummy Bag %s (Trailhead)" % (model, length), "score": round(8 + rng.random(), 3)})
        cursor = "c%d_%s" % (page + 1, hashlib.sha1(str(page).encode()).hexdigest()[:6]) if page < 4 else ""
        s.tool({"total": 20, "page_size": 4, "hits": hits, "next_cursor": cursor or None}, dt=4)
        for i in (0, 2):
            surv, dup = hits[i]["sku"], hits[i + 1]["sku"]
            s.say("%s and %s match on model and length. Merging." % (surv, dup), ("merge_products", {"survivor": surv, "duplicates": dup}))
            s.tool({"merged": 1, "survivor": surv, "redirects": 1}, dt=5)
    s.say("All 5 pages done: 10 Trailhead sleeping bags merged into their Ridgeline originals; no length or size conflicts.")
    s.user("Nice. Do tents next tomorrow.", dt=900)
    return s.doc(HEALTHY, "Pagination through search results (same tool, next cursor) with a merge for each new pair found.", "y-cd-h2")


# =============================================================================================
# elevator_fault_diagnostics
# =============================================================================================
EL_TOOLS = [
    ("controller_log", "Read the last N events from an elevator controller", {"car": "string", "lines": "integer"}),
    ("sensor_read", "Read a sensor channel on the car or hoistway", {"car": "string", "channel": "string"}),
    ("controller_reset", "Soft-reset the car controller (car must be parked, doors closed)", {"car": "string"}),
    ("run_test", "Run a controller self-test sequence", {"car": "string", "test": "string"}),
    ("dispatch_technician", "Dispatch a certified technician", {"car": "string", "priority": "string", "summary": "string"}),
]
EL_SYS = ("You are the remote diagnostics agent for Vantor Elevator Services (traction and MRL elevators, KONE/Otis/Schindler "
          "controllers via the VNT-Link gateway). Diagnose faults remotely, try at most one soft reset per fault, and dispatch a "
          "technician when a fault persists. Entrapments are always priority P1.")


def el_runaway_cycle4(shape):
    s = Session("elevator_fault_diagnostics_runaway_1_" + shape, "elevator_fault_diagnostics", shape, EL_SYS, EL_TOOLS)
    s.user("Car 2 at Harbor Point Tower (site HPT-2) is out of service with a door fault. Lobby is complaining. Get it back.")
    for k in range(6):
        s.say("Reading the controller log." if k == 0 else "Fault came back. Reading the log again.", ("controller_log", {"car": "HPT-2", "lines": 12}))
        s.tool("seq=%d uptime=%ds\n" % (88120 + 41 * k, 39 + 180 * k) +
               "E-2 DOOR_LOCK_CIRCUIT_OPEN landing=7 (hall lock 7 not made after close, retries 3/3)\n"
               "state=OUT_OF_SERVICE doors=CLOSED_UNLOCKED car_pos=floor 7 +2mm\nfault_count_24h=%d" % (11 + k), dt=5)
        s.say("", ("sensor_read", {"car": "HPT-2", "channel": "hall_lock_7"}))
        s.tool({"channel": "hall_lock_7", "value": "OPEN", "voltage": 0.3, "sampled_at_ms": 1796630400000 + 187000 * k}, dt=4)
        s.say("Hall lock 7 reads open. Soft reset to re-initialise the door circuit.", ("controller_reset", {"car": "HPT-2"}))
        s.tool({"reset": "ok", "boot_ms": 6100 + 37 * k, "state": "IN_SERVICE"}, dt=40)
        s.say("Reset done; the car is in service. Checking it stays up.", ("run_test", {"car": "HPT-2", "test": "door_cycle_landing_7"}))
        s.tool({"test": "door_cycle_landing_7", "result": "FAIL", "fault": "E-2 DOOR_LOCK_CIRCUIT_OPEN", "cycles": "0/5", "run_id": 5510 + k}, dt=60)
    return s.doc(runaway(7, 12), "Period-4 cycle log -> hall-lock sensor -> soft reset -> door test FAIL, against the one-reset rule; seq, "
                 "uptime, fault counts and run ids tick every round. Second round starts at turn 6; it is visibly the same round again at turn 7.", "y-el-r1")


def _el_log(rng, n, start):
    ev = ["CALL_REG hall up fl %d", "CALL_REG car fl %d", "DOOR_OPEN fl %d t=%dms", "DOOR_CLOSE fl %d t=%dms", "RUN start fl %d -> fl %d",
          "RUN stop fl %d level_err=%dmm", "LOAD %d%%", "DRIVE temp %dC", "LEVEL_ADJ fl %d %dmm"]
    out = []
    t = start
    for i in range(n):
        t += rng.randint(3, 40)
        e = rng.choice(ev)
        args = tuple(rng.randint(1, 30) for _ in range(e.count("%d")))
        out.append("%02d:%02d:%02d  %s" % (6 + t // 3600, (t // 60) % 60, t % 60, e % args))
    return out


def el_runaway_growing_log(shape):
    rng = random.Random(6620)
    s = Session("elevator_fault_diagnostics_runaway_2_" + shape, "elevator_fault_diagnostics", shape,
                "You help building engineers read elevator controller logs they paste in. No tools.", [], max_out=1500)
    err = "F-417 ROPE_BRAKE_TRIP  UCM detected: car moved 142mm with doors open at fl 3, rope brake set, car locked out"
    log = _el_log(rng, 60, 0)
    log.insert(41, "07:02:19  " + err)
    s.user("Car 1 at Lindell Court keeps locking out. Here's the log, what is it?\n\n" + "\n".join(log))
    advice = ("F-417 is an unintended-car-movement (UCM) trip: the car moved 142 mm with the doors open at floor 3 and the rope "
              "brake set. That is a safety lockout; it cannot and must not be cleared remotely or by resetting. The machine brake "
              "needs inspection (lining wear, plunger gap) by a certified technician before the rope brake is reset.")
    reps = [advice,
            "This is still the F-417 UCM rope-brake trip at floor 3. It is a safety lockout: don't reset it. A certified technician "
            "must inspect the machine brake (lining, plunger gap) before the rope brake is reset.",
            "Same fault in the new log: F-417, unintended movement with doors open at floor 3. Please don't try to clear it; the "
            "machine brake needs a technician's inspection before the rope brake can be reset."]
    pushes = ["I reset it and it ran for a while then locked out again. Full log since this morning:",
              "ok, reset again, same thing. newer log:",
              "maintenance says it's probably a sensor glitch. here's everything since 6am:",
              "it happened again. log:",
              "can you look again, more log:"]
    for k in range(11):
        s.say(reps[k % 3])
        log += _el_log(rng, 40 + 6 * k, 3600 + 3000 * k)
        log.append("%02d:%02d:%02d  %s" % (8 + k, 10 + k * 3, 7 * k % 60, err))
        log += _el_log(rng, 15, 3600 + 3000 * k + 900)
        s.user(pushes[k % 5] + "\n\n" + "\n".join(log), dt=600 + 120 * (k % 4))
    return s.doc(runaway(3, 8), "Tool-less: the engineer keeps resetting a safety lockout and pasting an ever-longer log (to ~40 KB) with the "
                 "same F-417 trip; the assistant gives the same advice reworded. The first reworded repeat is in turn 3's request.", "y-el-r2")


def el_healthy_changing_failures(shape):
    s = Session("elevator_fault_diagnostics_healthy_1_" + shape, "elevator_fault_diagnostics", shape, EL_SYS, EL_TOOLS)
    s.user("Technician Ana Ruiz is on site at 500 Mercer, car 4 (MRL, KONE MonoSpace). She's adjusting the door operator and will "
           "tell you when to run the door test. Keep her informed.")
    steps = [
        ("adjusted closing speed from 0.30 to 0.25 m/s, run the test",
         {"result": "FAIL", "cycles": "2/5", "fault": "E-31 DOOR_CLOSE_TIMEOUT fl 1 (closed in 6.8 s > 6.0 s limit)"},
         "Now it's too slow: E-31 close timeout at 6.8 s against a 6.0 s limit. Closing speed is slightly too low."),
        ("set 0.27 m/s. again",
         {"result": "FAIL", "cycles": "4/5", "fault": "E-12 DOOR_REOPEN light curtain beam 14 blocked fl 5"},
         "Timing is fine now (5.6 s). The failure moved: light-curtain beam 14 blocked at floor 5, which is a sensor alignment issue."),
        ("cleaned and realigned the curtain at 5. go",
         {"result": "FAIL", "cycles": "4/5", "fault": "E-7 DOOR_LOCK_LATE fl 9 lock made 410 ms after close (limit 300 ms)"},
         "Curtain clear. New issue: the hall lock at floor 9 makes late (410 ms vs 300 ms). The lock roller may need adjusting."),
        ("adjusted the pickup roller gap at 9 to 8mm. test",
         {"result": "PASS", "cycles": "5/5", "fault": None, "close_time_s": [5.5, 5.6, 5.5, 5.7, 5.6]},
         "PASS, 5/5 cycles, close times 5.5-5.7 s, no faults."),
    ]
    s.say("", ("controller_log", {"car": "MER-4", "lines": 10}))
    s.tool("E-31 DOOR_CLOSE_TIMEOUT fl 1 x3; E-7 DOOR_LOCK_LATE fl 9 x1; state=INSPECTION", dt=5)
    s.say("Car 4 is in inspection mode with recent close timeouts and one late lock. Ready when Ana is.")
    for k, (msg, res, summary) in enumerate(steps):
        s.user("(Ana) " + msg, dt=900 + 300 * k)
        s.say("Running the door cycle test.", ("run_test", {"car": "MER-4", "test": "door_cycle_all_landings"}))
        r = dict(res)
        r["run_id"] = 7301 + k
        s.tool(r, dt=150)
        s.say(summary)
    s.user("(Ana) returning car to service, closing the call", dt=600)
    s.say("", ("sensor_read", {"car": "MER-4", "channel": "service_mode"}))
    s.tool({"channel": "service_mode", "value": "NORMAL"}, dt=60)
    return s.doc(HEALTHY, "Adjust-and-test: each door test fails with a different fault (timeout, light curtain, late lock) and then passes.", "y-el-h1")


def el_healthy_monitor(shape):
    rng = random.Random(7781)
    s = Session("elevator_fault_diagnostics_healthy_2_" + shape, "elevator_fault_diagnostics", shape,
                EL_SYS + " You also run the scheduled 15-minute health check for Harbor Point Tower: read each car's "
                "controller log and post a one-line status.", EL_TOOLS)
    s.user("Scheduled health check 06:00 for HPT cars 1-4.")
    minute = 0
    for k in range(9):
        s.say("", ("controller_log", {"car": "HPT-ALL", "lines": 8}))
        trips = [rng.randint(20 + 15 * k, 40 + 20 * k) for _ in range(4)]
        s.tool("\n".join("HPT-%d state=IN_SERVICE trips_since_06:00=%d avg_wait_s=%d faults=0 drive_temp=%dC" %
                         (c + 1, trips[c], rng.randint(14, 48), rng.randint(31, 44)) for c in range(4)), dt=4)
        h, m = divmod(360 + minute, 60)
        s.say("%02d:%02d HPT all green: 4/4 in service, 0 faults, trips %s, max wait %ds." % (h, m, "/".join(map(str, trips)), rng.randint(30, 55)))
        minute += 15
        h, m = divmod(360 + minute, 60)
        s.user("Scheduled health check %02d:%02d for HPT cars 1-4." % (h, m), dt=900)
    return s.doc(HEALTHY, "A monitoring bot: every 15 minutes the same check and an 'all green' line whose time, trip counts, waits and "
                 "temperatures change.", "y-el-h2")


# =============================================================================================
# the sessions, in the order written (shape chosen so every shape appears >= 8 times)
# =============================================================================================
SESSIONS = [
    (lab_runaway_ehr_403, "anthropic"), (lab_runaway_handoff, "chat"),
    (lab_healthy_backoff, "responses"), (lab_healthy_batch, "anthropic"),
    (lic_runaway_alternating, "chat"), (lic_runaway_buried, "responses"),
    (lic_healthy_pagination, "anthropic"), (lic_healthy_changing_failures, "chat"),
    (em_runaway_cycle3, "responses"), (em_runaway_paraphrase, "anthropic"),
    (em_healthy_stateless, "chat"), (em_healthy_template, "responses"),
    (rr_runaway_renamed, "anthropic"), (rr_runaway_clarify, "chat"),
    (rr_healthy_slow_revisit, "responses"), (rr_healthy_refine, "anthropic"),
    (com_runaway_continue, "chat"), (com_runaway_cycle3, "responses"),
    (com_healthy_continue, "anthropic"), (com_healthy_slow_refine, "chat"),
    (vt_runaway_stuck_poll, "responses"), (vt_runaway_restart_loop, "anthropic"),
    (vt_healthy_progress, "chat"), (vt_healthy_boilerplate, "responses"),
    (cd_runaway_reserved, "anthropic"), (cd_runaway_same_item, "chat"),
    (cd_healthy_stateless_batch, "responses"), (cd_healthy_pagination, "anthropic"),
    (el_runaway_cycle4, "chat"), (el_runaway_growing_log, "responses"),
    (el_healthy_changing_failures, "anthropic"), (el_healthy_monitor, "chat"),
]


# =============================================================================================
# validation and output
# =============================================================================================
def validate(doc):
    errs = []
    shape, turns = doc["shape"], doc["turns"]
    if not 8 <= len(turns) <= 30:
        errs.append("turn count %d" % len(turns))
    exp = doc["expected"]
    if exp["outcome"] == "runaway" and not (1 <= exp["loop_begins_turn"] < exp["stop_by_turn"] < len(turns)):
        errs.append("bad expected %r for %d turns" % (exp, len(turns)))
    last = -1
    for n, t in enumerate(turns, 1):
        if t["at_seconds"] < last:
            errs.append("turn %d time goes back" % n)
        last = t["at_seconds"]
        r = t["request"]
        tools = set()
        if shape == "chat":
            tools = {x["function"]["name"] for x in r.get("tools", [])}
            ms = r["messages"]
            if "model" not in r or not ms or ms[0]["role"] != "system":
                errs.append("turn %d: chat head" % n)
            open_ids = set()
            for m in ms[1:]:
                if m["role"] == "assistant":
                    if open_ids:
                        errs.append("turn %d: assistant before tool results" % n)
                    for c in m.get("tool_calls", []):
                        if c["function"]["name"] not in tools:
                            errs.append("turn %d: undeclared tool" % n)
                        json.loads(c["function"]["arguments"])
                        open_ids.add(c["id"])
                    if m["content"] is None and not m.get("tool_calls"):
                        errs.append("turn %d: empty assistant" % n)
                elif m["role"] == "tool":
                    if m["tool_call_id"] not in open_ids:
                        errs.append("turn %d: unmatched tool message" % n)
                    open_ids.discard(m["tool_call_id"])
                elif m["role"] == "user":
                    if open_ids:
                        errs.append("turn %d: user before tool results" % n)
                else:
                    errs.append("turn %d: role %s" % (n, m["role"]))
            if ms[-1]["role"] not in ("user", "tool") or open_ids:
                errs.append("turn %d: chat tail" % n)
        elif shape == "responses":
            tools = {x["name"] for x in r.get("tools", [])}
            if "model" not in r or "max_output_tokens" not in r or "previous_response_id" in r:
                errs.append("turn %d: responses head" % n)
            open_ids = set()
            for it in r["input"]:
                ty = it.get("type", "message")
                if ty == "function_call":
                    if it["name"] not in tools:
                        errs.append("turn %d: undeclared tool" % n)
                    json.loads(it["arguments"])
                    open_ids.add(it["call_id"])
                elif ty == "function_call_output":
                    if it["call_id"] not in open_ids:
                        errs.append("turn %d: unmatched output" % n)
                    open_ids.discard(it["call_id"])
                elif it["role"] not in ("user", "assistant"):
                    errs.append("turn %d: role" % n)
            if open_ids:
                errs.append("turn %d: open calls" % n)
        else:
            tools = {x["name"] for x in r.get("tools", [])}
            ms = r["messages"]
            if "max_tokens" not in r or "model" not in r or not ms or ms[0]["role"] != "user" or ms[-1]["role"] != "user":
                errs.append("turn %d: anthropic head/tail" % n)
            for i, m in enumerate(ms):
                if i and ms[i - 1]["role"] == m["role"]:
                    errs.append("turn %d: roles do not alternate" % n)
                if not m["content"]:
                    errs.append("turn %d: empty content" % n)
                uses = [b["id"] for b in m["content"] if b["type"] == "tool_use"]
                for b in m["content"]:
                    if b["type"] == "tool_use" and b["name"] not in tools:
                        errs.append("turn %d: undeclared tool" % n)
                if uses:
                    nxt = ms[i + 1]["content"] if i + 1 < len(ms) else []
                    got = [b["tool_use_id"] for b in nxt if b["type"] == "tool_result"]
                    if got != uses or any(b["type"] != "tool_result" for b in nxt[:len(uses)]):
                        errs.append("turn %d: tool_result does not follow tool_use" % n)
                if m["role"] == "user" and i:
                    prev = {b["id"] for b in ms[i - 1]["content"] if b["type"] == "tool_use"}
                    for b in m["content"]:
                        if b["type"] == "tool_result" and b["tool_use_id"] not in prev:
                            errs.append("turn %d: orphan tool_result" % n)
    return ["%s: %s" % (doc["name"], e) for e in errs]


def build():
    docs = []
    for fn, shape in SESSIONS:
        docs.append(fn(shape))
    return docs


def main():
    check = "--check" in sys.argv[1:]
    docs = build()
    errs, sids = [], set()
    for d in docs:
        errs += validate(d)
        if d["headers"]["x-session-id"] in sids:
            errs.append("duplicate session id " + d["headers"]["x-session-id"])
        sids.add(d["headers"]["x-session-id"])
    counts = {}
    for d in docs:
        counts[d["shape"]] = counts.get(d["shape"], 0) + 1
    if any(v < 8 for v in counts.values()) or len(counts) != 3:
        errs.append("shape counts %r" % counts)
    out = os.path.join(ROOT, "heldout")
    want = {d["name"] + ".json": json.dumps(d, indent=1, sort_keys=True) + "\n" for d in docs}
    if check:
        have = set(f for f in os.listdir(out) if f.endswith(".json"))
        if have != set(want):
            errs.append("file set differs: %r" % sorted(have ^ set(want)))
        for f, text in want.items():
            p = os.path.join(out, f)
            if os.path.exists(p):
                with open(p) as fh:
                    disk = fh.read()
                if disk != text:
                    errs.append("%s differs from the generator" % f)
                json.loads(disk)
    else:
        os.makedirs(out, exist_ok=True)
        os.makedirs(os.path.join(ROOT, "tuning"), exist_ok=True)
        open(os.path.join(ROOT, "tuning", ".gitkeep"), "w").close()
        for f in os.listdir(out):
            if f.endswith(".json") and f not in want:
                os.remove(os.path.join(out, f))
        for f, text in want.items():
            with open(os.path.join(out, f), "w") as fh:
                fh.write(text)
    for e in errs:
        print("ERROR", e)
    print("%d sessions, shapes %r, %s" % (len(docs), counts, "check" if check else "written"))
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
