// Find the container engine the way the Docker CLI does, and explain in plain words when there is none.
//
// Order (the CLI's, extended with lazydocker's socket list for the last step):
//   1. DOCKER_HOST: overrides everything; if it does not answer, that is the answer (no fallback).
//   2. DOCKER_CONTEXT, else `currentContext` in <DOCKER_CONFIG or ~/.docker>/config.json ("default" = none).
//   3. Well-known sockets (Docker Engine, rootless, Docker Desktop, Colima, OrbStack, Rancher, Podman…),
//      all pinged at once with a short timeout; the first in list order that answers wins.
// Every candidate is pinged, then asked for its version; an engine older than API 1.41 is refused.
import os from 'node:os';
import type Docker from 'dockerode';
import { StatusError, type ErrorCode } from '../errors.js';
import { findInstalledEngines, installHint, permissionHint, startHint, upgradeHint } from './advice.js';
import { ContextError, dockerConfigDir, loadContext, readCurrentContext } from './contexts.js';
import {
  dockerOptions,
  EndpointError,
  isLocalEndpoint,
  parseEndpoint,
  sshCredentials,
  type SshCredentials,
  tlsFromEnv,
  type EngineOptions,
  type ParsedEndpoint,
  type TlsMaterial,
} from './endpoint.js';
import {
  apiAtLeast,
  engineFeatures,
  MIN_API_VERSION,
  MIN_ENGINE_VERSION,
  type EngineFeatures,
} from './features.js';
import { probeEndpoint, type CandidateResult, type EngineVersion, type ProbeOutcome } from './probe.js';
import { checkHostKey, hostKeyProblem, knownHostsFiles, type HostKeyVerdict } from './known-hosts.js';
import { knownSockets, type KnownSocket } from './sockets.js';

export { classifyConnectError, type CandidateResult, type EngineVersion } from './probe.js';
export {
  engineFeatures,
  missingFeatureNotes,
  stackNeeds,
  compareApiVersions,
  apiAtLeast,
  MIN_API_VERSION,
  MIN_ENGINE_VERSION,
  type EngineFeatures,
} from './features.js';
export { knownSockets, type KnownSocket } from './sockets.js';
export { parseEndpoint, isLocalEndpoint, type ParsedEndpoint } from './endpoint.js';
export { contextDigest, dockerConfigDir } from './contexts.js';

/** 'settings': the engine chosen in STATUS Desktop's Settings → Engine (see chosen.ts). */
export type EngineSource = 'DOCKER_HOST' | 'DOCKER_CONTEXT' | 'context' | 'socket' | 'settings';

export interface EngineConnection {
  docker: Docker;
  source: EngineSource;
  /** unix:///var/run/docker.sock, tcp://host:port, ssh://user@host, npipe:////./pipe/docker_engine */
  endpoint: string;
  contextName?: string;
  version: EngineVersion;
  /** Newer-engine features this engine has; callers degrade (and say so) where one is missing. */
  features: EngineFeatures;
  /** True when published ports land on this machine (socket, pipe or loopback TCP): host port checks make sense. */
  local: boolean;
}

export interface DiscoveryOptions {
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  /** Per request (ping, version). Default 2000 ms. */
  timeoutMs?: number;
  platform?: NodeJS.Platform;
  /** The sockets tried when nothing is configured (default: the platform's well-known list). */
  knownSockets?: Array<KnownSocket | string>;
  /** For /run/user/<uid>/docker.sock (default: this process's uid). */
  uid?: number;
}

export interface CandidateReport {
  endpoint: string;
  source: EngineSource;
  result: CandidateResult;
  detail: string;
  /** Who usually listens there ("Docker Desktop", "Podman"), for well-known sockets. */
  label?: string;
  contextName?: string;
}

export interface Problem {
  code: ErrorCode;
  message: string;
  hint: string;
}

export interface Diagnosis {
  ok: boolean;
  candidates: CandidateReport[];
  problem?: Problem;
  version?: EngineVersion;
  /** The endpoint in use (ok) or the one that decided the problem. */
  endpoint?: string;
  source?: EngineSource;
  contextName?: string;
  features?: EngineFeatures;
  /** Things worth knowing that do not stop anything (unreadable config.json, features this engine lacks). */
  notes: string[];
}

