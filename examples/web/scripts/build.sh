#!/usr/bin/env bash
# Builds the npm-style package examples/web/pkg from the tollgate-web crate (src/web):
# cargo (wasm32-unknown-unknown) -> wasm-bindgen (--target web and --target nodejs)
# -> wasm-opt -Oz. Tools come from the repo-local caches the Makefile fills:
# WASM_BINDGEN (.cache/tools/bin/wasm-bindgen) and WASM_OPT (examples/web/node_modules/.bin/wasm-opt).
set -euo pipefail
cd "$(dirname "$0")/../../.."
WASM_BINDGEN=${WASM_BINDGEN:-.cache/tools/bin/wasm-bindgen}
WASM_OPT=${WASM_OPT:-examples/web/node_modules/.bin/wasm-opt}
PKG=examples/web/pkg
RAW=target/wasm32-unknown-unknown/release/tollgate_web.wasm

# Unstripped, so wasm-bindgen sees the target_features section; wasm-opt strips after.
CARGO_PROFILE_RELEASE_STRIP=false cargo build -p tollgate-web --target wasm32-unknown-unknown --release
rm -rf "$PKG.tmp" && mkdir -p "$PKG.tmp"
"$WASM_BINDGEN" --target web --out-dir "$PKG.tmp/web" --out-name tollgate "$RAW"
"$WASM_BINDGEN" --target nodejs --out-dir "$PKG.tmp/node" --out-name tollgate "$RAW"
# The features rustc enables by default on wasm32-unknown-unknown; -Oz adds none.
FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
          --enable-mutable-globals --enable-reference-types --enable-multivalue)
for t in web node; do
  "$WASM_OPT" -Oz --strip-debug --strip-producers "${FEATURES[@]}" "$PKG.tmp/$t/tollgate_bg.wasm" -o "$PKG.tmp/$t/tollgate_bg.wasm"
done
# The node entry is CommonJS: mark its folder so a "type": "module" parent does not apply.
echo '{"type": "commonjs"}' > "$PKG.tmp/node/package.json"
cp examples/web/package/package.json examples/web/package/README.md "$PKG.tmp/"
rm -rf "$PKG" && mv "$PKG.tmp" "$PKG"

size() { stat -c %s "$1"; }
gz() { gzip -9 -c "$1" | wc -c; }
{
  echo "raw (cargo, before wasm-bindgen): $(size "$RAW") bytes"
  for t in web node; do
    f="$PKG/$t/tollgate_bg.wasm"
    echo "$t/tollgate_bg.wasm after wasm-opt -Oz: $(size "$f") bytes, gzip -9: $(gz "$f") bytes"
  done
  echo "web/tollgate.js: $(size "$PKG/web/tollgate.js") bytes, gzip -9: $(gz "$PKG/web/tollgate.js") bytes"
} | tee "$PKG/SIZES.txt"
