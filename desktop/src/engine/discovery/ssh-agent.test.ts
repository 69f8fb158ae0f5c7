// HTTP to an engine over SSH channels (`docker system dial-stdio`), against a real SSH server
// (ssh2's) in front of this machine's engine: how many channels a series of requests opens.
import { inspect } from 'node:util';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshDialAgent, type SshDialAgentOptions } from './ssh-agent.js';
import { startSshEngine, type SshEngine } from './test-support.js';

let server: SshEngine;
const agents: SshDialAgent[] = [];

beforeAll(async () => {
  server = await startSshEngine();
});
afterAll(async () => {
  for (const agent of agents) agent.destroy();
  await server?.close();
});

function engineOver(opts: SshDialAgentOptions = {}): Docker {
  const agent = new SshDialAgent(
    { host: '127.0.0.1', port: server.port, username: 'ops', privateKey: server.clientPrivateKey },
    opts,
  );
  agents.push(agent);
  return new Docker({
    protocol: 'http',
    host: '127.0.0.1',
    port: server.port,
    agent,
  } as Docker.DockerOptions);
}

async function until(what: string, probe: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs `work` and returns how many dial-stdio channels it opened. */
async function dialsDuring(work: () => Promise<unknown>): Promise<number> {
  const before = server.dials.opened;
  await work();
  return server.dials.opened - before;
}

describe('SshDialAgent', () => {
  it('keeps a channel for the next request: ten requests in a row open one', async () => {
    const docker = engineOver();
    expect(
      await dialsDuring(async () => {
        for (let i = 0; i < 10; i++) await docker.ping();
      }),
    ).toBe(1);
  });

  it('requests at once each get a channel; a few are kept for the next ones', async () => {
    const docker = engineOver();
    expect(
      await dialsDuring(() => Promise.all(Array.from({ length: 6 }, () => docker.listContainers()))),
    ).toBe(6);
    // Four were kept (the rest closed): four more at once open none.
    expect(await dialsDuring(() => Promise.all(Array.from({ length: 4 }, () => docker.version())))).toBe(0);
  });

  it('without keep-alive, a channel per request', async () => {
    const docker = engineOver({ keepAlive: false });
    expect(
      await dialsDuring(async () => {
        for (let i = 0; i < 3; i++) await docker.ping();
      }),
    ).toBe(3);
  });

  it('closes a kept channel left unused, and opens one again when asked', async () => {
    const open = server.dials.open;
    const docker = engineOver({ freeChannelMs: 100 });
    await docker.ping();
    await until('the unused channel to close', () => server.dials.open === open);
    expect(await docker.ping()).toBeTruthy();
  });

  it('after the SSH connection drops, the next request logs in again and is answered', async () => {
    const docker = engineOver();
    const agent = agents.at(-1)!;
    await docker.ping();
    expect(Object.values(agent.freeSockets).flat()).toHaveLength(1);
    server.dropClients();
    // The kept channel closes with its connection, and the agent lets it go.
    await until('the kept channel to be let go', () => Object.values(agent.freeSockets).flat().length === 0);
    expect(String(await docker.ping())).toBe('OK');
  });

  it('is cheap to inspect (docker-modem inspects every request’s options, agent included)', async () => {
    const docker = engineOver();
    await Promise.all([docker.ping(), docker.version()]);
    const shown = inspect(agents.at(-1), { showHidden: true, depth: null });
    expect(shown).toBe(`SshDialAgent(ssh://ops@127.0.0.1:${server.port})`);
  });
});
