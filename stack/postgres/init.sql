-- Runs once, on an empty data volume, as POSTGRES_USER (the role status-backend uses).
-- A read-only role for Grafana's datasource: Grafana users can query STATUS data, never change it.
-- Its login password is set by 20-grafana-login.sh from GRAFANA_DB_PASSWORD.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'grafana_reader') THEN
    CREATE ROLE grafana_reader NOLOGIN;
  END IF;
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO grafana_reader', current_database());
END
$$;

-- PostgreSQL 15+ already keeps CREATE on schema public from PUBLIC; say so for any version, so
-- grafana_reader can never create objects there.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO grafana_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO grafana_reader;
-- Tables the backend creates later (as this same role) become readable too.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO grafana_reader;
