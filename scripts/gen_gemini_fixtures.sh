#!/usr/bin/env bash
# Regenerate tests/fixtures/tokens/gemini.json: exact Gemini token counts for every case of
# tests/fixtures/tokens/text.json plus scripts/gemini-oracle/extra_cases.json, with the
# o200k_base / cl100k_base counts tollgate computes for the same text. Then print the
# estimator error tables that docs/gemini-estimate.md quotes.
#
#   scripts/gen_gemini_fixtures.sh            # fixture + report
#   scripts/gen_gemini_fixtures.sh --report   # report only (from the committed fixture)
#
# The oracle is the gemini-tokenizer crate (pinned in scripts/gemini-oracle/Cargo.toml): the
# Gemma 3 SentencePiece model run by Google's C++ sentencepiece, which it builds from
# source — needs a C++ compiler and cmake (Debian: apt-get install g++ cmake). The oracle
# is a standalone cargo project; it is never a dependency of the tollgate crate.
#
# Also refreshes data/gemma3.vocab (the vocabulary src/core/gemma.rs embeds) from the same
# model file; the script checks the model properties gemma.rs relies on.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
manifest="$repo/scripts/gemini-oracle/Cargo.toml"

cargo build --release --quiet --manifest-path "$manifest"
oracle="$repo/scripts/gemini-oracle/target/release/gemini-oracle"

if [[ "${1:-}" != "--report" ]]; then
  "${PYTHON:-python3}" "$repo/scripts/gen_gemma_vocab.py"
  "$oracle" gen "$repo"
fi
"$oracle" report "$repo"
