// Backups through the LauncherApi on the real engine (the data stores of stack/compose.yaml with
// the test images; Grafana and MongoDB are HTTP stand-ins): a 'backup' task reports its parts and
// leaves a listed file with its manifest's facts; delete removes it; a file that is not a backup
// is refused by a restore that changes nothing. The backup engine itself is proven in
// engine/backup/backup.e2e.test.ts.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataStack, type DataStack } from '../../test/backup/data-stack.js';
import type { TaskEvent, TaskInfo } from '../api/contract.js';
import { callMethod } from '../api/dispatch.js';
import { apiErrorOf } from '../api/errors.js';
import { createLauncher, type Launcher } from './launcher.js';

let data: DataStack;
let launcher: Launcher;
const events: TaskEvent[] = [];

beforeAll(async () => {
  data = await createDataStack('st-lbackup');
  await data.up();
  launcher = await createLauncher({
    home: data.home,
    env: { ...process.env, ...data.env },
    statusPollMs: 1000,
    onWarning: () => {},
  });
  launcher.onTask((event) => events.push(event));
}, 300_000);
afterAll(async () => {
  await launcher?.close();
  await data?.remove();
});

async function ended(task: TaskInfo): Promise<Extract<TaskEvent, { type: 'task-end' }>> {
  await launcher.whenTaskDone(task.id);
  const end = events.find((e) => e.task.id === task.id && e.type === 'task-end');
  if (end?.type !== 'task-end') throw new Error(`no task-end for ${task.kind}`);
  return end;
}

describe('backups through the launcher', () => {
  it('a backup task reports each part and leaves a listed file; delete removes it', async () => {
    expect((await launcher.backups()).backups).toEqual([]);
    const task = await launcher.backup();
    expect(task).toMatchObject({ kind: 'backup', services: [] });
    const end = await ended(task);
    expect(end.error).toBeUndefined();
    expect(end.ok).toBe(true);
    const parts = events.flatMap((e) =>
      e.task.id === task.id && e.type === 'progress' && e.event.type === 'backup-part' ? [e.event.part] : [],
    );
    expect(parts).toEqual(
      expect.arrayContaining(['postgres/statusdb.pgdump', 'volumes/nodered-data.tar.gz']),
    );

    const overview = await launcher.backups();
    expect(overview.folder).toBe(path.join(data.home, 'backups'));
    expect(overview.backups).toHaveLength(1);
    const [kept] = overview.backups;
    expect(kept).toMatchObject({
      name: expect.stringMatching(new RegExp(`^status-${data.project.name}-\\d{8}T\\d{6}Z\\.statusbackup$`)),
      scheduled: false,
      manifest: { project: data.project.name, secrets: false },
    });
    expect(kept!.size).toBeGreaterThan(1000);

    await launcher.deleteBackup(kept!.name);
    expect((await launcher.backups()).backups).toEqual([]);
  }, 300_000);

  it('refuses names that are not kept backups, and a restore of a file that is not a backup changes nothing', async () => {
    const traversal = await callMethod(launcher, 'deleteBackup', ['../settings.json']);
    expect(traversal).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const missing = await launcher.deleteBackup('status-none.statusbackup').catch(apiErrorOf);
    expect(missing).toMatchObject({ code: 'NOT_FOUND' });

    const before = await data.runningState();
    await writeFile(path.join(data.home, 'backups', 'junk.statusbackup'), 'not a tar archive\n'.repeat(200));
    const [junk] = (await launcher.backups()).backups;
    expect(junk).toMatchObject({ name: 'junk.statusbackup', unreadable: expect.any(String) });
    const end = await ended(await launcher.restoreBackup('junk.statusbackup'));
    expect(end).toMatchObject({
      ok: false,
      error: { code: 'BACKUP_REFUSED', details: { reason: 'not-a-backup' } },
    });
    expect(await data.runningState()).toEqual(before);
  }, 120_000);
});
