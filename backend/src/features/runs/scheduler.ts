// The in-process scheduler: every finalized control with an endpoint runs once per period
// (HOURLY … ANNUALLY), counted from its last run. A control is claimed with a conditional UPDATE of
// last_run_at, so two backend instances never run the same period twice. Due controls run with a
// bounded concurrency (default 8, below the pool's 10 connections): 100 controls due at once take
// seconds, not 100 sequential Node-RED round trips, and Node-RED is not flooded. The first pass runs
// as soon as the platform is up (checked every 2 s, at most `readyTimeoutMs`; the backend starts
// before Node-RED and Grafana), so a freshly seeded control is computed within a minute of the first
// Start; then one pass per interval. A run that fails because Node-RED is not there (unreachable,
// endpoint not deployed yet, 502–504) gives its claim back and is retried at the next pass; a flow
// that fails keeps it (retried next period, not every minute). Clock and timer are injectable:
// tests call tick() with a fake clock instead of waiting.
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { checkPlatform } from '../health/platform.js';
import { periodEnd } from '../controls/periods.js';
import { NodeRedClient, NodeRedError } from '../nodered/client.js';
import { CONTROL_COLUMNS, controlEndpoint, runControl, type ControlRow, type RunResult } from './service.js';

export interface Timer {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

export interface SchedulerOptions {
  db: pg.Pool;
  nodeRed: NodeRedClient;
  logger: Logger;
  clock?: () => number;
  timer?: Timer;
  /** How often due controls are looked for (default one minute). */
  intervalMs?: number;
  /** How many due controls run at once (default 8). */
  concurrency?: number;
  /** Before the first pass: is the platform up? Polled every `readyPollMs` up to `readyTimeoutMs`. */
  isReady?: () => Promise<boolean>;
  readyPollMs?: number;
  readyTimeoutMs?: number;
}

/** Node-RED was not there to run the flow (as opposed to the flow failing). */
export function nodeRedUnavailable(err: unknown): boolean {
  const cause = (err as { cause?: unknown })?.cause ?? err;
  if (!(cause instanceof NodeRedError)) return false;
  if (cause.status === undefined) return !/no answer within/.test(cause.message);
  return cause.status === 404 || (cause.status >= 502 && cause.status <= 504);
}

export const DEFAULT_CONCURRENCY = 8;

/** Runs `fn` over `items` with at most `limit` calls in flight. */
export async function eachLimit<T>(items: readonly T[], limit: number, fn: (t: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

const realTimer: Timer = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class ControlScheduler {
  private handle: unknown;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  private readonly clock: () => number;
  private readonly timer: Timer;
  private readonly intervalMs: number;

  constructor(private readonly o: SchedulerOptions) {
    this.clock = o.clock ?? Date.now;
    this.timer = o.timer ?? realTimer;
    this.intervalMs = o.intervalMs ?? 60_000;
  }

  /** Is the control due at `now`: finalized, has an endpoint, inside its dates, a period since its last run. */
  static isDue(c: ControlRow, now: Date): boolean {
    if (c.status !== 'finalized' || !controlEndpoint(c)) return false;
    if (c.start_date && c.start_date.getTime() > now.getTime()) return false;
    if (c.end_date && c.end_date.getTime() < now.getTime()) return false;
    return !c.last_run_at || periodEnd(c.last_run_at, c.period).getTime() <= now.getTime();
  }

  /** One pass: runs every due control once; returns the results (failures are logged and skipped). */
  async tick(): Promise<RunResult[]> {
    const now = new Date(this.clock());
    const { rows } = await this.o.db.query<ControlRow>(
      `SELECT ${CONTROL_COLUMNS} FROM controls WHERE status = 'finalized' ORDER BY id`,
    );
    const due = rows.filter((c) => ControlScheduler.isDue(c, now));
    const results: RunResult[] = [];
    await eachLimit(due, this.o.concurrency ?? DEFAULT_CONCURRENCY, async (c) => {
      // Claim this period: only one instance wins the conditional update (a concurrent one waits
      // for the row and then finds last_run_at changed). Compared at the millisecond the row was
      // read with (JS dates), so a last run stored with microseconds is not skipped forever.
      const claim = await this.o.db.query(
        `UPDATE controls SET last_run_at = $2
         WHERE id = $1 AND date_trunc('milliseconds', last_run_at) IS NOT DISTINCT FROM $3`,
        [c.id, now, c.last_run_at],
      );
      if (claim.rowCount !== 1) return;
      try {
        results.push(await runControl(this.o.db, this.o.nodeRed, c, { now }));
      } catch (err) {
        const retry = nodeRedUnavailable(err);
        if (retry)
          await this.o.db.query('UPDATE controls SET last_run_at = $3 WHERE id = $1 AND last_run_at = $2', [
            c.id,
            now,
            c.last_run_at,
          ]);
        this.o.logger.warn(
          { controlId: c.id, err: (err as Error).message, retry: retry ? 'next pass' : 'next period' },
          'scheduled control run failed',
        );
      }
    });
    return results;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    if (this.o.isReady) this.waitForPlatform(this.clock() + (this.o.readyTimeoutMs ?? 120_000));
    else this.schedule(0);
  }

  /** Polls isReady() through the timer; the first pass runs once it is true or the time is up. */
  private waitForPlatform(deadline: number): void {
    const check = async () => {
      if ((this.o.db as { ended?: boolean }).ended) this.stopped = true; // the server shut down
      if (this.stopped) return;
      const ready = await this.o.isReady!().catch(() => false);
      if (this.stopped) return;
      if (ready || this.clock() >= deadline) {
        if (!ready) this.o.logger.warn('the platform is not fully up yet; running the due controls anyway');
        this.schedule(0);
      } else this.handle = this.timer.setTimeout(() => void check(), this.o.readyPollMs ?? 2000);
    };
    this.handle = this.timer.setTimeout(() => void check(), 0);
  }

  /** Stops the timer and waits for a pass in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.handle !== undefined) this.timer.clearTimeout(this.handle);
    this.handle = undefined;
    await this.running?.catch(() => undefined);
  }

  private schedule(ms: number): void {
    this.handle = this.timer.setTimeout(() => {
      this.handle = undefined;
      // The server closed the pool (shutdown): stop quietly instead of logging errors.
      if ((this.o.db as { ended?: boolean }).ended) {
        this.stopped = true;
        return;
      }
      this.running = this.tick()
        .catch((err: unknown) =>
          this.o.logger.error({ err: (err as Error).message }, 'control scheduler pass failed'),
        )
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.intervalMs);
        });
    }, ms);
  }
}

/** Starts the scheduler of a running server (src/server.ts, which stops it); the timer does not
 *  keep the process alive. */
export function startControlScheduler(services: {
  config: Config;
  db: pg.Pool;
  redis: Redis;
  logger: Logger;
  nodeRed: NodeRedClient;
}): ControlScheduler {
  const s = new ControlScheduler({
    db: services.db,
    nodeRed: services.nodeRed,
    logger: services.logger.child({ component: 'control-scheduler' }),
    // Every service of /health/platform up (the starter flows read it and call the others).
    isReady: async () => (await checkPlatform(services)).status === 'ok',
  });
  s.start();
  return s;
}
