#!/usr/bin/env bash
# Measurements for docs/BENCHMARKS.md. Prints a block to paste there.
#   bash .ci/bench.sh            warm build times, wasm size, server memory under load
#   MEETPUNT_BENCH_COLD=1 ...    also cold builds in a fresh target folder (about 15 minutes)
#   MEETPUNT_BENCH_PG_DURABLE=1  the load bench's PostgreSQL with fsync on (tests run it off)
# Load goes only to 127.0.0.1, from Apache Bench (installed from Debian if missing).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/tmp/meetpunt-target}
export PATH="$HOME/.cargo/bin:${MEETPUNT_TOOLS_DIR:-/var/tmp/meetpunt-tools}/node_modules/.bin:$PATH"
REQUESTS=${MEETPUNT_BENCH_REQUESTS:-10000}
CONCURRENCY=${MEETPUNT_BENCH_CONCURRENCY:-10}

need() { command -v "$1" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }
need ab apache2-utils
bash .ci/setup.sh

seconds() { local start=$SECONDS; "$@" >/dev/null 2>&1; echo $((SECONDS - start)); }

echo "## $(date -u +%Y-%m-%d) on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"

if [ "${MEETPUNT_BENCH_COLD:-}" = 1 ]; then
  cold=$(mktemp -d /var/tmp/meetpunt-cold.XXXXXX)
  echo "cold debug build (cargo leptos build): $(CARGO_TARGET_DIR=$cold seconds cargo leptos build) s"
  echo "cold release build (cargo leptos build --release): $(CARGO_TARGET_DIR=$cold seconds cargo leptos build --release) s"
  rm -rf "$cold"
fi

cargo leptos build >/dev/null 2>&1
echo "warm debug build, nothing changed: $(seconds cargo leptos build) s"
touch app/src/ui/home.rs
echo "warm debug build after editing one component: $(seconds cargo leptos build) s"
cargo leptos build --release >/dev/null 2>&1
touch app/src/ui/home.rs
echo "warm release build after editing one component: $(seconds cargo leptos build --release) s"

node .ci/precompress.mjs target/site/pkg >/dev/null
# Names carry a content hash; the newest build is the one in use.
wasm=$(ls -t target/site/pkg/meetpunt.*.wasm | head -n 1)
js=$(ls -t target/site/pkg/meetpunt.*.js | head -n 1)
echo "release wasm (the islands only): raw $(( $(stat -c %s "$wasm") / 1024 )) KiB, gzip $(( $(stat -c %s "$wasm.gz") / 1024 )) KiB, brotli $(( $(stat -c %s "$wasm.br") / 1024 )) KiB; JS $(( $(stat -c %s "$js") / 1024 )) KiB raw, $(( $(stat -c %s "$js.br") / 1024 )) KiB brotli"
echo "release server binary: $(( $(stat -c %s "$CARGO_TARGET_DIR/release/meetpunt") / 1024 / 1024 )) MiB"

