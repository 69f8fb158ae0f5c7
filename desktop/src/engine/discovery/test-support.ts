// Real servers for the discovery tests: a TCP (or TLS) proxy to the engine's unix socket, a unix socket
// nobody listens on, a server that never answers, a fake old engine. Test-only.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

export const ENGINE_SOCKET = '/var/run/docker.sock';

export function tempDir(prefix = 'st-discovery-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
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
