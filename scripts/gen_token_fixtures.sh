#!/usr/bin/env bash
# Regenerate tests/fixtures/tokens/{text,chat}.json with Python tiktoken (the oracle for
# tests/token_oracle.rs). Works offline: the BPE files come from the tiktoken-rs crate
# sources, checked by tiktoken against OpenAI's published sha256 (see the .py docstring).
#
#   scripts/gen_token_fixtures.sh
#
# Creates a throwaway venv in .cache/fixture-venv (gitignored); needs python3 and cargo.
set -euo pipefail

TIKTOKEN_VERSION="0.14.0"

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$repo/.cache/fixture-venv"
py="${PYTHON:-python3}"

if [[ ! -x "$venv/bin/python" ]]; then
  "$py" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "tiktoken==$TIKTOKEN_VERSION"

# Make sure the tiktoken-rs sources (and their assets/) are in the local cargo registry.
cargo fetch --manifest-path "$repo/Cargo.toml" --quiet

"$venv/bin/python" "$repo/scripts/gen_token_fixtures.py" \
  --require-tiktoken "$TIKTOKEN_VERSION" \
  --cache-dir "$repo/.cache/tiktoken-cache" \
  --out-dir "$repo/tests/fixtures/tokens"
