// GET /api/v1/health/platform on the real app (real PostgreSQL and Redis), with a fake Grafana and
// small HTTP servers for Node-RED and the registry.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGrafana, type FakeGrafana } from '../../../test/fakes/grafana.js';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { CACHE_MS } from './platform.js';

let grafana: FakeGrafana;
let nodeRed: { server: Server; url: string; hits: number };
let registry: { server: Server; url: string; hits: number };

async function httpServer(status: (path: string) => number) {
  const s = { server: undefined as unknown as Server, url: '', hits: 0 };
  s.server = createServer((req, res) => {
    s.hits++;
    res.writeHead(status(req.url ?? '/'), { 'content-type': 'application/json' });
    res.end('{}');
  });
  s.server.listen(0, '127.0.0.1');
  await new Promise((r) => s.server.once('listening', r));
  s.url = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
  return s;
}

beforeAll(async () => {
  grafana = await startFakeGrafana({ auth: 'Bearer t', subPath: '/grafana' });
  nodeRed = await httpServer(() => 200);
  registry = await httpServer((p) => (p === '/api/info' ? 200 : 404));
});
afterAll(async () => {
  await grafana?.close();
  for (const s of [nodeRed, registry]) {
    s?.server.closeAllConnections();
    s?.server.close();
  }
});

const env = (o: Record<string, string> = {}) => ({
  GRAFANA_URL: grafana.url,
  NODE_RED_URL: nodeRed.url,
  REGISTRY_URL: registry.url,
  ...o,
});

describe('GET /health/platform', () => {
  let app: TestApp;
  afterAll(async () => app?.close());

  it('is public and reports every service ok, asking each one once per cache period', async () => {
    app = await createTestApp({ env: env() });
    const before = { nr: nodeRed.hits, reg: registry.hits };
    const [a, b] = await Promise.all([
      app.fetch('/api/v1/health/platform'),
      app.fetch('/api/v1/health/platform'),
    ]);
    expect(a.status).toBe(200);
    const body = await a.json();
    expect(await b.json()).toEqual(body);
    expect(body).toEqual({
      status: 'ok',
      services: [
        { name: 'postgres', status: 'ok' },
        { name: 'redis', status: 'ok' },
        { name: 'nodered', status: 'ok' },
        { name: 'grafana', status: 'ok', detail: 'version 11.4.0' },
        { name: 'registry', status: 'ok' },
      ],
    });
    expect(grafana.requests.filter((r) => r.path === '/grafana/api/health')).toHaveLength(1);
    expect(grafana.requests.at(-1)?.auth).toBeUndefined(); // Grafana's health needs no token
    expect(nodeRed.hits - before.nr).toBe(1);
    expect(registry.hits - before.reg).toBe(1);
    await new Promise((r) => setTimeout(r, CACHE_MS + 50));
    await app.fetch('/api/v1/health/platform');
    expect(nodeRed.hits - before.nr).toBe(2);
  });

  it('a service that does not answer, or answers 5xx, is down with the reason; status degraded', async () => {
    const broken = await httpServer(() => 503);
    const down = await createTestApp({
      env: env({ REGISTRY_URL: 'http://127.0.0.1:9', NODE_RED_URL: broken.url }),
    });
    try {
      const body = await (await down.fetch('/api/v1/health/platform')).json();
      expect(body.status).toBe('degraded');
      const by = Object.fromEntries(body.services.map((s: { name: string }) => [s.name, s]));
      expect(by.registry).toEqual({
        name: 'registry',
        status: 'down',
        detail: expect.stringMatching(/cannot reach it \(ECONNREFUSED\)|fetch failed/),
      });
      expect(by.nodered).toEqual({ name: 'nodered', status: 'down', detail: 'answered HTTP 503' });
      expect(by.postgres.status).toBe('ok');
    } finally {
      await down.close();
      broken.server.closeAllConnections();
      broken.server.close();
    }
  });
});
