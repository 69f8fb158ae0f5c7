// Pure parts of discovery: endpoint parsing, error classification, feature gates, socket lists.
import { createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, describe, expect, it } from 'vitest';
import { findInstalledEngines, permissionHint } from './advice.js';
import { contextDigest, dockerConfigDir, loadContext, readCurrentContext } from './contexts.js';
import { dockerOptions, isLocalEndpoint, parseEndpoint, sshCredentials, tlsFromEnv } from './endpoint.js';
import { compareApiVersions, engineFeatures, missingFeatureNotes } from './features.js';
import {
  checkHostKey,
  checkHostKeyIn,
  hostEntryName,
  hostsFieldMatches,
  knownHostsFiles,
} from './known-hosts.js';
import { classifyConnectError, ProbeTimeoutError, withDeadline } from './probe.js';
import { knownSockets } from './sockets.js';
import { SshDialAgent } from './ssh-agent.js';
import { removeTempDirs, tempDir } from './test-support.js';

afterAll(removeTempDirs);

const errno = (code: string, message = code): NodeJS.ErrnoException =>
  Object.assign(new Error(message), { code });

describe('parseEndpoint', () => {
  it.each([
    [
      'unix:///var/run/docker.sock',
      { kind: 'unix', socketPath: '/var/run/docker.sock', endpoint: 'unix:///var/run/docker.sock' },
    ],
    ['npipe:////./pipe/docker_engine', { kind: 'npipe', socketPath: '//./pipe/docker_engine' }],
    [
      'npipe:////./pipe/podman-machine-default',
      { kind: 'npipe', socketPath: '//./pipe/podman-machine-default' },
    ],
    ['tcp://10.0.0.5:2376', { kind: 'tcp', host: '10.0.0.5', port: 2376, endpoint: 'tcp://10.0.0.5:2376' }],
    ['tcp://docker.example', { kind: 'tcp', host: 'docker.example', port: 2375 }],
    ['10.0.0.5:2375', { kind: 'tcp', host: '10.0.0.5', port: 2375 }],
    ['tcp://[::1]:2375', { kind: 'tcp', host: '::1', port: 2375, endpoint: 'tcp://[::1]:2375' }],
    [
      'ssh://deploy@build.example',
      {
        kind: 'ssh',
        host: 'build.example',
        port: 22,
        username: 'deploy',
        endpoint: 'ssh://deploy@build.example',
      },
    ],
    ['ssh://deploy@build.example:2222', { kind: 'ssh', port: 2222 }],
  ])('%s', (raw, expected) => {
    expect(parseEndpoint(raw)).toMatchObject(expected);
  });

  it.each([
    ['', 'empty'],
    ['unix://', 'no socket path'],
    ['foo://bar', 'unsupported scheme'],
    ['fd://', 'systemd'],
    ['tcp://', 'no host name'],
    ['tcp://host:notaport', 'not a valid engine address'],
  ])('rejects %j', (raw, words) => {
    expect(() => parseEndpoint(raw)).toThrow(words);
  });

  it('knows which endpoints put ports on this machine', () => {
    expect(isLocalEndpoint(parseEndpoint('unix:///var/run/docker.sock'))).toBe(true);
    expect(isLocalEndpoint(parseEndpoint('tcp://127.0.0.1:2375'))).toBe(true);
    expect(isLocalEndpoint(parseEndpoint('tcp://localhost:2375'))).toBe(true);
    expect(isLocalEndpoint(parseEndpoint('tcp://10.1.2.3:2375'))).toBe(false);
    expect(isLocalEndpoint(parseEndpoint('ssh://me@10.1.2.3'))).toBe(false);
  });
});

