#!/usr/bin/env python3
"""Writes tests/fixtures/corpus_e (writer-e): a held-out agent-session corpus for issue 13.

Stdlib only, deterministic (no clock, no randomness, no network). Every style is written by
its own function with its own text. `--check` regenerates in memory and compares to disk and
validates every request against its API shape.
"""
import copy
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "corpus_e")
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
MODELS = {"chat": "gpt-4o", "responses": "gpt-4.1-mini", "anthropic": "claude-sonnet-4-20250514"}


class Sess:
    """A shape-neutral conversation; snapshots are rendered per API shape at the end."""

    def __init__(self, system, tools=None, max_tokens=1024):
        self.system = system
        self.tools = tools or []
        self.ev = []
        self.snaps = []
        self.t = 0
        self.n = 0
        self.max_tokens = max_tokens

    def user(self, text):
        self.ev.append(("user", text))

    def say(self, text=None, calls=()):
        ids = []
        cs = []
        for name, args in calls:
            self.n += 1
            cid = "call_%04d" % self.n
            ids.append(cid)
            cs.append((cid, name, args))
        self.ev.append(("assistant", text, cs))
        return ids

    def res(self, cid, content, err=False):
        if not isinstance(content, str):
            content = json.dumps(content, sort_keys=True)
        self.ev.append(("tool", cid, content, err))

    def call(self, text, name, args, result, err=False):
        """One assistant tool call answered by one result."""
        (cid,) = self.say(text, [(name, args)])
        self.res(cid, result, err)

    def snap(self, dt):
        self.t += dt
        self.snaps.append((self.t, len(self.ev)))

    # ---- rendering ----
    def _tools(self, shape):
        out = []
        for name, desc, props in self.tools:
            schema = {"type": "object", "properties": {k: {"type": v} for k, v in props.items()},
                      "required": sorted(props)}
            if shape == "chat":
                out.append({"type": "function", "function": {"name": name, "description": desc, "parameters": schema}})
            elif shape == "responses":
                out.append({"type": "function", "name": name, "description": desc, "parameters": schema})
            else:
                out.append({"name": name, "description": desc, "input_schema": schema})
        return out

    def render(self, shape, evs):
        if shape == "chat":
            msgs = [{"role": "system", "content": self.system}]
            for e in evs:
                if e[0] == "user":
                    msgs.append({"role": "user", "content": e[1]})
                elif e[0] == "assistant":
                    m = {"role": "assistant", "content": e[1]}
                    if e[2]:
                        m["tool_calls"] = [{"id": c, "type": "function", "function": {"name": n, "arguments": json.dumps(a, sort_keys=True)}} for c, n, a in e[2]]
                    msgs.append(m)
                else:
                    msgs.append({"role": "tool", "tool_call_id": e[1], "content": e[2]})
            req = {"model": MODELS[shape], "messages": msgs, "max_tokens": self.max_tokens}
        elif shape == "responses":
            items = []
            for e in evs:
                if e[0] == "user":
                    items.append({"type": "message", "role": "user", "content": [{"type": "input_text", "text": e[1]}]})
                elif e[0] == "assistant":
                    if e[1]:
                        items.append({"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": e[1]}]})
                    for c, n, a in e[2]:
                        items.append({"type": "function_call", "call_id": c, "name": n, "arguments": json.dumps(a, sort_keys=True)})
                else:
                    items.append({"type": "function_call_output", "call_id": e[1], "output": e[2]})
            req = {"model": MODELS[shape], "instructions": self.system, "input": items, "max_output_tokens": self.max_tokens}
        else:
            msgs = []
            for e in evs:
                if e[0] == "user":
                    role, blocks = "user", [{"type": "text", "text": e[1]}]
                elif e[0] == "assistant":
                    role, blocks = "assistant", ([{"type": "text", "text": e[1]}] if e[1] else [])
                    blocks += [{"type": "tool_use", "id": c.replace("call_", "toolu_"), "name": n, "input": a} for c, n, a in e[2]]
                else:
                    role, blocks = "user", [{"type": "tool_result", "tool_use_id": e[1].replace("call_", "toolu_"), "content": e[2], "is_error": e[3]}]
                if msgs and msgs[-1]["role"] == role:
                    msgs[-1]["content"].extend(blocks)
                else:
                    msgs.append({"role": role, "content": blocks})
            req = {"model": MODELS[shape], "system": self.system, "messages": msgs, "max_tokens": self.max_tokens}
        if self.tools:
            req["tools"] = self._tools(shape)
        return req

    def build(self, name, style, shape, expected, notes, user="u"):
        turns = [{"at_seconds": t, "request": self.render(shape, n if isinstance(n, list) else self.ev[:n])} for t, n in self.snaps]
        return {"name": name, "style": style, "shape": shape, "path": PATHS[shape],
                "headers": {"x-session-id": "corpus-e-" + name, "x-user-id": "writer-e-" + user},
                "expected": expected, "notes": notes, "turns": turns}


def run(b, d):
    return {"outcome": "runaway", "loop_begins_turn": b, "stop_by_turn": d}


HEALTHY = {"outcome": "healthy"}


# ---------------------------------------------------------------- support_escalation
SUP_SYS = ("You are Juniper, the L1 support agent for Parcelwise (a shipping-label SaaS). Use the CRM "
           "tools to look customers up, apply macros for known issues, and escalate to a human team when "
           "policy says so (refunds over $200, account takeovers, carrier claims). Never promise refunds yourself.")
SUP_TOOLS = [("crm_lookup", "Look up a customer by email or ticket id in the CRM", {"query": "string"}),
             ("apply_macro", "Apply a canned support macro to a ticket", {"ticket": "string", "macro": "string"}),
             ("escalate", "Escalate a ticket to a human queue", {"ticket": "string", "queue": "string", "note": "string"}),
             ("send_reply", "Send a public reply on a ticket", {"ticket": "string", "body": "string"})]


def ticket_text(tid, name, email, plan, body):
    return ("New ticket %s via email\nFrom: %s <%s>\nPlan: %s\nTags: inbound, unassigned\n"
            "------------------------------------------------------------\n%s\n"
            "------------------------------------------------------------\n"
            "Reminder: check the CRM before replying; refunds > $200 go to billing-t2." % (tid, name, email, plan, body))


def support_runaway_404(shape):
    s = Sess(SUP_SYS, SUP_TOOLS)
    s.user(ticket_text("ZD-48113", "Marta Oyelaran", "marta@kilnandcrate.co", "Business annual",
                       "Hi, you charged us $1,188 twice on March 3 for the annual renewal. Invoice INV-22871 and "
                       "INV-22874 are identical. Please refund the duplicate, our accountant is asking.\n\nMarta"))
    s.snap(0)
    s.call("Let me pull up the account.", "crm_lookup", {"query": "marta@kilnandcrate.co"},
           {"customer_id": "C-88120", "plan": "business_annual", "invoices": [
               {"id": "INV-22871", "amount_cents": 118800, "status": "paid", "date": "2026-03-03"},
               {"id": "INV-22874", "amount_cents": 118800, "status": "paid", "date": "2026-03-03"}],
            "flags": ["duplicate_charge_suspected"]})
    s.snap(7)
    s.call("The duplicate charge is confirmed ($1,188.00 twice). That is over the $200 limit, so I'm escalating to billing tier 2.",
           "escalate", {"ticket": "ZD-48113", "queue": "billing-t2", "note": "Duplicate annual renewal INV-22874, customer requests refund of $1,188."},
           {"error": {"status": 404, "code": "queue_not_found", "message": "Queue 'billing-t2' does not exist. Did you mean 'billing-tier2'?"}}, True)
    s.snap(9)
    s.call("The queue name was rejected. Let me retry the escalation.",
           "escalate", {"ticket": "ZD-48113", "queue": "billing-t2", "note": "Duplicate charge on renewal, refund $1,188 requested (INV-22874)."},
           {"error": {"status": 404, "code": "queue_not_found", "message": "Queue 'billing-t2' does not exist. Did you mean 'billing-tier2'?"}}, True)
    b = len(s.snaps) + 1
    s.snap(11)
    notes = ["Retrying escalation to billing-t2 as policy requires.",
             "Escalation failed again; the billing-t2 queue may be temporarily unavailable. Retrying.",
             "Policy says refunds over $200 go to billing-t2, so I'll escalate there again.",
             "Trying the escalation once more so billing can process the duplicate refund.",
             "Retrying escalate to billing-t2.",
             "The escalation endpoint keeps failing; attempting again.",
             "Escalating ZD-48113 to billing-t2 (retry).",
             "Retrying the billing-t2 escalation for the duplicate charge.",
             "One more attempt at the billing-t2 escalation."]
    for i, txt in enumerate(notes):
        s.call(txt, "escalate", {"ticket": "ZD-48113", "queue": "billing-t2",
                                  "note": "Duplicate renewal charge INV-22874 ($1,188.00); customer Marta Oyelaran requests refund."},
               {"error": {"status": 404, "code": "queue_not_found", "message": "Queue 'billing-t2' does not exist. Did you mean 'billing-tier2'?"}}, True)
        s.snap(6 + i * 2)
    return s, run(b, b + 5), "Escalation to a misnamed queue returns the same 404 (with the right name in the hint); the agent retries forever."


def support_runaway_pingpong(shape):
    s = Sess(SUP_SYS + " Tickets may come back to you from tier 2 with a note; act on it.", SUP_TOOLS)
    s.user(ticket_text("ZD-50277", "Dev Raghunathan", "dev@northloop.io", "Starter monthly",
                       "Someone logged into our account from Lagos at 03:12 and changed the payout bank account. "
                       "I did not do this. Please lock it NOW. Our labels are still printing so I think they have access."))
    s.snap(0)
    s.call("This looks like an account takeover. Checking the CRM.", "crm_lookup", {"query": "dev@northloop.io"},
           {"customer_id": "C-40219", "owner_verified": False, "last_login": {"ip": "102.89.34.17", "geo": "Lagos, NG", "at": "2026-03-09T03:12:44Z"},
            "payout_changed_at": "2026-03-09T03:15:02Z", "mfa": "disabled"})
    s.snap(8)
    back_note = ("[tier2-security -> L1] Returned: we cannot act on a takeover report until ownership is verified. "
                 "Please complete identity verification (macro: verify-owner) and re-escalate.")
    verify_res = {"ticket": "ZD-50277", "macro": "verify-owner", "status": "applied",
                  "result": "verification email sent to dev@northloop.io; CRM field owner_verified still false (pending customer click)"}
    s.call("Takeover indicators: foreign login, payout change, MFA off. Escalating to security.", "escalate",
           {"ticket": "ZD-50277", "queue": "tier2-security", "note": "Suspected ATO: Lagos login 03:12Z, payout changed 03:15Z, MFA disabled."},
           {"ticket": "ZD-50277", "queue": "tier2-security", "status": "queued"})
    s.snap(5)
    s.say("Escalated to tier2-security; waiting for them to pick it up.")
    s.user(back_note)
    s.snap(140)
    s.call("Understood, running ownership verification.", "apply_macro", {"ticket": "ZD-50277", "macro": "verify-owner"}, verify_res)
    s.snap(6)
    s.call("Verification has been sent. Re-escalating as requested.", "escalate",
           {"ticket": "ZD-50277", "queue": "tier2-security", "note": "Re-escalating: verify-owner macro applied. Suspected ATO, payout changed."},
           {"ticket": "ZD-50277", "queue": "tier2-security", "status": "queued"})
    s.snap(5)
    s.say("Re-escalated to tier2-security after applying verify-owner.")
    s.user(back_note)
    b = len(s.snaps) + 1
    s.snap(150)
    for i in range(3):
        s.call(["Applying verify-owner again as tier 2 asked.", "Tier 2 needs verification first; re-running the verify-owner macro.",
                "Running ownership verification per tier2-security's note."][i],
               "apply_macro", {"ticket": "ZD-50277", "macro": "verify-owner"}, verify_res)
        s.snap(6)
        s.call("Verification sent; escalating back to tier2-security.", "escalate",
               {"ticket": "ZD-50277", "queue": "tier2-security", "note": "Verification macro applied again; please handle the suspected takeover."},
               {"ticket": "ZD-50277", "queue": "tier2-security", "status": "queued"})
        s.snap(5)
        s.say("Escalated again; verify-owner has been applied.")
        s.user(back_note)
        s.snap(145 + 10 * i)
    return s, run(b, b + 6), "L1 and tier-2 hand the same takeover ticket back and forth: tier 2 wants verification, L1 re-sends the macro and re-escalates."


