// Discovery against the real engine at /var/run/docker.sock, through real sockets, proxies and files.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isStatusError, StatusError } from '../errors.js';
import { diagnoseEngine, discoverEngine, formatDiagnosis, type DiscoveryOptions } from './index.js';
import {
  ENGINE_SOCKET,
  homeWithSshKey,
  httpSocket,
  makeCertificates,
  refusedPort,
  removeTempDirs,
  silentSocket,
  staleSocket,
  startTcpProxy,
  startTlsProxy,
  tempDir,
  startSshEngine,
  type Certificates,
  type Proxy,
  type SshEngine,
  writeContext,
} from './test-support.js';
import ssh2 from 'ssh2';

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(removeTempDirs);
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** An environment with nothing configured: no DOCKER_*, a PATH without docker. */
function bareEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: tempDir('st-discovery-path-'), ...extra };
}

async function expectProblem(opts: DiscoveryOptions, code: StatusError['code']): Promise<StatusError> {
  const error = await discoverEngine(opts).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isStatusError(error), `expected a StatusError ${code}, got ${String(error)}`).toBe(true);
  const statusError = error as StatusError;
  expect(statusError.code).toBe(code);
  expect(statusError.hint.length).toBeGreaterThan(10);
  const diagnosis = await diagnoseEngine(opts);
  expect(diagnosis.ok).toBe(false);
  expect(diagnosis.problem?.code).toBe(code);
  expect(formatDiagnosis(diagnosis)).toContain(diagnosis.problem!.message);
  return statusError;
}

describe('discoverEngine: DOCKER_HOST', () => {
  it('connects through DOCKER_HOST=unix:///var/run/docker.sock', async () => {
    const connection = await discoverEngine({
      env: bareEnv({ DOCKER_HOST: `unix://${ENGINE_SOCKET}` }),
      homeDir: tempDir(),
    });
    expect(connection.source).toBe('DOCKER_HOST');
    expect(connection.endpoint).toBe(`unix://${ENGINE_SOCKET}`);
    expect(connection.local).toBe(true);
    expect(Number.parseFloat(connection.version.apiVersion)).toBeGreaterThanOrEqual(1.41);
    expect(connection.version.os).toBe('linux');
    expect(connection.features.apiVersion).toBe(connection.version.apiVersion);
    // The client really works.
    const info = await connection.docker.info();
    expect(info.ID ?? info.Name).toBeTruthy();
  });

  it('connects over plain TCP (tcp://127.0.0.1:<port>, a real proxy to the engine socket)', async () => {
    const proxy = await startTcpProxy();
    cleanups.push(() => proxy.close());
    const connection = await discoverEngine({
      env: bareEnv({ DOCKER_HOST: `tcp://127.0.0.1:${proxy.port}` }),
      homeDir: tempDir(),
    });
    expect(connection.source).toBe('DOCKER_HOST');
    expect(connection.endpoint).toBe(`tcp://127.0.0.1:${proxy.port}`);
    expect(connection.local).toBe(true);
    const containers = await connection.docker.listContainers({ all: true });
    expect(Array.isArray(containers)).toBe(true);
  });

  it('wins over DOCKER_CONTEXT and the current context', async () => {
    const config = tempDir();
    writeContext(config, 'broken', 'unix:///nonexistent/docker.sock');
    writeFileSync(path.join(config, 'config.json'), JSON.stringify({ currentContext: 'broken' }));
    const connection = await discoverEngine({
      env: bareEnv({
        DOCKER_HOST: `unix://${ENGINE_SOCKET}`,
        DOCKER_CONTEXT: 'broken',
        DOCKER_CONFIG: config,
      }),
      homeDir: tempDir(),
    });
    expect(connection.source).toBe('DOCKER_HOST');
  });

  it('a DOCKER_HOST socket that does not exist: says the value and that it overrides everything else', async () => {
    const error = await expectProblem(
      { env: bareEnv({ DOCKER_HOST: 'unix:///nonexistent/st-docker.sock' }), homeDir: tempDir() },
      'ENGINE_UNREACHABLE',
    );
    expect(error.message).toContain('DOCKER_HOST is set to "unix:///nonexistent/st-docker.sock"');
    expect(error.message).toContain('overrides every other setting');
    expect(error.message).toContain('does not exist');
    expect(error.hint).toContain('unset DOCKER_HOST');
    // The local engine is there, and the hint says so.
    expect(error.hint).toContain(`An engine does answer at unix://${ENGINE_SOCKET}`);
  });

  it('a refused DOCKER_HOST tcp port: connection refused, no fallback to the local socket', async () => {
    const port = await refusedPort();
    const opts = { env: bareEnv({ DOCKER_HOST: `tcp://127.0.0.1:${port}` }), homeDir: tempDir() };
    const error = await expectProblem(opts, 'ENGINE_UNREACHABLE');
    expect(error.message).toContain(`DOCKER_HOST is set to "tcp://127.0.0.1:${port}"`);
    expect(error.message).toContain('connection refused');
    const diagnosis = await diagnoseEngine(opts);
    expect(diagnosis.candidates).toEqual([
      expect.objectContaining({
        source: 'DOCKER_HOST',
        result: 'refused',
        endpoint: `tcp://127.0.0.1:${port}`,
      }),
    ]);
  });

  it('a DOCKER_HOST that is not an address at all', async () => {
    const error = await expectProblem(
      { env: bareEnv({ DOCKER_HOST: 'foo://bar' }), homeDir: tempDir() },
      'ENGINE_UNREACHABLE',
    );
    expect(error.message).toContain('unsupported scheme "foo://"');
  });
});

