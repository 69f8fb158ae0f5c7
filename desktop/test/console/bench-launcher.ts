// A LauncherApi with no engine behind it, for the console benchmark: the platform "running" (ten
// healthy services, a status snapshot every few seconds, stats that move), and a log flood on
// demand — realistic mixed lines (levels, ANSI colours, JSON, stack traces) at a fixed rate.
import type {
  ConsoleLogLine,
  ConsoleSettings,
  LauncherApi,
  ProjectStatus,
  ServiceStats,
  ServiceStatus,
  TaskInfo,
  Unsubscribe,
} from '../../src/api/contract.js';
import { ApiException } from '../../src/api/errors.js';
import { DEFAULT_PORTS } from '../../src/engine/settings/index.js';
import { IMAGE_KEYS, type ImageKey } from '../../src/engine/settings/settings.js';
import { STACK_SERVICES } from '../stack-services.js';

const ESC = '\u001b[';
const color = (code: number, text: string) => `${ESC}${code}m${text}${ESC}0m`;

/** Line shapes seen in the real services' logs, with an index to vary numbers and paths. */
const TEMPLATES: ((i: number, iso: string) => string)[] = [
  (i, iso) => `${iso} ${color(32, 'INFO')} [http] GET /api/catalogs/${i % 97} 200 ${i % 40}ms`,
  (i, iso) => `${iso} ${color(33, 'WARN')} slow query took ${1000 + (i % 900)} ms: SELECT * FROM controls`,
  (i) => `${color(31, 'ERROR')} computation ${i} failed: ECONNREFUSED 127.0.0.1:5432`,
  (i) => `LOG:  checkpoint complete: wrote ${i % 300} buffers (${(i % 100) / 10}%); 0 WAL file(s) added`,
  (i) => `26 Nov 21:00:${String(i % 60).padStart(2, '0')} - [info] Started flows (${i % 12} nodes)`,
  (i) => JSON.stringify({ level: i % 5 === 0 ? 'error' : 'info', msg: 'request done', id: i, ms: i % 250 }),
  (i) => `    at Object.<anonymous> (/app/dist/services/compute.js:${i % 400}:17)`,
  (i) =>
    `${ESC}2m${new Date(1_764_190_000_000 + i).toISOString()}${ESC}22m ${ESC}36mdebug${ESC}39m cache hit key=control:${i}`,
  (i) =>
    `127.0.0.1 - - [26/Nov/2026:21:00:00 +0000] "GET /grafana/api/health HTTP/1.1" 200 ${i % 999} "-" "curl/8"`,
  (i) =>
    `t=2026-11-26T21:00:00Z lvl=${i % 7 === 0 ? 'eror' : 'info'} msg="Request Completed" path=/api/ds/${i}`,
];

export function benchLine(i: number, now = Date.now()): ConsoleLogLine {
  const iso = new Date(now).toISOString();
  const template = TEMPLATES[i % TEMPLATES.length] as (i: number, iso: string) => string;
  return {
    service: STACK_SERVICES[(i * 7) % STACK_SERVICES.length] as string,
    stream: i % 11 === 0 ? 'stderr' : 'stdout',
    time: now,
    text: template(i, iso),
  };
}

export interface FloodResult {
  sent: number;
  ms: number;
}

export interface BenchLauncher extends LauncherApi {
  /** Sends `total` lines to every log follower at `perSecond`, in batches every `batchMs`. */
  flood(opts: { total: number; perSecond: number; batchMs?: number }): Promise<FloodResult>;
  logFollowers(): number;
  close(): void;
}

function healthyStatus(startedAt: number): ProjectStatus {
  const now = Date.now();
  const services: Record<string, ServiceStatus> = {};
  STACK_SERVICES.forEach((service, index) => {
    services[service] = {
      service,
      state: 'healthy',
      health: 'healthy',
      containerId: `c${index}`.padEnd(64, '0'),
      containerName: `bench-${service}-1`,
      image: `status/${service}:1.0.${index}`,
      startedAt,
      uptimeMs: now - startedAt,
      restartCount: 0,
      ports: [{ hostIp: '127.0.0.1', hostPort: 8000 + index, containerPort: 80, protocol: 'tcp' }],
    };
  });
  return { project: 'bench', engine: 'connected', state: 'running', services, updatedAt: now };
}

const notHere = (what: string) =>
  Promise.reject(
    new ApiException({ code: 'INVALID_INPUT', message: `${what} is not part of the bench.`, hint: '—' }),
  );

