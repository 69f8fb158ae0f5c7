// /api/v1/scopes and /scopes/sets on the real app and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { domainKit, fields, pageHeaders, sqlAndMapper, type Kit } from '../../../test/domain-kit.js';
import { ScopesRepository, toScope, toScopeSet, type ScopeRow, type ScopeSetRow } from './repository.js';
import { scope, scopeSet } from './schemas.js';

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

describe('the scopes lists: every row, or a page', () => {
  it('the SQL-built scopes and scope sets equal toScope and toScopeSet for the same rows', async () => {
    await app.db.query(
      `INSERT INTO scopes (name, description, type, default_value, created_at)
       VALUES ('zz_u', 'ü "q" \\', 'number', '', '2025-01-01 00:00:00.000999+00'), ('aa_1', '', 'string', '*', now())`,
    );
    await app.db.query(
      `INSERT INTO scope_sets (control_id, scopes) VALUES ($1, '{"country":"es","n":1.5,"b":true}'), ($1, '{}')`,
      [controlId],
    );
    const scopes = new ScopesRepository(app.db);
    const a = await sqlAndMapper<ScopeRow>(app.db, scopes.listQuery(), toScope);
    expect(a.count).toBe(2);
    expect(a.sql).toBe(a.mapper);
    expect(JSON.stringify((await k.call('USER', 'GET', '/scopes')).body)).toBe(a.mapper);
    for (const q of [scopes.setsQuery({}), scopes.setsQuery({ controlId })]) {
      const b = await sqlAndMapper<ScopeSetRow>(app.db, q, toScopeSet);
      expect(b.count).toBe(2);
      expect(b.sql).toBe(b.mapper);
    }
  });

  it('without limit more than the old 500; with limit X-Total-Count and Link', async () => {
    await app.db.query(
      `INSERT INTO scopes (name) SELECT 'bulk_' || lpad(g::text, 4, '0') FROM generate_series(1, 600) g`,
    );
    await app.db.query(
      `INSERT INTO scope_sets (control_id, scopes)
       SELECT $1, json_build_object('n', g)::jsonb FROM generate_series(1, 600) g`,
      [controlId],
    );
    const scopes = (await k.call('USER', 'GET', '/scopes')).body;
    expect(scopes).toHaveLength(602);
    expect(scope.array().parse(scopes)).toEqual(scopes);
    const sets = (await k.call('USER', 'GET', '/scopes/sets')).body;
    expect(sets).toHaveLength(602);
    expect(scopeSet.array().parse(sets)).toEqual(sets);
    expect((await k.call('USER', 'GET', `/scopes/sets/control/${controlId}`)).body).toHaveLength(602);
    const page = await k.call('USER', 'GET', '/scopes?limit=100&offset=1'); // after aa_1
    expect(page.body[0].name).toBe('bulk_0001');
    expect(pageHeaders(page.headers)).toEqual({
      total: 602,
      next: '?limit=100&offset=101',
      prev: '?limit=100&offset=0',
    });
    const setsPage = await k.call('USER', 'GET', `/scopes/sets?controlId=${controlId}&limit=600`);
    expect(setsPage.body).toHaveLength(600);
    expect(pageHeaders(setsPage.headers)).toEqual({
      total: 602,
      next: `?controlId=${controlId}&limit=600&offset=600`,
    });
    const byControl = await k.call('USER', 'GET', `/scopes/sets/control/${controlId}?limit=5&offset=600`);
    expect(byControl.body).toHaveLength(2);
    expect(pageHeaders(byControl.headers)).toEqual({ total: 602, prev: '?limit=5&offset=595' });
  });
});
