// Build a `build:` service's image from its context, streaming the build output as progress.
import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import type { BuildSpec } from '../compose/types.js';
import { StatusError, cancelledError } from '../errors.js';
import type { ProgressListener } from '../progress.js';
import { buildContextFiles } from './build-context.js';
import { readNdjson } from '../docker/ndjson.js';

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

export async function buildImage(docker: Docker, image: string, build: BuildSpec, opts: BuildOptions): Promise<void> {
  const src = await buildContextFiles(build.context, build.dockerfile);
  if (!src.includes(build.dockerfile)) {
    throw new StatusError(
      'IMAGE_BUILD_FAILED',
      `Cannot build ${opts.service}: ${build.dockerfile} is missing in ${build.context}.`,
      'Reinstall STATUS Desktop, or point the service at a published image in Settings.',
      { service: opts.service },
    );
  }
  const stream = (await docker.buildImage(
    { context: build.context, src },
    {
      t: image,
      dockerfile: build.dockerfile,
      buildargs: build.args,
      ...(build.target ? { target: build.target } : {}),
      rm: true,
      forcerm: true,
      labels: { 'org.status.desktop.service': opts.service },
    },
  )) as Readable;
  const abort = () => stream.destroy(cancelledError(`Building ${image}`));
  opts.signal?.addEventListener('abort', abort, { once: true });
  const tail: string[] = [];
  try {
    for await (const message of readNdjson<BuildMessage>(stream)) {
      if (message.error) {
        throw new StatusError(
          'IMAGE_BUILD_FAILED',
          `Building the image for ${opts.service} failed: ${message.errorDetail?.message ?? message.error}`,
          'The build output above shows the failing step. Check your network (builds download packages) and try again.',
          { service: opts.service, image, lastLines: tail.slice(-20) },
        );
      }
      const text = message.stream ?? message.status;
      if (!text) continue;
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 50) tail.shift();
        opts.onProgress({ type: 'build', service: opts.service, image, line });
      }
    }
  } catch (error) {
    if (opts.signal?.aborted) throw cancelledError(`Building ${image}`);
    throw error;
  } finally {
    opts.signal?.removeEventListener('abort', abort);
  }
}
