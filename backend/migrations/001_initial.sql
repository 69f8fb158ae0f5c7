-- STATUS backend: initial schema. Replaces the original's sequelize.sync({ alter: true }).
-- Column names are snake_case; the API maps them to the original wire names (e.g. tpa_id ↔ tpaId,
-- users.role ↔ authority, scopes.default_value ↔ default). See backend/README.md.

CREATE TYPE user_role AS ENUM ('ADMIN', 'DEVELOPER', 'USER');
CREATE TYPE publish_status AS ENUM ('draft', 'finalized');
CREATE TYPE control_period AS ENUM ('HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'ANNUALLY');
CREATE TYPE assistant_status AS ENUM ('ACTIVE', 'INACTIVE');

CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END $$;

CREATE TABLE users (
  id                  serial PRIMARY KEY,
  username            varchar(60) NOT NULL CHECK (username ~ '^[A-Za-z0-9]+$'),
  password_hash       text,                         -- bcrypt; NULL for GitHub-only accounts
  role                user_role NOT NULL DEFAULT 'USER',
  email               varchar(254),
  github_id           text,
  github_login        text,
  totp_secret         text,                         -- encrypted with SECRETS_ENCRYPTION_KEY
  totp_enabled        boolean NOT NULL DEFAULT false,
  totp_last_used_step bigint,                       -- replay protection
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_key ON users (lower(email)) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX users_github_id_key ON users (github_id) WHERE github_id IS NOT NULL;

CREATE TABLE catalogs (
  id           serial PRIMARY KEY,
  name         varchar(100) NOT NULL,
  description  text,
  start_date   timestamptz NOT NULL,
  end_date     timestamptz,
  dashboard_id varchar(64),                        -- Grafana dashboard uid
  tpa_id       varchar(64),                        -- Governify agreement id, tpa-<uuid>
  status       publish_status NOT NULL DEFAULT 'draft',
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT catalogs_finalized_has_tpa CHECK (status = 'draft' OR tpa_id IS NOT NULL),
  CONSTRAINT catalogs_dates CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE UNIQUE INDEX catalogs_tpa_id_key ON catalogs (tpa_id) WHERE tpa_id IS NOT NULL;
CREATE INDEX catalogs_status_idx ON catalogs (status);

CREATE TABLE controls (
  id          serial PRIMARY KEY,
  catalog_id  integer NOT NULL REFERENCES catalogs (id) ON DELETE CASCADE,
  name        varchar(100) NOT NULL,
  description text,
  period      control_period NOT NULL,
  start_date  timestamptz,
  end_date    timestamptz,
  endpoint    text,                                -- Node-RED flow endpoint (params.endpoint)
  mashup_id   varchar(64),                         -- Node-RED flow id
  params      jsonb NOT NULL DEFAULT '{}'::jsonb,
  status      publish_status NOT NULL DEFAULT 'draft',
  last_run_at timestamptz,                         -- the in-process scheduler
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX controls_catalog_id_idx ON controls (catalog_id);
CREATE INDEX controls_status_period_idx ON controls (status, period);

CREATE TABLE computations (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  control_id        integer REFERENCES controls (id) ON DELETE CASCADE,
  computation_group uuid,
  value             boolean,
  scope             jsonb NOT NULL DEFAULT '{}'::jsonb,
  evidences         jsonb NOT NULL DEFAULT '[]'::jsonb,
  period_from       timestamptz,
  period_to         timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX computations_group_idx ON computations (computation_group);
CREATE INDEX computations_control_created_idx ON computations (control_id, created_at DESC);
CREATE INDEX computations_created_idx ON computations (created_at DESC);

CREATE TABLE points (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agreement_id      text NOT NULL,
  guarantee_id      text NOT NULL,
  guarantee_value   double precision NOT NULL,
  guarantee_result  boolean NOT NULL,
  "timestamp"       timestamptz NOT NULL,
  metrics           jsonb NOT NULL DEFAULT '{}'::jsonb,
  scope             jsonb NOT NULL DEFAULT '{}'::jsonb,
  scope_hash        text GENERATED ALWAYS AS (md5(scope::text)) STORED,
  computation_group uuid,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  -- De-duplication: one point per agreement, guarantee, instant and scope (INSERT … ON CONFLICT).
  CONSTRAINT points_dedup_key UNIQUE (agreement_id, guarantee_id, "timestamp", scope_hash)
);
CREATE INDEX points_agreement_ts_idx ON points (agreement_id, "timestamp");

CREATE TABLE scopes (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name          varchar(100) NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9_]+$'),
  description   text NOT NULL DEFAULT '',
  type          varchar(30) NOT NULL DEFAULT 'string',
  default_value text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- The original kept these in MongoDB (ScopeSet: { controlId, scopes: Map<string,string> }).
CREATE TABLE scope_sets (
  id         serial PRIMARY KEY,
  control_id integer NOT NULL REFERENCES controls (id) ON DELETE CASCADE,
  scopes     jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(scopes) = 'object'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scope_sets_control_id_idx ON scope_sets (control_id);

CREATE TABLE panels (
  uid           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  panel_id      varchar(255),                      -- Grafana panel id (wire name: id)
  dashboard_uid varchar(255),
  control_id    integer REFERENCES controls (id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX panels_control_id_idx ON panels (control_id);

CREATE TABLE assistants (
  id           serial PRIMARY KEY,
  assistant_id varchar(64) NOT NULL UNIQUE,        -- OpenAI asst_…
  name         varchar(100) NOT NULL,
  instructions text NOT NULL,
  tools        jsonb NOT NULL DEFAULT '[]'::jsonb,
  model        varchar(100) NOT NULL,
  status       assistant_status NOT NULL DEFAULT 'INACTIVE',
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE threads (
  id         serial PRIMARY KEY,
  user_id    integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  gpt_id     varchar(64) NOT NULL UNIQUE,          -- OpenAI thread id
  name       varchar(100) NOT NULL,
  run_id     varchar(64),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX threads_user_id_idx ON threads (user_id, created_at DESC);

CREATE TABLE messages (
  id         serial PRIMARY KEY,
  thread_id  integer NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
  role       varchar(20) NOT NULL DEFAULT 'user',
  content    text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX messages_thread_id_idx ON messages (thread_id, created_at);

-- Feature flags (the original's Configurations), keyed by endpoint.
CREATE TABLE configurations (
  id         serial PRIMARY KEY,
  endpoint   varchar(100) NOT NULL UNIQUE,
  available  boolean NOT NULL DEFAULT true,
  "limit"    integer NOT NULL DEFAULT 1 CHECK ("limit" >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Per-user secrets, AES-256-GCM under SECRETS_ENCRYPTION_KEY.
CREATE TABLE secrets (
  id         serial PRIMARY KEY,
  user_id    integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name       varchar(100) NOT NULL,
  ciphertext bytea NOT NULL,
  iv         bytea NOT NULL,
  auth_tag   bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT secrets_user_name_key UNIQUE (user_id, name)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['users', 'catalogs', 'controls', 'computations', 'points', 'scopes',
                           'scope_sets', 'panels', 'assistants', 'threads', 'messages',
                           'configurations', 'secrets']
  LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION set_updated_at()',
                   t || '_updated_at', t);
  END LOOP;
END $$;
