// The subset of the Compose spec the engine supports, as zod schemas. Parsing also normalizes the
// many spellings (string or list, map or `K=V` list, short or long syntax) into one shape; load.ts
// then resolves paths and references into the model of types.ts.
//
// Anything outside the subset is an error, never silently ignored. `x-*` extension keys are allowed
// in every mapping that holds Compose keys (not inside user data such as environment or labels).
import { z } from 'zod';
import {
  checkMount,
  parseByteSize,
  parseDuration,
  parseLongPort,
  parsePortSpec,
  parseVolumeSpec,
  splitShellWords,
  type RawMount,
} from './syntax.js';
import type { DependencyCondition, PortMapping } from './types.js';
import { parseIpv4, parseIpv4Cidr } from './ipv4.js';

/** Marks an `unrecognized_keys` issue; followed by the JSON list of keys supported at that place. */
export const UNKNOWN_KEYS_MARK = '\u0000unknown-keys\u0000';

/** Keys we recognize only to reject with a specific message; never listed as "supported". */
const REJECTED_KEYS = new Set(['container_name']);

const FAIL: unique symbol = Symbol('invalid');
type Fail = typeof FAIL;
type Path = PropertyKey[];

interface Tools {
  /** Adds an issue (at `path` below the current value) and marks the value invalid. */
  report(message: string, path?: Path): Fail;
  /** Runs a sub-schema on part of the value, forwarding its issues (prefixed with `path`). */
  sub<S extends z.ZodType>(schema: S, value: unknown, path?: Path): z.output<S> | Fail;
}

/**
 * A schema written as a function: full control of the messages, no unions to untangle. A missing
 * value (a required key that is absent) is reported as such unless `handlesMissing`.
 */
function custom<T>(parse: (value: unknown, tools: Tools) => T | Fail, handlesMissing = false) {
  return z.unknown().transform((value, ctx): T => {
    let failed = false;
    const tools: Tools = {
      report(message, path) {
        failed = true;
        ctx.addIssue({ code: 'custom', message, input: value, ...(path && path.length ? { path } : {}) });
        return FAIL;
      },
      sub(schema, input, path = []) {
        const result = schema.safeParse(input, { reportInput: true });
        if (result.success) return result.data;
        failed = true;
        for (const issue of result.error.issues) {
          ctx.addIssue({ ...issue, path: [...path, ...issue.path] } as Parameters<typeof ctx.addIssue>[0]);
        }
        return FAIL;
      },
    };
    const result =
      value === undefined && !handlesMissing ? tools.report('is required but missing') : parse(value, tools);
    return failed || result === FAIL ? z.NEVER : (result as T);
  });
}

/** How a value is shown in a message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stripExtensions(value: unknown): unknown {
  if (!isMapping(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!key.startsWith('x-'))
      Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A mapping of Compose keys: unknown keys are errors, `x-*` keys are ignored. */
function mapping<S extends z.ZodRawShape>(shape: S) {
  const supported = Object.keys(shape).filter((key) => !REJECTED_KEYS.has(key));
  return z.preprocess(
    stripExtensions,
    z.strictObject(shape, {
      error: (issue) =>
        issue.code === 'unrecognized_keys' ? UNKNOWN_KEYS_MARK + JSON.stringify(supported) : undefined,
    }),
  );
}

// ---- scalars -----------------------------------------------------------------------------------

const text = custom((value, t) =>
  typeof value === 'string' ? value : t.report(`expected text, got ${describeValue(value)}`),
);

const textOrNumber = custom((value, t) =>
  typeof value === 'string' || typeof value === 'number'
    ? String(value)
    : t.report(`expected text, got ${describeValue(value)}`),
);

/** Booleans; after interpolation they may arrive as text ("true", "false"). */
const boolish = custom((value, t) => {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (['true', 'yes', 'on'].includes(lower)) return true;
    if (['false', 'no', 'off'].includes(lower)) return false;
  }
  return t.report(`expected true or false, got ${describeValue(value)}`);
});

/** Integers; after interpolation they may arrive as text ("3"). */
function integer(min: number, max = Number.MAX_SAFE_INTEGER) {
  return custom((value, t) => {
    const number = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number)) {
      return t.report(`expected a whole number, got ${describeValue(value)}`);
    }
    if (number < min || number > max) {
      return t.report(
        `${number} is out of range (${min}${max === Number.MAX_SAFE_INTEGER ? ' or more' : `-${max}`})`,
      );
    }
    return number;
  });
}

