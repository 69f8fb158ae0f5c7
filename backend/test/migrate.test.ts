import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type pg from 'pg';
import { loadConfig } from '../src/config.js';
import { loadMigrations, migrate } from '../src/db/migrate.js';
import { createPool } from '../src/db/pool.js';
import { testEnv } from './helpers.js';

const pools: pg.Pool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
});

/** An empty database (not the migrated template) and a pool on it. */
async function emptyDatabase(): Promise<pg.Pool> {
  const name = `m_${randomBytes(6).toString('hex')}`;
  const admin = createPool(loadConfig(testEnv()), { max: 1 });
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const pool = createPool(loadConfig(testEnv(inject('services'), name)));
  pools.push(pool);
  return pool;
}

const tables = async (db: pg.Pool) =>
  (
    await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    )
  ).rows.map((r) => r.table_name);

describe('migrations', () => {
  it('apply from an empty database, then do nothing the second time', async () => {
    const db = await emptyDatabase();
    const all = (await loadMigrations()).map((m) => m.name);
    expect(all[0]).toBe('001_initial.sql');
    expect(await migrate(db)).toEqual({ applied: all, skipped: 0 });
    expect(await tables(db)).toEqual(
      [
        'assistants',
        'catalogs',
        'computations',
        'configurations',
        'controls',
        'list_versions',
        'messages',
        'panels',
        'platform_seeds',
        'points',
        'schema_migrations',
        'scope_sets',
        'scopes',
        'secrets',
        'threads',
        'users',
      ].sort(),
    );
    expect(await migrate(db)).toEqual({ applied: [], skipped: all.length });
    const { rows } = await db.query('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows.map((r: { name: string }) => r.name)).toEqual(all);
  });

  it('two runners at once apply each migration exactly once', async () => {
    const db = await emptyDatabase();
    const other = createPool(
      loadConfig(testEnv(inject('services'), (await db.query('SELECT current_database() AS d')).rows[0].d)),
    );
    pools.push(other);
    const [a, b] = await Promise.all([migrate(db), migrate(other)]);
    const total = (await loadMigrations()).length;
    expect(a.applied.length + b.applied.length).toBe(total);
    expect([a.applied.length, b.applied.length].sort()).toEqual([0, total]);
    const { rows } = await db.query('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0].n).toBe(total);
  });

  it('de-duplicates points on agreement, guarantee, timestamp and scope', async () => {
    const db = await emptyDatabase();
    await migrate(db);
    const insert = (scope: object) =>
      db.query(
        `INSERT INTO points (agreement_id, guarantee_id, guarantee_value, guarantee_result, "timestamp", scope)
         VALUES ('tpa-1', 'G1', 1, true, '2026-01-01T00:00:00Z', $1)
         ON CONFLICT ON CONSTRAINT points_dedup_key DO NOTHING`,
        [JSON.stringify(scope)],
      );
    expect((await insert({ city: 'Seville', country: 'Spain' })).rowCount).toBe(1);
    expect((await insert({ country: 'Spain', city: 'Seville' })).rowCount).toBe(0);
    expect((await insert({ country: 'Spain', city: 'Madrid' })).rowCount).toBe(1);
  });

  it('keeps users unique by case-insensitive name and cascades catalog deletes', async () => {
    const db = await emptyDatabase();
    await migrate(db);
    await db.query(`INSERT INTO users (username, role) VALUES ('Alice', 'USER')`);
    await expect(db.query(`INSERT INTO users (username, role) VALUES ('alice', 'USER')`)).rejects.toThrow(
      /users_username_key/,
    );
    const cat = await db.query<{ id: number }>(
      `INSERT INTO catalogs (name, start_date) VALUES ('c', now()) RETURNING id`,
    );
    const catalogId = cat.rows[0]!.id;
    await expect(
      db.query(`UPDATE catalogs SET status = 'finalized' WHERE id = $1`, [catalogId]),
    ).rejects.toThrow(/catalogs_finalized_has_tpa/);
    await db.query(`INSERT INTO controls (catalog_id, name, period) VALUES ($1, 'k', 'DAILY')`, [catalogId]);
    await db.query('DELETE FROM catalogs WHERE id = $1', [catalogId]);
    expect((await db.query('SELECT count(*)::int AS n FROM controls')).rows[0].n).toBe(0);
  });

  it('refuses to run when an applied migration was edited', async () => {
    const db = await emptyDatabase();
    await migrate(db);
    await db.query(`UPDATE schema_migrations SET checksum = 'x' WHERE version = 1`);
    await expect(migrate(db)).rejects.toThrow(/was changed after it was applied/);
  });
});
