// compose.yaml → ComposeProject: read, parse YAML (anchors, aliases, merge keys), interpolate,
// validate against the supported subset, normalize (paths, engine names, implicit default network),
// check references (depends_on, networks, volumes) and the start order (no cycles).
import { access, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node as YamlNode,
  type ScalarTag,
} from 'yaml';
import { StatusError } from '../errors.js';
import { planTiers } from '../plan.js';
import { readEnvFile } from './env-file.js';
import {
  formatPath,
  interpolateTree,
  listVariables,
  type VariableUse,
  InterpolationWarnings,
  type Lookup,
  type PathSegment,
} from './interpolate.js';
import { closest, problemsError, problemsFromIssues, type Problem } from './issues.js';
import { ipv4InBlock, parseIpv4, parseIpv4Cidr } from './ipv4.js';
import { composeFileSchema, type RawComposeFile, type RawDeploy, type RawService } from './schema.js';
import type {
  ComposeProject,
  ConfigMount,
  ConfigSpec,
  DeploySpec,
  HealthCheck,
  Mount,
  NetworkSpec,
  ServiceSpec,
  UpdatePolicySpec,
  VolumeSpec,
} from './types.js';

export interface LoadComposeOptions {
  /** Path of the compose file (absolute, or relative to the current directory). */
  file: string;
  /** Overrides the top-level `name:` and the folder name. Normalized like Compose does. */
  projectName?: string;
  /**
   * The interpolation environment (the caller merges process env and settings). `undefined` values
   * count as unset. Also used for `KEY`-only entries in environment/build args and for env files.
   */
  env: Readonly<Record<string, string | undefined>>;
  /**
   * A dotenv file (like `docker compose --env-file`): its values are used for interpolation where
   * `env` does not set the variable.
   */
  envFile?: string;
  /** How the file is named in messages (default: relative to the current directory if inside it). */
  displayPath?: string;
  /**
   * Enabled Compose profiles. Default: COMPOSE_PROFILES from `env` or the env file (comma-separated,
   * like `docker compose` and docker-compose 1.29 read it); `*` enables every profile.
   */
  profiles?: string[];
}

/** COMPOSE_PROFILES → profile names: comma-separated, blanks ignored. */
export function parseProfiles(value: string | undefined): string[] {
  return [
    ...new Set(
      (value ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    ),
  ].sort();
}

export interface LoadComposeResult {
  project: ComposeProject;
  /** Non-fatal findings: unset variables (empty string used), YAML warnings, skipped optional deps. */
  warnings: string[];
}

const RESERVED_LABEL_PREFIXES = ['com.docker.compose.', 'org.status.desktop.'];
const HEALTH_DEFAULTS = { intervalMs: 30_000, timeoutMs: 30_000, retries: 3, startPeriodMs: 0 };
const DEFAULT_STOP_GRACE_MS = 10_000;

/** Compose's project-name normalization: lowercase, keep [a-z0-9_-], no leading `_`/`-`. */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

function displayName(absolute: string): string {
  const relative = path.relative(process.cwd(), absolute);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
}

/** Reads the file; a missing or unreadable file is a StatusError naming it. */
async function readComposeFile(file: string, shown: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new StatusError(
      missing ? 'NOT_FOUND' : 'COMPOSE_INVALID',
      missing
        ? `${shown}: the Compose file does not exist.`
        : `${shown}: the Compose file cannot be read (${(error as Error).message}).`,
      missing
        ? 'Check the path (STATUS Desktop ships it as stack/compose.yaml), or reinstall STATUS Desktop.'
        : 'Check that your user can read the file.',
      { file },
      { cause: error },
    );
  }
}

interface ParsedYaml {
  doc: Document;
  lineCounter: LineCounter;
  /** The top-level mapping without its `x-*` keys (anchors are already expanded where used). */
  data: Record<string, unknown>;
  warnings: string[];
}

/**
 * `0444` is octal to Compose (YAML 1.1: docker-compose and Compose v2 read it so) but decimal in
 * YAML 1.2; a config's `mode: 0444` must mean r--r--r-- here too.
 */
const yaml11Octal: ScalarTag = {
  tag: 'tag:yaml.org,2002:int',
  default: true,
  format: 'OCT',
  test: /^0[0-7]+$/,
  resolve: (text) => parseInt(text, 8),
};

