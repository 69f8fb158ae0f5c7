// openSshForward against a real SSH server (ssh2's, test-support) and a real HTTP server: one machine
// plays both ends, so the forward listens on another port than the one it reaches.
import http from 'node:http';
import net from 'node:net';
import type { ConnectConfig } from 'ssh2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StatusError } from '../errors.js';
import { openSshForward, type SshForward } from './ssh-forward.js';
import { closeServer, refusedPort, startSshEngine, type SshEngine } from './test-support.js';

let engine: SshEngine;
let web: http.Server;
let webPort: number;
let login: ConnectConfig;
const forwards: SshForward[] = [];

beforeAll(async () => {
  engine = await startSshEngine();
  login = { host: '127.0.0.1', port: engine.port, username: 'tester', privateKey: engine.clientPrivateKey };
  web = http.createServer((req, res) => res.end(`hello ${req.url}`));
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  webPort = (web.address() as net.AddressInfo).port;
});

afterEach(async () => {
  await Promise.all(forwards.splice(0).map((forward) => forward.close()));
});

afterAll(async () => {
  await closeServer(web);
  await engine?.close();
});

async function forward(remotePort = webPort): Promise<SshForward> {
  const opened = await openSshForward(login, { localPort: await refusedPort(), remotePort });
  forwards.push(opened);
  return opened;
}

/** A GET with a fresh connection each time (no keep-alive: each is its own forwarded channel). */
function get(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

describe('openSshForward', () => {
  it('reaches the HTTP server on the far side through the local port', async () => {
    const { localPort } = await forward();
    expect(localPort).not.toBe(webPort);
    expect(await get(localPort, '/one')).toBe('hello /one');
  });

  it('carries several connections at once over the one login', async () => {
    const { localPort } = await forward();
    const answers = await Promise.all([1, 2, 3, 4, 5].map((n) => get(localPort, `/${n}`)));
    expect(answers).toEqual(['hello /1', 'hello /2', 'hello /3', 'hello /4', 'hello /5']);
  });

  it('logs in again on the next connection after the SSH server dropped it', async () => {
    const { localPort } = await forward();
    expect(await get(localPort, '/before')).toBe('hello /before');
    engine.dropClients();
    // The drop reaches the client a moment later; until then a request may still meet the old login.
    const deadline = Date.now() + 10_000;
    let answer = '';
    while (Date.now() < deadline) {
      answer = await get(localPort, '/after').catch(() => '');
      if (answer) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(answer).toBe('hello /after');
  });

  it('a refused channel ends that connection only', async () => {
    const { localPort } = await forward(await refusedPort());
    await expect(get(localPort, '/')).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  it('close() frees the local port', async () => {
    const opened = await forward();
    expect(await get(opened.localPort, '/')).toBe('hello /');
    await opened.close();
    const again = net.createServer();
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.listen(opened.localPort, '127.0.0.1', resolve);
    });
    await closeServer(again);
  });

  it('a local port in use is refused in words: which port, and what to do', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const error = await openSshForward(login, { localPort: port, remotePort: webPort }).catch((e) => e);
      expect(error).toBeInstanceOf(StatusError);
      expect(error.code).toBe('PORT_IN_USE');
      expect(error.message).toContain(`Port ${port} on this computer is already in use`);
      expect(error.hint).toContain(`Close the program that uses port ${port}`);
    } finally {
      await closeServer(taken);
    }
  });
});
