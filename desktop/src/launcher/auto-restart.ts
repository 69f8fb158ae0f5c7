// Starts a service again when something outside STATUS killed it (`docker kill`, another tool) and
// the operator turned that on (Settings: restartKilled). Docker counts a kill as a manual stop, so
// its restart policy leaves such a service down. A service killed over and over is started at most
// `limit` times within `windowMs`, then left stopped with a warning, so it does not flap forever.
import type { ProjectStatus, ServiceStatus, Unsubscribe } from '../api/contract.js';
import { isLive } from '../engine/status/model.js';

export interface AutoRestartOptions {
  /** Status snapshots, the current one first (StatusFeed.subscribe). */
  subscribe(listener: (status: ProjectStatus) => void): Unsubscribe;
  /** Whether the operator turned it on; read at each kill, so a change applies at once. */
  enabled(): Promise<boolean>;
  /** Submits the per-service start task. */
  startService(service: string): Promise<unknown>;
  /** What it did or refused to do, in the operator's words. */
  warn(message: string): void;
  now?: () => number;
  /** At most this many starts of one service… (default 3) */
  limit?: number;
  /** …within this window (default 10 minutes). */
  windowMs?: number;
}

export const AUTO_RESTART_LIMIT = 3;
export const AUTO_RESTART_WINDOW_MS = 10 * 60_000;

/** Killed from outside while STATUS watched (the engine's events say no stop was asked for). */
function killedFromOutside(s: ServiceStatus): boolean {
  return (s.state === 'exited' || s.state === 'dead') && s.exit?.story === 'killed' && s.exit.witnessed;
}

export class AutoRestart {
  private readonly now: () => number;
  private readonly limit: number;
  private readonly windowMs: number;
  /** Each service's last state seen, to act on the change from running to killed only. */
  private readonly wasLive = new Map<string, boolean>();
  /** When each service was started again by us, within the window. */
  private readonly starts = new Map<string, number[]>();
  private unsubscribe: Unsubscribe | undefined;

  constructor(private readonly opts: AutoRestartOptions) {
    this.now = opts.now ?? Date.now;
    this.limit = opts.limit ?? AUTO_RESTART_LIMIT;
    this.windowMs = opts.windowMs ?? AUTO_RESTART_WINDOW_MS;
  }

  start(): void {
    this.unsubscribe ??= this.opts.subscribe((status) => this.onStatus(status));
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private onStatus(status: ProjectStatus): void {
    // Without the engine the states are only the last known: nothing to act on.
    if (status.engine !== 'connected') return;
    for (const s of Object.values(status.services)) {
      const before = this.wasLive.get(s.service);
      this.wasLive.set(s.service, isLive(s.state));
      if (before === true && killedFromOutside(s)) void this.onKilled(s.service);
    }
  }

  private async onKilled(service: string): Promise<void> {
    try {
      if (!(await this.opts.enabled())) return;
    } catch {
      return; // unreadable settings: the console still offers "Start again"
    }
    const now = this.now();
    const recent = (this.starts.get(service) ?? []).filter((at) => now - at < this.windowMs);
    const minutes = Math.round(this.windowMs / 60_000);
    const span = minutes === 1 ? '1 minute' : `${minutes} minutes`;
    if (recent.length >= this.limit) {
      this.starts.set(service, recent);
      this.opts.warn(
        `${service} was stopped from outside STATUS again (docker kill or another tool). STATUS started it ` +
          `again ${recent.length} times in the last ${span} and leaves it stopped now: find what ` +
          `kills it, then start it from the console (Start again) or with \`status-desktop up ${service}\`.`,
      );
      return;
    }
    this.starts.set(service, [...recent, now]);
    this.opts.warn(
      `${service} was stopped from outside STATUS (docker kill or another tool); starting it again ` +
        `(Settings: start a service again when something outside STATUS kills it; ` +
        `at most ${this.limit} times in ${span}).`,
    );
    try {
      await this.opts.startService(service);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.opts.warn(`Could not start ${service} again: ${message} Start it from the console.`);
    }
  }
}
