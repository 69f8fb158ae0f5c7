#!/bin/sh
# Grafana's own database (its users, dashboards, preferences: D9 of the stack specification) with a
# login role of its own, so Grafana's data never mixes with STATUS data and its password opens
# nothing else. Idempotent, and run twice:
#  - by the postgres entrypoint, once, on an empty volume (after init.sql and grafana-login.sh);
#  - by STATUS Desktop before every Grafana start (`docker exec` into the running postgres), which
#    creates both on volumes initialised by an older version and keeps the role's password equal
#    to GRAFANA_OWNER_DB_PASSWORD. With the plain Compose CLI on such a volume, run it yourself:
#      docker compose exec postgres sh /docker-entrypoint-initdb.d/30-grafana-db.sh
# Names are fixed (role and database `grafana`); stack/grafana/grafana.ini uses the same.
set -eu
if [ -z "${GRAFANA_OWNER_DB_PASSWORD:-}" ]; then
  echo "GRAFANA_OWNER_DB_PASSWORD is empty: Grafana's database role cannot be given a password" >&2
  exit 1
fi
# The local socket: trusted by the image for its own users, during first init and afterwards.
psql -q -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v pw="$GRAFANA_OWNER_DB_PASSWORD" -v statusdb="$POSTGRES_DB" <<'SQL'
SELECT 'CREATE ROLE grafana LOGIN'
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'grafana')\gexec
ALTER ROLE grafana WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw';
SELECT 'CREATE DATABASE grafana OWNER grafana ENCODING ''UTF8'' TEMPLATE template0'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'grafana')\gexec
-- Only its owner (and the superuser) may connect to Grafana's database; the grafana role gets no
-- way into STATUS data (grafana_reader keeps its explicit CONNECT grant from init.sql).
REVOKE ALL ON DATABASE grafana FROM PUBLIC;
REVOKE CONNECT ON DATABASE :"statusdb" FROM PUBLIC;
SQL
echo "grafana-db: role and database grafana are ready"
