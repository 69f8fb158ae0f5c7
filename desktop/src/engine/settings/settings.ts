// Operator settings (settings.json in the config folder): ports, addresses, image overrides and app
// behaviour. Validated on every read; a broken file is reported (file, key path, what is wrong),
// never silently reset to defaults.
import { join } from 'node:path';
import { z } from 'zod';
import { StatusError } from '../errors.js';
import { DEFAULT_ENGINE, engineChoiceSchema, type EngineChoice } from './engine-choice.js';
import { readTextIfExists, writeFileAtomic } from './files.js';
import { SETTINGS_FILE, configHome, ensureConfigHome } from './paths.js';

export const DEFAULT_PORTS = {
  http: 3000,
  backend: 3001,
  nodered: 1880,
  postgres: 5432,
  mongo: 5001,
  dragonfly: 6379,
  grafana: 3100,
  director: 5800,
  registry: 5400,
} as const;

export type PortName = keyof typeof DEFAULT_PORTS;
export const PORT_NAMES = Object.keys(DEFAULT_PORTS) as PortName[];

/** Settings key → the `STATUS_<SERVICE>_IMAGE` variable of stack/compose.yaml it overrides. */
export const IMAGE_VARIABLES = {
  postgres: 'STATUS_POSTGRES_IMAGE',
  mongo: 'STATUS_MONGO_IMAGE',
  dragonfly: 'STATUS_DRAGONFLY_IMAGE',
  /** The STATUS Node-RED image: the tag of the one built from stack/node-red, or a prebuilt one. */
  nodered: 'STATUS_NODERED_IMAGE',
  /** The Node-RED image that one is built on. */
  noderedBase: 'STATUS_NODERED_BASE_IMAGE',
  grafana: 'STATUS_GRAFANA_IMAGE',
  registry: 'STATUS_REGISTRY_IMAGE',
  director: 'STATUS_DIRECTOR_IMAGE',
  backend: 'STATUS_BACKEND_IMAGE',
  frontend: 'STATUS_FRONTEND_IMAGE',
  reverseProxy: 'STATUS_REVERSE_PROXY_IMAGE',
  node: 'STATUS_NODE_IMAGE',
  nginx: 'STATUS_NGINX_IMAGE',
  ledger: 'STATUS_LEDGER_IMAGE',
} as const;

/** What the `ledger` setting turns on: the Compose profile of the ledger service, and its address. */
export const LEDGER_PROFILE = 'ledger';
export const LEDGER_ENDPOINT = 'ledger:80';

export type ImageKey = keyof typeof IMAGE_VARIABLES;
export const IMAGE_KEYS = Object.keys(IMAGE_VARIABLES) as ImageKey[];

export const CLOSE_ACTIONS = ['ask', 'keep-running', 'stop'] as const;
export type CloseAction = (typeof CLOSE_ACTIONS)[number];

const port = z
  .number({ error: 'must be a port number (a whole number from 1 to 65535)' })
  .int({ error: 'must be a whole number from 1 to 65535' })
  .min(1, { error: 'must be from 1 to 65535' })
  .max(65535, { error: 'must be from 1 to 65535' });

const portsSchema = z
  .strictObject(
    Object.fromEntries(PORT_NAMES.map((name) => [name, port.default(DEFAULT_PORTS[name])])) as {
      [K in PortName]: z.ZodDefault<typeof port>;
    },
  )
  .superRefine((ports, ctx) => {
    const seen = new Map<number, PortName>();
    for (const name of PORT_NAMES) {
      const value = ports[name];
      const other = seen.get(value);
      if (other !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `is ${value}, the same port as ports.${other} (every service needs its own host port)`,
        });
      } else {
        seen.set(value, name);
      }
    }
  });

// A Docker image reference: [registry[:port]/]name[:tag][@digest]. Loose on purpose (Docker
// itself has the last word), strict enough to keep spaces, quotes and shell characters out.
const imageRef = z
  .string({ error: 'must be an image reference such as "postgres:17.2-bookworm"' })
  .max(512, { error: 'is too long for an image reference' })
  .regex(/^[a-z0-9][a-zA-Z0-9._\-/:]*(?:@sha256:[a-f0-9]{64})?$/, {
    error:
      'must be an image reference such as "postgres:17.2-bookworm" (lower-case name, optional :tag or @sha256:digest)',
  });

const imagesSchema = z.strictObject(
  Object.fromEntries(IMAGE_KEYS.map((key) => [key, imageRef.optional()])) as {
    [K in ImageKey]: z.ZodOptional<typeof imageRef>;
  },
);

const publicUrl = z
  .string({ error: 'must be a URL such as "http://status.example.org:3000"' })
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `is not a URL ("${value}"); use e.g. "http://status.example.org:3000"`,
      });
      return z.NEVER;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: `must start with http:// or https:// (got "${value}")` });
      return z.NEVER;
    }
    if (
      url.username ||
      url.password ||
      url.search ||
      url.hash ||
      (url.pathname !== '/' && url.pathname !== '')
    ) {
      ctx.addIssue({
        code: 'custom',
        message: `must be just scheme, host and port (STATUS is served at the root; got "${value}")`,
      });
      return z.NEVER;
    }
    return url.origin;
  });

