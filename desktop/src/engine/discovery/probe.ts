// One candidate endpoint: stat the socket, ping with a deadline, read the version. Errors become one
// of a few results a person can act on.
import { stat } from 'node:fs/promises';
import Docker from 'dockerode';
import type { EngineOptions, ParsedEndpoint } from './endpoint.js';

export type CandidateResult = 'ok' | 'missing' | 'refused' | 'permission' | 'timeout' | 'error';

export interface EngineVersion {
  engine: string;
  apiVersion: string;
  /** Oldest API version the engine still accepts. */
  minApiVersion?: string;
  os: string;
  arch: string;
  /** "Docker Engine - Community", "Docker Desktop 4.x", "Podman Engine"… when the engine says. */
  platformName?: string;
}

export interface ProbeOutcome {
  result: CandidateResult;
  detail: string;
  docker?: Docker;
  version?: EngineVersion;
}

/** Thrown by our own deadline, so a timeout is told apart from other aborts. */
export class ProbeTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'ProbeTimeoutError';
  }
}

const errorCode = (error: unknown): string | undefined => {
  if (error && typeof error === 'object') {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
};

const TLS_CODES =
  /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_SSL_|ERR_TLS_|ERR_OSSL_|HOSTNAME_MISMATCH|ERR_TLS_CERT_ALTNAME)/;

/** Where the engine is, in words: "/var/run/docker.sock" or "127.0.0.1:2375". */
export function describeTarget(endpoint: ParsedEndpoint | undefined): string {
  if (!endpoint) return 'the engine';
  if (endpoint.socketPath) return endpoint.socketPath;
  return `${endpoint.host ?? '?'}:${endpoint.port ?? '?'}`;
}

/**
 * Classifies a connection error. Pure, so each branch (EACCES included, which cannot be produced with
 * mode bits when tests run as root) is unit-tested.
 */
export function classifyConnectError(
  error: unknown,
  endpoint?: ParsedEndpoint,
): { result: CandidateResult; detail: string } {
  const target = describeTarget(endpoint);
  const isSocket = endpoint?.kind === 'unix' || endpoint?.kind === 'npipe';
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (
    error instanceof ProbeTimeoutError ||
    code === 'ETIMEDOUT' ||
    code === 'ESOCKETTIMEDOUT' ||
    code === 'ABORT_ERR' ||
    (error instanceof Error && error.name === 'AbortError')
  ) {
    const ms = error instanceof ProbeTimeoutError ? ` within ${error.timeoutMs} ms` : '';
    return {
      result: 'timeout',
      detail: `${target} accepted no request${ms}: the engine may be starting, stuck, or behind a firewall`,
    };
  }
  switch (code) {
    case 'ENOENT':
      return { result: 'missing', detail: `${target} does not exist` };
    case 'ECONNREFUSED':
      return isSocket
        ? {
            result: 'refused',
            detail: `${target} exists but nothing is listening on it (connection refused)`,
          }
        : { result: 'refused', detail: `nothing is listening on ${target} (connection refused)` };
    case 'EACCES':
    case 'EPERM':
      return { result: 'permission', detail: `permission denied connecting to ${target} (${code})` };
    case 'ENOTSOCK':
      return { result: 'error', detail: `${target} exists but is not a socket` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        result: 'error',
        detail: `the host name "${endpoint?.host ?? target}" could not be resolved (${code})`,
      };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
      return { result: 'timeout', detail: `${target} cannot be reached over the network (${code})` };
    case 'ECONNRESET':
    case 'EPIPE':
      return {
        result: 'error',
        detail: `${target} closed the connection (${code}); is it a Docker engine, and does it expect TLS?`,
      };
  }
  if (code && TLS_CODES.test(code)) {
    return {
      result: 'error',
      detail: `TLS with ${target} failed (${code}: ${message}); check the certificates (ca.pem, cert.pem, key.pem)`,
    };
  }
  const statusCode =
    error && typeof error === 'object' ? (error as { statusCode?: unknown }).statusCode : undefined;
  if (typeof statusCode === 'number') {
    return {
      result: 'error',
      detail: `${target} answered HTTP ${statusCode}; it does not look like a Docker engine API`,
    };
  }
  if (/authentication methods failed|All configured authentication/i.test(message)) {
    return {
      result: 'permission',
      detail: `SSH login to ${target} was refused (${message}); load your key into ssh-agent (ssh-add) or check the user name`,
    };
  }
  if (/docker system dial-stdio|command not found/i.test(message)) {
    return {
      result: 'error',
      detail: `connected over SSH to ${target} but could not run \`docker system dial-stdio\` there: is Docker installed on that host?`,
    };
  }
  return { result: 'error', detail: `${target}: ${message}${code ? ` (${code})` : ''}` };
}

