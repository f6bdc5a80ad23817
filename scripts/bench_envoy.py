#!/usr/bin/env python3
"""`make bench-envoy`: tollgate's cost in a real Envoy, side by side with the same Envoy
without the filter (issue 12).

One Envoy 1.40 (`--concurrency 1`, V8 runtime) with four listeners:

* `upstream`: answers every request itself (`direct_response`) with a small OpenAI-shaped
  chat completion carrying `usage`, after reading the whole body (a buffer filter), as a
  provider would;
* `bare`: a plain HTTP connection manager routing to `upstream` (no filter);
* `guards`: the same with tollgate, budgets + session guards (the README's defaults: soft
  loop/stall detectors, sessions by `x-session-id`, a breaker in shadow mode;
  tests/fixtures/bench/guards_config.json);
* `budgets`: the same with tollgate, budgets only (tests/fixtures/bench/budgets_config.json).

The two filter listeners run in their own VMs (`vm_id`s differ), so each VM's memory is
measured alone.

wrk (one thread, `--connections` keep-alive connections) drives a bare and a filter listener
in alternating rounds (the order flips every round); a workload's ratio is the median over the
rounds of the filter's requests/s over bare Envoy's in the same round (the machine is
shared). Workloads:

* `agent_replay`: the 60 turns of the committed coding session
  (tests/fixtures/transcripts/coding_session_60.json, each request resending the whole
  history: ~34 KB on average, 62 KB last) replayed in order, again and again, each pass a new
  session id, through the `guards` listener; `agent_replay_budgets`: the same through `budgets`;
* `fresh_8k`: 8 KB chat bodies where every message carries a token unique to the request
  (the Lua script puts a fresh counter in place of a 10-letter placeholder in each message),
  through `budgets`;
* `repeat_8k`: one 8 KB chat body sent again and again, through `budgets`;
* `tiny`: a ~100-byte chat body sent again and again, through `budgets`: the filter's fixed
  cost per request (host calls, shared-data budgets, the response's usage, settlement);
* `one_1m`: one ~1 MB chat body for gpt-4.1 (just under the default `max_body_bytes`; ~160k
  tokens, within gpt-4.1's window), one connection, median latency in ms.

Ceilings (`--ceilings`, issue 12): the same workloads through a no-op proxy-wasm filter
(src/envoy/examples/noop.rs, built by this script), each shape its own listener and VM:
`noop` (Continue from every callback), `noop_buffer` (the request body buffered until its
end, as tollgate does), `noop_read` (and read with get_http_request_body), `noop_response`
(and the response body read too), and `plain`: tollgate with no budgets, no guards and no
response headers (its fixed cost with nothing to enforce). Rows `tiny@noop` etc.; their
ratios are what any wasm filter can reach here. Only `tiny`, `agent_replay` and `fresh_8k`
get ceiling rows (`--only` still selects).

`--compare WASM`: the same workloads through another build of the filter too (rows
`NAME@before`, listeners `before_guards`/`before_budgets`), side by side in one run: each row
right after its `NAME` row, and nothing measured before Envoy is idle after the warm-up (V8
compiles hot wasm functions with its optimizing tier in background threads, which charged
~30 µs per request to whichever build was measured first).

Each row also gives Envoy's CPU time per request (all its threads, from /proc's schedstat,
over the requests wrk completed) for the filter's listener and bare Envoy: on a shared
machine this varies much less than requests/s; their difference is what the filter costs.

Memory per VM: Envoy exposes no per-VM figure (`/memory` is tcmalloc's heap, which does not
hold V8's wasm memories), so it is the growth of the process's resident set (VmRSS) from
Envoy's start to the end of one filter listener's warm-up (its first pass of the workloads),
the other filter VM idle.

Deterministic inputs: the bodies are written by this script from the committed transcript
and a seeded generator. Every answer must be 200 (wrk's Lua counts the others; the script
fails if any). `--write-inputs DIR` only writes the bodies (for `make bench-core`). The last
line is `agent_replay=R1 fresh_8k=R2`.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WASM = ROOT / "target/wasm32-wasip1/release/tollgate.wasm"
NOOP_WASM = ROOT / "target/wasm32-wasip1/release/examples/noop.wasm"
ENVOY = ROOT / ".venv/bin/envoy"
TRANSCRIPT = ROOT / "tests/fixtures/transcripts/coding_session_60.json"
CHAT = "/v1/chat/completions"
MiB = 1 << 20

# The plugin configurations, shared with the native profile (tests/bench/request_path.rs).
GUARDS_CONFIG = json.loads((ROOT / "tests/fixtures/bench/guards_config.json").read_text())
BUDGETS_CONFIG = json.loads((ROOT / "tests/fixtures/bench/budgets_config.json").read_text())
# `plain`: tollgate with nothing to enforce (the fixed cost of the flow itself).
PLAIN_CONFIG = {"response_headers": False}
# The no-op filter's listeners (`--ceilings`) and their plugin configurations.
NOOP_SHAPES = {"noop": "", "noop_buffer": "buffer", "noop_read": "buffer read",
               "noop_response": "buffer read response"}

UPSTREAM_ANSWER = json.dumps({
    "id": "chatcmpl-bench", "object": "chat.completion", "created": 1796083200,
    "model": "gpt-4o-2024-08-06",
    "choices": [{"index": 0, "finish_reason": "stop",
                 "message": {"role": "assistant", "content": "Done: the tests pass now."}}],
    "usage": {"prompt_tokens": 9000, "completion_tokens": 12, "total_tokens": 9012},
}, separators=(",", ":"))

WORDS = ("the a budget request model token cost user agent session report data query table "
         "summary plan review deploy error retry cache answer question context window limit "
         "price invoice customer order shipping refund policy draft email meeting note "
         "function return value test failure branch commit merge patch file line").split()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- inputs


def prose(rng: random.Random, nbytes: int) -> str:
    out, size = [], 0
    while size < nbytes:
        s = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(8, 20))).capitalize() + ". "
        out.append(s)
        size += len(s)
    return "".join(out)[:nbytes]


def chat_body(rng: random.Random, total: int, marker: str | None, model: str = "gpt-4o") -> dict:
    """A chat request of ~`total` bytes: a system prompt and alternating user/assistant
    messages of ~1 KB; with `marker`, each message starts with `marker-<index>`."""
    messages = [{"role": "system", "content": "You are a helpful assistant for an online shop."}]
    i = 0
    while len(json.dumps(messages)) < total - 600:
        role = "user" if i % 2 == 0 else "assistant"
        text = prose(rng, 1000)
        if marker is not None:
            text = f"{marker}-{i} {text}"
        messages.append({"role": role, "content": text})
        i += 1
    if marker is not None:
        messages[0]["content"] = f"{marker}-s {messages[0]['content']}"
    return {"model": model, "messages": messages, "max_tokens": 300}


def write_inputs(work: Path) -> dict:
    t = json.loads(TRANSCRIPT.read_text())
    turns = [json.dumps(x["request"], separators=(",", ":")) for x in t["turns"]]
    agent = work / "agent"
    agent.mkdir()
    for i, body in enumerate(turns):
        (agent / f"{i:02d}.json").write_text(body)
    rng = random.Random(12)
    # The marker is a placeholder of 10 letters the Lua script replaces with a 10-digit
    # counter: plain characters inside JSON strings, so the body stays valid JSON.
    (work / "fresh_8k.json").write_text(json.dumps(chat_body(rng, 8192, "QQQQQQQQQQ")))
    (work / "repeat_8k.json").write_text(json.dumps(chat_body(rng, 8192, None)))
    tiny = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Say hello in one word."}], "max_tokens": 5}
    (work / "tiny.json").write_text(json.dumps(tiny))
    (work / "one_1m.json").write_text(json.dumps(chat_body(rng, 990_000, None, "gpt-4.1")))
    sizes = [len(b) for b in turns]
    return {"agent_turns": len(turns), "agent_avg": sum(sizes) // len(sizes), "agent_last": sizes[-1],
            "fresh_8k": (work / "fresh_8k.json").stat().st_size,
            "one_1m": (work / "one_1m.json").stat().st_size}


LUA_COMMON = r"""
non200 = 0
function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    if non200 <= 3 then io.stderr:write("status " .. status .. ": " .. string.sub(body, 1, 300) .. "\n") end
  end