/** YAML → plain data, with anchors, aliases and merge keys; syntax errors name line and column. */
function parseComposeYaml(text: string, file: string, shown: string): ParsedYaml {
  const warnings: string[] = [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    merge: true,
    prettyErrors: true,
    uniqueKeys: true,
    lineCounter,
    customTags: (tags) => [yaml11Octal, ...tags],
  });
  if (doc.errors.length > 0) throw yamlError(shown, doc.errors[0]!, doc.errors.length);
  for (const warning of doc.warnings) warnings.push(`${shown}: ${warning.message.split('\n')[0]}`);

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 10_000 });
  } catch (error) {
    throw new StatusError(
      'COMPOSE_INVALID',
      `${shown}: the YAML cannot be expanded: ${(error as Error).message}`,
      `Check the anchors (&name) and aliases (*name) in ${shown}.`,
      { file },
      { cause: error },
    );
  }
  if (data === null || data === undefined) {
    throw new StatusError(
      'COMPOSE_INVALID',
      `${shown}: the file is empty.`,
      'Define the services under services:.',
      {
        file,
      },
    );
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new StatusError(
      'COMPOSE_INVALID',
      `${shown}: expected a mapping of keys (services:, networks:, volumes:), got ${Array.isArray(data) ? 'a list' : 'a single value'}.`,
      'A Compose file starts with top-level keys such as services:.',
      { file },
    );
  }
  // Top-level x-* sections only feed anchors; they were expanded where they are used.
  const topLevel = Object.fromEntries(Object.entries(data).filter(([key]) => !key.startsWith('x-')));
  return { doc, lineCounter, data: topLevel, warnings };
}

export async function loadComposeProject(options: LoadComposeOptions): Promise<LoadComposeResult> {
  const file = path.resolve(options.file);
  const shown = options.displayPath ?? displayName(file);
  const text = await readComposeFile(file, shown);

  const fromFile = options.envFile ? await readEnvFile(options.envFile, { env: options.env }) : {};
  const lookup: Lookup = (name) =>
    (Object.prototype.hasOwnProperty.call(options.env, name) ? options.env[name] : undefined) ??
    (Object.prototype.hasOwnProperty.call(fromFile, name) ? fromFile[name] : undefined);

  const profiles = options.profiles
    ? [...new Set(options.profiles)].sort()
    : parseProfiles(lookup('COMPOSE_PROFILES'));
  return loadComposeText(text, { file, shown, projectName: options.projectName, lookup, profiles });
}

export interface ComposeVariable extends VariableUse {
  /** Key path of the value that uses it. */
  path: string;
}

/**
 * Every variable the Compose file refers to (with where, whether it is required, its default), without
 * needing any of them set: for settings (which secrets must exist) and `doctor`.
 */
export async function listComposeVariables(options: {
  file: string;
  displayPath?: string;
}): Promise<ComposeVariable[]> {
  const file = path.resolve(options.file);
  const shown = options.displayPath ?? displayName(file);
  const { data } = parseComposeYaml(await readComposeFile(file, shown), file, shown);
  const found: ComposeVariable[] = [];
  const walk = (node: unknown, at: PathSegment[]): void => {
    if (typeof node === 'string') {
      const where = formatPath(at);
      for (const use of listVariables(node, { file: shown, path: where }))
        found.push({ ...use, path: where });
    } else if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, [...at, index]));
    } else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) walk(value, [...at, key]);
    }
  };
  walk(data, []);
  return found;
}

interface TextContext {
  /** Absolute path. */
  file: string;
  /** As shown in messages. */
  shown: string;
  projectName: string | undefined;
  lookup: Lookup;
  /** Enabled profiles. */
  profiles: string[];
}

