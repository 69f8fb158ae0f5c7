// StatusTracker: a live model of every service of a Compose project.
//
// How it stays true:
// 1. Connect: subscribe to the engine's container events for the project FIRST, then take a full
//    snapshot (list by label + inspect each). Anything that happens during the snapshot arrives as
//    an event and is inspected again afterwards, so nothing falls between the two.
// 2. Each relevant event schedules a re-inspect of that one container (debounced per container, so
//    the die/kill/stop burst of one `docker stop` costs one inspect). Inspects of one container are
//    serialized, so an older answer never overwrites a newer one. A 'change' is emitted only when
//    something a user can see changed.
// 3. A slow poll (pollMs) re-takes the full snapshot: it refreshes the health-check output and
//    catches whatever the event stream might have missed.
// 4. When the stream ends or errors (engine restarted, socket closed), state goes 'reconnecting'
//    and we retry with capped exponential back-off; every successful reconnect starts again at 1
//    (subscribe, then resnapshot). After `disconnectAfterMs` of failures the state says
//    'disconnected' (we keep retrying at the cap). Nothing here throws at the process: engine
//    errors become engine state.
// 5. The events also tell how a run ended (a `kill` and its signal, a `stop`, the `die`), which an
//    inspect cannot: `docker kill` and a stop that ran out of time both leave exit code 137. That
//    memory lives per container from its `start` to its next one, and only for what this
//    connection saw (see ServiceStatus.exit).
import { EventEmitter } from 'node:events';
import type Docker from 'dockerode';
import { LABEL, projectFilter } from '../labels.js';
import {
  type EngineState,
  type ProjectStatus,
  type ServiceStatus,
  missingService,
  overallState,
  pickRepresentative,
  sameStatus,
  statusFromInspect,
  withUptime,
} from './model.js';
import { NdjsonDecoder } from '../docker/ndjson.js';
import { emptyRunEnd, type RunEnd } from './exit.js';

export interface StatusTrackerOptions {
  /** An engine client, or a factory called on every (re)connect attempt. */
  docker: Docker | (() => Promise<Docker>);
  /** Compose project name (the `com.docker.compose.project` label). */
  project: string;
  /** Service names of the compose project, in display order. */
  services: string[];
  /** Full resnapshot period while connected. Default 5000. */
  pollMs?: number;
  /** Events of one container within this window cost one inspect. Default 50. */
  debounceMs?: number;
  /** Reconnect back-off: first delay, doubled per failure up to maxMs. Default 250 → 5000. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** After this long without the engine, 'reconnecting' becomes 'disconnected'. Default 30000. */
  disconnectAfterMs?: number;
  /**
   * An engine that accepts the connection but does not answer the subscription or a full snapshot
   * within this time is treated as gone (the connection is dropped and retried). Default 30000.
   */
  requestTimeoutMs?: number;
}

export interface StatusTrackerEvents {
  /** A service's visible status changed. Both values carry uptime as of the emit. */
  change: [status: ServiceStatus, previous: ServiceStatus];
  /** The engine connection changed state; `error` says why it is not connected. */
  engine: [state: EngineState, error: Error | undefined];
  /** A full snapshot was taken (on connect, on reconnect, on every poll, on setServices). */
  snapshot: [status: ProjectStatus];
}

/** Container actions that can change what we show. */
const RELEVANT_ACTIONS = [
  'create',
  'start',
  'restart',
  'die',
  'stop',
  'kill',
  'oom',
  'pause',
  'unpause',
  'destroy',
  'rename',
  'update',
  'health_status',
] as const;
const RELEVANT = new Set<string>(RELEVANT_ACTIONS);

/** One message of GET /events (API 1.41). */
interface EngineEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  time?: number;
  timeNano?: number;
}

interface ContainerRecord {
  id: string;
  service: string;
  created: number;
  status: ServiceStatus;
  /** When the inspect that produced this record was started (epoch ms). */
  checkedAt: number;
}

interface Session {
  docker: Docker | undefined;
  /** The event stream's signal, aborted when the session closes. */
  signal: AbortSignal;
  /**
   * Sends one engine request with a signal of its own, aborted when the session closes and
   * forgotten when the request ends. (One signal shared by every request would carry a listener
   * per request in flight: a snapshot of eleven containers made Node warn about a leak.)
   */
  request<T>(send: (signal: AbortSignal) => Promise<T>): Promise<T>;
  stream: NodeJS.ReadableStream | undefined;
  open: boolean;
  closed: Promise<Error | undefined>;
  close(error?: Error): void;
}

