// Turn a Docker endpoint string (what DOCKER_HOST or a context's `Endpoints.docker.Host` holds) into
// dockerode options. Every option docker-modem reads from process.env is set explicitly here, so the
// endpoint we chose is the endpoint that is used (docker-modem merges its own env defaults first).
import { readFileSync, existsSync } from 'node:fs';
import type { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import path from 'node:path';
import type Docker from 'dockerode';
import ssh2, { type ConnectConfig } from 'ssh2';
import { SshDialAgent } from './ssh-agent.js';

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** false = encrypt but accept any server certificate (DOCKER_TLS_VERIFY unset / SkipTLSVerify). */
  verify: boolean;
  /** Where the files came from, for messages. */
  dir?: string;
}

export type EndpointKind = 'unix' | 'npipe' | 'tcp' | 'ssh';

export interface ParsedEndpoint {
  kind: EndpointKind;
  /** Normalized endpoint as shown to people: unix:///path, npipe:////./pipe/x, tcp://h:p, ssh://u@h:p. */
  endpoint: string;
  /** unix / npipe: the path handed to net.connect. */
  socketPath?: string;
  host?: string;
  port?: number;
  username?: string;
}

/** Options dockerode / docker-modem accept (a superset of the typed DockerOptions). */
export type EngineOptions = Docker.DockerOptions & {
  agent?: HttpAgent | HttpsAgent;
  connectionTimeout?: number;
  pathPrefix?: string;
};

export class EndpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EndpointError';
  }
}

/** Parses `unix://`, `npipe://`, `tcp://`, `http(s)://`, `ssh://` and bare `host:port` (as the CLI does). */
export function parseEndpoint(raw: string): ParsedEndpoint {
  const value = raw.trim();
  if (value === '') throw new EndpointError('The endpoint is empty.');
  if (value.startsWith('unix://')) {
    const socketPath = value.slice('unix://'.length);
    if (!socketPath)
      throw new EndpointError(`"${raw}" has no socket path (expected unix:///path/to/docker.sock).`);
    return { kind: 'unix', endpoint: `unix://${socketPath}`, socketPath };
  }
  if (value.startsWith('npipe://')) {
    // npipe:////./pipe/docker_engine → //./pipe/docker_engine (Node accepts forward slashes for pipes).
    const pipe = value.slice('npipe://'.length).replace(/\\/g, '/') || '//./pipe/docker_engine';
    return { kind: 'npipe', endpoint: `npipe://${pipe}`, socketPath: pipe };
  }
  if (value.startsWith('fd://')) {
    throw new EndpointError(
      `"${raw}" (a systemd socket-activation address) only works inside dockerd; use unix:///var/run/docker.sock.`,
    );
  }
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `tcp://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new EndpointError(
      `"${raw}" is not a valid engine address (expected unix:///path, tcp://host:port or ssh://user@host).`,
    );
  }
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!hostname) throw new EndpointError(`"${raw}" has no host name.`);
  if (scheme === 'ssh') {
    const port = url.port ? Number(url.port) : 22;
    const username = url.username ? decodeURIComponent(url.username) : undefined;
    const shownHost = hostname.includes(':') ? `[${hostname}]` : hostname;
    return {
      kind: 'ssh',
      endpoint: `ssh://${username ? `${username}@` : ''}${shownHost}${url.port ? `:${url.port}` : ''}`,
      host: hostname,
      port,
      ...(username ? { username } : {}),
    };
  }
  if (scheme === 'tcp' || scheme === 'http' || scheme === 'https') {
    // The CLI's default ports: 2375 plain, 2376 TLS.
    const port = url.port ? Number(url.port) : scheme === 'https' ? 2376 : 2375;
    const shownHost = hostname.includes(':') ? `[${hostname}]` : hostname;
    return { kind: 'tcp', endpoint: `tcp://${shownHost}:${port}`, host: hostname, port };
  }
  throw new EndpointError(
    `"${raw}" uses the unsupported scheme "${scheme}://" (use unix://, tcp://, ssh:// or npipe://).`,
  );
}

/** Reads ca.pem / cert.pem / key.pem from `dir` (whichever exist). */
export function loadTlsDir(dir: string, verify: boolean): TlsMaterial {
  const read = (name: string): Buffer | undefined => {
    const file = path.join(dir, name);
    return existsSync(file) ? readFileSync(file) : undefined;
  };
  const material: TlsMaterial = { verify, dir };
  const ca = read('ca.pem');
  const cert = read('cert.pem');
  const key = read('key.pem');
  if (ca) material.ca = ca;
  if (cert) material.cert = cert;
  if (key) material.key = key;
  return material;
}

/**
 * TLS for a DOCKER_HOST tcp endpoint, the way the Docker CLI reads the environment: DOCKER_TLS_VERIFY
 * (any non-empty value) turns TLS on with verification; DOCKER_CERT_PATH alone turns TLS on without
 * verifying the server. Certificates come from DOCKER_CERT_PATH, else <config dir>.
 */
