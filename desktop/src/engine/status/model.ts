// The live status model of a Compose project: one ServiceStatus per service of the compose file,
// built from `docker inspect` of the service's container. Pure types and pure functions only; the
// StatusTracker (tracker.ts) keeps it up to date from the engine's event stream.
import type Docker from 'dockerode';
import { LABEL } from '../labels.js';
import { isFailureExit, readExit, type RunEnd, type ServiceExit } from './exit.js';

export type { ExitStory, ServiceExit } from './exit.js';

/**
 * What a service is doing. The container's state, refined by its health check while it runs:
 * - `missing`: the compose file declares the service but it has no container.
 * - `created`: container exists, never started (or created again and not started yet).
 * - `starting`: running, health check still in its start period / not passed yet.
 * - `running`: running, no health check.
 * - `healthy` / `unhealthy`: running, health check passing / failing.
 * - `restarting`: it died and the restart policy will start it again (back-off in progress).
 * - `paused`, `exited`, `dead`, `removing`: the engine's container states.
 */
export type ServiceState =
  | 'missing'
  | 'created'
  | 'starting'
  | 'running'
  | 'healthy'
  | 'unhealthy'
  | 'restarting'
  | 'paused'
  | 'exited'
  | 'dead'
  | 'removing';

/** `none`: the container has no health check. */
export type HealthState = 'starting' | 'healthy' | 'unhealthy' | 'none';

export type EngineState = 'connected' | 'reconnecting' | 'disconnected';

/**
 * The whole project in one word. Rules, first match wins:
 * 1. `stopped`: no service has a live process (every service is missing, created, exited, dead or
 *    removing), or the project declares no service.
 * 2. `degraded`: something is failing: a service is unhealthy, restarting or dead, or it crashed
 *    (see `exitedWithFailure`) while something else still runs.
 * 3. `starting`: nothing is failing and at least one service is `starting` (health check pending).
 * 4. `running`: every service is `running` or `healthy`.
 * 5. `partial`: the rest — some services run, others are missing, created, paused or were stopped.
 */
export type OverallState = 'stopped' | 'starting' | 'running' | 'degraded' | 'partial';

export interface PortStatus {
  /** '' when bound on all interfaces. */
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp' | 'sctp';
}

export interface ServiceStatus {
  service: string;
  state: ServiceState;
  /** Only while the container runs or is paused; undefined otherwise (and for `missing`). */
  health?: HealthState;
  containerId?: string;
  containerName?: string;
  /** The image reference the container was created from (e.g. `postgres:17`). */
  image?: string;
  /** `sha256:…` of that image. */
  imageId?: string;
  /** Epoch ms of the container's last start (kept after it stops). */
  startedAt?: number;
  /** Epoch ms of the last exit, when the container is not running. */
  finishedAt?: number;
  /** now − startedAt, computed when the snapshot is read; only while running or paused. */
  uptimeMs?: number;
  /** Exit code of the last run: set when exited, dead or restarting. */
  exitCode?: number;
  /** The kernel killed the last run for lack of memory. */
  oomKilled?: boolean;
  /**
   * How the last run ended, in words every UI shares (killed from outside, out of memory, crashed
   * and restarted by Docker…); absent when it never ended or there is nothing to tell.
   */
  exit?: ServiceExit;
  /** The engine's error for the last start attempt (e.g. "port is already allocated"). */
  error?: string;
  /** Times the engine restarted the container by its restart policy (reset by a manual start). */
  restartCount: number;
  /** Published ports: the live bindings while running, the configured ones otherwise. */
  ports: PortStatus[];
  /** Output of the last health check (trimmed, at most 2000 characters). */
  lastHealthLog?: string;
}

/** Which engine the launcher drives, as the console names it ("remote-1 (tcp://…, Docker 27.3)"). */
export interface DrivenEngineInfo {
  /** "default", a Docker context's name, or the label given to an added engine. */
  name: string;
  endpoint: string;
  /** The engine's version ("27.3.1"). */
  version: string;
  platformName?: string;
  /**
   * The machine the engine runs on, when it is not this computer (ssh://, tcp:// to another host):
   * the platform's ports open there, on its loopback unless STATUS is shared.
   */
  elsewhere?: string;
  /**
   * ssh:// engines elsewhere: the launcher forwards the reverse proxy's port to this computer while
   * the platform runs (`url`, the same port here), or says why it cannot (`problem`).
   */
  forward?: { url: string } | { problem: string };
}

