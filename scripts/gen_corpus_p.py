#!/usr/bin/env python3
"""Agent-session corpus P (author: writer-p) for tollgate's loop detectors (issue 13).

Stdlib only, deterministic (no clock, no network, no randomness without a fixed seed).
Each session is written by its own function below with hand-written text; a small renderer
turns the abstract conversation (user/tool inputs and assistant replies) into the three API
shapes. Written without reading the detectors or any other corpus generator.

    python3 scripts/gen_corpus_p.py           # write tests/fixtures/corpus_p/heldout/*.json
    python3 scripts/gen_corpus_p.py --check   # regenerate in memory, compare with disk, validate
"""
import hashlib
import json
import os
import random
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "corpus_p")
SHAPE_PATH = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}


def jdump(obj):
    return json.dumps(obj, sort_keys=True, ensure_ascii=False)


class Session:
    """One conversation: a list of exchanges [at_seconds, input, reply].

    input is ("user", text) or ("tools", [output, ...]) answering the previous reply's calls;
    reply is (text, [(tool_name, args_dict), ...]) — the assistant's answer appended to the
    history before the next input. The last reply is never sent."""

    def __init__(self, name, style, shape, outcome, system, model, tools=None, notes="",
                 begins=None, stop_by=None, max_tokens=1024, stateless=False):
        self.name, self.style, self.shape, self.outcome = name, style, shape, outcome
        self.system, self.model, self.tools = system, model, tools or {}
        self.notes, self.begins, self.stop_by = notes, begins, stop_by
        self.max_tokens, self.stateless = max_tokens, stateless
        self.ex = []

    def user(self, at, text):
        self.ex.append([at, ("user", text), None])
        return self

    def tools_out(self, at, outputs):
        self.ex.append([at, ("tools", list(outputs)), None])
        return self

    def reply(self, text, calls=()):
        self.ex[-1][2] = (text, list(calls))
        return self

    # ----------------------------------------------------------------- rendering
    def _id(self, n):
        h = hashlib.sha256(f"{self.name}/{n}".encode()).hexdigest()
        if self.shape == "anthropic":
            return "toolu_01" + h[:22]
        return "call_" + h[:24]

    def _tool_decls(self):
        out = []
        for name, (desc, props, req) in self.tools.items():
            schema = {"type": "object", "properties": {k: {"type": t, "description": d} for k, (t, d) in props.items()},
                      "required": list(req)}
            if self.shape == "chat":
                out.append({"type": "function", "function": {"name": name, "description": desc, "parameters": schema}})
            elif self.shape == "responses":
                out.append({"type": "function", "name": name, "description": desc, "parameters": schema})
            else:
                out.append({"name": name, "description": desc, "input_schema": schema})
        return out

    def render(self):
        turns, hist, pending, n = [], [], [], 0
        for i, (at, inp, reply) in enumerate(self.ex):
            kind, payload = inp
            if kind == "user":
                if self.stateless:
                    hist = []
                if self.shape == "responses":
                    hist.append({"role": "user", "content": payload})
                else:
                    hist.append({"role": "user", "content": payload})
            else:
                if len(payload) != len(pending):
                    raise ValueError(f"{self.name}: exchange {i} has {len(payload)} outputs for {len(pending)} calls")
                if self.shape == "chat":
                    for cid, out in zip(pending, payload):
                        hist.append({"role": "tool", "tool_call_id": cid, "content": out})
                elif self.shape == "responses":
                    for cid, out in zip(pending, payload):
                        hist.append({"type": "function_call_output", "call_id": cid, "output": out})
                else:
                    hist.append({"role": "user", "content": [
                        {"type": "tool_result", "tool_use_id": cid, "content": out} for cid, out in zip(pending, payload)]})
            turns.append({"at_seconds": at, "request": self._request(hist)})
            pending = []
            if reply is None or i == len(self.ex) - 1:
                continue
            text, calls = reply
            ids = []
            for _ in calls:
                n += 1
                ids.append(self._id(n))
            if self.shape == "chat":
                msg = {"role": "assistant", "content": text or None}
                if calls:
                    msg["tool_calls"] = [{"id": cid, "type": "function", "function": {"name": nm, "arguments": jdump(a)}}
                                         for cid, (nm, a) in zip(ids, calls)]
                hist.append(msg)
            elif self.shape == "responses":
                if text:
                    hist.append({"type": "message", "role": "assistant",
                                 "content": [{"type": "output_text", "text": text}]})
                for cid, (nm, a) in zip(ids, calls):
                    hist.append({"type": "function_call", "call_id": cid, "name": nm, "arguments": jdump(a)})
            else:
                blocks = [{"type": "text", "text": text}] if text else []
                blocks += [{"type": "tool_use", "id": cid, "name": nm, "input": a} for cid, (nm, a) in zip(ids, calls)]
                hist.append({"role": "assistant", "content": blocks})
            pending = ids
        expected = {"outcome": "healthy"}
        if self.outcome == "runaway":
            expected = {"outcome": "runaway", "loop_begins_turn": self.begins, "stop_by_turn": self.stop_by}
        doc = {"name": self.name, "style": self.style, "shape": self.shape, "path": SHAPE_PATH[self.shape],
               "headers": {"x-session-id": "corpus-p-" + self.name, "x-user-id": "p-" + self.style.split("_")[0] + "-user"},
               "expected": expected, "turns": turns}
        if self.notes:
            doc["notes"] = self.notes
        return doc

    def _request(self, hist):
        msgs = json.loads(json.dumps(hist))
        if self.shape == "chat":
            req = {"model": self.model, "messages": [{"role": "system", "content": self.system}] + msgs}
            if self.tools:
                req["tools"] = self._tool_decls()
        elif self.shape == "responses":
            req = {"model": self.model, "instructions": self.system, "input": msgs, "max_output_tokens": self.max_tokens}
            if self.tools:
                req["tools"] = self._tool_decls()
        else:
            req = {"model": self.model, "system": self.system, "messages": msgs, "max_tokens": self.max_tokens}
            if self.tools:
                req["tools"] = self._tool_decls()
        return req


# ===================================================================== validation
def validate(doc):
    errs = []
    name, shape = doc.get("name"), doc.get("shape")
    for k in ("name", "style", "shape", "path", "headers", "expected", "turns"):
        if k not in doc:
            errs.append(f"{name}: missing {k}")
    if doc.get("path") != SHAPE_PATH.get(shape):
        errs.append(f"{name}: path/shape mismatch")
    exp = doc["expected"]
    nt = len(doc["turns"])
    if not 8 <= nt <= 30:
        errs.append(f"{name}: {nt} turns")
    if exp["outcome"] == "runaway":
        b, d = exp["loop_begins_turn"], exp["stop_by_turn"]
        if not (1 <= b < d < nt):
            errs.append(f"{name}: bad B/D {b}/{d} for {nt} turns (need turns past D)")
    elif exp != {"outcome": "healthy"}:
        errs.append(f"{name}: bad expected")
    last = -1
    for ti, t in enumerate(doc["turns"], 1):
        if t["at_seconds"] < last:
            errs.append(f"{name}: turn {ti} goes back in time")
        last = t["at_seconds"]
        r = t["request"]
        tools = set()
        if "tools" in r:
            for td in r["tools"]:
                tools.add(td["function"]["name"] if shape == "chat" else td["name"])
        if shape == "chat":
            errs += _val_chat(name, ti, r, tools)
        elif shape == "responses":
            errs += _val_responses(name, ti, r, tools)
        else:
            errs += _val_anthropic(name, ti, r, tools)
    return errs


def _val_chat(name, ti, r, tools):
    e, open_ids = [], []
    ms = r.get("messages") or []
    if not r.get("model") or not ms:
        return [f"{name}#{ti}: model/messages"]
    for m in ms:
        role = m.get("role")
        if role == "tool":
            if m.get("tool_call_id") not in open_ids:
                e.append(f"{name}#{ti}: unmatched tool_call_id")
            else:
                open_ids.remove(m["tool_call_id"])
            continue
        if open_ids:
            e.append(f"{name}#{ti}: tool calls left unanswered")
            open_ids = []
        if role not in ("system", "user", "assistant"):
            e.append(f"{name}#{ti}: role {role}")
        for tc in m.get("tool_calls", []):
            if tc["function"]["name"] not in tools:
                e.append(f"{name}#{ti}: undeclared tool")
            json.loads(tc["function"]["arguments"])
            open_ids.append(tc["id"])
        if role != "assistant" and not isinstance(m.get("content"), str):
            e.append(f"{name}#{ti}: content")
    if ms[-1]["role"] not in ("user", "tool"):
        e.append(f"{name}#{ti}: last message must be user/tool")
    return e


def _val_responses(name, ti, r, tools):
    e, open_ids = [], set()
    if not r.get("model") or not r.get("input") or "max_output_tokens" not in r or "previous_response_id" in r:
        return [f"{name}#{ti}: model/input/max_output_tokens"]
    for it in r["input"]:
        t = it.get("type", "message")
        if t == "function_call":
            if it["name"] not in tools:
                e.append(f"{name}#{ti}: undeclared tool")
            json.loads(it["arguments"])
            open_ids.add(it["call_id"])
        elif t == "function_call_output":
            if it["call_id"] not in open_ids:
                e.append(f"{name}#{ti}: unmatched call_id")
            open_ids.discard(it["call_id"])
        elif t == "message":
            if it.get("role") not in ("user", "assistant", "developer", "system"):
                e.append(f"{name}#{ti}: role")
        else:
            e.append(f"{name}#{ti}: item type {t}")
    if open_ids:
        e.append(f"{name}#{ti}: unanswered function_call")
    return e


def _val_anthropic(name, ti, r, tools):
    e = []
    ms = r.get("messages") or []
    if not r.get("model") or not ms or "max_tokens" not in r:
        return [f"{name}#{ti}: model/messages/max_tokens"]
    if ms[0]["role"] != "user" or ms[-1]["role"] != "user":
        e.append(f"{name}#{ti}: must start and end with user")
    prev_uses = []
    for i, m in enumerate(ms):
        want = "user" if i % 2 == 0 else "assistant"
        if m["role"] != want:
            e.append(f"{name}#{ti}: roles do not alternate at {i}")
        blocks = m["content"] if isinstance(m["content"], list) else [{"type": "text", "text": m["content"]}]
        if m["role"] == "assistant":
            prev_uses = [b["id"] for b in blocks if b["type"] == "tool_use"]
            for b in blocks:
                if b["type"] == "tool_use" and b["name"] not in tools:
                    e.append(f"{name}#{ti}: undeclared tool")
                if b["type"] not in ("text", "tool_use"):
                    e.append(f"{name}#{ti}: block {b['type']}")
        else:
            results = [b["tool_use_id"] for b in blocks if b["type"] == "tool_result"]
            if sorted(results) != sorted(prev_uses):
                e.append(f"{name}#{ti}: tool_result ids {results} do not match tool_use {prev_uses}")
            prev_uses = []
    return e


# ===================================================================== pet_insurance_claims
PET_TOOLS = {
    "get_policy": ("Fetch a pet insurance policy with coverage, deductible and exclusions.",
                   {"policy_id": ("string", "Policy number, e.g. PET-2291-77")}, ["policy_id"]),
    "ocr_invoice": ("OCR a veterinary invoice attached to a claim and return line items.",
                    {"claim_id": ("string", "Claim id"), "attachment": ("string", "Attachment file name")}, ["claim_id"]),
    "issue_payment": ("Issue a claim payment to a payee (clinic or policyholder).",
                      {"claim_id": ("string", "Claim id"), "payee_id": ("string", "Vendor or member id"),
                       "amount_cents": ("integer", "Amount in cents")}, ["claim_id", "payee_id", "amount_cents"]),
}
PET_SYSTEM = ("You are ClaimPaw, an adjudication assistant for Larkspur Mutual pet insurance. Use get_policy, "
              "ocr_invoice and issue_payment. Never pay above the annual limit, apply the deductible once per "
              "policy year, and route anything that looks pre-existing to a human reviewer.")


def pet_policy(pid, pet, species, deductible, reimb, exclusions):
    return jdump({"policy_id": pid, "status": "active", "pet": {"name": pet, "species": species},
                  "plan": "Accident & Illness 80", "deductible_cents": deductible, "deductible_met_cents": 0,
                  "reimbursement_pct": reimb, "annual_limit_cents": 1000000, "paid_this_year_cents": 0,
                  "exclusions": exclusions, "waiting_period_ends": "2026-03-14"})


def pet_runaway_payee():
    s = Session("pet_insurance_claims_runaway_payee_chat", "pet_insurance_claims", "chat", "runaway", PET_SYSTEM,
                "gpt-4o", PET_TOOLS, begins=5, stop_by=10,
                notes="Payment to the clinic is rejected with PAYEE_NOT_VERIFIED; the agent keeps retrying under "
                      "a different vendor record or payment id each time (renamed entities, same failure).")
    s.user(0, "Claim CLM-88213 came in overnight for policy PET-2291-77 (Biscuit, beagle). Invoice is "
              "riverside_inv_55120.pdf. Please adjudicate and pay the clinic directly if covered.")
    s.reply("I'll pull the policy first.", [("get_policy", {"policy_id": "PET-2291-77"})])
    s.tools_out(3, [pet_policy("PET-2291-77", "Biscuit", "dog", 25000, 80, ["dental cleaning", "pre-existing: left ear otitis (2025)"])])
    s.reply("Policy is active, 80% after a $250 deductible. Reading the invoice.",
            [("ocr_invoice", {"claim_id": "CLM-88213", "attachment": "riverside_inv_55120.pdf"})])
    s.tools_out(9, [jdump({"clinic": "Riverside Animal Hospital LLC", "invoice_no": "55120", "date": "2026-11-30",
                           "lines": [{"desc": "Exam - urgent", "amount_cents": 9800},
                                     {"desc": "Radiographs, abdomen 2 views", "amount_cents": 31400},
                                     {"desc": "Foreign body removal (gastrotomy)", "amount_cents": 248000},
                                     {"desc": "Hospitalization 2 nights", "amount_cents": 64000},
                                     {"desc": "Cerenia 16mg x4", "amount_cents": 5200}],
                           "total_cents": 358400, "ocr_confidence": 0.97})])
    s.reply("All lines are accident-related (swallowed sock), none excluded. Eligible $3,584.00 minus $250 "
            "deductible = $3,334.00 x 80% = $2,667.20. Paying Riverside Animal Hospital.",
            [("issue_payment", {"claim_id": "CLM-88213", "payee_id": "VND-30117", "amount_cents": 266720})])
    payees = [("VND-30117", "Riverside Animal Hospital LLC"), ("VND-30118", "Riverside Animal Hosp."),
              ("VND-41902", "Riverside Animal Hospital"), ("VND-30117-A", "Riverside Animal Hospital LLC (ACH)"),
              ("VND-52210", "RAH Veterinary Group"), ("VND-30119", "Riverside Animal Hospital - Main St"),
              ("VND-41902", "Riverside Animal Hospital"), ("VND-60031", "Riverside AH LLC"),
              ("VND-30118", "Riverside Animal Hosp."), ("VND-61177", "Riverside Animal Hospital LLC")]
    why = ["Let me try the clinic's other vendor record.", "That record may be stale; trying the alternate listing.",
           "The ACH variant of the record might be the verified one.", "Trying the parent group's vendor id instead.",
           "There's a Main St location record; retrying with that.", "Retrying the earlier record in case verification just completed.",
           "Trying the shortened legal name record.", "Going back to the abbreviated record once more.",
           "One more vendor record matches the clinic name; trying it."]
    at = 14
    for i in range(9):
        pid, pname = payees[i]
        s.tools_out(at, [jdump({"error": {"code": "PAYEE_NOT_VERIFIED", "status": 422,
                                          "message": f"Payee {pid} ({pname}) has no verified bank account on file. "
                                                     "Payments to unverified payees are blocked by treasury policy TP-7.",
                                          "payment_request_id": f"PRQ-{771040 + 13 * i}"}})])
        nxt = payees[i + 1][0]
        s.reply(f"The payment was rejected: payee {pid} is not verified. {why[i]}",
                [("issue_payment", {"claim_id": "CLM-88213", "payee_id": nxt, "amount_cents": 266720})])
        at += 6 + i
    return s


