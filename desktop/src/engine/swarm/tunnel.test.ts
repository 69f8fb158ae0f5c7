// The tunnel on the machine's engine (no Swarm needed): a container of the HTTP stand-in image,
// reached through a loopback port relayed by an exec inside it, not through a published port.
import Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTunnel, type Tunnel } from './tunnel.js';

const docker = new Docker();
let container: Docker.Container;
let tunnel: Tunnel;

beforeAll(async () => {
  container = await docker.createContainer({
    Image: 'status-test/standin:1',
    Env: ['STANDIN_PORTS=3000', 'STANDIN_NAME=tunnel-target'],
    Labels: { 'org.status.desktop.test': 'swarm-tunnel' },
  });
  await container.start();
  tunnel = await openTunnel(container, '127.0.0.1', 3000);
}, 60_000);

afterAll(async () => {
  await tunnel?.close();
  await container?.remove({ force: true });
});

/** The stand-in answers once it listens; its start is not instant on a busy machine. */
async function getUntilAnswered(url: string, init?: RequestInit): Promise<Response> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await fetch(url, init);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}

it('relays HTTP requests and their bodies to a port only the container can reach', async () => {
  const base = `http://127.0.0.1:${tunnel.port}`;
  const first = await getUntilAnswered(`${base}/anything`);
  expect(first.status).toBe(200);
  expect(await first.json()).toMatchObject({ standin: true, name: 'tunnel-target' });
  // A request with a body, on a connection of its own.
  const health = await fetch(`${base}/grafana/api/health`, { headers: { connection: 'close' } });
  expect(health.status).toBe(200);
  const refused = await fetch(`${base}/grafana/api/serviceaccounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'x', role: 'Admin' }),
  });
  expect(refused.status).toBe(401);
});

it('closes the client connection when nothing listens on the target port', async () => {
  const nowhere = await openTunnel(container, '127.0.0.1', 3999);
  try {
    await expect(fetch(`http://127.0.0.1:${nowhere.port}/`)).rejects.toThrow();
  } finally {
    await nowhere.close();
  }
});
