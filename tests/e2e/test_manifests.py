"""Every Kubernetes manifest under examples/kubernetes/ against its schema, and every plugin
config in them through the filter's real config parser.

* Schemas (tests/fixtures/schemas/, README there: where each came from): the Kubernetes 1.35
  kinds (strict: an unknown field is an error, as with `kubectl apply`'s default
  `--validate=strict`), Istio's WasmPlugin CRD, Envoy Gateway's EnvoyExtensionPolicy CRD.
  A document whose apiVersion/kind has no schema here fails the test: nothing is skipped.
* The plugin configs (WasmPlugin `pluginConfig`, EnvoyExtensionPolicy `wasm[].config`) are
  written as the JSON text Istio and Envoy Gateway hand the filter and read by
  `tollgate check` (src/cli: the core's `Policy` parser, the one the filter runs).
* The references between the quota service's objects hold (Secret, selectors, ports, probes).

Each check is also shown to fail: a schema refuses a misspelt field and a bad enum value;
`tollgate check` refuses a config with an unknown field.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

import harness

REPO = harness.REPO
MANIFESTS = REPO / "examples" / "kubernetes"
SCHEMAS = REPO / "tests" / "fixtures" / "schemas"
SCHEMA_OF = {
    ("apps/v1", "Deployment"): "deployment-apps-v1.json",
    ("apps/v1", "StatefulSet"): "statefulset-apps-v1.json",
    ("v1", "Service"): "service-v1.json",
    ("v1", "Secret"): "secret-v1.json",
    ("policy/v1", "PodDisruptionBudget"): "poddisruptionbudget-policy-v1.json",
    ("extensions.istio.io/v1alpha1", "WasmPlugin"): "wasmplugin-extensions-v1alpha1.json",
    ("gateway.envoyproxy.io/v1alpha1", "EnvoyExtensionPolicy"): "envoyextensionpolicy-gateway-v1alpha1.json",
}
DIGEST_URL = re.compile(r"^(oci://)?[a-z0-9.-]+(:[0-9]+)?/[a-z0-9/._-]+@sha256:([a-f0-9]{64})$")


def _documents() -> list[tuple[str, dict]]:
    docs = []
    for f in sorted(MANIFESTS.rglob("*.yaml")):
        for i, d in enumerate(yaml.safe_load_all(f.read_text())):
            if d is not None:
                docs.append((f"{f.relative_to(REPO)}#{i}", d))
    return docs


DOCS = _documents()


def _validator(api_version: str, kind: str) -> jsonschema.protocols.Validator:
    name = SCHEMA_OF.get((api_version, kind))
    assert name, f"no vendored schema for {api_version} {kind}: add one (scripts/vendor_schemas.py)"
    schema = json.loads((SCHEMAS / name).read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _errors(doc: dict) -> list[str]:
    v = _validator(doc.get("apiVersion"), doc.get("kind"))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(doc)]


def _of_kind(kind: str) -> list[dict]:
    return [d for _, d in DOCS if d["kind"] == kind]


def test_there_are_manifests_of_every_kind():
    kinds = {(d["apiVersion"], d["kind"]) for _, d in DOCS}
    assert kinds == set(SCHEMA_OF), kinds ^ set(SCHEMA_OF)


@pytest.mark.parametrize("where,doc", DOCS, ids=[w for w, _ in DOCS])
def test_manifest_matches_its_schema(where, doc):
    assert _errors(doc) == []


def test_the_schemas_refuse_typos_and_bad_values():
    wp = copy.deepcopy(_of_kind("WasmPlugin")[0])
    wp["spec"]["failStrategy"] = "FAIL_CLOSED"  # Envoy's spelling, not Istio's
    assert any("failStrategy" in e for e in _errors(wp))
    wp = copy.deepcopy(_of_kind("WasmPlugin")[0])
    wp["spec"]["imagePullSecrets"] = ["x"]
    assert any("imagePullSecrets" in e for e in _errors(wp))
    eep = copy.deepcopy(_of_kind("EnvoyExtensionPolicy")[0])
    eep["spec"]["wasm"][0]["code"]["type"] = "OCI"
    assert _errors(eep)
    dep = copy.deepcopy(_of_kind("Deployment")[0])
    dep["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    assert any("readinesProbe" in e for e in _errors(dep))
    sts = copy.deepcopy(_of_kind("StatefulSet")[0])
    sts["spec"]["replicas"] = "one"
    assert _errors(sts)


# ---------------------------------------------------------------------------------------
# The plugin configs through the real parser


@pytest.fixture(scope="module")
def tollgate_cli():
    subprocess.run(["cargo", "build", "--quiet", "-p", "tollgate-cli"], cwd=REPO, check=True)
    exe = REPO / "target" / "debug" / "tollgate"
    assert exe.is_file()
    return exe


def _plugin_configs() -> list[tuple[str, object]]:
    out = []
    for where, d in DOCS:
        if d["kind"] == "WasmPlugin":
            out.append((where, d["spec"]["pluginConfig"]))
        elif d["kind"] == "EnvoyExtensionPolicy":
            out.extend((f"{where} wasm[{i}]", w["config"]) for i, w in enumerate(d["spec"]["wasm"]))
    return out


def _check(exe: Path, config: object, tmp_path: Path) -> subprocess.CompletedProcess:
    f = tmp_path / "config.json"
    f.write_text(json.dumps(config))  # the JSON text Istio / Envoy Gateway pass the filter
    return subprocess.run([str(exe), "check", str(f)], capture_output=True, text=True)


@pytest.mark.parametrize("where,config", _plugin_configs(), ids=[w for w, _ in _plugin_configs()])
def test_plugin_config_is_accepted_by_the_filters_parser(where, config, tollgate_cli, tmp_path):
    r = _check(tollgate_cli, config, tmp_path)
    assert r.returncode == 0, r.stderr
    # Neither Istio nor Envoy Gateway can set allow_on_headers_stop_iteration.
    assert not config.get("hold_request_headers", False)


def test_the_parser_refuses_what_it_does_not_know(tollgate_cli, tmp_path):
    config = copy.deepcopy(_plugin_configs()[0][1])
    config["budgets"][0]["windw"] = "day"
    r = _check(tollgate_cli, config, tmp_path)
    assert r.returncode == 1 and "budgets[0]" in r.stderr, r.stderr


# ---------------------------------------------------------------------------------------
# What a schema cannot see


def test_images_are_pinned_by_digest_and_the_plugin_fails_closed():
    (wp,) = _of_kind("WasmPlugin")
    s = wp["spec"]
    assert DIGEST_URL.match(s["url"]) and s["url"].startswith("oci://"), s["url"]
    assert s["failStrategy"] == "FAIL_CLOSE" and s["imagePullSecret"] and s["phase"] and s["selector"]
    (eep,) = _of_kind("EnvoyExtensionPolicy")
    for w in eep["spec"]["wasm"]:
        img = w["code"]["image"]
        m = DIGEST_URL.match(img["url"])
        assert m and not img["url"].startswith("oci://"), img["url"]
        assert img["sha256"] == m.group(3), "EnvoyExtensionPolicy sha256 must equal the image digest"
        assert w["failOpen"] is False


def test_the_quota_service_objects_fit_together():
    (dep,) = _of_kind("Deployment")
    (pdb,) = _of_kind("PodDisruptionBudget")
    (sts,) = _of_kind("StatefulSet")
    secrets = {s["metadata"]["name"]: s for s in _of_kind("Secret")}
    services = {s["metadata"]["name"]: s for s in _of_kind("Service")}
    pod = dep["spec"]["template"]
    labels = pod["metadata"]["labels"]
    sel = dep["spec"]["selector"]["matchLabels"]
    assert sel.items() <= labels.items()
    assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert services["tollgate-quota"]["spec"]["selector"].items() <= labels.items()
    (c,) = pod["spec"]["containers"]
    ports = {p["name"]: p["containerPort"] for p in c["ports"]}
    assert ports == {"http": 8081}
    for probe in ("livenessProbe", "readinessProbe"):
        assert c[probe]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert c["resources"]["requests"] and c["resources"]["limits"]
    env = {e["name"]: e for e in c["env"]}
    ref = env["TOLLGATE_QUOTA_TOKEN"]["valueFrom"]["secretKeyRef"]
    assert ref["key"] in secrets[ref["name"]]["stringData"]
    assert env["TOLLGATE_QUOTA_LISTEN"]["value"].endswith(":8081")
    redis_host = re.match(r"^redis://([^:/]+):(\d+)$", env["TOLLGATE_QUOTA_REDIS"]["value"])
    assert redis_host and redis_host.group(1) in services
    assert services[redis_host.group(1)]["spec"]["selector"].items() <= sts["spec"]["template"]["metadata"]["labels"].items()
    args = sts["spec"]["template"]["spec"]["containers"][0]["args"]
    assert args[args.index("--appendonly") + 1] == "yes"
    assert pdb["spec"]["minAvailable"] < dep["spec"]["replicas"]
