// ssh:// engines the way the Docker CLI reaches them: log in over SSH and run `docker system
// dial-stdio`, which connects its stdin/stdout to the remote engine's socket; HTTP then flows over
// that channel. One SSH connection per HTTP connection (no keep-alive), closed with it.
//
// docker-modem has an SSH mode too, but it builds an invalid URL (`ssh:host:port…`, Node's DEP0170
// warning, "future versions will throw") and merges SSH options from the process environment; this
// agent is handed to docker-modem as a plain HTTP agent instead.
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { Client, type ConnectConfig } from 'ssh2';

export const DIAL_STDIO_COMMAND = 'docker system dial-stdio';

export class SshDialAgent extends http.Agent {
  constructor(private readonly ssh: ConnectConfig) {
    super({ keepAlive: false });
  }

  // Node's Agent accepts a connection delivered later through the callback when this returns undefined.
  override createConnection(
    _options: unknown,
    callback?: (error: Error | null, stream: Duplex) => void,
  ): Duplex {
    const conn = new Client();
    let settled = false;
    const settle = (error: Error | null, stream?: Duplex): void => {
      if (settled) return;
      settled = true;
      callback?.(error, stream as Duplex);
    };
    conn.once('ready', () => {
      conn.exec(DIAL_STDIO_COMMAND, (error, channel) => {
        if (error) {
          conn.end();
          settle(error);
          return;
        }
        channel.once('close', () => conn.end());
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
        settle(null, channel);
      });
    });
    conn.on('error', (error) => {
      conn.end();
      settle(error);
    });
    conn.connect(this.ssh);
    return undefined as unknown as Duplex;
  }
}
