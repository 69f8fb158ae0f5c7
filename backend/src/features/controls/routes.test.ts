// /api/v1/controls on the real app, PostgreSQL and Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { domainKit, fields, pageHeaders, sqlAndMapper, type Kit } from '../../../test/domain-kit.js';
import { ComputationsRepository, toComputation, type ComputationRow } from '../computations/repository.js';
import { computation } from '../computations/schemas.js';
import { ControlsRepository, toControl, toPanel, type ControlRow, type PanelRow } from './repository.js';
import { control, panel, panelAdded } from './schemas.js';

let app: TestApp;
let k: Kit;
let draftCatalog: number;
let finalCatalog: number;
const dates = { startDate: '2025-01-01', endDate: '2025-12-31' };
const params = { endpoint: '/bpi', threshold: 80 };

beforeAll(async () => {
  app = await createTestApp();
  k = await domainKit(app);
  draftCatalog = (await k.call('ADMIN', 'POST', '/catalogs/drafts', { name: 'D', ...dates })).body.id;
  finalCatalog = (await k.call('ADMIN', 'POST', '/catalogs', { name: 'F', ...dates })).body.id;
});
afterAll(async () => {
  await app?.close();
});

describe('controls', () => {
  it('draft controls: defaults, only in draft catalogs, listing by catalog', async () => {
    const r = await k.call('DEVELOPER', 'POST', '/controls/drafts', {
      name: 'Uptime',
      catalogId: draftCatalog,
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      name: 'Uptime',
      status: 'draft',
      period: 'MONTHLY',
      params: {},
      mashupId: '',
      description: '',
      catalogId: draftCatalog,
    });
    const no = await k.call('DEVELOPER', 'POST', '/controls/drafts', { name: 'X', catalogId: finalCatalog });
    expect(no.status).toBe(400);
    expect(no.body.message).toBe('Draft controls can only be added to draft catalogs');
    expect(
      (await k.call('DEVELOPER', 'POST', '/controls/drafts', { name: 'X', catalogId: 999999 })).status,
    ).toBe(404);
    expect((await k.call('USER', 'GET', `/controls/drafts/catalog/${draftCatalog}`)).body).toHaveLength(1);
    expect((await k.call('USER', 'GET', '/controls/drafts')).body).toHaveLength(1);
    expect((await k.call('USER', 'GET', `/controls?catalogId=${draftCatalog}`)).body).toHaveLength(1);
  });

  it('finalized controls need params.endpoint and threshold and a finalized catalog', async () => {
    const body = { name: 'Latency', catalogId: finalCatalog, period: 'DAILY', params, ...dates };
    const r = await k.call('DEVELOPER', 'POST', '/controls', body);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'finalized', params, period: 'DAILY' });
    const bad = await k.call('DEVELOPER', 'POST', '/controls', {
      ...body,
      params: { threshold: 1 },
      period: 'X',
    });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(expect.arrayContaining(['params.endpoint', 'period']));
    const inDraft = await k.call('DEVELOPER', 'POST', '/controls', { ...body, catalogId: draftCatalog });
    expect(inDraft.status).toBe(400);
    const strip = await k.call('DEVELOPER', 'PATCH', `/controls/${r.body.id}`, {
      params: { endpoint: '/x' },
    });
    expect(strip.status).toBe(400);
    expect(fields(strip.body)).toEqual(['params.threshold']);
    const back = await k.call('DEVELOPER', 'PATCH', `/controls/${r.body.id}`, { status: 'draft' });
    expect(back.body.message).toBe('Cannot change status from finalized to draft');
    const ok = await k.call('DEVELOPER', 'PATCH', `/controls/${r.body.id}`, { name: 'Latency p99' });
    expect(ok.body).toMatchObject({ name: 'Latency p99', params });
  });

  it('finalize: rules of the original', async () => {
    const d = (await k.call('DEVELOPER', 'POST', '/controls/drafts', { name: 'Z', catalogId: draftCatalog }))
      .body;
    const r = await k.call('DEVELOPER', 'PATCH', `/controls/${d.id}/finalize`);
    expect(r.body.message).toBe('Cannot finalize a control that belongs to a draft catalog');
    expect((await k.call('DEVELOPER', 'PATCH', '/controls/999999/finalize')).status).toBe(404);
    // move to a finalized catalog is refused for a draft; finalize the catalog instead
    await k.call('DEVELOPER', 'PATCH', `/controls/${d.id}`, { params });
    const c2 = (await k.call('ADMIN', 'POST', '/catalogs/drafts', { name: 'D2', ...dates })).body.id;
    const d2 = (await k.call('DEVELOPER', 'POST', '/controls/drafts', { name: 'W', catalogId: c2, params }))
      .body;
    await app.db.query(`UPDATE catalogs SET status = 'finalized', tpa_id = 'tpa-x' WHERE id = $1`, [c2]);
    const fin = await k.call('DEVELOPER', 'PATCH', `/controls/${d2.id}/finalize`);
    expect(fin.status).toBe(200);
    expect(fin.body.status).toBe('finalized');
    expect((await k.call('DEVELOPER', 'PATCH', `/controls/${d2.id}/finalize`)).body.message).toBe(
      'Only draft controls can be finalized',
    );
  });

  it('roles, anonymous, not found, bad ids', async () => {
    expect(
      (await k.call('USER', 'POST', '/controls/drafts', { name: 'Q', catalogId: draftCatalog })).status,
    ).toBe(403);
    expect((await k.call('anonymous', 'GET', '/controls')).status).toBe(401);
    expect((await k.call('USER', 'GET', '/controls/999999')).body).toEqual({ message: 'Control not found' });
    expect((await k.call('DEVELOPER', 'DELETE', '/controls/999999')).status).toBe(404);
    const bad = await k.call('USER', 'GET', '/controls/1.5');
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['id']);
  });

  it('panels rows: add, list, delete', async () => {
    const c = (await k.call('DEVELOPER', 'POST', '/controls/drafts', { name: 'P', catalogId: draftCatalog }))
      .body;
    const add = await k.call('DEVELOPER', 'POST', `/controls/${c.id}/panel/7`, { dashboardUid: 'abc123' });
    expect(add.status).toBe(201);
    expect(panelAdded.parse(add.body)).toEqual(add.body);
    expect(add.body).toMatchObject({
      message: 'Panel added to control',
      data: { id: '7', dashboardUid: 'abc123', controlId: c.id },
    });
    expect((await k.call('DEVELOPER', 'POST', `/controls/${c.id}/panel/8`, {})).status).toBe(400);
    expect((await k.call('USER', 'POST', `/controls/${c.id}/panel/8`, { dashboardUid: 'x' })).status).toBe(
      403,
    );
    expect((await k.call('USER', 'GET', `/controls/${c.id}/panels`)).body).toHaveLength(1);
    expect((await k.call('DEVELOPER', 'DELETE', `/controls/${c.id}/panels/7`)).status).toBe(204);
    expect((await k.call('DEVELOPER', 'DELETE', `/controls/${c.id}/panels/7`)).status).toBe(404);
    expect((await k.call('USER', 'GET', '/controls/999999/panels')).status).toBe(404);
  });

  it('computations of a control at /:id/computations and the doubled legacy path', async () => {
    const c = (await k.call('DEVELOPER', 'POST', '/controls/drafts', { name: 'K', catalogId: draftCatalog }))
      .body;
    const group = '3f1c7a52-8a8e-4d8e-9f57-2f4f7d0b9c11';
    const bulk = await k.call('DEVELOPER', 'POST', '/computations/bulk', {
      computations: [{ computationGroup: group, controlId: c.id, value: true, scope: {}, evidences: [] }],
    });
    expect(bulk.status).toBe(201);
    const a = await k.call('USER', 'GET', `/controls/${c.id}/computations`);
    const b = await k.call('USER', 'GET', `/controls/controls/${c.id}/computations`);
    expect(a.status).toBe(200);
    expect(a.body).toHaveLength(1);
    expect(b.body).toEqual(a.body);
    const today = new Date().toISOString().slice(0, 10);
    expect((await k.call('USER', 'GET', `/controls/${c.id}/computations/${today}`)).body).toHaveLength(1);
    expect((await k.call('USER', 'GET', `/controls/${c.id}/computations/2001-01-01`)).body).toHaveLength(0);
    expect((await k.call('USER', 'GET', `/controls/${c.id}/computations/notadate`)).status).toBe(400);
    expect((await k.call('USER', 'DELETE', `/controls/controls/${c.id}/computations`)).status).toBe(403);
    expect((await k.call('DEVELOPER', 'DELETE', `/controls/controls/${c.id}/computations`)).status).toBe(204);
    expect((await k.call('USER', 'GET', `/controls/${c.id}/computations`)).body).toHaveLength(0);
    expect((await k.call('USER', 'GET', '/controls/999999/computations')).status).toBe(404);
  });
});

