// `npm run bench:runs` (also part of `npm run bench`): control runs end to end, backend → Node-RED →
// PostgreSQL, on loopback with real services: PostgreSQL and Redis (test/services.ts), a real
// Node-RED from npm (test/fakes/node-red.ts) and the real server as a child process.
//
//  1. One run: sequential `POST /api/v1/controls/:id/run`, p50/p95 latency, in alternating rounds of
//     the measured flow and a reference flow (same input, same answer shape), and their ratio:
//       measured:  the flow made of the STATUS nodes (stack/node-red/nodes, its build output):
//                  http in → status-aggregate (ratio) → status-compare → status-control-result
//       reference: the same check written as one Node-RED function node → http response
//     Without the STATUS nodes' build output (and no way to build it) the measured flow is the
//     function-node flow and the reference a minimal http in → change → http response flow; the
//     report says which.
//  2. 100 controls due at once through the scheduler (ControlScheduler.tick, concurrency 8): total
//     time, runs per second, every control computed exactly once; then two schedulers on the same
//     database at once: still exactly one more computation per control.
// Targets (issue 10): one run p95 ≤ 50 ms for a flow without outside calls; 100 due in ≤ 5 s, none
// twice. Exit code 1 when a control ran twice or a run failed; missed time targets are reported.
// BENCH_ROUNDS (default 6) and BENCH_RUNS (runs per flow per round, default 50) change the sample.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { createPool } from '../src/db/pool.js';
import { NodeRedClient } from '../src/features/nodered/client.js';
import { ControlScheduler } from '../src/features/runs/scheduler.js';
import { startNodeRed, type NodeRedInstance } from '../test/fakes/node-red.js';
import { freePort, startServices, waitFor, type Services } from '../test/services.js';
import { benchServerEnv } from './server-env.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NODES_DIR = path.resolve(ROOT, '../stack/node-red/nodes');
const PREFIX = '/api/v1';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const WARMUP = 30;
const DUE = 100;
const P95_TARGET_MS = 50;
const DUE_TARGET_MS = 5000;
const ADMIN = 'benchadmin';
const PASSWORD = randomBytes(12).toString('base64url');

/** The control's params: ten items, all at least the threshold, so the control passes. */
const PARAMS = { items: Array.from({ length: 10 }, (_, i) => ({ item: 5 + i })), threshold: 5 };

const CHECK_FN = `
const p = msg.payload || {};
const items = Array.isArray(p.items) ? p.items : [];
const threshold = Number(p.threshold);
const evidences = items.map((it) => ({ item: it.item, result: Number(it.item) >= threshold }));
msg.payload = { value: evidences.length > 0 && evidences.every((e) => e.result), evidences, scope: p.scope || {} };
return msg;`;

const httpIn = (id: string, url: string, next: string) => ({
  id,
  type: 'http in',
  z: 'bench',
  name: url,
  url,
  method: 'post',
  upload: false,
  wires: [[next]],
});
const httpOut = (id: string) => ({
  id,
  type: 'http response',
  z: 'bench',
  name: '',
  statusCode: '',
  headers: {},
  wires: [],
});

function benchFlows(statusNodes: boolean): object[] {
  const flows: object[] = [
    { id: 'bench', type: 'tab', label: 'bench', disabled: false, info: '' },
    httpIn('fn-in', '/bench/function', 'fn-check'),
    {
      id: 'fn-check',
      type: 'function',
      z: 'bench',
      name: 'check',
      func: CHECK_FN,
      outputs: 1,
      wires: [['fn-out']],
    },
    httpOut('fn-out'),
    httpIn('min-in', '/bench/minimal', 'min-set'),
    {
      id: 'min-set',
      type: 'change',
      z: 'bench',
      name: 'answer',
      rules: [{ t: 'set', p: 'payload', pt: 'msg', to: '{"value":true,"evidences":[]}', tot: 'json' }],
      wires: [['min-out']],
    },
    httpOut('min-out'),
  ];
  if (statusNodes)
    flows.push(
      httpIn('st-in', '/bench/status', 'st-ratio'),
      {
        id: 'st-ratio',
        type: 'status-aggregate',
        z: 'bench',
        name: 'share of items ≥ threshold',
        operation: 'ratio',
        property: 'payload.items',
        field: 'item',
        operator: 'gte',
        value: 'payload.threshold',
        valueType: 'msg',
        output: 'ratio',
        wires: [['st-all']],
      },
      {
        id: 'st-all',
        type: 'status-compare',
        z: 'bench',
        name: 'all of them',
        property: 'ratio',
        operator: 'eq',
        value: '1',
        valueType: 'num',
        output: 'payload.value',
        wires: [['st-result']],
      },
      {
        id: 'st-result',
        type: 'status-control-result',
        z: 'bench',
        name: 'result',
        valueFrom: 'property',
        valueProperty: 'payload.value',
        evidencesProperty: 'payload.items',
        wires: [[]],
      },
    );
  return flows;
}