/** Runs `call` with an abort signal and a hard deadline (some transports, like SSH, ignore the signal). */
export async function withDeadline<T>(
  timeoutMs: number,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new ProbeTimeoutError(timeoutMs));
    }, timeoutMs);
  });
  try {
    return await Promise.race([call(controller.signal), deadline]);
  } catch (error) {
    if (controller.signal.aborted) throw new ProbeTimeoutError(timeoutMs);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

type SignalCall = (options: { abortSignal: AbortSignal }) => Promise<unknown>;

/** ping() then version(), each with the deadline. The typings of dockerode omit the options argument. */
export async function pingAndVersion(docker: Docker, timeoutMs: number): Promise<EngineVersion> {
  await withDeadline(timeoutMs, (abortSignal) =>
    (docker.ping as unknown as SignalCall).call(docker, { abortSignal }),
  );
  const raw = (await withDeadline(timeoutMs, (abortSignal) =>
    (docker.version as unknown as SignalCall).call(docker, { abortSignal }),
  )) as Partial<Docker.DockerVersion> & { Platform?: { Name?: string } };
  if (!raw || typeof raw !== 'object' || typeof raw.ApiVersion !== 'string') {
    throw Object.assign(
      new Error('the /version answer has no ApiVersion; it does not look like a Docker engine'),
      { code: 'EBADENGINE' },
    );
  }
  const version: EngineVersion = {
    engine: String(raw.Version ?? 'unknown'),
    apiVersion: raw.ApiVersion,
    os: String(raw.Os ?? 'unknown'),
    arch: String(raw.Arch ?? 'unknown'),
  };
  if (typeof raw.MinAPIVersion === 'string') version.minApiVersion = raw.MinAPIVersion;
  // Docker names its platform ("Docker Engine - Community", "Docker Desktop 4.x"); Podman names its
  // component ("Podman Engine"): either tells a person which engine answered.
  const platformName = raw.Platform?.Name || raw.Components?.find((c) => /podman/i.test(c?.Name ?? ''))?.Name;
  if (platformName) version.platformName = platformName;
  return version;
}

/** Probes one endpoint. Never throws. */
export async function probeEndpoint(
  endpoint: ParsedEndpoint,
  options: EngineOptions,
  timeoutMs: number,
): Promise<ProbeOutcome> {
  if (endpoint.kind === 'unix' && endpoint.socketPath) {
    // A missing file needs no connection attempt; a directory in its place (a classic after
    // `docker run -v /var/run/docker.sock:...` on a host without Docker) is named as such.
    try {
      const info = await stat(endpoint.socketPath);
      if (!info.isSocket()) {
        const what = info.isDirectory() ? 'a directory' : 'a regular file';
        return { result: 'error', detail: `${endpoint.socketPath} exists but is ${what}, not a socket` };
      }
    } catch (error) {
      return classifyConnectError(error, endpoint);
    }
  }
  let docker: Docker;
  try {
    docker = new Docker(options);
  } catch (error) {
    return {
      result: 'error',
      detail: `could not set up a client for ${endpoint.endpoint}: ${(error as Error).message}`,
    };
  }
  try {
    const version = await pingAndVersion(docker, timeoutMs);
    const name = version.platformName ? `${version.platformName}, ` : '';
    return {
      result: 'ok',
      detail: `${name}Engine ${version.engine}, API ${version.apiVersion}, ${version.os}/${version.arch}`,
      docker,
      version,
    };
  } catch (error) {
    return classifyConnectError(error, endpoint);
  }
}
