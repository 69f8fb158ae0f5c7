// The headless server on a real socket (with a small in-memory LauncherApi; the launcher itself is
// tested on the engine in launcher/launcher.e2e.test.ts): token, Host/Origin checks, methods, input
// errors, WebSocket streams, the console's static files, and the browser client against it.
import { mkdtemp, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeLauncher, fakeStatus, type FakeLauncher } from '../../test/fake-launcher.js';
import { createHttpClient } from '../api/client/http.js';
import type { ProjectStatus } from '../api/contract.js';
import { apiErrorOf } from '../api/errors.js';
import type { ServerMessage } from '../api/ws-protocol.js';
import { resolveServeToken, TOKEN_COOKIE } from './auth.js';
import { startServer, type RunningServer } from './server.js';

const TOKEN = 'test-token-0123456789abcdef';
let fake: FakeLauncher;
let server: RunningServer;
let staticDir: string;

beforeAll(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'st-serve-'));
  await mkdir(join(staticDir, 'assets'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>console</title>');
  await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(tmpdir(), 'st-serve-secret.txt'), 'outside');
  fake = createFakeLauncher();
  server = await startServer({ launcher: fake, port: 0, token: TOKEN, staticDir });
});
afterAll(async () => {
  await server?.close();
  await rm(staticDir, { recursive: true, force: true });
});

