// Brings stack/compose.yaml up with the local test images through docker-compose (1.29, the CLI
// Debian ships), waits for all ten services to be healthy, checks the reverse proxy, the STATUS
// sign-in in front of Grafana and Node-RED, and the grafana_reader role for real, then tears
// everything down (containers, networks, volumes and the images it built, of its project only).
// .ci/run runs it after `npm test` on every CI run: the README's "plain Compose runs the stack".
// docker-compose 1.x ignores `configs:` outside Swarm, so it gets stack/compose.v1-configs.yaml too.
//
//   npx tsx desktop/test/images/prove-stack.ts [--keep] [--project sttest] [--base-port 13000]
//
// Idempotent: it first removes what a killed earlier run of the same project left behind, and it
// tears down on failure and on SIGINT/SIGTERM too (not with --keep). The grafana-auth network gets
// a subnet of its own (10.214.<base-port / 100>) so a stack the desktop app runs here does not clash.
//
// Secrets are random; the two bcrypt hashes are made with bcryptjs. Grafana, MongoDB and the
// Governify registry/director are the HTTP stand-in (status-test/standin:1).
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import bcrypt from 'bcryptjs';
import { ensureTestImages, testImageEnv } from './build-images.js';
import { STACK_SERVICES } from '../stack-services.js';

const execFileP = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const COMPOSE_FILE = path.join(ROOT, 'stack/compose.yaml');
/** docker-compose 1.x ignores configs outside Swarm: this override bind-mounts each one instead. */
const V1_CONFIGS_FILE = path.join(ROOT, 'stack/compose.v1-configs.yaml');

const args = process.argv.slice(2);
const keep = args.includes('--keep');
const argValue = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const project = argValue('--project') ?? 'sttest';
const basePort = Number(argValue('--base-port') ?? 13000);
const started = Date.now();
const log = (line: string): void =>
  console.log(`${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s ${line}`);

const secret = (): string => randomBytes(32).toString('base64url');

/** A compose env file. Hashes are single-quoted: literal in compose v2 and in docker-compose 1.29. */
function envFile(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, v]) => (/[$'"\s#\\]/.test(v) ? `${k}='${v}'` : `${k}=${v}`))
    .join('\n')
    .concat('\n');
}

async function sh(cmd: string, argv: string[], opts: { env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const { stdout } = await execFileP(cmd, argv, { env: opts.env ?? process.env, maxBuffer: 64 << 20 });
  return stdout;
}

/** Runs a command with its output streamed (prefixed), failing on a non-zero exit. */
function stream(cmd: string, argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const s of [child.stdout, child.stderr]) {
      s.setEncoding('utf8');
      let buf = '';
      s.on('data', (chunk: string) => {
        buf += chunk;
        const lines = buf.split(/\r?\n/);
        buf = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) log(`  | ${line}`);
      });
    }
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${argv.join(' ')}: exit ${code}`)),
    );
  });
}

const failures: string[] = [];
let checks = 0;
function check(ok: boolean, what: string, detail = ''): void {
  checks += 1;
  log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? `: ${detail}` : ''}`);
  if (!ok) failures.push(what);
}

