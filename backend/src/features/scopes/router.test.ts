// /api/v1/scopes and /scopes/sets on the real app and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { domainKit, fields, type Kit } from '../../../test/domain-kit.js';

let app: TestApp;
let k: Kit;
let controlId: number;
beforeAll(async () => {
  app = await createTestApp();
  k = await domainKit(app);
  const cat = (await k.call('ADMIN', 'POST', '/catalogs/drafts', { name: 'C', startDate: '2025-01-01' }))
    .body;
  controlId = (await k.call('ADMIN', 'POST', '/controls/drafts', { name: 'K', catalogId: cat.id })).body.id;
});
afterAll(async () => {
  await app?.close();
});

describe('scopes', () => {
  it('CRUD with normalized unique names', async () => {
    const r = await k.call('DEVELOPER', 'POST', '/scopes', {
      name: 'My  Country',
      description: 'd',
      default: '*',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ name: 'my_country', type: 'string', default: '*', description: 'd' });
    const dup = await k.call('DEVELOPER', 'POST', '/scopes', { name: 'my country' });
    expect(dup.status).toBe(409);
    expect((await k.call('USER', 'GET', '/scopes')).body).toHaveLength(1);
    expect((await k.call('USER', 'GET', `/scopes/${r.body.id}`)).body.name).toBe('my_country');
    const up = await k.call('DEVELOPER', 'PUT', `/scopes/${r.body.id}`, { name: 'City', default: 'sev' });
    expect(up.body).toMatchObject({ name: 'city', default: 'sev', description: 'd' });
    expect((await k.call('DEVELOPER', 'DELETE', `/scopes/${r.body.id}`)).status).toBe(204);
    expect((await k.call('USER', 'GET', `/scopes/${r.body.id}`)).status).toBe(404);
    expect((await k.call('DEVELOPER', 'PUT', `/scopes/${r.body.id}`, { name: 'x' })).status).toBe(404);
  });

  it('bad input, roles, anonymous', async () => {
    const bad = await k.call('DEVELOPER', 'POST', '/scopes', { name: 5, type: '' });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(expect.arrayContaining(['name', 'type']));
    expect(bad.body.errors.find((e: { path: string }) => e.path === 'name').message).toBe(
      'Name must be a string',
    );
    expect(fields((await k.call('DEVELOPER', 'POST', '/scopes', { name: 'a-b' })).body)).toEqual(['name']);
    expect(fields((await k.call('USER', 'GET', '/scopes/xyz')).body)).toEqual(['id']);
    expect((await k.call('USER', 'POST', '/scopes', { name: 'x' })).status).toBe(403);
    expect((await k.call('anonymous', 'GET', '/scopes')).status).toBe(401);
  });
});

describe('scope sets (JSONB)', () => {
  it('CRUD and listing by control', async () => {
    const r = await k.call('DEVELOPER', 'POST', '/scopes/sets', { controlId, scopes: { country: 'Spain' } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ controlId, scopes: { country: 'Spain' }, _id: String(r.body.id) });
    expect((await k.call('USER', 'GET', '/scopes/sets')).body).toHaveLength(1);
    expect((await k.call('USER', 'GET', `/scopes/sets/control/${controlId}`)).body).toHaveLength(1);
    expect((await k.call('USER', 'GET', '/scopes/sets/control/999999')).body).toHaveLength(0);
    const up = await k.call('DEVELOPER', 'PUT', `/scopes/sets/${r.body.id}`, { scopes: { city: 'Seville' } });
    expect(up.body).toMatchObject({ controlId, scopes: { city: 'Seville' } });
    expect((await k.call('USER', 'GET', `/scopes/sets/${r.body.id}`)).body.scopes).toEqual({
      city: 'Seville',
    });
    expect((await k.call('DEVELOPER', 'DELETE', `/scopes/sets/${r.body.id}`)).status).toBe(204);
    expect((await k.call('USER', 'GET', `/scopes/sets/${r.body.id}`)).body).toEqual({
      message: 'ScopeSet not found',
    });
  });

  it('bad input, unknown control, roles', async () => {
    const bad = await k.call('DEVELOPER', 'POST', '/scopes/sets', { scopes: ['x'] });
    expect(fields(bad.body)).toEqual(expect.arrayContaining(['controlId', 'scopes']));
    const unknown = await k.call('DEVELOPER', 'POST', '/scopes/sets', { controlId: 999999, scopes: {} });
    expect(unknown.status).toBe(400);
    expect(fields(unknown.body)).toEqual(['controlId']);
    expect((await k.call('USER', 'POST', '/scopes/sets', { controlId, scopes: {} })).status).toBe(403);
    expect((await k.call('DEVELOPER', 'PUT', '/scopes/sets/999999', { scopes: {} })).status).toBe(404);
  });
});
