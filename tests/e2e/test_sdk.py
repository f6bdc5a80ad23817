"""The official `openai` Python SDK pointed at Envoy + tollgate (both hosting modes): what
an application actually sees — completions and usage, streams without the usage chunk the
filter added (and with it when the client asked), budget rejections as RateLimitError with
the filter's message and no retries, and the x-tollgate-model header via with_raw_response."""

from __future__ import annotations

import json
import time

import openai
import pytest

MODES = [pytest.param(True, id="holding"), pytest.param(False, id="istio")]
USER = "x-user-id"

CONFIG = {
    "default_max_output_tokens": 64,
    "routing": [{"name": "fast", "when": {"model": ["fast"]}, "model": "gpt-4o-mini"}],
    "budgets": [{"name": "per-user", "scope": [{"header": USER}], "window": "day",
                 "limit": {"tokens": 2000}, "kind": "hard"}],
}
MSGS = [{"role": "user", "content": "Say hello."}]


@pytest.fixture(params=MODES)
def setup(request, mock, start_envoy):
    hold = request.param
    env = start_envoy({**CONFIG, "hold_request_headers": hold}, hold_headers=hold, upstream_port=mock)
    # Default SDK settings (max_retries=2): a retried 429 would show up below.
    client = openai.OpenAI(base_url=f"{env.url}/v1", api_key="test", timeout=20)
    return env, mock, client


def usage_headers(user, inp, out):
    return {USER: user, "x-mock-input-tokens": str(inp), "x-mock-output-tokens": str(out)}


def downstream_requests(env) -> int:
    return env.stats().get("http.main.downstream_rq_total", 0)


def test_chat_completion_returns_the_mocks_content_and_usage(setup):
    env, mock, client = setup
    out = client.chat.completions.create(model="gpt-4o", messages=MSGS, max_tokens=10,
                                         extra_headers=usage_headers("u-json", 17, 5))
    assert out.model == "gpt-4o"
    assert out.choices[0].message.content == "tok0 tok1 tok2 tok3 tok4"
    assert (out.usage.prompt_tokens, out.usage.completion_tokens, out.usage.total_tokens) == (17, 5, 22)
    assert env.stats()["wasmcustom.tollgate_output_tokens"] == 5


def test_stream_yields_chunks_but_never_the_usage_chunk_the_filter_added(setup):
    env, mock, client = setup
    stream = client.chat.completions.create(model="gpt-4o", messages=MSGS, max_tokens=10, stream=True,
                                            extra_headers=usage_headers("u-stream", 13, 6))
    chunks = list(stream)
    # The filter asked the upstream for usage...
    sent = json.loads(mock.last_request()["body_text"])
    assert sent["stream_options"] == {"include_usage": True}
    # ...but the client, which did not ask, never sees the usage-only chunk.
    assert chunks, "no chunk at all"
    assert all(c.choices for c in chunks), [c.model_dump() for c in chunks if not c.choices]
    assert all(getattr(c, "usage", None) is None for c in chunks)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert text == "tok0 tok1 tok2 tok3 tok4 tok5"
    assert chunks[-1].choices[0].finish_reason == "stop"
    # Settled from the usage the filter read (13 + 6).
    stats = env.stats()
    assert stats["wasmcustom.tollgate_input_tokens"] == 13
    assert stats["wasmcustom.tollgate_output_tokens"] == 6


def test_stream_with_include_usage_gets_the_final_usage_chunk(setup):
    env, mock, client = setup
    stream = client.chat.completions.create(model="gpt-4o", messages=MSGS, max_tokens=10, stream=True,
                                            stream_options={"include_usage": True},
                                            extra_headers=usage_headers("u-stream2", 11, 4))
    chunks = list(stream)
    last = chunks[-1]
    assert last.choices == []
    assert (last.usage.prompt_tokens, last.usage.completion_tokens) == (11, 4)
    assert all(c.choices for c in chunks[:-1])
    assert "".join(c.choices[0].delta.content or "" for c in chunks[:-1]) == "tok0 tok1 tok2 tok3"


def test_budget_rejection_is_a_rate_limit_error_with_the_filters_message_and_no_retry(setup):
    env, mock, client = setup
    mock.clear()
    before = downstream_requests(env)
    t0 = time.monotonic()
    with pytest.raises(openai.RateLimitError) as caught:
        client.chat.completions.create(model="gpt-4o", messages=MSGS, max_tokens=5000,
                                       extra_headers={USER: "u-over"})
    elapsed = time.monotonic() - t0
    err = caught.value
    assert err.status_code == 429
    assert "budget `per-user` exceeded" in err.message, err.message
    assert err.code == "budget_exceeded"
    assert err.body["tollgate"]["rule"] == "per-user"
    assert err.response.headers.get("x-should-retry") == "false"
    # One attempt only: Envoy saw one request (the SDK would retry twice, with back-off,
    # without x-should-retry: false) and the answer came at once.
    assert downstream_requests(env) - before == 1
    assert env.stats()["wasmcustom.tollgate_requests_rejected"] == 1
    assert elapsed < 1.5, elapsed
    # The body never reached the upstream (in Istio mode it may have seen the headers).
    for seen in mock.requests():
        assert not seen["body_complete"] or seen["body_text"] == "", seen


def test_streaming_request_over_budget_raises_before_any_chunk(setup):
    env, mock, client = setup
    # Spend most of u-s-over's 2000 tokens: the mock reports 1900 + 10.
    ok = client.chat.completions.create(model="gpt-4o", messages=MSGS, max_tokens=10,
                                        extra_headers=usage_headers("u-s-over", 1900, 10))
    assert ok.usage.total_tokens == 1910
    before = downstream_requests(env)
    got_stream = False
    with pytest.raises(openai.RateLimitError) as caught:
        stream = client.chat.completions.create(model="gpt-4o", messages=MSGS, max_tokens=200,
                                                stream=True, extra_headers={USER: "u-s-over"})
        got_stream = True  # the 429 must come from create(), not mid-iteration
        for _ in stream:
            pass
    assert not got_stream
    assert "budget `per-user` exceeded" in caught.value.message
    assert "1910 tokens used" in caught.value.message, caught.value.message
    assert downstream_requests(env) - before == 1


def test_with_raw_response_reads_the_routed_model_after_an_alias_rewrite(setup):
    env, mock, client = setup
    raw = client.chat.completions.with_raw_response.create(
        model="fast", messages=MSGS, max_tokens=5, extra_headers=usage_headers("u-raw", 9, 3))
    assert raw.status_code == 200
    assert raw.headers.get("x-tollgate-model") == "gpt-4o-mini"
    assert raw.headers.get("x-tollgate-route") == "fast"
    completion = raw.parse()
    assert completion.model == "gpt-4o-mini"  # the mock echoes the model it received
    assert json.loads(mock.last_request()["body_text"])["model"] == "gpt-4o-mini"
    # Without the alias nothing is rewritten.
    raw2 = client.chat.completions.with_raw_response.create(
        model="gpt-4o", messages=MSGS, max_tokens=5, extra_headers={USER: "u-raw"})
    assert raw2.headers.get("x-tollgate-model") == "gpt-4o"
    assert raw2.headers.get("x-tollgate-route") is None
