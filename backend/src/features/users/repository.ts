// SQL for the users table (migrations/001_initial.sql). Rows never leave this feature unmapped:
// `toPublicUser` is the only shape the API returns (no hash, no TOTP secret, no tokens).
import type pg from 'pg';
import { inTransaction, rollback } from '../../db/transaction.js';
import { isoSql } from '../../http/domain.js';
import type { ListQuery } from '../../http/lists.js';
import type { Role } from '../auth/tokens.js';

export interface UserRow {
  id: number;
  username: string;
  password_hash: string | null;
  role: Role;
  email: string | null;
  github_login: string | null;
  totp_secret: string | null;
  totp_enabled: boolean;
  totp_last_used_step: string | null; // bigint comes back as a string
  created_at: Date;
  updated_at: Date;
}

export interface PublicUser {
  id: number;
  username: string;
  email: string | null;
  authority: Role;
  githubLogin: string | null;
  twofaEnabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export function toPublicUser(row: UserRow): PublicUser {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    authority: row.role,
    githubLogin: row.github_login,
    twofaEnabled: row.totp_enabled,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** SQL building exactly `toPublicUser`'s document (same keys, same order, same types). */
const PUBLIC_USER_JSON = `json_build_object('id', id, 'username', username, 'email', email,
  'authority', role, 'githubLogin', github_login, 'twofaEnabled', totp_enabled,
  'createdAt', ${isoSql('created_at')}, 'updatedAt', ${isoSql('updated_at')})`;

const COLUMNS = `id, username, password_hash, role, email, github_login, totp_secret, totp_enabled,
  totp_last_used_step, created_at, updated_at`;

/** The sign-in lookup: a user by name, case-insensitively. $1 the name. */
export const USER_BY_USERNAME_SQL = `SELECT ${COLUMNS} FROM users WHERE lower(username) = lower($1)`;

export class UsersRepository {
  constructor(private readonly db: pg.Pool) {}

  async byUsername(username: string): Promise<UserRow | null> {
    const r = await this.db.query<UserRow>(USER_BY_USERNAME_SQL, [username]);
    return r.rows[0] ?? null;
  }

  async byId(id: number | string): Promise<UserRow | null> {
    if (!/^\d{1,9}$/.test(String(id))) return null;
    const r = await this.db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [Number(id)]);
    return r.rows[0] ?? null;
  }

  async byGithubId(githubId: string): Promise<UserRow | null> {
    const r = await this.db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE github_id = $1`, [githubId]);
    return r.rows[0] ?? null;
  }

  /** Links a GitHub account (id and login) to a user; returns the updated row. */
  async linkGithub(id: number, githubId: string, githubLogin: string): Promise<UserRow | null> {
    const r = await this.db.query<UserRow>(
      `UPDATE users SET github_id = $2, github_login = $3 WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, githubId, githubLogin],
    );
    return r.rows[0] ?? null;
  }

  /** A USER without a password for a GitHub account; null on a unique-key conflict. */
  async createGithubUser(u: {
    username: string;
    email: string | null;
    githubId: string;
    githubLogin: string;
  }): Promise<UserRow | null> {
    try {
      const r = await this.db.query<UserRow>(
        `INSERT INTO users (username, email, github_id, github_login, role) VALUES ($1, $2, $3, $4, 'USER')
         RETURNING ${COLUMNS}`,
        [u.username, u.email, u.githubId, u.githubLogin],
      );
      return r.rows[0] ?? null;
    } catch (err) {
      if ((err as { code?: string }).code === '23505') return null;
      throw err;
    }
  }

  /** Every user as `toPublicUser` shows it, by id (http/lists.ts streams or pages it). */
  listQuery(): ListQuery {
    return { item: PUBLIC_USER_JSON, from: 'FROM users', orderBy: 'id' };
  }

  async emailTaken(email: string): Promise<boolean> {
    const r = await this.db.query('SELECT 1 FROM users WHERE lower(email) = lower($1)', [email]);
    return (r.rowCount ?? 0) > 0;
  }

  /** Inserts a user; returns null when the username or email is taken (unique indexes). */
  async create(u: {
    username: string;
    passwordHash: string;
    email: string;
    role: Role;
  }): Promise<UserRow | null> {
    try {
      const r = await this.db.query<UserRow>(
        `INSERT INTO users (username, password_hash, email, role) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
        [u.username, u.passwordHash, u.email, u.role],
      );
      return r.rows[0] ?? null;
    } catch (err) {
      if ((err as { code?: string }).code === '23505') return null;
      throw err;
    }
  }

  /**
   * Sets a user's role. Refuses ('last-admin') to take ADMIN from the only remaining admin: the
   * admin rows are locked first, so two admins demoting each other at once cannot leave none.
   */
  async setRole(id: number, role: Role): Promise<UserRow | 'not-found' | 'last-admin'> {
    return inTransaction(this.db, async (client) => {
      const admins = await client.query<{ id: number }>(
        "SELECT id FROM users WHERE role = 'ADMIN' ORDER BY id FOR UPDATE",
      );
      const current = await client.query<{ role: Role }>('SELECT role FROM users WHERE id = $1 FOR UPDATE', [
        id,
      ]);
      const was = current.rows[0]?.role;
      if (!was) return rollback('not-found' as const);
      if (was === 'ADMIN' && role !== 'ADMIN' && admins.rows.length <= 1)
        return rollback('last-admin' as const);
      const r = await client.query<UserRow>(`UPDATE users SET role = $2 WHERE id = $1 RETURNING ${COLUMNS}`, [
        id,
        role,
      ]);
      return r.rows[0]!;
    });
  }

  async delete(id: number): Promise<boolean> {
    const r = await this.db.query('DELETE FROM users WHERE id = $1', [id]);
    return (r.rowCount ?? 0) > 0;
  }

  /** Stores a new (not yet enabled) TOTP secret; clears the replay marker. */
  async setTotpSecret(id: number, encryptedSecret: string): Promise<void> {
    await this.db.query(
      `UPDATE users SET totp_secret = $2, totp_enabled = false, totp_last_used_step = NULL WHERE id = $1`,
      [id, encryptedSecret],
    );
  }

  async enableTotp(id: number): Promise<void> {
    await this.db.query('UPDATE users SET totp_enabled = true WHERE id = $1 AND totp_secret IS NOT NULL', [
      id,
    ]);
  }

  async disableTotp(id: number): Promise<void> {
    await this.db.query(
      'UPDATE users SET totp_enabled = false, totp_secret = NULL, totp_last_used_step = NULL WHERE id = $1',
      [id],
    );
  }

  /**
   * Records that a code for `step` was used. Atomic: false when a code for this step (or a later
   * one) was already accepted, i.e. a replay, even with two requests racing.
   */
  async claimTotpStep(id: number, step: number): Promise<boolean> {
    const r = await this.db.query(
      `UPDATE users SET totp_last_used_step = $2
       WHERE id = $1 AND (totp_last_used_step IS NULL OR totp_last_used_step < $2)`,
      [id, step],
    );
    return (r.rowCount ?? 0) > 0;
  }
}
