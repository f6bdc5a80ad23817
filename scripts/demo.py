#!/usr/bin/env python3
"""tollgate demo: an "agent" that keeps talking in one session until its budget stops it.

Starts the mock LLM (tests/mock_llm.py) and Envoy with the tollgate filter, configured by
envoy/tollgate.yaml as written there (the plugin config lives in that file only: edit it
there). Then an agent built on the official `openai` SDK calls chat completions with a
growing conversation (session `x-session-id: demo-1`, user `x-user-id: alice`) until the
session's hard budget answers 429. Everything is stopped at the end.

Each turn shows the filter's own count and reservation, the session budget left in dollars
(the RateLimit `r=` is in nano-dollars for a USD budget), what the upstream reported and the
cost tollgate settled for it, read from the admin counter read-out (enabled for this run only,
with a random bearer token).

    make demo            # or: .venv/bin/python scripts/demo.py [--max-turns N] [--model M]
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import sys
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "e2e"))

import harness  # noqa: E402

TEMPLATE = "tollgate.yaml"
SESSION_HEADERS = {"x-session-id": "demo-1", "x-user-id": "alice"}
SESSION_BUDGET = "demo-session"
NANOS = Decimal(10) ** 9


def dollars(nanos: str | int) -> str:
    """Nano-dollars (an integer) as exact decimal dollars."""
    return "$" + format((Decimal(nanos) / NANOS).normalize(), "f")


def remaining(ratelimit: str | None, policy: str | None) -> str:
    """The RateLimit `r=` (this request already held), in the budget's own unit."""
    m = re.search(r";r=(\d+)", ratelimit or "")
    if not m:
        return "-"
    if 'qu="usd-nanos"' in (policy or ""):
        return f"{dollars(m.group(1))} ({m.group(1)} nano-dollars)"
    return f"{m.group(1)} tokens"


def read_counter(env, token: str, key: str) -> dict:
    """The session counter from the admin read-out, once nothing is reserved on it any more
    (the last reservation is settled just after the response body has gone out)."""
    path = f"/tollgate/counters?budget={SESSION_BUDGET}&key={key}"
    deadline = time.monotonic() + 2.0
    while True:
        c = env.request("GET", path, headers={"authorization": f"Bearer {token}"}).json()
        if Decimal(c.get("reserved", "0")) == 0 or time.monotonic() > deadline:
            return c
        time.sleep(0.02)


