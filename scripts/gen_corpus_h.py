#!/usr/bin/env python3
"""Writes tests/fixtures/corpus_h: an independent agent-session corpus for the loop detectors
(issue 13), author writer-h. Stdlib only, deterministic (fixed seeds, no clock, no network).

    python3 scripts/gen_corpus_h.py           # (re)write the files
    python3 scripts/gen_corpus_h.py --check   # regenerate in memory, validate, compare to disk

Every session is written by its own function below. A session is built in a shape-neutral
form (user text, assistant text + tool calls, tool results), each `send()` snapshots the
history as one turn's request, and the snapshot is rendered to the session's API shape
(OpenAI Chat, OpenAI Responses, Anthropic Messages). All sessions are held out: this corpus
is scored once and never tuned on; `tuning/` holds only `.gitkeep`.
"""

import hashlib
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIR = ROOT / "tests" / "fixtures" / "corpus_h"
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def tool(tool_name, description, **props):
    """A tool declaration; props maps argument name -> (json type, description)."""
    return {
        "name": tool_name,
        "description": description,
        "parameters": {
            "type": "object",
            "properties": {k: {"type": t, "description": d} for k, (t, d) in props.items()},
            "required": list(props),
        },
    }


class Session:
    def __init__(self, name, style, shape, system, model, max_out=1024, tools=(), user="",
                 notes="", runaway=None, stateless=False):
        self.name, self.style, self.shape = name, style, shape
        self.system, self.model, self.max_out = system, model, max_out
        self.tools = list(tools)
        self.user_id = user
        self.notes = notes
        self.runaway = runaway  # (loop_begins_turn, stop_by_turn) or None
        self.stateless = stateless
        self.msgs = []
        self.turns = []
        self.t = 0
        self.nid = 0

    # -- neutral history -------------------------------------------------------------------
    def _id(self):
        self.nid += 1
        h = hashlib.sha256(f"{self.name}/{self.nid}".encode()).digest()
        body = "".join(ALNUM[b % len(ALNUM)] for b in h)
        return ("toolu_01" + body[:22]) if self.shape == "anthropic" else ("call_" + body[:24])

    def user(self, text):
        self.msgs.append(("user", text))

    def asst(self, text=None, calls=()):
        ids = []
        out = []
        for name, args in calls:
            i = self._id()
            ids.append(i)
            out.append((i, name, args))
        self.msgs.append(("assistant", text, out))
        return ids

    def result(self, call_id, output):
        self.msgs.append(("tool", call_id, output))

    def act(self, text, name, args, output):
        """One assistant tool call answered by its result."""
        (i,) = self.asst(text, [(name, args)])
        self.result(i, output)

    def send(self, dt):
        self.t += dt
        assert self.msgs and self.msgs[-1][0] in ("user", "tool"), self.name
        self.turns.append({"at_seconds": self.t, "request": self.render(list(self.msgs))})

    def reset(self):
        self.msgs = []

    # -- rendering ---------------------------------------------------------------------------
    def render(self, msgs):
        if self.shape == "chat":
            out = [{"role": "system", "content": self.system}]
            for m in msgs:
                if m[0] == "user":
                    out.append({"role": "user", "content": m[1]})
                elif m[0] == "assistant":
                    a = {"role": "assistant", "content": m[1]}
                    if m[2]:
                        a["tool_calls"] = [
                            {"id": i, "type": "function",
                             "function": {"name": n, "arguments": json.dumps(args)}}
                            for i, n, args in m[2]]
                    out.append(a)
                else:
                    out.append({"role": "tool", "tool_call_id": m[1], "content": m[2]})
            req = {"model": self.model, "messages": out, "max_tokens": self.max_out}
            if self.tools:
                req["tools"] = [{"type": "function", "function": t} for t in self.tools]
            return req
        if self.shape == "responses":
            out = []
            for m in msgs:
                if m[0] == "user":
                    out.append({"role": "user", "content": m[1]})
                elif m[0] == "assistant":
                    if m[1]:
                        out.append({"type": "message", "role": "assistant",
                                    "content": [{"type": "output_text", "text": m[1]}]})
                    for i, n, args in m[2]:
                        out.append({"type": "function_call", "call_id": i, "name": n,
                                    "arguments": json.dumps(args)})
                else:
                    out.append({"type": "function_call_output", "call_id": m[1], "output": m[2]})
            req = {"model": self.model, "instructions": self.system, "input": out,
                   "max_output_tokens": self.max_out}
            if self.tools:
                req["tools"] = [dict(type="function", **t) for t in self.tools]
            return req
        # anthropic
        out = []
        for m in msgs:
            if m[0] == "assistant":
                blocks = [{"type": "text", "text": m[1]}] if m[1] else []
                blocks += [{"type": "tool_use", "id": i, "name": n, "input": args}
                           for i, n, args in m[2]]
                out.append({"role": "assistant", "content": blocks})
                continue
            block = ({"type": "text", "text": m[1]} if m[0] == "user"
                     else {"type": "tool_result", "tool_use_id": m[1], "content": m[2]})
            if out and out[-1]["role"] == "user":
                prev = out[-1]
                if isinstance(prev["content"], str):
                    prev["content"] = [{"type": "text", "text": prev["content"]}]
                prev["content"].append(block)
            elif m[0] == "user":
                out.append({"role": "user", "content": m[1]})
            else:
                out.append({"role": "user", "content": [block]})
        req = {"model": self.model, "system": self.system, "messages": out,
               "max_tokens": self.max_out}
        if self.tools:
            req["tools"] = [{"name": t["name"], "description": t["description"],
                             "input_schema": t["parameters"]} for t in self.tools]
        return req

    def doc(self):
        if self.runaway:
            b, d = self.runaway
            expected = {"outcome": "runaway", "loop_begins_turn": b, "stop_by_turn": d}
            kind = "runaway"
        else:
            expected = {"outcome": "healthy"}
            kind = "healthy"
        return {
            "name": self.name,
            "style": self.style,
            "shape": self.shape,
            "path": PATHS[self.shape],
            "headers": {"x-session-id": f"corpus-h-{self.name}", "x-user-id": self.user_id},
            "expected": expected,
            "notes": self.notes,
            "turns": self.turns,
            "_kind": kind,
            "_stateless": self.stateless,
        }


def J(obj):
    return json.dumps(obj, indent=2)


# =============================================================================================
# it_helpdesk
# =============================================================================================
HELPDESK_SYS = (
    "You are Halo, the first-line IT support agent for Northwind Freight (1,900 staff, Entra ID "
    "directory, Intune-managed Windows and macOS laptops, GlobalProtect VPN). Verify the caller "
    "by UPN before any change. Never reveal a temporary password in chat; it goes to the "
    "user's registered mobile by SMS. Escalate to the identity queue only with a ticket. Be "
    "brief and friendly; the caller is usually in a hurry.")
HD_TOOLS = {
    "lookup_user": tool("lookup_user", "Directory lookup of a user by UPN or display name.",
                        query=("string", "UPN or display name")),
    "reset_password": tool("reset_password", "Issue a temporary password, sent by SMS.",
                           upn=("string", "user principal name")),
    "create_ticket": tool("create_ticket", "Open a ServiceDesk ticket.",
                          summary=("string", "one line"), queue=("string", "target queue")),
    "search_devices": tool("search_devices", "Intune devices owned by a user.",
                           upn=("string", "user principal name")),
    "list_pending_enrolments": tool("list_pending_enrolments",
                                    "Autopilot devices waiting for a user assignment.",
                                    site=("string", "office code")),
    "enroll_device": tool("enroll_device", "Assign an Autopilot device to a user and profile.",
                          serial=("string", "device serial"), upn=("string", "owner"),
                          profile=("string", "deployment profile")),
    "get_vpn_sessions": tool("get_vpn_sessions", "Recent GlobalProtect sessions and failures.",
                             upn=("string", "user principal name")),
    "reissue_vpn_cert": tool("reissue_vpn_cert", "Revoke and reissue the user VPN certificate.",
                             upn=("string", "user principal name")),
}


def helpdesk_runaway_renamed_tickets():
    s = Session("it_helpdesk_runaway_renamed_tickets", "it_helpdesk", "chat", HELPDESK_SYS,
                "gpt-4o", 600,
                [HD_TOOLS[k] for k in ("lookup_user", "reset_password", "create_ticket")],
                "u-hd-0931", runaway=(5, 10),
                notes="Reset refused because the account is disabled by HR; the agent keeps "
                      "opening a new ticket (new INC number, auto-closed) and retrying the reset "
                      "(new correlation id) - the same failure under renamed ids.")
    s.user("hi, I'm locked out since this morning. Priya Raman, finance (priya.raman@northwind"
           "freight.com). Windows says 'Your account has been disabled. Please see your system "
           "administrator.' Can you reset my password? I have the month-end close at 2.")
    s.send(0)
    s.act("Let me look up your account first.", "lookup_user",
          {"query": "priya.raman@northwindfreight.com"},
          J({"upn": "priya.raman@northwindfreight.com", "displayName": "Priya Raman",
             "department": "Finance - General Ledger", "accountEnabled": False,
             "lastSignIn": "2026-12-04T17:41:09Z", "mobile": "+44 7700 9xx x21",
             "extensionAttribute7": "HR-OFFBOARD-PENDING",
             "disabledBy": "svc-hr-sync", "disabledAt": "2026-12-06T02:00:13Z",
             "manager": "tomas.lindqvist@northwindfreight.com"}))
    s.send(14)
    dt = 17
    tickets = ["INC0048213", "INC0048227", "INC0048240", "INC0048252", "INC0048266",
               "INC0048279", "INC0048291"]
    corr = ["5b1e0c7a-33d2-4f0e-9a61-2c8d1f0be441", "a90f4d12-7e55-4b3b-b0c4-6e2b90a7d1fe",
            "0d7c2e96-1b8a-4c47-8f0e-77a1c3d5e2b9", "e2f61b04-9c3d-4a8e-bd15-3f9e07c6a8d2",
            "71c0a5e3-d84f-4b26-9e3a-a5b2f6c1d097", "c4d9e871-2a6b-45f0-8c3e-1b7d9f0e6a35",
            "38a2f7d6-5e1c-4d9b-a0f4-e9c6b3d2a718", "9e1b7c40-f3a5-4d28-b6e9-0c5f2a8d7e13"]
    asks = ["Your account shows as disabled. I'll issue a temporary password so you can sign "
            "in.",
            "Let me try the reset again now that the ticket is logged.",
            "Trying the password reset once more.",
            "I'll retry the reset - the identity ticket should have cleared it.",
            "Retrying the reset for you.",
            "One more attempt at the reset.",
            "Let me give the reset another go.",
            "Trying the reset again."]
    for k in range(8):
        s.act(asks[k], "reset_password", {"upn": "priya.raman@northwindfreight.com"},
              J({"status": 409, "error": "AccountDisabled",
                 "message": "Password reset is not permitted while accountEnabled=false. "
                            "The account was disabled by an HR lifecycle rule; it can only be "
                            "re-enabled by HR (Workday) or an Identity Admin with an approved "
                            "exception.", "correlationId": corr[k],
                 "timestamp": f"2026-12-06T09:{14 + 4 * k:02d}:{(7 * k + 3) % 60:02d}Z"}))
        s.send(dt)
        if len(s.turns) >= 15:
            break
        t = tickets[k]
        s.act("The reset was refused because the account is disabled. I'm raising this with "
              "the identity team." if k == 0 else
              f"Same refusal. Escalating to the identity queue again.",
              "create_ticket",
              {"summary": "Password reset blocked - account disabled - priya.raman (Finance, "
                          "month-end close today)", "queue": "Identity & Access"},
              J({"ticket": t, "state": "Closed - Auto", "queue": "Identity & Access",
                 "resolution": "Closed by rule IDA-14: account disabled by HR lifecycle "
                               "(HR-OFFBOARD-PENDING). Identity cannot re-enable; the user's "
                               "manager must raise a Workday 'Reverse termination' case.",
                 "opened": f"2026-12-06T09:{16 + 4 * k:02d}:41Z"}))
        s.send(dt + 3)
    return s


def helpdesk_runaway_clarify():
    s = Session("it_helpdesk_runaway_same_clarification", "it_helpdesk", "anthropic",
                HELPDESK_SYS, "claude-sonnet-4-20250514", 700, [HD_TOOLS["search_devices"]],
                "u-hd-1177", runaway=(4, 8),
                notes="The agent needs the asset tag to pick between two Dell laptops; the user "
                      "cannot read it and keeps answering 'the Dell, my work one', the agent keeps "
                      "asking the same question.")
    s.user("VPN is broken on my laptop since the update last night, GlobalProtect just says "
           "'Gateway northwind-gw-lon: Authentication failed (error 809)'. Marco Bellini, "
           "marco.bellini@northwindfreight.com. I'm on the train to Leeds, need it by 11.")
    s.send(0)
    s.act("I'll check which devices are registered to you.", "search_devices",
          {"upn": "marco.bellini@northwindfreight.com"},
          J({"devices": [
              {"name": "NWF-LT-22871", "model": "Dell Latitude 7440", "os": "Windows 11 23H2",
               "assetTag": "22871", "lastCheckIn": "2026-12-06T07:12:55Z",
               "compliance": "noncompliant (pending reboot: KB5048667)"},
              {"name": "NWF-LT-19044", "model": "Dell Latitude 5430", "os": "Windows 11 23H2",
               "assetTag": "19044", "lastCheckIn": "2026-12-05T18:40:02Z",
               "compliance": "compliant", "note": "loaner pool, checked out 2026-11-21"},
              {"name": "MBELLINI-MBP", "model": "MacBook Air M2", "os": "macOS 14.6",
               "assetTag": "31002", "lastCheckIn": "2026-11-02T10:03:17Z",
               "compliance": "compliant"}]}))
    s.send(12)
    answers = ["It's the Dell. My normal work laptop.",
               "The Dell, the one I use every day for work.",
               "the Dell! my work laptop",
               "Like I said it's the Dell, my work one. I can't turn it over, I'm on a train.",
               "The Dell work laptop.",
               "It's the Dell. The work laptop. Please just fix the VPN.",
               "Dell. Work laptop.",
               "the DELL one",
               "my work Dell",
               "It's the Dell, my work laptop."]
    asks = ["You have two Dell laptops registered (a Latitude 7440 and a Latitude 5430 loaner) "
            "plus a MacBook. Which one are you using right now? The asset tag is the 5-digit "
            "number on the silver sticker underneath.",
            "Thanks! There are two Dells on your account though - could you tell me the 5-digit "
            "asset tag from the sticker on the bottom, so I fix the right one?",
            "Understood. To be sure I change the right machine: which of the two Dells is it? "
            "The 5-digit asset tag on the underside sticker would tell me.",
            "Sorry for asking again - both Dells are registered to you, so I need the asset tag "
            "(5 digits, sticker underneath) to know which one to repair.",
            "Thanks. I still can't tell which of the two Dell laptops it is. Could you read me the "
            "5-digit asset tag on the bottom sticker?",
            "I understand. Which Dell is it - the Latitude 7440 or the Latitude 5430? The asset "
            "tag on the underside sticker would tell me.",
            "Got it. There are two Dell laptops on your account; can you give me the asset tag "
            "from the sticker on the bottom so I pick the right one?",
            "Thanks! To avoid changing the wrong device, could you tell me the 5-digit asset tag "
            "on the sticker underneath your Dell?",
            "I see. Which of your two Dells is it? Please read me the asset tag on the bottom."]
    for k in range(10):
        s.asst(asks[k % len(asks)])
        s.user(answers[k])
        s.send(40 + (k * 13) % 30)
    return s


def helpdesk_healthy_enrolment():
    s = Session("it_helpdesk_healthy_enrolment_list", "it_helpdesk", "responses", HELPDESK_SYS,
                "gpt-4.1-mini", 900,
                [HD_TOOLS[k] for k in ("list_pending_enrolments", "enroll_device")],
                "u-hd-0412",
                notes="Monday enrolment of five new hires: the agent returns to the same pending "
                      "list after every device; the list shrinks by one row each time.")
    hires = [("5CG4127XQL", "HP EliteBook 840 G10", "amara.okafor", "Operations",
              "NWF-Win-Standard"),
             ("PF4KQ9ZD", "Lenovo ThinkPad T14 Gen 4", "jonas.weber", "Warehouse Systems",
              "NWF-Win-Standard"),
             ("C02ZK3MALVDQ", "MacBook Pro 14 M3", "lucia.fernandez", "Design",
              "NWF-macOS-Creative"),
             ("5CG4127XR2", "HP EliteBook 840 G10", "tariq.haddad", "Finance - AP",
              "NWF-Win-Finance"),
             ("PF4KQA1M", "Lenovo ThinkPad T14 Gen 4", "sofia.nilsson", "Customer Service",
              "NWF-Win-Kiosk-Shared")]
    s.user("Morning. Five starters at the Leeds site today, devices are already unboxed and "
           "registered in Autopilot. Please assign each one to its owner with the right profile: "
           "Amara Okafor (Ops) - standard; Jonas Weber (Warehouse Systems) - standard; Lucia "
           "Fernandez (Design) - the creative Mac profile; Tariq Haddad (AP) - finance profile; "
           "Sofia Nilsson (CS) - the shared kiosk profile. Match by the serials on the list.")
    s.send(0)

    def listing(rest, stamp):
        head = ("Autopilot - pending user assignment - site LDS (Leeds, Thorpe Park)\n"
                f"Generated {stamp} by svc-intune-report. Devices registered via OEM hash "
                "upload appear here until assigned.\n\n"
                "SERIAL         MODEL                        REGISTERED            GROUP TAG\n"
                "-------------  ---------------------------  --------------------  ---------\n")
        rows = "".join(f"{h[0]:<13}  {h[1]:<27}  2026-12-03 16:2{i}:10  LDS-NEW\n"
                       for i, h in enumerate(rest))
        foot = ("\nReminder: kiosk-profile devices must be assigned to the shared account group "
                "'LDS-CS-Kiosk' as well as the named user. Devices left unassigned for 30 days "
                "are retired from the pool automatically. Questions: #it-endpoint.\n")
        return head + (rows or "(no devices pending)\n") + f"{len(rest)} device(s) pending." + foot

    s.act(None, "list_pending_enrolments", {"site": "LDS"},
          listing(hires, "2026-12-07 08:02:11"))
    s.send(9)
    for k, h in enumerate(hires):
        s.act(f"Assigning {h[0]} to {h[2]} with {h[4]}.", "enroll_device",
              {"serial": h[0], "upn": f"{h[2]}@northwindfreight.com", "profile": h[4]},
              J({"serial": h[0], "assignedUser": f"{h[2]}@northwindfreight.com",
                 "profile": h[4], "department": h[3], "status": "Assigned",
                 "espExpected": "35-50 min" if "mac" not in h[4].lower() else "20 min",
                 "extra": ("added to group LDS-CS-Kiosk" if "Kiosk" in h[4] else None)}))
        s.send(11 + k)
        if k < len(hires) - 1:
            s.act("Back to the list for the next one.", "list_pending_enrolments",
                  {"site": "LDS"},
                  listing(hires[k + 1:], f"2026-12-07 08:{5 + 3 * k:02d}:{(17 * k + 4) % 60:02d}"))
            s.send(8)
    s.asst("All five devices are assigned: Amara Okafor (5CG4127XQL, standard), Jonas Weber "
           "(PF4KQ9ZD, standard), Lucia Fernandez (C02ZK3MALVDQ, creative Mac), Tariq Haddad "
           "(5CG4127XR2, finance), Sofia Nilsson (PF4KQA1M, kiosk, also in LDS-CS-Kiosk). The "
           "Windows ones will take 35-50 minutes in the Enrollment Status Page.")
    s.user("Brilliant. Can you confirm the list is empty now?")
    s.send(95)
    s.act(None, "list_pending_enrolments", {"site": "LDS"}, listing([], "2026-12-07 08:21:40"))
    s.send(6)
    return s


