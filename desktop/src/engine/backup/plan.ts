// Which data stores a Compose project has and how each is captured. Derived from the project:
// a service is a PostgreSQL, MongoDB or Dragonfly/Redis store by the variables its image reads
// (POSTGRES_USER, MONGO_INITDB_ROOT_USERNAME, DFLY_*), and every other service that writes to a
// named volume keeps files there (Node-RED's user directory, Grafana's plugins and sessions).
import type { ComposeProject, ServiceSpec } from '../compose/types.js';

export interface VolumeRef {
  /** Key in the Compose file's `volumes:`. */
  key: string;
  /** Name on the engine. */
  name: string;
  /** Where the service mounts it. */
  target: string;
}

export type StorePlan =
  | { kind: 'postgres'; service: string; user: string }
  | { kind: 'mongo'; service: string; volumes: VolumeRef[] }
  | { kind: 'dragonfly'; service: string; volumes: VolumeRef[] }
  | { kind: 'files'; service: string; volumes: VolumeRef[] };

function writableVolumes(project: ComposeProject, service: ServiceSpec): VolumeRef[] {
  return service.mounts
    .filter((m) => m.type === 'volume' && !m.readOnly && project.volumes[m.source])
    .map((m) => ({ key: m.source, name: project.volumes[m.source]!.name, target: m.target }));
}

function classify(project: ComposeProject, service: ServiceSpec): StorePlan | undefined {
  const env = service.environment;
  const volumes = writableVolumes(project, service);
  if (env.POSTGRES_USER !== undefined || env.POSTGRES_PASSWORD !== undefined)
    return { kind: 'postgres', service: service.name, user: env.POSTGRES_USER || 'postgres' };
  if (!volumes.length) return undefined;
  if (env.MONGO_INITDB_ROOT_USERNAME !== undefined) return { kind: 'mongo', service: service.name, volumes };
  if (Object.keys(env).some((key) => key.startsWith('DFLY_')))
    return { kind: 'dragonfly', service: service.name, volumes };
  return { kind: 'files', service: service.name, volumes };
}

/**
 * The stores of the project, one per service that owns data, in the order of the Compose file.
 * A volume shared by several services is captured once, with the first service that writes it.
 */
export function planBackup(project: ComposeProject): StorePlan[] {
  const seen = new Set<string>();
  const plans: StorePlan[] = [];
  for (const service of Object.values(project.services)) {
    const plan = classify(project, service);
    if (!plan) continue;
    if (plan.kind !== 'postgres') {
      plan.volumes = plan.volumes.filter((v) => !seen.has(v.key));
      if (!plan.volumes.length) continue;
      plan.volumes.forEach((v) => seen.add(v.key));
    }
    plans.push(plan);
  }
  return plans;
}

/** The services whose data a restore replaces: they are stopped for it (PostgreSQL excepted). */
export function dataServices(plans: StorePlan[]): string[] {
  return plans.map((p) => p.service);
}
