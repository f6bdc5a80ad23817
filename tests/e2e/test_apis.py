"""Gemini (AI Studio and Vertex paths), Azure OpenAI deployments, an OpenAI-compatible
server under another prefix, and robust response reading, through the real Envoy +
tollgate in both hosting modes (holding the headers, and Istio's mode without it).

Upstreams: the mock LLM (tests/mock_llm.py), and for what the mock cannot produce
(`reasoning_content` deltas, `\\r\\n` line endings and comments in an OpenAI-style stream,
events split every few bytes, a response compressed although identity was asked for) a
small OpenAI-compatible server defined here."""

from __future__ import annotations

import gzip
import http.server
import json
import socket
import struct
import threading
import time
from decimal import ROUND_CEILING, Decimal
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PRICES = json.loads((REPO / "data" / "prices.json").read_text())["models"]
MODES = [pytest.param(True, id="holding"), pytest.param(False, id="istio")]

TOK_LIMIT = 100_000
USD_LIMIT = "1.00"
BUDGETS = [
    {"name": "tok", "scope": [{"header": "x-tok-user"}], "window": "day",
     "limit": {"tokens": TOK_LIMIT}, "kind": "hard", "on_missing": "skip"},
    {"name": "usd", "scope": [{"header": "x-usd-user"}], "window": "day",
     "limit": {"usd": USD_LIMIT}, "kind": "hard", "on_missing": "skip"},
    {"name": "tiny", "scope": [{"header": "x-tiny-user"}], "window": "day",
     "limit": {"tokens": 300}, "kind": "hard", "on_missing": "skip"},
]


# ------------------------------------------------------------------------------------------
# helpers


def remaining(resp) -> int:
    value = resp.header("ratelimit") or ""
    for part in value.split(";"):
        if part.startswith("r="):
            return int(part[2:])
    raise AssertionError(f"no remaining in ratelimit header {value!r}")


def reserved_tokens(resp) -> int:
    return int(resp.header("x-tollgate-reserved-tokens"))


def usd_to_nanos(text: str) -> int:
    n = Decimal(text) * 10**9
    assert n == n.to_integral_value(), text
    return int(n)


def cost_nanos(price: dict, **tokens: int) -> int:
    total = sum((Decimal(n) * Decimal(price[field]) for field, n in tokens.items()), Decimal(0))
    return int((total * 10**9).to_integral_value(rounding=ROUND_CEILING))


def stats_delta(before: dict, after: dict, *names: str) -> dict:
    return {n: after.get(f"wasmcustom.tollgate_{n}", 0) - before.get(f"wasmcustom.tollgate_{n}", 0) for n in names}


def mock_usage(inp=None, out=None, cached=None, reasoning=None) -> dict:
    h = {}
    for k, v in (("input", inp), ("output", out), ("cached", cached), ("reasoning", reasoning)):
        if v is not None:
            h[f"x-mock-{k}-tokens"] = str(v)
    return h


def tokens_settled_before(probe, limit=TOK_LIMIT) -> int:
    """What the token budget held before `probe` (the probe's own reservation excluded)."""
    return limit - remaining(probe) - reserved_tokens(probe)


# ------------------------------------------------------------------------------------------
# Gemini

FLASH = "gemini-2.5-flash"
GEMINI = "/v1beta/models/{model}:generateContent"
GEMINI_SSE = "/v1beta/models/{model}:streamGenerateContent?alt=sse"
VERTEX = "/v1/projects/p-1/locations/us-central1/publishers/google/models/{model}:generateContent"
ROUTE_PRO = {"name": "pro-to-flash", "when": {"model": ["gemini-2.5-pro"]}, "model": FLASH}


def gemini_body(text="Explain briefly.", cap=100):
    return {"contents": [{"role": "user", "parts": [{"text": text}]}],
            "generationConfig": {"maxOutputTokens": cap}}


@pytest.fixture(params=MODES)
def gemini(request, mock, start_envoy):
    hold = request.param
    env = start_envoy({"budgets": BUDGETS, "routing": [ROUTE_PRO], "hold_request_headers": hold},
                      hold_headers=hold, upstream_port=mock)
    return env, mock


