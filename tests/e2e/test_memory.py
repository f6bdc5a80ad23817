"""Bounded memory, measured on the real Envoy (2 workers):

* 100 000 requests from 100 000 distinct users against a budget scoped by `x-user-id`
  with a 2-second window: the counter ledger is a fixed table (`counters.slots` records of
  112 bytes in groups of 8, see `Ledger::max_bytes` in src/core/store.rs) whose records
  are reused once their window has ended, so Envoy's memory must plateau, and no request
  may be refused for a full counter table.
* The tokenizer encodings: their token bytes are one pool in the module's data section
  (`core::bpe`, laid out at build time, 2 MB for both), and an encoding's lookup table is
  filled from it at its first use in a VM: 2 MiB for o200k_base, 1 MiB for cl100k_base,
  nothing more afterwards. Envoy exposes no per-VM memory figure
  (its wasm stats are only VM counts, and /memory is tcmalloc's heap, which does not hold
  V8's wasm linear memories), so the process's resident set (VmRSS) is what is measured.

The measured numbers are printed (run with `-s` to see them) for the README.
"""

from __future__ import annotations

import http.client
import json
import math
import threading
import time
from collections import Counter

import pytest

CHAT = "/v1/chat/completions"
SLOTS = 16384
RECORDS_PER_GROUP = 8
RECORD_BYTES = 112  # 16 digest + 8 ends_at + 8 window id + 8 used + 6 holds x 16
LEDGER_PREFIX = "tollgate/v1/c/"
MiB = 1 << 20

TOTAL = 100_000
# The mock answers each keep-alive request ~40 ms late (headers and body are two writes
# without TCP_NODELAY: Nagle + delayed ACK), so throughput needs many connections.
THREADS = 128

MEMORY_CONFIG = {
    "default_max_output_tokens": 16,
    "counters": {"slots": SLOTS},
    "budgets": [{"name": "per-user", "scope": [{"header": "x-user-id"}], "window": {"seconds": 2},
                 "limit": {"tokens": 1000}, "kind": "hard"}],
}


