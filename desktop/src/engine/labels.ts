// The standard Compose labels. Everything the engine creates carries them, so `docker compose -p
// <project> ps`, Docker Desktop and Podman Desktop see the same stack we do.
import type Docker from 'dockerode';

export const LABEL = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  number: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  configHash: 'com.docker.compose.config-hash',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  version: 'com.docker.compose.version',
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
  image: 'com.docker.compose.image',
  /** Ours: marks resources created by STATUS Desktop (vs. by the Compose CLI). */
  managedBy: 'org.status.desktop.managed-by',
} as const;

/** The Compose version we declare in labels (docker compose v2 reads it only for display). */
export const COMPOSE_LABEL_VERSION = '2.0.0';

/** Container name as Compose v2 names it: `<project>-<service>-<n>`. */
export function containerName(project: string, service: string, index = 1): string {
  return `${project}-${service}-${index}`;
}

export function projectFilter(project: string, service?: string): { label: string[] } {
  const label = [`${LABEL.project}=${project}`, `${LABEL.oneoff}=False`];
  if (service) label.push(`${LABEL.service}=${service}`);
  return { label };
}

/** All containers of a project (running or not), keyed by service name. */
export async function listProjectContainers(
  docker: Docker,
  project: string,
): Promise<Map<string, Docker.ContainerInfo[]>> {
  const containers = await docker.listContainers({ all: true, filters: projectFilter(project) });
  const byService = new Map<string, Docker.ContainerInfo[]>();
  for (const info of containers) {
    const service = info.Labels[LABEL.service];
    if (!service) continue;
    const list = byService.get(service) ?? [];
    list.push(info);
    byService.set(service, list);
  }
  return byService;
}