export function tlsFromEnv(env: NodeJS.ProcessEnv, configDir: string): TlsMaterial | undefined {
  const verify = Boolean(env.DOCKER_TLS_VERIFY);
  const certPath = env.DOCKER_CERT_PATH;
  if (!verify && !certPath) return undefined;
  const dir = certPath || configDir;
  const material = loadTlsDir(dir, verify);
  if (verify && !material.ca) {
    throw new EndpointError(
      `DOCKER_TLS_VERIFY is set but there is no ca.pem in ${dir} (certificates come from DOCKER_CERT_PATH, else ${configDir}).`,
    );
  }
  if (Boolean(material.cert) !== Boolean(material.key)) {
    throw new EndpointError(
      `${dir} holds only one of cert.pem and key.pem; the client certificate needs both.`,
    );
  }
  return material;
}

export interface SshCredentials {
  agent?: string;
  privateKey?: Buffer;
  /** Accepts or refuses the server's raw host key (see known-hosts.ts). */
  hostVerifier?: (key: Buffer) => boolean;
}

/** SSH credentials as the ssh client would find them: the agent first, then the usual key files. */
export function sshCredentials(env: NodeJS.ProcessEnv, homeDir: string): SshCredentials {
  if (env.SSH_AUTH_SOCK) return { agent: env.SSH_AUTH_SOCK };
  for (const name of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
    const file = path.join(homeDir, '.ssh', name);
    if (!existsSync(file)) continue;
    const privateKey = readFileSync(file);
    // A passphrase-protected key cannot be used without a prompt; ssh-agent is the way for those.
    if (ssh2.utils.parseKey(privateKey) instanceof Error) continue;
    return { privateKey };
  }
  return {};
}

/** The SSH login to an ssh:// endpoint: the engine's channel uses it, and so may others (a port forward). */
export function sshConnectConfig(
  parsed: ParsedEndpoint,
  creds: SshCredentials,
  timeoutMs?: number,
): ConnectConfig {
  return {
    host: parsed.host,
    port: parsed.port ?? 22,
    ...(parsed.username ? { username: parsed.username } : {}),
    ...(creds.agent ? { agent: creds.agent } : {}),
    ...(creds.privateKey ? { privateKey: creds.privateKey } : {}),
    ...(creds.hostVerifier ? { hostVerifier: creds.hostVerifier } : {}),
    ...(timeoutMs ? { readyTimeout: timeoutMs } : {}),
  };
}

/** dockerode options for an endpoint. Options docker-modem would take from process.env are overridden. */
export function dockerOptions(
  parsed: ParsedEndpoint,
  extra: { tls?: TlsMaterial; ssh?: SshCredentials; timeoutMs?: number } = {},
): EngineOptions {
  // Explicit `undefined`s: docker-modem does Object.assign(envDefaults, ours), so anything we leave out
  // could come from the process's own DOCKER_HOST / DOCKER_CERT_PATH instead of the endpoint we chose.
  const base: EngineOptions = {
    socketPath: undefined,
    host: undefined,
    port: undefined,
    protocol: undefined,
    ca: undefined,
    cert: undefined,
    key: undefined,
    timeout: undefined,
    pathPrefix: '/',
  };
  switch (parsed.kind) {
    case 'unix':
    case 'npipe':
      return { ...base, socketPath: parsed.socketPath };
    case 'ssh': {
      const ssh = sshConnectConfig(parsed, extra.ssh ?? {}, extra.timeoutMs);
      // Plain HTTP over an SSH channel: docker-modem sees an http endpoint with our agent.
      return {
        ...base,
        protocol: 'http',
        host: parsed.host,
        port: parsed.port ?? 22,
        agent: new SshDialAgent(ssh),
      };
    }
    case 'tcp': {
      const tls = extra.tls;
      if (!tls) return { ...base, protocol: 'http', host: parsed.host, port: parsed.port };
      const options: EngineOptions = { ...base, protocol: 'https', host: parsed.host, port: parsed.port };
      if (tls.ca) options.ca = tls.ca;
      if (tls.cert) options.cert = tls.cert;
      if (tls.key) options.key = tls.key;
      // docker-modem has no rejectUnauthorized option; an agent carries it.
      if (!tls.verify) options.agent = new HttpsAgent({ rejectUnauthorized: false });
      return options;
    }
  }
}

/** True when the engine's ports are this machine's ports (unix socket, named pipe, tcp or ssh to loopback). */
export function isLocalEndpoint(parsed: ParsedEndpoint): boolean {
  if (parsed.kind === 'unix' || parsed.kind === 'npipe') return true;
  const host = (parsed.host ?? '').toLowerCase();
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