def helpdesk_healthy_backoff():
    s = Session("it_helpdesk_healthy_vpn_backoff", "it_helpdesk", "chat", HELPDESK_SYS,
                "gpt-4o", 700,
                [HD_TOOLS[k] for k in ("get_vpn_sessions", "reissue_vpn_cert")], "u-hd-2210",
                notes="The VPN API answers 503 twice and later 429 with Retry-After; the agent "
                      "backs off, the calls succeed, the expired certificate is reissued.")
    s.user("Hey, VPN keeps dropping me with 'Certificate authentication failed'. Dana Kowalski, "
           "dana.kowalski@northwindfreight.com, working from home today.")
    s.send(0)
    upn = "dana.kowalski@northwindfreight.com"
    s.act("Checking your recent VPN sessions.", "get_vpn_sessions", {"upn": upn},
          "HTTP/1.1 503 Service Unavailable\nRetry-After: 30\nContent-Type: application/json\n\n"
          + J({"error": "upstream panorama-api unavailable", "requestId": "gp-7f31c0"}))
    s.send(6)
    s.act("The VPN reporting service is briefly unavailable; retrying in 30 seconds.",
          "get_vpn_sessions", {"upn": upn},
          "HTTP/1.1 503 Service Unavailable\nRetry-After: 60\nContent-Type: application/json\n\n"
          + J({"error": "upstream panorama-api unavailable", "requestId": "gp-7f3a92"}))
    s.send(31)
    s.act("Still unavailable; waiting 60 seconds before the next try.", "get_vpn_sessions",
          {"upn": upn},
          J({"sessions": [
              {"time": "2026-12-07T08:41:12Z", "gateway": "northwind-gw-lon",
               "result": "FAIL", "reason": "client certificate expired (notAfter "
               "2026-12-06T23:59:59Z)", "client": "GlobalProtect 6.2.4"},
              {"time": "2026-12-07T08:39:57Z", "gateway": "northwind-gw-ams",
               "result": "FAIL", "reason": "client certificate expired"},
              {"time": "2026-12-06T17:02:33Z", "gateway": "northwind-gw-lon", "result": "OK",
               "duration": "7h58m"}]}))
    s.send(62)
    s.act("Found it: your VPN certificate expired at midnight. I'll reissue it.",
          "reissue_vpn_cert", {"upn": upn},
          "HTTP/1.1 429 Too Many Requests\nRetry-After: 45\n\n"
          + J({"error": "rate limited: 20 certificate operations per 5 minutes per tenant"}))
    s.send(9)
    s.act("The certificate service is rate-limited right now; trying again in 45 seconds.",
          "reissue_vpn_cert", {"upn": upn},
          J({"status": "issued", "thumbprint": "3F9A0C17E2B4D8815A6C0F2E9B7D4A1C5E8F0B23",
             "notAfter": "2027-12-07T23:59:59Z", "revoked": "1C44E0...A9 (expired)",
             "delivery": "pushed via Intune SCEP profile; device sync requested"}))
    s.send(47)
    s.asst("Done - a new certificate (valid until 7 Dec 2027) is being pushed to your laptop. "
           "Give it two minutes, then right-click GlobalProtect > Refresh Connection and "
           "connect again. Let me know how it goes.")
    s.user("Connected! Thank you. Unrelated: Outlook keeps asking me to sign in again every "
           "hour or so since yesterday. Is that the same thing?")
    s.send(240)
    s.asst("Probably not the same cause. The hourly prompts usually mean the Web Account "
           "Manager token is stale after a password change. Please sign out of Outlook "
           "(File > Office Account > Sign out), close it, reopen and sign in once; if it "
           "continues, I'll open a ticket for the messaging team.")
    s.user("Did that, it hasn't asked again for 40 minutes. I think we're good, thanks Halo.")
    s.send(2700)
    s.asst("Great to hear. I'll close this out - have a good day, Dana.")
    s.user("Actually one last one - can you tell me when my password expires?")
    s.send(60)
    return s


# =============================================================================================
# procurement_rfq
# =============================================================================================
PROC_SYS = (
    "You are the sourcing agent of Halvorsen Maritime AS purchasing. You run RFQs: collect "
    "quotes from approved vendors by email, look up catalogue prices, normalise them to EUR "
    "excluding VAT, and prepare an award recommendation. Purchase policy PR-4: spend above "
    "EUR 25,000 needs three comparable quotes or an approved single-source exception (form "
    "EX-7 signed by the cost-centre owner). Do not commit the company to any order.")
PROC_TOOLS = {
    "get_quotes": tool("get_quotes", "Quotes received so far for an RFQ.",
                       rfq=("string", "RFQ number")),
    "check_inbox": tool("check_inbox", "Unread mail in the purchasing mailbox for a thread.",
                        thread=("string", "RFQ number or subject")),
    "send_email": tool("send_email", "Send an email from purchasing@halvorsen-maritime.no.",
                       to=("string", "recipient"), subject=("string", "subject"),
                       body=("string", "plain text body")),
    "catalogue_lookup": tool("catalogue_lookup", "Punch-out catalogue lookup of a SKU.",
                             vendor=("string", "vendor code"), sku=("string", "vendor SKU")),
}


def procurement_runaway_handoff():
    s = Session("procurement_rfq_runaway_approval_pingpong", "procurement_rfq", "responses",
                PROC_SYS, "gpt-4.1", 900, [PROC_TOOLS["get_quotes"]], "u-proc-agent-sourcing",
                runaway=(4, 9),
                notes="Sourcing agent and approval agent hand the same request back and forth: "
                      "'needs three quotes' vs 'only two vendors, approve an exception'.")
    s.user("From: Ingrid Solberg (Fleet Ops)\nPlease get 14 Zebra ZT411 industrial label "
           "printers (203 dpi, with peeler and rewinder) for the Bergen and Alesund warehouses, "
           "delivered before 20 Dec. Budget code CC-4410. RFQ-2026-0877 is already out.")
    s.send(0)
    s.act(None, "get_quotes", {"rfq": "RFQ-2026-0877"},
          J({"rfq": "RFQ-2026-0877", "invited": ["NORDLABEL", "BRADY-NO", "DATAPRINT-SE"],
             "quotes": [
                 {"vendor": "NORDLABEL", "unit": 1895.00, "currency": "EUR", "qty": 14,
                  "lead_days": 8, "incoterms": "DAP Bergen"},
                 {"vendor": "DATAPRINT-SE", "unit": 21450.00, "currency": "SEK", "qty": 14,
                  "lead_days": 6, "incoterms": "DAP Bergen"}],
             "declined": [{"vendor": "BRADY-NO",
                           "reason": "ZT411 with peeler not stocked; 6-8 weeks"}]}))
    s.send(7)
    mine = [
        "To approval-agent: PO request for RFQ-2026-0877, 14 x Zebra ZT411, best quote "
        "NORDLABEL EUR 26,530 DAP Bergen, 8 days. Only two vendors quoted (BRADY-NO declined: "
        "not stocked). Please approve a single-source exception so we can meet 20 Dec.",
        "To approval-agent: Re RFQ-2026-0877 - a third quote is not obtainable before the "
        "deadline; BRADY-NO declined and no other approved vendor carries the ZT411 peeler "
        "variant. Requesting approval of the exception.",
        "To approval-agent: resubmitting RFQ-2026-0877. Two quotes only (third vendor "
        "declined). Please approve the single-source exception - the delivery date is at "
        "risk.",
        "To approval-agent: RFQ-2026-0877 again: we cannot get three quotes in time. Kindly "
        "approve the exception for NORDLABEL at EUR 26,530.",
    ]
    theirs = [
        "From approval-agent: RFQ-2026-0877 returned to sourcing. Policy PR-4.2: spend above "
        "EUR 25,000 requires three comparable quotes. Two received. Status NEEDS_QUOTES. If a "
        "single-source exception is required, it must be filed on form EX-7 by the cost-centre "
        "owner of CC-4410; approval-agent cannot grant exceptions. (handoff #{n})",
    ]
    for k in range(12):
        s.asst(mine[k % 4])
        s.user(theirs[0].format(n=k + 1))
        s.send(25 + (k % 3) * 4)
    return s


def procurement_runaway_remind_poll():
    s = Session("procurement_rfq_runaway_remind_check_cycle", "procurement_rfq", "chat",
                PROC_SYS, "gpt-4o-mini", 500,
                [PROC_TOOLS["check_inbox"], PROC_TOOLS["send_email"]], "u-proc-0072",
                runaway=(5, 11),
                notes="Vendor contact is out of office; the agent alternates 'send reminder' / "
                      "'check inbox' and the inbox keeps showing the same autoreply (period 2).")
    s.user("Kestrel Packaging still hasn't sent their quote for RFQ-2026-0912 (4,000 "
           "double-wall cartons 600x400x400). Chase them - we need it today to close the RFQ.")
    s.send(0)
    inbox = J({"thread": "RFQ-2026-0912", "unread": 1, "messages": [
        {"from": "h.brandt@kestrel-packaging.de", "received": "2026-12-07T07:58:31Z",
         "subject": "Automatische Antwort: RFQ-2026-0912 - quotation request",
         "body": "Vielen Dank fuer Ihre Nachricht. Ich bin bis einschliesslich 15.12. nicht im "
                 "Buero und habe keinen Zugriff auf E-Mails. In dringenden Faellen wenden Sie "
                 "sich bitte an vertrieb@kestrel-packaging.de. / Thank you for your message. I "
                 "am out of the office until 15 December with no access to email."}]})
    for k in range(8):
        s.act("Checking for Kestrel's reply." if k == 0 else "Checking whether Kestrel replied.",
              "check_inbox", {"thread": "RFQ-2026-0912"}, inbox)
        s.send(15 if k == 0 else 120)
        if len(s.turns) >= 16:
            break
        s.act("No quote yet - sending a reminder to Heiko Brandt.", "send_email",
              {"to": "h.brandt@kestrel-packaging.de",
               "subject": "Reminder: RFQ-2026-0912 - quotation due today",
               "body": "Dear Mr Brandt,\n\nfriendly reminder that your quotation for "
                       "RFQ-2026-0912 (4,000 double-wall cartons, 600x400x400 mm, FEFCO 0201) "
                       "is due today at 16:00 CET. Please reply to this email.\n\nBest "
                       "regards,\nHalvorsen Maritime Purchasing"},
              J({"status": "sent", "messageId": f"<{hashlib.md5(str(k).encode()).hexdigest()[:16]}"
                 "@halvorsen-maritime.no>", "queued": True}))
        s.send(9)
    return s


def procurement_healthy_catalogue():
    s = Session("procurement_rfq_healthy_catalogue_boilerplate", "procurement_rfq", "anthropic",
                PROC_SYS, "claude-sonnet-4-20250514", 1500, [PROC_TOOLS["catalogue_lookup"]],
                "u-proc-0145",
                notes="Eight catalogue lookups whose pages share a long identical header and "
                      "terms footer; only the item block (price, stock, lead time) differs.")
    items = [("3M-6502QL", "3M 6502QL half-face respirator, medium", 31.40, 412, 2),
             ("3M-6035", "3M 6035 P3 particulate filter (pair)", 12.85, 2950, 2),
             ("UVEX-9190", "uvex i-3 safety goggles, clear, anti-fog", 14.20, 0, 21),
             ("ANS-48-101", "Ansell AlphaTec 48-101 chemical glove, size 9", 4.65, 8800, 2),
             ("ANS-48-101-10", "Ansell AlphaTec 48-101 chemical glove, size 10", 4.65, 3100, 2),
             ("PELTOR-X4A", "3M Peltor X4A ear defender, SNR 33 dB", 38.90, 96, 5),
             ("DRG-X-AM5000", "Draeger X-am 5000 gas detector (O2/LEL/CO/H2S)", 1149.00, 7, 10),
             ("HEL-DELTA-44", "Helly Hansen Workwear Alna 2.0 hi-vis jacket, L", 119.50, 54, 4)]
    s.user("Quarterly PPE reorder for the Stavanger yard. Look up these SKUs in the SafeGuard "
           "Nordic punch-out catalogue (vendor SGN) and give me a table with unit price, stock "
           "and lead time, flag anything that can't arrive within a week: " +
           ", ".join(i[0] for i in items) + ".")
    s.send(0)
    header = ("SafeGuard Nordic AS - Punch-out catalogue v4.12 - customer HALVORSEN-MAR (contract "
              "SGN-FW-2024-019, price list PL-2026-Q4, valid 01.10.2026-31.12.2026)\n"
              "Prices in EUR excl. VAT, per sales unit, DAP customer site, free freight above "
              "EUR 750 per order. Contract discount already applied (framework tier B, 14%).\n"
              + ("=" * 78) + "\n")
    footer = ("\n" + ("=" * 78) + "\n"
              "Terms: Orders placed before 14:00 CET ship the same working day from Sandnes "
              "(NO) when in stock. Back-ordered items ship from the central warehouse in "
              "Jonkoping (SE); lead times are estimates and not binding. Personal protective "
              "equipment is non-returnable once the seal is broken (EU 2016/425). Hazardous "
              "goods surcharges apply to gas detector calibration kits. Prices may change "
              "with 30 days notice under clause 7.2 of the framework agreement. Certificates "
              "of conformity are available on request for every item and batch. Punch-out "
              "session expires after 30 minutes of inactivity.\n"
              "Customer service: kundeservice@safeguard-nordic.no | +47 51 00 00 00 | "
              "Mon-Fri 07:30-16:00\n")
    for k, (sku, desc, price, stock, lead) in enumerate(items):
        body = (f"SKU:          {sku}\nDescription:  {desc}\nSales unit:   "
                f"{'pair' if 'filter' in desc else 'piece'}\nUnit price:   EUR {price:,.2f}\n"
                f"In stock:     {stock} (Sandnes)\nLead time:    {lead} working day(s)"
                + ("\nNote:         out of stock in Sandnes; next inbound 2026-12-29"
                   if stock == 0 else ""))
        s.act(None if k else "Looking the items up one by one.", "catalogue_lookup",
              {"vendor": "SGN", "sku": sku}, header + body + footer)
        s.send(6 + k % 3)
    s.asst("| SKU | Item | Unit EUR | Stock | Lead |\n|---|---|---|---|---|\n" +
           "\n".join(f"| {i[0]} | {i[1]} | {i[2]:,.2f} | {i[3]} | {i[4]} d |" for i in items) +
           "\n\nFlag: UVEX-9190 goggles are out of stock in Sandnes (21 working days, next "
           "inbound 29 Dec). Everything else can arrive within a week; the Draeger X-am 5000 "
           "is 10 days because only 7 are in stock.")
    s.user("Good. Suggest an alternative for the goggles that can arrive this week, same "
           "contract.")
    s.send(300)
    s.act("Checking the uvex i-5 as an alternative.", "catalogue_lookup",
          {"vendor": "SGN", "sku": "UVEX-9183"},
          header + "SKU:          UVEX-9183\nDescription:  uvex i-5 safety goggles, clear, "
          "supravision extreme\nSales unit:   piece\nUnit price:   EUR 17.90\nIn stock:     "
          "640 (Sandnes)\nLead time:    2 working day(s)" + footer)
    s.send(7)
    return s


RUBRIC = """Quote evaluation rubric (purchasing, rev. 2026-09). Apply it to every quote email
the user pastes, one quote per message. Do not compare with earlier quotes unless asked.

1. Normalise price: convert to EUR at the ECB reference rate given in the email's date line
   (NOK 11.62, SEK 11.47, DKK 7.46, USD 1.08, GBP 0.85 for this RFQ round), excluding VAT,
   including freight and packaging if quoted separately. Report unit and total.
2. Lead time: working days from PO to delivery at the named site. "Ex stock" = 3 days.
3. Incoterms: we accept DAP or DDP only. FCA/EXW quotes lose 3 points unless freight is
   quoted separately, in which case add it to the price.
4. Payment terms: standard is 30 days net. Prepayment loses 4 points. 60 days gains 1.
5. Validity: quotes valid less than 30 days lose 1 point.
6. Compliance: CE marking and declaration of conformity must be mentioned for equipment;
   missing = flag COMPLIANCE, do not score below the threshold automatically.
7. Score out of 25: price 10 (cheapest normalised = 10, others pro rata), lead time 5,
   terms 5, compliance and documentation 5. Round to one decimal.

Answer with exactly this template:
Vendor: <name> (<country>)
Normalised: EUR <unit> per unit, EUR <total> total
Lead time: <n> working days to <site>
Incoterms / payment / validity: <...>
Score: <x>/25
Flags: <comma separated or "none">
"""


