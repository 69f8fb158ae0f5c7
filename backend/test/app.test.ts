import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { z } from 'zod';
import { HttpError } from '../src/http/errors.js';
import { validateBody, validateQuery } from '../src/http/validate.js';
import { createTestApp, type TestApp } from './helpers.js';

let t: TestApp;
const logLines: string[] = [];
const SECRET_IN_ERROR = 'password=hunter2-very-secret';

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logLines.push(String(chunk));
      cb();
    },
  });
  t = await createTestApp({
    logger: pino({ level: 'info' }, sink),
    extraRoutes: (app) => {
      // Outside the API prefix: the auth policy (features/auth) guards everything under it.
      app.post('/__test/validated', (req, res) => {
        const body = validateBody(
          z.object({ name: z.string().min(1), age: z.number().int().nonnegative() }),
          req,
        );
        const query = validateQuery(z.object({ dry: z.enum(['yes', 'no']).optional() }), req);
        res.json({ body, query });
      });
      app.get('/__test/teapot', () => {
        throw new HttpError(418, 'I am a teapot', [{ path: 'pot', message: 'is a teapot' }]);
      });
      app.get('/__test/db-down', async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
      });
      app.get('/__test/db-shutdown', async () => {
        throw Object.assign(new Error('terminating connection due to administrator command'), {
          code: '57P01',
        });
      });
      app.get('/__test/boom', async () => {
        throw new Error(`db exploded: ${SECRET_IN_ERROR}`);
      });
    },
  });
});
afterAll(async () => {
  await t?.close();
});

describe('app pipeline', () => {
  it('GET / greets like the original (the stack health check)', async () => {
    const res = await t.fetch('/');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ message: 'Welcome to the API!' });
  });

  it('echoes a sane X-Request-Id and generates one otherwise', async () => {
    const mine = await t.fetch('/', { headers: { 'X-Request-Id': 'abc-123' } });
    expect(mine.headers.get('x-request-id')).toBe('abc-123');
    const bad = await t.fetch('/', { headers: { 'X-Request-Id': 'no spaces<>' } });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
    const other = await t.fetch('/');
    expect(other.headers.get('x-request-id')).not.toBe(bad.headers.get('x-request-id'));
  });

  it('sets security headers and no x-powered-by', async () => {
    const res = await t.fetch('/');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('answers are never cached or revalidated (no-store, no ETag)', async () => {
    const res = await t.fetch('/api/v1/health');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('etag')).toBeNull();
  });

  it('allows CORS with credentials only for configured origins', async () => {
    const ok = await t.fetch('/api/v1/health', { headers: { Origin: 'http://localhost:3000' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(ok.headers.get('access-control-allow-credentials')).toBe('true');
    const evil = await t.fetch('/api/v1/health', { headers: { Origin: 'http://evil.example' } });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('health reports every dependency: the API is up, degraded without the optional ones', async () => {
    const res = await t.fetch('/api/v1/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'degraded', // no Node-RED, Grafana or registry in the test environment
      services: { postgres: 'up', redis: 'up', nodered: 'down', grafana: 'down', registry: 'down' },
      required: ['postgres', 'redis'],
      postgres: 'ok',
      redis: 'ok',
    });
  });

  it('unknown routes answer 404 for everyone, under the API prefix too', async () => {
    for (const path of ['/api/v1/no/such/route', '/api/v1/catalogs/1/nothing', '/api/v1/docs/nope']) {
      const res = await t.fetch(path);
      expect(res.status, path).toBe(404);
    }
    const del = await t.fetch('/api/v1/health', { method: 'DELETE' });
    expect(del.status).toBe(404);
  });

  it('compresses JSON over 1 kB when the client accepts it, and only then', async () => {
    const doc = await t.fetch('/api/v1/docs/openapi.json', { headers: { 'accept-encoding': 'gzip' } });
    expect(doc.headers.get('content-encoding')).toBe('gzip');
    expect(doc.headers.get('vary')).toMatch(/Accept-Encoding/);
    expect(((await doc.json()) as { openapi: string }).openapi).toBe('3.1.0');
    const br = await t.fetch('/api/v1/docs/openapi.json', { headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    const plain = await t.fetch('/api/v1/docs/openapi.json', { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    const small = await t.fetch('/', { headers: { 'accept-encoding': 'gzip' } });
    expect(small.headers.get('content-encoding')).toBeNull();
  });

  it('unknown routes get a 404 JSON message', async () => {
    const res = await t.fetch('/no/such/route');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ message: 'No route GET /no/such/route' });
  });

  it('zod validation failures are 400 with every bad field named', async () => {
    const res = await t.fetch('/__test/validated', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '', age: -1 }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { message: string; errors: { path: string }[] };
    expect(body.message).toBe('Invalid request body');
    expect(body.errors.map((e) => e.path).sort()).toEqual(['age', 'name']);
    const q = await t.fetch('/__test/validated?dry=maybe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', age: 1 }),
    });
    expect(q.status).toBe(400);
    expect(await q.json()).toMatchObject({
      message: 'Invalid request query',
      errors: [{ path: 'dry' }],
    });
    const good = await t.fetch('/__test/validated?dry=yes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', age: 1 }),
    });
    expect(await good.json()).toEqual({ body: { name: 'x', age: 1 }, query: { dry: 'yes' } });
  });

  it('malformed JSON is a 400 JSON message, not an HTML page', async () => {
    const res = await t.fetch('/__test/validated', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: 'Malformed JSON body' });
  });

  it('HttpError keeps its status, message and errors', async () => {
    const res = await t.fetch('/__test/teapot');
    expect(res.status).toBe(418);
    expect(await res.json()).toEqual({
      message: 'I am a teapot',
      errors: [{ path: 'pot', message: 'is a teapot' }],
    });
  });

  it('PostgreSQL away (refused, shut down) is a 503 that says so, not a 500', async () => {
    for (const [path, reason] of [
      ['/__test/db-down', 'ECONNREFUSED'],
      ['/__test/db-shutdown', '57P01'],
    ]) {
      const res = await t.fetch(path!, { headers: { 'X-Request-Id': 'req-db' } });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toEqual({
        message: `PostgreSQL is not reachable (${reason}): start it from STATUS Desktop or check its logs, then try again`,
        requestId: 'req-db',
      });
    }
  });

  it('500 never leaks the message, stack or secrets, but logs them with the request id', async () => {
    const res = await t.fetch('/__test/boom', { headers: { 'X-Request-Id': 'req-500' } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ message: 'Internal error', requestId: 'req-500' });
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('at ');
    const logged = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const entry = logged.find((l) => l.msg === 'unhandled error');
    expect(entry).toBeDefined();
    expect(JSON.stringify(entry)).toContain('req-500');
    expect((entry?.err as { stack?: string }).stack).toContain('db exploded');
  });
});

describe('health when a store is down', () => {
  it('answers 503 naming Redis when Redis is unreachable', async () => {
    const down = await createTestApp({ env: { DRAGONFLY_PORT: '1' } });
    try {
      const res = await down.fetch('/api/v1/health');
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        status: 'down',
        services: { postgres: 'up', redis: 'down' },
        postgres: 'ok',
        redis: 'down',
      });
    } finally {
      await down.close();
    }
  });

  it('answers 503 naming PostgreSQL when the pool is closed', async () => {
    const down = await createTestApp();
    await down.db.end();
    down.db.end = async () => undefined;
    try {
      const res = await down.fetch('/api/v1/health');
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        status: 'down',
        services: { postgres: 'down', redis: 'up' },
        postgres: 'down',
        redis: 'ok',
      });
    } finally {
      await down.close();
    }
  });
});
