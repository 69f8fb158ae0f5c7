import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStatusError } from '../errors.js';
import { ensureSecrets, type Secrets } from './secrets.js';
import { defaultSettings, IMAGE_VARIABLES, type Settings } from './settings.js';
import { STACK_ACCOUNTS, formatEnvFile, stackEnvironment, writeStackEnvFile } from './stack-env.js';

const run = promisify(execFile);
const COMPOSE_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../stack/compose.yaml');

let root: string;
let secrets: Secrets;
let composeText: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'status-stackenv-'));
  // Real generated secrets (bcrypt hashes with their `$`), made once for the whole file.
  secrets = (await ensureSecrets({ home: join(root, 'home') })).secrets;
  composeText = await readFile(COMPOSE_FILE, 'utf8');
}, 60_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Every `${STATUS_X…}` in the compose file: name → its `:-default` (if any) and whether it is required. */
function composeVariables(text: string): Map<string, { required: boolean; defaultValue?: string }> {
  const out = new Map<string, { required: boolean; defaultValue?: string }>();
  for (const match of text.matchAll(/\$\{(STATUS_[A-Z0-9_]+)(:?[?-])?([^}]*)\}/g)) {
    const [, name, op, rest] = match;
    const entry = out.get(name!) ?? { required: false };
    if (op?.endsWith('?')) entry.required = true;
    if (op?.endsWith('-')) entry.defaultValue = rest;
    out.set(name!, entry);
  }
  return out;
}

