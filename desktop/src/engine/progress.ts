// Progress events of long work (pull, build, up, down). One discriminated union, so every UI
// (CLI, console, tests) renders the same facts.

import type { UpgradeResult, UpgradeStep } from './lifecycle/upgrade-report.js';
export type ServicePhase =
  | 'pulling'
  | 'building'
  | 'image-ready'
  | 'creating'
  | 'recreating'
  | 'up-to-date'
  | 'waiting'
  | 'starting'
  | 'started'
  | 'healthy'
  | 'completed'
  | 'failed'
  /** An optional service (plan.ts optionalServices) did not pass its gate: the start goes on without it. */
  | 'degraded'
  | 'stopping'
  | 'stopped'
  | 'removing'
  | 'removed'
  | 'skipped';

/** One layer of an image being pulled. */
export interface LayerProgress {
  /** The first 12 hex digits of the compressed digest, as the engine names it. */
  id: string;
  /** Last status the engine gave for this layer ("Downloading", "Pull complete"...). */
  status: string;
  /** Compressed bytes downloaded so far. */
  current: number;
  /** Compressed size; 0 until the download starts (the engine learns it then). */
  total: number;
  /** Downloaded and extracted, or already present. */
  done: boolean;
}

/** An image's pull as a UI draws it: one bar per layer and one for the image. */
export interface PullSummary {
  /** In the order the engine first named them (base layer first). */
  layers: LayerProgress[];
  /** Sums over the layers whose size is known. */
  current: number;
  total: number;
  /** The engine reported the image complete ("Status: …"). */
  done: boolean;
}

export type ProgressEvent =
  | { type: 'service'; service: string; phase: ServicePhase; message: string; elapsedMs?: number }
  /** The image's download so far (the engine keeps the per-layer state; see images/pull-progress.ts). */
  | { type: 'pull'; service: string; image: string; summary: PullSummary }
  | { type: 'pull-retry'; service: string; image: string; attempt: number; delayMs: number; error: string }
  | { type: 'build'; service: string; image: string; line: string }
  | {
      type: 'resource';
      kind: 'network' | 'volume';
      name: string;
      action: 'created' | 'exists' | 'removed' | 'kept';
    }
  /** An upgrade's step begins (launcher/upgrade.ts), with a line saying what happens. */
  | { type: 'upgrade-step'; step: UpgradeStep; message: string }
  /** How an upgrade ended: what changed, or what was rolled back (sent once, at its end). */
  | { type: 'upgrade-result'; result: UpgradeResult }
  /** An image bundle being written, checked or loaded (engine/images/bundle.ts): payload bytes so far. */
  | { type: 'images'; step: 'saving' | 'checking' | 'loading'; bytes: number; total?: number }
  | { type: 'warning'; message: string };

export type ProgressListener = (event: ProgressEvent) => void;

export const noProgress: ProgressListener = () => {};
