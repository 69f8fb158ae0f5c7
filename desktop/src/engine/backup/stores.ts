// The capture tools of MongoDB and Dragonfly, through `docker exec` into the running service:
// mongodump/mongorestore when the image has them, and Dragonfly's SAVE (a snapshot written into its
// volume, which is then copied). Without them the volume is copied with the service stopped.
import type Docker from 'dockerode';
import type { Readable, Writable } from 'node:stream';
import { execInContainer } from '../docker/exec.js';
import { commandFailed, execToSink } from './exec-stream.js';
import { putFile } from './put-file.js';

const PROBE_TIMEOUT_MS = 15_000;
const SAVE_TIMEOUT_MS = 10 * 60_000;
const RESTORE_TIMEOUT_MS = 60 * 60_000;

// The root account the image was initialised with, read inside the container (never in argv here).
const MONGO_AUTH =
  '--username "$MONGO_INITDB_ROOT_USERNAME" --password "$MONGO_INITDB_ROOT_PASSWORD" --authenticationDatabase admin';

export async function hasCommand(container: Docker.Container, command: string): Promise<boolean> {
  const result = await execInContainer(
    container,
    ['sh', '-c', `command -v ${command}`],
    PROBE_TIMEOUT_MS,
  ).catch(() => undefined);
  return result?.exitCode === 0;
}

export function mongoDump(container: Docker.Container, sink: Writable, signal?: AbortSignal): Promise<void> {
  return execToSink(container, ['sh', '-c', `exec mongodump --archive --gzip --quiet ${MONGO_AUTH}`], sink, {
    what: 'mongodump',
    signal,
  });
}

export async function mongoRestore(
  container: Docker.Container,
  dump: { size: number; content: Readable },
): Promise<void> {
  const file = 'status-restore.mongo.archive.gz';
  await putFile(container, file, dump.size, dump.content);
  try {
    const result = await execInContainer(
      container,
      ['sh', '-c', `exec mongorestore --archive=/tmp/${file} --gzip --drop --quiet ${MONGO_AUTH}`],
      RESTORE_TIMEOUT_MS,
    );
    if (result.exitCode !== 0) throw commandFailed('mongorestore', result.exitCode, result.output);
  } finally {
    await execInContainer(container, ['rm', '-f', `/tmp/${file}`], PROBE_TIMEOUT_MS).catch(() => undefined);
  }
}

/**
 * Asks Dragonfly (or Redis) for a snapshot in its data folder, with the password its container
 * was given (DFLY_requirepass). False when the image has no redis-cli or the snapshot failed.
 */
export async function dragonflySave(container: Docker.Container): Promise<boolean> {
  if (!(await hasCommand(container, 'redis-cli'))) return false;
  const result = await execInContainer(
    container,
    ['sh', '-c', 'exec redis-cli ${DFLY_requirepass:+-a "$DFLY_requirepass"} --no-auth-warning SAVE'],
    SAVE_TIMEOUT_MS,
  );
  return result.exitCode === 0 && /\bOK\b/.test(result.output);
}
