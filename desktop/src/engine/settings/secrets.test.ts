import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare } from 'bcryptjs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isStatusError, type StatusError } from '../errors.js';
import {
  GENERATED_SECRETS,
  ensureSecrets,
  readablePassword,
  replaceSecrets,
  setOperatorSecrets,
  type SecretCipher,
  type Secrets,
} from './secrets.js';

// bcrypt cost 12 in pure JS takes a few hundred ms per hash; first runs make two.
const SLOW = 60_000;

let root: string;
let home: string;

// One real first run, copied into each test that starts from an existing secrets.json
// (bcrypt at cost 12 is slow; first-run behaviour itself is tested with real first runs).
let template: string;
let templateSecrets: Secrets;
beforeAll(async () => {
  template = await mkdtemp(join(tmpdir(), 'status-secrets-template-'));
  templateSecrets = (await ensureSecrets({ home: template })).secrets;
}, SLOW);
afterAll(async () => {
  await rm(template, { recursive: true, force: true });
});

/** An existing installation: `home` with a copy of the template's secrets.json. */
async function seeded(): Promise<{ secrets: Secrets }> {
  await mkdir(home, { mode: 0o700 });
  await copyFile(join(template, 'secrets.json'), join(home, 'secrets.json'));
  await chmod(join(home, 'secrets.json'), 0o600);
  return { secrets: templateSecrets };
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'status-secrets-'));
  home = join(root, 'status-desktop');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

interface FileJson {
  version: number;
  generated: Record<string, unknown>;
  hashes: Record<string, { hash: unknown; of: unknown }>;
  operator: Record<string, unknown>;
}

async function readJson(path: string): Promise<FileJson> {
  return JSON.parse(await readFile(path, 'utf8')) as FileJson;
}

async function rejection(promise: Promise<unknown>): Promise<StatusError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isStatusError(error, 'SETTINGS_INVALID')).toBe(true);
  return error as StatusError;
}

/** A stand-in for Electron's safeStorage: reversible, visibly not the plaintext. */
const reverseCipher: SecretCipher = {
  id: 'test-reverse',
  encrypt: (plain) => Buffer.from([...plain].reverse().join(''), 'utf8').toString('base64'),
  decrypt: (data) => [...Buffer.from(data, 'base64').toString('utf8')].reverse().join(''),
};

