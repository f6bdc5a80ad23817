"""The real parts of global budgets for the end-to-end tests: Redis (Debian's
redis-server, single or a local 3-master cluster), the quota service (the built
`tollgate-quota` binary), and the Envoy cluster that points the filter at it. Every
server listens on 127.0.0.1 and is stopped by pid (harness._Proc)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import harness
from harness import REPO, HarnessError, _mkworkdir, _Proc, free_port

QUOTA_BIN = Path(os.environ.get("TOLLGATE_QUOTA_BIN", REPO / "target" / "release" / "tollgate-quota"))
TOKEN = "e2e-quota-token-0123456789"


def redis_server() -> str:
    path = shutil.which("redis-server")
    if not path:
        raise HarnessError("redis-server is missing: `make redis` installs it")
    return path


class Redis(_Proc):
    name = "redis"

    def __init__(self, popen, workdir: Path, log: Path, port: int, args: list[str]):
        super().__init__(popen, workdir, [log])
        self.port = port
        self.args = args

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def cli(self, *args: str, timeout: float = 5.0) -> str:
        out = subprocess.run(["redis-cli", "-p", str(self.port), "--raw", *args], capture_output=True,
                             text=True, timeout=timeout)
        if out.returncode != 0:
            raise HarnessError(f"redis-cli {' '.join(args)}: {out.stderr or out.stdout}")
        return out.stdout.strip()

    def keys(self) -> list[str]:
        text = self.cli("--scan", "--pattern", "*")
        return [k for k in text.splitlines() if k]


def start_redis(workdir: Path | str | None = None, *, port: int | None = None, appendonly: bool = False,
                cluster: bool = False, timeout: float = 10.0, data_dir: Path | None = None) -> Redis:
    """redis-server on a free port (retried on a collision), its data in a new folder under
    `workdir`, or in `data_dir` as it is (a restart)."""
    wd = data_dir if data_dir is not None else _mkworkdir(workdir, "redis")
    for _ in range(5):
        p = port or free_port()
        # A cluster node also listens on its port + 10000.
        while cluster and port is None and p > 55535:
            p = free_port()
        args = [redis_server(), "--port", str(p), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "yes" if appendonly else "no", "--appendfsync", "always",
                "--dir", str(wd), "--daemonize", "no", "--protected-mode", "no"]
        if cluster:
            args += ["--cluster-enabled", "yes", "--cluster-config-file", f"nodes-{p}.conf",
                     "--cluster-node-timeout", "2000"]
        log = wd / f"redis-{p}.log"
        with open(log, "ab") as f:
            popen = subprocess.Popen(args, stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True, cwd=wd)
        r = Redis(popen, wd, log, p, args)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and r.alive():
            try:
                if r.cli("PING", timeout=1) == "PONG":
                    return r
            except (HarnessError, subprocess.TimeoutExpired):
                pass
            time.sleep(0.05)
        tail = r.log_tail()
        r.stop()
        if port is not None or "Address already in use" not in tail:
            raise HarnessError(f"redis-server did not start:\n{tail}")
    raise HarnessError("redis-server: no free port after 5 tries")


def restart_redis(r: Redis, timeout: float = 10.0) -> Redis:
    """Stops `r` and starts it again on the same port with the same data directory."""
    r.stop()
    return start_redis(port=r.port, appendonly=r.args[r.args.index("--appendonly") + 1] == "yes",
                       timeout=timeout, data_dir=r.workdir)


def start_redis_cluster(workdir: Path | str | None = None, masters: int = 3) -> list[Redis]:
    """A local Redis Cluster of `masters` masters, no replicas; returns once it is ok."""
    wd = _mkworkdir(workdir, "redis-cluster")
    nodes = [start_redis(wd / f"n{i}", cluster=True) for i in range(masters)]
    addrs = [f"127.0.0.1:{n.port}" for n in nodes]
    out = subprocess.run(["redis-cli", "--cluster", "create", *addrs, "--cluster-replicas", "0", "--cluster-yes"],
                         capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        for n in nodes:
            n.stop()
        raise HarnessError(f"redis-cli --cluster create failed:\n{out.stdout}\n{out.stderr}")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if all("cluster_state:ok" in n.cli("CLUSTER", "INFO") for n in nodes):
            return nodes
        time.sleep(0.2)
    raise HarnessError("the Redis cluster never reached cluster_state:ok")


class Quota(_Proc):
    name = "tollgate-quota"

    def __init__(self, popen, workdir: Path, log: Path, port: int, cmd: list[str]):
        super().__init__(popen, workdir, [log])
        self.port = port
        self.cmd = cmd

    token = TOKEN

    def call(self, path: str, body: Any = None, token: str | None = "", method: str = "POST",
             timeout: float = 5.0) -> tuple[int, Any]:
        """`token`: "" sends this service's own token, None none."""
        token = self.token if token == "" else token
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method)
        req.add_header("content-type", "application/json")
        if token:
            req.add_header("authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                raw = resp.read()
                status = resp.status
        except urllib.error.HTTPError as e:
            raw, status = e.read(), e.code
        try:
            return status, json.loads(raw)
        except ValueError:
            return status, raw.decode(errors="replace")

    def readout(self, counter: str, window: Any = "day", limit: int = 1) -> dict:
        status, body = self.call("/v1/readout", {"budgets": [{"counter": counter, "window": window, "limit": limit}]})
        if status != 200:
            raise HarnessError(f"readout: {status} {body}")
        return body["budgets"][0]


def start_quota(redis_urls: list[str] | str, workdir: Path | str | None = None, *, cluster: bool = False,
                timeout: float = 20.0) -> Quota:
    """The quota service on a free port, in front of Redis (`cluster`: the cluster's nodes)."""
    if not QUOTA_BIN.exists():
        raise HarnessError(f"{QUOTA_BIN} is missing: `cargo build -p tollgate-quota --release`")
    wd = _mkworkdir(workdir, "quota")
    token_file = wd / "token"
    token_file.write_text(TOKEN + "\n")
    token = TOKEN
    urls = [redis_urls] if isinstance(redis_urls, str) else list(redis_urls)
    for _ in range(5):
        port = free_port()
        cmd = [str(QUOTA_BIN), "--listen", f"127.0.0.1:{port}", "--token-file", str(token_file)]
        cmd += ["--redis-cluster", ",".join(urls)] if cluster else ["--redis", urls[0]]
        log = wd / f"quota-{port}.log"
        with open(log, "ab") as f:
            popen = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True, cwd=REPO)
        q = Quota(popen, wd, log, port, cmd)
        q.token = token
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and q.alive():
            try:
                status, _ = q.call("/healthz", method="GET", token=None, timeout=1)
                if status == 200:
                    return q
            except OSError:
                pass
            time.sleep(0.05)
        tail = q.log_tail()
        q.stop()
        if "in use" not in tail:
            raise HarnessError(f"tollgate-quota did not start:\n{tail}")
    raise HarnessError("tollgate-quota: no free port after 5 tries")


