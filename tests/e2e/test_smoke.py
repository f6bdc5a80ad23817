"""Smoke tests for the e2e tooling: the mock LLM on its own (all four APIs, JSON and SSE,
the x-mock-* controls, the official SDKs against it), the Envoy config templates, and
Envoy with the built filter (plugin config {}) in front of the mock, plain and TLS."""

from __future__ import annotations

import base64
import gzip
import json
import time

import pytest

import harness

CHAT = "/v1/chat/completions"
MSGS = [{"role": "user", "content": "Say hello."}]


def usage_headers(inp=100, out=7, **more):
    h = {"x-mock-input-tokens": str(inp), "x-mock-output-tokens": str(out)}
    h.update({f"x-mock-{k.replace('_', '-')}": str(v) for k, v in more.items()})
    return h


# ---------------------------------------------------------------------------------------
# (a) the mock on its own


def test_mock_health_and_recording(mock):
    r = mock.request("GET", "/_mock/health")
    assert r.status == 200 and r.json()["ok"] is True
    body = {"model": "gpt-4o", "messages": MSGS}
    r = mock.request("POST", CHAT, body, {"authorization": "Bearer sk-test"})
    assert r.status == 200
    rec = mock.last_request()
    assert rec["method"] == "POST" and rec["path"] == CHAT
    assert rec["headers"]["authorization"] == "Bearer sk-test"
    assert json.loads(rec["body_text"]) == body
    assert json.loads(base64.b64decode(rec["body_b64"])) == body
    assert rec["body_complete"] is True
    # The mock marks the answer completed just after writing it: the client may read first.
    deadline = time.monotonic() + 5
    while not rec["response"]["completed"] and time.monotonic() < deadline:
        time.sleep(0.02)
        rec = mock.last_request()
    assert rec["response"] == {"status": 200, "stream": False, "completed": True}
    mock.clear()
    assert mock.requests() == []


def test_mock_chat_json(mock):
    r = mock.request("POST", CHAT, {"model": "gpt-4o-mini", "messages": MSGS},
                     usage_headers(120, 5, cached_tokens=64, reasoning_tokens=2))
    assert r.status == 200
    d = r.json()
    assert d["object"] == "chat.completion" and d["model"] == "gpt-4o-mini"
    assert r.headers["x-mock-model"] == "gpt-4o-mini"
    assert d["choices"][0]["message"]["content"] == "tok0 tok1 tok2"  # 5 - 2 reasoning
    u = d["usage"]
    assert (u["prompt_tokens"], u["completion_tokens"], u["total_tokens"]) == (120, 5, 125)
    assert u["prompt_tokens_details"]["cached_tokens"] == 64
    assert u["completion_tokens_details"]["reasoning_tokens"] == 2


def test_mock_chat_default_output_follows_cap(mock):
    body = {"model": "gpt-4o", "messages": MSGS, "max_completion_tokens": 3}
    d = mock.request("POST", CHAT, body).json()
    assert d["usage"]["completion_tokens"] == 3 and d["choices"][0]["finish_reason"] == "length"
    d = mock.request("POST", CHAT, {"model": "gpt-4o", "messages": MSGS}).json()
    assert d["usage"]["completion_tokens"] == 20 and d["choices"][0]["finish_reason"] == "stop"
    raw = json.dumps({"model": "gpt-4o", "messages": MSGS}).encode()
    assert d["usage"]["prompt_tokens"] == len(raw) // 4


def test_mock_azure_path(mock):
    r = mock.request("POST", "/openai/deployments/prod-gpt4o/chat/completions?api-version=2024-10-21",
                     {"messages": MSGS}, usage_headers(10, 2))
    assert r.status == 200 and r.json()["usage"]["completion_tokens"] == 2


@pytest.mark.parametrize("include_usage", [True, False])
def test_mock_chat_stream(mock, include_usage):
    body = {"model": "gpt-4o", "messages": MSGS, "stream": True}
    if include_usage:
        body["stream_options"] = {"include_usage": True}
    r = mock.request("POST", CHAT, body, usage_headers(50, 4))
    assert r.status == 200 and r.headers["content-type"].startswith("text/event-stream")
    evs = r.sse()
    assert evs[-1].data == "[DONE]"
    chunks = [e.json() for e in evs[:-1]]
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])
    assert text == "tok0 tok1 tok2 tok3"
    usage_chunks = [c for c in chunks if c.get("usage")]
    if include_usage:
        assert len(usage_chunks) == 1 and usage_chunks[0] is chunks[-1]
        assert chunks[-1]["choices"] == []
        assert chunks[-1]["usage"]["prompt_tokens"] == 50
        assert chunks[-1]["usage"]["completion_tokens"] == 4
        assert all("usage" in c and c["usage"] is None for c in chunks[:-1])
    else:
        assert usage_chunks == [] and all("usage" not in c for c in chunks)


