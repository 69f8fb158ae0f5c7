// ComposeProject → the Swarm objects of one deployment (networks, secrets, configs, services). Pure:
// everything read from disk or the engine comes in as arguments, so the translation is tested
// without either.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { ComposeProject, HealthCheck, PortMapping, ServiceSpec } from '../compose/types.js';
import { StatusError } from '../errors.js';
import { LABEL } from '../labels.js';
import type { CarriedFiles } from './files.js';
import { widenFixedAddresses } from './fixed-addresses.js';
import { DOOR_SERVICES, roleOf, swarmDeployOf, type SwarmDeploy } from './roles.js';
import { healthcheckWithSecrets, SECRET_ENV_PREFIX, secretEntrypoint, splitEnvironment } from './secrets.js';
import type {
  FileRef,
  PlannedService,
  Routing,
  SwarmNetwork,
  SwarmObject,
  SwarmPlan,
  SwarmServiceSpec,
  UpdatePolicy,
} from './types.js';

/** The label `docker stack` puts on everything: `docker stack ps <project>` sees our deployment. */
export const STACK_NAMESPACE = 'com.docker.stack.namespace';
export const SPEC_HASH_LABEL = 'org.status.desktop.swarm.spec-hash';
export const TASK_HASH_LABEL = 'org.status.desktop.swarm.task-hash';

const NS_PER_MS = 1_000_000;

/** An image's own entrypoint and command, as the manager's engine knows it. */
export interface ImageCommand {
  entrypoint: string[];
  cmd: string[];
}

export interface PlanInput {
  project: ComposeProject;
  /** Every secret value of the platform: a variable containing one becomes a Swarm secret. */
  secretValues: readonly string[];
  routing: Routing;
  /** By image reference; a service whose image is missing here keeps its secrets as variables. */
  imageCommands: Readonly<Record<string, ImageCommand | undefined>>;
  files: CarriedFiles;
}

export function planDeployment(given: PlanInput): SwarmPlan {
  const widened = widenFixedAddresses(given.project);
  const input = { ...given, project: widened.project };
  const { project } = input;
  const notes: string[] = [...widened.notes];
  const secrets = new Map<string, SwarmObject>();
  const configs = new Map<string, SwarmObject>();
  const services: PlannedService[] = [];
  const ordered = Object.values(project.services).sort(
    (a, b) => Number(roleOf(b) === 'data') - Number(roleOf(a) === 'data'),
  );
  for (const service of ordered) {
    if (service.privileged) {
      notes.push(`${service.name} is left out: a Swarm service cannot run privileged.`);
      continue;
    }
    const spec = serviceSpec(input, service, secrets, configs, notes);
    const taskHash = hashOf(spec.TaskTemplate);
    const specHash = hashOf(spec);
    spec.Labels[SPEC_HASH_LABEL] = specHash;
    spec.Labels[TASK_HASH_LABEL] = taskHash;
    services.push({ service: service.name, spec, specHash, taskHash });
  }
  const used = new Set(ordered.flatMap((s) => s.networks));
  const networks = Object.values(project.networks)
    .filter((n) => used.has(n.key) && !n.external)
    .map((n): SwarmNetwork => {
      const net: SwarmNetwork = {
        Name: n.name,
        Driver: 'overlay',
        Attachable: true,
        Internal: n.internal,
        Labels: { ...n.labels, ...projectLabels(project.name), [LABEL.network]: n.key },
      };
      if (n.ipam)
        net.IPAM = {
          Driver: n.ipam.driver ?? 'default',
          // Without the ip_range: it keeps fixed addresses out of the dynamic ones, and a task has
          // none; the whole subnet leaves room for every task, virtual IP and node's load balancer.
          Config: n.ipam.config.map((c) => ({
            Subnet: c.subnet,
            ...(c.gateway ? { Gateway: c.gateway } : {}),
          })),
        };
      return net;
    });
  return {
    project: project.name,
    networks,
    secrets: [...secrets.values()],
    configs: [...configs.values()],
    services,
    notes,
  };
}

export function projectLabels(project: string): Record<string, string> {
  return { [STACK_NAMESPACE]: project, [LABEL.project]: project, [LABEL.managedBy]: 'status-desktop' };
}

