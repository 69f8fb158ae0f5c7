// Two backend replicas, one database: each runs its own ControlScheduler over its own pool, as two
// `status-backend` containers would. Both read the same due controls before either claims one (a
// barrier on the due-list read), so every control has two claimants; the conditional UPDATE of
// last_run_at must let exactly one of them run it, in every period, and skip none.
import { pino } from 'pino';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createTestDatabase, testEnv } from '../../../test/helpers.js';
import { loadConfig } from '../../config.js';
import { createPool } from '../../db/pool.js';
import type { NodeRedClient } from '../nodered/client.js';
import { ControlScheduler, type Timer } from './scheduler.js';

const HOUR = 3600_000;
const CONTROLS = 20;
const silent = pino({ level: 'silent' });
const noTimer: Timer = { setTimeout: () => undefined, clearTimeout: () => undefined };

let database: string;
const pools: pg.Pool[] = [];
let admin: pg.Pool;
let catalogId: number;

const poolOnTheDatabase = () => {
  const p = createPool(loadConfig(testEnv(inject('services'), database)));
  pools.push(p);
  return p;
};

beforeAll(async () => {
  database = await createTestDatabase();
  admin = poolOnTheDatabase();
  const c = await admin.query<{ id: number }>(
    `INSERT INTO catalogs (name, start_date, status, tpa_id)
     VALUES ('Replicas', '2030-01-01T00:00:00Z', 'finalized', 'tpa-replicas') RETURNING id`,
  );
  catalogId = c.rows[0]!.id;
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
});

/** Resolves once `parties` callers are waiting: the replicas leave their due-list read together. */
function barrier(parties: number) {
  let waiting = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++waiting >= parties) open();
    return opened;
  };
}

/**
 * One replica's pool, seen through the scheduler: its only SELECT (the due list) waits at
 * `arrive()` after reading, so both replicas hold the same stale list when they start claiming.
 */
function replicaPool(pool: pg.Pool, arrive: () => () => Promise<void>): pg.Pool {
  return new Proxy(pool, {
    get(target, prop, receiver) {
      if (prop !== 'query') return Reflect.get(target, prop, receiver) as unknown;
      return async (sql: string, values?: unknown[]) => {
        const result = await target.query(sql, values);
        if (sql.trimStart().startsWith('SELECT')) await arrive()();
        return result;
      };
    },
  });
}

interface FlowCall {
  replica: string;
  controlId: number;
  to: string;
}

/** The Node-RED boundary of one replica: records each call; each takes a while, so runs overlap. */
function countingNodeRed(replica: string, calls: FlowCall[]): NodeRedClient {
  return {
    callEndpoint: async (_endpoint: string, payload: { controlId: number; to: string }) => {
      calls.push({ replica, controlId: payload.controlId, to: payload.to });
      await new Promise((r) => setTimeout(r, 15)); // a flow's round trip
      return { value: true, evidences: [{ result: true }] };
    },
  } as unknown as NodeRedClient;
}

async function addDueControls(n: number): Promise<number[]> {
  const r = await admin.query<{ id: number }>(
    `INSERT INTO controls (catalog_id, name, period, endpoint, params, status, start_date)
     SELECT $1, 'R' || g, 'HOURLY', 'check', '{}', 'finalized', '2030-01-01T00:00:00Z'
     FROM generate_series(1, $2) g RETURNING id`,
    [catalogId, n],
  );
  return r.rows.map((x) => x.id);
}

/** How many calls each control got, by control id. */
const countBy = (calls: FlowCall[]) => {
  const n = new Map<number, number>();
  for (const c of calls) n.set(c.controlId, (n.get(c.controlId) ?? 0) + 1);
  return n;
};

describe('two schedulers on one database (two backend replicas)', () => {
  it('runs each due control exactly once per period, none skipped, period after period', async () => {
    await admin.query('DELETE FROM controls');
    const ids = await addDueControls(CONTROLS);
    const start = Date.parse('2030-06-01T00:00:00Z');
    const calls: FlowCall[] = [];
    let round = barrier(2);
    // Replica B's clock runs 20 s behind A's: replicas never tick at the same instant.
    let now = start;
    const replica = (name: string, skewMs: number) =>
      new ControlScheduler({
        db: replicaPool(poolOnTheDatabase(), () => round),
        nodeRed: countingNodeRed(name, calls),
        logger: silent,
        clock: () => now + skewMs,
        timer: noTimer,
        concurrency: 4,
      });
    const a = replica('A', 0);
    const b = replica('B', -20_000);

    const periods = 3;
    for (let p = 0; p < periods; p++) {
      const before = calls.length;
      // Three concurrent passes per period (a minute apart, as the timer would run them); the
      // first finds every control due on both replicas.
      for (let pass = 0; pass < 3; pass++) {
        now = start + p * HOUR + 30_000 + pass * 60_000;
        round = barrier(2);
        const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
        if (pass === 0) expect(ra.length + rb.length).toBe(CONTROLS);
        else expect([...ra, ...rb]).toEqual([]);
      }
      const thisPeriod = calls.slice(before);
      const perControl = countBy(thisPeriod);
      expect([...perControl.keys()].sort((x, y) => x - y)).toEqual(ids); // none skipped
      expect([...perControl.values()].every((n) => n === 1)).toBe(true); // none twice
      // Both replicas claimed (each control had two claimants; neither took them all by luck of timing).
      expect(new Set(thisPeriod.map((c) => c.replica)).size).toBe(2);
    }

    // The database agrees: one computation per control and period, each ending inside its hour.
    const stored = await admin.query<{ control_id: number; hour: number; n: number }>(
      `SELECT control_id, floor(extract(epoch FROM period_to - $1::timestamptz) / 3600)::int AS hour,
              count(*)::int AS n
       FROM computations GROUP BY 1, 2 ORDER BY 1, 2`,
      [new Date(start)],
    );
    expect(stored.rows).toHaveLength(CONTROLS * periods);
    expect(stored.rows.every((r) => r.n === 1)).toBe(true);
    expect(new Set(stored.rows.map((r) => r.hour))).toEqual(new Set([0, 1, 2]));
  });

  it('a last run stored with microseconds (written by SQL, not by a scheduler) is still claimed', async () => {
    await admin.query('DELETE FROM controls');
    const [id] = await addDueControls(1);
    await admin.query(`UPDATE controls SET last_run_at = '2030-06-01T00:00:00.123456Z' WHERE id = $1`, [id]);
    const calls: FlowCall[] = [];
    const now = Date.parse('2030-06-01T01:00:01Z');
    const scheduler = (name: string) =>
      new ControlScheduler({
        db: poolOnTheDatabase(),
        nodeRed: countingNodeRed(name, calls),
        logger: silent,
        clock: () => now,
        timer: noTimer,
      });
    const [ra, rb] = await Promise.all([scheduler('A').tick(), scheduler('B').tick()]);
    expect(ra.length + rb.length).toBe(1);
    expect(calls.map((c) => c.controlId)).toEqual([id]);
  });
});
