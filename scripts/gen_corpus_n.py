#!/usr/bin/env python3
"""Writes tests/fixtures/corpus_n: an independent held-out corpus of agent sessions (author writer-n).

Stdlib only, deterministic (no clock, no network, fixed seeds). Every style has its own
hand-written functions; the shared code below only renders an abstract conversation into the
three API shapes and validates the result.

    python3 scripts/gen_corpus_n.py           # (re)write the corpus
    python3 scripts/gen_corpus_n.py --check   # regenerate in memory, compare with disk, validate
"""
import hashlib
import json
import os
import random
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "corpus_n")
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
MODELS = {"chat": "gpt-4o", "responses": "gpt-4.1-mini", "anthropic": "claude-sonnet-4-20250514"}


def j(obj):
    return json.dumps(obj, indent=2, sort_keys=False)


class Sess:
    """An abstract conversation; every `send` snapshots the history as one turn's request."""

    def __init__(self, style, slug, outcome, shape, system, tools=None, model=None, max_tokens=1024, user="u-0"):
        self.style, self.slug, self.outcome, self.shape = style, slug, outcome, shape
        self.system, self.tools = system, tools or {}
        self.model = model or MODELS[shape]
        self.max_tokens = max_tokens
        self.user_id = user
        self.msgs = []
        self.turns = []  # (at_seconds, msgs snapshot)
        self.t = 0
        self.n = 0
        self.expected = {"outcome": "healthy"}
        self.notes = None
        self.stateless = False

    # --- building -----------------------------------------------------------------------
    def _id(self, name):
        self.n += 1
        h = hashlib.sha256(f"{self.style}/{self.slug}/{self.shape}/{self.n}/{name}".encode()).hexdigest()
        if self.shape == "anthropic":
            return "toolu_01" + h[:22]
        return "call_" + h[:24]

    def send(self, dt):
        self.t += dt
        self.turns.append((self.t, list(self.msgs)))

    def user(self, text, dt):
        self.msgs.append(("user", text))
        self.send(dt)

    def say(self, text):
        self.msgs.append(("assistant", text, []))

    def call(self, name, args, out, dt, text=None, err=False):
        self.calls([(name, args, out, err)], dt, text)

    def calls(self, items, dt, text=None):
        cs = []
        for name, args, out, err in items:
            cs.append((self._id(name), name, args, out, err))
        self.msgs.append(("assistant", text, [(i, n, a) for i, n, a, _, _ in cs]))
        for i, n, _, out, err in cs:
            if not isinstance(out, str):
                out = json.dumps(out)
            self.msgs.append(("tool", i, n, out, err))
        self.send(dt)

    def single(self, text, dt):
        """A stateless client: the request carries only this one user message."""
        self.stateless = True
        self.t += dt
        self.turns.append((self.t, [("user", text)]))

    def expect(self, b, d):
        self.expected = {"outcome": "runaway", "loop_begins_turn": b, "stop_by_turn": d}

    # --- rendering ----------------------------------------------------------------------
    def tool_decls(self):
        out = []
        for name, (desc, params) in self.tools.items():
            schema = {"type": "object", "properties": {k: {"type": t, "description": d} for k, (t, d) in params.items()},
                      "required": [k for k in params][:1]}
            if self.shape == "chat":
                out.append({"type": "function", "function": {"name": name, "description": desc, "parameters": schema}})
            elif self.shape == "responses":
                out.append({"type": "function", "name": name, "description": desc, "parameters": schema})
            else:
                out.append({"name": name, "description": desc, "input_schema": schema})
        return out

    def render(self, msgs):
        if self.shape == "chat":
            m = [{"role": "system", "content": self.system}]
            for x in msgs:
                if x[0] == "user":
                    m.append({"role": "user", "content": x[1]})
                elif x[0] == "assistant":
                    a = {"role": "assistant", "content": x[1]}
                    if x[2]:
                        a["tool_calls"] = [{"id": i, "type": "function",
                                            "function": {"name": n, "arguments": json.dumps(args)}} for i, n, args in x[2]]
                    m.append(a)
                else:
                    m.append({"role": "tool", "tool_call_id": x[1], "content": x[3]})
            r = {"model": self.model, "messages": m, "max_tokens": self.max_tokens}
            if self.tools:
                r["tools"] = self.tool_decls()
            return r
        if self.shape == "responses":
            m = []
            for x in msgs:
                if x[0] == "user":
                    m.append({"role": "user", "content": x[1]})
                elif x[0] == "assistant":
                    if x[1]:
                        m.append({"type": "message", "role": "assistant",
                                  "content": [{"type": "output_text", "text": x[1]}]})
                    for i, n, args in x[2]:
                        m.append({"type": "function_call", "call_id": i, "name": n, "arguments": json.dumps(args)})
                else:
                    m.append({"type": "function_call_output", "call_id": x[1], "output": x[3]})
            r = {"model": self.model, "instructions": self.system, "input": m, "max_output_tokens": self.max_tokens}
            if self.tools:
                r["tools"] = self.tool_decls()
            return r
        m = []
        for x in msgs:
            if x[0] == "user":
                blocks, role = [{"type": "text", "text": x[1]}], "user"
            elif x[0] == "assistant":
                blocks = [{"type": "text", "text": x[1]}] if x[1] else []
                blocks += [{"type": "tool_use", "id": i, "name": n, "input": args} for i, n, args in x[2]]
                role = "assistant"
            else:
                blocks = [{"type": "tool_result", "tool_use_id": x[1], "content": x[3], "is_error": x[4]}]
                role = "user"
            if m and m[-1]["role"] == role:
                m[-1]["content"] = m[-1]["content"] + blocks
            else:
                m.append({"role": role, "content": blocks})
        r = {"model": self.model, "max_tokens": self.max_tokens, "system": self.system, "messages": m}
        if self.tools:
            r["tools"] = self.tool_decls()
        return r

    def name(self):
        return f"{self.style}_{self.outcome}_{self.slug}_{self.shape}"

    def to_json(self):
        d = {"name": self.name(), "style": self.style, "shape": self.shape, "path": PATHS[self.shape],
             "headers": {"x-session-id": "writer-n-" + hashlib.sha256(self.name().encode()).hexdigest()[:16],
                         "x-user-id": self.user_id},
             "expected": self.expected}
        if self.notes:
            d["notes"] = self.notes
        d["turns"] = [{"at_seconds": t, "request": self.render(m)} for t, m in self.turns]
        return d


