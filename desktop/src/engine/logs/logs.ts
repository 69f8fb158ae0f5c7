// Logs of the project's services, read from the engine (whatever started the containers: us or
// `docker compose`). Containers are found by their Compose labels; lines come with the engine's
// timestamps so several containers and services can be put in time order.
import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { StatusError } from '../errors.js';
import { LABEL, listProjectContainers } from '../labels.js';
import { decodeLogStream, type OutputStream, type RawLogLine } from './demux.js';
import { interleave, mergeByTime } from './order.js';
import { compareTimeNs, parseTimestamp, timeNsToEngineTime } from './parse.js';

export interface LogLine {
  service: string;
  /** Container name, e.g. `status-postgres-1`. */
  container: string;
  stream: OutputStream;
  /** When the engine received the line, in ms since the epoch (absent with `timestamps: false`). */
  time?: number;
  /** The same in nanoseconds, as a decimal string, for exact ordering (see `compareTimeNs`). */
  timeNs?: string;
  text: string;
}

export interface LogsOptions {
  /** Last N lines of each container, or 'all' (the default). */
  tail?: number | 'all';
  /** Only lines since then: a Date, unix seconds, a duration back from now ('10m', '1h30m', '45s'), or an RFC3339 date. */
  since?: Date | number | string;
  /** Keep the iterator open and yield new lines; it ends when the container(s) stop. */
  follow?: boolean;
  /** Put `time`/`timeNs` on lines (default true; the engine is always asked for them, to order lines). */
  timestamps?: boolean;
  /** Aborting ends the iteration quietly (no error) and closes the engine connections. */
  signal?: AbortSignal;
}

/** One container whose logs we read. */
export interface LogSource {
  service: string;
  id: string;
  name: string;
}

/**
 * The containers of `services` (all services of the project if omitted), in the order the services
 * are given, replicas by container number. Throws NOT_FOUND for a service without any container.
 */
