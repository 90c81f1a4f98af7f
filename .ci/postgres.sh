#!/usr/bin/env bash
# Starts a private, throw-away PostgreSQL cluster for the tests and prints its URL.
#   .ci/postgres.sh start DIR   -> prints postgres://postgres@127.0.0.1:PORT/postgres
#   .ci/postgres.sh stop DIR
# Needs no passwords and touches no system configuration. initdb refuses to run as root,
# so as root the cluster runs as the postgres user.
set -euo pipefail

action=${1:?start or stop}
dir=${2:?a folder for the cluster}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
      # The postgres user must be able to reach the folder (mktemp makes parents 0700).
      chmod o+x "$(dirname "$dir")"
      chown postgres "$dir"
    fi
    port=${MEETPUNT_TEST_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync >/dev/null
    # Durability is not needed for a test cluster; fsync off makes it much faster.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
