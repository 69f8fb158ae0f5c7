// createLauncher(): the LauncherApi, the console's use cases over the Stack: one status model, the
// task queue (whole-platform commands one at a time, per-service ones queue; cancel), shared log
// followers, setup, settings, secrets and sharing. The transports (IPC, HTTP) and tests all use
// this one implementation.
//
// The engine may be missing or stopped: the launcher still opens (it needs only the settings
// folder and the Compose file), status says what the engine is doing, commands answer with the
// ENGINE_* error and its hint, and the connection is retried in the background.
import type { ComposeProject } from '../engine/compose/types.js';
import {
  openSettingsStore,
  type ImageKey,
  type SecretCipher,
  type Settings,
} from '../engine/settings/index.js';
import type { SettingsPatch } from '../engine/settings/settings.js';
import { changedServices, shareChoices, sharePatch, stopSharingPatch } from '../engine/sharing.js';
import type * as Api from '../api/contract.js';
import { launcherError } from '../api/to-api-error.js';
import { withApiErrors } from './api-errors.js';
import { AppForward } from './app-forward.js';
import { AutoRestart } from './auto-restart.js';
import type { Clock } from './backup-schedule.js';
import { BackupsService, type BackupTaskSpec } from './backups-service.js';
import { consoleSettings, secretsState } from './console-settings.js';
import { defaultImages } from './default-images.js';
import { EngineChooser } from './engine-choice.js';
import { EngineLink } from './engine-link.js';
import { loadStackImages } from './image-bundles.js';
import { swarmTaskError } from './swarm-task.js';
import { upgradeTaskError } from './upgrade-task.js';
import { LogFollowers } from './log-followers.js';
import {
  assertServices,
  defaultComposeFile,
  httpPort,
  loadProject,
  platformUrls,
  type ProjectSource,
} from './project.js';
import { readLauncherState, writeLauncherState } from './setup-state.js';
import { StatusFeed } from './status-feed.js';
import { Stack } from './stack.js';
import { TaskRunner, type TaskContext, type TaskSpec } from './tasks.js';

/** A task's work: what it does with the Stack, given the task's progress listener and signal. */
type StackRun = (stack: Stack, ctx: TaskContext) => Promise<unknown>;
type TaskTraits = Pick<TaskSpec, 'kind' | 'cancellable'>;

export interface LauncherOptions {
  /** Settings folder (default: STATUS_DESKTOP_HOME or the user's config folder). */
  home?: string;
  /** For engine discovery and STATUS_* overrides (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Where ~/.ssh (keys, known_hosts) and ~/.docker (contexts) are (default: the user's home). */
  homeDir?: string;
  composeFile?: string;
  onWarning?: (message: string) => void;
  /** Full status resnapshot period (default 5000 ms). */
  statusPollMs?: number;
  /** Status changes within this window are sent as one snapshot (default 100 ms). */
  statusCoalesceMs?: number;
  /** Followed log lines are sent in batches this often (default 75 ms)… */
  logBatchMs?: number;
  /** …of at most this many lines (default 1000). */
  logBatchMax?: number;
  /** Lines a one-shot logs() answer keeps (the newest; default 100,000). */
  logsMaxLines?: number;
  /** Encryption at rest for secrets.json (the Electron shell passes one backed by safeStorage). */
  cipher?: SecretCipher;
  /** The backup schedule's clock (tests pass a fake one). */
  clock?: Clock;
}

export interface Launcher extends Api.LauncherApi {
  /** The settings folder in use. */
  readonly home: string;
  /** Stops the status model and every follower, waits for the running task (cancelling it if it can). */
  close(): Promise<void>;
  /** Resolves when the task has ended. */
  whenTaskDone(id: string): Promise<void>;
}

export async function createLauncher(opts: LauncherOptions = {}): Promise<Launcher> {
  const env = opts.env ?? process.env;
  const warn = opts.onWarning ?? ((message: string) => console.warn(message));
  const store = await openSettingsStore({ home: opts.home, onWarning: warn, cipher: opts.cipher });
  const source: ProjectSource = {
    store,
    composeFile: opts.composeFile ?? defaultComposeFile(env),
    env,
    ...(opts.homeDir ? { homeDir: opts.homeDir } : {}),
  };
  const { project } = await loadProject(source);
  const launcher = new LauncherImpl(opts, source, warn, project);
  await launcher.start();
  return withApiErrors(launcher, {
    home: store.home,
    close: () => launcher.close(),
    whenTaskDone: (id: string) => launcher.whenTaskDone(id),
  });
}

