import { describe, expect, it } from 'vitest';
import type { BackupSchedule } from '../engine/settings/settings.js';
import {
  BackupScheduler,
  CHECK_EVERY_MS,
  PERIOD_MS,
  RETRY_AFTER_FAILURE_MS,
  ScheduleBusy,
  nextRunAt,
  type Clock,
  type LastRun,
  type ScheduleRecord,
} from './backup-schedule.js';

const DAY = PERIOD_MS.day;
const T0 = Date.UTC(2026, 11, 3, 12, 0, 0);

/** A clock the test moves by hand; `every` callbacks fire as time passes their turn. */
class FakeClock implements Clock {
  private timers: { ms: number; due: number; fn: () => void }[] = [];
  constructor(public time = T0) {}
  now() {
    return this.time;
  }
  every(ms: number, fn: () => void) {
    const timer = { ms, due: this.time + ms, fn };
    this.timers.push(timer);
    return () => void (this.timers = this.timers.filter((t) => t !== timer));
  }
  get pending() {
    return this.timers.length;
  }
  /** Jumps ahead (a machine waking up): each timer fires once, however many turns it missed. */
  advance(ms: number) {
    this.time += ms;
    for (const timer of this.timers) {
      if (timer.due > this.time) continue;
      timer.due = this.time + timer.ms;
      timer.fn();
    }
  }
}

interface Harness {
  clock: FakeClock;
  scheduler: BackupScheduler;
  runs: number[];
  record: ScheduleRecord;
  warnings: string[];
  set(patch: Partial<{ schedule: BackupSchedule; running: boolean; busy: boolean; fail: boolean }>): void;
}

/** A scheduler over in-memory facts: each run writes a backup "now" unless told to fail. */
function harness(newest?: number): Harness {
  const clock = new FakeClock();
  const facts = {
    schedule: { every: 'day', keep: 7 } as BackupSchedule,
    running: true,
    busy: false,
    fail: false,
  };
  let newestAt = newest;
  const h: Harness = {
    clock,
    runs: [],
    record: {},
    warnings: [],
    set: (patch) => Object.assign(facts, patch),
    scheduler: new BackupScheduler({
      schedule: async () => facts.schedule,
      newestBackupAt: async () => newestAt,
      platformRunning: () => facts.running,
      async run(): Promise<LastRun> {
        if (facts.busy) throw new ScheduleBusy('Starting STATUS is still in progress.');
        h.runs.push(clock.now());
        if (facts.fail)
          return {
            at: clock.now(),
            ok: false,
            error: { message: 'pg_dump failed', hint: 'Check postgres.' },
          };
        newestAt = clock.now();
        return { at: clock.now(), ok: true, name: `b-${h.runs.length}-auto.statusbackup` };
      },
      readRecord: async () => h.record,
      writeRecord: async (record) => void (h.record = record),
      warn: (message) => h.warnings.push(message),
      clock,
    }),
  };
  return h;
}

describe('nextRunAt', () => {
  it('is due a period after the newest backup, at once when there is none, never when off', () => {
    expect(nextRunAt({ every: 'day', keep: 7 }, T0, undefined, T0 + 5)).toBe(T0 + DAY);
    expect(nextRunAt({ every: 'week', keep: 7 }, T0, undefined, T0 + 5)).toBe(T0 + PERIOD_MS.week);
    expect(nextRunAt({ every: 'day', keep: 7 }, undefined, undefined, T0)).toBe(T0);
    expect(nextRunAt({ every: 'off', keep: 7 }, T0, undefined, T0 + 10 * DAY)).toBeUndefined();
  });

  it('waits an hour after a failed attempt before trying again', () => {
    const failed: LastRun = { at: T0 + 2 * DAY, ok: false };
    expect(nextRunAt({ every: 'day', keep: 7 }, T0, failed, T0 + 2 * DAY)).toBe(
      T0 + 2 * DAY + RETRY_AFTER_FAILURE_MS,
    );
  });
});

