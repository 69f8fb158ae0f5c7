// STATUS sign-in to the Node-RED editor: the adminAuth.tokens hook of stack/node-red/settings.js
// (status-auth.js) against a stub of the backend's GET /nodered/verify, then a REAL Node-RED
// started with our settings.js (only paths and port overridden): a STATUS ADMIN token reads flows
// and /settings names the user; a USER token reads but cannot deploy; no token → 401; Node-RED's
// own login (the generated admin account) keeps working; the HTTP-in auth is unchanged.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deadUrl, startServer, type TestServer } from './test-support/http-server';

type User = { username: string; permissions: string } | null;
type TokensHook = (token: string) => Promise<User>;
interface StatusAuth {
  statusTokens(o?: {
    backendUrl?: string;
    timeoutMs?: number;
    cacheMs?: number;
    warn?: (m: string) => void;
  }): TokensHook;
}

const nodeRedDir = join(__dirname, '..', '..');
const req = createRequire(__filename);
let statusTokens: StatusAuth['statusTokens'];
// settings.js and status-auth.js are CommonJS, and the repo's package.json says "type": "module":
// copied next to each other into a temp folder, as the image has them in /usr/src/node-red.
let appDir: string;

// Tokens the stub backend knows: token → role.
const ROLES: Record<string, string> = {
  'admin-token': 'ADMIN',
  'dev-token': 'DEVELOPER',
  'user-token': 'USER',
};
let backend: TestServer;
let backendDown = false;

beforeAll(async () => {
  appDir = await mkdtemp(join(tmpdir(), 'status-node-red-app-'));
  for (const f of ['settings.js', 'status-auth.js']) await copyFile(join(nodeRedDir, f), join(appDir, f));
  ({ statusTokens } = req(join(appDir, 'status-auth.js')) as StatusAuth);
  backend = await startServer((r) => {
    if (backendDown) return { status: 503, body: { message: 'down' } };
    if (!r.url.startsWith('/api/v1/nodered/verify')) return { status: 404, body: { message: 'not found' } };
    const token = /^Bearer (.+)$/.exec(String(r.headers.authorization ?? ''))?.[1] ?? '';
    const role = ROLES[token];
    if (token === 'slow-token') return { body: { username: 'slow', role: 'ADMIN' }, delayMs: 2000 };
    if (!role) return { status: 401, body: { message: 'Unauthorized: invalid token' } };
    return { body: { username: token.replace('-token', ''), role } };
  });
});
afterAll(async () => {
  await backend?.close();
  if (appDir) await rm(appDir, { recursive: true, force: true });
});
beforeEach(() => {
  backendDown = false;
  backend.requests.length = 0;
});

describe('statusTokens (the adminAuth.tokens hook)', () => {
  const quiet = () => undefined;
  it('maps the STATUS role to Node-RED permissions: ADMIN/DEVELOPER edit, USER reads', async () => {
    const tokens = statusTokens({ backendUrl: `${backend.url}/api/v1/`, warn: quiet });
    expect(await tokens('admin-token')).toEqual({ username: 'admin', permissions: '*' });
    expect(await tokens('dev-token')).toEqual({ username: 'dev', permissions: '*' });
    expect(await tokens('user-token')).toEqual({ username: 'user', permissions: 'read' });
    expect(await tokens('forged')).toBeNull();
    expect(await tokens('')).toBeNull();
    expect(backend.requests[0]!.url).toBe('/api/v1/nodered/verify');
    expect(backend.requests[0]!.headers.authorization).toBe('Bearer admin-token');
  });

  it('answers a burst from its cache: one backend call per token per few seconds', async () => {
    const tokens = statusTokens({ backendUrl: `${backend.url}/api/v1`, cacheMs: 200, warn: quiet });
    await Promise.all([tokens('admin-token'), tokens('forged')]);
    for (let i = 0; i < 5; i++) await Promise.all([tokens('admin-token'), tokens('forged')]);
    expect(backend.requests).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 250));
    await tokens('admin-token');
    expect(backend.requests).toHaveLength(3);
  });

  it('a backend outage, a slow or a missing backend → null (Node-RED login) and a log line, never a throw', async () => {
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    backendDown = true;
    const tokens = statusTokens({ backendUrl: `${backend.url}/api/v1`, timeoutMs: 300, warn });
    expect(await tokens('admin-token')).toBeNull();
    expect(warnings.at(-1)).toMatch(/answered 503/);
    backendDown = false;
    // an outage is not cached: the next call asks again and succeeds
    expect(await tokens('admin-token')).toEqual({ username: 'admin', permissions: '*' });
    const started = Date.now();
    expect(await tokens('slow-token')).toBeNull();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await statusTokens({ backendUrl: await deadUrl(), warn })('admin-token')).toBeNull();
    expect(warnings.at(-1)).toMatch(/could not ask the STATUS backend/);
    expect(await statusTokens({ backendUrl: '', warn })('admin-token')).toBeNull();
    expect(warnings.at(-1)).toMatch(/STATUS_BACKEND_URL is not set/);
  });
});

