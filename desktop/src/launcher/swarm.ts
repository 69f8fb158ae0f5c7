// The Swarm use cases of a Stack: deploy the project to the Swarm this engine manages, and tell
// whether the project is deployed there (then `ps` and `logs` read the Swarm's services and tasks).
import type Docker from 'dockerode';
import type { ComposeProject } from '../engine/compose/types.js';
import { ensureImages } from '../engine/images/ensure.js';
import type { LogLine, LogsOptions } from '../engine/logs/logs.js';
import { noProgress, type ProgressListener } from '../engine/progress.js';
import type { SettingsStore } from '../engine/settings/index.js';
import {
  deployToSwarm,
  swarmInfo,
  swarmLogs,
  swarmServices,
  type Routing,
  type SwarmDeployResult,
} from '../engine/swarm/index.js';

export type { SwarmDeployResult };

export interface SwarmDeployRequest {
  routing?: Routing;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * Makes sure the manager has every image (built or pulled there, as for `up`; a Swarm of several
 * nodes needs them in a registry they can all reach), then deploys.
 */
export async function deploySwarm(
  docker: Docker,
  project: ComposeProject,
  store: SettingsStore,
  opts: SwarmDeployRequest = {},
): Promise<SwarmDeployResult> {
  const onProgress = opts.onProgress ?? noProgress;
  await ensureImages(docker, project, {
    services: Object.keys(project.services),
    onProgress,
    signal: opts.signal,
  });
  const secrets = Object.values(await store.secrets()).filter((v): v is string => typeof v === 'string');
  return deployToSwarm(docker, project, { ...opts, onProgress, secretValues: secrets });
}

/** This engine manages a Swarm on which the project has services. */
export async function deployedOnSwarm(docker: Docker, project: string): Promise<boolean> {
  // An engine that does not answer is not a Swarm here: the one-machine readers report it as they do.
  const info = await swarmInfo(docker).catch(() => undefined);
  if (!info?.manager) return false;
  return (await swarmServices(docker, project)).size > 0;
}

/** The project's logs from the Swarm when it is deployed there, else from its containers (`local`). */
export async function* swarmOrLocalLogs(
  docker: Docker,
  project: string,
  services: string[],
  opts: LogsOptions,
  local: () => AsyncIterable<LogLine>,
): AsyncGenerator<LogLine, void, undefined> {
  if (await deployedOnSwarm(docker, project)) yield* swarmLogs(docker, project, services, opts);
  else yield* local();
}
