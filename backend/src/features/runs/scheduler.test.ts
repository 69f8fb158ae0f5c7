// The scheduler with many controls, on the real PostgreSQL and a fake Node-RED client (the real
// Node-RED path is in node-red.test.ts): 100 due controls are computed once each, quickly, with
// bounded concurrency, and two schedulers on one database never run a control twice.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { NodeRedError, type NodeRedClient } from '../nodered/client.js';
import { HttpError } from '../../http/errors.js';
import { ControlScheduler, eachLimit, nodeRedUnavailable, type Timer } from './scheduler.js';

let app: TestApp;
let catalogId: number;
const silent = pino({ level: 'silent' });
const noTimer: Timer = { setTimeout: () => undefined, clearTimeout: () => undefined };

/** A Node-RED stand-in: answers after `delayMs`, counts calls in flight; echoes a scope back. */
function fakeNodeRed(delayMs = 5) {
  const s = { calls: 0, inFlight: 0, maxInFlight: 0 };
  const client = {
    callEndpoint: async (_endpoint: string, payload: { controlId: number }) => {
      s.calls++;
      s.inFlight++;
      s.maxInFlight = Math.max(s.maxInFlight, s.inFlight);
      await new Promise((r) => setTimeout(r, delayMs));
      s.inFlight--;
      return {
        value: payload.controlId % 2 === 0,
        evidences: [{ controlId: payload.controlId, result: true }],
        scope: { flowSaid: 'ignored' },
      };
    },
  } as unknown as NodeRedClient;
  return { client, stats: s };
}

async function addDueControls(n: number): Promise<number[]> {
  const r = await app.db.query<{ id: number }>(
    `INSERT INTO controls (catalog_id, name, period, endpoint, params, status)
     SELECT $1, 'C' || g, 'HOURLY', 'check', '{"threshold":1}', 'finalized' FROM generate_series(1, $2) g
     RETURNING id`,
    [catalogId, n],
  );
  return r.rows.map((x) => x.id);
}
const perControl = async () =>
  (
    await app.db.query<{ control_id: number; n: number }>(
      'SELECT control_id, count(*)::int AS n FROM computations GROUP BY control_id',
    )
  ).rows;

beforeAll(async () => {
  app = await createTestApp();
  const c = await app.db.query<{ id: number }>(
    `INSERT INTO catalogs (name, start_date, status, tpa_id) VALUES ('Many', now(), 'finalized', 'tpa-many') RETURNING id`,
  );
  catalogId = c.rows[0]!.id;
});
afterAll(async () => app?.close());