async function main(): Promise<void> {
  await ensureTestImages({ log: (line) => log(line) });

  const adminPassword = secret();
  const httpPassword = secret();
  const dbPassword = secret();
  const grafanaDbPassword = secret();
  const redisPassword = secret();
  const ports = {
    STATUS_HTTP_PORT: basePort,
    STATUS_BACKEND_PORT: basePort + 1,
    STATUS_NODERED_PORT: basePort + 2,
    STATUS_POSTGRES_PORT: basePort + 3,
    STATUS_MONGO_PORT: basePort + 4,
    STATUS_DRAGONFLY_PORT: basePort + 5,
    STATUS_GRAFANA_PORT: basePort + 6,
    STATUS_DIRECTOR_PORT: basePort + 7,
    STATUS_REGISTRY_PORT: basePort + 8,
  };
  const values: Record<string, string> = {
    ...testImageEnv(),
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    STATUS_BIND_ADDRESS: '127.0.0.1',
    STATUS_GRAFANA_AUTH_NET: `10.214.${Math.floor(basePort / 100) % 256}`,
    STATUS_PUBLIC_URL: `http://localhost:${basePort}`,
    STATUS_BACKEND_IMAGE: `${project}-status-backend:test`,
    STATUS_FRONTEND_IMAGE: `${project}-status-frontend:test`,
    STATUS_NODERED_IMAGE: `${project}-nodered:test`,
    STATUS_ADMIN_USERNAME: 'admin',
    STATUS_ADMIN_PASSWORD: adminPassword,
    STATUS_DB_PASSWORD: dbPassword,
    STATUS_GRAFANA_DB_PASSWORD: grafanaDbPassword,
    STATUS_GRAFANA_OWNER_DB_PASSWORD: secret(),
    STATUS_MONGO_PASSWORD: secret(),
    STATUS_REDIS_PASSWORD: redisPassword,
    STATUS_JWT_SECRET: secret(),
    STATUS_REFRESH_JWT_SECRET: secret(),
    // The AES-256-GCM key: base64 (not base64url) of exactly 32 bytes, as the backend checks.
    STATUS_SECRETS_KEY: randomBytes(32).toString('base64'),
    STATUS_GRAFANA_ADMIN_PASSWORD: secret(),
    STATUS_NODERED_CREDENTIAL_SECRET: secret(),
    STATUS_NODERED_HTTP_PASSWORD: httpPassword,
    STATUS_NODERED_ADMIN_HASH: bcrypt.hashSync(adminPassword, 12),
    STATUS_NODERED_HTTP_HASH: bcrypt.hashSync(httpPassword, 12),
  };
  const dir = mkdtempSync(path.join(os.tmpdir(), `${project}-env-`));
  const file = path.join(dir, 'stack.env');
  writeFileSync(file, envFile(values), { mode: 0o600 });
  // The classic builder for status-backend/status-frontend: it uses the local base images as they are.
  const env = { ...process.env, COMPOSE_DOCKER_CLI_BUILD: '0', DOCKER_BUILDKIT: '0' };
  const compose = ['-p', project, '--env-file', file, '-f', COMPOSE_FILE, '-f', V1_CONFIGS_FILE];

  /** Everything of this project goes: containers, networks, volumes, the images it built. Once. */
  let tornDown: Promise<void> | undefined;
  const teardown = (): Promise<void> =>
    (tornDown ??= (async () => {
      if (keep) {
        log(
          `--keep: left running; env file ${file}; tear down with docker-compose ${compose.join(' ')} down -v`,
        );
        return;
      }
      log('docker-compose down -v');
      await stream('docker-compose', [...compose, 'down', '-v', '--remove-orphans'], env).catch(
        (err: unknown) => log(`down failed: ${String(err)}`),
      );
      for (const image of [
        values.STATUS_BACKEND_IMAGE!,
        values.STATUS_FRONTEND_IMAGE!,
        values.STATUS_NODERED_IMAGE!,
      ]) {
        await sh('docker', ['image', 'rm', image]).catch(() => undefined);
      }
      rmSync(dir, { recursive: true, force: true });
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: tearing down`);
      void teardown().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }

  try {
    // A run of the same project killed before its teardown (kill -9, a lost machine) left things.
    await stream('docker-compose', [...compose, 'down', '-v', '--remove-orphans'], env);

    // The env file reaches the containers unchanged ($ in the bcrypt hashes included).
    const config = await sh('docker-compose', [...compose, 'config'], { env });
    check(
      config.includes(values.STATUS_NODERED_ADMIN_HASH!.replaceAll('$', '$$$$')),
      'bcrypt hash passes through the env file literally',
    );

    log(`docker-compose -p ${project} up -d --build`);
    const upStarted = Date.now();
    await stream('docker-compose', [...compose, 'up', '-d', '--build'], env);
    log(`up returned after ${((Date.now() - upStarted) / 1000).toFixed(1)} s`);

    // Poll every service's health, with a deadline.
    const deadline = Date.now() + 6 * 60_000;
    let last = '';
    for (;;) {
      const state: Record<string, string> = {};
      for (const service of STACK_SERVICES) {
        const id = (await sh('docker-compose', [...compose, 'ps', '-q', service], { env })).trim();
        state[service] = id
          ? (
              await sh('docker', [
                'inspect',
                '--format',
                '{{.State.Status}}/{{if .State.Health}}{{.State.Health.Status}}{{else}}no-healthcheck{{end}}',
                id,
              ])
            ).trim()
          : 'missing';
      }
      const line = STACK_SERVICES.map((s) => `${s}=${state[s]}`).join(' ');
      if (line !== last) log(line);
      last = line;
      if (STACK_SERVICES.every((s) => state[s] === 'running/healthy')) break;
      if (Date.now() > deadline) {
        await stream('docker-compose', [...compose, 'logs', '--tail', '40'], env).catch(() => undefined);
        throw new Error('not every service became healthy within 6 minutes');
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
    log(
      `all ${STACK_SERVICES.length} services healthy ${((Date.now() - upStarted) / 1000).toFixed(1)} s after up`,
    );

    // ---- the reverse proxy, for real ----
    const base = `http://127.0.0.1:${basePort}`;
    const get = async (p: string): Promise<{ status: number; type: string; cache: string; body: string }> => {
      const res = await fetch(base + p, { redirect: 'manual' });
      return {
        status: res.status,
        type: res.headers.get('content-type') ?? '',
        cache: res.headers.get('cache-control') ?? '',
        body: await res.text(),
      };
    };
    const root = await get('/');
    check(
      root.status === 200 && root.body.includes('<script src="/config.js"></script>'),
      'GET / serves the frontend',
      `${root.status}`,
    );
    const cfg = await get('/config.js');
    check(
      cfg.status === 200 && cfg.body.includes('window.STATUS_CONFIG') && cfg.body.includes('"/backend"'),
      'GET /config.js serves the runtime config',
      `${cfg.status}`,
    );
    check(!/immutable|max-age=[1-9]/.test(cfg.cache), 'GET /config.js is not cached long', cfg.cache);
    // Every service runs here, the optional ones too: "up" (only "degraded" when one of those is down).
    const health = await get('/backend/health');
    const healthJson = (() => {
      try {
        return JSON.parse(health.body) as { status?: string; postgres?: string; redis?: string };
      } catch {
        return {};
      }
    })();
    check(
      health.status === 200 &&
        healthJson.status === 'up' &&
        healthJson.postgres === 'ok' &&
        healthJson.redis === 'ok',
      'GET /backend/health reaches /api/v1/health: up, postgres and redis ok',
      health.body,
    );
    const nodered = await get('/node-red/');
    check(
      nodered.status === 200 && nodered.body.includes('Node-RED'),
      'GET /node-red/ serves the Node-RED editor',
      `${nodered.status}`,
    );
    const noderedAsset = await get('/node-red/red/red.min.js');
    check(
      noderedAsset.status === 200 &&
        !noderedAsset.body.includes('<!doctype html') &&
        noderedAsset.body.length > 10_000,
      'GET /node-red/red/red.min.js comes from Node-RED (not the frontend)',
      `${noderedAsset.status}, ${noderedAsset.body.length} bytes`,
    );
    const noderedSettings = await fetch(`${base}/node-red/settings`);
    check(noderedSettings.status === 401, 'Node-RED admin API needs a login', `${noderedSettings.status}`);
    const token = await fetch(`${base}/node-red/auth/token`, {
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
    check(
      token.status === 200,
      'Node-RED accepts the admin password (bcrypt hash from the env file)',
      `${token.status}`,
    );
    if (token.status === 200) {
      // Our image (stack/node-red, built on status-test/nodered): the STATUS palette is installed.
      const { access_token: accessToken } = (await token.json()) as { access_token: string };
      const nodes = await fetch(`${base}/node-red/nodes`, {
        headers: { accept: 'application/json', authorization: `Bearer ${accessToken}` },
      });
      const sets = nodes.ok ? ((await nodes.json()) as { types?: string[] }[]) : [];
      const statusTypes = sets.flatMap((set) => set.types ?? []).filter((t) => t.startsWith('status-'));
      check(
        statusTypes.includes('status-control-result'),
        'Node-RED has the STATUS nodes (our image)',
        `${statusTypes.length} status-* types`,
      );
    }
    for (const prefix of ['/node-red', '/grafana']) {
      const res = await fetch(base + prefix, { redirect: 'manual' });
      const location = res.headers.get('location') ?? '';
      // Relative: the proxy listens on 80 inside but is published on STATUS_HTTP_PORT.
      check(
        res.status === 301 && location === `${prefix}/`,
        `GET ${prefix} redirects to ${prefix}/ keeping the port`,
        `${res.status} ${location}`,
      );
    }
    // Grafana sits behind the STATUS sign-in (nginx auth_request to the backend's /auth/verify).
    const anonymous = await fetch(`${base}/grafana/api/health`, { redirect: 'manual' });
    check(
      anonymous.status === 302 && anonymous.headers.get('location') === '/sign-in?next=/grafana/api/health',
      'GET /grafana/… without a session goes to the STATUS sign-in',
      `${anonymous.status} ${anonymous.headers.get('location') ?? ''}`,
    );
    // The admin the backend made from STATUS_ADMIN_USERNAME/PASSWORD signs in through the proxy.
    const signIn = await fetch(`${base}/backend/users/signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: adminPassword }),
    });
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ');
    check(
      signIn.status === 200 && cookie.includes('accessToken='),
      'the STATUS admin (from the env file) signs in through /backend/',
      `${signIn.status} ${signIn.status === 200 ? '' : await signIn.text()}`,
    );
    const session = { cookie };
    const grafana = await fetch(`${base}/grafana/api/health`, { headers: session, redirect: 'manual' });
    const grafanaBody = await grafana.text();
    const grafanaJson = (() => {
      try {
        return JSON.parse(grafanaBody) as { standin?: boolean; path?: string };
      } catch {
        return {};
      }
    })();
    check(
      grafana.status === 200 && grafanaJson.standin === true && grafanaJson.path === '/grafana/api/health',
      'GET /grafana/api/health with the session reaches Grafana (stand-in) with the prefix kept',
      grafanaBody.slice(0, 200),
    );
    const grafanaAsset = await fetch(`${base}/grafana/public/build/app.js`, { headers: session });
    const grafanaAssetBody = await grafanaAsset.text();
    check(
      grafanaAssetBody.includes('"standin":true'),
      'GET /grafana/…/app.js goes to Grafana, not the frontend',
      grafanaAssetBody.slice(0, 80),
    );
    // The same session opens Node-RED's admin API (nodeRedToken cookie -> Bearer -> /nodered/verify).
    const noderedWithSession = await fetch(`${base}/node-red/settings`, { headers: session });
    check(
      noderedWithSession.status === 200,
      'the STATUS session opens Node-RED (no Node-RED login)',
      `${noderedWithSession.status}`,
    );
    const direct = await fetch(`http://127.0.0.1:${ports.STATUS_BACKEND_PORT}/api/v1/health`);
    check(direct.status === 200, 'backend published on its own port', `${direct.status}`);

    // ---- PostgreSQL: grafana_reader reads, never writes (over TCP, password auth) ----
    const network = `${project}_db`;
    const psql = async (
      user: string,
      password: string,
      sql: string,
    ): Promise<{ ok: boolean; out: string }> => {
      try {
        const out = await sh('docker', [
          'run',
          '--rm',
          '--network',
          network,
          '-e',
          `PGPASSWORD=${password}`,
          'status-test/postgres:1',
          'psql',
          '-v',
          'ON_ERROR_STOP=1',
          '-h',
          'postgres',
          '-U',
          user,
          '-d',
          'statusdb',
          '-tAc',
          sql,
        ]);
        return { ok: true, out: out.trim() };
      } catch (err) {
        return { ok: false, out: String((err as { stderr?: string }).stderr ?? err).trim() };
      }
    };
    const setup = await psql(
      'status',
      dbPassword,
      'CREATE TABLE probe (id int); INSERT INTO probe VALUES (1), (2);',
    );
    check(setup.ok, 'status (POSTGRES_USER) creates a table over TCP', setup.out);
    const read = await psql('grafana_reader', grafanaDbPassword, 'SELECT count(*) FROM probe;');
    check(read.ok && read.out === '2', 'grafana_reader can SELECT', read.out);
    const insert = await psql('grafana_reader', grafanaDbPassword, 'INSERT INTO probe VALUES (3);');
    check(
      !insert.ok && insert.out.includes('permission denied'),
      'grafana_reader cannot INSERT',
      insert.out.split('\n')[0],
    );
    const create = await psql('grafana_reader', grafanaDbPassword, 'CREATE TABLE mine (id int);');
    check(
      !create.ok && create.out.includes('permission denied'),
      'grafana_reader cannot CREATE',
      create.out.split('\n')[0],
    );
    const wrong = await psql('grafana_reader', 'wrong-password', 'SELECT 1;');
    check(
      !wrong.ok && wrong.out.includes('password authentication failed'),
      'wrong password is refused (scram over TCP)',
      wrong.out.split('\n')[0],
    );

    // ---- Redis standing in for Dragonfly ----
    const redisId = (await sh('docker-compose', [...compose, 'ps', '-q', 'dragonfly'], { env })).trim();
    const dbfile = await sh('docker', [
      'exec',
      redisId,
      'redis-cli',
      '-a',
      redisPassword,
      '--no-auth-warning',
      'config',
      'get',
      'dbfilename',
    ]);
    check(
      dbfile.includes('status-dump.rdb'),
      'dragonfly stand-in uses DFLY_dbfilename',
      dbfile.replace(/\n/g, ' '),
    );
    const noauth = await sh('docker', ['exec', redisId, 'redis-cli', 'ping']);
    check(noauth.includes('NOAUTH'), 'dragonfly stand-in requires the password', noauth.trim());
  } finally {
    await teardown();
  }
  if (failures.length > 0) throw new Error(`${failures.length} check(s) failed: ${failures.join('; ')}`);
  log(`stack proven: all ${checks} checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  log(`FAILED: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
