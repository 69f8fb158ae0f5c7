// Secrets of the stack (secrets.json in the config folder, mode 0600, folder 0700): generated on
// first run, never regenerated, optionally encrypted at rest by a pluggable cipher.
//
// WHY NOTHING IS EVER REGENERATED: PostgreSQL, MongoDB, Grafana and Node-RED store the passwords
// and keys they were first started with inside their volumes (initdb, MONGO_INITDB_*, Grafana's
// admin user, Node-RED's encrypted flows_cred.json). Changing a value here afterwards does not
// change it there: the services would reject the new one and the stack would be locked out of its
// own data. So an existing value is kept as it is, and a broken file is reported, never replaced.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { join } from 'node:path';
import { compare as bcryptCompare, hash as bcryptHash } from 'bcryptjs';
import { z } from 'zod';
import { StatusError } from '../errors.js';
import { createFileAtomic, readTextIfExists, tightenFileMode, writeFileAtomic } from './files.js';
import { SECRETS_FILE, configHome, ensureConfigHome } from './paths.js';
import { describeIssues } from './settings.js';

/** Generated on first run. All but adminPassword are 32 random bytes (secretsKey: base64, others: base64url). */
export const GENERATED_SECRETS = [
  'dbPassword',
  'grafanaDbPassword',
  'grafanaOwnerDbPassword',
  'mongoPassword',
  'redisPassword',
  'jwtSecret',
  'refreshJwtSecret',
  'secretsKey',
  'grafanaAdminPassword',
  'noderedCredentialSecret',
  'noderedHttpPassword',
  'adminPassword',
] as const;
export type GeneratedSecretName = (typeof GENERATED_SECRETS)[number];

/**
 * Secrets added by a later version. Generating one of them for an existing install is expected
 * (no service was ever started with an older value), so it is no reason to warn.
 * grafanaOwnerDbPassword: Grafana's own database role (`grafana`), since Grafana keeps its data in
 * PostgreSQL; the launcher creates that role on existing volumes before Grafana starts.
 */
const INTRODUCED_LATER: ReadonlySet<GeneratedSecretName> = new Set(['grafanaOwnerDbPassword']);

/** bcrypt hashes (for Node-RED) and the password each is made from. */
export const HASHED_SECRETS = {
  adminPasswordHash: 'adminPassword',
  noderedHttpPasswordHash: 'noderedHttpPassword',
} as const satisfies Record<string, GeneratedSecretName>;
export type HashName = keyof typeof HASHED_SECRETS;
const HASH_NAMES = Object.keys(HASHED_SECRETS) as HashName[];

/**
 * Optional values (integrations). Absent means "not configured". The operator enters them, except
 * grafanaApiKey: the launcher makes that service-account token itself on start (see
 * engine/setup/grafana-token.ts) and renews it when Grafana no longer accepts it.
 */
export const OPERATOR_SECRETS = [
  'openaiApiKey',
  'openaiOrgId',
  'openaiBaseUrl',
  'openaiModel',
  'githubClientId',
  'githubClientSecret',
  'grafanaApiKey',
] as const;
export type OperatorSecretName = (typeof OPERATOR_SECRETS)[number];

export type Secrets = Record<GeneratedSecretName, string> &
  Record<HashName, string> &
  Partial<Record<OperatorSecretName, string>>;

export type OperatorSecretsPatch = Partial<Record<OperatorSecretName, string | null>>;

export const BCRYPT_COST = 12;
export const SECRETS_FILE_VERSION = 1;

/**
 * Encrypts values at rest. The default (`plainCipher`) stores them as they are, protected by the
 * file mode only; Electron's safeStorage (OS keychain / DPAPI / libsecret) plugs in here.
 * Encrypted values are stored as `{ "encrypted": <id>, "data": <encrypt() output> }`.
 */
export interface SecretCipher {
  /** Names the scheme in the file, so a value is only ever decrypted by the cipher that made it. */
  readonly id: string;
  encrypt(plain: string): string | Promise<string>;
  decrypt(data: string): string | Promise<string>;
}

