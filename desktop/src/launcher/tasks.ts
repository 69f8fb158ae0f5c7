// Long commands as tasks: one at a time, in order. A whole-platform command (up, stop, down…) is
// refused while anything else runs or waits (BUSY: a queued "down" behind an "up" would surprise
// whoever pressed Start); a per-service command waits its turn behind whatever runs. Each task has an id, an AbortController for
// cancel, and its events fanned out to every listener (and replayed to late subscribers).
import { randomUUID } from 'node:crypto';
import type { ApiError, TaskEvent, TaskInfo, TaskKind, TaskProgress } from '../api/contract.js';
import { launcherError, toApiError } from '../api/to-api-error.js';

export interface TaskContext {
  signal: AbortSignal;
  onProgress: (event: TaskProgress) => void;
}

export interface TaskSpec {
  kind: TaskKind;
  services: string[];
  /** Whole-platform: refused while another task runs or waits. */
  exclusive: boolean;
  /** False when the engine can't stop the work halfway (stop, down, reset). */
  cancellable: boolean;
  /** Started by the backup schedule (TaskInfo.scheduled), not by a command. */
  scheduled?: boolean;
  run(ctx: TaskContext): Promise<void>;
}

export interface TasksOptions {
  /** The failing service's last log lines, for a task-end with an error about one service. */
  lastLines(service: string): Promise<string[]>;
  /** Called after every task (e.g. to refresh the status model at once). */
  afterTask?: () => void;
  /** Progress events kept per task for late subscribers. Default 500. */
  replayLimit?: number;
  /** An image's pull summary is sent at most this often while it downloads (default 100 ms). */
  pullIntervalMs?: number;
}

interface Task {
  spec: TaskSpec;
  info: TaskInfo;
  controller: AbortController;
  events: TaskEvent[];
  done: Promise<void>;
  resolveDone: () => void;
}

const WHAT: Record<TaskKind, string> = {
  up: 'Starting STATUS',
  start: 'Starting a service',
  stop: 'Stopping',
  restart: 'Restarting',
  down: 'Removing the containers',
  pull: 'Downloading the images',
  reset: 'Deleting the data',
  backup: 'A backup',
  restore: 'Restoring a backup',
  'load-images': 'Loading images',
  upgrade: 'An upgrade',
  'deploy-swarm': 'Deploying to the Swarm',
};

export class TaskRunner {
  private readonly queue: Task[] = [];
  private readonly listeners = new Set<(event: TaskEvent) => void>();
  private readonly replayLimit: number;
  private readonly pullIntervalMs: number;

  constructor(private readonly opts: TasksOptions) {
    this.replayLimit = opts.replayLimit ?? 500;
    this.pullIntervalMs = opts.pullIntervalMs ?? 100;
  }

  list(): TaskInfo[] {
    return this.queue.map((t) => ({ ...t.info }));
  }

  submit(spec: TaskSpec): TaskInfo {
    const current = this.queue[0];
    if (current && spec.exclusive) {
      throw launcherError(
        'BUSY',
        `${WHAT[current.info.kind]} is still in progress${current.info.services.length ? ` (${current.info.services.join(', ')})` : ''}.`,
        current.spec.cancellable
          ? 'Wait for it to finish, or cancel it, then try again.'
          : 'Wait for it to finish (it takes a few seconds), then try again.',
        { task: { ...current.info } },
      );
    }
    let resolveDone = () => {};
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    const task: Task = {
      spec,
      info: {
        id: randomUUID(),
        kind: spec.kind,
        services: [...spec.services],
        startedAt: Date.now(),
        state: current ? 'queued' : 'running',
        ...(spec.scheduled && { scheduled: true }),
      },
      controller: new AbortController(),
      events: [],
      done,
      resolveDone,
    };
    this.queue.push(task);
    this.emit(task, { task: { ...task.info }, type: 'task-start' });
    if (!current) void this.run(task);
    return { ...task.info };
  }

