"""pytest fixtures for tollgate's end-to-end tests (see harness.py for the API).

Fixtures:
  wasm          Path of the built filter; skips the test if it is missing, unless
                TOLLGATE_REQUIRE_WASM=1 (set by `make test`), where it fails instead.
  mock          a fresh plain-HTTP mock LLM (tests/mock_llm.py) for this test
  tls_mock      a fresh HTTPS mock LLM with a self-signed cert for api.openai.com
  start_envoy   factory: start_envoy(plugin_config, hold_headers=True, upstream_port=...,
                tls_upstream=..., extra=..., **kw) -> harness.Envoy; all stopped at teardown
  start_mock    factory: start_mock(tls=False) -> harness.MockServer; stopped at teardown
  envoy         Envoy (holding mode, plugin config {}) in front of `mock`

When a test fails, the tails of the logs of the Envoys and mocks it started are added
to the report.
"""

from __future__ import annotations

import os

import pytest

import harness


def pytest_configure(config):
    # A model the official SDKs report as past end-of-life fails the test that uses it
    # (the SDK warns once per call): the tests must name current models.
    config.addinivalue_line("filterwarnings", r"error:The model '.*' is deprecated:DeprecationWarning")


def _require_wasm_strict() -> bool:
    return os.environ.get("TOLLGATE_REQUIRE_WASM", "") not in ("", "0")


@pytest.fixture(scope="session")
def wasm():
    try:
        return harness.require_wasm()
    except harness.WasmMissingError as e:
        if _require_wasm_strict():
            pytest.fail(str(e), pytrace=False)
        pytest.skip(str(e))


def _track(request, proc):
    request.node.__dict__.setdefault("_tollgate_procs", []).append(proc)
    return proc


@pytest.fixture
def start_mock(request, tmp_path):
    started = []

    def factory(tls: bool = False, **kw):
        kw.setdefault("workdir", tmp_path)
        m = harness.start_mock(tls=tls, **kw)
        started.append(m)
        return _track(request, m)

    yield factory
    for m in reversed(started):
        m.stop()


@pytest.fixture
def mock(start_mock):
    return start_mock()


@pytest.fixture
def tls_mock(start_mock):
    return start_mock(tls=True)


@pytest.fixture
def start_envoy(request, tmp_path, wasm):
    started = []

    def factory(plugin_config=None, hold_headers=True, upstream_port=None, tls_upstream=None,
                extra=None, **kw):
        kw.setdefault("workdir", tmp_path)
        kw.setdefault("wasm", wasm)
        e = harness.start_envoy(plugin_config, hold_headers, upstream_port, tls_upstream, extra, **kw)
        started.append(e)
        return _track(request, e)

    yield factory
    for e in reversed(started):
        e.stop()


@pytest.fixture
def envoy(start_envoy, mock):
    return start_envoy({}, hold_headers=True, upstream_port=mock.port)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if rep.failed and call.when in ("call", "setup"):
        for proc in item.__dict__.get("_tollgate_procs", []):
            label = f"{proc.name} (pid {proc.pid}, {proc.workdir})"
            rep.sections.append((f"log tail: {label}", proc.log_tail(80)))


def pytest_sessionfinish(session, exitstatus):
    harness.stop_all()  # nothing survives the session, whatever happened
