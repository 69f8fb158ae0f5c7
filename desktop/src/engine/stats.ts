// Resource use of the project's running containers: one snapshot, computed the way `docker stats`
// computes it, so the numbers match what an operator sees in a terminal.
//
// What the engine does (measured on Engine 20.10 / API 1.41, cgroup v1, and documented in the API):
// - `GET /containers/{id}/stats?stream=false` waits for the daemon's stats collector to take two
//   samples (it samples every second) and returns the second one with `precpu_stats` filled from the
//   first: about 1 s per call, CPU % computable from the one answer.
// - `one-shot=true` (API >= 1.41) answers from one sample, with an empty `precpu_stats`
//   (`preread` = 0001-01-01): no CPU % possible from it. We do not use it.
// - A container that is not running answers at once with zero `read` time and empty stats.
// Older or other engines may leave `precpu_stats` empty even without one-shot: then we take a
// second sample and compute the CPU % between the two.
import type Docker from 'dockerode';
import { cancelledError } from './errors.js';
import { listProjectContainers } from './labels.js';
import { mapLimit } from './util/concurrency.js';

export interface ServiceStats {
  service: string;
  /** Container name, e.g. `status-postgres-1`. */
  container: string;
  /** Like `docker stats`: 100 = one CPU fully busy; up to 100 × online CPUs. */
  cpuPercent: number;
  /** Memory in use without the reclaimable page cache (what `docker stats` shows as MEM USAGE). */
  memoryBytes: number;
  /** The container's memory limit (the host's memory when it has none). */
  memoryLimitBytes: number;
  memoryPercent: number;
  /** Summed over the container's network interfaces. */
  networkRxBytes: number;
  networkTxBytes: number;
  pids: number;
}

export interface ServiceStatsOptions {
  /** Containers sampled at once (each sample takes about a second). Default 4. */
  concurrency?: number;
  /** Aborting rejects with CANCELLED and closes the engine requests in flight. */
  signal?: AbortSignal;
}

/** The parts of the engine's stats answer that we read (all optional: engines differ). */
export interface CpuStats {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null };
  system_cpu_usage?: number;
  online_cpus?: number;
}

export interface EngineStats {
  read?: string;
  preread?: string;
  cpu_stats?: CpuStats;
  precpu_stats?: CpuStats;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number | undefined> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  pids_stats?: { current?: number };
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * A snapshot of every *running* container of the project (stopped containers are skipped: they
 * use nothing, and the status view already shows their state). Containers are sampled in
 * parallel, at most `concurrency` at a time; results are in service order, then container name.
 * A container that stops or disappears while being sampled is left out.
 */
export async function serviceStats(
  docker: Docker,
  project: string,
  opts: ServiceStatsOptions = {},
): Promise<ServiceStats[]> {
  const { signal } = opts;
  if (signal?.aborted) throw cancelledError('Reading resource use');
  const byService = await listProjectContainers(docker, project);
  const targets = [...byService.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([service, containers]) =>
      containers
        .filter((info) => info.State === 'running')
        .map((info) => ({
          service,
          id: info.Id,
          name: (info.Names[0] ?? info.Id.slice(0, 12)).replace(/^\//, ''),
        }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    );
  try {
    const results = await mapLimit(
      targets,
      opts.concurrency ?? 4,
      async (target) => {
        const sample = await sampleContainer(docker, target.id, signal);
        return (
          sample && {
            service: target.service,
            container: target.name,
            ...computeStats(sample.stats, sample.previous),
          }
        );
      },
      signal,
    );
    return results.filter((r): r is ServiceStats => r !== undefined);
  } catch (error) {
    if (signal?.aborted) throw cancelledError('Reading resource use');
    throw error;
  }
}

/** One stats answer (plus a second one when the engine left `precpu_stats` empty); undefined if not running. */
async function sampleContainer(
  docker: Docker,
  id: string,
  signal?: AbortSignal,
): Promise<{ stats: EngineStats; previous?: CpuStats } | undefined> {
  const container = docker.getContainer(id);
  const once = async (): Promise<EngineStats | undefined> => {
    try {
      const stats = (await container.stats({ stream: false, ...(signal ? { abortSignal: signal } : {}) } as {
        stream: false;
      })) as EngineStats;
      return !stats.read || stats.read === ZERO_TIME ? undefined : stats;
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 404 || status === 409) return undefined; // removed or stopped meanwhile
      throw error;
    }
  };
  const first = await once();
  if (!first) return undefined;
  if (first.precpu_stats?.system_cpu_usage) return { stats: first };
  const second = await once();
  if (!second) return undefined;
  return first.cpu_stats ? { stats: second, previous: first.cpu_stats } : { stats: second };
}

/** The `docker stats` numbers from one engine answer; `previous` replaces its `precpu_stats`. */
export function computeStats(
  stats: EngineStats,
  previous?: CpuStats,
): Omit<ServiceStats, 'service' | 'container'> {
  const memoryBytes = memoryUsage(stats.memory_stats);
  const memoryLimitBytes = stats.memory_stats?.limit ?? 0;
  let networkRxBytes = 0;
  let networkTxBytes = 0;
  for (const net of Object.values(stats.networks ?? {})) {
    networkRxBytes += net.rx_bytes ?? 0;
    networkTxBytes += net.tx_bytes ?? 0;
  }
  return {
    cpuPercent: cpuPercent(stats.cpu_stats, previous ?? stats.precpu_stats),
    memoryBytes,
    memoryLimitBytes,
    memoryPercent: memoryLimitBytes > 0 ? (memoryBytes / memoryLimitBytes) * 100 : 0,
    networkRxBytes,
    networkTxBytes,
    pids: stats.pids_stats?.current ?? 0,
  };
}

/**
 * CPU % as the Docker CLI computes it (Linux): container CPU time delta over host CPU time delta,
 * times the number of online CPUs, × 100. 0 when there is no earlier sample to compare with.
 */
export function cpuPercent(cpu: CpuStats | undefined, precpu: CpuStats | undefined): number {
  const total = cpu?.cpu_usage?.total_usage;
  const system = cpu?.system_cpu_usage;
  const previousTotal = precpu?.cpu_usage?.total_usage;
  const previousSystem = precpu?.system_cpu_usage;
  if (total === undefined || system === undefined || previousTotal === undefined || !previousSystem) return 0;
  const cpuDelta = total - previousTotal;
  const systemDelta = system - previousSystem;
  const onlineCpus = cpu?.online_cpus || cpu?.cpu_usage?.percpu_usage?.length || 1;
  if (cpuDelta <= 0 || systemDelta <= 0) return 0;
  return (cpuDelta / systemDelta) * onlineCpus * 100;
}

/**
 * Memory as the Docker CLI shows it: usage minus the inactive page cache, which the kernel can
 * reclaim (cgroup v1: `total_inactive_file`; cgroup v2: `inactive_file`).
 */
export function memoryUsage(memory: EngineStats['memory_stats']): number {
  const usage = memory?.usage ?? 0;
  const stats = memory?.stats ?? {};
  const v1 = stats['total_inactive_file'];
  if (v1 !== undefined && v1 < usage) return usage - v1;
  const v2 = stats['inactive_file'];
  if (v2 !== undefined && v2 < usage) return usage - v2;
  return usage;
}
