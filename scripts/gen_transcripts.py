#!/usr/bin/env python3
"""Generate the agent-transcript fixtures under tests/fixtures/transcripts/ (stdlib only).

    python3 scripts/gen_transcripts.py            # (re)write every transcript + check them
    python3 scripts/gen_transcripts.py --check    # only validate the files on disk

Each transcript is the sequence of OpenAI Chat Completions requests an agent sends, with the
full, growing `messages` array resent every turn (as real agents do), `tools` definitions,
assistant `tool_calls` whose `arguments` are JSON strings and `tool` results answering them
by `tool_call_id`. Every file states the expected outcome (caught at turn N / must pass)
and was written BEFORE the detectors were tuned: see tests/fixtures/transcripts/README.md.

Determinism: every random choice comes from random.Random(seed) with a fixed seed per
transcript, ids and timestamps are derived from it, and nothing reads the wall clock, so
running the script twice gives byte-identical files.

Token numbers (`response_usage`) are a fixed heuristic (about 4 characters a token plus
per-message overhead), not a tokenizer: they play the provider's reported usage in replays
(e.g. through tests/mock_llm.py's x-mock-input-tokens / x-mock-output-tokens).
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import random
import re
import string
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "transcripts")
REASONS = {"loop_detected", "progress_stalled", "iteration_limit", "context_limit", "circuit_open"}
EPOCH = dt.datetime(2025, 3, 11, 9, 14, 7, tzinfo=dt.timezone.utc)


# --------------------------------------------------------------------------------------------
# helpers


def est_tokens(text: str) -> int:
    return max(1, (len(text) + 3) // 4)


def prompt_tokens(body: dict) -> int:
    n = 3
    for m in body["messages"]:
        n += 4
        c = m.get("content")
        if isinstance(c, str):
            n += est_tokens(c)
        for tc in m.get("tool_calls") or []:
            n += 3 + est_tokens(tc["function"]["name"]) + est_tokens(tc["function"]["arguments"])
    if body.get("tools"):
        n += 12 + est_tokens(json.dumps(body["tools"], separators=(",", ":")))
    return n


def tool(name: str, desc: str, props: dict, required: list[str]) -> dict:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": desc,
            "parameters": {"type": "object", "properties": props, "required": required},
        },
    }


S = {"type": "string"}
I = {"type": "integer"}


class Transcript:
    """Builds the turns of one agent conversation.

    `send(response)` snapshots the current messages as the next request, records the
    assistant message the model answered with (and usage), then appends that answer to the
    conversation; the caller appends tool results / user messages before the next `send`.
    """

    def __init__(self, name, description, rng, model, system, tools=None, headers=None,
                 max_tokens=None, extra=None):
        self.name, self.description, self.rng = name, description, rng
        self.model, self.tools, self.max_tokens, self.extra = model, tools, max_tokens, extra or {}
        self.headers = headers if headers is not None else {}
        self.messages = [{"role": "system", "content": system}] if system else []
        self.turns: list[dict] = []
        self.expected: dict = {}

    def call_id(self) -> str:
        return "call_" + "".join(self.rng.choice(string.ascii_letters + string.digits) for _ in range(24))

    def user(self, text: str):
        self.messages.append({"role": "user", "content": text})

    def body(self) -> dict:
        b = {"model": self.model, "messages": copy.deepcopy(self.messages)}
        if self.tools:
            b["tools"] = self.tools
            b["tool_choice"] = "auto"
        if self.max_tokens:
            b["max_tokens"] = self.max_tokens
        b.update(self.extra)
        return b

    def send(self, content=None, calls=None, completion=None, headers=None, at=None, body=None):
        """Record one request. `calls` = [(name, args_dict)]; returns the list of call ids."""
        req = body if body is not None else self.body()
        msg: dict = {"role": "assistant", "content": content}
        ids = []
        if calls:
            msg["tool_calls"] = []
            for name, args in calls:
                cid = self.call_id()
                ids.append(cid)
                msg["tool_calls"].append({"id": cid, "type": "function",
                                          "function": {"name": name, "arguments": json.dumps(args)}})
        if completion is None:
            completion = est_tokens(json.dumps(msg)) + self.rng.randint(5, 40)
        turn: dict = {"request": req,
                      "response_usage": {"prompt_tokens": prompt_tokens(req), "completion_tokens": completion}}
        if at is not None:
            turn["at_seconds"] = at
        if headers is not None:
            turn["headers"] = headers
        turn["response_message"] = msg
        self.turns.append(turn)
        if body is None:
            self.messages.append(msg)
        return ids

    def result(self, cid: str, content: str):
        self.messages.append({"role": "tool", "tool_call_id": cid, "content": content})

    def step(self, content, name, args, result, **kw):
        """One agent step: send (answer = one tool call), then append that call's result."""
        (cid,) = self.send(content, [(name, args)], **kw)
        self.result(cid, result)

    def doc(self) -> dict:
        return {"name": self.name, "description": self.description, "api": "openai_chat",
                "headers": self.headers, "expected": self.expected, "turns": self.turns}


def expect(outcome, reason=None, by=None, not_before=None, predicted=None, also=None, notes=""):
    return {"outcome": outcome, "reason": reason, "caught_by_turn": by, "not_before_turn": not_before,
            "predicted_turn": predicted, "also_acceptable": also or [], "notes": notes}