describe('ensureSecrets', () => {
  it(
    'first run: creates the folder 0700 and secrets.json 0600 with every secret from ≥ 32 random bytes',
    async () => {
      const { secrets, created, hashed, warnings } = await ensureSecrets({ home });
      expect(warnings).toEqual([]);
      expect(created).toEqual([...GENERATED_SECRETS]);
      expect(hashed).toEqual(['adminPasswordHash', 'noderedHttpPasswordHash']);
      expect((await stat(home)).mode & 0o777).toBe(0o700);
      expect((await stat(join(home, 'secrets.json'))).mode & 0o777).toBe(0o600);
      expect(await readdir(home)).toEqual(['secrets.json']); // no temp file left behind

      for (const name of GENERATED_SECRETS) {
        const value = secrets[name];
        expect(value, name).toBeTruthy();
        // URI-safe (they end up in mongodb://user:password@host URIs); secretsKey is standard base64.
        if (name !== 'secretsKey') expect(value, name).not.toMatch(/[@:/?#%+= ]/);
        if (name === 'adminPassword') continue;
        const bytes = name === 'secretsKey' ? Buffer.from(value, 'base64') : Buffer.from(value, 'base64url');
        // Re-encoding proves the text is exactly that encoding (no characters dropped by the decoder).
        expect(bytes.toString(name === 'secretsKey' ? 'base64' : 'base64url'), name).toBe(value);
        expect(bytes.length, name).toBeGreaterThanOrEqual(32);
      }
      expect(Buffer.from(secrets.secretsKey, 'base64')).toHaveLength(32);
      expect(secrets.adminPassword).toMatch(/^[1-9A-HJ-NP-Za-km-z]{6}(-[1-9A-HJ-NP-Za-km-z]{6}){3}$/);
      // All distinct.
      expect(new Set(GENERATED_SECRETS.map((n) => secrets[n])).size).toBe(GENERATED_SECRETS.length);
    },
    SLOW,
  );

  it(
    'bcrypt hashes (cost 12) verify against their passwords',
    async () => {
      const { secrets } = await seeded();
      expect(secrets.adminPasswordHash).toMatch(/^\$2[aby]?\$12\$/);
      expect(secrets.noderedHttpPasswordHash).toMatch(/^\$2[aby]?\$12\$/);
      expect(await compare(secrets.adminPassword, secrets.adminPasswordHash)).toBe(true);
      expect(await compare(secrets.noderedHttpPassword, secrets.noderedHttpPasswordHash)).toBe(true);
      expect(await compare(secrets.noderedHttpPassword, secrets.adminPasswordHash)).toBe(false);
      // The file keeps a fingerprint of the password, not the plaintext a second time.
      const file = await readJson(join(home, 'secrets.json'));
      expect(file.hashes.adminPasswordHash?.of).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(JSON.stringify(file.hashes)).not.toContain(secrets.adminPassword);
    },
    SLOW,
  );

  it(
    'second run returns identical secrets and does not rewrite the file',
    async () => {
      const first = await seeded();
      const path = join(home, 'secrets.json');
      const before = await stat(path);
      const text = await readFile(path, 'utf8');
      const second = await ensureSecrets({ home });
      expect(second.secrets).toEqual(first.secrets);
      expect(second.created).toEqual([]);
      expect(second.hashed).toEqual([]);
      expect(await readFile(path, 'utf8')).toBe(text);
      expect((await stat(path)).ino).toBe(before.ino);
    },
    SLOW,
  );

  it(
    'concurrent first runs agree on one set of secrets',
    async () => {
      const results = await Promise.all([
        ensureSecrets({ home }),
        ensureSecrets({ home }),
        ensureSecrets({ home }),
      ]);
      expect(results[1]!.secrets).toEqual(results[0]!.secrets);
      expect(results[2]!.secrets).toEqual(results[0]!.secrets);
      expect((await ensureSecrets({ home })).secrets).toEqual(results[0]!.secrets);
    },
    SLOW,
  );

  it(
    'regenerates a hash only when its password changed',
    async () => {
      const first = await seeded();
      const path = join(home, 'secrets.json');
      const file = await readJson(path);
      file.generated.adminPassword = 'a-new-admin-password-typed-by-the-operator';
      await writeFile(path, JSON.stringify(file), { mode: 0o600 });
      const second = await ensureSecrets({ home });
      expect(second.hashed).toEqual(['adminPasswordHash']);
      expect(second.secrets.adminPasswordHash).not.toBe(first.secrets.adminPasswordHash);
      expect(
        await compare('a-new-admin-password-typed-by-the-operator', second.secrets.adminPasswordHash),
      ).toBe(true);
      expect(second.secrets.noderedHttpPasswordHash).toBe(first.secrets.noderedHttpPasswordHash);
    },
    SLOW,
  );

  it(
    'generates only a missing secret, keeps the others, and warns about it',
    async () => {
      const first = await seeded();
      const path = join(home, 'secrets.json');
      const file = await readJson(path);
      delete file.generated.jwtSecret;
      file.generated.someFutureSecret = 'kept-for-a-newer-version';
      await writeFile(path, JSON.stringify(file), { mode: 0o600 });
      const second = await ensureSecrets({ home });
      expect(second.created).toEqual(['jwtSecret']);
      expect(second.secrets.jwtSecret).not.toBe(first.secrets.jwtSecret);
      expect({ ...second.secrets, jwtSecret: '' }).toEqual({ ...first.secrets, jwtSecret: '' });
      expect(second.warnings.join('\n')).toMatch(/jwtSecret.*generated/);
      // Values this version does not know survive the rewrite.
      expect((await readJson(path)).generated.someFutureSecret).toBe('kept-for-a-newer-version');
    },
    SLOW,
  );

  it(
    'generates a secret added by a later version (Grafana database owner) for an existing file without a warning',
    async () => {
      const first = await seeded();
      const path = join(home, 'secrets.json');
      const file = await readJson(path);
      delete file.generated.grafanaOwnerDbPassword;
      await writeFile(path, JSON.stringify(file), { mode: 0o600 });
      const second = await ensureSecrets({ home });
      expect(second.created).toEqual(['grafanaOwnerDbPassword']);
      expect(second.secrets.grafanaOwnerDbPassword).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(second.secrets.grafanaOwnerDbPassword).not.toBe(first.secrets.grafanaOwnerDbPassword);
      expect(second.warnings).toEqual([]);
    },
    SLOW,
  );

  it(
    'fixes a secrets file readable by others to 0600, with a warning',
    async () => {
      const first = await seeded();
      const path = join(home, 'secrets.json');
      await chmod(path, 0o644);
      await chmod(home, 0o755);
      const second = await ensureSecrets({ home });
      expect(second.secrets).toEqual(first.secrets);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect((await stat(home)).mode & 0o777).toBe(0o700);
      expect(second.warnings).toHaveLength(2);
      expect(second.warnings.join('\n')).toContain('0644');
      expect(second.warnings.join('\n')).toContain(path);
    },
    SLOW,
  );

  it(
    'reports a broken secrets file with the key path, never replacing it',
    async () => {
      const path = join(home, 'secrets.json');
      await seeded();
      const file = await readJson(path);
      file.generated.dbPassword = 42;
      const text = JSON.stringify(file);
      await writeFile(path, text);
      const error = await rejection(ensureSecrets({ home }));
      expect(error.message).toContain(path);
      expect(error.message).toContain('generated.dbPassword');
      expect(error.hint).toMatch(/Do not delete it/);
      expect(await readFile(path, 'utf8')).toBe(text);

      await writeFile(path, '{"version": 1, "generated": {');
      expect((await rejection(ensureSecrets({ home }))).message).toContain('not valid JSON');
    },
    SLOW,
  );

  it(
    'refuses a file from a newer format version',
    async () => {
      await seeded();
      const path = join(home, 'secrets.json');
      await writeFile(path, JSON.stringify({ ...(await readJson(path)), version: 99 }));
      expect((await rejection(ensureSecrets({ home }))).message).toContain('newer STATUS Desktop');
    },
    SLOW,
  );
});

describe('SecretCipher', () => {
  it(
    'stores every value encrypted with a marker and reads it back',
    async () => {
      const { secrets } = await ensureSecrets({ home, cipher: reverseCipher });
      const text = await readFile(join(home, 'secrets.json'), 'utf8');
      for (const name of GENERATED_SECRETS) expect(text).not.toContain(secrets[name]);
      expect(text).not.toContain(secrets.adminPasswordHash);
      const file = JSON.parse(text);
      expect(file.generated.dbPassword).toEqual({ encrypted: 'test-reverse', data: expect.any(String) });
      expect((await ensureSecrets({ home, cipher: reverseCipher })).secrets).toEqual(secrets);
    },
    SLOW,
  );

  it(
    'encrypts an existing plain file when a cipher appears, keeping the values',
    async () => {
      const plain = await seeded();
      const migrated = await ensureSecrets({ home, cipher: reverseCipher });
      expect(migrated.secrets).toEqual(plain.secrets);
      expect(migrated.hashed).toEqual([]);
      expect(await readFile(join(home, 'secrets.json'), 'utf8')).not.toContain(plain.secrets.dbPassword);
    },
    SLOW,
  );

  it(
    'refuses to read values encrypted by a cipher that is not there',
    async () => {
      await ensureSecrets({ home, cipher: reverseCipher });
      const error = await rejection(ensureSecrets({ home }));
      expect(error.message).toContain('test-reverse');
      expect(error.message).toContain('generated.dbPassword');
    },
    SLOW,
  );
});

describe('setOperatorSecrets', () => {
  it(
    'sets and clears optional values without touching generated ones',
    async () => {
      const first = await seeded();
      const after = await setOperatorSecrets(
        { openaiApiKey: 'sk-test-123', githubClientId: 'Iv1.abc' },
        { home },
      );
      expect(after.secrets).toMatchObject({ openaiApiKey: 'sk-test-123', githubClientId: 'Iv1.abc' });
      const again = await ensureSecrets({ home });
      expect(again.secrets).toEqual({
        ...first.secrets,
        openaiApiKey: 'sk-test-123',
        githubClientId: 'Iv1.abc',
      });
      const cleared = await setOperatorSecrets({ openaiApiKey: null, githubClientId: '' }, { home });
      expect(cleared.secrets).toEqual(first.secrets);
      expect((await stat(join(home, 'secrets.json'))).mode & 0o777).toBe(0o600);
      expect(await readdir(home)).toEqual(['secrets.json']);
    },
    SLOW,
  );

  it('validates before writing anything', async () => {
    const error = await rejection(
      setOperatorSecrets({ openaiApiKey: "it's", openaiBaseUrl: 'not a url', dbPassword: 'x' } as never, {
        home,
      }),
    );
    expect(error.message).toContain('openaiApiKey contains a single quote');
    expect(error.message).toContain('openaiBaseUrl must be a URL');
    expect(error.message).toContain('dbPassword is not an optional value');
    await expect(readdir(root)).resolves.toEqual([]);
  });
});

describe('replaceSecrets', () => {
  it(
    "stores another installation's secrets, hashes them again and keeps nothing of the old ones",
    async () => {
      await seeded();
      const { secrets: other } = await ensureSecrets({ home: join(root, 'other') });
      await setOperatorSecrets({ openaiApiKey: 'sk-old' }, { home });
      const { openaiApiKey: _dropped, ...backup } = { ...other, openaiBaseUrl: 'https://llm.example' };
      const result = await replaceSecrets({ ...backup, unknownName: 'ignored' }, { home });
      for (const name of GENERATED_SECRETS) expect(result.secrets[name]).toBe(other[name]);
      expect(result.secrets.openaiBaseUrl).toBe('https://llm.example');
      expect(result.secrets.openaiApiKey).toBeUndefined();
      expect(await compare(other.adminPassword, result.secrets.adminPasswordHash)).toBe(true);
      expect((await ensureSecrets({ home })).secrets).toEqual(result.secrets);
      expect(JSON.stringify(await readJson(join(home, 'secrets.json')))).not.toContain('unknownName');
    },
    SLOW,
  );

  it('validates before writing anything', async () => {
    const { secrets } = await seeded();
    const before = await readFile(join(home, 'secrets.json'), 'utf8');
    const error = await rejection(replaceSecrets({ ...secrets, dbPassword: "it's" }, { home }));
    expect(error.message).toContain('dbPassword contains a single quote');
    expect(await readFile(join(home, 'secrets.json'), 'utf8')).toBe(before);
  });
});

describe('readablePassword', () => {
  it('is 4 groups of 6 base58 characters (≥ 128 bits)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i += 1) {
      const password = readablePassword();
      expect(password).toMatch(/^[1-9A-HJ-NP-Za-km-z]{6}(-[1-9A-HJ-NP-Za-km-z]{6}){3}$/);
      seen.add(password);
    }
    expect(seen.size).toBe(50);
    expect(24 * Math.log2(58)).toBeGreaterThanOrEqual(128);
  });
});