end
threads = {}
function setup(thread) table.insert(threads, thread) end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("non200") end
  io.write(string.format("NON200 %d\n", bad))
  io.write(string.format("P50US %d\n", latency:percentile(50)))
end
local function slurp(path)
  local f = assert(io.open(path, "rb")); local s = f:read("*a"); f:close(); return s
end
"""

LUA_AGENT = LUA_COMMON + r"""
local bodies = {}
local tag = "x"
local n = 0
function init(args)
  tag = args[2]
  for i = 0, tonumber(args[3]) - 1 do bodies[#bodies + 1] = slurp(string.format("%s/%02d.json", args[1], i)) end
end
function request()
  local turn = n % #bodies
  local session = math.floor(n / #bodies)
  n = n + 1
  return wrk.format("POST", "/v1/chat/completions",
    {["content-type"] = "application/json", ["x-user-id"] = "u_bench",
     ["x-feature"] = "coding-agent", ["x-session-id"] = string.format("s-%s-%d", tag, session)},
    bodies[turn + 1])
end
"""

LUA_FRESH = LUA_COMMON + r"""
local template
local tag = "0"
local n = 0
function init(args) template = slurp(args[1]); tag = args[2] end
function request()
  n = n + 1
  local body = string.gsub(template, "QQQQQQQQQQ", string.format("%s%09d", tag, n))
  return wrk.format("POST", "/v1/chat/completions",
    {["content-type"] = "application/json", ["x-user-id"] = "u_bench"}, body)
end
"""

LUA_REPEAT = LUA_COMMON + r"""
local req
function init(args)
  req = wrk.format("POST", "/v1/chat/completions",
    {["content-type"] = "application/json", ["x-user-id"] = "u_bench"}, slurp(args[1]))
end
function request() return req end
"""


# --------------------------------------------------------------------------- Envoy


def hcm(name: str, port: int, filters: list, route: str, buffer_limit: int = 2 * MiB) -> dict:
    return {
        "name": name,
        "address": {"socket_address": {"address": "127.0.0.1", "port_value": port}},
        "per_connection_buffer_limit_bytes": buffer_limit,
        "filter_chains": [{"filters": [{
            "name": "envoy.filters.network.http_connection_manager",
            "typed_config": {
                "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
                "stat_prefix": name,
                "route_config": {"name": name, "virtual_hosts": [{
                    "name": "all", "domains": ["*"], "routes": [json.loads(route)]}]},
                "http_filters": filters + [{
                    "name": "envoy.filters.http.router",
                    "typed_config": {"@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"}}],
            }}]}],
    }


def wasm_filter(vm_id: str, config, wasm: Path = WASM) -> dict:
    value = config if isinstance(config, str) else json.dumps(config)
    return {
        "name": "envoy.filters.http.wasm",
        "typed_config": {
            "@type": "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm",
            "config": {
                "name": vm_id, "root_id": "tollgate",
                "allow_on_headers_stop_iteration": True,
                "failure_policy": "FAIL_CLOSED",
                "vm_config": {"vm_id": vm_id, "runtime": "envoy.wasm.runtime.v8",
                              "code": {"local": {"filename": str(wasm)}}},
                "configuration": {"@type": "type.googleapis.com/google.protobuf.StringValue",
                                  "value": value},
            }}}


def envoy_config(ports: dict, ceilings: bool, compare: Path | None = None) -> dict:
    to_upstream = json.dumps({"match": {"prefix": "/"}, "route": {"cluster": "upstream", "timeout": "60s"}})
    answer = json.dumps({"match": {"prefix": "/"}, "direct_response": {
        "status": 200, "body": {"inline_string": UPSTREAM_ANSWER}},
        "response_headers_to_add": [{"header": {"key": "content-type", "value": "application/json"}}]})
    buffer = {"name": "envoy.filters.http.buffer", "typed_config": {
        "@type": "type.googleapis.com/envoy.extensions.filters.http.buffer.v3.Buffer",
        "max_request_bytes": 2 * MiB}}
    return {
        "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": ports["admin"]}}},
        "static_resources": {
            "listeners": [
                hcm("upstream", ports["upstream"], [buffer], answer),
                hcm("bare", ports["bare"], [], to_upstream),
                hcm("guards", ports["guards"], [wasm_filter("tollgate-guards", GUARDS_CONFIG)], to_upstream),
                hcm("budgets", ports["budgets"], [wasm_filter("tollgate-budgets", BUDGETS_CONFIG)], to_upstream),
            ] + ([
                hcm("plain", ports["plain"], [wasm_filter("tollgate-plain", PLAIN_CONFIG)], to_upstream),
            ] + [hcm(name, ports[name], [wasm_filter(name, shape, NOOP_WASM)], to_upstream)
                 for name, shape in NOOP_SHAPES.items()] if ceilings else [])
            + ([
                hcm("before_guards", ports["before_guards"],
                    [wasm_filter("tollgate-before-guards", GUARDS_CONFIG, compare)], to_upstream),
                hcm("before_budgets", ports["before_budgets"],
                    [wasm_filter("tollgate-before-budgets", BUDGETS_CONFIG, compare)], to_upstream),
            ] if compare else []),
            "clusters": [{
                "name": "upstream", "type": "STATIC", "connect_timeout": "5s",
                "load_assignment": {"cluster_name": "upstream", "endpoints": [{"lb_endpoints": [{
                    "endpoint": {"address": {"socket_address": {
                        "address": "127.0.0.1", "port_value": ports["upstream"]}}}}]}]},
            }],
        },
    }


def rss(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def wait_ready(port: int, deadline: float) -> None:
    while time.time() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/ready")
            if c.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("Envoy not ready")


# --------------------------------------------------------------------------- wrk


def cpu_ns(pid: int) -> int:
    """The CPU time all of a process's threads ran so far (ns, from /proc's schedstat)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            pass  # a thread that just ended
    return total


def wait_idle(pid: int, deadline_s: float = 90.0, busy_ms_per_s: float = 20.0) -> float:
    """Waits until Envoy is idle (under `busy_ms_per_s` of CPU over a second): V8 goes on
    compiling a hot wasm module's functions with its optimizing tier in background threads
    for a while after the warm-up, and that CPU would be charged to whichever rows run
    first. Returns the seconds waited."""
    start = time.time()
    last = cpu_ns(pid)
    while time.time() - start < deadline_s:
        time.sleep(1.0)
        now = cpu_ns(pid)
        if (now - last) / 1e6 < busy_ms_per_s:
            break
        last = now
    return time.time() - start


def wrk(port: int, script: Path, args: list[str], seconds: float, connections: int,
        envoy_pid: int | None = None) -> tuple[float, float, float]:
    """requests/s, p50 latency (ms), and Envoy's CPU time per request (µs; its CPU time
    over the run divided by the requests wrk completed: less sensitive to the machine's
    load than requests/s)."""
    cpu_before = cpu_ns(envoy_pid) if envoy_pid else 0
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{int(seconds)}s", "--timeout", "30s",
           "-s", str(script), f"http://127.0.0.1:{port}", "--", *args]
    out = subprocess.run(cmd, capture_output=True, text=True)
    cpu = cpu_ns(envoy_pid) - cpu_before if envoy_pid else 0
    if out.returncode:
        raise RuntimeError(f"wrk failed: {out.stdout}\n{out.stderr}")
    m = re.search(r"Requests/sec:\s+([\d.]+)", out.stdout)
    bad = re.search(r"NON200 (\d+)", out.stdout)
    p50 = re.search(r"P50US (\d+)", out.stdout)
    total = re.search(r"(\d+) requests in", out.stdout)
    if not m or not bad or not p50 or not total:
        raise RuntimeError(f"unexpected wrk output:\n{out.stdout}\n{out.stderr}")
    if int(bad.group(1)) or "Non-2xx" in out.stdout or "Socket errors" in out.stdout:
        raise RuntimeError(f"answers other than 200 on port {port}:\n{out.stdout}\n{out.stderr}")
    return float(m.group(1)), int(p50.group(1)) / 1000.0, cpu / 1000.0 / max(1, int(total.group(1)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=5)
    ap.add_argument("--connections", type=int, default=4)
    ap.add_argument("--only", default="", help="comma-separated workload names")
    ap.add_argument("--write-inputs", metavar="DIR", help="only write the request bodies into DIR")
    ap.add_argument("--ceilings", action="store_true",
                    help="also a no-op wasm filter in four shapes and tollgate with nothing to enforce")
    ap.add_argument("--compare", metavar="WASM", type=Path,
                    help="also another build of the filter (e.g. the one before a change), same configurations: "
                         "rows NAME@before")
    ap.add_argument("--noop", action="append", default=[], metavar="NAME=WORDS",
                    help="with --ceilings, another no-op listener, e.g. 'props=buffer read props=17' "
                         "(src/envoy/examples/noop.rs: the price of single host calls)")
    opts = ap.parse_args()
    if opts.write_inputs:
        out = Path(opts.write_inputs)
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        print(write_inputs(out))
        return 0
    if opts.compare:
        opts.compare = opts.compare.resolve()
        if not opts.compare.exists():
            print(f"missing {opts.compare}", file=sys.stderr)
            return 2
    for extra in opts.noop:
        name, _, words = extra.partition("=")
        NOOP_SHAPES[f"noop_{name}"] = words
    if opts.ceilings:
        # The no-op filter is tiny: built here rather than by `make build`.
        subprocess.run(["cargo", "build", "--quiet", "--target", "wasm32-wasip1", "--release",
                        "-p", "tollgate-envoy", "--example", "noop"], cwd=ROOT, check=True)
    for need in (WASM, ENVOY) + ((NOOP_WASM,) if opts.ceilings else ()):
        if not need.exists():
            print(f"missing {need} (make setup build)", file=sys.stderr)
            return 2
    if not shutil.which("wrk"):
        print("missing wrk (make wrk)", file=sys.stderr)
        return 2

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"machine: {os.cpu_count()} cpus, {cpu}, {platform.release()}; load {os.getloadavg()[0]:.2f}")
    version = subprocess.run([str(ENVOY), "--version"], capture_output=True, text=True).stdout.strip()
    print(f"envoy: {version.split('version:')[-1].strip()}, --concurrency 1, V8; filter {WASM.stat().st_size} bytes")

    work = Path(tempfile.mkdtemp(prefix="tollgate-bench-envoy-"))
    envoy = None
    try:
        sizes = write_inputs(work)
        print(f"inputs: agent {sizes['agent_turns']} turns, avg {sizes['agent_avg']} B, last {sizes['agent_last']} B; "
              f"fresh/repeat {sizes['fresh_8k']} B; one {sizes['one_1m']} B")
        scripts = {}
        for name, text in (("agent", LUA_AGENT), ("fresh", LUA_FRESH), ("repeat", LUA_REPEAT)):
            scripts[name] = work / f"{name}.lua"
            scripts[name].write_text(text)
        ports = {k: free_port() for k in ("admin", "upstream", "bare", "guards", "budgets", "plain", *NOOP_SHAPES,
                                          "before_guards", "before_budgets")}
        (work / "envoy.json").write_text(json.dumps(envoy_config(ports, opts.ceilings, opts.compare)))
        log = open(work / "envoy.log", "w")
        envoy = subprocess.Popen([str(ENVOY), "-c", str(work / "envoy.json"), "--concurrency", "1",
                                  "--disable-hot-restart", "-l", "warning", "--base-id", str(os.getpid() % 10000)],
                                 stdout=log, stderr=subprocess.STDOUT)
        wait_ready(ports["admin"], time.time() + 240)  # each tollgate VM compiles 8 MB of wasm
        rss_start = rss(envoy.pid)

        agent_args = lambda tag: [str(work / "agent"), tag, str(sizes["agent_turns"])]
        round_tag = iter(range(1, 10**6))
        workloads = {
            "agent_replay": ("guards", "agent", lambda: agent_args(f"g{next(round_tag)}"), opts.connections),
            "agent_replay_budgets": ("budgets", "agent", lambda: agent_args(f"b{next(round_tag)}"), opts.connections),
            "fresh_8k": ("budgets", "fresh", lambda: [str(work / "fresh_8k.json"), str(next(round_tag))], opts.connections),
            "repeat_8k": ("budgets", "repeat", lambda: [str(work / "repeat_8k.json")], opts.connections),
            "one_1m": ("budgets", "repeat", lambda: [str(work / "one_1m.json")], 1),
            "tiny": ("budgets", "repeat", lambda: [str(work / "tiny.json")], opts.connections),
        }
        if opts.ceilings:
            priced = {f"noop_{extra.partition('=')[0]}" for extra in opts.noop}
            for base_name in ("tiny", "agent_replay", "fresh_8k"):
                _, script, args, conns = workloads[base_name]
                for lst in ("plain", *NOOP_SHAPES):
                    if lst not in priced or base_name == "tiny":
                        workloads[f"{base_name}@{lst}"] = (lst, script, args, conns)
        if opts.compare:
            for base_name in [w for w in workloads if "@" not in w]:
                lst, script, args, conns = workloads[base_name]
                workloads[f"{base_name}@before"] = (f"before_{lst}", script, args, conns)
        selected = [w for w in opts.only.split(",") if w]
        only = [w for w in workloads if not selected or w in selected or w.split("@")[0] in selected]

        # Warm-up: each filter VM alone, its memory growth measured after it.
        memory = {}
        base = rss_start
        for listener in ("guards", "budgets", "plain", *NOOP_SHAPES, "before_guards", "before_budgets"):
            if not any(workloads[name][0] == listener for name in only):
                continue
            for name in only:
                lst, script, args, conns = workloads[name]
                if lst == listener:
                    wrk(ports[lst], scripts[script], args(), 2, conns)
            now = rss(envoy.pid)
            memory[listener] = now - base
            base = now
        print(f"memory (process VmRSS growth; Envoy started at {rss_start / MiB:.1f} MiB): "
              + ", ".join(f"{k} VM +{v / MiB:.1f} MiB after warm-up" for k, v in memory.items()))
        # A second warm-up pass, then no measurement before Envoy is idle (V8's optimizing
        # tier compiles in the background), and a build compared with another measured
        # right after it, workload by workload: the first rows measured used to carry ~30 µs
        # per request of compilation that the later rows did not.
        for name in only:
            lst, script, args, conns = workloads[name]
            wrk(ports[lst], scripts[script], args(), 2, conns)
        print(f"idle after {wait_idle(envoy.pid):.0f} s of waiting", flush=True)
        bases = [n.split("@")[0] for n in only]
        only = sorted(only, key=lambda w: bases.index(w.split("@")[0]))

        results = {}
        for name in only:
            lst, script, args, conns = workloads[name]
            bare, filt, bare_ms, filt_ms, bare_cpu, filt_cpu = [], [], [], [], [], []
            for r in range(opts.rounds):
                order = [("bare", bare, bare_ms, bare_cpu), (lst, filt, filt_ms, filt_cpu)]
                if r % 2:
                    order.reverse()
                for target, rates, lat, cpus in order:
                    rate, p50, cpu = wrk(ports[target], scripts[script], args(), opts.seconds, conns, envoy.pid)
                    rates.append(rate)
                    lat.append(p50)
                    cpus.append(cpu)
            # The machine is shared: a round's two runs are adjacent, so the median of the
            # per-round ratios resists load that comes and goes better than a ratio of medians.
            ratio = statistics.median(f / b for f, b in zip(filt, bare))
            results[name] = ratio
            print(f"{name:>26}: tollgate {statistics.median(filt):8.1f} req/s (p50 {statistics.median(filt_ms):7.2f} ms), "
                  f"bare {statistics.median(bare):8.1f} req/s (p50 {statistics.median(bare_ms):6.2f} ms), "
                  f"ratio {ratio:.3f}  [rounds: {', '.join(f'{a:.0f}/{b:.0f}' for a, b in zip(filt, bare))}]; "
                  f"Envoy CPU per request {statistics.median(filt_cpu):.0f} µs vs bare {statistics.median(bare_cpu):.0f} µs "
                  f"(+{statistics.median(f - b for f, b in zip(filt_cpu, bare_cpu)):.0f} µs), "
                  f"CPU ratio {statistics.median(b / f for f, b in zip(filt_cpu, bare_cpu)):.3f}",
                  flush=True)
        print(f"memory after the runs: process VmRSS {rss(envoy.pid) / MiB:.1f} MiB")
        print(" ".join(f"{k}={results[k]:.3f}" for k in ("agent_replay", "fresh_8k") if k in results))
        return 0
    finally:
        if envoy is not None:
            envoy.send_signal(signal.SIGTERM)
            try:
                envoy.wait(10)
            except subprocess.TimeoutExpired:
                envoy.kill()
        if os.environ.get("BENCH_KEEP") != "1":
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
