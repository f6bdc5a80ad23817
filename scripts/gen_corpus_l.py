#!/usr/bin/env python3
"""Writes tests/fixtures/corpus_l: an independent, fully held-out agent-session corpus (author writer-l).

Stdlib only, deterministic (fixed seeds, no clock, no network). Every style is written by its own
hand-written functions; a small shape-neutral session builder renders the same conversation as an
OpenAI Chat, OpenAI Responses or Anthropic Messages request sequence (full history resent each turn).

    python3 scripts/gen_corpus_l.py          # (re)write the files
    python3 scripts/gen_corpus_l.py --check  # regenerate in memory, validate, compare with disk
"""
import json
import os
import random
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "corpus_l")
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
MODELS = {
    "chat": ["gpt-4o", "gpt-4.1-mini", "gpt-4o-2024-08-06"],
    "responses": ["gpt-4.1", "gpt-4o-mini", "gpt-4.1-mini"],
    "anthropic": ["claude-sonnet-4-20250514", "claude-3-5-haiku-20241022", "claude-opus-4-20250514"],
}


def tool(name, desc, **props):
    """A declared tool: props maps argument name -> JSON-schema type (all required)."""
    return (name, desc, {"type": "object", "properties": {k: {"type": v} for k, v in props.items()},
                         "required": list(props)})


def js(obj):
    return json.dumps(obj, sort_keys=True)


class S:
    """One session, written as neutral events and rendered per API shape."""

    def __init__(self, style, outcome, tag, shape, system, tools=(), user="", max_tokens=1024, notes=""):
        self.style, self.outcome, self.tag, self.shape = style, outcome, tag, shape
        self.system, self.tools, self.user_id, self.max_tokens, self.notes = system, list(tools), user, max_tokens, notes
        self.name = "%s_%s_%s_%s" % (style, outcome, tag, shape)
        self.model = MODELS[shape][sum(map(ord, self.name)) % 3]
        self.hist, self.turns, self.t, self.calls, self.pending = [], [], 0, 0, []
        self.B = self.D = None
        self.stateless = False

    # --- writing -----------------------------------------------------------------------------
    def user(self, text, dt=30):
        assert not self.turns or self.stateless or self.hist[-1][0] == "asst", (self.name, "no reply before next user turn")
        self.hist.append(("user", text))
        self._emit(dt)

    def asst(self, text=None, *calls):
        """Assistant reply: optional text and tool calls given as (name, args) pairs."""
        ids = []
        for name, args in calls:
            self.calls += 1
            cid = {"chat": "call_", "responses": "fc_", "anthropic": "toolu_"}[self.shape] + "%s%04d" % (
                "%08x" % (abs(hash_str(self.name)) % 0xFFFFFFFF), self.calls)
            ids.append((cid, name, args))
        self.hist.append(("asst", text, ids))
        self.pending = ids

    def res(self, *outputs, dt=20, err=False, then=None):
        """Tool outputs for the pending calls (in order), optional user text after them; emits a turn."""
        assert len(outputs) == len(self.pending), (self.name, len(outputs), len(self.pending))
        for (cid, name, _), out in zip(self.pending, outputs):
            self.hist.append(("tool", cid, name, out if isinstance(out, str) else js(out), err))
        self.pending = []
        if then:
            self.hist.append(("user", then))
        self._emit(dt)

    def loop(self, slack):
        """The next emitted turn is the first where the loop is visibly under way."""
        self.B = len(self.turns) + 1
        self.D = self.B + slack

    def _emit(self, dt):
        if self.turns:
            self.t += dt
        self.turns.append({"at_seconds": self.t, "request": self.render()})

    # --- rendering ----------------------------------------------------------------------------
    def render(self):
        return getattr(self, "_r_" + self.shape)()

    def _r_chat(self):
        msgs = [{"role": "system", "content": self.system}]
        for e in self.hist:
            if e[0] == "user":
                msgs.append({"role": "user", "content": e[1]})
            elif e[0] == "asst":
                m = {"role": "assistant", "content": e[1]}
                if e[2]:
                    m["tool_calls"] = [{"id": c, "type": "function", "function": {"name": n, "arguments": js(a)}}
                                       for c, n, a in e[2]]
                msgs.append(m)
            else:
                msgs.append({"role": "tool", "tool_call_id": e[1], "content": e[3]})
        body = {"model": self.model, "messages": msgs, "max_tokens": self.max_tokens}
        if self.tools:
            body["tools"] = [{"type": "function", "function": {"name": n, "description": d, "parameters": p}}
                             for n, d, p in self.tools]
        return body

    def _r_responses(self):
        items = []
        for e in self.hist:
            if e[0] == "user":
                items.append({"role": "user", "content": [{"type": "input_text", "text": e[1]}]})
            elif e[0] == "asst":
                if e[1]:
                    items.append({"type": "message", "role": "assistant",
                                  "content": [{"type": "output_text", "text": e[1]}]})
                for c, n, a in e[2]:
                    items.append({"type": "function_call", "call_id": c, "name": n, "arguments": js(a)})
            else:
                items.append({"type": "function_call_output", "call_id": e[1], "output": e[3]})
        body = {"model": self.model, "instructions": self.system, "input": items,
                "max_output_tokens": self.max_tokens}
        if self.tools:
            body["tools"] = [{"type": "function", "name": n, "description": d, "parameters": p}
                             for n, d, p in self.tools]
        return body

    def _r_anthropic(self):
        msgs = []
        for e in self.hist:
            if e[0] == "asst":
                blocks = [{"type": "text", "text": e[1]}] if e[1] else []
                blocks += [{"type": "tool_use", "id": c, "name": n, "input": a} for c, n, a in e[2]]
                msgs.append({"role": "assistant", "content": blocks})
                continue
            if e[0] == "user":
                block = {"type": "text", "text": e[1]}
            else:
                block = {"type": "tool_result", "tool_use_id": e[1], "content": e[3]}
                if e[4]:
                    block["is_error"] = True
            if msgs and msgs[-1]["role"] == "user":
                msgs[-1]["content"].append(block)
            else:
                msgs.append({"role": "user", "content": [block]})
        body = {"model": self.model, "system": self.system, "messages": msgs, "max_tokens": self.max_tokens}
        if self.tools:
            body["tools"] = [{"name": n, "description": d, "input_schema": p} for n, d, p in self.tools]
        return body

    def doc(self):
        assert 8 <= len(self.turns) <= 30, (self.name, len(self.turns))
        if self.outcome == "runaway":
            assert self.B is not None and self.D < len(self.turns), (self.name, self.B, self.D, len(self.turns))
            exp = {"outcome": "runaway", "loop_begins_turn": self.B, "stop_by_turn": self.D}
        else:
            assert self.B is None, self.name
            exp = {"outcome": "healthy"}
        d = {"name": self.name, "style": self.style, "shape": self.shape, "path": PATHS[self.shape],
             "headers": {"x-session-id": "corpl-" + self.name, "x-user-id": self.user_id},
             "expected": exp, "turns": self.turns}
        if self.notes:
            d["notes"] = self.notes
        return d


def hash_str(s):
    h = 2166136261
    for ch in s.encode():
        h = ((h ^ ch) * 16777619) & 0xFFFFFFFF
    return h


