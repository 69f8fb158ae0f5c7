// The platform's own Node-RED image (stack/node-red) on the real engine: built through the engine's
// build code from stack/compose.yaml's `nodered` service, on status-test/nodered (real Node-RED
// 4.0.9 from npm, laid out like the official image) instead of nodered/node-red, and started with
// the environment the stack gives it. Proves that the STATUS nodes load, that the starter flows
// arrive on first start and never overwrite a user's flows, and that a starter endpoint answers
// the backend's run contract. Everything is named st-nodered*; container, volume and image tag are
// removed afterwards.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import bcrypt from 'bcryptjs';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testImageEnv } from '../../../test/images/build-images.js';
import { freePort } from '../../../test/free-port.js';
import { listComposeVariables, loadComposeProject } from '../compose/load.js';
import type { ServiceSpec } from '../compose/types.js';
import type { ProgressEvent } from '../progress.js';
import { buildContextFiles } from './build-context.js';
import { decodeLogStream } from '../logs/demux.js';
import { ensureImages } from './ensure.js';

const STACK_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../stack/compose.yaml',
);
const docker = new Docker();
const id = randomBytes(4).toString('hex');
const IMAGE = `st-nodered/status-nodered:${id}`;
const CONTAINER = `st-nodered-${id}`;
const VOLUME = `st-nodered-data-${id}`;
const secret = () => randomBytes(24).toString('base64url');

const adminPassword = secret();
const httpPassword = secret();
const httpUser = 'status-backend';
let service: ServiceSpec;
let base = '';
const events: ProgressEvent[] = [];