async function loadComposeText(text: string, ctx: TextContext): Promise<LoadComposeResult> {
  const { doc, lineCounter, data: topLevel, warnings } = parseComposeYaml(text, ctx.file, ctx.shown);

  const interpolationWarnings = new InterpolationWarnings();
  const interpolated = interpolateTree(topLevel, ctx.lookup, ctx.shown, interpolationWarnings);
  warnings.push(...interpolated.warnings);

  const parsed = composeFileSchema.safeParse(interpolated.value, { reportInput: true });
  if (!parsed.success) {
    const problems = problemsFromIssues(parsed.error.issues);
    throw problemsError(ctx.shown, withLines(problems, doc, lineCounter));
  }

  const normalizer = new Normalizer(parsed.data, ctx, warnings);
  const project = await normalizer.run();
  if (normalizer.problems.length > 0)
    throw problemsError(ctx.shown, withLines(normalizer.problems, doc, lineCounter));

  try {
    planTiers(project);
  } catch (error) {
    // Name the file in the cycle's message.
    if (error instanceof StatusError && error.code === 'DEPENDENCY_CYCLE') {
      const message = error.message.charAt(0).toLowerCase() + error.message.slice(1);
      throw new StatusError(
        error.code,
        `${ctx.shown}: ${message}`,
        error.hint,
        { ...error.details, file: ctx.file },
        { cause: error },
      );
    }
    throw error;
  }
  return { project, warnings };
}

function yamlError(
  shown: string,
  error: { message: string; linePos?: [{ line: number; col: number }, ...unknown[]] },
  count: number,
) {
  const [headline = '', ...rest] = error.message.split('\n');
  const plain = headline.replace(/ at line \d+, column \d+:?$/, '');
  const pos = error.linePos?.[0];
  const excerpt = rest.join('\n').replace(/^\n+/, '').trimEnd();
  const where = pos ? `${shown}:${pos.line}:${pos.col}` : shown;
  return new StatusError(
    'COMPOSE_INVALID',
    `${where}: invalid YAML: ${plain}` + (excerpt ? `\n${excerpt}` : ''),
    `Fix the YAML${pos ? ` at line ${pos.line}` : ''} (check the indentation, the ":" after each key and the quotes), then try again.` +
      (count > 1 ? ` The file has ${count} YAML errors; this is the first.` : ''),
    { file: shown, line: pos?.line, column: pos?.col },
  );
}

/** Adds the line of each problem's key (or of its closest parent found in the document). */
function withLines(problems: Problem[], doc: Document, lineCounter: LineCounter): Problem[] {
  const located = problems.map((problem) => {
    const offset = offsetOf(doc, problem.path);
    return offset === undefined ? problem : { ...problem, line: lineCounter.linePos(offset).line };
  });
  // In file order, the way a person reads them.
  return located.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}

