#!/usr/bin/env python3
"""The project's version, from its one place: `[workspace.package] version` in the workspace
Cargo.toml. `--check` also requires the published npm package's version
(examples/web/package/package.json; the build copies it into examples/web/pkg) to equal it.

Usage:  python3 scripts/version.py [--check]      prints the version
Standard library only; reads files, writes nothing.
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NPM_PACKAGES = ["examples/web/package/package.json"]


def workspace_version(cargo_toml: Path = REPO / "Cargo.toml") -> str:
    with cargo_toml.open("rb") as f:
        return tomllib.load(f)["workspace"]["package"]["version"]


def main(argv: list[str]) -> int:
    version = workspace_version()
    if "--check" in argv:
        for rel in NPM_PACKAGES:
            got = json.loads((REPO / rel).read_text())["version"]
            if got != version:
                print(f"version: {rel} has {got}, Cargo.toml's workspace has {version}", file=sys.stderr)
                return 1
    print(version)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
