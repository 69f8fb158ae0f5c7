// Stop, start again, restart, take down, and reset. Stopping goes in reverse dependency order:
// a service stops only after everything that depends on it has stopped, each with its graceful
// timeout (stop_grace_period). Only reset() deletes volumes, and only the ones it was told.
import type Docker from 'dockerode';
import type { ComposeProject } from '../compose/types.js';
import { StatusError, isStatusError } from '../errors.js';
import { LABEL, listProjectContainers } from '../labels.js';
import { lastLines } from '../logs/logs.js';
import type { ProgressListener } from '../progress.js';
import { removeStoppedContainer } from './containers.js';
import { defaultDeadlineMs, waitForCondition } from './readiness.js';
import { projectVolumeNames, removeNetworks } from './resources.js';

export interface StopOptions {
  services?: string[];
  onProgress: ProgressListener;
  /** Override every service's stop_grace_period. */
  timeoutMs?: number;
}

const isGone = (error: unknown) => [304, 404].includes((error as { statusCode?: number }).statusCode ?? 0);

/** Stops running containers of the project; with `remove`, also removes them (and orphans). */
async function stopInOrder(
  docker: Docker,
  project: ComposeProject,
  opts: StopOptions & { remove: boolean },
): Promise<string[]> {
  const containers = await listProjectContainers(docker, project.name);
  const targets = new Set(opts.services ?? [...containers.keys()]);
  const done = new Map<string, Promise<void>>();
  const stopOne = (name: string): Promise<void> => {
    let promise = done.get(name);
    if (promise) return promise;
    promise = (async () => {
      // Dependents first: nothing should lose a dependency while it still runs.
      const dependents = [...targets].filter((other) => project.services[other]?.dependsOn[name]);
      await Promise.all(dependents.map(stopOne));
      const infos = containers.get(name) ?? [];
      const grace = opts.timeoutMs ?? project.services[name]?.stopGracePeriodMs ?? 10_000;
      for (const info of infos) {
        if (info.State === 'running' || info.State === 'restarting' || info.State === 'paused') {
          opts.onProgress({ type: 'service', service: name, phase: 'stopping', message: 'stopping' });
          try {
            await docker.getContainer(info.Id).stop({ t: Math.ceil(grace / 1000) });
          } catch (error) {
            if (!isGone(error)) throw error;
          }
          opts.onProgress({ type: 'service', service: name, phase: 'stopped', message: 'stopped' });
        }
        if (opts.remove) {
          opts.onProgress({
            type: 'service',
            service: name,
            phase: 'removing',
            message: 'removing container (data volumes are kept)',
          });
          await removeStoppedContainer(docker, info.Id);
          opts.onProgress({ type: 'service', service: name, phase: 'removed', message: 'container removed' });
        }
      }
    })();
    done.set(name, promise);
    return promise;
  };
  await Promise.all([...targets].map(stopOne));
  return [...targets];
}

export function stop(docker: Docker, project: ComposeProject, opts: StopOptions): Promise<string[]> {
  return stopInOrder(docker, project, { ...opts, remove: false });
}

/** Removes the project's containers and networks. Volumes (all data) are kept. */
export async function down(docker: Docker, project: ComposeProject, opts: StopOptions): Promise<void> {
  await stopInOrder(docker, project, { ...opts, services: undefined, remove: true });
  await removeNetworks(docker, project, opts.onProgress);
  for (const name of await projectVolumeNames(docker, project)) {
    opts.onProgress({ type: 'resource', kind: 'volume', name, action: 'kept' });
  }
}

export async function restart(
  docker: Docker,
  project: ComposeProject,
  opts: {
    services: string[];
    onProgress: ProgressListener;
    signal?: AbortSignal;
    timeoutMs?: number;
    /** Services whose failure (or missing container) is reported `degraded` instead of failing. */
    optional?: ReadonlySet<string>;
  },
): Promise<void> {
  const containers = await listProjectContainers(docker, project.name);
  const optional = opts.optional ?? new Set<string>();
  await Promise.all(
    opts.services.map(async (name) => {
      try {
        await restartOne(name);
      } catch (error) {
        if (!optional.has(name) || !isStatusError(error) || error.code === 'CANCELLED') throw error;
        opts.onProgress({
          type: 'service',
          service: name,
          phase: 'degraded',
          message: `${error.message} STATUS runs without it; its logs are in the console.`,
        });
      }
    }),
  );

  async function restartOne(name: string): Promise<void> {
    const service = project.services[name];
    const info = containers.get(name)?.[0];
    if (!service || !info) {
      throw new StatusError(
        'NOT_FOUND',
        `${name} has no container to restart.`,
        'Start the platform first (Start, or `status-desktop up`).',
        { service: name },
      );
    }
    const container = docker.getContainer(info.Id);
    opts.onProgress({ type: 'service', service: name, phase: 'stopping', message: 'restarting' });
    await container.restart({ t: Math.ceil((opts.timeoutMs ?? service.stopGracePeriodMs) / 1000) });
    opts.onProgress({ type: 'service', service: name, phase: 'started', message: 'running' });
    if (service.healthcheck && service.healthcheck.test[0] !== 'NONE') {
      await waitForCondition(container, service, 'service_healthy', {
        deadlineMs: defaultDeadlineMs(service),
        signal: opts.signal,
        tail: () => lastLines(docker, project.name, name, 30),
      });
      opts.onProgress({ type: 'service', service: name, phase: 'healthy', message: 'healthy' });
    }
  }
}

/** What reset() would delete, to show the operator before they confirm. */
export async function resetPlan(docker: Docker, project: ComposeProject): Promise<{ volumes: string[] }> {
  return { volumes: await projectVolumeNames(docker, project) };
}

/**
 * Deletes the platform's data: takes the stack down, then removes exactly the volumes named in
 * `confirmVolumes` (each must belong to this project). Anything else is refused.
 */
export async function reset(
  docker: Docker,
  project: ComposeProject,
  opts: { confirmVolumes: string[]; onProgress: ProgressListener },
): Promise<string[]> {
  const owned = new Set(await projectVolumeNames(docker, project));
  const foreign = opts.confirmVolumes.filter((name) => !owned.has(name));
  if (foreign.length) {
    throw new StatusError(
      'NOT_FOUND',
      `Refusing to delete ${foreign.join(', ')}: not a data volume of STATUS project "${project.name}".`,
      `Pick from the volumes listed by the reset plan: ${[...owned].join(', ') || '(none)'}.`,
    );
  }
  await down(docker, project, { onProgress: opts.onProgress });
  for (const name of opts.confirmVolumes) {
    const volume = docker.getVolume(name);
    const info = await volume.inspect();
    if (info.Labels?.[LABEL.project] !== project.name) continue;
    await volume.remove();
    opts.onProgress({ type: 'resource', kind: 'volume', name, action: 'removed' });
  }
  return opts.confirmVolumes;
}
