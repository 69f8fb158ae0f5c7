// `deploy --swarm` on a real one-node Swarm (a second engine, test images: the backend and frontend
// are HTTP stand-ins that answer with their container's hostname): everything running and healthy,
// the backend's two tasks both reached through the proxy, a rolling update no polling client
// notices, and a bad update Swarm rolls back by itself.
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComposeProject } from '../../src/engine/compose/types.js';
import Dockerode from 'dockerode';
import type { LogLine } from '../../src/engine/logs/logs.js';
import { deployToSwarm } from '../../src/engine/swarm/deploy.js';
import { swarmLogs } from '../../src/engine/swarm/logs.js';
import { swarmStatus } from '../../src/engine/swarm/status.js';
import { deployedOnSwarm } from '../../src/launcher/swarm.js';
import type { SecondDockerd } from '../engine/second-dockerd.js';
import { freePort } from '../free-port.js';
import { startSwarmEngine } from './swarm-engine.js';
import { backendHealth, JWT_SECRET, REDIS_PASSWORD, swarmTestProject, withBackend } from './swarm-project.js';

const secretValues = [REDIS_PASSWORD, JWT_SECRET];
let engine: SecondDockerd;
let docker: Docker;
let project: ComposeProject;
let proxy: string;
let proxyPort: number;

beforeAll(async () => {
  engine = await startSwarmEngine(['status-test/standin:1', 'status-test/nginx:1', 'status-test/redis:1']);
  docker = engine.docker;
  proxyPort = await freePort();
  proxy = `http://127.0.0.1:${proxyPort}`;
  project = await swarmTestProject('stswarm', proxyPort);
}, 300_000);

afterAll(async () => {
  await engine?.remove();
});

/** GET through the proxy; the stand-in's answer names the container that served it. */
async function viaProxy(path: string): Promise<{ status: number; name?: string }> {
  const res = await fetch(`${proxy}${path}`, { signal: AbortSignal.timeout(5000) });
  const body = (await res.json().catch(() => ({}))) as { name?: string };
  return { status: res.status, name: body.name };
}

async function runningTasks(
  service: string,
): Promise<Array<{ Spec: { ContainerSpec: { Env?: string[] } } }>> {
  return (await docker.listTasks({
    filters: { service: [`stswarm_${service}`], 'desired-state': ['running'] },
  })) as Array<{ Spec: { ContainerSpec: { Env?: string[] } } }>;
}