export const PLAIN_CIPHER_ID = 'plain';
export const plainCipher: SecretCipher = {
  id: PLAIN_CIPHER_ID,
  encrypt: (plain) => plain,
  decrypt: (data) => data,
};

// ---- generation ----------------------------------------------------------------------------

/** 32 random bytes as base64url: 43 characters from [A-Za-z0-9_-], safe in URIs, shells and env files. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** An AES-256-GCM key: exactly 32 random bytes, standard base64 (44 characters). */
export function randomAesKey(): string {
  return randomBytes(32).toString('base64');
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/**
 * A password people can read aloud and type: 4 groups of 6 base58 characters (no 0/O/I/l),
 * e.g. `7xKp2M-9qRtWc-Hn4ZbE-uF8sYj`. 24 × log2(58) ≈ 140.6 bits of entropy.
 */
export function readablePassword(groups = 4, size = 6): string {
  const parts: string[] = [];
  for (let g = 0; g < groups; g += 1) {
    let part = '';
    for (let i = 0; i < size; i += 1) part += BASE58[randomInt(BASE58.length)];
    parts.push(part);
  }
  return parts.join('-');
}

function generate(name: GeneratedSecretName): string {
  if (name === 'secretsKey') return randomAesKey();
  if (name === 'adminPassword') return readablePassword();
  return randomSecret();
}

function fingerprint(password: string): string {
  return `sha256:${createHash('sha256').update(password, 'utf8').digest('hex')}`;
}

// ---- the file ------------------------------------------------------------------------------

const storedValue = z.union([z.string(), z.strictObject({ encrypted: z.string().min(1), data: z.string() })]);
type StoredValue = z.infer<typeof storedValue>;

// Loose objects on purpose: values written by a newer STATUS Desktop (a secret we don't know yet)
// survive a rewrite by this version instead of being dropped and later regenerated.
const fileSchema = z.looseObject({
  version: z.number().int().min(1),
  generated: z.record(z.string(), storedValue).prefault({}),
  hashes: z.record(z.string(), z.strictObject({ hash: storedValue, of: storedValue })).prefault({}),
  operator: z.record(z.string(), storedValue).prefault({}),
});
type SecretsFile = z.output<typeof fileSchema>;

export function secretsPath(home: string = configHome()): string {
  return join(home, SECRETS_FILE);
}

function secretsFileError(
  file: string,
  what: string,
  issues: { path: string; message: string }[],
  cause?: unknown,
) {
  return new StatusError(
    'SETTINGS_INVALID',
    `The secrets file ${file} is invalid: ${what}.`,
    `Repair ${file} by hand or restore it from a backup. Do not delete it if the stack has ever been ` +
      'started: the databases were initialised with these passwords, and new ones would lock STATUS out of its data.',
    { file, issues },
    cause === undefined ? undefined : { cause },
  );
}

async function readFileModel(file: string): Promise<SecretsFile | undefined> {
  const text = await readTextIfExists(file);
  if (text === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw secretsFileError(
      file,
      `it is not valid JSON (${detail})`,
      [{ path: '(whole file)', message: detail }],
      error,
    );
  }
  const result = fileSchema.safeParse(raw);
  if (!result.success) {
    const issues = describeIssues(result.error);
    throw secretsFileError(
      file,
      issues.map((i) => `${i.path} ${i.message}`).join('; '),
      issues,
      result.error,
    );
  }
  if (result.data.version > SECRETS_FILE_VERSION) {
    throw new StatusError(
      'SETTINGS_INVALID',
      `The secrets file ${file} was written by a newer STATUS Desktop (format ${result.data.version}; this version reads ${SECRETS_FILE_VERSION}).`,
      'Update STATUS Desktop to the newer version again. Do not delete the file: the databases were initialised with these passwords.',
      { file },
    );
  }
  return result.data;
}

async function decode(value: StoredValue, cipher: SecretCipher, file: string, path: string): Promise<string> {
  if (typeof value === 'string') return value;
  if (value.encrypted !== cipher.id) {
    throw new StatusError(
      'SETTINGS_INVALID',
      `${path} in ${file} is encrypted with "${value.encrypted}", which is not available here (this process uses "${cipher.id}").`,
      value.encrypted === PLAIN_CIPHER_ID
        ? `Repair ${file}: store ${path} as a plain string.`
        : 'Open STATUS Desktop itself (the app, on the same user account) so the operating system can decrypt it.',
      { file, path, cipher: value.encrypted },
    );
  }
  try {
    return await cipher.decrypt(value.data);
  } catch (error) {
    throw new StatusError(
      'SETTINGS_INVALID',
      `${path} in ${file} could not be decrypted with "${cipher.id}".`,
      'The value may have been encrypted on another machine or user account. Restore secrets.json from a backup made here; do not delete it.',
      { file, path },
      { cause: error },
    );
  }
}

async function encode(value: string, cipher: SecretCipher): Promise<StoredValue> {
  if (cipher.id === PLAIN_CIPHER_ID) return value;
  return { encrypted: cipher.id, data: await cipher.encrypt(value) };
}

function needsReencoding(value: StoredValue, cipher: SecretCipher): boolean {
  return cipher.id !== PLAIN_CIPHER_ID && typeof value === 'string';
}

function allStored(model: SecretsFile): StoredValue[] {
  return [
    ...Object.values(model.generated),
    ...Object.values(model.operator),
    ...Object.values(model.hashes).flatMap((h) => [h.hash, h.of]),
  ];
}

// ---- in-process serialisation ----------------------------------------------------------------

const locks = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier call for the same file has finished (within this process). */
function serialised<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const previous = locks.get(file) ?? Promise.resolve();
  const next = previous.then(fn, fn);
  const tail = next.catch(() => {});
  locks.set(file, tail);
  void tail.then(() => {
    if (locks.get(file) === tail) locks.delete(file);
  });
  return next;
}

