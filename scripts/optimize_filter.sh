#!/usr/bin/env bash
# The last step of `make build`: wasm-opt -O3 over the filter module cargo wrote,
# target/wasm32-wasip1/release/tollgate.wasm, in place (about 175 KB less code; the 6 MB
# bound of issue 12). Binaryen's optimiser keeps the module's behaviour; the e2e suite runs
# against its output.
#
# cargo re-links its output on every `cargo build`, even when nothing changed, so the
# optimised module is cached under target/wasm-opt by the digest of cargo's output: a build
# that changed nothing costs a copy, not another 20 s of wasm-opt. A module this script wrote
# is recognised by its own digest and left alone.
#
# WASM_OPT: the binaryen wasm-opt from examples/web's npm lock (the Makefile installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
WASM=${1:-target/wasm32-wasip1/release/tollgate.wasm}
WASM_OPT=${WASM_OPT:-examples/web/node_modules/.bin/wasm-opt}
CACHE=target/wasm-opt
# The features rustc enables by default on wasm32-wasip1; -O3 adds none (Envoy's V8 has all).
FEATURES=(--enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int
          --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue)

digest() { sha256sum "$1" | cut -c1-64; }

mkdir -p "$CACHE"
in=$(digest "$WASM")
if [ -e "$CACHE/$in.optimized" ]; then
  echo "$WASM: already optimised by wasm-opt -O3 ($(stat -c %s "$WASM") bytes)"
  exit 0
fi
if [ ! -e "$CACHE/$in.wasm" ]; then
  before=$(stat -c %s "$WASM")
  "$WASM_OPT" -O3 --strip-debug --strip-producers "${FEATURES[@]}" "$WASM" -o "$CACHE/$in.tmp"
  mv "$CACHE/$in.tmp" "$CACHE/$in.wasm"
  echo "$WASM: wasm-opt -O3, $before -> $(stat -c %s "$CACHE/$in.wasm") bytes"
fi
# A new file, not a write through cargo's hard link (its deps/ copy stays cargo's).
cp "$CACHE/$in.wasm" "$WASM.tmp"
mv "$WASM.tmp" "$WASM"
touch "$CACHE/$(digest "$WASM").optimized"
# Keep the cache small: the 8 newest optimised modules and their markers.
ls -t "$CACHE"/*.wasm 2>/dev/null | tail -n +9 | xargs -r rm -f
ls -t "$CACHE"/*.optimized 2>/dev/null | tail -n +9 | xargs -r rm -f
