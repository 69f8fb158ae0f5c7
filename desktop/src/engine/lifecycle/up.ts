// `up`: pre-flight, images, networks and volumes, then every service started as soon as its own
// dependencies are satisfied (a dependency graph, not lock-step tiers), each behind its health
// gate with a deadline. A failure carries the failing service's last log lines; services that
// depend on it are not started; what already runs keeps running and no data is touched.
// An optional service (UpOptions.optional) that fails its gate does not fail the start: it is
// reported `degraded` (its container is left as it is, so its logs and state stay visible), what
// depends on it is skipped, and the start succeeds with UpResult.degraded naming it.
// A host port that is taken is never half a start: the ports are checked before anything is
// created and again once the images are there (a pull can take minutes); should a program grab
// one even later, the start fails naming it and stops again what this start started.
import type Docker from 'dockerode';
import { setMaxListeners } from 'node:events';
import type { ComposeProject, DependencyCondition, ServiceSpec } from '../compose/types.js';
import { StatusError, isStatusError, throwIfCancelled } from '../errors.js';
import { ensureImages } from '../images/ensure.js';
import { lastLines } from '../logs/logs.js';
import { planTiers, selectWithDependencies } from '../plan.js';
import { checkPorts, portConflictError } from '../preflight.js';
import type { ProgressListener, ServicePhase } from '../progress.js';
import { ensureContainer, type ContainerAction } from './containers.js';
import { ensureNetworks, ensureVolumes } from './resources.js';
import { defaultDeadlineMs, waitForCondition } from './readiness.js';
import { isPortTakenError, portTakenError } from './port-taken.js';
import { stop } from './stop.js';

/** What a `prepare` step gets: the project being brought up, cancellation, and a progress line. */
export interface PrepareContext {
  project: ComposeProject;
  signal: AbortSignal;
  note: (message: string) => void;
  /**
   * Waits for another service of this start to pass its gate without depending on it: true when
   * it did, false when it failed; undefined at once when it is not part of this start. (Only for
   * a service that does not itself wait for the one being prepared.)
   */
  settle: (service: string) => Promise<boolean | undefined>;
}

/**
 * Setup that needs a service's dependencies running, done after they are ready and before the
 * service's container is created or reused (a database role, an API token). May return the spec
 * to create the container from instead (e.g. the project loaded again with a just-made token);
 * that spec must be what loading the Compose file now gives, so the config hash stays stable.
 */
export type PrepareService = (service: ServiceSpec, ctx: PrepareContext) => Promise<ServiceSpec | void>;

export interface UpOptions {
  /** Services to bring up (with their dependencies); default all. */
  services?: string[];
  onProgress: ProgressListener;
  signal?: AbortSignal;
  forceRecreate?: boolean;
  rebuild?: boolean;
  pull?: boolean;
  /** Per-service deadline; default from its health check. */
  deadlineMs?: (service: ServiceSpec) => number;
  /** Wait until every service is healthy (or started, without a health check); default true. */
  wait?: boolean;
  probeIntervalMs?: number;
  pullAttempts?: number;
  pullBaseDelayMs?: number;
  prepare?: PrepareService;
  /**
   * Services whose failure leaves the start degraded instead of failed (plan.ts optionalServices).
   * Services named in `services` are never optional: starting one on purpose must say if it failed.
   */
  optional?: ReadonlySet<string>;
}

export interface UpResult {
  elapsedMs: number;
  services: Record<string, { action: ContainerAction; readyAfterMs: number }>;
  /** Optional services that did not come up, with why (the start went on without them). */
  degraded: Record<string, { code: string; message: string; hint?: string }>;
}

