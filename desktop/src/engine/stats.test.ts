// serviceStats: the `docker stats` arithmetic on recorded engine answers, and a snapshot of real
// containers (status-test/node:1, built by the test global setup; ST_LOGS_TEST_IMAGE overrides it).
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStatusError } from './errors.js';
import { LABEL } from './labels.js';
import { lastLines } from './logs/logs.js';
import { computeStats, cpuPercent, memoryUsage, serviceStats, type EngineStats } from './stats.js';

describe('docker stats arithmetic', () => {
  // Shape of a real Engine 20.10 answer (cgroup v1), trimmed.
  const v1: EngineStats = {
    read: '2026-11-26T18:09:39.0497938Z',
    preread: '2026-11-26T18:09:38.039731373Z',
    cpu_stats: {
      cpu_usage: { total_usage: 2_229_760_849, percpu_usage: [144_811_776, 2_084_949_073] },
      system_cpu_usage: 1_167_720_000_000,
      online_cpus: 2,
    },
    precpu_stats: {
      cpu_usage: { total_usage: 1_170_222_177 },
      system_cpu_usage: 1_165_700_000_000,
      online_cpus: 2,
    },
    memory_stats: {
      usage: 93_224_960,
      limit: 25_276_026_880,
      stats: { total_inactive_file: 8_224_960, inactive_file: 1 },
    },
    networks: { eth0: { rx_bytes: 736, tx_bytes: 10 }, eth1: { rx_bytes: 64, tx_bytes: 5 } },
    pids_stats: { current: 7 },
  };

  it('CPU %: container delta / host delta × online CPUs × 100', () => {
    // (2229760849 - 1170222177) / (1167720000000 - 1165700000000) × 2 × 100
    expect(cpuPercent(v1.cpu_stats, v1.precpu_stats)).toBeCloseTo(104.905, 2);
  });

  it('CPU %: falls back to the per-CPU list, and is 0 without an earlier sample (one-shot answers)', () => {
    const noOnline = { ...v1.cpu_stats, online_cpus: 0 };
    expect(cpuPercent(noOnline, v1.precpu_stats)).toBeCloseTo(104.905, 2);
    expect(cpuPercent(v1.cpu_stats, { cpu_usage: { total_usage: 0 } })).toBe(0);
    expect(cpuPercent(v1.cpu_stats, undefined)).toBe(0);
    expect(cpuPercent(v1.precpu_stats, v1.cpu_stats)).toBe(0); // counters went backwards: no negative %
  });

  it('memory: usage minus inactive page cache (cgroup v1 total_inactive_file, else v2 inactive_file)', () => {
    expect(memoryUsage(v1.memory_stats)).toBe(85_000_000);
    expect(memoryUsage({ usage: 50_000_000, limit: 1, stats: { inactive_file: 10_000_000 } })).toBe(
      40_000_000,
    ); // cgroup v2
    expect(memoryUsage({ usage: 5, stats: { inactive_file: 10 } })).toBe(5); // never negative
    expect(memoryUsage({ usage: 5 })).toBe(5);
    expect(memoryUsage(undefined)).toBe(0);
  });

  it('computes the whole record; a separate earlier sample replaces an empty precpu_stats', () => {
    expect(computeStats(v1)).toEqual({
      cpuPercent: expect.closeTo(104.905, 2),
      memoryBytes: 85_000_000,
      memoryLimitBytes: 25_276_026_880,
      memoryPercent: expect.closeTo((85_000_000 / 25_276_026_880) * 100, 8),
      networkRxBytes: 800,
      networkTxBytes: 15,
      pids: 7,
    });
    const oneShot: EngineStats = { ...v1, precpu_stats: { cpu_usage: { total_usage: 0 } } };
    expect(computeStats(oneShot).cpuPercent).toBe(0);
    expect(computeStats(oneShot, v1.precpu_stats).cpuPercent).toBeCloseTo(104.905, 2);
    expect(computeStats({}).memoryPercent).toBe(0);
  });
});

describe('serviceStats (real engine)', () => {
  const IMAGE = process.env['ST_LOGS_TEST_IMAGE'] ?? 'status-test/node:1';
  const docker = new Docker();
  const project = `st-logs-${randomBytes(4).toString('hex')}`;

  async function create(service: string, script: string, start: boolean): Promise<void> {
    const container = await docker.createContainer({
      name: `${project}-${service}-1`,
      Image: IMAGE,
      Cmd: ['node', '-e', script],
      Labels: {
        [LABEL.project]: project,
        [LABEL.service]: service,
        [LABEL.number]: '1',
        [LABEL.oneoff]: 'False',
      },
    });
    if (start) await container.start();
  }

  beforeAll(async () => {
    await docker.getImage(IMAGE).inspect();
    await Promise.all([
      // Busy: spins the CPU and holds ~50 MB.
      create(
        'busy',
        "const keep = Buffer.alloc(50e6, 1); console.log('ready'); for (;;) { keep[0]++; }",
        true,
      ),
      create('idle', 'setInterval(() => {}, 1e6)', true),
      create('sleepy', 'setInterval(() => {}, 1e6)', true),
      create('stopped', '0', false),
    ]);
    // Sample once the busy container holds its memory and spins (node can start slowly on a busy host).
    const deadline = Date.now() + 120_000;
    while ((await lastLines(docker, project, 'busy', 1))[0] !== 'ready') {
      if (Date.now() > deadline) throw new Error('the busy container did not start within 2 minutes');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  });

  afterAll(async () => {
    const containers = await docker.listContainers({
      all: true,
      filters: { label: [`${LABEL.project}=${project}`] },
    });
    await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true })));
  });

  it('samples every running container (stopped ones are skipped), in service order, like docker stats', async () => {
    const stats = await serviceStats(docker, project, { concurrency: 2 });
    expect(stats.map((s) => s.service)).toEqual(['busy', 'idle', 'sleepy']);
    const busy = stats[0]!;
    expect(busy.container).toBe(`${project}-busy-1`);
    // One core spinning ≈ 100 on an idle host; much less when other work competes for the CPUs.
    expect(busy.cpuPercent).toBeGreaterThan(0);
    expect(busy.memoryBytes).toBeGreaterThan(40e6);
    expect(busy.memoryLimitBytes).toBeGreaterThan(busy.memoryBytes);
    expect(busy.memoryPercent).toBeCloseTo((busy.memoryBytes / busy.memoryLimitBytes) * 100, 6);
    expect(busy.pids).toBeGreaterThanOrEqual(1);
    expect(busy.networkRxBytes).toBeGreaterThanOrEqual(0);
    for (const s of stats.slice(1)) {
      expect(s.memoryBytes).toBeGreaterThan(0);
      expect(s.cpuPercent).toBeGreaterThanOrEqual(0);
    }
  });

  it('an unknown project has nothing to sample', async () => {
    expect(await serviceStats(docker, `${project}-nothing`)).toEqual([]);
  });

  it('aborting rejects with CANCELLED', async () => {
    const controller = new AbortController();
    const pending = serviceStats(docker, project, { concurrency: 1, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const error = await pending.catch((e: unknown) => e);
    expect(isStatusError(error, 'CANCELLED')).toBe(true);
  });
});
