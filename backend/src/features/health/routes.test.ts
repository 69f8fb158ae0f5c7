// GET /health and GET /health/platform as declared (routes.ts), mounted through http/mount.ts on
// real PostgreSQL and Redis, with Node-RED, Grafana and the registry on closed ports or small local
// servers.
import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGrafana, type FakeGrafana } from '../../../test/fakes/grafana.js';
import { closedPort } from '../../../test/fakes/unavailable.js';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { dispatchMiddleware } from '../../http/mount.js';
import { CACHE_MS, type HealthDeps } from './platform.js';
import { healthAnswer, healthRoutes, platformAnswer } from './routes.js';

let grafana: FakeGrafana;
let ok: { server: Server; url: string };
let stores: TestApp;

beforeAll(async () => {
  grafana = await startFakeGrafana({ auth: 'Bearer t', subPath: '/grafana' });
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ok = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  stores = await createTestApp(); // only for its PostgreSQL pool and Redis connection
});
afterAll(async () => {
  await stores?.close();
  await grafana?.close();
  ok?.server.closeAllConnections();
  ok?.server.close();
});

/** An app serving only the health routes, with the given service URLs. */
async function serve(
  urls: { grafana: string; nodered: string; registry: string },
  deps?: Partial<HealthDeps>,
) {
  const config = {
    ...stores.config,
    GRAFANA_URL: urls.grafana,
    NODE_RED_URL: urls.nodered,
    REGISTRY_URL: urls.registry,
  };
  const app = express();
  app.use(
    '/api/v1',
    dispatchMiddleware(healthRoutes({ config, db: stores.db, redis: stores.deps.redis, ...deps }), {
      authenticate: async () => undefined,
      isDisabled: async () => false,
      parseBody: express.json(),
    }),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  return {
    get: (path: string) => fetch(base + path),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('GET /health', () => {
  it('every dependency up: 200 up', async () => {
    const s = await serve({ grafana: grafana.url, nodered: ok.url, registry: ok.url });
    try {
      const r = await s.get('/health');
      expect(r.status).toBe(200);
      const body = healthAnswer.parse(await r.json());
      expect(body).toEqual({
        status: 'up',
        services: { postgres: 'up', redis: 'up', nodered: 'up', grafana: 'up', registry: 'up' },
        required: ['postgres', 'redis'],
        postgres: 'ok',
        redis: 'ok',
      });
    } finally {
      await s.close();
    }
  });

  it('Node-RED, Grafana and the registry not running: still 200, degraded, each named down', async () => {
    const port = await closedPort();
    const away = `http://127.0.0.1:${port}`;
    const s = await serve({ grafana: `${away}/grafana`, nodered: away, registry: away });
    try {
      const r = await s.get('/health');
      expect(r.status).toBe(200);
      const body = healthAnswer.parse(await r.json());
      expect(body.status).toBe('degraded');
      expect(body.services).toEqual({
        postgres: 'up',
        redis: 'up',
        nodered: 'down',
        grafana: 'down',
        registry: 'down',
      });
      expect(body.details).toEqual({
        nodered: 'cannot reach it (ECONNREFUSED)',
        grafana: 'cannot reach it (ECONNREFUSED)',
        registry: 'cannot reach it (ECONNREFUSED)',
      });
      expect([body.postgres, body.redis]).toEqual(['ok', 'ok']);
      // /health/platform reads the same probe round.
      const p = platformAnswer.parse(await (await s.get('/health/platform')).json());
      expect(p.status).toBe('degraded');
      expect(p.services.find((x) => x.name === 'grafana')).toEqual({
        name: 'grafana',
        status: 'down',
        detail: 'cannot reach it (ECONNREFUSED)',
      });
    } finally {
      await s.close();
    }
  });

  it('PostgreSQL down: 503 down', async () => {
    const db = {
      query: async () => Promise.reject(new Error('connection terminated')),
    } as unknown as HealthDeps['db'];
    const s = await serve({ grafana: grafana.url, nodered: ok.url, registry: ok.url }, { db });
    try {
      const r = await s.get('/health');
      expect(r.status).toBe(503);
      const body = healthAnswer.parse(await r.json());
      expect(body).toMatchObject({
        status: 'down',
        services: { postgres: 'down', redis: 'up' },
        details: { postgres: 'connection terminated' },
        postgres: 'down',
        redis: 'ok',
      });
    } finally {
      await s.close();
    }
  });

  it('one probe round per cache period, shared by /health and /health/platform', async () => {
    let hits = 0;
    const counting = createServer((_req, res) => {
      hits++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => counting.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(counting.address() as AddressInfo).port}`;
    const s = await serve({ grafana: grafana.url, nodered: url, registry: ok.url });
    try {
      await Promise.all([s.get('/health'), s.get('/health'), s.get('/health/platform')]);
      expect(hits).toBe(1);
      await new Promise((r) => setTimeout(r, CACHE_MS + 50));
      await s.get('/health');
      expect(hits).toBe(2);
    } finally {
      await s.close();
      counting.closeAllConnections();
      counting.close();
    }
  });
});
