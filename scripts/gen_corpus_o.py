#!/usr/bin/env python3
"""Generate the writer-o agent-session corpus (tests/fixtures/corpus_o).

Stdlib only, deterministic (fixed seeds, no clock, no network). Every session is written by
its own hand-written function below; the shared code only renders a neutral conversation into
the three API shapes (OpenAI Chat, OpenAI Responses, Anthropic Messages) and validates them.

    python3 scripts/gen_corpus_o.py           # (re)write tests/fixtures/corpus_o/heldout
    python3 scripts/gen_corpus_o.py --check   # regenerate in memory, compare with disk, validate

Everything is held out: all sessions go to heldout/, tuning/ only holds .gitkeep.
"""

import hashlib
import json
import os
import random
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "corpus_o")
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}


class Sess:
    """A neutral conversation: exchanges of (input, assistant reply), rendered per shape."""

    def __init__(self, name, style, shape, model, system, tools=None, expected=None, notes="",
                 stateless=False, max_tokens=1024, user="ops"):
        self.name, self.style, self.shape, self.model = name, style, shape, model
        self.system, self.tools = system, tools or []
        self.expected = expected or {"outcome": "healthy"}
        self.notes, self.stateless, self.max_tokens, self.user = notes, stateless, max_tokens, user
        self.ex = []
        self.n_ids = 0

    # -- writing -------------------------------------------------------------------------
    def user_msg(self, text, dt=0):
        self.ex.append({"dt": dt, "in": ("user", text), "reply": None})
        return self

    def results(self, outs, dt=0):
        if not isinstance(outs, list):
            outs = [outs]
        outs = [o if isinstance(o, str) else json.dumps(o, indent=1) for o in outs]
        self.ex.append({"dt": dt, "in": ("tools", outs), "reply": None})
        return self

    def say(self, text):
        self.ex[-1]["reply"] = ("text", text, [])
        return self

    def call(self, name, args, text=None):
        return self.calls([(name, args)], text)

    def calls(self, calls, text=None):
        ids = []
        for _ in calls:
            self.n_ids += 1
            h = hashlib.sha1(("%s/%d" % (self.name, self.n_ids)).encode()).hexdigest()
            ids.append(("toolu_01" + h[:22]) if self.shape == "anthropic" else ("call_" + h[:24]))
        self.ex[-1]["reply"] = ("calls", text, [(i, n, a) for i, (n, a) in zip(ids, calls)])
        return self

    # -- rendering -----------------------------------------------------------------------
    def _items(self, inp, reply_before):
        """Render one input (user text or tool outputs) as shape items."""
        kind, val = inp
        if kind == "user":
            return [{"role": "user", "content": val}]
        ids = [c[0] for c in reply_before[2]]
        if len(ids) != len(val):
            raise ValueError("%s: %d tool outputs for %d calls" % (self.name, len(val), len(ids)))
        if self.shape == "chat":
            return [{"role": "tool", "tool_call_id": i, "content": o} for i, o in zip(ids, val)]
        if self.shape == "responses":
            return [{"type": "function_call_output", "call_id": i, "output": o} for i, o in zip(ids, val)]
        return [{"role": "user", "content": [{"type": "tool_result", "tool_use_id": i, "content": o}
                                             for i, o in zip(ids, val)]}]

    def _reply_items(self, reply):
        kind, text, calls = reply
        if self.shape == "chat":
            if kind == "text":
                return [{"role": "assistant", "content": text}]
            return [{"role": "assistant", "content": text,
                     "tool_calls": [{"id": i, "type": "function",
                                     "function": {"name": n, "arguments": json.dumps(a)}}
                                    for i, n, a in calls]}]
        if self.shape == "responses":
            out = []
            if text:
                out.append({"role": "assistant", "content": text})
            for i, n, a in calls:
                out.append({"type": "function_call", "call_id": i, "name": n, "arguments": json.dumps(a)})
            return out
        blocks = [{"type": "text", "text": text}] if text else []
        for i, n, a in calls:
            blocks.append({"type": "tool_use", "id": i, "name": n, "input": a})
        return [{"role": "assistant", "content": blocks if calls else text}]

    def _request(self, items):
        if self.shape == "chat":
            req = {"model": self.model, "messages": [{"role": "system", "content": self.system}] + items,
                   "max_tokens": self.max_tokens}
            if self.tools:
                req["tools"] = [{"type": "function", "function": {"name": n, "description": d, "parameters": p}}
                                for n, d, p in self.tools]
        elif self.shape == "responses":
            req = {"model": self.model, "instructions": self.system, "input": items,
                   "max_output_tokens": self.max_tokens}
            if self.tools:
                req["tools"] = [{"type": "function", "name": n, "description": d, "parameters": p}
                                for n, d, p in self.tools]
        else:
            req = {"model": self.model, "max_tokens": self.max_tokens, "system": self.system, "messages": items}
            if self.tools:
                req["tools"] = [{"name": n, "description": d, "input_schema": p} for n, d, p in self.tools]
        return req

    def render(self):
        turns, hist, at, prev_reply = [], [], 0, None
        for k, e in enumerate(self.ex):
            at += e["dt"]
            items = self._items(e["in"], prev_reply)
            if self.stateless:
                turns.append({"at_seconds": at, "request": self._request(items)})
            else:
                turns.append({"at_seconds": at, "request": self._request(hist + items)})
                hist = hist + items
                if e["reply"] is not None:
                    hist = hist + self._reply_items(e["reply"])
            prev_reply = e["reply"]
        doc = {"name": self.name, "style": self.style, "shape": self.shape, "path": PATHS[self.shape],
               "headers": {"x-session-id": "corpus-o-" + self.name, "x-user-id": "o-" + self.user},
               "expected": self.expected, "notes": self.notes, "turns": turns}
        return doc


def P(**props):
    """A JSON-schema object with string/integer/etc. properties given as name=type."""
    return {"type": "object", "properties": {k: {"type": v} for k, v in props.items()},
            "required": list(props)}


def runaway(b, d):
    return {"outcome": "runaway", "loop_begins_turn": b, "stop_by_turn": d}


HEALTHY = {"outcome": "healthy"}
STYLES = []


def style(fn):
    STYLES.append(fn)
    return fn


# =========================================================================================
# shipping_label_batch
# =========================================================================================
SHIP_TOOLS = [
    ("validate_address", "Validate and normalise a postal address (USPS/CASS).",
     P(order_id="string", street="string", city="string", state="string", zip="string")),
    ("rate_quote", "Get carrier rate quotes for a parcel.",
     P(order_id="string", weight_oz="integer", dims_in="string", service_level="string")),
    ("create_label", "Buy a shipping label for an order with a chosen rate id.",
     P(order_id="string", rate_id="string")),
]
SHIP_SYSTEM = ("You are the fulfilment assistant for Harbor & Pine Goods (warehouse WH-EWR-2, Carteret NJ). "
               "For each order: 1) validate_address, 2) rate_quote, 3) pick the cheapest rate that meets the "
               "promised delivery date, 4) create_label. Never buy a label twice for one order. Report the "
               "tracking number and the cost in cents. Flag anything a human must look at.")


