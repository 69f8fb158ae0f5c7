#!/usr/bin/env bash
# Entrypoint of status-test/postgres:1, modelled on the official postgres image's:
#   POSTGRES_USER (default postgres), POSTGRES_PASSWORD (required unless POSTGRES_HOST_AUTH_METHOD=trust),
#   POSTGRES_DB (default POSTGRES_USER), POSTGRES_INITDB_ARGS, *_FILE variants, PGDATA.
# On an empty PGDATA: initdb, a temporary socket-only server, /docker-entrypoint-initdb.d/*
# (*.sql via psql, *.sql.gz, executable *.sh executed, others sourced), stop; then postgres runs as
# user postgres, listening on all addresses with scram-sha-256 for TCP, logging to stderr.
# SIGTERM and SIGINT both trigger PostgreSQL's fast shutdown (SIGTERM alone would be "smart":
# waiting for every client to disconnect).
set -Eeo pipefail

file_env() {
  local var="$1" fileVar="${1}_FILE" def="${2:-}"
  if [ "${!var:-}" ] && [ "${!fileVar:-}" ]; then
    echo >&2 "error: both $var and $fileVar are set (but are exclusive)"
    exit 1
  fi
  local val="$def"
  if [ "${!var:-}" ]; then
    val="${!var}"
  elif [ "${!fileVar:-}" ]; then
    val="$(< "${!fileVar}")"
  fi
  export "$var"="$val"
  unset "$fileVar"
}

log() { echo "docker-entrypoint: $*" >&2; }

if [ "${1:0:1}" = '-' ]; then
  set -- postgres "$@"
fi

if [ "$1" = 'postgres' ] && [ "$(id -u)" = '0' ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  chmod 3777 /var/run/postgresql
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
fi

if [ "$1" != 'postgres' ]; then
  exec "$@"
fi

file_env POSTGRES_PASSWORD
file_env POSTGRES_USER postgres
file_env POSTGRES_DB "$POSTGRES_USER"
file_env POSTGRES_INITDB_ARGS
: "${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"
export POSTGRES_HOST_AUTH_METHOD

run_init_files() {
  local f
  for f in /docker-entrypoint-initdb.d/*; do
    [ -e "$f" ] || continue
    case "$f" in
      *.sh)
        if [ -x "$f" ]; then
          log "running $f"
          "$f"
        else
          log "sourcing $f"
          # shellcheck disable=SC1090
          . "$f"
        fi
        ;;
      *.sql)    log "running $f"; psql_init -f "$f"; echo >&2 ;;
      *.sql.gz) log "running $f"; gunzip -c "$f" | psql_init; echo >&2 ;;
      *)        log "ignoring $f" ;;
    esac
  done
}

psql_init() {
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc --dbname "$POSTGRES_DB" "$@"
}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != 'trust' ]; then
    log "error: database is uninitialized and POSTGRES_PASSWORD is not set (or set POSTGRES_HOST_AUTH_METHOD=trust)"
    exit 1
  fi
  log "initialising $PGDATA for user $POSTGRES_USER"
  # shellcheck disable=SC2086
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") $POSTGRES_INITDB_ARGS -D "$PGDATA" >&2
  printf '\nhost all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD" >> "$PGDATA/pg_hba.conf"

  export PGPASSWORD="${PGPASSWORD:-$POSTGRES_PASSWORD}"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p ${PGPORT:-5432}" -w start >&2

  db_exists="$(psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc --dbname postgres \
    --tuples-only --no-align --set db="$POSTGRES_DB" <<<"SELECT 1 FROM pg_database WHERE datname = :'db';")"
  if [ -z "$db_exists" ]; then
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc --dbname postgres \
      --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";' >&2
  fi

  run_init_files

  pg_ctl -D "$PGDATA" -m fast -w stop >&2
  unset PGPASSWORD
  log "init process complete; ready for start up"
else
  log "$PGDATA already contains a database: skipping initialisation"
fi

# Run postgres as a child so SIGTERM can be turned into a fast shutdown (SIGINT).
"$@" &
pg_pid=$!
forward() { kill "-$1" "$pg_pid" 2>/dev/null || true; }
trap 'forward INT' TERM INT
trap 'forward QUIT' QUIT
trap 'forward HUP' HUP
status=0
while :; do
  wait "$pg_pid" && status=0 || status=$?
  # wait returns >128 when interrupted by a trapped signal: keep waiting while postgres runs.
  if ! kill -0 "$pg_pid" 2>/dev/null; then break; fi
done
exit "$status"
