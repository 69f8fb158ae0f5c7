import { describe, expect, it } from 'vitest';
import { ApiException } from '../../api/errors.js';
import { FakeApi } from '../test/fake-api.js';
import type { TaskInfo } from '../types.js';
import { backupsStoreFor, createBackupsStore } from './backups.js';

const task = (kind: TaskInfo['kind'], id = 't1'): TaskInfo => ({
  id,
  kind,
  services: [],
  startedAt: 1,
  state: 'running',
});

describe('backups store', () => {
  it('follows a backup part by part, then reads the list again when it ends', async () => {
    const api = new FakeApi();
    const store = createBackupsStore(api);
    const stop = store.getState().start();
    const info = await store.getState().backUp('correct horse');
    expect(api.called('backup')[0]?.args).toEqual([{ secretsPassphrase: 'correct horse' }]);
    const part = (phase: 'capturing' | 'captured', bytes: number) =>
      api.emitTask({
        task: info!,
        type: 'progress',
        event: { type: 'backup-part', part: 'postgres/statusdb.pgdump', phase, bytes, message: phase },
      });
    part('capturing', 0);
    part('captured', 5_000_000);
    api.emitTask({
      task: info!,
      type: 'progress',
      event: { type: 'backup-file', file: '/b/x.statusbackup', phase: 'written', bytes: 6_000_000 },
    });
    expect(store.getState().run).toMatchObject({
      parts: [{ part: 'postgres/statusdb.pgdump', phase: 'captured', bytes: 5_000_000 }],
      written: { bytes: 6_000_000, done: true },
    });
    api.emitTask({ task: info!, type: 'task-end', ok: true });
    expect(store.getState().run?.end).toEqual({ ok: true });
    await expect.poll(() => api.called('backups').length).toBe(1);
    stop();
  });

  it('keeps a refused restore’s error, and ignores other tasks', () => {
    const api = new FakeApi();
    const store = createBackupsStore(api);
    const stop = store.getState().start();
    api.emitTask({ task: task('up', 'u1'), type: 'task-start' });
    expect(store.getState().run).toBeNull();
    const error = {
      code: 'BACKUP_REFUSED' as const,
      message: 'x is corrupt.',
      hint: 'Choose another backup.',
      details: { reason: 'corrupt-part' },
    };
    api.emitTask({ task: task('restore'), type: 'task-end', ok: false, error });
    expect(store.getState().run).toMatchObject({ info: { kind: 'restore' }, end: { ok: false, error } });
    stop();
  });

  it('says why a command could not start', async () => {
    const api = new FakeApi();
    const store = createBackupsStore(api);
    api.failNext = new ApiException({
      code: 'BUSY',
      message: 'Starting STATUS is still in progress.',
      hint: 'Wait.',
    });
    expect(await store.getState().backUp()).toBeUndefined();
    expect(store.getState().commandError).toMatchObject({ code: 'BUSY', hint: 'Wait.' });
    expect(api.called('backup')[0]?.args).toEqual([{}]);
  });

  it('deletes by name and reads the list again; one store per api', async () => {
    const api = new FakeApi();
    api.backupsValue = {
      ...api.backupsValue,
      backups: [{ name: 'a.statusbackup', size: 1, modifiedAt: 1, scheduled: false }],
    };
    const store = backupsStoreFor(api);
    expect(backupsStoreFor(api)).toBe(store);
    await store.getState().load();
    expect(store.getState().overview?.backups).toHaveLength(1);
    await store.getState().remove('a.statusbackup');
    expect(api.called('deleteBackup')[0]?.args).toEqual(['a.statusbackup']);
    expect(store.getState().overview?.backups).toEqual([]);
  });
});
