-- Versions of read-mostly lists, for the answer cache of the list routes (src/http/list-cache.ts).
-- Every committed write to `catalogs` or `controls` bumps its list's version inside the writer's own
-- transaction, so a read that starts after the commit sees the new version together with the new
-- rows: a cached answer is served only while its version is still the current one, whichever
-- backend instance made it.
--
-- When: at COMMIT, once per transaction and list (a bulk write bumps once), through a deferred
-- constraint trigger. The version row stays locked from the bump to the end of the commit; bumping
-- at the statement instead would hold that lock for the rest of the transaction, behind row locks
-- taken later (finalize: UPDATE catalogs, then UPDATE controls; deleting a catalog cascades in the
-- opposite order), and two such transactions could deadlock. At commit a transaction takes no
-- other lock, and its first bump locks every list_versions row in name order, so two committing
-- writers never wait on each other in a cycle.
-- TRUNCATE has no row events: it bumps at once (statement-level trigger).
--
-- Writes that skip triggers (session_replication_role = replica, pg_restore --disable-triggers)
-- do not bump: restart the backends (or bump by hand) after such maintenance.
CREATE TABLE list_versions (
  name    text PRIMARY KEY,
  version bigint NOT NULL
);
INSERT INTO list_versions (name, version) VALUES ('catalogs', 1), ('controls', 1);

-- Deferred, per row: bumps TG_ARGV[0] once per transaction (a transaction-local setting remembers).
CREATE FUNCTION bump_list_version_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  flag text := 'status.list_version_bumped_' || TG_ARGV[0];
BEGIN
  IF coalesce(current_setting(flag, true), '') = '1' THEN
    RETURN NULL;
  END IF;
  IF coalesce(current_setting('status.list_versions_locked', true), '') <> '1' THEN
    PERFORM 1 FROM list_versions ORDER BY name FOR UPDATE;
    PERFORM set_config('status.list_versions_locked', '1', true);
  END IF;
  UPDATE list_versions SET version = version + 1 WHERE name = TG_ARGV[0];
  PERFORM set_config(flag, '1', true);
  RETURN NULL;
END $$;

-- TRUNCATE (statement-level): bumps TG_ARGV[0] at once.
CREATE FUNCTION bump_list_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE list_versions SET version = version + 1 WHERE name = TG_ARGV[0];
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER catalogs_list_version AFTER INSERT OR UPDATE OR DELETE ON catalogs
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_list_version_at_commit('catalogs');
CREATE TRIGGER catalogs_list_version_truncate AFTER TRUNCATE ON catalogs
  FOR EACH STATEMENT EXECUTE FUNCTION bump_list_version('catalogs');

CREATE CONSTRAINT TRIGGER controls_list_version AFTER INSERT OR UPDATE OR DELETE ON controls
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_list_version_at_commit('controls');
CREATE TRIGGER controls_list_version_truncate AFTER TRUNCATE ON controls
  FOR EACH STATEMENT EXECUTE FUNCTION bump_list_version('controls');
