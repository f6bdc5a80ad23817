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
                 user="writer-m-user", notes="", expected=None):
        self.name, self.style, self.shape, self.system = name, style, shape, system
        self.tools = list(tools)
        self.model = model or {"chat": "gpt-4o", "responses": "gpt-4.1-mini",
                               "anthropic": "claude-sonnet-4-20250514"}[shape]
        self.max_tokens, self.user_id, self.notes = max_tokens, user, notes
        self.expected = expected or {"outcome": "healthy"}
        self.ev, self.turns, self.t, self.n, self.pending = [], [], 0, 0, []

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
          ". Two of them are card-present in Miami the same day as a chip purchase in Dayton.",
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
