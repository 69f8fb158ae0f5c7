import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ComposeProject, ServiceSpec } from '../compose/types.js';
import { isStatusError } from '../errors.js';
import {
  JWT_SECRET,
  REDIS_PASSWORD,
  swarmTestProject,
  withBackend,
} from '../../../test/swarm/swarm-project.js';
import { readCarriedFiles } from './files.js';
import { planDeployment, SPEC_HASH_LABEL, STACK_NAMESPACE, type ImageCommand } from './plan.js';
import { DATA_NODE_CONSTRAINT } from './roles.js';
import type { PlannedService, Routing, SwarmPlan } from './types.js';

const standin: ImageCommand = { entrypoint: [], cmd: ['node', '/opt/standin/server.mjs'] };
const images = {
  'status-test/standin:1': standin,
  'status-test/nginx:1': { entrypoint: [], cmd: ['nginx', '-g', 'daemon off;'] },
  'status-test/redis:1': { entrypoint: ['/entrypoint.sh'], cmd: [] },
};

async function plan(
  project: ComposeProject,
  routing: Routing = 'host',
  imageCommands = images,
): Promise<SwarmPlan> {
  return planDeployment({
    project,
    secretValues: [JWT_SECRET, REDIS_PASSWORD],
    routing,
    imageCommands,
    files: await readCarriedFiles(project),
  });
}

/** The stack's Grafana sign-in: Grafana trusts the proxy's fixed address on the network grafana-auth. */
function withGrafanaAuth(project: ComposeProject): ComposeProject {
  const proxy = project.services['reverse-proxy']!;
  const grafana: ServiceSpec = {
    ...project.services['status-frontend']!,
    name: 'grafana',
    environment: { STANDIN_PORTS: '3000', GF_AUTH_PROXY_WHITELIST: '10.9.8.14' },
    networks: ['web', 'grafana-auth'],
  };
  return {
    ...project,
    services: {
      ...project.services,
      grafana,
      'reverse-proxy': {
        ...proxy,
        networks: ['web', 'grafana-auth'],
        ipv4Addresses: { 'grafana-auth': '10.9.8.14' },
      },
    },
    networks: {
      ...project.networks,
      'grafana-auth': {
        key: 'grafana-auth',
        name: `${project.name}_grafana-auth`,
        driver: 'bridge',
        internal: false,
        external: false,
        labels: {},
        ipam: { config: [{ subnet: '10.9.8.0/28', ipRange: '10.9.8.0/29' }] },
      },
    },
  };
}

function service(p: SwarmPlan, name: string): PlannedService {
  const found = p.services.find((s) => s.service === name);
  if (!found) throw new Error(`${name} is not in the plan`);
  return found;
}

