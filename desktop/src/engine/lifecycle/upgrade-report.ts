// What the update check and the upgrade answer: plain data (serialisable), so the CLI, the
// console's contract (api/contract.ts) and tests read the same thing. The upgrade itself is
// launcher/upgrade.ts.
import type { ServiceImageCheck } from '../images/updates.js';
import type { ReleaseDiff } from '../images/updates-release.js';
import type { ImageKey } from '../settings/index.js';

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
