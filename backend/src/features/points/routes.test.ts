// /api/v1/points on the real app and PostgreSQL: de-duplication by the unique key, filters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { domainKit, fields, pageHeaders, sqlAndMapper, type Kit } from '../../../test/domain-kit.js';
import { PointsRepository, toPoint, type PointRow } from './repository.js';
import { point as pointAnswer, stored as storedAnswer } from './schemas.js';

let app: TestApp;
let k: Kit;
beforeAll(async () => {
  app = await createTestApp();
  k = await domainKit(app);
});
afterAll(async () => {
  await app?.close();
});

const point = (over: Record<string, unknown> = {}) => ({
  agreementId: 'tpa-1',
  guaranteeId: 'UPTIME',
  guaranteeValue: 92.5,
  guaranteeResult: true,
  timestamp: '2025-01-01T00:00:00.000Z',
  metrics: { UPTIME_METRIC: 92.5 },
  scope: { country: 'es' },
  ...over,
});

describe('points', () => {
  it('stores points once: the same agreement, guarantee, timestamp and scope is skipped', async () => {
    const first = await k.call('DEVELOPER', 'POST', '/points', {
      points: [point(), point({ scope: { country: 'pt' } }), point({ timestamp: '2025-02-01T00:00:00Z' })],
    });
    expect(first.status).toBe(201);
    expect(first.body.stored).toHaveLength(3);
    expect(first.body.skipped).toBe(0);
    const again = await k.call('DEVELOPER', 'POST', '/points', {
      points: [
        point(),
        point({ guaranteeValue: 1, guaranteeResult: false }),
        point({ agreementId: 'tpa-2' }),
      ],
    });
    expect(again.body.stored).toHaveLength(1);
    expect(again.body.skipped).toBe(2);
    const single = await k.call('ADMIN', 'POST', '/points', point());
    expect(single.body).toMatchObject({ stored: [], skipped: 1 });
  });

  it('lists with filters, per agreement, and by id', async () => {
    expect((await k.call('USER', 'GET', '/points')).body).toHaveLength(4);
    const tpa = await k.call('USER', 'GET', '/points/catalog/tpa-1');
    expect(tpa.body).toHaveLength(3);
    expect(tpa.body[0]).toMatchObject({
      agreementId: 'tpa-1',
      guaranteeId: 'UPTIME',
      scope: expect.any(Object),
    });
    expect((await k.call('USER', 'GET', '/points/catalog/tpa-1?from=2025-01-15')).body).toHaveLength(1);
    expect((await k.call('USER', 'GET', '/points?agreementId=tpa-2')).body).toHaveLength(1);
    expect((await k.call('USER', 'GET', '/points?guaranteeId=NONE')).body).toHaveLength(0);
    expect((await k.call('USER', 'GET', '/points?limit=2')).body).toHaveLength(2);
    const one = tpa.body[0];
    expect((await k.call('USER', 'GET', `/points/${one.id}`)).body).toEqual(one);
  });

  it('bad input, roles, not found', async () => {
    const bad = await k.call('DEVELOPER', 'POST', '/points', { points: [point({ guaranteeValue: 'x' })] });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['points.0.guaranteeValue']);
    expect(fields((await k.call('USER', 'GET', '/points?from=soon')).body)).toEqual(['from']);
    const badId = await k.call('USER', 'GET', '/points/42');
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0].message).toBe('Invalid point id');
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await k.call('USER', 'GET', `/points/${missing}`)).status).toBe(404);
    expect((await k.call('DEVELOPER', 'DELETE', `/points/${missing}`)).status).toBe(404);
    expect((await k.call('USER', 'POST', '/points', point())).status).toBe(403);
    expect((await k.call('DEVELOPER', 'DELETE', '/points')).status).toBe(403);
    expect((await k.call('anonymous', 'GET', '/points')).status).toBe(401);
  });

  it('deletes one, then all (ADMIN)', async () => {
    const [p] = (await k.call('USER', 'GET', '/points')).body;
    expect((await k.call('DEVELOPER', 'DELETE', `/points/${p.id}`)).status).toBe(204);
    expect((await k.call('ADMIN', 'DELETE', '/points')).status).toBe(204);
    expect((await k.call('USER', 'GET', '/points')).body).toEqual([]);
  });
});

