// Small file helpers shared by settings, secrets and the stack env file: atomic writes with a
// fixed mode, and a permission check that tightens files other users could read.
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { chmod, link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { modeString, posixPermissions } from './paths.js';

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Writes `data` to a new temp file next to `path` (mode as given, fsynced) and returns its path. */
async function writeTemp(path: string, data: string, mode: number): Promise<string> {
  const temp = tempPathFor(path);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data, 'utf8');
    // The umask may have narrowed the mode on creation; never widened it. Set it exactly.
    if (posixPermissions()) await handle.chmod(mode);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw error;
  }
  await handle.close();
  return temp;
}

async function syncDir(dir: string): Promise<void> {
  if (!posixPermissions()) return;
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: some file systems refuse fsync on a directory.
  }
}

/**
 * Atomic replace: readers see the old file or the new one, never a partial one, and a crash leaves
 * at most a stray `.<name>.*.tmp` next to it (never the target truncated).
 */
export async function writeFileAtomic(path: string, data: string, mode: number): Promise<void> {
  const temp = await writeTemp(path, data, mode);
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  await syncDir(dirname(path));
}

/**
 * Atomic create-if-absent: returns false (and writes nothing) when `path` already exists, so two
 * processes racing on first run cannot overwrite each other's file.
 */
export async function createFileAtomic(path: string, data: string, mode: number): Promise<boolean> {
  const temp = await writeTemp(path, data, mode);
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // No hard links on this file system: fall back to a check-then-rename (a tiny race window).
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'EXDEV') {
      if (await exists(path)) return false;
      await rename(temp, path);
      return true;
    }
    throw error;
  } finally {
    await unlink(temp).catch(() => {});
    await syncDir(dirname(path));
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** The file's text, or undefined when it does not exist. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * If group or others may access the file (POSIX), set it to `mode` and return a warning for the
 * operator; otherwise undefined.
 */
export async function tightenFileMode(path: string, what: string, mode = 0o600): Promise<string | undefined> {
  if (!posixPermissions()) return undefined;
  const info = await stat(path);
  if ((info.mode & 0o077) === 0) return undefined;
  await chmod(path, mode);
  return `${what} ${path} was readable by other users (mode ${modeString(info.mode)}); it is now ${modeString(mode)} (yours only). If others could log in to this machine, consider the secrets in it exposed.`;
}
