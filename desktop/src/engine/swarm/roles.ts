// How each service of the platform runs on a Swarm, in one place: the Compose file has no
// `deploy:` keys yet (the loader does not read them), so this table is what `deploy --swarm` uses.
import type { ServiceSpec } from '../compose/types.js';

/** The node label a data service is pinned to: its volumes live on that node's disk. */
export const DATA_NODE_LABEL = 'status.data';
export const DATA_NODE_CONSTRAINT = `node.labels.${DATA_NODE_LABEL} == true`;

/** The one door for other users: published on every node, whatever its Compose host address. */
export const DOOR_SERVICES: ReadonlySet<string> = new Set(['reverse-proxy']);

/** Stateless services run with more than one task, so one can be replaced while the other answers. */
const REPLICAS: Readonly<Record<string, number>> = {
  'status-backend': 2,
  'status-frontend': 2,
  'reverse-proxy': 2,
};

export type SwarmRole =
  /** Has named volumes: one task, on the data node, the old task stopped before the new one starts. */
  | 'data'
  /** No state of its own: replicated, the new task started (and healthy) before the old one stops. */
  | 'stateless';

export function roleOf(service: ServiceSpec): SwarmRole {
  return service.mounts.some((m) => m.type === 'volume') ? 'data' : 'stateless';
}

export function replicasOf(service: ServiceSpec): number {
  return roleOf(service) === 'data' ? 1 : (REPLICAS[service.name] ?? 1);
}