def hexid(rng, n=12):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def ts(seconds: float) -> str:
    return (EPOCH + dt.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


# --------------------------------------------------------------------------------------------
# 1. sql_fix_loop: one failing SQL fix repeated with cosmetic changes

SQL_TOOLS = [
    tool("run_sql", "Run a SQL statement against the billing database (Postgres 15). "
         "Read-only unless allow_write is true.", {"query": S, "allow_write": {"type": "boolean"}}, ["query"]),
    tool("describe_table", "Show the columns, types and indexes of a table.", {"table": S}, ["table"]),
    tool("read_file", "Read a file from the repository.", {"path": S}, ["path"]),
    tool("write_file", "Overwrite a file in the repository.", {"path": S, "content": S}, ["path", "content"]),
]

ROLLUP_SQL = """-- jobs/revenue_rollup.sql
-- Nightly revenue rollup per customer and currency (runs at 02:15 UTC).
WITH line_totals AS (
    SELECT li.invoice_id,
           SUM(li.invoice_total) AS gross,
           SUM(li.discount_cents) AS discounts
    FROM invoice_lines li
    WHERE li.voided_at IS NULL
    GROUP BY li.invoice_id
)
INSERT INTO revenue_daily (day, customer_id, currency, gross_cents, net_cents, invoices)
SELECT date_trunc('day', i.issued_at)::date AS day,
       i.customer_id,
       i.currency,
       SUM(lt.gross) AS gross_cents,
       SUM(lt.gross - lt.discounts) AS net_cents,
       COUNT(*) AS invoices
FROM invoices i
JOIN line_totals lt ON lt.invoice_id = i.id
WHERE i.issued_at >= :run_day AND i.issued_at < :run_day + interval '1 day'
  AND i.status IN ('issued', 'paid')
GROUP BY 1, 2, 3
ON CONFLICT (day, customer_id, currency) DO UPDATE
   SET gross_cents = EXCLUDED.gross_cents, net_cents = EXCLUDED.net_cents,
       invoices = EXCLUDED.invoices;
"""

INVOICES_DESC = """Table "public.invoices"
    Column     |           Type           | Nullable |              Default
---------------+--------------------------+----------+-----------------------------------
 id            | bigint                   | not null | nextval('invoices_id_seq'::regclass)
 customer_id   | bigint                   | not null |
 currency      | character(3)             | not null |
 status        | invoice_status           | not null | 'draft'::invoice_status
 total_cents   | bigint                   | not null | 0
 issued_at     | timestamp with time zone |          |
 paid_at       | timestamp with time zone |          |
 created_at    | timestamp with time zone | not null | now()
Indexes:
    "invoices_pkey" PRIMARY KEY, btree (id)
    "invoices_customer_issued_idx" btree (customer_id, issued_at)
Foreign-key constraints:
    "invoices_customer_id_fkey" FOREIGN KEY (customer_id) REFERENCES customers(id)
Referenced by:
    TABLE "invoice_lines" CONSTRAINT "invoice_lines_invoice_id_fkey" FOREIGN KEY (invoice_id) REFERENCES invoices(id)
Note: migration 0147_rename_invoice_total (deployed 2025-03-10 22:41 UTC) renamed invoices.invoice_total -> total_cents"""


def sql_attempt(k: int) -> str:
    """The agent's k-th 'fix': it edits the outer SELECT (not the CTE, where the bad column
    really is), so every attempt is the same query with cosmetic differences: spacing, a
    cast (attempts 3-4), COUNT(1) instead of COUNT(*) (attempts 6-7)."""
    sp = "  " if k % 2 else " "
    cast = "::bigint" if k in (3, 4) else ""
    count = "COUNT(1)" if k in (6, 7) else "COUNT(*)"
    lead = ["", " ", "\n", "", "  ", "", "\n", " ", ""][k % 9]
    return (
        f"{lead}WITH line_totals AS (\n    SELECT li.invoice_id,\n           SUM(li.invoice_total) AS gross,\n"
        "           SUM(li.discount_cents) AS discounts\n    FROM invoice_lines li\n"
        "    WHERE li.voided_at IS NULL\n    GROUP BY li.invoice_id\n)\n"
        f"SELECT date_trunc('day', i.issued_at)::date AS day, i.customer_id, i.currency,\n"
        f"       SUM(lt.gross){cast}{sp}AS gross_cents,\n       SUM(lt.gross - lt.discounts){cast} AS net_cents,\n"
        f"       {count} AS invoices\n"
        "FROM invoices i\nJOIN line_totals lt ON lt.invoice_id = i.id\n"
        "WHERE i.issued_at >= '2025-03-10' AND i.issued_at < '2025-03-11'\n"
        "  AND i.status IN ('issued', 'paid')\nGROUP BY 1, 2, 3\nORDER BY 1, 2\nLIMIT 20;"
    )


def sql_error(rng, t: float, query: str) -> str:
    return json.dumps({
        "ok": False,
        "request_id": "req_" + hexid(rng, 20),
        "executed_at": ts(t),
        "duration_ms": rng.randint(9, 31),
        "error": {
            "sqlstate": "42703",
            "severity": "ERROR",
            "message": "column li.invoice_total does not exist",
            "position": 67,
            "hint": "Perhaps you meant to reference the column \"li.line_total\".",
            "detail": "ERROR:  column li.invoice_total does not exist\nLINE 3:            SUM(li.invoice_total) AS gross,\n"
                      "                       ^\nHINT:  Perhaps you meant to reference the column \"li.line_total\".",
            "file": "parse_relation.c",
            "line": 3729,
            "routine": "errorMissingColumn",
            "backend_pid": rng.randint(20000, 60000),
            "server": "billing-db-replica-2.internal:5432",
            "database": "billing",
            "role": "agent_readonly",
        },
        "available_columns": {
            "invoice_lines (li)": ["id bigint", "invoice_id bigint", "sku text", "description text", "quantity integer",
                                   "unit_price_cents bigint", "line_total bigint", "discount_cents bigint", "tax_cents bigint",
                                   "voided_at timestamptz", "created_at timestamptz"],
            "invoices (i)": ["id bigint", "customer_id bigint", "currency char(3)", "status invoice_status",
                             "total_cents bigint", "issued_at timestamptz", "paid_at timestamptz", "created_at timestamptz"],
        },
        "statement": query,
        "transaction": "rolled back",
        "rows": None,
    }, indent=1)


def gen_sql_fix_loop() -> Transcript:
    rng = random.Random(1001)
    tr = Transcript(
        "sql_fix_loop",
        "A debugging agent fixing a nightly SQL job keeps re-running the same broken query "
        "(edits only the outer SELECT; the bad column is in the CTE) and gets the same error "
        "every time, with a different request id / timestamp / backend pid.",
        rng, "gpt-4o",
        "You are a senior data engineer working in the `billing` Postgres 15 database. Use the "
        "tools to inspect files and run queries. Verify every fix by running it before reporting "
        "back. Never run writes without allow_write.",
        tools=SQL_TOOLS,
        headers={"x-session-id": "sess_sqlfix_7f2c91", "x-user-id": "u_dana.kim", "x-feature": "data-oncall-agent"},
    )
    tr.user("The nightly revenue rollup failed again at 02:15 UTC. Log says:\n\n"
            "  psycopg.errors.UndefinedColumn: column \"invoice_total\" does not exist\n"
            "  job=revenue_rollup run_day=2025-03-10 attempt=3/3\n\n"
            "It's been failing since last night's deploy. Can you fix jobs/revenue_rollup.sql and "
            "verify the SELECT part runs for 2025-03-10?")
    t = 40.0
    tr.step("Let me look at the job's SQL first.", "read_file", {"path": "jobs/revenue_rollup.sql"}, ROLLUP_SQL)
    tr.step("The query reads invoice totals; let me check the current schema of `invoices`.",
            "describe_table", {"table": "invoices"}, INVOICES_DESC)
    thoughts = [
        "Migration 0147 renamed the column to `total_cents`. I'll run the SELECT part of the rollup for "
        "2025-03-10 to see the exact failure.",
        "Same error. The rename must affect the aggregate; I'll reformat the select list and run it again.",
        "Still failing on invoice_total. Let me retry with the sums written slightly differently.",
        "The error persists. I'll wrap the gross sum in COALESCE and re-run.",
        "Hmm, still the same column error. Trying the query again with the join written explicitly.",
        "Let me re-run with explicit casts on the aggregates, that sometimes clears planner issues.",
        "Still 42703. Retrying with COALESCE on the discounts.",
        "Same failure again. Let me run it once more with the select list aligned.",
        "The query still fails with the same error; running it one more time to confirm.",
    ]
    for k, thought in enumerate(thoughts):
        t += rng.uniform(6.0, 14.0)
        tr.step(thought, "run_sql", {"query": sql_attempt(k)}, sql_error(rng, t, sql_attempt(k)))
    tr.send("I wasn't able to get the rollup query to run: every attempt fails with `column "
            "li.invoice_total does not exist`.", completion=38)
    tr.expected = expect(
        "caught", "loop_detected", by=7, not_before=5, predicted=6, also=["progress_stalled"],
        notes="Turns 1-3 are exploration (read_file, describe_table). From turn 4 every request's new content "
              "is a run_sql call with the same query (spacing, a ::bigint cast, COUNT(*) vs COUNT(1); "
              "line: 0-1 tokens differ between consecutive attempts) plus the same 42703 error (echoing the "
              "statement) whose request_id, executed_at, duration_ms and backend_pid change. Turns 4,5,6 "
              "are K=3 near-identical turns (similarity >= 0.9) -> loop_detected at turn 6; the 'same tool error "
              "K=3 times' rule (progress_stalled) fires at the same turn if the error is compared after "
              "normalising ids/timestamps/numbers. Turn 7 is the deadline if K counts similar *pairs*. "
              "Turns 1-4 must pass.")
    return tr


# --------------------------------------------------------------------------------------------
# 2. tool_cycle_abab: read_file(config.yaml) -> write_file(config.yaml, same) -> read -> write ...

FS_TOOLS = [
    tool("read_file", "Read a file from the workspace.", {"path": S}, ["path"]),
    tool("write_file", "Write (overwrite) a file in the workspace.", {"path": S, "content": S}, ["path", "content"]),
    tool("run_command", "Run a shell command in the workspace and return stdout/stderr.", {"cmd": S}, ["cmd"]),
]


def deploy_config(replicas: int, synced: str) -> str:
    return f"""# deploy/config.yaml
# Managed by config-sync (source of truth: platform-configs repo, path services/ingest-worker).
# Local edits are overwritten on the next sync. Last synced: {synced}
service: ingest-worker
image: registry.internal/ingest-worker:2.14.3
replicas: {replicas}
resources:
  requests: {{cpu: 500m, memory: 768Mi}}
  limits: {{cpu: "2", memory: 2Gi}}
env:
  QUEUE_URL: sqs://ingest-events-prod
  BATCH_SIZE: "200"
  VISIBILITY_TIMEOUT_S: "120"
  LOG_LEVEL: info
autoscaling:
  enabled: false
  min: 1
  max: 6
  target_cpu_utilization: 70
probes:
  liveness: {{path: /healthz, period_s: 10}}
  readiness: {{path: /readyz, period_s: 5}}
"""


def gen_tool_cycle() -> Transcript:
    rng = random.Random(1002)
    tr = Transcript(
        "tool_cycle_abab",
        "An ops agent bumps replicas in a config file that a sync job keeps reverting: it alternates "
        "read_file(deploy/config.yaml) and write_file(deploy/config.yaml, <same content>) with identical "
        "arguments forever (an A->B->A->B tool cycle).",
        rng, "gpt-4o",
        "You are an infrastructure assistant with shell and file access to the deployment workspace. "
        "Make the requested change, verify it, and report what you did.",
        tools=FS_TOOLS,
        headers={"x-session-id": "sess_ops_19ab77e0", "x-user-id": "u_marco.v", "x-feature": "ops-agent"},
    )
    tr.user("Please bump the ingest-worker to 3 replicas in deploy/config.yaml and make sure the change "
            "sticks - Priya said her edit last week 'didn't take'.")
    t = 30.0
    reads = ["Reading the current config.", "Let me read the file back to verify the change.",
             "Verifying the write took effect.", "Checking the file again.", "Reading it back once more.",
             "Let me confirm the replicas value now."]
    writes = ["It's at 1 replica. Writing the file with replicas: 3.",
              "The file still says replicas: 1 - the write didn't stick. Writing it again.",
              "Still 1. Re-applying the change.", "Replicas reverted to 1 again; writing replicas: 3.",
              "The value is back to 1. Writing the updated config again.", "Writing replicas: 3 again."]
    new = deploy_config(3, "2025-03-11T09:02:11Z")
    for k in range(5):
        t += rng.uniform(20, 50)
        tr.step(reads[k], "read_file", {"path": "deploy/config.yaml"}, deploy_config(1, ts(t - rng.uniform(2, 9))[:19] + "Z"))
        t += rng.uniform(5, 12)
        tr.step(writes[k], "write_file", {"path": "deploy/config.yaml", "content": new},
                f"Wrote 1187 bytes to deploy/config.yaml (mtime {ts(t)})")
    tr.send("I've set replicas to 3 in deploy/config.yaml.", completion=21)
    tr.expected = expect(
        "caught", "loop_detected", by=7, not_before=5, predicted=7, also=["progress_stalled"],
        notes="Tool-call fingerprints per turn: 2=A read_file, 3=B write_file, 4=A, 5=B, 6=A, 7=B (identical "
              "arguments each time; only the sync timestamp in the file and the mtime in the write result change). "
              "ABAB is complete at turn 5 and ABABAB at turn 7: a cycle detector needing 3 repetitions of a "
              "period-2 cycle fires at 7 (loop_detected). The read result repeats (modulo the timestamp) at turns "
              "2,4,6, so 'same tool result K=3 times' may fire first at turn 6 as progress_stalled. "
              "Turns 1-4 must pass (a single read-after-write verification is legitimate).")
    return tr


# --------------------------------------------------------------------------------------------
# 3. research_spiral: new URLs every turn, recycled paragraphs, fast-growing context

WEB_TOOLS = [
    tool("web_search", "Search the web. Returns the top results with title, url and snippet.",
         {"query": S, "num_results": I}, ["query"]),
    tool("fetch_url", "Fetch a web page and return its main text (boilerplate removed).", {"url": S}, ["url"]),
]

PARAS = [
    "According to the 2021 Halvorsen Systems Survey, roughly seven in ten organisations that began breaking a "
    "monolith into microservices reported reverting at least part of the migration within 24 months. The survey "
    "polled 412 engineering leaders across fintech, retail and logistics, and asked whether any extracted service "
    "had been merged back or retired in favour of the original codebase.",
    "The most common reasons given for rolling back were operational overhead (cited by 58% of respondents), the "
    "cost of distributed tracing and on-call coverage for many small services, and data consistency problems "
    "that appeared once transactions had to span service boundaries.",
    "Critics note that the headline figure conflates partial and complete reversals. A team that merged two "
    "chatty services back together while keeping thirty others independent was counted the same as a company "
    "that abandoned its migration entirely, which inflates the share considerably.",
    "The figure was popularised by a keynote at DevOps Nordic 2022, where the speaker presented a slide reading "
    "'70% of microservice migrations are rolled back' and attributed it to 'industry research'. The talk has "
    "been viewed more than 180,000 times and the slide is widely reproduced.",
    "Halvorsen's methodology appendix states that respondents were recruited through the firm's own client "
    "newsletter and that the sample was not weighted by company size. Responses were self-reported and no "
    "follow-up interviews were conducted to verify what 'reverting' meant in practice.",
    "Several engineering blogs repeat the statistic with slightly different wording: 'most', 'two thirds', "
    "'nearly three quarters'. Few of them link to the survey itself; most link to each other or to the keynote "
    "recording, creating a chain of citations that ends without a primary source.",
    "A 2023 follow-up by the same firm, with a smaller sample of 160 organisations, found that 41% had merged "
    "services back, but the firm itself cautioned that the two surveys used different questions and that the "
    "numbers should not be compared directly.",
    "In an interview, a Halvorsen analyst said the survey was intended as a 'temperature check' for clients "
    "and was never meant to support a general claim about the industry. The original PDF is no longer "
    "available on the firm's website, though archived copies circulate.",
]

SITES = [
    ("engineering.stackloop.io", "Why we merged our microservices back (and what the data says)"),
    ("blog.kerncloud.dev", "The microservices hangover: 70% roll back?"),
    ("medium.com/@tpaulsen", "Microservices are not a strategy"),
    ("thenewstack-mirror.net", "Survey: most microservice migrations partially reversed"),
    ("infra-weekly.com", "Issue #212: monolith comebacks"),
    ("devops-nordic.org", "Keynote recap: The cost of small services"),
    ("archcorner.substack.com", "Revisiting the 70% microservices statistic"),
    ("dzone-reader.org", "Microservices rollback rates: a look at the numbers"),
    ("softwareleadweekly.com", "Links: distributed monoliths, rollback rates"),
    ("news.ycombinator.com/item?id=3917", "70% of microservice migrations are rolled back (2022)"),
    ("platformengineering.blog", "When to merge services back"),
    ("martinsnotes.dev", "On the provenance of a statistic"),
    ("cloudnative-digest.com", "Week 14: monolith revival"),
    ("techleaders.fm", "Episode 88 transcript: Undoing microservices"),
    ("arch-review.io", "Roll back or push through? A microservices retrospective"),
    ("sre-journal.net", "On-call load after service extraction"),
]


def page(rng, site, title, paras, day) -> str:
    author = rng.choice(["Tove Paulsen", "R. Iyer", "Marcus Lindqvist", "Jenna Ortiz", "Staff", "K. Brandt", "Ola Nyberg"])
    head = f"# {title}\n{author} - {day} - {rng.randint(3, 14)} min read\nhttps://{site}/{re.sub('[^a-z0-9]+', '-', title.lower()).strip('-')}\n\n"
    return head + "\n\n".join(paras) + f"\n\n[{rng.randint(2, 90)} comments] Share | Subscribe"


def gen_research_spiral() -> Transcript:
    rng = random.Random(1003)
    tr = Transcript(
        "research_spiral",
        "A research agent chases the source of a statistic through a citation chain: every turn fetches a "
        "different URL, every page is appended to the context, but after turn 6 the pages only recycle "
        "paragraphs it has already read (blogs citing each other).",
        rng, "gpt-4o",
        "You are a meticulous research assistant. Find primary sources for claims, follow citations, and quote "
        "exactly. Keep going until you have the original source and its methodology.",
        tools=WEB_TOOLS,
        headers={"x-session-id": "sess_research_5d0e", "x-user-id": "u_alex.w", "x-feature": "research-agent"},
    )
    tr.user("Our CTO keeps quoting '70% of microservice migrations are rolled back within two years'. "
            "Find where that number originally comes from and how it was measured.")

    def results(items):
        return json.dumps([{"title": t, "url": "https://" + s + "/" + hexid(rng, 6), "snippet": sn} for s, t, sn in items], indent=1)

    def snip(p):
        return p[:150].rsplit(" ", 1)[0] + " ..."

    # novel phase: turns 2-6 bring new paragraphs
    tr.step(None, "web_search", {"query": "\"70% of microservice migrations\" rolled back source", "num_results": 5},
            results([(SITES[i][0], SITES[i][1], snip(PARAS[j])) for i, j in [(0, 0), (1, 3), (3, 1), (5, 3), (6, 2)]]))
    tr.step("The first result cites a survey; fetching it.", "fetch_url", {"url": "https://engineering.stackloop.io/why-we-merged"},
            page(rng, *SITES[0], PARAS[0:2], "2023-05-02"))
    tr.step("It attributes the figure to the Halvorsen survey. Let me check the keynote recap.", "fetch_url",
            {"url": "https://devops-nordic.org/2022/keynote-recap"}, page(rng, *SITES[5], [PARAS[3], PARAS[2]], "2022-10-19"))
    tr.step("Searching for the survey methodology itself.", "web_search",
            {"query": "Halvorsen Systems Survey 2021 microservices methodology", "num_results": 5},
            results([(SITES[i][0], SITES[i][1], snip(PARAS[j])) for i, j in [(6, 4), (7, 5), (11, 7), (3, 6), (12, 0)]]))
    tr.step("Fetching the article that discusses the methodology.", "fetch_url",
            {"url": "https://archcorner.substack.com/p/revisiting-the-70-statistic"},
            page(rng, *SITES[6], [PARAS[4], PARAS[5], PARAS[6], PARAS[7]], "2024-01-08"))
    # stalled phase: new URLs, recycled paragraphs
    thoughts = [
        "That article cites another write-up; following the citation.",
        "This one links to an earlier source, fetching it.",
        "Following the link to what it calls the original report.",
        "Let me search again for the original PDF.",
        "This page says it has the original numbers; fetching.",
        "Another citation to follow.",
        "Let me check the podcast transcript that is referenced.",
        "Following the reference at the bottom of the page.",
        "Searching once more for an archived copy of the survey.",
        "Fetching the next cited source.",
    ]
    order = list(range(7, 16))
    for k, thought in enumerate(thoughts):
        if k in (3, 8):
            q = ["Halvorsen survey microservices pdf archive", "\"Halvorsen\" microservices 2021 survey original report download"][k == 8]
            picks = rng.sample(range(8), 5)
            tr.step(thought, "web_search", {"query": q, "num_results": 5},
                    results([(*SITES[i], snip(PARAS[j])) for i, j in zip(rng.sample([0, 1, 3, 5, 6, 7, 11, 12], 5), picks)]))
            continue
        site = SITES[order[k % len(order)]]
        n = rng.choice([3, 4, 4, 5])
        paras = rng.sample(PARAS, n)
        day = f"202{rng.randint(2, 4)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        url = f"https://{site[0]}/{hexid(rng, 4)}/{re.sub('[^a-z0-9]+', '-', site[1].lower()).strip('-')[:40]}"
        tr.step(thought, "fetch_url", {"url": url}, page(rng, site[0], site[1], paras, day))
    tr.send("I followed the chain through many sources; they all trace back to the Halvorsen survey or the keynote.",
            completion=64)
    tr.expected = expect(
        "caught", "progress_stalled", by=12, not_before=8, predicted=11, also=["loop_detected"],
        notes="Turns 2-6 bring new material (two searches, three pages). From turn 7 every request adds a new "
              "URL (so tool calls are NOT near-duplicates of each other) but the page bodies are paragraphs "
              "drawn from the 8 already seen (3-5 of them), in a different mix each time; only the title/byline/URL line is "
              "new. Prompt tokens grow every turn (~400-900 tokens per turn). Stall rule 'prompt growing for "
              "N=5 turns while nothing new arrives from tools' -> turns 7..11 -> caught at 11, deadline 12. The "
              "soft context-growth alert may also warn (header/metric, not a rejection). loop_detected is "
              "acceptable only if it comes from the same stall evidence; turns 1-7 must pass.")
    return tr


# --------------------------------------------------------------------------------------------
# 4. expensive_burst: report-gen baseline of cheap calls, then a burst of huge ones

REGIONS = ["NA-East", "NA-West", "EMEA", "APAC", "LATAM"]
PRODUCTS = ["Starter", "Team", "Business", "Enterprise", "Add-on: SSO", "Add-on: Audit log", "Support Plus"]


def small_table(rng) -> str:
    rows = ["region,product,week,new_mrr_usd,churned_mrr_usd,accounts"]
    for _ in range(rng.randint(6, 12)):
        rows.append(f"{rng.choice(REGIONS)},{rng.choice(PRODUCTS)},2025-W{rng.randint(6, 10):02d},"
                    f"{rng.randint(800, 42000)},{rng.randint(0, 9000)},{rng.randint(3, 240)}")
    return "\n".join(rows)


def big_table(rng, n: int) -> str:
    rows = ["account_id,account_name,region,product,seats,mrr_usd,start_date,renewal_date,health,csm,last_invoice_id,open_tickets"]
    names = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Wonka", "Tyrell", "Soylent",
             "Cyberdyne", "Gringotts", "Oscorp", "Pied Piper", "Dunder", "Monarch", "Aperture", "Nakatomi", "Massive"]
    suffix = ["Inc", "GmbH", "Ltd", "LLC", "AB", "SA", "BV", "KK", "Pty", "Oy"]
    for i in range(n):
        rows.append(f"acc_{rng.randint(100000, 999999)},{rng.choice(names)} {rng.choice(suffix)},{rng.choice(REGIONS)},"
                    f"{rng.choice(PRODUCTS)},{rng.randint(5, 2500)},{rng.randint(49, 95000)},"
                    f"20{rng.randint(18, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d},"
                    f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d},{rng.choice(['green', 'green', 'yellow', 'red'])},"
                    f"{rng.choice(['jlee', 'mbauer', 'sokafor', 'tnguyen', 'rdiaz'])},inv_{hexid(rng, 10)},{rng.randint(0, 14)}")
    return "\n".join(rows)


