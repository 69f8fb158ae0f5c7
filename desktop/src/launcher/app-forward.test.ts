// AppForward with hand-made status snapshots and a fake driven engine; the forward itself is the real
// openSshForward over the test SSH server (one machine: the "server's" port and ours differ, so the
// tests that open a real forward move the proxy's port to a free one first).
import http from 'node:http';
import net from 'node:net';
import type Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DrivenEngine } from '../engine/discovery/chosen.js';
import { openSshForward, type SshForward, type SshForwardTarget } from '../engine/discovery/ssh-forward.js';
import { StatusError } from '../engine/errors.js';
import {
  closeServer,
  refusedPort,
  startSshEngine,
  type SshEngine,
} from '../engine/discovery/test-support.js';
import type { ProjectStatus, ServiceState } from '../engine/status/model.js';
import { AppForward, wantedForward } from './app-forward.js';

const INFO = { name: 'lab', endpoint: 'ssh://ops@lab', version: '27.3.1' };

function engineAt(extra: Partial<DrivenEngine> = {}): DrivenEngine {
  return {
    docker: {} as Docker,
    name: 'lab',
    endpoint: 'ssh://ops@lab',
    version: { engine: '27.3.1', apiVersion: '1.47' } as DrivenEngine['version'],
    local: false,
    ssh: { host: 'lab', username: 'ops' },
    ...extra,
  };
}

function status(proxy: ServiceState | undefined, port = 8080, hostIp = '127.0.0.1'): ProjectStatus {
  const services: ProjectStatus['services'] = {};
  if (proxy) {
    services['reverse-proxy'] = {
      service: 'reverse-proxy',
      state: proxy,
      restartCount: 0,
      ports: [{ hostIp, hostPort: port, containerPort: 80, protocol: 'tcp' }],
    };
  }
  return { project: 'status', engine: 'connected', state: 'running', services, updatedAt: 0 };
}

/** A fake opener that records what it was asked and can be told to fail. */
function fakeOpen(fail?: Error) {
  const opened: SshForwardTarget[] = [];
  const closed: number[] = [];
  const open = async (_ssh: unknown, target: SshForwardTarget): Promise<SshForward> => {
    if (fail) throw fail;
    opened.push(target);
    return { localPort: target.localPort, close: async () => void closed.push(target.localPort) };
  };
  return { open, opened, closed };
}

/** Resolves once onChange has been called `times` times in all. */
function changes() {
  let count = 0;
  const waiters: Array<{ times: number; resolve: () => void }> = [];
  return {
    onChange: () => {
      count += 1;
      for (const w of waiters.filter((x) => count >= x.times)) w.resolve();
    },
    reached: (times: number) =>
      new Promise<void>((resolve) => (count >= times ? resolve() : waiters.push({ times, resolve }))),
  };
}

describe('wantedForward', () => {
  it('only an ssh:// engine elsewhere whose reverse proxy runs with a published port', () => {
    expect(wantedForward(engineAt(), status('healthy'))).toMatchObject({
      port: 8080,
      remoteHost: '127.0.0.1',
    });
    expect(wantedForward(engineAt(), status('healthy', 8080, ''))).toMatchObject({ remoteHost: '127.0.0.1' });
    expect(wantedForward(engineAt(), status('healthy', 8080, '10.0.0.5'))).toMatchObject({
      remoteHost: '10.0.0.5',
    });
    expect(wantedForward(engineAt({ local: true }), status('healthy'))).toBeUndefined();
    expect(wantedForward(engineAt({ ssh: undefined }), status('healthy'))).toBeUndefined();
    expect(wantedForward(undefined, status('healthy'))).toBeUndefined();
    expect(wantedForward(engineAt(), status('exited'))).toBeUndefined();
    expect(wantedForward(engineAt(), status(undefined))).toBeUndefined();
    expect(wantedForward(engineAt(), { ...status('healthy'), engine: 'reconnecting' })).toBeUndefined();
  });
});

