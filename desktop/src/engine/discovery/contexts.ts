// Docker CLI contexts: `~/.docker/config.json` (`currentContext`) and the context store
// `<config>/contexts/meta/<sha256(name)>/meta.json`, TLS files in `<config>/contexts/tls/<sha256(name)>/docker/`.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
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