function serviceSpec(
  input: PlanInput,
  service: ServiceSpec,
  secrets: Map<string, SwarmObject>,
  configs: Map<string, SwarmObject>,
  notes: string[],
): SwarmServiceSpec {
  const { project, routing } = input;
  const labels = { ...projectLabels(project.name), [LABEL.service]: service.name };
  const deploy = swarmDeployOf(project, service);
  const door = DOOR_SERVICES.has(service.name);
  // The door in host routing holds the node's port: one task per node, and a new task could not
  // bind it while the old one runs.
  const perNode = door && routing === 'host';
  if (perNode && deploy.replicasGiven)
    notes.push(
      `${service.name}: deploy.replicas is not used with host routing; it runs once on every node, publishing its port there.`,
    );
  const image = input.imageCommands[service.image];
  const wanted = splitEnvironment(project.name, service.name, service.environment, input.secretValues);
  const split = image ? wanted : { plain: service.environment, secrets: [] };
  if (!image && wanted.secrets.length)
    notes.push(
      `${service.name}: the image ${service.image} is not on the manager, so its command is unknown; its secrets stay in its environment.`,
    );
  const secretRefs: FileRef[] = split.secrets.map((s) => {
    secrets.set(s.name, { Name: s.name, Data: base64(s.value), Labels: labels });
    return { File: readable(`${SECRET_ENV_PREFIX}${s.variable}`), SecretName: s.name };
  });
  if (service.ipv4Addresses)
    notes.push(
      `${service.name}: a Swarm task cannot have a fixed address (${Object.values(service.ipv4Addresses).join(', ')}); it gets one from its network's subnet.`,
    );

  const healthcheck =
    service.healthcheck &&
    (split.secrets.length ? healthcheckWithSecrets(service.healthcheck) : service.healthcheck);
  const containerSpec: SwarmServiceSpec['TaskTemplate']['ContainerSpec'] = {
    Image: service.image,
    Labels: { ...service.labels, ...labels },
    Env: Object.entries(split.plain).map(([k, v]) => `${k}=${v}`),
    StopGracePeriod: service.stopGracePeriodMs * NS_PER_MS,
    Mounts: [],
    Secrets: secretRefs,
    Configs: configRefs(input, service, configs, labels),
  };
  if (split.secrets.length && image) {
    const entrypoint = service.entrypoint ?? image.entrypoint;
    const cmd = service.command ?? (service.entrypoint ? [] : image.cmd);
    containerSpec.Command = secretEntrypoint([...entrypoint, ...cmd]);
  } else {
    if (service.entrypoint) containerSpec.Command = service.entrypoint;
    if (service.command) containerSpec.Args = service.command;
  }
  if (service.hostname) containerSpec.Hostname = service.hostname;
  if (service.workingDir) containerSpec.Dir = service.workingDir;
  if (service.user) containerSpec.User = service.user;
  if (service.stopSignal) containerSpec.StopSignal = service.stopSignal;
  if (healthcheck?.test.length) containerSpec.Healthcheck = healthcheckSpec(healthcheck);
  if (service.ulimits.length)
    containerSpec.Ulimits = service.ulimits.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard }));
  for (const mount of service.mounts) {
    if (mount.type !== 'volume') continue;
    const volume = project.volumes[mount.source];
    containerSpec.Mounts.push({
      Type: 'volume',
      Source: volume?.name ?? `${project.name}_${mount.source}`,
      Target: mount.target,
      ReadOnly: mount.readOnly,
      VolumeOptions: {
        Labels: { ...volume?.labels, ...projectLabels(project.name), [LABEL.volume]: mount.source },
        DriverConfig: { Name: volume?.driver ?? 'local' },
      },
    });
  }

  const policy = (p: SwarmDeploy['update']): UpdatePolicy => ({
    Parallelism: p.parallelism,
    Delay: p.delayMs * NS_PER_MS,
    FailureAction: p.failureAction,
    Monitor: p.monitorMs * NS_PER_MS,
    MaxFailureRatio: p.maxFailureRatio,
    Order: perNode ? 'stop-first' : p.order,
  });
  return {
    Name: `${project.name}_${service.name}`,
    Labels: labels,
    TaskTemplate: {
      ContainerSpec: containerSpec,
      ...(service.memLimitBytes ? { Resources: { Limits: { MemoryBytes: service.memLimitBytes } } } : {}),
      RestartPolicy: { Condition: restartCondition(service.restart), Delay: 5_000 * NS_PER_MS },
      Placement: { Constraints: deploy.constraints },
      Networks: service.networks.map((key) => ({
        Target: project.networks[key]?.name ?? `${project.name}_${key}`,
        Aliases: [service.name],
      })),
      ...(service.logging
        ? { LogDriver: { Name: service.logging.driver, Options: service.logging.options } }
        : {}),
    },
    Mode: perNode ? { Global: {} } : { Replicated: { Replicas: deploy.replicas } },
    UpdateConfig: policy(deploy.update),
    RollbackConfig: policy(deploy.rollback),
    EndpointSpec: {
      Mode: routing === 'host' ? 'dnsrr' : 'vip',
      Ports: publishedPorts(service, door, routing, notes),
    },
  };
}