work=$(mktemp -d /tmp/meetpunt-bench.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# Demo accounts for the sign-in measurements.
MEETPUNT_DATA_DIR="$work" "$CARGO_TARGET_DIR/release/meetpunt" seed-demo >/dev/null
MEETPUNT_ADDR="127.0.0.1:$port" MEETPUNT_DATA_DIR="$work" MEETPUNT_SITE_ROOT="$ROOT/target/site" RUST_LOG=warn \
  "$CARGO_TARGET_DIR/release/meetpunt" serve >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "http://127.0.0.1:$port/" >/dev/null
echo "JS + wasm per page, as sent (brotli):"
bash .ci/page-weight.sh "http://127.0.0.1:$port" / /inloggen /vragenlijsten /vragenlijsten/valrisico | sed 's/^/  /'
sleep 1
kib() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$pid/status"; }
echo "server idle RSS after one page: $(( $(kib VmRSS) / 1024 )) MiB"
ab -q -l -n "$REQUESTS" -c "$CONCURRENCY" "http://127.0.0.1:$port/" >"$work/ab.txt" 2>&1
echo "home page, $REQUESTS requests, $CONCURRENCY concurrent (ab -l, a new connection per request): $(awk '/Requests per second/{print $4}' "$work/ab.txt") req/s, mean $(awk '/Time per request/ && /mean\)/{print $4; exit}' "$work/ab.txt") ms, failed $(awk '/Failed requests/{print $3}' "$work/ab.txt"), non-2xx $(awk '/Non-2xx/{print $3}' "$work/ab.txt" | grep . || echo 0)"
echo "server peak RSS during the load: $(( $(kib VmHWM) / 1024 )) MiB; RSS after: $(( $(kib VmRSS) / 1024 )) MiB"

# Signing in: one Argon2id verification, a session row and an access-log row per request.
printf 'email=patient%%40example.org&password=meetpunt-demo&next=%%2Fmijn' >"$work/sign-in.form"
ab -q -n 200 -c 2 -p "$work/sign-in.form" -T application/x-www-form-urlencoded \
  -H "Sec-Fetch-Site: same-origin" "http://127.0.0.1:$port/inloggen" >"$work/ab-sign-in.txt" 2>&1
echo "sign-in, 200 requests, 2 concurrent: $(awk '/Requests per second/{print $4}' "$work/ab-sign-in.txt") req/s, mean $(awk '/Time per request/ && /mean\)/{print $4; exit}' "$work/ab-sign-in.txt") ms, non-3xx $(awk '/Non-2xx/{print $3}' "$work/ab-sign-in.txt" | grep . || echo 0) (all should be 303)"
# A signed-in page: the session is looked up in the database on every request.
cookie=$(curl -fsS -o /dev/null -D - -H "Sec-Fetch-Site: same-origin" --data @"$work/sign-in.form" \
  "http://127.0.0.1:$port/inloggen" | awk -F'[=;]' 'tolower($1) == "set-cookie: meetpunt_session" {print $2}')
ab -q -l -n "$REQUESTS" -c "$CONCURRENCY" -C "meetpunt_session=$cookie" "http://127.0.0.1:$port/mijn" >"$work/ab-mijn.txt" 2>&1
echo "signed-in page /mijn, $REQUESTS requests, $CONCURRENCY concurrent: $(awk '/Requests per second/{print $4}' "$work/ab-mijn.txt") req/s, mean $(awk '/Time per request/ && /mean\)/{print $4; exit}' "$work/ab-mijn.txt") ms, failed $(awk '/Failed requests/{print $3}' "$work/ab-mijn.txt"), non-2xx $(awk '/Non-2xx/{print $3}' "$work/ab-mijn.txt" | grep . || echo 0)"
echo "server peak RSS after the sign-in load: $(( $(kib VmHWM) / 1024 )) MiB"

# Questionnaire submissions and outbox mail over HTTP (server/benches/load.rs) on SQLite and on
# a private PostgreSQL, then pgbench on the same cluster for comparison.
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
cargo bench -q -p server --bench load --no-run
pg="$work/pg"
trap 'kill $pid 2>/dev/null; "$ROOT/.ci/postgres.sh" stop "$pg" || true; rm -rf "$work"' EXIT
pg_url=$("$ROOT/.ci/postgres.sh" start "$pg")
pg_port=${pg_url##*:}
pg_port=${pg_port%%/*}
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ "${MEETPUNT_BENCH_PG_DURABLE:-}" = 1 ]; then
  # The same cluster, restarted with PostgreSQL's defaults: fsync, synchronous commit, full pages.
  as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  as_postgres "$pg_bin/pg_ctl" -D "$pg/data" -l "$pg/log" -w \
    -o "-p $pg_port -k $pg -c listen_addresses=127.0.0.1 -c max_connections=200" restart >/dev/null
fi
load_clients=${MEETPUNT_BENCH_CONCURRENCY:-32}
MEETPUNT_BENCH_POSTGRES_URL="$pg_url" cargo bench -q -p server --bench load
if [ -x "$pg_bin/pgbench" ]; then
  "$pg_bin/pgbench" -i -q -s 10 -h 127.0.0.1 -p "$pg_port" -U postgres postgres >/dev/null 2>&1
  "$pg_bin/pgbench" -N -c "$load_clients" -j 2 -T 15 -h 127.0.0.1 -p "$pg_port" -U postgres postgres >"$work/pgbench.txt" 2>&1
  echo "pgbench -N -c $load_clients -j 2 -T 15, same cluster: $(awk '/^tps/{print $3; exit}' "$work/pgbench.txt") tps, latency average $(awk '/latency average/{print $4}' "$work/pgbench.txt") ms"
else
  echo "pgbench: not found in $pg_bin; skipped"
fi
"$ROOT/.ci/postgres.sh" stop "$pg"