def procurement_healthy_template_batch():
    s = Session("procurement_rfq_healthy_quote_template_batch", "procurement_rfq", "responses",
                PROC_SYS + "\n\n" + RUBRIC, "gpt-4.1-mini", 600, [], "u-proc-0381",
                notes="Nine vendor quote emails scored one after another with the same rubric; "
                      "every answer follows the same six-line template with different content.")
    quotes = [
        ("Tronds Hydraulikk AS", "Norway", "NOK", 489000, 6, "DAP Stavanger", "30 days net", 45,
         True, "hydraulic power unit HPU-22, 22 kW"),
        ("Kalmar Fluid Systems AB", "Sweden", "SEK", 512000, 10, "FCA Kalmar + SEK 6,800 freight",
         "30 days net", 30, True, "hydraulic power unit KFS-HP22"),
        ("Aarhus Power Hydraulics ApS", "Denmark", "DKK", 331500, 15, "DDP Stavanger",
         "60 days net", 60, True, "HPU 22 kW, 400V, 250 bar"),
        ("Parkway Fluid Power Ltd", "UK", "GBP", 37250, 20, "EXW Sheffield", "prepayment 50%",
         14, False, "22 kW power pack, 210 bar"),
        ("Hydrotec GmbH", "Germany", "EUR", 42100, 8, "DAP Stavanger", "30 days net", 30, True,
         "Aggregat HT-22/250"),
        ("Bergen Maskin AS", "Norway", "NOK", 462000, 5, "DAP Stavanger", "14 days net", 30, True,
         "HPU 22 kW refurbished, 12 months warranty"),
        ("Atlantic Motion Inc.", "USA", "USD", 44800, 30, "DDP Stavanger", "30 days net", 90,
         False, "22 kW HPU, UL listed"),
        ("Nordhavn Teknik A/S", "Denmark", "DKK", 318000, 7, "DAP Stavanger", "30 days net", 20,
         True, "HPU-22 with offline filter loop"),
        ("Vaasa Hydraulics Oy", "Finland", "EUR", 40950, 12, "DAP Stavanger", "45 days net", 30,
         True, "VH-22 power unit, stainless tank"),
    ]
    rates = {"NOK": 11.62, "SEK": 11.47, "DKK": 7.46, "USD": 1.08, "GBP": 0.85, "EUR": 1.0}
    prev_answer = None
    for k, (v, c, cur, amt, lead, inco, pay, valid, ce, item) in enumerate(quotes):
        if prev_answer:
            s.asst(prev_answer)
        s.user(f"Quote {k + 1} of 9 for RFQ-2026-0930 (qty 2):\n\nFrom: sales@"
               f"{v.split()[0].lower()}.example\nDate: 2026-12-0{1 + k % 6}\nSubject: RE: "
               f"RFQ-2026-0930 hydraulic power unit\n\nDear Sirs,\nthank you for your enquiry. "
               f"We are pleased to offer 2 x {item} at {cur} {amt:,} per unit, {inco}. "
               f"Delivery {lead} working days after receipt of order. Payment: {pay}. This "
               f"offer is valid for {valid} days." +
               (" Units are CE marked; declaration of conformity attached." if ce else
                " Documentation available after order.") + "\nKind regards,\nSales team")
        s.send(0 if k == 0 else 70 + 9 * k)
        unit = amt / rates[cur]
        flags = []
        if not inco.startswith(("DAP", "DDP")):
            flags.append("INCOTERMS")
        if "prepayment" in pay:
            flags.append("PREPAYMENT")
        if valid < 30:
            flags.append("SHORT VALIDITY")
        if not ce:
            flags.append("COMPLIANCE")
        score = round(min(25.0, 26 - lead / 6 - 3 * ("INCOTERMS" in flags) - 4 * ("PREPAYMENT" in flags)
                      - (valid < 30) - (unit - 35000) / 2500), 1)
        prev_answer = (f"Vendor: {v} ({c})\nNormalised: EUR {unit:,.0f} per unit, EUR "
                       f"{2 * unit:,.0f} total\nLead time: {lead} working days to Stavanger\n"
                       f"Incoterms / payment / validity: {inco} / {pay} / {valid} days\n"
                       f"Score: {score}/25\nFlags: {', '.join(flags) or 'none'}")
    return s


# =============================================================================================
# cad_design
# =============================================================================================
CAD_SYS = (
    "You drive ParaForm 9, a parametric CAD kernel, through tools. The user is a mechanical "
    "engineer at Lindqvist Pumps. Parts are in millimetres. Change parameters and constraints "
    "with the tools, rebuild, run the design checks, and export only geometry that rebuilds "
    "cleanly. Report the feature tree errors verbatim when they matter.")
CAD_TOOLS = {
    "set_parameter": tool("set_parameter", "Set a named model parameter.",
                          name=("string", "parameter"), value=("number", "new value")),
    "rebuild": tool("rebuild", "Regenerate the feature tree.", part=("string", "part file")),
    "add_constraint": tool("add_constraint", "Add a sketch constraint.",
                           sketch=("string", "sketch"), constraint=("string", "expression")),
    "delete_constraint": tool("delete_constraint", "Delete a sketch constraint by id.",
                              sketch=("string", "sketch"), id=("string", "constraint id")),
    "solve_sketch": tool("solve_sketch", "Solve a sketch and report its state.",
                         sketch=("string", "sketch")),
    "run_checks": tool("run_checks", "Design-rule checks (interference, wall, draft).",
                       assembly=("string", "assembly file")),
    "export": tool("export", "Start an export job.", config=("string", "configuration"),
                   format=("string", "STEP, DXF, STL or PDF")),
    "export_status": tool("export_status", "Status of an export job.", job=("string", "job id")),
}


def _tree(err, rev):
    return (f"ParaForm 9.3.1 regen of impeller_housing_v7.pfp (rev {rev})\n"
            "  [ok]   Sketch1 (base profile)        0.04 s\n"
            "  [ok]   Revolve1                      0.31 s\n"
            "  [ok]   Sketch2 (volute cut)          0.02 s\n"
            "  [ok]   Sweep1 (volute)               1.12 s\n"
            "  [ok]   Boss-Extrude2 (outlet flange) 0.09 s\n"
            "  [ok]   HolePattern1 (8x M12)         0.22 s\n"
            "  [FAIL] Fillet2                       0.88 s\n"
            f"         {err}\n"
            "  [skip] Shell1 (depends on Fillet2)\n"
            "  [skip] Draft1 (depends on Shell1)\n"
            "Regeneration failed: 1 error, 2 features suppressed.")


