// One STATUS platform (a Compose project) on one container engine: the use cases (up, stop,
// restart, down, reset, status, logs, stats, URLs, backup and restore) over the rooms of the engine (discovery,
// settings and secrets, the Compose model, lifecycle, status, logs, stats). The CLI uses it
// directly; createLauncher() puts the console's contract, tasks and status model on top.
import type Docker from 'dockerode';
import path from 'node:path';
import type { ComposeProject } from '../engine/compose/types.js';
import { diagnoseChosenEngine } from '../engine/discovery/chosen.js';
import {
  discoverEngine,
  missingFeatureNotes,
  stackNeeds,
  type Diagnosis,
  type EngineConnection,
} from '../engine/discovery/index.js';
import type { ContainerAction } from '../engine/lifecycle/containers.js';
import { down, reset, resetPlan, restart, stop } from '../engine/lifecycle/stop.js';
import {
  checkPassphrase,
  createBackup,
  restoreBackup,
  verifyBackup,
  type BackupListener,
  type BackupManifest,
  type BackupResult,
  type RestoreResult,
} from '../engine/backup/index.js';
import { ensureImages, type EnsureImagesOptions } from '../engine/images/ensure.js';
import { up, type UpOptions, type UpResult } from '../engine/lifecycle/up.js';
import { lastLines, serviceLogs, type LogLine, type LogsOptions } from '../engine/logs/logs.js';
import { mergedLogs } from '../engine/logs/merge.js';
import { optionalServices } from '../engine/plan.js';
import { checkPorts, type PortConflict } from '../engine/preflight.js';
import { noProgress, type ProgressListener } from '../engine/progress.js';
import {
  openSettingsStore,
  type SecretCipher,
  type Settings,
  type SettingsStore,
} from '../engine/settings/index.js';
import { DEFAULT_ENGINE, type EngineChoice } from '../engine/settings/engine-choice.js';
import { platformSetup } from '../engine/setup/platform.js';
import { serviceStats, type ServiceStats } from '../engine/stats.js';
import type { ProjectStatus } from '../engine/status/model.js';
import { StatusTracker } from '../engine/status/tracker.js';
import type { PlatformUrls } from '../api/contract.js';
import { backupFileName, backupsFolder, listBackups, type KeptBackup } from './backups.js';
import {
  assertServices,
  defaultComposeFile,
  loadProject,
  platformUrls,
  type ProjectSource,
} from './project.js';
import { releaseDiff } from './upgrade-release.js';
import { swarmStatus } from '../engine/swarm/index.js';
import {
  deployedOnSwarm,
  deploySwarm,
  swarmOrLocalLogs,
  type SwarmDeployRequest,
  type SwarmDeployResult,
} from './swarm.js';
import {
  checkUpdates,
  upgrade,
  type UpdateCheck,
  type UpgradeHost,
  type UpgradeOptions,
  type UpgradeResult,
} from './upgrade.js';

export type {
  BackupManifest,
  BackupResult,
  ContainerAction,
  KeptBackup,
  RestoreResult,
  UpResult,
  UpdateCheck,
  UpgradeOptions,
  UpgradeResult,
};

export interface StackBackupOptions {
  /** The archive to write; default: a new file in the backups folder (backupsFolder). */
  to?: string;
  /** Put the secrets in the archive, encrypted with this passphrase. */
  withSecrets?: { passphrase: string };
  onProgress?: BackupListener;
  signal?: AbortSignal;
}

export interface StackRestoreOptions {
  /** Opens the secrets in the archive and stores them here; without it this machine's stay. */
  passphrase?: string;
  /** Restore a backup of another project name into this one (moving to a new machine). */
  allowOtherProject?: boolean;
  onProgress?: BackupListener;
}

export interface OpenStackOptions {
  composeFile?: string;
  /** Settings folder (default: STATUS_DESKTOP_HOME or the user's config folder). */
  home?: string;
  /** Process environment, for overrides and engine discovery (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** An engine client to use instead of discovering one. */
  docker?: Docker;
  onWarning?: (message: string) => void;
  /** Encryption at rest for secrets.json (the desktop app passes one backed by safeStorage). */
  cipher?: SecretCipher;
  /** A settings store already open (the launcher's); home and cipher are then not used. */
  store?: SettingsStore;
}

export class Stack {
  private constructor(
    readonly docker: Docker,
    readonly connection: EngineConnection | undefined,
    readonly store: SettingsStore,
    readonly settings: Settings,
    private current: ComposeProject,
    readonly warnings: string[],
    /** Loads the Compose file again with the secrets as they are now (after `up` stored a token). */
    private readonly load: () => Promise<ComposeProject>,
    private readonly warn: (message: string) => void,
    /** Where the project comes from: a release's stack file is loaded the same way. */
    private readonly source: ProjectSource,
  ) {}

  /** The Compose model; `up` may load it again when it stored a new secret (the Grafana token). */
  get project(): ComposeProject {
    return this.current;
  }

