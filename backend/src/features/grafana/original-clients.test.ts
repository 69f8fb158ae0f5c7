// The Grafana endpoints added for the original's clients (issue 12), against test/fakes/grafana.ts
// on the real app with real PostgreSQL and Redis: the `{model, operation, options}` query form
// (POST /grafana/sql/build and panel sqlQuery), the panel types beyond gauge with the original's
// template names, and POST /grafana/dashboard/temp (preview dashboards and their cleanup).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandGrafanaSql } from '../../../test/grafana-sql.js';
import { startFakeGrafana, type FakeGrafana } from '../../../test/fakes/grafana.js';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import type { Role } from '../auth/tokens.js';

const P = '/api/v1/grafana';
const TOKEN = 'glsa_test_service_account_token';
let grafana: FakeGrafana;
let app: TestApp;
let controlId: number;

/** A request as `role`, with a token issued at the app's current (possibly moved) time. */
async function call(method: string, path: string, role?: Role, body?: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (role) {
    const t = await app.deps.tokens.issue({ id: '1', username: 'u', role });
    headers.cookie = `accessToken=${t.accessToken}`;
  }
  const res = await app.fetch(P + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, text };
}

type Panel = {
  id: number;
  type: string;
  gridPos: unknown;
  fieldConfig: { defaults: Record<string, unknown> };
  options: Record<string, unknown>;
  targets: { rawSql: string; table: string; format: string }[];
};
const stored = (uid: string) => grafana.dashboards.get(uid)!;

beforeAll(async () => {
  grafana = await startFakeGrafana({ auth: `Bearer ${TOKEN}`, subPath: '/grafana' });
  app = await createTestApp({ env: { GRAFANA_URL: grafana.url, GRAFANA_API_KEY: TOKEN } });
  await app.db.query(`INSERT INTO users (id, username, password_hash, role) VALUES (1, 'u', 'x', 'ADMIN')`);
  const cat = await app.db.query<{ id: number }>(
    `INSERT INTO catalogs (name, start_date, status, tpa_id) VALUES ('M', now(), 'finalized', 'tpa-m') RETURNING id`,
  );
  const ctl = await app.db.query<{ id: number }>(
    `INSERT INTO controls (catalog_id, name, period, status) VALUES ($1, 'C', 'HOURLY', 'draft') RETURNING id`,
    [cat.rows[0]!.id],
  );
  controlId = ctl.rows[0]!.id;
  await app.db.query(
    `INSERT INTO computations (control_id, value, evidences) VALUES ($1, true, '[]'), ($1, true, '[]'), ($1, false, '[]')`,
    [controlId],
  );
  expect(
    (await call('POST', '/dashboard', 'DEVELOPER', { dashboard: { title: 'Model', uid: 'model' } })).status,
  ).toBe(201);
});
afterAll(async () => {
  await app?.close();
  await grafana?.close();
});

