// The task queue on its own: ordering, BUSY, cancel (running, queued, not interruptible), the
// failing service's last lines, and the replay for late subscribers.
import { describe, expect, it } from 'vitest';
import { StatusError, throwIfCancelled } from '../engine/errors.js';
import type { TaskEvent } from '../api/contract.js';
import { apiErrorOf } from '../api/errors.js';
import { LauncherError } from '../api/to-api-error.js';
import { TaskRunner, type TaskSpec } from './tasks.js';

/** A task that runs until released (or aborted, when cancellable). */
function gate() {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  return { release, released };
}

function spec(partial: Partial<TaskSpec> & Pick<TaskSpec, 'run'>): TaskSpec {
  return { kind: 'up', services: [], exclusive: true, cancellable: true, ...partial };
}

function runner() {
  const events: TaskEvent[] = [];
  const tasks = new TaskRunner({ lastLines: async (service) => [`last line of ${service}`] });
  tasks.subscribe((e) => events.push(e));
  return { tasks, events };
}

function errorOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof LauncherError) return error.error;
    throw error;
  }
  throw new Error('expected a LauncherError');
}

describe('TaskRunner', () => {
  it('marks a task the backup schedule started, and passes backup progress through as it came', async () => {
    const { tasks, events } = runner();
    const part = {
      type: 'backup-part' as const,
      part: 'postgres/statusdb.pgdump',
      phase: 'captured' as const,
      bytes: 10,
      message: 'captured',
    };
    const scheduled = tasks.submit(
      spec({ kind: 'backup', scheduled: true, run: async (ctx) => ctx.onProgress(part) }),
    );
    expect(scheduled).toMatchObject({ kind: 'backup', scheduled: true });
    await tasks.whenDone(scheduled.id);
    expect(events.find((e) => e.type === 'progress')).toMatchObject({
      task: { scheduled: true },
      event: part,
    });
    const manual = tasks.submit(spec({ kind: 'backup', run: async () => {} }));
    expect(manual).not.toHaveProperty('scheduled');
    await tasks.whenDone(manual.id);
  });

  it('refuses a whole-platform task while another runs, queues per-service ones in order', async () => {
    const { tasks, events } = runner();
    const first = gate();
    const up = tasks.submit(spec({ run: () => first.released }));
    expect(up.state).toBe('running');
    const busy = errorOf(() => tasks.submit(spec({ kind: 'down', cancellable: false, run: async () => {} })));
    expect(busy).toMatchObject({ code: 'BUSY', message: 'Starting STATUS is still in progress.' });
    expect(busy.hint).toMatch(/cancel/);

    const order: string[] = [];
    const a = tasks.submit(
      spec({ kind: 'stop', services: ['grafana'], exclusive: false, run: async () => void order.push('a') }),
    );
    const b = tasks.submit(
      spec({ kind: 'start', services: ['grafana'], exclusive: false, run: async () => void order.push('b') }),
    );
    expect([a.state, b.state]).toEqual(['queued', 'queued']);
    expect(tasks.list().map((t) => t.id)).toEqual([up.id, a.id, b.id]);
    first.release();
    await tasks.whenDone(b.id);
    expect(order).toEqual(['a', 'b']);
    expect(events.filter((e) => e.task.id === a.id).map((e) => `${e.type}:${e.task.state}`)).toEqual([
      'task-start:queued',
      'task-start:running',
      'task-end:running',
    ]);
    expect(tasks.list()).toEqual([]);
  });

  it('cancels a running task through its signal, and a queued one before it starts', async () => {
    const { tasks, events } = runner();
    const started = gate();
    const up = tasks.submit(
      spec({
        run: ({ signal }) =>
          new Promise((_resolve, reject) => {
            started.release();
            signal.addEventListener('abort', () => {
              try {
                throwIfCancelled(signal, 'Starting STATUS');
              } catch (error) {
                reject(error);
              }
            });
          }),
      }),
    );
    let ran = false;
    const queued = tasks.submit(
      spec({ kind: 'restart', services: ['postgres'], exclusive: false, run: async () => void (ran = true) }),
    );
    await started.released;
    tasks.cancel(queued.id);
    tasks.cancel(up.id);
    await tasks.whenDone(up.id);
    const ends = events.filter((e) => e.type === 'task-end');
    expect(ends.map((e) => [e.task.id, e.type === 'task-end' && e.error?.code])).toEqual([
      [queued.id, 'CANCELLED'],
      [up.id, 'CANCELLED'],
    ]);
    expect(ran).toBe(false);
    expect(errorOf(() => tasks.cancel(up.id)).code).toBe('NOT_FOUND');
  });

  it('says a stop cannot be interrupted', async () => {
    const { tasks } = runner();
    const g = gate();
    const stop = tasks.submit(spec({ kind: 'stop', cancellable: false, run: () => g.released }));
    const error = errorOf(() => tasks.cancel(stop.id));
    expect(error.code).toBe('BUSY');
    expect(error.hint).toMatch(/finishes on its own/);
    g.release();
    await tasks.whenDone(stop.id);
  });

  it('ends a failed task with the ApiError and the failing service’s last log lines', async () => {
    const { tasks, events } = runner();
    const task = tasks.submit(
      spec({
        run: async () => {
          throw new StatusError('SERVICE_UNHEALTHY', 'postgres is unhealthy.', 'Look at its logs.', {
            service: 'postgres',
          });
        },
      }),
    );
    await tasks.whenDone(task.id);
    const end = events.find((e) => e.type === 'task-end');
    expect(end).toMatchObject({
      ok: false,
      error: { code: 'SERVICE_UNHEALTHY', message: 'postgres is unhealthy.', hint: 'Look at its logs.' },
      lastLines: { service: 'postgres', lines: ['last line of postgres'] },
    });
    expect(apiErrorOf(new Error('plain')).code).toBe('INTERNAL');
  });

  it('replays a running task’s start and latest progress to a late subscriber', async () => {
    const tasks = new TaskRunner({ lastLines: async () => [], replayLimit: 3 });
    const g = gate();
    const task = tasks.submit(
      spec({
        kind: 'pull',
        run: async ({ onProgress }) => {
          for (let i = 0; i < 10; i += 1) onProgress({ type: 'warning', message: `step ${i}` });
          await g.released;
        },
      }),
    );
    const late: TaskEvent[] = [];
    tasks.subscribe((e) => late.push(e));
    expect(
      late.map((e) => (e.type === 'progress' && e.event.type === 'warning' ? e.event.message : e.type)),
    ).toEqual(['task-start', 'step 8', 'step 9']);
    g.release();
    await tasks.whenDone(task.id);
    expect(late.at(-1)).toMatchObject({ type: 'task-end', ok: true });
  });

  it('coalesces an image’s pull summaries to the latest but keeps every other event, in order', async () => {
    const { tasks, events } = runner();
    const task = tasks.submit(
      spec({
        kind: 'pull',
        run: async ({ onProgress }) => {
          const pull = (service: string, current: number, total = 1000) =>
            onProgress({
              type: 'pull',
              service,
              image: `${service}:17`,
              summary: { layers: [], current, total, done: current === total },
            });
          for (let i = 1; i < 1000; i += 1) pull('postgres', i);
          pull('redis', 5);
          onProgress({ type: 'service', service: 'redis', phase: 'image-ready', message: 'image ready' });
          pull('postgres', 999.5);
          pull('postgres', 1000); // done: at once, in place of the one pending
        },
      }),
    );
    await tasks.whenDone(task.id);
    const progress = events.flatMap((e) => (e.type === 'progress' ? [e.event] : []));
    expect(progress.map((e) => (e.type === 'pull' ? `${e.service}:${e.summary.current}` : e.type))).toEqual([
      'postgres:999',
      'redis:5',
      'service',
      'postgres:1000',
    ]);
  });
});
