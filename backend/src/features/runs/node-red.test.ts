// End to end with a REAL Node-RED (npm `node-red`, test/fakes/node-red.ts): the Node-RED client,
// the Node-RED token route, POST /controls/:id/run and the scheduler, on real PostgreSQL and Redis.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeRed, type NodeRedInstance } from '../../../test/fakes/node-red.js';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import type { Role } from '../auth/tokens.js';
import { endpointPath, NodeRedClient, NodeRedError } from '../nodered/client.js';
import { runResult, started } from './routes.js';
import { ControlScheduler, type Timer } from './scheduler.js';
import { periodEnd } from '../controls/periods.js';

const P = '/api/v1';
let nr: NodeRedInstance;
let app: TestApp;
let client: NodeRedClient;
const ids: Record<string, number> = {};
let catalogId: number;

async function addUser(username: string, role: Role): Promise<number> {
  const r = await app.db.query<{ id: number }>(
    'INSERT INTO users (username, password_hash, role, email) VALUES ($1, $2, $3, $4) RETURNING id',
    [username, 'x', role, `${username}@example.test`],
  );
  return r.rows[0]!.id;
}
async function cookie(username: string, role: Role): Promise<string> {
  const t = await app.deps.tokens.issue({ id: String(ids[username]), username, role });
  return `accessToken=${t.accessToken}`;
}
async function addControl(o: {
  endpoint?: string | null;
  params?: Record<string, unknown>;
  period?: string;
  status?: string;
  name?: string;
}): Promise<number> {
  const r = await app.db.query<{ id: number }>(
    `INSERT INTO controls (catalog_id, name, period, endpoint, params, status)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      catalogId,
      o.name ?? 'Coverage',
      o.period ?? 'HOURLY',
      o.endpoint === undefined ? 'check' : o.endpoint,
      JSON.stringify(o.params ?? { threshold: 5, items: [6, 7] }),
      o.status ?? 'finalized',
    ],
  );
  return r.rows[0]!.id;
}
const run = async (id: number | string, who = 'dev', role: Role = 'DEVELOPER', body: unknown = {}) =>
  app.fetch(`${P}/controls/${id}/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: await cookie(who, role) },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  nr = await startNodeRed();
  app = await createTestApp({
    env: {
      NODE_RED_URL: nr.url,
      NODE_RED_ADMIN_USER: nr.adminUser,
      NODE_RED_ADMIN_PASSWORD: nr.adminPassword,
      NODE_RED_HTTP_USER: nr.httpUser,
      NODE_RED_HTTP_PASSWORD: nr.httpPassword,
    },
  });
  client = NodeRedClient.fromConfig(app.config, 3000);
  ids.admin = await addUser('admin', 'ADMIN');
  ids.dev = await addUser('dev', 'DEVELOPER');
  ids.user = await addUser('user', 'USER');
  const c = await app.db.query<{ id: number }>(
    `INSERT INTO catalogs (name, start_date, status, tpa_id) VALUES ('Cat', now(), 'finalized', 'tpa-test') RETURNING id`,
  );
  catalogId = c.rows[0]!.id;
}, 120_000);
afterAll(async () => {
  await app?.close();
  await nr?.stop();
});

describe('NodeRedClient against a real Node-RED', () => {
  it('gets an admin token and lists the flows with it', async () => {
    const t = await client.adminToken();
    expect(t.access_token).toMatch(/.{20,}/);
    const flows = await client.listFlows(t.access_token);
    expect(flows.some((n) => n.type === 'http in' && n.url === '/check')).toBe(true);
  });

  it('wrong admin password is a NodeRedError with the status', async () => {
    const err = await client.adminToken('admin', 'wrong').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeRedError);
    expect((err as NodeRedError).status).toBe(403); // Node-RED's answer to a bad password grant
  });

  it('calls an HTTP-in endpoint with basic auth; without it Node-RED refuses', async () => {
    const r = await client.callEndpoint<{ value: boolean }>('check', { threshold: 1, items: [2] });
    expect(r.value).toBe(true);
    const anon = new NodeRedClient({ baseUrl: nr.url });
    const err = await anon.callEndpoint('check', {}).catch((e: unknown) => e);
    expect((err as NodeRedError).status).toBe(401);
  });

  it('times out with a clear error', async () => {
    const quick = new NodeRedClient({ ...creds(), timeoutMs: 300 });
    await expect(quick.callEndpoint('hang', {})).rejects.toThrow(/no answer within 300 ms/);
  });

  it('an unreachable Node-RED names the base URL', async () => {
    const gone = new NodeRedClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 });
    await expect(gone.callEndpoint('check', {})).rejects.toThrow(/cannot reach http:\/\/127\.0\.0\.1:9/);
  });

  it('endpoint paths stay under /api/v1', () => {
    expect(endpointPath('check')).toBe('/api/v1/check');
    expect(endpointPath('/check')).toBe('/api/v1/check');
    expect(endpointPath('/api/v1/a/b')).toBe('/api/v1/a/b');
    for (const bad of ['', '../auth/token', 'a/../../x', 'http://evil/x', 'a?b=1'])
      expect(() => endpointPath(bad)).toThrow(NodeRedError);
  });
});

