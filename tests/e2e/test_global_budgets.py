"""One budget across every Envoy: three Envoy processes (--concurrency 2 each; two hold
the headers, one runs as Istio does), two quota service replicas and Redis, in front of
the mock LLM. The oracles are Redis's own counters (read through the service's read-out
and with redis-cli) and the usage the mock served — never the filter's own numbers."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import harness
from global_parts import (global_block, restart_redis, wait_quota_healthy, start_quota, start_redis, start_redis_cluster,
                          with_quota_cluster)

LIMIT = 6000
INPUT, OUTPUT, CAP = 5, 40, 50
SERVED = INPUT + OUTPUT  # what the mock reports for each request


def plugin_config(hold: bool, hold_seconds: int = 30, lease: dict | None = None) -> dict:
    def budget(name, header, limit, **extra):
        return {"name": name, "scope": [{"header": header}], "window": "day", "limit": {"tokens": limit},
                "kind": "hard", "store": "global", "on_missing": "skip", **extra}
    return {
        "hold_request_headers": hold,
        "default_max_output_tokens": 64,
        "global": {**global_block(), "hold_seconds": hold_seconds, **({"lease": lease} if lease else {})},
        "budgets": [
            budget("team-day", "x-team", LIMIT),
            budget("open-day", "x-open", 1_000_000, on_unavailable="open"),
            budget("share-day", "x-share", 10_000, on_unavailable="local", local_share_percent=10),
        ],
    }


class World:
    """Redis, the quota replicas, the mock and three Envoys; stopped by pid at teardown."""

    def __init__(self, tmp_path, *, appendonly=False, hold_seconds=30, redis_cluster=False, replicas=2, lease=None):
        self.tmp = tmp_path
        self.procs = []
        if redis_cluster:
            self.nodes = start_redis_cluster(tmp_path / "redis")
            self.procs += self.nodes
            self.redis = None
            urls = [n.url for n in self.nodes]
            self.quotas = [start_quota(urls, tmp_path / f"quota{i}", cluster=True) for i in range(replicas)]
        else:
            self.redis = start_redis(tmp_path / "redis", appendonly=appendonly)
            self.procs.append(self.redis)
            self.quotas = [start_quota(self.redis.url, tmp_path / f"quota{i}") for i in range(replicas)]
        self.procs += self.quotas
        self.mock = harness.start_mock(workdir=tmp_path / "mock")
        self.procs.append(self.mock)
        ports = [q.port for q in self.quotas]
        self.envoys = []
        for i, hold in enumerate([True, True, False]):
            env = harness.start_envoy(plugin_config(hold, hold_seconds, lease), hold_headers=hold,
                                      upstream_port=self.mock, concurrency=2, stream_idle_timeout="30s",
                                      yaml_transform=with_quota_cluster(ports), workdir=tmp_path / f"envoy{i}")
            self.envoys.append(env)
            self.procs.append(env)
        for env in self.envoys:
            wait_quota_healthy(env, len(ports))

    def reserve_calls(self) -> int:
        """Reserve calls the quota replicas answered (their own metrics)."""
        total = 0
        for q in self.quotas:
            if not q.alive():
                continue
            status, text = q.call("/metrics", method="GET", token=None)
            for line in str(text).splitlines():
                if line.startswith('tollgate_quota_calls_total{op="reserve"'):
                    total += int(float(line.rsplit(" ", 1)[1]))
        return total

    def stop(self):
        for p in reversed(self.procs):
            p.stop()

    def counter(self, name: str, value: str) -> dict:
        """Redis's state of one budget counter, through the service's read-out."""
        return self.quotas[-1].readout(f"{name}\x1f{value}", "day", LIMIT)

    def settled(self, name: str, value: str, timeout: float = 10.0) -> dict:
        """The counter once no hold is left (settles leave on the filter's 100 ms tick)."""
        deadline = time.monotonic() + timeout
        while True:
            c = self.counter(name, value)
            if c["held"] == 0 or time.monotonic() > deadline:
                return c
            time.sleep(0.1)


@pytest.fixture
def world(request, tmp_path, wasm):
    made = []

    def factory(**kw):
        w = World(tmp_path, **kw)
        made.append(w)
        request.node.__dict__.setdefault("_tollgate_procs", []).extend(w.procs)
        return w

    yield factory
    for w in made:
        w.stop()


APIS = {
    "chat": ("/v1/chat/completions",
             lambda i, s: {"model": "gpt-4o", "max_tokens": CAP, "stream": s,
                           "messages": [{"role": "user", "content": f"question {i}"}]}),
    "responses": ("/v1/responses",
                  lambda i, s: {"model": "gpt-4o", "max_output_tokens": CAP, "stream": s, "input": f"question {i}"}),
    "anthropic": ("/v1/messages",
                  lambda i, s: {"model": "claude-sonnet-5-5", "max_tokens": CAP, "stream": s,
                                "messages": [{"role": "user", "content": f"question {i}"}]}),
}


def usage_headers(**extra):
    return {"x-mock-input-tokens": str(INPUT), "x-mock-output-tokens": str(OUTPUT), **extra}


def fan_out(world: World, api: str, stream: bool, team: str, n: int, clients: int = 64, **headers):
    path, body = APIS[api]

    def one(i):
        env = world.envoys[i % len(world.envoys)]
        return env.post(path, body(i, stream), headers={**usage_headers(**headers), "x-team": team})

    with ThreadPoolExecutor(max_workers=clients) as pool:
        return list(pool.map(one, range(n)))


@pytest.mark.parametrize("api", list(APIS))
@pytest.mark.parametrize("stream", [False, True], ids=["json", "stream"])
def test_64_clients_over_three_envoys_never_overshoot_and_redis_counts_what_was_served(world, api, stream):
    w = world()
    team = f"{api}-{'s' if stream else 'j'}"
    results = fan_out(w, api, stream, team, 200)
    ok = [r for r in results if r.status == 200]
    refused = [r for r in results if r.status == 429]
    assert len(ok) + len(refused) == len(results), sorted({(r.status, r.text[:200]) for r in results
                                                          if r.status not in (200, 429)})
    assert ok and refused, (len(ok), len(refused))
    assert all(r.complete for r in ok)
    for r in refused:
        assert "team-day" in r.text, r.text
    # Every Envoy answered some of them.
    c = w.settled("team-day", team)
    assert c["held"] == 0, c
    assert c["used"] == SERVED * len(ok), (c, len(ok))
    assert c["used"] <= LIMIT
    print(f"no leases: {api} {'stream' if stream else 'json'}: {len(results)} requests, {len(ok)} admitted, "
          f"used {c['used']} of {LIMIT}")
    # The mock served exactly the admitted requests (rejected ones may reach it in
    # Istio's mode only as a reset, without a recorded answer).
    served = [q for q in w.mock.requests() if q.get("status", 200) == 200]
    assert len(served) >= len(ok)


def test_an_envoy_killed_mid_stream_leaves_holds_that_expire_and_an_exact_counter(world):
    w = world(hold_seconds=4)
    team = "killed"
    slow = {"x-mock-chunk-delay-ms": "400", "x-team": team, **usage_headers()}
    path, body = APIS["chat"]
    victim = w.envoys[0]

    def one(i):
        try:
            return victim.post(path, body(i, True), headers=slow, timeout=30)
        except OSError:  # the Envoy was killed under it
            return None

    pool = ThreadPoolExecutor(max_workers=6)
    futures = [pool.submit(one, i) for i in range(6)]
    deadline = time.monotonic() + 10
    while w.counter("team-day", team)["held"] == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    held = w.counter("team-day", team)["held"]
    assert held > 0
    os.killpg(victim.pid, signal.SIGKILL)
    for f in futures:
        f.result()
    pool.shutdown()
    # Nothing settles them; Redis lets the holds expire after hold_seconds.
    time.sleep(5)
    c = w.counter("team-day", team)
    assert c == {**c, "held": 0, "used": 0}, c
    # The other Envoys go on against an exact counter.
    r = w.envoys[1].post(path, body(99, False), headers={"x-team": team, **usage_headers()})
    assert r.status == 200, r.text
    assert w.settled("team-day", team)["used"] == SERVED


def test_a_quota_replica_killed_mid_run_loses_and_double_charges_nothing(world):
    w = world()
    team = "replica"
    path, body = APIS["chat"]

    def one(i):
        if i == 30:
            os.killpg(w.quotas[0].pid, signal.SIGKILL)
        env = w.envoys[i % 3]
        return env.post(path, body(i, False), headers={**usage_headers(), "x-team": team})

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, range(90)))
    statuses = sorted({r.status for r in results})
    assert statuses in ([200], [200, 429]), [(r.status, r.text[:160]) for r in results if r.status not in (200, 429)]
    ok = [r for r in results if r.status == 200]
    c = w.settled("team-day", team)
    assert c["held"] == 0 and c["used"] == SERVED * len(ok), (c, len(ok))


