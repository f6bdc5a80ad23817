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
        s.say(texts[min(k, 2)] if k < 3 else "403 again. Retrying ehr_post_note once more.", ("ehr_post_note", {"mrn": "00482219", "note": note}))
    s.tool(err, dt=3)
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
    return s.doc(HEALTHY, "Stateless Q&A: every request carries only the same ~6 KB plan plus a new question (no history), as a "
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