def test_mock_legacy_completions_and_embeddings(mock):
    d = mock.request("POST", "/v1/completions", {"model": "gpt-3.5-turbo-instruct", "prompt": "x"},
                     {"x-mock-input-tokens": "9"}).json()
    assert d["object"] == "text_completion" and d["usage"]["completion_tokens"] == 16  # default cap
    assert d["usage"]["prompt_tokens"] == 9
    d = mock.request("POST", "/v1/embeddings", {"model": "text-embedding-3-small", "input": ["a", "b"]},
                     {"x-mock-input-tokens": "4"}).json()
    assert len(d["data"]) == 2 and d["usage"] == {"prompt_tokens": 4, "total_tokens": 4}


def test_mock_responses_json_and_stream(mock):
    body = {"model": "gpt-5-mini", "input": "hi", "max_output_tokens": 100}
    d = mock.request("POST", "/v1/responses", body, usage_headers(30, 6, cached_tokens=10, reasoning_tokens=2)).json()
    assert d["object"] == "response" and d["status"] == "completed" and d["model"] == "gpt-5-mini"
    assert d["output"][0]["content"][0]["text"] == "tok0 tok1 tok2 tok3"
    assert d["usage"] == {"input_tokens": 30, "input_tokens_details": {"cached_tokens": 10},
                          "output_tokens": 6, "output_tokens_details": {"reasoning_tokens": 2},
                          "total_tokens": 36}
    r = mock.request("POST", "/v1/responses", {**body, "stream": True}, usage_headers(30, 3))
    evs = r.sse()
    assert evs[0].event == "response.created" and evs[-1].event == "response.completed"
    assert [e.json()["sequence_number"] for e in evs] == list(range(len(evs)))
    assert "".join(e.json()["delta"] for e in evs if e.event == "response.output_text.delta") == "tok0 tok1 tok2"
    assert evs[0].json()["response"]["usage"] is None
    assert evs[-1].json()["response"]["usage"]["output_tokens"] == 3
    # capped -> incomplete
    r = mock.request("POST", "/v1/responses", {**body, "max_output_tokens": 2, "stream": True})
    assert r.sse()[-1].event == "response.incomplete"


def test_mock_anthropic_json_and_stream(mock):
    body = {"model": "claude-sonnet-4-6", "max_tokens": 1024, "messages": MSGS}
    h = usage_headers(100, 5, cached_tokens=30, cache_write_tokens=20)
    d = mock.request("POST", "/v1/messages", body, h).json()
    assert d["type"] == "message" and d["model"] == "claude-sonnet-4-6" and d["stop_reason"] == "end_turn"
    assert d["usage"]["input_tokens"] == 50  # cache counts come on top
    assert d["usage"]["cache_read_input_tokens"] == 30
    assert d["usage"]["cache_creation_input_tokens"] == 20
    assert d["usage"]["output_tokens"] == 5
    evs = mock.request("POST", "/v1/messages", {**body, "stream": True}, h).sse()
    names = [e.event for e in evs]
    assert names[:3] == ["message_start", "content_block_start", "ping"]
    assert names[-4:] == ["content_block_delta", "content_block_stop", "message_delta", "message_stop"]
    assert all(e.json()["type"] == e.event for e in evs)
    assert evs[0].json()["message"]["usage"]["input_tokens"] == 50
    md = evs[-2].json()
    assert md["usage"]["output_tokens"] == 5 and md["usage"]["input_tokens"] == 50
    # missing max_tokens is an Anthropic-shaped 400
    r = mock.request("POST", "/v1/messages", {"model": "claude", "messages": MSGS})
    assert r.status == 400 and r.json()["type"] == "error"


