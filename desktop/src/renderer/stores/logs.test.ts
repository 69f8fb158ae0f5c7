import { describe, expect, it } from 'vitest';
import type { ConsoleLogLine } from '../types.js';
import { FakeApi } from '../test/fake-api.js';
import { createLogsStore } from './logs.js';

const line = (service: string, text: string, time?: number): ConsoleLogLine => ({
  service,
  stream: 'stdout',
  text,
  ...(time !== undefined ? { time } : {}),
});

/** A frame scheduler the test advances by hand. */
function manualFrames() {
  const queue: (() => void)[] = [];
  return {
    schedule: (fn: () => void) => void queue.push(fn),
    frame: () => queue.splice(0).forEach((fn) => fn()),
    pending: () => queue.length,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('logs store', () => {
  it('appends once per frame however many batches arrive', async () => {
    const api = new FakeApi();
    const frames = manualFrames();
    const store = createLogsStore(api, { schedule: frames.schedule });
    store.getState().open([], 100);
    await settle();
    frames.frame();
    const before = store.getState().version;
    for (let i = 0; i < 50; i++) api.emitLogs([line('postgres', `line ${i}`)]);
    expect(frames.pending()).toBe(1);
    expect(store.getState().buffer.length).toBe(0);
    frames.frame();
    expect(store.getState().version).toBe(before + 1);
    expect(store.getState().buffer.length).toBe(50);
  });

  it('keeps at most its capacity and counts what it dropped', async () => {
    const api = new FakeApi();
    const frames = manualFrames();
    const store = createLogsStore(api, { capacity: 1000, schedule: frames.schedule });
    store.getState().open([], 'all');
    await settle();
    for (let i = 0; i < 25; i++)
      api.emitLogs(Array.from({ length: 100 }, (_, j) => line('grafana', `n${i * 100 + j}`)));
    frames.frame();
    const { buffer } = store.getState();
    expect(buffer.length).toBe(1000);
    expect(buffer.dropped).toBe(1500);
    expect(buffer.at(0)?.text).toBe('n1500');
    expect(buffer.at(999)?.text).toBe('n2499');
  });

  it('shows the backlog first, then live lines, without doubling those that are in both', async () => {
    const api = new FakeApi();
    api.backlog = [line('postgres', 'old 1', 1), line('postgres', 'old 2', 2)];
    const frames = manualFrames();
    const store = createLogsStore(api, { schedule: frames.schedule });
    store.getState().open(['postgres'], 100);
    // arrives while the backlog is being read: one line the backlog also has, one new
    api.emitLogs([line('postgres', 'old 2', 2), line('postgres', 'new 3', 3)]);
    await settle();
    frames.frame();
    expect(
      store
        .getState()
        .buffer.toArray()
        .map((e) => e.text),
    ).toEqual(['old 1', 'old 2', 'new 3']);
    expect(api.called('logs')[0]?.args[0]).toEqual({ services: ['postgres'], tail: 100 });
  });

  it('strips colours for search and guesses the level', async () => {
    const api = new FakeApi();
    const frames = manualFrames();
    const store = createLogsStore(api, { schedule: frames.schedule });
    store.getState().open([], 100);
    await settle();
    api.emitLogs([line('backend', '\x1b[31mERROR\x1b[0m db down')]);
    frames.frame();
    expect(store.getState().buffer.at(0)).toMatchObject({ plain: 'ERROR db down', level: 'error' });
  });

  it('stops following on close', async () => {
    const api = new FakeApi();
    const store = createLogsStore(api, { schedule: () => {} });
    store.getState().open([], 100);
    expect(api.logSubscribers).toBe(1);
    store.getState().close();
    expect(api.logSubscribers).toBe(0);
  });
});
