// How each service runs on a Swarm: the Compose file's `deploy:` (stack/compose.yaml sets update
// policies and placement), over defaults by role (and a replica count for the platform's stateless
// services). A data service is refused what would run two of its tasks on one volume at once.
import type { ComposeProject, ServiceSpec, UpdatePolicySpec } from '../compose/types.js';
import { StatusError } from '../errors.js';

/** The node label a data service is pinned to: its volumes live on that node's disk. */
export const DATA_NODE_LABEL = 'status.data';
export const DATA_NODE_CONSTRAINT = `node.labels.${DATA_NODE_LABEL} == true`;

/** The one door for other users: published on every node, whatever its Compose host address. */
export const DOOR_SERVICES: ReadonlySet<string> = new Set(['reverse-proxy']);

/**
 * Stateless services that run with more than one task, so one can be replaced while the other
 * answers. Not `deploy.replicas` in stack/compose.yaml: plain Compose would start that many
 * containers on one machine, all publishing the same port. The file's `deploy.replicas` wins.
 */
const REPLICAS: Readonly<Record<string, number>> = {
  'status-backend': 2,
  'status-frontend': 2,
  'reverse-proxy': 2,
};

/** How long Swarm watches each new task for a failure before it goes on (and rolls back if it fails). */
const MONITOR_MS = 10_000;

export type SwarmRole =
  /** Has named volumes: one task, on the data node, the old task stopped before the new one starts. */
  | 'data'
  /** No state of its own: may be replicated, the new task started (and healthy) before the old one stops. */
  | 'stateless';

export function roleOf(service: ServiceSpec): SwarmRole {
  return service.mounts.some((m) => m.type === 'volume') ? 'data' : 'stateless';
}

export interface SwarmDeploy {
  replicas: number;
  constraints: string[];
  update: Required<UpdatePolicySpec>;
  rollback: Required<UpdatePolicySpec>;
  /** The file set `deploy.replicas` (a door published per node runs once per node instead). */
  replicasGiven: boolean;
}

/** The service's `deploy:` over its role's defaults. */
export function swarmDeployOf(project: ComposeProject, service: ServiceSpec): SwarmDeploy {
  const data = roleOf(service) === 'data';
  const given = project.deploy?.[service.name] ?? {};
  const policy = (failureAction: 'rollback' | 'pause', over: UpdatePolicySpec = {}) => ({
    parallelism: 1,
    delayMs: 0,
    failureAction,
    monitorMs: MONITOR_MS,
    maxFailureRatio: 0,
    // A data task holds its volume: two at once would share a database's files.
    order: data ? ('stop-first' as const) : ('start-first' as const),
    ...over,
  });
  const deploy: SwarmDeploy = {
    replicas: given.replicas ?? (data ? 1 : (REPLICAS[service.name] ?? 1)),
    constraints: given.placementConstraints ?? (data ? [DATA_NODE_CONSTRAINT] : []),
    update: policy('rollback', given.updateConfig),
    rollback: policy('pause', given.rollbackConfig),
    replicasGiven: given.replicas !== undefined,
  };
  const unsafe = [
    deploy.replicas > 1 && `deploy.replicas: ${deploy.replicas}`,
    deploy.update.order === 'start-first' && 'update_config.order: start-first',
    deploy.rollback.order === 'start-first' && 'rollback_config.order: start-first',
  ].filter(Boolean);
  if (data && unsafe.length)
    throw new StatusError(
      'COMPOSE_INVALID',
      `${service.name} keeps its data in a volume, and ${unsafe.join(', ')} would run two of its tasks on it at once.`,
      `Remove ${unsafe.join(' and ')} from ${service.name}'s deploy: in the Compose file (a data service runs one task, stopped before its replacement starts).`,
      { service: service.name },
    );
  return deploy;
}