class LauncherImpl implements Api.LauncherApi {
  private readonly statusFeed: StatusFeed;
  private readonly runner: TaskRunner;
  private readonly followers: LogFollowers;
  private readonly link: EngineLink;
  private readonly autoRestart: AutoRestart;
  private readonly backupService: BackupsService;
  private readonly engineChooser: EngineChooser;
  private readonly appForward: AppForward;
  private closed = false;

  constructor(
    private readonly opts: LauncherOptions,
    private readonly source: ProjectSource,
    private readonly warn: (message: string) => void,
    private project: ComposeProject,
  ) {
    this.link = new EngineLink({ source, warn, onProject: (p) => (this.project = p) });
    // ssh:// engines elsewhere: the reverse proxy's port forwarded here while the platform runs.
    this.appForward = new AppForward({
      engine: () => this.link.current(),
      onChange: () => this.statusFeed.changed(),
    });
    this.statusFeed = new StatusFeed({
      docker: () => this.link.engine(),
      project: project.name,
      services: Object.keys(project.services),
      pollMs: opts.statusPollMs,
      coalesceMs: opts.statusCoalesceMs,
      driving: () => this.appForward.describe(this.link.driving()),
      onEngineLost: () => this.link.forget(),
    });
    this.engineChooser = new EngineChooser({
      store: source.store,
      env: source.env,
      ...(source.homeDir ? { homeDir: source.homeDir } : {}),
      driving: () => this.link.driving(),
      tasks: () => this.runner.list(),
      switchTo: () => {
        this.link.forget();
        this.statusFeed.reconnect();
        this.followers.restart();
      },
    });
    this.runner = new TaskRunner({
      lastLines: async (service) => (await this.link.open()).lastLines(service, 30),
      afterTask: () => void this.statusFeed.refresh(),
    });
    this.followers = new LogFollowers({
      follow: (service, since, signal) => this.followLogs(service, since, signal),
      status: (service) => this.statusFeed.service(service),
      onChange: (service, listener) => this.statusFeed.onServiceChange(service, listener),
      batchMs: opts.logBatchMs,
      maxBatch: opts.logBatchMax,
    });
    // Settings: start a service again when something outside STATUS kills it (Docker will not).
    this.autoRestart = new AutoRestart({
      subscribe: (listener) => this.statusFeed.subscribe(listener),
      enabled: async () => (await this.store.settings()).restartKilled,
      startService: (service) => this.startService(service),
      warn,
    });
    this.backupService = new BackupsService({
      home: source.store.home,
      project: () => this.project.name,
      schedule: async () => (await this.store.settings()).backupSchedule,
      submit: (spec, run) => this.backupTask(spec, run),
      whenDone: (id) => this.runner.whenDone(id),
      platformRunning: () => ['running', 'degraded'].includes(this.statusFeed.snapshot().state),
      afterRestore: () => this.settingsChanged(),
      warn,
      clock: opts.clock,
    });
  }

  async start(): Promise<void> {
    this.statusFeed.subscribe((status) => this.appForward.update(status));
    this.autoRestart.start();
    await this.statusFeed.start();
    this.backupService.startSchedule();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.autoRestart.close();
    this.backupService.close();
    this.followers.close();
    this.statusFeed.silence();
    await this.runner.close();
    await this.statusFeed.close();
    await this.appForward.close();
  }

  whenTaskDone(id: string): Promise<void> {
    return this.runner.whenDone(id);
  }

  private get store() {
    return this.source.store;
  }

  // ---- settings ------------------------------------------------------------------------------

  private async settingsChanged(): Promise<void> {
    this.link.reopen();
    this.project = (await loadProject(this.source)).project;
    this.statusFeed.setServices(Object.keys(this.project.services));
  }

