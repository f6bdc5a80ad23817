"""Hardening (issue 9) through the real Envoy, in both hosting modes: a request that
outlives `reservation_ttl_seconds` keeps its hold, a client that leaves before the answer
is charged, a JSON answer cut mid-way is charged. The oracle is the budget counter read
through the admin API against the reservation the filter announced for the same body, and
the usage the mock reported on the wire."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time

import pytest

CHAT = "/v1/chat/completions"
MODES = [pytest.param(True, id="holding"), pytest.param(False, id="istio")]
TOKEN = "hardening-admin-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}


def config(hold, limit, ttl=600):
    return {
        "hold_request_headers": hold,
        "default_max_output_tokens": 100,
        "reservation_ttl_seconds": ttl,
        "admin": {"path_prefix": "/tollgate/", "bearer_token": TOKEN},
        "budgets": [{"name": "user-day", "scope": [{"header": "x-user-id"}], "window": "day",
                     "limit": {"tokens": limit}, "kind": "hard"}],
    }


def body(text="hello there"):
    return {"model": "gpt-4o", "messages": [{"role": "user", "content": text}]}


def counter(env, user):
    r = env.request("GET", f"/tollgate/counters?budget=user-day&key={user}", headers=AUTH)
    assert r.status == 200, r.text
    doc = r.json()
    return int(doc["used"]), int(doc["reserved"])


def wait_for_counter(env, user, want, timeout=10.0):
    deadline = time.monotonic() + timeout
    while True:
        got = counter(env, user)
        if got == want or time.monotonic() > deadline:
            return got
        time.sleep(0.1)


def reservation_of(env, user_prefix, text="hello there"):
    """What the filter reserves for this body (a probe on its own counter)."""
    r = env.post(CHAT, body(text), headers={"x-user-id": f"{user_prefix}-probe", "x-mock-output-tokens": "1"})
    assert r.status == 200, r.text
    return int(r.header("x-tollgate-reserved-tokens"))


@pytest.mark.parametrize("hold", MODES)
def test_a_request_outliving_the_hold_ttl_keeps_its_hold(wasm, mock, start_envoy, hold):
    # TTL 2 s; the first request takes 7 s upstream. Its hold must stay: the second
    # request, sent 4 s in, would overshoot the limit and is refused.
    env = start_envoy(config(hold, limit=200, ttl=2), hold_headers=hold, upstream_port=mock,
                      stream_idle_timeout="30s")
    reserved = reservation_of(env, "long")
    assert 100 < reserved <= 200, reserved
    slow = {}

    def first():
        slow["r"] = env.post(CHAT, body(), headers={"x-user-id": "long", "x-mock-delay-ms": "7000",
                                                   "x-mock-input-tokens": "20", "x-mock-output-tokens": "30"},
                             timeout=30)

    t = threading.Thread(target=first)
    t.start()
    time.sleep(4.0)
    assert counter(env, "long") == (0, reserved)  # still held, past two TTLs
    second = env.post(CHAT, body(), headers={"x-user-id": "long"})
    assert second.status == 429, second.text
    t.join(30)
    assert slow["r"].status == 200, slow["r"].text
    # Settled to the wire's usage (20 + 30), nothing else held.
    assert wait_for_counter(env, "long", (50, 0)) == (50, 0)
    third = env.post(CHAT, body(), headers={"x-user-id": "long", "x-mock-input-tokens": "5",
                                           "x-mock-output-tokens": "5"})
    assert third.status == 200, third.text
    assert wait_for_counter(env, "long", (60, 0)) == (60, 0)


def abandon(port, payload, headers, after):
    """Sends a request and closes the connection `after` seconds later, unanswered."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=after)
    conn.request("POST", CHAT, body=json.dumps(payload).encode(),
                 headers={"content-type": "application/json", **headers})
    try:
        conn.getresponse()
        raise AssertionError("the answer came before the client left")
    except (socket.timeout, TimeoutError):
        pass
    finally:
        conn.close()


