// A small in-memory LauncherApi for transport tests (IPC, HTTP): real engine behaviour is tested
// in src/launcher/launcher.e2e.test.ts; here only what crosses the transport matters.
import type {
  ConsoleLogLine,
  LauncherApi,
  LogQuery,
  ProjectStatus,
  TaskEvent,
  TaskInfo,
} from '../src/api/contract.js';
import { StatusError } from '../src/engine/errors.js';

export interface FakeLauncher extends LauncherApi {
  calls: { method: string; args: unknown[] }[];
  emitStatus(status: ProjectStatus): void;
  emitTask(event: TaskEvent): void;
  emitLogs(lines: ConsoleLogLine[]): void;
  listenerCount(): number;
}

export function fakeStatus(state: ProjectStatus['state'] = 'stopped'): ProjectStatus {
  return {
    project: 'fake',
    engine: 'connected',
    state,
    services: { postgres: { service: 'postgres', state: 'missing', restartCount: 0, ports: [] } },
    updatedAt: 1,
  };
}

export function createFakeLauncher(): FakeLauncher {
  const calls: FakeLauncher['calls'] = [];
  const status = new Set<(s: ProjectStatus) => void>();
  const tasks = new Set<(e: TaskEvent) => void>();
  const logs = new Set<{ query: Pick<LogQuery, 'services'>; listener: (l: ConsoleLogLine[]) => void }>();
  let current = fakeStatus();
  const task = (kind: TaskInfo['kind'], services: string[] = []): TaskInfo => ({
    id: `task-${calls.length}`,
    kind,
    services,
    startedAt: 1,
    state: 'running',
  });
  const record =
    <T>(method: string, value: (...args: never[]) => T) =>
    async (...args: unknown[]) => {
      calls.push({ method, args });
      return value(...(args as never[]));
    };
  const fake = {
    calls,
    status: record('status', () => current),
    stats: record('stats', () => []),
    diagnose: record('diagnose', () => ({ ok: true, candidates: [], notes: [] })),
    checkPorts: record('checkPorts', () => []),
    setupState: record('setupState', () => {
      throw new Error('not used');
    }),
    settings: record('settings', () => {
      throw new Error('not used');
    }),
    secretsState: record('secretsState', () => ({
      generated: true,
      openAiKey: false,
      githubClientId: false,
      githubClientSecret: false,
    })),
    urls: record('urls', () => ({ status: 'http://localhost:3000/', grafana: '', nodeRed: '', shared: [] })),
    shareChoices: record('shareChoices', () => ({
      addresses: [{ address: '192.0.2.10', interface: 'eth0' }],
      hostName: 'status-pc',
      port: 3000,
    })),
    resetPlan: record('resetPlan', () => ({ volumes: ['fake_pgdata'] })),
    logs: record('logs', (query: LogQuery) =>
      query.services.map((service) => ({ service, stream: 'stdout', time: 1, text: 'hello' })),
    ),
    tasks: record('tasks', () => []),
    backups: record('backups', () => ({
      folder: '/fake/backups',
      backups: [
        {
          name: 'status-fake-20261203T153904Z.statusbackup',
          size: 2048,
          modifiedAt: 1,
          scheduled: false,
          manifest: {
            project: 'fake',
            createdAt: '2026-12-03T15:39:04.000Z',
            desktopVersion: '0.1.0',
            schemaVersion: 3,
            secrets: false,
          },
        },
      ],
      schedule: {},
    })),
    up: record('up', () => task('up')),
    pull: record('pull', () => task('pull')),
    down: record('down', () => task('down')),
    startService: record('startService', (s: string) => {
      if (s !== 'postgres') {
        throw new StatusError('NOT_FOUND', `There is no service called "${s}".`, 'Services: postgres.', {
          service: s,
        });
      }
      return task('start', [s]);
    }),
    stopService: record('stopService', (s: string) => task('stop', [s])),
    restartService: record('restartService', (s: string) => task('restart', [s])),
    stop: record('stop', () => task('stop')),
    restart: record('restart', () => task('restart')),
    reset: record('reset', () => task('reset')),
    cancel: record('cancel', () => undefined),
    backup: record('backup', () => task('backup')),
    restoreBackup: record('restoreBackup', () => task('restore')),
    deleteBackup: record('deleteBackup', () => undefined),
    loadImages: record('loadImages', () => task('load-images')),
    upgrade: record('upgrade', () => task('upgrade')),
    deploySwarm: record('deploySwarm', () => task('deploy-swarm')),
    checkUpdates: record('checkUpdates', () => ({
      checkedAt: new Date(0).toISOString(),
      project: 'fake',
      images: [],
      plan: [],
    })),
    engines: record('engines', () => ({
      chosen: { kind: 'default' as const },
      chosenName: 'default',
      contexts: [],
      cliContext: 'default',
      warnings: [],
    })),
    testEngine: record('testEngine', () => ({
      ok: true,
      name: 'default',
      endpoint: 'unix:///var/run/docker.sock',
    })),
    useEngine: record('useEngine', () => {
      throw new StatusError(
        'ENGINE_UNREACHABLE',
        'Nothing answers at tcp://10.0.0.5:2376.',
        'Check the address.',
      );
    }),
    saveSettings: record('saveSettings', () => {
      throw new Error('boom: an unexpected failure\n    at secret/stack/frame.js:1:1');
    }),
    saveSecrets: record('saveSecrets', () => {
      throw new Error('not used');
    }),
    share: record('share', () => {
      throw new Error('not used');
    }),
    stopSharing: record('stopSharing', () => {
      throw new Error('not used');
    }),
    completeSetup: record('completeSetup', (input: { adminUsername: string }) => ({
      username: input.adminUsername,
      password: 'pw',
    })),
    adminCredentials: record('adminCredentials', () => ({ username: 'admin', password: 'pw' })),
    onStatus(listener: (s: ProjectStatus) => void) {
      status.add(listener);
      listener(current);
      return () => status.delete(listener);
    },
    onTask(listener: (e: TaskEvent) => void) {
      tasks.add(listener);
      return () => tasks.delete(listener);
    },
    onLogs(query: Pick<LogQuery, 'services'>, listener: (l: ConsoleLogLine[]) => void) {
      const entry = { query, listener };
      logs.add(entry);
      return () => logs.delete(entry);
    },
    emitStatus(s: ProjectStatus) {
      current = s;
      for (const l of status) l(s);
    },
    emitTask(e: TaskEvent) {
      for (const l of tasks) l(e);
    },
    emitLogs(lines: ConsoleLogLine[]) {
      for (const { query, listener } of logs) {
        const mine = lines.filter((l) => query.services.length === 0 || query.services.includes(l.service));
        if (mine.length) listener(mine);
      }
    },
    listenerCount: () => status.size + tasks.size + logs.size,
  };
  return fake as unknown as FakeLauncher;
}
