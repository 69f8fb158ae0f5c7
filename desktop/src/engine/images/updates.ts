// "Check for updates": for every image the project runs, the digest the local image was downloaded
// as (its RepoDigests) against the digest its registry serves for the same tag now (the engine's
// distribution inspect, GET /distribution/{name}/json: the engine asks the registry with its own
// credentials and proxy settings). Each image is answered on its own: an unreachable registry makes
// that image "unknown" with the engine's reason, never the whole check fail.
import type Docker from 'dockerode';
import { z } from 'zod';
import type { ComposeProject } from '../compose/types.js';
import { mapLimit } from '../util/concurrency.js';
import { engineMessage } from './engine-message.js';
import { localDigestFor, parseImageReference } from './updates-reference.js';

export type ImageUpdateState =
  /** The registry serves the digest the local image was downloaded as. */
  | 'up-to-date'
  /** The registry serves another digest for the tag: a pull would change the image. */
  | 'update-available'
  /** No local image yet: the next start downloads it. */
  | 'not-pulled'
  /** The registry could not be asked, or the local image cannot be compared; `reason` says why. */
  | 'unknown'
  /** A `build:` image (ours): it comes with STATUS Desktop, not from a registry. */
  | 'built-locally'
  /** Named by digest (`name@sha256:…`): it never changes. */
  | 'pinned';

export interface ServiceImageCheck {
  service: string;
  image: string;
  state: ImageUpdateState;
  /** The digest the local image was downloaded as (its RepoDigests entry for this repository). */
  localDigest?: string;
  /** What the registry serves for the tag now. */
  remoteDigest?: string;
  /** Why the state is `unknown`, in the engine's words. */
  reason?: string;
}

export interface CheckImagesOptions {
  /** Per image; default 20 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type RegistryAnswer = { digest: string } | { error: string };
export type LocalImage = { repoDigests: string[] } | null;

/** The verdict for one image from what the engine and the registry said (no I/O: unit-tested). */
export function classifyImage(
  image: string,
  local: LocalImage,
  remote: RegistryAnswer,
): Omit<ServiceImageCheck, 'service'> {
  const localDigest = local ? localDigestFor(image, local.repoDigests) : undefined;
  const base = { image, ...(localDigest ? { localDigest } : {}) };
  if ('error' in remote) {
    const reason = `the registry could not be asked: ${remote.error}`;
    return { ...base, state: local ? 'unknown' : 'not-pulled', reason };
  }
  const withRemote = { ...base, remoteDigest: remote.digest };
  if (!local) return { ...withRemote, state: 'not-pulled' };
  if (!localDigest)
    return {
      ...withRemote,
      state: 'unknown',
      reason: 'the local image was not downloaded from its registry (it was loaded or tagged on this engine)',
    };
  return { ...withRemote, state: localDigest === remote.digest ? 'up-to-date' : 'update-available' };
}

const distributionSchema = z.object({ Descriptor: z.object({ digest: z.string() }) });

/** What the image's registry serves for its tag now, asked through the engine. */
export async function registryDigest(
  docker: Docker,
  image: string,
  opts: CheckImagesOptions = {},
): Promise<RegistryAnswer> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  try {
    const body = await new Promise<unknown>((resolve, reject) =>
      docker.modem.dial(
        {
          path: `/distribution/${image}/json`,
          method: 'GET',
          statusCodes: {
            200: true,
            401: 'unauthorized',
            403: 'denied',
            404: 'not found',
            500: 'server error',
          },
          abortSignal: signal,
        },
        (error: unknown, data: unknown) => (error ? reject(error) : resolve(data)),
      ),
    );
    const parsed = distributionSchema.safeParse(body);
    if (!parsed.success) return { error: 'the engine answered without a digest' };
    return { digest: parsed.data.Descriptor.digest };
  } catch (error) {
    if (timeout.aborted) return { error: `no answer within ${Math.round(timeoutMs / 1000)} s` };
    if (opts.signal?.aborted) return { error: 'cancelled' };
    return { error: engineMessage(error) };
  }
}

async function localImage(docker: Docker, image: string): Promise<LocalImage> {
  try {
    const info = await docker.getImage(image).inspect();
    return { repoDigests: info.RepoDigests ?? [] };
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return null;
    throw error;
  }
}

/** Every service's image checked against its registry, in the project's order. */
export async function checkImageUpdates(
  docker: Docker,
  project: ComposeProject,
  opts: CheckImagesOptions = {},
): Promise<ServiceImageCheck[]> {
  const services = Object.values(project.services);
  // Several services may share an image: one question per image.
  const pulled = [...new Set(services.filter((s) => !s.build).map((s) => s.image))];
  const verdicts = new Map<string, Omit<ServiceImageCheck, 'service'>>();
  await mapLimit(pulled, 4, async (image) => {
    if (parseImageReference(image).digest) {
      verdicts.set(image, { image, state: 'pinned' });
      return;
    }
    const [local, remote] = await Promise.all([
      localImage(docker, image),
      registryDigest(docker, image, opts),
    ]);
    verdicts.set(image, classifyImage(image, local, remote));
  });
  return services.map((s) =>
    s.build
      ? { service: s.name, image: s.image, state: 'built-locally' }
      : { service: s.name, ...verdicts.get(s.image)! },
  );
}