  cancel(id: string): void {
    const task = this.queue.find((t) => t.info.id === id);
    if (!task) {
      throw launcherError(
        'NOT_FOUND',
        'That task is no longer running.',
        'It may have finished already; the console shows its outcome.',
        { taskId: id },
      );
    }
    if (task.info.state === 'queued') {
      this.queue.splice(this.queue.indexOf(task), 1);
      this.finish(task, {
        code: 'CANCELLED',
        message: `${WHAT[task.info.kind]} was cancelled before it started.`,
        hint: 'Run it again when you are ready; nothing was changed.',
      });
      return;
    }
    if (!task.spec.cancellable) {
      throw launcherError(
        'BUSY',
        `${WHAT[task.info.kind]} can't be interrupted halfway.`,
        'It finishes on its own in a few seconds.',
        { taskId: id },
      );
    }
    task.controller.abort();
  }

  /** Resolves when the task has ended (for tests and for quitting). */
  whenDone(id: string): Promise<void> {
    return this.queue.find((t) => t.info.id === id)?.done ?? Promise.resolve();
  }

  /** Aborts what can be aborted and waits for the running task. */
  async close(): Promise<void> {
    const running = this.queue[0];
    for (const task of this.queue.slice(1)) this.cancel(task.info.id);
    if (running) {
      if (running.spec.cancellable) running.controller.abort();
      await running.done;
    }
    this.listeners.clear();
  }

  /** Listens to every task event; replays the events of tasks still queued or running first. */
  subscribe(listener: (event: TaskEvent) => void): () => void {
    for (const task of this.queue) for (const event of task.events) listener(event);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async run(task: Task): Promise<void> {
    if (task.info.state === 'queued') {
      task.info.state = 'running';
      this.emit(task, { task: { ...task.info }, type: 'task-start' });
    }
    const throttle = new PullThrottle(this.pullIntervalMs, (event) =>
      this.emit(task, { task: { ...task.info }, type: 'progress', event }),
    );
    let error: ApiError | undefined;
    try {
      await task.spec.run({
        signal: task.controller.signal,
        onProgress: (event) => throttle.push(event),
      });
    } catch (thrown) {
      error = toApiError(thrown);
    }
    throttle.flush();
    const lastLines = error ? await this.failingServiceLines(error) : undefined;
    this.queue.shift();
    this.finish(task, error, lastLines);
    this.opts.afterTask?.();
    const next = this.queue[0];
    if (next) void this.run(next);
  }

  private finish(task: Task, error?: ApiError, lastLines?: { service: string; lines: string[] }): void {
    const end: TaskEvent = { task: { ...task.info }, type: 'task-end', ok: !error };
    if (error) end.error = error;
    if (lastLines) end.lastLines = lastLines;
    this.emit(task, end);
    task.resolveDone();
  }

  private async failingServiceLines(
    error: ApiError,
  ): Promise<{ service: string; lines: string[] } | undefined> {
    const service = error.details?.service;
    if (typeof service !== 'string') return undefined;
    const given = error.details?.lastLines;
    if (Array.isArray(given) && given.every((l) => typeof l === 'string')) return { service, lines: given };
    try {
      return { service, lines: await this.opts.lastLines(service) };
    } catch {
      return undefined;
    }
  }

  private emit(task: Task, event: TaskEvent): void {
    if (event.type === 'progress') {
      task.events.push(event);
      // Keep the start and the most recent progress for late subscribers.
      if (task.events.length > this.replayLimit) task.events.splice(1, task.events.length - this.replayLimit);
    } else if (event.type === 'task-start') {
      task.events = [event, ...task.events.filter((e) => e.type !== 'task-start')];
    }
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // one broken listener must not stop the others
      }
    }
  }
}

/**
 * An engine reports a layer's download every few kilobytes: hundreds of `pull` events a second over
 * ten images, each with the image's whole summary so far. Only the latest summary of each image goes
 * out every `intervalMs` (it says all the ones before it did); an image's last summary (done) and
 * every other event go out at once, after the pending ones, so order is kept.
 */
class PullThrottle {
  private readonly pending = new Map<string, TaskProgress>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly send: (event: TaskProgress) => void,
  ) {}

  push(event: TaskProgress): void {
    if (event.type === 'pull') {
      const image = `${event.service}\0${event.image}`;
      if (!event.summary.done && this.intervalMs > 0) {
        this.pending.set(image, event);
        this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
        return;
      }
      this.pending.delete(image); // the final summary replaces it
    }
    this.flush();
    this.send(event);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const events = [...this.pending.values()];
    this.pending.clear();
    for (const event of events) this.send(event);
  }
}
