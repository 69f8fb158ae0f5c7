// Make sure every selected service has its image: build `build:` services whose image is
// missing (or always, when asked), pull the rest when missing. All before anything starts, so a
// download problem never leaves half a platform running.
import type Docker from 'dockerode';
import type { ComposeProject } from '../compose/types.js';
import { throwIfCancelled } from '../errors.js';
import type { ProgressListener } from '../progress.js';
import { mapLimit } from '../util/concurrency.js';
import { buildImage } from './build.js';
import { pullImage } from './pull.js';

export interface EnsureImagesOptions {
  services: string[];
  onProgress: ProgressListener;
  signal?: AbortSignal;
  /** Rebuild build: services even when their image exists. */
  rebuild?: boolean;
  /** Pull even when present (to update a moving tag). */
  pull?: boolean;
  pullConcurrency?: number;
  pullAttempts?: number;
  pullBaseDelayMs?: number;
}

export async function imageExists(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

export async function ensureImages(docker: Docker, project: ComposeProject, opts: EnsureImagesOptions): Promise<void> {
  const seen = new Set<string>();
  const work = opts.services.flatMap((name) => {
    const service = project.services[name]!;
    // Several services may share one image: fetch it once.
    if (seen.has(service.image)) return [];
    seen.add(service.image);
    return [service];
  });
  // Builds are CPU-heavy: one at a time. Pulls are network-bound: a few at once.
  const builds = work.filter((s) => s.build);
  const pulls = work.filter((s) => !s.build);
  const started = Date.now();
  await mapLimit(pulls, opts.pullConcurrency ?? 3, async (service) => {
    throwIfCancelled(opts.signal, 'Downloading images');
    if (!opts.pull && (await imageExists(docker, service.image))) {
      opts.onProgress({ type: 'service', service: service.name, phase: 'image-ready', message: `image ${service.image} present` });
      return;
    }
    opts.onProgress({ type: 'service', service: service.name, phase: 'pulling', message: `downloading ${service.image}` });
    await pullImage(docker, service.image, {
      service: service.name,
      onProgress: opts.onProgress,
      signal: opts.signal,
      attempts: opts.pullAttempts,
      baseDelayMs: opts.pullBaseDelayMs,
    });
    opts.onProgress({ type: 'service', service: service.name, phase: 'image-ready', message: `downloaded ${service.image}`, elapsedMs: Date.now() - started });
  });
  for (const service of builds) {
    throwIfCancelled(opts.signal, 'Building images');
    if (!opts.rebuild && (await imageExists(docker, service.image))) {
      opts.onProgress({ type: 'service', service: service.name, phase: 'image-ready', message: `image ${service.image} present` });
      continue;
    }
    opts.onProgress({ type: 'service', service: service.name, phase: 'building', message: `building ${service.image}` });
    await buildImage(docker, service.image, service.build!, { service: service.name, onProgress: opts.onProgress, signal: opts.signal });
    opts.onProgress({ type: 'service', service: service.name, phase: 'image-ready', message: `built ${service.image}` });
  }
}
