// Where backups are kept and what they are called: `<settings home>/backups/`, one file per backup
// named `status-<project>-<UTC time>.statusbackup` (a plain tar; see engine/backup/README.md);
// the ones the schedule takes end in `-auto.statusbackup`, so pruning never touches a manual one.
import { readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { StatusError } from '../engine/errors.js';

export const BACKUP_EXTENSION = '.statusbackup';
const SCHEDULED_SUFFIX = `-auto${BACKUP_EXTENSION}`;

export interface KeptBackup {
  file: string;
  size: number;
  /** When the file was last written (the backup's end). */
  modifiedAt: Date;
}

export function backupsFolder(home: string): string {
  return path.join(home, 'backups');
}

/**
 * `status-<project>-20261203T153900Z.statusbackup` (`…Z-auto.statusbackup` when the schedule took
 * it): sorts by time, no characters a file system minds.
 */
export function backupFileName(project: string, at: Date, opts: { scheduled?: boolean } = {}): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `status-${project}-${stamp}${opts.scheduled ? SCHEDULED_SUFFIX : BACKUP_EXTENSION}`;
}

export function isScheduledBackup(name: string): boolean {
  return name.endsWith(SCHEDULED_SUFFIX);
}

/**
 * The path of the kept backup called `name`, or NOT_FOUND. Only a plain name of a file listed in
 * the folder is accepted (the API's schema already refuses paths; this is the second lock).
 */
export async function keptBackupPath(folder: string, name: string): Promise<string> {
  const kept =
    path.basename(name) === name
      ? (await listBackups(folder)).find((b) => path.basename(b.file) === name)
      : undefined;
  if (!kept) {
    throw new StatusError(
      'NOT_FOUND',
      `There is no backup called "${name}" in ${folder}.`,
      'Choose one of the backups the console lists (it may have been deleted meanwhile).',
      { name, folder },
    );
  }
  return kept.file;
}

/** Deletes one kept backup by name. */
export async function deleteKeptBackup(folder: string, name: string): Promise<void> {
  await unlink(await keptBackupPath(folder, name));
}

/**
 * Deletes the oldest scheduled backups of `project` beyond the newest `keep`; manual backups and
 * other projects' are never touched. Returns the names deleted.
 */
export async function pruneScheduledBackups(
  folder: string,
  project: string,
  keep: number,
): Promise<string[]> {
  const prefix = `status-${project}-`;
  const scheduled = (await listBackups(folder)).filter((b) => {
    const name = path.basename(b.file);
    return isScheduledBackup(name) && name.startsWith(prefix);
  });
  // Newest first by name (the UTC time in it), not by file time: a copy keeps its name.
  scheduled.sort((a, b) => path.basename(b.file).localeCompare(path.basename(a.file)));
  const extra = scheduled.slice(Math.max(0, keep));
  for (const backup of extra) await unlink(backup.file);
  return extra.map((b) => path.basename(b.file));
}

/** The backups in `folder`, newest first; none when the folder does not exist yet. */
export async function listBackups(folder: string): Promise<KeptBackup[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const kept: KeptBackup[] = [];
  for (const name of names.filter((n) => n.endsWith(BACKUP_EXTENSION) && !n.startsWith('.'))) {
    const file = path.join(folder, name);
    const info = await stat(file);
    if (info.isFile()) kept.push({ file, size: info.size, modifiedAt: info.mtime });
  }
  return kept.sort((a, b) => b.modifiedAt.getTime() - a.modifiedAt.getTime());
}
