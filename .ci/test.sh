#!/usr/bin/env bash
# The whole test suite, as the README's test command runs it:
#   formatting and lints (ssr and hydrate), unit and integration tests on SQLite and on a
#   private PostgreSQL, the site build, and end-to-end tests in Chromium with and without
#   JavaScript. Ends with one line: "meetpunt: N passed, M failed".
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/tmp/meetpunt-target}
export PATH="$HOME/.cargo/bin:${MEETPUNT_TOOLS_DIR:-/var/tmp/meetpunt-tools}/node_modules/.bin:$PATH"
export CARGO_TERM_COLOR=never

step() { printf '\n== %s\n' "$*"; }

work=$(mktemp -d /tmp/meetpunt-test.XXXXXX)
server_pid=""
clock_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [ -n "$clock_pid" ] && kill "$clock_pid" 2>/dev/null && wait "$clock_pid" 2>/dev/null || true
  "$ROOT/.ci/postgres.sh" stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT

step "tools"
bash "$ROOT/.ci/setup.sh"

# A warm build folder grows with every build (incremental state, old test binaries). With
# less than 15 GB free on its disk, the incremental state goes (cargo makes it again) and the
# test binaries of earlier builds too, so the build and the tests do not run out of room.
mkdir -p "$CARGO_TARGET_DIR"
free_kb=$(df -Pk "$CARGO_TARGET_DIR" | awk 'NR == 2 { print $4 }')
if [ "${free_kb:-0}" -lt $((15 * 1024 * 1024)) ]; then
  echo "little disk space left ($((free_kb / 1024)) MB): pruning $CARGO_TARGET_DIR"
  rm -rf "$CARGO_TARGET_DIR/debug/incremental"
  find "$CARGO_TARGET_DIR/debug/deps" -maxdepth 1 -type f -mtime +0 -perm -u+x ! -name '*.so' ! -name '*.d' -delete 2>/dev/null || true
fi

if [ "${MEETPUNT_SKIP_LINT:-}" != 1 ]; then
  step "format and lints"
  cargo fmt --all --check
  cargo clippy --workspace --all-targets --features app/ssr -- -D warnings
  cargo clippy -p app --lib --features hydrate --target wasm32-unknown-unknown -- -D warnings
fi

step "private PostgreSQL"
MEETPUNT_TEST_POSTGRES_URL=$("$ROOT/.ci/postgres.sh" start "$work/pg")
export MEETPUNT_TEST_POSTGRES_URL
echo "started"

step "unit and integration tests (SQLite and PostgreSQL)"
cargo test --workspace --features app/ssr 2>&1 | tee "$work/cargo-test.log"

step "site build"
cargo leptos build
node "$ROOT/.ci/precompress.mjs" "$ROOT/target/site/pkg"

step "end-to-end tests in Chromium"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export MEETPUNT_E2E_BASE_URL="http://127.0.0.1:$port"
# The demo data gives the sign-in tests their accounts (and checks seed-demo once more).
MEETPUNT_ADDR="127.0.0.1:$port" MEETPUNT_DATA_DIR="$work/data" \
  "$CARGO_TARGET_DIR/debug/meetpunt" seed-demo > "$work/seed.log"
# One professional per browser project for the second-step test, which sets up a code on it.
for project in javascript no-javascript; do
  echo meetpunt-demo | MEETPUNT_ADDR="127.0.0.1:$port" MEETPUNT_DATA_DIR="$work/data" \
    "$CARGO_TARGET_DIR/debug/meetpunt" accounts add "tweestap-$project@example.org" \
    --name "Tweestap $project" --role professional --organisation demo-praktijk \
    --password-stdin >> "$work/seed.log"
done
# Two GFI requests for the demo patient (one per browser project); the server's outbox worker
# writes their mail into the outbox folder, where the link tests find the links.
for _ in 1 2; do
  MEETPUNT_ADDR="127.0.0.1:$port" MEETPUNT_DATA_DIR="$work/data" \
    "$CARGO_TARGET_DIR/debug/meetpunt" requests send --patient patient@example.org \
    --instrument gfi --due "$(date -d '+14 days' +%F)" >> "$work/seed.log"
done
export MEETPUNT_E2E_OUTBOX="$work/data/outbox"
# The demo professionals sign in many times a minute across the tests, and an app's code is
# accepted once: the second step is optional here (the default requires it of professionals;
# the Rust tests sign in with it, and second_step.spec.ts sets it up and signs in with it).
export MEETPUNT_SECOND_FACTOR_PROFESSIONALS=optional
MEETPUNT_ADDR="127.0.0.1:$port" MEETPUNT_DATA_DIR="$work/data" \
  MEETPUNT_SITE_ROOT="$ROOT/target/site" RUST_LOG=warn \
  "$CARGO_TARGET_DIR/debug/meetpunt" serve > "$work/server.log" 2>&1 &
server_pid=$!
# A second server on a development clock the tests move, for a blood-pressure week entered on
# several days; two weeks for the demo patient, the first starting today on the Dutch clock.
clock_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export MEETPUNT_E2E_CLOCK_BASE_URL="http://127.0.0.1:$clock_port"
export MEETPUNT_E2E_CLOCK_OUTBOX="$work/clock/outbox"
MEETPUNT_E2E_BP_START=$(TZ=Europe/Amsterdam date +%F)
export MEETPUNT_E2E_BP_START
MEETPUNT_DATA_DIR="$work/clock" "$CARGO_TARGET_DIR/debug/meetpunt" seed-demo >> "$work/seed.log"
# One week per browser project, the second ten days later (readings belong to the patient,
# so two weeks at once would share them).
for offset in 0 10; do
  MEETPUNT_DATA_DIR="$work/clock" "$CARGO_TARGET_DIR/debug/meetpunt" requests send \
    --patient patient@example.org --protocol blood-pressure-week \
    --start "$(date -d "$MEETPUNT_E2E_BP_START +$offset days" +%F)" \
    --due "$(date -d "$MEETPUNT_E2E_BP_START +$((offset + 7)) days" +%F)" >> "$work/seed.log"
done
MEETPUNT_ADDR="127.0.0.1:$clock_port" MEETPUNT_DATA_DIR="$work/clock" MEETPUNT_DEV_CLOCK=manual \
  MEETPUNT_SITE_ROOT="$ROOT/target/site" RUST_LOG=warn \
  "$CARGO_TARGET_DIR/debug/meetpunt" serve > "$work/clock-server.log" 2>&1 &
clock_pid=$!
(cd "$ROOT/end2end" && npx playwright test) 2>&1 | tee "$work/e2e.log"

step "summary"
# awk alone: grep would exit non-zero when nothing failed, and pipefail would stop here.
count() { awk -v pat="$2" '{ if (match($0, "[0-9]+ " pat)) { split(substr($0, RSTART), w, " "); s += w[1] } } END { print s + 0 }' "$1"; }
rust_passed=$(count "$work/cargo-test.log" passed)
rust_failed=$(count "$work/cargo-test.log" failed)
e2e_passed=$(count "$work/e2e.log" passed)
e2e_failed=$(count "$work/e2e.log" failed)
echo "rust: $rust_passed passed, $rust_failed failed; end-to-end: $e2e_passed passed, $e2e_failed failed"
echo "meetpunt: $((rust_passed + e2e_passed)) passed, $((rust_failed + e2e_failed)) failed"
