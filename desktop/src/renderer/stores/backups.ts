// The Backups page's state: the kept backups and the schedule as the launcher reports them, the
// backup or restore in progress with each part (a database dump, a volume) and its bytes, and the
// outcome of the last one. The list is read again whenever a backup or restore ends, whoever
// started it (another console, the schedule).
import { createStore } from 'zustand/vanilla';
import type {
  ApiError,
  BackupsOverview,
  LauncherApi,
  RestoreRequest,
  TaskEvent,
  TaskInfo,
} from '../../api/contract.js';
import { toShownError, type ShownError } from '../lib/errors.js';

export interface PartProgress {
  part: string;
  phase: string;
  bytes: number;
  totalBytes?: number;
}

/** A backup or restore as this page follows it. */
export interface BackupRun {
  info: TaskInfo;
  /** In the order the parts first reported. */
  parts: PartProgress[];
  /** The archive being written (a backup) and its size so far. */
  written?: { bytes: number; done: boolean };
  end?: { ok: boolean; error?: ApiError };
}

export interface BackupsState {
  overview: BackupsOverview | null;
  /** Reading the list failed. */
  loadError: ShownError | null;
  /** The backup or restore running now, or the last one until dismissed. */
  run: BackupRun | null;
  /** A command that could not start (BUSY, a bad passphrase…), shown where it was given. */
  commandError: ShownError | null;
  load(): Promise<void>;
  /** Follows backup and restore tasks; returns the unsubscribe function. */
  start(): () => void;
  handle(event: TaskEvent): void;
  /** Starts a backup; resolves with its task, or undefined when it could not start (commandError says why). */
  backUp(secretsPassphrase?: string): Promise<TaskInfo | undefined>;
  restore(name: string, request: RestoreRequest): Promise<TaskInfo | undefined>;
  /** Deletes a kept backup; rejects with the launcher's error (shown in the dialog). */
  remove(name: string): Promise<void>;
  dismissRun(): void;
  clearCommandError(): void;
}

const BACKUP_KINDS = new Set<TaskInfo['kind']>(['backup', 'restore']);

/**
 * The page's store for one LauncherApi: made on first use and kept, so leaving the page and coming
 * back shows the same run.
 */
const stores = new WeakMap<LauncherApi, BackupsStore>();
export function backupsStoreFor(api: LauncherApi): BackupsStore {
  let store = stores.get(api);
  if (!store) {
    store = createBackupsStore(api);
    stores.set(api, store);
  }
  return store;
}

export function createBackupsStore(api: LauncherApi) {
  return createStore<BackupsState>()((set, get) => {
    const command = async (start: () => Promise<TaskInfo>) => {
      try {
        const info = await start();
        set({ commandError: null, run: { info, parts: [] } });
        return info;
      } catch (error) {
        set({ commandError: toShownError(error) });
        return undefined;
      }
    };
    const updateRun = (info: TaskInfo, change: (run: BackupRun) => BackupRun) => {
      const current = get().run;
      const run = current && current.info.id === info.id ? current : { info, parts: [] };
      set({ run: change({ ...run, info }) });
    };

    return {
      overview: null,
      loadError: null,
      run: null,
      commandError: null,
      async load() {
        try {
          set({ overview: await api.backups(), loadError: null });
        } catch (error) {
          set({ loadError: toShownError(error) });
        }
      },
      start() {
        return api.onTask((event) => get().handle(event));
      },
      handle(event) {
        if (!BACKUP_KINDS.has(event.task.kind)) return;
        if (event.type === 'task-start') return updateRun(event.task, (run) => run);
        if (event.type === 'task-end') {
          updateRun(event.task, (run) => ({
            ...run,
            end: event.error ? { ok: event.ok, error: event.error } : { ok: event.ok },
          }));
          void get().load();
          return;
        }
        const progress = event.event;
        if (progress.type === 'backup-part') {
          const entry: PartProgress = { part: progress.part, phase: progress.phase, bytes: progress.bytes };
          if (progress.totalBytes !== undefined) entry.totalBytes = progress.totalBytes;
          updateRun(event.task, (run) => {
            const at = run.parts.findIndex((p) => p.part === progress.part);
            const parts = at < 0 ? [...run.parts, entry] : run.parts.map((p, i) => (i === at ? entry : p));
            return { ...run, parts };
          });
        } else if (progress.type === 'backup-file') {
          const written = { bytes: progress.bytes, done: progress.phase === 'written' };
          updateRun(event.task, (run) => ({ ...run, written }));
        }
      },
      backUp(secretsPassphrase) {
        return command(() => api.backup(secretsPassphrase ? { secretsPassphrase } : {}));
      },
      restore(name, request) {
        return command(() => api.restoreBackup(name, request));
      },
      async remove(name) {
        await api.deleteBackup(name);
        await get().load();
      },
      dismissRun() {
        set({ run: null });
      },
      clearCommandError() {
        set({ commandError: null });
      },
    };
  });
}

export type BackupsStore = ReturnType<typeof createBackupsStore>;