@pytest.mark.parametrize("hold", MODES)
def test_a_client_that_leaves_before_the_answer_is_charged(wasm, mock, start_envoy, hold):
    env = start_envoy(config(hold, limit=1_000_000), hold_headers=hold, upstream_port=mock)
    reserved = reservation_of(env, "gone")
    mock.clear()
    for _ in range(5):
        abandon(env.port, body(), {"x-user-id": "gone", "x-mock-delay-ms": "1500"}, after=0.4)
    # Every request reached the upstream, which generated; none may cost nothing.
    mock.wait_for_requests(5)
    assert wait_for_counter(env, "gone", (5 * reserved, 0)) == (5 * reserved, 0)
    assert env.stats().get("wasmcustom.tollgate_settled_cut", 0) >= 5


@pytest.mark.parametrize("hold", MODES)
def test_a_json_answer_cut_mid_way_is_charged_the_reservation(wasm, mock, start_envoy, hold):
    env = start_envoy(config(hold, limit=1_000_000), hold_headers=hold, upstream_port=mock)
    r = env.post(CHAT, body(), headers={"x-user-id": "cut", "x-mock-reset-after-chunks": "0",
                                        "x-mock-output-tokens": "60"})
    assert r.status == 200 and not r.complete, (r.status, r.complete)
    reserved = int(r.header("x-tollgate-reserved-tokens"))
    # The cut came before the usage: input plus the whole output cap, not the input alone.
    assert wait_for_counter(env, "cut", (reserved, 0)) == (reserved, 0)


@pytest.mark.parametrize("hold", MODES)
def test_identities_that_are_not_utf8_never_share_a_budget(wasm, mock, start_envoy, hold):
    env = start_envoy(config(hold, limit=150), hold_headers=hold, upstream_port=mock)
    spend = {"x-mock-input-tokens": "100", "x-mock-output-tokens": "50"}
    first = env.post(CHAT, body(), headers={"x-user-id": b"col-\xff", **spend})
    assert first.status == 200, first.text
    again = env.post(CHAT, body(), headers={"x-user-id": b"col-\xff"})
    assert again.status == 429, again.text  # that identity's budget is spent
    other = env.post(CHAT, body(), headers={"x-user-id": b"col-\xfe"})
    assert other.status == 200, other.text  # a different identity, its own budget
    lossy = env.post(CHAT, body(), headers={"x-user-id": "col-\ufffd".encode()})
    assert lossy.status == 200, lossy.text


def chunked_post(port, path, total, headers):
    """A chunked upload of `total` bytes of a JSON body (never valid: it is cut by Envoy)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    prefix = b'{"model": "gpt-4o", "messages": [{"role": "user", "content": "'
    chunk = b"x" * 65536

    def parts():
        yield prefix
        sent = len(prefix)
        while sent < total:
            yield chunk
            sent += len(chunk)
        yield b'"}]}'

    try:
        conn.request("POST", path, body=parts(), headers={"content-type": "application/json", **headers},
                     encode_chunked=True)
        resp = conn.getresponse()
        return resp.status, resp.getheader("content-type"), resp.read()
    except (BrokenPipeError, ConnectionResetError):
        resp = conn.getresponse()
        return resp.status, resp.getheader("content-type"), resp.read()
    finally:
        conn.close()


@pytest.mark.parametrize("hold", MODES)
@pytest.mark.parametrize("path,shape", [
    (CHAT, "openai"),
    ("/v1/messages", "anthropic"),
    ("/v1beta/models/gemini-2.5-flash:generateContent", "gemini"),
])
def test_a_chunked_body_over_the_buffer_limit_gets_the_providers_error_shape(wasm, mock, start_envoy, hold,
                                                                             path, shape):
    env = start_envoy(config(hold, limit=1_000_000), hold_headers=hold, upstream_port=mock)
    status, ctype, raw = chunked_post(env.port, path, 2 * 1024 * 1024, {"x-user-id": "big"})
    assert status == 413, raw[:200]
    assert ctype == "application/json", raw[:200]
    doc = json.loads(raw)
    if shape == "openai":
        assert doc["error"]["code"] == "body_too_large" and doc["error"]["type"] == "invalid_request_error"
        assert doc["error"]["param"] is None
    elif shape == "anthropic":
        assert doc["type"] == "error" and doc["error"]["type"] == "request_too_large"
    else:
        assert doc["error"]["code"] == 413 and doc["error"]["status"] == "INVALID_ARGUMENT"
    assert "buffer limit" in json.dumps(doc)