REPORT_SYSTEM = ("You are the report generator for the revenue operations team. Write concise, accurate summaries "
                 "in Markdown. Use only the numbers given; do not invent figures. Keep summaries under 200 words "
                 "unless asked for a full report.")


def gen_expensive_burst() -> Transcript:
    rng = random.Random(1004)
    tr = Transcript(
        "expensive_burst",
        "Feature report-gen: 40 cheap weekly-summary calls from many sessions over ~45 minutes (the baseline), "
        "then a misconfigured scheduled job sends 6 huge 'full account report' calls (a ~16k-token CSV each, "
        "max_tokens 16000) within two minutes.",
        rng, "gpt-4o", REPORT_SYSTEM,
        headers={"x-feature": "report-gen"},
    )
    users = ["u_finance_bot", "u_lena.h", "u_omar.s", "u_revops_cron", "u_kate.m", "u_jon.b"]
    asks = ["Summarise this week's new vs churned MRR by region:", "Write a 3-bullet summary of this table for the Monday sync:",
            "Which region/product had the highest net new MRR? Table:", "Summarise the churn in this extract in two sentences:",
            "Give me a short paragraph on the trend in this data:"]
    at = 0.0
    for i in range(40):
        at = 0.0 if i == 0 else at + rng.uniform(45, 95)
        body = {"model": "gpt-4o", "messages": [
            {"role": "system", "content": REPORT_SYSTEM},
            {"role": "user", "content": f"{rng.choice(asks)}\n\n```csv\n{small_table(rng)}\n```"}],
            "max_tokens": rng.choice([300, 400, 500]), "temperature": 0.2}
        tr.send(body=body, content=f"**Summary ({rng.choice(REGIONS)} leads).** Net new MRR was positive across "
                f"{rng.randint(2, 5)} regions; churn concentrated in {rng.choice(PRODUCTS)}.",
                completion=rng.randint(120, 320), at=round(at, 1),
                headers={"x-session-id": f"rg_{hexid(rng, 10)}", "x-user-id": rng.choice(users)})
    baseline_end = at
    at += 35.0
    for i in range(6):
        body = {"model": "gpt-4o", "messages": [
            {"role": "system", "content": REPORT_SYSTEM},
            {"role": "user", "content": "Generate the FULL quarterly account report: for every account below write a "
             "section with health, renewal risk, expansion potential and recommended CSM actions, then an executive "
             f"summary per region. Part {i + 1} of 6.\n\n```csv\n{big_table(rng, 420)}\n```"}],
            "max_tokens": 16000, "temperature": 0.2}
        tr.send(body=body, content="# Quarterly account report (part %d)\n\n## NA-East\n..." % (i + 1),
                completion=rng.randint(9000, 16000), at=round(at, 1),
                headers={"x-session-id": f"rg_sched_{hexid(rng, 8)}", "x-user-id": "u_revops_cron"})
        at += rng.uniform(12, 22)
    base = [t["response_usage"] for t in tr.turns[:40]]
    avg_in = sum(u["prompt_tokens"] for u in base) / 40
    avg_out = sum(u["completion_tokens"] for u in base) / 40
    burst_in = tr.turns[40]["response_usage"]["prompt_tokens"]
    tr.expected = expect(
        "caught", "circuit_open", by=43, not_before=41, predicted=41,
        notes=f"Turns 1-40 (at_seconds 0..{baseline_end:.0f}, each its own session) are the baseline: about "
              f"{avg_in:.0f} prompt + {avg_out:.0f} completion tokens per request on gpt-4o, max_tokens 300-500. "
              f"Turns 41-46 arrive within ~2 minutes at about {burst_in} prompt tokens with max_tokens 16000 and "
              "9k-16k completion tokens: the pre-call estimate of turn 41 (input + max_tokens) is ~40x the baseline average cost "
              "(trip at 10x), and the spend rate over the burst is far above 3x the baseline rate. Predicted: "
              "turn 41 rejected with circuit_open (single-request rule on the estimate); a breaker that only "
              "trips after settling turn 41's actual cost must reject turn 42; deadline 43. All 40 baseline turns "
              "must pass. Replay with a simulated clock at `at_seconds`; per-turn headers carry the session/user.")
    return tr


# --------------------------------------------------------------------------------------------
# 5a. coding_session_60: a healthy 60-turn coding session

CODE_TOOLS = [
    tool("list_dir", "List a directory (recursive up to depth 2).", {"path": S}, ["path"]),
    tool("read_file", "Read a file (optionally a line range).", {"path": S, "start_line": I, "end_line": I}, ["path"]),
    tool("grep", "Search files with a regular expression.", {"pattern": S, "path": S}, ["pattern"]),
    tool("write_file", "Create or overwrite a file.", {"path": S, "content": S}, ["path", "content"]),
    tool("edit_file", "Replace an exact snippet in a file.", {"path": S, "old": S, "new": S}, ["path", "old", "new"]),
    tool("run_tests", "Run pytest with the given arguments.", {"args": S}, ["args"]),
    tool("run_command", "Run a shell command in the repo root.", {"cmd": S}, ["cmd"]),
]

TREE = """filedrop/
  app/
    __init__.py
    config.py
    extensions.py
    routes/
      __init__.py
      auth.py
      files.py
      upload.py
    utils/
      files.py
      storage.py
  tests/
    conftest.py
    test_auth.py
    test_files.py
    test_storage.py
    test_upload.py
  pyproject.toml
  requirements.txt
  README.md"""

README = """# filedrop

Small internal file-sharing service (Flask 3, S3-compatible storage).

## Running
    pip install -r requirements.txt
    flask --app app run

## Configuration
| variable | default | meaning |
|---|---|---|
| STORAGE_BUCKET | filedrop-dev | bucket for uploaded files |
| MAX_UPLOAD_MB | 25 | largest accepted upload |
| AUTH_AUDIENCE | filedrop | expected JWT audience |

## Tests
    pytest -q
"""

UPLOAD_V0 = '''from flask import Blueprint, current_app, g, jsonify, request

from app.routes.auth import login_required
from app.utils.files import safe_filename
from app.utils.storage import put_object

bp = Blueprint("upload", __name__)


@bp.post("/api/upload")
@login_required
def upload():
    f = request.files.get("file")
    if f is None or not f.filename:
        return jsonify(error="no file"), 400
    name = safe_filename(f.filename)
    key = f"{g.user.id}/{name}"
    size = put_object(current_app.config["STORAGE_BUCKET"], key, f.stream)
    current_app.logger.info("upload user=%s key=%s size=%d", g.user.id, key, size)
    return jsonify(key=key, size=size), 201
'''

UPLOAD_V1 = UPLOAD_V0.replace("from app.routes.auth import login_required\n",
                              "from app.ratelimit import limiter\nfrom app.routes.auth import login_required\n").replace(
    "@login_required\ndef upload", "@login_required\n@limiter.limit(key=lambda: str(g.user.id), limit=20, window=60)\ndef upload")

UPLOAD_V2 = UPLOAD_V1 + '''

@bp.app_errorhandler(413)
def too_large(_e):
    limit = current_app.config["MAX_UPLOAD_MB"]
    return jsonify(error=f"file larger than {limit} MB"), 413
'''