export async function up(docker: Docker, project: ComposeProject, opts: UpOptions): Promise<UpResult> {
  const started = Date.now();
  const selected = selectWithDependencies(project, opts.services ?? Object.keys(project.services));
  planTiers(project); // reports a dependency cycle before anything happens

  await refuseTakenPorts(docker, project, selected);

  // A service whose profile was turned off (the privileged ledger) must not keep running from an
  // earlier start: starting the whole platform stops it. Its container and data stay until down.
  const inactive = Object.keys(project.inactiveServices ?? {});
  if (!opts.services && inactive.length)
    await stop(docker, project, { services: inactive, onProgress: opts.onProgress });

  await ensureImages(docker, project, {
    services: selected,
    onProgress: opts.onProgress,
    signal: opts.signal,
    rebuild: opts.rebuild,
    pull: opts.pull,
    pullAttempts: opts.pullAttempts,
    pullBaseDelayMs: opts.pullBaseDelayMs,
  });
  throwIfCancelled(opts.signal, 'Starting STATUS');
  await refuseTakenPorts(docker, project, selected);

  const usedNetworks = new Set(selected.flatMap((s) => project.services[s]!.networks));
  const usedVolumes = new Set(
    selected.flatMap((s) =>
      project.services[s]!.mounts.filter((m) => m.type === 'volume').map((m) => m.source),
    ),
  );
  await ensureNetworks(docker, project, [...usedNetworks], opts.onProgress);
  await ensureVolumes(docker, project, [...usedVolumes], opts.onProgress);

  // One internal controller: the first failure stops every other wait.
  const internal = new AbortController();
  setMaxListeners(0, internal.signal); // one listener per wait and stream; not a leak
  const onOuterAbort = () => internal.abort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const runner = new ServiceRunner(docker, project, opts, internal.signal, started, new Set(selected));

  try {
    const results = await Promise.allSettled(
      selected.map((name) => runner.ready(name, finalCondition(project.services[name]!, opts), true)),
    );
    results.forEach((r, i) => {
      if (r.status === 'rejected' && runner.isOptional(selected[i]!)) runner.degrade(selected[i]!, r.reason);
    });
    const failed = results.find(
      (r, i): r is PromiseRejectedResult => r.status === 'rejected' && !runner.isOptional(selected[i]!),
    );
    if (failed) throw runner.firstFailure ?? failed.reason;
    // Cancelling is never "degraded".
    const cancelled = results.find(
      (r): r is PromiseRejectedResult =>
        r.status === 'rejected' && isStatusError(r.reason) && r.reason.code === 'CANCELLED',
    );
    if (cancelled) throw cancelled.reason;
  } catch (error) {
    // Nothing half-started: what this start started goes back to stopped. Should that fail too,
    // the port is still what the operator must hear about (the status shows what runs).
    if (isStatusError(error, 'PORT_IN_USE') && runner.startedHere.length)
      await stop(docker, project, { services: runner.startedHere, onProgress: opts.onProgress }).catch(
        () => undefined,
      );
    throw error;
  } finally {
    opts.signal?.removeEventListener('abort', onOuterAbort);
    internal.abort();
  }
  return { elapsedMs: Date.now() - started, services: runner.results, degraded: runner.degraded };
}

async function refuseTakenPorts(docker: Docker, project: ComposeProject, services: string[]): Promise<void> {
  const conflicts = await checkPorts(docker, project, { services });
  if (conflicts.length) throw portConflictError(conflicts);
}

/** A service without a health check counts as up once it has kept running this long. */
const STABLE_START_MS = 1500;

function finalCondition(service: ServiceSpec, opts: UpOptions): DependencyCondition {
  if (opts.wait === false || !service.healthcheck || service.healthcheck.test[0] === 'NONE')
    return 'service_started';
  return 'service_healthy';
}

class ServiceRunner {
  readonly results: UpResult['services'] = {};
  readonly degraded: UpResult['degraded'] = {};
  firstFailure: StatusError | undefined;
  /** Services whose container this start started (not the ones already running). */
  readonly startedHere: string[] = [];
  private readonly optional: ReadonlySet<string>;
  private readonly startPromises = new Map<string, Promise<Docker.Container>>();
  private readonly conditionPromises = new Map<string, Promise<void>>();

  constructor(
    private readonly docker: Docker,
    private readonly project: ComposeProject,
    private readonly opts: UpOptions,
    private readonly signal: AbortSignal,
    private readonly started: number,
    private readonly selected: ReadonlySet<string>,
  ) {
    const requested = new Set(opts.services ?? []);
    this.optional = new Set([...(opts.optional ?? [])].filter((name) => !requested.has(name)));
  }

  isOptional(name: string): boolean {
    return this.optional.has(name);
  }

  /** An optional service that failed in a way not reported yet (an engine error starting it). */
  degrade(name: string, error: unknown): void {
    if (this.degraded[name] || (isStatusError(error) && error.code === 'CANCELLED')) return;
    const message = error instanceof Error ? error.message : String(error);
    this.degraded[name] = isStatusError(error)
      ? { code: error.code, message, hint: error.hint }
      : { code: 'SERVICE_EXITED', message: `${name} could not be started: ${message}` };
    this.progress(name, 'degraded', `${this.degraded[name]!.message} STATUS runs without it.`);
  }

  /** A failure of `name`: the start's failure, or (optional service) one more degraded service. */
  private failed(name: string, error: StatusError, phase: 'failed' | 'skipped', message: string): void {
    if (error.code === 'CANCELLED') return;
    if (this.optional.has(name)) {
      this.degraded[name] ??= { code: error.code, message: error.message, hint: error.hint };
      this.progress(
        name,
        'degraded',
        phase === 'skipped'
          ? `${message}; STATUS runs without ${name}`
          : `${error.message} STATUS runs without it; its logs are in the console.`,
      );
      return;
    }
    this.firstFailure ??= error;
    this.progress(name, phase, phase === 'failed' ? error.message : message);
  }

  /** Resolves when `name` satisfies `condition`; memoized, so each wait happens once. */
  ready(name: string, condition: DependencyCondition, final = false): Promise<void> {
    // `final` only changes the verdict for service_started (see STABLE_START_MS).
    const stable = final && condition === 'service_started';
    const key = `${name}:${condition}:${stable}`;
    let promise = this.conditionPromises.get(key);
    if (!promise) {
      promise = this.start(name).then((container) => this.waitFor(name, container, condition, stable));
      promise.catch(() => {});
      this.conditionPromises.set(key, promise);
    }
    return promise;
  }