def test_mock_gemini_json_and_stream(mock):
    path = "/v1beta/models/gemini-2.5-flash:generateContent"
    body = {"contents": [{"role": "user", "parts": [{"text": "hi"}]}], "generationConfig": {"maxOutputTokens": 50}}
    d = mock.request("POST", path, body, usage_headers(40, 6, cached_tokens=8, reasoning_tokens=2)).json()
    assert d["modelVersion"] == "gemini-2.5-flash"
    assert d["candidates"][0]["content"]["parts"][0]["text"] == "tok0 tok1 tok2 tok3"
    assert d["usageMetadata"] == {"promptTokenCount": 40, "candidatesTokenCount": 4, "totalTokenCount": 46,
                                  "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 40}],
                                  "cachedContentTokenCount": 8, "thoughtsTokenCount": 2}
    spath = "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
    evs = mock.request("POST", spath, body, usage_headers(40, 3)).sse()
    counts = [e.json()["usageMetadata"]["candidatesTokenCount"] for e in evs]
    assert counts == [1, 2, 3]  # cumulative: the last one counts
    assert evs[-1].json()["candidates"][0]["finishReason"] == "STOP"
    # Vertex-style path, and the JSON-array stream without alt=sse
    vpath = "/v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-pro:streamGenerateContent"
    arr = mock.request("POST", vpath, body, usage_headers(10, 2)).json()
    assert isinstance(arr, list) and arr[-1]["usageMetadata"]["candidatesTokenCount"] == 2


def test_mock_controls(mock):
    body = {"model": "gpt-4o", "messages": MSGS}
    # extra usage beyond the cap
    d = mock.request("POST", CHAT, {**body, "max_tokens": 4}, {"x-mock-usage-extra": "10"}).json()
    assert d["usage"]["completion_tokens"] == 14
    # no usage
    d = mock.request("POST", CHAT, body, {"x-mock-no-usage": "1"}).json()
    assert "usage" not in d
    evs = mock.request("POST", CHAT, {**body, "stream": True, "stream_options": {"include_usage": True}},
                       {"x-mock-no-usage": "1"}).sse()
    assert not any(e.data != "[DONE]" and e.json().get("usage") for e in evs)
    # forced errors in each provider's shape
    r = mock.request("POST", CHAT, body, {"x-mock-status": "500"})
    assert r.status == 500 and r.json()["error"]["type"] == "server_error" and "usage" not in r.json()
    r = mock.request("POST", "/v1/messages", {**body, "max_tokens": 5}, {"x-mock-status": "529"})
    assert r.status == 529 and r.json()["error"]["type"] == "overloaded_error"
    r = mock.request("POST", "/v1beta/models/g:generateContent", {}, {"x-mock-status": "429"})
    assert r.status == 429 and r.json()["error"]["status"] == "RESOURCE_EXHAUSTED"
    # invalid JSON -> 400, OpenAI shape
    r = mock.request("POST", CHAT, b"{not json", {"content-type": "application/json"})
    assert r.status == 400 and r.json()["error"]["type"] == "invalid_request_error"
    # delays
    r = mock.request("POST", CHAT, body, {"x-mock-delay-ms": "300"})
    assert r.elapsed >= 0.3
    r = mock.request("POST", CHAT, {**body, "stream": True}, {"x-mock-chunk-delay-ms": "50", "x-mock-output-tokens": "4"})
    assert r.elapsed >= 0.25


def test_mock_reset_after_chunks(mock):
    body = {"model": "gpt-4o", "messages": MSGS, "stream": True}
    r = mock.request("POST", CHAT, body, {"x-mock-reset-after-chunks": "2", "x-mock-output-tokens": "10"})
    assert r.status == 200 and r.complete is False
    rec = mock.last_request()
    assert rec["response"]["completed"] is False


def test_mock_gzip(mock):
    body = {"model": "gpt-4o", "messages": MSGS}
    r = mock.request("POST", CHAT, body, {"x-mock-gzip": "1", "accept-encoding": "gzip, deflate"})
    assert r.headers["content-encoding"] == "gzip"
    assert json.loads(gzip.decompress(r.body))["model"] == "gpt-4o"
    r = mock.request("POST", CHAT, body, {"x-mock-gzip": "1"})  # client did not offer gzip
    assert r.headers.get("content-encoding") is None and r.json()["model"] == "gpt-4o"
    r = mock.request("POST", CHAT, {**body, "stream": True},
                     {"x-mock-gzip": "1", "accept-encoding": "gzip", "x-mock-output-tokens": "3"})
    evs = harness.parse_sse(gzip.decompress(r.body))
    assert evs[-1].data == "[DONE]"


