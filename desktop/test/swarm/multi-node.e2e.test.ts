// stack/compose.yaml on a Swarm of two nodes (two engines, each in a network namespace of its own,
// joined over a link the test creates; see two-node-swarm.ts): refused until the operator says
// which node keeps the data, then the data services on that node, each stateless service's tasks
// spread over both, and STATUS answering through the proxy on each node — on the worker, the
// backend reaches PostgreSQL on the other node through the overlay. Grafana, MongoDB and the
// Governify services are the HTTP stand-in (test images).
import Docker from 'dockerode';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureImages } from '../../src/engine/images/ensure.js';
import { noProgress } from '../../src/engine/progress.js';
import { DEFAULT_PORTS, saveSettings, type PortName } from '../../src/engine/settings/index.js';
import { DATA_NODE_LABEL } from '../../src/engine/swarm/roles.js';
import { Stack } from '../../src/launcher/stack.js';
import { freePort } from '../free-port.js';
import { testImageEnv } from '../images/build-images.js';
import { startTwoNodeSwarm, type TwoNodeSwarm } from './two-node-swarm.js';

const PROJECT = 'sttwonodes';
let swarm: TwoNodeSwarm | undefined;
let home: string;
let stack: Stack;
let httpPort: number;

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'st-swarm-two-'));
  const ports = {} as Record<PortName, number>;
  for (const name of Object.keys(DEFAULT_PORTS) as PortName[]) ports[name] = await freePort();
  httpPort = ports.http;
  await saveSettings({ projectName: PROJECT, ports }, home);
  const env = { ...process.env, ...testImageEnv() };
  delete env.STATUS_PROJECT_NAME;
  // Built on the machine's engine, then copied to each node (a real cluster pulls from a registry).
  const local = await Stack.open({ home, env });
  await ensureImages(new Docker(), local.project, { services: local.services, onProgress: noProgress });
  const images = [...new Set(Object.values(local.project.services).map((s) => s.image))];
  swarm = await startTwoNodeSwarm(images);
  stack = await Stack.open({ home, env, docker: swarm.manager.engine.docker });
}, 900_000);

afterAll(async () => {
  await swarm?.remove();
  await rm(home, { recursive: true, force: true });
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

it('deploys over both nodes: data on the labelled one, stateless tasks spread, STATUS answering on each node', async () => {
  const { manager, worker } = swarm!;
  await swarm!.label(manager, DATA_NODE_LABEL, 'true');
  const result = await stack.deploySwarm({ timeoutMs: 420_000 });
  expect(Object.values(result.services).every((s) => s.outcome === 'created')).toBe(true);

  const status = await stack.status();
  for (const service of Object.values(status.services))
    expect(`${service.service} ${service.state}`).toMatch(/ healthy$/);

  for (const data of ['postgres', 'mongo-registry', 'dragonfly', 'grafana', 'nodered'])
    expect(await nodesOf(data), data).toEqual([manager.id]);
  // Swarm spreads a service's tasks over the nodes: one backend task on each.
  expect((await nodesOf('status-backend')).sort()).toEqual([manager.id, worker.id].sort());

  // The proxy on each node answers; on the worker, its backend reaches PostgreSQL on the manager.
  for (const node of [manager, worker]) {
    const health = await fetch(`http://${node.address}:${httpPort}/backend/health`);
    expect(health.status, node.address).toBe(200);
    expect(await health.json()).toMatchObject({ services: { postgres: 'up', redis: 'up', nodered: 'up' } });
  }
});