  static async open(opts: OpenStackOptions = {}): Promise<Stack> {
    const env = opts.env ?? process.env;
    const warnings: string[] = [];
    const warn = opts.onWarning ?? ((message: string) => warnings.push(message));
    const store =
      opts.store ?? (await openSettingsStore({ home: opts.home, onWarning: warn, cipher: opts.cipher }));
    const settings = await store.settings();
    const source = { store, composeFile: opts.composeFile ?? defaultComposeFile(env), env };
    const load = () => loadProject(source);
    const { project, warnings: composeWarnings } = await load();
    composeWarnings.forEach(warn);
    let connection: EngineConnection | undefined;
    let docker = opts.docker;
    if (!docker) {
      connection = await discoverEngine({ env });
      docker = connection.docker;
    }
    const reload = async () => (await load()).project;
    return new Stack(docker, connection, store, settings, project, warnings, reload, warn, source);
  }

  /**
   * Finds the engine and says what is wrong, if anything. Given the Compose project, it also notes
   * the engine features the project needs and this engine lacks (and nothing about the others).
   */
  static async diagnose(
    env: NodeJS.ProcessEnv = process.env,
    project?: ComposeProject,
    engine: EngineChoice = DEFAULT_ENGINE,
  ): Promise<Diagnosis> {
    const diagnosis = await diagnoseChosenEngine(engine, { env });
    if (!diagnosis.ok || !diagnosis.version || !project) return diagnosis;
    const notes = missingFeatureNotes(diagnosis.version.apiVersion, stackNeeds(project));
    return notes.length ? { ...diagnosis, notes: [...diagnosis.notes, ...notes] } : diagnosis;
  }

  /** The engine features this stack needs and the engine it runs on lacks, in words. */
  engineNotes(): string[] {
    const apiVersion = this.connection?.version.apiVersion;
    return apiVersion ? missingFeatureNotes(apiVersion, stackNeeds(this.project)) : [];
  }

  get services(): string[] {
    return Object.keys(this.project.services);
  }

  up(opts: Partial<UpOptions> = {}): Promise<UpResult> {
    const prepare = platformSetup({
      docker: this.docker,
      store: this.store,
      reload: async () => (this.current = await this.load()),
      onWarning: this.warn,
    });
    // What STATUS can run without (Node-RED, Grafana, MongoDB, the registry…): if one of them
    // fails its gate, the start succeeds, degraded (UpResult.degraded).
    const optional = optionalServices(this.project);
    // A caller passing `onProgress: undefined` must still get a listener (backup and restore do).
    return up(this.docker, this.project, {
      prepare,
      optional,
      ...opts,
      onProgress: opts.onProgress ?? noProgress,
    });
  }

  /** Downloads every service's image again, even when present (a moving tag may have moved). */
  pull(opts: Partial<Omit<EnsureImagesOptions, 'services' | 'pull'>> = {}): Promise<void> {
    return ensureImages(this.docker, this.project, {
      onProgress: noProgress,
      ...opts,
      services: this.services,
      pull: true,
    });
  }

  /** Start stopped services (and what they need); containers whose configuration is unchanged are reused. */
  start(services?: string[], opts: Partial<UpOptions> = {}): Promise<UpResult> {
    return this.up({ ...opts, services });
  }

  stop(services?: string[], onProgress: ProgressListener = noProgress): Promise<string[]> {
    assertServices(this.project, services ?? []);
    return stop(this.docker, this.project, { services, onProgress });
  }

  restart(
    services?: string[],
    onProgress: ProgressListener = noProgress,
    signal?: AbortSignal,
  ): Promise<void> {
    assertServices(this.project, services ?? []);
    // The whole platform: an optional service that does not come back leaves it degraded, as up.
    const optional = services ? undefined : optionalServices(this.project);
    return restart(this.docker, this.project, {
      services: services ?? this.services,
      onProgress,
      signal,
      optional,
    });
  }

  down(onProgress: ProgressListener = noProgress): Promise<void> {
    return down(this.docker, this.project, { onProgress });
  }

  resetPlan(): Promise<{ volumes: string[] }> {
    return resetPlan(this.docker, this.project);
  }

  reset(confirmVolumes: string[], onProgress: ProgressListener = noProgress): Promise<string[]> {
    return reset(this.docker, this.project, { confirmVolumes, onProgress });
  }

  checkPorts(services?: string[]): Promise<PortConflict[]> {
    return checkPorts(this.docker, this.project, { services });
  }

  /** A live status model; call start() on it and stop() when done. */
  tracker(opts: { pollMs?: number } = {}): StatusTracker {
    return new StatusTracker({
      docker: this.docker,
      project: this.project.name,
      services: this.services,
      ...opts,
    });
  }

  async status(): Promise<ProjectStatus> {
    // Deployed with `deploy --swarm`: the Swarm's services and tasks, not containers.
    if (await deployedOnSwarm(this.docker, this.project.name))
      return swarmStatus(this.docker, this.project.name, this.services);
    const tracker = this.tracker();
    try {
      await tracker.start();
      return tracker.snapshot();
    } finally {
      await tracker.stop();
    }
  }

