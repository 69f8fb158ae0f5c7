// The status model as the launcher hands it out: one tracker, its changes coalesced into snapshots
// for every subscriber (a burst of container events is one message), and per-service wake-ups for
// the log followers (many services waiting at once cost one tracker listener).
import type Docker from 'dockerode';
import type { Unsubscribe } from '../api/contract.js';
import type { DrivenEngineInfo, ProjectStatus, ServiceStatus } from '../engine/status/model.js';
import { StatusTracker } from '../engine/status/tracker.js';

export interface StatusFeedOptions {
  docker: () => Promise<Docker>;
  project: string;
  services: string[];
  /** Full resnapshot period (default 5000 ms). */
  pollMs?: number;
  /** Changes within this window are sent as one snapshot (default 100 ms). */
  coalesceMs?: number;
  /** The engine connected to, named for the console. */
  driving?: () => DrivenEngineInfo | undefined;
  /** The engine stopped answering (it may come back elsewhere). */
  onEngineLost: () => void;
}

export class StatusFeed {
  private readonly tracker: StatusTracker;
  private readonly listeners = new Set<(status: ProjectStatus) => void>();
  private readonly serviceListeners = new Map<string, Set<() => void>>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly opts: StatusFeedOptions) {
    this.tracker = new StatusTracker({
      docker: opts.docker,
      project: opts.project,
      services: opts.services,
      pollMs: opts.pollMs,
    });
    this.tracker.on('change', (status) => {
      this.schedule();
      for (const listener of [...(this.serviceListeners.get(status.service) ?? [])]) listener();
    });
    this.tracker.on('snapshot', () => this.schedule());
    this.tracker.on('engine', (state) => {
      if (state !== 'connected') opts.onEngineLost();
      this.schedule();
    });
  }

  start(): Promise<void> {
    return this.tracker.start();
  }

  /** Sends nothing more; the tracker keeps answering until close() (a task may still end). */
  silence(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.listeners.clear();
  }

  async close(): Promise<void> {
    this.silence();
    await this.tracker.stop();
  }

  snapshot(): ProjectStatus {
    const status = this.tracker.snapshot();
    const driving = status.engine === 'connected' ? this.opts.driving?.() : undefined;
    return driving ? { ...status, driving } : status;
  }

  service(name: string): ServiceStatus {
    return this.tracker.service(name);
  }

  /** A profile turned on or off (the ledger) changes which services there are to show. */
  setServices(services: string[]): void {
    if (services.join() !== Object.keys(this.snapshot().services).join()) this.tracker.setServices(services);
  }

  /** Another engine was chosen: follow that one from now on. */
  reconnect(): void {
    this.tracker.reconnect();
  }

  /** Asks the engine now (after a task) instead of waiting for the next event or poll. */
  async refresh(): Promise<void> {
    await this.tracker.refresh();
    this.schedule();
  }

  /** Something the snapshot shows besides the tracker changed (the driven engine's forward): send it again. */
  changed(): void {
    this.schedule();
  }

  /** Snapshots from now on, starting with the current one. */
  subscribe(listener: (status: ProjectStatus) => void): Unsubscribe {
    this.listeners.add(listener);
    listener(this.snapshot());
    return () => this.listeners.delete(listener);
  }

  /** Called (without arguments) whenever the service's status changes. */
  onServiceChange(service: string, listener: () => void): Unsubscribe {
    const set = this.serviceListeners.get(service) ?? new Set();
    this.serviceListeners.set(service, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const snapshot = this.snapshot();
      for (const listener of this.listeners) {
        try {
          listener(snapshot);
        } catch {
          // one broken listener must not stop the others
        }
      }
    }, this.opts.coalesceMs ?? 100);
  }
}
