// Make sure every selected service has its image: build `build:` services whose image is
// missing (or always, when asked), pull the rest when missing. All before anything starts, so a
// download problem never leaves half a platform running.
import type Docker from 'dockerode';
import type { BuildSpec, ComposeProject, ServiceSpec } from '../compose/types.js';
import { StatusError, throwIfCancelled } from '../errors.js';
import type { ProgressListener, ServicePhase } from '../progress.js';
import { mapLimit } from '../util/concurrency.js';
import { buildImage } from './build.js';
import { CONTEXT_HASH_LABEL, buildInputsHash } from './build-context.js';
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

/** The image exists and was built from the build context as it is now. */
async function builtFromCurrentSources(docker: Docker, image: string, build: BuildSpec): Promise<boolean> {
  let labels: Record<string, string> | undefined;
  try {
    labels = (await docker.getImage(image).inspect()).Config?.Labels ?? undefined;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
  return labels?.[CONTEXT_HASH_LABEL] === (await buildInputsHash(build));
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

export async function ensureImages(
  docker: Docker,
  project: ComposeProject,
  opts: EnsureImagesOptions,
): Promise<void> {
  // Several services may share one image: fetch it once, and tell each of them it is ready.
  const groups = new Map<string, ServiceSpec[]>();
  for (const name of opts.services) {
    const service = project.services[name];
    if (!service) {
      throw new StatusError(
        'NOT_FOUND',
        `There is no service ${name} in ${project.name}.`,
        'Check the service name.',
        { service: name },
      );
    }
    const group = groups.get(service.image);
    if (group) group.push(service);
    else groups.set(service.image, [service]);
  }
  const phase = (services: ServiceSpec[], phase: ServicePhase, message: string, elapsedMs?: number) => {
    for (const s of services)
      opts.onProgress({
        type: 'service',
        service: s.name,
        phase,
        message,
        ...(elapsedMs === undefined ? {} : { elapsedMs }),
      });
  };
  // A group builds when one of its services has build: (the image is ours); otherwise it is pulled.
  const work = [...groups.values()].map((services) => ({
    services,
    lead: services.find((s) => s.build) ?? services[0]!,
  }));
  // Builds are CPU-heavy: one at a time. Pulls are network-bound: a few at once.
  const builds = work.filter((w) => w.lead.build);
  const pulls = work.filter((w) => !w.lead.build);
  await mapLimit(pulls, opts.pullConcurrency ?? 3, async ({ services, lead }) => {
    throwIfCancelled(opts.signal, 'Downloading images');
    if (!opts.pull && (await imageExists(docker, lead.image))) {
      phase(services, 'image-ready', `image ${lead.image} present`);
      return;
    }
    const started = Date.now();
    phase(services, 'pulling', `downloading ${lead.image}`);
    await pullImage(docker, lead.image, {
      service: lead.name,
      onProgress: opts.onProgress,
      signal: opts.signal,
      attempts: opts.pullAttempts,
      baseDelayMs: opts.pullBaseDelayMs,
    });
    phase(services, 'image-ready', `downloaded ${lead.image}`, Date.now() - started);
  });
  for (const { services, lead } of builds) {
    throwIfCancelled(opts.signal, 'Building images');
    if (!opts.rebuild && (await builtFromCurrentSources(docker, lead.image, lead.build!))) {
      phase(services, 'image-ready', `image ${lead.image} present`);
      continue;
    }
    const started = Date.now();
    phase(services, 'building', `building ${lead.image}`);
    await buildImage(docker, lead.image, lead.build!, {
      service: lead.name,
      onProgress: opts.onProgress,
      signal: opts.signal,
    });
    phase(services, 'image-ready', `built ${lead.image}`, Date.now() - started);
  }
}