def ledger_max_bytes(slots: int) -> int:
    """The same bound as `Ledger::max_bytes`: groups x (magic + 8 records + key)."""
    groups = -(-slots // RECORDS_PER_GROUP)
    key = len(LEDGER_PREFIX) + 10
    return groups * (1 + RECORDS_PER_GROUP * RECORD_BYTES + key)


def vm_rss(pid: int) -> int:
    """Resident set size of a process, bytes (from /proc/<pid>/status)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError(f"no VmRSS for pid {pid}")


def snapshot(env) -> dict:
    m = env.memory()
    return {"allocated": m["allocated"], "heap_size": m["heap_size"], "rss": vm_rss(env.pid)}


def fmt(s: dict) -> str:
    return ", ".join(f"{k} {v / MiB:.1f} MiB" for k, v in s.items())


def run_load(port: int, ids: range, threads: int) -> tuple[Counter, Counter, float]:
    """POST one small chat request per id (x-user-id: user-<id>) over `threads` persistent
    HTTP/1.1 connections. Returns (statuses, error codes of non-200 answers, seconds)."""
    statuses: Counter = Counter()
    codes: Counter = Counter()
    lock = threading.Lock()
    body = json.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}],
                       "max_tokens": 1}).encode()
    base_headers = {"content-type": "application/json", "x-mock-input-tokens": "3",
                    "x-mock-output-tokens": "1"}
    parts = [ids[i::threads] for i in range(threads)]

    def worker(part):
        local_status: Counter = Counter()
        local_codes: Counter = Counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for i in part:
            headers = {**base_headers, "x-user-id": f"user-{i}"}
            for attempt in range(3):
                try:
                    conn.request("POST", CHAT, body=body, headers=headers)
                    resp = conn.getresponse()
                    data = resp.read()
                    break
                except (OSError, http.client.HTTPException):
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    if attempt == 2:
                        raise
            local_status[resp.status] += 1
            if resp.status != 200:
                try:
                    local_codes[json.loads(data)["error"]["code"]] += 1
                except (ValueError, KeyError, TypeError):
                    local_codes[f"http-{resp.status}"] += 1
            if resp.will_close:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.close()
        with lock:
            statuses.update(local_status)
            codes.update(local_codes)

    errors: list[BaseException] = []

    def guarded(part):
        try:
            worker(part)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    t0 = time.monotonic()
    ts = [threading.Thread(target=guarded, args=(p,)) for p in parts]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    elapsed = time.monotonic() - t0
    assert not errors, errors[:3]
    return statuses, codes, elapsed


def expected_overflow(keys_per_window: float, groups: int, windows: float) -> float:
    """Requests refused for a full group if keys hash uniformly: each key goes to one group
    of 8 records (no probing), so a group that draws more than 8 live keys in a window
    refuses the extra ones. Poisson(keys/groups) per group."""
    lam = keys_per_window / groups
    p, excess = math.exp(-lam), 0.0
    for k in range(1, 60):
        p *= lam / k
        if k > RECORDS_PER_GROUP:
            excess += (k - RECORDS_PER_GROUP) * p
    return excess * groups * windows


def test_100k_distinct_users_memory_plateaus_and_counter_records_are_reused(wasm, mock, start_envoy):
    env = start_envoy({**MEMORY_CONFIG, "hold_request_headers": True}, hold_headers=True,
                      upstream_port=mock, component_log_level="wasm:warning")
    cold = snapshot(env)
    # Warm up: connections, both workers' VMs, the o200k encoding in each VM.
    st, codes, _ = run_load(env.port, range(TOTAL, TOTAL + 2000), THREADS)
    assert st[200] == 2000, (st, codes)
    mock.clear()
    time.sleep(2.5)  # the warm-up users' windows end
    before = snapshot(env)

    quarter = TOTAL // 4
    snaps, statuses, codes, elapsed, refused = [before], Counter(), Counter(), 0.0, []
    for q in range(4):
        st, cd, t = run_load(env.port, range(q * quarter, (q + 1) * quarter), THREADS)
        snaps.append(snapshot(env))
        mock.clear()  # the mock's request log is not what is measured, but keep it small
        statuses, codes, elapsed = statuses + st, codes + cd, elapsed + t
        refused.append(st[503])
    mid, end = snaps[2], snaps[4]

    stats = env.stats()
    bound = ledger_max_bytes(SLOTS)
    rate = TOTAL / elapsed
    groups = -(-SLOTS // RECORDS_PER_GROUP)
    expected_full = expected_overflow(2 * rate, groups, elapsed / 2)
    print(f"\n[memory] {TOTAL} requests, {TOTAL} distinct users, {THREADS} keep-alive connections, "
          f"2 workers: {elapsed:.1f} s ({rate:.0f} requests/s)")
    print(f"[memory] statuses {dict(statuses)}, error codes {dict(codes)}, counters_full metric "
          f"{stats.get('wasmcustom.tollgate_counters_full')} (about {expected_full:.1f} expected from "
          f"~{2 * rate:.0f} live keys per 2 s window in {groups} groups of {RECORDS_PER_GROUP})")
    print(f"[memory] ledger bound (slots {SLOTS}): {bound} bytes ({bound / MiB:.2f} MiB)")
    for name, s in (("cold", cold), ("after warm-up", before), ("at 25k", snaps[1]), ("at 50k", mid),
                    ("at 75k", snaps[3]), ("at 100k", end)):
        print(f"[memory] {name:>13}: {fmt(s)}")
    print(f"[memory] growth warm-up -> 100k: allocated {(end['allocated'] - before['allocated']) / MiB:+.2f} MiB, "
          f"rss {(end['rss'] - before['rss']) / MiB:+.2f} MiB; 50k -> 100k: allocated "
          f"{(end['allocated'] - mid['allocated']) / MiB:+.2f} MiB, rss {(end['rss'] - mid['rss']) / MiB:+.2f} MiB")

    # Requests were admitted: 100k distinct users in a table of 16384 records means the
    # records of ended windows were reused. The only refusals allowed are the chance
    # overflows of a group of 8, never a table filling up (which would refuse most of the
    # later users). Chance overflows grow with the request rate (more keys live in one
    # window): ~0.01 % at 1 000 requests/s, ~0.1-0.15 % at 2 600-2 900 (1.2-1.7x the
    # Poisson model, whose rate is the run's mean), so the bound is the model's, not a
    # fixed share.
    print(f"[memory] refused per quarter: {refused}")
    assert set(codes) <= {"counters_full"}, codes
    assert statuses[200] + statuses[503] == TOTAL, statuses
    assert stats["wasmcustom.tollgate_counters_full"] == statuses[503]
    assert statuses[503] <= max(10, 5 * expected_full), (statuses, expected_full)
    assert stats["wasmcustom.tollgate_reservations_settled"] == statuses[200] + 2000
    assert stats["wasmcustom.tollgate_store_errors"] == 0
    # Late refusals would mean a filling table: the last quarter is as clean as the first.
    assert refused[3] <= max(10, 3 * refused[0], 1.5 * expected_full), (refused, expected_full)

    # Memory. Envoy's heap holds the ledger (at most `bound` bytes of values + keys, x2 for
    # the hash map's per-entry overhead) and, measured separately, ~10 MiB that the wasm
    # request path adds over its first 100k requests whatever the config (also with no
    # budget at all, so not the ledger; without the wasm filter Envoy grows < 0.2 MiB),
    # growing less and less. Allow 16 MiB for that and Envoy itself.
    heap_bound = 2 * bound + 16 * MiB
    assert end["allocated"] - before["allocated"] <= heap_bound, (before, end, heap_bound)
    # The process (heap + V8's wasm linear memories): the same, plus 8 MiB for the worker
    # VMs' wasm heaps.
    assert end["rss"] - before["rss"] <= heap_bound + 8 * MiB, (before, end)
    # It plateaus: the second 50k distinct users add little (a leak of 80 bytes per
    # request would be 4 MiB), and each quarter adds less than the first did.
    assert end["allocated"] - mid["allocated"] <= 4 * MiB, (mid, end)
    assert end["rss"] - mid["rss"] <= 6 * MiB, (mid, end)
    first_q = snaps[1]["allocated"] - snaps[0]["allocated"]
    last_q = snaps[4]["allocated"] - snaps[3]["allocated"]
    assert last_q <= max(first_q / 2, 256 * 1024), [s["allocated"] for s in snaps]


def test_a_full_table_refuses_new_keys_until_a_window_ends_then_reuses_records(wasm, mock, start_envoy):
    """The negative control of the 100k run: a table of 8 records (one group) takes 8
    users in a window; the 9th gets `counters_full`; once the window has ended the same
    records take 8 new users."""
    cfg = {**MEMORY_CONFIG, "counters": {"slots": 8}, "hold_request_headers": True}
    env = start_envoy(cfg, hold_headers=True, upstream_port=mock)
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 1}
    h = {"x-mock-input-tokens": "3", "x-mock-output-tokens": "1"}
    # Start just after a window boundary (2 s windows are aligned on unix time).
    while time.time() % 2 > 0.2:
        time.sleep(0.02)
    window = int(time.time()) // 2
    first = [env.post(CHAT, body, headers={**h, "x-user-id": f"a-{i}"}) for i in range(9)]
    assert int(time.time()) // 2 == window, "too slow: the window ended during the test"
    assert [r.status for r in first[:8]] == [200] * 8, [r.text for r in first[:8]]
    assert first[8].status == 503, first[8].text
    assert first[8].json()["error"]["code"] == "counters_full"
    assert env.stats()["wasmcustom.tollgate_counters_full"] == 1
    time.sleep(2.2)
    again = [env.post(CHAT, body, headers={**h, "x-user-id": f"b-{i}"}) for i in range(8)]
    assert [r.status for r in again] == [200] * 8, [r.text for r in again]
    assert env.stats()["wasmcustom.tollgate_counters_full"] == 1


ORDERS = [pytest.param(("gpt-4o", "gpt-4"), id="o200k-first"), pytest.param(("gpt-4", "gpt-4o"), id="cl100k-first")]
ENCODING = {"gpt-4o": "o200k_base", "gpt-4": "cl100k_base"}


@pytest.mark.parametrize("order", ORDERS)
def test_each_vm_loads_its_own_encoding_on_first_use(wasm, mock, start_envoy, order):
    """One worker (so the requests hit one VM): RSS after a request that loads no encoding,
    then after the first request of each encoding, then after both again."""
    env = start_envoy({"default_max_output_tokens": 16, "hold_request_headers": True}, hold_headers=True,
                      upstream_port=mock, concurrency=1)
    assert env.stats()["wasm.wasm_vm_count"] == 3  # base + main + 1 worker
    h = {"x-mock-input-tokens": "3", "x-mock-output-tokens": "1"}

    def settle():
        time.sleep(0.3)
        return snapshot(env)

    def ask(model):
        r = env.post(CHAT, {"model": model, "messages": [{"role": "user", "content": "hello"}],
                            "max_tokens": 1}, headers=h)
        assert r.status == 200, r.text
        assert r.header("x-tollgate-model") == model
        return settle()

    s_start = snapshot(env)
    # A first request the filter rejects before counting: the worker's first-request costs
    # (connection, stream, filter context) without any encoding.
    r = env.post("/v1/batches", {"input_file_id": "f"})
    assert r.status == 404 and r.json()["error"]["code"] == "unknown_endpoint"
    s0 = settle()
    first, second = order
    s1 = ask(first)
    s2 = ask(second)
    ask(first)
    s4 = ask(second)
    d1, d2, again = s1["rss"] - s0["rss"], s2["rss"] - s1["rss"], s4["rss"] - s2["rss"]
    print(f"\n[vm-memory] 1 worker VM. start: {fmt(s_start)}; after a request without encoding: {fmt(s0)}")
    print(f"[vm-memory] after {first} ({ENCODING[first]}) first: {fmt(s1)}  (rss {d1 / MiB:+.1f} MiB, "
          f"allocated {(s1['allocated'] - s0['allocated']) / MiB:+.2f} MiB)")
    print(f"[vm-memory] after {second} ({ENCODING[second]}) second: {fmt(s2)}  (rss {d2 / MiB:+.1f} MiB, "
          f"allocated {(s2['allocated'] - s1['allocated']) / MiB:+.2f} MiB)")
    print(f"[vm-memory] after both again: {fmt(s4)}  (rss {again / MiB:+.1f} MiB)")
    # The first use of an encoding builds its lookup table from the pool in the data section:
    # 2 MiB (o200k_base) or 1 MiB (cl100k_base): measured o200k_base +2.0–2.3 MiB, cl100k_base
    # +1.0–1.3 MiB, first or second (tiktoken-rs's parsed tables cost
    # +23.5 MiB for o200k_base and +9.6 MiB for cl100k_base here)...
    assert d1 < 3 * MiB, (s0, s1)
    assert d2 < 3 * MiB, (s1, s2)
    assert s2["allocated"] - s0["allocated"] < 1 * MiB, (s0, s2)
    # ...and using them again costs nothing either.
    assert again < 1 * MiB, (s2, s4)


def test_every_worker_vm_holds_its_own_copy(wasm, mock, start_envoy):
    """Two workers: gpt-4o requests on fresh connections until both workers served one;
    each VM's first o200k_base request grows the process by its own lookup table (2 MiB)."""
    env = start_envoy({"default_max_output_tokens": 16, "hold_request_headers": True}, hold_headers=True,
                      upstream_port=mock, concurrency=2)
    h = {"x-mock-input-tokens": "3", "x-mock-output-tokens": "1"}

    def connections_per_worker():
        return {k: v for k, v in env.stats().items()
                if k.startswith("listener.") and ".worker_" in k and k.endswith("downstream_cx_total")}

    for _ in range(40):  # first-request costs on both workers, without any encoding
        env.post("/v1/batches", {"input_file_id": "f"})
        if len([v for v in connections_per_worker().values() if v]) == 2:
            break
    assert len([v for v in connections_per_worker().values() if v]) == 2, connections_per_worker()
    time.sleep(0.3)
    s0 = snapshot(env)
    served: set[str] = set()
    one_worker = None
    for _ in range(40):  # each request on a fresh connection: Envoy picks a worker
        before = connections_per_worker()
        r = env.post(CHAT, {"model": "gpt-4o", "messages": [{"role": "user", "content": "hello"}],
                            "max_tokens": 1}, headers=h)
        assert r.status == 200, r.text
        after = connections_per_worker()
        served |= {k for k in after if after[k] > before.get(k, 0)}
        if one_worker is None:
            time.sleep(0.3)
            one_worker = snapshot(env)
        if len(served) == 2:
            break
    assert len(served) == 2, served
    time.sleep(0.3)
    s2 = snapshot(env)
    d1, d2 = one_worker["rss"] - s0["rss"], s2["rss"] - s0["rss"]
    print(f"\n[vm-memory] 2 workers, o200k_base: one VM loaded rss {d1 / MiB:+.1f} MiB, both VMs loaded "
          f"rss {d2 / MiB:+.1f} MiB (allocated {(s2['allocated'] - s0['allocated']) / MiB:+.2f} MiB)")
    assert d1 < 3 * MiB, (s0, one_worker)
    assert d2 < 6 * MiB, (s0, one_worker, s2)
