// /api/v1/secrets on the real app and PostgreSQL: show-once values, encryption at rest, ownership.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { domainKit, fields, pageHeaders, sqlAndMapper, type Kit } from '../../../test/domain-kit.js';
import { SecretsRepository, toSecret, type SecretRow } from './repository.js';

let app: TestApp;
let k: Kit;
beforeAll(async () => {
  app = await createTestApp();
  k = await domainKit(app);
});
afterAll(async () => {
  await app?.close();
});

const VALUE = 'ghp_super-secret-token-value';

describe('secrets', () => {
  it('create returns the value once; list and get mask it; stored encrypted', async () => {
    const r = await k.call('USER', 'POST', '/secrets', { name: 'GitHub Token', type: 'TOKEN', value: VALUE });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      message: 'Secret created successfully',
      name: 'github_token',
      type: 'TOKEN',
      environment: 'production',
      createdBy: 'user',
      version: 1,
      value: VALUE,
    });
    expect(r.headers.get('cache-control')).toBe('no-store');
    const list = await k.call('USER', 'GET', '/secrets');
    expect(list.body).toHaveLength(1);
    expect(list.text).not.toContain(VALUE);
    expect(list.body[0]).toMatchObject({ name: 'github_token', value: '********' });
    expect(list.body[0]).not.toHaveProperty('ownerId');
    expect((await k.call('USER', 'GET', `/secrets/${r.body.id}`)).body.value).toBe('********');

    const raw = await app.db.query<{ ciphertext: Buffer }>('SELECT ciphertext FROM secrets WHERE id = $1', [
      r.body.id,
    ]);
    expect(raw.rows[0]!.ciphertext.toString('utf8')).not.toContain(VALUE);
    const repo = new SecretsRepository(app.db, app.deps.secretBox);
    expect(await repo.reveal(k.ids.USER, 'github_token')).toBe(VALUE);
  });

  it('a user sees only their own; others get 404, admins included', async () => {
    const mine = (await k.call('DEVELOPER', 'POST', '/secrets', { name: 'k', value: 'v' })).body;
    expect((await k.call('USER', 'GET', '/secrets')).body.map((s: { name: string }) => s.name)).toEqual([
      'github_token',
    ]);
    for (const [m, body] of [
      ['GET', undefined],
      ['PATCH', { value: 'stolen' }],
      ['DELETE', undefined],
    ] as const) {
      const r = await k.call('ADMIN', m, `/secrets/${mine.id}`, body);
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ message: 'Secret not found or access denied' });
    }
    expect((await k.call('DEVELOPER', 'GET', `/secrets/${mine.id}`)).status).toBe(200);
  });

  it('rotation, duplicate names, bad input, anonymous', async () => {
    const s = (await k.call('ADMIN', 'POST', '/secrets', { name: 'db', value: 'one' })).body;
    const dup = await k.call('ADMIN', 'POST', '/secrets', { name: 'DB', value: 'two' });
    expect(dup.status).toBe(409);
    const rot = await k.call('ADMIN', 'PATCH', `/secrets/${s.id}`, { value: 'three' });
    expect(rot.body).toMatchObject({ message: 'Secret updated successfully', version: 2, value: '********' });
    const repo = new SecretsRepository(app.db, app.deps.secretBox);
    expect(await repo.reveal(k.ids.ADMIN, 'db')).toBe('three');

    const bad = await k.call('ADMIN', 'POST', '/secrets', { name: 3, type: 'KEY', value: '  ' });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(expect.arrayContaining(['name', 'type', 'value']));
    expect((await k.call('ADMIN', 'PATCH', `/secrets/${s.id}`, {})).status).toBe(400);
    expect(fields((await k.call('ADMIN', 'GET', '/secrets/abc')).body)).toEqual(['id']);
    expect((await k.call('anonymous', 'GET', '/secrets')).status).toBe(401);
    expect((await k.call('anonymous', 'POST', '/secrets', { name: 'x', value: 'y' })).status).toBe(401);
    expect((await k.call('ADMIN', 'DELETE', `/secrets/${s.id}`)).status).toBe(204);
    expect((await k.call('ADMIN', 'DELETE', `/secrets/${s.id}`)).status).toBe(404);
  });
});

describe('the list (never truncated)', () => {
  let bulk: Kit;
  beforeAll(async () => {
    bulk = await domainKit(app, 'bulk');
    // 1200 secrets of one user, straight in SQL: more than the old default page of 500, and more
    // than one cursor batch (the answer is streamed).
    await app.db.query(
      `INSERT INTO secrets (user_id, name, type, environment, version, created_by, ciphertext, iv, auth_tag)
       SELECT $1, 'bulk_' || lpad(n::text, 4, '0'), 'TOKEN', 'staging', 1 + n % 3, 'userbulk',
              '\\x00'::bytea, '\\x00'::bytea, '\\x00'::bytea
       FROM generate_series(1, 1200) AS n`,
      [bulk.ids.USER],
    );
  });

  it('PostgreSQL builds exactly the documents of toSecret (keys, order, types)', async () => {
    const repo = new SecretsRepository(app.db, app.deps.secretBox);
    const { sql, mapper, count } = await sqlAndMapper<SecretRow>(
      app.db,
      repo.listQuery(bulk.ids.USER),
      toSecret,
    );
    expect(count).toBe(1200);
    expect(sql).toBe(mapper);
  });

  it('without limit: every secret of the caller (more than 500; over 1000 is streamed), and only theirs', async () => {
    const r = await bulk.call('USER', 'GET', '/secrets');
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(1200);
    expect(r.body[0]).toMatchObject({ name: 'bulk_0001', value: '********', createdBy: 'userbulk' });
    expect((await bulk.call('ADMIN', 'GET', '/secrets')).body).toEqual([]);
  });

  it('with limit/offset: one page, X-Total-Count and Link next/prev', async () => {
    const r = await bulk.call('USER', 'GET', '/secrets?limit=100&offset=100');
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(100);
    expect(r.body[0].name).toBe('bulk_0101');
    expect(pageHeaders(r.headers)).toEqual({
      total: 1200,
      next: '?limit=100&offset=200',
      prev: '?limit=100&offset=0',
    });
    const bad = await bulk.call('USER', 'GET', '/secrets?limit=0');
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['limit']);
  });
});
