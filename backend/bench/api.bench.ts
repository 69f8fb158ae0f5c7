// `npm run bench` / `npm run bench:api` (issue 12, "Throughput"): requests per second and p50/p99
// latency of the API under autocannon, the backend against a floor.
//
// What runs: PostgreSQL and Redis of their own (test/services.ts); the real backend as a child
// process (`node --import tsx src/server.ts`, environment from bench/server-env.ts); the FLOOR, a bare
// node:http server without any framework, also a child process (bench/floor.ts), using `pg` and
// `ioredis` directly on the same database and Redis; and a Node-RED stand-in (bench/node-red-stub.ts)
// that both use as NODE_RED_URL. Seeding goes through the API: 1,000 catalogs in all, one of them
// finalized with one control whose params.endpoint points at the stand-in.
//
// Why the floor is the reference: for each scenario it runs the same SQL, the same Redis work and the
// same bcrypt/JWT work and writes the same JSON as the backend, with nothing else. Its req/s is what
// this machine can do for that answer in Node; backend/floor is then the share the backend's
// framework, middleware and code leave of it, independent of how fast the machine is. (The machine
// may have few cores that autocannon and the servers share: read the ratio, not the absolute numbers.)
//
// Scenarios (BENCH_ONLY=list,one,root,signin,run picks some; default all):
//   list    GET  /api/v1/catalogs          no limit: the floor answers all 1,000 rows
//   one     GET  /api/v1/catalogs/:id
//   root    GET  /                         {"message":"Welcome to the API!"}
//   signin  POST /api/v1/users/signIn      bcrypt dominates
//   run     POST /api/v1/controls/:id/run  → the stand-in → one INSERT
// Authenticated requests carry the accessToken cookie of a sign-in (accepted by both servers: same
// secret, same Redis). Each scenario: a short warm-up of each server, then BENCH_ROUNDS (default 3)
// alternating rounds backend, floor, backend, floor … of BENCH_DURATION s (default 10; sign-in:
// BENCH_SIGNIN_REQUESTS requests, default 60) with 20 connections, each round once both servers are
// idle. Before any load, a sanity check: the answers of both servers to list/one/root are deep-equal
// JSON (list only once the backend returns every row: else a WARNING with its count), sign-in and
// run answer the same (but for ids and times). Exit code 1 when a check fails or a scenario answered
// non-2xx (or errors/timeouts) for more than 1% of its requests on either server.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freePort, startServices, waitFor, type Services } from '../test/services.js';
import { benchServerEnv } from './server-env.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PREFIX = '/api/v1';
const CATALOGS = 1000;
const CONNECTIONS = 20;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 2);
/**
 * A sign-in round is this many requests, not a duration: one bcrypt compare (cost 12, bcryptjs) takes
 * ~0.5 s of CPU, and 20 at once on one event loop finish together after ~20 × that, so a 10 s run
 * would count 0 or 20 of them. Three waves of 20 take ~30 s per round on an idle 2-core machine.
 */
const SIGNIN_REQUESTS = Number(process.env.BENCH_SIGNIN_REQUESTS ?? 3 * CONNECTIONS);
const MAX_BAD_SHARE = 0.01;
const ADMIN = 'benchadmin';
const PASSWORD = randomBytes(12).toString('base64url');
const SCENARIOS = ['list', 'one', 'root', 'signin', 'run'] as const;
type Scenario = (typeof SCENARIOS)[number];
/** What the control sends to its flow: ten items, all at least the threshold (the check passes). */
const CONTROL_PARAMS = {
  endpoint: 'bench/check',
  threshold: 5,
  items: Array.from({ length: 10 }, (_, i) => ({ item: 5 + i })),
};

function chosenScenarios(): Scenario[] {
  const only = process.env.BENCH_ONLY?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!only?.length) return [...SCENARIOS];
  const unknown = only.filter((s) => !(SCENARIOS as readonly string[]).includes(s));
  if (unknown.length)
    throw new Error(`BENCH_ONLY: unknown ${unknown.join(', ')} (known: ${SCENARIOS.join(',')})`);
  return SCENARIOS.filter((s) => only.includes(s));
}

