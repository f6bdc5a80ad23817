#!/usr/bin/env python3
"""Write the filter as an OCI image layout, reproducibly, without a container daemon.

Two images go into one layout (OCI image-layout 1.0, `index.json` + `blobs/sha256/`):

* the **compat** image (tag `VERSION`), the one Istio's `WasmPlugin` and Envoy Gateway's
  `EnvoyExtensionPolicy` fetch: an OCI image manifest with exactly ONE layer,
  `application/vnd.oci.image.layer.v1.tar+gzip`, a tar holding the module as `plugin.wasm`
  (the solo-io "compat" spec; Istio's fetcher rejects an image with more than one layer);
* the **OCI Wasm artifact** (tag `VERSION-wasm`, the CNCF TAG Runtime layout): config
  `application/vnd.wasm.config.v0+json`, one layer `application/vnd.wasm.content.layer.v1+wasm`
  holding the module's bytes as they are (for wasm-aware runtimes; Istio does not read it).

Reproducible: the tar entry has mtime 0, uid/gid 0, no user/group names, mode 0644 (USTAR);
the gzip header has mtime 0 and no file name; JSON is written with sorted keys and no
whitespace; nothing carries a build time, a path or a commit. The same module and version
give the same manifest digest (with the same zlib: the compressed bytes are zlib's at level 9),
so a commit that does not change the filter does not change the image.

The version comes from the workspace Cargo.toml (`[workspace.package] version`), the one
place versions live. The last line printed is the compat manifest's digest, `sha256:…`.

Usage:  python3 scripts/oci_layout.py --wasm target/wasm32-wasip1/release/tollgate.wasm \
            --out target/oci
Standard library only. It writes only under --out (replaced whole).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import shutil
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from version import workspace_version  # noqa: E402  the one place versions live

MANIFEST = "application/vnd.oci.image.manifest.v1+json"
INDEX = "application/vnd.oci.image.index.v1+json"
IMAGE_CONFIG = "application/vnd.oci.image.config.v1+json"
TAR_GZIP_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
WASM_CONFIG = "application/vnd.wasm.config.v0+json"
WASM_LAYER = "application/vnd.wasm.content.layer.v1+wasm"
PLUGIN_FILE = "plugin.wasm"  # the name Istio's and Envoy Gateway's fetchers look for


def canonical_json(obj) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def plugin_tar_gz(module: bytes) -> tuple[bytes, bytes]:
    """(the uncompressed tar, its gzip) holding `plugin.wasm`, with fixed metadata."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        info = tarfile.TarInfo(PLUGIN_FILE)
        info.size = len(module)
        info.mtime = 0
        info.mode = 0o644
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.type = tarfile.REGTYPE
        tar.addfile(info, io.BytesIO(module))
    tar_bytes = raw.getvalue()
    gz = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=gz, compresslevel=9, mtime=0) as g:
        g.write(tar_bytes)
    return tar_bytes, gz.getvalue()


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


class Layout:
    def __init__(self, out: Path):
        self.out = out
        self.blobs = out / "blobs" / "sha256"

    def blob(self, media_type: str, data: bytes, annotations: dict | None = None) -> dict:
        digest = sha256(data)
        (self.blobs / digest.removeprefix("sha256:")).write_bytes(data)
        desc = {"mediaType": media_type, "digest": digest, "size": len(data)}
        if annotations:
            desc["annotations"] = annotations
        return desc


def write_layout(module: bytes, out: Path, version: str) -> dict:
    """Writes the layout; returns {"compat": descriptor, "wasm": descriptor, "sizes": {...}}."""
    if out.exists():
        shutil.rmtree(out)
    lay = Layout(out)
    lay.blobs.mkdir(parents=True)
    annotations = {
        "org.opencontainers.image.title": "tollgate",
        "org.opencontainers.image.description": "tollgate: a proxy-wasm HTTP filter for Envoy that counts LLM tokens, prices calls and enforces budgets",
        "org.opencontainers.image.version": version,
        "org.opencontainers.image.licenses": "Apache-2.0",
    }

    # compat: one tar+gzip layer holding plugin.wasm
    tar_bytes, tar_gz = plugin_tar_gz(module)
    layer = lay.blob(TAR_GZIP_LAYER, tar_gz)
    config = lay.blob(IMAGE_CONFIG, canonical_json({
        "architecture": "wasm",
        "os": "wasip1",
        "config": {"Labels": annotations},
        "rootfs": {"type": "layers", "diff_ids": [sha256(tar_bytes)]},
    }))
    compat_manifest = canonical_json({
        "schemaVersion": 2,
        "mediaType": MANIFEST,
        "config": config,
        "layers": [layer],
        "annotations": annotations,
    })
    compat = lay.blob(MANIFEST, compat_manifest, {"org.opencontainers.image.ref.name": version})

    # OCI Wasm artifact: the module as the one layer, wasm config
    wasm_layer = lay.blob(WASM_LAYER, module, {"org.opencontainers.image.title": "tollgate.wasm"})
    wasm_config = lay.blob(WASM_CONFIG, canonical_json({
        "architecture": "wasm",
        "os": "wasip1",
        "layerDigests": [wasm_layer["digest"]],
    }))
    wasm_manifest = canonical_json({
        "schemaVersion": 2,
        "mediaType": MANIFEST,
        "artifactType": WASM_CONFIG,
        "config": wasm_config,
        "layers": [wasm_layer],
        "annotations": annotations,
    })
    wasm = lay.blob(MANIFEST, wasm_manifest, {"org.opencontainers.image.ref.name": f"{version}-wasm"})

    (out / "oci-layout").write_bytes(canonical_json({"imageLayoutVersion": "1.0.0"}))
    (out / "index.json").write_bytes(canonical_json({
        "schemaVersion": 2, "mediaType": INDEX, "manifests": [compat, wasm]}))
    sizes = {
        "compat_image_bytes": len(compat_manifest) + config["size"] + layer["size"],
        "compat_layer_bytes": layer["size"],
        "wasm_artifact_bytes": len(wasm_manifest) + wasm_config["size"] + wasm_layer["size"],
        "module_bytes": len(module),
    }
    return {"compat": compat, "wasm": wasm, "sizes": sizes}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wasm", required=True, type=Path, help="the filter module")
    ap.add_argument("--out", required=True, type=Path, help="layout directory (replaced)")
    ap.add_argument("--version", default=None, help="default: the workspace Cargo.toml version")
    a = ap.parse_args(argv)
    if not a.wasm.is_file():
        print(f"oci_layout: no module at {a.wasm} (run `make build`)", file=sys.stderr)
        return 1
    version = a.version or workspace_version()
    r = write_layout(a.wasm.read_bytes(), a.out, version)
    s = r["sizes"]
    print(f"OCI layout {a.out}: tollgate {version}")
    print(f"  {a.out}:{version}       compat image, 1 layer (tar+gzip, plugin.wasm): "
          f"{s['compat_image_bytes']} bytes (layer {s['compat_layer_bytes']}, module {s['module_bytes']})")
    print(f"  {a.out}:{version}-wasm  OCI Wasm artifact {r['wasm']['digest']}: {s['wasm_artifact_bytes']} bytes")
    print(r["compat"]["digest"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
