// The first admin account. No default accounts exist: the launcher generates
// STATUS_ADMIN_USERNAME / STATUS_ADMIN_PASSWORD, or an operator runs `cli.ts create-admin`.
import bcrypt from 'bcryptjs';
import type pg from 'pg';

export const BCRYPT_COST = 12;

export type EnsureAdminResult = 'created' | 'exists';

/**
 * Creates an ADMIN named `username` unless a user with that name (case-insensitive) exists.
 * Idempotent and safe when two processes run it at once (ON CONFLICT DO NOTHING).
 */
export async function ensureAdmin(
  db: pg.Pool,
  username: string,
  password: string,
): Promise<EnsureAdminResult> {
  const existing = await db.query('SELECT 1 FROM users WHERE lower(username) = lower($1)', [username]);
  if (existing.rowCount) return 'exists';
  const hash = await bcrypt.hash(password, BCRYPT_COST);
  const r = await db.query(
    `INSERT INTO users (username, password_hash, role) VALUES ($1, $2, 'ADMIN')
     ON CONFLICT DO NOTHING`,
    [username, hash],
  );
  return r.rowCount ? 'created' : 'exists';
}

export async function bootstrapAdmin(
  db: pg.Pool,
  config: { STATUS_ADMIN_USERNAME?: string | undefined; STATUS_ADMIN_PASSWORD?: string | undefined },
  logger: { info: (obj: object, msg: string) => void },
): Promise<EnsureAdminResult | 'skipped'> {
  const { STATUS_ADMIN_USERNAME: username, STATUS_ADMIN_PASSWORD: password } = config;
  if (!username || !password) return 'skipped';
  const result = await ensureAdmin(db, username, password);
  logger.info({ username, result }, 'first admin');
  return result;
}
