// The upgrade's way back: every changed service on the image it ran before (same-tag references
// tagged back, image settings put back), the backup restored when the failed version had moved the
// database schema, then the same health gates. A rollback that fails says what state things are in.
import type Docker from 'dockerode';
import type { BackupListener, BackupResult } from '../engine/backup/index.js';
import { isStatusError } from '../engine/errors.js';
import {
  currentSchema,
  removeTag,
  schemaChanged,
  tagImage,
  type SchemaVersion,
  type ServiceImage,
} from '../engine/lifecycle/upgrade-images.js';
import type { ImageOverrides } from '../engine/settings/index.js';
import type {
  PlannedUpgrade,
  RecreatedService,
  UpgradeHost,
  UpgradeResult,
  UpgradeStep,
} from './upgrade-types.js';

const schemaNumber = (schema: SchemaVersion | null) => schema?.latestVersion ?? null;

/** Points each same-tag service's reference back at the image it ran before. */
export async function moveTagsBack(
  docker: Docker,
  plan: PlannedUpgrade[],
  previous: Record<string, ServiceImage>,
): Promise<void> {
  for (const p of plan) {
    const before = previous[p.service]!;
    if (p.kind === 'new-digest' && before.imageId) await tagImage(docker, before.imageId, before.image);
  }
}

export interface RollbackContext {
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

/** Why the upgraded services did not pass, in words (the gate's error code decides). */
function failureWords(failure: NonNullable<UpgradeResult['failure']>, changed: string[]): string {
  const who = failure.service ?? changed.join(', ');
  switch (failure.code) {
    case 'CANCELLED':
      return 'the upgrade was cancelled';
    case 'SERVICE_UNHEALTHY':
      return `${who} failed its health check`;
    case 'SERVICE_TIMEOUT':
      return `${who} did not become healthy in time`;
    case 'SERVICE_EXITED':
      return `${who} stopped right after starting`;
    default:
      return `${who} could not be started (${failure.message})`;
  }
}

/** How far a rollback got: what the operator must do depends on it. */
type RollbackStage = 'images' | 'settings' | 'schema' | 'restore' | 'start';

export function rollbackFailedHint(stage: RollbackStage, ctx: RollbackContext, schemaMoved: boolean): string {
  const kept = ctx.kept.length
    ? `The previous images are kept as ${ctx.kept.join(', ')}.`
    : 'The previous images were not on this engine.';
  const restore = `restore the backup (\`status-desktop restore ${ctx.backup.file}\`)`;
  const state: Record<RollbackStage, string> = {
    images:
      'The services may still name the new images: run `status-desktop upgrade` again once the engine answers, or',
    settings:
      'The image settings may still name the new images: clear them in Settings → image versions, then',
    schema: `The database schema could not be read: if the new version changed it, ${restore}; then`,
    restore: `The database had been changed by the new version and the backup could not be restored: ${restore}, then`,
    start: schemaMoved
      ? 'The backup was restored and the services name their previous images again:'
      : 'The database was not changed and the services name their previous images again:',
  };
  return `${kept} ${state[stage]} start STATUS (\`status-desktop up\`); if a service still fails, its logs say why.`;
}

/** Every changed service back on its previous image; the backup restored if the schema moved. */
export async function rollBack(
  host: UpgradeHost,
  ctx: RollbackContext,
): Promise<Omit<UpgradeResult, 'elapsedMs' | 'plan'>> {
  const failure = describeFailure(ctx.error);
  const base = { backup: ctx.backupInfo, recreated: ctx.recreated, unchanged: ctx.unchanged, failure };
  const schemaBefore = ctx.backup.manifest.schema;
  let schemaAfter: SchemaVersion | null = null;
  let schemaMoved = false;
  let stage: RollbackStage = 'images';
  const reasonText = failureWords(failure, ctx.changed);
  ctx.step('rollback', `${reasonText}: putting ${ctx.changed.join(', ')} back on the previous images`);
  try {
    await moveTagsBack(host.docker, ctx.plan, ctx.previous);
    stage = 'settings';
    const release = ctx.plan.filter((p) => p.kind === 'release' && p.setting);
    if (release.length)
      await host.setImageSettings(
        Object.fromEntries(release.map((p) => [p.setting!, ctx.previousSettings[p.setting!] ?? null])),
      );
    stage = 'schema';
    schemaAfter = await currentSchema(host.docker, host.project);
    schemaMoved = schemaChanged(schemaBefore, schemaAfter);
    if (schemaMoved) {
      stage = 'restore';
      ctx.step(
        'restore',
        `the database schema changed (${schemaNumber(schemaBefore) ?? 'none'} → ${schemaNumber(schemaAfter) ?? 'none'}): restoring the backup ${ctx.backup.file}`,
      );
      await host.restore(ctx.backup.file, { onProgress: ctx.onProgress });
    }
    stage = 'start';
    // Without a signal: a cancelled upgrade must still end on the previous images.
    await host.up({ services: ctx.changed, onProgress: ctx.onProgress });
  } catch (rollbackError) {
    const problem = rollbackError instanceof Error ? rollbackError.message : String(rollbackError);
    return {
      ...base,
      outcome: 'rollback-failed',
      message: `${reasonText}, and putting the previous images back failed too: ${problem}`,
      rollback: {
        services: ctx.changed,
        backupRestored: schemaMoved && stage === 'start',
        schemaBefore: schemaNumber(schemaBefore),
        schemaAfter: schemaNumber(schemaAfter),
        error: { message: problem, hint: rollbackFailedHint(stage, ctx, schemaMoved) },
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
      `${schemaMoved ? ', and the backup taken first was restored (the new version had changed the database)' : ''}.`,
    rollback: {
      services: ctx.changed,
      backupRestored: schemaMoved,
      schemaBefore: schemaNumber(schemaBefore),
      schemaAfter: schemaNumber(schemaAfter),
      keptImages: [],
    },
  };
}