const duration = custom((value, t) => {
  if (value === 0) return 0;
  if (typeof value === 'number')
    return t.report(`${value} has no unit (write e.g. "${value}s" or "${value}ms")`);
  if (typeof value !== 'string')
    return t.report(`expected a duration such as "30s", got ${describeValue(value)}`);
  const parsed = parseDuration(value);
  return parsed.ok ? parsed.value : t.report(parsed.message);
});

const byteSize = custom((value, t) => {
  if (typeof value !== 'string' && typeof value !== 'number') {
    return t.report(`expected a size such as "512m", got ${describeValue(value)}`);
  }
  const parsed = parseByteSize(value);
  return parsed.ok ? parsed.value : t.report(parsed.message);
});

function oneOf<const V extends string>(values: readonly V[]) {
  return custom((value, t): V | Fail =>
    typeof value === 'string' && (values as readonly string[]).includes(value)
      ? (value as V)
      : t.report(
          `expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(value)}`,
        ),
  );
}

const stringList = custom((value, t) => {
  if (!Array.isArray(value)) return t.report(`expected a list, got ${describeValue(value)}`);
  let failed = false;
  const out = value.map((item, index) => {
    if (typeof item === 'string') return item;
    failed = true;
    return t.report(`expected text, got ${describeValue(item)}`, [index]);
  });
  return failed ? FAIL : (out as string[]);
});

/** `command`/`entrypoint`: a string is split into words like a shell would; a list is taken as is. */
const commandLine = custom((value, t) => {
  if (typeof value === 'string') {
    const words = splitShellWords(value);
    return words.ok ? words.value : t.report(words.message);
  }
  if (Array.isArray(value)) {
    let failed = false;
    const out = value.map((item, index) => {
      if (typeof item === 'string' || typeof item === 'number') return String(item);
      failed = true;
      return t.report(`expected text, got ${describeValue(item)}`, [index]);
    });
    return failed ? FAIL : (out as string[]);
  }
  return t.report(`expected a command (text or a list of words), got ${describeValue(value)}`);
});

/**
 * `KEY: value` mapping or `KEY=value` list (environment, labels, build args, logging options).
 * With `bare`, `KEY` without a value is kept as null ("take it from the environment").
 */
function keyValues(bare: boolean) {
  return custom((value, t): Record<string, string | null> | Fail => {
    if (value === null) return {}; // `environment:` with every entry commented out
    const out: Record<string, string | null> = {};
    const set = (key: string, item: string | null) =>
      Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    let failed = false;
    if (isMapping(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean')
          set(key, String(item));
        else if (item === null) set(key, bare ? null : '');
        else failed = t.report(`expected text, got ${describeValue(item)}`, [key]) === FAIL;
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => {
        if (typeof item !== 'string') {
          failed = t.report(`expected "KEY=value", got ${describeValue(item)}`, [index]) === FAIL;
          return;
        }
        const eq = item.indexOf('=');
        const key = eq < 0 ? item : item.slice(0, eq);
        if (key.trim() === '' || key !== key.trim()) {
          failed =
            t.report(`${describeValue(item)} is not "KEY=value" (the key is empty or has spaces around it)`, [
              index,
            ]) === FAIL;
          return;
        }
        set(key, eq < 0 ? (bare ? null : '') : item.slice(eq + 1));
      });
    } else {
      return t.report(
        `expected a mapping (KEY: value) or a list of "KEY=value", got ${describeValue(value)}`,
      );
    }
    return failed ? FAIL : out;
  });
}

