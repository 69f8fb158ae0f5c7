// /api/v1/points on the real app and PostgreSQL: de-duplication by the unique key, filters.
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
