#!/usr/bin/env python3
"""Writer-j's independent agent-session corpus for tollgate's loop detectors (issue 13).

Stdlib only, deterministic (fixed string seeds, no clock, no network). Writes
tests/fixtures/corpus_j/heldout/*.json (the whole set is held out; tuning/ holds only
.gitkeep). `--check` regenerates in memory, validates every request against its API shape
and compares with the files on disk.

Written without reading tollgate's detectors, their tests or the other corpora.
"""
import json
import os
import random
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "corpus_j")
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
MODELS = {"chat": ["gpt-4o", "gpt-4.1-mini", "gpt-4.1"], "responses": ["gpt-4.1", "gpt-4o", "gpt-4.1-mini"],
          "anthropic": ["claude-sonnet-4-20250514", "claude-3-5-haiku-20241022", "claude-opus-4-20250514"]}


def tool(name, desc, **props):
    """A neutral tool declaration: props name -> (json type, description)."""
    return {"name": name, "description": desc,
            "parameters": {"type": "object",
                           "properties": {k: {"type": t, "description": d} for k, (t, d) in props.items()},
                           "required": list(props)}}


class Session:
    """One session in a shape-neutral form: items are ("user", text), ("asst", text, calls),
    ("tool", call_id, name, output, is_error). Each turn is a snapshot of the items sent."""

    def __init__(self, name, style, shape, expected, system, first_user, tools=(), notes="",
                 model_ix=0, max_tokens=1500, user_id=None):
        self.name, self.style, self.shape, self.expected = name, style, shape, expected
        self.system, self.tools, self.notes = system, list(tools), notes
        self.model = MODELS[shape][model_ix % 3]
        self.max_tokens = max_tokens
        self.user_id = user_id or "u-" + style.split("_")[0]
        self.items = [("user", first_user)]
        self.now = 0
        self.turns = [(0, list(self.items))]
        self.ncall = 0
        self.stateless = False

    def _id(self):
        self.ncall += 1
        pre = {"chat": "call_", "responses": "fc_", "anthropic": "toolu_"}[self.shape]
        return "%s%s%03d" % (pre, self.name.replace("_", "")[:10], self.ncall)

    def step(self, dt, text=None, calls=(), results=(), user=None):
        """The assistant answers the last turn (text and/or tool calls); then the results of
        those calls (one per call, str or (str, is_error)) and/or a user message form the
        next turn's new input, sent dt seconds later."""
        ids = [self._id() for _ in calls]
        self.items.append(("asst", text, [(i, n, a) for i, (n, a) in zip(ids, calls)]))
        assert len(results) == len(calls), self.name
        for i, (n, _), r in zip(ids, calls, results):
            out, err = (r if isinstance(r, tuple) else (r, False))
            if not isinstance(out, str):
                out = json.dumps(out)
            self.items.append(("tool", i, n, out, err))
        if user is not None:
            self.items.append(("user", user))
        self.now += dt
        self.turns.append((self.now, list(self.items)))

    def fresh(self, dt, user):
        """A stateless client: the request holds only this one user message."""
        self.stateless = True
        self.now += dt
        self.turns.append((self.now, [("user", user)]))

    # ---- rendering ----------------------------------------------------------------------
    def render_items(self, items):
        if self.shape == "chat":
            msgs = [{"role": "system", "content": self.system}] if self.system else []
            for it in items:
                if it[0] == "user":
                    msgs.append({"role": "user", "content": it[1]})
                elif it[0] == "asst":
                    m = {"role": "assistant", "content": it[1]}
                    if it[2]:
                        m["tool_calls"] = [{"id": i, "type": "function",
                                            "function": {"name": n, "arguments": json.dumps(a)}}
                                           for i, n, a in it[2]]
                    msgs.append(m)
                else:
                    msgs.append({"role": "tool", "tool_call_id": it[1], "content": it[3]})
            req = {"model": self.model, "messages": msgs, "max_tokens": self.max_tokens}
            if self.tools:
                req["tools"] = [{"type": "function", "function": t} for t in self.tools]
            return req
        if self.shape == "responses":
            inp = []
            for it in items:
                if it[0] == "user":
                    inp.append({"role": "user", "content": [{"type": "input_text", "text": it[1]}]})
                elif it[0] == "asst":
                    if it[1]:
                        inp.append({"type": "message", "role": "assistant",
                                    "content": [{"type": "output_text", "text": it[1]}]})
                    for i, n, a in it[2]:
                        inp.append({"type": "function_call", "call_id": i, "name": n,
                                    "arguments": json.dumps(a)})
                else:
                    inp.append({"type": "function_call_output", "call_id": it[1], "output": it[3]})
            req = {"model": self.model, "input": inp, "max_output_tokens": self.max_tokens}
            if self.system:
                req["instructions"] = self.system
            if self.tools:
                req["tools"] = [dict(type="function", **t) for t in self.tools]
            return req
        msgs = []
        for it in items:
            if it[0] == "asst":
                blocks = [{"type": "text", "text": it[1]}] if it[1] else []
                blocks += [{"type": "tool_use", "id": i, "name": n, "input": a} for i, n, a in it[2]]
                msgs.append({"role": "assistant", "content": blocks})
                continue
            if it[0] == "user":
                b = {"type": "text", "text": it[1]}
            else:
                b = {"type": "tool_result", "tool_use_id": it[1], "content": it[3]}
                if it[4]:
                    b["is_error"] = True
            if msgs and msgs[-1]["role"] == "user":
                msgs[-1]["content"].append(b)
            else:
                msgs.append({"role": "user", "content": [b]})
        req = {"model": self.model, "messages": msgs, "max_tokens": self.max_tokens}
        if self.system:
            req["system"] = self.system
        if self.tools:
            req["tools"] = [{"name": t["name"], "description": t["description"],
                             "input_schema": t["parameters"]} for t in self.tools]
        return req

    def to_json(self):
        d = {"name": self.name, "style": self.style, "shape": self.shape, "path": PATHS[self.shape],
             "headers": {"x-session-id": "corpj-" + self.name.replace("_", "-"), "x-user-id": self.user_id},
             "expected": self.expected,
             "turns": [{"at_seconds": t, "request": self.render_items(items)} for t, items in self.turns]}
        if self.notes:
            d["notes"] = self.notes
        return d


def runaway(b, d):
    return {"outcome": "runaway", "loop_begins_turn": b, "stop_by_turn": d}


HEALTHY = {"outcome": "healthy"}


# ======================================================================================
# customs_brokerage
# ======================================================================================
CUSTOMS_TOOLS = [
    tool("hts_search", "Search the Harmonized Tariff Schedule (USITC) for candidate 10-digit codes.",
         query=("string", "plain-language goods description"), country_of_origin=("string", "ISO-2")),
    tool("file_entry", "Transmit a CBP Form 7501 entry summary through ABI and return the CBP response.",
         entry_number=("string", "filer code + 7 digits + check digit"),
         lines=("array", "entry lines with hts, value_usd, qty, uom")),
    tool("get_shipment", "Fetch a shipment from the brokerage TMS by house bill of lading.",
         hbl=("string", "house bill number")),
]
CUSTOMS_SYS = ("You are a licensed-customs-broker assistant at Harbor Point Customs Services (filer code HP4). "
               "Classify goods under the HTSUS, compute duties, and transmit entries through ABI with the tools. "
               "Never transmit an entry with a known data error; escalate to a human broker when CBP rejects for "
               "reasons you cannot fix from the shipment file.")


def abi_reject(entry, txn, minute):
    return ("ABI RESPONSE  TXN %s  2026-03-11T14:%02d:07Z\n"
            "ENTRY %s  TYPE 01  PORT 2704 LOS ANGELES\n"
            "  REJECT  S-E0124  IMPORTER OF RECORD 27-4418832-00 NO ACTIVE CONTINUOUS BOND ON FILE\n"
            "  REJECT  S-E0124  SURETY 457 BOND NBR 0001987733 TERMINATED 2026-02-28\n"
            "  STATUS  ENTRY SUMMARY NOT ACCEPTED - NO DATA STORED\n" % (txn, minute, entry))


def customs_runaway_renamed():
    s = Session("customs_runaway_renamed_entries", "customs_brokerage", "chat", runaway(5, 10), CUSTOMS_SYS,
                "Please file the consumption entry for HBL OOLU-SZX884213 (Shenzhen -> LA, 1,200 units LED "
                "driver power supplies, invoice CI-2026-0311 USD 18,540.00). Importer is Brightline Fixtures LLC.",
                CUSTOMS_TOOLS, notes="Every filing is rejected for a terminated bond; the agent keeps inventing a "
                "new entry number and refiling, so each rejection carries a fresh entry/transaction id.")
    s.step(6, "Pulling the shipment file first.", [("get_shipment", {"hbl": "OOLU-SZX884213"})],
           [{"hbl": "OOLU-SZX884213", "importer": "Brightline Fixtures LLC", "ior": "27-4418832-00",
             "goods": "LED driver, switching power supply 100-277VAC in, 24VDC 96W out, enclosed",
             "qty": 1200, "uom": "NO", "value_usd": 18540.0, "coo": "CN", "arrival": "2026-03-10",
             "bond": {"type": "continuous", "surety": "457", "number": "0001987733"}}])
    s.step(9, None, [("hts_search", {"query": "LED driver switching power supply 96W 24VDC", "country_of_origin": "CN"})],
           [{"candidates": [{"hts": "8504.40.9580", "desc": "Static converters: power supplies, other", "general": "Free",
                             "ch99": "9903.88.03 (+25%)"},
                            {"hts": "8504.40.6018", "desc": "Power supplies for ADP machines", "general": "Free"}]}])
    entries = ["HP4-0311207-4", "HP4-0311208-2", "HP4-0311209-0", "HP4-0311211-6", "HP4-0311212-4",
               "HP4-0311214-0", "HP4-0311215-7", "HP4-0311217-3", "HP4-0311218-1", "HP4-0311220-7", "HP4-0311221-5"]
    notes = ["Classifying as 8504.40.9580 with the 9903.88.03 Section 301 secondary. Transmitting entry %s.",
             "CBP rejected %s for the bond. That is probably a stale entry number on CBP's side; I'll allocate a new one and retransmit as %s.",
             "Still rejected. I'll try again with a fresh entry number %s in case the previous ones were locked.",
             "Rejected again with S-E0124. Retrying under new entry number %s.",
             "Another S-E0124. The number may have been reserved by a previous attempt, allocating %s.",
             "Retransmitting with a new entry %s; the earlier ones should not interfere.",
             "Rejected. Allocating entry %s and refiling.",
             "Same bond reject. New entry number %s.",
             "Trying %s.",
             "Refiling as %s.",
             "Refiling as %s."]
    lines = [{"line": 1, "hts": "8504.40.9580", "ch99": "9903.88.03", "value_usd": 18540, "qty": 1200, "uom": "NO"}]
    for k, e in enumerate(entries):
        txt = notes[k] % ((e,) if k in (0, 2, 3, 4, 5, 6, 7, 8, 9, 10) else (entries[k - 1], e))
        s.step(40 + 7 * k, txt, [("file_entry", {"entry_number": e, "lines": lines})],
               [(abi_reject(e, "A%07d" % (5531207 + 977 * k), 12 + 2 * k), True)])
    return s


def customs_runaway_alternating():
    s = Session("customs_runaway_alternating_hts", "customs_brokerage", "anthropic", runaway(5, 11), CUSTOMS_SYS,
                "Entry HP4-0402118-3 for HBL MAEU-HCM55102 (Vietnam, 640 Wi-Fi mesh routers) was rejected "
                "yesterday. Fix the classification and retransmit.", CUSTOMS_TOOLS, model_ix=0,
                notes="Edit A / file fails / edit B / file fails: the agent flips between two HTS codes and "
                "every transmission fails with the same missing-secondary-classification reject.")
    rej = ("ABI RESPONSE  TXN B%07d  2026-04-03T09:%02d:41Z\nENTRY HP4-0402118-3  LINE 001\n"
           "  REJECT  S-V85  HTS %s REQUIRES CHAPTER 99 SECONDARY CLASSIFICATION (COO VN, TRANSSHIPMENT REVIEW)\n"
           "  REJECT  S-V85  SEE CSMS #58113012\n  STATUS  NOT ACCEPTED\n")
    s.step(8, "Let me look at the candidates for mesh routers.",
           [("hts_search", {"query": "wireless mesh router wifi 6 802.11ax", "country_of_origin": "VN"})],
           [{"candidates": [{"hts": "8517.62.0090", "desc": "Machines for reception/transmission of data, other"},
                            {"hts": "8517.69.0000", "desc": "Other apparatus for transmission or reception"}]}])
    codes = ["8517.62.0090", "8517.69.0000"]
    says = ["8517.62.0090 is the natural heading for routers. Retransmitting line 1 with it.",
            "CBP wants a chapter 99 secondary for 8517.62.0090. Maybe 8517.69.0000 avoids that; switching the line to 8517.69.0000.",
            "8517.69.0000 gets the same S-V85. Going back to 8517.62.0090, which is the more precise code for routers.",
            "Rejected with S-V85 again. I'll try 8517.69.0000 once more since the router also has a DECT base function.",
            "Same reject. Reverting to 8517.62.0090.",
            "Trying 8517.69.0000 again.",
            "Switching back to 8517.62.0090 and retransmitting.",
            "Retransmitting with 8517.69.0000.",
            "Retransmitting with 8517.62.0090.",
            "CBP still says S-V85. Switching to 8517.69.0000.",
            "Back to 8517.62.0090.",
            "One more attempt with 8517.69.0000."]
    # turn 2 -> file with A (t3 fail), B (t4 fail? no: each attempt is one filing)
    for k, say in enumerate(says):
        code = codes[k % 2]
        s.step(35 + 11 * k, say, [("file_entry", {"entry_number": "HP4-0402118-3",
                                                   "lines": [{"line": 1, "hts": code, "value_usd": 41280, "qty": 640, "uom": "NO"}]})],
               [(rej % (7210044 + 311 * k, 5 + 3 * k, code), True)])
    s.step(60, "CBP rejects both codes with S-V85; the missing piece is the 9903 secondary number.",
           [("file_entry", {"entry_number": "HP4-0402118-3",
                            "lines": [{"line": 1, "hts": codes[1], "value_usd": 41280, "qty": 640, "uom": "NO"}]})],
           [(rej % (7299001, 44, codes[1]), True)])
    return s


