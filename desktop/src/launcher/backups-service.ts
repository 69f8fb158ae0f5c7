// The launcher's backup use cases: the kept backups with what their manifests say, a backup and a
// restore as whole-platform tasks (their progress carries each part), deleting one by name, and
// the schedule (backup-schedule.ts) with its pruning of the oldest scheduled backups.
import path from 'node:path';
import type * as Api from '../api/contract.js';
import { toApiError } from '../api/to-api-error.js';
import type { BackupSchedule } from '../engine/settings/settings.js';
import { BackupScheduler, ScheduleBusy, systemClock, type Clock, type LastRun } from './backup-schedule.js';
import { readScheduleRecord, writeScheduleRecord } from './backup-schedule-record.js';
import { readBackupManifest } from './backups-manifest.js';
import {
  backupFileName,
  backupsFolder,
  deleteKeptBackup,
  isScheduledBackup,
  keptBackupPath,
  listBackups,
  pruneScheduledBackups,
  type KeptBackup,
} from './backups.js';
import type { Stack } from './stack.js';
import type { TaskContext } from './tasks.js';

export interface BackupTaskSpec {
  kind: 'backup' | 'restore';
  cancellable: boolean;
  scheduled?: boolean;
}

export interface BackupsServiceOptions {
  home: string;
  /** The Compose project's name now (settings may change it between calls). */
  project(): string;
  schedule(): Promise<BackupSchedule>;
  /** Submits a whole-platform task (BUSY while another runs). */
  submit(
    spec: BackupTaskSpec,
    run: (stack: Stack, ctx: TaskContext) => Promise<unknown>,
  ): Promise<Api.TaskInfo>;
  whenDone(taskId: string): Promise<void>;
  platformRunning(): boolean;
  /** A restore may have replaced the secrets: the launcher loads the project again. */
  afterRestore(): Promise<void>;
  warn(message: string): void;
  clock?: Clock;
}

export class BackupsService {
  readonly scheduler: BackupScheduler;
  private readonly clock: Clock;

  constructor(private readonly opts: BackupsServiceOptions) {
    this.clock = opts.clock ?? systemClock;
    this.scheduler = new BackupScheduler({
      schedule: opts.schedule,
      newestBackupAt: () => this.newestBackupAt(),
      platformRunning: opts.platformRunning,
      run: () => this.runScheduled(),
      readRecord: () => readScheduleRecord(opts.home, opts.warn),
      writeRecord: (record) => writeScheduleRecord(opts.home, record),
      warn: opts.warn,
      clock: this.clock,
    });
  }

  get folder(): string {
    return backupsFolder(this.opts.home);
  }

  async overview(): Promise<Api.BackupsOverview> {
    const kept = await listBackups(this.folder);
    const [backups, schedule] = await Promise.all([
      Promise.all(kept.map(describeBackup)),
      this.scheduler.state(),
    ]);
    return { folder: this.folder, backups, schedule };
  }

  backup(request: Api.BackupRequest = {}): Promise<Api.TaskInfo> {
    const withSecrets = request.secretsPassphrase ? { passphrase: request.secretsPassphrase } : undefined;
    return this.opts.submit({ kind: 'backup', cancellable: true }, (stack, ctx) =>
      stack.backup({ withSecrets, onProgress: ctx.onProgress, signal: ctx.signal }),
    );
  }

  async restore(name: string, request: Api.RestoreRequest = {}): Promise<Api.TaskInfo> {
    const file = await keptBackupPath(this.folder, name);
    // Not cancellable: once data is being replaced, stopping halfway would leave less than either.
    return this.opts.submit({ kind: 'restore', cancellable: false }, async (stack, ctx) => {
      try {
        await stack.restore(file, {
          passphrase: request.passphrase,
          allowOtherProject: request.allowOtherProject,
          onProgress: ctx.onProgress,
        });
      } finally {
        await this.opts.afterRestore();
      }
    });
  }

  delete(name: string): Promise<void> {
    return deleteKeptBackup(this.folder, name);
  }

  /** Starts the schedule's checks (at once, then every few minutes). */
  startSchedule(): void {
    this.scheduler.start();
  }

  close(): void {
    this.scheduler.close();
  }

  private async newestBackupAt(): Promise<number | undefined> {
    const prefix = `status-${this.opts.project()}-`;
    const newest = (await listBackups(this.folder)).find((b) => path.basename(b.file).startsWith(prefix));
    return newest?.modifiedAt.getTime();
  }

  /** The scheduled backup as a task (so every console sees it, and its failure), then the pruning. */
  private async runScheduled(): Promise<LastRun> {
    let outcome: LastRun | undefined;
    const at = this.clock.now();
    let info: Api.TaskInfo;
    try {
      info = await this.opts.submit(
        { kind: 'backup', cancellable: true, scheduled: true },
        async (stack, ctx) => {
          try {
            const to = path.join(
              this.folder,
              backupFileName(stack.project.name, new Date(), { scheduled: true }),
            );
            const result = await stack.backup({ to, onProgress: ctx.onProgress, signal: ctx.signal });
            outcome = { at, ok: true, name: path.basename(result.file) };
          } catch (error) {
            const { message, hint } = toApiError(error);
            outcome = { at, ok: false, error: { message, hint } };
            throw error;
          }
          await this.prune(stack.project.name);
        },
      );
    } catch (error) {
      if (toApiError(error).code === 'BUSY') throw new ScheduleBusy(toApiError(error).message);
      throw error;
    }
    await this.opts.whenDone(info.id);
    return (
      outcome ?? {
        at,
        ok: false,
        error: { message: 'The scheduled backup did not run.', hint: 'It is tried again in an hour.' },
      }
    );
  }

  /** A backup that worked is not undone by a pruning that did not: that only warns. */
  private async prune(project: string): Promise<void> {
    try {
      const { keep } = await this.opts.schedule();
      await pruneScheduledBackups(this.folder, project, keep);
    } catch (error) {
      this.opts.warn(`Could not delete old scheduled backups in ${this.folder}: ${(error as Error).message}`);
    }
  }
}

/** One kept backup for the console: the file's facts, and its manifest's when readable. */
async function describeBackup(kept: KeptBackup): Promise<Api.KeptBackupInfo> {
  const name = path.basename(kept.file);
  const info: Api.KeptBackupInfo = {
    name,
    size: kept.size,
    modifiedAt: kept.modifiedAt.getTime(),
    scheduled: isScheduledBackup(name),
  };
  const read = await readBackupManifest(kept.file);
  if (!read.ok) return { ...info, unreadable: read.reason };
  const { manifest } = read;
  return {
    ...info,
    manifest: {
      project: manifest.project,
      createdAt: manifest.createdAt,
      desktopVersion: manifest.desktopVersion,
      schemaVersion: manifest.schema?.latestVersion ?? null,
      secrets: manifest.parts.some((p) => p.kind === 'secrets'),
    },
  };
}
