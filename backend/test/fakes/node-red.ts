// A REAL Node-RED (the `node-red` npm package) for tests: started on a free port with a temp userDir,
// a settings file shaped like stack/node-red/settings.js (httpNodeRoot /api/v1, httpNodeAuth basic
// auth, adminAuth credentials, bcrypt hashes) and a small flows.json:
//   POST /api/v1/check → { value, evidences } from params.items ≥ params.threshold
//   POST /api/v1/fail  → 500 { message: 'flow exploded' }
//   POST /api/v1/hang  → never answers (timeouts)
//   POST /api/v1/odd   → 200 { something: 'else' } (no value)
//   POST /api/v1/collect → 200 at once, then POSTs { computations, done: true } to the payload's
//                          backendUrl with its x-access-token (the computation protocol, spec §5.4)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import bcrypt from 'bcryptjs';
import { freePort } from '../services.js';

export interface NodeRedInstance {
  url: string;
  adminUser: string;
  adminPassword: string;
  httpUser: string;
  httpPassword: string;
  /** Node-RED's log so far (for failure messages). */
  log: () => string;
  stop: () => Promise<void>;
}

const CHECK_FN = `
const p = msg.payload || {};
const items = Array.isArray(p.items) ? p.items : [];
const threshold = Number(p.threshold);
const evidences = items.map((v) => ({ item: v, result: Number(v) >= threshold }));
msg.payload = {
  value: evidences.length > 0 && evidences.every((e) => e.result),
  evidences,
  echo: { scope: p.scope, from: p.from, to: p.to, controlId: p.controlId, computationGroup: p.computationGroup, token: msg.req.headers['x-access-token'] || null },
};
return msg;`;

function endpoint(id: string, url: string, func: string): object[] {
  return [
    {
      id: `${id}-in`,
      type: 'http in',
      z: 'tab',
      name: url,
      url,
      method: 'post',
      upload: false,
      wires: [[`${id}-fn`]],
    },
    { id: `${id}-fn`, type: 'function', z: 'tab', name: id, func, outputs: 1, wires: [[`${id}-out`]] },
    { id: `${id}-out`, type: 'http response', z: 'tab', name: '', statusCode: '', headers: {}, wires: [] },
  ];
}

const COLLECT_FN = `
const p = msg.payload || {};
const items = Array.isArray(p.items) ? p.items : [];
const evidences = items.map((v) => ({ item: v, result: Number(v) >= Number(p.threshold) }));
const callback = {
  url: p.backendUrl,
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-access-token': msg.req.headers['x-access-token'] || '' },
  payload: {
    computations: [{
      computationGroup: p.computationGroup,
      value: evidences.every((e) => e.result),
      scope: p.scope || {},
      evidences,
      period: { from: p.from || null, to: p.to || null },
    }],
    done: true,
  },
};
msg.payload = { started: p.computationGroup };
return [msg, callback];`;

export const TEST_FLOWS = [
  { id: 'tab', type: 'tab', label: 'status tests', disabled: false, info: '' },
  ...endpoint('check', '/check', CHECK_FN),
  ...endpoint(
    'fail',
    '/fail',
    "msg.statusCode = 500; msg.payload = { message: 'flow exploded' }; return msg;",
  ),
  ...endpoint('hang', '/hang', 'return null;'),
  ...endpoint('odd', '/odd', "msg.payload = { something: 'else' }; return msg;"),
  {
    id: 'collect-in',
    type: 'http in',
    z: 'tab',
    name: '/collect',
    url: '/collect',
    method: 'post',
    upload: false,
    wires: [['collect-fn']],
  },
  {
    id: 'collect-fn',
    type: 'function',
    z: 'tab',
    name: 'collect',
    func: COLLECT_FN,
    outputs: 2,
    wires: [['collect-out'], ['collect-req']],
  },
  { id: 'collect-out', type: 'http response', z: 'tab', name: '', statusCode: '', headers: {}, wires: [] },
  {
    id: 'collect-req',
    type: 'http request',
    z: 'tab',
    name: 'bulk',
    method: 'use',
    ret: 'obj',
    paytoqs: 'ignore',
    url: '',
    tls: '',
    persist: false,
    proxy: '',
    insecureHTTPParser: false,
    authType: '',
    senderr: false,
    headers: [],
    wires: [[]],
  },
];

export interface StartNodeRedOptions {
  /** Flows deployed after TEST_FLOWS (e.g. the bench's). */
  extraFlows?: object[];
  /** Node packages (directories with a package.json that has a "node-red" key) linked into the userDir. */
  nodePackages?: string[];
  /** Node-RED's own log level (default warn). */
  logLevel?: string;
}

export async function startNodeRed(
  deadlineMs = 90_000,
  options: StartNodeRedOptions = {},
): Promise<NodeRedInstance> {
  const userDir = await mkdtemp(join(tmpdir(), 'status-nodered-'));
  // Node-RED loads the packages it finds in <userDir>/node_modules (scoped names included).
  for (const dir of options.nodePackages ?? []) {
    const { name } = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name: string };
    await mkdir(dirname(join(userDir, 'node_modules', name)), { recursive: true });
    await symlink(dir, join(userDir, 'node_modules', name), 'dir');
  }
  const port = await freePort();
  const adminUser = 'admin';
  const adminPassword = 'node-red-admin-password';
  const httpUser = 'status-backend';
  const httpPassword = 'node-red-http-password';
  const settings = `module.exports = ${JSON.stringify(
    {
      uiPort: port,
      uiHost: '127.0.0.1',
      userDir,
      flowFile: 'flows.json',
      credentialSecret: false,
      httpNodeRoot: '/api/v1',
      httpNodeAuth: { user: httpUser, pass: bcrypt.hashSync(httpPassword, 4) },
      adminAuth: {
        type: 'credentials',
        users: [{ username: adminUser, password: bcrypt.hashSync(adminPassword, 4), permissions: '*' }],
      },
      diagnostics: { enabled: false, ui: false },
      telemetry: { enabled: false },
      editorTheme: { tours: false, palette: { catalogues: [] } },
      externalModules: { autoInstall: false, palette: { allowInstall: false } },
      logging: { console: { level: options.logLevel ?? 'warn', metrics: false, audit: false } },
    },
    null,
    2,
  )};\n`;
  await writeFile(join(userDir, 'settings.js'), settings);
  await writeFile(
    join(userDir, 'flows.json'),
    JSON.stringify([...TEST_FLOWS, ...(options.extraFlows ?? [])], null, 2),
  );
  const require = createRequire(import.meta.url);
  const redJs = join(dirname(require.resolve('node-red/package.json')), 'red.js');
  const child: ChildProcess = spawn(
    process.execPath,
    [redJs, '--settings', join(userDir, 'settings.js'), '--userDir', userDir],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_RED_ENABLE_PROJECTS: 'false' } },
  );
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(t);
    }
    await rm(userDir, { recursive: true, force: true });
  };
  // Ready when the /check flow answers through basic auth.
  const auth = `Basic ${Buffer.from(`${httpUser}:${httpPassword}`).toString('base64')}`;
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`Node-RED exited during start-up:\n${log}`);
    }
    try {
      const r = await fetch(`${url}/api/v1/check`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: '{}',
        signal: AbortSignal.timeout(2000),
      });
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Node-RED not ready within ${deadlineMs} ms:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, adminUser, adminPassword, httpUser, httpPassword, log: () => log, stop };
}
