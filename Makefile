# Meetpunt: one entry point. `make run` starts the portal, `make test` runs every test.
SHELL := /bin/bash
export CARGO_TARGET_DIR ?= /var/tmp/meetpunt-target
export PATH := $(HOME)/.cargo/bin:$(or $(MEETPUNT_TOOLS_DIR),/var/tmp/meetpunt-tools)/node_modules/.bin:$(PATH)

.PHONY: run test setup build lint fmt bench

## Build (release) and run the portal on SQLite with demo data; mail goes to data/outbox.
run: setup
	cargo leptos build --release
	node .ci/precompress.mjs target/site/pkg
	"$(CARGO_TARGET_DIR)/release/meetpunt" seed-demo
	MEETPUNT_SITE_ROOT=target/site exec "$(CARGO_TARGET_DIR)/release/meetpunt" serve

## Everything: lints, unit, integration (SQLite + PostgreSQL), end-to-end (Chromium).
test:
	bash .ci/test.sh

## Install the build tools (idempotent).
setup:
	bash .ci/setup.sh

## Debug build of server and site.
build: setup
	cargo leptos build
	node .ci/precompress.mjs target/site/pkg

## Formatting and clippy for both feature sets.
lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --features app/ssr -- -D warnings
	cargo clippy -p app --lib --features hydrate --target wasm32-unknown-unknown -- -D warnings

fmt:
	cargo fmt --all

## Benchmarks recorded in docs/BENCHMARKS.md.
bench: setup
	bash .ci/bench.sh
