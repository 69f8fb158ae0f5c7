// The engine chosen in Settings → Engine: connected, or tested before it is chosen (version, API,
// OS/arch, CPUs, memory, Swarm role). The default choice is today's discovery; a context, an
// ssh:// or a tcp:// address is reached directly, and a failure says what to do about it.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import Docker from 'dockerode';
import type { ConnectConfig } from 'ssh2';
import { StatusError } from '../errors.js';
import { engineChoiceName, type EngineChoice } from '../settings/engine-choice.js';
import { dockerConfigDir, loadContext, ContextError } from './contexts.js';
import {
  dockerOptions,
  isLocalEndpoint,
  parseEndpoint,
  sshConnectConfig,
  sshCredentials,
  type ParsedEndpoint,
  type TlsMaterial,
} from './endpoint.js';
import { explainEngineFailure, type EngineProblem, type FailureContext } from './engine-errors.js';
import { MIN_API_VERSION, MIN_ENGINE_VERSION, apiAtLeast, engineFeatures } from './features.js';
import { diagnoseEngine, discoverEngine, type Diagnosis } from './index.js';
import { checkHostKey, knownHostsFiles, type HostKeyVerdict } from './known-hosts.js';
import { pingAndVersion, type EngineVersion } from './probe.js';

export interface ChosenEngineOptions {
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  /** Per request (ping, version, info). Default 5000 ms: SSH logins take a while. */
  timeoutMs?: number;
}

/** The engine the launcher drives, and how a person names it. */
export interface DrivenEngine {
  docker: Docker;
  /** "default", the context's name, or the label given to an added engine. */
  name: string;
  endpoint: string;
  version: EngineVersion;
  /** Published ports land on this machine. */
  local: boolean;
  /** ssh:// engines: the SSH login the engine is reached with (kept in memory only; for port forwards). */
  ssh?: ConnectConfig;
}

export interface EngineResources {
  cpus: number;
  memoryBytes: number;
  /** The engine's host name (docker info Name). */
  hostName?: string;
  operatingSystem?: string;
  /** This engine manages a Swarm (it could deploy the stack as a Swarm stack). */
  swarmManager: boolean;
}

export interface EngineTestResult {
  ok: boolean;
  name: string;
  endpoint: string;
  version?: EngineVersion;
  resources?: EngineResources;
  problem?: EngineProblem;
}

interface Target {
  parsed: ParsedEndpoint;
  tls?: TlsMaterial;
  tlsFiles?: { ca: string; cert: string; key: string };
}

class ChoiceProblem extends Error {
  constructor(
    readonly problem: EngineProblem,
    readonly endpoint: string,
  ) {
    super(problem.message);
  }
}

const problem = (message: string, hint: string): EngineProblem => ({
  code: 'ENGINE_UNREACHABLE',
  message,
  hint,
});

