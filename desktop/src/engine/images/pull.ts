// Pull one image with per-layer progress, retries with back-off for transient failures, and
// cancellation (destroying the request makes the engine abandon the pull).
import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { StatusError, cancelledError } from '../errors.js';
import type { ProgressListener } from '../progress.js';
import { readNdjson } from '../docker/ndjson.js';
import { engineMessage } from './engine-message.js';
import { PullTracker, type PullMessage } from './pull-progress.js';

export interface PullOptions {
  service: string;
  onProgress: ProgressListener;
  signal?: AbortSignal;
  /** Attempts in all, first one included. */
  attempts?: number;
  /** First back-off delay; doubles each retry. */
  baseDelayMs?: number;
}

/** Registry answers that will not change by retrying. */
const PERMANENT =
  /manifest unknown|not found|does not exist|unauthorized|denied|invalid reference|no matching manifest|repository name must/i;

export function isPermanentPullError(message: string): boolean {
  return PERMANENT.test(message);
}

export async function pullImage(docker: Docker, image: string, opts: PullOptions): Promise<void> {
  const attempts = opts.attempts ?? 4;
  const baseDelay = opts.baseDelayMs ?? 1000;
  // One tracker for every attempt: the layers named so far stay on screen through a retry.
  const tracker = new PullTracker();
  for (let attempt = 1; ; attempt++) {
    try {
      await pullOnce(docker, image, tracker, opts);
      return;
    } catch (error) {
      if (opts.signal?.aborted) throw cancelledError(`Pulling ${image}`);
      const message = engineMessage(error);
      if (isPermanentPullError(message) || attempt >= attempts)
        throw pullFailed(image, opts.service, message, attempt, error);
      const delayMs = baseDelay * 2 ** (attempt - 1);
      opts.onProgress({ type: 'pull-retry', service: opts.service, image, attempt, delayMs, error: message });
      await delay(delayMs, opts.signal);
    }
  }
}

async function pullOnce(
  docker: Docker,
  image: string,
  tracker: PullTracker,
  opts: PullOptions,
): Promise<void> {
  if (opts.signal?.aborted) throw cancelledError(`Pulling ${image}`);
  // The signal also aborts the request while the engine is still fetching the manifest (the
  // answer starts only after that); once streaming, destroying the response ends the pull.
  const stream = (await docker.pull(image, opts.signal ? { abortSignal: opts.signal } : {})) as Readable;
  const abort = () => stream.destroy(cancelledError(`Pulling ${image}`));
  opts.signal?.addEventListener('abort', abort, { once: true });
  if (opts.signal?.aborted) abort();
  try {
    for await (const message of readNdjson<PullMessage>(stream)) {
      if (message.error) throw new Error(message.errorDetail?.message ?? message.error);
      opts.onProgress({ type: 'pull', service: opts.service, image, summary: tracker.add(message) });
    }
  } finally {
    opts.signal?.removeEventListener('abort', abort);
  }
  if (opts.signal?.aborted) throw cancelledError(`Pulling ${image}`);
}

/** stack/compose.yaml services whose image variable is not STATUS_<SERVICE>_IMAGE. */
const IMAGE_VARIABLE_EXCEPTIONS: Record<string, string> = { 'mongo-registry': 'STATUS_MONGO_IMAGE' };

/** The STATUS_*_IMAGE setting that chooses a service's image. */
export function imageVariableFor(service: string): string {
  return (
    IMAGE_VARIABLE_EXCEPTIONS[service] ??
    `STATUS_${service
      .replace(/^status-/, '')
      .replace(/[^A-Za-z0-9]+/g, '_')
      .toUpperCase()}_IMAGE`
  );
}

/** What an operator without internet (or with only a company registry) can do instead. */
export const OFFLINE_WAYS_OUT =
  'Without internet: on a connected computer run `status-desktop images save FILE`, then load that file here (Settings → Images → Load images from a file, or `status-desktop images load FILE`). Behind a company registry: set it as the registry mirror (Settings → Images, or STATUS_REGISTRY_MIRROR).';

function pullFailed(
  image: string,
  service: string,
  message: string,
  attempts: number,
  cause: unknown,
): StatusError {
  const permanent = isPermanentPullError(message);
  const hint = permanent
    ? `Check the image name and tag (Settings → image versions, or ${imageVariableFor(service)}), and sign in with \`docker login\` if the registry is private.`
    : `Check your internet connection or proxy settings, then press Start again; images already downloaded are kept. ${OFFLINE_WAYS_OUT}`;
  return new StatusError(
    'IMAGE_PULL_FAILED',
    `Could not download the image ${image} for ${service}${permanent ? '' : ` after ${attempts} attempts`}: ${message}`,
    hint,
    { image, service, attempts },
    { cause },
  );
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError('Waiting to retry'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledError('Waiting to retry'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