export async function resolveLogSources(
  docker: Docker,
  project: string,
  services?: readonly string[],
): Promise<LogSource[]> {
  const byService = await listProjectContainers(docker, project);
  const known = [...byService.keys()].sort();
  const wanted = services && services.length > 0 ? [...new Set(services)] : known;
  const sources: LogSource[] = [];
  for (const service of wanted) {
    const containers = byService.get(service);
    if (!containers || containers.length === 0) {
      throw new StatusError(
        'NOT_FOUND',
        `There is no service named "${service}" with a container in project "${project}".`,
        known.length > 0
          ? `Known services: ${known.join(', ')}. Check the spelling, or start the stack if "${service}" has not been created yet.`
          : `Project "${project}" has no containers yet: start it first.`,
        { project, service, known },
      );
    }
    const ordered = [...containers].sort(
      (a, b) =>
        Number(a.Labels[LABEL.number] ?? 0) - Number(b.Labels[LABEL.number] ?? 0) || a.Created - b.Created,
    );
    for (const info of ordered)
      sources.push({
        service,
        id: info.Id,
        name: (info.Names[0] ?? info.Id.slice(0, 12)).replace(/^\//, ''),
      });
  }
  return sources;
}

/** Logs of one service (all its containers, merged by time). */
export async function* serviceLogs(
  docker: Docker,
  project: string,
  service: string,
  opts: LogsOptions = {},
): AsyncGenerator<LogLine, void, undefined> {
  if (opts.signal?.aborted) return;
  const sources = await resolveLogSources(docker, project, [service]);
  yield* logsOfSources(docker, sources, opts);
}

/**
 * The last `n` lines (stdout and stderr, in time order) of a service, as text: for error messages
 * ("postgres exited; its last lines were…"). Throws NOT_FOUND if the service has no container.
 */
export async function lastLines(
  docker: Docker,
  project: string,
  service: string,
  n: number,
): Promise<string[]> {
  if (!(n > 0)) return [];
  const count = Math.floor(n);
  const lines: string[] = [];
  for await (const line of serviceLogs(docker, project, service, { tail: count })) lines.push(line.text);
  return lines.slice(-count);
}

/**
 * Logs of several containers.
 * - Not following: each container's tail is read in full, then merged by time (stable; ties in
 *   source order).
 * - Following one container from its first line or from now (tail 'all' or 0): the engine's
 *   follow stream, as is.
 * - Otherwise following: first the backlog (tail) of every container merged in time order, then
 *   live lines as they arrive. The live stream of each container resumes at the timestamp of its
 *   last backlog line (engine `since`, inclusive) and skips lines up to that one, so nothing is lost
 *   or repeated between the two phases.
 * The iterator ends when every container's stream has ended (for follow: when they have stopped).
 */
export async function* logsOfSources(
  docker: Docker,
  sources: readonly LogSource[],
  opts: LogsOptions = {},
): AsyncGenerator<LogLine, void, undefined> {
  const tail = engineTail(opts.tail);
  const since = opts.since === undefined ? undefined : toEngineSince(opts.since);
  const withTime = opts.timestamps !== false;
  const out = (line: LogLine): LogLine =>
    withTime
      ? line
      : { service: line.service, container: line.container, stream: line.stream, text: line.text };

  // One controller for every engine connection opened here, aborted by the caller's signal and by
  // leaving early (break / return / error).
  const inner = new AbortController();
  const abort = () => inner.abort();
  if (opts.signal?.aborted) return;
  opts.signal?.addEventListener('abort', abort, { once: true });
  const backlog = () =>
    Promise.all(sources.map((source) => containerBacklog(docker, source, tail, since, inner.signal)));

  try {
    if (opts.follow && sources.length === 1 && (tail === 'all' || tail === '0')) {
      for await (const line of readContainer(
        docker,
        sources[0] as LogSource,
        { follow: true, tail, since },
        inner.signal,
      ))
        yield out(line);
      return;
    }
    if (!opts.follow) {
      const lists = await backlog();
      if (inner.signal.aborted) return;
      for (const line of mergeByTime(lists)) yield out(line);
      return;
    }
    const lastSeen = new Map<string, string>();
    if (tail !== '0') {
      const lists = await backlog();
      if (inner.signal.aborted) return;
      lists.forEach((list, i) => {
        const last = list[list.length - 1]?.timeNs;
        if (last !== undefined) lastSeen.set((sources[i] as LogSource).id, last);
      });
      for (const line of mergeByTime(lists)) yield out(line);
    }
    const live = sources.map((source) => {
      const after = lastSeen.get(source.id);
      if (tail === '0')
        return readContainer(docker, source, { follow: true, tail: '0', since }, inner.signal);
      if (after === undefined)
        return readContainer(docker, source, { follow: true, tail: 'all', since }, inner.signal);
      return skipThrough(
        readContainer(
          docker,
          source,
          { follow: true, tail: 'all', since: timeNsToEngineTime(after) },
          inner.signal,
        ),
        after,
      );
    });
    for await (const line of interleave(live, abort)) yield out(line);
  } finally {
    opts.signal?.removeEventListener('abort', abort);
    inner.abort();
  }
}

interface EngineLogQuery {
  follow: boolean;
  tail: string;
  since: string | undefined;
}

/** Above this many messages, a numeric tail is read as 'all'. */
const MAX_TAIL_MESSAGES = 1_000_000;

/**
 * The last `tail` complete lines of one container (not following).
 *
 * The engine's `tail` counts log *messages*, and a line longer than 16 KiB is several messages: the
 * first line of each stream in a `tail=M` answer can be the end of a long line. So we ask for a
 * little more than needed and drop the first line of each stream unless the answer held the whole
 * log (fewer messages than asked for); if too few complete lines remain, ask for more.
 */
async function containerBacklog(
  docker: Docker,
  source: LogSource,
  tail: string,
  since: string | undefined,
  signal: AbortSignal,
): Promise<LogLine[]> {
  if (tail === 'all') return collect(readContainer(docker, source, { follow: false, tail, since }, signal));
  const n = Number(tail);
  if (n === 0) return [];
  for (let want = n + 2; ; want *= 4) {
    const counts = { messages: 0 };
    const whole = want > MAX_TAIL_MESSAGES;
    const lines = await collect(
      readContainer(
        docker,
        source,
        { follow: false, tail: whole ? 'all' : String(want), since },
        signal,
        counts,
      ),
    );
    if (signal.aborted) return [];
    const exhausted = whole || counts.messages < want;
    const firstOut = lines.findIndex((line) => line.stream === 'stdout');
    const firstErr = lines.findIndex((line) => line.stream === 'stderr');
    const complete = exhausted ? lines : lines.filter((_, i) => i !== firstOut && i !== firstErr);
    if (exhausted || complete.length >= n) return complete.slice(-n);
  }
}

/** Lines of one container (one engine request), with timestamps parsed. Ends quietly when `signal` aborts. */
async function* readContainer(
  docker: Docker,
  source: LogSource,
  query: EngineLogQuery,
  signal: AbortSignal,
  counts?: { messages: number },
): AsyncGenerator<LogLine, void, undefined> {
  if (signal.aborted) return;
  const container = docker.getContainer(source.id);
  let stream: NodeJS.ReadableStream | undefined;
  const destroy = () => (stream as Readable | undefined)?.destroy();
  signal.addEventListener('abort', destroy, { once: true });
  try {
    const info = await container.inspect();
    if (signal.aborted) return;
    stream = await openLogStream(
      container,
      {
        follow: query.follow,
        stdout: true,
        stderr: true,
        timestamps: true,
        tail: query.tail,
        ...(query.since !== undefined ? { since: query.since } : {}),
      },
      signal,
    );
    if (signal.aborted) return;
    const decode = { tty: info.Config?.Tty === true, timestamps: true, ...(counts ? { counts } : {}) };
    for await (const raw of decodeLogStream(stream, decode)) yield toLogLine(raw, source);
  } catch (error) {
    if (signal.aborted) return;
    if ((error as { statusCode?: number }).statusCode === 404) {
      throw new StatusError(
        'NOT_FOUND',
        `Container ${source.name} of service "${source.service}" no longer exists.`,
        'It was removed while its logs were being read. Start the stack again to recreate it.',
        { service: source.service, container: source.name },
        { cause: error },
      );
    }
    throw error;
  } finally {
    signal.removeEventListener('abort', destroy);
    destroy();
  }
}

/**
 * GET /containers/{id}/logs as a stream, whether following or not. (dockerode's `container.logs()`
 * buffers the whole body when not following and then tries `JSON.parse` on it, so a TTY container
 * whose log is `42` would come back as a number; and a large tail would sit in memory.)
 */
function openLogStream(
  container: Docker.Container,
  query: Record<string, string | boolean>,
  signal: AbortSignal,
): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    container.modem.dial(
      {
        path: `/containers/${container.id}/logs?`,
        method: 'GET',
        abortSignal: signal,
        isStream: true,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
        options: query,
      },
      (error: unknown, stream: NodeJS.ReadableStream) => (error ? reject(error) : resolve(stream)),
    );
  });
}

