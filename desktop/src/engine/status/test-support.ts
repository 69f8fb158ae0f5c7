// Helpers for the StatusTracker tests (real engine, no mocks). Not part of the product.
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { COMPOSE_LABEL_VERSION, LABEL, containerName } from '../labels.js';
import type { ProjectStatus, ServiceStatus } from './model.js';
import type { StatusTracker } from './tracker.js';

/** Built by the test image harness (desktop/test/images); override to try another Node image. */
export const NODE_IMAGE = process.env.STATUS_TEST_NODE_IMAGE ?? 'status-test/node:1';

/**
 * Fails early with a clear message when NODE_IMAGE is missing (the vitest global setup builds the
 * test images; STATUS_SKIP_TEST_IMAGES=1 skips that).
 */
export async function ensureNodeImage(docker: Docker): Promise<void> {
  try {
    await docker.getImage(NODE_IMAGE).inspect();
  } catch {
    throw new Error(
      `Test image ${NODE_IMAGE} is missing: build it with \`npx tsx desktop/test/images/build-images.ts\`` +
        ' (or set STATUS_TEST_NODE_IMAGE to an image with node in its PATH).',
    );
  }
}

export function testProject(): string {
  return `st-status-${randomBytes(4).toString('hex')}`;
}

/** Node script: runs until SIGTERM, then exits 143 like a shell would. */
export const SERVE_FOREVER = "process.on('SIGTERM',()=>process.exit(143));setInterval(()=>{},1e6)";
/** Health check: healthy while /tmp/healthy exists; prints "ok" or the ENOENT error. */
export const HEALTH_FILE_CHECK = [
  'CMD',
  'node',
  '-e',
  "require('fs').accessSync('/tmp/healthy');console.log('ok')",
];

export interface TestContainerOptions {
  script?: string;
  health?: boolean;
  restart?: { Name: '' | 'no' | 'always' | 'unless-stopped' | 'on-failure'; MaximumRetryCount?: number };
  /** Container ports to publish on 127.0.0.1 with an engine-chosen host port. */
  publish?: number[];
  index?: number;
  /** Memory limit (no swap on top). */
  memoryBytes?: number;
}

/** Creates (not starts) a container labelled as Compose would for `project`/`service`. */
export async function createServiceContainer(
  docker: Docker,
  project: string,
  service: string,
  opts: TestContainerOptions = {},
): Promise<Docker.Container> {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const port of opts.publish ?? []) {
    exposed[`${port}/tcp`] = {};
    bindings[`${port}/tcp`] = [{ HostIp: '127.0.0.1', HostPort: '' }];
  }
  return docker.createContainer({
    name: containerName(project, service, opts.index ?? 1),
    Image: NODE_IMAGE,
    Cmd: ['node', '-e', opts.script ?? SERVE_FOREVER],
    Labels: {
      [LABEL.project]: project,
      [LABEL.service]: service,
      [LABEL.number]: String(opts.index ?? 1),
      [LABEL.oneoff]: 'False',
      [LABEL.version]: COMPOSE_LABEL_VERSION,
    },
    ExposedPorts: exposed,
    StopTimeout: 5,
    ...(opts.health
      ? {
          Healthcheck: { Test: HEALTH_FILE_CHECK, Interval: 300e6, Timeout: 5e9, Retries: 1, StartPeriod: 0 },
        }
      : {}),
    HostConfig: {
      PortBindings: bindings,
      RestartPolicy: opts.restart ?? { Name: 'no' },
      ...(opts.memoryBytes ? { Memory: opts.memoryBytes, MemorySwap: opts.memoryBytes } : {}),
    },
  });
}

export async function execIn(container: Docker.Container, script: string): Promise<void> {
  const exec = await container.exec({ Cmd: ['node', '-e', script], AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({});
  await new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
    stream.resume();
  });
}

/** Removes every container of the project (force). */
export async function removeProject(docker: Docker, project: string): Promise<void> {
  const list = await docker.listContainers({
    all: true,
    filters: { label: [`${LABEL.project}=${project}`] },
  });
  await Promise.all(
    list.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}

/**
 * Resolves with the first snapshot that satisfies `predicate`, checking now and after every
 * tracker event; rejects after `timeoutMs` with the last snapshot in the message.
 */
export function waitForStatus(
  tracker: StatusTracker,
  predicate: (status: ProjectStatus) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<ProjectStatus> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const status = tracker.snapshot();
      if (predicate(status)) {
        cleanup();
        resolve(status);
      }
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(
        new Error(
          `Timed out after ${timeoutMs} ms waiting for ${what}. Last: ${JSON.stringify(tracker.snapshot())}`,
        ),
      );
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      tracker.off('change', check);
      tracker.off('snapshot', check);
      tracker.off('engine', check);
    };
    tracker.on('change', check);
    tracker.on('snapshot', check);
    tracker.on('engine', check);
    check();
  });
}

export function waitForService(
  tracker: StatusTracker,
  service: string,
  predicate: (status: ServiceStatus) => boolean,
  what: string,
  timeoutMs?: number,
): Promise<ServiceStatus> {
  return waitForStatus(
    tracker,
    (s) => {
      const svc = s.services[service];
      return svc !== undefined && predicate(svc);
    },
    `${service}: ${what}`,
    timeoutMs,
  ).then((s) => s.services[service]!);
}

/** Polls `probe` until it returns true (small growing steps, hard deadline; no fixed sleep). */
export async function until(
  probe: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let step = 20; ; step = Math.min(step * 2, 500)) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, step));
  }
}

/** Every 'change' of one service, in order. */
export function recordChanges(tracker: StatusTracker, service: string): ServiceStatus[] {
  const seen: ServiceStatus[] = [];
  tracker.on('change', (status) => {
    if (status.service === service) seen.push(status);
  });
  return seen;
}

/** True when `wanted` appears in `states` in this order (other states may sit in between). */
export function isSubsequence<T>(wanted: T[], states: T[]): boolean {
  let i = 0;
  for (const s of states) if (i < wanted.length && s === wanted[i]) i++;
  return i === wanted.length;
}
