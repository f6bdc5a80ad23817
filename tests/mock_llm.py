#!/usr/bin/env python3
"""Mock LLM upstream for tollgate's end-to-end tests and demo (standard library only).

    python tests/mock_llm.py --port N [--host 127.0.0.1] [--tls-cert C --tls-key K]

`--port 0` binds a free port. Once listening, the mock prints one line to stdout:
    mock_llm listening on 127.0.0.1:PORT tls=0|1

HTTP/1.1 with keep-alive (ThreadingHTTPServer). Request bodies may come with
content-length or chunked transfer-encoding. With --tls-cert/--tls-key it speaks
HTTPS and records the SNI server name each connection sent.

APIs (JSON, and streaming as SSE with the providers' shapes):
  POST .../chat/completions      OpenAI Chat Completions (also Azure /openai/deployments/{d}/...)
  POST .../completions           OpenAI legacy completions
  POST .../embeddings            OpenAI embeddings (float or base64 encoding_format)
  POST .../responses             OpenAI Responses
  POST .../messages              Anthropic Messages (+ .../messages/count_tokens)
  POST .../models/{m}:generateContent, :streamGenerateContent[?alt=sse]   Gemini / Vertex

Controls (request headers):
  x-mock-input-tokens: N        total prompt tokens (default: len(body)//4, at least 1)
  x-mock-output-tokens: N       output tokens, reasoning included (default: min(request cap, 20);
                                cap = max_completion_tokens|max_tokens|max_output_tokens|
                                generationConfig.maxOutputTokens; legacy completions default 16)
  x-mock-reasoning-tokens: R    part of the output spent on reasoning (reported as a detail;
                                visible content = N - R words "tok0 tok1 ...")
  x-mock-cached-tokens: C       part of the prompt read from cache
  x-mock-cache-write-tokens: W  Anthropic only: cache_creation_input_tokens
  x-mock-usage-extra: E         adds E to the reported output tokens (more than the cap)
  x-mock-no-usage: 1            no usage at all (JSON and stream)
  x-mock-delay-ms: D            wait before answering
  x-mock-chunk-delay-ms: D      wait between SSE events
  x-mock-status: S              answer status S with an error body in the provider's shape
  x-mock-reset-after-chunks: K  stream: send K SSE events then reset the TCP connection
                                (JSON: headers + half the body, then reset)
  x-mock-gzip: 1                gzip the response if the request's accept-encoding allows it

How each API reports the same numbers (input I, cached C, write W, output O, reasoning R, extra E):
  OpenAI chat/legacy: prompt_tokens=I, cached_tokens=C, completion_tokens=O+E (x n choices),
                      reasoning_tokens=R
  Responses:          input_tokens=I, cached_tokens=C, output_tokens=O+E, reasoning_tokens=R
  Anthropic:          input_tokens=I-C-W, cache_read_input_tokens=C,
                      cache_creation_input_tokens=W, output_tokens=O+E
  Gemini:             promptTokenCount=I, cachedContentTokenCount=C,
                      candidatesTokenCount=O+E-R, thoughtsTokenCount=R

Every response echoes the model it received (body field `model`/`modelVersion`, header
x-mock-model). Every API request is recorded (method, path, headers, body as base64 and
text, whether the body arrived complete, the SNI, what the mock answered):
  GET /_mock/requests   -> {"requests": [...]}     DELETE /_mock/requests -> clears
  GET /_mock/health     -> {"ok": true}
A body that is not valid JSON -> 400 in OpenAI's error shape.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import http.server
import json
import re
import signal
import socket
import ssl
import struct
import sys
import threading
import time
import uuid
import zlib
from typing import Any

_LOCK = threading.Lock()
_REQUESTS: list[dict[str, Any]] = []
_SEQ = [0]

GEMINI_RE = re.compile(r"/models/([^/:]+):(generateContent|streamGenerateContent|countTokens)$")


class ClientGone(Exception):
    pass


class ResetConnection(Exception):
    pass


def _words(n: int, start: int = 0) -> list[str]:
    return [f"tok{i}" for i in range(start, start + n)]


def _int_header(headers, name: str, default: int | None = None) -> int | None:
    v = headers.get(name)
    if v is None or v.strip() == "":
        return default
    return int(v.strip())


def _new_id(prefix: str) -> str:
    return prefix + uuid.uuid4().hex[:24]


class Plan:
    """What to answer, computed from the request body and the x-mock-* headers."""

    def __init__(self, headers, body: bytes, cap: int | None, default_cap: int = 20):
        self.input = _int_header(headers, "x-mock-input-tokens")
        if self.input is None:
            self.input = max(1, len(body) // 4)
        out = _int_header(headers, "x-mock-output-tokens")
        if out is None:
            out = min(cap, default_cap) if cap is not None else default_cap
        self.output = max(0, out)
        self.reasoning = min(self.output, _int_header(headers, "x-mock-reasoning-tokens", 0) or 0)
        self.cached = min(self.input, _int_header(headers, "x-mock-cached-tokens", 0) or 0)
        self.cache_write = _int_header(headers, "x-mock-cache-write-tokens", 0) or 0
        self.extra = _int_header(headers, "x-mock-usage-extra", 0) or 0
        self.no_usage = headers.get("x-mock-no-usage", "").strip() in ("1", "true", "yes")
        self.cap = cap
        self.visible = self.output - self.reasoning
        self.words = _words(self.visible)
        self.text = " ".join(self.words)
        self.reported_output = self.output + self.extra
        self.hit_cap = cap is not None and self.output >= cap

    def pieces(self) -> list[str]:
        """Content as streamed deltas: 'tok0', ' tok1', ' tok2' ..."""
        return [w if i == 0 else " " + w for i, w in enumerate(self.words)]


# ----------------------------------------------------------------------------------------
# Usage shapes


def openai_usage(p: Plan, n: int = 1) -> dict:
    completion = p.reported_output * n
    return {
        "prompt_tokens": p.input,
        "completion_tokens": completion,
        "total_tokens": p.input + completion,
        "prompt_tokens_details": {"cached_tokens": p.cached, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": p.reasoning * n,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


def responses_usage(p: Plan) -> dict:
    return {
        "input_tokens": p.input,
        "input_tokens_details": {"cached_tokens": p.cached},
        "output_tokens": p.reported_output,
        "output_tokens_details": {"reasoning_tokens": p.reasoning},
        "total_tokens": p.input + p.reported_output,
    }


def anthropic_usage(p: Plan, output_tokens: int | None = None) -> dict:
    return {
        "input_tokens": max(0, p.input - p.cached - p.cache_write),
        "cache_creation_input_tokens": p.cache_write,
        "cache_read_input_tokens": p.cached,
        "output_tokens": p.reported_output if output_tokens is None else output_tokens,
        "service_tier": "standard",
    }


def gemini_usage(p: Plan, produced: int | None = None) -> dict:
    """Cumulative usage after `produced` visible words (None = all, with the extra)."""
    if produced is None:
        candidates = p.reported_output - p.reasoning
    else:
        candidates = produced
    u: dict[str, Any] = {
        "promptTokenCount": p.input,
        "candidatesTokenCount": candidates,
        "totalTokenCount": p.input + candidates + p.reasoning,
        "promptTokensDetails": [{"modality": "TEXT", "tokenCount": p.input}],
    }
    if p.cached:
        u["cachedContentTokenCount"] = p.cached
    if p.reasoning:
        u["thoughtsTokenCount"] = p.reasoning
    return u


# ----------------------------------------------------------------------------------------
# Error bodies


def openai_error(status: int, message: str, etype: str | None = None, code: Any = None) -> dict:
    if etype is None:
        etype = {400: "invalid_request_error", 401: "invalid_request_error",
                 404: "invalid_request_error", 429: "rate_limit_error"}.get(
            status, "server_error" if status >= 500 else "invalid_request_error")
    return {"error": {"message": message, "type": etype, "param": None, "code": code}}


def anthropic_error(status: int, message: str) -> dict:
    etype = {400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
             404: "not_found_error", 413: "request_too_large", 429: "rate_limit_error",
             529: "overloaded_error"}.get(status, "api_error")
    return {"type": "error", "error": {"type": etype, "message": message},
            "request_id": _new_id("req_")}


def gemini_error(status: int, message: str) -> dict:
    st = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED",
          404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED", 503: "UNAVAILABLE",
          504: "DEADLINE_EXCEEDED"}.get(status, "INTERNAL")
    return {"error": {"code": status, "message": message, "status": st}}


# ----------------------------------------------------------------------------------------


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes: without this, delayed ACK stalls each
    # keep-alive response by ~40 ms.
    disable_nagle_algorithm = True
    server_version = "mock-llm/1.0"

    def version_string(self):
        return self.server_version
    timeout = 60  # socket timeout: a stuck peer does not pin a thread forever

    # -- connection setup (TLS handshake in the connection's own thread) --
    def setup(self):
        self.sni = None
        ctx = getattr(self.server, "tls_context", None)
        if ctx is not None:
            self.request.settimeout(self.timeout)
            try:
                self.request = ctx.wrap_socket(self.request, server_side=True)
            except (ssl.SSLError, OSError) as e:
                self.log_message("TLS handshake failed: %s", e)
                raise
            self.sni = getattr(self.request, "_mock_sni", None)
        super().setup()

    def handle(self):
        try:
            super().handle()
        except (ConnectionError, ssl.SSLError, socket.timeout, TimeoutError):
            pass

    def log_message(self, fmt, *args):
        sys.stderr.write("%s mock_llm %s\n" % (time.strftime("%H:%M:%S"), fmt % args))

    # -- body reading --
    def _read_body(self) -> tuple[bytes, bool]:
        te = (self.headers.get("transfer-encoding") or "").lower()
        data = bytearray()
        try:
            if "chunked" in te:
                while True:
                    line = self.rfile.readline(65537)
                    if not line:
                        return bytes(data), False
                    size = int(line.split(b";", 1)[0].strip() or b"0", 16)
                    if size == 0:
                        while True:  # trailers
                            t = self.rfile.readline(65537)
                            if not t or t in (b"\r\n", b"\n"):
                                break
                        return bytes(data), True
                    chunk = self.rfile.read(size)
                    data += chunk
                    if len(chunk) < size:
                        return bytes(data), False
                    self.rfile.readline(3)
            length = int(self.headers.get("content-length") or 0)
            while len(data) < length:
                chunk = self.rfile.read(length - len(data))
                if not chunk:
                    return bytes(data), False
                data += chunk
            return bytes(data), True
        except (ConnectionError, socket.timeout, TimeoutError, ValueError, ssl.SSLError):
            return bytes(data), False

    def _record(self, body: bytes, complete: bool) -> dict:
        with _LOCK:
            _SEQ[0] += 1
            rec = {
                "seq": _SEQ[0],
                "time": time.time(),
                "method": self.command,
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "header_list": [[k, v] for k, v in self.headers.items()],
                "body_b64": base64.b64encode(body).decode(),
                "body_text": body.decode("utf-8", errors="replace"),
                "body_length": len(body),
                "body_complete": complete,
                "tls": self.sni is not None or getattr(self.server, "tls_context", None) is not None,
                "sni": self.sni,
                "client_port": self.client_address[1] if self.client_address else None,
                "response": None,  # filled in: {"status", "stream", "completed"}
            }
            _REQUESTS.append(rec)
            return rec

    # -- responses --
    def _gzip_ok(self) -> bool:
        want = self.headers.get("x-mock-gzip", "").strip() in ("1", "true", "yes")
        ae = (self.headers.get("accept-encoding") or "").lower()
        return want and any(p.split(";")[0].strip() in ("gzip", "*") for p in ae.split(","))

    def _send_json(self, status: int, obj: Any, extra_headers: dict | None = None):
        body = json.dumps(obj).encode()
        headers = {"content-type": "application/json"}
        if self._gzip_ok():
            body = gzip.compress(body)
            headers["content-encoding"] = "gzip"
        headers.update(extra_headers or {})
        reset = _int_header(self.headers, "x-mock-reset-after-chunks")
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        if reset is not None and self.command == "POST" and not self.path.startswith("/_mock"):
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            raise ResetConnection()
        self.wfile.write(body)
        self.wfile.flush()

    def _abort(self):
        """Reset the TCP connection (RST, no terminating chunk)."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        try:
            self.connection.close()
        except OSError:
            pass

    def _stream(self, events: list[bytes], extra_headers: dict | None = None):
        """Send SSE events, one HTTP chunk each, honouring chunk delay / reset / gzip."""
        delay = (_int_header(self.headers, "x-mock-chunk-delay-ms", 0) or 0) / 1000.0
        reset = _int_header(self.headers, "x-mock-reset-after-chunks")
        gz = zlib.compressobj(wbits=31) if self._gzip_ok() else None
        self.send_response(200)
        self.send_header("content-type", "text/event-stream; charset=utf-8")
        self.send_header("cache-control", "no-cache")
        self.send_header("transfer-encoding", "chunked")
        if gz is not None:
            self.send_header("content-encoding", "gzip")
        for k, v in (extra_headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.flush()

        def write_chunk(data: bytes):
            if not data:
                return
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()

        try:
            for i, ev in enumerate(events):
                if reset is not None and i >= reset:
                    raise ResetConnection()
                if i and delay:
                    time.sleep(delay)
                write_chunk(gz.compress(ev) + gz.flush(zlib.Z_SYNC_FLUSH) if gz else ev)
            if reset is not None and reset >= len(events):
                raise ResetConnection()
            if gz is not None:
                write_chunk(gz.flush())
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError) as e:
            raise ClientGone() from e

    # -- dispatch --
    def do_GET(self):
        self._dispatch()

    def do_DELETE(self):
        self._dispatch()

    def do_POST(self):
        self._dispatch()

    def do_PUT(self):
        self._dispatch()

    def _dispatch(self):
        path = self.path.split("?", 1)[0]
        if path.startswith("/_mock/"):
            body, _ = self._read_body()
            return self._control(path)
        body, complete = self._read_body()
        rec = self._record(body, complete)
        status_holder = {"status": None, "stream": False, "completed": False}
        rec["response"] = status_holder
        if not complete:
            self.close_connection = True
            self.log_message("incomplete request body for %s (%d bytes)", self.path, len(body))
            return
        try:
            delay = _int_header(self.headers, "x-mock-delay-ms", 0) or 0
            if delay:
                time.sleep(delay / 1000.0)
            self._api(path, body, status_holder)
            status_holder["completed"] = True
        except ResetConnection:
            status_holder["completed"] = False
            self._abort()
        except ClientGone:
            status_holder["completed"] = False
            self.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as e:  # noqa: BLE001 - a bug in the mock should be visible, not a hang
            self.log_message("mock error: %r", e)
            status_holder["status"] = 500
            try:
                self._send_json(500, openai_error(500, f"mock_llm internal error: {e!r}"))
            except Exception:  # noqa: BLE001
                self.close_connection = True

    def _control(self, path: str):
        if path == "/_mock/health":
            return self._send_json(200, {"ok": True, "tls": getattr(self.server, "tls_context", None) is not None})
        if path == "/_mock/requests":
            if self.command == "DELETE":
                with _LOCK:
                    _REQUESTS.clear()
                return self._send_json(200, {"cleared": True})
            with _LOCK:
                snapshot = json.loads(json.dumps(_REQUESTS))
            return self._send_json(200, {"requests": snapshot})
        return self._send_json(404, openai_error(404, f"unknown mock control path {path}"))

    def _api(self, path: str, body: bytes, st: dict):
        m = GEMINI_RE.search(path)
        if path.endswith("/chat/completions"):
            kind = "chat"
        elif path.endswith("/completions"):
            kind = "completions"
        elif path.endswith("/embeddings"):
            kind = "embeddings"
        elif path.endswith("/responses"):
            kind = "responses"
        elif path.endswith("/messages/count_tokens"):
            kind = "anthropic_count"
        elif path.endswith("/messages"):
            kind = "anthropic"
        elif m:
            kind = "gemini"
        else:
            st["status"] = 404
            return self._send_json(404, openai_error(404, f"Unknown path {path}"))
        if self.command != "POST":
            st["status"] = 405
            return self._send_json(405, openai_error(405, f"{self.command} not allowed on {path}"))
        try:
            req = json.loads(body.decode("utf-8"))
            if not isinstance(req, dict):
                raise ValueError("body is not a JSON object")
        except (ValueError, UnicodeDecodeError) as e:
            st["status"] = 400
            return self._send_json(400, openai_error(
                400, f"We could not parse the JSON body of your request. ({e})"))

        forced = _int_header(self.headers, "x-mock-status")
        if forced is not None and forced >= 400:
            st["status"] = forced
            msg = f"mock_llm: forced error status {forced}"
            if kind.startswith("anthropic"):
                err = anthropic_error(forced, msg)
            elif kind == "gemini":
                err = gemini_error(forced, msg)
            else:
                err = openai_error(forced, msg)
            return self._send_json(forced, err)

        st["status"] = 200
        if kind == "gemini":
            model, method = m.group(1), m.group(2)
            qs = self.path.split("?", 1)[1] if "?" in self.path else ""
            sse = "alt=sse" in qs.split("&")
            return self._gemini(req, body, model, method, sse, st)
        return getattr(self, "_" + kind)(req, body, st)

    # -- OpenAI chat completions --
    def _chat(self, req: dict, body: bytes, st: dict):
        cap = req.get("max_completion_tokens", req.get("max_tokens"))
        p = Plan(self.headers, body, cap if isinstance(cap, int) else None)
        n = req.get("n") or 1
        model = req.get("model", "")
        cid, created = _new_id("chatcmpl-"), int(time.time())
        finish = "length" if p.hit_cap else "stop"
        hdrs = {"x-mock-model": str(model)}
        if not req.get("stream"):
            out = {
                "id": cid, "object": "chat.completion", "created": created, "model": model,
                "choices": [{"index": i, "message": {"role": "assistant", "content": p.text,
                                                     "refusal": None, "annotations": []},
                             "logprobs": None, "finish_reason": finish} for i in range(n)],
                "service_tier": "default", "system_fingerprint": "fp_mock",
            }
            if not p.no_usage:
                out["usage"] = openai_usage(p, n)
            return self._send_json(200, out, hdrs)
        st["stream"] = True
        include_usage = bool((req.get("stream_options") or {}).get("include_usage")) and not p.no_usage

        def chunk(choices, usage_key=True, **kw):
            c = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
                 "service_tier": "default", "system_fingerprint": "fp_mock", "choices": choices}
            if include_usage and usage_key:
                c["usage"] = None
            c.update(kw)
            return b"data: " + json.dumps(c).encode() + b"\n\n"

        events = [chunk([{"index": i, "delta": {"role": "assistant", "content": "", "refusal": None},
                          "logprobs": None, "finish_reason": None} for i in range(n)])]
        for piece in p.pieces():
            for i in range(n):
                events.append(chunk([{"index": i, "delta": {"content": piece},
                                      "logprobs": None, "finish_reason": None}]))
        events.append(chunk([{"index": i, "delta": {}, "logprobs": None, "finish_reason": finish}
                             for i in range(n)]))
        if include_usage:
            events.append(chunk([], usage=openai_usage(p, n)))
        events.append(b"data: [DONE]\n\n")
        self._stream(events, hdrs)

    # -- OpenAI legacy completions --
    def _completions(self, req: dict, body: bytes, st: dict):
        cap = req.get("max_tokens", 16)
        p = Plan(self.headers, body, cap if isinstance(cap, int) else 16)
        model = req.get("model", "")
        cid, created = _new_id("cmpl-"), int(time.time())
        finish = "length" if p.hit_cap else "stop"
        hdrs = {"x-mock-model": str(model)}
        usage = {k: v for k, v in openai_usage(p).items() if k.endswith("tokens")}
        if not req.get("stream"):
            out = {"id": cid, "object": "text_completion", "created": created, "model": model,
                   "choices": [{"text": p.text, "index": 0, "logprobs": None, "finish_reason": finish}]}
            if not p.no_usage:
                out["usage"] = usage
            return self._send_json(200, out, hdrs)
        st["stream"] = True
        include_usage = bool((req.get("stream_options") or {}).get("include_usage")) and not p.no_usage

        def chunk(choices, **kw):
            c = {"id": cid, "object": "text_completion", "created": created, "model": model,
                 "choices": choices}
            if include_usage:
                c["usage"] = None
            c.update(kw)
            return b"data: " + json.dumps(c).encode() + b"\n\n"

        events = [chunk([{"text": piece, "index": 0, "logprobs": None, "finish_reason": None}])
                  for piece in p.pieces()]
        events.append(chunk([{"text": "", "index": 0, "logprobs": None, "finish_reason": finish}]))
        if include_usage:
            events.append(chunk([], usage=usage))
        events.append(b"data: [DONE]\n\n")
        self._stream(events, hdrs)

    # -- OpenAI embeddings --
    def _embeddings(self, req: dict, body: bytes, st: dict):
        p = Plan(self.headers, body, None)
        inputs = req.get("input", "")
        if isinstance(inputs, str) or (isinstance(inputs, list) and inputs and isinstance(inputs[0], int)):
            inputs = [inputs]
        dims = int(req.get("dimensions") or 8)
        data = []
        for i, _ in enumerate(inputs if isinstance(inputs, list) else [inputs]):
            vec = [round(((i + 1) * (j + 3) % 17) / 17.0 - 0.5, 6) for j in range(dims)]
            if req.get("encoding_format") == "base64":
                emb: Any = base64.b64encode(struct.pack(f"<{dims}f", *vec)).decode()
            else:
                emb = vec
            data.append({"object": "embedding", "index": i, "embedding": emb})
        out: dict[str, Any] = {"object": "list", "data": data, "model": req.get("model", "")}
        if not p.no_usage:
            out["usage"] = {"prompt_tokens": p.input, "total_tokens": p.input}
        self._send_json(200, out, {"x-mock-model": str(req.get("model", ""))})

    # -- OpenAI Responses --
    def _responses(self, req: dict, body: bytes, st: dict):
        cap = req.get("max_output_tokens")
        p = Plan(self.headers, body, cap if isinstance(cap, int) else None)
        model = req.get("model", "")
        rid, mid, created = _new_id("resp_"), _new_id("msg_"), int(time.time())
        hdrs = {"x-mock-model": str(model)}
        status = "incomplete" if p.hit_cap else "completed"

        def response_obj(state: str, text: str | None, usage: dict | None) -> dict:
            output = []
            if text is not None:
                output.append({"type": "message", "id": mid, "status": "completed" if state != "in_progress" else "in_progress",
                               "role": "assistant",
                               "content": [{"type": "output_text", "text": text, "annotations": [], "logprobs": []}]})
            return {
                "id": rid, "object": "response", "created_at": created, "status": state,
                "background": False, "error": None,
                "incomplete_details": {"reason": "max_output_tokens"} if state == "incomplete" else None,
                "instructions": req.get("instructions"), "max_output_tokens": cap, "model": model,
                "output": output, "parallel_tool_calls": True,
                "previous_response_id": req.get("previous_response_id"),
                "reasoning": {"effort": (req.get("reasoning") or {}).get("effort"), "summary": None},
                "store": req.get("store", True), "temperature": req.get("temperature", 1.0),
                "text": {"format": {"type": "text"}}, "tool_choice": req.get("tool_choice", "auto"),
                "tools": req.get("tools", []), "top_p": req.get("top_p", 1.0), "truncation": "disabled",
                "usage": usage, "user": req.get("user"), "metadata": req.get("metadata", {}),
            }

        final_usage = None if p.no_usage else responses_usage(p)
        if not req.get("stream"):
            out = response_obj(status, p.text, final_usage)
            if p.no_usage:
                out.pop("usage")
            return self._send_json(200, out, hdrs)
        st["stream"] = True
        seq = [0]

        def ev(etype: str, **fields) -> bytes:
            d = {"type": etype, "sequence_number": seq[0], **fields}
            seq[0] += 1
            return f"event: {etype}\ndata: {json.dumps(d)}\n\n".encode()

        part_empty = {"type": "output_text", "text": "", "annotations": [], "logprobs": []}
        part_done = {"type": "output_text", "text": p.text, "annotations": [], "logprobs": []}
        item_ip = {"type": "message", "id": mid, "status": "in_progress", "role": "assistant", "content": []}
        item_done = {"type": "message", "id": mid, "status": "completed", "role": "assistant", "content": [part_done]}
        events = [ev("response.created", response=response_obj("in_progress", None, None)),
                  ev("response.in_progress", response=response_obj("in_progress", None, None)),
                  ev("response.output_item.added", output_index=0, item=item_ip),
                  ev("response.content_part.added", item_id=mid, output_index=0, content_index=0, part=part_empty)]
        for piece in p.pieces():
            events.append(ev("response.output_text.delta", item_id=mid, output_index=0, content_index=0,
                             delta=piece, logprobs=[]))
        events += [ev("response.output_text.done", item_id=mid, output_index=0, content_index=0, text=p.text, logprobs=[]),
                   ev("response.content_part.done", item_id=mid, output_index=0, content_index=0, part=part_done),
                   ev("response.output_item.done", output_index=0, item=item_done),
                   ev("response." + status, response=response_obj(status, p.text, final_usage))]
        self._stream(events, hdrs)

    # -- Anthropic Messages --
    def _anthropic_count(self, req: dict, body: bytes, st: dict):
        p = Plan(self.headers, body, None)
        self._send_json(200, {"input_tokens": p.input})

    def _anthropic(self, req: dict, body: bytes, st: dict):
        cap = req.get("max_tokens")
        if not isinstance(cap, int):
            st["status"] = 400
            return self._send_json(400, anthropic_error(400, "max_tokens: Field required"))
        p = Plan(self.headers, body, cap)
        model = req.get("model", "")
        mid = _new_id("msg_")
        stop = "max_tokens" if p.hit_cap else "end_turn"
        hdrs = {"x-mock-model": str(model), "request-id": _new_id("req_")}
        if not req.get("stream"):
            out = {"id": mid, "type": "message", "role": "assistant", "model": model,
                   "content": [{"type": "text", "text": p.text}], "stop_reason": stop,
                   "stop_sequence": None}
            if not p.no_usage:
                out["usage"] = anthropic_usage(p)
            return self._send_json(200, out, hdrs)
        st["stream"] = True

        def ev(etype: str, **fields) -> bytes:
            d = {"type": etype, **fields}
            return f"event: {etype}\ndata: {json.dumps(d)}\n\n".encode()

        start_msg: dict[str, Any] = {"id": mid, "type": "message", "role": "assistant", "model": model,
                                     "content": [], "stop_reason": None, "stop_sequence": None}
        if not p.no_usage:
            start_msg["usage"] = anthropic_usage(p, output_tokens=min(1, p.reported_output))
        events = [ev("message_start", message=start_msg),
                  ev("content_block_start", index=0, content_block={"type": "text", "text": ""}),
                  ev("ping")]
        for piece in p.pieces():
            events.append(ev("content_block_delta", index=0, delta={"type": "text_delta", "text": piece}))
        events.append(ev("content_block_stop", index=0))
        md: dict[str, Any] = {"delta": {"stop_reason": stop, "stop_sequence": None}}
        if not p.no_usage:
            md["usage"] = anthropic_usage(p)  # cumulative output, repeats input/cache counts
        events += [ev("message_delta", **md), ev("message_stop")]
        self._stream(events, hdrs)

    # -- Gemini --
    def _gemini(self, req: dict, body: bytes, model: str, method: str, sse: bool, st: dict):
        gc = req.get("generationConfig") or {}
        cap = gc.get("maxOutputTokens")
        p = Plan(self.headers, body, cap if isinstance(cap, int) else None)
        hdrs = {"x-mock-model": model}
        rid = uuid.uuid4().hex[:22]
        finish = "MAX_TOKENS" if p.hit_cap else "STOP"
        if method == "countTokens":
            return self._send_json(200, {"totalTokens": p.input}, hdrs)

        def obj(text: str, usage: dict | None, finish_reason: str | None) -> dict:
            cand: dict[str, Any] = {"content": {"parts": [{"text": text}], "role": "model"}, "index": 0}
            if finish_reason:
                cand["finishReason"] = finish_reason
            o: dict[str, Any] = {"candidates": [cand]}
            if usage is not None:
                o["usageMetadata"] = usage
            o["modelVersion"] = model
            o["responseId"] = rid
            return o

        if method == "generateContent":
            return self._send_json(200, obj(p.text, None if p.no_usage else gemini_usage(p), finish), hdrs)
        st["stream"] = True
        pieces = p.pieces() or [""]
        objs = []
        for i, piece in enumerate(pieces):
            last = i == len(pieces) - 1
            usage = None if p.no_usage else gemini_usage(p, None if last else i + 1)
            objs.append(obj(piece, usage, finish if last else None))
        if sse:
            events = [b"data: " + json.dumps(o).encode() + b"\r\n\r\n" for o in objs]
            return self._stream(events, hdrs)
        # streamGenerateContent without alt=sse: one JSON array, streamed element by element
        events = []
        for i, o in enumerate(objs):
            events.append((b"[" if i == 0 else b",\r\n") + json.dumps(o).encode())
        events.append(b"]")
        self._stream(events, {**hdrs, "content-type": "application/json; charset=UTF-8"})


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    tls_context: ssl.SSLContext | None = None


def make_tls_context(cert: str, key: str) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    ctx.set_alpn_protocols(["http/1.1"])

    def on_sni(sslobj, server_name, _ctx):
        # sslobj is the server-side SSLSocket of this connection
        try:
            sslobj._mock_sni = server_name
        except AttributeError:
            pass
        return None

    ctx.sni_callback = on_sni
    return ctx


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    args = ap.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        ap.error("--tls-cert and --tls-key go together")
    srv = Server((args.host, args.port), Handler)
    if args.tls_cert:
        srv.tls_context = make_tls_context(args.tls_cert, args.tls_key)

    def on_term(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    host, port = srv.server_address[:2]
    print(f"mock_llm listening on {host}:{port} tls={1 if args.tls_cert else 0}", flush=True)
    try:
        srv.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
