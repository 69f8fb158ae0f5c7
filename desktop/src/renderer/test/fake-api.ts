// An in-memory LauncherApi for component tests: answers queries from fields the test sets,
// records every call, and lets the test emit status, task and log events.
import type {
  AdminCredentials,
  AppViewState,
  BackupRequest,
  BackupsOverview,
  ConsoleLogLine,
  ConsoleSettings,
  DesktopShellApi,
  Diagnosis,
  EmbeddedApp,
  EngineChoice,
  EnginesOverview,
  EngineTestResult,
  LauncherApi,
  LogQuery,
  PlatformUrls,
  PortConflict,
  ProjectStatus,
  ResetPlan,
  RestoreRequest,
  SecretsState,
  SecretsUpdate,
  ServiceStats,
  ServiceStatus,
  SettingsUpdate,
  SetupState,
  ShareChoices,
  ShareTarget,
  SharingResult,
  TaskEvent,
  TaskInfo,
  TaskKind,
  SwarmRequest,
  UpdateCheck,
  UpdateRequest,
  ViewBounds,
} from '../types.js';

export interface Call {
  method: string;
  args: unknown[];
}

export function service(
  name: string,
  state: ServiceStatus['state'],
  extra: Partial<ServiceStatus> = {},
): ServiceStatus {
  const live = ['starting', 'running', 'healthy', 'unhealthy', 'restarting', 'paused'].includes(state);
  return {
    service: name,
    state,
    restartCount: 0,
    ports: [],
    ...(live
      ? { health: state === 'healthy' ? 'healthy' : state === 'unhealthy' ? 'unhealthy' : 'none' }
      : {}),
    ...extra,
  } as ServiceStatus;
}

export function projectStatus(
  services: ServiceStatus[],
  state: ProjectStatus['state'] = 'running',
): ProjectStatus {
  return {
    project: 'status',
    engine: 'connected',
    state,
    services: Object.fromEntries(services.map((s) => [s.service, s])),
    updatedAt: Date.now(),
  };
}

export const DEFAULT_IMAGES: ConsoleSettings['defaultImages'] = {
  postgres: 'postgres:17.2',
  mongo: 'mongo:8.0',
  dragonfly: 'docker.dragonflydb.io/dragonflydb/dragonfly:v1.25',
  nodered: 'status-nodered:0.1.0',
  noderedBase: 'nodered/node-red:4.0',
  grafana: 'grafana/grafana-oss:11.4.0',
  registry: 'governify/registry:v3',
  director: 'governify/director:v1',
  backend: 'status/backend:local',
  frontend: 'status/frontend:local',
  reverseProxy: 'nginx:1.27',
  node: 'node:20',
  nginx: 'nginx:1.27',
  ledger: 'statuscompliance/blockchain:1.0.0',
};

export class FakeShell implements DesktopShellApi {
  calls: Call[] = [];
  private listeners = new Set<(state: AppViewState) => void>();
  async showApp(app: EmbeddedApp, bounds: ViewBounds) {
    this.calls.push({ method: 'showApp', args: [app, bounds] });
  }
  async hideApps() {
    this.calls.push({ method: 'hideApps', args: [] });
  }
  async navigateApp(app: EmbeddedApp, action: 'back' | 'forward' | 'reload' | 'home') {
    this.calls.push({ method: 'navigateApp', args: [app, action] });
  }
  async openExternal(url: string) {
    this.calls.push({ method: 'openExternal', args: [url] });
  }
  onAppView(listener: (state: AppViewState) => void) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  emitView(state: AppViewState) {
    for (const l of this.listeners) l(state);
  }
}