export interface ProjectStatus {
  project: string;
  engine: EngineState;
  /** The engine connected to (set by the launcher; absent until one answers). */
  driving?: DrivenEngineInfo;
  /** Why the engine is not connected (last connection error), when it is not. */
  engineError?: string;
  /** Derived from `services`, see OverallState. */
  state: OverallState;
  /** One entry per service of the compose file, in the order they were given. */
  services: Record<string, ServiceStatus>;
  /** Epoch ms of the last time the model was checked against the engine (event or poll). */
  updatedAt: number;
}

const LIVE: ReadonlySet<ServiceState> = new Set([
  'starting',
  'running',
  'healthy',
  'unhealthy',
  'restarting',
  'paused',
]);
const UP: ReadonlySet<ServiceState> = new Set(['running', 'healthy']);

/** True when the service has a process (or is about to have one again). */
export function isLive(state: ServiceState): boolean {
  return LIVE.has(state);
}

/**
 * True when an exited service died on its own rather than being stopped: an error code, a crash
 * signal such as SIGSEGV (139) or SIGABRT (134), or the OOM killer. A SIGKILL (137) is not a failure:
 * `docker kill` and a stop that ran out of time both end that way (see ServiceStatus.exit).
 */
export function exitedWithFailure(s: ServiceStatus): boolean {
  if (s.state !== 'exited' && s.state !== 'dead') return false;
  return isFailureExit(s.exitCode, s.oomKilled);
}

export function overallState(services: Iterable<ServiceStatus>): OverallState {
  const list = [...services];
  if (list.length === 0 || !list.some((s) => isLive(s.state))) return 'stopped';
  const failing = list.some(
    (s) => s.state === 'unhealthy' || s.state === 'restarting' || s.state === 'dead' || exitedWithFailure(s),
  );
  if (failing) return 'degraded';
  if (list.some((s) => s.state === 'starting')) return 'starting';
  if (list.every((s) => UP.has(s.state))) return 'running';
  return 'partial';
}

export function missingService(service: string): ServiceStatus {
  return { service, state: 'missing', restartCount: 0, ports: [] };
}

const HEALTH_LOG_MAX = 2000;

