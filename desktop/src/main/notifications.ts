// Desktop notifications from the status stream: a service turned unhealthy, a service exited on its
// own (crash, OOM, restart loop), the platform became ready. Each is said once: it is said again
// only after the condition cleared (the service recovered, the platform left "running").
// From the task stream: a backup failed (scheduled or not), said for every failure.
import { Notification } from 'electron';
import { exitedWithFailure, isLive } from '../engine/status/model.js';
import type { LauncherApi, ProjectStatus, ServiceStatus, TaskEvent, Unsubscribe } from '../api/contract.js';

export interface Notice {
  /** Identifies the condition, for deduplication. */
  key: string;
  title: string;
  body: string;
  /** The console page that answers it (clicking the notice may open it there). */
  page?: 'backups';
}

function exitNotice(s: ServiceStatus): string {
  if (s.oomKilled) return `${s.service} ran out of memory and stopped.`;
  if (s.state === 'restarting') {
    return `${s.service} stopped unexpectedly${s.exitCode !== undefined ? ` (exit code ${s.exitCode})` : ''}; the engine is restarting it.`;
  }
  return `${s.service} stopped unexpectedly (exit code ${s.exitCode ?? 'unknown'}). Open STATUS Desktop to see its last log lines.`;
}

/** The notices a status change calls for (pure; dedup is the caller's job). */
export function noticesFor(prev: ProjectStatus, next: ProjectStatus): Notice[] {
  const notices: Notice[] = [];
  for (const s of Object.values(next.services)) {
    const before = prev.services[s.service];
    if (s.state === 'unhealthy' && before?.state !== 'unhealthy') {
      notices.push({
        key: `unhealthy:${s.service}`,
        title: `${s.service} is unhealthy`,
        body: `Its health check is failing${s.lastHealthLog ? `: ${s.lastHealthLog.slice(0, 160)}` : '.'} Open STATUS Desktop to see its logs.`,
      });
    }
    const crashed = exitedWithFailure(s) || s.state === 'restarting';
    const crashedBefore = before ? exitedWithFailure(before) || before.state === 'restarting' : false;
    if (crashed && !crashedBefore) {
      notices.push({ key: `exit:${s.service}`, title: `${s.service} stopped`, body: exitNotice(s) });
    }
  }
  if (next.state === 'running' && prev.state !== 'running') {
    notices.push({
      key: 'ready',
      title: 'STATUS is ready',
      body: 'Every service is up. Open STATUS in the app or in your browser.',
    });
  }
  return notices;
}

/**
 * A backup that ended in failure: what failed, the engine's reason, and where to go. Undefined for
 * any other event, and for a cancelled backup (someone cancelled it, or the app is quitting).
 */
export function backupFailureNotice(event: TaskEvent): Notice | undefined {
  if (event.type !== 'task-end' || event.ok || event.task.kind !== 'backup') return undefined;
  if (event.error?.code === 'CANCELLED') return undefined;
  const what = event.task.scheduled ? 'The scheduled backup failed' : 'The backup failed';
  const reason = event.error ? ` ${event.error.message}` : '';
  return {
    key: `backup-failed:${event.task.id}`,
    title: what,
    body: `${reason.slice(0, 200).trim()} Open the Backups page of STATUS Desktop to see why and back up again.`.trim(),
    page: 'backups',
  };
}

/** Conditions that no longer hold, so their notice may be shown again. */
function cleared(key: string, status: ProjectStatus): boolean {
  if (key === 'ready') return status.state !== 'running';
  const [kind, service] = key.split(':') as [string, string];
  const s = status.services[service];
  if (!s) return true;
  if (kind === 'unhealthy') return s.state !== 'unhealthy';
  return isLive(s.state) && s.state !== 'restarting';
}

export interface NotifierOptions {
  launcher: Pick<LauncherApi, 'onStatus' | 'onTask'>;
  /** Shows one notice (default: an Electron Notification). */
  show?: (notice: Notice) => void;
  /** A click on a notice (given the notice, so a host can open its `page`). */
  onClick?: (notice: Notice) => void;
}

export function showNotification(notice: Notice, onClick?: (notice: Notice) => void): void {
  if (!Notification.isSupported()) return;
  const n = new Notification({ title: notice.title, body: notice.body });
  if (onClick) n.on('click', () => onClick(notice));
  n.show();
}

/** Subscribe to the status and task streams and notify; returns the unsubscribe function. */
export function watchNotifications(opts: NotifierOptions): Unsubscribe {
  const show = opts.show ?? ((notice: Notice) => showNotification(notice, opts.onClick));
  const active = new Set<string>();
  let prev: ProjectStatus | undefined;
  const stopTasks = opts.launcher.onTask((event) => {
    const notice = backupFailureNotice(event);
    if (notice) show(notice);
  });
  const stopStatus = opts.launcher.onStatus((status) => {
    for (const key of [...active]) if (cleared(key, status)) active.delete(key);
    // The first snapshot is how things were when the app opened: nothing *turned* into anything.
    if (prev) {
      for (const notice of noticesFor(prev, status)) {
        if (active.has(notice.key)) continue;
        active.add(notice.key);
        show(notice);
      }
    }
    prev = status;
  });
  return () => {
    stopTasks();
    stopStatus();
  };
}
