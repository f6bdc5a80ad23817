#!/usr/bin/env bash
# make release: the release artifacts in target/release-artifacts/, versions from one place
# (the workspace Cargo.toml, scripts/version.py; the npm package must agree):
#   tollgate.wasm, tollgate.wasm.sha256          the Envoy filter and its checksum (sha256sum -c)
#   tollgate-VERSION-oci.tar, …-oci.digest      the OCI layout of `make oci` (tarred with fixed
#                                                metadata) and its compat manifest digest
#   tollgate-estimator-VERSION.tgz              the web package (`npm pack` of examples/web/pkg)
#   tollgate-quota-VERSION-linux-ARCH           the quota service, when src/quota is in the tree
#   RELEASE-NOTES.md                            this version's section of docs/CHANGELOG.md
#   SHA256SUMS                                  every file above
# Run through `make release` (which builds the filter and the web package first).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
OUT=target/release-artifacts
WASM=target/wasm32-wasip1/release/tollgate.wasm

VERSION=$("$PYTHON" scripts/version.py --check)
NOTES=$(awk -v v="$VERSION" '
  /^## / { if (on) exit; on = ($2 == v) }
  on' docs/CHANGELOG.md)
if [ -z "$NOTES" ]; then
  echo "release: docs/CHANGELOG.md has no '## $VERSION' section" >&2; exit 1
fi
PKG_VERSION=$(node -p 'require("./examples/web/pkg/package.json").version')
if [ "$PKG_VERSION" != "$VERSION" ]; then
  echo "release: examples/web/pkg is version $PKG_VERSION, not $VERSION (rebuild: make web)" >&2; exit 1
fi

rm -rf "$OUT" && mkdir -p "$OUT"
ABS_OUT=$(cd "$OUT" && pwd)

cp "$WASM" "$OUT/tollgate.wasm"
(cd "$OUT" && sha256sum tollgate.wasm > tollgate.wasm.sha256)

DIGEST=$("$PYTHON" scripts/oci_layout.py --wasm "$WASM" --out target/oci | tail -n 1)
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --mode=go=rX,u+rw \
  -C target/oci -cf "$OUT/tollgate-$VERSION-oci.tar" .
echo "$DIGEST" > "$OUT/tollgate-$VERSION-oci.digest"

(cd examples/web/pkg && npm pack --silent --pack-destination "$ABS_OUT" --cache "$OLDPWD/.cache/npm" >/dev/null)

if [ -f src/quota/Cargo.toml ]; then
  cargo build --release --manifest-path src/quota/Cargo.toml --bin tollgate-quota
  cp target/release/tollgate-quota "$OUT/tollgate-quota-$VERSION-linux-$(uname -m)"
else
  echo "release: src/quota is not in this tree: no quota service binary"
fi

printf '%s\n\nOCI image (compat, for Istio and Envoy Gateway): %s\n' "$NOTES" "$DIGEST" > "$OUT/RELEASE-NOTES.md"
(cd "$OUT" && sha256sum $(ls | grep -vx SHA256SUMS) > SHA256SUMS)
ls -l "$OUT"
echo "tollgate $VERSION: $OUT (OCI digest $DIGEST)"