/** Read-only binds and Compose configs become Swarm configs; a writable bind cannot be carried. */
function configRefs(
  input: PlanInput,
  service: ServiceSpec,
  configs: Map<string, SwarmObject>,
  labels: Record<string, string>,
): FileRef[] {
  const refs: FileRef[] = [];
  const carry = (source: string, target: string, file: FileRef['File']) => {
    const files = input.files.get(source);
    if (!files)
      throw new Error(
        `BUG: ${source} (a file of ${service.name}) was not read before planning the deployment.`,
      );
    for (const f of files) {
      const name = configName(input.project.name, source, f.relative, f.data);
      configs.set(name, { Name: name, Data: f.data.toString('base64'), Labels: labels });
      refs.push({
        File: { ...file, Name: f.relative ? path.posix.join(target, f.relative) : target },
        ConfigName: name,
      });
    }
  };
  for (const mount of service.mounts) {
    if (mount.type !== 'bind') continue;
    if (!mount.readOnly)
      throw new StatusError(
        'COMPOSE_INVALID',
        `Service ${service.name} writes into the folder ${mount.source} of this computer; a Swarm node is another machine.`,
        'Use a named volume for it (or mount it read-only, which carries its files as Swarm configs).',
        { service: service.name, source: mount.source },
      );
    carry(mount.source, mount.target, readable(mount.target));
  }
  const topLevel = input.project.configs ?? {};
  for (const c of service.configs ?? []) {
    const spec = topLevel[c.source];
    if (!spec)
      throw new Error(`BUG: ${service.name} uses config ${c.source}, which the project does not define.`);
    carry(spec.file, c.target, { Name: c.target, UID: String(c.uid), GID: String(c.gid), Mode: c.mode });
  }
  return refs;
}

function configName(project: string, source: string, relative: string, data: Buffer): string {
  const hash = createHash('sha256').update(data).digest('hex').slice(0, 10);
  const base = path.basename(relative || source).replace(/[^a-zA-Z0-9_.-]/g, '_');
  return `${`${project}_${base}`.slice(0, 64 - 11)}_${hash}`;
}

function readable(name: string): FileRef['File'] {
  // Readable by every user: the image may run as a user other than root (the backend runs as 1000).
  return { Name: name, UID: '0', GID: '0', Mode: 0o444 };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Swarm publishes on every interface of a node, never on one address: a port the Compose file keeps
 * on 127.0.0.1 (databases, caches, the admin ports) is not published at all; the door always is.
 */
function publishedPorts(
  service: ServiceSpec,
  door: boolean,
  routing: Routing,
  notes: string[],
): SwarmServiceSpec['EndpointSpec']['Ports'] {
  const ports: SwarmServiceSpec['EndpointSpec']['Ports'] = [];
  const dropped: PortMapping[] = [];
  for (const p of service.ports) {
    if (!door && LOOPBACK.has(p.hostIp)) {
      dropped.push(p);
      continue;
    }
    ports.push({
      Protocol: p.protocol,
      TargetPort: p.containerPort,
      ...(p.hostPort ? { PublishedPort: p.hostPort } : {}),
      PublishMode: routing === 'host' ? 'host' : 'ingress',
    });
  }
  if (dropped.length)
    notes.push(
      `${service.name}: port ${dropped.map((p) => `${p.hostIp}:${p.hostPort}`).join(', ')} is not published (a Swarm publishes on every interface); reach it from the overlay network.`,
    );
  return ports;
}

function healthcheckSpec(
  h: HealthCheck,
): NonNullable<SwarmServiceSpec['TaskTemplate']['ContainerSpec']['Healthcheck']> {
  return {
    Test: h.test,
    Interval: h.intervalMs * NS_PER_MS,
    Timeout: h.timeoutMs * NS_PER_MS,
    Retries: h.retries,
    StartPeriod: h.startPeriodMs * NS_PER_MS,
  };
}

function restartCondition(restart: ServiceSpec['restart']): 'none' | 'on-failure' | 'any' {
  if (restart === 'no') return 'none';
  return restart === 'on-failure' ? 'on-failure' : 'any';
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}
