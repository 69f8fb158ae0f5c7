// The whole STATUS platform on the real engine, from stack/compose.yaml, with the local test
// images: PostgreSQL, Redis (for Dragonfly), nginx, Node.js and Node-RED are real; Grafana, MongoDB
// and the Governify registry/director are HTTP stand-ins (see test/images/standin).
import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/free-port.js';
import { createTestStack, type TestStack } from '../../test/stack-fixture.js';
import { STACK_SERVICES } from '../../test/stack-services.js';
import { execInContainer } from '../engine/docker/exec.js';
import { isStatusError } from '../engine/errors.js';
import { listProjectContainers } from '../engine/labels.js';
import { saveSettings } from '../engine/settings/index.js';
import type { Stack } from './stack.js';
import { findServiceContainer } from '../engine/lifecycle/containers.js';

const run = promisify(execFile);

let fixture: TestStack;
let stack: Stack;

beforeAll(async () => {
  fixture = await createTestStack('st-e2e');
  stack = await fixture.open();
});
afterAll(async () => {
  await fixture?.cleanup();
});

async function psql(sql: string): Promise<string> {
  const info = await findServiceContainer(stack.docker, stack.project.name, 'postgres');
  const result = await execInContainer(
    stack.docker.getContainer(info!.Id),
    ['psql', '-U', 'status', '-d', 'statusdb', '-tAc', sql],
    20_000,
  );
  if (result.exitCode !== 0) throw new Error(`psql failed: ${result.output}`);
  return result.output.trim();
}

async function expectAllHealthy(): Promise<void> {
  // up() ran each service's health check itself; the engine's own verdict follows within one
  // health interval. Watch the live status model until it says healthy for every service.
  const tracker = stack.tracker({ pollMs: 1000 });
  await tracker.start();
  try {
    await new Promise<void>((resolve, reject) => {
      const states = () =>
        STACK_SERVICES.map((n) => `${n}=${tracker.snapshot().services[n]?.state}`).join(' ');
      const check = () => {
        if (STACK_SERVICES.every((n) => tracker.snapshot().services[n]?.state === 'healthy')) done(resolve);
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`not all healthy after 30 s: ${states()}`))),
        30_000,
      );
      const done = (then: () => void) => {
        clearTimeout(timer);
        tracker.off('change', check);
        tracker.off('snapshot', check);
        then();
      };
      tracker.on('change', check);
      tracker.on('snapshot', check);
      check();
    });
    expect(tracker.snapshot().services['reverse-proxy']!.ports).toContainEqual(
      expect.objectContaining({ hostIp: '127.0.0.1', hostPort: fixture.ports.http }),
    );
  } finally {
    await tracker.stop();
  }
}

