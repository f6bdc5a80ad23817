#!/usr/bin/env python3
"""Writes tests/fixtures/corpus_m: an independent, held-out agent-session corpus (author writer-m).

Stdlib only, deterministic (fixed seeds, no clock, no network). Every style is written by its own
hand-written functions below. `--check` regenerates in memory, validates every request against
its API shape and compares with the files on disk.
"""
import hashlib
import json
import os
import random
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "corpus_m")
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
SESSIONS = []


def session(fn):
    SESSIONS.append(fn)
    return fn


class Conv:
    """An abstract conversation rendered to one of the three API shapes at every turn."""

    def __init__(self, name, style, shape, system, tools=(), model=None, max_tokens=1024,
                 user="writer-m-user", notes="", expected=None, stateless=False):
        self.name, self.style, self.shape, self.system = name, style, shape, system
        self.tools = list(tools)
        self.model = model or {"chat": "gpt-4o", "responses": "gpt-4.1-mini",
                               "anthropic": "claude-sonnet-4-20250514"}[shape]
        self.max_tokens, self.user_id, self.notes = max_tokens, user, notes
        self.expected = expected or {"outcome": "healthy"}
        self.ev, self.turns, self.t, self.n, self.pending = [], [], 0, 0, []
        self.stateless = stateless  # a client that sends no history: every request stands alone

    # -- building ---------------------------------------------------------------------------
    def _id(self):
        self.n += 1
        h = hashlib.sha1(f"{self.name}:{self.n}".encode()).hexdigest()
        return ("toolu_01" + h[:22]) if self.shape == "anthropic" else ("call_" + h[:24])

    def _rec(self, dt):
        self.t += dt if self.turns else 0
        self.turns.append({"at_seconds": self.t, "request": self.render()})

    def user(self, text, dt=30):
        assert not self.pending, (self.name, "tool results owed")
        if self.stateless:
            self.ev = []
        self.ev.append(("user", text))
        self._rec(dt)

    def say(self, text=None, calls=()):
        """The assistant's reply to the last recorded request."""
        assert text or calls
        cs = [(self._id(), n, a) for n, a in calls]
        self.ev.append(("asst", text, cs))
        self.pending = cs

    def tool(self, outputs, dt=5, text=None):
        if not isinstance(outputs, list):
            outputs = [outputs]
        assert len(outputs) == len(self.pending), (self.name, len(outputs), len(self.pending))
        for (cid, name, _), out in zip(self.pending, outputs):
            if not isinstance(out, str):
                out = json.dumps(out)
            self.ev.append(("tool", cid, name, out))
        self.pending = []
        if text:
            self.ev.append(("user", text))
        self._rec(dt)

    # -- rendering --------------------------------------------------------------------------
    def _schema(self, params):
        return {"type": "object",
                "properties": {k: {"type": v[0], "description": v[1]} for k, v in params.items()},
                "required": [k for k in params]}

    def render(self):
        return getattr(self, "_r_" + self.shape)()

    def _r_chat(self):
        msgs = [{"role": "system", "content": self.system}]
        for e in self.ev:
            if e[0] == "user":
                msgs.append({"role": "user", "content": e[1]})
            elif e[0] == "asst":
                m = {"role": "assistant", "content": e[1]}
                if e[2]:
                    m["tool_calls"] = [{"id": i, "type": "function",
                                        "function": {"name": n, "arguments": json.dumps(a)}}
                                       for i, n, a in e[2]]
                msgs.append(m)
            else:
                msgs.append({"role": "tool", "tool_call_id": e[1], "content": e[3]})
        req = {"model": self.model, "messages": msgs, "max_tokens": self.max_tokens}
        if self.tools:
            req["tools"] = [{"type": "function", "function": {"name": n, "description": d,
                                                              "parameters": self._schema(p)}}
                            for n, d, p in self.tools]
        return req

    def _r_responses(self):
        items = []
        for e in self.ev:
            if e[0] == "user":
                items.append({"role": "user", "content": e[1]})
            elif e[0] == "asst":
                if e[1]:
                    items.append({"type": "message", "role": "assistant",
                                  "content": [{"type": "output_text", "text": e[1]}]})
                for i, n, a in e[2]:
                    items.append({"type": "function_call", "call_id": i, "name": n,
                                  "arguments": json.dumps(a)})
            else:
                items.append({"type": "function_call_output", "call_id": e[1], "output": e[3]})
        req = {"model": self.model, "instructions": self.system, "input": items,
               "max_output_tokens": self.max_tokens}
        if self.tools:
            req["tools"] = [{"type": "function", "name": n, "description": d,
                             "parameters": self._schema(p)} for n, d, p in self.tools]
        return req

    def _r_anthropic(self):
        msgs = []
        for e in self.ev:
            if e[0] == "asst":
                blocks = ([{"type": "text", "text": e[1]}] if e[1] else []) + \
                         [{"type": "tool_use", "id": i, "name": n, "input": a} for i, n, a in e[2]]
                msgs.append({"role": "assistant", "content": blocks})
                continue
            block = ({"type": "text", "text": e[1]} if e[0] == "user" else
                     {"type": "tool_result", "tool_use_id": e[1], "content": e[3]})
            if msgs and msgs[-1]["role"] == "user":
                c = msgs[-1]["content"]
                if isinstance(c, str):
                    c = [{"type": "text", "text": c}]
                msgs[-1]["content"] = c + [block]
            elif e[0] == "user":
                msgs.append({"role": "user", "content": e[1]})
            else:
                msgs.append({"role": "user", "content": [block]})
        req = {"model": self.model, "system": self.system, "max_tokens": self.max_tokens,
               "messages": msgs}
        if self.tools:
            req["tools"] = [{"name": n, "description": d, "input_schema": self._schema(p)}
                            for n, d, p in self.tools]
        return req

    def doc(self):
        d = {"name": self.name, "style": self.style, "shape": self.shape,
             "path": PATHS[self.shape],
             "headers": {"x-session-id": "corpus-m-" + self.name, "x-user-id": self.user_id},
             "expected": self.expected, "turns": self.turns}
        if self.notes:
            d["notes"] = self.notes
        return d


def runaway(b, d):
    return {"outcome": "runaway", "loop_begins_turn": b, "stop_by_turn": d}


