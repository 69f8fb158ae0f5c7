-- What the backend has seeded once on first start (e.g. the "Getting started" catalog). A row here
-- means "done, never again": deleting the seeded data does not bring it back. The primary key makes
-- two backends starting at once race on one INSERT … ON CONFLICT DO NOTHING; one of them wins.
CREATE TABLE platform_seeds (
  name       varchar(100) PRIMARY KEY,
  details    jsonb NOT NULL DEFAULT '{}'::jsonb,
  seeded_at  timestamptz NOT NULL DEFAULT now()
);
