// Quitting (menu, tray, Cmd+Q) while the platform runs follows the operator's choice
// (settings.closeAction): ask, leave it running, or stop it — and then WAIT for the stop to finish
// (with a deadline and the state shown), so containers are never left half stopped. Closing the
// window is not quitting: the window hides and STATUS Desktop stays in the tray.
import { app, dialog, type BrowserWindow, type MessageBoxOptions } from 'electron';
import type { ApiError, LauncherApi, TaskEvent, TaskInfo } from '../api/contract.js';
import { apiErrorOf } from '../api/errors.js';

export const STOP_DEADLINE_MS = 120_000;

type QuitLauncher = Pick<
  LauncherApi,
  'settings' | 'saveSettings' | 'status' | 'stop' | 'onTask' | 'tasks' | 'cancel'
>;

const TASK_POLL_MS = 200;

export interface QuitOptions {
  launcher: QuitLauncher;
  getWindow: () => BrowserWindow | undefined;
  /** Shows (text) or clears (undefined) a "stopping" state outside the window, e.g. in the tray. */
  showBusy?: (text: string | undefined) => void;
  /** Called each time closing the window hid it (e.g. to say, the first time, where the app went). */
  onHidden?: () => void;
  stopDeadlineMs?: number;
}

type StopOutcome = { kind: 'stopped' } | { kind: 'failed'; error: ApiError } | { kind: 'timeout' };

export class QuitController {
  private allowed = false;
  private pending: Promise<void> | undefined;
  private readonly deadline: number;

  constructor(private readonly opts: QuitOptions) {
    this.deadline = opts.stopDeadlineMs ?? STOP_DEADLINE_MS;
  }

  /** Intercepts app quit; call once. */
  install(): void {
    app.on('before-quit', (event) => {
      if (this.allowed) return;
      event.preventDefault();
      void this.request();
    });
  }

  /**
   * Closing the console window hides it: STATUS keeps running and serving others, and the tray (or
   * launching the app again) brings the window back. Only a quit closes it for good.
   */
  attachWindow(win: BrowserWindow): void {
    win.on('close', (event) => {
      if (this.allowed) return;
      event.preventDefault();
      win.hide();
      this.opts.onHidden?.();
    });
  }

  /** Run the quit decision once (further calls join the one in progress). */
  request(): Promise<void> {
    this.pending ??= this.decideAndQuit().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async decideAndQuit(): Promise<void> {
    const status = await this.opts.launcher.status().catch(() => undefined);
    const running = status !== undefined && status.engine === 'connected' && status.state !== 'stopped';
    if (!running) return this.quitNow();

    const { closeAction } = await this.opts.launcher.settings();
    let action = closeAction;
    if (action === 'ask') {
      const answer = await this.messageBox({
        type: 'question',
        message: 'STATUS is still running.',
        detail:
          'Leave it running to keep serving people on the network after you close this app, or stop it to free ' +
          'memory. Your data is kept either way.',
        buttons: ['Leave STATUS running', 'Stop it', 'Cancel'],
        defaultId: 0,
        cancelId: 2,
        checkboxLabel: 'Remember my choice (change it in Settings)',
      });
      if (answer.response === 2) return;
      action = answer.response === 0 ? 'keep-running' : 'stop';
      if (answer.checkboxChecked) await this.opts.launcher.saveSettings({ closeAction: action });
    }
    if (action === 'keep-running') return this.quitNow();
    if (await this.stopPlatform()) return this.quitNow();
  }

  /** Stops the platform and waits; true when the app may quit. */
  private async stopPlatform(): Promise<boolean> {
    this.setBusy('Stopping STATUS…');
    try {
      for (;;) {
        const outcome = await this.stopAndWait();
        if (outcome.kind === 'stopped') return true;
        if (outcome.kind === 'failed') {
          const answer = await this.messageBox({
            type: 'error',
            message: 'STATUS did not stop cleanly.',
            detail: [outcome.error.message, outcome.error.hint].filter(Boolean).join('\n\n'),
            buttons: ['Quit anyway', 'Cancel'],
            defaultId: 1,
            cancelId: 1,
          });
          return answer.response === 0;
        }
        const answer = await this.messageBox({
          type: 'warning',
          message: `STATUS is still stopping after ${Math.round(this.deadline / 1000)} seconds.`,
          detail:
            'Keep waiting to let every service shut down cleanly, or quit now and let it finish on its own.',
          buttons: ['Keep waiting', 'Quit anyway'],
          defaultId: 0,
          cancelId: 0,
        });
        if (answer.response === 1) return true;
      }
    } finally {
      this.setBusy(undefined);
    }
  }

  private task: { id?: string; end: Promise<StopOutcome> } | undefined;

  private async stopAndWait(): Promise<StopOutcome> {
    // A stop that outlived a deadline is still running: keep waiting for the same one.
    if (!this.task) {
      let settle!: (outcome: StopOutcome) => void;
      const end = new Promise<StopOutcome>((resolve) => (settle = resolve));
      const task: { id?: string; end: Promise<StopOutcome> } = { end };
      const early: TaskEvent[] = [];
      // Subscribe before asking, so a fast stop's end cannot be missed.
      const unsubscribe = this.opts.launcher.onTask((event) => {
        if (task.id === undefined) early.push(event);
        else if (event.task.id === task.id && event.type === 'task-end') finish(event);
      });
      const finish = (event: Extract<TaskEvent, { type: 'task-end' }>): void => {
        unsubscribe();
        settle(
          event.ok
            ? { kind: 'stopped' }
            : { kind: 'failed', error: event.error ?? apiErrorOf(new Error('The stop failed.')) },
        );
      };
      this.task = task;
      let info: TaskInfo;
      try {
        await this.cancelRunningTasks();
        info = await this.opts.launcher.stop();
      } catch (error) {
        unsubscribe();
        this.task = undefined;
        return { kind: 'failed', error: apiErrorOf(error) };
      }
      task.id = info.id;
      const ended = early.find((e) => e.task.id === info.id && e.type === 'task-end');
      if (ended?.type === 'task-end') finish(ended);
      void end.then(() => (this.task = undefined));
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<StopOutcome>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'timeout' }), this.deadline);
    });
    try {
      return await Promise.race([this.task.end, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A start or pull still running would refuse the stop: cancel it and wait (bounded) for it to end. */
  private async cancelRunningTasks(): Promise<void> {
    const { launcher } = this.opts;
    const running = await launcher.tasks().catch(() => []);
    if (running.length === 0) return;
    await Promise.all(running.map((t) => launcher.cancel(t.id).catch(() => undefined)));
    const until = Date.now() + this.deadline;
    while ((await launcher.tasks().catch(() => [])).length > 0 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, TASK_POLL_MS));
    }
  }

  private setBusy(text: string | undefined): void {
    const win = this.opts.getWindow();
    if (win && !win.isDestroyed()) {
      win.setTitle(text ? `STATUS Desktop — ${text}` : 'STATUS Desktop');
      win.setProgressBar(text ? 2 : -1); // 2 = indeterminate
    }
    this.opts.showBusy?.(text);
  }

  private messageBox(options: MessageBoxOptions): Promise<{ response: number; checkboxChecked: boolean }> {
    const win = this.opts.getWindow();
    return win && !win.isDestroyed() ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options);
  }

  private quitNow(): void {
    this.allowed = true;
    app.quit();
  }
}
