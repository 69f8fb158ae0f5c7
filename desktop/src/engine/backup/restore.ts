// verifyBackup and restoreBackup. A restore reads the whole archive first (every part checked
// against the manifest, the secrets' passphrase tried, the target checked) into a staging folder;
// only when all of that passed does it stop services and replace data. Then it starts what ran
// before (and the stores it restored) and waits for their health gates.
import type Docker from 'dockerode';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ComposeProject } from '../compose/types.js';
import { StatusError, isStatusError } from '../errors.js';
import { listProjectContainers } from '../labels.js';
import { ensureVolumes } from '../lifecycle/resources.js';
import { stop } from '../lifecycle/stop.js';
import { up } from '../lifecycle/up.js';
import { devNull, readArchive } from './archive.js';
import { byteReporter, type BackupListener } from './events.js';
import type { BackupManifest, ManifestPart } from './manifest.js';
import { planBackup } from './plan.js';
import { BackupRefused } from './refusal.js';
import { decryptSecrets, type BackupSecrets } from './secrets.js';
import { alignRolePasswords, checkTargets, resolveTargets, restorePart } from './restore-target.js';

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
    },
    verified: (part) => report(part, 'verified', part.size),
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
   * Gets the backup's secrets once the archive and this project passed every check, as the first
   * change: stores them and may return the project loaded again with them (the data then runs
   * with the secrets it was made with).
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
  /** PostgreSQL roles whose passwords were set to the project's current secrets. */
  rolesAligned: string[];
}

export async function restoreBackup(
  docker: Docker,
  current: ComposeProject,
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
      project: current.name,
      allowOtherProject: opts.allowOtherProject,
    });
    const plans = planBackup(current);
    const targets = resolveTargets(current, plans, staged.manifest);

    // The stores a part is restored through (PostgreSQL, MongoDB with mongorestore) must run, for
    // the checks and the restore; every other running service is stopped, so nothing writes while
    // data is replaced.
    const containers = await listProjectContainers(docker, current.name);
    const wasRunning = [...containers]
      .filter(([, infos]) => infos.some((c) => c.State === 'running'))
      .map(([service]) => service);
    const throughService = new Set(targets.filter((t) => t.via === 'exec').map((t) => t.service));
    const stopped = [...throughService].filter((s) => !wasRunning.includes(s));
    if (stopped.length) await start(current, stopped);
    await checkTargets(docker, current, plans, staged.manifest, targets);

    // From here on data changes. A failure leaves the services stopped (partly restored data must
    // not be served) and says so; the backup is intact, so the restore can simply run again.
    let project = current;
    const restoredParts: string[] = [];
    let rolesAligned: string[] = [];
    try {
      if (staged.secrets && opts.applySecrets) project = (await opts.applySecrets(staged.secrets)) ?? project;
      await stop(docker, project, { services: wasRunning.filter((s) => !throughService.has(s)), onProgress });
      // On an install that never started, the volumes do not exist yet: made with the Compose labels
      // here, not implicitly (unlabelled) by the helper that fills them.
      const volumeKeys = targets.flatMap((t) => (t.part.kind === 'volume' ? [t.part.volume] : []));
      await ensureVolumes(docker, project, volumeKeys, onProgress);
      for (const target of targets) {
        const { part } = target;
        const report = (phase: 'restoring' | 'restored') =>
          onProgress({
            type: 'backup-part',
            part: part.name,
            phase,
            bytes: phase === 'restored' ? part.size : 0,
            totalBytes: part.size,
            method: part.method,
            message: `${phase} ${part.name}`,
          });
        report('restoring');
        await restorePart(docker, project, target, staged.files.get(part.name)!);
        restoredParts.push(part.name);
        report('restored');
      }
      if (targets.some((t) => t.part.kind === 'postgres-database'))
        rolesAligned = await alignRolePasswords(docker, project, plans);
    } catch (error) {
      throw restoreFailed(error, restoredParts, targets.length);
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
      rolesAligned,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function restoreFailed(error: unknown, restored: string[], total: number): StatusError {
  const reason = error instanceof Error ? error.message : String(error);
  return new StatusError(
    isStatusError(error) ? error.code : 'SERVICE_EXITED',
    `The restore stopped after ${restored.length} of ${total} parts: ${reason}`,
    'The services that own data stay stopped, so nothing half-restored is served. Fix the cause (its hint or the service logs), then run the restore again: the backup is unchanged.',
    { ...(isStatusError(error) ? error.details : {}), restoredParts: restored },
    { cause: error },
  );
}