CUSTOMS_GUIDE = """CLASSIFICATION WORKSHEET — Harbor Point Customs Services, SOP CL-7 (rev. 2026-01)
Apply the General Rules of Interpretation (GRI) in order. GRI 1: classification is determined by the terms of
the headings and any relative Section or Chapter Notes. Only if GRI 1 does not settle it, go to GRI 2 (incomplete
or unassembled articles; mixtures), then GRI 3 (a: most specific description; b: essential character; c: last in
numerical order), GRI 4 (most akin), GRI 5 (cases and packing), GRI 6 (subheadings compared at the same level).
For every item return exactly:
  HTS: <10 digits>   GRI: <rule used>   General duty: <rate>   Ch.99: <secondary or none>
  Reasoning: <two sentences max, cite the note or heading text>
  PGA flags: <FDA / FCC / EPA / CPSC / none>
Rules of the house: do not guess a statistical suffix — search it. Check Section XVI Note 3 for composite machines
and Note 4 for functional units. Textiles: fibre content by weight decides (Section XI Note 2). Sets put up for
retail sale follow GRI 3(b). Parts follow Section XVI Note 2 ordering: (a) parts included in a specific heading,
(b) parts suitable solely or principally with one machine, (c) otherwise 8487 / 8548. Flag any CN origin line for
Section 301 review and any item of steel/aluminium for Section 232. Record the CROSS ruling you relied on if any.
Output must be machine-readable; the entry writer parses the lines above verbatim.
"""
CUSTOMS_ITEMS = [
    ("SKU BF-2231", "Stainless steel insulated tumbler 20 oz with silicone lid, vacuum double wall", "CN",
     "9617.00.1000", "Vacuum flasks and other vacuum vessels, complete", "7.2%", "9903.88.15", "CPSC"),
    ("SKU BF-4410", "Men's cotton denim jeans, 98% cotton 2% elastane, woven", "BD",
     "6203.42.4011", "Men's trousers of cotton, blue denim", "16.6%", "none", "none"),
    ("SKU BF-0872", "Bluetooth kitchen scale with app, 5 kg capacity, lithium coin cell", "CN",
     "8423.10.0000", "Personal and household weighing machines", "Free", "9903.88.03", "FCC"),
    ("SKU BF-6120", "Bamboo cutting board set of 3 in printed retail box", "VN",
     "4419.11.0000", "Bread boards, chopping boards, of bamboo", "3.2%", "none", "none"),
    ("SKU BF-3305", "Replacement carbon brush assembly for model AG-9 angle grinder", "TW",
     "8467.99.0190", "Parts of handheld power tools, other", "Free", "none", "none"),
    ("SKU BF-7781", "Dog chew toy, natural rubber, bone shaped, 15 cm", "TH",
     "4016.99.6050", "Other articles of vulcanized rubber", "2.5%", "none", "CPSC"),
    ("SKU BF-9014", "Aluminium camping cookware set: 2 pots, 1 pan, folding handles, mesh bag", "CN",
     "7615.10.7125", "Cooking ware of aluminium, cast/other", "3.1%", "9903.85.08", "FDA"),
]


def customs_healthy_batch():
    first = CUSTOMS_GUIDE + "\nItem: %s — %s (origin %s)" % CUSTOMS_ITEMS[0][:3]
    s = Session("customs_healthy_batch_worksheet", "customs_brokerage", "responses", HEALTHY, CUSTOMS_SYS, first,
                CUSTOMS_TOOLS[:1], model_ix=1, max_tokens=700,
                notes="A batch script sends the same long SOP worksheet with a different short SKU each time; the "
                "agent searches and answers in the same template with different content.")
    for k, (sku, desc, coo, hts, hd, rate, ch99, pga) in enumerate(CUSTOMS_ITEMS):
        s.step(5 + k % 3, None, [("hts_search", {"query": desc[:60], "country_of_origin": coo})],
               [{"candidates": [{"hts": hts, "desc": hd, "general": rate}], "cross_rulings": ["N3%05d" % (10231 + 7 * k)]}])
        ans = ("HTS: %s   GRI: 1   General duty: %s   Ch.99: %s\nReasoning: %s falls under the heading text "
               "\"%s\"; CROSS N3%05d covers an equivalent article.\nPGA flags: %s"
               % (hts, rate, ch99, desc.split(",")[0], hd, 10231 + 7 * k, pga))
        if k + 1 < len(CUSTOMS_ITEMS):
            s.step(14 + 3 * k, ans, user=CUSTOMS_GUIDE + "\nItem: %s — %s (origin %s)" % CUSTOMS_ITEMS[k + 1][:3])
    return s


def customs_healthy_backoff():
    s = Session("customs_healthy_backoff_ace", "customs_brokerage", "chat", HEALTHY, CUSTOMS_SYS,
                "ACE was flaky this morning. Transmit the three entries queued for Pacific Rim Toys: HP4-0517001-2, "
                "HP4-0517002-0, HP4-0517003-8. Lines are already classified in the TMS.", CUSTOMS_TOOLS, model_ix=2,
                notes="ABI answers 503 and 429 with Retry-After; the agent backs off and every entry is accepted.")
    lines = {"HP4-0517001-2": [{"line": 1, "hts": "9503.00.0073", "value_usd": 22100, "qty": 4800, "uom": "NO"}],
             "HP4-0517002-0": [{"line": 1, "hts": "9503.00.0090", "value_usd": 9870, "qty": 2100, "uom": "NO"},
                               {"line": 2, "hts": "9504.90.6000", "value_usd": 3310, "qty": 600, "uom": "NO"}],
             "HP4-0517003-8": [{"line": 1, "hts": "9505.90.6000", "value_usd": 15220, "qty": 3900, "uom": "NO"}]}
    e503 = ("HTTP 503 Service Unavailable\nRetry-After: %d\nX-ACE-Trace: %s\n"
            "ACE ABI gateway temporarily unavailable (scheduled maintenance window 06:00-06:30 ET)")
    ok = ("ABI RESPONSE  TXN C%07d\nENTRY %s  TYPE 01  PORT 2704\n  ACCEPTED  ENTRY SUMMARY ON FILE\n"
          "  DUTY  $%s  MPF $%s  HMF $%s\n  STATUS  ACCEPTED - QUEUED FOR CARGO RELEASE")
    plan = [("HP4-0517001-2", (e503 % (30, "7f1a-92c0"), True), 0, "ACE is returning 503 with Retry-After 30. Waiting 30 s and retrying."),
            ("HP4-0517001-2", (e503 % (60, "7f1a-a4d2"), True), 31, "Still in the maintenance window; Retry-After is now 60. Backing off."),
            ("HP4-0517001-2", ok % (8810231, "HP4-0517001-2", "0.00", "76.58", "27.63"), 62, "Accepted. Moving to the second entry."),
            ("HP4-0517002-0", ("HTTP 429 Too Many Requests\nRetry-After: 20\nfiler HP4 exceeded 30 transmissions/min", True), 9, "Rate limited (429). Waiting the requested 20 s."),
            ("HP4-0517002-0", ok % (8810377, "HP4-0517002-0", "0.00", "45.74", "16.52"), 21, "Second entry accepted. Transmitting the third."),
            ("HP4-0517003-8", ok % (8810402, "HP4-0517003-8", "0.00", "52.74", "19.05"), 8, None)]
    s.step(4, "Transmitting HP4-0517001-2 first.", [("file_entry", {"entry_number": plan[0][0], "lines": lines[plan[0][0]]})], [plan[0][1]])
    for k in range(1, len(plan)):
        e, res, dt, _ = plan[k]
        s.step(plan[k - 1][2] or 5, plan[k - 1][3], [("file_entry", {"entry_number": e, "lines": lines[e]})], [res])
    s.step(7, "All three entries are accepted: HP4-0517001-2 (TXN C8810231), HP4-0517002-0 (C8810377) and "
           "HP4-0517003-8 (C8810402). Duty is free under chapter 95; MPF and HMF total $238.26. Two 503s during the "
           "ACE maintenance window and one 429 were retried after the server's Retry-After.",
           user="Great. Can you also check whether 9503.00.0073 needs CPSC eFiling for the first one?")
    s.step(95, "Yes — 9503.00.0073 covers toys for children under 3, which are children's products; CPSC's eFiling "
           "requirement (Certificate of Compliance, 16 CFR 1110) applies, so the importer must provide the CPC data "
           "elements (product ID, citations to 16 CFR 1501 and ASTM F963, test lab, date and place of test).",
           user="Thanks, that's all.")
    return s


# ======================================================================================
# clinical_trial_matching
# ======================================================================================
TRIAL_TOOLS = [
    tool("registry_search", "Search the trial registry (recruiting studies) by condition, phase and location.",
         query=("string", "condition / intervention keywords"), cursor=("string", "page cursor or empty")),
    tool("get_trial", "Fetch one study record with its full eligibility criteria.", nct_id=("string", "NCT number")),
    tool("get_patient", "Read a de-identified patient summary from the site EHR extract.", patient_id=("string", "site id")),
    tool("check_criterion", "Evaluate one eligibility criterion against the patient record.",
         patient_id=("string", "site id"), nct_id=("string", "NCT number"), criterion=("string", "criterion text")),
]
TRIAL_SYS = ("You are a clinical research coordinator's screening assistant at Lakeview Cancer Institute. "
             "Pre-screen de-identified patients against recruiting trials. You never contact patients and never "
             "give medical advice; you output ELIGIBLE / NOT ELIGIBLE / NEEDS REVIEW with the criterion that decides.")

NCT_CRITERIA = """NCT06021874 — A Phase 2 Study of Zanidatamab Plus Chemotherapy in HER2-Positive Metastatic Biliary Tract Cancer
Sponsor: Jazz Pharmaceuticals   Status: Recruiting   Sites: 41 (US, CA, KR, ES)
INCLUSION
 1. Age >= 18 years at the time of signing informed consent.
 2. Histologically or cytologically confirmed adenocarcinoma of the biliary tract (intrahepatic or extrahepatic
    cholangiocarcinoma, or gallbladder cancer), unresectable or metastatic.
 3. HER2-positive (IHC 3+, or IHC 2+ with ISH amplification) by central laboratory on archival or fresh tissue.
 4. At least one measurable lesion per RECIST 1.1.
 5. ECOG performance status 0 or 1.
 6. Adequate organ function within 14 days before randomization: ANC >= 1.5 x 10^9/L; platelets >= 100 x 10^9/L;
    hemoglobin >= 9 g/dL; total bilirubin <= 1.5 x ULN (<= 3 x ULN with biliary stent); AST/ALT <= 3 x ULN
    (<= 5 x ULN with liver metastases); eGFR >= 50 mL/min/1.73m2 (CKD-EPI).
 7. LVEF >= 50% by echocardiogram or MUGA.
EXCLUSION
 1. Prior treatment with a HER2-targeted agent.
 2. More than one prior line of systemic therapy for advanced disease.
 3. Untreated or symptomatic CNS metastases.
 4. QTcF > 470 ms; history of congestive heart failure NYHA class II-IV.
 5. Active hepatitis B (HBsAg+ with HBV DNA > 500 IU/mL) or hepatitis C (HCV RNA detectable).
 6. Pregnant or breastfeeding.
 7. Grade >= 2 peripheral neuropathy.
"""


def trial_runaway_cycle():
    s = Session("trial_runaway_cycle_egfr", "clinical_trial_matching", "responses", runaway(5, 11), TRIAL_SYS,
                "Screen patient LCI-30418 for any recruiting HER2+ biliary tract trial. Oncology clinic is Thursday.",
                TRIAL_TOOLS, model_ix=0,
                notes="A period-3 cycle (search, fetch trial, check eGFR) where eGFR is simply missing from the "
                "record; only the retrieval timestamps differ from round to round.")
    search = lambda ts: {"retrieved_at": ts, "total": 2, "next_cursor": None, "studies": [
        {"nct_id": "NCT06021874", "title": "Zanidatamab + chemo in HER2+ metastatic BTC", "phase": "2", "status": "RECRUITING"},
        {"nct_id": "NCT05615818", "title": "T-DXd in HER2-expressing solid tumours (basket)", "phase": "2", "status": "RECRUITING"}]}
    check = lambda ts: {"evaluated_at": ts, "criterion": "eGFR >= 50 mL/min/1.73m2 (CKD-EPI)", "result": "UNKNOWN",
                        "detail": "No creatinine or eGFR value within the last 14 days. Most recent creatinine: 2025-12-02 "
                                  "(97 days old). Record LCI-30418 has no pending lab orders."}
    says = [("I'll search the registry for HER2-positive biliary tract trials.", None),
            ("NCT06021874 fits the tumour type and HER2 status. Fetching its criteria.", None),
            ("Checking renal function, the criterion that is hardest to confirm from the summary.", None)]
    t = 0
    for r in range(5):
        for k in range(3):
            ts = "2026-03-%02dT%02d:%02d:%02dZ" % (9, 15, 2 + 2 * r + (k > 0), 10 + 17 * k + r)
            if k == 0:
                txt = says[0][0] if r == 0 else ["eGFR is unknown. Let me search again in case another trial has a looser renal criterion.",
                                                 "The renal value is still missing. Re-running the registry search for alternatives.",
                                                 "Searching the registry again for HER2+ biliary trials.",
                                                 "Let me search once more.", "Searching again."][r]
                s.step(7, txt, [("registry_search", {"query": "HER2 positive biliary tract cancer cholangiocarcinoma", "cursor": ""})], [search(ts)])
            elif k == 1:
                s.step(6, says[1][0] if r == 0 else "NCT06021874 remains the best match; fetching the criteria again.",
                       [("get_trial", {"nct_id": "NCT06021874"})], [NCT_CRITERIA + "\nLast updated: 2026-03-02  Retrieved: " + ts])
            else:
                s.step(6, says[2][0] if r == 0 else "Re-checking the eGFR criterion.",
                       [("check_criterion", {"patient_id": "LCI-30418", "nct_id": "NCT06021874",
                                             "criterion": "eGFR >= 50 mL/min/1.73m2 (CKD-EPI)"})], [check(ts)])
            t += 1
            if t >= 16:
                return s
    return s


def trial_runaway_notfound():
    s = Session("trial_runaway_nct_not_found", "clinical_trial_matching", "anthropic", runaway(3, 7), TRIAL_SYS,
                "Dr. Okafor wants patient LCI-22950 checked against NCT05891234 (the KRAS G12C colorectal study she "
                "heard about at ASCO GI). Please screen.", TRIAL_TOOLS, model_ix=1,
                notes="The NCT number is mistyped; the registry answers 404 every time and the agent keeps retrying "
                "the same id, with growing waits, instead of asking.")
    err = ('HTTP 404 Not Found\n{"error": {"code": "STUDY_NOT_FOUND", "message": "No study found with NCT number '
           'NCT05891234", "request_id": "%s"}}')
    texts = ["Fetching the study record.",
             "The registry returned 404 for NCT05891234. It may be a transient registry issue; retrying.",
             "Still 404. Registry replicas sometimes lag for new studies; waiting a bit and retrying.",
             "The record is still not found. Retrying NCT05891234.",
             "Retrying the fetch of NCT05891234 after a longer wait.",
             "Registry still says STUDY_NOT_FOUND. Trying again.",
             "Retrying NCT05891234.", "Retrying NCT05891234.", "Retrying NCT05891234 once more.",
             "Retrying NCT05891234.", "Retrying NCT05891234."]
    waits = [5, 20, 40, 60, 90, 120, 120, 180, 180, 240, 240]
    for k, (txt, w) in enumerate(zip(texts, waits)):
        s.step(w, txt, [("get_trial", {"nct_id": "NCT05891234"})], [(err % ("rq-%08x" % (0x3f2a11 * (k + 3))), True)])
    return s


