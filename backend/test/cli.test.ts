import { spawnSync } from 'node:child_process';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createPool } from '../src/db/pool.js';
import { createTestDatabase, testEnv } from './helpers.js';

const backendDir = path.resolve(import.meta.dirname, '..');
const cli = (args: string[], env: Record<string, string>, input = '') =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: backendDir,
    env: { PATH: process.env.PATH, ...env },
    input,
    encoding: 'utf8',
    timeout: 30_000,
  });

describe('cli', () => {
  it('migrate, then create-admin with the password on stdin, idempotent', async () => {
    const database = await createTestDatabase();
    const env = { ...testEnv(inject('services'), database), LOG_LEVEL: 'silent' };
    expect(cli(['migrate'], env).status).toBe(0);
    const first = cli(['create-admin', 'boss'], env, 'boss-password-1\n');
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('Admin "boss" created.');
    const again = cli(['create-admin', 'boss'], env, 'other-password-2\n');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('already exists');
    const db = createPool(loadConfig(env), { max: 1 });
    try {
      const { rows } = await db.query<{ role: string; password_hash: string }>(
        `SELECT role, password_hash FROM users WHERE username = 'boss'`,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.role).toBe('ADMIN');
      expect(await bcrypt.compare('boss-password-1', rows[0]!.password_hash)).toBe(true);
    } finally {
      await db.end();
    }
  });

  it('explains its usage and rejects short passwords', () => {
    const env = { ...testEnv(), LOG_LEVEL: 'silent' };
    const usage = cli(['frobnicate'], env);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('usage:');
    const short = cli(['create-admin', 'bob'], env, 'short\n');
    expect(short.status).toBe(2);
    expect(short.stderr).toContain('at least 8 characters');
  });

  it('migrate waits for PostgreSQL like the server, then says what to check', () => {
    const env = { ...testEnv(), DB_PORT: '1', LOG_LEVEL: 'silent', STATUS_DB_WAIT_SECONDS: '1' };
    const migrate = cli(['migrate'], env);
    expect(migrate.status).toBe(1);
    expect(migrate.stderr).toMatch(/PostgreSQL at .*:1 did not answer within 1 s.*STATUS_DB_WAIT_SECONDS/);
  });
});