def clock(base_h, base_m, sec):
    """An ISO timestamp on 2026-11-18, `sec` seconds after base_h:base_m."""
    total = base_h * 3600 + base_m * 60 + sec
    return "2026-11-18T%02d:%02d:%02dZ" % ((total // 3600) % 24, (total // 60) % 60, total % 60)


# ================================================================================================
# pharmacy_interaction_check
# ================================================================================================
PH_TOOLS = [
    tool("interaction_lookup", "Look up drug-drug interactions for a list of RxNorm CUIs.", rxcuis="array"),
    tool("formulary_check", "Check a drug (by NDC) against the patient's plan formulary.", ndc="string", plan_id="string"),
]
PH_SYS = ("You are a clinical pharmacy assistant at Northgate Community Pharmacy. For each new prescription, "
          "check interactions against the patient's active medication list and check formulary coverage. "
          "Flag severity (contraindicated / major / moderate / minor) and suggest covered alternatives. "
          "Never change a prescription yourself; a pharmacist signs off.")


def pharmacy_runaway_ndc(shape):
    s = S("pharmacy_interaction_check", "runaway", "renamed_ndc", shape, PH_SYS, PH_TOOLS, user="rph-okafor",
          notes="The formulary tool rejects the plan id (BIN/PCN mismatch); the agent keeps reformatting the NDC "
                "and trying sibling package sizes, so ids change but the failure is identical.")
    s.user("New Rx for patient MRN 00481733 (plan OPT-RX-4471): apixaban 5 mg tab, 1 PO BID, #60. "
           "Active meds: diltiazem ER 240 mg daily, atorvastatin 40 mg, sertraline 100 mg. Please check.")
    s.asst("Checking interactions and coverage for apixaban 5 mg.",
           ("interaction_lookup", {"rxcuis": ["1364445", "830874", "617314", "312940"]}),
           ("formulary_check", {"ndc": "00003-0894-21", "plan_id": "OPT-RX-4471"}))
    s.res({"interactions": [
        {"pair": ["apixaban", "diltiazem"], "severity": "moderate",
         "text": "Diltiazem (moderate CYP3A4/P-gp inhibitor) may increase apixaban exposure ~1.4x. Monitor for bleeding."},
        {"pair": ["apixaban", "sertraline"], "severity": "moderate",
         "text": "SSRIs impair platelet aggregation; additive bleeding risk with anticoagulants."}],
        "source": "InteractDB 2026.11"},
        {"status": 404, "error": "NDC_NOT_ON_PLAN_FILE", "message": "No formulary row for NDC 00003-0894-21 under plan OPT-RX-4471 (BIN 610014 PCN MEDDADV)."})
    pkgs = [("0003-0894-21", "10-digit form"), ("00003089421", "11-digit without dashes"),
            ("00003-0894-91", "the 180-count bottle"), ("00003-0894-31", "the unit-dose blister"),
            ("0003-894-21", "the 4-3-2 format"), ("00003-0893-21", "the 2.5 mg package (to see if the product is listed at all)"),
            ("00003-0894-21 ", "the original NDC again with the plan re-sent"), ("000030894021", "a 12-character padded form"),
            ("00003-0894-60", "a 60-count package")]
    for i, (ndc, why) in enumerate(pkgs):
        if i == 1:
            s.loop(4)
        s.asst("The interaction check is done (two moderate flags). The formulary lookup said not found; "
               "it may be the NDC formatting. Trying %s." % why,
               ("formulary_check", {"ndc": ndc.strip(), "plan_id": "OPT-RX-4471"}))
        s.res({"status": 404, "error": "NDC_NOT_ON_PLAN_FILE",
               "message": "No formulary row for NDC %s under plan OPT-RX-4471 (BIN 610014 PCN MEDDADV)." % ndc.strip()},
              dt=15 + i * 3)
    return s


def pharmacy_runaway_auth(shape):
    s = S("pharmacy_interaction_check", "runaway", "expired_token", shape, PH_SYS, PH_TOOLS, user="tech-lindqvist",
          notes="The interaction database returns 401 (expired API key) on every call; the agent retries the same "
                "call with the same words forever.")
    s.user("Rx queue item 7: clarithromycin 500 mg BID x 7d for a patient on simvastatin 40 mg and amlodipine 5 mg. "
           "Check before we fill.")
    err = {"status": 401, "error": "invalid_token",
           "message": "API key ik_live_…9f2c expired on 2026-11-17T23:59:59Z. Rotate the key in the InteractDB console."}
    s.asst("Running the interaction check.", ("interaction_lookup", {"rxcuis": ["21212", "36567", "17767"]}))
    s.res(err, err=True)
    s.asst("The interaction service returned an authentication error. Retrying the lookup.",
           ("interaction_lookup", {"rxcuis": ["21212", "36567", "17767"]}))
    s.res(err, err=True, dt=5)
    for i in range(9):
        if i == 0:
            s.loop(5)
        s.asst("The interaction service returned an authentication error. Retrying the lookup.",
               ("interaction_lookup", {"rxcuis": ["21212", "36567", "17767"]}))
        s.res(err, err=True, dt=5)
    return s


PH_BATCH_INSTR = """Batch interaction review — night shift, store #0217.
Policy (read once, applies to every item):
1. Look up interactions for the new drug against ALL active meds listed in the item.
2. Severity handling: CONTRAINDICATED -> hold the fill and page the on-call pharmacist; MAJOR -> hold, add a
   prescriber-call task; MODERATE -> fill, print the counselling sheet, note it in the profile; MINOR -> note only.
3. QT-prolonging combinations: if two or more agents on the CredibleMeds known-risk list are present, treat as MAJOR
   unless a baseline ECG with QTc < 450 ms is on file within 90 days.
4. Formulary: if not covered, propose the cheapest covered therapeutic alternative in the same class; if a prior
   authorization is required, create the PA task, do not substitute.
5. Output one line per item: ITEM | decision | severity | formulary | action. No prose.
Items follow one per message. Reply DONE after the last one."""

PH_ITEMS = [
    ("RX-5501", "ondansetron 4 mg ODT", ["citalopram 20 mg", "metformin 500 mg"], "1740467", "00781-5238-64",
     "moderate", "Ondansetron + citalopram: additive QT prolongation (both known-risk); ECG 2026-09-30 QTc 431 ms on file."),
    ("RX-5502", "amoxicillin 875 mg", ["lisinopril 10 mg"], "308191", "00093-2264-01", None, None),
    ("RX-5503", "azithromycin 250 mg", ["escitalopram 10 mg", "hydroxyzine 25 mg"], "141962", "00069-3060-75",
     "major", "Azithromycin + escitalopram + hydroxyzine: three QT-prolonging agents; no ECG on file."),
    ("RX-5504", "fluconazole 150 mg", ["atorvastatin 20 mg"], "197698", "00172-5411-60",
     "minor", "Single-dose fluconazole, modest increase in atorvastatin levels; note only."),
    ("RX-5505", "levofloxacin 500 mg", ["methadone 60 mg", "quetiapine 50 mg"], "311296", "00781-5791-31",
     "major", "Levofloxacin + methadone + quetiapine: QT prolongation; last ECG 2025-12-02 (over 90 days)."),
    ("RX-5506", "trazodone 50 mg", ["sertraline 50 mg"], "856377", "50111-0560-01",
     "moderate", "Serotonergic combination; counsel on serotonin syndrome signs."),
    ("RX-5507", "prednisone 20 mg", ["ibuprofen 600 mg PRN"], "312617", "00054-4728-25",
     "moderate", "NSAID + corticosteroid: GI bleeding risk; suggest PPI."),
    ("RX-5508", "ciprofloxacin 500 mg", ["tizanidine 4 mg"], "309309", "16714-0652-01",
     "contraindicated", "Ciprofloxacin (strong CYP1A2 inhibitor) + tizanidine: contraindicated, severe hypotension."),
    ("RX-5509", "famotidine 20 mg", ["amlodipine 5 mg"], "310273", "00093-0808-01", None, None),
    ("RX-5510", "ondansetron 8 mg", ["fluoxetine 40 mg", "methadone 30 mg"], "312086", "00781-1528-01",
     "major", "Ondansetron + methadone + fluoxetine: QT prolongation; no ECG on file."),
]


def pharmacy_healthy_batch(shape):
    s = S("pharmacy_interaction_check", "healthy", "night_batch", shape, PH_SYS, PH_TOOLS, user="rph-night-0217",
          notes="Batch of prescriptions under one long shared policy; the same QT-prolongation finding recurs on "
                "different patients, which is normal batch work.")
    s.user(PH_BATCH_INSTR + "\n\nItem 1: " + "RX-5501 | new: ondansetron 4 mg ODT | active: citalopram 20 mg, metformin 500 mg",
           dt=0)
    for i, (rx, drug, meds, cui, ndc, sev, text) in enumerate(PH_ITEMS):
        s.asst(None, ("interaction_lookup", {"rxcuis": [cui] + ["rx-%s-%d" % (rx[-2:], k) for k in range(len(meds))]}),
               ("formulary_check", {"ndc": ndc, "plan_id": ["CVS-CAREMARK-7", "ESI-COMM-22", "OPT-RX-4471"][i % 3]}))
        inter = {"interactions": [] if sev is None else [{"severity": sev, "text": text}], "source": "InteractDB 2026.11"}
        tier = ["tier 1", "tier 2", "tier 3 (PA required)", "tier 1", "not covered"][i % 5]
        form = {"ndc": ndc, "covered": tier != "not covered", "tier": tier,
                "copay_usd": {"tier 1": 5, "tier 2": 15, "tier 3 (PA required)": 45, "not covered": None}[tier]}
        s.res(inter, form, dt=25)
        action = {None: "fill", "minor": "fill, note", "moderate": "fill, counselling sheet",
                  "major": "hold, prescriber-call task", "contraindicated": "hold, page on-call RPh"}[sev]
        s.asst("%s | %s | %s | %s | %s" % (rx, "HOLD" if sev in ("major", "contraindicated") else "FILL",
                                           sev or "none", tier, action))
        if i + 1 < len(PH_ITEMS):
            nrx = PH_ITEMS[i + 1]
            s.user("Item %d: %s | new: %s | active: %s" % (i + 2, nrx[0], nrx[1], ", ".join(nrx[2])), dt=40 + 7 * i)
    s.user("That was the last item. Summarise holds for the morning pharmacist.", dt=60)
    return s


def pharmacy_healthy_backoff(shape):
    s = S("pharmacy_interaction_check", "healthy", "formulary_backoff", shape, PH_SYS, PH_TOOLS, user="rph-okafor",
          notes="The formulary service is rate limited (429, then 503) and succeeds on the third attempt with "
                "growing delays; then the check moves on to alternatives and finishes.")
    s.user("Patient MRN 00577120 on plan ESI-COMM-22 got a new Rx: empagliflozin 10 mg daily. Active: metformin 1000 mg BID, "
           "lisinopril 20 mg, furosemide 20 mg. Check interactions and coverage.", dt=0)
    s.asst("Starting with interactions.", ("interaction_lookup", {"rxcuis": ["1545653", "861007", "314077", "310429"]}))
    s.res({"interactions": [{"pair": ["empagliflozin", "furosemide"], "severity": "moderate",
                             "text": "Additive volume depletion; monitor for orthostatic hypotension and renal function."}],
           "source": "InteractDB 2026.11"})
    s.asst("One moderate flag with furosemide. Now the formulary.", ("formulary_check", {"ndc": "00597-0152-30", "plan_id": "ESI-COMM-22"}))
    s.res({"status": 429, "error": "rate_limited", "retry_after_seconds": 20,
           "message": "Too many requests for tenant northgate-0217 (limit 60/min)."}, err=True)
    s.asst("Rate limited; waiting 20 s as the service asked, then retrying once.",
           ("formulary_check", {"ndc": "00597-0152-30", "plan_id": "ESI-COMM-22"}))
    s.res({"status": 503, "error": "upstream_unavailable", "message": "PBM adjudication gateway timeout (ESI). Retry later."},
          err=True, dt=21)
    s.asst("The PBM gateway is temporarily unavailable; backing off 60 s before the last retry.",
           ("formulary_check", {"ndc": "00597-0152-30", "plan_id": "ESI-COMM-22"}))
    s.res({"ndc": "00597-0152-30", "drug": "Jardiance 10 mg tablet", "covered": False, "tier": "excluded",
           "preferred_alternatives": [{"drug": "dapagliflozin 10 mg", "ndc": "00310-6210-30", "tier": 2, "copay_usd": 25},
                                      {"drug": "canagliflozin 100 mg", "ndc": "50458-0140-30", "tier": 3, "copay_usd": 60}]},
          dt=62)
    s.asst("Empagliflozin is excluded on ESI-COMM-22. Preferred alternative is dapagliflozin 10 mg (tier 2). "
           "Checking dapagliflozin against the same active meds.",
           ("interaction_lookup", {"rxcuis": ["1488564", "861007", "314077", "310429"]}))
    s.res({"interactions": [{"pair": ["dapagliflozin", "furosemide"], "severity": "moderate",
                             "text": "Additive diuresis; consider reducing loop diuretic dose."}], "source": "InteractDB 2026.11"})
    s.asst("Dapagliflozin carries the same moderate diuretic flag, nothing new. Confirming its coverage.",
           ("formulary_check", {"ndc": "00310-6210-30", "plan_id": "ESI-COMM-22"}))
    s.res({"ndc": "00310-6210-30", "drug": "Farxiga 10 mg tablet", "covered": True, "tier": 2, "copay_usd": 25,
           "quantity_limit": "30 per 30 days", "prior_auth": False})
    s.asst("Summary: empagliflozin not covered; dapagliflozin 10 mg covered tier 2, $25 copay, no PA. Moderate volume "
           "depletion flag with furosemide either way. Suggest faxing the prescriber a therapeutic interchange request.")
    s.user("Good. Draft the interchange fax, short.", dt=180)
    s.asst("To: Dr. Aaliyah Moreno, fax 555-0142\nRe: MRN 00577120, empagliflozin 10 mg\nThe patient's plan (ESI) excludes "
           "empagliflozin. Covered alternative: dapagliflozin 10 mg daily (tier 2). Please approve interchange or call "
           "555-0199. Note: monitor volume status with furosemide.\n— Northgate Pharmacy #0217")
    s.user("Sent. Also the patient asks if the copay card for Jardiance helps — quick answer?", dt=300)
    s.asst("Manufacturer copay cards apply only to commercial plans where the drug is covered or via an exception; with "
           "an exclusion the card usually pays nothing unless an exception is approved. Dapagliflozin is the cheaper path.")
    s.user("Thanks, closing this one.", dt=90)
    return s


# ================================================================================================
# airline_irrops_rebooking
# ================================================================================================
AL_TOOLS = [
    tool("search_availability", "Search seat availability between two airports on a date.", origin="string",
         destination="string", date="string"),
    tool("get_fare", "Quote the reissue fare for a flight and booking class.", flight="string", rbd="string"),
    tool("get_pnr", "Retrieve a PNR (booking record).", locator="string"),
    tool("modify_pnr", "Rebook a PNR segment onto a new flight.", locator="string", flight="string", rbd="string"),
]
AL_SYS = ("You are the IRROPS rebooking agent for Skylark Air. Flight SK418 ORD-SEA on 2026-11-18 was cancelled "
          "(crew duty time). Rebook affected passengers on the best available alternative under waiver IRR-1118-418: "
          "same cabin, no fare difference, any Skylark or partner flight within 24 h.")


def pnr_dump(loc, names, segs, remarks, ts):
    lines = ["RP/ORDSK08SK/ORDSK08SK            AA/SU  18NOV26/%s   %s" % (ts[11:16].replace(":", ""), loc)]
    for i, n in enumerate(names, 1):
        lines.append("  %d.%s" % (i, n))
    for j, sg in enumerate(segs, len(names) + 1):
        lines.append("  %d  %s" % (j, sg))
    k = len(names) + len(segs) + 1
    for line in ["AP ORD 312-555-0100 - SKYLARK AIR - A", "APE PAX EMAIL ON FILE", "TK OK18NOV/ORDSK08SK",
                 "SSR DOCS SK HK1 P/USA/*****/USA/**/M/**/**/**", "FA PAX 772-2410995512/ETSK/USD412.30/18NOV26",
                 "FB PAX 0000000000 TTP/RT OK ETICKET"] + remarks:
        lines.append("  %d %s" % (k, line))
        k += 1
    lines.append("  >LAST ACTION %s AGENT IRROPS-BOT" % ts)
    return "\n".join(lines)


def airline_runaway_cycle(shape):
    s = S("airline_irrops_rebooking", "runaway", "fare_cycle3", shape, AL_SYS, AL_TOOLS, user="irrops-desk-ord",
          notes="Period-3 cycle: search availability, quote fare, modify_pnr rejected (fare basis mismatch the waiver "
                "does not cover); the agent starts over with the same flight. Timestamps and seat counts tick slightly.")
    s.user("Rebook PNR QX7T2M (2 pax, economy V class) from cancelled SK418.", dt=0)
    s.asst("Looking for alternatives ORD-SEA today.", ("search_availability", {"origin": "ORD", "destination": "SEA", "date": "2026-11-18"}))
    for r in range(6):
        if r == 1:
            s.loop(7)
        seats = 9 - (r % 2)
        s.res({"as_of": clock(14, 2, 95 * r), "flights": [
            {"flight": "SK422", "dep": "17:40", "arr": "20:31", "avail": {"J": 0, "Y": seats, "V": 2, "T": 0}},
            {"flight": "AS21", "dep": "19:05", "arr": "21:58", "avail": {"F": 1, "Y": 4, "V": 0}, "partner": True},
            {"flight": "SK430", "dep": "21:15", "arr": "23:59", "avail": {"Y": 14, "V": 6}}]}, dt=35 + 11 * (r % 3))
        s.asst("SK422 at 17:40 has V class (2 seats) — exactly what the 2 passengers need. Quoting the reissue.",
               ("get_fare", {"flight": "SK422", "rbd": "V"}))
        s.res({"as_of": clock(14, 3, 95 * r), "flight": "SK422", "rbd": "V", "fare_basis": "VA7NR",
               "base_usd": 338.00, "taxes_usd": 74.30, "diff_vs_original_usd": 0.0}, dt=9 + r)
        s.asst("Fare difference is zero. Rebooking QX7T2M onto SK422 V.",
               ("modify_pnr", {"locator": "QX7T2M", "flight": "SK422", "rbd": "V"}))
        s.res({"as_of": clock(14, 3, 95 * r + 20), "status": "REJECTED", "code": "FBM-112",
               "message": "Fare basis VA7NR is not in waiver IRR-1118-418 scope (waiver covers V*21 and V*14 fare bases only). "
                          "Reissue would require ADC collection."}, err=True)
        s.asst("The rebooking was rejected by the fare engine. Let me re-check availability for another option.",
               ("search_availability", {"origin": "ORD", "destination": "SEA", "date": "2026-11-18"}))
    s.res({"as_of": clock(14, 2, 95 * 6), "flights": []})
    return s


def airline_runaway_handoff(shape):
    s = S("airline_irrops_rebooking", "runaway", "desk_pingpong", shape, AL_SYS, [], user="irrops-orchestrator",
          notes="Tool-less multi-agent relay: the rebooking agent and the fare-desk agent hand the same unaccompanied-minor "
                "PNR back and forth, each saying the other must act.")
    s.user("[orchestrator] PNR 9LRW4D: 1 pax, unaccompanied minor (UMNR, age 9), was on SK418. Rebook her.", dt=0)
    s.asst("UMNR passengers cannot be rebooked onto the last flight of the day or onto partner carriers under policy "
           "UM-3. The only Skylark option left is SK430 at 21:15, which is the last departure. This needs a fare-desk "
           "exception. Handing to fare desk.")
    fd = ["[fare-desk agent] Received 9LRW4D. The UM-3 last-flight rule is an operations policy, not a fare rule; fare desk "
          "cannot grant operational exceptions. The fare for SK430 is fine under the waiver. Returning to rebooking to "
          "decide on the flight.",
          "[fare-desk agent] 9LRW4D again: we have no authority over UM-3. The fare side is done. Please rebook on your side.",
          "[fare-desk agent] Returning 9LRW4D. Fare desk does not handle UMNR operational rules; rebooking owns flight choice.",
          "[fare-desk agent] 9LRW4D: no change on our side. UM-3 is operational. Back to rebooking."]
    rb = ["UM-3 forbids SK430 for a minor; the exception must come from the fare desk since it changes the ticketed "
          "routing. Sending 9LRW4D back to fare desk with the request for an exception.",
          "I can't put an unaccompanied minor on the last flight without an exception. Fare desk must issue it. Handing "
          "9LRW4D back to fare desk.",
          "Policy UM-3 blocks the only option. An exception is needed from fare desk. Returning 9LRW4D to fare desk.",
          "Still blocked by UM-3 on SK430; the exception has to come from fare desk. Sending it back."]
    for i in range(10):
        if i == 1:
            s.loop(5)
        s.user(fd[i % 4], dt=40)
        s.asst(rb[(i * 3) % 4])
    s.user(fd[2], dt=40)
    return s


def airline_healthy_pnr_states(shape):
    s = S("airline_irrops_rebooking", "healthy", "family_pnr", shape, AL_SYS, AL_TOOLS, user="irrops-desk-ord",
          notes="A family PNR is revisited many times: every get_pnr returns the same long record with one segment status "
                "moving (HX, TK, KK, HK) as each passenger is rebooked; the flow legitimately returns to the same screens.")
    names = ["OKONJO/ADAEZE MRS", "OKONJO/CHIBUIKE MR", "OKONJO/NNEKA MISS(CHD/12MAR18)", "OKONJO/EMEKA MSTR(CHD/04JUL20)"]
    base = ["SK 418 V 18NOV 3 ORDSEA HX4  1615 1858  *1A/E*"]
    s.user("PNR H5JQ0B, family of 4 on cancelled SK418. Rebook all together if possible.", dt=0)
    s.asst("Pulling the PNR first.", ("get_pnr", {"locator": "H5JQ0B"}))
    s.res(pnr_dump("H5JQ0B", names, base, ["RM IRROPS SK418 CNL CREW"], clock(14, 10, 0)))
    s.asst("Segment 5 is HX (cancelled). Searching for 4 seats together.",
           ("search_availability", {"origin": "ORD", "destination": "SEA", "date": "2026-11-18"}))
    s.res({"as_of": clock(14, 11, 0), "flights": [{"flight": "SK422", "dep": "17:40", "avail": {"Y": 3, "V": 2}},
                                                   {"flight": "SK430", "dep": "21:15", "avail": {"Y": 14, "V": 6}}]})
    s.asst("SK422 has only 3 Y seats; SK430 has room for all 4 in V. Rebooking on SK430 V under the waiver.",
           ("modify_pnr", {"locator": "H5JQ0B", "flight": "SK430", "rbd": "V"}))
    s.res({"status": "PENDING", "message": "Segment sold TK4, awaiting schedule-change acceptance and ticket reissue."})
    states = [("TK4", ["RM IRROPS SK418 CNL CREW", "RM REBKD SK430 PENDING REISSUE"]),
              ("KK4", ["RM IRROPS SK418 CNL CREW", "RM REBKD SK430", "RM ETKT REISSUE 2 OF 4 DONE"]),
              ("KK4", ["RM IRROPS SK418 CNL CREW", "RM REBKD SK430", "RM ETKT REISSUE 4 OF 4 DONE"]),
              ("HK4", ["RM IRROPS SK418 CNL CREW", "RM REBKD SK430", "RM ETKT REISSUE 4 OF 4 DONE", "RM SEATS 24A-24D ASSIGNED"])]
    for k, (st, rm) in enumerate(states):
        s.asst(["Checking whether the segment has been confirmed.", "Reissue is running; checking again.",
                "Re-reading the record for the ticket count.", "Confirming seats were assigned."][k],
               ("get_pnr", {"locator": "H5JQ0B"}))
        s.res(pnr_dump("H5JQ0B", names, ["SK 430 V 18NOV 3 ORDSEA %s  2115 2359  *1A/E*" % st], rm, clock(14, 14 + 3 * k, 7)),
              dt=150)
    s.asst("All 4 confirmed HK on SK430 21:15, seats 24A-24D together, tickets reissued. Sending the itinerary email.")
    s.user("Mrs Okonjo called back: the kids' grandparents can collect at SEA only before 23:00. Is SK422 with 3 seats plus "
           "one on AS21 acceptable?", dt=420)
    s.asst("Splitting a family with two children across carriers isn't advisable. Let me check SK422 again; seats may have "
           "freed up.", ("search_availability", {"origin": "ORD", "destination": "SEA", "date": "2026-11-18"}))
    s.res({"as_of": clock(14, 33, 0), "flights": [{"flight": "SK422", "dep": "17:40", "avail": {"Y": 5, "V": 4}},
                                                   {"flight": "SK430", "dep": "21:15", "avail": {"Y": 14, "V": 2}}]})
    s.asst("SK422 now shows 4 V seats (arrives 20:31). Moving the family to SK422 V.",
           ("modify_pnr", {"locator": "H5JQ0B", "flight": "SK422", "rbd": "V"}))
    s.res({"status": "OK", "message": "SK422 V HK4, SK430 cancelled XX4, tickets revalidated (no reissue needed)."})
    s.asst("Moved: SK422 17:40 ORD, arrives SEA 20:31 — before 23:00. Final check of the record.",
           ("get_pnr", {"locator": "H5JQ0B"}))
    s.res(pnr_dump("H5JQ0B", names, ["SK 422 V 18NOV 3 ORDSEA HK4  1740 2031  *1A/E*"],
                   ["RM IRROPS SK418 CNL CREW", "RM REBKD SK422 PER PAX REQ", "RM ETKT REVALIDATED"], clock(14, 36, 40)), dt=60)
    return s


def airline_healthy_slow_human(shape):
    s = S("airline_irrops_rebooking", "healthy", "slow_supervisor", shape, AL_SYS, AL_TOOLS, user="supv-harriet",
          notes="A duty supervisor answers every 20-60 minutes between other tasks; each answer decides something new "
                "and the agent acts on it.")
    gaps = [0, 1500, 2700, 1320, 3300, 2100, 3600, 1800, 2400]
    asks = [
        "Morning. 14 pax on SK418 still unprotected after the auto-rebook. List them by status please.",
        "Sorry, was on the ramp. Prioritise the 3 with connections to HNL, they miss the only daily flight.",
        "OK. Hold 3 seats on SK422 for them, V class, waiver IRR-1118-418.",
        "Back. The two Cohen pax called, they'd rather fly tomorrow 07:10. Do that.",
        "Gate says SK422 might go out with a smaller aircraft (E175). Re-check seat count for our holds.",
        "Confirmed E175 swap. What's left for the remaining 9?",
        "Fine, put the remaining 9 on AS21/AS25 partner flights if the waiver allows, else tomorrow first wave.",
        "Last thing before handover: short summary for the night shift.",
        "Thanks, signing off.",
    ]
    replies = [
        ("14 unprotected: 3 with onward HNL connections (SK1190 tomorrow 09:05), 2 requesting next-day, 9 with no onward "
         "constraints. Want me to start with the HNL connectors?", []),
        ("Checking seats for the HNL connectors.", [("search_availability", {"origin": "ORD", "destination": "SEA", "date": "2026-11-18"})]),
        ("Holding 3 V seats on SK422 for PNRs K2W9LD (2 pax) and M7TQ3R (1 pax).", [("modify_pnr", {"locator": "K2W9LD", "flight": "SK422", "rbd": "V"}),
                                                                                   ("modify_pnr", {"locator": "M7TQ3R", "flight": "SK422", "rbd": "V"})]),
        ("Moving the Cohens to tomorrow's SK400 07:10.", [("modify_pnr", {"locator": "C0HN2N", "flight": "SK400", "rbd": "V"})]),
        ("Re-checking SK422 after the aircraft swap.", [("search_availability", {"origin": "ORD", "destination": "SEA", "date": "2026-11-18"})]),
        ("For the 9: AS21 has 4 Y, AS25 at 22:40 has 7 Y; partner Y is within waiver scope (same cabin).", []),
        ("Rebooking 4 on AS21 and 5 on AS25.", [("modify_pnr", {"locator": "GROUP-A4", "flight": "AS21", "rbd": "Y"}),
                                                ("modify_pnr", {"locator": "GROUP-B5", "flight": "AS25", "rbd": "Y"})]),
        ("Night shift summary: SK418 fully protected. 3 HNL connectors on SK422 (E175, seats held 11A/11C/12D); Cohens on "
         "SK400 tomorrow 07:10; 4 on AS21 19:05, 5 on AS25 22:40; hotel vouchers issued for the Cohens only.", []),
        (None, None),
    ]
    results = [
        None,
        [{"as_of": clock(9, 30, 0), "flights": [{"flight": "SK422", "dep": "17:40", "avail": {"Y": 11, "V": 5}}]}],
        [{"status": "OK", "segment": "SK422 V HK2"}, {"status": "OK", "segment": "SK422 V HK1"}],
        [{"status": "OK", "segment": "SK400 V HK2 19NOV", "hotel_voucher": "HV-55120"}],
        [{"as_of": clock(11, 47, 0), "equipment": "E175", "flights": [{"flight": "SK422", "dep": "17:40", "avail": {"Y": 0, "V": 0},
                                                                     "held": 3, "note": "holds preserved after swap"}]}],
        None,
        [{"status": "OK", "segment": "AS21 Y HK4"}, {"status": "OK", "segment": "AS25 Y HK5"}],
        None,
    ]
    for i, ask in enumerate(asks):
        s.user(ask, dt=gaps[i])
        text, calls = replies[i]
        if text is None:
            break
        s.asst(text, *calls)
        if results[i]:
            s.res(*results[i], dt=8)
            s.asst({1: "SK422 has 5 V seats, enough for the 3 HNL connectors.", 2: "Both held.",
                    3: "Done, SK400 tomorrow 07:10, hotel voucher HV-55120 issued.",
                    4: "After the E175 swap the flight is full but our 3 holds survived.", 6: "All 9 rebooked on partner flights."}[i])
    return s


# ================================================================================================
# oss_issue_triage
# ================================================================================================
OSS_TOOLS = [
    tool("search_issues", "Search issues in the repository (GitHub search syntax).", query="string", cursor="string"),
    tool("set_labels", "Replace the labels of an issue.", number="integer", labels="array"),
    tool("get_ci_log", "Fetch the raw log of a CI job run.", run_id="string"),
    tool("rerun_job", "Re-run a failed CI job.", run_id="string"),
]
OSS_SYS = ("You are triage-bot for the open-source project `quillmark` (a Markdown-to-PDF renderer written in Rust with a "
           "Python binding). Label new issues (bug, enhancement, question, docs, duplicate, good-first-issue, ci), link "
           "duplicates, and investigate CI failures referenced in issues. Be concise; maintainers read your comments.")

CRATES = ["serde", "syn", "quote", "proc-macro2", "unicode-ident", "libc", "memchr", "regex-syntax", "aho-corasick",
          "regex", "bitflags", "cfg-if", "once_cell", "smallvec", "pulldown-cmark", "ttf-parser", "rustybuzz", "tiny-skia",
          "png", "flate2", "crc32fast", "miniz_oxide", "adler", "log", "thiserror", "thiserror-impl", "pyo3-build-config",
          "pyo3-macros-backend", "pyo3-ffi", "pyo3", "indexmap", "hashbrown", "equivalent", "image", "byteorder", "num-traits",
          "itoa", "ryu", "serde_json", "time", "fontdb", "usvg", "roxmltree", "kurbo", "arrayvec", "strict-num", "lopdf"]


def ci_log(seed, run_id, tail, lines=260):
    """A GitHub-Actions-style raw log: varying timings/order, then `tail` (the actual failure)."""
    rng = random.Random(seed)
    out, sec = [], rng.randint(0, 40)

    def stamp():
        return "2026-11-%02dT%02d:%02d:%02d.%07dZ" % (10 + seed % 7, 8 + seed % 9, (sec // 60) % 60, sec % 60,
                                                    rng.randint(0, 9999999))
    out.append("%s ##[group]Run actions/checkout@v4" % stamp())
    out.append("%s Syncing repository: quillmark/quillmark" % stamp())
    out.append("%s HEAD is now at %07x Merge pull request #%d" % (stamp(), rng.randint(0, 0xFFFFFFF), 1800 + seed % 90))
    out.append("%s ##[endgroup]" % stamp())
    out.append("%s ##[group]Run dtolnay/rust-toolchain@stable" % stamp())
    out.append("%s info: syncing channel updates for 'stable-x86_64-unknown-linux-gnu'" % stamp())
    out.append("%s ##[endgroup]" % stamp())
    out.append("%s Runner: ubuntu-24.04 (%s) job %s" % (stamp(), "azure-eastus-%d" % rng.randint(1, 40), run_id))
    crates = CRATES[:]
    rng.shuffle(crates)
    n = 0
    while len(out) < lines:
        c = crates[n % len(crates)]
        n += 1
        sec += rng.randint(0, 3)
        out.append("%s    Compiling %s v%d.%d.%d" % (stamp(), c, rng.randint(0, 2), rng.randint(0, 40), rng.randint(0, 12)))
        if rng.random() < 0.15:
            out.append("%s warning: unused import: `std::io::Write`\n  --> src/%s.rs:%d:5" % (
                stamp(), rng.choice(["layout", "shaping", "pdf/writer", "fonts"]), rng.randint(3, 40)))
        if rng.random() < 0.1:
            out.append("%s test %s::%s ... ok" % (stamp(), rng.choice(["layout", "table", "toc", "images"]),
                                                  rng.choice(["wraps_long_words", "keeps_heading_with_next", "nested_lists",
                                                              "rtl_paragraph", "footnote_numbering", "code_block_tabs"])))
    for line in tail.split("\n"):
        out.append("%s %s" % (stamp(), line))
    out.append("%s ##[error]Process completed with exit code 101." % stamp())
    return "\n".join(out)


LINK_FAIL = """error: linking with `cc` failed: exit status: 1
  |
  = note: LC_ALL="C" PATH="/home/runner/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/lib/rustlib/x86_64-unknown-linux-gnu/bin" "cc" "-m64" "/tmp/rustcXr2/symbols.o" ... "-lpython3.13"
  = note: /usr/bin/ld: cannot find -lpython3.13: No such file or directory
          collect2: error: ld returned 1 exit status
error: could not compile `quillmark-py` (lib) due to 1 previous error"""


def oss_runaway_buried_log(shape):
    s = S("oss_issue_triage", "runaway", "rerun_same_link_error", shape, OSS_SYS, OSS_TOOLS, user="quillmark-bot",
          notes="Issue #1893 reports a red CI job; the bot re-runs it again and again. Each 20-30 KB log differs in "
                "timings, runner and compile order, but ends in the same missing -lpython3.13 linker error.")
    s.user("New issue #1893 \"CI red on main: python wheel job\" by @mtsuji. Link: run 118830021. Please triage.", dt=0)
    s.asst("Fetching the job log.", ("get_ci_log", {"run_id": "118830021"}))
    s.res(ci_log(1, "118830021", LINK_FAIL, 280))
    s.asst("The wheel job fails to link against libpython3.13. This could be a transient runner image problem; "
           "re-running the job.", ("rerun_job", {"run_id": "118830021"}))
    s.res({"run_id": "118830021", "attempt": 2, "status": "completed", "conclusion": "failure"}, dt=400)
    for k in range(8):
        if k == 0:
            s.loop(5)
        s.asst("Reading the log of attempt %d." % (k + 2), ("get_ci_log", {"run_id": "118830021-%d" % (k + 2)}))
        s.res(ci_log(10 + k, "118830021-%d" % (k + 2), LINK_FAIL, 240 + 17 * k), dt=15)
        s.asst(["Same linker failure. Probably a flaky runner image; one more re-run.",
                "Still failing to find -lpython3.13 — possibly a cache issue on the runner. Re-running.",
                "The link step failed again; runner images roll out gradually, retrying may land on a fixed one.",
                "Linker can't find libpython3.13 again. Re-running the job once more."][k % 4],
               ("rerun_job", {"run_id": "118830021"}))
        s.res({"run_id": "118830021", "attempt": k + 3, "status": "completed", "conclusion": "failure"}, dt=380 + 20 * k)
    return s


def oss_runaway_label_cycle(shape):
    s = S("oss_issue_triage", "runaway", "label_flipflop", shape, OSS_SYS, OSS_TOOLS, user="quillmark-bot",
          notes="Period-2 cycle: the bot sets `bug`, re-reads the thread, decides it is a `question`, then `bug` again. "
                "Each set_labels echo carries a new updated_at timestamp and event id.")
    s.user("Triage #1902 \"Table cells overflow page margin when a column contains a long URL\". The reporter says it's "
           "expected to wrap; a maintainer once commented 'this is how CSS tables behave too, use `word-break`'.", dt=0)
    for k in range(7):
        if k == 2:
            s.loop(5)
        lab = ["bug", "layout"] if k % 2 == 0 else ["question", "layout"]
        s.asst(["The layout engine should wrap long unbreakable strings in cells; labelling as a bug.",
                "Re-reading: a maintainer said this matches CSS behaviour and a workaround exists, so this is a usage "
                "question. Relabelling."][k % 2] if k < 2 else
               ["On reflection the reporter's expectation is reasonable and other renderers wrap; switching back to bug.",
                "But the maintainer's comment says it is expected behaviour; changing to question."][k % 2],
               ("set_labels", {"number": 1902, "labels": lab}))
        s.res({"number": 1902, "labels": lab, "updated_at": clock(10, 4, 37 * k), "event_id": 88412030 + k * 7})
        s.asst("Checking related issues before commenting.",
               ("search_issues", {"query": "repo:quillmark/quillmark is:issue table overflow url", "cursor": ""}))
        s.res({"total": 2, "items": [{"number": 1544, "title": "Long words overflow table cells", "state": "closed",
                                      "labels": ["question"], "closed_by_comment": "use word-break: break-all"},
                                     {"number": 1711, "title": "Code spans overflow columns", "state": "open", "labels": ["bug"]}]},
              dt=12)
    return s


ISSUE_TITLES = [
    "Footnotes renumber from 1 on every page", "PDF/A-2b export fails validation (XMP missing)", "Add --landscape flag",
    "pip install fails on musl (Alpine)", "Typo in README: 'renderd'", "Images with EXIF rotation appear sideways",
    "Support for mermaid diagrams?", "Heading anchors collide when titles repeat", "Crash on empty table",
    "How do I change the default font?", "Windows: path with spaces in --output", "Docs: theme variables list outdated",
    "Emoji render as tofu boxes", "Nested blockquotes lose indentation", "Feature: page numbers in TOC",
    "Python binding leaks file handles", "Hyphenation for German", "Dark theme code blocks unreadable",
    "Segfault with 10k-row table (release build)", "Q: can I embed fonts subset-only?", "Line height ignored in lists",
    "Add CONTRIBUTING section on snapshot tests", "Link colour not applied to autolinks", "Slow render with many images",
]


def oss_healthy_pagination(shape):
    s = S("oss_issue_triage", "healthy", "paginate_untriaged", shape, OSS_SYS, OSS_TOOLS, user="quillmark-bot",
          notes="Pagination: the same search tool with the next cursor each time, labelling each page's issues. "
                "Several issues on different pages get the same label, which is normal.")
    s.user("Weekly sweep: label every open issue that has no labels. Use the search, page through to the end.", dt=0)
    q = "repo:quillmark/quillmark is:issue is:open no:label"
    labels_for = ["bug", "bug", "enhancement", "bug", "docs", "bug", "enhancement", "bug", "bug", "question", "bug", "docs",
                  "bug", "bug", "enhancement", "bug", "enhancement", "bug", "bug", "question", "bug", "docs", "bug", "bug"]
    cursor = ""
    for p in range(4):
        s.asst("Fetching page %d of unlabelled issues." % (p + 1), ("search_issues", {"query": q, "cursor": cursor}))
        items = [{"number": 1870 + 6 * p + i, "title": ISSUE_TITLES[6 * p + i], "author": "user%d" % (311 + 6 * p + i),
                  "created_at": clock(9, 0, 3600 * (6 * p + i)), "comments": (p * 7 + i) % 4} for i in range(6)]
        cursor = "Y3Vyc29yOnYyOpK5MjAyNi0xMS0" + "%02d" % (p + 1) if p < 3 else None
        s.res({"total_count": 24, "page": p + 1, "items": items, "next_cursor": cursor}, dt=25)
        calls = [("set_labels", {"number": it["number"], "labels": [labels_for[6 * p + i]]}) for i, it in enumerate(items)]
        s.asst("Page %d: %s." % (p + 1, "; ".join("#%d -> %s" % (it["number"], labels_for[6 * p + i]) for i, it in enumerate(items))),
               *calls)
        s.res(*[{"number": it["number"], "labels": [labels_for[6 * p + i]], "updated_at": clock(11, 20 + p, 9 * i)}
                for i, it in enumerate(items)], dt=30)
        if cursor is None:
            break
    s.asst("Sweep done: 24 issues labelled (14 bug, 4 enhancement, 3 docs, 2 question, 1 bug marked crash-priority).")
    s.user("Nice. Which of the bugs look like good-first-issue?", dt=600)
    s.asst("Candidates: #1874 (README typo), #1881 (docs theme variables), #1891 (CONTRIBUTING snapshot tests) — small, "
           "self-contained. Adding the label.", ("set_labels", {"number": 1874, "labels": ["docs", "good-first-issue"]}))
    s.res({"number": 1874, "labels": ["docs", "good-first-issue"], "updated_at": clock(11, 41, 2)})
    s.asst("Labelled #1874. Should I also add good-first-issue to #1881 and #1891?")
    s.user("Good enough, stop here.", dt=120)
    return s


def oss_healthy_flaky_then_green(shape):
    s = S("oss_issue_triage", "healthy", "ci_failures_change_then_pass", shape, OSS_SYS, OSS_TOOLS, user="quillmark-bot",
          notes="A contributor's PR is re-run after each push; the CI failure is different every time (flaky snapshot, "
                "then clippy, then a real test) and then the job passes.")
    s.user("PR #1907 (hyphenation for German) — the author asks why CI is red. Run 118901112.", dt=0)
    tails = [
        "test snapshots::hyphenate_de ... FAILED\n---- snapshots::hyphenate_de stdout ----\nthread 'snapshots::hyphenate_de' panicked at tests/snapshots.rs:88:5:\nassertion `left == right` failed: snapshot mismatch\n  left: \"Donau-dampf-schiff-fahrt\"\n right: \"Donau-dampf-schifffahrt\"\nfailures:\n    snapshots::hyphenate_de\ntest result: FAILED. 211 passed; 1 failed",
        "error: this `if` has identical blocks\n   --> src/hyphen/de.rs:142:9\n    |\n142 |         if idx > 2 { split(word, idx) } else { split(word, idx) }\n    = help: for further information visit https://rust-lang.github.io/rust-clippy/master/index.html#if_same_then_else\nerror: could not compile `quillmark` (lib) due to 1 previous error",
        "test layout::justify_hyphenated ... FAILED\n---- layout::justify_hyphenated stdout ----\nthread 'layout::justify_hyphenated' panicked at src/layout/justify.rs:311:14:\nattempt to subtract with overflow\nfailures:\n    layout::justify_hyphenated\ntest result: FAILED. 213 passed; 1 failed",
    ]
    comments = ["The German snapshot differs only in the triple-f compound (Schifffahrt). The test expectation follows the "
                "1996 orthography; the code implements the old rule. Commenting on the PR with the diff.",
                "New push, new failure: clippy `if_same_then_else` in src/hyphen/de.rs:142 — both branches identical. "
                "That's a lint, not a logic error; commenting with the line.",
                "Third push: a real bug — justify.rs:311 subtracts with overflow when a hyphenated word is the only word on "
                "the line. Pointing the author at it."]
    for k in range(3):
        rid = "1189011%02d" % (12 + 9 * k)
        if k:
            s.user("@author pushed %s. New run %s." % (["", "a4d1c09", "e77b2f3"][k], rid), dt=1500 + 300 * k)
        s.asst("Fetching run %s." % rid, ("get_ci_log", {"run_id": rid}))
        s.res(ci_log(40 + k, rid, tails[k], 300), dt=10)
        s.asst(comments[k], ("set_labels", {"number": 1907, "labels": ["enhancement", "ci"]}))
        s.res({"number": 1907, "labels": ["enhancement", "ci"], "updated_at": clock(13, 5 + 30 * k, 0)})
        s.asst(["Commented on #1907 with the snapshot diff and the orthography note.",
                "Commented with the clippy location and the suggested one-line fix.",
                "Commented with the overflow location and a minimal reproduction (single hyphenated word on a line)."][k])
    s.user("@author pushed 0c3e9aa. New run 118901160.", dt=2100)
    s.asst("Fetching run 118901160.", ("get_ci_log", {"run_id": "118901160"}))
    log = ci_log(50, "118901160", "test result: ok. 214 passed; 0 failed; 0 ignored\n##[group]Upload wheel artifact", 260)
    s.res(log.replace("##[error]Process completed with exit code 101.", "Job completed successfully."), dt=10)
    s.asst("CI is green on 0c3e9aa (214 tests pass). Removing the ci label.", ("set_labels", {"number": 1907, "labels": ["enhancement"]}))
    s.res({"number": 1907, "labels": ["enhancement"], "updated_at": clock(15, 2, 0)})
    s.asst("Done: #1907 is green and labelled enhancement only; ready for maintainer review.")
    s.user("Thanks bot.", dt=300)
    return s


# ================================================================================================
# cloud_cost_optimizer
# ================================================================================================
CC_TOOLS = [
    tool("query_billing_export", "Run SQL against the billing export dataset (BigQuery).", sql="string"),
    tool("export_status", "Status of the daily billing export refresh.", dataset="string"),
    tool("list_resources", "List cloud inventory resources of a type, paginated.", resource_type="string", page_token="string"),
    tool("get_metrics", "Average utilisation metrics of a resource over a window.", resource_id="string", window="string"),
]
CC_SYS = ("You are FinOps assistant for Larkspur Analytics (GCP org 8812-4470-1193). Find idle or oversized resources, "
          "estimate monthly savings from the billing export, and propose actions. Never delete anything; produce "
          "recommendations for the platform team.")


def cloud_runaway_stale_export(shape):
    s = S("cloud_cost_optimizer", "runaway", "poll_stale_export", shape, CC_SYS, CC_TOOLS, user="finops-cron",
          notes="Polling an export that never refreshes: the status payload is identical except for checked_at and a "
                "poll counter; the agent keeps waiting without ever changing approach.")
    s.user("Produce the November idle-resource report. Make sure the billing export includes yesterday (2026-11-17).", dt=0)
    s.asst("Checking the export freshness first.", ("export_status", {"dataset": "larkspur_billing.gcp_billing_export_v1"}))
    for k in range(14):
        if k == 2:
            s.loop(8)
        s.res({"dataset": "larkspur_billing.gcp_billing_export_v1", "state": "STALE", "last_partition": "2026-11-15",
               "last_successful_load": "2026-11-16T04:12:09Z", "next_scheduled_load": "unknown",
               "error": "Billing account 01A2B3-C4D5E6-F7G8H9 export disabled by org policy constraint "
                        "constraints/billing.disableExport (set 2026-11-16T09:00Z)",
               "checked_at": clock(6, 0, 300 * k), "poll": k + 1}, dt=300)
        s.asst(["The export hasn't picked up 2026-11-17 yet. I'll check again in 5 minutes.",
                "Still on 2026-11-15. Waiting another 5 minutes for the load.",
                "Export still stale; polling again shortly."][k % 3],
               ("export_status", {"dataset": "larkspur_billing.gcp_billing_export_v1"}))
    s.res({"dataset": "larkspur_billing.gcp_billing_export_v1", "state": "STALE", "last_partition": "2026-11-15",
           "checked_at": clock(6, 0, 300 * 14), "poll": 15}, dt=300)
    return s


def vm_rows(ids, zone_seed):
    rng = random.Random(zone_seed)
    rows = []
    for vid in ids:
        rows.append({"name": vid, "zone": rng.choice(["europe-west4-a", "europe-west4-b", "us-central1-f"]),
                     "machineType": rng.choice(["n2-standard-8", "e2-standard-4", "c3-highmem-22", "n2d-standard-16"]),
                     "status": "RUNNING", "labels": {"team": rng.choice(["ml", "bi", "ingest"]), "env": "prod"},
                     "creationTimestamp": "2025-%02d-%02dT10:22:31Z" % (rng.randint(1, 12), rng.randint(1, 28)),
                     "selfLink": "https://compute.googleapis.com/compute/v1/projects/larkspur-prod/zones/x/instances/" + vid})
    return rows


def cloud_runaway_same_page(shape):
    s = S("cloud_cost_optimizer", "runaway", "page_token_reserved_same_items", shape, CC_SYS, CC_TOOLS, user="finops-adhoc",
          notes="The inventory API ignores the page token and re-serves the same 25 instances under a new "
                "next_page_token every time; the agent keeps paginating 'to the end'.")
    s.user("List all Compute Engine instances in larkspur-prod and flag the ones under 5% CPU over 14 days.", dt=0)
    ids = ["ingest-worker-%02d" % i for i in range(1, 14)] + ["bi-refresh-%d" % i for i in range(1, 7)] + \
          ["ml-train-a100-%d" % i for i in range(1, 7)]
    tok = ""
    for p in range(11):
        if p == 2:
            s.loop(4)
        s.asst("Fetching page %d of instances." % (p + 1) if p else "Listing instances.",
               ("list_resources", {"resource_type": "compute.googleapis.com/Instance", "page_token": tok}))
        prev_tok = tok
        tok = "CkYKRAoZaW5zdGFuY2UtbGlzdC0" + "%04x" % (hash_str("p%d" % p) % 0x10000) + "EhcI" + str(p + 1)
        s.res({"title": "larkspur-prod / Compute Engine instances - page %d" % (p + 1),
               "self_link": "https://compute.googleapis.com/compute/v1/projects/larkspur-prod/aggregated/instances"
                            "?maxResults=25&pageToken=" + (prev_tok or "(first)"),
               "items": vm_rows(ids, 7), "next_page_token": tok, "page_size": 25,
               "kind": "compute#instanceAggregatedList"}, dt=4 + (p * 5) % 7)
    return s


def cloud_healthy_export_job(shape):
    s = S("cloud_cost_optimizer", "healthy", "poll_moving_export_job", shape, CC_SYS, CC_TOOLS, user="finops-cron",
          notes="A backfill of the billing export is polled; progress %, rows loaded and ETA move every poll, then it "
                "finishes and the analysis proceeds.")
    s.user("The export was re-enabled. A backfill for 2026-11-16..17 was started. Wait for it, then compute idle VM savings.", dt=0)
    s.asst("Checking the backfill.", ("export_status", {"dataset": "larkspur_billing.gcp_billing_export_v1"}))
    prog = [(3, 41210, 1840), (11, 151880, 1520), (24, 330417, 1190), (38, 522006, 905), (57, 784120, 600), (71, 977530, 390),
            (88, 1210447, 150), (96, 1320551, 40)]
    for k, (pct, rows, eta) in enumerate(prog):
        s.res({"dataset": "larkspur_billing.gcp_billing_export_v1", "state": "BACKFILL_RUNNING", "progress_pct": pct,
               "rows_loaded": rows, "eta_seconds": eta, "partitions_done": ["2026-11-16"] if pct > 50 else [],
               "checked_at": clock(7, 0, 240 * k)}, dt=240)
        s.asst("Backfill at %d%% (%s rows), ETA ~%d min. Checking again in 4 minutes." % (pct, format(rows, ","), max(1, eta // 60)),
               ("export_status", {"dataset": "larkspur_billing.gcp_billing_export_v1"}))
    s.res({"dataset": "larkspur_billing.gcp_billing_export_v1", "state": "FRESH", "progress_pct": 100, "rows_loaded": 1377902,
           "last_partition": "2026-11-17", "checked_at": clock(7, 0, 240 * 8)}, dt=240)
    sql = ("SELECT resource.name, SUM(cost) AS cost_usd FROM `larkspur_billing.gcp_billing_export_v1` "
           "WHERE service.description = 'Compute Engine' AND usage_start_time >= '2026-11-01' "
           "GROUP BY 1 ORDER BY 2 DESC LIMIT 10")
    s.asst("Export fresh through 2026-11-17. Top Compute Engine spend this month:", ("query_billing_export", {"sql": sql}))
    s.res({"rows": [["ml-train-a100-3", 8841.20], ["ml-train-a100-5", 8790.02], ["bi-refresh-2", 1422.75],
                    ["ingest-worker-07", 611.30], ["ingest-worker-11", 598.87]], "bytes_processed": 4822915072})
    s.asst("Checking utilisation of the two A100 trainers.", ("get_metrics", {"resource_id": "ml-train-a100-3", "window": "14d"}),
           ("get_metrics", {"resource_id": "ml-train-a100-5", "window": "14d"}))
    s.res({"cpu_avg": 0.021, "gpu_util_avg": 0.0, "net_in_mbps": 0.3}, {"cpu_avg": 0.61, "gpu_util_avg": 0.87, "net_in_mbps": 210.0})
    s.asst("ml-train-a100-3 is idle (GPU 0% for 14 days): stopping it would save about $9,500/month. a100-5 is busy. "
           "Recommendation filed for the ML team.")
    s.user("Great, send it.", dt=900)
    return s


def cloud_healthy_monitor(shape):
    s = S("cloud_cost_optimizer", "healthy", "hourly_all_green", shape, CC_SYS, CC_TOOLS, user="finops-monitor",
          notes="A scheduled budget monitor: every hour the same instruction, the same query, an all-green report "
                "whose spend, forecast and timestamps change; one hour shows a real anomaly that is reported.")
    instr = ("[scheduled %s] Hourly budget check: run the spend-to-date query for today and compare with the daily budget "
             "of $4,200 and the anomaly threshold (+35%% hour-over-hour). Reply in the usual format.")
    spend = [162.4, 331.9, 498.0, 671.2, 842.8, 1019.5, 1397.7, 1571.0, 1740.3, 1912.8, 2081.1]
    for h, amt in enumerate(spend):
        s.user(instr % clock(8 + h, 0, 0), dt=3600)
        s.asst(None, ("query_billing_export", {"sql": "SELECT SUM(cost) FROM `larkspur_billing.gcp_billing_export_v1` "
                                                      "WHERE DATE(usage_start_time) = '2026-11-18'"}))
        s.res({"rows": [[amt]], "as_of": clock(8 + h, 0, 41 + h), "bytes_processed": 91120000 + 377000 * h}, dt=9)
        delta = amt - (spend[h - 1] if h else 0)
        prev = (spend[h - 1] - spend[h - 2]) if h >= 2 else delta
        pct = 100 * (delta - prev) / prev if prev else 0
        fc = amt / (h + 1) * 24
        if h == 6:
            s.asst("ANOMALY %s | today $%.2f | last hour $%.2f (+%.0f%% vs previous hour) | forecast $%.0f of $4,200. "
                   "Cause likely bi-refresh-2 autoscaling; platform team paged." % (clock(8 + h, 1, 0), amt, delta, pct, fc))
        else:
            s.asst("OK %s | today $%.2f | last hour $%.2f (%+.0f%%) | forecast $%.0f of $4,200 | all green." % (
                clock(8 + h, 1, 0), amt, delta, pct, fc))
    return s


# ================================================================================================
# poetry_workshop (tool-less)
# ================================================================================================
PO_SYS = ("You are a poetry workshop partner. You give close, specific feedback on line breaks, sound, image and "
          "turn, and when asked you draft or revise. Keep the poet's voice; never flatten it into greeting-card verse.")

HERON = """Heron at Low Tide

The flats give up their silver in the cold,
a ledger of small wants the river keeps.
He stands as if the morning were a held
breath, one leg folded, and the water sleeps

around him like a debt no one will call.
I watch from the seawall, coffee going grey,
and count the things I meant to say in fall
and didn't, and the ones I'll never say."""


def poetry_runaway_paraphrase(shape):
    s = S("poetry_workshop", "runaway", "same_ending_reworded", shape, PO_SYS, user="poet-imogen",
          notes="The poet asks for an ending that does not resolve into regret; the assistant keeps returning the same "
                "regretful couplet reworded, and the poet keeps rejecting it the same way.")
    s.user("Here's my sonnet draft (only 8 lines so far). I want the sestet to turn AWAY from my regret — toward the heron, "
           "toward something that doesn't care about me. Draft the last six lines.\n\n" + HERON, dt=0)
    endings = [
        "Then he lifts off, and all my unsaid things\nlift with him, heavy, grey against the grey;\nI wish I'd spoken "
        "when the year was young.\nThe tide comes in. I let the silence stay,\nand in the hush between his beating wings\n"
        "I hear the words I never gave my tongue.",
        "He rises, and the words I didn't say\nrise too, weighed down, a grey against the grey;\nI should have spoken "
        "while the year was new.\nThe water turns. I keep my silence through,\nand in the pause between each beat of wing\n"
        "I hear the things I never let me sing.",
        "And when he goes, my silences go too,\nheavy and grey above the greying bay;\nif only I had spoken, "
        "early, true.\nThe tide returns. I let the quiet stay,\nand in the space his slow wings leave behind\nI hear "
        "the words I kept inside my mind.",
        "He lifts, and all I never said lifts with him,\ngrey on the grey, too heavy for the air;\nI wish I'd spoken "
        "when the year was new.\nThe flood comes in. I leave the silence there,\nand in the gap between his wingbeats, dim,\n"
        "I hear the sentences I never knew.",
    ]
    poet = ["No — that's my regret again. The heron shouldn't carry my unsaid things. Turn AWAY from me.",
            "It's the same move: the bird lifts, my silence lifts with it, 'I wish I'd spoken'. I want the sestet to not be "
            "about me at all.",
            "Again the wish-I'd-spoken line. Please, the heron and the tide only. No 'I'.",
            "Same ending in new words. Drop the regret, drop the 'I'."]
    for k in range(11):
        if k == 2:
            s.loop(5)
        s.asst(["Here's a sestet that turns:\n\n", "You're right — here's a version that moves outward:\n\n",
                "Understood. Trying again, more about the bird:\n\n", "Let me try a cleaner turn:\n\n"][k % 4] +
               endings[(k * 3 + k // 4) % 4] + "\n\nThe volta comes with his lift-off; the couplet lands the emotion.")
        s.user(poet[(k + k // 3) % 4], dt=70 + 11 * (k % 3))
    return s


def poetry_runaway_clarify(shape):
    s = S("poetry_workshop", "runaway", "same_clarification", shape, PO_SYS, user="poet-daniel",
          notes="The assistant keeps asking whether the ghazal should keep a strict radif, and the poet keeps giving the "
                "same answer; nothing gets drafted.")
    s.user("Write me a ghazal about my grandmother's sewing machine. Couplets, a radif, the whole thing. Her name was Parvin.",
           dt=0)
    qs = ["Before I draft: should every couplet end on the exact same radif (for example \"the needle\"), or do you want "
          "a looser English ghazal where the refrain can vary?",
          "Just to be sure I get the form right — strict radif repeated identically at the end of every couplet, or a "
          "looser variation?",
          "One clarification first: do you want the radif repeated exactly in every couplet, or allowed to vary?",
          "Quick check before I start: strict, identical radif in each couplet, or a varied refrain?"]
    ans = ["Strict. Same radif every couplet. Use \"her hands\" as the radif.",
           "Strict, identical, \"her hands\". Please just write it.",
           "Strict. \"her hands\". Same every couplet."]
    for k in range(10):
        if k == 1:
            s.loop(4)
        s.asst(qs[(k * 5) % 4])
        s.user(ans[min(k, 2) if k < 3 else k % 3], dt=45 + 6 * k)
    return s


SONNET_THEMES = [
    "the bakery on Vine Street before dawn", "the night shift nurse", "the delivery van", "the flooded underpass",
    "the choir rehearsal in the cold church", "the laundromat at 2 a.m.", "the bus driver's last loop", "the first snow on the bins",
    "the bakery again, now at closing", "the city waking",
]
SONNET_OPENERS = [
    "Before the ovens, flour is a weather\nthat settles on the sills and on the cat;",
    "She charts the quiet in a blue-ruled hand,\nthe drip, the pulse, the little hours of sleep;",
    "The van idles at the loading bay,\nits hazards ticking like a second heart;",
    "The underpass holds water like a grudge;\na taxi noses in and thinks again;",
    "In the cold church the altos keep their coats,\ntheir breath made visible on every note;",
    "The dryers turn their small hot planets round;\na student reads Spinoza to the spin;",
    "The 41 runs empty past the zoo,\nits windows full of nothing but the driver;",
    "Snow on the bins, and every lid a page\nno one has written on. The fox comes late;",
    "At closing, what is left is sold at half;\nthe baker counts the loaves that didn't go;",
    "And then the city, like a hand, unclenches:\nthe shutters lift, the first trams find their wire;",
]


MIDDLES = [
    "the baker's radio argues with the rain\nabout a football match in someone's past;",
    "she tapes a paper snowflake to the pump\nbecause the child in bed four asked her to;",
    "the driver eats a pear above the wheel\nand reads the manifest like scripture, slowly;",
    "its orange light makes everyone a suspect,\nthe wipers shrugging at the rising brown;",
    "the tenor sings a half-tone under, grinning,\nthe organist pretends she didn't hear;",
    "a man folds shirts belonging to his father\nwith a care he never showed him living;",
    "he calls the stops aloud to no one, Carlow, Mill,\nthe Infirmary, as if the names were owed;",
    "the bins wear caps like magistrates in session,\nthe fox a barrister who's lost the brief;",
    "she wraps the rye for Mrs. Adeyemi\nwho'll come at nine and pay in exact change;",
    "a gull reclaims the pier from the last drunk,\nthe bread vans open like a row of hymnals;",
]
ENDINGS = [
    "and warmth is borrowed, given back by morning.", "and keeping watch is one more way of loving.",
    "and every route returns to where it started.", "and water always finds the lowest promise.",
    "and breath is what a hymn is mostly made of.", "and clean is just a kind of starting over.",
    "and empty seats are also passengers.", "and tracks in snow are stories told in cold.",
    "and what is left unsold is still called bread.", "and night was only ever a long vowel.",
]


def poetry_healthy_continue(shape):
    s = S("poetry_workshop", "healthy", "sequence_continue", shape, PO_SYS, user="poet-ruth", max_tokens=1500,
          notes="A 'continue' session: the poet says only 'continue' and the assistant writes the next short poem of a "
                "sequence about one night in a city, new text every time in the same five-line shape.")
    s.user("Let's write a sequence of short poems, five lines each, about one night in a small city, one scene per poem, "
           "from before closing to dawn. Write the first, then I'll say 'continue' for each next one.", dt=0)
    for k, (theme, opener) in enumerate(zip(SONNET_THEMES, SONNET_OPENERS)):
        body = opener + "\n" + MIDDLES[k] + "\n" + ENDINGS[k]
        s.asst("%d. %s\n\n%s" % (k + 1, theme[0].upper() + theme[1:], body))
        if k < 9:
            s.user("continue", dt=40 + 9 * (k % 4))
    s.user("That's the sequence. Thank you.", dt=120)
    return s


def poetry_healthy_slow_revision(shape):
    s = S("poetry_workshop", "healthy", "slow_small_diffs", shape, PO_SYS, user="poet-imogen",
          notes="Iterative refinement with small diffs: the poet comes back every 20-60 minutes with one changed word or "
                "line break and asks for a reaction; each version differs slightly and the poem is finished.")
    versions = [HERON]
    edits = [("a ledger of small wants the river keeps.", "a ledger of small debts the river keeps."),
             ("breath, one leg folded, and the water sleeps", "breath, one leg tucked up, and the water sleeps"),
             ("I watch from the seawall, coffee going grey,", "I watch him from the wall, my coffee grey,"),
             ("and count the things I meant to say in fall", "and count the things I meant to say last fall"),
             ("around him like a debt no one will call.", "around him like a note no one will call."),
             ("The flats give up their silver in the cold,", "The flats give back their silver to the cold,"),
             ("and didn't, and the ones I'll never say.", "and didn't, and the ones I still won't say.")]
    gaps = [0, 1620, 2940, 1260, 3480, 2220, 3060, 1500]
    reactions = [
        "The octave is strong. 'ledger of small wants' is the most original image; 'held / breath' enjambment is lovely.",
        "'debts' sets up the 'debt no one will call' in line 5 — but now it's echoed twice. Consider changing one of them.",
        "'tucked up' is homelier than 'folded'; it loses the origami precision but gains body. I slightly prefer 'folded'.",
        "'my coffee grey' tightens the meter to clean pentameter. Good cut — 'going' was filler.",
        "'last fall' is more colloquial and specific than 'in fall'. It also avoids the season sounding abstract.",
        "'note' fixes the double 'debt' and keeps the money metaphor quieter. I think this is the one.",
        "'give back ... to the cold' makes the flats active and the cold a creditor — it rhymes with the ledger. Keep it.",
        "'still won't say' is more defiant than 'never' — it changes the ending from regret to choice. That's a real turn.",
    ]
    cur = HERON
    for k in range(8):
        if k == 0:
            s.user("Morning. Here's the octave of my heron sonnet. First impressions?\n\n" + cur, dt=0)
        else:
            old, new = edits[k - 1]
            cur = cur.replace(old, new)
            s.user("Changed one thing: \"%s\" -> \"%s\". Full text:\n\n%s" % (old, new, cur), dt=gaps[k])
        s.asst(reactions[k])
    s.user("Sending it to the journal as is. Thanks for the company today.", dt=2400)
    return s


# ================================================================================================
# museum_digitization
# ================================================================================================
MU_TOOLS = [
    tool("read_image_metadata", "Read embedded EXIF/XMP/IPTC metadata of a master scan.", path="string"),
    tool("search_collection", "Search the collection database (Axiell-style) by accession number or text.", query="string"),
    tool("catalog_upsert", "Create or update a catalogue record.", record="object"),
    tool("job_control", "Start or inspect a derivative-generation job (tiles, thumbnails, OCR).", action="string", job_id="string"),
]
MU_SYS = ("You catalogue scanned artefacts for the Halvorsen Maritime Museum. For each master TIFF, read the embedded "
          "metadata, match it to the accession register, and upsert a catalogue record (object name, date made as EDTF, "
          "maker, material, dimensions, rights). Record any discrepancy in the `cataloguer_note` field.")


def xmp_dump(acc, fname, width, height, date, extra):
    """A long, mostly boilerplate metadata dump of one scan; only a few fields differ."""
    lines = ["---- ExifTool ----", "ExifTool Version Number         : 12.76", "File Name                       : " + fname,
             "Directory                       : /mnt/masters/2026/batch-0412", "File Size                       : %d MB" % (width * height * 6 // 1000000),
             "File Type                       : TIFF", "MIME Type                       : image/tiff",
             "Exif Byte Order                 : Little-endian (Intel, II)", "Image Width                     : %d" % width,
             "Image Height                    : %d" % height, "Bits Per Sample                 : 16 16 16",
             "Compression                     : Uncompressed", "Photometric Interpretation      : RGB",
             "Make                            : Phase One", "Camera Model Name               : IQ4 150MP",
             "Lens                            : Schneider Kreuznach 120mm LS f/4.0 Macro", "ISO                             : 50",
             "Exposure Time                   : 1/125", "F Number                        : 11.0",
             "Color Space                     : Uncalibrated", "ICC Profile Name                : eciRGB v2",
             "Software                        : Capture One 23 Cultural Heritage", "Artist                          : Digitisation Unit HMM",
             "Copyright                       : Halvorsen Maritime Museum, CC BY-SA 4.0",
             "XMP Toolkit                     : Adobe XMP Core 7.1-c000", "Creator Tool                    : Capture One",
             "Date/Time Original              : " + date, "---- XMP-dc ----", "Identifier                      : " + acc,
             "Rights                          : CC BY-SA 4.0", "Format                          : image/tiff",
             "---- XMP-iptcExt ----", "Artwork Or Object Source Inventory No: " + acc,
             "Artwork Or Object Source        : Halvorsen Maritime Museum"] + extra
    # Capture One writes a long per-channel calibration block that is identical for every frame of a session.
    for ch in ("R", "G", "B"):
        for i in range(0, 256, 4):
            lines.append("Calibration %s[%03d]              : %d %d %d %d" % (ch, i, i * 257, (i + 1) * 257, (i + 2) * 257, (i + 3) * 257))
    lines.append("Target Delta E 2000 (mean/max)  : 0.9 / 2.7  (ISO 19264-1 level A)")
    return "\n".join(lines)


def museum_runaway_exact(shape):
    s = S("museum_digitization", "runaway", "resubmit_invalid_record", shape, MU_SYS, MU_TOOLS, user="cat-ingrid",
          notes="catalog_upsert rejects the date '1880s?' as not EDTF; the agent resubmits the byte-identical record "
                "again and again with the same sentence.")
    s.user("Catalogue HMM.1974.0233 (ship's chronometer, master scan HMM_1974_0233_001.tif).", dt=0)
    s.asst("Reading the scan metadata.", ("read_image_metadata", {"path": "/mnt/masters/2026/batch-0412/HMM_1974_0233_001.tif"}))
    s.res(xmp_dump("HMM.1974.0233", "HMM_1974_0233_001.tif", 14204, 10652, "2026:11:12 10:41:07", ["Description : chronometer, box open"]))
    s.asst("Matching to the register.", ("search_collection", {"query": "HMM.1974.0233"}))
    s.res({"hits": [{"accession": "HMM.1974.0233", "object_name": "marine chronometer", "maker": "Victor Kullberg, London",
                     "date_register": "1880s?", "material": "brass, mahogany, glass", "dims_mm": "190 x 190 x 200"}]})
    rec = {"accession": "HMM.1974.0233", "object_name": "marine chronometer", "maker": "Victor Kullberg, London",
           "date_made": "1880s?", "material": ["brass", "mahogany", "glass"], "dimensions_mm": [190, 190, 200],
           "rights": "CC BY-SA 4.0", "media": ["HMM_1974_0233_001.tif"]}
    err = {"status": 422, "error": "validation_failed",
           "details": [{"field": "date_made", "value": "1880s?", "rule": "must be EDTF level 1 (e.g. '188X?', '1880/1889')"}]}
    for k in range(9):
        if k == 1:
            s.loop(4)
        s.asst("Creating the catalogue record.", ("catalog_upsert", {"record": rec}))
        s.res(err, err=True, dt=8)
    return s


def museum_runaway_job_restart(shape):
    s = S("museum_digitization", "runaway", "tiling_job_restart", shape, MU_SYS, MU_TOOLS, user="cat-batch-runner",
          notes="A derivative job is restarted again and again; every run gets a new job id and fresh timings but dies at "
                "step 4/7 (IIIF tiling) on the same oversized TIFF with the same out-of-memory error.")
    s.user("Generate IIIF tiles, thumbnails and OCR for batch-0412 (118 masters). Restart the job if it fails.", dt=0)
    for k in range(10):
        jid = "deriv-0412-%s" % ["a7f3", "b219", "c04e", "d6d1", "e8a0", "f13c", "0b77", "1c52", "2e09", "3fa4"][k]
        if k == 1:
            s.loop(5)
        s.asst("Starting the derivative job." if k == 0 else
               ["The job failed; restarting it as instructed.", "Restarting the derivative job again.",
                "Failure again — restarting the batch job."][k % 3],
               ("job_control", {"action": "start", "job_id": jid}))
        t0 = 900 + 37 * k
        log = "\n".join(
            ["job %s started %s on worker digi-%02d" % (jid, clock(16, 5, 1200 * k), 3 + k % 4),
             "[1/7] scan manifest: 118 masters, 412.7 GB",
             "[2/7] checksum verify: 118/118 OK (%ds)" % (211 + 3 * k),
             "[3/7] thumbnails: 118/118 (%ds)" % (340 + 5 * (k % 3)),
             "[4/7] IIIF tiling (vips dzsave --layout iiif3)"] +
            ["    tiled %s (%d tiles)" % ("HMM_1974_%04d_001.tif" % (200 + i), 1800 + (i * 37) % 400) for i in range(0, 61)] +
            ["    tiling HMM_1981_0007_001.tif (61440 x 43008 px, 15.8 GB)",
             "vips: out of memory -- allocating 31708938240 bytes",
             "Traceback (most recent call last):",
             "  File \"/opt/digi/pipeline/steps/tiles.py\", line 88, in run",
             "    subprocess.run(cmd, check=True)",
             "subprocess.CalledProcessError: Command '['vips', 'dzsave', '/mnt/masters/2026/batch-0412/HMM_1981_0007_001.tif', ...]' "
             "died with <Signals.SIGKILL: 9>.",
             "job %s FAILED at step 4/7 after %ds (oom-killer, worker limit 24 GiB)" % (jid, t0)])
        s.res({"job_id": jid, "state": "FAILED", "failed_step": "4/7 iiif_tiling", "log": log}, dt=t0)
    return s


MU_BATCH_INSTR = """Batch catalogue instructions — donation of the Strand family, 2026 (read once):
- Each item below is one master scan. Read its metadata, find the register entry, then upsert the record.
- date_made must be EDTF. If the register only has a decade, use e.g. '189X'. If uncertain, add '?'.
- If the scan's EXIF Date/Time Original is missing or is the camera default (2000:01:01), that is a capture problem, not
  an object problem: note "EXIF capture date missing; capture date taken from shoot log" and continue.
- Dimensions come from the register, never from pixels. Rights: CC BY-SA 4.0 unless the register says 'restricted'.
- Answer with one line per item: accession | object | date_made | note."""

MU_ITEMS = [("HMM.2026.0041", "sailor's valentine (shell mosaic)", "186X?", True),
            ("HMM.2026.0042", "ditty box", "1890/1899", False),
            ("HMM.2026.0043", "sextant, ebony frame", "1855", True),
            ("HMM.2026.0044", "crew list, barque 'Solveig'", "1902-04-11", False),
            ("HMM.2026.0045", "ship model in bottle", "192X", True),
            ("HMM.2026.0046", "rope fender (sample)", "19XX", False),
            ("HMM.2026.0047", "lighthouse keeper's logbook", "1911/1913", True),
            ("HMM.2026.0048", "scrimshaw tooth", "187X?", True),
            ("HMM.2026.0049", "signal flag 'K'", "1930", False)]


def museum_healthy_batch(shape):
    s = S("museum_digitization", "healthy", "donation_batch", shape, MU_SYS, MU_TOOLS, user="cat-ingrid",
          notes="Batch cataloguing with one shared instruction and short varying items; the same 'EXIF capture date "
                "missing' finding recurs on several different scans, as batch work does. Long metadata dumps share "
                "most of their text.")
    for i, (acc, obj, date, exif_missing) in enumerate(MU_ITEMS):
        fname = acc.replace(".", "_") + "_001.tif"
        s.user((MU_BATCH_INSTR + "\n\n" if i == 0 else "") + "Item %d: %s — %s" % (i + 1, acc, fname), dt=35)
        s.asst(None, ("read_image_metadata", {"path": "/mnt/masters/2026/batch-0412/" + fname}),
               ("search_collection", {"query": acc}))
        s.res(xmp_dump(acc, fname, 9000 + 311 * i, 7000 + 97 * i, "2000:01:01 00:00:00" if exif_missing else "2026:11:1%d 1%d:2%d:0%d" % (i % 9, i % 10, i % 6, i),
                       ["Description : " + obj]),
              {"hits": [{"accession": acc, "object_name": obj, "date_register": date, "rights": "CC BY-SA 4.0"}]}, dt=12)
        note = "EXIF capture date missing; capture date taken from shoot log" if exif_missing else ""
        s.asst(None, ("catalog_upsert", {"record": {"accession": acc, "object_name": obj, "date_made": date,
                                                     "rights": "CC BY-SA 4.0", "media": [fname], "cataloguer_note": note}}))
        s.res({"status": 200, "accession": acc, "version": 1 + (i % 2), "updated_at": clock(13, 2 * i, 17)}, dt=9)
        s.asst("%s | %s | %s | %s" % (acc, obj, date, note or "-"))
    return s


def museum_healthy_boilerplate(shape):
    s = S("museum_digitization", "healthy", "multiframe_boilerplate", shape, MU_SYS, MU_TOOLS, user="cat-per",
          notes="Six frames of one object (a folded sea chart) whose 10 KB metadata dumps are identical calibration "
                "boilerplate except the frame number, dimensions and description; the record is built up frame by frame.")
    s.user("HMM.1962.0118 is a folded sea chart scanned in 6 frames (_001 to _006). Add all frames to the record and describe "
           "what each shows.", dt=0)
    descr = ["recto, full sheet, folded state", "recto, full sheet, flattened", "cartouche detail, upper left",
             "verso, manuscript annotations", "verso, customs stamp 'Bergen 1847'", "raking light, watermark 'J WHATMAN 1838'"]
    media = []
    for f in range(6):
        fname = "HMM_1962_0118_%03d.tif" % (f + 1)
        s.asst("Reading frame %d." % (f + 1), ("read_image_metadata", {"path": "/mnt/masters/2026/batch-0412/" + fname}))
        s.res(xmp_dump("HMM.1962.0118", fname, [15120, 15120, 6200, 15120, 5400, 15120][f], [11340, 11340, 4650, 11340, 4050, 11340][f],
                       "2026:11:14 09:%02d:%02d" % (12 + 3 * f, 7 * f), ["Description : " + descr[f]]), dt=20)
        media.append(fname)
        s.asst("Frame %d: %s. Adding to the record." % (f + 1, descr[f]),
               ("catalog_upsert", {"record": {"accession": "HMM.1962.0118", "media": list(media),
                                              "media_captions": descr[:f + 1]}}))
        s.res({"status": 200, "accession": "HMM.1962.0118", "version": 3 + f, "media_count": f + 1}, dt=6)
    s.asst("All six frames attached. Notable: the watermark 'J WHATMAN 1838' and the Bergen 1847 customs stamp bracket the "
           "date; I suggest date_made '1838/1847'.")
    s.user("Agreed, set it.", dt=600)
    return s


# ================================================================================================
# esports_match_analyst
# ================================================================================================
ES_TOOLS = [
    tool("get_match_stats", "Match statistics (scoreboard, economy, per-round events) for a match id.", match_id="string"),
    tool("get_vod_segment", "Fetch a VOD clip with transcript/callouts between two timestamps.", vod_id="string", start="string",
         end="string"),
    tool("query_player", "Career and recent-form stats for a player handle.", handle="string"),
]
ES_SYS = ("You are the analyst assistant of team Northwind Wolves (Valorant). You analyse match telemetry and VODs for the "
          "coaching staff: economy decisions, utility usage, trades, site executes. Cite round numbers and timestamps.")


def esports_runaway_alternating(shape):
    s = S("esports_match_analyst", "runaway", "vod_range_alternating", shape, ES_SYS, ES_TOOLS, user="coach-brandt",
          notes="Alternating failing attempts: the agent asks for the round-19 clip with an hh:mm:ss range, then a seconds "
                "range, then hh:mm:ss again; both are past the end of the VOD (wrong map VOD id), same 416 error each time.")
    s.user("Pull the clip of round 19 on Lotus (map 2, VOD vod-88213) — the B-site retake — and tell me what went wrong.", dt=0)
    s.asst("Getting the round timeline first.", ("get_match_stats", {"match_id": "vct-cq-2026-1141"}))
    s.res({"match_id": "vct-cq-2026-1141", "maps": [{"map": "Ascent", "vod_id": "vod-88212", "duration": "00:41:17"},
                                                    {"map": "Lotus", "vod_id": "vod-88213", "duration": "00:38:52",
                                                     "rounds": {"19": {"start_ts": "00:44:05", "note": "timestamps are match-relative"}}}]})
    forms = [("00:44:05", "00:46:10"), ("2645", "2770")]
    msgs = ["Requesting 00:44:05-00:46:10 from vod-88213.", "The hh:mm:ss form was rejected; trying the range in seconds.",
            "Seconds didn't work either; the API may require hh:mm:ss after all. Retrying with the timestamp form.",
            "Trying the seconds form again in case the earlier request was malformed."]
    for k in range(11):
        if k == 2:
            s.loop(6)
        st, en = forms[k % 2]
        s.asst(msgs[0] if k == 0 else msgs[1 + (k + 1) % 2 if k > 1 else 1],
               ("get_vod_segment", {"vod_id": "vod-88213", "start": st, "end": en}))
        s.res({"status": 416, "error": "range_not_satisfiable",
               "message": "Requested range %s-%s exceeds VOD vod-88213 duration 00:38:52 (2332 s)." % (st, en)}, err=True, dt=10)
    return s


def esports_runaway_continue(shape):
    s = S("esports_match_analyst", "runaway", "continue_same_paragraph", shape, ES_SYS, ES_TOOLS, user="coach-brandt",
          max_tokens=2000,
          notes="The coach says 'continue' to get the rest of the report; from the third answer on the assistant "
                "re-emits the same round 13-16 paragraph every time.")
    s.user("Write the full written report on our Ascent loss (match vct-cq-2026-1139), half by half. Start.", dt=0)
    s.asst(None, ("get_match_stats", {"match_id": "vct-cq-2026-1139"}))
    s.res({"map": "Ascent", "score": "10-13", "first_half": "7-5 (attack)", "second_half": "3-8 (defence)",
           "pistols": {"1": "won", "13": "lost"}, "eco_conversions": 1, "thrifty_against": 3})
    p1 = ("First half (attack, 7-5). We won the pistol through a fast A-main split with Kestrel's Sova dart clearing "
          "generator. Rounds 2-3 converted. Round 4 lost to an A-site stack; round 5 we read it and hit B. Our mid "
          "control through market was the strongest part of the half: 5 of 7 round wins went through mid.")
    p2 = ("Rounds 13-16. We lost the second pistol on defence when two players stacked B and A fell to a 3-man hit. "
          "Round 14 we forced with Spectres and lost to their bonus; round 15 was a full save, round 16 we bought into "
          "their rifles and lost the B retake because the KAY/O knife was used early and Reyna had to dry-peek market.")
    s.asst(p1)
    s.user("continue", dt=50)
    s.asst(p2)
    for k in range(8):
        if k == 1:
            s.loop(4)
        s.user("continue", dt=45 + 5 * k)
        s.asst(p2 if k != 3 else p2.replace("Rounds 13-16.", "Rounds 13 to 16:"))
    s.user("continue", dt=40)
    return s


AGENTS = ["Jett", "Sova", "Omen", "Killjoy", "KAY/O", "Raze", "Skye", "Viper", "Cypher", "Reyna"]
WOLVES = ["kestrel", "moth", "vantablack", "juno", "pike"]
RIVALS = ["zeno", "orca", "lumen", "hexa", "brisk"]


def match_report(seed):
    """A long (~20 KB) post-match telemetry report: per-round economy, kills and plants."""
    rng = random.Random(seed)
    out = ["MATCH REPORT vct-cq-2026-1141 | Northwind Wolves vs Meridian Tide | Lotus | final 13-11",
           "Generated by TelemetryHub 4.2 from the official match data feed. Times are round-relative (m:ss).", ""]
    score = [0, 0]
    for r in range(1, 25):
        win = "WOLVES" if rng.random() < (13 / 24) and score[0] < 13 else "TIDE"
        if score[1] >= 11 and win == "TIDE":
            win = "WOLVES"
        score[0 if win == "WOLVES" else 1] += 1
        out.append("== Round %d (%s) winner %s, score %d-%d, end %s ==" % (
            r, "Wolves attack" if r <= 12 else "Wolves defence", win, score[0], score[1],
            rng.choice(["elimination", "spike detonated", "spike defused", "time expired"])))
        out.append("economy: wolves loadout %d credits (%s), tide loadout %d credits (%s)" % (
            rng.randint(800, 24000), rng.choice(["full buy", "half buy", "eco", "force"]), rng.randint(800, 24000),
            rng.choice(["full buy", "half buy", "eco", "force"])))
        for _ in range(rng.randint(5, 9)):
            a, v = rng.choice(WOLVES + RIVALS), rng.choice(WOLVES + RIVALS)
            out.append("  %d:%02d  %-10s killed %-10s with %-8s at %-12s %s" % (
                rng.randint(0, 1), rng.randint(0, 59), a, v, rng.choice(["Vandal", "Phantom", "Operator", "Sheriff", "Spectre", "Ghost"]),
                rng.choice(["A main", "A drop", "B site", "C link", "mound", "tree", "stairs", "lower C", "upper B"]),
                rng.choice(["", "(headshot)", "(wallbang)", "(traded)", "(first blood)"])))
        if rng.random() < 0.6:
            out.append("  spike planted %s at %d:%02d by %s" % (rng.choice(["A", "B", "C"]), rng.randint(0, 1), rng.randint(0, 59),
                                                           rng.choice(WOLVES + RIVALS)))
        out.append("  utility: %s" % ", ".join("%s %s x%d" % (p, rng.choice(AGENTS), rng.randint(1, 4)) for p in rng.sample(WOLVES, 3)))
    out.append("")
    out.append("PLAYER TOTALS (ACS / K / D / A / KAST / ADR)")
    for p in WOLVES + RIVALS:
        out.append("  %-10s %3d / %2d / %2d / %2d / %2d%% / %3d" % (p, rng.randint(150, 320), rng.randint(9, 28), rng.randint(9, 22),
                                                               rng.randint(2, 12), rng.randint(55, 85), rng.randint(100, 200)))
    return "\n".join(out)


def esports_healthy_stateless(shape):
    s = S("esports_match_analyst", "healthy", "stateless_report_questions", shape, ES_SYS, [], user="coach-analyst-desk",
          notes="A stateless client: every request is the same ~20 KB match report plus one new question; no history is "
                "kept between requests (each turn is a fresh conversation).")
    s.stateless = True
    doc = match_report(1141)
    questions = [
        "Which rounds did we lose on a full buy against a Tide half buy or eco?",
        "How many first bloods did vantablack get, and how many were traded?",
        "List the rounds where the spike was planted at C. Win rate there?",
        "Who had the best ADR on Tide, and in which rounds did they get multi-kills?",
        "Was our defence better on A or B? Count defuses per site.",
        "Summarise our economy in rounds 13-18 in two sentences.",
        "Which of our players used the most utility overall?",
        "Did we ever win an eco round? Which one and how?",
        "Give me three talking points for tomorrow's review, cite rounds.",
    ]
    for k, q in enumerate(questions):
        s.hist = [("user", "Here is the match report:\n\n" + doc + "\n\nQuestion: " + q)]
        s._emit(20 + 40 * (k % 3))
    s.hist = []
    return s


def esports_healthy_live_poll(shape):
    s = S("esports_match_analyst", "healthy", "live_scoreboard_poll", shape, ES_SYS, ES_TOOLS, user="coach-live",
          notes="Live polling during a match: the same stats call every ~2 minutes, the score, economy and round number move "
                "each time until the match ends; the assistant's one-line updates follow a fixed template.")
    s.user("We're live vs Meridian Tide on Sunset (vct-cq-2026-1142). Poll the scoreboard every couple of minutes and give "
           "me a one-line update plus anything I should tell the players at the next timeout.", dt=0)
    sc = [(2, 1), (3, 3), (5, 4), (6, 6), (7, 8), (9, 8), (10, 10), (11, 11), (12, 11), (13, 11)]
    econ = [(3900, 8200), (12400, 4100), (6100, 15800), (21000, 19600), (4300, 22800), (18800, 9100), (9900, 10100),
            (23800, 24100), (15200, 3300), (0, 0)]
    for k, ((w, t), (we, te)) in enumerate(zip(sc, econ)):
        s.asst("Polling." if k == 0 else "Next poll.", ("get_match_stats", {"match_id": "vct-cq-2026-1142"}))
        state = "LIVE" if k < 9 else "FINISHED"
        s.res({"match_id": "vct-cq-2026-1142", "state": state, "round": w + t + (1 if k < 9 else 0), "score": {"wolves": w, "tide": t},
               "wolves_bank": we, "tide_bank": te, "as_of": clock(19, 4, 130 * k),
               "last_round": {"winner": "wolves" if k % 3 else "tide", "method": ["defuse", "elimination", "detonation"][k % 3]}},
              dt=125)
        s.asst("%s — %d-%d, round %d; our bank %d vs %d. %s" % (
            clock(19, 4, 130 * k)[11:16], w, t, w + t + 1, we, te,
            ["Tide saving; expect a force next.", "We have a bonus round; save pistols.", "Full-buy vs full-buy; play default.",
             "Both teams rich; watch for Op on B.", "Down 7-8 and broke: full save, then overtime reset talk.",
             "Up 9-8, they're broke: push aggressive mid.", "10-10; call timeout, reset utility plan for A.",
             "Overtime buy; stack B mains.", "Match point 12-11; they have 3.3k: rush A.", "WIN 13-11. GG."][k]))
    s.user("GG! Save the updates to the review doc.", dt=200)
    return s


# ================================================================================================
# solar_quote_builder
# ================================================================================================
SO_TOOLS = [
    tool("roof_measurements", "Roof planes (area, pitch, azimuth, shading) from the aerial survey for an address.", address="string"),
    tool("parse_utility_bill", "Extract 12-month usage and tariff from an uploaded utility bill PDF.", file_id="string"),
    tool("incentive_lookup", "Federal/state/utility incentives for a ZIP code and system size.", zip="string", system_kw="number"),
    tool("design_system", "Lay out modules and size strings/inverter; returns production and electrical checks.",
         panel_count="integer", module="string", strings="integer"),
]
SO_SYS = ("You build residential solar quotes for Brightfield Solar. Size the system to offset ~100% of annual usage "
          "within roof and electrical limits, apply incentives, and produce a quote with price per watt and payback.")
ADDR = "1427 Alder Crest Dr, Boulder, CO 80304"


def solar_runaway_cycle(shape):
    s = S("solar_quote_builder", "runaway", "design_cycle4", shape, SO_SYS, SO_TOOLS, user="sales-ramirez",
          notes="Period-4 cycle: re-measure roof, design 22 panels (string voltage over limit), design 20 panels (offset "
                "too low), re-check incentives, back to the roof. Each result embeds a quote_revision counter and timestamp "
                "that tick every round.")
    s.user("Build a quote for %s. Annual usage 11,200 kWh (bill already parsed). 100%% offset please." % ADDR, dt=0)
    s.asst("Starting with the roof.", ("roof_measurements", {"address": ADDR}))
    for r in range(5):
        if r == 1:
            s.loop(7)
        rev = 3 + 4 * r
        s.res({"address": ADDR, "planes": [{"id": "S1", "area_m2": 38.2, "pitch_deg": 26, "azimuth": 182, "tsrf": 0.91},
                                           {"id": "W1", "area_m2": 21.7, "pitch_deg": 26, "azimuth": 272, "tsrf": 0.78}],
               "max_modules_S1": 22, "quote_revision": rev, "generated_at": clock(10, 15, 170 * r)}, dt=25)
        s.asst("South plane fits 22 modules. Designing 22 x 410 W in 2 strings.",
               ("design_system", {"panel_count": 22, "module": "QCells Q.TRON 410", "strings": 2}))
        s.res({"kw_dc": 9.02, "annual_kwh": 12480, "offset_pct": 111, "string_voc_cold_v": 612.4, "inverter_max_v": 600,
               "check": "FAIL: string Voc at -25 C exceeds inverter max input 600 V", "quote_revision": rev + 1,
               "generated_at": clock(10, 15, 170 * r + 40)}, dt=30)
        s.asst("Voltage too high at 11 per string. Dropping to 20 panels (10 per string).",
               ("design_system", {"panel_count": 20, "module": "QCells Q.TRON 410", "strings": 2}))
        s.res({"kw_dc": 8.2, "annual_kwh": 9870, "offset_pct": 88, "string_voc_cold_v": 556.7, "inverter_max_v": 600,
               "check": "WARN: offset 88% below target 100%", "quote_revision": rev + 2,
               "generated_at": clock(10, 15, 170 * r + 80)}, dt=30)
        s.asst("Electrically fine but offset is only 88%. Checking whether incentives change the target size.",
               ("incentive_lookup", {"zip": "80304", "system_kw": 8.2}))
        s.res({"federal_itc_pct": 30, "xcel_rebate_usd_per_w": 0.0, "boulder_rebate_usd": 1000,
               "note": "no size-dependent incentives", "quote_revision": rev + 3, "generated_at": clock(10, 15, 170 * r + 120)},
              dt=25)
        s.asst("Incentives don't depend on size. Re-measuring the roof to see if more modules fit.",
               ("roof_measurements", {"address": ADDR}))
    s.res({"address": ADDR, "planes": [{"id": "S1", "area_m2": 38.2}], "max_modules_S1": 22, "quote_revision": 23,
           "generated_at": clock(10, 15, 850)}, dt=25)
    return s


PDF_ERR = """[quote-pdf] rendering quote Q-2026-11-0457 (template residential_v7)
TypeError: Cannot read properties of undefined (reading 'kWh')
    at monthlyTable (/srv/quote-pdf/src/sections/usage.ts:41:37)
    at Array.map (<anonymous>)
    at renderUsage (/srv/quote-pdf/src/sections/usage.ts:28:22)
    at buildQuote (/srv/quote-pdf/src/build.ts:112:9)
    at async /srv/quote-pdf/src/server.ts:77:5"""


def solar_runaway_growing_log(shape):
    s = S("solar_quote_builder", "runaway", "pasted_log_same_error", shape, SO_SYS, [], user="installer-tomasz",
          notes="Tool-less: an installer keeps pasting an ever longer server log of the quote-PDF service; every new chunk "
                "ends in the same TypeError and the assistant keeps suggesting the same two fixes.")
    log = ["2026-11-18T08:00:0%dZ INFO  quote-pdf listening on :8080 (build 7.3.1)" % 1]
    n = 0
    tips = ["The bill parser returned only 11 months, so `usage.monthly[11]` is undefined. Guard the map with "
            "`(m ?? {kWh: 0}).kWh` or fix the parser to always return 12 months.",
            "It's the monthly table: one month is missing from the parsed bill, so `.kWh` is read from undefined. Pad the "
            "usage array to 12 entries or guard the access in usage.ts:41.",
            "usage.ts:41 reads `.kWh` from a missing month. Make the parser return 12 months or default the missing one to 0."]
    for k in range(11):
        for i in range(6 + 4 * k):
            n += 1
            log.append("2026-11-18T08:%02d:%02dZ INFO  GET /healthz 200 %dms" % (n // 60 % 60, n % 60, 2 + n % 5)
                       if n % 3 else "2026-11-18T08:%02d:%02dZ INFO  POST /quotes/Q-2026-11-%04d/pdf 200 %dms" % (
                           n // 60 % 60, n % 60, 400 + n, 800 + 13 * n % 400))
        log.append(PDF_ERR)
        if k == 2:
            s.loop(5)
        s.user(("Quote PDFs fail for the Alder Crest customer. Log:\n\n" if k == 0 else
                ["Still failing after redeploy. Full log:\n\n", "Same. Here's the log again, longer:\n\n",
                 "Nope. Log:\n\n"][k % 3]) + "\n".join(log), dt=240 + 60 * (k % 3))
        s.asst(tips[k % 3] if k else tips[0])
    s.user("Still the same. Log:\n\n" + "\n".join(log + [PDF_ERR]), dt=300)
    return s


def bill_text(months):
    rows = ["XCEL ENERGY — Statement summary (parsed)", "Account 53-0099172-4 | Service: 1427 ALDER CREST DR | Rate: R (Residential)",
            "Month      kWh    Cost(USD)  Avg temp(F)"]
    for i, (m, kwh) in enumerate(months):
        rows.append("%-9s %5d   %8.2f   %d" % (m, kwh, kwh * 0.1529 + 12.9, [31, 35, 44, 51, 60, 70, 76, 74, 65, 53, 40, 32][i]))
    return "\n".join(rows)


MONTHS = [("Dec 2025", 1104), ("Jan 2026", 1190), ("Feb 2026", 1012), ("Mar 2026", 884), ("Apr 2026", 731),
          ("May 2026", 702), ("Jun 2026", 902), ("Jul 2026", 1130), ("Aug 2026", 1081), ("Sep 2026", 803),
          ("Oct 2026", 760), ("Nov 2026", 901)]


def solar_healthy_backoff(shape):
    s = S("solar_quote_builder", "healthy", "bill_parser_backoff", shape, SO_SYS, SO_TOOLS, user="sales-ramirez",
          notes="The bill parser answers 503 then 429 with Retry-After; the agent backs off (30 s, 90 s) and the third "
                "attempt succeeds; the quote is then built to completion.")
    s.user("New lead: %s. Bill uploaded as file_8812f. Build the quote." % ADDR, dt=0)
    s.asst("Parsing the utility bill.", ("parse_utility_bill", {"file_id": "file_8812f"}))
    s.res({"status": 503, "error": "service_unavailable", "message": "OCR workers scaling up, retry in 30 s"}, err=True)
    s.asst("Parser is scaling up; waiting 30 s before retrying.", ("parse_utility_bill", {"file_id": "file_8812f"}))
    s.res({"status": 429, "error": "too_many_requests", "retry_after": 90}, err=True, dt=31)
    s.asst("Rate limited; honouring Retry-After 90 s. Meanwhile nothing else depends on the bill except sizing.",
           ("parse_utility_bill", {"file_id": "file_8812f"}))
    s.res(bill_text(MONTHS), dt=92)
    s.asst("Usage: 11,200 kWh/yr. Getting the roof.", ("roof_measurements", {"address": ADDR}))
    s.res({"address": ADDR, "planes": [{"id": "S1", "area_m2": 38.2, "pitch_deg": 26, "azimuth": 182, "tsrf": 0.91},
                                       {"id": "W1", "area_m2": 21.7, "pitch_deg": 26, "azimuth": 272, "tsrf": 0.78}],
           "max_modules_S1": 22, "max_modules_W1": 12})
    s.asst("Designing 20 on the south plane plus 6 on the west plane, 3 strings to keep voltage under 600 V.",
           ("design_system", {"panel_count": 26, "module": "QCells Q.TRON 410", "strings": 3}))
    s.res({"kw_dc": 10.66, "annual_kwh": 11390, "offset_pct": 102, "string_voc_cold_v": 501.2, "inverter_max_v": 600, "check": "PASS"})
    s.asst("10.66 kW, 102% offset, electrically OK. Incentives:", ("incentive_lookup", {"zip": "80304", "system_kw": 10.66}))
    s.res({"federal_itc_pct": 30, "boulder_rebate_usd": 1000, "xcel_solar_rewards_usd_per_kwh": 0.005})
    s.asst("Quote: 10.66 kW DC, $2.85/W gross = $30,381; ITC -$9,114; Boulder rebate -$1,000; net $20,267. Year-1 savings "
           "~$1,740, simple payback ~11.6 years.")
    s.user("Looks right. Send it to the customer with the standard cover letter.", dt=400)
    return s


def solar_healthy_revisit(shape):
    s = S("solar_quote_builder", "healthy", "customer_toggles_options", shape, SO_SYS, SO_TOOLS, user="sales-okafor",
          notes="A homeowner legitimately revisits the same options (standard vs premium modules, with or without battery) "
                "over a call; each re-quote follows the same template with different numbers, then she decides.")
    s.user("Customer on the phone for %s. She wants to compare options. Start with standard modules, no battery." % ADDR, dt=0)
    opts = [
        ("standard, no battery", 26, "QCells Q.TRON 410", 3, 10.66, 11390, 20267, 11.6),
        ("premium, no battery", 24, "REC Alpha Pure-R 430", 3, 10.32, 11510, 23410, 13.1),
        ("standard + 13.5 kWh battery", 26, "QCells Q.TRON 410", 3, 10.66, 11390, 31820, 16.9),
        ("premium + battery", 24, "REC Alpha Pure-R 430", 3, 10.32, 11510, 34960, 18.4),
        ("standard, no battery (again, for the spouse)", 26, "QCells Q.TRON 410", 3, 10.66, 11390, 20267, 11.6),
        ("standard with 24 panels instead of 26", 24, "QCells Q.TRON 410", 3, 9.84, 10510, 18710, 11.9),
    ]
    asks = ["", "What would premium modules change?", "And adding a Powerwall-size battery to the standard one?",
            "Premium plus battery?", "Her husband joined — go back to standard without battery and read it out again.",
            "What if we drop two panels on the west roof for the neighbour's view?"]
    for k, (label, n, mod, st, kw, kwh, net, pb) in enumerate(opts):
        if k:
            s.user(asks[k], dt=120 + 30 * k)
        s.asst("Designing: %s." % label, ("design_system", {"panel_count": n, "module": mod, "strings": st}))
        s.res({"kw_dc": kw, "annual_kwh": kwh, "offset_pct": round(100 * kwh / 11200), "check": "PASS",
               "battery_kwh": 13.5 if "battery" in label else 0})
        s.asst("Option (%s): %.2f kW, %s kWh/yr (%d%% offset), net after incentives $%s, payback %.1f years." % (
            label, kw, format(kwh, ","), round(100 * kwh / 11200), format(net, ","), pb))
    s.user("They chose the standard 24-panel option. Finalise that one.", dt=300)
    s.asst("Finalising the 24-panel standard quote: 9.84 kW, net $18,710. Checking incentives for the final size.",
           ("incentive_lookup", {"zip": "80304", "system_kw": 9.84}))
    s.res({"federal_itc_pct": 30, "boulder_rebate_usd": 1000, "xcel_solar_rewards_usd_per_kwh": 0.005})
    s.asst("Final: 24 x QCells 410 W, 9.84 kW DC, 10,510 kWh/yr (94% offset). Gross $28,044, ITC -$8,413, Boulder rebate "
           "-$1,000, net $18,634 (slightly better than the phone estimate), payback ~11.8 years. Contract draft ready.")
    s.user("Send the contract.", dt=240)
    return s


# ================================================================================================
# Corpus assembly, validation, output
# ================================================================================================
SESSIONS = [
    pharmacy_runaway_ndc, pharmacy_runaway_auth, pharmacy_healthy_batch, pharmacy_healthy_backoff,
    airline_runaway_cycle, airline_runaway_handoff, airline_healthy_pnr_states, airline_healthy_slow_human,
    oss_runaway_buried_log, oss_runaway_label_cycle, oss_healthy_pagination, oss_healthy_flaky_then_green,
    cloud_runaway_stale_export, cloud_runaway_same_page, cloud_healthy_export_job, cloud_healthy_monitor,
    poetry_runaway_paraphrase, poetry_runaway_clarify, poetry_healthy_continue, poetry_healthy_slow_revision,
    museum_runaway_exact, museum_runaway_job_restart, museum_healthy_batch, museum_healthy_boilerplate,
    esports_runaway_alternating, esports_runaway_continue, esports_healthy_stateless, esports_healthy_live_poll,
    solar_runaway_cycle, solar_runaway_growing_log, solar_healthy_backoff, solar_healthy_revisit,
]
SHAPES = ["chat", "responses", "anthropic"]


def build():
    """All sessions; the i-th written session gets shape SHAPES[i % 3]. Everything is held out."""
    files = {"tuning/.gitkeep": ""}
    for i, fn in enumerate(SESSIONS):
        s = fn(SHAPES[i % 3])
        d = s.doc()
        validate(d, s.stateless)
        files["heldout/%s.json" % d["name"]] = json.dumps(d, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
    return files


class Invalid(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Invalid(msg)


def validate_chat(b, tools):
    need(isinstance(b.get("model"), str) and isinstance(b.get("messages"), list) and b["messages"], "chat: model/messages")
    open_calls = []
    for i, m in enumerate(b["messages"]):
        r = m.get("role")
        need(r in ("system", "user", "assistant", "tool"), "chat: role %r" % r)
        if r == "tool":
            need(open_calls and m.get("tool_call_id") == open_calls[0], "chat: tool message %d answers no open call" % i)
            need(isinstance(m.get("content"), str), "chat: tool content")
            open_calls.pop(0)
            continue
        need(not open_calls, "chat: unanswered tool calls before message %d" % i)
        if r == "assistant":
            need(isinstance(m.get("content"), str) or m.get("tool_calls"), "chat: empty assistant")
            for c in m.get("tool_calls", []):
                need(c["type"] == "function" and c["function"]["name"] in tools, "chat: undeclared tool")
                json.loads(c["function"]["arguments"])
                open_calls.append(c["id"])
        else:
            need(isinstance(m.get("content"), str) and m["content"], "chat: %s content" % r)
    need(not open_calls, "chat: request ends with unanswered tool calls")
    need(b["messages"][-1]["role"] in ("user", "tool"), "chat: last message must be user or tool")


def validate_responses(b, tools):
    need(isinstance(b.get("model"), str) and isinstance(b.get("input"), list) and b["input"], "responses: model/input")
    need("previous_response_id" not in b and isinstance(b.get("max_output_tokens"), int), "responses: fields")
    open_calls = set()
    for it in b["input"]:
        t = it.get("type", "message")
        if t == "message":
            need(it["role"] in ("user", "assistant") and it["content"], "responses: message")
            for c in it["content"]:
                need(c["type"] == ("input_text" if it["role"] == "user" else "output_text") and c["text"], "responses: content part")
        elif t == "function_call":
            need(it["name"] in tools and it["call_id"] not in open_calls, "responses: function_call")
            json.loads(it["arguments"])
            open_calls.add(it["call_id"])
        elif t == "function_call_output":
            need(it["call_id"] in open_calls and isinstance(it["output"], str), "responses: output without call")
            open_calls.discard(it["call_id"])
        else:
            raise Invalid("responses: item type %r" % t)
    need(not open_calls, "responses: unanswered function_call")
    last = b["input"][-1]
    need(last.get("type") == "function_call_output" or last.get("role") == "user", "responses: last item")


def validate_anthropic(b, tools):
    need(isinstance(b.get("model"), str) and isinstance(b.get("max_tokens"), int), "anthropic: model/max_tokens")
    need(isinstance(b.get("system"), str), "anthropic: system")
    msgs = b["messages"]
    need(msgs and msgs[0]["role"] == "user" and msgs[-1]["role"] == "user", "anthropic: first/last must be user")
    prev_uses = []
    for i, m in enumerate(msgs):
        need(m["role"] == ("user" if i % 2 == 0 else "assistant"), "anthropic: roles must alternate")
        need(m["content"], "anthropic: empty content")
        for c in m["content"]:
            need(c["type"] in (("text", "tool_result") if m["role"] == "user" else ("text", "tool_use")), "anthropic: block type")
            if c["type"] == "text":
                need(c["text"], "anthropic: empty text")
            if c["type"] == "tool_use":
                need(c["name"] in tools and isinstance(c["input"], dict), "anthropic: tool_use")
        if m["role"] == "user":
            res = [c["tool_use_id"] for c in m["content"] if c["type"] == "tool_result"]
            need(res == prev_uses, "anthropic: tool_result ids %r != preceding tool_use ids %r" % (res, prev_uses))
            need(all(c["type"] == "tool_result" for c in m["content"][:len(res)]), "anthropic: tool_result blocks must come first")
        else:
            prev_uses = [c["id"] for c in m["content"] if c["type"] == "tool_use"]
    need(msgs[-1]["role"] == "user", "anthropic: ends with user")


def history_of(shape, req):
    return req["messages"] if shape in ("chat", "anthropic") else req["input"]


def validate(d, stateless):
    need(set(d) <= {"name", "style", "shape", "path", "headers", "expected", "turns", "notes"}, "fields")
    need(d["path"] == PATHS[d["shape"]], "path")
    need(8 <= len(d["turns"]) <= 30, "turn count")
    prev_t, prev_h = -1, None
    for n, t in enumerate(d["turns"], 1):
        b = t["request"]
        tools = {x["function"]["name"] if "function" in x else x["name"] for x in b.get("tools", [])}
        try:
            {"chat": validate_chat, "responses": validate_responses, "anthropic": validate_anthropic}[d["shape"]](b, tools)
        except (Invalid, KeyError, TypeError, ValueError) as e:
            raise Invalid("%s turn %d: %s" % (d["name"], n, e))
        need(t["at_seconds"] >= prev_t, "%s: time goes backwards" % d["name"])
        h = history_of(d["shape"], b)
        if prev_h is not None and not stateless:
            # full history resent: the previous request's history is a strict prefix of this one
            need(h[:len(prev_h)] == prev_h and len(h) > len(prev_h), "%s turn %d: not an extension" % (d["name"], n))
        prev_t, prev_h = t["at_seconds"], h
    e = d["expected"]
    if e["outcome"] == "runaway":
        need(1 <= e["loop_begins_turn"] <= e["stop_by_turn"] < len(d["turns"]), "%s: B/D" % d["name"])


def main():
    files = build()
    if "--check" in sys.argv:
        on_disk = {}
        for sub in ("tuning", "heldout"):
            for f in sorted(os.listdir(os.path.join(ROOT, sub))):
                with open(os.path.join(ROOT, sub, f), encoding="utf-8") as fh:
                    on_disk["%s/%s" % (sub, f)] = fh.read()
        bad = sorted(set(files) ^ set(on_disk)) + sorted(k for k in files if k in on_disk and files[k] != on_disk[k])
        for k in bad:
            print("differs: " + k)
        for k, v in on_disk.items():
            if k.endswith(".json"):
                json.loads(v)
        print("%d files, %s" % (len(files), "OK" if not bad else "MISMATCH"))
        return 1 if bad else 0
    for k, v in files.items():
        p = os.path.join(ROOT, k)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as fh:
            fh.write(v)
    print("wrote %d files to %s" % (len(files), os.path.normpath(ROOT)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