describe('the points lists: every row, or a page', () => {
  it('the SQL-built items equal toPoint for the same rows (keys, order, types)', async () => {
    await app.db.query(
      `INSERT INTO points (agreement_id, guarantee_id, guarantee_value, guarantee_result, "timestamp",
         metrics, scope, computation_group)
       VALUES ('tpa-x', 'G "1" \\ ü', 0.30000000000000004, false, '2025-03-04 05:06:07.891234+00',
               '{"M":{"value":1e-7,"n":[1,2.5,null]}}', '{"z":"1","a":{"b":true}}', NULL),
              ('tpa-x', 'G2', -1234567.125, true, '1999-12-31 23:59:59.999999+00', '{}', '{}',
               '0f0e0d0c-0b0a-4908-8706-050403020100')`,
    );
    const points = new PointsRepository(app.db);
    for (const q of [
      points.listQuery({}),
      points.listQuery({ agreementId: 'tpa-x', from: new Date('1999-01-01Z') }),
      points.listQuery({ agreementId: 'tpa-x', before: '2025-03-04T05:06:07Z' }, 'byGuarantee'),
    ]) {
      const r = await sqlAndMapper<PointRow>(app.db, q, toPoint);
      expect(r.count).toBeGreaterThan(0);
      expect(r.sql).toBe(r.mapper);
    }
    const viaApi = await k.call('USER', 'GET', '/points?agreementId=tpa-x');
    expect(JSON.stringify(viaApi.body)).toBe(
      (await sqlAndMapper<PointRow>(app.db, points.listQuery({ agreementId: 'tpa-x' }), toPoint)).mapper,
    );
  });

  it('without limit every row (streamed past 1000), with limit a page with X-Total-Count and Link', async () => {
    await app.db.query(
      `INSERT INTO points (agreement_id, guarantee_id, guarantee_value, guarantee_result, "timestamp")
       SELECT 'tpa-bulk', 'G', g, g % 2 = 0, timestamptz '2025-01-01Z' + g * interval '1 minute'
       FROM generate_series(1, 1200) g`,
    );
    const all = await k.call('USER', 'GET', '/points?agreementId=tpa-bulk');
    expect(all.status).toBe(200);
    expect(all.body).toHaveLength(1200);
    expect(pointAnswer.array().parse(all.body)).toEqual(all.body);
    expect(all.body.map((p: { guaranteeValue: number }) => p.guaranteeValue)).toEqual(
      Array.from({ length: 1200 }, (_, i) => i + 1),
    );
    expect(all.headers.get('x-total-count')).toBeNull();
    const catalog = await k.call('USER', 'GET', '/points/catalog/tpa-bulk');
    expect(catalog.body).toHaveLength(1200);

    const page = await k.call('USER', 'GET', '/points/catalog/tpa-bulk?limit=500&offset=500');
    expect(page.body).toHaveLength(500);
    expect(page.body[0].guaranteeValue).toBe(501);
    expect(pageHeaders(page.headers)).toEqual({
      total: 1200,
      next: '?limit=500&offset=1000',
      prev: '?limit=500&offset=0',
    });
    const last = await k.call('USER', 'GET', '/points?agreementId=tpa-bulk&limit=500&offset=1000');
    expect(last.body).toHaveLength(200);
    expect(pageHeaders(last.headers)).toEqual({
      total: 1200,
      prev: '?agreementId=tpa-bulk&limit=500&offset=500',
    });
    expect(fields((await k.call('USER', 'GET', '/points?limit=0')).body)).toEqual(['limit']);
    expect(fields((await k.call('USER', 'GET', '/points?limit=1001')).body)).toEqual(['limit']);
  });
});

describe("the original's /point alias of every /points route", () => {
  it('store, list, per agreement, get, delete one, delete all: the same handlers', async () => {
    await k.call('ADMIN', 'DELETE', '/points');
    const stored = await k.call('DEVELOPER', 'POST', '/point', {
      points: [point({ agreementId: 'tpa-alias' }), point({ agreementId: 'tpa-alias', guaranteeId: 'B' })],
    });
    expect(stored.status).toBe(201);
    expect(stored.body.stored).toHaveLength(2);
    expect(storedAnswer.parse(stored.body)).toEqual(stored.body);
    expect((await k.call('DEVELOPER', 'POST', '/point', point({ agreementId: 'tpa-alias' }))).body).toEqual({
      stored: [],
      skipped: 1,
    });
    const list = await k.call('USER', 'GET', '/point');
    expect(list.body).toEqual((await k.call('USER', 'GET', '/points')).body);
    expect(list.body).toHaveLength(2);
    expect((await k.call('USER', 'GET', '/point?guaranteeId=B')).body).toHaveLength(1);
    const paged = await k.call('USER', 'GET', '/point?limit=1');
    expect(pageHeaders(paged.headers)).toEqual({ total: 2, next: '?limit=1&offset=1' });
    expect((await k.call('USER', 'GET', '/point/catalog/tpa-alias')).body).toHaveLength(2);
    const [one] = list.body;
    expect((await k.call('USER', 'GET', `/point/${one.id}`)).body).toEqual(one);
    expect((await k.call('DEVELOPER', 'DELETE', `/point/${one.id}`)).status).toBe(204);
    expect((await k.call('USER', 'GET', `/point/${one.id}`)).body).toEqual({
      message: `Point with id ${one.id} not found`,
    });
    expect((await k.call('ADMIN', 'DELETE', '/point')).status).toBe(204);
    expect((await k.call('USER', 'GET', '/points')).body).toEqual([]);
  });

  it('the same access, validation and not found as /points', async () => {
    expect((await k.call('anonymous', 'GET', '/point')).status).toBe(401);
    expect((await k.call('USER', 'POST', '/point', point())).status).toBe(403);
    expect((await k.call('DEVELOPER', 'DELETE', '/point')).status).toBe(403);
    expect((await k.call('USER', 'DELETE', '/point/00000000-0000-4000-8000-000000000000')).status).toBe(403);
    const badId = await k.call('USER', 'GET', '/point/42');
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0].message).toBe('Invalid point id');
    expect(fields((await k.call('USER', 'GET', '/point/catalog/tpa-1?from=soon')).body)).toEqual(['from']);
    expect((await k.call('DEVELOPER', 'DELETE', '/point/00000000-0000-4000-8000-000000000000')).status).toBe(
      404,
    );
  });

  it('switched off with /points by its feature flag', async () => {
    await app.db.query(
      `INSERT INTO configurations (endpoint, available) VALUES ('/api/v1/points', false)
       ON CONFLICT (endpoint) DO UPDATE SET available = false`,
    );
    app.deps.flags.invalidate();
    try {
      for (const path of ['/points', '/point', '/point/catalog/tpa-1']) {
        const r = await k.call('USER', 'GET', path);
        expect(r.status, path).toBe(404);
        expect(r.body).toEqual({ message: 'Endpoint not available' });
      }
    } finally {
      await app.db.query(`UPDATE configurations SET available = true WHERE endpoint = '/api/v1/points'`);
      app.deps.flags.invalidate();
    }
    expect((await k.call('USER', 'GET', '/point')).status).toBe(200);
  });
});
