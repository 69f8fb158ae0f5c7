// Deploys a Compose project to a Swarm through the Engine API: overlay networks, secrets and configs
// (content-addressed: created once, never changed), then each service created or updated in place
// (its version index; volumes are never touched), then waits until every service has converged.
// Swarm runs the rolling updates and rolls a failed one back by itself; we report what it did.
import type Docker from 'dockerode';
import type { ComposeProject } from '../compose/types.js';
import { noProgress, type ProgressListener } from '../progress.js';
import { assertManager, ensureDataNode } from './cluster.js';
import { waitForService } from './converge.js';
import { readCarriedFiles } from './files.js';
import { pruneUnused } from './prune.js';
import {
  planDeployment,
  SPEC_HASH_LABEL,
  STACK_NAMESPACE,
  TASK_HASH_LABEL,
  type ImageCommand,
} from './plan.js';
import type { PlannedService, Routing, SwarmObject, SwarmPlan, SwarmServiceSpec } from './types.js';

export type ServiceOutcome = 'created' | 'updated' | 'unchanged' | 'rolled-back';

export interface SwarmDeployOptions {
  /** Every secret value of the platform (the settings store's): variables holding one become Swarm secrets. */
  secretValues: readonly string[];
  routing?: Routing;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** For the whole deployment to converge (default 10 minutes). */
  timeoutMs?: number;
  /**
   * Runs once a service has converged, before the next is waited for (data services first): a setup
   * step another service needs to become healthy (Grafana's database) goes here.
   */
  afterConverged?: (service: string) => Promise<void>;
}

export interface SwarmDeployResult {
  services: Record<string, { outcome: ServiceOutcome; reason?: string }>;
  /** What the Compose file asks for that a Swarm cannot do, and what was done instead. */
  notes: string[];
  elapsedMs: number;
}

interface ExistingService {
  ID: string;
  Version: { Index: number };
  Spec: { Name: string; Labels?: Record<string, string> };
  UpdateStatus?: { StartedAt?: string };
}

export async function deployToSwarm(
  docker: Docker,
  project: ComposeProject,
  opts: SwarmDeployOptions,
): Promise<SwarmDeployResult> {
  const started = Date.now();
  const onProgress = opts.onProgress ?? noProgress;
  const deadline = started + (opts.timeoutMs ?? 600_000);
  await assertManager(docker);
  const dataNode = await ensureDataNode(docker);
  if (dataNode.labelled)
    onProgress({
      type: 'warning',
      message: `The only node, ${dataNode.hostname}, now carries the data services (label status.data=true).`,
    });
  const plan = planDeployment({
    project,
    secretValues: opts.secretValues,
    routing: opts.routing ?? 'host',
    imageCommands: await imageCommands(docker, project),
    files: await readCarriedFiles(project),
  });
  for (const message of plan.notes) onProgress({ type: 'warning', message });
  await ensureNetworks(docker, plan, onProgress);
  const secretIds = await ensureObjects(docker, 'secret', plan.secrets);
  const configIds = await ensureObjects(docker, 'config', plan.configs);

  const existing = new Map(
    (
      (await docker.listServices({
        filters: { label: [`${STACK_NAMESPACE}=${project.name}`] },
      })) as ExistingService[]
    ).map((s) => [s.Spec.Name, s]),
  );
  const applied: Array<{
    planned: PlannedService;
    outcome: ServiceOutcome;
    expectUpdate: boolean;
    previousUpdateStart?: string;
  }> = [];
  for (const planned of plan.services) {
    const spec = withIds(planned.spec, secretIds, configIds);
    const current = existing.get(spec.Name);
    const say = (phase: 'creating' | 'recreating' | 'up-to-date', message: string) =>
      onProgress({ type: 'service', service: planned.service, phase, message });
    if (!current) {
      say('creating', `creating ${spec.Name}`);
      await docker.createService(spec as unknown as Docker.CreateServiceOptions);
      applied.push({ planned, outcome: 'created', expectUpdate: false });
    } else if (current.Spec.Labels?.[SPEC_HASH_LABEL] === planned.specHash) {
      say('up-to-date', `${spec.Name} is up to date`);
      applied.push({ planned, outcome: 'unchanged', expectUpdate: false });
    } else {
      const expectUpdate = current.Spec.Labels?.[TASK_HASH_LABEL] !== planned.taskHash;
      say('recreating', expectUpdate ? `rolling update of ${spec.Name}` : `updating ${spec.Name}`);
      await docker.getService(current.ID).update({ _query: { version: current.Version.Index }, _body: spec });
      applied.push({
        planned,
        outcome: 'updated',
        expectUpdate,
        previousUpdateStart: current.UpdateStatus?.StartedAt,
      });
    }
  }

  const result: SwarmDeployResult['services'] = {};
  for (const a of applied) {
    const service = a.planned.service;
    onProgress({ type: 'service', service, phase: 'waiting', message: 'waiting for its tasks' });
    const convergence = await waitForService(docker, a.planned.spec.Name, {
      expectUpdate: a.expectUpdate,
      previousUpdateStart: a.previousUpdateStart,
      deadline,
      signal: opts.signal,
      onState: (text) => onProgress({ type: 'service', service, phase: 'starting', message: text }),
    });
    if (convergence.outcome === 'rolled-back') {
      onProgress({
        type: 'service',
        service,
        phase: 'failed',
        message: `rolled back: ${convergence.reason}`,
      });
      result[service] = { outcome: 'rolled-back', reason: convergence.reason };
    } else {
      onProgress({ type: 'service', service, phase: 'healthy', message: 'every task is running' });
      result[service] = { outcome: a.outcome };
      await opts.afterConverged?.(service);
    }
  }
  await pruneUnused(docker, project.name);
  return { services: result, notes: plan.notes, elapsedMs: Date.now() - started };
}

