"""Start and stop real servers for tollgate's end-to-end tests: the mock LLM upstream
(tests/mock_llm.py) and Envoy with the tollgate wasm filter. Standard library only.

Everything binds 127.0.0.1 on ports picked at run time (port 0, then read back), every
process is started in its own process group and killed by that group at stop() (and at
interpreter exit, as a safety net).

    mock = start_mock()                                   # or start_mock(tls=True)
    env = start_envoy({"budgets": []}, hold_headers=True, upstream_port=mock.port)
    r = env.request("POST", "/v1/chat/completions", {"model": "gpt-4o", "messages": [...]})
    r.status, r.headers["x-tollgate-model"], r.json()
    mock.requests()[-1]["body_text"]
    env.stats()["wasm.envoy.wasm.runtime.v8.active"]
    env.stop(); mock.stop()

Envoy configs are rendered from envoy/*.yaml: lines ending in `# tollgate:NAME` get their
value replaced (see render_template). Environment overrides:
    TOLLGATE_WASM   path of the wasm module (default target/wasm32-wasip1/release/tollgate.wasm)
    TOLLGATE_ENVOY  path of the envoy binary (default .venv/bin/envoy)
"""

from __future__ import annotations

import atexit
import email.message
import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

REPO = Path(__file__).resolve().parents[2]
ENVOY_DIR = REPO / "envoy"
MOCK_SCRIPT = REPO / "tests" / "mock_llm.py"
DEFAULT_WASM = REPO / "target" / "wasm32-wasip1" / "release" / "tollgate.wasm"
DEFAULT_SNI = "api.openai.com"


def wasm_path() -> Path:
    return Path(os.environ.get("TOLLGATE_WASM") or DEFAULT_WASM).resolve()


def envoy_binary() -> Path:
    env = os.environ.get("TOLLGATE_ENVOY")
    if env:
        return Path(env)
    p = REPO / ".venv" / "bin" / "envoy"
    if p.exists():
        return p
    found = shutil.which("envoy")
    if found:
        return Path(found)
    raise HarnessError("envoy binary not found: run `make setup` (installs .venv/bin/envoy)")


class HarnessError(RuntimeError):
    pass


class WasmMissingError(HarnessError, FileNotFoundError):
    pass


def require_wasm(path: Path | None = None) -> Path:
    p = Path(path) if path else wasm_path()
    if not p.is_file():
        raise WasmMissingError(
            f"tollgate wasm module not found at {p}: run `make build` "
            "(cargo build, then wasm-opt) first, or set TOLLGATE_WASM")
    return p


