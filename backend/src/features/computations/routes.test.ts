// /api/v1/computations on the real app, PostgreSQL and Redis: bulk results and the poll protocol.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { domainKit, fields, pageHeaders, type Kit } from '../../../test/domain-kit.js';
import { calculateCompliance, type Computation } from './repository.js';
import { computation, pollAnswer } from './schemas.js';

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

const item = (group: string, evidences: { result: boolean }[], scope = { country: 'es', city: 'sev' }) => ({
  computationGroup: group,
  controlId,
  value: evidences.every((e) => e.result),
  scope,
  evidences,
  period: { from: '2025-01-01T00:00:00.000Z', to: '2025-02-01T00:00:00.000Z' },
});

describe('computations', () => {
  it('poll: 202 until the last batch (done), then the compliance summary', async () => {
    const group = randomUUID();
    expect((await k.call('USER', 'GET', `/computations/${group}`)).status).toBe(202);
    const first = await k.call('USER', 'POST', '/computations/bulk', {
      computations: [item(group, [{ result: true }, { result: false }])],
    });
    expect(first.status).toBe(201);
    expect(first.body[0]).toMatchObject({ computationGroup: group, controlId, value: false });
    expect(computation.array().parse(first.body)).toEqual(first.body);
    const pending = await k.call('USER', 'GET', `/computations/${group}`);
    expect(pending.status).toBe(202);
    expect(pending.body).toEqual({ message: 'Not ready yet' });

    await k.call('USER', 'POST', '/computations/bulk', {
      computations: [item(group, [{ result: true }, { result: true }], { country: 'es', city: 'mad' })],
      done: true,
    });
    const ready = await k.call('USER', 'GET', `/computations/${group}`);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ code: 200, message: 'OK' });
    expect(pollAnswer.parse(ready.body)).toEqual(ready.body);
    expect(ready.body.computations).toHaveLength(1);
    expect(ready.body.computations[0]).toMatchObject({
      id: group,
      value: 75,
      scope: { country: 'es' },
      controlId,
      period: { from: '2025-01-01T00:00:00.000Z', to: '2025-02-01T00:00:00.000Z' },
    });
    expect(ready.body.computations[0].evidences).toHaveLength(2);
  });

  it('bulk also takes a bare array', async () => {
    const group = randomUUID();
    const r = await k.call('USER', 'POST', '/computations/bulk', [item(group, [{ result: true }])]);
    expect(r.status).toBe(201);
    expect(r.body).toHaveLength(1);
    expect((await k.call('USER', 'GET', `/computations/${group}`)).status).toBe(202);
  });

  it('bulk is one transaction: a bad row stores nothing', async () => {
    const group = randomUUID();
    const r = await k.call('USER', 'POST', '/computations/bulk', {
      computations: [item(group, []), { ...item(group, []), controlId: 999999 }],
      done: true,
    });
    expect(r.status).toBe(400);
    expect((await k.call('USER', 'GET', `/computations?computationGroup=${group}`)).body).toHaveLength(0);
  });

  it('bad input is 400 naming the field', async () => {
    const empty = await k.call('USER', 'POST', '/computations/bulk', { computations: [] });
    expect(empty.status).toBe(400);
    expect(fields(empty.body)).toEqual(['computations']);
    const bad = await k.call('USER', 'POST', '/computations/bulk', {
      computations: [{ computationGroup: 'nope', value: 'yes', evidences: {} }],
    });
    expect(fields(bad.body)).toEqual(
      expect.arrayContaining([
        'computations.0.computationGroup',
        'computations.0.value',
        'computations.0.evidences',
      ]),
    );
    expect(fields((await k.call('USER', 'GET', '/computations/123')).body)).toEqual(['id']);
    expect(fields((await k.call('USER', 'GET', '/computations?controlId=x')).body)).toEqual(['controlId']);
  });

  it('lists by control; delete-all is ADMIN only; anonymous is 401', async () => {
    const list = await k.call('USER', 'GET', `/computations?controlId=${controlId}&limit=1`);
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    expect((await k.call('anonymous', 'GET', '/computations')).status).toBe(401);
    expect((await k.call('anonymous', 'POST', '/computations/bulk', { computations: [] })).status).toBe(401);
    expect((await k.call('DEVELOPER', 'DELETE', '/computations')).status).toBe(403);
    expect((await k.call('ADMIN', 'DELETE', '/computations')).status).toBe(204);
    expect((await k.call('USER', 'GET', '/computations')).body).toHaveLength(0);
  });

  it('calculateCompliance: the original example', () => {
    const row = {
      computationGroup: 'g',
      controlId: 1,
      scope: { a: 1, b: 2 },
      period: {},
      evidences: [{ result: true }, { result: false }],
    };
    expect(calculateCompliance([row as unknown as Computation])[0]).toMatchObject({
      value: 50,
      scope: { a: 1 },
    });
    expect(calculateCompliance([])).toEqual([]);
  });
});

describe('GET /computations: every row, or a page', () => {
  it('without limit more than the old 500; with limit X-Total-Count and Link', async () => {
    await app.db.query(
      `INSERT INTO computations (control_id, computation_group, value, created_at)
       SELECT $1, $2, g % 3 = 0, timestamptz '2025-06-01Z' + g * interval '1 second'
       FROM generate_series(1, 700) g`,
      [controlId, '5b1c7a52-8a8e-4d8e-9f57-2f4f7d0b9c11'],
    );
    const all = await k.call('USER', 'GET', '/computations');
    expect(all.body).toHaveLength(700);
    expect(computation.array().parse(all.body)).toEqual(all.body);
    expect(all.body[0].createdAt).toBe('2025-06-01T00:11:40.000Z');
    const group = await k.call(
      'USER',
      'GET',
      '/computations?computationGroup=5b1c7a52-8a8e-4d8e-9f57-2f4f7d0b9c11&limit=300&offset=300',
    );
    expect(group.body).toHaveLength(300);
    expect(pageHeaders(group.headers)).toEqual({
      total: 700,
      next: '?computationGroup=5b1c7a52-8a8e-4d8e-9f57-2f4f7d0b9c11&limit=300&offset=600',
      prev: '?computationGroup=5b1c7a52-8a8e-4d8e-9f57-2f4f7d0b9c11&limit=300&offset=0',
    });
    expect((await k.call('USER', 'GET', `/computations?controlId=${controlId + 1000}`)).body).toEqual([]);
  });
});
