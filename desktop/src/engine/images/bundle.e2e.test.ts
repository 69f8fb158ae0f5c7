// Image bundles on the real engine: save two images of a stack, remove them, load the bundle and
// find them back with the same IDs; a damaged, truncated or foreign file is refused before the
// engine is touched. The images are extra tags of a test image, so removing them removes only
// the tags (other tests keep using the image).
import Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadComposeProject } from '../compose/load.js';
import type { ComposeProject } from '../compose/types.js';
import { StatusError } from '../errors.js';
import { loadImages, readBundleManifest, saveImages, stackImages, verifyBundle } from './bundle.js';

const docker = new Docker();
const SOURCE = 'status-test/base:1';
const run = randomBytes(3).toString('hex');
const REFS = [`status-bundle-${run}/web:1`, `status-bundle-${run}/worker:1`];

let dir: string;
let project: ComposeProject;
let bundle: string;
let sourceId: string;

async function imageId(ref: string): Promise<string | undefined> {
  return docker
    .getImage(ref)
    .inspect()
    .then((info) => info.Id)
    .catch(() => undefined);
}

async function untag(): Promise<void> {
  for (const ref of REFS)
    await docker
      .getImage(ref)
      .remove({ noprune: true })
      .catch(() => undefined);
}

async function refusal(promise: Promise<unknown>): Promise<StatusError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StatusError);
  return error as StatusError;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'status-bundle-'));
  sourceId = (await docker.getImage(SOURCE).inspect()).Id;
  for (const ref of REFS) {
    const [repo, tag] = ref.split(':') as [string, string];
    await docker.getImage(SOURCE).tag({ repo, tag });
  }
  const file = path.join(dir, 'compose.yaml');
  await writeFile(
    file,
    [
      'services:',
      `  web: { image: "${REFS[0]}" }`,
      `  worker: { image: "${REFS[1]}" }`,
      `  helper: { image: "${REFS[1]}" }`,
      '',
    ].join('\n'),
  );
  project = (await loadComposeProject({ file, projectName: `bundle-${run}`, env: {} })).project;
  bundle = path.join(dir, 'stack.statusimages');
}, 60_000);

afterAll(async () => {
  await untag();
  await rm(dir, { recursive: true, force: true });
});

describe('image bundles', () => {
  it('lists each image once, with the services using it', () => {
    expect([...stackImages(project)]).toEqual([
      [REFS[0], ['web']],
      [REFS[1], ['worker', 'helper']],
    ]);
  });

  it('saves every image of the stack with a manifest and the payload checksum', async () => {
    const steps: number[] = [];
    const manifest = await saveImages(docker, project, bundle, {
      onProgress: (p) => p.type === 'images' && steps.push(p.bytes),
    });
    expect(manifest.images.map((i) => [i.ref, i.id, i.services])).toEqual([
      [REFS[0], sourceId, ['web']],
      [REFS[1], sourceId, ['worker', 'helper']],
    ]);
    expect(manifest.payload.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(steps.at(-1)).toBe(manifest.payload.size);
    expect(await readBundleManifest(bundle)).toEqual(manifest);
    expect(await verifyBundle(bundle)).toEqual(manifest);
  }, 120_000);

  it('loads the bundle back: the removed images return with the same IDs', async () => {
    await untag();
    for (const ref of REFS) expect(await imageId(ref)).toBeUndefined();
    const loading: number[] = [];
    const result = await loadImages(docker, bundle, {
      onProgress: (p) => p.type === 'images' && p.step === 'loading' && loading.push(p.bytes),
    });
    expect(result.loaded).toEqual(REFS);
    for (const ref of REFS) expect(await imageId(ref)).toBe(sourceId);
    expect(loading.at(-1)).toBe(result.manifest.payload.size);
  }, 120_000);

  it('refuses a damaged bundle before the engine sees it', async () => {
    const damaged = path.join(dir, 'damaged.statusimages');
    await writeFile(damaged, await readFile(bundle));
    const handle = await open(damaged, 'r+');
    const { size } = await handle.stat();
    await handle.write(Buffer.from([0x42]), 0, 1, Math.floor(size / 2));
    await handle.close();
    await untag();
    const error = await refusal(loadImages(docker, damaged));
    expect(error.code).toBe('IMAGES_REFUSED');
    expect(error.details.reason).toBe('corrupt');
    expect(error.hint).toMatch(/copy it again/);
    for (const ref of REFS) expect(await imageId(ref)).toBeUndefined();
  }, 120_000);

  it('refuses a truncated copy and a file that is not a bundle', async () => {
    const cut = path.join(dir, 'cut.statusimages');
    await writeFile(cut, await readFile(bundle));
    await truncate(cut, 300_000);
    expect((await refusal(verifyBundle(cut))).details.reason).toBe('truncated');
    const foreign = path.join(dir, 'notes.txt');
    await writeFile(foreign, 'not a tar at all');
    expect((await refusal(verifyBundle(foreign))).details.reason).toBe('not-a-bundle');
    expect((await refusal(verifyBundle(path.join(dir, 'nope')))).details.reason).toBe('missing');
  }, 60_000);

  it('names the image that is missing when asked to save it', async () => {
    await untag();
    const error = await refusal(saveImages(docker, project, path.join(dir, 'x.statusimages')));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain(REFS[0]);
    expect(error.hint).toMatch(/Start the platform once|pull/);
  });
});
