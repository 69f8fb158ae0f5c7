// A second Docker engine for tests that stop, restart or reach an engine in ways the machine's own
// engine must not see (every other test shares that one): its own socket, data root, exec root
// (with its own containerd), pidfile, log and default bridge, all under one folder remove() deletes.
//
// Its default bridge is an interface of its own: `--bridge none` would make dockerd delete docker0,
// which belongs to the main engine (one network namespace for both). iptables stays off, so the
// main engine's rules are never touched; published ports still work through docker-proxy.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';

const run = promisify(execFile);

export interface SecondDockerdOptions {
  /** Images of the main engine to copy in (docker save | docker load) the first time it answers. */
  images?: string[];
  /** More dockerd arguments, e.g. a TCP listener with TLS (`--host tcp://…`, `--tlsverify`, …). */
  extraArgs?: string[];
  /**
   * A network namespace (`ip netns add`) to run in, as a machine of its own: its own interfaces,
   * ports and firewall, so several engines can be nodes of one Swarm here. Its default bridge is
   * then its own docker0, and nothing is added to the main namespace.
   */
  netns?: string;
  /** How long it may take to answer after a start (default 60 s). */
  startTimeoutMs?: number;
  /** How long it may take to exit after SIGTERM (default 60 s: it stops its containers first). */
  stopTimeoutMs?: number;
}

export interface SecondDockerd {
  /** The folder holding everything it keeps. */
  dir: string;
  /** `unix://…` of its socket: DOCKER_HOST for a launcher or CLI that should use it. */
  host: string;
  /** A client on its socket. */
  docker: Docker;
  logFile: string;
  /** SIGTERM, then waits until it has exited (it stops its containers first, as on a shutdown). */
  stop(): Promise<void>;
  /** Starts it again on the same data (containers, volumes, images kept) and waits until it answers. */
  start(): Promise<void>;
  /** Stops it if it runs, deletes its bridges (its own and its networks') and its folder. Safe to call twice. */
  remove(): Promise<void>;
}

/** Polls `probe` with growing steps until it holds; fails after `ms`, naming `what`. */
async function until(probe: () => Promise<boolean>, what: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (let step = 50; ; step = Math.min(step * 2, 500)) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, step));
  }
}

async function answers(docker: Docker): Promise<boolean> {
  try {
    await docker.ping();
    return true;
  } catch {
    return false;
  }
}

async function createBridge(name: string): Promise<void> {
  // 10.250-254.x: away from the 10.200-249 subnets the stack fixtures pick for grafana-auth.
  const subnet = `10.${250 + Math.floor(Math.random() * 5)}.${Math.floor(Math.random() * 256)}`;
  await run('ip', ['link', 'add', name, 'type', 'bridge']);
  await run('ip', ['addr', 'add', `${subnet}.1/24`, 'dev', name]);
  await run('ip', ['link', 'set', name, 'up']);
}

/**
 * With iptables off this engine adds no FORWARD rules, but the main engine set FORWARD's policy to
 * DROP and the kernel passes bridged frames through iptables (bridge-nf-call-iptables): containers
 * on one of this engine's networks could not reach each other. This lets bridged traffic (within
 * one bridge: what Docker allows on a network anyway) through, tagged so remove() takes it back.
 */
function bridgedTrafficRule(tag: string): string[] {
  return [
    'FORWARD',
    '-m',
    'physdev',
    '--physdev-is-bridged',
    '-m',
    'comment',
    '--comment',
    tag,
    '-j',
    'ACCEPT',
  ];
}

async function deleteBridge(name: string): Promise<void> {
  await run('ip', ['link', 'delete', name]).catch(() => undefined);
}

/**
 * The host interfaces behind this engine's bridge networks (`br-<id>`, a Swarm's docker_gwbridge).
 * A stopped dockerd leaves them up, each holding one of Docker's default address pools: a few runs
 * of leaked bridges and no engine on the machine can create a network. Empty if it does not answer.
 */
async function bridgeInterfaces(docker: Docker): Promise<string[]> {
  const networks = await docker.listNetworks({ filters: { driver: ['bridge'] } }).catch(() => []);
  return networks.map(
    (network) => network.Options?.['com.docker.network.bridge.name'] ?? `br-${network.Id.slice(0, 12)}`,
  );
}

/**
 * Copies images from the main engine in one stream (no file in between): one `docker save` of them
 * all carries each shared layer once, where one stream per image repeats the base layers.
 */