describe('BackupScheduler', () => {
  it('takes a backup at start when none was ever taken, and records it', async () => {
    const h = harness();
    await h.scheduler.check();
    expect(h.runs).toEqual([T0]);
    expect(h.record.lastRun).toEqual({ at: T0, ok: true, name: 'b-1-auto.statusbackup' });
    expect(await h.scheduler.state()).toEqual({ lastRun: h.record.lastRun, nextRunAt: T0 + DAY });
  });

  it('does nothing before the period has passed, then backs up at the first check after it', async () => {
    const h = harness(T0 - DAY + 10 * 60_000); // the newest is 23 h 50 min old
    h.scheduler.start();
    await h.scheduler.check();
    expect(h.runs).toEqual([]);
    h.clock.advance(CHECK_EVERY_MS);
    await h.scheduler.check();
    expect(h.runs).toEqual([]);
    h.clock.advance(CHECK_EVERY_MS);
    await h.scheduler.check();
    expect(h.runs).toEqual([T0 + 2 * CHECK_EVERY_MS]);
    h.scheduler.close();
  });

  it('catches up once after a machine slept through several periods', async () => {
    const h = harness(T0);
    h.scheduler.start();
    await h.scheduler.check();
    h.clock.advance(5 * DAY); // asleep for five days: the timer fires once on waking
    await h.scheduler.check();
    h.clock.advance(CHECK_EVERY_MS);
    await h.scheduler.check();
    expect(h.runs).toEqual([T0 + 5 * DAY]);
    h.scheduler.close();
  });

  it('waits while the platform is not running, and says so', async () => {
    const h = harness();
    h.set({ running: false });
    await h.scheduler.check();
    expect(h.runs).toEqual([]);
    expect(await h.scheduler.state()).toEqual({ nextRunAt: T0, waiting: 'platform-not-running' });
    h.set({ running: true });
    await h.scheduler.check();
    expect(h.runs).toEqual([T0]);
  });

  it('tries again at the next check when another task runs', async () => {
    const h = harness();
    h.set({ busy: true });
    await h.scheduler.check();
    expect(h.runs).toEqual([]);
    expect((await h.scheduler.state()).waiting).toBe('busy');
    expect(h.warnings).toEqual([]);
    h.set({ busy: false });
    h.clock.advance(CHECK_EVERY_MS);
    await h.scheduler.check();
    expect(h.runs).toEqual([T0 + CHECK_EVERY_MS]);
    expect((await h.scheduler.state()).waiting).toBeUndefined();
  });

  it('after a failure, records it and retries an hour later, not at every check', async () => {
    const h = harness();
    h.set({ fail: true });
    await h.scheduler.check();
    expect(h.record.lastRun).toMatchObject({ at: T0, ok: false, error: { message: 'pg_dump failed' } });
    h.clock.advance(CHECK_EVERY_MS);
    await h.scheduler.check();
    expect(h.runs).toEqual([T0]);
    h.set({ fail: false });
    h.clock.advance(RETRY_AFTER_FAILURE_MS - CHECK_EVERY_MS);
    await h.scheduler.check();
    expect(h.runs).toEqual([T0, T0 + RETRY_AFTER_FAILURE_MS]);
    expect(h.record.lastRun?.ok).toBe(true);
  });

  it('runs one check at a time and none when off', async () => {
    const h = harness();
    await Promise.all([h.scheduler.check(), h.scheduler.check()]);
    expect(h.runs).toEqual([T0]);
    const off = harness();
    off.set({ schedule: { every: 'off', keep: 7 } });
    await off.scheduler.check();
    expect(off.runs).toEqual([]);
    expect(await off.scheduler.state()).toEqual({});
  });

  it('stops checking when closed', async () => {
    const h = harness(T0);
    h.scheduler.start();
    expect(h.clock.pending).toBe(1);
    h.scheduler.close();
    expect(h.clock.pending).toBe(0);
    h.clock.advance(2 * DAY);
    await h.scheduler.check();
    expect(h.runs).toEqual([]);
  });
});
