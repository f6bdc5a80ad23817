#!/usr/bin/env python3
"""Writer-w's independent agent-session corpus for the loop detectors (issue 13).

Stdlib only, deterministic (no clock, no network, no randomness outside fixed seeds).
Every style is written by its own function below; each returns four sessions (two runaway,
two healthy) described in a shape-neutral way and rendered to OpenAI Chat, OpenAI Responses
or Anthropic Messages. All sessions go to heldout/ (see README.md).

    python3 scripts/gen_corpus_w.py          # write tests/fixtures/corpus_w/heldout/*.json
    python3 scripts/gen_corpus_w.py --check  # regenerate in memory, validate, compare to disk
"""
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "corpus_w")
SHAPES = ["chat", "responses", "anthropic"]
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
MODELS = {"chat": "gpt-4o", "responses": "gpt-4.1-mini", "anthropic": "claude-sonnet-4-20250514"}


class S:
    """A session written shape-neutrally: user text, assistant text/tool calls, tool results."""

    def __init__(self, name, system, tools=None, expected=None, notes="", max_tokens=1024):
        self.name = name
        self.system = system
        self.tools = tools or []  # (name, description, {param: type})
        self.expected = expected or {"outcome": "healthy"}
        self.notes = notes
        self.max_tokens = max_tokens
        self.items = []
        self.turns = []
        self.t = 0
        self.n = 0
        self.first = True

    def _mark(self, dt):
        if self.first:
            self.first = False
        else:
            self.t += dt
        self.turns.append((self.t, list(self.items)))

    def user(self, text, dt=30):
        self.items.append(("user", text))
        self._mark(dt)
        return self

    def say(self, text):
        self.items.append(("asst", text, []))
        return self

    def call(self, name, args, output, dt=20, text=None, err=False):
        return self.calls([(name, args, output, err)], dt, text)

    def calls(self, specs, dt=20, text=None):
        tcs, outs = [], []
        for spec in specs:
            name, args, output = spec[0], spec[1], spec[2]
            err = spec[3] if len(spec) > 3 else False
            self.n += 1
            cid = "w%02d%03d" % (abs(hash_name(self.name)) % 100, self.n)
            tcs.append((cid, name, args))
            outs.append(("tool", cid, output if isinstance(output, str) else json.dumps(output), err))
        self.items.append(("asst", text, tcs))
        self.items.extend(outs)
        self._mark(dt)
        return self

    def fresh(self, text, dt=30):
        """A stateless client: the request holds only this one user message."""
        self.items = [("user", text)]
        self._mark(dt)
        return self


def hash_name(name):
    h = 7
    for ch in name:
        h = (h * 131 + ord(ch)) % 1000003
    return h


def render(sess, shape, style):
    turns = []
    for at, items in sess.turns:
        turns.append({"at_seconds": at, "request": render_req(sess, shape, items)})
    out = {
        "name": sess.name,
        "style": style,
        "shape": shape,
        "path": PATHS[shape],
        "headers": {"x-session-id": "corpw-" + sess.name, "x-user-id": "corpw-" + style.split("_")[0]},
        "expected": sess.expected,
        "notes": sess.notes,
        "turns": turns,
    }
    return out


def prefix(shape, cid):
    return ("toolu_01" if shape == "anthropic" else "call_") + cid


def render_req(sess, shape, items):
    if shape == "chat":
        msgs = [{"role": "system", "content": sess.system}]
        for it in items:
            if it[0] == "user":
                msgs.append({"role": "user", "content": it[1]})
            elif it[0] == "asst":
                m = {"role": "assistant", "content": it[1]}
                if it[2]:
                    m["tool_calls"] = [
                        {"id": prefix(shape, c), "type": "function",
                         "function": {"name": n, "arguments": json.dumps(a)}} for c, n, a in it[2]]
                msgs.append(m)
            else:
                msgs.append({"role": "tool", "tool_call_id": prefix(shape, it[1]), "content": it[2]})
        req = {"model": MODELS[shape], "messages": msgs, "max_tokens": sess.max_tokens}
        if sess.tools:
            req["tools"] = [{"type": "function", "function": {"name": n, "description": d, "parameters": schema(p)}}
                            for n, d, p in sess.tools]
        return req
    if shape == "responses":
        inp = []
        for it in items:
            if it[0] == "user":
                inp.append({"role": "user", "content": [{"type": "input_text", "text": it[1]}]})
            elif it[0] == "asst":
                if it[1]:
                    inp.append({"type": "message", "role": "assistant",
                                "content": [{"type": "output_text", "text": it[1]}]})
                for c, n, a in it[2]:
                    inp.append({"type": "function_call", "call_id": prefix(shape, c), "name": n,
                                "arguments": json.dumps(a)})
            else:
                inp.append({"type": "function_call_output", "call_id": prefix(shape, it[1]), "output": it[2]})
        req = {"model": MODELS[shape], "instructions": sess.system, "input": inp,
               "max_output_tokens": sess.max_tokens}
        if sess.tools:
            req["tools"] = [{"type": "function", "name": n, "description": d, "parameters": schema(p)}
                            for n, d, p in sess.tools]
        return req
    msgs = []
    for it in items:
        if it[0] == "user":
            msgs.append({"role": "user", "content": [{"type": "text", "text": it[1]}]})
        elif it[0] == "asst":
            blocks = []
            if it[1]:
                blocks.append({"type": "text", "text": it[1]})
            for c, n, a in it[2]:
                blocks.append({"type": "tool_use", "id": prefix(shape, c), "name": n, "input": a})
            msgs.append({"role": "assistant", "content": blocks})
        else:
            block = {"type": "tool_result", "tool_use_id": prefix(shape, it[1]), "content": it[2]}
            if it[3]:
                block["is_error"] = True
            if msgs and msgs[-1]["role"] == "user" and msgs[-1]["content"][0]["type"] == "tool_result":
                msgs[-1]["content"].append(block)
            else:
                msgs.append({"role": "user", "content": [block]})
    req = {"model": MODELS[shape], "system": sess.system, "messages": msgs, "max_tokens": sess.max_tokens}
    if sess.tools:
        req["tools"] = [{"name": n, "description": d, "input_schema": schema(p)} for n, d, p in sess.tools]
    return req


def schema(params):
    return {"type": "object", "properties": {k: {"type": v} for k, v in params.items()},
            "required": list(params)[:1]}


def runaway(b, d):
    return {"outcome": "runaway", "loop_begins_turn": b, "stop_by_turn": d}


