// The engine chosen in Settings → Engine, against the real engine through a TLS proxy (client
// certificates checked, like dockerd --tlsverify) and a real SSH server running dial-stdio.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStatusError } from '../errors.js';
import type { EngineChoice, EngineTls } from '../settings/engine-choice.js';
import { connectChosenEngine, diagnoseChosenEngine, testEngine } from './chosen.js';
import {
  ENGINE_SOCKET,
  homeWithSshKey,
  makeCertificates,
  refusedPort,
  removeTempDirs,
  startSshEngine,
  startTlsProxy,
  tempDir,
  writeContext,
  type Certificates,
  type Proxy,
  type SshEngine,
} from './test-support.js';

afterAll(removeTempDirs);

const bare = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  PATH: tempDir('st-chosen-path-'),
  ...extra,
});

function tlsFiles(dir: string, caDir = dir): { ca: string; cert: string; key: string } {
  return { ca: path.join(caDir, 'ca.pem'), cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem') };
}

describe('testEngine: tcp:// with TLS certificate files', () => {
  let certs: Certificates;
  let strangers: Certificates;
  let proxy: Proxy;
  beforeAll(async () => {
    certs = makeCertificates();
    strangers = makeCertificates(); // another CA: neither its CA nor its client certificate fit
    proxy = await startTlsProxy(certs);
  });
  afterAll(async () => {
    await proxy?.close();
  });
  const tcp = (tls: EngineTls | undefined, name = 'remote-1'): EngineChoice => ({
    kind: 'tcp',
    host: `tcp://127.0.0.1:${proxy.port}`,
    name,
    ...(tls ? { tls } : {}),
  });

  it('answers with the version, API, OS/arch and the resources', async () => {
    const result = await testEngine(tcp(tlsFiles(certs.clientDir)), { env: bare(), homeDir: tempDir() });
    expect(result.problem).toBeUndefined();
    expect(result).toMatchObject({ ok: true, name: 'remote-1', endpoint: `tcp://127.0.0.1:${proxy.port}` });
    expect(Number.parseFloat(result.version!.apiVersion)).toBeGreaterThanOrEqual(1.41);
    expect(result.version!.os).toBe('linux');
    expect(result.resources!.cpus).toBeGreaterThan(0);
    expect(result.resources!.memoryBytes).toBeGreaterThan(0);
    expect(typeof result.resources!.swarmManager).toBe('boolean');
  });

  it('a CA that did not sign the engine certificate: "wrong CA", and which file to change', async () => {
    const result = await testEngine(tcp(tlsFiles(certs.clientDir, strangers.clientDir)), {
      env: bare(),
      homeDir: tempDir(),
    });
    expect(result.ok).toBe(false);
    expect(result.problem!.message).toContain('wrong CA');
    expect(result.problem!.message).toContain(path.join(strangers.clientDir, 'ca.pem'));
    expect(result.problem!.hint).toContain('--tlscacert');
  });

  it('a client certificate the engine does not trust: refused, named', async () => {
    const result = await testEngine(
      tcp({ ...tlsFiles(strangers.clientDir), ca: path.join(certs.clientDir, 'ca.pem') }),
      {
        env: bare(),
        homeDir: tempDir(),
      },
    );
    expect(result.ok).toBe(false);
    expect(result.problem!.code).toBe('ENGINE_PERMISSION');
    expect(result.problem!.message).toMatch(/refused this computer's client certificate/);
    expect(result.problem!.message).toContain(path.join(strangers.clientDir, 'cert.pem'));
  });

  it('no certificates for an engine that expects TLS: says TLS', async () => {
    const result = await testEngine(tcp(undefined), { env: bare(), homeDir: tempDir(), timeoutMs: 2000 });
    expect(result.ok).toBe(false);
    expect(result.problem!.message).toMatch(/TLS|closed the connection/);
  });

  it('a certificate file that is not there: names it, before any connection', async () => {
    const files = { ...tlsFiles(certs.clientDir), key: '/nonexistent/key.pem' };
    const result = await testEngine(tcp(files), { env: bare(), homeDir: tempDir() });
    expect(result.problem!.message).toContain('The client key /nonexistent/key.pem cannot be read (ENOENT)');
  });

  it('connectChosenEngine throws the same words as a StatusError', async () => {
    const error = await connectChosenEngine(tcp(tlsFiles(certs.clientDir, strangers.clientDir)), {
      env: bare(),
      homeDir: tempDir(),
    }).catch((e: unknown) => e);
    expect(isStatusError(error, 'ENGINE_UNREACHABLE')).toBe(true);
    expect((error as Error).message).toContain('wrong CA');
  });
});

describe('testEngine: refused and unanswered addresses', () => {
  it('a tcp:// port nobody listens on: refused, with where to look', async () => {
    const port = await refusedPort();
    const result = await testEngine(
      { kind: 'tcp', host: `tcp://127.0.0.1:${port}` },
      { env: bare(), homeDir: tempDir() },
    );
    expect(result.problem!.message).toContain('connection refused');
    expect(result.problem!.hint).toContain('dockerd listens there');
  });
});

describe('testEngine: ssh:// with the keys in ~/.ssh', () => {
  let engine: SshEngine;
  beforeAll(async () => {
    engine = await startSshEngine();
  });
  afterAll(async () => {
    await engine?.close();
  });
  const sshHome = (knownHosts?: string): string => homeWithSshKey(engine.clientPrivateKey, knownHosts);
  const ssh = (): EngineChoice => ({ kind: 'ssh', host: `ssh://tester@127.0.0.1:${engine.port}` });

  it('reaches the engine when the host key is known', async () => {
    const result = await testEngine(ssh(), { env: bare(), homeDir: sshHome(`${engine.knownHostsLine}\n`) });
    expect(result.problem).toBeUndefined();
    expect(result.endpoint).toBe(`ssh://tester@127.0.0.1:${engine.port}`);
    expect(result.name).toBe(`ssh://tester@127.0.0.1:${engine.port}`);
  });

  it('connected, keeps the same SSH login for other channels (the launcher forwards the proxy port with it)', async () => {
    const driven = await connectChosenEngine(ssh(), {
      env: bare(),
      homeDir: sshHome(`${engine.knownHostsLine}\n`),
    });
    expect(driven.local).toBe(true); // ssh to this very machine
    expect(driven.ssh).toMatchObject({ host: '127.0.0.1', port: engine.port, username: 'tester' });
    expect(driven.ssh!.privateKey).toBeDefined();
    expect(typeof driven.ssh!.hostVerifier).toBe('function');
  });

  it('an unknown host key: says so and how to accept it', async () => {
    const result = await testEngine(ssh(), { env: bare(), homeDir: sshHome() });
    expect(result.problem!.message).toContain('is not in ~/.ssh/known_hosts');
    expect(result.problem!.hint).toContain('accept it with `ssh`');
  });
});

describe('connectChosenEngine: a Docker context and the default', () => {
  it('a context of the store, by name', async () => {
    const config = tempDir();
    writeContext(config, 'st-here', `unix://${ENGINE_SOCKET}`);
    const engine = await connectChosenEngine(
      { kind: 'context', name: 'st-here' },
      { env: bare({ DOCKER_CONFIG: config }), homeDir: tempDir() },
    );
    expect(engine).toMatchObject({ name: 'st-here', endpoint: `unix://${ENGINE_SOCKET}`, local: true });
  });

  it('a context that is gone: says which and how to list them', async () => {
    const result = await testEngine(
      { kind: 'context', name: 'gone' },
      { env: bare({ DOCKER_CONFIG: tempDir() }), homeDir: tempDir() },
    );
    expect(result.problem!.message).toContain('The Docker context "gone" does not exist');
    expect(result.problem!.hint).toContain('docker context ls');
  });

  it('the default is found as today (here: DOCKER_HOST)', async () => {
    const engine = await connectChosenEngine(
      { kind: 'default' },
      { env: bare({ DOCKER_HOST: `unix://${ENGINE_SOCKET}` }), homeDir: tempDir() },
    );
    expect(engine).toMatchObject({ name: 'default', endpoint: `unix://${ENGINE_SOCKET}` });
  });
});

describe('diagnoseChosenEngine: the setup page for the chosen engine', () => {
  it('a chosen engine that answers: ok, from settings, with its version and features', async () => {
    const config = tempDir();
    writeContext(config, 'st-here', `unix://${ENGINE_SOCKET}`);
    const diagnosis = await diagnoseChosenEngine(
      { kind: 'context', name: 'st-here' },
      { env: bare({ DOCKER_CONFIG: config }), homeDir: tempDir() },
    );
    expect(diagnosis).toMatchObject({ ok: true, source: 'settings', endpoint: `unix://${ENGINE_SOCKET}` });
    expect(diagnosis.version?.apiVersion).toBeTruthy();
    expect(diagnosis.features).toBeDefined();
  });

  it('one that does not: the problem with what to do', async () => {
    const port = await refusedPort();
    const diagnosis = await diagnoseChosenEngine(
      { kind: 'tcp', host: `tcp://127.0.0.1:${port}`, name: 'lab' },
      { env: bare(), homeDir: tempDir() },
    );
    expect(diagnosis.ok).toBe(false);
    expect(diagnosis.problem?.message).toContain('connection refused');
    expect(diagnosis.candidates[0]).toMatchObject({ source: 'settings', result: 'error' });
  });
});
