// SQL for the scopes table and the scope_sets table (JSONB; the original kept these in MongoDB).
import type pg from 'pg';
import { setClause } from '../../http/domain.js';

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

export class ScopesRepository {
  constructor(private readonly db: pg.Pool) {}

  async list(limit: number, offset: number) {
    const r = await this.db.query<ScopeRow>(`SELECT ${SCOPE} FROM scopes ORDER BY name LIMIT $1 OFFSET $2`, [
      limit,
      offset,
    ]);
    return r.rows.map(toScope);
  }

  async get(id: string) {
    const r = await this.db.query<ScopeRow>(`SELECT ${SCOPE} FROM scopes WHERE id = $1`, [id]);
    return r.rows[0] ? toScope(r.rows[0]) : null;
  }

  async create(s: Required<ScopeInput>) {
    const r = await this.db.query<ScopeRow>(
      `INSERT INTO scopes (name, description, type, default_value) VALUES ($1, $2, $3, $4) RETURNING ${SCOPE}`,
      [s.name, s.description, s.type, s.default],
    );
    return toScope(r.rows[0]!);
  }

  async update(id: string, s: ScopeInput) {
    const set = setClause(
      { name: s.name, description: s.description, type: s.type, default_value: s.default },
      2,
    );
    const r = await this.db.query<ScopeRow>(
      set.sql
        ? `UPDATE scopes SET ${set.sql} WHERE id = $1 RETURNING ${SCOPE}`
        : `SELECT ${SCOPE} FROM scopes WHERE id = $1`,
      [id, ...set.values],
    );
    return r.rows[0] ? toScope(r.rows[0]) : null;
  }

  async delete(id: string) {
    return ((await this.db.query('DELETE FROM scopes WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  async listSets(f: { controlId?: number | undefined; limit: number; offset: number }) {
    const r = await this.db.query<ScopeSetRow>(
      `SELECT ${SET} FROM scope_sets WHERE ($1::int IS NULL OR control_id = $1) ORDER BY id LIMIT $2 OFFSET $3`,
      [f.controlId ?? null, f.limit, f.offset],
    );
    return r.rows.map(toScopeSet);
  }

  async getSet(id: number) {
    const r = await this.db.query<ScopeSetRow>(`SELECT ${SET} FROM scope_sets WHERE id = $1`, [id]);
    return r.rows[0] ? toScopeSet(r.rows[0]) : null;
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
    const set = setClause(
      { control_id: s.controlId, scopes: s.scopes === undefined ? undefined : JSON.stringify(s.scopes) },
      2,
    );
    const r = await this.db.query<ScopeSetRow>(
      set.sql
        ? `UPDATE scope_sets SET ${set.sql} WHERE id = $1 RETURNING ${SET}`
        : `SELECT ${SET} FROM scope_sets WHERE id = $1`,
      [id, ...set.values],
    );
    return r.rows[0] ? toScopeSet(r.rows[0]) : null;
  }

  async deleteSet(id: number) {
    return ((await this.db.query('DELETE FROM scope_sets WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }
}
