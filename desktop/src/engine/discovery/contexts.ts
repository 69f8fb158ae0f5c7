// Docker CLI contexts: `~/.docker/config.json` (`currentContext`) and the context store
// `<config>/contexts/meta/<sha256(name)>/meta.json`, TLS files in `<config>/contexts/tls/<sha256(name)>/docker/`.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadTlsDir, type TlsMaterial } from './endpoint.js';

/** `DOCKER_CONFIG`, else `<home>/.docker`. */
export function dockerConfigDir(env: NodeJS.ProcessEnv, homeDir: string): string {
  return env.DOCKER_CONFIG ? path.resolve(env.DOCKER_CONFIG) : path.join(homeDir, '.docker');
}

export interface ConfigFileResult {
  currentContext?: string;
  /** Set when config.json exists but could not be read or parsed; discovery goes on without it. */
  warning?: string;
}

export function readCurrentContext(configDir: string): ConfigFileResult {
  const file = path.join(configDir, 'config.json');
  if (!existsSync(file)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (parsed && typeof parsed === 'object' && 'currentContext' in parsed) {
      const value = (parsed as { currentContext?: unknown }).currentContext;
      if (typeof value === 'string' && value.trim() !== '') return { currentContext: value.trim() };
    }
    return {};
  } catch (error) {
    return {
      warning: `${file} could not be read (${(error as Error).message}); its currentContext was ignored.`,
    };
  }
}

export function contextDigest(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

export interface DockerContext {
  name: string;
  host: string;
  skipTlsVerify: boolean;
  /** TLS material stored with the context, if any. */
  tls?: TlsMaterial;
  metaFile: string;
}

export class ContextError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'ContextError';
  }
}

/** Loads a named context from the store. Throws ContextError with a person-readable message. */
export function loadContext(configDir: string, name: string): DockerContext {
  const digest = contextDigest(name);
  const metaFile = path.join(configDir, 'contexts', 'meta', digest, 'meta.json');
  if (!existsSync(metaFile)) {
    throw new ContextError(
      `The Docker context "${name}" does not exist (looked for ${metaFile}).`,
      'List the contexts with `docker context ls`, then pick one with `docker context use <name>` (or `docker context use default`).',
    );
  }
  let meta: unknown;
  try {
    meta = JSON.parse(readFileSync(metaFile, 'utf8'));
  } catch (error) {
    throw new ContextError(
      `The Docker context "${name}" is damaged: ${metaFile} is not valid JSON (${(error as Error).message}).`,
      `Recreate it (\`docker context rm ${name}\`, then \`docker context create ...\`) or switch with \`docker context use default\`.`,
    );
  }
  const docker = (meta as { Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } } })?.Endpoints
    ?.docker;
  if (!docker || typeof docker.Host !== 'string' || docker.Host === '') {
    throw new ContextError(
      `The Docker context "${name}" has no Docker endpoint (Endpoints.docker.Host is missing in ${metaFile}).`,
      `Set one with \`docker context update ${name} --docker host=unix:///var/run/docker.sock\` or switch with \`docker context use default\`.`,
    );
  }
  const skipTlsVerify = docker.SkipTLSVerify === true;
  const context: DockerContext = { name, host: docker.Host, skipTlsVerify, metaFile };
  const tlsDir = path.join(configDir, 'contexts', 'tls', digest, 'docker');
  if (existsSync(tlsDir)) {
    const tls = loadTlsDir(tlsDir, !skipTlsVerify);
    if (tls.ca || tls.cert || tls.key) context.tls = tls;
  } else if (skipTlsVerify) {
    context.tls = { verify: false };
  }
  return context;
}

export interface ContextSummary {
  name: string;
  /** Endpoints.docker.Host, as stored. */
  host: string;
  description?: string;
  /** The context keeps TLS files of its own (contexts/tls/<digest>/docker). */
  tls: boolean;
}

export interface ContextListing {
  contexts: ContextSummary[];
  /** The Docker CLI's current context (config.json), "default" when none is set. */
  current: string;
  /** Contexts that could not be read: each says which file and why; the others are still listed. */
  warnings: string[];
}

/** `docker context ls` without the CLI: every context of the store, by name, plus the current one. */
export function listContexts(configDir: string): ContextListing {
  const config = readCurrentContext(configDir);
  const warnings = config.warning ? [config.warning] : [];
  const metaDir = path.join(configDir, 'contexts', 'meta');
  const contexts: ContextSummary[] = [];
  const digests = existsSync(metaDir) ? readdirSync(metaDir) : [];
  for (const digest of digests) {
    const file = path.join(metaDir, digest, 'meta.json');
    if (!existsSync(file)) continue;
    const summary = readContextSummary(configDir, file, digest);
    if (typeof summary === 'string') warnings.push(summary);
    else contexts.push(summary);
  }
  contexts.sort((a, b) => a.name.localeCompare(b.name));
  return { contexts, current: config.currentContext ?? 'default', warnings };
}

const contextMetaSchema = z.object({
  Name: z.string().min(1),
  Metadata: z.object({ Description: z.string().optional() }).loose().optional(),
  Endpoints: z.object({ docker: z.object({ Host: z.string().min(1) }).loose() }).loose(),
});

/** One context's summary, or a warning naming the file when it is not a usable context. */
function readContextSummary(configDir: string, file: string, digest: string): ContextSummary | string {
  let meta: unknown;
  try {
    meta = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return `The Docker context in ${file} was skipped: it is not valid JSON (${(error as Error).message}).`;
  }
  const parsed = contextMetaSchema.safeParse(meta);
  if (!parsed.success)
    return `The Docker context in ${file} was skipped: it has no name or no Docker endpoint (Endpoints.docker.Host).`;
  const { Name: name, Metadata, Endpoints } = parsed.data;
  const summary: ContextSummary = {
    name,
    host: Endpoints.docker.Host,
    tls: existsSync(path.join(configDir, 'contexts', 'tls', digest, 'docker')),
  };
  if (Metadata?.Description) summary.description = Metadata.Description;
  return summary;
}
