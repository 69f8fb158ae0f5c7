// One container per service: created when missing, recreated when its configuration changed,
// left alone otherwise. Recreating never touches volumes.
import type Docker from 'dockerode';
import { stat } from 'node:fs/promises';
import type { ComposeProject, ServiceSpec } from '../compose/types.js';
import { StatusError } from '../errors.js';
import { LABEL, containerName, projectFilter } from '../labels.js';
import { configFileDigests, copyConfigFiles, readConfigFiles } from './config-files.js';
import { serviceConfigHash } from './config-hash.js';
import { containerCreateOptions, endpointConfig, extraNetworkEntries } from './container-spec.js';

export type ContainerAction = 'created' | 'recreated' | 'up-to-date';

export interface EnsuredContainer {
  container: Docker.Container;
  id: string;
  action: ContainerAction;
  running: boolean;
}

const isNotFound = (error: unknown) => (error as { statusCode?: number }).statusCode === 404;

export async function findServiceContainer(
  docker: Docker,
  project: string,
  service: string,
): Promise<Docker.ContainerInfo | undefined> {
  const [info] = await docker.listContainers({ all: true, filters: projectFilter(project, service) });
  return info;
}

/** Docker would silently create an empty folder for a missing bind source (and break the service). */
async function checkBindSources(service: ServiceSpec): Promise<void> {
  for (const mount of service.mounts) {
    if (mount.type !== 'bind') continue;
    try {
      await stat(mount.source);
    } catch {
      throw new StatusError(
        'COMPOSE_INVALID',
        `${service.name} mounts ${mount.source}, which does not exist.`,
        'Reinstall STATUS Desktop (the stack folder is incomplete) or fix the path in the Compose file.',
        { service: service.name, source: mount.source },
      );
    }
  }
}

/** Removes a container that was just stopped (anonymous volumes are kept). */
export async function removeStoppedContainer(docker: Docker, id: string): Promise<void> {
  try {
    await docker.getContainer(id).remove({ v: false, force: true });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

export async function removeContainer(docker: Docker, id: string, stopTimeoutSec: number): Promise<void> {
  const container = docker.getContainer(id);
  try {
    await container.stop({ t: stopTimeoutSec });
  } catch (error) {
    // 304: already stopped.
    if (!isNotFound(error) && (error as { statusCode?: number }).statusCode !== 304) throw error;
  }
  await removeStoppedContainer(docker, id);
}

export async function ensureContainer(
  docker: Docker,
  project: ComposeProject,
  service: ServiceSpec,
  opts: { forceRecreate?: boolean } = {},
): Promise<EnsuredContainer> {
  await checkBindSources(service);
  const imageId = (await docker.getImage(service.image).inspect()).Id;
  const configFiles = await readConfigFiles(project, service);
  const hash = await serviceConfigHash(service, imageId, configFileDigests(configFiles));
  const existing = await findServiceContainer(docker, project.name, service.name);

  if (existing && existing.Labels[LABEL.configHash] === hash && !opts.forceRecreate) {
    const running = existing.State === 'running';
    if (!running) {
      await connectNetworks(docker, project, service, existing.Id);
      // Again: a launcher killed between create and copy left the files out.
      await copyConfigFiles(docker.getContainer(existing.Id), service, configFiles);
    }
    return {
      container: docker.getContainer(existing.Id),
      id: existing.Id,
      action: 'up-to-date',
      running,
    };
  }
  if (existing) await removeContainer(docker, existing.Id, Math.ceil(service.stopGracePeriodMs / 1000));

  const name = containerName(project.name, service.name);
  let container: Docker.Container;
  try {
    container = await docker.createContainer(containerCreateOptions(project, service, hash));
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 409) {
      throw new StatusError(
        'COMPOSE_INVALID',
        `A container named ${name} already exists and does not belong to STATUS Desktop.`,
        `Remove or rename it (\`docker rm -f ${name}\`) if you no longer need it, or choose another project name in Settings.`,
        { service: service.name },
      );
    }
    throw error;
  }
  await connectNetworks(docker, project, service, container.id);
  await copyConfigFiles(container, service, configFiles);
  return { container, id: container.id, action: existing ? 'recreated' : 'created', running: false };
}

/**
 * Connects the container to the service's networks it is not on yet: all but the first after
 * create, and any a launcher killed between create and connect never got to (the container is
 * then reused, its configuration being unchanged).
 */
async function connectNetworks(
  docker: Docker,
  project: ComposeProject,
  service: ServiceSpec,
  id: string,
): Promise<void> {
  const extra = extraNetworkEntries(project, service);
  if (!extra.length) return;
  const attached = (await docker.getContainer(id).inspect()).NetworkSettings?.Networks ?? {};
  for (const network of extra) {
    if (network.name in attached) continue;
    await docker
      .getNetwork(network.name)
      .connect({ Container: id, EndpointConfig: endpointConfig(service, network.key) });
  }
}