interface Candidate {
  raw: string;
  source: EngineSource;
  label?: string;
  contextName?: string;
  parsed?: ParsedEndpoint;
  options?: EngineOptions;
  /** Set when the endpoint could not even be turned into client options. */
  setupError?: string;
  /** ssh://: what the known_hosts check said about the server's key. */
  hostKey?: { verdict?: HostKeyVerdict };
}

interface Settings {
  env: NodeJS.ProcessEnv;
  homeDir: string;
  timeoutMs: number;
  platform: NodeJS.Platform;
  configDir: string;
  uid?: number;
  knownSockets?: Array<KnownSocket | string>;
}

interface Outcome {
  diagnosis: Diagnosis;
  connection?: EngineConnection;
}

function settingsFrom(opts: DiscoveryOptions = {}): Settings {
  const env = opts.env ?? process.env;
  const homeDir = opts.homeDir ?? os.homedir();
  const platform = opts.platform ?? process.platform;
  const settings: Settings = {
    env,
    homeDir,
    platform,
    timeoutMs: opts.timeoutMs ?? 2000,
    configDir: dockerConfigDir(env, homeDir),
  };
  const uid = opts.uid ?? (typeof process.getuid === 'function' ? process.getuid() : undefined);
  if (uid !== undefined) settings.uid = uid;
  if (opts.knownSockets) settings.knownSockets = opts.knownSockets;
  return settings;
}

function buildCandidate(
  base: Omit<Candidate, 'parsed' | 'options'>,
  settings: Settings,
  contextTls?: TlsMaterial,
): Candidate {
  const candidate: Candidate = { ...base };
  try {
    const parsed = parseEndpoint(base.raw);
    candidate.parsed = parsed;
    let tls: TlsMaterial | undefined;
    if (parsed.kind === 'tcp')
      tls = base.source === 'DOCKER_HOST' ? tlsFromEnv(settings.env, settings.configDir) : contextTls;
    let ssh: SshCredentials | undefined;
    if (parsed.kind === 'ssh') {
      const hostKey: { verdict?: HostKeyVerdict } = {};
      candidate.hostKey = hostKey;
      const files = knownHostsFiles(settings.homeDir);
      ssh = {
        ...sshCredentials(settings.env, settings.homeDir),
        hostVerifier: (key: Buffer) => {
          hostKey.verdict = checkHostKey(files, parsed.host ?? '', parsed.port ?? 22, key);
          return hostKey.verdict === 'match';
        },
      };
    }
    candidate.options = dockerOptions(parsed, {
      ...(tls ? { tls } : {}),
      ...(ssh ? { ssh } : {}),
      timeoutMs: settings.timeoutMs,
    });
  } catch (error) {
    candidate.setupError =
      error instanceof EndpointError
        ? error.message
        : `could not prepare a client: ${(error as Error).message}`;
  }
  return candidate;
}

async function probe(candidate: Candidate, timeoutMs: number): Promise<ProbeOutcome> {
  if (!candidate.parsed || !candidate.options)
    return { result: 'error', detail: candidate.setupError ?? 'invalid endpoint' };
  const outcome = await probeEndpoint(candidate.parsed, candidate.options, timeoutMs);
  const verdict = candidate.hostKey?.verdict;
  if (outcome.result !== 'ok' && verdict && verdict !== 'match') {
    const { host = '', port = 22, username } = candidate.parsed;
    return { result: 'error', detail: hostKeyProblem(verdict, host, port, username) };
  }
  return outcome;
}

function report(candidate: Candidate, outcome: ProbeOutcome): CandidateReport {
  const entry: CandidateReport = {
    endpoint: candidate.parsed?.endpoint ?? candidate.raw,
    source: candidate.source,
    result: outcome.result,
    detail: outcome.detail,
  };
  if (candidate.label) entry.label = candidate.label;
  if (candidate.contextName) entry.contextName = candidate.contextName;
  return entry;
}

