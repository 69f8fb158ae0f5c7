import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BCRYPT_COST, bootstrapAdmin, ensureAdmin } from '../src/bootstrap.js';
import { createTestApp, type TestApp } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const silent = { info: () => undefined };

describe('first admin', () => {
  it('is created once from STATUS_ADMIN_*; a second start changes nothing', async () => {
    const config = { STATUS_ADMIN_USERNAME: 'admin', STATUS_ADMIN_PASSWORD: 'first-password-123' };
    expect(await bootstrapAdmin(t.db, config, silent)).toBe('created');
    expect(await bootstrapAdmin(t.db, { ...config, STATUS_ADMIN_PASSWORD: 'another-one-456' }, silent)).toBe(
      'exists',
    );
    const { rows } = await t.db.query<{ role: string; password_hash: string }>(
      `SELECT role, password_hash FROM users WHERE username = 'admin'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.role).toBe('ADMIN');
    expect(rows[0]!.password_hash).toMatch(new RegExp(`^\\$2[aby]\\$${BCRYPT_COST}\\$`));
    expect(await bcrypt.compare('first-password-123', rows[0]!.password_hash)).toBe(true);
    expect(await bcrypt.compare('another-one-456', rows[0]!.password_hash)).toBe(false);
  });

  it('is skipped without credentials', async () => {
    expect(await bootstrapAdmin(t.db, {}, silent)).toBe('skipped');
  });

  it('treats names case-insensitively and survives concurrent calls', async () => {
    const results = await Promise.all([
      ensureAdmin(t.db, 'Root', 'password-123'),
      ensureAdmin(t.db, 'root', 'password-123'),
    ]);
    expect(results.sort()).toEqual(['created', 'exists']);
    const { rows } = await t.db.query(`SELECT 1 FROM users WHERE lower(username) = 'root'`);
    expect(rows).toHaveLength(1);
  });
});
