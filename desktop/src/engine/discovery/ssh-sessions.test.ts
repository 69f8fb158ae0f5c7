// The session pool against a real SSH server (ssh2's) that counts logins and open sessions, and can
// refuse sessions past a per-login limit as sshd's MaxSessions does.
import type { AddressInfo } from 'node:net';
import ssh2, { type ClientChannel } from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { SshSessionPool } from './ssh-sessions.js';

interface CountingServer {
  port: number;
  privateKey: string;
  /** Logins accepted so far, and logins connected now. */
  logins: number;
  connected: number;
  /** The most sessions one login had open at once. */
  maxSessionsSeen: number;
  close(): Promise<void>;
}

/** `hold`: answers "held" and keeps the session until the client closes it. */
async function startCountingServer(maxSessions = Infinity): Promise<CountingServer> {
  const hostKey = ssh2.utils.generateKeyPairSync('ed25519');
  const clientKey = ssh2.utils.generateKeyPairSync('ed25519');
  const state = { logins: 0, connected: 0, maxSessionsSeen: 0 };
  const server = new ssh2.Server({ hostKeys: [hostKey.private] }, (client) => {
    let open = 0;
    client.on('error', () => undefined);
    client.on('authentication', (ctx) =>
      ctx.method === 'publickey' ? ctx.accept() : ctx.reject(['publickey']),
    );
    client.on('ready', () => {
      state.logins += 1;
      state.connected += 1;
      client.once('close', () => (state.connected -= 1));
      client.on('session', (acceptSession, rejectSession) => {
        if (open >= maxSessions) {
          rejectSession();
          return;
        }
        open += 1;
        state.maxSessionsSeen = Math.max(state.maxSessionsSeen, open);
        const session = acceptSession();
        session.on('exec', (acceptExec) => {
          const channel = acceptExec();
          channel.write('held\n');
          channel.on('close', () => (open -= 1));
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    privateKey: clientKey.private,
    get logins() {
      return state.logins;
    },
    get connected() {
      return state.connected;
    },
    get maxSessionsSeen() {
      return state.maxSessionsSeen;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function firstLine(channel: ClientChannel): Promise<string> {
  return new Promise((resolve, reject) => {
    channel.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    channel.once('error', reject);
  });
}

async function until(what: string, probe: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(maxSessions?: number, idleMs = 60_000) {
  const server = await startCountingServer(maxSessions);
  cleanups.push(() => server.close());
  const pool = new SshSessionPool(
    { host: '127.0.0.1', port: server.port, username: 'ops', privateKey: server.privateKey },
    { sessionsPerLogin: 4, idleMs },
  );
  cleanups.push(() => pool.close());
  return { server, pool };
}

describe('SshSessionPool', () => {
  it('carries many commands at once over few logins, never more sessions per login than allowed', async () => {
    const { server, pool } = await setUp();
    const channels = await Promise.all(Array.from({ length: 18 }, () => pool.exec('hold')));
    expect(await Promise.all(channels.map(firstLine))).toEqual(Array(18).fill('held'));
    // 18 sessions, 4 per login: 5 logins, not 18.
    expect(server.logins).toBe(5);
    expect(server.maxSessionsSeen).toBe(4);
    for (const channel of channels) channel.close();
  });

  it('reuses a login once its sessions have ended', async () => {
    const { server, pool } = await setUp();
    for (let i = 0; i < 6; i++) {
      const channel = await pool.exec('hold');
      await firstLine(channel);
      const closed = new Promise((resolve) => channel.once('close', resolve));
      channel.close();
      await closed;
    }
    expect(server.logins).toBe(1);
  });

  it('a server that allows fewer sessions per login (MaxSessions 2): more logins, every command served', async () => {
    const { server, pool } = await setUp(2);
    const channels = await Promise.all(Array.from({ length: 8 }, () => pool.exec('hold')));
    expect(await Promise.all(channels.map(firstLine))).toEqual(Array(8).fill('held'));
    expect(server.maxSessionsSeen).toBe(2);
    expect(server.logins).toBeGreaterThanOrEqual(4);
    for (const channel of channels) channel.close();
  });

  it('closes a login left without sessions after the idle time, and logs in again when needed', async () => {
    const { server, pool } = await setUp(undefined, 100);
    const channel = await pool.exec('hold');
    await firstLine(channel);
    channel.close();
    await until('the idle login to close', () => server.connected === 0 && pool.loginCount === 0);
    await firstLine(await pool.exec('hold'));
    expect(server.logins).toBe(2);
  });

  it('a refused login fails the command with the SSH error and is not kept; the next command logs in anew', async () => {
    const { server } = await setUp();
    const pool = new SshSessionPool({ host: '127.0.0.1', port: server.port, username: 'ops' });
    cleanups.push(() => pool.close());
    // No key and no agent: the server takes only a public key.
    await expect(pool.exec('hold')).rejects.toThrow(/authentication methods failed/i);
    expect(pool.loginCount).toBe(0);
    await expect(pool.exec('hold')).rejects.toThrow(/authentication methods failed/i);
    expect(server.logins).toBe(0);
  });
});
