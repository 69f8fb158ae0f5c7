// LauncherApi: the one typed contract between any UI (the Electron console, a browser through
// `status-desktop serve`, tests) and the engine. Types only: the renderer imports this file, so
// nothing here may pull in Node or Docker code (engine imports are `import type`).
//
// Three kinds of members:
// - commands: change something, resolve when done (or reject with an ApiError);
// - queries: read something, no side effects;
// - streams: subscribe to events; `subscribe` returns an unsubscribe function.
// Long commands (up, pull, start, restart, down, reset) report progress on the `progress` stream,
// tagged with the id of the task they belong to, and can be cancelled by that id.
//
// Changes since the first draft (additive, names kept):
// - ApiError.code also has 'BUSY' (another whole-platform task runs, or the task can't be
//   interrupted halfway). Rejections of every LauncherApi promise carry an ApiError: read it with
//   `apiErrorOf(error)` from api/errors.ts (works across contextBridge and HTTP alike).
// - TaskInfo.state says whether a per-service task is still queued behind another one.
// - Transports: api/ipc.ts (channel names + the renderer-side client, pure: the preload bundles it),
//   api/ipc-main.ts (serveLauncherIpc for the main process), api/client/http.ts (browser client of
//   `status-desktop serve`).
// - onTask replays the events of tasks still running to a new subscriber (a console opened late
//   still shows the progress so far).
// - Backups (issue 14): backups() lists the kept ones with the schedule's state; backup() and
//   restoreBackup() are tasks ('backup', 'restore') whose progress also carries the backup's own
//   events (each part, the file); deleteBackup() removes one by name. A backup the launcher takes
//   on its schedule is a 'backup' task with `scheduled: true`.
import type { BackupEvent } from '../engine/backup/events.js';
import type { EngineTestResult } from '../engine/discovery/chosen.js';
import type { EngineChoice } from '../engine/settings/engine-choice.js';
import type { DrivenEngineInfo } from '../engine/status/model.js';
import type { ContextSummary } from '../engine/discovery/contexts.js';
import type { Diagnosis } from '../engine/discovery/index.js';
import type { ErrorCode } from '../engine/errors.js';
import type { PortConflict } from '../engine/preflight.js';
import type { LayerProgress, ProgressEvent, PullSummary, ServicePhase } from '../engine/progress.js';
import type {
  BackupSchedule,
  CloseAction,
  ImageKey,
  PortName,
  Ports,
  SettingsPatch,
} from '../engine/settings/settings.js';
import type { ShareAddress, ShareChoices as EngineShareChoices } from '../engine/sharing.js';
import type {
  HealthState,
  OverallState,
  PortStatus,
  ProjectStatus,
  ServiceState,
  ServiceStatus,
} from '../engine/status/model.js';
import type { ServiceStats } from '../engine/stats.js';
import type {
  PlannedUpgrade,
  UpdateCheck,
  UpgradeResult,
  UpgradeStep,
} from '../engine/lifecycle/upgrade-report.js';
import type { ServiceImageCheck } from '../engine/images/updates.js';

export type {
  PlannedUpgrade,
  ServiceImageCheck,
  UpdateCheck,
  UpgradeResult,
  UpgradeStep,
  BackupSchedule,
  Diagnosis,
  HealthState,
  LayerProgress,
  OverallState,
  PortConflict,
  PortName,
  PortStatus,
  ProgressEvent,
  ProjectStatus,
  PullSummary,
  ServicePhase,
  ServiceState,
  ServiceStats,
  ServiceStatus,
};

/** What every failure looks like on the wire: what happened, what to do, and facts for the UI. */
export interface ApiError {
  code: ErrorCode | 'INVALID_INPUT' | 'UNAUTHORIZED' | 'BUSY' | 'INTERNAL';
  message: string;
  hint: string;
  details?: Record<string, unknown>;
}