def trial_healthy_pagination():
    s = Session("trial_healthy_registry_pages", "clinical_trial_matching", "chat", HEALTHY, TRIAL_SYS,
                "Patient LCI-41177: 58F, ER+/PR+/HER2-low (IHC 1+) metastatic breast cancer, progressed on "
                "letrozole + palbociclib, ECOG 1, no CNS disease, ESR1 Y537S detected on ctDNA. List every recruiting "
                "trial she could plausibly fit — go through all registry pages.", TRIAL_TOOLS, model_ix=1,
                notes="Pagination: the same search tool with the next cursor; each page brings different studies; the "
                "agent then writes a shortlist.")
    pages = [
        [("NCT05696626", "Camizestrant vs fulvestrant, ESR1m, 2L HR+ MBC", "3"),
         ("NCT05307705", "Elacestrant + abemaciclib, ER+/HER2- MBC (ELECTRA)", "1b/2"),
         ("NCT04975308", "Imlunestrant +/- abemaciclib (EMBER-3)", "3")],
        [("NCT05774951", "Giredestrant + everolimus, post-CDK4/6 (evERA)", "3"),
         ("NCT04711252", "Vepdegestrant (ARV-471) vs fulvestrant (VERITAC-2)", "3"),
         ("NCT05514054", "T-DXd in HER2-ultralow (DESTINY-Breast15)", "3b")],
        [("NCT05840211", "Palazestrant (OP-1250) + ribociclib", "1b"),
         ("NCT06125522", "Datopotamab deruxtecan vs chemo, HR+/HER2-low (TROPION-Breast05)", "3"),
         ("NCT05952557", "Gedatolisib + palbociclib + fulvestrant, PIK3CA-WT (VIKTORIA-1)", "3")],
        [("NCT06065748", "Inavolisib + fulvestrant, PIK3CA-mutated (INAVO121)", "3"),
         ("NCT05501886", "Lasofoxifene + abemaciclib, ESR1m (ELAINE-3)", "3")],
    ]
    cursors = ["", "eyJvIjoyNX0", "eyJvIjo1MH0", "eyJvIjo3NX0"]
    txt = ["Searching the registry.", "Page 1 has three candidates, two ESR1-directed. Fetching page 2.",
           "Page 2 adds post-CDK4/6 options. Next page.", "Page 3 includes two ADC studies. Last page."]
    for k, (cur, pg) in enumerate(zip(cursors, pages)):
        nxt = cursors[k + 1] if k + 1 < len(cursors) else None
        s.step(4 + k, txt[k], [("registry_search", {"query": "ER+ HER2- metastatic breast ESR1 post CDK4/6", "cursor": cur})],
               [{"page": k + 1, "next_cursor": nxt, "studies": [{"nct_id": n, "title": t, "phase": p} for n, t, p in pg]}])
    for k, nct in enumerate(["NCT05696626", "NCT05501886", "NCT05514054"]):
        s.step(5, ["Fetching criteria for the most specific ESR1 match.", "Now ELAINE-3, which also needs ESR1m.",
                   "Checking the HER2-low ADC study for prior-chemo rules."][k], [("get_trial", {"nct_id": nct})],
               ["%s eligibility (excerpt): %s" % (nct, c) for c in [[
                   "ESR1 mutation in ctDNA (central); 1 prior endocrine line with CDK4/6i for advanced disease; no prior chemo for MBC; ECOG 0-1.",
                   "ESR1m by ctDNA; progression on AI + CDK4/6i; <= 1 prior chemo; no prior lasofoxifene; ECOG 0-1.",
                   "HER2-ultralow or HER2-null (IHC 0); HER2-low (1+) EXCLUDED in this cohort; 1-2 prior lines."][k]]])
    s.step(10, "Shortlist for LCI-41177 (11 studies reviewed on 4 pages):\n1. NCT05696626 camizestrant (SERENA-6-like 2L, ESR1m) — LIKELY ELIGIBLE\n"
           "2. NCT05501886 ELAINE-3 — LIKELY ELIGIBLE\n3. NCT04711252 VERITAC-2 — LIKELY ELIGIBLE (ESR1m enriched)\n"
           "4. NCT06125522 TROPION-Breast05 — NEEDS REVIEW (requires chemo-naive? confirm)\n"
           "Not eligible: NCT05514054 (HER2-low excluded in ultralow cohort), NCT06065748 (PIK3CA-mutated required; not tested).",
           user="Good. Is PIK3CA testing on her ctDNA report?")
    s.step(1500, "The ctDNA report (Guardant360, 2026-02-11) lists ESR1 Y537S (VAF 3.1%) and TP53 R273H; PIK3CA is listed "
           "as 'not detected'. So INAVO121 is out, but VIKTORIA-1's PIK3CA-wild-type cohort (NCT05952557) becomes "
           "relevant — NEEDS REVIEW for prior fulvestrant.", user="Add it and send me the list.")
    return s


def trial_healthy_revisit():
    s = Session("trial_healthy_same_trial_four_patients", "clinical_trial_matching", "anthropic", HEALTHY, TRIAL_SYS,
                "Tumour board list for Thursday: screen LCI-30418, LCI-30522, LCI-30877 and LCI-31004 against "
                "NCT06021874. Re-read the criteria for each patient (protocol amendment 4 lands today).",
                TRIAL_TOOLS, model_ix=0,
                notes="The same long trial record is fetched again for each patient (identical tool output) and the "
                "same screens revisited, but every patient is a different case with a different verdict.")
    pts = {"LCI-30418": ("71M, intrahepatic CCA, HER2 IHC 3+, 1 prior line (gem/cis/durvalumab), ECOG 1, bilirubin 1.1 mg/dL, "
                         "creatinine 1.02 (2026-03-09, eGFR 74), LVEF 58%", "ELIGIBLE — all criteria met; eGFR 74 on 2026-03-09."),
           "LCI-30522": ("64F, gallbladder adenocarcinoma, HER2 IHC 2+ ISH amplified (ratio 3.4), prior trastuzumab (2024, "
                         "off-label), ECOG 1", "NOT ELIGIBLE — exclusion 1: prior HER2-targeted agent (trastuzumab 2024)."),
           "LCI-30877": ("55M, extrahepatic CCA, HER2 IHC 3+, treatment-naive for metastatic disease, ECOG 2, biliary stent, "
                         "bilirubin 2.9 mg/dL", "NOT ELIGIBLE — inclusion 5: ECOG 2."),
           "LCI-31004": ("68F, intrahepatic CCA, HER2 IHC 3+, 1 prior line, ECOG 0, brain MRI 2026-02-20: one 6 mm "
                         "untreated lesion, asymptomatic", "NEEDS REVIEW — exclusion 3 (untreated CNS metastasis); ask PI about SRS first.")}
    first = True
    for pid, (summary, verdict) in pts.items():
        s.step(6 if first else 9, None if first else "Next patient.", [("get_trial", {"nct_id": "NCT06021874"})],
               [NCT_CRITERIA + "\nProtocol amendment 4 (2026-03-09): no change to eligibility."])
        s.step(5, None, [("get_patient", {"patient_id": pid})], [summary])
        first = False
        s.step(12, "%s: %s" % (pid, verdict), [("check_criterion", {"patient_id": pid, "nct_id": "NCT06021874",
                                                                   "criterion": verdict.split("— ")[1].split(":")[0]})],
               [{"patient_id": pid, "result": verdict.split(" —")[0], "evaluated_at": "2026-03-09T16:%02d:00Z" % (10 + len(pid) % 7)}])
    s.step(40, "Summary for tumour board: 1 eligible (LCI-30418), 2 not eligible (LCI-30522 prior trastuzumab; "
           "LCI-30877 ECOG 2), 1 needs PI review (LCI-31004 untreated 6 mm brain lesion).",
           user="Thanks. Put LCI-31004 on the PI agenda.")
    return s


# ======================================================================================
# video_subtitle_sync
# ======================================================================================
SUB_TOOLS = [
    tool("media_probe", "Run ffprobe on a media file; returns stream info or frame/packet logs.",
         path=("string", "media path"), args=("string", "extra ffprobe arguments")),
    tool("read_cues", "Read SRT cues from a subtitle file by index range.", path=("string", "srt path"),
         range=("string", "e.g. 1-40")),
    tool("edit_cues", "Apply an operation to subtitle cues (shift, scale, retime, split, merge, set_text).",
         path=("string", "srt path"), op=("string", "operation as JSON")),
    tool("sync_check", "Align subtitle cues against speech detected in the audio and report drift/lint.",
         path=("string", "srt path"), media=("string", "media path")),
    tool("job_status", "Status of an asynchronous alignment or transcode job.", job_id=("string", "job id")),
]
SUB_SYS = ("You are a subtitle QC engineer for Northlight Media's localisation pipeline. Subtitles must stay within "
           "±120 ms of speech onset, max 42 characters per line, 2 lines, 17 characters/second, no overlaps.")


def _align_log(run, window, seed):
    r = random.Random("alignlog-%s-%d" % (seed, run))
    out = ["autosub-align 3.4.1  run %d  window=%dms  hop=10ms  model=vad-silero-v5" % (run, window),
           "input: /mnt/ingest/NLM-2291/ep04_final_v3.mov  subs: ep04_es-ES.srt (1,184 cues)",
           "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d0c1a3e2c0] Stream #0:0 Video: prores (HQ) 1920x1080 23.976 fps",
           "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d0c1a3e2c0] Stream #0:1(eng) Audio: pcm_s24le 48000 Hz 5.1",
           "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d0c1a3e2c0] Stream #0:2(eng) Audio: pcm_s24le 48000 Hz stereo (M&E)"]
    t = 0.0
    for i in range(1, 150):
        t += r.uniform(1.2, 4.8)
        off = r.randint(-90, 90) + (window - 400) // 20
        out.append("cue %4d  speech_on=%9.3fs  cue_in=%9.3fs  off=%+5dms  conf=%.2f" % (i * 8, t, t + off / 1000, off, r.uniform(0.71, 0.99)))
        if i == 97:
            out.append("WARN  audio stream #0:1 edit list: media_time=96096 (2.002 s) ignored by decoder; "
                       "speech timeline starts 2.002 s late relative to container PTS")
            out.append("ERROR anchor solve failed: residual 2002 ms exceeds tolerance 120 ms for 612/1184 cues "
                       "(all after the reel-2 splice at 00:21:44.303) — cannot converge")
    out.append("summary: aligned=%d  unresolved=612  mean_abs_off=%dms  status=FAILED(exit 3)" % (572, 40 + run))
    return "\n".join(out)


def sub_runaway_buried_error():
    s = Session("subsync_runaway_buried_error", "video_subtitle_sync", "chat", runaway(4, 9), SUB_SYS,
                "The Spanish subs for NLM-2291 episode 4 drift badly in the second half. Fix the sync and "
                "confirm with sync_check before handing back.", SUB_TOOLS, model_ix=0, max_tokens=2000,
                notes="Every alignment run prints a long, different per-cue log, but the same edit-list error "
                "sits in the middle of each; the agent only changes the window size.")
    s.step(8, "Checking the first cues before running alignment.",
           [("read_cues", {"path": "ep04_es-ES.srt", "range": "1-4"})],
           ["1\n00:00:03,120 --> 00:00:05,010\n¿Dónde estabas anoche?\n\n2\n00:00:05,300 --> 00:00:07,480\nEn el puerto, "
            "esperando el barco.\n\n3\n00:00:08,020 --> 00:00:10,900\nNo llegó. Nunca llega\ncuando lo necesitas.\n\n"
            "4\n00:00:11,240 --> 00:00:12,600\nVámonos."])
    windows = [400, 600, 300, 800, 500, 250, 700, 350, 900, 450, 650]
    says = ["Running alignment with the default 400 ms window.",
            "The run failed to converge. A wider window might absorb the second-half drift; retrying with 600 ms.",
            "Still failing. Trying a tighter 300 ms window for more precise anchors.",
            "Let me try 800 ms so the solver can search further.",
            "Trying 500 ms.", "Trying 250 ms.", "Trying 700 ms.", "Trying 350 ms.", "Trying 900 ms.",
            "Trying 450 ms.", "Trying 650 ms."]
    for k, (w, say) in enumerate(zip(windows, says)):
        s.step(95 + 3 * k, say, [("edit_cues", {"path": "ep04_es-ES.srt", "op": json.dumps({"op": "auto_align", "window_ms": w})})],
               [(_align_log(k + 1, w, "nlm2291"), True)])
    return s


def sub_runaway_alternating_shift():
    s = Session("subsync_runaway_shift_flipflop", "video_subtitle_sync", "responses", runaway(6, 12), SUB_SYS,
                "French subs for the documentary 'Salt Roads' (NLM-1875) are out of sync. Please fix.",
                SUB_TOOLS, model_ix=2,
                notes="The drift is a frame-rate mismatch (linear), but the agent alternates constant shifts of "
                "+400 ms and -400 ms and every check fails the same way.")
    s.step(6, None, [("media_probe", {"path": "salt_roads_master.mxf", "args": "-show_streams -select_streams v"})],
           ["codec_name=dnxhd\nwidth=1920\nheight=1080\nr_frame_rate=25/1\navg_frame_rate=25/1\nduration=3127.400000\n"
            "tags: reel_name=SR_MASTER_V2  timecode=10:00:00:00"])
    fail = ("sync_check ep_fr-FR.srt vs salt_roads_master.mxf\n cues: 812  checked: 812\n"
            " cue    1  off %+5d ms  ok\n cue  200  off %+5d ms  FAIL\n cue  400  off %+5d ms  FAIL\n cue  600  off %+5d ms  FAIL\n"
            " cue  812  off %+5d ms  FAIL\n drift model: linear, slope +0.0427 s/min (r^2 0.998)\n RESULT: FAIL (640/812 cues outside ±120 ms)")
    says_edit = ["The first cues look early. Shifting all cues by +400 ms.",
                 "That made the later cues worse. Shifting back by -400 ms and then another -400 ms.",
                 "Still failing. Applying +400 ms again; the early cues matter most for viewers.",
                 "Shifting -400 ms to favour the later part of the film.",
                 "Back to +400 ms.", "Trying -400 ms.", "+400 ms again.", "-400 ms again."]
    base = 0
    for k, say in enumerate(says_edit):
        d = 400 if k % 2 == 0 else -400
        base = 400 if k % 2 == 0 else -400
        s.step(9, say, [("edit_cues", {"path": "ep_fr-FR.srt", "op": json.dumps({"op": "shift", "ms": d if k == 0 else 2 * d})})],
               ["ok: shifted 812 cues by %+d ms" % (d if k == 0 else 2 * d)])
        s.step(14, "Checking sync.", [("sync_check", {"path": "ep_fr-FR.srt", "media": "salt_roads_master.mxf"})],
               [(fail % (base, base - 8540, base - 17080, base - 25620, base - 34680), True)])
    return s


