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
  type SwarmDeployResult as EngineDeployResult,
} from '../engine/swarm/index.js';
import {
  grafanaDatabaseOnSwarm,
  grafanaTokenOnSwarm,
  type SwarmSetupDeps,
  type SwarmSetupStep,
} from './swarm-setup.js';

export type { SwarmSetupStep };

export interface SwarmDeployResult extends EngineDeployResult {
  /**
   * The setup steps `up` runs, as they went on the Swarm, with why one did not run or failed
   * (optional: results made before these steps existed have none).
   */
  setup?: SwarmSetupStep[];
}

export interface SwarmDeployRequest {
  routing?: Routing;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * Makes sure the manager has every image (built or pulled there, as for `up`; a Swarm of several
 * nodes needs them in a registry they can all reach), deploys, and runs the setup steps
 * (launcher/swarm-setup.ts). A new Grafana token changes the backend's environment: the project is
 * then loaded again (`reload`, with the stored token) and deployed again, the backend updated.
 */
export async function deploySwarm(
  docker: Docker,
  project: ComposeProject,
  store: SettingsStore,
  opts: SwarmDeployRequest,
  reload: () => Promise<ComposeProject>,
): Promise<SwarmDeployResult> {
  const onProgress = opts.onProgress ?? noProgress;
  await ensureImages(docker, project, {
    services: Object.keys(project.services),
    onProgress,
    signal: opts.signal,
  });
  const deploy = async (p: ComposeProject, afterConverged?: (service: string) => Promise<void>) => {
    const secrets = Object.values(await store.secrets()).filter((v): v is string => typeof v === 'string');
    return deployToSwarm(docker, p, { ...opts, onProgress, secretValues: secrets, afterConverged });
  };
  const deps: SwarmSetupDeps = { docker, store, onProgress, signal: opts.signal };
  const setup: SwarmSetupStep[] = [];
  const first = await deploy(project, async (service) => {
    if (service !== 'postgres') return;
    const step = await grafanaDatabaseOnSwarm(deps, project);
    if (step) setup.push(step);
  });
  const token = await grafanaTokenOnSwarm(deps, project);
  if (token) setup.push({ step: token.step, outcome: token.outcome, message: token.message });
  const again = token?.backendChanged ? await deploy(await reload()) : undefined;
  // Steps that did not happen were warnings as they went (report() in swarm-setup.ts); `setup` keeps them.
  return {
    ...first,
    services: again ? mergedOutcomes(first.services, again.services) : first.services,
    elapsedMs: first.elapsedMs + (again?.elapsedMs ?? 0),
    setup,
  };
}

/** A second deployment's outcomes over the first's: a created service stays created; a rollback shows. */
function mergedOutcomes(
  first: SwarmDeployResult['services'],
  second: SwarmDeployResult['services'],
): SwarmDeployResult['services'] {
  const merged = { ...first };
  for (const [service, outcome] of Object.entries(second)) {
    const before = first[service]?.outcome;
    if (outcome.outcome === 'unchanged' || (before === 'created' && outcome.outcome === 'updated')) continue;
    merged[service] = outcome;
  }
  return merged;
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
