"""Anthropic Messages and OpenAI Responses through the real Envoy + tollgate, driven by the
official `anthropic` and `openai` Python SDKs, in both hosting modes (holding the headers,
and Istio's mode without it), against the mock LLM.

What is checked: the budget counters settle to exactly the usage the mock reported
(Anthropic cache tokens on top of input_tokens, Responses cached/reasoning details), USD
budgets settle to the cost computed here with exact Decimal arithmetic from
data/prices.json, the Responses context map (`previous_response_id`), the unknown-endpoint
policy for `background: true`, and budget rejections surfacing as each SDK's own
RateLimitError with the filter's message, without retries, before any stream event."""

from __future__ import annotations

import json
import time
from decimal import ROUND_CEILING, Decimal
from pathlib import Path

import anthropic
import openai
import pytest

REPO = Path(__file__).resolve().parents[2]
PRICES = json.loads((REPO / "data" / "prices.json").read_text())["models"]
MODES = [pytest.param(True, id="holding"), pytest.param(False, id="istio")]

TOK_LIMIT = 100_000
USD_LIMIT = "1.00"
TINY = 300

# Three independent budgets, each applied only when its header is present (on_missing
# skip), so one probe reads exactly one budget's RateLimit header.
BUDGETS = [
    {"name": "tok", "scope": [{"header": "x-tok-user"}], "window": "day",
     "limit": {"tokens": TOK_LIMIT}, "kind": "hard", "on_missing": "skip"},
    {"name": "usd", "scope": [{"header": "x-usd-user"}], "window": "day",
     "limit": {"usd": USD_LIMIT}, "kind": "hard", "on_missing": "skip"},
    {"name": "tiny", "scope": [{"header": "x-tiny-user"}], "window": "day",
     "limit": {"tokens": TINY}, "kind": "hard", "on_missing": "skip"},
]


# ------------------------------------------------------------------------------------------
# helpers


def remaining(headers) -> int:
    """The `r=` of the RateLimit header (httpx or email headers)."""
    value = headers.get("ratelimit") or ""
    for part in value.split(";"):
        if part.startswith("r="):
            return int(part[2:])
    raise AssertionError(f"no remaining in ratelimit header {value!r}")


def policy_name(headers) -> str:
    return (headers.get("ratelimit-policy") or "").split(";")[0]


def usd_to_nanos(text: str) -> int:
    n = Decimal(text) * 10**9
    assert n == n.to_integral_value(), text
    return int(n)


def cost_nanos(model: str, **tokens: int) -> int:
    """Exact cost in nanos (rounded up once, as the filter does) of `field=count` terms,
    from the vendored price data (USD per token, decimal text)."""
    price = PRICES[model]
    total = sum((Decimal(n) * Decimal(price[field]) for field, n in tokens.items()), Decimal(0))
    return int((total * 10**9).to_integral_value(rounding=ROUND_CEILING))


def stat(env, name: str) -> int:
    return env.stats().get(f"wasmcustom.tollgate_{name}", 0)


def stats_delta(before: dict, after: dict, *names: str) -> dict:
    return {n: after.get(f"wasmcustom.tollgate_{n}", 0) - before.get(f"wasmcustom.tollgate_{n}", 0) for n in names}


def downstream_requests(env) -> int:
    return env.stats().get("http.main.downstream_rq_total", 0)


def mock_usage(inp=None, out=None, cached=None, write=None, reasoning=None) -> dict:
    h = {}
    for k, v in (("input", inp), ("output", out), ("cached", cached), ("cache-write", write),
                 ("reasoning", reasoning)):
        if v is not None:
            h[f"x-mock-{k}-tokens"] = str(v)
    return h


def no_body_reached_upstream(mock, secret: str | None = None):
    for seen in mock.requests():
        if secret is not None:
            assert secret not in seen.get("body_text", ""), seen
        assert not seen["body_complete"] or seen["body_text"] == "", seen


# ------------------------------------------------------------------------------------------
# Anthropic Messages

CLAUDE = "claude-sonnet-5-5"  # current (the SDK warns about end-of-life models)
A_MSGS = [{"role": "user", "content": "Say hello to the cache."}]