def support_healthy_batch(shape):
    s = Sess(SUP_SYS + " You are working the overnight queue: handle each ticket fully, then the operator pastes the next.", SUP_TOOLS)
    tickets = [
        ("ZD-61001", "Aiko Brandt", "aiko@lumenteas.com", "Starter monthly", "Labels printed yesterday show the wrong return address (our old warehouse in Reno).", "fix-return-address", "Updated the default return address guidance; they need to edit Settings > Locations."),
        ("ZD-61002", "Farid Qasemi", "farid@qasemi-rugs.com", "Business annual", "USPS says the label for 9400 1118 9922 3344 5566 77 was never scanned. Can I get the $14.85 back?", "unused-label-refund", "Unused label refunds are automatic after 30 days; this one is day 12."),
        ("ZD-61003", "Lena Kowalczyk", "lena@kowal-ceramics.pl", "Pro monthly", "Your API returns 422 'address_line1 too long' for addresses that FedEx accepts fine.", "api-field-limits", "Documented 35-char limit, suggested address_line2 split."),
        ("ZD-61004", "Bo Tran", "bo@tranbikes.vn", "Starter monthly", "How do I add a second user? The button is greyed out.", "seat-limit-starter", "Starter has 1 seat; upgrade path explained."),
        ("ZD-61005", "Grace Ilunga", "grace@ilunga.studio", "Pro annual", "We were charged $312 for a Canada Post surcharge that the quote didn't show.", None, "Over $200, escalate to billing-tier2."),
        ("ZD-61006", "Tomas Herrera", "tomas@sierrafoods.mx", "Business monthly", "The packing slip PDF is blank when printing from Safari 17.", "safari-pdf-workaround", "Known issue PW-2231, workaround: Chrome or download first."),
        ("ZD-61007", "Nadia Petrenko", "nadia@petrenko.dev", "Starter monthly", "Cancel my subscription please, we closed the shop.", "cancel-subscription", "Cancellation confirmed, data retained 90 days."),
        ("ZD-61008", "Owen MacLeod", "owen@glenbrew.co.uk", "Pro monthly", "Royal Mail labels stopped syncing tracking numbers to Shopify since Tuesday.", "shopify-resync", "Triggered resync; integration token had expired."),
        ("ZD-61009", "Ines Duarte", "ines@duarte-linens.pt", "Business annual", "Can we get a VAT invoice with our NIF PT509876543 on it?", "vat-invoice", "VAT number added, invoice regenerated."),
    ]
    for k, (tid, name, email, plan, body, macro, outcome) in enumerate(tickets):
        s.user(ticket_text(tid, name, email, plan, body))
        s.snap(0 if k == 0 else 50 + 13 * k)
        cid = "C-%d" % (70311 + 97 * k)
        s.call("Looking up %s." % name.split()[0], "crm_lookup", {"query": email},
               {"customer_id": cid, "plan": plan.lower().replace(" ", "_"), "open_tickets": 1 + k % 3, "ltv_cents": 12900 * (k + 2), "notes": outcome})
        s.snap(6 + k % 4)
        if macro:
            s.call("Applying the '%s' macro." % macro, "apply_macro", {"ticket": tid, "macro": macro},
                   {"ticket": tid, "macro": macro, "status": "applied", "status_after": "pending_customer"})
        else:
            s.call("Amount exceeds $200, escalating to billing-tier2.", "escalate",
                   {"ticket": tid, "queue": "billing-tier2", "note": "Unquoted Canada Post surcharge $312, customer disputes."},
                   {"ticket": tid, "queue": "billing-tier2", "status": "queued", "position": 4})
        s.say("%s handled: %s" % (tid, outcome))
    s.user("That's the whole overnight queue. Post a one-paragraph summary for the morning shift.")
    s.snap(40)
    return s, HEALTHY, "Nine different tickets, each with the same lookup-then-macro procedure and the same ticket boilerplate."


def support_healthy_backoff(shape):
    s = Sess(SUP_SYS, SUP_TOOLS)
    s.user(ticket_text("ZD-63390", "Priya Venkataraman", "priya@saffronbox.in", "Pro monthly",
                       "Our label balance shows -$48.20 but we topped up $500 this morning (receipt TX-9981-AB). "
                       "We can't print anything and 60 orders are waiting. URGENT."))
    s.snap(0)
    waits = [2, 4, 8, 16]
    for i, w in enumerate(waits):
        s.call("Looking up the account." if i == 0 else "CRM rate-limited; retrying after %ds." % waits[i - 1],
               "crm_lookup", {"query": "priya@saffronbox.in"},
               {"error": {"status": 429, "code": "rate_limited", "retry_after_s": w, "message": "CRM API quota exceeded for integration juniper-l1 (burst 20/10s)"}}, True)
        s.snap(3 + (waits[i - 1] if i else 0))
    s.call("Retrying after 16s.", "crm_lookup", {"query": "priya@saffronbox.in"},
           {"customer_id": "C-55102", "balance_cents": -4820, "topups": [{"id": "TX-9981-AB", "amount_cents": 50000, "status": "pending_settlement", "created": "2026-03-11T06:02:10Z"}],
            "orders_blocked": 60})
    s.snap(19)
    s.call("The $500 top-up is pending settlement, which is why the balance is negative. Applying the pending-topup macro.",
           "apply_macro", {"ticket": "ZD-63390", "macro": "pending-topup-credit-line"},
           {"ticket": "ZD-63390", "macro": "pending-topup-credit-line", "status": "applied", "temporary_credit_cents": 50000, "expires": "2026-03-12T06:02:10Z"})
    s.snap(7)
    s.call("Temporary credit granted. Replying to the customer.", "send_reply",
           {"ticket": "ZD-63390", "body": "Hi Priya, your $500 top-up (TX-9981-AB) is still settling with the bank. I've added a temporary $500 credit line so you can print your 60 orders now; it expires automatically once the top-up settles. Sorry for the scare! - Juniper"},
           {"ticket": "ZD-63390", "status": "sent", "status_after": "pending_customer"})
    s.snap(9)
    s.say("Replied and set to pending. The customer can print again.")
    s.user("[customer reply] It works, printing now. Thank you!!")
    s.snap(420)
    s.call("Closing the ticket.", "apply_macro", {"ticket": "ZD-63390", "macro": "solved-thanks"},
           {"ticket": "ZD-63390", "macro": "solved-thanks", "status": "applied", "status_after": "solved"})
    s.snap(5)
    return s, HEALTHY, "CRM lookups rate-limited four times (429 with growing retry_after), then success and resolution."


# ---------------------------------------------------------------- devops_incident
OPS_SYS = ("You are the on-call assistant for the payments platform (k8s cluster prod-eu-1). Use metrics, "
           "dashboards and runbooks. Prefer rollbacks over hot fixes during an incident. Page a human if the "
           "error budget burn exceeds 10x for 15 minutes.")
OPS_TOOLS = [("query_metrics", "Run a PromQL query over a range", {"promql": "string", "range": "string"}),
             ("kubectl", "Run a read/write kubectl command in prod-eu-1", {"args": "string"}),
             ("runbook_step", "Execute a named runbook step", {"runbook": "string", "step": "string"}),
             ("rollback", "Roll a deployment back to a revision", {"deployment": "string", "revision": "integer"})]