@pytest.mark.parametrize("stream", [False, True], ids=["json", "sse"])
def test_gemini_settles_the_last_cumulative_usage_with_thoughts_as_output(gemini, stream):
    env, mock = gemini
    I, C, O, R = 800, 200, 40, 15  # prompt 800 of which 200 cached; 25 visible + 15 thoughts
    user = f"g-{stream}"
    path = (GEMINI_SSE if stream else GEMINI).format(model=FLASH)
    before = env.stats()
    r = env.post(path, gemini_body(), headers={"x-tok-user": user, "x-usd-user": user,
                                                **mock_usage(I, O, cached=C, reasoning=R)})
    assert r.status == 200, r.text
    assert r.header("x-tollgate-model") == FLASH
    assert r.header("x-tollgate-input-exact") == "false"
    if stream:
        chunks = [e.json() for e in r.sse()]
        assert len(chunks) == O - R  # one chunk per visible word, all relayed
        assert "".join(c["candidates"][0]["content"]["parts"][0]["text"] for c in chunks) == \
            " ".join(f"tok{i}" for i in range(O - R))
        # Every chunk carries cumulative usage: adding them up would count ~25 prompts.
        assert all(c["usageMetadata"]["promptTokenCount"] == I for c in chunks)
        last = chunks[-1]["usageMetadata"]
    else:
        last = r.json()["usageMetadata"]
    assert (last["promptTokenCount"], last["cachedContentTokenCount"], last["candidatesTokenCount"],
            last["thoughtsTokenCount"]) == (I, C, O - R, R)
    price = PRICES[FLASH]
    expected_cost = cost_nanos(price, input=I - C, cached_input=C, output=O - R, reasoning=R)
    # 600 * 3e-7 + 200 * 3e-8 + 25 * 2.5e-6 + 15 * 2.5e-6 = 0.000286
    assert expected_cost == 286_000
    d = stats_delta(before, env.stats(), "input_tokens", "cached_input_tokens", "output_tokens",
                    "reasoning_tokens", "settled_usage_reported", "cost_nanos")
    assert d == {"input_tokens": I, "cached_input_tokens": C, "output_tokens": O, "reasoning_tokens": R,
                 "settled_usage_reported": 1, "cost_nanos": expected_cost}, d
    probe = env.post(GEMINI.format(model=FLASH), gemini_body(cap=5), headers={"x-tok-user": user, **mock_usage(2, 1)})
    assert tokens_settled_before(probe) == I + O  # thoughts billed as output, last chunk only
    probe = env.post(GEMINI.format(model=FLASH), gemini_body(cap=5), headers={"x-usd-user": user, **mock_usage(2, 1)})
    assert remaining(probe) == usd_to_nanos(USD_LIMIT) - expected_cost - usd_to_nanos(probe.header("x-tollgate-reserved-usd"))


@pytest.mark.parametrize("path", [GEMINI, GEMINI_SSE, VERTEX], ids=["generate", "stream", "vertex"])
def test_gemini_routing_rewrites_the_path_model(gemini, path):
    env, mock = gemini
    mock.clear()
    r = env.post(path.format(model="gemini-2.5-pro"), gemini_body(),
                 headers={"x-tok-user": "route", **mock_usage(30, 4)})
    assert r.status == 200, r.text
    assert r.header("x-tollgate-model") == FLASH
    assert r.header("x-tollgate-route") == "pro-to-flash"
    seen = mock.last_request()
    assert seen["path"] == path.format(model=FLASH), seen["path"]  # query string kept
    assert r.header("x-mock-model") == FLASH
    # Budgets settle at the routed model's usage; the body is forwarded.
    assert json.loads(seen["body_text"])["contents"][0]["parts"][0]["text"] == "Explain briefly."
    assert env.stats().get("wasmcustom.tollgate_model_rewritten") == 1
    # Priced as flash: the reservation is at flash's prices (pro's are 4x dearer).
    probe = env.post(path.format(model=FLASH), gemini_body(), headers={"x-tok-user": "route", **mock_usage(3, 1)})
    assert tokens_settled_before(probe) == 34


@pytest.mark.parametrize("path", [GEMINI, GEMINI_SSE, VERTEX], ids=["generate", "stream", "vertex"])
def test_gemini_rejection_is_resource_exhausted(gemini, path):
    env, mock = gemini
    mock.clear()
    r = env.post(path.format(model=FLASH), gemini_body(cap=1000), headers={"x-tiny-user": "g-over"})
    assert r.status == 429, r.text
    body = r.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert err["code"] == 429 and err["status"] == "RESOURCE_EXHAUSTED"
    assert "budget `tiny` exceeded" in err["message"]
    assert err["tollgate"]["rule"] == "tiny"
    assert r.header("x-should-retry") == "false"
    for seen in mock.requests():
        assert not seen["body_complete"] or seen["body_text"] == "", seen


