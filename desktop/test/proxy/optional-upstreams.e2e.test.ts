// The real reverse-proxy configuration (stack/proxy/default.conf) on the test nginx image, with
// Node stand-ins for the backend, the app, Grafana and Node-RED (stand-ins: no Grafana image can be
// pulled here). The proxy must start and serve STATUS while Grafana and Node-RED do not exist at
// all, answer 503 "… is not running — start it from STATUS Desktop" on their paths (a page for a
// browser, JSON otherwise), and reach them as soon as they run, without a restart. Their own
// answers, errors included, pass unchanged.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../../src/launcher/stack.js';
import { createTestStack, type TestStack } from '../stack-fixture.js';

const PROXY_CONF = fileURLToPath(new URL('../../../stack/proxy/default.conf', import.meta.url));

// One script, four stand-ins (argv[2]): each answers JSON naming itself, the path and the user
// header nginx passed; the backend's /api/v1/auth/verify lets everyone in as alice.
const STANDIN = `
const http = require('node:http');
const [role, port] = [process.argv[2], Number(process.argv[3])];
http.createServer((req, res) => {
  if (role === 'backend' && req.url.startsWith('/api/v1/auth/verify')) {
    res.writeHead(200, { 'X-Status-User': 'alice', 'X-Status-Email': 'alice@example.test', 'X-Grafana-Role': 'Viewer' });
    return res.end();
  }
  if (role === 'frontend') {
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end('<!doctype html><title>STATUS</title>');
  }
  if (role === 'grafana' && req.url === '/grafana/boom') {
    res.writeHead(502, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ message: 'grafana: the datasource did not answer' }));
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ role, path: req.url, user: req.headers['x-webauth-user'] ?? null }));
}).listen(port);
`;

const standin = (role: string, port: number) => `
    image: \${STATUS_NODE_IMAGE}
    command: ["node", "/standin.cjs", "${role}", "${port}"]
    volumes:
      - ./standin.cjs:/standin.cjs:ro
    healthcheck:
      test: ["CMD", "node", "-e", "fetch('http://127.0.0.1:${port}/').then(() => process.exit(0), () => process.exit(1))"]
      interval: 1s
      timeout: 20s
      retries: 30`;

const compose = (httpPort: number) => `
services:
  status-backend:${standin('backend', 3001)}
  status-frontend:${standin('frontend', 80)}
  grafana:${standin('grafana', 3000)}
  nodered:${standin('nodered', 1880)}
  reverse-proxy:
    image: \${STATUS_REVERSE_PROXY_IMAGE}
    volumes:
      - ${PROXY_CONF}:/etc/nginx/conf.d/default.conf:ro
    ports:
      - 127.0.0.1:${httpPort}:80
    depends_on:
      status-frontend: { condition: service_healthy }
      status-backend: { condition: service_healthy }
    healthcheck:
      test: ['CMD-SHELL', 'wget -q -O /dev/null http://127.0.0.1/healthz']
      interval: 1s
      timeout: 20s
      retries: 30
`;

let fixture: TestStack;
let stack: Stack;
let base: string;

beforeAll(async () => {
  fixture = await createTestStack('st-proxy');
  stack = await fixture.open(
    await fixture.writeCompose(compose(fixture.ports.http), { 'standin.cjs': STANDIN }),
  );
  base = `http://127.0.0.1:${fixture.ports.http}`;
});

afterAll(() => fixture?.cleanup());

const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const JSON_ACCEPT = { accept: 'application/json' };

/** Polls `fn` until it returns true (nginx caches DNS answers, the missing name too, for 10 s). */
async function eventually(fn: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('reverse proxy without Grafana and Node-RED (stand-ins)', () => {
  it('starts and serves STATUS while they have no container at all', async () => {
    await stack.up({ services: ['reverse-proxy'], onProgress: fixture.record });
    const containers = await stack.status();
    expect(containers.services.grafana?.state).toBe('missing');
    expect(containers.services.nodered?.state).toBe('missing');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${base}/`)).text()).toContain('<title>STATUS</title>');
    const api = await fetch(`${base}/backend/health`);
    expect(api.status).toBe(200);
    expect(await api.json()).toMatchObject({ role: 'backend', path: '/api/v1/health' });
  });

  it('answers 503 on /grafana/ with a page for a browser, JSON otherwise', async () => {
    const page = await fetch(`${base}/grafana/`, { headers: HTML });
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('Grafana is not running — start it from STATUS Desktop');

    const api = await fetch(`${base}/grafana/api/search?query=x`, { headers: JSON_ACCEPT });
    expect(api.status).toBe(503);
    expect(api.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await api.json()).toEqual({
      message: 'Grafana is not running — start it from STATUS Desktop',
      service: 'grafana',
    });
  });

  it('answers 503 on /node-red/ the same way', async () => {
    const page = await fetch(`${base}/node-red/`, { headers: HTML });
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('Node-RED is not running — start it from STATUS Desktop');
    const api = await fetch(`${base}/node-red/flows`, { headers: JSON_ACCEPT });
    expect(api.status).toBe(503);
    expect(await api.json()).toEqual({
      message: 'Node-RED is not running — start it from STATUS Desktop',
      service: 'nodered',
    });
    // The internal answers are not reachable directly.
    expect((await fetch(`${base}/_status_unavailable/grafana.json`)).status).not.toBe(503);
  });

  it('reaches them once they run, without a proxy restart; their own errors pass unchanged', async () => {
    await stack.start(['grafana', 'nodered'], { onProgress: fixture.record });
    await eventually(
      async () => (await fetch(`${base}/grafana/api/health`, { headers: JSON_ACCEPT })).status === 200,
    );
    const health = await fetch(`${base}/grafana/api/health`, { headers: JSON_ACCEPT });
    // auth_request still runs first and names the user to Grafana.
    expect(await health.json()).toEqual({ role: 'grafana', path: '/grafana/api/health', user: 'alice' });
    const boom = await fetch(`${base}/grafana/boom`, { headers: JSON_ACCEPT });
    expect(boom.status).toBe(502);
    expect(await boom.json()).toEqual({ message: 'grafana: the datasource did not answer' });
    await eventually(async () => (await fetch(`${base}/node-red/`, { headers: HTML })).status === 200);
    expect(await (await fetch(`${base}/node-red/flows`)).json()).toMatchObject({
      role: 'nodered',
      path: '/flows',
    });
  });
});