/** A map whose values may be null or `{}` (top-level networks/volumes, service networks). */
function namedMap<S extends z.ZodType>(entry: S) {
  return custom((value, t): Record<string, z.output<S> | null> | Fail => {
    if (value === null) return {};
    if (!isMapping(value)) return t.report(`expected a mapping, got ${describeValue(value)}`);
    const out: Record<string, z.output<S> | null> = {};
    let failed = false;
    for (const [key, item] of Object.entries(value)) {
      if (key.startsWith('x-')) continue;
      const parsed = item === null ? null : t.sub(entry, item, [key]);
      if (parsed === FAIL) failed = true;
      else
        Object.defineProperty(out, key, {
          value: parsed,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return failed ? FAIL : out;
  });
}

// ---- service parts -----------------------------------------------------------------------------

const buildMapping = mapping({
  context: text.optional(),
  dockerfile: text.optional(),
  args: keyValues(true).optional(),
  target: text.optional(),
});

const build = custom((value, t) => {
  if (typeof value === 'string')
    return { context: value, dockerfile: undefined, args: undefined, target: undefined };
  if (!isMapping(value))
    return t.report(
      `expected a build context path or a mapping {context, dockerfile, args, target}, got ${describeValue(value)}`,
    );
  return t.sub(buildMapping, value);
});

const envFileEntry = mapping({ path: text, required: boolish.optional() });

const envFile = custom((value, t) => {
  const items = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(items))
    return t.report(`expected a file path or a list of them, got ${describeValue(value)}`);
  let failed = false;
  const out = items.map((item, index) => {
    if (typeof item === 'string') return { path: item, required: true };
    if (isMapping(item)) {
      const parsed = t.sub(envFileEntry, item, [index]);
      if (parsed === FAIL) return ((failed = true), FAIL);
      return { path: parsed.path, required: parsed.required ?? true };
    }
    failed = true;
    return t.report(`expected a file path, got ${describeValue(item)}`, [index]);
  });
  return failed ? FAIL : (out as Array<{ path: string; required: boolean }>);
});

const longPort = mapping({
  target: integer(1, 65535),
  published: textOrNumber.optional(),
  host_ip: text.optional(),
  protocol: text.optional(),
});

const ports = custom((value, t): PortMapping[] | Fail => {
  if (value === null) return [];
  if (!Array.isArray(value)) return t.report(`expected a list of port mappings, got ${describeValue(value)}`);
  const out: PortMapping[] = [];
  let failed = false;
  value.forEach((item, index) => {
    let parsed;
    if (typeof item === 'string' || typeof item === 'number') {
      parsed = parsePortSpec(String(item));
    } else if (isMapping(item)) {
      const long = t.sub(longPort, item, [index]);
      if (long === FAIL) return void (failed = true);
      parsed = parseLongPort(long);
    } else {
      failed =
        t.report(`expected a port mapping such as "127.0.0.1:8080:80", got ${describeValue(item)}`, [
          index,
        ]) === FAIL;
      return;
    }
    if (parsed.ok) out.push(...parsed.value);
    else failed = t.report(parsed.message, [index]) === FAIL;
  });
  return failed ? FAIL : out;
});

const longVolume = mapping({
  type: oneOf(['volume', 'bind'] as const),
  source: text.optional(),
  target: text,
  read_only: boolish.optional(),
});

const volumes = custom((value, t): RawMount[] | Fail => {
  if (value === null) return [];
  if (!Array.isArray(value)) return t.report(`expected a list of mounts, got ${describeValue(value)}`);
  const out: RawMount[] = [];
  let failed = false;
  value.forEach((item, index) => {
    let parsed;
    if (typeof item === 'string') {
      parsed = parseVolumeSpec(item);
    } else if (isMapping(item)) {
      const long = t.sub(longVolume, item, [index]);
      if (long === FAIL) return void (failed = true);
      parsed = checkMount({
        type: long.type,
        source: long.source ?? '',
        target: long.target,
        readOnly: long.read_only ?? false,
      });
    } else {
      failed =
        t.report(`expected a mount such as "data:/var/lib/data", got ${describeValue(item)}`, [index]) ===
        FAIL;
      return;
    }
    if (parsed.ok) out.push(parsed.value);
    else failed = t.report(parsed.message, [index]) === FAIL;
  });
  return failed ? FAIL : out;
});

/** A file's permission bits (`mode: 0444`, YAML 1.1 octal as Compose reads it, or "0444"). */
const fileMode = custom((value, t) => {
  const mode = typeof value === 'string' && /^0?[0-7]{1,4}$/.test(value.trim()) ? parseInt(value, 8) : value;
  if (typeof mode !== 'number' || !Number.isInteger(mode) || mode < 0 || mode > 0o7777)
    return t.report(`expected file permissions such as 0444 (octal), got ${describeValue(value)}`);
  return mode;
});

/** A numeric user or group id (`uid: "0"`); names cannot be resolved outside the container. */
const numericId = custom((value, t) => {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  return /^\d+$/.test(text)
    ? Number(text)
    : t.report(`expected a numeric id such as "0", got ${describeValue(value)}`);
});

const serviceConfigEntry = mapping({
  source: text,
  target: text.optional(),
  uid: numericId.optional(),
  gid: numericId.optional(),
  mode: fileMode.optional(),
});

/** A service's `configs:`: names (short syntax) or {source, target, uid, gid, mode}. */
export interface RawConfigRef {
  source: string;
  target?: string;
  uid?: number;
  gid?: number;
  mode?: number;
}

const serviceConfigs = custom((value, t): RawConfigRef[] | Fail => {
  if (value === null) return [];
  if (!Array.isArray(value))
    return t.report(
      `expected a list of configs (names or {source, target, mode}), got ${describeValue(value)}`,
    );
  let failed = false;
  const out: RawConfigRef[] = [];
  value.forEach((item, index) => {
    if (typeof item === 'string') return void out.push({ source: item });
    const parsed = isMapping(item)
      ? t.sub(serviceConfigEntry, item, [index])
      : t.report(`expected a config name or {source, target, mode}, got ${describeValue(item)}`, [index]);
    if (parsed === FAIL) failed = true;
    else out.push(parsed);
  });
  return failed ? FAIL : out;
});

const ipv4Address = custom((value, t) =>
  typeof value === 'string' && parseIpv4(value) !== undefined
    ? value.trim()
    : t.report(`expected an IPv4 address such as 172.30.250.2, got ${describeValue(value)}`),
);

const ipv4Cidr = custom((value, t) =>
  typeof value === 'string' && parseIpv4Cidr(value) !== undefined
    ? value.trim()
    : t.report(
        `expected an IPv4 block with its host bits zero, such as 172.30.250.0/29, got ${describeValue(value)}`,
      ),
);

/** A service's networks: their keys, and the fixed addresses some set (`ipv4_address`). */
export interface RawServiceNetworks {
  names: string[];
  ipv4Addresses: Record<string, string>;
}

const serviceNetworkEntry = mapping({ ipv4_address: ipv4Address.optional() });

const serviceNetworks = custom((value, t): RawServiceNetworks | Fail => {
  if (value === null) return { names: [], ipv4Addresses: {} };
  if (Array.isArray(value)) {
    const names = t.sub(stringList, value);
    return names === FAIL ? FAIL : { names, ipv4Addresses: {} };
  }
  if (isMapping(value)) {
    const parsed = t.sub(namedMap(serviceNetworkEntry), value);
    if (parsed === FAIL) return FAIL;
    const ipv4Addresses: Record<string, string> = {};
    for (const [key, entry] of Object.entries(parsed))
      if (entry?.ipv4_address) ipv4Addresses[key] = entry.ipv4_address;
    return { names: Object.keys(parsed), ipv4Addresses };
  }
  return t.report(`expected a list of network names, got ${describeValue(value)}`);
});

const ipamConfigEntry = mapping({
  subnet: ipv4Cidr,
  ip_range: ipv4Cidr.optional(),
  gateway: ipv4Address.optional(),
});

const ipamConfigList = custom((value, t) => {
  if (!Array.isArray(value)) return t.report(`expected a list of {subnet: ...}, got ${describeValue(value)}`);
  let failed = false;
  const out: Array<z.output<typeof ipamConfigEntry>> = [];
  value.forEach((item, index) => {
    const parsed = t.sub(ipamConfigEntry, item, [index]);
    if (parsed === FAIL) failed = true;
    else out.push(parsed);
  });
  return failed ? FAIL : out;
});

const ipam = mapping({ driver: text.optional(), config: ipamConfigList.optional() });

const CONDITIONS = [
  'service_started',
  'service_healthy',
  'service_completed_successfully',
] as const satisfies readonly DependencyCondition[];

const dependencyEntry = mapping({ condition: oneOf(CONDITIONS).optional(), required: boolish.optional() });

const dependsOn = custom(
  (value, t): Record<string, { condition: DependencyCondition; required: boolean }> | Fail => {
    if (value === null) return {};
    const out: Record<string, { condition: DependencyCondition; required: boolean }> = {};
    if (Array.isArray(value)) {
      const names = t.sub(stringList, value);
      if (names === FAIL) return FAIL;
      for (const name of names) out[name] = { condition: 'service_started', required: true };
      return out;
    }
    if (isMapping(value)) {
      const parsed = t.sub(namedMap(dependencyEntry), value);
      if (parsed === FAIL) return FAIL;
      for (const [name, entry] of Object.entries(parsed)) {
        out[name] = { condition: entry?.condition ?? 'service_started', required: entry?.required ?? true };
      }
      return out;
    }
    return t.report(`expected a list of service names or a mapping of them, got ${describeValue(value)}`);
  },
);

const healthTest = custom((value, t) => {
  if (typeof value === 'string') return ['CMD-SHELL', value];
  if (!Array.isArray(value) || value.length === 0 || !value.every((item) => typeof item === 'string')) {
    return t.report(
      `expected a command: text, or a list starting with "CMD", "CMD-SHELL" or "NONE", got ${describeValue(value)}`,
    );
  }
  const [kind] = value as string[];
  if (kind === 'NONE') return ['NONE'];
  if (kind === 'CMD' && value.length >= 2) return value as string[];
  if (kind === 'CMD-SHELL' && value.length === 2) return value as string[];
  if (kind === 'CMD-SHELL')
    return t.report('"CMD-SHELL" must be followed by exactly one string: the shell command');
  if (kind === 'CMD') return t.report('"CMD" must be followed by the program and its arguments');
  return t.report(`the list must start with "CMD", "CMD-SHELL" or "NONE", not ${describeValue(kind)}`);
});

const healthcheck = mapping({
  test: healthTest.optional(),
  interval: duration.optional(),
  timeout: duration.optional(),
  start_period: duration.optional(),
  retries: integer(0).optional(),
  disable: boolish.optional(),
});

const ulimits = custom((value, t): Array<{ name: string; soft: number; hard: number }> | Fail => {
  if (value === null) return [];
  if (!isMapping(value))
    return t.report(`expected a mapping of limits (e.g. memlock: -1), got ${describeValue(value)}`);
  const out: Array<{ name: string; soft: number; hard: number }> = [];
  let failed = false;
  for (const [name, item] of Object.entries(value)) {
    if (name.startsWith('x-')) continue;
    if (isMapping(item)) {
      const parsed = t.sub(mapping({ soft: integer(-1), hard: integer(-1) }), item, [name]);
      if (parsed === FAIL) failed = true;
      else out.push({ name, soft: parsed.soft, hard: parsed.hard });
    } else {
      const parsed = t.sub(integer(-1), item, [name]);
      if (parsed === FAIL) failed = true;
      else out.push({ name, soft: parsed, hard: parsed });
    }
  }
  return failed ? FAIL : out;
});

const logging = mapping({ driver: text.optional(), options: keyValues(false).optional() });

/** Compose's profile names (the spec's pattern): `profiles: [ledger]`. */
const profiles = custom((value, t): string[] | Fail => {
  const names = t.sub(stringList, value);
  if (names === FAIL) return FAIL;
  let failed = false;
  names.forEach((name, index) => {
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) {
      failed =
        t.report(
          `"${name}" is not a valid profile name (letters, digits, _ . -; starting with a letter or digit)`,
          [index],
        ) === FAIL;
    }
  });
  return failed ? FAIL : names;
});

/** A fraction from 0 to 1 (max_failure_ratio). */
const ratio = custom((value, t) => {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && number >= 0 && number <= 1
    ? number
    : t.report(`expected a fraction from 0 to 1, got ${describeValue(value)}`);
});

const updateConfig = mapping({
  parallelism: integer(0).optional(),
  delay: duration.optional(),
  failure_action: oneOf(['continue', 'rollback', 'pause']).optional(),
  monitor: duration.optional(),
  max_failure_ratio: ratio.optional(),
  order: oneOf(['stop-first', 'start-first']).optional(),
});

/** The part of Compose's `deploy:` a Swarm deployment uses; anything else is an error, as everywhere. */
const deploy = mapping({
  replicas: integer(0).optional(),
  update_config: updateConfig.optional(),
  rollback_config: updateConfig.optional(),
  placement: mapping({ constraints: stringList.optional() }).optional(),
});

const RESTART = ['no', 'always', 'on-failure', 'unless-stopped'] as const;

const restart = custom((value, t) => {
  if (value === false) return 'no' as const; // YAML 1.1 habit: `restart: no` unquoted
  if (typeof value === 'string' && (RESTART as readonly string[]).includes(value))
    return value as (typeof RESTART)[number];
  if (typeof value === 'string' && /^on-failure:\d+$/.test(value)) {
    return t.report(`"${value}": a retry count is not supported; use "on-failure"`);
  }
  return t.report(
    `expected one of "no", "always", "on-failure", "unless-stopped", got ${describeValue(value)}`,
  );
});

const containerName = custom((_value, t) =>
  t.report(
    'container_name is not supported: a fixed container name clashes when two stacks (or two copies of one) run on the same engine. ' +
      'STATUS Desktop names containers <project>-<service>-1, and other services reach this one by its service name.',
  ),
);

export const serviceSchema = mapping({
  image: text.optional(),
  build: build.optional(),
  command: commandLine.optional(),
  entrypoint: commandLine.optional(),
  environment: keyValues(true).optional(),
  env_file: envFile.optional(),
  ports: ports.optional(),
  volumes: volumes.optional(),
  configs: serviceConfigs.optional(),
  networks: serviceNetworks.optional(),
  depends_on: dependsOn.optional(),
  healthcheck: healthcheck.optional(),
  restart: restart.optional(),
  labels: keyValues(false).optional(),
  user: textOrNumber.optional(),
  working_dir: text.optional(),
  hostname: text.optional(),
  stop_grace_period: duration.optional(),
  stop_signal: text.optional(),
  mem_limit: byteSize.optional(),
  ulimits: ulimits.optional(),
  logging: logging.optional(),
  profiles: profiles.optional(),
  privileged: boolish.optional(),
  deploy: deploy.optional(),
  container_name: containerName.optional(),
});

export const networkSchema = mapping({
  driver: text.optional(),
  ipam: ipam.optional(),
  internal: boolish.optional(),
  external: boolish.optional(),
  name: text.optional(),
  labels: keyValues(false).optional(),
});

/** A top-level config: a file next to the Compose file (read where the launcher runs, never mounted). */
export const configSchema = mapping({ file: text });

export const volumeSchema = mapping({
  driver: text.optional(),
  external: boolish.optional(),
  name: text.optional(),
  labels: keyValues(false).optional(),
});

const services = custom((value, t) => {
  if (value === undefined)
    return t.report('there is no services: section; a Compose file needs at least one service');
  if (!isMapping(value)) return t.report(`expected a mapping of services, got ${describeValue(value)}`);
  const names = Object.keys(value).filter((key) => !key.startsWith('x-'));
  if (names.length === 0) return t.report('there are no services; define at least one');
  let failed = false;
  const out: Record<string, z.output<typeof serviceSchema>> = {};
  for (const name of names) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
      failed =
        t.report(
          `"${name}" is not a valid service name (use letters, digits, _ . -; start with a letter or digit)`,
          [name],
        ) === FAIL;
      continue;
    }
    const item = value[name];
    if (!isMapping(item)) {
      failed =
        t.report(
          `expected the service's settings (a mapping with image:, ports:, ...), got ${describeValue(item)}`,
          [name],
        ) === FAIL;
      continue;
    }
    const parsed = t.sub(serviceSchema, item, [name]);
    if (parsed === FAIL) failed = true;
    else out[name] = parsed;
  }
  return failed ? FAIL : out;
}, true);

export const composeFileSchema = mapping({
  version: z.unknown().optional(),
  name: text.optional(),
  services,
  networks: namedMap(networkSchema).optional(),
  volumes: namedMap(volumeSchema).optional(),
  configs: namedMap(configSchema).optional(),
});

export type RawService = z.output<typeof serviceSchema>;
export type RawDeploy = NonNullable<RawService['deploy']>;
export type RawNetwork = z.output<typeof networkSchema>;
export type RawVolume = z.output<typeof volumeSchema>;
export type RawConfig = z.output<typeof configSchema>;
export type RawComposeFile = z.output<typeof composeFileSchema>;