async function readPem(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new ChoiceProblem(
      problem(
        `The ${what} ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
        `Choose the ${what} again (a PEM file on this computer), then test again.`,
      ),
      file,
    );
  }
}

function parse(raw: string): ParsedEndpoint {
  try {
    return parseEndpoint(raw);
  } catch (error) {
    throw new ChoiceProblem(
      problem((error as Error).message, 'Correct the address: ssh://user@host or tcp://host:2376.'),
      raw,
    );
  }
}

/** Where a context, an ssh:// or a tcp:// choice points, with the TLS material it needs. */
async function targetOf(
  choice: Exclude<EngineChoice, { kind: 'default' }>,
  configDir: string,
): Promise<Target> {
  if (choice.kind === 'context') {
    let context;
    try {
      context = loadContext(configDir, choice.name);
    } catch (error) {
      if (!(error instanceof ContextError)) throw error;
      throw new ChoiceProblem(problem(error.message, error.hint), `context:${choice.name}`);
    }
    return { parsed: parse(context.host), ...(context.tls ? { tls: context.tls } : {}) };
  }
  const parsed = parse(choice.host);
  if (choice.kind === 'ssh' || !choice.tls) return { parsed };
  const files = choice.tls;
  const [ca, cert, key] = await Promise.all([
    readPem(files.ca, 'CA certificate'),
    readPem(files.cert, 'client certificate'),
    readPem(files.key, 'client key'),
  ]);
  return { parsed, tls: { ca, cert, key, verify: true }, tlsFiles: files };
}

async function reach(
  choice: Exclude<EngineChoice, { kind: 'default' }>,
  opts: ChosenEngineOptions,
): Promise<DrivenEngine> {
  const env = opts.env ?? process.env;
  const homeDir = opts.homeDir ?? os.homedir();
  const timeoutMs = opts.timeoutMs ?? 5000;
  const target = await targetOf(choice, dockerConfigDir(env, homeDir));
  const { parsed } = target;
  const hostKey: { verdict?: HostKeyVerdict } = {};
  const files = knownHostsFiles(homeDir);
  const ssh =
    parsed.kind === 'ssh'
      ? {
          ...sshCredentials(env, homeDir),
          hostVerifier: (key: Buffer) => {
            hostKey.verdict = checkHostKey(files, parsed.host ?? '', parsed.port ?? 22, key);
            return hostKey.verdict === 'match';
          },
        }
      : undefined;
  const failure = (error: unknown): ChoiceProblem => {
    const ctx: FailureContext = { parsed };
    if (target.tlsFiles) ctx.tlsFiles = target.tlsFiles;
    if (hostKey.verdict) ctx.hostKey = hostKey.verdict;
    return new ChoiceProblem(explainEngineFailure(error, ctx), parsed.endpoint);
  };
  let docker: Docker;
  let version: EngineVersion;
  try {
    docker = new Docker(
      dockerOptions(parsed, {
        ...(target.tls ? { tls: target.tls } : {}),
        ...(ssh ? { ssh } : {}),
        timeoutMs,
      }),
    );
    version = await pingAndVersion(docker, timeoutMs);
  } catch (error) {
    throw failure(error);
  }
  if (!apiAtLeast(version.apiVersion, MIN_API_VERSION)) {
    throw new ChoiceProblem(
      {
        code: 'ENGINE_TOO_OLD',
        message: `The engine at ${parsed.endpoint} is too old: Engine ${version.engine} speaks API ${version.apiVersion}, and STATUS Desktop needs Engine ${MIN_ENGINE_VERSION} (API ${MIN_API_VERSION}) or newer.`,
        hint: 'Upgrade Docker on that host, or choose another engine.',
      },
      parsed.endpoint,
    );
  }
  return {
    docker,
    name: engineChoiceName(choice),
    endpoint: parsed.endpoint,
    version,
    local: isLocalEndpoint(parsed),
    ...(ssh ? { ssh: sshConnectConfig(parsed, ssh, timeoutMs) } : {}),
  };
}

/** Connects to the chosen engine, or throws a StatusError saying what is wrong and what to do. */
export async function connectChosenEngine(
  choice: EngineChoice,
  opts: ChosenEngineOptions = {},
): Promise<DrivenEngine> {
  if (choice.kind === 'default') {
    const found = await discoverEngine({
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.homeDir ? { homeDir: opts.homeDir } : {}),
    });
    return {
      docker: found.docker,
      name: found.contextName ?? 'default',
      endpoint: found.endpoint,
      version: found.version,
      local: found.local,
    };
  }
  try {
    return await reach(choice, opts);
  } catch (error) {
    if (!(error instanceof ChoiceProblem)) throw error;
    const { code, message, hint } = error.problem;
    throw new StatusError(code, message, hint, {
      engine: engineChoiceName(choice),
      endpoint: error.endpoint,
    });
  }
}

async function resourcesOf(docker: Docker, timeoutMs: number): Promise<EngineResources | undefined> {
  try {
    const info = (await Promise.race([
      docker.info(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ])) as {
      NCPU?: number;
      MemTotal?: number;
      Name?: string;
      OperatingSystem?: string;
      Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean };
    };
    const resources: EngineResources = {
      cpus: info.NCPU ?? 0,
      memoryBytes: info.MemTotal ?? 0,
      swarmManager: info.Swarm?.LocalNodeState === 'active' && info.Swarm.ControlAvailable === true,
    };
    if (info.Name) resources.hostName = info.Name;
    if (info.OperatingSystem) resources.operatingSystem = info.OperatingSystem;
    return resources;
  } catch {
    return undefined; // the version answered: the resources are a nicety
  }
}

/** Tries the choice without using it: what answers there, or what stands in the way. Never throws. */
export async function testEngine(
  choice: EngineChoice,
  opts: ChosenEngineOptions = {},
): Promise<EngineTestResult> {
  const name = engineChoiceName(choice);
  try {
    const engine = await connectChosenEngine(choice, opts);
    const result: EngineTestResult = {
      ok: true,
      name: engine.name,
      endpoint: engine.endpoint,
      version: engine.version,
    };
    const resources = await resourcesOf(engine.docker, opts.timeoutMs ?? 5000);
    if (resources) result.resources = resources;
    return result;
  } catch (error) {
    const endpoint =
      error instanceof StatusError && typeof error.details.endpoint === 'string'
        ? error.details.endpoint
        : '';
    return {
      ok: false,
      name,
      endpoint,
      problem:
        error instanceof StatusError
          ? { code: error.code, message: error.message, hint: error.hint }
          : problem(
              `Testing the engine failed unexpectedly: ${(error as Error).message}.`,
              'Try again; report this message if it stays.',
            ),
    };
  }
}

/**
 * The setup page's diagnosis of the chosen engine: today's search for the default, else the test
 * of the chosen one (its problem, or what answered). Never throws.
 */
export async function diagnoseChosenEngine(
  choice: EngineChoice,
  opts: ChosenEngineOptions = {},
): Promise<Diagnosis> {
  if (choice.kind === 'default') {
    return diagnoseEngine({
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.homeDir ? { homeDir: opts.homeDir } : {}),
    });
  }
  const result = await testEngine(choice, opts);
  const diagnosis: Diagnosis = {
    ok: result.ok,
    candidates: [
      {
        endpoint: result.endpoint || result.name,
        source: 'settings',
        result: result.ok ? 'ok' : 'error',
        detail: result.ok
          ? `${result.name}: Engine ${result.version?.engine}`
          : (result.problem?.message ?? ''),
      },
    ],
    source: 'settings',
    notes: [],
  };
  if (result.endpoint) diagnosis.endpoint = result.endpoint;
  if (result.version) {
    diagnosis.version = result.version;
    diagnosis.features = engineFeatures(result.version.apiVersion);
  }
  if (result.problem) diagnosis.problem = result.problem;
  return diagnosis;
}