// ---- public API ------------------------------------------------------------------------------

export interface SecretsOptions {
  home?: string;
  cipher?: SecretCipher;
}

export interface EnsureSecretsResult {
  secrets: Secrets;
  /** Secrets generated by this call (all of them on first run). */
  created: GeneratedSecretName[];
  /** bcrypt hashes (re)computed by this call: first run, or their password changed. */
  hashed: HashName[];
  /** Things the operator should know (permissions fixed, a missing secret generated…). */
  warnings: string[];
}

async function ensureLocked(home: string, cipher: SecretCipher): Promise<EnsureSecretsResult> {
  const file = secretsPath(home);
  const warnings = [...(await ensureConfigHome(home)).warnings];

  for (let attempt = 0; ; attempt += 1) {
    let model = await readFileModel(file);
    const firstRun = model === undefined;
    if (model) {
      const warning = await tightenFileMode(file, 'The secrets file');
      if (warning) warnings.push(warning);
    } else {
      model = fileSchema.parse({ version: SECRETS_FILE_VERSION });
    }

    let changed = false;
    const values: Partial<Record<string, string>> = {};

    // Generated secrets: decode what exists; generate only what is missing.
    const created: GeneratedSecretName[] = [];
    for (const name of GENERATED_SECRETS) {
      const stored = model.generated[name];
      if (stored !== undefined) {
        const value = await decode(stored, cipher, file, `generated.${name}`);
        values[name] = value;
        if (needsReencoding(stored, cipher)) {
          model.generated[name] = await encode(value, cipher);
          changed = true;
        }
        continue;
      }
      const value = generate(name);
      values[name] = value;
      model.generated[name] = await encode(value, cipher);
      created.push(name);
      changed = true;
    }
    const unexpected = created.filter((name) => !INTRODUCED_LATER.has(name));
    if (!firstRun && unexpected.length > 0) {
      warnings.push(
        `${file} had no ${unexpected.join(', ')}; new values were generated. If the stack was started before ` +
          'with other values, the services that use them will refuse to log in until you restore the old ones.',
      );
    }

    // bcrypt hashes: recomputed only when the password they were made from changed.
    const hashed: HashName[] = [];
    for (const hashName of HASH_NAMES) {
      const password = values[HASHED_SECRETS[hashName]] as string;
      const stored = model.hashes[hashName];
      if (stored !== undefined) {
        const hash = await decode(stored.hash, cipher, file, `hashes.${hashName}.hash`);
        const of = await decode(stored.of, cipher, file, `hashes.${hashName}.of`);
        if (of === fingerprint(password) && hash.startsWith('$2')) {
          values[hashName] = hash;
          if (needsReencoding(stored.hash, cipher) || needsReencoding(stored.of, cipher)) {
            model.hashes[hashName] = { hash: await encode(hash, cipher), of: await encode(of, cipher) };
            changed = true;
          }
          continue;
        }
      }
      const hash = await bcryptHash(password, BCRYPT_COST);
      values[hashName] = hash;
      model.hashes[hashName] = {
        hash: await encode(hash, cipher),
        of: await encode(fingerprint(password), cipher),
      };
      hashed.push(hashName);
      changed = true;
    }

    for (const name of OPERATOR_SECRETS) {
      const stored = model.operator[name];
      if (stored === undefined) continue;
      const value = await decode(stored, cipher, file, `operator.${name}`);
      values[name] = value;
      if (needsReencoding(stored, cipher)) {
        model.operator[name] = await encode(value, cipher);
        changed = true;
      }
    }
    // Values of a newer version that this one does not know: re-encode too, so nothing stays plain.
    if (cipher.id !== PLAIN_CIPHER_ID && allStored(model).some((v) => needsReencoding(v, cipher)))
      changed = true;

    if (changed) {
      const text = `${JSON.stringify(model, null, 2)}\n`;
      if (firstRun) {
        // Create-if-absent: if another process won the race, start over with its file.
        if (!(await createFileAtomic(file, text, 0o600))) {
          if (attempt < 3) continue;
          throw new StatusError(
            'SETTINGS_INVALID',
            `${file} keeps changing while STATUS Desktop creates it.`,
            'Make sure only one STATUS Desktop (app or CLI) starts for the first time, then try again.',
            { file },
          );
        }
      } else {
        await writeFileAtomic(file, text, 0o600);
      }
    }
    return { secrets: values as Secrets, created, hashed, warnings };
  }
}