def test_redis_down_each_failure_policy_does_what_it_says_and_recovery(world):
    w = world(appendonly=True)
    path, body = APIS["chat"]
    env = w.envoys[0]
    w.redis.stop()
    # closed: a provider-shaped 503 naming the budget.
    r = env.post(path, body(1, False), headers={**usage_headers(), "x-team": "down"})
    assert r.status == 503, r.text
    err = r.json()["error"]
    assert err["code"] == "quota_unavailable" and "team-day" in err["message"], err
    # open: admitted with a warning header, counted in a metric.
    r = env.post(path, body(2, False), headers={**usage_headers(), "x-open": "o"})
    assert r.status == 200, r.text
    assert "not enforced" in (r.header("x-tollgate-warning") or ""), dict(r.headers)
    # local: 10 % of 10 000 tokens enforced in this Envoy's shared data.
    shared = [env.post(path, body(i, False), headers={**usage_headers(), "x-share": "l"}) for i in range(30)]
    ok = [r for r in shared if r.status == 200]
    assert 1 <= len(ok) < 30 and all(r.status == 429 for r in shared if r.status != 200), [r.status for r in shared]
    assert SERVED * len(ok) <= 1000
    stats = env.stats()
    assert stats.get("wasmcustom.tollgate_global_fail_open", 0) >= 1
    assert stats.get("wasmcustom.tollgate_global_fail_local", 0) == len(ok)
    # Redis back (same data, AOF): the service recovers without a restart.
    w.redis = restart_redis(w.redis)
    deadline = time.monotonic() + 15
    while True:
        r = env.post(path, body(3, False), headers={**usage_headers(), "x-team": "down"})
        if r.status == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert r.status == 200, r.text
    assert w.settled("team-day", "down")["used"] == SERVED


