"""The detection corpus of issue 13 through a real Envoy, in both hosting modes (holding the
request headers, and Istio's mode without), with the guards set to stop
(tests/fixtures/guards/replay_config.json): every session of every corpus directory
(those of tests/fixtures/corpora.txt, the native scorer's default list; tuning/ and heldout/ alike) is
replayed turn by turn, and the first refusal's turn and code must equal what the core says
for it — `tollgate sessions score --json`, the scorer the native test (tests/corpus.rs) uses
— once with the sessions' given ids and once with derived ids (no `x-session-id`).

The clock. Envoy runs on real time, the turns milliseconds apart; the core's replay can
follow each turn's `at_seconds` or send the turns back to back (`--spacing none`). The session
detectors read time twice: the session's idle expiry (`sessions.idle_seconds`, 1800 s here)
and the backoff signal (a repeat spaced at least 1.5x as far from the previous request as
that one was from its own is a client pacing its retries, judged by the failure count). So
Envoy is compared with the core replayed back to back, as Envoy receives the turns, on every
session; the sessions whose first flag differs at their recorded spacing are printed (and
listed natively by tests/corpus.rs). Every session is compared; none is left out.

Derived ids. The three API shapes of one corpus style share their system prompt and first
message, hence their derived session; the core replays each session in a store of its own,
and here each session gets its own `x-user-id` (the derivation's scope), so that sessions
replayed side by side in one Envoy stay apart as they do in the core.

Run: .venv/bin/pytest -q tests/e2e/test_corpus_replay.py -s   (-s prints the tables)
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import harness

REPO = Path(__file__).resolve().parents[2]
CONFIG_FILE = REPO / "tests" / "fixtures" / "guards" / "replay_config.json"
# The native scorer's default corpora (tests/corpus.rs), or TOLLGATE_CORPORA as there.
CORPORA = [REPO / "tests" / "fixtures" / n.strip()
           for n in (os.environ.get("TOLLGATE_CORPORA")
                     or (REPO / "tests" / "fixtures" / "corpora.txt").read_text()).split(",")
           if n.strip() and (REPO / "tests" / "fixtures" / n.strip()).is_dir()]
MODES = [pytest.param(True, id="holding"), pytest.param(False, id="istio")]
IDS = ("given", "derived")
WORKERS = 8


def cli(*args: str) -> dict:
    exe = REPO / "target" / "debug" / "tollgate"
    out = subprocess.run([str(exe), "sessions", "score", "--config", str(CONFIG_FILE), "--json", *args,
                          *map(str, CORPORA)], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def core() -> dict[str, dict[str, dict]]:
    """ids -> session file -> the core's scored session (flag and verdict)."""
    subprocess.run(["cargo", "build", "--quiet", "-p", "tollgate-cli"], cwd=REPO, check=True)
    scored: dict[str, dict[str, dict]] = {}
    for ids in IDS:
        flag = ("--derived",) if ids == "derived" else ()
        recorded = cli(*flag)
        back_to_back = cli(*flag, "--spacing", "none")
        by_file = {Path(s["file"]).resolve().as_posix(): s for s in back_to_back["sessions"]}
        spaced = {Path(s["file"]).resolve().as_posix(): s["flag"] for s in recorded["sessions"]}
        moved = [f for f, s in by_file.items() if s["flag"] != spaced.get(f)]
        print(f"\n{ids} ids: {len(moved)} sessions whose first flag depends on the time between turns "
              f"(compared back to back): {[Path(f).name for f in moved]}")
        assert recorded["errors"] == [] and back_to_back["errors"] == [], (recorded["errors"], back_to_back["errors"])
        assert len(moved) < len(by_file) // 4, moved
        scored[ids] = by_file
    assert len(scored["given"]) >= 60, len(scored["given"])
    return scored


def sessions() -> list[Path]:
    return sorted(p.resolve() for d in CORPORA for p in d.rglob("*.json"))


def replay(env: harness.Envoy, path: Path, ids: str) -> dict | None:
    """Sends the session's turns until the first refusal: its turn, code and guard."""
    doc = json.loads(path.read_text())
    headers = {k.lower(): str(v) for k, v in doc["headers"].items()}
    if ids == "derived":
        headers.pop("x-session-id", None)
        headers["x-user-id"] = f"{headers.get('x-user-id', 'user')}-{path.parent.name}-{doc['name']}"
    headers["content-type"] = "application/json"
    for n, turn in enumerate(doc["turns"], 1):
        body = json.dumps(turn["request"], ensure_ascii=False, separators=(",", ":")).encode()
        r = env.post(doc["path"], body, headers=headers, timeout=30)
        if r.status == 200:
            session = r.header("x-tollgate-session") or ""
            if ids == "given":
                assert session == doc["headers"]["x-session-id"], (doc["name"], n, session)
            else:
                assert session.startswith("derived-") and session.endswith("; derived"), (doc["name"], n, session)
            continue
        assert r.status in (400, 429), (doc["name"], n, r.status, r.text[:300])
        code = r.header("x-tollgate-error")
        guard = (r.json().get("error") or {}).get("tollgate", {})
        return {"turn": n, "code": code, "guard": guard.get("detector") or guard.get("breaker") or code}
    return None


@pytest.mark.parametrize("hold", MODES)
def test_every_corpus_session_is_flagged_through_envoy_where_the_core_flags_it(wasm, mock, start_envoy, core, hold):
    cfg = json.loads(CONFIG_FILE.read_text())
    cfg["hold_request_headers"] = hold
    env = start_envoy(cfg, hold_headers=hold, upstream_port=mock)
    mode = "holding" if hold else "istio"
    jobs = [(p, ids) for ids in IDS for p in sessions()]
    start = time.monotonic()
    with ThreadPoolExecutor(WORKERS) as pool:
        got = list(pool.map(lambda job: replay(env, *job), jobs))
    elapsed = time.monotonic() - start
    differ, tables = [], {}
    for (path, ids), flag in zip(jobs, got):
        want = core[ids][path.as_posix()]
        t = tables.setdefault((ids, want["corpus"], want["half"]), {"sessions": 0, "flagged": 0})
        t["sessions"] += 1
        t["flagged"] += flag is not None
        mine = (flag["turn"], flag["code"], flag["guard"]) if flag else None
        theirs = (want["flag"]["turn"], want["flag"]["code"], want["flag"]["guard"]) if want["flag"] else None
        if mine != theirs:
            differ.append(f"[{mode}] {ids:<7} {want['half']}/{want['name']}: Envoy {mine}, core {theirs}")
    print(f"\n[{mode}] {len(jobs)} session replays ({sum(len(json.loads(p.read_text())['turns']) for p, _ in jobs)} "
          f"turns at most) in {elapsed:.1f} s")
    for (ids, corpus, half), t in sorted(tables.items()):
        print(f"[{mode}] {ids:<7} {Path(corpus).name}/{half}: {t['flagged']}/{t['sessions']} sessions flagged, "
              f"each at the core's turn with the core's code")
    assert not differ, "\n".join(differ)
