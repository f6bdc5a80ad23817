"""One configuration, one answer: every shared decision fixture
(tests/fixtures/decisions/*.json) sent through the real Envoy with the built filter gives
the decision the browser and Node builds computed (the fixture's `expect`): verdict,
status, rule, error code and error body, routed model, route, input tokens and exactness,
reserved tokens and dollars, and the decision headers. Wall-clock parts (RFC 3339 times,
RateLimit `t=`, Retry-After) are masked on both sides (examples/web/test/view_core.js).

Counter state is recreated by real traffic: for each preloaded counter, one request
through Envoy whose usage the mock reports as exactly that many tokens."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = sorted((REPO / "tests/fixtures/decisions").glob("*.json"))
TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


def mask(value):
    if isinstance(value, str):
        return TIME.sub("<time>", value)
    if isinstance(value, list):
        return [mask(v) for v in value]
    if isinstance(value, dict):
        return {k: mask(v) for k, v in value.items()}
    return value


def decision_headers(resp) -> dict:
    out = {}
    for name in {n.lower() for n in resp.headers.keys()}:
        value = ", ".join(resp.headers.get_all(name) or [])
        if name.startswith("x-tollgate-") or name.startswith("ratelimit") or name == "x-should-retry":
            out[name] = re.sub(r";t=\d+", ";t=<t>", value) if name == "ratelimit" else value
        elif name == "retry-after":
            out[name] = "<t>"
    return out


def view(resp) -> dict:
    """The decision as Envoy's answer shows it, in the shape of view_core.js's view()."""
    code = resp.header("x-tollgate-error")
    if code is not None:
        error = resp.json()
        inner = error.get("error") if isinstance(error, dict) else None
        rule = (inner or {}).get("tollgate", {}).get("rule") if isinstance(inner, dict) else None
        v = {"verdict": "reject", "status": resp.status, "rule": rule, "error_code": code, "error": error}
    else:
        v = {"verdict": "pass", "status": None, "rule": None, "error_code": None, "error": None}
    allowed = code is None and resp.header("x-tollgate-model") is not None
    if allowed:
        v["verdict"] = "allow"
    v.update({
        "routed_model": resp.header("x-tollgate-model") if allowed else None,
        "route": resp.header("x-tollgate-route") if allowed else None,
        "input_tokens": int(resp.header("x-tollgate-input-tokens")) if allowed else None,
        "input_exact": resp.header("x-tollgate-input-exact") == "true" if allowed else None,
        "reserved_tokens": int(resp.header("x-tollgate-reserved-tokens")) if allowed else None,
        "reserved_usd": resp.header("x-tollgate-reserved-usd") if allowed else None,
        "headers": decision_headers(resp) if v["verdict"] != "pass" else {},
    })
    return mask(v)


def prime(env, config: dict, counter: dict) -> None:
    """Spend `used` tokens on a counter with one real request the mock bills exactly."""
    budget = next(b for b in config.get("budgets", []) if b["name"] == counter["budget"])
    assert "tokens" in budget["limit"], "e2e priming supports token budgets only"
    assert not counter.get("reserved"), "e2e priming cannot hold reservations"
    headers = {"x-mock-input-tokens": str(counter["used"]), "x-mock-output-tokens": "0"}
    for attr, value in zip(budget.get("scope", []), counter.get("key", []), strict=True):
        assert isinstance(attr, dict) and "header" in attr, f"e2e priming supports header scopes only: {attr}"
        headers[attr["header"]] = value
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "prime"}], "max_tokens": 1}
    r = env.request("POST", "/v1/chat/completions", body, headers)
    assert r.status == 200, r.text


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_envoy_decides_as_the_web_build(wasm, mock, start_envoy, path):
    fx = json.loads(path.read_text())
    assert "expect" in fx, f"{path.name} has no expect"
    config = {**fx["config"], "hold_request_headers": True}
    env = start_envoy(config, hold_headers=True, upstream_port=mock)
    for counter in fx.get("state", {}).get("counters", []):
        prime(env, fx["config"], counter)
    req = fx["request"]
    body = req.get("body")
    headers = dict(req.get("headers", {}))
    r = env.request(req.get("method", "POST"), req["path"], body, headers)
    assert view(r) == fx["expect"], r.text


def test_fixtures_are_there():
    assert len(FIXTURES) >= 20


def test_log_lines_name_tollgate_once(wasm, mock, start_envoy):
    """Envoy starts each wasm log line with the plugin's name, root id and VM id
    (`wasm log tollgate tollgate tollgate: …`); the filter's own messages must not repeat
    `tollgate: ` after it. The start-up line and a soft-limit warning are both logged."""
    fx = json.loads((REPO / "tests/fixtures/decisions/soft_warning.json").read_text())
    env = start_envoy({**fx["config"], "hold_request_headers": True}, hold_headers=True, upstream_port=mock)
    req = fx["request"]
    r = env.request(req.get("method", "POST"), req["path"], req.get("body"), dict(req.get("headers", {})))
    assert r.header("x-tollgate-warning"), r.headers
    assert env.wait_for_log(r": soft limit: soft-cap: ", timeout=5), env.envoy_log()[-3000:]
    log = env.envoy_log()
    assert re.search(r"wasm log[^\n]*: configured: ", log), log[-3000:]
    assert "tollgate: tollgate:" not in log, [l for l in log.splitlines() if "tollgate: tollgate:" in l][:3]