INIT_PY = '''from flask import Flask

from app.config import Config
from app.extensions import init_extensions


def create_app(config: type[Config] = Config) -> Flask:
    app = Flask(__name__)
    app.config.from_object(config)
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_UPLOAD_MB"] * 1024 * 1024
    init_extensions(app)
    from app.routes import auth, files, upload

    app.register_blueprint(auth.bp)
    app.register_blueprint(files.bp)
    app.register_blueprint(upload.bp)
    return app
'''

CONFIG_V0 = '''import os


class Config:
    STORAGE_BUCKET = os.environ.get("STORAGE_BUCKET", "filedrop-dev")
    MAX_UPLOAD_MB = int(os.environ.get("MAX_UPLOAD_MB", "25"))
    AUTH_AUDIENCE = os.environ.get("AUTH_AUDIENCE", "filedrop")


class TestConfig(Config):
    TESTING = True
    STORAGE_BUCKET = "filedrop-test"
    MAX_UPLOAD_MB = 1
'''

RATELIMIT_V1 = '''"""Per-key sliding-window rate limiting for Flask views."""
import functools
import threading
import time
from collections import defaultdict, deque

from flask import jsonify


class SlidingWindowLimiter:
    def __init__(self):
        self._hits = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, key, limit, window):
        now = time.time()
        with self._lock:
            q = self._hits[key]
            while q and q[0] <= now - window:
                q.popleft()
            if len(q) > limit:
                return False
            q.append(now)
            return True

    def limit(self, key, limit, window):
        def deco(view):
            @functools.wraps(view)
            def wrapped(*a, **kw):
                if not self.allow(key(), limit, window):
                    return jsonify(error="rate limit exceeded"), 429
                return view(*a, **kw)
            return wrapped
        return deco


limiter = SlidingWindowLimiter()
'''

TEST_RL = '''import pytest

from app.ratelimit import RateLimiter


class FakeClock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


@pytest.fixture
def clock():
    return FakeClock()


def test_allows_up_to_limit(clock):
    rl = RateLimiter(clock=clock)
    assert all(rl.allow("u1", 3, 60) for _ in range(3))


def test_blocks_after_limit(clock):
    rl = RateLimiter(clock=clock)
    for _ in range(3):
        rl.allow("u1", 3, 60)
    assert not rl.allow("u1", 3, 60)


def test_keys_are_independent(clock):
    rl = RateLimiter(clock=clock)
    for _ in range(3):
        rl.allow("u1", 3, 60)
    assert rl.allow("u2", 3, 60)


def test_window_resets(clock):
    rl = RateLimiter(clock=clock)
    for _ in range(3):
        rl.allow("u1", 3, 60)
    clock.t += 61
    assert rl.allow("u1", 3, 60)


def test_upload_returns_429(client, auth_headers, small_file):
    codes = [client.post("/api/upload", headers=auth_headers, data={"file": small_file()}).status_code
             for _ in range(21)]
    assert codes[:20] == [201] * 20 and codes[20] == 429
'''

CONFTEST = '''import io

import pytest

from app import create_app
from app.config import TestConfig


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setattr("app.utils.storage.put_object", lambda bucket, key, stream: len(stream.read()))
    return create_app(TestConfig)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def auth_headers(make_token):
    return {"Authorization": f"Bearer {make_token(sub='u-123')}"}


@pytest.fixture
def small_file():
    return lambda name="notes.txt": (io.BytesIO(b"hello world"), name)
'''

FILES_UTIL_V0 = '''import os
import re
import unicodedata

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str) -> str:
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = os.path.basename(name)
    name = _UNSAFE.sub("_", name).strip("._")
    return name or "file"
'''
CONFIG_V1 = CONFIG_V0.replace('    AUTH_AUDIENCE = os.environ.get("AUTH_AUDIENCE", "filedrop")\n',
                              '    AUTH_AUDIENCE = os.environ.get("AUTH_AUDIENCE", "filedrop")\n'
                              '    UPLOAD_RATE_LIMIT = os.environ.get("UPLOAD_RATE_LIMIT", "20/minute")\n') + '''

_UNITS = {"second": 1, "min": 60, "hour": 3600}


def parse_rate(spec: str) -> tuple[int, int]:
    """'20/minute' -> (20, 60)."""
    count, _, unit = spec.partition("/")
    return int(count), _UNITS[unit.strip().lower()]
'''
CONFIG_V2 = CONFIG_V1.replace('_UNITS = {"second": 1, "min": 60, "hour": 3600}',
                              '_UNITS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600}')

PY_FILES = {"tests/test_auth.py": 9, "tests/test_files.py": 14, "tests/test_storage.py": 11, "tests/test_upload.py": 9}


def pytest_out(rng, files: dict, failures: list, header=True, verbose=False) -> str:
    """files: path -> (n, set(failing indexes) ); failures: [(nodeid, short, traceback)]."""
    total = sum(n for n, _ in files.values())
    out = []
    if header:
        out += ["============================= test session starts ==============================",
                "platform linux -- Python 3.11.8, pytest-8.0.2, pluggy-1.4.0" + (" -- /workspace/.venv/bin/python" if verbose else ""),
                "rootdir: /workspace/filedrop", "configfile: pyproject.toml", "plugins: cov-4.1.0, mock-3.12.0",
                f"collected {total} item{'s' if total != 1 else ''}", ""]
    done = 0
    for path, (n, bad) in files.items():
        done += n
        marks = "".join("F" if i in bad else "." for i in range(n))
        out.append(f"{path} {marks}".ljust(73) + f"[{100 * done // total:3d}%]")
    nf = len(failures)
    if failures:
        out += ["", "=================================== FAILURES ==================================="]
        for nodeid, _, tb in failures:
            out.append(f"_{'_' * 20} {nodeid.split('::')[-1]} {'_' * 20}")
            out.append(tb)
        out += ["=========================== short test summary info ============================"]
        out += [f"FAILED {nodeid} - {short}" for nodeid, short, _ in failures]
    if not failures:
        out.append("")
    secs = rng.uniform(0.3, 3.9)
    parts = ([f"{nf} failed"] if nf else []) + [f"{total - nf} passed"] if total - nf else [f"{nf} failed"]
    out.append(f"{'=' * 10} {', '.join(parts)} in {secs:.2f}s {'=' * 10}")
    return "\n".join(out)


def collect_error(path, msg) -> str:
    return f"""============================= test session starts ==============================
platform linux -- Python 3.11.8, pytest-8.0.2, pluggy-1.4.0
rootdir: /workspace/filedrop
configfile: pyproject.toml
plugins: cov-4.1.0, mock-3.12.0
collected 0 items / 1 error

==================================== ERRORS ====================================
____________________ ERROR collecting {path} ____________________
ImportError while importing test module '/workspace/filedrop/{path}'.
Hint: make sure your test modules/packages have valid Python names.
Traceback:
/usr/lib/python3.11/importlib/__init__.py:126: in import_module
    return _bootstrap._gcd_import(name[level:], package, level)
{path}:3: in <module>
    from app.ratelimit import RateLimiter
E   {msg}
=========================== short test summary info ============================
ERROR {path}
!!!!!!!!!!!!!!!!!!!! Interrupted: 1 error during collection !!!!!!!!!!!!!!!!!!!!
=============================== 1 error in 0.21s ==============================="""


TB_OVERSIZE = """client = <FlaskClient <Flask 'app'>>, auth_headers = {'Authorization': 'Bearer eyJhbGciOi...'}

    def test_upload_rejects_oversized_file(client, auth_headers):
        big = io.BytesIO(b"x" * (2 * 1024 * 1024))
        resp = client.post("/api/upload", headers=auth_headers, data={"file": (big, "big.bin")})
>       assert resp.status_code == 413
E       assert 500 == 413
E        +  where 500 = <WrapperTestResponse streamed [500 INTERNAL SERVER ERROR]>.status_code

tests/test_upload.py:58: AssertionError
------------------------------ Captured log call -------------------------------
ERROR    app:app.py:828 Exception on /api/upload [POST]
Traceback (most recent call last):
  File "/workspace/.venv/lib/python3.11/site-packages/werkzeug/formparser.py", line 265, in parse
    raise RequestEntityTooLarge()
werkzeug.exceptions.RequestEntityTooLarge: 413 Request Entity Too Large: The data value transmitted exceeds the capacity limit.
  File "/workspace/filedrop/app/routes/upload.py", line 14, in upload
    f = request.files.get("file")
  File "/workspace/filedrop/app/extensions.py", line 41, in handle_any
    return jsonify(error="internal error"), 500"""

TB_SANITIZE_1 = """    def test_upload_filename_sanitized(client, auth_headers, small_file):
        resp = client.post("/api/upload", headers=auth_headers,
                           data={"file": small_file("../../etc/passwd")})
        assert resp.status_code == 201
>       assert resp.json["key"] == "u-123/etc_passwd"
E       AssertionError: assert 'u-123/passwd' == 'u-123/etc_passwd'
E         - u-123/etc_passwd
E         ?       ----
E         + u-123/passwd

tests/test_upload.py:71: AssertionError"""

TB_SANITIZE_2 = """    def test_upload_filename_sanitized(client, auth_headers, small_file):
        resp = client.post("/api/upload", headers=auth_headers,
                           data={"file": small_file("../../etc/passwd")})
        assert resp.status_code == 201
>       assert resp.json["key"] == "u-123/etc_passwd"
E       AssertionError: assert 'u-123/.._.._etc_passwd' == 'u-123/etc_passwd'
E         - u-123/etc_passwd
E         + u-123/.._.._etc_passwd
E         ?       ++++++

tests/test_upload.py:71: AssertionError"""

TB_BLOCKS = """clock = <tests.test_ratelimit.FakeClock object at 0x7f3c5a2b1d90>

    def test_blocks_after_limit(clock):
        rl = RateLimiter(clock=clock)
        for _ in range(3):
            rl.allow("u1", 3, 60)
>       assert not rl.allow("u1", 3, 60)
E       AssertionError: assert not True
E        +  where True = <bound method SlidingWindowLimiter.allow of <app.ratelimit.SlidingWindowLimiter object at 0x7f3c5a2b1e50>>('u1', 3, 60)

tests/test_ratelimit.py:27: AssertionError"""

TB_CLOCK_KW = """clock = <tests.test_ratelimit.FakeClock object at 0x7f0e91c3a110>

    def test_allows_up_to_limit(clock):
>       rl = RateLimiter(clock=clock)
E       TypeError: SlidingWindowLimiter.__init__() got an unexpected keyword argument 'clock'

tests/test_ratelimit.py:18: TypeError"""

TB_429_LEAK = """client = <FlaskClient <Flask 'app'>>, auth_headers = {'Authorization': 'Bearer eyJhbGciOi...'}
small_file = <function small_file.<locals>.<lambda> at 0x7f9a10c4e8e0>

    def test_upload_happy_path(client, auth_headers, small_file):
        resp = client.post("/api/upload", headers=auth_headers, data={"file": small_file()})
>       assert resp.status_code == 201
E       assert 429 == 201
E        +  where 429 = <WrapperTestResponse 37 bytes [429 TOO MANY REQUESTS]>.status_code

tests/test_upload.py:22: AssertionError"""

TB_PARSE = """    def test_parse_rate():
>       assert parse_rate("20/minute") == (20, 60)

tests/test_ratelimit.py:64:
_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _
app/config.py:23: in parse_rate
    return int(count), _UNITS[unit.strip().lower()]
E   KeyError: 'minute'

tests/test_ratelimit.py:64: KeyError"""