export class FakeApi implements LauncherApi {
  calls: Call[] = [];
  statusValue: ProjectStatus = projectStatus([
    service('postgres', 'healthy', {
      image: 'postgres:17.2',
      ports: [{ hostIp: '127.0.0.1', hostPort: 5432, containerPort: 5432, protocol: 'tcp' }],
      uptimeMs: 65_000,
    }),
    service('grafana', 'healthy', {
      image: 'grafana/grafana-oss:11.4.0',
      ports: [{ hostIp: '', hostPort: 3100, containerPort: 3000, protocol: 'tcp' }],
      uptimeMs: 60_000,
      restartCount: 2,
    }),
    service('reverse-proxy', 'running', {
      image: 'nginx:1.27',
      ports: [{ hostIp: '', hostPort: 3000, containerPort: 80, protocol: 'tcp' }],
    }),
  ]);
  statsValue: ServiceStats[] = [];
  diagnosis: Diagnosis = {
    ok: true,
    candidates: [],
    endpoint: 'unix:///var/run/docker.sock',
    version: {
      engine: '27.3.1',
      apiVersion: '1.47',
      os: 'linux',
      arch: 'amd64',
      platformName: 'Docker Engine - Community',
    },
    notes: [],
  };
  portConflicts: PortConflict[] = [];
  setupDone = true;
  settingsValue: ConsoleSettings = {
    bindAddress: '127.0.0.1',
    publicUrl: 'http://localhost:3000',
    publicUrlDerived: true,
    ports: {
      http: 3000,
      backend: 3001,
      nodered: 1880,
      postgres: 5432,
      mongo: 5001,
      dragonfly: 6379,
      grafana: 3100,
      director: 5800,
      registry: 5400,
    },
    images: {},
    defaultImages: DEFAULT_IMAGES,
    adminUsername: 'admin',
    ledger: false,
    startOnLaunch: false,
    openAtLogin: false,
    closeAction: 'ask',
    restartKilled: false,
    backupSchedule: { every: 'off', keep: 7 },
  };
  secretsValue: SecretsState = {
    generated: true,
    openAiKey: false,
    githubClientId: false,
    githubClientSecret: false,
  };
  sharedUrls = ['http://192.168.1.20:3000/'];
  shareChoicesValue: ShareChoices = {
    addresses: [
      { address: '192.168.1.20', interface: 'wlan0' },
      { address: '10.0.0.5', interface: 'eth0' },
    ],
    hostName: 'status-pc',
    port: 3000,
  };
  /** What share/stopSharing report `up` would recreate. */
  restartValue = ['grafana', 'nodered', 'reverse-proxy', 'status-backend'];
  resetVolumes = ['status_postgres-data', 'status_grafana-data', 'status_nodered-data'];
  backlog: ConsoleLogLine[] = [];
  credentials: AdminCredentials = { username: 'admin', password: 'pw-9f8e7d6c5b4a' };
  runningTasks: TaskInfo[] = [];
  backupsValue: BackupsOverview = {
    folder: '/home/op/.config/status-desktop/backups',
    backups: [],
    schedule: {},
  };
  enginesValue: EnginesOverview = {
    chosen: { kind: 'default' },
    chosenName: 'default',
    driving: { name: 'default', endpoint: 'unix:///var/run/docker.sock', version: '27.3.1' },
    contexts: [
      { name: 'colima', host: 'unix:///home/op/.colima/default/docker.sock', tls: false },
      { name: 'remote-1', host: 'tcp://10.0.0.5:2376', description: 'the lab server', tls: true },
    ],
    cliContext: 'default',
    warnings: [],
  };
  /** What testEngine answers (a test sets it). */
  engineTest: EngineTestResult = {
    ok: true,
    name: 'remote-1',
    endpoint: 'tcp://10.0.0.5:2376',
    version: { engine: '27.3.1', apiVersion: '1.47', os: 'linux', arch: 'amd64' },
    resources: { cpus: 8, memoryBytes: 16 * 1024 ** 3, swarmManager: false, hostName: 'lab-1' },
  };
  /** Set to make the next command reject with this error. */
  failNext: Error | undefined;
  shell?: FakeShell;

  private statusListeners = new Set<(s: ProjectStatus) => void>();
  private taskListeners = new Set<(e: TaskEvent) => void>();
  private logListeners = new Set<{ services: string[]; listener: (lines: ConsoleLogLine[]) => void }>();
  private nextTask = 1;
  /** The task the last command started (to emit its events in a test). */
  lastTask: TaskInfo | undefined;

  constructor(options: { shell?: boolean } = {}) {
    if (options.shell) this.shell = new FakeShell();
  }

  private record(method: string, args: unknown[]) {
    this.calls.push({ method, args });
  }

