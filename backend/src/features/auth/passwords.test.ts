import bcrypt from 'bcryptjs';
import { describe, expect, it, vi } from 'vitest';
import { BCRYPT_COST, hashPassword, passwordSchema, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('hashes with bcrypt cost 12 and verifies', async () => {
    const h = await hashPassword('correct horse battery');
    expect(bcrypt.getRounds(h)).toBe(BCRYPT_COST);
    expect(BCRYPT_COST).toBe(12);
    expect(await verifyPassword('correct horse battery', h)).toBe(true);
    expect(await verifyPassword('wrong', h)).toBe(false);
  });

  it('an unknown user (no hash) still costs a bcrypt compare and fails', async () => {
    const spy = vi.spyOn(bcrypt, 'compare');
    expect(await verifyPassword('whatever', undefined)).toBe(false);
    expect(spy).toHaveBeenCalledTimes(1);
    const [, hash] = spy.mock.calls[0]!;
    expect(bcrypt.getRounds(hash as string)).toBe(12); // same cost as a real user's hash
    spy.mockRestore();
  });

  it('validates length with clear messages', () => {
    expect(passwordSchema.safeParse('short').error?.issues[0]?.message).toBe(
      'password must be at least 8 characters long',
    );
    expect(passwordSchema.safeParse('é'.repeat(40)).error?.issues[0]?.message).toMatch(/at most 72 bytes/);
    expect(passwordSchema.safeParse('long enough').success).toBe(true);
  });
});
