// healthReport: PostgreSQL and Redis are required (503 when one is down), Node-RED, Grafana and the
// registry optional (200, status degraded, when one is down).
import { describe, expect, it } from 'vitest';
import type { PlatformHealth, ServiceHealth, ServiceName } from './platform.js';
import { healthReport } from './report.js';

const ALL: ServiceName[] = ['postgres', 'redis', 'nodered', 'grafana', 'registry'];

function platform(down: Partial<Record<ServiceName, string>> = {}): PlatformHealth {
  const services: ServiceHealth[] = ALL.map((name) =>
    down[name] !== undefined ? { name, status: 'down', detail: down[name] } : { name, status: 'ok' },
  );
  return { status: services.every((s) => s.status === 'ok') ? 'ok' : 'degraded', services };
}

describe('healthReport', () => {
  it('everything answers: 200 up, every service up, the old fields ok', () => {
    expect(healthReport(platform())).toEqual({
      httpStatus: 200,
      body: {
        status: 'up',
        services: { postgres: 'up', redis: 'up', nodered: 'up', grafana: 'up', registry: 'up' },
        required: ['postgres', 'redis'],
        postgres: 'ok',
        redis: 'ok',
      },
    });
  });

  it('an optional service down: still 200, status degraded, the service down with the reason', () => {
    for (const name of ['nodered', 'grafana', 'registry'] as const) {
      const { httpStatus, body } = healthReport(platform({ [name]: 'cannot reach it (ECONNREFUSED)' }));
      expect(httpStatus).toBe(200);
      expect(body.status).toBe('degraded');
      expect(body.services[name]).toBe('down');
      expect(body.details).toEqual({ [name]: 'cannot reach it (ECONNREFUSED)' });
      expect(body.postgres).toBe('ok');
      expect(body.redis).toBe('ok');
    }
    const all = healthReport(platform({ nodered: 'x', grafana: 'y', registry: 'z' }));
    expect(all.httpStatus).toBe(200);
    expect(all.body.status).toBe('degraded');
  });

  it('PostgreSQL or Redis down: 503, status down, the old fields say which', () => {
    const pg = healthReport(platform({ postgres: 'no answer within 1500 ms' }));
    expect(pg.httpStatus).toBe(503);
    expect(pg.body).toMatchObject({
      status: 'down',
      services: { postgres: 'down', redis: 'up' },
      details: { postgres: 'no answer within 1500 ms' },
      postgres: 'down',
      redis: 'ok',
    });
    const redis = healthReport(platform({ redis: 'connection end', grafana: 'cannot reach it (ENOTFOUND)' }));
    expect(redis.httpStatus).toBe(503);
    expect(redis.body).toMatchObject({
      status: 'down',
      services: { redis: 'down', grafana: 'down', nodered: 'up' },
      postgres: 'ok',
      redis: 'down',
    });
  });
});