def sub_healthy_poll():
    s = Session("subsync_healthy_poll_progress", "video_subtitle_sync", "anthropic", HEALTHY, SUB_SYS,
                "Kick off forced alignment for all 24 language tracks of NLM-2310 and tell me when it's done.",
                SUB_TOOLS, model_ix=0,
                notes="A poller whose numbers move (percent, tracks done, ETA) and which finishes; the status "
                "payload is otherwise the same boilerplate each time.")
    s.step(5, "Starting the batch alignment.", [("edit_cues", {"path": "NLM-2310/*.srt", "op": json.dumps({"op": "auto_align_batch", "tracks": 24})})],
           [{"job_id": "aln-7f3c21", "state": "QUEUED", "tracks": 24}])
    prog = [(0, 0, "RUNNING", "00:19:40"), (9, 2, "RUNNING", "00:17:55"), (21, 5, "RUNNING", "00:14:10"), (38, 9, "RUNNING", "00:11:30"),
            (52, 12, "RUNNING", "00:08:05"), (66, 16, "RUNNING", "00:05:50"), (79, 19, "RUNNING", "00:03:40"),
            (91, 22, "RUNNING", "00:01:15"), (100, 24, "SUCCEEDED", "00:00:00")]
    for k, (pct, done, st, eta) in enumerate(prog):
        say = "Job queued; polling." if k == 0 else "%d%% (%d/24 tracks), ETA %s. Checking again shortly." % (prog[k - 1][0], prog[k - 1][1], prog[k - 1][3])
        res = {"job_id": "aln-7f3c21", "state": st, "progress_pct": pct, "tracks_done": done, "tracks_total": 24,
               "eta": eta, "worker": "align-gpu-03", "queue": "loc-priority", "submitted_by": "qc-agent",
               "log_tail": ["[align] track %s done, mean |off| %d ms" % (["ar", "cs", "da", "de", "el", "es", "fi", "fr", "he", "hu", "id", "it",
                                                                      "ja", "ko", "nl", "no", "pl", "pt", "ro", "ru", "sv", "th", "tr", "zh"][max(done - 1, 0)], 30 + done)]}
        s.step(30 if k == 0 else 75 + 5 * k, say, [("job_status", {"job_id": "aln-7f3c21"})], [res])
    s.step(20, "Alignment finished: 24/24 tracks aligned. Worst mean offset was the zh track (54 ms); all within ±120 ms.",
           user="Perfect, thanks. Run sync_check on ja only, the client complained about it before.")
    s.step(8, None, [("sync_check", {"path": "NLM-2310/ja-JP.srt", "media": "NLM-2310/master.mov"})],
           ["sync_check ja-JP.srt: cues 1,402 checked, 0 outside ±120 ms, CPS max 16.4, overlaps 0. RESULT: PASS"])
    return s


def sub_healthy_lint_changes():
    s = Session("subsync_healthy_lint_then_pass", "video_subtitle_sync", "responses", HEALTHY, SUB_SYS,
                "German subs for NLM-2214 ep 2 fail QC. Fix whatever sync_check complains about.", SUB_TOOLS, model_ix=0,
                notes="sync_check fails every run, but each time on a different cue and rule; the agent fixes each "
                "and the last run passes.")
    runs = [("cue 88  OVERLAP: ends 00:04:12,640 after cue 89 starts 00:04:12,480", "set_text", {"op": "retime", "cue": 88, "out": "00:04:12,440"}),
            ("cue 140 CPS 23.8 > 17: 'Das ist nicht das, was wir vereinbart haben, und das weißt du genau.'", "set_text",
             {"op": "set_text", "cue": 140, "text": "Das war nicht abgemacht.\nDas weißt du genau."}),
            ("cue 301 LINE LENGTH 51 > 42: 'Wir müssen die Fähre um halb sieben noch erwischen, sonst'", "split",
             {"op": "set_text", "cue": 301, "text": "Wir müssen die Fähre um halb sieben\nnoch erwischen, sonst"}),
            ("cue 512 OFFSET +310 ms (speech onset 00:31:07,090)", "retime", {"op": "retime", "cue": 512, "in": "00:31:07,100"}),
            ("cue 77  THREE LINES (max 2)", "merge", {"op": "set_text", "cue": 77, "text": "Ich komme gleich.\nWarte unten."})]
    s.step(5, None, [("sync_check", {"path": "ep02_de-DE.srt", "media": "ep02_master.mov"})], [("RESULT: FAIL\n" + runs[0][0], True)])
    for k, (msg, _, op) in enumerate(runs):
        s.step(7, "Fixing: %s" % msg.split(":")[0], [("edit_cues", {"path": "ep02_de-DE.srt", "op": json.dumps(op)})], ["ok: cue %d updated" % op["cue"]])
        nxt = ("RESULT: FAIL\n" + runs[k + 1][0], True) if k + 1 < len(runs) else "RESULT: PASS — 948 cues, 0 issues"
        s.step(12, "Re-running the check.", [("sync_check", {"path": "ep02_de-DE.srt", "media": "ep02_master.mov"})], [nxt])
    return s


# ======================================================================================
# network_config_audit
# ======================================================================================
NET_TOOLS = [
    tool("run_show", "Run a read-only show command on a device over the bastion SSH session.",
         host=("string", "device hostname"), command=("string", "show command")),
    tool("config_diff", "Unified diff between a device's running config and the golden template.",
         host=("string", "device hostname"), template=("string", "golden template name")),
    tool("push_change", "Push an approved change set (requires change ticket).", host=("string", "device"),
         change=("string", "config lines"), ticket=("string", "CHG number")),
]
NET_SYS = ("You are the network audit assistant for Meridian Freight's NOC. You may run show commands and diffs; "
           "pushes require an approved CHG ticket in the user's message. Report deviations from the golden "
           "templates precisely (line, expected, found).")


def _bgp_summary(ts, uptime_other):
    return ("edge-rtr-01#show bgp ipv4 unicast summary\n%s\nBGP router identifier 10.255.0.1, local AS number 64812\n"
            "BGP table version is 1884213, main routing table version 1884213\n912334 network entries using 226258832 bytes of memory\n"
            "Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd\n"
            "198.51.100.1    4         3356 %7d %7d  1884213    0    0 %s   911402\n"
            "203.0.113.9     4         6939       0       0        1    0    0 3d04h    Idle (Admin)\n"
            "10.255.0.2      4        64812  418833  422190  1884213    0    0 6w2d         12044\n"
            % (ts, 2210455 + uptime_other * 31, 1100321 + uptime_other * 17, "6w2d"))


def net_runaway_poll_idle():
    s = Session("netaudit_runaway_bgp_idle_poll", "network_config_audit", "anthropic", runaway(4, 12), NET_SYS,
                "Hurricane Electric says they've fixed their side of the 203.0.113.9 session on edge-rtr-01. "
                "Watch it and tell me when it's Established.", NET_TOOLS, model_ix=0,
                notes="A period-2 poll (bgp summary, then the BGP log) on a neighbour that is administratively shut on "
                "our side, so it can never come up; only the clock line and counters move.")
    logl = ("edge-rtr-01#show logging | include 203.0.113.9\n%s\n"
            "Mar  8 02:11:40.118: %%BGP-5-ADJCHANGE: neighbor 203.0.113.9 Down Admin. shutdown\n"
            "Mar  8 02:11:40.119: %%BGP_SESSION-5-ADJCHANGE: neighbor 203.0.113.9 IPv4 Unicast topology base removed from session  Admin. shutdown")
    for k in range(9):
        ts = "*14:%02d:%02d.%03d UTC Wed Mar 11 2026" % (5 + 2 * k, (17 * k) % 60, (311 * k) % 1000)
        a = "Checking the neighbour state." if k == 0 else ["Still Idle (Admin). Waiting for HE to finish; checking again.",
                                                            "No change yet; polling the summary again.", "Polling again.", "Checking again.",
                                                            "Still Idle. Checking again.", "Polling.", "Polling.", "Polling."][k - 1]
        s.step(60, a, [("run_show", {"host": "edge-rtr-01", "command": "show bgp ipv4 unicast summary"})], [_bgp_summary(ts, k)])
        s.step(45, "Looking at the BGP log for this neighbour.", [("run_show", {"host": "edge-rtr-01", "command": "show logging | include 203.0.113.9"})],
               [logl % ts])
    return s


def net_runaway_auth():
    s = Session("netaudit_runaway_ssh_denied", "network_config_audit", "chat", runaway(3, 7), NET_SYS,
                "Quarterly audit: diff fw-dc2-01 against the golden 'asa-dc-edge' template and list deviations.",
                NET_TOOLS, model_ix=1,
                notes="The bastion's key for fw-dc2-01 was revoked; every call fails with the identical denial and "
                "the agent retries the same call verbatim.")
    err = ("ssh: connect to fw-dc2-01 via bastion-nyc-02: Permission denied (publickey,keyboard-interactive).\n"
           "bastion: key SHA256:q8Jm2T0vWk3n4mXgZ1... for svc-audit revoked by policy NET-SEC-14 on 2026-03-01")
    for k in range(11):
        s.step(10, "Running the diff." if k == 0 else "The SSH session was denied. Retrying the diff.",
               [("config_diff", {"host": "fw-dc2-01", "template": "asa-dc-edge"})], [(err, True)])
    return s


GOLDEN_ACCESS = """!
version 17.9
service timestamps debug datetime msec localtime show-timezone
service timestamps log datetime msec localtime show-timezone
service password-encryption
no service pad
hostname {host}
!
logging buffered 64000 informational
logging host 10.20.0.51 transport udp port 514
logging host 10.20.0.52 transport udp port 514
!
aaa new-model
aaa group server tacacs+ MERIDIAN-TACACS
 server name ise-nyc-01
 server name ise-chi-01
aaa authentication login default group MERIDIAN-TACACS local
aaa authorization exec default group MERIDIAN-TACACS local if-authenticated
aaa accounting exec default start-stop group MERIDIAN-TACACS
aaa accounting commands 15 default start-stop group MERIDIAN-TACACS
!
clock timezone EST -5 0
clock summer-time EDT recurring
ntp server 10.20.0.10 prefer
ntp server 10.20.0.11
!
ip domain name corp.meridianfreight.net
ip name-server 10.20.0.53 10.20.0.54
ip ssh version 2
ip ssh time-out 60
ip ssh authentication-retries 3
!
spanning-tree mode rapid-pvst
spanning-tree portfast default
spanning-tree portfast bpduguard default
spanning-tree extend system-id
!
vlan 10
 name USERS
vlan 20
 name VOICE
vlan 30
 name PRINTERS
vlan 99
 name MGMT
{extra_vlan}!
interface range GigabitEthernet1/0/1 - 44
 switchport mode access
 switchport access vlan 10
 switchport voice vlan 20
 spanning-tree portfast
 ip dhcp snooping limit rate 20
 storm-control broadcast level 1.00
!
interface GigabitEthernet1/0/48
 description UPLINK-{uplink}
 switchport mode trunk
 switchport trunk allowed vlan {trunk}
!
interface Vlan99
 ip address {mgmt} 255.255.255.0
!
ip default-gateway {gw}
ip dhcp snooping vlan 10,20,30
ip dhcp snooping
!
snmp-server group NOC v3 priv read NOC-VIEW access SNMP-ACL
snmp-server view NOC-VIEW iso included
snmp-server location {loc}
!
banner login ^C
*************************************************************************
* Meridian Freight — AUTHORIZED ACCESS ONLY. Activity is logged and     *
* monitored. Disconnect now if you are not an authorized user.          *
*************************************************************************
^C
!
line con 0
 exec-timeout 10 0
line vty 0 15
 access-class VTY-ACL in
 exec-timeout {vty_to} 0
 transport input ssh
!
end
"""