/** The result envelope both transports use on the wire (never thrown across a process boundary). */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Settings as the console shows and edits them (secrets are never part of it). */
export interface ConsoleSettings {
  bindAddress: string;
  publicUrl: string;
  publicUrlDerived: boolean;
  ports: Ports;
  images: Partial<Record<ImageKey, string>>;
  /** The pinned default of every image key, so the console can show what an override replaces. */
  defaultImages: Record<ImageKey, string>;
  adminUsername: string;
  /** The optional blockchain ledger (a privileged container); applied on the next platform start. */
  ledger: boolean;
  startOnLaunch: boolean;
  /** Open STATUS Desktop when the operator logs in (applied by the desktop app, not by `serve`). */
  openAtLogin: boolean;
  closeAction: CloseAction;
  /** Start a service again when something outside STATUS stopped it (docker kill, another tool). */
  restartKilled: boolean;
  /** Backups taken by the launcher itself, and how many of them are kept. */
  backupSchedule: BackupSchedule;
  /** Every downloaded image comes through this registry (a host with an optional path); unset: none. */
  registryMirror?: string;
}

/** What the console may change: the engine's settings patch without the project name and Grafana's anonymous access. */
export type SettingsUpdate = Omit<SettingsPatch, 'projectName' | 'grafanaAnonymous'>;

/** Which operator-provided secrets are set (values never leave the engine, except the admin password once). */
export interface SecretsState {
  generated: boolean;
  openAiKey: boolean;
  githubClientId: boolean;
  githubClientSecret: boolean;
}

export interface SecretsUpdate {
  /** null removes it. */
  openAiKey?: string | null;
  githubClientId?: string | null;
  githubClientSecret?: string | null;
}

export interface AdminCredentials {
  username: string;
  password: string;
}

/** Where the platform can be reached. */
export interface PlatformUrls {
  status: string;
  grafana: string;
  nodeRed: string;
  /** Addresses to share with others on the network (empty when only this machine may connect). */
  shared: string[];
}

export type { ShareAddress };

/** What sharing can offer: this machine's non-loopback IPv4 addresses and its host name. */
export interface ShareChoices extends EngineShareChoices {
  /** The host port of the reverse proxy (the links' port). */
  port: number;
}

/** One of the offered addresses, or a host name others can resolve to this machine. */
export type ShareTarget = { address: string } | { hostName: string };

/** The answer of share/stopSharing: the saved settings, the new links, and what `up` will recreate. */
export interface SharingResult {
  settings: ConsoleSettings;
  urls: PlatformUrls;
  /** Services whose containers the next `up` recreates (their configuration changed); sorted. */
  restart: string[];
}

export interface SetupState {
  /** True once the operator finished first-run setup (secrets generated, admin chosen). */
  done: boolean;
  engine: Diagnosis;
  ports: PortConflict[];
  secrets: SecretsState;
}

export interface ResetPlan {
  /** The named volumes a reset deletes; pass them back to confirm. */
  volumes: string[];
}

export type TaskKind =
  | 'up'
  | 'start'
  | 'stop'
  | 'restart'
  | 'down'
  | 'pull'
  | 'reset'
  | 'backup'
  | 'restore'
  | 'load-images'
  | 'upgrade'
  | 'deploy-swarm';

export interface TaskInfo {
  id: string;
  kind: TaskKind;
  services: string[];
  /** When it was accepted (epoch ms). */
  startedAt: number;
  /** 'queued' while it waits for the task before it (per-service commands queue; whole-platform ones don't). */
  state: 'queued' | 'running';
  /** Started by the launcher's backup schedule, not by anyone's command. */
  scheduled?: boolean;
}

/**
 * What a task reports while it works: the lifecycle's events, and for backups and restores the
 * backup's own (`backup-part`: each store's dump or volume, with bytes so far; `backup-file`: the
 * archive being written).
 */
export type TaskProgress = ProgressEvent | Exclude<BackupEvent, ProgressEvent>;

/**
 * A progress event of one task; `task-end` closes it with the outcome. `task-start` comes when the
 * task is accepted (state 'queued' or 'running') and once more when a queued task starts running.
 * A pull's progress (`pull` events: the image's summary so far, computed by the engine) arrives at
 * most every 100 ms per image (the latest summary).
 */
