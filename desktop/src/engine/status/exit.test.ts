// How a last run ended, from the exit code and what the engine's events said about it.
import { describe, expect, it } from 'vitest';
import { emptyRunEnd, readExit, type ExitFacts, type RunEnd } from './exit.js';

const exited = (exitCode: number, extra: Partial<ExitFacts> = {}): ExitFacts => ({
  live: false,
  restarting: false,
  exitCode,
  oomKilled: false,
  restartCount: 0,
  run: undefined,
  ...extra,
});

const seen = (signals: string[], stopRequested = false): RunEnd => ({
  ...emptyRunEnd(),
  signals,
  stopRequested,
  died: true,
});

describe('readExit from the exit alone (the run ended while nothing watched)', () => {
  it('137 without OOM is killed (unwitnessed: it may also be a stop that ran out of time)', () => {
    expect(readExit(exited(137))).toEqual({ story: 'killed', witnessed: false });
  });

  it('the OOM killer is oom whatever the code', () => {
    expect(readExit(exited(137, { oomKilled: true }))).toEqual({ story: 'oom', witnessed: false });
  });

  it('0 and the stop signals are stopped; an error code or a crash signal is crashed', () => {
    for (const code of [0, 129, 130, 143]) expect(readExit(exited(code))?.story).toBe('stopped');
    for (const code of [1, 3, 134, 139]) expect(readExit(exited(code))?.story).toBe('crashed');
  });

  it('a service running again after Docker restarted it tells its restarts; one that never ended tells nothing', () => {
    const live: ExitFacts = { ...exited(0), live: true, exitCode: undefined, restartCount: 3 };
    expect(readExit(live)).toEqual({ story: 'crashed', witnessed: false, restarts: 3 });
    expect(readExit({ ...live, restartCount: 0 })).toBeUndefined();
    expect(readExit({ ...exited(0), exitCode: undefined })).toBeUndefined();
  });

  it('restarting (the policy’s back-off) is a crash, with the count so far', () => {
    const facts = exited(2, { live: true, restarting: true, restartCount: 1 });
    expect(readExit(facts)).toEqual({ story: 'crashed', witnessed: false, restarts: 1 });
  });

  it('an on-failure policy that gave up keeps its count on the crash', () => {
    expect(readExit(exited(1, { restartCount: 5 }))).toEqual({
      story: 'crashed',
      witnessed: false,
      restarts: 5,
    });
  });
});

describe('readExit with the engine’s events of that end', () => {
  it('docker kill: SIGKILL alone, no stop → killed', () => {
    expect(readExit(exited(137, { run: seen(['9']) }))).toEqual({ story: 'killed', witnessed: true });
  });

  it('a stop whose grace period ran out: the stop signal first, then SIGKILL → stopped', () => {
    expect(readExit(exited(137, { run: seen(['15', '9']) }))?.story).toBe('stopped');
    expect(readExit(exited(137, { run: seen(['2', '9']) }))?.story).toBe('stopped'); // PostgreSQL: SIGINT
    expect(readExit(exited(137, { run: seen(['9'], true) }))?.story).toBe('stopped'); // a stop event
  });

  it('a reload signal before the kill does not make it a stop; a SIGKILL from outside Docker is killed', () => {
    expect(readExit(exited(137, { run: seen(['1', '9']) }))?.story).toBe('killed');
    expect(readExit(exited(137, { run: seen([]) }))).toEqual({ story: 'killed', witnessed: true });
  });

  it('events seen before the end (no die yet) do not make it witnessed', () => {
    const run = { ...seen(['9']), died: false };
    expect(readExit(exited(137, { run }))).toEqual({ story: 'killed', witnessed: false });
  });
});