  // ---- the engine driven (Settings → Engine) ---------------------------------------------------

  engines(): Promise<Api.EnginesOverview> {
    return this.engineChooser.overview();
  }

  testEngine(choice: Api.EngineChoice): Promise<Api.EngineTestResult> {
    return this.engineChooser.test(choice);
  }

  useEngine(choice: Api.EngineChoice): Promise<Api.EnginesOverview> {
    return this.engineChooser.use(choice);
  }

  // ---- queries ---------------------------------------------------------------------------------

  async status(): Promise<Api.ProjectStatus> {
    return this.statusFeed.snapshot();
  }

  stats(): Promise<Api.ServiceStats[]> {
    return this.link.run((stack) => stack.stats());
  }

  async diagnose(): Promise<Api.Diagnosis> {
    // With the project: the setup page notes only the engine features this stack needs.
    const { engine } = await this.store.settings();
    return Stack.diagnose(this.source.env, this.project, engine);
  }

  checkPorts(): Promise<Api.PortConflict[]> {
    return this.link.run((stack) => stack.checkPorts());
  }

  async setupState(): Promise<Api.SetupState> {
    const [state, engine, secrets] = await Promise.all([
      this.readState(),
      this.diagnose(),
      this.secretsState(),
    ]);
    const ports = engine.ok ? await this.checkPorts().catch(() => []) : [];
    return { done: state.setupDone === true, engine, ports, secrets };
  }

  async settings(): Promise<Api.ConsoleSettings> {
    return this.consoleSettings(await this.store.settings());
  }

  secretsState(): Promise<Api.SecretsState> {
    return secretsState(this.store);
  }

  async urls(): Promise<Api.PlatformUrls> {
    return platformUrls(this.project, await this.store.settings());
  }

  async shareChoices(): Promise<Api.ShareChoices> {
    return { ...shareChoices(), port: await this.httpPort() };
  }

  resetPlan(): Promise<Api.ResetPlan> {
    return this.link.run((stack) => stack.resetPlan());
  }

  async logs(query: Api.LogQuery): Promise<Api.ConsoleLogLine[]> {
    assertServices(this.project, query.services);
    const max = this.opts.logsMaxLines ?? 100_000;
    return this.link.run(async (stack) => {
      const lines: Api.ConsoleLogLine[] = [];
      for await (const line of stack.logs(query.services, { tail: query.tail, since: query.since })) {
        lines.push({ service: line.service, stream: line.stream, time: line.time, text: line.text });
        if (lines.length >= max * 2) lines.splice(0, lines.length - max);
      }
      return lines.length > max ? lines.slice(-max) : lines;
    });
  }

  async tasks(): Promise<Api.TaskInfo[]> {
    return this.runner.list();
  }

  backups(): Promise<Api.BackupsOverview> {
    return this.backupService.overview();
  }

  // ---- commands --------------------------------------------------------------------------------

  /** Whole-platform: refused while another task runs or waits. */
  private platformTask(task: TaskTraits, run: StackRun): Promise<Api.TaskInfo> {
    return this.submit({ ...task, services: [], exclusive: true }, run);
  }

  /** One service: queues behind the other per-service tasks. */
  private serviceTask(task: TaskTraits, service: string, run: StackRun): Promise<Api.TaskInfo> {
    assertServices(this.project, [service]);
    return this.submit({ ...task, services: [service], exclusive: false }, run);
  }

  /** A backup or a restore: whole-platform, like up (the data must not change under it). */
  private backupTask(spec: BackupTaskSpec, run: StackRun): Promise<Api.TaskInfo> {
    return this.submit({ ...spec, services: [], exclusive: true }, run);
  }

  private async submit(spec: Omit<TaskSpec, 'run'>, run: StackRun): Promise<Api.TaskInfo> {
    const stack = await this.link.open();
    return this.runner.submit({
      ...spec,
      run: async (ctx) => {
        await run(stack, ctx);
      },
    });
  }

  up(): Promise<Api.TaskInfo> {
    return this.platformTask({ kind: 'up', cancellable: true }, (stack, ctx) =>
      stack.up({ onProgress: ctx.onProgress, signal: ctx.signal }),
    );
  }

