// Images for machines without a registry: the Stack's images saved into one bundle on a
// connected machine (downloading and building what is missing first), and loaded from it on the
// offline one. The file format is engine/images/bundle.ts's.
import path from 'node:path';
import { ensureImages } from '../engine/images/ensure.js';
import {
  BUNDLE_EXTENSION,
  loadImages,
  saveImages,
  type BundleManifest,
  type LoadResult,
} from '../engine/images/bundle.js';
import { noProgress, type ProgressListener } from '../engine/progress.js';
import type { Stack } from './stack.js';

export interface BundleTaskOptions {
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

/** `status-images-<project>-<UTC date>.statusimages` in the current folder. */
export function defaultBundleFile(project: string, at: Date = new Date()): string {
  return path.resolve(`status-images-${project}-${at.toISOString().slice(0, 10)}${BUNDLE_EXTENSION}`);
}

/** Every image the platform runs, into `to`: missing ones are downloaded or built first. */
export async function saveStackImages(
  stack: Stack,
  to: string,
  opts: BundleTaskOptions = {},
): Promise<BundleManifest> {
  const onProgress = opts.onProgress ?? noProgress;
  await ensureImages(stack.docker, stack.project, {
    services: stack.services,
    onProgress,
    signal: opts.signal,
  });
  return saveImages(stack.docker, stack.project, to, { onProgress, signal: opts.signal });
}

/** The images of a bundle onto this stack's engine (checked before the engine sees them). */
export function loadStackImages(
  stack: Stack,
  file: string,
  opts: BundleTaskOptions = {},
): Promise<LoadResult> {
  return loadImages(stack.docker, file, opts);
}
