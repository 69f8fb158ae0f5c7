// Live log lines for any number of subscribers, with one engine connection per followed service
// however many subscribers want it. A service's follow ends when its container stops; the
// follower then waits for the service to run again and resumes where it left off (by timestamp),
// so a console following logs across a restart misses nothing and sees nothing twice.
//
// Each subscriber gets batches (every `batchMs`), at most `maxBatch` lines each: when lines come
// faster than that, the oldest of the batch are dropped and one notice line says how many, so a
// service printing 10,000 lines a second can't flood a window or a WebSocket.
import { compareTimeNs } from '../engine/logs/parse.js';
import type { LogLine } from '../engine/logs/logs.js';
import { isLive, type ServiceStatus } from '../engine/status/model.js';
import type { ConsoleLogLine, Unsubscribe } from '../api/contract.js';

export interface LogFollowersOptions {
  /** Follows one service's logs from `since` until its containers stop or `signal` aborts. */
  follow(service: string, since: Date, signal: AbortSignal): AsyncIterable<LogLine>;
  /** The service's current status. */
  status(service: string): ServiceStatus;
  /** Calls back when the service's status changes; returns how to stop. */
  onChange(service: string, listener: () => void): () => void;
  batchMs?: number;
  maxBatch?: number;
  /** Longest wait between two checks of a stopped service. Default 2000. */
  recheckMs?: number;
}

interface Subscriber {
  services: Set<string>;
  listener: (lines: ConsoleLogLine[]) => void;
  buffer: ConsoleLogLine[];
  dropped: number;
  timer: NodeJS.Timeout | undefined;
}

interface Follower {
  subscribers: Set<Subscriber>;
  controller: AbortController;
}

export class LogFollowers {
  private readonly followers = new Map<string, Follower>();
  private readonly batchMs: number;
  private readonly maxBatch: number;
  private readonly recheckMs: number;

  constructor(private readonly opts: LogFollowersOptions) {
    this.batchMs = opts.batchMs ?? 75;
    this.maxBatch = opts.maxBatch ?? 1000;
    this.recheckMs = opts.recheckMs ?? 2000;
  }

  subscribe(services: string[], listener: (lines: ConsoleLogLine[]) => void): Unsubscribe {
    const sub: Subscriber = {
      services: new Set(services),
      listener,
      buffer: [],
      dropped: 0,
      timer: undefined,
    };
    for (const service of sub.services) {
      let follower = this.followers.get(service);
      if (!follower) {
        follower = { subscribers: new Set(), controller: new AbortController() };
        this.followers.set(service, follower);
        void this.follow(service, follower.controller.signal);
      }
      follower.subscribers.add(sub);
    }
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      if (sub.timer) clearTimeout(sub.timer);
      for (const service of sub.services) {
        const follower = this.followers.get(service);
        if (!follower) continue;
        follower.subscribers.delete(sub);
        if (follower.subscribers.size === 0) {
          follower.controller.abort();
          this.followers.delete(service);
        }
      }
    };
  }

  /** Services followed right now (one engine connection each while they run). */
  get followedServices(): string[] {
    return [...this.followers.keys()];
  }

  /**
   * Another engine was chosen: every follow ends and starts again over there, from now (that
   * engine's containers have their own logs); the subscribers stay.
   */
  restart(): void {
    for (const [service, follower] of this.followers) {
      follower.controller.abort();
      follower.controller = new AbortController();
      void this.follow(service, follower.controller.signal);
    }
  }

  close(): void {
    for (const follower of this.followers.values()) {
      follower.controller.abort();
      for (const sub of follower.subscribers) if (sub.timer) clearTimeout(sub.timer);
    }
    this.followers.clear();
  }

  private async follow(service: string, signal: AbortSignal): Promise<void> {
    let since = new Date();
    let lastNs: string | undefined;
    while (!signal.aborted) {
      if (isLive(this.opts.status(service).state)) {
        try {
          for await (const line of this.opts.follow(service, since, signal)) {
            if (line.timeNs) {
              if (lastNs && compareTimeNs(line.timeNs, lastNs) <= 0) continue;
              lastNs = line.timeNs;
            }
            if (line.time) since = new Date(line.time);
            this.deliver(service, { service, stream: line.stream, time: line.time, text: line.text });
          }
        } catch {
          // No container yet, or the engine went away: wait for the service to change.
        }
      }
      await this.waitForChange(service, signal);
    }
  }

  private waitForChange(service: string, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        off();
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, this.recheckMs);
      const off = this.opts.onChange(service, done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private deliver(service: string, line: ConsoleLogLine): void {
    const follower = this.followers.get(service);
    if (!follower) return;
    for (const sub of follower.subscribers) {
      sub.buffer.push(line);
      // Trimmed in chunks (not a shift per line): cheap at thousands of lines a second.
      if (sub.buffer.length >= this.maxBatch * 2) this.trim(sub);
      sub.timer ??= setTimeout(() => this.flush(sub), this.batchMs);
    }
  }

  private trim(sub: Subscriber): void {
    const extra = sub.buffer.length - this.maxBatch;
    if (extra <= 0) return;
    sub.buffer.splice(0, extra);
    sub.dropped += extra;
  }

  private flush(sub: Subscriber): void {
    sub.timer = undefined;
    this.trim(sub);
    const lines = sub.buffer;
    sub.buffer = [];
    if (sub.dropped > 0) {
      const first = lines[0];
      lines.unshift({
        service: first?.service ?? '',
        stream: 'stderr',
        time: first?.time,
        text: `… ${sub.dropped} lines skipped: they came faster than the console can show them. Download the logs to read every line.`,
      });
      sub.dropped = 0;
    }
    if (lines.length === 0) return;
    try {
      sub.listener(lines);
    } catch {
      // a broken listener must not stop the follower
    }
  }
}
