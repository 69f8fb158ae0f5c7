// Commands on an SSH server, many at once, over few logins: each login carries several sessions
// (channels), as OpenSSH's ControlMaster does for the Docker CLI. A login per command fails on a stock
// OpenSSH server under load: sshd drops new connections once 10 are still unauthenticated
// (MaxStartups 10:30:100), and every login costs a key exchange.
//
// - A login carries at most `sessionsPerLogin` sessions (OpenSSH allows 10: MaxSessions); a server
//   that allows fewer refuses the channel, and that login's capacity drops to what it took.
// - At most `maxConnecting` logins are opened at a time (well under MaxStartups).
// - A login with no session left closes after `idleMs`; a login that drops is forgotten (its
//   sessions fail with it; the next command logs in again).
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';

export interface SshSessionPoolOptions {
  sessionsPerLogin?: number;
  maxConnecting?: number;
  idleMs?: number;
}

interface Login {
  client: Client;
  ready: Promise<void>;
  connected: boolean;
  sessions: number;
  capacity: number;
  idle?: NodeJS.Timeout;
  gone: boolean;
}

/** OpenSSH's MaxSessions default is 10; two left for anything else sharing the login's server limit. */
const SESSIONS_PER_LOGIN = 8;
const MAX_CONNECTING = 3;
const IDLE_MS = 15_000;

/** sshd's answer to one session too many on a login (ssh2 words it "(SSH) Channel open failure: …"). */
function isChannelRefused(error: Error): boolean {
  return /channel open failure|open failed/i.test(error.message);
}

export class SshSessionPool {
  private readonly logins: Login[] = [];
  private closed = false;
  private readonly sessionsPerLogin: number;
  private readonly maxConnecting: number;
  private readonly idleMs: number;

  constructor(
    private readonly ssh: ConnectConfig,
    opts: SshSessionPoolOptions = {},
  ) {
    this.sessionsPerLogin = opts.sessionsPerLogin ?? SESSIONS_PER_LOGIN;
    this.maxConnecting = opts.maxConnecting ?? MAX_CONNECTING;
    this.idleMs = opts.idleMs ?? IDLE_MS;
  }

  /** The logins open now (for tests and diagnostics). */
  get loginCount(): number {
    return this.logins.length;
  }

  /** Runs `command` on the server; the channel is its stdin/stdout (and `.stderr`). */
  async exec(command: string): Promise<ClientChannel> {
    for (;;) {
      if (this.closed) throw new Error('The SSH connection to the engine was closed.');
      const login = await this.reserveSession();
      clearTimeout(login.idle);
      try {
        await login.ready;
        const channel = await new Promise<ClientChannel>((resolve, reject) => {
          login.client.exec(command, (error, ch) => (error ? reject(error) : resolve(ch)));
        });
        channel.once('close', () => this.release(login));
        return channel;
      } catch (error) {
        this.release(login);
        // The server allows fewer sessions per login than we assumed: this one is full, try another.
        if (!login.gone && isChannelRefused(error as Error) && login.sessions > 0) {
          login.capacity = Math.max(1, login.sessions);
          continue;
        }
        throw error;
      }
    }
  }

  /** Closes every login (their sessions end with them). */
  close(): void {
    this.closed = true;
    for (const login of [...this.logins]) this.end(login);
  }

  /** A login with a session counted for the caller: one with room, else a new one (a few at a time). */
  private async reserveSession(): Promise<Login> {
    for (;;) {
      // Chosen and counted in one synchronous step: commands started together must not all pick
      // the same login with room for one.
      const login =
        this.logins.find((l) => !l.gone && l.sessions < l.capacity) ??
        (this.logins.filter((l) => !l.connected && !l.gone).length < this.maxConnecting
          ? this.logIn()
          : undefined);
      if (login) {
        login.sessions += 1;
        return login;
      }
      // Enough logins on their way: wait for one to be ready (or fail), then look again.
      const connecting = this.logins.filter((l) => !l.connected && !l.gone);
      await Promise.race(connecting.map((l) => l.ready.catch(() => undefined)));
    }
  }

  private logIn(): Login {
    const client = new Client();
    const login: Login = {
      client,
      ready: Promise.resolve(),
      connected: false,
      sessions: 0,
      capacity: this.sessionsPerLogin,
      gone: false,
    };
    login.ready = new Promise<void>((resolve, reject) => {
      client.once('ready', () => {
        login.connected = true;
        resolve();
      });
      client.on('error', (error) => {
        this.forget(login);
        reject(error);
      });
      client.once('close', () => {
        this.forget(login);
        reject(new Error('The SSH connection to the engine closed.'));
      });
    });
    // Awaited by each exec; a failure nobody waits for is not an unhandled rejection.
    login.ready.catch(() => undefined);
    this.logins.push(login);
    client.connect(this.ssh);
    return login;
  }

  private release(login: Login): void {
    login.sessions = Math.max(0, login.sessions - 1);
    if (login.sessions > 0 || login.gone) return;
    clearTimeout(login.idle);
    login.idle = setTimeout(() => this.end(login), this.idleMs);
    login.idle.unref();
  }

  private end(login: Login): void {
    this.forget(login);
    login.client.end();
  }

  private forget(login: Login): void {
    login.gone = true;
    clearTimeout(login.idle);
    const index = this.logins.indexOf(login);
    if (index >= 0) this.logins.splice(index, 1);
  }
}
