// up() when a service does not come up: it fails within the deadline, names the service, carries
// its last log lines, and does not start what depends on it. Real engine, test images.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStack, type TestStack } from '../../test/stack-fixture.js';
import { isStatusError, type StatusError } from '../engine/errors.js';
import { listProjectContainers } from '../engine/labels.js';
import type { Stack } from './stack.js';

const COMPOSE = `
services:
  sick:
    image: \${STATUS_NODE_IMAGE}
    command: ["node", "-e", "console.log('sick: cannot open /data/config.json: ENOENT'); console.error('sick: giving up on ünïcode €'); setInterval(() => {}, 1000)"]
    restart: unless-stopped
    healthcheck:
      test: ["CMD", "node", "-e", "process.exit(1)"]
      interval: 1s
      timeout: 2s
      retries: 3
  slow:
    image: \${STATUS_NODE_IMAGE}
    command: ["node", "-e", "console.log('slow: still warming up'); setInterval(() => {}, 1000)"]
    healthcheck:
      test: ["CMD", "node", "-e", "process.exit(1)"]
      interval: 1s
      timeout: 2s
      retries: 10000
  crashing:
    image: \${STATUS_NODE_IMAGE}
    command: ["node", "-e", "console.error('crashing: missing DB_HOST'); process.exit(3)"]
    restart: "no"
  waiter:
    image: \${STATUS_NODE_IMAGE}
    command: ["node", "-e", "setInterval(() => {}, 1000)"]
    depends_on:
      sick: { condition: service_healthy }
`;

let fixture: TestStack;
let stack: Stack;
let file: string;

beforeAll(async () => {
  fixture = await createTestStack('st-fail');
  file = await fixture.writeCompose(COMPOSE);
  stack = await fixture.open(file);
});

afterAll(() => fixture.cleanup());

async function upError(
  services: string[],
  deadlineMs = 60_000,
): Promise<{ error: StatusError; elapsedMs: number }> {
  const started = Date.now();
  try {
    await stack.up({ services, deadlineMs: () => deadlineMs, onProgress: fixture.record });
  } catch (error) {
    if (!isStatusError(error)) throw error;
    return { error, elapsedMs: Date.now() - started };
  }
  throw new Error('up() succeeded but should have failed');
}

describe('up() with a service that never becomes healthy', () => {
  it('fails as unhealthy with its last log lines, and does not start what depends on it', async () => {
    const { error } = await upError(['waiter']);
    expect(error.code).toBe('SERVICE_UNHEALTHY');
    expect(error.details.service).toBe('sick');
    expect(error.message).toMatch(/sick is unhealthy/);
    expect(error.hint).toMatch(/log lines/);
    const lines = error.details.lastLines as string[];
    expect(lines.join('\n')).toContain('sick: cannot open /data/config.json: ENOENT');
    expect(lines.join('\n')).toContain('sick: giving up on ünïcode €');
    const containers = await listProjectContainers(stack.docker, stack.project.name);
    expect(containers.has('sick')).toBe(true);
    expect(containers.has('waiter')).toBe(false);
    expect(fixture.events).toContainEqual(
      expect.objectContaining({ type: 'service', service: 'waiter', phase: 'skipped' }),
    );
  });

  it('fails at its deadline when the health check neither passes nor gives up', async () => {
    const { error, elapsedMs } = await upError(['slow'], 4_000);
    expect(error.code).toBe('SERVICE_TIMEOUT');
    expect(error.message).toMatch(/slow did not manage to become healthy within 4 s/);
    expect((error.details.lastLines as string[]).join('\n')).toContain('slow: still warming up');
    expect(elapsedMs).toBeLessThan(30_000);
  });

  it('stops waiting at once when cancelled, leaving what runs as it is', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const result = stack
      .up({
        services: ['slow'],
        signal: controller.signal,
        onProgress: (event) => {
          // Cancel as the operator would: once the start-up is visibly waiting.
          if (event.type === 'service' && event.phase === 'waiting' && !abortedAt) {
            abortedAt = Date.now();
            controller.abort();
          }
        },
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    const error = await result;
    expect(isStatusError(error, 'CANCELLED')).toBe(true);
    expect((error as StatusError).hint).toMatch(/nothing was deleted/);
    expect(Date.now() - abortedAt).toBeLessThan(2_000);
    expect((await listProjectContainers(stack.docker, stack.project.name)).get('slow')?.[0]?.State).toBe(
      'running',
    );
  });

  it('reports a service that exits while starting, with its exit code and output', async () => {
    const { error } = await upError(['crashing']);
    expect(error.code).toBe('SERVICE_EXITED');
    expect(error.message).toMatch(/crashing stopped with exit code 3/);
    expect((error.details.lastLines as string[]).join('\n')).toContain('crashing: missing DB_HOST');
  });
});

describe('a fixed subnet already in use', () => {
  it('is refused with the network, the range and what to do, before any container starts', async () => {
    const subnet = `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 256)}.0/28`;
    const squatter = await stack.docker.createNetwork({
      Name: `${fixture.projectName}-squatter`,
      IPAM: { Driver: 'default', Config: [{ Subnet: subnet }] },
    });
    try {
      const fileTaken = await fixture.writeCompose(
        `services:
  lone:
    image: \${STATUS_NODE_IMAGE}
    command: ["node", "-e", "setInterval(() => {}, 1000)"]
    networks: [fixed]
networks:
  fixed:
    ipam:
      config:
        - subnet: ${subnet}
`,
      );
      const taken = await fixture.open(fileTaken);
      const error = await taken.up({ onProgress: fixture.record }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isStatusError(error, 'SETTINGS_INVALID')).toBe(true);
      expect((error as StatusError).message).toContain(subnet);
      expect((error as StatusError).message).toContain('already used on this machine');
      expect((error as StatusError).hint).toMatch(/subnet/);
      // The file's other tests share the project: only `lone` must not have been created.
      expect((await listProjectContainers(taken.docker, taken.project.name)).has('lone')).toBe(false);
    } finally {
      await squatter.remove();
      stack = await fixture.open(file);
    }
  });
});
