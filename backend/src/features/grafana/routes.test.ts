// /api/v1/grafana against test/fakes/grafana.ts (the documented subset of Grafana's API), on the
// real app with real PostgreSQL and Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGrafana, type FakeGrafana } from '../../../test/fakes/grafana.js';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import type { Role } from '../auth/tokens.js';
import { expandGrafanaSql } from '../../../test/grafana-sql.js';
import { closedPort } from '../../../test/fakes/unavailable.js';
import { GrafanaClient } from './client.js';
import { PANEL_TYPES } from './panels.js';

const P = '/api/v1/grafana';
const TOKEN = 'glsa_test_service_account_token';
let grafana: FakeGrafana;
let app: TestApp;
const cookies: Partial<Record<Role, string>> = {};

async function call(method: string, path: string, role?: Role, body?: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (role) headers.cookie = cookies[role]!;
  const res = await app.fetch(P + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, text };
}

beforeAll(async () => {
  grafana = await startFakeGrafana({ auth: `Bearer ${TOKEN}`, subPath: '/grafana' });
  app = await createTestApp({
    env: {
      GRAFANA_URL: grafana.url,
      GRAFANA_API_KEY: TOKEN,
    },
  });
  for (const [i, role] of (['ADMIN', 'DEVELOPER', 'USER'] as Role[]).entries()) {
    const r = await app.db.query<{ id: number }>(
      `INSERT INTO users (username, password_hash, role) VALUES ($1, 'x', $2) RETURNING id`,
      [`u${i}`, role],
    );
    const t = await app.deps.tokens.issue({
      id: String(r.rows[0]!.id),
      username: `u${i}`,
      role,
    });
    cookies[role] = `accessToken=${t.accessToken}`;
  }
});
afterAll(async () => {
  await app?.close();
  await grafana?.close();
});

