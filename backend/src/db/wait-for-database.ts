// Waits for PostgreSQL before the first query of start-up. On a Docker Swarm `depends_on` is
// ignored, so the backend's task can start before PostgreSQL's name resolves or before it accepts
// connections (or while it answers 57P03 "starting up"). Those errors are retried with growing
// steps until a deadline; any other error (wrong password, missing database, …) is final at once.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createPool } from './pool.js';

type DbConfig = Pick<Config, 'DB_HOST' | 'DB_PORT' | 'DB_NAME' | 'DB_USER' | 'DB_PASSWORD'>;

export interface WaitForDatabaseOptions {
  /** How long to keep retrying; 0 = no wait (the first query fails as it would). */
  deadlineMs: number;
  logger: Pick<Logger, 'info' | 'warn'>;
}

const FIRST_STEP_MS = 250;
const MAX_STEP_MS = 2_000;
/** One attempt's connect timeout: an unanswered SYN (a Swarm VIP with no task yet) must not eat the deadline. */
const MAX_ATTEMPT_MS = 5_000;

const TRANSIENT_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  '57P03',
]);
const PG_CONNECT_TIMEOUT = 'Connection terminated due to connection timeout';

/** The deadline passed while PostgreSQL still gave transient errors. */
export class DatabaseUnavailableError extends Error {
  constructor(where: string, seconds: number, last: string) {
    super(
      `PostgreSQL at ${where} did not answer within ${seconds} s (last error: ${last}). ` +
        'Check that the database is running and reachable from the backend (DB_HOST, DB_PORT), ' +
        'or give it longer to start with STATUS_DB_WAIT_SECONDS.',
    );
    this.name = 'DatabaseUnavailableError';
  }
}

/** The short reason of a transient error (its code), or undefined when the error is final. */
export function transientReason(err: unknown): string | undefined {
  const e = err as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof e?.code === 'string' && TRANSIENT_CODES.has(e.code)) return e.code;
  if (e?.message === PG_CONNECT_TIMEOUT) return 'connect timeout';
  // Node tries every address of a name (IPv6 and IPv4); all of them failing is an AggregateError.
  if (err instanceof AggregateError && err.errors.length) {
    const reasons = err.errors.map(transientReason);
    if (reasons.every(Boolean)) return reasons[0];
  }
  return undefined;
}

/** Opens one connection and runs SELECT 1, at most `timeoutMs` for the connect. */
async function probe(config: DbConfig, timeoutMs: number): Promise<void> {
  const pool = createPool(config, { max: 1, connectionTimeoutMillis: Math.max(1, timeoutMs) });
  pool.on('error', () => undefined); // the attempt's outcome is the query's rejection
  try {
    await pool.query('SELECT 1');
  } finally {
    await pool.end().catch(() => undefined);
  }
}

export async function waitForDatabase(config: DbConfig, options: WaitForDatabaseOptions): Promise<void> {
  if (options.deadlineMs <= 0) return;
  const where = `${config.DB_HOST}:${config.DB_PORT}`;
  const seconds = Math.round(options.deadlineMs / 1000);
  const startedAt = Date.now();
  const deadline = startedAt + options.deadlineMs;
  let step = FIRST_STEP_MS;
  let waiting = false;
  for (;;) {
    try {
      await probe(config, Math.min(MAX_ATTEMPT_MS, deadline - Date.now()));
      if (waiting)
        options.logger.info(
          `PostgreSQL at ${where} answered after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
        );
      return;
    } catch (err) {
      const reason = transientReason(err);
      if (!reason) throw err;
      if (!waiting)
        options.logger.warn(
          `waiting for PostgreSQL at ${where} (${reason}); retrying for up to ${seconds} s`,
        );
      waiting = true;
      const left = deadline - Date.now();
      if (left <= 0) throw new DatabaseUnavailableError(where, seconds, (err as Error).message || reason);
      await sleep(Math.min(step, left));
      step = Math.min(step * 2, MAX_STEP_MS);
    }
  }
}
