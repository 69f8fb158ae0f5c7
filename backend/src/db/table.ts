// The by-id SQL every resource table repeats: read one row, update the fields given, delete one,
// and multi-row inserts in chunks. Repositories keep their own SQL for everything else and turn
// rows into wire shapes themselves.
import type pg from 'pg';
import { setClause } from '../http/domain.js';
import type { ListQuery } from '../http/lists.js';

/** A pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'>;

/** Rows per multi-row INSERT: well under PostgreSQL's 65,535 parameters for any of our tables. */
export const INSERT_CHUNK = 500;

export class Table<Row extends pg.QueryResultRow> {
  constructor(
    private readonly db: Queryable,
    /** The table's name, as in SQL. */
    readonly name: string,
    /** The columns a row is read with (SELECT and RETURNING). */
    readonly columns: string,
    /** A row as the wire's JSON document, built by PostgreSQL (for lists). */
    readonly json: string,
  ) {}

  /** The rows matching `where` (SQL; `$1…` are `params`), in `orderBy` order, as a list (http/lists.ts). */
  list(orderBy: string, where?: string, params?: unknown[]): ListQuery {
    const from = where ? `FROM ${this.name} WHERE ${where}` : `FROM ${this.name}`;
    return params ? { item: this.json, from, orderBy, params } : { item: this.json, from, orderBy };
  }

  /** The row with this id, or null; `lock` takes a row lock (inside a transaction on `q`). */
  async get(id: unknown, q: Queryable = this.db, lock = false): Promise<Row | null> {
    const r = await q.query<Row>(
      `SELECT ${this.columns} FROM ${this.name} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return r.rows[0] ?? null;
  }

  /** Sets the defined `fields` (column → value); none defined: the row as it is. Null: no such row. */
  async update(id: unknown, fields: Record<string, unknown>): Promise<Row | null> {
    const set = setClause(fields, 2);
    if (!set.sql) return this.get(id);
    const r = await this.db.query<Row>(
      `UPDATE ${this.name} SET ${set.sql} WHERE id = $1 RETURNING ${this.columns}`,
      [id, ...set.values],
    );
    return r.rows[0] ?? null;
  }

  /** Whether a row was deleted. */
  async delete(id: unknown): Promise<boolean> {
    const r = await this.db.query(`DELETE FROM ${this.name} WHERE id = $1`, [id]);
    return (r.rowCount ?? 0) > 0;
  }
}

/**
 * `head VALUES (…), (…) tail` for each chunk of `rows` (each row: its values in column order), on
 * `q`; the rows the statements return, in order.
 */
export async function insertRows<Row extends pg.QueryResultRow>(
  q: Queryable,
  head: string,
  tail: string,
  rows: unknown[][],
): Promise<Row[]> {
  const out: Row[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const values: unknown[] = [];
    const tuples = rows.slice(i, i + INSERT_CHUNK).map((row) => {
      const first = values.length + 1;
      values.push(...row);
      return `(${row.map((_, k) => `$${first + k}`).join(', ')})`;
    });
    const r = await q.query<Row>(`${head} VALUES ${tuples.join(', ')} ${tail}`, values);
    out.push(...r.rows);
  }
  return out;
}
