// stack/compose.yaml itself on a one-node Swarm (a second engine), through the Stack the CLI uses
// (`deploy --swarm`, then `ps` and `logs`): the Compose files (init scripts, provisioning folders,
// the proxy's configuration) carried as Swarm configs, secrets as Swarm secrets, every service
// healthy and STATUS answering through the proxy. Grafana, MongoDB and the Governify services are
// the HTTP stand-in (test images); PostgreSQL, Redis, nginx, Node-RED, the backend and frontend are real.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { execInContainer } from '../../src/engine/docker/exec.js';
import type { Stack } from '../../src/launcher/stack.js';
import type { SecondDockerd } from '../engine/second-dockerd.js';
import { prepareSwarmStackHome, type SwarmStackHome } from './stack-home.js';
import { startSwarmEngine } from './swarm-engine.js';

let engine: SecondDockerd | undefined;
let project: SwarmStackHome | undefined;
let stack: Stack;
let httpPort: number;

beforeAll(async () => {
  project = await prepareSwarmStackHome('stswarmstack');
  httpPort = project.httpPort;
  engine = await startSwarmEngine(project.images);
  stack = await project.open(engine.docker);
}, 600_000);

afterAll(async () => {
  await engine?.remove();
  await project?.remove();
});

it('deploys stack/compose.yaml: every service healthy, STATUS answering through the proxy, ps and logs from the Swarm (stand-ins for Grafana, MongoDB, Governify)', async () => {
  const result = await stack.deploySwarm({ timeoutMs: 300_000 });
  expect(Object.values(result.services).every((s) => s.outcome === 'created')).toBe(true);
  expect(Object.keys(result.services)).toHaveLength(10);
  // The setup steps of `up`, run against the Swarm's tasks.
  expect(result.setup?.map((s) => `${s.step}: ${s.outcome}`)).toEqual([
    'grafana-database: done',
    'grafana-token: done',
  ]);

  const status = await stack.status();
  expect(status.state).toBe('running');
  expect(status.services['status-backend']?.containerName).toBe('stswarmstack_status-backend (2/2 tasks)');
  for (const service of Object.values(status.services))
    expect(`${service.service} ${service.state}`).toMatch(/ healthy$/);

  const health = await fetch(`http://127.0.0.1:${httpPort}/backend/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ services: { postgres: 'up', redis: 'up', nodered: 'up' } });
  const page = await fetch(`http://127.0.0.1:${httpPort}/`);
  expect(await page.text()).toMatch(/<!doctype html>/i);

  const lines: string[] = [];
  for await (const line of stack.logs(['postgres'], { tail: 'all' })) lines.push(line.text);
  // The init script came in as a Swarm config and ran.
  expect(lines.join('\n')).toMatch(/running \/docker-entrypoint-initdb\.d\/10-init\.sql/);
});

it("stores the backend's Grafana token (made in the Grafana stand-in through a backend task) and updates the backend with it", async () => {
  const token = (await stack.store.secrets()).grafanaApiKey;
  expect(token).toMatch(/\S{20,}/);
  const backends = await engine!.docker.listContainers({
    filters: { label: ['com.docker.swarm.service.name=stswarmstack_status-backend'] },
  });
  expect(backends).toHaveLength(2);
  for (const c of backends) expect(await processEnv(c.Id)).toContain(`GRAFANA_API_KEY=${token}`);
});

it("lets Grafana take sign-ins from the grafana-auth overlay's subnet, a task having no fixed address (Grafana is the HTTP stand-in: the whitelist is asserted as configured)", async () => {
  const net = (await engine!.docker.getNetwork('stswarmstack_grafana-auth').inspect()) as {
    IPAM: { Config: Array<{ Subnet: string }> };
    Containers?: Record<string, { Name: string }>;
  };
  const subnet = net.IPAM.Config[0]!.Subnet;
  expect(subnet).toMatch(/^\d+\.\d+\.\d+\.0\/28$/);
  const [grafana] = (await engine!.docker.listServices({
    filters: { name: ['stswarmstack_grafana'] },
  })) as Array<{ Spec: { TaskTemplate: { ContainerSpec: { Env: string[] } } } }>;
  expect(grafana!.Spec.TaskTemplate.ContainerSpec.Env).toContain(`GF_AUTH_PROXY_WHITELIST=${subnet}`);
  // Only Grafana and the proxy are on it (and the node's load balancer endpoint).
  const members = Object.values(net.Containers ?? {}).map((c) => c.Name.replace(/\..*$/, ''));
  expect(new Set(members.filter((m) => !m.endsWith('-endpoint') && !m.startsWith('lb-')))).toEqual(
    new Set(['stswarmstack_grafana', 'stswarmstack_reverse-proxy']),
  );
});

/** The environment of a container's main process (what the secret entrypoint exported included). */
async function processEnv(id: string): Promise<string[]> {
  const result = await execInContainer(engine!.docker.getContainer(id), ['cat', '/proc/1/environ'], 10_000);
  return result.output.split('\0');
}
