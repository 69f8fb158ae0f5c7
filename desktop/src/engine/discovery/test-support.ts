// Real servers for the discovery tests: a TCP (or TLS) proxy to the engine's unix socket, a unix socket
// nobody listens on, a server that never answers, a fake old engine. Test-only.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import ssh2 from 'ssh2';
import { contextDigest } from './contexts.js';

export const ENGINE_SOCKET = '/var/run/docker.sock';

const tempDirs: string[] = [];

export function tempDir(prefix = 'st-discovery-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(dir, 0o755);
  tempDirs.push(dir);
  return dir;
}

/** Removes every directory tempDir() made (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

function listen(server: net.Server, ...args: unknown[]): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    (server.listen as (...a: unknown[]) => void)(...args, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    (server as net.Server & { closeAllConnections?: () => void }).closeAllConnections?.();
  });
}

function pipeToEngine(client: net.Socket, sockets: Set<net.Socket>): void {
  const upstream = net.connect({ path: ENGINE_SOCKET });
  sockets.add(client);
  sockets.add(upstream);
  client.pipe(upstream).pipe(client);
  const done = (): void => {
    client.destroy();
    upstream.destroy();
    sockets.delete(client);
    sockets.delete(upstream);
  };
  client.on('error', done).on('close', done);
  upstream.on('error', done).on('close', done);
}

export interface Proxy {
  port: number;
  close(): Promise<void>;
}

/** tcp://127.0.0.1:<port> → /var/run/docker.sock, byte for byte. */
export async function startTcpProxy(): Promise<Proxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => pipeToEngine(client, sockets));
  await listen(server, 0, '127.0.0.1');
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await closeServer(server);
    },
  };
}

export interface Certificates {
  /** Holds ca.pem, cert.pem, key.pem for the client (the layout DOCKER_CERT_PATH expects). */
  clientDir: string;
  ca: Buffer;
  serverCert: Buffer;
  serverKey: Buffer;
}

/** A throw-away CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl. */
export function makeCertificates(): Certificates {
  const dir = tempDir('st-discovery-tls-');
  const run = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca-key.pem',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=st-test-ca',
  );
  writeFileSync(
    path.join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
  );
  writeFileSync(path.join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  run('req', ...ec, '-keyout', 'server-key.pem', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  run(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca-key.pem',
    '-CAcreateserial',
    '-out',
    'server-cert.pem',
    '-days',
    '2',
    '-extfile',
    'server.ext',
  );
  run('req', ...ec, '-keyout', 'key.pem', '-out', 'client.csr', '-subj', '/CN=st-test-client');
  run(
    'x509',
    '-req',
    '-in',
    'client.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca-key.pem',
    '-CAcreateserial',
    '-out',
    'cert.pem',
    '-days',
    '2',
    '-extfile',
    'client.ext',
  );
  const read = (name: string): Buffer => readFileSync(path.join(dir, name));
  return {
    clientDir: dir,
    ca: read('ca.pem'),
    serverCert: read('server-cert.pem'),
    serverKey: read('server-key.pem'),
  };
}

/** TLS on 127.0.0.1 with client-certificate authentication, like dockerd --tlsverify, forwarding to the engine. */
export async function startTlsProxy(certs: Certificates): Promise<Proxy> {
  const sockets = new Set<net.Socket>();
  const server = tls.createServer(
    {
      ca: certs.ca,
      cert: certs.serverCert,
      key: certs.serverKey,
      requestCert: true,
      rejectUnauthorized: true,
    },
    (client) => pipeToEngine(client, sockets),
  );
  await listen(server, 0, '127.0.0.1');
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await closeServer(server);
    },
  };
}

/** A port on 127.0.0.1 that refuses connections (bound, then released). */
export async function refusedPort(): Promise<number> {
  const server = net.createServer();
  await listen(server, 0, '127.0.0.1');
  const port = (server.address() as net.AddressInfo).port;
  await closeServer(server);
  return port;
}

/** A socket file with nobody listening: a unix server is started, its file moved, then it is closed. */
export async function staleSocket(file: string): Promise<void> {
  // Node unlinks a unix socket's file on close; the renamed file stays behind, refusing connections.
  const server = net.createServer();
  await listen(server, `${file}.tmp`);
  renameSync(`${file}.tmp`, file);
  await closeServer(server);
}

/** A unix socket that accepts connections and never says a word. */
export async function silentSocket(file: string): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await listen(server, file);
  return {
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await closeServer(server);
    },
  };
}

/** An HTTP server on a unix socket; `routes` maps a path to a JSON answer (anything else is 404). */
export async function httpSocket(
  file: string,
  routes: Record<string, unknown>,
): Promise<{ close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const key = (req.url ?? '').split('?')[0] ?? '';
    if (!(key in routes)) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ message: 'page not found' }));
      return;
    }
    const body = routes[key];
    if (typeof body === 'string') res.writeHead(200, { 'content-type': 'text/plain' }).end(body);
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await listen(server, file);
  return { close: () => closeServer(server) };
}