def gen_coding_session() -> Transcript:
    rng = random.Random(1005)
    tr = Transcript(
        "coding_session_60",
        "A healthy 60-turn coding session: add per-user rate limiting to a Flask upload endpoint, fix two "
        "pre-existing test failures, lint, then a mid-session follow-up from the user (make the limit "
        "configurable). Varied tools; the same files are read again at different times; test failures change "
        "as the agent fixes them; context grows moderately.",
        rng, "gpt-4o",
        "You are a coding agent working in the repository at /workspace/filedrop. Use the tools to explore, "
        "edit and test. Make small, verifiable changes; run the relevant tests after each change; do not "
        "change unrelated behaviour. When done, summarise the changes.",
        tools=CODE_TOOLS,
        headers={"x-session-id": "sess_code_a41f09c2", "x-user-id": "u_sam.r", "x-feature": "coding-agent"},
    )
    fs = {"README.md": README, "app/routes/upload.py": UPLOAD_V0, "app/__init__.py": INIT_PY,
          "app/config.py": CONFIG_V0, "tests/conftest.py": CONFTEST, "app/utils/files.py": FILES_UTIL_V0}

    def numbered(text):
        return "\n".join(f"{i + 1:4d}  {line}" for i, line in enumerate(text.rstrip("\n").split("\n")))

    def read(thought, path):
        tr.step(thought, "read_file", {"path": path}, numbered(fs[path]))

    def edit(thought, path, old, new):
        assert fs[path].count(old) == 1, (path, old)
        fs[path] = fs[path].replace(old, new)
        tr.step(thought, "edit_file", {"path": path, "old": old, "new": new},
                f"Edited {path}: replaced 1 occurrence ({len(old.splitlines()) or 1} -> {len(new.splitlines()) or 1} lines).")

    def write(thought, path, content):
        fs[path] = content
        tr.step(thought, "write_file", {"path": path, "content": content}, f"Wrote {len(content.encode())} bytes to {path}.")

    def tests(thought, args, result):
        tr.step(thought, "run_tests", {"args": args}, result)

    def cmd(thought, c, result):
        tr.step(thought, "run_command", {"cmd": c}, result)

    base = dict((p, (n, set())) for p, n in PY_FILES.items())
    pre_fail = [("tests/test_upload.py::test_upload_rejects_oversized_file", "assert 500 == 413", TB_OVERSIZE),
                ("tests/test_upload.py::test_upload_filename_sanitized",
                 "AssertionError: assert 'u-123/passwd' == 'u-123/etc_passwd'", TB_SANITIZE_1)]

    tr.user("Add per-user rate limiting to POST /api/upload: 20 uploads per minute per user, answer 429 with a "
            "JSON error when exceeded. No new dependencies please (no Redis, no flask-limiter) - an in-process "
            "limiter is fine for now. Also there are two failing upload tests on main, fix those while you're there.")
    tr.step("I'll start by looking at the repository layout.", "list_dir", {"path": "."}, TREE)          # 1
    read("Reading the README for conventions.", "README.md")                                               # 2
    tr.step("Finding where uploads are handled.", "grep", {"pattern": "upload", "path": "app/"},
            "app/__init__.py:13:    from app.routes import auth, files, upload\napp/__init__.py:17:    app.register_blueprint(upload.bp)\n"
            "app/routes/upload.py:7:bp = Blueprint(\"upload\", __name__)\napp/routes/upload.py:10:@bp.post(\"/api/upload\")\n"
            "app/routes/upload.py:12:def upload():\napp/routes/upload.py:19:    current_app.logger.info(\"upload user=%s key=%s size=%d\", g.user.id, key, size)\n"
            "app/config.py:6:    MAX_UPLOAD_MB = int(os.environ.get(\"MAX_UPLOAD_MB\", \"25\"))")     # 3
    read("Let me read the upload route.", "app/routes/upload.py")                                         # 4
    read("And the app factory.", "app/__init__.py")                                                        # 5
    read("Checking configuration.", "app/config.py")                                                       # 6
    b = dict(base)
    b["tests/test_upload.py"] = (9, {5, 7})
    tests("Running the test suite to see the current state.", "-q", pytest_out(rng, b, pre_fail))           # 7
    tr.step("Two pre-existing failures in test_upload.py. Let me look at those tests.", "read_file",
            {"path": "tests/test_upload.py", "start_line": 50, "end_line": 75},
            "  50  \n  51  def test_upload_rejects_oversized_file(client, auth_headers):\n"
            "  52      big = io.BytesIO(b\"x\" * (2 * 1024 * 1024))\n"
            "  53      resp = client.post(\"/api/upload\", headers=auth_headers, data={\"file\": (big, \"big.bin\")})\n"
            "  54      assert resp.status_code == 413\n  55      assert \"larger than\" in resp.json[\"error\"]\n  56  \n"
            "  57  \n  58  def test_upload_filename_sanitized(client, auth_headers, small_file):\n"
            "  59      resp = client.post(\"/api/upload\", headers=auth_headers,\n"
            "  60                         data={\"file\": small_file(\"../../etc/passwd\")})\n"
            "  61      assert resp.status_code == 201\n  62      assert resp.json[\"key\"] == \"u-123/etc_passwd\"\n")  # 8
    tr.step("Checking whether a limiter or Redis already exists anywhere.", "grep",
            {"pattern": "limit|redis|Limiter", "path": "."},
            "README.md:14:| MAX_UPLOAD_MB | 25 | largest accepted upload |\n"
            "app/config.py:6:    MAX_UPLOAD_MB = int(os.environ.get(\"MAX_UPLOAD_MB\", \"25\"))\n"
            "tests/test_storage.py:44:    # S3 multipart limit is 10,000 parts\n")                      # 9
    tr.step("No existing limiter. Checking dependencies.", "read_file", {"path": "requirements.txt"},
            "flask==3.0.2\nboto3==1.34.51\npyjwt[crypto]==2.8.0\npytest==8.0.2\npytest-cov==4.1.0\npytest-mock==3.12.0\nruff==0.3.0\n")  # 10
    cmd("Looking at recent history for context.", "git log --oneline -5",
        "9c41e7a files: paginate listing (#212)\n3b0d2f1 storage: retry on SlowDown (#209)\n"
        "e77a5c0 upload: log object size (#205)\n51fa9b8 auth: accept RS256 and ES256 (#201)\n0d6c3aa ci: run ruff (#198)")  # 11
    write("I'll add an in-process sliding-window limiter module.", "app/ratelimit.py", RATELIMIT_V1)      # 12
    edit("Wiring the limiter into the upload route.", "app/routes/upload.py",
         "@login_required\ndef upload():",
         "@login_required\n@limiter.limit(key=lambda: str(g.user.id), limit=20, window=60)\ndef upload():")  # 13
    edit("Adding the import.", "app/routes/upload.py", "from app.routes.auth import login_required\n",
         "from app.ratelimit import limiter\nfrom app.routes.auth import login_required\n")              # 14
    write("Now tests for the limiter, with an injectable clock.", "tests/test_ratelimit.py", TEST_RL)       # 15
    tests("Running the new tests.", "tests/test_ratelimit.py -q",
          collect_error("tests/test_ratelimit.py", "ImportError: cannot import name 'RateLimiter' from 'app.ratelimit' "
                        "(/workspace/filedrop/app/ratelimit.py)"))                                          # 16
    edit("The class is called SlidingWindowLimiter; fixing the import in the test.", "tests/test_ratelimit.py",
         "from app.ratelimit import RateLimiter\n", "from app.ratelimit import SlidingWindowLimiter as RateLimiter\n")  # 17
    rl = {"tests/test_ratelimit.py": (5, {0, 1, 2, 3, 4})}
    tb429 = ("client = <FlaskClient <Flask 'app'>>, auth_headers = {'Authorization': 'Bearer eyJhbGciOi...'}\n\n"
             "    def test_upload_returns_429(client, auth_headers, small_file):\n        codes = [...]\n"
             ">       assert codes[:20] == [201] * 20 and codes[20] == 429\nE       assert (True and 201 == 429)\n\n"
             "tests/test_ratelimit.py:47: AssertionError")
    tests("Re-running.", "tests/test_ratelimit.py -q", pytest_out(rng, rl, [
        (f"tests/test_ratelimit.py::{n}", "TypeError: SlidingWindowLimiter.__init__() got an unexpected keyword argument 'clock'",
         TB_CLOCK_KW.replace("test_allows_up_to_limit", n)) for n in
        ["test_allows_up_to_limit", "test_blocks_after_limit", "test_keys_are_independent", "test_window_resets"]] + [
        ("tests/test_ratelimit.py::test_upload_returns_429", "assert (True and 201 == 429)", tb429)]))       # 18
    read("The limiter needs a clock parameter. Reading it again before editing.", "app/ratelimit.py")        # 19
    edit("Adding an injectable clock (monotonic by default).", "app/ratelimit.py",
         "    def __init__(self):\n        self._hits", "    def __init__(self, clock=time.monotonic):\n        self._clock = clock\n        self._hits")  # 20
    edit("Using it in allow().", "app/ratelimit.py", "now = time.time()", "now = self._clock()")          # 21
    tests("Testing again.", "tests/test_ratelimit.py -q", pytest_out(rng, {"tests/test_ratelimit.py": (5, {1, 4})}, [
        ("tests/test_ratelimit.py::test_blocks_after_limit", "AssertionError: assert not True", TB_BLOCKS),
        ("tests/test_ratelimit.py::test_upload_returns_429", "assert (True and 201 == 429)", tb429)]))      # 22
    tr.step("Off by one: it lets limit+1 requests through. Finding the comparison.", "grep",
            {"pattern": "len\\(q\\)", "path": "app/"}, "app/ratelimit.py:22:            if len(q) > limit:")  # 23
    edit("Fixing the comparison.", "app/ratelimit.py", "if len(q) > limit:", "if len(q) >= limit:")       # 24
    tests("Re-running the limiter tests.", "tests/test_ratelimit.py -q",
          pytest_out(rng, {"tests/test_ratelimit.py": (5, set())}, []))                                   # 25
    b = dict(base)
    b["tests/test_ratelimit.py"] = (5, set())
    b["tests/test_upload.py"] = (9, {0, 5, 7})
    tests("Limiter tests pass. Full suite now.", "-q", pytest_out(rng, b, [
        ("tests/test_upload.py::test_upload_happy_path", "assert 429 == 201", TB_429_LEAK)] + pre_fail))   # 26
    read("test_upload_happy_path now gets 429: the module-level limiter keeps state between tests. "
         "Checking the fixtures.", "tests/conftest.py")                                                     # 27
    edit("Adding a reset() to the limiter.", "app/ratelimit.py", "    def limit(self, key, limit, window):",
         "    def reset(self):\n        with self._lock:\n            self._hits.clear()\n\n    def limit(self, key, limit, window):")  # 28
    edit("And an autouse fixture that resets it between tests.", "tests/conftest.py", "@pytest.fixture\ndef client(app):",
         "@pytest.fixture(autouse=True)\ndef _reset_limiter():\n    from app.ratelimit import limiter\n\n    limiter.reset()\n    yield\n\n\n"
         "@pytest.fixture\ndef client(app):")                                                              # 29
    tests("Upload tests again.", "tests/test_upload.py -q",
          pytest_out(rng, {"tests/test_upload.py": (9, {5, 7})}, pre_fail))                               # 30
    tests("Back to the two original failures. Oversized file first, verbose.",
          "tests/test_upload.py::test_upload_rejects_oversized_file -vv",
          pytest_out(rng, {"tests/test_upload.py::test_upload_rejects_oversized_file": (1, {0})}, pre_fail[:1], verbose=True))  # 31
    read("RequestEntityTooLarge ends up in the generic 500 handler. Re-reading the route as it is now.",
         "app/routes/upload.py")                                                                            # 32
    tr.step("Checking the generic handler in extensions.py.", "read_file",
            {"path": "app/extensions.py", "start_line": 30, "end_line": 45},
            "  30  def init_extensions(app):\n  31      init_logging(app)\n  32      init_jwt(app)\n  33  \n"
            "  34      @app.errorhandler(Exception)\n  35      def handle_any(e):\n"
            "  36          if isinstance(e, HTTPException) and e.code != 413:\n  37              return e\n"
            "  38          app.logger.exception(\"unhandled error\")\n  39          # TODO(#188): 413 should get its own handler\n"
            "  40          return jsonify(error=\"internal error\"), 500\n")                                  # 33
    fs["app/routes/upload.py"] += UPLOAD_V2[len(UPLOAD_V1):]
    tr.step("Adding a dedicated 413 handler on the upload blueprint, as the TODO suggests.", "edit_file",
            {"path": "app/routes/upload.py", "old": "    return jsonify(key=key, size=size), 201\n",
             "new": "    return jsonify(key=key, size=size), 201\n" + UPLOAD_V2[len(UPLOAD_V1):]},
            "Edited app/routes/upload.py: replaced 1 occurrence (1 -> 7 lines).")                           # 34
    tests("Re-running that test.", "tests/test_upload.py::test_upload_rejects_oversized_file -q",
          pytest_out(rng, {"tests/test_upload.py": (1, set())}, []))                                      # 35
    tests("Now the filename test.", "tests/test_upload.py::test_upload_filename_sanitized -vv",
          pytest_out(rng, {"tests/test_upload.py::test_upload_filename_sanitized": (1, {0})}, pre_fail[1:], verbose=True))  # 36
    read("The test expects directory parts to be kept but flattened. Reading safe_filename.", "app/utils/files.py")  # 37
    edit("Flattening the path instead of taking the basename.", "app/utils/files.py",
         '    name = os.path.basename(name)\n    name = _UNSAFE.sub("_", name).strip("._")',
         '    name = _UNSAFE.sub("_", name.replace("/", "_")).strip("._")')                               # 38
    tests("Checking.", "tests/test_upload.py::test_upload_filename_sanitized -q", pytest_out(rng, {"tests/test_upload.py": (1, {0})}, [
        ("tests/test_upload.py::test_upload_filename_sanitized",
         "AssertionError: assert 'u-123/.._.._etc_passwd' == 'u-123/etc_passwd'", TB_SANITIZE_2)]))        # 39
    edit("The '..' segments survive. Dropping empty, '.' and '..' segments before joining.", "app/utils/files.py",
         '    name = _UNSAFE.sub("_", name.replace("/", "_")).strip("._")',
         '    parts = [p for p in re.split(r"[\\\\/]+", name) if p not in ("", ".", "..")]\n'
         '    name = _UNSAFE.sub("_", "_".join(parts)).strip("._")')                                       # 40
    tests("Upload tests.", "tests/test_upload.py -q", pytest_out(rng, {"tests/test_upload.py": (9, set())}, []))  # 41
    b = dict(base)
    b["tests/test_ratelimit.py"] = (5, set())
    tests("Whole suite.", "-q", pytest_out(rng, b, []))                                                     # 42
    cmd("All green. Running the linter.", "ruff check app tests",
        "app/ratelimit.py:35:9: D102 Missing docstring in public method\n"
        "app/routes/upload.py:13:101: E501 Line too long (104 > 100)\n"
        "tests/test_ratelimit.py:46:5: B007 Loop control variable `_` not used within loop body\n"
        "Found 3 errors.")                                       # 43
    edit("Adding the missing docstring.", "app/ratelimit.py", "    def reset(self):\n",
         "    def reset(self):\n        \"\"\"Forget all recorded hits (used by the test suite).\"\"\"\n")  # 44
    edit("Wrapping the long decorator line.", "app/routes/upload.py",
         "@limiter.limit(key=lambda: str(g.user.id), limit=20, window=60)",
         "@limiter.limit(\n    key=lambda: str(g.user.id),\n    limit=20,\n    window=60,\n)")                # 45
    edit("Fixing the loop variable in the 429 test.", "tests/test_ratelimit.py",
         "    codes = [client.post(\"/api/upload\", headers=auth_headers, data={\"file\": small_file()}).status_code\n"
         "             for _ in range(21)]",
         "    codes = []\n    for _i in range(21):\n        resp = client.post(\"/api/upload\", headers=auth_headers, data={\"file\": small_file()})\n"
         "        codes.append(resp.status_code)")                                                          # 46
    cmd("Linting again.", "ruff check app tests", "All checks passed!")                                    # 47
    cmd("Reviewing the overall diff.", "git diff --stat",
        " app/ratelimit.py        | 47 +++++++++++++++++++++++++++++++++++++\n app/routes/upload.py    | 14 ++++++++++-\n"
        " app/utils/files.py      |  4 ++--\n tests/conftest.py       |  8 +++++++\n tests/test_ratelimit.py | 50 ++++++++++++++++++++++++++++++++++++++\n"
        " 5 files changed, 120 insertions(+), 3 deletions(-)")                                            # 48
    tr.send("Done. Summary:\n- `app/ratelimit.py`: in-process sliding-window limiter (per key, injectable clock, "
            "`reset()` for tests).\n- `POST /api/upload` is limited to 20/minute per user and returns 429 "
            "`{\"error\": \"rate limit exceeded\"}`.\n- Fixed the two pre-existing failures: a dedicated 413 handler for "
            "oversized uploads, and `safe_filename` now flattens paths and drops `..` segments.\n- Tests: 48 passed; "
            "ruff clean.", completion=142)                                                                # 49
    tr.user("Nice, thanks! Could you make the limit configurable through an env var, e.g. UPLOAD_RATE_LIMIT=\"20/minute\", "
            "and document it in the README?")
    read("Re-reading the config module.", "app/config.py")                                                 # 50
    edit("Adding UPLOAD_RATE_LIMIT and a parser.", "app/config.py",
         '    AUTH_AUDIENCE = os.environ.get("AUTH_AUDIENCE", "filedrop")\n',
         '    AUTH_AUDIENCE = os.environ.get("AUTH_AUDIENCE", "filedrop")\n'
         '    UPLOAD_RATE_LIMIT = os.environ.get("UPLOAD_RATE_LIMIT", "20/minute")\n')                    # 51
    write("Putting parse_rate in config.py.", "app/config.py", CONFIG_V1)                                   # 52
    edit("Using the configured rate in the route.", "app/routes/upload.py",
         "@limiter.limit(\n    key=lambda: str(g.user.id),\n    limit=20,\n    window=60,\n)",
         "@limiter.limit(\n    key=lambda: str(g.user.id),\n    limit=_RATE[0],\n    window=_RATE[1],\n)")     # 53
    edit("Defining _RATE from config.", "app/routes/upload.py", "bp = Blueprint(\"upload\", __name__)\n",
         "bp = Blueprint(\"upload\", __name__)\n_RATE = parse_rate(Config.UPLOAD_RATE_LIMIT)\n")               # 54
    edit("A test for the parser.", "tests/test_ratelimit.py", "from app.ratelimit import SlidingWindowLimiter as RateLimiter\n",
         "from app.config import parse_rate\nfrom app.ratelimit import SlidingWindowLimiter as RateLimiter\n\n\n"
         "def test_parse_rate():\n    assert parse_rate(\"20/minute\") == (20, 60)\n    assert parse_rate(\"5/s\") == (5, 1)\n")  # 55
    tests("Running the limiter tests.", "tests/test_ratelimit.py -q", pytest_out(rng, {"tests/test_ratelimit.py": (6, {0})}, [
        ("tests/test_ratelimit.py::test_parse_rate", "KeyError: 'minute'", TB_PARSE)]))                   # 56
    write("Accepting the usual unit spellings.", "app/config.py", CONFIG_V2)                                 # 57
    tests("Again.", "tests/test_ratelimit.py -q", pytest_out(rng, {"tests/test_ratelimit.py": (6, set())}, []))  # 58
    edit("Documenting the variable in the README table.", "README.md",
         "| AUTH_AUDIENCE | filedrop | expected JWT audience |\n",
         "| AUTH_AUDIENCE | filedrop | expected JWT audience |\n"
         "| UPLOAD_RATE_LIMIT | 20/minute | uploads per user per window (`N/second`, `N/minute`, `N/hour`); exceeding it returns 429 |\n")  # 59
    b = dict(base)
    b["tests/test_ratelimit.py"] = (6, set())
    tr.send("UPLOAD_RATE_LIMIT is now read from the environment (default `20/minute`, units s/sec/second, "
            "m/min/minute, h/hour), parsed by `app.config.parse_rate`, documented in the README, with a test. "
            "Full suite: 49 passed.", completion=71)                                                       # 60
    tr.expected = expect(
        "pass", None, notes="Must pass untouched at every turn (no rejection, no soft warning expected except "
        "possibly a context-growth note). Traps for over-eager detectors: app/config.py, app/ratelimit.py, "
        "app/routes/upload.py and README.md are each read more than once (config.py twice with identical "
        "content, turns 7 and 51; the others changed in between); run_tests is called 15 times with changing "
        "failures; the tool-name pattern edit->run_tests repeats many times with different arguments (not a "
        "fingerprint cycle); 'ruff check app tests' is run twice (errors, then 'All checks passed!'); a user "
        "follow-up arrives mid-session (turn 50). Prompt grows from ~0.5k to ~12k tokens, steadily, with new "
        "tool output every turn. Iteration cap for replays must allow >= 60 calls per session.")
    return tr


