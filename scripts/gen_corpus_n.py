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
        missing = missing[1:]
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
    s.notes = ("A stateless review app resends the same ~25 KB email thread with a different question each turn; no "
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


# ======================================================================================
# style: chip_verification_sim
# ======================================================================================
CHIP_TOOLS = {
    "run_sim": ("Run one UVM test on the RTL (Xcelium).", {"test": ("string", "test name"), "seed": ("integer", "random seed")}),
    "read_log": ("Read part of a simulation log or waveform summary.", {"path": ("string", "log path"), "grep": ("string", "filter")}),
    "edit_file": ("Apply a unified diff to a testbench or RTL file.", {"path": ("string", "file"), "patch": ("string", "unified diff")}),
    "regression_status": ("Status of a regression run.", {"run_id": ("string", "run id")}),
}
CHIP_SYS = ("You are a verification engineer agent on the 'orca' DMA block (AXI4 master, 4 channels, 64-deep read FIFO). "
            "Testbench is UVM under tb/. Do not modify rtl/ without asking. Keep patches minimal.")


def sim_result(test, seed, ok, assertion=None, at=None, wall=0):
    head = (f"xrun(64): 23.09-s004: (c) Copyright 1995-2025 Cadence Design Systems, Inc.\n"
            f"TOOL:\txrun(64)\t23.09-s004: Started on Dec 07, 2026 at {ts(10, 0, wall)}\n"
            f"xrun: *W,BADPRF: The -linedebug option may have an adverse performance impact.\n"
            f"UVM_INFO @ 0: reporter [RNTST] Running test {test}...\n"
            f"UVM_INFO /proj/orca/tb/env/orca_env.sv(88) @ 0: uvm_test_top.env [CFG] channels=4 fifo_depth=64 seed={seed}\n")
    if ok:
        return head + ("UVM_INFO @ 912340 ns: uvm_test_top.env.sb [SB] 4096 transfers compared, 0 mismatches\n"
                       "--- UVM Report Summary ---\nUVM_ERROR :    0\nUVM_FATAL :    0\nTEST PASSED\n")
    return head + (f"xmsim: *E,ASRTST (/proj/orca/tb/sva/orca_fifo_sva.sv,41): (time {at} NS) Assertion "
                   f"orca_tb.u_dut.u_rfifo.{assertion} has failed\n"
                   f"UVM_ERROR /proj/orca/tb/env/orca_sb.sv(133) @ {at} ns: uvm_test_top.env.sb [SB] data mismatch ch2 addr 0x0004_1F80\n"
                   "--- UVM Report Summary ---\nUVM_ERROR :    1\nUVM_FATAL :    0\nTEST FAILED\n")


def chip_runaway_alternate(shape):
    s = Sess("chip_verification_sim", "flipflop_patch", "runaway", shape, CHIP_SYS, CHIP_TOOLS, max_tokens=1500, user="u-dv-hana")
    s.user("orca_burst_backpressure_test fails on seed 1337 since yesterday's testbench merge. Fix the testbench.", 0)
    s.call("run_sim", {"test": "orca_burst_backpressure_test", "seed": 1337},
           sim_result("orca_burst_backpressure_test", 1337, False, "a_no_overflow", 48210, 3), 95)
    s.call("read_log", {"path": "sim/orca_burst_backpressure_test_1337/waves.summary", "grep": "rfifo"},
           "t=48170ns rfifo.count=63 rready=1 rvalid=1\nt=48190ns rfifo.count=64 rready=0 rvalid=1\n"
           "t=48200ns rfifo.count=64 rready=0 rvalid=1 (push while full)\nt=48210ns ASSERT a_no_overflow FAIL", 8)
    pa = ("--- a/tb/agents/axi_slave_drv.sv\n+++ b/tb/agents/axi_slave_drv.sv\n@@ -212,7 +212,7 @@\n"
          "-      repeat (cfg.rready_delay) @(posedge vif.clk);\n+      repeat (cfg.rready_delay + 1) @(posedge vif.clk);\n")
    pb = ("--- a/tb/agents/axi_slave_drv.sv\n+++ b/tb/agents/axi_slave_drv.sv\n@@ -212,7 +212,7 @@\n"
          "-      repeat (cfg.rready_delay + 1) @(posedge vif.clk);\n+      repeat (cfg.rready_delay) @(posedge vif.clk);\n"
          "@@ -230,3 +230,4 @@\n+      vif.rready <= 1'b1;\n")
    ta = ["The FIFO is pushed while full because the slave driver drops rready too late. Adding one cycle of delay.",
          "That didn't help. Going back to the original delay but forcing rready high after the burst instead.",
          "Same overflow. Re-adding the extra delay cycle.", "Still failing. Reverting the delay and asserting rready after the burst.",
          "Trying the extra cycle again.", "Switching back to the rready-after-burst approach."]
    for k in range(8):
        patch = pa if k % 2 == 0 else pb
        s.call("edit_file", {"path": "tb/agents/axi_slave_drv.sv", "patch": patch}, {"applied": True, "hunks": 1 + k % 2}, 20,
               ta[k % 6])
        s.call("run_sim", {"test": "orca_burst_backpressure_test", "seed": 1337},
               sim_result("orca_burst_backpressure_test", 1337, False, "a_no_overflow", 48210, 100 + k * 7), 95)
    s.expect(7, 13)
    s.notes = ("Two patches applied alternately (A, B, A, B…), every simulation failing with the same assertion at the "
               "same time. The second failing attempt (turn 7) makes it a loop.")
    return s


def long_sim_log(run, seed):
    r = random.Random(run * 31 + seed)
    out = [f"[regress] orca_full_regress attempt {run} seed={seed} host=sim-{r.randint(10, 99)}.dv.lan license=xcelium-{r.randint(1, 40)}"]
    t = 0
    seqs = ["axi_single_seq", "axi_burst_seq", "desc_chain_seq", "irq_coalesce_seq", "ch_arb_seq", "err_inject_seq"]
    for k in range(70):
        t += r.randint(5000, 20000)
        sq = seqs[k % 6]
        out.append(f"UVM_INFO /proj/orca/tb/seq/{sq}.sv({r.randint(40, 300)}) @ {t} ns: uvm_test_top.env.vseqr@@{sq} "
                   f"[SEQ] item {k} ch{r.randint(0, 3)} len={r.choice([1, 4, 8, 16])} addr=0x{r.randint(0, 1 << 24):06X}")
    out.append("UVM_INFO @ 1204330 ns: uvm_test_top [PHASE] main_phase: starting mem_stress_vseq (step 7/9)")
    out.append("xmsim: *F,SIGUSR: Unix signal SIGSEGV detected in DPI function 'mem_read_burst' (tb/dpi/mem_model.c:214)")
    out.append("UVM_FATAL @ 1204330 ns: reporter [DPI] dpi_mem_model.so crashed in mem_read_burst(ptr=0x0, len=4096)")
    out.append(f"[regress] attempt {run} aborted at step 7/9 after {r.randint(14, 19)}m{r.randint(0, 59):02d}s")
    return "\n".join(out)


def chip_runaway_restart(shape):
    s = Sess("chip_verification_sim", "restart_same_step", "runaway", shape, CHIP_SYS, CHIP_TOOLS, max_tokens=1500, user="u-dv-ops")
    s.user("Nightly orca_full_regress died. Get it green before the tape-out review; restart it if it's flaky.", 0)
    seeds = [88211, 90412, 11873, 55021, 73310, 20007, 64419, 39902, 47781, 10293, 88812, 31337, 70700]
    txt = ["Restarting the regression with a fresh seed; this looks like a flaky host.",
           "Crashed again. Probably the host; restarting with another seed.", "Restarting once more.",
           "Another crash on a different host. Retrying with a new seed.", "Restarting.", "Trying again with a new seed.",
           "Restarting the regression.", "Retrying.", "New seed, restarting.", "Restarting again.", "Retrying once more.",
           "Restarting with a new seed.", "Restart."]
    for k, sd in enumerate(seeds):
        s.call("run_sim", {"test": "orca_full_regress", "seed": sd}, long_sim_log(k + 1, sd), 1100, txt[k])
    s.expect(4, 9)
    s.notes = ("Each restart produces a long, different log (new seed, host, addresses) but dies at the same step 7/9 with "
               "the same DPI null-pointer crash; the agent keeps restarting. The second crash (turn 3) is the first "
               "repeat, the third (turn 4) makes the restart loop unmistakable.")
    return s


def chip_healthy_fix(shape):
    s = Sess("chip_verification_sim", "different_failures_then_pass", "healthy", shape, CHIP_SYS, CHIP_TOOLS, max_tokens=1500, user="u-dv-hana")
    s.user("New test orca_desc_chain_test is red. Please get it passing; it's a testbench issue, the RTL was signed off.", 0)
    fails = [("a_desc_aligned", 1020), ("a_no_overflow", 33410), ("a_irq_after_last", 401880), ("a_len_nonzero", 612300)]
    fixes = ["tb/seq/desc_chain_seq.sv: descriptor base address was not 64-byte aligned; constraining addr[5:0]==0.",
             "tb/agents/axi_slave_drv.sv: rready delay knob defaulted to 0 in the new config; setting the documented default of 2.",
             "tb/env/orca_sb.sv: scoreboard expected the IRQ after each descriptor; spec says after the last one with IOC=1.",
             "tb/seq/desc_chain_seq.sv: randomization allowed len=0 for the terminator descriptor; adding len>0 constraint."]
    for k, (a, t) in enumerate(fails):
        s.call("run_sim", {"test": "orca_desc_chain_test", "seed": 4242},
               sim_result("orca_desc_chain_test", 4242, False, a, t, 5 + k * 200), 90,
               None if k == 0 else "Re-running after the fix.")
        s.call("edit_file", {"path": fixes[k].split(":")[0], "patch": f"--- a/{fixes[k].split(':')[0]}\n+++ b/{fixes[k].split(':')[0]}\n@@ -{40 + k * 17},3 +{40 + k * 17},4 @@\n+  // fix {k + 1}: {fixes[k].split(': ')[1]}\n"},
               {"applied": True}, 25, f"New failure: {a} at {t} ns. Cause: {fixes[k]}")
    s.call("run_sim", {"test": "orca_desc_chain_test", "seed": 4242}, sim_result("orca_desc_chain_test", 4242, True, wall=900), 90, "Re-running.")
    for sd in (1, 77, 9001):
        s.call("run_sim", {"test": "orca_desc_chain_test", "seed": sd}, sim_result("orca_desc_chain_test", sd, True, wall=1000 + sd % 500), 90,
               f"Passing on 4242. Checking seed {sd} too.")
    s.say("orca_desc_chain_test passes on seeds 4242, 1, 77, 9001. Four testbench fixes, each for a different failure.")
    s.user("Great, open an MR.", 300)
    s.notes = "Four runs fail with four different assertions at different times, each fixed in turn; then passes on several seeds."
    return s


def chip_healthy_regress(shape):
    s = Sess("chip_verification_sim", "regression_progress", "healthy", shape, CHIP_SYS, CHIP_TOOLS, user="u-dv-lead")
    s.user("Regression R-1207-N (1,240 tests) was launched. Poll it and report the failure buckets once done.", 0)
    steps = [(0, 0, 0, 1240), (96, 2, 180, 962), (301, 5, 220, 714), (544, 9, 220, 467), (790, 11, 220, 219), (1003, 14, 210, 13),
             (1201, 16, 23, 0), (1222, 18, 0, 0)]
    for k, (p, f, run, q) in enumerate(steps):
        done = run == 0 and q == 0
        out = {"run_id": "R-1207-N", "state": "done" if done else "running", "passed": p, "failed": f, "running": run,
               "queued": q, "farm": "lsf:dv_q", "started": "2026-12-07T01:00:12Z"}
        if done:
            out["buckets"] = {"UVM_ERROR orca_sb.sv(133) data mismatch": 11, "a_irq_after_last": 4, "timeout 2ms": 3}
        s.call("regression_status", {"run_id": "R-1207-N"}, out, 5 if k == 0 else 900,
               "Polling." if k == 0 else f"{p} passed, {f} failed so far. Checking again in 15 min.")
    s.call("read_log", {"path": "regress/R-1207-N/buckets/timeout_2ms.txt", "grep": "test"},
           "orca_ch_arb_test seed 5531\norca_ch_arb_test seed 90\norca_irq_coalesce_test seed 777", 10, "Looking at the timeout bucket.")
    s.say("R-1207-N done: 1222 pass, 18 fail in 3 buckets. The 3 timeouts are all arbitration/IRQ tests.")
    s.user("Thanks. File bugs for the mismatch bucket.", 700)
    s.notes = "A regression poller: passed/failed/running/queued counts move every 15 minutes until done."
    return s


# ======================================================================================
# style: event_ticketing_support
# ======================================================================================
TIX_TOOLS = {
    "get_order": ("Look up a ticket order.", {"order_id": ("string", "order")}),
    "check_refund": ("Check refund eligibility for an order.", {"order_id": ("string", "order")}),
    "issue_refund": ("Issue a refund to the original payment method.", {"order_id": ("string", "order"), "amount_cents": ("integer", "amount")}),
    "refund_status": ("Status of a refund.", {"refund_id": ("string", "refund")}),
    "seat_map": ("Available seats in a section.", {"event_id": ("string", "event"), "section": ("string", "section")}),
    "transfer_seats": ("Move an order to other seats or another holder.", {"order_id": ("string", "order"), "seats": ("array", "seat ids")}),
    "cancel_listing": ("Cancel a resale listing.", {"listing_id": ("string", "listing")}),
}
TIX_SYS = ("You are a support agent for Stagefront Tickets. Policy: refunds allowed up to 7 days before the event or if "
           "the event is rescheduled; fees are non-refundable unless cancelled. Seat moves within the same price level are free. "
           "Always confirm amounts with the customer before refunding.")


def tix_runaway_cycle(shape):
    s = Sess("event_ticketing_support", "refund_cycle4", "runaway", shape, TIX_SYS, TIX_TOOLS, user="u-support-bot")
    s.user("Hi, order SF-2093318 for the Lake Street Dive show on Dec 20 — it was rescheduled to March and I can't go. "
           "Refund please. — Grace Liu", 0)
    for rnd in range(5):
        s.call("get_order", {"order_id": "SF-2093318"},
               {"order_id": "SF-2093318", "event": "Lake Street Dive — The Fillmore", "status": "RESCHEDULED",
                "tickets": 2, "total_cents": 18650, "fees_cents": 2650, "last_viewed": f"2026-12-07T15:{10 + rnd * 2:02d}:0{rnd}Z"},
               8, "Looking up the order." if rnd == 0 else "Let me re-check the order.")
        s.call("check_refund", {"order_id": "SF-2093318"}, {"eligible": True, "reason": "EVENT_RESCHEDULED", "max_cents": 18650}, 5)
        s.call("issue_refund", {"order_id": "SF-2093318", "amount_cents": 18650},
               {"error": "REFUND_IN_PROGRESS", "refund_id": "RF-771204", "http_status": 409,
                "attempt": rnd + 2}, 6, "Eligible (rescheduled). Issuing the full refund.", err=True)
        s.call("refund_status", {"refund_id": "RF-771204"},
               {"refund_id": "RF-771204", "state": "PENDING_PROCESSOR", "updated_at": f"2026-12-07T15:{11 + rnd * 2:02d}:{rnd * 9:02d}Z",
                "processor_polls": 14 + rnd * 3}, 7, "A refund already exists; checking its state.")
    s.expect(6, 13)
    s.notes = ("get_order -> check_refund -> issue_refund (409 already in progress) -> refund_status (pending), a period-4 "
               "cycle whose outputs tick (timestamps, attempt and poll counters). Second round starts at turn 6.")
    return s


def tix_runaway_relist(shape):
    s = Sess("event_ticketing_support", "relisted_each_time", "runaway", shape, TIX_SYS, TIX_TOOLS, user="u-support-bot")
    s.user("I want to move my 2 seats for Hamilton (order SF-1188042) from section 204 to 110 — same price level. I had them "
           "on resale but I changed my mind. — Ahmed", 0)
    s.call("get_order", {"order_id": "SF-1188042"}, {"order_id": "SF-1188042", "seats": ["204-F-11", "204-F-12"], "price_level": "PL2",
                                                     "resale_listing": "L-55001"}, 7)
    s.call("seat_map", {"event_id": "HAM-0412", "section": "110"}, {"available": ["110-K-3", "110-K-4", "110-K-5"], "price_level": "PL2"}, 6)
    for k in range(8):
        lid = f"L-{55001 + k * 13}"
        s.call("cancel_listing", {"listing_id": lid}, {"ok": True, "listing_id": lid, "state": "CANCELLED"}, 6,
               "The seats are on a resale listing; cancelling it first." if k == 0 else f"Locked by listing {lid}; cancelling it.")
        s.call("transfer_seats", {"order_id": "SF-1188042", "seats": ["110-K-3", "110-K-4"]},
               {"error": "SEATS_LOCKED", "message": f"Order has an active resale listing L-{55001 + (k + 1) * 13} (auto-relist enabled)"},
               8, "Now moving the seats.", err=True)
    s.expect(7, 12)
    s.notes = ("cancel listing -> transfer fails because auto-relist created a new listing -> cancel that one…; a period-2 "
               "cycle whose listing id changes every round. Second round (turn 6-7) makes it a loop.")
    return s


def tix_healthy_backoff(shape):
    s = Sess("event_ticketing_support", "backoff_then_ok", "healthy", shape, TIX_SYS, TIX_TOOLS, user="u-support-bot")
    s.user("My Dec 12 Khruangbin show was CANCELLED. Order SF-3310927. I want my money back including fees. — Bea", 0)
    s.call("get_order", {"order_id": "SF-3310927"}, {"status": "CANCELLED", "total_cents": 24400, "fees_cents": 3400, "tickets": 2}, 7)
    s.call("check_refund", {"order_id": "SF-3310927"}, {"eligible": True, "reason": "EVENT_CANCELLED", "max_cents": 24400, "fees_refundable": True}, 5)
    s.say("The event was cancelled, so you're eligible for the full $244.00 including fees. Shall I refund it to your card?")
    s.user("Yes please.", 95)
    outs = [({"error": "rate_limited", "http_status": 429, "retry_after_s": 20}, 20), ({"error": "rate_limited", "http_status": 429, "retry_after_s": 40}, 40),
            ({"error": "service_unavailable", "http_status": 503, "message": "payment processor maintenance"}, 80),
            ({"error": "service_unavailable", "http_status": 503, "message": "payment processor maintenance"}, 160),
            ({"refund_id": "RF-902211", "state": "SUBMITTED", "amount_cents": 24400}, 4)]
    txt = ["Issuing the refund.", "Rate limited; retrying after the 20 s the processor asked for.",
           "Rate limited again; waiting 40 s.", "Processor maintenance (503). Backing off 80 s.", "Still 503; backing off 160 s."]
    delay = 6
    for k, (o, nxt) in enumerate(outs):
        s.call("issue_refund", {"order_id": "SF-3310927", "amount_cents": 24400}, o, delay, txt[k], err="error" in o)
        delay = nxt
    s.call("refund_status", {"refund_id": "RF-902211"}, {"state": "APPROVED", "eta_business_days": 5}, 30, "Submitted. Checking it was approved.")
    s.say("Done — refund RF-902211 for $244.00 is approved; it will appear on your card within 5 business days.")
    s.user("Thank you!", 120)
    s.notes = "429 then 503 retried with growing backoff (honouring retry-after), then the refund succeeds."
    return s


def tix_healthy_revisit(shape):
    s = Sess("event_ticketing_support", "seat_shopping_revisits", "healthy", shape, TIX_SYS, TIX_TOOLS, user="u-support-bot")
    s.user("Can I move order SF-4401120 (4 seats, Nutcracker Dec 21 matinee) so we sit together? Right now it's 2+2.", 0)
    s.call("get_order", {"order_id": "SF-4401120"}, {"seats": ["ORCH-L-7", "ORCH-L-8", "ORCH-M-7", "ORCH-M-8"], "price_level": "PL1"}, 7)
    maps = [("ORCH", ["ORCH-R-1", "ORCH-R-2", "ORCH-R-3", "ORCH-R-4", "ORCH-T-20"]), ("MEZZ", ["MEZZ-B-10", "MEZZ-B-11", "MEZZ-B-12", "MEZZ-B-13"]),
            ("ORCH", ["ORCH-R-2", "ORCH-R-3", "ORCH-R-4", "ORCH-T-20"]), ("BOX", ["BOX-C-1", "BOX-C-2", "BOX-C-3", "BOX-C-4"]),
            ("ORCH", ["ORCH-R-2", "ORCH-R-3", "ORCH-R-4", "ORCH-R-5", "ORCH-T-20"])]
    asks = ["Row R is quite far back. What about the mezzanine?", "Hmm, is the mezz the same price? Actually check orchestra again, maybe something opened up.",
            "Not 4 together anymore? What about the boxes?", "Boxes are PL0, too pricey. One last look at orchestra?"]
    for k, (sec, av) in enumerate(maps):
        s.call("seat_map", {"event_id": "NUT-1221M", "section": sec},
               {"section": sec, "available": av, "price_level": {"ORCH": "PL1", "MEZZ": "PL1", "BOX": "PL0"}[sec],
                "held_by_others": 3 - k % 3}, 6)
        four = [a for a in av if a.startswith(sec + "-R") or sec != "ORCH"][:4]
        s.say(f"Section {sec}: {len(av)} seats free" + (f"; 4 together: {', '.join(four)}." if len(four) == 4 else "; no block of 4 together.")
              + f" Price level {'same (free move)' if sec != 'BOX' else 'higher (PL0)'}.")
        if k < 4:
            s.user(asks[k], 60 + 40 * k)
    s.user("R-2 to R-5 works. Move us please.", 90)
    s.call("transfer_seats", {"order_id": "SF-4401120", "seats": ["ORCH-R-2", "ORCH-R-3", "ORCH-R-4", "ORCH-R-5"]},
           {"ok": True, "new_tickets_sent_to": "account email"}, 8)
    s.say("Moved: ORCH R-2 to R-5, no charge. New tickets are in your account.")
    s.user("Perfect, thanks!", 60)
    s.notes = ("The customer legitimately revisits the orchestra seat map three times while availability changes; "
               "answers follow one template with different content.")
    return s


# ======================================================================================
# style: irrigation_controller
# ======================================================================================
IRR_TOOLS = {
    "read_sensors": ("Read soil moisture / flow for a zone (or 'all').", {"zone": ("string", "zone id or all")}),
    "forecast": ("Weather forecast for the site.", {"hours": ("integer", "horizon")}),
    "valve_command": ("Open/close a zone valve or schedule a run.", {"zone": ("string", "zone"), "action": ("string", "open|close|schedule"),
                                                                     "minutes": ("integer", "duration")}),
    "controller_status": ("Controller health: pump, master valve, faults.", {"site": ("string", "site id")}),
}
IRR_SYS = ("You run irrigation for Vista Hills Vineyard (site VH-1, 8 zones, drip). Target volumetric soil moisture 22-30%. "
           "Skip irrigation if >5 mm rain is forecast within 24 h. Max 45 minutes per zone per run. Water between 04:00 and 08:00.")


def irr_runaway_cycle2(shape):
    s = Sess("irrigation_controller", "open_read_cycle2", "runaway", shape, IRR_SYS, IRR_TOOLS, user="u-farm-luis")
    s.user("Zone 4 (old Syrah block) looks stressed. Bring it into range this morning.", 0)
    s.call("read_sensors", {"zone": "all"}, {z: {"vwc_pct": v} for z, v in zip(["z1", "z2", "z3", "z4", "z5", "z6", "z7", "z8"],
                                                                                    [24.1, 26.8, 23.0, 18.1, 25.5, 27.2, 22.9, 24.4])}, 8)
    s.call("forecast", {"hours": 24}, {"rain_mm_24h": 0.0, "max_temp_c": 31, "et0_mm": 5.8}, 5, "Z4 at 18.1%. Checking the forecast.")
    for k in range(8):
        s.call("valve_command", {"zone": "z4", "action": "open", "minutes": 20},
               {"ack": True, "zone": "z4", "command_id": f"vc-{30120 + k}", "issued_at": ts(5, 2 + k * 5, k * 7)}, 6,
               "No rain. Opening zone 4 for 20 minutes." if k == 0 else "No change yet; opening zone 4 again.")
        s.call("read_sensors", {"zone": "z4"},
               {"z4": {"vwc_pct": [18.1, 18.2, 18.1, 18.1, 18.2, 18.1, 18.1, 18.2][k], "flow_lpm": 0.0, "pressure_kpa": 0,
                       "read_at": ts(5, 4 + k * 5, k * 11)}}, 300, "Reading zone 4 after the run.")
    s.expect(6, 12)
    s.notes = ("open valve -> read sensor (moisture flat, flow 0: a stuck valve), period-2 cycle with ticking command ids "
               "and timestamps. The agent never checks the controller. Second open (turn 6) starts the loop.")
    return s


def controller_log(lines_n):
    out = []
    for k in range(lines_n):
        t = ts(4, 0, k * 37)
        if k % 9 == 4:
            out.append(f"{t} VH-1 E42 MASTER VALVE OVERCURRENT (1.84 A > 1.50 A) — master valve disabled, all zones inhibited")
        elif k % 3 == 0:
            out.append(f"{t} VH-1 pump P1 state=ON pressure={310 + k % 7 * 3} kPa")
        elif k % 3 == 1:
            out.append(f"{t} VH-1 zone z{1 + k % 8} start request accepted, waiting on master valve")
        else:
            out.append(f"{t} VH-1 sensor bus poll ok ({8} probes, battery min 3.{k % 10} V)")
    return "\n".join(out)


def irr_runaway_log(shape):
    s = Sess("irrigation_controller", "growing_log_same_error", "runaway", shape,
             "You help farm staff troubleshoot their irrigation controllers. No tools; work from what they paste.", user="u-farm-tech")
    advice = ("E42 means the master valve solenoid is drawing too much current. Power-cycle the controller, then check the "
              "master valve solenoid wiring for a short; the coil should measure 20-60 ohms.")
    advice2 = ["The log still shows E42 master valve overcurrent. " + advice, "Same E42 fault. " + advice,
               "Again E42 (master valve overcurrent). " + advice, "E42 is still there — " + advice]
    s.user("Controller is throwing errors, nothing waters. Log:\n\n" + controller_log(40), 0)
    s.say(advice)
    for k in range(12):
        s.user(["Did that. Here's the log now:", "Power cycled again. Log:", "still broken, log:", "here's more log",
                "restarted it, log:"][k % 5] + "\n\n" + controller_log(40 + 15 * (k + 1)), 240 + 30 * k)
        s.say(advice2[k % 4])
    s.expect(3, 8)
    s.notes = ("A pasted controller log that grows every turn, always with the same E42 fault, and the same power-cycle "
               "advice each time. Growing pasted log with the same error, tool-less.")
    return s


def irr_healthy_monitor(shape):
    s = Sess("irrigation_controller", "hourly_all_green", "healthy", shape, IRR_SYS, IRR_TOOLS, max_tokens=600, user="u-scheduler")
    r = random.Random(9)
    vw = [26.4, 25.9, 25.1, 24.6, 23.8, 22.6, 21.7, 29.5]
    for h in range(8):
        hh = 1 + h
        s.user(f"[scheduler] hourly check {hh:02d}:00 site VH-1", 3600 if h else 0)
        st = {"site": "VH-1", "pump": "OFF" if h != 7 else "ON", "master_valve": "OK", "faults": [], "uptime_h": 412 + h,
              "board_temp_c": r.randint(11, 15)}
        s.calls([("controller_status", {"site": "VH-1"}, st, False),
                 ("read_sensors", {"zone": "z2"}, {"z2": {"vwc_pct": vw[h], "read_at": f"{hh:02d}:00:{r.randint(2, 40):02d}"}}, False)], 9)
        if h == 6:
            s.calls([("forecast", {"hours": 24}, {"rain_mm_24h": 0.4, "et0_mm": 5.1}, False)], 6,
                    "z2 dropped to 21.7%, below target. Checking forecast before watering.")
            s.calls([("valve_command", {"zone": "z2", "action": "schedule", "minutes": 30}, {"ack": True, "starts": "04:00"}, False)], 6,
                    "No rain expected. Scheduling z2 for 30 minutes at 04:00.")
        s.say(f"{hh:02d}:00 VH-1 — controller OK, no faults; z2 {vw[h]}% "
              + ("(in range)." if vw[h] >= 22 else "(below range, run scheduled 04:00).") + " Next check in 1 h.")
    s.notes = ("A scheduled monitoring bot: every hour the same template report with new timestamps and moisture values; "
               "once the value crosses the threshold it schedules a run.")
    return s


def irr_healthy_batch(shape):
    s = Sess("irrigation_controller", "zone_by_zone", "healthy", shape, IRR_SYS, IRR_TOOLS, user="u-farm-luis")
    s.user("Heat wave tomorrow. Go zone by zone: read, decide minutes, schedule. Tell me about any sensor problems.", 0)
    s.call("forecast", {"hours": 48}, {"rain_mm_24h": 0.0, "max_temp_c": [38, 39], "et0_mm": [7.4, 7.9]}, 6, "Forecast first.")
    vals = [(21.0, 3.1), (19.5, 2.7), (24.2, 3.3), (18.8, 2.6), (26.0, 3.2), (20.3, 2.8), (23.1, 3.0), (17.9, 3.4)]
    for k, (v, b) in enumerate(vals):
        z = f"z{k + 1}"
        s.call("read_sensors", {"zone": z}, {z: {"vwc_pct": v, "probe_battery_v": b, "read_at": ts(16, 10 + k, k * 3)}}, 5)
        mins = max(0, min(45, int((28 - v) * 5)))
        s.call("valve_command", {"zone": z, "action": "schedule", "minutes": mins}, {"ack": True, "starts": ts(4, 0, k * 45 * 60 % 14400)}, 5,
               f"{z}: {v}% → {mins} min." + (f" Probe battery low ({b} V) — same as other zones, replace soon." if b < 2.9 else ""))
    s.say("All 8 zones scheduled for 04:00-08:00. Low probe batteries on z2, z4, z6 (2.6–2.8 V).")
    s.user("Thanks, I'll swap the batteries on Thursday.", 400)
    s.notes = "A batch over 8 zones with the same procedure; the same low-battery warning recurs on three different zones."
    return s



# ======================================================================================
# the corpus: (builder, shape). All sessions are held out (see README).
# ======================================================================================
SESSIONS = [
    (dns_runaway_cycle, "responses"), (dns_runaway_auth, "chat"), (dns_healthy_poll, "chat"), (dns_healthy_boiler, "anthropic"),
    (mort_runaway_clarify, "anthropic"), (mort_runaway_renamed, "responses"), (mort_healthy_batch, "chat"), (mort_healthy_slow, "anthropic"),
    (wild_runaway_reserved, "chat"), (wild_runaway_exact, "responses"), (wild_healthy_batch, "anthropic"), (wild_healthy_job, "responses"),
    (ed_runaway_buried, "anthropic"), (ed_runaway_pingpong, "chat"), (ed_healthy_stateless, "responses"), (ed_healthy_pages, "chat"),
    (story_runaway_same, "chat"), (story_runaway_paraphrase, "anthropic"), (story_healthy_continue, "responses"), (story_healthy_slow, "chat"),
    (chip_runaway_alternate, "anthropic"), (chip_runaway_restart, "responses"), (chip_healthy_fix, "chat"), (chip_healthy_regress, "anthropic"),
    (tix_runaway_cycle, "chat"), (tix_runaway_relist, "anthropic"), (tix_healthy_backoff, "responses"), (tix_healthy_revisit, "responses"),
    (irr_runaway_cycle2, "responses"), (irr_runaway_log, "chat"), (irr_healthy_monitor, "anthropic"), (irr_healthy_batch, "chat"),
]


def history_of(d):
    r = d["request"]
    return r.get("messages") if "messages" in r else r.get("input")


def check_session(sess, d):
    validate(d)
    if not sess.stateless:
        for a, b in zip(d["turns"], d["turns"][1:]):
            ha, hb = history_of(a), history_of(b)
            need(len(hb) > len(ha) and hb[:len(ha) - 1] == ha[:-1], f"{d['name']}: history not resent")


def build():
    files = {}
    sessions = []
    for fn, shape in SESSIONS:
        s = fn(shape)
        d = s.to_json()
        check_session(s, d)
        sessions.append(d)
        files[os.path.join("heldout", d["name"] + ".json")] = json.dumps(d, indent=1, ensure_ascii=False) + "\n"
    files[os.path.join("tuning", ".gitkeep")] = ""
    ids = [d["headers"]["x-session-id"] for d in sessions]
    need(len(set(ids)) == len(ids), "session ids unique")
    shapes = {}
    for d in sessions:
        shapes[d["shape"]] = shapes.get(d["shape"], 0) + 1
    need(min(shapes.values()) >= 8 and len(shapes) == 3, f"shape counts {shapes}")
    per = {}
    for d in sessions:
        per.setdefault(d["style"], []).append(d["expected"]["outcome"])
    need(len(per) == 8 and all(sorted(v) == ["healthy", "healthy", "runaway", "runaway"] for v in per.values()), "2+2 per style")
    need(any("tools" not in d["turns"][0]["request"] for d in sessions), "some tool-less sessions")
    return files, sessions


def main():
    files, sessions = build()
    if "--check" in sys.argv[1:]:
        bad = []
        for rel, text in files.items():
            p = os.path.join(ROOT, rel)
            if not os.path.exists(p) or open(p, encoding="utf-8").read() != text:
                bad.append(rel)
        on_disk = set()
        for sub in ("tuning", "heldout"):
            for f in os.listdir(os.path.join(ROOT, sub)):
                on_disk.add(os.path.join(sub, f))
        extra = on_disk - set(files)
        for rel in sorted(on_disk):
            if rel.endswith(".json"):
                validate(json.load(open(os.path.join(ROOT, rel), encoding="utf-8")))
        if bad or extra:
            print("corpus_n differs from generator:", sorted(bad), "extra:", sorted(extra))
            return 1
        print(f"ok: {len(sessions)} sessions match the generator and validate")
        return 0
    for sub in ("tuning", "heldout"):
        os.makedirs(os.path.join(ROOT, sub), exist_ok=True)
        for f in os.listdir(os.path.join(ROOT, sub)):
            if f.endswith(".json"):
                os.remove(os.path.join(ROOT, sub, f))
    for rel, text in files.items():
        with open(os.path.join(ROOT, rel), "w", encoding="utf-8") as fh:
            fh.write(text)
    print(f"wrote {len(sessions)} sessions to {os.path.normpath(ROOT)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Invalid as e:
        print("invalid:", e)
        sys.exit(1)