function rssKiB(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}
const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(t);
}

/**
 * Both measured servers run as compiled JavaScript, as operators run the backend (`node
 * dist/server.js` in its image): the backend through its own build (tsc → dist/), the floor bundled
 * by esbuild (its packages stay external). Under tsx each closure made per request would pay the
 * transpiler's name helper, which production never does.
 */
function buildServers(): void {
  const bin = (name: string) => path.resolve(ROOT, '..', 'node_modules', '.bin', name);
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed (${r.status})`);
  };
  run(bin('tsc'), ['-p', 'tsconfig.build.json']);
  run(bin('esbuild'), [
    'bench/floor.ts',
    '--bundle',
    '--platform=node',
    '--format=esm',
    '--packages=external',
    '--outfile=dist/bench/floor.js',
    '--log-level=warning',
  ]);
}

function spawnNode(script: string, env: Record<string, string>): ChildProcess {
  const args = script.endsWith('.js') ? [script] : ['--import', 'tsx', script];
  return spawn(process.execPath, args, {
    cwd: ROOT,
    // BENCH_LOGS=1 shows the servers' stdout (the backend's pino log, LOG_LEVEL warn).
    stdio: ['ignore', process.env.BENCH_LOGS === '1' ? 'inherit' : 'ignore', 'inherit'],
    env: { PATH: process.env.PATH ?? '', ...env },
  });
}

async function ready(what: string, url: string, child: ChildProcess): Promise<void> {
  await waitFor(
    what,
    async () => {
      const r = await fetch(url);
      if (!r.ok) throw new Error(`${url}: ${r.status}`);
    },
    child,
    60_000,
  );
}

interface Target {
  name: 'backend' | 'floor';
  origin: string;
}

interface Req {
  path: string;
  method: 'GET' | 'POST';
  body?: unknown;
  auth: boolean;
}

interface Round {
  reqPerSec: number;
  p50: number;
  p99: number;
  total: number;
  bad: number;
  /** What the bad ones were: "500×3 errors×1 (timeouts×1)". */
  why: string;
}

/**
 * One autocannon run of `size.seconds`, or of `size.amount` requests. req/s = responses / time to the
 * last response (requests cut off at the end of a timed run are neither counted nor timed).
 */
async function load(
  t: Target,
  r: Req,
  cookie: string,
  size: { seconds: number } | { amount: number },
): Promise<Round> {
  const started = performance.now();
  let last = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: t.origin + r.path,
        method: r.method,
        connections: CONNECTIONS,
        ...('amount' in size ? { amount: size.amount } : { duration: size.seconds }),
        timeout: 120, // a sign-in at 20 connections waits for ~20 bcrypt compares
        headers: {
          ...(r.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(r.auth ? { cookie } : {}),
        },
        ...(r.body === undefined ? {} : { body: JSON.stringify(r.body) }),
      },
      (err: Error | null, res: autocannon.Result) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', () => {
      last = performance.now();
    });
  });
  const total = result.requests.total;
  return {
    reqPerSec: total ? total / ((last - started) / 1000) : 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total,
    bad: result.non2xx + result.errors, // errors include timeouts
    why: [
      ...Object.entries(
        (result as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {},
      )
        .filter(([code]) => !code.startsWith('2'))
        .map(([code, v]) => `${code}×${v.count}`),
      ...(result.errors ? [`errors×${result.errors} (timeouts×${result.timeouts})`] : []),
    ].join(' '),
  };
}

async function call(
  t: Target,
  r: Req,
  cookie: string,
): Promise<{ status: number; body: unknown; res: Response }> {
  const res = await fetch(t.origin + r.path, {
    method: r.method,
    headers: {
      ...(r.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(r.auth ? { cookie } : {}),
    },
    body: r.body === undefined ? undefined : JSON.stringify(r.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: res.status, body, res };
}

function accessCookie(res: Response): string {
  const c = res.headers
    .getSetCookie()
    .map((s) => s.split(';')[0]!)
    .find((s) => s.startsWith('accessToken='));
  if (!c) throw new Error('sign-in set no accessToken cookie');
  return c;
}

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

/**
 * Waits until none of `pids` uses more than 5% of a core over 300 ms (at most 30 s): requests that
 * autocannon cut off at the end of a run (sign-in's bcrypt above all) may still be computing and
 * must not eat into the next run, the other server's.
 */
async function settle(pids: number[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const before = pids.map(cpuSeconds);
    await new Promise((r) => setTimeout(r, 300));
    if (pids.every((p, i) => cpuSeconds(p) - before[i]! < 0.015)) return;
  }
}

const loadLine = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function main(): Promise<number> {
  const scenarios = chosenScenarios();
  let services: Services | undefined;
  const children: ChildProcess[] = [];
  const cleanup = async () => {
    await Promise.all(children.map((c) => stopChild(c)));
    await services?.stop();
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    console.log('building the backend (tsc) and the floor (esbuild) …');
    buildServers();
    console.log(`starting PostgreSQL and Redis … (${cpus().length} cores, ${loadLine()})`);
    services = await startServices();
    const [port, floorPort, stubPort] = [await freePort(), await freePort(), await freePort()];
    const stub = spawnNode('bench/node-red-stub.ts', { PORT: String(stubPort) });
    children.push(stub);
    const env = {
      ...benchServerEnv(services, { port, admin: ADMIN, password: PASSWORD }),
      NODE_RED_URL: `http://127.0.0.1:${stubPort}`,
    };
    const server = spawnNode('dist/server.js', env);
    children.push(server);
    await ready('node-red stand-in', `http://127.0.0.1:${stubPort}/`, stub);
    const backend: Target = { name: 'backend', origin: `http://127.0.0.1:${port}` };
    await ready('status-backend', `${backend.origin}${PREFIX}/health`, server);
    // The floor starts after the backend: the backend's start migrates the database.
    const floorChild = spawnNode('dist/bench/floor.js', { ...env, PORT: String(floorPort) });
    children.push(floorChild);
    const floor: Target = { name: 'floor', origin: `http://127.0.0.1:${floorPort}` };
    await ready('floor', `${floor.origin}${PREFIX}/health`, floorChild);
    console.log(
      `backend pid ${server.pid} :${port}, floor pid ${floorChild.pid} :${floorPort}, ` +
        `node-red stand-in :${stubPort}`,
    );

    const signInReq: Req = {
      path: `${PREFIX}/users/signIn`,
      method: 'POST',
      body: { username: ADMIN, password: PASSWORD },
      auth: false,
    };
    const signIn = async (t: Target = backend): Promise<string> => {
      const r = await call(t, signInReq, '');
      if (r.status !== 200) throw new Error(`${t.name} sign-in: ${r.status} ${JSON.stringify(r.body)}`);
      return accessCookie(r.res);
    };
    let cookie = await signIn();
    const post = async (p: string, body: unknown, method: 'POST' | 'PATCH' = 'POST') => {
      const r = await fetch(`${backend.origin}${PREFIX}${p}`, {
        method,
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
      return (await r.json()) as { id: number; catalog?: { id: number } };
    };

    // ---- seed: the control (its catalog finalized through the API), then catalogs up to 1,000
    const t0 = Date.now();
    const existing = await call(
      backend,
      { path: `${PREFIX}/catalogs?limit=${CATALOGS}`, method: 'GET', auth: true },
      cookie,
    );
    const already = Array.isArray(existing.body) ? existing.body.length : 0; // the "Getting started" sample
    const draft = await post('/catalogs/drafts', {
      name: 'Bench controls',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
    });
    const control = await post('/controls/drafts', {
      name: 'Bench control',
      catalogId: draft.id,
      period: 'MONTHLY',
      params: CONTROL_PARAMS,
    });
    await post(`/catalogs/${draft.id}/finalize`, {}, 'PATCH');
    const toCreate = CATALOGS - already - 1;
    const ids: number[] = [];
    for (let i = 0; i < toCreate; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, toCreate - i) }, (_, k) =>
          post('/catalogs', {
            name: `Catalog ${i + k + 1}`,
            startDate: '2026-01-01',
            endDate: '2026-12-31',
            description: `Benchmark catalog number ${i + k + 1}`,
          }),
        ),
      );
      ids.push(...batch.map((c) => c.id));
    }
    const oneId = ids[Math.floor(ids.length / 2)] ?? draft.id;
    console.log(
      `seeded ${ids.length + 1} catalogs (${CATALOGS} in all with ${already} already there) and ` +
        `control ${control.id} in ${Date.now() - t0} ms`,
    );

    const requests: Record<Scenario, Req> = {
      list: { path: `${PREFIX}/catalogs`, method: 'GET', auth: true },
      one: { path: `${PREFIX}/catalogs/${oneId}`, method: 'GET', auth: true },
      root: { path: '/', method: 'GET', auth: false },
      signin: signInReq,
      run: {
        path: `${PREFIX}/controls/${control.id}/run`,
        method: 'POST',
        body: { scope: { project: 'bench' } },
        auth: true,
      },
    };

    // ---- sanity: the same answers before any load
    let failed = false;
    let listWarning: string | undefined;
    const fail = (msg: string) => {
      console.error(`FAIL: ${msg}`);
      failed = true;
    };
    for (const s of scenarios) {
      const [b, f] = [await call(backend, requests[s], cookie), await call(floor, requests[s], cookie)];
      if (b.status !== 200 || f.status !== 200) {
        fail(`${s}: backend ${b.status}, floor ${f.status} (${JSON.stringify(b.body).slice(0, 200)})`);
        continue;
      }
      if (s === 'list') {
        const [bn, fn] = [(b.body as unknown[]).length, (f.body as unknown[]).length];
        if (fn !== CATALOGS) fail(`list: the floor returned ${fn} catalogs, not ${CATALOGS}`);
        else if (bn < fn) {
          listWarning =
            `WARNING: list: the backend returned ${bn} of ${fn} catalogs (not all rows); the answers ` +
            `are not compared and the backend does less work per request than the floor`;
          console.log(listWarning);
        } else if (!isDeepStrictEqual(b.body, f.body)) fail('list: backend and floor answers differ');
      } else if (s === 'signin') {
        if (!isDeepStrictEqual(b.body, f.body)) fail('signin: backend and floor answers differ');
        // The floor's session must be a real one: its cookie works on the backend.
        const viaFloor = await call(backend, requests.one, accessCookie(f.res));
        if (viaFloor.status !== 200)
          fail(`signin: the floor's accessToken cookie got ${viaFloor.status} from the backend`);
      } else if (s === 'run') {
        const strip = (x: unknown) => {
          const { computationId, computationGroup, period, ...rest } = x as Record<string, unknown>;
          return { ...rest, types: [typeof computationId, typeof computationGroup, typeof period] };
        };
        if (!isDeepStrictEqual(strip(b.body), strip(f.body)))
          fail(
            `run: answers differ beyond ids and period: ${JSON.stringify(b.body)} vs ${JSON.stringify(f.body)}`,
          );
      } else if (!isDeepStrictEqual(b.body, f.body)) fail(`${s}: backend and floor answers differ`);
    }
    if (failed) return 1;
    console.log(`sanity: the answers of ${scenarios.join(', ')} match`);

    await new Promise((r) => setTimeout(r, 2000));
    const rest = { backend: rssKiB(server.pid!), floor: rssKiB(floorChild.pid!) };

    // ---- load
    console.log(
      `\nautocannon: ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${DURATION_S} s per server ` +
        `(sign-in: ${SIGNIN_REQUESTS} requests), after ${WARMUP_S} s warm-up each (not of sign-in)`,
    );
    const results = new Map<Scenario, Record<Target['name'], Round[]>>();
    for (const s of scenarios) {
      cookie = await signIn(); // a fresh 15-minute access token for each scenario
      const r = requests[s];
      const pids = [server.pid!, floorChild.pid!];
      // No warm-up of sign-in: it would leave 20 bcrypt compares to wait for; the sanity check and the
      // cookies above already ran it on both servers.
      if (WARMUP_S > 0 && s !== 'signin')
        for (const t of [backend, floor]) await load(t, r, cookie, { seconds: WARMUP_S });
      const size = s === 'signin' ? { amount: SIGNIN_REQUESTS } : { seconds: DURATION_S };
      const rounds: Record<Target['name'], Round[]> = { backend: [], floor: [] };
      for (let i = 0; i < ROUNDS; i++)
        for (const t of [backend, floor]) {
          await settle(pids);
          const x = await load(t, r, cookie, size);
          rounds[t.name].push(x);
          console.log(
            `${s.padEnd(7)} round ${i + 1} ${t.name.padEnd(7)} ${x.reqPerSec.toFixed(x.reqPerSec < 100 ? 1 : 0).padStart(6)} req/s  ` +
              `p50 ${String(x.p50).padStart(5)} ms  p99 ${String(x.p99).padStart(5)} ms  ` +
              `(${x.total} requests, ${x.bad} non-2xx/errors${x.bad ? `: ${x.why}` : ''})`,
          );
        }
      results.set(s, rounds);
    }

    // ---- the table
    const label: Record<Scenario, string> = {
      list: `GET ${PREFIX}/catalogs (all)`,
      one: `GET ${PREFIX}/catalogs/:id`,
      root: 'GET /',
      signin: `POST ${PREFIX}/users/signIn`,
      run: `POST ${PREFIX}/controls/:id/run`,
    };
    const num = (x: number, w: number, d = x < 100 ? 1 : 0) => x.toFixed(d).padStart(w);
    console.log(
      `\n${'scenario'.padEnd(30)} ${'backend'.padStart(8)} ${'p50'.padStart(6)} ${'p99'.padStart(6)}   ` +
        `${'floor'.padStart(8)} ${'p50'.padStart(6)} ${'p99'.padStart(6)}   ${'b/f'.padStart(5)}   non-2xx b/f`,
    );
    console.log(
      `${''.padEnd(30)} ${'req/s'.padStart(8)} ${'ms'.padStart(6)} ${'ms'.padStart(6)}   ${'req/s'.padStart(8)}`,
    );
    let bad = false;
    for (const [s, rr] of results) {
      const agg = (xs: Round[]) => ({
        rps: mean(xs.map((x) => x.reqPerSec)),
        p50: mean(xs.map((x) => x.p50)),
        p99: mean(xs.map((x) => x.p99)),
        total: xs.reduce((a, x) => a + x.total, 0),
        bad: xs.reduce((a, x) => a + x.bad, 0),
      });
      const [b, f] = [agg(rr.backend), agg(rr.floor)];
      console.log(
        `${label[s].padEnd(30)} ${num(b.rps, 8)} ${num(b.p50, 6)} ${num(b.p99, 6)}   ` +
          `${num(f.rps, 8)} ${num(f.p50, 6)} ${num(f.p99, 6)}   ${num(b.rps / f.rps, 5, 2)}   ` +
          `${b.bad}/${f.bad}`,
      );
      for (const [who, x] of [
        ['backend', b],
        ['floor', f],
      ] as const)
        if (x.total === 0 || x.bad > MAX_BAD_SHARE * x.total) {
          console.error(
            `FAIL: ${s}: the ${who} answered ${x.bad} of ${x.total} requests with non-2xx/errors`,
          );
          bad = true;
        }
    }
    console.log("(req/s: mean of the rounds; p50/p99: mean of the rounds' percentiles; b/f: backend/floor)");
    if (listWarning) console.log(listWarning);
    console.log(`machine: ${cpus().length} cores, ${loadLine()} at the end (other processes skew req/s)`);
    await new Promise((r) => setTimeout(r, 3000));
    console.log(
      `\nRSS at rest: backend ${mib(rest.backend)} before load, ${mib(rssKiB(server.pid!))} after; ` +
        `floor ${mib(rest.floor)} before, ${mib(rssKiB(floorChild.pid!))} after`,
    );
    return bad ? 1 : 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
