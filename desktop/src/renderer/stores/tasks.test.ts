import { describe, expect, it } from 'vitest';
import { summarizePull } from '../../engine/images/pull-progress.js';
import type { ProgressEvent, TaskInfo } from '../types.js';
import { FakeApi } from '../test/fake-api.js';
import { createTasksStore, runningTasks } from './tasks.js';

const info: TaskInfo = { id: 't1', kind: 'up', services: [], startedAt: 1000, state: 'running' };
type Pull = Extract<ProgressEvent, { type: 'pull' }>;
const pull = (layer: string, status: string, current?: number, total?: number): Pull => ({
  type: 'pull',
  service: 'postgres',
  image: 'postgres:17',
  layer,
  status,
  ...(current !== undefined ? { current } : {}),
  ...(total !== undefined ? { total } : {}),
});

describe('tasks store', () => {
  it('folds pull events per service into the same summary as the full history', () => {
    const store = createTasksStore(new FakeApi(), () => 5000);
    const events: Pull[] = [
      pull('', 'Pulling from library/postgres'),
      pull('aaa', 'Pulling fs layer'),
      pull('bbb', 'Pulling fs layer'),
      pull('aaa', 'Downloading', 100, 1000),
      pull('bbb', 'Downloading', 50, 500),
      pull('aaa', 'Downloading', 900, 1000),
      pull('aaa', 'Download complete'),
      pull('aaa', 'Extracting', 500, 1000),
      pull('aaa', 'Pull complete'),
      pull('bbb', 'Downloading', 400, 500),
    ];
    for (const event of events) store.getState().handle({ task: info, type: 'progress', event });
    const summary = store.getState().tasks['t1']?.pulls['postgres']?.summary;
    expect(summary).toEqual(summarizePull(events));
    expect(summary?.current).toBe(1400);
    expect(summary?.total).toBe(1500);
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