def quota_cluster_yaml(ports: list[int], name: str = "tollgate_quota") -> str:
    """An Envoy cluster of the quota service's replicas: round robin, actively health
    checked on /healthz, a failing host ejected at once (the filter retries a reserve that
    got no answer, and it is idempotent)."""
    endpoints = "\n".join(
        f"        - endpoint: {{ address: {{ socket_address: {{ address: 127.0.0.1, port_value: {p} }} }} }}"
        for p in ports)
    return f"""
  - name: {name}
    type: STATIC
    connect_timeout: 0.5s
    lb_policy: ROUND_ROBIN
    # Never route to a replica known dead (Envoy's default panic threshold, 50 %, would
    # send to every host once one of two is down).
    common_lb_config: {{ healthy_panic_threshold: {{ value: 0 }} }}
    # Envoy allows 3 retries in flight per cluster by default: a replica dying under load
    # fails many calls at once, and each deserves its retry on the other replica.
    circuit_breakers: {{ thresholds: [{{ max_retries: 1000 }}] }}
    load_assignment:
      cluster_name: {name}
      endpoints:
      - lb_endpoints:
{endpoints}
    health_checks:
    # Two failed checks mark a replica down: a live one answering slowly on a loaded
    # machine must not be taken out with the dead one (no host left, every call a 503).
    - timeout: 1s
      interval: 0.5s
      # A cluster without traffic yet is checked every 60 s by default: too slow to see
      # the replicas come up (or a first check lost while Envoy compiled the wasm).
      no_traffic_interval: 0.5s
      unhealthy_threshold: 2
      healthy_threshold: 1
      http_health_check: {{ path: /healthz }}
    # A replica that refuses a connection is ejected at once (half of two may go).
    outlier_detection:
      consecutive_local_origin_failure: 1
      split_external_local_origin_errors: true
      max_ejection_percent: 50
      base_ejection_time: 5s
      interval: 0.5s
"""


def with_quota_cluster(ports: list[int]):
    """A yaml_transform for harness.start_envoy: appends the quota cluster (the templates
    end with their `clusters:` list)."""
    def transform(text: str) -> str:
        return text.rstrip("\n") + "\n" + quota_cluster_yaml(ports)
    return transform


def wait_quota_healthy(env, expected: int, timeout: float = 15.0, name: str = "tollgate_quota") -> None:
    """Waits until Envoy's health checks found `expected` healthy quota hosts (before the
    first check passes, a cluster with no panic routing has no host to call)."""
    deadline = time.monotonic() + timeout
    while True:
        text = env.admin_get("/clusters").text
        healthy = [line for line in text.splitlines()
                   if line.startswith(f"{name}::") and line.endswith("::health_flags::healthy")]
        if len(healthy) >= expected:
            return
        if time.monotonic() > deadline:
            raise HarnessError(f"quota hosts not healthy in Envoy after {timeout}s:\n"
                               + "\n".join(l for l in text.splitlines() if "health_flags" in l))
        time.sleep(0.1)


def global_block(timeout_ms: int = 1000) -> dict:
    """The filter's `global` block for these parts. Three retries: a replica killed under
    load is ejected by Envoy only after its first failures, and a reserve is idempotent."""
    return {"cluster": "tollgate_quota", "token": TOKEN, "timeout_ms": timeout_ms, "hold_seconds": 30,
            "retries": 3}


__all__ = ["Redis", "Quota", "start_redis", "restart_redis", "start_redis_cluster", "start_quota",
           "quota_cluster_yaml", "with_quota_cluster", "global_block", "TOKEN", "harness"]
