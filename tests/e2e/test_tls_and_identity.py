"""(a) Budgets through the TLS upstream config (envoy/tls-upstream.yaml) in front of an
HTTPS mock with a certificate for api.openai.com.
(b) Budgets keyed on an identity Envoy verified: `envoy.filters.http.jwt_authn` before the
filter (envoy/jwt-identity.yaml), a local JWKS with an HS256 key, the verified payload in
dynamic metadata, and the budget scoped on the property
["metadata", "filter_metadata", "envoy.filters.http.jwt_authn", "jwt_payload", "sub"].
Tokens are signed here with the standard library."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import pytest

CHAT = "/v1/chat/completions"
MODES = [pytest.param(True, id="holding"), pytest.param(False, id="istio")]

SUB_PROPERTY = ["metadata", "filter_metadata", "envoy.filters.http.jwt_authn", "jwt_payload", "sub"]
ISSUER = "tollgate-e2e"
SECRET = b"e2e-hs256-secret-for-tollgate-tests-only"
KID = "e2e"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwks(secret: bytes = SECRET) -> str:
    return json.dumps({"keys": [{"kty": "oct", "alg": "HS256", "kid": KID, "k": b64url(secret)}]})


def sign(claims: dict, secret: bytes = SECRET) -> str:
    header = {"alg": "HS256", "typ": "JWT", "kid": KID}
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
    sig = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(sig)}"


def token(sub: str | None, secret: bytes = SECRET, **extra) -> str:
    claims = {"iss": ISSUER, "exp": int(time.time()) + 3600, **extra}
    if sub is not None:
        claims["sub"] = sub
    return sign(claims, secret)


def chat(text="hello", max_tokens=10):
    return {"model": "gpt-4o", "messages": [{"role": "user", "content": text}], "max_tokens": max_tokens}


def usage(inp, out):
    return {"x-mock-input-tokens": str(inp), "x-mock-output-tokens": str(out)}


def remaining(resp):
    for part in (resp.header("ratelimit") or "").split(";"):
        if part.startswith("r="):
            return int(part[2:])
    raise AssertionError(f"no remaining in ratelimit header {resp.header('ratelimit')!r}")


# ---------------------------------------------------------------------------------------
# (a) TLS upstream


@pytest.mark.parametrize("hold", MODES)
def test_budget_enforced_through_the_tls_upstream(wasm, tls_mock, start_envoy, hold):
    cfg = {"budgets": [{"name": "tls-team", "scope": [{"header": "x-team"}], "window": "day",
                        "limit": {"tokens": 300}, "kind": "hard"}], "hold_request_headers": hold}
    env = start_envoy(cfg, hold_headers=hold, tls_upstream=tls_mock)
    h = {"x-team": "t1", **usage(200, 10)}
    r = env.post(CHAT, chat(max_tokens=10), headers=h)
    assert r.status == 200, r.text
    assert r.json()["usage"]["total_tokens"] == 210
    seen = tls_mock.last_request()
    assert seen["tls"] is True
    assert seen["sni"] == "api.openai.com"
    assert seen["headers"]["host"] == "api.openai.com"
    assert json.loads(seen["body_text"])["model"] == "gpt-4o"
    reserved = int(r.header("x-tollgate-reserved-tokens"))
    assert remaining(r) == 300 - reserved
    # 210 settled: the next request (about 8 + 100 tokens) does not fit in 90.
    tls_mock.clear()
    r2 = env.post(CHAT, chat(max_tokens=100), headers=h)
    assert r2.status == 429, r2.text
    err = r2.json()["error"]
    assert err["code"] == "budget_exceeded" and err["tollgate"]["used"] == 210
    assert "budget `tls-team` exceeded" in err["message"]
    for rec in tls_mock.requests():  # in Istio mode the upstream may have seen the headers only
        assert not rec["body_complete"] or rec["body_text"] == "", rec


# ---------------------------------------------------------------------------------------
# (b) identity verified by Envoy (jwt_authn)


def jwt_envoy(start_envoy, mock, budgets, hold=True, **cfg):
    return start_envoy({"default_max_output_tokens": 16, "budgets": budgets, "hold_request_headers": hold, **cfg},
                       hold_headers=hold, upstream_port=mock, template="jwt-identity.yaml",
                       extra={"jwks": jwks(), "jwt_issuer": ISSUER})


def sub_budget(limit=300, **more):
    return {"name": "per-sub", "scope": [{"property": SUB_PROPERTY}], "window": "day",
            "limit": {"tokens": limit}, "kind": "hard", **more}


@pytest.mark.parametrize("hold", MODES)
def test_verified_sub_claims_get_separate_budgets(wasm, mock, start_envoy, hold):
    env = jwt_envoy(start_envoy, mock, [sub_budget(300)], hold)
    alice = {"authorization": f"Bearer {token('alice')}", **usage(200, 10)}
    bob = {"authorization": f"Bearer {token('bob')}", **usage(200, 10)}
    a1 = env.post(CHAT, chat(), headers=alice)
    assert a1.status == 200, a1.text
    reserved = int(a1.header("x-tollgate-reserved-tokens"))
    assert remaining(a1) == 300 - reserved
    # Alice has 210 of 300 used: another 200 + 10 does not fit (reservation ~ 8 + 100).
    a2 = env.post(CHAT, chat(max_tokens=100), headers=alice)
    assert a2.status == 429, a2.text
    assert a2.json()["error"]["tollgate"]["used"] == 210
    # Bob's budget is untouched.
    b1 = env.post(CHAT, chat(), headers=bob)
    assert b1.status == 200, b1.text
    assert env.stats()["http.main.jwt_authn.allowed"] == 3
    assert remaining(b1) == 300 - int(b1.header("x-tollgate-reserved-tokens"))
    # A fresh token for alice (another exp, so another payload) still charges alice.
    a3 = env.post(CHAT, chat(), headers={**alice, "authorization": f"Bearer {token('alice', nonce='x')}"})
    assert a3.status == 200 and remaining(a3) == 300 - 210 - int(a3.header("x-tollgate-reserved-tokens"))


def test_a_client_header_cannot_choose_the_budget(wasm, mock, start_envoy):
    """alice's token with `x-user-id: bob` and `x-jwt-sub: bob`: the budget keyed on the
    verified sub charges alice."""
    env = jwt_envoy(start_envoy, mock, [sub_budget(300)])
    forged = {"authorization": f"Bearer {token('alice')}", "x-user-id": "bob",
              "x-jwt-sub": "bob", **usage(200, 10)}
    r = env.post(CHAT, chat(), headers=forged)
    assert r.status == 200, r.text
    # jwt_authn overwrote the header the client set (claim_to_headers).
    assert mock.last_request()["headers"]["x-jwt-sub"] == "alice"
    # Alice was charged, whatever the headers said: alice is now out of room...
    a = env.post(CHAT, chat(max_tokens=100), headers={"authorization": f"Bearer {token('alice')}",
                                                       "x-user-id": "carol"})
    assert a.status == 429 and a.json()["error"]["tollgate"]["used"] == 210, a.text
    # ...and bob was not.
    b = env.post(CHAT, chat(max_tokens=100), headers={"authorization": f"Bearer {token('bob')}", **usage(5, 5)})
    assert b.status == 200, b.text
    assert remaining(b) == 300 - int(b.header("x-tollgate-reserved-tokens"))


def test_requests_without_a_valid_token_are_refused_by_jwt_authn_before_the_filter(wasm, mock, start_envoy):
    env = jwt_envoy(start_envoy, mock, [sub_budget(300)])
    mock.clear()
    missing = env.post(CHAT, chat())
    assert missing.status == 401 and "Jwt is missing" in missing.text, missing.text
    bad_sig = env.post(CHAT, chat(), headers={"authorization": f"Bearer {token('alice', secret=b'wrong-key-0123456789')}"})
    assert bad_sig.status == 401, bad_sig.text
    expired = env.post(CHAT, chat(), headers={"authorization": f"Bearer {token('alice', exp=int(time.time()) - 600)}"})
    assert expired.status == 401, expired.text
    assert mock.requests() == []
    stats = env.stats()
    # The filter never saw them: nothing admitted, nothing rejected.
    assert stats["wasmcustom.tollgate_requests_allowed"] == 0
    assert stats["wasmcustom.tollgate_requests_rejected"] == 0
    assert stats["http.main.jwt_authn.denied"] == 3


def test_a_verified_token_without_sub_is_rejected_by_the_filter_naming_the_property(wasm, mock, start_envoy):
    env = jwt_envoy(start_envoy, mock, [sub_budget(300)])
    mock.clear()
    r = env.post(CHAT, chat(), headers={"authorization": f"Bearer {token(None)}"})
    assert r.status == 400, r.text
    err = r.json()["error"]
    assert err["code"] == "missing_scope_attribute", err
    assert "jwt_payload.sub" in err["message"]
    assert mock.requests() == []


def test_claim_to_headers_budget_on_the_header_jwt_authn_overwrites(wasm, mock, start_envoy):
    """The alternative to the property: jwt_authn copies the verified `sub` into x-jwt-sub,
    replacing any value the client sent, and the budget is scoped on that header."""
    budget = {"name": "per-sub-header", "scope": [{"header": "x-jwt-sub"}], "window": "day",
              "limit": {"tokens": 300}, "kind": "hard"}
    env = jwt_envoy(start_envoy, mock, [budget])
    r = env.post(CHAT, chat(), headers={"authorization": f"Bearer {token('alice')}", "x-jwt-sub": "bob",
                                        **usage(200, 10)})
    assert r.status == 200, r.text
    assert mock.last_request()["headers"]["x-jwt-sub"] == "alice"
    # The forged header did not put the charge on bob: alice is out of room, bob is not.
    a = env.post(CHAT, chat(max_tokens=100), headers={"authorization": f"Bearer {token('alice')}"})
    assert a.status == 429 and a.json()["error"]["tollgate"]["used"] == 210, a.text
    b = env.post(CHAT, chat(max_tokens=100), headers={"authorization": f"Bearer {token('bob')}", **usage(5, 5)})
    assert b.status == 200 and remaining(b) == 300 - int(b.header("x-tollgate-reserved-tokens")), b.text
