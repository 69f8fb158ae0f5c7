// Before anything starts: is every host port the stack publishes free? Who holds it if not?
//
// For each published port of each (selected) service, in this order:
//   1. two services of this project asking for the same host port → conflict, named;
//   2. a running container publishing that port (engine's view, which also catches iptables-only
//      publishing without a proxy process) → conflict naming the container and its Compose project /
//      service, unless it is this project's own container for this very service (already running);
//   3. bind the port on this machine (when the engine's ports are this machine's ports) → EADDRINUSE
//      means another program holds it; its name and pid when this machine tells (ports/owner.ts).
import dgram from 'node:dgram';
import net from 'node:net';
import type Docker from 'dockerode';
import type { ComposeProject, PortMapping } from './compose/types.js';
import { StatusError } from './errors.js';
import { LABEL } from './labels.js';
import { findPortOwner } from './ports/owner.js';

export type PortHolder =
  | { kind: 'container'; containerName: string; containerId: string; project?: string; service?: string }
  /** Another service of the same project asks for the same host port. */
  | { kind: 'service'; service: string }
  /** A program on this machine, found through the kernel's socket tables (Linux, local engine). */
  | { kind: 'process'; pid: number; command: string }
  /** Something on this machine that is not a container (or an address this machine does not have). */
  | { kind: 'unknown' }
  /** Nobody holds it, but this (rootless) engine may not publish ports below 1024. */
  | { kind: 'privileged' };

export interface PortConflict {
  service: string;
  /** '' = all interfaces. */
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp';
  heldBy: PortHolder;
  /** The setting that chooses this port (STATUS_POSTGRES_PORT…), when known. */
  setting?: string;
  message: string;
  hint: string;
}

/** Which variable of stack/compose.yaml chooses each service's published port. */
export const DEFAULT_PORT_SETTINGS: Readonly<Record<string, string>> = {
  'reverse-proxy': 'STATUS_HTTP_PORT',
  'status-backend': 'STATUS_BACKEND_PORT',
  nodered: 'STATUS_NODERED_PORT',
  postgres: 'STATUS_POSTGRES_PORT',
  'mongo-registry': 'STATUS_MONGO_PORT',
  dragonfly: 'STATUS_DRAGONFLY_PORT',
  grafana: 'STATUS_GRAFANA_PORT',
  director: 'STATUS_DIRECTOR_PORT',
  registry: 'STATUS_REGISTRY_PORT',
};

export interface CheckPortsOptions {
  /** Only these services (default: all of the project). */
  services?: string[];
  /** service → variable that sets its host port, for hints (default: DEFAULT_PORT_SETTINGS). */
  portSettingNames?: Record<string, string>;
  /**
   * Also try binding each port on this machine. Default: when the engine's published ports land on
   * this machine (unix socket / named pipe / loopback TCP); a remote engine's ports are not ours to test.
   */
  bindCheck?: boolean;
  /** For the "find who holds it" command in hints (default: this machine's). */
  platform?: NodeJS.Platform;
}

interface Wanted extends PortMapping {
  service: string;
}

function isV6(ip: string): boolean {
  return ip.includes(':');
}

/** Would publishing on `a` and on `b` collide? '' means every address, 0.0.0.0 every IPv4, :: every IPv6. */
export function addressesOverlap(a: string, b: string): boolean {
  if (a === '' || b === '') return true;
  if (a === b) return true;
  if (a === '0.0.0.0') return !isV6(b);
  if (b === '0.0.0.0') return !isV6(a);
  if (a === '::') return isV6(b);
  if (b === '::') return isV6(a);
  return false;
}

