#!/bin/sh
# Runs once after init.sql: give grafana_reader its login password without writing it to any file.
set -eu
if [ -z "${GRAFANA_DB_PASSWORD:-}" ]; then
  echo "GRAFANA_DB_PASSWORD is empty: grafana_reader stays without login" >&2
  exit 1
fi
psql -v ON_ERROR_STOP=1 -v pw="$GRAFANA_DB_PASSWORD" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
ALTER ROLE grafana_reader WITH LOGIN PASSWORD :'pw';
SQL