export const BACKUP_EVERY = ['off', 'day', 'week'] as const;
export type BackupEvery = (typeof BACKUP_EVERY)[number];

const backupScheduleSchema = z.strictObject({
  every: z.enum(BACKUP_EVERY, { error: 'must be "off", "day" or "week"' }).default('off'),
  keep: z
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must keep at least 1 backup' })
    .max(365, { error: 'must be at most 365' })
    .default(7),
});

/** Backups the launcher takes by itself: how often, and how many of those it keeps (older ones are deleted). */
export interface BackupSchedule {
  every: BackupEvery;
  keep: number;
}

export const settingsFileSchema = z.strictObject({
  projectName: z
    .string({ error: 'must be a text' })
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, {
      error:
        'must be a Compose project name: lower-case letters, digits, "-" and "_", starting with a letter or digit',
    })
    .default('status'),
  bindAddress: z
    .ipv4({
      error:
        'must be an IPv4 address: "127.0.0.1" (this machine only), "0.0.0.0" (everyone on the network) or one of this machine\'s addresses',
    })
    .default('127.0.0.1'),
  publicUrl: publicUrl.optional(),
  ports: portsSchema.prefault({}),
  images: imagesSchema.prefault({}),
  adminUsername: z
    .string({ error: 'must be a text' })
    .regex(/^[a-z0-9._-]{3,32}$/, {
      error: 'must be 3 to 32 characters: lower-case letters, digits, ".", "_" or "-"',
    })
    .default('admin'),
  grafanaAnonymous: z.boolean({ error: 'must be true or false' }).default(false),
  ledger: z.boolean({ error: 'must be true or false' }).default(false),
  startOnLaunch: z.boolean({ error: 'must be true or false' }).default(false),
  openAtLogin: z.boolean({ error: 'must be true or false' }).default(false),
  closeAction: z.enum(CLOSE_ACTIONS, { error: 'must be "ask", "keep-running" or "stop"' }).default('ask'),
  restartKilled: z.boolean({ error: 'must be true or false' }).default(false),
  registryMirror: z
    .string({ error: 'must be a text' })
    .regex(/^(?:https?:\/\/)?[a-z0-9.-]+(?::\d+)?(?:\/[a-z0-9._/-]*)?$/i, {
      error: 'must be a registry host with an optional path, such as "mirror.example.com:5000/hub"',
    })
    .optional(),
  backupSchedule: backupScheduleSchema.prefault({}),
  engine: engineChoiceSchema.default(DEFAULT_ENGINE),
});

export type Ports = Record<PortName, number>;
export type ImageOverrides = Partial<Record<ImageKey, string>>;

/** Settings as the rest of the engine sees them: complete, every default filled in. */
export interface Settings {
  projectName: string;
  /** Host address the reverse proxy binds to (databases always bind 127.0.0.1). */
  bindAddress: string;
  /** What people type in their browser; `http://localhost:<ports.http>` unless set. */
  publicUrl: string;
  /** True when publicUrl was derived from ports.http rather than set by the operator. */
  publicUrlDerived: boolean;
  ports: Ports;
  images: ImageOverrides;
  adminUsername: string;
  grafanaAnonymous: boolean;
  /**
   * The optional blockchain ledger (Compose profile "ledger"): a privileged container the STATUS
   * nodes run through. Off unless the operator turns it on.
   */
  ledger: boolean;
  startOnLaunch: boolean;
  /** Open STATUS Desktop when the operator logs in to this computer (the desktop app only). */
  openAtLogin: boolean;
  closeAction: CloseAction;
  /**
   * Start a service again when something outside STATUS stopped it (`docker kill`, another tool):
   * Docker's restart policy treats that as a manual stop and leaves it down.
   */
  restartKilled: boolean;
  /** Every downloaded image comes through this registry (see engine/images/mirror.ts); unset: from its own. */
  registryMirror?: string;
  backupSchedule: BackupSchedule;
  /** The container engine driven (see engine-choice.ts); `{kind: 'default'}` finds it as the Docker CLI does. */
  engine: EngineChoice;
}

/** What saveSettings takes: any subset; `null` removes an override (publicUrl, an image). */
export interface SettingsPatch {
  projectName?: string;
  bindAddress?: string;
  publicUrl?: string | null;
  ports?: Partial<Ports>;
  images?: Partial<Record<ImageKey, string | null>>;
  adminUsername?: string;
  grafanaAnonymous?: boolean;
  ledger?: boolean;
  startOnLaunch?: boolean;
  openAtLogin?: boolean;
  closeAction?: CloseAction;
  restartKilled?: boolean;
  /** null removes it. */
  registryMirror?: string | null;
  backupSchedule?: Partial<BackupSchedule>;
  /** Replaces the engine choice whole; null goes back to the default engine. */
  engine?: EngineChoice | null;
}

type ParsedFile = z.output<typeof settingsFileSchema>;

export interface SettingsIssue {
  path: string;
  message: string;
}

