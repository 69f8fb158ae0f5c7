// An in-memory LauncherApi for shell tests: records every call, answers with plain data, and lets a
// test push status snapshots and task events into the streams.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  ConsoleSettings,
  EmbeddedApp,
  LauncherApi,
  PlatformUrls,
  ProjectStatus,
  ServiceStatus,
  TaskEvent,
  TaskInfo,
} from '../../src/api/contract.js';

export function serviceStatus(service: string, patch: Partial<ServiceStatus> = {}): ServiceStatus {
  return { service, state: 'healthy', health: 'healthy', restartCount: 0, ports: [], ...patch };
}

export function projectStatus(
  state: ProjectStatus['state'],
  services: ServiceStatus[] = [],
  patch: Partial<ProjectStatus> = {},
): ProjectStatus {
  return {
    project: 'status',
    engine: 'connected',
    state,
    services: Object.fromEntries(services.map((s) => [s.service, s])),
    updatedAt: Date.now(),
    ...patch,
  };
}

export const TEST_URLS: PlatformUrls = {
  status: 'http://localhost:3000/',
  grafana: 'http://localhost:3000/grafana/',
  nodeRed: 'http://localhost:3000/node-red/',
  shared: [],
};

export interface FakeLauncher extends LauncherApi {
  calls: { method: string; args: unknown[] }[];
  current: ProjectStatus;
  settingsValue: ConsoleSettings;
  /** How `stop()` behaves: 'end-ok' emits task-end at once, 'pending' leaves it running. */
  stopMode: 'end-ok' | 'end-failed' | 'pending' | 'reject';
  pushStatus(status: ProjectStatus): void;
  pushTask(event: TaskEvent): void;
  statusListeners: Set<(s: ProjectStatus) => void>;
  taskListeners: Set<(e: TaskEvent) => void>;
  closed: boolean;
  home: string;
  /** What tasks() answers; cancel(id) removes the task from it. */
  running: TaskInfo[];
  close(): Promise<void>;
}

let launchers = 0;

