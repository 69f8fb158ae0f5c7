// Secrets at rest through Electron's safeStorage (macOS Keychain, Windows DPAPI, libsecret/kwallet
// on Linux) when it really protects them; otherwise the engine's plain cipher (file mode 0600 only).
import { safeStorage } from 'electron';
import { plainCipher, type SecretCipher } from '../engine/settings/secrets.js';

export const SAFE_STORAGE_CIPHER_ID = 'electron-safe-storage';

/** Must be called after the app is ready (safeStorage is not usable before). */
export function chooseSecretCipher(platform: NodeJS.Platform = process.platform): SecretCipher {
  if (!safeStorage.isEncryptionAvailable()) return plainCipher;
  // On Linux without a keyring, Chromium falls back to a hard-coded key: no better than plain.
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return plainCipher;
  return {
    id: SAFE_STORAGE_CIPHER_ID,
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (data) => safeStorage.decryptString(Buffer.from(data, 'base64')),
  };
}
