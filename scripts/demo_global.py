#!/usr/bin/env python3
"""tollgate demo: one user's daily budget shared by three Envoys.

Starts Redis (Debian's redis-server), the quota service (target/release/tollgate-quota),
the mock LLM and three Envoys configured by envoy/global.yaml as written there (budget
`user-daily`: 2 000 tokens per user per day, `"store": "global"`). Then user alice sends
chat requests to the three Envoys in turn until the budget answers 429, and the demo reads
the counter in Redis (through the service's read-out): one budget, not three. Everything
is stopped at the end.

    make demo-global     # or: .venv/bin/python scripts/demo_global.py
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "e2e"))

import harness  # noqa: E402
import global_parts  # noqa: E402

TEMPLATE = "global.yaml"


def plugin_token() -> str:
    """The bearer token envoy/global.yaml's plugin config sends to the service."""
    text = (REPO / "envoy" / TEMPLATE).read_text()
    m = re.search(r'"token": "([^"]+)"', text)
    if not m:
        raise SystemExit("envoy/global.yaml has no global.token")
    return m.group(1)


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="tollgate-demo-global-"))
    token = plugin_token()
    global_parts.TOKEN = token
    procs = []
    try:
        redis = global_parts.start_redis(tmp / "redis")
        procs.append(redis)
        print(f"redis-server        127.0.0.1:{redis.port}")
        quotas = [global_parts.start_quota(redis.url, tmp / f"quota{i}") for i in range(2)]
        procs += quotas
        for q in quotas:
            print(f"tollgate-quota      127.0.0.1:{q.port}")
        mock = harness.start_mock(workdir=tmp / "mock")
        procs.append(mock)
        ports = [q.port for q in quotas]
        envoys = []
        for i in range(3):
            env = harness.start_envoy(None, template=TEMPLATE, upstream_port=mock, concurrency=2,
                                      extra={"quota_port": ports[i % 2]}, workdir=tmp / f"envoy{i}")
            envoys.append(env)
            procs.append(env)
            global_parts.wait_quota_healthy(env, 1)
            print(f"envoy #{i}            127.0.0.1:{env.port}  (quota replica 127.0.0.1:{ports[i % 2]})")
        print()
        print("alice asks, turn by turn, each time through the next Envoy "
              "(budget user-daily: 2000 tokens per day, store: global)")
        served = 0
        for turn in range(1, 60):
            env = envoys[(turn - 1) % 3]
            r = env.post("/v1/chat/completions",
                         {"model": "gpt-4o", "max_tokens": 100,
                          "messages": [{"role": "user", "content": f"question {turn}"}]},
                         headers={"x-user-id": "alice", "x-mock-input-tokens": "10", "x-mock-output-tokens": "90"})
            if r.status != 200:
                err = r.json().get("error", {})
                print(f"  turn {turn:2d} via envoy #{(turn - 1) % 3}: {r.status} {err.get('code')}: {err.get('message')}")
                break
            usage = r.json()["usage"]
            served += usage["total_tokens"]
            print(f"  turn {turn:2d} via envoy #{(turn - 1) % 3}: 200, reserved {r.header('x-tollgate-reserved-tokens')}, "
                  f"used {usage['total_tokens']}, ratelimit {r.header('ratelimit')}")
        time.sleep(0.5)
        c = quotas[0].readout("user-daily\x1falice", "day", 2000)
        print()
        print(f"Redis's counter for alice today: used {c['used']}, held {c['held']} of {c['limit']} "
              f"(the mock served {served} tokens)")
        print("Without `store: global`, each Envoy would have counted alone: 3 × 2000 tokens.")
        ok = c["used"] == served and c["used"] <= 2000
        print("one budget across three Envoys: " + ("yes" if ok else "NO"))
        return 0 if ok else 1
    finally:
        for p in reversed(procs):
            p.stop()


if __name__ == "__main__":
    sys.exit(main())