describe('scheduler with many controls', () => {
  it('computes 100 due controls within 5 s, each exactly once, at most 8 at a time', async () => {
    await app.db.query('DELETE FROM controls');
    const ids = await addDueControls(100);
    let now = Date.parse('2030-06-01T00:00:00Z');
    const nr = fakeNodeRed();
    const s = new ControlScheduler({
      db: app.db,
      nodeRed: nr.client,
      logger: silent,
      clock: () => now,
      timer: noTimer,
    });
    const t0 = performance.now();
    const results = await s.tick();
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(5000);
    expect(results).toHaveLength(100);
    expect(nr.stats.calls).toBe(100);
    expect(nr.stats.maxInFlight).toBeLessThanOrEqual(8);
    expect(nr.stats.maxInFlight).toBeGreaterThan(1);
    const rows = await perControl();
    expect(rows).toHaveLength(100);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect(rows.map((r) => r.control_id).sort((a, b) => a - b)).toEqual(ids);
    // The request's scope is stored, not the one the flow sent back.
    const scopes = await app.db.query<{ scope: unknown }>(
      'SELECT DISTINCT scope::text AS scope FROM computations',
    );
    expect(scopes.rows).toEqual([{ scope: '{}' }]);
    // last_run_at is the pass's instant: nothing is due again until an hour later.
    expect(await s.tick()).toEqual([]);
    now += 3600_000;
    expect(await s.tick()).toHaveLength(100);
  });

  it('two schedulers on one database never run a control twice', async () => {
    await app.db.query('DELETE FROM controls');
    await addDueControls(100);
    const now = Date.parse('2030-07-01T00:00:00Z');
    const a = fakeNodeRed(2);
    const b = fakeNodeRed(2);
    const mk = (nodeRed: NodeRedClient) =>
      new ControlScheduler({ db: app.db, nodeRed, logger: silent, clock: () => now, timer: noTimer });
    const [ra, rb] = await Promise.all([mk(a.client).tick(), mk(b.client).tick()]);
    expect(ra.length + rb.length).toBe(100);
    expect(a.stats.calls + b.stats.calls).toBe(100);
    const rows = await perControl();
    expect(rows).toHaveLength(100);
    expect(rows.every((r) => r.n === 1)).toBe(true);
  });

  it('a failing control does not stop the others', async () => {
    await app.db.query('DELETE FROM controls');
    const ids = await addDueControls(10);
    const nodeRed = {
      callEndpoint: async (_e: string, p: { controlId: number }) => {
        if (p.controlId === ids[3]) throw new Error('boom');
        return { value: true, evidences: [] };
      },
    } as unknown as NodeRedClient;
    const s = new ControlScheduler({
      db: app.db,
      nodeRed,
      logger: silent,
      clock: () => Date.now(),
      timer: noTimer,
    });
    expect(await s.tick()).toHaveLength(9);
  });

  it('Node-RED not there yet: the claim is given back and the next pass runs it; a failing flow keeps it', async () => {
    await app.db.query('DELETE FROM controls');
    const [up, broken] = await addDueControls(2);
    let nodeRedUp = false;
    const calls: number[] = [];
    const nodeRed = {
      callEndpoint: async (_e: string, p: { controlId: number }) => {
        calls.push(p.controlId);
        if (!nodeRedUp)
          throw new NodeRedError(
            'Node-RED endpoint /api/v1/check: cannot reach http://nodered:1880 (ECONNREFUSED)',
          );
        if (p.controlId === broken)
          throw new NodeRedError('Node-RED endpoint /api/v1/check answered 500: boom', 500);
        return { value: true, evidences: [] };
      },
    } as unknown as NodeRedClient;
    const now = Date.parse('2030-08-01T00:00:00Z');
    const s = new ControlScheduler({ db: app.db, nodeRed, logger: silent, clock: () => now, timer: noTimer });
    expect(await s.tick()).toEqual([]);
    const lastRun = await app.db.query('SELECT last_run_at FROM controls ORDER BY id');
    expect(lastRun.rows.map((r) => r.last_run_at)).toEqual([null, null]);
    nodeRedUp = true;
    expect((await s.tick()).map((r) => r.controlId)).toEqual([up]); // same instant: retried at once
    expect(await s.tick()).toEqual([]); // the broken flow keeps its claim: next period
    expect(calls.filter((c) => c === broken)).toHaveLength(2);
  });

  it('tells "Node-RED not there" from "the flow failed"', () => {
    const wrapped = (e: NodeRedError) => Object.assign(new HttpError(502, 'x'), { cause: e });
    expect(nodeRedUnavailable(wrapped(new NodeRedError('cannot reach http://x (ECONNREFUSED)')))).toBe(true);
    expect(nodeRedUnavailable(wrapped(new NodeRedError('answered 404: Cannot POST', 404)))).toBe(true);
    expect(nodeRedUnavailable(wrapped(new NodeRedError('answered 502: Bad Gateway', 502)))).toBe(true);
    expect(nodeRedUnavailable(wrapped(new NodeRedError('answered 500: flow exploded', 500)))).toBe(false);
    expect(nodeRedUnavailable(wrapped(new NodeRedError('no answer within 10000 ms')))).toBe(false);
    expect(nodeRedUnavailable(new HttpError(502, 'answered without a boolean "value"'))).toBe(false);
  });

  it('the first pass waits until the platform is up (or the wait is over)', async () => {
    const pending: (() => void)[] = [];
    const timer: Timer = { setTimeout: (fn) => pending.push(fn), clearTimeout: () => undefined };
    let now = 0;
    let ready = false;
    let ticks = 0;
    const mk = (readyTimeoutMs: number) => {
      const s = new ControlScheduler({
        db: app.db,
        nodeRed: fakeNodeRed().client,
        logger: silent,
        clock: () => now,
        timer,
        isReady: async () => ready,
        readyTimeoutMs,
      });
      s.tick = async () => {
        ticks++;
        return [];
      };
      return s;
    };
    const flush = async () => {
      pending.shift()!();
      await new Promise((r) => setTimeout(r, 5));
    };
    const s = mk(120_000);
    s.start();
    await flush(); // not ready: polls again
    now += 2000;
    await flush();
    expect(ticks).toBe(0);
    ready = true;
    await flush(); // ready: the first pass is scheduled at once
    await flush();
    expect(ticks).toBe(1);
    await s.stop();
    pending.length = 0;

    ready = false;
    const late = mk(5000);
    late.start();
    await flush();
    now += 6000; // never ready, but the wait is over
    await flush();
    await flush();
    expect(ticks).toBe(2);
    await late.stop();
  });

  it('eachLimit keeps at most `limit` calls in flight and visits every item once', async () => {
    const seen: number[] = [];
    let inFlight = 0;
    let max = 0;
    await eachLimit([...Array(20).keys()], 3, async (i) => {
      inFlight++;
      max = Math.max(max, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      seen.push(i);
      inFlight--;
    });
    expect(max).toBe(3);
    expect(seen.sort((x, y) => x - y)).toEqual([...Array(20).keys()]);
    await eachLimit([], 8, async () => undefined);
  });
});