/** Each image's own entrypoint and command, where the manager has the image (the secret entrypoint needs them). */
async function imageCommands(
  docker: Docker,
  project: ComposeProject,
): Promise<Record<string, ImageCommand | undefined>> {
  const out: Record<string, ImageCommand | undefined> = {};
  for (const image of new Set(Object.values(project.services).map((s) => s.image))) {
    const info = await docker
      .getImage(image)
      .inspect()
      .catch(() => undefined);
    const entrypoint = info?.Config.Entrypoint ?? [];
    out[image] = info && {
      // A string is the shell form, as the engine runs it.
      entrypoint: typeof entrypoint === 'string' ? ['/bin/sh', '-c', entrypoint] : entrypoint,
      cmd: info.Config.Cmd ?? [],
    };
  }
  return out;
}

async function ensureNetworks(docker: Docker, plan: SwarmPlan, onProgress: ProgressListener): Promise<void> {
  const present = new Set(
    ((await docker.listNetworks({ filters: { driver: ['overlay'] } })) as Array<{ Name: string }>).map(
      (n) => n.Name,
    ),
  );
  for (const network of plan.networks) {
    if (present.has(network.Name)) {
      onProgress({ type: 'resource', kind: 'network', name: network.Name, action: 'exists' });
      continue;
    }
    await docker.createNetwork({ ...network, CheckDuplicate: true });
    onProgress({ type: 'resource', kind: 'network', name: network.Name, action: 'created' });
  }
}

/** Creates the secrets (or configs) not there yet; returns name → id of all of them. */
async function ensureObjects(
  docker: Docker,
  kind: 'secret' | 'config',
  objects: readonly SwarmObject[],
): Promise<Map<string, string>> {
  const list = (kind === 'secret' ? await docker.listSecrets() : await docker.listConfigs()) as Array<{
    ID: string;
    Spec: { Name: string };
  }>;
  const ids = new Map(list.map((o) => [o.Spec.Name, o.ID]));
  for (const object of objects) {
    if (ids.has(object.Name)) continue;
    const created = (
      kind === 'secret' ? await docker.createSecret(object) : await docker.createConfig(object)
    ) as {
      id: string;
    };
    ids.set(object.Name, created.id);
  }
  return ids;
}

function withIds(
  spec: SwarmServiceSpec,
  secretIds: Map<string, string>,
  configIds: Map<string, string>,
): SwarmServiceSpec {
  const container = spec.TaskTemplate.ContainerSpec;
  return {
    ...spec,
    TaskTemplate: {
      ...spec.TaskTemplate,
      ContainerSpec: {
        ...container,
        Secrets: container.Secrets.map((s) => ({ ...s, SecretID: secretIds.get(s.SecretName!) })),
        Configs: container.Configs.map((c) => ({ ...c, ConfigID: configIds.get(c.ConfigName!) })),
      },
    },
  };
}
