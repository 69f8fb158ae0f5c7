// /api/v1/catalogs on the real app, PostgreSQL and Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { domainKit, fields, type Kit } from '../../../test/domain-kit.js';

let app: TestApp;
let k: Kit;
beforeAll(async () => {
  app = await createTestApp();
  k = await domainKit(app);
});
afterAll(async () => {
  await app?.close();
});

const draft = {
  name: 'Security',
  startDate: '2025-01-01T00:00:00.000Z',
  endDate: '2025-12-31T00:00:00.000Z',
};

describe('catalogs', () => {
  it('creates a draft, lists, searches, filters and pages', async () => {
    const a = await k.call('DEVELOPER', 'POST', '/catalogs/drafts', draft);
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({
      name: 'Security',
      status: 'draft',
      tpaId: null,
      startDate: draft.startDate,
    });
    const b = await k.call('ADMIN', 'POST', '/catalogs', { ...draft, name: 'Privacy' });
    expect(b.status).toBe(201);
    expect(b.body.status).toBe('finalized');
    expect(b.body.tpaId).toMatch(/^tpa-[0-9a-f-]{36}$/);

    const all = await k.call('USER', 'GET', '/catalogs');
    expect(all.status).toBe(200);
    expect(all.body.map((c: { name: string }) => c.name)).toEqual(['Security', 'Privacy']);
    expect((await k.call('USER', 'GET', '/catalogs?name=priv')).body).toHaveLength(1);
    expect((await k.call('USER', 'GET', '/catalogs?status=draft')).body[0].name).toBe('Security');
    expect((await k.call('USER', 'GET', '/catalogs/drafts')).body).toHaveLength(1);
    expect((await k.call('USER', 'GET', '/catalogs?limit=1&offset=1')).body[0].name).toBe('Privacy');
    expect((await k.call('USER', 'GET', `/catalogs/${a.body.id}`)).body.name).toBe('Security');
  });

  it('bad input is 400 naming the field', async () => {
    const r = await k.call('DEVELOPER', 'POST', '/catalogs/drafts', { startDate: 'yesterday' });
    expect(r.status).toBe(400);
    expect(fields(r.body)).toEqual(expect.arrayContaining(['name', 'startDate']));
    const q = await k.call('USER', 'GET', '/catalogs?limit=5000&status=open');
    expect(q.status).toBe(400);
    expect(fields(q.body)).toEqual(expect.arrayContaining(['limit', 'status']));
    const id = await k.call('USER', 'GET', '/catalogs/abc');
    expect(id.status).toBe(400);
    expect(fields(id.body)).toEqual(['id']);
    const order = await k.call('DEVELOPER', 'POST', '/catalogs', { ...draft, endDate: '2024-01-01' });
    expect(fields(order.body)).toEqual(['endDate']);
    const extra = await k.call('DEVELOPER', 'PATCH', '/catalogs/1', { tpaId: 'tpa-mine' });
    expect(extra.status).toBe(400);
  });

  it('roles: USER cannot write (403), anonymous is 401', async () => {
    expect((await k.call('USER', 'POST', '/catalogs/drafts', draft)).status).toBe(403);
    expect((await k.call('USER', 'DELETE', '/catalogs/1')).status).toBe(403);
    expect((await k.call('anonymous', 'GET', '/catalogs')).status).toBe(401);
  });

  it('404 for missing catalogs', async () => {
    expect((await k.call('USER', 'GET', '/catalogs/999999')).body).toEqual({ message: 'Catalog not found' });
    expect((await k.call('DEVELOPER', 'PATCH', '/catalogs/999999', { name: 'x' })).status).toBe(404);
    expect((await k.call('DEVELOPER', 'DELETE', '/catalogs/999999')).status).toBe(404);
    expect((await k.call('DEVELOPER', 'PATCH', '/catalogs/999999/finalize')).status).toBe(404);
    expect((await k.call('USER', 'GET', '/catalogs/999999/controls')).status).toBe(404);
  });

  it('finalize: checks controls, sets tpaId and finalizes draft controls; never back to draft', async () => {
    const c = (
      await k.call('DEVELOPER', 'POST', '/catalogs/drafts', { name: 'Fin', startDate: '2025-01-01' })
    ).body;
    const noEnd = await k.call('DEVELOPER', 'PATCH', `/catalogs/${c.id}/finalize`);
    expect(noEnd.status).toBe(400);
    expect(noEnd.body.message).toBe('Catalog must have startDate and endDate to be finalized');
    await k.call('DEVELOPER', 'PATCH', `/catalogs/${c.id}`, { endDate: '2025-06-30' });
    const ctl = (await k.call('DEVELOPER', 'POST', '/controls/drafts', { name: 'C1', catalogId: c.id })).body;
    const bad = await k.call('DEVELOPER', 'PATCH', `/catalogs/${c.id}/finalize`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain(String(ctl.id));
    await k.call('DEVELOPER', 'PATCH', `/controls/${ctl.id}`, {
      params: { endpoint: '/bpi', threshold: 80 },
    });

    const fin = await k.call('DEVELOPER', 'PATCH', `/catalogs/${c.id}/finalize`);
    expect(fin.status).toBe(200);
    expect(fin.body.catalog).toMatchObject({ status: 'finalized', tpaId: expect.stringMatching(/^tpa-/) });
    expect(fin.body.controls).toEqual({ finalized: 1 });
    expect((await k.call('USER', 'GET', `/controls/${ctl.id}`)).body.status).toBe('finalized');
    expect((await k.call('USER', 'GET', `/catalogs/${c.id}/controls`)).body).toHaveLength(1);

    expect((await k.call('DEVELOPER', 'PATCH', `/catalogs/${c.id}/finalize`)).body.message).toBe(
      'Only draft catalogs can be finalized',
    );
    const back = await k.call('DEVELOPER', 'PATCH', `/catalogs/${c.id}`, { status: 'draft' });
    expect(back.status).toBe(400);
    expect(back.body.message).toBe('Cannot change status from finalized to draft');
    const renamed = await k.call('ADMIN', 'PATCH', `/catalogs/${c.id}`, { name: 'Final' });
    expect(renamed.body).toMatchObject({ name: 'Final', tpaId: fin.body.catalog.tpaId });
  });

  it('delete removes the catalog and its controls', async () => {
    const c = (await k.call('DEVELOPER', 'POST', '/catalogs/drafts', draft)).body;
    const ctl = (await k.call('DEVELOPER', 'POST', '/controls/drafts', { name: 'C', catalogId: c.id })).body;
    expect((await k.call('DEVELOPER', 'DELETE', `/catalogs/${c.id}`)).status).toBe(204);
    expect((await k.call('USER', 'GET', `/catalogs/${c.id}`)).status).toBe(404);
    expect((await k.call('USER', 'GET', `/controls/${ctl.id}`)).status).toBe(404);
  });
});