function socketCandidates(settings: Settings): Candidate[] {
  const list =
    settings.knownSockets ??
    knownSockets({
      env: settings.env,
      homeDir: settings.homeDir,
      platform: settings.platform,
      ...(settings.uid !== undefined ? { uid: settings.uid } : {}),
    });
  return list.map((socket) => {
    const known: KnownSocket =
      typeof socket === 'string'
        ? { endpoint: socket.includes('://') ? socket : `unix://${socket}`, label: '' }
        : socket;
    return buildCandidate(
      { raw: known.endpoint, source: 'socket', ...(known.label ? { label: known.label } : {}) },
      settings,
    );
  });
}

function tooOld(version: EngineVersion): boolean {
  return !apiAtLeast(version.apiVersion, MIN_API_VERSION);
}

function tooOldProblem(endpoint: string, version: EngineVersion, settings: Settings): Problem {
  return {
    code: 'ENGINE_TOO_OLD',
    message:
      `The container engine at ${endpoint} is too old: ${version.platformName ? `${version.platformName} ` : ''}Engine ${version.engine} speaks API ${version.apiVersion}, ` +
      `and STATUS Desktop needs Engine ${MIN_ENGINE_VERSION} (API ${MIN_API_VERSION}) or newer.`,
    hint: upgradeHint(settings.platform, version.platformName),
  };
}

function connected(
  candidate: Candidate,
  outcome: ProbeOutcome,
  candidates: CandidateReport[],
  notes: string[],
): Outcome {
  const version = outcome.version!;
  const endpoint = candidate.parsed!.endpoint;
  const features = engineFeatures(version.apiVersion);
  const connection: EngineConnection = {
    docker: outcome.docker!,
    source: candidate.source,
    endpoint,
    version,
    features,
    local: isLocalEndpoint(candidate.parsed!),
  };
  if (candidate.contextName) connection.contextName = candidate.contextName;
  const diagnosis: Diagnosis = {
    ok: true,
    candidates,
    version,
    endpoint,
    source: candidate.source,
    features,
    // Features this engine lacks are noted by whoever knows the stack (Stack.diagnose): only the
    // ones it needs are worth a word.
    notes: [...notes],
  };
  if (candidate.contextName) diagnosis.contextName = candidate.contextName;
  return { diagnosis, connection };
}

/** Probes the well-known sockets at once; returns the first answering one in list order. */
async function firstAnsweringSocket(
  settings: Settings,
): Promise<{ candidates: Candidate[]; outcomes: ProbeOutcome[]; index: number }> {
  const candidates = socketCandidates(settings);
  const outcomes = await Promise.all(candidates.map((candidate) => probe(candidate, settings.timeoutMs)));
  const index = outcomes.findIndex(
    (outcome) => outcome.result === 'ok' && outcome.version && !tooOld(outcome.version),
  );
  return { candidates, outcomes, index };
}

/** For "DOCKER_HOST / the context does not answer": is there an engine we could have used instead? */
async function alternativeHint(settings: Settings, except: string): Promise<string> {
  try {
    const { candidates, index } = await firstAnsweringSocket(settings);
    const found = index >= 0 ? candidates[index] : undefined;
    if (found?.parsed && found.parsed.endpoint !== except)
      return ` An engine does answer at ${found.parsed.endpoint}.`;
  } catch {
    // only a hint
  }
  return '';
}