/** Zod issues as "key.path: what is wrong", with unknown keys named by their own path. */
export function describeIssues(error: z.ZodError): SettingsIssue[] {
  const out: SettingsIssue[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ path: [...base, key].join('.'), message: 'is not a known setting (misspelt?)' });
      }
    } else {
      out.push({ path: base.length ? base.join('.') : '(whole file)', message: issue.message });
    }
  }
  return out;
}

function issuesText(issues: SettingsIssue[]): string {
  return issues.map((issue) => `${issue.path} ${issue.message}`).join('; ');
}

function resolve(parsed: ParsedFile): Settings {
  const images: ImageOverrides = {};
  for (const key of IMAGE_KEYS) {
    const value = parsed.images[key];
    if (value) images[key] = value;
  }
  return {
    projectName: parsed.projectName,
    bindAddress: parsed.bindAddress,
    publicUrl: parsed.publicUrl ?? `http://localhost:${parsed.ports.http}`,
    publicUrlDerived: parsed.publicUrl === undefined,
    ports: { ...parsed.ports },
    images,
    adminUsername: parsed.adminUsername,
    grafanaAnonymous: parsed.grafanaAnonymous,
    ledger: parsed.ledger,
    startOnLaunch: parsed.startOnLaunch,
    openAtLogin: parsed.openAtLogin,
    closeAction: parsed.closeAction,
    restartKilled: parsed.restartKilled,
    ...(parsed.registryMirror && { registryMirror: parsed.registryMirror }),
    backupSchedule: { ...parsed.backupSchedule },
    engine: parsed.engine,
  };
}

export function settingsPath(home: string = configHome()): string {
  return join(home, SETTINGS_FILE);
}

/** Every default: what a first run without settings.json sees. */
export function defaultSettings(): Settings {
  return resolve(settingsFileSchema.parse({}));
}

function invalidFile(file: string, what: string, issues: SettingsIssue[], cause?: unknown): StatusError {
  return new StatusError(
    'SETTINGS_INVALID',
    `The settings file ${file} is invalid: ${what}.`,
    `Correct it in ${file} (a text editor will do), or delete the file to go back to the defaults. ` +
      'Your generated passwords are in secrets.json and are not affected.',
    { file, issues },
    cause === undefined ? undefined : { cause },
  );
}

/** The raw JSON object of settings.json (validated), or {} when there is no file yet. */
async function readRaw(file: string): Promise<{ raw: Record<string, unknown>; parsed: ParsedFile }> {
  const text = await readTextIfExists(file);
  if (text === undefined) return { raw: {}, parsed: settingsFileSchema.parse({}) };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw invalidFile(
      file,
      `it is not valid JSON (${detail})`,
      [{ path: '(whole file)', message: detail }],
      error,
    );
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    const issues = [
      { path: '(whole file)', message: 'must be a JSON object such as {"ports": {"http": 3000}}' },
    ];
    throw invalidFile(file, issuesText(issues), issues);
  }
  const result = settingsFileSchema.safeParse(raw);
  if (!result.success) {
    const issues = describeIssues(result.error);
    throw invalidFile(file, issuesText(issues), issues, result.error);
  }
  return { raw: raw as Record<string, unknown>, parsed: result.data };
}

/** Reads and validates settings.json; defaults when it does not exist. Never writes. */
export async function loadSettings(home: string = configHome()): Promise<Settings> {
  return resolve((await readRaw(settingsPath(home))).parsed);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Settings that are objects: a patch changes the keys it names and keeps the others. */
const NESTED_KEYS = new Set(['ports', 'images', 'backupSchedule']);

function merge(raw: Record<string, unknown>, patch: SettingsPatch): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) {
      delete out[key];
    } else if (NESTED_KEYS.has(key) && isPlainObject(value)) {
      const nested: Record<string, unknown> = isPlainObject(out[key]) ? { ...(out[key] as object) } : {};
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined) continue;
        if (v === null) delete nested[k];
        else nested[k] = v;
      }
      out[key] = nested;
    } else {
      out[key] = value;
    }
  }
  return out;
}

/**
 * Applies `patch` on top of settings.json, validates the result and writes it atomically (mode
 * 0600). Nothing is written when the result is invalid. Returns the complete new settings.
 */
export async function saveSettings(patch: SettingsPatch, home: string = configHome()): Promise<Settings> {
  const file = settingsPath(home);
  const { raw } = await readRaw(file);
  const merged = merge(raw, patch);
  const result = settingsFileSchema.safeParse(merged);
  if (!result.success) {
    const issues = describeIssues(result.error);
    throw new StatusError(
      'SETTINGS_INVALID',
      `These settings can't be saved: ${issuesText(issues)}.`,
      'Correct the value and save again; nothing was changed.',
      { file, issues },
      { cause: result.error },
    );
  }
  await ensureConfigHome(home);
  // Write every value (defaults included) so the file documents itself; a publicUrl that was
  // never set stays derived from ports.http, and unset images keep the pinned defaults.
  const out: Record<string, unknown> = { ...result.data };
  if (result.data.publicUrl === undefined) delete out.publicUrl;
  await writeFileAtomic(file, `${JSON.stringify(out, null, 2)}\n`, 0o600);
  return resolve(result.data);
}
