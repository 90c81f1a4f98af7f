#!/usr/bin/env bash
# Installs every tool Meetpunt needs to build and test, idempotently.
# Safe to run again: each step checks what is there first.
# Versions are pinned to ones known to work together (docs/TOOLCHAIN.md).
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.11
WASM_BINDGEN_VERSION=0.2.130
BINARYEN_VERSION=132.0.0
TOOLS_DIR=${MEETPUNT_TOOLS_DIR:-/var/tmp/meetpunt-tools}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

log() { printf '[setup] %s\n' "$*" >&2; }

export PATH="$HOME/.cargo/bin:$TOOLS_DIR/node_modules/.bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null || true)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes, once per machine)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked \
      --ignore-rust-version --features no_downloads
fi

# The CLI must equal the wasm-bindgen crate in Cargo.lock.
want_wb=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' "$ROOT/Cargo.lock" 2>/dev/null || true)
want_wb=${want_wb:-$WASM_BINDGEN_VERSION}
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $want_wb" ]; then
  log "installing wasm-bindgen-cli $want_wb (about 9 minutes)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install wasm-bindgen-cli --version "$want_wb" --force
fi

# wasm-opt from the binaryen npm package; Debian's older binaryen breaks hydration.
if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "${BINARYEN_VERSION%%.*}" ]; then
  log "installing binaryen $BINARYEN_VERSION into $TOOLS_DIR"
  mkdir -p "$TOOLS_DIR"
  (cd "$TOOLS_DIR" && [ -f package.json ] || echo '{"private":true}' > package.json)
  (cd "$TOOLS_DIR" && npm install --no-audit --no-fund "binaryen@$BINARYEN_VERSION" >/dev/null)
fi

# Installs PACKAGE==VERSION into its own venv $TOOLS_DIR/VENV unless MODULE reports that version.
python_tool() {
  local venv=$1 package=$2 module=$3 version=$4 what=$5
  if ! "$TOOLS_DIR/$venv/bin/python" -c "import $module, sys; sys.exit($module.__version__ != '$version')" 2>/dev/null; then
    log "installing $what ($package $version)"
    rm -rf "$TOOLS_DIR/$venv"; mkdir -p "$TOOLS_DIR"
    python3 -m venv "$TOOLS_DIR/$venv"
    "$TOOLS_DIR/$venv/bin/pip" install -q "$package==$version"
  fi
}
# An independent FHIR R4 validator, and a real SMTP server on loopback, for the tests.
python_tool fhir-venv fhir.resources fhir.resources 8.3.0 "the FHIR validator"
python_tool smtp-venv aiosmtpd aiosmtpd 1.4.6 "the test SMTP server"

# Debian packages, quietly; the package lists are refreshed once per run, and only when
# something is missing.
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if [ ! -x /usr/bin/chromium ]; then
  log "installing Debian's chromium"
  apt_install chromium
fi

# The tests start a private PostgreSQL cluster (.ci/postgres.sh): initdb, pg_ctl and postgres
# from the server package, run as the postgres user that the package creates.
if [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then
  log "installing PostgreSQL 15"
  apt_install postgresql-15
fi

if [ -f "$ROOT/end2end/package-lock.json" ]; then
  if [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ] || \
     [ "$ROOT/end2end/package-lock.json" -nt "$ROOT/end2end/node_modules/.package-lock.json" ]; then
    log "installing end-to-end test packages"
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null)
  fi
fi

log "tools ready"