# ------------------------------------------------------------------------------------------
# Azure OpenAI deployments and an OpenAI-compatible server under another prefix

AZURE = "/openai/deployments/{d}/chat/completions?api-version=2024-10-21"
COMPAT_MODEL = "deepseek-r1:7b"
COMPAT_PRICE = {"input_usd_per_mtok": "0.5", "output_usd_per_mtok": "2"}
ROUTES = [{"path_prefix": "/openai/", "deployments": {"my-4o": "gpt-4o"}},
          {"path_prefix": "/ollama/"}]


def azure_body(**extra):
    body = {"messages": [{"role": "user", "content": "hello from azure"}], "max_tokens": 20}
    body.update(extra)
    return body


@pytest.mark.parametrize("hold", MODES)
@pytest.mark.parametrize("stream", [False, True], ids=["json", "stream"])
def test_azure_deployment_is_priced_as_the_mapped_model_and_settled(mock, start_envoy, hold, stream):
    cfg = {"budgets": BUDGETS, "routes": ROUTES, "hold_request_headers": hold}
    env = start_envoy(cfg, hold_headers=hold, upstream_port=mock)
    user = f"az-{stream}"
    r = env.post(AZURE.format(d="my-4o"), azure_body(stream=stream),
                 headers={"x-tok-user": user, "x-usd-user": user, **mock_usage(50, 10, cached=20)})
    assert r.status == 200, r.text
    assert r.header("x-tollgate-model") == "gpt-4o"
    seen = mock.last_request()
    assert seen["path"] == AZURE.format(d="my-4o")
    sent = json.loads(seen["body_text"])
    assert sent["messages"][0]["content"] == "hello from azure"
    if stream:
        assert sent["stream_options"] == {"include_usage": True}
        chunks = [json.loads(e.data) for e in r.sse()[:-1]]
        assert chunks and all(c["choices"] for c in chunks), "usage chunk leaked to the client"
    else:
        assert r.json()["usage"]["prompt_tokens"] == 50
    probe = env.post(AZURE.format(d="my-4o"), azure_body(), headers={"x-tok-user": user, **mock_usage(1, 1)})
    assert tokens_settled_before(probe) == 60
    # gpt-4o prices, OpenAI cache convention (cached is a part of the prompt).
    expected = cost_nanos(PRICES["gpt-4o"], input=30, cached_input=20, output=10)
    probe = env.post(AZURE.format(d="my-4o"), azure_body(), headers={"x-usd-user": user, **mock_usage(1, 1)})
    assert remaining(probe) == usd_to_nanos(USD_LIMIT) - expected - usd_to_nanos(probe.header("x-tollgate-reserved-usd"))
    # A deployment with no mapping and no price is not metered at zero.
    r = env.post(AZURE.format(d="someone-elses"), azure_body(), headers={"x-tok-user": user})
    assert r.status == 400 and r.json()["error"]["code"] == "unknown_model", r.text
    # Paths outside the configured routes are not ours (the mock answers them itself).
    r = env.post("/v1/chat/completions", {"model": "nope", "messages": []})
    assert r.status == 200 and r.header("x-tollgate-model") is None


# -- a small OpenAI-compatible upstream (vLLM/Ollama/DeepSeek style) -----------------------


