#!/usr/bin/env bash
# Start a private PostgreSQL server on 127.0.0.1 for the storage tests and print its URL.
#
#   url=$(bash scripts/start_postgres.sh) && export RESERVING_TEST_POSTGRES_URL="$url"
#   bash scripts/start_postgres.sh --stop      # stop the server again (the data directory stays)
#
# Made for CI on a fresh Debian machine as root: installs Debian's postgresql when missing,
# creates its own cluster (not Debian's "main" one) owned by the postgres user, starts it
# listening on 127.0.0.1 only, and creates a role and a database for the tests. Running it
# again while the server is up only prints the URL, so it is idempotent and fast.
#
# Settings (environment): RESERVING_PG_DIR (data directory, default /var/tmp/reserving-postgres),
# RESERVING_PG_PORT (default 55432; a free port is chosen if that one is taken by something else),
# RESERVING_PG_USER / RESERVING_PG_PASSWORD / RESERVING_PG_DB (default reserving / reserving / reserving_test).
# Only the URL goes to stdout; progress goes to stderr.
set -euo pipefail

PGDIR="${RESERVING_PG_DIR:-/var/tmp/reserving-postgres}"
PORT="${RESERVING_PG_PORT:-55432}"
DB_USER="${RESERVING_PG_USER:-reserving}"
DB_PASS="${RESERVING_PG_PASSWORD:-reserving}"
DB_NAME="${RESERVING_PG_DB:-reserving_test}"
DATA="$PGDIR/data"
PORT_FILE="$PGDIR/port"

log() { echo "start_postgres: $*" >&2; }

# Commands run as the postgres user when we are root (the server refuses to run as root).
as_owner() {
    if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

find_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; fi
}

BIN=$(find_bin)
if [ -z "$BIN" ]; then
    if [ "$(id -u)" != "0" ]; then
        log "PostgreSQL is not installed; run this script as root (it installs Debian's postgresql)."
        exit 1
    fi
    log "installing postgresql (apt-get)"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    BIN=$(find_bin)
fi

if [ "${1:-}" = "--stop" ]; then
    if [ -f "$DATA/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
        as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >&2
    else
        log "server not running"
    fi
    exit 0
fi

port_in_use() {
    python3 - "$1" <<'EOF'
import socket, sys
with socket.socket() as s:
    sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)
EOF
}

free_port() {
    python3 - <<'EOF'
import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
EOF
}

mkdir -p "$PGDIR"
if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$PGDIR"; fi

if [ ! -f "$DATA/PG_VERSION" ]; then
    log "creating cluster in $DATA"
    as_owner "$BIN/initdb" -D "$DATA" --auth-local=trust --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 -U postgres >/dev/null
fi

if as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    PORT=$(cat "$PORT_FILE")
else
    if port_in_use "$PORT"; then
        PORT=$(free_port)
        log "port taken, using $PORT"
    fi
    echo "$PORT" >"$PORT_FILE"
    log "starting server on 127.0.0.1:$PORT"
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$PGDIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGDIR -c fsync=on" start >/dev/null
fi

psql_admin() {
    as_owner "$BIN/psql" -h "$PGDIR" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" != "1" ]; then
    log "creating role $DB_USER"
    psql_admin -c "CREATE ROLE \"$DB_USER\" LOGIN PASSWORD '$DB_PASS' CREATEDB" >/dev/null
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != "1" ]; then
    log "creating database $DB_NAME"
    psql_admin -c "CREATE DATABASE \"$DB_NAME\" OWNER \"$DB_USER\"" >/dev/null
fi

echo "postgresql+psycopg://$DB_USER:$DB_PASS@127.0.0.1:$PORT/$DB_NAME"
