// The arguments of every LauncherApi method and stream, checked at the launcher's edge (IPC and
// HTTP share these). Shapes and bounds only: the engine validates values against its own rules
// (ports, image references, addresses) and answers SETTINGS_INVALID naming the field.
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { engineChoiceSchema } from '../engine/settings/engine-choice.js';
import { BACKUP_EVERY, CLOSE_ACTIONS, IMAGE_KEYS, PORT_NAMES } from '../engine/settings/settings.js';
import type { ApiMethod, ApiStream } from './contract.js';
import { invalidInput } from './to-api-error.js';

const serviceName = z
  .string({ error: 'must be a service name' })
  .min(1, { error: 'must not be empty' })
  .max(128, { error: 'is too long for a service name' })
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, { error: 'must be a service name such as "postgres"' });

const services = z.array(serviceName, { error: 'must be a list of service names' }).max(64);

const text = (max: number) => z.string({ error: 'must be a text' }).max(max, { error: 'is too long' });

const portNumber = z
  .number({ error: 'must be a port number' })
  .int({ error: 'must be a whole number' })
  .min(1, { error: 'must be from 1 to 65535' })
  .max(65535, { error: 'must be from 1 to 65535' });

export const logQuerySchema = z.strictObject({
  services,
  tail: z.union([
    z.literal('all'),
    z
      .number({ error: 'must be a number of lines or "all"' })
      .int({ error: 'must be a whole number of lines' })
      .min(0, { error: 'must be 0 or more lines' })
      .max(1_000_000, { error: 'must be at most 1,000,000 lines (or "all")' }),
  ]),
  since: text(64).optional(),
});

export const followQuerySchema = z.strictObject({ services });

const settingsUpdateSchema = z.strictObject({
  bindAddress: text(64).optional(),
  publicUrl: text(512).nullable().optional(),
  ports: z
    .strictObject(
      Object.fromEntries(PORT_NAMES.map((name) => [name, portNumber.optional()])) as Record<
        (typeof PORT_NAMES)[number],
        z.ZodOptional<typeof portNumber>
      >,
    )
    .optional(),
  images: z
    .strictObject(
      Object.fromEntries(IMAGE_KEYS.map((key) => [key, text(512).nullable().optional()])) as Record<
        (typeof IMAGE_KEYS)[number],
        z.ZodOptional<z.ZodNullable<ReturnType<typeof text>>>
      >,
    )
    .optional(),
  adminUsername: text(64).optional(),
  ledger: z.boolean({ error: 'must be true or false' }).optional(),
  startOnLaunch: z.boolean({ error: 'must be true or false' }).optional(),
  openAtLogin: z.boolean({ error: 'must be true or false' }).optional(),
  closeAction: z.enum(CLOSE_ACTIONS, { error: 'must be "ask", "keep-running" or "stop"' }).optional(),
  restartKilled: z.boolean({ error: 'must be true or false' }).optional(),
  registryMirror: text(512).nullable().optional(),
  backupSchedule: z
    .strictObject({
      every: z.enum(BACKUP_EVERY, { error: 'must be "off", "day" or "week"' }).optional(),
      keep: z.int({ error: 'must be a whole number' }).min(1).max(365).optional(),
    })
    .optional(),
});

const secretValue = text(4096).nullable().optional();
const secretsUpdateSchema = z.strictObject({
  openAiKey: secretValue,
  githubClientId: secretValue,
  githubClientSecret: secretValue,
});

// The address must be one the engine offers, the host name a valid one: the launcher checks both
// (sharing.ts) against this machine's interfaces; here only the shape.
const shareTargetSchema = z.union(
  [
    z.strictObject({ address: z.ipv4({ error: 'must be an IPv4 address of this computer' }) }),
    z.strictObject({ hostName: text(253).min(1, { error: 'must not be empty' }) }),
  ],
  { error: 'must be {"address": "<one of this computer\'s addresses>"} or {"hostName": "<name>"}' },
);

/**
 * A kept backup's file name: a name, never a path (no separators, not hidden), with the backups'
 * extension. The launcher also checks that it names a file of the backups folder.
 */
