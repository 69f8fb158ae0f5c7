// Image bundles: every image a stack needs in one file, for machines that cannot download them
// (air-gapped installs). Made on a connected machine with `saveImages`, read on the offline one
// with `loadImages`, both through the Engine API (`GET /images/get`, `POST /images/load`), so a
// remote engine works as well as the local one.
//
// The file is a plain tar of two entries: `status-images.json` (what is inside: each image's
// reference, ID and the services using it, plus the payload's size and SHA-256), then
// `images.tar`, exactly what the engine's save produced (shared layers stored once). The payload
// is not compressed: layers mostly are already, and gzip would cost minutes on a laptop's CPU.
// Loading checks the whole payload against the manifest before the engine sees a byte of it.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { devNull, digester, readAll, writeTarFile } from '../util/tar-file.js';
import { z } from 'zod';
import type { ComposeProject } from '../compose/types.js';
import { readNdjson } from '../docker/ndjson.js';
import { StatusError, cancelledError } from '../errors.js';
import type { ProgressListener } from '../progress.js';
import { engineMessage } from './engine-message.js';

export const BUNDLE_MANIFEST = 'status-images.json';
export const BUNDLE_PAYLOAD = 'images.tar';
export const BUNDLE_EXTENSION = '.statusimages';
const BUNDLE_FORMAT_VERSION = 1;
const MAX_MANIFEST_BYTES = 1024 * 1024;

