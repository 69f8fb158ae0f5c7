// One transaction on one pooled client: BEGIN, the work, COMMIT; a throw rolls back, and so does a
// work that returns `rollback(value)` (a refusal found under the transaction's locks).
import type pg from 'pg';

const ROLLBACK = Symbol('rollback');

export interface Rollback<T> {
  readonly [ROLLBACK]: true;
  readonly value: T;
}

/** Ends the transaction without its changes and makes `value` its result. */
export const rollback = <T>(value: T): Rollback<T> => ({ [ROLLBACK]: true, value });

const isRollback = (v: unknown): v is Rollback<unknown> =>
  typeof v === 'object' && v !== null && ROLLBACK in v;

type Result<R> = R extends Rollback<infer V> ? V : R;

export async function inTransaction<R>(
  db: pg.Pool,
  work: (client: pg.PoolClient) => Promise<R>,
): Promise<Result<R>> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const out = await work(client);
    if (isRollback(out)) {
      await client.query('ROLLBACK');
      return out.value as Result<R>;
    }
    await client.query('COMMIT');
    return out as Result<R>;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