  logs(services: string[] = this.services, opts: LogsOptions = {}): AsyncIterable<LogLine> {
    assertServices(this.project, services ?? []);
    return swarmOrLocalLogs(this.docker, this.project.name, services, opts, () =>
      services.length === 1
        ? serviceLogs(this.docker, this.project.name, services[0]!, opts)
        : mergedLogs(this.docker, this.project.name, services, opts),
    );
  }

  /** Deploys the platform to the Swarm this engine manages (`deploy --swarm`; launcher/swarm.ts). */
  deploySwarm(opts: SwarmDeployRequest = {}): Promise<SwarmDeployResult> {
    // Loaded again after the setup steps stored a new Grafana token, as `up` does.
    return deploySwarm(
      this.docker,
      this.project,
      this.store,
      opts,
      async () => (this.current = await this.load()),
    );
  }

  lastLines(service: string, n = 30): Promise<string[]> {
    return lastLines(this.docker, this.project.name, service, n);
  }

  stats(): Promise<ServiceStats[]> {
    return serviceStats(this.docker, this.project.name);
  }

  urls(): PlatformUrls {
    return platformUrls(this.project, this.settings);
  }

  /** Where backups are kept unless the operator names another file. */
  get backupsFolder(): string {
    return backupsFolder(this.store.home);
  }

  listBackups(): Promise<KeptBackup[]> {
    return listBackups(this.backupsFolder);
  }

  /** A consistent copy of every data store in one archive; services stopped for a copy start again with the setup steps. */
  async backup(opts: StackBackupOptions = {}): Promise<BackupResult> {
    // A passphrase too short is refused before minutes of copying, not after.
    if (opts.withSecrets) checkPassphrase(opts.withSecrets.passphrase);
    const to = opts.to ?? path.join(this.backupsFolder, backupFileName(this.project.name, new Date()));
    const includeSecrets = opts.withSecrets && {
      passphrase: opts.withSecrets.passphrase,
      secrets: definedValues(await this.store.secrets()),
    };
    return createBackup(this.docker, this.project, {
      to,
      onProgress: opts.onProgress,
      signal: opts.signal,
      includeSecrets,
      start: (services) => this.up({ services, onProgress: opts.onProgress, signal: opts.signal }),
    });
  }

  /** Reads the whole archive and checks it (and the passphrase, if given); throws a BackupRefused. */
  verifyBackup(
    file: string,
    opts: { passphrase?: string; onProgress?: BackupListener } = {},
  ): Promise<BackupManifest> {
    return verifyBackup(file, opts);
  }

  /**
   * Replaces this project's data with the archive's (checked first: a refused archive changes
   * nothing). With the passphrase, the archive's secrets replace the stored ones and the project
   * is loaded again with them before anything starts.
   */
  restore(file: string, opts: StackRestoreOptions = {}): Promise<RestoreResult> {
    return restoreBackup(this.docker, this.project, file, {
      passphrase: opts.passphrase,
      allowOtherProject: opts.allowOtherProject,
      onProgress: opts.onProgress,
      applySecrets: async (secrets) => {
        // Through the store: encrypted at rest with its cipher, like every other secret.
        await this.store.replaceSecrets(secrets);
        this.current = await this.load();
        return this.current;
      },
      start: (_project, services) => this.up({ services, onProgress: opts.onProgress }),
    });
  }

  /**
   * What an upgrade would change: every image against its registry (the engine's distribution
   * inspect), and with `stack` (a newer release's Compose file, path or http(s) URL) the images it
   * pins differently. One unreachable registry makes its images "unknown", never the check fail.
   */
  checkUpdates(opts: { stack?: string; signal?: AbortSignal } = {}): Promise<UpdateCheck> {
    return checkUpdates(this.upgradeHost(), opts);
  }

  /**
   * Backup, pull, recreate only what changed, health gates; a failed gate puts the previous images
   * back (and the backup, if the database schema changed). A rollback is a result, not an error;
   * a failed backup or pull throws, having changed nothing.
   */
  upgrade(opts: UpgradeOptions = {}): Promise<UpgradeResult> {
    return upgrade(this.upgradeHost(), opts);
  }

  private upgradeHost(): UpgradeHost {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the host reads the project as it is reloaded
    const stack = this;
    return {
      docker: this.docker,
      get project() {
        return stack.project;
      },
      imageSettings: async () => (await this.store.settings()).images,
      setImageSettings: async (images) => {
        await this.store.saveSettings({ images });
        this.current = await this.load();
      },
      releaseDiff: (source) => releaseDiff(source, this.project, this.source),
      backup: (opts) => this.backup(opts),
      up: (opts) => this.up(opts),
      restore: (file, opts) => this.restore(file, opts),
    };
  }
}

/** The secrets as plain name → value (optional operator values that are unset are left out). */
function definedValues(secrets: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(secrets).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
