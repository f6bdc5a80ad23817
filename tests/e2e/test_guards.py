"""Runaway-agent guards end to end (issue 4): the agent transcripts of
tests/fixtures/transcripts replayed through the real Envoy with the built filter, in front of
the mock LLM, with the guard configuration the core replay uses (tests/transcripts.rs); plus
derived sessions, the iteration cap, the context limits and the operator API (breaker reset,
counter read-out).

The guard configuration is read from tests/fixtures/guards/replay_config.json (one copy for
the core replay and this one). It cannot live next to the transcripts: the core replay and
scripts/gen_transcripts.py --check read every *.json there as a transcript.

The clock. Envoy runs on real time, so a transcript's `at_seconds` cannot be replayed. Only
`expensive_burst` depends on time: its breaker judges a request against a baseline of
*earlier minutes* (the baseline ends where the recent window starts), and with the replay
breaker's defaults (window 900 s, baseline 3600 s) a request is judged only against spend at
least 15 minutes old. The smallest windows allowed (guards/mod.rs: 60 <= window_seconds <
baseline_seconds) are used instead: window 60 s, baseline 600 s. The 40 baseline turns are sent
at once, the test waits for the next minute to start (at most a minute, once for both hosting
modes), then the burst follows: the same requests, the same reported usage, judged against
the same 10x multiple over at least 20 baseline requests. What this cannot reproduce is the
spend-*rate* trip over 15 minutes at the transcript's pace (3x over the baseline per minute);
the burst is caught by the single-request trip, in the core and here.

Run: .venv/bin/pytest tests/e2e/test_guards.py -s   (-s prints the results table).
"""

from __future__ import annotations

import copy
import json
import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import harness

REPO = Path(__file__).resolve().parents[2]
TRANSCRIPTS = REPO / "tests" / "fixtures" / "transcripts"
REPLAY_CONFIG = json.loads((REPO / "tests" / "fixtures" / "guards" / "replay_config.json").read_text())
CHAT = "/v1/chat/completions"
MODES = [pytest.param(True, id="holding"), pytest.param(False, id="istio")]
ADMIN_TOKEN = "tollgate-e2e-admin-token-0123456789"

# What the core replay (`cargo test --test transcripts -- --nocapture`) reports with the same
# configuration: the turn and the code of the first rejection. Envoy must agree exactly.
CORE = {
    "sql_fix_loop": (7, "progress_stalled"),
    "tool_cycle_abab": (7, "loop_detected"),
    "research_spiral": (11, "progress_stalled"),
    "expensive_burst": (41, "circuit_open"),
}
# The detector named in `error.tollgate.detector` (or the breaker's trigger) per transcript.
DETECTOR = {
    "sql_fix_loop": "repeated_failure",
    "tool_cycle_abab": "tool_cycle",
    "research_spiral": "context_growth_without_progress",
}


def load(name: str) -> dict:
    return json.loads((TRANSCRIPTS / f"{name}.json").read_text())


def all_transcripts() -> list[str]:
    return sorted(p.stem for p in TRANSCRIPTS.glob("*.json"))


def plugin_config(hold: bool, **more) -> dict:
    cfg = copy.deepcopy(REPLAY_CONFIG)
    cfg.update(more)
    cfg["hold_request_headers"] = hold
    return cfg


def mode_name(hold: bool) -> str:
    return "holding" if hold else "istio"


def usage_headers(inp: int, out: int) -> dict:
    return {"x-mock-input-tokens": str(inp), "x-mock-output-tokens": str(out)}


def warnings_of(r: harness.Response) -> list[str]:
    return r.headers.get_all("x-tollgate-warning") or []


# --------------------------------------------------------------------------------------
# Replaying a transcript


@dataclass
class Replay:
    doc: dict
    sent: int = 0  # turns sent so far
    caught: tuple[int, harness.Response] | None = None
    warnings: list[tuple[int, str]] = field(default_factory=list)
    sessions: list[str | None] = field(default_factory=list)  # x-tollgate-session per turn
    request_headers: list[dict] = field(default_factory=list)
    elapsed: list[float] = field(default_factory=list)
    body_bytes: list[int] = field(default_factory=list)
    override: dict = field(default_factory=dict)  # headers on top of the transcript's

    @property
    def name(self) -> str:
        return self.doc["name"]

    @property
    def turns(self) -> list[dict]:
        return self.doc["turns"]

    def headers_for(self, turn: dict) -> dict:
        h: dict[str, str] = {}
        for source in (self.doc.get("headers") or {}, turn.get("headers") or {}):
            h.update({k.lower(): str(v) for k, v in source.items()})
        h.update(self.override)
        return h

    def run(self, env: harness.Envoy, until: int | None = None) -> "Replay":
        """Send turns sent+1..until (all by default), stopping at the first rejection."""
        last = len(self.turns) if until is None else until
        while self.caught is None and self.sent < last:
            n = self.sent + 1
            turn = self.turns[n - 1]
            h = self.headers_for(turn)
            u = turn["response_usage"]
            body = json.dumps(turn["request"]).encode()
            r = env.post(CHAT, body, headers={"content-type": "application/json", **h,
                                              **usage_headers(u["prompt_tokens"], u["completion_tokens"])})
            self.sent = n
            self.request_headers.append(h)
            self.elapsed.append(r.elapsed)
            self.body_bytes.append(len(body))
            self.sessions.append(r.header("x-tollgate-session"))
            if r.status == 200:
                self.warnings.extend((n, w) for w in warnings_of(r))
            elif r.status in (400, 429):
                self.caught = (n, r)
            else:
                raise AssertionError(f"{self.name} turn {n}: unexpected {r.status} {r.text[:500]}\n"
                                     f"{env.log_tail(40)}")
        return self

    @property
    def result(self) -> str:
        if self.caught is None:
            return "passed"
        n, r = self.caught
        return f"caught at {n}: {code_of(r)}"