describe('the controls lists: every row, or a page', () => {
  it('the SQL-built controls and panels equal toControl and toPanel for the same rows', async () => {
    const r = await app.db.query<{ id: number }>(
      `INSERT INTO controls (catalog_id, name, description, period, start_date, end_date, mashup_id,
         params, status, last_run_at)
       VALUES ($1, 'Ünï "q" \\ x', NULL, 'HOURLY', '2025-01-01 00:00:00.123456+00', NULL, NULL,
               '{"a":[1,2.5,{"b":null}],"endpoint":"/x","threshold":0.1}', 'draft',
               '2025-02-03 04:05:06.999999+00')
       RETURNING id`,
      [draftCatalog],
    );
    const id = r.rows[0]!.id;
    await app.db.query(
      `INSERT INTO panels (panel_id, dashboard_uid, control_id) VALUES ('1', NULL, $1), (NULL, 'd', $1)`,
      [id],
    );
    const controls = new ControlsRepository(app.db);
    for (const q of [
      controls.listQuery({}),
      controls.listQuery({ catalogId: draftCatalog, status: 'draft' }),
      controls.listQuery({ status: 'finalized' }),
    ]) {
      const m = await sqlAndMapper<ControlRow>(app.db, q, toControl);
      expect(m.count).toBeGreaterThan(0);
      expect(m.sql).toBe(m.mapper);
    }
    const panels = await sqlAndMapper<PanelRow>(app.db, controls.panelsQuery(id), toPanel);
    expect(panels.count).toBe(2);
    expect(panels.sql).toBe(panels.mapper);
    const viaApi = (await k.call('USER', 'GET', `/controls/${id}/panels`)).body;
    expect(JSON.stringify(viaApi)).toBe(panels.mapper);
    expect(panel.array().parse(viaApi)).toEqual(viaApi);
    const one = (await k.call('USER', 'GET', `/controls/${id}`)).body;
    expect((await k.call('USER', 'GET', `/controls?catalogId=${draftCatalog}`)).body).toContainEqual(one);
    expect(control.parse(one)).toEqual(one);
  });

  it('the SQL-built computations of a control equal toComputation', async () => {
    const c = (await k.call('DEVELOPER', 'POST', '/controls/drafts', { name: 'S', catalogId: draftCatalog }))
      .body;
    await app.db.query(
      `INSERT INTO computations (control_id, computation_group, value, scope, evidences, period_from,
         period_to, created_at)
       VALUES ($1, gen_random_uuid(), NULL, '{"z":1,"a":{"y":"ü"}}', '[{"result":true,"x":[1.5]}]',
               NULL, '2025-01-01 00:00:00.000001+00', '2025-05-05 10:00:00.5+00'),
              ($1, NULL, true, '{}', '[]', '2025-01-01Z', '2025-02-01Z', '2025-05-05 11:00:00+00')`,
      [c.id],
    );
    const computations = new ComputationsRepository(app.db);
    for (const q of [
      computations.listQuery({ controlId: c.id }),
      computations.listQuery({ controlId: c.id, from: new Date('2025-05-05Z'), to: new Date('2025-05-06Z') }),
    ]) {
      const m = await sqlAndMapper<ComputationRow>(app.db, q, toComputation);
      expect(m.count).toBe(2);
      expect(m.sql).toBe(m.mapper);
    }
    const viaApi = await k.call('USER', 'GET', `/controls/${c.id}/computations/2025-05-05`);
    expect(computation.array().parse(viaApi.body)).toEqual(viaApi.body);
    expect(JSON.stringify(viaApi.body)).toBe(
      (await sqlAndMapper<ComputationRow>(app.db, computations.listQuery({ controlId: c.id }), toComputation))
        .mapper,
    );
  });

  it('without limit every row (more than the old 500), with limit a page with X-Total-Count and Link', async () => {
    const cat = (await k.call('ADMIN', 'POST', '/catalogs/drafts', { name: 'Bulk', ...dates })).body.id;
    await app.db.query(
      `INSERT INTO controls (catalog_id, name, period, status)
       SELECT $1, 'bulk ' || g, 'DAILY', 'draft' FROM generate_series(1, 600) g`,
      [cat],
    );
    for (const path of [
      `/controls?catalogId=${cat}`,
      `/controls/drafts/catalog/${cat}`,
      `/catalogs/${cat}/controls`,
    ]) {
      const all = await k.call('USER', 'GET', path);
      expect(all.status, path).toBe(200);
      expect(all.body, path).toHaveLength(600);
      expect(all.body[599].name).toBe('bulk 600');
      expect(control.array().parse(all.body)).toEqual(all.body);
      expect(all.headers.get('x-total-count')).toBeNull();
    }
    expect((await k.call('USER', 'GET', '/controls/drafts')).body.length).toBeGreaterThan(600);

    const page = await k.call('USER', 'GET', `/controls?catalogId=${cat}&limit=250&offset=250`);
    expect(page.body).toHaveLength(250);
    expect(page.body[0].name).toBe('bulk 251');
    expect(pageHeaders(page.headers)).toEqual({
      total: 600,
      next: `?catalogId=${cat}&limit=250&offset=500`,
      prev: `?catalogId=${cat}&limit=250&offset=0`,
    });
    const byCatalog = await k.call('USER', 'GET', `/catalogs/${cat}/controls?limit=2`);
    expect(byCatalog.body.map((c: { name: string }) => c.name)).toEqual(['bulk 1', 'bulk 2']);
    expect(pageHeaders(byCatalog.headers)).toEqual({ total: 600, next: '?limit=2&offset=2' });
    const drafts = await k.call('USER', 'GET', `/controls/drafts/catalog/${cat}?limit=100&offset=550`);
    expect(drafts.body).toHaveLength(50);
    expect(pageHeaders(drafts.headers)).toEqual({ total: 600, prev: '?limit=100&offset=450' });
    expect(fields((await k.call('USER', 'GET', `/catalogs/${cat}/controls?limit=0`)).body)).toEqual([
      'limit',
    ]);
    expect((await k.call('USER', 'GET', '/catalogs/999999/controls')).status).toBe(404);

    // the computations of one control, at both paths
    const [first] = (await k.call('USER', 'GET', `/controls?catalogId=${cat}&limit=1`)).body;
    await app.db.query(
      `INSERT INTO computations (control_id, computation_group, value, created_at)
       SELECT $1, gen_random_uuid(), true, timestamptz '2025-06-01Z' + g * interval '1 second'
       FROM generate_series(1, 600) g`,
      [first.id],
    );
    for (const base of [`/controls/${first.id}`, `/controls/controls/${first.id}`]) {
      expect((await k.call('USER', 'GET', `${base}/computations`)).body).toHaveLength(600);
      expect((await k.call('USER', 'GET', `${base}/computations/2025-06-01`)).body).toHaveLength(600);
      const p = await k.call('USER', 'GET', `${base}/computations?limit=10`);
      expect(p.body).toHaveLength(10);
      expect(p.body[0].createdAt).toBe('2025-06-01T00:10:00.000Z'); // newest first
      expect(pageHeaders(p.headers)).toEqual({ total: 600, next: '?limit=10&offset=10' });
    }
  });
});