def tool_output(turn: int, lines: int = 20) -> str:
    """A chunk of 'tool output' the agent pastes into the conversation (makes it grow)."""
    rows = [f"[{turn:02d}.{i:02d}] GET /inventory/item/{turn * 1000 + i} -> 200 "
            f"sku=SKU-{(turn * 7919 + i * 104729) % 100000:05d} stock={(i * 37 + turn) % 250} "
            f"warehouse={'north south east west'.split()[i % 4]} latency_ms={(i * 13 + turn * 7) % 90 + 10}"
            for i in range(lines)]
    return "\n".join(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="gpt-4o")
    ap.add_argument("--max-turns", type=int, default=40)
    ap.add_argument("--keep-logs", action="store_true", help="print where the logs are and keep them")
    args = ap.parse_args()

    import openai  # from .venv (make setup)

    plugin_config = harness.template_plugin_config(TEMPLATE)
    # The demo adds the admin read-out (not in the template) to show what was settled.
    admin_token = secrets.token_hex(16)
    plugin_config = {**plugin_config, "admin": {"path_prefix": "/tollgate/", "bearer_token": admin_token}}
    print("tollgate demo — plugin config (from envoy/%s; the admin read-out added for the demo):" % TEMPLATE)
    for key, value in plugin_config.items():
        if isinstance(value, list):
            print(f"  {key}:")
            for item in value:
                print(f"    - {json.dumps(item)}")
        else:
            print(f"  {key}: {json.dumps(value) if key != 'admin' else '{path_prefix: /tollgate/, bearer_token: <random>}'}")
    print("\nToken counts: tollgate counts each request itself (o200k_base, exact text plus OpenAI's chat")
    print("framing). The mock LLM is no tokenizer: it reports prompt_tokens = request body bytes / 4, so its")
    print("number differs from the filter's. tollgate reserves its own count, then settles to what the")
    print("upstream reported, as it would with the real provider.")

    mock = env = None
    try:
        mock = harness.start_mock()
        env = harness.start_envoy(plugin_config, hold_headers=True, upstream_port=mock.port, template=TEMPLATE,
                                  stream_idle_timeout="30s")
        print(f"\nmock LLM on :{mock.port}, Envoy listener on :{env.port} (admin :{env.admin_port})\n")

        client = openai.OpenAI(base_url=f"{env.url}/v1", api_key="sk-demo",
                               max_retries=0, default_headers=SESSION_HEADERS)
        messages = [{"role": "system", "content": "You are an inventory agent. Summarise tool output tersely."},
                    {"role": "user", "content": "Check stock for the north warehouse and report anomalies."}]
        policy_shown = False
        session_key = SESSION_HEADERS["x-session-id"]
        used_before = Decimal(0)
        for turn in range(1, args.max_turns + 1):
            messages.append({"role": "user", "content": "Tool output:\n" + tool_output(turn)})
            try:
                raw = client.chat.completions.with_raw_response.create(model=args.model, messages=messages)
            except openai.RateLimitError as e:
                body = e.body if isinstance(e.body, dict) else {}
                err = body.get("error", body) if isinstance(body, dict) else {}
                print(f"turn {turn:2d}  REJECTED: HTTP {e.status_code}")
                print(f"          code:    {err.get('code')}  type: {err.get('type')}")
                print(f"          message: {err.get('message', e.message)}")
                for h in ("ratelimit", "retry-after", "x-should-retry", "x-tollgate-warning"):
                    if e.response.headers.get(h) is not None:
                        print(f"          {h}: {e.response.headers.get(h)}")
                final = read_counter(env, admin_token, session_key)
                print(f"\nThe session budget stopped the agent after {turn - 1} completed turns: "
                      f"${final.get('used')} settled of ${final.get('limit')}.")
                return 0
            except openai.APIStatusError as e:
                print(f"turn {turn:2d}  unexpected HTTP {e.status_code}: {e.message}")
                return 1
            h = raw.headers
            completion = raw.parse()
            u = completion.usage
            if not policy_shown and h.get("ratelimit-policy"):
                print(f"ratelimit-policy: {h.get('ratelimit-policy')}\n")
                policy_shown = True
            print(f"turn {turn:2d}  model={h.get('x-tollgate-model', '-')}"
                  f"  filter input tokens={h.get('x-tollgate-input-tokens', '-')}"
                  f"  reserved=${h.get('x-tollgate-reserved-usd', '-')}"
                  f"  session budget left: {remaining(h.get('ratelimit'), h.get('ratelimit-policy'))}")
            reported = f"prompt={u.prompt_tokens} completion={u.completion_tokens}" if u else "no usage"
            counter = read_counter(env, admin_token, session_key)
            used = Decimal(counter.get("used", "0"))
            print(f"          upstream usage (mock: bytes/4): {reported}  ->  settled ${format(used - used_before, 'f')}"
                  f"  (session: ${counter.get('used')} of ${counter.get('limit')} used)")
            used_before = used
            if h.get("x-tollgate-warning"):
                print(f"          warning: {h.get('x-tollgate-warning')}")
            messages.append({"role": "assistant", "content": completion.choices[0].message.content or ""})
        print(f"\nNo rejection after {args.max_turns} turns: is the filter enforcing the budget?")
        return 2
    finally:
        if env is not None:
            env.stop()
            if args.keep_logs:
                print(f"envoy log: {env.log_path}")
        if mock is not None:
            mock.stop()
        harness.stop_all()


if __name__ == "__main__":
    sys.exit(main())