def java_log(n, base_ts, err_every=3):
    lines = []
    for i in range(n):
        ts = "2026-03-14T09:%02d:%02d.%03dZ" % (base_ts + i // 60 % 60, i % 60, (i * 37) % 1000)
        if i % err_every == 0:
            lines.append("%s ERROR [ledger-writer-7c9f-%d] c.p.ledger.PostingService - posting failed txn=tx_%08x\n"
                         "org.postgresql.util.PSQLException: FATAL: remaining connection slots are reserved for non-replication superuser connections\n"
                         "\tat org.postgresql.core.v3.ConnectionFactoryImpl.doAuthentication(ConnectionFactoryImpl.java:693)\n"
                         "\tat com.zaxxer.hikari.pool.HikariPool.createPoolEntry(HikariPool.java:476)\n"
                         "\tat com.payments.ledger.PostingService.post(PostingService.java:218)" % (ts, i % 4, 0x3fa20000 + i * 7919))
        else:
            lines.append("%s WARN  [hikari-housekeeper] c.z.h.pool.HikariPool - ledger-pool - Connection is not available, request timed out after 30000ms (total=%d, active=%d, idle=0, waiting=%d)"
                         % (ts, 40, 40, 112 + i % 9))
    return "\n".join(lines)


def ops_runaway_poll(shape):
    s = Sess(OPS_SYS, OPS_TOOLS)
    s.user("PAGE: [FIRING] CheckoutAPIHighErrorRate severity=critical checkout-api 5xx ratio 12.4% (threshold 2%) since 09:41Z. Deploy checkout-api rev 217 went out at 09:38Z.")
    s.snap(0)
    q = 'sum(rate(http_requests_total{job="checkout-api",code=~"5.."}[5m])) / sum(rate(http_requests_total{job="checkout-api"}[5m]))'
    s.call("Confirming the error rate.", "query_metrics", {"promql": q, "range": "30m"},
           {"resultType": "matrix", "series": [{"labels": {"job": "checkout-api"}, "last": 0.1241, "min": 0.0031, "max": 0.1262}]})
    s.snap(12)
    s.call("Rev 217 correlates with the spike. Rolling back to rev 216.", "rollback", {"deployment": "checkout-api", "revision": 216},
           {"deployment": "checkout-api", "status": "rolled_back", "revision": 216, "ready": "12/12"})
    s.snap(40)
    stuck = {"resultType": "vector", "series": [{"labels": {"job": "checkout-api"}, "value": 0.1238}], "evaluated_at": "09:52:00Z"}
    s.call("Rollback done. Checking whether the error rate drops.", "query_metrics", {"promql": q, "range": "5m"}, stuck)
    s.snap(60)
    for i in range(12):
        if i == 1:
            b = len(s.snaps) + 1
        s.call(["Still elevated at 12.4%. Metrics lag behind rollbacks; waiting another minute and re-checking.",
                "Error rate unchanged at 12.4%. Waiting for the 5m window to roll over, then checking again.",
                "No change yet (12.4%). Re-checking in 60s."][i % 3],
               "query_metrics", {"promql": q, "range": "5m"}, stuck)
        s.snap(60)
    return s, run(b, b + 7), "After a rollback the agent polls the same 5xx ratio every minute; the query result never changes (the metric is stuck) and it never escalates."


def ops_runaway_crashloop(shape):
    s = Sess(OPS_SYS, OPS_TOOLS, 2048)
    s.user("PAGE: [FIRING] LedgerWriterCrashLoop ledger-writer pods restarting (CrashLoopBackOff), postings queue depth 48k and growing.")
    s.snap(0)
    s.call("Getting pod status.", "kubectl", {"args": "get pods -n payments -l app=ledger-writer"},
           "NAME                             READY   STATUS             RESTARTS   AGE\n"
           "ledger-writer-7c9f6d8b5-2xkqp    0/1     CrashLoopBackOff   14         41m\n"
           "ledger-writer-7c9f6d8b5-9hw4z    0/1     CrashLoopBackOff   13         41m\n"
           "ledger-writer-7c9f6d8b5-mm2tc    0/1     CrashLoopBackOff   14         41m\n"
           "ledger-writer-7c9f6d8b5-tq8ln    0/1     CrashLoopBackOff   12         41m")
    s.snap(9)
    actions = [("rollout restart deployment/ledger-writer -n payments", "deployment.apps/ledger-writer restarted", "Restarting the deployment to clear stuck connections."),
               ("scale deployment/ledger-writer -n payments --replicas=2", "deployment.apps/ledger-writer scaled", "Maybe too many pods are exhausting Postgres connections; scaling down to 2."),
               ("set env deployment/ledger-writer -n payments HIKARI_MAX_POOL=10", "deployment.apps/ledger-writer env updated", "Lowering the Hikari pool size to 10 per pod."),
               ("rollout restart deployment/ledger-writer -n payments", "deployment.apps/ledger-writer restarted", "Restarting again with the smaller pool."),
               ("scale deployment/ledger-writer -n payments --replicas=1", "deployment.apps/ledger-writer scaled", "Scaling to a single replica to rule out contention."),
               ("set env deployment/ledger-writer -n payments HIKARI_MAX_POOL=5", "deployment.apps/ledger-writer env updated", "Trying an even smaller pool of 5."),
               ("rollout restart deployment/ledger-writer -n payments", "deployment.apps/ledger-writer restarted", "Restarting the deployment once more."),
               ("scale deployment/ledger-writer -n payments --replicas=3", "deployment.apps/ledger-writer scaled", "Scaling back up to 3."),
               ("set env deployment/ledger-writer -n payments HIKARI_MAX_POOL=20", "deployment.apps/ledger-writer env updated", "Raising the pool to 20.")]
    for i, (args, out, why) in enumerate(actions[:7]):
        s.call(why, "kubectl", {"args": args}, out)
        s.snap(20)
        if i == 1:
            b = len(s.snaps) + 1
        s.call("Checking the logs after the change.", "kubectl", {"args": "logs -n payments deploy/ledger-writer --tail=%d" % (12 + 6 * i)},
               java_log(12 + 6 * i, 41 + i))
        s.snap(45)
    return s, run(b, b + 6), "Alternating restart/scale/pool-size tweaks; every log check shows the same Postgres 'connection slots reserved' error, with a growing pasted log."


def ops_healthy_rollout(shape):
    s = Sess(OPS_SYS, OPS_TOOLS)
    s.user("PAGE: [FIRING] FraudScoreLatencyP99 fraud-scorer p99 2.8s (threshold 800ms) since 14:02Z after rev 88 (new model bundle).")
    s.snap(0)
    s.call("Rolling back fraud-scorer to rev 87.", "rollback", {"deployment": "fraud-scorer", "revision": 87},
           {"deployment": "fraud-scorer", "status": "rolling", "revision": 87, "ready": "0/20"})
    s.snap(15)
    ready = [3, 7, 11, 15, 18, 20]
    p99 = [2.71, 2.33, 1.87, 1.21, 0.82, 0.41]
    for i, (r, p) in enumerate(zip(ready, p99)):
        s.call("Checking rollout progress.", "kubectl", {"args": "rollout status deployment/fraud-scorer -n payments --watch=false"},
               "Waiting for deployment \"fraud-scorer\" rollout to finish: %d of 20 updated replicas are available..." % r if r < 20
               else "deployment \"fraud-scorer\" successfully rolled out")
        s.snap(30)
        s.call("%d/20 ready. Checking p99." % r, "query_metrics",
               {"promql": 'histogram_quantile(0.99, sum by (le) (rate(fraud_score_duration_seconds_bucket[2m])))', "range": "2m"},
               {"resultType": "vector", "series": [{"labels": {}, "value": p}], "evaluated_at": "14:%02d:00Z" % (21 + i)})
        s.snap(30)
    s.say("Rollout complete and p99 is back to 410ms, below the 800ms threshold. Recommend keeping rev 88 blocked until the model bundle is profiled.")
    s.user("Great. Write the incident timeline for the postmortem doc.")
    s.snap(120)
    return s, HEALTHY, "Rollback polled until done: ready count and p99 latency change every poll, then the incident is closed."


def ops_healthy_allgreen(shape):
    s = Sess("You are the payments platform status bot. Every 5 minutes you receive a metrics snapshot; post a short status line. Say ALL GREEN only if every SLO is met; otherwise name the breach.")
    svc = ["checkout-api", "ledger-writer", "fraud-scorer", "payout-worker", "webhook-relay"]
    for k in range(16):
        hh, mm = 2 + (k * 5) // 60, (k * 5) % 60
        rows = ["service          rps     p50_ms  p99_ms  5xx_ratio  saturation"]
        for j, name in enumerate(svc):
            rows.append("%-16s %-7d %-7d %-7d %.4f     %d%%" % (name, 180 + 37 * j + (k * 13 + j * 7) % 41, 12 + (k + j) % 9, 90 + (k * 17 + j * 29) % 130,
                                                               0.0002 + ((k * 3 + j) % 7) * 0.0001, 31 + (k * 5 + j * 11) % 24))
        s.user("Snapshot 2026-03-15T%02d:%02d:00Z (window 5m)\n%s\nSLOs: p99 < 400ms, 5xx < 0.5%%, saturation < 80%%." % (hh, mm, "\n".join(rows)))
        s.snap(0 if k == 0 else 300)
        s.say("%02d:%02dZ ALL GREEN - peak p99 %dms (%s), total %d rps." % (hh, mm, max(90 + (k * 17 + j * 29) % 130 for j in range(5)),
                                                                           svc[max(range(5), key=lambda j: (k * 17 + j * 29) % 130)],
                                                                           sum(180 + 37 * j + (k * 13 + j * 7) % 41 for j in range(5))))
    return s, HEALTHY, "A scheduled status bot: identical table layout every 5 minutes, numbers and timestamps change, the answer is ALL GREEN each time."


# ---------------------------------------------------------------- academic_lit_review
LIT_SYS = ("You are a research assistant helping a PhD student write a systematic review on "
           "sleep deprivation and working memory in adolescents. Search the literature, read abstracts, "
           "and maintain a findings table (author-year | design | n | measure | effect).")
LIT_TOOLS = [("search_papers", "Search a bibliographic index", {"query": "string", "cursor": "string"}),
             ("get_abstract", "Fetch title, venue and abstract of a paper", {"paper_id": "string"})]

PAPERS = [
    ("W2981", "Okafor & Lindqvist 2019", "Journal of Adolescent Health", "RCT", 64, "n-back 2-back accuracy", "d = -0.52"),
    ("W3107", "Haddad et al. 2020", "Sleep", "crossover", 38, "digit span backward", "d = -0.31"),
    ("W3344", "Moreau, Tanaka & Biel 2021", "Developmental Science", "cohort", 1204, "list sorting (NIH Toolbox)", "beta = -0.08 per hour lost"),
    ("W3419", "Santos-Rivera 2021", "Child Development", "RCT", 90, "Corsi block span", "d = -0.44"),
    ("W3560", "Ng, Feldmann & Osei 2022", "Sleep Medicine", "cross-sectional", 2310, "self-report + n-back", "r = 0.12"),
    ("W3688", "Abadi et al. 2022", "NeuroImage", "fMRI crossover", 27, "Sternberg task load 6", "DLPFC activation -18%"),
    ("W3702", "Kristiansen 2023", "J. Sleep Research", "RCT", 112, "operation span", "d = -0.29"),
    ("W3815", "Li, Park & Hughes 2023", "Pediatrics", "cohort", 5120, "NIH Toolbox WM composite", "beta = -0.05"),
    ("W3901", "Mbeki & Sorensen 2024", "Psychological Science", "RCT (preregistered)", 146, "2-back d'", "d = -0.18 (ns)"),
    ("W3977", "Varga et al. 2024", "JAMA Pediatrics", "meta-analysis", 4871, "mixed WM measures", "g = -0.33"),
    ("W4012", "Oduya 2025", "Sleep Health", "ecological momentary", 203, "smartphone n-back", "within-person b = -0.07"),
    ("W4099", "Fontaine & Reyes 2025", "Nature Human Behaviour", "RCT", 301, "complex span battery", "d = -0.21"),
]


def abstract(p):
    pid, au, venue, design, n, meas, eff = p
    return ("%s (%s). Title: Sleep restriction and working memory performance in adolescents: a %s study.\n"
            "Background: Adolescents routinely obtain less sleep than recommended, yet causal evidence on working "
            "memory is mixed. Methods: We studied %d participants aged 13-18 using a %s design; working memory was "
            "indexed by %s after restricted (5-6 h) versus adequate (9 h) sleep opportunity. Results: Sleep "
            "restriction was associated with poorer performance (%s). Effects were larger under high load and in "
            "participants with later chronotype. Conclusions: Findings %s the hypothesis that insufficient sleep "
            "impairs adolescent working memory; implications for school start times are discussed. [paper_id %s]"
            % (au, venue, design, n, design, meas, eff, "do not support" if "ns" in eff else "support", pid))


def lit_runaway_cycle(shape):
    s = Sess(LIT_SYS, LIT_TOOLS)
    s.user("Find RCTs on sleep restriction and working memory in adolescents published after 2018. I need at least 8 for the table.")
    s.snap(0)
    same = {"total": 3, "results": [{"paper_id": p[0], "title": "Sleep restriction and working memory performance in adolescents", "authors": p[1], "venue": p[2]} for p in PAPERS[:3]], "next_cursor": None}
    queries = ['"sleep restriction" AND "working memory" AND adolescen* AND randomized',
               '"sleep deprivation" AND "working memory" AND teenager AND RCT',
               '"sleep loss" AND "memory span" AND adolescent AND randomised trial',
               'sleep restriction adolescents working memory randomized controlled',
               '"insufficient sleep" AND "working memory" AND youth AND trial']
    for i in range(6):
        q = queries[i % len(queries)]
        s.call("Searching." if i == 0 else "Only three hits again. Let me broaden the query wording.", "search_papers", {"query": q, "cursor": ""}, same)
        s.snap(8)
        if i == 1:
            b = len(s.snaps)
        s.call("Reading the first result.", "get_abstract", {"paper_id": "W2981"}, abstract(PAPERS[0]))
        s.snap(6)
        s.say("Okafor & Lindqvist 2019 is already in the table. I still need more RCTs; I'll try a differently worded search.")
        s.user("Keep going until you have 8.")
        s.snap(20)
    return s, run(b, b + 7), "Reworded searches return the same three papers; the agent re-reads the same abstract and searches again (period-3 cycle)."


def lit_runaway_continue(shape):
    s = Sess(LIT_SYS)
    s.user("Here are my notes on five papers. Turn them into the findings table, then continue with a narrative synthesis.\n\n" +
           "\n\n".join(abstract(p) for p in PAPERS[:5]))
    s.snap(0)
    table = "| author-year | design | n | measure | effect |\n|---|---|---|---|---|\n" + "\n".join("| %s | %s | %d | %s | %s |" % (p[1], p[3], p[4], p[5], p[6]) for p in PAPERS[:5])
    synth = ("Across the five studies, restricted sleep was consistently associated with poorer working memory, with "
             "experimental designs (Okafor & Lindqvist 2019; Santos-Rivera 2021) showing moderate effects (d about -0.4 to -0.5) "
             "and the large cohort (Moreau et al. 2021) a small dose-response slope. The cross-sectional study (Ng et al. 2022) "
             "is weakest for causal inference.")
    s.say(table + "\n\n" + synth)
    s.user("continue")
    s.snap(40)
    s.say("Continuing the synthesis: " + synth + " Heterogeneity in measures (n-back vs span tasks) limits pooling.")
    s.user("continue")
    s.snap(35)
    reps = [table + "\n\n" + synth,
            "Here is the table again with the synthesis:\n\n" + table + "\n\n" + synth,
            table + "\n\n" + synth,
            "To continue: " + synth,
            table + "\n\n" + synth,
            "Continuing: " + synth,
            table + "\n\n" + synth,
            "Sure, continuing: " + synth,
            table + "\n\n" + synth,
            table + "\n\n" + synth]
    b = None
    for i, r in enumerate(reps):
        s.say(r)
        s.user("continue" if i % 3 else "continue, you're repeating yourself - move on to limitations and gaps")
        if i == 0:
            b = len(s.snaps) + 1
        s.snap(30 + 5 * i)
    return s, run(b, b + 5), "Tool-less: every 'continue' gets the same table and synthesis paragraph back, even after the user complains."


def lit_healthy_pages(shape):
    s = Sess(LIT_SYS, LIT_TOOLS)
    s.user("Do a full sweep: search 'sleep AND working memory AND adolescen*' and list every result page, then tell me which to screen.")
    s.snap(0)
    header = {"query": "sleep AND working memory AND adolescen*", "index": "OpenScholar v3", "sort": "relevance", "page_size": 4,
              "filters": {"year_from": 2018, "language": "en", "doc_types": ["article", "preprint"]}, "total": 12,
              "notice": "Results are provided for research use; abstracts may be truncated. Cite the original publishers."}
    for pg in range(3):
        res = dict(header)
        res["results"] = [{"paper_id": p[0], "authors": p[1], "venue": p[2], "title": "Sleep and working memory in adolescents (%s)" % p[3]} for p in PAPERS[pg * 4:pg * 4 + 4]]
        res["next_cursor"] = "c%03d" % (pg * 4 + 4) if pg < 2 else None
        s.call("Fetching page %d." % (pg + 1), "search_papers", {"query": header["query"], "cursor": "" if pg == 0 else "c%03d" % (pg * 4)}, res)
        s.snap(7)
    for i, p in enumerate(PAPERS[:8]):
        s.call("Reading %s." % p[1], "get_abstract", {"paper_id": p[0]}, abstract(p))
        s.snap(6 + i % 3)
    s.say("All 12 listed; 8 abstracts read. Screen in: the 5 RCTs/crossovers plus the meta-analysis; exclude the cross-sectional and EMA studies.")
    s.user("Good, build the table for the included ones.")
    s.snap(60)
    return s, HEALTHY, "Paginated search (same header and notice on every page, new cursor and papers) then one abstract after another."


def lit_healthy_stateless(shape):
    doc = "\n\n".join(abstract(p) for p in PAPERS)
    qs = ["Which studies are randomized?", "What is the largest sample size and which study?", "Which study used fMRI and what did it find?",
          "List the measures used in studies published in 2024 or later.", "Is there any null result? Quote the effect.",
          "Which venues appear more than once?", "Summarize the dose-response evidence in two sentences.",
          "Which studies used the NIH Toolbox?", "What does the meta-analysis report?"]
    ans = ["Randomized: Okafor & Lindqvist 2019, Santos-Rivera 2021, Kristiansen 2023, Mbeki & Sorensen 2024, Fontaine & Reyes 2025.",
           "Li, Park & Hughes 2023 (cohort, n = 5120).", "Abadi et al. 2022: 18% lower DLPFC activation on a load-6 Sternberg task after restriction.",
           "Mbeki & Sorensen 2024 (2-back d'), Varga et al. 2024 (mixed), Oduya 2025 (smartphone n-back), Fontaine & Reyes 2025 (complex span).",
           "Yes: Mbeki & Sorensen 2024, d = -0.18 (ns).", "None; every venue appears once.",
           "Cohorts show small per-hour slopes (beta -0.05 to -0.08). Experiments show moderate effects.",
           "Moreau, Tanaka & Biel 2021 and Li, Park & Hughes 2023.", "Varga et al. 2024: g = -0.33 over 4871 participants."]
    s = Sess("Answer questions about the supplied abstracts only. Cite author-year.")
    for i, (q, a) in enumerate(zip(qs, ans)):
        s2 = s
        s2.ev = []  # stateless: every request is the document plus one question
        s2.user("Abstracts:\n\n" + doc + "\n\nQuestion: " + q)
        s2.snap(0 if i == 0 else 25 + 4 * i)
        s2.snaps[-1] = (s2.t, list(s2.ev))
    return s, HEALTHY, "Stateless Q&A: the same 12-abstract document resent with a different question each turn."


# ---------------------------------------------------------------- ecommerce_listing
SHOP_SYS = ("You write product listings for Hearth & Hollow, an online kitchenware shop. Rules: title <= 60 characters, "
            "meta description 140-155 characters, no superlatives ('best', 'perfect'), mention material and capacity, "
            "body 120-180 words in a warm, practical tone. Use check_seo before publish.")
SHOP_TOOLS = [("get_spec_sheet", "Fetch the supplier spec sheet for a SKU", {"sku": "string"}),
              ("check_seo", "Validate a listing against the SEO rules", {"sku": "string", "title": "string", "meta": "string"}),
              ("upload_image", "Upload a product image to the CDN", {"sku": "string", "url": "string"}),
              ("publish", "Publish a listing to the storefront", {"sku": "string", "title": "string", "meta": "string", "body": "string"})]

SKUS = [("HH-DO-5QT", "enamelled cast-iron Dutch oven", "5 qt / 4.7 L", "cast iron, vitreous enamel", "Cherry Red", "oven-safe to 500F / 260C"),
        ("HH-SK-12", "carbon-steel skillet", "12 in / 30 cm", "1.5 mm spun carbon steel", "raw, pre-seasoned", "induction compatible"),
        ("HH-KN-8C", "chef's knife", "8 in / 20 cm blade", "VG-10 core, 33-layer damascus", "walnut handle", "HRC 60-61"),
        ("HH-MB-3", "nesting mixing bowl set", "1.5 / 3 / 5 qt", "18/8 stainless steel", "silicone non-slip base", "dishwasher safe"),
        ("HH-TK-17", "stovetop kettle", "1.7 L", "brushed stainless, copper base", "whistle spout", "all hobs incl. induction"),
        ("HH-CB-18", "end-grain cutting board", "18 x 12 x 1.5 in", "acacia end grain", "juice groove", "hand wash only"),
        ("HH-SP-3", "saucepan", "3 qt / 2.8 L", "tri-ply stainless, aluminium core", "glass lid", "oven-safe to 450F"),
        ("HH-GR-BX", "box grater", "4-sided, 10 in tall", "photo-etched stainless blades", "rubber base", "dishwasher safe")]


def spec_sheet(k):
    sku, kind, cap, mat, finish, note = SKUS[k]
    lines = ["SUPPLIER SPEC SHEET  -  Lindholm Housewares Ltd.  -  Form QA-114 rev.7", "=" * 72,
             "SKU: %s    Product: %s" % (sku, kind), "Capacity / size: %s" % cap, "Material: %s" % mat, "Finish / feature: %s" % finish,
             "Care / compatibility: %s" % note, "Country of origin: %s" % ["Vietnam", "Portugal", "Japan", "India", "China", "Vietnam", "Portugal", "Taiwan"][k],
             "Net weight: %.2f kg   Gross weight: %.2f kg   Carton qty: %d" % (0.4 + k * 0.61, 0.6 + k * 0.66, 4 + k % 3 * 2), "",
             "COMPLIANCE", "-" * 72]
    for j, std in enumerate(["EU 1935/2004 food contact", "FDA 21 CFR 175.300", "LFGB section 30/31", "California Prop 65", "REACH SVHC < 0.1%"]):
        lines.append("  %-34s PASS  report LH-%d-%02d  issued 2025-%02d-%02d" % (std, 4400 + k * 17, j, 1 + (k + j) % 12, 3 + j * 5))
    lines += ["", "STANDARD TERMS (applies to all SKUs)", "-" * 72]
    terms = ("Lindholm Housewares warrants that goods conform to this specification at the time of shipment. Tolerances: "
             "dimensions +/- 2 mm, weight +/- 3%%, colour to approved master sample under D65 illuminant. Claims for visible "
             "defects must be raised within 14 days of delivery with photographs and carton labels. Retailer is responsible "
             "for the accuracy of marketing claims; claims of 'non-toxic', 'lifetime', or 'best' require written approval. ")
    for j in range(14):
        lines.append("%d.%d %s" % (7, j + 1, terms))
    return "\n".join(lines)


def shop_runaway_seo(shape):
    s = Sess(SHOP_SYS, SHOP_TOOLS)
    s.user("Write and publish the listing for HH-DO-5QT.")
    s.snap(0)
    s.call("Getting the spec sheet.", "get_spec_sheet", {"sku": "HH-DO-5QT"}, spec_sheet(0))
    s.snap(8)
    titles = ["Enamelled Cast-Iron Dutch Oven 5 Quart in Cherry Red with Lid",
              "Cherry Red Enamelled Cast Iron Dutch Oven, 5 Qt, Oven Safe 500F",
              "5 Quart Enamelled Cast-Iron Dutch Oven with Lid - Cherry Red Finish",
              "Enamelled Cast Iron Dutch Oven (5 qt / 4.7 L) in Cherry Red",
              "Cherry Red 5-Quart Enamelled Cast-Iron Dutch Oven With Tight Lid"]
    meta = ("A 5 qt enamelled cast-iron Dutch oven in Cherry Red that braises, bakes bread and simmers stews evenly; oven-safe to 500F and easy to clean.")
    b = None
    for i in range(11):
        t = titles[i % len(titles)]
        s.call("Checking SEO." if i == 0 else "Shortening the title and re-checking.", "check_seo", {"sku": "HH-DO-5QT", "title": t, "meta": meta},
               {"ok": False, "errors": [{"field": "title", "rule": "max_length", "limit": 60, "actual": len(t) + 3,
                                         "message": "Title exceeds 60 characters after storefront suffix ' | Hearth & Hollow' is counted as 3 chars"}]})
        if i == 1:
            b = len(s.snaps) + 1
        s.snap(10)
    return s, run(b, b + 6), "Every reworded title is 60-64 characters and fails the same max-length rule (the checker adds 3); the agent keeps paraphrasing."


def shop_runaway_upload(shape):
    s = Sess(SHOP_SYS, SHOP_TOOLS)
    s.user("Upload the supplier photos for HH-KN-8C and publish: https://assets.lindholm-hw.example/p/HH-KN-8C/front.jpg")
    s.snap(0)
    err = ('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Request has expired</Message>'
           '<X-Amz-Expires>3600</X-Amz-Expires><Expires>2026-03-02T10:14:07Z</Expires><ServerTime>2026-03-16T08:51:30Z</ServerTime>'
           '<RequestId>7T2K9Q0PX1</RequestId></Error>\nupstream fetch failed: HTTP 403 from assets.lindholm-hw.example')
    b = None
    for i in range(12):
        s.call(["Uploading the front image.", "Upload failed with 403; retrying.", "Retrying the upload; the supplier CDN may be flaky.",
                "Trying the upload again."][min(i, 3)], "upload_image",
               {"sku": "HH-KN-8C", "url": "https://assets.lindholm-hw.example/p/HH-KN-8C/front.jpg"}, err, True)
        if i == 1:
            b = len(s.snaps) + 1
        s.snap(5 if i == 0 else 4 + 2 * i)
    return s, run(b, b + 5), "A presigned supplier URL expired two weeks ago (403 AccessDenied); the agent retries the identical upload."


LISTING_COPY = [
    ("Enamelled Cast-Iron Dutch Oven, 5 qt, Cherry Red",
     "A 5 qt enamelled cast-iron Dutch oven in Cherry Red for slow braises, stews and crusty bread; oven-safe to 260C and easy to wipe clean after use."),
    ("Carbon-Steel Skillet 12 in, Pre-seasoned",
     "A 12 in spun carbon-steel skillet, pre-seasoned and induction ready, for hard sears and everyday eggs; lighter than cast iron and built to last years."),
    ("VG-10 Damascus Chef's Knife, 8 in, Walnut Handle",
     "An 8 in chef's knife with a VG-10 core and 33-layer damascus cladding, hardened to HRC 60-61, with a walnut handle that sits comfortably in the hand."),
    ("Stainless Steel Mixing Bowls, Set of 3",
     "Three nesting 18/8 stainless steel mixing bowls (1.5, 3 and 5 qt) with silicone non-slip bases; dishwasher safe and light enough for one-handed use."),
    ("Stovetop Whistling Kettle 1.7 L, Copper Base",
     "A 1.7 L brushed stainless stovetop kettle with a copper base and whistle spout that works on every hob, including induction, and pours without drips."),
    ("Acacia End-Grain Cutting Board, 18 x 12 in",
     "An 18 x 12 in end-grain acacia cutting board with a juice groove; end grain is gentle on knife edges and hides cut marks. Hand wash and oil monthly."),
    ("Tri-Ply Stainless Saucepan 3 qt with Glass Lid",
     "A 3 qt tri-ply stainless saucepan with an aluminium core for even heat from base to rim, a glass lid to watch the simmer, and oven use up to 230C."),
    ("Four-Sided Box Grater, Photo-Etched Blades",
     "A 10 in four-sided box grater with photo-etched stainless blades for zest, parmesan, cheddar and slices; rubber base keeps it steady. Dishwasher safe."),
]


def shop_healthy_batch(shape):
    s = Sess(SHOP_SYS, SHOP_TOOLS, 1500)
    bodies = ["Heavy enamelled cast iron holds heat for slow braises and no-knead loaves.", "Spun carbon steel that darkens and improves with every sear.",
              "A VG-10 core wrapped in 33 layers gives a keen, durable edge.", "Three 18/8 stainless bowls nest to save cupboard space.",
              "A brushed stainless kettle with a copper base that whistles when ready.", "Acacia end grain is kind to knife edges and hides cut marks.",
              "Tri-ply construction spreads heat evenly from base to rim.", "Four photo-etched faces for zest, parmesan, cheddar and slices."]
    for k, sku in enumerate(SKUS):
        s.user("Next SKU: %s. Same procedure: spec sheet, draft, check_seo, publish." % sku[0])
        s.snap(0 if k == 0 else 30 + 7 * k)
        s.call("Fetching the spec sheet for %s." % sku[0], "get_spec_sheet", {"sku": sku[0]}, spec_sheet(k))
        s.snap(6)
        title, meta = LISTING_COPY[k]
        s.call("Draft ready; checking SEO.", "check_seo", {"sku": sku[0], "title": title, "meta": meta}, {"ok": True, "warnings": [] if k % 3 else ["meta close to lower bound"]})
        s.snap(9)
        s.call("SEO passes; publishing.", "publish", {"sku": sku[0], "title": title, "meta": meta, "body": bodies[k]},
               {"sku": sku[0], "status": "live", "url": "https://hearthandhollow.example/p/%s" % sku[0].lower()})
        s.say("%s is live." % sku[0])
    return s, HEALTHY, "Eight SKUs with the same instruction and long spec sheets sharing a 14-clause terms boilerplate; each item is new."


def shop_healthy_refine(shape):
    s = Sess(SHOP_SYS)
    draft = ("Carbon-Steel Skillet 12 in, Pre-Seasoned\n\nMeta: A 12 in spun carbon-steel skillet, pre-seasoned and induction ready, "
             "for high-heat searing and everyday eggs; lighter than cast iron.\n\nBody: This 1.5 mm spun carbon-steel skillet heats fast "
             "and sears hard. It arrives pre-seasoned and builds a slick patina with use. Works on gas, electric, induction and the grill.")
    s.user("Draft a listing for HH-SK-12 (12 in carbon steel skillet, 1.5 mm, pre-seasoned, induction).")
    s.snap(0)
    edits = [("Make the title mention 30 cm too.", "Carbon-Steel Skillet 12 in / 30 cm, Pre-Seasoned"),
             ("Meta is 139 chars, needs 140-155.", "for high-heat searing and everyday eggs; noticeably lighter than cast iron."),
             ("Say 'oven safe' in the body.", "Works on gas, electric, induction, the grill and in the oven."),
             ("Drop 'hard', sounds odd.", "and sears beautifully."),
             ("Add care instructions: hand wash, dry on heat, thin oil coat.", " Care: hand wash, dry on a warm burner, wipe a thin coat of oil."),
             ("Title casing: 'Pre-seasoned' lowercase s.", "Carbon-Steel Skillet 12 in / 30 cm, Pre-seasoned"),
             ("Perfect, approved. Final version please.", None)]
    cur = draft
    s.say(draft)
    for i, (ask, change) in enumerate(edits):
        s.user(ask)
        s.snap(45 + 11 * i)
        if change is None:
            s.say("Final version:\n\n" + cur)
            continue
        if i in (0, 5):
            cur = change + "\n" + cur.split("\n", 1)[1]
        elif i == 1:
            cur = cur.replace("for high-heat searing and everyday eggs; lighter than cast iron.", change)
        elif i == 2:
            cur = cur.replace("Works on gas, electric, induction and the grill.", change)
        elif i == 3:
            cur = cur.replace("and sears hard.", change)
        else:
            cur = cur + change
        s.say(cur)
    s.user("Thanks, publishing it myself.")
    s.snap(30)
    return s, HEALTHY, "Iterative refinement: the whole listing is re-sent after each small edit; every reply differs by one phrase."


# ---------------------------------------------------------------- voice_assistant
VOICE_SYS = ("You are Wren, a kitchen smart-speaker assistant. Replies are spoken aloud: one or two short sentences, no markdown. "
             "Device context (time, location, active timers) is prepended to each utterance in brackets.")


def voice_runaway_repeat(shape):
    s = Sess(VOICE_SYS, max_tokens=120)
    b = None
    for i in range(14):
        s.user("[07:%02d:%02d Leeds, timers: none] what's the weather like today" % (12 + (i * 9) // 60, (i * 9) % 60))
        if i == 2:
            b = len(s.snaps) + 1
        s.snap(0 if i == 0 else 9)
        s.say("Today in Leeds it's 8 degrees and drizzly this morning, brightening to 12 by the afternoon with a light westerly breeze.")
    return s, run(b, b + 6), "A stuck wake-word trigger re-sends the same weather utterance every 9 seconds; the assistant gives the same answer each time."


def voice_runaway_cycle(shape):
    s = Sess(VOICE_SYS, max_tokens=120)
    pairs = [("[18:40 timers: none, alarm: none] stop", "There's nothing playing right now."),
             ("[18:40 timers: none, alarm: none] turn off the alarm", "You don't have any alarms ringing."),
             ("[18:40 timers: none, alarm: none] cancel the timer", "You don't have any timers set.")]
    b = None
    for i in range(15):
        u, a = pairs[i % 3]
        s.user(u.replace("18:40", "18:%02d" % (40 + i // 6)))
        if i == 4:
            b = len(s.snaps) + 1
        s.snap(0 if i == 0 else 6)
        s.say(a)
    return s, run(b, b + 6), "A beeping appliance (not the speaker) keeps someone cycling stop / turn off alarm / cancel timer; identical answers in a period-3 cycle."


def voice_healthy_day(shape):
    s = Sess(VOICE_SYS, max_tokens=120)
    day = [("06:45", "none", "what's the weather", "It's 6 degrees and clear in Leeds, reaching 13 this afternoon."),
           ("06:52", "none", "set a timer for 4 minutes", "Four-minute timer, starting now."),
           ("06:57", "none", "remind me to take the bins out at 8", "Okay, I'll remind you to take the bins out at 8 a.m."),
           ("07:30", "none", "set a timer for 10 minutes", "Ten-minute timer, starting now."),
           ("12:05", "none", "what's the weather", "It's 12 degrees with some cloud; rain is likely after 4 p.m."),
           ("12:10", "none", "set a timer for 4 minutes", "Four-minute timer, starting now."),
           ("17:20", "none", "what's the weather tomorrow", "Tomorrow looks wet: 9 degrees and rain most of the day."),
           ("17:42", "none", "set a timer for 25 minutes", "Twenty-five-minute timer, starting now."),
           ("17:55", "pasta 12:01 left", "how long left on the timer", "Twelve minutes left on your 25-minute timer."),
           ("18:03", "pasta 3:58 left", "add 5 minutes", "Added five minutes. Eight minutes fifty-eight left."),
           ("18:14", "none", "set a timer for 4 minutes", "Four-minute timer, starting now."),
           ("21:30", "none", "remind me to take the bins out at 8", "Okay, I'll remind you tomorrow at 8 a.m. to take the bins out."),
           ("21:31", "none", "what's the weather", "It's 7 degrees and raining lightly in Leeds right now."),
           ("21:40", "none", "set an alarm for 6:30", "Alarm set for 6:30 tomorrow morning.")]
    prev = None
    for i, (hm, timers, u, a) in enumerate(day):
        h, m = map(int, hm.split(":"))
        now = h * 3600 + m * 60
        s.user("[%s Leeds, timers: %s] %s" % (hm, timers, u))
        s.snap(0 if prev is None else now - prev)
        prev = now
        s.say(a)
    return s, HEALTHY, "A whole day of short recurring intents (weather, 4-minute tea timer, bin reminder) hours apart, with changing context and answers."


def voice_healthy_recipe(shape):
    s = Sess(VOICE_SYS + " The user is cooking from the recipe 'Weeknight shakshuka' (8 steps).", max_tokens=150)
    steps = ["Step 1: Heat two tablespoons of olive oil in a wide pan over medium heat.",
             "Step 2: Add one sliced onion and one sliced red pepper; cook for 8 minutes until soft.",
             "Step 3: Stir in three crushed garlic cloves, a teaspoon of cumin and a teaspoon of smoked paprika for one minute.",
             "Step 4: Pour in two tins of chopped tomatoes and a pinch of sugar; simmer 10 minutes.",
             "Step 5: Season with salt, pepper and a little chilli flakes to taste.",
             "Step 6: Make six wells in the sauce and crack an egg into each.",
             "Step 7: Cover and cook 6 to 8 minutes until the whites are set.",
             "Step 8: Scatter with feta and parsley and serve with warm bread. That's the last step, enjoy!"]
    asks = ["start the recipe", "next step", "set a timer for 8 minutes", "next step", "next step", "set a timer for 10 minutes",
            "next step", "next step", "next step", "set a timer for 7 minutes", "next step", "what was step 4 again", "thank you"]
    k = 0
    t = 0
    for i, a in enumerate(asks):
        s.user("[19:%02d timers: %s] %s" % (5 + t // 60, "none", a))
        gap = [0, 40, 15, 500, 60, 15, 620, 30, 45, 20, 430, 25, 35][i]
        t += gap
        s.snap(gap)
        if a in ("start the recipe", "next step"):
            s.say(steps[k])
            k += 1
        elif a.startswith("set"):
            s.say("%s-minute timer, starting now." % a.split()[4].title())
        elif a.startswith("what"):
            s.say(steps[3])
        else:
            s.say("You're welcome. Enjoy the shakshuka!")
    return s, HEALTHY, "Cooking along a recipe: 'next step' and 'set a timer' recur, each answered with the next step or a new duration."


# ---------------------------------------------------------------- data_cleaning
DATA_SYS = ("You clean customer CSV exports for the CRM migration. Use the python tool (pandas 2.2 available; files under /data). "
            "Deduplicate on normalised email, normalise phone numbers to E.164, dates to ISO 8601, and run validate.py before writing /out.")
DATA_TOOLS = [("python", "Execute Python code in a sandbox and return stdout/stderr", {"code": "string"})]

FIRST = ["Ana", "Björn", "Chidi", "Dana", "Emeka", "Fatima", "Goran", "Hana", "Ivan", "Jun", "Kemal", "Lucía", "Mateo", "Noor", "Olu", "Pavla"]
LAST = ["Silva", "Lund", "Okeke", "Levi", "Nwosu", "Haddad", "Petrović", "Sato", "Kuznetsov", "Wei", "Aydın", "Gómez", "Rossi", "Rahman", "Adeyemi", "Novak"]


def csv_rows(batch, n, start=0):
    out = ["customer_id,full_name,email,phone,signup_date,country"]
    for i in range(start, start + n):
        f, l = FIRST[(i + batch) % 16], LAST[(i * 7 + batch) % 16]
        out.append("%d,%s %s,%s.%s%s@%s,%s,%s,%s" % (
            100000 + batch * 1000 + i, f, l, f.lower(), l.lower(), "" if i % 5 else " ", ["gmail.com", "GMAIL.com", "outlook.com", "proton.me"][i % 4],
            ["+44 7700 900%03d" % i, "07700 900%03d" % i, "(0)7700-900-%03d" % i][i % 3],
            ["2023-%02d-%02d" % (1 + i % 12, 1 + i % 28), "%02d/%02d/2023" % (1 + i % 28, 1 + i % 12)][i % 2], ["GB", "UK", "gb"][i % 3]))
    return "\n".join(out)


def data_runaway_dates(shape):
    s = Sess(DATA_SYS, DATA_TOOLS, 2048)
    s.user("Clean /data/customers_batch_07.csv and write /out/customers_batch_07.csv.")
    s.snap(0)
    s.call("Loading a preview.", "python", {"code": "import pandas as pd\ndf = pd.read_csv('/data/customers_batch_07.csv')\nprint(df.head(20).to_csv(index=False)); print(len(df))"},
           csv_rows(7, 20) + "\n4812")
    s.snap(8)
    tb = ("Traceback (most recent call last):\n  File \"<sandbox>\", line 4, in <module>\n"
          "  File \"/usr/lib/python3.12/site-packages/pandas/core/tools/datetimes.py\", line 1067, in to_datetime\n    values = convert_listlike(arg._values, format)\n"
          "  File \"/usr/lib/python3.12/site-packages/pandas/core/tools/datetimes.py\", line 435, in _convert_listlike_datetimes\n    return _array_strptime_with_fallback(arg, name, utc, format, exact, errors)\n"
          "  File \"strptime.pyx\", line 501, in pandas._libs.tslibs.strptime.array_strptime\n"
          "ValueError: time data \"14/03/2023\" doesn't match format \"%m/%d/%Y\", at position 1. You might want to try:\n"
          "    - passing `format` if your strings have a consistent format;\n    - passing `format='ISO8601'` if your strings are all ISO8601 but not necessarily in exactly the same format;\n"
          "    - passing `format='mixed'`, and the format will be inferred for each element individually. You might want to use `dayfirst` alongside this.")
    attempts = [("df['signup_date'] = pd.to_datetime(df['signup_date'], format='%m/%d/%Y')", "Parsing dates as US format."),
                ("df['signup_date'] = pd.to_datetime(df['signup_date'].str.strip(), format='%m/%d/%Y')", "Maybe whitespace; stripping before parsing."),
                ("df['signup_date'] = pd.to_datetime(df['signup_date'].astype(str), format='%m/%d/%Y', exact=True)", "Casting to str first."),
                ("df['signup_date'] = pd.to_datetime(df['signup_date'].str.replace('-', '/'), format='%m/%d/%Y')", "Unifying separators to slashes."),
                ("df['signup_date'] = pd.to_datetime(df['signup_date'], format='%m/%d/%Y', errors='raise')", "Being explicit about errors.")]
    b = None
    for i in range(12):
        code, why = attempts[i % len(attempts)]
        s.call(why, "python", {"code": "import pandas as pd\ndf = pd.read_csv('/data/customers_batch_07.csv')\ndf['email'] = df['email'].str.strip().str.lower()\n" + code + "\nprint(df['signup_date'].head())"}, tb, True)
        if i == 1:
            b = len(s.snaps) + 1
        s.snap(12)
    return s, run(b, b + 6), "Day-first dates parsed with a month-first format: five cosmetic variations of the same call, the same ValueError every time."


def data_runaway_reread(shape):
    s = Sess(DATA_SYS, DATA_TOOLS, 2048)
    s.user("Dedupe /data/customers_batch_12.csv on email and tell me how many duplicates there were.")
    s.snap(0)
    head = csv_rows(12, 60)
    dtypes = "customer_id      int64\nfull_name       object\nemail           object\nphone           object\nsignup_date     object\ncountry         object\ndtype: object\nrows: 6120"
    b = None
    for i in range(8):
        s.call(["Let me look at the data first.", "Let me re-inspect the rows before deduping.", "Looking at the data again to be sure of the email format."][min(i, 2)],
               "python", {"code": "import pandas as pd\ndf = pd.read_csv('/data/customers_batch_12.csv')\nprint(df.head(60).to_csv(index=False))"}, head)
        s.snap(9)
        s.call("Checking the column types.", "python", {"code": "print(df.dtypes); print('rows:', len(df))"}, dtypes)
        if i == 1:
            b = len(s.snaps) + 1
        s.snap(7)
    return s, run(b, b + 6), "The agent alternates head() and dtypes on the same file without ever deduping; context grows with the same 60-row preview (period 2)."


def data_healthy_batches(shape):
    s = Sess(DATA_SYS, DATA_TOOLS, 1500)
    code = ("import pandas as pd, phonenumbers\nfrom cleanlib import normalise\n"
            "df = pd.read_csv('/data/customers_batch_%02d.csv')\nbefore = len(df)\ndf = normalise(df, country='GB', dayfirst=True)\n"
            "df = df.drop_duplicates(subset='email_norm', keep='first')\n"
            "report = __import__('validate').run(df)\ndf.to_csv('/out/customers_batch_%02d.csv', index=False)\n"
            "print(f'batch {%d:02d}: {before} rows -> {len(df)} rows'); print(report)")
    for bi, batch in enumerate(range(1, 11)):
        s.user("Batch %d of 10: /data/customers_batch_%02d.csv. Same pipeline as before." % (batch, batch) if bi else
               "Run the standard pipeline on batches 1-10, one at a time; I'll tell you when to go on.")
        s.snap(0 if bi == 0 else 60 + 9 * bi)
        rows = 4000 + (batch * 397) % 1300
        dup = 40 + (batch * 53) % 170
        s.call("Running batch %02d." % batch, "python", {"code": code % (batch, batch, batch)},
               "batch %02d: %d rows -> %d rows\nvalidate: phones_e164 OK (%d fixed), dates_iso OK (%d day-first converted), country OK (%d 'UK'->'GB'), emails %d invalid dropped"
               % (batch, rows, rows - dup, rows // 3, rows // 2, rows // 3 + batch, batch % 4))
        s.snap(14 + batch % 5)
        s.say("Batch %02d done: %d duplicates removed, %d invalid emails dropped, written to /out." % (batch, dup, batch % 4))
    return s, HEALTHY, "Ten batches, the same pipeline code and instruction each turn, a different file and different counts each time."


def data_healthy_validate(shape):
    s = Sess(DATA_SYS, DATA_TOOLS, 1500)
    s.user("Get /data/legacy_contacts.csv to pass validate.py; write /out/legacy_contacts.csv.")
    s.snap(0)
    fails = [("df = pd.read_csv('/data/legacy_contacts.csv')\nprint(validate.run(df))",
              "FAILED 3 checks\n- missing required column 'email' (found 'E-mail Address')\n- 212 phone values not E.164\n- 1,804 signup_date values not ISO 8601"),
             ("df = df.rename(columns={'E-mail Address': 'email'})\nprint(validate.run(df))",
              "FAILED 2 checks\n- 212 phone values not E.164\n- 1,804 signup_date values not ISO 8601"),
             ("df['signup_date'] = pd.to_datetime(df['signup_date'], dayfirst=True, format='mixed').dt.strftime('%Y-%m-%d')\nprint(validate.run(df))",
              "FAILED 1 check\n- 212 phone values not E.164 (e.g. '07700 900123', '(0)7700-900-044')"),
             ("df['phone'] = df['phone'].map(lambda p: phonenumbers.format_number(phonenumbers.parse(p, 'GB'), phonenumbers.PhoneNumberFormat.E164))\nprint(validate.run(df))",
              "FAILED 1 check\n- 9 phone values not E.164 (NumberParseException: 'n/a', '', 'ask reception')"),
             ("df.loc[~df['phone'].str.match(r'^\\+\\d{8,15}$', na=False), 'phone'] = None\nprint(validate.run(df))",
              "FAILED 1 check\n- 37 duplicate emails after normalisation"),
             ("df['email'] = df['email'].str.strip().str.lower()\ndf = df.drop_duplicates('email')\nprint(validate.run(df)); df.to_csv('/out/legacy_contacts.csv', index=False)",
              "PASSED 9/9 checks\nwrote /out/legacy_contacts.csv (5,963 rows)")]
    for i, (code, out) in enumerate(fails):
        s.call(["Running the validator as-is.", "Renaming the email column.", "Converting day-first dates.", "Normalising phones with phonenumbers.",
                "Nulling unparseable phones.", "Deduping on normalised email and writing."][i],
               "python", {"code": "import pandas as pd, phonenumbers, validate\n" + code}, out, i < 5)
        s.snap(11 + 3 * i)
    s.say("Validation passes (9/9). Removed 37 duplicate emails, nulled 9 unparseable phones, converted 1,804 dates.")
    s.user("Thanks, ship it.")
    s.snap(90)
    return s, HEALTHY, "Validation fails differently after each fix (column, dates, phones, leftovers, duplicates) and then passes."


# ---------------------------------------------------------------- pr_bot
PR_SYS = ("You are depbot for the repository acme/storefront (TypeScript monorepo, pnpm). Open PRs for dependency "
          "updates, wait for required checks (lint, typecheck, unit, e2e), rebase on main when behind or conflicting, and merge "
          "with squash when green. Never force-push to main.")
PR_TOOLS = [("git", "Run a git command in the checkout", {"args": "string"}),
            ("gh", "Run a GitHub CLI command", {"args": "string"})]


def checks(states):
    names = ["lint", "typecheck", "unit (node 20)", "unit (node 22)", "e2e (chromium)", "e2e (webkit)", "build", "license-scan"]
    return "\n".join("%-16s %-9s %s" % (n, st, "https://github.com/acme/storefront/actions/runs/%d" % (88120431 + j)) for j, (n, st) in enumerate(zip(names, states)))


def pr_runaway_conflict(shape):
    s = Sess(PR_SYS, PR_TOOLS)
    s.user("Bump zod from 3.22.4 to 3.23.8 in packages/api.")
    s.snap(0)
    s.call("Creating the branch and bumping.", "git", {"args": "checkout -b depbot/zod-3.23.8 && pnpm --filter api up zod@3.23.8 && git commit -am 'chore(deps): bump zod to 3.23.8'"},
           "Switched to a new branch 'depbot/zod-3.23.8'\n[depbot/zod-3.23.8 4e1a9c2] chore(deps): bump zod to 3.23.8\n 2 files changed, 9 insertions(+), 9 deletions(-)")
    s.snap(20)
    s.call("Opening the PR.", "gh", {"args": "pr create --title 'chore(deps): bump zod to 3.23.8' --body 'Automated update.'"}, "https://github.com/acme/storefront/pull/4412")
    s.snap(6)
    conflict = ("Auto-merging pnpm-lock.yaml\nCONFLICT (content): Merge conflict in pnpm-lock.yaml\n"
                "error: could not apply 4e1a9c2... chore(deps): bump zod to 3.23.8\nhint: Resolve all conflicts manually, mark them as resolved with\n"
                "hint: \"git add/rm <conflicted_files>\", then run \"git rebase --continue\".")
    b = None
    for i in range(5):
        s.call("PR is behind main; rebasing." if i == 0 else "Main moved again; rebasing.", "git", {"args": "fetch origin && rebase origin/main"}, conflict, True)
        s.snap(15)
        s.call("Resolving the lockfile by taking ours and reinstalling.", "git", {"args": "checkout --theirs pnpm-lock.yaml && pnpm install --lockfile-only && git add pnpm-lock.yaml && git rebase --continue && git push --force-with-lease"},
               "Lockfile is up to date, resolution step is skipped\nSuccessfully rebased and updated refs/heads/depbot/zod-3.23.8.\n + 4e1a9c2...b7d0e31 depbot/zod-3.23.8 -> depbot/zod-3.23.8 (forced update)")
        s.snap(18)
        s.call("Checking the PR state.", "gh", {"args": "pr view 4412 --json mergeable,mergeStateStatus"},
               {"mergeable": "CONFLICTING", "mergeStateStatus": "DIRTY", "note": "pnpm-lock.yaml conflicts with main (renovate/lockfile-maintenance merged 2026-03-16T10:02Z)"})
        if i == 1:
            b = len(s.snaps) + 1 - 2
        s.snap(30)
    return s, run(b, b + 7), "Rebase / resolve lockfile with --theirs (dropping the bump) / push / still conflicting: the same period-3 cycle over and over."


def pr_runaway_pending(shape):
    s = Sess(PR_SYS, PR_TOOLS)
    s.user("PR #4420 (bump vite 5.4.2 -> 5.4.8) is open. Merge it when checks are green.")
    s.snap(0)
    pend = checks(["pass", "pass", "pass", "pass", "pending", "pending", "pass", "pass"]) + "\n\ne2e jobs: Waiting for a runner to pick up this job... (label: self-hosted-gpu-e2e, 0 online)"
    b = None
    for i in range(15):
        s.call("Checking the checks." if i == 0 else ["Both e2e jobs still pending; waiting.", "Still waiting on e2e.", "e2e pending; checking again shortly."][i % 3],
               "gh", {"args": "pr checks 4420"}, pend)
        if i == 3:
            b = len(s.snaps) + 1
        s.snap(0 if i == 0 else 120)
    return s, run(b, b + 8), "Polling PR checks every two minutes; the e2e jobs wait for a runner label with zero runners online and never change."


def pr_healthy_checks(shape):
    s = Sess(PR_SYS, PR_TOOLS)
    s.user("PR #4431 (bump @tanstack/react-query 5.51.1 -> 5.59.0) is open. Merge when green.")
    s.snap(0)
    seq = [["pass", "running", "running", "queued", "queued", "queued", "running", "pass"],
           ["pass", "pass", "running", "running", "queued", "queued", "pass", "pass"],
           ["pass", "pass", "pass", "running", "running", "queued", "pass", "pass"],
           ["pass", "pass", "pass", "pass", "running", "running", "pass", "pass"],
           ["pass", "pass", "pass", "pass", "pass", "running", "pass", "pass"],
           ["pass", "pass", "pass", "pass", "pass", "pass", "pass", "pass"]]
    for i, st in enumerate(seq):
        done = st.count("pass")
        s.call("Checking the checks." if i == 0 else "%d/8 passed last time; checking again." % seq[i - 1].count("pass"),
               "gh", {"args": "pr checks 4431"}, checks(st) + "\n\n%d successful, %d in progress" % (done, 8 - done))
        s.snap(0 if i == 0 else 90)
    s.call("All 8 checks green. Merging.", "gh", {"args": "pr merge 4431 --squash --delete-branch"},
           "Squashed and merged pull request #4431 (chore(deps): bump @tanstack/react-query to 5.59.0)\nDeleted branch depbot/react-query-5.59.0")
    s.snap(8)
    s.say("Merged #4431.")
    s.user("Thanks. Next: #4433.")
    s.snap(40)
    return s, HEALTHY, "Polling the same checks table; the pass count rises 2,3,4,5,7,8 of 8, then the PR is merged."


def pr_healthy_batch(shape):
    s = Sess(PR_SYS, PR_TOOLS)
    bumps = [("eslint", "9.9.0", "9.11.1", None), ("prettier", "3.3.2", "3.3.3", None), ("typescript", "5.5.4", "5.6.2", "typecheck: src/cart/totals.ts(41,7): error TS2322: Type 'number | undefined' is not assignable to type 'number'."),
             ("date-fns", "3.6.0", "4.1.0", None), ("msw", "2.3.5", "2.4.9", "unit (node 22): 3 failed - handlers.test.ts: 'http.get' resolver must return HttpResponse")]
    s.user("Process the weekly dependency batch: " + ", ".join("%s %s->%s" % (n, a, b) for n, a, b, _ in bumps) + ". One PR each.")
    s.snap(0)
    for k, (n, a, bv, fail) in enumerate(bumps):
        num = 4440 + k
        s.call("Opening PR for %s %s." % (n, bv), "gh", {"args": "pr create --head depbot/%s-%s --title 'chore(deps): bump %s to %s'" % (n, bv, n, bv)},
               "https://github.com/acme/storefront/pull/%d" % num)
        s.snap(25)
        st = ["pass"] * 8
        if fail:
            st[1 if "typecheck" in fail else 3] = "fail"
        s.call("Waiting for checks on #%d." % num, "gh", {"args": "pr checks %d --watch" % num}, checks(st) + ("\n\n" + fail if fail else ""), bool(fail))
        s.snap(300 + 37 * k)
        if fail:
            fix = "src/cart/totals.ts: default discount to 0" if "typecheck" in fail else "handlers.test.ts: return HttpResponse.json()"
            s.call("Fixing: %s." % fix, "git", {"args": "commit -am 'fix: adapt to %s %s' && git push" % (n, bv)}, "[depbot/%s-%s %07x] fix: adapt to %s %s\n 1 file changed, 3 insertions(+), 2 deletions(-)" % (n, bv, 0xa1b2c3 + k, n, bv))
            s.snap(20)
            s.call("Re-checking #%d." % num, "gh", {"args": "pr checks %d --watch" % num}, checks(["pass"] * 8))
            s.snap(280)
        s.call("Merging #%d." % num, "gh", {"args": "pr merge %d --squash --delete-branch" % num}, "Squashed and merged pull request #%d" % num)
        s.snap(7)
    s.say("All five dependency PRs merged (#4440-#4444); two needed small fixes.")
    return s, HEALTHY, "Five dependency bumps with the same open/wait/merge procedure; two fail checks with different errors, get fixed, and merge."


# ---------------------------------------------------------------- travel_booking
TRV_SYS = ("You are a travel agent for Brightpath Corporate Travel. Book within policy (economy under 6h, hotel <= EUR 180/night "
           "in Lisbon). Search, place a hold, confirm price changes with the traveller, then pay with the company card on file.")
TRV_TOOLS = [("search_flights", "Search flights", {"origin": "string", "destination": "string", "date": "string"}),
             ("search_hotels", "Search hotels", {"city": "string", "checkin": "string", "nights": "integer", "page": "integer"}),
             ("hold_booking", "Place a 20-minute hold on an offer", {"offer_id": "string"}),
             ("pay", "Pay a held booking with a stored card", {"hold_id": "string", "card": "string"})]


def trv_runaway_declined(shape):
    s = Sess(TRV_SYS, TRV_TOOLS)
    s.user("Book me AMS -> LIS on 14 April, morning, for the Web Summit prep. Card: corporate Amex ending 1009.")
    s.snap(0)
    s.call("Searching flights.", "search_flights", {"origin": "AMS", "destination": "LIS", "date": "2026-04-14"},
           {"offers": [{"offer_id": "OF-KL1691-0414", "flight": "KL1691", "dep": "07:05", "arr": "09:00", "price_eur": 212},
                       {"offer_id": "OF-TP663-0414", "flight": "TP663", "dep": "09:55", "arr": "11:50", "price_eur": 189}]})
    s.snap(6)
    s.call("KL1691 at 07:05 fits best. Holding it.", "hold_booking", {"offer_id": "OF-KL1691-0414"},
           {"hold_id": "HLD-7734", "price_eur": 212, "expires_in_s": 1200})
    s.snap(5)
    decl = {"error": {"status": 402, "code": "card_declined", "decline_code": "do_not_honor", "processor": "Adyen",
                      "message": "The card issuer declined the payment. Retrying will not succeed; ask the cardholder to contact the issuer."}}
    b = None
    for i in range(11):
        s.call(["Paying with Amex 1009.", "Payment declined; retrying.", "Retrying the payment, sometimes issuers decline transiently.",
                "Attempting the payment again before the hold expires."][min(i, 3)], "pay", {"hold_id": "HLD-7734", "card": "amex_1009"}, decl, True)
        if i == 1:
            b = len(s.snaps) + 1
        s.snap(4 + 3 * i)
    return s, run(b, b + 5), "A 'do_not_honor' decline whose message says retrying won't succeed; the agent keeps paying with the same card."


def trv_runaway_pricecycle(shape):
    s = Sess(TRV_SYS, TRV_TOOLS)
    s.user("Hotel in Lisbon, 3 nights from 13 April, near Parque das Nações, within policy.")
    s.snap(0)
    res = {"page": 1, "results": [{"offer_id": "HT-TIVOLI-ORIENTE-0413", "name": "Tivoli Oriente", "price_per_night_eur": 174, "distance_km": 0.6},
                                  {"offer_id": "HT-MYRIAD-0413", "name": "Myriad by SANA", "price_per_night_eur": 265, "distance_km": 0.3}]}
    chg = {"error": {"status": 409, "code": "price_changed", "old_price_per_night_eur": 174, "new_price_per_night_eur": 192,
                     "message": "Rate no longer available at quoted price"}}
    b = None
    for i in range(7):
        s.call("Searching hotels." if i == 0 else "The price jumped over policy; searching again for the in-policy rate.", "search_hotels",
               {"city": "Lisbon", "checkin": "2026-04-13", "nights": 3, "page": 1}, res)
        s.snap(7)
        s.call("Tivoli Oriente at EUR 174 is in policy. Holding.", "hold_booking", {"offer_id": "HT-TIVOLI-ORIENTE-0413"}, chg, True)
        if i == 1:
            b = len(s.snaps) + 1
        s.snap(6)
        s.say("The rate changed to EUR 192, above the EUR 180 policy cap. The search still shows EUR 174, so I'll search again and retry.")
        s.user("ok")
        s.snap(25)
    return s, run(b, b + 6), "The search shows a cached EUR 174 rate, the hold returns 409 EUR 192; search/hold/explain repeats (period 3)."


def trv_healthy_pages(shape):
    s = Sess(TRV_SYS, TRV_TOOLS)
    s.user("Find a hotel in Lisbon for 3 nights from 13 April with a gym and free cancellation, within policy. Look through all results.")
    s.snap(0)
    names = ["Tivoli Oriente", "Myriad by SANA", "Hotel Oriente VIP", "TRYP Lisboa Oriente", "Meliá Lisboa Oriente", "Ibis Lisboa Parque",
             "Moxy Lisbon Oriente", "Holiday Inn Express Oriente", "NH Lisboa Campo Grande", "Lisboa Tejo", "Sheraton Lisboa", "Corinthia Lisbon",
             "Hotel Mundial", "Vincci Liberdade", "H10 Duque de Loulé", "Pestana Palace"]
    foot = ("Prices include VAT, exclude city tax (EUR 4/night, max 7 nights). Rates are dynamic and confirmed only on hold. "
            "Brightpath negotiated rates are marked corp=true. Free cancellation means cancellable without charge until 48h before check-in local time.")
    for pg in range(4):
        rs = [{"offer_id": "HT-%03d-0413" % (pg * 4 + j), "name": names[pg * 4 + j], "price_per_night_eur": 118 + ((pg * 4 + j) * 23) % 170,
               "gym": (pg * 4 + j) % 3 != 1, "free_cancellation": (pg * 4 + j) % 4 != 2, "corp": (pg * 4 + j) % 5 == 0} for j in range(4)]
        s.call("Fetching page %d." % (pg + 1), "search_hotels", {"city": "Lisbon", "checkin": "2026-04-13", "nights": 3, "page": pg + 1},
               {"page": pg + 1, "pages": 4, "results": rs, "footer": foot})
        s.snap(8)
    s.call("Best in-policy match with a gym and free cancellation: Tivoli Oriente (EUR 118, corp rate, page 1). Holding.", "hold_booking", {"offer_id": "HT-000-0413"},
           {"hold_id": "HLD-8120", "price_per_night_eur": 118, "expires_in_s": 1200})
    s.snap(6)
    s.call("Paying.", "pay", {"hold_id": "HLD-8120", "card": "amex_1009"}, {"status": "confirmed", "booking_ref": "BP-LIS-55721", "total_eur": 354})
    s.snap(7)
    s.say("Booked Tivoli Oriente, 13-16 April, EUR 354 total (ref BP-LIS-55721).")
    s.user("Perfect, thanks.")
    s.snap(50)
    return s, HEALTHY, "Four pages of hotel results with the same footer boilerplate, then a hold and payment."


def trv_healthy_recover(shape):
    s = Sess(TRV_SYS, TRV_TOOLS)
    s.user("Book LIS -> AMS on 17 April after 17:00 for me. Card Amex 1009.")
    s.snap(0)
    s.call("Searching.", "search_flights", {"origin": "LIS", "destination": "AMS", "date": "2026-04-17"},
           {"offers": [{"offer_id": "OF-TP670-0417", "flight": "TP670", "dep": "17:40", "arr": "21:30", "price_eur": 176}]})
    s.snap(6)
    s.call("Holding TP670.", "hold_booking", {"offer_id": "OF-TP670-0417"},
           {"error": {"status": 409, "code": "price_changed", "old_price_eur": 176, "new_price_eur": 198, "new_offer_id": "OF-TP670-0417-B"}}, True)
    s.snap(5)
    s.say("The fare rose from EUR 176 to EUR 198 (still within policy). OK to proceed?")
    s.user("Yes go ahead.")
    s.snap(70)
    s.call("Holding the new fare.", "hold_booking", {"offer_id": "OF-TP670-0417-B"}, {"hold_id": "HLD-8301", "price_eur": 198, "expires_in_s": 1200})
    s.snap(5)
    for i, w in enumerate([5, 15, 45]):
        s.call("Paying." if i == 0 else "3-D Secure timed out; retrying after %ds." % [5, 15, 45][i - 1], "pay", {"hold_id": "HLD-8301", "card": "amex_1009"},
               {"error": {"status": 504, "code": "3ds_timeout", "retryable": True, "retry_after_s": w, "message": "Issuer ACS did not respond within 30s"}}, True)
        s.snap(33 + ([0, 5, 15][i]))
    s.call("Retrying after 45s.", "pay", {"hold_id": "HLD-8301", "card": "amex_1009"}, {"status": "confirmed", "booking_ref": "BP-AMS-30218", "total_eur": 198})
    s.snap(48)
    s.say("Booked TP670 on 17 April, 17:40 -> 21:30, EUR 198 (ref BP-AMS-30218). The bank's 3-D Secure service was slow; it went through on the fourth try.")
    s.user("Great, add it to my calendar.")
    s.snap(40)
    return s, HEALTHY, "A price change accepted by the traveller, then three retryable 3-D Secure timeouts with growing backoff, then success."


# ---------------------------------------------------------------- corpus assembly
STYLES = [
    ("support_escalation", [support_runaway_404, support_runaway_pingpong], [support_healthy_batch, support_healthy_backoff]),
    ("devops_incident", [ops_runaway_poll, ops_runaway_crashloop], [ops_healthy_rollout, ops_healthy_allgreen]),
    ("academic_lit_review", [lit_runaway_cycle, lit_runaway_continue], [lit_healthy_pages, lit_healthy_stateless]),
    ("ecommerce_listing", [shop_runaway_seo, shop_runaway_upload], [shop_healthy_batch, shop_healthy_refine]),
    ("voice_assistant", [voice_runaway_repeat, voice_runaway_cycle], [voice_healthy_day, voice_healthy_recipe]),
    ("data_cleaning", [data_runaway_dates, data_runaway_reread], [data_healthy_batches, data_healthy_validate]),
    ("pr_bot", [pr_runaway_conflict, pr_runaway_pending], [pr_healthy_checks, pr_healthy_batch]),
    ("travel_booking", [trv_runaway_declined, trv_runaway_pricecycle], [trv_healthy_pages, trv_healthy_recover]),
]
SHAPES = ["chat", "responses", "anthropic"]


def sessions():
    """Yields (folder, filename, session dict). Writing order: per style R1, H1, R2, H2; shape rotates."""
    i = 0
    for style, runs, heals in STYLES:
        for kind, fn, n in [("runaway", runs[0], 1), ("healthy", heals[0], 1), ("runaway", runs[1], 2), ("healthy", heals[1], 2)]:
            shape = SHAPES[i % 3]
            i += 1
            s, expected, notes = fn(shape)
            name = "%s_%s_%d_%s" % (style, kind, n, shape)
            yield "heldout", name + ".json", s.build(name, style, shape, expected, notes, user=style)


def dump(d):
    return json.dumps(d, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------- validation
class Invalid(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Invalid(msg)


def tool_names(req, shape):
    out = set()
    for t in req.get("tools", []):
        out.add(t["function"]["name"] if shape == "chat" else t["name"])
    return out


def validate_chat(req):
    need(isinstance(req.get("model"), str) and isinstance(req.get("messages"), list) and req["messages"], "chat: model/messages")
    names = tool_names(req, "chat")
    open_calls = []
    for k, m in enumerate(req["messages"]):
        r = m.get("role")
        need(r in ("system", "user", "assistant", "tool"), "chat: role %r" % r)
        need(r != "system" or k == 0, "chat: system not first")
        if r != "tool":
            need(not open_calls, "chat: tool calls %s unanswered before %s" % (open_calls, r))
        if r == "assistant":
            need(isinstance(m.get("content"), str) or m.get("tool_calls"), "chat: empty assistant")
            for c in m.get("tool_calls", []):
                need(c["type"] == "function" and c["function"]["name"] in names, "chat: undeclared tool")
                json.loads(c["function"]["arguments"])
                open_calls.append(c["id"])
        elif r == "tool":
            need(m.get("tool_call_id") in open_calls, "chat: tool_call_id %r unmatched" % m.get("tool_call_id"))
            open_calls.remove(m["tool_call_id"])
            need(isinstance(m.get("content"), str), "chat: tool content")
        else:
            need(isinstance(m.get("content"), str) and m["content"], "chat: content")
    need(not open_calls, "chat: trailing unanswered calls")
    need(req["messages"][-1]["role"] in ("user", "tool"), "chat: must end with user/tool")


def validate_responses(req):
    need(isinstance(req.get("model"), str) and isinstance(req.get("input"), list) and req["input"], "responses: model/input")
    need("previous_response_id" not in req and isinstance(req.get("max_output_tokens"), int), "responses: fields")
    names = tool_names(req, "responses")
    open_calls = []
    for it in req["input"]:
        t = it.get("type")
        if t == "message":
            need(not open_calls, "responses: unanswered calls before message")
            need(it["role"] in ("user", "assistant") and it["content"], "responses: message")
            for c in it["content"]:
                need(c["type"] == ("input_text" if it["role"] == "user" else "output_text") and c["text"], "responses: content part")
        elif t == "function_call":
            need(it["name"] in names, "responses: undeclared tool")
            json.loads(it["arguments"])
            open_calls.append(it["call_id"])
        elif t == "function_call_output":
            need(it["call_id"] in open_calls, "responses: call_id unmatched")
            open_calls.remove(it["call_id"])
            need(isinstance(it["output"], str), "responses: output")
        else:
            raise Invalid("responses: item type %r" % t)
    need(not open_calls, "responses: trailing unanswered calls")
    last = req["input"][-1]
    need(last["type"] == "function_call_output" or last.get("role") == "user", "responses: must end with user/output")


def validate_anthropic(req):
    need(isinstance(req.get("model"), str) and isinstance(req.get("max_tokens"), int) and isinstance(req.get("system"), str), "anthropic: fields")
    msgs = req.get("messages")
    need(isinstance(msgs, list) and msgs and msgs[0]["role"] == "user" and msgs[-1]["role"] == "user", "anthropic: first/last user")
    names = tool_names(req, "anthropic")
    pending = []
    for k, m in enumerate(msgs):
        need(m["role"] == ("user" if k % 2 == 0 else "assistant"), "anthropic: roles must alternate")
        need(m["content"], "anthropic: empty content")
        results = [b["tool_use_id"] for b in m["content"] if b["type"] == "tool_result"]
        if m["role"] == "user":
            need(sorted(results) == sorted(pending), "anthropic: tool_result %s does not match tool_use %s" % (results, pending))
            need(all(b["type"] in ("text", "tool_result") for b in m["content"]), "anthropic: user block")
            # tool_result blocks come first in the user message
            kinds = [b["type"] for b in m["content"]]
            need(kinds == sorted(kinds, key=lambda x: x != "tool_result"), "anthropic: tool_result must lead")
            pending = []
        else:
            need(not results, "anthropic: tool_result in assistant")
            for b in m["content"]:
                need(b["type"] in ("text", "tool_use"), "anthropic: assistant block")
                if b["type"] == "tool_use":
                    need(b["name"] in names and isinstance(b["input"], dict), "anthropic: tool_use")
                    pending.append(b["id"])
                else:
                    need(b["text"], "anthropic: empty text")
    need(not pending, "anthropic: trailing tool_use")


def history(req, shape):
    return req["messages"] if shape in ("chat", "anthropic") else req["input"]


def validate(sess):
    shape = sess["shape"]
    need(sess["path"] == PATHS[shape], "path")
    need(8 <= len(sess["turns"]) <= 30, "%d turns" % len(sess["turns"]))
    prev_at, prev_hist = -1, None
    for turn in sess["turns"]:
        need(isinstance(turn["at_seconds"], int) and turn["at_seconds"] >= prev_at, "at_seconds")
        prev_at = turn["at_seconds"]
        {"chat": validate_chat, "responses": validate_responses, "anthropic": validate_anthropic}[shape](turn["request"])
        h = history(turn["request"], shape)
        if prev_hist is not None and "stateless" not in sess["notes"].lower():
            # the resent history must extend the previous request (anthropic may merge into the last user message)
            cut = len(prev_hist) - (1 if shape == "anthropic" else 0)
            need(h[:cut] == prev_hist[:cut] and len(h) > len(prev_hist) - 1, "history not resent")
        prev_hist = h
    e = sess["expected"]
    if e["outcome"] == "runaway":
        need(2 <= e["loop_begins_turn"] < e["stop_by_turn"] <= len(sess["turns"]) - 3, "B/D out of range (need 3 turns past D)")
    else:
        need(e == {"outcome": "healthy"}, "expected")


def main():
    check = "--check" in sys.argv[1:]
    want = {}
    for folder, fname, sess in sessions():
        try:
            validate(sess)
        except (Invalid, KeyError, TypeError, ValueError) as err:
            sys.exit("%s: invalid: %s" % (fname, err))
        want[os.path.join(folder, fname)] = dump(sess)
    want[os.path.join("tuning", ".gitkeep")] = ""
    bad = []
    if check:
        for rel, text in sorted(want.items()):
            p = os.path.join(ROOT, rel)
            if not os.path.exists(p) or open(p, encoding="utf-8").read() != text:
                bad.append(rel)
        for folder in ("tuning", "heldout"):
            d = os.path.join(ROOT, folder)
            for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
                if os.path.join(folder, f) not in want:
                    bad.append(os.path.join(folder, f) + " (extra)")
        if bad:
            sys.exit("corpus_e differs from the generator: " + ", ".join(bad))
        # every file on disk parses and validates
        for rel in want:
            if rel.endswith(".json"):
                validate(json.load(open(os.path.join(ROOT, rel), encoding="utf-8")))
        print("ok: %d sessions match and validate" % (len(want) - 1))
        return
    for rel, text in want.items():
        p = os.path.join(ROOT, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
    print("wrote %d sessions" % (len(want) - 1))


if __name__ == "__main__":
    main()
