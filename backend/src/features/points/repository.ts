// SQL for the points table. The unique key points_dedup_key (agreement, guarantee, timestamp,
// md5(scope)) de-duplicates: inserts use ON CONFLICT DO NOTHING. `insertMany` is also the entry
// point of the registry feature's points calculation.
import type pg from 'pg';
import { insertRows, Table } from '../../db/table.js';
import { isoSql } from '../../http/domain.js';
import type { ListQuery } from '../../http/lists.js';
import type { PointInput } from './schemas.js';

export interface PointRow {
  id: string;
  agreement_id: string;
  guarantee_id: string;
  guarantee_value: number;
  guarantee_result: boolean;
  timestamp: Date;
  metrics: Record<string, unknown>;
  scope: Record<string, unknown>;
  computation_group: string | null;
  created_at: Date;
  updated_at: Date;
}

export function toPoint(r: PointRow) {
  return {
    id: r.id,
    agreementId: r.agreement_id,
    guaranteeId: r.guarantee_id,
    guaranteeValue: r.guarantee_value,
    guaranteeResult: r.guarantee_result,
    timestamp: r.timestamp.toISOString(),
    metrics: r.metrics,
    scope: r.scope,
    computationGroup: r.computation_group,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
export type Point = ReturnType<typeof toPoint>;

const COLUMNS = `id, agreement_id, guarantee_id, guarantee_value, guarantee_result, "timestamp", metrics,
  scope, computation_group, created_at, updated_at`;

/** One point as json, built by PostgreSQL: the same document as `toPoint` (keys in order). */
export const POINT_JSON = `json_build_object(
  'id', id, 'agreementId', agreement_id, 'guaranteeId', guarantee_id,
  'guaranteeValue', guarantee_value, 'guaranteeResult', guarantee_result,
  'timestamp', ${isoSql('"timestamp"')}, 'metrics', metrics, 'scope', scope,
  'computationGroup', computation_group,
  'createdAt', ${isoSql('created_at')}, 'updatedAt', ${isoSql('updated_at')})`;

export interface PointFilter {
  agreementId?: string | undefined;
  guaranteeId?: string | undefined;
  /** timestamp ≥ from */
  from?: Date | string | undefined;
  /** timestamp ≤ to */
  to?: Date | string | undefined;
  /** timestamp < before (the registry's [from, to) window) */
  before?: Date | string | undefined;
}

export class PointsRepository {
  private readonly table: Table<PointRow>;
  constructor(private readonly db: Pick<pg.Pool, 'query'>) {
    this.table = new Table(db, 'points', COLUMNS, POINT_JSON);
  }

  /**
   * Points matching the filter, as a list (http/lists.ts): by timestamp then id, or by timestamp
   * then guarantee (`byGuarantee`, the registry's order).
   */
  listQuery(f: PointFilter, order: 'id' | 'byGuarantee' = 'id'): ListQuery {
    return this.table.list(
      order === 'id' ? '"timestamp", id' : '"timestamp", guarantee_id, id',
      `($1::text IS NULL OR agreement_id = $1) AND ($2::text IS NULL OR guarantee_id = $2)
         AND ($3::timestamptz IS NULL OR "timestamp" >= $3) AND ($4::timestamptz IS NULL OR "timestamp" <= $4)
         AND ($5::timestamptz IS NULL OR "timestamp" < $5)`,
      [f.agreementId ?? null, f.guaranteeId ?? null, f.from ?? null, f.to ?? null, f.before ?? null],
    );
  }

  async get(id: string): Promise<Point | null> {
    const row = await this.table.get(id);
    return row && toPoint(row);
  }

  /** Inserts what is new; duplicates (same agreement, guarantee, timestamp and scope) are skipped. */
  async insertMany(points: PointInput[]): Promise<{ stored: Point[]; skipped: number }> {
    const rows = await insertRows<PointRow>(
      this.db,
      `INSERT INTO points (agreement_id, guarantee_id, guarantee_value, guarantee_result, "timestamp",
         metrics, scope, computation_group)`,
      `ON CONFLICT ON CONSTRAINT points_dedup_key DO NOTHING RETURNING ${COLUMNS}`,
      points.map((p) => [
        p.agreementId,
        p.guaranteeId,
        p.guaranteeValue,
        p.guaranteeResult,
        p.timestamp,
        JSON.stringify(p.metrics ?? {}),
        JSON.stringify(p.scope ?? {}),
        p.computationGroup ?? null,
      ]),
    );
    return { stored: rows.map(toPoint), skipped: points.length - rows.length };
  }

  async deleteAll(): Promise<number> {
    return (await this.db.query('DELETE FROM points')).rowCount ?? 0;
  }

  delete(id: string): Promise<boolean> {
    return this.table.delete(id);
  }
}
