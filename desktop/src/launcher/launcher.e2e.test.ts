// The LauncherApi on the real engine with the local test images (PostgreSQL and Redis for
// Dragonfly, both real): a taken port, busy and cancel, services started with the status stream,
// one service stopped, logs (backlog, and followed across a restart).
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStack, type TestStack } from '../../test/stack-fixture.js';
import type { ConsoleLogLine, ProjectStatus, TaskEvent, TaskInfo } from '../api/contract.js';
import { apiErrorOf } from '../api/errors.js';
import { createLauncher, type Launcher } from './launcher.js';

let fixture: TestStack;
let launcher: Launcher;
const taskEvents: TaskEvent[] = [];

beforeAll(async () => {
  fixture = await createTestStack('st-launcher');
  launcher = await createLauncher({
    home: fixture.home,
    env: fixture.env,
    statusPollMs: 1000,
    onWarning: () => {},
  });
  launcher.onTask((event) => taskEvents.push(event));
});
afterAll(async () => {
  await launcher?.close();
  await fixture?.cleanup();
});

async function taskEnd(task: TaskInfo): Promise<Extract<TaskEvent, { type: 'task-end' }>> {
  await launcher.whenTaskDone(task.id);
  const end = taskEvents.find((e) => e.task.id === task.id && e.type === 'task-end');
  if (!end || end.type !== 'task-end') throw new Error(`no task-end for ${task.kind}`);
  return end;
}

/** Resolves with the first status the stream sends that satisfies `check`, or fails after `ms`. */
function statusWhere(
  check: (s: ProjectStatus) => boolean,
  what: string,
  ms = 60_000,
): Promise<ProjectStatus> {
  return new Promise((resolve, reject) => {
    let last: ProjectStatus | undefined;
    let off = () => {};
    const timer = setTimeout(() => {
      off();
      const states = Object.values(last?.services ?? {}).map((s) => `${s.service}=${s.state}`);
      reject(new Error(`status never showed ${what}: ${states.join(' ')}`));
    }, ms);
    off = launcher.onStatus((status) => {
      last = status;
      if (!check(status)) return;
      clearTimeout(timer);
      queueMicrotask(() => off());
      resolve(status);
    });
  });
}

describe('LauncherApi on the real engine', () => {
  it('reports a taken port as PORT_IN_USE with the port and what to do, and starts nothing', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(fixture.ports.http, '127.0.0.1', resolve));
    try {
      const end = await taskEnd(await launcher.up());
      expect(end.ok).toBe(false);
      expect(end.error?.code).toBe('PORT_IN_USE');
      expect(end.error?.message).toContain(String(fixture.ports.http));
      expect(end.error?.hint).toMatch(/\S/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    const status = await launcher.status();
    expect(Object.values(status.services).every((s) => s.state === 'missing')).toBe(true);
  });

  it('refuses a second platform command while one runs, and cancels the running one', async () => {
    const task = await launcher.up();
    expect(task).toMatchObject({ kind: 'up', state: 'running' });
    const busy = apiErrorOf(await launcher.down().catch((e: unknown) => e));
    expect(busy.code).toBe('BUSY');
    expect(busy.hint).toMatch(/cancel/i);
    await launcher.cancel(task.id);
    const end = await taskEnd(task);
    expect(end.ok).toBe(false);
    expect(end.error?.code).toBe('CANCELLED');
    expect(await launcher.tasks()).toEqual([]);
  });

  // Two services (and not the whole platform, which the engine's own e2e test brings up): the
  // second start queues behind the first, and the shared status stream turns both healthy.
  it('starts services one after the other and the status stream shows them healthy', async () => {
    const first = await launcher.startService('postgres');
    const second = await launcher.startService('dragonfly');
    expect([first.state, second.state]).toEqual(['running', 'queued']);
    for (const task of [first, second]) {
      const end = await taskEnd(task);
      expect(end.error).toBeUndefined();
      expect(end.ok).toBe(true);
    }
    const progress = taskEvents.filter((e) => e.task.id === first.id && e.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    const status = await statusWhere(
      (s) => s.services.postgres?.state === 'healthy' && s.services.dragonfly?.state === 'healthy',
      'postgres and dragonfly healthy',
    );
    expect(status.engine).toBe('connected');
    expect(status.services.grafana?.state).toBe('missing');
  }, 300_000);

  it('stops one service and the status shows it', async () => {
    const end = await taskEnd(await launcher.stopService('dragonfly'));
    expect(end.ok).toBe(true);
    const status = await statusWhere(
      (s) => s.services.dragonfly?.state === 'exited',
      'dragonfly exited',
      30_000,
    );
    expect(status.services.postgres?.state).toBe('healthy');
  });

  it('reads a backlog, and follows a service across its restart without gaps or repeats', async () => {
    const backlog = await launcher.logs({ services: ['postgres'], tail: 20 });
    expect(backlog.length).toBeGreaterThan(0);
    expect(backlog.length).toBeLessThanOrEqual(20);
    expect(backlog.every((l) => l.service === 'postgres' && typeof l.time === 'number')).toBe(true);

    const followed: ConsoleLogLine[] = [];
    const off = launcher.onLogs({ services: ['postgres'] }, (lines) => followed.push(...lines));
    // Every service at once too: one follower per service, the stopped and missing ones waiting.
    const everything: ConsoleLogLine[] = [];
    const offAll = launcher.onLogs({ services: [] }, (lines) => everything.push(...lines));
    try {
      const end = await taskEnd(await launcher.restartService('postgres'));
      expect(end.ok).toBe(true);
      // The restart's shutdown lines come from the old run, "ready to accept connections" from the new one.
      await expect
        .poll(() => followed.map((l) => l.text).join('\n'), { timeout: 30_000 })
        .toMatch(/shut down[\s\S]*ready to accept connections/);
      const keys = followed.map((l) => `${l.time}|${l.text}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(followed.every((l) => l.service === 'postgres')).toBe(true);
      await expect.poll(() => everything.some((l) => /ready to accept connections/.test(l.text))).toBe(true);
    } finally {
      off();
      offAll();
    }
  });

  it('loads images from a bundle as a task, and a file that is not one ends it with the reason', async () => {
    const end = await taskEnd(await launcher.loadImages('/nonexistent/status.statusimages'));
    expect(end.task.kind).toBe('load-images');
    expect(end.ok).toBe(false);
    expect(end.error).toMatchObject({ code: 'IMAGES_REFUSED', details: { reason: 'missing' } });
    expect(end.error?.hint).toMatch(/Check the path/);
  });

  it('deletes data only when the exact volumes of the plan are confirmed', async () => {
    const plan = await launcher.resetPlan();
    expect(plan.volumes).toContain(`${fixture.projectName}_postgres-data`);
    const refused = apiErrorOf(await launcher.reset(plan.volumes.slice(1)).catch((e: unknown) => e));
    expect(refused.code).toBe('INVALID_INPUT');
    expect(refused.hint).toContain(plan.volumes[0]);
    expect((await launcher.resetPlan()).volumes).toEqual(plan.volumes);

    const end = await taskEnd(await launcher.reset([...plan.volumes].reverse()));
    expect(end.ok).toBe(true);
    expect((await launcher.resetPlan()).volumes).toEqual([]);
    await statusWhere((s) => s.services.postgres?.state === 'missing', 'postgres removed', 30_000);
  });
});