  private start(name: string): Promise<Docker.Container> {
    let promise = this.startPromises.get(name);
    if (!promise) {
      promise = this.startNow(name);
      promise.catch(() => {});
      this.startPromises.set(name, promise);
    }
    return promise;
  }

  private async startNow(name: string): Promise<Docker.Container> {
    const service = this.project.services[name]!;
    const deps = Object.entries(service.dependsOn).filter(
      ([dep, d]) => this.project.services[dep] || d.required,
    );
    if (deps.length) {
      this.progress(
        name,
        'waiting',
        `waiting for ${deps.map(([dep, d]) => `${dep} to be ${describe(d.condition)}`).join(', ')}`,
      );
      try {
        await Promise.all(deps.map(([dep, d]) => this.ready(dep, d.condition)));
      } catch (error) {
        const cause = isStatusError(error) ? (error.details.service as string | undefined) : undefined;
        const message = `not started: ${cause ?? 'a dependency'} failed`;
        if (this.optional.has(name) && isStatusError(error)) this.failed(name, error, 'skipped', message);
        else this.progress(name, 'skipped', message);
        throw error;
      }
    }
    throwIfCancelled(this.signal, 'Starting STATUS');
    const spec = (await this.prepare(service)) ?? service;
    const existing = await ensureContainer(this.docker, this.project, spec, {
      forceRecreate: this.opts.forceRecreate,
    });
    if (existing.action !== 'up-to-date')
      this.progress(
        name,
        existing.action === 'created' ? 'creating' : 'recreating',
        `${existing.action} container`,
      );
    else
      this.progress(
        name,
        'up-to-date',
        existing.running ? 'already running, configuration unchanged' : 'configuration unchanged',
      );
    if (!existing.running) {
      this.progress(name, 'starting', 'starting');
      await this.startContainer(name, existing.container);
    }
    this.results[name] = { action: existing.action, readyAfterMs: -1 };
    this.progress(name, 'started', 'running');
    return existing.container;
  }

  private async startContainer(name: string, container: Docker.Container): Promise<void> {
    try {
      await container.start();
    } catch (error) {
      if (!isPortTakenError(error)) throw error;
      const taken = await portTakenError(this.docker, this.project, name, error);
      this.failed(name, taken, 'failed', taken.message);
      throw taken;
    }
    this.startedHere.push(name);
  }

  private async prepare(service: ServiceSpec): Promise<ServiceSpec | void> {
    if (!this.opts.prepare) return undefined;
    try {
      return await this.opts.prepare(service, {
        project: this.project,
        signal: this.signal,
        note: (message) => this.progress(service.name, 'waiting', message),
        settle: (other) => this.settle(other),
      });
    } catch (error) {
      if (isStatusError(error)) this.failed(service.name, error, 'failed', error.message);
      throw error;
    }
  }

  private async waitFor(
    name: string,
    container: Docker.Container,
    condition: DependencyCondition,
    stable: boolean,
  ): Promise<void> {
    const service = this.project.services[name]!;
    if (condition !== 'service_started')
      this.progress(
        name,
        'waiting',
        condition === 'service_healthy' ? 'waiting to be healthy' : 'waiting to finish',
      );
    try {
      await waitForCondition(container, service, condition, {
        deadlineMs: this.opts.deadlineMs?.(service) ?? defaultDeadlineMs(service),
        signal: this.signal,
        probeIntervalMs: this.opts.probeIntervalMs,
        tail: () => lastLines(this.docker, this.project.name, name, 30),
        // up's own verdict on a service without a health check: still running a moment later.
        stableMs: stable ? STABLE_START_MS : 0,
      });
    } catch (error) {
      if (isStatusError(error)) this.failed(name, error, 'failed', error.message);
      throw error;
    }
    const result = this.results[name];
    if (result && condition !== 'service_started') result.readyAfterMs = Date.now() - this.started;
    if (condition === 'service_healthy') this.progress(name, 'healthy', 'healthy');
    if (condition === 'service_completed_successfully')
      this.progress(name, 'completed', 'finished successfully');
  }

  /** For PrepareContext.settle: `name`'s final gate in this start, as true/false; undefined if not in it. */
  private settle(name: string): Promise<boolean | undefined> {
    const service = this.project.services[name];
    if (!service || !this.selected.has(name)) return Promise.resolve(undefined);
    return this.ready(name, finalCondition(service, this.opts), true).then(
      () => true,
      () => false,
    );
  }

  private progress(service: string, phase: ServicePhase, message: string): void {
    this.opts.onProgress({ type: 'service', service, phase, message, elapsedMs: Date.now() - this.started });
  }
}

function describe(condition: DependencyCondition): string {
  return condition === 'service_healthy'
    ? 'healthy'
    : condition === 'service_started'
      ? 'started'
      : 'finished';
}