export function createBenchLauncher(opts: { statusEveryMs?: number } = {}): BenchLauncher {
  const startedAt = Date.now() - 3_600_000;
  const statusListeners = new Set<(status: ProjectStatus) => void>();
  const logListeners = new Set<(lines: ConsoleLogLine[]) => void>();
  // The real launcher resnapshots every few seconds while running: so does this one.
  const statusTimer = setInterval(() => {
    const status = healthyStatus(startedAt);
    for (const listener of statusListeners) listener(status);
  }, opts.statusEveryMs ?? 5000);
  let tick = 0;

  const settings: ConsoleSettings = {
    bindAddress: '127.0.0.1',
    publicUrl: 'http://localhost:8080',
    publicUrlDerived: true,
    ports: { ...DEFAULT_PORTS },
    images: {},
    defaultImages: Object.fromEntries(IMAGE_KEYS.map((k) => [k, `status/${k}:1.0.0`])) as Record<
      ImageKey,
      string
    >,
    adminUsername: 'admin',
    ledger: false,
    startOnLaunch: false,
    openAtLogin: false,
    closeAction: 'ask',
    restartKilled: false,
    backupSchedule: { every: 'off', keep: 7 },
  };
  const secrets = { generated: true, openAiKey: false, githubClientId: false, githubClientSecret: false };

  const api: BenchLauncher = {
    status: async () => healthyStatus(startedAt),
    stats: async () => {
      tick++;
      return STACK_SERVICES.map((service, i): ServiceStats => ({
        service,
        container: `bench-${service}-1`,
        cpuPercent: ((tick * 13 + i * 7) % 50) / 10,
        memoryBytes: (50 + ((tick + i * 17) % 200)) * 1024 * 1024,
        memoryLimitBytes: 8 * 1024 ** 3,
        memoryPercent: 1,
        networkRxBytes: tick * 1000,
        networkTxBytes: tick * 800,
        pids: 10 + i,
      }));
    },
    diagnose: async () => ({ ok: true, candidates: [], notes: [], endpoint: 'unix:///var/run/docker.sock' }),
    checkPorts: async () => [],
    setupState: async () => ({
      done: true,
      engine: { ok: true, candidates: [], notes: [] },
      ports: [],
      secrets,
    }),
    settings: async () => settings,
    secretsState: async () => secrets,
    urls: async () => ({
      status: 'http://localhost:8080/',
      grafana: 'http://localhost:8080/grafana/',
      nodeRed: 'http://localhost:8080/node-red/',
      shared: [],
    }),
    shareChoices: async () => ({ addresses: [], hostName: null, port: 3000 }),
    resetPlan: async () => ({ volumes: [] }),
    logs: async () => [],
    tasks: async () => [] as TaskInfo[],
    backups: async () => ({ folder: '/bench/backups', backups: [], schedule: {} }),
    up: () => notHere('up'),
    pull: () => notHere('pull'),
    down: () => notHere('down'),
    startService: () => notHere('startService'),
    stopService: () => notHere('stopService'),
    restartService: () => notHere('restartService'),
    stop: () => notHere('stop'),
    restart: () => notHere('restart'),
    reset: () => notHere('reset'),
    cancel: async () => {},
    backup: () => notHere('backup'),
    restoreBackup: () => notHere('restoreBackup'),
    deleteBackup: () => notHere('deleteBackup'),
    loadImages: () => notHere('loadImages'),
    checkUpdates: () => notHere('checkUpdates'),
    upgrade: () => notHere('upgrade'),
    deploySwarm: () => notHere('deploySwarm'),
    saveSettings: async () => settings,
    engines: async () => ({
      chosen: { kind: 'default' },
      chosenName: 'default',
      driving: { name: 'default', endpoint: 'unix:///var/run/docker.sock', version: '27.3.1' },
      contexts: [],
      cliContext: 'default',
      warnings: [],
    }),
    testEngine: () => notHere('testEngine'),
    useEngine: () => notHere('useEngine'),
    saveSecrets: async () => secrets,
    share: async () => {
      throw new Error('The bench launcher does not share.');
    },
    stopSharing: async () => {
      throw new Error('The bench launcher does not share.');
    },
    completeSetup: async () => ({ username: 'admin', password: 'bench-password' }),
    adminCredentials: async () => ({ username: 'admin', password: 'bench-password' }),
    onStatus(listener): Unsubscribe {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onTask: () => () => {},
    onLogs(_query, listener): Unsubscribe {
      logListeners.add(listener);
      return () => logListeners.delete(listener);
    },
    logFollowers: () => logListeners.size,
    flood({ total, perSecond, batchMs = 50 }) {
      const started = Date.now();
      let sent = 0;
      return new Promise<FloodResult>((resolve) => {
        // Paced against the clock, so a late timer catches up instead of slowing the rate.
        const timer = setInterval(() => {
          const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * perSecond));
          if (due > sent) {
            const now = Date.now();
            const batch: ConsoleLogLine[] = [];
            for (; sent < due; sent++) batch.push(benchLine(sent, now));
            for (const listener of logListeners) listener(batch);
          }
          if (sent >= total) {
            clearInterval(timer);
            resolve({ sent, ms: Date.now() - started });
          }
        }, batchMs);
      });
    },
    close() {
      clearInterval(statusTimer);
      statusListeners.clear();
      logListeners.clear();
    },
  };
  return api;
}