def ts(base_min, sec):
    """A wall-clock-looking timestamp string (fixed date) from minutes + seconds offsets."""
    s = base_min * 60 + sec
    return "2026-03-14T%02d:%02d:%02dZ" % (8 + s // 3600 % 14, s // 60 % 60, s % 60)


# =============================================================================================
# bank_fraud_review
# =============================================================================================
BANK_TOOLS = [
    ("get_transaction", "Fetch one card transaction with its risk signals.",
     {"txn_id": ("string", "transaction id, e.g. TX-88120455")}),
    ("get_account_history", "List transactions of an account, newest first, 20 per page.",
     {"account_id": ("string", "account id"), "cursor": ("string", "page cursor or empty")}),
    ("update_case", "Set the disposition of a fraud case.",
     {"case_id": ("string", "case id"), "disposition": ("string", "confirmed_fraud|legitimate|escalate"),
      "note": ("string", "reviewer note")}),
]
BANK_SYS = ("You are a fraud-operations reviewer assistant for Northfield Credit Union. Review flagged "
            "card transactions, look at the account history, and record a disposition on the case. "
            "Never contact the cardholder yourself. Cite the evidence (merchant, MCC, geo, device) "
            "in every case note.")
MERCHANTS = [("AMZN Mktp US*2K41Y", "5942", "Seattle, WA"), ("SHELL OIL 57442", "5541", "Dayton, OH"),
             ("APPLE.COM/BILL", "5818", "Cupertino, CA"), ("STEAMGAMES.COM 4259", "5816", "Bellevue, WA"),
             ("WALGREENS #4412", "5912", "Dayton, OH"), ("BINANCE.COM", "6051", "Valletta, MT"),
             ("UBER *TRIP", "4121", "San Francisco, CA"), ("TARGET 00018221", "5310", "Kettering, OH"),
             ("NETFLIX.COM", "4899", "Los Gatos, CA"), ("WU 8442217 WESTERN UNION", "4829", "Lagos, NG"),
             ("KROGER #921", "5411", "Dayton, OH"), ("DOORDASH*CHIPOTLE", "5814", "Dayton, OH")]


def bank_txn(rng, txn, amount=None, m=None, flags=None):
    m = m or rng.choice(MERCHANTS)
    return {"txn_id": txn, "amount_cents": amount or rng.randrange(399, 184000),
            "currency": "USD", "merchant": m[0], "mcc": m[1], "merchant_city": m[2],
            "entry_mode": rng.choice(["chip", "contactless", "ecommerce", "ecommerce", "keyed"]),
            "device_fingerprint": "dfp_" + hashlib.md5(txn.encode()).hexdigest()[:12],
            "risk_score": rng.randrange(612, 981), "rules_hit": flags or []}


@session
def bank_renamed_cases():
    c = Conv("bank_fraud_review_runaway_renamed_cases", "bank_fraud_review", "chat", BANK_SYS, BANK_TOOLS,
             expected=runaway(5, 11), user="analyst-kpatel",
             notes="Every update_case call fails with the same 403 missing-scope error; the agent moves "
                   "on to the next case id each time instead of stopping, so only the ids change.")
    rng = random.Random(101)
    c.user("Work through the overnight queue FQ-0314 please, there are 23 cases. Start with CASE-7730.", 0)
    cases = ["CASE-77%02d" % (30 + i) for i in range(14)]
    for i, case in enumerate(cases):
        txn = "TX-%08d" % (88120455 + i * 7919)
        msg = ("Starting with CASE-7730." if not i else
               f"The update for {cases[i - 1]} was rejected (403 insufficient_scope). I'll note it and "
               f"continue with {case}.")
        c.say(msg, [("get_transaction", {"txn_id": txn})])
        t = bank_txn(rng, txn, flags=["geo_velocity"] if i % 3 == 0 else ["new_device"])
        c.tool(t, dt=6)
        verdict = "legitimate" if t["risk_score"] < 800 else "escalate"
        c.say(f"{case}: {t['merchant']} for ${t['amount_cents'] / 100:.2f}, rules {', '.join(t['rules_hit'])}. "
              f"Recording {verdict}.",
              [("update_case", {"case_id": case, "disposition": verdict,
                                "note": f"{t['merchant']} MCC {t['mcc']} {t['merchant_city']}, "
                                        f"{t['entry_mode']}, device {t['device_fingerprint']}"})])
        c.tool(json.dumps({"error": {"status": 403, "code": "insufficient_scope",
                                     "message": f"token for svc-fraud-agent lacks scope cases:write "
                                                f"(case {case})", "request_id": "req_%06x" % rng.randrange(16**6)}}),
               dt=4)
        if len(c.turns) >= 28:
            break
    return c


@session
def bank_evidence_cycle():
    c = Conv("bank_fraud_review_runaway_evidence_cycle", "bank_fraud_review", "anthropic", BANK_SYS,
             BANK_TOOLS, expected=runaway(5, 13), user="analyst-mrossi",
             notes="Period-3 cycle: fetch transaction, fetch history, update_case rejected for a missing "
                   "evidence_ref the agent never supplies; the as_of timestamps tick every round.")
    rng = random.Random(102)
    c.user("CASE-80412 was flagged by the BIN-attack rule at 03:12. Please review and close it out.", 0)
    hist_rows = [bank_txn(rng, "TX-%08d" % (90400000 + k * 37), m=MERCHANTS[k % 12]) for k in range(8)]
    for r in range(9):
        stamp = ts(190 + r * 2, 17 + r * 7)
        c.say("I'll pull the flagged transaction first." if r == 0 else
              "The case service wants an evidence reference. Let me re-read the transaction to find it.",
              [("get_transaction", {"txn_id": "TX-90412255"})])
        t = bank_txn(random.Random(7), "TX-90412255", 100, MERCHANTS[3], ["bin_attack", "card_testing"])
        t["as_of"] = stamp
        c.tool(t, dt=5)
        c.say("Now the account history around it.",
              [("get_account_history", {"account_id": "ACC-2209187", "cursor": ""})])
        c.tool({"account_id": "ACC-2209187", "as_of": stamp, "rows": hist_rows, "next_cursor": "c_MjA"}, dt=6)
        c.say("A $1.00 e-commerce authorisation at STEAMGAMES.COM from a new device, matching the card-testing "
              "pattern; no prior Steam purchases in history. Marking as confirmed fraud.",
              [("update_case", {"case_id": "CASE-80412", "disposition": "confirmed_fraud",
                                "note": "BIN attack pattern: $1.00 ecommerce auth, new device, no history at merchant"})])
        c.tool({"error": {"status": 422, "code": "validation_failed",
                          "message": "disposition confirmed_fraud requires field evidence_ref (ticket or chargeback id)",
                          "at": stamp}}, dt=4)
        if len(c.turns) >= 26:
            break
    return c


BANK_POLICY = """REVIEW POLICY FR-7 (rev. 2026-02)
1. Pull the transaction and the last 20 account transactions before deciding.
2. Disposition rules:
   a. confirmed_fraud: card-testing pattern (<= $2.00 e-commerce auths, new device), or the cardholder
      has already disputed via IVR (look for the DISPUTE_IVR flag), or geo impossible travel (> 800 km
      within 60 minutes between card-present transactions).
   b. legitimate: merchant and device seen before on the account within 90 days and amount within
      3x the account's median ticket.
   c. escalate: anything else, and every crypto exchange (MCC 6051) or money transfer (MCC 4829)
      transaction above $500.
3. The velocity rule (3+ transactions within 10 minutes) is a SIGNAL, not a disposition. Note it.
4. Case notes: merchant, MCC, city, entry mode, device fingerprint, and the rule letter applied.
5. Do not batch dispositions; one update_case per case, then wait for the next case.
"""


@session
def bank_policy_batch():
    c = Conv("bank_fraud_review_healthy_policy_batch", "bank_fraud_review", "responses",
             BANK_SYS + "\n\n" + BANK_POLICY, BANK_TOOLS, user="fraud-batch-runner",
             notes="Batch: the same long policy and the same instruction with a different case each "
                   "time; the velocity signal recurs on several different cases, dispositions differ.")
    rng = random.Random(103)
    items = [("CASE-81102", "TX-71002231", 4, True), ("CASE-81107", "TX-71002918", 6, False),
             ("CASE-81115", "TX-71004410", 1, True), ("CASE-81120", "TX-71005003", 9, True),
             ("CASE-81131", "TX-71006671", 5, False), ("CASE-81139", "TX-71007012", 10, True),
             ("CASE-81144", "TX-71008456", 0, False), ("CASE-81150", "TX-71009930", 7, True),
             ("CASE-81162", "TX-71010207", 11, False)]
    for k, (case, txn, mi, vel) in enumerate(items):
        c.user(f"Apply policy FR-7 to the next case.\nCase: {case}\nFlagged transaction: {txn}\n"
               f"Queue position: {k + 1} of {len(items)}", 0 if k == 0 else 40 + 13 * k)
        acc = "ACC-%07d" % (3300000 + 1717 * k)
        c.say(None, [("get_transaction", {"txn_id": txn}),
                     ("get_account_history", {"account_id": acc, "cursor": ""})])
        t = bank_txn(rng, txn, m=MERCHANTS[mi], flags=(["velocity_10m"] if vel else []) + ["new_device"] * (k % 2))
        rows = [bank_txn(rng, "TX-%08d" % (60000000 + k * 1000 + j), m=MERCHANTS[(mi + j) % 12]) for j in range(6)]
        c.tool([t, {"account_id": acc, "rows": rows, "next_cursor": None}], dt=7)
        amt = t["amount_cents"]
        if t["mcc"] in ("6051", "4829") and amt > 50000:
            disp, rule = "escalate", "2c"
        elif amt <= 200 and t["entry_mode"] == "ecommerce":
            disp, rule = "confirmed_fraud", "2a"
        elif any(r["merchant"] == t["merchant"] for r in rows):
            disp, rule = "legitimate", "2b"
        else:
            disp, rule = "escalate", "2c"
        vnote = "; velocity signal present (3 txns in 10 min)" if vel else ""
        c.say(None, [("update_case", {"case_id": case, "disposition": disp,
                                      "note": f"{t['merchant']} MCC {t['mcc']} {t['merchant_city']}, "
                                              f"{t['entry_mode']}, {t['device_fingerprint']}; rule {rule}{vnote}"})])
        c.tool({"case_id": case, "status": "closed" if disp != "escalate" else "escalated",
                "updated_by": "svc-fraud-agent", "version": 3 + k % 2}, dt=3)
        c.say(f"{case} -> {disp} under rule {rule}. {t['merchant']} ${amt / 100:.2f} ({t['entry_mode']})"
              f"{vnote}. Ready for the next case.")
    return c


@session
def bank_history_pages():
    c = Conv("bank_fraud_review_healthy_history_pages", "bank_fraud_review", "chat", BANK_SYS, BANK_TOOLS,
             user="analyst-dnguyen", model="gpt-4.1-mini",
             notes="Pagination: the same get_account_history call with the next cursor, 12 pages of "
                   "different rows, then a summary and one disposition.")
    rng = random.Random(104)
    c.user("Cardholder on ACC-1180442 says she never used Uber outside Ohio. Go through the full history "
           "since October and list every UBER *TRIP charge with its city, then close CASE-80991.", 0)
    cursor, found = "", []
    for p in range(12):
        c.say("Paging through the history." if p == 0 else f"Page {p} done, {len(found)} Uber charges so far. "
              f"Fetching the next page.", [("get_account_history", {"account_id": "ACC-1180442", "cursor": cursor})])
        rows = []
        for j in range(20):
            m = MERCHANTS[6] if rng.random() < 0.18 else rng.choice(MERCHANTS)
            r = bank_txn(rng, "TX-%08d" % (55000000 - p * 400 - j * 17), m=m)
            r["posted"] = "2026-%02d-%02d" % (3 - p // 4 if p < 8 else 12 - (p - 8) // 2, 28 - (p % 4) * 7 - j // 3)
            if m is MERCHANTS[6]:
                r["merchant_city"] = rng.choice(["Dayton, OH", "Dayton, OH", "Columbus, OH", "Miami, FL",
                                                 "Chicago, IL"])
                found.append(r)
            rows.append(r)
        cursor = "c_" + hashlib.sha1(f"p{p}".encode()).hexdigest()[:10] if p < 11 else None
        c.tool(json.dumps({"account_id": "ACC-1180442", "page": p + 1, "rows": rows, "next_cursor": cursor}), dt=4)
    out = [r for r in found if not r["merchant_city"].endswith("OH")]
    c.say(f"History complete: {len(found)} Uber charges, {len(out)} outside Ohio: " +
          ", ".join(f"{r['txn_id']} {r['merchant_city']} ${r['amount_cents'] / 100:.2f}" for r in out) +
          ". They conflict with same-day card-present purchases in Dayton.",
          [("update_case", {"case_id": "CASE-80991", "disposition": "confirmed_fraud",
                            "note": "impossible travel: Uber Miami vs chip Dayton same day; rule 2a"})])
    c.tool({"case_id": "CASE-80991", "status": "closed", "version": 2}, dt=3)
    c.say("CASE-80991 closed as confirmed fraud. The out-of-state Uber charges are listed above for the "
          "chargeback team.")
    c.user("Thanks. Can you also add that the cardholder's phone was in Dayton per the app login log?", 600)
    return c


# =============================================================================================
# satellite_imagery_tasking
# =============================================================================================
SAT_TOOLS = [
    ("search_passes", "List upcoming imaging passes over an area of interest.",
     {"aoi_wkt": ("string", "WKT polygon"), "from_utc": ("string", "ISO time"), "days": ("integer", "window")}),
    ("get_cloud_forecast", "Cloud cover forecast (percent) for a point and time from the weather service.",
     {"lat": ("number", "latitude"), "lon": ("number", "longitude"), "at_utc": ("string", "ISO time")}),
    ("submit_task", "Submit an imaging task for one pass.",
     {"pass_id": ("string", "pass id"), "aoi_wkt": ("string", "WKT polygon"), "priority": ("string", "standard|urgent"),
      "max_cloud_pct": ("integer", "reject threshold")}),
    ("get_task_status", "Status of a submitted imaging task.", {"task_id": ("string", "task id")}),
]
SAT_SYS = ("You are the tasking assistant of Meridian Earth Observation's customer operations desk. You "
           "schedule imaging passes for customer orders on the MEO-2A/2B/2C constellation, check the cloud "
           "forecast before committing a pass, and report task status. Orders have a max cloud threshold; "
           "never book a pass whose forecast exceeds it.")
AOI_ROTTERDAM = "POLYGON((4.02 51.86, 4.38 51.86, 4.38 51.99, 4.02 51.99, 4.02 51.86))"


def sat_passes(rng, base_day, n=4):
    out = []
    for k in range(n):
        sat = ["MEO-2A", "MEO-2B", "MEO-2C"][k % 3]
        out.append({"pass_id": "%s-P%05d" % (sat, 31200 + base_day * 40 + k * 7), "satellite": sat,
                    "start_utc": "2026-03-%02dT%02d:%02d:00Z" % (15 + k // 2, 10 + (k * 3) % 4, rng.randrange(60)),
                    "off_nadir_deg": round(rng.uniform(3, 29), 1), "sun_elevation_deg": round(rng.uniform(18, 41), 1),
                    "gsd_m": round(0.5 + rng.random() * 0.3, 2)})
    return out


@session
def sat_stuck_uplink():
    c = Conv("satellite_imagery_tasking_runaway_stuck_uplink", "satellite_imagery_tasking", "responses", SAT_SYS,
             SAT_TOOLS, expected=runaway(6, 14), user="ops-lvandijk",
             notes="After booking, the task sits in PENDING_UPLINK with the same queue position long after its "
                   "uplink window closed; the agent polls every minute and only checked_at moves.")
    rng = random.Random(201)
    c.user("Order ORD-55120 (Port of Rotterdam, Maasvlakte II), max cloud 20%, urgent. Book the earliest "
           "acceptable pass and watch it until it is uplinked.", 0)
    c.say("Searching passes for the next 3 days.",
          [("search_passes", {"aoi_wkt": AOI_ROTTERDAM, "from_utc": "2026-03-14T09:00:00Z", "days": 3})])
    passes = sat_passes(rng, 1)
    c.tool({"passes": passes}, dt=4)
    c.say(None, [("get_cloud_forecast", {"lat": 51.95, "lon": 4.1, "at_utc": passes[0]["start_utc"]})])
    c.tool({"model": "ECMWF-IFS 0.1", "cloud_total_pct": 12, "cloud_low_pct": 6, "issued": "2026-03-14T06:00Z"}, dt=3)
    c.say(f"Forecast 12% for {passes[0]['pass_id']}, under the 20% threshold. Submitting as urgent.",
          [("submit_task", {"pass_id": passes[0]["pass_id"], "aoi_wkt": AOI_ROTTERDAM, "priority": "urgent",
                            "max_cloud_pct": 20})])
    c.tool({"task_id": "TSK-9a41c0", "state": "ACCEPTED", "uplink_window": ["2026-03-14T09:32:00Z",
                                                                          "2026-03-14T09:41:00Z"]}, dt=3)
    for k in range(18):
        c.say("Task accepted. Checking status." if k == 0 else
              "Still PENDING_UPLINK at queue position 4. I'll check again in a minute.",
              [("get_task_status", {"task_id": "TSK-9a41c0"})])
        c.tool({"task_id": "TSK-9a41c0", "state": "PENDING_UPLINK", "queue_position": 4,
                "ground_station": "KSAT Svalbard SG-3", "uplink_window_closes": "2026-03-14T09:41:00Z",
                "checked_at": ts(105 + k, 12)}, dt=60)
        if len(c.turns) >= 22:
            break
    return c


@session
def sat_bowtie_polygon():
    c = Conv("satellite_imagery_tasking_runaway_bowtie_polygon", "satellite_imagery_tasking", "anthropic",
             SAT_SYS, SAT_TOOLS, expected=runaway(4, 9), user="ops-tkimura",
             notes="submit_task is rejected with the same 422 self-intersecting polygon error; the agent "
                   "'fixes' the polygon by rotating the same vertex list and resubmits forever.")
    c.user("New order ORD-55188, vineyard survey near Bordeaux, max cloud 15%. The customer sent this AOI: "
           "POLYGON((-0.61 44.83, -0.49 44.91, -0.49 44.83, -0.61 44.91, -0.61 44.83)). Book the first pass "
           "on Monday.", 0)
    c.say("Checking the forecast for Monday's MEO-2B pass first.",
          [("get_cloud_forecast", {"lat": 44.87, "lon": -0.55, "at_utc": "2026-03-16T10:41:00Z"})])
    c.tool({"model": "ECMWF-IFS 0.1", "cloud_total_pct": 9, "cloud_low_pct": 2, "issued": "2026-03-14T06:00Z"}, dt=3)
    verts = ["-0.61 44.83", "-0.49 44.91", "-0.49 44.83", "-0.61 44.91"]
    phr = ["9% cloud, fine. Submitting.",
           "The AOI was rejected as self-intersecting. I'll reorder the vertices so the ring is valid and resubmit.",
           "Still rejected. Let me start the ring from a different corner so the edges don't cross.",
           "The service says the segments cross. Reordering the coordinates once more and resubmitting.",
           "I'll rotate the vertex order so the polygon closes correctly and try again."]
    for k in range(12):
        v = verts[k % 4:] + verts[:k % 4]
        wkt = "POLYGON((" + ", ".join(v + [v[0]]) + "))"
        c.say(phr[k] if k < len(phr) else phr[1 + k % 4],
              [("submit_task", {"pass_id": "MEO-2B-P31377", "aoi_wkt": wkt, "priority": "standard",
                                "max_cloud_pct": 15})])
        c.tool(json.dumps({"type": "error", "status": 422, "error": {
            "code": "INVALID_AOI", "detail": "Ring Self-intersection at or near point -0.55 44.87",
            "hint": "Vertices must be ordered around the boundary (e.g. counter-clockwise)."}}), dt=8)
    return c


@session
def sat_progress_poll():
    c = Conv("satellite_imagery_tasking_healthy_progress_poll", "satellite_imagery_tasking", "chat", SAT_SYS,
             SAT_TOOLS, user="ops-lvandijk", model="gpt-4o",
             notes="A poller whose numbers move: queue position, downlink percent, processing percent and "
                   "ETA change on every poll until the scene is delivered.")
    c.user("ORD-55203 was booked yesterday as TSK-77be12 (Jebel Ali port). Keep an eye on it and tell me "
           "when the scene is delivered.", 0)
    states = [("QUEUED", {"queue_position": 3}), ("QUEUED", {"queue_position": 2}), ("QUEUED", {"queue_position": 1}),
              ("UPLINKED", {"uplinked_at": "2026-03-14T10:02:11Z"}), ("ACQUIRING", {"eta_acquisition_s": 240}),
              ("ACQUIRED", {"cloud_measured_pct": 4}), ("DOWNLINKING", {"downlink_pct": 18, "eta_s": 410}),
              ("DOWNLINKING", {"downlink_pct": 47, "eta_s": 260}), ("DOWNLINKING", {"downlink_pct": 83, "eta_s": 70}),
              ("PROCESSING", {"level": "L1B", "processing_pct": 10, "eta_s": 900}),
              ("PROCESSING", {"level": "L1B", "processing_pct": 55, "eta_s": 420}),
              ("PROCESSING", {"level": "L2A", "processing_pct": 20, "eta_s": 600}),
              ("PROCESSING", {"level": "L2A", "processing_pct": 85, "eta_s": 90}),
              ("DELIVERED", {"product_url": "s3://meo-deliveries/ORD-55203/TSK-77be12/L2A_20260314_101804.tif",
                             "size_bytes": 1843309912})]
    prev = None
    for k, (st, extra) in enumerate(states):
        if k == 0:
            txt = "I'll poll the task."
        else:
            txt = "Status " + prev + ". Checking again."
        c.say(txt, [("get_task_status", {"task_id": "TSK-77be12"})])
        body = {"task_id": "TSK-77be12", "state": st, "checked_at": ts(120 + k * 6, 5 * k)}
        body.update(extra)
        c.tool(body, dt=[90, 120, 300, 360][k % 4])
        prev = st + " " + ", ".join(f"{a}={b}" for a, b in extra.items())
    c.say("TSK-77be12 is DELIVERED: L2A product, 1.84 GB, measured cloud 4%.")
    c.user("Great, send the link to the customer success channel.", 240)
    return c


@session
def sat_backoff_retries():
    c = Conv("satellite_imagery_tasking_healthy_backoff", "satellite_imagery_tasking", "anthropic", SAT_SYS,
             SAT_TOOLS, user="ops-fbenali",
             notes="Weather service 503s and tasking API 429s are retried with growing delays and then "
                   "succeed; three sites are booked.")
    c.user("Three sites for ORD-55230 (solar farm inspections), max cloud 25%: Ouarzazate 30.98,-6.86; "
           "Benban 24.45,32.74; Kurnool 15.68,78.28. Book the first acceptable pass for each.", 0)
    sites = [("Ouarzazate", 30.98, -6.86, "MEO-2A-P31410", 7), ("Benban", 24.45, 32.74, "MEO-2C-P31422", 3),
             ("Kurnool", 15.68, 78.28, "MEO-2B-P31431", 19)]
    for si, (nm, lat, lon, pid, cloud) in enumerate(sites):
        at = "2026-03-1%dT10:%02d:00Z" % (5 + si, 10 + si * 11)
        fails = [2, 1, 0][si]
        for f in range(fails + 1):
            c.say(f"Forecast for {nm}." if f == 0 else f"Weather service unavailable, retrying after {2 ** (f + 1)} s.",
                  [("get_cloud_forecast", {"lat": lat, "lon": lon, "at_utc": at})])
            if f < fails:
                c.tool(json.dumps({"status": 503, "error": "upstream timeout (ecmwf-proxy-%d)" % (f + 2),
                                   "retry_after_s": 2 ** (f + 2)}), dt=2 ** (f + 1))
            else:
                c.tool({"model": "ECMWF-IFS 0.1", "cloud_total_pct": cloud, "issued": "2026-03-14T06:00Z"},
                       dt=2 ** (f + 1))
        for f in range(2 if si == 1 else 1):
            c.say(f"{cloud}% forecast at {nm}, under 25%. Booking {pid}." if f == 0 else
                  "Rate limited by the tasking API; waiting 30 s as instructed and resubmitting.",
                  [("submit_task", {"pass_id": pid, "aoi_wkt": "POINT(%s %s)" % (lon, lat), "priority": "standard",
                                    "max_cloud_pct": 25})])
            if si == 1 and f == 0:
                c.tool(json.dumps({"status": 429, "error": "rate_limited", "retry_after_s": 30}), dt=3)
            else:
                c.tool({"task_id": "TSK-%06x" % (0xa10000 + si * 4111), "state": "ACCEPTED"}, dt=30 if si == 1 else 3)
    c.say("All three booked: Ouarzazate 7%, Benban 3%, Kurnool 19% forecast cloud.")
    c.user("Perfect. What resolution will Kurnool come in at?", 400)
    return c


# =============================================================================================
# restaurant_inventory
# =============================================================================================
RST_TOOLS = [
    ("pos_sales_report", "Toast POS sales and theoretical ingredient usage for one business day.",
     {"location": ("string", "store code"), "business_date": ("string", "YYYY-MM-DD")}),
    ("get_stock_count", "Latest physical stock count for one inventory item.",
     {"location": ("string", "store code"), "item": ("string", "inventory item code")}),
    ("supplier_catalog", "Fetch a supplier catalog or price-list page by URL.",
     {"url": ("string", "supplier page URL")}),
    ("create_po", "Create a purchase order line with a supplier.",
     {"supplier": ("string", "supplier code"), "sku": ("string", "supplier SKU"), "qty": ("integer", "cases")}),
]
RST_SYS = ("You are the back-of-house inventory assistant for Brasa Group (3 restaurants: BRS-MID Midtown, "
           "BRS-EV East Village, BRS-WB Williamsburg). You reconcile physical counts with POS theoretical "
           "usage and place supplier orders. Quantities are in the item's count unit; money in cents.")
RST_ITEMS = [("BEEF-SKIRT", "Skirt steak, outside, choice", "lb"), ("CHK-THIGH", "Chicken thigh, boneless", "lb"),
             ("AVO-HASS48", "Avocado Hass #48", "ea"), ("LIME-175", "Limes 175ct", "ea"),
             ("CIL-BUNCH", "Cilantro bunch", "bunch"), ("TORT-CORN6", "Corn tortilla 6in", "dz"),
             ("QSO-FRESCO", "Queso fresco 5lb", "lb"), ("OIL-FRY35", "Fry oil 35lb jug", "jug"),
             ("ONION-RED", "Red onion jumbo", "lb"), ("MEZCAL-VID", "Mezcal Vida 750ml", "btl"),
             ("CREMA-MX", "Crema mexicana 1gal", "gal"), ("RICE-CAL", "Calrose rice 50lb", "lb"),
             ("JALA-FRESH", "Jalapeno fresh", "lb")]


@session
def rst_sku_flipflop():
    c = Conv("restaurant_inventory_runaway_sku_flipflop", "restaurant_inventory", "chat", RST_SYS, RST_TOOLS,
             expected=runaway(6, 12), user="chef-omar",
             notes="Alternating failing attempts: the PO line is resubmitted with the SKU written two ways, "
                   "'SYS-448120' and '448120', and fails each time because the item is discontinued.")
    c.user("Midtown is low on skirt steak for the weekend. Check the count and order 6 cases from Sysco.", 0)
    c.say(None, [("get_stock_count", {"location": "BRS-MID", "item": "BEEF-SKIRT"})])
    c.tool({"item": "BEEF-SKIRT", "on_hand": 38.5, "unit": "lb", "par": 140, "counted_by": "j.reyes",
            "counted_at": "2026-03-13T22:41:00-05:00"}, dt=3)
    c.say("38.5 lb on hand against a par of 140. Looking up the Sysco item.",
          [("supplier_catalog", {"url": "https://shop.sysco.example/catalog/beef?q=skirt+outside"})])
    c.tool("Sysco Metro NY - Catalog search 'skirt outside'\n\n  448120  BEEF SKIRT OUTSIDE PEELED CHOICE  2/10# AVG  "
           "$9.42/lb  [DISCONTINUED 2026-02-28 - replaced by 448133]\n  448133  BEEF SKIRT OUTSIDE PEELED CHOICE "
           "IBP 2/10# AVG  $9.67/lb  in stock\n  7720415  BEEF SKIRT INSIDE CHOICE 4/12# AVG  $7.88/lb  in stock\n", dt=5)
    a = ("SYS-448120", "I'll place the order for the outside skirt, item 448120.")
    b = ("448120", "The supplier may not want the SYS- prefix. Resubmitting with the bare item number.")
    a2 = ("SYS-448120", "The bare number was not found either. Going back to the prefixed SKU, which is how our "
                        "order guide lists it.")
    for k in range(12):
        sku, txt = [a, b][k % 2] if k < 2 else [a2, b][k % 2]
        c.say(txt, [("create_po", {"supplier": "SYSCO-NY", "sku": sku, "qty": 6})])
        c.tool(json.dumps({"ok": False, "error": {"code": "SKU_NOT_ORDERABLE",
                                                   "message": "Item 448120 cannot be ordered: discontinued "
                                                              "2026-02-28. Substitute: 448133.",
                                                   "line": 1}}), dt=6)
    return c


PSF_PRICES = """PACIFIC SEAFOOD FARMS - NEW YORK BRANCH
Wholesale price list  |  effective week 09 (Feb 23 - Mar 1, 2026)  |  prices FOB Hunts Point, net 14
-------------------------------------------------------------------------------------------
CODE      ITEM                                   PACK        PRICE      NOTES
PSF-1102  Salmon Atlantic fillet, skin-on, PBO   10# case    $11.85/lb  Faroe Islands
PSF-1108  Salmon Atlantic whole 10-12#           1 fish      $7.90/lb
PSF-1210  Cod loin, skinless, boneless 8oz+      10# case    $13.40/lb  Iceland, fresh
PSF-1344  Branzino whole 600-800g                12 ea       $9.15/lb   Greece
PSF-1402  Shrimp 16/20 white, P&D, tail-on, IQF  5x2# case   $8.70/lb
PSF-1405  Shrimp 21/25 white, P&D, tail-off      5x2# case   $7.95/lb
PSF-1520  Octopus Spanish 4-6# cooked            2 ea        $16.25/lb
PSF-1611  Scallops U10 dry pack                  5# gal      $27.50/lb  Cape Cod
PSF-1702  Mussels PEI 10#                        10# bag     $2.35/lb
PSF-1810  Tuna #1 loin, sashimi grade            per loin    $24.90/lb  call ahead
-------------------------------------------------------------------------------------------
Halibut: SEASON CLOSED - Pacific halibut quota season opens March 20. Atlantic halibut on request.
Orders before 4 pm for next-morning delivery. Call Dana at x214 for specials.
"""


@session
def rst_same_pricelist():
    c = Conv("restaurant_inventory_runaway_same_pricelist", "restaurant_inventory", "responses", RST_SYS,
             RST_TOOLS, expected=runaway(4, 10), user="gm-priya",
             notes="The same week-09 price list is re-served under different titles and URLs; the agent keeps "
                   "opening yet another 'current' price-list URL looking for this week's halibut price.")
    c.user("What is Pacific Seafood charging for halibut THIS week (week 11)? I need it for the Friday special "
           "costing.", 0)
    urls = [("https://pacificseafoodfarms.example/pricelists/current", "Current price list"),
            ("https://pacificseafoodfarms.example/pricelists/2026-week-11", "Price list - week 11"),
            ("https://pacificseafoodfarms.example/wholesale/ny?week=11", "NY wholesale prices"),
            ("https://pacificseafoodfarms.example/files/PSF_NY_pricelist_latest.pdf", "PSF_NY_pricelist_latest.pdf"),
            ("https://pacificseafoodfarms.example/pricelists/current?refresh=1", "Current price list"),
            ("https://pacificseafoodfarms.example/customers/brasa/pricing", "Brasa Group - your pricing"),
            ("https://pacificseafoodfarms.example/pricelists/2026-03", "March 2026 price list"),
            ("https://pacificseafoodfarms.example/specials/this-week", "This week's specials & prices"),
            ("https://pacificseafoodfarms.example/wholesale/ny?week=11&lang=en", "NY wholesale prices"),
            ("https://pacificseafoodfarms.example/pricelists/2026-week-11.html", "Price list - week 11"),
            ("https://pacificseafoodfarms.example/pricelists/current#halibut", "Current price list"),
            ("https://pacificseafoodfarms.example/m/prices", "Prices (mobile)"),
            ("https://pacificseafoodfarms.example/pricelists/latest", "Latest price list")]
    thoughts = ["Opening the supplier's current price list.",
                "That list is for week 09. Let me try the week-11 page directly.",
                "This one also shows week 09. Trying the wholesale page filtered to week 11.",
                "Still week 09. The PDF might be more recent.",
                "Same week-09 content. Let me force a refresh of the current list.",
                "Maybe our customer-specific pricing page has this week's numbers.",
                "Trying the monthly March list.",
                "The specials page might list halibut for this week.",
                "Trying the English wholesale view for week 11.",
                "Trying the HTML version of the week-11 list.",
                "Jumping to the halibut anchor on the current list.",
                "Trying the mobile price page.",
                "One more: the 'latest' alias."]
    for k, (u, title) in enumerate(urls):
        c.say(thoughts[k], [("supplier_catalog", {"url": u})])
        c.tool(f"<title>{title} | Pacific Seafood Farms</title>\n\n{PSF_PRICES}", dt=9)
        if len(c.turns) >= 14:
            break
    return c


RST_RECON = """Reconcile one inventory item for store BRS-EV for the week ending 2026-03-08.
Steps: (1) get the physical count, (2) get POS theoretical usage, (3) answer in EXACTLY this format:
ITEM: <code> - <name>
COUNTED: <qty unit> | THEORETICAL END: <qty unit> | VARIANCE: <+/-qty unit> (<pct>%)
FINDING: <one line>
ACTION: <one line>
Variances beyond +/-5% need a FINDING that names the likely cause (waste not logged, portioning,
receiving error, theft, recipe card wrong). Do not order anything in this batch."""


@session
def rst_recon_batch():
    c = Conv("restaurant_inventory_healthy_recon_batch", "restaurant_inventory", "anthropic", RST_SYS, RST_TOOLS,
             user="inventory-batch", max_tokens=600,
             notes="Batch with one shared instruction and short varying items; answers follow one template with "
                   "different content, and the 'waste not logged' finding recurs on several items.")
    rng = random.Random(303)
    for k, (code, name, unit) in enumerate(RST_ITEMS[:12]):
        c.user(RST_RECON + f"\n\nItem {k + 1}/12: {code}", 0 if k == 0 else rng.randrange(20, 90))
        c.say(None, [("get_stock_count", {"location": "BRS-EV", "item": code}),
                     ("pos_sales_report", {"location": "BRS-EV", "business_date": "2026-03-08"})])
        theo = round(rng.uniform(20, 180), 1)
        var = rng.choice([-0.02, -0.09, 0.01, -0.13, -0.07, 0.03, -0.11])
        counted = round(theo * (1 + var), 1)
        c.tool([{"item": code, "on_hand": counted, "unit": unit, "counted_at": "2026-03-08T23:10:00-05:00"},
                {"business_date": "2026-03-08", "item": code, "theoretical_end": theo, "unit": unit,
                 "sold_menu_items": {"Carne asada taco": rng.randrange(80, 240), "Bowl": rng.randrange(40, 160)}}],
               dt=4)
        pct = round(var * 100, 1)
        if var <= -0.05:
            finding = f"Shortfall of {abs(pct)}% - most likely waste not logged (no waste entries for {code} this week)."
            action = "Remind closing crew to log waste on the Toast waste screen; recount Tuesday."
        else:
            finding = "Within tolerance."
            action = "None."
        c.say(f"ITEM: {code} - {name}\nCOUNTED: {counted} {unit} | THEORETICAL END: {theo} {unit} | "
              f"VARIANCE: {counted - theo:+.1f} {unit} ({pct:+.1f}%)\nFINDING: {finding}\nACTION: {action}")
    return c


def pos_report(rng, day):
    head = ("TOAST POS - DAILY SALES & THEORETICAL USAGE\nRestaurant: Brasa Williamsburg (BRS-WB)   Terminal group: ALL\n"
            "Report generated by toast-reports v4.12.0   Timezone: America/New_York\nBusiness date: 2026-03-%02d\n"
            "Revenue centers: Dining Room, Bar, Patio(closed), Online (Toast Online Ordering), 3PD (UberEats, DoorDash)\n"
            "Definitions: Theoretical usage = sold items x recipe card quantity; voids and comps excluded; "
            "modifiers included when mapped.\n" % day)
    lines = ["\nSALES BY REVENUE CENTER", "  center            checks   guests     net_sales    tax       tips"]
    net = 0.0
    for rc in ("Dining Room", "Bar", "Online", "3PD"):
        ch = rng.randrange(40, 260)
        ns = round(ch * rng.uniform(38, 61), 2)
        net += ns
        lines.append("  %-16s %6d   %6d   %10.2f  %8.2f  %8.2f" % (rc, ch, ch * 2 - rng.randrange(0, 30),
                                                                 ns, ch * 3.9, ch * 7.1))
    lines += ["\nTHEORETICAL USAGE", "  item          unit    opening   received   theoretical_use   theoretical_end"]
    for code, name, unit in RST_ITEMS:
        op = rng.uniform(30, 200)
        rc = rng.choice([0, 0, 0, 40, 60])
        use = rng.uniform(5, 29) if not (day == 7 and code == "OIL-FRY35") else op + rc + 3.5
        lines.append("  %-12s  %-5s  %8.1f  %9.1f  %16.1f  %16.1f" % (code, unit, op, rc, use, op + rc - use))
    foot = ("\n-- end of report --\nThis report is confidential and intended for Brasa Group management. "
            "Figures are preliminary until the nightly close (02:00) completes.\n")
    return head + "\n".join(lines) + foot, net


@session
def rst_week_close():
    c = Conv("restaurant_inventory_healthy_week_close", "restaurant_inventory", "responses", RST_SYS, RST_TOOLS,
             user="gm-priya",
             notes="Ten daily POS reports that are mostly identical boilerplate (headers, definitions, item list) "
                   "with different numbers each day; the agent summarises and moves to the next day.")
    rng = random.Random(304)
    c.user("Pull the Williamsburg POS report for every day from March 1 to March 10 and give me net sales per "
           "day plus any item whose theoretical end went negative.", 0)
    net = 0.0
    for day in range(1, 11):
        c.say(None if day == 1 else f"Mar {day - 1}: net sales ${net:,.2f}" +
              (", OIL-FRY35 theoretical end -3.5 jug (negative)." if day == 8 else ", nothing negative.") +
              f" Next: Mar {day}.",
              [("pos_sales_report", {"location": "BRS-WB", "business_date": "2026-03-%02d" % day})])
        rep, net = pos_report(rng, day)
        c.tool(rep, dt=5)
    c.say(f"Mar 10: net sales ${net:,.2f}. Net sales per day are listed above; no item went negative except fry oil on Mar 7 "
          "(recipe card for fries counts 0.5 jug per batch, likely a unit error).")
    c.user("Good catch on the fry oil. Fix the recipe card to 0.05 jug and rerun March 7 only.", 900)
    return c


# =============================================================================================
# data_migration_runner
# =============================================================================================
MIG_TOOLS = [
    ("migrate_run", "Run the pgloader-based migration CLI (`dbmove`) for one table; returns its console output.",
     {"table": ("string", "source table"), "args": ("string", "extra CLI flags, e.g. --resume --batch-size 50000")}),
    ("row_count", "SELECT count(*) on a table in the source (mysql-legacy) or target (pg-main) database.",
     {"db": ("string", "mysql-legacy|pg-main"), "table": ("string", "table name")}),
]
MIG_SYS = ("You operate the cut-over of the Ledgerly billing database from MySQL 5.7 (mysql-legacy) to "
           "PostgreSQL 16 (pg-main) using the `dbmove` CLI. Migrate one table at a time, verify row counts "
           "match, and report. The maintenance window ends at 06:00 UTC; do not drop anything in the source.")


def dbmove_log(rng, job, table, total, fail_at=None, err=None, start_min=0, batch=50000, workers=4, noise=True):
    out = [f"dbmove 2.8.1  job={job}  source=mysql-legacy/ledgerly.{table}  target=pg-main/public.{table}",
           f"plan: {total} rows, batch size {batch}, {workers} workers, copy mode=binary, verify=counts",
           "[%s] schema check ok (23 columns, 4 indexes deferred)" % ts(300 + start_min, 1)]
    nb = (total + batch - 1) // batch
    sec = 3
    for b in range(1, nb + 1):
        sec += rng.randrange(2, 6)
        if noise or b % 10 == 0:
            out.append("[%s] batch %d/%d  rows %d..%d  %d rows/s  lag %dms" % (
                ts(300 + start_min, sec), b, nb, (b - 1) * batch + 1, min(b * batch, total),
                rng.randrange(18000, 41000), rng.randrange(3, 90)))
        if b % 37 == 0:
            out.append("[%s] WARN checkpoint took %d ms (wal_buffers pressure)" % (ts(300 + start_min, sec),
                                                                                   rng.randrange(800, 2600)))
        if fail_at and b == fail_at:
            out.append("[%s] ERROR batch %d failed: %s" % (ts(300 + start_min, sec), b, err))
            out.append("[%s] rolling back batch %d; job %s state=FAILED (resume with --resume)" % (
                ts(300 + start_min, sec + 1), b, job))
            return "\n".join(out), (b - 1) * batch
    out.append("[%s] copy complete: %d rows; building 4 indexes ... done in %ds" % (ts(300 + start_min, sec + 2), total,
                                                                                   rng.randrange(30, 200)))
    out.append("job %s state=SUCCEEDED" % job)
    return "\n".join(out), total


@session
def mig_restart_loop():
    c = Conv("data_migration_runner_runaway_restart_loop", "data_migration_runner", "anthropic", MIG_SYS, MIG_TOOLS,
             expected=runaway(4, 10), user="dba-hwang", max_tokens=2048,
             notes="Job restart loop: every --resume fails at the same batch 83 with the same duplicate key; the "
                   "agent checks the row count (unchanged) and resumes again; job ids and timestamps change.")
    rng = random.Random(401)
    c.user("Start the orders table now (about 9.8M rows). Resume on failure, the CLI is idempotent.", 0)
    err = ('duplicate key value violates unique constraint "orders_pkey" DETAIL: Key (id)=(4150023) already '
           'exists. (source has 2 rows with id 4150023 after the 2019 shard merge)')
    for k in range(8):
        job = "mv-%04x" % (0x3a10 + k * 97)
        c.say("Starting the orders migration." if k == 0 else
              "Row count is unchanged at 4,100,000. The CLI is idempotent, so resuming the job again.",
              [("migrate_run", {"table": "orders", "args": "--batch-size 50000" + (" --resume" if k else "")})])
        log, done = dbmove_log(rng, job, "orders", 9812240, fail_at=83, err=err, start_min=k * 6, noise=(k == 0))
        c.tool(log, dt=240 if k == 0 else 35)
        c.say("The job failed at batch 83 (duplicate key 4150023). Checking how many rows landed.",
              [("row_count", {"db": "pg-main", "table": "orders"})])
        c.tool(json.dumps({"db": "pg-main", "table": "orders", "count": 4100000}), dt=3)
    return c


@session
def mig_buried_encoding():
    c = Conv("data_migration_runner_runaway_buried_encoding", "data_migration_runner", "chat", MIG_SYS, MIG_TOOLS,
             expected=runaway(3, 9), user="dba-hwang", max_tokens=2048,
             notes="Long, different console logs every run (throughput, batch timings, checkpoint warnings), with "
                   "the same invalid-UTF8 error buried deep inside; the agent keeps tuning batch size and workers.")
    rng = random.Random(402)
    c.user("Migrate audit_events next. It is big (2.9M rows) but boring, should be straightforward.", 0)
    err = 'invalid byte sequence for encoding "UTF8": 0xe9 0x20 0x4d (row id 1417733, column payload)'
    tunings = [(50000, 4), (20000, 4), (20000, 8), (10000, 2), (50000, 1), (5000, 8), (25000, 6), (40000, 3),
               (10000, 4), (15000, 2), (30000, 5), (8000, 8)]
    thoughts = ["Starting audit_events with the default settings.",
                "It failed partway. Probably memory pressure from the large batches; retrying with 20k batches.",
                "Failed again. Maybe contention; doubling the workers to 8.",
                "Still failing. Trying smaller batches and fewer workers to reduce WAL pressure.",
                "Let me try a single worker to rule out concurrency issues.",
                "Trying very small batches with 8 workers.",
                "Adjusting to 25k batches and 6 workers.",
                "Trying 40k batches, 3 workers.",
                "Back to 10k batches with 4 workers.",
                "Trying 15k batches and 2 workers.",
                "Trying 30k batches and 5 workers.",
                "Trying 8k batches and 8 workers."]
    for k, (bs, wk) in enumerate(tunings):
        c.say(thoughts[k], [("migrate_run", {"table": "audit_events",
                                             "args": f"--batch-size {bs} --workers {wk}" + (" --resume" if k else "")})])
        fail_b = (1417733 + bs - 1) // bs
        log, _ = dbmove_log(rng, "mv-%04x" % (0x5b00 + k * 13), "audit_events", 2904112, fail_at=fail_b, err=err,
                            start_min=20 + k * 9, batch=bs, workers=wk, noise=True)
        c.tool(log, dt=rng.randrange(60, 200))
    return c


@session
def mig_table_by_table():
    c = Conv("data_migration_runner_healthy_table_by_table", "data_migration_runner", "chat", MIG_SYS, MIG_TOOLS,
             user="dba-okafor",
             notes="Same commands table after table: migrate, then compare row counts in both databases; outputs "
                   "share boilerplate, one table's count mismatch is fixed by a resume and verified.")
    rng = random.Random(403)
    c.user("Go: customers, plans, subscriptions, invoice_lines, payments, refunds, coupons, webhooks_out. "
           "Report counts for each.", 0)
    tables = [("customers", 412877), ("plans", 311), ("subscriptions", 530211), ("invoice_lines", 1190320),
              ("payments", 802114), ("refunds", 19340), ("coupons", 2871), ("webhooks_out", 640007)]
    for k, (t, n) in enumerate(tables):
        c.say(f"Migrating {t}." if k == 0 else f"{tables[k - 1][0]} verified. Next: {t}.",
              [("migrate_run", {"table": t, "args": "--batch-size 50000"})])
        log, _ = dbmove_log(rng, "mv-%04x" % (0x7100 + k), t, n, start_min=k * 4, noise=False)
        c.tool(log, dt=max(5, n // 20000))
        short = 1800 if t == "payments" else 0
        c.say(None, [("row_count", {"db": "mysql-legacy", "table": t}), ("row_count", {"db": "pg-main", "table": t})])
        c.tool([json.dumps({"db": "mysql-legacy", "table": t, "count": n + (short and 1800)}),
                json.dumps({"db": "pg-main", "table": t, "count": n})], dt=3)
        if short:
            c.say("payments differs by 1,800 rows: the source kept receiving writes from the retry worker. "
                  "Re-running with --resume to pick up the tail.",
                  [("migrate_run", {"table": t, "args": "--resume --since-id 802114"})])
            c.tool(f"dbmove 2.8.1  job=mv-71ff  resume payments from id>802114\ncopied 1800 rows\njob mv-71ff "
                   f"state=SUCCEEDED", dt=9)
    c.say("All 8 tables migrated; counts match (payments after a tail resume of 1,800 rows).")
    c.user("Nice. Now lock the retry worker so nothing writes to MySQL any more.", 300)
    return c


@session
def mig_changing_failures():
    c = Conv("data_migration_runner_healthy_changing_failures", "data_migration_runner", "responses", MIG_SYS,
             MIG_TOOLS, user="dba-okafor", max_tokens=1500,
             notes="The invoices migration fails with a different error on every run (missing column, length, "
                   "not-null, foreign key), each fixed in turn, and then succeeds with matching counts.")
    rng = random.Random(404)
    c.user("Migrate invoices. Fix mapping issues as they come up; mapping file is mappings/invoices.yml.", 0)
    steps = [("--batch-size 50000", 1, 'column "tax_code" of relation "invoices" does not exist',
              "The target has no tax_code column; the new schema calls it tax_category. Adding a rename in the mapping."),
             ("--batch-size 50000 --map mappings/invoices.yml", 3,
              'value too long for type character varying(12) (column number, value "INV-2019-000481-R")',
              "Reissued invoice numbers are 17 chars. Widening number to varchar(24) in the target DDL."),
             ("--batch-size 50000 --map mappings/invoices.yml --resume", 7,
              'null value in column "currency" of relation "invoices" violates not-null constraint',
              "Pre-2018 invoices have NULL currency; all of those were USD. Mapping NULL -> 'USD'."),
             ("--batch-size 50000 --map mappings/invoices.yml --resume", 11,
              'insert or update on table "invoices" violates foreign key constraint "invoices_customer_id_fkey" '
              'Key (customer_id)=(9911204) is not present in table "customers"',
              "Customer 9911204 was created after the customers copy. Re-syncing customers' tail first."),
             ("--batch-size 50000 --map mappings/invoices.yml --resume", None, None, None)]
    note = "Running invoices."
    for k, (args, fb, err, fix) in enumerate(steps):
        c.say(note, [("migrate_run", {"table": "invoices", "args": args})])
        log, _ = dbmove_log(rng, "mv-%04x" % (0x8200 + k), "invoices", 633904, fail_at=fb, err=err, start_min=40 + k * 5,
                            noise=False)
        c.tool(log, dt=rng.randrange(40, 120))
        if fix:
            if k == 3:
                c.say(fix, [("migrate_run", {"table": "customers", "args": "--resume --since-id 412877"})])
                c.tool("dbmove 2.8.1  job=mv-72a0  resume customers from id>412877\ncopied 96 rows\nstate=SUCCEEDED", dt=12)
                note = "Customers tail synced. Resuming invoices."
            else:
                note = fix
    c.say("invoices succeeded. Verifying counts.", [("row_count", {"db": "mysql-legacy", "table": "invoices"}),
                                                    ("row_count", {"db": "pg-main", "table": "invoices"})])
    c.tool([json.dumps({"count": 633904}), json.dumps({"count": 633904})], dt=3)
    c.say("Counts match: 633,904 rows in both. Mapping changes: tax_code->tax_category, number varchar(24), "
          "NULL currency->USD.")
    c.user("Commit the mapping file changes with that list as the message.", 180)
    return c


# =============================================================================================
# screenplay_coauthor (tool-less)
# =============================================================================================
SP_SYS = ("You are a screenwriting partner. Write in standard screenplay format (sluglines, action, character "
          "cues, parentheticals sparingly). Keep the writer's voice; make the changes asked for and nothing else "
          "unless asked.")

DINER_VERSIONS = [
    "INT. RUSTY'S DINER - NIGHT\n\nRain on the glass. MARA (34) stirs coffee she won't drink. Across from her, "
    "WALT (67) turns his hat in his hands.\n\nWALT\nI kept every letter you sent. Didn't open them. Couldn't.\n\n"
    "MARA\nThat's the worst thing you could have told me.\n\nA long beat. She reaches across and takes the hat, "
    "sets it on the seat beside her.\n\nMARA (CONT'D)\nStay for pie. Then we'll see.\n\nWalt's eyes fill. She "
    "almost smiles.\n\nFADE OUT.",
    "INT. RUSTY'S DINER - NIGHT\n\nRain streaks the window. MARA (34) turns her cup in slow circles. WALT (67) "
    "grips the brim of his hat.\n\nWALT\nEvery letter. I kept them all. Never opened one.\n\nMARA\nYou know that's "
    "worse, right?\n\nSilence. Then she slides her hand over his, just for a second.\n\nMARA (CONT'D)\nOrder the "
    "pie, Dad.\n\nHe laughs, wet and broken. She lets him.\n\nFADE OUT.",
    "INT. RUSTY'S DINER - NIGHT\n\nThe rain won't quit. MARA (34), coffee gone cold. WALT (67), hat on the table "
    "between them like evidence.\n\nWALT\nI have them. Your letters. All sealed.\n\nMARA\nThat's so much worse.\n\n"
    "She looks at the hat a long time. Pushes it back toward him, gently.\n\nMARA (CONT'D)\nYou can walk me to "
    "the car.\n\nHe stands too fast. She steadies him. Neither lets go.\n\nFADE OUT.",
    "INT. RUSTY'S DINER - NIGHT\n\nRain. MARA (34) and WALT (67) in the back booth, the hat between them.\n\nWALT\n"
    "I never opened them. Your letters. I kept them, but I never --\n\nMARA\nDon't. That's worse.\n\nShe "
    "breathes. Then, quietly, she picks up the check.\n\nMARA (CONT'D)\nMy treat. Next time it's yours.\n\nWalt "
    "nods, can't speak. 'Next time' hangs there, warm.\n\nFADE OUT.",
]
DINER_NOTES = [
    "Write the diner scene: Mara confronts her father Walt after 11 years. He admits he never opened her letters. "
    "IMPORTANT: she does NOT forgive him. She leaves. End on her walking out into the rain.",
    "No. She forgives him there. I said she doesn't forgive him. She LEAVES.",
    "Still the same ending, she softens and stays. Rewrite so she walks out. No pie, no hand-holding.",
    "This is the same beat again ('next time'). She does not forgive him in this scene. She gets up and goes.",
    "Again. Mara leaves Walt alone in the booth. Please re-read my first note.",
    "You keep giving me reconciliation. I need the door, the rain, and Walt alone. Try once more.",
    "Same scene, same softening. Mara walks out. That's the whole ask.",
    "Nope, she's still staying with him at the end.",
    "Once more: she leaves. Walt stays. Rain.",
    "It's the same scene reworded again.",
    "Still not it.",
    "Again, forgiveness. Stop.",
    "Same thing.",
]


@session
def sp_paraphrase_forgiveness():
    c = Conv("screenplay_coauthor_runaway_paraphrase_forgiveness", "screenplay_coauthor", "responses", SP_SYS,
             expected=runaway(3, 8), user="writer-jcole", model="gpt-4o", max_tokens=1200,
             notes="Paraphrase loop, no tools: every rewrite rewords the same reconciliation ending the writer "
                   "rejected; the writer's complaints vary a little.")
    for k, note in enumerate(DINER_NOTES):
        if k:
            v = DINER_VERSIONS[(k - 1) % 4]
            c.say(("You're right, let me fix that. Here's a version where Mara stays in control:\n\n" if k > 1 else "") + v)
        c.user(note, 0 if k == 0 else 120 + (k * 37) % 90)
    return c


@session
def sp_clarify_loop():
    c = Conv("screenplay_coauthor_runaway_clarify_loop", "screenplay_coauthor", "anthropic", SP_SYS,
             expected=runaway(3, 8), user="writer-amoreno", max_tokens=1500,
             notes="The assistant keeps asking the same clarification (before or after the funeral?) and the "
                   "writer's answers repeat; no scene is ever written.")
    c.user("Scene 14: Theo finds his brother's voicemails on the old phone. Keep it under two pages. It's after "
           "the funeral.", 0)
    asks = ["Before I draft: is this scene set before the funeral or after it? That changes whether Theo knows "
            "the voicemails are the last ones.",
            "Quick check before I write it: does this happen before or after the funeral? I want the grief to land "
            "in the right place.",
            "Just to be sure I get the timeline right, is Scene 14 before the funeral, or after?",
            "Before I start, can you confirm: before or after the funeral?"]
    answers = ["After the funeral.", "After. The funeral is scene 12.", "After the funeral.",
               "AFTER the funeral.", "After the funeral, as I said.", "After.", "After the funeral.",
               "after the funeral", "After the funeral.", "After the funeral. Please just write it.",
               "After."]
    for k, a in enumerate(answers):
        c.say(asks[k % 4] if k < 4 else asks[k % 2])
        c.user(a, 60 + 23 * (k % 3))
    return c


CONT_CHUNKS = [
    "EXT. SALT FLATS - DAWN\n\nNothing for miles. A RED PICKUP idles, headlights still on. JUNO (19) sits on the "
    "hood, wrapped in a motel blanket, watching the sky go from bruise to gold.\n\nIn the cab, her uncle RAY (52) "
    "sleeps with his mouth open, a road atlas across his chest.\n\nJuno slides off the hood, pops the glovebox "
    "through the open window. Inside: a revolver, a roll of twenties, and a Polaroid of a woman who looks exactly "
    "like Juno.",
    "Juno stares at the Polaroid. On the white strip, in blue ballpoint: 'Elko, '03. Don't look for me.'\n\nShe "
    "turns it over. A phone number, half rubbed away.\n\nRAY (O.S.)\nPut it back.\n\nShe doesn't. Ray is awake, "
    "not moving, eyes on the mirror.\n\nJUNO\nYou said she died in Reno.\n\nRAY\nI said she was gone. You filled "
    "in the rest.",
    "INT. PICKUP - MOVING - DAY\n\nSilence you could cut. The flats give way to scrub. Juno has the Polaroid "
    "tucked in her sleeve.\n\nJUNO\nElko's two hundred miles north.\n\nRAY\nElko's a bad idea.\n\nJUNO\nThen give "
    "me a good one.\n\nRay reaches for the radio. She catches his wrist. He lets her. He turns north at the next "
    "junction without a word.",
    "EXT. GAS STATION - ELY, NEVADA - NOON\n\nOne pump works. A hand-lettered sign: CASH ONLY, NO BATHROOM, NO "
    "EXCEPTIONS. Ray fills the tank. Juno walks to the payphone, an actual payphone, graffiti older than she is.\n\n"
    "She feeds it quarters. Dials the half-erased number, guessing the last two digits.\n\nA recorded voice: the "
    "number you have reached is not in service.\n\nShe tries another guess. And another.",
    "On the fifth try, it rings.\n\nJuno freezes. Ray, across the lot, sees her face and sets the nozzle down.\n\n"
    "WOMAN (V.O.) (filtered)\nMcCandless Feed and Tack.\n\nJUNO\nI'm... looking for Dana.\n\nA pause so long Juno "
    "checks the coin slot.\n\nWOMAN (V.O.)\nWho is this?\n\nJuno hangs up. Her hand is shaking. Ray is already "
    "walking toward her.",
    "EXT. GAS STATION - CONTINUOUS\n\nRAY\nWho answered?\n\nJUNO\nA feed store.\n\nRAY\nThen it's nobody.\n\nJUNO\n"
    "She asked who I was. Nobody asks that. Nobody at a feed store asks who you are.\n\nRay takes off his cap, "
    "rubs the back of his neck. Somewhere a dog barks at the heat.\n\nRAY\nMcCandless is your grandmother's "
    "maiden name.",
    "INT. PICKUP - PARKED - CONTINUOUS\n\nThey sit. Engine off. The cab ticks as it cools.\n\nJUNO\nHow long have "
    "you known?\n\nRAY\nSince the funeral that wasn't one.\n\nShe laughs, the ugly kind.\n\nJUNO\nYou let me put "
    "flowers on an empty box.\n\nRAY\nShe asked me to. She said if you ever came looking, it should be because "
    "you wanted to. Not because I drove you.\n\nJUNO\nYou're driving me now.",
    "EXT. HIGHWAY 93 - SUNSET\n\nThe pickup heads north, a speck on a long gray line. The sky does the thing it "
    "did at dawn, only backwards.\n\nINT. PICKUP - MOVING - CONTINUOUS\n\nJuno has the Polaroid on her knee now, "
    "not hiding it. Ray glances at it once.\n\nRAY\nShe hated that picture.\n\nJUNO\nWhy?\n\nRAY\nBecause she "
    "looked happy in it.",
    "EXT. McCANDLESS FEED AND TACK - ELKO - NIGHT\n\nA low building, one window lit. The pickup rolls into the "
    "gravel lot and stops short of the light, like it knows its place.\n\nJuno gets out. Ray doesn't.\n\nJUNO\n"
    "You coming?\n\nRAY\nThis part's yours.\n\nShe walks to the door. Raises her hand to knock. The door opens "
    "before she can.",
    "INT. FEED STORE - CONTINUOUS\n\nDANA (45) stands in the doorway, reading glasses pushed up into gray-streaked "
    "hair. Same face as the Polaroid, sixteen years heavier.\n\nThey look at each other. Neither speaks.\n\nBehind "
    "Juno, in the lot, the pickup's headlights click off.\n\nDANA\n...You got tall.\n\nJUNO\nYou got a feed store."
    "\n\nDana almost laughs. Steps aside. Juno goes in.\n\nCUT TO BLACK.",
]


@session
def sp_continue_slow():
    c = Conv("screenplay_coauthor_healthy_continue_slow", "screenplay_coauthor", "anthropic", SP_SYS,
             user="writer-amoreno", max_tokens=2000,
             notes="'continue' answered with new pages every time; the writer reads between requests and answers "
                   "after 20-60 minutes.")
    c.user("Open on the salt flats at dawn. Juno (19) and her uncle Ray on the road. Something in the glovebox "
           "changes the trip. Write it in short chunks, I'll say continue.", 0)
    gaps = [1500, 2400, 1320, 3300, 2050, 1260, 3600, 2700, 1880, 2230]
    prompts = ["continue", "continue", "Good. continue", "continue", "continue - let Ray explain the name",
               "continue", "continue", "continue, we're close to the end", "continue", "Love it. That's the act."]
    for k, chunk in enumerate(CONT_CHUNKS):
        c.say(chunk)
        c.user(prompts[k], gaps[k])
    return c


DRAFT = [
    "INT. NIGHT BUS - MOVING - 2:14 AM",
    "Fluorescent flicker. Six passengers, none of them talking. LEO (28), paramedic uniform under a parka, "
    "sits across from NADIA (30s), who is holding a cake box on her knees like a bomb.",
    "LEO\nThat's a big cake for two in the morning.",
    "NADIA\nIt's not for eating.",
    "LEO\nWhat else do you do with cake?",
    "NADIA\nYou bring it to someone who said they'd never forgive you, and you let them decide.",
    "Leo looks at the box. Then at her hands: flour under the nails, a burn on one knuckle.",
    "LEO\nYou made it.",
    "NADIA\nFour times. The first three were worse.",
    "The bus lurches. Leo's hand shoots out and steadies the box. They both look at his hand.",
    "LEO\nWhat stop?",
    "NADIA\nThe last one.",
]
REFINE = [
    ("Make Leo's first line shorter and funnier.", 2, "LEO\nBig cake. Small hours."),
    ("Nadia's 'it's not for eating' is good. But her next line is too on the nose. Make it vaguer.",
     5, "NADIA\nYou bring it to someone. And then you stand there."),
    ("Swap the bus for a laundromat. Everything else the same.", 0, "INT. 24-HOUR LAUNDROMAT - 2:14 AM"),
    ("Fix the action line to match the laundromat.", 1,
     "Fluorescent flicker. Dryers thumping. Six strangers, none of them talking. LEO (28), paramedic uniform under "
     "a parka, sits across from NADIA (30s), who holds a cake box on her knees like a bomb."),
    ("The lurch doesn't work without a bus. Replace with a dryer buzzing.", 9,
     "A dryer BUZZES. Nadia flinches; the box tips. Leo's hand shoots out and steadies it. They both look at his hand."),
    ("Last exchange: 'What stop?' no longer makes sense.", 10, "LEO\nWhose is it?"),
    ("And Nadia's answer, make it land.", 11, "NADIA\nMy sister's. If she opens the door."),
    ("Burn on the knuckle -> make it a bandage.", 6,
     "Leo looks at the box. Then at her hands: flour under the nails, a bandage on one knuckle."),
    ("Tiny thing: 'Four times' -> 'Three times'.", 8, "NADIA\nThree times. The first two were worse."),
    ("Add a button at the end: Leo offers to walk her there.", 12, "LEO\nI'm off shift in ten. I'll carry the bomb."),
]


@session
def sp_refine_diffs():
    c = Conv("screenplay_coauthor_healthy_refine_diffs", "screenplay_coauthor", "chat", SP_SYS, user="writer-jcole",
             model="gpt-4.1-mini", max_tokens=1200,
             notes="Iterative refinement: the same scene returned in full after every note, each version differing "
                   "from the last by one line.")
    scene = list(DRAFT)
    c.user("Here's my draft of the night-bus meet-cute. I'll give you notes one at a time; return the full scene "
           "each time.\n\n" + "\n\n".join(scene), 0)
    c.say("Got it. Ready for the first note. Current scene:\n\n" + "\n\n".join(scene))
    for k, (note, idx, new) in enumerate(REFINE):
        c.user(note, 90 + (k * 53) % 240)
        if idx == len(scene):
            scene.append(new)
        else:
            scene[idx] = new
        c.say("\n\n".join(scene))
    c.user("Perfect. Save this as v7 and start the next scene: Nadia's sister opening the door.", 400)
    return c


# =============================================================================================
# phd_thesis_formatter
# =============================================================================================
TEX_TOOLS = [
    ("latex_compile", "Run latexmk -pdf on the thesis; returns the tail of the console output.",
     {"main": ("string", "main .tex file")}),
    ("read_log", "Return lines of thesis.log matching a pattern, with 3 lines of context.",
     {"pattern": ("string", "regex")}),
    ("edit_file", "Replace an exact text span in a file of the thesis repository.",
     {"path": ("string", "file path"), "find": ("string", "exact text"), "replace": ("string", "replacement")}),
]
TEX_SYS = ("You help a PhD candidate in hydrology get their thesis (template: uniwien-thesis, TeX Live 2024, "
           "latexmk + biber) to compile cleanly for submission. Make minimal edits and explain each one. Never "
           "delete content.")
CHAPTERS = ["frontmatter/abstract", "chapters/01-introduction", "chapters/02-study-area", "chapters/03-methods",
            "chapters/04-results", "chapters/05-discussion", "chapters/06-conclusion", "backmatter/appendix-a"]
PKGS = ["amsmath", "amssymb", "siunitx", "booktabs", "graphicx", "xcolor", "geometry", "fontspec", "microtype",
        "biblatex", "csquotes", "babel", "caption", "subcaption", "tikz", "pgfplots", "hyperref", "cleveref"]


def tex_log(rng, run, error=None, pages=None, warnings=(), stamp=None):
    out = ["Rc files read:", "  /etc/LatexMk", "Latexmk: This is Latexmk, John Collins, 7 Jan. 2024. Version 4.83.",
           "Latexmk: applying rule 'pdflatex'...", "Rule 'pdflatex':  Reasons for rerun",
           "Changed files or newly in use/created:", "  thesis.tex", "------------",
           "Run number %d of rule 'pdflatex'" % run, "------------",
           "Running 'pdflatex  -interaction=nonstopmode -file-line-error -recorder  \"thesis.tex\"'",
           "This is pdfTeX, Version 3.141592653-2.6-1.40.26 (TeX Live 2024) (preloaded format=pdflatex)",
           " restricted \\write18 enabled.", "entering extended mode", "(./thesis.tex",
           "LaTeX2e <2023-11-01> patch level 1", "L3 programming layer <2024-02-20>",
           "(/usr/local/texlive/2024/texmf-dist/tex/latex/uniwien/uniwien-thesis.cls",
           "Document Class: uniwien-thesis 2023/10/02 v2.4 University of Vienna thesis class"]
    for p in PKGS:
        out.append("(/usr/local/texlive/2024/texmf-dist/tex/latex/%s/%s.sty)" % (p, p))
    if stamp:
        out.append("(./thesis.aux) [build %s]" % stamp)
    for ch in CHAPTERS:
        out.append("(./%s.tex" % ch)
        for w in warnings:
            if w[0] == ch:
                out.append(w[1])
        if rng.random() < 0.5:
            out.append("Overfull \\hbox (%.5fpt too wide) in paragraph at lines %d--%d" % (
                rng.uniform(0.2, 14), rng.randrange(10, 300), rng.randrange(301, 400)))
        out.append(" [%d] [%d])" % (rng.randrange(1, 60), rng.randrange(61, 140)))
        if error and error[0] == ch:
            out += error[1]
            out.append("Latexmk: Errors, so I did not complete making targets")
            out.append("Collected error summary (may duplicate other messages):")
            out.append("  pdflatex: Command for 'pdflatex' gave return code 1")
            return "\n".join(out)
    out.append("Output written on thesis.pdf (%d pages, %d bytes)." % (pages, pages * 19731))
    out.append("Transcript written on thesis.log.")
    out.append("Latexmk: All targets (thesis.pdf) are up-to-date")
    return "\n".join(out)


@session
def tex_hyperref_cycle():
    c = Conv("phd_thesis_formatter_runaway_hyperref_cycle", "phd_thesis_formatter", "chat", TEX_SYS, TEX_TOOLS,
             expected=runaway(8, 14), user="cand-lwagner", max_tokens=1500,
             notes="Period-6 cycle: compile, read log, move hyperref above cleveref, compile, read log, move it back; "
                   "the two errors alternate forever, only the run number and build stamp tick.")
    rng = random.Random(601)
    c.user("The thesis stopped compiling after I added cleveref. Fix it please, deadline Friday.", 0)
    errA = ("chapters/01-introduction", ["./thesis.tex:41: LaTeX Error: Option clash for package hyperref.",
                                         "See the LaTeX manual or LaTeX Companion for explanation.",
                                         "l.41 \\usepackage{cleveref}"])
    errB = ("chapters/01-introduction", ["./thesis.tex:44: Package cleveref Error: cleveref must be loaded after "
                                         "hyperref!.", "l.44 \\begin{document}"])
    pre1 = "\\usepackage[hidelinks]{hyperref}\n\\usepackage{cleveref}"
    pre2 = "\\usepackage{cleveref}\n\\usepackage[hidelinks,pdfusetitle]{hyperref}"
    run = 1
    for r in range(5):
        for which, err, pat, frm, to, why in [
            ("A", errA, "Option clash", pre2, pre1,
             "The option clash comes from hyperref being loaded twice with different options (the class loads it "
             "too). Moving our hyperref line above cleveref and dropping pdfusetitle."),
            ("B", errB, "cleveref", pre1, pre2,
             "cleveref complains about the order. Moving it so hyperref is loaded with the options the class "
             "expects, after cleveref.")]:
            c.say("Compiling." if run == 1 else "Recompiling with the new preamble.",
                  [("latex_compile", {"main": "thesis.tex"})])
            c.tool(tex_log(rng, run, error=err, stamp=ts(500 + run * 3, run * 11)), dt=38)
            run += 1
            c.say("Let me look at the log.", [("read_log", {"pattern": pat})])
            c.tool("\n".join(err[1]) + "\n(log written %s)" % ts(500 + run * 3, run * 11), dt=3)
            c.say(why, [("edit_file", {"path": "thesis.tex", "find": frm, "replace": to})])
            c.tool(json.dumps({"path": "thesis.tex", "replaced": 1}), dt=4)
            if len(c.turns) >= 26:
                return c
    return c


@session
def tex_missing_class():
    c = Conv("phd_thesis_formatter_runaway_missing_class", "phd_thesis_formatter", "responses", TEX_SYS, TEX_TOOLS,
             expected=runaway(3, 7), user="cand-pmensah",
             notes="Exact repetition: the same compile, the same 'class not found' error, the same reply, every turn.")
    c.user("Can you build my thesis? I switched the documentclass to the faculty template yesterday.", 0)
    err = ("./thesis.tex:1: LaTeX Error: File `ucthesis-hydro.cls' not found.\n\nType X to quit or <RETURN> to "
           "proceed,\nor enter new name. (Default extension: cls)\n\nEnter file name: \n./thesis.tex:1: Emergency "
           "stop.\n<read *>\n\nl.1 \\documentclass[12pt,twoside]{ucthesis-hydro}\n\n*** (cannot \\read from terminal "
           "in nonstop modes)\nLatexmk: Errors, so I did not complete making targets\n  pdflatex: Command for "
           "'pdflatex' gave return code 1")
    for k in range(12):
        c.say("I'll run the build." if k == 0 else
              "The build failed because ucthesis-hydro.cls was not found. Let me try compiling again.",
              [("latex_compile", {"main": "thesis.tex"})])
        c.tool(err, dt=20)
    return c


@session
def tex_errors_then_pass():
    c = Conv("phd_thesis_formatter_healthy_errors_then_pass", "phd_thesis_formatter", "responses", TEX_SYS,
             TEX_TOOLS, user="cand-lwagner", max_tokens=1500,
             notes="Every compile fails differently (undefined \\degree, missing $, missing bib key, siunitx unit) "
                   "and each fix is different; then it passes with the page count reported.")
    rng = random.Random(603)
    c.user("Please get it to build, then tell me the page count.", 0)
    fixes = [
        (("chapters/02-study-area", ["./chapters/02-study-area.tex:57: Undefined control sequence.",
                                     "l.57 mean annual temperature of 9.4\\degree"]),
         "Undefined control sequence", "chapters/02-study-area.tex", "9.4\\degree C", "\\SI{9.4}{\\degreeCelsius}",
         "\\degree is not defined without gensymb; siunitx is loaded, so I'm using \\SI{9.4}{\\degreeCelsius}."),
        (("chapters/03-methods", ["./chapters/03-methods.tex:112: Missing $ inserted.",
                                  "<inserted text> $", "l.112 where Q_t is the discharge at time t"]),
         "Missing \\$", "chapters/03-methods.tex", "where Q_t is", "where $Q_t$ is",
         "Subscript outside math mode on line 112. Wrapping Q_t in $...$."),
        (("chapters/04-results", ["./chapters/04-results.tex:18: Package biblatex Error: Entry 'bloeschl2019' "
                                  "undefined", "l.18 ...consistent with \\textcite{bloeschl2019}"]),
         "bloeschl2019", "chapters/04-results.tex", "\\textcite{bloeschl2019}", "\\textcite{bloschl2019changing}",
         "The bib key is bloschl2019changing in references.bib (no 'oe'). Fixing the citation key."),
        (("chapters/05-discussion", ["./chapters/05-discussion.tex:77: Package siunitx Error: Invalid unit "
                                     "'m3/s'.", "l.77 ...peak of \\SI{412}{m3/s}"]),
         "siunitx", "chapters/05-discussion.tex", "\\SI{412}{m3/s}", "\\SI{412}{\\cubic\\metre\\per\\second}",
         "siunitx needs unit macros. Using \\cubic\\metre\\per\\second."),
    ]
    for k, (err, pat, path, frm, to, why) in enumerate(fixes):
        c.say("Building." if k == 0 else "Rebuilding.", [("latex_compile", {"main": "thesis.tex"})])
        c.tool(tex_log(rng, k + 1, error=err), dt=41)
        c.say(None, [("read_log", {"pattern": pat})])
        c.tool("\n".join(err[1]), dt=3)
        c.say(why, [("edit_file", {"path": path, "find": frm, "replace": to})])
        c.tool(json.dumps({"path": path, "replaced": 1}), dt=4)
    c.say("Rebuilding.", [("latex_compile", {"main": "thesis.tex"})])
    c.tool(tex_log(rng, 5, pages=187, warnings=[("chapters/04-results", "LaTeX Warning: Float too large for page "
                                                 "by 3.2pt on input line 201.")]), dt=44)
    c.say("It builds: 187 pages. One harmless warning (a figure in chapter 4 is 3.2pt too tall).")
    c.user("Amazing. Can you shrink that figure to 0.95\\textwidth?", 1500)
    return c


@session
def tex_chapter_polish():
    c = Conv("phd_thesis_formatter_healthy_chapter_polish", "phd_thesis_formatter", "chat", TEX_SYS, TEX_TOOLS,
             user="cand-pmensah", model="gpt-4.1-mini",
             notes="The same compile after each small requested edit: long logs that are mostly identical "
                   "boilerplate, with the page count and the one warning changing; the user replies slowly.")
    rng = random.Random(604)
    asks = [("Change 'catchment' to 'basin' in the chapter 2 title.", "chapters/02-study-area.tex",
             "\\chapter{The Ybbs catchment}", "\\chapter{The Ybbs basin}", 187),
            ("Add my second supervisor to the title page: Assoc. Prof. Dr. Karin Hölzl.", "thesis.tex",
             "\\supervisor{Prof. Dr. Georg Bauer}", "\\supervisor{Prof. Dr. Georg Bauer}\n\\cosupervisor{Assoc. Prof. "
             "Dr. Karin Hölzl}", 187),
            ("Put the list of abbreviations after the table of contents.", "thesis.tex", "\\printglossary\n\\tableofcontents",
             "\\tableofcontents\n\\printglossary", 188),
            ("Use 1.5 line spacing, the faculty rule changed.", "thesis.tex", "\\onehalfspacing% off",
             "\\onehalfspacing", 214),
            ("Appendix A should start on a right-hand page.", "backmatter/appendix-a.tex", "\\chapter{Station metadata}",
             "\\cleardoublepage\n\\chapter{Station metadata}", 215),
            ("Remove the draft watermark.", "thesis.tex", "\\usepackage{draftwatermark}", "% \\usepackage{draftwatermark}",
             215),
            ("Shorten the running head of chapter 5 to 'Discussion'.", "chapters/05-discussion.tex",
             "\\chapter{Discussion of process controls on low flows}",
             "\\chapter[Discussion]{Discussion of process controls on low flows}", 215)]
    c.user("The thesis builds now. I'll send you small fixes as my supervisor's comments come in; compile after "
           "each one so I can check the PDF. First: " + asks[0][0], 0)
    for k, (ask, path, frm, to, pages) in enumerate(asks):
        if k:
            c.user(ask, [1900, 2600, 1300, 3100, 2200, 1450][k - 1])
        c.say(None, [("edit_file", {"path": path, "find": frm, "replace": to})])
        c.tool(json.dumps({"path": path, "replaced": 1}), dt=3)
        c.say("Edited. Compiling.", [("latex_compile", {"main": "thesis.tex"})])
        c.tool(tex_log(rng, 1, pages=pages), dt=40)
        c.say(f"Done, the PDF now has {pages} pages.")
    c.user("All good, thanks! Submitting tomorrow.", 900)
    return c


# =============================================================================================
# call_center_qa
# =============================================================================================
QA_TOOLS = [
    ("get_transcript", "Fetch the diarised transcript of a recorded call.", {"call_id": ("string", "call id")}),
    ("submit_score", "Submit a QA scorecard for a call.",
     {"call_id": ("string", "call id"), "scores": ("object", "rubric item -> 0..5"), "comment": ("string", "summary")}),
]
QA_RUBRIC = """HELIX FIBER - CONTACT CENTER QA RUBRIC v7 (score each 0-5)
1 greeting: brand, own name, offer to help within 10 s
2 verification: full name + one of (account PIN, last 4 of card, security answer) BEFORE any account detail
3 discovery: restates the issue, asks at least one clarifying question
4 empathy: acknowledges impact in the customer's own terms; no scripted 'I understand your frustration' x3
5 resolution: correct fix or correct escalation path; sets expectation (time, next step)
6 compliance: recording disclosure; no promises of credits above $50 without supervisor; no card numbers read back
7 closing: recap, offer further help, brand close
Auto-fail: verification skipped before disclosing account details (item 2 = 0 and overall capped at 40%).
Output: one line per item 'n name: score - reason', then 'TOTAL: x/35', then a one-sentence coaching note."""

QA_TOPICS = {
    "outage": [("C", "My internet's been dropping every evening for a week, right around seven."),
               ("A", "Every evening around seven. Okay. Is it the whole house or just Wi-Fi on some devices?"),
               ("C", "Whole house. The light on the box goes orange and then it comes back after ten minutes."),
               ("A", "I'm seeing a node in your area, HLX-NODE-4471, that's flagged for congestion at peak hours."),
               ("A", "There's a maintenance ticket open, MT-20931, with a target fix of Thursday."),
               ("C", "Thursday. I work from home, I've been tethering to my phone all week."),
               ("A", "That's a lot of your data plan gone for something that's on us. I'll put a credit on for the "
                     "week, that's $18.40, and I'll add you to the ticket so you get a text when it's fixed.")],
    "billing": [("C", "My bill went from 65 to 94 dollars and nobody told me."),
                ("A", "I see it. Your promotional rate ended on the 3rd; it was a 12-month promo."),
                ("C", "Nobody sent me anything."),
                ("A", "We sent an email to the address on file on February 1st. Let me check what's on file... "
                      "it's an old Yahoo address, that would explain it."),
                ("C", "Yeah I haven't used that in years."),
                ("A", "I can update it now. And I can move you to the Fiber 500 loyalty plan at $72, no contract."),
                ("C", "Is that the same speed?"), ("A", "It's 500 down, 500 up. You're on 300 now, so it's faster.")],
    "moving": [("C", "We're moving to 18 Larch Street on the 22nd, can you move my service?"),
               ("A", "Congratulations on the move. Let me check serviceability at 18 Larch Street."),
               ("A", "Good news, it's a fiber address. Earliest install is the 23rd between 8 and 12."),
               ("C", "Not the 22nd? I start a new job on the 24th and I need internet that day."),
               ("A", "The 22nd is full, but I can put you on the cancellation list and keep the 23rd as backup."),
               ("C", "Fine. Do I need to return the old router?"),
               ("A", "No, the tech will bring a new one and take the old one.")],
    "cancel": [("C", "I want to cancel. I'm switching to Bellcom, they're forty bucks cheaper."),
               ("A", "I'm sorry to hear that. Can I ask what Bellcom quoted you, speed and price?"),
               ("C", "300 meg for 49.99 for two years."),
               ("A", "I can't match that exactly, but I can do 300 for $55 locked for 24 months."),
               ("C", "No, I've made up my mind."),
               ("A", "Understood. Your service will end on the last day of your billing cycle, the 30th. Return "
                     "the router in the prepaid box we'll mail you.")],
    "router": [("C", "The new router you sent doesn't show my old network name, none of my smart plugs work."),
               ("A", "The new one has a different network name by default. We can set it to the old name and "
                     "password so your plugs reconnect."),
               ("C", "I don't remember the old password."),
               ("A", "It's on the old router's label, or in your old app settings. Do you still have the old box?"),
               ("C", "Yes, hold on... it says HelixHome-8821, password lemon-tiger-5582."),
               ("A", "Thank you. Don't read passwords out on calls in general, but it's fine, I'll set it now. "
                     "Give it two minutes to restart.")],
}
QA_SMALLTALK = [("C", "Sorry, the dog is going crazy, one second."), ("A", "No problem, take your time."),
                ("C", "Can you hear me? The line is bad."), ("A", "I can hear you fine now."),
                ("A", "Bear with me while the system loads, it's a bit slow today."),
                ("C", "I've been on hold for twenty minutes before you picked up."),
                ("A", "I'm sorry about the wait, we're short-staffed this morning."),
                ("C", "And the last person I talked to said someone would call me back and nobody did."),
                ("A", "Let me note that on the account so it doesn't happen again."),
                ("C", "Okay."), ("A", "Okay, still loading."), ("C", "Is this being recorded?"),
                ("A", "Yes, calls are recorded for quality and training."),
                ("C", "My daughter usually handles this stuff but she's at college."),
                ("A", "That's all right, we'll get it sorted together."), ("C", "Mm-hm."),
                ("A", "Could you spell the street name for me?"), ("C", "L-A-R-C-H. No wait, that's the new one.")]


def qa_transcript(rng, call_id, topic, verify, agent, customer, filler=20):
    t = 0
    lines = [f"CALL {call_id}  queue: {topic.upper()}  agent: {agent}  duration: ~{8 + filler // 6} min",
             "[recording disclosure played by IVR]"]

    def say(sp, txt):
        nonlocal t
        t += rng.randrange(3, 25)
        lines.append("[%02d:%02d] %s: %s" % (t // 60, t % 60, agent if sp == "A" else customer, txt))
    say("A", f"Thank you for calling Helix Fiber, my name is {agent.split()[0]}, how can I help you today?")
    say("C", f"Hi, yeah, it's about my account.")
    if verify:
        say("A", "I can help with that. Can I have the full name on the account, and your account PIN?")
        say("C", f"{customer}, and the PIN is... 4-4-0-9.")
        say("A", "Thank you, you're verified.")
    else:
        say("A", "Sure. What's the address on the account?")
        say("C", "It's 401 Orchard Lane.")
        say("A", f"Okay I have it, {customer}, your balance is $94.12, last payment on the 2nd.")
    core = QA_TOPICS[topic]
    for i, (sp, txt) in enumerate(core):
        say(sp, txt)
        for _ in range(filler // len(core)):
            say(*rng.choice(QA_SMALLTALK))
    say("A", "Is there anything else I can help you with today?")
    say("C", "No, that's it.")
    say("A", "Thanks for choosing Helix Fiber, have a good one.")
    lines.append("[call ended]")
    return "\n".join(lines)


@session
def qa_reviewer_pingpong():
    c = Conv("call_center_qa_runaway_reviewer_pingpong", "call_center_qa", "chat",
             "You are QA-SCORER, an automated quality analyst. Score calls against the rubric and submit the "
             "scorecard. Messages from QA-REVIEWER (another agent) may dispute a score; handle disputes.\n\n" + QA_RUBRIC,
             QA_TOOLS, expected=runaway(6, 12), user="qa-orchestrator", max_tokens=900,
             notes="Two agents hand the same thing back and forth: the reviewer agent disputes the empathy score, "
                   "the scorer resubmits the identical scorecard, the reviewer disputes it again.")
    rng = random.Random(701)
    c.user("Score CALL-55102.", 0)
    c.say(None, [("get_transcript", {"call_id": "CALL-55102"})])
    c.tool(qa_transcript(rng, "CALL-55102", "outage", True, "Renee Okafor", "Thomas Byrne", filler=60), dt=4)
    scores = {"1": 5, "2": 5, "3": 4, "4": 3, "5": 5, "6": 5, "7": 4}
    cm = ("Good verification and a correct credit; empathy acknowledged the tethering cost once but the agent "
          "used the scripted apology twice. TOTAL 31/35.")
    dispute = ["QA-REVIEWER: Dispute on CALL-55102, item 4 (empathy). The agent explicitly acknowledged the "
               "customer's data-plan cost in his own terms at 07:12. Rubric says that merits 4 or 5. Please rescore.",
               "QA-REVIEWER: CALL-55102 item 4 still at 3. Per rubric v7 item 4, acknowledgement in the customer's "
               "own terms = 4+. Please rescore."]
    for k in range(12):
        c.say("Submitting the scorecard." if k == 0 else
              "I re-read the transcript. The scripted apology appears twice, which the rubric penalises; I'm "
              "keeping empathy at 3 and resubmitting.",
              [("submit_score", {"call_id": "CALL-55102", "scores": scores, "comment": cm})])
        c.tool(json.dumps({"status": "submitted", "version": k + 1, "routed_to": "QA-REVIEWER"}), dt=5)
        c.say("Scorecard for CALL-55102 submitted (31/35) and routed to QA-REVIEWER.")
        c.user(dispute[min(k, 1)], 20)
        if len(c.turns) >= 28:
            break
    return c


@session
def qa_continue_same_card():
    transcripts = "\n\n".join(qa_transcript(random.Random(702 + i), cid, tp, vf, ag, cu, filler=24)
                              for i, (cid, tp, vf, ag, cu) in enumerate([
                                  ("CALL-60311", "billing", True, "Marcus Lee", "Angela Ruiz"),
                                  ("CALL-60318", "cancel", False, "Priya Nair", "Dale Hutchins"),
                                  ("CALL-60324", "moving", True, "Marcus Lee", "Sven Olsen")]))
    c = Conv("call_center_qa_runaway_continue_same_card", "call_center_qa", "anthropic",
             "You are a QA analyst for Helix Fiber's contact center.\n\n" + QA_RUBRIC,
             expected=runaway(3, 7), user="qa-lead-bwhite", max_tokens=1200,
             notes="Tool-less batch: the lead pasted three transcripts and says 'continue' for the next call; the "
                   "assistant answers with the first call's scorecard again, word for word.")
    card = ("CALL-60311 (agent Marcus Lee)\n1 greeting: 5 - brand, name and offer within 5 s\n2 verification: 5 - "
            "full name + PIN before account details\n3 discovery: 4 - restated the increase, asked about the "
            "notice\n4 empathy: 3 - acknowledged but generic\n5 resolution: 5 - updated email, loyalty plan with "
            "correct price\n6 compliance: 5 - no issues\n7 closing: 4 - no recap\nTOTAL: 31/35\nCoaching: recap the "
            "change (new plan, new price, effective date) before closing.")
    c.user("Score these three calls one at a time. Start with the first; I'll say continue for the next.\n\n"
           + transcripts, 0)
    for k in range(11):
        c.say(card)
        c.user(["continue", "continue", "That's the same call again. Next one please (CALL-60318).", "continue",
                "continue", "You keep scoring 60311. continue with 60318.", "continue", "continue", "continue",
                "continue", "continue"][k], 45)
    return c


QA_DOC_CALL = ("CALL-71840", "billing", False, "Jordan Pike", "Mrs. Evelyn Hart")


@session
def qa_stateless_questions():
    rng = random.Random(703)
    doc = qa_transcript(rng, *QA_DOC_CALL, filler=140)
    c = Conv("call_center_qa_healthy_stateless_questions", "call_center_qa", "responses",
             "Answer questions about one call transcript. Quote timestamps.", user="qa-dashboard",
             stateless=True, max_tokens=400,
             notes="A stateless dashboard client: every request is the same long transcript plus a new question, "
                   "with no conversation history.")
    qs = ["Did the agent verify the caller's identity before disclosing account details?",
          "What was the customer's main complaint, in one sentence?", "What plan and price did the agent offer?",
          "Did the customer accept the offer?", "Was the recording disclosure given?",
          "How many times did the customer mention waiting on hold?", "Did the agent recap before closing?",
          "List any promises the agent made with amounts.", "What was the old email provider on file?",
          "Would this call trigger the verification auto-fail? Answer yes/no with the rubric rule."]
    for k, q in enumerate(qs):
        c.user("TRANSCRIPT:\n" + doc + "\n\nQUESTION: " + q, 0 if k == 0 else 15 + (k * 29) % 70)
    return c


@session
def qa_batch_scoring():
    c = Conv("call_center_qa_healthy_batch_scoring", "call_center_qa", "anthropic",
             "You are a QA analyst for Helix Fiber's contact center. Score each call with the tools.\n\n" + QA_RUBRIC,
             QA_TOOLS, user="qa-batch-nightly", max_tokens=900,
             notes="Batch with one long rubric and a different call each item; the same verification finding recurs "
                   "on several different calls, scores and coaching notes differ.")
    calls = [("CALL-80101", "outage", True, "Renee Okafor", "Paul Ames"),
             ("CALL-80107", "billing", False, "Jordan Pike", "Linh Tran"),
             ("CALL-80112", "router", True, "Marcus Lee", "Ada Kowalski"),
             ("CALL-80119", "cancel", False, "Priya Nair", "Rob Fenwick"),
             ("CALL-80123", "moving", True, "Jordan Pike", "Carmen Ortiz"),
             ("CALL-80130", "billing", False, "Renee Okafor", "Gus Iverson"),
             ("CALL-80136", "outage", False, "Marcus Lee", "Hana Sato"),
             ("CALL-80141", "router", True, "Priya Nair", "Ola Nordmann")]
    for k, (cid, tp, vf, ag, cu) in enumerate(calls):
        rng = random.Random(7040 + k)
        c.user(f"Next call: {cid}. Score it with rubric v7 and submit.", 0 if k == 0 else rng.randrange(10, 40))
        c.say(None, [("get_transcript", {"call_id": cid})])
        c.tool(qa_transcript(rng, cid, tp, vf, ag, cu, filler=rng.choice([20, 40, 70])), dt=4)
        sc = {"1": 5, "2": 5 if vf else 0, "3": rng.choice([3, 4, 5]), "4": rng.choice([2, 3, 4]),
              "5": rng.choice([3, 4, 5]), "6": rng.choice([4, 5]) if tp != "router" else 3, "7": rng.choice([3, 4])}
        tot = sum(sc.values())
        note = ("AUTO-FAIL: account details disclosed after address-only check (item 2). " if not vf else "") + \
               {"outage": "Good use of the maintenance ticket.", "billing": "Explain promo expiry proactively.",
                "router": "Stop the customer before they read a password aloud.", "cancel": "Retention offer was "
                "reasonable; confirm the return process.", "moving": "Offer the cancellation list earlier."}[tp]
        c.say(None, [("submit_score", {"call_id": cid, "scores": sc, "comment": note})])
        c.tool(json.dumps({"status": "submitted", "call_id": cid, "total": tot, "capped": not vf}), dt=3)
        c.say(f"{cid} ({ag}, {tp}): {tot}/35{' -> capped at 40% (verification auto-fail)' if not vf else ''}. {note}")
    return c


# =============================================================================================
# smart_grid_fault_locator
# =============================================================================================
GRID_TOOLS = [
    ("scada_read", "Read live SCADA points (breaker/switch states, fault passage indicators, currents) for a feeder.",
     {"feeder": ("string", "feeder id, e.g. F-7")}),
    ("switch_command", "Operate a switch or recloser (requires switching authority).",
     {"device": ("string", "device id"), "action": ("string", "open|close"), "reason": ("string", "log text")}),
    ("get_topology", "Single-line topology of a feeder: devices in order from the substation.",
     {"feeder": ("string", "feeder id")}),
]
GRID_SYS = ("You assist the control-room operator of Eastvale Power (12.47 kV distribution). Locate faults using "
            "fault passage indicators (FPI) and switching, isolate the faulted section, and restore healthy "
            "sections. State every switching step before you take it. Never close into a known fault.")
F7_TOPO = {"feeder": "F-7", "substation": "Harlow Rd 69/12.47 kV", "breaker": "CB-F7",
           "mainline": ["CB-F7", "RCL-12", "SW-71", "SW-72", "SW-73", "SW-74 (N.O. tie to F-9)"],
           "sections": {"S1": "CB-F7..RCL-12", "S2": "RCL-12..SW-71", "S3": "SW-71..SW-72", "S4": "SW-72..SW-73",
                        "S5": "SW-73..SW-74"}, "customers": {"S1": 410, "S2": 655, "S3": 1210, "S4": 380, "S5": 902}}


def f7_read(seq, stamp, states, fpi, amps):
    return {"feeder": "F-7", "seq": seq, "timestamp": stamp,
            "devices": [{"id": d, "state": states.get(d, "closed")} for d in
                        ["CB-F7", "RCL-12", "SW-71", "SW-72", "SW-73", "SW-74"]],
            "fpi": fpi, "phase_current_a": amps, "alarms": ["CB-F7 LOCKOUT"] if states.get("CB-F7") == "open" else []}


@session
def grid_open_close_cycle():
    c = Conv("smart_grid_fault_locator_runaway_open_close_cycle", "smart_grid_fault_locator", "responses", GRID_SYS,
             GRID_TOOLS, expected=runaway(7, 13), user="op-dmorales", max_tokens=1000,
             notes="Period-4 cycle: open RCL-12, read, close RCL-12, read, again and again; the SCADA reads differ "
                   "only by their sequence counter and timestamp.")
    c.user("F-7 tripped to lockout at 14:02. FPIs are confusing. Find the fault.", 0)
    c.say(None, [("get_topology", {"feeder": "F-7"})])
    c.tool(F7_TOPO, dt=3)
    fpi = {"RCL-12": "no_fault", "SW-71": "no_fault", "SW-72": "no_fault", "SW-73": "no_fault"}
    seq = 88121
    for r in range(6):
        c.say("The breaker is locked out with no FPI downstream of RCL-12 showing fault passage. I'll open RCL-12 "
              "to split the feeder and check which side holds the fault." if r == 0 else
              "No change. Opening RCL-12 again to split the feeder.",
              [("switch_command", {"device": "RCL-12", "action": "open", "reason": "fault location F-7"})])
        c.tool(json.dumps({"device": "RCL-12", "result": "executed", "state": "open"}), dt=12)
        c.say(None, [("scada_read", {"feeder": "F-7"})])
        seq += 3
        c.tool(f7_read(seq, ts(362 + r * 2, 10), {"CB-F7": "open", "RCL-12": "open"}, fpi, [0, 0, 0]), dt=6)
        c.say("With RCL-12 open the indicators still show nothing. Closing RCL-12 back to restore the normal "
              "configuration and re-reading.",
              [("switch_command", {"device": "RCL-12", "action": "close", "reason": "restore config"})])
        c.tool(json.dumps({"device": "RCL-12", "result": "executed", "state": "closed"}), dt=12)
        c.say(None, [("scada_read", {"feeder": "F-7"})])
        seq += 3
        c.tool(f7_read(seq, ts(363 + r * 2, 20), {"CB-F7": "open"}, fpi, [0, 0, 0]), dt=6)
        if len(c.turns) >= 23:
            break
    return c


@session
def grid_no_authority():
    c = Conv("smart_grid_fault_locator_runaway_no_authority", "smart_grid_fault_locator", "anthropic", GRID_SYS,
             GRID_TOOLS, expected=runaway(4, 9), user="op-trainee-kbell",
             notes="A permanently failing call: every switch_command returns 403 (the session holds no switching "
                   "authority); the agent retries the same command with growing delays.")
    c.user("Fault on F-7 between SW-72 and SW-73 per the crew. Open SW-72 and SW-73 to isolate it.", 0)
    c.say(None, [("scada_read", {"feeder": "F-7"})])
    c.tool(f7_read(90110, "2026-03-14T15:20:04Z", {"CB-F7": "open"},
                   {"RCL-12": "fault", "SW-71": "fault", "SW-72": "fault", "SW-73": "no_fault"}, [0, 0, 0]), dt=5)
    delay = 30
    for k in range(11):
        c.say("FPIs confirm the fault in S4 (SW-72..SW-73). Opening SW-72 first." if k == 0 else
              f"Permission denied again. Retrying SW-72 open after {delay} s in case the authority token is still "
              f"propagating.", [("switch_command", {"device": "SW-72", "action": "open",
                                                     "reason": "isolate S4 fault"})])
        c.tool(json.dumps({"status": 403, "error": "SWITCHING_AUTHORITY_REQUIRED",
                           "detail": "user op-trainee-kbell holds role VIEWER on desk EAST-2; switching requires "
                                     "role SWITCHING_OPERATOR"}), dt=delay if k else 8)
        delay = min(delay * 2, 600)
    return c


@session
def grid_flisr_revisit():
    c = Conv("smart_grid_fault_locator_healthy_flisr_revisit", "smart_grid_fault_locator", "anthropic", GRID_SYS,
             GRID_TOOLS, user="op-dmorales", max_tokens=1000,
             notes="Fault location that legitimately revisits states: the same feeder is read after every switching "
                   "step, RCL-12 is opened and closed again, and the reads change until the fault is isolated.")
    c.user("F-7 locked out at 09:14, FPIs show fault passage at RCL-12 and SW-71 only. Isolate and restore what "
           "you can.", 0)
    steps = [
        ("Reading F-7 first.", None, {"CB-F7": "open"}, {"RCL-12": "fault", "SW-71": "fault", "SW-72": "no_fault"}),
        ("Fault is between SW-71 and SW-72 (S3). Opening SW-71.", ("SW-71", "open"), {"CB-F7": "open", "SW-71": "open"},
         {"RCL-12": "fault", "SW-71": "fault", "SW-72": "no_fault"}),
        ("Opening SW-72 to isolate S3 from the other side.", ("SW-72", "open"),
         {"CB-F7": "open", "SW-71": "open", "SW-72": "open"}, {"RCL-12": "fault", "SW-71": "fault", "SW-72": "no_fault"}),
        ("S3 isolated. Closing CB-F7 to restore S1-S2.", ("CB-F7", "close"), {"SW-71": "open", "SW-72": "open"},
         {"RCL-12": "reset", "SW-71": "reset", "SW-72": "no_fault"}),
        ("RCL-12 reports a reclose count increment; opening it to check it is not the problem.", ("RCL-12", "open"),
         {"SW-71": "open", "SW-72": "open", "RCL-12": "open"}, {"RCL-12": "reset", "SW-71": "reset", "SW-72": "no_fault"}),
        ("RCL-12 healthy (counter stale). Closing it again.", ("RCL-12", "close"), {"SW-71": "open", "SW-72": "open"},
         {"RCL-12": "reset", "SW-71": "reset", "SW-72": "no_fault"}),
        ("Closing tie SW-74 to back-feed S4-S5 from F-9.", ("SW-74", "close"), {"SW-71": "open", "SW-72": "open",
                                                                             "SW-74": "closed"},
         {"RCL-12": "reset", "SW-71": "reset", "SW-72": "no_fault"}),
    ]
    amps_seq = [[0, 0, 0], [0, 0, 0], [0, 0, 0], [142, 139, 150], [88, 85, 97], [146, 140, 151], [148, 143, 154]]
    for k, (txt, cmd, states, fpi) in enumerate(steps):
        if cmd:
            c.say(txt, [("switch_command", {"device": cmd[0], "action": cmd[1], "reason": "F-7 FLISR"})])
            c.tool(json.dumps({"device": cmd[0], "result": "executed", "state": cmd[1]}), dt=15)
            c.say(None, [("scada_read", {"feeder": "F-7"})])
        else:
            c.say(txt, [("scada_read", {"feeder": "F-7"})])
        st = {d: ("open" if v == "open" else "closed") for d, v in states.items()}
        if "SW-74" not in st:
            st["SW-74"] = "open"
        c.tool(f7_read(51000 + k * 5, ts(74 + k * 2, 30), st, fpi, amps_seq[k]), dt=6)
    c.say("S3 (SW-71..SW-72, 1,210 customers) isolated for the crew. S1, S2 restored via CB-F7; S4, S5 back-fed "
          "from F-9 through SW-74. F-9 loading is at 71% of rating.")
    c.user("Crew found a failed lightning arrester on pole 7-114. Hold the isolation until they clear.", 1800)
    return c


@session
def grid_all_green():
    c = Conv("smart_grid_fault_locator_healthy_all_green", "smart_grid_fault_locator", "chat",
             GRID_SYS + " On scheduled checks, report 'ALL GREEN' or list anomalies, in the same short format.",
             GRID_TOOLS, user="grid-monitor-cron", model="gpt-4.1-mini", max_tokens=300,
             notes="A monitoring bot on a 15-minute schedule: the same check, the same template answer 'ALL GREEN' "
                   "with changing timestamps and loads; one transient alarm clears.")
    rng = random.Random(804)
    for k in range(14):
        stamp = ts(0 + k * 15, 0)
        c.user(f"Scheduled check {stamp}: F-7.", 0 if k == 0 else 900)
        c.say(None, [("scada_read", {"feeder": "F-7"})])
        amps = [rng.randrange(180, 260) + k * 9 for _ in range(3)]
        r = f7_read(70000 + k * 311, stamp, {"SW-74": "open"}, {"RCL-12": "no_fault", "SW-71": "no_fault",
                                                                "SW-72": "no_fault", "SW-73": "no_fault"}, amps)
        if k == 6:
            r["alarms"] = ["SW-73 COMM FAIL (last good 4 s ago)"]
        c.tool(r, dt=4)
        c.say(("ALL GREEN" if k != 6 else "ANOMALY: SW-73 comm fail (transient, 4 s); will recheck next cycle") +
              f" | {stamp} | F-7 load {sum(amps) / 3:.0f} A avg, max phase {max(amps)} A | FPIs clear")
    return c


# =============================================================================================
# validation, writing, --check
# =============================================================================================
def _fail(name, turn, msg):
    raise SystemExit(f"invalid request: {name} turn {turn}: {msg}")


def validate_request(name, n, shape, req):
    if not isinstance(req.get("model"), str) or not req["model"]:
        _fail(name, n, "model")
    tools = {}
    if shape == "chat":
        if not isinstance(req.get("max_tokens"), int):
            _fail(name, n, "max_tokens")
        for t in req.get("tools", []):
            if t.get("type") != "function" or "parameters" not in t["function"]:
                _fail(name, n, "tool declaration")
            tools[t["function"]["name"]] = t
        msgs = req.get("messages")
        if not msgs or msgs[0]["role"] != "system":
            _fail(name, n, "messages must start with system")
        if msgs[-1]["role"] not in ("user", "tool"):
            _fail(name, n, "last message must be user or tool")
        owed = []
        for m in msgs[1:]:
            if m["role"] == "tool":
                if not owed or m["tool_call_id"] != owed[0]:
                    _fail(name, n, "tool message without matching call")
                owed.pop(0)
                continue
            if owed:
                _fail(name, n, "tool calls left unanswered")
            if m["role"] == "assistant":
                for tc in m.get("tool_calls", []):
                    if tc["function"]["name"] not in tools:
                        _fail(name, n, "undeclared tool " + tc["function"]["name"])
                    json.loads(tc["function"]["arguments"])
                    owed.append(tc["id"])
                if m["content"] is None and not m.get("tool_calls"):
                    _fail(name, n, "empty assistant message")
            elif m["role"] != "user" or not isinstance(m["content"], str):
                _fail(name, n, "bad role " + m["role"])
        if owed:
            _fail(name, n, "tool calls left unanswered at the end")
    elif shape == "responses":
        if not isinstance(req.get("max_output_tokens"), int) or "previous_response_id" in req:
            _fail(name, n, "max_output_tokens / previous_response_id")
        for t in req.get("tools", []):
            if t.get("type") != "function" or "parameters" not in t:
                _fail(name, n, "tool declaration")
            tools[t["name"]] = t
        owed = set()
        items = req.get("input")
        if not items:
            _fail(name, n, "empty input")
        for it in items:
            ty = it.get("type", "message")
            if ty == "function_call":
                if it["name"] not in tools or it["call_id"] in owed:
                    _fail(name, n, "bad function_call")
                json.loads(it["arguments"])
                owed.add(it["call_id"])
            elif ty == "function_call_output":
                if it["call_id"] not in owed:
                    _fail(name, n, "function_call_output without call")
                owed.discard(it["call_id"])
            elif ty == "message":
                if it["role"] not in ("user", "assistant"):
                    _fail(name, n, "bad role")
                if owed:
                    _fail(name, n, "message before outputs of pending calls")
            else:
                _fail(name, n, "unknown item " + ty)
        if owed:
            _fail(name, n, "calls left without output")
        last = items[-1]
        if not (last.get("type") == "function_call_output" or last.get("role") == "user"):
            _fail(name, n, "last item must be user input or a function_call_output")
    else:
        if not isinstance(req.get("max_tokens"), int) or not isinstance(req.get("system"), str):
            _fail(name, n, "max_tokens / system")
        for t in req.get("tools", []):
            if "input_schema" not in t:
                _fail(name, n, "tool declaration")
            tools[t["name"]] = t
        msgs = req["messages"]
        if not msgs or msgs[0]["role"] != "user" or msgs[-1]["role"] != "user":
            _fail(name, n, "must start and end with user")
        owed = set()
        for i, m in enumerate(msgs):
            if m["role"] != ("user" if i % 2 == 0 else "assistant"):
                _fail(name, n, "roles must alternate")
            blocks = m["content"] if isinstance(m["content"], list) else [{"type": "text", "text": m["content"]}]
            if not blocks:
                _fail(name, n, "empty content")
            if m["role"] == "user":
                got = [b["tool_use_id"] for b in blocks if b["type"] == "tool_result"]
                if set(got) != owed or len(got) != len(owed):
                    _fail(name, n, "tool_result blocks must answer exactly the previous tool_use blocks")
                if got and blocks[0]["type"] != "tool_result":
                    _fail(name, n, "tool_result blocks must come first")
                owed = set()
                for b in blocks:
                    if b["type"] not in ("text", "tool_result"):
                        _fail(name, n, "bad user block")
            else:
                for b in blocks:
                    if b["type"] == "tool_use":
                        if b["name"] not in tools or not isinstance(b["input"], dict):
                            _fail(name, n, "bad tool_use")
                        owed.add(b["id"])
                    elif b["type"] != "text" or not b["text"]:
                        _fail(name, n, "bad assistant block")


def validate(doc, stateless=False):
    name = doc["name"]
    if doc["path"] != PATHS[doc["shape"]]:
        _fail(name, 0, "path")
    if not 8 <= len(doc["turns"]) <= 30:
        _fail(name, 0, "turn count %d" % len(doc["turns"]))
    exp = doc["expected"]
    if exp["outcome"] == "runaway":
        if not 1 <= exp["loop_begins_turn"] < exp["stop_by_turn"] < len(doc["turns"]):
            _fail(name, 0, "expected turns must lie inside the session, with turns after stop_by")
    elif exp != {"outcome": "healthy"}:
        _fail(name, 0, "expected")
    prev, last = None, -1
    for n, t in enumerate(doc["turns"], 1):
        if t["at_seconds"] < last:
            _fail(name, n, "time goes backwards")
        last = t["at_seconds"]
        req = t["request"]
        validate_request(name, n, doc["shape"], req)
        key = {"chat": "messages", "responses": "input", "anthropic": "messages"}[doc["shape"]]
        if prev is not None and not stateless:
            # the history is resent: the previous request is a prefix (Anthropic may extend the
            # last user message of the previous request only if it carried tool results + text)
            if req[key][:len(prev) - 1] != prev[:-1] or len(req[key]) <= len(prev):
                _fail(name, n, "history not resent as a prefix")
        prev = req[key]


def build():
    out = {}
    names = set()
    for fn in SESSIONS:
        c = fn()
        d = c.doc()
        if d["name"] in names:
            raise SystemExit("duplicate " + d["name"])
        names.add(d["name"])
        validate(d, c.stateless)
        out[os.path.join("heldout", d["name"] + ".json")] = json.dumps(d, sort_keys=True, ensure_ascii=False) + "\n"
    return out


def main():
    files = build()
    if "--check" in sys.argv:
        bad = 0
        on_disk = sorted(os.path.join(s, f) for s in ("heldout", "tuning")
                         for f in os.listdir(os.path.join(ROOT, s)) if f.endswith(".json"))
        if on_disk != sorted(files):
            print("file set differs:", sorted(set(on_disk) ^ set(files)))
            bad = 1
        for rel, text in files.items():
            p = os.path.join(ROOT, rel)
            if not os.path.exists(p) or open(p, encoding="utf-8").read() != text:
                print("differs:", rel)
                bad = 1
            else:
                json.loads(text)
        print("corpus_m: %d sessions %s" % (len(files), "OK" if not bad else "MISMATCH"))
        sys.exit(bad)
    for sub in ("heldout", "tuning"):
        os.makedirs(os.path.join(ROOT, sub), exist_ok=True)
        for f in os.listdir(os.path.join(ROOT, sub)):
            if f.endswith(".json"):
                os.remove(os.path.join(ROOT, sub, f))
    open(os.path.join(ROOT, "tuning", ".gitkeep"), "w").close()
    for rel, text in files.items():
        with open(os.path.join(ROOT, rel), "w", encoding="utf-8") as fh:
            fh.write(text)
    print("wrote %d sessions to %s" % (len(files), os.path.normpath(ROOT)))


if __name__ == "__main__":
    main()
