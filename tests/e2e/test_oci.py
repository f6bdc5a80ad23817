"""The OCI image of the filter (`make oci`, scripts/oci_layout.py) against a real registry.

`make oci` is run as a user would and its last line (the compat manifest digest) kept; the
layout writer is run twice more into temporary folders: every file of the three layouts
must be byte-identical (reproducible). A local registry (Debian's `docker-registry`, its own
config and a temporary storage folder, 127.0.0.1) receives the layout from skopeo; the Python
`oras` client pulls it back. The oracles are not the writer's: the registry's own
`Docker-Content-Digest`, hashlib over the bytes the registry serves, and Python's tarfile and
gzip reading the layer the way Istio's fetcher does (exactly one layer of
`application/vnd.oci.image.layer.v1.tar+gzip`, a `plugin.wasm` entry), compared byte for byte
with the built module.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

import pytest

import harness

REPO = harness.REPO
WRITER = REPO / "scripts" / "oci_layout.py"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
MANIFEST = "application/vnd.oci.image.manifest.v1+json"


def _version() -> str:
    with (REPO / "Cargo.toml").open("rb") as f:
        return tomllib.load(f)["workspace"]["package"]["version"]


def _tools():
    missing = [t for t in ("docker-registry", "skopeo") if shutil.which(t) is None]
    if missing:
        pytest.fail(f"{missing} not installed: run `make oci-tools` (apt-get, root)", pytrace=False)


class Registry(harness._Proc):
    name = "docker-registry"

    def __init__(self, popen, workdir, log, port):
        super().__init__(popen, workdir, [log])
        self.port = port

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"


def start_registry(workdir: Path, timeout: float = 20.0) -> Registry:
    """docker-registry on 127.0.0.1 with its own config and storage under `workdir`."""
    port = harness.free_port()
    storage = workdir / "storage"
    storage.mkdir(parents=True)
    config = workdir / "registry.yml"
    # JSON is YAML: written with json.dumps, read by the registry's YAML loader.
    config.write_text(json.dumps({
        "version": 0.1,
        "log": {"level": "info"},
        "storage": {"filesystem": {"rootdirectory": str(storage)}},
        "http": {"addr": f"127.0.0.1:{port}", "secret": "tollgate-e2e"},
    }))
    log = workdir / "registry.log"
    with open(log, "wb") as f:
        popen = subprocess.Popen(["docker-registry", "serve", str(config)], stdout=f,
                                 stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                 start_new_session=True, cwd=workdir)
    reg = Registry(popen, workdir, log, port)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if popen.poll() is not None:
            raise harness.HarnessError(f"docker-registry exited {popen.returncode}:\n{reg.log_tail(20)}")
        try:
            if harness.request(port, "GET", "/v2/", timeout=2).status == 200:
                return reg
        except OSError:
            pass
        time.sleep(0.05)
    reg.stop()
    raise harness.HarnessError(f"docker-registry not ready after {timeout}s:\n{reg.log_tail(20)}")


@pytest.fixture
def registry(request, tmp_path):
    _tools()
    reg = start_registry(tmp_path / "registry")
    request.node.__dict__.setdefault("_tollgate_procs", []).append(reg)
    yield reg
    reg.stop()


def _write_layout(wasm: Path, out: Path) -> str:
    r = subprocess.run([sys.executable, str(WRITER), "--wasm", str(wasm), "--out", str(out)],
                       capture_output=True, text=True, check=True)
    return r.stdout.strip().splitlines()[-1]


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _make_oci(wasm: Path) -> str:
    # `-o build`: the module is the one the session uses (the `wasm` fixture), not rebuilt here.
    r = subprocess.run(["make", "-s", "--no-print-directory", "-o", "build", "oci", f"WASM={wasm}"],
                       cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 0, f"make oci failed:\n{r.stdout}\n{r.stderr}"
    return r.stdout.strip().splitlines()[-1]


def test_make_oci_is_reproducible_and_round_trips_through_a_registry(wasm, registry, tmp_path):
    module = wasm.read_bytes()
    version = _version()

    printed = _make_oci(wasm)
    assert printed.startswith("sha256:") and len(printed) == 71, printed
    layout = REPO / "target" / "oci"

    # The writer twice more: same digest, same bytes in every file.
    a, b = tmp_path / "a", tmp_path / "b"
    assert _write_layout(wasm, a) == printed
    assert _write_layout(wasm, b) == printed
    tree = _tree(layout)
    assert _tree(a) == tree and _tree(b) == tree

    index = json.loads((layout / "index.json").read_bytes())
    tags = {m["annotations"]["org.opencontainers.image.ref.name"]: m["digest"] for m in index["manifests"]}
    assert tags[version] == printed
    assert f"{version}-wasm" in tags

    # Push with skopeo (digests preserved), both images.
    for tag in (version, f"{version}-wasm"):
        subprocess.run(["skopeo", "copy", "--insecure-policy", "--preserve-digests", "--quiet",
                        "--dest-tls-verify=false", f"oci:{layout}:{tag}",
                        f"docker://{registry.host}/tollgate:{tag}"], check=True, capture_output=True)

    # Pull with the oras client (a different implementation).
    import oras.provider

    reg = oras.provider.Registry(hostname=registry.host, insecure=True)

    def manifest(tag: str) -> tuple[bytes, str, dict]:
        c = reg.get_container(f"{registry.host}/tollgate:{tag}")
        resp = reg.do_request(f"{reg.prefix}://{c.manifest_url()}", "GET", headers={"Accept": MANIFEST})
        assert resp.status_code == 200, resp.text
        return resp.content, resp.headers.get("Docker-Content-Digest"), c

    raw, served_digest, c = manifest(version)
    assert served_digest == printed
    assert "sha256:" + hashlib.sha256(raw).hexdigest() == printed
    m = json.loads(raw)
    assert m["mediaType"] == MANIFEST
    assert len(m["layers"]) == 1, "Istio's fetcher takes exactly one layer"
    layer = m["layers"][0]
    assert layer["mediaType"] == OCI_LAYER
    assert m["annotations"]["org.opencontainers.image.version"] == version
    got = tmp_path / "pulled" / "layer.tar.gz"
    got.parent.mkdir()
    reg.download_blob(c, layer["digest"], str(got))
    blob = got.read_bytes()
    assert "sha256:" + hashlib.sha256(blob).hexdigest() == layer["digest"]
    assert len(blob) == layer["size"]

    # Unpack as Istio does: gunzip, untar, the entry named plugin.wasm.
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(blob)), mode="r:") as tar:
        members = tar.getmembers()
        assert [t.name for t in members] == ["plugin.wasm"]
        t = members[0]
        assert (t.mtime, t.uid, t.gid, t.uname, t.gname, t.mode) == (0, 0, 0, "", "", 0o644)
        data = tar.extractfile(t).read()
    assert data == module, "the module in the image differs from the built filter"
    # The gzip header carries no time and no name (bytes 4..7 mtime, flag bit 3 FNAME).
    assert blob[4:8] == b"\0\0\0\0" and not blob[3] & 0x08

    # The OCI Wasm artifact: one layer, the module's bytes as they are.
    raw_w, served_w, cw = manifest(f"{version}-wasm")
    assert served_w == tags[f"{version}-wasm"]
    mw = json.loads(raw_w)
    assert mw["config"]["mediaType"] == "application/vnd.wasm.config.v0+json"
    assert [x["mediaType"] for x in mw["layers"]] == ["application/vnd.wasm.content.layer.v1+wasm"]
    got_w = tmp_path / "pulled" / "module.wasm"
    reg.download_blob(cw, mw["layers"][0]["digest"], str(got_w))
    assert got_w.read_bytes() == module
