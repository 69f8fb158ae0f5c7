// Configuration from the environment, validated once at start-up. The variable names are the
// contract with stack/compose.yaml (service `status-backend`); every one is documented in
// backend/README.md and backend/.env.example.
import { z } from 'zod';

/** Empty strings (compose passes `${VAR:-}`) count as "not set". */
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
const required = (what: string) =>
  z.preprocess((v) => (v === '' ? undefined : v), z.string({ error: `is required: ${what}` }).min(1));
const secret = (what: string) =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string({ error: `is required: ${what}` })
      .min(32, { error: `is too short (at least 32 characters): ${what}` }),
  );
const port = (def: number, min = 1) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? def : Number(v)),
    z
      .number({ error: 'must be a TCP port number (1-65535)' })
      .int({ error: 'must be a whole TCP port number (1-65535)' })
      .min(min, { error: 'must be a TCP port number (1-65535)' })
      .max(65535, { error: 'must be a TCP port number (1-65535)' }),
  );
/** true/false (also 1/0, yes/no); empty or unset → `def`. */
const flag = (def: boolean) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? String(def) : typeof v === 'string' ? v.trim().toLowerCase() : v),
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
      .transform((s) => s === 'true' || s === '1' || s === 'yes'),
  );
const url = (def?: string) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? def : v),
    def === undefined
      ? z.url({ error: 'must be an absolute http(s) URL' }).optional()
      : z.url({ error: 'must be an absolute http(s) URL' }),
  );

export const configSchema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
  PORT: port(3001, 0), // 0: any free port (tests)
  API_PREFIX: z
    .string()
    .default('/api/v1')
    .refine((p) => /^\/[A-Za-z0-9/_-]*[A-Za-z0-9_-]$/.test(p), {
      error: 'must start with "/" and not end with "/", e.g. /api/v1',
    }),
  PUBLIC_URL: url('http://localhost:3000'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim().replace(/\/+$/, ''))
        .filter(Boolean),
    ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  DB_HOST: z.string().min(1).default('localhost'),
  DB_PORT: port(5432),
  DB_NAME: z.string().min(1).default('statusdb'),
  DB_USER: required('the PostgreSQL user name'),
  DB_PASSWORD: required('the PostgreSQL password'),
  /** How long start-up waits for PostgreSQL to answer (db/wait-for-database.ts); 0 = no wait. */
  STATUS_DB_WAIT_SECONDS: z.preprocess(
    (v) => (v === '' || v === undefined ? 60 : Number(v)),
    z
      .number({ error: 'must be a whole number of seconds (0 = do not wait)' })
      .int({ error: 'must be a whole number of seconds (0 = do not wait)' })
      .min(0, { error: 'must be a whole number of seconds (0 = do not wait)' })
      .max(3600, { error: 'must be at most 3600 seconds' }),
  ),

  DRAGONFLY_HOST: z.string().min(1).default('localhost'),
  DRAGONFLY_PORT: port(6379),
  DRAGONFLY_PASSWORD: optionalString,

  JWT_SECRET: secret('the signing secret of access tokens'),
  REFRESH_JWT_SECRET: secret('the signing secret of refresh tokens'),
  SECRETS_ENCRYPTION_KEY: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string({ error: 'is required: base64 of exactly 32 random bytes (openssl rand -base64 32)' })
      .refine((s) => /^[A-Za-z0-9+/]+={0,2}$/.test(s) && Buffer.from(s, 'base64').length === 32, {
        error: 'must be base64 of exactly 32 bytes (generate one with: openssl rand -base64 32)',
      }),
  ),

  STATUS_ADMIN_USERNAME: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9]{1,60}$/, { error: 'must be 1-60 letters or digits' })
      .optional(),
  ),
  STATUS_ADMIN_PASSWORD: optionalString.pipe(
    z.string().min(8, { error: 'must be at least 8 characters' }).optional(),
  ),

  /** Create the "Getting started" catalog on the first start (features/catalogs/getting-started.ts). */
  STATUS_SAMPLE_CATALOG: flag(true),

  NODE_RED_URL: url('http://localhost:1880'),
  NODE_RED_ADMIN_USER: optionalString,
  NODE_RED_ADMIN_PASSWORD: optionalString,
  NODE_RED_HTTP_USER: optionalString,
  NODE_RED_HTTP_PASSWORD: optionalString,

  GRAFANA_URL: url('http://localhost:3100/grafana'),
  /** Grafana service-account token (the desktop launcher creates it); no token → Grafana routes 503. */
  GRAFANA_API_KEY: optionalString,

  REGISTRY_URL: url('http://localhost:5400'),
  MONGO_URI: optionalString,

  AI_API_KEY: optionalString,
  AI_ORG_ID: optionalString,
  AI_BASE_URL: url(),
  AI_MODEL: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('gpt-4o-mini')),

  GH_CLIENT_ID: optionalString,
  GH_CLIENT_SECRET: optionalString,
  GH_CALLBACK_URL: url(),
  /** GitHub's web and API base URLs (GitHub Enterprise, or a local stand-in in tests). */
  GH_BASE_URL: url('https://github.com'),
  GH_API_URL: url('https://api.github.com'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `status-backend cannot start: ${problems.length} environment variable(s) missing or invalid:\n` +
        problems.map((p) => `  - ${p.variable} ${p.message}`).join('\n') +
        '\nSet them in the environment (see backend/README.md and backend/.env.example) and start again.',
    );
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws one ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (result.success) {
    const cfg = result.data;
    const problems: { variable: string; message: string }[] = [];
    if (Boolean(cfg.STATUS_ADMIN_USERNAME) !== Boolean(cfg.STATUS_ADMIN_PASSWORD))
      problems.push({
        variable: cfg.STATUS_ADMIN_USERNAME ? 'STATUS_ADMIN_PASSWORD' : 'STATUS_ADMIN_USERNAME',
        message: 'must be set together with the other STATUS_ADMIN_* variable (or leave both unset)',
      });
    if (problems.length) throw new ConfigError(problems);
    return cfg;
  }
  const seen = new Set<string>();
  const problems = result.error.issues
    .map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message }))
    .filter((p) => (seen.has(p.variable) ? false : (seen.add(p.variable), true)));
  throw new ConfigError(problems);
}
