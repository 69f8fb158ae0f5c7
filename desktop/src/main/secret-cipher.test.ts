import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../test/fake-electron/index.js'));
import * as electron from '../../test/fake-electron/index.js';
import { openSettingsStore } from '../engine/settings/index.js';
import { PLAIN_CIPHER_ID, SECRETS_FILE } from '../engine/settings/index.js';
import { SAFE_STORAGE_CIPHER_ID, chooseSecretCipher } from './secret-cipher.js';

beforeEach(() => electron.resetFakeElectron());

describe('secret cipher', () => {
  it('uses safeStorage when it is available, and round-trips', async () => {
    const cipher = chooseSecretCipher('linux');
    expect(cipher.id).toBe(SAFE_STORAGE_CIPHER_ID);
    const stored = await cipher.encrypt('s3cret-value');
    expect(stored).not.toContain('s3cret-value');
    expect(await cipher.decrypt(stored)).toBe('s3cret-value');
  });

  it('falls back to the plain cipher when safeStorage is unavailable', () => {
    electron.safeStorage.available = false;
    expect(chooseSecretCipher('win32').id).toBe(PLAIN_CIPHER_ID);
  });

  it("treats Linux's basic_text backend (a hard-coded key) as unavailable", () => {
    electron.safeStorage.backend = 'basic_text';
    expect(chooseSecretCipher('linux').id).toBe(PLAIN_CIPHER_ID);
  });

  it("keeps the engine's secrets.json encrypted with it", async () => {
    const home = await mkdtemp(join(tmpdir(), 'status-cipher-'));
    try {
      const store = await openSettingsStore({
        home,
        cipher: chooseSecretCipher('linux'),
        onWarning: () => {},
      });
      const secrets = await store.secrets();
      const file = await readFile(join(home, SECRETS_FILE), 'utf8');
      expect(file).toContain(SAFE_STORAGE_CIPHER_ID);
      expect(file).not.toContain(secrets.dbPassword);
      expect((await store.secrets()).dbPassword).toBe(secrets.dbPassword);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
