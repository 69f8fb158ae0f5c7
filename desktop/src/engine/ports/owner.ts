// Which process on this machine holds a host port (Linux): the kernel's socket tables
// (/proc/net/{tcp,tcp6,udp,udp6}) give the listening socket's inode, and the process whose open
// files include that socket (/proc/<pid>/fd → "socket:[inode]") owns it. Best effort: other
// systems, other users' processes we may not look into, or a port held in another network
// namespace give undefined, never an error.
import { readFile, readdir, readlink } from 'node:fs/promises';
import path from 'node:path';

export interface PortOwnerProcess {
  pid: number;
  /** The process's command name (/proc/<pid>/comm), e.g. "nginx". */
  command: string;
}

/** TCP_LISTEN in /proc/net/tcp; UDP sockets bound to a port show 07 (TCP_CLOSE). */
const LISTEN_STATE = { tcp: '0A', udp: '07' } as const;

/**
 * The inodes of the sockets bound to `port` in one /proc/net table (any local address; the state
 * must be the listening one for the protocol).
 */
export function socketInodes(table: string, port: number, protocol: 'tcp' | 'udp'): string[] {
  const inodes: string[] = [];
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    // sl, local_address, rem_address, st, tx:rx, tr:when, retrnsmt, uid, timeout, inode
    const [local, state, inode] = [fields[1], fields[3], fields[9]];
    if (!local || !state || !inode || inode === '0') continue;
    const hexPort = local.slice(local.lastIndexOf(':') + 1);
    if (Number.parseInt(hexPort, 16) === port && state === LISTEN_STATE[protocol]) inodes.push(inode);
  }
  return inodes;
}

async function readOrEmpty(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return '';
  }
}

/** The first process with one of these sockets open, and its command name. */
async function processWithSocket(
  procRoot: string,
  inodes: Set<string>,
): Promise<PortOwnerProcess | undefined> {
  const pids = (await readdir(procRoot)).filter((entry) => /^\d+$/.test(entry));
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = await readdir(path.join(procRoot, pid, 'fd'));
    } catch {
      continue; // gone, or not ours to look into
    }
    for (const fd of fds) {
      const target = await readlink(path.join(procRoot, pid, 'fd', fd)).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) {
        const command = (await readOrEmpty(path.join(procRoot, pid, 'comm'))).trim();
        return { pid: Number(pid), command: command || 'a program' };
      }
    }
  }
  return undefined;
}

export interface FindPortOwnerOptions {
  /** Default: this machine's. Only Linux has /proc/net. */
  platform?: NodeJS.Platform;
  /** Default /proc (tests point it elsewhere). */
  procRoot?: string;
}

/** The process listening on `port` on this machine, when it can be found out. */
export async function findPortOwner(
  port: number,
  protocol: 'tcp' | 'udp',
  opts: FindPortOwnerOptions = {},
): Promise<PortOwnerProcess | undefined> {
  if ((opts.platform ?? process.platform) !== 'linux') return undefined;
  const procRoot = opts.procRoot ?? '/proc';
  try {
    const tables = await Promise.all(
      [protocol, `${protocol}6`].map((name) => readOrEmpty(path.join(procRoot, 'net', name))),
    );
    const inodes = new Set(tables.flatMap((table) => socketInodes(table, port, protocol)));
    if (inodes.size === 0) return undefined;
    return await processWithSocket(procRoot, inodes);
  } catch {
    return undefined;
  }
}
