import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupFileName, backupsFolder, listBackups } from './backups.js';

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
