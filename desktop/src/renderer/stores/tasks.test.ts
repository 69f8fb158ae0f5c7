import { describe, expect, it } from 'vitest';
import type { ProgressEvent, PullSummary, TaskInfo } from '../types.js';
import { FakeApi } from '../test/fake-api.js';
import { createTasksStore, runningTasks } from './tasks.js';

const info: TaskInfo = { id: 't1', kind: 'up', services: [], startedAt: 1000, state: 'running' };
const pull = (service: string, summary: PullSummary): ProgressEvent => ({
  type: 'pull',
  service,
  image: `${service}:17`,
  summary,
});
const layer = (id: string, current: number, total: number) => ({
  id,
  status: current < total ? 'Downloading' : 'Pull complete',
  current,
  total,
  done: current === total,
});

describe('tasks store', () => {
  it('keeps the latest pull summary per service, as the engine sent it', () => {
    const store = createTasksStore(new FakeApi(), () => 5000);
    const first: PullSummary = { layers: [layer('aaa', 100, 1000)], current: 100, total: 1000, done: false };
    const later: PullSummary = {
      layers: [layer('aaa', 1000, 1000), layer('bbb', 400, 500)],
      current: 1400,
      total: 1500,
      done: false,
    };
    const other: PullSummary = { layers: [], current: 0, total: 0, done: true };
    for (const event of [pull('postgres', first), pull('redis', other), pull('postgres', later)])
      store.getState().handle({ task: info, type: 'progress', event });
    const { pulls } = store.getState().tasks['t1']!;
    expect(pulls['postgres']).toEqual({ image: 'postgres:17', summary: later });
    expect(pulls['redis']).toEqual({ image: 'redis:17', summary: other });
  });

  it('shows a retry on the pull it belongs to, until the next summary', () => {
    const store = createTasksStore(new FakeApi(), () => 5000);
    const handle = (event: ProgressEvent) => store.getState().handle({ task: info, type: 'progress', event });
    const summary: PullSummary = { layers: [layer('aaa', 10, 100)], current: 10, total: 100, done: false };
    handle(pull('postgres', summary));
    handle({
      type: 'pull-retry',
      service: 'postgres',
      image: 'postgres:17',
      attempt: 1,
      delayMs: 1000,
      error: 'EOF',
    });
    expect(store.getState().tasks['t1']?.pulls['postgres']).toEqual({
      image: 'postgres:17',
      summary,
      retry: { attempt: 1, error: 'EOF' },
    });
    handle(pull('postgres', summary));
    expect(store.getState().tasks['t1']?.pulls['postgres']?.retry).toBeUndefined();
  });

  it('keeps each service’s phase, message and elapsed time, and the failure with its hint and last lines', () => {
    const store = createTasksStore(new FakeApi(), () => 5000);
    store.getState().handle({ task: info, type: 'task-start' });
    store.getState().handle({
      task: info,
      type: 'progress',
      event: {
        type: 'service',
        service: 'backend',
        phase: 'waiting',
        message: 'waiting for postgres to be healthy',
        elapsedMs: 1200,
      },
    });
    expect(runningTasks(store.getState())).toHaveLength(1);
    expect(store.getState().tasks['t1']?.services['backend']).toEqual({
      phase: 'waiting',
      message: 'waiting for postgres to be healthy',
      elapsedMs: 1200,
      at: 5000,
    });
    store.getState().handle({
      task: info,
      type: 'task-end',
      ok: false,
      error: {
        code: 'SERVICE_UNHEALTHY',
        message: 'postgres did not become healthy',
        hint: 'Look at its logs.',
      },
      lastLines: { service: 'postgres', lines: ['FATAL: bad config'] },
    });
    expect(runningTasks(store.getState())).toHaveLength(0);
    expect(store.getState().tasks['t1']?.end).toMatchObject({
      ok: false,
      error: { hint: 'Look at its logs.' },
      lastLines: { service: 'postgres', lines: ['FATAL: bad config'] },
    });
  });

  it('shows a command that could not start as an error with its hint', async () => {
    const api = new FakeApi();
    api.failNext = Object.assign(new Error('The engine is not running.'), {
      code: 'ENGINE_NOT_RUNNING',
      hint: 'Start Docker.',
    });
    const store = createTasksStore(api);
    expect(await store.getState().run(() => api.up())).toBeUndefined();
    expect(store.getState().commandError).toMatchObject({ message: 'The engine is not running.' });
  });

  it('asks the api to cancel a running task', async () => {
    const api = new FakeApi();
    const store = createTasksStore(api);
    store.getState().handle({ task: info, type: 'task-start' });
    await store.getState().cancel('t1');
    expect(api.called('cancel')).toEqual([{ method: 'cancel', args: ['t1'] }]);
    expect(store.getState().tasks['t1']?.cancelling).toBe(true);
  });
});