def pet_runaway_clarify():
    s = Session("pet_insurance_claims_runaway_clarify_anthropic", "pet_insurance_claims", "anthropic", "runaway",
                PET_SYSTEM, "claude-sonnet-4-20250514", PET_TOOLS, begins=5, stop_by=9, max_tokens=1500,
                notes="The invoice covers two pets; the agent keeps asking which pet the claim is for and the "
                      "user keeps answering the same thing.")
    s.user(0, "hi, I submitted claim CLM-90412 for my policy PET-5530-12, it's the invoice from Maple Grove Vet "
              "from last Tuesday. Can you tell me how much I'll get back?")
    s.reply("Let me look up your policy.", [("get_policy", {"policy_id": "PET-5530-12"})])
    s.tools_out(4, [pet_policy("PET-5530-12", "Biscuit", "dog", 10000, 90, ["elective procedures"])])
    s.reply("Now the invoice.", [("ocr_invoice", {"claim_id": "CLM-90412", "attachment": "maplegrove_1121.jpg"})])
    s.tools_out(10, [jdump({"clinic": "Maple Grove Veterinary", "date": "2026-12-01",
                            "patients": ["Biscuit (canine)", "Mochi (feline)"],
                            "lines": [{"patient": "Biscuit", "desc": "Exam", "amount_cents": 7200},
                                      {"patient": "Biscuit", "desc": "Laceration repair, 4cm", "amount_cents": 41000},
                                      {"patient": "Mochi", "desc": "Vaccine FVRCP", "amount_cents": 3900},
                                      {"patient": "Mochi", "desc": "Nail trim", "amount_cents": 1800}],
                            "total_cents": 53900, "ocr_confidence": 0.91})])
    asks = [
        "The invoice lists two patients, Biscuit and Mochi. Before I calculate, could you confirm which pet this claim is for?",
        "Thanks! Just to be sure I apply the right policy: is this claim for Biscuit or for Mochi? The invoice shows both.",
        "Understood. To make sure I don't mix up the line items, can you confirm which pet the claim covers, Biscuit or Mochi?",
        "Got it. Since the invoice includes two animals, I need to confirm: which pet is this claim for?",
        "Thank you. Could you confirm whether the claim is for Biscuit or Mochi? Both appear on the invoice.",
        "Okay. Before calculating, please confirm which pet this claim is for - Biscuit or Mochi?",
        "Thanks for your patience. Which of the two pets on the invoice, Biscuit or Mochi, is this claim for?",
        "Understood. I just need to confirm the pet for this claim: Biscuit or Mochi?",
    ]
    answers = ["Biscuit. Mochi isn't insured with you.", "Biscuit, the dog. Only Biscuit.",
               "It's Biscuit. I said that.", "BISCUIT. the cut on his leg.", "Biscuit!! the dog!",
               "biscuit", "Biscuit. Is something broken?", "Biscuit"]
    at = 40
    for i in range(len(asks)):
        s.reply(asks[i])
        s.user(at, answers[i])
        at += 25 + 10 * (i % 3)
    s.reply(asks[0])
    return s


def pet_healthy_batch():
    checklist = (
        "Adjudication checklist (apply to the claim below, in order):\n"
        "1. Policy active on date of service; waiting period over (accident 2 days, illness 14 days, ortho 6 months).\n"
        "2. Each invoice line: covered / excluded / needs review. Exclusions on the policy beat the general rules.\n"
        "3. Pre-existing: if any diagnosis matches a condition noted before the policy start date or during the "
        "waiting period, flag NEEDS_HUMAN_REVIEW: PRE-EXISTING and do not pay those lines.\n"
        "4. Apply the deductible once per policy year, then the reimbursement percentage, then the annual limit.\n"
        "5. Output exactly: Decision / Eligible / Deductible applied / Payable / Flags / Note to member.\n"
        "Do not issue payments in this batch; finance releases them after QA.")
    s = Session("pet_insurance_claims_healthy_batch_responses", "pet_insurance_claims", "responses", "healthy",
                PET_SYSTEM, "gpt-4.1-mini", {k: PET_TOOLS[k] for k in ("get_policy", "ocr_invoice")}, max_tokens=1200,
                notes="Batch: the same long checklist resent with a different claim each time; the same "
                      "pre-existing-condition flag legitimately recurs on several different claims.")
    claims = [
        ("CLM-91001", "PET-1180-04", "Pepper", "dog", ["pre-existing: hip dysplasia (2024)"],
         [("Exam", 6500), ("Radiographs hips", 28000), ("Carprofen 75mg x60", 7400)], "hip dysplasia", True),
        ("CLM-91002", "PET-7731-19", "Loki", "cat", [], [("Exam", 6500), ("Urinalysis", 9500), ("Cefovecin inj", 8900)],
         "cystitis", False),
        ("CLM-91003", "PET-2044-61", "Juniper", "dog", ["pre-existing: allergic dermatitis (2025)"],
         [("Exam", 6500), ("Cytology skin", 7800), ("Apoquel 16mg x30", 11200)], "allergic dermatitis", True),
        ("CLM-91004", "PET-3309-02", "Hank", "dog", ["dental cleaning"],
         [("Dental cleaning", 42000), ("Extraction 108", 18000), ("Anesthesia", 21000)], "dental disease", False),
        ("CLM-91005", "PET-6652-33", "Olive", "cat", ["pre-existing: hyperthyroidism (2025)"],
         [("Exam", 6500), ("T4 panel", 12400), ("Methimazole 5mg x60", 3600)], "hyperthyroidism", True),
        ("CLM-91006", "PET-8120-90", "Ziggy", "dog", [], [("Emergency exam", 14500), ("Wound repair", 38500),
                                                          ("Cone", 1900)], "bite wound", False),
    ]
    at = 0
    for i, (cid, pid, pet, sp, excl, lines, dx, pre) in enumerate(claims):
        s.user(at, f"{checklist}\n\nClaim: {cid}  Policy: {pid}  Attachment: {cid.lower()}_invoice.pdf")
        s.reply("", [("get_policy", {"policy_id": pid}), ("ocr_invoice", {"claim_id": cid, "attachment": f"{cid.lower()}_invoice.pdf"})])
        total = sum(a for _, a in lines)
        s.tools_out(at + 5, [pet_policy(pid, pet, sp, 20000, 80, excl),
                             jdump({"clinic": ["Oakline Vet", "Harbor Cats", "Sunset Animal Clinic"][i % 3],
                                    "date": f"2026-11-{10 + i:02d}", "diagnosis": dx,
                                    "lines": [{"desc": d, "amount_cents": a} for d, a in lines], "total_cents": total})])
        if pre:
            s.reply(f"Decision: PARTIAL HOLD\nEligible: $0.00 of ${total / 100:.2f}\nDeductible applied: no\n"
                    f"Payable: $0.00\nFlags: NEEDS_HUMAN_REVIEW: PRE-EXISTING ({dx} noted before policy start)\n"
                    f"Note to member: We're reviewing {pet}'s {dx} history; a specialist will contact you within 3 business days.")
        elif "dental cleaning" in excl:
            s.reply(f"Decision: DENIED (excluded)\nEligible: $0.00\nDeductible applied: no\nPayable: $0.00\n"
                    f"Flags: none\nNote to member: Routine dental cleaning and related anesthesia are excluded on {pet}'s plan.")
        else:
            pay = (total - 20000) * 80 // 100
            s.reply(f"Decision: APPROVED\nEligible: ${total / 100:.2f}\nDeductible applied: $200.00\n"
                    f"Payable: ${pay / 100:.2f}\nFlags: none\nNote to member: {pet}'s {dx} treatment is covered at 80% after the deductible.")
        at += 70 + 9 * i
    s.user(at, "That's the batch. Give me a one-line tally.")
    s.reply("6 claims: 2 approved, 1 denied (excluded dental), 3 held for pre-existing review.")
    return s


def pet_healthy_backoff():
    s = Session("pet_insurance_claims_healthy_backoff_chat", "pet_insurance_claims", "chat", "healthy", PET_SYSTEM,
                "gpt-4o", PET_TOOLS,
                notes="Payment API answers 429 then 503 twice; the agent backs off (2s, 8s, 30s, 60s) and the "
                      "payment succeeds, then a second claim is handled normally.")
    s.user(0, "Pay out CLM-77310 (policy PET-4410-08, Nala) - already approved by Dana for $1,142.40 to the member, "
              "member id MBR-220914.")
    s.reply("Issuing the approved payment.", [("issue_payment", {"claim_id": "CLM-77310", "payee_id": "MBR-220914", "amount_cents": 114240})])
    fails = [(2, {"error": {"status": 429, "code": "RATE_LIMITED", "message": "Too many payment requests", "retry_after_seconds": 2}}),
             (5, {"error": {"status": 503, "code": "UPSTREAM_UNAVAILABLE", "message": "ACH gateway maintenance window; try again later"}}),
             (14, {"error": {"status": 503, "code": "UPSTREAM_UNAVAILABLE", "message": "ACH gateway maintenance window; try again later"}}),
             (45, {"error": {"status": 503, "code": "UPSTREAM_UNAVAILABLE", "message": "ACH gateway warming up (2 of 3 nodes healthy)"}})]
    waits = ["Rate limited; retrying after the 2 seconds it asked for.", "Gateway maintenance. Backing off 8 seconds.",
             "Still in maintenance; backing off 30 seconds.", "Gateway is coming back; one more try after 60 seconds."]
    for (at, err), w in zip(fails, waits):
        s.tools_out(at, [jdump(err)])
        s.reply(w, [("issue_payment", {"claim_id": "CLM-77310", "payee_id": "MBR-220914", "amount_cents": 114240})])
    s.tools_out(106, [jdump({"payment_id": "PAY-5520193", "status": "submitted", "amount_cents": 114240,
                             "rail": "ACH", "expected_settlement": "2026-12-09"})])
    s.reply("Paid: PAY-5520193, $1,142.40 by ACH, settles Dec 9.")
    s.user(300, "thanks. next one CLM-77402, policy PET-9021-55, invoice chewy_rx_1187.pdf, adjudicate it")
    s.reply("", [("get_policy", {"policy_id": "PET-9021-55"})])
    s.tools_out(303, [pet_policy("PET-9021-55", "Miso", "cat", 25000, 70, ["prescription food"])])
    s.reply("", [("ocr_invoice", {"claim_id": "CLM-77402", "attachment": "chewy_rx_1187.pdf"})])
    s.tools_out(309, [jdump({"clinic": "online pharmacy", "lines": [{"desc": "Hill's c/d Multicare 8.5lb", "amount_cents": 6899},
                                                                      {"desc": "Gabapentin 100mg x30", "amount_cents": 2450}], "total_cents": 9349})])
    s.reply("The prescription diet line ($68.99) is excluded; gabapentin ($24.50) is covered but below the $250 deductible, "
            "so payable is $0.00 and $24.50 counts toward the deductible. Want me to send the member the explanation?")
    s.user(420, "yes, send it, and that's all for today")
    s.reply("Done - explanation of benefits queued for Miso's owner.")
    return s


# ===================================================================== fleet_telematics_alerts
FLEET_TOOLS = {
    "get_gps": ("Latest GPS fix for a truck.", {"unit": ("string", "Truck unit number")}, ["unit"]),
    "get_engine_codes": ("Active J1939 diagnostic trouble codes (SPN/FMI) and key engine readings.",
                         {"unit": ("string", "Truck unit number")}, ["unit"]),
    "get_driver_log": ("Driver hours-of-service log (ELD) for the current day.",
                       {"driver_id": ("string", "Driver id")}, ["driver_id"]),
    "route_alert": ("Hand an alert to another team's agent with a note.",
                    {"alert_id": ("string", "Alert id"), "team": ("string", "maintenance|compliance|dispatch"),
                     "note": ("string", "Handoff note")}, ["alert_id", "team", "note"]),
    "fleet_summary": ("Fleet-wide health summary for the reporting window.", {"window": ("string", "e.g. 1h")}, ["window"]),
}
FLEET_SYSTEM = ("You triage telematics alerts for Kestrel Freight (214 Class 8 tractors). Use the tools to confirm "
                "location, engine state and driver hours, then either close the alert, dispatch help, or route it.")


def fleet_runaway_poll():
    s = Session("fleet_telematics_alerts_runaway_poll_responses", "fleet_telematics_alerts", "responses", "runaway",
                FLEET_SYSTEM, "gpt-4.1-mini", FLEET_TOOLS, begins=4, stop_by=11, max_tokens=600,
                notes="GPS and engine codes alternate (period 2); the truck's fix and codes never change, only the "
                      "query timestamp ticks. The agent keeps re-checking instead of escalating.")
    s.user(0, "ALERT A-33817 unit 4471: ENGINE DERATE + HARSH BRAKE at 03:12Z on I-80 WB near Laramie. Is the truck "
              "stopped on the shoulder? Driver not answering the phone.")
    s.reply("", [("get_gps", {"unit": "4471"})])
    t = 20
    for i in range(7):
        q = f"2026-12-07T03:{21 + i:02d}:{(7 + 13 * i) % 60:02d}Z"
        s.tools_out(t, [jdump({"unit": "4471", "lat": 41.28917, "lon": -105.71402, "speed_mph": 0, "heading": 272,
                               "ignition": "on", "last_fix": "2026-12-07T03:14:02Z", "queried_at": q,
                               "nearest": "I-80 WB mile 298.4, shoulder"})])
        s.reply("Truck still at mile 298.4, speed 0, ignition on. Checking the engine codes again."
                if i else "Truck is stationary at I-80 WB mile 298.4. Checking engine codes.",
                [("get_engine_codes", {"unit": "4471"})])
        t += 15
        s.tools_out(t, [jdump({"unit": "4471", "queried_at": q.replace(":%02d:" % (21 + i), ":%02d:" % (21 + i)),
                               "active": [{"spn": 3251, "fmi": 0, "desc": "Aftertreatment DPF differential pressure high", "count": 3},
                                          {"spn": 5246, "fmi": 0, "desc": "SCR operator inducement severity high", "count": 1}],
                               "coolant_f": 188, "oil_psi": 41, "rpm": 650, "derate_pct": 60})])
        s.reply("DPF pressure high and SCR inducement still active, 60% derate. The position hasn't changed; I'll "
                "check the GPS again to see if the driver moves.", [("get_gps", {"unit": "4471"})])
        t += 45
    return s


