// Waiting for a service to satisfy a depends_on condition. Docker runs health checks only every
// `interval` (and engines before 25 have no start_interval), so besides watching the engine's
// health status we run the service's own health check ourselves every probe interval while it
// starts: dependents start the moment the service is really ready.
import type Docker from 'dockerode';
import type { DependencyCondition, ServiceSpec } from '../compose/types.js';
import { StatusError, cancelledError } from '../errors.js';
import { execInContainer, healthTestToArgv } from '../docker/exec.js';

export interface ReadinessOptions {
  deadlineMs: number;
  signal?: AbortSignal;
  /** How often the engine state is read. */
  pollMs?: number;
  /** How often we run the health check ourselves; 0 disables the early probe. */
  probeIntervalMs?: number;
  /** Last log lines of the service, attached to failures. */
  tail: () => Promise<string[]>;
  /**
   * For service_started: also require it to have been running this long, so a process that
   * crashes right after starting is reported instead of passed as started. Default 0.
   */
  stableMs?: number;
}

export function defaultDeadlineMs(service: ServiceSpec): number {
  const hc = service.healthcheck;
  if (!hc) return 60_000;
  return Math.max(60_000, hc.startPeriodMs + (hc.intervalMs + hc.timeoutMs) * hc.retries + 30_000);
}

/** Crash loop: the engine restarted it this many times while we waited. */
const MAX_RESTARTS_WHILE_WAITING = 3;

export async function waitForCondition(
  container: Docker.Container,
  service: ServiceSpec,
  condition: DependencyCondition,
  opts: ReadinessOptions,
): Promise<void> {
  const pollMs = opts.pollMs ?? 200;
  const probeIntervalMs = opts.probeIntervalMs ?? 500;
  const hc = service.healthcheck;
  const probeArgv = hc ? healthTestToArgv(hc.test) : undefined;
  if (condition === 'service_healthy' && !probeArgv) {
    throw new StatusError(
      'COMPOSE_INVALID',
      `Another service waits for ${service.name} to be healthy, but ${service.name} has no health check.`,
      `Add a healthcheck to ${service.name} or use condition service_started.`,
      { service: service.name },
    );
  }
  const started = Date.now();
  let firstRestartCount: number | undefined;
  let lastProbe = 0;
  let probing: Promise<void> | undefined;
  let probeSucceeded = false;

  for (;;) {
    if (opts.signal?.aborted) throw cancelledError(`Starting ${service.name}`);
    const info = await container.inspect();
    const state = info.State;
    firstRestartCount ??= info.RestartCount;
    const health = state.Health?.Status;

    if (condition === 'service_completed_successfully') {
      if (state.Status === 'exited' || state.Status === 'dead') {
        if (state.ExitCode === 0) return;
        throw await failure(
          'SERVICE_EXITED',
          `${service.name} finished with exit code ${state.ExitCode}.`,
          opts,
          service,
        );
      }
    } else if (state.Status === 'exited' || state.Status === 'dead') {
      if (info.HostConfig.RestartPolicy?.Name === 'no' || !info.HostConfig.RestartPolicy?.Name) {
        throw await failure(
          'SERVICE_EXITED',
          `${service.name} stopped with exit code ${state.ExitCode} while starting.`,
          opts,
          service,
        );
      }
    } else if (state.Running && !state.Restarting) {
      if (condition === 'service_started') {
        const upMs = Date.now() - Date.parse(state.StartedAt);
        if (!opts.stableMs || upMs >= opts.stableMs) return;
      }
      if (health === 'healthy' || probeSucceeded) return;
      if (health === 'unhealthy') {
        const lastCheck = state.Health?.Log?.at(-1)?.Output?.trim();
        throw await failure(
          'SERVICE_UNHEALTHY',
          `${service.name} is unhealthy: its health check failed ${hc!.retries} times${lastCheck ? ` (last output: ${lastCheck.slice(0, 300)})` : ''}.`,
          opts,
          service,
        );
      }
      if (probeArgv && probeIntervalMs > 0 && !probing && Date.now() - lastProbe >= probeIntervalMs) {
        lastProbe = Date.now();
        probing = execInContainer(container, probeArgv, hc!.timeoutMs)
          .then((result) => {
            if (result.exitCode === 0) probeSucceeded = true;
          })
          .catch(() => {
            /* the container may be restarting; the engine state tells */
          })
          .finally(() => {
            probing = undefined;
          });
      }
    }
    if (info.RestartCount - firstRestartCount >= MAX_RESTARTS_WHILE_WAITING) {
      throw await failure(
        'SERVICE_EXITED',
        `${service.name} keeps crashing: it restarted ${info.RestartCount - firstRestartCount} times while starting.`,
        opts,
        service,
      );
    }
    if (Date.now() - started > opts.deadlineMs) {
      const waitingFor =
        condition === 'service_healthy'
          ? 'to become healthy'
          : condition === 'service_started'
            ? 'to start'
            : 'to finish';
      throw await failure(
        'SERVICE_TIMEOUT',
        `${service.name} did not manage ${waitingFor} within ${Math.round(opts.deadlineMs / 1000)} s.`,
        opts,
        service,
      );
    }
    await new Promise((resolve) =>
      setTimeout(resolve, probing && !probeSucceeded ? Math.min(pollMs, 50) : pollMs),
    );
  }
}

async function failure(
  code: 'SERVICE_EXITED' | 'SERVICE_UNHEALTHY' | 'SERVICE_TIMEOUT',
  message: string,
  opts: ReadinessOptions,
  service: ServiceSpec,
): Promise<StatusError> {
  let lastLines: string[] = [];
  try {
    lastLines = await opts.tail();
  } catch {
    /* logs are a courtesy here */
  }
  return new StatusError(
    code,
    message,
    `Its last log lines are shown below; they usually name the cause. Fix it (Settings, free disk space, a port), then press Start again. Data is kept.`,
    { service: service.name, lastLines },
  );
}