async function copyImages(from: Docker, to: Docker, images: string[]): Promise<void> {
  // `GET /images/get?names=…` (dockerode has it; its type definitions do not).
  const exporter = from as unknown as {
    getImages(opts: { names: string[] }): Promise<NodeJS.ReadableStream>;
  };
  const tar = await exporter.getImages({ names: images });
  const answer = await to.loadImage(tar, { quiet: true });
  await new Promise<void>((resolve, reject) => {
    to.modem.followProgress(answer, (error: Error | null) => (error ? reject(error) : resolve()));
  });
}

export async function startSecondDockerd(opts: SecondDockerdOptions = {}): Promise<SecondDockerd> {
  const dir = await mkdtemp('/tmp/st-dockerd-'); // short: a unix socket path has ~107 bytes
  const socket = path.join(dir, 'docker.sock');
  const logFile = path.join(dir, 'dockerd.log');
  const bridge = `stdd${randomBytes(3).toString('hex')}`;
  const docker = new Docker({ socketPath: socket });
  const args = [
    `--host=unix://${socket}`,
    `--data-root=${path.join(dir, 'data')}`,
    `--exec-root=${path.join(dir, 'exec')}`,
    `--pidfile=${path.join(dir, 'docker.pid')}`,
    ...(opts.netns ? [] : [`--bridge=${bridge}`]),
    '--iptables=false',
    '--ip6tables=false',
    ...(opts.extraArgs ?? []),
  ];
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let removed = false;
  const leftBridges = new Set<string>();

  const start = async (): Promise<void> => {
    if (child) return;
    const fd = openSync(logFile, 'a');
    try {
      // nsenter joins the namespace and execs dockerd (the pid is dockerd's). Not `ip netns exec`:
      // it also mounts a sysfs of its own, which hides the cgroup mounts dockerd needs.
      const [command, argv] = opts.netns
        ? ['nsenter', [`--net=/run/netns/${opts.netns}`, 'dockerd', ...args]]
        : ['dockerd', args];
      const proc = spawn(command, argv, { stdio: ['ignore', fd, fd] });
      child = proc;
      exited = new Promise((resolve) => proc.once('exit', () => resolve()));
      proc.once('exit', () => {
        if (child === proc) child = undefined;
      });
      proc.once('error', () => undefined);
    } finally {
      closeSync(fd);
    }
    try {
      await until(
        async () => {
          if (!child) {
            const log = await readFile(logFile, 'utf8').catch(() => '');
            throw new Error(`The second dockerd exited at start. Its log:\n${log.slice(-3000)}`);
          }
          return answers(docker);
        },
        `the second dockerd to answer on ${socket}`,
        opts.startTimeoutMs ?? 60_000,
      );
    } catch (error) {
      await stop();
      throw error;
    }
  };

  const stop = async (): Promise<void> => {
    const proc = child;
    if (!proc) return;
    // In a namespace of its own its interfaces go with the namespace; here they stay behind.
    if (!opts.netns) for (const name of await bridgeInterfaces(docker)) leftBridges.add(name);
    proc.kill('SIGTERM');
    const ms = opts.stopTimeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
    const outcome = await Promise.race([exited, late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      proc.kill('SIGKILL');
      await exited;
      throw new Error(`The second dockerd did not exit within ${ms} ms of SIGTERM (killed). See ${logFile}.`);
    }
  };

  const remove = async (): Promise<void> => {
    if (removed) return;
    removed = true;
    await stop().catch(() => undefined);
    if (!opts.netns) {
      for (const name of leftBridges) await deleteBridge(name);
      await deleteBridge(bridge);
      await run('iptables', ['-D', ...bridgedTrafficRule(bridge)]).catch(() => undefined);
    }
    // Leftover container mounts under the data root would make the removal fail: unmount first.
    await run('sh', ['-c', `grep -o " ${dir}[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l`]).catch(
      () => undefined,
    );
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  };

  try {
    if (!opts.netns) {
      await createBridge(bridge);
      await run('iptables', ['-I', ...bridgedTrafficRule(bridge)]);
    }
    await start();
    if (opts.images?.length) await copyImages(new Docker(), docker, opts.images);
  } catch (error) {
    await remove();
    throw error;
  }
  return { dir, host: `unix://${socket}`, docker, logFile, stop, start, remove };
}