def cad_runaway_alternating():
    s = Session("cad_design_runaway_alternating_fillet_draft", "cad_design", "anthropic",
                CAD_SYS, "claude-sonnet-4-20250514", 800,
                [CAD_TOOLS["set_parameter"], CAD_TOOLS["rebuild"]], "u-cad-0207",
                runaway=(5, 11),
                notes="Fillet2 fails on a tangent-discontinuous edge chain; the agent alternates "
                      "between shrinking the fillet radius and changing the draft angle, every "
                      "rebuild fails with the same message.")
    s.user("impeller_housing_v7 doesn't regenerate since I changed the volute sweep. Get it to "
           "rebuild; keep the outer fillet as large as possible, ideally 3 mm, draft 1 deg.")
    s.send(0)
    err = ("Error PF-2214: Cannot compute constant-radius fillet: edge chain {E47, E48, E112} "
           "is not tangent-continuous at vertex V31 (angle 11.8 deg).")
    radii = [2.5, 2.0, 1.6, 1.2, 1.0, 0.8, 0.6]
    drafts = [1.5, 0.5, 2.0, 0.0, 1.0, 3.0, 0.25]
    rev = 41
    for k in range(8):
        if k % 2 == 0:
            v = radii[k // 2]
            s.act(f"Reducing the fillet radius to {v} mm." if k == 0 else
                  f"Let me try a smaller fillet radius, {v} mm.", "set_parameter",
                  {"name": "Fillet2.radius", "value": v},
                  J({"parameter": "Fillet2.radius", "old": radii[k // 2 - 1] if k else 3.0,
                     "new": v, "dirty": ["Fillet2", "Shell1", "Draft1"]}))
        else:
            v = drafts[k // 2]
            s.act(f"The fillet still fails. Maybe the draft is interfering; setting draft to "
                  f"{v} deg.", "set_parameter", {"name": "Draft1.angle", "value": v},
                  J({"parameter": "Draft1.angle", "new": v, "dirty": ["Draft1"]}))
        s.send(8)
        rev += 1
        s.act("Rebuilding.", "rebuild", {"part": "impeller_housing_v7.pfp"}, _tree(err, rev))
        s.send(14)
    return s


def cad_runaway_cycle4():
    s = Session("cad_design_runaway_constraint_cycle4", "cad_design", "chat", CAD_SYS,
                "gpt-4o", 600,
                [CAD_TOOLS[k] for k in ("add_constraint", "delete_constraint", "solve_sketch")],
                "u-cad-0311", runaway=(6, 13),
                notes="Period-4 cycle: add a dimension -> over-constrained -> delete it -> "
                      "under-constrained -> add it again.")
    s.user("Sketch 'MountPlate' in bracket_L.pfp is under-defined, the slot centre can "
           "float. Fully constrain it so it's black. Slot centre must be 42 mm from the left edge.")
    s.send(0)
    over = J({"sketch": "MountPlate", "state": "OVER_CONSTRAINED", "dof": 0,
              "conflicts": [["D7: distance(SlotCenter, LeftEdge) = 42",
                             "D3: distance(HoleA, LeftEdge) = 18",
                             "D5: distance(HoleA, SlotCenter) = 24",
                             "C9: horizontal(HoleA, SlotCenter)"]],
              "hint": "Remove one redundant dimension or convert it to driven (reference)."})
    under = J({"sketch": "MountPlate", "state": "UNDER_CONSTRAINED", "dof": 1,
               "free": ["SlotCenter.x"], "entities": 23, "constraints": 31})
    for k in range(4):
        s.act("Adding the 42 mm dimension." if k == 0 else "The slot centre is free again; "
              "adding the 42 mm dimension back.", "add_constraint",
              {"sketch": "MountPlate", "constraint": "distance(SlotCenter, LeftEdge) = 42"},
              J({"id": "D7", "added": True}))
        s.send(10)
        s.act("Solving.", "solve_sketch", {"sketch": "MountPlate"}, over)
        s.send(5)
        s.act("It conflicts with D3/D5/C9. Removing D7 to clear the conflict.",
              "delete_constraint", {"sketch": "MountPlate", "id": "D7"},
              J({"id": "D7", "deleted": True}))
        s.send(6)
        s.act("Solving again.", "solve_sketch", {"sketch": "MountPlate"}, under)
        s.send(5)
        if len(s.turns) >= 17:
            break
    s.act("Still one degree of freedom. Adding the 42 mm dimension.", "add_constraint",
          {"sketch": "MountPlate", "constraint": "distance(SlotCenter, LeftEdge) = 42"},
          J({"id": "D7", "added": True}))
    s.send(10)
    return s


def _checks(rev, findings, stamp):
    head = ("ParaForm DesignCheck 4.2 - assembly pump_skid_A.pfa - rule set LP-DFM-2025 "
            "(injection moulded PA66-GF30 and machined 6082-T6)\n"
            f"Run {stamp}, model revision {rev}, 37 parts, 212 mates, units mm.\n"
            "Rules: INT (interference), CLR (clearance >= 0.5), WALL (min wall 1.5 for PA66-GF30), "
            "DRAFT (>= 0.5 deg on pull direction), HOLE (edge distance >= 1.5 d), THR (thread "
            "engagement >= 1.0 d)\n" + ("-" * 70) + "\n")
    body = "".join(f"{f}\n" for f in findings) if findings else "No findings.\n"
    tail = ("-" * 70 + f"\n{len(findings)} finding(s). Report stored as DC-{rev}.html. Checks "
            "do not replace the tolerance stack-up review (form LP-ENG-11).")
    return head + body + tail


def cad_healthy_checks():
    s = Session("cad_design_healthy_checks_converge", "cad_design", "responses", CAD_SYS,
                "gpt-4.1", 900,
                [CAD_TOOLS[k] for k in ("set_parameter", "run_checks", "export")], "u-cad-0150",
                notes="Design checks fail differently after each fix (interference, then wall, "
                      "then draft), then pass and the assembly is exported.")
    s.user("pump_skid_A needs to pass DesignCheck before we send it to the toolmaker. Fix "
           "whatever it finds, smallest changes possible, then export STEP of the assembly and a "
           "DXF of the base plate.")
    s.send(0)
    steps = [
        (None, None, ["INT  cover_PA66 <-> motor_bracket: interference 2.10 mm at (118.4, 40.0, "
                      "212.7)", "WALL cover_PA66 rib R3: 1.20 mm < 1.5",
                      "DRAFT cover_PA66 face F88: 0.00 deg"]),
        ("Raising the cover by 2.6 mm to clear the motor bracket.",
         ("cover_offset_z", 14.6), ["WALL cover_PA66 rib R3: 1.20 mm < 1.5",
                                    "DRAFT cover_PA66 face F88: 0.00 deg",
                                    "CLR  cover_PA66 <-> cable_gland: 0.40 mm < 0.5"]),
        ("Thickening rib R3 to 1.6 mm.", ("rib_R3_thickness", 1.6),
         ["DRAFT cover_PA66 face F88: 0.00 deg",
          "CLR  cover_PA66 <-> cable_gland: 0.40 mm < 0.5"]),
        ("Adding 1 degree of draft on F88.", ("cover_draft_F88", 1.0),
         ["CLR  cover_PA66 <-> cable_gland: 0.55 mm"]),
        ("The draft also moved the gland clearance; nudging the gland boss 0.3 mm outward to "
         "keep margin.", ("gland_boss_offset", 0.3), []),
    ]
    rev = 118
    for k, (txt, param, findings) in enumerate(steps):
        if param:
            s.act(txt, "set_parameter", {"name": param[0], "value": param[1]},
                  J({"parameter": param[0], "new": param[1], "rebuild": "ok",
                     "regen_seconds": round(3.1 + k * 0.4, 1)}))
            s.send(12)
            rev += 1
        if k == 3:
            findings = ["CLR  cover_PA66 <-> cable_gland: 0.45 mm < 0.5"]
        s.act("Running the checks." if k == 0 else "Re-running the checks.", "run_checks",
              {"assembly": "pump_skid_A.pfa"},
              _checks(rev, findings, f"2026-12-07 10:{12 + 3 * k:02d}:{(11 * k) % 60:02d}"))
        s.send(20)
    s.act("All checks pass. Exporting the assembly.", "export",
          {"config": "pump_skid_A/Default", "format": "STEP"},
          J({"job": "EXP-55120", "state": "done", "file": "pump_skid_A_rev123.step",
             "bytes": 18244310}))
    s.send(25)
    s.act(None, "export", {"config": "base_plate/Default", "format": "DXF"},
          J({"job": "EXP-55121", "state": "done", "file": "base_plate_rev123.dxf",
             "bytes": 412900}))
    s.send(6)
    return s


def cad_healthy_export_poll():
    s = Session("cad_design_healthy_export_poller", "cad_design", "anthropic", CAD_SYS,
                "claude-sonnet-4-20250514", 500,
                [CAD_TOOLS["export"], CAD_TOOLS["export_status"]], "u-cad-0588",
                notes="Three configurations exported as STL for print; the agent polls each "
                      "job whose progress, faces and ETA move until done.")
    s.user("Export the three impeller variants (IMP-5B, IMP-6B, IMP-7B) as fine STL for the "
           "resin printer, chord tolerance 0.01 mm. Tell me when all three are ready.")
    s.send(0)
    jobs = [("IMP-5B", "EXP-61007", [(12, 90), (38, 64), (71, 30), (96, 4)], 1820112),
            ("IMP-6B", "EXP-61008", [(9, 110), (31, 80), (58, 52), (84, 18)], 2204318),
            ("IMP-7B", "EXP-61009", [(15, 70), (47, 41), (89, 9)], 2650894)]
    for cfg, job, polls, faces in jobs:
        s.act(f"Starting the {cfg} export.", "export",
              {"config": f"impeller/{cfg}", "format": "STL"},
              J({"job": job, "state": "queued", "position": 1}))
        s.send(5)
        for p, eta in polls:
            s.act(None, "export_status", {"job": job},
                  J({"job": job, "state": "tessellating", "progress_pct": p,
                     "faces_done": faces * p // 100, "faces_total": faces,
                     "eta_seconds": eta}))
            s.send(max(10, eta // 2))
        s.act(None, "export_status", {"job": job},
              J({"job": job, "state": "done", "progress_pct": 100, "file":
                 f"impeller_{cfg}_fine.stl", "bytes": faces * 50 + 84,
                 "watertight": True}))
        s.send(12)
    return s


# =============================================================================================
# financial_filings_qa
# =============================================================================================
FIN_SYS = (
    "You answer questions about company filings for the credit research desk. Use only the "
    "filing text provided or retrieved; quote figures exactly with units and period; cite the "
    "item and section. If the text does not contain the answer, say so plainly and name what "
    "the text does contain. No investment advice.")

SEGMENTS = [  # name, FY2025 revenue, FY2024 revenue, FY2025 op income, FY2024 op income ($M)
    ("Fluid Handling", 1482.6, 1391.0, 248.9, 221.4),
    ("Industrial Automation", 1127.3, 1209.8, 96.1, 143.7),
    ("Aftermarket & Services", 804.0, 742.5, 187.3, 166.0),
    ("Water Infrastructure", 611.9, 538.2, 71.4, 58.9),
]
RISKS = [
    ("Our results depend on capital spending in cyclical end markets.",
     "Approximately 58% of our revenue in fiscal 2025 came from original equipment sold to "
     "customers in oil and gas midstream, chemical processing, municipal water and discrete "
     "manufacturing. These customers defer projects when commodity prices fall, when interest "
     "rates rise or when their own order books weaken. The decline in Industrial Automation "
     "orders during the second half of fiscal 2025 illustrates this exposure."),
    ("We rely on a limited number of suppliers for castings and power electronics.",
     "Two foundries in Mexico and one in India supply 71% of our ductile iron and stainless "
     "castings, and a single supplier provides the variable frequency drive modules used in "
     "our SmartFlow product line. A disruption at any of these suppliers could delay shipments "
     "for several months because qualifying an alternative source takes 9 to 14 months."),
    ("Our indebtedness could limit our flexibility.",
     "As of September 30, 2025 we had $1,845.0 million of total debt, including $600.0 million "
     "of 5.125% senior notes due 2029 and $745.0 million outstanding under our term loan A, "
     "which bears interest at SOFR plus 1.625%. Our credit agreement requires a maximum net "
     "leverage ratio of 3.75x, stepping down to 3.50x from fiscal 2027."),
    ("Changes in trade policy may increase our costs.",
     "Tariffs imposed in fiscal 2025 on steel and aluminum derivative products increased our "
     "cost of sales by approximately $31 million. We recovered about two thirds of this through "
     "surcharges; the remainder reduced gross margin in Fluid Handling and Water "
     "Infrastructure."),
    ("Cybersecurity incidents could disrupt operations.",
     "In March 2025 a ransomware attack on a third-party logistics provider delayed shipments "
     "from our Memphis distribution center for eleven days. We did not pay a ransom and no "
     "Company systems were encrypted, but the incident reduced second-quarter Aftermarket & "
     "Services revenue by an estimated $9 million."),
    ("We may not realize the benefits of acquisitions.",
     "We completed the acquisition of Hydronova S.r.l. in January 2025 for $212.4 million, net "
     "of cash acquired. Integration of its ERP system into ours is scheduled for fiscal 2026; "
     "delays could increase integration costs above the $14 million we currently expect."),
    ("Pension obligations may require additional contributions.",
     "Our U.S. defined benefit plans were 92% funded at fiscal year end. A 50 basis point "
     "decrease in the discount rate would increase the projected benefit obligation by about "
     "$38 million."),
    ("Foreign currency movements affect reported results.",
     "About 41% of revenue is denominated in currencies other than the U.S. dollar, chiefly "
     "the euro, the Chinese renminbi and the Brazilian real. A 10% stronger dollar would have "
     "reduced fiscal 2025 revenue by approximately $165 million."),
]


def tenk(sections=("risk", "mdna", "segments", "liquidity", "notes")):
    out = ["CARROW INDUSTRIAL HOLDINGS, INC.\nANNUAL REPORT ON FORM 10-K\nFor the fiscal year "
           "ended September 30, 2025\nCommission file number 001-38817\n(excerpts provided to "
           "the assistant; page numbers refer to the filed document)\n"]
    if "risk" in sections:
        out.append("\nITEM 1A. RISK FACTORS (pages 18-29)\n")
        for i, (h, b) in enumerate(RISKS, 1):
            out.append(f"\n{h}\n{b}\n")
    if "mdna" in sections:
        tot25 = sum(x[1] for x in SEGMENTS)
        tot24 = sum(x[2] for x in SEGMENTS)
        out.append(
            "\nITEM 7. MANAGEMENT'S DISCUSSION AND ANALYSIS OF FINANCIAL CONDITION AND RESULTS OF "
            "OPERATIONS (pages 34-52)\n\nOverview\nFiscal 2025 net sales were "
            f"${tot25:,.1f} million, an increase of {100 * (tot25 / tot24 - 1):.1f}% from "
            f"${tot24:,.1f} million in fiscal 2024. Organic sales, which exclude the Hydronova "
            "acquisition and foreign currency translation, increased 1.9%. Orders were $4,021.6 "
            "million and backlog at year end was $1,688.3 million, down 4.2%, reflecting lower "
            "Industrial Automation project orders partly offset by record Water Infrastructure "
            "bookings.\n\nGross profit was $1,334.0 million (33.0% of sales) compared with "
            "$1,268.4 million (32.6%). Selling, general and administrative expense was $730.3 "
            "million, including $18.7 million of restructuring costs related to the closure of "
            "the Dayton, Ohio automation plant announced in the third quarter. Operating income "
            "was $603.7 million and operating margin 14.9%.\n\nInterest expense, net, increased "
            "to $104.2 million from $88.9 million because of the term loan drawn to fund the "
            "Hydronova acquisition. The effective tax rate for fiscal 2025 was 21.4% compared "
            "with 22.9% in fiscal 2024; the decrease reflects the release of a $6.3 million "
            "valuation allowance in Brazil. Net income attributable to Carrow was $392.8 "
            "million, or $3.41 per diluted share, versus $371.5 million, or $3.19 per diluted "
            "share.\n\nGoodwill. We performed our annual impairment test as of July 1, 2025. "
            "The fair value of every reporting unit exceeded its carrying value; the Industrial "
            "Automation reporting unit, with goodwill of $402.7 million, had the smallest "
            "headroom, 9%. A 100 basis point increase in the discount rate would reduce that "
            "headroom to approximately 2%. No impairment was recorded in fiscal 2025 or 2024.\n")
    if "segments" in sections:
        out.append("\nSegment results ($ in millions)\n\n"
                   "Segment                    Sales FY25  Sales FY24  Op inc FY25  Op inc FY24"
                   "  Margin FY25\n")
        for n, a, b, c, d in SEGMENTS:
            out.append(f"{n:<26} {a:>10,.1f}  {b:>10,.1f}  {c:>11,.1f}  {d:>11,.1f}  "
                       f"{100 * c / a:>10.1f}%\n")
        out.append(
            "\nFluid Handling sales increased 6.6%, of which Hydronova contributed 4.1 points; "
            "margin expanded on pricing and mix. Industrial Automation sales decreased 6.8% as "
            "semiconductor and battery plant customers delayed projects; operating income fell "
            "33.1%, including $18.7 million of Dayton restructuring. Aftermarket & Services grew "
            "8.3% with strong parts demand and field service price increases. Water "
            "Infrastructure grew 13.7% on municipal meter replacement programs funded by the "
            "Infrastructure Investment and Jobs Act.\n\nQuarterly net sales ($ in millions): Q1 "
            "962.4, Q2 1,003.9, Q3 1,021.7, Q4 1,037.8. Fourth-quarter operating margin was "
            "15.8%.\n")
    if "liquidity" in sections:
        out.append(
            "\nLiquidity and Capital Resources\nCash from operating activities was $512.6 "
            "million (fiscal 2024: $468.0 million). Capital expenditures were $118.9 million. "
            "Free cash flow, a non-GAAP measure defined as operating cash flow less capital "
            "expenditures, was $393.7 million, 100.2% of net income. We paid dividends of $0.92 "
            "per share ($105.6 million) and repurchased 1.1 million shares for $96.0 million. At "
            "September 30, 2025 we had cash of $287.4 million and $780.0 million available under "
            "our revolving credit facility maturing in June 2029. Net leverage was 2.41x.\n\n"
            "Debt maturities ($ in millions): fiscal 2026 37.5; 2027 37.5; 2028 75.0; 2029 "
            "1,195.0; thereafter 500.0.\n")
    if "notes" in sections:
        out.append(
            "\nNOTE 14. COMMITMENTS AND CONTINGENCIES (page 97)\nWe are a defendant in "
            "approximately 310 asbestos-related lawsuits arising from gaskets sold by a "
            "predecessor before 1982. We recorded a liability of $46.1 million for pending and "
            "estimated future claims through 2055 and an insurance receivable of $29.8 million. "
            "Environmental remediation reserves were $12.4 million, mainly for the former "
            "Ridgefield, New Jersey site.\n\nNOTE 17. SUBSEQUENT EVENTS (page 104)\nOn "
            "November 6, 2025 the Board declared a quarterly dividend of $0.25 per share and "
            "approved a new $500 million share repurchase authorization. On November 14, 2025 "
            "we agreed to sell the Dayton automation building for $22 million; the sale is "
            "expected to close in the second quarter of fiscal 2026.\n")
    return "".join(out)


def fin_runaway_same_content_urls():
    s = Session("financial_filings_qa_runaway_same_passage_new_urls", "financial_filings_qa",
                "chat", FIN_SYS, "gpt-4o", 800,
                [tool("search_filings", "Full-text search over EDGAR filings and IR pages.",
                      query=("string", "search terms"))], "u-fin-0440", runaway=(3, 8),
                notes="The agent searches for a figure the filing does not contain; every search "
                      "returns the same MD&A goodwill passage under a new title and URL.")
    s.user("What goodwill impairment did Carrow Industrial book in Q3 fiscal 2025 for "
           "Industrial Automation after the Dayton closure? I need the exact charge.")
    s.send(0)
    passage = tenk(("mdna",)).split("Goodwill. ")[1]
    hosts = [
        ("Carrow Industrial Holdings 10-K FY2025 - Item 7 MD&A",
         "https://www.sec.gov/Archives/edgar/data/1711203/000171120325000041/cih-20250930.htm"),
        ("CARROW INDUSTRIAL HOLDINGS, INC. 10-K (filed 2025-11-19) full text",
         "https://efts.example-filings.net/LATEST/search-index?q=carrow&form=10-K&doc=41"),
        ("Carrow FY2025 Annual Report (PDF), p. 47",
         "https://investors.carrow.example/static-files/fy2025-annual-report.pdf#page=47"),
        ("Carrow Industrial Q3 FY2025 goodwill - annual report excerpt",
         "https://www.annualreports.example/Company/carrow-industrial/2025/excerpt-item7"),
        ("10-K405 mirror: CIH 2025 MD&A",
         "https://filings-mirror.example.org/cih/2025/10-K/item7.html"),
        ("Carrow Industrial Holdings - Form 10-K - Goodwill and intangible assets",
         "https://www.sec.gov/ix?doc=/Archives/edgar/data/1711203/000171120325000041/cih-20250930.htm"),
        ("CIH annual report 2025: critical accounting estimates",
         "https://investors.carrow.example/financial-information/annual-reports/2025/cae"),
        ("Carrow Industrial impairment test July 2025",
         "https://research-notes.example.com/carrow/2025/10-k-goodwill"),
        ("CARROW INDUSTRIAL HOLDINGS INC - ANNUAL REPORT - ITEM 7",
         "https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK=1711203&doc=item7"),
        ("Carrow 10-K text (plain)", "https://text-filings.example.net/1711203/2025/10k.txt"),
        ("Carrow Industrial Automation segment goodwill 2025",
         "https://investors.carrow.example/news/fy2025-results/goodwill"),
        ("Carrow Industrial Holdings annual filing 2025 (HTML)",
         "https://www.sec.gov/Archives/edgar/data/1711203/000171120325000041/0001711203-25-000041-index.htm"),
    ]
    queries = ["Carrow Industrial goodwill impairment Q3 2025 Industrial Automation",
               "Carrow Dayton closure impairment charge goodwill",
               "CIH 10-K 2025 impairment Industrial Automation reporting unit charge",
               "Carrow Industrial third quarter 2025 goodwill write-down amount",
               "Carrow Industrial Automation impairment $ million fiscal 2025",
               "Carrow interim goodwill impairment test Q3 FY25",
               "Carrow Industrial Holdings impairment of goodwill Dayton",
               "Carrow goodwill charge Industrial Automation segment restructuring Q3",
               "Carrow 2025 impairment loss recognized Industrial Automation",
               "Carrow Industrial goodwill impairment amount third quarter",
               "CIH Industrial Automation goodwill impairment charge 2025 10-K",
               "Carrow Dayton plant goodwill impairment million"]
    texts = [None, "That result covers the annual test but not a Q3 charge. Searching more "
             "specifically.", "Still the same annual-test passage. Trying other terms.",
             "The page again describes the July test only. Another search.",
             "Not there either; refining the query.", "Let me search with different wording.",
             "That is the same passage. Searching again.", "Trying another source.",
             "Same text. One more search.", "Let me look for the figure elsewhere.",
             "Searching again for the charge.", "Trying once more."]
    for k in range(12):
        title, url = hosts[k]
        s.act(texts[k], "search_filings", {"query": queries[k]},
              J({"results": [{"title": title, "url": url, "snippet": "Goodwill. " + passage,
                              "retrieved": f"2026-12-07T11:{2 + k:02d}:{(13 * k) % 60:02d}Z"}]}))
        s.send(9 + k % 4)
    return s


def fin_runaway_paraphrase():
    s = Session("financial_filings_qa_runaway_paraphrased_not_found", "financial_filings_qa",
                "anthropic", FIN_SYS, "claude-sonnet-4-20250514", 700, [], "u-fin-0102",
                runaway=(3, 7),
                notes="The user insists on a Q4 effective tax rate that the excerpt does not "
                      "give; the assistant rewords the same 'not disclosed, full year is 21.4%' "
                      "answer every time.")
    doc = tenk()
    s.user(doc + "\n\nQuestion: what was Carrow's effective tax rate in Q4 fiscal 2025 alone?")
    s.send(0)
    answers = [
        "The excerpt does not give a fourth-quarter effective tax rate. It only reports the "
        "full-year fiscal 2025 rate of 21.4% (22.9% in fiscal 2024), lowered by the release of "
        "a $6.3 million valuation allowance in Brazil (Item 7, Overview).",
        "I can't find a Q4-only tax rate in this text. What it states is the fiscal 2025 "
        "effective tax rate for the whole year, 21.4%, versus 22.9% the year before, with the "
        "decrease attributed to a $6.3 million Brazilian valuation allowance release.",
        "The filing excerpt has no quarterly effective tax rate. The only figure is the annual "
        "one: 21.4% for fiscal 2025 (22.9% in 2024), reduced by the $6.3 million release of a "
        "valuation allowance in Brazil.",
        "Unfortunately the provided text reports taxes only for the full year: an effective "
        "rate of 21.4% in fiscal 2025 against 22.9% in fiscal 2024, helped by a $6.3 million "
        "valuation allowance release in Brazil. A fourth-quarter rate is not disclosed here.",
        "There is no Q4 effective tax rate in the excerpt. For the full fiscal year 2025 the "
        "rate was 21.4% (prior year 22.9%); the decline reflects releasing a $6.3 million "
        "valuation allowance in Brazil.",
        "The document does not break the tax rate out by quarter. The full-year fiscal 2025 "
        "effective tax rate is 21.4%, compared with 22.9% in fiscal 2024, mainly because of a "
        "$6.3 million valuation allowance release in Brazil.",
        "I'm unable to give a fourth-quarter rate from this text - only the annual effective "
        "tax rate (21.4% in fiscal 2025, 22.9% in 2024) is reported, the change being due to a "
        "$6.3 million release of a Brazilian valuation allowance.",
        "This excerpt contains the annual effective tax rate only: 21.4% for fiscal 2025 vs "
        "22.9% in fiscal 2024 (Brazil valuation allowance release of $6.3 million). The Q4 "
        "figure is not in the text.",
        "No quarterly tax rate appears in the excerpt; the fiscal 2025 full-year effective tax "
        "rate was 21.4% (22.9% in 2024), lowered by a $6.3 million valuation allowance release "
        "in Brazil.",
        "The Q4-only effective tax rate isn't disclosed in what you provided. Full-year fiscal "
        "2025: 21.4%, down from 22.9%, because of the $6.3 million Brazil valuation allowance "
        "release.",
        "As before, the excerpt gives only the full-year effective tax rate of 21.4% for "
        "fiscal 2025 (22.9% prior year); there is no fourth-quarter rate.",
    ]
    users = ["I know the annual number. I need Q4 alone. Work it out from the filing.",
             "That's the annual figure again. The Q4 rate please.",
             "Please just give me the fourth quarter effective tax rate.",
             "Again, not the full year. Q4 2025 effective tax rate?",
             "You keep giving me the annual rate. I asked for Q4.",
             "Q4 only. Try again.",
             "I need the Q4 number for my model, please look again.",
             "Can you try again? Fourth quarter tax rate.",
             "Still not Q4. Please answer the question.",
             "What is the Q4 FY25 effective tax rate?",
             "Try again: Q4 effective tax rate."]
    for k in range(11):
        s.asst(answers[k])
        s.user(users[k])
        s.send(35 + (k % 4) * 11)
    return s


def fin_healthy_stateless():
    s = Session("financial_filings_qa_healthy_stateless_same_doc", "financial_filings_qa",
                "responses", FIN_SYS, "gpt-4.1-mini", 500, [], "u-fin-0777", stateless=True,
                notes="A stateless client resends the same long 10-K excerpt with a new question "
                      "each turn (no history), as a RAG service answering different analysts.")
    doc = tenk()
    qs = ["What was fiscal 2025 net sales and how much did it grow?",
          "Which segment had the highest operating margin in FY2025?",
          "How much free cash flow did Carrow generate, and how is it defined?",
          "What is the maximum net leverage covenant, and what was actual net leverage?",
          "How large is the asbestos liability and the related insurance receivable?",
          "When does the revolving credit facility mature and how much is undrawn?",
          "What drove the decline in Industrial Automation operating income?",
          "How much did tariffs cost in fiscal 2025 and how much was recovered?",
          "What was diluted EPS in FY2025 vs FY2024?",
          "What subsequent events are disclosed after year end?",
          "Which reporting unit had the least goodwill headroom, and how sensitive is it?",
          "What percentage of revenue is in non-USD currencies?",
          "How much debt matures in fiscal 2029?",
          "What did the March 2025 ransomware incident cost?"]
    for k, q in enumerate(qs):
        s.reset()
        s.user(doc + "\n\nQuestion: " + q)
        s.send(0 if k == 0 else 20 + (k * 37) % 90)
    return s


def fin_healthy_history():
    s = Session("financial_filings_qa_healthy_analyst_followups", "financial_filings_qa",
                "chat", FIN_SYS, "gpt-4o", 900, [], "u-fin-0315",
                notes="One analyst, one conversation: the filing once, then a chain of "
                      "follow-up questions answered in the same 'Answer / Source' template.")
    s.user(tenk() + "\n\nI'm writing a credit note on Carrow. First: summarise revenue growth "
           "and its drivers in two sentences.")
    s.send(0)
    qa = [
        ("Net sales rose 4.5% to $4,025.8 million, or 1.9% organically; Hydronova added about "
         "4 points to Fluid Handling. Water Infrastructure (+13.7%) and Aftermarket (+8.3%) grew "
         "while Industrial Automation fell 6.8% on delayed semiconductor and battery projects.",
         "Item 7, Overview and Segment results",
         "Good. What's the leverage picture vs. covenant?"),
        ("Net leverage was 2.41x at September 30, 2025 against a 3.75x maximum, stepping down "
         "to 3.50x from fiscal 2027. Total debt was $1,845.0 million; cash $287.4 million.",
         "Item 1A (indebtedness) and Liquidity and Capital Resources",
         "And liquidity - revolver availability and the maturity wall?"),
        ("$780.0 million is available under the revolver maturing June 2029. Maturities are "
         "light until fiscal 2029, when $1,195.0 million falls due, then $500.0 million after.",
         "Liquidity and Capital Resources, debt maturities",
         "Interest cost trend?"),
        ("Net interest expense rose to $104.2 million from $88.9 million, because of the term "
         "loan drawn for Hydronova. The term loan A ($745.0 million) pays SOFR + 1.625%.",
         "Item 7, Overview; Item 1A",
         "Is the dividend plus buyback covered by FCF?"),
        ("Yes. Free cash flow was $393.7 million; dividends $105.6 million plus buybacks $96.0 "
         "million total $201.6 million, about 51% of FCF.",
         "Liquidity and Capital Resources (computed from the reported figures)",
         "Any goodwill risk I should flag?"),
        ("Industrial Automation carries $402.7 million of goodwill with only 9% headroom at the "
         "July 1 test; +100 bp on the discount rate would cut headroom to about 2%. No "
         "impairment recorded.",
         "Item 7, Goodwill",
         "Contingent liabilities?"),
        ("Asbestos: about 310 suits, liability $46.1 million through 2055 with a $29.8 million "
         "insurance receivable. Environmental reserves $12.4 million, mostly Ridgefield, NJ.",
         "Note 14",
         "Supply chain concentration?"),
        ("Three foundries (two in Mexico, one in India) supply 71% of castings, and one "
         "supplier provides SmartFlow drive modules; requalifying takes 9-14 months.",
         "Item 1A",
         "Last one: anything after year end that matters for credit?"),
        ("A new $500 million buyback authorization (credit-negative at the margin), the $0.25 "
         "quarterly dividend, and the agreed $22 million sale of the Dayton building, closing "
         "in Q2 fiscal 2026.",
         "Note 17",
         "Thanks. Draft the three-bullet credit summary for the note."),
        ("- Leverage 2.41x vs 3.75x covenant; FCF $393.7M covers shareholder returns ~2x.\n- "
         "Watch Industrial Automation: sales -6.8%, goodwill headroom 9%.\n- 2029 maturity "
         "wall ($1,195M) and new $500M buyback are the key balance-sheet risks.",
         "Items 1A and 7, Notes 14 and 17",
         "Tighten bullet 3 - mention the revolver also matures in 2029."),
        ("- 2029 concentration: $1,195M of debt plus the revolver (June 2029) mature the same "
         "year; the new $500M buyback reduces the cushion.",
         "Liquidity and Capital Resources; Note 17",
         "Perfect, that's it."),
    ]
    for a, src, nxt in qa:
        s.asst(f"Answer: {a}\nSource: {src}")
        s.user(nxt)
        s.send(60 + len(nxt) * 3)
    return s


# =============================================================================================
# content_moderation_batch
# =============================================================================================
MOD_POLICY = """You are a content moderation classifier for Harbourline, a community platform
for hobby boat owners, anglers and coastal travellers (forums, marketplace listings, photo
comments). You apply Policy MOD-7 (effective 2026-10-01) to one user post at a time.

LABELS (taxonomy v7; use exactly these strings)
- allow: nothing in the post violates MOD-7.
- harassment: targets an identifiable person with insults, threats of embarrassment,
  unwanted sexual remarks, or encourages others to pile on. Criticism of a product, a
  marina, a club decision or a public figure's actions is NOT harassment.
- hate: attacks people based on a protected characteristic (ethnicity, national origin,
  religion, caste, disability, sexual orientation, sex, gender identity, serious disease).
  Slurs, dehumanising comparisons, calls for exclusion. Discussion of hate incidents in
  news or history context is allowed.
- violent_threat: a credible statement of intent to harm a person or damage property
  ("I'll sink his boat", "someone should torch that marina"). Hyperbole obviously not
  meant literally ("this winch will kill me") is allow.
- self_harm: expresses intent to harm oneself or gives methods. Do not classify jokes about
  seasickness as self harm. Always set escalate=true for self_harm.
- sexual: explicit sexual content or solicitation. Swimwear photos and anatomy in a
  first-aid context are allow.
- spam_scam: unsolicited commercial promotion outside the marketplace, phishing, fake
  giveaways, requests to move payment off-platform, crypto "investment" schemes, repeated
  identical posts. Marketplace listings with a price and location are allow.
- regulated_goods: sale or trade of firearms, ammunition, flares and pyrotechnics without the
  licence field, prescription drugs, protected species (e.g. undersized lobster, eel), or
  fishing gear banned in the listed region (e.g. gill nets in the Baltic coastal zone).
- personal_info: publishes someone else's address, phone number, licence plate, mooring
  berth number together with a name, or financial details, without consent.
- misinformation: false claims about safety-critical matters that could cause harm: tide,
  weather warnings, navigation hazards, carbon monoxide, life jacket efficacy. Opinions and
  honest mistakes about non-safety topics are allow.

DECISION RULES
1. Read the whole post, including quoted text. Quoted violating text that the author
   clearly condemns is allow.
2. If several labels apply, choose the most severe in this order: self_harm,
   violent_threat, hate, personal_info, sexual, harassment, regulated_goods,
   misinformation, spam_scam.
3. Severity is 1 (minor, remove and notify), 2 (remove and 24 h posting limit), 3 (remove,
   7 day suspension, human review). Threats and self harm are at least 2.
4. Do not infer intent from the username alone. Non-English posts are classified in
   their language; give the rationale in English.
5. When you are unsure between allow and a violation, choose the violation only if a
   reasonable member of the community would see harm; otherwise allow with confidence
   below 0.7 so that it is sampled for human review.
6. Never quote more than 12 words of the post in the rationale.
7. Marketplace context: listings must show price, location and condition. Missing fields
   are NOT a policy violation (the listing form enforces them).

EXAMPLES
- "Anyone know if the Stena ferry still takes bikes in winter?" -> allow
- "Selling 12 Ikaros parachute flares, expired 2024, cash only, DM me" -> regulated_goods,
  severity 2 (pyrotechnics without licence field)
- "Berth C-41 in Kalmar is that idiot Johansson's, go tell him what you think" ->
  personal_info, severity 3 (berth + name + pile-on)
- "Double your money, my captain friend trades BTC from his yacht, 3 spots left" ->
  spam_scam, severity 2

OUTPUT: exactly one JSON object and nothing else:
{"post_id": "...", "label": "...", "severity": 0-3, "confidence": 0.0-1.0,
 "escalate": true|false, "rationale": "one sentence"}
Use severity 0 for allow.
"""

POSTS = [
    ("p-88120441", "forum/engines", "Finally fixed the stalling on my Yanmar 3YM30 - it was the "
     "fuel lift pump diaphragm, 38 euros. Photos of the old one in the album."),
    ("p-88120457", "marketplace", "Selling 2x Baltic gill nets 60m, barely used, 40 euros each, "
     "pickup Karlskrona. Works great for cod close to shore."),
    ("p-88120463", "forum/weather", "Don't worry about the SMHI gale warning for Saturday, those "
     "are always exaggerated, I've crossed Aland Sea in 25 m/s no problem in my 22 footer."),
    ("p-88120470", "comments/photo", "Beautiful sunset shot! Which lens did you use?"),
    ("p-88120488", "forum/marinas", "Nynashamn guest harbour raised prices 30% and the showers "
     "are still broken. Management clearly doesn't care about visitors."),
    ("p-88120491", "forum/offtopic", "honestly after this season I don't see the point of "
     "anything anymore, thinking of just walking off the pier tonight"),
    ("p-88120502", "marketplace", "Garmin echoMAP UHD 73sv with transducer, 320 euros, Turku, "
     "good condition, screen has one small scratch."),
    ("p-88120519", "comments/photo", "lol look who finally learned to dock. took you 6 years "
     "@svenbertil, everyone in Grisslehamn has videos of your attempts"),
    ("p-88120524", "forum/safety", "PSA: inflatable life jackets need the CO2 cylinder checked "
     "every season, mine had corroded through. Takes 2 minutes."),
    ("p-88120536", "dm-report", "Hey, I saw your listing. Can you pay the deposit via this link "
     "instead, the site fees are crazy: harbourline-payments-secure.example/verify"),
    ("p-88120541", "forum/fishing", "Got 14 eels in the fyke net last night off Blekinge, "
     "anyone want some? Smoked them already."),
    ("p-88120553", "forum/engines", "Ich suche eine Anleitung fuer den Impellerwechsel am "
     "Volvo Penta D1-20, hat jemand ein PDF?"),
    ("p-88120560", "comments/photo", "If that jet ski guy buzzes my mooring again I'll put a "
     "hole in his hull, I know where he keeps it."),
    ("p-88120574", "forum/offtopic", "The new club chairman is useless, the vote on winter "
     "storage was rigged and everyone knows it."),
    ("p-88120589", "forum/safety", "Running the Webasto with the hatches shut all night is "
     "fine, CO detectors on boats are a scam to sell gadgets."),
    ("p-88120593", "marketplace", "Hand-held VHF Standard Horizon HX890E, 150 euros, "
     "Gothenburg, like new, box and charger."),
    ("p-88120605", "forum/travel", "Is Christiansoe worth a detour from Bornholm? Planning two "
     "days in July with kids."),
    ("p-88120618", "comments/photo", "The skipper in this photo lives at Strandvagen 14B, "
     "phone 070-xxx xx 31, tell him his boat is an eyesore."),
    ("p-88120622", "forum/fishing", "Lobster season opens Monday. Remember the 9 cm minimum "
     "carapace length, the coast guard was measuring at Smogen last year."),
    ("p-88120637", "forum/offtopic", "3 spots left in my sailing crypto club, 12% weekly "
     "returns guaranteed, message me for the wallet address"),
]
MOD_LABELS = {
    "p-88120441": ("allow", 0, 0.98, "Routine repair report with no violation."),
    "p-88120457": ("regulated_goods", 2, 0.9, "Gill nets offered for use in the Baltic "
                   "coastal zone, a banned gear."),
    "p-88120463": ("misinformation", 2, 0.84, "Tells readers to ignore an official gale "
                   "warning, a safety-critical claim."),
    "p-88120470": ("allow", 0, 0.99, "Friendly photo comment."),
    "p-88120488": ("allow", 0, 0.93, "Criticism of a marina's service is allowed."),
    "p-88120491": ("self_harm", 3, 0.88, "Expresses intent to end their life tonight."),
    "p-88120502": ("allow", 0, 0.97, "Ordinary marketplace listing with price and location."),
    "p-88120519": ("harassment", 1, 0.76, "Mocks a named member and invites others to share "
                   "videos."),
    "p-88120524": ("allow", 0, 0.97, "Accurate safety advice."),
    "p-88120536": ("spam_scam", 2, 0.95, "Asks to move payment off-platform via a look-alike "
                   "link."),
    "p-88120541": ("regulated_goods", 2, 0.8, "Offers eel, a protected species, for trade."),
    "p-88120553": ("allow", 0, 0.98, "Request for an impeller replacement manual."),
    "p-88120560": ("violent_threat", 2, 0.86, "States intent to damage a specific person's "
                   "boat."),
    "p-88120574": ("allow", 0, 0.82, "Criticism of a club decision, not harassment."),
    "p-88120589": ("misinformation", 3, 0.91, "Dismisses carbon monoxide risk from a heater "
                   "in a closed cabin."),
    "p-88120593": ("allow", 0, 0.98, "Ordinary marketplace listing."),
    "p-88120605": ("allow", 0, 0.99, "Travel question."),
    "p-88120618": ("personal_info", 3, 0.95, "Publishes a person's address and phone number "
                   "with a call to contact him."),
    "p-88120622": ("allow", 0, 0.96, "Reminder of the legal minimum size."),
    "p-88120637": ("spam_scam", 2, 0.96, "Guaranteed-return crypto scheme solicitation."),
}


def mod_answer(pid):
    lab, sev, conf, why = MOD_LABELS[pid]
    return json.dumps({"post_id": pid, "label": lab, "severity": sev, "confidence": conf,
                       "escalate": lab == "self_harm" or sev == 3, "rationale": why})


def mod_user(post):
    pid, where, text = post
    return f"post_id: {pid}\nsurface: {where}\nauthor_age_days: {40 + int(pid[-3:]) % 900}\n" \
           f"text: {text}"


MOD_TOOLS = {
    "fetch_next_post": tool("fetch_next_post", "Next unlabelled post of a review queue.",
                            queue=("string", "queue name")),
    "submit_label": tool("submit_label", "Record the label for a post.",
                         post_id=("string", "post id"), label=("string", "taxonomy label"),
                         severity=("integer", "0-3"), rationale=("string", "one sentence")),
    "fetch_posts": tool("fetch_posts", "A page of posts from a review queue.",
                        queue=("string", "queue name"), cursor=("string", "page cursor")),
    "submit_labels": tool("submit_labels", "Record labels for several posts (JSON list).",
                          labels=("string", "JSON list of label objects")),
}


def mod_runaway_rejected_label():
    s = Session("content_moderation_batch_runaway_rejected_label", "content_moderation_batch",
                "responses", MOD_POLICY.replace("OUTPUT: exactly one JSON object and nothing "
                                                "else:", "Record each decision with "
                                                "submit_label; fields:"),
                "gpt-4.1-mini", 400,
                [MOD_TOOLS["fetch_next_post"], MOD_TOOLS["submit_label"]], "u-mod-svc-eu3",
                runaway=(4, 8),
                notes="The moderation API rejects a label that is not in taxonomy v7 with a 422; "
                      "the agent resubmits the same invalid label again and again.")
    s.user("Work through queue EU-FORUMS-3 until it is empty.")
    s.send(0)
    s.act(None, "fetch_next_post", {"queue": "EU-FORUMS-3"},
          J({"post_id": "p-88120702", "surface": "forum/offtopic", "lang": "sv",
             "text": "Alla fran [land] borde slangas ut ur hamnen, de forstor allt de ror vid. "
                     "(translated: Everyone from [country] should be thrown out of the harbour, "
                     "they ruin everything they touch.)", "queue_remaining": 211}))
    s.send(5)
    texts = ["This attacks people by national origin and calls for exclusion.",
             "Resubmitting the label.", "Retrying the submission.",
             "Submitting the decision again.", "Retrying.",
             "The label is correct under the hate rules; submitting again.",
             "Retrying the submission.", "Submitting again.", "Retrying.",
             "Submitting the label again.", "Retrying the submit.", "Once more."]
    for k in range(12):
        s.act(texts[k], "submit_label",
              {"post_id": "p-88120702", "label": "hate_speech_tier2", "severity": 3,
               "rationale": "Calls for excluding people of a national origin from the harbour."},
              "HTTP 422 Unprocessable Entity\n" + J({
                  "error": "invalid_label",
                  "detail": "label 'hate_speech_tier2' is not in taxonomy v7",
                  "allowed": ["allow", "harassment", "hate", "violent_threat", "self_harm",
                              "sexual", "spam_scam", "regulated_goods", "personal_info",
                              "misinformation"],
                  "request_id": f"req_{hashlib.sha1(str(k).encode()).hexdigest()[:12]}"}))
        s.send(3 + k % 3)
    return s


def mod_runaway_stuck_cursor():
    s = Session("content_moderation_batch_runaway_stuck_cursor", "content_moderation_batch",
                "chat", MOD_POLICY, "gpt-4o-mini", 300, [], "u-mod-svc-nordic",
                runaway=(4, 8),
                notes="The batch driver's cursor stops advancing after the third post: the "
                      "same post is resent and the model returns the identical label each time.")
    seq = POSTS[:3] + [POSTS[2]] * 10
    for k, post in enumerate(seq):
        if k:
            s.asst(mod_answer(seq[k - 1][0]))
        s.user(mod_user(post))
        s.send(0 if k == 0 else 4)
    return s


def mod_healthy_stateless_batch():
    s = Session("content_moderation_batch_healthy_stateless_policy", "content_moderation_batch",
                "anthropic", MOD_POLICY, "claude-sonnet-4-20250514", 300, [], "u-mod-svc-nordic",
                stateless=True,
                notes="Stateless batch: every request is the same long policy plus one short "
                      "post; twenty different posts in a row, seconds apart.")
    for k, post in enumerate(POSTS):
        s.reset()
        s.user(mod_user(post))
        s.send(0 if k == 0 else 2 + k % 4)
    return s


def mod_healthy_pagination():
    s = Session("content_moderation_batch_healthy_paginated_queue", "content_moderation_batch",
                "responses", MOD_POLICY.replace("OUTPUT: exactly one JSON object and nothing "
                                                "else:", "Submit decisions with submit_labels "
                                                "as a JSON list of objects:"),
                "gpt-4.1", 1200, [MOD_TOOLS["fetch_posts"], MOD_TOOLS["submit_labels"]],
                "u-mod-svc-eu1",
                notes="Pages of five posts fetched with a moving cursor, each page labelled and "
                      "submitted; same two tools alternate, every page is new content.")
    s.user("Clear the overnight backlog in queue NORDIC-REPORTED (about 20 posts).")
    s.send(0)
    cursor = ""
    for page in range(4):
        chunk = POSTS[page * 5:(page + 1) * 5]
        nxt = f"eyJvZmZzZXQiOi{'ABCD'[page]}{20 + 5 * page}fQ" if page < 3 else None
        s.act(None if page == 0 else "Next page.", "fetch_posts",
              {"queue": "NORDIC-REPORTED", "cursor": cursor},
              J({"queue": "NORDIC-REPORTED", "page": page + 1, "total": 20,
                 "posts": [{"post_id": p[0], "surface": p[1], "text": p[2],
                            "reports": 1 + (i + page) % 4} for i, p in enumerate(chunk)],
                 "next_cursor": nxt}))
        s.send(6)
        labels = [json.loads(mod_answer(p[0])) for p in chunk]
        s.act(f"Labelling page {page + 1}.", "submit_labels", {"labels": json.dumps(labels)},
              J({"accepted": 5, "rejected": 0, "queue_remaining": 15 - 5 * page,
                 "escalations_opened": sum(1 for x in labels if x["escalate"])}))
        s.send(14)
        cursor = nxt or ""
    s.asst("Queue NORDIC-REPORTED is empty: 20 posts labelled, 11 allowed, 9 removed; "
           "escalations opened for the self-harm post p-88120491 and the severity-3 cases.")
    s.user("Thanks. Were any of the removals low confidence?")
    s.send(180)
    return s


# =============================================================================================
# dependency_upgrade
# =============================================================================================
DEP_SYS = (
    "You are an upgrade agent working in a checked-out repository inside a CI sandbox "
    "(Python 3.11, Node 20; package downloads go through the company mirror "
    "pkgs.build.acme.internal). Bump the requested dependencies, run the install and the "
    "test suite, and fix breakages with minimal code changes. Show the command you run. Stop "
    "and report if you need a human decision.")
DEP_TOOLS = {
    "run_shell": tool("run_shell", "Run a shell command in the repo; returns output + exit "
                      "code.", command=("string", "command line")),
    "edit_file": tool("edit_file", "Apply a unified diff to a file.",
                      path=("string", "file"), diff=("string", "unified diff")),
}
PY_TESTS = [
    "tests/api/test_accounts.py", "tests/api/test_invoices.py", "tests/api/test_auth.py",
    "tests/api/test_webhooks.py", "tests/core/test_money.py", "tests/core/test_tax.py",
    "tests/core/test_rounding.py", "tests/exports/test_csv.py", "tests/exports/test_pdf.py",
    "tests/jobs/test_scheduler.py", "tests/jobs/test_retry.py", "tests/test_settings.py",
]
TEST_NAMES = ["test_create", "test_update_partial", "test_list_paginated", "test_delete_soft",
              "test_permissions_denied", "test_currency_mismatch", "test_round_half_even",
              "test_vat_reverse_charge", "test_export_headers", "test_retry_backoff_cap",
              "test_signature_valid", "test_signature_replay", "test_timezone_aware",
              "test_empty_input", "test_large_batch"]


def pytest_log(rng, tail, header_extra="", failing=(), files=None,
               rootdir="/workspace/ledger-api"):
    lines = ["============================= test session starts ==============================",
             "platform linux -- Python 3.11.9, pytest-8.3.3, pluggy-1.5.0",
             "django: version: 5.0.9, settings: ledger.settings.test (from ini)" if
             "django" in header_extra else f"rootdir: {rootdir}",
             "configfile: pyproject.toml",
             "plugins: cov-5.0.0, xdist-3.6.1, django-4.9.0, anyio-4.6.0",
             header_extra.replace("django", "").strip() or "collected 412 items", ""]
    files = list(files or PY_TESTS)
    rng.shuffle(files)
    counts = [rng.randint(8, 15) for _ in files]
    done = 0
    for f, n in zip(files, counts):
        done += n
        res = "".join("F" if (f, i) in failing else "." for i in range(n))
        lines.append(f"{f} {res}{' ' * max(1, 52 - len(f) - n)}[{100 * done // sum(counts):3d}%]")
    return "\n".join(lines) + "\n" + tail


ADMIN_TESTS = [f"tests/admin/test_{m}.py" for m in (
    "accounts", "audit_log", "bank_feeds", "budgets", "cost_centres", "credit_notes",
    "currencies", "dashboards", "dunning", "exports", "fx_rates", "imports", "invoices",
    "journals", "ledgers", "login", "payments", "periods", "permissions", "purchase_orders",
    "reconciliation", "reports", "roles", "search", "settings", "suppliers", "tax_codes",
    "users", "vat_returns", "webhooks")]
PIP_SATISFIED = ["click>=8.1.3 (8.1.7)", "six>=1.16 (1.16.0)", "python-dateutil>=2.8.2 (2.9.0)",
                 "typing-extensions>=4.7 (4.12.2)", "certifi>=2023.7.22 (2024.8.30)",
                 "charset-normalizer<4,>=2 (3.4.0)", "idna<4,>=2.5 (3.10)",
                 "packaging>=23 (24.1)", "SQLAlchemy<2.1,>=1.4 (2.0.35)",
                 "psycopg2-binary>=2.9 (2.9.9)"]


def dep_runaway_buried_error():
    s = Session("dependency_upgrade_runaway_buried_same_error", "dependency_upgrade", "chat",
                DEP_SYS, "gpt-4o", 1200,
                [DEP_TOOLS["run_shell"]], "u-dep-ci-ledger", runaway=(3, 9),
                notes="Every attempt pins a different package, and every long pip + pytest log "
                      "differs, but each ends in the same collection ImportError from "
                      "flask_babelex (soft_unicode removed from markupsafe).")
    s.user("Bump Jinja2 to 3.1.4 and MarkupSafe to 2.1.5 in ledger-admin (security advisory), "
           "run the tests and make them pass.")
    s.send(0)
    rng = random.Random(1306)
    attempts = [
        ("pip install 'Jinja2==3.1.4' 'MarkupSafe==2.1.5' && pytest -q --continue-on-collection-errors", "Jinja2-3.1.4 "
         "MarkupSafe-2.1.5", "Bumping both packages and running the suite."),
        ("pip install 'Flask==2.3.3' && pytest -q --continue-on-collection-errors", "Flask-2.3.3 Werkzeug-2.3.8 "
         "itsdangerous-2.2.0 blinker-1.8.2", "The import fails inside flask_babelex. Let me "
         "upgrade Flask, maybe it pulls a compatible stack."),
        ("pip install 'Babel==2.16.0' && pytest -q --continue-on-collection-errors", "Babel-2.16.0", "Still failing. "
         "Trying a newer Babel."),
        ("pip install 'Werkzeug==3.0.4' && pytest -q --continue-on-collection-errors", "Werkzeug-3.0.4", "Let me try "
         "upgrading Werkzeug."),
        ("pip install 'Flask-WTF==1.2.1' 'WTForms==3.1.2' && pytest -q --continue-on-collection-errors", "Flask-WTF-1.2.1 "
         "WTForms-3.1.2", "Perhaps the forms stack imports soft_unicode too; upgrading it."),
        ("pip install --force-reinstall 'MarkupSafe==2.1.5' && pytest -q --continue-on-collection-errors", "MarkupSafe-2.1.5",
         "Reinstalling MarkupSafe in case the install was partial."),
        ("pip install 'Jinja2==3.1.3' && pytest -q --continue-on-collection-errors", "Jinja2-3.1.3", "Trying the previous "
         "Jinja2 patch release."),
        ("pip install 'speaklater==1.3' && pytest -q --continue-on-collection-errors", "speaklater-1.3", "Installing "
         "speaklater explicitly."),
        ("pip install 'pytz==2024.2' && pytest -q --continue-on-collection-errors", "pytz-2024.2", "Updating pytz."),
        ("pip install 'Flask==3.0.3' && pytest -q --continue-on-collection-errors", "Flask-3.0.3", "Trying Flask 3."),
        ("pip install 'blinker==1.8.2' 'itsdangerous==2.2.0' && pytest -q --continue-on-collection-errors",
         "blinker-1.8.2 itsdangerous-2.2.0", "Upgrading blinker and itsdangerous."),
        ("pip install 'Jinja2==3.1.4' && pytest -q --continue-on-collection-errors", "Jinja2-3.1.4", "Reinstalling "
         "Jinja2 3.1.4."),
    ]
    err = ("==================================== ERRORS ====================================\n"
           "________________ ERROR collecting tests/admin/test_translations.py ________________\n"
           "ImportError while importing test module '/workspace/ledger-admin/tests/admin/"
           "test_translations.py'.\nHint: make sure your test modules/packages have valid "
           "Python names.\nTraceback:\n/usr/local/lib/python3.11/importlib/__init__.py:126: in "
           "import_module\n    return _bootstrap._gcd_import(name[level:], package, level)\n"
           "tests/admin/test_translations.py:4: in <module>\n    from ledger_admin.i18n import "
           "babel\nledger_admin/i18n.py:2: in <module>\n    from flask_babelex import Babel\n"
           ".venv/lib/python3.11/site-packages/flask_babelex/__init__.py:21: in <module>\n"
           "    from jinja2 import evalcontextfilter\n.venv/lib/python3.11/site-packages/"
           "flask_babelex/_compat.py:9: in <module>\n    from markupsafe import soft_unicode\n"
           "E   ImportError: cannot import name 'soft_unicode' from 'markupsafe' (/workspace/"
           "ledger-admin/.venv/lib/python3.11/site-packages/markupsafe/__init__.py)\n"
           "=========================== short test summary info ============================\n"
           "ERROR tests/admin/test_translations.py\n"
           "")
    for k, (cmd, installed, why) in enumerate(attempts):
        pkgs = installed.split()
        pip = []
        for p in pkgs:
            name, ver = p.rsplit("-", 1)
            kb = rng.randint(40, 990)
            pip.append(f"Collecting {name}=={ver}\n  Downloading https://pkgs.build.acme.internal"
                       f"/simple/{name.lower()}/{name}-{ver}-py3-none-any.whl ({kb} kB)\n     "
                       f"{'━' * 40} {kb}.0/{kb}.0 kB {rng.randint(2, 40)}.{rng.randint(0, 9)} "
                       f"MB/s eta 0:00:00")
        for dep in rng.sample(PIP_SATISFIED, 6):
            req, have = dep.split(" ")
            pip.append(f"Requirement already satisfied: {req} in ./.venv/lib/python3.11/"
                       f"site-packages (from -r requirements.txt (line {rng.randint(3, 60)})) "
                       f"{have}")
        pip.append(f"Installing collected packages: {', '.join(p.rsplit('-', 1)[0] for p in pkgs)}")
        pip.append(f"Successfully installed {installed}")
        warn = [f"ledger_admin/reports/{m}.py:{rng.randint(10, 400)}: DeprecationWarning: "
                f"{w}" for m, w in rng.sample([
                    ("aging", "datetime.datetime.utcnow() is deprecated"),
                    ("vat", "'locale.getdefaultlocale' is deprecated"),
                    ("export", "pkg_resources is deprecated as an API"),
                    ("mail", "The 'warn' method is deprecated, use 'warning' instead"),
                    ("sched", "There is no current event loop")], 3)]
        n_pass = rng.randint(350, 380)
        log = ("$ " + cmd + "\n" + "\n".join(pip) + "\n" +
               pytest_log(rng, err + f"{n_pass} passed, {rng.randint(2, 9)} skipped, "
                          f"{rng.randint(20, 60)} warnings, 1 error in {rng.randint(50, 90)}."
                          f"{rng.randint(10, 99)}s\n",
                          f"collected {n_pass + 9} items / 1 error", files=ADMIN_TESTS,
                          rootdir="/workspace/ledger-admin") +
               "\n".join(warn) + f"\n[exit code {rng.choice([1, 2])}]")
        s.act(why, "run_shell", {"command": cmd}, log)
        s.send(50 + rng.randint(0, 40))
    return s


def dep_runaway_resolver_pingpong():
    s = Session("dependency_upgrade_runaway_resolver_period2", "dependency_upgrade", "anthropic",
                DEP_SYS, "claude-sonnet-4-20250514", 800, [DEP_TOOLS["run_shell"]],
                "u-dep-ci-etl", runaway=(4, 9),
                notes="Period-2 cycle: 'poetry add urllib3>=2.2' fails on botocore, 'poetry add "
                      "botocore@^1.35' fails on the boto3 pin, and back again; boto3 is never "
                      "touched.")
    s.user("legacy-etl: bump urllib3 to >=2.2 (CVE-2024-37891). Use poetry, keep the lock file "
           "consistent, then run the tests.")
    s.send(0)
    a = ("$ poetry add 'urllib3>=2.2'\nUpdating dependencies\nResolving dependencies... ({t}s)\n"
         "\nBecause botocore (1.29.165) depends on urllib3 (>=1.25.4,<1.27)\n and no versions "
         "of botocore match >1.29.165,<1.30.0, botocore (>=1.29.165,<1.30.0) requires urllib3 "
         "(>=1.25.4,<1.27).\nSo, because legacy-etl depends on both botocore (~1.29.165) and "
         "urllib3 (>=2.2), version solving failed.\n[exit code 1]")
    b = ("$ poetry add 'botocore@^1.35'\nUpdating dependencies\nResolving dependencies... ({t}s)"
         "\n\nBecause boto3 (1.26.165) depends on botocore (>=1.29.165,<1.30.0)\n and "
         "legacy-etl depends on boto3 (1.26.165), botocore (>=1.29.165,<1.30.0) is required.\n"
         "So, because legacy-etl depends on botocore (^1.35), version solving failed.\n"
         "[exit code 1]")
    texts_a = ["Adding the urllib3 constraint.", "botocore needs a newer version first - "
               "that's done, retrying urllib3.", "Retrying the urllib3 bump.",
               "Let me add urllib3 again now that botocore is handled.", "Retrying urllib3.",
               "Trying urllib3 again.", "Adding urllib3>=2.2 again.", "Retrying urllib3."]
    texts_b = ["urllib3 is blocked by botocore 1.29; bumping botocore to 1.35 which allows "
               "urllib3 2.x.", "Still blocked by botocore. Bumping botocore.",
               "botocore blocks it again; upgrading botocore.", "Bumping botocore to ^1.35.",
               "Upgrading botocore first.", "botocore again; bumping it.",
               "Bumping botocore.", "Upgrading botocore."]
    rng = random.Random(77)
    for k in range(7):
        s.act(texts_a[k], "run_shell", {"command": "poetry add 'urllib3>=2.2'"},
              a.format(t=f"{rng.uniform(1.5, 4.0):.1f}"))
        s.send(20 + rng.randint(0, 9))
        s.act(texts_b[k], "run_shell", {"command": "poetry add 'botocore@^1.35'"},
              b.format(t=f"{rng.uniform(1.5, 4.0):.1f}"))
        s.send(20 + rng.randint(0, 9))
    return s


def dep_healthy_django():
    s = Session("dependency_upgrade_healthy_django5_failures_move", "dependency_upgrade",
                "responses", DEP_SYS, "gpt-4.1", 1500,
                [DEP_TOOLS["run_shell"], DEP_TOOLS["edit_file"]], "u-dep-ci-ledger",
                notes="Django 4.2 -> 5.0: each test run fails differently (removed timezone.utc, "
                      "USE_L10N, assertFormError signature, then a form rendering change), then "
                      "the suite passes; long logs share the pytest boilerplate.")
    s.user("Upgrade ledger-api from Django 4.2 to 5.0.9 and get the test suite green.")
    s.send(0)
    rng = random.Random(5009)
    s.act("Bumping Django.", "run_shell", {"command": "pip install 'Django==5.0.9' && "
                                           "pip freeze | grep -i django"},
          "$ pip install 'Django==5.0.9'\nCollecting Django==5.0.9\n  Downloading https://pkgs."
          "build.acme.internal/simple/django/Django-5.0.9-py3-none-any.whl (8.2 MB)\n"
          "Installing collected packages: Django\n  Attempting uninstall: Django\n    Found "
          "existing installation: Django 4.2.16\n    Uninstalling Django-4.2.16:\n      "
          "Successfully uninstalled Django-4.2.16\nSuccessfully installed Django-5.0.9\n"
          "Django==5.0.9\ndjango-filter==24.3\ndjango-environ==0.11.2\n[exit code 0]")
    s.send(40)
    rounds = [
        ("tests/core/test_tax.py", "AttributeError: module 'django.utils.timezone' has no "
         "attribute 'utc'", "ledger/core/tax.py:14: in <module>\n    from django.utils."
         "timezone import utc", "ledger/core/tax.py",
         "--- a/ledger/core/tax.py\n+++ b/ledger/core/tax.py\n@@ -11,7 +11,7 @@\n-from "
         "django.utils.timezone import utc\n+from datetime import timezone\n+utc = "
         "timezone.utc\n"),
        ("tests/test_settings.py", "django.core.exceptions.ImproperlyConfigured: The USE_L10N "
         "setting is removed.", "ledger/settings/base.py:88", "ledger/settings/base.py",
         "--- a/ledger/settings/base.py\n+++ b/ledger/settings/base.py\n@@ -85,7 +85,6 @@\n "
         "USE_I18N = True\n-USE_L10N = True\n USE_TZ = True\n"),
        ("tests/api/test_accounts.py", "TypeError: SimpleTestCase.assertFormError() takes "
         "from 4 to 5 positional arguments but 6 were given", "tests/api/test_accounts.py:212: "
         "in test_update_partial\n    self.assertFormError(response, 'form', 'iban', "
         "'Enter a valid IBAN.')", "tests/api/test_accounts.py",
         "--- a/tests/api/test_accounts.py\n+++ b/tests/api/test_accounts.py\n@@ -209,7 "
         "+209,7 @@\n-        self.assertFormError(response, 'form', 'iban', 'Enter a valid "
         "IBAN.')\n+        self.assertFormError(response.context['form'], 'iban', 'Enter a "
         "valid IBAN.')\n"),
        ("tests/exports/test_pdf.py", "AssertionError: '<div>' not found in '<div class=\""
         "fieldWrapper\">'", "tests/exports/test_pdf.py:77: in test_export_headers\n    "
         "self.assertIn('<div>', html)", "tests/exports/test_pdf.py",
         "--- a/tests/exports/test_pdf.py\n+++ b/tests/exports/test_pdf.py\n@@ -74,7 +74,7 "
         "@@\n-        self.assertIn('<div>', html)\n+        self.assertIn('<div class=\""
         "fieldWrapper\">', html)  # Django 5 div form rendering\n"),
    ]
    for k, (tfile, msg, where, path, diff) in enumerate(rounds):
        n_fail = [37, 12, 4, 1][k]
        tail = ("=================================== FAILURES ===================================\n"
                f"________________________ {tfile}::{TEST_NAMES[k + 3]} ________________________\n"
                f"{where}\nE   {msg}\n"
                "=========================== short test summary info ============================\n"
                f"FAILED {tfile}::{TEST_NAMES[k + 3]} - {msg[:60]}\n"
                f"{n_fail} failed, {412 - n_fail} passed in {rng.randint(30, 48)}.{rng.randint(10, 99)}s\n")
        failing = {(tfile, i) for i in range(min(n_fail, 6))}
        s.act("Running the suite." if k == 0 else "Re-running the tests.", "run_shell",
              {"command": "pytest -q -n 2"},
              "$ pytest -q -n 2\n" + pytest_log(rng, tail, "django collected 412 items",
                                                 failing) + f"\n[exit code 1]")
        s.send(70 + rng.randint(0, 30))
        s.act(f"New failure: {msg.split(':')[0]}. Fixing {path}.", "edit_file",
              {"path": path, "diff": diff}, J({"path": path, "applied": True, "hunks": 1}))
        s.send(15)
    s.act("Running the full suite again.", "run_shell", {"command": "pytest -q -n 2"},
          "$ pytest -q -n 2\n" + pytest_log(rng, f"412 passed in 41.{rng.randint(10, 99)}s\n",
                                             "django collected 412 items") + "\n[exit code 0]")
    s.send(80)
    return s


def dep_healthy_backoff():
    s = Session("dependency_upgrade_healthy_mirror_backoff", "dependency_upgrade", "chat",
                DEP_SYS, "gpt-4o-mini", 800, [DEP_TOOLS["run_shell"]], "u-dep-ci-web",
                notes="npm install hits 503 and 429 from the package mirror; the agent waits "
                      "with growing delays, the install succeeds, the tests pass.")
    s.user("In web-portal, bump vite to 5.4.10 and vitest to 2.1.4, install, run the tests.")
    s.send(0)
    fail503 = ("$ npm install vite@5.4.10 vitest@2.1.4 --save-dev\nnpm error code E503\n"
               "npm error 503 Service Unavailable - GET https://pkgs.build.acme.internal/npm/"
               "{pkg} - upstream connect error or disconnect/reset before headers\nnpm error A "
               "complete log of this run can be found in: /home/ci/.npm/_logs/2026-12-07T13_"
               "{ts}-debug-0.log\n[exit code 1]")
    fail429 = ("$ npm install vite@5.4.10 vitest@2.1.4 --save-dev\nnpm error code E429\n"
               "npm error 429 Too Many Requests - GET https://pkgs.build.acme.internal/npm/"
               "@vitest%2fcoverage-v8 (retry-after: 90)\nnpm error A complete log of this run "
               "can be found in: /home/ci/.npm/_logs/2026-12-07T13_{ts}-debug-0.log\n"
               "[exit code 1]")
    s.act("Installing the new versions.", "run_shell",
          {"command": "npm install vite@5.4.10 vitest@2.1.4 --save-dev"},
          fail503.format(pkg="vite", ts="02_11_804Z"))
    s.send(30)
    s.act("The mirror returned 503; waiting 30 s and retrying.", "run_shell",
          {"command": "sleep 30 && npm install vite@5.4.10 vitest@2.1.4 --save-dev"},
          fail503.format(pkg="rollup", ts="02_49_112Z"))
    s.send(45)
    s.act("503 again; backing off 60 s.", "run_shell",
          {"command": "sleep 60 && npm install vite@5.4.10 vitest@2.1.4 --save-dev"},
          fail429.format(ts="03_52_377Z"))
    s.send(75)
    s.act("Rate limited now, with retry-after 90 s. Waiting that long.", "run_shell",
          {"command": "sleep 90 && npm install vite@5.4.10 vitest@2.1.4 --save-dev"},
          "$ npm install vite@5.4.10 vitest@2.1.4 --save-dev\n\nadded 14 packages, removed 9 "
          "packages, changed 31 packages, and audited 812 packages in 38s\n\n147 packages are "
          "looking for funding\n  run `npm fund` for details\n\nfound 0 vulnerabilities\n"
          "[exit code 0]")
    s.send(135)
    rng = random.Random(214)
    specs = ["src/components/InvoiceTable.test.tsx", "src/components/DatePicker.test.tsx",
             "src/hooks/useSession.test.ts", "src/lib/currency.test.ts",
             "src/lib/api-client.test.ts", "src/pages/Login.test.tsx",
             "src/pages/Dashboard.test.tsx", "src/store/cart.test.ts",
             "src/lib/validators.test.ts", "src/components/Modal.test.tsx"]
    out = "\n".join(f" ✓ {sp} ({rng.randint(3, 40)} tests) {rng.randint(12, 900)}ms"
                    for sp in specs)
    s.act("Installed. Running the tests.", "run_shell", {"command": "npx vitest run"},
          f"$ npx vitest run\n\n RUN  v2.1.4 /workspace/web-portal\n\n{out}\n\n Test Files  "
          f"10 passed (10)\n      Tests  187 passed (187)\n   Start at  13:06:41\n   Duration  "
          f"9.84s (transform 1.21s, setup 0ms, collect 6.02s, tests 3.37s)\n[exit code 0]")
    s.send(25)
    s.act("Tests pass. Building to be sure the vite config still works.", "run_shell",
          {"command": "npm run build"},
          "$ npm run build\n\n> web-portal@3.8.1 build\n> tsc -b && vite build\n\nvite v5.4.10 "
          "building for production...\n✓ 1284 modules transformed.\ndist/index.html          "
          "         0.62 kB │ gzip:   0.38 kB\ndist/assets/index-CxT3f9aQ.css   41.18 kB │ "
          "gzip:   7.92 kB\ndist/assets/index-B7q2LmZp.js   612.40 kB │ gzip: 189.55 kB\n"
          "✓ built in 7.41s\n[exit code 0]")
    s.send(30)
    s.asst("Done: vite 5.4.10 and vitest 2.1.4 installed after two 503s and one 429 from the "
           "mirror (backed off 30 s, 60 s, 90 s). 187 tests pass and the production build "
           "works. package.json and package-lock.json are updated.")
    s.user("Great, open the PR with that summary.")
    s.send(120)
    s.act(None, "run_shell", {"command": "git checkout -b chore/vite-5.4.10 && git commit -am "
                                         "'chore: bump vite 5.4.10, vitest 2.1.4' && gh pr create "
                                         "--fill"},
          "Switched to a new branch 'chore/vite-5.4.10'\n[chore/vite-5.4.10 4be91c2] chore: "
          "bump vite 5.4.10, vitest 2.1.4\n 2 files changed, 212 insertions(+), 187 "
          "deletions(-)\nhttps://git.acme.internal/web/web-portal/pull/1482\n[exit code 0]")
    s.send(9)
    return s


# =============================================================================================
# logistics_dispatch
# =============================================================================================
LOG_SYS = (
    "You are the dispatch assistant of Brennan & Kaur Logistics (regional LTL and parcel "
    "delivery, depots in Manchester, Leeds, Sheffield and Preston). Use the tools to look up "
    "drivers, plan routes and ETAs and assign orders. Drivers' hours rules (EU 561/2006) and "
    "vehicle capacities are enforced by the dispatch system; never override them. Keep the "
    "planner informed in short messages.")
LOG_TOOLS = {
    "get_driver_status": tool("get_driver_status", "Live telematics of a driver.",
                              driver=("string", "driver id")),
    "assign_order": tool("assign_order", "Assign an order to a driver.",
                         order=("string", "order id"), driver=("string", "driver id")),
    "track_shipment": tool("track_shipment", "Tracking of a consignment in transit.",
                           consignment=("string", "consignment number")),
    "list_unassigned_orders": tool("list_unassigned_orders", "Orders without a driver.",
                                   depot=("string", "depot code")),
    "get_eta": tool("get_eta", "Route ETA between two points for a vehicle class.",
                    origin=("string", "from"), destination=("string", "to"),
                    vehicle=("string", "van, 7.5t, 18t, artic")),
}


def log_runaway_stale_poll():
    s = Session("logistics_dispatch_runaway_stale_gps_poll", "logistics_dispatch", "anthropic",
                LOG_SYS, "claude-sonnet-4-20250514", 400, [LOG_TOOLS["get_driver_status"]],
                "u-log-planner-07", runaway=(4, 12),
                notes="The driver's telematics unit stopped reporting; the agent polls every "
                      "minute and gets the identical stale position and ETA each time.")
    s.user("Where's Gareth (DRV-2231)? He should have been at the Trafford Park drop by now, "
           "customer is chasing. Keep an eye on him and tell me when he arrives.")
    s.send(0)
    stale = J({"driver": "DRV-2231", "name": "Gareth Pryce", "vehicle": "YX71 KHD (7.5t)",
               "status": "EN_ROUTE", "last_ping": "2026-12-07T10:41:07Z",
               "position": {"lat": 53.46893, "lon": -2.31254, "road": "M60 J9 slip"},
               "speed_kmh": 0, "next_stop": "Kellogg's Trafford Park, Gate 3",
               "eta": "2026-12-07T10:58:00Z", "tachograph": "driving 3h12m, break due in 1h18m"})
    texts = ["Checking his live status.", "No movement since 10:41. Checking again.",
             "Same position. Polling again.", "Still the same ping. Checking again.",
             "Checking again.", "Polling his status.", "Checking once more.",
             "Still no update; polling again.", "Checking.", "Polling again.",
             "Checking his status again.", "Polling.", "Checking again.", "Polling again.",
             "Checking.", "Polling."]
    for k in range(16):
        s.act(texts[k], "get_driver_status", {"driver": "DRV-2231"}, stale)
        s.send(8 if k == 0 else 60)
    return s


def log_runaway_cycle3():
    s = Session("logistics_dispatch_runaway_assignment_cycle3", "logistics_dispatch",
                "responses", LOG_SYS, "gpt-4.1-mini", 500, [LOG_TOOLS["assign_order"]],
                "u-log-planner-02", runaway=(5, 11),
                notes="Period-3 cycle: the order is offered to drivers A, B, C, each refused for "
                      "a different permanent reason (hours, capacity, zone), then A again.")
    s.user("ORD-558190 (14 pallets, 9.8 t, Leeds depot -> Aberdeen by 06:00 tomorrow) has no "
           "driver. Assign it to whoever can take it tonight: Dave (DRV-1184), Anil (DRV-1420) "
           "or Kasia (DRV-1577).")
    s.send(0)
    tries = [
        ("DRV-1184", "Assigning to Dave.", {
            "status": 409, "error": "HOURS_LIMIT", "driver": "DRV-1184",
            "detail": "Assignment needs 6h55m driving; driver has 3h40m remaining today and a "
                      "daily rest due at 21:10 (EU 561/2006 art. 6/8)."}),
        ("DRV-1420", "Dave is out of hours. Trying Anil.", {
            "status": 409, "error": "CAPACITY", "driver": "DRV-1420",
            "detail": "Vehicle YF69 PZO is a 7.5t rigid: max 6 pallets / 2.6 t payload; order "
                      "needs 14 pallets / 9.8 t."}),
        ("DRV-1577", "Anil's vehicle is too small. Trying Kasia.", {
            "status": 409, "error": "ZONE", "driver": "DRV-1577",
            "detail": "Driver is on the Preston local-zone contract (max radius 80 km); "
                      "Aberdeen is 503 km from Leeds."}),
    ]
    again = ["Trying Dave again.", "Let me try Anil again.", "Trying Kasia again."]
    for k in range(15):
        drv, first, res = tries[k % 3]
        res = dict(res, request_id=f"asg-{558190 + 7 * k}",
                   at=f"2026-12-07T18:{10 + 2 * k:02d}:{(19 * k) % 60:02d}Z")
        s.act(first if k < 3 else again[k % 3], "assign_order",
              {"order": "ORD-558190", "driver": drv}, J(res))
        s.send(6 + k % 2)
    return s


def log_healthy_eta_poll():
    s = Session("logistics_dispatch_healthy_eta_tracking", "logistics_dispatch", "chat",
                LOG_SYS, "gpt-4o-mini", 300, [LOG_TOOLS["track_shipment"]], "u-log-planner-11",
                notes="Tracking a late consignment every few minutes: distance, speed and ETA "
                      "change each poll, a traffic delay appears and clears, then it is "
                      "delivered.")
    s.user("Track BKL-77014392 to the Sainsbury's RDC at Haydock and tell me the moment it's "
           "tipped - the booking slot is 14:30.")
    s.send(0)
    polls = [("IN_TRANSIT", 61.4, 88, "14:17", "M62 J22 westbound, Rishworth Moor",
              None),
             ("IN_TRANSIT", 47.9, 91, "14:19", "M62 J20 Rochdale", None),
             ("DELAYED", 39.2, 12, "14:41", "M60 J18 Simister Island",
              "congestion: collision M60 J17-J16, lane 1 closed"),
             ("DELAYED", 37.0, 8, "14:46", "M60 J17 Whitefield",
              "congestion: collision M60 J17-J16, lane 1 closed"),
             ("IN_TRANSIT", 29.8, 74, "14:39", "M60 J15 Swinton", "incident cleared 14:02"),
             ("IN_TRANSIT", 14.1, 86, "14:33", "M62 J12 / M60 junction", None),
             ("ARRIVING", 1.2, 23, "14:29", "A49 Haydock Lane", None),
             ("ON_SITE", 0.0, 0, "14:29", "Sainsbury's RDC Haydock, bay 17", None),
             ("DELIVERED", 0.0, 0, None, "Sainsbury's RDC Haydock, bay 17", None)]
    clock = ["13:21", "13:30", "13:39", "13:47", "13:58", "14:09", "14:24", "14:31", "14:52"]
    for k, (st, km, kmh, eta, where, note) in enumerate(polls):
        body = {"consignment": "BKL-77014392", "status": st, "position": where, "remaining_km": km, "speed_kmh": kmh, "eta": eta,
            "checked": f"2026-12-07T{clock[k]}:{(7 * k + 5) % 60:02d}Z"}
        if note:
            body["traffic"] = note
        if st == "DELIVERED":
            body.update({"pod": "signed: K. Ashworth", "pallets": 22, "tipped": "14:49",
                         "temperature_log": "2.1-3.4 C within spec"})
        s.act(None if k else "Tracking it now.", "track_shipment",
              {"consignment": "BKL-77014392"}, J(body))
        minutes = [int(c[:2]) * 60 + int(c[3:]) for c in clock]
        s.send(10 if k == 0 else 60 * (minutes[k] - minutes[k - 1]) - (30 if k == 4 else 0))
        if k == 3:
            s.asst("Held up at Simister Island by a collision (lane 1 closed); ETA slipped to "
                   "14:46, 16 minutes past the slot. Shall I call the RDC to move the booking?")
            s.user("Not yet, keep watching, they usually clear fast.")
            s.send(30)
    return s


def log_healthy_revisit_list():
    s = Session("logistics_dispatch_healthy_back_to_list", "logistics_dispatch", "anthropic",
                LOG_SYS, "claude-sonnet-4-20250514", 700,
                [LOG_TOOLS[k] for k in ("list_unassigned_orders", "get_eta", "assign_order")],
                "u-log-planner-04",
                notes="Morning allocation: after each order the agent goes back to the same "
                      "unassigned list (same header and footer), which shrinks each time.")
    s.user("Sheffield depot, morning run. Allocate the unassigned orders; check ETA first for "
           "anything with a time window.")
    s.send(0)
    orders = [("ORD-560011", "Meadowhall Retail Park, unit 6", "4 pallets", "09:00-10:00",
               "DRV-3102", "van"),
              ("ORD-560014", "Rotherham General Hospital, stores", "2 cages", None, "DRV-3118",
               "van"),
              ("ORD-560019", "Chesterfield, Markham Vale DC", "11 pallets", "08:30-09:30",
               "DRV-3125", "18t"),
              ("ORD-560022", "Barnsley, Dearne Valley Pkwy 40", "6 pallets", "11:00-12:00",
               "DRV-3102", "7.5t"),
              ("ORD-560027", "Doncaster iPort, bay 2", "18 pallets", None, "DRV-3140", "artic")]

    def listing(rest, t):
        head = (f"UNASSIGNED ORDERS - depot SHF (Sheffield, Parkway) - {t}\nPlanner view v3. "
                "Orders collected up to 05:00 are shown; late orders appear after the 10:00 "
                "cut.\n\nORDER       DESTINATION                          LOAD        WINDOW\n")
        rows = "".join(f"{o[0]}  {o[1]:<35}  {o[2]:<10}  {o[3] or 'any'}\n" for o in rest)
        return (head + (rows or "(none)\n") + f"\n{len(rest)} unassigned. Drivers on shift: "
                "DRV-3102, DRV-3118, DRV-3125, DRV-3140, DRV-3151. Reminder: tail-lift "
                "bookings for hospital sites go via the estates desk (ext. 4471).")
    for k, o in enumerate(orders):
        s.act("Pulling the list." if k == 0 else "Back to the list.", "list_unassigned_orders",
              {"depot": "SHF"}, listing(orders[k:], f"07:{12 + 6 * k:02d}"))
        s.send(5)
        if o[3]:
            mins = [34, 0, 41, 29][k] if k < 4 else 30
            s.act(f"{o[0]} has a {o[3]} window; checking the ETA.", "get_eta",
                  {"origin": "SHF depot", "destination": o[1], "vehicle": o[5]},
                  J({"distance_km": [9.6, 0, 27.3, 24.8][k], "duration_min": mins,
                     "traffic": "moderate" if k != 2 else "heavy on A61 at Dronfield",
                     "depart_by": ["08:20", "", "07:45", "10:20"][k]}))
            s.send(4)
        s.act(f"Assigning {o[0]} to {o[4]}.", "assign_order",
              {"order": o[0], "driver": o[4]},
              J({"order": o[0], "driver": o[4], "status": "ASSIGNED",
                 "sequence": 1 + (k == 3), "manifest": f"MAN-SHF-1207-{31 + k}"}))
        s.send(5)
    s.act("Checking nothing is left.", "list_unassigned_orders", {"depot": "SHF"},
          listing([], "07:49"))
    s.send(5)
    return s


# =============================================================================================
# podcast_transcript_editing (tool-less)
# =============================================================================================
POD_SYS = (
    "You are the transcript editor for 'Rooftop Hives', a weekly podcast about urban "
    "beekeeping (host Nadia Osei, producer Sam). House style: remove filler words (um, uh, "
    "you know, like, I mean, sort of), false starts and repeated words; keep the speaker's "
    "voice and any jokes; keep timestamps at the start of each turn as [mm:ss]; speaker "
    "names in bold; British spelling; never invent content. Summaries are plain prose.")
EXCHANGES = [
    ("Nadia", "Welcome back to Rooftop Hives. This week I'm on a roof in Deptford with Tom "
     "Achterberg, who keeps eleven colonies on top of a printing works, and it is windy up here."),
    ("Tom", "It's always windy up here. The bees don't mind as much as you'd think, they fly low "
     "along the parapet and then drop into the garden squares behind Evelyn Street."),
    ("Nadia", "Eleven colonies on one roof. Is that too many for this part of London?"),
    ("Tom", "Honestly, probably. The London Beekeepers' Association has been saying for years "
     "that forage is the limit, not space. In a good June the lime trees carry everybody; in "
     "August there's almost nothing and I'm feeding syrup."),
    ("Nadia", "So what do they actually forage on in August?"),
    ("Tom", "Ivy later on, buddleia along the railway cuttings, some Himalayan balsam down by "
     "the Ravensbourne, and whatever people have in window boxes. Lavender is great but it's "
     "a drop in the ocean for a colony of forty thousand."),
    ("Nadia", "Let's talk about the roof itself. How did you get permission?"),
    ("Tom", "The printing works is owned by a family firm, and the son is a keen gardener. I "
     "pay rent in honey, twelve jars a year, and I had a structural engineer confirm the roof "
     "takes the load. A full hive in August can weigh sixty kilos."),
    ("Nadia", "Sixty kilos. And you carry supers down that ladder?"),
    ("Tom", "I carry them down the stairwell, one box at a time. The ladder is only for the "
     "last bit. I did drop a super once in 2019 and the smell of honey on that staircase "
     "lasted all summer."),
    ("Nadia", "Now, the thing listeners ask about most: varroa. What's your treatment plan?"),
    ("Tom", "Oxalic acid in the broodless period around Christmas, vaporised, and I do a sugar "
     "roll count every three weeks from May. If I see more than three mites per hundred bees "
     "in July I'll use a formic acid strip, but only after the honey's off."),
    ("Nadia", "Have you ever lost a colony to varroa?"),
    ("Tom", "Two, in my second year, and it was entirely my fault. I didn't count, I just "
     "assumed. Deformed wing virus everywhere by September. Now I count obsessively."),
    ("Nadia", "We had an email from Priya in Leeds asking whether you need to tell neighbours "
     "before putting hives on a roof."),
    ("Tom", "Legally, no, not in England, unless your lease or the council says otherwise. But "
     "tell them. Give them a jar. The first swarm that lands on someone's car will go much "
     "better if they already know your name."),
    ("Nadia", "Speaking of swarms. How many did you have this year?"),
    ("Tom", "Three, which for eleven colonies is respectable. One settled on a bus stop on "
     "Deptford High Street and I got a round of applause from the queue when I boxed it."),
    ("Nadia", "That's the clip we're using for the trailer, by the way."),
    ("Tom", "I assumed so. My mother has already seen it on Instagram."),
    ("Nadia", "Before we go, a quick word from this week's sponsor, Hexa Frames, who make "
     "recycled-plastic foundation. Listeners get fifteen percent off with the code ROOFTOP15."),
    ("Nadia", "Tom, what would you tell someone who wants to start beekeeping in a city next "
     "spring?"),
    ("Tom", "Take a course over the winter, join your local association, and spend a season "
     "helping someone else before you buy bees. And plant something. Every new beekeeper "
     "should plant something that flowers in August."),
    ("Nadia", "Tom Achterberg, thank you. Next week we're in Glasgow talking about heather "
     "honey and why it won't come out of the comb."),
]
FILLERS = ["um, ", "uh, ", "you know, ", "like, ", "I mean, ", "sort of "]


def pod_raw(k0, k1, seed):
    """Raw transcript turns k0..k1 with timestamps and fillers (the 'before' text)."""
    rng = random.Random(seed)
    out = []
    t = 14 + 37 * k0
    for i in range(k0, k1):
        who, text = EXCHANGES[i]
        words = text.split(" ")
        raw = []
        for j, w in enumerate(words):
            if rng.random() < 0.09:
                raw.append(rng.choice(FILLERS).strip())
            if rng.random() < 0.03 and j:
                raw.append(w)  # repeated word
            raw.append(w)
        if rng.random() < 0.2:
            raw.insert(3, "[crosstalk]")
        out.append(f"[{t // 60:02d}:{t % 60:02d}] {who.upper()}: " + " ".join(raw))
        t += 18 + len(text) // 9
    return "\n".join(out)


def pod_clean(k0, k1):
    out = []
    t = 14 + 37 * k0
    for i in range(k0, k1):
        who, text = EXCHANGES[i]
        out.append(f"[{t // 60:02d}:{t % 60:02d}] **{who}**: {text}")
        t += 18 + len(text) // 9
    return "\n\n".join(out)


SECTIONS = [(0, 4), (4, 8), (8, 12), (12, 16), (16, 20), (20, 24)]


def pod_full_raw():
    return "\n".join(pod_raw(a, b, 900 + a) for a, b in SECTIONS)


def pod_runaway_continue_same():
    s = Session("podcast_transcript_editing_runaway_continue_repeats", "podcast_transcript"
                "_editing", "chat", POD_SYS, "gpt-4o", 1500, [], "u-pod-sam",
                runaway=(5, 9),
                notes="'continue' works for two sections, then the assistant returns section 3 "
                      "again, word for word, to every further 'continue'.")
    s.user("Episode 112 raw transcript below (auto-captioned). Clean it up section by section, "
           "one section per reply - I'll say continue. Sections are every four turns.\n\n" +
           pod_full_raw() + "\n\nStart with section 1.")
    s.send(0)
    replies = [pod_clean(*SECTIONS[0]), pod_clean(*SECTIONS[1])] + [pod_clean(*SECTIONS[2])] * 11
    for k, r in enumerate(replies[:12]):
        s.asst(f"Section {min(k, 2) + 1}:\n\n{r}")
        s.user("continue" if k % 4 != 3 else "continue please")
        s.send(25 + (k * 7) % 20)
    return s


def pod_runaway_paraphrase_summary():
    s = Session("podcast_transcript_editing_runaway_summary_rewordings",
                "podcast_transcript_editing", "anthropic", POD_SYS, "claude-sonnet-4-20250514",
                800, [], "u-pod-nadia", runaway=(3, 7),
                notes="The editor asks three times for a sub-120-word blurb without the sponsor; "
                      "the assistant keeps rewording the same ~190-word blurb with the sponsor.")
    s.user("Here's the cleaned transcript of ep 112:\n\n" +
           "\n\n".join(pod_clean(a, b) for a, b in SECTIONS) +
           "\n\nWrite the episode blurb for the podcast apps. Under 120 words, no sponsor "
           "mention, end with the Glasgow teaser.")
    s.send(0)
    core = [
        "On a windy Deptford rooftop, Nadia meets Tom Achterberg, who keeps eleven colonies "
        "above a printing works and pays his rent in honey - twelve jars a year. They talk "
        "about whether eleven hives is too many for south-east London's August forage, why a "
        "full hive can weigh sixty kilos, and Tom's varroa routine: oxalic acid at Christmas, "
        "sugar rolls every three weeks, formic acid only after the honey is off. Tom admits "
        "losing two colonies in his second year, explains why you should tell the neighbours "
        "(and give them a jar), and recalls boxing a swarm at a Deptford bus stop to applause. "
        "This episode is supported by Hexa Frames - use ROOFTOP15 for fifteen percent off. "
        "Next week: Glasgow and heather honey.",
        "Nadia climbs onto a gusty Deptford roof to meet Tom Achterberg and his eleven "
        "colonies, kept above a printing works for a rent of twelve jars of honey a year. They "
        "discuss whether that many hives is too much for the area's thin August forage, the "
        "sixty-kilo weight of a full hive, and how Tom fights varroa - vaporised oxalic acid "
        "in winter, three-weekly sugar rolls, formic acid strips once the honey is off. He "
        "owns up to losing two colonies early on, argues for telling neighbours (with a jar), "
        "and remembers the swarm he boxed at a bus stop while the queue clapped. Thanks to "
        "Hexa Frames: code ROOFTOP15 saves fifteen percent. Next week, heather honey in "
        "Glasgow.",
        "This week Nadia is on a windswept rooftop in Deptford with Tom Achterberg, whose "
        "eleven colonies live on a printing works in exchange for twelve jars of honey a year. "
        "Topics: is eleven too many for London's August forage, carrying sixty-kilo hives, "
        "and Tom's varroa plan of winter oxalic acid, regular sugar-roll counts and formic "
        "acid after harvest. He recounts losing two colonies in year two, urges beekeepers to "
        "tell the neighbours and hand over a jar, and describes a bus-stop swarm that earned "
        "him applause. Supported by Hexa Frames - fifteen percent off with ROOFTOP15. Coming "
        "up: heather honey in Glasgow.",
    ]
    feedback = ["Too long (that's ~150 words) and I said no sponsor. Under 120 words please, "
                "drop Hexa Frames.",
                "Still too long and the sponsor is still in there. Under 120, no sponsor.",
                "Same problem - please cut it under 120 words and remove the sponsor line.",
                "Again: under 120 words, no Hexa Frames.",
                "It's still over. Please cut it down and take the sponsor out.",
                "Under 120 words. No sponsor. Please.",
                "No sponsor, under 120 words.",
                "This still has the sponsor and is too long.",
                "Please shorten it and drop the sponsor.",
                "Under 120, no sponsor.",
                "Still too long."]
    for k in range(11):
        s.asst(core[k % 3])
        s.user(feedback[k])
        s.send(90 + (k * 17) % 60)
    return s


POD_INSTR = ("Clean up this chunk per the house style. Output only the cleaned chunk, keep "
             "the timestamps, don't summarise.")


def pod_healthy_chunks():
    s = Session("podcast_transcript_editing_healthy_chunk_by_chunk",
                "podcast_transcript_editing", "responses", POD_SYS, "gpt-4.1", 2000, [],
                "u-pod-sam",
                notes="Same instruction with a new raw chunk each turn; every cleaned reply is "
                      "new text; the producer adds one correction mid-way.")
    for k, (a, b) in enumerate(SECTIONS):
        if k:
            s.asst(pod_clean(*SECTIONS[k - 1]))
        if k == 3:
            s.user("Small fix on the last one: it's the London Beekeepers' Association, with "
                   "the apostrophe after the s - you had it right, just confirming. Carry on.")
            s.send(40)
            s.asst("Confirmed: \"London Beekeepers' Association\" is as written. Ready for the "
                   "next chunk.")
        s.user(f"Chunk {k + 1}/6. {POD_INSTR}\n\n{pod_raw(a, b, 900 + a)}")
        s.send(0 if k == 0 else 75 + 10 * k)
    s.asst(pod_clean(*SECTIONS[-1]))
    s.user("Great. Now give me three pull quotes for social, each under 25 words, with "
           "timestamps.")
    s.send(120)
    s.asst("1. [06:36] \"Every new beekeeper should plant something that flowers in August.\" "
           "- Tom\n2. [04:55] \"I got a round of applause from the queue when I boxed it.\" - "
           "Tom\n3. [03:06] \"I didn't count, I just assumed.\" - Tom on losing two colonies")
    s.user("Swap #3 for something lighter, maybe the honey on the staircase.")
    s.send(200)
    return s


def pod_healthy_continue_new():
    s = Session("podcast_transcript_editing_healthy_show_notes_continue",
                "podcast_transcript_editing", "chat", POD_SYS, "gpt-4o-mini", 700, [],
                "u-pod-nadia",
                notes="Show notes written one chapter per 'continue'; each reply covers the "
                      "next part of the episode, with one small-diff revision requested by the "
                      "editor.")
    s.user("Cleaned transcript of ep 112:\n\n" + "\n\n".join(pod_clean(a, b) for a, b in
                                                            SECTIONS) +
           "\n\nWrite chapter show notes: one chapter per reply, title + timestamp + two "
           "sentences. I'll say continue.")
    s.send(0)
    chapters = [
        "[00:14] A roof in Deptford\nNadia meets Tom Achterberg on the windy roof of a "
        "printing works, home to his eleven colonies. The bees fly low along the parapet "
        "into the garden squares behind Evelyn Street.",
        "[02:42] Too many bees?\nTom concedes eleven colonies may be more than local forage "
        "supports. June limes carry everyone; in August it's ivy, buddleia, balsam and "
        "syrup.",
        "[05:10] Rent paid in honey\nThe owners' son is a gardener, so the rent is twelve "
        "jars a year. A structural engineer signed off the roof for sixty-kilo hives.",
        "[07:38] Varroa, counted obsessively\nOxalic acid at Christmas, sugar rolls every "
        "three weeks, formic acid after the harvest. Tom lost two colonies in year two by not "
        "counting.",
        "[10:06] Neighbours and swarms\nNo legal duty to tell the neighbours in England, but "
        "do it and give them a jar. Three swarms this year, one boxed to applause at a bus "
        "stop.",
        "[12:34] Starting next spring\nTake a winter course, join an association, help "
        "someone for a season before buying bees - and plant something that flowers in "
        "August. Next week: heather honey in Glasgow.",
    ]
    users = ["continue", "continue", "Good - in chapter 3 say 'printing works' not 'owners', "
             "readers won't know who owns what. Then continue.", "continue", "continue",
             "Perfect. Now a one-line episode title?", "Shorter, max 6 words.",
             "Use the second one. Thanks!"]
    extra = ["[05:10] Rent paid in honey\nThe printing works' owners include a keen gardener, "
             "so the rent is twelve jars a year. A structural engineer signed off the roof "
             "for sixty-kilo hives.\n\n" + chapters[3],
             "Options: 'Eleven Hives Above Deptford: Tom Achterberg on Forage, Varroa and "
             "Bus-Stop Swarms' or 'The Rooftop That Pays Rent in Honey'.",
             "1. Eleven Hives Above Deptford\n2. Rent Paid in Honey\n3. The Bus-Stop Swarm"]
    replies = chapters[:3] + [extra[0]] + chapters[4:] + extra[1:]
    for k, r in enumerate(replies):
        s.asst(r)
        s.user(users[k])
        s.send(50 + (k * 23) % 70)
    return s


SESSIONS = [
    helpdesk_runaway_renamed_tickets, helpdesk_runaway_clarify, helpdesk_healthy_enrolment,
    helpdesk_healthy_backoff,
    procurement_runaway_handoff, procurement_runaway_remind_poll, procurement_healthy_catalogue,
    procurement_healthy_template_batch,
    cad_runaway_alternating, cad_runaway_cycle4, cad_healthy_checks, cad_healthy_export_poll,
    fin_runaway_same_content_urls, fin_runaway_paraphrase, fin_healthy_stateless, fin_healthy_history,
    mod_runaway_rejected_label, mod_runaway_stuck_cursor, mod_healthy_stateless_batch, mod_healthy_pagination,
    dep_runaway_buried_error, dep_runaway_resolver_pingpong, dep_healthy_django, dep_healthy_backoff,
    log_runaway_stale_poll, log_runaway_cycle3, log_healthy_eta_poll, log_healthy_revisit_list,
    pod_runaway_continue_same, pod_runaway_paraphrase_summary, pod_healthy_chunks, pod_healthy_continue_new,
]


# =============================================================================================
# validation
# =============================================================================================
def _fail(name, turn, msg):
    raise SystemExit(f"invalid: {name} turn {turn}: {msg}")


def validate_request(name, shape, n, req):
    def need(obj, key, typ):
        if key not in obj or not isinstance(obj[key], typ):
            _fail(name, n, f"missing or mistyped {key!r}")
        return obj[key]

    need(req, "model", str)
    declared = set()
    if shape == "chat":
        need(req, "max_tokens", int)
        for t in req.get("tools", []):
            if t.get("type") != "function":
                _fail(name, n, "chat tool without type function")
            declared.add(need(need(t, "function", dict), "name", str))
            need(t["function"], "parameters", dict)
        msgs = need(req, "messages", list)
        if not msgs or msgs[0]["role"] != "system":
            _fail(name, n, "chat request must open with the system message")
        pending = []
        for i, m in enumerate(msgs):
            role = m.get("role")
            if pending and role != "tool":
                _fail(name, n, f"tool calls {pending} not answered before message {i}")
            if role in ("system", "user"):
                need(m, "content", str)
                if role == "system" and i:
                    _fail(name, n, "system message not first")
            elif role == "assistant":
                if m.get("content") is None and not m.get("tool_calls"):
                    _fail(name, n, "empty assistant message")
                for c in m.get("tool_calls", []):
                    fn = need(c, "function", dict)
                    if fn["name"] not in declared:
                        _fail(name, n, f"undeclared tool {fn['name']}")
                    json.loads(need(fn, "arguments", str))
                    pending.append(need(c, "id", str))
            elif role == "tool":
                cid = need(m, "tool_call_id", str)
                need(m, "content", str)
                if cid not in pending:
                    _fail(name, n, f"tool message {cid} answers no pending call")
                pending.remove(cid)
            else:
                _fail(name, n, f"bad role {role}")
        if pending:
            _fail(name, n, "request ends with unanswered tool calls")
        if msgs[-1]["role"] not in ("user", "tool"):
            _fail(name, n, "request must end with user or tool input")
    elif shape == "responses":
        need(req, "max_output_tokens", int)
        need(req, "instructions", str)
        if "previous_response_id" in req:
            _fail(name, n, "previous_response_id used")
        for t in req.get("tools", []):
            if t.get("type") != "function":
                _fail(name, n, "responses tool without type function")
            declared.add(need(t, "name", str))
            need(t, "parameters", dict)
        items = need(req, "input", list)
        calls, answered = set(), set()
        for it in items:
            typ = it.get("type", "message")
            if typ == "message":
                if it.get("role") == "user":
                    need(it, "content", str)
                elif it.get("role") == "assistant":
                    for c in need(it, "content", list):
                        if c.get("type") != "output_text" or not isinstance(c.get("text"), str):
                            _fail(name, n, "assistant content must be output_text")
                else:
                    _fail(name, n, f"bad role {it.get('role')}")
            elif typ == "function_call":
                if it["name"] not in declared:
                    _fail(name, n, f"undeclared tool {it['name']}")
                json.loads(need(it, "arguments", str))
                cid = need(it, "call_id", str)
                if cid in calls:
                    _fail(name, n, f"duplicate call id {cid}")
                calls.add(cid)
            elif typ == "function_call_output":
                cid = need(it, "call_id", str)
                need(it, "output", str)
                if cid not in calls or cid in answered:
                    _fail(name, n, f"output {cid} answers no open call")
                answered.add(cid)
            else:
                _fail(name, n, f"bad item type {typ}")
        if calls != answered:
            _fail(name, n, "unanswered function calls")
        last = items[-1]
        if not (last.get("role") == "user" or last.get("type") == "function_call_output"):
            _fail(name, n, "input must end with user or tool input")
    else:
        need(req, "max_tokens", int)
        need(req, "system", str)
        for t in req.get("tools", []):
            declared.add(need(t, "name", str))
            need(t, "input_schema", dict)
        msgs = need(req, "messages", list)
        open_uses = []
        seen = set()
        for i, m in enumerate(msgs):
            want = "user" if i % 2 == 0 else "assistant"
            if m.get("role") != want:
                _fail(name, n, f"message {i} should be {want} (alternation)")
            content = m.get("content")
            blocks = [{"type": "text", "text": content}] if isinstance(content, str) else content
            if not isinstance(blocks, list) or not blocks:
                _fail(name, n, f"message {i} has no content")
            if want == "user":
                results = [b["tool_use_id"] for b in blocks if b["type"] == "tool_result"]
                if sorted(results) != sorted(open_uses):
                    _fail(name, n, f"message {i}: tool_result ids {results} != tool_use "
                                   f"{open_uses}")
                if results and blocks[0]["type"] != "tool_result":
                    _fail(name, n, "tool_result blocks must come first")
                for b in blocks:
                    if b["type"] not in ("text", "tool_result"):
                        _fail(name, n, f"bad user block {b['type']}")
                open_uses = []
            else:
                for b in blocks:
                    if b["type"] == "tool_use":
                        if b["name"] not in declared:
                            _fail(name, n, f"undeclared tool {b['name']}")
                        if b["id"] in seen:
                            _fail(name, n, "duplicate tool_use id")
                        if not isinstance(b.get("input"), dict):
                            _fail(name, n, "tool_use input must be an object")
                        seen.add(b["id"])
                        open_uses.append(b["id"])
                    elif b["type"] != "text":
                        _fail(name, n, f"bad assistant block {b['type']}")
        if msgs[-1]["role"] != "user":
            _fail(name, n, "request must end with a user message")


def history_items(shape, req):
    return req["messages"] if shape in ("chat", "anthropic") else req["input"]


def validate_session(doc):
    name, shape = doc["name"], doc["shape"]
    turns = doc["turns"]
    if not 8 <= len(turns) <= 30:
        _fail(name, 0, f"{len(turns)} turns, want 8..30")
    exp = doc["expected"]
    if exp["outcome"] == "runaway":
        b, d = exp["loop_begins_turn"], exp["stop_by_turn"]
        if not 2 <= b < d < len(turns):
            _fail(name, 0, f"bad B={b} D={d} for {len(turns)} turns (must continue past D)")
    prev_at, prev = -1, None
    for n, t in enumerate(turns, 1):
        if t["at_seconds"] < prev_at:
            _fail(name, n, "time goes backwards")
        prev_at = t["at_seconds"]
        validate_request(name, shape, n, t["request"])
        items = history_items(shape, t["request"])
        if prev is not None and not doc["_stateless"]:
            # the full history is resent: the previous request's items are a strict prefix,
            # followed by at least the assistant's reply and the new input.
            if items[:len(prev)] != prev or len(items) <= len(prev) + 1:
                _fail(name, n, "history is not the previous request plus reply plus input")
        prev = items


# =============================================================================================
# main
# =============================================================================================
def build():
    docs = [f() for f in SESSIONS]
    out = {}
    names = set()
    for s in docs:
        d = s.doc()
        if d["name"] in names:
            raise SystemExit(f"duplicate name {d['name']}")
        names.add(d["name"])
        validate_session(d)
        # round-trip: what is written must parse back to the same object
        public = {k: v for k, v in d.items() if not k.startswith("_")}
        text = json.dumps(public, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        if json.loads(text) != public:
            raise SystemExit(f"{d['name']} does not round-trip")
        out[f"heldout/{d['name']}.json"] = text
    out["tuning/.gitkeep"] = ""
    return out, docs


def summary(docs):
    from collections import Counter
    c = Counter((s.style, s.shape, "runaway" if s.runaway else "healthy") for s in docs)
    for k in sorted(c):
        print(*k, c[k])
    print("shapes:", Counter(s.shape for s in docs))
    sizes = [(len(json.dumps(t["request"])), s.name) for s in docs for t in s.turns]
    print("turns:", len(sizes), "largest request bytes:", max(sizes))
    print("requests over 10 KB:", sum(1 for b, _ in sizes if b > 10240))


def main():
    files, docs = build()
    if "--check" in sys.argv:
        on_disk = {str(p.relative_to(DIR)): p.read_text(encoding="utf-8")
                   for p in DIR.rglob("*") if p.is_file() and p.name != "README.md"}
        if on_disk != files:
            diff = sorted(set(on_disk) ^ set(files)) or sorted(
                k for k in files if on_disk.get(k) != files[k])
            raise SystemExit(f"corpus_h differs from the generator: {diff[:5]}")
        for p in DIR.rglob("*.json"):
            json.loads(p.read_text(encoding="utf-8"))
        print(f"ok: {len(docs)} sessions match and validate")
        return
    for p in list(DIR.rglob("*.json")):
        p.unlink()
    for rel, text in files.items():
        p = DIR / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    summary(docs)


if __name__ == "__main__":
    main()
