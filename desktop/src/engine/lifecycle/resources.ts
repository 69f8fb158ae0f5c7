// Networks and volumes of a project. Volumes are created here and removed only by reset().
import type Docker from 'dockerode';
import type { ComposeProject } from '../compose/types.js';
import { StatusError } from '../errors.js';
import { COMPOSE_LABEL_VERSION, LABEL } from '../labels.js';
import type { ProgressListener } from '../progress.js';

const isNotFound = (error: unknown) => (error as { statusCode?: number }).statusCode === 404;

export async function ensureNetworks(
  docker: Docker,
  project: ComposeProject,
  keys: string[],
  onProgress: ProgressListener,
): Promise<void> {
  for (const key of keys) {
    const spec = project.networks[key]!;
    try {
      const info = await docker.getNetwork(spec.name).inspect();
      const owner = info.Labels?.[LABEL.project];
      if (!spec.external && owner && owner !== project.name) {
        onProgress({
          type: 'warning',
          message: `Network ${spec.name} belongs to project "${owner}"; STATUS uses it as it is.`,
        });
      }
      onProgress({ type: 'resource', kind: 'network', name: spec.name, action: 'exists' });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      if (spec.external) {
        throw new StatusError(
          'NOT_FOUND',
          `The external network ${spec.name} does not exist.`,
          `Create it with \`docker network create ${spec.name}\`, or remove "external" from the Compose file.`,
        );
      }
      await docker.createNetwork({
        Name: spec.name,
        Driver: spec.driver,
        Internal: spec.internal,
        CheckDuplicate: true,
        Labels: {
          ...spec.labels,
          [LABEL.project]: project.name,
          [LABEL.network]: key,
          [LABEL.version]: COMPOSE_LABEL_VERSION,
        },
      });
      onProgress({ type: 'resource', kind: 'network', name: spec.name, action: 'created' });
    }
  }
}

export async function ensureVolumes(
  docker: Docker,
  project: ComposeProject,
  keys: string[],
  onProgress: ProgressListener,
): Promise<void> {
  for (const key of keys) {
    const spec = project.volumes[key]!;
    try {
      await docker.getVolume(spec.name).inspect();
      onProgress({ type: 'resource', kind: 'volume', name: spec.name, action: 'exists' });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      if (spec.external) {
        throw new StatusError(
          'NOT_FOUND',
          `The external volume ${spec.name} does not exist.`,
          `Create it with \`docker volume create ${spec.name}\`, or remove "external" from the Compose file.`,
        );
      }
      await docker.createVolume({
        Name: spec.name,
        Driver: spec.driver,
        Labels: {
          ...spec.labels,
          [LABEL.project]: project.name,
          [LABEL.volume]: key,
          [LABEL.version]: COMPOSE_LABEL_VERSION,
        },
      });
      onProgress({ type: 'resource', kind: 'volume', name: spec.name, action: 'created' });
    }
  }
}

/** Networks are cheap and hold no data: `down` removes the ones we created. */
export async function removeNetworks(
  docker: Docker,
  project: ComposeProject,
  onProgress: ProgressListener,
): Promise<void> {
  await Promise.all(
    Object.values(project.networks)
      .filter((spec) => !spec.external)
      .map(async (spec) => {
        try {
          await docker.getNetwork(spec.name).remove();
          onProgress({ type: 'resource', kind: 'network', name: spec.name, action: 'removed' });
        } catch (error) {
          if (isNotFound(error)) return;
          // Still in use by a container outside the project: leave it.
          onProgress({
            type: 'warning',
            message: `Network ${spec.name} was kept: ${(error as Error).message}`,
          });
        }
      }),
  );
}

/** The volumes reset() would delete: only those that exist and belong to this project. */
export async function projectVolumeNames(docker: Docker, project: ComposeProject): Promise<string[]> {
  const names: string[] = [];
  for (const spec of Object.values(project.volumes)) {
    if (spec.external) continue;
    try {
      await docker.getVolume(spec.name).inspect();
      names.push(spec.name);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  return names;
}