/** The engine's ports are this machine's ports (docker-modem keeps either a socket path or a host). */
function engineIsLocal(docker: Docker): boolean {
  const modem = docker.modem as unknown as { socketPath?: unknown; host?: unknown; protocol?: unknown };
  if (modem.protocol === 'ssh') return false;
  if (!modem.host) return true;
  const host = String(modem.host)
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function where(hostIp: string, port: number): string {
  return hostIp === '' || hostIp === '0.0.0.0' ? `host port ${port}` : `host port ${port} on ${hostIp}`;
}

function findCommand(platform: NodeJS.Platform, port: number, protocol: 'tcp' | 'udp'): string {
  switch (platform) {
    case 'linux':
      return `\`sudo ss -l${protocol === 'tcp' ? 't' : 'u'}np 'sport = :${port}'\``;
    case 'darwin':
      return `\`sudo lsof -nP -i ${protocol.toUpperCase()}:${port}\``;
    case 'win32':
      return `\`netstat -ano | findstr :${port}\` (the last column is the process id; look it up in Task Manager)`;
    default:
      return `\`lsof -i :${port}\``;
  }
}

type BindResult = 'free' | 'in-use' | 'denied' | 'no-address' | 'no-family';

function bindResult(error: NodeJS.ErrnoException): BindResult {
  switch (error.code) {
    case 'EADDRINUSE':
      return 'in-use';
    case 'EACCES':
    case 'EPERM':
      return 'denied';
    case 'EADDRNOTAVAIL':
      return 'no-address';
    case 'EAFNOSUPPORT':
    case 'EPROTONOSUPPORT':
      return 'no-family';
    default:
      throw error;
  }
}

/** Binds host:port for an instant, then lets go. */
export function tryBind(host: string, port: number, protocol: 'tcp' | 'udp'): Promise<BindResult> {
  const ipv6Only = host === '::';
  return new Promise((resolve, reject) => {
    const settle = (error: NodeJS.ErrnoException): void => {
      try {
        resolve(bindResult(error));
      } catch (unexpected) {
        reject(unexpected as Error);
      }
    };
    if (protocol === 'udp') {
      const socket = dgram.createSocket({ type: isV6(host) ? 'udp6' : 'udp4', ipv6Only });
      socket.once('error', (error) => {
        socket.close();
        settle(error);
      });
      socket.bind({ address: host, port, exclusive: true }, () => socket.close(() => resolve('free')));
      return;
    }
    const server = net.createServer();
    server.once('error', settle);
    server.listen({ host, port, exclusive: true, ipv6Only }, () => server.close(() => resolve('free')));
  });
}

/** Does something accept TCP connections on host:port? (When we may not bind a low port ourselves.) */
function accepts(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (result: boolean): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The addresses Docker would bind for a mapping. */
function bindAddresses(hostIp: string): string[] {
  if (hostIp === '' || hostIp === '0.0.0.0') return hostIp === '' ? ['0.0.0.0', '::'] : ['0.0.0.0'];
  return [hostIp];
}

async function engineIsRootless(docker: Docker): Promise<boolean> {
  try {
    const info = (await docker.info()) as { SecurityOptions?: string[] };
    return (info.SecurityOptions ?? []).some((option) => option.includes('rootless'));
  } catch {
    return false;
  }
}

/**
 * Finds every host port the project (or the selected services) needs that is already taken.
 * An empty list means go.
 */
export async function checkPorts(
  docker: Docker,
  project: ComposeProject,
  opts: CheckPortsOptions = {},
): Promise<PortConflict[]> {
  const settings = { ...DEFAULT_PORT_SETTINGS, ...(opts.portSettingNames ?? {}) };
  const platform = opts.platform ?? process.platform;
  const selected = opts.services ?? Object.keys(project.services);
  const unknownServices = selected.filter((name) => !project.services[name]);
  if (unknownServices.length > 0) {
    throw new StatusError(
      'NOT_FOUND',
      `No service named ${unknownServices.map((s) => `"${s}"`).join(', ')} in project "${project.name}".`,
      `The services are: ${Object.keys(project.services).join(', ')}.`,
    );
  }
  const wanted: Wanted[] = [];
  for (const name of selected) {
    for (const mapping of project.services[name]!.ports) {
      if (mapping.hostPort > 0) wanted.push({ ...mapping, service: name });
    }
  }
  if (wanted.length === 0) return [];

  const changeHint = (service: string): string => {
    const setting = settings[service];
    return setting
      ? `change the port in Settings → Ports (${setting})`
      : `change the published port of ${service} in ${project.configFiles[0] ?? 'the compose file'}`;
  };
  const conflict = (want: Wanted, heldBy: PortHolder, message: string, hint: string): PortConflict => {
    const entry: PortConflict = {
      service: want.service,
      hostIp: want.hostIp,
      hostPort: want.hostPort,
      containerPort: want.containerPort,
      protocol: want.protocol,
      heldBy,
      message,
      hint,
    };
    const setting = settings[want.service];
    if (setting) entry.setting = setting;
    return entry;
  };

  const conflicts: PortConflict[] = [];
  const decided = new Set<Wanted>();

  // 1. Inside the project.
  for (let i = 0; i < wanted.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = wanted[j]!;
      const b = wanted[i]!;
      if (a.protocol !== b.protocol || a.hostPort !== b.hostPort || !addressesOverlap(a.hostIp, b.hostIp))
        continue;
      const same = a.service === b.service;
      conflicts.push(
        conflict(
          b,
          { kind: 'service', service: a.service },
          same
            ? `${b.service} publishes ${where(b.hostIp, b.hostPort)} twice (for container ports ${a.containerPort} and ${b.containerPort}).`
            : `${a.service} and ${b.service} both publish ${where(b.hostIp, b.hostPort)}; only one of them can have it.`,
          same
            ? `Give one of the two mappings another host port in ${project.configFiles[0] ?? 'the compose file'}.`
            : `Give one of them another port: ${changeHint(b.service)}.`,
        ),
      );
      decided.add(b);
      break;
    }
  }

  // 2. Running containers (the engine's own record of published ports).
  const running = await docker.listContainers({});
  for (const want of wanted) {
    if (decided.has(want)) continue;
    let holder: Docker.ContainerInfo | undefined;
    for (const info of running) {
      const match = (info.Ports ?? []).some(
        (port) =>
          port.PublicPort === want.hostPort &&
          port.Type === want.protocol &&
          addressesOverlap(want.hostIp, port.IP ?? ''),
      );
      if (match) {
        holder = info;
        break;
      }
    }
    if (!holder) continue;
    decided.add(want);
    const labels = holder.Labels ?? {};
    const ownerProject = labels[LABEL.project];
    const ownerService = labels[LABEL.service];
    // Our own container for this very service, already running: it holds the port for us.
    if (ownerProject === project.name && ownerService === want.service) continue;
    const name = (holder.Names?.[0] ?? holder.Id.slice(0, 12)).replace(/^\//, '');
    const heldBy: PortHolder = { kind: 'container', containerName: name, containerId: holder.Id };
    if (ownerProject) heldBy.project = ownerProject;
    if (ownerService) heldBy.service = ownerService;
    let owner: string;
    let stop = `stop it with \`docker stop ${name}\``;
    if (ownerProject === project.name)
      owner = `container ${name}, this stack's own ${ownerService ?? 'other'} service`;
    else if (ownerProject) {
      owner = `container ${name} (Compose project "${ownerProject}"${ownerService ? `, service "${ownerService}"` : ''})`;
      stop += ` (or the whole project: \`docker compose -p ${ownerProject} stop\`)`;
    } else owner = `container ${name} (image ${holder.Image})`;
    conflicts.push(
      conflict(
        want,
        heldBy,
        `${capitalize(where(want.hostIp, want.hostPort))}, which ${want.service} publishes, is already taken by ${owner}.`,
        ownerProject === project.name
          ? `Give one of them another port: ${changeHint(want.service)}.`
          : `${capitalize(stop)}, or ${changeHint(want.service)}.`,
      ),
    );
  }

  // 3. Other programs on this machine.
  if (opts.bindCheck ?? engineIsLocal(docker)) {
    let rootless: Promise<boolean> | undefined;
    for (const want of wanted) {
      if (decided.has(want)) continue;
      let result: BindResult = 'free';
      for (const address of bindAddresses(want.hostIp)) {
        const attempt = await tryBind(address, want.hostPort, want.protocol);
        // No IPv6 on this machine is not a conflict (Docker then binds IPv4 only).
        if (attempt === 'no-family' || (attempt === 'no-address' && address === '::')) continue;
        if (attempt !== 'free') {
          result = attempt;
          break;
        }
      }
      if (result === 'denied' && want.protocol === 'tcp') {
        // We may not bind a low port, but the engine (root) may. Find out whether someone is there.
        const probeHost =
          want.hostIp === '' || want.hostIp === '0.0.0.0'
            ? '127.0.0.1'
            : want.hostIp === '::'
              ? '::1'
              : want.hostIp;
        if (await accepts(probeHost, want.hostPort)) result = 'in-use';
        else {
          rootless ??= engineIsRootless(docker);
          result = (await rootless) ? 'denied' : 'free';
        }
      } else if (result === 'denied') {
        rootless ??= engineIsRootless(docker);
        if (!(await rootless)) result = 'free';
      }
      if (result === 'free') continue;
      const place = where(want.hostIp, want.hostPort);
      const owner =
        result === 'in-use' ? await findPortOwner(want.hostPort, want.protocol, { platform }) : undefined;
      if (owner) {
        const who = `${owner.command} (process ${owner.pid})`;
        conflicts.push(
          conflict(
            want,
            { kind: 'process', pid: owner.pid, command: owner.command },
            `${capitalize(place)}, which ${want.service} publishes, is already in use by ${who} on this machine.`,
            `Stop ${who}, or ${changeHint(want.service)}.`,
          ),
        );
      } else if (result === 'in-use') {
        conflicts.push(
          conflict(
            want,
            { kind: 'unknown' },
            `${capitalize(place)}, which ${want.service} publishes, is already in use by another program on this machine.`,
            `Find it with ${findCommand(platform, want.hostPort, want.protocol)} and stop it, or ${changeHint(want.service)}.`,
          ),
        );
      } else if (result === 'denied') {
        conflicts.push(
          conflict(
            want,
            { kind: 'privileged' },
            `${capitalize(place)}, which ${want.service} publishes, is below 1024, and this rootless Docker engine may not publish ports below 1024.`,
            `Choose a port of 1024 or above (${changeHint(want.service)}), or allow low ports: \`sudo sysctl net.ipv4.ip_unprivileged_port_start=${want.hostPort}\`.`,
          ),
        );
      } else {
        conflicts.push(
          conflict(
            want,
            { kind: 'unknown' },
            `${want.service} is set to publish on ${want.hostIp}, which is not an address of this machine.`,
            `Use 127.0.0.1 (this machine only) or 0.0.0.0 (every network) for ${want.service}, or an address \`ip addr\` lists.`,
          ),
        );
      }
    }
  }

  // Report in the project's order.
  const order = new Map(
    wanted.map((want, index) => [
      `${want.service}/${want.protocol}/${want.hostIp}/${want.hostPort}/${want.containerPort}`,
      index,
    ]),
  );
  const key = (c: PortConflict): number =>
    order.get(`${c.service}/${c.protocol}/${c.hostIp}/${c.hostPort}/${c.containerPort}`) ?? 0;
  return conflicts.sort((a, b) => key(a) - key(b));
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One error for all conflicts: each one's message, and each one's remedy. */
export function portConflictError(conflicts: PortConflict[]): StatusError {
  if (conflicts.length === 1) {
    const only = conflicts[0]!;
    return new StatusError('PORT_IN_USE', only.message, only.hint, { conflicts });
  }
  if (conflicts.length === 0) {
    return new StatusError(
      'PORT_IN_USE',
      'A host port is already in use.',
      'Check the ports in Settings, then try again.',
      { conflicts },
    );
  }
  const message = `${conflicts.length} host ports STATUS needs are already taken:\n${conflicts.map((c) => `  - ${c.message}`).join('\n')}`;
  const hint = conflicts.map((c) => `${c.service} (port ${c.hostPort}): ${c.hint}`).join('\n  → ');
  return new StatusError('PORT_IN_USE', message, hint, { conflicts });
}
