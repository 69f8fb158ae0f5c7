// Backups the launcher takes by itself (settings.backupSchedule): a backup is due when this
// project's newest backup is older than the period (a day, a week). Checked at start and every few
// minutes, so a machine that slept through several periods catches up with one backup, not one per
// missed period. Only while the platform runs (a backup needs its databases) and when no other
// whole-platform task runs (then it tries again at the next check). A failed attempt is retried
// an hour later, not at every check; the failure itself reaches every console as the task's end.
import type { BackupScheduleState } from '../api/contract.js';
import type { BackupSchedule } from '../engine/settings/settings.js';

export const PERIOD_MS = { day: 24 * 60 * 60_000, week: 7 * 24 * 60 * 60_000 } as const;
export const CHECK_EVERY_MS = 5 * 60_000;
export const RETRY_AFTER_FAILURE_MS = 60 * 60_000;

export type LastRun = NonNullable<BackupScheduleState['lastRun']>;

/** What the schedule remembers between runs of the launcher (backup-schedule-record.ts keeps it). */
export interface ScheduleRecord {
  lastRun?: LastRun;
}

export interface Clock {
  now(): number;
  /** Calls `fn` every `ms`; returns the function that stops it. */
  every(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref(); // the schedule alone never keeps a process alive
    return () => clearInterval(timer);
  },
};

/** Raised by `run` when the backup could not even start (another task runs). */
export class ScheduleBusy extends Error {}

export interface BackupSchedulerOptions {
  schedule(): Promise<BackupSchedule>;
  /** When this project's newest kept backup was written (epoch ms), if there is one. */
  newestBackupAt(): Promise<number | undefined>;
  /** The platform runs (its data stores answer), so a backup can be taken. */
  platformRunning(): boolean;
  /**
   * Starts the scheduled backup task and resolves with its outcome once it ended; rejects with a
   * ScheduleBusy when another task runs (any other rejection: it could not start either).
   */
  run(): Promise<LastRun>;
  readRecord(): Promise<ScheduleRecord>;
  writeRecord(record: ScheduleRecord): Promise<void>;
  warn(message: string): void;
  clock?: Clock;
  checkEveryMs?: number;
}

/** When the next scheduled backup is due (epoch ms); undefined while the schedule is off. */
export function nextRunAt(
  schedule: BackupSchedule,
  newestBackupAt: number | undefined,
  lastRun: LastRun | undefined,
  now: number,
): number | undefined {
  if (schedule.every === 'off') return undefined;
  const due = newestBackupAt === undefined ? now : newestBackupAt + PERIOD_MS[schedule.every];
  if (lastRun && !lastRun.ok) return Math.max(due, lastRun.at + RETRY_AFTER_FAILURE_MS);
  return due;
}

export class BackupScheduler {
  private readonly clock: Clock;
  private stopTimer: (() => void) | undefined;
  private checking: Promise<void> | undefined;
  private waiting: BackupScheduleState['waiting'];
  private closed = false;

  constructor(private readonly opts: BackupSchedulerOptions) {
    this.clock = opts.clock ?? systemClock;
  }

  /** Checks now, then every few minutes. */
  start(): void {
    this.stopTimer ??= this.clock.every(this.opts.checkEveryMs ?? CHECK_EVERY_MS, () => void this.check());
    void this.check();
  }

  /** No more checks; a backup already running goes on (the task runner owns it). */
  close(): void {
    this.closed = true;
    this.stopTimer?.();
    this.stopTimer = undefined;
  }

  /** Takes the backup if one is due and can be taken now. Never rejects; one check at a time. */
  check(): Promise<void> {
    this.checking ??= this.checkOnce()
      .catch((error: unknown) => this.opts.warn(`Scheduled backup: ${(error as Error).message}`))
      .finally(() => (this.checking = undefined));
    return this.checking;
  }

  async state(): Promise<BackupScheduleState> {
    const [schedule, newest, record] = await Promise.all([
      this.opts.schedule(),
      this.opts.newestBackupAt(),
      this.opts.readRecord(),
    ]);
    const next = nextRunAt(schedule, newest, record.lastRun, this.clock.now());
    const state: BackupScheduleState = {};
    if (record.lastRun) state.lastRun = record.lastRun;
    if (next !== undefined) state.nextRunAt = next;
    if (next !== undefined && next <= this.clock.now() && this.waiting) state.waiting = this.waiting;
    return state;
  }

  private async checkOnce(): Promise<void> {
    if (this.closed) return;
    const [schedule, newest, record] = await Promise.all([
      this.opts.schedule(),
      this.opts.newestBackupAt(),
      this.opts.readRecord(),
    ]);
    const next = nextRunAt(schedule, newest, record.lastRun, this.clock.now());
    if (next === undefined || next > this.clock.now()) {
      this.waiting = undefined;
      return;
    }
    if (this.closed) return; // closed while reading
    if (!this.opts.platformRunning()) {
      this.waiting = 'platform-not-running';
      return;
    }
    let lastRun: LastRun;
    try {
      lastRun = await this.opts.run();
    } catch (error) {
      // Busy: the next check tries again. Anything else (the engine went away…) is told, then the same.
      this.waiting = error instanceof ScheduleBusy ? 'busy' : undefined;
      if (!(error instanceof ScheduleBusy))
        this.opts.warn(`The scheduled backup could not start: ${(error as Error).message}`);
      return;
    }
    this.waiting = undefined;
    await this.opts.writeRecord({ ...record, lastRun });
  }
}
