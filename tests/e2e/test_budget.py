"""Budgets end to end: the real Envoy (2 workers) with the built filter, in both hosting
modes (holding the headers, and Istio's mode without it), in front of the mock LLM."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHAT = "/v1/chat/completions"
MODES = [pytest.param(True, id="holding"), pytest.param(False, id="istio")]


def chat(text="hello there", model="gpt-4o", **extra):
    body = {"model": model, "messages": [{"role": "user", "content": text}]}
    body.update(extra)
    return body


def usage_headers(inp, out):
    return {"x-mock-input-tokens": str(inp), "x-mock-output-tokens": str(out)}


def remaining(resp):
    """The `r=` of the RateLimit header."""
    value = resp.header("ratelimit") or ""
    for part in value.split(";"):
        if part.startswith("r="):
            return int(part[2:])
    raise AssertionError(f"no remaining in ratelimit header {value!r}")


@pytest.mark.parametrize("hold", MODES)
def test_counts_match_the_tiktoken_oracle(wasm, mock, start_envoy, hold):
    fixtures = json.loads((REPO / "tests/fixtures/tokens/chat.json").read_text())["cases"]
    env = start_envoy({"default_max_output_tokens": 16, "hold_request_headers": hold}, hold_headers=hold, upstream_port=mock)
    checked = 0
    for case in fixtures[:12]:
        r = env.post(CHAT, case["request"])
        assert r.status == 200, r.text
        assert int(r.header("x-tollgate-input-tokens")) == case["cookbook_input_tokens"], case["name"]
        assert r.header("x-tollgate-input-exact") == "false"  # cookbook framing is an approximation
        checked += 1
    assert checked == 12


@pytest.mark.parametrize("hold", MODES)
def test_hard_rejection_is_an_openai_error_and_the_body_never_reaches_upstream(wasm, mock, start_envoy, hold):
    cfg = {"budgets": [{"name": "per-request", "window": "request", "limit": {"tokens": 100}, "kind": "hard"}]}
    env = start_envoy({**cfg, "hold_request_headers": hold}, hold_headers=hold, upstream_port=mock)
    mock.clear()
    secret = "do-not-forward-this-sentence"
    r = env.post(CHAT, chat(secret, max_tokens=500))
    assert r.status == 429, r.text
    err = r.json()["error"]
    assert err["code"] == "budget_exceeded"
    assert err["type"] == "insufficient_quota"
    assert err["param"] is None
    assert "budget `per-request` exceeded" in err["message"]
    details = err["tollgate"]
    assert details["rule"] == "per-request" and details["limit"] == 100 and details["unit"] == "tokens"
    assert details["requested"] == int(details["requested"]) > 100
    assert r.header("x-should-retry") == "false"
    assert r.header("retry-after") is None  # per-request limits do not reset
    assert r.header("ratelimit-policy") == '"per-request";q=100;qu="tokens"'
    assert r.header("content-type") == "application/json"
    # Whatever the mode, no byte of the body reached the upstream.
    for seen in mock.requests():
        assert secret not in seen.get("body_text", ""), seen
        assert not seen.get("body_complete", False) or seen.get("body_text", "") == "", seen


@pytest.mark.parametrize("hold", MODES)
def test_soft_budget_warns_and_settles_to_reported_usage(wasm, mock, start_envoy, hold):
    cfg = {"default_max_output_tokens": 50, "budgets": [
        {"name": "team-soft", "scope": [{"header": "x-team"}], "window": "day", "limit": {"tokens": 150}, "kind": "soft"},
        {"name": "team-hard", "scope": [{"header": "x-team"}], "window": "day", "limit": {"tokens": 10000}, "kind": "hard"}]}
    env = start_envoy({**cfg, "hold_request_headers": hold}, hold_headers=hold, upstream_port=mock)
    h = {"x-team": "t1", **usage_headers(30, 40)}
    first = env.post(CHAT, chat(), headers=h)
    assert first.status == 200 and first.header("x-tollgate-warning") is None
    reserved = int(first.header("x-tollgate-reserved-tokens"))
    assert remaining(first) == 10000 - reserved
    second = env.post(CHAT, chat(), headers=h)
    # The first settled to the mock's 30 + 40: the next reservation starts from there.
    assert remaining(second) == 10000 - 70 - reserved
    third = env.post(CHAT, chat(), headers=h)
    assert third.status == 200
    assert third.header("x-tollgate-warning", "").startswith("team-soft:"), third.headers


@pytest.mark.parametrize("hold", MODES)
def test_streaming_settles_and_hides_the_usage_chunk_the_client_did_not_ask_for(wasm, mock, start_envoy, hold):
    cfg = {"default_max_output_tokens": 64, "budgets": [
        {"name": "s", "scope": [{"header": "x-session-id"}], "window": {"session_idle_seconds": 300}, "limit": {"tokens": 5000}, "kind": "hard"}]}
    env = start_envoy({**cfg, "hold_request_headers": hold}, hold_headers=hold, upstream_port=mock)
    h = {"x-session-id": "st-1", **usage_headers(21, 9)}
    r = env.post(CHAT, chat(stream=True), headers=h)
    assert r.status == 200
    events = r.sse()
    assert events[-1].data == "[DONE]"
    chunks = [json.loads(e.data) for e in events[:-1]]
    assert all(c["choices"] for c in chunks), "the usage-only chunk must not reach this client"
    sent = json.loads(mock.last_request()["body_text"])
    assert sent["stream_options"] == {"include_usage": True}
    assert sent["max_completion_tokens"] == 64
    reserved = int(r.header("x-tollgate-reserved-tokens"))
    # A client that asked for usage gets it, untouched.
    r2 = env.post(CHAT, chat(stream=True, stream_options={"include_usage": True}), headers=h)
    chunks2 = [json.loads(e.data) for e in r2.sse()[:-1]]
    assert chunks2[-1]["choices"] == [] and chunks2[-1]["usage"]["prompt_tokens"] == 21
    assert remaining(r2) == 5000 - 30 - reserved
    # A stream broken mid-way settles to input + relayed output (not zero, not the cap).
    r3 = env.post(CHAT, chat(stream=True), headers={**h, "x-mock-reset-after-chunks": "4", "x-mock-output-tokens": "60"})
    assert not r3.complete or r3.status != 200 or len(r3.sse()) < 10
    r4 = env.post(CHAT, chat(), headers=h)
    used = 5000 - remaining(r4) - int(r4.header("x-tollgate-reserved-tokens"))
    # 30 + 30 settled, then the broken one: its input (counted) plus a few relayed tokens.
    broken = used - 60
    input_count = int(r3.header("x-tollgate-input-tokens") or r4.header("x-tollgate-input-tokens"))
    assert input_count <= broken < input_count + 20, (used, broken)


@pytest.mark.parametrize("hold", MODES)
def test_model_rewrite_by_alias_and_tier(wasm, mock, start_envoy, hold):
    cfg = {"routing": [
        {"name": "fast", "when": {"model": ["fast"]}, "model": "gpt-4o-mini"},
        {"name": "free", "when": {"header": {"name": "x-user-tier", "value": "free"}}, "model": "gpt-4o-mini"}]}
    env = start_envoy({**cfg, "hold_request_headers": hold}, hold_headers=hold, upstream_port=mock)
    raw = '{"model": "fast", "messages": [{"role": "user", "content": "hi \\u00e9"}], "temperature": 0.70, "metadata": {"k": "v", "n": 1e2}, "max_tokens": 10}'
    r = env.post(CHAT, raw, headers={"content-type": "application/json"})
    assert r.status == 200 and r.header("x-tollgate-model") == "gpt-4o-mini"
    # The model changed; every other member is forwarded byte for byte.
    assert mock.last_request()["body_text"] == (
        '{"model":"gpt-4o-mini","messages":[{"role": "user", "content": "hi \\u00e9"}],"temperature":0.70,'
        '"metadata":{"k": "v", "n": 1e2},"max_tokens":10}')
    r = env.post(CHAT, chat(max_tokens=5), headers={"x-user-tier": "free"})
    assert r.header("x-tollgate-model") == "gpt-4o-mini"
    r = env.post(CHAT, chat(max_tokens=5))
    assert r.header("x-tollgate-model") == "gpt-4o"


@pytest.mark.parametrize("hold", MODES)
def test_requests_it_cannot_judge_fail_closed(wasm, mock, start_envoy, hold):
    env = start_envoy({"max_body_bytes": 2000, "hold_request_headers": hold}, hold_headers=hold, upstream_port=mock)
    cases = [
        (b"{not json", {}, 400, "invalid_request"),
        (b'{"model":"gpt-4o","model":"gpt-4o-mini","messages":[]}', {}, 400, "invalid_request"),
        (json.dumps(chat("x" * 5000)).encode(), {}, 413, "body_too_large"),
        (b'\x1f\x8b\x08\x00', {"content-encoding": "gzip"}, 415, "unsupported_content_encoding"),
        (json.dumps(chat(model="no-such-model-anywhere")).encode(), {}, 400, "unknown_model"),
    ]
    for body, headers, status, code in cases:
        r = env.post(CHAT, body, headers={"content-type": "application/json", **headers})
        assert r.status == status, (code, r.status, r.text)
        assert r.json()["error"]["code"] == code
    r = env.post("/v1/batches", {"input_file_id": "f"})
    assert r.status == 404 and r.json()["error"]["code"] == "unknown_endpoint"


def test_unjudgeable_requests_pass_uncounted_when_configured(wasm, mock, start_envoy):
    env = start_envoy({"on_unjudgeable": "pass", "routes": [{"path_prefix": "/v1/", "unknown_endpoints": "pass"}]}, upstream_port=mock)
    r = env.post(CHAT, b"{not json", headers={"content-type": "application/json"})
    assert r.status == 400  # the mock's own answer, not the filter's
    assert "tollgate" not in r.text
    assert env.stats().get("wasmcustom.tollgate_requests_uncounted", 0) >= 1


@pytest.mark.parametrize("hold", MODES)
def test_concurrent_requests_over_both_workers_never_overshoot_and_counters_are_exact(wasm, mock, start_envoy, hold):
    limit = 3000
    cfg = {"budgets": [{"name": "global", "window": "day", "limit": {"tokens": limit}, "kind": "hard"}]}
    env = start_envoy({**cfg, "hold_request_headers": hold}, hold_headers=hold, upstream_port=mock)
    # Each request reserves its counted input (~10) + 40; the mock reports input 5 + output 40,
    # never more than was reserved (usage above a reservation is charged as reported).
    h = {**usage_headers(5, 40), "x-mock-delay-ms": "30"}

    def one(i):
        return env.post(CHAT, chat(f"q{i}", max_tokens=40), headers=h)

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(one, range(120)))
    ok = [r for r in results if r.status == 200]
    rejected = [r for r in results if r.status == 429]
    assert len(ok) + len(rejected) == 120, [r.status for r in results if r.status not in (200, 429)]
    assert ok and rejected
    settled = 45 * len(ok)
    assert settled <= limit
    stats = env.stats()
    assert stats["wasmcustom.tollgate_input_tokens"] == 5 * len(ok)
    assert stats["wasmcustom.tollgate_output_tokens"] == 40 * len(ok)
    assert stats["wasmcustom.tollgate_reservations_settled"] == len(ok)
    assert stats["wasmcustom.tollgate_requests_rejected"] == len(rejected)
    # Both workers served connections.
    per_worker = {k: v for k, v in stats.items() if ".worker_" in k and k.endswith("downstream_cx_total") and "listener." in k and "admin" not in k}
    assert len([v for v in per_worker.values() if v > 0]) >= 2, per_worker
    # The counter holds exactly what was settled: the next request sees limit - settled.
    probe = env.post(CHAT, chat("probe", max_tokens=1), headers=h)
    if probe.status == 200:
        assert remaining(probe) == limit - settled - int(probe.header("x-tollgate-reserved-tokens"))
    else:
        assert probe.json()["error"]["tollgate"]["used"] == settled


def test_usage_above_the_reservation_is_settled_as_reported(wasm, mock, start_envoy):
    cfg = {"budgets": [{"name": "g", "window": "day", "limit": {"tokens": 100000}, "kind": "hard"}]}
    env = start_envoy(cfg, upstream_port=mock)
    r = env.post(CHAT, chat(max_tokens=10), headers={**usage_headers(10, 10), "x-mock-usage-extra": "500"})
    assert r.status == 200
    r2 = env.post(CHAT, chat(max_tokens=10), headers=usage_headers(10, 10))
    assert remaining(r2) == 100000 - 520 - int(r2.header("x-tollgate-reserved-tokens"))
    assert env.stats()["wasmcustom.tollgate_usage_over_reservation"] == 1


def test_error_answers_settle_to_zero(wasm, mock, start_envoy):
    cfg = {"budgets": [{"name": "g", "window": "day", "limit": {"tokens": 100000}, "kind": "hard"}]}
    env = start_envoy(cfg, upstream_port=mock)
    r = env.post(CHAT, chat(max_tokens=10), headers={"x-mock-status": "500"})
    assert r.status == 500
    r2 = env.post(CHAT, chat(max_tokens=10), headers=usage_headers(10, 10))
    assert remaining(r2) == 100000 - int(r2.header("x-tollgate-reserved-tokens"))
    assert env.stats()["wasmcustom.tollgate_settled_error_no_usage"] == 1


def test_a_bad_configuration_refuses_to_start_naming_the_field(wasm, mock, start_envoy):
    import harness

    bad = {"budgets": [{"name": "b", "window": "fortnight", "limit": {"tokens": 1}, "kind": "hard"}]}
    # Fail-closed plugin in a static config: Envoy refuses to start, and says why.
    with pytest.raises(harness.HarnessError) as refused:
        start_envoy(bad, upstream_port=mock, ready_timeout=20)
    assert "invalid configuration at `budgets[0].window`" in str(refused.value), str(refused.value)[-3000:]
    assert "unknown variant `fortnight`" in str(refused.value)