  pull(): Promise<Api.TaskInfo> {
    return this.platformTask({ kind: 'pull', cancellable: true }, (stack, ctx) =>
      stack.pull({ onProgress: ctx.onProgress, signal: ctx.signal }),
    );
  }

  down(): Promise<Api.TaskInfo> {
    return this.platformTask({ kind: 'down', cancellable: false }, (stack, ctx) =>
      stack.down(ctx.onProgress),
    );
  }

  stop(): Promise<Api.TaskInfo> {
    return this.platformTask({ kind: 'stop', cancellable: false }, (stack, ctx) =>
      stack.stop(undefined, ctx.onProgress),
    );
  }

  restart(): Promise<Api.TaskInfo> {
    return this.platformTask({ kind: 'restart', cancellable: true }, (stack, ctx) =>
      stack.restart(undefined, ctx.onProgress, ctx.signal),
    );
  }

  startService(service: string): Promise<Api.TaskInfo> {
    return this.serviceTask({ kind: 'start', cancellable: true }, service, (stack, ctx) =>
      stack.start([service], { onProgress: ctx.onProgress, signal: ctx.signal }),
    );
  }

  stopService(service: string): Promise<Api.TaskInfo> {
    return this.serviceTask({ kind: 'stop', cancellable: false }, service, (stack, ctx) =>
      stack.stop([service], ctx.onProgress),
    );
  }

  restartService(service: string): Promise<Api.TaskInfo> {
    return this.serviceTask({ kind: 'restart', cancellable: true }, service, (stack, ctx) =>
      stack.restart([service], ctx.onProgress, ctx.signal),
    );
  }

  async reset(confirmVolumes: string[]): Promise<Api.TaskInfo> {
    const plan = await this.resetPlan();
    const wanted = [...new Set(confirmVolumes)].sort();
    const planned = [...plan.volumes].sort();
    if (wanted.length !== planned.length || wanted.some((v, i) => v !== planned[i])) {
      throw launcherError(
        'INVALID_INPUT',
        'The volumes to delete do not match the reset plan.',
        `Confirm exactly these volumes: ${planned.join(', ') || '(there are none)'}. Nothing was deleted.`,
        { expected: planned, got: confirmVolumes },
      );
    }
    return this.platformTask({ kind: 'reset', cancellable: false }, (stack, ctx) =>
      stack.reset(planned, ctx.onProgress),
    );
  }

  async cancel(taskId: string): Promise<void> {
    this.runner.cancel(taskId);
  }

  backup(request?: Api.BackupRequest): Promise<Api.TaskInfo> {
    return this.backupService.backup(request);
  }

  restoreBackup(name: string, request?: Api.RestoreRequest): Promise<Api.TaskInfo> {
    return this.backupService.restore(name, request);
  }

  deleteBackup(name: string): Promise<void> {
    return this.backupService.delete(name);
  }

  checkUpdates(request: Api.UpdateRequest = {}): Promise<Api.UpdateCheck> {
    return this.link.run((stack) => stack.checkUpdates({ stack: request.stack }));
  }

  upgrade(request: Api.UpdateRequest = {}): Promise<Api.TaskInfo> {
    return this.platformTask({ kind: 'upgrade', cancellable: true }, async (stack, ctx) => {
      const result = await stack.upgrade({
        stack: request.stack,
        onProgress: ctx.onProgress,
        onStep: (step, message) => ctx.onProgress({ type: 'upgrade-step', step, message }),
        signal: ctx.signal,
      });
      ctx.onProgress({ type: 'upgrade-result', result });
      // A rollback is the upgrade's answer, not a crash: the task still ends failed, in its words.
      const failed = upgradeTaskError(result);
      if (failed) throw failed;
    });
  }

  deploySwarm(request: Api.SwarmRequest = {}): Promise<Api.TaskInfo> {
    return this.platformTask({ kind: 'deploy-swarm', cancellable: true }, async (stack, ctx) => {
      const result = await stack.deploySwarm({
        routing: request.routing,
        onProgress: ctx.onProgress,
        signal: ctx.signal,
      });
      for (const note of result.notes) ctx.onProgress({ type: 'warning', message: note });
      const failed = swarmTaskError(result);
      if (failed) throw failed;
    });
  }