describe('a real Node-RED with stack/node-red/settings.js', () => {
  // bcrypt (cost 4) of these passwords, as the launcher stores them (at cost 12).
  const ADMIN_PASSWORD = 'node-red-admin-password';
  const ADMIN_HASH = '$2b$04$1jnwxrMmuPf97OPKG84njOg9IZI6CIquxE6JdBn.iXkyM4lL1Ldse';
  const HTTP_HASH = '$2b$04$sLk2WrK6llt27KxSGz8WvuILwgem0tKC0vNHeH8ofFix78xnWcOMC'; // http-node-password
  let nodeRed: { url: string; child: ChildProcess; log: () => string; userDir: string };

  beforeAll(async () => {
    const userDir = await mkdtemp(join(tmpdir(), 'status-node-red-auth-'));
    const port = Number(new URL(await deadUrl()).port);
    // Our settings.js as the image uses it; only where it keeps data, its port and logging differ.
    const wrapper = `const s = require(${JSON.stringify(join(appDir, 'settings.js'))});
module.exports = { ...s, userDir: ${JSON.stringify(userDir)}, nodesDir: undefined, uiPort: ${port},
  uiHost: '127.0.0.1', editorTheme: { ...s.editorTheme, tours: false, palette: { catalogues: [] } },
  logging: { console: { level: 'warn', metrics: false, audit: false } } };\n`;
    await writeFile(join(userDir, 'settings-test.js'), wrapper);
    await writeFile(join(userDir, 'flows.json'), '[]');
    const redJs = join(dirname(req.resolve('node-red/package.json')), 'red.js');
    const env: Record<string, string | undefined> = {
      ...process.env,
      NODE_RED_ENABLE_PROJECTS: 'false',
      STATUS_BACKEND_URL: `${backend.url}/api/v1`,
      NODE_RED_CREDENTIAL_SECRET: 'a-test-credential-secret',
      NODE_RED_ADMIN_USER: 'admin',
      NODE_RED_ADMIN_PASSWORD_HASH: ADMIN_HASH,
      NODE_RED_HTTP_PASSWORD_HASH: HTTP_HASH,
      NODE_RED_CORS_ORIGIN: 'http://status.test',
    };
    delete env.STATUS_LEDGER_ENDPOINT;
    const child = spawn(
      process.execPath,
      [redJs, '--settings', join(userDir, 'settings-test.js'), '--userDir', userDir],
      { stdio: ['ignore', 'pipe', 'pipe'], env },
    );
    let log = '';
    child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    nodeRed = { url: `http://127.0.0.1:${port}`, child, log: () => log, userDir };
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`Node-RED exited:\n${log}`);
      const r = await fetch(`${nodeRed.url}/auth/login`).catch(() => null);
      if (r?.status === 200) break;
      if (Date.now() > deadline) throw new Error(`Node-RED did not start within 60 s:\n${log}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  afterAll(async () => {
    if (nodeRed?.child.exitCode === null) {
      const exited = new Promise((r) => nodeRed.child.once('exit', r));
      nodeRed.child.kill('SIGTERM');
      await exited;
    }
    if (nodeRed) await rm(nodeRed.userDir, { recursive: true, force: true });
  });

  const get = (path: string, token?: string) =>
    fetch(`${nodeRed.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const deploy = (token: string) =>
    fetch(`${nodeRed.url}/flows`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'node-red-deployment-type': 'full',
      },
      body: JSON.stringify([{ id: 't1', type: 'tab', label: 'deployed' }]),
    });

  it('an ADMIN or DEVELOPER STATUS token opens the editor: flows, /settings names the user, deploy works', async () => {
    const flows = await get('/flows', 'admin-token');
    expect(flows.status, nodeRed.log()).toBe(200);
    const settings = (await (await get('/settings', 'dev-token')).json()) as { user?: unknown };
    expect(settings.user).toEqual({ username: 'dev', permissions: '*' });
    expect((await deploy('dev-token')).status).toBe(204);
  });

  it('a USER token reads (read-only editor) but cannot deploy', async () => {
    expect((await get('/flows', 'user-token')).status).toBe(200);
    const settings = (await (await get('/settings', 'user-token')).json()) as { user?: unknown };
    expect(settings.user).toEqual({ username: 'user', permissions: 'read' });
    expect((await deploy('user-token')).status).toBe(401);
  });

  it('no token or an unknown one → 401 (the editor shows the Node-RED login); a backend outage too', async () => {
    expect((await get('/flows')).status).toBe(401);
    expect((await get('/settings', 'forged')).status).toBe(401);
    backendDown = true;
    expect((await get('/flows', 'expired-meanwhile')).status).toBe(401);
    expect(nodeRed.child.exitCode).toBeNull();
  });

  it("Node-RED's own login (the generated admin account) keeps working", async () => {
    const res = await fetch(`${nodeRed.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: 'node-red-admin',
        grant_type: 'password',
        scope: '*',
        username: 'admin',
        password: ADMIN_PASSWORD,
      }),
    });
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    backendDown = true; // Node-RED's own tokens never reach the backend
    expect((await get('/flows', access_token)).status).toBe(200);
    expect(backend.requests.filter((r) => r.headers.authorization === `Bearer ${access_token}`)).toEqual([]);
  });

  it('HTTP-in endpoints keep their own basic auth: a STATUS token is not a credential there', async () => {
    const res = await fetch(`${nodeRed.url}/api/v1/anything`, {
      headers: { authorization: 'Bearer admin-token' },
    });
    expect(res.status).toBe(401);
  });
});
