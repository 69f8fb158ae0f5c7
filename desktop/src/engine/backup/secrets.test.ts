import { describe, expect, it } from 'vitest';
import { isRefusal } from './refusal.js';
import { decryptSecrets, encryptSecrets } from './secrets.js';

const secrets = { STATUS_DB_PASSWORD: 'db-secret', STATUS_JWT_SECRET: 'jwt-secret' };

describe('secrets in a backup', () => {
  it('come back with the passphrase, and are not readable without it', async () => {
    const sealed = await encryptSecrets(secrets, 'a long passphrase');
    expect(sealed.toString('utf8')).not.toContain('db-secret');
    await expect(decryptSecrets(sealed, 'a long passphrase')).resolves.toEqual(secrets);
  });

  it('refuse a wrong passphrase with that reason', async () => {
    const sealed = await encryptSecrets(secrets, 'a long passphrase');
    const error = await decryptSecrets(sealed, 'another passphrase').catch((e: unknown) => e);
    expect(isRefusal(error, 'wrong-passphrase')).toBe(true);
    expect((error as Error).message).toBe('The passphrase does not open the secrets in this backup.');
  });

  it('need a passphrase of at least 8 characters', async () => {
    await expect(encryptSecrets(secrets, 'short')).rejects.toThrow(/too short/);
  });
});
