// The scheduled backup as the launcher runs it, over a stand-in Stack that writes a file where it
// is told (the real backup is proven in engine/backup/backup.e2e.test.ts and launcher.e2e.test.ts).
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskInfo } from '../api/contract.js';
import { launcherError } from '../api/to-api-error.js';
import { StatusError } from '../engine/errors.js';
import { BackupsService, type BackupTaskSpec } from './backups-service.js';
import { backupsFolder } from './backups.js';
import type { Stack } from './stack.js';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'status-backups-service-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

function service(opts: { busy?: boolean; fail?: boolean; keep?: number } = {}) {
  const specs: BackupTaskSpec[] = [];
  const stack = {
    project: { name: 'status' },
    async backup({ to }: { to: string }) {
      if (opts.fail)
        throw new StatusError('SERVICE_EXITED', 'postgres stopped during the dump.', 'Start it again.');
      await mkdir(path.dirname(to), { recursive: true });
      await writeFile(to, 'archive');
      return { file: to, size: 7 };
    },
  } as unknown as Stack;
  let done: Promise<void> = Promise.resolve();
  const backups = new BackupsService({
    home,
    project: () => 'status',
    schedule: async () => ({ every: 'day', keep: opts.keep ?? 2 }),
    async submit(spec, run) {
      if (opts.busy) throw launcherError('BUSY', 'Starting STATUS is still in progress.', 'Wait.');
      specs.push(spec);
      const signal = new AbortController().signal;
      done = run(stack, { signal, onProgress: () => {} }).then(
        () => undefined,
        () => undefined,
      );
      return { id: 't1', kind: spec.kind, services: [], startedAt: 0, state: 'running' } as TaskInfo;
    },
    whenDone: () => done,
    platformRunning: () => true,
    afterRestore: async () => {},
    warn: () => {},
  });
  return { backups, specs };
}

describe('the scheduled backup', () => {
  it('is a scheduled backup task writing an -auto file, then prunes the oldest beyond keep', async () => {
    const folder = backupsFolder(home);
    await mkdir(folder);
    // Written years ago: the next scheduled one is due.
    for (const [name, day] of [
      ['status-status-20200101T000000Z-auto.statusbackup', 1],
      ['status-status-20200102T000000Z-auto.statusbackup', 2],
      ['status-status-20200103T000000Z.statusbackup', 3],
    ] as const) {
      await writeFile(path.join(folder, name), 'old');
      const at = new Date(Date.UTC(2020, 0, day));
      await utimes(path.join(folder, name), at, at);
    }
    const { backups, specs } = service();
    await backups.scheduler.check();
    expect(specs).toEqual([{ kind: 'backup', cancellable: true, scheduled: true }]);
    const names = (await readdir(folder)).sort();
    expect(names).toHaveLength(3);
    expect(names).toContain('status-status-20200102T000000Z-auto.statusbackup');
    expect(names).toContain('status-status-20200103T000000Z.statusbackup');
    const overview = await backups.overview();
    expect(overview.schedule.lastRun).toMatchObject({
      ok: true,
      name: expect.stringMatching(/-auto\.statusbackup$/),
    });
    expect(overview.backups.find((b) => b.name === overview.schedule.lastRun!.name)).toMatchObject({
      scheduled: true,
      unreadable: expect.any(String),
    });
  });

  it('records a failure with what happened and what to do', async () => {
    const { backups } = service({ fail: true });
    await backups.scheduler.check();
    expect((await backups.overview()).schedule.lastRun).toMatchObject({
      ok: false,
      error: { message: 'postgres stopped during the dump.', hint: 'Start it again.' },
    });
  });

  it('waits when another task runs', async () => {
    const { backups, specs } = service({ busy: true });
    await backups.scheduler.check();
    expect(specs).toEqual([]);
    expect((await backups.overview()).schedule).toMatchObject({ waiting: 'busy' });
  });
});