interface InspectJob {
  session: Session;
  again: boolean;
  done: Promise<void>;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOENT',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ECONNABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** Errors that mean "the engine is gone" rather than "this request failed". */
export function isConnectionError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { code?: unknown; message?: unknown; statusCode?: unknown };
  if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /socket hang up|connect E|aborted|premature close/i.test(message);
}

function isNotFound(error: unknown): boolean {
  return !!error && typeof error === 'object' && (error as { statusCode?: unknown }).statusCode === 404;
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export class StatusTracker extends EventEmitter<StatusTrackerEvents> {
  readonly project: string;
  private services: string[];
  private readonly dockerOpt: StatusTrackerOptions['docker'];
  private readonly pollMs: number;
  private readonly debounceMs: number;
  private readonly backoffInitialMs: number;
  private readonly backoffMaxMs: number;
  private readonly disconnectAfterMs: number;
  private readonly requestTimeoutMs: number;

  private readonly containers = new Map<string, ContainerRecord>();
  private readonly current = new Map<string, ServiceStatus>();
  private readonly inspects = new Map<string, InspectJob>();
  private readonly debounce = new Map<string, NodeJS.Timeout>();
  /** What the events of this connection said about each container's current run. */
  private readonly runs = new Map<string, RunEnd>();

  private engine: EngineState = 'disconnected';
  private engineError: Error | undefined;
  private updatedAt = 0;
  private lostAt: number | undefined;
  private lastEventNano: number | undefined;

  private running = false;
  private loop: Promise<void> | undefined;
  private session: Session | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private syncing: { session: Session; run: Promise<void> } | undefined;

  constructor(opts: StatusTrackerOptions) {
    super();
    this.project = opts.project;
    this.services = [...new Set(opts.services)];
    this.dockerOpt = opts.docker;
    this.pollMs = Math.max(50, opts.pollMs ?? 5000);
    this.debounceMs = Math.max(0, opts.debounceMs ?? 50);
    this.backoffInitialMs = Math.max(10, opts.backoff?.initialMs ?? 250);
    this.backoffMaxMs = Math.max(this.backoffInitialMs, opts.backoff?.maxMs ?? 5000);
    this.disconnectAfterMs = opts.disconnectAfterMs ?? 30_000;
    this.requestTimeoutMs = Math.max(100, opts.requestTimeoutMs ?? 30_000);
    for (const s of this.services) this.current.set(s, missingService(s));
  }

  /** Current engine connection state. */
  get engineState(): EngineState {
    return this.engine;
  }

  /** Time (engine clock, ns) of the last event received; undefined before the first one. */
  get lastEventTimeNano(): number | undefined {
    return this.lastEventNano;
  }

  /**
   * Starts tracking. Resolves after the first connection attempt: connected with a full snapshot,
   * or failed (then it keeps retrying in the background). Never rejects.
   */
  start(): Promise<void> {
    if (this.running) return Promise.resolve();
    this.running = true;
    return new Promise<void>((resolveFirst) => {
      this.loop = this.run(resolveFirst).catch(() => {
        // run() handles its own errors; this is a last line of defence.
      });
    });
  }

  /** Stops tracking and closes the event stream. The last snapshot stays readable. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.session?.close();
    this.clearTimers();
    this.wake?.();
    await this.loop;
    this.loop = undefined;
    this.setEngine('disconnected', undefined);
    this.engineError = undefined;
  }

  /**
   * Another engine was chosen: drops the current session (or the back-off wait), so the loop
   * connects again at once, to whatever the docker option gives now.
   */
  reconnect(): void {
    if (!this.running) return;
    this.session?.close(new Error('Switching to another container engine.'));
    this.wake?.();
  }

  /** The whole project now (uptime computed at this call). */
  snapshot(): ProjectStatus {
    const now = Date.now();
    const services: Record<string, ServiceStatus> = {};
    for (const name of this.services) {
      services[name] = withUptime(this.current.get(name) ?? missingService(name), now);
    }
    const status: ProjectStatus = {
      project: this.project,
      engine: this.engine,
      state: overallState(Object.values(services)),
      services,
      updatedAt: this.updatedAt,
    };
    if (this.engineError && this.engine !== 'connected') status.engineError = this.engineError.message;
    return status;
  }

  /** One service now; `missing` for a service the tracker does not know. */
  service(name: string): ServiceStatus {
    return withUptime(this.current.get(name) ?? missingService(name), Date.now());
  }

  /**
   * Checks the engine right now instead of waiting for an event or the poll: one service (its
   * containers listed and inspected again) or everything. Resolves with the snapshot after it; when
   * the engine is not connected it resolves with the last known snapshot.
   */
  async refresh(service?: string): Promise<ProjectStatus> {
    const session = this.session;
    if (!session?.open || this.engine !== 'connected') return this.snapshot();
    try {
      if (service === undefined) {
        await this.fullSync(session);
      } else {
        await this.syncService(session, service);
      }
    } catch (error) {
      this.onOperationError(session, error);
    }
    return this.snapshot();
  }

  /** The compose file changed: track this list of services from now on. */
  setServices(services: string[]): void {
    this.services = [...new Set(services)];
    for (const name of [...this.current.keys()]) {
      if (!this.services.includes(name)) this.current.delete(name);
    }
    for (const name of this.services) {
      if (!this.current.has(name)) this.current.set(name, missingService(name));
    }
    this.recompute(this.services);
    this.safeEmit('snapshot', this.snapshot());
  }

  // ---------------------------------------------------------------------------------------------
  // Connection loop

  private async run(resolveFirst: () => void): Promise<void> {
    let failures = 0;
    let first = true;
    while (this.running) {
      const session = this.newSession();
      this.session = session;
      let connected = false;
      try {
        const docker = await this.withDeadline(session, this.resolveDocker(), 'connect');
        session.docker = docker;
        if (!this.running) break;
        const stream = (await this.withDeadline(
          session,
          docker.getEvents({
            filters: {
              type: ['container'],
              label: projectFilter(this.project).label,
              event: [...RELEVANT_ACTIONS],
            },
            abortSignal: session.signal,
          }),
          'subscribe to events',
        )) as NodeJS.ReadableStream;
        // Runs that ended while we were away were not seen: their exits are read from the code alone.
        this.runs.clear();
        this.attachStream(session, stream);
        if (!this.running) break;
        await this.withDeadline(session, this.fullSync(session, false), 'list the containers');
        if (!session.open) throw (await session.closed) ?? new Error('The engine event stream closed.');
        connected = true;
        failures = 0;
        this.lostAt = undefined;
        this.setEngine('connected', undefined);
        this.safeEmit('snapshot', this.snapshot());
        if (first) {
          first = false;
          resolveFirst();
        }
        this.schedulePoll(session);
        const reason = await session.closed;
        this.clearTimers();
        if (!this.running) break;
        this.lostAt = Date.now();
        this.setEngine('reconnecting', reason ?? new Error('The engine closed the event stream.'));
      } catch (error) {
        session.close(toError(error));
        this.clearTimers();
        if (!this.running) break;
        const err = toError(error);
        if (this.engine === 'connected') {
          this.lostAt = Date.now();
          this.setEngine('reconnecting', err);
        } else if (
          this.engine === 'reconnecting' &&
          this.lostAt !== undefined &&
          Date.now() - this.lostAt >= this.disconnectAfterMs
        ) {
          this.setEngine('disconnected', err);
        } else {
          this.engineError = err;
        }
      }
      if (first) {
        first = false;
        resolveFirst();
      }
      if (!this.running) break;
      // A connection that was good restarts the back-off; a failing attempt doubles it.
      const delay = connected ? 0 : Math.min(this.backoffInitialMs * 2 ** failures, this.backoffMaxMs);
      if (!connected) failures++;
      if (delay > 0) await this.sleep(delay);
    }
    if (first) resolveFirst();
    this.session?.close();
  }

  private async resolveDocker(): Promise<Docker> {
    return typeof this.dockerOpt === 'function' ? await this.dockerOpt() : this.dockerOpt;
  }

  private newSession(): Session {
    let resolveClosed!: (error: Error | undefined) => void;
    const closed = new Promise<Error | undefined>((resolve) => (resolveClosed = resolve));
    const controller = new AbortController();
    const inFlight = new Set<AbortController>();
    const session: Session = {
      docker: undefined,
      signal: controller.signal,
      stream: undefined,
      open: true,
      closed,
      request: async (send) => {
        const request = new AbortController();
        if (!session.open) request.abort();
        inFlight.add(request);
        try {
          return await send(request.signal);
        } finally {
          inFlight.delete(request);
        }
      },
      close: (error?: Error) => {
        if (!session.open) return;
        session.open = false;
        const stream = session.stream as (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
        try {
          stream?.destroy?.();
          controller.abort();
        } catch {
          // already gone
        }
        for (const request of inFlight) request.abort();
        inFlight.clear();
        resolveClosed(error);
      },
    };
    return session;
  }

  private attachStream(session: Session, stream: NodeJS.ReadableStream): void {
    session.stream = stream;
    const decoder = new NdjsonDecoder<EngineEvent>();
    stream.on('data', (chunk: Buffer | string) => {
      if (!session.open) return;
      for (const event of decoder.push(chunk)) this.onEvent(session, event);
    });
    // Keep an 'error' listener for the stream's whole life: an unhandled 'error' would crash us.
    stream.on('error', (error: Error) => session.close(error));
    stream.on('end', () => {
      if (session.open) for (const event of decoder.end()) this.onEvent(session, event);
      session.close(new Error('The engine closed the event stream.'));
    });
    stream.on('close', () => session.close(new Error('The engine event stream closed.')));
    if (!session.open) session.close();
  }

  /**
   * Rejects (and drops the session) when the engine takes longer than requestTimeoutMs; rejects at
   * once when the session closes meanwhile (stop(), stream lost).
   */
  private withDeadline<T>(session: Session, work: Promise<T>, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        const error = new Error(`The engine did not ${what} within ${this.requestTimeoutMs} ms.`);
        session.close(error);
        reject(error);
      }, this.requestTimeoutMs);
      void session.closed.then((reason) => {
        clearTimeout(timer);
        reject(reason ?? new Error('Stopped.'));
      });
      work.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  private schedulePoll(session: Session): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      if (!session.open || !this.running) return;
      this.withDeadline(session, this.fullSync(session), 'answer the periodic check')
        .catch((error: unknown) => this.onOperationError(session, error))
        .finally(() => {
          if (session.open && this.running && this.session === session) this.schedulePoll(session);
        });
    }, this.pollMs);
  }

  private clearTimers(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    for (const timer of this.debounce.values()) clearTimeout(timer);
    this.debounce.clear();
  }

  /** A request failed: if the engine is gone, drop the session (the loop reconnects). */
  private onOperationError(session: Session, error: unknown): void {
    if (isConnectionError(error)) session.close(toError(error));
    // Anything else (a 500 on one inspect, …) is left to the next event or poll.
  }

  private setEngine(state: EngineState, error: Error | undefined): void {
    this.engineError = state === 'connected' ? undefined : (error ?? this.engineError);
    if (this.engine === state) return;
    this.engine = state;
    this.safeEmit('engine', state, state === 'connected' ? undefined : this.engineError);
  }

  // ---------------------------------------------------------------------------------------------
  // Events and inspects

  private onEvent(session: Session, event: EngineEvent): void {
    if (event.Type !== undefined && event.Type !== 'container') return;
    const action = event.Action ?? event.status ?? '';
    const base = action.split(':')[0]?.trim() ?? '';
    if (!RELEVANT.has(base)) return;
    const attrs = event.Actor?.Attributes ?? {};
    if (attrs[LABEL.project] !== undefined && attrs[LABEL.project] !== this.project) return;
    if (attrs[LABEL.oneoff] === 'True') return;
    const id = event.Actor?.ID ?? event.id;
    if (!id) return;
    if (typeof event.timeNano === 'number') this.lastEventNano = event.timeNano;
    else if (typeof event.time === 'number') this.lastEventNano = event.time * 1e9;
    this.rememberRun(id, base, attrs);
    if (this.debounce.has(id)) return;
    this.debounce.set(
      id,
      setTimeout(() => {
        this.debounce.delete(id);
        if (!session.open) return;
        this.inspectContainer(session, id)
          .then(() => {
            this.updatedAt = Date.now();
          })
          .catch((error: unknown) => this.onOperationError(session, error));
      }, this.debounceMs),
    );
  }

  /** Keeps what an event says about how the container's current run ends. */
  private rememberRun(id: string, action: string, attrs: Record<string, string>): void {
    if (action === 'start') {
      this.runs.set(id, emptyRunEnd());
      return;
    }
    if (action === 'destroy') {
      this.runs.delete(id);
      return;
    }
    if (action !== 'kill' && action !== 'stop' && action !== 'die') return;
    const run = this.runs.get(id) ?? emptyRunEnd();
    this.runs.set(id, run);
    if (action === 'kill') run.signals.push(attrs.signal ?? '');
    else if (action === 'stop') run.stopRequested = true;
    else run.died = true;
  }

  /**
   * Re-inspects one container and applies the result. Calls for the same container are serialized
   * and coalesced: a call while one is in flight makes it run once more afterwards.
   */
  private inspectContainer(session: Session, id: string): Promise<void> {
    const job = this.inspects.get(id);
    if (job) {
      job.again = true;
      job.session = session;
      return job.done;
    }
    const entry: InspectJob = { session, again: false, done: Promise.resolve() };
    entry.done = (async () => {
      try {
        do {
          entry.again = false;
          await this.inspectOnce(entry.session, id);
        } while (entry.again && entry.session.open);
      } finally {
        this.inspects.delete(id);
      }
    })();
    this.inspects.set(id, entry);
    return entry.done;
  }

  private async inspectOnce(session: Session, id: string): Promise<void> {
    const docker = session.docker;
    if (!docker || !session.open) return;
    const checkedAt = Date.now();
    let info: Docker.ContainerInspectInfo;
    try {
      info = await session.request((abortSignal) => docker.getContainer(id).inspect({ abortSignal }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      const old = this.containers.get(id);
      if (old) {
        this.containers.delete(id);
        this.recompute([old.service]);
      }
      return;
    }
    const labels = info.Config?.Labels ?? {};
    const service = labels[LABEL.service];
    if (labels[LABEL.project] !== this.project || !service || labels[LABEL.oneoff] === 'True') return;
    const old = this.containers.get(id);
    const created = Date.parse(info.Created);
    this.containers.set(id, {
      id,
      service,
      created: Number.isFinite(created) ? created : 0,
      status: statusFromInspect(service, info, this.runs.get(id)),
      checkedAt,
    });
    this.recompute(old && old.service !== service ? [old.service, service] : [service]);
  }

  /** List + inspect everything; forget containers that are gone. Concurrent calls share one run. */
  private fullSync(session: Session, emitSnapshot = true): Promise<void> {
    if (this.syncing?.session === session) return this.syncing.run;
    const run = (async () => {
      const docker = session.docker;
      if (!docker) return;
      const listedAt = Date.now();
      const list = await session.request((abortSignal) =>
        docker.listContainers({ all: true, filters: projectFilter(this.project), abortSignal }),
      );
      const ids = new Set(list.map((c) => c.Id));
      await Promise.all([...ids].map((id) => this.inspectContainer(session, id)));
      const touched = new Set<string>();
      for (const record of [...this.containers.values()]) {
        if (!ids.has(record.id) && record.checkedAt < listedAt) {
          this.containers.delete(record.id);
          this.runs.delete(record.id);
          touched.add(record.service);
        }
      }
      this.recompute(touched);
      this.updatedAt = Date.now();
      if (emitSnapshot) this.safeEmit('snapshot', this.snapshot());
    })();
    this.syncing = { session, run };
    const clear = (): void => {
      if (this.syncing?.run === run) this.syncing = undefined;
    };
    run.then(clear, clear);
    return run;
  }

  private async syncService(session: Session, service: string): Promise<void> {
    const docker = session.docker;
    if (!docker) return;
    const list = await session.request((abortSignal) =>
      docker.listContainers({ all: true, filters: projectFilter(this.project, service), abortSignal }),
    );
    const ids = new Set(list.map((c) => c.Id));
    for (const record of this.containers.values()) if (record.service === service) ids.add(record.id);
    await Promise.all([...ids].map((id) => this.inspectContainer(session, id)));
    this.updatedAt = Date.now();
  }

  /** Recomputes the given services from their containers; emits 'change' where it differs. */
  private recompute(services: Iterable<string>): void {
    for (const name of new Set(services)) {
      if (!this.services.includes(name)) continue;
      const candidates = [...this.containers.values()].filter((r) => r.service === name);
      const rep = pickRepresentative(candidates);
      const next = rep ? rep.status : missingService(name);
      const previous = this.current.get(name) ?? missingService(name);
      if (sameStatus(previous, next)) continue;
      this.current.set(name, next);
      const now = Date.now();
      this.safeEmit('change', withUptime(next, now), withUptime(previous, now));
    }
  }

  /**
   * Emits without letting a throwing listener break the tracker's own bookkeeping: the listener's
   * exception is rethrown on its own tick (as an uncaught error, like any listener bug).
   */
  private safeEmit<K extends keyof StatusTrackerEvents>(event: K, ...args: StatusTrackerEvents[K]): void {
    try {
      (this.emit as (event: K, ...args: StatusTrackerEvents[K]) => boolean)(event, ...args);
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}