# ======================================================================================
# validation
# ======================================================================================
class Invalid(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Invalid(msg)


def validate_chat(r):
    need(isinstance(r.get("model"), str) and isinstance(r.get("messages"), list) and r["messages"], "chat fields")
    declared = {t["function"]["name"] for t in r.get("tools", [])}
    pending = set()
    for k, m in enumerate(r["messages"]):
        role = m.get("role")
        need(role in ("system", "user", "assistant", "tool"), f"role {role}")
        if role == "system":
            need(k == 0, "system not first")
        if role == "tool":
            need(m.get("tool_call_id") in pending, f"tool message answers unknown id {m.get('tool_call_id')}")
            pending.discard(m["tool_call_id"])
            need(isinstance(m.get("content"), str), "tool content")
            continue
        need(not pending, f"unanswered tool calls {pending}")
        if role == "assistant":
            for c in m.get("tool_calls", []):
                need(c["type"] == "function" and c["function"]["name"] in declared, "undeclared tool")
                json.loads(c["function"]["arguments"])
                pending.add(c["id"])
            need(m.get("content") is not None or m.get("tool_calls"), "empty assistant")
        else:
            need(isinstance(m.get("content"), str) and m["content"], "empty content")
    need(not pending, "unanswered tool calls at end")
    need(r["messages"][-1]["role"] in ("user", "tool"), "last message must be user/tool")


def validate_responses(r):
    need(isinstance(r.get("model"), str) and isinstance(r.get("input"), list) and r["input"], "responses fields")
    need("previous_response_id" not in r and isinstance(r.get("max_output_tokens"), int), "responses fields 2")
    declared = {t["name"] for t in r.get("tools", [])}
    pending = set()
    for it in r["input"]:
        ty = it.get("type", "message")
        if ty == "function_call":
            need(it["name"] in declared, "undeclared tool")
            json.loads(it["arguments"])
            pending.add(it["call_id"])
        elif ty == "function_call_output":
            need(it["call_id"] in pending, "output for unknown call")
            pending.discard(it["call_id"])
        else:
            need(not pending, "message while calls pending")
            need(it.get("role") in ("user", "assistant"), "role")
    need(not pending, "unanswered at end")
    last = r["input"][-1]
    need(last.get("type") == "function_call_output" or last.get("role") == "user", "last input item")


def validate_anthropic(r):
    need(isinstance(r.get("model"), str) and isinstance(r.get("max_tokens"), int), "anthropic fields")
    msgs = r.get("messages")
    need(isinstance(msgs, list) and msgs and msgs[0]["role"] == "user", "first message user")
    declared = {t["name"] for t in r.get("tools", [])}
    prev_uses = set()
    for k, m in enumerate(msgs):
        need(m["role"] == ("user" if k % 2 == 0 else "assistant"), "roles must alternate")
        need(m["content"], "empty content")
        if m["role"] == "assistant":
            prev_uses = set()
            for b in m["content"]:
                need(b["type"] in ("text", "tool_use"), "assistant block type")
                if b["type"] == "tool_use":
                    need(b["name"] in declared, "undeclared tool")
                    prev_uses.add(b["id"])
        else:
            results = [b["tool_use_id"] for b in m["content"] if b["type"] == "tool_result"]
            need(set(results) == prev_uses and len(results) == len(prev_uses), "tool_result must answer tool_use")
            if results:
                need(m["content"][0]["type"] == "tool_result", "tool_result first")
            prev_uses = set()
    need(msgs[-1]["role"] == "user", "last message user")


def validate(d):
    need(set(d) >= {"name", "style", "shape", "path", "headers", "expected", "turns"}, "file fields")
    need(d["path"] == PATHS[d["shape"]], "path")
    need(8 <= len(d["turns"]) <= 30, f"{len(d['turns'])} turns")
    e = d["expected"]
    if e["outcome"] == "runaway":
        need(2 <= e["loop_begins_turn"] < e["stop_by_turn"] < len(d["turns"]), "B/D range (and turns after D)")
    else:
        need(e == {"outcome": "healthy"}, "healthy expected")
    v = {"chat": validate_chat, "responses": validate_responses, "anthropic": validate_anthropic}[d["shape"]]
    last = -1
    for t in d["turns"]:
        need(t["at_seconds"] > last, "time must increase")
        last = t["at_seconds"]
        v(t["request"])


# ======================================================================================
# shared bits of realistic text (each used by one style unless noted)
# ======================================================================================
def ts(base_h, base_m, secs):
    s = base_h * 3600 + base_m * 60 + secs
    return f"{s // 3600 % 24:02d}:{s // 60 % 60:02d}:{s % 60:02d}"


# ======================================================================================
# style: dns_zone_migration
# ======================================================================================
DNS_TOOLS = {
    "zone_export": ("Export a zone as BIND text from a provider.",
                    {"provider": ("string", "route53 | cloudflare | ns1"), "zone": ("string", "zone apex")}),
    "record_diff": ("Diff two exported zones record by record.",
                    {"zone": ("string", "zone apex"), "source": ("string", "provider"), "target": ("string", "provider")}),
    "push_records": ("Create/update records at a provider.",
                     {"zone": ("string", "zone apex"), "provider": ("string", "target"), "changes": ("array", "record changes")}),
    "check_propagation": ("Query public resolvers for a record.",
                          {"name": ("string", "fqdn"), "type": ("string", "rrtype")}),
}
DNS_SYS = ("You are a DNS migration agent for the platform team. Move zones between providers without downtime: "
           "export both sides, diff, push only the missing or changed records, then verify propagation. "
           "Never delete NS or SOA records at the source. Report every change you make.")


def bind_zone(zone, provider, serial, extra=0, skip=()):
    hosts = ["www", "api", "shop", "mail", "vpn", "grafana", "status", "cdn", "assets", "auth", "billing", "docs",
             "staging", "jenkins", "sentry", "kibana", "ldap", "git", "registry", "wiki", "crm", "erp", "intranet",
             "m", "beta", "partners", "events", "careers", "support", "portal"]
    lines = [f"; zone export {zone} provider={provider}", f"$ORIGIN {zone}.", "$TTL 300",
             f"@ 3600 IN SOA ns-1204.awsdns-22.org. hostmaster.{zone}. ( {serial} 7200 900 1209600 86400 )"]
    for ns in ("ns-1204.awsdns-22.org.", "ns-331.awsdns-41.com.", "ns-1821.awsdns-35.co.uk.", "ns-612.awsdns-13.net."):
        lines.append(f"@ 172800 IN NS {ns}")
    for k, h in enumerate(hosts[:20 + extra]):
        if h in skip:
            continue
        if h in ("www", "shop", "cdn", "assets", "docs", "status"):
            lines.append(f"{h} 300 IN CNAME d{k:02d}x7q3ab9ce.cloudfront.net.")
        else:
            lines.append(f"{h} 300 IN A 203.0.113.{10 + k * 3}")
    if "mx" not in skip:
        lines += ["@ 3600 IN MX 10 aspmx.l.google.com.", "@ 3600 IN MX 20 alt1.aspmx.l.google.com.",
                  "@ 3600 IN MX 30 alt2.aspmx.l.google.com."]
    lines.append('@ 300 IN TXT "v=spf1 include:_spf.google.com include:mailgun.org ~all"')
    if "_dmarc" not in skip:
        lines.append('_dmarc 300 IN TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc@' + zone + '; pct=100"')
    if "caa" not in skip:
        lines.append('@ 3600 IN CAA 0 issue "letsencrypt.org"')
    lines.append('google._domainkey 300 IN TXT "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuX3'
                 + hashlib.sha256(zone.encode()).hexdigest() * 3 + 'IDAQAB"')
    return "\n".join(lines)


def dns_runaway_cycle(shape):
    s = Sess("dns_zone_migration", "cycle3", "runaway", shape, DNS_SYS, DNS_TOOLS, user="u-netops-ayla")
    z = "acmebrewing.com"
    s.user(f"Please migrate {z} from Route 53 to Cloudflare. Cutover window is tonight; TTLs were already lowered to 300.", 0)
    s.call("zone_export", {"provider": "route53", "zone": z}, bind_zone(z, "route53", 2026120701), 9,
           "Exporting the source zone from Route 53 first.")
    s.call("zone_export", {"provider": "cloudflare", "zone": z},
           bind_zone(z, "cloudflare", 2350181452, skip=("_dmarc", "caa")).replace("awsdns", "cf-dns"), 8)
    diff = {"zone": z, "only_in_source": [
        {"name": "_dmarc", "type": "TXT", "ttl": 300, "value": "v=DMARC1; p=quarantine; rua=mailto:dmarc@acmebrewing.com; pct=100"},
        {"name": "@", "type": "CAA", "ttl": 3600, "value": '0 issue "letsencrypt.org"'}],
        "changed": [{"name": "mail", "type": "A", "source": "203.0.113.19", "target": "203.0.113.19", "ttl": [300, 1]}]}
    s.call("record_diff", {"zone": z, "source": "route53", "target": "cloudflare"},
           dict(diff, generated_at="2026-12-07T21:04:11Z"), 6)
    changes = [{"action": "create", "name": "_dmarc", "type": "TXT"}, {"action": "create", "name": "@", "type": "CAA"},
               {"action": "update", "name": "mail", "type": "A", "ttl": 300}]
    texts_push = ["Three differences. Pushing the two missing records and fixing the TTL on mail.",
                  "The diff still shows the same three records, so I'll push them again.",
                  "Re-applying the same three changes; the earlier push may not have taken.",
                  "Pushing _dmarc, CAA and the mail TTL once more.",
                  "Same three differences remain. Retrying the push."]
    texts_prop = ["Let me confirm with public resolvers whether the DMARC record is visible.",
                  "Checking propagation of _dmarc again.",
                  "Verifying the DMARC record at the resolvers.",
                  "Checking whether _dmarc has propagated yet.",
                  "Looking at resolver answers for _dmarc again."]
    texts_diff = ["Propagation shows nothing yet. Re-diffing the zones to see what's still missing.",
                  "Still NXDOMAIN. Running the diff again.",
                  "Resolvers have nothing. Let me diff both providers again.",
                  "No answer for _dmarc. Diffing again.",
                  "Running the record diff again."]
    for rnd in range(5):
        rid = hashlib.md5(f"push{rnd}".encode()).hexdigest()[:32]
        s.call("push_records", {"zone": z, "provider": "cloudflare", "changes": changes},
               {"success": False, "errors": [{"code": 81058, "message": "An identical record already exists."}],
                "messages": [], "result": None, "cf-ray": f"8e{rid[:14]}-AMS"}, 5 + rnd, texts_push[rnd])
        s.call("check_propagation", {"name": f"_dmarc.{z}", "type": "TXT"},
               {"checked_at": f"2026-12-07T21:{5 + rnd * 2:02d}:{(17 * rnd + 3) % 60:02d}Z",
                "resolvers": {"8.8.8.8": "NXDOMAIN", "1.1.1.1": "NXDOMAIN", "9.9.9.9": "NXDOMAIN",
                              "208.67.222.222": "NXDOMAIN"}, "authoritative": "ns-1204.awsdns-22.org"},
               20, texts_prop[rnd])
        if rnd < 4:
            s.call("record_diff", {"zone": z, "source": "route53", "target": "cloudflare"},
                   dict(diff, generated_at=f"2026-12-07T21:{6 + rnd * 2:02d}:{(23 * rnd + 41) % 60:02d}Z"), 7,
                   texts_diff[rnd])
    s.expect(7, 14)
    s.notes = ("diff -> push (409-like 'identical record exists') -> propagation check, a period-3 cycle whose outputs "
               "differ only in timestamps / ray ids. The second round starts at turn 7.")
    return s


def dns_runaway_auth(shape):
    s = Sess("dns_zone_migration", "forbidden", "runaway", shape, DNS_SYS, DNS_TOOLS, user="u-netops-bram")
    z = "northwindfreight.io"
    s.user(f"Move {z} to NS1. Token is in the vault under ns1/migration; it was rotated this morning.", 0)
    s.call("zone_export", {"provider": "route53", "zone": z}, bind_zone(z, "route53", 2026113002, extra=6), 11)
    s.call("record_diff", {"zone": z, "source": "route53", "target": "ns1"},
           {"zone": z, "only_in_source": "ALL (target zone empty)", "count": 33}, 6,
           "The NS1 zone is empty, so everything needs to be created.")
    err = {"message": "Unauthorized: API key lacks permission 'dns.manage_zones' for zone northwindfreight.io",
           "status": 403}
    reps = ["Got a 403 from NS1. Might be a transient permission-propagation delay after the rotation; retrying.",
            "Still 403. Waiting a bit longer and retrying the push.",
            "403 again. Key permissions can take a few minutes to apply; trying again.",
            "Retrying the batch create; the permission should be active by now.",
            "Again unauthorized. Retrying after a longer pause.",
            "Retrying the push.", "Retrying once more with the same batch.", "Trying the push again.",
            "Another retry of the record batch.", "Retrying."]
    first = "Creating all 33 records at NS1 in one batch."
    delay = 15
    s.call("push_records", {"zone": z, "provider": "ns1", "changes": [{"action": "create_all", "count": 33}]}, err,
           delay, first, err=True)
    for k, txt in enumerate(reps):
        delay = min(delay * 2, 600)
        s.call("push_records", {"zone": z, "provider": "ns1", "changes": [{"action": "create_all", "count": 33}]},
               dict(err, request_id=f"req-{hashlib.md5(str(k).encode()).hexdigest()[:12]}"), delay, txt, err=True)
    s.expect(5, 10)
    s.notes = "A permanent 403 (key lacks a permission) retried forever with doubling backoff; nobody fixes the key."
    return s


def dns_healthy_poll(shape):
    s = Sess("dns_zone_migration", "propagation", "healthy", shape, DNS_SYS, DNS_TOOLS, user="u-netops-ayla")
    z = "lumenstudio.design"
    s.user(f"The NS change for {z} to Cloudflare was done at the registrar 10 minutes ago. Watch propagation "
           f"and tell me when all resolvers agree. Record diff was clean yesterday.", 0)
    s.call("record_diff", {"zone": z, "source": "route53", "target": "cloudflare"},
           {"zone": z, "only_in_source": [], "only_in_target": [], "changed": [], "generated_at": "2026-12-07T09:12:03Z"},
           7, "Sanity check first: diff between the two providers.")
    seen = [2, 5, 5, 9, 14, 17, 19, 20]
    pool = ["8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9", "149.112.112.112", "208.67.222.222",
            "208.67.220.220", "64.6.64.6", "64.6.65.6", "185.228.168.9", "76.76.19.19", "94.140.14.14",
            "84.200.69.80", "8.26.56.26", "156.154.70.1", "77.88.8.8", "195.46.39.39", "91.239.100.100", "80.80.80.80"]
    texts = ["Diff is clean. Now querying 20 public resolvers for the NS set.",
             "2 of 20 already see Cloudflare. The old NS TTL is 172800 at the .design TLD, so this will take a while; checking again in a few minutes.",
             "5/20 now. Moving along.", "Unchanged at 5/20 (OpenDNS caches are slower). Checking again.",
             "9/20.", "14/20 — Google and Quad9 both flipped.", "17/20.", "19/20, only 80.80.80.80 still has the old set."]
    for k, n in enumerate(seen):
        res = {ip: ("kiki.ns.cloudflare.com, rob.ns.cloudflare.com" if i < n else "ns-88.awsdns-11.com, ns-1510.awsdns-60.org")
               for i, ip in enumerate(pool)}
        s.call("check_propagation", {"name": z, "type": "NS"},
               {"checked_at": f"2026-12-07T09:{14 + k * 6:02d}:{(k * 13) % 60:02d}Z", "agree_new": n, "total": 20,
                "eta_minutes": max(0, (20 - n) * 4), "resolvers": res}, 6 * 60 if k else 15, texts[k])
    s.say("All 20 resolvers return the Cloudflare nameservers. Propagation is complete; the migration is done. "
          "I'd leave the Route 53 zone in place for 48 h before deleting it.")
    s.user("Great. Can you double-check that MX still resolves correctly from outside?", 900)
    s.call("check_propagation", {"name": z, "type": "MX"},
           {"checked_at": "2026-12-07T10:21:40Z", "agree_new": 20, "total": 20,
            "answer": ["10 aspmx.l.google.com.", "20 alt1.aspmx.l.google.com."]}, 12,
           "Checking MX across the same resolver set.")
    s.say("MX answers are identical everywhere (Google Workspace, priorities 10/20).")
    s.user("Thanks, closing the ticket.", 120)
    s.notes = "A propagation poller whose resolver counts and ETA move (one repeated reading) and then finish."
    return s


def dns_healthy_boiler(shape):
    s = Sess("dns_zone_migration", "diff_shrinks", "healthy", shape, DNS_SYS, DNS_TOOLS, max_tokens=2048,
             user="u-netops-chen")
    z = "harbourline-ferries.co.uk"
    s.user(f"Migrate {z} from Route 53 to NS1, record by record please — legal wants an audit trail per record.", 0)
    s.call("zone_export", {"provider": "route53", "zone": z}, bind_zone(z, "route53", 2026120501, extra=10), 10)
    missing = ["_dmarc TXT", "@ CAA", "crm A", "erp A", "intranet A", "partners A", "events A", "careers A",
               "support A", "portal A", "m A", "beta A"]
    legend = ("record_diff v2.3.1 — legend: '+' only in source, '-' only in target, '~' value differs. "
              "Comparison ignores TTL differences under 60s and trailing dots. SOA and NS at apex are excluded "
              "by policy DNS-17. Timestamps are UTC. " * 3)
    k = 0
    while missing:
        body = legend + f"\nzone {z} route53 -> ns1\n" + "\n".join("+ " + m for m in missing) + \
            f"\nsummary: {len(missing)} difference(s)"
        s.call("record_diff", {"zone": z, "source": "route53", "target": "ns1"}, body, 6,
               None if k else "Diffing before the first push.")
        nm, ty = missing[0].split()
        s.call("push_records", {"zone": z, "provider": "ns1", "changes": [{"action": "create", "name": nm, "type": ty}]},
               {"ok": True, "created": f"{nm}.{z} {ty}", "change_id": f"ch-{4410 + k}"}, 9,
               f"Creating {nm} {ty} (audit entry {k + 1}).")
        missing = missing[1:] if k % 4 != 2 else missing[1:]
        k += 1
        if k >= 11:
            break
    s.say("11 records created one by one, each with its own change id (ch-4410 … ch-4420). One left: beta A.")
    s.user("Leave beta out — it's being decommissioned. Send me the audit list.", 1500)
    s.notes = "Diff output is mostly a fixed legend; each round shows one fewer record because the agent creates them one at a time."
    return s


# ======================================================================================
# style: mortgage_underwriting
# ======================================================================================
MORT_TOOLS = {
    "credit_report": ("Pull a tri-merge credit report (soft pull).", {"borrower_id": ("string", "borrower")}),
    "verify_income": ("Verify employment and income with the employer data provider.",
                      {"borrower_id": ("string", "borrower"), "employer": ("string", "employer legal name")}),
    "appraisal": ("Fetch the appraisal report summary for a loan file.", {"loan_id": ("string", "loan file")}),
}
MORT_GUIDE = """UNDERWRITING CHECKLIST (conventional conforming, rev. 2026-10)
1. Credit: representative score = middle of three; minimum 620. Flag any 30-day late in the last 12 months, any collection > $2,000 not paid at closing, any bankruptcy discharge < 4 years.
2. Capacity: back-end DTI <= 45% with DU Approve/Eligible; <= 36% manual. Include all installment debts with > 10 payments remaining, all revolving at reported minimum, student loans at 1% of balance when payment shows $0.
3. Income: two years history. Salaried — VOE + most recent paystub. Self-employed — two years 1040s with Schedule C, YTD P&L. Bonus/overtime averaged over 24 months if stable or rising; declining > 20% requires explanation.
4. Collateral: appraisal dated <= 120 days before note date; LTV computed on the lesser of price or appraised value; flag condition ratings C5/C6, any "subject to" repairs, any comparable older than 12 months.
5. Assets: two months statements; large deposits > 50% of monthly qualifying income need source documentation.
6. Output per file: one line verdict (APPROVE / SUSPEND / DECLINE), then findings as "- [severity] text". Severity is one of INFO, COND (condition before closing), STOP.
"""


def mort_runaway_clarify(shape):
    s = Sess("mortgage_underwriting", "clarify", "runaway", shape,
             "You are an underwriting assistant. You have no tools in this workspace; work from what the loan officer pastes.",
             user="u-lo-priya")
    s.user("Loan 4471-0932, borrowers Dana and Luis Ortega. Dana: base $84,000, Luis shows $61,350 on the 2025 return. "
           "Debts: auto $512/mo, student loan $0 payment balance $38,400, cards $95 min. PITI $3,180. Does DTI work?", 0)
    q = ["Before I compute DTI, I need to know how Luis is paid: is the $61,350 W-2 wages or 1099/Schedule C income? "
         "Self-employment income is averaged over two years and reduced by business expenses, so the answer changes the result.",
         "Thanks — but I still can't tell whether Luis's $61,350 is W-2 or Schedule C income. Could you confirm which one it is?",
         "To be sure I treat Luis correctly: is his income reported on a W-2, or is he self-employed (1099 / Schedule C)?",
         "I need one detail before calculating: W-2 or self-employed for Luis's $61,350?",
         "Sorry, I still need to know whether Luis's income is W-2 wages or 1099/Schedule C before I can give a DTI.",
         "Could you confirm Luis's income type (W-2 vs self-employed)? The DTI depends on it.",
         "Which is it for Luis — W-2 or Schedule C? I can't finish the DTI without that.",
         "I need Luis's income type (W-2 or 1099) to proceed with the debt-to-income calculation.",
         "Once you tell me if Luis is W-2 or self-employed I'll compute the DTI right away.",
         "Just to confirm: W-2 or self-employed income for Luis?",
         "Please confirm whether Luis is paid on W-2 or 1099."]
    a = ["It's on the 2025 return, line 1a.", "Like I said, it's on the return, line 1a of the 1040.",
         "It's line 1a of the 2025 1040.", "Line 1a. 2025 return.", "It's on the return, line 1a, I already told you.",
         "Line 1a of the 1040, 2025.", "It's line 1a on the 2025 return.", "line 1a",
         "It's on the tax return, line 1a.", "It's line 1a of his 2025 1040.", "line 1a on the return"]
    for k in range(11):
        s.say(q[k])
        s.user(a[k], 40 + k * 7)
    s.expect(3, 8)
    s.notes = ("The assistant keeps asking the same clarification (line 1a is W-2 wages, which it never infers) while the "
               "loan officer keeps giving the same answer. Tool-less; the loop is clear from the second repeat.")
    return s


def mort_runaway_renamed(shape):
    s = Sess("mortgage_underwriting", "renamed_employer", "runaway", shape,
             "You are an underwriting agent. Verify income with the tools before any decision. " + MORT_GUIDE, MORT_TOOLS,
             user="u-uw-marcus")
    s.user("File 5520-1187, borrower B-88213 (Keisha Brown). She works at Acme Logistics. Verify income and give a verdict.", 0)
    s.call("credit_report", {"borrower_id": "B-88213"},
           {"borrower": "B-88213", "scores": {"equifax": 712, "experian": 704, "transunion": 719}, "representative": 712,
            "tradelines": 14, "lates_12m": 0, "collections": [], "inquiries_90d": 2}, 8, "Credit first.")
    names = ["Acme Logistics", "Acme Logistics, Inc.", "ACME LOGISTICS INC", "Acme Logistics LLC", "Acme Logistics Holdings",
             "Acme Logistic Inc", "ACME Logistics Group", "Acme Logistics Co.", "Acme-Logistics Inc.", "AcmeLogistics",
             "Acme Logistics Incorporated", "Acme Log. Inc", "Acme Logistics (US)"]
    texts = ["Credit is fine (712, no lates). Now verifying employment.",
             "Employer not found under that name. Trying the legal entity name with the Inc. suffix.",
             "Still not found; the database often stores legal names in upper case.",
             "Maybe it is registered as an LLC.", "Perhaps the parent company is the employer of record.",
             "Trying a variant without the plural.", "Trying the group name.", "Trying with 'Co.'.",
             "Trying the hyphenated form.", "Trying without a space.", "Trying the long form of Inc.",
             "Trying the abbreviated form.", "Trying the US subsidiary name."]
    for k, nm in enumerate(names):
        s.call("verify_income", {"borrower_id": "B-88213", "employer": nm},
               {"status": "NO_MATCH", "code": "EMP404", "employer_query": nm,
                "message": f"No employer record matching '{nm}' in The Employer Data Exchange",
                "trace": f"tedx-{hashlib.sha1(nm.encode()).hexdigest()[:10]}"}, 12 + k, texts[k], err=True)
    s.expect(4, 9)
    s.notes = ("The same 'employer not found' failure with the employer name changed every attempt; the agent never asks "
               "for a paystub/manual VOE. Renamed-entity loop.")
    return s


def mort_healthy_batch(shape):
    s = Sess("mortgage_underwriting", "batch_files", "healthy", shape,
             "You are an underwriting agent working a queue. " + MORT_GUIDE, MORT_TOOLS, max_tokens=1500,
             user="u-uw-queue")
    files = [("L-3001", "B-1001", 742, 38.1, 64, "C3"), ("L-3002", "B-1002", 688, 44.2, 131, "C3"),
             ("L-3003", "B-1003", 701, 29.9, 22, "C4"), ("L-3004", "B-1004", 655, 41.0, 140, "C3"),
             ("L-3005", "B-1005", 779, 33.3, 45, "C2"), ("L-3006", "B-1006", 630, 47.9, 128, "C4"),
             ("L-3007", "B-1007", 720, 35.5, 91, "C3")]
    for k, (loan, b, score, dti, age, cond) in enumerate(files):
        s.user(f"Next file: {loan} (borrower {b}). Apply the checklist and give the verdict in the required format.",
               30 if k else 0)
        s.calls([("credit_report", {"borrower_id": b},
                  {"borrower": b, "representative": score, "lates_12m": 1 if score < 660 else 0, "collections": []}, False),
                 ("appraisal", {"loan_id": loan},
                  {"loan": loan, "value": 410000 + k * 23500, "effective_date_age_days": age, "condition": cond,
                   "subject_to": [] if cond != "C4" else ["repair handrail on rear steps"]}, False)], 9)
        f = []
        if age > 120:
            f.append(f"- [COND] Appraisal is {age} days old (> 120); order a recertification of value (1004D).")
        if dti > 45:
            f.append(f"- [STOP] Back-end DTI {dti}% exceeds 45%.")
        if score < 660:
            f.append("- [COND] One 30-day late in last 12 months; letter of explanation required.")
        if cond == "C4":
            f.append("- [COND] Appraisal subject to repair (rear-step handrail); completion cert needed.")
        if not f:
            f.append("- [INFO] No findings; file meets all checklist items.")
        verdict = "DECLINE" if dti > 45 else ("SUSPEND" if any("COND" in x for x in f) else "APPROVE")
        s.say(f"{loan}: {verdict}\n" + "\n".join(f) + f"\n- [INFO] Representative score {score}; DTI {dti}%.")
    s.user("That's the queue. Give me a one-line tally.", 60)
    s.notes = ("Batch with one long shared checklist; the 'appraisal older than 120 days' condition recurs on several "
               "different files, which is normal batch work.")
    return s


def mort_healthy_slow(shape):
    s = Sess("mortgage_underwriting", "slow_borrower_docs", "healthy", shape,
             "You are an underwriting agent. " + MORT_GUIDE, MORT_TOOLS, user="u-lo-jamal")
    s.user("File 7713-2040, borrower B-55120 (Tomasz Nowak), self-employed electrician. Start the review.", 0)
    s.call("credit_report", {"borrower_id": "B-55120"},
           {"representative": 694, "lates_12m": 0, "collections": [{"creditor": "Midland Credit", "amount": 2380}]}, 10)
    s.say("Credit 694 but there's a $2,380 Midland collection (> $2,000) — must be paid at or before closing. "
          "Income needs 2 years of 1040s with Schedule C and a YTD P&L. Can you upload those?")
    s.user("Borrower is sending the returns this afternoon.", 2400)
    s.say("Thanks, I'll wait for them.")
    s.user("2024 and 2025 returns uploaded: Schedule C net $71,200 (2024) and $78,950 (2025).", 3300)
    s.call("verify_income", {"borrower_id": "B-55120", "employer": "Nowak Electric LLC"},
           {"status": "SELF_EMPLOYED", "transcripts": {"2024": 71200, "2025": 78950}, "match": True}, 14)
    s.say("IRS transcripts match the returns. Qualifying income = 24-month average $75,075/yr ($6,256/mo). Still need "
          "the YTD P&L and the collection payoff.")
    s.user("P&L will come tomorrow morning. Pull credit again though — he says he paid Midland last week.", 2900)
    s.call("credit_report", {"borrower_id": "B-55120"},
           {"representative": 694, "lates_12m": 0,
            "collections": [{"creditor": "Midland Credit", "amount": 0, "status": "PAID 2026-11-28"}]}, 12,
           "Re-pulling credit to confirm the payoff.")
    s.say("Confirmed: the Midland collection now reports $0, paid 2026-11-28. Credit condition cleared.")
    s.user("P&L uploaded: YTD net $66,300 through November.", 3600 * 14)
    s.say("YTD annualized ≈ $72,300, consistent with the 2-year average — no decline. Last item is the appraisal.")
    s.user("Appraisal came back, pull it.", 1800)
    s.call("appraisal", {"loan_id": "7713-2040"},
           {"value": 389000, "price": 395000, "effective_date_age_days": 6, "condition": "C3", "subject_to": []}, 9)
    s.say("Appraised $389,000 vs price $395,000: LTV on $389,000. Condition C3, no repairs.")
    s.user("Loan amount is $311,200. Final verdict?", 1500)
    s.say("LTV 80.0%. 7713-2040: APPROVE\n- [INFO] Collection paid 2026-11-28.\n- [INFO] SE income stable, 2-yr avg $6,256/mo.")
    s.user("Perfect, sending to closing.", 2000)
    s.notes = ("A loan officer answering 40-60 minutes apart (and one overnight gap); the credit report is legitimately "
               "pulled twice, the second time with a changed collection.")
    return s


# ======================================================================================
# style: wildlife_camera_tagging
# ======================================================================================
SPECIES_GUIDE = """FIELD GUIDE — CAMERA-TRAP SPECIES OF THE SIERRA FOOTHILLS PROJECT (v4, for taggers)
General rules: tag the species of every animal whose body is at least 30% in frame; count individuals; 'empty' when triggers are wind, shadow or rain; 'human' and 'vehicle' frames are tagged but never published. Night IR frames are monochrome: rely on shape, gait and eye-shine height, not colour. When two species are plausible, tag the more conservative one and set confidence 'low'.

Odocoileus hemionus (mule deer): large ears (mule-like, ~2/3 head length), white rump patch, small white tail with black tip. Bucks carry bifurcating antlers Aug–Feb. Often in groups of 2–6 at dawn/dusk. Confusable with black-tailed deer (subspecies; tag both as O. hemionus).
Canis latrans (coyote): narrow muzzle, large pointed ears, bushy tail carried low, grizzled grey-tan coat; shoulder height 55–65 cm. Gait: trotting, tail below the back line. Most frequent single carnivore at stations S03–S11.
Canis lupus (grey wolf): not confirmed in the project area since 2019; a wolf tag must always be 'low' confidence and flagged for expert review. Broader muzzle, proportionally shorter ears, longer legs, shoulder height 70–85 cm, tail carried straight back.
Urocyon cinereoargenteus (grey fox): small (shoulder 35–40 cm), grizzled grey back, rusty sides and neck, black stripe along the tail top ending in a black tip. Climbs trees — the only canid seen on branch-mounted cameras.
Vulpes vulpes (red fox): rare here; white tail tip, black 'stockings'. Do not confuse with grey fox's black tail tip.
Lynx rufus (bobcat): short bobbed tail with black tip above and white below, tufted ears, spotted legs; shoulder 45–55 cm. Often pauses and looks at the camera.
Puma concolor (mountain lion): long heavy tail (about 2/3 body length) with a dark tip, uniform tawny coat, small rounded head. Any puma detection within 500 m of a trailhead is reported to the ranger desk the same day.
Ursus americanus (black bear): coat ranges from black to cinnamon and blond; no shoulder hump (contrast with grizzly, absent here). Frames often show the bear investigating the camera; tag even if only the snout fills the frame.
Procyon lotor (raccoon): black mask, ringed tail (4–7 rings), hunched gait; often in pairs near creeks at night.
Mephitis mephitis (striped skunk): black with two white dorsal stripes joining at the head; waddling gait.
Spilogale gracilis (western spotted skunk): smaller, broken white stripes/spots, performs handstands when threatened — tag separately from striped skunk.
Sus scrofa (feral pig): invasive; long snout with disc nose, bristly coat, tusks in adult males. Count every individual including piglets; feral pig detections feed the removal programme dashboard.
Lepus californicus (black-tailed jackrabbit): very long black-tipped ears, black stripe on top of tail. Sylvilagus (cottontail): shorter ears, white cotton tail — tag to genus.
Meleagris gallopavo (wild turkey): flocks; tag count of visible birds only.
Birds other than turkey: tag 'bird' unless a raptor is clearly identifiable.
Domestic animals: 'dog', 'cat', 'cattle', 'horse'. Dogs on leash beside a human: tag 'dog' and 'human'.
Metadata: station id S01–S24, frame timestamps in local time (America/Los_Angeles), temperature from the camera housing (not reliable above 35 C in direct sun). Burst sequences of 3 frames share one trigger; tag the burst once using the clearest frame.
"""
WILD_TOOLS = {
    "list_images": ("List untagged images for a station.", {"station": ("string", "S01..S24"), "cursor": ("string", "page cursor")}),
    "classify_image": ("Run the species classifier on one image.", {"image_id": ("string", "image id")}),
    "record_observation": ("Write an observation row to the project database.",
                           {"image_id": ("string", "image id"), "species": ("string", "latin name"),
                            "count": ("integer", "individuals"), "confidence": ("string", "high|low")}),
    "job_status": ("Status of a batch classification job.", {"job_id": ("string", "job id")}),
}


def wild_images(station, page, seed):
    r = random.Random(seed)
    out = []
    for k in range(8):
        iid = f"{station}-2026{11:02d}{3 + page:02d}-{r.randint(1000, 9999)}"
        out.append({"image_id": iid, "captured_at": f"2026-11-{3 + page:02d}T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}-08:00",
                    "trigger": r.choice(["motion", "motion", "timelapse"]), "temp_c": r.randint(2, 19), "burst": r.randint(1, 3)})
    return out


def wild_runaway_reserved(shape):
    s = Sess("wildlife_camera_tagging", "same_page_new_cursor", "runaway", shape,
             "You tag camera-trap images for the Sierra Foothills project. " + SPECIES_GUIDE, WILD_TOOLS,
             max_tokens=1200, user="u-eco-ruth")
    s.user("Tag everything new from station S07 (the creek camera). Stop when list_images returns no more pages.", 0)
    page = wild_images("S07", 0, 7)
    cur = "eyJvZmZzZXQiOjB9"
    s.call("list_images", {"station": "S07", "cursor": ""}, {"images": page, "next_cursor": "c_" + hashlib.md5(b"0").hexdigest()[:16]}, 6)
    sp = ["Procyon lotor", "Canis latrans", "Odocoileus hemionus", "empty"]
    for k in range(2):
        img = page[k]["image_id"]
        s.call("classify_image", {"image_id": img}, {"image_id": img, "top": [[sp[k], 0.93], ["Mephitis mephitis", 0.04]]}, 5)
        s.call("record_observation", {"image_id": img, "species": sp[k], "count": 1, "confidence": "high"},
               {"ok": True, "row": 90211 + k}, 4)
    for rnd in range(1, 12):
        ncur = "c_" + hashlib.md5(str(rnd).encode()).hexdigest()[:16]
        s.call("list_images", {"station": "S07", "cursor": "c_" + hashlib.md5(str(rnd - 1).encode()).hexdigest()[:16]},
               {"images": page, "next_cursor": ncur, "page": rnd + 1}, 7,
               ["First page done (I'll tag the rest of the page later in bulk). Next page.", "Next page.",
                "Moving to the next page.", "Fetching the following page.", "Continuing with the next cursor."][rnd % 5])
    s.expect(7, 12)
    s.notes = ("list_images keeps returning the very same 8 images under a new cursor and page number; the agent keeps "
               "paging. Same content re-served under different cursors/URLs; the first re-served page is turn 7.")
    return s


def wild_runaway_exact(shape):
    s = Sess("wildlife_camera_tagging", "duplicate_key", "runaway", shape,
             "You tag camera-trap images. " + SPECIES_GUIDE, WILD_TOOLS, user="u-eco-ruth")
    s.user("Image S14-20261109-4471 came back from expert review: it's a mountain lion, two individuals (mother and cub). Record it.", 0)
    s.call("classify_image", {"image_id": "S14-20261109-4471"},
           {"image_id": "S14-20261109-4471", "top": [["Puma concolor", 0.71], ["Lynx rufus", 0.22]]}, 8)
    err = ("ERROR:  duplicate key value violates unique constraint \"observations_image_species_key\"\n"
           "DETAIL:  Key (image_id, species)=(S14-20261109-4471, Puma concolor) already exists.\n"
           "CONTEXT:  INSERT INTO observations (image_id, species, count, confidence, tagged_by) VALUES ($1,$2,$3,$4,$5)")
    for k in range(14):
        s.call("record_observation", {"image_id": "S14-20261109-4471", "species": "Puma concolor", "count": 2, "confidence": "high"},
               err, 6, "Recording Puma concolor ×2 for S14-20261109-4471." if k < 13 else None, err=True)
    s.expect(4, 8)
    s.notes = "The identical insert retried with the identical duplicate-key error (an update was needed). Exact repetition."
    return s


def wild_healthy_batch(shape):
    s = Sess("wildlife_camera_tagging", "guide_batch", "healthy", shape,
             "You tag camera-trap images one at a time. " + SPECIES_GUIDE, WILD_TOOLS, max_tokens=800, user="u-eco-vol12")
    imgs = [("S03-20261104-1182", "Canis latrans", 0.58, "Canis lupus", 0.31), ("S03-20261104-1190", "Lynx rufus", 0.94, "Puma concolor", 0.03),
            ("S05-20261104-0031", "Canis latrans", 0.61, "Canis lupus", 0.29), ("S05-20261105-2204", "Sus scrofa", 0.97, "Ursus americanus", 0.01),
            ("S06-20261105-0440", "Urocyon cinereoargenteus", 0.89, "Vulpes vulpes", 0.07),
            ("S06-20261105-0912", "Canis latrans", 0.55, "Canis lupus", 0.38), ("S09-20261106-1301", "Odocoileus hemionus", 0.99, "Lepus californicus", 0.0),
            ("S09-20261106-1417", "empty", 0.91, "bird", 0.05), ("S11-20261106-2350", "Canis latrans", 0.52, "Canis lupus", 0.40),
            ("S11-20261107-0102", "Procyon lotor", 0.96, "Mephitis mephitis", 0.02)]
    s.user("Start the S03–S11 backlog. For each image: classify, decide, record. Wolf-like canids go in as coyote, low confidence, flagged.", 0)
    for k, (iid, a, pa, b, pb) in enumerate(imgs):
        s.call("classify_image", {"image_id": iid}, {"image_id": iid, "top": [[a, pa], [b, pb]], "model": "sfp-megadet-v5.1"}, 5,
               None if k else "Starting with S03.")
        low = pa < 0.7
        sp = a
        s.call("record_observation", {"image_id": iid, "species": sp, "count": 1 + (k % 3 == 0),
                                      "confidence": "low" if low else "high"},
               {"ok": True, "row": 91500 + k, "flags": ["expert_review: possible Canis lupus"] if b == "Canis lupus" else []}, 4,
               (f"{iid}: coyote vs wolf is ambiguous ({pa:.2f}/{pb:.2f}); per guide tagging Canis latrans, low confidence, flagged for review."
                if b == "Canis lupus" else f"{iid}: {a} ({pa:.2f}), recording."))
    s.notes = ("Batch under a long resent species guide; the same 'possible wolf, flag for review' finding recurs on four "
               "different images, which is normal batch work.")
    return s


def wild_healthy_job(shape):
    s = Sess("wildlife_camera_tagging", "job_progress", "healthy", shape,
             "You supervise bulk classification jobs for the camera-trap project and summarise the results.", WILD_TOOLS,
             user="u-eco-ruth")
    s.user("Job J-20261207-03 (all of S12–S18, 14,220 images) was queued an hour ago. Keep an eye on it and summarise when done.", 0)
    prog = [(0, 0, "queued", None), (6.4, 910, "running", 212), (15.9, 2261, "running", 175), (27.0, 3840, "running", 150),
            (27.0, 3840, "running", 150), (41.3, 5873, "running", 118), (58.8, 8361, "running", 86),
            (74.2, 10552, "running", 51), (91.7, 13040, "running", 17), (99.6, 14163, "finalizing", 2),
            (100.0, 14220, "succeeded", 0)]
    for k, (pct, n, st, eta) in enumerate(prog):
        out = {"job_id": "J-20261207-03", "state": st, "progress_pct": pct, "images_done": n, "images_total": 14220,
               "eta_minutes": eta, "worker_pool": "gpu-a10g-x4", "errors": 3 if n > 5000 else 0}
        if st == "succeeded":
            out["summary"] = {"empty": 8120, "Odocoileus hemionus": 2217, "Canis latrans": 1190, "Sus scrofa": 884,
                              "Lynx rufus": 301, "Ursus americanus": 96, "Puma concolor": 14, "other": 1398}
        s.call("job_status", {"job_id": "J-20261207-03"}, out, 5 if k == 0 else 600,
               ["Checking the job.", "Still queued; checking again in 10 minutes.", "6.4% done, ETA ~3.5 h.",
                "15.9%.", "27%.", "Same reading as last time (the status cache refreshes every 15 min).", "41%.",
                "58.8%.", "74%.", "91.7%, nearly done.", "Finalizing."][k])
    s.say("J-20261207-03 succeeded: 14,220 images, 57% empty. 14 puma detections need the same-day ranger report.")
    s.user("Which stations had the pumas?", 1300)
    s.notes = "A job poller whose progress %, counts and ETA move (one repeated cached reading), then succeeds."
    return s


# ======================================================================================
# style: ediscovery_review
# ======================================================================================
ED_TOOLS = {
    "search_documents": ("Search the review set.", {"query": ("string", "dtSearch syntax"), "page": ("integer", "1-based page")}),
    "get_document": ("Fetch full text and metadata of a document.", {"doc_id": ("string", "control number")}),
    "tag_documents": ("Apply a coding tag to documents (bulk).", {"doc_ids": ("array", "control numbers"), "tag": ("string", "tag")}),
}
ED_SYS = ("You are a first-pass privilege reviewer for Matter 2026-CV-0418 (Halvorsen v. Brightwater Pharma). "
          "Privileged: communications with outside counsel (Keller & Ames LLP, @kellerames.com) or in-house legal "
          "(legal@brightwaterpharma.com) made for legal advice, and attorney work product. Not privileged if a third "
          "party outside the privilege (e.g. PR firm Stonebridge Comms) is copied. Tag: PRIV-AC, PRIV-WP, NOT-PRIV, NEEDS-QC.")
FOOTER = ("\n\nCONFIDENTIALITY NOTICE: This e-mail message and any attachments are for the sole use of the intended "
          "recipient(s) and may contain confidential and privileged information. Any unauthorized review, use, disclosure "
          "or distribution is prohibited. If you are not the intended recipient, please contact the sender by reply "
          "e-mail and destroy all copies of the original message. Brightwater Pharma, Inc., 1200 Harbor Point Blvd, "
          "Stamford, CT 06902.")


def ed_bulk_log(rnd, batch):
    r = random.Random(100 + rnd)
    lines = [f"[bulk-tag] job bt-{7730 + rnd} started, {len(batch)} documents, tag=NOT-PRIV, workspace=RS-2291"]
    for k, d in enumerate(batch):
        lines.append(f"[bulk-tag] {ts(14, 2 + rnd * 3, k * 2)} doc {d} fetched ({r.randint(3, 480)} KB, {r.randint(1, 40)} pages)")
        lines.append(f"[bulk-tag] {ts(14, 2 + rnd * 3, k * 2 + 1)} doc {d} OCR layer ok, hash sha1:{hashlib.sha1((d + str(rnd)).encode()).hexdigest()}")
        lines.append(f"[bulk-tag] {ts(14, 2 + rnd * 3, k * 2 + 1)} doc {d} family group FG-{r.randint(10000, 99999)} resolved, {r.randint(0, 6)} attachments")
        if k == len(batch) - 7:
            lines.append(f"[bulk-tag] {ts(14, 2 + rnd * 3, k * 2 + 1)} WARN  tag write deferred: ERR_LOCKED review set RS-2291 is checked out by user mkhan (session since 2026-12-04 16:20) — 0 tags written")
    lines.append(f"[bulk-tag] job bt-{7730 + rnd} finished: {len(batch)} processed, 0 failed, status=COMPLETED_WITH_WARNINGS")
    return "\n".join(lines)


def ed_runaway_buried(shape):
    s = Sess("ediscovery_review", "buried_lock_error", "runaway", shape, ED_SYS, ED_TOOLS, max_tokens=1500, user="u-lit-sofia")
    s.user("Batch-tag the custodian Rebecca Lin's marketing calendar invites as NOT-PRIV. There are ~400; go in batches of 30.", 0)
    s.call("search_documents", {"query": "custodian:\"Lin, Rebecca\" AND filetype:ics", "page": 1},
           {"hits": 412, "page": 1, "per_page": 30, "doc_ids_first": "BWP-0031200..BWP-0031229"}, 9)
    for rnd in range(14):
        start = 31200 + rnd * 30
        batch = [f"BWP-{start + k:07d}" for k in range(30)]
        s.call("tag_documents", {"doc_ids": [batch[0] + ".." + batch[-1]], "tag": "NOT-PRIV"}, ed_bulk_log(rnd, batch), 35,
               f"Batch {rnd + 1} ({batch[0]}–{batch[-1]}).{' Previous batch completed.' if rnd else ''}")
    s.expect(4, 9)
    s.notes = ("Every bulk-tag batch returns a long, different log (new doc ids, hashes, times) reporting COMPLETED, but "
               "buried near the end is the same ERR_LOCKED '0 tags written'. The agent moves on batch after batch: nothing "
               "is ever tagged. Same error deep in a long varying log.")
    return s


def ed_runaway_pingpong(shape):
    s = Sess("ediscovery_review", "qc_pingpong", "runaway", shape,
             ED_SYS + " You are the QC coordinator agent: you relay between the first-pass agent and the QC agent; their "
                       "messages arrive as user turns prefixed with their name.", user="u-lit-pipeline")
    doc = ("Doc BWP-0044718, email 2025-03-14 09:41 from j.halvorsen@brightwaterpharma.com to d.ames@kellerames.com, "
           "cc: press@stonebridgecomms.com. Subject: RE: draft statement re: Q4 recall. Body: 'Dan — attached is the "
           "statement Stonebridge drafted. Can you confirm we can say the lots were pulled voluntarily without waiving "
           "anything on the causation point?'")
    s.user("[first-pass-agent] " + doc + " Coding: PRIV-AC (request for legal advice to outside counsel). Sending to QC.", 0)
    fp = ["[first-pass-agent] Re-reviewed BWP-0044718. Primary purpose is legal advice from Keller & Ames about waiver; "
          "coding PRIV-AC. Returning to QC.",
          "[first-pass-agent] BWP-0044718: the question to counsel is a legal one, so PRIV-AC stands. Back to QC.",
          "[first-pass-agent] BWP-0044718 — legal advice sought from outside counsel → PRIV-AC. Returning to QC.",
          "[first-pass-agent] Reviewed again: BWP-0044718 seeks counsel's advice; PRIV-AC. Sending back to QC.",
          "[first-pass-agent] BWP-0044718 stays PRIV-AC (advice request to Keller & Ames). To QC."]
    qc = ["[qc-agent] BWP-0044718: Stonebridge (PR firm) is copied — third party, privilege waived. Should be NOT-PRIV. "
          "Returning to first pass.",
          "[qc-agent] BWP-0044718 cc's press@stonebridgecomms.com; a PR firm breaks privilege. NOT-PRIV. Back to first pass.",
          "[qc-agent] Third party (Stonebridge) on the cc line of BWP-0044718 → not privileged. Returning.",
          "[qc-agent] BWP-0044718: waived by disclosure to Stonebridge Comms. NOT-PRIV. To first pass.",
          "[qc-agent] BWP-0044718 remains NOT-PRIV because of the Stonebridge cc. Returning to first pass."]
    relay_q = "Relayed to QC: first pass codes BWP-0044718 as PRIV-AC."
    relay_f = "Relayed to first pass: QC says BWP-0044718 is NOT-PRIV (Stonebridge cc)."
    for k in range(7):
        s.say(relay_q if k % 2 == 0 else "Forwarded to QC agent: BWP-0044718 coded PRIV-AC by first pass.")
        s.user(qc[k % 5], 50)
        s.say(relay_f if k % 2 == 0 else "Forwarded to first-pass agent: QC disagrees, NOT-PRIV, third party copied.")
        s.user(fp[k % 5], 45)
    s.expect(4, 10)
    s.notes = ("Two agents hand the same document back and forth with the same disagreement (nobody escalates to a "
               "human attorney). Tool-less relay. The second round trip starts at turn 4.")
    return s


def ed_long_thread():
    msgs = []
    people = [("Jonas Halvorsen", "j.halvorsen@brightwaterpharma.com"), ("Dan Ames", "d.ames@kellerames.com"),
              ("Maria Keller", "m.keller@kellerames.com"), ("Priya Raman", "p.raman@brightwaterpharma.com"),
              ("Legal Dept", "legal@brightwaterpharma.com"), ("Tom Price", "t.price@stonebridgecomms.com")]
    bodies = [
        "Lot BW-2291 through BW-2297 of Cardelex 20mg failed dissolution at the 6-month stability pull. QA opened deviation DV-5513. We need to decide on recall scope by Friday.",
        "Before anyone writes anything down about causation, please route all analysis through us so it stays work product. I'm setting up a call with Maria for tomorrow 10:00.",
        "Attached is our preliminary memo on reporting obligations under 21 CFR 7.46. Short version: a voluntary recall notice to FDA is advisable within 10 working days. The memo is draft and privileged; do not forward.",
        "Manufacturing says the excipient supplier changed the magnesium stearate grade in July without a change notice. Supplier audit report attached (Audit AR-0719).",
        "Per counsel's advice we will characterize this as a voluntary recall. Please do not speculate about the supplier in external communications.",
        "Tom, here is the fact sheet for the press statement — only the approved facts: lots, dates, the customer hotline. Nothing about the supplier.",
        "Draft statement v2 attached. We softened 'defect' to 'did not meet specification'. Legal to confirm.",
        "Confirming for the file: the statement language was reviewed by Keller & Ames on the 14th. The causation analysis remains with outside counsel.",
        "FDA acknowledged the recall notice (reference RES-102448). Classification expected Class II.",
        "Reminder that litigation hold LH-2026-03 covers all QA, manufacturing and communications records from June 2025 onward.",
    ]
    for k in range(30):
        a = people[k % 6]
        b = people[(k * 5 + 1) % 6]
        body = bodies[k % 10]
        msgs.append(f"-----Original Message-----\nFrom: {a[0]} <{a[1]}>\nSent: 2025-03-{1 + k % 28:02d} {8 + k % 9}:{(k * 7) % 60:02d}\n"
                    f"To: {b[0]} <{b[1]}>\nSubject: RE: Cardelex lots BW-2291..2297 — stability failure [{k + 1}]\n\n{body}"
                    + (f" (see also item {k - 9})" if k >= 10 else "") + FOOTER)
    return "\n\n".join(msgs)


def ed_healthy_stateless(shape):
    s = Sess("ediscovery_review", "stateless_thread_qa", "healthy", shape, ED_SYS, max_tokens=700, user="u-lit-reviewapp")
    thread = ed_long_thread()
    qs = ["Who at outside counsel appears in this thread?", "Is any third party outside the privilege copied anywhere? Name them.",
          "Which messages contain legal advice (give bracketed numbers)?", "What is the FDA reference number mentioned?",
          "Which lots are affected?", "When was the statement reviewed by counsel?", "Is there a litigation hold mentioned? Which one?",
          "Summarize the supplier issue in one sentence.", "Which messages would you tag PRIV-WP and why?",
          "Which messages are safe to produce without redaction?", "Who sent the draft statement v2?"]
    for k, q in enumerate(qs):
        s.single("DOCUMENT (control BWP-0051002, 30-message thread):\n\n" + thread + "\n\nQUESTION: " + q, 25 + 11 * k)
    s.notes = ("A stateless review app resends the same ~45 KB email thread with a different question each turn; no "
               "history is carried, so every request is the same long prefix.")
    return s


def ed_healthy_pages(shape):
    s = Sess("ediscovery_review", "search_pages", "healthy", shape, ED_SYS, ED_TOOLS, max_tokens=1200, user="u-lit-sofia")
    s.user("Review every hit for 'Keller' in custodian Priya Raman's mailbox and tag them. Go page by page.", 0)
    r = random.Random(44)
    subjects = ["Cardelex stability", "Board deck Q1", "Recall notice draft", "Supplier audit AR-0719", "Press statement v2",
                "Hold notice LH-2026-03", "Insurance notice", "Deposition prep"]
    for page in range(1, 8):
        hits = []
        for k in range(10):
            dn = f"BWP-{60000 + page * 100 + k * 3:07d}"
            cc = r.choice(["", "", "", "press@stonebridgecomms.com"])
            hits.append({"doc_id": dn, "from": r.choice(["d.ames@kellerames.com", "p.raman@brightwaterpharma.com", "m.keller@kellerames.com"]),
                         "cc": cc, "subject": "RE: " + r.choice(subjects), "snippet": "…per our call with Keller & Ames…" + FOOTER[:160]})
        s.call("search_documents", {"query": "custodian:\"Raman, Priya\" AND Keller", "page": page},
               {"total": 70, "page": page, "per_page": 10, "hits": hits}, 10, None)
        priv = [h["doc_id"] for h in hits if not h["cc"]]
        waived = [h["doc_id"] for h in hits if h["cc"]]
        s.calls([("tag_documents", {"doc_ids": priv, "tag": "PRIV-AC"}, {"ok": True, "tagged": len(priv)}, False)]
                + ([("tag_documents", {"doc_ids": waived, "tag": "NOT-PRIV"}, {"ok": True, "tagged": len(waived)}, False)] if waived else []),
                8, f"Page {page}: {len(priv)} PRIV-AC (counsel, no third party), {len(waived)} NOT-PRIV (Stonebridge copied).")
    s.say("All 70 hits reviewed across 7 pages.")
    s.user("Thanks. How many went NOT-PRIV in total?", 240)
    s.notes = ("Pagination: the same search with the next page; every hit carries the same confidentiality-footer "
               "boilerplate and the same kind of finding recurs on different documents.")
    return s


# ======================================================================================
# style: childrens_story_writer (tool-less)
# ======================================================================================
STORY_SYS = ("You help parents write gentle bedtime stories for children aged 4-8, one chapter at a time. Short "
             "sentences, warm tone, nothing frightening, every chapter ends calmly.")

OTTER_CHAPTERS = [
    ("Chapter 1: The Otter Who Collected Buttons",
     "Down where the Willow River bends like an elbow, there lived an otter named Pip. Pip did not collect shells, "
     "like the other otters. Pip collected buttons. Red ones, wooden ones, one shaped like a tiny anchor. She kept them "
     "in a hollow log, sorted by colour, and every night she counted them before sleep. Forty-one. Always forty-one. "
     "Until one evening, when she counted forty. Pip counted again, slowly, tapping each button with her paw. Forty. "
     "She looked at the moon, which looked back, round and unbothered. 'Tomorrow,' Pip whispered, 'I will find it.' "
     "And she curled into her blanket of river moss and slept."),
    ("Chapter 2: Mrs. Heron Has Not Seen It",
     "In the morning the river was full of mist, soft as milk. Pip swam to the reeds where Mrs. Heron stood on one leg. "
     "'Have you seen a little blue button with a white star on it?' Mrs. Heron thought for a long time, which is what "
     "herons do best. 'I have seen three frogs, a dragonfly and a very confused duck,' she said. 'But no button.' Pip "
     "thanked her anyway. On the way home she found a smooth grey pebble with a stripe. It was not a button, but it was "
     "nice. She put it in the log, in a new pile all its own."),
    ("Chapter 3: The Beaver's Dam",
     "Benny the beaver was building again. 'Everything that floats ends up in my dam sooner or later,' he said, "
     "slapping mud into place. Pip's whiskers twitched with hope. Together they looked between the sticks: a feather, a "
     "bottle cap, a lost mitten that belonged to no one they knew. No blue button. Benny gave her the bottle cap. 'For "
     "the new pile,' he said kindly. Pip swam home slowly, the cap in her paws, and watched the sun go orange behind "
     "the hills."),
    ("Chapter 4: A Letter in the Mud",
     "The next day Pip found tracks in the riverbank mud: little hand-shaped prints, and beside them, pressed in the mud, "
     "the round mark of a button, with the shape of a star in the middle. 'Raccoon,' said Pip. She knew those hands. "
     "The tracks led up the bank to the old oak tree. Pip was a river animal and the oak was far from the water, but "
     "she took a deep breath and followed them, one paw after another, until the grass grew tall and the river sounded "
     "far away."),
    ("Chapter 5: Rosalind's Treasure Box",
     "Rosalind the raccoon was sitting under the oak, holding the blue button up to the light. 'It's the most beautiful "
     "thing I've ever found,' she said, before Pip could say anything at all. Pip opened her mouth and closed it. "
     "Rosalind showed her a box full of shiny things: a spoon, a bit of green glass, a key to nothing. 'I've never had "
     "a blue one,' she said. Pip looked at the button and then at Rosalind's happy face, and she didn't know what to "
     "say yet. So she sat down beside her, and together they watched the fireflies come out."),
    ("Chapter 6: What Pip Decided",
     "That night Pip couldn't fall asleep. She counted her forty buttons, and her pebble, and her bottle cap. 'A "
     "collection is for looking at,' she thought, 'but a friend is for sharing with.' In the morning she brought "
     "Rosalind a present: the pebble with the stripe. 'Let's trade,' said Pip. 'Or,' said Rosalind slowly, 'we could "
     "keep them together. Half the time in your log, half the time in my box.' Pip had never thought of that."),
    ("Chapter 7: The Button Museum",
     "So they made a museum. Benny built shelves out of driftwood, Mrs. Heron stood guard (on one leg, of course), and "
     "the frogs were the first visitors. Every button had a little sign scratched on bark: 'Red button, found by Pip, "
     "spring.' 'Green glass, found by Rosalind, very shiny.' The blue button with the white star sat in the middle, on "
     "a leaf, where everyone could see it."),
    ("Chapter 8: Goodnight, River",
     "When the visitors had gone home, Pip and Rosalind sat on the bank with their feet in the cool water. 'How many "
     "things do we have now?' asked Rosalind. Pip started to count, and then stopped. 'Enough,' she said, and smiled. "
     "The moon came up over the river, round and unbothered, and the two friends said goodnight and went home to sleep. "
     "The End."),
]


def story_runaway_same(shape):
    s = Sess("childrens_story_writer", "continue_same_chapter", "runaway", shape, STORY_SYS, max_tokens=900, user="u-parent-kim")
    s.user("Can you write a bedtime story for my 5-year-old about an otter who collects buttons? One chapter per night-ish, I'll say continue.", 0)
    for k in range(3):
        s.say(OTTER_CHAPTERS[k][0] + "\n\n" + OTTER_CHAPTERS[k][1] + "\n\nShall I continue?")
        s.user("continue", 70 + k * 9)
    stuck = OTTER_CHAPTERS[3][0] + "\n\n" + OTTER_CHAPTERS[3][1] + "\n\nShall I continue?"
    users = ["continue", "continue please", "that's the same chapter again — continue", "continue", "next chapter please",
             "you keep repeating chapter 4. continue the story", "continue", "continue", "continue", "hello? continue"]
    for k, u in enumerate(users):
        s.say(stuck)
        s.user(u, 40 + k * 5)
    s.expect(6, 10)
    s.notes = ("After three good chapters, every 'continue' is answered with the very same Chapter 4. Turn 5 carries "
               "chapter 4 once; the first repeat is in turn 6.")
    return s


def story_runaway_paraphrase(shape):
    s = Sess("childrens_story_writer", "still_too_scary", "runaway", shape, STORY_SYS, max_tokens=900, user="u-parent-omar")
    s.user("Story for my 4-year-old, Lina: a little dragon who is afraid of the dark. Short please.", 0)
    s.say("Chapter 1: Ember and the Dark Cave\n\nEmber was a small purple dragon who lived in a cave at the top of the "
          "mountain. At night the cave grew very dark, and the dark made strange shapes on the walls — a long shadow like "
          "a claw, a round one like a giant eye. Ember pulled her wings over her head and shivered until morning.")
    s.user("Lina got scared by the claw and the giant eye. Can you make it less scary?", 180)
    versions = [
        "Ember was a little purple dragon who lived in a cave high on the mountain. When night came the cave became dark, "
        "and the shadows looked like a reaching claw and a big staring eye. Ember hid under her wings and trembled until dawn.",
        "In a cave on the top of a mountain lived Ember, a tiny purple dragon. At night it got so dark that the shadows "
        "turned into shapes — something like a claw, something like an enormous eye. Ember covered her head with her "
        "wings and shook all night.",
        "Ember, a small purple dragon, had a cave on the mountaintop. Every night darkness filled it, and on the walls she "
        "saw a shadow shaped like a claw and another like a giant watching eye. She hid beneath her wings, shivering till morning.",
        "High on a mountain, in a cave, lived a little purple dragon called Ember. When it was dark, shadows on the walls "
        "looked like a grabbing claw and a huge eye. Ember tucked her head under her wings and shivered the whole night.",
        "Ember the little purple dragon lived in a mountain cave. At night, dark shadows appeared: one like a claw, one "
        "like a great big eye. Ember hid under her wings, trembling until the sun came up.",
    ]
    users = ["Still scary — she doesn't like the claw and the eye. Please make it softer.",
             "It's basically the same. No claw, no eye please.", "Still has the claw and the eye...",
             "Please just remove the scary shadows.", "same thing again. less scary please"]
    for k in range(10):
        s.say("Here's a gentler version:\n\n" + versions[k % 5])
        s.user(users[k % 5], 60 + 15 * k)
    s.expect(4, 8)
    s.notes = ("Each 'less scary' request gets the same opening reworded, keeping the claw and the eye. Paraphrased "
               "repetition of one failed attempt, no tools.")
    return s


def story_healthy_continue(shape):
    s = Sess("childrens_story_writer", "continue_new_chapters", "healthy", shape, STORY_SYS, max_tokens=900, user="u-parent-kim")
    s.user("Can you write a bedtime story for my 5-year-old about an otter who collects buttons? One chapter at a time, I'll say continue.", 0)
    for k, (title, body) in enumerate(OTTER_CHAPTERS):
        s.say(title + "\n\n" + body + ("\n\nShall I continue?" if k < 7 else ""))
        s.user(["continue", "continue", "continue!", "she loved that one. continue", "continue", "continue",
                "continue", "Lovely. Could you give me a one-line summary for the back cover?"][k], 65 + 13 * k)
    s.notes = "'continue' answered by a new chapter each time, all with the same chapter template, then a different request."
    return s


def story_healthy_slow(shape):
    s = Sess("childrens_story_writer", "slow_parent_edits", "healthy", shape, STORY_SYS, max_tokens=700, user="u-parent-ines")
    base = ("The Lighthouse Cat\n\nAt the very end of the harbour stood a white lighthouse, and in the lighthouse lived a "
            "cat named Biscuit. Every evening, when the keeper lit the great lamp, Biscuit sat in the window and watched "
            "the boats come home. She counted them: the red fishing boat, the blue ferry, the little yellow sailboat that "
            "always came last.")
    edits = [("Can the cat be orange? My son's cat is orange.", "a cat named Biscuit", "an orange cat named Biscuit"),
             ("Nice. Maybe the yellow sailboat is called Sunny?", "the little yellow sailboat", "Sunny, the little yellow sailboat,"),
             ("He asked why Sunny always comes last.", "always came last.", "always came last, because Sunny liked to say goodnight to every seagull on the way."),
             ("Add a line where the keeper says goodnight to Biscuit.", "always came last, because", "always came last, because"),
             ("Could the ending be them both falling asleep?", "", ""),
             ("Perfect. Last one: change 'great lamp' to 'big bright lamp' — he doesn't know 'great' that way.", "great lamp", "big bright lamp")]
    text = base
    s.user("Short bedtime story about a cat who lives in a lighthouse, please. About 100 words.", 0)
    s.say(text)
    gaps = [1900, 3100, 2400, 3500, 1500, 2800]
    for k, (req, a, b) in enumerate(edits):
        s.user(req, gaps[k])
        if k == 3:
            text = text + "\n\n\"Goodnight, Biscuit,\" said the keeper, scratching her ears. \"Goodnight, boats.\""
        elif k == 4:
            text = text + "\n\nWhen Sunny was safe in the harbour, Biscuit yawned a big cat yawn. The keeper yawned too. And there, under the slow turning light, they both fell fast asleep."
        else:
            text = text.replace(a, b, 1)
        s.say("Here's the updated story:\n\n" + text)
    s.user("Thank you, he's asleep already :)", 2200)
    s.notes = ("A parent replying every 25-60 minutes with small edits; each answer resends the whole story with a small "
               "diff. Iterative refinement, slow human.")
    return s

