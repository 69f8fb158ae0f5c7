// AutoRestart with a fake status feed and clock: acts on the change from running to killed from
// outside only, when the setting is on, and at most `limit` times in its window.
import { describe, expect, it } from 'vitest';
import type { ProjectStatus, ServiceStatus } from '../api/contract.js';
import { AutoRestart } from './auto-restart.js';

const running = (service: string): ServiceStatus => ({
  service,
  state: 'running',
  restartCount: 0,
  ports: [],
});
const exited = (service: string, exit: ServiceStatus['exit'], exitCode = 137): ServiceStatus => ({
  service,
  state: 'exited',
  exitCode,
  restartCount: 0,
  ports: [],
  exit,
});
const killed = (service: string) => exited(service, { story: 'killed', witnessed: true });

function project(services: ServiceStatus[], engine: ProjectStatus['engine'] = 'connected'): ProjectStatus {
  return {
    project: 'p',
    engine,
    state: 'partial',
    updatedAt: 0,
    services: Object.fromEntries(services.map((s) => [s.service, s])),
  };
}

function setup(opts: { enabled?: boolean; failStart?: boolean } = {}) {
  let listener: ((status: ProjectStatus) => void) | undefined;
  let clock = 1_000_000;
  const started: string[] = [];
  const warnings: string[] = [];
  const state = { enabled: opts.enabled ?? true };
  const auto = new AutoRestart({
    subscribe: (l) => {
      listener = l;
      return () => (listener = undefined);
    },
    enabled: async () => state.enabled,
    startService: async (service) => {
      if (opts.failStart) throw new Error('The engine refused.');
      started.push(service);
    },
    warn: (message) => warnings.push(message),
    now: () => clock,
    limit: 2,
    windowMs: 60_000,
  });
  auto.start();
  /** Sends a snapshot and lets the restart's promises settle. */
  const emit = async (status: ProjectStatus) => {
    listener?.(status);
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return {
    auto,
    started,
    warnings,
    state,
    emit,
    tick: (ms: number) => (clock += ms),
    subscribed: () => listener !== undefined,
  };
}

describe('AutoRestart', () => {
  it('starts a service again when it goes from running to killed from outside', async () => {
    const t = setup();
    await t.emit(project([running('db'), running('web')]));
    await t.emit(project([killed('db'), running('web')]));
    expect(t.started).toEqual(['db']);
    expect(t.warnings[0]).toMatch(
      /^db was stopped from outside STATUS \(docker kill or another tool\); starting it again/,
    );
    // The same killed snapshot again (a poll) is no new kill.
    await t.emit(project([killed('db'), running('web')]));
    expect(t.started).toEqual(['db']);
  });

  it('leaves alone a stop, a crash, out of memory, a kill nobody saw, and a service that was already down', async () => {
    const t = setup();
    await t.emit(project([killed('old'), running('a'), running('b'), running('c'), running('d')]));
    await t.emit(
      project([
        killed('old'),
        exited('a', { story: 'stopped', witnessed: true }),
        exited('b', { story: 'crashed', witnessed: true }, 1),
        exited('c', { story: 'oom', witnessed: true }),
        exited('d', { story: 'killed', witnessed: false }),
      ]),
    );
    expect(t.started).toEqual([]);
    expect(t.warnings).toEqual([]);
  });

  it('does nothing while the setting is off, or while the engine is gone', async () => {
    const t = setup({ enabled: false });
    await t.emit(project([running('db')]));
    await t.emit(project([killed('db')]));
    expect(t.started).toEqual([]);
    t.state.enabled = true;
    await t.emit(project([running('db')], 'reconnecting'));
    await t.emit(project([running('db')]));
    await t.emit(project([killed('db')], 'reconnecting'));
    expect(t.started).toEqual([]);
  });

  it('starts one service at most `limit` times in its window, then leaves it stopped and says so', async () => {
    const t = setup();
    for (let i = 0; i < 3; i++) {
      await t.emit(project([running('db')]));
      await t.emit(project([killed('db')]));
      t.tick(10_000);
    }
    expect(t.started).toEqual(['db', 'db']);
    expect(t.warnings.at(-1)).toMatch(
      /^db was stopped from outside STATUS again .* started it again 2 times in the last 1 minute and leaves it stopped now/,
    );
    expect(t.warnings.at(-1)).toContain('status-desktop up db');
    // Once the window has passed it is started again.
    t.tick(60_000);
    await t.emit(project([running('db')]));
    await t.emit(project([killed('db')]));
    expect(t.started).toEqual(['db', 'db', 'db']);
  });

  it('says so when the start cannot be submitted; close() stops listening', async () => {
    const t = setup({ failStart: true });
    await t.emit(project([running('db')]));
    await t.emit(project([killed('db')]));
    expect(t.warnings.at(-1)).toBe(
      'Could not start db again: The engine refused. Start it from the console.',
    );
    t.auto.close();
    expect(t.subscribed()).toBe(false);
  });
});