describe('stackEnvironment', () => {
  it('covers every required ${VAR:?…} variable of stack/compose.yaml with a non-empty value (drift check)', () => {
    const required = [...composeText.matchAll(/\$\{(STATUS_[A-Z0-9_]+)(:?\?)/g)].map((m) => m[1]!);
    expect(required.length).toBeGreaterThan(10);
    const env = stackEnvironment(defaultSettings(), secrets);
    const missing = [...new Set(required)].filter((name) => !env[name]);
    expect(missing, 'required by stack/compose.yaml but not produced by stackEnvironment').toEqual([]);
  });

  it('knows every STATUS_* variable of stack/compose.yaml, and produces no variable the file does not use', () => {
    const vars = composeVariables(composeText);
    const imageVars = new Set<string>(Object.values(IMAGE_VARIABLES));
    const env = stackEnvironment(defaultSettings(), secrets);
    // Image variables are produced only when overridden; every other one always.
    const notProduced = [...vars.keys()].filter((name) => !(name in env) && !imageVars.has(name));
    expect(notProduced, 'used by stack/compose.yaml but unknown to stackEnvironment').toEqual([]);
    const unknownImages = [...vars.keys()].filter((n) => n.endsWith('_IMAGE') && !imageVars.has(n));
    expect(unknownImages, 'image variables missing from IMAGE_VARIABLES').toEqual([]);
    // COMPOSE_PROFILES is Compose's own variable (which profiles run), not one the file interpolates.
    const unused = [...Object.keys(env), ...imageVars].filter(
      (name) => !vars.has(name) && name !== 'COMPOSE_PROFILES',
    );
    expect(unused, 'produced by stackEnvironment but not used in stack/compose.yaml').toEqual([]);
  });

  it('always writes the public URL, which the Compose file requires (it has no localhost default)', () => {
    expect(composeVariables(composeText).get('STATUS_PUBLIC_URL')?.required).toBe(true);
    expect(stackEnvironment(defaultSettings(), secrets).STATUS_PUBLIC_URL).toBe(defaultSettings().publicUrl);
  });

  it('writes the same account names and ports as the compose defaults', () => {
    const vars = composeVariables(composeText);
    for (const [name, value] of Object.entries(STACK_ACCOUNTS))
      expect(vars.get(name)?.defaultValue, name).toBe(value);
    const env = stackEnvironment(defaultSettings(), secrets);
    for (const name of Object.keys(env).filter(
      (n) => n.endsWith('_PORT') || n === 'STATUS_BIND_ADDRESS' || n === 'STATUS_GRAFANA_AUTH_NET',
    )) {
      expect(env[name], name).toBe(vars.get(name)?.defaultValue);
    }
  });

  it('maps settings and secrets to the right variables', () => {
    const settings: Settings = {
      ...defaultSettings(),
      bindAddress: '0.0.0.0',
      publicUrl: 'https://status.example.org',
      publicUrlDerived: false,
      ports: { ...defaultSettings().ports, http: 8080, postgres: 15432 },
      images: { grafana: 'mirror.local/grafana-oss:11.4.0' },
      adminUsername: 'ops',
      grafanaAnonymous: true,
    };
    const env = stackEnvironment(settings, { ...secrets, openaiApiKey: 'sk-1', githubClientSecret: 'gh-2' });
    expect(env).toMatchObject({
      STATUS_BIND_ADDRESS: '0.0.0.0',
      STATUS_PUBLIC_URL: 'https://status.example.org',
      STATUS_HTTP_PORT: '8080',
      STATUS_POSTGRES_PORT: '15432',
      STATUS_GRAFANA_IMAGE: 'mirror.local/grafana-oss:11.4.0',
      STATUS_ADMIN_USERNAME: 'ops',
      STATUS_ADMIN_PASSWORD: secrets.adminPassword,
      STATUS_DB_PASSWORD: secrets.dbPassword,
      STATUS_SECRETS_KEY: secrets.secretsKey,
      STATUS_NODERED_ADMIN_HASH: secrets.adminPasswordHash,
      STATUS_NODERED_HTTP_HASH: secrets.noderedHttpPasswordHash,
      STATUS_GRAFANA_ANONYMOUS: 'true',
      STATUS_OPENAI_API_KEY: 'sk-1',
      STATUS_OPENAI_MODEL: '',
      STATUS_GITHUB_CLIENT_SECRET: 'gh-2',
    });
    expect(env).not.toHaveProperty('STATUS_POSTGRES_IMAGE');
  });

  it('turns the ledger profile and endpoint on with the ledger setting, and off (empty) without', () => {
    const off = stackEnvironment(defaultSettings(), secrets);
    expect(off).toMatchObject({ COMPOSE_PROFILES: '', STATUS_LEDGER_ENDPOINT: '' });
    const on = stackEnvironment({ ...defaultSettings(), ledger: true }, secrets);
    expect(on).toMatchObject({ COMPOSE_PROFILES: 'ledger', STATUS_LEDGER_ENDPOINT: 'ledger:80' });
    // The profile names a service of stack/compose.yaml, reachable at the endpoint's host name.
    const { services } = parseYaml(composeText) as {
      services: Record<string, { profiles?: string[]; networks?: string[] }>;
    };
    expect(services.ledger?.profiles).toEqual(['ledger']);
    const shared = (services.ledger?.networks ?? []).filter((n) => services.nodered?.networks?.includes(n));
    expect(shared).not.toEqual([]);
  });
});

describe('writeStackEnvFile', () => {
  it('single-quotes every value and refuses values the Compose readers disagree on', () => {
    expect(formatEnvFile({ A: '$2b$12$x', B: '' })).toBe("A='$2b$12$x'\nB=''\n");
    for (const bad of ["it's", 'a\\b', 'two\nlines']) {
      let error: unknown;
      try {
        formatEnvFile({ STATUS_X: bad });
      } catch (e) {
        error = e;
      }
      expect(isStatusError(error, 'SETTINGS_INVALID'), bad).toBe(true);
      expect((error as Error).message).toContain('STATUS_X');
    }
  });

  it('writes mode 0600 atomically, leaving no temp file', async () => {
    const dir = await mkdtemp(join(root, 'env-'));
    const path = join(dir, 'stack.env');
    await writeStackEnvFile(path, { STATUS_A: '1' });
    await writeStackEnvFile(path, { STATUS_A: '2' });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['stack.env']);
    expect(await readFile(path, 'utf8')).toMatch(/^# .*\nSTATUS_A='2'\n$/s);
  });

  // Real docker-compose 1.29 (Debian's python implementation) reading our file.
  it('round-trips through `docker-compose --env-file … config` with bcrypt hashes and secrets intact', async () => {
    const dir = await mkdtemp(join(root, 'compose-'));
    const path = join(dir, 'stack.env');
    const settings = { ...defaultSettings(), images: { grafana: 'mirror.local/grafana-oss:11.4.0' } };
    const env = stackEnvironment(settings, secrets);
    await writeStackEnvFile(path, { COMPOSE_PROJECT_NAME: 'status', ...env });

    const { stdout } = await run('docker-compose', ['--env-file', path, '-f', COMPOSE_FILE, 'config'], {
      // Nothing from the test runner's environment may leak into the interpolation.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' },
      maxBuffer: 16 * 1024 * 1024,
    });
    // `config` prints a reusable file: a literal `$` comes out escaped as `$$`.
    const config = parseYaml(stdout) as {
      services: Record<string, { environment: Record<string, string>; image: string }>;
    };
    const literal = (value: string) => value.replaceAll('$$', '$');
    const nodered = config.services.nodered!.environment;
    expect(literal(nodered.NODE_RED_ADMIN_PASSWORD_HASH!)).toBe(secrets.adminPasswordHash);
    expect(literal(nodered.NODE_RED_HTTP_PASSWORD_HASH!)).toBe(secrets.noderedHttpPasswordHash);
    expect(secrets.adminPasswordHash).toContain('$');
    const backend = config.services['status-backend']!.environment;
    expect(literal(backend.SECRETS_ENCRYPTION_KEY!)).toBe(secrets.secretsKey);
    expect(literal(backend.STATUS_ADMIN_PASSWORD!)).toBe(secrets.adminPassword);
    expect(literal(backend.MONGO_URI!)).toBe(
      `mongodb://status:${secrets.mongoPassword}@mongo-registry:27017/status?authSource=admin`,
    );
    expect(literal(backend.AI_MODEL!)).toBe('gpt-4o-mini'); // empty → the compose default
    expect(literal(backend.GH_CLIENT_ID!)).toBe('');
    expect(literal(config.services.postgres!.environment.POSTGRES_PASSWORD!)).toBe(secrets.dbPassword);
    expect(config.services.grafana!.image).toBe('mirror.local/grafana-oss:11.4.0');
    expect(config.services.postgres!.image).toBe('postgres:17.2-bookworm');
  }, 60_000);
});
