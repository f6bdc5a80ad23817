#!/usr/bin/env python3
"""Benchmark (not a test): what a global budget adds per request.

One Envoy worker (`--concurrency 1`) per setting, side by side — no budget, a local
budget, a global budget (quota service + Redis on this machine), and a global budget with
leases (5 % of the limit, 10 s) — in front of the mock LLM, driven by wrk (Debian's package) with the same chat body.
Rounds alternate so the machine's noise falls on all three alike; prints requests/s and
latency p50/p99 per setting, and the ratios side by side.

    make bench-global      # BENCH_SECONDS=10 BENCH_ROUNDS=3 BENCH_CONNECTIONS=8
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "e2e"))

import harness  # noqa: E402
import global_parts  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
BODY = '{"model":"gpt-4o","max_tokens":16,"messages":[{"role":"user","content":"say hi"}]}'


def config(kind: str) -> dict:
    budget = {"name": "team-day", "scope": [{"header": "x-team"}], "window": "day",
              "limit": {"tokens": 10 ** 15}, "kind": "hard"}
    if kind == "none":
        return {"hold_request_headers": True}
    if kind == "local":
        return {"hold_request_headers": True, "budgets": [budget]}
    block = global_parts.global_block(timeout_ms=2000)
    if kind == "lease":
        block["lease"] = {"percent": 5, "seconds": 10}
    return {"hold_request_headers": True, "global": block, "budgets": [{**budget, "store": "global"}]}


def wrk(port: int, lua: Path) -> dict:
    out = subprocess.run(["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "-s", str(lua),
                          f"http://127.0.0.1:{port}/v1/chat/completions"],
                         capture_output=True, text=True, timeout=SECONDS + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def pct(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": pct(50), "p99": pct(99), "errors": int(non2xx.group(1)) if non2xx else 0}


def main() -> int:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `make wrk` installs it")
    tmp = Path(tempfile.mkdtemp(prefix="tollgate-bench-global-"))
    lua = tmp / "post.lua"
    lua.write_text('wrk.method = "POST"\nwrk.body = \'%s\'\nwrk.headers["content-type"] = "application/json"\n'
                   'wrk.headers["x-team"] = "bench"\nwrk.headers["x-mock-output-tokens"] = "8"\n' % BODY)
    procs = []
    try:
        redis = global_parts.start_redis(tmp / "redis")
        quota = global_parts.start_quota(redis.url, tmp / "quota")
        mock = harness.start_mock(workdir=tmp / "mock")
        procs += [redis, quota, mock]
        envs = {}
        for kind in ("none", "local", "global", "lease"):
            envs[kind] = harness.start_envoy(config(kind), upstream_port=mock, concurrency=1,
                                             yaml_transform=global_parts.with_quota_cluster([quota.port]),
                                             log_level="warn", component_log_level=None, workdir=tmp / kind)
            procs.append(envs[kind])
        global_parts.wait_quota_healthy(envs["global"], 1)
        global_parts.wait_quota_healthy(envs["lease"], 1)
        results = {k: [] for k in envs}
        for _ in range(ROUNDS):
            for kind, env in envs.items():
                results[kind].append(wrk(env.port, lua))
        print(f"machine: {os.cpu_count()} cores; {SECONDS}s x {ROUNDS} rounds per setting, "
              f"{CONNECTIONS} connections, one Envoy worker each, mock LLM upstream")
        best = {}
        for kind, rs in results.items():
            rps = sorted(r["rps"] for r in rs)[len(rs) // 2]
            p50 = sorted(r["p50"] for r in rs)[len(rs) // 2]
            p99 = sorted(r["p99"] for r in rs)[len(rs) // 2]
            errors = sum(r["errors"] for r in rs)
            best[kind] = (rps, p50, p99)
            print(f"{kind:7s} requests/s {rps:8.1f}   p50 {p50:6.2f} ms   p99 {p99:6.2f} ms   non-2xx {errors}")
        g, le, loc = best["global"], best["lease"], best["local"]
        print(f"global vs local: requests/s x{g[0] / loc[0]:.2f}, p50 {g[1] - loc[1]:+.2f} ms, "
              f"p99 {g[2] - loc[2]:+.2f} ms")
        print(f"global with leases vs local: requests/s x{le[0] / loc[0]:.2f}, p50 {le[1] - loc[1]:+.2f} ms, "
              f"p99 {le[2] - loc[2]:+.2f} ms")
        print(f"global_rps_ratio={g[0] / loc[0]:.2f} lease_rps_ratio={le[0] / loc[0]:.2f} "
              f"global_p50_added_ms={g[1] - loc[1]:.2f} lease_p50_added_ms={le[1] - loc[1]:.2f}")
        return 0
    finally:
        for p in reversed(procs):
            p.stop()


if __name__ == "__main__":
    sys.exit(main())
