// "Check for updates" and the safe upgrade (issue 14). An upgrade is: a backup first; the image
// each service runs kept under a status-rollback/ tag; the new images pulled with progress; only
// the services whose image changed recreated, behind the usual health gates; and, should one of
// them fail its gate, every changed service put back on its previous image (upgrade-rollback.ts).
// See engine/images/README.md.
import type Docker from 'dockerode';
import type { BackupListener } from '../engine/backup/index.js';
import type { ComposeProject } from '../engine/compose/types.js';
import { StatusError, isStatusError } from '../engine/errors.js';
import { ensureImages } from '../engine/images/ensure.js';
import { checkImageUpdates, type ServiceImageCheck } from '../engine/images/updates.js';
import type { ReleaseDiff } from '../engine/images/updates-release.js';
import {
  localImageId,
  removeTag,
  rollbackTag,
  serviceImages,
  tagImage,
  type ServiceImage,
} from '../engine/lifecycle/upgrade-images.js';
import { moveTagsBack, rollBack } from './upgrade-rollback.js';
import type {
  PlannedUpgrade,
  RecreatedService,
  UpdateCheck,
  UpgradeHost,
  UpgradeOptions,
  UpgradeResult,
} from './upgrade-types.js';

export type * from './upgrade-types.js';

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

export async function upgrade(host: UpgradeHost, opts: UpgradeOptions = {}): Promise<UpgradeResult> {
  const started = Date.now();
  const step = opts.onStep ?? (() => {});
  const onProgress = opts.onProgress ?? (() => {});
  let check = opts.check;
  if (!check) {
    step('check', 'checking for updates');
    check = await checkUpdates(host, { stack: opts.stack, signal: opts.signal });
  }
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
