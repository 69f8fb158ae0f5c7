// SQL for the controls and panels tables. Rows leave this module only in the wire shapes.
import type pg from 'pg';
import { Table } from '../../db/table.js';
import { iso, isoSql } from '../../http/domain.js';
import type { ListQuery } from '../../http/lists.js';
import type { PublishStatus } from '../catalogs/repository.js';
import type { Period } from './periods.js';

export type { Period };

export interface ControlRow {
  id: number;
  catalog_id: number;
  name: string;
  description: string | null;
  period: Period;
  start_date: Date | null;
  end_date: Date | null;
  mashup_id: string | null;
  params: Record<string, unknown>;
  status: PublishStatus;
  last_run_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export function toControl(r: ControlRow) {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    period: r.period,
    startDate: iso(r.start_date),
    endDate: iso(r.end_date),
    mashupId: r.mashup_id,
    catalogId: r.catalog_id,
    params: r.params,
    status: r.status,
    lastRunAt: iso(r.last_run_at),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
export type Control = ReturnType<typeof toControl>;

export interface ControlInput {
  name?: string | undefined;
  catalogId?: number | undefined;
  description?: string | null | undefined;
  period?: Period | undefined;
  startDate?: Date | null | undefined;
  endDate?: Date | null | undefined;
  mashupId?: string | null | undefined;
  params?: Record<string, unknown> | undefined;
  status?: PublishStatus | undefined;
}

/** What a new control needs. */
export type NewControl = ControlInput & {
  name: string;
  catalogId: number;
  period: Period;
  status: PublishStatus;
};

const COLUMNS = `id, catalog_id, name, description, period, start_date, end_date, mashup_id, params,
  status, last_run_at, created_at, updated_at`;

const endpointOf = (p: Record<string, unknown> | undefined) =>
  p === undefined ? undefined : typeof p.endpoint === 'string' ? p.endpoint : null;

export interface PanelRow {
  uid: string;
  panel_id: string | null;
  dashboard_uid: string | null;
  control_id: number | null;
}
export const toPanel = (r: PanelRow) => ({
  uid: r.uid,
  id: r.panel_id,
  dashboardUid: r.dashboard_uid,
  controlId: r.control_id,
});

/** One control as json, built by PostgreSQL: the same document as `toControl` (keys in order). */
export const CONTROL_JSON = `json_build_object(
  'id', id, 'name', name, 'description', description, 'period', period,
  'startDate', ${isoSql('start_date')}, 'endDate', ${isoSql('end_date')},
  'mashupId', mashup_id, 'catalogId', catalog_id, 'params', params, 'status', status,
  'lastRunAt', ${isoSql('last_run_at')},
  'createdAt', ${isoSql('created_at')}, 'updatedAt', ${isoSql('updated_at')})`;

const PANEL_COLUMNS = 'uid, panel_id, dashboard_uid, control_id';

/** One panels row as json: the same document as `toPanel`. */
export const PANEL_JSON = `json_build_object(
  'uid', uid, 'id', panel_id, 'dashboardUid', dashboard_uid, 'controlId', control_id)`;

export interface ControlFilter {
  catalogId?: number | undefined;
  status?: PublishStatus | undefined;
}

export class ControlsRepository {
  private readonly table: Table<ControlRow>;
  private readonly panels: Table<PanelRow>;
  constructor(private readonly db: pg.Pool) {
    this.table = new Table(db, 'controls', COLUMNS, CONTROL_JSON);
    this.panels = new Table(db, 'panels', PANEL_COLUMNS, PANEL_JSON);
  }

  /** Controls matching the filter, by id, as a list (http/lists.ts). */
  listQuery(f: ControlFilter): ListQuery {
    return this.table.list(
      'id',
      '($1::int IS NULL OR catalog_id = $1) AND ($2::publish_status IS NULL OR status = $2)',
      [f.catalogId ?? null, f.status ?? null],
    );
  }

  /** The panels rows of a control, oldest first, as a list. */
  panelsQuery(controlId: number): ListQuery {
    return this.panels.list('created_at, uid', 'control_id = $1', [controlId]);
  }

  get(id: number): Promise<ControlRow | null> {
    return this.table.get(id);
  }

  async create(c: NewControl) {
    const r = await this.db.query<ControlRow>(
      `INSERT INTO controls (catalog_id, name, description, period, start_date, end_date, endpoint,
         mashup_id, params, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
      [
        c.catalogId,
        c.name,
        c.description ?? '',
        c.period,
        c.startDate ?? new Date(),
        c.endDate ?? null,
        endpointOf(c.params ?? {}),
        c.mashupId ?? '',
        JSON.stringify(c.params ?? {}),
        c.status,
      ],
    );
    return toControl(r.rows[0]!);
  }

  async update(id: number, c: ControlInput): Promise<Control | null> {
    const row = await this.table.update(id, {
      name: c.name,
      catalog_id: c.catalogId,
      description: c.description,
      period: c.period,
      start_date: c.startDate,
      end_date: c.endDate,
      mashup_id: c.mashupId,
      params: c.params === undefined ? undefined : JSON.stringify(c.params),
      endpoint: endpointOf(c.params),
      status: c.status,
    });
    return row && toControl(row);
  }

  delete(id: number): Promise<boolean> {
    return this.table.delete(id);
  }

  async addPanel(controlId: number, panelId: string, dashboardUid: string) {
    const r = await this.db.query<PanelRow>(
      `INSERT INTO panels (panel_id, dashboard_uid, control_id) VALUES ($1, $2, $3)
       RETURNING ${PANEL_COLUMNS}`,
      [panelId, dashboardUid, controlId],
    );
    return toPanel(r.rows[0]!);
  }

  async deletePanel(controlId: number, panelId: string): Promise<number> {
    const r = await this.db.query('DELETE FROM panels WHERE control_id = $1 AND panel_id = $2', [
      controlId,
      panelId,
    ]);
    return r.rowCount ?? 0;
  }
}