  loadImages(file: string): Promise<Api.TaskInfo> {
    return this.platformTask({ kind: 'load-images', cancellable: true }, (stack, ctx) =>
      loadStackImages(stack, file, { onProgress: ctx.onProgress, signal: ctx.signal }),
    );
  }

  async saveSettings(update: Api.SettingsUpdate): Promise<Api.ConsoleSettings> {
    const saved = await this.store.saveSettings(update);
    await this.settingsChanged();
    // A schedule just turned on (or shortened) may be due now, not at the next check.
    if (update.backupSchedule) void this.backupService.scheduler.check();
    return this.consoleSettings(saved);
  }

  async saveSecrets(update: Api.SecretsUpdate): Promise<Api.SecretsState> {
    await this.store.setOperatorSecrets({
      ...(update.openAiKey !== undefined && { openaiApiKey: update.openAiKey }),
      ...(update.githubClientId !== undefined && { githubClientId: update.githubClientId }),
      ...(update.githubClientSecret !== undefined && { githubClientSecret: update.githubClientSecret }),
    });
    await this.settingsChanged();
    return this.secretsState();
  }

  async share(target: Api.ShareTarget): Promise<Api.SharingResult> {
    return this.changeSharing(sharePatch(target, await this.httpPort(), shareChoices()));
  }

  stopSharing(): Promise<Api.SharingResult> {
    return this.changeSharing(stopSharingPatch());
  }

  /** Saves the sharing patch and says which containers the next `up` recreates because of it. */
  private async changeSharing(patch: SettingsPatch): Promise<Api.SharingResult> {
    const before = this.project;
    const saved = await this.store.saveSettings(patch);
    await this.settingsChanged();
    return {
      settings: await this.consoleSettings(saved),
      urls: await this.urls(),
      restart: changedServices(before, this.project),
    };
  }

  private async httpPort(): Promise<number> {
    return httpPort(this.project, await this.store.settings());
  }

  async completeSetup(input: { adminUsername: string }): Promise<Api.AdminCredentials> {
    const settings = await this.store.saveSettings({ adminUsername: input.adminUsername });
    const { secrets } = await this.store.ensureSecrets();
    await writeLauncherState(this.store.home, { ...(await this.readState()), setupDone: true });
    await this.settingsChanged();
    return { username: settings.adminUsername, password: secrets.adminPassword };
  }

  async adminCredentials(): Promise<Api.AdminCredentials> {
    const settings = await this.store.settings();
    const secrets = await this.store.secrets();
    return { username: settings.adminUsername, password: secrets.adminPassword };
  }

  // ---- streams ---------------------------------------------------------------------------------

  onStatus(listener: (status: Api.ProjectStatus) => void): Api.Unsubscribe {
    return this.statusFeed.subscribe(listener);
  }

  onTask(listener: (event: Api.TaskEvent) => void): Api.Unsubscribe {
    return this.runner.subscribe(listener);
  }

  onLogs(
    query: Pick<Api.LogQuery, 'services'>,
    listener: (lines: Api.ConsoleLogLine[]) => void,
  ): Api.Unsubscribe {
    assertServices(this.project, query.services);
    const services = query.services.length ? query.services : Object.keys(this.project.services);
    return this.followers.subscribe(services, listener);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private async *followLogs(service: string, since: Date, signal: AbortSignal) {
    const stack = await this.link.open();
    yield* stack.logs([service], { since, follow: true, timestamps: true, signal });
  }

  private async consoleSettings(settings: Settings): Promise<Api.ConsoleSettings> {
    return consoleSettings(settings, await this.defaultImages());
  }

  private defaultImagesCache: Promise<Record<ImageKey, string>> | undefined;

  /** The pinned defaults of the Compose file (it does not change while the launcher runs). */
  private defaultImages(): Promise<Record<ImageKey, string>> {
    this.defaultImagesCache ??= defaultImages(this.source.composeFile);
    return this.defaultImagesCache;
  }

  private readState() {
    return readLauncherState(this.store.home, this.warn);
  }
}