function toLogLine(raw: RawLogLine, source: LogSource): LogLine {
  const line: LogLine = {
    service: source.service,
    container: source.name,
    stream: raw.stream,
    text: raw.text,
  };
  const parsed = raw.timestamp === undefined ? undefined : parseTimestamp(raw.timestamp);
  if (parsed) {
    line.time = parsed.time;
    line.timeNs = parsed.timeNs;
  }
  return line;
}

async function collect<T>(lines: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

/** Drops the leading lines at or before `timeNs` (already shown from the backlog). */
async function* skipThrough(
  lines: AsyncIterable<LogLine>,
  timeNs: string,
): AsyncGenerator<LogLine, void, undefined> {
  let skipping = true;
  for await (const line of lines) {
    if (skipping && line.timeNs !== undefined && compareTimeNs(line.timeNs, timeNs) <= 0) continue;
    skipping = false;
    yield line;
  }
}

/** `tail` option → the engine's query value. */
export function engineTail(tail: number | 'all' | undefined): string {
  if (tail === undefined || tail === 'all') return 'all';
  if (!Number.isInteger(tail) || tail < 0) {
    throw new StatusError(
      'SETTINGS_INVALID',
      `Invalid number of log lines: ${String(tail)}.`,
      "Use a whole number of lines (0 or more), or 'all'.",
      { tail },
    );
  }
  return String(tail);
}

const DURATION_PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/gy;
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** A Go-style duration ('10m', '1h30m', '1.5h', '45s', '2d') in ms; undefined if it is not one. */
export function parseDuration(text: string): number | undefined {
  if (text.length === 0) return undefined;
  DURATION_PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let match = DURATION_PART.exec(text); match; match = DURATION_PART.exec(text)) {
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
    consumed = DURATION_PART.lastIndex;
  }
  return consumed === text.length ? total : undefined;
}

/**
 * `since` → the engine's query value, `seconds[.fraction]` since the epoch: a Date; a number of unix
 * seconds; or a string: unix seconds, a duration back from `now` ('10m'), or an RFC3339 date.
 */
export function toEngineSince(since: Date | number | string, now: number = Date.now()): string {
  const fromMs = (ms: number) => {
    const whole = Math.floor(ms / 1000);
    return `${whole}.${String(Math.floor(ms - whole * 1000)).padStart(3, '0')}`;
  };
  if (since instanceof Date) {
    if (!Number.isNaN(since.getTime())) return fromMs(since.getTime());
  } else if (typeof since === 'number') {
    if (Number.isFinite(since) && since >= 0)
      return Number.isInteger(since) ? String(since) : fromMs(since * 1000);
  } else {
    const text = since.trim();
    if (/^\d+(\.\d{1,9})?$/.test(text)) return text;
    const duration = parseDuration(text);
    if (duration !== undefined) return fromMs(Math.max(0, now - duration));
    const date = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) ? Date.parse(text) : NaN;
    if (!Number.isNaN(date)) return fromMs(date);
  }
  throw new StatusError(
    'SETTINGS_INVALID',
    `Cannot read "${String(since)}" as a point in time for logs.`,
    "Use a duration back from now ('10m', '1h30m', '45s'), unix seconds, or a date like 2026-01-31T12:00:00Z.",
    { since: String(since) },
  );
}
