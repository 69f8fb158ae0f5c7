// /api/v1/config on the real app and PostgreSQL: seeded flags, updates (ADMIN), assistant limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { domainKit, fields, pageHeaders, sqlAndMapper, type Kit } from '../../../test/domain-kit.js';
import { ConfigurationRepository, toConfiguration, type ConfigurationRow } from './repository.js';

let app: TestApp;
let k: Kit;
beforeAll(async () => {
  app = await createTestApp();
  k = await domainKit(app);
});
afterAll(async () => {
  await app?.close();
});

describe('config', () => {
  it('lists the seeded rows, the assistant row under the API prefix with limit 5', async () => {
    const r = await k.call('USER', 'GET', '/config');
    expect(r.status).toBe(200);
    const endpoints = r.body.map((c: { endpoint: string }) => c.endpoint);
    expect(endpoints).toEqual(expect.arrayContaining(['/api/v1/catalogs', '/api/v1/secrets', 'docs']));
    expect(r.body.find((c: { endpoint: string }) => c.endpoint === '/api/v1/assistant')).toMatchObject({
      available: true,
      limit: 5,
    });
    expect((await k.call('USER', 'GET', '/config/assistant/limit')).body).toEqual({ limit: 5 });
    const one = await k.call('USER', 'POST', '/config', { endpoint: '/api/v1/points' });
    expect(one.body).toMatchObject({ endpoint: '/api/v1/points', available: true });
    expect((await k.call('USER', 'POST', '/config', { endpoint: '/nope' })).body).toEqual({
      message: 'Configuration /nope not found',
    });
  });

  it('ADMIN updates a flag; others get 403; anonymous 401', async () => {
    const body = { endpoint: '/api/v1/points', available: false };
    expect((await k.call('DEVELOPER', 'PUT', '/config', body)).status).toBe(403);
    expect((await k.call('anonymous', 'PUT', '/config', body)).status).toBe(401);
    const r = await k.call('ADMIN', 'PUT', '/config', body);
    expect(r.status).toBe(200);
    expect(r.body.message).toMatch(/^Configuration \d+ updated successfully$/);
    expect((await k.call('USER', 'POST', '/config', { endpoint: '/api/v1/points' })).body.available).toBe(
      false,
    );
    expect((await k.call('ADMIN', 'PUT', '/config', { endpoint: '/x', available: true })).status).toBe(404);
    const bad = await k.call('ADMIN', 'PUT', '/config', { available: 'no' });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(expect.arrayContaining(['endpoint', 'available']));
  });

  it('assistant limit: validated, not below the number of assistants', async () => {
    expect((await k.call('ADMIN', 'PUT', '/config/assistant/limit/0')).status).toBe(400);
    expect((await k.call('ADMIN', 'PUT', '/config/assistant/limit/abc')).status).toBe(400);
    expect((await k.call('DEVELOPER', 'PUT', '/config/assistant/limit/3')).status).toBe(403);
    for (const n of [1, 2])
      await app.db.query(
        `INSERT INTO assistants (assistant_id, name, instructions, model) VALUES ($1, 'a', 'i', 'm')`,
        [`asst_${n}`],
      );
    const low = await k.call('ADMIN', 'PUT', '/config/assistant/limit/1');
    expect(low.status).toBe(400);
    expect(low.body.message).toBe('Limit cannot be less than the number of assistants');
    const ok = await k.call('ADMIN', 'PUT', '/config/assistant/limit/2');
    expect(ok.body).toEqual({ message: 'Limit updated successfully' });
    expect((await k.call('USER', 'GET', '/config/assistant/limit')).body).toEqual({ limit: 2 });
  });
});

describe('feature gate', () => {
  it('a disabled feature answers 404 Endpoint not available; /config stays reachable', async () => {
    expect((await k.call('USER', 'GET', '/scopes')).status).toBe(200);
    await k.call('ADMIN', 'PUT', '/config', { endpoint: '/api/v1/scopes', available: false });
    const off = await k.call('USER', 'GET', '/scopes/sets');
    expect(off.status).toBe(404);
    expect(off.body).toEqual({ message: 'Endpoint not available' });
    expect((await k.call('anonymous', 'GET', '/scopes')).status).toBe(401);
    await k.call('ADMIN', 'PUT', '/config', { endpoint: '/api/v1/config', available: false });
    expect((await k.call('ADMIN', 'GET', '/config')).status).toBe(200);
    await k.call('ADMIN', 'PUT', '/config', { endpoint: '/api/v1/scopes', available: true });
    expect((await k.call('USER', 'GET', '/scopes')).status).toBe(200);
  });
});

describe('the flag list (never truncated)', () => {
  it('PostgreSQL builds exactly the documents of toConfiguration; every row without limit; pages with it', async () => {
    const repo = new ConfigurationRepository(app.db, '/api/v1');
    await repo.ensureSeeded();
    await app.db.query(
      `INSERT INTO configurations (endpoint, available, "limit")
       SELECT '/bulk/' || n, n % 2 = 0, n FROM generate_series(1, 600) AS n`,
    );
    const { sql, mapper, count } = await sqlAndMapper<ConfigurationRow>(
      app.db,
      repo.listQuery(),
      toConfiguration,
    );
    expect(count).toBeGreaterThan(600);
    expect(sql).toBe(mapper);

    const all = await k.call('USER', 'GET', '/config');
    expect(all.status).toBe(200);
    expect(all.body).toHaveLength(count);
    expect(JSON.stringify(all.body)).toBe(sql);

    const page = await k.call('USER', 'GET', '/config?limit=5');
    expect(page.body).toEqual(JSON.parse(sql).slice(0, 5));
    expect(pageHeaders(page.headers)).toEqual({ total: count, next: '?limit=5&offset=5' });
  });
});