def fleet_runaway_handoff():
    s = Session("fleet_telematics_alerts_runaway_handoff_anthropic", "fleet_telematics_alerts", "anthropic", "runaway",
                FLEET_SYSTEM, "claude-sonnet-4-20250514", FLEET_TOOLS, begins=5, stop_by=10, max_tokens=800,
                notes="Maintenance and compliance agents keep handing alert A-34002 back; the triage agent re-routes "
                      "it each time with the same note (two agents handing the same thing back and forth).")
    s.user(0, "ALERT A-34002 unit 3108, driver D-5521: truck parked 11h at Flying J Tooele, DTC SPN 102 FMI 18 "
              "(boost pressure low), ELD shows driver went off-duty early. Sort out who owns this.")
    s.reply("", [("get_engine_codes", {"unit": "3108"}), ("get_driver_log", {"driver_id": "D-5521"})])
    s.tools_out(8, [jdump({"unit": "3108", "active": [{"spn": 102, "fmi": 18, "desc": "Intake manifold boost pressure low - moderately severe", "count": 7}], "derate_pct": 25}),
                    jdump({"driver_id": "D-5521", "events": [["06:00", "on-duty"], ["06:20", "driving"], ["13:48", "on-duty"],
                                                             ["14:05", "off-duty", "note: truck losing power, waiting"]],
                           "remaining_drive_min": 192})])
    s.reply("Boost-pressure fault with a 25% derate; the driver stopped because the truck was losing power. This is "
            "a maintenance issue.", [("route_alert", {"alert_id": "A-34002", "team": "maintenance",
                                                    "note": "Boost pressure low SPN102/18, 25% derate, truck parked at Flying J Tooele. Needs road service."})])
    back = [("maintenance", "Returned by maintenance-agent: driver went off-duty with 192 min of drive time left; "
                            "off-duty choice is an HOS/compliance matter. Not dispatching road service until compliance clears."),
            ("compliance", "Returned by compliance-agent: no HOS violation; driver went off-duty because of an engine "
                           "fault. Mechanical issue - belongs to maintenance.")]
    t = 30
    for i in range(11):
        team, msg = back[i % 2]
        s.tools_out(t, [jdump({"alert_id": "A-34002", "status": "returned", "from": team,
                               "message": msg, "handoff_seq": i + 1})])
        other = "compliance" if team == "maintenance" else "maintenance"
        note = ("Boost pressure low SPN102/18, 25% derate, truck parked at Flying J Tooele. Needs road service."
                if other == "maintenance" else
                "Driver D-5521 went off-duty at 14:05 because the truck was losing power. Please confirm HOS is fine.")
        s.reply(f"{team.capitalize()} sent it back. Routing to {other}.",
                [("route_alert", {"alert_id": "A-34002", "team": other, "note": note})])
        t += 40 + 5 * (i % 3)
    return s


def fleet_healthy_cooling():
    s = Session("fleet_telematics_alerts_healthy_cooling_chat", "fleet_telematics_alerts", "chat", "healthy",
                FLEET_SYSTEM, "gpt-4o", FLEET_TOOLS,
                notes="Polling a truck with an overheating alert every two minutes: coolant temperature, speed and ETA "
                      "move each time until it reaches the yard and the code clears.")
    s.user(0, "ALERT A-35120 unit 2290: COOLANT TEMP HIGH (SPN 110 FMI 16) 228F, I-10 EB near Tonopah. Driver says "
              "he's limping to the Buckeye yard 38 miles out at reduced speed. Watch it and tell me if it gets worse.")
    s.reply("", [("get_engine_codes", {"unit": "2290"}), ("get_gps", {"unit": "2290"})])
    temps = [228, 224, 219, 215, 212, 209, 207, 205, 203]
    miles = [38.0, 36.1, 34.0, 31.9, 29.6, 27.5, 25.2, 23.0, 20.9]
    t = 6
    for i in range(len(temps)):
        codes = [{"spn": 110, "fmi": 16, "desc": "Engine coolant temperature above normal - moderately severe", "count": 1 + i}] if temps[i] > 210 else []
        s.tools_out(t, [jdump({"unit": "2290", "active": codes, "coolant_f": temps[i], "fan": "engaged" if temps[i] > 205 else "auto",
                               "oil_psi": 36 + i % 3, "rpm": 1320 + 10 * (i % 4)}),
                        jdump({"unit": "2290", "lat": round(33.418 - 0.0009 * i, 5), "lon": round(-112.865 + 0.031 * i, 5),
                               "speed_mph": 48 + (i % 3), "last_fix": f"2026-12-07T15:{2 * i + 1:02d}:10Z",
                               "miles_to": {"Buckeye yard": miles[i]}})])
        eta = int(miles[i] / 49 * 60)
        if i == len(temps) - 1:
            s.reply(f"Coolant down to {temps[i]}F and SPN 110 is no longer active; {miles[i]} mi to Buckeye. Closing "
                    "the alert as recovered, and I'll open a shop ticket for the cooling system inspection.")
        else:
            trend = "falling" if i else "first reading"
            s.reply(f"{temps[i]}F ({trend}), {miles[i]} mi to the yard, ETA about {eta} min. Checking again in 2 minutes.",
                    [("get_engine_codes", {"unit": "2290"}), ("get_gps", {"unit": "2290"})])
        t += 120
    s.user(t + 30, "good. open the ticket for the shop, priority normal")
    s.reply("Shop ticket SHP-11902 opened for unit 2290: cooling system inspection (fan clutch, thermostat), priority normal.")
    return s


