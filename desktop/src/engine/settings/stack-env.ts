// The STATUS_* variables stack/compose.yaml reads, computed from settings + secrets, and the
// dotenv file that lets the plain Compose CLI run the same stack:
//   docker compose --env-file <config folder>/stack.env -f stack/compose.yaml up -d
import { StatusError } from '../errors.js';
import { writeFileAtomic } from './files.js';
import type { Secrets } from './secrets.js';
import { unsafeValueReason } from './secrets.js';
import { IMAGE_KEYS, IMAGE_VARIABLES, LEDGER_ENDPOINT, LEDGER_PROFILE, type Settings } from './settings.js';

/**
 * Account names the stack was designed with. They equal the `${VAR:-default}` defaults of
 * stack/compose.yaml (a test checks it) and are written out explicitly so the databases, which
 * were initialised with them, never see another name if a default changes.
 */
export const STACK_ACCOUNTS = {
  STATUS_DB_NAME: 'statusdb',
  STATUS_DB_USER: 'status',
  STATUS_MONGO_USER: 'status',
  STATUS_NODERED_HTTP_USER: 'status-backend',
} as const;

/** The compose default of STATUS_GRAFANA_AUTH_NET (a shell variable of that name overrides it). */
export const GRAFANA_AUTH_NET = '10.213.97';

/**
 * Every STATUS_* variable of stack/compose.yaml, and COMPOSE_PROFILES. Image variables appear only
 * when overridden.
 */
export function stackEnvironment(settings: Settings, secrets: Secrets): Record<string, string> {
  const env: Record<string, string> = {
    // where STATUS is reached
    STATUS_BIND_ADDRESS: settings.bindAddress,
    STATUS_PUBLIC_URL: settings.publicUrl,
    // host ports
    STATUS_HTTP_PORT: String(settings.ports.http),
    STATUS_BACKEND_PORT: String(settings.ports.backend),
    STATUS_NODERED_PORT: String(settings.ports.nodered),
    STATUS_POSTGRES_PORT: String(settings.ports.postgres),
    STATUS_MONGO_PORT: String(settings.ports.mongo),
    STATUS_DRAGONFLY_PORT: String(settings.ports.dragonfly),
    STATUS_GRAFANA_PORT: String(settings.ports.grafana),
    STATUS_DIRECTOR_PORT: String(settings.ports.director),
    STATUS_REGISTRY_PORT: String(settings.ports.registry),
    // accounts
    STATUS_ADMIN_USERNAME: settings.adminUsername,
    STATUS_ADMIN_PASSWORD: secrets.adminPassword,
    ...STACK_ACCOUNTS,
    // secrets
    STATUS_DB_PASSWORD: secrets.dbPassword,
    STATUS_GRAFANA_DB_PASSWORD: secrets.grafanaDbPassword,
    STATUS_GRAFANA_OWNER_DB_PASSWORD: secrets.grafanaOwnerDbPassword,
    STATUS_MONGO_PASSWORD: secrets.mongoPassword,
    STATUS_REDIS_PASSWORD: secrets.redisPassword,
    STATUS_JWT_SECRET: secrets.jwtSecret,
    STATUS_REFRESH_JWT_SECRET: secrets.refreshJwtSecret,
    STATUS_SECRETS_KEY: secrets.secretsKey,
    STATUS_GRAFANA_ADMIN_PASSWORD: secrets.grafanaAdminPassword,
    STATUS_NODERED_CREDENTIAL_SECRET: secrets.noderedCredentialSecret,
    STATUS_NODERED_HTTP_PASSWORD: secrets.noderedHttpPassword,
    STATUS_NODERED_ADMIN_HASH: secrets.adminPasswordHash,
    STATUS_NODERED_HTTP_HASH: secrets.noderedHttpPasswordHash,
    // optional integrations: empty means "not configured" (Compose's `:-` treats empty as unset)
    STATUS_GRAFANA_ANONYMOUS: settings.grafanaAnonymous ? 'true' : 'false',
    // The grafana-auth network (reverse proxy and Grafana only): <net>.0/28, the proxy at <net>.14.
    STATUS_GRAFANA_AUTH_NET: GRAFANA_AUTH_NET,
    STATUS_GRAFANA_API_KEY: secrets.grafanaApiKey ?? '',
    STATUS_OPENAI_API_KEY: secrets.openaiApiKey ?? '',
    STATUS_OPENAI_ORG_ID: secrets.openaiOrgId ?? '',
    STATUS_OPENAI_BASE_URL: secrets.openaiBaseUrl ?? '',
    STATUS_OPENAI_MODEL: secrets.openaiModel ?? '',
    STATUS_GITHUB_CLIENT_ID: secrets.githubClientId ?? '',
    STATUS_GITHUB_CLIENT_SECRET: secrets.githubClientSecret ?? '',
  };
  // Compose profiles, read by STATUS Desktop's engine and by `docker compose --env-file` alike.
  // Written even when empty: "no profile" is a setting too, not a gap a shell variable fills.
  env.COMPOSE_PROFILES = settings.ledger ? LEDGER_PROFILE : '';
  // Empty: the STATUS nodes run locally (settings.js treats empty as unset).
  env.STATUS_LEDGER_ENDPOINT = settings.ledger ? LEDGER_ENDPOINT : '';
  for (const key of IMAGE_KEYS) {
    const image = settings.images[key];
    if (image) env[IMAGE_VARIABLES[key]] = image;
  }
  return env;
}

/**
 * The dotenv text. Every value is single-quoted, which both Compose implementations read
 * literally, so the `$` of bcrypt hashes is not taken for a variable:
 * - Compose v2 (compose-go): single-quoted values are used as they are, no interpolation;
 * - docker-compose 1.29 (python-dotenv): single-quoted values are literal except `\\` and `\'`,
 *   and it never interpolates env-file values.
 * Values containing `'`, `\`, line breaks or other control characters are refused: the two
 * readers would not agree on them (settings and secrets validation keeps them out anyway).
 */
export function formatEnvFile(env: Record<string, string>, header?: string): string {
  const lines: string[] = [];
  if (header) for (const line of header.split('\n')) lines.push(`# ${line}`.trimEnd());
  for (const [key, value] of Object.entries(env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      throw new StatusError(
        'SETTINGS_INVALID',
        `"${key}" is not a valid environment variable name.`,
        'Use letters, digits and "_" only, not starting with a digit.',
        { key },
      );
    }
    const reason = unsafeValueReason(value);
    if (reason) {
      throw new StatusError(
        'SETTINGS_INVALID',
        `The value of ${key} can't be written to the stack's env file: it ${reason}.`,
        "Change that value in STATUS Desktop's settings (or secrets.json) and try again.",
        { key },
      );
    }
    lines.push(`${key}='${value}'`);
  }
  return `${lines.join('\n')}\n`;
}

export const ENV_FILE_HEADER = [
  'Written by STATUS Desktop: generated secrets, readable by you only. Edits are overwritten;',
  'change settings in STATUS Desktop instead. Use with the plain Compose CLI:',
  '  docker compose --env-file <this file> -f stack/compose.yaml up -d',
].join('\n');

/**
 * Writes a dotenv file for `docker compose --env-file` atomically with mode 0600. It holds
 * secrets: write it into the config folder, never into the repository.
 */
export async function writeStackEnvFile(
  path: string,
  env: Record<string, string>,
  header = ENV_FILE_HEADER,
): Promise<void> {
  await writeFileAtomic(path, formatEnvFile(env, header), 0o600);
}
