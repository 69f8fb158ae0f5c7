// /api/v1/controls on the real app, PostgreSQL and Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { domainKit, fields, type Kit } from '../../../test/domain-kit.js';

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