def free_port() -> int:
    """A port free right now (prefer passing 0 to servers that report their port)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------------------
# Processes


_LIVE: set["_Proc"] = set()
_LIVE_LOCK = threading.Lock()


class _Proc:
    name = "process"

    def __init__(self, popen: subprocess.Popen, workdir: Path, log_files: Iterable[Path]):
        self.popen = popen
        self.pid = popen.pid
        self.workdir = workdir
        self.log_files = list(log_files)
        with _LIVE_LOCK:
            _LIVE.add(self)

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self, timeout: float = 5.0) -> int | None:
        """SIGTERM the process group, then SIGKILL after `timeout`. Idempotent."""
        try:
            if self.popen.poll() is None:
                _killpg(self.pid, signal.SIGTERM)
                try:
                    self.popen.wait(timeout)
                except subprocess.TimeoutExpired:
                    _killpg(self.pid, signal.SIGKILL)
                    self.popen.wait(timeout)
            else:
                _killpg(self.pid, signal.SIGKILL)  # stragglers in the group, if any
        finally:
            with _LIVE_LOCK:
                _LIVE.discard(self)
        return self.popen.returncode

    def log_text(self) -> str:
        out = []
        for f in self.log_files:
            try:
                out.append(f.read_text(errors="replace"))
            except FileNotFoundError:
                pass
        return "".join(out)

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def _killpg(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)  # we started it with start_new_session: pgid == pid
    except (ProcessLookupError, PermissionError):
        pass


@atexit.register
def stop_all() -> None:
    """Stop every process this module started and has not stopped yet."""
    with _LIVE_LOCK:
        procs = list(_LIVE)
    for p in procs:
        try:
            p.stop(timeout=3)
        except Exception:  # noqa: BLE001
            pass


def live_processes() -> list[_Proc]:
    with _LIVE_LOCK:
        return list(_LIVE)


def _mkworkdir(workdir: Path | str | None, prefix: str) -> Path:
    if workdir is None:
        return Path(tempfile.mkdtemp(prefix=f"tollgate-{prefix}-"))
    d = Path(workdir)
    d.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}-", dir=d))


# --------------------------------------------------------------------------------------
# HTTP client


@dataclass
class Response:
    status: int
    headers: email.message.Message  # case-insensitive: r.headers["X-Foo"], r.headers.get_all(...)
    body: bytes
    complete: bool = True  # False if the connection broke before the body ended
    error: str | None = None
    elapsed: float = 0.0

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.body)

    def header(self, name: str, default: str | None = None) -> str | None:
        return self.headers.get(name, default)

    def sse(self) -> list["SseEvent"]:
        return parse_sse(self.body)


def request(port: int, method: str, path: str, body: Any = None,
            headers: Mapping[str, str] | None = None, *, host: str = "127.0.0.1",
            timeout: float = 30.0, tls: ssl.SSLContext | bool | None = None) -> Response:
    """One HTTP/1.1 request on a fresh connection. `body`: bytes, str, or JSON-able object
    (sent as JSON). Never raises for HTTP statuses; a body cut short by the server gives
    complete=False with what arrived. Connection failures raise (ConnectionError etc.)."""
    hdrs = dict(headers or {})
    if body is not None and not isinstance(body, (bytes, bytearray, str)):
        body = json.dumps(body).encode()
        if not any(k.lower() == "content-type" for k in hdrs):
            hdrs["content-type"] = "application/json"
    if isinstance(body, str):
        body = body.encode()
    if tls:
        ctx = tls if isinstance(tls, ssl.SSLContext) else ssl._create_unverified_context()
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(host, port, timeout=timeout, context=ctx)
    else:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
    t0 = time.monotonic()
    try:
        conn.request(method, path, body=body, headers=hdrs)
        resp = conn.getresponse()
        complete, error = True, None
        try:
            data = resp.read()
        except http.client.IncompleteRead as e:
            data, complete, error = e.partial, False, f"IncompleteRead: {e!r}"
        except (ConnectionError, socket.timeout, TimeoutError) as e:
            data, complete, error = b"", False, repr(e)
        return Response(resp.status, resp.headers, data, complete, error, time.monotonic() - t0)
    finally:
        conn.close()


@dataclass
class SseEvent:
    event: str | None
    data: str

    def json(self) -> Any:
        return json.loads(self.data)


def parse_sse(body: bytes | str) -> list[SseEvent]:
    """Split an SSE body into events (event name, joined data lines). Comments are skipped."""
    text = body.decode("utf-8", errors="replace") if isinstance(body, (bytes, bytearray)) else body
    events = []
    for block in re.split(r"\r?\n\r?\n", text):
        name, data = None, []
        for line in block.splitlines():
            if not line or line.startswith(":"):
                continue
            key, _, val = line.partition(":")
            val = val[1:] if val.startswith(" ") else val
            if key == "event":
                name = val
            elif key == "data":
                data.append(val)
        if name is not None or data:
            events.append(SseEvent(name, "\n".join(data)))
    return events


# --------------------------------------------------------------------------------------
# Mock LLM


def make_tls_cert(directory: Path | str, hostname: str = DEFAULT_SNI) -> tuple[Path, Path]:
    """A self-signed certificate (also its own CA) for `hostname`, made with the openssl CLI."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    cert, key = d / f"{hostname}.crt", d / f"{hostname}.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={hostname}",
         "-addext", f"subjectAltName=DNS:{hostname}",
         "-addext", "basicConstraints=critical,CA:TRUE"],
        check=True, capture_output=True)
    return cert, key