describe('discoverEngine: TLS (DOCKER_TLS_VERIFY, context TLS material)', () => {
  let certs: Certificates;
  let proxy: Proxy;
  beforeAll(async () => {
    certs = makeCertificates();
    proxy = await startTlsProxy(certs);
  });
  afterAll(async () => {
    await proxy?.close();
  });

  it('connects with DOCKER_TLS_VERIFY=1 and certificates from DOCKER_CERT_PATH', async () => {
    const connection = await discoverEngine({
      env: bareEnv({
        DOCKER_HOST: `tcp://127.0.0.1:${proxy.port}`,
        DOCKER_TLS_VERIFY: '1',
        DOCKER_CERT_PATH: certs.clientDir,
      }),
      homeDir: tempDir(),
    });
    expect(connection.endpoint).toBe(`tcp://127.0.0.1:${proxy.port}`);
    expect(Number.parseFloat(connection.version.apiVersion)).toBeGreaterThanOrEqual(1.41);
  });

  it('takes the certificates from ~/.docker when DOCKER_CERT_PATH is unset', async () => {
    const home = tempDir();
    mkdirSync(path.join(home, '.docker'));
    for (const file of ['ca.pem', 'cert.pem', 'key.pem']) {
      writeFileSync(path.join(home, '.docker', file), readFileSync(path.join(certs.clientDir, file)));
    }
    const connection = await discoverEngine({
      env: bareEnv({ DOCKER_HOST: `tcp://127.0.0.1:${proxy.port}`, DOCKER_TLS_VERIFY: '1' }),
      homeDir: home,
    });
    expect(connection.source).toBe('DOCKER_HOST');
  });

  it('without client certificates the TLS engine refuses us, and the diagnosis says TLS', async () => {
    const error = await expectProblem(
      { env: bareEnv({ DOCKER_HOST: `tcp://127.0.0.1:${proxy.port}` }), homeDir: tempDir(), timeoutMs: 1500 },
      'ENGINE_UNREACHABLE',
    );
    expect(error.message).toMatch(/closed the connection|TLS|does not look like/);
  });

  it('DOCKER_TLS_VERIFY without a ca.pem: says where it looked', async () => {
    const error = await expectProblem(
      {
        env: bareEnv({
          DOCKER_HOST: `tcp://127.0.0.1:${proxy.port}`,
          DOCKER_TLS_VERIFY: '1',
          DOCKER_CERT_PATH: tempDir(),
        }),
        homeDir: tempDir(),
      },
      'ENGINE_UNREACHABLE',
    );
    expect(error.message).toContain('no ca.pem');
  });

  it('connects through a context that carries TLS material in contexts/tls/<sha256>/docker', async () => {
    const config = tempDir();
    writeContext(config, 'remote-tls', `tcp://127.0.0.1:${proxy.port}`, { tlsFrom: certs.clientDir });
    const connection = await discoverEngine({
      env: bareEnv({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'remote-tls' }),
      homeDir: tempDir(),
    });
    expect(connection.source).toBe('DOCKER_CONTEXT');
    expect(connection.contextName).toBe('remote-tls');
  });
});

