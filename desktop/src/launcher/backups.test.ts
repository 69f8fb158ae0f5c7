import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  backupFileName,
  backupsFolder,
  deleteKeptBackup,
  isScheduledBackup,
  keptBackupPath,
  listBackups,
  pruneScheduledBackups,
} from './backups.js';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'status-backups-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('backups', () => {
  it('names a backup after its project and UTC time', () => {
    expect(backupFileName('status', new Date('2026-12-03T15:39:04.123Z'))).toBe(
      'status-status-20261203T153904Z.statusbackup',
    );
    expect(backupsFolder(home)).toBe(path.join(home, 'backups'));
  });

  it('lists the kept backups newest first, without partial files or other files', async () => {
    const folder = backupsFolder(home);
    await mkdir(folder);
    const write = async (name: string, content: string, time: number) => {
      await writeFile(path.join(folder, name), content);
      await utimes(path.join(folder, name), time, time);
    };
    await write('status-a-1.statusbackup', 'old', 1_000_000);
    await write('status-a-2.statusbackup', 'newer', 2_000_000);
    await write('.status-a-3.statusbackup.ab12.partial', 'x', 3_000_000);
    await write('notes.txt', 'x', 3_000_000);
    const kept = await listBackups(folder);
    expect(kept.map((b) => [path.basename(b.file), b.size])).toEqual([
      ['status-a-2.statusbackup', 5],
      ['status-a-1.statusbackup', 3],
    ]);
    expect(kept[0]!.modifiedAt.getTime()).toBe(2_000_000_000);
  });

  it('has none before the first backup', async () => {
    expect(await listBackups(backupsFolder(home))).toEqual([]);
  });
});

describe('kept backups by name', () => {
  const write = async (name: string, time: number) => {
    const folder = backupsFolder(home);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, name), name);
    await utimes(path.join(folder, name), time, time);
  };
  const names = async () => (await listBackups(backupsFolder(home))).map((b) => path.basename(b.file));

  it('marks the ones the schedule takes in their name', () => {
    const name = backupFileName('status', new Date('2026-12-03T15:39:04Z'), { scheduled: true });
    expect(name).toBe('status-status-20261203T153904Z-auto.statusbackup');
    expect(isScheduledBackup(name)).toBe(true);
    expect(isScheduledBackup('status-status-20261203T153904Z.statusbackup')).toBe(false);
  });

  it('finds only a plain name of a file in the folder, and deletes it', async () => {
    await write('status-a-1.statusbackup', 1_000);
    const folder = backupsFolder(home);
    expect(await keptBackupPath(folder, 'status-a-1.statusbackup')).toBe(
      path.join(folder, 'status-a-1.statusbackup'),
    );
    for (const name of ['../backups/status-a-1.statusbackup', 'status-a-2.statusbackup', '/etc/passwd']) {
      await expect(keptBackupPath(folder, name)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    await deleteKeptBackup(folder, 'status-a-1.statusbackup');
    expect(await names()).toEqual([]);
    await expect(deleteKeptBackup(folder, 'status-a-1.statusbackup')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('prunes the oldest scheduled backups of the project beyond keep, never manual or other projects’', async () => {
    await write('status-a-20261201T000000Z-auto.statusbackup', 1_000);
    await write('status-a-20261202T000000Z-auto.statusbackup', 2_000);
    await write('status-a-20261203T000000Z-auto.statusbackup', 3_000);
    await write('status-a-20261130T000000Z.statusbackup', 500);
    await write('status-b-20261101T000000Z-auto.statusbackup', 100);
    const deleted = await pruneScheduledBackups(backupsFolder(home), 'a', 2);
    expect(deleted).toEqual(['status-a-20261201T000000Z-auto.statusbackup']);
    expect((await names()).sort()).toEqual([
      'status-a-20261130T000000Z.statusbackup',
      'status-a-20261202T000000Z-auto.statusbackup',
      'status-a-20261203T000000Z-auto.statusbackup',
      'status-b-20261101T000000Z-auto.statusbackup',
    ]);
  });
});
