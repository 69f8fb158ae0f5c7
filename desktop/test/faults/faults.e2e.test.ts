// Faults an operator's machine throws at STATUS, injected on the real engine with the test images,
// into one stack the suite starts once (PostgreSQL, Redis for Dragonfly, the real backend): a host
// port taken between setup and Start, the launcher killed in the middle of Start, PostgreSQL killed
// during a stream of writes through the API. Each test leaves the stack as it found it or better;
// the suite ends with one line of figures: faults injected, survived, rows lost (must be 0).
import { execFile, spawn } from 'node:child_process';
import net from 'node:net';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStatusError, type StatusError } from '../../src/engine/errors.js';
import { ensureImages } from '../../src/engine/images/ensure.js';
import { LABEL } from '../../src/engine/labels.js';
import { findServiceContainer } from '../../src/engine/lifecycle/containers.js';
import { selectWithDependencies } from '../../src/engine/plan.js';
import type { Stack } from '../../src/launcher/stack.js';
import { testImageTag } from '../images/build-images.js';
import { createTestStack, type TestStack } from '../stack-fixture.js';
import { faultLedger } from './ledger.js';
import { WriteStream, catalogNames, lastSucceeded, signIn, type WriteOutcome } from './write-stream.js';

const BIN = fileURLToPath(new URL('../../bin/status-desktop.js', import.meta.url));
/** The API and what it cannot run without: PostgreSQL and Dragonfly. */
const TARGET = 'status-backend';

const tally = { injected: 0, survived: 0, rowsLost: 0 };
const ledger = faultLedger('fault suite');
/** Two starts of three services each, on a shared machine that may be busy with other tests. */
const STARTING_TIMEOUT_MS = 300_000;

let fixture: TestStack;
let stack: Stack;
let services: string[];

beforeAll(async () => {
  fixture = await createTestStack('st-faults');
  stack = await fixture.open();
  services = selectWithDependencies(stack.project, [TARGET]);
  // Built (or found) here, so the launcher runs below start containers within seconds.
  await ensureImages(stack.docker, stack.project, { services, onProgress: fixture.record });
}, 900_000);

afterAll(async () => {
  await fixture?.cleanup();
  console.log(`faults injected ${tally.injected}, survived ${tally.survived}, rows lost ${tally.rowsLost}`);
  expect(tally.rowsLost).toBe(0);
  expect(tally.survived).toBe(tally.injected);
});

const projectLabel = () => `${LABEL.project}=${stack.project.name}`;