class MockServer(_Proc):
    name = "mock_llm"

    def __init__(self, popen, workdir, log, port: int, tls: bool,
                 cert: Path | None, key: Path | None, hostname: str | None):
        super().__init__(popen, workdir, [log])
        self.port = port
        self.tls = tls
        self.cert = cert  # also the CA to trust (self-signed)
        self.key = key
        self.hostname = hostname  # the name in the certificate (SNI to send)

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, body: Any = None,
                headers: Mapping[str, str] | None = None, timeout: float = 30.0) -> Response:
        return request(self.port, method, path, body, headers, timeout=timeout, tls=self.tls)

    def requests(self) -> list[dict]:
        """Every API request received since the last clear() (see tests/mock_llm.py)."""
        r = self.request("GET", "/_mock/requests")
        assert r.status == 200, r.text
        return r.json()["requests"]

    def last_request(self) -> dict:
        reqs = self.requests()
        assert reqs, "the mock has received no request"
        return reqs[-1]

    def clear(self) -> None:
        self.request("DELETE", "/_mock/requests")

    def wait_for_requests(self, n: int, timeout: float = 5.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while True:
            reqs = self.requests()
            if len(reqs) >= n or time.monotonic() > deadline:
                return reqs
            time.sleep(0.05)


def start_mock(tls: bool = False, *, workdir: Path | str | None = None,
               hostname: str = DEFAULT_SNI, timeout: float = 10.0) -> MockServer:
    """Start tests/mock_llm.py on a free port (HTTPS with a fresh self-signed cert if tls)."""
    wd = _mkworkdir(workdir, "mock")
    log = wd / "mock_llm.log"
    cmd = [sys.executable, "-u", str(MOCK_SCRIPT), "--port", "0"]
    cert = key = None
    if tls:
        cert, key = make_tls_cert(wd / "tls", hostname)
        cmd += ["--tls-cert", str(cert), "--tls-key", str(key)]
    with open(log, "wb") as f:
        popen = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                 start_new_session=True, cwd=REPO)
    proc = _Proc(popen, wd, [log])  # tracked even if startup fails
    deadline = time.monotonic() + timeout
    port = None
    while time.monotonic() < deadline:
        m = re.search(r"mock_llm listening on [\d.]+:(\d+)", log.read_text(errors="replace"))
        if m:
            port = int(m.group(1))
            break
        if popen.poll() is not None:
            break
        time.sleep(0.02)
    with _LIVE_LOCK:
        _LIVE.discard(proc)
    if port is None:
        tail = proc.log_tail()
        proc.stop()
        raise HarnessError(f"mock_llm did not start:\n{tail}")
    return MockServer(popen, wd, log, port, tls, cert, key, hostname if tls else None)


# --------------------------------------------------------------------------------------
# Envoy config rendering

_TAG_RE = re.compile(
    r"^(?P<head>\s*(?:-\s+)?[^\s#][^#]*?:[ \t]*)(?P<value>[^#]*?)(?P<tail>[ \t]+#[ \t]*tollgate:(?P<tag>[a-z_0-9]+)\b.*)$")


def template_path(name: str) -> Path:
    p = Path(name)
    if not p.is_absolute() and not p.exists():
        p = ENVOY_DIR / name
    if not p.exists():
        raise HarnessError(f"Envoy template not found: {name}")
    return p


def template_tags(text: str) -> set[str]:
    return {m.group("tag") for line in text.splitlines() if (m := _TAG_RE.match(line))}


def _yaml_scalar(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, Path):
        v = str(v)
    if isinstance(v, str):
        if re.fullmatch(r"[A-Za-z0-9_./][A-Za-z0-9_./:-]*", v) and not v.endswith(":"):
            return v
        return json.dumps(v)  # a JSON string is a valid YAML double-quoted scalar
    return json.dumps(v)  # lists / dicts as YAML flow collections