def code_of(r: harness.Response) -> str:
    try:
        return r.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return f"? ({r.status})"


def expected_text(doc: dict) -> str:
    e = doc["expected"]
    if e["outcome"] == "pass":
        return "pass"
    return f"{e['reason']} in {e['not_before_turn']}..{e['caught_by_turn']}"


def judge(rep: Replay) -> list[str]:
    """The core replay's scoring (tests/transcripts.rs), plus: the same turn as the core."""
    doc, e, failures = rep.doc, rep.doc["expected"], []
    noisy = [(n, w) for n, w in rep.warnings if "context grew" not in w]
    if e["outcome"] == "pass":
        if rep.caught:
            failures.append(f"{rep.name}: false positive: {rep.result}: {rep.caught[1].text[:400]}")
        if noisy:
            failures.append(f"{rep.name}: healthy session warned: {noisy}")
        if rep.sent != len(rep.turns):
            failures.append(f"{rep.name}: only {rep.sent} of {len(rep.turns)} turns sent")
        return failures
    if rep.caught is None:
        return [f"{rep.name}: missed (expected {e['reason']} by turn {e['caught_by_turn']})"]
    n, r = rep.caught
    code = code_of(r)
    allowed = [e["reason"], *e.get("also_acceptable", [])]
    if code not in allowed:
        failures.append(f"{rep.name}: caught by {code}, expected one of {allowed}")
    if not e["not_before_turn"] <= n <= e["caught_by_turn"]:
        failures.append(f"{rep.name}: caught at {n}, expected {e['not_before_turn']}..{e['caught_by_turn']}")
    if (n, code) != CORE[rep.name]:
        failures.append(f"{rep.name}: caught at {n} by {code}; the core replay catches it at {CORE[rep.name]}")
    if noisy:
        failures.append(f"{rep.name}: warned before it was caught: {noisy}")
    return failures


def check_termination(rep: Replay) -> None:
    """The rejection is a provider-shaped error that says why, with the evidence."""
    n, r = rep.caught
    h = rep.request_headers[n - 1]
    assert r.status == 429, r.text
    assert r.header("x-should-retry") == "false"
    assert r.header("content-type") == "application/json"
    code = code_of(r)
    assert r.header("x-tollgate-error") == code
    err = r.json()["error"]
    assert set(err) >= {"message", "type", "param", "code", "tollgate"}, err
    assert err["message"].startswith("tollgate: ")
    ev = err["tollgate"]
    session = h.get("x-session-id")
    if session:
        assert r.header("x-tollgate-session") == session
    if code in ("loop_detected", "progress_stalled"):
        assert ev["session"] == session and ev["turn"] == n, ev
        assert ev["detector"] == DETECTOR[rep.name], ev
        assert f"session `{session}`" in err["message"]
    if ev.get("detector") == "near_duplicate":
        sim = float(ev["similarity"])
        assert 0.9 <= sim <= 1.0, ev  # the 0.9 default threshold
        assert re.fullmatch(r"[01]\.\d{3}", ev["similarity"]), ev
        assert ev["repeated_turns"] >= 3, ev
        assert f"similarity {ev['similarity']}" in err["message"] and f"{ev['repeated_turns']} turns" in err["message"]
    elif ev.get("detector") == "tool_cycle":
        assert ev["period"] >= 2 and ev["repeats"] >= 2, ev
    elif ev.get("detector") == "same_tool_result":
        assert ev["repeated"] >= 3, ev
    elif ev.get("detector") == "context_growth_without_progress":
        assert ev["turns"] >= 5 and ev["input_tokens"] > 0, ev
    if code == "circuit_open":
        assert ev["breaker"] == "feature-spend" and ev["key"] == h["x-feature"], ev
        assert ev["evidence"]["trigger"] == "request_cost", ev
        assert ev["evidence"]["multiple"] == 10
        cost, base = float(ev["evidence"]["cost_usd"]), float(ev["evidence"]["baseline_average_usd"])
        assert cost > 10 * base > 0, ev
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", ev["closes_at"]), ev
        assert "circuit `feature-spend` for `report-gen` is open" in err["message"]