describe('planDeployment (ComposeProject → Swarm objects)', () => {
  it('runs the backend as 2 replicas updated start-first, rolled back on failure, found by DNS', async () => {
    const { spec } = service(await plan(await swarmTestProject('p', 3000)), 'status-backend');
    expect(spec.Name).toBe('p_status-backend');
    expect(spec.Mode).toEqual({ Replicated: { Replicas: 2 } });
    expect(spec.UpdateConfig).toMatchObject({
      Parallelism: 1,
      Order: 'start-first',
      FailureAction: 'rollback',
    });
    expect(spec.RollbackConfig).toMatchObject({ Parallelism: 1, Order: 'start-first' });
    expect(spec.EndpointSpec).toEqual({ Mode: 'dnsrr', Ports: [] });
    expect(spec.TaskTemplate.Placement.Constraints).toEqual([]);
    expect(spec.TaskTemplate.Networks).toEqual([
      { Target: 'p_web', Aliases: ['status-backend'] },
      { Target: 'p_db', Aliases: ['status-backend'] },
    ]);
    expect(spec.TaskTemplate.ContainerSpec.Healthcheck).toMatchObject({
      Retries: 3,
      Interval: 1_000_000_000,
    });
    expect(spec.Labels).toMatchObject({
      [STACK_NAMESPACE]: 'p',
      'com.docker.compose.service': 'status-backend',
    });
  });

  it('moves variables holding a secret into Swarm secrets, exported by an entrypoint before the image command', async () => {
    const p = await plan(await swarmTestProject('p', 3000));
    const { spec } = service(p, 'status-backend');
    const container = spec.TaskTemplate.ContainerSpec;
    expect(container.Env).toEqual(['STANDIN_PORTS=3001', 'DRAGONFLY_HOST=dragonfly']);
    expect(container.Secrets).toEqual([
      {
        File: { Name: 'status-env.JWT_SECRET', UID: '0', GID: '0', Mode: 0o444 },
        SecretName: expect.stringMatching(/^p_status-backend_JWT_SECRET_[0-9a-f]{10}$/),
      },
    ]);
    expect(container.Command?.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(container.Command?.slice(3)).toEqual(['status-secret-env', 'node', '/opt/standin/server.mjs']);
    const secret = p.secrets.find((s) => s.Name === container.Secrets[0]!.SecretName)!;
    expect(Buffer.from(secret.Data, 'base64').toString()).toBe(JWT_SECRET);
    expect(JSON.stringify(p.services)).not.toContain(JWT_SECRET);
    expect(JSON.stringify(p.services)).not.toContain(REDIS_PASSWORD);
  });

  it('keeps the secrets of a service whose image the manager lacks in its environment, and says so', async () => {
    const p = await plan(await swarmTestProject('p', 3000), 'host', {
      ...images,
      'status-test/standin:1': undefined,
    } as never);
    const container = service(p, 'status-backend').spec.TaskTemplate.ContainerSpec;
    expect(container.Env).toContain(`JWT_SECRET=${JWT_SECRET}`);
    expect(container.Command).toBeUndefined();
    expect(p.notes.join('\n')).toMatch(
      /status-backend: the image status-test\/standin:1 is not on the manager/,
    );
  });

  it('pins a service with a volume to the data node, one task, stopped before its replacement starts', async () => {
    const p = await plan(await swarmTestProject('p', 3000));
    const { spec } = service(p, 'dragonfly');
    expect(p.services[0]?.service).toBe('dragonfly');
    expect(spec.Mode).toEqual({ Replicated: { Replicas: 1 } });
    expect(spec.TaskTemplate.Placement.Constraints).toEqual([DATA_NODE_CONSTRAINT]);
    expect(spec.UpdateConfig.Order).toBe('stop-first');
    expect(spec.TaskTemplate.ContainerSpec.Mounts).toEqual([
      expect.objectContaining({
        Type: 'volume',
        Source: 'p_dragonfly-data',
        Target: '/data',
        ReadOnly: false,
      }),
    ]);
    // The health check reads the password the entrypoint exports: it gets the same prefix.
    const test = spec.TaskTemplate.ContainerSpec.Healthcheck!.Test;
    expect(test[0]).toBe('CMD-SHELL');
    expect(test[1]).toMatch(/^for f in \/run\/secrets\/status-env\.\*.*; redis-cli -a "\$DFLY_requirepass"/);
    // A port kept on 127.0.0.1 is not published by a Swarm (it would be on every interface).
    expect(spec.EndpointSpec.Ports).toEqual([]);
    expect(p.notes.join('\n')).toMatch(/dragonfly: port 127\.0\.0\.1:6379 is not published/);
  });

  it('publishes the proxy on each node in host routing, and through the routing mesh in mesh routing', async () => {
    const project = await swarmTestProject('p', 3000);
    const host = service(await plan(project, 'host'), 'reverse-proxy').spec;
    expect(host.Mode).toEqual({ Global: {} });
    expect(host.UpdateConfig.Order).toBe('stop-first');
    expect(host.EndpointSpec.Ports).toEqual([
      { Protocol: 'tcp', TargetPort: 80, PublishedPort: 3000, PublishMode: 'host' },
    ]);
    const mesh = service(await plan(project, 'mesh'), 'reverse-proxy').spec;
    expect(mesh.Mode).toEqual({ Replicated: { Replicas: 2 } });
    expect(mesh.UpdateConfig.Order).toBe('start-first');
    expect(mesh.EndpointSpec).toEqual({
      Mode: 'vip',
      Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 3000, PublishMode: 'ingress' }],
    });
  });

  it('carries read-only files and folders as Swarm configs, and refuses a writable host folder', async () => {
    const project = await swarmTestProject('p', 3000);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'st-swarm-plan-'));
    await mkdir(path.join(dir, 'dashboards'));
    await writeFile(path.join(dir, 'datasource.yaml'), 'a: 1\n');
    await writeFile(path.join(dir, 'dashboards', 'status.json'), '{}');
    const withFolder = withBackend(project, {
      mounts: [{ type: 'bind', source: dir, target: '/etc/provisioning', readOnly: true }],
    });
    const p = await plan(withFolder);
    expect(
      service(p, 'status-backend').spec.TaskTemplate.ContainerSpec.Configs.map((c) => c.File.Name),
    ).toEqual(['/etc/provisioning/dashboards/status.json', '/etc/provisioning/datasource.yaml']);
    const proxy = service(p, 'reverse-proxy').spec.TaskTemplate.ContainerSpec.Configs;
    expect(proxy).toEqual([
      {
        File: { Name: '/etc/nginx/conf.d/default.conf', UID: '0', GID: '0', Mode: 0o444 },
        ConfigName: expect.stringMatching(/^p_default\.conf_[0-9a-f]{10}$/),
      },
    ]);
    expect(p.configs.map((c) => c.Name)).toContain(proxy[0]!.ConfigName);

    const writable = withBackend(project, {
      mounts: [{ type: 'bind', source: dir, target: '/x', readOnly: false }],
    });
    const error = await plan(writable).catch((e: unknown) => e);
    expect(isStatusError(error, 'COMPOSE_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(
      /status-backend writes into the folder .* a Swarm node is another machine/,
    );
  });

  it('turns Compose configs into Swarm configs with their owner and mode', async () => {
    const project = await swarmTestProject('p', 3000);
    const file = path.join(project.workingDir, 'init.sql');
    await writeFile(file, 'CREATE TABLE t (id int);');
    const withConfig = {
      ...withBackend(project, {
        configs: [
          {
            source: 'init',
            target: '/docker-entrypoint-initdb.d/10-init.sql',
            uid: 70,
            gid: 70,
            mode: 0o440,
          },
        ],
      }),
      configs: { init: { key: 'init', file } },
    };
    const p = await plan(withConfig);
    const [ref] = service(p, 'status-backend').spec.TaskTemplate.ContainerSpec.Configs;
    expect(ref).toEqual({
      File: { Name: '/docker-entrypoint-initdb.d/10-init.sql', UID: '70', GID: '70', Mode: 0o440 },
      ConfigName: expect.stringMatching(/^p_init\.sql_[0-9a-f]{10}$/),
    });
    const config = p.configs.find((c) => c.Name === ref!.ConfigName)!;
    expect(Buffer.from(config.Data, 'base64').toString()).toBe('CREATE TABLE t (id int);');
  });

  it('changes only the hashes of what changed, so a second deploy updates only that', async () => {
    const project = await swarmTestProject('p', 3000);
    const before = await plan(project);
    const again = await plan(project);
    expect(again.services.map((s) => s.specHash)).toEqual(before.services.map((s) => s.specHash));
    const env = { ...project.services['status-backend']!.environment, STATUS_RELEASE: '2' };
    const after = await plan(withBackend(project, { environment: env }));
    const changed = after.services
      .filter((s, i) => s.specHash !== before.services[i]!.specHash)
      .map((s) => s.service);
    expect(changed).toEqual(['status-backend']);
    expect(service(after, 'status-backend').taskHash).not.toBe(service(before, 'status-backend').taskHash);
    expect(service(after, 'status-backend').spec.Labels[SPEC_HASH_LABEL]).toBe(
      service(after, 'status-backend').specHash,
    );
  });

  it("reads each service's deploy: (replicas, update and rollback policies, placement) from the Compose model", async () => {
    const project = await swarmTestProject('p', 3000);
    const tuned: ComposeProject = {
      ...project,
      deploy: {
        ...project.deploy,
        'status-backend': {
          replicas: 3,
          updateConfig: { parallelism: 2, delayMs: 5000, order: 'stop-first', maxFailureRatio: 0.5 },
          rollbackConfig: { failureAction: 'continue' },
          placementConstraints: ['node.role == worker'],
        },
      },
    };
    const { spec } = service(await plan(tuned), 'status-backend');
    expect(spec.Mode).toEqual({ Replicated: { Replicas: 3 } });
    expect(spec.UpdateConfig).toEqual({
      Parallelism: 2,
      Delay: 5_000_000_000,
      FailureAction: 'rollback',
      Monitor: 10_000_000_000,
      MaxFailureRatio: 0.5,
      Order: 'stop-first',
    });
    expect(spec.RollbackConfig).toMatchObject({ FailureAction: 'continue', Order: 'start-first' });
    expect(spec.TaskTemplate.Placement.Constraints).toEqual(['node.role == worker']);
  });

  it("keeps today's defaults for a service without deploy: (2 tasks for the platform's stateless services, else 1)", async () => {
    const project = await swarmTestProject('p', 3000);
    const { 'status-frontend': _frontend, ...others } = project.deploy!;
    const p = await plan({ ...project, deploy: others });
    const { spec } = service(p, 'status-frontend');
    expect(spec.Mode).toEqual({ Replicated: { Replicas: 2 } });
    expect(spec.UpdateConfig).toMatchObject({
      Parallelism: 1,
      Order: 'start-first',
      FailureAction: 'rollback',
    });
    expect(spec.RollbackConfig).toMatchObject({ Order: 'start-first', FailureAction: 'pause' });
    expect(spec.TaskTemplate.Placement.Constraints).toEqual([]);
    const backend = project.services['status-backend']!;
    const withWorker = {
      ...project,
      services: { ...project.services, worker: { ...backend, name: 'worker' } },
    };
    expect(service(await plan(withWorker), 'worker').spec.Mode).toEqual({ Replicated: { Replicas: 1 } });
  });

  it('refuses deploy: settings that would run two tasks of a data service on its volume', async () => {
    const project = await swarmTestProject('p', 3000);
    const crowded = { ...project, deploy: { ...project.deploy, dragonfly: { replicas: 2 } } };
    const error = await plan(crowded).catch((e: unknown) => e);
    expect(isStatusError(error, 'COMPOSE_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(
      /dragonfly keeps its data in a volume, and deploy\.replicas: 2 would run two of its tasks on it at once/,
    );
  });

  it('says that the door ignores deploy.replicas in host routing (one task per node)', async () => {
    const project = await swarmTestProject('p', 3000);
    const p = await plan(
      { ...project, deploy: { ...project.deploy, 'reverse-proxy': { replicas: 3 } } },
      'host',
    );
    expect(p.notes.join('\n')).toMatch(/reverse-proxy: deploy\.replicas is not used with host routing/);
  });

  it('leaves out what a Swarm cannot run and says why', async () => {
    const project = await swarmTestProject('p', 3000);
    const p = await plan(withBackend(project, { privileged: true }));
    expect(p.services.map((s) => s.service)).not.toContain('status-backend');
    expect(p.notes.join('\n')).toMatch(/status-backend is left out: a Swarm service cannot run privileged/);
    const fixed = await plan(withBackend(project, { ipv4Addresses: { web: '10.1.2.14' } }));
    expect(fixed.notes.join('\n')).toMatch(
      /status-backend: a Swarm task cannot have a fixed address \(10\.1\.2\.14\)/,
    );
  });

  it("makes Grafana's auth-proxy whitelist name the grafana-auth subnet, not the proxy's fixed address", async () => {
    const p = await plan(withGrafanaAuth(await swarmTestProject('p', 3000)));
    const env = service(p, 'grafana').spec.TaskTemplate.ContainerSpec.Env;
    expect(env).toContain('GF_AUTH_PROXY_WHITELIST=10.9.8.0/28');
    expect(p.notes.join('\n')).toMatch(
      /grafana: GF_AUTH_PROXY_WHITELIST names the network grafana-auth \(10\.9\.8\.0\/28\) instead of reverse-proxy's fixed address 10\.9\.8\.14; only reverse-proxy and grafana are on it/,
    );
    // The ip_range only kept .14 out of the dynamic addresses; a Swarm gets the whole subnet.
    expect(p.networks.find((n) => n.Name === 'p_grafana-auth')?.IPAM).toEqual({
      Driver: 'default',
      Config: [{ Subnet: '10.9.8.0/28' }],
    });
  });

  it('refuses to widen the whitelist to a network a third service is on', async () => {
    const project = withGrafanaAuth(await swarmTestProject('p', 3000));
    const crowded = withBackend(project, { networks: ['web', 'db', 'grafana-auth'] });
    const error = await plan(crowded).catch((e: unknown) => e);
    expect(isStatusError(error, 'COMPOSE_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(
      /grafana's GF_AUTH_PROXY_WHITELIST can only trust the whole network grafana-auth .* and status-backend is on it too/,
    );
  });

  it('makes attachable overlay networks carrying the stack label', async () => {
    const p = await plan(await swarmTestProject('p', 3000));
    expect(p.networks.map((n) => [n.Name, n.Driver, n.Attachable, n.Labels[STACK_NAMESPACE]])).toEqual([
      ['p_web', 'overlay', true, 'p'],
      ['p_db', 'overlay', true, 'p'],
    ]);
  });
});
