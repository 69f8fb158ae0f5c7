-- Secrets: the original's metadata (type, environment, version/rotation, creator), see the addendum
-- §3.2. Names stay unique per owner (secrets_user_name_key in 001).
ALTER TABLE secrets
  ADD COLUMN type        varchar(50)  NOT NULL DEFAULT 'OTHER',
  ADD COLUMN environment varchar(20)  NOT NULL DEFAULT 'production',
  ADD COLUMN version     integer      NOT NULL DEFAULT 1,
  ADD COLUMN rotated_at  timestamptz  NOT NULL DEFAULT now(),
  ADD COLUMN created_by  varchar(100) NOT NULL DEFAULT '';