describe('dockerOptions', () => {
  it('overrides everything docker-modem would read from the process environment', () => {
    const options = dockerOptions(parseEndpoint('unix:///tmp/x.sock'));
    expect(options).toMatchObject({ socketPath: '/tmp/x.sock' });
    for (const key of ['host', 'port', 'protocol', 'ca', 'cert', 'key']) {
      expect(Object.prototype.hasOwnProperty.call(options, key), key).toBe(true);
    }
  });

  it('tcp with TLS: https, the certificates, an agent only when not verifying', () => {
    const ca = Buffer.from('ca');
    const verified = dockerOptions(parseEndpoint('tcp://h:2376'), { tls: { ca, verify: true } });
    expect(verified).toMatchObject({ protocol: 'https', host: 'h', port: 2376, ca });
    expect(verified.agent).toBeUndefined();
    const insecure = dockerOptions(parseEndpoint('tcp://h:2376'), { tls: { verify: false } });
    expect(insecure.agent).toBeDefined();
  });

  it('ssh: HTTP over our SSH dial-stdio agent, with the agent socket, user and host', () => {
    const options = dockerOptions(parseEndpoint('ssh://me@h:2200'), { ssh: { agent: '/tmp/agent.sock' } });
    expect(options).toMatchObject({ protocol: 'http', host: 'h', port: 2200 });
    expect(options.agent).toBeInstanceOf(SshDialAgent);
    expect((options.agent as unknown as { ssh: object }).ssh).toMatchObject({
      host: 'h',
      port: 2200,
      username: 'me',
      agent: '/tmp/agent.sock',
    });
  });
});

describe('tlsFromEnv', () => {
  it('is off without DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', () => {
    expect(tlsFromEnv({}, '/nowhere')).toBeUndefined();
  });
  it('DOCKER_CERT_PATH alone: TLS without verifying the server (as the Go client does)', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'ca.pem'), 'x');
    expect(tlsFromEnv({ DOCKER_CERT_PATH: dir }, '/nowhere')).toMatchObject({ verify: false, dir });
  });
  it('a lone cert.pem is an error', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'ca.pem'), 'x');
    writeFileSync(path.join(dir, 'cert.pem'), 'x');
    expect(() => tlsFromEnv({ DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir }, '/nowhere')).toThrow(
      'cert.pem and key.pem',
    );
  });
});

describe('contexts', () => {
  it('the store is keyed by the sha256 of the name', () => {
    expect(contextDigest('default')).toBe('37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f');
  });
  it('DOCKER_CONFIG, else ~/.docker', () => {
    expect(dockerConfigDir({ DOCKER_CONFIG: '/etc/dc' }, '/home/a')).toBe('/etc/dc');
    expect(dockerConfigDir({}, '/home/a')).toBe('/home/a/.docker');
  });
  it('reads SkipTLSVerify and treats it as TLS without verification', () => {
    const config = tempDir();
    const meta = path.join(config, 'contexts', 'meta', contextDigest('r'));
    mkdirSync(meta, { recursive: true });
    writeFileSync(
      path.join(meta, 'meta.json'),
      JSON.stringify({ Name: 'r', Endpoints: { docker: { Host: 'tcp://h:2376', SkipTLSVerify: true } } }),
    );
    expect(loadContext(config, 'r')).toMatchObject({
      host: 'tcp://h:2376',
      skipTlsVerify: true,
      tls: { verify: false },
    });
  });
  it('a context without a docker endpoint is explained', () => {
    const config = tempDir();
    const meta = path.join(config, 'contexts', 'meta', contextDigest('k8s'));
    mkdirSync(meta, { recursive: true });
    writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({ Name: 'k8s', Endpoints: {} }));
    expect(() => loadContext(config, 'k8s')).toThrow('no Docker endpoint');
  });
  it('no config.json is no current context', () => {
    expect(readCurrentContext(tempDir())).toEqual({});
  });
});

describe('classifyConnectError', () => {
  const sock = parseEndpoint('unix:///var/run/docker.sock');
  const tcp = parseEndpoint('tcp://10.0.0.5:2376');

  it('EACCES on the socket → permission (cannot be produced with mode bits when tests run as root)', () => {
    expect(classifyConnectError(errno('EACCES', 'connect EACCES /var/run/docker.sock'), sock)).toEqual({
      result: 'permission',
      detail: 'permission denied connecting to /var/run/docker.sock (EACCES)',
    });
    expect(classifyConnectError(errno('EPERM'), sock).result).toBe('permission');
  });
  it('ENOENT → missing, ECONNREFUSED → refused (socket and tcp wording)', () => {
    expect(classifyConnectError(errno('ENOENT'), sock).result).toBe('missing');
    expect(classifyConnectError(errno('ECONNREFUSED'), sock).detail).toContain(
      'exists but nothing is listening',
    );
    expect(classifyConnectError(errno('ECONNREFUSED'), tcp).detail).toBe(
      'nothing is listening on 10.0.0.5:2376 (connection refused)',
    );
  });
  it('our deadline, aborts and network timeouts → timeout', () => {
    expect(classifyConnectError(new ProbeTimeoutError(2000), sock).detail).toContain('within 2000 ms');
    expect(
      classifyConnectError(
        Object.assign(new Error('aborted'), { name: 'AbortError', code: 'ABORT_ERR' }),
        tcp,
      ).result,
    ).toBe('timeout');
    expect(classifyConnectError(errno('EHOSTUNREACH'), tcp).result).toBe('timeout');
  });
  it('TLS failures, DNS failures, HTTP answers from something else, SSH auth', () => {
    expect(
      classifyConnectError(errno('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify'), tcp).detail,
    ).toContain('TLS with 10.0.0.5:2376 failed');
    expect(classifyConnectError(errno('ENOTFOUND'), tcp).detail).toContain('could not be resolved');
    expect(
      classifyConnectError(Object.assign(new Error('(HTTP code 404)'), { statusCode: 404 }), tcp).detail,
    ).toContain('does not look like a Docker engine');
    expect(
      classifyConnectError(
        new Error('All configured authentication methods failed'),
        parseEndpoint('ssh://me@h'),
      ).result,
    ).toBe('permission');
  });
  it('permission hints per platform', () => {
    expect(permissionHint('linux')).toContain('sudo usermod -aG docker $USER');
    expect(permissionHint('win32')).toContain('docker-users');
  });
});

