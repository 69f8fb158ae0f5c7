// "Check for updates" and the safe upgrade (issue 14). An upgrade is: a backup first; the image
// each service runs kept under a status-rollback/ tag; the new images pulled with progress; only
// the services whose image changed recreated, behind the usual health gates; and, should one of
// them fail its gate, every changed service put back on its previous image (the backup restored
// too when the failed version had migrated the database). See engine/images/README.md.
import type Docker from 'dockerode';
import type { BackupListener, BackupResult, RestoreResult } from '../engine/backup/index.js';
import type { ComposeProject } from '../engine/compose/types.js';
import { StatusError, isStatusError } from '../engine/errors.js';
import { ensureImages } from '../engine/images/ensure.js';
import { checkImageUpdates, type ServiceImageCheck } from '../engine/images/updates.js';
import type { ReleaseDiff } from '../engine/images/updates-release.js';
import type { UpOptions, UpResult } from '../engine/lifecycle/up.js';
import {
  currentSchema,
  localImageId,
  removeTag,
  rollbackTag,
  schemaChanged,
  serviceImages,
  tagImage,
  type SchemaVersion,
  type ServiceImage,
} from '../engine/lifecycle/upgrade-images.js';
import type { ImageKey, ImageOverrides } from '../engine/settings/index.js';

/** One thing an upgrade would change. */
export interface PlannedUpgrade {
  service: string;
  from: string;
  to: string;
  /** `new-digest`: the same tag, a new image behind it; `release`: the release's stack file pins another image. */
  kind: 'new-digest' | 'release';
  /** For `release`: the image setting the new reference is stored in. */
  setting?: ImageKey;
}

export interface UpdateCheck {
  checkedAt: string;
  project: string;
  images: ServiceImageCheck[];
  release?: ReleaseDiff;
  /** What `upgrade` would do; empty: nothing to upgrade. */
  plan: PlannedUpgrade[];
}

export type UpgradeStep = 'check' | 'backup' | 'pull' | 'recreate' | 'rollback' | 'restore';

export interface UpgradeOptions {
  /** A newer release's stack file (path or http(s) URL) whose pinned images to move to. */
  stack?: string;
  onProgress?: BackupListener;
  /** The upgrade's steps as they begin, with a line saying what happens. */
  onStep?: (step: UpgradeStep, message: string) => void;
  signal?: AbortSignal;
  /** A check already shown to the operator: upgrade exactly that plan instead of checking again. */
  check?: UpdateCheck;
}

export type UpgradeOutcome = 'up-to-date' | 'upgraded' | 'rolled-back' | 'rollback-failed';

export interface RecreatedService {
  service: string;
  image: string;
  fromImageId: string | null;
  toImageId: string;
}

export interface UpgradeResult {
  outcome: UpgradeOutcome;
  /** One or two sentences for the operator: what happened, and what to do if anything. */
  message: string;
  elapsedMs: number;
  plan: PlannedUpgrade[];
  backup?: { file: string; size: number; schemaVersion: number | null };
  /** Services put on their new image (for a rollback: the ones that then went back). */
  recreated: RecreatedService[];
  /** Planned services whose image turned out the same after the pull: left alone. */
  unchanged: string[];
  failure?: { service?: string; code: string; message: string; lastLines: string[] };
  rollback?: {
    services: string[];
    backupRestored: boolean;
    schemaBefore: number | null;
    schemaAfter: number | null;
    /** Set when the rollback itself failed: what went wrong and what to do. */
    error?: { message: string; hint: string };
    /** Tags that still hold the previous images (kept when the rollback failed). */
    keptImages: string[];
  };
}

/** What the upgrade needs from the Stack (its use cases, with the launcher's setup steps). */
export interface UpgradeHost {
  docker: Docker;
  readonly project: ComposeProject;
  imageSettings(): Promise<ImageOverrides>;
  /** Stores image settings (null clears one) and loads the project again with them. */
  setImageSettings(patch: Partial<Record<ImageKey, string | null>>): Promise<void>;
  /** The release's stack file against the project as it runs. */
  releaseDiff(source: string): Promise<ReleaseDiff>;
  backup(opts: { onProgress?: BackupListener; signal?: AbortSignal }): Promise<BackupResult>;
  up(opts: Partial<UpOptions>): Promise<UpResult>;
  restore(file: string, opts: { onProgress?: BackupListener }): Promise<RestoreResult>;
}