def test_mock_chunked_request_body(mock):
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", mock.port, timeout=10)
    payload = json.dumps({"model": "chunky", "messages": MSGS}).encode()
    conn.request("POST", CHAT, body=iter([payload[:10], payload[10:]]),
                 headers={"content-type": "application/json"}, encode_chunked=True)
    resp = conn.getresponse()
    assert resp.status == 200 and json.loads(resp.read())["model"] == "chunky"
    conn.close()
    rec = mock.last_request()
    assert rec["headers"]["transfer-encoding"] == "chunked" and rec["body_complete"] is True
    assert json.loads(rec["body_text"])["model"] == "chunky"


def test_mock_tls_records_sni(tls_mock):
    import http.client
    import socket
    import ssl
    ctx = ssl.create_default_context(cafile=str(tls_mock.cert))  # verifies name and chain
    raw = socket.create_connection(("127.0.0.1", tls_mock.port), timeout=10)
    conn = http.client.HTTPConnection("api.openai.com", timeout=10)
    conn.sock = ctx.wrap_socket(raw, server_hostname="api.openai.com")
    conn.request("POST", CHAT, body=json.dumps({"model": "m", "messages": MSGS}),
                 headers={"content-type": "application/json"})
    assert conn.getresponse().status == 200
    conn.close()
    rec = tls_mock.last_request()
    assert rec["tls"] is True and rec["sni"] == "api.openai.com"
    assert rec["headers"]["host"] == "api.openai.com"


def test_official_sdks_parse_the_mock(mock):
    """The mock's shapes are what the official SDKs expect (usage included)."""
    import anthropic
    import openai

    oa = openai.OpenAI(base_url=mock.url + "/v1", api_key="sk-test", max_retries=0)
    c = oa.chat.completions.create(model="gpt-4o", messages=MSGS, extra_headers=usage_headers(11, 3))
    assert c.usage.prompt_tokens == 11 and c.choices[0].message.content == "tok0 tok1 tok2"
    stream = oa.chat.completions.create(model="gpt-4o", messages=MSGS, stream=True,
                                        stream_options={"include_usage": True},
                                        extra_headers=usage_headers(11, 3))
    chunks = list(stream)
    assert chunks[-1].usage.completion_tokens == 3
    resp = oa.responses.create(model="gpt-5", input="hi", extra_headers=usage_headers(8, 2))
    assert resp.output_text == "tok0 tok1" and resp.usage.input_tokens == 8
    with oa.responses.stream(model="gpt-5", input="hi", extra_headers=usage_headers(8, 2)) as s:
        final = s.get_final_response()
    assert final.usage.output_tokens == 2
    emb = oa.embeddings.create(model="text-embedding-3-small", input="hello", extra_headers={"x-mock-input-tokens": "2"})
    assert len(emb.data[0].embedding) == 8 and emb.usage.prompt_tokens == 2

    an = anthropic.Anthropic(base_url=mock.url, api_key="sk-ant-test", max_retries=0)
    m = an.messages.create(model="claude-sonnet-4-6", max_tokens=100, messages=MSGS,
                           extra_headers=usage_headers(20, 4))
    assert m.usage.input_tokens == 20 and m.content[0].text == "tok0 tok1 tok2 tok3"
    with an.messages.stream(model="claude-sonnet-4-6", max_tokens=100, messages=MSGS,
                            extra_headers=usage_headers(20, 4)) as s:
        final = s.get_final_message()
    assert final.usage.output_tokens == 4 and final.usage.input_tokens == 20

    with pytest.raises(openai.InternalServerError):
        oa.chat.completions.create(model="gpt-4o", messages=MSGS, extra_headers={"x-mock-status": "500"})


# ---------------------------------------------------------------------------------------
# Envoy config templates


@pytest.mark.parametrize("name", ["tollgate.yaml", "istio-mode.yaml", "tls-upstream.yaml"])
def test_templates_render(name):
    text = harness.template_path(name).read_text()
    tags = harness.template_tags(text)
    assert {"admin_port", "listener_port", "wasm_path", "plugin_config", "upstream_port"} <= tags
    assert ("hold_headers" in tags) == (name != "istio-mode.yaml")
    cfg = {"budgets": [{"name": "it's", "limit": {"usd": "1.5"}}]}
    out = harness.render_template(text, {"admin_port": 0, "listener_port": 0, "plugin_config": cfg,
                                         "wasm_path": "/x y/tollgate.wasm", "hold_headers": False})
    assert "port_value: 0  # tollgate:admin_port" in out
    assert 'filename: "/x y/tollgate.wasm"' in out
    if "hold_headers" in tags:
        assert "allow_on_headers_stop_iteration: false" in out
    # the embedded JSON round-trips
    lines = out.splitlines()
    i = next(n for n, line in enumerate(lines) if "tollgate:plugin_config" in line)
    indent = len(lines[i]) - len(lines[i].lstrip())
    block = []
    for line in lines[i + 1:]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        block.append(line)
    assert json.loads("\n".join(block)) == cfg
    with pytest.raises(harness.HarnessError):
        harness.render_template(text, {"no_such_tag": 1}, strict=["no_such_tag"])