export type TaskEvent =
  | { task: TaskInfo; type: 'task-start' }
  | { task: TaskInfo; type: 'progress'; event: TaskProgress }
  | {
      task: TaskInfo;
      type: 'task-end';
      ok: boolean;
      error?: ApiError;
      /** The failing service's last log lines, when a service failed. */
      lastLines?: { service: string; lines: string[] };
    };

export interface LogQuery {
  /** One service or several (merged by time); empty = every service. */
  services: string[];
  /** Last N lines per service, or 'all'. */
  tail: number | 'all';
  /** e.g. '1h', '10m', or an RFC3339 date. */
  since?: string;
}

export interface ConsoleLogLine {
  service: string;
  stream: 'stdout' | 'stderr';
  /** ms since the epoch. */
  time?: number;
  text: string;
}

/** One backup kept in the backups folder. */
export interface KeptBackupInfo {
  /** The file's name in the backups folder: what restoreBackup and deleteBackup take. */
  name: string;
  size: number;
  /** When the file was written (epoch ms). */
  modifiedAt: number;
  /** Taken by the schedule (its name ends in `-auto`): the schedule deletes the oldest of these. */
  scheduled: boolean;
  /** What its manifest says; absent when the manifest can't be read (see `unreadable`). */
  manifest?: {
    project: string;
    /** ISO date the backup was taken. */
    createdAt: string;
    desktopVersion: string;
    /** The STATUS database's latest applied migration; null before the backend first ran. */
    schemaVersion: number | null;
    /** Holds the platform secrets (encrypted: restoring them needs the passphrase). */
    secrets: boolean;
  };
  /** Why the manifest could not be read (not a backup, damaged…). */
  unreadable?: string;
}

/** The schedule as it stands: what ran last and what comes next. */
export interface BackupScheduleState {
  /** The last backup the schedule took (or tried to). */
  lastRun?: { at: number; ok: boolean; name?: string; error?: { message: string; hint: string } };
  /** When the next one is due (epoch ms); absent while the schedule is off. */
  nextRunAt?: number;
  /** Why a backup that is due has not started: the platform is not running, or another task runs. */
  waiting?: 'platform-not-running' | 'busy';
}

export interface BackupsOverview {
  /** Where the backups are kept (a folder on the launcher's computer). */
  folder: string;
  /** Newest first. */
  backups: KeptBackupInfo[];
  schedule: BackupScheduleState;
}

export interface BackupRequest {
  /** Put the platform secrets in the backup, encrypted with this passphrase (at least 8 characters). */
  secretsPassphrase?: string;
}

export interface SwarmRequest {
  /** 'host' (default): one reverse proxy per node on its own port; 'mesh': Swarm's routing mesh. */
  routing?: 'host' | 'mesh';
}

export interface UpdateRequest {
  /** A newer STATUS release's stack file: a path on the launcher's computer or an http(s) URL. */
  stack?: string;
}

export interface RestoreRequest {
  /** Opens the backup's secrets and puts them in place of this machine's (without it, this machine's stay). */
  passphrase?: string;
  /** Restore a backup of another project name into this one (moving to a new machine). */
  allowOtherProject?: boolean;
}

export type { EngineChoice, EngineTls } from '../engine/settings/engine-choice.js';
export type { EngineResources, EngineTestResult } from '../engine/discovery/chosen.js';
export type { DrivenEngineInfo } from '../engine/status/model.js';

/** A Docker CLI context found on the launcher's computer (~/.docker/contexts). */
export type EngineContext = ContextSummary;

/** Settings → Engine: the engine chosen, the one driven now, and the Docker contexts to pick from. */
export interface EnginesOverview {
  chosen: EngineChoice;
  /** How the console names the chosen engine: "default", a context's name, an added engine's label. */
  chosenName: string;
  /** The engine connected to now (absent while none answers). */
  driving?: DrivenEngineInfo;
  contexts: EngineContext[];
  /** The Docker CLI's current context ("default" when none is set). */
  cliContext: string;
  /** Contexts that could not be read, each naming its file. */
  warnings: string[];
}

export type Unsubscribe = () => void;