function call(method: string, body: string | undefined, headers: Record<string, string> = {}) {
  return fetch(`${server.url}api/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...headers },
    body,
  });
}

/** POST /api/status with headers fetch() would not let us set (Host). */
function statusWithHeaders(headers: Record<string, string>): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}api/status`,
      { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, ...headers } },
      (res) => {
        res.resume();
        resolve(res.statusCode);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('status-desktop serve', () => {
  it('refuses every API call, page and WebSocket without the token', async () => {
    const api = await fetch(`${server.url}api/status`, { method: 'POST' });
    expect(api.status).toBe(401);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    const wrong = await call('status', undefined, { Authorization: 'Bearer not-the-token-at-all' });
    expect(wrong.status).toBe(401);
    expect((await fetch(server.url)).status).toBe(401);
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}api/events`);
    const status = await new Promise<number | undefined>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      ws.on('open', () => resolve(undefined));
    });
    expect(status).toBe(401);
  });

  it('answers only to its own host name and origin (DNS rebinding)', async () => {
    const port = server.port;
    expect(await statusWithHeaders({ Host: `evil.example:${port}` })).toBe(421);
    expect(await statusWithHeaders({ Host: `localhost:${port}` })).toBe(200);
    expect(await statusWithHeaders({ Host: `127.0.0.1:${port + 1}` })).toBe(421);
    expect(await statusWithHeaders({ Origin: `http://evil.example:${port}` })).toBe(421);
    expect(await statusWithHeaders({ Origin: `http://127.0.0.1:${port}` })).toBe(200);
  });

  it('calls methods with a JSON array of arguments', async () => {
    const res = await call('startService', '["postgres"]');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, value: { kind: 'start', services: ['postgres'] } });
    const none = await call('status', undefined);
    expect(await none.json()).toMatchObject({ ok: true, value: { project: 'fake' } });
  });

  it('answers 400 INVALID_INPUT naming the field, 404 for an unknown service, never a stack', async () => {
    const bad = await call('logs', '[{"services":["postgres"],"tail":"lots"}]');
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('INVALID_INPUT');
    expect(body.error.message).toContain('tail');
    expect((await call('noSuchMethod', '[]')).status).toBe(400);
    expect((await call('status', '{"not":"an array"}')).status).toBe(400);
    expect((await call('status', 'not json')).status).toBe(400);
    expect((await call('status', '[]', { 'Content-Type': 'text/plain' })).status).toBe(400);
    const missing = await call('startService', '["grafana"]');
    expect(missing.status).toBe(404);
    const internal = await call('saveSettings', '[{"startOnLaunch":true}]');
    expect(internal.status).toBe(500);
    expect(await internal.text()).not.toContain('frame.js');
  });

  it('sets an httpOnly SameSite=Strict cookie from ?token= and redirects to strip it', async () => {
    const res = await fetch(`${server.url}logs?token=${TOKEN}&tab=2`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/logs?tab=2');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`${TOKEN_COOKIE}=`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await fetch(`${server.url}logs?tab=2`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>console</title>');
    expect((await fetch(`${server.url}?token=wrong-token-wrong-token`, { redirect: 'manual' })).status).toBe(
      401,
    );
  });

  it('serves the console with a strict CSP, the SPA fallback, and nothing outside its folder', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const page = await fetch(`${server.url}settings/ports`, { headers: auth });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`ws://127.0.0.1:${server.port}`);
    const asset = await fetch(`${server.url}assets/app.js`, { headers: auth });
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${server.url}assets/missing.js`, { headers: auth })).status).toBe(404);
    const escape = await fetch(`${server.url}%2e%2e/st-serve-secret.txt`, { headers: auth });
    expect(escape.status).toBe(404);
  });

  it('streams events over the WebSocket to each subscription until it unsubscribes', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}api/events`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    const messages: ServerMessage[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data)) as ServerMessage));
    await new Promise((resolve) => ws.on('open', resolve));
    ws.send(JSON.stringify({ type: 'subscribe', id: 'a', stream: 'onStatus', args: [] }));
    ws.send(JSON.stringify({ type: 'subscribe', id: 'b', stream: 'onLogs', args: [{ services: 'x' }] }));
    await expect.poll(() => messages.length).toBe(3);
    expect(messages).toContainEqual({ type: 'subscribed', id: 'a', result: { ok: true, value: null } });
    expect(messages).toContainEqual(expect.objectContaining({ type: 'event', id: 'a' }));
    const failed = messages.find((m) => m.type === 'subscribed' && m.id === 'b');
    expect(failed).toMatchObject({ result: { ok: false, error: { code: 'INVALID_INPUT' } } });
    fake.emitStatus(fakeStatus('running'));
    await expect.poll(() => messages.length).toBe(4);
    ws.send(JSON.stringify({ type: 'unsubscribe', id: 'a' }));
    await expect.poll(() => fake.listenerCount()).toBe(0);
    ws.close();
  });

  it('works with the browser client: calls, errors with hints, and a stream that survives a reconnect', async () => {
    const client = createHttpClient({
      baseUrl: server.url,
      token: TOKEN,
      WebSocket: WebSocket as never,
      backoff: { initialMs: 20, maxMs: 50 },
    });
    try {
      expect(await client.resetPlan()).toEqual({ volumes: ['fake_pgdata'] });
      const error = apiErrorOf(await client.startService('grafana').catch((e: unknown) => e));
      expect(error).toMatchObject({ code: 'NOT_FOUND', hint: 'Services: postgres.' });
      const seen: ProjectStatus['state'][] = [];
      client.onStatus((s) => seen.push(s.state));
      await expect.poll(() => seen.length).toBe(1);
      fake.emitStatus(fakeStatus('degraded'));
      await expect.poll(() => seen.at(-1)).toBe('degraded');
      // Drop the connection from the server side: the client reconnects and resubscribes.
      const before = seen.length;
      await server.close();
      server = await startServer({ launcher: fake, port: server.port, token: TOKEN, staticDir });
      await expect.poll(() => seen.length, { timeout: 5000 }).toBeGreaterThan(before);
      fake.emitStatus(fakeStatus('running'));
      await expect.poll(() => seen.at(-1)).toBe('running');
    } finally {
      client.close();
    }
  });

  it('keeps a generated token in the settings folder, readable by the user only', async () => {
    const home = await mkdtemp(join(tmpdir(), 'st-serve-home-'));
    try {
      const first = await resolveServeToken(home);
      expect(first.token.length).toBeGreaterThanOrEqual(40);
      expect((await stat(first.stored!)).mode & 0o777).toBe(0o600);
      expect((await resolveServeToken(home)).token).toBe(first.token);
      expect((await resolveServeToken(home, 'given-token-long-enough')).token).toBe(
        'given-token-long-enough',
      );
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('refuses a non-loopback address unless asked explicitly', async () => {
    await expect(startServer({ launcher: fake, host: '0.0.0.0', port: 0, token: TOKEN })).rejects.toThrow(
      /allow-remote/,
    );
  });
});
