-- computations.scope keeps its key order (json, as the original), because calculateCompliance drops
-- the LAST key of the scope (the per-instance key) to aggregate to the parent scope. jsonb
-- reorders keys (shorter first), which would drop the wrong one.
ALTER TABLE computations ALTER COLUMN scope DROP DEFAULT;
ALTER TABLE computations ALTER COLUMN scope TYPE json USING scope::json;
ALTER TABLE computations ALTER COLUMN scope SET DEFAULT '{}'::json;