/** Polls `check` until it returns a value (not undefined), failing with `what` after `ms`. */
async function until<T>(what: string, ms: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const logs = await containerLogs();
      throw new Error(`${what}: not within ${ms} ms (${String(last ?? 'no answer')})\n${logs}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function containerLogs(): Promise<string> {
  const buf = await docker
    .getContainer(CONTAINER)
    .logs({ stdout: true, stderr: true, tail: 80 })
    .catch(() => Buffer.from(''));
  const lines: string[] = [];
  for await (const line of decodeLogStream(Readable.from([buf]), { tty: false })) lines.push(line.text);
  return lines.join('\n');
}

async function startContainer(): Promise<void> {
  const port = await freePort();
  const container = await docker.createContainer({
    name: CONTAINER,
    Image: IMAGE,
    Env: Object.entries(service.environment).map(([k, v]) => `${k}=${v}`),
    HostConfig: {
      Binds: [`${VOLUME}:/data`],
      PortBindings: { '1880/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] },
    },
    ExposedPorts: { '1880/tcp': {} },
  });
  await container.start();
  base = `http://127.0.0.1:${port}`;
  await until('Node-RED answers GET /', 90_000, async () =>
    // Each try bounded: while Node-RED starts, the engine's port proxy may hold a connection open.
    (await fetch(`${base}/`, { signal: AbortSignal.timeout(3000) })).ok ? true : undefined,
  );
}

async function removeContainer(): Promise<void> {
  await docker
    .getContainer(CONTAINER)
    .remove({ force: true })
    .catch(() => {});
}

async function adminToken(): Promise<string> {
  const res = await fetch(`${base}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: 'node-red-admin',
      grant_type: 'password',
      scope: '*',
      username: 'admin',
      password: adminPassword,
    }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

interface FlowNode {
  id: string;
  type: string;
  url?: string;
  z?: string;
  label?: string;
  [key: string]: unknown;
}

async function getFlows(token: string): Promise<FlowNode[]> {
  const res = await fetch(`${base}/flows`, {
    headers: { authorization: `Bearer ${token}`, 'node-red-api-version': 'v1' },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as FlowNode[];
}

beforeAll(async () => {
  // The stack's own variables (secrets random, hashes made like the launcher makes them), the
  // test base image, and our tag for the result.
  const env: Record<string, string> = {};
  for (const v of await listComposeVariables({ file: STACK_FILE })) if (v.required) env[v.name] = secret();
  Object.assign(env, testImageEnv(), {
    STATUS_NODERED_IMAGE: IMAGE,
    STATUS_ADMIN_USERNAME: 'admin',
    STATUS_NODERED_HTTP_USER: httpUser,
    STATUS_NODERED_ADMIN_HASH: await bcrypt.hash(adminPassword, 12),
    STATUS_NODERED_HTTP_HASH: await bcrypt.hash(httpPassword, 12),
    STATUS_PUBLIC_URL: 'http://localhost:3000',
    STATUS_LEDGER_ENDPOINT: '', // ledger off: the nodes run locally
  });
  const { project } = await loadComposeProject({ file: STACK_FILE, env, projectName: `st-nodered-${id}` });
  service = project.services.nodered!;
  expect(service.image).toBe(IMAGE);
  expect(service.build?.args).toEqual({ NODE_RED_IMAGE: 'status-test/nodered:1' });
  await ensureImages(
    docker,
    { ...project, services: { nodered: service } },
    {
      services: ['nodered'],
      onProgress: (e) => events.push(e),
    },
  );
  await docker.createVolume({ Name: VOLUME });
  await startContainer();
}, 600_000);

afterAll(async () => {
  await removeContainer();
  await docker
    .getVolume(VOLUME)
    .remove()
    .catch(() => {});
  await docker
    .getImage(IMAGE)
    .remove({ force: true })
    .catch(() => {});
});

describe('the STATUS Node-RED image (stack/node-red on status-test/nodered, real engine)', () => {
  it('was built by the engine from a context without node_modules or build output', async () => {
    expect(events.some((e) => e.type === 'build' && /^Successfully tagged /.test(e.line))).toBe(true);
    const files = await buildContextFiles(service.build!.context, 'Dockerfile');
    expect(files).toEqual(expect.arrayContaining(['Dockerfile', 'settings.js', 'nodes/package.json']));
    expect(files.filter((f) => /(^|\/)(node_modules|dist)\//.test(f))).toEqual([]);
    const info = await docker.getImage(IMAGE).inspect();
    expect(info.Config.Cmd).toEqual(['--settings', '/usr/src/node-red/settings.js']);
  });

  it('lists the STATUS node set (category STATUS) in the admin API', async () => {
    const token = await adminToken();
    const res = await fetch(`${base}/nodes`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    const sets = (await res.json()) as { module: string; types: string[]; enabled: boolean }[];
    const statusTypes = sets
      .filter((s) => s.enabled)
      .flatMap((s) => s.types.filter((t) => t.startsWith('status-')));
    expect(statusTypes).toContain('status-control-result');
    expect(statusTypes.length).toBeGreaterThan(5);
    // Installed in the image (not the /data volume): a module Node-RED did not install itself.
    const modules = new Set(
      sets.filter((s) => s.types.some((t) => t.startsWith('status-'))).map((s) => s.module),
    );
    expect([...modules]).not.toContain('node-red');
    // Each node's editor HTML loads the package's shared editor script (which sets the palette
    // category); Node-RED serves it from the package's resources/ folder.
    const html = await fetch(`${base}/nodes`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/html' },
    });
    expect(await html.text()).toContain('src="resources/@status/node-red-nodes/editor.js"');
    const editor = await fetch(`${base}/resources/@status/node-red-nodes/editor.js`);
    expect(editor.status).toBe(200);
    expect(await editor.text()).toMatch(/category\s*:\s*['"]STATUS['"]/);
  });

  it('has the starter flows on first start', async () => {
    const flows = await getFlows(await adminToken());
    const urls = flows.filter((n) => n.type === 'http in').map((n) => n.url);
    expect(await containerLogs()).toContain('first start: copied the starter flows');
    expect(urls).toEqual(
      expect.arrayContaining([
        '/getting-started/platform-health',
        '/getting-started/url-check',
        '/getting-started/github-pr-reviews',
      ]),
    );
  });

  it('answers the backend run contract on /api/v1/getting-started/url-check (basic auth)', async () => {
    const now = new Date();
    const payload = {
      // The control's params: a URL this container can reach without the internet (Node-RED itself).
      url: 'http://127.0.0.1:1880/',
      maxMs: 5000,
      controlId: 1,
      computationGroup: '00000000-0000-4000-8000-000000000001',
      scope: {},
      from: new Date(now.getTime() - 3600_000).toISOString(),
      to: now.toISOString(),
    };
    const call = (authorization?: string) =>
      fetch(`${base}/api/v1/getting-started/url-check`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(payload),
      });
    expect((await call()).status).toBe(401);
    const res = await call(`Basic ${Buffer.from(`${httpUser}:${httpPassword}`).toString('base64')}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { value: unknown; evidences: { statusCode?: number }[] };
    // Node-RED's own editor answers 200 well within the limit: the check passes, with its evidence.
    expect(body).toMatchObject({ value: true, evidences: [{ statusCode: 200 }] });
  });

  it("keeps a user's flows across a restart (the starter flows never overwrite them)", async () => {
    const token = await adminToken();
    const flows = await getFlows(token);
    const tab: FlowNode = { id: `st-user-tab-${id}`, type: 'tab', label: `My flow ${id}` };
    const httpIn: FlowNode = {
      id: `st-user-in-${id}`,
      type: 'http in',
      z: tab.id,
      url: `/mine-${id}`,
      method: 'post',
      wires: [],
    };
    // Remove a starter flow's endpoint too: it must not come back on restart.
    const removed = flows.find((n) => n.type === 'http in' && n.url === '/getting-started/url-check');
    const changed = [...flows.filter((n) => n !== removed), tab, httpIn];
    const deploy = await fetch(`${base}/flows`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'node-red-deployment-type': 'full',
      },
      body: JSON.stringify(changed),
    });
    expect(deploy.status).toBe(204);

    await removeContainer(); // a new container on the same volume: what an image update does
    await startContainer();
    const after = await getFlows(await adminToken());
    expect(after.find((n) => n.id === httpIn.id)?.url).toBe(`/mine-${id}`);
    expect(after.some((n) => n.type === 'http in' && n.url === '/getting-started/url-check')).toBe(false);
    const logs = await containerLogs();
    expect(logs.match(/first start: copied the starter flows/g) ?? []).toHaveLength(0);
  });
});