function parseTime(value: string | undefined): number | undefined {
  if (!value || value.startsWith('0001-01-01')) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

type PortMap = Record<string, Array<{ HostIp?: string; HostPort?: string }> | null | undefined>;

function portsOf(map: PortMap | undefined | null, requireHostPort: boolean): PortStatus[] {
  const out: PortStatus[] = [];
  for (const [key, bindings] of Object.entries(map ?? {})) {
    const [portText, proto = 'tcp'] = key.split('/');
    const containerPort = Number(portText);
    if (!Number.isInteger(containerPort) || !bindings) continue;
    const protocol = proto === 'udp' || proto === 'sctp' ? proto : 'tcp';
    for (const b of bindings) {
      const hostPort = Number(b.HostPort ?? '');
      if (requireHostPort && !(hostPort > 0)) continue;
      out.push({ hostIp: b.HostIp ?? '', hostPort: hostPort > 0 ? hostPort : 0, containerPort, protocol });
    }
  }
  out.sort(
    (a, b) =>
      a.containerPort - b.containerPort ||
      a.protocol.localeCompare(b.protocol) ||
      a.hostIp.localeCompare(b.hostIp) ||
      a.hostPort - b.hostPort,
  );
  return out;
}

/**
 * The status of a service as shown by one of its containers (`docker inspect` output); `run` is what
 * the engine's events said about the end of its last run, when the tracker saw it.
 */
export function statusFromInspect(
  service: string,
  info: Docker.ContainerInspectInfo,
  run?: RunEnd,
): ServiceStatus {
  const st = info.State;
  const engineStatus = st.Status as string;
  const healthRaw = st.Health?.Status as string | undefined;
  const hasHealth = healthRaw !== undefined && healthRaw !== '' && healthRaw !== 'none';

  let state: ServiceState;
  switch (engineStatus) {
    case 'running':
      if (!hasHealth) state = 'running';
      else if (healthRaw === 'healthy') state = 'healthy';
      else if (healthRaw === 'unhealthy') state = 'unhealthy';
      else state = 'starting';
      break;
    case 'created':
    case 'restarting':
    case 'paused':
    case 'exited':
    case 'dead':
    case 'removing':
      state = engineStatus;
      break;
    default:
      state = st.Running ? 'running' : st.Dead ? 'dead' : 'exited';
  }

  const status: ServiceStatus = {
    service,
    state,
    containerId: info.Id,
    containerName: info.Name.replace(/^\//, ''),
    image: info.Config?.Image || info.Config?.Labels?.[LABEL.image] || undefined,
    imageId: info.Image || undefined,
    restartCount: info.RestartCount ?? 0,
    ports: [],
  };
  if (
    state === 'starting' ||
    state === 'running' ||
    state === 'healthy' ||
    state === 'unhealthy' ||
    state === 'paused'
  ) {
    status.health = hasHealth ? (healthRaw as HealthState) : 'none';
  }
  const startedAt = parseTime(st.StartedAt);
  if (startedAt !== undefined) status.startedAt = startedAt;
  if (!isLive(state) || state === 'restarting') {
    const finishedAt = parseTime(st.FinishedAt);
    if (finishedAt !== undefined) status.finishedAt = finishedAt;
  }
  if (state === 'exited' || state === 'dead' || state === 'restarting') {
    status.exitCode = st.ExitCode;
    if (st.OOMKilled) status.oomKilled = true;
  }
  const exit = readExit({
    live: isLive(state),
    restarting: state === 'restarting',
    exitCode: status.exitCode,
    oomKilled: status.oomKilled,
    restartCount: status.restartCount,
    run,
  });
  if (exit) status.exit = exit;
  if (st.Error) status.error = st.Error;

  const live = info.NetworkSettings?.Ports as PortMap | undefined;
  status.ports =
    st.Running && live && Object.keys(live).length > 0
      ? portsOf(live, true)
      : portsOf(info.HostConfig?.PortBindings as PortMap | undefined, true);

  const log = st.Health?.Log;
  const last = log && log.length > 0 ? log[log.length - 1] : undefined;
  if (last && typeof last.Output === 'string') {
    const text = last.Output.trim();
    status.lastHealthLog = text.length > HEALTH_LOG_MAX ? `${text.slice(0, HEALTH_LOG_MAX)}…` : text;
  }
  return status;
}

const RANK: Record<ServiceState, number> = {
  healthy: 10,
  running: 10,
  starting: 9,
  unhealthy: 9,
  restarting: 8,
  paused: 7,
  created: 6,
  exited: 5,
  dead: 4,
  removing: 3,
  missing: 0,
};

/**
 * Which container speaks for a service when it has several (a recreate in progress, a scaled
 * service, a leftover): the most alive one, then the most recently created.
 */
export function pickRepresentative<T extends { status: ServiceStatus; created: number }>(
  candidates: T[],
): T | undefined {
  let best: T | undefined;
  for (const c of candidates) {
    if (
      !best ||
      RANK[c.status.state] > RANK[best.status.state] ||
      (RANK[c.status.state] === RANK[best.status.state] && c.created > best.created)
    ) {
      best = c;
    }
  }
  return best;
}

/** Equality of everything a user can see (uptime excluded: it changes every millisecond). */
export function sameStatus(a: ServiceStatus | undefined, b: ServiceStatus | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return canonical(a) === canonical(b);
}

function canonical(s: ServiceStatus): string {
  const { uptimeMs: _uptime, ...rest } = s;
  const keys = Object.keys(rest).sort() as Array<keyof typeof rest>;
  return JSON.stringify(keys.map((k) => [k, rest[k]]));
}

/** A copy with uptime computed at `now`. */
export function withUptime(s: ServiceStatus, now: number): ServiceStatus {
  const copy: ServiceStatus = { ...s, ports: s.ports.map((p) => ({ ...p })) };
  delete copy.uptimeMs;
  if (s.startedAt !== undefined && isLive(s.state) && s.state !== 'restarting') {
    copy.uptimeMs = Math.max(0, now - s.startedAt);
  }
  return copy;
}
