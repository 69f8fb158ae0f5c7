// The "Getting started" catalog on the real PostgreSQL: created once, never re-created after a
// delete, exactly once when two backends start at once, and its controls due at once.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { createPool } from '../../db/pool.js';
import { createTestApp, createTestDatabase, testEnv, type TestApp } from '../../../test/helpers.js';
import { NodeRedClient } from '../nodered/client.js';
import { ControlScheduler } from '../runs/scheduler.js';
import type { ControlRow } from '../runs/service.js';
import { GETTING_STARTED_CONTROLS, seedGettingStartedCatalog } from './getting-started.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

const catalogs = async (db = app.db) =>
  (await db.query<{ id: number }>(`SELECT id FROM catalogs WHERE name = 'Getting started'`)).rows;

describe('Getting started catalog', () => {
  it('is created once, finalized, with hourly controls bound to the starter flows', async () => {
    const now = new Date('2031-05-01T10:00:00Z');
    const first = await seedGettingStartedCatalog(app.db, { now });
    expect(first.created).toBe(true);
    expect(await seedGettingStartedCatalog(app.db)).toEqual({ created: false });
    expect(await catalogs()).toHaveLength(1);

    const cat = await app.db.query(
      'SELECT status, tpa_id, start_date, end_date FROM catalogs WHERE id = $1',
      [(first as { catalogId: number }).catalogId],
    );
    expect(cat.rows[0]).toMatchObject({ status: 'finalized', start_date: now });
    expect(cat.rows[0].tpa_id).toMatch(/^tpa-[0-9a-f-]{36}$/);
    const controls = await app.db.query<ControlRow & { description: string }>(
      `SELECT id, name, description, period, endpoint, params, status, start_date, end_date, last_run_at
         FROM controls WHERE catalog_id = $1 ORDER BY id`,
      [(first as { catalogId: number }).catalogId],
    );
    expect(controls.rows.map((c) => [c.endpoint, c.period, c.status])).toEqual([
      ['getting-started/platform-health', 'HOURLY', 'finalized'],
      ['getting-started/url-check', 'HOURLY', 'finalized'],
      ['getting-started/github-pr-reviews', 'HOURLY', 'finalized'],
    ]);
    expect(controls.rows[1]!.params).toEqual({
      url: 'http://status-backend:3001/api/v1/health',
      maxMs: 2000,
      endpoint: 'getting-started/url-check',
      threshold: 100,
    });
    expect(controls.rows[2]!.params).toMatchObject({ repository: '' });
    for (const c of controls.rows) {
      expect(c.description.length).toBeGreaterThan(60);
      // Due at once: the scheduler's first pass (at start) runs it.
      expect(ControlScheduler.isDue(c, now)).toBe(true);
    }
    expect(controls.rows).toHaveLength(GETTING_STARTED_CONTROLS.length);

    // The API shows it like any catalog (no registry involved).
    const api = await app.db.query('SELECT count(*)::int AS n FROM platform_seeds');
    expect(api.rows[0].n).toBe(1);
  });

  it('is not re-created after the user deletes it', async () => {
    await app.db.query(`DELETE FROM catalogs WHERE name = 'Getting started'`);
    expect(await seedGettingStartedCatalog(app.db)).toEqual({ created: false });
    expect(await catalogs()).toHaveLength(0);
    expect((await app.db.query('SELECT count(*)::int AS n FROM controls')).rows[0].n).toBe(0);
  });

  it('two backends starting at once on a fresh database create it exactly once', async () => {
    const database = await createTestDatabase();
    const pools = [0, 1, 2, 3].map(() => createPool(loadConfig(testEnv(undefined, database))));
    try {
      const outcomes = await Promise.all(pools.map((p) => seedGettingStartedCatalog(p)));
      expect(outcomes.filter((o) => o.created)).toHaveLength(1);
      expect(await catalogs(pools[0])).toHaveLength(1);
      const n = await pools[0]!.query('SELECT count(*)::int AS n FROM controls');
      expect(n.rows[0].n).toBe(GETTING_STARTED_CONTROLS.length);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('the scheduler picks the seeded controls up on its first pass', async () => {
    const database = await createTestDatabase();
    const db = createPool(loadConfig(testEnv(undefined, database)));
    try {
      const seeded = await seedGettingStartedCatalog(db);
      expect(seeded.created).toBe(true);
      const called: string[] = [];
      const nodeRed = {
        callEndpoint: async (endpoint: string) => {
          called.push(endpoint);
          return { value: true, evidences: [{ result: true }] };
        },
      } as unknown as NodeRedClient;
      const s = new ControlScheduler({ db, nodeRed, logger: pino({ level: 'silent' }) });
      const results = await s.tick();
      expect(results).toHaveLength(3);
      expect(called.sort()).toEqual(GETTING_STARTED_CONTROLS.map((c) => c.endpoint).sort());
    } finally {
      await db.end();
    }
  });

  it('STATUS_SAMPLE_CATALOG switches it off', () => {
    const env = testEnv();
    expect(loadConfig(env).STATUS_SAMPLE_CATALOG).toBe(true);
    expect(loadConfig({ ...env, STATUS_SAMPLE_CATALOG: 'false' }).STATUS_SAMPLE_CATALOG).toBe(false);
    expect(loadConfig({ ...env, STATUS_SAMPLE_CATALOG: '' }).STATUS_SAMPLE_CATALOG).toBe(true);
    expect(() => loadConfig({ ...env, STATUS_SAMPLE_CATALOG: 'maybe' })).toThrow(
      /STATUS_SAMPLE_CATALOG must be true or false/,
    );
  });
});