describe('deploy to a Swarm', () => {
  it('deploys every service: all tasks running and healthy, secrets out of the service specs', async () => {
    const phases: string[] = [];
    const result = await deployToSwarm(docker, project, {
      secretValues,
      timeoutMs: 180_000,
      onProgress: (e) => e.type === 'service' && phases.push(`${e.service}:${e.phase}`),
    });
    expect(Object.values(result.services).map((s) => s.outcome)).toEqual([
      'created',
      'created',
      'created',
      'created',
    ]);
    expect(phases).toContain('status-backend:healthy');
    expect(result.notes.join('\n')).toMatch(/dragonfly: port 127.0.0.1:6379 is not published/);

    const containers = await docker.listContainers();
    expect(containers).toHaveLength(2 + 2 + 1 + 1); // backend, frontend, proxy on its node, dragonfly
    for (const c of containers) {
      const info = await docker.getContainer(c.Id).inspect();
      expect(`${c.Labels['com.docker.swarm.service.name']}: ${info.State.Health?.Status}`).toMatch(
        /: healthy$/,
      );
    }
    // The password is a Swarm secret: not in the service's spec, yet the backend's process has it.
    const specs = JSON.stringify(await docker.listServices());
    expect(specs).not.toContain(JWT_SECRET);
    expect(specs).not.toContain(REDIS_PASSWORD);
    const backend = containers.find(
      (c) => c.Labels['com.docker.swarm.service.name'] === 'stswarm_status-backend',
    )!;
    expect(await processEnv(backend.Id)).toContain(`JWT_SECRET=${JWT_SECRET}`);
    // Dragonfly's volume, on the node labelled for data.
    expect((await docker.listVolumes()).Volumes.map((v) => v.Name)).toContain('stswarm_dragonfly-data');
  });

  it('ps and logs read the deployment from the Swarm (services and tasks), not from containers', async () => {
    expect(await deployedOnSwarm(docker, 'stswarm')).toBe(true);
    expect(await deployedOnSwarm(new Dockerode(), 'stswarm')).toBe(false); // the machine's own engine
    const status = await swarmStatus(docker, 'stswarm', [...Object.keys(project.services), 'grafana']);
    expect(status.state).toBe('partial'); // grafana is not deployed
    expect(status.services['status-backend']).toMatchObject({
      state: 'healthy',
      containerName: 'stswarm_status-backend (2/2 tasks)',
      image: 'status-test/standin:1',
    });
    expect(status.services['reverse-proxy']?.ports).toEqual([
      { hostIp: '', hostPort: proxyPort, containerPort: 80, protocol: 'tcp' },
    ]);
    expect(status.services.grafana?.state).toBe('missing');

    const lines: LogLine[] = [];
    for await (const line of swarmLogs(docker, 'stswarm', ['status-backend', 'dragonfly'], { tail: 20 }))
      lines.push(line);
    const backend = lines.filter(
      (l) => l.service === 'status-backend' && l.text.includes('listening on 3001'),
    );
    expect(backend).toHaveLength(2); // one per task
    expect(backend[0]?.time).toBeGreaterThan(Date.now() - 600_000);
    expect(lines.some((l) => l.service === 'dragonfly' && /Ready to accept connections/.test(l.text))).toBe(
      true,
    );
  });

  it('runs the backend as 2 tasks behind the proxy, both answering', async () => {
    expect(await runningTasks('status-backend')).toHaveLength(2);
    const names = new Set<string>();
    for (let i = 0; i < 40 && names.size < 2; i++) {
      const answer = await viaProxy('/backend/health');
      expect(answer.status).toBe(200);
      names.add(answer.name!);
    }
    expect(names.size).toBe(2);
  });

  it('updates the backend task by task while a client polling the proxy sees no failure', async () => {
    const polled = { ok: 0, failed: [] as string[] };
    let polling = true;
    const poller = (async () => {
      while (polling) {
        try {
          const answer = await viaProxy('/backend/health');
          if (answer.status === 200) polled.ok++;
          else polled.failed.push(`HTTP ${answer.status}`);
        } catch (error) {
          polled.failed.push(String(error));
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const updated = withBackend(project, {
      // A new value of a secret too: a new Swarm secret, the old one kept while a rollback may need it.
      environment: {
        ...project.services['status-backend']!.environment,
        STATUS_RELEASE: '2',
        JWT_SECRET: `${JWT_SECRET}-2`,
      },
    });
    const result = await deployToSwarm(docker, updated, { secretValues, timeoutMs: 180_000 });
    polling = false;
    await poller;

    expect(result.services['status-backend']).toEqual({ outcome: 'updated' });
    expect(result.services['reverse-proxy']).toEqual({ outcome: 'unchanged' });
    expect(polled.failed).toEqual([]);
    expect(polled.ok).toBeGreaterThan(20);
    const tasks = await runningTasks('status-backend');
    expect(tasks.map((t) => t.Spec.ContainerSpec.Env)).toEqual([
      expect.arrayContaining(['STATUS_RELEASE=2']),
      expect.arrayContaining(['STATUS_RELEASE=2']),
    ]);
    const backend = (
      await docker.listContainers({
        filters: { label: ['com.docker.swarm.service.name=stswarm_status-backend'] },
      })
    )[0]!;
    expect(await processEnv(backend.Id)).toContain(`JWT_SECRET=${JWT_SECRET}-2`);
    expect(await secretNames()).toEqual([
      expect.stringMatching(/^stswarm_dragonfly_DFLY_requirepass_/),
      expect.stringMatching(/^stswarm_status-backend_JWT_SECRET_/),
      expect.stringMatching(/^stswarm_status-backend_JWT_SECRET_/),
    ]);
    project = updated;
  });

  it('rolls a backend update whose health check fails back to the previous spec, and says so', async () => {
    const broken = withBackend(project, {
      healthcheck: { ...backendHealth, test: ['CMD-SHELL', 'exit 1'], retries: 2 },
    });
    const result = await deployToSwarm(docker, broken, { secretValues, timeoutMs: 180_000 });

    expect(result.services['status-backend']?.outcome).toBe('rolled-back');
    const [service] = (await docker.listServices({
      filters: { name: ['stswarm_status-backend'] },
    })) as Array<{
      Spec: { TaskTemplate: { ContainerSpec: { Healthcheck?: { Test: string[] } } } };
      UpdateStatus?: { State: string };
    }>;
    expect(service?.UpdateStatus?.State).toBe('rollback_completed');
    expect(service?.Spec.TaskTemplate.ContainerSpec.Healthcheck?.Test).toEqual(backendHealth.test);
    expect(await runningTasks('status-backend')).toHaveLength(2);
    expect((await viaProxy('/backend/health')).status).toBe(200);
    // Neither the current spec nor the previous one uses the first JWT secret any more: removed.
    expect(await secretNames()).toHaveLength(2);
  });
});

async function secretNames(): Promise<string[]> {
  return ((await docker.listSecrets()) as Array<{ Spec: { Name: string } }>).map((s) => s.Spec.Name).sort();
}

/** The environment of a container's main process (what the secret entrypoint exported included). */
async function processEnv(id: string): Promise<string[]> {
  const exec = await docker.getContainer(id).exec({ Cmd: ['cat', '/proc/1/environ'], AttachStdout: true });
  const stream = await exec.start({});
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split('\0');
}
