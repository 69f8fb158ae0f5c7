// verifyBackup and restoreBackup. A restore reads the whole archive first (every part checked
// against the manifest, the secrets' passphrase tried, the target checked) into a staging folder;
// only when all of that passed does it stop services and replace data. Then it starts what ran
// before (and the stores it restored) and waits for their health gates.
import type Docker from 'dockerode';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ComposeProject } from '../compose/types.js';
import { listProjectContainers } from '../labels.js';
import { stop } from '../lifecycle/stop.js';
import { up } from '../lifecycle/up.js';
import { devNull, readArchive } from './archive.js';
import { byteReporter, type BackupListener } from './events.js';
import type { BackupManifest, ManifestPart } from './manifest.js';
import { planBackup, type StorePlan } from './plan.js';
import { missingRoles, restoreDatabase } from './postgres.js';
import { BackupRefused } from './refusal.js';
import { decryptSecrets, type BackupSecrets } from './secrets.js';
import { hasCommand, mongoRestore } from './stores.js';
import { writeVolume } from './volumes.js';

export interface VerifyOptions {
  onProgress?: BackupListener;
  /** Also try this passphrase on the secrets (a wrong one is refused). */
  passphrase?: string;
}

/** Reads the whole archive and checks it; returns its manifest or throws a BackupRefused. */
export async function verifyBackup(file: string, opts: VerifyOptions = {}): Promise<BackupManifest> {
  const work = await mkdtemp(path.join(tmpdir(), 'status-verify-'));
  try {
    return (await stage(file, work, { ...opts, keepParts: false })).manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

interface Staged {
  manifest: BackupManifest;
  /** Part name → its content in the staging folder (restores only). */
  files: Map<string, string>;
  secrets: BackupSecrets | undefined;
}

/** One pass over the archive: checks everything, keeps the parts when asked. */
async function stage(
  file: string,
  work: string,
  opts: VerifyOptions & { keepParts: boolean; project?: string; allowOtherProject?: boolean },
): Promise<Staged> {
  const onProgress = opts.onProgress ?? (() => {});
  const files = new Map<string, string>();
  const reporters = new Map<string, (bytes: number) => void>();
  const report = (part: ManifestPart, phase: 'verifying' | 'verified', bytes: number) =>
    onProgress({
      type: 'backup-part',
      part: part.name,
      phase,
      bytes,
      totalBytes: part.size,
      method: part.method,
      message: `${phase} ${part.name}`,
    });
  const manifest = await readArchive(file, {
    manifest(found) {
      if (opts.project === undefined || opts.allowOtherProject || found.project === opts.project) return;
      throw new BackupRefused(
        'other-project',
        `${file} is a backup of the STATUS project "${found.project}", not of "${opts.project}".`,
        'Choose a backup of this project, or restore it into this one on purpose (allow another project).',
        { file, project: found.project },
      );
    },
    async part(part, content) {
      report(part, 'verifying', 0);
      const keep = opts.keepParts || part.kind === 'secrets';
      const target = path.join(work, `part-${files.size}`);
      await pipeline(content, keep ? createWriteStream(target, { mode: 0o600 }) : devNull());
      if (keep) files.set(part.name, target);
      report(part, 'verified', part.size);
    },
    onBytes(part, bytes) {
      let reporter = reporters.get(part.name);
      if (!reporter)
        reporters.set(part.name, (reporter = byteReporter((done) => report(part, 'verifying', done))));
      reporter(bytes);
    },
  });
  const secretsPart = manifest.parts.find((p) => p.kind === 'secrets');
  const secrets =
    secretsPart && opts.passphrase !== undefined
      ? await decryptSecrets(await readFile(files.get(secretsPart.name)!), opts.passphrase)
      : undefined;
  return { manifest, files, secrets };
}

export interface RestoreOptions {
  onProgress?: BackupListener;
  /** Opens the secrets in the archive; without it they are left out (this machine's stay). */
  passphrase?: string;
  /** Restore a backup of another project name into this one (moving to a new machine). */
  allowOtherProject?: boolean;
  /**
   * Gets the backup's secrets once everything is verified, before anything is touched: stores them
   * and may return the project loaded again with them (the data then runs with its old secrets).
   */
  applySecrets?: (secrets: BackupSecrets) => Promise<ComposeProject | void>;
  /** Starts services with their health gates; default: the lifecycle's up (the launcher passes its own). */
  start?: (project: ComposeProject, services: string[]) => Promise<unknown>;
}

export interface RestoreResult {
  manifest: BackupManifest;
  restoredParts: string[];
  /** Services started (and healthy) after the restore. */
  started: string[];
  secretsRestored: boolean;
}

export async function restoreBackup(
  docker: Docker,
  target: ComposeProject,
  file: string,
  opts: RestoreOptions = {},
): Promise<RestoreResult> {
  const onProgress = opts.onProgress ?? (() => {});
  const start =
    opts.start ??
    ((project: ComposeProject, services: string[]) => up(docker, project, { services, onProgress }));
  const work = await mkdtemp(path.join(tmpdir(), 'status-restore-'));
  try {
    const staged = await stage(file, work, {
      onProgress,
      passphrase: opts.passphrase,
      keepParts: true,
      project: target.name,
      allowOtherProject: opts.allowOtherProject,
    });
    const plans = planBackup(target);
    const targets = resolveTargets(target, plans, staged.manifest);
    let project = target;
    if (staged.secrets && opts.applySecrets) project = (await opts.applySecrets(staged.secrets)) ?? project;

    // The stores a part is restored through (PostgreSQL, MongoDB with mongorestore) must run; every
    // other running service is stopped, so nothing writes while data is replaced.
    const containers = await listProjectContainers(docker, project.name);
    const wasRunning = [...containers]
      .filter(([, infos]) => infos.some((c) => c.State === 'running'))
      .map(([s]) => s);
    const throughService = new Set(targets.filter((t) => t.via === 'exec').map((t) => t.service));
    await startIfStopped(project, [...throughService], wasRunning, start);
    await checkDatabaseRoles(docker, project, plans, staged.manifest);
    await stop(docker, project, { services: wasRunning.filter((s) => !throughService.has(s)), onProgress });

    const restoredParts: string[] = [];
    for (const { part, service } of targets) {
      onProgress({
        type: 'backup-part',
        part: part.name,
        phase: 'restoring',
        bytes: 0,
        totalBytes: part.size,
        message: `restoring ${part.name}`,
      });
      await restorePart(docker, project, service, part, staged.files.get(part.name)!);
      restoredParts.push(part.name);
      onProgress({
        type: 'backup-part',
        part: part.name,
        phase: 'restored',
        bytes: part.size,
        totalBytes: part.size,
        message: `restored ${part.name}`,
      });
    }
    const toStart = [...new Set([...wasRunning, ...targets.map((t) => t.service)])].filter(
      (s) => project.services[s],
    );
    await start(project, toStart);
    return {
      manifest: staged.manifest,
      restoredParts,
      started: toStart,
      secretsRestored: staged.secrets !== undefined,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

interface PartTarget {
  part: ManifestPart;
  service: string;
  /** exec: through the running service's own tool; volume: into its volume while it is stopped. */
  via: 'exec' | 'volume' | 'none';
}

/** Which service of this project takes each part; a part with nowhere to go refuses the restore. */
function resolveTargets(project: ComposeProject, plans: StorePlan[], manifest: BackupManifest): PartTarget[] {
  const of = (kind: StorePlan['kind']) => plans.find((p) => p.kind === kind);
  return manifest.parts
    .map((part): PartTarget => {
      if (part.kind === 'secrets') return { part, service: '', via: 'none' };
      const plan =
        part.kind === 'postgres-database'
          ? of('postgres')
          : part.kind === 'mongo-dump'
            ? of('mongo')
            : undefined;
      if (plan) return { part, service: plan.service, via: 'exec' };
      if (part.kind === 'volume' && project.volumes[part.volume]) {
        const owner = plans.find(
          (p) => p.kind !== 'postgres' && p.volumes.some((v) => v.key === part.volume),
        );
        if (owner) return { part, service: owner.service, via: 'volume' };
      }
      throw new BackupRefused(
        'target-not-ready',
        `This STATUS project has nowhere to restore ${part.name} (${part.kind === 'volume' ? `no volume ${part.volume}` : `no ${part.kind === 'mongo-dump' ? 'MongoDB' : 'PostgreSQL'} service`}).`,
        'Restore with the STATUS version that made the backup, or check the Compose file.',
        { part: part.name },
      );
    })
    .filter((t) => t.via !== 'none');
}

async function startIfStopped(
  project: ComposeProject,
  services: string[],
  running: string[],
  start: (project: ComposeProject, services: string[]) => Promise<unknown>,
): Promise<void> {
  const stopped = services.filter((s) => !running.includes(s));
  if (stopped.length) await start(project, stopped);
}

async function runningContainer(
  docker: Docker,
  project: ComposeProject,
  service: string,
): Promise<Docker.Container> {
  const infos = (await listProjectContainers(docker, project.name)).get(service) ?? [];
  const info = infos.find((c) => c.State === 'running');
  if (!info)
    throw new BackupRefused(
      'target-not-ready',
      `${service} is not running, so nothing can be restored into it.`,
      'Start STATUS, then restore again.',
      { service },
    );
  return docker.getContainer(info.Id);
}

/** pg_restore gives each database back to its owner: those roles must exist here (fresh installs make them). */
async function checkDatabaseRoles(
  docker: Docker,
  project: ComposeProject,
  plans: StorePlan[],
  manifest: BackupManifest,
): Promise<void> {
  const plan = plans.find((p) => p.kind === 'postgres');
  const owners = manifest.parts.flatMap((p) => (p.kind === 'postgres-database' ? [p.owner] : []));
  if (!plan || plan.kind !== 'postgres' || !owners.length) return;
  const missing = await missingRoles(
    await runningContainer(docker, project, plan.service),
    plan.user,
    owners,
  );
  if (missing.length)
    throw new BackupRefused(
      'target-not-ready',
      `PostgreSQL here has no role ${missing.join(', ')}, which owns data in the backup.`,
      'Start STATUS once on this machine (it creates the roles), then restore again. Nothing was changed.',
      { roles: missing },
    );
}

async function restorePart(
  docker: Docker,
  project: ComposeProject,
  service: string,
  part: ManifestPart,
  file: string,
): Promise<void> {
  const content = createReadStream(file);
  switch (part.kind) {
    case 'postgres-database': {
      const plan = planBackup(project).find((p) => p.kind === 'postgres');
      const user = plan?.kind === 'postgres' ? plan.user : 'postgres';
      await restoreDatabase(await runningContainer(docker, project, service), user, part.database, {
        size: part.size,
        content,
      });
      return;
    }
    case 'mongo-dump': {
      const container = await runningContainer(docker, project, service);
      if (!(await hasCommand(container, 'mongorestore')))
        throw new BackupRefused(
          'target-not-ready',
          `${service} has no mongorestore: the MongoDB dump cannot be restored into it.`,
          'Use the MongoDB image STATUS pins (Settings → images), then restore again.',
          { service },
        );
      await mongoRestore(container, { size: part.size, content });
      return;
    }
    case 'volume': {
      const volume = { key: part.volume, name: project.volumes[part.volume]!.name, target: part.target };
      await writeVolume(docker, project, project.services[service]!.image, volume, content);
      return;
    }
    case 'secrets':
      return;
  }
}