const manifestSchema = z.object({
  kind: z.literal('status-images'),
  formatVersion: z.int(),
  createdAt: z.string(),
  project: z.string(),
  images: z.array(
    z.object({ ref: z.string(), id: z.string(), size: z.number(), services: z.array(z.string()) }),
  ),
  payload: z.object({ size: z.number(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
});

export type BundleManifest = z.infer<typeof manifestSchema>;

export interface BundleOptions {
  /** `images` events: the payload's bytes so far, out of `total` when known. */
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

/** The images of the project's services, each once, with the services that use it. */
export function stackImages(project: ComposeProject, services?: string[]): Map<string, string[]> {
  const images = new Map<string, string[]>();
  for (const name of services ?? Object.keys(project.services)) {
    const image = project.services[name]?.image;
    if (!image) continue;
    images.set(image, [...(images.get(image) ?? []), name]);
  }
  return images;
}

function refused(message: string, hint: string, details: Record<string, unknown> = {}): StatusError {
  return new StatusError('IMAGES_REFUSED', message, hint, details);
}

/**
 * Writes every image of the project (or of `services`) into one bundle at `to`. The images must be
 * on the engine (pull or build them first); a missing one is named. Written beside `to` and
 * renamed at the end: a failed or cancelled save leaves no half file.
 */
export async function saveImages(
  docker: Docker,
  project: ComposeProject,
  to: string,
  opts: BundleOptions & { services?: string[] } = {},
): Promise<BundleManifest> {
  const images: BundleManifest['images'] = [];
  for (const [ref, services] of stackImages(project, opts.services)) {
    try {
      const info = await docker.getImage(ref).inspect();
      images.push({ ref, id: info.Id, size: info.Size, services });
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
      throw new StatusError(
        'NOT_FOUND',
        `The image ${ref} (${services.join(', ')}) is not on this engine, so it cannot be saved.`,
        'Download and build every image first (Start the platform once, or `status-desktop pull`), then save again.',
        { image: ref, services },
      );
    }
  }
  const total = images.reduce((sum, image) => sum + image.size, 0);
  await mkdir(path.dirname(path.resolve(to)), { recursive: true });
  const stamp = randomBytes(4).toString('hex');
  const payloadFile = `${to}.${stamp}.payload`;
  const partial = `${to}.${stamp}.partial`;
  try {
    // `GET /images/get?names=…` (dockerode has it; its type definitions do not).
    const exporter = docker as unknown as { getImages(opts: { names: string[] }): Promise<Readable> };
    const source = await exporter.getImages({ names: images.map((image) => image.ref) });
    const counter = digester((bytes) => opts.onProgress?.({ type: 'images', step: 'saving', bytes, total }));
    await pipeline(source, counter, createWriteStream(payloadFile, { mode: 0o600 }), {
      signal: opts.signal,
    });
    const manifest: BundleManifest = {
      kind: 'status-images',
      formatVersion: BUNDLE_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      project: project.name,
      images,
      payload: counter.digest(),
    };
    await writeTarFile(
      partial,
      BUNDLE_MANIFEST,
      manifest,
      [{ name: BUNDLE_PAYLOAD, file: payloadFile, size: manifest.payload.size }],
      new Date(manifest.createdAt),
      opts.signal,
    );
    await rename(partial, to);
    return manifest;
  } catch (error) {
    if (opts.signal?.aborted) throw cancelledError('Saving the images');
    throw error;
  } finally {
    await rm(payloadFile, { force: true });
    await rm(partial, { force: true });
  }
}

function notABundle(file: string, why: string): StatusError {
  return refused(
    `${file} is not a STATUS image bundle: ${why}.`,
    'Choose a file made by `status-desktop images save` (it ends in .statusimages).',
    { file, reason: 'not-a-bundle' },
  );
}

function parseManifest(file: string, text: string): BundleManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw notABundle(file, `its ${BUNDLE_MANIFEST} is not JSON`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw notABundle(file, `its ${BUNDLE_MANIFEST} is not an image bundle manifest`);
  if (parsed.data.formatVersion !== BUNDLE_FORMAT_VERSION) {
    throw refused(
      `${file} is an image bundle of format version ${parsed.data.formatVersion}; this STATUS Desktop reads version ${BUNDLE_FORMAT_VERSION}.`,
      'Make the bundle again with the STATUS Desktop version you run here.',
      { file, reason: 'unknown-format-version' },
    );
  }
  return parsed.data;
}

/**
 * Reads the bundle once: the manifest, then the payload through `consume` (which must read it to
 * its end), checking its size and SHA-256. Throws IMAGES_REFUSED naming what is wrong.
 */
async function readBundle(
  file: string,
  consume: (payload: Readable, manifest: BundleManifest) => Promise<void>,
  onBytes: (bytes: number, manifest: BundleManifest) => void,
  signal?: AbortSignal,
): Promise<BundleManifest> {
  const extract = tar.extract();
  let manifest: BundleManifest | undefined;
  let payloadSeen = false;
  let failure: unknown;
  extract.on('entry', (header, stream, next) => {
    handle(header, stream).then(next, (error: unknown) => {
      failure ??= error;
      stream.resume();
      extract.destroy(error as Error);
    });
  });
  async function handle(header: tar.Headers, stream: Readable): Promise<void> {
    if (!manifest) {
      if (header.name !== BUNDLE_MANIFEST) throw notABundle(file, `it starts with ${header.name}`);
      const text = await readAll(stream, MAX_MANIFEST_BYTES);
      if (!text) throw notABundle(file, `its ${BUNDLE_MANIFEST} is far too large`);
      manifest = parseManifest(file, text.toString('utf8'));
      return;
    }
    if (header.name !== BUNDLE_PAYLOAD || payloadSeen) throw notABundle(file, `it holds ${header.name}`);
    payloadSeen = true;
    const known = manifest;
    const counter = digester((bytes) => onBytes(bytes, known));
    await Promise.all([pipeline(stream, counter), consume(counter, known)]);
    const { size, sha256 } = counter.digest();
    if (size !== known.payload.size || sha256 !== known.payload.sha256) {
      throw refused(
        `The images in ${file} are damaged: ${size !== known.payload.size ? `${size} bytes instead of ${known.payload.size}` : 'their SHA-256 does not match the manifest'}.`,
        'The file was damaged on disk or in transfer: copy it again from the machine that made it.',
        { file, reason: 'corrupt' },
      );
    }
  }
  try {
    await pipeline(createReadStream(file), extract, { signal });
  } catch (error) {
    if (signal?.aborted) throw cancelledError('Loading the images');
    const cause = failure ?? error;
    if (cause instanceof StatusError) throw cause;
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
      throw refused(`There is no file ${file}.`, 'Check the path and try again.', {
        file,
        reason: 'missing',
      });
    }
    // A cut after the manifest is a truncated copy; before it, the file was never a bundle.
    if (manifest && /unexpected end/i.test((cause as Error).message ?? '')) {
      throw refused(
        `${file} is truncated.`,
        'The copy is incomplete (an interrupted transfer or a full disk): copy it again.',
        { file, reason: 'truncated' },
      );
    }
    throw notABundle(file, (cause as Error).message ?? String(cause));
  }
  if (!manifest) throw notABundle(file, 'it is empty');
  if (!payloadSeen) {
    throw refused(`${file} is truncated: it has no images.`, 'Copy it again from the machine that made it.', {
      file,
      reason: 'truncated',
    });
  }
  return manifest;
}

/** Checks the whole bundle against its manifest without loading anything. */
export function verifyBundle(file: string, opts: BundleOptions = {}): Promise<BundleManifest> {
  return readBundle(
    file,
    (payload) => pipeline(payload, devNull()),
    (bytes, manifest) =>
      opts.onProgress?.({ type: 'images', step: 'checking', bytes, total: manifest.payload.size }),
    opts.signal,
  );
}

/** Just the manifest (for showing what a bundle holds). */
export async function readBundleManifest(file: string): Promise<BundleManifest> {
  const size = (await stat(file)).size;
  const extract = tar.extract();
  const found = new Promise<BundleManifest>((resolve, reject) => {
    extract.once('entry', (header, stream) => {
      if (header.name !== BUNDLE_MANIFEST) return reject(notABundle(file, `it starts with ${header.name}`));
      readAll(stream, MAX_MANIFEST_BYTES).then((text) => {
        if (!text) return reject(notABundle(file, `its ${BUNDLE_MANIFEST} is far too large`));
        try {
          resolve(parseManifest(file, text.toString('utf8')));
        } catch (error) {
          reject(error);
        }
        extract.destroy();
      }, reject);
    });
    extract.once('error', (error) => reject(notABundle(file, error.message)));
    extract.once('finish', () => reject(notABundle(file, size ? 'it has no manifest' : 'it is empty')));
  });
  const source = createReadStream(file);
  source.pipe(extract);
  try {
    return await found;
  } finally {
    source.destroy();
  }
}

export interface LoadResult {
  manifest: BundleManifest;
  /** The image references now on the engine. */
  loaded: string[];
}

/**
 * Checks the bundle, then hands its images to the engine and confirms each one is there with the
 * ID the manifest names. A damaged bundle is refused before the engine is touched.
 */
export async function loadImages(
  docker: Docker,
  file: string,
  opts: BundleOptions = {},
): Promise<LoadResult> {
  await verifyBundle(file, opts);
  const manifest = await readBundle(
    file,
    async (payload) => {
      const body = new PassThrough();
      payload.pipe(body);
      const answer = (await docker.loadImage(
        body as never,
        {
          ...(opts.signal && { abortSignal: opts.signal }),
        } as never,
      )) as unknown as Readable;
      for await (const message of readNdjson<{ error?: string; errorDetail?: { message?: string } }>(
        answer,
      )) {
        if (message.error) {
          throw new StatusError(
            'IMAGES_REFUSED',
            `The engine could not load the images of ${file}: ${message.errorDetail?.message ?? message.error}.`,
            'Check the free disk space of the engine, then try again.',
            { file, reason: 'engine' },
          );
        }
      }
    },
    (bytes, known) =>
      opts.onProgress?.({ type: 'images', step: 'loading', bytes, total: known.payload.size }),
    opts.signal,
  ).catch((error: unknown) => {
    if (error instanceof StatusError) throw error;
    throw new StatusError(
      'IMAGES_REFUSED',
      `The engine could not load the images of ${file}: ${engineMessage(error)}.`,
      'Check the free disk space of the engine, then try again.',
      { file, reason: 'engine' },
    );
  });
  const loaded: string[] = [];
  for (const image of manifest.images) {
    const id = await docker
      .getImage(image.ref)
      .inspect()
      .then((info) => info.Id)
      .catch(() => undefined);
    if (id !== image.id) {
      throw new StatusError(
        'IMAGES_REFUSED',
        `After loading ${file}, ${image.ref} is ${id ? `the image ${id.slice(7, 19)}` : 'missing'} instead of ${image.id.slice(7, 19)}.`,
        'Load the bundle again; if it keeps failing, make a new bundle on the connected machine.',
        { file, image: image.ref, reason: 'engine' },
      );
    }
    loaded.push(image.ref);
  }
  return { manifest, loaded };
}