def render_template(text: str, values: Mapping[str, Any], *, strict: Iterable[str] = ()) -> str:
    """Replace the value on every line tagged `# tollgate:NAME` for NAME in `values`.

    A tag whose value is a block scalar (`key: |  # tollgate:NAME`) gets its indented block
    replaced: a dict/list is written as indented JSON, a str as is. A value of None leaves
    the line as in the template. Names in `strict` must exist in the template."""
    missing = [k for k in strict if k not in template_tags(text)]
    if missing:
        raise HarnessError(f"template has no `# tollgate:` tag for {missing}")
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _TAG_RE.match(line)
        i += 1
        if not m or m.group("tag") not in values or values[m.group("tag")] is None:
            out.append(line)
            continue
        v = values[m.group("tag")]
        head, value, tail = m.group("head"), m.group("value").strip(), m.group("tail")
        if value.startswith("|") or value.startswith(">"):
            indent = len(line) - len(line.lstrip())
            while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > indent):
                i += 1  # drop the old block
            content = v if isinstance(v, str) else json.dumps(v, indent=2)
            out.append(f"{head.rstrip()} |-{tail}")  # |- : no added final newline
            pad = " " * (indent + 2)
            block = content.splitlines() or [""]
            out.extend((pad + b) if b.strip() else "" for b in block)
            continue
        out.append(f"{head}{_yaml_scalar(v)}{tail}")
    return "\n".join(out) + "\n"


def template_plugin_config(name: str = "tollgate.yaml") -> Any:
    """The plugin config JSON written in a template (e.g. the demo config in tollgate.yaml)."""
    lines = template_path(name).read_text().splitlines()
    for i, line in enumerate(lines):
        m = _TAG_RE.match(line)
        if m and m.group("tag") == "plugin_config":
            indent = len(line) - len(line.lstrip())
            block = []
            for nxt in lines[i + 1:]:
                if nxt.strip() and len(nxt) - len(nxt.lstrip()) <= indent:
                    break
                block.append(nxt)
            return json.loads("\n".join(block))
    raise HarnessError(f"{name} has no plugin_config tag")


# --------------------------------------------------------------------------------------
# Envoy


@dataclass
class TlsUpstream:
    """Where the TLS upstream cluster goes, for envoy/tls-upstream.yaml."""
    port: int
    ca_cert: Path  # file of trusted CA certificates
    sni: str = DEFAULT_SNI
    host: str = "127.0.0.1"  # resolved by Envoy (LOGICAL_DNS)
    host_header: str | None = None  # Host sent upstream (default: the sni)
    san: str | None = None  # name the certificate must carry (default: the sni)

    @classmethod
    def from_mock(cls, mock: MockServer) -> "TlsUpstream":
        if not mock.tls or mock.cert is None:
            raise HarnessError("TlsUpstream.from_mock needs a mock started with tls=True")
        return cls(port=mock.port, ca_cert=mock.cert, sni=mock.hostname or DEFAULT_SNI)


