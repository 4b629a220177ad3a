#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL server on 127.0.0.1 for tests (docs/cluster.md).
#   scripts/pg-test-server.sh start [PORT]   prints the data directory on stdout (pass it to stop)
#   scripts/pg-test-server.sh stop DATADIR   stops the server and deletes the directory
# Needs root (the server runs as the 'postgres' user) and PostgreSQL's binaries
# (apt-get install -y postgresql). The cluster tests start their own server the same way.
set -euo pipefail

find_bin() {
    if [ -n "${PGBIN:-}" ]; then echo "$PGBIN"; return; fi
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
        echo "pg-test-server: PostgreSQL binaries not found under /usr/lib/postgresql/*/bin; run: apt-get install -y postgresql" >&2
        exit 2
    fi
    echo "$dir"
}

need_root() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "pg-test-server: must run as root (the server runs as user 'postgres' via runuser)" >&2
        exit 2
    fi
}

case "${1:-}" in
    start)
        need_root
        port="${2:-55432}"
        bin=$(find_bin)
        data=$(mktemp -d /tmp/forge-pg.XXXXXX)
        chown postgres:postgres "$data"
        chmod 700 "$data"
        runuser -u postgres -- "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --no-sync >"$data.initdb.log" 2>&1 \
            || { cat "$data.initdb.log" >&2; exit 1; }
        runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 30 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off -c full_page_writes=off -c max_connections=400" start >/dev/null \
            || { cat "$data/server.log" >&2; exit 1; }
        echo "$data"
        ;;
    stop)
        need_root
        data="${2:?usage: pg-test-server.sh stop DATADIR}"
        bin=$(find_bin)
        runuser -u postgres -- "$bin/pg_ctl" -D "$data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
        rm -rf "$data" "$data.initdb.log"
        ;;
    *)
        echo "usage: $0 start [PORT] | stop DATADIR" >&2
        exit 2
        ;;
esac
