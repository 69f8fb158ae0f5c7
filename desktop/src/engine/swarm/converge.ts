// Waiting for one Swarm service to converge: every task it should run is running (Swarm counts a
// task with a health check as running only once it is healthy) and its rolling update, if one was
// started, has completed, or has been rolled back by Swarm itself.
import type Docker from 'dockerode';
import { setTimeout as delay } from 'node:timers/promises';
import { StatusError, throwIfCancelled } from '../errors.js';

export type Convergence = { outcome: 'converged' } | { outcome: 'rolled-back'; reason: string };

export interface WaitOptions {
  /** The task template changed: wait for the rolling update Swarm starts for it. */
  expectUpdate: boolean;
  /** UpdateStatus.StartedAt before our change: an update status with this start is an old one. */
  previousUpdateStart?: string;
  deadline: number;
  signal?: AbortSignal;
  /** "1/2 tasks running", each time it changes. */
  onState: (text: string) => void;
}

interface TaskInfo {
  DesiredState: string;
  CreatedAt?: string;
  Status: { State: string; Err?: string; Message?: string };
}

interface ServiceInfo {
  Spec: { Mode?: { Replicated?: { Replicas?: number } } };
  UpdateStatus?: { State?: string; StartedAt?: string; Message?: string };
}

const POLL_MS = 500;
/** A change of the task template always starts an update; if none shows up by then, there was none to do. */
const UPDATE_GRACE_MS = 10_000;

export async function waitForService(docker: Docker, name: string, opts: WaitOptions): Promise<Convergence> {
  const started = Date.now();
  let last = '';
  for (;;) {
    throwIfCancelled(opts.signal, `Deploying ${name}`);
    const service = (await docker.getService(name).inspect()) as ServiceInfo;
    const update = service.UpdateStatus;
    const fresh = update?.StartedAt !== undefined && update.StartedAt !== opts.previousUpdateStart;
    const updateState = fresh ? update?.State : undefined;
    if (updateState === 'rollback_completed')
      return { outcome: 'rolled-back', reason: update?.Message ?? 'the new tasks failed' };
    if (updateState === 'paused' || updateState === 'rollback_paused')
      throw new StatusError(
        'SERVICE_UNHEALTHY',
        `Swarm paused the update of ${name}: ${update?.Message ?? 'its tasks failed'}.`,
        `See \`docker service ps ${name} --no-trunc\` for why its tasks failed; deploy again once it is fixed.`,
        { service: name },
      );
    const tasks = (await docker.listTasks({
      filters: { service: [name], 'desired-state': ['running'] },
    })) as TaskInfo[];
    const running = tasks.filter((t) => t.Status.State === 'running').length;
    const wanted = service.Spec.Mode?.Replicated
      ? (service.Spec.Mode.Replicated.Replicas ?? 1)
      : Math.max(tasks.length, 1);
    const state = `${running}/${wanted} tasks running${updateState ? ` (${updateState.replace('_', ' ')})` : ''}`;
    if (state !== last) opts.onState((last = state));
    const tasksDone = running === wanted && tasks.length === wanted;
    const updateDone = fresh
      ? updateState === 'completed'
      : !opts.expectUpdate || Date.now() - started > UPDATE_GRACE_MS;
    if (tasksDone && updateDone) return { outcome: 'converged' };
    if (Date.now() > opts.deadline) throw await timedOut(docker, name, state);
    await delay(POLL_MS, undefined, { signal: opts.signal }).catch(() => undefined);
  }
}

async function timedOut(docker: Docker, name: string, state: string): Promise<StatusError> {
  const tasks = (await docker.listTasks({ filters: { service: [name] } })) as TaskInfo[];
  const failed = tasks
    .filter((t) => t.Status.Err)
    .sort((a, b) => (b.CreatedAt ?? '').localeCompare(a.CreatedAt ?? ''))[0];
  return new StatusError(
    'SERVICE_TIMEOUT',
    `${name} did not come up in time: ${state}${failed ? `; its last task failed: ${failed.Status.Err}` : ''}.`,
    `See \`docker service ps ${name} --no-trunc\` and \`status-desktop logs\` for why; deploy again once it is fixed.`,
    { service: name },
  );
}