/**
 * Reads secrets.json, generating every missing secret and bcrypt hash. Idempotent: a second call
 * returns exactly the same values and writes nothing (unless a value must be re-encrypted).
 */
export function ensureSecrets(options: SecretsOptions = {}): Promise<EnsureSecretsResult> {
  const home = options.home ?? configHome();
  const cipher = options.cipher ?? plainCipher;
  return serialised(secretsPath(home), () => ensureLocked(home, cipher));
}

/** Reasons a value can't be stored: it must survive the env file and the containers' environment. */
export function unsafeValueReason(value: string): string | undefined {
  if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    return 'contains a line break or another control character';
  if (value.includes("'")) return "contains a single quote (')";
  if (value.includes('\\')) return 'contains a backslash (\\)';
  if (value !== value.trim()) return 'starts or ends with a space';
  if (value.length > 4096) return 'is longer than 4096 characters';
  return undefined;
}

/** Values rejected before anything was written: each with what is wrong with it. */
function invalidValues(
  file: string,
  issues: { path: string; message: string }[],
  what: string,
  hint: string,
): StatusError {
  const list = issues.map((i) => `${i.path} ${i.message}`).join('; ');
  return new StatusError('SETTINGS_INVALID', `${what}: ${list}.`, hint, { file, issues });
}

/**
 * Sets or clears (null or '') optional operator values. Generated secrets can't be set here.
 * Validates everything first; nothing is written if one value is rejected.
 */