class CompatServer:
    """OpenAI-compatible chat completions server: streams `reasoning_content` deltas then
    content, with `\\r\\n` line endings, SSE comments, multi-byte text, and the bytes written
    in tiny HTTP chunks (split anywhere). Controls (request headers):
      x-up-prompt / x-up-reasoning: usage numbers; x-up-break-after-events: K -> RST after K
      events; x-up-gzip-anyway: 1 -> gzip the JSON answer whatever accept-encoding says."""

    CONTENT = ["日本", "語の", "答え", " é", "🙂"]

    def __init__(self):
        self.requests: list[dict] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *a):
                pass

            def _body(self) -> bytes:
                if "chunked" in (self.headers.get("transfer-encoding") or "").lower():
                    data = b""
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                        if size == 0:
                            self.rfile.readline()
                            return data
                        data += self.rfile.read(size)
                        self.rfile.readline()
                return self.rfile.read(int(self.headers.get("content-length") or 0))

            def do_POST(self):
                body = self._body()
                req = json.loads(body)
                outer.requests.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                                       "body": req})
                prompt = int(self.headers.get("x-up-prompt", "10"))
                n_reason = int(self.headers.get("x-up-reasoning", "30"))
                usage = {"prompt_tokens": prompt, "completion_tokens": n_reason + len(outer.CONTENT),
                         "total_tokens": prompt + n_reason + len(outer.CONTENT),
                         "completion_tokens_details": {"reasoning_tokens": n_reason}}
                base = {"id": "c-1", "object": "chat.completion.chunk", "created": 1, "model": req["model"]}
                if not req.get("stream"):
                    out = {**base, "object": "chat.completion",
                           "choices": [{"index": 0, "finish_reason": "stop",
                                        "message": {"role": "assistant", "content": "".join(outer.CONTENT),
                                                    "reasoning_content": " step" * n_reason}}],
                           "usage": usage}
                    data = json.dumps(out).encode()
                    self.send_response(200)
                    self.send_header("content-type", "application/json")
                    if self.headers.get("x-up-gzip-anyway") == "1":
                        data = gzip.compress(data)
                        self.send_header("content-encoding", "gzip")
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return

                def ev(delta=None, finish=None, choices=True, **kw):
                    c = {**base, "choices": [{"index": 0, "delta": delta or {}, "finish_reason": finish}] if choices else [], **kw}
                    return ("data: " + json.dumps(c, ensure_ascii=False) + "\r\n\r\n").encode()

                events = [b": keep-alive\r\n\r\n", ev({"role": "assistant", "content": ""})]
                events += [ev({"reasoning_content": " step"}) for _ in range(n_reason)]
                events += [b": still thinking\r\n\r\n"]
                events += [ev({"content": piece}) for piece in outer.CONTENT]
                events += [ev({}, "stop")]
                if (req.get("stream_options") or {}).get("include_usage"):
                    events += [ev(choices=False, usage=usage)]
                events += [b"data: [DONE]\r\n\r\n"]
                brk = self.headers.get("x-up-break-after-events")
                if brk is not None:
                    events = events[:int(brk)]
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("transfer-encoding", "chunked")
                self.end_headers()
                data = b"".join(events)
                for i in range(0, len(data), 7):  # split anywhere, inside UTF-8 characters too
                    piece = data[i:i + 7]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                    self.wfile.flush()
                    time.sleep(0.0005)
                if brk is not None:
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.close_connection = True
                    self.connection.close()
                    return
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def compat():
    s = CompatServer()
    yield s
    s.stop()


def compat_env(start_envoy, upstream, hold):
    cfg = {"budgets": BUDGETS, "routes": ROUTES, "prices": {COMPAT_MODEL: COMPAT_PRICE},
           "hold_request_headers": hold}
    return start_envoy(cfg, hold_headers=hold, upstream_port=upstream)


def compat_body(**extra):
    body = {"model": COMPAT_MODEL, "messages": [{"role": "user", "content": "why?"}], "max_tokens": 100}
    body.update(extra)
    return body


COMPAT = "/ollama/v1/chat/completions"


@pytest.mark.parametrize("hold", MODES)
def test_compatible_server_stream_with_reasoning_content_crlf_and_split_bytes(compat, start_envoy, hold):
    env = compat_env(start_envoy, compat.port, hold)
    before = env.stats()
    r = env.post(COMPAT, compat_body(stream=True),
                 headers={"x-tok-user": "c1", "x-up-prompt": "70", "x-up-reasoning": "30"})
    assert r.status == 200, r.text
    assert r.header("x-tollgate-model") == COMPAT_MODEL
    assert compat.requests[-1]["path"] == COMPAT
    assert compat.requests[-1]["body"]["stream_options"] == {"include_usage": True}
    events = r.sse()
    assert events[-1].data == "[DONE]"
    chunks = [json.loads(e.data) for e in events[:-1]]
    # The client did not ask for usage: the usage-only chunk is removed, the rest intact
    # (multi-byte characters split across body chunks survive).
    assert all(c["choices"] for c in chunks), chunks[-1]
    deltas = [c["choices"][0]["delta"] for c in chunks]
    assert "".join(d.get("reasoning_content", "") for d in deltas) == " step" * 30
    assert "".join(d.get("content") or "" for d in deltas) == "".join(CompatServer.CONTENT)
    assert b"\r\n" in r.body  # relayed as sent
    d = stats_delta(before, env.stats(), "input_tokens", "output_tokens", "reasoning_tokens",
                    "settled_usage_reported", "cost_nanos")
    n_out = 30 + len(CompatServer.CONTENT)
    assert d == {"input_tokens": 70, "output_tokens": n_out, "reasoning_tokens": 30,
                 "settled_usage_reported": 1,
                 "cost_nanos": cost_nanos({"i": "5e-7", "o": "2e-6"}, i=70, o=n_out)}, d
    probe = env.post(COMPAT, compat_body(), headers={"x-tok-user": "c1", "x-up-prompt": "1"})
    assert tokens_settled_before(probe) == 70 + n_out


