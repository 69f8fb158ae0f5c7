// `ps` for a Swarm deployment: each service's state from its tasks (Swarm counts a task with a
// health check as running only once healthy, and replaces one that turns unhealthy), in the same
// ProjectStatus model the CLI and console print for a one-machine stack.
import type Docker from 'dockerode';
import { LABEL } from '../labels.js';
import { missingService, overallState, type ProjectStatus, type ServiceStatus } from '../status/model.js';
import { STACK_NAMESPACE } from './plan.js';

interface ServiceInfo {
  ID: string;
  Spec: {
    Name: string;
    Labels?: Record<string, string>;
    Mode?: { Replicated?: { Replicas?: number }; Global?: object };
    TaskTemplate: { ContainerSpec: { Image: string; Healthcheck?: { Test?: string[] } } };
  };
  Endpoint?: { Ports?: Array<{ Protocol?: string; TargetPort?: number; PublishedPort?: number }> };
}

interface TaskInfo {
  ServiceID: string;
  DesiredState: string;
  Status: { State: string; Timestamp?: string; Err?: string };
}

/** The project's Swarm services, by Compose service name. */
export async function swarmServices(docker: Docker, project: string): Promise<Map<string, ServiceInfo>> {
  const list = (await docker.listServices({
    filters: { label: [`${STACK_NAMESPACE}=${project}`] },
  })) as ServiceInfo[];
  return new Map(list.map((s) => [s.Spec.Labels?.[LABEL.service] ?? s.Spec.Name, s]));
}

export async function swarmStatus(
  docker: Docker,
  project: string,
  services: string[],
): Promise<ProjectStatus> {
  const deployed = await swarmServices(docker, project);
  const tasks = (await docker.listTasks()) as TaskInfo[];
  const byService: Record<string, ServiceStatus> = {};
  for (const name of services) {
    const service = deployed.get(name);
    byService[name] = service
      ? serviceStatus(
          name,
          service,
          tasks.filter((t) => t.ServiceID === service.ID),
        )
      : missingService(name);
  }
  return {
    project,
    engine: 'connected',
    state: overallState(Object.values(byService)),
    services: byService,
    updatedAt: Date.now(),
  };
}

export function serviceStatus(name: string, service: ServiceInfo, tasks: TaskInfo[]): ServiceStatus {
  const current = tasks.filter((t) => t.DesiredState === 'running');
  const running = current.filter((t) => t.Status.State === 'running');
  const wanted = service.Spec.Mode?.Replicated
    ? (service.Spec.Mode.Replicated.Replicas ?? 1)
    : current.length;
  const test = service.Spec.TaskTemplate.ContainerSpec.Healthcheck?.Test;
  const checked = test !== undefined && test.length > 0 && test[0] !== 'NONE';
  const failed = tasks.filter((t) => t.Status.State === 'failed' || t.Status.State === 'rejected');
  const lastError = failed.map((t) => t.Status.Err).find(Boolean);
  const state: ServiceStatus['state'] =
    wanted === 0 ? 'exited' : running.length >= wanted ? (checked ? 'healthy' : 'running') : 'starting';
  const since = running.map((t) => Date.parse(t.Status.Timestamp ?? '')).filter(Number.isFinite);
  const startedAt = since.length ? Math.min(...since) : undefined;
  return {
    service: name,
    state,
    ...(state === 'healthy' || state === 'running' ? { health: checked ? 'healthy' : 'none' } : {}),
    containerName: `${service.Spec.Name} (${running.length}/${wanted} tasks)`,
    image: service.Spec.TaskTemplate.ContainerSpec.Image,
    ...(startedAt !== undefined ? { startedAt, uptimeMs: Date.now() - startedAt } : {}),
    ...(lastError ? { error: lastError } : {}),
    // Tasks Swarm had to replace, the Swarm counterpart of a container's restarts.
    restartCount: failed.length,
    ports: (service.Endpoint?.Ports ?? [])
      .filter((p) => p.PublishedPort)
      .map((p) => ({
        hostIp: '',
        hostPort: p.PublishedPort!,
        containerPort: p.TargetPort ?? 0,
        protocol: p.Protocol === 'udp' ? 'udp' : 'tcp',
      })),
  };
}
