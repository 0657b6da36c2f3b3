#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the test suite and print its SQLAlchemy URL on stdout.
#
# Idempotent: installs Debian's `postgresql` package only when no server binaries are present, creates
# the cluster once (in a temp folder, listening on 127.0.0.1 only, fixed port), starts it if it is not
# running, and creates the database if it is missing. All chatter goes to stderr; stdout is the URL.
# As root the server runs as the `postgres` user (initdb refuses root).
#   CLAIMGRAPH_PG_PORT (default 54329)  CLAIMGRAPH_PG_DIR (default $TMPDIR/claimgraph-pg-$PORT)
set -euo pipefail

PORT="${CLAIMGRAPH_PG_PORT:-54329}"
DATA="${CLAIMGRAPH_PG_DIR:-${TMPDIR:-/tmp}/claimgraph-pg-$PORT}"
DB="${CLAIMGRAPH_PG_DB:-claimgraph}"
log() { echo "setup-postgres: $*" >&2; }

find_bin() {  # the newest server's bin folder (Debian keeps them off PATH in /usr/lib/postgresql/N/bin)
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then dirname "$(command -v initdb)"; return 0; fi
  return 1
}

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if ! BIN="$(find_bin)"; then
  log "no PostgreSQL server found; installing Debian's postgresql package"
  $SUDO apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends postgresql >&2
  BIN="$(find_bin)" || { log "PostgreSQL still not found after installing"; exit 1; }
fi

# Who runs the server: ourselves, or the postgres user when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if [ ! -s "$DATA/PG_VERSION" ]; then
  log "creating cluster in $DATA"
  mkdir -p "$DATA"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DATA"; fi
  chmod 700 "$DATA"
  as_owner "$BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C --no-sync >/dev/null
fi

if ! as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  log "starting PostgreSQL on 127.0.0.1:$PORT"
  rm -f "$DATA/postmaster.pid"  # a stale pid file from a killed server (status said it is not running)
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA -c fsync=off -c synchronous_commit=off -c max_connections=200" \
    start >/dev/null
fi

PSQL=("$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)
if [ "$(as_owner "${PSQL[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
  as_owner "${PSQL[@]}" -c "CREATE DATABASE \"$DB\"" >&2
fi
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/$DB"
