// The "all services" log view: lines of several services in one stream, in time order.
import type Docker from 'dockerode';
import { logsOfSources, resolveLogSources, type LogLine, type LogsOptions } from './logs.js';

export { interleave, mergeByTime } from './order.js';

/**
 * Logs of several services (all services of the project when `services` is empty), merged:
 * - not following: every container's tail, merged by timestamp (stable; ties in the order the
 *   services are given);
 * - following: the backlog merged by timestamp, then live lines as they arrive (each service's lines
 *   stay in order; lines of different services arriving within the same instant may interleave
 *   slightly out of order). Ends when all containers have stopped, or when `signal` aborts.
 * `tail` applies per container, as with `docker compose logs --tail`.
 * Throws NOT_FOUND, naming the service and listing the known ones, for a service without a container.
 */
export async function* mergedLogs(
  docker: Docker,
  project: string,
  services: readonly string[],
  opts: LogsOptions = {},
): AsyncGenerator<LogLine, void, undefined> {
  if (opts.signal?.aborted) return;
  const sources = await resolveLogSources(docker, project, services);
  yield* logsOfSources(docker, sources, opts);
}
