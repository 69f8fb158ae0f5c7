// A server reached over SSH, for real: a network namespace of its own (its own loopback, ports and
// firewall, as another computer would have) on a link this creates (10.131.x.0/24, the host at .1,
// the server at .2), with a Docker engine and OpenSSH's sshd in it. A login as root with the test's
// key runs the Docker CLI against that engine (DOCKER_HOST set for the key in authorized_keys), so
// `docker system dial-stdio` there reaches it, as on a server with Docker installed.
//
// The client side is a home folder with ~/.ssh/id_ed25519 and a known_hosts naming the server's
// host key, as an operator's would be once they have logged in to it once.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startSecondDockerd, type SecondDockerd } from './second-dockerd.js';
import { TestLink } from './test-link.js';

const run = promisify(execFile);

export interface SshMachine {
  /** Its address on the test's link. */
  address: string;
  /** `ssh://root@<address>`: what an operator types in Settings → Engine. */
  endpoint: string;
  /** Its Docker engine (a client on the engine's socket, for the test's own checks). */
  engine: SecondDockerd;
  /** A user's home on this side: ~/.ssh/id_ed25519 and ~/.ssh/known_hosts. */
  homeDir: string;
  /** Whether something on the server accepts TCP connections on its own 127.0.0.1:`port`. */
  listensOnItsLoopback(port: number): Promise<boolean>;
  /** sshd's log (its -e output), for a failure's message. */
  sshdLog(): Promise<string>;
  remove(): Promise<void>;
}

const SSHD = '/usr/sbin/sshd';

async function keyPair(file: string): Promise<string> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'status-desktop-test', '-f', file]);
  // "ssh-ed25519 AAAA… comment": the type and key are what known_hosts and authorized_keys take.
  return (await readFile(`${file}.pub`, 'utf8')).trim().split(/\s+/).slice(0, 2).join(' ');
}

function sshdConfig(dir: string, address: string): string {
  return [
    `ListenAddress ${address}:22`,
    `HostKey ${path.join(dir, 'host_ed25519')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    // authorized_keys' environment="DOCKER_HOST=…" option.
    'PermitUserEnvironment DOCKER_HOST',
    'AllowTcpForwarding yes',
    // The files are in a /tmp folder; sshd's ownership checks of the path are for real homes.
    'StrictModes no',
    'LogLevel VERBOSE',
    '',
  ].join('\n');
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Polls `probe` until it holds; fails after `ms`, naming `what`. */
async function until(what: string, probe: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The server, with `images` of the machine's engine copied into its engine (it has no registry). */
export async function startSshMachine(images: string[]): Promise<SshMachine> {
  const link = new TestLink(`stss${randomBytes(2).toString('hex')}`, 131);
  const dir = await mkdtemp(path.join(tmpdir(), 'st-sshd-'));
  const homeDir = await mkdtemp(path.join(tmpdir(), 'st-sshhome-'));
  const logFile = path.join(dir, 'sshd.log');
  let engine: SecondDockerd | undefined;
  let sshd: ChildProcess | undefined;
  let netns = '';

  const remove = async (): Promise<void> => {
    if (sshd && sshd.exitCode === null) {
      const exited = new Promise((resolve) => sshd!.once('exit', resolve));
      sshd.kill('SIGTERM');
      await exited;
    }
    await engine?.remove();
    await link.remove();
    await rm(dir, { recursive: true, force: true });
    await rm(homeDir, { recursive: true, force: true });
  };

  try {
    await link.create();
    netns = await link.machine(2);
    const address = `${link.subnet}.2`;
    engine = await startSecondDockerd({ netns, images });

    const hostKey = await keyPair(path.join(dir, 'host_ed25519'));
    await mkdir(path.join(homeDir, '.ssh'), { mode: 0o700 });
    const clientKey = await keyPair(path.join(homeDir, '.ssh', 'id_ed25519'));
    await writeFile(
      path.join(dir, 'authorized_keys'),
      `environment="DOCKER_HOST=${engine.host}" ${clientKey}\n`,
    );
    await writeFile(path.join(homeDir, '.ssh', 'known_hosts'), `${address} ${hostKey}\n`);
    await writeFile(path.join(dir, 'sshd_config'), sshdConfig(dir, address));
    // sshd's privilege separation folder (the package's service would make it).
    await mkdir('/run/sshd', { recursive: true, mode: 0o755 });

    const fd = openSync(logFile, 'a');
    try {
      const args = [`--net=/run/netns/${netns}`, SSHD, '-D', '-e', '-f', path.join(dir, 'sshd_config')];
      sshd = spawn('nsenter', args, { stdio: ['ignore', fd, fd] });
      sshd.once('error', () => undefined);
    } finally {
      closeSync(fd);
    }
    const server = sshd;
    await until(
      `sshd to listen on ${address}:22`,
      async () => {
        if (server.exitCode !== null) {
          throw new Error(`sshd exited at start. Its log:\n${await readFile(logFile, 'utf8')}`);
        }
        return connects(address, 22);
      },
      20_000,
    );

    return {
      address,
      endpoint: `ssh://root@${address}`,
      engine,
      homeDir,
      async listensOnItsLoopback(port) {
        // bash's /dev/tcp, run in the server's namespace: its 127.0.0.1, not this machine's.
        const probe = `exec 3<>/dev/tcp/127.0.0.1/${port}`;
        return run('ip', ['netns', 'exec', netns, 'bash', '-c', probe]).then(
          () => true,
          () => false,
        );
      },
      sshdLog: () => readFile(logFile, 'utf8').catch(() => ''),
      remove,
    };
  } catch (error) {
    await remove();
    throw error;
  }
}
