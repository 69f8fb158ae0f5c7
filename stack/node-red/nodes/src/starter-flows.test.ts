// The starter flows (stack/node-red/starter-flows.json) in a REAL Node-RED started from the npm
// package with httpNodeRoot /api/v1 (as stack/node-red/settings.js), the STATUS nodes built from
// this package, a stub STATUS backend and a stub GitHub API on 127.0.0.1. Each endpoint gets the
// backend's run payload { ...params, controlId, computationGroup, scope, from, to }.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadUrl, startServer, type TestServer } from './test-support/http-server';

const pkgDir = join(__dirname, '..');
const flowsFile = join(pkgDir, '..', 'starter-flows.json');

let nodeRed: { url: string; child: ChildProcess; log: () => string; userDir: string };
let backend: TestServer;
let github: TestServer;
let site: TestServer;
let health: { status: string; services: { name: string; status: string; detail?: string }[] };

const FROM = '2024-05-01T00:00:00.000Z';
const TO = '2024-05-08T00:00:00.000Z';

async function run(endpoint: string, params: Record<string, unknown>, headers: Record<string, string> = {}) {
  const body = {
    ...params,
    controlId: 7,
    computationGroup: '0b7f1b0e-8a5c-4a53-9a0e-3f7f2f0c9d11',
    scope: { team: 'core' },
    from: FROM,
    to: TO,
  };
  const r = await fetch(`${nodeRed.url}/api/v1${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  return {
    status: r.status,
    body: (await r.json()) as { value: boolean; evidences: Record<string, unknown>[]; scope: unknown },
  };
}

beforeAll(async () => {
  // Node-RED loads the compiled package (found through the workspace's node_modules symlink).
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: pkgDir,
  });
  execFileSync(process.execPath, ['scripts/copy-html.mjs'], { cwd: pkgDir });

  health = { status: 'ok', services: [] };
  backend = await startServer((req) => {
    if (req.url === '/api/v1/health/platform')
      return { body: { ...health, token: req.headers['x-access-token'] ?? null } };
    return { status: 404, body: { message: 'not found' } };
  });
  github = await startServer((req, base) => {
    const [path, query = ''] = req.url.split('?');
    if (req.headers.authorization && req.headers.authorization !== 'Bearer gh-token')
      return { status: 401, body: { message: 'Bad credentials' } };
    if (path === '/repos/acme/widgets/pulls') {
      const page = new URLSearchParams(query).get('page') ?? '1';
      if (page === '1')
        return {
          headers: {
            link: `<${base}/repos/acme/widgets/pulls?state=closed&per_page=100&page=2>; rel="next", <${base}/repos/acme/widgets/pulls?page=2>; rel="last"`,
          },
          body: [
            {
              number: 1,
              title: 'Approved',
              html_url: 'https://github.com/acme/widgets/pull/1',
              merged_at: '2024-05-02T10:00:00Z',
            },
            {
              number: 2,
              title: 'Only commented',
              html_url: 'https://github.com/acme/widgets/pull/2',
              merged_at: '2024-05-03T10:00:00Z',
            },
          ],
        };
      return {
        body: [
          { number: 3, title: 'Merged before the period', html_url: 'x', merged_at: '2024-04-01T10:00:00Z' },
          { number: 4, title: 'Closed unmerged', html_url: 'x', merged_at: null },
          {
            number: 5,
            title: 'Approved later',
            html_url: 'https://github.com/acme/widgets/pull/5',
            merged_at: '2024-05-07T23:00:00Z',
          },
        ],
      };
    }
    const m = /^\/repos\/acme\/widgets\/pulls\/(\d+)\/reviews$/.exec(path ?? '');
    if (m) {
      const reviews: Record<string, { state: string }[]> = {
        '1': [{ state: 'COMMENTED' }, { state: 'APPROVED' }],
        '2': [{ state: 'COMMENTED' }],
        '5': [{ state: 'APPROVED' }, { state: 'APPROVED' }],
      };
      return { body: reviews[m[1]!] ?? [] };
    }
    return { status: 404, body: { message: 'Not Found' } };
  });
  site = await startServer((req) => {
    if (req.url === '/healthz') return { body: 'ok' };
    if (req.url === '/slow') return { body: 'ok', delayMs: 300 };
    return { status: 503, body: 'down' };
  });

  const userDir = await mkdtemp(join(tmpdir(), 'status-starter-flows-'));
  const port = await new Promise<number>((resolve) => {
    void startServer(() => ({})).then(async (s) => {
      await s.close();
      resolve(Number(new URL(s.url).port));
    });
  });
  const settings = {
    uiPort: port,
    uiHost: '127.0.0.1',
    userDir,
    flowFile: 'flows.json',
    credentialSecret: false,
    httpNodeRoot: '/api/v1',
    diagnostics: { enabled: false, ui: false },
    telemetry: { enabled: false },
    editorTheme: { tours: false, palette: { catalogues: [] } },
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
    logging: { console: { level: 'warn', metrics: false, audit: false } },
  };
  await writeFile(join(userDir, 'settings.js'), `module.exports = ${JSON.stringify(settings)};\n`);
  await writeFile(join(userDir, 'flows.json'), await readFile(flowsFile, 'utf8'));
  const req = createRequire(__filename);
  const redJs = join(dirname(req.resolve('node-red/package.json')), 'red.js');
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_RED_ENABLE_PROJECTS: 'false',
    STATUS_BACKEND_URL: `${backend.url}/api/v1`,
  };
  delete env.STATUS_LEDGER_ENDPOINT;
  const child = spawn(
    process.execPath,
    [redJs, '--settings', join(userDir, 'settings.js'), '--userDir', userDir],
    { stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  nodeRed = { url: `http://127.0.0.1:${port}`, child, log: () => log, userDir };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Node-RED exited:\n${log}`);
    try {
      const r = await fetch(`${nodeRed.url}/api/v1/getting-started/url-check`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`Node-RED did not serve the starter flows within 60 s:\n${log}`);
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
  await Promise.all([backend?.close(), github?.close(), site?.close()]);
});

describe('starter flow /getting-started/platform-health', () => {
  it('all services ok → value true, one evidence per service, the scope echoed, the token forwarded', async () => {
    health = {
      status: 'ok',
      services: [
        { name: 'postgres', status: 'ok' },
        { name: 'redis', status: 'ok' },
      ],
    };
    const r = await run('/getting-started/platform-health', {}, { 'x-access-token': 'run-token' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      value: true,
      evidences: [
        { service: 'postgres', status: 'ok', result: true },
        { service: 'redis', status: 'ok', result: true },
      ],
      scope: { team: 'core' },
    });
    expect(backend.requests.at(-1)?.headers['x-access-token']).toBe('run-token');
  });

  it('a service down → value false with its detail', async () => {
    health = {
      status: 'degraded',
      services: [
        { name: 'postgres', status: 'ok' },
        { name: 'redis', status: 'down', detail: 'ECONNREFUSED' },
      ],
    };
    const r = await run('/getting-started/platform-health', {});
    expect(r.body.value).toBe(false);
    expect(r.body.evidences[1]).toEqual({
      service: 'redis',
      status: 'down',
      detail: 'ECONNREFUSED',
      result: false,
    });
  });
});

describe('starter flow /getting-started/url-check', () => {
  it('a 2xx within maxMs → true with { url, statusCode, durationMs, maxMs, result }', async () => {
    const r = await run('/getting-started/url-check', { url: `${site.url}/healthz`, maxMs: 2000 });
    expect(r.status).toBe(200);
    expect(r.body.value).toBe(true);
    expect(r.body.evidences).toEqual([
      {
        url: `${site.url}/healthz`,
        statusCode: 200,
        durationMs: expect.any(Number),
        maxMs: 2000,
        result: true,
      },
    ]);
  });

  it('too slow, not 2xx, unreachable or no URL → false with the reason (never a 500)', async () => {
    const slow = await run('/getting-started/url-check', { url: `${site.url}/slow`, maxMs: 100 });
    expect(slow.body.value).toBe(false);
    expect(slow.body.evidences[0]).toMatchObject({
      statusCode: 200,
      maxMs: 100,
      result: false,
      message: expect.stringMatching(/more than 100 ms/),
    });
    const down = await run('/getting-started/url-check', { url: `${site.url}/down`, maxMs: 2000 });
    expect(down.body.evidences[0]).toMatchObject({
      statusCode: 503,
      result: false,
      message: 'Answered HTTP 503, not 2xx',
    });
    const dead = await deadUrl();
    const unreachable = await run('/getting-started/url-check', { url: dead, maxMs: 2000 });
    expect(unreachable.status).toBe(200);
    expect(unreachable.body.value).toBe(false);
    expect(unreachable.body.evidences[0]).toMatchObject({
      url: dead,
      statusCode: 0,
      result: false,
      message: expect.stringMatching(/No answer: .*ECONNREFUSED/),
    });
    const none = await run('/getting-started/url-check', {});
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({
      value: false,
      evidences: [{ result: false, message: expect.stringMatching(/Cannot check the URL: No URL/) }],
    });
  });
});

describe('starter flow /getting-started/github-pr-reviews', () => {
  it('one evidence per PR merged within [from, to] (all pages), approved when a review approves', async () => {
    const r = await run('/getting-started/github-pr-reviews', {
      repository: 'acme/widgets',
      token: 'gh-token',
      apiUrl: github.url,
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      value: false,
      evidences: [
        {
          number: 1,
          title: 'Approved',
          url: 'https://github.com/acme/widgets/pull/1',
          approvals: 1,
          result: true,
        },
        {
          number: 2,
          title: 'Only commented',
          url: 'https://github.com/acme/widgets/pull/2',
          approvals: 0,
          result: false,
        },
        {
          number: 5,
          title: 'Approved later',
          url: 'https://github.com/acme/widgets/pull/5',
          approvals: 2,
          result: true,
        },
      ],
      scope: { team: 'core' },
    });
    expect(github.requests.every((q) => q.headers.authorization === 'Bearer gh-token')).toBe(true);
    expect(github.requests.some((q) => q.url.includes('page=2'))).toBe(true);
  });

  it('no repository → value false and one clear evidence, not an error', async () => {
    const r = await run('/getting-started/github-pr-reviews', {});
    expect(r.status).toBe(200);
    expect(r.body.value).toBe(false);
    expect(r.body.evidences).toHaveLength(1);
    expect(r.body.evidences[0]).toMatchObject({
      result: false,
      message: expect.stringMatching(
        /^No repository configured: set the control parameter "repository" to owner\/name/,
      ),
    });
  });

  it('an unknown repository or an unreachable API → value false with an evidence naming the failure', async () => {
    const missing = await run('/getting-started/github-pr-reviews', {
      repository: 'acme/missing',
      apiUrl: github.url,
    });
    expect(missing.status).toBe(200);
    expect(missing.body).toMatchObject({
      value: false,
      evidences: [{ result: false, message: expect.stringMatching(/HTTP 404/) }],
    });
    const dead = await deadUrl();
    const offline = await run('/getting-started/github-pr-reviews', {
      repository: 'acme/widgets',
      apiUrl: dead,
    });
    expect(offline.body).toMatchObject({
      value: false,
      evidences: [{ result: false, message: expect.stringMatching(/ECONNREFUSED/) }],
    });
  });
});

describe('the STATUS palette in the editor', () => {
  it('Node-RED loaded every STATUS node of package.json with its form and help, in category STATUS', async () => {
    const pkg = JSON.parse(await readFile(join(pkgDir, 'package.json'), 'utf8')) as {
      'node-red': { nodes: Record<string, string> };
    };
    const types = Object.keys(pkg['node-red'].nodes);
    const list = (await (
      await fetch(`${nodeRed.url}/nodes`, { headers: { accept: 'application/json' } })
    ).json()) as {
      module: string;
      types: string[];
      err?: string;
    }[];
    const ours = list.filter((s) => s.module === '@status/node-red-nodes');
    expect(ours.filter((s) => s.err)).toEqual([]);
    expect(ours.flatMap((s) => s.types).sort()).toEqual([...types].sort());
    const html = await (await fetch(`${nodeRed.url}/nodes`, { headers: { accept: 'text/html' } })).text();
    for (const type of types) {
      expect(html).toContain(`STATUS.editor.registerType('${type}'`);
      expect(html).toContain(`data-help-name="${type}"`);
    }
    // The shared editor script each .html loads (it builds the forms and sets the category), served
    // by Node-RED from the package's resources/ folder.
    const src = 'resources/@status/node-red-nodes/editor.js';
    expect(html.split(`<script type="text/javascript" src="${src}">`)).toHaveLength(types.length + 1);
    const shared = await fetch(`${nodeRed.url}/${src}`);
    expect(shared.status).toBe(200);
    const editorJs = await shared.text();
    expect(editorJs).toContain("category: 'STATUS'");
    expect(editorJs).toContain("'data-template-name'");
  });
});
