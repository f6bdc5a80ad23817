"""The filter module's size (issue 12): at most 6 MB with all three vocabularies (o200k_base,
cl100k_base, Gemma 3) in it. Every VM of every Envoy worker (and every sidecar) holds the
module, and an OCI image ships it. Checks the built file, `target/wasm32-wasip1/release/
tollgate.wasm` (or TOLLGATE_WASM); needs no Envoy."""

from __future__ import annotations

LIMIT = 6_000_000


def test_the_filter_module_is_at_most_6_mb(wasm):
    size = wasm.stat().st_size
    print(f"\n[module-size] {wasm}: {size} bytes (limit {LIMIT})")
    assert size <= LIMIT, f"{wasm} is {size} bytes, more than {LIMIT}"