# --------------------------------------------------------------------------------------------
# 5b. support_chat: ~25-turn customer support conversation, a few tools, polite repetition

SUPPORT_TOOLS = [
    tool("lookup_order", "Look up an order by id or by customer email.", {"order_id": S, "email": S}, []),
    tool("get_tracking", "Get carrier tracking events for a shipment.", {"tracking_number": S}, ["tracking_number"]),
    tool("create_return", "Create a return authorisation (RMA) for order items.",
         {"order_id": S, "items": {"type": "array", "items": S}, "reason": S}, ["order_id", "items", "reason"]),
]


def gen_support_chat() -> Transcript:
    rng = random.Random(1006)
    tr = Transcript(
        "support_chat",
        "A healthy ~25-turn customer-support chat for an online shop: a late delivery, a damaged item, a return "
        "and a question about a discount. Polite repeated phrases ('thanks', 'let me check') with different "
        "content each time; three tool calls.",
        rng, "gpt-4o-mini",
        "You are Nova, the support assistant for Larkspur Home (home goods, ships from Rotterdam and Columbus). "
        "Be friendly and concise. Look orders up before answering questions about them. Returns are free within "
        "30 days; damaged items are replaced or refunded without needing a return. Never promise delivery dates "
        "the carrier hasn't confirmed.",
        tools=SUPPORT_TOOLS, max_tokens=500,
        headers={"x-session-id": "chat_8841_20250311", "x-user-id": "cust_40918", "x-feature": "support-widget"},
    )
    order = {"order_id": "LH-2025-118204", "email": "r.okonkwo@example.com", "placed": "2025-03-02",
             "status": "shipped", "items": [
                 {"sku": "LH-LMP-0042", "name": "Arlo ceramic table lamp, sage", "qty": 1, "price": "89.00"},
                 {"sku": "LH-THR-0310", "name": "Wool throw blanket, oat", "qty": 2, "price": "54.00"},
                 {"sku": "LH-MUG-1207", "name": "Stoneware mug set (4)", "qty": 1, "price": "32.00"}],
             "discount": {"code": "SPRING15", "amount": "34.35"}, "shipping": "standard (free)",
             "total": "194.65", "carrier": "PostNL", "tracking_number": "3SLRKP0931187"}
    tracking = {"tracking_number": "3SLRKP0931187", "carrier": "PostNL", "events": [
        {"at": "2025-03-04T16:20:00Z", "where": "Rotterdam DC", "what": "Parcel received"},
        {"at": "2025-03-05T03:11:00Z", "where": "Rotterdam DC", "what": "Departed facility"},
        {"at": "2025-03-07T09:45:00Z", "where": "London Heathrow", "what": "Customs clearance in progress"},
        {"at": "2025-03-10T14:02:00Z", "where": "London Heathrow", "what": "Released by customs"},
        {"at": "2025-03-11T07:30:00Z", "where": "Manchester hub", "what": "Out for delivery"}],
        "estimated_delivery": "2025-03-11"}

    script = [
        ("user", "Hi, I ordered some stuff last week and it still hasn't arrived. Order LH-2025-118204"),
        ("tool", "Hi! Thanks for reaching out - let me check that order for you.", "lookup_order", {"order_id": "LH-2025-118204"}, json.dumps(order)),
        ("tool", "I can see it shipped with PostNL on March 4th. Let me check the tracking.", "get_tracking",
         {"tracking_number": "3SLRKP0931187"}, json.dumps(tracking)),
        ("say", "Good news: your parcel cleared customs yesterday and is out for delivery from the Manchester hub today "
                "(March 11th). It was held at customs in London for three days, which is what caused the delay. Sorry about the wait!"),
        ("user", "oh ok, thanks. why was it stuck in customs though? I've never had that before"),
        ("say", "Since our Rotterdam warehouse is in the EU, parcels to the UK go through customs. Most clear within a day, "
                "but some get picked for a manual check - it's random, and nothing you need to do. Duties on your order were prepaid by us."),
        ("user", "Got it. Will I need to be home to sign?"),
        ("say", "No signature is required for this order - PostNL will leave it in a safe place or with a neighbour if you're not in, "
                "and you'll get a card telling you where."),
        ("user", "Roughly what time do they usually come?"),
        ("say", "PostNL doesn't give a fixed slot, but the tracking page shows a two-hour window once the driver is about "
                "five stops away - usually between 9am and 6pm."),
        ("user", "And could it go to my office instead? I'm at work until 6"),
        ("say", "Unfortunately once a parcel is out for delivery PostNL can't redirect it. If nobody's home they'll try a "
                "neighbour first, otherwise it goes to the nearest pickup point and you'll get a notification."),
        ("user", "hmm ok, my neighbour is usually in so that should work"),
        ("say", "That sounds like the easiest option. You can also follow the driver live from the PostNL link in your shipping email."),
        ("user", "ok great. Thanks for the help!"),
        ("say", "You're welcome! Is there anything else I can help with?"),
        ("user", "Actually yes - it just arrived while we were chatting, but the lamp base is cracked :( the box looks fine"),
        ("say", "Oh no, I'm sorry! Could you tell me where the crack is, and whether the lamp still works? A photo helps but isn't required."),
        ("user", "It's a hairline crack going up from the bottom, about 5cm. I haven't plugged it in, didn't want to risk it."),
        ("say", "Good call not plugging it in. For damaged items we can either send a replacement lamp or refund it (EUR 89.00) - "
                "you don't need to send the broken one back. Which would you prefer?"),
        ("user", "A replacement please, I really like the colour"),
        ("tool", "Let me set that up for you.", "create_return",
         {"order_id": "LH-2025-118204", "items": ["LH-LMP-0042"], "reason": "damaged_in_transit_replace"},
         json.dumps({"rma": "RMA-77310", "type": "replacement", "return_required": False,
                     "replacement_order": "LH-2025-121960", "eta_business_days": "3-5"})),
        ("say", "Done! Replacement order LH-2025-121960 is on its way (3-5 business days, no return needed - please recycle "
                "the damaged one safely). Your reference is RMA-77310."),
        ("user", "Could the replacement go to my office? Unit 4, 22 Tib Street, Manchester M4 1LA"),
        ("say", "Yes - I've noted Unit 4, 22 Tib Street, Manchester M4 1LA as the delivery address for LH-2025-121960. "
                "Since it's a business address, please make sure reception can accept parcels until 5pm."),
        ("user", "Perfect, thanks so much. One more thing - the two throws, can I return one of them? Turns out we only need one"),
        ("say", "Of course. Returns are free within 30 days. Would you like me to create a return for one Wool throw blanket (oat)? "
                "You'd get EUR 54.00 back minus the share of the SPRING15 discount that applied to it."),
        ("user", "how much would that be exactly?"),
        ("say", "SPRING15 took 15% off each item, so one throw's refund would be EUR 54.00 - EUR 8.10 = EUR 45.90, back to your "
                "original payment method within 5 days of us receiving it."),
        ("user", "ok that's fair, yes please go ahead"),
        ("tool", "Creating the return now.", "create_return",
         {"order_id": "LH-2025-118204", "items": ["LH-THR-0310"], "reason": "no_longer_needed"},
         json.dumps({"rma": "RMA-77311", "type": "refund", "return_required": True, "label_url": "https://returns.larkspur.example/l/RMA-77311",
                     "refund_amount": "45.90", "drop_off": "any PostNL point within 14 days"})),
        ("say", "All set: return RMA-77311. Your prepaid label is here: https://returns.larkspur.example/l/RMA-77311 - drop the parcel "
                "at any PostNL point within 14 days and the EUR 45.90 refund follows once it arrives."),
        ("user", "Will the 45.90 go back to my card or is it store credit?"),
        ("say", "It goes back to the card you paid with - store credit is only used if you ask for it."),
        ("user", "Thanks! Does the label need to be printed? I don't have a printer"),
        ("say", "No printer needed - show the QR code on that page at the PostNL point and they'll print the label for you."),
        ("user", "Brilliant. Oh and is the mug set dishwasher safe? the box doesn't say"),
        ("say", "Yes, the stoneware mugs are dishwasher and microwave safe; we'd just avoid putting them straight from the "
                "freezer into the microwave."),
        ("user", "Good to know. and the throw, can that go in the washing machine?"),
        ("say", "Best on a wool/hand-wash cycle at 30°C with a wool detergent, then dried flat - no tumble dryer, it will shrink."),
        ("user", "Noted. Last question, is SPRING15 still valid? My sister wants to order something"),
        ("say", "SPRING15 runs until March 31st for first orders over EUR 60, so she can use it if it's her first order with us."),
        ("user", "Great, I'll tell her. Thanks again Nova, you've been really helpful"),
        ("say", "Thank you for your patience today! Enjoy the new lamp when it arrives, and have a lovely evening."),
        ("user", "you too, bye!"),
    ]
    for item in script:
        kind = item[0]
        if kind == "user":
            tr.user(item[1])
        elif kind == "tool":
            tr.step(item[1], item[2], item[3], item[4])
        else:
            tr.send(item[1])
    tr.send("Bye! 👋")
    tr.expected = expect(
        "pass", None, notes="Must pass untouched. Traps: short polite user turns ('ok great. Thanks for the help!', "
        "'Thanks!...', 'you too, bye!') and repeated assistant openers ('Let me check...', 'Creating...'), never "
        "3 near-identical turns in a row; create_return is called twice with different items/reasons; the "
        "order lookup result is large and resent every turn (context grows only by the chat). No session "
        "should come near an iteration cap of 50.")
    return tr


