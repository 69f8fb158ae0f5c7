// up() and restart() with optional services (plan.ts optionalServices: what the platform's door,
// reverse-proxy, does not need). An optional service that fails its health gate leaves the start
// degraded, not failed: STATUS runs, the failing service is reported `degraded` with its container
// kept (its logs stay reachable), what depends on it is skipped. Real engine, test images; the
// services are small Node stand-ins shaped like stack/compose.yaml.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStack, type TestStack } from '../../test/stack-fixture.js';
import { isStatusError, type StatusError } from '../engine/errors.js';
import { listProjectContainers } from '../engine/labels.js';
import { lastLines } from '../engine/logs/logs.js';
import { optionalServices } from '../engine/plan.js';
import type { ProgressEvent } from '../engine/progress.js';
import type { Stack } from './stack.js';

const SERVE = `["node", "-e", "console.log('up'); setInterval(() => {}, 1000)"]`;
const HEALTHY = `
    healthcheck:
      test: ["CMD", "node", "-e", "process.exit(0)"]
      interval: 1s
      timeout: 20s
      retries: 5`;

const COMPOSE = `
services:
  postgres:
    image: \${STATUS_NODE_IMAGE}
    command: ${SERVE}${HEALTHY}
  grafana:
    image: \${STATUS_NODE_IMAGE}
    command: ["node", "-e", "console.log('grafana: cannot open its database: permission denied'); setInterval(() => {}, 1000)"]
    restart: unless-stopped
    environment:
      GF_SECURITY_ADMIN_USER: grafana-admin
      GF_SECURITY_ADMIN_PASSWORD: not-used
    healthcheck:
      test: ["CMD", "node", "-e", "process.exit(1)"]
      interval: 1s
      timeout: 2s
      retries: 3
    depends_on:
      postgres: { condition: service_healthy }
  director:
    image: \${STATUS_NODE_IMAGE}
    command: ${SERVE}
    depends_on:
      grafana: { condition: service_healthy }
  status-backend:
    image: \${STATUS_NODE_IMAGE}
    command: ${SERVE}${HEALTHY}
    environment:
      GRAFANA_API_KEY: ''
    depends_on:
      postgres: { condition: service_healthy }
  reverse-proxy:
    image: \${STATUS_NODE_IMAGE}
    command: ${SERVE}${HEALTHY}
    depends_on:
      status-backend: { condition: service_healthy }
`;

let fixture: TestStack;
let stack: Stack;

beforeAll(async () => {
  fixture = await createTestStack('st-opt');
  stack = await fixture.open(await fixture.writeCompose(COMPOSE));
});

afterAll(() => fixture.cleanup());

const phases = (events: ProgressEvent[], service: string) =>
  events.flatMap((e) => (e.type === 'service' && e.service === service ? [e.phase] : []));

describe('optional services', () => {
  it('are what the door does not need', () => {
    expect([...optionalServices(stack.project)].sort()).toEqual(['director', 'grafana']);
  });

  it('a failing optional service leaves the start degraded, not failed', async () => {
    const events: ProgressEvent[] = [];
    const result = await stack.up({ onProgress: (e) => events.push(e), deadlineMs: () => 60_000 });

    // STATUS itself is up.
    for (const name of ['postgres', 'status-backend', 'reverse-proxy'])
      expect(phases(events, name)).toContain('healthy');
    // Grafana is reported degraded with the reason; what needs it is skipped, degraded too.
    expect(Object.keys(result.degraded).sort()).toEqual(['director', 'grafana']);
    expect(result.degraded.grafana).toMatchObject({ code: 'SERVICE_UNHEALTHY' });
    expect(result.degraded.grafana!.message).toMatch(/grafana is unhealthy/);
    expect(phases(events, 'grafana')).toContain('degraded');
    expect(phases(events, 'grafana')).not.toContain('failed');
    expect(phases(events, 'director')).toContain('degraded');
    expect(phases(events, 'director')).not.toContain('started');
    const grafanaEvent = events.find(
      (e) => e.type === 'service' && e.service === 'grafana' && e.phase === 'degraded',
    );
    expect(grafanaEvent && 'message' in grafanaEvent && grafanaEvent.message).toMatch(
      /STATUS runs without it/,
    );

    // Its container is kept, so its state and logs stay in the console.
    const containers = await listProjectContainers(stack.docker, stack.project.name);
    expect(containers.get('grafana')?.[0]?.State).toBe('running');
    expect(containers.has('director')).toBe(false);
    expect((await lastLines(stack.docker, stack.project.name, 'grafana', 10)).join('\n')).toContain(
      'grafana: cannot open its database',
    );

    // The backend waited for Grafana's gate (for its token) without failing with it.
    expect(stack.warnings.join('\n')).toMatch(/Grafana did not come up/);
  });

  it('starting the optional service on purpose still fails, naming it', async () => {
    const error = await stack
      .up({ services: ['grafana'], onProgress: () => undefined, deadlineMs: () => 60_000 })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isStatusError(error, 'SERVICE_UNHEALTHY')).toBe(true);
    expect((error as StatusError).details.service).toBe('grafana');
  });

  it('restarting the whole platform reports it degraded and succeeds', async () => {
    const events: ProgressEvent[] = [];
    await stack.restart(undefined, (e) => events.push(e));
    expect(phases(events, 'reverse-proxy')).toContain('healthy');
    expect(phases(events, 'grafana')).toContain('degraded');
    // …and the director, which has no container (it was never started), too.
    expect(phases(events, 'director')).toEqual(['degraded']);
  });
});