describe('the {model, operation, options} query form', () => {
  it('POST /sql/build: findAll with where, as the original (Point, guaranteeResult)', async () => {
    const r = await call('POST', '/sql/build', 'USER', {
      model: 'Point',
      operation: 'findAll',
      options: { where: { guaranteeResult: true } },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({
      message: 'SQL query created successfully',
      query: 'SELECT * FROM "points" WHERE ("guarantee_result" = TRUE)',
      text: 'SELECT * FROM "points" WHERE ("guarantee_result" = $1)',
      values: [true],
    });
  });

  it('maps attributes, functions with aliases, operators, $or, group, order, limit, findOne and count', async () => {
    const cases: [unknown, string, unknown[]][] = [
      [
        {
          model: 'Computation',
          options: {
            attributes: [[{ fn: 'MAX', args: [{ col: 'createdAt' }] }, 'latest'], 'controlId'],
            where: { controlId: { $gte: 1 }, value: { ne: false } },
            group: ['controlId'],
            order: [['controlId', 'DESC']],
            limit: 10,
            offset: 5,
          },
        },
        'SELECT MAX("created_at") AS "latest", "control_id" FROM "computations" WHERE ("control_id" >= $1 AND "value" != $2) GROUP BY "control_id" ORDER BY "control_id" DESC LIMIT 10 OFFSET 5',
        [1, false],
      ],
      [
        { model: 'controls', options: { where: { $or: [{ name: "o'k" }, { status: 'draft' }] } } },
        'SELECT * FROM "controls" WHERE ("name" = $1 OR "status" = $2)',
        ["o'k", 'draft'],
      ],
      [
        {
          model: 'Catalog',
          operation: 'findOne',
          options: { where: { 'Op.and': [{ id: { 'Op.gt': 0 } }] } },
        },
        'SELECT * FROM "catalogs" WHERE ("id" > $1) LIMIT 1',
        [0],
      ],
      [
        { model: 'Computation', operation: 'count', options: { where: { controlId }, group: 'value' } },
        'SELECT COUNT(*) AS "count", "value" FROM "computations" WHERE ("control_id" = $1) GROUP BY "value"',
        [controlId],
      ],
      [
        { model: 'Computation', options: { attributes: ['id', 'value'], order: 'createdAt', limit: 2 } },
        'SELECT "id", "value" FROM "computations" ORDER BY "created_at" ASC LIMIT 2',
        [],
      ],
      [
        { model: 'Computation', options: { attributes: [{ fn: 'count', col: '*' }] } },
        'SELECT COUNT(*) FROM "computations"',
        [],
      ],
    ];
    for (const [spec, text, values] of cases) {
      const r = await call('POST', '/sql/build', 'USER', spec);
      expect(r.status, r.text).toBe(200);
      expect(r.body.text).toBe(text);
      expect(r.body.values).toEqual(values);
      await app.db.query(r.body.text, r.body.values); // it runs on the real schema
      if (!text.includes('GROUP BY') && !text.includes(' OR ')) {
        // and the parser reads the Grafana rendering back
        const parsed = await call('POST', '/sql/parse', 'USER', { rawSql: r.body.query });
        expect(parsed.status, parsed.text).toBe(200);
      }
    }
    const count = await call('POST', '/sql/build', 'USER', {
      model: 'Computation',
      operation: 'count',
      options: { where: { controlId } },
    });
    const n = await app.db.query<{ count: string }>(count.body.text, count.body.values);
    expect(Number(n.rows[0]!.count)).toBe(3);
  });

  it('the parser reads back aliases, LIMIT and OFFSET', async () => {
    const r = await call('POST', '/sql/parse', 'USER', {
      rawSql: 'SELECT AVG("value") AS "compliance" FROM "computations" ORDER BY "id" DESC LIMIT 10 OFFSET 5',
    });
    expect(r.body.sql).toEqual({
      table: 'computations',
      aggregations: [{ func: 'AVG', attr: 'value', alias: 'compliance' }],
      columns: [],
      whereConditions: [],
      whereLogic: 'AND',
      groupBy: null,
      orderByAttr: 'id',
      orderDirection: 'DESC',
      limit: 10,
      offset: 5,
    });
  });

  it.each([
    [{ model: 'User', options: { attributes: ['password_hash'] } }, 'model'],
    [{ model: 'Secret' }, 'model'],
    [{ model: 'Point', operation: 'destroy', options: { where: { id: 1 } } }, 'operation'],
    [{ model: 'Point', operation: 'drop' }, 'operation'],
    [{ model: 'Point', options: { include: ['User'] } }, 'options.include'],
    [{ model: 'Point', options: { attributes: ['password_hash'] } }, 'options.attributes.0'],
    [{ model: 'Point', options: { attributes: { exclude: ['id'] } } }, 'options.attributes'],
    [{ model: 'Point', options: { attributes: [['id', 'x']] } }, 'options.attributes.0'],
    [
      { model: 'Point', options: { attributes: [{ fn: 'pg_sleep', args: [{ col: 'id' }] }] } },
      'aggregations.0.func',
    ],
    [
      { model: 'Point', options: { attributes: [[{ fn: 'MAX', col: 'id' }, 'x" FROM users --']] } },
      'aggregations.0.alias',
    ],
    [{ model: 'Point', options: { where: { '1=1 OR id': 1 } } }, 'options.where.1=1 OR id'],
    [{ model: 'Control', options: { where: { name: { $like: '%a%' } } } }, 'options.where.name.$like'],
    [{ model: 'Control', options: { where: { name: null } } }, 'options.where.name'],
    [{ model: 'Control', options: { where: { id: [1, 2] } } }, 'options.where.id'],
    [{ model: 'Control', options: { where: { id: { a: 1 } } } }, 'options.where.id.a'],
    [{ model: 'Control', options: { where: { id: { gt: { b: 1 } } } } }, 'options.where.id.gt'],
    [{ model: 'Control', options: { where: { id: 1, $or: [{ id: 2 }, { id: 3 }] } } }, 'options.where.$or'],
    [
      { model: 'Control', options: { where: { $or: [{ id: 2, name: 'a' }, { id: 3 }] } } },
      'options.where.$or.0',
    ],
    [
      { model: 'Control', options: { where: { $and: [{ $or: [{ id: 2 }, { id: 3 }] }] } } },
      'options.where.$and.0.$or',
    ],
    [{ model: 'Control', options: { order: [['id', 'DESC; DROP TABLE x']] } }, 'options.order.0.1'],
    [{ model: 'Control', options: { order: [['id'], ['name']] } }, 'options.order'],
    [{ model: 'Control', options: { group: ['id', 'name'] } }, 'options.group'],
    [{ model: 'Control', options: { limit: 0 } }, 'options.limit'],
    [{ model: 'Control', options: { limit: '1; DROP TABLE x' } }, 'options.limit'],
  ])('POST /sql/build %j → 400 naming %s', async (spec, path) => {
    const r = await call('POST', '/sql/build', 'USER', spec);
    expect(r.status, r.text).toBe(400);
    expect(r.body.errors[0].path).toBe(path);
    expect(r.body.query).toBeUndefined();
  });

  it('a malformed body names the field of the form that was sent', async () => {
    const m = await call('POST', '/sql/build', 'USER', { model: 'Point', options: 'all' });
    expect(m.status).toBe(400);
    expect(m.body.errors[0].path).toBe('options');
    const b = await call('POST', '/sql/build', 'USER', { table: 'points', columns: 'id' });
    expect(b.status).toBe(400);
    expect(b.body.errors[0].path).toBe('columns');
  });

  it('panels accept it as sqlQuery (create and update); errors name sqlQuery.<field>', async () => {
    const add = await call('POST', '/dashboard/model/panel', 'DEVELOPER', {
      title: 'Passing',
      type: 'stat',
      sqlQuery: {
        model: 'Computation',
        operation: 'findAll',
        options: {
          attributes: [[{ fn: 'AVG', args: [{ col: 'controlId' }] }, 'compliance']],
          where: { value: true },
        },
      },
    });
    expect(add.status, add.text).toBe(201);
    expect(add.body.rawSql).toBe(
      'SELECT AVG("control_id") AS "compliance" FROM "computations" WHERE ("value" = TRUE)',
    );
    const panel = (stored('model').dashboard.panels as Panel[])[0]!;
    expect(panel.targets[0]).toMatchObject({ rawSql: add.body.rawSql, table: 'computations' });

    const patched = await call('PATCH', `/dashboard/model/panel/${add.body.panelId}`, 'DEVELOPER', {
      sqlQuery: { model: 'Point', operation: 'count' },
    });
    expect(patched.status, patched.text).toBe(200);
    const after = (stored('model').dashboard.panels as Panel[])[0]!;
    expect(after.targets[0]).toMatchObject({
      rawSql: 'SELECT COUNT(*) AS "count" FROM "points"',
      table: 'points',
    });
    expect(after.type).toBe('stat');

    const bad = await call('POST', '/dashboard/model/panel', 'DEVELOPER', {
      title: 'x',
      sqlQuery: { model: 'User', operation: 'findAll' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toEqual({
      path: 'sqlQuery.model',
      message: 'model "User" cannot be queried; one of Catalog, Computation, Control, Point',
    });
    const badPatch = await call('PATCH', `/dashboard/model/panel/${add.body.panelId}`, 'DEVELOPER', {
      sqlQuery: { model: 'Point', options: { where: { agreementId: { $in: ['a'] } } } },
    });
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.errors[0].path).toBe('sqlQuery.options.where.agreementId.$in');
    const shape = await call('POST', '/dashboard/model/panel', 'DEVELOPER', {
      title: 'x',
      sqlQuery: { model: 'Point', operation: 7 },
    });
    expect(shape.status).toBe(400);
    expect(shape.body.errors[0].path).toBe('sqlQuery.operation');
  });
});

describe('panel types', () => {
  it("accepts the original's template names (graph, pie, bar) for Grafana's types", async () => {
    for (const [sent, type] of [
      ['graph', 'timeseries'],
      ['pie', 'piechart'],
      ['bar', 'barchart'],
      ['piechart', 'piechart'],
      ['barchart', 'barchart'],
    ]) {
      const r = await call('POST', '/dashboard/model/panel', 'DEVELOPER', {
        title: sent,
        type: sent,
        controlId,
      });
      expect(r.status, r.text).toBe(201);
      expect(r.body.type).toBe(type);
    }
    const panels = stored('model').dashboard.panels as Panel[];
    const pie = panels.find((p) => p.type === 'piechart')!;
    expect(pie.options).toMatchObject({ reduceOptions: { values: true }, pieType: 'donut' });
    expect(pie.targets[0]!.format).toBe('table');
    const rows = (await app.db.query(expandGrafanaSql(pie.targets[0]!.rawSql))).rows;
    expect(rows.map((r) => [r.result, Number(r.computations)])).toEqual([
      ['pass', 2],
      ['fail', 1],
    ]);
    const bar = panels.find((p) => p.type === 'barchart')!;
    expect(bar.fieldConfig.defaults).toMatchObject({
      unit: 'percent',
      min: 0,
      max: 100,
      color: { mode: 'thresholds' },
    });
    const days = (await app.db.query(expandGrafanaSql(bar.targets[0]!.rawSql))).rows;
    expect(days).toHaveLength(1);
    expect(Number(days[0].compliance)).toBeCloseTo(66.67, 1);
    expect(typeof days[0].day).toBe('string');
    // a PATCH to another type rebuilds the panel from that template
    const id = pie.id;
    expect((await call('PATCH', `/dashboard/model/panel/${id}`, 'DEVELOPER', { type: 'bar' })).status).toBe(
      200,
    );
    expect((await call('GET', `/dashboard/model/panel/${id}/query`, 'USER')).body.type).toBe('barchart');
  });
});

describe('POST /dashboard/temp', () => {
  it('creates a preview dashboard in the root folder: temp tags, 5 s refresh, last 6 h, titled by the time', async () => {
    const t0 = Date.parse('2031-05-01T10:00:00.000Z');
    app.deps.clock = () => t0;
    try {
      const r = await call('POST', '/dashboard/temp', 'DEVELOPER', {});
      expect(r.status, r.text).toBe(201);
      expect(r.body).toMatchObject({
        message: 'Temporary dashboard created successfully',
        isTemporary: true,
        created: '2031-05-01T10:00:00.000Z',
        autoCleanup: true,
        expiresAt: '2031-05-01T11:00:00.000Z',
        dashboard: { status: 'success' },
      });
      const uid = r.body.dashboard.uid as string;
      expect(uid).toMatch(/^tmpx-/);
      const s = stored(uid);
      expect(s.folderUid).toBeUndefined();
      expect(s.dashboard).toMatchObject({
        title: 'Temp Preview - 2031-05-01T10:00:00.000Z',
        tags: ['temp', 'preview'],
        refresh: '5s',
        schemaVersion: 27,
        time: { from: 'now-6h', to: 'now' },
        panels: [],
      });
    } finally {
      delete app.deps.clock;
    }
  });

  it('with a panel (either query form, or a control) and a time range', async () => {
    const r = await call('POST', '/dashboard/temp', 'DEVELOPER', {
      title: 'Preview of Passing',
      timeRange: { from: 'now-7d', to: 'now' },
      panelConfig: {
        type: 'pie',
        title: 'Results',
        sqlQuery: {
          model: 'Computation',
          operation: 'count',
          options: { where: { controlId }, group: 'value' },
        },
      },
    });
    expect(r.status, r.text).toBe(201);
    const d = stored(r.body.dashboard.uid).dashboard;
    expect(d).toMatchObject({ title: 'Preview of Passing', time: { from: 'now-7d', to: 'now' } });
    const [panel] = d.panels as Panel[];
    expect(panel).toMatchObject({ id: 1, type: 'piechart', gridPos: { x: 0, y: 0, w: 24, h: 15 } });
    expect(panel!.targets[0]).toMatchObject({
      table: 'computations',
      rawSql: `SELECT COUNT(*) AS "count", "value" FROM "computations" WHERE ("control_id" = ${controlId}) GROUP BY "value"`,
    });
    const ctl = await call('POST', '/dashboard/temp', 'ADMIN', { panelConfig: { type: 'gauge', controlId } });
    expect(ctl.status, ctl.text).toBe(201);
    const [gauge] = stored(ctl.body.dashboard.uid).dashboard.panels as Panel[];
    expect(gauge!.targets[0]!.rawSql).toContain(`control_id = ${controlId}`);
  });

  it("copies a base dashboard's settings (not its panels, id or uid) and adds the temp tags", async () => {
    await call('POST', '/dashboard', 'DEVELOPER', {
      dashboard: {
        title: 'Base',
        uid: 'base',
        timezone: 'utc',
        tags: ['iso'],
        panels: [{ id: 3, type: 'text' }],
      },
    });
    const r = await call('POST', '/dashboard/temp', 'DEVELOPER', {
      baseDashboardUid: 'base',
      panelConfig: { type: 'table', sqlQuery: { table: 'points', columns: ['id'] } },
    });
    expect(r.status, r.text).toBe(201);
    const d = stored(r.body.dashboard.uid).dashboard;
    expect(d.uid).not.toBe('base');
    expect(d).toMatchObject({ timezone: 'utc', tags: ['iso', 'temp', 'preview'], refresh: '5s' });
    expect((d.panels as Panel[]).map((p) => p.type)).toEqual(['table']);
    expect(stored('base').dashboard.panels).toEqual([{ id: 3, type: 'text' }]); // untouched

    const missing = await call('POST', '/dashboard/temp', 'DEVELOPER', { baseDashboardUid: 'nope' });
    expect(missing).toMatchObject({
      status: 404,
      body: { message: 'Failed to get base dashboard in Grafana: Dashboard not found' },
    });
  });

  it('validates, and is for writers only', async () => {
    const bad = await call('POST', '/dashboard/temp', 'DEVELOPER', {
      panelConfig: { type: 'geomap', controlId },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('panelConfig.type');
    const sql = await call('POST', '/dashboard/temp', 'DEVELOPER', {
      panelConfig: { sqlQuery: { model: 'User' } },
    });
    expect(sql.status).toBe(400);
    expect(sql.body.errors[0].path).toBe('panelConfig.sqlQuery.model');
    const none = await call('POST', '/dashboard/temp', 'DEVELOPER', { panelConfig: { type: 'stat' } });
    expect(none.body.errors[0].path).toBe('panelConfig.sqlQuery');
    expect((await call('POST', '/dashboard/temp', 'USER', {})).status).toBe(403);
    expect((await call('POST', '/dashboard/temp', undefined, {})).status).toBe(401);
  });

  it('a later creation removes the auto-cleaned ones older than an hour; autoCleanup:false ones stay', async () => {
    const t0 = Date.parse('2032-01-01T00:00:00.000Z');
    app.deps.clock = () => t0;
    try {
      const old = await call('POST', '/dashboard/temp', 'DEVELOPER', {});
      const kept = await call('POST', '/dashboard/temp', 'DEVELOPER', { autoCleanup: false });
      expect(kept.body).toMatchObject({ autoCleanup: false, expiresAt: null });
      expect(kept.body.dashboard.uid).not.toMatch(/^tmpx-/);
      app.deps.clock = () => t0 + 30 * 60_000;
      const recent = await call('POST', '/dashboard/temp', 'DEVELOPER', {});
      expect(grafana.dashboards.has(old.body.dashboard.uid)).toBe(true); // 30 min: not yet
      app.deps.clock = () => t0 + 61 * 60_000;
      const later = await call('POST', '/dashboard/temp', 'DEVELOPER', {});
      expect(later.status).toBe(201);
      expect(grafana.dashboards.has(old.body.dashboard.uid)).toBe(false);
      for (const r of [kept, recent, later]) expect(grafana.dashboards.has(r.body.dashboard.uid)).toBe(true);
      expect(grafana.dashboards.has('base')).toBe(true);
    } finally {
      delete app.deps.clock;
    }
  });
});
