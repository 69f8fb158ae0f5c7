// What the update check and the upgrade answer: plain data (serialisable), for the CLI, the
// console's contract and tests alike.
import type Docker from 'dockerode';
import type { BackupListener, BackupResult, RestoreResult } from '../engine/backup/index.js';
import type { ComposeProject } from '../engine/compose/types.js';
import type { ServiceImageCheck } from '../engine/images/updates.js';
import type { ReleaseDiff } from '../engine/images/updates-release.js';
import type { UpOptions, UpResult } from '../engine/lifecycle/up.js';
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