function offsetOf(doc: Document, segments: readonly PathSegment[]): number | undefined {
  let node: unknown = doc.contents;
  let offset = (node as YamlNode | null)?.range?.[0];
  for (const segment of segments) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      offset = (pair.key as YamlNode).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as YamlNode | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

class Normalizer {
  readonly problems: Problem[] = [];
  private readonly workingDir: string;

  constructor(
    private readonly raw: RawComposeFile,
    private readonly ctx: TextContext,
    private readonly warnings: string[],
  ) {
    this.workingDir = path.dirname(ctx.file);
  }

  private problem(pathSegments: PathSegment[], message: string, hint?: string): void {
    this.problems.push({ path: pathSegments, message, ...(hint ? { hint } : {}) });
  }

  async run(): Promise<ComposeProject> {
    const name = this.projectName();
    // Every service is checked, active or not: a mistake in the file does not hide behind a profile.
    const all: Record<string, ServiceSpec> = {};
    for (const [key, raw] of Object.entries(this.raw.services)) {
      all[key] = await this.service(name, key, raw);
    }
    const networks = this.networks(name, all);
    const volumes = this.volumes(name);
    const configs = await this.configs();
    this.checkReferences(all, networks, volumes);
    this.checkConfigReferences(all, configs);
    const { services, inactiveServices } = this.applyProfiles(all);
    const deploy = this.deploy(services);
    return {
      ...(Object.keys(configs).length ? { configs } : {}),
      ...(Object.keys(deploy).length ? { deploy } : {}),
      name,
      workingDir: this.workingDir,
      configFiles: [this.ctx.file],
      services,
      profiles: this.ctx.profiles,
      inactiveServices,
      networks,
      volumes,
    };
  }

  /** The active services' `deploy:` (Swarm only; see ComposeProject.deploy). */
  private deploy(services: Record<string, ServiceSpec>): Record<string, DeploySpec> {
    const out: Record<string, DeploySpec> = {};
    for (const name of Object.keys(services)) {
      const raw = this.raw.services[name]?.deploy;
      if (!raw) continue;
      const spec: DeploySpec = {};
      if (raw.replicas !== undefined) spec.replicas = raw.replicas;
      if (raw.update_config) spec.updateConfig = updatePolicy(raw.update_config);
      if (raw.rollback_config) spec.rollbackConfig = updatePolicy(raw.rollback_config);
      if (raw.placement?.constraints) spec.placementConstraints = [...raw.placement.constraints];
      out[name] = spec;
    }
    return out;
  }

  /**
   * Compose profiles: a service with `profiles:` is active only when one of them is enabled (`*`
   * enables all); a service without is always active. An active service may not need an inactive
   * one (`required: false` dependencies on it are dropped), as `docker compose up` refuses that too.
   */
  private applyProfiles(all: Record<string, ServiceSpec>): {
    services: Record<string, ServiceSpec>;
    inactiveServices: Record<string, string[]>;
  } {
    const enabled = new Set(this.ctx.profiles);
    const services: Record<string, ServiceSpec> = {};
    const inactiveServices: Record<string, string[]> = {};
    for (const [name, service] of Object.entries(all)) {
      const profiles = service.profiles ?? [];
      if (profiles.length === 0 || enabled.has('*') || profiles.some((p) => enabled.has(p)))
        services[name] = service;
      else inactiveServices[name] = profiles;
    }
    for (const [name, service] of Object.entries(services)) {
      for (const [dep, dependency] of Object.entries(service.dependsOn)) {
        const profiles = inactiveServices[dep];
        if (!profiles) continue;
        const list = profiles.join(', ');
        if (!dependency.required) {
          delete service.dependsOn[dep];
          this.warnings.push(
            `${this.ctx.shown}: services.${name}.depends_on: "${dep}" is not enabled (profiles: ${list}); skipped (required: false).`,
          );
          continue;
        }
        this.problem(
          ['services', name, 'depends_on', dep],
          `depends on "${dep}", which runs only when one of its profiles (${list}) is enabled`,
          `Enable one with COMPOSE_PROFILES=${profiles[0]} (STATUS Desktop sets it from Settings), give ${dep} no profiles, or mark the dependency required: false.`,
        );
      }
    }
    return { services, inactiveServices };
  }

  private projectName(): string {
    const [source, candidate] =
      this.ctx.projectName !== undefined
        ? ['the project name given', this.ctx.projectName]
        : this.raw.name !== undefined
          ? ['name:', this.raw.name]
          : ['the folder name', path.basename(this.workingDir)];
    const name = normalizeProjectName(candidate);
    if (name === '') {
      throw new StatusError(
        'COMPOSE_INVALID',
        `${this.ctx.shown}: ${source} "${candidate}" has no characters usable in a project name (a-z, 0-9, _ and -).`,
        'Set name: at the top of the Compose file (e.g. name: status), or pass a project name.',
        { file: this.ctx.file, projectName: candidate },
      );
    }
    return name;
  }

  /** Labels the engine sets itself cannot come from the file (they would confuse `docker compose`). */
  private checkLabels(at: PathSegment[], labels: Record<string, string> | undefined): void {
    for (const key of Object.keys(labels ?? {})) {
      const reserved = RESERVED_LABEL_PREFIXES.find((prefix) => key.startsWith(prefix));
      if (reserved) {
        this.problem(
          [...at, key],
          `labels starting with "${reserved}" are set by STATUS Desktop itself`,
          'Remove the label, or give it a name of your own (e.g. org.example.role).',
        );
      }
    }
  }

  private hostPath(source: string): string {
    if (source === '~') return homedir();
    if (source.startsWith('~/') || source.startsWith('~\\')) return path.join(homedir(), source.slice(2));
    return path.resolve(this.workingDir, source);
  }

  private fromEnv(values: Record<string, string | null> | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(values ?? {})) {
      const resolved = value ?? this.ctx.lookup(key);
      if (resolved !== undefined) out[key] = resolved;
    }
    return out;
  }

  private async service(project: string, name: string, raw: RawService): Promise<ServiceSpec> {
    const at = (...rest: PathSegment[]): PathSegment[] => ['services', name, ...rest];

    let build: ServiceSpec['build'];
    if (raw.build) {
      const context = raw.build.context ?? '.';
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@')) {
        this.problem(
          at('build', 'context'),
          `remote build context "${context}" is not supported`,
          'Point build: at a folder on this machine.',
        );
      }
      build = {
        context: this.hostPath(context),
        dockerfile: raw.build.dockerfile ?? 'Dockerfile',
        args: this.fromEnv(raw.build.args),
        ...(raw.build.target !== undefined ? { target: raw.build.target } : {}),
      };
    }

    let image = raw.image;
    if (image === undefined) {
      if (build) image = `${project}-${name}`;
      else
        this.problem(
          at(),
          'has neither image: nor build:',
          `Add image: <name>:<tag> to services.${name}, or build: <folder>.`,
        );
    } else if (image.trim() === '') {
      this.problem(at('image'), 'is empty', 'Set the image (check the variable used there, if any).');
    }

    const environment: Record<string, string> = {};
    for (const [index, entry] of (raw.env_file ?? []).entries()) {
      const absolute = this.hostPath(entry.path);
      if (!(await exists(absolute))) {
        if (entry.required) {
          this.problem(
            at('env_file', index),
            `the environment file "${entry.path}" does not exist (looked for ${absolute})`,
            'Create the file, or mark it optional with {path: ..., required: false}.',
          );
        }
        continue;
      }
      Object.assign(
        environment,
        await readEnvFile(absolute, { env: this.ctx.lookup, file: displayName(absolute) }),
      );
    }
    Object.assign(environment, this.fromEnv(raw.environment));

    const mounts: Mount[] = (raw.volumes ?? []).map((mount) => ({
      type: mount.type,
      source: mount.type === 'bind' ? this.hostPath(mount.source) : mount.source,
      target: mount.target,
      readOnly: mount.readOnly,
    }));

    const configs: ConfigMount[] = (raw.configs ?? []).map((ref) => ({
      source: ref.source,
      // Compose's default target is /<name>; a relative one is relative to / (as in Swarm).
      target: path.posix.resolve('/', ref.target ?? ref.source),
      uid: ref.uid ?? 0,
      gid: ref.gid ?? 0,
      mode: ref.mode ?? 0o444,
    }));

    let healthcheck: HealthCheck | undefined;
    if (raw.healthcheck) {
      const h = raw.healthcheck;
      healthcheck = {
        test: h.disable ? ['NONE'] : (h.test ?? []),
        intervalMs: h.interval ?? HEALTH_DEFAULTS.intervalMs,
        timeoutMs: h.timeout ?? HEALTH_DEFAULTS.timeoutMs,
        retries: h.retries ?? HEALTH_DEFAULTS.retries,
        startPeriodMs: h.start_period ?? HEALTH_DEFAULTS.startPeriodMs,
      };
    }

    const spec: ServiceSpec = {
      name,
      image: image ?? '',
      environment,
      ports: raw.ports ?? [],
      mounts,
      networks: raw.networks && raw.networks.names.length > 0 ? raw.networks.names : ['default'],
      dependsOn: raw.depends_on ?? {},
      restart: raw.restart ?? 'no',
      labels: stringsOnly(raw.labels),
      stopGracePeriodMs: raw.stop_grace_period ?? DEFAULT_STOP_GRACE_MS,
      ulimits: raw.ulimits ?? [],
    };
    this.checkLabels(at('labels'), spec.labels);
    if (build) spec.build = build;
    if (raw.command) spec.command = raw.command;
    if (raw.entrypoint) spec.entrypoint = raw.entrypoint;
    if (healthcheck) spec.healthcheck = healthcheck;
    if (raw.user !== undefined) spec.user = raw.user;
    if (raw.working_dir !== undefined) spec.workingDir = raw.working_dir;
    if (raw.hostname !== undefined) spec.hostname = raw.hostname;
    if (raw.stop_signal !== undefined) spec.stopSignal = raw.stop_signal;
    if (raw.mem_limit !== undefined) spec.memLimitBytes = raw.mem_limit;
    if (raw.logging) {
      spec.logging = { driver: raw.logging.driver ?? 'json-file', options: stringsOnly(raw.logging.options) };
    }
    // Only when set, so the configuration hash of every other container stays what it was.
    if (raw.profiles && raw.profiles.length > 0) spec.profiles = [...raw.profiles];
    if (raw.privileged) spec.privileged = true;
    if (configs.length) spec.configs = configs;
    if (raw.networks && Object.keys(raw.networks.ipv4Addresses).length)
      spec.ipv4Addresses = { ...raw.networks.ipv4Addresses };
    return spec;
  }

  private networks(project: string, services: Record<string, ServiceSpec>): Record<string, NetworkSpec> {
    const out: Record<string, NetworkSpec> = {};
    for (const [key, raw] of Object.entries(this.raw.networks ?? {})) {
      const external = raw?.external ?? false;
      if (
        external &&
        (raw?.driver !== undefined || raw?.internal !== undefined || raw?.labels !== undefined)
      ) {
        this.problem(
          ['networks', key],
          'an external network is created outside this project, so it cannot also set driver, internal or labels',
          'Remove those keys, or remove external: true to let STATUS Desktop create the network.',
        );
      }
      this.checkLabels(['networks', key, 'labels'], stringsOnly(raw?.labels));
      out[key] = {
        key,
        name: raw?.name ?? (external ? key : `${project}_${key}`),
        driver: raw?.driver ?? 'bridge',
        internal: raw?.internal ?? false,
        external,
        labels: stringsOnly(raw?.labels),
      };
      if (raw?.ipam) {
        if (external)
          this.problem(
            ['networks', key, 'ipam'],
            'an external network is created outside this project, so it cannot also set ipam',
            'Remove ipam, or remove external: true to let STATUS Desktop create the network.',
          );
        out[key].ipam = {
          ...(raw.ipam.driver ? { driver: raw.ipam.driver } : {}),
          config: (raw.ipam.config ?? []).map((c) => ({
            subnet: c.subnet,
            ...(c.ip_range ? { ipRange: c.ip_range } : {}),
            ...(c.gateway ? { gateway: c.gateway } : {}),
          })),
        };
      }
    }
    const usesDefault = Object.values(services).some((service) => service.networks.includes('default'));
    if (usesDefault && !out.default) {
      out.default = {
        key: 'default',
        name: `${project}_default`,
        driver: 'bridge',
        internal: false,
        external: false,
        labels: {},
      };
    }
    return out;
  }

  private volumes(project: string): Record<string, VolumeSpec> {
    const out: Record<string, VolumeSpec> = {};
    for (const [key, raw] of Object.entries(this.raw.volumes ?? {})) {
      const external = raw?.external ?? false;
      if (external && (raw?.driver !== undefined || raw?.labels !== undefined)) {
        this.problem(
          ['volumes', key],
          'an external volume is created outside this project, so it cannot also set driver or labels',
          'Remove those keys, or remove external: true to let STATUS Desktop create the volume.',
        );
      }
      this.checkLabels(['volumes', key, 'labels'], stringsOnly(raw?.labels));
      out[key] = {
        key,
        name: raw?.name ?? (external ? key : `${project}_${key}`),
        driver: raw?.driver ?? 'local',
        external,
        labels: stringsOnly(raw?.labels),
      };
    }
    return out;
  }

  /** Top-level configs: each a file next to the Compose file, which must exist here. */
  private async configs(): Promise<Record<string, ConfigSpec>> {
    const out: Record<string, ConfigSpec> = {};
    for (const [key, raw] of Object.entries(this.raw.configs ?? {})) {
      if (!raw) {
        this.problem(
          ['configs', key],
          'has no file:',
          `Name the file: configs: { ${key}: { file: ./${key} } }.`,
        );
        continue;
      }
      const file = this.hostPath(raw.file);
      if (!(await isFile(file))) {
        this.problem(
          ['configs', key, 'file'],
          `"${raw.file}" is not a file (looked for ${file})`,
          'Reinstall STATUS Desktop if this is its stack folder, or fix the path (relative to the Compose file).',
        );
        continue;
      }
      out[key] = { key, file };
    }
    return out;
  }

  private checkConfigReferences(
    services: Record<string, ServiceSpec>,
    configs: Record<string, ConfigSpec>,
  ): void {
    // A declared config whose file is missing is reported once, at the top level.
    const declared = Object.keys(this.raw.configs ?? {});
    for (const [name, service] of Object.entries(services)) {
      const targets = new Set<string>();
      service.configs?.forEach((ref, index) => {
        if (!configs[ref.source] && !declared.includes(ref.source)) {
          const match = closest(ref.source, declared);
          this.problem(
            ['services', name, 'configs', index],
            `config "${ref.source}" is not declared under the top-level configs:${match ? `; did you mean "${match}"?` : ''}`,
            `Add it at the top level: configs: { ${ref.source}: { file: ./path/to/file } }.`,
          );
        }
        if (targets.has(ref.target))
          this.problem(
            ['services', name, 'configs', index],
            `two configs have the same target ${ref.target}`,
            'Give each config its own target path.',
          );
        targets.add(ref.target);
      });
    }
  }

  private checkReferences(
    services: Record<string, ServiceSpec>,
    networks: Record<string, NetworkSpec>,
    volumes: Record<string, VolumeSpec>,
  ): void {
    const serviceNames = Object.keys(services);
    const suggest = (name: string, known: string[]) => {
      const match = closest(name, known);
      return match ? `; did you mean "${match}"?` : '';
    };
    for (const [name, service] of Object.entries(services)) {
      for (const [dep, dependency] of Object.entries(service.dependsOn)) {
        if (services[dep]) continue;
        if (!dependency.required) {
          delete service.dependsOn[dep];
          this.warnings.push(
            `${this.ctx.shown}: services.${name}.depends_on: "${dep}" is not a service in this file; skipped (required: false).`,
          );
          continue;
        }
        this.problem(
          ['services', name, 'depends_on', dep],
          `depends on "${dep}", which is not a service in this file${suggest(dep, serviceNames)}`,
          `Services in this file: ${serviceNames.join(', ')}.`,
        );
      }
      for (const network of service.networks) {
        if (networks[network]) continue;
        const declared = Object.keys(networks).filter(
          (key) => key !== 'default' || this.raw.networks?.default !== undefined,
        );
        this.problem(
          ['services', name, 'networks'],
          `network "${network}" is not declared under the top-level networks:${suggest(network, declared)}`,
          `Add it at the top level: networks: { ${network}: {} }.`,
        );
      }
      for (const [network, address] of Object.entries(service.ipv4Addresses ?? {})) {
        const spec = networks[network];
        if (!spec) continue; // reported above
        // Docker only gives a fixed address inside a subnet the network was created with.
        const ip = parseIpv4(address)!;
        const inside = (spec.ipam?.config ?? []).some((c) => ipv4InBlock(ip, parseIpv4Cidr(c.subnet)!));
        if (inside) continue;
        const subnets = (spec.ipam?.config ?? []).map((c) => c.subnet);
        this.problem(
          ['services', name, 'networks', network, 'ipv4_address'],
          subnets.length
            ? `${address} is outside the subnet of network "${network}" (${subnets.join(', ')})`
            : `a fixed address needs a subnet, and network "${network}" has none`,
          subnets.length
            ? `Choose an address inside ${subnets.join(', ')}.`
            : `Give the network one: networks: { ${network}: { ipam: { config: [ { subnet: 172.30.250.0/29 } ] } } }.`,
        );
      }
      service.mounts.forEach((mount, index) => {
        if (mount.type !== 'volume' || volumes[mount.source]) return;
        this.problem(
          ['services', name, 'volumes', index],
          `volume "${mount.source}" is not declared under the top-level volumes:${suggest(mount.source, Object.keys(volumes))}`,
          `Add it at the top level: volumes: { ${mount.source}: {} } (or use ./${mount.source} for a folder next to the Compose file).`,
        );
      });
    }
  }
}

function stringsOnly(values: Record<string, string | null> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values ?? {})) out[key] = value ?? '';
  return out;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

function updatePolicy(raw: NonNullable<RawDeploy['update_config']>): UpdatePolicySpec {
  const out: UpdatePolicySpec = {};
  if (raw.parallelism !== undefined) out.parallelism = raw.parallelism;
  if (raw.delay !== undefined) out.delayMs = raw.delay;
  if (raw.failure_action !== undefined) out.failureAction = raw.failure_action;
  if (raw.monitor !== undefined) out.monitorMs = raw.monitor;
  if (raw.max_failure_ratio !== undefined) out.maxFailureRatio = raw.max_failure_ratio;
  if (raw.order !== undefined) out.order = raw.order;
  return out;
}
