// Facts about the stack's services the console needs to present them (kept in step with
// stack/compose.yaml; unknown services still show, just without these niceties).
import type { EmbeddedApp, PortStatus, ServiceStatus } from '../types.js';

/** Services that speak something other than HTTP on their published ports (no link for them). */
const NOT_HTTP = new Set(['postgres', 'mongo-registry', 'dragonfly']);

/**
 * Services STATUS runs without (engine/plan.ts optionalServices: what the reverse proxy does not
 * need, with stack/compose.yaml). When one of them fails, the console says "degraded", not broken.
 */
export const OPTIONAL_SERVICES: ReadonlySet<string> = new Set([
  'nodered',
  'grafana',
  'mongo-registry',
  'registry',
  'director',
  'ledger',
]);

/** It ended on its own (a crash, or out of memory), as the engine's status model read its exit. */
export function crashed(s: ServiceStatus): boolean {
  if (s.state !== 'exited' && s.state !== 'dead') return false;
  return s.exit?.story === 'crashed' || s.exit?.story === 'oom';
}

/** Failing: unhealthy, restarting, dead or crashed (what makes the platform "degraded"). */
export function isFailing(s: ServiceStatus): boolean {
  return s.state === 'unhealthy' || s.state === 'restarting' || s.state === 'dead' || crashed(s);
}

/** An optional service that is failing: STATUS runs without it. */
export function isDegradedOptional(s: ServiceStatus): boolean {
  return OPTIONAL_SERVICES.has(s.service) && isFailing(s);
}

/** The service each embedded app needs running. */
export const APP_SERVICE: Record<EmbeddedApp, string> = {
  status: 'reverse-proxy',
  grafana: 'grafana',
  nodeRed: 'nodered',
};

const LIVE = new Set(['starting', 'running', 'healthy', 'unhealthy', 'restarting', 'paused']);

export function isLiveState(state: ServiceStatus['state']): boolean {
  return LIVE.has(state);
}

export function isUp(status: ServiceStatus | undefined): boolean {
  return (
    !!status && (status.state === 'running' || status.state === 'healthy' || status.state === 'starting')
  );
}

/** The service that is the platform's one door (STATUS, Grafana and Node-RED behind it). */
const PLATFORM_DOOR = 'reverse-proxy';

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

function isLoopbackName(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The address to open a published port at, or undefined when it is not a web port.
 *
 * A browser keeps a sign-in per host name (localhost and 127.0.0.1 are two), so every link to
 * the platform uses the host name of the public URL the stack is configured with (`publicUrl`,
 * e.g. `http://localhost:3000/`): the reverse proxy's port links to the public URL itself, and a
 * port published on this machine's loopback is named like the public URL when that is a loopback
 * name too. Without it, one link signed the user in on 127.0.0.1 and the next asked again on
 * localhost.
 */
export function portUrl(
  service: string,
  port: PortStatus,
  host: string,
  publicUrl?: string,
  elsewhere?: string,
  /** The launcher forwards the reverse proxy's port from that machine here (ssh:// engines). */
  proxyForwarded = false,
): string | undefined {
  if (NOT_HTTP.has(service) || port.protocol !== 'tcp' || !port.hostPort) return undefined;
  const publicHost = publicUrl ? hostOf(publicUrl) : undefined;
  // On an engine on another machine, a loopback address is that machine's own: nothing here
  // reaches it (the overview says how to share it or forward the port), except the proxy's port
  // when the launcher forwards it here under the same number.
  if (elsewhere && !(proxyForwarded && service === PLATFORM_DOOR)) {
    return remotePortUrl(service, port, elsewhere, publicUrl, publicHost);
  }
  // The reverse proxy is the platform's door: its address is the public URL.
  if (service === PLATFORM_DOOR && publicUrl) return publicUrl;
  let bound = port.hostIp && port.hostIp !== '0.0.0.0' && port.hostIp !== '::' ? port.hostIp : host;
  if (publicHost && isLoopbackName(publicHost) && isLoopbackName(bound)) bound = publicHost;
  return httpUrl(bound, port.hostPort);
}

function remotePortUrl(
  service: string,
  port: PortStatus,
  elsewhere: string,
  publicUrl: string | undefined,
  publicHost: string | undefined,
): string | undefined {
  if (service === PLATFORM_DOOR && publicUrl && publicHost && !isLoopbackName(publicHost)) return publicUrl;
  const onAll = !port.hostIp || port.hostIp === '0.0.0.0' || port.hostIp === '::';
  if (onAll) return httpUrl(elsewhere, port.hostPort);
  return isLoopbackName(port.hostIp) ? undefined : httpUrl(port.hostIp, port.hostPort);
}

function httpUrl(host: string, port: number): string {
  const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${hostPart}:${port}/`;
}

/** Which settings port a service's published port comes from (for the port-conflict fix). */
export const SERVICE_PORT_NAME: Record<string, string> = {
  'reverse-proxy': 'http',
  'status-backend': 'backend',
  nodered: 'nodered',
  postgres: 'postgres',
  'mongo-registry': 'mongo',
  dragonfly: 'dragonfly',
  grafana: 'grafana',
  director: 'director',
  registry: 'registry',
};
