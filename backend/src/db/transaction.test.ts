// inTransaction against PostgreSQL: the work's writes are committed, undone by a throw (which
// reaches the caller), and undone by `rollback(value)` (whose value is the result).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { inTransaction, rollback } from './transaction.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  await app.db.query('CREATE TABLE tx_probe (n int)');
});
afterAll(async () => {
  await app?.close();
});

const rows = async () => (await app.db.query<{ n: number }>('SELECT n FROM tx_probe ORDER BY n')).rows;

describe('inTransaction', () => {
  it('commits the work and returns its result', async () => {
    const out = await inTransaction(app.db, async (c) => {
      await c.query('INSERT INTO tx_probe VALUES (1)');
      return 'done';
    });
    expect(out).toBe('done');
    expect(await rows()).toEqual([{ n: 1 }]);
  });

  it('rolls back when the work throws, and rethrows', async () => {
    const work = inTransaction(app.db, async (c) => {
      await c.query('INSERT INTO tx_probe VALUES (2)');
      throw new Error('refused');
    });
    await expect(work).rejects.toThrow('refused');
    expect(await rows()).toEqual([{ n: 1 }]);
  });

  it('rolls back on rollback(value) and returns the value', async () => {
    const out = await inTransaction(app.db, async (c) => {
      await c.query('INSERT INTO tx_probe VALUES (3)');
      return rollback({ refused: true });
    });
    expect(out).toEqual({ refused: true });
    expect(await rows()).toEqual([{ n: 1 }]);
  });
});