def check_upstream(rep: Replay, seen: list[dict]) -> None:
    """Every admitted turn reached the mock whole; no byte of a refused one did."""
    admitted = rep.caught[0] - 1 if rep.caught else rep.sent
    complete = [s for s in seen if s["body_complete"] and s["body_length"] > 0]
    assert len(complete) == admitted, (rep.name, len(complete), admitted)
    partial = [s for s in seen if not (s["body_complete"] and s["body_length"] > 0)]
    assert all(s["body_length"] == 0 for s in partial), [(s["body_length"], s["body_complete"]) for s in partial]


def print_table(mode: str, reps: list[Replay]) -> None:
    print(f"\n[{mode}] {'transcript':<34} {'turns':>5}  {'expected':<34} {'core':<30} {'through Envoy':<30} "
          f"{'warn':>4} {'p50 ms':>7} {'max ms':>7} {'max KB':>6}")
    for rep in reps:
        core = CORE.get(rep.name)
        core_text = f"caught at {core[0]}: {core[1]}" if core else "passed"
        ms = [e * 1000 for e in rep.elapsed]
        print(f"[{mode}] {rep.name:<34} {len(rep.turns):>5}  {expected_text(rep.doc):<34} {core_text:<30} "
              f"{rep.result:<30} {len(rep.warnings):>4} {statistics.median(ms):>7.1f} {max(ms):>7.1f} "
              f"{max(rep.body_bytes) / 1024:>6.1f}")


def guard_stats(env: harness.Envoy) -> dict[str, int]:
    stats = env.stats()
    names = ["loops_detected", "stalls_detected", "iteration_limits", "context_limits",
             "breaker_rejections", "guard_warnings"]
    return {n: int(stats.get(f"wasmcustom.tollgate_{n}", 0)) for n in names}


# --------------------------------------------------------------------------------------
# 1. The transcripts (all but the time-dependent burst), one Envoy per hosting mode,
#    distinct sessions


@pytest.mark.parametrize("hold", MODES)
def test_transcripts_are_caught_at_the_core_turn_and_healthy_sessions_pass(wasm, mock, start_envoy, hold):
    env = start_envoy(plugin_config(hold), hold_headers=hold, upstream_port=mock)
    reps, failures, followups = [], [], []
    for name in all_transcripts():
        if name == "expensive_burst":
            continue  # needs a clock: test_expensive_burst_trips_the_breaker
        mock.clear()
        rep = Replay(load(name)).run(env)
        reps.append(rep)
        failures += judge(rep)
        if rep.caught:
            check_termination(rep)
        if rep.caught and rep.caught[0] < len(rep.turns):
            # Stopped for good: the session's next turn is refused too.
            nxt = Replay(rep.doc, sent=rep.caught[0]).run(env, until=rep.caught[0] + 1)
            assert nxt.caught and nxt.caught[0] == rep.caught[0] + 1, (rep.name, nxt.result)
            followups.append(code_of(nxt.caught[1]))
        check_upstream(rep, mock.requests())
        # Given sessions are echoed on every admitted turn.
        for n, (h, sid) in enumerate(zip(rep.request_headers, rep.sessions), 1):
            if "x-session-id" in h:
                assert sid == h["x-session-id"], (rep.name, n, sid)
            else:
                assert sid and re.fullmatch(r"derived-[0-9a-f]{16}; derived", sid), (rep.name, n, sid)
    print_table(mode_name(hold), reps)
    assert not failures, "\n".join(failures)
    # Metrics: one per termination (the refused follow-up turns included), warnings as seen.
    stats = guard_stats(env)
    codes = [code_of(r.caught[1]) for r in reps if r.caught] + followups
    assert stats["loops_detected"] == codes.count("loop_detected"), (stats, codes)
    assert stats["stalls_detected"] == codes.count("progress_stalled"), (stats, codes)
    assert stats["guard_warnings"] == sum(len(r.warnings) for r in reps), stats
    assert stats["iteration_limits"] == stats["breaker_rejections"] == stats["context_limits"] == 0, stats


# --------------------------------------------------------------------------------------
# expensive_burst: both hosting modes at once, one wait for a new minute


def burst_config(hold: bool) -> dict:
    cfg = plugin_config(hold, admin={"bearer_token": ADMIN_TOKEN})
    (breaker,) = cfg["breakers"]
    breaker.update({"window_seconds": 60, "baseline_seconds": 600})  # the smallest allowed
    return cfg


