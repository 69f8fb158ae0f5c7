// Build a `build:` service's image from its context, streaming the build output as progress.
import type Docker from 'dockerode';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { BuildSpec } from '../compose/types.js';
import { StatusError, cancelledError, isStatusError } from '../errors.js';
import type { ProgressListener } from '../progress.js';
import { CONTEXT_HASH_LABEL, buildContextFiles, buildInputsHash } from './build-context.js';
import { readNdjson } from '../docker/ndjson.js';
import { engineMessage } from './engine-message.js';

interface BuildMessage {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

export interface BuildOptions {
  service: string;
  onProgress: ProgressListener;
  signal?: AbortSignal;
}

export async function buildImage(
  docker: Docker,
  image: string,
  build: BuildSpec,
  opts: BuildOptions,
): Promise<void> {
  if (opts.signal?.aborted) throw cancelledError(`Building ${image}`);
  const contextIsDir = await stat(build.context).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!contextIsDir) {
    throw new StatusError(
      'IMAGE_BUILD_FAILED',
      `Cannot build ${opts.service}: its build folder ${build.context} does not exist.`,
      'Reinstall STATUS Desktop, or point the service at a published image in Settings.',
      { service: opts.service, image },
    );
  }
  // The engine finds the Dockerfile by its path inside the context: `./Dockerfile` is `Dockerfile`.
  const dockerfile = path.posix.normalize(build.dockerfile.replace(/\\/g, '/'));
  const src = await buildContextFiles(build.context, dockerfile);
  if (!src.includes(dockerfile)) {
    throw new StatusError(
      'IMAGE_BUILD_FAILED',
      `Cannot build ${opts.service}: ${build.dockerfile} is missing in ${build.context}.`,
      'Reinstall STATUS Desktop, or point the service at a published image in Settings.',
      { service: opts.service, image },
    );
  }
  const tail: string[] = [];
  let step = '';
  const failed = (reason: string) =>
    new StatusError(
      'IMAGE_BUILD_FAILED',
      `Building the image for ${opts.service} failed${step ? ` at ${step}` : ''}: ${reason}`,
      'The build output above shows the failing step. Check your network (builds download packages) and try again.',
      { service: opts.service, image, step, lastLines: tail.slice(-20) },
    );
  let stream: Readable;
  try {
    stream = (await docker.buildImage(
      { context: build.context, src },
      {
        t: image,
        dockerfile,
        buildargs: build.args,
        ...(build.target ? { target: build.target } : {}),
        rm: true,
        forcerm: true,
        labels: {
          'org.status.desktop.service': opts.service,
          [CONTEXT_HASH_LABEL]: await buildInputsHash(build),
        },
        ...(opts.signal ? { abortSignal: opts.signal } : {}),
      },
    )) as Readable;
  } catch (error) {
    if (opts.signal?.aborted) throw cancelledError(`Building ${image}`);
    // Refused before any output (a Dockerfile the engine cannot parse, a bad option).
    throw failed(engineMessage(error));
  }
  const abort = () => stream.destroy(cancelledError(`Building ${image}`));
  opts.signal?.addEventListener('abort', abort, { once: true });
  if (opts.signal?.aborted) abort();
  try {
    for await (const message of readNdjson<BuildMessage>(stream)) {
      if (message.error) throw failed(message.errorDetail?.message ?? message.error);
      const text = message.stream ?? message.status;
      if (!text) continue;
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 50) tail.shift();
        const stepMatch = /^Step (\d+\/\d+) : (.*)$/.exec(line);
        if (stepMatch) step = `step ${stepMatch[1]} (${shorten(stepMatch[2]!.trim(), 100)})`;
        opts.onProgress({ type: 'build', service: opts.service, image, line });
      }
    }
  } catch (error) {
    if (opts.signal?.aborted) throw cancelledError(`Building ${image}`);
    if (isStatusError(error)) throw error;
    throw failed(engineMessage(error)); // the connection to the engine broke mid-build
  } finally {
    opts.signal?.removeEventListener('abort', abort);
  }
  if (opts.signal?.aborted) throw cancelledError(`Building ${image}`);
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
