// SQL for the scopes table and the scope_sets table (JSONB; the original kept these in MongoDB).
import type pg from 'pg';
import { Table } from '../../db/table.js';
import { isoSql } from '../../http/domain.js';
import type { ListQuery } from '../../http/lists.js';

export interface ScopeRow {
  id: string;
  name: string;
  description: string;
  type: string;
  default_value: string;
  created_at: Date;
  updated_at: Date;
}
export const toScope = (r: ScopeRow) => ({
  id: r.id,
  name: r.name,
  description: r.description,
  type: r.type,
  default: r.default_value,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export interface ScopeSetRow {
  id: number;
  control_id: number;
  scopes: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}
/** `_id` mirrors `id` for clients written against the MongoDB documents. */
export const toScopeSet = (r: ScopeSetRow) => ({
  id: r.id,
  _id: String(r.id),
  controlId: r.control_id,
  scopes: r.scopes,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const SCOPE = 'id, name, description, type, default_value, created_at, updated_at';
const SET = 'id, control_id, scopes, created_at, updated_at';

export interface ScopeInput {
  name?: string | undefined;
  description?: string | undefined;
  type?: string | undefined;
  default?: string | undefined;
}

/** One scope as json, built by PostgreSQL: the same document as `toScope` (keys in order). */
export const SCOPE_JSON = `json_build_object(
  'id', id, 'name', name, 'description', description, 'type', type, 'default', default_value,
  'createdAt', ${isoSql('created_at')}, 'updatedAt', ${isoSql('updated_at')})`;

/** One scope set as json: the same document as `toScopeSet`. */
export const SCOPE_SET_JSON = `json_build_object(
  'id', id, '_id', id::text, 'controlId', control_id, 'scopes', scopes,
  'createdAt', ${isoSql('created_at')}, 'updatedAt', ${isoSql('updated_at')})`;

export class ScopesRepository {
  private readonly scopes: Table<ScopeRow>;
  private readonly sets: Table<ScopeSetRow>;
  constructor(private readonly db: pg.Pool) {
    this.scopes = new Table(db, 'scopes', SCOPE, SCOPE_JSON);
    this.sets = new Table(db, 'scope_sets', SET, SCOPE_SET_JSON);
  }

  /** Every scope, by name, as a list (http/lists.ts). */
  listQuery(): ListQuery {
    return this.scopes.list('name');
  }

  /** Scope sets (of one control, or all), by id, as a list. */
  setsQuery(f: { controlId?: number | undefined }): ListQuery {
    return this.sets.list('id', '($1::int IS NULL OR control_id = $1)', [f.controlId ?? null]);
  }

  async get(id: string) {
    const row = await this.scopes.get(id);
    return row && toScope(row);
  }

  async create(s: Required<ScopeInput>) {
    const r = await this.db.query<ScopeRow>(
      `INSERT INTO scopes (name, description, type, default_value) VALUES ($1, $2, $3, $4) RETURNING ${SCOPE}`,
      [s.name, s.description, s.type, s.default],
    );
    return toScope(r.rows[0]!);
  }

  async update(id: string, s: ScopeInput) {
    const row = await this.scopes.update(id, {
      name: s.name,
      description: s.description,
      type: s.type,
      default_value: s.default,
    });
    return row && toScope(row);
  }

  delete(id: string) {
    return this.scopes.delete(id);
  }

  async getSet(id: number) {
    const row = await this.sets.get(id);
    return row && toScopeSet(row);
  }

  async createSet(controlId: number, scopes: Record<string, unknown>) {
    const r = await this.db.query<ScopeSetRow>(
      `INSERT INTO scope_sets (control_id, scopes) VALUES ($1, $2) RETURNING ${SET}`,
      [controlId, JSON.stringify(scopes)],
    );
    return toScopeSet(r.rows[0]!);
  }

  async updateSet(
    id: number,
    s: { controlId?: number | undefined; scopes?: Record<string, unknown> | undefined },
  ) {
    const row = await this.sets.update(id, {
      control_id: s.controlId,
      scopes: s.scopes === undefined ? undefined : JSON.stringify(s.scopes),
    });
    return row && toScopeSet(row);
  }

  deleteSet(id: number) {
    return this.sets.delete(id);
  }
}