function creds() {
  return { baseUrl: nr.url, httpUser: nr.httpUser, httpPassword: nr.httpPassword };
}

describe('GET /nodered/token', () => {
  it('gives DEVELOPER and ADMIN a token and the nodeRedToken cookie', async () => {
    for (const [who, role] of [
      ['dev', 'DEVELOPER'],
      ['admin', 'ADMIN'],
    ] as const) {
      const res = await app.fetch(`${P}/nodered/token`, { headers: { cookie: await cookie(who, role) } });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { nodeRedToken: string };
      expect(body.nodeRedToken).toMatch(/.{20,}/);
      const set = res.headers.getSetCookie().find((c) => c.startsWith('nodeRedToken='))!;
      expect(set).toMatch(/HttpOnly/);
      expect(set).toMatch(/SameSite=Lax/);
    }
  });
  it('USER → 403, anonymous → 401', async () => {
    const u = await app.fetch(`${P}/nodered/token`, { headers: { cookie: await cookie('user', 'USER') } });
    expect(u.status).toBe(403);
    expect((await app.fetch(`${P}/nodered/token`)).status).toBe(401);
  });
  it('GET /nodered/flows lists the deployed flows', async () => {
    const res = await app.fetch(`${P}/nodered/flows`, {
      headers: { cookie: await cookie('admin', 'ADMIN') },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[]).length).toBeGreaterThan(3);
  });
});