async function fromExplicit(candidate: Candidate, settings: Settings, notes: string[]): Promise<Outcome> {
  const outcome = await probe(candidate, settings.timeoutMs);
  const candidates = [report(candidate, outcome)];
  const endpoint = candidate.parsed?.endpoint ?? candidate.raw;
  const base = {
    ok: false,
    candidates,
    endpoint,
    source: candidate.source,
    notes,
    ...(candidate.contextName ? { contextName: candidate.contextName } : {}),
  };
  if (outcome.result === 'ok' && outcome.version) {
    if (!tooOld(outcome.version)) return connected(candidate, outcome, candidates, notes);
    return {
      diagnosis: {
        ...base,
        version: outcome.version,
        problem: tooOldProblem(endpoint, outcome.version, settings),
      },
    };
  }

  const value = candidate.raw;
  if (candidate.source === 'DOCKER_HOST') {
    const overrides = `DOCKER_HOST is set to "${value}", and it overrides every other setting (Docker contexts, the default socket)`;
    if (candidate.setupError) {
      return {
        diagnosis: {
          ...base,
          problem: {
            code: 'ENGINE_UNREACHABLE',
            message: `${overrides}, but it cannot be used: ${candidate.setupError}`,
            hint: 'Fix DOCKER_HOST (for example unix:///var/run/docker.sock, tcp://host:2376 or ssh://user@host) or remove it (`unset DOCKER_HOST`, and from your shell profile) to use the local engine.',
          },
        },
      };
    }
    if (outcome.result === 'permission') {
      return {
        diagnosis: {
          ...base,
          problem: {
            code: 'ENGINE_PERMISSION',
            message: `${overrides}, and the engine there refused you: ${outcome.detail}.`,
            hint:
              candidate.parsed?.kind === 'ssh'
                ? 'Check the SSH user and key (`ssh-add`, then `ssh ' +
                  endpoint.replace(/^ssh:\/\//, '') +
                  ' docker version`).'
                : permissionHint(settings.platform, candidate.parsed?.socketPath),
          },
        },
      };
    }
    const alternative = await alternativeHint(settings, endpoint);
    return {
      diagnosis: {
        ...base,
        problem: {
          code: 'ENGINE_UNREACHABLE',
          message:
            outcome.result === 'error'
              ? `${overrides}, but the engine there cannot be used: ${outcome.detail}.`
              : `${overrides}, but no Docker engine answers there: ${outcome.detail}.`,
          hint:
            'Start the engine at that address, correct DOCKER_HOST, or remove it (`unset DOCKER_HOST`, and from your shell profile) to use the local engine.' +
            (alternative ? `${alternative} Unset DOCKER_HOST to use it.` : ''),
        },
      },
    };
  }

  // A context (named by DOCKER_CONTEXT or the current context of the Docker CLI).
  const chosenBy =
    candidate.source === 'DOCKER_CONTEXT'
      ? 'named by DOCKER_CONTEXT'
      : `the current context in ${settings.configDir}/config.json`;
  const switchHint =
    candidate.source === 'DOCKER_CONTEXT'
      ? 'or unset DOCKER_CONTEXT / pick another context (`docker context ls`).'
      : 'or switch contexts: `docker context use default` (`docker context ls` lists them).';
  const what = `The Docker context "${candidate.contextName}" (${chosenBy}) points at ${endpoint}`;
  if (candidate.setupError) {
    return {
      diagnosis: {
        ...base,
        problem: {
          code: 'ENGINE_UNREACHABLE',
          message: `${what}, which cannot be used: ${candidate.setupError}`,
          hint: `Repair the context (\`docker context inspect ${candidate.contextName}\`) ${switchHint}`,
        },
      },
    };
  }
  if (outcome.result === 'permission') {
    return {
      diagnosis: {
        ...base,
        problem: {
          code: 'ENGINE_PERMISSION',
          message: `${what}, and the engine there refused you: ${outcome.detail}.`,
          hint: `${permissionHint(settings.platform, candidate.parsed?.socketPath)} Or ${switchHint}`,
        },
      },
    };
  }
  const label = contextLabel(candidate.contextName ?? '', endpoint);
  const alternative = await alternativeHint(settings, endpoint);
  const notRunning = outcome.result === 'missing' || outcome.result === 'refused';
  return {
    diagnosis: {
      ...base,
      problem: {
        code: notRunning ? 'ENGINE_NOT_RUNNING' : 'ENGINE_UNREACHABLE',
        message: `${what}, but no engine answers there: ${outcome.detail}.`,
        hint: `${notRunning ? startHint(settings.platform, label) : 'Check that the engine at that address is up and reachable.'} Or ${switchHint}${alternative}`,
      },
    },
  };
}

/** Guess who owns a context's socket from its name or path (Docker Desktop publishes desktop-linux). */
function contextLabel(name: string, endpoint: string): string | undefined {
  const text = `${name} ${endpoint}`.toLowerCase();
  if (text.includes('desktop')) return 'Docker Desktop';
  if (text.includes('colima')) return 'Colima';
  if (text.includes('orbstack')) return 'OrbStack';
  if (text.includes('rancher') || text.includes('.rd/')) return 'Rancher Desktop';
  if (text.includes('podman')) return 'Podman';
  if (text.includes('lima')) return 'Lima';
  if (text.includes('rootless')) return 'rootless Docker';
  return undefined;
}

async function fromSockets(settings: Settings, notes: string[]): Promise<Outcome> {
  const { candidates, outcomes, index } = await firstAnsweringSocket(settings);
  const reports = candidates.map((candidate, i) => report(candidate, outcomes[i]!));
  if (index >= 0) return connected(candidates[index]!, outcomes[index]!, reports, notes);

  const base = { ok: false, candidates: reports, source: 'socket' as const, notes };
  const find = (result: CandidateResult): number =>
    outcomes.findIndex((outcome) => outcome.result === result);
  const platform = settings.platform;

  const old = outcomes.findIndex((outcome) => outcome.result === 'ok' && outcome.version);
  if (old >= 0) {
    const endpoint = candidates[old]!.parsed!.endpoint;
    return {
      diagnosis: {
        ...base,
        endpoint,
        version: outcomes[old]!.version!,
        problem: tooOldProblem(endpoint, outcomes[old]!.version!, settings),
      },
    };
  }
  const denied = find('permission');
  if (denied >= 0) {
    const candidate = candidates[denied]!;
    const where = candidate.parsed?.socketPath ?? candidate.raw;
    return {
      diagnosis: {
        ...base,
        endpoint: candidate.parsed?.endpoint ?? candidate.raw,
        problem: {
          code: 'ENGINE_PERMISSION',
          message: `The Docker engine is running, but your user may not use it: permission denied on ${where}.`,
          hint: permissionHint(platform, where),
        },
      },
    };
  }
  const refused = find('refused');
  if (refused >= 0) {
    const candidate = candidates[refused]!;
    const where = candidate.parsed?.socketPath ?? candidate.raw;
    return {
      diagnosis: {
        ...base,
        endpoint: candidate.parsed?.endpoint ?? candidate.raw,
        problem: {
          code: 'ENGINE_NOT_RUNNING',
          message: `The ${candidate.label || 'Docker'} engine is not running: its socket ${where} exists, but nothing answers on it (connection refused).`,
          hint: startHint(platform, candidate.label),
        },
      },
    };
  }
  const stuck = outcomes.findIndex((outcome) => outcome.result === 'timeout' || outcome.result === 'error');
  if (stuck >= 0) {
    const candidate = candidates[stuck]!;
    const outcome = outcomes[stuck]!;
    const timeout = outcome.result === 'timeout';
    return {
      diagnosis: {
        ...base,
        endpoint: candidate.parsed?.endpoint ?? candidate.raw,
        problem: {
          code: timeout ? 'ENGINE_NOT_RUNNING' : 'ENGINE_UNREACHABLE',
          message: timeout
            ? `The ${candidate.label || 'Docker'} engine does not answer: ${outcome.detail}.`
            : `No usable Docker engine: ${outcome.detail}.`,
          hint: timeout
            ? `Wait a moment and try again (it may still be starting); if it stays like this, restart it. ${startHint(platform, candidate.label)}`
            : `Fix or remove what is at ${candidate.parsed?.socketPath ?? candidate.raw}, then start the engine. ${startHint(platform, candidate.label)}`,
        },
      },
    };
  }
  // Every candidate is missing.
  const installed = findInstalledEngines(settings.env, platform);
  if (installed.length > 0) {
    return {
      diagnosis: {
        ...base,
        problem: {
          code: 'ENGINE_NOT_RUNNING',
          message: `Docker is installed (${installed.join(', ')}) but no engine is running: no engine socket exists in the usual places (${candidates.length} checked; \`status-desktop doctor\` lists them).`,
          hint: startHint(platform),
        },
      },
    };
  }
  return {
    diagnosis: {
      ...base,
      problem: {
        code: 'ENGINE_NOT_INSTALLED',
        message: `Docker is not installed: there is no \`docker\` (or \`podman\`) command on PATH and no engine socket in the usual places (${candidates.length} checked).`,
        hint: installHint(platform),
      },
    },
  };
}

async function run(opts?: DiscoveryOptions): Promise<Outcome> {
  const settings = settingsFrom(opts);
  const notes: string[] = [];
  const dockerHost = settings.env.DOCKER_HOST?.trim();
  if (dockerHost) {
    return fromExplicit(
      buildCandidate({ raw: dockerHost, source: 'DOCKER_HOST' }, settings),
      settings,
      notes,
    );
  }

  const envContext = settings.env.DOCKER_CONTEXT?.trim();
  let contextName = envContext;
  let source: EngineSource = 'DOCKER_CONTEXT';
  if (!contextName) {
    const config = readCurrentContext(settings.configDir);
    if (config.warning) notes.push(config.warning);
    contextName = config.currentContext;
    source = 'context';
  }
  if (contextName && contextName !== 'default') {
    try {
      const context = loadContext(settings.configDir, contextName);
      const candidate = buildCandidate({ raw: context.host, source, contextName }, settings, context.tls);
      return await fromExplicit(candidate, settings, notes);
    } catch (error) {
      if (!(error instanceof ContextError)) throw error;
      const byEnv = source === 'DOCKER_CONTEXT';
      return {
        diagnosis: {
          ok: false,
          candidates: [
            {
              endpoint: `context:${contextName}`,
              source,
              result: 'missing',
              detail: error.message,
              contextName,
            },
          ],
          source,
          contextName,
          notes,
          problem: {
            code: 'ENGINE_UNREACHABLE',
            message: `${error.message} It was chosen by ${byEnv ? 'DOCKER_CONTEXT' : `currentContext in ${settings.configDir}/config.json`}.`,
            hint: byEnv ? `Unset DOCKER_CONTEXT or set it to an existing context. ${error.hint}` : error.hint,
          },
        },
      };
    }
  }
  return fromSockets(settings, notes);
}

/** Finds and connects to the engine, or throws a StatusError saying what is wrong and what to do. */
export async function discoverEngine(opts?: DiscoveryOptions): Promise<EngineConnection> {
  const { diagnosis, connection } = await run(opts);
  if (connection) return connection;
  const problem = diagnosis.problem ?? {
    code: 'ENGINE_UNREACHABLE' as const,
    message: 'No container engine could be reached.',
    hint: startHint(opts?.platform ?? process.platform),
  };
  throw new StatusError(problem.code, problem.message, problem.hint, {
    candidates: diagnosis.candidates,
    endpoint: diagnosis.endpoint,
    source: diagnosis.source,
  });
}

/** Same search, as a report for `status-desktop doctor`. Never throws. */
export async function diagnoseEngine(opts?: DiscoveryOptions): Promise<Diagnosis> {
  try {
    return (await run(opts)).diagnosis;
  } catch (error) {
    return {
      ok: false,
      candidates: [],
      notes: [],
      problem: {
        code: 'ENGINE_UNREACHABLE',
        message: `Looking for the container engine failed unexpectedly: ${(error as Error).message}`,
        hint: 'Run `docker version` to see whether the Docker CLI can reach the engine, and report this message if it can.',
      },
    };
  }
}

/** The doctor's text: one line per candidate, then the verdict. */
export function formatDiagnosis(diagnosis: Diagnosis): string {
  const icon: Record<CandidateResult, string> = {
    ok: '✔',
    missing: '·',
    refused: '✖',
    permission: '✖',
    timeout: '…',
    error: '✖',
  };
  const lines = diagnosis.candidates.map(
    (c) =>
      `  ${icon[c.result]} ${c.endpoint}${c.label ? ` (${c.label})` : ''} [${c.source}]: ${c.result} — ${c.detail}`,
  );
  if (diagnosis.ok && diagnosis.version) {
    const v = diagnosis.version;
    lines.push(
      `Engine: ${v.platformName ? `${v.platformName}, ` : ''}${v.engine} (API ${v.apiVersion}, ${v.os}/${v.arch}) at ${diagnosis.endpoint} via ${diagnosis.source}${diagnosis.contextName ? ` "${diagnosis.contextName}"` : ''}`,
    );
  } else if (diagnosis.problem) {
    lines.push(`${diagnosis.problem.message}\n  → ${diagnosis.problem.hint}`);
  }
  for (const note of diagnosis.notes) lines.push(`  note: ${note}`);
  return lines.join('\n');
}