describe('withDeadline', () => {
  it('rejects with a ProbeTimeoutError even when the call ignores the signal', async () => {
    await expect(withDeadline(50, () => new Promise(() => undefined))).rejects.toBeInstanceOf(
      ProbeTimeoutError,
    );
  });
  it('passes results and errors through', async () => {
    await expect(withDeadline(1000, async () => 42)).resolves.toBe(42);
    await expect(withDeadline(1000, async () => Promise.reject(errno('ENOENT')))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});

describe('engineFeatures', () => {
  it('compares versions numerically', () => {
    expect(compareApiVersions('1.9', '1.41')).toBe(-1);
    expect(compareApiVersions('1.41', '1.41')).toBe(0);
    expect(compareApiVersions('1.44', '1.41')).toBe(1);
  });
  it('gates newer features by API version', () => {
    expect(engineFeatures('1.41')).toMatchObject({
      healthStartInterval: false,
      multipleNetworksOnCreate: false,
      volumeSubpath: false,
    });
    expect(engineFeatures('1.44')).toMatchObject({
      healthStartInterval: true,
      multipleNetworksOnCreate: true,
      volumeSubpath: false,
    });
    expect(engineFeatures('1.45')).toMatchObject({ volumeSubpath: true, imageMount: false });
    expect(engineFeatures('1.48')).toMatchObject({ imageMount: true, gatewayPriority: true });
  });
  it('explains what an older engine lacks, when the stack needs it (features.test.ts has more)', () => {
    const all = { volumeSubpath: true, imageMount: true };
    expect(missingFeatureNotes('1.41', all).join('\n')).toContain('volume.subpath');
    expect(missingFeatureNotes('1.48', all)).toEqual([]);
  });
});

describe('knownSockets', () => {
  it('Linux: the default socket first, then rootless, Docker Desktop, Podman', () => {
    const list = knownSockets({
      env: { XDG_RUNTIME_DIR: '/run/user/1000' },
      homeDir: '/home/a',
      platform: 'linux',
      uid: 1000,
    }).map((s) => s.endpoint);
    expect(list[0]).toBe('unix:///var/run/docker.sock');
    expect(list).toContain('unix:///run/user/1000/docker.sock');
    expect(list).toContain('unix:///home/a/.docker/desktop/docker.sock');
    expect(list).toContain('unix:///run/user/1000/podman/podman.sock');
    expect(list).toContain('unix:///run/podman/podman.sock');
    expect(new Set(list).size).toBe(list.length);
  });
  it('macOS: Docker Desktop, Colima, OrbStack, Rancher, podman machine', () => {
    const list = knownSockets({ env: {}, homeDir: '/Users/a', platform: 'darwin' }).map((s) => s.endpoint);
    for (const wanted of [
      'unix:///Users/a/.docker/run/docker.sock',
      'unix:///Users/a/.colima/default/docker.sock',
      'unix:///Users/a/.orbstack/run/docker.sock',
      'unix:///Users/a/.rd/docker.sock',
      'unix:///Users/a/.local/share/containers/podman/machine/podman.sock',
    ]) {
      expect(list).toContain(wanted);
    }
  });
  it('Windows: the Docker pipe, then Podman machine', () => {
    const list = knownSockets({ env: {}, homeDir: 'C:\\Users\\a', platform: 'win32' }).map((s) => s.endpoint);
    expect(list[0]).toBe('npipe:////./pipe/docker_engine');
    expect(list).toContain('npipe:////./pipe/podman-machine-default');
  });
});

describe('findInstalledEngines', () => {
  it('finds executables named docker or podman on PATH only', () => {
    const bin = tempDir();
    writeFileSync(path.join(bin, 'podman'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(path.join(bin, 'docker'), 'not executable', { mode: 0o644 });
    expect(findInstalledEngines({ PATH: bin }, 'linux')).toEqual([path.join(bin, 'podman')]);
    expect(findInstalledEngines({ PATH: '' }, 'linux')).toEqual([]);
  });
});

describe('known_hosts', () => {
  const key = Buffer.from('the-host-key-blob');
  const other = Buffer.from('another-key-blob');
  const line = (hosts: string, blob = key): string => `${hosts} ssh-ed25519 ${blob.toString('base64')}`;

  it('port 22 hosts are bare, other ports are [host]:port', () => {
    expect(hostEntryName('h', 22)).toBe('h');
    expect(hostEntryName('h', 2222)).toBe('[h]:2222');
    expect(checkHostKeyIn(line('h'), 'h', 2222, key)).toBe('unknown');
    expect(checkHostKeyIn(line('[h]:2222'), 'h', 2222, key)).toBe('match');
  });

  it('match, mismatch, unknown', () => {
    const text = `# comment\n\n${line('a.example,10.0.0.1')}\n`;
    expect(checkHostKeyIn(text, '10.0.0.1', 22, key)).toBe('match');
    expect(checkHostKeyIn(text, 'a.example', 22, other)).toBe('mismatch');
    expect(checkHostKeyIn(text, 'b.example', 22, key)).toBe('unknown');
  });

  it('hashed host names (HashKnownHosts yes)', () => {
    const salt = Buffer.from('0123456789abcdefghij');
    const hash = createHmac('sha1', salt).update('[build.example]:2200').digest('base64');
    const text = line(`|1|${salt.toString('base64')}|${hash}`);
    expect(checkHostKeyIn(text, 'build.example', 2200, key)).toBe('match');
    expect(checkHostKeyIn(text, 'build.example', 22, key)).toBe('unknown');
  });

  it('wildcards and negations', () => {
    expect(hostsFieldMatches('*.example', 'x.example')).toBe(true);
    expect(hostsFieldMatches('*.example,!bad.example', 'bad.example')).toBe(false);
    expect(hostsFieldMatches('host?', 'host1')).toBe(true);
    expect(hostsFieldMatches('a.b', 'aXb')).toBe(false);
  });

  it('@revoked wins, @cert-authority is not a host key', () => {
    expect(checkHostKeyIn(`${line('h')}\n@revoked ${line('h')}`, 'h', 22, key)).toBe('revoked');
    expect(checkHostKeyIn(`@cert-authority ${line('*')}`, 'h', 22, key)).toBe('unknown');
  });

  it('reads ~/.ssh/known_hosts among the standard files', () => {
    const home = tempDir();
    mkdirSync(path.join(home, '.ssh'));
    writeFileSync(path.join(home, '.ssh', 'known_hosts'), line('h'));
    expect(checkHostKey(knownHostsFiles(home), 'h', 22, key)).toBe('match');
    expect(checkHostKey(knownHostsFiles(home), 'h', 22, other)).toBe('mismatch');
  });
});

describe('sshCredentials', () => {
  it('ssh-agent first, else the first usable key file; passphrase-protected keys are skipped', () => {
    expect(sshCredentials({ SSH_AUTH_SOCK: '/tmp/a.sock' }, '/nowhere')).toEqual({ agent: '/tmp/a.sock' });
    const home = tempDir();
    mkdirSync(path.join(home, '.ssh'));
    const locked = ssh2.utils.generateKeyPairSync('ed25519', {
      passphrase: 'secret',
      cipher: 'aes256-ctr',
      rounds: 16,
    });
    writeFileSync(path.join(home, '.ssh', 'id_ed25519'), locked.private);
    expect(sshCredentials({}, home)).toEqual({});
    const open = ssh2.utils.generateKeyPairSync('ecdsa', { bits: 256 });
    writeFileSync(path.join(home, '.ssh', 'id_ecdsa'), open.private);
    expect(sshCredentials({}, home).privateKey?.toString()).toBe(open.private);
  });
});