export interface SshEngine {
  port: number;
  /** `[127.0.0.1]:<port> ssh-ed25519 AAAA…`, the line ssh would add to known_hosts. */
  knownHostsLine: string;
  /** The client's private key (OpenSSH format) that the server accepts. */
  clientPrivateKey: string;
  /** `docker system dial-stdio` channels opened so far, and open now. */
  readonly dials: { opened: number; open: number };
  dropClients(): void;
  close(): Promise<void>;
}

/**
 * A real SSH server (ssh2's) on 127.0.0.1 that accepts one client key and, for the command
 * `docker system dial-stdio`, pipes the channel to the engine socket, as `docker` does on a remote host;
 * it also forwards direct-tcpip channels (`ssh -L`) to ports on 127.0.0.1. `dropClients()` cuts every
 * SSH connection (a server restart, a network drop) and keeps listening.
 */
export async function startSshEngine(): Promise<SshEngine> {
  const hostKey = ssh2.utils.generateKeyPairSync('ed25519');
  const clientKey = ssh2.utils.generateKeyPairSync('ed25519');
  const allowed = ssh2.utils.parseKey(clientKey.public);
  if (allowed instanceof Error) throw allowed;
  const clients = new Set<ssh2.Connection>();
  const sockets = new Set<net.Socket>();
  const dials = { opened: 0, open: 0 };
  const server = new ssh2.Server({ hostKeys: [hostKey.private] }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (
        ctx.method === 'publickey' &&
        ctx.key.algo === allowed.type &&
        ctx.key.data.equals(allowed.getPublicSSH())
      ) {
        if (ctx.signature && ctx.blob && allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) {
          ctx.reject();
          return;
        }
        ctx.accept();
        return;
      }
      ctx.reject(['publickey']);
    });
    client.on('ready', () => {
      // `ssh -L`'s channels (direct-tcpip), to this machine's loopback only.
      client.on('tcpip', (acceptTcpip, rejectTcpip, info) => {
        if (info.destIP !== '127.0.0.1' && info.destIP !== 'localhost') {
          rejectTcpip();
          return;
        }
        const upstream = net.connect({ host: '127.0.0.1', port: info.destPort });
        sockets.add(upstream);
        upstream.on('error', () => undefined);
        let accepted = false;
        upstream.once('connect', () => {
          accepted = true;
          const channel = acceptTcpip();
          channel.pipe(upstream).pipe(channel);
          channel.on('close', () => upstream.destroy());
          upstream.on('close', () => channel.close());
        });
        upstream.once('close', () => {
          sockets.delete(upstream);
          if (!accepted) rejectTcpip();
        });
      });
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('exec', (acceptExec, rejectExec, info) => {
          if (info.command !== 'docker system dial-stdio') {
            rejectExec();
            return;
          }
          const channel = acceptExec();
          dials.opened += 1;
          dials.open += 1;
          channel.once('close', () => (dials.open -= 1));
          const upstream = net.connect({ path: ENGINE_SOCKET });
          sockets.add(upstream);
          channel.pipe(upstream).pipe(channel);
          upstream.on('error', () => undefined);
          upstream.on('close', () => {
            sockets.delete(upstream);
            channel.exit(0);
            channel.end();
          });
          channel.on('close', () => upstream.destroy());
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const [type, blob] = hostKey.public.split(' ');
  return {
    port,
    knownHostsLine: `[127.0.0.1]:${port} ${type} ${blob}`,
    clientPrivateKey: clientKey.private,
    dials,
    dropClients: () => {
      for (const socket of sockets) socket.destroy();
      for (const client of clients) client.end();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      for (const client of clients) client.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A Docker config dir holding a context named `name` pointing at `host`. */
export function writeContext(
  configDir: string,
  name: string,
  host: string,
  extra: { skipTlsVerify?: boolean; tlsFrom?: string } = {},
): void {
  const digest = contextDigest(name);
  const metaDir = path.join(configDir, 'contexts', 'meta', digest);
  mkdirSync(metaDir, { recursive: true });
  writeFileSync(
    path.join(metaDir, 'meta.json'),
    JSON.stringify({
      Name: name,
      Metadata: { Description: 'test' },
      Endpoints: { docker: { Host: host, SkipTLSVerify: extra.skipTlsVerify ?? false } },
    }),
  );
  if (extra.tlsFrom) {
    const tlsDir = path.join(configDir, 'contexts', 'tls', digest, 'docker');
    mkdirSync(tlsDir, { recursive: true });
    for (const file of ['ca.pem', 'cert.pem', 'key.pem']) {
      writeFileSync(path.join(tlsDir, file), readFileSync(path.join(extra.tlsFrom, file)));
    }
  }
}

/** A home folder with `key` in ~/.ssh/id_ed25519 and, optionally, a known_hosts. */
export function homeWithSshKey(key: string, knownHosts?: string): string {
  const home = tempDir();
  mkdirSync(path.join(home, '.ssh'), { mode: 0o700 });
  writeFileSync(path.join(home, '.ssh', 'id_ed25519'), key, { mode: 0o600 });
  if (knownHosts !== undefined) writeFileSync(path.join(home, '.ssh', 'known_hosts'), knownHosts);
  return home;
}
