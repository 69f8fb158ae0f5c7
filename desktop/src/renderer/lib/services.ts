// Facts about the stack's services the console needs to present them (kept in step with
// stack/compose.yaml; unknown services still show, just without these niceties).
import type { EmbeddedApp, PortStatus, ServiceStatus } from '../types.js';

/** Services that speak something other than HTTP on their published ports (no link for them). */
const NOT_HTTP = new Set(['postgres', 'mongo-registry', 'dragonfly']);

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

/** The address to open a published port at, or undefined when it is not a web port. */
export function portUrl(service: string, port: PortStatus, host: string): string | undefined {
  if (NOT_HTTP.has(service) || port.protocol !== 'tcp' || !port.hostPort) return undefined;
  const bound = port.hostIp && port.hostIp !== '0.0.0.0' && port.hostIp !== '::' ? port.hostIp : host;
  const hostPart = bound.includes(':') ? `[${bound}]` : bound;
  return `http://${hostPart}:${port.hostPort}/`;
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