describe('discoverEngine: ssh:// (a real SSH server that runs `docker system dial-stdio`)', () => {
  let engine: SshEngine;
  beforeAll(async () => {
    engine = await startSshEngine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  /** A home with the client key in ~/.ssh/id_ed25519 and, optionally, a known_hosts. */
  const sshHome = (knownHosts?: string, key = engine.clientPrivateKey): string =>
    homeWithSshKey(key, knownHosts);

  it('connects when the host key is in known_hosts', async () => {
    const connection = await discoverEngine({
      env: bareEnv({ DOCKER_HOST: `ssh://tester@127.0.0.1:${engine.port}` }),
      homeDir: sshHome(`# test\n${engine.knownHostsLine}\n`),
    });
    expect(connection.source).toBe('DOCKER_HOST');
    expect(connection.endpoint).toBe(`ssh://tester@127.0.0.1:${engine.port}`);
    expect(connection.local).toBe(true); // ssh to this very machine;
    expect(Array.isArray(await connection.docker.listImages())).toBe(true);
  });

  it('refuses a host whose key is not in known_hosts, and says how to trust it', async () => {
    const error = await expectProblem(
      { env: bareEnv({ DOCKER_HOST: `ssh://tester@127.0.0.1:${engine.port}` }), homeDir: sshHome() },
      'ENGINE_UNREACHABLE',
    );
    expect(error.message).toContain(`host key of [127.0.0.1]:${engine.port} is not in ~/.ssh/known_hosts`);
    expect(error.message).toContain(`ssh tester@127.0.0.1 -p ${engine.port}`);
  });

  it('refuses a host whose key differs from known_hosts', async () => {
    const other = ssh2.utils.generateKeyPairSync('ed25519').public.split(' ');
    const error = await expectProblem(
      {
        env: bareEnv({ DOCKER_HOST: `ssh://tester@127.0.0.1:${engine.port}` }),
        homeDir: sshHome(`[127.0.0.1]:${engine.port} ${other[0]} ${other[1]}\n`),
      },
      'ENGINE_UNREACHABLE',
    );
    expect(error.message).toContain('does NOT match');
  });

  it('a key the server does not accept → permission, with the ssh-agent advice', async () => {
    const stranger = ssh2.utils.generateKeyPairSync('ed25519').private;
    const error = await expectProblem(
      {
        env: bareEnv({ DOCKER_HOST: `ssh://tester@127.0.0.1:${engine.port}` }),
        homeDir: sshHome(`${engine.knownHostsLine}\n`, stranger),
      },
      'ENGINE_PERMISSION',
    );
    expect(error.message).toContain('SSH login');
    expect(error.hint).toContain('ssh-add');
  });
});

describe('discoverEngine: contexts', () => {
  it('uses the context named by DOCKER_CONTEXT (meta.json under contexts/meta/<sha256>)', async () => {
    const config = tempDir();
    writeContext(config, 'st-local', `unix://${ENGINE_SOCKET}`);
    const connection = await discoverEngine({
      env: bareEnv({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'st-local' }),
      homeDir: tempDir(),
    });
    expect(connection.source).toBe('DOCKER_CONTEXT');
    expect(connection.contextName).toBe('st-local');
    expect(connection.endpoint).toBe(`unix://${ENGINE_SOCKET}`);
  });

  it('uses currentContext from config.json in DOCKER_CONFIG', async () => {
    const config = tempDir();
    writeContext(config, 'desktop-linux', `unix://${ENGINE_SOCKET}`);
    writeFileSync(
      path.join(config, 'config.json'),
      JSON.stringify({ auths: {}, currentContext: 'desktop-linux' }),
    );
    const connection = await discoverEngine({ env: bareEnv({ DOCKER_CONFIG: config }), homeDir: tempDir() });
    expect(connection.source).toBe('context');
    expect(connection.contextName).toBe('desktop-linux');
  });

  it('uses currentContext from ~/.docker/config.json when DOCKER_CONFIG is unset', async () => {
    const home = tempDir();
    const config = path.join(home, '.docker');
    writeContext(config, 'st-home', `unix://${ENGINE_SOCKET}`);
    writeFileSync(path.join(config, 'config.json'), JSON.stringify({ currentContext: 'st-home' }));
    const connection = await discoverEngine({ env: bareEnv(), homeDir: home });
    expect(connection.source).toBe('context');
    expect(connection.contextName).toBe('st-home');
  });

  it('DOCKER_CONTEXT wins over currentContext', async () => {
    const config = tempDir();
    writeContext(config, 'a', 'unix:///nonexistent/a.sock');
    writeContext(config, 'b', `unix://${ENGINE_SOCKET}`);
    writeFileSync(path.join(config, 'config.json'), JSON.stringify({ currentContext: 'a' }));
    const connection = await discoverEngine({
      env: bareEnv({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'b' }),
      homeDir: tempDir(),
    });
    expect(connection.contextName).toBe('b');
  });

  it('"default" means no context: the known sockets are tried', async () => {
    const config = tempDir();
    writeFileSync(path.join(config, 'config.json'), JSON.stringify({ currentContext: 'default' }));
    const connection = await discoverEngine({
      env: bareEnv({ DOCKER_CONFIG: config }),
      homeDir: tempDir(),
      knownSockets: [ENGINE_SOCKET],
    });
    expect(connection.source).toBe('socket');
  });

  it('a context that does not exist: names it and says how to pick another', async () => {
    const error = await expectProblem(
      { env: bareEnv({ DOCKER_CONFIG: tempDir(), DOCKER_CONTEXT: 'nope' }), homeDir: tempDir() },
      'ENGINE_UNREACHABLE',
    );
    expect(error.message).toContain('"nope" does not exist');
    expect(error.message).toContain('DOCKER_CONTEXT');
    expect(error.hint).toContain('docker context');
  });

  it('a current context whose socket is gone (Docker Desktop quit): not running, with the way out', async () => {
    const config = tempDir();
    writeContext(config, 'desktop-linux', `unix://${path.join(tempDir(), 'desktop', 'docker.sock')}`);
    writeFileSync(path.join(config, 'config.json'), JSON.stringify({ currentContext: 'desktop-linux' }));
    const error = await expectProblem(
      { env: bareEnv({ DOCKER_CONFIG: config }), homeDir: tempDir(), platform: 'linux' },
      'ENGINE_NOT_RUNNING',
    );
    expect(error.message).toContain('"desktop-linux"');
    expect(error.hint).toContain('Docker Desktop');
    expect(error.hint).toContain('docker context use default');
  });

  it('an unreadable config.json is noted and ignored', async () => {
    const config = tempDir();
    writeFileSync(path.join(config, 'config.json'), '{ not json');
    const diagnosis = await diagnoseEngine({
      env: bareEnv({ DOCKER_CONFIG: config }),
      homeDir: tempDir(),
      knownSockets: [ENGINE_SOCKET],
    });
    expect(diagnosis.ok).toBe(true);
    expect(diagnosis.notes.join('\n')).toContain('config.json could not be read');
  });
});

describe('discoverEngine: known sockets', () => {
  it('skips missing sockets and connects to the first that answers', async () => {
    const dir = tempDir();
    const diagnosis = await diagnoseEngine({
      env: bareEnv(),
      homeDir: dir,
      knownSockets: [path.join(dir, 'missing.sock'), ENGINE_SOCKET],
    });
    expect(diagnosis.ok).toBe(true);
    expect(diagnosis.source).toBe('socket');
    expect(diagnosis.endpoint).toBe(`unix://${ENGINE_SOCKET}`);
    expect(diagnosis.candidates.map((c) => c.result)).toEqual(['missing', 'ok']);
    expect(diagnosis.features?.apiVersion).toBe(diagnosis.version?.apiVersion);
  });

  it('the default list on this machine finds /var/run/docker.sock', async () => {
    const connection = await discoverEngine({ env: bareEnv(), homeDir: tempDir(), platform: 'linux' });
    expect(connection.source).toBe('socket');
    expect(connection.endpoint).toBe(`unix://${ENGINE_SOCKET}`);
  });

  it('nothing anywhere and no docker on PATH → not installed, with install steps', async () => {
    const dir = tempDir();
    const error = await expectProblem(
      {
        env: bareEnv(),
        homeDir: dir,
        platform: 'linux',
        knownSockets: [path.join(dir, 'a.sock'), path.join(dir, 'b.sock')],
      },
      'ENGINE_NOT_INSTALLED',
    );
    expect(error.message).toContain('Docker is not installed');
    expect(error.hint).toContain('https://docs.docker.com/engine/install/');
    const mac = await diagnoseEngine({
      env: bareEnv(),
      homeDir: dir,
      platform: 'darwin',
      knownSockets: [path.join(dir, 'a.sock')],
    });
    expect(mac.problem?.hint).toContain('Docker Desktop for Mac');
  });

  it('docker on PATH but every socket missing → not running', async () => {
    const dir = tempDir();
    const bin = tempDir('st-discovery-bin-');
    writeFileSync(path.join(bin, 'docker'), '#!/bin/sh\nexit 0\n');
    chmodSync(path.join(bin, 'docker'), 0o755);
    const error = await expectProblem(
      { env: { PATH: bin }, homeDir: dir, platform: 'linux', knownSockets: [path.join(dir, 'a.sock')] },
      'ENGINE_NOT_RUNNING',
    );
    expect(error.message).toContain(path.join(bin, 'docker'));
    expect(error.hint).toContain('sudo systemctl start docker');
  });

  it('a socket file nobody listens on → not running (connection refused)', async () => {
    const dir = tempDir();
    const stale = path.join(dir, 'docker.sock');
    await staleSocket(stale);
    const opts: DiscoveryOptions = {
      env: bareEnv(),
      homeDir: dir,
      platform: 'linux',
      knownSockets: [path.join(dir, 'missing.sock'), stale],
    };
    const error = await expectProblem(opts, 'ENGINE_NOT_RUNNING');
    expect(error.message).toContain(`${stale} exists, but nothing answers on it`);
    expect(error.hint).toContain('sudo systemctl start docker');
    const diagnosis = await diagnoseEngine(opts);
    expect(diagnosis.candidates.map((c) => c.result)).toEqual(['missing', 'refused']);
  });

  it('a stale socket with mode 000 is still "refused" for root (mode bits do not stop root)', async () => {
    const dir = tempDir();
    const stale = path.join(dir, 'docker.sock');
    await staleSocket(stale);
    chmodSync(stale, 0o000);
    const diagnosis = await diagnoseEngine({
      env: bareEnv(),
      homeDir: dir,
      platform: 'linux',
      knownSockets: [stale],
    });
    expect(diagnosis.candidates[0]?.result).toBe(process.getuid?.() === 0 ? 'refused' : 'permission');
  });

  it('a well-known socket label picks the start command (Colima)', async () => {
    const dir = tempDir();
    const stale = path.join(dir, 'colima.sock');
    await staleSocket(stale);
    const diagnosis = await diagnoseEngine({
      env: bareEnv(),
      homeDir: dir,
      platform: 'darwin',
      knownSockets: [{ endpoint: `unix://${stale}`, label: 'Colima' }],
    });
    expect(diagnosis.problem?.code).toBe('ENGINE_NOT_RUNNING');
    expect(diagnosis.problem?.hint).toContain('colima start');
  });

  it('a directory where the socket should be is named as such', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'docker.sock'));
    const diagnosis = await diagnoseEngine({
      env: bareEnv(),
      homeDir: dir,
      knownSockets: [path.join(dir, 'docker.sock')],
    });
    expect(diagnosis.problem?.code).toBe('ENGINE_UNREACHABLE');
    expect(diagnosis.problem?.message).toContain('is a directory, not a socket');
  });

  it('a socket that accepts but never answers → timeout', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'silent.sock');
    const server = await silentSocket(file);
    cleanups.push(() => server.close());
    const started = Date.now();
    const diagnosis = await diagnoseEngine({
      env: bareEnv(),
      homeDir: dir,
      timeoutMs: 300,
      knownSockets: [file],
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(diagnosis.candidates[0]?.result).toBe('timeout');
    expect(diagnosis.problem?.code).toBe('ENGINE_NOT_RUNNING');
    expect(diagnosis.problem?.message).toContain('does not answer');
  });

  it('something that speaks HTTP but is not an engine → error, says so', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'web.sock');
    const server = await httpSocket(file, {});
    cleanups.push(() => server.close());
    const diagnosis = await diagnoseEngine({ env: bareEnv(), homeDir: dir, knownSockets: [file] });
    expect(diagnosis.candidates[0]?.result).toBe('error');
    expect(diagnosis.problem?.message).toContain('does not look like a Docker engine');
  });

  it('an engine older than API 1.41 → too old, with its version and the upgrade', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.sock');
    const server = await httpSocket(file, {
      '/_ping': 'OK',
      '/version': {
        Version: '19.03.15',
        ApiVersion: '1.40',
        MinAPIVersion: '1.12',
        Os: 'linux',
        Arch: 'amd64',
      },
    });
    cleanups.push(() => server.close());
    const error = await expectProblem(
      { env: bareEnv(), homeDir: dir, platform: 'linux', knownSockets: [file] },
      'ENGINE_TOO_OLD',
    );
    expect(error.message).toContain('Engine 19.03.15 speaks API 1.40');
    expect(error.message).toContain('20.10 (API 1.41)');
    expect(error.hint).toContain('Upgrade Docker');
    const diagnosis = await diagnoseEngine({ env: bareEnv(), homeDir: dir, knownSockets: [file] });
    expect(diagnosis.version?.engine).toBe('19.03.15');
  });

  it('an old engine first in the list does not hide a good one after it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.sock');
    const server = await httpSocket(file, {
      '/_ping': 'OK',
      '/version': { Version: '19.03.15', ApiVersion: '1.40', Os: 'linux', Arch: 'amd64' },
    });
    cleanups.push(() => server.close());
    const connection = await discoverEngine({
      env: bareEnv(),
      homeDir: dir,
      knownSockets: [file, ENGINE_SOCKET],
    });
    expect(connection.endpoint).toBe(`unix://${ENGINE_SOCKET}`);
  });
});

