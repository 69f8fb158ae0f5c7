// SQL for the catalogs table. Rows leave this module only as the wire shape (`toCatalog`).
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { inTransaction, rollback } from '../../db/transaction.js';
import { Table, type Queryable } from '../../db/table.js';
import { iso, isoSql } from '../../http/domain.js';
import type { ListQuery } from '../../http/lists.js';

export type PublishStatus = 'draft' | 'finalized';

export interface CatalogRow {
  id: number;
  name: string;
  description: string | null;
  start_date: Date;
  end_date: Date | null;
  dashboard_id: string | null;
  tpa_id: string | null;
  status: PublishStatus;
  created_at: Date;
  updated_at: Date;
}

export interface Catalog {
  id: number;
  name: string;
  description: string | null;
  startDate: string;
  endDate: string | null;
  dashboard_id: string | null;
  tpaId: string | null;
  status: PublishStatus;
  createdAt: string;
  updatedAt: string;
}

export function toCatalog(r: CatalogRow): Catalog {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    startDate: r.start_date.toISOString(),
    endDate: iso(r.end_date),
    dashboard_id: r.dashboard_id,
    tpaId: r.tpa_id,
    status: r.status,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export const newTpaId = () => `tpa-${randomUUID()}`;

export interface CatalogInput {
  name?: string | undefined;
  description?: string | null | undefined;
  startDate?: Date | undefined;
  endDate?: Date | null | undefined;
  dashboard_id?: string | null | undefined;
}

const COLUMNS =
  'id, name, description, start_date, end_date, dashboard_id, tpa_id, status, created_at, updated_at';

/** One catalog as json, built by PostgreSQL: the same document as `toCatalog` (keys in order). */
export const CATALOG_JSON = `json_build_object(
  'id', id, 'name', name, 'description', description,
  'startDate', ${isoSql('start_date')}, 'endDate', ${isoSql('end_date')},
  'dashboard_id', dashboard_id, 'tpaId', tpa_id, 'status', status,
  'createdAt', ${isoSql('created_at')}, 'updatedAt', ${isoSql('updated_at')})`;

export interface CatalogFilter {
  name?: string | undefined;
  status?: PublishStatus | undefined;
}

export class CatalogsRepository {
  private readonly table: Table<CatalogRow>;
  constructor(private readonly db: pg.Pool) {
    this.table = new Table(db, 'catalogs', COLUMNS, CATALOG_JSON);
  }

  /** Catalogs matching the filter, oldest first, as a list (http/lists.ts). */
  listQuery(f: CatalogFilter): ListQuery {
    return this.table.list(
      'id',
      `($1::text IS NULL OR name ILIKE '%' || $1 || '%') AND ($2::publish_status IS NULL OR status = $2)`,
      [f.name ?? null, f.status ?? null],
    );
  }

  /** One catalog's JSON text, or null. */
  async getJson(id: number): Promise<string | null> {
    const r = await this.db.query<{ j: string }>(
      `SELECT (${CATALOG_JSON})::text AS j FROM catalogs WHERE id = $1`,
      [id],
    );
    return r.rows[0]?.j ?? null;
  }

  get(id: number, q: Queryable = this.db, lock = false): Promise<CatalogRow | null> {
    return this.table.get(id, q, lock);
  }

  async create(c: CatalogInput & { status: PublishStatus }): Promise<Catalog> {
    const r = await this.db.query<CatalogRow>(
      `INSERT INTO catalogs (name, description, start_date, end_date, dashboard_id, tpa_id, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [
        c.name,
        c.description ?? null,
        c.startDate,
        c.endDate ?? null,
        c.dashboard_id ?? null,
        c.status === 'draft' ? null : newTpaId(),
        c.status,
      ],
    );
    return toCatalog(r.rows[0]!);
  }

  async update(id: number, c: CatalogInput): Promise<Catalog | null> {
    const row = await this.table.update(id, {
      name: c.name,
      description: c.description,
      start_date: c.startDate,
      end_date: c.endDate,
      dashboard_id: c.dashboard_id,
    });
    return row && toCatalog(row);
  }

  delete(id: number): Promise<boolean> {
    return this.table.delete(id);
  }

  /**
   * Finalizes a draft catalog and its draft controls in one transaction. Returns the outcome; the
   * checks run under a row lock so two finalizes cannot both succeed.
   */
  async finalize(
    id: number,
  ): Promise<
    | { ok: true; catalog: Catalog; finalized: number }
    | { ok: false; reason: 'not-found' | 'not-draft' | 'dates' }
    | { ok: false; reason: 'controls'; controls: number[] }
  > {
    return inTransaction(this.db, async (client) => {
      const row = await this.get(id, client, true);
      if (!row) return rollback({ ok: false as const, reason: 'not-found' as const });
      if (row.status !== 'draft') return rollback({ ok: false as const, reason: 'not-draft' as const });
      if (!row.end_date) return rollback({ ok: false as const, reason: 'dates' as const });
      const bad = await client.query<{ id: number }>(
        `SELECT id FROM controls WHERE catalog_id = $1 AND status = 'draft'
           AND NOT (params ? 'endpoint' AND params ? 'threshold') ORDER BY id`,
        [id],
      );
      if (bad.rows.length)
        return rollback({
          ok: false as const,
          reason: 'controls' as const,
          controls: bad.rows.map((b) => b.id),
        });
      const updated = await client.query<CatalogRow>(
        `UPDATE catalogs SET status = 'finalized', tpa_id = $2 WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, newTpaId()],
      );
      const controls = await client.query(
        `UPDATE controls SET status = 'finalized' WHERE catalog_id = $1 AND status = 'draft'`,
        [id],
      );
      return { ok: true as const, catalog: toCatalog(updated.rows[0]!), finalized: controls.rowCount ?? 0 };
    });
  }
}
