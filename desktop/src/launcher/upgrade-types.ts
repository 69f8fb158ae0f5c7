// The upgrade's options and what it needs from the Stack; the plain data it answers with lives in
// engine/lifecycle/upgrade-report.ts (the console's contract reads it too) and is re-exported here.
import type Docker from 'dockerode';
import type { BackupListener, BackupResult, RestoreResult } from '../engine/backup/index.js';
import type { ComposeProject } from '../engine/compose/types.js';
import type { ReleaseDiff } from '../engine/images/updates-release.js';
import type { UpOptions, UpResult } from '../engine/lifecycle/up.js';
import type { UpdateCheck, UpgradeStep } from '../engine/lifecycle/upgrade-report.js';
import type { ImageKey, ImageOverrides } from '../engine/settings/index.js';

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

export type {
  PlannedUpgrade,
  RecreatedService,
  UpdateCheck,
  UpgradeOutcome,
  UpgradeResult,
  UpgradeStep,
} from '../engine/lifecycle/upgrade-report.js';
