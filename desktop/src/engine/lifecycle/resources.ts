// Networks and volumes of a project. Volumes are created here and removed only by reset().
import type Docker from 'dockerode';
import type { ComposeProject } from '../compose/types.js';
import { StatusError } from '../errors.js';
import { COMPOSE_LABEL_VERSION, LABEL } from '../labels.js';
import type { ProgressListener } from '../progress.js';

const isNotFound = (error: unknown) => (error as { statusCode?: number }).statusCode === 404;

type Kind = 'network' | 'volume';

/**
 * One network or volume: used as it is when it exists (with a warning when another project owns
 * it), created with the Compose labels when missing, a clear error when an external one is missing.
 */
async function ensureOne(
  kind: Kind,
  project: ComposeProject,
  spec: { name: string; external: boolean },
  onProgress: ProgressListener,
  inspect: () => Promise<{ Labels?: Record<string, string> | null }>,
  create: () => Promise<unknown>,
): Promise<void> {
  try {
    const owner = (await inspect()).Labels?.[LABEL.project];
    if (!spec.external && owner && owner !== project.name) {
      onProgress({
        type: 'warning',
        message: `The ${kind} ${spec.name} belongs to project "${owner}"; STATUS uses it as it is.`,
      });
    }
    onProgress({ type: 'resource', kind, name: spec.name, action: 'exists' });
  } catch (error) {
    if (!isNotFound(error)) throw error;
    if (spec.external) {
      throw new StatusError(
        'NOT_FOUND',
        `The external ${kind} ${spec.name} does not exist.`,
        `Create it with \`docker ${kind} create ${spec.name}\`, or remove "external" from the Compose file.`,
      );
    }
    await create();
    onProgress({ type: 'resource', kind, name: spec.name, action: 'created' });
  }
}

const composeLabels = (project: ComposeProject, kind: Kind, key: string, own: Record<string, string>) => ({
  ...own,
  [LABEL.project]: project.name,
  [kind === 'network' ? LABEL.network : LABEL.volume]: key,
  [LABEL.version]: COMPOSE_LABEL_VERSION,
});

export async function ensureNetworks(
  docker: Docker,
  project: ComposeProject,
  keys: string[],
  onProgress: ProgressListener,
): Promise<void> {
  for (const key of keys) {
    const spec = project.networks[key]!;
    await ensureOne(
      'network',
      project,
      spec,
      onProgress,
      () => docker.getNetwork(spec.name).inspect(),
      () =>
        createNetwork(docker, spec.name, {
          Name: spec.name,
          Driver: spec.driver,
          Internal: spec.internal,
          CheckDuplicate: true,
          // A fixed subnet (Compose ipam), so services can have fixed addresses on it.
          ...(spec.ipam
            ? {
                IPAM: {
                  Driver: spec.ipam.driver ?? 'default',
                  Config: spec.ipam.config.map((c) => ({
                    Subnet: c.subnet,
                    ...(c.ipRange ? { IPRange: c.ipRange } : {}),
                    ...(c.gateway ? { Gateway: c.gateway } : {}),
                  })),
                },
              }
            : {}),
          Labels: composeLabels(project, 'network', key, spec.labels),
        }),
    );
  }
}

/** Creates a network; a fixed subnet another network (or a VPN) already uses is a clear error. */
async function createNetwork(
  docker: Docker,
  name: string,
  options: Parameters<Docker['createNetwork']>[0],
): Promise<void> {
  try {
    await docker.createNetwork(options);
  } catch (error) {
    const message = (error as Error).message ?? '';
    const subnets = options.IPAM?.Config?.map((c) => c.Subnet).filter(Boolean) ?? [];
    if (!subnets.length || !/overlap/i.test(message)) throw error;
    throw new StatusError(
      'SETTINGS_INVALID',
      `The network ${name} could not be created: its address range ${subnets.join(', ')} is already used on this machine (by another Docker network or a VPN).`,
      name.endsWith('grafana-auth')
        ? 'Start STATUS Desktop with the environment variable STATUS_GRAFANA_AUTH_NET set to three other numbers of a free private range (for example 10.213.98), then start the platform again.'
        : 'Change the subnet of that network in the Compose file, then start again.',
      { network: name, subnets },
      { cause: error },
    );
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
    await ensureOne(
      'volume',
      project,
      spec,
      onProgress,
      () => docker.getVolume(spec.name).inspect(),
      () =>
        docker.createVolume({
          Name: spec.name,
          Driver: spec.driver,
          Labels: composeLabels(project, 'volume', key, spec.labels),
        }),
    );
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