def test_demo_config_in_template():
    cfg = harness.template_plugin_config("tollgate.yaml")
    assert cfg["default_max_output_tokens"] == 256
    assert [b["name"] for b in cfg["budgets"]] == ["demo-session", "alice-daily"]


# ---------------------------------------------------------------------------------------
# (b) Envoy + the filter with config {} in front of the mock


def _chat_through(env, mock, **headers):
    mock.clear()
    r = env.post(CHAT, {"model": "gpt-4o-mini", "messages": MSGS}, {**usage_headers(25, 3), **headers})
    assert r.status == 200, (r.status, r.text, env.envoy_log()[-3000:])
    assert r.json()["model"] == "gpt-4o-mini"
    assert r.json()["usage"]["completion_tokens"] == 3
    rec = mock.last_request()
    assert rec["path"] == CHAT and rec["body_complete"]
    assert json.loads(rec["body_text"])["model"] == "gpt-4o-mini"
    return r


def test_envoy_proxies_chat_with_empty_config(envoy, mock):
    _chat_through(envoy, mock)
    # streaming passes through too
    r = envoy.post(CHAT, {"model": "gpt-4o", "messages": MSGS, "stream": True,
                          "stream_options": {"include_usage": True}}, usage_headers(25, 3))
    assert r.status == 200 and r.complete
    assert r.sse()[-1].data == "[DONE]"
    st = envoy.stats()
    assert st.get("wasm.envoy.wasm.runtime.v8.active", 0) >= 1
    assert st["cluster.llm.upstream_rq_200"] >= 2
    assert envoy.memory()["allocated"] > 0
    assert envoy.admin_get("/ready").text.strip() == "LIVE"


def test_envoy_istio_mode_with_empty_config(start_envoy, mock):
    env = start_envoy({}, hold_headers=False, upstream_port=mock.port)
    live = [ln for ln in env.config_path.read_text().splitlines() if not ln.lstrip().startswith("#")]
    assert not any("allow_on_headers_stop_iteration" in ln for ln in live)
    _chat_through(env, mock)


# ---------------------------------------------------------------------------------------
# (c) TLS upstream (envoy/tls-upstream.yaml) against the TLS mock


def test_envoy_tls_upstream_sni_and_host(start_envoy, tls_mock):
    env = start_envoy({}, tls_upstream=tls_mock)
    cfg = env.config_path.read_text()
    assert "LOGICAL_DNS" in cfg and "sni: api.openai.com" in cfg
    _chat_through(env, tls_mock, authorization="Bearer sk-test")
    rec = tls_mock.last_request()
    assert rec["tls"] is True
    assert rec["sni"] == "api.openai.com"
    assert rec["headers"]["host"] == "api.openai.com"
    assert rec["headers"]["authorization"] == "Bearer sk-test"
    assert env.stats()["cluster.llm.ssl.handshake"] >= 1


def test_envoy_tls_upstream_rejects_wrong_name(start_envoy, tls_mock):
    """The cluster checks the certificate's name: a cert for another name fails (503)."""
    env = start_envoy({}, tls_upstream=harness.TlsUpstream(
        port=tls_mock.port, ca_cert=tls_mock.cert, sni="api.anthropic.com"))
    r = env.post(CHAT, {"model": "gpt-4o", "messages": MSGS})
    assert r.status == 503
    assert env.stats()["cluster.llm.ssl.fail_verify_san"] >= 1


def test_envoy_log_is_readable_while_running(envoy, mock):
    envoy.post(CHAT, {"model": "gpt-4o", "messages": MSGS})
    assert envoy.wait_for_log(r"\[wasm\]", timeout=5), envoy.envoy_log()[-2000:]
    import time
    deadline = time.monotonic() + 5
    while "POST /v1/chat/completions" not in envoy.access_log() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "POST /v1/chat/completions" in envoy.access_log()


def test_harness_leaves_no_process_behind(start_envoy, mock):
    env = start_envoy({}, upstream_port=mock)
    pid = env.pid
    env.stop()
    import os
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert env not in harness.live_processes()
