// ssh:// engines the way the Docker CLI reaches them: log in over SSH and run `docker system
// dial-stdio`, which connects its stdin/stdout to the remote engine's socket; HTTP then flows over
// that channel. A channel is kept for the next request (HTTP keep-alive, as the CLI does: each new
// channel starts a process on the server), and the channels share a few SSH logins
// (ssh-sessions.ts), as the CLI's ControlMaster would.
//
// docker-modem has an SSH mode too, but it builds an invalid URL (`ssh:host:port…`, Node's DEP0170
// warning, "future versions will throw") and merges SSH options from the process environment; this
// agent is handed to docker-modem as a plain HTTP agent instead.
import http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { inspect } from 'node:util';
import type { ConnectConfig } from 'ssh2';
import { SshSessionPool, type SshSessionPoolOptions } from './ssh-sessions.js';

export const DIAL_STDIO_COMMAND = 'docker system dial-stdio';

export interface SshDialAgentOptions extends SshSessionPoolOptions {
  /** Keep a channel for the next request (default true); false: one channel per request. */
  keepAlive?: boolean;
  /** A kept channel unused this long is closed (default 10 s). */
  freeChannelMs?: number;
}

const IDLE = Symbol('idle');
type KeptChannel = Socket & { [IDLE]?: NodeJS.Timeout };

export class SshDialAgent extends http.Agent {
  private readonly sessions: SshSessionPool;
  private readonly freeChannelMs: number;

  constructor(
    /** The SSH login its channels use. */
    readonly ssh: ConnectConfig,
    opts: SshDialAgentOptions = {},
  ) {
    // A few kept channels are plenty: the status model's requests come in small bursts.
    super({ keepAlive: opts.keepAlive ?? true, maxFreeSockets: 4 });
    this.sessions = new SshSessionPool(ssh, opts);
    this.freeChannelMs = opts.freeChannelMs ?? 10_000;
  }

  // Node's defaults call TCP-only methods (setKeepAlive, unref, setTimeout) an SSH channel lacks.
  override keepSocketAlive(socket: Socket): boolean {
    const kept = socket as KeptChannel;
    kept[IDLE] = setTimeout(() => socket.destroy(), this.freeChannelMs);
    kept[IDLE].unref();
    return true;
  }

  override reuseSocket(socket: Socket, request: http.ClientRequest): void {
    clearTimeout((socket as KeptChannel)[IDLE]);
    super.reuseSocket(socket, request);
  }

  // Node's Agent accepts a connection delivered later through the callback when this returns undefined.
  override createConnection(
    _options: unknown,
    callback?: (error: Error | null, stream: Duplex) => void,
  ): Duplex {
    this.sessions.exec(DIAL_STDIO_COMMAND).then(
      (channel) => {
        // What the remote side printed instead of speaking HTTP (e.g. "docker: command not found").
        let stderr = '';
        channel.stderr.on('data', (chunk: Buffer) => {
          if (stderr.length < 2000) stderr += chunk.toString();
        });
        channel.once('exit', (code: number | null) => {
          if (code && stderr.trim())
            (channel as Duplex).destroy(
              new Error(`${DIAL_STDIO_COMMAND} failed on the remote host: ${stderr.trim()}`),
            );
        });
        // A channel closed by the server (its login dropped) stays "writable", and Node's agent
        // forgets only unwritable sockets from its free list on close: without this it would hand
        // the dead channel to the next request.
        channel.once('close', () => this.forgetFree(channel as unknown as Socket));
        // Node's agent refs a kept socket before reusing it; a channel has nothing to ref.
        const socketLike = channel as unknown as Partial<Socket>;
        socketLike.ref ??= () => socketLike as Socket;
        callback?.(null, channel);
      },
      (error: Error) => callback?.(error, undefined as unknown as Duplex),
    );
    return undefined as unknown as Duplex;
  }

  private forgetFree(channel: Socket): void {
    for (const [name, free] of Object.entries(this.freeSockets)) {
      const index = free?.indexOf(channel) ?? -1;
      if (index < 0) continue;
      clearTimeout((channel as KeptChannel)[IDLE]);
      free!.splice(index, 1);
      if (free!.length === 0) delete (this.freeSockets as Record<string, Socket[]>)[name];
    }
  }

  // docker-modem inspects each request's options, agent included, for its debug log even when that
  // log is off (showHidden, no depth limit). This agent holds SSH connections and their buffers:
  // inspected in full it cost up to seconds of CPU per request and starved the SSH handshakes.
  [inspect.custom](): string {
    const user = this.ssh.username ? `${this.ssh.username}@` : '';
    return `SshDialAgent(ssh://${user}${this.ssh.host}:${this.ssh.port ?? 22})`;
  }

  override destroy(): void {
    super.destroy();
    this.sessions.close();
  }
}
