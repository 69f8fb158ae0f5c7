// SQL for the computations table, the "group finished" flag in Redis, and calculateCompliance
// (spec §5.4) exactly as the original computes it.
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { insertRows } from '../../db/table.js';
import { inTransaction } from '../../db/transaction.js';
import { iso, isoSql } from '../../http/domain.js';
import type { ListQuery } from '../../http/lists.js';
import type { ComputationInput } from './schemas.js';

export interface ComputationRow {
  id: string;
  control_id: number | null;
  computation_group: string | null;
  value: boolean | null;
  scope: Record<string, unknown>;
  evidences: Record<string, unknown>[];
  period_from: Date | null;
  period_to: Date | null;
  created_at: Date;
  updated_at: Date;
}

export function toComputation(r: ComputationRow) {
  return {
    id: r.id,
    computationGroup: r.computation_group,
    value: r.value,
    scope: r.scope,
    evidences: r.evidences,
    period: { from: iso(r.period_from), to: iso(r.period_to) },
    controlId: r.control_id,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
export type Computation = ReturnType<typeof toComputation>;

/** The original's compliance summary of one computation group (spec §5.4). */
export function calculateCompliance(rows: Computation[]) {
  if (!rows.length) return [];
  const first = rows[0]!;
  const keys = Object.keys(first.scope ?? {});
  const trimmedScope = Object.fromEntries(keys.slice(0, -1).map((k) => [k, first.scope[k]]));
  let total = 0;
  let trues = 0;
  for (const r of rows) {
    const ev = Array.isArray(r.evidences) ? r.evidences : [];
    total += ev.length;
    trues += ev.filter((e) => e && e.result === true).length;
  }
  return [
    {
      id: first.computationGroup,
      value: total ? Math.round((trues / total) * 100) : 0,
      scope: trimmedScope,
      evidences: rows,
      period: first.period,
      controlId: first.controlId,
    },
  ];
}

const COLUMNS = `id, control_id, computation_group, value, scope, evidences, period_from, period_to,
  created_at, updated_at`;

/** Redis flag: the group's last batch arrived. Expires, unlike the original's. */
export const doneKey = (group: string) => `computation:done:${group}`;
export const DONE_TTL_SECONDS = 7 * 24 * 60 * 60;

/** One computation as json, built by PostgreSQL: the same document as `toComputation`. */
export const COMPUTATION_JSON = `json_build_object(
  'id', id, 'computationGroup', computation_group, 'value', value, 'scope', scope,
  'evidences', evidences,
  'period', json_build_object('from', ${isoSql('period_from')}, 'to', ${isoSql('period_to')}),
  'controlId', control_id,
  'createdAt', ${isoSql('created_at')}, 'updatedAt', ${isoSql('updated_at')})`;

export interface ComputationFilter {
  controlId?: number | undefined;
  computationGroup?: string | undefined;
  /** created_at ≥ from */
  from?: Date | undefined;
  /** created_at ≤ to */
  to?: Date | undefined;
}

export class ComputationsRepository {
  constructor(
    private readonly db: pg.Pool,
    private readonly redis?: Redis,
  ) {}

  /** Computations matching the filter, newest first, as a list (http/lists.ts). */
  listQuery(f: ComputationFilter): ListQuery {
    return {
      item: COMPUTATION_JSON,
      from: `FROM computations
       WHERE ($1::int IS NULL OR control_id = $1)
         AND ($2::uuid IS NULL OR computation_group = $2)
         AND ($3::timestamptz IS NULL OR created_at >= $3)
         AND ($4::timestamptz IS NULL OR created_at <= $4)`,
      orderBy: 'created_at DESC, id',
      params: [f.controlId ?? null, f.computationGroup ?? null, f.from ?? null, f.to ?? null],
    };
  }

  /** Every row of a group, oldest first (the poll answer). */
  async byGroup(group: string): Promise<Computation[]> {
    const r = await this.db.query<ComputationRow>(
      `SELECT ${COLUMNS} FROM computations WHERE computation_group = $1 ORDER BY created_at, id`,
      [group],
    );
    return r.rows.map(toComputation);
  }

  /** Inserts the batch in one transaction (one multi-row INSERT per 500 rows). */
  async insertMany(items: ComputationInput[]): Promise<Computation[]> {
    const rows = await inTransaction(this.db, (client) =>
      insertRows<ComputationRow>(
        client,
        `INSERT INTO computations (control_id, computation_group, value, scope, evidences, period_from, period_to)`,
        `RETURNING ${COLUMNS}`,
        items.map((c) => [
          c.controlId ?? null,
          c.computationGroup,
          c.value ?? null,
          JSON.stringify(c.scope ?? {}),
          JSON.stringify(c.evidences ?? []),
          c.period?.from ?? null,
          c.period?.to ?? null,
        ]),
      ),
    );
    return rows.map(toComputation);
  }

  async deleteAll(): Promise<number> {
    const r = await this.db.query('DELETE FROM computations');
    return r.rowCount ?? 0;
  }

  async deleteByControl(controlId: number): Promise<number> {
    const r = await this.db.query('DELETE FROM computations WHERE control_id = $1', [controlId]);
    return r.rowCount ?? 0;
  }

  async markDone(group: string): Promise<void> {
    await this.redis!.set(doneKey(group), 'true', 'EX', DONE_TTL_SECONDS);
  }

  async isDone(group: string): Promise<boolean> {
    return (await this.redis!.get(doneKey(group))) === 'true';
  }
}
