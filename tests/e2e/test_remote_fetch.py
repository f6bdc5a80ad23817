"""Remote fetch in plain Envoy (examples/envoy-remote.yaml): the module comes over HTTP from
a local file server (Python's http.server on 127.0.0.1, stopped by its process group) through
the `wasm_server` cluster, checked against `sha256`.

* the right checksum: the module loads, a request is metered (tollgate's response headers,
  its counters) and the server's own log shows the one fetch;
* a wrong checksum with `failure_policy: FAIL_CLOSED` (the example's): Envoy 1.40 still starts
  and its listener is up, logs "Plugin configured to fail closed failed to load", and answers
  every request with 503 itself — the upstream never sees one;
* the same with FAIL_OPEN (what README's "Install" says it would do): requests pass to the
  upstream unmetered.

The checksum oracle is hashlib over the served file; the upstream's own request log (the
mock) says whether a request got through.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import time

import pytest

import harness

TEMPLATE = str(harness.REPO / "examples" / "envoy-remote.yaml")
CHAT = "/v1/chat/completions"
BODY = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Say hello."}], "max_tokens": 16}
CONFIG = {"hold_request_headers": True,
          "budgets": [{"name": "user-daily", "scope": [{"header": "x-user-id"}],
                       "window": "day", "limit": {"tokens": 100000}, "kind": "hard"}]}


class FileServer(harness._Proc):
    name = "http.server"

    def __init__(self, popen, workdir, log, port):
        super().__init__(popen, workdir, [log])
        self.port = port

    def fetches(self, path: str) -> list[str]:
        return re.findall(rf'"GET {re.escape(path)} HTTP/1\.1" (\d+)', self.log_text())


@pytest.fixture
def wasm_server(request, tmp_path, wasm):
    root = tmp_path / "www"
    root.mkdir()
    shutil.copyfile(wasm, root / "tollgate.wasm")
    log = tmp_path / "http.log"
    with open(log, "wb") as f:
        popen = subprocess.Popen([sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
                                  "--directory", str(root)], stdout=f, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL, start_new_session=True)
    srv = None
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        m = re.search(r"Serving HTTP on \S+ port (\d+)", log.read_text(errors="replace"))
        if m:
            srv = FileServer(popen, tmp_path, log, int(m.group(1)))
            break
        time.sleep(0.02)
    if srv is None:
        harness._killpg(popen.pid, 9)
        pytest.fail(f"http.server did not start: {log.read_text(errors='replace')}")
    srv.module_sha256 = hashlib.sha256((root / "tollgate.wasm").read_bytes()).hexdigest()
    request.node.__dict__.setdefault("_tollgate_procs", []).append(srv)
    yield srv
    srv.stop()


def _start(start_envoy, mock, srv, sha256: str, failure_policy: str = "FAIL_CLOSED"):
    return start_envoy(CONFIG, upstream_port=mock, template=TEMPLATE, extra={
        "wasm_uri": f"http://127.0.0.1:{srv.port}/tollgate.wasm",
        "wasm_server_port": srv.port,
        "wasm_sha256": sha256,
        "wasm_retries": 1,  # the example has 3; one keeps the failing case near a second
        "failure_policy": failure_policy,
    })


def test_the_right_checksum_loads_and_meters(start_envoy, mock, wasm_server):
    env = _start(start_envoy, mock, wasm_server, wasm_server.module_sha256)
    assert wasm_server.fetches("/tollgate.wasm") == ["200"]
    r = env.post(CHAT, BODY, {"x-user-id": "alice", "x-mock-input-tokens": "12", "x-mock-output-tokens": "5"})
    assert r.status == 200, r.text
    assert r.header("x-tollgate-model") == "gpt-4o"
    assert int(r.header("x-tollgate-reserved-tokens")) > 0
    assert len(mock.requests()) == 1
    stats = env.stats()
    assert stats["wasm.remote_load_fetch_successes"] == 1
    assert stats["wasmcustom.tollgate_requests_allowed"] == 1
    assert stats["wasmcustom.tollgate_settled_usage_reported"] == 1
    assert stats["wasmcustom.tollgate_input_tokens"] == 12  # settled to the upstream's usage
    assert stats["wasmcustom.tollgate_output_tokens"] == 5


def test_a_wrong_checksum_fails_closed(start_envoy, mock, wasm_server):
    wrong = hashlib.sha256(b"not the module").hexdigest()
    env = _start(start_envoy, mock, wasm_server, wrong)
    # Fetched, refused, fetched again (num_retries 1), refused: the listener is up regardless.
    assert wasm_server.fetches("/tollgate.wasm") == ["200", "200"]
    assert env.wait_for_log(r"Plugin configured to fail closed failed to load", timeout=5)
    for _ in range(3):
        r = env.post(CHAT, BODY, {"x-user-id": "alice"})
        assert r.status == 503 and r.body == b""
        assert r.header("x-tollgate-model") is None
    assert mock.requests() == [], "a request reached the upstream past a plugin that failed to load"
    stats = env.stats()
    assert stats["wasm.remote_load_fetch_failures"] == 1
    assert not stats.get("wasm.remote_load_fetch_successes")


def test_a_wrong_checksum_with_fail_open_passes_traffic_unmetered(start_envoy, mock, wasm_server):
    wrong = hashlib.sha256(b"not the module").hexdigest()
    env = _start(start_envoy, mock, wasm_server, wrong, failure_policy="FAIL_OPEN")
    r = env.post(CHAT, BODY, {"x-user-id": "alice"})
    assert r.status == 200 and r.header("x-tollgate-model") is None
    assert len(mock.requests()) == 1
    assert not any(k.startswith("wasmcustom.tollgate") for k in env.stats())
