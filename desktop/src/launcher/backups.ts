// Where backups are kept and what they are called: `<settings home>/backups/`, one file per backup
// named `status-<project>-<UTC time>.statusbackup` (a plain tar; see engine/backup/README.md).
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export const BACKUP_EXTENSION = '.statusbackup';

export interface KeptBackup {
  file: string;
  size: number;
  /** When the file was last written (the backup's end). */
  modifiedAt: Date;
}

export function backupsFolder(home: string): string {
  return path.join(home, 'backups');
}

/** `status-<project>-20261203T153900Z.statusbackup`: sorts by time, no characters a file system minds. */
export function backupFileName(project: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `status-${project}-${stamp}${BACKUP_EXTENSION}`;
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