/** What upgrade would change: new digests under the same tag, and the release's applicable pins (they win). */
export function planUpgrade(images: ServiceImageCheck[], release?: ReleaseDiff): PlannedUpgrade[] {
  const plan: PlannedUpgrade[] = [];
  const fromRelease = new Map((release?.changes ?? []).filter((c) => c.setting).map((c) => [c.service, c]));
  for (const check of images) {
    const change = fromRelease.get(check.service);
    if (change)
      plan.push({
        service: change.service,
        from: change.from,
        to: change.to,
        kind: 'release',
        setting: change.setting,
      });
    else if (check.state === 'update-available')
      plan.push({ service: check.service, from: check.image, to: check.image, kind: 'new-digest' });
  }
  return plan;
}

export async function checkUpdates(
  host: UpgradeHost,
  opts: { stack?: string; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<UpdateCheck> {
  const [images, release] = await Promise.all([
    checkImageUpdates(host.docker, host.project, opts),
    opts.stack ? host.releaseDiff(opts.stack) : undefined,
  ]);
  return {
    checkedAt: new Date().toISOString(),
    project: host.project.name,
    images,
    ...(release ? { release } : {}),
    plan: planUpgrade(images, release),
  };
}

const schemaNumber = (schema: SchemaVersion | null) => schema?.latestVersion ?? null;

export async function upgrade(host: UpgradeHost, opts: UpgradeOptions = {}): Promise<UpgradeResult> {
  const started = Date.now();
  const step = opts.onStep ?? (() => {});
  const onProgress = opts.onProgress ?? (() => {});
  step('check', 'checking for updates');
  const check = opts.check ?? (await checkUpdates(host, { stack: opts.stack, signal: opts.signal }));
  const plan = check.plan;
  const result = (fields: Omit<UpgradeResult, 'elapsedMs' | 'plan'>): UpgradeResult => ({
    ...fields,
    plan,
    elapsedMs: Date.now() - started,
  });
  if (!plan.length)
    return result({
      outcome: 'up-to-date',
      message: 'Everything is up to date.',
      recreated: [],
      unchanged: [],
    });

  step('backup', 'backing up every data store first');
  const backup = await host.backup({ onProgress, signal: opts.signal });
  const backupInfo = {
    file: backup.file,
    size: backup.size,
    schemaVersion: backup.manifest.schema?.latestVersion ?? null,
  };

  const services = plan.map((p) => p.service);
  const previous = await serviceImages(host.docker, host.project, services);
  const previousSettings = await host.imageSettings();
  const kept = await keepPreviousImages(host.docker, host.project.name, previous);

  step('pull', `downloading ${plan.length === 1 ? 'the new image' : `${plan.length} new images`}`);
  try {
    await pullPlanned(host, plan, onProgress, opts.signal);
  } catch (error) {
    // Nothing changed yet but the tags pulled so far: back to their previous images.
    await moveTagsBack(host.docker, plan, previous).catch(() => undefined);
    await Promise.all(kept.map((tag) => removeTag(host.docker, tag).catch(() => undefined)));
    throw nothingUpgraded(error, backup.file);
  }

  const release = plan.filter((p) => p.kind === 'release' && p.setting);
  if (release.length) await host.setImageSettings(Object.fromEntries(release.map((p) => [p.setting!, p.to])));

  const recreated: RecreatedService[] = [];
  const unchanged: string[] = [];
  for (const p of plan) {
    const toImageId = (await localImageId(host.docker, p.to))!;
    // A release's new reference changes the container's configuration even for the same image.
    if (p.kind === 'new-digest' && toImageId === previous[p.service]!.imageId) unchanged.push(p.service);
    else
      recreated.push({
        service: p.service,
        image: p.to,
        fromImageId: previous[p.service]!.imageId,
        toImageId,
      });
  }
  if (!recreated.length) {
    await Promise.all(kept.map((tag) => removeTag(host.docker, tag)));
    return result({
      outcome: 'up-to-date',
      message: 'The downloaded images are the ones already running: nothing was recreated.',
      backup: backupInfo,
      recreated,
      unchanged,
    });
  }

  const changed = recreated.map((r) => r.service);
  step(
    'recreate',
    `recreating ${changed.join(', ')} and waiting for ${changed.length === 1 ? 'it' : 'them'} to be healthy`,
  );
  try {
    await host.up({ services: changed, onProgress, signal: opts.signal });
  } catch (error) {
    return result(
      await rollBack(host, {
        error,
        plan,
        previous,
        previousSettings,
        kept,
        changed,
        recreated,
        unchanged,
        backup,
        backupInfo,
        step,
        onProgress,
      }),
    );
  }
  await Promise.all(kept.map((tag) => removeTag(host.docker, tag)));
  return result({
    outcome: 'upgraded',
    message: `Upgraded ${changed.join(', ')}; every upgraded service passed its health check. The backup taken first is ${backup.file}.`,
    backup: backupInfo,
    recreated,
    unchanged,
  });
}

/** Tags every previous image, so nothing can prune it while its container is replaced. */
async function keepPreviousImages(
  docker: Docker,
  project: string,
  previous: Record<string, ServiceImage>,
): Promise<string[]> {
  const at = new Date();
  const kept: string[] = [];
  for (const [service, { imageId }] of Object.entries(previous)) {
    if (!imageId) continue;
    const tag = rollbackTag(project, service, at);
    await tagImage(docker, imageId, tag);
    kept.push(tag);
  }
  return kept;
}

/** Same tag: pulled again (it moves to the new image). Release: pulled when missing. */
async function pullPlanned(
  host: UpgradeHost,
  plan: PlannedUpgrade[],
  onProgress: BackupListener,
  signal: AbortSignal | undefined,
): Promise<void> {
  const target: ComposeProject = {
    ...host.project,
    services: Object.fromEntries(
      Object.entries(host.project.services).map(([name, spec]) => {
        const p = plan.find((x) => x.service === name);
        return [name, p ? { ...spec, image: p.to } : spec];
      }),
    ),
  };
  const byKind = (kind: PlannedUpgrade['kind']) => plan.filter((p) => p.kind === kind).map((p) => p.service);
  await ensureImages(host.docker, target, { services: byKind('new-digest'), pull: true, onProgress, signal });
  await ensureImages(host.docker, target, { services: byKind('release'), onProgress, signal });
}

function nothingUpgraded(error: unknown, backupFile: string): unknown {
  if (!isStatusError(error)) return error;
  return new StatusError(
    error.code,
    `${error.message} Nothing was upgraded: every service runs as before.`,
    `${error.hint} The backup taken first is ${backupFile}.`,
    error.details,
    { cause: error },
  );
}

/** Points each same-tag service's reference back at the image it ran before. */
async function moveTagsBack(
  docker: Docker,
  plan: PlannedUpgrade[],
  previous: Record<string, ServiceImage>,
): Promise<void> {
  for (const p of plan) {
    const before = previous[p.service]!;
    if (p.kind === 'new-digest' && before.imageId) await tagImage(docker, before.imageId, before.image);
  }
}

interface RollbackContext {
  error: unknown;
  plan: PlannedUpgrade[];
  previous: Record<string, ServiceImage>;
  previousSettings: ImageOverrides;
  kept: string[];
  changed: string[];
  recreated: RecreatedService[];
  unchanged: string[];
  backup: BackupResult;
  backupInfo: NonNullable<UpgradeResult['backup']>;
  step: (step: UpgradeStep, message: string) => void;
  onProgress: BackupListener;
}

function describeFailure(error: unknown): NonNullable<UpgradeResult['failure']> {
  if (!isStatusError(error))
    return {
      code: 'UNEXPECTED',
      message: error instanceof Error ? error.message : String(error),
      lastLines: [],
    };
  const lines = error.details.lastLines;
  const service = error.details.service;
  return {
    ...(typeof service === 'string' ? { service } : {}),
    code: error.code,
    message: error.message,
    lastLines: Array.isArray(lines) ? lines.map(String) : [],
  };
}

/** Every changed service back on its previous image; the backup restored if the schema moved. */
async function rollBack(
  host: UpgradeHost,
  ctx: RollbackContext,
): Promise<Omit<UpgradeResult, 'elapsedMs' | 'plan'>> {
  const failure = describeFailure(ctx.error);
  const who = failure.service ?? ctx.changed.join(', ');
  const base = { backup: ctx.backupInfo, recreated: ctx.recreated, unchanged: ctx.unchanged, failure };
  const schemaBefore = ctx.backup.manifest.schema;
  let schemaAfter: SchemaVersion | null = null;
  let backupRestored = false;
  const reasonText =
    failure.code === 'CANCELLED' ? 'the upgrade was cancelled' : `${who} failed its health check`;
  ctx.step('rollback', `${reasonText}: putting ${ctx.changed.join(', ')} back on the previous images`);
  try {
    await moveTagsBack(host.docker, ctx.plan, ctx.previous);
    const release = ctx.plan.filter((p) => p.kind === 'release' && p.setting);
    if (release.length)
      await host.setImageSettings(
        Object.fromEntries(release.map((p) => [p.setting!, ctx.previousSettings[p.setting!] ?? null])),
      );
    schemaAfter = await currentSchema(host.docker, host.project).catch(() => null);
    if (schemaChanged(schemaBefore, schemaAfter)) {
      ctx.step(
        'restore',
        `the database schema changed (${schemaNumber(schemaBefore) ?? 'none'} → ${schemaNumber(schemaAfter) ?? 'none'}): restoring the backup ${ctx.backup.file}`,
      );
      await host.restore(ctx.backup.file, { onProgress: ctx.onProgress });
      backupRestored = true;
    }
    // Without a signal: a cancelled upgrade must still end on the previous images.
    await host.up({ services: ctx.changed, onProgress: ctx.onProgress });
  } catch (rollbackError) {
    const problem = isStatusError(rollbackError)
      ? rollbackError.message
      : rollbackError instanceof Error
        ? rollbackError.message
        : String(rollbackError);
    const hint =
      `The previous images are kept as ${ctx.kept.join(', ') || '(none: they were not on this engine)'}. ` +
      (backupRestored
        ? 'The backup was restored. '
        : `Put the data back with \`status-desktop restore ${ctx.backup.file}\` if the schema changed, then `) +
      'start STATUS again (`status-desktop up`); if a service still fails, its logs say why.';
    return {
      ...base,
      outcome: 'rollback-failed',
      message: `${reasonText}, and putting the previous images back failed too: ${problem}`,
      rollback: {
        services: ctx.changed,
        backupRestored,
        schemaBefore: schemaNumber(schemaBefore),
        schemaAfter: schemaNumber(schemaAfter),
        error: { message: problem, hint },
        keptImages: ctx.kept,
      },
    };
  }
  await Promise.all(ctx.kept.map((tag) => removeTag(host.docker, tag)));
  const lastLines = failure.lastLines.length ? ` (${failure.lastLines.slice(-3).join(' | ')})` : '';
  return {
    ...base,
    outcome: 'rolled-back',
    message:
      `Rolled back: ${reasonText}${lastLines}. ${ctx.changed.join(', ')} ${ctx.changed.length === 1 ? 'runs' : 'run'} the previous image again` +
      `${backupRestored ? ', and the backup taken first was restored (the new version had changed the database)' : ''}.`,
    rollback: {
      services: ctx.changed,
      backupRestored,
      schemaBefore: schemaNumber(schemaBefore),
      schemaAfter: schemaNumber(schemaAfter),
      keptImages: [],
    },
  };
}
