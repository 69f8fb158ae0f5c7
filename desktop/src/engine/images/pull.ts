// Pull one image with per-layer progress, retries with back-off for transient failures, and
// cancellation (destroying the request makes the engine abandon the pull).
import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { StatusError, cancelledError } from '../errors.js';
import type { ProgressListener } from '../progress.js';
import { readNdjson } from '../docker/ndjson.js';

interface PullMessage {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

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
const PERMANENT = /manifest unknown|not found|does not exist|unauthorized|denied|invalid reference|no matching manifest|repository name must/i;

export function isPermanentPullError(message: string): boolean {
  return PERMANENT.test(message);
}

export async function pullImage(docker: Docker, image: string, opts: PullOptions): Promise<void> {
  const attempts = opts.attempts ?? 4;
  const baseDelay = opts.baseDelayMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      await pullOnce(docker, image, opts);
      return;
    } catch (error) {
      if (opts.signal?.aborted) throw cancelledError(`Pulling ${image}`);
      const message = error instanceof Error ? error.message : String(error);
      if (isPermanentPullError(message) || attempt >= attempts) throw pullFailed(image, opts.service, message, attempt);
      const delayMs = baseDelay * 2 ** (attempt - 1);
      opts.onProgress({ type: 'pull-retry', service: opts.service, image, attempt, delayMs, error: message });
      await delay(delayMs, opts.signal);
    }
  }
}

async function pullOnce(docker: Docker, image: string, opts: PullOptions): Promise<void> {
  const stream = (await docker.pull(image)) as Readable;
  const abort = () => stream.destroy(cancelledError(`Pulling ${image}`));
  opts.signal?.addEventListener('abort', abort, { once: true });
  try {
    for await (const message of readNdjson<PullMessage>(stream)) {
      if (message.error) throw new Error(message.errorDetail?.message ?? message.error);
      opts.onProgress({
        type: 'pull',
        service: opts.service,
        image,
        layer: message.id && message.id !== image.split(':').pop() ? message.id : '',
        status: message.status ?? '',
        current: message.progressDetail?.current,
        total: message.progressDetail?.total,
      });
    }
  } finally {
    opts.signal?.removeEventListener('abort', abort);
  }
  if (opts.signal?.aborted) throw cancelledError(`Pulling ${image}`);
}

function pullFailed(image: string, service: string, message: string, attempts: number): StatusError {
  const permanent = isPermanentPullError(message);
  const hint = permanent
    ? `Check the image name and tag (Settings → image versions, or STATUS_${service.replace(/^status-/, '').replace(/-/g, '_').toUpperCase()}_IMAGE), and sign in with \`docker login\` if the registry is private.`
    : 'Check your internet connection or proxy settings, then press Start again; images already downloaded are kept.';
  return new StatusError(
    'IMAGE_PULL_FAILED',
    `Could not download the image ${image} for ${service}${permanent ? '' : ` after ${attempts} attempts`}: ${message}`,
    hint,
    { image, service, attempts },
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