@pytest.mark.parametrize("hold", MODES)
def test_compatible_stream_broken_during_reasoning_settles_the_relayed_reasoning(compat, start_envoy, hold):
    env = compat_env(start_envoy, compat.port, hold)
    # keep-alive comment, role chunk, 40 reasoning deltas, then a reset: no content, no usage.
    r = env.post(COMPAT, compat_body(stream=True),
                 headers={"x-tok-user": "c2", "x-up-reasoning": "60", "x-up-break-after-events": "42"})
    assert r.status == 200
    assert not r.complete or "[DONE]" not in r.text
    input_count = int(r.header("x-tollgate-input-tokens"))
    stats = env.stats()
    assert stats.get("wasmcustom.tollgate_settled_stream_broken") == 1
    probe = env.post(COMPAT, compat_body(), headers={"x-tok-user": "c2", "x-up-prompt": "1"})
    relayed = tokens_settled_before(probe) - input_count
    # 40 x " step" relayed: the reasoning the client received is charged as output.
    assert 40 <= relayed <= 44, relayed


# ------------------------------------------------------------------------------------------
# Robust reading: compression


@pytest.mark.parametrize("hold", MODES)
@pytest.mark.parametrize("kind", ["chat", "anthropic-stream", "gemini-sse"])
def test_compressed_upstream_answers_are_avoided_by_asking_for_identity(mock, start_envoy, hold, kind):
    env = start_envoy({"budgets": BUDGETS, "hold_request_headers": hold}, hold_headers=hold, upstream_port=mock)
    path, body = {
        "chat": ("/v1/chat/completions", {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}],
                                          "max_tokens": 20}),
        "anthropic-stream": ("/v1/messages", {"model": "claude-sonnet-5-5", "max_tokens": 20, "stream": True,
                                              "messages": [{"role": "user", "content": "hi"}]}),
        "gemini-sse": (GEMINI_SSE.format(model=FLASH), gemini_body(cap=20)),
    }[kind]
    # The client accepts gzip (as both SDKs do) and the mock gzips whenever allowed.
    h = {"x-tok-user": kind, "accept-encoding": "gzip, deflate", "x-mock-gzip": "1", **mock_usage(25, 5)}
    r = env.post(path, body, headers=h)
    assert r.status == 200, r.text
    seen = mock.last_request()
    assert seen["headers"].get("accept-encoding") == "identity", seen["headers"]
    assert r.header("content-encoding") is None
    stats = env.stats()
    assert stats.get("wasmcustom.tollgate_settled_usage_reported") == 1
    assert stats.get("wasmcustom.tollgate_settled_usage_missing", 0) == 0
    probe = env.post(path, body, headers={"x-tok-user": kind, **mock_usage(1, 1)})
    assert tokens_settled_before(probe) == 30


@pytest.mark.parametrize("hold", MODES)
def test_a_response_compressed_anyway_is_charged_the_reservation_and_counted(compat, start_envoy, hold):
    env = compat_env(start_envoy, compat.port, hold)
    r = env.post(COMPAT, compat_body(), headers={"x-tok-user": "gz", "x-up-gzip-anyway": "1", "x-up-prompt": "5"})
    assert r.status == 200
    assert compat.requests[-1]["headers"].get("accept-encoding") == "identity"
    assert r.header("content-encoding") == "gzip"
    assert json.loads(gzip.decompress(r.body))["usage"]["prompt_tokens"] == 5  # relayed untouched
    reserved = reserved_tokens(r)
    assert env.stats().get("wasmcustom.tollgate_settled_usage_missing") == 1  # never silent
    probe = env.post(COMPAT, compat_body(), headers={"x-tok-user": "gz", "x-up-prompt": "1"})
    assert tokens_settled_before(probe) == reserved