@style
def shipping_label_batch():
    out = []
    # --- R1 chat: period-3 cycle validate -> quote -> create fails, quote ids / timestamps change
    s = Sess("shipping_label_batch_cycle3_chat", "shipping_label_batch", "chat", "gpt-4o", SHIP_SYSTEM,
             SHIP_TOOLS, runaway(5, 11),
             "One order cycles validate -> quote -> create_label; the label is refused every time for the "
             "same suite-number reason while rate ids and timestamps change. Period-3 cycle from turn 5.")
    s.user_msg("Please ship order #HP-20931 today, it's a gift and the customer paid for 2-day. "
               "Address: Maria Okafor, 4410 Lindell Blvd Apt, St. Louis MO 63108.")
    s.call("validate_address", {"order_id": "HP-20931", "street": "4410 Lindell Blvd Apt", "city": "St. Louis",
                                "state": "MO", "zip": "63108"})
    t = 40
    for k in range(5):
        s.results({"order_id": "HP-20931", "status": "corrected", "dpv_match": "S",
                   "standardized": {"street": "4410 LINDELL BLVD APT", "city": "SAINT LOUIS", "state": "MO",
                                    "zip": "63108-2912"},
                   "messages": ["Secondary (apartment) number missing; delivery point is a multi-unit building."],
                   "checked_at": "2026-03-14T15:%02d:%02dZ" % (2 + 2 * k, (17 + 13 * k) % 60)}, dt=t)
        if k == 0:
            s.call("rate_quote", {"order_id": "HP-20931", "weight_oz": 38, "dims_in": "12x9x6",
                                  "service_level": "2day"},
                   "Address standardised to ZIP+4 63108-2912. Getting 2-day rates.")
        else:
            s.call("rate_quote", {"order_id": "HP-20931", "weight_oz": 38, "dims_in": "12x9x6",
                                  "service_level": "2day"},
                   ["The validator normalised the address again; re-quoting with the normalised address.",
                    "Address re-validated (63108-2912). Fetching fresh 2-day quotes.",
                    "Normalised address confirmed. Quoting 2-day again.",
                    "Validation passed with corrections; requesting rates."][k - 1])
        s.results({"order_id": "HP-20931", "quoted_at": "2026-03-14T15:%02d:%02dZ" % (3 + 2 * k, (31 + 7 * k) % 60),
                   "rates": [{"rate_id": "rt_%s" % hashlib.md5(b"u%d" % k).hexdigest()[:10], "carrier": "UPS",
                              "service": "2nd Day Air", "amount_cents": 1874, "est_delivery": "2026-03-16"},
                             {"rate_id": "rt_%s" % hashlib.md5(b"f%d" % k).hexdigest()[:10], "carrier": "FedEx",
                              "service": "2Day", "amount_cents": 1931, "est_delivery": "2026-03-16"},
                             {"rate_id": "rt_%s" % hashlib.md5(b"p%d" % k).hexdigest()[:10], "carrier": "USPS",
                              "service": "Priority Mail", "amount_cents": 1215, "est_delivery": "2026-03-17"}]},
                  dt=6)
        rid = "rt_%s" % hashlib.md5(b"u%d" % k).hexdigest()[:10]
        s.call("create_label", {"order_id": "HP-20931", "rate_id": rid},
               "UPS 2nd Day Air at $18.74 is the cheapest that arrives by the 16th. Buying it.")
        s.results({"error": {"code": "ADDRESS_INCOMPLETE", "http_status": 422,
                             "message": "Carrier rejected shipment: address requires a secondary unit "
                                        "designator (APT/STE/UNIT + number). Re-validate the address.",
                             "request_id": "req_%s" % hashlib.md5(b"r%d" % k).hexdigest()[:12]}}, dt=5)
        s.call("validate_address", {"order_id": "HP-20931", "street": "4410 Lindell Blvd Apt", "city": "St. Louis",
                                    "state": "MO", "zip": "63108"},
               ["The carrier says the address is incomplete. Let me re-validate the address.",
                "Label refused again (ADDRESS_INCOMPLETE). Re-validating as the error suggests.",
                "Same rejection. I'll run address validation once more and retry.",
                "Carrier still wants a unit number; validating the address again.",
                "Re-validating the address before another attempt."][k])
    out.append(s)

    # --- R2 anthropic: renamed entities, same auth failure with new shipment ids each time
    s = Sess("shipping_label_batch_renamed_shipments_anthropic", "shipping_label_batch", "anthropic",
             "claude-sonnet-4-20250514", SHIP_SYSTEM, SHIP_TOOLS, runaway(6, 11),
             "The FedEx account is not authorised for the shipper; the agent creates a new shipment draft "
             "for the same order each time, so shipment/rate ids change but the 403 never does.",
             max_tokens=2048, user="fulfil-bot")
    s.user_msg("Batch 2026-03-14-B has 3 orders still without labels: HP-21007, HP-21008, HP-21011. "
               "Use FedEx Ground for all of them, we have a contract rate.")
    s.call("validate_address", {"order_id": "HP-21007", "street": "88 Harrison Ave", "city": "Boston",
                                "state": "MA", "zip": "02111"}, "Starting with HP-21007.")
    s.results({"order_id": "HP-21007", "status": "valid", "dpv_match": "Y",
               "standardized": {"street": "88 HARRISON AVE", "city": "BOSTON", "state": "MA", "zip": "02111-1842"}}, dt=3)
    s.call("rate_quote", {"order_id": "HP-21007", "weight_oz": 72, "dims_in": "16x12x10", "service_level": "ground"})
    s.results({"order_id": "HP-21007", "rates": [
        {"rate_id": "rt_fx_81c2a0", "carrier": "FedEx", "service": "Ground", "amount_cents": 1122,
         "account": "contract-7731"},
        {"rate_id": "rt_ups_55d1e9", "carrier": "UPS", "service": "Ground", "amount_cents": 1388}]}, dt=4)
    s.call("create_label", {"order_id": "HP-21007", "rate_id": "rt_fx_81c2a0"},
           "FedEx Ground contract rate $11.22. Buying the label.")
    ids = ["shp_7Q2LX", "shp_9MRT4", "shp_A01KZ", "shp_B7YH2", "shp_C3VN8", "shp_D5WQ1", "shp_E8PJ6", "shp_F2GS0",
           "shp_G6KD3"]
    for k, sid in enumerate(ids):
        s.results({"error": {"type": "authorization_error", "http_status": 403,
                             "message": "FedEx account contract-7731 is not authorized to ship for shipper "
                                        "'Harbor & Pine Goods - EWR2'. Contact your carrier rep to link the "
                                        "account.", "shipment_id": sid,
                             "rate_id": "rt_fx_%06x" % (0x81c2a0 + 977 * (k + 1))}}, dt=5 + k)
        s.call("rate_quote", {"order_id": "HP-21007", "weight_oz": 72, "dims_in": "16x12x10",
                              "service_level": "ground"},
               ["The label call was rejected for authorization. Perhaps the rate expired; requesting a fresh "
                "quote to get a new shipment.",
                "Authorization failed again for a new shipment. I'll get a new FedEx rate and retry.",
                "Still a 403 on the FedEx contract account. Re-quoting so a new shipment is created.",
                "Another authorization error with shipment %s. Trying a fresh quote." % sid,
                "The new shipment was also refused. Requesting another quote.",
                "403 again. Re-quoting.", "Retrying with a new quote.", "Fetching a new quote.",
                "New quote."][k])
        s.results({"order_id": "HP-21007", "rates": [
            {"rate_id": "rt_fx_%06x" % (0x81c2a0 + 977 * (k + 2)), "carrier": "FedEx", "service": "Ground",
             "amount_cents": 1122, "account": "contract-7731"},
            {"rate_id": "rt_ups_55d1e9", "carrier": "UPS", "service": "Ground", "amount_cents": 1388}]}, dt=3)
        s.call("create_label", {"order_id": "HP-21007", "rate_id": "rt_fx_%06x" % (0x81c2a0 + 977 * (k + 2))},
               "Buying FedEx Ground with the new rate id.")
        if len(s.ex) >= 21:
            break
    out.append(s)

    # --- H1 responses: batch, one long instruction, short varying items, same warning on several orders
    long_instr = SHIP_SYSTEM + "\n\nPacking and carrier rules for this batch (read carefully):\n" + "\n".join(
        "- Rule %d: %s" % (i + 1, r) for i, r in enumerate([
            "Orders with a candle or diffuser (SKU prefix CND-, DIF-) ship Ground only; no air services (hazmat "
            "limited quantity).",
            "Residential surcharge is expected on most orders; it is NOT a reason to change carrier unless the "
            "difference is more than 250 cents.",
            "If the validator adds ZIP+4 or fixes capitalisation, accept it silently.",
            "If the validator returns dpv_match N, stop that order and put it in the exceptions list.",
            "Parcels over 150 oz go FedEx Home Delivery.",
            "Promised-by date is in the order; choose the cheapest service that arrives on or before it.",
            "Do not split orders into multiple parcels.",
            "Write one line per order in the final report: order, carrier/service, cost, tracking, warnings."]))
    s = Sess("shipping_label_batch_orders_recurring_warning_responses", "shipping_label_batch", "responses",
             "gpt-4.1-mini", long_instr, SHIP_TOOLS, HEALTHY,
             "Batch of six orders with the same instruction; the residential-surcharge and ZIP+4 warnings recur "
             "on different orders, one order goes to exceptions. Ordinary batch work.", max_tokens=1500)
    orders = [("HP-22101", "1207 W Fullerton Ave", "Chicago", "IL", "60614", 22, "CND-0042"),
              ("HP-22102", "55 Sunnyside Blvd", "Plainview", "NY", "11803", 40, "MUG-0110"),
              ("HP-22103", "3021 N 24th St", "Phoenix", "AZ", "85016", 163, "RUG-0900"),
              ("HP-22104", "19 Old Stagecoach Rd", "Redding", "CT", "06896", 31, "DIF-0007"),
              ("HP-22105", "700 Nowhere Ln", "Springfield", "OR", "97499", 18, "MUG-0111"),
              ("HP-22106", "2250 Alameda St", "Denver", "CO", "80223", 55, "TWL-0330")]
    s.user_msg("Process today's batch: " + ", ".join(o[0] for o in orders) + ". Details are in the OMS.")
    rng = random.Random(11)
    first = True
    for oid, st, city, state, z, w, sku in orders:
        s.call("validate_address", {"order_id": oid, "street": st, "city": city, "state": state, "zip": z},
               None if first else "Next order: %s (%s)." % (oid, sku))
        first = False
        if oid == "HP-22105":
            s.results({"order_id": oid, "status": "undeliverable", "dpv_match": "N",
                       "messages": ["Street not found in ZIP 97499."]}, dt=4)
            s.call("validate_address", {"order_id": "HP-22106", "street": "2250 Alameda St", "city": "Denver",
                                        "state": "CO", "zip": "80223"},
                   "HP-22105 fails DPV (street not found) -> exceptions list per rule 4. Moving on to HP-22106.")
            s.results({"order_id": "HP-22106", "status": "corrected", "dpv_match": "Y",
                       "standardized": {"street": "2250 W ALAMEDA AVE", "city": "DENVER", "state": "CO",
                                        "zip": "80223-1907"},
                       "messages": ["Suffix corrected ST -> AVE", "ZIP+4 added"]}, dt=4)
            oid, w, sku = "HP-22106", 55, "TWL-0330"
        else:
            s.results({"order_id": oid, "status": "corrected", "dpv_match": "Y",
                       "standardized": {"street": st.upper(), "city": city.upper(), "state": state,
                                        "zip": "%s-%04d" % (z, rng.randint(1000, 9999))},
                       "messages": ["ZIP+4 added"], "residential": True}, dt=4)
        ground = sku[:3] in ("CND", "DIF")
        s.call("rate_quote", {"order_id": oid, "weight_oz": w, "dims_in": "14x10x8",
                              "service_level": "ground" if ground else "cheapest"})
        base = 700 + w * 9 + rng.randint(0, 120)
        s.results({"order_id": oid, "rates": [
            {"rate_id": "rt_%s_a" % oid[-3:], "carrier": "USPS", "service": "Ground Advantage",
             "amount_cents": base, "surcharges": [{"type": "residential", "cents": 0}]},
            {"rate_id": "rt_%s_b" % oid[-3:], "carrier": "UPS", "service": "Ground", "amount_cents": base + 212,
             "surcharges": [{"type": "residential", "cents": 545}]}],
            "warnings": ["Residential delivery surcharge applies to UPS/FedEx"]}, dt=3)
        s.call("create_label", {"order_id": oid, "rate_id": "rt_%s_a" % oid[-3:]},
               "USPS Ground Advantage $%d.%02d; residential surcharge warning is expected (rule 2)." %
               (base // 100, base % 100))
        s.results({"order_id": oid, "label_id": "lbl_%s" % hashlib.md5(oid.encode()).hexdigest()[:8],
                   "tracking": "9400 1118 9922 %04d %04d %02d" % (rng.randint(0, 9999), rng.randint(0, 9999),
                                                                 rng.randint(10, 99)),
                   "amount_cents": base}, dt=5)
    s.say("Batch done. 5 labels bought (all USPS Ground Advantage; residential surcharge warnings on 5 orders "
          "were expected and ignored). Exceptions: HP-22105 - address not deliverable, needs customer contact.")
    s.user_msg("Thanks. Can you email me the exceptions list format for HP-22105?", dt=240)
    out.append(s)

    # --- H2 chat: 429/503 retries with backoff then success; continues with other orders
    s = Sess("shipping_label_batch_rate_limit_backoff_chat", "shipping_label_batch", "chat", "gpt-4o-mini",
             SHIP_SYSTEM, SHIP_TOOLS, HEALTHY,
             "Carrier API answers 429 then 503 with Retry-After; the agent backs off (growing delays) and the "
             "call succeeds on the fourth try; the batch then continues normally.")
    s.user_msg("Ship HP-23340 (2 lb, 10x8x4) to 15 Elm St, Northampton MA 01060, standard service.")
    s.call("validate_address", {"order_id": "HP-23340", "street": "15 Elm St", "city": "Northampton",
                                "state": "MA", "zip": "01060"})
    s.results({"order_id": "HP-23340", "status": "valid", "dpv_match": "Y",
               "standardized": {"street": "15 ELM ST", "city": "NORTHAMPTON", "state": "MA", "zip": "01060-3903"}},
              dt=2)
    s.call("rate_quote", {"order_id": "HP-23340", "weight_oz": 32, "dims_in": "10x8x4", "service_level": "standard"})
    errs = [{"http_status": 429, "error": "rate_limited", "message": "Too Many Requests: 120 requests/min exceeded",
             "retry_after_s": 8},
            {"http_status": 503, "error": "upstream_unavailable",
             "message": "UPS Rating API: Service Unavailable (maintenance window)", "retry_after_s": 30},
            {"http_status": 503, "error": "upstream_unavailable",
             "message": "UPS Rating API: Service Unavailable (maintenance window)", "retry_after_s": 60}]
    waits = [2, 8, 30, 60]
    for k, e in enumerate(errs):
        s.results(e, dt=waits[k])
        s.call("rate_quote", {"order_id": "HP-23340", "weight_oz": 32, "dims_in": "10x8x4",
                              "service_level": "standard"},
               "Got %d; waiting %ds as Retry-After asks, then retrying (attempt %d of 5)." %
               (e["http_status"], e["retry_after_s"], k + 2))
    s.results({"order_id": "HP-23340", "rates": [
        {"rate_id": "rt_6621a", "carrier": "USPS", "service": "Ground Advantage", "amount_cents": 845},
        {"rate_id": "rt_6621b", "carrier": "UPS", "service": "Ground", "amount_cents": 1190}]}, dt=60)
    s.call("create_label", {"order_id": "HP-23340", "rate_id": "rt_6621a"},
           "Rates are back. USPS Ground Advantage $8.45 is cheapest.")
    s.results({"order_id": "HP-23340", "label_id": "lbl_51ac02", "tracking": "9400 1118 9922 3871 0094 51",
               "amount_cents": 845}, dt=4)
    s.say("Label bought for HP-23340: USPS Ground Advantage, $8.45, tracking 9400 1118 9922 3871 0094 51. "
          "The rating API was rate-limited and then in maintenance for ~100 s; it recovered on the 4th attempt.")
    s.user_msg("Great. Now HP-23341, same box, going to 2 Court Sq, Long Island City NY 11101.", dt=95)
    s.call("validate_address", {"order_id": "HP-23341", "street": "2 Court Sq", "city": "Long Island City",
                                "state": "NY", "zip": "11101"})
    s.results({"order_id": "HP-23341", "status": "valid", "dpv_match": "Y", "business": True,
               "standardized": {"street": "2 COURT SQ", "city": "LONG ISLAND CITY", "state": "NY",
                                "zip": "11101-4313"}}, dt=2)
    s.call("rate_quote", {"order_id": "HP-23341", "weight_oz": 32, "dims_in": "10x8x4", "service_level": "standard"})
    s.results({"order_id": "HP-23341", "rates": [
        {"rate_id": "rt_6630a", "carrier": "USPS", "service": "Ground Advantage", "amount_cents": 812},
        {"rate_id": "rt_6630b", "carrier": "UPS", "service": "Ground", "amount_cents": 903}]}, dt=3)
    s.call("create_label", {"order_id": "HP-23341", "rate_id": "rt_6630a"})
    s.results({"order_id": "HP-23341", "label_id": "lbl_51ac3f", "tracking": "9400 1118 9922 3871 0101 77",
               "amount_cents": 812}, dt=4)
    out.append(s)
    return out


# =========================================================================================
# clinical_notes_summarizer
# =========================================================================================
def clinical_note():
    """A long (~20 KB) de-identified inpatient record: H&P, progress notes, labs, meds."""
    parts = ["""ADMISSION HISTORY AND PHYSICAL - St. Brigid Regional Medical Center, Internal Medicine
Patient: [REDACTED], 71 y/o female. MRN: XXXXX-4471. Admit date: 2026-02-02 22:41. Attending: Dr. R. Halvorsen.
Source: patient, daughter, ED record, outside PCP records (Lakeview Family Practice).

CHIEF COMPLAINT: "I can't catch my breath and my legs are swollen."

HISTORY OF PRESENT ILLNESS: 71-year-old woman with HFrEF (LVEF 30-35% on TTE 08/2025), paroxysmal atrial
fibrillation on apixaban, T2DM (A1c 7.9% 11/2025), CKD stage 3b (baseline Cr 1.5-1.6), and hypertension who
presents with 9 days of progressive dyspnoea on exertion, now dyspnoeic after walking ~10 feet, 3-pillow
orthopnoea, PND x3 nights, and bilateral leg swelling. Reports 4.5 kg weight gain over 2 weeks (home scale).
Ran out of furosemide ~12 days ago ("pharmacy said the prescription needed a new authorisation") and
has been eating canned soups after her husband was hospitalised. Denies chest pain, syncope, fever, cough
productive of sputum. Mild dry cough at night. No recent travel or immobilisation.

PAST MEDICAL HISTORY: HFrEF, ischaemic (NSTEMI 2019, PCI to LAD x1 DES). Paroxysmal AF (CHA2DS2-VASc 6).
T2DM. CKD 3b. HTN. Hypothyroidism. Osteoarthritis of knees. Gout (last flare 2024).
PAST SURGICAL HISTORY: Cholecystectomy 1998. Right TKA 2021.
MEDICATIONS PRIOR TO ADMISSION (reconciled with pharmacy fill history):
  1. Furosemide 40 mg PO BID (NOT TAKEN x12 days)      2. Sacubitril/valsartan 49/51 mg PO BID
  3. Metoprolol succinate 100 mg PO daily               4. Spironolactone 25 mg PO daily
  5. Apixaban 5 mg PO BID                               6. Atorvastatin 80 mg PO nightly
  7. Insulin glargine 22 units SC nightly               8. Empagliflozin 10 mg PO daily (stopped by PCP 12/2025, genital mycotic infection)
  9. Levothyroxine 75 mcg PO daily                     10. Allopurinol 100 mg PO daily
 11. Acetaminophen 650 mg PO q6h PRN                   12. Ibuprofen 400 mg PO PRN knee pain (OTC, ~3x/week - patient report)
ALLERGIES: Sulfa (rash). Lisinopril (angioedema 2016).
SOCIAL HISTORY: Widowed? -> No: husband alive, currently admitted at another hospital. Lives in 2-storey home.
Never smoker. Rare alcohol. Independent in ADLs until 2 weeks ago.
FAMILY HISTORY: Mother CHF, died 78. Brother T2DM.

REVIEW OF SYSTEMS: Positive as in HPI. Also nocturia x3, decreased appetite, early satiety. Negative for
melena, haematochezia, dysuria, focal weakness.

PHYSICAL EXAM: T 36.8 C, HR 104 irregularly irregular, BP 148/92, RR 24, SpO2 89% RA -> 95% on 3 L NC.
Weight 84.2 kg (dry weight per HF clinic 79.5 kg). General: anxious, speaking in short sentences.
JVP 14 cm H2O with positive hepatojugular reflux. Lungs: bibasilar crackles to mid-fields bilaterally, dullness
right base. Heart: irregularly irregular, S3 present, 2/6 holosystolic murmur apex. Abdomen: soft, mild RUQ
tenderness, hepatomegaly 2 cm below costal margin. Extremities: 3+ pitting oedema to knees bilaterally, warm.
Neuro: alert, oriented x3, non-focal.

ADMISSION LABS (2026-02-02 21:58):
  Na 131 (L)  K 5.3 (H)  Cl 96  HCO3 21 (L)  BUN 48 (H)  Cr 2.1 (H; baseline 1.5)  Glucose 244 (H)
  Mg 1.9  Phos 4.6 (H)  Ca 8.7  Albumin 3.3 (L)  AST 61 (H)  ALT 48 (H)  Alk phos 131 (H)  T bili 1.9 (H)
  NT-proBNP 9,870 pg/mL (H; 2,340 at HF clinic 10/2025)   hs-Troponin T 41 ng/L -> 44 ng/L (3 h)
  WBC 8.1  Hgb 10.9 (L)  Plt 211   INR 1.3   TSH 3.1   Lactate 1.8   Uric acid 9.4 (H)
  UA: 1+ protein, no blood, no leukocyte esterase.
ECG: AF with RVR 108, LBBB (known), no new ST changes vs 2025.
CXR: cardiomegaly, bilateral interstitial oedema, small right > left pleural effusions, Kerley B lines.
POCUS (ED): IVC 2.4 cm, <50% collapse; B-lines in all zones; moderate right effusion.

ASSESSMENT AND PLAN:
71F with HFrEF presenting with acute decompensated heart failure, warm and wet, precipitated by diuretic
non-adherence (access issue) and dietary sodium load, with AF with RVR likely secondary, cardiorenal AKI on CKD 3b,
hyperkalaemia, and congestive hepatopathy.
1. ADHF: IV furosemide 80 mg BID (2x home dose), strict I/O, daily weights, 2 g Na diet, 1.5 L fluid restriction.
   Hold sacubitril/valsartan and spironolactone given AKI + K 5.3; continue metoprolol at reduced dose 50 mg
   (warm, normotensive, RVR). Repeat TTE. Goal net -1.5 to -2 L/day.
2. AF with RVR: rate control as above; continue apixaban 5 mg BID (dose criteria: age <80, weight >60 kg,
   Cr >1.5 -> only 1 criterion, full dose appropriate). Telemetry.
3. AKI on CKD 3b: likely cardiorenal/venous congestion. Avoid NSAIDs - counselled about ibuprofen. Trend BMP BID.
4. Hyperkalaemia: hold spironolactone, low K diet, recheck in 6 h; no ECG changes.
5. T2DM: glargine 16 units (reduced ~25% for AKI/poor intake) + correctional lispro. Hold empagliflozin (was stopped).
6. Troponin elevation: flat, demand in setting of ADHF/RVR; no ACS features. Trend not needed further.
7. Hypothyroidism: continue levothyroxine.  8. Gout: continue allopurinol 100 mg (renally dosed).
9. Social: husband hospitalised; SW consult for home support and medication access; pharmacy to fix furosemide prior auth.
VTE ppx: on apixaban. Code status: FULL (discussed with patient and daughter). Dispo: telemetry floor.
"""]
    days = [
        ("2026-02-03", "HD#2", "84.2 -> 82.9", "-2.1 L", "Cr 2.2, K 4.9, Na 132, BUN 51", "SpO2 94% on 2 L",
         "Dyspnoea slightly better, still 2-pillow orthopnoea. HR 96-112 in AF. Crackles to mid-fields.",
         "Continue furosemide 80 mg IV BID. Cr up 0.1 - expected early; continue. TTE ordered. "
         "Patient asked about 'water pills making kidneys worse' - explained congestion is the main driver."),
        ("2026-02-04", "HD#3", "82.9 -> 81.6", "-2.4 L", "Cr 1.9, K 4.4, Na 134, BUN 46, Mg 1.7", "SpO2 96% on 1 L",
         "Sleeping flat on 1 pillow. Oedema 2+ to mid-shin. HR 84-95. Mild dizziness on standing.",
         "Cr improving with decongestion. Mg 1.7 -> replete 2 g IV. Orthostatic vitals: BP 128/74 -> 116/70 "
         "(not orthostatic by criteria). TTE: LVEF 25-30%, moderate functional MR, RVSP 52, mod R effusion."),
        ("2026-02-05", "HD#4", "81.6 -> 80.7", "-1.6 L", "Cr 1.7, K 4.2, Na 136, BUN 41", "RA, SpO2 95%",
         "Walked hallway twice with PT without desaturation. Oedema 1+ ankles. Appetite better.",
         "Resume sacubitril/valsartan at 24/26 mg BID (Cr 1.7, K 4.2). Metoprolol succinate back to 100 mg. "
         "Spironolactone: hold until K stable <5.0 on ARNI x48 h. Diabetes: fasting glucose 142-188."),
        ("2026-02-06", "HD#5", "80.7 -> 80.1", "-1.1 L", "Cr 1.6, K 4.6, Na 137", "RA, SpO2 96%",
         "Feels 'almost normal'. Episode of gout pain R first MTP overnight; no effusion visible on exam, tender.",
         "Transition to oral torsemide 40 mg daily (equivalent, better bioavailability). Gout: colchicine "
         "0.6 mg once then 0.3 mg daily x3 days (renal dose), NO NSAIDs, no prednisone bolus given DM. "
         "SW: furosemide prior-auth issue moot with torsemide; confirmed coverage tier 1."),
        ("2026-02-07", "HD#6", "80.1 -> 79.8", "-0.6 L on PO", "Cr 1.6, K 4.7, Na 137, BUN 38", "RA",
         "Gout pain improved. Ambulating independently 300 ft. Weight near dry weight 79.5.",
         "Stable on oral diuretic x24 h. Plan discharge tomorrow if stable. HF nurse teaching done; daughter "
         "present. Discussed SGLT2i re-challenge with topical hygiene counselling - patient prefers to discuss "
         "with PCP; documented. Ibuprofen added to allergy/intolerance list as 'avoid - HF/CKD'."),
    ]
    for date, hd, wt, io, labs, o2, subj, plan in days:
        parts.append("""
PROGRESS NOTE - %s (%s) - Internal Medicine, Team 3
S: %s
O: Weight (kg) %s. Net I/O %s. %s. Vitals stable, afebrile.
Labs: %s.
Telemetry: AF, rate controlled overnight; no pauses > 2.5 s; 3 runs of NSVT reviewed in prior 24 h? -> none.
Exam: JVP improving; see subjective. Lungs clearer at bases. Heart irregular. Abd benign.
A/P: ADHF (HFrEF), improving. %s
Meds reviewed; see MAR. Diet 2 g Na. Fluids 1.5 L. DVT ppx: apixaban.
-- electronically signed, Dr. M. Chukwu (resident) / Dr. R. Halvorsen (attending)
""" % (date, hd, subj, wt, io, o2, labs, plan))
    parts.append("""
NURSING FLOWSHEET EXCERPT (q4h vitals, 2026-02-06 00:00 - 2026-02-07 20:00):
""" + "\n".join("  %s %02d:00  HR %d  BP %d/%d  RR %d  SpO2 %d%% RA  Pain %d/10" % (
        "02-06" if h < 24 else "02-07", h % 24, 78 + (h * 7) % 13, 112 + (h * 5) % 19, 64 + (h * 3) % 11,
        16 + (h % 3), 94 + (h % 3), max(0, 5 - h // 8)) for h in range(0, 44)))
    parts.append("""

DISCHARGE MEDICATION RECONCILIATION (draft, pharmacist J. Ramos, PharmD):
  NEW: torsemide 40 mg PO daily (replaces furosemide 40 mg BID)
  CHANGED: sacubitril/valsartan 24/26 mg BID (was 49/51 mg BID) - uptitrate at HF clinic
  CHANGED: insulin glargine 18 units nightly (was 22)
  HELD: spironolactone 25 mg - recheck BMP in 1 week, resume if K < 5.0 and Cr stable
  STOPPED: ibuprofen (OTC) - avoid all NSAIDs
  SHORT COURSE: colchicine 0.3 mg daily through 2026-02-09
  CONTINUED: metoprolol succinate 100 mg daily, apixaban 5 mg BID, atorvastatin 80 mg, levothyroxine 75 mcg,
             allopurinol 100 mg, acetaminophen PRN
FOLLOW-UP: HF clinic (Dr. Osei) within 7 days - scheduled 2026-02-13 10:30. BMP 2026-02-11 at Lakeview lab.
PCP Dr. Patel 2 weeks. Daily weights; call if gain > 1 kg/day or 2 kg/week.
""")
    return "".join(parts)


CLIN_SYSTEM = ("You are a clinical documentation assistant for licensed clinicians. Answer strictly from the "
               "provided record; quote values with their dates; say 'not documented' when the record is silent. "
               "Do not give treatment advice beyond what the record states.")


@style
def clinical_notes_summarizer():
    out = []
    note = clinical_note()
    # --- H1 anthropic stateless: same long record resent, new question each turn, slow human
    qa = [
        ("What precipitated this admission according to the admitting team?",
         "Per the H&P (2026-02-02): diuretic non-adherence - she ran out of furosemide ~12 days before "
         "admission because of a prior-authorisation problem - plus a dietary sodium load (canned soups)."),
        ("List the admission BNP and how it compares to baseline.", ""),
        ("What was the dry weight target and the weight at discharge planning?", ""),
        ("Was apixaban dose appropriate? Show the criteria the team used.", ""),
        ("Why was spironolactone held and what is the plan to resume it?", ""),
        ("Summarise the gout flare management in two sentences.", ""),
        ("What NSAID-related counselling was documented and where?", ""),
        ("Any documented discussion about SGLT2 inhibitors?", ""),
        ("What follow-up appointments and labs are scheduled?", ""),
        ("Give me the TTE findings from this stay.", ""),
    ]
    s = Sess("clinical_notes_summarizer_stateless_questions_anthropic", "clinical_notes_summarizer", "anthropic",
             "claude-sonnet-4-20250514", CLIN_SYSTEM, None, HEALTHY,
             "A stateless client resends the same 20 KB inpatient record with a different question each turn; "
             "the clinician types slowly, with 20-60 minute gaps between some questions.",
             stateless=True, max_tokens=800, user="dr-chukwu")
    gaps = [0, 95, 1400, 210, 3300, 180, 2650, 75, 1900, 130]
    for (q, _), g in zip(qa, gaps):
        s.user_msg("<record>\n" + note + "\n</record>\n\nQuestion: " + q, dt=g)
        s.say("(answer)")
    out.append(s)

    # --- H2 chat with history: one answer template, different note each turn
    notes_small = [
        ("Bed 4 - 58M, post-op day 1 lap sigmoid colectomy", "Pain 4/10 on PCA, tolerating clears, flatus +, "
         "no BM. Afebrile. Incisions clean. Hgb 11.8 (12.9 pre-op). Urine 0.6 mL/kg/h overnight.",
         "Stable POD1. Advance diet, remove Foley 06:00, ambulate TID, watch UOP."),
        ("Bed 7 - 83F, community-acquired pneumonia day 3", "Still on 2 L NC, SpO2 93%. Tmax 37.9 (was 39.1). "
         "WBC 14.2 -> 11.0. Sputum cx: S. pneumoniae, pan-sensitive. Delirium overnight, resolved by morning.",
         "Improving. Narrow ceftriaxone+azithro to amoxicillin 1 g TID PO. Delirium precautions, CAM q shift."),
        ("Bed 9 - 45M, DKA resolved, transitioned to SC insulin", "Anion gap closed at 02:00 (gap 11). "
         "Glucose 168-240 on basal-bolus. K 3.6 after repletion. Eating 75% of meals. New diagnosis T1DM? "
         "GAD65 pending.", "Stable. Diabetes educator today, endocrine consult re: new T1DM, K recheck 14:00."),
        ("Bed 12 - 67F, GI bleed, EGD with clip to duodenal ulcer", "No further melena x18 h. Hgb 7.4 -> 8.1 "
         "after 1 unit. BP 118/70, HR 88. On IV PPI infusion. H. pylori biopsy pending.",
         "Stable. Switch PPI to IV BID, clear liquids, transfuse if Hgb < 7, await H. pylori."),
        ("Bed 14 - 76M, hip fracture pre-op", "Fall at home, R intertrochanteric fracture. On apixaban, "
         "last dose 36 h ago. Cr 1.1. Delirium screen negative. Pain controlled with fascia iliaca block.",
         "OR this afternoon per ortho; anaesthesia OK with >48 h? - ortho/anaesthesia to confirm timing."),
        ("Bed 16 - 29F, pyelonephritis", "Day 2 ceftriaxone. Tmax 38.4 (was 39.8). Flank pain improving. "
         "Urine cx: E. coli, sensitivity pending. Tolerating PO.", "Improving. Switch to PO once sensitivities "
         "back; likely home tomorrow with 7-day course."),
        ("Bed 18 - 61M, alcohol withdrawal day 2", "CIWA 6-9 overnight, received chlordiazepoxide 25 mg x2. "
         "No hallucinations. Thiamine IV. LFTs: AST 142, ALT 66. Mg 1.6 repleted.",
         "Improving. Continue symptom-triggered CIWA, thiamine, SW for outpatient programme."),
    ]
    s = Sess("clinical_notes_summarizer_handoff_template_chat", "clinical_notes_summarizer", "chat", "gpt-4.1-mini",
             CLIN_SYSTEM + " For handoff summaries always use the I-PASS template (Illness severity / Patient "
             "summary / Action list / Situation awareness / Synthesis).", None, HEALTHY,
             "Night-shift handoff: the same request and the same I-PASS answer template for a different patient "
             "each turn; the content changes every time.", user="rn-okonjo")
    for k, (bed, body, plan) in enumerate(notes_small):
        s.user_msg(("Handoff summary please, I-PASS format:\n\n%s\n%s\nPlan: %s" % (bed, body, plan)),
                   dt=0 if k == 0 else 100 + 37 * k)
        sev = "Watcher" if any(w in body for w in ("Delirium", "Hgb 7", "CIWA", "2 L NC")) else "Stable"
        s.say("I - Illness severity: %s\nP - Patient summary: %s. %s\nA - Action list: %s\n"
              "S - Situation awareness: %s\nS - Synthesis: receiver to read back plan and pending results." %
              (sev, bed.split(" - ", 1)[1], body.split(".")[0] + ".", plan,
               "pending results noted above; escalate per parameters" if "pending" in body
               else "no pending results; escalate per standard parameters"))
    s.user_msg("Last one done, thanks. Can you list which of these are 'Watcher'?", dt=60)
    out.append(s)

    # --- R1 responses stateless: exact repetition of the same long request
    s = Sess("clinical_notes_summarizer_stateless_same_question_responses", "clinical_notes_summarizer",
             "responses", "gpt-4o", CLIN_SYSTEM, None, runaway(3, 6),
             "A stateless integration resends the same record and the same discharge-summary question every "
             "~20 s (a retry loop in the client that ignores the answers). Exact repetition.",
             stateless=True, max_tokens=1200, user="ehr-integration")
    q = ("<record>\n" + note + "\n</record>\n\nTask: write the discharge summary (Hospital course by problem, "
         "Discharge medications with changes, Follow-up). Max 400 words.")
    for k in range(11):
        s.user_msg(q, dt=0 if k == 0 else 18 + (k % 3))
        s.say("(summary)")
    out.append(s)

    # --- R2 anthropic with history: same clarification asked while the user's answer repeats
    s = Sess("clinical_notes_summarizer_clarification_loop_anthropic", "clinical_notes_summarizer", "anthropic",
             "claude-sonnet-4-20250514", CLIN_SYSTEM, None, runaway(4, 8),
             "The assistant keeps asking which encounter to summarise (paraphrased each time) and the user keeps "
             "giving the same answer; no summary is ever produced.", max_tokens=1000, user="dr-patel")
    s.user_msg("<record>\n" + note + "\n</record>\n\nSummarise this for my clinic letter.")
    asks = [
        "Happy to help. This record spans the whole admission (H&P and five progress notes). Which encounter "
        "should the clinic letter summarise - the admission, a specific day, or the discharge?",
        "Thanks. To make sure I summarise the right part: do you want the admission H&P, one of the progress "
        "notes, or the discharge reconciliation?",
        "Understood. Just to confirm before I write it - which encounter in the record is the letter about?",
        "Got it. Could you tell me which of the encounters (2026-02-02 admission, 02-03 to 02-07 progress notes, "
        "discharge) I should base the letter on?",
        "Thank you. Before drafting, please confirm which encounter date the summary should cover.",
        "Sure. Which specific encounter should I use for the clinic letter?",
        "To avoid summarising the wrong part, can you specify the encounter?",
        "Could you clarify which encounter date you'd like summarised?",
        "Before I start: which encounter should I summarise?",
        "Which encounter do you mean?",
        "Please specify the encounter date.",
    ]
    answers = ["The whole stay, it's for the PCP.", "The whole admission. For Dr Patel's clinic letter.",
               "Whole admission please.", "All of it - the whole admission.", "The whole admission.",
               "Whole stay.", "The whole admission!", "whole admission", "WHOLE admission", "the whole admission",
               "whole admission."]
    for k in range(11):
        s.say(asks[k])
        s.user_msg(answers[k], dt=25 + 4 * k)
    out.append(s)
    return out


# =========================================================================================
# chess_coach (tool-less)
# =========================================================================================
CHESS_SYSTEM = ("You are a patient chess coach (FIDE trainer level). The student is rated about 1500 online. "
                "Explain ideas in plain words, give concrete lines in SAN, and say when an engine would disagree.")
GAME_PGN = """[Event "Club Rapid"] [Site "Eastside Chess Club"] [Date "2026.01.21"] [White "Student"] [Black "R. Ilyin"]
[Result "0-1"] [TimeControl "900+10"]
1. e4 c5 2. Nf3 d6 3. d4 cxd4 4. Nxd4 Nf6 5. Nc3 a6 6. Be2 e5 7. Nb3 Be7 8. O-O O-O 9. Be3 Be6 10. f4 exf4
11. Bxf4 Nc6 12. Kh1 d5 13. e5 Nd7 14. Nxd5 Ndxe5 15. Nxe7+ Nxe7 16. Bxe5 Qxd1 17. Raxd1 Bxb3 18. axb3 Nc6
19. Bc3 Rae8 20. Bf3 Re3 21. Bd5 Rfe8 22. Bxf7+ Kxf7 23. Rf1+ Kg8 24. Bd2 R3e2 25. Bc3 Rxc2 26. Rd7 Re7
27. Rxe7 Nxe7 28. Rf3 Nd5 29. Rg3 Nxc3 30. bxc3 Rxc3 0-1"""


@style
def chess_coach():
    out = []
    # --- H1 chat: "continue" answered with new move analysis, one template, new content each time
    moves = [
        ("9. Be3 Be6", "+0.2", "Standard Najdorf/Be2 setup; both sides finish development.",
         "Black's bishop eyes b3 and the a2-g8 diagonal; your knight on b3 is a target later.", "9. Kh1 first"),
        ("10. f4 exf4", "+0.1", "You start the kingside play with f4; Black takes at once.",
         "After exf4 your dark-squared bishop recaptures actively, but e4 loses a defender.", "10. Qd2 keeping f4 in reserve"),
        ("11. Bxf4 Nc6", "0.0", "Natural recapture; the knight heads for e5.",
         "The e5 square becomes Black's outpost unless you control it with Qd2/Rad1.", "11. Rxf4 is a sharper try"),
        ("12. Kh1 d5!", "-0.3", "Prophylactic Kh1, but Black strikes in the centre with ...d5.",
         "The freeing ...d5 break is the thematic equaliser in the Najdorf; after it your e4 pawn is attacked twice.",
         "12. Qe1 to support e4"),
        ("13. e5 Nd7", "-0.2", "You gain space with e5, the knight retreats and will hit e5 next.",
         "e5 is hard to keep: Nd7xe5 comes, and your pieces don't defend it.", "13. exd5 Nxd5 14. Nxd5 Bxd5 ="),
        ("14. Nxd5 Ndxe5", "-0.4", "You win back material on d5 but Black's knight lands on e5.",
         "The knight on e5 is superb - central, hitting c4/d3/f3/g4.", "14. Bxd5 was not possible; 14. Qe1 better"),
        ("15. Nxe7+ Nxe7 16. Bxe5 Qxd1", "-0.3", "Trades lead to a queenless middlegame.",
         "Queenless doesn't mean drawish: Black's pieces are more active, your b3 knight is loose.", "16. Qxd8 Rfxd8 same"),
        ("17. Raxd1 Bxb3 18. axb3 Nc6", "-0.5", "Black damages your queenside pawns (doubled b-pawns).",
         "Doubled b-pawns plus a bishop vs knight: the knight will hunt those pawns.", "17. Rfxd1 keeping the a-rook"),
        ("19. Bc3 Rae8 20. Bf3 Re3", "-0.7", "Black seizes the e-file and a rook reaches the 3rd rank.",
         "Rooks on open files and the 3rd rank: this is where the game tilts.", "20. Rd3 to challenge the rook"),
        ("21. Bd5 Rfe8 22. Bxf7+?", "-2.1", "The bishop capture on f7 is a mistake - it only trades your best piece.",
         "After Kxf7 Black has two rooks on the e-file and your back rank is weak.", "22. Rf2 holding"),
        ("23. Rf1+ Kg8 24. Bd2 R3e2", "-3.0", "Check doesn't help; the rooks invade the 2nd rank.",
         "Rooks on the 7th/2nd rank are the classic winning pattern in endgames.", "24. Rd2 blocking"),
        ("25. Bc3 Rxc2 ... 30. bxc3 Rxc3", "-5.5", "Black collects pawns and wins cleanly.",
         "Practical lesson: in the queenless middlegame the side with active rooks wins.", "— (game lost)"),
    ]
    s = Sess("chess_coach_continue_move_by_move_chat", "chess_coach", "chat", "gpt-4o", CHESS_SYSTEM, None, HEALTHY,
             "Student types 'continue' / 'next' and the coach analyses the next move pair with the same template "
             "(Moves / Eval / What happened / Idea / Better was) but new content every time.", user="student-ana")
    s.user_msg("Here's my game from Tuesday, I lost badly. Can you walk me through it move by move from move 9? "
               "Same format each time please, keep it short.\n\n" + GAME_PGN)
    cont = ["continue", "next", "continue", "ok next", "continue", "go on", "next", "continue", "continue please",
            "next", "continue", "last ones"]
    for k, (mv, ev, what, idea, better) in enumerate(moves):
        s.say("Moves: %s\nEval (engine, White's view): %s\nWhat happened: %s\nIdea: %s\nBetter was: %s" %
              (mv, ev, what, idea, better))
        s.user_msg(cont[k], dt=40 + (k * 23) % 70)
    out.append(s)

    # --- H2 responses: revisits the same positions legitimately (comparing variations from one branch point)
    s = Sess("chess_coach_revisit_branch_point_responses", "chess_coach", "responses", "gpt-4.1-mini",
             CHESS_SYSTEM, None, HEALTHY,
             "Student keeps going back to the same position after 12...d5 to try a different White move each "
             "time; the position repeats, the candidate move and the analysis do not.", max_tokens=900,
             user="student-ana")
    base = "Position after 12...d5 (FEN r2q1rk1/1p2bppp/p1n1bn2/3p4/4PB2/1NN5/PPP1B1PP/R2Q1R1K w - - 0 13)."
    tries = [
        ("13. e5", "13...Nd7 14. Nxd5 Ndxe5 - the knight reaches e5 and Black is comfortable (-0.2). "
                   "Your pawn on e5 was never really defended."),
        ("13. exd5", "13...Nxd5 14. Nxd5 Bxd5 15. c4?! Bxc4! - or simply 15. Qd3 = . Symmetrical and equal; "
                     "safe, but you give up the initiative."),
        ("13. Qe1", "Defends e4 and prepares Qg3. 13...dxe4 14. Nxe4 Nxe4 15. Bf3!? Nf6 - roughly equal (0.0); "
                    "rich play, and your queen joins the kingside."),
        ("13. Bf3", "Supports e4 again. 13...dxe4 14. Nxe4 Nd5! hits f4 and c3-squares; Black is active (-0.3)."),
        ("13. Qd2", "Connects rooks. 13...d4!? 14. Nd5 Bxd5 15. exd5 Nxd5 and Black wins a pawn (-0.9) - "
                    "the queen on d2 blocks the bishop's retreat."),
        ("13. a4", "Stops ...b5 ideas but is too slow: 13...dxe4 and e4 falls (-0.8)."),
        ("13. Nd4", "Recentralises the knight. 13...Nxd4 14. Qxd4 dxe4 15. Rad1 Qc8 - your pieces are active "
                    "and e4 is weak but defended (+0.1). Good practical choice."),
    ]
    s.user_msg("Let's go back to move 12. " + base + " What should I have played instead of 13. e5? "
               "I'll suggest moves one at a time.")
    s.say("Good exercise. In this position the key question is how to meet the attack on e4 (hit twice: d5 and f6 "
          "knight). Suggest your first candidate.")
    for k, (mv, ans) in enumerate(tries):
        s.user_msg("Back to the same position. " + base + " What about %s?" % mv, dt=60 + 17 * k)
        s.say("%s: %s" % (mv, ans))
    s.user_msg("So Qe1 or Nd4 are the best practical ones? Give me a one-line rule to remember.", dt=90)
    s.say("Yes. Rule: when ...d5 hits e4 in the Najdorf, first defend or trade the e4 pawn with tempo (Qe1, Nd4), "
          "don't push e5 unless you can hold the e5 square.")
    s.user_msg("Thanks! Same thing for move 22 next time.", dt=45)
    out.append(s)

    # --- R1 anthropic: "continue" answered with the same paragraph again and again (exact repetition)
    s = Sess("chess_coach_continue_same_paragraph_anthropic", "chess_coach", "anthropic", "claude-sonnet-4-20250514",
             CHESS_SYSTEM, None, runaway(4, 8),
             "The coach's answer to the first 'continue' (a paragraph about rooks on the second rank) is repeated "
             "verbatim for every later 'continue'; the student keeps typing continue.", max_tokens=700, user="student-ben")
    s.user_msg("Please analyse this endgame from move 24 onwards, one chunk at a time.\n\n" + GAME_PGN)
    s.say("24. Bd2 R3e2: after the check on f1 the white rook achieves nothing and Black's rook reaches e2. "
          "Note the pattern: one rook on the 2nd rank already ties your bishop to the defence of b2 and c2.")
    s.user_msg("continue", dt=35)
    stuck = ("25. Bc3 Rxc2: Black's rooks now dominate the second rank. A rook on the seventh (here the second, "
             "from White's side) attacks pawns from behind and confines the king. White's bishop on c3 is "
             "passive and the b-pawns are doubled, so Black simply collects material. The lesson: trade one pair "
             "of rooks or get your own rook active before the opponent's rooks invade.")
    s.say(stuck)
    for k in range(10):
        s.user_msg(["continue", "continue", "next move please", "continue", "you already said that, continue "
                    "with move 26", "continue", "move 26!", "continue", "continue", "continue"][k], dt=30 + 5 * k)
        s.say(stuck)
    out.append(s)

    # --- R2 chat: period-2 cycle between two candidate moves, paraphrased (no tools)
    s = Sess("chess_coach_two_move_cycle_chat", "chess_coach", "chat", "gpt-4o-mini", CHESS_SYSTEM, None,
             runaway(5, 11),
             "The student alternates between 6.Bc4 and 6.Be2 and the coach reverses its recommendation each time "
             "with reworded reasons: a period-2 cycle that never converges.", user="student-cai")
    s.user_msg("In the Najdorf after 1.e4 c5 2.Nf3 d6 3.d4 cxd4 4.Nxd4 Nf6 5.Nc3 a6, which should I play, "
               "6.Bc4 or 6.Be2? I want one answer I can build a repertoire on.")
    bc4 = ["6.Bc4 (the Fischer-Sozin) is more active: it aims at f7 and e6 and punishes slow play. 6.Be2 is too "
           "passive for your level. Go with Bc4.",
           "On reflection Bc4 is the better choice: the bishop is active on the a2-g8 diagonal and you get "
           "attacking chances. Be2 is rather passive.",
           "I'd recommend Bc4 - it's aggressive and points at e6/f7, while Be2 is passive.",
           "Bc4 is the stronger practical weapon; Be2 is too quiet.",
           "Bc4: more active, targets f7. Be2 is passive.",
           "Go with Bc4; Be2 is passive."]
    be2 = ["Good point. After 6.Bc4 e6 the bishop bites on granite and ...b5 gains time; 6.Be2 is solid and "
           "flexible, easier to learn. I'd choose Be2.",
           "You're right to worry - Bc4 runs into ...e6 and ...b5 with tempo. Be2 is more solid. Choose Be2.",
           "Fair. Bc4 can be hit by ...b5; Be2 is the safer, more flexible repertoire move.",
           "Then Be2 - solid, flexible, no ...b5 tempo issues.",
           "Be2 is safer; Bc4 gets hit by ...b5.",
           "Be2 then."]
    qs_a = ["But won't Bc4 just get hit by ...b5 and ...e6?", "Isn't Bc4 bad because of ...b5 though?",
            "But ...b5 hits the bishop on c4, no?", "...b5 though?", "but b5?", "b5 hits it"]
    qs_b = ["But you said Be2 is passive. So Bc4 after all?", "Earlier you said Be2 is too quiet. Which is it?",
            "Isn't Be2 passive like you said?", "but passive?", "so Bc4?", "Be2 passive?"]
    for k in range(6):
        s.say(bc4[k])
        s.user_msg(qs_a[k], dt=50 - 4 * k)
        s.say(be2[k])
        s.user_msg(qs_b[k], dt=45 - 3 * k)
    out.append(s)
    return out



# =========================================================================================
# quantum_circuit_compiler
# =========================================================================================
Q_TOOLS = [
    ("transpile", "Transpile an OpenQASM 3 circuit for a backend. Returns job id, status, log, depth, 2q count.",
     P(circuit_id="string", backend="string", optimization_level="integer", layout_method="string")),
    ("job_status", "Status of a transpile or simulation job.", P(job_id="string")),
    ("simulate", "Run a noisy simulation of a transpiled circuit; returns a fidelity report.",
     P(artifact_id="string", shots="integer", noise_model="string")),
]
Q_SYSTEM = ("You are a compilation agent for the QPU team. Target: backend 'heron-r2-156q' (heavy-hex, CZ native). "
            "Goal: transpile the given circuit so the simulated Hellinger fidelity against the ideal distribution "
            "is >= 0.90 and two-qubit depth is minimal. Use transpile, job_status, simulate. Report numbers.")


def q_log(rng, run, fail_pass):
    """A long transpiler log (~12 KB): pass timings vary per run; optional failure buried deep inside."""
    passes = ["UnitarySynthesis", "HighLevelSynthesis", "Unroll3qOrMore", "SetLayout", "TrivialLayout",
              "CheckMap", "SabreLayout", "FullAncillaAllocation", "EnlargeWithAncilla", "ApplyLayout",
              "SabreSwap", "VF2PostLayout", "BasisTranslator", "Optimize1qGatesDecomposition",
              "CommutativeCancellation", "ConsolidateBlocks", "Collect2qBlocks", "RemoveDiagonalGatesBeforeMeasure",
              "GatesInBasis", "Depth", "FixedPoint", "Size", "ContainsInstruction", "InverseCancellation",
              "ElidePermutations", "OptimizeSwapBeforeMeasure", "RemoveResetInZeroState", "TimeUnitConversion",
              "ALAPScheduleAnalysis", "PadDynamicalDecoupling", "ConstrainedReschedule"]
    lines = ["[transpiler] run %s  backend=heron-r2-156q  qiskit-compat=1.4.2  seed_transpiler=%d" %
             (run, rng.randint(1000, 99999)),
             "[transpiler] circuit qft_adder_27q: 27 qubits, 1,842 ops (cx 611, rz 702, sx 341, x 58, measure 27, "
             "barrier 103)"]
    for it in range(4):
        for p in passes:
            lines.append("[pass-manager] stage=%s iter=%d %-34s %7.2f ms  dag_ops=%d" % (
                ["layout", "routing", "translation", "optimization"][it], it, p,
                rng.uniform(0.05, 95.0), 1842 + rng.randint(-400, 2600)))
            if it == 1 and p == "SabreSwap" and fail_pass:
                lines.append(fail_pass)
    return "\n".join(lines)


@style
def quantum_circuit_compiler():
    out = []
    # --- R1 responses: job restart loop failing at the same routing step, error buried in a long varying log
    s = Sess("quantum_circuit_compiler_restart_same_step_responses", "quantum_circuit_compiler", "responses",
             "gpt-4.1", Q_SYSTEM, Q_TOOLS, runaway(5, 10),
             "Each restart of the transpile job fails at the same SabreSwap step (qubit 113 unreachable, a "
             "calibration-disabled coupler); the error line is buried in a ~12 KB log whose timings change every run.",
             max_tokens=2000, user="qpu-ci")
    rng = random.Random(113)
    s.user_msg("Transpile circuit qft_adder_27q for heron-r2-156q at optimization level 3 and simulate it.")
    s.call("transpile", {"circuit_id": "qft_adder_27q", "backend": "heron-r2-156q", "optimization_level": 3,
                         "layout_method": "sabre"})
    err = ("[SabreSwap] ERROR TranspilerError: Unable to route 2q gate cz(q[113], q[114]): coupling map edge "
           "(113,114) disabled by calibration 2026-03-14T06:00Z; no path of length <= 64 from physical qubit 113")
    for k in range(10):
        jid = "tj-%05d" % (48211 + 7 * k)
        s.results({"job_id": jid, "status": "QUEUED", "position": 2 + k % 3}, dt=3 if k else 2)
        s.call("job_status", {"job_id": jid})
        s.results({"job_id": jid, "status": "FAILED", "exit_stage": "routing", "elapsed_s": 41 + k * 3,
                   "log": q_log(rng, jid, err)}, dt=45)
        s.call("transpile", {"circuit_id": "qft_adder_27q", "backend": "heron-r2-156q", "optimization_level": 3,
                             "layout_method": "sabre"},
               ["The job failed during routing. This is probably transient on the worker; restarting the job.",
                "Failed again in the routing stage. Restarting the transpile.",
                "The routing stage failed. Let me restart the job.",
                "Another failure during routing; retrying the transpile job.",
                "Restarting the transpilation.", "Retrying.", "Restarting the job again.", "Retrying transpile.",
                "Restarting.", "Retry."][k])
        if len(s.ex) >= 22:
            break
    out.append(s)

    # --- R2 anthropic: alternating failing attempts: level 3/sabre <-> level 2/dense, fidelity stays low
    s = Sess("quantum_circuit_compiler_alternating_settings_anthropic", "quantum_circuit_compiler", "anthropic",
             "claude-sonnet-4-20250514", Q_SYSTEM, Q_TOOLS, runaway(6, 12),
             "The agent alternates two transpiler settings; both simulate at the same fidelity (~0.61) far below "
             "the 0.90 target, numbers jitter in the 3rd decimal. Alternating attempts failing the same way.",
             max_tokens=1500, user="qpu-research")
    s.user_msg("Get ghz_40 on heron-r2-156q to fidelity >= 0.90 in the noisy simulation. Current best is 0.61.")
    settings = [(3, "sabre"), (2, "dense")]
    rng = random.Random(40)
    s.call("transpile", {"circuit_id": "ghz_40", "backend": "heron-r2-156q", "optimization_level": 3,
                         "layout_method": "sabre"}, "Starting with level 3 and SABRE layout.")
    for k in range(8):
        lvl, lay = settings[k % 2]
        art = "art-%04x" % (0x3a10 + k * 37)
        s.results({"job_id": "tj-%05d" % (50100 + k), "status": "DONE", "artifact_id": art,
                   "depth_2q": 41 + (k % 2) * 3, "cz_count": 39 + (k % 2) * 6, "swaps_inserted": 0 + (k % 2) * 2},
                  dt=30)
        s.call("simulate", {"artifact_id": art, "shots": 20000, "noise_model": "heron-r2-156q@2026-03-14"})
        fid = 0.612 + rng.uniform(-0.004, 0.004) - (k % 2) * 0.003
        s.results({"artifact_id": art, "hellinger_fidelity": round(fid, 4), "shots": 20000,
                   "ideal": {"0" * 40: 0.5, "1" * 40: 0.5},
                   "top_outcomes": {"0" * 40: round(fid / 2 + 0.01, 4), "1" * 40: round(fid / 2 - 0.008, 4)},
                   "dominant_error": "T1 decay on long idle windows (qubits 12-31 idle 18.2 us avg)"}, dt=55)
        nl, nlay = settings[(k + 1) % 2]
        s.call("transpile", {"circuit_id": "ghz_40", "backend": "heron-r2-156q", "optimization_level": nl,
                             "layout_method": nlay},
               ["Fidelity %.3f with level %d/%s. Let me try level %d with %s layout instead." % (fid, lvl, lay, nl, nlay),
                "Still %.3f. Switching back to level %d/%s, which may route better." % (fid, nl, nlay),
                "%.3f - no improvement. Trying level %d with %s layout." % (fid, nl, nlay),
                "Fidelity %.3f. I'll go back to %s at level %d." % (fid, nlay, nl)][k % 4])
        if len(s.ex) >= 17:
            break
    out.append(s)

    # --- H1 chat: poller whose progress moves (shots done, ETA) before finishing
    s = Sess("quantum_circuit_compiler_poll_progress_chat", "quantum_circuit_compiler", "chat", "gpt-4o-mini",
             Q_SYSTEM, Q_TOOLS, HEALTHY,
             "A long noisy simulation is polled every ~40-90 s; shots done, percent and ETA move every poll until "
             "the job completes and the fidelity report arrives.")
    s.user_msg("Simulate artifact art-7f21 (vqe_h2o_18q, already transpiled) with 200k shots and give me the report.")
    s.call("simulate", {"artifact_id": "art-7f21", "shots": 200000, "noise_model": "heron-r2-156q@2026-03-14"})
    s.results({"job_id": "sj-88310", "status": "RUNNING", "shots_done": 0, "shots_total": 200000, "eta_s": 900}, dt=3)
    s.call("job_status", {"job_id": "sj-88310"}, "Simulation started (ETA ~15 min). Polling.")
    prog = [(8200, 860), (21400, 760), (37900, 690), (61000, 540), (88200, 410), (119600, 300), (151000, 180),
            (183400, 60), (200000, 0)]
    for k, (done, eta) in enumerate(prog):
        st = "RUNNING" if done < 200000 else "COMPLETED"
        r = {"job_id": "sj-88310", "status": st, "shots_done": done, "shots_total": 200000,
             "percent": round(100.0 * done / 200000, 1), "eta_s": eta, "worker": "sim-gpu-0%d" % (3 + k % 2)}
        s.results(r, dt=40 + 11 * k)
        if st == "RUNNING":
            s.call("job_status", {"job_id": "sj-88310"}, "%.1f%% done, ETA %d s." % (r["percent"], eta))
        else:
            s.call("simulate", {"artifact_id": "art-7f21", "shots": 0, "noise_model": "report-only"},
                   "Completed. Fetching the fidelity report.")
    s.results({"artifact_id": "art-7f21", "hellinger_fidelity": 0.9312, "energy_estimate_ha": -75.0127,
               "energy_exact_ha": -75.0291, "error_mha": 16.4, "shots": 200000}, dt=4)
    s.say("Report for vqe_h2o_18q: Hellinger fidelity 0.931 (target 0.90 met). Energy -75.0127 Ha vs exact -75.0291 "
          "Ha (error 16.4 mHa, above chemical accuracy; needs error mitigation).")
    s.user_msg("Good, thanks. Queue ZNE next week.", dt=300)
    out.append(s)

    # --- H2 anthropic: failures change every run, then pass
    s = Sess("quantum_circuit_compiler_changing_failures_pass_anthropic", "quantum_circuit_compiler", "anthropic",
             "claude-sonnet-4-20250514", Q_SYSTEM, Q_TOOLS, HEALTHY,
             "Each transpile/simulate attempt fails for a different reason (unsupported gate, layout, measurement "
             "mapping, fidelity 0.87) and the agent fixes each; the fifth attempt passes.", max_tokens=2000)
    s.user_msg("Compile grover_12q_v3.qasm for heron-r2-156q, target fidelity 0.90.")
    attempts = [
        ({"circuit_id": "grover_12q_v3", "backend": "heron-r2-156q", "optimization_level": 1, "layout_method": "trivial"},
         {"status": "FAILED", "stage": "translation",
          "error": "BasisTranslator: no rule to translate 'ccz' (3 qubits) into {cz, rz, sx, x, id}; run "
                   "HighLevelSynthesis/Unroll3qOrMore first"},
         "The circuit uses ccz, which needs unrolling. Using level 2 which includes Unroll3qOrMore.", "grover_12q_v3"),
        ({"circuit_id": "grover_12q_v3", "backend": "heron-r2-156q", "optimization_level": 2, "layout_method": "trivial"},
         {"status": "FAILED", "stage": "layout",
          "error": "TrivialLayout: virtual qubits 0..11 -> physical 0..11, but physical qubit 7 is not operational "
                   "(calibration flag: readout_error=0.41)"},
         "Trivial layout lands on a dead qubit (7). Switching to SABRE layout so it avoids bad qubits.", "grover_12q_v3"),
        ({"circuit_id": "grover_12q_v3", "backend": "heron-r2-156q", "optimization_level": 2, "layout_method": "sabre"},
         {"status": "FAILED", "stage": "validation",
          "error": "QASM3 semantic error line 88: 'measure q[12] -> c[12]' index out of range (qreg q[12])"},
         "Off-by-one measurement in the source at line 88. I fixed it in v4 (measure q[11] -> c[11]).", "grover_12q_v4"),
        ({"circuit_id": "grover_12q_v4", "backend": "heron-r2-156q", "optimization_level": 2, "layout_method": "sabre"},
         {"status": "DONE", "artifact_id": "art-91c0", "depth_2q": 118, "cz_count": 204},
         None, None),
    ]
    for k, (args, res, fix, _) in enumerate(attempts):
        s.call("transpile", args, None if k == 0 else prev_fix)
        s.results(dict(res, job_id="tj-%05d" % (61000 + k)), dt=35 + 10 * k)
        prev_fix = fix
    s.call("simulate", {"artifact_id": "art-91c0", "shots": 50000, "noise_model": "heron-r2-156q@2026-03-14"},
           "Transpiled: 2q depth 118, 204 CZ. Simulating.")
    s.results({"artifact_id": "art-91c0", "hellinger_fidelity": 0.8713, "shots": 50000,
               "marked_state_prob": 0.812, "dominant_error": "CZ error on pairs (44,45),(45,46): 0.9% each"}, dt=70)
    s.call("transpile", {"circuit_id": "grover_12q_v4", "backend": "heron-r2-156q", "optimization_level": 3,
                         "layout_method": "sabre"},
           "0.871 - short of 0.90; the worst CZ pairs are on the route. Level 3 with noise-aware VF2PostLayout "
           "should move off (44,45,46).")
    s.results({"job_id": "tj-61004", "status": "DONE", "artifact_id": "art-91d7", "depth_2q": 97, "cz_count": 171,
               "post_layout": "VF2PostLayout moved 5 qubits, avoided pairs (44,45),(45,46)"}, dt=60)
    s.call("simulate", {"artifact_id": "art-91d7", "shots": 50000, "noise_model": "heron-r2-156q@2026-03-14"})
    s.results({"artifact_id": "art-91d7", "hellinger_fidelity": 0.9137, "shots": 50000, "marked_state_prob": 0.861},
              dt=70)
    s.say("Done: grover_12q_v4 at level 3 + SABRE with VF2PostLayout: 2q depth 97, 171 CZ, fidelity 0.914 "
          "(target met). Note the source fix at line 88 (measure index).")
    s.user_msg("Great, push v4 to the repo.", dt=120)
    out.append(s)
    return out



# =========================================================================================
# ad_bid_tuner
# =========================================================================================
AD_TOOLS = [
    ("get_campaign_report", "Campaign performance report for a date range (impressions, clicks, spend, conv, CPA).",
     P(campaign_id="string", date_range="string")),
    ("get_pacing", "Current budget pacing and delivery status of a campaign.", P(campaign_id="string")),
    ("set_bid", "Set the max CPC bid (micros) for an ad group.", P(ad_group_id="string", max_cpc_micros="integer")),
]
AD_SYSTEM = ("You manage paid search bids for Northwind Outdoor (account 881-204-5530). Targets: CPA <= $42.00, "
             "daily budget pacing 95-105%. Change bids by at most 15% per step and wait for data between changes. "
             "Log every change with the reason.")


def ad_report(cid, day, rows, ts):
    """A campaign report: ~2 KB of fixed boilerplate (column defs, notes) plus the rows that matter."""
    head = ("NORTHWIND OUTDOOR - SEARCH PERFORMANCE REPORT\nAccount 881-204-5530 | Campaign %s | Date range %s | "
            "Generated %s | Currency USD | Time zone America/Denver\n\n" % (cid, day, ts))
    cols = ("Column definitions:\n" + "\n".join("  %-18s %s" % (c, d) for c, d in [
        ("Impr.", "Times your ad was shown on a search result page or other site on the network."),
        ("Clicks", "Clicks on the ad headline, sitelinks or call extension (excludes invalid clicks)."),
        ("CTR", "Clicks divided by impressions."),
        ("Avg. CPC", "Total cost divided by total clicks."),
        ("Cost", "Sum of cost-per-click and cost-per-impression spend during the period."),
        ("Conv.", "Primary conversions (purchase, lead form submit) with data-driven attribution, 30-day window."),
        ("Cost/conv.", "Cost divided by conversions. Shown as '--' when conversions are 0."),
        ("Conv. rate", "Conversions divided by interactions."),
        ("Search IS", "Impressions received divided by estimated eligible impressions."),
        ("IS lost (rank)", "Share of impressions lost to ad rank (bid and quality)."),
        ("IS lost (budget)", "Share of impressions lost because the budget was exhausted."),
    ]) + "\n\nData freshness: conversions may be restated for up to 3 days (delayed attribution). Figures for "
        "the current day are partial. Invalid clicks have been filtered. Values rounded to cents; totals may not "
        "sum exactly. Do not use this report for billing reconciliation; use the invoice export.\n\n")
    table = "%-22s %7s %6s %6s %8s %9s %6s %10s %9s %9s\n" % (
        "Ad group", "Impr.", "Clicks", "CTR", "Avg.CPC", "Cost", "Conv.", "Cost/conv.", "Search IS", "IS lost(r)")
    for g, imp, clk, cpc, conv, isr, lost in rows:
        cost = clk * cpc
        table += "%-22s %7d %6d %5.1f%% %8.2f %9.2f %6.1f %10s %8d%% %8d%%\n" % (
            g, imp, clk, 100.0 * clk / imp, cpc, cost, conv, "%.2f" % (cost / conv) if conv else "--", isr, lost)
    foot = ("\nFootnotes: (1) Smart bidding is OFF for all ad groups in this campaign (manual CPC). (2) Ad "
            "schedule: all hours. (3) Audience observation lists attached: 'Site visitors 30d', 'Cart abandoners'. "
            "(4) This report excludes Display and Performance Max. (5) Contact your account team for questions.\n")
    return head + cols + table + foot


@style
def ad_bid_tuner():
    out = []
    # --- R1 chat: polling a pacing API that never changes (learning phase, zero spend) - cheap polls
    s = Sess("ad_bid_tuner_stuck_pacing_poll_chat", "ad_bid_tuner", "chat", "gpt-4o-mini", AD_SYSTEM, AD_TOOLS,
             runaway(5, 12),
             "After a bid change the campaign is stuck 'pending review' with zero delivery; the agent polls pacing "
             "every minute and gets the same status (only the checked_at timestamp ticks).", user="bidbot")
    s.user_msg("Campaign NW-SPRING-TENTS was relaunched an hour ago. Watch pacing and raise bids if underdelivering.")
    s.call("get_pacing", {"campaign_id": "NW-SPRING-TENTS"})
    for k in range(17):
        s.results({"campaign_id": "NW-SPRING-TENTS", "status": "ELIGIBLE_LIMITED",
                   "status_reason": "ADS_UNDER_REVIEW: 3 of 3 responsive search ads pending policy review",
                   "spend_today_micros": 0, "daily_budget_micros": 450000000, "pacing_pct": 0.0,
                   "impressions_today": 0, "checked_at": "2026-04-02T16:%02d:%02dZ" % (11 + k, (5 + 17 * k) % 60)},
                  dt=60 if k else 2)
        s.call("get_pacing", {"campaign_id": "NW-SPRING-TENTS"},
               ["Ads are still under policy review, no spend yet. Checking again in a minute.",
                "Still under review. I'll check pacing again.", "No change yet (under review). Polling again.",
                "Still pending review; polling.", "Under review, 0 spend. Checking again."][k % 5])
    out.append(s)

    # --- R2 responses: period-4 cycle raise/report/lower/report, reports change slightly (timestamps, tiny noise)
    s = Sess("ad_bid_tuner_raise_lower_cycle_responses", "ad_bid_tuner", "responses", "gpt-4.1", AD_SYSTEM,
             AD_TOOLS, runaway(6, 13),
             "The agent raises the bid because of lost impression share, sees CPA above target, lowers it back, "
             "sees under-delivery, raises again: a period-4 cycle between the same two bids on same-day data.",
             max_tokens=1200, user="bidbot")
    s.user_msg("Ad group 'tents-2person' in NW-SPRING-TENTS: hit the CPA target and pacing, today please.")
    s.call("get_campaign_report", {"campaign_id": "NW-SPRING-TENTS", "date_range": "TODAY"})
    rng = random.Random(4)
    for k in range(9):
        hi = k % 2 == 1
        ts = "2026-04-02 %02d:%02d MDT" % (10 + k, 4 + 9 * k % 50)
        rows = [("tents-2person", 4100 + rng.randint(-60, 60), 121 + rng.randint(-3, 3), 1.62 if not hi else 1.86,
                 4 if not hi else 5, 61 if not hi else 70, 31 if not hi else 22),
                ("tents-family", 2210, 58, 1.41, 2, 74, 12)]
        s.results(ad_report("NW-SPRING-TENTS", "TODAY", rows, ts), dt=15 if k == 0 else 20)
        if not hi:
            s.call("set_bid", {"ad_group_id": "tents-2person", "max_cpc_micros": 1860000},
                   "Impression share lost to rank is ~31%% and pacing is low; raising max CPC 1.62 -> 1.86 (+15%%).")
            s.results({"ad_group_id": "tents-2person", "max_cpc_micros": 1860000, "previous_micros": 1620000,
                       "applied_at": ts}, dt=4)
        else:
            s.call("set_bid", {"ad_group_id": "tents-2person", "max_cpc_micros": 1620000},
                   "Cost/conv. is now above the $42 target at the higher bid; lowering back 1.86 -> 1.62.")
            s.results({"ad_group_id": "tents-2person", "max_cpc_micros": 1620000, "previous_micros": 1860000,
                       "applied_at": ts}, dt=4)
        s.call("get_campaign_report", {"campaign_id": "NW-SPRING-TENTS", "date_range": "TODAY"},
               "Checking the effect.")
    out.append(s)

    # --- H1 anthropic: reports mostly identical boilerplate, small real change each time; iterative small diffs
    s = Sess("ad_bid_tuner_boilerplate_reports_converge_anthropic", "ad_bid_tuner", "anthropic",
             "claude-sonnet-4-20250514", AD_SYSTEM, AD_TOOLS, HEALTHY,
             "Daily reports share ~2 KB of identical boilerplate; the numbers change a little each day and the "
             "agent makes small, different bid steps that converge on the CPA target, then stops.",
             max_tokens=1500, user="bidbot")
    s.user_msg("Tune 'sleeping-bags' in NW-CAMPING: CPA is $55, target $42. One step per day, report after each.")
    plan = [(1.95, 55.1, 1.80), (1.80, 48.9, 1.68), (1.68, 45.2, 1.60), (1.60, 42.8, 1.57), (1.57, 41.6, None)]
    s.call("get_campaign_report", {"campaign_id": "NW-CAMPING", "date_range": "2026-04-01"})
    for k, (cpc, cpa, nxt) in enumerate(plan):
        clk = int(180 + 12 * k)
        conv = round(clk * cpc / cpa, 1)
        rows = [("sleeping-bags", 6400 - 150 * k, clk, cpc, conv, 66 - 2 * k, 20 + 2 * k),
                ("sleeping-pads", 3100, 77, 1.22, 3.0, 71, 9)]
        s.results(ad_report("NW-CAMPING", "2026-04-%02d" % (1 + k), rows, "2026-04-%02d 07:00 MDT" % (2 + k)),
                  dt=86400 if k else 5)
        if nxt:
            s.call("set_bid", {"ad_group_id": "sleeping-bags", "max_cpc_micros": int(round(nxt * 1e6))},
                   "Day %d: CPA $%.2f vs $42 target. Lowering max CPC $%.2f -> $%.2f (%.0f%%)." %
                   (k + 1, cpa, cpc, nxt, 100 * (nxt - cpc) / cpc))
            s.results({"ad_group_id": "sleeping-bags", "max_cpc_micros": int(round(nxt * 1e6)),
                       "previous_micros": int(round(cpc * 1e6))}, dt=3)
            s.call("get_campaign_report", {"campaign_id": "NW-CAMPING", "date_range": "2026-04-%02d" % (2 + k)},
                   "Change logged. I'll read tomorrow's report.")
    s.say("Converged: CPA $41.60 at $1.57 max CPC (target $42), impression share 58%. Stopping adjustments; "
          "I'll only react if CPA drifts above $44 for 2 days.")
    s.user_msg("Perfect, leave it.", dt=3600)
    out.append(s)

    # --- H2 chat: monitoring bot reporting all green hourly with changing metrics/timestamps
    s = Sess("ad_bid_tuner_hourly_all_green_chat", "ad_bid_tuner", "chat", "gpt-4o-mini", AD_SYSTEM +
             " Hourly check mode: if pacing is 95-105% and CPA <= target, report 'all green' with the numbers and "
             "change nothing.", AD_TOOLS, HEALTHY,
             "A scheduler asks for an hourly check; pacing and CPA are within range every time so the bot reports "
             "'all green' with different timestamps and metrics and changes nothing.", user="scheduler")
    rng = random.Random(24)
    for h in range(11):
        pct = round(96 + rng.uniform(0, 8), 1)
        cpa = round(36 + rng.uniform(0, 5.5), 2)
        if h == 0:
            s.user_msg("Hourly check %02d:00 MDT for NW-SPRING-TENTS." % (8 + h))
        s.call("get_pacing", {"campaign_id": "NW-SPRING-TENTS"})
        s.results({"campaign_id": "NW-SPRING-TENTS", "status": "ELIGIBLE", "pacing_pct": pct,
                   "spend_today_micros": int(450000000 * pct / 100 * (h + 1) / 16),
                   "cpa_today_micros": int(cpa * 1e6), "conversions_today": 2 + h * 2 + rng.randint(0, 2),
                   "checked_at": "2026-04-03T%02d:00:%02dZ" % (14 + h, rng.randint(0, 59))}, dt=4)
        s.say("All green at %02d:00: pacing %.1f%%, CPA $%.2f (target $42). No changes." % (8 + h, pct, cpa))
        if h < 10:
            s.user_msg("Hourly check %02d:00 MDT for NW-SPRING-TENTS." % (9 + h), dt=3590)
    out.append(s)
    return out



# =========================================================================================
# admissions_review
# =========================================================================================
ADM_TOOLS = [
    ("get_document", "Fetch an application document by id or title (essay, recommendation, CV).",
     P(applicant_id="string", document="string")),
    ("get_transcript", "Fetch the parsed academic transcript of an applicant.", P(applicant_id="string")),
    ("score_rubric", "Record rubric scores (1-5) and a rationale for an applicant.",
     P(applicant_id="string", scores="string", rationale="string")),
]
ADM_RUBRIC = """You are a first-pass reader for the MS in Data Science admissions committee (Fall 2027 cycle).
Score every applicant on the committee rubric below. Scores are advisory; a human reader makes every decision.
RUBRIC (each 1-5):
  A. Quantitative preparation - calculus I-III, linear algebra, probability/statistics, grades in them.
  B. Programming evidence - coursework, projects, work experience with code (links are not verified by you).
  C. Research / applied project depth - a concrete project with the applicant's own contribution described.
  D. Statement of purpose - specific goals that fit the programme; not generic.
  E. Recommendations - specific, comparative evidence from people who supervised the applicant.
RULES: Use only the documents in the file. If a required document is missing, score what you can, set the
criterion to 'NA' and list the gap under FLAGS - a missing document is common and is NOT a reason to stop.
Never infer nationality, age, gender or disability. Do not penalise gaps in employment. GPA scales differ:
convert 10-point and 4.0 scales using the committee table (10-pt 8.5 ~ 3.6; 7.5 ~ 3.2). Keep rationales under
80 words. Output per applicant: scores line, rationale, FLAGS."""


@style
def admissions_review():
    out = []
    # --- H1 responses: batch, shared long rubric, short varying items, same flag recurs on several applicants
    s = Sess("admissions_review_batch_recurring_flag_responses", "admissions_review", "responses", "gpt-4.1",
             ADM_RUBRIC, ADM_TOOLS, HEALTHY,
             "Batch of five applicants under one long rubric; the same 'transcript missing final semester' flag "
             "recurs on three different applicants, which is normal for mid-year applications.",
             max_tokens=1500, user="adm-office")
    apps = [
        ("A27-0412", {"institution": "Universidad de los Andes", "scale": "5.0", "gpa": 4.3,
                      "courses": {"Calculus III": 4.5, "Linear Algebra": 4.1, "Probability": 4.6, "Data Structures": 4.8},
                      "semesters_listed": 7, "expected_semesters": 8},
         "Essay: I built a rainfall nowcasting model for the Bogota water utility during my internship, "
         "replacing a persistence baseline (MAE 3.1 mm -> 2.2 mm)...", "4,4,4,5,4", True),
        ("A27-0413", {"institution": "University of Leeds", "scale": "UK class", "gpa": "2:1 (68%)",
                      "courses": {"Mathematical Methods": 71, "Statistics II": 64, "Programming in Python": 78},
                      "semesters_listed": 6, "expected_semesters": 6},
         "Essay: I want to study data science because data is the future and I am passionate about it...",
         "3,3,2,2,3", False),
        ("A27-0414", {"institution": "IIT Madras", "scale": "10", "gpa": 8.7,
                      "courses": {"Linear Algebra": "S", "Probability": "A", "Real Analysis": "A",
                                  "Machine Learning": "S"}, "semesters_listed": 7, "expected_semesters": 8},
         "Essay: My thesis on sparse attention for long ECG sequences (advisor Prof. R.) reduced memory 5x...",
         "5,5,5,4,NA", True),
        ("A27-0415", {"institution": "Ohio State University", "scale": "4.0", "gpa": 3.31,
                      "courses": {"Calculus I": "B", "Calculus II": "C+", "Intro Stats": "A-"},
                      "semesters_listed": 8, "expected_semesters": 8},
         "Essay: Six years as a hospital pharmacy technician; I automated inventory reorder points in SQL...",
         "2,3,3,4,4", False),
        ("A27-0416", {"institution": "Seoul National University", "scale": "4.3", "gpa": 3.92,
                      "courses": {"Linear Algebra": "A+", "Mathematical Statistics": "A0", "Algorithms": "A-"},
                      "semesters_listed": 7, "expected_semesters": 8},
         "Essay: At a fintech startup I own the fraud-scoring feature pipeline (Spark, 40M events/day)...",
         "4,5,4,4,4", True),
    ]
    s.user_msg("Score today's batch: " + ", ".join(a[0] for a in apps) + ".")
    for k, (aid, tr, essay, scores, missing) in enumerate(apps):
        s.calls([("get_transcript", {"applicant_id": aid}), ("get_document", {"applicant_id": aid,
                                                                                "document": "statement_of_purpose"})],
                None if k == 0 else "Next: %s." % aid)
        s.results([dict(tr, applicant_id=aid), {"applicant_id": aid, "document": "statement_of_purpose",
                                                 "text": essay, "pages": 2}], dt=6)
        flags = ["Transcript missing final semester (in progress) - request at offer stage"] if missing else []
        if scores.endswith("NA"):
            flags.append("Recommendation 2 of 2 not yet received")
        s.call("score_rubric", {"applicant_id": aid, "scores": scores,
                                "rationale": "See essay/transcript; " + ("; ".join(flags) or "no flags")})
        s.results({"applicant_id": aid, "saved": True, "flags_recorded": len(flags)}, dt=3)
    s.say("Batch scored: 5 applicants. Recurring flag (A27-0412, -0414, -0416): final-semester transcript missing, "
          "expected mid-year. A27-0414 also missing one recommendation.")
    s.user_msg("Thanks, that flag is expected this time of year.", dt=600)
    out.append(s)

    # --- H2 anthropic: slow human (20-60 min gaps) discussing a borderline applicant, tools sometimes
    s = Sess("admissions_review_slow_reader_discussion_anthropic", "admissions_review", "anthropic",
             "claude-sonnet-4-20250514", ADM_RUBRIC, ADM_TOOLS, HEALTHY,
             "A faculty reader works through one borderline file between meetings, answering after 20-60 minutes; "
             "each question is new and the score is revised once, then finalised.", max_tokens=1200,
             user="prof-lindqvist")
    s.user_msg("Let's look at A27-0415 together. Pull the recommendations.")
    s.call("get_document", {"applicant_id": "A27-0415", "document": "recommendations"})
    s.results({"applicant_id": "A27-0415", "document": "recommendations", "text":
               "Rec 1 (Pharmacy Director, Mercy General): 'Dana wrote the SQL that cut stock-outs on 40 high-risk "
               "drugs by 70% in 2024; she taught herself Python to automate the weekly reorder report. Top 5% of "
               "technicians I have supervised in 15 years.'\nRec 2 (Community college instructor, Calc III, 2025): "
               "'Earned an A in Calculus III and Linear Algebra this year while working full time; asked the "
               "best questions in the class.'"}, dt=5)
    s.say("Both letters are specific. Rec 2 adds recent coursework not on the OSU transcript: Calc III (A) and "
          "Linear Algebra at a community college, 2025. That changes criterion A.")
    qs = [("Is the community college transcript in the file?", 1500),
          ("OK. If it is, what would you move A to?", 2400),
          ("Fine, update the score then, A to 3, and note why.", 3300),
          ("One more: is the statement specific about the programme?", 1260),
          ("Good. I'm done, mark it ready for committee.", 2900)]
    s.user_msg(qs[0][0], dt=qs[0][1])
    s.call("get_transcript", {"applicant_id": "A27-0415"})
    s.results({"applicant_id": "A27-0415", "transcripts": [
        {"institution": "Ohio State University", "gpa": 3.31, "scale": "4.0"},
        {"institution": "Columbus State Community College", "term": "Spring 2025",
         "courses": {"MATH 2153 Calculus III": "A", "MATH 2568 Linear Algebra": "A"}}]}, dt=4)
    s.say("Yes - Columbus State, Spring 2025: Calculus III A, Linear Algebra A.")
    s.user_msg(qs[1][0], dt=qs[1][1])
    s.say("From 2 to 3: the full calculus/linear algebra sequence is now covered with A grades, but probability "
          "and statistics beyond intro level are still missing, so not 4.")
    s.user_msg(qs[2][0], dt=qs[2][1])
    s.call("score_rubric", {"applicant_id": "A27-0415", "scores": "3,3,3,4,4",
                            "rationale": "A raised 2->3: 2025 Calc III and Linear Algebra (A, A) at Columbus State; "
                                         "no upper-level probability yet."})
    s.results({"applicant_id": "A27-0415", "saved": True, "revision": 2}, dt=3)
    s.say("Updated: 3,3,3,4,4, with the reason recorded as revision 2.")
    s.user_msg(qs[3][0], dt=qs[3][1])
    s.say("Partly: it names the health-data track and Prof. Iyer's clinical informatics lab, but the career goal "
          "is general. D stays 4.")
    s.user_msg(qs[4][0], dt=qs[4][1])
    out.append(s)

    # --- R1 chat: the same essay re-served under different titles / ids; agent keeps fetching "another version"
    s = Sess("admissions_review_same_essay_new_titles_chat", "admissions_review", "chat", "gpt-4o", ADM_RUBRIC,
             ADM_TOOLS, runaway(4, 9),
             "The document store returns the identical statement under a new title/version id each time; the "
             "agent keeps looking for 'the final version' and never scores. Same content, different titles.")
    essay = ("When my grandmother's clinic in Kisumu switched to paper backups during the 2019 outages, I "
             "spent the summer typing 2,300 patient cards into a spreadsheet and discovered that a third of the "
             "follow-up visits were never scheduled. That spreadsheet became my first data project: a simple "
             "logistic model flagging patients likely to miss visits, which the nurses used for reminder calls. "
             "At university I studied statistics and built a survey-weighting package in R for my department. "
             "I am applying to the MS in Data Science to learn causal inference and study design properly, so "
             "that interventions like the reminder calls can be evaluated rather than assumed to work. I would "
             "like to join the health-data track and work with the clinical informatics lab. After the degree I "
             "plan to return to public-health analytics in East Africa.")
    s.user_msg("Score A27-0420. Make sure you use the final version of the statement, they uploaded several.")
    titles = ["Statement of Purpose", "Statement of Purpose (revised)", "SOP_final.pdf", "SOP_final_v2.pdf",
              "Personal statement - FINAL", "statement_purpose_2027.docx", "SoP (updated 03-01)", "SOP-FINAL-FINAL",
              "Statement (resubmitted)", "sop_v7_final.pdf", "Statement of Purpose - latest", "SOP final upload"]
    s.call("get_document", {"applicant_id": "A27-0420", "document": "statement_of_purpose"})
    for k in range(13):
        t = titles[k % len(titles)]
        nxt = titles[(k + 1) % len(titles)]
        s.results({"applicant_id": "A27-0420", "document_id": "doc_%s" % hashlib.md5(t.encode()).hexdigest()[:8],
                   "title": t, "uploaded": "2026-0%d-%02d" % (1 + k % 3, 3 + 2 * k), "text": essay,
                   "other_versions": [nxt, titles[(k + 2) % len(titles)]]}, dt=7)
        s.call("get_document", {"applicant_id": "A27-0420", "document": nxt},
               ["There are other versions listed. Let me open '%s' to make sure I use the final one." % nxt,
                "This one lists further versions; checking '%s'." % nxt,
                "Still not sure this is the final. Opening '%s'." % nxt,
                "Opening '%s', which may be the latest." % nxt][k % 4])
    out.append(s)

    # --- R2 responses: two agents handing the same thing back and forth (reader A / checker B)
    s = Sess("admissions_review_two_reader_handoff_responses", "admissions_review", "responses", "gpt-4o",
             ADM_RUBRIC + "\nYou are Reader-A. Reader-B (another agent) checks your scores; resolve its objections.",
             ADM_TOOLS, runaway(5, 11),
             "Reader-B (an agent) objects to criterion E for A27-0431 and returns the file; Reader-A restates the "
             "same score and hands it back; B returns it with the same objection. Two agents ping-pong.",
             max_tokens=1000, user="adm-pipeline")
    s.user_msg("[pipeline] Reader-A: first pass for A27-0431. Documents: 2 recommendations received.")
    s.call("get_document", {"applicant_id": "A27-0431", "document": "recommendations"})
    s.results({"applicant_id": "A27-0431", "text": "Rec 1 (thesis advisor): 'Among the three strongest students I "
               "have advised; independently designed the evaluation for our crop-yield model.' Rec 2 (employer): "
               "'Reliable, delivered the ETL migration on time.'"}, dt=5)
    s.call("score_rubric", {"applicant_id": "A27-0431", "scores": "4,4,4,4,4",
                            "rationale": "E=4: advisor letter is specific and comparative; employer letter generic."})
    s.results({"applicant_id": "A27-0431", "saved": True}, dt=3)
    s.say("[to Reader-B] A27-0431 scored 4,4,4,4,4. E=4 because the advisor letter is specific and comparative.")
    objs = ["[Reader-B -> Reader-A] Returning A27-0431: E=4 requires two specific letters; the employer letter is "
            "generic. Please re-score E or justify.",
            "[Reader-B -> Reader-A] A27-0431 returned again: E=4 not supported, second letter is generic. Re-score "
            "E or justify.",
            "[Reader-B -> Reader-A] Returning A27-0431: criterion E still 4; one letter is generic. Please fix.",
            "[Reader-B -> Reader-A] A27-0431: E=4 needs two specific letters. Returned.",
            "[Reader-B -> Reader-A] Returned A27-0431 (criterion E).",
            "[Reader-B -> Reader-A] A27-0431 back to you: E.",
            "[Reader-B -> Reader-A] Returning A27-0431: E=4 unsupported.",
            "[Reader-B -> Reader-A] A27-0431 returned (E).",
            "[Reader-B -> Reader-A] A27-0431: re-score E.",
            "[Reader-B -> Reader-A] Returned: A27-0431 E."]
    reps = ["[to Reader-B] I keep E=4: the rubric asks for specific, comparative evidence and the advisor letter "
            "provides it ('three strongest students'). Handing back.",
            "[to Reader-B] E remains 4. The advisor's comparison is strong evidence; the rubric does not require "
            "both letters to be specific. Back to you.",
            "[to Reader-B] Maintaining E=4 - advisor letter is comparative and specific. Returning the file.",
            "[to Reader-B] E=4 stands (advisor letter). Handing back.",
            "[to Reader-B] Keeping E=4 for the reason given. Back to you.",
            "[to Reader-B] E=4, as explained. Returning.",
            "[to Reader-B] I maintain E=4. Handing back.",
            "[to Reader-B] E stays 4. Back to you.",
            "[to Reader-B] E=4. Returning.", "[to Reader-B] E=4."]
    for k in range(10):
        s.user_msg(objs[k], dt=20 + 3 * k)
        s.say(reps[k])
    out.append(s)
    return out



# =========================================================================================
# railway_timetable_planner
# =========================================================================================
RAIL_TOOLS = [
    ("get_timetable", "Page through the working timetable (WTT) of a route. Returns up to 8 services per page.",
     P(route="string", cursor="string")),
    ("check_conflicts", "Check a set of train paths for headway/junction/platform conflicts. Returns conflicts.",
     P(route="string", changes="string")),
    ("allocate_platform", "Allocate a platform at a station for a service at a time window.",
     P(station="string", service="string", window="string")),
]
RAIL_SYSTEM = ("You plan the December 2027 timetable change for the Midvale Lines (double track, 3-min headway, "
               "Harrow Junction flat crossing needs 4 min between conflicting moves, Midvale Central has platforms "
               "1-6). Propose path changes, check them with check_conflicts, allocate platforms. Keep every "
               "service within +/-3 minutes of its requested path.")


@style
def railway_timetable_planner():
    out = []
    # --- R1 anthropic: period-3 cycle shift A / shift B / move platform, state dump with ticking counter
    s = Sess("railway_timetable_planner_three_step_cycle_anthropic", "railway_timetable_planner", "anthropic",
             "claude-sonnet-4-20250514", RAIL_SYSTEM, RAIL_TOOLS, runaway(6, 13),
             "Shifting 1A23 fixes the junction but breaks platform 4; moving the platform re-creates the junction "
             "conflict with 2C41; shifting 2C41 brings back the first one. A cycle of three moves (four turns) "
             "from turn 6; the checker's state dump carries a ticking solver iteration and timestamp.", max_tokens=1600, user="planner-ines")
    s.user_msg("1A23 (07:42 Midvale Central dep) conflicts with 2C41 at Harrow Junction. Resolve it.")
    s.call("check_conflicts", {"route": "MDV-HRW", "changes": "1A23 dep MDV 07:44 (+2)"},
           "Trying 1A23 +2 minutes.")
    cyc = [
        ("1A23 dep MDV 07:44 (+2)",
         {"conflicts": [{"type": "platform_reoccupation", "station": "Midvale Central", "platform": 4,
                         "services": ["1A23", "2K07"], "overlap_s": 60}]},
         "allocate_platform", {"station": "Midvale Central", "service": "1A23", "window": "07:38-07:44"},
         "Junction clear but 1A23 now overlaps 2K07 on platform 4. Moving 1A23 to platform 5."),
        ("1A23 platform 5 at MDV",
         {"conflicts": [{"type": "junction_conflict", "location": "Harrow Junction", "services": ["1A23", "2C41"],
                         "gap_s": 150, "required_s": 240}]},
         "check_conflicts", {"route": "MDV-HRW", "changes": "2C41 pass HRW 07:53 (-2)"},
         "Platform 5 exit crosses the junction earlier, so 2C41 conflicts again. Shifting 2C41 -2 instead."),
        ("2C41 pass HRW 07:53 (-2)",
         {"conflicts": [{"type": "junction_conflict", "location": "Harrow Junction", "services": ["2C41", "1A23"],
                         "gap_s": 120, "required_s": 240}]},
         "check_conflicts", {"route": "MDV-HRW", "changes": "1A23 dep MDV 07:44 (+2)"},
         "Moving 2C41 earlier just moves the conflict to 1A23's original path. Trying 1A23 +2 again."),
    ]
    for k in range(18):
        change, res, tool, args, text = cyc[k % 3]
        r = dict(res, route="MDV-HRW", solver_iteration=1041 + 17 * k,
                 state_dump="wtt@2027-12-13 rev %d checked 2026-05-11T09:%02d:%02dZ" % (88 + k, 14 + k, (7 * k) % 60))
        if k % 3 == 0:
            s.results(r, dt=12)
            s.call(tool, args, text)
            s.results({"station": "Midvale Central", "service": "1A23", "platform": 5, "window": "07:38-07:44",
                       "allocation_id": "pa-%04d" % (3100 + k)}, dt=4)
            s.call("check_conflicts", {"route": "MDV-HRW", "changes": "1A23 platform 5 at MDV"})
        else:
            s.results(r, dt=12)
            s.call(tool, args, text)
        if len(s.ex) >= 21:
            break
    out.append(s)

    # --- R2 chat: tool-less, user pastes a growing conflict log with the same error; assistant repeats the fix
    s = Sess("railway_timetable_planner_growing_log_same_error_chat", "railway_timetable_planner", "chat",
             "gpt-4o", RAIL_SYSTEM, None, runaway(4, 8),
             "A planner pastes the checker's output each time after applying the suggested fix; the log grows "
             "(more runs appended) but ends in the same unresolved conflict, and the assistant paraphrases the "
             "same advice. Tool-less.", user="planner-tom")
    rng = random.Random(77)

    def run_block(n):
        lines = ["=== conflict check run %d  (WTT Dec-2027 rev %d, %d services) ===" % (n, 140 + n, 412)]
        for i in range(24):
            svc = "%d%s%02d" % (rng.randint(1, 2), "ACKM"[rng.randint(0, 3)], rng.randint(1, 60))
            lines.append("  OK   %-5s %s -> %s  headway %3ds (min 180)  platform %d" % (
                svc, ["MDV", "HRW", "OAK", "BRN"][i % 4], ["HRW", "OAK", "BRN", "STN"][i % 4],
                180 + rng.randint(0, 420), 1 + i % 6))
        lines.append("  FAIL 1B17  Oakfield South: dwell 90s overlaps 2M30 on single-lead platform 2 "
                     "(need 120s clearance, have 35s)")
        lines.append("=== 1 conflict, %d OK ===" % 24)
        return "\n".join(lines)

    log = run_block(1)
    s.user_msg("Checker output after importing the new WTT. What do I change?\n\n```\n" + log + "\n```")
    advice = ["Shorten 1B17's dwell at Oakfield South to 45 s or retime 2M30 two minutes later; the single-lead "
              "platform 2 needs 120 s clearance.",
              "The remaining conflict is the same: 1B17 at Oakfield South platform 2. Cut 1B17's dwell to 45 s "
              "or move 2M30 later by 2 minutes.",
              "Same issue at Oakfield South: reduce 1B17's dwell or push 2M30 back ~2 min to get the 120 s.",
              "It's still 1B17 vs 2M30 on platform 2: retime 2M30 +2 min or shorten the dwell.",
              "Again the single-lead platform: shorten 1B17's dwell or delay 2M30.",
              "1B17/2M30 at Oakfield South again - adjust the dwell or the 2M30 path.",
              "Same conflict; change 1B17's dwell or 2M30's time.",
              "Still the Oakfield South clearance: dwell or retime.",
              "Same fix as before: dwell 1B17 or retime 2M30.",
              "As before: 1B17 dwell / 2M30 retime.",
              "Same as before."]
    for k in range(11):
        s.say(advice[k])
        log = log + "\n" + run_block(k + 2)
        s.user_msg(["Did that. Still failing:", "Applied. Output:", "Changed it, same?", "here:", "again:",
                    "still:", "output:", "??", "same:", "log:", "again"][k] + "\n\n```\n" + log + "\n```",
                   dt=150 + 20 * k)
    out.append(s)

    # --- H1 responses: pagination of the timetable, then checks; same tool with next cursor
    s = Sess("railway_timetable_planner_paginate_wtt_responses", "railway_timetable_planner", "responses",
             "gpt-4.1-mini", RAIL_SYSTEM, RAIL_TOOLS, HEALTHY,
             "The agent pages through the working timetable eight services at a time (same tool, next cursor, "
             "pages look alike) and then runs one conflict check over what it collected.", max_tokens=1500)
    s.user_msg("List every peak (07:00-09:00) service on MDV-HRW that calls at Oakfield South, then check them.")
    s.call("get_timetable", {"route": "MDV-HRW", "cursor": ""})
    rng = random.Random(9)
    found = []
    for pg in range(9):
        svcs = []
        for i in range(8):
            hh, mm = 6 + (pg * 8 + i) * 22 // 60 % 5, (pg * 8 + i) * 22 % 60
            sid = "%d%s%02d" % (1 + (i % 2), "ABCKM"[pg % 5], 10 + i + pg * 3)
            calls = ["MDV", "OAK", "HRW"] if (pg + i) % 3 else ["MDV", "HRW"]
            svcs.append({"headcode": sid, "dep_MDV": "%02d:%02d" % (hh, mm), "calls": calls,
                         "stock": ["Class 387/4", "Class 701/0", "Class 156"][i % 3], "cars": [4, 8, 10, 12][i % 4]})
            if "OAK" in calls and 7 <= hh < 9:
                found.append(sid)
        nxt = "" if pg == 8 else "c_%s" % hashlib.md5(b"p%d" % pg).hexdigest()[:10]
        s.results({"route": "MDV-HRW", "page": pg + 1, "services": svcs, "next_cursor": nxt or None,
                   "total_services": 72}, dt=3)
        if nxt:
            s.call("get_timetable", {"route": "MDV-HRW", "cursor": nxt},
                   None if pg % 3 else "Page %d read; %d peak Oakfield callers so far." % (pg + 1, len(found)))
    s.call("check_conflicts", {"route": "MDV-HRW", "changes": "none; peak Oakfield callers: " + ",".join(found)},
           "All 72 services read; %d peak services call at Oakfield South. Checking them." % len(found))
    s.results({"route": "MDV-HRW", "conflicts": [], "checked": len(found)}, dt=9)
    s.say("%d peak services call at Oakfield South (%s). No conflicts." % (len(found), ", ".join(found)))
    s.user_msg("Great, export that list to the planning sheet.", dt=200)
    out.append(s)

    # --- H2 chat: revisits the same station/platform states legitimately while conflicts change and resolve
    s = Sess("railway_timetable_planner_revisit_platforms_resolve_chat", "railway_timetable_planner", "chat",
             "gpt-4.1", RAIL_SYSTEM, RAIL_TOOLS, HEALTHY,
             "Planning the evening peak at Midvale Central returns to platforms 3 and 4 several times as new "
             "services are added; each check shows a different conflict and the set shrinks to zero.")
    s.user_msg("Add the four new evening services 1E50, 1E52, 2E61, 2E63 (hourly pattern 17:00-19:00) at Midvale "
               "Central and make it conflict-free.")
    steps = [
        ("allocate_platform", {"station": "Midvale Central", "service": "1E50", "window": "17:04-17:09"},
         {"service": "1E50", "platform": 3, "allocation_id": "pa-5001"}),
        ("check_conflicts", {"route": "MDV-HRW", "changes": "1E50 P3 17:04-17:09"},
         {"conflicts": [{"type": "platform_reoccupation", "platform": 3, "services": ["1E50", "1K33"],
                         "overlap_s": 90}]}),
        ("allocate_platform", {"station": "Midvale Central", "service": "1E50", "window": "17:04-17:09"},
         {"service": "1E50", "platform": 4, "allocation_id": "pa-5002", "released": "pa-5001"}),
        ("allocate_platform", {"station": "Midvale Central", "service": "1E52", "window": "18:04-18:09"},
         {"service": "1E52", "platform": 3, "allocation_id": "pa-5003"}),
        ("check_conflicts", {"route": "MDV-HRW", "changes": "1E50 P4, 1E52 P3"},
         {"conflicts": [{"type": "junction_conflict", "location": "Harrow Junction", "services": ["1E52", "2C77"],
                         "gap_s": 200, "required_s": 240}]}),
        ("check_conflicts", {"route": "MDV-HRW", "changes": "1E50 P4, 1E52 P3 dep 18:05 (+1)"},
         {"conflicts": []}),
        ("allocate_platform", {"station": "Midvale Central", "service": "2E61", "window": "17:31-17:36"},
         {"service": "2E61", "platform": 4, "allocation_id": "pa-5004"}),
        ("allocate_platform", {"station": "Midvale Central", "service": "2E63", "window": "18:31-18:36"},
         {"service": "2E63", "platform": 3, "allocation_id": "pa-5005"}),
        ("check_conflicts", {"route": "MDV-HRW", "changes": "1E50 P4, 1E52 P3 +1, 2E61 P4, 2E63 P3"},
         {"conflicts": [{"type": "headway", "section": "MDV-OAK up", "services": ["2E63", "1M40"], "gap_s": 150,
                         "required_s": 180}]}),
        ("check_conflicts", {"route": "MDV-HRW", "changes": "1E50 P4, 1E52 P3 +1, 2E61 P4, 2E63 P3 dep 18:32 (+1)"},
         {"conflicts": []}),
    ]
    notes = [None, "1E50 on platform 3.", "P3 is still occupied by 1K33 at 17:05; moving 1E50 to platform 4.",
             "1E50 on P4. Now 1E52 - platform 3 is free at 18:04.", "Checking with 1E52 on P3.",
             "1E52 crosses 2C77 at Harrow 40 s too close; retiming 1E52 +1 min (within +/-3).",
             "Clean. Now 2E61 on platform 4 (free at 17:31).", "2E63 on platform 3.", "Checking all four.",
             "Headway 2E63/1M40 short by 30 s; 2E63 +1 min."]
    for k, (tool, args, res) in enumerate(steps):
        s.call(tool, args, notes[k])
        s.results(res, dt=8 + 3 * k)
    s.say("All four services placed conflict-free: 1E50 P4 17:04, 1E52 P3 18:05 (+1), 2E61 P4 17:31, 2E63 P3 18:32 "
          "(+1). Platforms 3 and 4 alternate, which keeps the throat simple.")
    s.user_msg("Nice. Publish as draft rev 151.", dt=400)
    out.append(s)
    return out



# =========================================================================================
# sdk_deprecation_migrator
# =========================================================================================
SDK_TOOLS = [
    ("grep", "Search the repository (ripgrep). Returns matches, paginated 20 per page.",
     P(pattern="string", path="string", page="integer")),
    ("edit_file", "Apply a unified diff to one file.", P(path="string", diff="string")),
    ("run_tests", "Run pytest with the given selector; returns the output.", P(selector="string")),
]
SDK_SYSTEM = ("You are a coding agent in the repo 'ledgerline' (Python 3.12 monorepo). Task: migrate from the "
              "deprecated `paystream` SDK v1 (`from paystream import Client`, `client.charges.create(...)`) to "
              "`paystream>=3` (`from paystream.v3 import PaystreamClient`, `client.payments.create_intent(...)`, "
              "amounts are integer minor units, idempotency_key is required). Use grep, edit_file, run_tests. "
              "Keep diffs minimal; do not change behaviour.")


def pytest_log(rng, n_pass, failures, run):
    """A pytest -rA style log (~15 KB): many passing tests in varying order/timings, failures deep inside."""
    mods = ["billing/test_invoices.py", "billing/test_refunds.py", "billing/test_tax.py", "ledger/test_journal.py",
            "ledger/test_accounts.py", "ledger/test_fx.py", "api/test_webhooks.py", "api/test_checkout.py",
            "api/test_auth.py", "workers/test_reconcile.py", "workers/test_payouts.py", "reports/test_monthly.py"]
    names = ["test_%s_%d" % (w, i) for w in ("create", "update", "void", "rounding", "currency", "retry", "serialize",
                                              "idempotent", "partial", "webhook") for i in range(1, 9)]
    lines = ["============================= test session starts ==============================",
             "platform linux -- Python 3.12.7, pytest-8.3.4, pluggy-1.5.0",
             "rootdir: /srv/ledgerline  configfile: pyproject.toml",
             "plugins: xdist-3.6.1, cov-5.0.0, asyncio-0.24.0, recording-0.13.2",
             "asyncio: mode=Mode.STRICT, default_loop_scope=function",
             "created: 2/2 workers  (run %s)" % run, "collected %d items" % (n_pass + len(failures)), ""]
    tests = [(mods[rng.randint(0, len(mods) - 1)], names[rng.randint(0, len(names) - 1)]) for _ in range(n_pass)]
    for m, t in tests:
        lines.append("[gw%d] [%3d%%] PASSED tests/%s::%s" % (rng.randint(0, 1), rng.randint(1, 99), m, t))
    lines += ["", "=================================== FAILURES ==================================="]
    for title, body in failures:
        lines += ["_" * 20 + " " + title + " " + "_" * 20, body, ""]
    lines.append("---------- coverage: platform linux, python 3.12.7-final-0 -----------")
    for m in mods:
        lines.append("src/ledgerline/%-34s %5d %4d %4d%%" % (m.replace("test_", ""), rng.randint(80, 400),
                                                              rng.randint(0, 40), rng.randint(82, 99)))
    lines.append("=========== %d failed, %d passed, 3 skipped in %.2fs ===========" % (
        len(failures), n_pass, rng.uniform(38, 61)))
    return "\n".join(lines)


@style
def sdk_deprecation_migrator():
    out = []
    # --- R1 chat: alternating edit A / tests fail / edit B / tests fail, the same AttributeError every time
    s = Sess("sdk_deprecation_migrator_alternating_edits_chat", "sdk_deprecation_migrator", "chat", "gpt-4.1",
             SDK_SYSTEM, SDK_TOOLS, runaway(6, 12),
             "The agent alternates two import styles in billing/gateway.py; tests fail every time on the same "
             "root cause (paystream 1.9.4 is still installed; the lockfile was never bumped), as "
             "ModuleNotFoundError / AttributeError in turn. Alternating attempts that fail the same way.", user="dev-rhea")
    s.user_msg("Migrate billing/gateway.py to paystream v3 and get tests/billing green.")
    s.call("edit_file", {"path": "src/ledgerline/billing/gateway.py", "diff":
                         "@@ -1,3 +1,3 @@\n-from paystream import Client\n+from paystream.v3 import PaystreamClient\n"
                         " from ledgerline.config import settings\n@@ -14,4 +14,6 @@\n-    return Client(settings.PAYSTREAM_KEY)"
                         ".charges.create(amount=amount_cents / 100, currency=cur)\n+    client = PaystreamClient(api_key="
                         "settings.PAYSTREAM_KEY)\n+    return client.payments.create_intent(amount=amount_cents, "
                         "currency=cur, idempotency_key=key)\n"})
    err = ("E   ModuleNotFoundError: No module named 'paystream.v3'\n"
           "src/ledgerline/billing/gateway.py:1: in <module>\n    from paystream.v3 import PaystreamClient\n"
           "# pip freeze | grep paystream -> paystream==1.9.4")
    err2 = ("E   AttributeError: module 'paystream' has no attribute 'v3'\n"
            "src/ledgerline/billing/gateway.py:1: in <module>\n    import paystream\n    paystream.v3.PaystreamClient\n"
            "# pip freeze | grep paystream -> paystream==1.9.4")
    edit_a = {"path": "src/ledgerline/billing/gateway.py", "diff": "@@ -1 +1 @@\n-import paystream\n"
              "+from paystream.v3 import PaystreamClient\n"}
    edit_b = {"path": "src/ledgerline/billing/gateway.py", "diff": "@@ -1 +1 @@\n-from paystream.v3 import "
              "PaystreamClient\n+import paystream  # v3 exposes paystream.v3\n"}
    for k in range(9):
        s.results({"path": "src/ledgerline/billing/gateway.py", "applied": True, "hunks": 2 if k == 0 else 1},
                  dt=6)
        s.call("run_tests", {"selector": "tests/billing -x -q"})
        s.results("==================== FAILURES ====================\n___ ERROR collecting "
                  "tests/billing/test_invoices.py ___\n" + (err if k % 2 == 0 else err2) +
                  "\n1 error in %.2fs" % (1.8 + 0.07 * k), dt=25)
        s.call("edit_file", edit_b if k % 2 == 0 else edit_a,
               ["Import of the v3 submodule fails. Maybe v3 is exposed as an attribute; importing the top-level "
                "package instead.",
                "paystream has no attribute v3 via the top-level import. Switching back to the explicit "
                "submodule import.",
                "The submodule import still fails. Trying the package-level import again.",
                "Attribute access fails; reverting to `from paystream.v3 import PaystreamClient`."][k % 4])
    out.append(s)

    # --- R2 anthropic: same failure buried deep in a long, varying pytest log after different edits
    s = Sess("sdk_deprecation_migrator_buried_failure_anthropic", "sdk_deprecation_migrator", "anthropic",
             "claude-sonnet-4-20250514", SDK_SYSTEM, SDK_TOOLS, runaway(6, 11),
             "Every full test run prints ~15 KB of passing tests in a different order with different timings; deep "
             "inside, test_refund_partial fails with the same float-vs-minor-units assertion each time, while the "
             "agent edits unrelated files.", max_tokens=4000, user="dev-rhea")
    rng = random.Random(3)
    fail = ("tests/billing/test_refunds.py::test_refund_partial_4", (
        "    def test_refund_partial_4(gateway, invoice_factory):\n        inv = invoice_factory(total_cents=1999)\n"
        "        r = gateway.refund(inv, amount_cents=500)\n>       assert r.amount == 500\nE       AssertionError: "
        "assert 5.0 == 500\nE        +  where 5.0 = RefundIntent(id='ri_test_0001', amount=5.0, currency='usd')"
        ".amount\n\ntests/billing/test_refunds.py:88: AssertionError"))
    s.user_msg("Run the full suite after the migration and fix whatever is left.")
    s.call("run_tests", {"selector": "tests -q -n 2"})
    edits = ["src/ledgerline/api/checkout.py", "src/ledgerline/workers/payouts.py", "src/ledgerline/billing/tax.py",
             "src/ledgerline/ledger/fx.py", "src/ledgerline/api/webhooks.py", "src/ledgerline/reports/monthly.py",
             "src/ledgerline/billing/invoices.py", "src/ledgerline/api/checkout.py"]
    for k in range(8):
        s.results(pytest_log(rng, 150 + rng.randint(0, 20), [fail], "r%d" % (k + 1)), dt=70)
        s.call("edit_file", {"path": edits[k], "diff": "@@ -%d,2 +%d,2 @@\n-    amount=amount / 100,\n"
                                                     "+    amount=amount,\n" % (30 + 7 * k, 30 + 7 * k)},
               ["One failure left in refunds: amount comes back as 5.0. The conversion probably happens in "
                "checkout; removing the /100 there.",
                "Still test_refund_partial_4 (5.0 vs 500). Looking at payouts for the division.",
                "The refund amount is still divided by 100 somewhere. Trying tax.py.",
                "Same assertion. Checking the FX path for a stray conversion.",
                "Still 5.0 == 500. Removing the division in webhooks.",
                "Same refund failure; maybe monthly reports normalise amounts.",
                "Still failing; trying invoices.", "Trying checkout again."][k])
        s.results({"path": edits[k], "applied": True}, dt=5)
        s.call("run_tests", {"selector": "tests -q -n 2"})
    s.results(pytest_log(rng, 160, [fail], "r9"), dt=70)
    out.append(s)

    # --- H1 responses: grep pagination then one edit per file with the same instruction; tests green
    s = Sess("sdk_deprecation_migrator_grep_pages_batch_edits_responses", "sdk_deprecation_migrator", "responses",
             "gpt-4.1", SDK_SYSTEM, SDK_TOOLS, HEALTHY,
             "grep results come 20 per page (same call, next page); then the agent applies the same kind of "
             "edit to a different file each turn and runs the tests once at the end; green.", max_tokens=3000)
    s.user_msg("Find every use of `charges.create` and migrate them.")
    files = ["billing/gateway.py", "billing/refunds.py", "api/checkout.py", "api/subscriptions.py",
             "workers/payouts.py", "workers/retry_failed.py", "scripts/backfill_2024.py"]
    rng = random.Random(5)
    hits = []
    for pg in range(3):
        matches = []
        for i in range(20 if pg < 2 else 7):
            f = files[(pg * 20 + i) % len(files)]
            ln = 10 + rng.randint(0, 300)
            matches.append("src/ledgerline/%s:%d:    resp = client.charges.create(amount=%s / 100, currency=%s)" % (
                f, ln, ["total_cents", "amount_cents", "line.amount_cents", "plan.price_cents"][i % 4],
                ["'usd'", "cur", "invoice.currency"][i % 3]))
            hits.append((f, ln))
        if pg == 0:
            s.call("grep", {"pattern": r"charges\.create", "path": "src", "page": 1})
        s.results({"page": pg + 1, "matches": matches, "has_more": pg < 2, "total": 47}, dt=3)
        if pg < 2:
            s.call("grep", {"pattern": r"charges\.create", "path": "src", "page": pg + 2})
    for k, f in enumerate(files):
        lines = sorted({ln for ff, ln in hits if ff == f})
        diff = "".join("@@ -%d +%d @@\n-    resp = client.charges.create(amount=x / 100, currency=c)\n"
                       "+    resp = client.payments.create_intent(amount=x, currency=c, idempotency_key=key)\n" % (l, l)
                       for l in lines)
        s.call("edit_file", {"path": "src/ledgerline/" + f, "diff": diff},
               "47 call sites in 7 files. Migrating file by file." if k == 0 else None)
        s.results({"path": "src/ledgerline/" + f, "applied": True, "hunks": len(lines)}, dt=4)
    s.call("run_tests", {"selector": "tests -q -n 2"})
    s.results(pytest_log(rng, 171, [], "final"), dt=65)
    s.say("Migrated 47 call sites in 7 files to payments.create_intent (minor units, idempotency keys). Full "
          "suite: 171 passed, 3 skipped.")
    s.user_msg("Open the PR.", dt=180)
    out.append(s)

    # --- H2 responses: tests fail differently each run, then pass
    s = Sess("sdk_deprecation_migrator_changing_failures_green_responses", "sdk_deprecation_migrator", "responses",
             "gpt-4o", SDK_SYSTEM, SDK_TOOLS, HEALTHY,
             "After the lockfile bump the webhook tests fail with a different error on each run (import, "
             "signature header, enum, idempotency) and each fix moves on; the fifth run is green.", max_tokens=3000,
             user="dev-amir")
    s.user_msg("Bump paystream to 3.2 and migrate api/webhooks.py. Tests: tests/api/test_webhooks.py.")
    seq = [
        ({"path": "requirements.lock", "diff": "@@ -41 +41 @@\n-paystream==1.9.4\n+paystream==3.2.0\n"}, None,
         "E   ImportError: cannot import name 'WebhookSignature' from 'paystream' (paystream/__init__.py)\n"
         "src/ledgerline/api/webhooks.py:3: in <module>"),
        ({"path": "src/ledgerline/api/webhooks.py", "diff": "@@ -3 +3 @@\n-from paystream import WebhookSignature\n"
          "+from paystream.v3.webhooks import verify_signature\n"},
         "WebhookSignature moved; v3 has paystream.v3.webhooks.verify_signature.",
         "E   KeyError: 'Paystream-Signature'\nsrc/ledgerline/api/webhooks.py:27: in handle\n"
         "    sig = request.headers['Paystream-Signature']"),
        ({"path": "src/ledgerline/api/webhooks.py", "diff": "@@ -27 +27 @@\n-    sig = request.headers['Paystream-"
          "Signature']\n+    sig = request.headers['Paystream-Signature-V3']\n"},
         "v3 sends the signature in Paystream-Signature-V3.",
         "E   AssertionError: assert 'payment_intent.succeeded' == 'charge.succeeded'\n"
         "tests/api/test_webhooks.py:61: in test_dispatch_success"),
        ({"path": "src/ledgerline/api/webhooks.py", "diff": "@@ -40,3 +40,3 @@\n-    'charge.succeeded': on_paid,\n"
          "+    'payment_intent.succeeded': on_paid,\n"},
         "Event names changed in v3 (charge.* -> payment_intent.*). Updating the dispatch table.",
         "E   paystream.v3.errors.InvalidRequestError: idempotency_key is required for create_refund\n"
         "src/ledgerline/api/webhooks.py:88: in on_dispute_lost"),
        ({"path": "src/ledgerline/api/webhooks.py", "diff": "@@ -88 +88,2 @@\n-    client.refunds.create(intent)\n"
          "+    client.payments.create_refund(intent, idempotency_key=f'dispute-{event.id}')\n"},
         "Refunds need an idempotency key; deriving it from the event id keeps retries safe.", None),
    ]
    for k, (edit, why, failure) in enumerate(seq):
        s.call("edit_file", edit, why)
        s.results({"path": edit["path"], "applied": True}, dt=5)
        s.call("run_tests", {"selector": "tests/api/test_webhooks.py -q"})
        if failure:
            s.results("F\n=================== FAILURES ===================\n" + failure + "\n1 failed, %d passed in "
                      "%.2fs" % (3 + 2 * k, 2.1 + 0.3 * k), dt=20)
        else:
            s.results("............\n12 passed in 3.48s", dt=20)
    s.say("tests/api/test_webhooks.py: 12 passed. Changes: lockfile bump, verify_signature import, V3 signature "
          "header, payment_intent.* event names, idempotent refunds.")
    s.user_msg("Thanks, ship it.", dt=240)
    out.append(s)
    return out


# =========================================================================================
# validation and output
# =========================================================================================
MODELS = {"chat": ("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini"),
          "responses": ("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini"),
          "anthropic": ("claude-sonnet-4-20250514", "claude-3-5-haiku-20241022")}


def _fail(name, k, msg):
    raise ValueError("%s turn %d: %s" % (name, k + 1, msg))


def _tool_names(req, shape):
    if shape == "chat":
        return {t["function"]["name"] for t in req.get("tools", [])}
    return {t["name"] for t in req.get("tools", [])}


def validate_chat(name, k, req):
    msgs = req["messages"]
    if not isinstance(req.get("max_tokens"), int) or not msgs or msgs[0]["role"] != "system":
        _fail(name, k, "chat: max_tokens and a leading system message required")
    tools, pending = _tool_names(req, "chat"), []
    for m in msgs[1:]:
        role = m["role"]
        if pending and role != "tool":
            _fail(name, k, "chat: tool calls %s not answered" % pending)
        if role == "tool":
            if m["tool_call_id"] not in pending:
                _fail(name, k, "chat: tool message for unknown id")
            pending.remove(m["tool_call_id"])
        elif role == "assistant":
            for c in m.get("tool_calls", []):
                if c["function"]["name"] not in tools:
                    _fail(name, k, "chat: undeclared tool")
                json.loads(c["function"]["arguments"])
                pending.append(c["id"])
            if m.get("content") is None and not m.get("tool_calls"):
                _fail(name, k, "chat: empty assistant message")
        elif role != "user" or not isinstance(m["content"], str):
            _fail(name, k, "chat: bad role %s" % role)
    if msgs[-1]["role"] not in ("user", "tool") or pending:
        _fail(name, k, "chat: request must end with user/tool input, all calls answered")


def validate_responses(name, k, req):
    if not isinstance(req.get("max_output_tokens"), int) or "previous_response_id" in req:
        _fail(name, k, "responses: max_output_tokens required, previous_response_id forbidden")
    tools, pending, items = _tool_names(req, "responses"), [], req["input"]
    for it in items:
        if it.get("type") == "function_call":
            if it["name"] not in tools:
                _fail(name, k, "responses: undeclared tool")
            json.loads(it["arguments"])
            pending.append(it["call_id"])
        elif it.get("type") == "function_call_output":
            if it["call_id"] not in pending:
                _fail(name, k, "responses: output for unknown call_id")
            pending.remove(it["call_id"])
        elif it.get("role") in ("user", "assistant") and isinstance(it.get("content"), str):
            if pending:
                _fail(name, k, "responses: message while calls pending")
        else:
            _fail(name, k, "responses: bad item")
    last = items[-1]
    if pending or not (last.get("role") == "user" or last.get("type") == "function_call_output"):
        _fail(name, k, "responses: must end with user/function_call_output, all calls answered")


def validate_anthropic(name, k, req):
    if not isinstance(req.get("max_tokens"), int) or not isinstance(req.get("system"), str):
        _fail(name, k, "anthropic: max_tokens and system required")
    tools, msgs, want = _tool_names(req, "anthropic"), req["messages"], "user"
    pending = []
    for m in msgs:
        if m["role"] != want:
            _fail(name, k, "anthropic: roles must alternate user/assistant starting with user")
        want = "assistant" if want == "user" else "user"
        blocks = m["content"] if isinstance(m["content"], list) else [{"type": "text", "text": m["content"]}]
        if not blocks:
            _fail(name, k, "anthropic: empty content")
        if m["role"] == "user":
            got = [b["tool_use_id"] for b in blocks if b["type"] == "tool_result"]
            if sorted(got) != sorted(pending):
                _fail(name, k, "anthropic: tool_result ids %s do not match tool_use ids %s" % (got, pending))
            pending = []
            for b in blocks:
                if b["type"] not in ("text", "tool_result"):
                    _fail(name, k, "anthropic: bad user block")
        else:
            for b in blocks:
                if b["type"] == "tool_use":
                    if b["name"] not in tools or not isinstance(b["input"], dict):
                        _fail(name, k, "anthropic: bad tool_use")
                    pending.append(b["id"])
                elif b["type"] != "text":
                    _fail(name, k, "anthropic: bad assistant block")
    if msgs[-1]["role"] != "user":
        _fail(name, k, "anthropic: must end with a user message")


def validate(doc):
    name, shape = doc["name"], doc["shape"]
    keys = {"name", "style", "shape", "path", "headers", "expected", "notes", "turns"}
    if set(doc) != keys or doc["path"] != PATHS[shape]:
        raise ValueError("%s: bad fields" % name)
    n = len(doc["turns"])
    if not 8 <= n <= 30:
        raise ValueError("%s: %d turns (want 8-30)" % (name, n))
    exp = doc["expected"]
    if exp["outcome"] == "runaway":
        b, d = exp["loop_begins_turn"], exp["stop_by_turn"]
        if not (1 < b <= d < n):
            raise ValueError("%s: bad B/D %d/%d for %d turns (must continue past D)" % (name, b, d, n))
    elif exp != HEALTHY:
        raise ValueError("%s: bad expected" % name)
    prev = -1
    for k, t in enumerate(doc["turns"]):
        if set(t) != {"at_seconds", "request"} or not isinstance(t["at_seconds"], int) or t["at_seconds"] < prev:
            _fail(name, k, "bad turn fields / time going backwards")
        prev = t["at_seconds"]
        req = t["request"]
        if req["model"] not in MODELS[shape]:
            _fail(name, k, "model")
        {"chat": validate_chat, "responses": validate_responses, "anthropic": validate_anthropic}[shape](name, k, req)


def build():
    files, seen = {}, set()
    for fn in STYLES:
        sessions = fn()
        if len(sessions) != 4 or sorted(s.expected["outcome"] for s in sessions) != ["healthy"] * 2 + ["runaway"] * 2:
            raise ValueError("%s: want 2 runaway + 2 healthy" % fn.__name__)
        for s in sessions:
            doc = s.render()
            validate(doc)
            sid = doc["headers"]["x-session-id"]
            if sid in seen:
                raise ValueError("duplicate session id " + sid)
            seen.add(sid)
            files[os.path.join("heldout", doc["name"] + ".json")] = json.dumps(doc, indent=1, sort_keys=True) + "\n"
    return files


def main():
    files = build()
    root = os.path.normpath(ROOT)
    on_disk = {os.path.join("heldout", f) for f in os.listdir(os.path.join(root, "heldout")) if f.endswith(".json")}
    if "--check" in sys.argv[1:]:
        bad = sorted(on_disk ^ set(files))
        for rel, text in sorted(files.items()):
            if rel in on_disk:
                with open(os.path.join(root, rel), encoding="utf-8") as f:
                    disk = f.read()
                json.loads(disk)
                if disk != text:
                    bad.append(rel)
        if os.listdir(os.path.join(root, "tuning")) != [".gitkeep"]:
            bad.append("tuning/ must only hold .gitkeep")
        if bad:
            print("corpus_o differs from the generator: " + ", ".join(bad))
            return 1
        print("corpus_o: %d sessions match the generator and validate" % len(files))
        return 0
    for rel in on_disk - set(files):
        os.remove(os.path.join(root, rel))
    for rel, text in files.items():
        with open(os.path.join(root, rel), "w", encoding="utf-8") as f:
            f.write(text)
    print("wrote %d sessions to %s" % (len(files), root))
    return 0


if __name__ == "__main__":
    sys.exit(main())
