// The harness itself: the front door routes like the stack's reverse proxy, and every service behind
// it is the real one (the Grafana stand-in says so).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './harness.js';
import { E2E_ENDPOINT, E2E_FLOW_LABEL } from './node-red.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('front door (stack/proxy/default.conf in Node)', () => {
  it('serves index.html for client-side routes and config.js as the container writes it', async () => {
    const index = await (await fetch(`${stack.url}/`)).text();
    const deep = await fetch(`${stack.url}/catalogs/123`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-type')).toMatch(/text\/html/);
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    expect(await deep.text()).toBe(index);
    expect(index).toMatch(/<script[^>]+src="\/config\.js"/);
    const config = await fetch(`${stack.url}/config.js`);
    expect(await config.text()).toContain('apiBase: "/backend"');
    expect((await fetch(`${stack.url}/assets/missing.js`)).status).toBe(404);
  });

  it('/backend/ reaches the backend under /api/v1 and records the call', async () => {
    const res = await fetch(`${stack.url}/backend/health`);
    // up, or degraded when an optional service (the registry) is not part of this harness
    const health = (await res.json()) as { status: string; postgres: string; redis: string };
    expect(['up', 'degraded']).toContain(health.status);
    expect(health).toMatchObject({ postgres: 'ok', redis: 'ok' });
    expect(stack.door.backendCalls.at(-1)).toEqual({ method: 'GET', path: '/backend/health', status: 200 });
  });

  it('/node-red/ reaches Node-RED with the prefix stripped (its settings endpoint)', async () => {
    const res = await fetch(`${stack.url}/node-red/auth/login`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ type: 'credentials' });
  });

  it('/grafana/ keeps its prefix (Grafana stand-in)', async () => {
    const page = await fetch(`${stack.url}/grafana/d-solo/abc/x?panelId=2`);
    expect(await page.text()).toContain('Grafana stand-in');
    expect(stack.grafana.pages).toContain('/grafana/d-solo/abc/x?panelId=2');
    const api = await fetch(`${stack.url}/grafana/api/folders`);
    expect(api.status).toBe(401); // the browser has no Grafana credentials; the backend does
  });
});

describe('services behind it', () => {
  it('the admin from STATUS_ADMIN_* signs in; the deployed E2E flow is listed', async () => {
    const api = await stack.signInApi(stack.admin);
    const me = await api.json<{ username: string; role?: string; authority?: string }>('/users/whoami');
    expect(me.username).toBe(stack.admin.username);
    const flows = await api.json<{ type: string; label?: string; url?: string }[]>('/nodered/flows');
    expect(flows).toContainEqual(expect.objectContaining({ type: 'tab', label: E2E_FLOW_LABEL }));
    expect(flows).toContainEqual(expect.objectContaining({ type: 'http in', url: `/${E2E_ENDPOINT}` }));
  });

  it('a user created through the API as admin gets their role (USER cannot list users)', async () => {
    const user = await stack.createUser('plainuser', 'USER');
    const api = await stack.signInApi(user);
    expect((await api.fetch('/users')).status).toBe(403);
  });
});
