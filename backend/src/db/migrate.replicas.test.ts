// Two backends starting together migrate one empty database: each over its own pool, at once. The
// advisory lock makes one runner wait while the other applies; the waiting one then finds every
// migration recorded and applies none. A migration that cannot finish until the test lets it (it
// locks a table the test holds) keeps the first runner mid-migration long enough to see the other
// one waiting on the advisory lock, without timing luck.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createEmptyDatabase, testEnv } from '../../test/helpers.js';
import { waitFor } from '../../test/services.js';
import { loadConfig } from '../config.js';
import { migrate, type MigrateResult } from './migrate.js';
import { createPool } from './pool.js';

let dir: string;
const pools: pg.Pool[] = [];
const poolOn = (database: string) => {
  const p = createPool(loadConfig(testEnv(inject('services'), database)));
  pools.push(p);
  return p;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'status-migrations-'));
  await writeFile(path.join(dir, '001_first.sql'), 'CREATE TABLE first_table (id integer);');
  await writeFile(
    path.join(dir, '002_through_the_gate.sql'),
    'LOCK TABLE gate IN SHARE MODE;\nCREATE TABLE second_table (id integer);',
  );
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await rm(dir, { recursive: true, force: true });
});

/** What pg_locks shows in `database`: runners waiting on the advisory lock and on the gate table. */
async function waiters(db: pg.Pool) {
  const { rows } = await db.query<{ advisory: number; gate: number }>(
    `SELECT count(*) FILTER (WHERE l.locktype = 'advisory')::int AS advisory,
            count(*) FILTER (WHERE l.locktype = 'relation' AND l.relation = 'gate'::regclass)::int AS gate
     FROM pg_locks l JOIN pg_database d ON d.oid = l.database
     WHERE d.datname = current_database() AND NOT l.granted`,
  );
  return rows[0]!;
}

describe('two migration runners on one empty database', () => {
  it('one applies every migration while the other waits, then finds nothing to do; no error', async () => {
    const database = await createEmptyDatabase();
    const observer = poolOn(database);
    await observer.query('CREATE TABLE gate (id integer)');
    const gateKeeper = await observer.connect();
    try {
      await gateKeeper.query('BEGIN');
      await gateKeeper.query('LOCK TABLE gate IN ACCESS EXCLUSIVE MODE');

      const outcomes = Promise.allSettled([
        migrate(poolOn(database), { dir }),
        migrate(poolOn(database), { dir }),
      ]);
      // Runner one is inside 002 (waiting for the gate), runner two on the advisory lock.
      await waitFor(
        'one runner mid-migration and the other waiting',
        async () => {
          const w = await waiters(observer);
          if (w.gate !== 1 || w.advisory !== 1) throw new Error(`waiting: ${JSON.stringify(w)}`);
        },
        undefined,
        10_000,
      );
      const midway = await observer.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(midway.rows).toEqual([{ version: 1 }]); // 001 committed, 002 in progress

      await gateKeeper.query('COMMIT');
      const [a, b] = (await outcomes).map((o) => {
        if (o.status === 'rejected') throw o.reason; // neither runner may fail
        return o.value;
      }) as [MigrateResult, MigrateResult];
      const names = ['001_first.sql', '002_through_the_gate.sql'];
      expect([a, b].map((r) => r.applied.length).sort()).toEqual([0, 2]);
      expect([...a.applied, ...b.applied]).toEqual(names);
      expect([a.skipped, b.skipped].sort()).toEqual([0, 2]);
    } finally {
      gateKeeper.release();
    }
    const recorded = await observer.query('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(recorded.rows).toEqual([
      { version: 1, name: '001_first.sql' },
      { version: 2, name: '002_through_the_gate.sql' },
    ]);
    expect(await waiters(observer)).toEqual({ advisory: 0, gate: 0 });
  });
});
