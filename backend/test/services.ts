// Real PostgreSQL and Redis for the test run, from the Debian packages `postgresql` and
// `redis-server` (.ci/run installs them). Each run gets its own temporary directory, free ports and
// random passwords; stop() kills both and deletes the directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Redis } from 'ioredis';
import pg from 'pg';

export interface ServicesInfo {
  postgres: { host: string; port: number; user: string; password: string; database: string };
  redis: { host: string; port: number; password: string };
}

export interface Services {
  info: ServicesInfo;
  stop: () => Promise<void>;
}

const DEADLINE_MS = 30_000;

export async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address() as { port: number };
  srv.close();
  await once(srv, 'close');
  return port;
}

function pgBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) throw new Error('PostgreSQL is not installed: apt-get install postgresql (see .ci/run)');
  return path.join(root, versions[0], 'bin');
}

/** Polls `probe` until it resolves; fails with the last error after `ms`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  child?: ChildProcess,
  ms = DEADLINE_MS,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    if (child && child.exitCode !== null)
      throw new Error(`${what} exited with code ${child.exitCode} before it was ready`);
    try {
      return await probe();
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`${what} not ready after ${ms} ms: ${(last as Error)?.message}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs as the `postgres` user when we are root (PostgreSQL refuses to run as root). */
function asPostgres(cmd: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [cmd, args];
  return ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', cmd, ...args]];
}

function collect(child: ChildProcess): () => string {
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out = (out + String(d)).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (out = (out + String(d)).slice(-4000)));
  return () => out;
}

async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function startServices(): Promise<Services> {
  const dir = mkdtempSync(path.join(tmpdir(), 'status-backend-test-'));
  let postgres: ChildProcess | undefined;
  let redis: ChildProcess | undefined;
  const stop = async () => {
    await Promise.all([stopChild(postgres, 'SIGINT'), stopChild(redis, 'SIGTERM')]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // ---- PostgreSQL
    const bin = pgBinDir();
    const data = path.join(dir, 'pg');
    const sock = path.join(dir, 'sock');
    execFileSync('mkdir', ['-p', data, sock]);
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
      for (const p of [dir, data, sock]) chownSync(p, uid, gid);
    }
    const [initCmd, initArgs] = asPostgres(path.join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '--encoding=UTF8',
      '--no-sync',
    ]);
    execFileSync(initCmd, initArgs, { stdio: 'pipe' });
    const pgPort = await freePort();
    const [pgCmd, pgArgs] = asPostgres(path.join(bin, 'postgres'), [
      '-D',
      data,
      '-p',
      String(pgPort),
      '-k',
      sock,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=200',
    ]);
    postgres = spawn(pgCmd, pgArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    const pgOut = collect(postgres);
    const password = randomBytes(18).toString('base64url');
    const user = 'status_test';
    await waitFor(
      'postgres',
      async () => {
        const c = new pg.Client({ host: sock, port: pgPort, user: 'postgres', database: 'postgres' });
        await c.connect();
        await c.end();
      },
      postgres,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${pgOut()}`);
    });
    const admin = new pg.Client({ host: sock, port: pgPort, user: 'postgres', database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE ROLE ${user} LOGIN CREATEDB PASSWORD '${password}'`);
    await admin.query(`CREATE DATABASE status_test OWNER ${user}`);
    await admin.end();

    // ---- Redis
    const redisPort = await freePort();
    const redisPassword = randomBytes(18).toString('base64url');
    redis = spawn(
      'redis-server',
      [
        '--port',
        String(redisPort),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--requirepass',
        redisPassword,
        '--dir',
        dir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const redisOut = collect(redis);
    await waitFor(
      'redis-server',
      async () => {
        const r = new Redis({
          port: redisPort,
          host: '127.0.0.1',
          password: redisPassword,
          lazyConnect: true,
          retryStrategy: () => null,
          maxRetriesPerRequest: 0,
        });
        r.on('error', () => undefined);
        try {
          await r.connect();
          await r.ping();
        } finally {
          r.disconnect();
        }
      },
      redis,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${redisOut()}`);
    });

    return {
      info: {
        postgres: { host: '127.0.0.1', port: pgPort, user, password, database: 'status_test' },
        redis: { host: '127.0.0.1', port: redisPort, password: redisPassword },
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