export const backupNameSchema = z
  .string({ error: 'must be the name of a backup file' })
  .max(255, { error: 'is too long for a file name' })
  .regex(/^[\p{L}\p{N}_()+,@ -][\p{L}\p{N}._()+,@ -]*\.statusbackup$/u, {
    error: 'must be the name of a file in the backups folder (no folders), ending in .statusbackup',
  });

const passphrase = z
  .string({ error: 'must be a text' })
  .min(8, { error: 'must be at least 8 characters' })
  .max(1024, { error: 'is too long' });

const backupRequestSchema = z.strictObject({ secretsPassphrase: passphrase.optional() });

const restoreRequestSchema = z.strictObject({
  passphrase: passphrase.optional(),
  allowOtherProject: z.boolean({ error: 'must be true or false' }).optional(),
});

const updateRequestSchema = z.strictObject({
  stack: text(4096)
    .refine((stack) => /^https?:\/\//i.test(stack) || isAbsolute(stack), {
      error:
        'must be an http(s) URL or the full path of a Compose file on the computer running STATUS Desktop',
    })
    .optional(),
});

const none = z.tuple([]);
const taskId = z.string({ error: 'must be a task id' }).min(1).max(64);

/** Each method's arguments as a tuple (what `api[method](...args)` takes). */
export const METHOD_ARGS: Record<ApiMethod, z.ZodType<unknown[]>> = {
  status: none,
  stats: none,
  diagnose: none,
  checkPorts: none,
  setupState: none,
  settings: none,
  secretsState: none,
  urls: none,
  shareChoices: none,
  resetPlan: none,
  logs: z.tuple([logQuerySchema]),
  tasks: none,
  backups: none,
  up: none,
  pull: none,
  down: none,
  startService: z.tuple([serviceName]),
  stopService: z.tuple([serviceName]),
  restartService: z.tuple([serviceName]),
  stop: none,
  restart: none,
  reset: z.tuple([z.array(text(255), { error: 'must be the list of volume names to delete' }).max(64)]),
  cancel: z.tuple([taskId]),
  backup: z.tuple([backupRequestSchema.optional()]),
  restoreBackup: z.tuple([backupNameSchema, restoreRequestSchema.optional()]),
  deleteBackup: z.tuple([backupNameSchema]),
  checkUpdates: z.tuple([updateRequestSchema.optional()]),
  upgrade: z.tuple([updateRequestSchema.optional()]),
  deploySwarm: z.tuple([
    z
      .strictObject({
        routing: z.enum(['host', 'mesh'], { error: 'must be "host" or "mesh"' }).optional(),
      })
      .optional(),
  ]),
  loadImages: z.tuple([
    text(4096).refine((file) => isAbsolute(file), {
      error: 'must be the full path of the file on the computer running STATUS Desktop',
    }),
  ]),
  saveSettings: z.tuple([settingsUpdateSchema]),
  engines: none,
  testEngine: z.tuple([engineChoiceSchema]),
  useEngine: z.tuple([engineChoiceSchema]),
  saveSecrets: z.tuple([secretsUpdateSchema]),
  share: z.tuple([shareTargetSchema]),
  stopSharing: none,
  completeSetup: z.tuple([z.strictObject({ adminUsername: text(64) })]),
  adminCredentials: none,
};

/** Each stream's subscription arguments (the listener excluded). */
export const STREAM_ARGS: Record<ApiStream, z.ZodType<unknown[]>> = {
  onStatus: none,
  onTask: none,
  onLogs: z.tuple([followQuerySchema]),
};

// A missing trailing `undefined` (JSON drops them) is the same call.
function normalise(args: unknown): unknown {
  if (!Array.isArray(args)) return args;
  const out = [...args];
  while (out.length && out[out.length - 1] === undefined) out.pop();
  return out;
}

function parse(schema: z.ZodType<unknown[]>, name: string, args: unknown): unknown[] {
  const result = schema.safeParse(normalise(args));
  if (result.success) return result.data;
  throw invalidInput(name, result.error);
}

/** The checked arguments of `method`, or an INVALID_INPUT LauncherError naming the field. */
export function parseMethodArgs(method: ApiMethod, args: unknown): unknown[] {
  return parse(METHOD_ARGS[method], method, args);
}

export function parseStreamArgs(stream: ApiStream, args: unknown): unknown[] {
  return parse(STREAM_ARGS[stream], stream, args);
}
