// stack/compose.yaml on a Swarm of two nodes (two engines, each in a network namespace of its own,
// joined over a link the test creates; see two-node-swarm.ts): refused until the operator says
// which node keeps the data, then the data services on that node, each stateless service's tasks
// placed over both, and STATUS answering through the proxy on each node — through the worker's,
// every request crosses the overlay to the other node (PostgreSQL is there). Grafana, MongoDB and the
// Governify services are the HTTP stand-in (test images).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DATA_NODE_LABEL } from '../../src/engine/swarm/roles.js';
import type { Stack } from '../../src/launcher/stack.js';
import { prepareSwarmStackHome, type SwarmStackHome } from './stack-home.js';
import { startTwoNodeSwarm, type TwoNodeSwarm } from './two-node-swarm.js';

const PROJECT = 'sttwonodes';
let swarm: TwoNodeSwarm | undefined;
let project: SwarmStackHome | undefined;
let stack: Stack;

beforeAll(async () => {
  project = await prepareSwarmStackHome(PROJECT);
  // Copied to each node: a real cluster would pull them from a registry.
  swarm = await startTwoNodeSwarm(project.images);
  stack = await project.open(swarm.manager.engine.docker);
}, 900_000);

afterAll(async () => {
  await swarm?.remove();
  await project?.remove();
}, 180_000);

interface TaskInfo {
  NodeID: string;
  Status: { State: string };
  Spec: { ContainerSpec: { Image: string } };
}

/** The nodes running a service's tasks now. */
async function nodesOf(service: string): Promise<string[]> {
  const tasks = (await swarm!.manager.engine.docker.listTasks({
    filters: { service: [`${PROJECT}_${service}`], 'desired-state': ['running'] },
  })) as TaskInfo[];
  return tasks.filter((t) => t.Status.State === 'running').map((t) => t.NodeID);
}

it('is refused until one node is labelled for the data, saying how', async () => {
  await expect(stack.deploySwarm({ timeoutMs: 60_000 })).rejects.toMatchObject({
    message: expect.stringContaining(`No node of this Swarm carries the label ${DATA_NODE_LABEL}=true`),
    hint: expect.stringContaining(`docker node update --label-add ${DATA_NODE_LABEL}=true`),
  });
  expect(await swarm!.manager.engine.docker.listServices()).toEqual([]);
});

it('deploys over both nodes: data on the labelled one, stateless tasks on both, STATUS answering on each node', async () => {
  const { manager, worker } = swarm!;
  await swarm!.label(manager, DATA_NODE_LABEL, 'true');
  const result = await stack.deploySwarm({ timeoutMs: 420_000 });
  expect(Object.values(result.services).every((s) => s.outcome === 'created')).toBe(true);
  // The setup steps run through tasks on the manager (the engine deploy talks to): PostgreSQL's
  // there with the data, and one of the backend's two tasks.
  expect(result.setup?.map((s) => `${s.step}: ${s.outcome}`)).toEqual([
    'grafana-database: done',
    'grafana-token: done',
  ]);

  const status = await stack.status();
  for (const service of Object.values(status.services))
    expect(`${service.service} ${service.state}`).toMatch(/ healthy$/);

  for (const data of ['postgres', 'mongo-registry', 'dragonfly', 'grafana', 'nodered'])
    expect(await nodesOf(data), data).toEqual([manager.id]);
  // The door runs on each node; the stateless services' tasks may go to either node (Swarm places
  // a rolling update's new task where it fits), and some run on the worker.
  expect((await nodesOf('reverse-proxy')).sort()).toEqual([manager.id, worker.id].sort());
  const stateless = ['status-backend', 'status-frontend'];
  const placed = (await Promise.all(stateless.map(nodesOf))).flat();
  expect(placed).toHaveLength(4);
  expect(placed).toContain(worker.id);

  // The proxy on each node answers. Through the worker's, the request crosses the overlay to the
  // manager at least once: to a backend there, or from a backend on the worker to PostgreSQL.
  for (const node of [manager, worker]) {
    const health = await fetch(`http://${node.address}:${project!.httpPort}/backend/health`);
    expect(health.status, node.address).toBe(200);
    expect(await health.json()).toMatchObject({ services: { postgres: 'up', redis: 'up', nodered: 'up' } });
  }
});