def test_counters_survive_a_redis_restart_with_aof(world):
    w = world(appendonly=True)
    results = fan_out(w, "chat", False, "aof", 20, clients=4)
    assert all(r.status == 200 for r in results)
    before = w.settled("team-day", "aof")
    assert before["used"] == SERVED * 20
    w.redis = restart_redis(w.redis)
    # The service reconnects by itself (a call may see the broken connection first).
    deadline = time.monotonic() + 10
    while True:
        try:
            after = w.counter("team-day", "aof")
            break
        except harness.HarnessError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    assert after["used"] == before["used"]
    # Redis's own copy of the counter came back from the append-only file.
    assert int(w.redis.cli("DBSIZE")) > 0


def test_a_redis_cluster_of_three_masters_never_overshoots(world):
    w = world(redis_cluster=True)
    teams = [f"cl-{i}" for i in range(3)]
    results = {t: fan_out(w, "chat", False, t, 130, clients=32) for t in teams}
    for t, rs in results.items():
        ok = [r for r in rs if r.status == 200]
        assert len(ok) + len([r for r in rs if r.status == 429]) == len(rs)
        c = w.settled("team-day", t)
        assert c["held"] == 0 and c["used"] == SERVED * len(ok) <= LIMIT, (t, c, len(ok))
    # Keys of the counters live on more than one master.
    owners = [n for n in w.nodes if int(n.cli("DBSIZE") or 0) > 0]
    assert len(owners) >= 2, [n.cli("DBSIZE") for n in w.nodes]


@pytest.mark.parametrize("stream", [False, True], ids=["json", "stream"])
def test_leases_save_calls_and_still_never_overshoot(world, stream):
    """Leases (5 % of a limit, 2 s): far from the limit most requests are admitted without
    a call; at the limit, 64 clients over three Envoys still never overshoot, and Redis's
    counter equals what the mock served once the leases have ended and settled."""
    w = world(lease={"percent": 5, "seconds": 2})
    path, body = APIS["chat"]
    # Far from the limit: a budget of 1 000 000 tokens.
    before = w.reserve_calls()

    def roomy(i):
        env = w.envoys[i % 3]
        return env.post(path, body(i, stream), headers={**usage_headers(), "x-open": "roomy"})

    with ThreadPoolExecutor(max_workers=16) as pool:
        far = list(pool.map(roomy, range(300)))
    assert all(r.status == 200 for r in far), sorted({r.status for r in far})
    far_calls = w.reserve_calls() - before
    assert far_calls <= len(far) // 4, f"{far_calls} reserve calls for {len(far)} requests"
    # At the limit.
    team = "leased-" + ("s" if stream else "j")
    before = w.reserve_calls()
    results = fan_out(w, "chat", stream, team, 200)
    ok = [r for r in results if r.status == 200]
    refused = [r for r in results if r.status == 429]
    assert len(ok) + len(refused) == len(results), sorted({(r.status, r.text[:200]) for r in results
                                                          if r.status not in (200, 429)})
    near_calls = w.reserve_calls() - before
    time.sleep(3)  # the leases end and settle on the filter's tick
    c = w.settled("team-day", team)
    assert c["held"] == 0, c
    assert c["used"] == SERVED * len(ok), (c, len(ok))
    assert c["used"] <= LIMIT
    roomy_c = w.quotas[-1].readout("open-day\x1froomy", "day", 1_000_000)
    assert roomy_c["held"] == 0 and roomy_c["used"] == SERVED * len(far), roomy_c
    print(f"leases: far from the limit {len(far)} requests, {far_calls} reserve calls; at the limit "
          f"{len(results)} requests, {near_calls} reserve calls, {len(ok)} admitted, used {c['used']} of {LIMIT}")