/** The STATUS nodes' build output, built once if missing; false when it cannot be had. */
function statusNodesAvailable(): boolean {
  const built = () => existsSync(path.join(NODES_DIR, 'dist/nodes/control-result.js'));
  if (built()) return true;
  if (!existsSync(path.join(NODES_DIR, 'package.json'))) return false;
  console.log('building the STATUS nodes (stack/node-red/nodes: npm run build) …');
  const r = spawnSync('npm', ['run', 'build'], { cwd: NODES_DIR, stdio: 'inherit' });
  return r.status === 0 && built();
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
const ms = (n: number) => `${n.toFixed(1).padStart(6)} ms`;
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

async function main(): Promise<void> {
  let services: Services | undefined;
  let nr: NodeRedInstance | undefined;
  let server: ChildProcess | undefined;
  let pool: ReturnType<typeof createPool> | undefined;
  const cleanup = async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = once(server, 'exit');
      server.kill('SIGTERM');
      const t = setTimeout(() => server?.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(t);
    }
    await pool?.end().catch(() => undefined);
    await nr?.stop();
    await services?.stop();
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  let failed = false;
  try {
    const statusNodes = statusNodesAvailable();
    const measured = statusNodes
      ? { label: 'STATUS nodes flow', endpoint: 'bench/status' }
      : { label: 'function-node flow', endpoint: 'bench/function' };
    const reference = statusNodes
      ? { label: 'function-node flow', endpoint: 'bench/function' }
      : { label: 'minimal http in → change → http response', endpoint: 'bench/minimal' };
    if (!statusNodes)
      console.log(
        'The STATUS nodes (stack/node-red/nodes/dist) are not available: measuring the function-node flow against a minimal flow instead.',
      );

    console.log('starting PostgreSQL, Redis and Node-RED …');
    [services, nr] = await Promise.all([
      startServices(),
      startNodeRed(120_000, {
        extraFlows: benchFlows(statusNodes),
        nodePackages: statusNodes ? [NODES_DIR] : [],
        logLevel: 'error',
      }),
    ]);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}${PREFIX}`;
    const env: Record<string, string> = {
      ...benchServerEnv(services, { port, admin: ADMIN, password: PASSWORD }),
      STATUS_SAMPLE_CATALOG: 'false',
      NODE_RED_URL: nr.url,
      NODE_RED_ADMIN_USER: nr.adminUser,
      NODE_RED_ADMIN_PASSWORD: nr.adminPassword,
      NODE_RED_HTTP_USER: nr.httpUser,
      NODE_RED_HTTP_PASSWORD: nr.httpPassword,
    };
    server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { PATH: process.env.PATH, ...env },
    });
    await waitFor(
      'status-backend',
      async () => {
        const r = await fetch(`${base}/health`);
        if (!r.ok) throw new Error(`health ${r.status}`);
      },
      server,
      60_000,
    );
    const config = loadConfig(env);
    pool = createPool(config);
    const nodeRed = NodeRedClient.fromConfig(config);
    for (const f of [measured, reference]) {
      const a = await nodeRed.callEndpoint<{ value?: unknown }>(f.endpoint, { ...PARAMS, scope: {} });
      if (a.value !== true) throw new Error(`${f.label} (${f.endpoint}) answered ${JSON.stringify(a)}`);
    }

    // ---- sign in
    const signIn = await fetch(`${base}/users/signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: ADMIN, password: PASSWORD }),
    });
    if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
    const access = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .find((c) => c.startsWith('accessToken='));
    if (!access) throw new Error('sign-in set no accessToken cookie');

    // ---- one run, end to end. Draft controls: the server's own scheduler leaves them alone.
    const cat = await pool.query<{ id: number }>(
      `INSERT INTO catalogs (name, start_date, status, tpa_id) VALUES ('Bench', now(), 'finalized', 'tpa-bench') RETURNING id`,
    );
    const catalogId = cat.rows[0]!.id;
    const addControl = async (endpoint: string, status: string, startDate: Date | null) =>
      (
        await pool!.query<{ id: number }>(
          `INSERT INTO controls (catalog_id, name, period, endpoint, params, status, start_date)
           VALUES ($1, $2, 'HOURLY', $6, $3, $4, $5) RETURNING id`,
          [catalogId, endpoint, JSON.stringify(PARAMS), status, startDate, endpoint],
        )
      ).rows[0]!.id;
    const ids = {
      measured: await addControl(measured.endpoint, 'draft', null),
      reference: await addControl(reference.endpoint, 'draft', null),
    };
    const runOnce = async (id: number): Promise<number> => {
      const t0 = performance.now();
      const r = await fetch(`${base}/controls/${id}/run`, {
        method: 'POST',
        headers: { cookie: access, 'content-type': 'application/json' },
        body: '{}',
      });
      const body = (await r.json()) as { value?: unknown; message?: string };
      const t = performance.now() - t0;
      if (!r.ok || body.value !== true)
        throw new Error(`run of control ${id}: ${r.status} ${JSON.stringify(body)}`);
      return t;
    };
    for (let i = 0; i < WARMUP; i++) {
      await runOnce(ids.measured);
      await runOnce(ids.reference);
    }
    const samples = { measured: [] as number[], reference: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      const order =
        round % 2 === 0 ? (['measured', 'reference'] as const) : (['reference', 'measured'] as const);
      for (const which of order)
        for (let i = 0; i < RUNS; i++) samples[which].push(await runOnce(ids[which]));
    }
    const stats = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return { p50: quantile(s, 0.5), p95: quantile(s, 0.95), n: s.length };
    };
    const m = stats(samples.measured);
    const ref = stats(samples.reference);
    console.log(
      `\none run: POST ${PREFIX}/controls/:id/run, sequential, ${ROUNDS} alternating rounds × ${RUNS} runs per flow (after ${WARMUP} warm-up runs each)`,
    );
    console.log(
      `  ${measured.label.padEnd(44)} p50 ${ms(m.p50)}   p95 ${ms(m.p95)}   target p95 ≤ ${P95_TARGET_MS} ms: ${verdict(m.p95 <= P95_TARGET_MS)}`,
    );
    console.log(`  ${`reference: ${reference.label}`.padEnd(44)} p50 ${ms(ref.p50)}   p95 ${ms(ref.p95)}`);
    console.log(
      `  ratio ${measured.label} / reference: p50 ${(m.p50 / ref.p50).toFixed(2)}×   p95 ${(m.p95 / ref.p95).toFixed(2)}×`,
    );

    // ---- 100 controls due at once through the scheduler. They start in the future for the real
    // clock (the server's scheduler never sees them due); the bench's scheduler runs on a clock a
    // day ahead.
    const future = new Date(Date.now() + 3600_000);
    const dueIds: number[] = [];
    for (let i = 0; i < DUE; i++) dueIds.push(await addControl(measured.endpoint, 'finalized', future));
    let now = Date.now() + 86_400_000;
    const scheduler = (s: string) =>
      new ControlScheduler({
        db: pool!,
        nodeRed,
        logger: pino({ level: 'warn' }).child({ scheduler: s }),
        clock: () => now,
        timer: { setTimeout: () => undefined, clearTimeout: () => undefined },
      });
    const perControl = async () => {
      const r = await pool!.query<{ id: number; n: number }>(
        `SELECT c.id, count(cp.id)::int AS n FROM controls c LEFT JOIN computations cp ON cp.control_id = c.id
         WHERE c.id = ANY($1) GROUP BY c.id`,
        [dueIds],
      );
      return r.rows;
    };
    const t0 = performance.now();
    const first = await scheduler('a').tick();
    const dueMs = performance.now() - t0;
    const afterFirst = await perControl();
    const onceEach = afterFirst.length === DUE && afterFirst.every((r) => r.n === 1) && first.length === DUE;
    console.log(`\n${DUE} controls due at once, through the scheduler (concurrency 8, ${measured.label})`);
    console.log(
      `  all computed in ${ms(dueMs)} (${((DUE / dueMs) * 1000).toFixed(0)} runs/s)   target ≤ ${DUE_TARGET_MS} ms: ${verdict(dueMs <= DUE_TARGET_MS)}`,
    );
    console.log(`  each computed exactly once: ${onceEach ? 'yes' : `NO (${first.length} results)`}`);

    now += 3600_000; // one period later: all due again; two schedulers race for them
    const t1 = performance.now();
    const [ra, rb] = await Promise.all([scheduler('a').tick(), scheduler('b').tick()]);
    const twoMs = performance.now() - t1;
    const afterSecond = await perControl();
    const noneTwice = afterSecond.every((r) => r.n === 2) && ra.length + rb.length === DUE;
    console.log(
      `  two schedulers on one database: ${ra.length} + ${rb.length} runs in ${ms(twoMs)}; none twice: ${noneTwice ? 'yes' : 'NO'}`,
    );
    failed = !onceEach || !noneTwice;
  } finally {
    await cleanup();
  }
  if (failed) throw new Error('a control ran twice or a scheduled run failed (see above)');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