@pytest.fixture(scope="module")
def burst(wasm, tmp_path_factory):
    doc = load("expensive_burst")
    baseline = doc["expected"]["not_before_turn"] - 1  # turns 1..40: the cheap baseline
    runs = {}
    started = []
    try:
        for hold in (True, False):
            wd = tmp_path_factory.mktemp(f"burst-{mode_name(hold)}")
            mock = harness.start_mock(workdir=wd)
            started.append(mock)
            env = harness.start_envoy(burst_config(hold), hold, mock.port, workdir=wd, wasm=wasm)
            started.append(env)
            runs[hold] = {"env": env, "mock": mock, "rep": Replay(doc)}
        t0 = time.time()
        for run in runs.values():
            run["rep"].run(run["env"], until=baseline)
        t1 = time.time()
        # The breaker's baseline ends where the recent window (this minute) starts.
        wait = (int(t1 // 60) + 1) * 60 + 1.5 - time.time()
        time.sleep(max(0.0, wait))
        for run in runs.values():
            run["rep"].run(run["env"])
            run["stats"] = guard_stats(run["env"])
            run["seen"] = run["mock"].requests()
        for run in runs.values():
            run["timing"] = {"baseline_seconds": t1 - t0, "waited_seconds": max(0.0, wait)}
        yield runs
    finally:
        for p in reversed(started):
            p.stop()


@pytest.mark.parametrize("hold", MODES)
def test_expensive_burst_trips_the_breaker(burst, hold):
    run = burst[hold]
    rep = run["rep"]
    print_table(mode_name(hold), [rep])
    print(f"[{mode_name(hold)}] baseline of 40 sent in {run['timing']['baseline_seconds']:.2f} s, "
          f"then waited {run['timing']['waited_seconds']:.1f} s for the next minute")
    failures = judge(rep)
    assert not failures, "\n".join(failures)
    check_termination(rep)
    n, r = rep.caught
    # Each burst turn is its own session: the refusal names it.
    assert r.header("x-tollgate-session") == rep.request_headers[n - 1]["x-session-id"]
    check_upstream(rep, run["seen"])
    assert run["stats"]["breaker_rejections"] == 1, run["stats"]
    assert run["stats"]["loops_detected"] == run["stats"]["stalls_detected"] == 0, run["stats"]


# --------------------------------------------------------------------------------------
# 5a. Operator reset of a tripped breaker (the one the burst opened)


def admin(env, method, path, token=ADMIN_TOKEN):
    headers = {} if token is None else {"authorization": f"Bearer {token}"}
    return env.request(method, path, headers=headers)


@pytest.mark.parametrize("hold", MODES)
def test_breaker_operator_reset(burst, hold):
    run = burst[hold]
    env, mock, rep = run["env"], run["mock"], run["rep"]
    assert rep.caught, "the burst did not trip the breaker"
    n = rep.caught[0]
    burst_turn = Replay(rep.doc, sent=n)  # the next burst turn: refused, the circuit is open
    burst_turn.run(env, until=n + 1)
    assert burst_turn.caught, burst_turn.result
    r = burst_turn.caught[1]
    assert r.status == 429 and code_of(r) == "circuit_open" and r.header("x-should-retry") == "false"
    assert r.json()["error"]["tollgate"]["evidence"] == {"opened_for": "request_cost"}
    # A cheap request is refused as well while open (fresh sessions: a request resent in one
    # session would be a near-duplicate loop, which is judged before the breakers).
    probes = iter(range(1000))

    def probe(turn: int) -> Replay:
        return Replay(rep.doc, sent=turn - 1, override={"x-session-id": f"probe-{next(probes)}"}).run(env, until=turn)

    cheap = probe(1)
    assert cheap.caught and code_of(cheap.caught[1]) == "circuit_open"

    mock.clear()
    reset = "/tollgate/breakers/reset?breaker=feature-spend&key=report-gen"
    # None of these reach the upstream either (checked below).
    for token in (None, "wrong-token-wrong-token-wrong", ADMIN_TOKEN + "x"):
        r = admin(env, "POST", reset, token)
        assert r.status == 401, (token, r.status, r.text)
        assert "bearer token" in r.json()["error"]["message"]
    r = env.request("POST", reset, headers={"authorization": ADMIN_TOKEN})  # no "Bearer "
    assert r.status == 401
    r = admin(env, "POST", "/tollgate/breakers/reset?breaker=no-such-breaker&key=report-gen")
    assert r.status == 404, r.text
    r = admin(env, "POST", "/tollgate/breakers/reset?key=report-gen")
    assert r.status == 400, r.text
    r = admin(env, "GET", "/tollgate/nothing-here")
    assert r.status == 404, r.text
    assert not [s for s in mock.requests() if s["path"].startswith("/tollgate")], mock.requests()
    # Still open after the refused attempts.
    again = probe(1)
    assert again.caught and code_of(again.caught[1]) == "circuit_open"
    # (In Istio mode a refused request's headers may have reached the upstream, never a body.)
    assert all(s["body_length"] == 0 for s in mock.requests()), mock.requests()

    mock.clear()
    r = admin(env, "POST", reset)
    assert r.status == 200, r.text
    assert r.json() == {"breaker": "feature-spend", "key": ["report-gen"], "state": "closed"}
    assert r.header("content-type") == "application/json"
    # Admin requests never reach the upstream.
    assert mock.requests() == []

    # Closed: a baseline-sized request passes again...
    ok = probe(2)
    assert ok.caught is None and ok.sent == 2, ok.result
    # ... and the baseline survived the reset: the expensive request trips it anew.
    trip = probe(n + 1)
    assert trip.caught, trip.result
    ev = trip.caught[1].json()["error"]["tollgate"]["evidence"]
    assert ev["trigger"] == "request_cost", ev


# --------------------------------------------------------------------------------------
# 5b. Counter read-out


@pytest.mark.parametrize("hold", MODES)
def test_admin_counters(wasm, mock, start_envoy, hold):
    cfg = {"hold_request_headers": hold, "admin": {"bearer_token": ADMIN_TOKEN},
           "budgets": [{"name": "team-day", "scope": [{"header": "x-team"}], "window": "day",
                        "limit": {"tokens": 100000}, "kind": "hard"},
                       {"name": "team-usd", "scope": [{"header": "x-team"}], "window": "day",
                        "limit": {"usd": "5"}, "kind": "hard"}]}
    env = start_envoy(cfg, hold_headers=hold, upstream_port=mock)
    for _ in range(2):
        r = env.post(CHAT, {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 50},
                     headers={"x-team": "blue", **usage_headers(30, 40)})
        assert r.status == 200, r.text
    mock.clear()
    r = admin(env, "GET", "/tollgate/counters?budget=team-day&key=blue")
    assert r.status == 200, r.text
    body = r.json()
    assert body["budget"] == "team-day" and body["key"] == ["blue"] and body["unit"] == "tokens"
    assert body["limit"] == 100000 and body["used"] == 140 and body["reserved"] == 0
    assert body["remaining"] == 100000 - 140
    assert body["resets_at"].endswith("T00:00:00Z") and body["now"].endswith("Z")
    assert r.header("cache-control") == "no-store"
    r = admin(env, "GET", "/tollgate/counters?budget=team-usd&key=blue")
    body = r.json()
    assert r.status == 200 and body["unit"] == "usd" and body["limit"] == "5"
    # 2 x (30 x $2.50 + 40 x $10.00) / 1M
    assert float(body["used"]) == pytest.approx(2 * (30 * 2.5 + 40 * 10.0) / 1e6), body
    r = admin(env, "GET", "/tollgate/counters?budget=team-day&key=green")  # never seen: zero
    assert r.status == 200 and r.json()["used"] == 0
    assert admin(env, "GET", "/tollgate/counters?budget=nope&key=blue").status == 404
    assert admin(env, "GET", "/tollgate/counters?key=blue").status == 400
    assert admin(env, "GET", "/tollgate/counters?budget=team-day&key=blue", None).status == 401
    assert admin(env, "GET", "/tollgate/counters?budget=team-day&key=blue", "x" * 40).status == 401
    # No breakers configured: a reset names nothing.
    assert admin(env, "POST", "/tollgate/breakers/reset?breaker=b&key=blue").status == 404
    assert mock.requests() == []  # the admin API never reaches the upstream


# --------------------------------------------------------------------------------------
# 2. Derived sessions


def convo(system: str, user: str, *more: dict) -> dict:
    msgs = [{"role": "system", "content": system}, {"role": "user", "content": user}, *more]
    return {"model": "gpt-4o-mini", "messages": msgs, "max_tokens": 50}


def test_derived_sessions(wasm, mock, start_envoy):
    env = start_envoy(plugin_config(False), hold_headers=False, upstream_port=mock)

    def session_of(body, headers=None):
        r = env.post(CHAT, body, headers=headers or {})
        assert r.status == 200, r.text
        return r.header("x-tollgate-session")

    s1, s2 = "You are a release-notes writer.", "You are a SQL reviewer."
    u1, u2 = "Summarize PR #812: retries for the uploader.", "Summarize PR #813: new cache keys."
    a = session_of(convo(s1, u1))
    assert re.fullmatch(r"derived-[0-9a-f]{16}; derived", a), a
    # Same system prompt + first user message: the same session, also later in the conversation.
    assert session_of(convo(s1, u1)) == a
    later = convo(s1, u1, {"role": "assistant", "content": "Draft: retries added."},
                  {"role": "user", "content": "Shorter please."})
    assert session_of(later) == a
    # A different first user message, or a different system prompt: another session.
    b, c = session_of(convo(s1, u2)), session_of(convo(s2, u1))
    assert len({a, b, c}) == 3, (a, b, c)
    # derive_scope is the user: the same conversation of another user is another session.
    ua = session_of(convo(s1, u1), {"x-user-id": "u-1"})
    assert ua != a and ua.endswith("; derived")
    assert session_of(convo(s1, u1), {"x-user-id": "u-1"}) == ua
    assert session_of(convo(s1, u1), {"x-user-id": "u-2"}) != ua
    # A given session id wins and is not marked derived.
    assert session_of(convo(s1, u1), {"x-session-id": "sess-given-1"}) == "sess-given-1"

    # The batch sent without any header: one derived session per review; turns 7 and 22 carry
    # the same review, so they share one (2 identical requests, below K=3: not a loop).
    rep = Replay(load("batch_similar_requests_nosession")).run(env)
    assert rep.caught is None and not rep.warnings, (rep.result, rep.warnings)
    assert all(re.fullmatch(r"derived-[0-9a-f]{16}; derived", s) for s in rep.sessions), rep.sessions
    assert rep.sessions[6] == rep.sessions[21]
    assert len(set(rep.sessions)) == 29, len(set(rep.sessions))
    # Derived sessions are guarded like given ones: the same request 3 times is a loop.
    body = convo("You are a poller.", "Check job 77 status.")
    for i in range(1, 4):
        r = env.post(CHAT, body)
        if i < 3:
            assert r.status == 200, r.text
    assert r.status == 429 and code_of(r) == "loop_detected", r.text
    sid = r.header("x-tollgate-session")
    assert sid.endswith("; derived") and r.json()["error"]["tollgate"]["session"] == sid.removesuffix("; derived")


# --------------------------------------------------------------------------------------
# 3. Iteration cap


@pytest.mark.parametrize("hold", MODES)
def test_iteration_cap(wasm, mock, start_envoy, hold):
    cfg = {"hold_request_headers": hold, "sessions": {}, "loops": {"iterations": {"soft": 3, "hard": 5}}}
    env = start_envoy(cfg, hold_headers=hold, upstream_port=mock)
    h = {"x-session-id": "iter-1", **usage_headers(20, 10)}

    def call(i, headers=h):
        return env.post(CHAT, {"model": "gpt-4o-mini", "max_tokens": 20,
                               "messages": [{"role": "user", "content": f"step {i}: list the files in dir{i}/"}]},
                        headers=headers)

    for i in range(1, 4):
        r = call(i)
        assert r.status == 200 and warnings_of(r) == [], (i, r.status, warnings_of(r))
        assert r.header("x-tollgate-session") == "iter-1"
    for i in (4, 5):
        r = call(i)
        assert r.status == 200, r.text
        w = warnings_of(r)
        assert w == [f"session iter-1: call {i} is over the soft iteration limit 3"], w
    mock.clear()
    r = call(6)
    assert r.status == 429, r.text
    assert r.header("x-should-retry") == "false" and r.header("x-tollgate-session") == "iter-1"
    err = r.json()["error"]
    assert err["code"] == "iteration_limit"
    assert err["tollgate"] == {"session": "iter-1", "turn": 6, "limit": 5}, err
    assert "call 6 of at most 5" in err["message"]
    r = call(7)
    assert r.status == 429 and code_of(r) == "iteration_limit"
    assert all(s["body_length"] == 0 for s in mock.requests())
    # Another session is not affected.
    r = call(1, {"x-session-id": "iter-2"})
    assert r.status == 200 and warnings_of(r) == []
    stats = guard_stats(env)
    assert stats["iteration_limits"] == 2 and stats["guard_warnings"] == 2, stats


# --------------------------------------------------------------------------------------
# 3b. Shadow mode (issue 13): a hard loop guard in shadow reports what it would have done
#     and the request reaches the upstream unchanged.


@pytest.mark.parametrize("hold", MODES)
def test_shadow_mode_reports_and_changes_nothing(wasm, mock, start_envoy, hold):
    cfg = {"hold_request_headers": hold, "sessions": {},
           "loops": {"mode": "shadow", "near_duplicate": {"kind": "hard"}}}
    env = start_envoy(cfg, hold_headers=hold, upstream_port=mock)
    body = {"model": "gpt-4o-mini", "max_tokens": 20,
            "messages": [{"role": "system", "content": "You are a job watcher."},
                         {"role": "user", "content": "Is job 77 finished? Answer yes or no."}]}
    h = {"x-session-id": "shadow-1", **usage_headers(20, 10)}
    mock.clear()
    for i in range(1, 6):
        r = env.post(CHAT, body, headers=h)
        assert r.status == 200, (i, r.text)
        assert warnings_of(r) == [], (i, warnings_of(r))
        shadow = r.headers.get_all("x-tollgate-shadow") or []
        if i < 3:
            assert shadow == [], (i, shadow)
        else:
            assert len(shadow) == 1 and shadow[0].startswith("would stop: loop_detected (near_duplicate)"), (i, shadow)
            assert "turns in a row are near-identical" in shadow[0], shadow
    # The upstream saw every turn, each byte for byte as the client sent it.
    reqs = mock.requests()
    assert len(reqs) == 5, len(reqs)
    assert len({q["body_text"] for q in reqs}) == 1, [q["body_text"] for q in reqs]
    assert json.loads(reqs[0]["body_text"]) == body
    stats = guard_stats(env)
    assert stats["loops_detected"] == 0 and stats["guard_warnings"] == 0, stats
    # One shadow event per flagged turn (turns 3, 4 and 5).
    lines = [ln for ln in env.prometheus().splitlines()
             if "tollgate_guard_shadow" in ln and not ln.startswith("#") and "loop_detected" in ln]
    assert sum(float(ln.split()[-1]) for ln in lines) == 3, lines


# --------------------------------------------------------------------------------------
# 4. Context limits


def words(n: int) -> str:
    """~n tokens (" hello" is one token in cl100k and o200k)."""
    return "hello" + " hello" * (n - 1)


@pytest.mark.parametrize("hold", MODES)
def test_context_limits(wasm, mock, start_envoy, hold):
    cfg = {"hold_request_headers": hold, "sessions": {}, "context": {"max_input_tokens": 2000}}
    env = start_envoy(cfg, hold_headers=hold, upstream_port=mock)
    window = 8192  # gpt-4 in data/prices.json

    # Input + max_tokens over the window: refused before the upstream sees the body.
    mock.clear()
    big = {"model": "gpt-4", "max_tokens": 100, "messages": [{"role": "user", "content": words(9000)}]}
    r = env.post(CHAT, big)
    assert r.status == 400, r.text
    assert r.header("x-should-retry") == "false" and r.header("x-tollgate-error") == "context_limit"
    err = r.json()["error"]
    assert err["code"] == "context_limit" and err["type"] == "invalid_request_error", err
    ev = err["tollgate"]
    assert ev["context_window"] == window and ev["output_cap"] == 100 and ev["model"] == "gpt-4", ev
    assert 9000 <= ev["input_tokens"] <= 9020, ev
    assert f"more than the {window} tokens of gpt-4's context window" in err["message"]
    assert all(s["body_length"] == 0 for s in mock.requests()), [s["body_length"] for s in mock.requests()]

    # The client's own cap pushes it over: refused (the filter never lowers a client's cap).
    mid = {"model": "gpt-4", "max_tokens": 4096, "messages": [{"role": "user", "content": words(5000)}]}
    r = env.post(CHAT, mid)
    assert r.status == 400 and code_of(r) == "context_limit", r.text

    # Only the filter's default cap (4096 for gpt-4) pushes it over: the cap shrinks to fit.
    mock.clear()
    mid.pop("max_tokens")
    r = env.post(CHAT, mid, headers=usage_headers(5000, 10))
    assert r.status == 200, r.text
    inp = int(r.header("x-tollgate-input-tokens"))
    assert inp + 4096 > window
    sent = json.loads(mock.last_request()["body_text"])
    assert sent["max_completion_tokens"] == window - inp, (sent["max_completion_tokens"], inp)
    assert "max_tokens" not in sent
    reserved = int(r.header("x-tollgate-reserved-tokens"))
    assert 0 <= reserved - window <= -(-inp // 10), (reserved, inp)  # the shrunk cap + the input's margin

    # No room left even for the minimum output: refused.
    full = {"model": "gpt-4", "messages": [{"role": "user", "content": words(8185)}]}
    r = env.post(CHAT, full)
    assert r.status == 400 and code_of(r) == "context_limit", r.text

    # Per-request input cap in a session (2000 tokens): refused with the session and the numbers.
    h = {"x-session-id": "ctx-1"}
    ok = env.post(CHAT, {"model": "gpt-4o", "max_tokens": 10, "messages": [{"role": "user", "content": words(1500)}]},
                  headers=h)
    assert ok.status == 200, ok.text
    mock.clear()
    r = env.post(CHAT, {"model": "gpt-4o", "max_tokens": 10, "messages": [{"role": "user", "content": words(3000)}]},
                 headers=h)
    assert r.status == 400, r.text
    assert r.header("x-tollgate-session") == "ctx-1"
    err = r.json()["error"]
    assert err["code"] == "context_limit"
    ev = err["tollgate"]
    assert ev["session"] == "ctx-1" and ev["limit"] == 2000 and 3000 <= ev["input_tokens"] <= 3020, ev
    assert ev["turn"] == 2, ev
    assert "above the cap of 2000" in err["message"]
    assert all(s["body_length"] == 0 for s in mock.requests())
    # The cap is per session: a request in no session is not held to it.
    r = env.post(CHAT, {"model": "gpt-4o", "max_tokens": 10, "messages": [{"role": "user", "content": words(3000)}]})
    assert r.status == 200, r.text
    stats = guard_stats(env)
    assert stats["context_limits"] == 4, stats


# --------------------------------------------------------------------------------------
# 5. Per-feature profiles and shadow mode beyond the session detectors (issue 13)


def poll_body() -> dict:
    return {"model": "gpt-4o-mini", "max_tokens": 20,
            "messages": [{"role": "system", "content": "You help customers."},
                         {"role": "user", "content": "Where is my order 4711? It has not arrived yet."}]}


@pytest.mark.parametrize("hold", MODES)
def test_two_features_on_one_route_get_different_patience(wasm, mock, start_envoy, hold):
    cfg = {"hold_request_headers": hold, "sessions": {},
           "loops": {"near_duplicate": {"turns": 3, "kind": "hard"},
                     "profiles": {"by": [{"header": "x-feature"}],
                                  "values": {"support-bot": {"near_duplicate": {"turns": 6}}}}}}
    env = start_envoy(cfg, hold_headers=hold, upstream_port=mock)

    def send(feature: str, session: str, turns: int) -> list[harness.Response]:
        h = {"x-session-id": session, "x-feature": feature, **usage_headers(20, 10)}
        return [env.post(CHAT, poll_body(), headers=h) for _ in range(turns)]

    # The coding agent runs with the section's own patience: stopped at its 3rd poll.
    coding = send("coding-agent", "feature-coding", 5)
    assert [r.status for r in coding[:2]] == [200, 200], [r.text for r in coding[:2]]
    assert coding[2].status == 429 and code_of(coding[2]) == "loop_detected", coding[2].text
    ev = coding[2].json()["error"]["tollgate"]
    assert ev["repeated_turns"] == 3 and "profile" not in ev, ev
    # The support bot, on the same route, the same requests: not stopped in 5 turns…
    support = send("support-bot", "feature-support", 5)
    assert [r.status for r in support] == [200] * 5, [(r.status, r.text[:200]) for r in support]
    # …and stopped at its 6th, the body naming its profile.
    sixth = send("support-bot", "feature-support", 1)[0]
    assert sixth.status == 429 and code_of(sixth) == "loop_detected", sixth.text
    ev = sixth.json()["error"]["tollgate"]
    assert ev["profile"] == "support-bot" and ev["repeated_turns"] == 6 and ev["turn"] == 6, ev
    # The metric names the profile (Envoy's stat name, `name.label=value…`).
    events = {k: v for k, v in env.stats().items() if "tollgate_guard_events" in k}
    by_profile = {p: sum(int(v) for k, v in events.items() if f".profile={p}" in k) for p in ("support-bot", "default")}
    # (The coding agent's turns 3, 4 and 5 were each refused: a stopped session stays stopped.)
    assert [r.status for r in coding[2:]] == [429] * 3
    assert by_profile == {"support-bot": 1, "default": 3}, events


def words(n: int) -> str:
    """~n tokens (" hello" is one token in cl100k and o200k)."""
    return "hello" + " hello" * (n - 1)


@pytest.mark.parametrize("hold", MODES)
def test_context_checks_in_shadow_report_and_change_nothing(wasm, mock, start_envoy, hold):
    # The global mode reaches the context checks (their own `context.mode` would override it).
    cfg = {"hold_request_headers": hold, "sessions": {}, "loops": {"mode": "shadow"},
           "context": {"max_input_tokens": 2000, "growth_alert_tokens": 1000}}
    env = start_envoy(cfg, hold_headers=hold, upstream_port=mock)
    h = {"x-session-id": "shadow-ctx", **usage_headers(100, 10)}

    def shadow_of(r):
        return r.headers.get_all("x-tollgate-shadow") or []

    small = {"model": "gpt-4o", "max_tokens": 10, "messages": [{"role": "user", "content": words(100)}]}
    r = env.post(CHAT, small, headers=h)
    assert r.status == 200 and shadow_of(r) == [], (r.status, shadow_of(r))
    # Over the input cap and a big jump in one turn: both reported, nothing done.
    mock.clear()
    big = json.dumps({"model": "gpt-4o", "max_tokens": 10,
                      "messages": [{"role": "user", "content": words(3000)}]}).encode()
    r = env.post(CHAT, big, headers=h)
    assert r.status == 200, r.text
    s = shadow_of(r)
    assert any(x.startswith("would stop: context_limit") and "above the cap of 2000" in x for x in s), s
    assert any(x.startswith("would warn: context_limit") and "context grew by" in x for x in s), s
    assert warnings_of(r) == [], warnings_of(r)
    assert mock.last_request()["body_text"].encode() == big
    # Over gpt-4's context window with the client's own cap: reported, forwarded byte for byte.
    mock.clear()
    over = json.dumps({"model": "gpt-4", "max_tokens": 4096,
                       "messages": [{"role": "user", "content": words(5000)}]}).encode()
    r = env.post(CHAT, over, headers={**usage_headers(5000, 10)})
    assert r.status == 200, r.text
    s = shadow_of(r)
    assert len(s) == 1 and s[0].startswith("would stop: context_limit (context_limit)") \
        and "tokens of gpt-4's context window" in s[0], s
    assert mock.last_request()["body_text"].encode() == over
    stats = guard_stats(env)
    assert stats["context_limits"] == 0 and stats["guard_warnings"] == 0, stats
    shadow = {k: v for k, v in env.stats().items() if "tollgate_guard_shadow" in k}
    by_would = {w: sum(int(v) for k, v in shadow.items() if f".event=context_limit.would={w}." in k)
                for w in ("stop", "warn")}
    assert by_would == {"stop": 2, "warn": 1}, shadow