describe('GrafanaClient', () => {
  it('sends the service-account token as Bearer (with or without the prefix), nothing else', async () => {
    expect(await new GrafanaClient({ baseUrl: grafana.url, token: TOKEN }).listFolders()).toEqual([]);
    expect(await new GrafanaClient({ baseUrl: grafana.url, token: `Bearer ${TOKEN}` }).listFolders()).toEqual(
      [],
    );
    await expect(
      new GrafanaClient({ baseUrl: grafana.url, token: 'nope' }).listFolders(),
    ).rejects.toMatchObject({ status: 401 });
    await expect(new GrafanaClient({ baseUrl: grafana.url }).listFolders()).rejects.toMatchObject({
      status: 401,
    });
    expect(grafana.requests.at(-1)?.auth).toBeUndefined();
  });
  it('an answer of the wrong shape is a GrafanaError saying what was expected', async () => {
    const c = new GrafanaClient({ baseUrl: grafana.url, token: TOKEN });
    grafana.replyNext(200, { dashboards: [] });
    await expect(c.search()).rejects.toMatchObject({
      badShape: true,
      upstreamMessage: 'Grafana answered the dashboard search with something that is not a list',
    });
    grafana.replyNext(200, [{ uid: 'a', title: 'A', type: 'dash-db' }, { title: 'no uid' }]);
    await expect(c.search()).rejects.toMatchObject({
      upstreamMessage: expect.stringMatching(/dashboard search with an unexpected shape \(1\.uid: /),
    });
    grafana.replyNext(200, 'ok');
    await expect(c.getDashboard('x')).rejects.toMatchObject({
      upstreamMessage: 'Grafana answered a dashboard with something that is not an object',
    });
  });
  it('an unreachable Grafana is a clear error without credentials', async () => {
    const c = new GrafanaClient({ baseUrl: 'http://127.0.0.1:9', token: 'secret-token', timeoutMs: 2000 });
    const err = (await c.listFolders().catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/cannot reach Grafana/);
    expect(err.message).not.toContain('secret-token');
  });
});

describe('folders, dashboards, panels, search', () => {
  it('a developer creates a folder and a dashboard in it; users read them', async () => {
    const f = await call('POST', '/folder', 'DEVELOPER', { title: 'Compliance', uid: 'compliance' });
    expect(f.status).toBe(201);
    expect(grafana.requests.at(-1)!.auth).toBe(`Bearer ${TOKEN}`);
    expect((await call('GET', '/folder', 'USER')).body).toHaveLength(1);
    expect((await call('GET', '/folder/compliance', 'USER')).body.title).toBe('Compliance');

    const d = await call('POST', '/dashboard', 'DEVELOPER', {
      dashboard: { title: 'Catalog A', uid: 'cat-a' },
      folderUid: 'compliance',
    });
    expect(d.status).toBe(201);
    expect(d.body).toMatchObject({ uid: 'cat-a', status: 'success' });
    const got = await call('GET', '/dashboard/cat-a', 'USER');
    expect(got.body.dashboard).toMatchObject({ title: 'Catalog A', panels: [], timezone: 'browser' });
    const inFolder = await call('GET', '/folder/compliance/dashboard', 'USER');
    expect(inFolder.body.map((x: { uid: string }) => x.uid)).toEqual(['cat-a']);
    const s = await call('GET', '/search?query=Cat&tag=a,b&limit=99999', 'USER');
    expect(s.status).toBe(200);
    const sent = grafana.requests.at(-1)!.path;
    expect(sent).toContain('tag=a&tag=b');
    expect(sent).toContain('limit=5000');
  });

  it('panels: add a gauge with a safe query, list, delete', async () => {
    const add = await call('POST', '/dashboard/cat-a/panel', 'DEVELOPER', {
      title: 'Coverage',
      sqlQuery: {
        table: 'computations',
        aggregations: [{ func: 'AVG', attr: 'value' }],
        whereConditions: [{ key: 'controlId', operator: '=', value: "1' OR '1'='1" }],
      },
    });
    expect(add.status).toBe(201);
    expect(add.body.rawSql).toBe(
      `SELECT AVG("value") FROM "computations" WHERE ("control_id" = '1'' OR ''1''=''1')`,
    );
    const list = await call('GET', '/dashboard/cat-a/panel', 'USER');
    expect(list.body).toEqual([expect.objectContaining({ id: 0, title: 'Coverage', type: 'gauge' })]);
    const bad = await call('POST', '/dashboard/cat-a/panel', 'DEVELOPER', {
      title: 'x',
      sqlQuery: { table: 'users', columns: ['password_hash'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('sqlQuery.table');
    const q = await call('GET', '/dashboard/cat-a/panel/query', 'USER');
    expect(q.body).toEqual([expect.objectContaining({ id: 0, title: 'Coverage', type: 'gauge' })]);
    const patched = await call('PATCH', '/dashboard/cat-a/panel/0', 'DEVELOPER', {
      title: 'Coverage 2',
      sqlQuery: { table: 'computations', columns: ['value'] },
    });
    expect(patched.status).toBe(200);
    const one = await call('GET', '/dashboard/cat-a/panel/0/query', 'USER');
    expect(one.body).toMatchObject({
      id: 0,
      title: 'Coverage 2',
      rawSql: 'SELECT "value" FROM "computations"',
      gridPos: { x: 0, y: 0, w: 12, h: 8 },
    });
    expect((await call('GET', '/dashboard/cat-a/panel/9/query', 'USER')).status).toBe(404);
    expect((await call('PATCH', '/dashboard/cat-a/panel/9', 'DEVELOPER', { title: 'x' })).status).toBe(404);
    expect((await call('PATCH', '/dashboard/cat-a/panel/0', 'USER', { title: 'x' })).status).toBe(403);
    expect((await call('DELETE', '/dashboard/cat-a/panel/7', 'DEVELOPER')).status).toBe(404);
    expect((await call('DELETE', '/dashboard/cat-a/panel/0', 'DEVELOPER')).status).toBe(200);
    expect((await call('GET', '/dashboard/cat-a/panel', 'USER')).status).toBe(404);
  });

  it('import and template; delete dashboard and folder', async () => {
    const imp = await call('POST', '/dashboard/import', 'ADMIN', {
      dashboard: { title: 'Imported', uid: 'imp' },
    });
    expect(imp.status).toBe(201);
    const tpl = await call('POST', '/dashboard/template', 'DEVELOPER', {
      name: 'Tpl',
      startDate: '2030-01-01T00:00:00Z',
    });
    expect(tpl.status).toBe(201);
    expect(tpl.body.message).toBe('Dashboard template created successfully');
    expect((await call('DELETE', '/dashboard/imp', 'DEVELOPER')).status).toBe(200);
    expect((await call('GET', '/dashboard/imp', 'USER')).status).toBe(404);
    expect((await call('DELETE', '/folder/compliance', 'ADMIN')).status).toBe(200);
  });

  it('upstream errors keep their 4xx status and Grafana message; 5xx → 502; never credentials', async () => {
    const nf = await call('GET', '/dashboard/nope', 'USER');
    expect(nf).toMatchObject({
      status: 404,
      body: { message: 'Failed to get dashboard in Grafana: Dashboard not found' },
    });
    grafana.failNext(500, 'database is locked');
    const e = await call('GET', '/folder', 'USER');
    expect(e.status).toBe(502);
    expect(e.body.message).toContain('database is locked');
    for (const r of [nf, e]) {
      expect(r.text).not.toContain(TOKEN);
      expect(r.text).not.toMatch(/stack|config/);
    }
  });
});

describe('panel types', () => {
  it('creates gauge, stat, time series, table, bar gauge, pie chart and bar chart panels for a control; their SQL runs', async () => {
    const cat = await app.db.query<{ id: number }>(
      `INSERT INTO catalogs (name, start_date, status, tpa_id) VALUES ('P', now(), 'finalized', 'tpa-p') RETURNING id`,
    );
    const ctl = await app.db.query<{ id: number }>(
      `INSERT INTO controls (catalog_id, name, period, status) VALUES ($1, 'C', 'HOURLY', 'draft') RETURNING id`,
      [cat.rows[0]!.id],
    );
    const controlId = ctl.rows[0]!.id;
    await app.db.query(
      `INSERT INTO computations (control_id, value, evidences) VALUES ($1, true, '[{"a":1}]'), ($1, false, '[]')`,
      [controlId],
    );
    expect(
      (await call('POST', '/dashboard', 'DEVELOPER', { dashboard: { title: 'Types', uid: 'types' } })).status,
    ).toBe(201);
    for (const type of PANEL_TYPES) {
      const add = await call('POST', '/dashboard/types/panel', 'DEVELOPER', {
        title: `A ${type}`,
        type,
        controlId,
      });
      expect(add.status, add.text).toBe(201);
      expect(add.body.type).toBe(type);
      expect(add.body.rawSql).toContain(`control_id = ${controlId}`);
      const rows = (await app.db.query(expandGrafanaSql(add.body.rawSql))).rows;
      if (type === 'table' || type === 'timeseries') expect(rows).toHaveLength(2);
      else if (type === 'piechart')
        expect(rows.map((r) => [r.result, Number(r.computations)])).toEqual([
          ['pass', 1],
          ['fail', 1],
        ]);
      else expect(Number(rows[0].compliance)).toBe(50);
    }
    const saved = grafana.dashboards.get('types')!.dashboard.panels as {
      type: string;
      datasource: { uid: string };
      targets: { format: string }[];
    }[];
    expect(saved.map((p) => p.type).sort()).toEqual([...PANEL_TYPES].sort());
    expect(saved.every((p) => p.datasource.uid === 'status-postgres')).toBe(true);
    expect(saved.find((p) => p.type === 'timeseries')!.targets[0]!.format).toBe('time_series');
    // PATCH keeps the type unless a new one is given.
    const stat = saved.find((p) => p.type === 'stat') as unknown as { id: number };
    await call('PATCH', `/dashboard/types/panel/${stat.id}`, 'DEVELOPER', { title: 'Renamed' });
    expect((await call('GET', `/dashboard/types/panel/${stat.id}/query`, 'USER')).body.type).toBe('stat');
    await call('PATCH', `/dashboard/types/panel/${stat.id}`, 'DEVELOPER', { type: 'bargauge' });
    expect((await call('GET', `/dashboard/types/panel/${stat.id}/query`, 'USER')).body.type).toBe('bargauge');

    const bad = await call('POST', '/dashboard/types/panel', 'DEVELOPER', {
      title: 'x',
      type: 'heatmap',
      controlId,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toEqual({
      path: 'type',
      message: 'type must be one of gauge, stat, timeseries, table, bargauge, piechart, barchart',
    });
    const none = await call('POST', '/dashboard/types/panel', 'DEVELOPER', { title: 'x' });
    expect(none.status).toBe(400);
    expect(none.body.errors[0].path).toBe('sqlQuery');
  });
});

describe('answers Grafana does not document', () => {
  it('a search answering an object → 502 with a clear message, for every search-based route', async () => {
    for (const path of ['/search', '/folder/root/dashboard', '/folder/compliance/dashboard']) {
      grafana.replyNext(200, { message: 'hello from a proxy' });
      const r = await call('GET', path, 'USER');
      expect(r.status).toBe(502);
      expect(r.body.message).toMatch(
        /^Grafana answered the dashboard search with something that is not a list\. Check that GRAFANA_URL/,
      );
    }
    grafana.replyNext(200, [{ id: 1 }]);
    expect((await call('GET', '/folder', 'USER')).body.message).toMatch(
      /folder list with an unexpected shape/,
    );
    grafana.replyNext(200, { dashboard: { title: 'x' } }); // no meta
    const d = await call('GET', '/dashboard/x/panel', 'USER');
    expect(d.status).toBe(502);
    expect(d.body.message).toMatch(/^Grafana answered a dashboard with an unexpected shape \(meta: /);
  });
});

describe('without a service-account token', () => {
  it('Grafana routes answer 503 saying how to connect it; the SQL builder still works', async () => {
    const bare = await createTestApp({ env: { GRAFANA_URL: grafana.url } });
    try {
      const t = await bare.deps.tokens.issue({ id: '1', username: 'u', role: 'ADMIN' });
      const headers = { cookie: `accessToken=${t.accessToken}`, 'content-type': 'application/json' };
      const r = await bare.fetch(`${P}/search`, { headers });
      expect(r.status).toBe(503);
      expect((await r.json()).message).toBe(
        'Grafana is not connected: no service account token (GRAFANA_API_KEY); start the platform from STATUS Desktop, which creates it',
      );
      const sql = await bare.fetch(`${P}/sql/build`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ table: 'computations', columns: ['value'] }),
      });
      expect(sql.status).toBe(200);
    } finally {
      await bare.close();
    }
  });
});

describe('when Grafana is not running', () => {
  it('Grafana routes answer 503 naming Grafana and what to do; the rest of the API serves', async () => {
    const away = await createTestApp({
      env: { GRAFANA_URL: `http://127.0.0.1:${await closedPort()}/grafana`, GRAFANA_API_KEY: TOKEN },
    });
    try {
      const t = await away.deps.tokens.issue({ id: '1', username: 'u', role: 'ADMIN' });
      const headers = { cookie: `accessToken=${t.accessToken}` };
      const r = await away.fetch(`${P}/folder`, { headers });
      expect(r.status).toBe(503);
      expect((await r.json()).message).toBe(
        'Grafana is not reachable (GET /api/folders: ECONNREFUSED): start it from STATUS Desktop or check its logs',
      );
      expect((await away.fetch('/api/v1/scopes', { headers })).status).toBe(200);
    } finally {
      await away.close();
    }
  });
});

describe('datasources and service accounts (ADMIN)', () => {
  it('creates a datasource, a service account and a token', async () => {
    const ds = await call('POST', '/datasource', 'ADMIN', {
      datasourceName: 'statusdb',
      type: 'grafana-postgresql-datasource',
      url: 'postgres:5432',
      database: 'statusdb',
    });
    expect(ds.status).toBe(201);
    expect((await call('GET', '/datasource', 'USER')).body).toHaveLength(1);
    const sa = await call('POST', '/serviceaccount', 'ADMIN', { name: 'status', role: 'Editor' });
    expect(sa.status).toBe(201);
    expect((await call('GET', `/serviceaccount/${sa.body.id}`, 'ADMIN')).body.name).toBe('status');
    const tok = await call('POST', `/serviceaccount/${sa.body.id}/token`, 'ADMIN', {
      name: 't1',
      secondsToLive: 60,
    });
    expect(tok.status).toBe(201);
    expect(tok.body.key).toMatch(/^glsa_/);
  });
});

describe('access and validation', () => {
  it.each([
    ['POST', '/folder', 'USER', 403],
    ['DELETE', '/dashboard/x', 'USER', 403],
    ['POST', '/dashboard', 'USER', 403],
    ['POST', '/datasource', 'DEVELOPER', 403],
    ['POST', '/serviceaccount', 'DEVELOPER', 403],
    ['GET', '/serviceaccount/1', 'USER', 403],
    ['GET', '/folder', undefined, 401],
    ['POST', '/sql/build', undefined, 401],
    ['POST', '/sql/parse', undefined, 401],
  ] as const)('%s %s as %s → %i', async (method, path, role, status) => {
    expect(
      (await call(method, path, role, method === 'GET' || method === 'DELETE' ? undefined : {})).status,
    ).toBe(status);
  });

  it('bad input → 400 naming the field', async () => {
    const r = await call('POST', '/folder', 'ADMIN', { title: '' });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].path).toBe('title');
    expect((await call('GET', '/dashboard/bad%20uid!', 'USER')).status).toBe(400);
    expect((await call('POST', '/serviceaccount', 'ADMIN', { name: 'x', role: 'God' })).status).toBe(400);
  });

  it('POST /sql/build returns the parameterized query and its Grafana rendering', async () => {
    const r = await call('POST', '/sql/build', 'USER', {
      table: 'Computations',
      columns: ['value'],
      whereConditions: [{ key: 'value', operator: '=', value: true }],
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      message: 'SQL query created successfully',
      query: 'SELECT "value" FROM "computations" WHERE ("value" = TRUE)',
      text: 'SELECT "value" FROM "computations" WHERE ("value" = $1)',
      values: [true],
    });
    const bad = await call('POST', '/sql/build', 'USER', { table: 'users' });
    expect(bad.status).toBe(400);
  });

  it('POST /sql/parse returns the builder spec of a built query, 400 for anything else', async () => {
    const built = await call('POST', '/sql/build', 'USER', {
      table: 'controls',
      aggregations: [{ func: 'count', attr: '*' }],
      whereConditions: [{ key: 'name', operator: '=', value: "o'k" }],
      groupBy: 'status',
    });
    const r = await call('POST', '/sql/parse', 'USER', { rawSql: built.body.query });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      message: 'SQL query parsed successfully',
      sql: {
        table: 'controls',
        aggregations: [{ func: 'COUNT', attr: '*' }],
        columns: [],
        whereConditions: [{ key: 'name', operator: '=', value: "o'k" }],
        whereLogic: 'AND',
        groupBy: 'status',
        orderByAttr: null,
        orderDirection: null,
      },
    });
    const bad = await call('POST', '/sql/parse', 'USER', {
      rawSql: 'SELECT * FROM "users"; DROP TABLE "users"',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toEqual({
      path: 'rawSql',
      message: 'only one statement is allowed; ";" at 21',
    });
    const other = await call('POST', '/sql/parse', 'USER', { rawSql: 'SELECT * FROM "users"' });
    expect(other.body.errors[0]).toEqual({ path: 'rawSql', message: 'table "users" is not allowed' });
    expect((await call('POST', '/sql/parse', 'USER', {})).status).toBe(400);
  });
});