describe('POST /controls/:id/run', () => {
  it('runs a control through Node-RED and stores the computation', async () => {
    const id = await addControl({ params: { endpoint: 'ignored', threshold: 5, items: [6, 7] } });
    const res = await run(id, 'dev', 'DEVELOPER', { scope: { team: 'a' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      value: boolean;
      computationId: string;
      evidences: { item: number; result: boolean }[];
    };
    expect(body.value).toBe(true);
    expect(runResult.safeParse(body).success).toBe(true);
    expect(body.evidences).toEqual([
      { item: 6, result: true },
      { item: 7, result: true },
    ]);
    const row = (
      await app.db.query(
        'SELECT control_id, value, scope, evidences, period_from, period_to FROM computations WHERE id = $1',
        [body.computationId],
      )
    ).rows[0];
    expect(row).toMatchObject({ control_id: id, value: true, scope: { team: 'a' } });
    expect(row.evidences).toHaveLength(2);
    expect(row.period_to.getTime() - row.period_from.getTime()).toBe(3600_000);
    const ctl = (await app.db.query('SELECT last_run_at FROM controls WHERE id = $1', [id])).rows[0];
    expect(ctl.last_run_at).not.toBeNull();
  });

  it('a failing evidence makes the value false', async () => {
    const id = await addControl({ params: { threshold: 5, items: [6, 1] } });
    const res = await run(id, 'admin', 'ADMIN');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { value: boolean; computationGroup: string };
    expect(body.value).toBe(false);
  });

  it('a failing flow (500) → 502 naming the control and the endpoint', async () => {
    const id = await addControl({ endpoint: 'fail', name: 'Exploding' });
    const res = await run(id);
    expect(res.status).toBe(502);
    const { message } = (await res.json()) as { message: string };
    expect(message).toContain(`control ${id} ("Exploding")`);
    expect(message).toContain('/api/v1/fail');
    expect(message).toContain('500');
    expect(message).not.toContain(nr.httpPassword);
    const n = await app.db.query('SELECT count(*)::int AS n FROM computations WHERE control_id = $1', [id]);
    expect(n.rows[0].n).toBe(0);
  });

  it('an answer without value → 502; a missing flow → 502; no endpoint → 400', async () => {
    expect((await run(await addControl({ endpoint: 'odd' }))).status).toBe(502);
    const missing = await run(await addControl({ endpoint: 'no-such-flow' }));
    expect(missing.status).toBe(502);
    expect(((await missing.json()) as { message: string }).message).toContain('404');
    const none = await run(await addControl({ endpoint: null, params: { threshold: 1 } }));
    expect(none.status).toBe(400);
  });

  it('params.endpoint is used when the column is empty', async () => {
    const id = await addControl({ endpoint: null, params: { endpoint: '/check', threshold: 0, items: [1] } });
    const res = await run(id);
    expect(res.status).toBe(200);
  });

  it('unknown control → 404, bad id → 400, bad body → 400, USER → 403, anonymous → 401', async () => {
    expect((await run(999999)).status).toBe(404);
    expect((await run('abc')).status).toBe(400);
    const id = await addControl({});
    expect((await run(id, 'dev', 'DEVELOPER', { scope: 'nope' })).status).toBe(400);
    expect((await run(id, 'user', 'USER')).status).toBe(403);
    expect((await app.fetch(`${P}/controls/${id}/run`, { method: 'POST' })).status).toBe(401);
  });
});

describe('POST /computations (the registry protocol)', () => {
  it('starts the flow, Node-RED posts the results back, the poll answers the compliance', async () => {
    const token = await cookie('user', 'USER');
    const start = await app.fetch(`${P}/computations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-access-token': token.slice('accessToken='.length) },
      body: JSON.stringify({
        config: { backendUrl: `${app.url}${P}/computations/bulk` },
        metric: {
          endpoint: '/collect',
          params: { threshold: 5, items: [6, 1] },
          scope: { project: 'p1', member: 'm1' },
          window: { type: 'static', period: 'monthly', initial: '2030-01-01', end: '2030-02-01T00:00:00Z' },
        },
      }),
    });
    expect(start.status).toBe(201);
    const body = (await start.json()) as { code: number; message: string; computation: string };
    expect(body).toMatchObject({ code: 201, message: 'OK' });
    expect(started.safeParse(body).success).toBe(true);
    expect(body.computation).toMatch(/^\/api\/v1\/computations\/[0-9a-f-]{36}$/);
    // Poll as the registry does.
    let poll: Response | undefined;
    for (let i = 0; i < 50; i++) {
      poll = await app.fetch(body.computation, { headers: { cookie: token } });
      if (poll.status === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(poll!.status).toBe(200);
    const result = (await poll!.json()) as { computations: { value: number; scope: object }[] };
    expect(result.computations[0]).toMatchObject({ value: 50, scope: { project: 'p1' } });
  });

  it('bad body → 400 and nothing is started; a failing flow → 502', async () => {
    const h = { 'content-type': 'application/json', cookie: await cookie('user', 'USER') };
    const bad = await app.fetch(`${P}/computations`, {
      method: 'POST',
      headers: h,
      body: JSON.stringify({ metric: {} }),
    });
    expect(bad.status).toBe(400);
    const fail = await app.fetch(`${P}/computations`, {
      method: 'POST',
      headers: h,
      body: JSON.stringify({ metric: { endpoint: 'fail', params: {} } }),
    });
    expect(fail.status).toBe(502);
    expect((await app.fetch(`${P}/computations`, { method: 'POST' })).status).toBe(401);
  });
});

describe('scheduler', () => {
  it('runs a due control once per period, driven by an injected clock and timer', async () => {
    await app.db.query("UPDATE controls SET status = 'draft'"); // only the controls below
    const hourly = await addControl({ period: 'HOURLY', name: 'Hourly' });
    const daily = await addControl({ period: 'DAILY', name: 'Daily' });
    await addControl({ period: 'HOURLY', status: 'draft', name: 'Draft' });
    let now = Date.parse('2030-01-01T00:00:00Z');
    const pending: (() => void)[] = [];
    const timer: Timer = {
      setTimeout: (fn) => pending.push(fn),
      clearTimeout: () => undefined,
    };
    const s = new ControlScheduler({
      db: app.db,
      nodeRed: client,
      logger: pino({ level: 'silent' }),
      clock: () => now,
      timer,
    });
    const count = async (id: number) =>
      (await app.db.query('SELECT count(*)::int AS n FROM computations WHERE control_id = $1', [id])).rows[0]
        .n as number;

    const first = await s.tick();
    expect(first.map((r) => r.controlId).sort()).toEqual([hourly, daily].sort());
    expect(await s.tick()).toEqual([]); // same instant: nothing due
    now += 30 * 60_000;
    expect(await s.tick()).toEqual([]);
    now += 30 * 60_000; // one hour after the first run
    expect((await s.tick()).map((r) => r.controlId)).toEqual([hourly]);
    now += 23 * 3600_000;
    const day = await s.tick();
    expect(day.map((r) => r.controlId).sort()).toEqual([hourly, daily].sort());
    expect(await count(hourly)).toBe(3);
    expect(await count(daily)).toBe(2);

    // start(): the first pass is scheduled through the injected timer.
    now += 3600_000;
    s.start();
    expect(pending).toHaveLength(1);
    pending.shift()!();
    await s.stop();
    expect(await count(hourly)).toBe(4);
  });

  it('stops by itself once the pool has ended', async () => {
    const pending: (() => void)[] = [];
    let ticks = 0;
    const s = new ControlScheduler({
      db: { ended: true } as never,
      nodeRed: client,
      logger: pino({ level: 'silent' }),
      timer: { setTimeout: (fn) => pending.push(fn), clearTimeout: () => undefined },
    });
    s.tick = async () => {
      ticks++;
      return [];
    };
    s.start();
    pending.shift()!();
    expect(ticks).toBe(0);
    expect(pending).toHaveLength(0);
    await s.stop();
  });

  it('periods are calendar periods', () => {
    const t = new Date('2030-01-31T10:00:00Z');
    expect(periodEnd(t, 'MONTHLY').toISOString()).toBe('2030-03-03T10:00:00.000Z');
    expect(periodEnd(t, 'WEEKLY').toISOString()).toBe('2030-02-07T10:00:00.000Z');
    expect(periodEnd(t, 'ANNUALLY').toISOString()).toBe('2031-01-31T10:00:00.000Z');
  });
});