describe('AppForward with a fake opener', () => {
  it('opens the same port here while the proxy runs, closes it when the platform stops', async () => {
    const fake = fakeOpen();
    const seen = changes();
    const forward = new AppForward({ engine: () => engineAt(), onChange: seen.onChange, open: fake.open });
    forward.update(status('starting'));
    forward.update(status('healthy')); // same engine, same port: nothing new
    await seen.reached(1);
    expect(fake.opened).toEqual([{ localPort: 8080, remoteHost: '127.0.0.1', remotePort: 8080 }]);
    expect(forward.describe(INFO)).toEqual({ ...INFO, forward: { url: 'http://localhost:8080/' } });
    forward.update(status('exited'));
    await seen.reached(2);
    expect(fake.closed).toEqual([8080]);
    expect(forward.describe(INFO)).toEqual(INFO);
    await forward.close();
  });

  it('another engine chosen: the old forward closes before the new one opens', async () => {
    const fake = fakeOpen();
    const seen = changes();
    let engine = engineAt();
    const forward = new AppForward({ engine: () => engine, onChange: seen.onChange, open: fake.open });
    forward.update(status('healthy'));
    await seen.reached(1);
    engine = engineAt({ name: 'lab2' });
    forward.update(status('healthy', 9090));
    await seen.reached(2);
    expect(fake.closed).toEqual([8080]);
    expect(fake.opened.map((t) => t.localPort)).toEqual([8080, 9090]);
    await forward.close();
    expect(fake.closed).toEqual([8080, 9090]);
  });

  it('a port taken here: no forward, and the status says why', async () => {
    const fake = fakeOpen(
      new StatusError('PORT_IN_USE', 'Port 8080 on this computer is already in use.', 'Close it.'),
    );
    const seen = changes();
    const forward = new AppForward({ engine: () => engineAt(), onChange: seen.onChange, open: fake.open });
    forward.update(status('healthy'));
    await seen.reached(1);
    expect(forward.describe(INFO)?.forward).toEqual({
      problem: 'Port 8080 on this computer is already in use. Close it.',
    });
    await forward.close();
  });

  it('a local or tcp:// engine: nothing opens and the info is unchanged', async () => {
    const fake = fakeOpen();
    const forward = new AppForward({
      engine: () => engineAt({ local: true }),
      onChange: () => undefined,
      open: fake.open,
    });
    forward.update(status('healthy'));
    await forward.close();
    expect(fake.opened).toEqual([]);
    expect(forward.describe(INFO)).toEqual(INFO);
  });
});

describe('AppForward over the test SSH server (real openSshForward)', () => {
  let sshd: SshEngine;
  let web: http.Server;
  let webPort: number;
  beforeAll(async () => {
    sshd = await startSshEngine();
    web = http.createServer((_req, res) => res.end('STATUS'));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    webPort = (web.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await closeServer(web);
    await sshd?.close();
  });
  let forward: AppForward | undefined;
  afterEach(() => forward?.close());

  it('the URL answers while it runs and the port is free again after close()', async () => {
    const engine = engineAt({
      ssh: { host: '127.0.0.1', port: sshd.port, username: 'tester', privateKey: sshd.clientPrivateKey },
    });
    const seen = changes();
    // One machine plays both ends: the forward listens on a free port and reaches the web server's.
    const here = await refusedPort();
    forward = new AppForward({
      engine: () => engine,
      onChange: seen.onChange,
      open: (ssh, target) => openSshForward(ssh, { ...target, localPort: here, remotePort: webPort }),
    });
    forward.update(status('healthy', webPort));
    await seen.reached(1);
    const body = await new Promise<string>((resolve, reject) =>
      http
        .get({ host: '127.0.0.1', port: here, agent: false }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve(text));
        })
        .on('error', reject),
    );
    expect(body).toBe('STATUS');
    await forward.close();
    const again = net.createServer();
    await new Promise<void>((resolve, reject) =>
      again.once('error', reject).listen(here, '127.0.0.1', resolve),
    );
    await closeServer(again);
  });
});