describe('the STATUS stack (grafana, mongo, registry, director: stand-ins)', () => {
  it('comes up from nothing to all-healthy', async () => {
    const result = await stack.up({ onProgress: fixture.record });
    expect(Object.keys(result.services).sort()).toEqual([...STACK_SERVICES].sort());
    for (const name of STACK_SERVICES) expect(result.services[name]!.action).toBe('created');
    await expectAllHealthy();
    // Dependents started only once their dependencies were ready.
    const readyAt = (s: string) => result.services[s]!.readyAfterMs;
    expect(readyAt('status-backend')).toBeGreaterThan(readyAt('postgres'));
    expect(readyAt('reverse-proxy')).toBeGreaterThan(readyAt('status-frontend'));
  }, 900_000); // builds status-backend and status-frontend first on a fresh machine

  it("gives the backend a Grafana service-account token, and Grafana its own database (grafana: stand-in's API)", async () => {
    const secrets = await stack.store.secrets();
    expect(secrets.grafanaApiKey).toMatch(/\S{20,}/);
    const backend = await findServiceContainer(stack.docker, stack.project.name, 'status-backend');
    const env = (await stack.docker.getContainer(backend!.Id).inspect()).Config.Env;
    expect(env).toContain(`GRAFANA_API_KEY=${secrets.grafanaApiKey}`);
    expect(env.some((e) => /^GRAFANA_(USER|PASSWORD)=/.test(e))).toBe(false);
    expect(env.some((e) => e.includes(secrets.grafanaAdminPassword))).toBe(false);
    // The token authorizes Bearer requests; the stored project is the one the container came from.
    const grafana = `http://127.0.0.1:${fixture.ports.grafana}/grafana`;
    const org = await fetch(`${grafana}/api/org`, {
      headers: { authorization: `Bearer ${secrets.grafanaApiKey}` },
    });
    expect(org.status).toBe(200);
    expect(stack.project.services['status-backend']!.environment.GRAFANA_API_KEY).toBe(secrets.grafanaApiKey);
    // Real PostgreSQL: role and database `grafana`, owned by it.
    expect(await psql("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'grafana'")).toBe(
      'grafana',
    );
  });

  it('serves every route of the reverse proxy', async () => {
    const base = `http://127.0.0.1:${fixture.ports.http}`;
    const front = await fetch(`${base}/`);
    expect(front.status).toBe(200);
    expect(await front.text()).toContain('<title>STATUS</title>');
    expect(await (await fetch(`${base}/config.js`)).text()).toContain('apiBase: "/backend"');
    // 'up' (every dependency answers; GET /health of features/health/report.ts), or 'ok' from the
    // API's earlier health answer.
    expect(['ok', 'up']).toContain(
      ((await (await fetch(`${base}/backend/health`)).json()) as { status: string }).status,
    );
    const nodeRed = await fetch(`${base}/node-red/`);
    expect(nodeRed.status).toBe(200);
    expect(await nodeRed.text()).toMatch(/Node-RED/);
    // Grafana is behind STATUS sign-in (auth_request): without a session, to the sign-in page.
    const grafana = await fetch(`${base}/grafana/api/health`, { redirect: 'manual' });
    expect(grafana.status).toBe(302);
    expect(grafana.headers.get('location')).toBe('/sign-in?next=/grafana/api/health');
  });

  it('is the same stack for the Compose CLI (standard labels)', async () => {
    const envFile = await stack.store.writeStackEnv();
    const { stdout } = await run(
      'docker-compose',
      [
        '-p',
        stack.project.name,
        '--env-file',
        envFile,
        '-f',
        stack.project.configFiles[0]!,
        'ps',
        '--services',
        '--filter',
        'status=running',
      ],
      { env: fixture.env },
    );
    expect(stdout.trim().split('\n').sort()).toEqual([...STACK_SERVICES].sort());
  });

  it('comes up again from stopped, reusing its containers', async () => {
    await stack.stop(undefined, fixture.record);
    const stopped = await stack.status();
    for (const name of STACK_SERVICES) expect(stopped.services[name]!.state, name).toBe('exited');
    const result = await stack.up({ onProgress: fixture.record });
    for (const name of STACK_SERVICES) expect(result.services[name]!.action, name).toBe('up-to-date');
    await expectAllHealthy();
  });

  it('stops, starts and restarts one service while the rest keeps running', async () => {
    const base = `http://127.0.0.1:${fixture.ports.http}`;
    await stack.stop(['status-frontend'], fixture.record);
    let status = await stack.status();
    expect(status.services['status-frontend']!.state).toBe('exited');
    expect(status.services['reverse-proxy']!.state).toBe('healthy');
    expect((await fetch(`${base}/`)).status).toBe(502);

    const started = await stack.start(['status-frontend'], { onProgress: fixture.record });
    expect(started.services['status-frontend']!.action).toBe('up-to-date');
    // The proxy resolves upstreams per request: no restart of the proxy needed.
    expect((await fetch(`${base}/`)).status).toBe(200);

    const before = (await stack.status()).services['status-backend']!.startedAt!;
    await stack.restart(['status-backend'], fixture.record);
    status = await stack.status();
    expect(status.services['status-backend']!.startedAt!).toBeGreaterThan(before);
    expect((await fetch(`${base}/backend/health`)).status).toBe(200);
  });

  it('recreates only the service a changed setting affects', async () => {
    await psql(
      'CREATE TABLE IF NOT EXISTS survival (note text); INSERT INTO survival VALUES ($$kept across down and up$$)',
    );
    await saveSettings({ ports: { grafana: await freePort() } }, fixture.home);
    stack = await fixture.open();
    const result = await stack.up({ onProgress: fixture.record });
    const recreated = STACK_SERVICES.filter((name) => result.services[name]!.action !== 'up-to-date');
    expect(recreated).toEqual(['grafana']);
    await expectAllHealthy();
  });

  it('keeps the data in volumes through down and up', async () => {
    await stack.down(fixture.record);
    expect((await listProjectContainers(stack.docker, stack.project.name)).size).toBe(0);
    expect((await stack.resetPlan()).volumes.length).toBe(6);
    await stack.up({ onProgress: fixture.record });
    expect(await psql('SELECT note FROM survival')).toBe('kept across down and up');
  });

  it('refuses to start when a host port is taken, and starts nothing', async () => {
    await stack.down(fixture.record);
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(fixture.ports.http, '127.0.0.1', resolve));
    try {
      const error = await stack.up({ onProgress: fixture.record }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isStatusError(error, 'PORT_IN_USE')).toBe(true);
      const message = (error as Error).message;
      expect(message).toContain(String(fixture.ports.http));
      expect((error as { hint: string }).hint).toContain('STATUS_HTTP_PORT');
      expect((await listProjectContainers(stack.docker, stack.project.name)).size).toBe(0);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