export function createFakeLauncher(): FakeLauncher {
  let next = 0;
  const task = (kind: TaskInfo['kind']): TaskInfo => ({
    id: `t${++next}`,
    kind,
    services: [],
    startedAt: Date.now(),
    state: 'running',
  });
  const statusListeners = new Set<(s: ProjectStatus) => void>();
  const taskListeners = new Set<(e: TaskEvent) => void>();
  const record = (method: string, args: unknown[]) => fake.calls.push({ method, args });
  const command =
    (kind: TaskInfo['kind']) =>
    async (...args: unknown[]): Promise<TaskInfo> => {
      record(kind === 'up' ? 'up' : kind, args);
      return task(kind);
    };
  const fake: FakeLauncher = {
    calls: [],
    closed: false,
    current: projectStatus('running', [serviceStatus('postgres')]),
    settingsValue: {
      bindAddress: '127.0.0.1',
      publicUrl: 'http://localhost:3000',
      publicUrlDerived: true,
      ports: {} as ConsoleSettings['ports'],
      images: {},
      defaultImages: {} as ConsoleSettings['defaultImages'],
      adminUsername: 'admin',
      ledger: false,
      startOnLaunch: false,
      openAtLogin: false,
      closeAction: 'ask',
      restartKilled: false,
      backupSchedule: { every: 'off', keep: 7 },
    },
    stopMode: 'end-ok',
    statusListeners,
    taskListeners,
    pushStatus(status) {
      fake.current = status;
      statusListeners.forEach((l) => l(status));
    },
    pushTask(event) {
      taskListeners.forEach((l) => l(event));
    },
    // A folder that does not exist: what the shell writes there (window.json, shell-state.json)
    // fails quietly and never leaks from one test or run into the next.
    home: join(tmpdir(), `status-fake-launcher-${process.pid}-${++launchers}`),
    running: [],
    async close() {
      fake.closed = true;
    },
    async status() {
      record('status', []);
      return fake.current;
    },
    stats: async () => [],
    diagnose: async () => ({}) as Awaited<ReturnType<LauncherApi['diagnose']>>,
    checkPorts: async () => [],
    setupState: async () => ({}) as Awaited<ReturnType<LauncherApi['setupState']>>,
    async settings() {
      record('settings', []);
      return fake.settingsValue;
    },
    secretsState: async () => ({
      generated: true,
      openAiKey: false,
      githubClientId: false,
      githubClientSecret: false,
    }),
    async urls() {
      record('urls', []);
      return TEST_URLS;
    },
    shareChoices: async () => ({ addresses: [], hostName: null, port: 3000 }),
    share: async () => {
      throw new Error('not used by the shell tests');
    },
    stopSharing: async () => {
      throw new Error('not used by the shell tests');
    },
    resetPlan: async () => ({ volumes: [] }),
    logs: async () => [],
    tasks: async () => [...fake.running],
    backups: async () => ({ folder: join(fake.home, 'backups'), backups: [], schedule: {} }),
    up: command('up'),
    pull: command('pull'),
    down: command('down'),
    startService: command('start'),
    stopService: command('stop'),
    restartService: command('restart'),
    async stop() {
      record('stop', []);
      if (fake.stopMode === 'reject') throw new Error('Another task is running.');
      const info = task('stop');
      if (fake.stopMode !== 'pending') {
        const ok = fake.stopMode === 'end-ok';
        // Like the real launcher: the end arrives after the command has answered.
        setImmediate(() =>
          fake.pushTask({
            task: info,
            type: 'task-end',
            ok,
            ...(ok
              ? {}
              : {
                  error: { code: 'SERVICE_TIMEOUT', message: 'postgres did not stop.', hint: 'Try again.' },
                }),
          }),
        );
      }
      return info;
    },
    restart: command('restart'),
    reset: command('reset'),
    backup: command('backup'),
    restoreBackup: command('restore'),
    loadImages: command('load-images'),
    upgrade: command('upgrade'),
    deploySwarm: command('deploy-swarm'),
    async checkUpdates() {
      record('checkUpdates', []);
      return { checkedAt: new Date(0).toISOString(), project: 'status', images: [], plan: [] };
    },
    async deleteBackup(name: string) {
      record('deleteBackup', [name]);
    },
    async cancel(id: string) {
      record('cancel', [id]);
      fake.running = fake.running.filter((t) => t.id !== id);
    },
    async saveSettings(update) {
      record('saveSettings', [update]);
      fake.settingsValue = { ...fake.settingsValue, ...(update as Partial<ConsoleSettings>) };
      return fake.settingsValue;
    },
    async engines() {
      record('engines', []);
      return {
        chosen: { kind: 'default' },
        chosenName: 'default',
        contexts: [],
        cliContext: 'default',
        warnings: [],
      };
    },
    async testEngine(choice) {
      record('testEngine', [choice]);
      return { ok: true, name: 'default', endpoint: 'unix:///var/run/docker.sock' };
    },
    async useEngine(choice) {
      record('useEngine', [choice]);
      return { chosen: choice, chosenName: 'default', contexts: [], cliContext: 'default', warnings: [] };
    },
    saveSecrets: async () => ({
      generated: true,
      openAiKey: false,
      githubClientId: false,
      githubClientSecret: false,
    }),
    completeSetup: async () => ({ username: 'admin', password: 'x' }),
    adminCredentials: async () => ({ username: 'admin', password: 'x' }),
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onTask(listener) {
      taskListeners.add(listener);
      return () => taskListeners.delete(listener);
    },
    onLogs: () => () => undefined,
  };
  return fake;
}

/** The embedded view of `app`: the one whose first load was the app's home (they share a partition). */
export function embeddedView<T extends { webContents: { loaded: string[] } }>(
  instances: readonly T[],
  app: EmbeddedApp,
): T {
  const view = instances.find((v) => v.webContents.loaded[0] === TEST_URLS[app]);
  if (!view) throw new Error(`no view for ${app}`);
  return view;
}