class Envoy(_Proc):
    name = "envoy"

    def __init__(self, popen, workdir, config_path: Path, log: Path, stdout: Path,
                 admin_port: int, port: int, plugin_config: Any):
        super().__init__(popen, workdir, [log, stdout])
        self.config_path = config_path
        self.log_path = log
        self.stdout_path = stdout
        self.admin_port = admin_port
        self.port = port  # the listener
        self.plugin_config = plugin_config

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, body: Any = None,
                headers: Mapping[str, str] | None = None, timeout: float = 30.0) -> Response:
        """A request through the listener."""
        return request(self.port, method, path, body, headers, timeout=timeout)

    def post(self, path: str, body: Any = None, headers: Mapping[str, str] | None = None,
             timeout: float = 30.0) -> Response:
        return self.request("POST", path, body, headers, timeout)

    def admin_get(self, path: str, timeout: float = 10.0) -> Response:
        return request(self.admin_port, "GET", path, timeout=timeout)

    def admin_post(self, path: str, timeout: float = 10.0) -> Response:
        return request(self.admin_port, "POST", path, timeout=timeout)

    # The filter sums its metric changes in the VM and hands them to Envoy on its tick,
    # at least once a second (src/envoy/host.rs FLUSH_PERIOD_MS): a reader waits that long.
    METRICS_FLUSH_S = 1.1

    def stats(self, filter: str | None = None) -> dict[str, Any]:
        """Counters and gauges from /stats?format=json: {name: value}, after the filter's
        metric flush period. Custom wasm metrics appear as `wasmcustom.NAME`. Histograms are
        under the key "histograms"."""
        time.sleep(self.METRICS_FLUSH_S)
        path = "/stats?format=json"
        if filter:
            path += "&filter=" + filter
        r = self.admin_get(path)
        if r.status != 200:
            raise HarnessError(f"/stats: {r.status} {r.text[:200]}")
        out: dict[str, Any] = {}
        for s in r.json().get("stats", []):
            if "name" in s:
                out[s["name"]] = s.get("value")
            elif "histograms" in s:
                out["histograms"] = s["histograms"]
        return out

    def prometheus(self) -> str:
        time.sleep(self.METRICS_FLUSH_S)
        return self.admin_get("/stats/prometheus").text

    def memory(self) -> dict[str, Any]:
        """/memory: allocated, heap_size, pageheap_unmapped, ... (values as ints)."""
        d = self.admin_get("/memory").json()
        return {k: int(v) if isinstance(v, str) and v.isdigit() else v for k, v in d.items()}

    def envoy_log(self) -> str:
        """Envoy's own log (--log-path): includes the filter's log lines (wasm logger)."""
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def access_log(self) -> str:
        """Envoy's stdout: the access log (one line per request) and anything else printed."""
        try:
            return self.stdout_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def wait_for_log(self, pattern: str, timeout: float = 5.0) -> re.Match | None:
        deadline = time.monotonic() + timeout
        while True:
            m = re.search(pattern, self.envoy_log())
            if m or time.monotonic() > deadline:
                return m
            time.sleep(0.05)