export interface LauncherApi {
  // queries
  status(): Promise<ProjectStatus>;
  stats(): Promise<ServiceStats[]>;
  diagnose(): Promise<Diagnosis>;
  checkPorts(): Promise<PortConflict[]>;
  setupState(): Promise<SetupState>;
  settings(): Promise<ConsoleSettings>;
  secretsState(): Promise<SecretsState>;
  urls(): Promise<PlatformUrls>;
  /** What the operator can share STATUS at (addresses of this machine, its host name). */
  shareChoices(): Promise<ShareChoices>;
  resetPlan(): Promise<ResetPlan>;
  /** A one-shot read (no follow): for the first screenful and for downloads. */
  logs(query: LogQuery): Promise<ConsoleLogLine[]>;
  /** Tasks still running (so a console opened later shows their progress). */
  tasks(): Promise<TaskInfo[]>;
  /** The kept backups (with what their manifests say), where they are, and the schedule's state. */
  backups(): Promise<BackupsOverview>;

  // commands (long ones return the task id at once; follow it on onTask)
  up(): Promise<TaskInfo>;
  pull(): Promise<TaskInfo>;
  down(): Promise<TaskInfo>;
  startService(service: string): Promise<TaskInfo>;
  stopService(service: string): Promise<TaskInfo>;
  restartService(service: string): Promise<TaskInfo>;
  /** Stop everything (containers kept). */
  stop(): Promise<TaskInfo>;
  /** Restart everything. */
  restart(): Promise<TaskInfo>;
  /** Deletes exactly the named volumes of resetPlan(); rejects if the list does not match. */
  reset(confirmVolumes: string[]): Promise<TaskInfo>;
  cancel(taskId: string): Promise<void>;
  /** Backs up every data store into a new file of the backups folder (task 'backup'). */
  backup(request?: BackupRequest): Promise<TaskInfo>;
  /**
   * Replaces the platform's data with a kept backup's (task 'restore'): the archive is checked
   * first (a refusal, BACKUP_REFUSED with details.reason, changes nothing); then the services
   * owning data stop, their data is replaced, and what ran starts again.
   */
  restoreBackup(name: string, request?: RestoreRequest): Promise<TaskInfo>;
  /** Deletes one kept backup, by its name in the backups folder. */
  deleteBackup(name: string): Promise<void>;
  /**
   * Loads the images of a bundle made by `status-desktop images save` (task 'load-images'): `file`
   * is a path on the computer running STATUS Desktop. The whole file is checked first; a damaged
   * or foreign one (IMAGES_REFUSED with details.reason) loads nothing.
   */
  loadImages(file: string): Promise<TaskInfo>;
  /**
   * Compares every image with its registry (the engine's distribution inspect) and, with
   * `request.stack`, with a newer release's stack file; says what an upgrade would change.
   */
  checkUpdates(request?: UpdateRequest): Promise<UpdateCheck>;
  /**
   * Checks again, then upgrades (task 'upgrade'): a backup first, the new images, only the
   * services they change recreated, health gates; a failed gate puts the previous images back
   * (and the backup, if the schema moved) and ends the task with UPGRADE_ROLLED_BACK. Progress:
   * `upgrade-step` events, the backup's and the pulls', then one `upgrade-result`.
   */
  upgrade(request?: UpdateRequest): Promise<TaskInfo>;
  /**
   * Deploys the platform to the Swarm this engine manages (task 'deploy-swarm'): service phases as
   * progress, what a Swarm does differently as warnings; a service Swarm rolled back ends the task
   * with SERVICE_UNHEALTHY naming it.
   */
  deploySwarm(request?: SwarmRequest): Promise<TaskInfo>;
  saveSettings(update: SettingsUpdate): Promise<ConsoleSettings>;
  /** The engines this computer knows (Docker contexts), the one chosen and the one driven now. */
  engines(): Promise<EnginesOverview>;
  /**
   * Tries an engine without choosing it: what answers there (version, API, OS/arch, CPUs, memory,
   * Swarm role), or what stands in the way and what to do (`ok: false` with `problem`; never rejects
   * for an engine that does not answer).
   */
  testEngine(choice: EngineChoice): Promise<EngineTestResult>;
  /**
   * Tests, then chooses the engine: saved in settings, the launcher connects to it (status names it
   * in `driving`). Rejects with the test's words when it does not answer (nothing changes), BUSY
   * while a task runs. The platform keeps running on the engine it was started on.
   */
  useEngine(choice: EngineChoice): Promise<EnginesOverview>;
  saveSecrets(update: SecretsUpdate): Promise<SecretsState>;
  /**
   * Opens STATUS to the network at `target`: the reverse proxy's bind address and the public URL
   * change together (nothing else leaves 127.0.0.1). Applied by the next `up`, which recreates only
   * the services named in the answer.
   */
  share(target: ShareTarget): Promise<SharingResult>;
  /** Back to this computer only: bind 127.0.0.1, public URL derived again. Applied by `up`. */
  stopSharing(): Promise<SharingResult>;
  /** Generates the platform secrets if missing and returns the admin account (first-run setup). */
  completeSetup(input: { adminUsername: string }): Promise<AdminCredentials>;
  /** The admin username and password (for the operator to sign in). */
  adminCredentials(): Promise<AdminCredentials>;