/** How many of each labelled thing the project has on the engine: `{ key: count }`. */
function countBy(
  items: Array<{ Labels?: Record<string, string> | null }>,
  label: string,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const key = item.Labels?.[label] ?? '(unlabelled)';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

async function projectResources(): Promise<{
  containers: Docker.ContainerInfo[];
  networks: Record<string, number>;
  volumes: Record<string, number>;
}> {
  const filters = { label: [projectLabel()] };
  const [containers, networks, volumes] = await Promise.all([
    stack.docker.listContainers({ all: true, filters }),
    stack.docker.listNetworks({ filters }),
    stack.docker.listVolumes({ filters }),
  ]);
  return {
    containers,
    networks: countBy(networks, LABEL.network),
    volumes: countBy(volumes.Volumes ?? [], LABEL.volume),
  };
}

/** Waits (polling, with a deadline) until the engine reports every container healthy. */
async function engineSaysHealthy(containers: Docker.ContainerInfo[], ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const health = await Promise.all(
      containers.map(async (info) => {
        const { State } = await stack.docker.getContainer(info.Id).inspect();
        return `${info.Labels[LABEL.service]}: ${State.Health?.Status ?? State.Status}`;
      }),
    );
    if (health.every((h) => h.endsWith(': healthy'))) return;
    if (Date.now() > deadline) throw new Error(`not all healthy within ${ms / 1000} s: ${health.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...fixture.env, STATUS_DESKTOP_HOME: fixture.home }, timeout: 300_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('faults survived (grafana, mongo, registry, director: not started)', () => {
  it('a host port taken between setup and Start: refused naming its owner, nothing created', async () => {
    // A program of this machine on the API's port, a container of another Compose project on
    // Dragonfly's: both taken after the settings chose them.
    const program = net.createServer();
    await new Promise<void>((resolve) => program.listen(fixture.ports.backend, '127.0.0.1', resolve));
    const neighbourProject = `st-faults-neighbour-${Math.random().toString(36).slice(2, 8)}`;
    const neighbour = await stack.docker.createContainer({
      name: neighbourProject,
      Image: testImageTag('node'),
      Cmd: ['node', '-e', "process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000)"],
      Labels: { [LABEL.project]: neighbourProject, [LABEL.service]: 'cache' },
      ExposedPorts: { '6379/tcp': {} },
      HostConfig: {
        PortBindings: { '6379/tcp': [{ HostIp: '127.0.0.1', HostPort: String(fixture.ports.dragonfly) }] },
      },
    });
    tally.injected++;
    ledger.injected('port taken at Start');
    try {
      await neighbour.start();
      const error = await stack.start([TARGET], { onProgress: fixture.record }).then(
        () => undefined,
        (e: unknown) => e as StatusError,
      );
      expect(isStatusError(error, 'PORT_IN_USE')).toBe(true);
      const command = (await readFile(`/proc/${process.pid}/comm`, 'utf8')).trim();
      expect(error!.message).toContain(
        `Host port ${fixture.ports.backend} on 127.0.0.1, which status-backend publishes, is already in use by ${command} (process ${process.pid})`,
      );
      expect(error!.message).toContain(
        `container ${neighbourProject} (Compose project "${neighbourProject}", service "cache")`,
      );
      expect(error!.hint).toContain(`Stop ${command} (process ${process.pid})`);
      expect(error!.hint).toContain('Settings → Ports (STATUS_BACKEND_PORT)');
      expect(error!.hint).toContain(`docker stop ${neighbourProject}`);
      expect(error!.hint).toContain('Settings → Ports (STATUS_DRAGONFLY_PORT)');
      // Nothing half-started: not a container, network or volume of the project exists.
      expect(await projectResources()).toEqual({ containers: [], networks: {}, volumes: {} });
      tally.survived++;
      ledger.survived('port taken at Start');
    } finally {
      await neighbour.remove({ force: true });
      await new Promise((resolve) => program.close(resolve));
    }
  });

  it(
    'the launcher killed in the middle of Start, then started again: it finishes, no duplicates',
    async () => {
      await stack.down(fixture.record);
      // The first container the launcher starts is the moment: started, but the start not done.
      const events = (await stack.docker.getEvents({
        filters: { type: ['container'], event: ['start'], label: [projectLabel()] },
      })) as NodeJS.ReadableStream & { destroy(): void };
      const launcher = spawn(process.execPath, [BIN, 'up', TARGET], {
        env: { ...fixture.env, STATUS_DESKTOP_HOME: fixture.home },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      launcher.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      launcher.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        launcher.once('exit', (_code, signal) => resolve(signal)),
      );
      events.once('data', () => {
        launcher.kill('SIGKILL');
        tally.injected++;
        ledger.injected('launcher killed mid-Start');
      });
      try {
        // Killed, not finished: a start that completed would have exited by itself with code 0.
        expect(await exited, output).toBe('SIGKILL');
      } finally {
        events.destroy();
      }
      expect(output).not.toContain('STATUS is up');
      const half = await projectResources();
      expect(half.containers.length).toBeGreaterThan(0);

      const again = await cli(['up', TARGET]);
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(again.stdout).toContain('STATUS is up');

      const { containers, networks, volumes } = await projectResources();
      expect(countBy(containers, LABEL.service)).toEqual(Object.fromEntries(services.map((s) => [s, 1])));
      const usedNetworks = new Set(services.flatMap((s) => stack.project.services[s]!.networks));
      expect(networks).toEqual(Object.fromEntries([...usedNetworks].map((n) => [n, 1])));
      expect(volumes).toEqual({ 'postgres-data': 1, 'dragonfly-data': 1 });
      // up() ran every health check itself; the engine's own verdict follows within one interval.
      await engineSaysHealthy(containers);
      tally.survived++;
      ledger.survived('launcher killed mid-Start');
    },
    STARTING_TIMEOUT_MS,
  );

  it(
    'PostgreSQL killed during a stream of writes through the API: every acknowledged write is kept',
    async () => {
      await stack.start([TARGET], { onProgress: fixture.record });
      const env = await stack.store.stackEnv();
      const base = `http://127.0.0.1:${fixture.ports.backend}`;
      const token = await signIn(base, env.STATUS_ADMIN_USERNAME!, env.STATUS_ADMIN_PASSWORD!);
      const stream = new WriteStream(base, token, `fault-${Date.now().toString(36)}`);
      const failedSince = (from: number) => (o: WriteOutcome[]) =>
        o.slice(from).some((w) => w.status < 200 || w.status >= 300);
      stream.start();
      try {
        await stream.until('20 writes acknowledged', () => stream.acknowledged.length >= 20, 60_000);
        const postgres = await findServiceContainer(stack.docker, stack.project.name, 'postgres');
        const killedAt = stream.outcomes.length;
        await stack.docker.getContainer(postgres!.Id).kill();
        tally.injected++;
        ledger.injected('PostgreSQL killed mid-writes');
        await stream.until('a write failing while PostgreSQL is down', failedSince(killedAt), 60_000);
        // As an operator would: start it again (the restart policy does not bring back a kill).
        await stack.start(['postgres'], { onProgress: fixture.record });
        await stream.until(
          '10 writes in a row acknowledged after the restart',
          (o) => lastSucceeded(o, 10),
          120_000,
        );
      } finally {
        await stream.stop();
      }

      const kept = await catalogNames(base, token);
      const lost = stream.acknowledged.filter((w) => !kept.has(w.name));
      tally.rowsLost += lost.length;
      expect(lost.map((w) => w.name)).toEqual([]);
      // What failed said so: an error answer (5xx) or none at all, never a 4xx blaming the client.
      const badFailures = stream.failed.filter((w) => w.status !== 0 && w.status < 500);
      expect(badFailures).toEqual([]);
      expect(stream.failed.length).toBeGreaterThan(0);
      console.log(`PostgreSQL kill: ${stream.summary()}, ${lost.length} acknowledged writes lost`);
      tally.survived++;
      ledger.survived('PostgreSQL killed mid-writes', lost.length);
    },
    STARTING_TIMEOUT_MS,
  );
});