# --------------------------------------------------------------------------------------------
# 5c. batch_similar_requests: independent review summaries, one session each / no session header

REVIEW_BITS = {
    "product": ["wireless earbuds", "standing desk", "air fryer", "hiking boots", "robot vacuum", "electric kettle",
                "office chair", "mechanical keyboard", "yoga mat", "baby monitor", "espresso grinder", "rain jacket",
                "cordless drill", "smart thermostat", "e-reader", "blender", "duvet", "dash cam", "kids' bike", "monitor arm"],
    "open": ["Bought this {ago} to replace my old one.", "Got the {product} as a gift for my partner.",
             "I've been using this {product} daily for {ago_n}.", "Ordered on a whim during the sale.",
             "After reading a lot of reviews I went with this {product}.", "Second one I've bought, the first lasted {ago_n}."],
    "pos": ["Setup took about ten minutes and the instructions were clear.", "Build quality feels solid for the price.",
            "It's noticeably quieter than I expected.", "Battery easily lasts a full week.", "Customer service replaced a missing part within two days.",
            "Looks great in our living room.", "Does exactly what it says, nothing more.", "The app is actually well designed for once."],
    "neg": ["The cable is far too short.", "One of the screws was stripped out of the box.", "It started making a rattling noise after a month.",
            "Delivery took three weeks instead of five days.", "The colour is much darker than in the photos.",
            "The app needs an account just to turn it on, which is ridiculous.", "Hard to clean around the edges.",
            "Instructions were translated badly and missing a step."],
    "close": ["Would buy again.", "Returning it.", "Three stars because of the price.", "Overall happy, minor gripes.",
              "Not worth the hype.", "Recommended if it's on sale.", "Five stars, no complaints."],
}
DUP_REVIEW = "Works great, fast shipping. 5 stars."
BATCH_SYSTEM = ("You summarise customer product reviews for the merchandising team. Reply with JSON: "
                "{\"summary\": one sentence, \"sentiment\": \"positive\"|\"mixed\"|\"negative\", \"issues\": [short strings]}.")


def reviews(rng, n=30):
    out = []
    for i in range(n):
        if i in (6, 21):
            out.append(DUP_REVIEW)
            continue
        product = rng.choice(REVIEW_BITS["product"])
        ago = rng.choice(["two weeks ago", "last month", "in January", "about a year ago"])
        ago_n = rng.choice(["six months", "a year", "three weeks", "two years"])
        sents = [rng.choice(REVIEW_BITS["open"]).format(product=product, ago=ago, ago_n=ago_n)]
        sents += rng.sample(REVIEW_BITS["pos"], rng.randint(0, 3)) + rng.sample(REVIEW_BITS["neg"], rng.randint(0, 2))
        sents.append(rng.choice(REVIEW_BITS["close"]))
        out.append(f"[{rng.randint(1, 5)}/5] " + " ".join(sents))
    return out


def gen_batch(with_sessions: bool) -> Transcript:
    rng = random.Random(1007)
    revs = reviews(rng)
    rng = random.Random(1008 if with_sessions else 1009)
    name = "batch_similar_requests" if with_sessions else "batch_similar_requests_nosession"
    tr = Transcript(
        name,
        ("30 independent single-request jobs 'Summarize this product review: ...' from a nightly batch worker, "
         + ("each with its own x-session-id." if with_sessions else
            "sent with NO headers at all (headers {}), so tollgate must derive session ids from the system prompt "
            "and first user message: 29 different derived sessions plus one collision (turns 7 and 22 carry the "
            "identical review text, as real batches do).")),
        rng, "gpt-4o-mini", BATCH_SYSTEM,
        headers={"x-user-id": "svc_merch_batch", "x-feature": "review-summaries"} if with_sessions else {},
    )
    for i, rv in enumerate(revs):
        body = {"model": "gpt-4o-mini", "messages": [
            {"role": "system", "content": BATCH_SYSTEM},
            {"role": "user", "content": f"Summarize this product review:\n\n{rv}"}],
            "max_tokens": 150, "temperature": 0, "response_format": {"type": "json_object"}}
        sentiment = "positive" if rv.startswith(("[5", "[4")) or rv == DUP_REVIEW else rng.choice(["mixed", "negative"])
        tr.send(body=body, content=json.dumps({"summary": rv.split("] ")[-1].split(".")[0] + ".", "sentiment": sentiment, "issues": []}),
                at=round(i * 1.7 + rng.uniform(0, 0.6), 2),
                headers={"x-session-id": f"batch-20250311-{i:03d}"} if with_sessions else None)
    tr.expected = expect(
        "pass", None, notes=("Must pass untouched: 30 one-request sessions with near-identical prompts (same system "
        "prompt, same instruction, different reviews). Loop detection is per session, so similarity ACROSS "
        "sessions must not count. " + ("Each turn has its own x-session-id (per-turn header)." if with_sessions else
        "No headers: derived ids (system prompt + first user message, no user) must give a different session "
        "per review; turns 7 and 22 have the same review text, so they share one derived session with 2 identical "
        "requests - below K=3, still a pass. A derivation that ignores the first user message would put all 30 "
        "requests in one session and wrongly trip loop/iteration limits.")))
    return tr


# --------------------------------------------------------------------------------------------
# 5d. job_poll_status: legitimate polling with the same tool call and a changing status

JOB_TOOLS = [
    tool("submit_job", "Submit a data-pipeline job.", {"pipeline": S, "params": {"type": "object"}}, ["pipeline"]),
    tool("get_job_status", "Get a job's status. Blocks up to wait_seconds for a change.",
         {"job_id": S, "wait_seconds": I}, ["job_id"]),
]


