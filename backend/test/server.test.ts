import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testEnv } from './helpers.js';
import { freePort, waitFor } from './services.js';
import { inject } from 'vitest';

const backendDir = path.resolve(import.meta.dirname, '..');
let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

function startServer(script: string, env: Record<string, string>) {
  const proc = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: backendDir,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += String(d)));
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const w of waiters.filter((w) => w.re.test(line))) w.resolve();
  });
  const waitLine = (re: RegExp) =>
    lines.some((l) => re.test(l))
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          waiters.push({ re, resolve });
          proc.once('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
        });
  return { proc, lines, waitLine, stderr: () => stderr };
}

describe('server process', () => {
  it('migrates, creates the first admin, serves, and on SIGTERM finishes in-flight requests and exits 0', async () => {
    const database = await createTestDatabase();
    const port = await freePort();
    const s = startServer('test/fixtures/slow-server.ts', {
      ...testEnv(inject('services'), database),
      LOG_LEVEL: 'info',
      PORT: String(port),
      STATUS_ADMIN_USERNAME: 'operator',
      STATUS_ADMIN_PASSWORD: 'operator-password',
    });
    child = s.proc;
    await s.waitLine(/status-backend listening/);
    const base = `http://127.0.0.1:${port}`;
    // Node-RED, Grafana and the registry are not there: the API serves, degraded.
    const health = await fetch(`${base}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'degraded', postgres: 'ok', redis: 'ok' });

    const slow = fetch(`${base}/__test/slow?ms=1500`);
    await s.waitLine(/slow request started/);
    const exited = once(s.proc, 'exit');
    s.proc.kill('SIGTERM');
    await s.waitLine(/shutting down/);
    // New connections are refused while the slow one finishes.
    await waitFor('listener closed', async () => {
      const refused = await fetch(`${base}/`).then(
        () => false,
        () => true,
      );
      if (!refused) throw new Error('still accepting');
    });
    const res = await slow;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ waited: 1500 });
    const [code] = await exited;
    expect(code).toBe(0);
    // Every stdout line is a JSON log record.
    for (const line of s.lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(s.lines.some((l) => /"first admin"/.test(l) && /"created"/.test(l))).toBe(true);
    expect(s.lines.some((l) => /created the \\"Getting started\\" catalog/.test(l))).toBe(true);
    expect(s.lines.join('\n')).not.toContain('operator-password');
  });

  it('src/server.ts exits 1 with a clear message when PostgreSQL is unreachable', async () => {
    const s = startServer('src/server.ts', {
      ...testEnv(),
      DB_PORT: '1',
      LOG_LEVEL: 'silent',
      STATUS_DB_WAIT_SECONDS: '1', // the default 60 s wait for PostgreSQL, shortened
    });
    child = s.proc;
    const [code] = await once(s.proc, 'exit');
    expect(code).toBe(1);
    expect(s.stderr()).toMatch(/failed to start/);
    expect(s.stderr()).toMatch(/PostgreSQL at .*:1 did not answer within 1 s.*STATUS_DB_WAIT_SECONDS/);
  });

  it('leaves no handle behind after shutdown: the process ends by itself', async () => {
    const database = await createTestDatabase();
    const s = startServer('test/fixtures/start-stop.ts', {
      ...testEnv(inject('services'), database),
      LOG_LEVEL: 'info',
      PORT: '0',
    });
    child = s.proc;
    const exited = once(s.proc, 'exit');
    const timeout = new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`still running after shutdown: ${s.lines.at(-1) ?? ''}`)), 20_000),
    );
    const [code] = (await Promise.race([exited, timeout])) as [number];
    expect(code).toBe(0);
    expect(s.lines.some((l) => /after shutdown/.test(l))).toBe(true);
  }, 30_000);
});