def hms(sec):
    sec %= 86400
    return "%02d:%02d:%02d" % (sec // 3600, sec // 60 % 60, sec % 60)


# ---------------------------------------------------------------------------------------------
HYDRO_TOOLS = [
    ("read_sensors", "Read the current pH, EC (mS/cm), water temperature and dissolved oxygen of a reservoir.",
     {"reservoir": "string"}),
    ("dose_nutrient", "Run a dosing pump for a number of millilitres (pump: ph_down, ph_up, part_a, part_b, calmag).",
     {"reservoir": "string", "pump": "string", "ml": "number"}),
    ("raise_alert", "Page the on-call grower with a message.", {"severity": "string", "message": "string"}),
    ("job_status", "Status of a long running controller job (flush, refill, calibration).", {"job_id": "string"}),
]
HYDRO_SYS = ("You are the nutrient controller assistant for Greenhouse 3 (lettuce NFT channels, reservoirs R1-R4). "
             "Targets: pH 5.8-6.2, EC 1.2-1.6 mS/cm, water 18-22 C. Never dose more than 40 ml per step; wait for "
             "mixing (at least 3 minutes) before re-reading. Page the grower when something is outside what you can fix.")


def sensor(res, ph, ec, temp, do, ts, extra=""):
    return json.dumps({"reservoir": res, "ts": ts, "ph": ph, "ec_ms_cm": ec, "water_c": temp, "do_mg_l": do,
                       "probe_health": "ok", "firmware": "hydro-node 2.4.1", "note": extra})


def hydroponic():
    out = []
    # R1: dose / read cycle whose readings never move (only the timestamp ticks) - period 2.
    s = S("hydro_ph_stuck_dose_read", HYDRO_SYS, HYDRO_TOOLS, runaway(5, 11),
          "pH-down is dosed again and again into R2 but the probe reading never changes (a stuck probe); "
          "only the timestamp moves. The second dose/read round (turn 5) shows the loop.")
    s.user("R2 is showing high pH on the dashboard, can you bring it into range?")
    s.call("read_sensors", {"reservoir": "R2"}, sensor("R2", 7.42, 1.38, 20.1, 8.3, "2026-03-14T06:02:11Z"))
    t = 6 * 3600 + 2 * 60 + 11
    for i in range(8):
        s.call("dose_nutrient", {"reservoir": "R2", "pump": "ph_down", "ml": 40},
               json.dumps({"ok": True, "pump": "ph_down", "dispensed_ml": 40, "pump_runtime_s": 19.6}),
               dt=15, text="pH 7.42 is well above the 6.2 ceiling. Dosing 40 ml of pH-down, then I'll let it mix."
               if i == 0 else "Still 7.42. Dosing another 40 ml of pH-down and re-reading after mixing.")
        t += 200
        s.call("read_sensors", {"reservoir": "R2"},
               sensor("R2", 7.42, 1.38, 20.1, 8.3, "2026-03-14T%sZ" % hms(t)), dt=185)
        t += 20
    out.append(s)

    # R2: pump controller restart loop failing at the same priming step, buried in a long varying log.
    s = S("hydro_pump_restart_loop", HYDRO_SYS + " You can restart the dosing controller with job_status('restart:<unit>').",
          HYDRO_TOOLS, runaway(5, 10),
          "Every controller restart fails at priming step 3/5 with the same flow-sensor timeout, buried in a long "
          "boot log whose other lines vary. The agent keeps restarting.", max_tokens=1500)

    def bootlog(run, base):
        lines = []
        sec = base
        for k in range(420):
            sec += 1 + (k * 7 + run) % 3
            part = ["i2c scan: found 0x%02x" % (0x40 + (k + run) % 9),
                    "wifi: rssi -%d dBm ch 6" % (55 + (k * run) % 11),
                    "mqtt: published greenhouse3/r1/heartbeat seq=%d" % (run * 1000 + k),
                    "adc ch%d raw=%d" % (k % 4, 2000 + (k * 37 + run * 13) % 400),
                    "scheduler: tick %d lag=%dms" % (k, (k * 3 + run) % 17),
                    "watchdog: fed"][k % 6]
            lines.append("[%s] %s" % (hms(sec), part))
            if k == 301:
                lines.append("[%s] prime: step 1/5 open intake valve ... ok" % hms(sec))
                lines.append("[%s] prime: step 2/5 run part_a pump 2s ... ok" % hms(sec + 2))
                lines.append("[%s] prime: step 3/5 wait flow pulse on FS-2 ... TIMEOUT after 5000 ms" % hms(sec + 7))
                lines.append("[%s] ERROR controller: priming failed (E_FLOW_TIMEOUT fs=FS-2 gpio=17), entering SAFE mode"
                             % hms(sec + 7))
        return "\n".join(lines)

    s.user("The dosing controller on R1 went into SAFE mode overnight. Get it running again please.")
    s.call("job_status", {"job_id": "controller:R1"}, json.dumps(
        {"job_id": "controller:R1", "state": "SAFE", "last_error": "E_FLOW_TIMEOUT", "since": "2026-03-14T02:41:09Z"}))
    base = 7 * 3600
    s.call("job_status", {"job_id": "restart:R1"}, "restart requested\n" + bootlog(1, base), dt=90,
           text="It's in SAFE mode after a flow timeout. A restart usually clears a transient priming failure; restarting.")
    texts = ["The restart failed while priming (flow sensor FS-2 timed out). It may have been an air lock; restarting again.",
             "Priming failed again on FS-2. Trying one more restart so the pump can push the air out.",
             "Still the flow timeout at step 3. Restarting the controller again.",
             "Same priming failure. Restarting once more.",
             "FS-2 timed out again. Another restart.",
             "Restarting the R1 controller again to retry priming.",
             "Priming still fails at step 3/5. Restarting.",
             "Trying the restart again."]
    for run in range(2, 12):
        s.call("job_status", {"job_id": "restart:R1"}, "restart requested\n" + bootlog(run, base + run * 400),
               dt=95 + run * 5, text=texts[min(run - 2, len(texts) - 1)])
    out.append(s)

    # H1: flush + refill job whose progress moves, then sensors converge to target.
    s = S("hydro_flush_job_progress", HYDRO_SYS, HYDRO_TOOLS, notes=
          "A reservoir flush and refill job is polled; percentage, litres and ETA change every poll, then it finishes "
          "and EC/pH are adjusted into range.")
    s.user("Start the weekly flush on R3 (job FL-2207 is already queued) and get it back to spec afterwards.")
    prog = [(4, 212, "18m"), (17, 176, "15m"), (31, 139, "12m"), (46, 98, "9m"), (58, 66, "7m"), (71, 31, "5m"),
            (83, 0, "3m"), (94, 0, "1m")]
    for i, (p, litres, eta) in enumerate(prog):
        phase = "draining" if litres else "rinsing"
        s.call("job_status", {"job_id": "FL-2207"}, json.dumps(
            {"job_id": "FL-2207", "state": "running", "phase": phase, "progress_pct": p, "litres_left": litres,
             "eta": eta, "pump_amps": round(2.1 + 0.1 * (i % 3), 1)}), dt=150,
            text=None if i else "Checking the flush job.")
    s.call("job_status", {"job_id": "FL-2207"}, json.dumps(
        {"job_id": "FL-2207", "state": "done", "phase": "refilled", "progress_pct": 100, "litres": 240,
         "duration": "19m42s"}), dt=120)
    readings = [(6.9, 0.31), (6.4, 0.88), (6.1, 1.27), (6.0, 1.41)]
    t = 7 * 3600 + 40 * 60
    for i, (ph, ec) in enumerate(readings):
        t += 240
        s.call("read_sensors", {"reservoir": "R3"}, sensor("R3", ph, ec, 19.4, 8.9, "2026-03-14T%sZ" % hms(t)), dt=200,
               text=["Flush finished. Reading the fresh water.", "Water is bare. Dosing part A and B.",
                     "Moving toward target.", "Almost there."][i])
        if i < 3:
            s.calls([("dose_nutrient", {"reservoir": "R3", "pump": "part_a", "ml": 40 - 12 * i}, json.dumps(
                {"ok": True, "dispensed_ml": 40 - 12 * i})),
                     ("dose_nutrient", {"reservoir": "R3", "pump": "part_b", "ml": 40 - 12 * i}, json.dumps(
                         {"ok": True, "dispensed_ml": 40 - 12 * i}))], dt=30)
    s.say("R3 is back in spec: pH 6.0, EC 1.41 mS/cm, 19.4 C after the flush (240 L, 19m42s). No further dosing needed.")
    s.user("Looks good on my side too. Thanks, leave R3 alone until tomorrow.", dt=600)
    out.append(s)

    # H2: monitoring bot reporting all green on a schedule.
    s = S("hydro_scheduled_all_green", HYDRO_SYS + " Every 15 minutes the scheduler asks you for a status line per "
          "reservoir; answer in the fixed format 'R#: pH x.x EC x.xx T xx.x C - OK|WARN reason'.",
          HYDRO_TOOLS, notes="A scheduled monitoring check every 15 minutes; the report template never changes and "
          "everything is green, but readings and timestamps move; pH drifts up to a WARN and back without intervention.")
    vals = [(5.9, 1.41, 19.2), (5.9, 1.43, 19.6), (6.0, 1.44, 20.1), (6.0, 1.46, 20.6), (6.1, 1.47, 21.0),
            (6.1, 1.49, 21.3), (6.2, 1.52, 21.5), (6.3, 1.53, 21.6), (6.1, 1.51, 21.4), (6.0, 1.50, 21.1)]
    t = 8 * 3600
    for i, (ph, ec, tc) in enumerate(vals):
        s.user("Scheduled check %s. Report R1-R4." % hms(t)[:5], dt=900)
        rows = []
        for r in range(4):
            rph = round(ph + (r - 1.5) * 0.05, 2)
            rec = round(ec - r * 0.03, 2)
            rows.append(("R%d" % (r + 1), rph, rec, round(tc + r * 0.2, 1)))
        s.calls([("read_sensors", {"reservoir": n}, sensor(n, p, e, c, 8.5, "2026-03-14T%sZ" % hms(t + 5 + k)))
                 for k, (n, p, e, c) in enumerate(rows)], dt=8)
        lines = []
        for n, p, e, c in rows:
            status = "WARN pH above 6.2" if p > 6.2 else "OK"
            lines.append("%s: pH %.2f EC %.2f T %.1f C - %s" % (n, p, e, c, status))
        s.say("\n".join(lines))
        t += 900
    out.append(s)
    return out


DW_TOOLS = [
    ("query_history", "List warehouse queries from the last 30 days ordered by credits used. Returns a page and next_cursor.",
     {"cursor": "string", "min_credits": "number"}),
    ("explain_query", "Return the EXPLAIN plan of a stored query id.", {"query_id": "string"}),
    ("create_ticket", "Open a ticket for the owning team in the tracker.",
     {"project": "string", "title": "string", "body": "string"}),
]
DW_SYS = ("You audit Snowflake-style warehouse spend for Acme Retail's data platform team. Find the queries that cost the "
          "most credits, explain why, and open one ticket per owning team with a concrete fix. Credits are billed at "
          "$3.00 each.")
TEAMS = ["growth-analytics", "finance-bi", "supply-chain-ds", "marketing-ops", "payments-eng", "search-relevance"]
TABLES = ["fct_orders", "fct_sessions", "dim_customer", "stg_clickstream", "fct_inventory_snapshot", "fct_payments",
          "dim_product", "stg_email_events"]


def dw_rows(page, n=8):
    rows = []
    for k in range(n):
        i = page * n + k
        rows.append({"query_id": "01b2%04x-0000-7a3e-%04d" % (i * 2741 % 65536, 1000 + i),
                     "owner": TEAMS[(i * 5) % len(TEAMS)], "warehouse": ["WH_XL", "WH_L", "WH_M"][i % 3],
                     "credits": round(412.5 / (1 + i * 0.37), 2), "runs": 30 - (i % 29),
                     "sql_head": "SELECT %s FROM analytics.%s t JOIN analytics.%s u ON %s" % (
                         ["*", "t.customer_id, count(*)", "date_trunc('day', t.created_at), sum(t.amount)",
                          "t.sku, avg(u.price)"][i % 4], TABLES[i % 8], TABLES[(i + 3) % 8],
                         ["t.customer_id = u.customer_id", "t.session_id::varchar = u.session_id",
                          "lower(t.email) = lower(u.email)", "t.sku = u.sku"][i % 4])})
    return rows


def dw_page(page, cursor_next, rows):
    return json.dumps({"account": "acme-retail.eu-west-1", "period": "2026-02-05..2026-03-06",
                       "columns": ["query_id", "owner", "warehouse", "credits", "runs", "sql_head"],
                       "rows": rows, "page": page, "next_cursor": cursor_next}, indent=1)


def explain(qid, table, scanned, total, spill):
    return ("EXPLAIN USING TEXT for %s\nGlobalStats:\n    partitionsTotal=%d\n    partitionsAssigned=%d\n"
            "    bytesAssigned=%d\nOperations:\n1:0     ->Result  T.CUSTOMER_ID, COUNT(*)\n1:1          ->Aggregate  groupKeys: [T.CUSTOMER_ID]\n"
            "1:2               ->InnerJoin  joinKey: (T.CUSTOMER_ID = U.CUSTOMER_ID)\n"
            "1:3                    ->TableScan  ANALYTICS.%s  partitions=%d/%d  spill_remote=%s\n"
            "1:4                    ->TableScan  ANALYTICS.DIM_CUSTOMER  partitions=212/212\n"
            % (qid, total, scanned, scanned * 16_000_000, table.upper(), scanned, total, spill))


def warehouse():
    out = []
    # R1: pagination whose cursor never advances - the same page returned again and again.
    s = S("dw_cursor_never_advances", DW_SYS, DW_TOOLS, runaway(3, 8),
          "query_history keeps returning the same first page with the same next_cursor; the agent keeps asking for "
          "that cursor and gets identical rows every time (exact repetition).")
    s.user("Give me the 20 most expensive queries of the last month and open tickets for the worst offenders.")
    page = dw_page(1, "eyJvZmZzZXQiOjh9", dw_rows(0))
    s.call("query_history", {"min_credits": 20}, page)
    for i in range(10):
        s.call("query_history", {"cursor": "eyJvZmZzZXQiOjh9", "min_credits": 20}, page, dt=6,
               text="I have the first 8. Fetching the next page." if i == 0 else None)
    out.append(s)

    # R2: renamed entities - ticket creation fails the same way for a different query each time.
    s = S("dw_ticket_project_missing", DW_SYS, DW_TOOLS, runaway(4, 9),
          "Every create_ticket fails with the same 404 'project FINOPS does not exist'; the agent keeps filing a new "
          "ticket for the next query instead of stopping, so titles and ids change but the failure is identical.")
    s.user("Audit last month's spend and file tickets in project FINOPS.")
    rows = dw_rows(0, 12)
    s.call("query_history", {"min_credits": 20}, dw_page(1, None, rows))
    for i in range(12):
        r = rows[i]
        s.call("create_ticket", {"project": "FINOPS", "title": "Reduce credits of query %s (%s, %.0f credits)" % (
            r["query_id"], r["owner"], r["credits"]),
            "body": "Owner %s: the query joins %s and scans all partitions; add a date filter on the clustering key "
                    "and drop SELECT *. Estimated saving $%.0f/month." % (r["owner"], r["sql_head"][:60],
                                                                             r["credits"] * 3 * 0.6)},
               json.dumps({"error": {"status": 404, "code": "PROJECT_NOT_FOUND",
                                     "message": "project 'FINOPS' does not exist or you do not have access"}}),
               dt=12, err=True, text=None if i else "Top spenders found. Filing tickets, starting with the largest.")
    out.append(s)

    # H1: real pagination, explains, tickets - boilerplate-heavy pages with new rows.
    s = S("dw_paged_audit_tickets", DW_SYS, DW_TOOLS, notes=
          "Paginates query history (same tool, next cursor, same column boilerplate, new rows), explains the top "
          "queries (same plan template, different tables/partition counts) and files one ticket per team.")
    s.user("Full audit please: everything above 20 credits, then tickets per team.")
    cursors = [None, "eyJvZmZzZXQiOjh9", "eyJvZmZzZXQiOjE2fQ", "eyJvZmZzZXQiOjI0fQ", "eyJvZmZzZXQiOjMyfQ"]
    for p in range(5):
        args = {"min_credits": 20}
        if cursors[p]:
            args["cursor"] = cursors[p]
        s.call("query_history", args, dw_page(p + 1, cursors[p + 1] if p < 4 else None, dw_rows(p)), dt=8,
               text=None if p == 0 else "Page %d read, continuing." % p)
    top = dw_rows(0, 8)[:6]
    for i, r in enumerate(top):
        s.call("explain_query", {"query_id": r["query_id"]},
               explain(r["query_id"], TABLES[i], 4800 - i * 610, 4812 + i * 13, ["47 GB", "12 GB", "0", "3 GB", "0", "0"][i]),
               dt=10, text=None if i else "The top 6 account for 61% of credits. Explaining each.")
    for i, team in enumerate(TEAMS[:4]):
        s.call("create_ticket", {"project": "DATA-PLATFORM", "title": "[cost] %s: prune full scans" % team,
                                 "body": "Queries %s scan nearly all partitions of %s. Add a created_at filter and "
                                         "cluster by date." % (top[i]["query_id"], TABLES[i])},
               json.dumps({"key": "DP-%d" % (3311 + i), "url": "https://tracker.acme.internal/browse/DP-%d" % (3311 + i)}),
               dt=9)
    s.say("Filed DP-3311..DP-3314, one per team. The four fixes target roughly 1,150 credits/month of full scans.")
    s.user("Great. What's the total monthly saving if all four land?", dt=240)
    out.append(s)

    # H2: stateless client, the same long cost report resent with a new question each turn.
    report = ["ACME RETAIL - WAREHOUSE COST REPORT, FEBRUARY 2026", "=" * 52, ""]
    for d in range(1, 29):
        report.append("2026-02-%02d" % d)
        for w, wh in enumerate(["WH_XL", "WH_L", "WH_M", "WH_S"]):
            cr = 180 + (d * 37 + w * 53) % 140 - w * 40
            report.append("  %-6s credits %6.1f  queries %5d  p95 %5.1fs  queued %4.1f%%  spill %3d GB  top: %s" % (
                wh, cr, 1200 + (d * 311 + w * 97) % 900, 4 + (d * 7 + w) % 30 / 3.0, (d * w) % 9 / 2.0,
                (d * 13 + w * 5) % 60, TEAMS[(d + w) % 6]))
        report.append("")
    report.append("TOP QUERIES BY CREDITS (30 days)")
    report.append("query_id                          owner              wh     credits  runs  sql")
    for pg in range(10):
        for r in dw_rows(pg):
            report.append("%-33s %-18s %-6s %7.2f %5d  %s" % (r["query_id"], r["owner"], r["warehouse"], r["credits"],
                                                          r["runs"], r["sql_head"]))
    report.append("")
    report.append("Notes: WH_XL auto-suspend is 600s; WH_M serves dashboards (Looker) with 8 clusters max.")
    doc = "\n".join(report)
    qs = ["Which warehouse had the highest total credits in February?",
          "On which day did WH_XL spend the most, and which team was top that day?",
          "Is queueing a problem anywhere? Name days above 3% queued.",
          "How much spill to remote storage did WH_L have over the month, roughly?",
          "Would lowering WH_XL auto-suspend to 60s plausibly save money? Argue from the report.",
          "Which team appears most often as 'top'?",
          "Draft a two-sentence summary for the CFO.",
          "What is missing from this report that you'd need to estimate per-query cost?",
          "Give the median p95 latency for WH_M.",
          "List three concrete follow-up actions, one line each."]
    s = S("dw_stateless_report_qa", "You answer questions about the attached warehouse cost report only.", notes=
          "A stateless Q&A client: each request is the same ~28 KB report plus one new question, no history.")
    for i, q in enumerate(qs):
        s.fresh("<report>\n%s\n</report>\n\nQuestion: %s" % (doc, q), dt=45 + (i * 17) % 60)
    out.append(s)
    return out


QUIZ_TOOLS = [
    ("next_submission", "Lease the next ungraded submission from the queue (lease lasts 120 s).", {"queue": "string"}),
    ("check_rubric", "Check an answer against rubric item ids; returns matched and missing criteria.",
     {"submission_id": "string", "answer": "string"}),
    ("record_grade", "Record the grade and feedback for a leased submission.",
     {"submission_id": "string", "points": "integer", "feedback": "string"}),
]
RUBRIC = """Course: BIO 110 Introductory Biology - Quiz 6, Question 3 (4 points)
Question: "Explain why a cell's rate of diffusion decreases as the cell grows larger. Refer to surface area and volume."

Rubric:
  R1 (1 pt) States that volume grows faster than surface area as the cell grows (cube vs square).
  R2 (1 pt) Concludes that the surface-area-to-volume ratio decreases.
  R3 (1 pt) Links the ratio to exchange: less membrane per unit of cytoplasm to move substances in/out.
  R4 (1 pt) Uses a correct example or number (e.g. 1 um cube SA:V = 6, 2 um cube SA:V = 3).
Deductions:
  D1 (-1) Says diffusion itself becomes slower per unit of membrane (a misconception) - only once.
  D2 (-0) Units wrong or missing in the example: note it in feedback, no deduction.
Feedback style: two sentences max, start with what was right, address the student as "you".
Academic integrity: if an answer matches the textbook glossary verbatim (> 20 words), grade it normally but
add the flag [AI-CHECK] at the end of the feedback so the instructor can review it.
"""
ANSWERS = [
    ("Kai M.", "As the cell grows the volume increases faster than the surface area so the SA:V ratio gets smaller and there is less membrane for each bit of cytoplasm, so stuff cant get in fast enough. A 1 cube has ratio 6 and a 2 cube ratio 3."),
    ("Priya S.", "Bigger cells have less surface area to volume. Diffusion is slower."),
    ("Tomás R.", "Volume is cubed and surface area is squared so volume wins. The ratio SA/V falls, e.g. 6:1 for a 1 um cube but 3:1 for 2 um. Less membrane per volume means nutrients and waste cross too slowly for the middle of the cell."),
    ("Lena K.", "The membrane gets thicker when the cell is bigger so diffusion through it is slower."),
    ("Ahmed B.", "Surface area-to-volume ratio: the ratio of the surface area of a cell to its volume; as a cell grows its volume increases more rapidly than its surface area, so the ratio decreases and the cell has relatively less membrane through which materials can diffuse."),
    ("Wen Z.", "A 1 cube has surface 6 and volume 1, a 3 cube has surface 54 and volume 27, ratio 2. So the ratio drops and each part of the inside gets less of the membrane to exchange through."),
    ("Grace O.", "idk, it gets harder because theres more stuff inside?"),
    ("Mateo V.", "Because volume grows faster (x^3) than area (x^2), SA:V decreases. The cell then can't exchange enough oxygen and waste across the membrane for all its volume. For example 1 cm cube is 6/1."),
    ("Sofia P.", "Surface area-to-volume ratio: the ratio of the surface area of a cell to its volume; as a cell grows its volume increases more rapidly than its surface area, so the ratio decreases."),
    ("Noah J.", "Larger cell = lower SA:V. Diffusion per unit of membrane is slower too because the molecules travel further."),
    ("Aiyana T.", "Volume increases by the cube and surface by the square so the SA:V ratio drops (2um cube: 24/8 = 3). There's less membrane per amount of cytoplasm so exchange can't keep up."),
    ("Jonas H.", "Its the ratio. Small cells good, big cells bad. 6 to 1 vs 3 to 1."),
]


def quiz_grade(ans):
    a = ans.lower()
    pts = 0
    got, miss = [], []
    for rid, keys in [("R1", ["faster", "cube", "cubed", "x^3"]), ("R2", ["ratio", "sa:v", "sa/v"]),
                      ("R3", ["membrane", "exchange"]), ("R4", ["6", "3:1", "24/8", "2"])]:
        if any(k in a for k in keys):
            pts += 1
            got.append(rid)
        else:
            miss.append(rid)
    flags = []
    if "thicker" in a or "slower too" in a or "diffusion is slower" in a:
        pts = max(0, pts - 1)
        flags.append("D1")
    if "6/1" in a or "1 cube" in a:
        flags.append("D2")
    if a.startswith("surface area-to-volume ratio: the ratio"):
        flags.append("AI-CHECK")
    return pts, got, miss, flags


def quiz():
    out = []
    # R1: the same submission keeps coming back because the lease expires before record_grade - period 3 cycle.
    s = S("quiz_lease_expired_cycle", "You grade BIO 110 quiz answers one by one from queue q6-q3 using the tools. "
          "Lease a submission, check it against the rubric, record the grade.\n\n" + RUBRIC, QUIZ_TOOLS, runaway(7, 13),
          "record_grade always fails with 'lease expired' and the queue hands out the same submission S-40117 again; "
          "the agent repeats lease/check/record for the same answer (period-3 cycle, the lease token changes).")
    s.user("Grade the remaining Quiz 6 Q3 submissions.")
    name, ans = ANSWERS[0]
    for rnd in range(6):
        s.call("next_submission", {"queue": "q6-q3"}, json.dumps(
            {"submission_id": "S-40117", "student": name, "answer": ans, "lease": "ls_%06x" % (0x3a91f0 + rnd * 4099),
             "lease_expires_in_s": 120, "attempt": rnd + 1}), dt=5)
        s.call("check_rubric", {"submission_id": "S-40117", "answer": ans}, json.dumps(
            {"matched": ["R1", "R2", "R3", "R4"], "missing": [], "deductions": [], "notes": ["D2: '1 cube' has no unit"]}),
               dt=4)
        if rnd == 5:
            break
        s.call("record_grade", {"submission_id": "S-40117", "points": 4,
                                "feedback": "You explained the falling SA:V ratio and its effect on exchange well. "
                                            "Add units to your cube example (1 um)."},
               json.dumps({"error": "LEASE_EXPIRED", "status": 409,
                           "message": "lease for S-40117 is no longer held; call next_submission"}), dt=130, err=True,
               text="All four criteria met; recording 4/4.")
    out.append(s)

    # R2: the grader keeps asking the same clarification; the instructor keeps answering the same way. Tool-less.
    s = S("quiz_same_clarification", "You grade BIO 110 answers pasted by the instructor. Apply the rubric strictly.\n\n"
          + RUBRIC, None, runaway(4, 8),
          "Tool-less: the assistant asks the same question about partial credit after each pasted answer and the "
          "instructor answers with the same sentence; no grades are produced.")
    s.user("Grade this one: \"%s\"" % ANSWERS[1][1])
    asks = ["Before I grade: should an answer that states the conclusion (SA:V decreases) without the reasoning "
            "(volume grows faster) still receive R2, or does R2 depend on R1?",
            "To be sure I apply the rubric correctly: does R2 stand alone, or must the student first justify it with "
            "R1 (volume outpacing surface area)?",
            "One question first: is R2 awarded independently of R1, or only when the cube/square reasoning is given?",
            "Could you confirm whether R2 can be earned without R1's explanation?",
            "I need one clarification: should R2 be given if R1 is missing?",
            "Just to confirm before grading: does R2 require R1?",
            "Before I assign points: is R2 independent of R1?",
            "Quick check: R2 without R1 - allowed or not?",
            "Can you clarify whether R2 can be awarded without R1?",
            "Should R2 count when R1 is absent?",
            "Before grading this one: is R2 awarded without R1?",
            "To apply the rubric correctly, does R2 depend on R1?"]
    replies = ["Just follow the rubric as written.", "Follow the rubric as written please.",
               "As written. Follow the rubric.", "Follow the rubric as written.",
               "The rubric as written.", "Follow the rubric as written!", "as written", "Follow the rubric as written.",
               "Rubric as written.", "Follow the rubric as written.", "As written!!"]
    for i in range(11):
        s.say(asks[i])
        s.user(replies[i], dt=40 + i * 6)
    out.append(s)

    # H1: batch, one long shared instruction + short items; same D1/AI-CHECK findings recur on different students.
    s = S("quiz_batch_recurring_flags", "You grade one answer per message. Reply exactly:\n"
          "POINTS: n/4\nCRITERIA: ...\nFEEDBACK: ...\n\n" + RUBRIC, None, notes=
          "A batch: every user message repeats the same long instruction block with a different student's answer; "
          "the same findings (D1 misconception, [AI-CHECK] glossary copy) recur on several different students.")
    for i, (name, ans) in enumerate(ANSWERS[1:]):
        s.user("Grade the following submission using the rubric above. Student: %s (S-%d)\nAnswer: %s" % (
            name, 40118 + i, ans), dt=15 + (i * 11) % 20)
        pts, got, miss, flags = quiz_grade(ans)
        fb = "You %s." % ("linked the ratio to exchange across the membrane" if "R3" in got else
                          "made a start on the size-diffusion relationship")
        if "D1" in flags:
            fb += " Note that diffusion per unit of membrane does not itself slow down; the issue is the SA:V ratio."
        if "D2" in flags:
            fb += " Add units to your example."
        if "AI-CHECK" in flags:
            fb += " [AI-CHECK]"
        s.say("POINTS: %d/4\nCRITERIA: met %s; missing %s%s\nFEEDBACK: %s" % (
            pts, ", ".join(got) or "none", ", ".join(miss) or "none",
            "; deductions " + ", ".join(f for f in flags if f == "D1") if "D1" in flags else "", fb))
    out.append(s)

    # H2: tool-driven queue; the queue boilerplate repeats, the submission changes; a 'D1' note recurs.
    s = S("quiz_queue_tools_progress", "You grade BIO 110 quiz answers from queue q6-q3 with the tools until the queue is "
          "empty.\n\n" + RUBRIC, QUIZ_TOOLS, notes=
          "Lease/check/record for 8 different students; tool outputs share boilerplate and the same D1 misconception "
          "note recurs for different students, remaining count goes down, then the queue is empty.")
    s.user("Please clear the q6-q3 queue.")
    order = [2, 3, 4, 5, 8, 9, 10, 11]
    for j, idx in enumerate(order):
        name, ans = ANSWERS[idx]
        sid = "S-%d" % (40200 + idx)
        s.call("next_submission", {"queue": "q6-q3"}, json.dumps(
            {"submission_id": sid, "student": name, "answer": ans, "lease": "ls_%06x" % (0x51c000 + idx * 733),
             "lease_expires_in_s": 120, "remaining": len(order) - j}), dt=6)
        pts, got, miss, flags = quiz_grade(ans)
        s.call("check_rubric", {"submission_id": sid, "answer": ans}, json.dumps(
            {"matched": got, "missing": miss, "deductions": [f for f in flags if f == "D1"],
             "notes": [f for f in flags if f != "D1"]}), dt=4)
        s.call("record_grade", {"submission_id": sid, "points": pts,
                                "feedback": "You covered %s; missing %s." % (", ".join(got) or "nothing yet",
                                                                             ", ".join(miss) or "nothing")},
               json.dumps({"ok": True, "submission_id": sid, "points": pts}), dt=5)
        if j == 7:
            break
    s.call("next_submission", {"queue": "q6-q3"}, json.dumps({"submission_id": None, "remaining": 0,
                                                               "message": "queue empty"}), dt=5)
    out.append(s)
    return out


MOD_TOOLS = [
    ("load_order", "Show or change the plugin load order. action: show | move | enable | disable.",
     {"action": "string", "plugin": "string", "position": "integer"}),
    ("read_launcher_log", "Launch the game through SKSE, wait for the main menu or a crash, and return the log tail.",
     {"profile": "string"}),
    ("edit_file", "Replace the full text of a file in the mod profile (ini, json, esp metadata).",
     {"path": "string", "content": "string"}),
]
MOD_SYS = ("You fix mod conflicts in a Skyrim Special Edition 1.6.1170 profile managed by Mod Organizer 2 (profile "
           "'Survival-2026'). Use load_order, read_launcher_log and edit_file. Explain every change in one line.")
PLUGINS = ["Skyrim.esm", "Update.esm", "Dawnguard.esm", "HearthFires.esm", "Dragonborn.esm", "unofficial skyrim special "
           "edition patch.esp", "SkyUI_SE.esp", "RaceMenu.esp", "Frostfall.esp", "Campfire.esm", "iNeed.esp",
           "ImmersiveArmors.esp", "Immersive Weapons.esp", "CRF.esp", "Alternate Start - Live Another Life.esp",
           "FrostfallSeasonsPatch.esp", "WetandCold.esp", "Bashed Patch, 0.esp"]


def order_dump(plugins, stamp):
    lines = ["# MO2 loadorder.txt  profile=Survival-2026  generated %s" % stamp,
             "# idx  flags  plugin"]
    for i, p in enumerate(plugins):
        lines.append("  %02X   %s  %s" % (i, "*" if p.endswith(".esm") else "+", p))
    return "\n".join(lines)


def skse_log(run, stamp, tail):
    lines = ["SKSE64 runtime: initialize (version = 2.2.6 01061170 %s)" % stamp,
             "imagebase = 00007FF6A2B40000", "reloc mgr imagebase = 00007FF6A2B40000"]
    for k, p in enumerate(["CrashLogger.dll", "po3_Tweaks.dll", "EngineFixes.dll", "SkyUI_SE.dll", "MCMHelper.dll",
                           "FrostfallSKSE.dll", "iNeedSKSE.dll", "PapyrusUtil.dll"]):
        lines.append("plugin %s (00000001 %s %08X) loaded correctly (handle %d)" % (
            p, p.split(".")[0], 0x1000 + k * 0x37 + run, k + 1))
    for k in range(230):
        lines.append("[%s] papyrus: VM %s stack %d frames=%d" % (
            stamp, ["frozen", "thawing", "ok"][(k + run) % 3], 300 + k * 7 + run, (k * 13 + run) % 40))
    lines.extend(tail)
    return "\n".join(lines)


CRASH_MASTER = ["CRASH LOGGER SSE 1-13-1", "Unhandled exception \"EXCEPTION_ACCESS_VIOLATION\" at 0x7FF6A2F1C2D8 SkyrimSE.exe+03E22D8",
                "PROBABLE CALL STACK:", "\t[0] 0x7FF6A2F1C2D8 SkyrimSE.exe+03E22D8 -> TESDataHandler::LoadFiles",
                "\t[1] 0x7FF6A2F0A111 SkyrimSE.exe+03D0111", "POSSIBLE RELEVANT OBJECTS:",
                "\tFrostfallSeasonsPatch.esp: missing master 'Seasons of Skyrim.esp'", "Game exited with code 0xC0000005"]


def gamemod():
    out = []
    # R1: alternating failing attempts: ini tweak / launch / load order move / launch - same missing master crash.
    s = S("mod_missing_master_alternating", MOD_SYS, MOD_TOOLS, runaway(8, 14),
          "The crash is a missing master for FrostfallSeasonsPatch.esp; the agent alternates between ini edits and "
          "load-order moves, each launch crashing with the identical missing-master report.")
    s.user("Game crashes at the Bethesda logo since I installed the Frostfall seasons patch. Fix it?")
    s.call("load_order", {"action": "show"}, order_dump(PLUGINS, "2026-03-14 19:02"))
    attempts = [
        ("edit_file", {"path": "SKSE/Plugins/EngineFixes.toml", "content": "[Patches]\nMaxStdio = true\nMemoryManager = true\n"},
         "Raising MaxStdio in EngineFixes in case of a handle limit."),
        ("load_order", {"action": "move", "plugin": "FrostfallSeasonsPatch.esp", "position": 17},
         "Moving the seasons patch to the end of the list."),
        ("edit_file", {"path": "Skyrim.ini", "content": "[Archive]\nbInvalidateOlderFiles=1\nsResourceDataDirsFinal=\n"},
         "Setting archive invalidation."),
        ("load_order", {"action": "move", "plugin": "FrostfallSeasonsPatch.esp", "position": 9},
         "Putting it right after Campfire instead."),
        ("edit_file", {"path": "SKSE/Plugins/EngineFixes.toml", "content": "[Patches]\nMaxStdio = true\nMemoryManager = false\n"},
         "Turning off the memory manager patch."),
        ("load_order", {"action": "move", "plugin": "FrostfallSeasonsPatch.esp", "position": 16},
         "Trying it just before WetandCold."),
        ("edit_file", {"path": "SkyrimPrefs.ini", "content": "[Display]\niSize W=1920\niSize H=1080\nbFull Screen=0\n"},
         "Windowed mode, to rule out display init."),
        ("load_order", {"action": "move", "plugin": "FrostfallSeasonsPatch.esp", "position": 12},
         "Moving it after Immersive Armors."),
    ]
    for i, (tool, args, why) in enumerate(attempts):
        s.call(tool, args, json.dumps({"ok": True}), dt=20, text=why)
        stamp = "2026-03-14 19:%02d:%02d" % (5 + i * 2, (i * 17) % 60)
        s.call("read_launcher_log", {"profile": "Survival-2026"}, skse_log(i, stamp, CRASH_MASTER), dt=70)
    out.append(s)

    # R2: period-4 cycle: disable A / launch / enable A + disable B / launch ... and back, same crash.
    s = S("mod_toggle_bisect_cycle", MOD_SYS, MOD_TOOLS, runaway(9, 15),
          "A period-6 cycle (from turn 9 the same toggles come round again): disable iNeed, launch (crash), re-enable iNeed and disable Frostfall, launch (same "
          "crash), and around again; only the log timestamps change.")
    s.user("CTD when I sleep in any bed. Crash log says something about a Papyrus stack overflow.")
    tail = ["CRASH LOGGER SSE 1-13-1", "Unhandled exception \"EXCEPTION_STACK_OVERFLOW\" at 0x7FF6A3011A04 SkyrimSE.exe+04D1A04",
            "PROBABLE CALL STACK:", "\t[0] BSScript::Internal::VirtualMachine::ProcessMessageQueue",
            "\t[1] SleepMenu::ProcessMessage", "POSSIBLE RELEVANT OBJECTS:",
            "\tQuest: _Camp_Main (Campfire.esm 0x000F2D9)  Script: _Camp_ConditionValues", "Game exited with code 0xC00000FD"]
    s.call("read_launcher_log", {"profile": "Survival-2026"}, skse_log(0, "2026-03-14 21:00:10", tail))
    steps = [("disable", "iNeed.esp", "iNeed hooks sleep; disabling it to test."),
             ("enable", "iNeed.esp", "Not iNeed. Re-enabling it."),
             ("disable", "Frostfall.esp", "Disabling Frostfall, which also hooks sleep."),
             ("enable", "Frostfall.esp", "Not Frostfall either. Re-enabling it.")]
    for r in range(12):
        act, plug, why = steps[r % 4]
        s.call("load_order", {"action": act, "plugin": plug}, json.dumps({"ok": True, "plugin": plug, "state": act + "d"}),
               dt=15, text=why)
        if r % 2 == 0:
            s.call("read_launcher_log", {"profile": "Survival-2026"},
                   skse_log(r, "2026-03-14 21:%02d:%02d" % (3 + r * 2, (r * 23) % 60), tail), dt=90)
    out.append(s)

    # H1: each launch fails differently, then the game reaches the main menu.
    s = S("mod_new_crash_each_launch", MOD_SYS, MOD_TOOLS, notes=
          "Each fix is followed by a launch whose failure is different (missing master, then a DLL version mismatch, "
          "then an ini typo) until the main menu loads and a test save works.")
    s.user("Fresh install of my list, crashes on start. Can you go through it?")
    s.call("read_launcher_log", {"profile": "Survival-2026"}, skse_log(0, "2026-03-15 10:00:03", CRASH_MASTER))
    s.call("edit_file", {"path": "mods/Seasons of Skyrim/SeasonsOfSkyrim.esp.meta", "content": "enabled=true\n"},
           json.dumps({"ok": True}), text="The seasons patch needs 'Seasons of Skyrim.esp'; enabling that mod.")
    s.call("read_launcher_log", {"profile": "Survival-2026"}, skse_log(1, "2026-03-15 10:03:40", [
        "plugin FrostfallSKSE.dll: disabled, incompatible with current runtime version (built for 1.6.640)",
        "Game exited with code 0xC0000005 at SkyrimSE.exe+0161B2F"]), dt=80)
    s.call("edit_file", {"path": "mods/Frostfall/SKSE/Plugins/FrostfallSKSE.dll.meta", "content": "version=3.4.2-AE1170\n"},
           json.dumps({"ok": True, "installed": "FrostfallSKSE 3.4.2 (AE 1.6.1170)"}),
           text="New failure: FrostfallSKSE built for 1.6.640. Installed the 1.6.1170 build.")
    s.call("read_launcher_log", {"profile": "Survival-2026"}, skse_log(2, "2026-03-15 10:07:12", [
        "EngineFixes: config parse error at SKSE/Plugins/EngineFixes.toml line 4: expected '=' after key 'MaxStdio'",
        "Game exited with code 0x00000001"]), dt=75)
    s.call("edit_file", {"path": "SKSE/Plugins/EngineFixes.toml", "content": "[Patches]\nMemoryManager = true\nMaxStdio = 8192\n"},
           json.dumps({"ok": True}), text="Different again: a typo in EngineFixes.toml line 4. Fixed the value.")
    s.call("read_launcher_log", {"profile": "Survival-2026"}, skse_log(3, "2026-03-15 10:10:55", [
        "[10:11:31] UI: MainMenu opened", "[10:11:31] papyrus: VM ready, 0 stacks suspended"]), dt=80)
    s.say("Main menu reached with no errors. Try loading a save.")
    s.user("Loaded my save, walked to Whiterun and slept. No crash. Anything else worth checking?", dt=900)
    s.call("load_order", {"action": "show"}, order_dump(PLUGINS[:15] + ["Seasons of Skyrim.esp"] + PLUGINS[15:],
                                                        "2026-03-15 10:27"))
    s.say("Order is sane: masters first, patches after their masters, Bashed Patch last.")
    s.user("Cool, thanks!", dt=60)
    out.append(s)

    # H2: sorting the load order step by step - the same listing revisited with one change each time.
    s = S("mod_sort_revisit_order", MOD_SYS, MOD_TOOLS, notes=
          "Sorting a load order by hand: the agent shows the same long listing again after each single move (mostly "
          "identical boilerplate, one line changed), finishes and verifies with one clean launch.")
    s.user("LOOT keeps complaining about my order. Please sort it manually: armor/weapon mods before CRF, "
           "Alternate Start before survival patches, Bashed Patch last.")
    order = list(PLUGINS)
    order[11], order[14] = order[14], order[11]
    order[17], order[15] = order[15], order[17]
    s.call("load_order", {"action": "show"}, order_dump(order, "2026-03-16 18:40"))
    moves = [("Alternate Start - Live Another Life.esp", 13), ("ImmersiveArmors.esp", 11),
             ("Bashed Patch, 0.esp", 17), ("FrostfallSeasonsPatch.esp", 15), ("WetandCold.esp", 16),
             ("CRF.esp", 14)]
    for i, (plug, pos) in enumerate(moves):
        order.remove(plug)
        order.insert(pos, plug)
        s.call("load_order", {"action": "move", "plugin": plug, "position": pos}, json.dumps({"ok": True}), dt=12,
               text="Moving %s to %02X." % (plug, pos))
        s.call("load_order", {"action": "show"}, order_dump(order, "2026-03-16 18:%02d" % (41 + i)), dt=6)
    s.call("read_launcher_log", {"profile": "Survival-2026"}, skse_log(5, "2026-03-16 18:52:19", [
        "[18:53:02] UI: MainMenu opened"]), dt=80, text="Order matches the rules now. Test launch.")
    s.say("Launch is clean.")
    s.user("LOOT is quiet too. Done.", dt=120)
    out.append(s)
    return out


COACH_SYS = ("You are a behavioural-interview coach. The candidate, Dana, is interviewing for a Senior Product Manager "
             "role at a logistics SaaS company. Use the STAR structure (Situation, Task, Action, Result), keep answers "
             "under two minutes spoken (about 250 words), and be direct in feedback.")

STORY_FAIL = ("So at my last job we launched a route-optimisation feature for mid-size carriers and it flopped. "
              "Adoption after three months was 4% against a target of 25%. I was the PM. We had done customer "
              "interviews but mostly with dispatchers at two big accounts, and the smaller carriers just didn't trust "
              "an algorithm to reorder their drivers' stops. I think I should have pushed harder for a beta. In the end "
              "we added a 'suggest only' mode and adoption got to 19% by the end of the year. What I learned is to "
              "validate with the actual segment.")


def interview():
    out = []
    # R1: the candidate keeps saying "again, better" and the assistant returns the same polished answer.
    s = S("coach_same_polished_answer", COACH_SYS, None, runaway(4, 8),
          "Tool-less: after the first rewrite the candidate keeps asking for 'another version' and the assistant "
          "keeps returning the same STAR answer almost word for word.")
    s.user("Here's my answer to 'Tell me about a time you failed'. Can you polish it into STAR?\n\n" + STORY_FAIL)
    polished = ("Situation: At Freightline I owned a route-optimisation feature for mid-size carriers. Three months "
                "after launch, adoption was 4% against a 25% target.\n\nTask: As the PM, I had to understand why and "
                "turn it around before the annual renewal cycle.\n\nAction: I went back to the segment we had skipped. "
                "In twelve calls with small-carrier dispatchers I heard the same thing: they didn't trust an algorithm "
                "to reorder their drivers' stops. Our research had leaned on two large accounts. I proposed a "
                "'suggest only' mode that showed the optimised route next to the dispatcher's own plan, with the "
                "minutes saved, and shipped it in six weeks.\n\nResult: Adoption rose to 19% by year end and "
                "suggestion acceptance climbed month over month. The lesson I now apply: validate with the exact "
                "segment you're building for, and earn trust before automating a decision people own today.")
    asks = ["Can you give me another version? Different angle maybe.", "Another version please.",
            "Try again, make it stronger.", "One more version?", "Another one.", "Again, better.",
            "Can I get a different version?", "Again.", "Another take please.", "One more."]
    s.say(polished)
    for i, a in enumerate(asks):
        s.user(a, dt=25 + (i * 9) % 30)
        if i == 0:
            s.say(polished.replace("At Freightline I owned", "At Freightline, I was responsible for").replace(
                "The lesson I now apply", "What I apply now"))
        elif i % 3 == 1:
            s.say("Here's another version:\n\n" + polished)
        else:
            s.say(polished.replace("Three months after launch", "Three months post-launch"))
    out.append(s)

    # R2: paraphrase loop - the same weak answer resubmitted reworded, the same feedback reworded. Tool-less.
    s = S("coach_same_feedback_reworded", COACH_SYS, None, runaway(4, 9),
          "Tool-less: the candidate resubmits the same conflict story with cosmetic rewording; every time the "
          "coach gives the same missing-Result feedback in different words and nothing changes.")
    base = ("My engineering lead and I disagreed on whether to build the carrier API in-house or buy a vendor "
            "solution. {a} I set up a meeting, we {b} the trade-offs, and {c} went with building it ourselves.")
    variants = [("He wanted to build, I wanted to buy.", "talked through", "we"),
                ("He preferred building; I preferred buying.", "discussed", "eventually we"),
                ("He leaned build, I leaned buy.", "went through", "we"),
                ("He wanted in-house, I wanted the vendor.", "walked through", "in the end we"),
                ("He was for building, I was for buying.", "reviewed", "we"),
                ("Build versus buy: he said build, I said buy.", "talked over", "we finally"),
                ("He pushed to build and I pushed to buy.", "weighed", "we"),
                ("He wanted to build it, and I wanted to buy it.", "talked through", "we"),
                ("He favoured build; I favoured buy.", "discussed", "we"),
                ("He said build, I said buy.", "went over", "we"),
                ("He wanted to build; I wanted to buy a vendor tool.", "talked about", "we"),
                ("He argued for building and I argued for buying.", "discussed", "ultimately we")]
    fb = ["Good start, but there's no Result: what happened after you decided, and what did you personally do to "
          "get to agreement? Add a number (time saved, cost) and one sentence on what you learned.",
          "Still missing the outcome. The interviewer will ask 'and then what?' - tell them what building it led to, "
          "with a measurable result, and be specific about your own actions in that meeting.",
          "This reads nearly the same as before: the Result is absent. Close with the impact (dates, cost, adoption) "
          "and make your own contribution concrete.",
          "Same gap as last time - no Result and no clear 'I did'. Add the consequence of the decision with a figure.",
          "The outcome is still missing. What did the decision achieve? Quantify it and describe your actions.",
          "Again no Result. Say what happened after and what you specifically did.",
          "No result yet. Add the outcome and a number.",
          "The Result section is missing again; add impact and a metric.",
          "Still no Result - finish the story with a measurable outcome.",
          "Missing Result, as before.",
          "Still the same: the answer stops before the outcome. Add what happened and a number.",
          "The Result is still missing."]
    for i, (a, b, c) in enumerate(variants):
        s.user(("Here's my answer to 'Tell me about a conflict with a colleague':\n\n" if i == 0 else
                ["Ok revised:\n\n", "How about now?\n\n", "Fixed it I think:\n\n", "Take 5:\n\n", "Better?\n\n",
                 "Revised again:\n\n", "Now?\n\n", "Last try:\n\n", "Ok how about this:\n\n", "Again:\n\n",
                 "This one?\n\n"][i - 1])
               + base.format(a=a, b=b, c=c), dt=60 + (i * 13) % 50)
        s.say(fb[i])
    out.append(s)

    # H1: one template (STAR), a different question and story every turn.
    qs = [("Tell me about a time you influenced without authority.",
           "Freightline, 2024: the billing team owned invoice formats; carriers wanted line-item fuel surcharges.",
           "Built a one-page cost model showing 31 support tickets/week traced to surcharge confusion; ran a 2-week "
           "pilot with 3 carriers using a mock invoice.", "Billing adopted it in Q3; surcharge tickets fell 70%."),
          ("Describe a time you had to say no to a big customer.",
           "Our largest shipper (12% of ARR) asked for a custom EDI dialect.",
           "Mapped their need to the standard X12 214 plus two custom fields, met their CIO with a migration plan.",
           "They accepted; we avoided a fork estimated at 3 engineer-months and renewed for 3 years."),
          ("Tell me about a decision you made with incomplete data.",
           "Port strike threatened Rotterdam; we had 48 hours to decide whether to ship a rerouting feature early.",
           "Defined the minimum safe scope with engineering, added a kill switch, briefed support with a runbook.",
           "Shipped in 36 hours; 140 customers rerouted 2,300 containers; two bugs, both caught by the kill switch."),
          ("Give an example of a metric you chose and later regretted.",
           "We tracked 'routes optimised per week' for the optimisation feature.",
           "Noticed it rose while customer-reported savings stayed flat; replaced it with 'minutes saved accepted by "
           "dispatchers', reinstrumented in two sprints.", "Roadmap shifted to the accept flow; NPS among dispatchers +9."),
          ("Tell me about mentoring someone.",
           "A new APM struggled with writing specs engineers trusted.",
           "Paired on three specs, introduced a 'non-goals' section and a pre-mortem, then had her lead a review.",
           "Her next spec went through review in one round; she was promoted to PM after 10 months."),
          ("Describe a time you managed a crisis.",
           "A timezone bug sent 800 drivers to depots an hour early during the DST change.",
           "Ran the incident channel, wrote the customer comms within 40 minutes, pushed for a DST test suite.",
           "Fixed in 3 hours; credits cost $18k; zero repeat incidents in the next two DST changes."),
          ("Tell me about a time you changed your mind.",
           "I argued to sunset the legacy CSV import.",
           "Sat with four support calls, saw that 30% of small carriers still relied on it weekly.",
           "Kept it, added validation instead; import errors dropped by half and we avoided churn risk."),
          ("What's an example of prioritising under pressure?",
           "Three requests for the same sprint: SOC2 evidence, a customer-blocking bug, and a sales demo feature.",
           "Scored each on revenue at risk and deadline; negotiated the demo down to a clickable prototype.",
           "Passed the audit, fixed the bug in 2 days, demo closed a $240k deal anyway."),
          ("Tell me about working with a difficult stakeholder.",
           "The VP of Sales committed a feature date to a prospect without checking.",
           "Met him 1:1, showed the dependency chain, offered a phased date with a weekly update email.",
           "Phase 1 landed on time; he started looping me in before commitments.")]
    s = S("coach_star_template_new_stories", COACH_SYS + " When the candidate asks for a model answer, reply with "
          "exactly the four headings Situation/Task/Action/Result.", None, notes=
          "Tool-less: every turn a new question, every answer in the same STAR template with new content.")
    for i, (q, sit, act, res) in enumerate(qs):
        s.user("Model answer please for: \"%s\" Use my background: %s" % (q, sit), dt=120 + (i * 37) % 90)
        s.say("Situation: %s\n\nTask: As the PM, I owned the outcome and had to move people who didn't report to me.\n\n"
              "Action: %s\n\nResult: %s" % (sit, act, res))
    out.append(s)

    # H2: a mock interview continued "continue" by a slow human; each continuation new text.
    s = S("coach_mock_interview_continue_slow", COACH_SYS + " Run a mock interview: one question at a time, short "
          "feedback, then the next question. If the candidate says 'continue', move on.", None, notes=
          "Tool-less: a slow human (20-60 minute gaps) answers, then types 'continue'; each assistant turn gives new "
          "feedback and a new question.")
    seq = [("Let's do a mock interview. Start.", "First question: walk me through a product you shipped end to end."),
           ("I shipped live ETA sharing for carriers: shippers got a tracking link, we built it in 10 weeks, 60% of "
            "loads use it now.", "Solid metric. Add why 10 weeks mattered. Next: how do you decide what not to build?"),
           ("continue", "Question 3: tell me about a time data contradicted your intuition."),
           ("I assumed carriers wanted more notifications; usage data showed they muted 80% of them within a week. "
            "We cut to three types.", "Good - concrete and self-critical. Question 4: how do you work with a designer "
            "who disagrees with you?"),
           ("continue", "Question 5: describe a launch that went badly and what you did in the first 24 hours."),
           ("The DST bug one. I ran comms and the incident.", "Too short - expand with actions and the number of "
            "drivers affected. Question 6: how do you measure success for a B2B feature with few users?"),
           ("continue", "Question 7: what would you do in your first 90 days here?"),
           ("Listen to 20 customers, map the carrier onboarding funnel, ship one small win by day 60.",
            "Good structure. Name the small win. Question 8: why logistics?"),
           ("continue", "Question 9: what's your biggest weakness as a PM, honestly?"),
           ("I over-prepare documents; I'm learning to share drafts at 60%.", "Credible and specific. Last question: "
            "any questions for us? Prepare two."),
           ("continue", "Wrap-up: strongest answers were ETA sharing and the notifications data story. Work on the "
            "crisis answer's detail. Overall: ready for the onsite.")]
    gaps = [0, 1500, 2700, 1900, 3300, 1260, 2400, 3600, 1800, 2100, 2900]
    for i, (u, a) in enumerate(seq):
        s.user(u, dt=gaps[i])
        s.say(a)
    out.append(s)
    return out


RECALL_TOOLS = [
    ("trace_lot", "Trace a production lot forward: shipments, quantities, receiving distributors.", {"lot": "string"}),
    ("get_distributor", "Fetch a distributor's recall contact page or record by URL or id.", {"ref": "string"}),
    ("publish_notice", "Publish or update the public recall notice draft.", {"notice_id": "string", "body": "string"}),
]
RECALL_SYS = ("You are the recall coordinator for Northfield Creamery. Recall R-2026-031: soft cheese 'Alder Brie' "
              "200 g, possible Listeria monocytogenes. Trace every affected lot forward to distributors, confirm "
              "contacts, and keep the public notice accurate. Lots affected: AB-0311 .. AB-0318.")
DCS = [("DC-East (Harrow Foods, Albany NY)", 1440), ("FreshRoute Distribution, Newark NJ", 960),
       ("Valley Grocers Coop, Scranton PA", 600), ("Coastal Deli Supply, Providence RI", 480),
       ("Harrow Foods DC-North, Burlington VT", 360), ("Greenline Markets DC, Hartford CT", 720)]


def lot_trace(lot, k):
    ships = []
    for j in range(3):
        name, qty = DCS[(k + j * 2) % len(DCS)]
        ships.append({"shipment": "SH-%05d" % (22000 + k * 17 + j * 5), "date": "2026-02-%02d" % (10 + k + j),
                      "to": name, "cases": qty // (j + 2), "temp_log": "ok" if (k + j) % 4 else "excursion 7.9C 40min"})
    return json.dumps({"lot": lot, "product": "Alder Brie 200 g", "made": "2026-02-%02d" % (3 + k),
                       "units": 2400 + k * 120, "shipments": ships, "on_hand_units": (k * 37) % 90}, indent=1)


MOVED_PAGE = ("<!DOCTYPE html><html><head><title>{title}</title></head><body><div class=\"banner\">This page has "
              "moved.</div><p>Harrow Foods has consolidated its supplier contacts. For product withdrawals, food safety "
              "incidents and recalls please use our Supplier Portal. Recall notifications sent to individual "
              "distribution centres are no longer monitored.</p><p>Supplier Portal: sign in with your vendor number. "
              "Need help? Call the vendor desk Mon-Fri 8am-5pm ET.</p><footer>&copy; 2026 Harrow Foods Inc. All "
              "rights reserved. | Privacy | Terms | Accessibility</footer></body></html>")


def recall():
    out = []
    # R1: the same 'page moved' content re-served under different titles/URLs; agent keeps trying new URLs.
    s = S("recall_moved_page_many_urls", RECALL_SYS, RECALL_TOOLS, runaway(5, 10),
          "Every Harrow Foods contact URL the agent tries returns the same 'this page has moved' body under a different "
          "title; the agent keeps guessing URLs instead of escalating.")
    s.user("We still have no confirmed recall contact at Harrow Foods (DC-East and DC-North). Find one.")
    s.call("trace_lot", {"lot": "AB-0313"}, lot_trace("AB-0313", 2))
    urls = [("https://www.harrowfoods.com/suppliers/recall-contacts", "Recall Contacts | Harrow Foods"),
            ("https://www.harrowfoods.com/dc/east/contact", "DC-East Contact - Harrow Foods"),
            ("https://www.harrowfoods.com/dc/north/contact", "DC-North Contact - Harrow Foods"),
            ("https://www.harrowfoods.com/food-safety", "Food Safety at Harrow"),
            ("https://www.harrowfoods.com/suppliers/quality-assurance", "Quality Assurance | Suppliers"),
            ("https://www.harrowfoods.com/contact-us/recalls", "Recalls - Contact Us"),
            ("https://harrowfoods.com/en-us/vendors/withdrawals", "Vendor Withdrawals"),
            ("https://www.harrowfoods.com/dc/east/food-safety-team", "DC-East Food Safety Team"),
            ("https://www.harrowfoods.com/suppliers/incident-reporting", "Incident Reporting"),
            ("https://www.harrowfoods.com/about/locations/albany", "Albany Distribution Center"),
            ("https://www.harrowfoods.com/suppliers/contacts?dept=qa", "Supplier Contacts - QA"),
            ("https://www.harrowfoods.com/dc/north/food-safety", "DC-North Food Safety")]
    for i, (u, title) in enumerate(urls):
        s.call("get_distributor", {"ref": u}, MOVED_PAGE.format(title=title), dt=8,
               text="Harrow received shipments of AB-0313. Looking up their recall contact." if i == 0 else
               ("That page has moved. Trying %s." % u.split("harrowfoods.com")[1] if i % 2 else None))
    out.append(s)

    # R2: two agents handing the same notice back and forth (the reviewer's messages arrive as user turns).
    s = S("recall_notice_pingpong", RECALL_SYS + " A compliance reviewer agent checks your notice drafts; its messages "
          "arrive as user messages prefixed 'REVIEWER:'.", None, runaway(4, 9),
          "Tool-less hand-off: the tracer sends the notice, the reviewer returns it for 'missing best-before dates', "
          "the tracer answers that the dates are in the table and resends the same draft, forever.")
    notice = ("RECALL NOTICE R-2026-031\nNorthfield Creamery is recalling Alder Brie 200 g, lots AB-0311 to AB-0318, "
              "because it may be contaminated with Listeria monocytogenes.\n\n| Lot | Best before | UPC |\n|---|---|---|\n"
              + "\n".join("| AB-03%02d | 2026-04-%02d | 0 84512 00%03d 7 |" % (11 + k, 2 + k, 311 + k) for k in range(8))
              + "\n\nDistributed in NY, NJ, PA, RI, VT and CT. Consumers should not eat the product and should return it "
                "for a full refund. Questions: 1-800-555-0142, 8am-6pm ET.")
    s.user("REVIEWER: Please send the notice draft for R-2026-031 for compliance review.")
    rev = ["REVIEWER: Returned. The notice must state best-before dates for each lot (21 CFR 7.49). Please add and resend.",
           "REVIEWER: Returned. Best-before dates per lot are required. Add them and resend.",
           "REVIEWER: Returned: per-lot best-before dates missing. Resend when added.",
           "REVIEWER: Returned. Missing: best-before date for each lot. Please fix and resend.",
           "REVIEWER: Returned - add lot best-before dates and resend."]
    tr = ["Draft below.\n\n", "The best-before dates are already in the table (column 2). Resending unchanged:\n\n",
          "They are in the table's 'Best before' column. Resending:\n\n",
          "Please see the 'Best before' column; the dates are there. Same draft again:\n\n",
          "The dates are present in the table. Resending the draft:\n\n"]
    for i in range(11):
        s.say(tr[min(i, 4)] + notice)
        s.user(rev[i % 5], dt=20 + (i % 3) * 5)
    out.append(s)

    # H1: lot by lot, same instruction, the same temperature-excursion finding recurs on different lots.
    s = S("recall_lot_by_lot", RECALL_SYS, RECALL_TOOLS, notes=
          "Traces the eight lots one by one (same tool, different lot, shared JSON boilerplate); the same kind of "
          "finding (temperature excursion, Harrow DC-East) recurs on several lots; then the notice is published.")
    s.user("Trace AB-0311 through AB-0318 one at a time and tell me after each lot whether anything needs escalation.")
    for k in range(8):
        lot = "AB-03%02d" % (11 + k)
        s.call("trace_lot", {"lot": lot}, lot_trace(lot, k), dt=20, text=None if k == 0 else
               "Lot %s done%s. Next: %s." % ("AB-03%02d" % (10 + k), " - temperature excursion on one shipment, flagged"
                                             if k % 4 in (1, 0) and k else "", lot))
    s.call("get_distributor", {"ref": "FreshRoute Distribution"}, json.dumps(
        {"name": "FreshRoute Distribution", "recall_contact": "qa-recalls@freshroute.example", "phone": "973-555-0188",
         "portal": None}), dt=15, text="All lots traced. Confirming FreshRoute's contact.")
    s.call("publish_notice", {"notice_id": "R-2026-031", "body": "Alder Brie 200 g lots AB-0311..AB-0318 ..."},
           json.dumps({"ok": True, "version": 2, "published_at": "2026-03-02T15:20:00Z"}), dt=40,
           text="Publishing the updated notice with the full distributor list.")
    s.say("Published v2. Excursions on AB-0312, AB-0315 and AB-0316 shipments are flagged for the FDA report.")
    s.user("Thanks, send me the excursion list by email later.", dt=300)
    out.append(s)

    # H2: distributor API answers 429/503 with backoff, then succeeds; work continues.
    s = S("recall_backoff_then_ok", RECALL_SYS, RECALL_TOOLS, notes=
          "The distributor registry returns 429 then 503 with Retry-After; the agent waits (growing gaps) and the "
          "call succeeds on the fourth try; the session then moves on to other distributors.")
    s.user("Get confirmed recall contacts for Valley Grocers, Coastal Deli and Greenline.")
    errs = [("429", "rate limit exceeded: 60 requests/min for key nf-recall-bot", 30),
            ("503", "registry maintenance, retry later", 60), ("503", "upstream timeout (gateway)", 120)]
    for i, (code, msg, ra) in enumerate(errs):
        s.call("get_distributor", {"ref": "Valley Grocers Coop"}, json.dumps(
            {"error": {"status": int(code), "message": msg, "retry_after_s": ra}}), dt=ra if i else 10, err=True,
            text=None if i == 0 else "Got %s; waiting %d s as asked and retrying." % (errs[i - 1][0], errs[i - 1][2]))
    for i, (name, mail, ph) in enumerate([("Valley Grocers Coop", "foodsafety@valleygrocers.example", "570-555-0121"),
                                          ("Coastal Deli Supply", "recall@coastaldeli.example", "401-555-0199"),
                                          ("Greenline Markets DC", "qa.hartford@greenline.example", "860-555-0107")]):
        s.call("get_distributor", {"ref": name}, json.dumps(
            {"name": name, "recall_contact": mail, "phone": ph, "after_hours": "860-555-0100" if i == 2 else None,
             "acknowledged_recalls_2026": 2 + i}), dt=240 if i == 0 else 12,
            text="Waiting %d s, then retrying." % errs[-1][2] if i == 0 else None)
    s.say("All three contacts confirmed: Valley Grocers (foodsafety@...), Coastal Deli (recall@...), Greenline "
          "(qa.hartford@..., after-hours line too).")
    s.user("Perfect. Add them to the notice contact list.", dt=200)
    s.call("publish_notice", {"notice_id": "R-2026-031", "body": "contacts updated"}, json.dumps(
        {"ok": True, "version": 3}), dt=15)
    out.append(s)
    return out


SOL_TOOLS = [
    ("run_slither", "Run the static analyser on a contract path; returns findings.", {"path": "string"}),
    ("run_tests", "Run forge tests matching a pattern; returns the forge output.", {"match": "string"}),
    ("edit_file", "Replace a file's contents.", {"path": "string", "content": "string"}),
]
SOL_SYS = ("You audit and fix Solidity contracts in the 'harbor-vault' repository (Foundry, solc 0.8.24). Fix real "
           "issues with minimal diffs, keep tests green, and report findings by severity.")

VAULT = """// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {IERC20} from "openzeppelin/token/ERC20/IERC20.sol";
import {SafeERC20} from "openzeppelin/token/ERC20/utils/SafeERC20.sol";

contract HarborVault {
    using SafeERC20 for IERC20;

    IERC20 public immutable asset;
    mapping(address => uint256) public shares;
    uint256 public totalShares;
    {extra}
    constructor(IERC20 _asset) { asset = _asset; }

    function deposit(uint256 amount) external {
        uint256 s = totalShares == 0 ? amount : amount * totalShares / asset.balanceOf(address(this));
        shares[msg.sender] += s;
        totalShares += s;
        asset.safeTransferFrom(msg.sender, address(this), amount);
    }

    function withdraw(uint256 s) external {{body}}
}
"""
WITHDRAW_BODIES = [
    "\n        uint256 amount = s * asset.balanceOf(address(this)) / totalShares;\n        (bool ok,) = msg.sender.call(\"\");\n        require(ok);\n        asset.safeTransfer(msg.sender, amount);\n        shares[msg.sender] -= s;\n        totalShares -= s;\n    ",
    "\n        require(!locked, \"reentrant\");\n        uint256 amount = s * asset.balanceOf(address(this)) / totalShares;\n        asset.safeTransfer(msg.sender, amount);\n        shares[msg.sender] -= s;\n        totalShares -= s;\n    ",
    "\n        uint256 amount = s * asset.balanceOf(address(this)) / totalShares;\n        shares[msg.sender] -= s;\n        asset.safeTransfer(msg.sender, amount);\n        totalShares -= s;\n    ",
    "\n        locked = true;\n        uint256 amount = s * asset.balanceOf(address(this)) / totalShares;\n        asset.safeTransfer(msg.sender, amount);\n        shares[msg.sender] -= s;\n        totalShares -= s;\n        locked = false;\n    ",
]


def forge_out(run, results, gas_seed):
    lines = ["[⠊] Compiling...", "[⠒] Compiling 42 files with Solc 0.8.24",
             "[⠢] Solc 0.8.24 finished in %.2fs" % (2.1 + (run % 7) / 10), "Compiler run successful!", ""]
    suites = {}
    for name, ok, reason in results:
        suite = name.split(".")[0]
        suites.setdefault(suite, []).append((name.split(".")[1], ok, reason))
    npass = nfail = 0
    for suite, tests in suites.items():
        lines.append("Ran %d tests for test/%s.t.sol:%s" % (len(tests), suite, suite))
        for k, (t, ok, reason) in enumerate(tests):
            gas = 40000 + (gas_seed * 977 + k * 3331) % 90000
            if ok:
                npass += 1
                lines.append("[PASS] %s() (gas: %d)" % (t, gas))
            else:
                nfail += 1
                lines.append("[FAIL: %s] %s() (gas: %d)" % (reason, t, gas))
                lines.append("Traces:\n  [%d] %s::%s()\n    ├─ [%d] HarborVault::withdraw(1000000000000000000 [1e18])\n"
                             "    │   └─ ← [Revert] %s\n    └─ ← [Revert] %s" % (gas, suite, t, gas - 900, reason, reason))
        lines.append("Suite result: %s. %d passed; %d failed; 0 skipped; finished in %.2fms" % (
            "ok" if all(o for _, o, _ in tests) else "FAILED", sum(1 for _, o, _ in tests if o),
            sum(1 for _, o, _ in tests if not o), 3.1 + (gas_seed * 13 % 50) / 10))
        lines.append("")
    lines.append("Ran %d test suites: %d tests passed, %d failed, 0 skipped (%d total tests)" % (
        len(suites), npass, nfail, npass + nfail))
    return "\n".join(lines)


def base_results(extra_fail=None):
    names = ["HarborVaultTest.testDeposit", "HarborVaultTest.testDepositZero", "HarborVaultTest.testWithdrawAll",
             "HarborVaultTest.testWithdrawPartial", "HarborVaultTest.testShareMathRounding",
             "HarborVaultTest.testInflationAttack", "ReentrancyTest.testWithdrawReentrancy",
             "ReentrancyTest.testReentrancyViaHook", "InvariantTest.invariant_totalSharesMatches"]
    res = []
    for n in names:
        f = extra_fail.get(n) if extra_fail else None
        res.append((n, f is None, f))
    return res


def slither(findings, run):
    head = ["'forge clean' running (wd: /repo/harbor-vault)", "'forge config --json' running",
            "'forge build --build-info --skip */test/** */script/** --force' running (wd: /repo/harbor-vault)",
            "INFO:Detectors:"]
    body = []
    for det, text in findings:
        body.append("%s\nReference: https://github.com/crytic/slither/wiki/Detector-Documentation#%s" % (text, det))
    tail = ["INFO:Slither:src/HarborVault.sol analyzed (%d contracts with 94 detectors), %d result(s) found" % (
        6, len(findings)), "analysis id %08x" % (0x5a1e0000 + run * 7919)]
    return "\n".join(head + body + tail)


REENT = ("reentrancy-eth", "Reentrancy in HarborVault.withdraw(uint256) (src/HarborVault.sol#24-31):\n\tExternal calls:\n"
         "\t- asset.safeTransfer(msg.sender,amount) (src/HarborVault.sol#27)\n\tState variables written after the "
         "call(s):\n\t- shares[msg.sender] -= s (src/HarborVault.sol#28)\n\t- totalShares -= s (src/HarborVault.sol#29)")
DIVZ = ("divide-before-multiply", "HarborVault.deposit(uint256) (src/HarborVault.sol#18-23) performs a multiplication "
        "on the result of a division:\n\t- s = amount * totalShares / asset.balanceOf(address(this)) (#19)")
LOWCALL = ("low-level-calls", "Low level call in HarborVault.withdraw(uint256) (src/HarborVault.sol#24-31):\n\t- "
           "(ok,None) = msg.sender.call() (src/HarborVault.sol#26)")
INFL = ("incorrect-equality", "HarborVault.deposit(uint256) uses a dangerous strict equality:\n\t- totalShares == 0 (#19)")


def contract():
    out = []
    # R1: edit / test loop; every edit different but the same reentrancy test fails at the same revert, buried in output.
    s = S("sol_reentrancy_same_revert", SOL_SYS, SOL_TOOLS, runaway(7, 13),
          "The agent rotates through three withdraw() rewrites with new explanations, but ReentrancyTest.testWithdrawReentrancy fails with the same revert "
          "every run, inside long forge output whose gas numbers and timings vary.", max_tokens=2048)
    s.user("Fix the reentrancy finding in HarborVault.withdraw and get the suite green.")
    s.call("run_slither", {"path": "src/HarborVault.sol"}, slither([REENT, LOWCALL, DIVZ, INFL], 0))
    fail = {"ReentrancyTest.testWithdrawReentrancy": "HarborVault: reentrant call observed (balance drained 2x)"}
    why = ["Adding a lock flag check before the transfer.", "Moving the shares update before the transfer.",
           "Setting the lock around the body.", "Checking the lock first, like before, but keeping the transfer last.",
           "Updating shares before the transfer again, with the lock.", "Lock on, update, transfer, lock off.",
           "Trying the shares-first order once more.", "Re-adding the require(!locked) guard."]
    for i in range(8):
        body = WITHDRAW_BODIES[1 + i % 3]
        src = VAULT.replace("{extra}", "bool private locked;\n").replace("{body}", body)
        s.call("edit_file", {"path": "src/HarborVault.sol", "content": src}, json.dumps({"ok": True, "bytes": len(src)}),
               dt=30, text=why[i])
        s.call("run_tests", {"match": "."}, forge_out(i, base_results(fail), i + 3), dt=45)
    out.append(s)

    # R2: analyser/test/edit cycle of period 3 returning the same results; only the analysis id ticks.
    s = S("sol_analyser_cycle_period3", SOL_SYS, SOL_TOOLS, runaway(6, 12),
          "A period-3 cycle: slither (same findings, new analysis id) / tests (same failure) / an edit that "
          "re-applies the same change; results change only in a ticking id and timings.")
    s.user("Audit HarborVault and clear the slither findings.")
    src = VAULT.replace("{extra}", "").replace("{body}", WITHDRAW_BODIES[0])
    s.call("run_slither", {"path": "src/HarborVault.sol"}, slither([REENT, LOWCALL, DIVZ, INFL], 0))
    fail2 = {"HarborVaultTest.testShareMathRounding": "assertion failed: 999999999999999999 != 1000000000000000000"}
    fixed = src.replace("amount * totalShares / asset.balanceOf(address(this))",
                        "Math.mulDiv(amount, totalShares, asset.balanceOf(address(this)))")
    for r in range(7):
        s.call("edit_file", {"path": "src/HarborVault.sol", "content": fixed}, json.dumps({"ok": True}), dt=25,
               text="Replacing the divide-before-multiply with mulDiv." if r == 0 else "Re-applying the mulDiv fix.")
        s.call("run_tests", {"match": "HarborVaultTest"}, forge_out(r, base_results(fail2)[:6], 11), dt=40)
        s.call("run_slither", {"path": "src/HarborVault.sol"}, slither([REENT, LOWCALL, DIVZ, INFL], r + 1), dt=35)
    out.append(s)

    # H1: test failures that change every run and then pass.
    s = S("sol_failures_change_then_green", SOL_SYS, SOL_TOOLS, notes=
          "Edit/test iterations where each forge run fails on a different test with a different reason, then "
          "everything passes and slither is clean except an accepted informational finding.")
    s.user("Fix the reentrancy in withdraw, then make sure the whole suite passes.")
    s.call("run_slither", {"path": "src/HarborVault.sol"}, slither([REENT, LOWCALL, DIVZ, INFL], 0))
    stages = [
        ("Checks-effects-interactions: update shares before the transfer, drop the stray low-level call.",
         WITHDRAW_BODIES[2], {"HarborVaultTest.testShareMathRounding": "assertion failed: 999999999999999999 != 1e18",
                              "HarborVaultTest.testInflationAttack": "attacker profit 4.9e17 > 0"}),
        ("Using mulDiv with rounding down for shares.", WITHDRAW_BODIES[2],
         {"HarborVaultTest.testInflationAttack": "attacker profit 4.9e17 > 0"}),
        ("Adding virtual shares/assets offset (1e3) against the donation attack.", WITHDRAW_BODIES[2],
         {"InvariantTest.invariant_totalSharesMatches": "invariant broken after 212 calls: totalShares 1000 != sum 0"}),
        ("The invariant didn't account for the virtual offset; fixing the invariant's sum, not the vault.",
         WITHDRAW_BODIES[2], {}),
    ]
    for i, (why, body, fails) in enumerate(stages):
        src = VAULT.replace("{extra}", "uint256 private constant OFFSET = 1e3;\n" if i >= 2 else "").replace("{body}", body)
        path = "test/Invariant.t.sol" if i == 3 else "src/HarborVault.sol"
        s.call("edit_file", {"path": path, "content": src if i < 3 else "// invariant: totalShares == sum(shares) + OFFSET\n"},
               json.dumps({"ok": True}), dt=40, text=why)
        s.call("run_tests", {"match": "."}, forge_out(i, base_results(fails), i), dt=50)
    s.call("run_slither", {"path": "src/HarborVault.sol"}, slither([INFL], 9), dt=30)
    s.say("Green: 9/9 tests. Remaining slither note (strict equality on totalShares == 0) is intended for the first "
          "deposit and documented.")
    s.user("Nice. Write the findings summary.", dt=400)
    out.append(s)

    # H2: iterative refinement; slither output mostly identical boilerplate, findings drop one at a time.
    s = S("sol_refine_findings_drop", SOL_SYS, SOL_TOOLS, notes=
          "Small edits, each followed by slither: the long output is mostly the same boilerplate but one finding "
          "disappears each round, and the tests stay green.")
    s.user("Clear slither down to zero high/medium findings with the smallest diffs you can.")
    findings = [REENT, LOWCALL, DIVZ, INFL]
    s.call("run_slither", {"path": "src/HarborVault.sol"}, slither(findings, 0))
    steps = [("Remove the stray low-level call.", LOWCALL), ("Move state updates before the transfer.", REENT),
             ("Multiply before dividing via mulDiv.", DIVZ)]
    for i, (why, gone) in enumerate(steps):
        findings = [f for f in findings if f != gone]
        s.call("edit_file", {"path": "src/HarborVault.sol", "content": VAULT.replace("{extra}", "").replace(
            "{body}", WITHDRAW_BODIES[2] if i else WITHDRAW_BODIES[0].replace(
                '        (bool ok,) = msg.sender.call("");\n        require(ok);\n', ""))}, json.dumps({"ok": True}), dt=30, text=why)
        s.call("run_slither", {"path": "src/HarborVault.sol"}, slither(findings, i + 1), dt=40)
        s.call("run_tests", {"match": "."}, forge_out(i, base_results(), 20 + i), dt=40)
    s.say("Down to one informational finding; all tests green.")
    s.user("Ok, and the strict equality one - keep or change?", dt=600)
    s.say("Keep: it only selects the first-deposit branch; with the virtual offset it can't be gamed.")
    s.user("Agreed. Thanks.", dt=90)
    out.append(s)
    return out


FAM_TOOLS = [
    ("search_records", "Search genealogy collections (census, parish, immigration). Returns a page of hits and next_page.",
     {"query": "string", "collection": "string", "page": "integer"}),
    ("edit_tree", "Add or update a person/relationship in the family tree. person_id like I-0042.",
     {"person_id": "string", "change": "string"}),
]
FAM_SYS = ("You help Marta Lindqvist research her family tree (tree 'Lindqvist-Weber', 214 people). Cite every record "
           "you use (collection, page, line). Never merge people without two independent sources.")


def census_hit(i, name, year, place, coll):
    return {"record_id": "%s-%06d" % (coll[:3].upper(), 310000 + i * 4127), "name": name, "birth_year": year,
            "residence": place, "collection": coll, "image": "film 00%d, img %d" % (4870 + i, 120 + i * 3),
            "household": ["%s (head)" % name, "Anna %s (wife)" % name.split()[-1], "%d children" % (1 + i % 5)]}


GERMAN_LETTER = [
    "Liebe Schwester, ich schreibe Dir aus Milwaukee, wo wir nun seit dem 3. Mai wohnen. Die Überfahrt von Bremen dauerte "
    "vierzehn Tage, und der kleine Heinrich war die ganze Zeit seekrank.",
    "Johann hat Arbeit in der Gerberei von Herrn Pfister gefunden, er verdient neun Dollar die Woche. Die Miete für "
    "unsere zwei Zimmer in der Vierten Straße beträgt drei Dollar.",
    "Die Kirche hier ist lutherisch wie zu Hause, Pastor Grabau predigt auf Deutsch. Wir haben Heinrich dort am "
    "Pfingstsonntag konfirmieren lassen.",
    "Bitte sage der Mutter, dass wir gesund sind. Der Winter soll hier sehr streng sein, man sagt, der See friert zu.",
    "Wenn Ihr kommen wollt, schreibt an die Adresse: Joh. Weber, bei Pfister & Vogel, Milwaukee, Wisconsin. Das "
    "Schiff 'Hansa' fährt im März von Bremen.",
    "Ich lege Dir ein Bild von uns bei, gemacht beim Photographen Klein am Markt. Heinrich steht rechts, die kleine "
    "Marie sitzt auf meinem Schoß.",
    "Grüße auch Onkel Friedrich und die Kinder in Lienen. Wir denken jeden Sonntag an Euch.",
    "Deine treue Schwester Catharina Weber, geb. Lindemann. Milwaukee, den 14. November 1868.",
]
GERMAN_EN = [
    "Dear sister, I am writing to you from Milwaukee, where we have lived since 3 May. The crossing from Bremen took "
    "fourteen days, and little Heinrich was seasick the whole time.",
    "Johann has found work in Mr Pfister's tannery; he earns nine dollars a week. The rent for our two rooms on "
    "Fourth Street is three dollars.",
    "The church here is Lutheran as at home; Pastor Grabau preaches in German. We had Heinrich confirmed there on "
    "Whit Sunday.",
    "Please tell Mother that we are well. The winter here is said to be very harsh; people say the lake freezes over.",
    "If you want to come, write to: Joh. Weber, c/o Pfister & Vogel, Milwaukee, Wisconsin. The ship 'Hansa' sails "
    "from Bremen in March.",
    "I enclose a picture of us, taken at the photographer Klein's on the market square. Heinrich stands on the right, "
    "little Marie sits on my lap.",
    "Greetings also to Uncle Friedrich and the children in Lienen. We think of you every Sunday.",
    "Your faithful sister Catharina Weber, née Lindemann. Milwaukee, 14 November 1868.",
]


def genealogy():
    out = []
    # R1: renamed entities - edit_tree fails 'person not found' while the agent invents a new id each time.
    s = S("fam_person_not_found_new_ids", FAM_SYS, FAM_TOOLS, runaway(4, 9),
          "edit_tree keeps failing with 'person not found' because the agent invents a new person id each attempt "
          "(I-0215, I-0216, ...); ids change, the failure is identical.")
    s.user("Add Heinrich Weber (b. 1855, Lienen) as son of Johann and Catharina Weber, from the 1870 census.")
    s.call("search_records", {"query": "Heinrich Weber 1855 Milwaukee", "collection": "US Census 1870", "page": 1},
           json.dumps({"hits": [census_hit(1, "Heinrich Weber", 1855, "Milwaukee Ward 4, WI", "US Census 1870")],
                       "next_page": None}))
    for i in range(11):
        pid = "I-%04d" % (215 + i)
        s.call("edit_tree", {"person_id": pid, "change": "add child of I-0087 (Johann Weber) and I-0088 (Catharina "
                                                         "Weber); source USC-%06d line 14" % (314127)},
               json.dumps({"error": "PERSON_NOT_FOUND", "status": 404,
                           "message": "no person with id %s in tree Lindqvist-Weber; create the person first" % pid}),
               dt=10, err=True, text="Adding Heinrich as %s." % pid if i < 3 else None)
    out.append(s)

    # R2: tool-less - the user pastes a growing GEDCOM import log with the same error each time.
    s = S("fam_gedcom_same_error_growing_log", FAM_SYS, None, runaway(4, 8),
          "Tool-less: the user re-runs a GEDCOM import and pastes an ever longer log; the same 'invalid date' error on "
          "the same line is at the bottom every time and the assistant's advice repeats.")

    def ged_log(n):
        lines = ["GEDCOM import - Lindqvist-Weber.ged (5.5.1, UTF-8), run %d" % n]
        for k in range(40 * n + 60):
            lines.append("line %5d: INDI @I%04d@ %s ok" % (100 + k * 37, k + 1, ["NAME", "BIRT", "DEAT", "FAMC"][k % 4]))
        lines.append("line  4821: ERROR invalid date 'ABT 1850/51' in @I0131@ BIRT DATE - import aborted")
        return "\n".join(lines)

    advice = ["Line 4821 has a dual date 'ABT 1850/51'. GEDCOM 5.5.1 allows dual dates only without ABT. Change it "
              "to 'ABT 1850' or '1850/51' in your program and export again.",
              "It's still line 4821: 'ABT 1850/51'. Edit @I0131@'s birth date to 'ABT 1850' (or '1850/51' without "
              "ABT) before exporting.",
              "Same error - the date 'ABT 1850/51' on @I0131@ needs changing to 'ABT 1850' before you export.",
              "The import still stops at 'ABT 1850/51' on line 4821. Please change that date first.",
              "Still 'ABT 1850/51'. Change the date, then export.",
              "Line 4821 again: change 'ABT 1850/51'.",
              "It's the same date problem on line 4821.",
              "Same as before: 'ABT 1850/51' must be changed."]
    for i in range(11):
        s.user(("Import failed, log below:\n\n" if i == 0 else "Tried again, still fails:\n\n") + ged_log(i + 1),
               dt=180 + i * 30)
        s.say(advice[min(i, 7)])
    out.append(s)

    # H1: paging through search results, same tool, next page, new hits; then tree edits.
    s = S("fam_search_pagination", FAM_SYS, FAM_TOOLS, notes=
          "Pages through a parish-register search (same query, next page, new hits with shared boilerplate), then adds "
          "two people with sources.")
    s.user("Find all Weber baptisms in Lienen 1850-1870, then add Heinrich and Marie if you find them.")
    names = ["Heinrich", "Marie", "Johann", "Anna", "Friedrich", "Catharina", "Wilhelm", "Elise", "Hermann", "Louise",
             "August", "Sophie"]
    for p in range(6):
        hits = []
        for k in range(6):
            i = p * 6 + k
            hits.append({"record_id": "LIE-B-%d-%03d" % (1850 + i // 2, 10 + i * 3),
                         "name": "%s Weber" % names[i % 12], "baptised": "%d-%02d-%02d" % (1850 + i // 2, 1 + i % 12,
                                                                                           1 + (i * 7) % 28),
                         "father": ["Johann Weber", "Hermann Weber", "Friedrich Weber"][i % 3], "collection":
                         "Lienen Lutheran Parish Registers 1800-1900", "image": "KB Lienen Taufen, p. %d" % (40 + i)})
        s.call("search_records", {"query": "Weber baptism", "collection": "Lienen Parish", "page": p + 1}, json.dumps(
            {"page": p + 1, "of": 6, "hits": hits, "next_page": p + 2 if p < 5 else None}, indent=1), dt=15,
            text=None if p else "Searching the Lienen registers.")
    for pid, ch in [("I-0215", "add Heinrich Weber b. 1855-03-11 Lienen, child of I-0087 and I-0088; source "
                               "LIE-B-1855-022"),
                    ("I-0216", "add Marie Weber b. 1866-09-02 Milwaukee, child of I-0087 and I-0088; source "
                               "letter 1868 + USC-318254")]:
        s.call("edit_tree", {"person_id": pid, "change": ch}, json.dumps({"ok": True, "created": pid}), dt=20)
    s.say("Added Heinrich (I-0215) and Marie (I-0216) with sources.")
    s.user("Wonderful, thank you!", dt=1200)
    out.append(s)

    # H2: translate a letter chunk after chunk with the same prompt. Tool-less, slow-ish.
    s = S("fam_letter_translate_chunks", FAM_SYS + " When asked to translate, give a faithful English translation, "
          "then one line of genealogical notes.", None, notes=
          "Tool-less: the same translation instruction with the next paragraph of an 1868 letter each turn; each "
          "answer is new text.")
    for i, chunk in enumerate(GERMAN_LETTER):
        s.user("Translate this paragraph of Catharina's 1868 letter (part %d of 8), same format as before:\n\n%s" % (
            i + 1, chunk), dt=90 + (i * 41) % 120)
        s.say("Translation: %s\n\nNotes: %s" % (GERMAN_EN[i], [
            "Arrival date May 1868 fits the Bremen passenger lists.", "Check city directory 1869 for Pfister tannery.",
            "Grabau's church records may hold the confirmation.", "Mother still alive in 1868.",
            "'Hansa' sailings could date the sister's emigration.", "Marie b. c.1866-67 - matches I-0216.",
            "Uncle Friedrich in Lienen - look for his household.", "Maiden name Lindemann confirmed."][i]))
    out.append(s)
    return out


# ---------------------------------------------------------------------------------------------
STYLES = [
    ("hydroponic_farm_controller", "hydroponic"),
    ("data_warehouse_cost_audit", "warehouse"),
    ("quiz_grader_batch", "quiz"),
    ("game_mod_compat_fixer", "gamemod"),
    ("interview_prep_coach", "interview"),
    ("food_recall_tracer", "recall"),
    ("smart_contract_audit", "contract"),
    ("family_tree_research", "genealogy"),
]


def build():
    files = {}
    k = 0
    for style, fn in STYLES:
        for sess in globals()[fn]():
            shape = SHAPES[k % 3]
            k += 1
            doc = render(sess, shape, style)
            doc["name"] = "%s_%s" % (sess.name, shape)
            doc["headers"]["x-session-id"] = "corpw-%s-%s" % (sess.name, shape)
            files["heldout/%s.json" % doc["name"]] = doc
    return files


class Invalid(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Invalid(msg)


def validate_request(shape, req, tools_declared):
    need(isinstance(req.get("model"), str), "model")
    if shape == "chat":
        msgs = req.get("messages")
        need(isinstance(msgs, list) and msgs, "messages")
        pending = set()
        for i, m in enumerate(msgs):
            need(m.get("role") in ("system", "user", "assistant", "tool"), "chat role")
            if m["role"] == "tool":
                need(m.get("tool_call_id") in pending, "tool message without a matching call")
                pending.discard(m["tool_call_id"])
                continue
            need(not pending, "tool calls not answered before next message")
            if m["role"] == "assistant":
                for tc in m.get("tool_calls", []):
                    need(tc["type"] == "function" and tc["function"]["name"] in tools_declared, "undeclared tool")
                    json.loads(tc["function"]["arguments"])
                    pending.add(tc["id"])
                need(m.get("content") or m.get("tool_calls"), "empty assistant")
            else:
                need(isinstance(m.get("content"), str) and m["content"], "content")
        need(not pending, "dangling tool calls")
        need(msgs[-1]["role"] in ("user", "tool"), "last chat message must be user/tool")
    elif shape == "responses":
        need(isinstance(req.get("input"), list) and req["input"], "input")
        need("previous_response_id" not in req, "previous_response_id")
        need(isinstance(req.get("max_output_tokens"), int), "max_output_tokens")
        calls = set()
        for it in req["input"]:
            if it.get("type") == "function_call":
                need(it["name"] in tools_declared, "undeclared tool")
                json.loads(it["arguments"])
                calls.add(it["call_id"])
            elif it.get("type") == "function_call_output":
                need(it["call_id"] in calls, "output without call")
                calls.discard(it["call_id"])
            else:
                need(it.get("role") in ("user", "assistant"), "responses role")
                for c in it["content"]:
                    need(c["type"] == ("input_text" if it["role"] == "user" else "output_text"), "content type")
        need(not calls, "function_call without output")
        last = req["input"][-1]
        need(last.get("role") == "user" or last.get("type") == "function_call_output", "last item")
    else:
        need(isinstance(req.get("max_tokens"), int), "max_tokens")
        need(isinstance(req.get("system"), str), "system")
        msgs = req.get("messages")
        need(isinstance(msgs, list) and msgs and msgs[0]["role"] == "user", "first message user")
        prev_uses = set()
        for i, m in enumerate(msgs):
            need(m["role"] == ("user" if i % 2 == 0 else "assistant"), "anthropic roles must alternate")
            need(m["content"], "empty content")
            if m["role"] == "assistant":
                prev_uses = set()
                for b in m["content"]:
                    need(b["type"] in ("text", "tool_use"), "assistant block")
                    if b["type"] == "tool_use":
                        need(b["name"] in tools_declared, "undeclared tool")
                        prev_uses.add(b["id"])
            else:
                results = [b["tool_use_id"] for b in m["content"] if b["type"] == "tool_result"]
                need(set(results) == prev_uses, "tool_result must answer exactly the previous tool_use blocks")
                need(len(results) == len(set(results)), "duplicate tool_result")
                prev_uses = set()
        need(msgs[-1]["role"] == "user", "last message user")


def tools_of(shape, req):
    t = req.get("tools", [])
    if shape == "chat":
        return {x["function"]["name"] for x in t}
    return {x["name"] for x in t}


def validate(doc):
    need(set(doc) == {"name", "style", "shape", "path", "headers", "expected", "notes", "turns"}, "fields")
    shape = doc["shape"]
    need(doc["path"] == PATHS[shape], "path")
    need(set(doc["headers"]) == {"x-session-id", "x-user-id"}, "headers")
    n = len(doc["turns"])
    need(8 <= n <= 30, "8-30 turns, got %d" % n)
    e = doc["expected"]
    if e["outcome"] == "runaway":
        need(1 < e["loop_begins_turn"] <= e["stop_by_turn"] < n, "B/D range")
    else:
        need(e == {"outcome": "healthy"}, "expected")
    last_at = -1
    prev = None
    key = {"chat": "messages", "responses": "input", "anthropic": "messages"}[shape]
    for t in doc["turns"]:
        need(t["at_seconds"] >= last_at and isinstance(t["at_seconds"], int), "at_seconds")
        last_at = t["at_seconds"]
        req = t["request"]
        validate_request(shape, req, tools_of(shape, req))
        cur = req[key]
        if prev is not None and len(cur) > 1:
            # history resent: the previous request is a prefix (except a stateless client's single message)
            need(cur[:len(prev)] == prev, "history is not resent as a prefix")
        prev = cur


def main():
    files = build()
    for name, doc in sorted(files.items()):
        try:
            validate(doc)
        except (Invalid, KeyError, ValueError) as err:
            print("INVALID %s: %s" % (name, err))
            return 1
    ids = [d["headers"]["x-session-id"] for d in files.values()]
    if len(ids) != len(set(ids)):
        print("duplicate session ids")
        return 1
    texts = {k: json.dumps(v, indent=1, sort_keys=True, ensure_ascii=False) + "\n" for k, v in files.items()}
    held = os.path.join(ROOT, "heldout")
    if "--check" in sys.argv:
        on_disk = sorted(f for f in os.listdir(held) if f.endswith(".json"))
        if on_disk != sorted(k.split("/")[1] for k in texts):
            print("file set differs from disk")
            return 1
        for k, v in texts.items():
            with open(os.path.join(ROOT, k), encoding="utf-8") as fh:
                if fh.read() != v:
                    print("differs: %s" % k)
                    return 1
            json.loads(v)
        if sorted(os.listdir(os.path.join(ROOT, "tuning"))) != [".gitkeep"]:
            print("tuning/ must hold only .gitkeep")
            return 1
        print("ok: %d sessions match and validate" % len(texts))
        return 0
    os.makedirs(held, exist_ok=True)
    for f in os.listdir(held):
        if f.endswith(".json"):
            os.remove(os.path.join(held, f))
    for k, v in texts.items():
        with open(os.path.join(ROOT, k), "w", encoding="utf-8") as fh:
            fh.write(v)
    summary = {}
    for d in files.values():
        key = (d["style"], d["shape"], d["expected"]["outcome"])
        summary[key] = summary.get(key, 0) + 1
    for k in sorted(summary):
        print("%-28s %-10s %-8s %d" % (k + (summary[k],)))
    print("wrote %d sessions" % len(texts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