  called(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  // events
  emitStatus(status: ProjectStatus) {
    this.statusValue = status;
    for (const l of this.statusListeners) l(status);
  }
  emitTask(event: TaskEvent) {
    for (const l of this.taskListeners) l(event);
  }
  emitLogs(lines: ConsoleLogLine[]) {
    for (const { services, listener } of this.logListeners) {
      const mine = services.length === 0 ? lines : lines.filter((l) => services.includes(l.service));
      if (mine.length) listener(mine);
    }
  }
  get logSubscribers(): number {
    return this.logListeners.size;
  }

  // queries
  async status() {
    this.record('status', []);
    return this.statusValue;
  }
  async stats() {
    this.record('stats', []);
    return this.statsValue;
  }
  async diagnose() {
    this.record('diagnose', []);
    return this.diagnosis;
  }
  async checkPorts() {
    this.record('checkPorts', []);
    return this.portConflicts;
  }
  async setupState(): Promise<SetupState> {
    this.record('setupState', []);
    return {
      done: this.setupDone,
      engine: this.diagnosis,
      ports: this.portConflicts,
      secrets: this.secretsValue,
    };
  }
  async settings() {
    this.record('settings', []);
    return this.settingsValue;
  }
  async secretsState() {
    this.record('secretsState', []);
    return this.secretsValue;
  }
  async urls(): Promise<PlatformUrls> {
    this.record('urls', []);
    const local = this.settingsValue.bindAddress === '127.0.0.1';
    // Like Stack.urls(): every platform address is built from the public URL.
    const base = this.settingsValue.publicUrl.replace(/\/$/, '');
    return {
      status: `${base}/`,
      grafana: `${base}/grafana/`,
      nodeRed: `${base}/node-red/`,
      shared: local ? [] : this.sharedUrls,
    };
  }
  async shareChoices(): Promise<ShareChoices> {
    this.record('shareChoices', []);
    return this.shareChoicesValue;
  }
  async resetPlan(): Promise<ResetPlan> {
    this.record('resetPlan', []);
    return { volumes: this.resetVolumes };
  }
  async logs(query: LogQuery) {
    this.record('logs', [query]);
    const lines =
      query.services.length === 0
        ? this.backlog
        : this.backlog.filter((l) => query.services.includes(l.service));
    return query.tail === 'all' ? lines : lines.slice(-query.tail);
  }
  async tasks() {
    this.record('tasks', []);
    return this.runningTasks;
  }
  async backups() {
    this.record('backups', []);
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    return this.backupsValue;
  }

  // commands
  private task(kind: TaskKind, services: string[], method: string, args: unknown[]): Promise<TaskInfo> {
    this.record(method, args);
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      return Promise.reject(error);
    }
    const info: TaskInfo = {
      id: `task-${this.nextTask++}`,
      kind,
      services,
      startedAt: Date.now(),
      state: 'running',
    };
    this.lastTask = info;
    return Promise.resolve(info);
  }
  up() {
    return this.task('up', [], 'up', []);
  }
  pull() {
    return this.task('pull', [], 'pull', []);
  }
  down() {
    return this.task('down', [], 'down', []);
  }
  startService(s: string) {
    return this.task('start', [s], 'startService', [s]);
  }
  stopService(s: string) {
    return this.task('stop', [s], 'stopService', [s]);
  }
  restartService(s: string) {
    return this.task('restart', [s], 'restartService', [s]);
  }
  stop() {
    return this.task('stop', [], 'stop', []);
  }
  restart() {
    return this.task('restart', [], 'restart', []);
  }
  reset(volumes: string[]) {
    return this.task('reset', [], 'reset', [volumes]);
  }
  async cancel(taskId: string) {
    this.record('cancel', [taskId]);
  }
  backup(request?: BackupRequest) {
    return this.task('backup', [], 'backup', request ? [request] : []);
  }
  restoreBackup(name: string, request?: RestoreRequest) {
    return this.task('restore', [], 'restoreBackup', request ? [name, request] : [name]);
  }
  loadImages(file: string) {
    return this.task('load-images', [], 'loadImages', [file]);
  }
  /** What checkUpdates answers (a test sets it). */
  updateCheck: UpdateCheck = {
    checkedAt: '2026-12-03T18:00:00.000Z',
    project: 'status',
    images: [],
    plan: [],
  };
  async checkUpdates(request?: UpdateRequest) {
    this.record('checkUpdates', request ? [request] : []);
    return this.updateCheck;
  }
  upgrade(request?: UpdateRequest) {
    return this.task('upgrade', [], 'upgrade', request ? [request] : []);
  }
  deploySwarm(request?: SwarmRequest) {
    return this.task('deploy-swarm', [], 'deploySwarm', request ? [request] : []);
  }
  async deleteBackup(name: string) {
    this.record('deleteBackup', [name]);
    this.backupsValue = {
      ...this.backupsValue,
      backups: this.backupsValue.backups.filter((b) => b.name !== name),
    };
  }
  async engines() {
    this.record('engines', []);
    return this.enginesValue;
  }
  async testEngine(choice: EngineChoice) {
    this.record('testEngine', [choice]);
    return this.engineTest;
  }
  async useEngine(choice: EngineChoice) {
    this.record('useEngine', [choice]);
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    const name = this.engineTest.name;
    this.enginesValue = {
      ...this.enginesValue,
      chosen: choice,
      chosenName: name,
      driving: { name, endpoint: this.engineTest.endpoint, version: this.engineTest.version?.engine ?? '' },
    };
    return this.enginesValue;
  }
  async saveSettings(update: SettingsUpdate) {
    this.record('saveSettings', [update]);
    const { ports, images, publicUrl, backupSchedule, registryMirror, ...rest } = update;
    const next: ConsoleSettings = { ...this.settingsValue, ...rest };
    if (registryMirror) next.registryMirror = registryMirror;
    else if (registryMirror === null) delete next.registryMirror;
    if (backupSchedule) next.backupSchedule = { ...next.backupSchedule, ...backupSchedule };
    if (ports) next.ports = { ...next.ports, ...ports };
    if (images) {
      const merged: Record<string, string> = { ...next.images };
      for (const [k, v] of Object.entries(images)) {
        if (v) merged[k] = v;
        else delete merged[k];
      }
      next.images = merged;
    }
    if (publicUrl !== undefined) next.publicUrl = publicUrl ?? '';
    this.settingsValue = next;
    return next;
  }
  // Like the launcher: bind address and public URL change together (sharing.ts).
  async share(target: ShareTarget): Promise<SharingResult> {
    this.record('share', [target]);
    const host = 'address' in target ? target.address : target.hostName;
    this.settingsValue = {
      ...this.settingsValue,
      bindAddress: 'address' in target ? target.address : '0.0.0.0',
      publicUrl: `http://${host}:${this.shareChoicesValue.port}`,
      publicUrlDerived: false,
    };
    this.sharedUrls = [`http://${host}:${this.shareChoicesValue.port}/`];
    return { settings: this.settingsValue, urls: await this.urls(), restart: this.restartValue };
  }
  async stopSharing(): Promise<SharingResult> {
    this.record('stopSharing', []);
    this.settingsValue = {
      ...this.settingsValue,
      bindAddress: '127.0.0.1',
      publicUrl: `http://localhost:${this.settingsValue.ports.http}`,
      publicUrlDerived: true,
    };
    return { settings: this.settingsValue, urls: await this.urls(), restart: this.restartValue };
  }
  async saveSecrets(update: SecretsUpdate) {
    this.record('saveSecrets', [update]);
    for (const [k, v] of Object.entries(update))
      (this.secretsValue as unknown as Record<string, boolean>)[k] = !!v;
    return this.secretsValue;
  }
  async completeSetup(input: { adminUsername: string }) {
    this.record('completeSetup', [input]);
    this.setupDone = true;
    this.credentials = { ...this.credentials, username: input.adminUsername };
    return this.credentials;
  }
  async adminCredentials() {
    this.record('adminCredentials', []);
    return this.credentials;
  }

  // streams
  onStatus(listener: (s: ProjectStatus) => void) {
    this.statusListeners.add(listener);
    return () => void this.statusListeners.delete(listener);
  }
  onTask(listener: (e: TaskEvent) => void) {
    this.taskListeners.add(listener);
    return () => void this.taskListeners.delete(listener);
  }
  onLogs(query: Pick<LogQuery, 'services'>, listener: (lines: ConsoleLogLine[]) => void) {
    const entry = { services: query.services, listener };
    this.logListeners.add(entry);
    return () => void this.logListeners.delete(entry);
  }
}
