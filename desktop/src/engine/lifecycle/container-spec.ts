// ServiceSpec → the engine's container-create body. Uses only fields every supported engine
// (API 1.41, Engine 20.10, and newer) understands.
import type Docker from 'dockerode';
import type { ComposeProject, ServiceSpec } from '../compose/types.js';
import { COMPOSE_LABEL_VERSION, LABEL, containerName } from '../labels.js';

const NS_PER_MS = 1_000_000;

export function containerLabels(
  project: ComposeProject,
  service: ServiceSpec,
  configHash: string,
): Record<string, string> {
  return {
    ...service.labels,
    [LABEL.project]: project.name,
    [LABEL.service]: service.name,
    [LABEL.number]: '1',
    [LABEL.oneoff]: 'False',
    [LABEL.configHash]: configHash,
    [LABEL.workingDir]: project.workingDir,
    [LABEL.configFiles]: project.configFiles.join(','),
    [LABEL.version]: COMPOSE_LABEL_VERSION,
    [LABEL.image]: service.image,
    [LABEL.managedBy]: 'status-desktop',
  };
}

export function containerCreateOptions(
  project: ComposeProject,
  service: ServiceSpec,
  configHash: string,
): Docker.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of service.ports) {
    const key = `${port.containerPort}/${port.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({
      HostIp: port.hostIp,
      HostPort: port.hostPort ? String(port.hostPort) : '',
    });
  }
  const [firstNetwork] = service.networks;
  const firstNetworkName = firstNetwork ? project.networks[firstNetwork]!.name : undefined;
  const hc = service.healthcheck;
  return {
    name: containerName(project.name, service.name),
    Image: service.image,
    Cmd: service.command,
    Entrypoint: service.entrypoint,
    Env: Object.entries(service.environment).map(([k, v]) => `${k}=${v}`),
    Labels: containerLabels(project, service, configHash),
    User: service.user,
    WorkingDir: service.workingDir,
    Hostname: service.hostname,
    ExposedPorts: exposed,
    StopSignal: service.stopSignal,
    StopTimeout: Math.ceil(service.stopGracePeriodMs / 1000),
    Healthcheck: hc
      ? {
          Test: hc.test,
          Interval: hc.intervalMs * NS_PER_MS,
          Timeout: hc.timeoutMs * NS_PER_MS,
          Retries: hc.retries,
          StartPeriod: hc.startPeriodMs * NS_PER_MS,
        }
      : undefined,
    HostConfig: {
      Mounts: service.mounts.map((m) => ({
        Type: m.type,
        Source: m.type === 'volume' ? project.volumes[m.source]!.name : m.source,
        Target: m.target,
        ReadOnly: m.readOnly,
      })),
      PortBindings: bindings,
      RestartPolicy: { Name: service.restart === 'no' ? '' : service.restart },
      NetworkMode: firstNetworkName,
      Memory: service.memLimitBytes,
      Privileged: service.privileged,
      Ulimits: service.ulimits.length
        ? service.ulimits.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard }))
        : undefined,
      LogConfig: service.logging
        ? { Type: service.logging.driver, Config: service.logging.options }
        : undefined,
    },
    NetworkingConfig: firstNetworkName
      ? { EndpointsConfig: { [firstNetworkName]: endpointConfig(service, service.networks[0]!) } }
      : undefined,
  };
}

/** The service's endpoint on one network: its name as an alias, and its fixed address if it has one. */
export function endpointConfig(
  service: ServiceSpec,
  networkKey: string,
): { Aliases: string[]; IPAMConfig?: { IPv4Address: string } } {
  const address = service.ipv4Addresses?.[networkKey];
  return { Aliases: [service.name], ...(address ? { IPAMConfig: { IPv4Address: address } } : {}) };
}

/**
 * Engines before API 1.44 attach one network at create; the others are connected before start
 * (with their keys, for their endpoint config).
 */
export function extraNetworkEntries(
  project: ComposeProject,
  service: ServiceSpec,
): Array<{ key: string; name: string }> {
  return service.networks.slice(1).map((key) => ({ key, name: project.networks[key]!.name }));
}
