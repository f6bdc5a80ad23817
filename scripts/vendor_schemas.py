#!/usr/bin/env python3
"""Write the JSON schemas that tests/e2e/test_manifests.py validates the Kubernetes manifests
under examples/kubernetes/ against, into tests/fixtures/schemas/ (see the README there for
where each one came from).

* Kubernetes kinds: from the `kubernetes-validate` wheel's generated schemas
  (`kubernetes-json-schema/vVERSION-local-strict/`, the openapi2jsonschema output of the
  Kubernetes OpenAPI, strict: unknown fields are errors, as `kubectl apply` with its default
  `--validate=strict`). Each kind's file refers into a 1.5 MB `_definitions.json`; this script
  writes each kind standalone, with only the definitions it reaches.
* Custom resources: a CRD's `openAPIV3Schema` for one version, as JSON Schema: `apiVersion`
  and `kind` pinned, and every object that lists `properties` and neither sets
  `additionalProperties` nor `x-kubernetes-preserve-unknown-fields` closed to unknown fields
  (the API server's strict field validation refuses them; a typo must fail the test, not be
  pruned silently). CEL rules (`x-kubernetes-validations`) are not evaluated.

Usage (the inputs are not vendored; the README says where to get them):
  python3 scripts/vendor_schemas.py --out tests/fixtures/schemas \\
    --k8s-wheel kubernetes_validate-1.37.0-py3-none-any.whl --k8s-version 1.35.0 \\
    --crd istio-crds.yaml:wasmplugins.extensions.istio.io:v1alpha1 \\
    --crd eg-envoyextensionpolicies.yaml:envoyextensionpolicies.gateway.envoyproxy.io:v1alpha1
Needs PyYAML (in .venv).
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import zipfile
from pathlib import Path

import yaml

# kind schema file in the wheel -> the name written here
K8S_KINDS = {
    "deployment-apps-v1.json": "deployment-apps-v1.json",
    "statefulset-apps-v1.json": "statefulset-apps-v1.json",
    "service-v1.json": "service-v1.json",
    "secret-v1.json": "secret-v1.json",
    "poddisruptionbudget-policy-v1.json": "poddisruptionbudget-policy-v1.json",
}
REF_PREFIX = "/api/_definitions.json#/$defs/"


def _refs(node, out: set[str]) -> None:
    if isinstance(node, dict):
        r = node.get("$ref")
        if isinstance(r, str):
            out.add(r.rsplit("/", 1)[-1])
        for v in node.values():
            _refs(v, out)
    elif isinstance(node, list):
        for v in node:
            _refs(v, out)


def _local_refs(node):
    """The kind file's references into _definitions.json, made local (`#/$defs/NAME`)."""
    if isinstance(node, dict):
        out = {k: _local_refs(v) for k, v in node.items()}
        r = out.get("$ref")
        if isinstance(r, str) and r.startswith(REF_PREFIX):
            out["$ref"] = "#/$defs/" + r.removeprefix(REF_PREFIX)
        return out
    if isinstance(node, list):
        return [_local_refs(v) for v in node]
    return node


def k8s_schemas(wheel: Path, version: str) -> dict[str, dict]:
    base = f"kubernetes_validate/kubernetes-json-schema/v{version}-local-strict/"
    with zipfile.ZipFile(wheel) as z:
        defs = json.loads(z.read(base + "_definitions.json"))["$defs"]
        out = {}
        for src, dst in K8S_KINDS.items():
            kind = _local_refs(json.loads(z.read(base + src)))
            kind.pop("$id", None)
            need, todo = set(), set()
            _refs(kind, todo)
            while todo:
                name = todo.pop()
                if name in need:
                    continue
                need.add(name)
                _refs(defs[name], todo)
            kind["$defs"] = {n: defs[n] for n in sorted(need)}
            out[dst] = kind
    return out


def _close(node):
    if isinstance(node, dict):
        out = {k: _close(v) for k, v in node.items()}
        if ("properties" in out and "additionalProperties" not in out
                and not out.get("x-kubernetes-preserve-unknown-fields")):
            out["additionalProperties"] = False
        return out
    if isinstance(node, list):
        return [_close(v) for v in node]
    return node


def crd_schema(path: Path, name: str, version: str) -> tuple[str, dict]:
    for doc in yaml.safe_load_all(path.read_text()):
        if doc and doc.get("kind") == "CustomResourceDefinition" and doc["metadata"]["name"] == name:
            break
    else:
        raise SystemExit(f"{path}: no CustomResourceDefinition {name}")
    spec = doc["spec"]
    for v in spec["versions"]:
        if v["name"] == version:
            break
    else:
        raise SystemExit(f"{name}: no version {version}")
    schema = _close(copy.deepcopy(v["schema"]["openAPIV3Schema"]))
    schema["properties"]["apiVersion"] = {"enum": [f"{spec['group']}/{version}"]}
    schema["properties"]["kind"] = {"enum": [spec["names"]["kind"]]}
    schema["properties"].setdefault("metadata", {"type": "object"})  # Istio's CRDs leave it out
    schema["properties"].pop("status", None)  # users write no status
    schema.setdefault("required", [])
    schema["required"] = sorted(set(schema["required"]) | {"apiVersion", "kind", "metadata", "spec"})
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return f"{spec['names']['kind'].lower()}-{spec['group'].split('.')[0]}-{version}.json", schema


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--k8s-wheel", type=Path)
    ap.add_argument("--k8s-version", default="1.35.0")
    ap.add_argument("--crd", action="append", default=[], help="FILE:CRD_NAME:VERSION")
    a = ap.parse_args(argv)
    a.out.mkdir(parents=True, exist_ok=True)
    written = {}
    if a.k8s_wheel:
        written.update(k8s_schemas(a.k8s_wheel, a.k8s_version))
    for spec in a.crd:
        f, name, version = spec.rsplit(":", 2)
        fname, schema = crd_schema(Path(f), name, version)
        written[fname] = schema
    for fname, schema in written.items():
        (a.out / fname).write_text(json.dumps(schema, indent=1, sort_keys=True) + "\n")
        print(f"{a.out / fname}: {(a.out / fname).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
