// SQL for the secrets table. Values are stored AES-256-GCM encrypted (auth/secret-box.ts, key
// SECRETS_ENCRYPTION_KEY) as iv / ciphertext / tag; every query is scoped to the owner.
import type pg from 'pg';
import { Table } from '../../db/table.js';
import { isoSql, setClause } from '../../http/domain.js';
import type { ListQuery } from '../../http/lists.js';
import type { SecretBox } from '../auth/secret-box.js';

export interface SecretRow {
  id: number;
  user_id: number;
  name: string;
  type: string;
  environment: string;
  version: number;
  rotated_at: Date;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export const MASK = '********';

export const toSecret = (r: SecretRow) => ({
  id: r.id,
  name: r.name,
  type: r.type,
  environment: r.environment,
  createdBy: r.created_by,
  version: r.version,
  rotatedAt: r.rotated_at.toISOString(),
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  value: MASK,
});

/** SQL building exactly `toSecret`'s document (same keys, same order, same types). */
const SECRET_JSON = `json_build_object('id', id, 'name', name, 'type', type, 'environment', environment,
  'createdBy', created_by, 'version', version, 'rotatedAt', ${isoSql('rotated_at')},
  'createdAt', ${isoSql('created_at')}, 'updatedAt', ${isoSql('updated_at')}, 'value', '${MASK}')`;

const COLUMNS =
  'id, user_id, name, type, environment, version, rotated_at, created_by, created_at, updated_at';

function seal(box: SecretBox, plain: string): [Buffer, Buffer, Buffer] {
  const [iv, enc, tag] = box.encrypt(plain).split(':') as [string, string, string];
  return [Buffer.from(iv, 'hex'), Buffer.from(enc, 'hex'), Buffer.from(tag, 'hex')];
}

export class SecretsRepository {
  private readonly table: Table<SecretRow>;
  constructor(
    private readonly db: pg.Pool,
    private readonly box: SecretBox,
  ) {
    this.table = new Table(db, 'secrets', COLUMNS, SECRET_JSON);
  }

  /** The owner's secrets as `toSecret` shows them (value masked), by name then id. */
  listQuery(ownerId: number): ListQuery {
    return this.table.list('name, id', 'user_id = $1', [ownerId]);
  }

  async get(ownerId: number, id: number) {
    const r = await this.db.query<SecretRow>(
      `SELECT ${COLUMNS} FROM secrets WHERE id = $1 AND user_id = $2`,
      [id, ownerId],
    );
    return r.rows[0] ? toSecret(r.rows[0]) : null;
  }

  /** Null when the owner already has a secret with that name. */
  async create(
    ownerId: number,
    createdBy: string,
    s: { name: string; type: string; environment: string; value: string },
  ) {
    const [iv, enc, tag] = seal(this.box, s.value);
    const r = await this.db.query<SecretRow>(
      `INSERT INTO secrets (user_id, name, type, environment, ciphertext, iv, auth_tag, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT ON CONSTRAINT secrets_user_name_key DO NOTHING RETURNING ${COLUMNS}`,
      [ownerId, s.name, s.type, s.environment, enc, iv, tag, createdBy],
    );
    return r.rows[0] ? toSecret(r.rows[0]) : null;
  }

  /** A new value rotates the secret (version + 1). Throws 23505 on a name clash. */
  async update(
    ownerId: number,
    id: number,
    s: {
      name?: string | undefined;
      type?: string | undefined;
      environment?: string | undefined;
      value?: string | undefined;
    },
  ) {
    const sealed = s.value === undefined ? undefined : seal(this.box, s.value);
    const set = setClause(
      {
        name: s.name,
        type: s.type,
        environment: s.environment,
        iv: sealed?.[0],
        ciphertext: sealed?.[1],
        auth_tag: sealed?.[2],
      },
      3,
    );
    const rotate = sealed ? ', version = version + 1, rotated_at = now()' : '';
    const r = await this.db.query<SecretRow>(
      `UPDATE secrets SET ${set.sql}${rotate} WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
      [id, ownerId, ...set.values],
    );
    return r.rows[0] ? toSecret(r.rows[0]) : null;
  }

  async delete(ownerId: number, id: number) {
    const r = await this.db.query('DELETE FROM secrets WHERE id = $1 AND user_id = $2', [id, ownerId]);
    return (r.rowCount ?? 0) > 0;
  }

  /** Plaintext of the owner's secret `name` (for server-side hydration of control params). */
  async reveal(ownerId: number, name: string): Promise<string | null> {
    const r = await this.db.query<{ ciphertext: Buffer; iv: Buffer; auth_tag: Buffer }>(
      'SELECT ciphertext, iv, auth_tag FROM secrets WHERE user_id = $1 AND name = $2',
      [ownerId, name],
    );
    const row = r.rows[0];
    if (!row) return null;
    return this.box.decrypt(
      `${row.iv.toString('hex')}:${row.ciphertext.toString('hex')}:${row.auth_tag.toString('hex')}`,
    );
  }
}