def gen_job_poll() -> Transcript:
    rng = random.Random(1010)
    tr = Transcript(
        "job_poll_status",
        "A healthy agent that submits a backfill job and polls get_job_status with IDENTICAL arguments every turn "
        "while the status changes (queued -> running 5% ... -> succeeded).",
        rng, "gpt-4o-mini",
        "You are a data-platform assistant. You can submit pipeline jobs and check their status. Poll until a job "
        "finishes, then report the outcome with row counts.",
        tools=JOB_TOOLS,
        headers={"x-session-id": "sess_backfill_c7e1", "x-user-id": "u_ines.p", "x-feature": "data-platform-agent"},
    )
    tr.user("Please run the orders_daily backfill for March 1-10 and tell me when it's done.")
    job = "job_2f8e41c0b7"
    (cid,) = tr.send("Submitting the backfill.", [("submit_job", {"pipeline": "orders_daily_backfill",
                                                                  "params": {"start": "2025-03-01", "end": "2025-03-10"}})])
    tr.result(cid, json.dumps({"job_id": job, "state": "queued", "queue_position": 4, "submitted_at": ts(0)}))
    stages = ["extract"] * 5 + ["transform"] * 6 + ["load"] * 5 + ["validate"] * 2
    msgs = {
        "extract": ["reading orders shard {d} from replica pg-orders-ro-2", "snapshot isolation acquired for partition {d}",
                    "fetched refunds for {d} via CDC offsets", "pulled currency rates table for {d}",
                    "extract of customers dimension reused from cache", "shard {d} read complete, checksum ok"],
        "transform": ["joined orders with customers for {d}", "applied SPRING promotions and discount allocation to {d}",
                      "deduplicated late-arriving order events for {d}", "computed net revenue in EUR for {d}",
                      "shuffle spill to disk on stage 7, continuing", "broadcast join on regions table for {d}"],
        "load": ["writing partition {d} to warehouse.analytics.orders_daily", "swapped staging partition {d} into place",
                 "vacuum/analyze scheduled for partition {d}", "updated table statistics after {d}",
                 "committed load transaction for {d}"],
        "validate": ["comparing row counts with source for all partitions", "checking revenue totals against finance ledger"],
    }
    t = 0.0
    rows = 0
    last_msgs: list = []
    states = [("queued", 3), ("queued", 1), ("starting", None)] + [("running", s) for s in stages] + [("succeeded", None)]
    for k, (state, extra) in enumerate(states):
        t += rng.uniform(45, 75)
        status = {"job_id": job, "state": state, "updated_at": ts(t)}
        new_lines = []
        if state == "queued":
            status["queue_position"] = extra
            new_lines.append(f"{ts(t)[11:19]} waiting for an executor slot ({extra} job{'s' if extra > 1 else ''} ahead)")
        elif state == "starting":
            status["executor"] = "spark-exec-14"
            new_lines.append(f"{ts(t)[11:19]} acquired executor spark-exec-14, planning 10 partitions")
        elif state == "running":
            pct = min(99, 3 + (k - 3) * 5 + rng.randint(0, 3))
            rows += rng.randint(180_000, 260_000)
            status.update({"progress_pct": pct, "stage": extra, "rows_processed": rows,
                           "eta_seconds": int((100 - pct) * rng.uniform(6, 9))})
            pool = [m for m in msgs[extra] if m not in last_msgs] or msgs[extra]
            last_msgs = rng.sample(pool, min(len(pool), rng.randint(1, 2)))
            for m in last_msgs:
                new_lines.append(f"{ts(t)[11:19]} [{extra}] " + m.format(d=f"2025-03-{rng.randint(1, 10):02d}"))
            if rng.random() < 0.25:
                new_lines.append(f"{ts(t)[11:19]} [{extra}] WARN skew on customer_id hash bucket {rng.randint(0, 63)}, retrying task")
        else:
            status.update({"progress_pct": 100, "rows_processed": rows, "rows_written": rows - rng.randint(50, 400),
                           "duration_seconds": int(t), "output": "warehouse.analytics.orders_daily (10 partitions replaced)"})
            new_lines.append(f"{ts(t)[11:19]} [validate] row counts match source within 0.02%; job succeeded")
        status["new_log_lines"] = new_lines
        prev = states[k - 1][0] if k else "queued"
        thought = ("Checking the job status." if k == 0 else f"Still {prev}" +
                   rng.choice([" - checking again.", "; I'll poll again.", ". Waiting for the next update.", ", polling again."]))
        tr.step(thought, "get_job_status", {"job_id": job, "wait_seconds": 60}, json.dumps(status, indent=1))
    tr.send(f"The backfill finished successfully: {rows:,} rows processed for March 1-10, written to "
            "warehouse.analytics.orders_daily (10 partitions replaced); validation matched the source.", completion=58)
    tr.expected = expect(
        "pass", None, notes="Must pass untouched. From turn 3 every turn's tool call is the identical "
        "get_job_status({job_id, wait_seconds: 60}) - a period-1 'cycle' of tool-call fingerprints - but every "
        "tool result is different (state/stage, progress_pct, rows_processed, eta_seconds, updated_at and the "
        "log lines written since the previous poll). "
        "A detector that fingerprints only the tool call would wrongly fire here (the fingerprint must include "
        "the tool result); normalising ids/timestamps is fine, but progress numbers are signal. Prompt grows ~150 tokens/turn.")
    return tr


# --------------------------------------------------------------------------------------------
# writing and validation

GENERATORS = [gen_sql_fix_loop, gen_tool_cycle, gen_research_spiral, gen_expensive_burst, gen_coding_session,
              gen_support_chat, lambda: gen_batch(True), lambda: gen_batch(False), gen_job_poll]


def dump(doc: dict) -> str:
    """Metadata pretty-printed; one compact JSON line per turn (keeps files diffable and small)."""
    out = ["{"]
    for k in ("name", "description", "api", "headers", "expected"):
        out.append(f" {json.dumps(k)}: {json.dumps(doc[k], ensure_ascii=False)},")
    out.append(' "turns": [')
    out.append(",\n".join("  " + json.dumps(t, ensure_ascii=False, separators=(",", ":")) for t in doc["turns"]))
    out.append(" ]\n}\n")
    return "\n".join(out)


def check_request(body: dict, where: str):
    def fail(msg):
        raise SystemExit(f"{where}: {msg}")

    if not isinstance(body.get("model"), str) or not isinstance(body.get("messages"), list) or not body["messages"]:
        fail("model/messages missing")
    for tl in body.get("tools") or []:
        f = tl.get("function", {})
        if tl.get("type") != "function" or not f.get("name") or f.get("parameters", {}).get("type") != "object":
            fail(f"bad tool {tl}")
    tool_names = {t["function"]["name"] for t in body.get("tools") or []}
    pending: list[str] = []
    prev_role = None
    for i, m in enumerate(body["messages"]):
        role = m.get("role")
        if role not in ("system", "user", "assistant", "tool"):
            fail(f"message {i}: role {role!r}")
        if role == "system" and i != 0:
            fail("system message not first")
        if pending and role != "tool":
            fail(f"message {i}: tool_calls {pending} not answered before a {role} message")
        if role == "tool":
            if m.get("tool_call_id") not in pending:
                fail(f"message {i}: tool_call_id {m.get('tool_call_id')} answers no pending call")
            pending.remove(m["tool_call_id"])
            if not isinstance(m.get("content"), str):
                fail(f"message {i}: tool content")
        elif role == "assistant":
            if prev_role == "assistant":
                fail(f"message {i}: two assistant messages in a row")
            for tc in m.get("tool_calls") or []:
                if tc.get("type") != "function" or not tc.get("id", "").startswith("call_"):
                    fail(f"message {i}: bad tool call {tc}")
                if tc["function"]["name"] not in tool_names:
                    fail(f"message {i}: unknown tool {tc['function']['name']}")
                if not isinstance(json.loads(tc["function"]["arguments"]), dict):
                    fail(f"message {i}: arguments not a JSON object")
                pending.append(tc["id"])
            if not m.get("tool_calls") and not isinstance(m.get("content"), str):
                fail(f"message {i}: assistant without content or tool calls")
        else:
            if not isinstance(m.get("content"), str) or not m["content"]:
                fail(f"message {i}: empty {role} content")
        prev_role = role
    if pending:
        fail(f"unanswered tool calls at the end: {pending}")
    if body["messages"][-1]["role"] not in ("user", "tool"):
        fail("request does not end with a user/tool message")


def check_doc(doc: dict, where: str):
    e = doc["expected"]
    if doc["api"] != "openai_chat" or not isinstance(doc["headers"], dict):
        raise SystemExit(f"{where}: api/headers")
    if e["outcome"] == "caught":
        if e["reason"] not in REASONS or not isinstance(e["caught_by_turn"], int) or not isinstance(e["not_before_turn"], int):
            raise SystemExit(f"{where}: caught needs reason, caught_by_turn, not_before_turn")
        if not e["not_before_turn"] <= e["predicted_turn"] <= e["caught_by_turn"] <= len(doc["turns"]):
            raise SystemExit(f"{where}: turn bounds")
    elif e["outcome"] != "pass" or e["reason"] is not None or e["caught_by_turn"] is not None:
        raise SystemExit(f"{where}: pass must have reason/caught_by_turn null")
    last_at = -1.0
    for k, t in enumerate(doc["turns"], 1):
        check_request(t["request"], f"{where} turn {k}")
        u = t["response_usage"]
        if not (u["prompt_tokens"] > 0 and u["completion_tokens"] > 0):
            raise SystemExit(f"{where} turn {k}: usage")
        if "at_seconds" in t:
            if t["at_seconds"] < last_at:
                raise SystemExit(f"{where} turn {k}: at_seconds goes backwards")
            last_at = t["at_seconds"]
        if k > 1:
            prev = doc["turns"][k - 2]
            pm, m = prev["request"]["messages"], t["request"]["messages"]
            # same conversation (agent / chat): the request must resend the previous one + the answer
            if len(m) > len(pm) and m[:2] == pm[:2]:
                if m[:len(pm)] != pm or m[len(pm)] != prev["response_message"]:
                    raise SystemExit(f"{where} turn {k}: does not extend turn {k - 1} + its response")


def new_content(body: dict) -> str:
    """Proxy of what a loop detector fingerprints: the assistant's latest tool calls + what came after."""
    msgs = body["messages"]
    last_a = max((i for i, m in enumerate(msgs) if m["role"] == "assistant"), default=None)
    if last_a is None:
        return msgs[-1]["content"]
    parts = [f"{tc['function']['name']} {tc['function']['arguments']}" for tc in msgs[last_a].get("tool_calls") or []]
    parts += [m["content"] for m in msgs[last_a + 1:]]
    return "\n".join(parts)


ID_LIKE = re.compile(r"\d{4}-\d\d-\d\dt\d\d:\d\d:\d\d(?:\.\d+)?z?|\b\d\d:\d\d:\d\d\b|"
                     r"\b(?:[a-z]+_)?(?=[0-9a-z]*\d)(?=[0-9a-z]*[a-z])[0-9a-z]{8,}\b")


def shingles(text: str, normalise: bool) -> set:
    """Word 3-shingles; `normalise` replaces id-like tokens (ISO timestamps, times of day, long
    alphanumeric ids with digits) with a placeholder but keeps plain numbers."""
    text = text.lower()
    if normalise:
        text = ID_LIKE.sub(" idtok ", text)
    words = re.findall(r"\w+", text)
    return {" ".join(words[i:i + 3]) for i in range(max(1, len(words) - 2))}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def proxy_stats(doc: dict) -> str:
    """Sanity check of the fixtures, NOT the detector: word 3-shingle Jaccard of consecutive turns' new
    content (raw / id-normalised), the turn ending the first run of 3 turns that are >= 0.9 similar to the
    previous (lag 1) or the one before that (lag 2, an A-B cycle), and the turn ending the first run of 5
    turns whose tool results are >= 75% already-seen shingles."""
    if not doc["headers"].get("x-session-id"):
        return "independent single-request sessions"
    news = [new_content(t["request"]) for t in doc["turns"]]
    sh = [(shingles(x, False), shingles(x, True)) for x in news]
    out = []
    for lag in (1, 2):
        for j, label in ((0, "raw"), (1, "norm")):
            sims = [jaccard(sh[k - lag][j], sh[k][j]) for k in range(lag, len(sh))]
            run, first = 1, None
            for k, x in enumerate(sims, lag + 1):
                run = run + 1 if x >= 0.9 else 1
                if run >= 3 and first is None:
                    first = k
            out.append(f"lag{lag} {label} max {max(sims) if sims else 0:.2f} run3@{first or '-'}")
    seen: set = set()
    run, stall = 0, None
    for k, t in enumerate(doc["turns"], 1):
        msgs = t["request"]["messages"]
        last_a = max((i for i, m in enumerate(msgs) if m["role"] == "assistant"), default=len(msgs))
        res = set().union(*[shingles(m["content"], True) for m in msgs[last_a + 1:] if m["role"] == "tool"] or [set()])
        novelty = len(res - seen) / len(res) if res else None
        seen |= res
        run = run + 1 if novelty is not None and novelty < 0.25 else 0
        if run >= 5 and stall is None:
            stall = k
    out.append(f"stale-results run5@{stall or '-'}")
    return "; ".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="only validate the files on disk")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    names = []
    if not args.check:
        for gen in GENERATORS:
            doc = gen().doc()
            check_doc(doc, doc["name"])
            with open(os.path.join(OUT, doc["name"] + ".json"), "w", encoding="utf-8") as f:
                f.write(dump(doc))
            names.append(doc["name"])
    total = 0
    for fn in sorted(os.listdir(OUT)):
        if not fn.endswith(".json"):
            continue
        path = os.path.join(OUT, fn)
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        check_doc(doc, fn)
        size = os.path.getsize(path)
        total += size
        e = doc["expected"]
        exp = f"caught {e['reason']} by {e['caught_by_turn']} (predicted {e['predicted_turn']}, not before {e['not_before_turn']})" \
            if e["outcome"] == "caught" else "pass"
        print(f"{doc['name']:34s} {len(doc['turns']):3d} turns {size / 1024:7.0f} KiB  {exp}\n    {proxy_stats(doc)}")
    print(f"total {total / 1024 / 1024:.2f} MiB")
    if total > 8 * 1024 * 1024:
        raise SystemExit("fixtures exceed 8 MiB")


if __name__ == "__main__":
    main()
