// `npm run bench`: throughput and p99 latency of the API under autocannon, against the real server
// (a child `node --import tsx src/server.ts`) on its own PostgreSQL and Redis (test/services.ts).
// Seeds 1,000 catalogs and one control, signs in as the first admin, then runs ~10 s each of
//   GET  /api/v1/catalogs           (authenticated by the accessToken cookie)
//   POST /api/v1/computations/bulk  (one computation with 500 evidences per request)
// with 10 connections, and prints requests/s, p99 latency and the server's RSS at rest.
// Everything stays on 127.0.0.1 and stops by itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freePort, startServices, waitFor, type Services } from '../test/services.js';
import { benchServerEnv } from './server-env.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PREFIX = '/api/v1';
const CATALOGS = 1000;
const EVIDENCES = 500;
const CONNECTIONS = 10;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const ADMIN = 'benchadmin';
const PASSWORD = randomBytes(12).toString('base64url');

function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) : NaN;
}
const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;

async function runLoad(
  title: string,
  opts: Omit<autocannon.Options, 'connections' | 'duration'>,
): Promise<autocannon.Result> {
  const result = await autocannon({ ...opts, connections: CONNECTIONS, duration: DURATION_S });
  const bad = result.non2xx + result.errors + result.timeouts;
  console.log(
    `${title.padEnd(48)} ${result.requests.average.toFixed(0).padStart(6)} req/s   ` +
      `p99 ${String(result.latency.p99).padStart(5)} ms   (${result.requests.total} requests, ` +
      `${bad} non-2xx/errors)`,
  );
  return result;
}

async function main(): Promise<void> {
  let services: Services | undefined;
  let server: ChildProcess | undefined;
  const cleanup = async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = once(server, 'exit');
      server.kill('SIGTERM');
      const t = setTimeout(() => server?.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(t);
    }
    await services?.stop();
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    console.log('starting PostgreSQL and Redis …');
    services = await startServices();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}${PREFIX}`;
    server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        PATH: process.env.PATH,
        ...benchServerEnv(services, { port, admin: ADMIN, password: PASSWORD }),
      },
    });
    const child = server;
    await waitFor(
      'status-backend',
      async () => {
        const r = await fetch(`${base}/health`);
        if (!r.ok) throw new Error(`health ${r.status}`);
      },
      child,
      60_000,
    );
    console.log(`server pid ${child.pid} on 127.0.0.1:${port} (migrated, first admin created)`);

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
    const headers = { cookie: access, 'content-type': 'application/json' };
    const post = async (p: string, body: unknown): Promise<{ id: number }> => {
      const r = await fetch(`${base}${p}`, { method: 'POST', headers, body: JSON.stringify(body) });
      if (!r.ok) throw new Error(`POST ${p}: ${r.status} ${await r.text()}`);
      return (await r.json()) as { id: number };
    };

    // ---- seed: 1,000 catalogs (20 at a time) and one control
    const t0 = Date.now();
    const ids: number[] = [];
    for (let i = 0; i < CATALOGS; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, CATALOGS - i) }, (_, k) =>
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
    const draft = await post('/catalogs/drafts', { name: 'Bench drafts', startDate: '2026-01-01' });
    const control = await post('/controls/drafts', { name: 'Bench control', catalogId: draft.id });
    console.log(`seeded ${ids.length + 1} catalogs and control ${control.id} in ${Date.now() - t0} ms`);

    // ---- memory at rest (before load)
    await new Promise((r) => setTimeout(r, 2000));
    const restBefore = rssKiB(child.pid!);

    console.log(`\nautocannon: ${CONNECTIONS} connections, ${DURATION_S} s each`);
    await runLoad(`GET ${PREFIX}/catalogs?limit=${CATALOGS} (cookie)`, {
      url: `${base}/catalogs?limit=${CATALOGS}`,
      headers: { cookie: access },
    });
    const evidences = Array.from({ length: EVIDENCES }, (_, i) => ({
      id: i,
      login: `user${i % 17}`,
      title: `Issue ${i}`,
      state: i % 3 === 0 ? 'closed' : 'open',
      createdAt: '2026-01-01T00:00:00Z',
    }));
    const bodyFor = () =>
      JSON.stringify({
        computations: [
          {
            computationGroup: randomUUID(),
            controlId: control.id,
            value: true,
            scope: { project: 'bench', member: 'all' },
            evidences,
            period: { from: '2026-01-01T00:00:00Z', to: '2026-01-31T23:59:59Z' },
          },
        ],
        done: true,
      });
    console.log(`bulk body: ${(Buffer.byteLength(bodyFor()) / 1024).toFixed(1)} KiB`);
    await runLoad(`POST ${PREFIX}/computations/bulk (${EVIDENCES} evidences)`, {
      url: `${base}/computations/bulk`,
      method: 'POST',
      headers,
      requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body: bodyFor() }) }],
    });

    // ---- memory at rest (after load, idle)
    await new Promise((r) => setTimeout(r, 3000));
    const restAfter = rssKiB(child.pid!);
    console.log(`\nserver RSS at rest: ${mib(restBefore)} before load, ${mib(restAfter)} after load`);
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