def start_envoy(plugin_config: Any = None, hold_headers: bool = True,
                upstream_port: int | MockServer | None = None,
                tls_upstream: TlsUpstream | MockServer | None = None,
                extra: Mapping[str, Any] | None = None, *,
                template: str | None = None,
                wasm: Path | str | None = None,
                concurrency: int = 2,
                stream_idle_timeout: str = "5s",
                log_level: str = "info",
                component_log_level: str | None = "wasm:debug",
                args: Iterable[str] = (),
                yaml_transform: Callable[[str], str] | None = None,
                workdir: Path | str | None = None,
                ready_timeout: float = 60.0) -> Envoy:
    """Render an Envoy config from envoy/*.yaml and start Envoy; returns once /ready is LIVE.

    plugin_config: dict/list (sent as JSON), str (sent verbatim: bad configs too), or None
        (keep the template's own config).
    hold_headers: allow_on_headers_stop_iteration. Picks the template when `template` is
        None: True -> tollgate.yaml, False -> istio-mode.yaml (the field absent, as Istio).
        With tls_upstream the template is tls-upstream.yaml, the field set to hold_headers.
    upstream_port: port (or MockServer) of the plain-HTTP upstream, cluster `llm`.
    tls_upstream: TlsUpstream or a MockServer started with tls=True -> tls-upstream.yaml.
    extra: more `# tollgate:NAME` values, e.g. {"buffer_limit": 65536, "route_timeout": "2s",
        "failure_policy": "FAIL_OPEN"}; each must exist in the template.
    yaml_transform: last-chance edit of the rendered YAML text.
    """
    wasm_file = require_wasm(Path(wasm) if wasm else None)
    if isinstance(tls_upstream, MockServer):
        tls_upstream = TlsUpstream.from_mock(tls_upstream)
    if isinstance(upstream_port, MockServer):
        upstream_port = upstream_port.port
    if template is None:
        template = "tls-upstream.yaml" if tls_upstream else ("tollgate.yaml" if hold_headers else "istio-mode.yaml")
    text = template_path(template).read_text()
    tags = template_tags(text)
    if "hold_headers" not in tags and hold_headers:
        raise HarnessError(f"{template} has no allow_on_headers_stop_iteration line (hold_headers=True)")

    values: dict[str, Any] = {
        "admin_port": 0,
        "listener_port": 0,
        "wasm_path": str(wasm_file),
        "plugin_config": plugin_config,
        "hold_headers": bool(hold_headers),
        "stream_idle_timeout": stream_idle_timeout,
    }
    if tls_upstream is not None:
        values.update({
            "upstream_host": tls_upstream.host,
            "upstream_port": tls_upstream.port,
            "upstream_sni": tls_upstream.sni,
            "upstream_ca": str(tls_upstream.ca_cert),
            "upstream_san": tls_upstream.san or tls_upstream.sni,
            "upstream_host_header": tls_upstream.host_header or tls_upstream.sni,
        })
    elif upstream_port is not None:
        values.update({"upstream_host": "127.0.0.1", "upstream_port": int(upstream_port)})
    values = {k: v for k, v in values.items() if k in tags}
    values.update(extra or {})
    rendered = render_template(text, values, strict=list(extra or {}))
    if yaml_transform:
        rendered = yaml_transform(rendered)

    wd = _mkworkdir(workdir, "envoy")
    config_path = wd / "envoy.yaml"
    config_path.write_text(rendered)
    log, stdout, admin_file = wd / "envoy.log", wd / "envoy.stdout", wd / "admin.address"
    cmd = [str(envoy_binary()), "-c", str(config_path),
           "--concurrency", str(concurrency), "--disable-hot-restart",
           "--log-path", str(log), "-l", log_level,
           # Envoy flushes its log file every 10 s by default: too late for a test to read it.
           "--file-flush-interval-msec", "50",
           "--admin-address-path", str(admin_file)]
    if component_log_level:
        cmd += ["--component-log-level", component_log_level]
    cmd += list(args)
    with open(stdout, "wb") as f:
        popen = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                 start_new_session=True, cwd=REPO)
    env = Envoy(popen, wd, config_path, log, stdout, 0, 0, plugin_config)
    try:
        env.admin_port, env.port = _wait_envoy_ready(env, admin_file, ready_timeout)
    except BaseException:
        env.stop()
        raise
    return env


def _wait_envoy_ready(env: Envoy, admin_file: Path, timeout: float) -> tuple[int, int]:
    deadline = time.monotonic() + timeout
    admin_port = None
    last = ""
    while time.monotonic() < deadline:
        if env.popen.poll() is not None:
            raise HarnessError(
                f"envoy exited with {env.popen.returncode} during startup "
                f"(config {env.config_path}):\n{env.log_tail(40)}")
        if admin_port is None and admin_file.exists():
            m = re.search(r":(\d+)\s*$", admin_file.read_text())
            if m:
                admin_port = int(m.group(1))
        if admin_port is not None:
            try:
                r = request(admin_port, "GET", "/ready", timeout=2)
                last = f"{r.status} {r.text.strip()}"
                if r.status == 200:
                    lst = request(admin_port, "GET", "/listeners?format=json", timeout=2).json()
                    for st in lst.get("listener_statuses", []):
                        port = st.get("local_address", {}).get("socket_address", {}).get("port_value")
                        if port:
                            return admin_port, int(port)
            except (OSError, http.client.HTTPException, ValueError) as e:
                last = repr(e)
        time.sleep(0.05)
    raise HarnessError(f"envoy not ready after {timeout}s (last /ready: {last}):\n{env.log_tail(40)}")