@pytest.fixture(params=MODES)
def claude(request, mock, start_envoy):
    hold = request.param
    env = start_envoy({"budgets": BUDGETS, "hold_request_headers": hold}, hold_headers=hold, upstream_port=mock)
    # Default SDK retries (2): a retried 429 would show in Envoy's request count.
    client = anthropic.Anthropic(base_url=env.url, api_key="test", timeout=20)
    return env, mock, client


def claude_reservation(est: int, cap: int) -> tuple[int, int]:
    """(tokens, nanos) tollgate reserves for a Claude request whose estimated input is
    `est`: the estimate + the 10% margin, every input token at the dearest input price
    (a cache write costs more than plain input), plus the output cap."""
    inp = est + -(-est * 10 // 100)
    p = PRICES[CLAUDE]
    dearest_input = max(Decimal(p["input"]), Decimal(p["cache_write"]))
    total = Decimal(inp) * dearest_input + Decimal(cap) * Decimal(p["output"])
    return inp + cap, int((total * 10**9).to_integral_value(rounding=ROUND_CEILING))


@pytest.mark.parametrize("stream", [False, True], ids=["json", "stream"])
def test_anthropic_settles_input_plus_cache_tokens_and_their_cost(claude, stream):
    env, mock, client = claude
    # The mock's total prompt is 1000: reported as input_tokens 600 + cache read 300 +
    # cache creation 100 (Anthropic: cache counts are ON TOP of input_tokens).
    I, C, W, O = 1000, 300, 100, 7
    headers = {"x-tok-user": f"a-{stream}", "x-usd-user": f"a-{stream}", **mock_usage(I, O, C, W)}
    before = env.stats()
    kw = dict(model=CLAUDE, max_tokens=50, messages=A_MSGS, extra_headers=headers)
    if stream:
        with client.messages.stream(**kw) as s:
            text = "".join(s.text_stream)
            msg = s.get_final_message()
            rh = s.response.headers
    else:
        raw = client.messages.with_raw_response.create(**kw)
        rh = raw.headers
        msg = raw.parse()
        text = msg.content[0].text
    assert text == "tok0 tok1 tok2 tok3 tok4 tok5 tok6"
    u = msg.usage
    assert (u.input_tokens, u.cache_read_input_tokens, u.cache_creation_input_tokens, u.output_tokens) == (600, 300, 100, 7)
    assert rh.get("x-tollgate-model") == CLAUDE
    assert rh.get("x-tollgate-input-exact") == "false"  # Claude counts are estimates
    est = int(rh.get("x-tollgate-input-tokens"))
    tokens, nanos = claude_reservation(est, 50)
    assert int(rh.get("x-tollgate-reserved-tokens")) == tokens
    assert usd_to_nanos(rh.get("x-tollgate-reserved-usd")) == nanos
    d = stats_delta(before, env.stats(), "input_tokens", "cached_input_tokens",
                    "output_tokens", "settled_usage_reported", "cost_nanos")
    expected_cost = cost_nanos(CLAUDE, input=I - C - W, cached_input=C, cache_write=W, output=O)
    # claude-sonnet-5-5: 600 * 2e-6 + 300 * 1e-7 + 100 * 2.5e-6 + 7 * 1e-5 = 0.00155
    assert expected_cost == 1_550_000
    assert d == {"input_tokens": I, "cached_input_tokens": C, "output_tokens": O,
                 "settled_usage_reported": 1, "cost_nanos": expected_cost}, d

    # The token budget settled to 1000 + 7 (not 600 + 7, and not the stream's
    # message_start + message_delta added up).
    probe = client.messages.with_raw_response.create(
        model=CLAUDE, max_tokens=5, messages=A_MSGS, extra_headers={"x-tok-user": f"a-{stream}", **mock_usage(3, 1)})
    assert policy_name(probe.headers) == '"tok"'
    assert remaining(probe.headers) == TOK_LIMIT - (I + O) - int(probe.headers["x-tollgate-reserved-tokens"])
    # The USD budget settled to the cache-aware cost.
    probe = client.messages.with_raw_response.create(
        model=CLAUDE, max_tokens=5, messages=A_MSGS, extra_headers={"x-usd-user": f"a-{stream}", **mock_usage(3, 1)})
    assert policy_name(probe.headers) == '"usd"'
    assert remaining(probe.headers) == (usd_to_nanos(USD_LIMIT) - expected_cost
                                        - usd_to_nanos(probe.headers["x-tollgate-reserved-usd"]))


def test_anthropic_cache_write_tokens_metric(mock, start_envoy):
    env = start_envoy({"budgets": BUDGETS}, upstream_port=mock)
    client = anthropic.Anthropic(base_url=env.url, api_key="test", timeout=20)
    msg = client.messages.create(model=CLAUDE, max_tokens=50, messages=A_MSGS,
                                 extra_headers=mock_usage(1000, 7, cached=300, write=100))
    assert msg.usage.cache_creation_input_tokens == 100
    assert env.stats().get("wasmcustom.tollgate_cache_write_tokens") == 100


def test_anthropic_rejection_is_the_sdks_rate_limit_error_without_retry(claude):
    env, mock, client = claude
    mock.clear()
    before = downstream_requests(env)
    t0 = time.monotonic()
    secret = "never-forward-this-claude-prompt"
    with pytest.raises(anthropic.RateLimitError) as caught:
        client.messages.create(model=CLAUDE, max_tokens=1000, messages=[{"role": "user", "content": secret}],
                               extra_headers={"x-tiny-user": "a-over"})
    elapsed = time.monotonic() - t0
    err = caught.value
    assert err.status_code == 429
    assert err.body["type"] == "error"
    assert err.body["error"]["type"] == "rate_limit_error"
    assert "budget `tiny` exceeded" in err.body["error"]["message"]
    assert "budget `tiny` exceeded" in str(err)
    assert err.body["error"]["tollgate"]["rule"] == "tiny"
    assert err.response.headers.get("x-should-retry") == "false"
    assert err.response.headers.get("content-type") == "application/json"
    assert downstream_requests(env) - before == 1, "the SDK retried the 429"
    assert elapsed < 1.5, elapsed
    no_body_reached_upstream(mock, secret)


def test_anthropic_stream_over_budget_raises_before_any_event(claude):
    env, mock, client = claude
    # Spend most of the tiny budget: the mock reports 250 prompt (100 read from cache) + 10.
    ok = client.messages.create(model=CLAUDE, max_tokens=10, messages=A_MSGS,
                                extra_headers={"x-tiny-user": "a-s-over", **mock_usage(250, 10, cached=100)})
    assert ok.usage.input_tokens == 150 and ok.usage.cache_read_input_tokens == 100
    before = downstream_requests(env)
    got_stream = False
    with pytest.raises(anthropic.RateLimitError) as caught:
        stream = client.messages.create(model=CLAUDE, max_tokens=200, messages=A_MSGS, stream=True,
                                        extra_headers={"x-tiny-user": "a-s-over"})
        got_stream = True  # the 429 must come from create(), not mid-iteration
        for _ in stream:
            pass
    assert not got_stream
    err = caught.value
    assert err.body["error"]["type"] == "rate_limit_error"
    # `used` is the settled 250 + 10 (cache read included).
    assert err.body["error"]["tollgate"]["used"] == 260, err.body
    assert downstream_requests(env) - before == 1
    # The stream helper raises at __enter__ too.
    with pytest.raises(anthropic.RateLimitError):
        with client.messages.stream(model=CLAUDE, max_tokens=200, messages=A_MSGS,
                                    extra_headers={"x-tiny-user": "a-s-over"}) as s:
            for _ in s:
                pass


# ------------------------------------------------------------------------------------------
# OpenAI Responses

RESP_MODEL = "o4-mini"


def responses_client(env) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{env.url}/v1", api_key="test", timeout=20)


@pytest.fixture(params=MODES)
def responses(request, mock, start_envoy):
    hold = request.param
    env = start_envoy({"budgets": BUDGETS, "default_max_output_tokens": 64, "hold_request_headers": hold},
                      hold_headers=hold, upstream_port=mock)
    return env, mock, responses_client(env), hold


def completed_response(stream):
    """Iterate a Responses event stream; return the final response object."""
    final = None
    types = []
    for ev in stream:
        types.append(ev.type)
        if ev.type in ("response.completed", "response.incomplete", "response.failed"):
            final = ev.response
    assert final is not None, types
    assert types[0] == "response.created", types
    return final


@pytest.mark.parametrize("stream", [False, True], ids=["json", "stream"])
def test_responses_usage_settles_input_cached_output_reasoning(responses, stream):
    env, mock, client, _ = responses
    I, C, O, R = 500, 200, 40, 25
    user = f"r-{stream}"
    headers = {"x-tok-user": user, "x-usd-user": user, **mock_usage(I, O, cached=C, reasoning=R)}
    before = env.stats()
    raw = client.responses.with_raw_response.create(model=RESP_MODEL, input="Think, then answer.",
                                                    max_output_tokens=100, stream=stream, extra_headers=headers)
    rh = raw.headers
    resp = completed_response(raw.parse()) if stream else raw.parse()
    u = resp.usage
    assert (u.input_tokens, u.input_tokens_details.cached_tokens, u.output_tokens,
            u.output_tokens_details.reasoning_tokens) == (I, C, O, R)
    assert resp.output_text == " ".join(f"tok{i}" for i in range(O - R))
    assert rh.get("x-tollgate-model") == RESP_MODEL
    assert rh.get("x-tollgate-context-tokens") is None
    expected_cost = cost_nanos(RESP_MODEL, input=I - C, cached_input=C, output=O)
    # o4-mini: 300 * 1.1e-6 + 200 * 2.75e-7 + 40 * 4.4e-6 (reasoning at the output price)
    assert expected_cost == 561_000
    d = stats_delta(before, env.stats(), "input_tokens", "cached_input_tokens", "output_tokens",
                    "reasoning_tokens", "settled_usage_reported", "cost_nanos")
    assert d == {"input_tokens": I, "cached_input_tokens": C, "output_tokens": O, "reasoning_tokens": R,
                 "settled_usage_reported": 1, "cost_nanos": expected_cost}, d
    probe = client.responses.with_raw_response.create(model=RESP_MODEL, input="x", max_output_tokens=5,
                                                      extra_headers={"x-tok-user": user, **mock_usage(2, 1)})
    assert remaining(probe.headers) == TOK_LIMIT - (I + O) - int(probe.headers["x-tollgate-reserved-tokens"])
    probe = client.responses.with_raw_response.create(model=RESP_MODEL, input="x", max_output_tokens=5,
                                                      extra_headers={"x-usd-user": user, **mock_usage(2, 1)})
    assert remaining(probe.headers) == (usd_to_nanos(USD_LIMIT) - expected_cost
                                        - usd_to_nanos(probe.headers["x-tollgate-reserved-usd"]))


def test_previous_response_id_reserves_the_context_the_provider_reported(responses):
    env, mock, client, _ = responses
    h = {"x-tok-user": "ctx"}
    first = client.responses.create(model=RESP_MODEL, input="Remember 42.", max_output_tokens=50,
                                    extra_headers={**h, **mock_usage(120, 30)})
    assert (first.usage.input_tokens, first.usage.output_tokens) == (120, 30)
    # JSON response seen -> its context (input + output as reported) is reserved again.
    raw = client.responses.with_raw_response.create(
        model=RESP_MODEL, input="What was it?", previous_response_id=first.id, max_output_tokens=20, stream=True,
        extra_headers={**h, **mock_usage(400, 10)})
    assert raw.headers.get("x-tollgate-context-tokens") == "150"
    est = int(raw.headers["x-tollgate-input-tokens"])
    assert int(raw.headers["x-tollgate-reserved-tokens"]) >= est + 150 + 20
    sent = json.loads(mock.last_request()["body_text"])
    assert sent["previous_response_id"] == first.id
    second = completed_response(raw.parse())
    # A streamed response's id (read from response.completed) is remembered as well.
    raw3 = client.responses.with_raw_response.create(
        model=RESP_MODEL, input="And now?", previous_response_id=second.id, max_output_tokens=20,
        extra_headers={**h, **mock_usage(5, 5)})
    assert raw3.headers.get("x-tollgate-context-tokens") == "410"


def test_unknown_previous_response_is_rejected_by_default(responses):
    env, mock, client, _ = responses
    mock.clear()
    with pytest.raises(openai.BadRequestError) as caught:
        client.responses.create(model=RESP_MODEL, input="continue", previous_response_id="resp_never_seen_here",
                                max_output_tokens=20, extra_headers={"x-tok-user": "unk"})
    err = caught.value
    assert err.status_code == 400
    assert "resp_never_seen_here" in err.message and "unknown to this gateway" in err.message, err.message
    no_body_reached_upstream(mock)


@pytest.mark.parametrize("hold", MODES)
def test_unknown_previous_response_reserves_the_configured_allowance(mock, start_envoy, hold):
    cfg = {"budgets": BUDGETS, "responses": {"unknown_previous_response": {"reserve_tokens": 5000}},
           "hold_request_headers": hold}
    env = start_envoy(cfg, hold_headers=hold, upstream_port=mock)
    client = responses_client(env)
    raw = client.responses.with_raw_response.create(
        model=RESP_MODEL, input="continue", previous_response_id="resp_from_another_gateway",
        max_output_tokens=20, extra_headers={"x-tok-user": "unk", **mock_usage(50, 5)})
    assert raw.headers.get("x-tollgate-context-tokens") == "5000"
    est = int(raw.headers["x-tollgate-input-tokens"])
    reserved = int(raw.headers["x-tollgate-reserved-tokens"])
    assert est + 5000 + 20 <= reserved <= est + 5000 + 20 + est  # (+ the margin on framing)
    assert remaining(raw.headers) == TOK_LIMIT - reserved
    # A tiny budget cannot afford an unknown 5000-token context.
    with pytest.raises(openai.RateLimitError):
        client.responses.create(model=RESP_MODEL, input="continue", previous_response_id="resp_other",
                                max_output_tokens=20, extra_headers={"x-tiny-user": "unk"})


def test_background_responses_are_blocked_by_default(responses):
    env, mock, client, _ = responses
    mock.clear()
    with pytest.raises(openai.NotFoundError) as caught:
        client.responses.create(model=RESP_MODEL, input="long job", background=True, max_output_tokens=20,
                                extra_headers={"x-tok-user": "bg"})
    err = caught.value
    assert err.status_code == 404
    assert err.code == "unknown_endpoint"
    assert "background" in err.message, err.message
    no_body_reached_upstream(mock)


@pytest.mark.parametrize("hold", MODES)
def test_background_responses_pass_uncounted_when_the_route_allows_it(mock, start_envoy, hold):
    cfg = {"budgets": BUDGETS, "routes": [{"path_prefix": "/", "unknown_endpoints": "pass"}],
           "hold_request_headers": hold}
    env = start_envoy(cfg, hold_headers=hold, upstream_port=mock)
    client = responses_client(env)
    raw = client.responses.with_raw_response.create(model=RESP_MODEL, input="long job", background=True,
                                                    max_output_tokens=20,
                                                    extra_headers={"x-tok-user": "bg", **mock_usage(10, 5)})
    assert raw.status_code == 200
    assert raw.headers.get("x-tollgate-model") is None  # not metered
    assert json.loads(mock.last_request()["body_text"])["background"] is True
    stats = env.stats()
    assert stats.get("wasmcustom.tollgate_unknown_endpoint_passed") == 1
    assert stats.get("wasmcustom.tollgate_requests_uncounted") == 1
    assert stats.get("wasmcustom.tollgate_reservations_opened", 0) == 0


@pytest.mark.parametrize("stream", [False, True], ids=["json", "stream"])
def test_responses_budget_rejection_is_a_rate_limit_error(responses, stream):
    env, mock, client, _ = responses
    mock.clear()
    before = downstream_requests(env)
    got_stream = False
    with pytest.raises(openai.RateLimitError) as caught:
        s = client.responses.create(model=RESP_MODEL, input="a long essay please", max_output_tokens=1000,
                                    stream=stream, extra_headers={"x-tiny-user": f"over-{stream}"})
        got_stream = True
        if stream:
            for _ in s:
                pass
    assert not got_stream
    err = caught.value
    assert err.status_code == 429
    assert err.code == "budget_exceeded"
    assert "budget `tiny` exceeded" in err.message, err.message
    assert err.response.headers.get("x-should-retry") == "false"
    assert downstream_requests(env) - before == 1
    no_body_reached_upstream(mock)
