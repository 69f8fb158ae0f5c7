// Log lines of one or several services: the backlog (api.logs) then live lines (api.onLogs), kept
// in a ring buffer (oldest dropped past the cap) and appended in batches, once per animation frame,
// so a service printing thousands of lines a second costs one render per frame.
import { createStore } from 'zustand/vanilla';
import type { ConsoleLogLine, LauncherApi } from '../../api/contract.js';
import { stripAnsi } from '../lib/ansi.js';
import { toShownError, type ShownError } from '../lib/errors.js';
import { detectLevel, type LogLevel } from '../lib/log-level.js';
import { RingBuffer } from '../lib/ring-buffer.js';

export interface LogEntry {
  seq: number;
  service: string;
  stream: 'stdout' | 'stderr';
  time?: number;
  /** As the service wrote it (may hold ANSI colours). */
  text: string;
  /** Without escape sequences: what search and downloads use (the same string when there were none). */
  plain: string;
  level: LogLevel;
}

export type Tail = number | 'all';

export interface LogsState {
  services: string[];
  tail: Tail;
  buffer: RingBuffer<LogEntry>;
  /** Bumped whenever the buffer changes (the buffer itself is mutated in place). */
  version: number;
  loading: boolean;
  error: ShownError | null;
  /** Shows these services' logs (empty = all), reloading the backlog. */
  open(services: string[], tail: Tail): void;
  /** Stops following (the lines stay). */
  close(): void;
  clear(): void;
  /** Queues lines for the next frame (exposed for benchmarks and tests). */
  enqueue(lines: readonly ConsoleLogLine[]): void;
  flush(): void;
}

export interface LogsOptions {
  capacity?: number;
  /** Defaults to requestAnimationFrame (setTimeout where there is none). */
  schedule?: (flush: () => void) => void;
}

export const DEFAULT_LOG_CAPACITY = 100_000;

function defaultSchedule(flush: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => flush());
  else setTimeout(flush, 16);
}

export function createLogsStore(api: LauncherApi, options: LogsOptions = {}) {
  const capacity = options.capacity ?? DEFAULT_LOG_CAPACITY;
  const schedule = options.schedule ?? defaultSchedule;
  let seq = 0;
  let pending: ConsoleLogLine[] = [];
  let scheduled = false;
  let unsubscribe: (() => void) | undefined;
  let generation = 0;

  const toEntry = (line: ConsoleLogLine): LogEntry => {
    const plain = stripAnsi(line.text);
    const entry: LogEntry = {
      seq: seq++,
      service: line.service,
      stream: line.stream,
      text: line.text,
      plain,
      level: detectLevel(plain),
    };
    if (line.time !== undefined) entry.time = line.time;
    return entry;
  };

  return createStore<LogsState>()((set, get) => ({
    services: [],
    tail: 1000,
    buffer: new RingBuffer<LogEntry>(capacity),
    version: 0,
    loading: false,
    error: null,
    enqueue(lines) {
      if (lines.length === 0) return;
      pending.push(...lines);
      // A hidden page gets no animation frames: keep the queue within the cap meanwhile.
      if (pending.length > capacity * 2) {
        const excess = pending.length - capacity;
        get().buffer.dropped += excess;
        pending = pending.slice(excess);
      }
      if (!scheduled) {
        scheduled = true;
        schedule(() => get().flush());
      }
    },
    flush() {
      scheduled = false;
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      get().buffer.push(batch.map(toEntry));
      set((s) => ({ version: s.version + 1 }));
    },
    open(services, tail) {
      get().close();
      const mine = ++generation;
      get().buffer.clear();
      pending = [];
      set((s) => ({ services, tail, loading: true, error: null, version: s.version + 1 }));
      // Follow first and hold live lines until the backlog is in, so nothing falls in between;
      // lines that the backlog already has are not shown twice.
      let held: ConsoleLogLine[] | undefined = [];
      unsubscribe = api.onLogs({ services }, (lines) => {
        if (mine !== generation) return;
        if (held) held.push(...lines);
        else get().enqueue(lines);
      });
      api.logs({ services, tail }).then(
        (backlog) => {
          if (mine !== generation) return;
          const seen = new Set(backlog.slice(-2000).map(lineKey));
          const live = (held ?? []).filter((l) => !seen.has(lineKey(l)));
          held = undefined;
          get().enqueue(backlog);
          get().enqueue(live);
          set({ loading: false });
        },
        (error: unknown) => {
          if (mine !== generation) return;
          const live = held ?? [];
          held = undefined;
          get().enqueue(live);
          set({ loading: false, error: toShownError(error) });
        },
      );
    },
    close() {
      generation++;
      unsubscribe?.();
      unsubscribe = undefined;
    },
    clear() {
      get().buffer.clear();
      pending = [];
      set((s) => ({ version: s.version + 1 }));
    },
  }));
}

function lineKey(line: ConsoleLogLine): string {
  return `${line.service}\n${line.time ?? ''}\n${line.text}`;
}

export type LogsStore = ReturnType<typeof createLogsStore>;