  // streams
  onStatus(listener: (status: ProjectStatus) => void): Unsubscribe;
  onTask(listener: (event: TaskEvent) => void): Unsubscribe;
  /** Follows the logs of the query's services from now on (use logs() for the backlog). */
  onLogs(query: Pick<LogQuery, 'services'>, listener: (lines: ConsoleLogLine[]) => void): Unsubscribe;

  /** Only inside the Electron app. */
  shell?: DesktopShellApi;
}

/** Request/response methods, for transports that map them to channels or routes. */
export const API_METHODS = [
  'status',
  'stats',
  'diagnose',
  'checkPorts',
  'setupState',
  'settings',
  'secretsState',
  'urls',
  'shareChoices',
  'resetPlan',
  'logs',
  'tasks',
  'backups',
  'up',
  'pull',
  'down',
  'startService',
  'stopService',
  'restartService',
  'stop',
  'restart',
  'reset',
  'cancel',
  'backup',
  'restoreBackup',
  'deleteBackup',
  'loadImages',
  'checkUpdates',
  'upgrade',
  'deploySwarm',
  'saveSettings',
  'engines',
  'testEngine',
  'useEngine',
  'saveSecrets',
  'share',
  'stopSharing',
  'completeSetup',
  'adminCredentials',
] as const satisfies readonly (keyof LauncherApi)[];

export type ApiMethod = (typeof API_METHODS)[number];

/** Event streams, for transports. */
export const API_STREAMS = ['onStatus', 'onTask', 'onLogs'] as const satisfies readonly (keyof LauncherApi)[];
export type ApiStream = (typeof API_STREAMS)[number];

/** The web apps the desktop shell embeds in tabs. */
export type EmbeddedApp = 'status' | 'grafana' | 'nodeRed';

export interface ViewBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface AppViewState {
  app: EmbeddedApp;
  url: string;
  title: string;
  loading: boolean;
  canGoBack: boolean;
  canGoForward: boolean;
  /** Set when the last load failed (e.g. the service is not running). */
  error?: string;
}

/**
 * What only the Electron shell can do (embedded app views, the system browser). A browser console
 * has no shell: `LauncherApi.shell` is undefined there and the console links to the apps instead.
 */
export interface DesktopShellApi {
  /** Shows the app's view over the given area of the console window (CSS pixels). */
  showApp(app: EmbeddedApp, bounds: ViewBounds): Promise<void>;
  hideApps(): Promise<void>;
  navigateApp(app: EmbeddedApp, action: 'back' | 'forward' | 'reload' | 'home'): Promise<void>;
  /** Opens an http(s) URL in the system browser. */
  openExternal(url: string): Promise<void>;
  onAppView(listener: (state: AppViewState) => void): Unsubscribe;
}

export const SHELL_METHODS = [
  'showApp',
  'hideApps',
  'navigateApp',
  'openExternal',
] as const satisfies readonly (keyof DesktopShellApi)[];

/** What the preload exposes as `window.statusDesktop` (and the only thing it exposes). */
export interface PreloadApi extends LauncherApi {
  shell: DesktopShellApi;
}