def net_healthy_boilerplate():
    s = Session("netaudit_healthy_eight_switches", "network_config_audit", "responses", HEALTHY, NET_SYS,
                "Audit the access switches in the Newark DC (acc-ewr-01..08) against golden 'cat9300-access'. "
                "Pull each running config and list deviations per switch.", NET_TOOLS, model_ix=1,
                notes="Eight long running-configs that are ~98% identical boilerplate; each has its own small "
                "deviation, and the agent's per-switch reports share a template.")
    sw = [("acc-ewr-01", "", "10,20,30,99", "10.61.99.11", 10, "none"),
          ("acc-ewr-02", "", "10,20,30,99", "10.61.99.12", 30, "vty exec-timeout 30 (golden: 10)"),
          ("acc-ewr-03", "vlan 40\n name GUEST-LEGACY\n", "10,20,30,40,99", "10.61.99.13", 10, "extra VLAN 40 GUEST-LEGACY, allowed on uplink trunk"),
          ("acc-ewr-04", "", "10,20,30,99", "10.61.99.14", 10, "none"),
          ("acc-ewr-05", "", "1-4094", "10.61.99.15", 10, "uplink trunk allows 1-4094 (golden: 10,20,30,99)"),
          ("acc-ewr-06", "", "10,20,30,99", "10.61.99.16", 10, "none"),
          ("acc-ewr-07", "", "10,20,30,99", "10.61.99.71", 10, "mgmt IP 10.61.99.71 outside IPAM block .11-.18 (IPAM says .17)"),
          ("acc-ewr-08", "", "10,20,30,99", "10.61.99.18", 0, "vty exec-timeout 0 (never) (golden: 10)")]
    prev = None
    for k, (h, ev, tr, ip, to, dev) in enumerate(sw):
        cfg = "Building configuration...\n\nCurrent configuration : %d bytes\n" % (9812 + 37 * k) + GOLDEN_ACCESS.format(
            host=h, extra_vlan=ev, uplink="dist-ewr-%02d Te1/1/%d" % (1 + k % 2, 1 + k // 2), trunk=tr, mgmt=ip,
            gw="10.61.99.1", loc="EWR DC row %s rack %d" % ("ABCD"[k // 2], 3 + k), vty_to=to)
        say = None if prev is None else ("%s: %s." % (prev[0], "no deviations from cat9300-access" if prev[5] == "none" else "deviation — " + prev[5]))
        s.step(6 + k, say, [("run_show", {"host": h, "command": "show running-config"})], [cfg])
        prev = sw[k]
    s.step(20, "acc-ewr-08: deviation — %s.\n\nSummary: 4 of 8 switches match; deviations on 02 (vty timeout 30), 03 (legacy "
           "VLAN 40 trunked), 05 (trunk allows all VLANs), 07 (mgmt IP not per IPAM), 08 (vty never times out)." % sw[7][5],
           user="Open findings for 05 and 08 as high, the rest medium.")
    return s


def net_healthy_revisit():
    s = Session("netaudit_healthy_fix_and_recheck", "network_config_audit", "chat", HEALTHY, NET_SYS,
                "CHG0041872 is approved: bring dist-ewr-01 back to golden 'cat9500-dist'. Diff, push the fixes in "
                "small batches, re-diff after each.", NET_TOOLS, model_ix=0,
                notes="Diff / push / diff again revisits the same commands and screens, but the diff shrinks each "
                "round until it is empty.")
    hunks = ["-ip ssh version 1\n+ip ssh version 2", "-logging host 10.20.0.50\n+logging host 10.20.0.51\n+logging host 10.20.0.52",
             "-ntp server 132.163.96.1\n+ntp server 10.20.0.10 prefer\n+ntp server 10.20.0.11",
             "-snmp-server community m3r1d1an RO\n+snmp-server group NOC v3 priv read NOC-VIEW access SNMP-ACL"]
    hdr = "--- golden/cat9500-dist\n+++ dist-ewr-01 running-config (inverted: - found, + expected)\n"
    s.step(5, "Starting with the diff.", [("config_diff", {"host": "dist-ewr-01", "template": "cat9500-dist"})],
           [hdr + "\n".join("@@ %d @@\n%s" % (i + 1, h) for i, h in enumerate(hunks)) + "\n4 hunks"])
    for k, h in enumerate(hunks):
        add = "\n".join(l[1:] for l in h.splitlines() if l.startswith("+"))
        rem = ["no " + l[1:] for l in h.splitlines() if l.startswith("-")]
        s.step(30, "Pushing hunk %d under CHG0041872." % (k + 1),
               [("push_change", {"host": "dist-ewr-01", "change": "\n".join(rem) + "\n" + add, "ticket": "CHG0041872"})],
               ["dist-ewr-01(config)# %s\n[OK] %d lines applied, write memory: [OK]" % (add.splitlines()[0], len(rem) + add.count("\n") + 1)])
        left = hunks[k + 1:]
        s.step(20, "Re-diffing.", [("config_diff", {"host": "dist-ewr-01", "template": "cat9500-dist"})],
               [hdr + ("\n".join("@@ %d @@\n%s" % (i + 1, x) for i, x in enumerate(left)) + "\n%d hunks" % len(left) if left else "(no differences)")])
    s.step(15, "dist-ewr-01 now matches cat9500-dist exactly; 4 hunks pushed under CHG0041872, config saved.",
           user="Nice. Close the CHG with that note.")
    return s


# ======================================================================================
# grant_writing (tool-less)
# ======================================================================================
GRANT_SYS = ("You help Dr. Amara Lindqvist (University of Vermont, Dept. of Plant Biology) write an NSF IOS proposal, "
             "'Root exudate signalling under intermittent drought in Brachypodium distachyon'. Write in the PI's voice, "
             "concise, 11-pt Arial budget: 15 pages Project Description.")
AIM2 = ("Aim 2. Determine whether flavonoid exudation recruits drought-protective rhizobacteria. We will grow B. distachyon "
        "Bd21-3 and the chs1 mutant in gnotobiotic rhizotrons under three watering regimes (well-watered, 7-day and 14-day "
        "intermittent drought), inoculate a 42-member synthetic community (SynCom-42), and quantify recruitment by 16S "
        "amplicon sequencing of root and rhizosphere fractions at days 14, 28 and 42.")
AIM2_PARAPHRASES = [
    AIM2 + " Replicate numbers were chosen to be consistent with previous rhizotron studies, and we expect robust differences between genotypes.",
    AIM2.replace("We will grow", "Plants of") .replace("in gnotobiotic rhizotrons", "will be grown in gnotobiotic rhizotrons") +
    " Our design follows established rhizotron practice and provides ample replication to detect genotype effects.",
    "Aim 2 tests whether flavonoid exudation recruits drought-protective rhizobacteria. Wild-type Bd21-3 and chs1 plants will be "
    "grown in gnotobiotic rhizotrons under well-watered, 7-day and 14-day intermittent drought, inoculated with SynCom-42, and "
    "sampled at days 14, 28 and 42 for 16S amplicon sequencing. Replication is in line with prior published rhizotron work and "
    "will be sufficient to resolve genotype differences.",
    AIM2 + " Sample sizes mirror those of comparable rhizotron experiments in the literature, which reliably detected genotype effects.",
    "To determine whether flavonoid exudation recruits drought-protective rhizobacteria (Aim 2), we will compare Bd21-3 with the "
    "chs1 mutant in gnotobiotic rhizotrons across three watering regimes, inoculating SynCom-42 and sequencing 16S amplicons from "
    "root and rhizosphere at days 14, 28 and 42. Replication follows standard practice in the field and is adequate to detect "
    "expected differences.",
]


def grant_runaway_paraphrase():
    s = Session("grant_runaway_aim2_paraphrase", "grant_writing", "anthropic", runaway(3, 8), GRANT_SYS,
                "Reviewer 2 on the internal mock panel wrote: 'Aim 2 gives no sample-size justification — how many "
                "rhizotrons per genotype x regime x timepoint, and what effect size can you detect?' Please revise the "
                "Aim 2 paragraph to address this.\n\nCurrent text:\n" + AIM2, model_ix=0, max_tokens=900,
                notes="The agent rewords the same paragraph each time without ever adding the sample size or power "
                "analysis; the reviewer's objection comes back in slightly different words.")
    fb = ["Reviewer 2 again: 'Still no numbers. How many rhizotrons, what effect size, what power?'",
          "Same comment from Reviewer 2: there is still no sample-size justification in the paragraph.",
          "This doesn't answer it either — the reviewer wants an actual n and a power calculation.",
          "Still no n per cell and no power analysis. Please fix.",
          "Reviewer 2: 'The revised text restates the design but again gives no sample size.'",
          "Again, no sample-size justification.", "No numbers again.", "Still missing the power analysis.",
          "Same problem.", "Same problem."]
    for k, f in enumerate(fb):
        p = AIM2_PARAPHRASES[k % len(AIM2_PARAPHRASES)]
        intro = ["Here is a revised Aim 2 paragraph that addresses the reviewer's concern:",
                 "Understood. I've reworked the paragraph to make the replication rationale explicit:",
                 "Here is a tighter version that foregrounds the justification for the design:",
                 "Revised again to address sample size:", "Here is another revision:"][k % 5]
        s.step(240 + 60 * (k % 3), intro + "\n\n" + p, user=f)
    return s


def grant_runaway_clarify():
    s = Session("grant_runaway_same_clarification", "grant_writing", "chat", runaway(3, 7), GRANT_SYS,
                "Draft the Budget Justification for Year 1. Personnel: me (1 summer month), one postdoc (Dr. Kofi Mensah, "
                "12 calendar months, $58,000), one grad student (12 months, $31,200 stipend + $17,400 tuition remission). "
                "Fringe: 31.2% faculty/postdoc, 2.1% students. Equipment: Licor LI-6800 ($89,500). Travel: $3,800.",
                model_ix=1, max_tokens=1200,
                notes="The assistant asks the same clarification about the postdoc's months every turn although the "
                "user keeps giving the same answer; nothing is ever drafted.")
    qs = ["Before I draft this: is Dr. Mensah's appointment 12 calendar months on this award, or is part of it covered by another grant?",
          "Thanks. Just to be sure before I compute fringe: Dr. Mensah is at 12 calendar months entirely on this award, correct?",
          "Understood. To confirm the postdoc effort before drafting: 12 calendar months, 100% on this NSF award?",
          "Before I write the personnel section, can you confirm whether the postdoc is on 12 calendar months here?",
          "Just confirming once more: the postdoc's 12 months are fully charged to this award?"]
    ans = ["12 calendar months, all on this award.", "Yes. 12 months, all on this award.", "Yes, as I said: 12 calendar months on this award.",
           "12 months. On this award.", "Yes. 12 months."]
    for k in range(11):
        s.step(40 + 15 * (k % 4), qs[k % 5], user=ans[min(k, 4)] if k < 9 else "12 months. Please just write it.")
    return s


GRANT_SECTIONS = [
    "1. Overview and Objectives\nPlants under drought do not simply endure; they reshape the chemistry of the soil around their roots. "
    "Brachypodium distachyon exudes flavonoids and organic acids in pulses that track soil water potential, yet we do not know whether "
    "these pulses are signals that recruit protective microbes or by-products of stressed metabolism. This project asks which.",
    "2. Intellectual Merit\nThe project links three levels rarely studied together: (i) the timing of exudate pulses measured in situ by "
    "microdialysis, (ii) the composition of the root microbiome measured by 16S and shotgun metagenomics, and (iii) whole-plant water-use "
    "efficiency measured by gas exchange. If flavonoid pulses recruit Arthrobacter and Variovorax strains that improve water status, "
    "the result reframes drought tolerance as a property of the holobiont rather than the plant.",
    "3. Preliminary Data\nIn 2024 pilot rhizotrons (n = 6 per genotype), the chs1 mutant lost 34% more water per unit leaf area during a "
    "10-day dry-down than Bd21-3 (p = 0.012), and its rhizosphere held 5.8-fold fewer Variovorax reads. Microdialysis probes recovered "
    "naringenin at 12-40 nM with a 6-hour lag after irrigation stopped (Fig. 2).",
    "4. Aim 1: Resolve the timing of exudate pulses\nWe will install paired microdialysis probes at 5 and 15 cm depth in 48 rhizotrons and "
    "sample every 3 h across two drought cycles. LC-MS/MS targets 22 flavonoids and 9 organic acids; a change-point model will estimate pulse "
    "onset relative to measured soil water potential (TEROS 21 sensors).",
    "5. Aim 2: Test recruitment\nWith 8 rhizotrons per genotype x regime x timepoint (n = 144), a two-way negative binomial model detects a "
    "2-fold difference in Variovorax relative abundance with 80% power at alpha = 0.05, using the dispersion (theta = 1.9) estimated from "
    "our pilot data.",
    "6. Aim 3: Test protection\nWe will inoculate chs1 plants with the three strains most enriched in Aim 2, singly and together, and measure "
    "water-use efficiency with the LI-6800 at days 7 and 14 of dry-down. Heat-killed inocula control for nutrient effects.",
    "7. Timeline\nYear 1: rhizotron build, probe calibration, Aim 1 cycle 1. Year 2: Aim 1 cycle 2, Aim 2 full experiment. Year 3: Aim 3, "
    "integration, data release.",
    "8. Broader Impacts\nWe will partner with the Vermont Master Gardener program to run two 'living soil' workshops per year, and host two "
    "undergraduate researchers each summer through UVM's McNair Scholars program, prioritising first-generation students.",
    "9. Results from Prior NSF Support\nIOS-1947321 (2020-2024, $612,000), 'Hydraulic signalling in grass roots'. Intellectual merit: "
    "showed that ABA transport in Brachypodium roots is polar and drought-inducible (Lindqvist et al. 2022, Plant Cell). Broader impacts: "
    "trained 2 PhD students and 7 undergraduates; 4 publications; data at Dryad doi:10.5061/dryad.8w9ghx3n2.",
]


def grant_healthy_continue():
    s = Session("grant_healthy_continue_sections", "grant_writing", "responses", HEALTHY, GRANT_SYS,
                "Write the Project Description one section at a time. Start with the Overview; after each section I'll "
                "say 'continue'.", model_ix=0, max_tokens=1500,
                notes="'continue' answered each time by a new section; the user's message repeats but the assistant "
                "moves through the outline.")
    users = ["continue", "continue", "continue — and use the pilot numbers from my notes", "continue", "continue", "continue",
             "continue", "continue", "Looks complete. Thanks."]
    for k, sec in enumerate(GRANT_SECTIONS):
        s.step(35 + 20 * (k % 3), sec, user=users[k])
    return s


FACILITIES = ("The Lindqvist lab occupies 1,150 sq ft in Jeffords Hall with two walk-in growth rooms (Conviron GR48, 22/18 C, "
              "14 h light), a gnotobiotic rhizotron bay for 64 rhizotrons, and a BSL-1 microbiology suite with two biosafety "
              "cabinets. Shared facilities include the UVM Vermont Integrative Genomics Resource (Illumina NextSeq 2000) and the "
              "Mass Spectrometry Core (Thermo Orbitrap Exploris 240).")


def grant_healthy_slow_refine():
    s = Session("grant_healthy_slow_facilities_polish", "grant_writing", "anthropic", HEALTHY, GRANT_SYS,
                "Here is my Facilities paragraph. Tighten it; keep every instrument.\n\n" + FACILITIES, model_ix=2, max_tokens=700,
                notes="Iterative refinement with small diffs: a slow human (20-60 minute gaps) asks for one small "
                "change at a time and the near-identical paragraph comes back with that change.")
    users = ["Good. Growth rooms are actually 24/18 C, sorry.",
             "Add that the rhizotron bay has automated irrigation (Hortau).",
             "Microbiology suite is BSL-2 since last year, not BSL-1.",
             "Mention the LI-6800 we are requesting will be housed in the growth room.",
             "Change 'Shared facilities include' to 'The lab has priority access to'.",
             "Can you cut it to under 90 words?",
             "Perfect. Last thing: sq ft should be 1,250 after the renovation.",
             "Done, thanks!"]
    txt = FACILITIES.replace("occupies", "has")
    steps = [lambda t: t, lambda t: t.replace("22/18 C", "24/18 C"),
             lambda t: t.replace("64 rhizotrons,", "64 rhizotrons with automated irrigation (Hortau),"),
             lambda t: t.replace("BSL-1", "BSL-2"),
             lambda t: t.replace("14 h light)", "14 h light; these will house the requested LI-6800)"),
             lambda t: t.replace("Shared facilities include", "The lab has priority access to"),
             lambda t: t.replace("The Lindqvist lab has 1,150 sq ft in Jeffords Hall with", "The 1,150 sq ft Jeffords Hall lab has").replace(
                 " with two biosafety cabinets", "").replace("the UVM Vermont Integrative Genomics Resource", "UVM's genomics core"),
             lambda t: t.replace("1,150", "1,250")]
    gaps = [1500, 2400, 3300, 1800, 2900, 1260, 3600, 2100]
    for k, (fn, u) in enumerate(zip(steps, users)):
        txt = fn(txt)
        s.step(gaps[k], txt, user=u)
    return s


# ======================================================================================
# warehouse_robotics_ops
# ======================================================================================
WH_TOOLS = [
    tool("fleet_status", "Summary of robots in a zone: states, faults, throughput.", zone=("string", "zone id or 'all'")),
    tool("robot_telemetry", "Current telemetry of one robot.", robot_id=("string", "AMR id")),
    tool("read_faults", "Active and recent fault codes for one robot.", robot_id=("string", "AMR id")),
    tool("clear_fault", "Acknowledge and clear a fault on a robot.", robot_id=("string", "AMR id"), code=("string", "fault code")),
    tool("send_command", "Send a command to a robot (resume, dock, relocalize, clean_sensors, park).",
         robot_id=("string", "AMR id"), command=("string", "command")),
]
WH_SYS = ("You supervise the Locus-style autonomous mobile robots at the Reno fulfilment centre (RNO2) through the fleet API. "
          "Keep pick throughput up, never override a safety stop, and escalate hardware faults to maintenance (ticket queue MT).")


def wh_runaway_cycle():
    s = Session("wh_runaway_clear_resume_cycle", "warehouse_robotics_ops", "responses", runaway(6, 14), WH_SYS,
                "AMR-117 in zone B keeps dropping out of the pick wave. Get it back to work.", WH_TOOLS, model_ix=1,
                notes="A period-4 cycle (read faults, clear, resume, telemetry) on a robot whose left drive motor "
                "over-currents again every time; timestamps and odometer drift slightly each round.")
    for r in range(5):
        base = 14 * 60 + 3 + 4 * r
        fault = {"robot_id": "AMR-117", "active": [{"code": "E-417", "text": "Drive motor overcurrent (left wheel, 14.8 A > 12.0 A)",
                                                   "since": "2026-03-11T%02d:%02d:12Z" % (base // 60, base % 60), "count_24h": 9 + r}],
                 "recent": [{"code": "W-102", "text": "Battery below 30%", "cleared": "2026-03-11T09:41:00Z"}]}
        tel = {"robot_id": "AMR-117", "state": "FAULT", "fault": "E-417", "battery_pct": 64 - r, "odometer_m": 182211 + 7 * r,
               "motor_current_a": {"left": 14.6 + 0.1 * (r % 3), "right": 6.2}, "pose": {"x": 41.2, "y": 118.7, "zone": "B"},
               "ts": "2026-03-11T%02d:%02d:%02dZ" % ((base + 2) // 60, (base + 2) % 60, 40 + r)}
        steps = [("Reading the fault log." if r == 0 else ["E-417 came back right after resuming. Clearing it again and resuming.",
                  "It faulted again with E-417. Reading faults, then clear and resume.", "Same fault. Repeating the clear/resume.",
                  "E-417 again; clearing and resuming."][r - 1], "read_faults", {"robot_id": "AMR-117"}, fault),
                 ("Clearing E-417.", "clear_fault", {"robot_id": "AMR-117", "code": "E-417"}, {"ok": True, "cleared": "E-417"}),
                 ("Resuming the robot.", "send_command", {"robot_id": "AMR-117", "command": "resume"}, {"ok": True, "state": "RUNNING"}),
                 ("Checking telemetry after resume.", "robot_telemetry", {"robot_id": "AMR-117"}, tel)]
        for say, name, args, res in steps:
            if len(s.turns) >= 19:
                return s
            s.step(20 if name != "robot_telemetry" else 45, say, [(name, args)], [res])
    return s


def wh_runaway_handoff():
    s = Session("wh_runaway_fleet_maint_pingpong", "warehouse_robotics_ops", "chat", runaway(3, 8), WH_SYS,
                "[maint-bot] Ticket MT-5521: AMR-042 reported E-220 (bumper contact / safety stop) in aisle C-14. "
                "Maintenance cannot enter an active aisle. Fleet ops: relocate AMR-042 to the service bay, then hand back.",
                model_ix=0,
                notes="Two agents hand the same ticket back and forth: fleet ops cannot move a robot in a safety stop, "
                "maintenance will not enter until it is moved.")
    fleet = ["AMR-042 is in an E-220 safety stop; policy forbids remote moves until the bumper contact is physically inspected. "
             "Handing MT-5521 back to maintenance: please inspect and clear the bumper in aisle C-14.",
             "As noted, AMR-042 cannot be driven while in E-220. Returning MT-5521 to maintenance for physical inspection of the bumper.",
             "I can't relocate AMR-042 in a safety stop. MT-5521 goes back to maintenance for on-site inspection.",
             "AMR-042 remains in E-220; no remote moves allowed. Back to maintenance (MT-5521).",
             "Handing MT-5521 back: the robot must be inspected in place before it can move."]
    maint = ["[maint-bot] MT-5521: maintenance policy MP-3 forbids entering aisle C-14 while it is active. Fleet ops: relocate AMR-042 "
             "to the service bay, then hand back.",
             "[maint-bot] MT-5521 returned: aisle C-14 is active, technicians cannot enter. Please move AMR-042 to the service bay first.",
             "[maint-bot] MT-5521: cannot dispatch a technician into an active aisle (MP-3). Reassigning to fleet ops for relocation.",
             "[maint-bot] MT-5521 reassigned to fleet ops: relocate AMR-042 before maintenance can start."]
    for k in range(12):
        s.step(90 + 30 * (k % 3), fleet[k % 5], user=maint[k % 4])
    return s


def wh_healthy_monitor():
    s = Session("wh_healthy_scheduled_green", "warehouse_robotics_ops", "anthropic", HEALTHY, WH_SYS,
                "[scheduler] 14:00 fleet health check for RNO2. Report in the standard format.", WH_TOOLS, model_ix=1, max_tokens=500,
                notes="A monitoring schedule every 5 minutes: the same request and the same all-green report template, "
                "with changing timestamps and metrics.")
    for k in range(8):
        hh, mm = 14, 5 * k
        active, charging, picks, err = 118 - (k % 3), 14 + (k % 3), 2310 + 57 * k + (k * k) % 13, ["0.4", "0.3", "0.5", "0.3", "0.2", "0.4", "0.3", "0.4"][k]
        s.step(4 if k else 3, None, [("fleet_status", {"zone": "all"})],
               [{"site": "RNO2", "ts": "2026-03-11T%02d:%02d:03Z" % (hh, mm), "robots": 132, "active": active, "charging": charging,
                 "idle": 132 - active - charging, "faulted": 0, "picks_last_5m": picks // 10, "picks_today": 41880 + picks,
                 "mean_pick_s": 31 + k % 3, "network_loss_pct": err, "zones": {z: "GREEN" for z in "ABCDE"}}])
        s.step(296, "RNO2 fleet %02d:%02d — ALL GREEN\nActive %d / charging %d / idle %d / faulted 0\nPicks last 5 min: %d (today %d)\n"
               "Mean pick time %ds, network loss %s%%\nNo action needed." % (hh, mm, active, charging, 132 - active - charging,
                                                                          picks // 10, 41880 + picks, 31 + k % 3, err),
               user="[scheduler] %02d:%02d fleet health check for RNO2. Report in the standard format." % (hh, mm + 5))
    return s


def wh_healthy_changing_faults():
    s = Session("wh_healthy_faults_change_then_clear", "warehouse_robotics_ops", "responses", HEALTHY, WH_SYS,
                "AMR-088 is stuck near pack-out. Sort it out.", WH_TOOLS, model_ix=2,
                notes="The robot shows a different fault after each fix (dirty lidar, lost localisation, low battery "
                "while charging climbs), then runs again.")
    seq = [("Reading faults.", "read_faults", {"robot_id": "AMR-088"}, {"active": [{"code": "E-301", "text": "LIDAR window obstructed (dust)"}]}),
           ("E-301: dirty lidar window. Running the sensor-cleaning routine.", "send_command", {"robot_id": "AMR-088", "command": "clean_sensors"}, {"ok": True}),
           ("Re-reading faults.", "read_faults", {"robot_id": "AMR-088"}, {"active": [{"code": "E-512", "text": "Localization confidence 0.31 < 0.60"}]}),
           ("Lidar is clear; now it has lost localisation (E-512). Relocalizing.", "send_command", {"robot_id": "AMR-088", "command": "relocalize"}, {"ok": True, "confidence": 0.93}),
           ("Checking faults again.", "read_faults", {"robot_id": "AMR-088"}, {"active": [{"code": "W-110", "text": "Battery 11% — below mission threshold 15%"}]}),
           ("Localised (0.93). Battery is too low for a mission; docking.", "send_command", {"robot_id": "AMR-088", "command": "dock"}, {"ok": True, "dock": "CH-07"}),
           ("Checking charge.", "robot_telemetry", {"robot_id": "AMR-088"}, {"state": "CHARGING", "battery_pct": 23, "eta_full_min": 38}),
           ("23%; waiting for charge.", "robot_telemetry", {"robot_id": "AMR-088"}, {"state": "CHARGING", "battery_pct": 41, "eta_full_min": 26}),
           ("41%. Checking again in a few minutes.", "robot_telemetry", {"robot_id": "AMR-088"}, {"state": "CHARGING", "battery_pct": 62, "eta_full_min": 14}),
           ("62%, above the 50% resume threshold. Resuming.", "send_command", {"robot_id": "AMR-088", "command": "resume"}, {"ok": True, "state": "RUNNING"}),
           ("Confirming it's picking.", "robot_telemetry", {"robot_id": "AMR-088"}, {"state": "RUNNING", "battery_pct": 61, "task": "PICK wave 44 tote T-88121"})]
    dts = [5, 60, 6, 40, 6, 90, 300, 420, 400, 20, 60]
    for (say, n, a, r), dt in zip(seq, dts):
        s.step(dt, say, [(n, a)], [r])
    s.step(10, "AMR-088 is back on wave 44. Sequence: E-301 dirty lidar (cleaned) → E-512 lost localisation (relocalized, 0.93) → "
           "W-110 low battery (charged 11% → 62% at CH-07) → resumed.", user="Thanks!")
    return s


# ======================================================================================
# academic_peer_review
# ======================================================================================
def manuscript():
    """A ~20 KB manuscript: hand-written prose plus deterministic tables and references."""
    r = random.Random("manuscript-jgr-2026")
    parts = ["""Title: Sub-seasonal predictability of Sahelian rainfall onset from tropical Atlantic sea-surface temperature gradients
Authors: N. Diallo, H. Achterberg, P. Osei-Bonsu, M. Rault
Manuscript ID: JGR-A-2026-118342   Submitted to: Journal of Geophysical Research: Atmospheres   Version: R0

Abstract
The onset of the West African monsoon rains controls planting decisions for roughly 60 million farmers, yet operational
forecasts of onset date remain barely better than climatology at lead times beyond ten days. We test whether the
meridional sea-surface temperature (SST) gradient between the Gulf of Guinea cold tongue and the northern tropical Atlantic,
observed 3-6 weeks ahead, predicts local onset dates at 212 rain-gauge stations across Senegal, Mali, Burkina Faso and Niger
for 1991-2023. A cross-validated ridge regression using the gradient index (GGI) and two ERA5 circulation predictors reduces
the mean absolute error of onset date by 21% relative to climatology at 4-week lead (4.9 vs 6.2 days), with skill concentrated
in the western Sahel. Skill is weaker but significant in ECMWF SEAS5 hindcasts. We argue the GGI acts through the timing of the
Saharan heat-low northward jump and propose it as a low-cost predictor for national meteorological services.

1. Introduction
Rainfall onset in the Sahel is agronomic before it is meteorological: a farmer's sowing date follows the first rains that
can be trusted not to be followed by a lethal dry spell. Definitions therefore combine an accumulation threshold with a
dry-spell criterion (Sivakumar 1988; Marteau et al. 2009). Interannual variability of the onset date is large (standard
deviation 9-14 days across the region) and its spatial coherence is modest, which has limited the usefulness of large-scale
indices such as the monsoon jump date of Sultan and Janicot (2003) for local decisions.
Previous work linked seasonal Sahel rainfall totals to Atlantic and global SST patterns on interannual to decadal time
scales (Folland et al. 1986; Giannini et al. 2003), but onset-date prediction at sub-seasonal lead times has received less
attention. The Gulf of Guinea cold tongue develops between May and July, and its strength modulates the meridional pressure
gradient that drives moisture inland (Okumura and Xie 2004; Caniaux et al. 2011). We hypothesise that the SST gradient between
the cold tongue and the northern tropical Atlantic, observed weeks before onset, carries information about the timing of the
monsoon's final northward progression.
This paper (i) defines a Gulf of Guinea gradient index (GGI) from OISSTv2.1, (ii) evaluates its skill for station-level
onset dates with cross-validated statistical models, (iii) compares it with dynamical hindcasts from ECMWF SEAS5, and
(iv) examines the physical pathway through composite analysis of ERA5 fields.

2. Data and methods
2.1 Rain-gauge data. Daily precipitation at 212 stations was obtained from the national meteorological services of
Senegal (ANACIM), Mali (Mali-Météo), Burkina Faso (ANAM) and Niger (DMN) through the AMMA-CATCH and CILSS AGRHYMET archives.
Stations with more than 10% missing days in May-August of any year were excluded (originally 287 stations). Missing days
were not filled.
2.2 Onset definition. Following Marteau et al. (2009), onset is the first day after 1 May on which 20 mm accumulates over
one or two days, not followed by a dry spell of seven or more days within the next 20 days. Years without onset by 31 August
were set to 31 August (3.1% of station-years).
2.3 Predictors. The GGI is the difference of area-mean SST anomaly between 2S-2N, 20W-5E (cold tongue) and 5N-15N, 40W-20W,
averaged over the 7 days ending at the forecast issue date. ERA5 predictors are 925 hPa meridional wind over 5-10N, 10W-10E
(V925) and the 700 hPa geopotential height difference across the Saharan heat low (dZ700).
2.4 Models. Ridge regression predicts onset-date anomaly at each station from the three predictors, with the penalty chosen
by inner cross-validation. Skill is evaluated with leave-three-years-out cross-validation, reporting mean absolute error
(MAE), its improvement over climatology (MAESS) and the Spearman correlation. Significance uses a moving-block bootstrap
(block length 3 years, 2,000 resamples).
2.5 Dynamical hindcasts. SEAS5 hindcasts (25 members, 1993-2016) initialised on 1 May and 1 June were bias-corrected by
quantile mapping at each station and onset computed from each member.

3. Results
3.1 Climatology. Mean onset ranges from 28 May in southern Burkina Faso to 19 July in northern Niger (Fig. 1). Interannual
standard deviation is largest in the west (Senegal, 13.8 days) and smallest in central Burkina Faso (8.7 days).
3.2 Skill at station level. Table 2 lists cross-validated skill by country and lead time.
"""]
    rows = ["Table 2. Cross-validated skill (MAE in days; MAESS vs climatology; Spearman rho) by country and lead",
            "Country        Lead(wk)  N_st   MAE_clim  MAE_model  MAESS   rho    p(boot)"]
    for c, n in [("Senegal", 41), ("Mali", 63), ("Burkina Faso", 58), ("Niger", 50)]:
        for lead in (2, 3, 4, 5, 6):
            mc = r.uniform(5.4, 7.2)
            mm = mc * (1 - r.uniform(0.05, 0.31) * (7 - lead) / 5)
            rows.append("%-14s %8d %6d %9.2f %10.2f %6.1f%% %6.2f  %.3f" % (c, lead, n, mc, mm, 100 * (1 - mm / mc),
                                                                         r.uniform(0.18, 0.55), r.uniform(0.001, 0.09)))
    parts.append("\n".join(rows) + "\n")
    parts.append("""
3.3 Station-level detail. Table 3 gives the 30 stations with the largest skill gains at 4-week lead.
""")
    rows = ["Table 3. Stations with largest MAESS at 4-week lead",
            "Station              Lat     Lon    Elev(m)  Onset_clim  SD(d)  MAESS   rho"]
    names = ["Tambacounda", "Kolda", "Kédougou", "Kaolack", "Ziguinchor", "Kayes", "Kita", "Bamako-Senou", "Ségou", "Sikasso",
             "Koutiala", "Mopti", "San", "Bobo-Dioulasso", "Dédougou", "Ouahigouya", "Fada N'Gourma", "Dori", "Gaoua", "Pô",
             "Niamey-Aéro", "Maradi", "Zinder", "Tahoua", "Birni N'Konni", "Gaya", "Dosso", "Tillabéri", "Diffa", "Matam"]
    for nm in names:
        rows.append("%-20s %6.2f %7.2f %8d  %02d-%s  %6.1f %6.1f%% %6.2f" % (nm, r.uniform(10.5, 16.5), r.uniform(-16.5, 12.5),
                    r.randint(12, 520), r.randint(1, 30), r.choice(["Jun", "Jul"]), r.uniform(8, 15), r.uniform(15, 38), r.uniform(0.3, 0.62)))
    parts.append("\n".join(rows) + "\n")
    parts.append("""
3.4 Comparison with SEAS5. Bias-corrected SEAS5 ensemble-mean onset from 1 May initialisations has MAESS of 9% (Senegal),
4% (Mali), -2% (Burkina Faso) and 1% (Niger); adding the observed GGI as a covariate to the SEAS5 forecast raises these to
17%, 11%, 6% and 7%. Because only 24 hindcast years are available, none of the country-level differences between the
statistical model and SEAS5 is significant at the 5% level.
3.5 Physical pathway. Composites of the 8 earliest and 8 latest onset years show that a strong (negative) GGI in mid-May
precedes a northward displacement of the Saharan heat low by 2-3 degrees latitude about 20 days later, a 0.8 m/s stronger
V925 monsoon flow, and an earlier 'jump' of the ITCZ rain band. The lagged correlation between GGI and dZ700 peaks at 18-24 days.

4. Discussion
The gradient index is cheap to compute from public data and adds skill at leads where dynamical models have little. Three
limitations deserve attention. First, the station network thins sharply north of 15N, so skill estimates for the Sahel's
northern margin rest on 19 stations. Second, the onset definition is agronomic and threshold-based; results for alternative
definitions (Table S4) are similar in sign but 20-40% weaker. Third, the predictor-selection step was performed on the full
1991-2023 period before cross-validation, which may inflate skill slightly; we address this in Section S3 by repeating the
selection inside each fold for a subset of stations.
Operational uptake would require issuing the forecast as tercile probabilities rather than dates. AGRHYMET's PRESASS forum
already issues seasonal outlooks in this format, and the GGI could enter as an additional predictor with no new infrastructure.

5. Conclusions
A simple Atlantic SST gradient index predicts station-level Sahelian onset dates 3-6 weeks ahead with modest but robust skill,
exceeding that of a leading dynamical system at these leads. The mechanism appears to run through the timing of the Saharan
heat-low migration.

Data availability. OISSTv2.1 and ERA5 are public. Station data are available from the national services under licence.
Code: https://github.com/ndiallo/ggi-onset (commit 7c1e2aa).

References
""")
    first = ["Abiodun", "Biasutti", "Camberlin", "Diatta", "Fontaine", "Gaetani", "Janicot", "Lebel", "Losada", "Mohino",
             "Nicholson", "Omotosho", "Parker", "Rodríguez-Fonseca", "Salack", "Sultan", "Taylor", "Vellinga", "Vizy", "Zeng"]
    journals = ["J. Climate", "Clim. Dyn.", "Q. J. R. Meteorol. Soc.", "Geophys. Res. Lett.", "Int. J. Climatol.", "Mon. Weather Rev.",
                "Atmos. Sci. Lett.", "Weather Forecast.", "Nature Clim. Change", "J. Hydrometeorol."]
    topics = ["West African monsoon onset", "the Saharan heat low", "Sahel rainfall variability", "Atlantic cold tongue development",
              "sub-seasonal forecasts over West Africa", "dry spells during the rainy season", "moisture transport into the Sahel",
              "the ITCZ jump", "agronomic onset definitions", "SST teleconnections to the Sahel"]
    refs = []
    for i in range(44):
        a = r.sample(first, 3)
        refs.append("%s, %s. %s., and %s, %s. (%d). On %s. %s, %d(%d), %d-%d. doi:10.1%03d/%s.%d" % (
            a[0], "ABCDEFGHJKLMNOPRST"[i % 18], a[1], a[2], "ABCDEFGHJKLMNOPRST"[(i * 7) % 18], r.randint(1986, 2025),
            r.choice(topics), r.choice(journals), r.randint(10, 60), r.randint(1, 24), r.randint(100, 900), r.randint(901, 1900),
            r.randint(0, 999), r.choice(["jcli", "qj", "grl", "cd", "joc"]), r.randint(1000, 99999)))
    parts.append("\n".join(sorted(refs)) + "\n")
    return "".join(parts)


REVIEW_SYS = ("You are assisting an associate editor at JGR Atmospheres. Review manuscripts rigorously and specifically: "
              "cite section, table and line of evidence. Be collegial. Do not invent results that are not in the text.")


def pr_runaway_continue():
    ms = manuscript()
    s = Session("review_runaway_continue_same_concern", "academic_peer_review", "responses", runaway(3, 7), REVIEW_SYS,
                "Write a full referee report for the manuscript below (summary, major concerns, minor concerns, "
                "recommendation). It will be long; I'll say 'continue' when you stop.\n\n" + ms, model_ix=0, max_tokens=1200,
                notes="Asked to 'continue' a long report, the assistant reproduces the same first major concern "
                "(selection leakage) every time, lightly reworded, and never reaches the minor points.")
    first = ("Summary. The authors define a Gulf of Guinea SST gradient index (GGI) and show, with cross-validated ridge "
             "regression at 212 stations, that it improves onset-date forecasts by ~21% over climatology at 4-week lead, "
             "outperforming SEAS5 hindcasts. The question is important and the data set is valuable.\n\nMajor concerns\n")
    concern = ["1. Predictor selection outside cross-validation. Section 4 admits that predictors were selected on the full 1991-2023 "
               "period before cross-validation. This leaks information into every fold and inflates MAESS; Section S3 repeats the "
               "selection inside folds only 'for a subset of stations'. All skill numbers in Table 2 must be recomputed with selection "
               "nested inside each fold, for all 212 stations.",
               "1. Leakage from predictor selection. As stated in Section 4, the predictors were chosen using the full 1991-2023 record "
               "prior to cross-validation, so information from the test years leaks into training. The partial check in Section S3 "
               "(subset of stations) is not sufficient; Table 2 should be recomputed with selection nested in every fold.",
               "1. Predictor selection and cross-validation. The predictor set was selected on all years (1991-2023) before "
               "cross-validation (Section 4). This is a form of leakage that biases MAESS upward. Please nest the selection inside each "
               "fold for all stations, not the subset used in Section S3, and recompute Table 2."]
    users = ["continue", "continue", "continue — you already covered that point, go on to the next one", "continue", "continue",
             "Please move on to the minor concerns.", "continue", "continue", "continue", "continue", "continue"]
    for k, u in enumerate(users):
        txt = (first if k == 0 else "") + concern[k % 3]
        s.step(45 + 5 * k, txt, user=u)
    return s


def pr_runaway_stateless_same():
    ms = manuscript()
    q = ("\n\n---\nQuestion from the editor: Is the claimed superiority over SEAS5 (Section 3.4) statistically supported? "
         "Answer in one paragraph.")
    s = Session("review_runaway_stateless_same_question", "academic_peer_review", "chat", runaway(3, 6), REVIEW_SYS,
                ms + q, model_ix=1, max_tokens=600,
                notes="A stateless editorial script resends the same 20 KB manuscript with the same question every "
                "minute or so (a retry loop in the caller); nothing in the request ever changes.")
    for k in range(10):
        s.fresh(50 + (k % 3) * 10, ms + q)
    return s


def pr_healthy_stateless_questions():
    ms = manuscript()
    qs = ["Is the onset definition in Section 2.2 standard, and is capping non-onset years at 31 August a problem?",
          "Is the leave-three-years-out cross-validation adequate given the predictor-selection step?",
          "Does Table 2 support the claim of skill 'concentrated in the western Sahel'?",
          "Is the comparison with SEAS5 fair given the different years (1993-2016 vs 1991-2023)?",
          "Are the composite sizes in Section 3.5 (8 vs 8 years) enough to support the mechanism?",
          "Which stations in Table 3 look suspicious, if any?",
          "Is the data availability statement compliant with AGU's data policy?",
          "Draft two sentences for the editor's decision letter summarising the main required revision.",
          "Suggest one additional analysis that would most strengthen the physical-pathway argument.",
          "Rate the manuscript's clarity of writing on a 1-5 scale with a one-line justification."]
    s = Session("review_healthy_stateless_new_questions", "academic_peer_review", "anthropic", HEALTHY, REVIEW_SYS,
                ms + "\n\n---\nEditor's question: " + qs[0], model_ix=0, max_tokens=700,
                notes="A stateless editorial tool resends the same long manuscript with a different question each "
                "time (no history), minutes apart.")
    for k, q in enumerate(qs[1:]):
        s.fresh(140 + 35 * (k % 4), ms + "\n\n---\nEditor's question: " + q)
    return s


def pr_healthy_template():
    ms = manuscript()
    s = Session("review_healthy_section_checklist", "academic_peer_review", "chat", HEALTHY, REVIEW_SYS,
                "Go through the manuscript section by section using our checklist format (Claim / Evidence / Problems / "
                "Requested change). Start with Section 1; I'll name the next section each time.\n\n" + ms, model_ix=0, max_tokens=900,
                notes="Every answer follows one rigid checklist template and every user turn is 'Next: Section X', but "
                "each answer reviews different content.")
    secs = [("1 Introduction", "The GGI should carry onset information via the cold tongue's control of the meridional pressure gradient.",
             "Citations to Okumura and Xie (2004) and Caniaux et al. (2011).", "The hypothesis is stated but no prior onset-prediction studies are reviewed.",
             "Add a paragraph on existing sub-seasonal onset forecasts (e.g. PRESASS, S2S project)."),
            ("2.1 Rain-gauge data", "212 quality-controlled stations.", "287 stations screened with a 10% missing-day rule.",
             "Missing days are not filled, which biases accumulation-based onset late.", "Report how many onsets fall within 3 days of a missing day."),
            ("2.2 Onset definition", "Marteau et al. (2009) definition.", "20 mm in 1-2 days, no 7-day dry spell in 20 days.",
             "Capping at 31 August (3.1% of station-years) compresses the upper tail.", "Treat them as censored or show results without them."),
            ("2.3 Predictors", "GGI, V925, dZ700.", "Box definitions are given.", "The 7-day averaging window is not justified.",
             "Show sensitivity to 3-, 7- and 14-day windows."),
            ("2.4 Models", "Ridge with nested penalty choice, leave-3-years-out CV.", "Moving-block bootstrap.",
             "Predictor selection is outside the CV (Section 4).", "Nest selection inside folds for all stations."),
            ("3.2 Table 2", "Skill declines with lead and is highest in Senegal.", "Table 2 MAESS values.",
             "MAESS at 2 weeks in some countries is lower than at 3 weeks, which is odd.", "Explain or check the 2-week rows."),
            ("3.4 SEAS5 comparison", "Statistical model beats SEAS5.", "MAESS 9/4/-2/1% vs the model.",
             "The periods differ and differences are not significant.", "Compare on 1993-2016 only and soften the claim."),
            ("3.5 Physical pathway", "GGI leads the heat-low jump by ~20 days.", "8 vs 8 year composites, lagged correlation.",
             "Composites of 8 years are small; no significance shown.", "Add field significance (e.g. FDR) to the composite maps."),
            ("4-5 Discussion and Conclusions", "Low-cost operational predictor.", "Discussion of limitations.",
             "Conclusions claim 'robust' skill despite the leakage caveat.", "Qualify 'robust' until the nested-CV results are in.")]
    for k, (sec, cl, ev, pb, rq) in enumerate(secs):
        nxt = "Next: Section %s" % secs[k + 1][0] if k + 1 < len(secs) else "That's all sections, thanks."
        s.step(60 + 25 * (k % 3), "Section %s\nClaim: %s\nEvidence: %s\nProblems: %s\nRequested change: %s" % (sec, cl, ev, pb, rq), user=nxt)
    return s


# ======================================================================================
# crypto_wallet_support
# ======================================================================================
CW_TOOLS = [
    tool("tx_lookup", "Look up an on-chain transaction by chain and hash (via the node/explorer gateway).",
         chain=("string", "ethereum | bitcoin | solana | polygon"), tx_hash=("string", "transaction hash")),
    tool("kyc_status", "KYC case status for a customer.", customer_id=("string", "customer id")),
    tool("help_center", "Fetch a help-center article by URL.", url=("string", "article URL")),
]
CW_SYS = ("You are a tier-1 support agent for Halcyon Wallet (custodial exchange + self-custody app). Be precise with "
          "amounts and hashes, never ask for seed phrases or private keys, and escalate to tier 2 when a case needs manual "
          "ledger action.")
HELP_BODY = ("Withdrawals are processed in batches. Most withdrawals complete within 30 minutes, but some may take longer "
             "during periods of network congestion or when additional security review is required. If your withdrawal "
             "shows as 'Pending', no action is needed. Please do not submit the same withdrawal twice. If your withdrawal "
             "has been pending for more than 24 hours, contact Support with your withdrawal ID.")


def cw_runaway_same_article():
    s = Session("wallet_runaway_same_article_urls", "crypto_wallet_support", "responses", runaway(3, 8), CW_SYS,
                "Customer C-771203: ETH withdrawal WD-90831177 (2.4 ETH to 0x7a3f...c91e) stuck in 'Pending - Review' for "
                "3 days. Find our policy for review holds longer than 72h and tell me what to do.", CW_TOOLS, model_ix=2,
                notes="Each help-center URL and title differs, but every page serves the same generic withdrawal "
                "paragraph; the agent keeps fetching new URLs looking for the 72h policy.")
    urls = [("https://help.halcyonwallet.com/articles/withdrawal-pending", "Why is my withdrawal pending?"),
            ("https://help.halcyonwallet.com/articles/withdrawal-delays", "Withdrawal delays explained"),
            ("https://help.halcyonwallet.com/articles/security-review", "What is a security review?"),
            ("https://help.halcyonwallet.com/articles/eth-withdrawals", "ETH and ERC-20 withdrawals"),
            ("https://help.halcyonwallet.com/articles/withdrawal-status-faq", "Withdrawal status FAQ"),
            ("https://help.halcyonwallet.com/articles/72-hour-hold", "Holds on withdrawals"),
            ("https://help.halcyonwallet.com/hc/en-us/articles/360041122", "Pending transfers"),
            ("https://help.halcyonwallet.com/articles/review-escalation", "Escalating a review"),
            ("https://help.halcyonwallet.com/articles/large-withdrawals", "Large withdrawals"),
            ("https://help.halcyonwallet.com/articles/withdrawal-pending?lang=en-GB", "Why is my withdrawal pending? (UK)"),
            ("https://help.halcyonwallet.com/articles/compliance-holds", "Compliance holds")]
    says = ["Searching the help center for the review-hold policy.",
            "That's the generic pending article. Trying the delays article.",
            "Same generic text. The security review article should have the hold policy.",
            "No 72h policy there. Trying the ETH-specific article.",
            "Trying the status FAQ.", "This URL looks promising: 72-hour hold.", "Trying the legacy article id.",
            "Trying the escalation article.", "Trying large withdrawals.", "Trying the UK version.", "Trying compliance holds."]
    for k, ((u, title), say) in enumerate(zip(urls, says)):
        s.step(12 + 2 * k, say, [("help_center", {"url": u})],
               [{"url": u, "title": title, "updated": "2025-11-%02d" % (3 + k), "body": HELP_BODY,
                 "related": [urls[(k + 1) % len(urls)][1], urls[(k + 3) % len(urls)][1]]}])
    return s


def _wallet_log(n):
    r = random.Random("walletlog-%d" % n)
    lines = []
    t = 0
    for i in range(40 * n):
        t += r.randint(1, 900)
        ts = "2026-03-11 %02d:%02d:%02d.%03d" % (9 + t // 3600000 % 10, t // 60000 % 60, t // 1000 % 60, t % 1000)
        kind = r.choice(["INFO  sync", "INFO  rpc", "DEBUG ui", "INFO  price", "DEBUG gas"])
        msg = {"INFO  sync": "block %d imported (%d txs)" % (22110000 + i, r.randint(80, 320)),
               "INFO  rpc": "eth_getBalance 0x7a3f...c91e -> %d wei" % (2400000000000000000 + r.randint(0, 9999)),
               "DEBUG ui": "render WalletHome in %d ms" % r.randint(4, 40),
               "INFO  price": "ETH/USD %.2f" % r.uniform(3480, 3520),
               "DEBUG gas": "baseFee %.2f gwei prio %.2f" % (r.uniform(8, 30), r.uniform(0.5, 2))}[kind]
        lines.append("%s %s %s" % (ts, kind, msg))
        if i % 40 == 27:
            lines.append("%s ERROR tx   broadcast failed: nonce too low (tx nonce 41, account nonce 44) hash=0x5be1...04aa" % ts)
    return "\n".join(lines)


def cw_runaway_growing_log():
    s = Session("wallet_runaway_growing_log_nonce", "crypto_wallet_support", "anthropic", runaway(3, 8), CW_SYS,
                "my send keeps failing in the desktop app. log below\n\n" + _wallet_log(1), model_ix=1, max_tokens=800,
                notes="The customer pastes an ever longer app log with the same 'nonce too low' error and the assistant "
                "gives the same reset-nonce advice each time; no tools are used.")
    adv = ["The key line is 'nonce too low (tx nonce 41, account nonce 44)': the app is reusing an old nonce. Go to Settings → Advanced → "
           "'Reset pending transactions', restart the app, and send again.",
           "The log shows the same 'nonce too low' error (nonce 41 vs 44). Please use Settings → Advanced → 'Reset pending transactions', "
           "then restart and resend.",
           "Same error: the transaction is signed with nonce 41 but your account is at 44. Resetting pending transactions "
           "(Settings → Advanced) and restarting should fix it.",
           "It's still 'nonce too low'. Reset pending transactions in Settings → Advanced, restart, and try again."]
    users = ["did that. still fails, full log:\n\n", "reset again, restarted. same. log:\n\n", "still no. here is everything:\n\n",
             "same thing!!\n\n", "again:\n\n", "still:\n\n", "log:\n\n", "still failing\n\n", "again\n\n", "log\n\n"]
    for k, u in enumerate(users):
        s.step(300 + 60 * (k % 3), adv[k % 4], user=u + _wallet_log(k + 2))
    return s


def cw_healthy_kyc_slow():
    s = Session("wallet_healthy_kyc_queue_slow_user", "crypto_wallet_support", "anthropic", HEALTHY, CW_SYS,
                "Hi, my account C-802455 is limited until KYC is done. I uploaded my passport yesterday. How long?",
                CW_TOOLS, model_ix=0, max_tokens=600,
                notes="The same KYC status is checked again whenever the customer comes back (20-60 minutes later); "
                "the queue position falls and the case is finally approved.")
    states = [{"customer_id": "C-802455", "status": "QUEUED", "queue_position": 412, "est_wait_h": 9, "documents": ["passport"]},
              {"customer_id": "C-802455", "status": "QUEUED", "queue_position": 288, "est_wait_h": 6, "documents": ["passport"]},
              {"customer_id": "C-802455", "status": "QUEUED", "queue_position": 97, "est_wait_h": 2, "documents": ["passport"]},
              {"customer_id": "C-802455", "status": "NEEDS_INFO", "reason": "Proof of address older than 3 months", "documents": ["passport", "utility_bill_2025-10"]},
              {"customer_id": "C-802455", "status": "IN_REVIEW", "reviewer": "kyc-team-3", "documents": ["passport", "bank_statement_2026-02"]},
              {"customer_id": "C-802455", "status": "APPROVED", "limits": {"withdraw_daily_usd": 50000}}]
    replies = ["You're number 412 in the verification queue; the estimate is about 9 hours.",
               "Progress: now 288 in the queue, about 6 hours left.",
               "You're at position 97, roughly 2 hours.",
               "Verification needs one more thing: your proof of address is older than 3 months. Please upload a document dated within the last 3 months (bank statement or utility bill).",
               "Your new document was received and a reviewer (team 3) is looking at it now.",
               "Good news: your verification is APPROVED and your limits are lifted (withdrawals up to $50,000/day)."]
    users = ["ok thanks, I'll check back later", "back. any update?", "checking again", "oh. ok, I uploaded a February bank statement just now",
             "great, I'll wait", "thank you!!"]
    gaps_tool = [4, 3, 3, 3, 3, 3]
    gaps_user = [1800, 2700, 3300, 1500, 2400, 60]
    for k in range(6):
        s.step(gaps_tool[k], None if k == 0 else "Checking your case.", [("kyc_status", {"customer_id": "C-802455"})], [states[k]])
        s.step(gaps_user[k], replies[k], user=users[k])
    return s


def cw_healthy_confirmations():
    s = Session("wallet_healthy_deposit_confirmations", "crypto_wallet_support", "responses", HEALTHY, CW_SYS,
                "Customer C-659010 says their BTC deposit hasn't arrived. Tx hash "
                "b6f3a0c2e91d47d8a6f1c0e4b2d93a7e5c8f1b0a9d2e3c4f5a6b7c8d9e0f1a2b. Check it.", CW_TOOLS, model_ix=1,
                notes="The same transaction is looked up repeatedly: the explorer gateway returns 503 and 429 with "
                "backoff, then confirmations climb until the deposit is credited.")
    h = "b6f3a0c2e91d47d8a6f1c0e4b2d93a7e5c8f1b0a9d2e3c4f5a6b7c8d9e0f1a2b"
    res = [("HTTP 503 Service Unavailable — explorer gateway upstream timeout (bitcoind-3). Retry-After: 15", True),
           ("HTTP 503 Service Unavailable — explorer gateway upstream timeout (bitcoind-3). Retry-After: 30", True),
           {"tx_hash": h, "confirmations": 1, "required": 3, "amount_btc": "0.08412000", "to": "bc1q9h...x7kd", "block": 889214},
           ("HTTP 429 Too Many Requests — limit 60/min per agent. Retry-After: 20", True),
           {"tx_hash": h, "confirmations": 2, "required": 3, "amount_btc": "0.08412000", "to": "bc1q9h...x7kd", "block": 889214},
           {"tx_hash": h, "confirmations": 3, "required": 3, "amount_btc": "0.08412000", "to": "bc1q9h...x7kd", "block": 889214,
            "credited": True, "ledger_entry": "LE-20260311-558102"}]
    says = ["Looking up the transaction.", "The explorer gateway returned 503; retrying after 15 s.",
            "Still 503; waiting the 30 s it asks for.",
            "Found it: 0.08412 BTC, 1 of 3 confirmations. Bitcoin blocks are ~10 minutes apart, so I'll check again in a while.",
            "Rate limited (429); retrying after 20 s.", "2 of 3 confirmations. One more block needed."]
    dts = [4, 16, 31, 600, 21, 640]
    for k in range(6):
        s.step(dts[k], says[k], [("tx_lookup", {"chain": "bitcoin", "tx_hash": h})], [res[k]])
    s.step(8, "The deposit is confirmed (3/3) and credited: 0.08412 BTC, ledger entry LE-20260311-558102. It should now show in "
           "the customer's balance.", user="Thanks — I'll let them know.")
    s.step(30, "You're welcome. Suggested reply: 'Your deposit of 0.08412 BTC has reached the required 3 confirmations and is now "
           "in your Halcyon balance.'", user="Sent. Closing the ticket.")
    return s

# @@STYLES-END@@


SESSIONS = [
    customs_runaway_renamed, customs_runaway_alternating, customs_healthy_batch, customs_healthy_backoff,
    trial_runaway_cycle, trial_runaway_notfound, trial_healthy_pagination, trial_healthy_revisit,
    sub_runaway_buried_error, sub_runaway_alternating_shift, sub_healthy_poll, sub_healthy_lint_changes,
    net_runaway_poll_idle, net_runaway_auth, net_healthy_boilerplate, net_healthy_revisit,
    grant_runaway_paraphrase, grant_runaway_clarify, grant_healthy_continue, grant_healthy_slow_refine,
    wh_runaway_cycle, wh_runaway_handoff, wh_healthy_monitor, wh_healthy_changing_faults,
    pr_runaway_continue, pr_runaway_stateless_same, pr_healthy_stateless_questions, pr_healthy_template,
    cw_runaway_same_article, cw_runaway_growing_log, cw_healthy_kyc_slow, cw_healthy_confirmations,
]


# ======================================================================================
# validation, writing, --check
# ======================================================================================
class Invalid(Exception):
    pass


def _need(cond, msg):
    if not cond:
        raise Invalid(msg)


def validate_request(shape, req):
    _need(isinstance(req.get("model"), str), "model")
    declared = set()
    if shape == "chat":
        for t in req.get("tools", []):
            _need(t["type"] == "function" and "name" in t["function"], "chat tool")
            declared.add(t["function"]["name"])
        msgs = req["messages"]
        _need(msgs, "empty messages")
        pending = set()
        for i, m in enumerate(msgs):
            _need(m["role"] in ("system", "user", "assistant", "tool"), "role")
            if m["role"] == "tool":
                _need(m["tool_call_id"] in pending, "tool message without matching call")
                pending.discard(m["tool_call_id"])
                continue
            _need(not pending, "unanswered tool calls before %s" % m["role"])
            if m["role"] == "system":
                _need(i == 0, "system not first")
            if m["role"] == "assistant":
                _need(m.get("content") or m.get("tool_calls"), "empty assistant")
                for c in m.get("tool_calls", []):
                    _need(c["function"]["name"] in declared, "undeclared tool")
                    json.loads(c["function"]["arguments"])
                    pending.add(c["id"])
            else:
                _need(isinstance(m["content"], str) and m["content"], "content")
        _need(not pending and msgs[-1]["role"] in ("user", "tool"), "chat must end with user/tool")
    elif shape == "responses":
        _need("previous_response_id" not in req and isinstance(req.get("max_output_tokens"), int), "responses fields")
        for t in req.get("tools", []):
            _need(t["type"] == "function" and "name" in t, "responses tool")
            declared.add(t["name"])
        calls, answered = set(), set()
        for it in req["input"]:
            if it.get("type") == "function_call":
                _need(it["name"] in declared, "undeclared tool")
                json.loads(it["arguments"])
                _need(it["call_id"] not in calls, "dup call id")
                calls.add(it["call_id"])
            elif it.get("type") == "function_call_output":
                _need(it["call_id"] in calls and it["call_id"] not in answered, "output without call")
                answered.add(it["call_id"])
            else:
                _need(it["role"] in ("user", "assistant"), "responses role")
                kind = "input_text" if it["role"] == "user" else "output_text"
                _need(all(c["type"] == kind and c["text"] for c in it["content"]), "responses content")
        _need(calls == answered, "unanswered function_call")
        _need(req["input"][-1].get("type") == "function_call_output" or req["input"][-1].get("role") == "user", "must end with input")
    else:
        _need(isinstance(req.get("max_tokens"), int), "max_tokens")
        for t in req.get("tools", []):
            _need("input_schema" in t, "anthropic tool")
            declared.add(t["name"])
        msgs = req["messages"]
        _need(msgs and msgs[0]["role"] == "user" and msgs[-1]["role"] == "user", "anthropic first/last user")
        prev_uses = set()
        for i, m in enumerate(msgs):
            _need(m["role"] == ("user" if i % 2 == 0 else "assistant"), "anthropic alternation")
            _need(m["content"], "empty content")
            if m["role"] == "assistant":
                prev_uses = set()
                for b in m["content"]:
                    _need(b["type"] in ("text", "tool_use"), "assistant block")
                    if b["type"] == "tool_use":
                        _need(b["name"] in declared, "undeclared tool")
                        prev_uses.add(b["id"])
            else:
                results = [b["tool_use_id"] for b in m["content"] if b["type"] == "tool_result"]
                _need(set(results) == prev_uses and len(results) == len(prev_uses), "tool_result must answer tool_use")
                if results:
                    _need(m["content"][0]["type"] == "tool_result", "tool_result first")
                prev_uses = set()


def validate_session(s, d):
    _need(8 <= len(d["turns"]) <= 30, "%s: %d turns" % (s.name, len(d["turns"])))
    exp = d["expected"]
    if exp["outcome"] == "runaway":
        _need(1 <= exp["loop_begins_turn"] < exp["stop_by_turn"] < len(d["turns"]), "%s: B/D" % s.name)
    prev_t, prev_items = -1, None
    for n, (t, items) in enumerate(s.turns):
        _need(t >= prev_t, "time goes back")
        if prev_items is not None and not s.stateless:
            _need(items[:len(prev_items)] == prev_items, "%s turn %d does not extend the previous" % (s.name, n + 1))
        prev_t, prev_items = t, items
    for n, turn in enumerate(d["turns"]):
        try:
            validate_request(s.shape, turn["request"])
        except (Invalid, KeyError, TypeError, ValueError) as e:
            raise Invalid("%s turn %d: %s" % (s.name, n + 1, e))


def build():
    out = {}
    for fn in SESSIONS:
        s = fn()
        d = s.to_json()
        validate_session(s, d)
        _need(s.name not in out, "dup name")
        out[s.name] = json.dumps(d, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    return out


def main():
    files = build()
    hd = os.path.join(ROOT, "heldout")
    if "--check" in sys.argv:
        ok = sorted(os.listdir(hd)) == sorted(n + ".json" for n in files)
        for n, text in files.items():
            p = os.path.join(hd, n + ".json")
            ok = ok and os.path.exists(p) and open(p, encoding="utf-8").read() == text
            json.loads(text)
        ok = ok and os.listdir(os.path.join(ROOT, "tuning")) == [".gitkeep"]
        print("corpus_j: %d sessions, %s" % (len(files), "OK" if ok else "DIFFERS from disk"))
        return 0 if ok else 1
    os.makedirs(hd, exist_ok=True)
    for f in os.listdir(hd):
        if f.endswith(".json") and f[:-5] not in files:
            os.remove(os.path.join(hd, f))
    for n, text in files.items():
        with open(os.path.join(hd, n + ".json"), "w", encoding="utf-8") as fh:
            fh.write(text)
    stats = {}
    for n, text in files.items():
        d = json.loads(text)
        stats.setdefault((d["style"], d["shape"], d["expected"]["outcome"]), []).append(len(d["turns"]))
    for k in sorted(stats):
        print(k, stats[k])
    print("wrote %d sessions" % len(files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
