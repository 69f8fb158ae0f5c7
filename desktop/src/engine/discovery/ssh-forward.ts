// A local port forward over SSH, like `ssh -N -L local:remoteHost:remotePort`, for operators who
// have no terminal: a server on this computer's loopback whose connections each become one
// direct-tcpip channel of a single SSH login. The login is made on the first connection, kept while
// it lives, and made again on the next connection after it dropped.
import net from 'node:net';
import { Client, type ConnectConfig } from 'ssh2';
import { StatusError } from '../errors.js';

export interface SshForwardTarget {
  /** The port on this computer's 127.0.0.1. */
  localPort: number;
  /** Where the server connects to, as seen from the server (default its own loopback). */
  remoteHost?: string;
  remotePort: number;
}

export interface SshForward {
  localPort: number;
  /** Stops listening, ends the open connections and the SSH login. */
  close(): Promise<void>;
}

/** One SSH login shared by every forwarded connection; made again after it drops. */
class SshLogin {
  private client: Promise<Client> | undefined;
  private closed = false;

  constructor(private readonly config: ConnectConfig) {}

  get(): Promise<Client> {
    if (this.closed) return Promise.reject(new Error('the forward is closed'));
    this.client ??= this.connect();
    return this.client;
  }

  private connect(): Promise<Client> {
    const client = new Client();
    const attempt = new Promise<Client>((resolve, reject) => {
      client.once('ready', () => resolve(client));
      client.on('error', reject);
    });
    const forget = (): void => {
      if (this.client === attempt) this.client = undefined;
    };
    client.on('close', forget);
    attempt.catch(forget);
    client.connect(this.config);
    return attempt;
  }

  close(): void {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    void client?.then((c) => c.end()).catch(() => undefined);
  }
}

function listen(server: net.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function portTaken(port: number, error: NodeJS.ErrnoException): StatusError {
  return new StatusError(
    'PORT_IN_USE',
    `Port ${port} on this computer is already in use (${error.code ?? error.message}), so STATUS Desktop cannot forward the platform's port ${port} from the server to it.`,
    `Close the program that uses port ${port} here (another STATUS, or an \`ssh -L\` you started), or change the HTTP port in Settings and start the platform again.`,
    { port },
  );
}

/** Forwards 127.0.0.1:localPort here to remoteHost:remotePort as the SSH server sees it. */
export async function openSshForward(ssh: ConnectConfig, target: SshForwardTarget): Promise<SshForward> {
  const remoteHost = target.remoteHost ?? '127.0.0.1';
  const login = new SshLogin(ssh);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.pause();
    login.get().then(
      (client) =>
        client.forwardOut(
          '127.0.0.1',
          socket.remotePort ?? 0,
          remoteHost,
          target.remotePort,
          (error, channel) => {
            // A refused channel (nothing listens there, the login dropped) ends this connection only.
            if (error || socket.destroyed) {
              channel?.close();
              socket.destroy();
              return;
            }
            channel.on('error', () => socket.destroy());
            channel.on('close', () => socket.destroy());
            socket.on('close', () => channel.close());
            socket.pipe(channel).pipe(socket);
            socket.resume();
          },
        ),
      () => socket.destroy(),
    );
  });
  try {
    await listen(server, target.localPort);
  } catch (error) {
    login.close();
    const errno = error as NodeJS.ErrnoException;
    if (errno.code === 'EADDRINUSE' || errno.code === 'EACCES') throw portTaken(target.localPort, errno);
    throw error;
  }
  return {
    localPort: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        login.close();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
