import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import bcrypt from 'bcryptjs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { PasswordPool } from './password-pool.js';
import {
  BCRYPT_COST,
  closePasswordWorkers,
  hashPassword,
  passwordSchema,
  verifyPassword,
  warmUpPasswords,
} from './passwords.js';

afterAll(() => closePasswordWorkers());

describe('passwords', () => {
  it('hashes with bcrypt cost 12 (in a worker) and verifies', async () => {
    const h = await hashPassword('correct horse battery');
    expect(bcrypt.getRounds(h)).toBe(BCRYPT_COST);
    expect(BCRYPT_COST).toBe(12);
    expect(await verifyPassword('correct horse battery', h)).toBe(true);
    expect(await verifyPassword('wrong', h)).toBe(false);
  });

  it('keeps the bcryptjs format: hashes made on the main thread still verify, and the other way round', async () => {
    const before = bcrypt.hashSync('an existing user', BCRYPT_COST); // as stored before the workers
    expect(await verifyPassword('an existing user', before)).toBe(true);
    expect(await verifyPassword('someone else', before)).toBe(false);
    const now = await hashPassword('a new user');
    expect(now).toMatch(/^\$2b\$12\$/);
    expect(bcrypt.compareSync('a new user', now)).toBe(true);
  });

  it('cheap costs (tests) run inline and verify the same way', async () => {
    const h = await hashPassword('cheap enough', 4);
    expect(bcrypt.getRounds(h)).toBe(4);
    expect(await verifyPassword('cheap enough', h)).toBe(true);
    expect(await verifyPassword('not it', h)).toBe(false);
    expect(await verifyPassword('whatever', 'not a bcrypt hash')).toBe(false);
  });

  it('an unknown user (no hash) still costs a cost-12 bcrypt compare and fails', async () => {
    await warmUpPasswords();
    const spy = vi.spyOn(PasswordPool.prototype, 'compare');
    try {
      expect(await verifyPassword('whatever', undefined)).toBe(false);
      expect(await verifyPassword('whatever', null)).toBe(false);
      expect(spy).toHaveBeenCalledTimes(2);
      const [, hash] = spy.mock.calls[0]!;
      expect(bcrypt.getRounds(hash)).toBe(12); // same cost as a real user's hash
    } finally {
      spy.mockRestore();
    }
  });

  it('validates length with clear messages', () => {
    expect(passwordSchema.safeParse('short').error?.issues[0]?.message).toBe(
      'password must be at least 8 characters long',
    );
    expect(passwordSchema.safeParse('é'.repeat(40)).error?.issues[0]?.message).toMatch(/at most 72 bytes/);
    expect(passwordSchema.safeParse('long enough').success).toBe(true);
  });

  it('idle workers do not keep a process alive, a busy one does until its answer', async () => {
    // A separate process under tsx: it must print the hash (not exit early) and then exit by itself.
    const script = `
      import { hashPassword, verifyPassword } from ${JSON.stringify(new URL('./passwords.ts', import.meta.url).href)};
      const h = await hashPassword('pw-in-a-script', 12);
      console.log(h.slice(0, 7), await verifyPassword('pw-in-a-script', h));`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { timeout: 20_000 },
    );
    expect(stdout.trim()).toBe('$2b$12$ true');
  });
});