export function setOperatorSecrets(
  patch: OperatorSecretsPatch,
  options: SecretsOptions = {},
): Promise<EnsureSecretsResult> {
  const home = options.home ?? configHome();
  const cipher = options.cipher ?? plainCipher;
  const file = secretsPath(home);
  const issues: { path: string; message: string }[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (!(OPERATOR_SECRETS as readonly string[]).includes(key)) {
      issues.push({
        path: key,
        message: `is not an optional value that can be set (${OPERATOR_SECRETS.join(', ')})`,
      });
      continue;
    }
    if (value === null || value === undefined || value === '') continue;
    if (typeof value !== 'string') {
      issues.push({ path: key, message: 'must be a text' });
      continue;
    }
    const reason = unsafeValueReason(value);
    if (reason) issues.push({ path: key, message: reason });
    if (key === 'openaiBaseUrl' && !/^https?:\/\/[^\s]+$/.test(value)) {
      issues.push({ path: key, message: 'must be a URL starting with http:// or https://' });
    }
  }
  if (issues.length > 0) {
    return Promise.reject(
      invalidValues(
        file,
        issues,
        "These values can't be saved",
        'Correct them and save again; nothing was changed.',
      ),
    );
  }
  return serialised(file, async () => {
    // Make sure the file exists and is complete first; then apply the patch on top.
    const base = await ensureLocked(home, cipher);
    const model = (await readFileModel(file)) as SecretsFile;
    const secrets: Secrets = { ...base.secrets };
    for (const name of OPERATOR_SECRETS) {
      if (!(name in patch)) continue;
      const value = patch[name];
      if (value === undefined) continue;
      if (value === null || value === '') {
        delete model.operator[name];
        delete secrets[name];
      } else {
        model.operator[name] = await encode(value, cipher);
        secrets[name] = value;
      }
    }
    await writeFileAtomic(file, `${JSON.stringify(model, null, 2)}\n`, 0o600);
    return { ...base, secrets };
  });
}

/** True when `password` matches a bcrypt hash (what Node-RED will check). */
export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcryptCompare(password, hash);
}

/**
 * Replaces every stored secret with `values` (a restore bringing back the secrets a backup was made
 * with: the data in the volumes was initialised with those). Generated and operator values are
 * taken from `values`; the bcrypt hashes are made again from them; a generated secret missing
 * from `values` is generated (with a warning). Unknown names are ignored. Validates first; nothing
 * is written if one value is rejected.
 */
export function replaceSecrets(
  values: Record<string, string>,
  options: SecretsOptions = {},
): Promise<EnsureSecretsResult> {
  const home = options.home ?? configHome();
  const cipher = options.cipher ?? plainCipher;
  const file = secretsPath(home);
  const names: readonly string[] = [...GENERATED_SECRETS, ...OPERATOR_SECRETS];
  const issues = Object.entries(values).flatMap(([key, value]) => {
    if (!names.includes(key) || value === '') return [];
    const reason = unsafeValueReason(value);
    return reason ? [{ path: key, message: reason }] : [];
  });
  if (issues.length > 0) {
    return Promise.reject(
      invalidValues(
        file,
        issues,
        "These secrets can't be stored",
        'The secrets were not changed; restore without them or from another backup.',
      ),
    );
  }
  return serialised(file, async () => {
    await ensureConfigHome(home);
    const model = fileSchema.parse({ version: SECRETS_FILE_VERSION });
    for (const name of GENERATED_SECRETS) {
      const value = values[name];
      if (value) model.generated[name] = await encode(value, cipher);
    }
    for (const name of OPERATOR_SECRETS) {
      const value = values[name];
      if (value) model.operator[name] = await encode(value, cipher);
    }
    await writeFileAtomic(file, `${JSON.stringify(model, null, 2)}\n`, 0o600);
    // Fills in the hashes (and any generated secret the values lacked).
    return ensureLocked(home, cipher);
  });
}