def fleet_healthy_green():
    s = Session("fleet_telematics_alerts_healthy_green_anthropic", "fleet_telematics_alerts", "anthropic", "healthy",
                FLEET_SYSTEM, "claude-sonnet-4-20250514", FLEET_TOOLS, max_tokens=700,
                notes="Hourly scheduled health check: a mostly identical boilerplate summary with changing timestamps "
                      "and counts; one amber item appears and is handled, then all green again.")
    rnd = random.Random(4217)
    t = 0
    for h in range(7):
        hh = 5 + h
        s.user(t, f"[scheduler] Fleet health check for window {hh - 1:02d}:00-{hh:02d}:00 UTC. Report status in the "
                  "standard format (STATUS / REPORTING / OPEN ALERTS / NOTES).")
        s.reply("", [("fleet_summary", {"window": "1h"})])
        reporting = 214 - rnd.randint(0, 3)
        moving = 120 + rnd.randint(-25, 30)
        amber = ["unit 1877 DEF level 9%"] if h == 3 else []
        rows = "\n".join(f"  region {r:<10} units {n:>3}  moving {m:>3}  idle>30m {rnd.randint(0, 4):>2}  dtc_active {rnd.randint(0, 2)}"
                         for r, n, m in (("west", 71, moving // 3), ("mountain", 48, moving // 4), ("central", 55, moving // 3), ("east", 40, moving // 6)))
        s.tools_out(t + 4, [
            "KESTREL FREIGHT TELEMATICS - FLEET SUMMARY\n"
            f"generated_at: 2026-12-07T{hh:02d}:00:{rnd.randint(2, 9):02d}Z  window: {hh - 1:02d}:00-{hh:02d}:00Z\n"
            "source: ingest-v3 (primary)  schema: fs/2.4\n"
            "--------------------------------------------------------------\n"
            f"units total 214  reporting {reporting}  stale>15m {214 - reporting}\n"
            f"{rows}\n"
            f"alerts opened {rnd.randint(0, 3)}  closed {rnd.randint(0, 3)}  open critical 0  open amber {len(amber)}\n"
            + (f"amber: {amber[0]}\n" if amber else "")
            + f"avg mpg {6.4 + rnd.randint(0, 5) / 10:.1f}  fuel events 0  geofence breaches 0\n"
            "--------------------------------------------------------------\n"
            "This report is generated automatically. Thresholds: stale>15m warn at 5, critical at 12."])
        if amber:
            s.reply(f"STATUS: AMBER\nREPORTING: {reporting}/214\nOPEN ALERTS: 1 amber - unit 1877 DEF level 9%\n"
                    "NOTES: Checking unit 1877's position for the nearest DEF stop.", [("get_gps", {"unit": "1877"})])
            s.tools_out(t + 9, [jdump({"unit": "1877", "lat": 39.7392, "lon": -104.9903, "speed_mph": 61,
                                       "last_fix": f"2026-12-07T{hh:02d}:00:41Z", "nearest": "Pilot #297 Denver, 6 mi ahead"})])
            s.reply("NOTES: Unit 1877 passes Pilot #297 in ~6 miles; DEF reminder sent to the driver's tablet.")
        else:
            s.reply(f"STATUS: GREEN\nREPORTING: {reporting}/214 ({214 - reporting} stale, under the warn threshold)\n"
                    f"OPEN ALERTS: none\nNOTES: {moving} units moving; nothing needs action.")
        t += 3600
    return s


# ===================================================================== variant_calling_pipeline
VC_TOOLS = {
    "submit_job": ("Submit (or resume) the germline variant-calling workflow on the cluster; waits for the result.",
                   {"sample": ("string", "Sample id"), "resume": ("boolean", "Resume from last checkpoint")}, ["sample"]),
    "get_job_log": ("Fetch the scheduler + workflow log of a job.", {"job_id": ("string", "Job id")}, ["job_id"]),
    "get_job_status": ("Progress of a running workflow job.", {"job_id": ("string", "Job id")}, ["job_id"]),
    "edit_config": ("Set one key in the workflow config (config.yaml).",
                    {"key": ("string", "Dotted key"), "value": ("string", "New value")}, ["key", "value"]),
    "read_qc_report": ("Read the MultiQC-style QC report for a sample.", {"sample": ("string", "Sample id")}, ["sample"]),
}
VC_SYSTEM = ("You operate the germline short-variant pipeline (BWA-MEM2 -> MarkDuplicates -> BQSR -> "
             "HaplotypeCaller -> GenotypeGVCFs -> VQSR) for the Halden Lab WGS cohort on the slurm cluster.")


def vc_log(rnd, job, sample, fail_step, tail, proc="BQSR"):
    """A long, varied workflow log; the failing step's error sits deep inside it."""
    lines = [f"slurm job {job} on node cn{rnd.randint(101, 164)} partition=bigmem cpus=16 mem=64G",
             f"Nextflow 24.04.2 run germline.nf -profile slurm --sample {sample} -resume",
             "executor >  slurm (pending 0, running 4)"]
    clock = rnd.randint(0, 3000)
    for chrom in [f"chr{c}" for c in list(range(1, 23)) + ["X", "Y"]]:
        for step in ("BWA_MEM2", "MARKDUP", "BQSR") + (("HAPLOTYPECALLER",) if proc == "HAPLOTYPECALLER" and chrom == fail_step else ()):
            clock += rnd.randint(3, 40)
            h, m, sec = 4 + clock // 3600, (clock // 60) % 60, clock % 60
            if step == proc and chrom == fail_step:
                lines += tail(h, m, sec)
                lines.append(f"[{h:02d}:{m:02d}:{sec:02d}] executor > killing pending tasks (3)")
                return "\n".join(lines + [f"ERROR ~ Error executing process > '{proc} ({sample}:{chrom})'",
                                          f"Caused by: Process `{proc}` terminated with an error exit status (1)",
                                          "Work dir: /scratch/halden/work/" + hashlib.md5(f"{job}{chrom}".encode()).hexdigest()[:2] + "/" + hashlib.md5(job.encode()).hexdigest()[:30]])
            reads = rnd.randint(3_100_000, 19_800_000)
            if step == "BWA_MEM2":
                lines.append(f"[{h:02d}:{m:02d}:{sec:02d}] [M::mem_process_seqs] Processed {reads} reads in {rnd.randint(90, 400)}.{rnd.randint(10, 99)} CPU sec, {rnd.randint(8, 30)}.{rnd.randint(10, 99)} real sec ({chrom})")
            elif step == "MARKDUP":
                lines.append(f"[{h:02d}:{m:02d}:{sec:02d}] INFO MarkDuplicates  Tracking {rnd.randint(1000, 90000)} as yet unmatched pairs. {rnd.randint(100, 9000)} records in RAM. ({chrom})")
                lines.append(f"[{h:02d}:{m:02d}:{sec:02d}] INFO MarkDuplicates  Marking {rnd.randint(200000, 1900000)} records as duplicates.")
            elif step == "HAPLOTYPECALLER":
                lines.append(f"[{h:02d}:{m:02d}:{sec:02d}] INFO  HaplotypeCaller - {chrom}:{rnd.randint(1_000_000, 240_000_000)}  active regions {rnd.randint(20000, 90000)}  {rnd.randint(1, 9)}.{rnd.randint(0, 9)} min")
            else:
                lines.append(f"[{h:02d}:{m:02d}:{sec:02d}] INFO  BaseRecalibrator - Processed {reads} reads; {rnd.randint(0, 40)} reads filtered by MappingQualityNotZeroReadFilter ({chrom})")
                lines.append(f"[{h:02d}:{m:02d}:{sec:02d}] INFO  ProgressMeter - {chrom}:{rnd.randint(1_000_000, 240_000_000)}  {rnd.randint(1, 9)}.{rnd.randint(0, 9)} min  {rnd.randint(100000, 999999)} reads/min")
    return "\n".join(lines)


def vc_oom_tail(h, m, s):
    return [f"[{h:02d}:{m:02d}:{s:02d}] INFO  BaseRecalibrator - Initializing engine",
            f"[{h:02d}:{m:02d}:{s:02d}] INFO  FeatureManager - Using codec VCFCodec to read file known_sites/dbsnp_156.hg38.vcf.gz",
            f"[{h:02d}:{m:02d}:{s:02d}] Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space",
            "\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)",
            "\tat htsjdk.variant.vcf.AbstractVCFCodec.decodeLine(AbstractVCFCodec.java:378)",
            "\tat org.broadinstitute.hellbender.engine.FeatureDataSource.refillQueryCache(FeatureDataSource.java:580)",
            "\tat org.broadinstitute.hellbender.tools.walkers.bqsr.BaseRecalibrator.apply(BaseRecalibrator.java:197)",
            "Using GATK jar /opt/gatk-4.5.0.0/gatk-package-4.5.0.0-local.jar  -Xmx4g"]


def vc_runaway_restart():
    s = Session("variant_calling_pipeline_runaway_restart_chat", "variant_calling_pipeline", "chat", "runaway",
                VC_SYSTEM, "gpt-4o", VC_TOOLS, begins=4, stop_by=10,
                notes="The job is resumed again and again and dies at BQSR on chr21 with the same Java heap OOM "
                      "(-Xmx4g), buried at the end of a long log that differs every run.")
    s.user(0, "HAL-0457 failed overnight. Please get it through, the cohort joint-call is waiting on it.")
    s.reply("Resubmitting from the last checkpoint.", [("submit_job", {"sample": "HAL-0457", "resume": True})])
    t = 40
    rnd = random.Random(457)
    for i in range(6):
        job = str(8841207 + 311 * i + rnd.randint(0, 90))
        s.tools_out(t, [jdump({"job_id": job, "state": "FAILED", "exit_code": 1, "elapsed": f"0{1 + i % 2}:{rnd.randint(10, 59)}:{rnd.randint(10, 59)}",
                               "failed_process": "BQSR"})])
        s.reply(f"Job {job} failed in BQSR. Pulling the log.", [("get_job_log", {"job_id": job})])
        t += 20
        s.tools_out(t, [vc_log(rnd, job, "HAL-0457", "chr21", vc_oom_tail)])
        s.reply(["BQSR on chr21 hit a Java heap OutOfMemoryError. This looks transient (node memory pressure); resuming.",
                 "Same OOM in BaseRecalibrator on chr21. The node may have been busy - resuming from the checkpoint again.",
                 "BQSR chr21 ran out of heap again. I'll resume; the cache should be warm this time.",
                 "Out of memory at BQSR chr21 once more. Resuming the job.",
                 "Heap space error in BQSR (chr21). Trying another resume.",
                 "BQSR chr21 failed with the OOM again; resubmitting with resume."][i],
                [("submit_job", {"sample": "HAL-0457", "resume": True})])
        t += 2400 + rnd.randint(0, 900)
    return s


def vc_runaway_contigs():
    s = Session("variant_calling_pipeline_runaway_contigs_responses", "variant_calling_pipeline", "responses", "runaway",
                VC_SYSTEM, "gpt-4.1", VC_TOOLS, begins=5, stop_by=11, max_tokens=1000,
                notes="Alternating failing attempts: the agent flips the reference between two hg38 builds; every run "
                      "dies with the same incompatible-contigs error because the BAM was aligned to b37.")
    s.user(0, "HAL-0512 was realigned by the sequencing core and came back as BAM. Run calling on it with our hg38 setup.")
    s.reply("Pointing the config at the analysis-set reference first.",
            [("edit_config", {"key": "reference.fasta", "value": "/ref/hg38/GCA_000001405.15_GRCh38_no_alt_analysis_set.fna"})])
    refs = [("/ref/hg38/GCA_000001405.15_GRCh38_no_alt_analysis_set.fna", "chr1", "chrM"),
            ("/ref/hg38/Homo_sapiens_assembly38.fasta", "chr1", "chrM")]
    thoughts = [("The analysis-set FASTA may differ in alt contigs; switching to the Broad bundle reference.", 1),
                ("Maybe the Broad bundle's HLA contigs are the issue; going back to the no-alt analysis set.", 0),
                ("The no-alt set still clashes. Let me try the Broad Homo_sapiens_assembly38 again with its .dict.", 1),
                ("Switching back to the analysis set; the dictionary might have been stale last time.", 0),
                ("Trying the Broad bundle reference once more.", 1),
                ("Back to the no-alt analysis set.", 0),
                ("Switching to Homo_sapiens_assembly38.fasta again.", 1)]
    t = 6
    for i in range(8):
        ref = refs[i % 2][0] if i else refs[0][0]
        s.tools_out(t, [jdump({"ok": True, "key": "reference.fasta", "value": ref, "config_rev": 41 + i})])
        s.reply("Running the workflow.", [("submit_job", {"sample": "HAL-0512", "resume": False})])
        t += 240 + 17 * i
        s.tools_out(t, [jdump({"job_id": str(8850330 + 7 * i), "state": "FAILED", "failed_process": "BQSR",
                               "stderr_tail": "A USER ERROR has occurred: Input files reference and reads have incompatible contigs: "
                                              "No overlapping contigs found.\n  reference contigs = [chr1, chr2, chr3, ..., chrM]\n"
                                              "  reads contigs = [1, 2, 3, 4, ..., MT, GL000207.1]"})])
        if i == 7:
            break
        text, which = thoughts[i]
        s.reply(f"Same incompatible-contigs failure in BQSR. {text}",
                [("edit_config", {"key": "reference.fasta", "value": refs[which][0]})])
        t += 30
    return s


def vc_healthy_fixes():
    s = Session("variant_calling_pipeline_healthy_fixes_anthropic", "variant_calling_pipeline", "anthropic", "healthy",
                VC_SYSTEM, "claude-sonnet-4-20250514", VC_TOOLS, max_tokens=2000,
                notes="Each run fails differently (missing .fai, read group without SM, interval naming), each fix "
                      "is different, then the run passes and a long QC report is read.")
    s.user(0, "New sample HAL-0601 (30x PCR-free). Run it end to end, fix whatever breaks, and give me the QC verdict.")
    s.reply("", [("submit_job", {"sample": "HAL-0601", "resume": False})])
    runs = [
        ({"state": "FAILED", "failed_process": "BWA_MEM2", "stderr_tail": "[E::fai_load3] Failed to open FASTA index /ref/hg38/Homo_sapiens_assembly38.fasta.fai: No such file or directory"},
         "The reference .fai is missing (someone re-synced /ref). Setting the config to build indexes when absent.",
         ("edit_config", {"key": "reference.build_missing_indexes", "value": "true"})),
        ({"state": "FAILED", "failed_process": "HAPLOTYPECALLER", "stderr_tail": "A USER ERROR has occurred: Argument --sample-name: read group RG HAL-0601.L001 has no SM tag"},
         "Different failure now: alignment passed, but the read group has no SM tag. Adding the read-group template.",
         ("edit_config", {"key": "align.read_group", "value": "@RG\\tID:{flowcell}.{lane}\\tSM:{sample}\\tPL:ILLUMINA\\tLB:{sample}-lib1"})),
        ({"state": "FAILED", "failed_process": "GENOTYPEGVCFS", "stderr_tail": "A USER ERROR has occurred: Badly formed genome unclear: Contig 1 given as location, but this contig isn't present in the Fasta sequence dictionary (intervals/wgs_calling_regions.b37.interval_list)"},
         "HaplotypeCaller succeeded; GenotypeGVCFs got the b37 interval list. Pointing it at the hg38 calling regions.",
         ("edit_config", {"key": "intervals", "value": "/ref/hg38/wgs_calling_regions.hg38.interval_list"})),
    ]
    t = 1800
    rnd = random.Random(6010)
    for i, (res, text, call) in enumerate(runs):
        job = str(8861002 + 40 * i)
        s.tools_out(t, [jdump(dict(job_id=job, **res))])
        if i == 1:
            s.reply("New failure. Pulling the full log to see which read groups are affected.", [("get_job_log", {"job_id": job})])
            t += 15
            s.tools_out(t, [vc_log(rnd, job, "HAL-0601", "chr20", lambda h, m, sec: [
                f"[{h:02d}:{m:02d}:{sec:02d}] INFO  HaplotypeCaller - Initializing engine",
                f"[{h:02d}:{m:02d}:{sec:02d}] A USER ERROR has occurred: Argument --sample-name: read group RG HAL-0601.L001 has no SM tag",
                "  read groups in header: @RG ID:HAL-0601.L001 PL:ILLUMINA LB:lib1 | @RG ID:HAL-0601.L002 PL:ILLUMINA LB:lib1"],
                proc="HAPLOTYPECALLER")])
        s.reply(text, [call])
        t += 20
        s.tools_out(t, [jdump({"ok": True, "key": call[1]["key"], "config_rev": 50 + i})])
        s.reply("Resubmitting.", [("submit_job", {"sample": "HAL-0601", "resume": True})])
        t += 1500 + 900 * i
    s.tools_out(t, [jdump({"job_id": "8861190", "state": "COMPLETED", "elapsed": "07:41:12", "outputs": ["HAL-0601.g.vcf.gz", "HAL-0601.vcf.gz", "HAL-0601.cram"]})])
    s.reply("The run completed. Reading the QC report.", [("read_qc_report", {"sample": "HAL-0601"})])
    rnd = random.Random(601)
    cov = "\n".join(f"  chr{c:<3} mean_cov {29 + rnd.randint(0, 40) / 10:5.1f}  pct_10x {97 + rnd.randint(0, 25) / 10:5.1f}  pct_20x {93 + rnd.randint(0, 40) / 10:5.1f}"
                    for c in list(range(1, 23)) + ["X"])
    s.tools_out(t + 60, ["QC REPORT HAL-0601 (Halden WGS v3.2)\n== FastQC ==\n  total sequences 812,331,904  %GC 41  "
                         "sequence length 151  adapter content <0.1%  per-base quality PASS  overrepresented PASS\n"
                         "== Picard CollectWgsMetrics ==\n  GENOME_TERRITORY 2,745,186,691  MEAN_COVERAGE 31.4  SD 7.9  "
                         "PCT_EXC_DUPE 0.061  PCT_EXC_MAPQ 0.021\n== Per-chromosome coverage ==\n" + cov +
                         "\n  chrY  mean_cov   0.1  (female, consistent with manifest)\n== Contamination (VerifyBamID2) ==\n"
                         "  FREEMIX 0.0041  (threshold 0.02)\n== Variant metrics ==\n  SNPs 4,612,887  Indels 741,203  Ti/Tv 2.04  "
                         "Het/Hom 1.61  dbSNP concordance 99.1%\n== Sex check ==\n  inferred F, manifest F\nOVERALL: PASS"])
    s.reply("QC verdict for HAL-0601: PASS. 31.4x mean coverage, 0.4% contamination, Ti/Tv 2.04, sex matches. Three "
            "config fixes were needed (reference indexes, SM tag, hg38 intervals); all are in config rev 52.")
    s.user(t + 900, "great, thanks. does the SM fix mean the older samples need rerunning?")
    s.reply("No - the samples before HAL-0601 came from FASTQ with the old template that already set SM; only "
            "BAM-from-core inputs lacked it.")
    return s


def vc_healthy_progress():
    s = Session("variant_calling_pipeline_healthy_progress_responses", "variant_calling_pipeline", "responses", "healthy",
                VC_SYSTEM, "gpt-4.1-mini", VC_TOOLS, max_tokens=500,
                notes="Polling a scatter-gather job every ~5 minutes: shard counts, ETA and stage change every poll, "
                      "then the job completes.")
    s.user(0, "Cohort joint genotyping job 8870001 is running. Keep an eye on it and tell me when it's done.")
    s.reply("", [("get_job_status", {"job_id": "8870001"})])
    prog = [("GENOTYPEGVCFS", 6, 48, 214), ("GENOTYPEGVCFS", 13, 48, 170), ("GENOTYPEGVCFS", 21, 48, 131),
            ("GENOTYPEGVCFS", 30, 48, 88), ("GENOTYPEGVCFS", 39, 48, 47), ("GENOTYPEGVCFS", 47, 48, 9),
            ("GATHER_VCFS", 0, 1, 12), ("VQSR", 1, 2, 7), ("VQSR", 2, 2, 1)]
    t = 5
    for i, (stage, done, tot, eta) in enumerate(prog):
        s.tools_out(t, [jdump({"job_id": "8870001", "state": "RUNNING", "stage": stage, "shards_done": done,
                               "shards_total": tot, "eta_minutes": eta, "cpu_hours": 112 + 61 * i,
                               "failed_shards": 0, "retried_shards": 1 if i >= 3 else 0})])
        s.reply(f"{stage}: {done}/{tot} shards, ETA ~{eta} min." + (" One shard was retried automatically and passed." if i == 3 else ""),
                [("get_job_status", {"job_id": "8870001"})])
        t += 300 if eta > 20 else 180
    s.tools_out(t, [jdump({"job_id": "8870001", "state": "COMPLETED", "stage": "DONE", "output": "cohort_2026-12.vqsr.vcf.gz",
                           "sites": 38412990, "pass_sites": 35120004})])
    s.reply("Joint genotyping finished: cohort_2026-12.vqsr.vcf.gz, 35.1M PASS sites of 38.4M.")
    return s


# ===================================================================== municipal_permit_review
PERMIT_TOOLS = {
    "get_parcel": ("Parcel record: APN, zoning district, lot size, overlays, existing structures.",
                   {"apn": ("string", "Assessor parcel number")}, ["apn"]),
    "lookup_code": ("Look up a section of the Cedar Falls Municipal Code (Title 17 Zoning).",
                    {"section": ("string", "Section number or search phrase")}, ["section"]),
}
PERMIT_SYSTEM = ("You pre-screen residential building permit applications for the City of Cedar Falls Planning "
                 "Division against Title 17 (Zoning). Cite the section for every finding. You do not approve; you "
                 "produce a screening memo for the plans examiner.")


def permit_parcel(apn, zone, lot_sf, overlays, stamp, structures):
    return jdump({"apn": apn, "zoning": zone, "lot_area_sf": lot_sf, "lot_width_ft": 50 if lot_sf < 7000 else 65,
                  "overlays": overlays, "structures": structures, "retrieved_at": stamp, "source": "county GIS nightly"})


def permit_runaway_cycle():
    s = Session("municipal_permit_review_runaway_cycle_anthropic", "municipal_permit_review", "anthropic", "runaway",
                PERMIT_SYSTEM, "claude-sonnet-4-20250514", PERMIT_TOOLS, begins=5, stop_by=12, max_tokens=1500,
                notes="A period-3 cycle: parcel -> setback section -> overlay section -> parcel ...; results are identical "
                      "except the retrieved_at stamp, and the agent never writes the memo.")
    s.user(0, "Application BP-2026-1184: detached ADU, 640 sf, rear yard of 418 Alder St (APN 052-114-09), proposed "
              "4 ft from the rear lot line and 5 ft from the side. Screen it.")
    s.reply("Pulling the parcel.", [("get_parcel", {"apn": "052-114-09"})])
    setback = ("17.24.040 Accessory dwelling units - setbacks. (A) A detached ADU shall be set back at least four (4) "
               "feet from side and rear lot lines. (B) Where the lot is within an overlay district, the more "
               "restrictive setback of the overlay applies. (C) No setback is required for conversion of an existing "
               "legal structure.")
    overlay = ("17.40.030 Historic Conservation Overlay (HC-2) - development standards. (D) Accessory structures shall "
               "maintain a rear setback of not less than ten (10) feet, except as provided in Chapter 17.24 for accessory "
               "dwelling units required to be permitted by state law.")
    texts = [("Parcel is R-1-6, 6,250 sf, in the HC-2 overlay. Checking the ADU setback section.", ("lookup_code", {"section": "17.24.040"})),
             ("17.24.040(B) defers to the overlay when more restrictive. Checking the HC-2 standards.", ("lookup_code", {"section": "17.40.030"})),
             ("HC-2 requires 10 ft but points back to 17.24 for state-mandated ADUs. Let me re-check the parcel's overlay designation.", ("get_parcel", {"apn": "052-114-09"}))]
    t = 5
    for k in range(5):
        for j in range(3):
            stamp = f"2026-12-07T10:{14 + 3 * k + j:02d}:{(11 * k + 7 * j) % 60:02d}Z"
            out = [permit_parcel("052-114-09", "R-1-6", 6250, ["HC-2"], stamp, ["SFR 1,480 sf (1924)", "shed 96 sf"]),
                   jdump({"section": "17.24.040", "text": setback, "retrieved_at": stamp}),
                   jdump({"section": "17.40.030", "text": overlay, "retrieved_at": stamp})][j]
            s.tools_out(t, [out])
            text, call = texts[j]
            if k:
                text = ["Same parcel data: R-1-6 in HC-2. I need to confirm the setback rule again before deciding.",
                        "17.24.040(B) again says the overlay controls if more restrictive. Re-checking HC-2.",
                        "HC-2 still says 10 ft except state-mandated ADUs per 17.24. Re-checking the parcel overlay."][j]
            s.reply(text, [call])
            t += 9 + j
            if k == 4 and j == 1:
                return s
    return s


def permit_runaway_reserved():
    s = Session("municipal_permit_review_runaway_reserved_chat", "municipal_permit_review", "chat", "runaway",
                PERMIT_SYSTEM, "gpt-4o", PERMIT_TOOLS, begins=3, stop_by=9,
                notes="The code search keeps returning the same height paragraph under different section numbers, "
                      "ordinance titles and URLs; the agent treats each as new and keeps searching.")
    s.user(0, "BP-2026-1201: second-story addition at 77 Quarry Rd (APN 061-220-31, R-1-8). Proposed ridge height 31 ft. "
              "What's the max height and does it comply?")
    s.reply("Looking up the height limit.", [("lookup_code", {"section": "R-1-8 maximum building height"})])
    para = ("Maximum height. No building in the R-1 districts shall exceed two and one-half stories or the height "
            "established for the district in Table 17.12-B, whichever is less, measured from average finished grade "
            "to the midpoint of the roof. See Table 17.12-B.")
    hits = [("17.12.050", "Height regulations", "https://library.cedarfalls.gov/code/17.12.050"),
            ("17.12.050(A)", "Height - R districts", "https://library.cedarfalls.gov/code/17.12.050#A"),
            ("Ord. 2019-14 §3", "Ordinance 2019-14 amending height measurement", "https://cedarfalls.gov/ordinances/2019-14.pdf#page=3"),
            ("17.08.210", "Definitions - Building height (cross-ref)", "https://library.cedarfalls.gov/code/17.08.210"),
            ("Planning FAQ #12", "How tall can my house be?", "https://cedarfalls.gov/planning/faq#height"),
            ("17.12.050 (2021 ed.)", "Height regulations (archived edition)", "https://library.cedarfalls.gov/archive/2021/17.12.050"),
            ("Handout RES-4", "Residential additions handout, p.2", "https://cedarfalls.gov/docs/RES-4.pdf#page=2"),
            ("17.12.050", "Height regulations", "https://library.cedarfalls.gov/code/17.12.050?print=1"),
            ("Ord. 2019-14 §3", "Ordinance 2019-14 (certified copy)", "https://cedarfalls.gov/clerk/2019-14-cert.pdf"),
            ("17.12.050(A)", "Height - R districts", "https://library.cedarfalls.gov/code/17.12.050?v=2")]
    nxt = ["Table 17.12-B", "R-1-8 height table", "17.12 Table B district heights", "maximum height feet R-1-8",
           "Table 17.12-B R-1-8", "height limit single family", "17.12-B", "R-1-8 height feet", "Table B zoning height"]
    t = 4
    for i, (sec, title, url) in enumerate(hits):
        s.tools_out(t, [jdump({"results": [{"section": sec, "title": title, "url": url, "text": para}]})])
        if i == len(hits) - 1:
            break
        s.reply(f"{sec} ({title}) refers to Table 17.12-B for the actual number. Searching for the table.",
                [("lookup_code", {"section": nxt[i]})])
        t += 7 + i % 4
    return s


def permit_healthy_revisit():
    s = Session("municipal_permit_review_healthy_revisit_chat", "municipal_permit_review", "chat", "healthy",
                PERMIT_SYSTEM, "gpt-4.1", PERMIT_TOOLS,
                notes="A lot-line adjustment plus garage: the agent legitimately goes back to the same parcel and the "
                      "same code sections for different questions, and finishes the memo.")
    s.user(0, "BP-2026-1230: lot-line adjustment between 12 and 14 Birch Ct (APNs 070-015-02 and 070-015-03), then a "
              "2-car garage on the enlarged 14 Birch. Screen both parts.")
    steps = [
        ("", ("get_parcel", {"apn": "070-015-03"}), permit_parcel("070-015-03", "R-1-6", 6020, [], "2026-12-07T13:02:10Z", ["SFR 1,210 sf"])),
        ("14 Birch is 6,020 sf. Now the donor lot.", ("get_parcel", {"apn": "070-015-02"}), permit_parcel("070-015-02", "R-1-6", 7480, [], "2026-12-07T13:02:31Z", ["SFR 1,650 sf", "pool"])),
        ("12 Birch is 7,480 sf and would give 900 sf. Checking the minimum lot area.", ("lookup_code", {"section": "17.12.030"}),
         jdump({"section": "17.12.030", "text": "Minimum lot area: R-1-6 6,000 sf; R-1-8 8,000 sf. Lot line adjustments shall not create a nonconforming lot."})),
        ("After adjustment 12 Birch = 6,580 sf, 14 Birch = 6,920 sf; both >= 6,000. Back to 12 Birch to check the pool setback from the new line.", ("get_parcel", {"apn": "070-015-02"}),
         permit_parcel("070-015-02", "R-1-6", 7480, [], "2026-12-07T13:03:05Z", ["SFR 1,650 sf", "pool (6 ft from east line)"])),
        ("The pool is 6 ft from the current east line; moving the line 12 ft west would put it inside the new line. Checking accessory setbacks.", ("lookup_code", {"section": "17.24.020"}),
         jdump({"section": "17.24.020", "text": "Accessory structures including pools: side setback 5 ft, rear setback 5 ft; garages with vehicle entry facing a street: 20 ft from the front lot line."})),
        ("That blocks a 12 ft shift. Revisiting the minimum lot area for a smaller shift of 4 ft.", ("lookup_code", {"section": "17.12.030"}),
         jdump({"section": "17.12.030", "text": "Minimum lot area: R-1-6 6,000 sf; R-1-8 8,000 sf. Lot line adjustments shall not create a nonconforming lot."})),
        ("A 4 ft shift moves ~300 sf: 12 Birch 7,180 sf, 14 Birch 6,320 sf, pool stays 2 ft... no, 6-4 = 2 ft, below 5 ft. Checking the garage part with the 1 ft option the applicant listed as alternative.", ("get_parcel", {"apn": "070-015-03"}),
         permit_parcel("070-015-03", "R-1-6", 6020, [], "2026-12-07T13:04:12Z", ["SFR 1,210 sf", "driveway 18 ft wide"])),
        ("Now the garage standards for 14 Birch.", ("lookup_code", {"section": "17.24.020"}),
         jdump({"section": "17.24.020", "text": "Accessory structures including pools: side setback 5 ft, rear setback 5 ft; garages with vehicle entry facing a street: 20 ft from the front lot line."})),
        ("Lot coverage next.", ("lookup_code", {"section": "17.12.060"}),
         jdump({"section": "17.12.060", "text": "Maximum lot coverage R-1-6: 40% for all roofed structures."})),
    ]
    t = 3
    for text, call, out in steps:
        s.reply(text, [call])
        s.tools_out(t, [out])
        t += 14
    s.reply("Screening memo BP-2026-1230:\n1. Lot-line adjustment: the 12 ft shift fails - pool would sit inside the 5 ft "
            "setback (17.24.020); only a shift of <= 1 ft keeps 5 ft. Lot areas conform either way (17.12.030).\n2. Garage: "
            "20 ft from front line required (17.24.020); plan shows 22 ft - OK. Coverage with garage 1,690/6,020 = 28% < 40% (17.12.060).\n"
            "Recommend: applicant revise the adjustment or relocate the pool equipment; garage can proceed.")
    s.user(t + 600, "thanks - send it to Priya")
    s.reply("Sent to Priya Raman (plans examiner) with both parcel records attached.")
    return s


def zoning_document():
    parts = ["CITY OF CEDAR FALLS MUNICIPAL CODE - TITLE 17 ZONING - CHAPTER 17.12 RESIDENTIAL DISTRICTS (excerpt, "
             "current through Ordinance 2026-09)\n"]
    parts.append("17.12.010 Purpose. The residential districts are established to preserve and enhance the character of "
                 "the City's neighborhoods, to provide a range of housing types, and to implement the Housing Element of "
                 "the General Plan. The standards of this chapter apply in addition to the citywide standards of "
                 "Chapter 17.20 and any overlay district in Chapter 17.40.\n")
    parts.append("17.12.020 Districts. R-1-6 Single-Family Residential (6,000 sf); R-1-8 Single-Family Residential "
                 "(8,000 sf); R-1-20 Estate Residential (20,000 sf); R-2 Two-Family Residential; R-3 Multi-Family "
                 "Residential (up to 20 du/ac); R-4 High-Density Residential (up to 40 du/ac).\n")
    rows = [("R-1-6", 6000, 50, 20, 5, 20, 30, 40), ("R-1-8", 8000, 60, 20, 6, 20, 30, 40), ("R-1-20", 20000, 100, 30, 10, 25, 32, 30),
            ("R-2", 6000, 50, 15, 5, 15, 32, 50), ("R-3", 7500, 60, 15, 8, 15, 40, 60), ("R-4", 10000, 80, 10, 10, 10, 55, 70)]
    parts.append("17.12.030 Table 17.12-B Development standards.\n  district | min lot sf | min width ft | front ft | side ft | rear ft | max height ft | max coverage %\n" +
                 "\n".join(f"  {r[0]} | {r[1]:,} | {r[2]} | {r[3]} | {r[4]} | {r[5]} | {r[6]} | {r[7]}" for r in rows) +
                 "\n  Notes: (1) Corner lots: street side setback 10 ft. (2) Flag lots: the pole is excluded from lot area. "
                 "(3) Height measured from average finished grade to the midpoint of a pitched roof or top of parapet.\n")
    paras = [
        ("17.12.040 Projections into setbacks.", "Eaves, chimneys, bay windows not exceeding 10 feet in width, and uncovered porches not more than 30 inches above grade may project up to 3 feet into a required front or rear setback and up to 2 feet into a required side setback, provided that no projection comes closer than 3 feet to a side lot line. Mechanical equipment (heat pumps, pool equipment) may be located in a side setback if screened and at least 3 feet from the lot line."),
        ("17.12.050 Height.", "No building in the R-1 districts shall exceed two and one-half stories or the height in Table 17.12-B, whichever is less. Chimneys, vents and solar equipment may exceed the height limit by up to 5 feet. In R-3 and R-4, rooftop mechanical equipment shall be set back from the roof edge at least a distance equal to its height."),
        ("17.12.060 Lot coverage.", "Lot coverage includes all roofed structures, including accessory structures and covered patios, but excludes eaves projecting 30 inches or less, uncovered decks under 30 inches in height, and the first 400 square feet of a detached ADU."),
        ("17.12.070 Daylight plane.", "In R-1 districts, no portion of a building shall extend above a plane beginning 10 feet above grade at each side lot line and extending inward at a 45-degree angle. Gables and dormers may intrude into the daylight plane for a total of 15 feet of length per side."),
        ("17.12.080 Parking.", "Two off-street spaces per single-family dwelling, one of which shall be covered. One space per ADU, except that no ADU parking is required within one-half mile of a major transit stop, in the HC-2 overlay, or for conversions of existing space. Tandem parking in a driveway counts toward the requirement."),
        ("17.12.090 Fences and walls.", "Maximum 3.5 feet in the front setback and 6 feet elsewhere; 7 feet permitted along a rear line abutting a commercial district. Retaining walls over 4 feet require a building permit and engineered plans."),
        ("17.12.100 Home occupations.", "Permitted by right with a business license where no more than one non-resident employee works on site, no more than 8 client visits occur per day, and no exterior evidence of the business is visible. Cottage food operations comply with state law."),
        ("17.12.110 Nonconforming structures.", "A structure that conformed when built may be maintained and repaired. Additions are permitted if the addition itself conforms; an existing nonconforming side setback may be extended vertically along the same line for up to 50% of the wall length, provided the daylight plane is met."),
        ("17.12.120 Accessory dwelling units.", "One ADU and one junior ADU are permitted on any lot with a single-family dwelling. A detached ADU may be up to 1,200 sf and 16 feet tall (18 feet within one-half mile of a major transit stop, plus 2 feet to match roof pitch). Setbacks for ADUs are 4 feet side and rear. Short-term rental of an ADU for fewer than 30 days is prohibited."),
        ("17.12.130 Design review.", "Minor design review applies to new dwellings and additions over 500 sf or adding a second story in R-1 districts. The Director shall act within 30 days of a complete application. Findings: compatible massing, articulation of walls longer than 25 feet, privacy of adjacent rear yards, and retention of protected trees per Chapter 12.36."),
        ("17.12.140 Tree protection.", "Protected trees are native oaks 6 inches in diameter or larger and any tree 15 inches or larger measured 4.5 feet above grade. Removal requires a tree permit and replacement at a 3:1 ratio (24-inch box) or in-lieu fee per the master fee schedule."),
        ("17.12.150 Appeals.", "Decisions of the Director may be appealed to the Planning Commission within 10 days; Commission decisions may be appealed to the City Council within 10 days. Appeals are de novo."),
    ]
    for title, body in paras:
        parts.append(f"{title} {body}\n")
        parts.append(f"  History: Ord. {2004 + len(title) % 17}-{len(body) % 40 + 1:02d}; amended Ord. 2019-14, Ord. 2024-{len(title) % 9 + 1:02d}.\n")
    parts.append("17.12.160 Definitions applicable to this chapter. \"Average finished grade\" means the average of the "
                 "finished ground level at the midpoint of each exterior wall. \"Story\" means that portion of a building "
                 "between the surface of a floor and the floor or roof above; a basement with finished floor more than 4 "
                 "feet below grade is not a story. \"Half story\" means a story under a gable or hip roof with wall plates "
                 "on at least two opposite walls not more than 3 feet above the floor. \"Lot line, front\" means the line "
                 "separating the lot from the street; on a corner lot the shorter street frontage.\n")
    parts.append("\nCHAPTER 17.20 CITYWIDE STANDARDS (excerpt)\n")
    for title, body in [
        ("17.20.010 Applicability.", "The standards in this chapter apply in all zoning districts unless a district or overlay standard is more restrictive, in which case the more restrictive standard applies. Where a state law mandates a less restrictive standard for a use (including accessory dwelling units, emergency shelters and supportive housing), the state standard controls."),
        ("17.20.020 Outdoor lighting.", "All exterior fixtures shall be fully shielded and directed downward. Maximum 0.5 foot-candles at any residential property line. Lighting for sports courts shall be extinguished by 10:00 p.m. Holiday lighting is exempt from November 15 to January 15."),
        ("17.20.030 Noise.", "Stationary equipment (pool pumps, heat pumps, generators other than during an outage) shall not exceed 55 dBA at the property line between 7:00 a.m. and 10:00 p.m. and 50 dBA at night. Construction is permitted 7:00 a.m. to 7:00 p.m. weekdays and 9:00 a.m. to 5:00 p.m. Saturdays."),
        ("17.20.040 Visibility triangle.", "On corner lots no fence, wall, hedge or structure higher than 3 feet shall be placed within the triangle formed by the two street lot lines and a line connecting points 25 feet from their intersection."),
        ("17.20.050 Swimming pools and spas.", "Pools and spas shall be located at least 5 feet from side and rear lot lines measured to the water's edge, shall not be located in a front setback, and shall be enclosed by a barrier meeting the California Building Code. Pool equipment follows 17.12.040."),
        ("17.20.060 Solar access.", "New structures shall not shade more than 10% of an existing rooftop solar collector on an adjacent lot between 9:00 a.m. and 3:00 p.m. on December 21. A shade study is required for second-story additions within 15 feet of such a collector."),
        ("17.20.070 Stormwater.", "Projects creating or replacing 2,500 square feet or more of impervious surface shall implement one or more site design measures: directing roof runoff to vegetated areas, rain barrels, permeable pavement, or disconnected downspouts. Projects over 5,000 square feet require a stormwater control plan."),
        ("17.20.080 Trash enclosures.", "Multi-family projects with five or more units shall provide an enclosed area for refuse, recycling and organics carts, sized per the hauler's standards and screened by a solid wall at least 6 feet tall with self-closing gates."),
        ("17.20.090 Temporary uses.", "Garage sales are limited to four per year per dwelling, each no more than three consecutive days. Temporary storage containers (PODS) may remain in a driveway for up to 30 days with a free encroachment notice."),
        ("17.20.100 Reasonable accommodation.", "Any person may request relief from a zoning standard to provide equal access to housing for people with disabilities. The Director shall decide within 30 days using the findings of Government Code 65008 and the federal Fair Housing Act."),
    ]:
        parts.append(f"{title} {body}\n")
    doc = "".join(parts)
    return doc + "\nAPPENDIX A - application checklist (repeated from the counter handout)\n" + "\n".join(
        f"  [{i + 1:02d}] {x}" for i, x in enumerate(
            ["site plan to scale with all lot lines and dimensions", "existing and proposed floor areas by level",
             "elevations with height measured per 17.12.050", "lot coverage calculation per 17.12.060",
             "daylight plane diagrams for both side yards", "tree survey for protected trees", "parking plan",
             "stormwater checklist (C.3 small project)", "title report not older than 90 days",
             "owner authorization if applicant is not the owner"]))


def permit_healthy_stateless():
    s = Session("municipal_permit_review_healthy_stateless_responses", "municipal_permit_review", "responses", "healthy",
                "Answer questions about the attached zoning chapter. Quote the section you rely on. If the chapter does "
                "not answer the question, say so.", "gpt-4.1-mini", max_tokens=600, stateless=True,
                notes="A stateless counter kiosk: every request resends the same long zoning chapter with one new "
                      "question and no history.")
    doc = zoning_document()
    qa = [(0, "What's the rear setback in R-1-8?", "20 feet (Table 17.12-B, 17.12.030)."),
          (95, "can my bay window stick into the side yard?", "Yes, up to 2 feet if it is no more than 10 feet wide and stays at least 3 feet from the side lot line (17.12.040)."),
          (260, "How tall can a detached ADU be?", "16 feet, or 18 feet within half a mile of a major transit stop, plus up to 2 feet to match the roof pitch (17.12.120)."),
          (700, "Do I need parking for an ADU in the HC-2 overlay?", "No - no ADU parking is required in the HC-2 overlay (17.12.080)."),
          (910, "What's a half story?", "A story under a gable or hip roof with wall plates on at least two opposite walls no more than 3 feet above the floor (17.12.160)."),
          (1500, "Is the fee for cutting down a tree in here?", "The chapter requires a tree permit and 3:1 replacement or an in-lieu fee, but the fee amount is in the master fee schedule, not this chapter (17.12.140)."),
          (1620, "how long do I have to appeal a director decision", "10 days to the Planning Commission (17.12.150)."),
          (2400, "Max lot coverage R-3?", "60% (Table 17.12-B)."),
          (2490, "Does a covered patio count toward coverage?", "Yes - all roofed structures including covered patios count (17.12.060)."),
          (3300, "what's the fence height limit in front yard", "3.5 feet in the front setback (17.12.090).")]
    for at, q, a in qa:
        s.user(at, f"<document>\n{doc}\n</document>\n\nQuestion: {q}")
        s.reply(a)
    return s


# ===================================================================== cdn_cache_purge
CDN_TOOLS = {
    "purge": ("Purge URLs or surrogate keys from the CDN.", {"urls": ("array", "URLs to purge"), "soft": ("boolean", "Soft purge (mark stale)")}, ["urls"]),
    "check_headers": ("Fetch a URL through the CDN from a given POP and return response headers.",
                      {"url": ("string", "URL"), "pop": ("string", "POP code, e.g. FRA")}, ["url"]),
    "fetch_origin": ("Fetch a URL directly from origin, bypassing the CDN.", {"url": ("string", "URL")}, ["url"]),
    "list_purge_log": ("Page through the purge audit log.", {"since": ("string", "ISO date"), "cursor": ("string", "Page cursor")}, ["since"]),
}
CDN_SYSTEM = ("You are the web-platform on-call assistant for Brightwater Outdoor's storefront. You purge and verify "
              "CDN caches. Confirm every purge by checking headers from at least one POP.")


def cdn_headers(url, pop, status, cache, age, etag, lm, date, extra=""):
    return (f"HTTP/2 {status}\ncontent-type: text/html; charset=utf-8\ncache-control: public, max-age=600, s-maxage=86400, stale-while-revalidate=60\n"
            f"date: {date}\nlast-modified: {lm}\netag: \"{etag}\"\nage: {age}\nvary: Accept-Encoding\nx-served-by: cache-{pop.lower()}-edge-17\n"
            f"x-cache: {cache}\nx-cache-hits: {0 if cache == 'MISS' else 1 + age // 40}\nstrict-transport-security: max-age=31536000; includeSubDomains\n"
            f"content-security-policy: default-src 'self'; img-src 'self' https://img.brightwater.example; script-src 'self' 'nonce-r4nd'\n"
            f"x-content-type-options: nosniff\nx-frame-options: SAMEORIGIN\nreferrer-policy: strict-origin-when-cross-origin\nvia: 1.1 varnish\n"
            f"surrogate-key: page-{url.rsplit('/', 1)[-1] or 'home'} catalog\n{extra}request: GET {url} from {pop}")


def cdn_runaway_stale():
    s = Session("cdn_cache_purge_runaway_stale_responses", "cdn_cache_purge", "responses", "runaway",
                CDN_SYSTEM, "gpt-4.1-mini", CDN_TOOLS, begins=4, stop_by=10, max_tokens=500,
                notes="Purge then header check, period 2: the shield keeps re-serving the old ETag (age resets and "
                      "ticks, date changes) and the agent purges again and again without looking at origin or shield.")
    url = "https://www.brightwater.example/sale/winter-boots"
    s.user(0, "The winter boots sale page still shows last week's prices (-20%) - marketing changed it to -30% an hour "
              "ago. Purge it and make sure it's fixed.")
    s.reply("Purging the sale page.", [("purge", {"urls": [url], "soft": False})])
    t = 3
    for i in range(7):
        s.tools_out(t, [jdump({"status": "ok", "purge_id": f"prg-{2291000 + 37 * i}", "urls": 1, "propagation_ms": 140 + 9 * i})])
        s.reply("Purge accepted. Checking from Frankfurt.", [("check_headers", {"url": url, "pop": "FRA"})])
        t += 6
        s.tools_out(t, [cdn_headers(url, "FRA", 200, "HIT", 2 + i % 3, "W/\"9c1e-5b7a0f\"", "Mon, 30 Nov 2026 08:12:40 GMT",
                                    f"Mon, 07 Dec 2026 09:{11 + i:02d}:{(13 * i) % 60:02d} GMT")])
        s.reply("Still the old ETag (last-modified Nov 30) served as a HIT. The purge may not have propagated; purging again.",
                [("purge", {"urls": [url], "soft": False})])
        t += 20
    return s


def cdn_runaway_forbidden():
    s = Session("cdn_cache_purge_runaway_forbidden_chat", "cdn_cache_purge", "chat", "runaway",
                CDN_SYSTEM, "gpt-4o", CDN_TOOLS, begins=3, stop_by=8,
                notes="The purge token lacks the purge scope; every call returns the same 403 and the agent keeps "
                      "retrying with small variations (fewer URLs, soft purge, waiting).")
    urls = ["https://www.brightwater.example/", "https://www.brightwater.example/c/tents",
            "https://www.brightwater.example/c/sleeping-bags", "https://www.brightwater.example/p/ridgeline-2p-tent"]
    s.user(0, "Deploy 2026.12.07-3 just went out with the new header nav. Purge the homepage and the tent pages.")
    s.reply("", [("purge", {"urls": urls, "soft": False})])
    variants = [(urls, True, "Let me try a soft purge instead."), (urls[:1], False, "Trying just the homepage."),
                (urls, False, "Retrying; token permissions sometimes take a minute to apply."),
                (urls[1:3], False, "Trying the category pages on their own."), (urls, True, "Soft purge again."),
                (urls[:2], False, "Retrying with two URLs."), (urls, False, "One more attempt with the full list."),
                (urls[3:], False, "Trying the product page alone."), (urls, False, "Retrying the full purge.")]
    t = 2
    for i, (u, soft, text) in enumerate(variants):
        s.tools_out(t, [jdump({"status": 403, "error": "forbidden", "detail": "API token 'deploy-bot-ro' does not have the "
                               "'purge_select' scope for service 4Fq8xBw2. Ask an account admin to grant it.",
                               "request_id": f"req_{hashlib.md5(str(i).encode()).hexdigest()[:16]}"})])
        if i == len(variants) - 1:
            break
        s.reply(f"Purge was refused (403, missing purge scope). {text}", [("purge", {"urls": u, "soft": soft})])
        t += 4 + 3 * i
    return s


def cdn_healthy_batch():
    s = Session("cdn_cache_purge_healthy_batch_anthropic", "cdn_cache_purge", "anthropic", "healthy",
                CDN_SYSTEM, "claude-sonnet-4-20250514", CDN_TOOLS, max_tokens=900,
                notes="A batch of product pages purged and verified one by one; each header dump is mostly identical "
                      "boilerplate with a small real change (ETag, date, MISS then HIT).")
    pages = ["p/ridgeline-2p-tent", "p/ridgeline-3p-tent", "p/alpine-down-20", "p/trailhead-pack-45",
             "p/trailhead-pack-60", "p/summit-stove", "p/canyon-trekking-poles"]
    s.user(0, "Price update job changed these product pages, purge and verify each one from AMS, one at a time:\n" +
           "\n".join("- https://www.brightwater.example/" + p for p in pages))
    t = 2
    for i, p in enumerate(pages):
        url = "https://www.brightwater.example/" + p
        s.reply(f"Purging {p}.", [("purge", {"urls": [url], "soft": False})])
        s.tools_out(t, [jdump({"status": "ok", "purge_id": f"prg-{2300100 + 11 * i}", "urls": 1})])
        s.reply("Verifying.", [("check_headers", {"url": url, "pop": "AMS"})])
        et = hashlib.md5(p.encode()).hexdigest()[:10]
        s.tools_out(t + 4, [cdn_headers(url, "AMS", 200, "MISS", 0, et, f"Mon, 07 Dec 2026 07:{40 + i:02d}:00 GMT",
                                        f"Mon, 07 Dec 2026 08:{2 + 2 * i:02d}:{(17 * i) % 60:02d} GMT")])
        t += 30
    s.reply("All 7 pages purged; each came back as a MISS with a fresh ETag and today's last-modified, so AMS is "
            "serving the new prices.")
    s.user(t + 120, "thanks!")
    s.reply("You're welcome.")
    return s


def cdn_healthy_paging():
    s = Session("cdn_cache_purge_healthy_paging_chat", "cdn_cache_purge", "chat", "healthy",
                CDN_SYSTEM, "gpt-4.1", CDN_TOOLS,
                notes="Pagination: the same audit-log tool called with the next cursor until the log is exhausted, "
                      "then a summary.")
    s.user(0, "Security wants to know who purged what since Dec 1. Go through the purge log and summarise by actor.")
    s.reply("", [("list_purge_log", {"since": "2026-12-01"})])
    actors = ["deploy-bot", "k.osei", "deploy-bot", "m.lindqvist", "price-sync", "price-sync", "deploy-bot", "k.osei"]
    t = 2
    cursor = None
    for pg in range(8):
        entries = [{"ts": f"2026-12-0{1 + pg}T{(3 * j + pg) % 24:02d}:{(7 * j) % 60:02d}:00Z", "actor": actors[(pg + j) % 8],
                    "target": ["/", "/c/tents", "/p/summit-stove", "surrogate:catalog", "/sale/winter-boots"][(pg * 3 + j) % 5],
                    "kind": "hard" if j % 3 else "soft"} for j in range(6)]
        nxt = f"eyJwIjo{pg + 2}fQ" if pg < 7 else None
        s.tools_out(t, [jdump({"page": pg + 1, "entries": entries, "next_cursor": nxt})])
        if nxt:
            s.reply(f"Page {pg + 1}: {len(entries)} entries. Next page.", [("list_purge_log", {"since": "2026-12-01", "cursor": nxt})])
        t += 3
    s.reply("48 purges since Dec 1: deploy-bot 18, price-sync 12, k.osei 12, m.lindqvist 6. Surrogate-key "
            "(catalog) purges: 10, spread across all four actors.")
    s.user(t + 200, "ok good, nothing weird then")
    s.reply("Nothing unusual - every human purge lines up with a deploy or price change ticket in the same hour.")
    return s


# ===================================================================== wedding_speech_writer (tool-less)
WED_SYSTEM = "You help people write wedding speeches. Warm, specific, and no longer than five minutes spoken."
WED_BRIEF = ("I'm Tom's best man, wedding is Saturday. Tom and Aisha met at a climbing gym in Leeds in 2019 when he "
             "fell off a V2 onto her crash pad. He proposed at the top of Stanage Edge and dropped the ring box "
             "(caught it). Aisha's a paediatric nurse, Tom's an accountant who cries at every film. I've known him "
             "since we were 11. Keep his ex out of it. Can you write it in parts so I can read as we go?")


def wed_runaway_continue():
    s = Session("wedding_speech_writer_runaway_continue_chat", "wedding_speech_writer", "chat", "runaway",
                WED_SYSTEM, "gpt-4o", begins=4, stop_by=8,
                notes="After two good parts, every 'continue' is answered with the same Stanage Edge paragraph again.")
    s.user(0, WED_BRIEF)
    s.reply("Part 1 - the opening:\nGood evening everyone. For those who don't know me, I'm Dan, and I've known Tom "
            "since we were eleven, which means I have twenty years of material and about four minutes to use it. "
            "Don't worry, Tom - Aisha has already vetted the list, and most of it is now classified.")
    s.user(40, "love it. continue")
    stuck = ("Part 2 - the proposal:\nThen came Stanage Edge. Tom had planned it for months: the sunrise, the view, the "
             "speech he'd practised on me eleven times. He got down on one knee, opened the box - and dropped it. I'm told "
             "it bounced twice before he caught it, which makes it the only time in his life Tom has ever caught "
             "anything on a climbing trip. Aisha said yes before he'd even finished checking the ring was still in there.")
    s.reply(stuck)
    users = ["great, keep going", "continue", "next part please - the gym bit?", "that's the same as before? continue from there",
             "continue", "can you do the next bit", "go on", "continue please"]
    t = 120
    for u in users:
        s.user(t, u)
        s.reply(stuck)
        t += 35 + len(u)
    return s


def wed_runaway_paraphrase():
    s = Session("wedding_speech_writer_runaway_paraphrase_anthropic", "wedding_speech_writer", "anthropic", "runaway",
                WED_SYSTEM, "claude-sonnet-4-20250514", begins=4, stop_by=9, max_tokens=800,
                notes="The same joke about the crash pad is rewritten again and again in different words; the user's "
                      "feedback repeats and nothing moves on.")
    s.user(0, WED_BRIEF + " Start with the climbing gym story - funny but not mean to Tom.")
    versions = [
        "Tom and Aisha met the way all great romances begin: with Tom falling off a beginner climb and landing on her crash pad. She says it was love at first sight. Tom says it was gravity.",
        "You may know they met at a climbing gym. More precisely, Tom met Aisha's crash pad first - from about two metres up, on the easiest wall in Leeds. She claims it was love at first sight; Tom claims it was physics.",
        "Their love story started at a climbing gym in Leeds, when Tom came off a V2 and landed squarely on Aisha's mat. Aisha calls it fate. Tom calls it gravity.",
        "It all began in 2019, at a Leeds bouldering wall, when Tom - attempting the easiest problem in the building - fell straight onto Aisha's crash pad. She says it was destiny. He says it was gravity doing its job.",
        "How did they meet? Tom fell for Aisha. Literally. Off a V2, onto her crash pad. She'll tell you it was love at first sight; Tom will tell you it was mostly gravity.",
        "Some couples meet through friends. Tom and Aisha met because Tom lost a fight with a beginner climb and landed on Aisha's crash pad. To her, love at first sight. To him, a lesson in gravity.",
        "In 2019 Tom fell off the easiest wall at a Leeds climbing gym - right onto Aisha's crash pad. She insists it was love at first sight. Tom maintains it was simply gravity.",
        "Tom has always said he fell for Aisha the moment they met, and for once he isn't exaggerating: he fell off a V2 and onto her mat. Love at first sight for her; gravity for him.",
        "Picture a Leeds climbing gym, 2019. Tom, on a V2, loses his grip and lands on a stranger's crash pad. That stranger was Aisha. She says it was love at first sight, and he says it was gravity.",
        "They met when Tom fell off an easy climb onto Aisha's crash pad. Love at first sight, says Aisha. Gravity, says Tom.",
        "Tom literally fell for Aisha - off a beginner wall in Leeds and onto her crash pad. For her it was love at first sight; for him, gravity.",
    ]
    fb = ["ok but the gravity line feels a bit flat, can you make it funnier?", "still the gravity thing, funnier please",
          "hmm same joke. funnier but not mean", "can you make it funnier", "it's basically the same?? funnier",
          "funnier please, not mean", "still not landing. funnier", "make it funnier", "funnier", "funnier, not mean to Tom",
          "try again funnier"]
    t = 0
    for i, v in enumerate(versions):
        s.reply(v)
        t += 50 + 11 * (i % 4)
        s.user(t, fb[i])
    return s


def wed_healthy_continue():
    s = Session("wedding_speech_writer_healthy_continue_responses", "wedding_speech_writer", "responses", "healthy",
                WED_SYSTEM, "gpt-4.1", max_tokens=900,
                notes="'continue' over and over, each answered with a new part of the speech, then a read-through.")
    s.user(0, WED_BRIEF)
    parts = [
        "Part 1 - hello:\nGood evening. I'm Dan. I met Tom when we were eleven, on the first day at Headingley Secondary, when he asked me if I wanted half his sandwich and then ate both halves while I was deciding.",
        "Part 2 - who Tom is:\nTom is an accountant, which means he is the most careful man I know. He reconciles his Monopoly money. He has a spreadsheet for his spreadsheets. And he cries at every film - every one. He cried at Paddington 2, which is fair. He also cried at Fast & Furious 7.",
        "Part 3 - the gym:\nIn 2019 Tom took up climbing. On his third visit he attempted a V2, the climbing equivalent of a flight of stairs, came off at the top and landed on a crash pad belonging to a paediatric nurse called Aisha, who checked him for concussion before she asked his name.",
        "Part 4 - Aisha:\nAisha, you spend your days looking after small, frightened people who don't always understand what's good for them. So, honestly, Tom is in excellent hands. You're brave, you're kind, and you laugh at his jokes, which is frankly above and beyond.",
        "Part 5 - the proposal:\nStanage Edge, sunrise, one knee, the ring box slips, bounces twice, and Tom catches it - the only clean catch of his climbing career. Aisha said yes while he was still checking the ring was in it.",
        "Part 6 - what I've seen:\nThe thing nobody tells you about your best mate getting serious is how much better he gets. Tom's calmer. He phones his mum. He's stopped reconciling Monopoly money - mostly. That's Aisha.",
        "Part 7 - the toast:\nSo please stand and raise your glasses: to Aisha, who caught Tom, and to Tom, who finally caught something. To Tom and Aisha!",
    ]
    asks = ["continue", "continue", "continue", "nice, continue", "continue", "continue", "ok read it all back with timings"]
    t = 0
    for i, p in enumerate(parts):
        s.reply(p)
        t += 60 + 20 * (i % 3)
        s.user(t, asks[i])
    s.reply("Full speech is about 3 min 40 s at a relaxed pace: parts 1-2 ~60 s, part 3 ~40 s, part 4 ~35 s, part 5 "
            "~30 s, part 6 ~35 s, toast ~20 s. Pause after 'Fast & Furious 7' and after 'caught something'.")
    s.user(t + 300, "perfect, thank you")
    return s


def wed_healthy_slow():
    s = Session("wedding_speech_writer_healthy_slow_anthropic", "wedding_speech_writer", "anthropic", "healthy",
                WED_SYSTEM, "claude-sonnet-4-20250514", max_tokens=1200,
                notes="Iterative refinement with small diffs over an evening; the best man answers 20-60 minutes "
                      "apart and each round changes one or two lines.")
    base = ["Good evening everyone, I'm Dan, Tom's best man.", "I've known Tom since we were eleven.",
            "He met Aisha when he fell off a climbing wall onto her crash pad.", "He proposed at Stanage Edge and nearly dropped the ring.",
            "Aisha, thank you for making my best friend so happy.", "Please raise your glasses to Tom and Aisha."]
    edits = [(1, "I've known Tom since we were eleven - twenty years of friendship and at least six of those were his fault."),
             (2, "He met Aisha in 2019 when he fell off a V2 at a Leeds climbing gym, straight onto her crash pad."),
             (3, "He proposed at sunrise on Stanage Edge, dropped the ring box, and made the only clean catch of his climbing career."),
             (4, "Aisha, thank you for making my best friend calmer, kinder and - somehow - even more likely to cry at films."),
             (0, "Good evening everyone. For those who don't know me, I'm Dan, and I have the honour of being Tom's best man."),
             (5, "Please raise your glasses: to Aisha and Tom."),
             (2, "He met Aisha in 2019 when he fell off a V2 at a Leeds climbing gym - straight onto her crash pad, and she checked him for concussion before she asked his name.")]
    reqs = ["Here's my rough draft, can you improve line 2 only:\n" + "\n".join(base),
            "better. now the gym line, add the V2 and Leeds", "the proposal line next - mention the catch",
            "Aisha line - she says he's calmer now, and I want the films thing", "first line feels stiff",
            "toast - Aisha first", "last thing, the concussion detail in the gym line?", "done I think. thanks"]
    gaps = [0, 1500, 3300, 2100, 3600, 1200, 2700, 1900]
    t = 0
    cur = list(base)
    for i, r in enumerate(reqs):
        t += gaps[i]
        s.user(t, r)
        if i < len(edits):
            k, line = edits[i]
            cur[k] = line
            s.reply(f"Changed line {k + 1}. Full draft:\n" + "\n".join(cur))
        else:
            s.reply("Good luck on Saturday - it reads at about two minutes, so you have room for one ad-lib.")
    return s


# ===================================================================== spacecraft_telemetry_triage
SC_TOOLS = {
    "query_telemetry": ("Query a telemetry mnemonic over a time window from the archive.",
                        {"mnemonic": ("string", "e.g. EPS_BATT_V"), "window": ("string", "e.g. last 30m")}, ["mnemonic"]),
    "get_command_history": ("Commands uplinked since a given spacecraft time.", {"since": ("string", "UTC time")}, ["since"]),
    "get_state_dump": ("Latest housekeeping state dump of a subsystem.", {"subsystem": ("string", "EPS|ADCS|TCS|CDH")}, ["subsystem"]),
    "get_event_log": ("Onboard event log (FDIR, mode changes) for a window.", {"window": ("string", "e.g. last 6h")}, ["window"]),
}
SC_SYSTEM = ("You support the flight operations team of HELIO-7, a 180 kg sun-synchronous Earth-observation smallsat. "
             "Triage telemetry anomalies: find the cause, say whether it is safe, and recommend an action. You never "
             "uplink commands yourself.")


def sc_runaway_cycle():
    s = Session("spacecraft_telemetry_triage_runaway_cycle_anthropic", "spacecraft_telemetry_triage", "anthropic", "runaway",
                SC_SYSTEM, "claude-sonnet-4-20250514", SC_TOOLS, begins=6, stop_by=14, max_tokens=1200,
                notes="A period-4 cycle of the same four queries; the state dump's SCLK and frame counter tick every "
                      "round but nothing else changes and no conclusion is reached.")
    s.user(0, "ANOMALY 2026-341-07: EPS_BATT_V dipped to 26.9 V during eclipse on orbit 18822 (limit 27.2). Find out why.")
    s.reply("Starting with the battery voltage trace.", [("query_telemetry", {"mnemonic": "EPS_BATT_V", "window": "last 2 orbits"})])
    calls = [("get_command_history", {"since": "2026-12-07T03:00:00Z"}), ("query_telemetry", {"mnemonic": "TCS_BATT_TEMP", "window": "last 2 orbits"}),
             ("get_state_dump", {"subsystem": "EPS"}), ("query_telemetry", {"mnemonic": "EPS_BATT_V", "window": "last 2 orbits"})]
    texts = ["Voltage minimum 26.9 V at eclipse exit. Checking recent commands for a load change.",
             "No payload or heater commands in the window. Looking at battery temperature.",
             "Battery temperature nominal (14-17 C). Pulling the EPS state dump.",
             "State dump shows nothing conclusive. Re-checking the voltage trace to correlate."]
    t = 4
    for k in range(5):
        for j in range(4):
            sclk = 1418207 + 97 * (4 * k + j)
            out = [jdump({"mnemonic": "EPS_BATT_V", "unit": "V", "min": 26.9, "max": 29.4, "min_at": "2026-12-07T03:41:12Z",
                          "samples": 1440, "limit_lo": 27.2}),
                   jdump({"since": "2026-12-07T03:00:00Z", "commands": [{"t": "03:05:10", "cmd": "ADCS_SET_MODE NADIR"},
                                                                         {"t": "03:22:47", "cmd": "TLM_RATE 1HZ"}]}),
                   jdump({"mnemonic": "TCS_BATT_TEMP", "unit": "C", "min": 14.1, "max": 17.3, "samples": 1440}),
                   jdump({"subsystem": "EPS", "sclk": sclk, "frame": 88120 + 4 * k + j, "mode": "NOMINAL",
                          "batt_soc_pct": 71, "array_i_a": 0.0, "bus_v": 27.6, "load_w": 143, "cell_balance": "OK",
                          "heater_batt": "AUTO", "charge_reg": "CC"})][j]
            s.tools_out(t, [out])
            call = calls[j]
            text = texts[j] if k == 0 else ["Voltage still shows the 26.9 V minimum. Checking the command history again.",
                                             "Same two commands. Looking at battery temperature again.",
                                             "Temperature unchanged. Getting a fresh EPS state dump.",
                                             "Dump is the same apart from the counters. Going back to the voltage trace."][j]
            s.reply(text, [call])
            t += 12 + 3 * j
            if k == 4 and j == 0:
                return s
    return s


def sc_event_log(n_events):
    lines = ["HELIO-7 ONBOARD EVENT LOG  (decoded by hk-decoder 3.8.1)  oldest first",
             "SCLK      UTC                   SEV  SRC    EVENT"]
    rnd = random.Random(77)
    t = 0
    for i in range(n_events):
        t += rnd.randint(20, 160)
        hh, mm, ss = 2 + t // 3600, (t // 60) % 60, t % 60
        sclk = 1410000 + t
        if i % 37 == 23:
            ev = [f"{sclk}  2026-12-07T{hh:02d}:{mm:02d}:{ss:02d}Z  ERR  ADCS   RW3 speed 6012 rpm > limit 6000 rpm (FDIR monitor M-RW-03)",
                  f"{sclk + 1}  2026-12-07T{hh:02d}:{mm:02d}:{ss + 1 if ss < 59 else 59:02d}Z  WRN  FDIR   action A-14: ADCS -> SAFE_SUN, RW3 disabled",
                  f"{sclk + 40}  2026-12-07T{hh:02d}:{mm:02d}:{ss:02d}Z  INF  ADCS   momentum dump scheduled (magnetorquers)"]
            lines += ev
            continue
        src, text = rnd.choice([("EPS", f"array string {rnd.randint(1, 6)} current {rnd.randint(410, 530)} mA"),
                                ("TCS", f"heater H{rnd.randint(1, 9)} cycled ON ({rnd.randint(-5, 12)} C)"),
                                ("CDH", f"SSR partition {rnd.randint(0, 3)} fill {rnd.randint(20, 80)}%"),
                                ("COMM", f"X-band downlink rate {rnd.choice([75, 150, 300])} Mbps to {rnd.choice(['SVALBARD', 'INUVIK', 'TROLL'])}"),
                                ("ADCS", f"star tracker ST{rnd.randint(1, 2)} lost lock, reacquired in {rnd.randint(2, 30)} s"),
                                ("CDH", f"EDAC corrected single-bit error bank {rnd.randint(0, 7)}"),
                                ("ADCS", f"RW{rnd.randint(1, 4)} speed {rnd.randint(1200, 5200)} rpm")])
        lines.append(f"{sclk}  2026-12-07T{hh:02d}:{mm:02d}:{ss:02d}Z  INF  {src:<5}  {text}")
    return "\n".join(lines)


def sc_runaway_growlog():
    s = Session("spacecraft_telemetry_triage_runaway_growlog_responses", "spacecraft_telemetry_triage", "responses", "runaway",
                SC_SYSTEM, "gpt-4.1", SC_TOOLS, begins=4, stop_by=9, max_tokens=1000,
                notes="The agent keeps pulling a longer event-log window; each log is longer and differs, but the "
                      "same RW3 overspeed -> SAFE_SUN trip is buried in it and the agent never concludes.")
    s.user(0, "HELIO-7 went to SAFE_SUN twice this shift. Figure out what's tripping it.")
    s.reply("Pulling the event log.", [("get_event_log", {"window": "last 2h"})])
    wins = ["last 3h", "last 4h", "last 5h", "last 6h", "last 8h", "last 10h", "last 12h", "last 14h", "last 16h", "last 18h", "last 20h"]
    t = 5
    for i in range(11):
        s.tools_out(t, [sc_event_log(40 + 22 * i)])
        s.reply("I see the RW3 overspeed monitor trip followed by SAFE_SUN, but I want more context around it. "
                f"Pulling a wider window ({wins[i]}).", [("get_event_log", {"window": wins[i]})])
        t += 25 + 4 * i
    return s


def sc_healthy_template():
    s = Session("spacecraft_telemetry_triage_healthy_template_chat", "spacecraft_telemetry_triage", "chat", "healthy",
                SC_SYSTEM, "gpt-4o", SC_TOOLS,
                notes="Five different overnight anomalies triaged one after another; every answer follows the same "
                      "report template and every tool output shares the archive boilerplate, but the content differs.")
    anomalies = [
        ("TCS_SADA_TEMP", "solar array drive temp 61 C (limit 60)", {"min": 22.4, "max": 61.2, "unit": "C"},
         "Beta angle peaked at 31 deg this week; SADA runs hot at high beta.", "SAFE", "Watch; raise limit review at next CCB."),
        ("COMM_XBAND_SNR", "X-band SNR 6.1 dB on Inuvik pass (min 8)", {"min": 6.1, "max": 11.8, "unit": "dB"},
         "Inuvik reported snowfall and a radome de-icing fault during the pass.", "SAFE", "None onboard; ground ticket GS-2207."),
        ("CDH_EDAC_COUNT", "EDAC corrections 41/h (normal <5)", {"min": 2, "max": 41, "unit": "count/h"},
         "Spike coincides with a South Atlantic Anomaly crossing during a solar proton event (GOES >10 MeV at 180 pfu).", "SAFE", "Scrub is working; monitor for uncorrectable errors."),
        ("ADCS_ST2_LOCK", "star tracker 2 lock loss 9 times", {"min": 0, "max": 1, "unit": "bool"},
         "Each loss within 2 min of Moon entering the ST2 exclusion cone.", "SAFE", "Expected; add Moon-exclusion note to the ops log."),
        ("EPS_ARRAY_I", "array string 4 current 0.38 A (others 0.49 A)", {"min": 0.37, "max": 0.39, "unit": "A"},
         "Step drop at 04:12:33 with no command or thermal change - consistent with a cell or bypass-diode failure.", "DEGRADED",
         "Open anomaly report AR-118; power margin still 22%."),
    ]
    s.user(0, "Morning. Overnight limit violations for HELIO-7 are below, please triage each one in the usual report "
              "format (ANOMALY / DATA / CAUSE / STATUS / ACTION).\n" + "\n".join(f"- {m}: {d}" for m, d, *_ in anomalies))
    t = 3
    for i, (mn, desc, stats, cause, status, action) in enumerate(anomalies):
        s.reply("", [("query_telemetry", {"mnemonic": mn, "window": "last 12h"})])
        s.tools_out(t, [jdump(dict({"archive": "HELIO-7 L0 archive v5", "mnemonic": mn, "window": "2026-12-06T19:00Z/2026-12-07T07:00Z",
                                    "samples": 43200, "gaps": [] if i != 1 else ["03:10-03:14 (LOS)"], "calibration": "cal-2026-09"}, **stats))])
        s.reply(f"ANOMALY: {mn} - {desc}\nDATA: min {stats['min']} / max {stats['max']} {stats['unit']}\nCAUSE: {cause}\n"
                f"STATUS: {status}\nACTION: {action}")
        t += 40 + 15 * i
        s.user(t, "next" if i < len(anomalies) - 1 else "thanks. anything else I should flag to the flight director?")
        t += 5
    s.reply("Only EPS_ARRAY_I: it's the one permanent change. Everything else is environmental and already explained.")
    return s


def sc_healthy_passes():
    s = Session("spacecraft_telemetry_triage_healthy_passes_anthropic", "spacecraft_telemetry_triage", "anthropic", "healthy",
                SC_SYSTEM, "claude-sonnet-4-20250514", SC_TOOLS, max_tokens=900,
                notes="Battery recovery tracked pass by pass (~95 minutes apart): the same state dump every pass, with "
                      "SOC, temperature and heater numbers moving until recovery is confirmed.")
    soc = [38, 47, 55, 63, 71, 78]
    temp = [3.9, 6.2, 8.8, 11.0, 12.7, 13.4]
    t = 0
    for i in range(6):
        s.user(t, f"Pass {i + 1} AOS {['SVALBARD', 'INUVIK', 'TROLL', 'SVALBARD', 'INUVIK', 'SVALBARD'][i]}. Battery status?"
               if i else "HELIO-7 came out of SAFE_SUN after the heater fix was uplinked. Track the battery recovery over the next passes. Pass 1 AOS SVALBARD, battery status?")
        s.reply("", [("get_state_dump", {"subsystem": "EPS"})])
        s.tools_out(t + 20, [jdump({"subsystem": "EPS", "sclk": 1430000 + 5700 * i, "mode": "NOMINAL" if i else "RECOVERY",
                                    "batt_soc_pct": soc[i], "batt_temp_c": temp[i], "heater_batt": "ON" if temp[i] < 10 else "AUTO",
                                    "charge_reg": "CC" if soc[i] < 75 else "CV", "array_i_a": round(2.1 + 0.05 * i, 2), "load_w": 131 + i})])
        trend = f"up {soc[i] - soc[i - 1]} points since last pass" if i else "starting point"
        s.reply(f"SOC {soc[i]}% ({trend}), battery {temp[i]} C, heater {'ON' if temp[i] < 10 else 'AUTO'}. "
                + ("Recovery complete: charge regulator is in CV and temperature is nominal. Safe to resume imaging planning."
                   if i == 5 else "Recovering as expected."))
        t += 5700
    s.user(t, "Great, closing the anomaly. thanks")
    s.reply("Anomaly closed; summary: SOC 38% -> 78% over five passes, battery back to 13.4 C.")
    return s


# ===================================================================== web_accessibility_audit
WEB_TOOLS = {
    "scan_page": ("Run the axe-based accessibility scanner on a URL (WCAG 2.2 AA).", {"url": ("string", "URL")}, ["url"]),
    "read_dom": ("Return a simplified DOM outline of a URL (landmarks, headings, forms, images).", {"url": ("string", "URL")}, ["url"]),
}
WEB_SYSTEM = ("You audit pages of the Northgate Library website for WCAG 2.2 AA. For each page, report violations by "
              "severity with the failing element and a concrete fix.")


def web_login_scan(url, i):
    return jdump({"requested_url": url, "final_url": "https://sso.northgate-library.example/login?return=" + url.split("/", 3)[-1],
                  "title": "Sign in - Northgate Library", "scanned_at": f"2026-12-07T11:{10 + i:02d}:{(19 * i) % 60:02d}Z",
                  "violations": [{"id": "label", "impact": "critical", "nodes": ["input#user", "input#pin"]},
                                 {"id": "color-contrast", "impact": "serious", "nodes": ["a.forgot-pin"], "ratio": "3.1:1"},
                                 {"id": "page-has-heading-one", "impact": "moderate", "nodes": ["html"]}],
                  "passes": 31})


def web_runaway_login():
    pages = ["account/loans", "account/holds", "account/history", "account/fines", "account/lists", "account/settings",
             "account/notifications", "account/reading-challenge", "account/cards", "account/messages", "account/ebooks",
             "account/room-bookings"]
    s = Session("web_accessibility_audit_runaway_login_chat", "web_accessibility_audit", "chat", "runaway",
                WEB_SYSTEM, "gpt-4o", WEB_TOOLS, begins=3, stop_by=9,
                notes="Every account page redirects to the SSO login; the same login-page findings come back under a "
                      "new URL each time and the agent reports them as each page's results.")
    s.user(0, "Audit the member account area, these 12 pages:\n" + "\n".join("https://www.northgate-library.example/" + p for p in pages))
    t = 3
    for i, p in enumerate(pages):
        url = "https://www.northgate-library.example/" + p
        if i == 0:
            s.reply("Starting with loans.", [("scan_page", {"url": url})])
        else:
            prev = pages[i - 1].split("/")[1]
            s.reply(f"{prev}: 1 critical (form inputs without labels), 1 serious (contrast 3.1:1 on 'Forgot PIN'), "
                    f"1 moderate (no h1). Next: {p.split('/')[1]}.", [("scan_page", {"url": url})])
        s.tools_out(t, [web_login_scan(url, i)])
        t += 11 + i % 5
    return s


def web_runaway_rescan():
    s = Session("web_accessibility_audit_runaway_rescan_responses", "web_accessibility_audit", "responses", "runaway",
                WEB_SYSTEM, "gpt-4.1-mini", WEB_TOOLS, begins=4, stop_by=9, max_tokens=700,
                notes="Exact repetition: the agent 'rescans to verify the fix' that nobody applied; identical scan "
                      "results and identical replies.")
    url = "https://www.northgate-library.example/events/calendar"
    s.user(0, "Check the events calendar page - a patron said the date picker is unusable with a screen reader.")
    s.reply("", [("read_dom", {"url": url})])
    s.tools_out(3, ["main > h1 'Events'\n  form#filters\n    div.datepicker[role=grid] (no aria-label)\n      button.prev '‹' (no accessible name)\n"
                    "      button.next '›' (no accessible name)\n      td[tabindex=-1] x 35 (no aria-selected)\n    select#branch (label 'Branch')\n"
                    "  ul.event-list > li x 24"])
    s.reply("", [("scan_page", {"url": url})])
    scan = jdump({"url": url, "violations": [{"id": "button-name", "impact": "critical", "nodes": ["button.prev", "button.next"]},
                                             {"id": "aria-required-children", "impact": "critical", "nodes": ["div.datepicker"]},
                                             {"id": "scrollable-region-focusable", "impact": "serious", "nodes": ["ul.event-list"]}],
                  "passes": 44, "incomplete": 2})
    reply = ("The date picker has two critical issues: the prev/next buttons have no accessible name and the grid lacks "
             "row/gridcell roles. Fix: add aria-label='Previous month'/'Next month' and role='row'/'gridcell' with "
             "aria-selected. Let me rescan to verify.")
    t = 8
    for i in range(10):
        s.tools_out(t, [scan])
        s.reply(reply, [("scan_page", {"url": url})])
        t += 9
    return s


def web_healthy_batch():
    instr = ("Audit instructions (same for every page): scan with scan_page; report CRITICAL, SERIOUS, MODERATE counts; "
             "for each violation give the selector and a one-line fix; ignore third-party embeds (YouTube, the Bibliocommons "
             "widget) but mention them; images that are decorative should get alt=\"\" rather than a description; do not "
             "report best-practice rules as violations. Output format: PAGE / COUNTS / FINDINGS / NOTES.")
    s = Session("web_accessibility_audit_healthy_batch_anthropic", "web_accessibility_audit", "anthropic", "healthy",
                WEB_SYSTEM, "claude-sonnet-4-20250514", WEB_TOOLS, max_tokens=1500,
                notes="A batch of pages with the same long instruction; 'image-alt' recurs on several different pages, "
                      "which is normal batch work.")
    pages = [("branches/eastside", [("image-alt", "serious", "img.hero")]),
             ("kids/storytime", [("image-alt", "serious", "img.gallery-3"), ("color-contrast", "serious", "span.age-tag")]),
             ("research/databases", [("link-name", "serious", "a.icon-only")]),
             ("branches/riverside", [("image-alt", "serious", "img.hero")]),
             ("about/board-minutes", []),
             ("teens/makerspace", [("image-alt", "serious", "img.printer"), ("video-caption", "critical", "video#tour")]),
             ("branches/old-town", [("image-alt", "serious", "img.hero"), ("landmark-unique", "moderate", "nav")])]
    t = 0
    for i, (p, vs) in enumerate(pages):
        url = "https://www.northgate-library.example/" + p
        s.user(t, f"{instr}\n\nPAGE: {url}")
        s.reply("", [("scan_page", {"url": url})])
        s.tools_out(t + 6, [jdump({"url": url, "violations": [{"id": a, "impact": b, "nodes": [c]} for a, b, c in vs],
                                   "passes": 38 + 3 * i, "incomplete": i % 2})])
        counts = {k: sum(1 for _, b, _ in vs if b == k) for k in ("critical", "serious", "moderate")}
        finds = "\n".join(f"- {a} ({b}) at {c}: " + {"image-alt": "add alt text describing the photo, or alt=\"\" if decorative",
                                                      "color-contrast": "darken text to at least 4.5:1",
                                                      "link-name": "add visually hidden text naming the database",
                                                      "video-caption": "add a captions track (WebVTT)",
                                                      "landmark-unique": "give each nav an aria-label"}[a] for a, b, c in vs) or "- none"
        s.reply(f"PAGE: {p}\nCOUNTS: {counts['critical']} critical / {counts['serious']} serious / {counts['moderate']} moderate\n"
                f"FINDINGS:\n{finds}\nNOTES: " + ("Bibliocommons widget not audited." if i % 3 == 1 else "none"))
        t += 50 + 7 * i
    s.user(t, "Summarise the batch in one paragraph for the web team.")
    s.reply("7 pages audited: 1 critical (missing captions on the makerspace tour video), 8 serious, 1 moderate. The "
            "most common issue is missing alt text on hero/gallery images (4 pages) - fix it once in the branch page "
            "template. The board-minutes page is clean.")
    return s


def web_healthy_fixes():
    s = Session("web_accessibility_audit_healthy_fixes_responses", "web_accessibility_audit", "responses", "healthy",
                WEB_SYSTEM, "gpt-4.1", WEB_TOOLS, max_tokens=900,
                notes="A developer pushes fixes between rescans; each rescan fails differently (fewer, different "
                      "violations) and the last one passes.")
    url = "https://staging.northgate-library.example/catalog/search"
    s.user(0, "I'm fixing the catalog search page on staging. Scan it, I'll push fixes and ask you to rescan.")
    rounds = [
        [("label", "critical", "input#q"), ("button-name", "critical", "button.search-go"), ("color-contrast", "serious", "span.facet-count"),
         ("list", "serious", "ul.facets > div"), ("aria-allowed-attr", "serious", "div.results[aria-checked]")],
        [("color-contrast", "serious", "span.facet-count"), ("aria-valid-attr-value", "serious", "button.sort[aria-expanded='yes']")],
        [("nested-interactive", "serious", "a.result-card button.hold")],
        [],
    ]
    dev = ["pushed: label on search box, name on the go button, facets list fixed, removed aria-checked. rescan",
           "ok contrast + aria-expanded fixed, rescan", "moved the hold button out of the link. rescan"]
    t = 2
    for i, vs in enumerate(rounds):
        s.reply("" if i == 0 else "Rescanning.", [("scan_page", {"url": url})])
        s.tools_out(t, [jdump({"url": url, "build": f"staging-{4410 + i}", "violations": [{"id": a, "impact": b, "nodes": [c]} for a, b, c in vs],
                               "passes": 40 + 4 * i})])
        if vs:
            s.reply(f"Build staging-{4410 + i}: {len(vs)} violations: " + "; ".join(f"{a} ({b}) on {c}" for a, b, c in vs) + ".")
            t += [420, 900, 1300][i]
            s.user(t, dev[i])
            t += 3
    s.reply("Build staging-4413 is clean: 0 violations, 52 checks passed. Ready for a manual screen-reader pass.")
    s.user(t + 600, "doing NVDA now. what should I test by hand that axe can't?")
    s.reply("Focus order after a search (focus should land on the results heading), live-region announcement of the "
            "result count, facet checkboxes announced with their counts, and the hold dialog trapping and returning focus.")
    s.user(t + 1900, "all good except result count isn't announced")
    s.reply("Wrap the count in an element with role=\"status\" (polite live region) and update its text after results "
            "render; don't re-create the element, or NVDA won't announce it.")
    return s


# ===================================================================== main
SESSIONS = [
    pet_runaway_payee, pet_runaway_clarify, pet_healthy_batch, pet_healthy_backoff,
    fleet_runaway_poll, fleet_runaway_handoff, fleet_healthy_cooling, fleet_healthy_green,
    vc_runaway_restart, vc_runaway_contigs, vc_healthy_fixes, vc_healthy_progress,
    permit_runaway_cycle, permit_runaway_reserved, permit_healthy_revisit, permit_healthy_stateless,
    cdn_runaway_stale, cdn_runaway_forbidden, cdn_healthy_batch, cdn_healthy_paging,
    wed_runaway_continue, wed_runaway_paraphrase, wed_healthy_continue, wed_healthy_slow,
    sc_runaway_cycle, sc_runaway_growlog, sc_healthy_template, sc_healthy_passes,
    web_runaway_login, web_runaway_rescan, web_healthy_batch, web_healthy_fixes,
]


def build():
    files = {}
    for fn in SESSIONS:
        doc = fn().render()
        files[os.path.join("heldout", doc["name"] + ".json")] = json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    return files


def main():
    check = "--check" in sys.argv[1:]
    files = build()
    errs, names = [], set()
    for rel, text in files.items():
        doc = json.loads(text)
        errs += validate(doc)
        sid = doc["headers"]["x-session-id"]
        if sid in names:
            errs.append(f"duplicate session id {sid}")
        names.add(sid)
    shapes = {}
    for rel, text in files.items():
        d = json.loads(text)
        shapes[d["shape"]] = shapes.get(d["shape"], 0) + 1
    if files and min(shapes.get(s, 0) for s in SHAPE_PATH) < 8 and len(files) >= 32:
        errs.append(f"shape counts {shapes}")
    if check:
        on_disk = set()
        for sub in ("tuning", "heldout"):
            for f in os.listdir(os.path.join(ROOT, sub)):
                if f.endswith(".json"):
                    on_disk.add(os.path.join(sub, f))
        if on_disk != set(files):
            errs.append(f"file set differs: extra {sorted(on_disk - set(files))} missing {sorted(set(files) - on_disk)}")
        for rel, text in files.items():
            p = os.path.join(ROOT, rel)
            if os.path.exists(p):
                with open(p, encoding="utf-8") as fh:
                    if fh.read() != text:
                        errs.append(f"{rel} differs from the generator")
    if errs:
        print("\n".join(errs))
        return 1
    if not check:
        for sub in ("tuning", "heldout"):
            os.makedirs(os.path.join(ROOT, sub), exist_ok=True)
            for f in os.listdir(os.path.join(ROOT, sub)):
                if f.endswith(".json") and os.path.join(sub, f) not in files:
                    os.remove(os.path.join(ROOT, sub, f))
        for rel, text in files.items():
            with open(os.path.join(ROOT, rel), "w", encoding="utf-8") as fh:
                fh.write(text)
    print(f"{len(files)} sessions ok, shapes {dict(sorted(shapes.items()))}" + (" (check)" if check else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
