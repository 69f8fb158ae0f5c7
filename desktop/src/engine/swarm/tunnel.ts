// A port on this machine's loopback that reaches a service inside a Swarm's overlay network. On a
// Swarm the services the setup steps talk to (Grafana's API) publish no port the launcher can
// reach, and the reverse proxy lets only signed-in STATUS users through to Grafana. So each
// connection runs a tiny Node.js relay (`node -e`) inside a task's container on that network,
// through the Engine API's exec with its stdin and stdout attached: bytes in, bytes out.
import type Docker from 'dockerode';
import net from 'node:net';
import { PassThrough } from 'node:stream';

// Exits once the target closed and what it sent is written out, so the launcher's side sees the end.
const RELAY = [
  'const s = require("net").connect(Number(process.argv[2]), process.argv[1]);',
  'process.stdin.pipe(s); s.pipe(process.stdout, { end: false });',
  's.on("error", (e) => { process.stderr.write(e.message); process.exit(1); });',
  's.on("close", () => process.stdout.write("", () => process.exit(0)));',
].join('\n');

export interface Tunnel {
  /** On 127.0.0.1. */
  port: number;
  close(): Promise<void>;
}

/** Each connection to the returned port is relayed to host:port as seen from inside `container`. */
export async function openTunnel(container: Docker.Container, host: string, port: number): Promise<Tunnel> {
  const open = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    relay(container, socket, host, port).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function relay(container: Docker.Container, socket: net.Socket, host: string, port: number) {
  socket.pause();
  const exec = await container.exec({
    Cmd: ['node', '-e', RELAY, host, String(port)],
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
  });
  const stream = (await exec.start({ hijack: true, stdin: true })) as NodeJS.ReadWriteStream & {
    destroy(): void;
  };
  // The exec's output is multiplexed: stdout goes to the client, stderr (the relay's error) nowhere.
  const stdout = new PassThrough();
  container.modem.demuxStream(stream, stdout, new PassThrough().resume());
  stdout.pipe(socket);
  socket.pipe(stream);
  socket.resume();
  // The relay's end ends the client's connection once its last bytes are through.
  stream.once('end', () => stdout.end());
  stream.once('close', () => stdout.end());
  stream.once('error', () => socket.destroy());
  socket.once('close', () => stream.destroy());
}