describe('discoverEngine: permission denied, for real (a child process running as nobody)', () => {
  const isRoot = process.getuid?.() === 0;
  it.skipIf(!isRoot)('EACCES on /var/run/docker.sock → ENGINE_PERMISSION with the docker-group fix', () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const dir = tempDir();
    const script = path.join(dir, 'as-nobody.mts');
    writeFileSync(
      script,
      `import { diagnoseEngine } from ${JSON.stringify(path.join(here, 'index.ts'))};\n` +
        `const d = await diagnoseEngine({ env: { PATH: '/usr/bin:/bin' }, homeDir: ${JSON.stringify(dir)}, platform: 'linux', knownSockets: [${JSON.stringify(ENGINE_SOCKET)}] });\n` +
        'process.stdout.write(JSON.stringify(d));\n',
    );
    const result = spawnSync(process.execPath, ['--import', 'tsx', script], {
      cwd: path.resolve(here, '../../..'),
      uid: 65534,
      gid: 65534,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const diagnosis = JSON.parse(result.stdout) as Awaited<ReturnType<typeof diagnoseEngine>>;
    expect(diagnosis.candidates[0]?.result).toBe('permission');
    expect(diagnosis.problem?.code).toBe('ENGINE_PERMISSION');
    expect(diagnosis.problem?.message).toContain(`permission denied on ${ENGINE_SOCKET}`);
    expect(diagnosis.problem?.hint).toContain('sudo usermod -aG docker $USER');
  });
});

describe('diagnoseEngine', () => {
  it('never throws, and reports the engine in use', async () => {
    const diagnosis = await diagnoseEngine({
      env: bareEnv({ DOCKER_HOST: `unix://${ENGINE_SOCKET}` }),
      homeDir: tempDir(),
    });
    expect(diagnosis.ok).toBe(true);
    expect(diagnosis.problem).toBeUndefined();
    expect(diagnosis.candidates).toHaveLength(1);
    expect(diagnosis.candidates[0]?.result).toBe('ok');
    const text = formatDiagnosis(diagnosis);
    expect(text).toContain(`at unix://${ENGINE_SOCKET} via DOCKER_HOST`);
  });
});
