// pullImage against the real engine and a local registry (test/registry/registry.ts) serving fresh
// two-layer images built FROM scratch with random content, so every pull really downloads. The
// engine pulls from 127.0.0.1:<port> over plain HTTP (127.0.0.0/8 is an insecure registry by
// default). Everything is named st-pull*; pulled images are removed afterwards.
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRegistry, serveRandomImage, type RegistryRequestLog } from '../../../test/registry/registry.js';
import { rejected } from '../../../test/expect-error.js';
import type { ProgressEvent, PullSummary } from '../progress.js';
import { imageExists } from './ensure.js';
import { pullImage } from './pull.js';

const docker = new Docker();
let registry: TestRegistry;
const pulled: string[] = [];

const randomTag = () => `t-${randomBytes(5).toString('hex')}`;
const shortId = (digest: string) => digest.slice('sha256:'.length, 'sha256:'.length + 12);
/** The summaries pullImage sent, in order. */
const summaries = (events: ProgressEvent[]): PullSummary[] =>
  events.flatMap((e) => (e.type === 'pull' ? [e.summary] : []));
/** The last summary pullImage sent. */
const lastSummary = (events: ProgressEvent[]) => summaries(events).at(-1);

/** Serves a fresh image; returns its reference and what the registry holds for it. */
async function freshImage(layerBytes?: number[]) {
  const name = 'st-pull/tiny';
  const tag = randomTag();
  const loaded = await serveRandomImage(docker, registry, name, tag, { layerBytes });
  const ref = registry.ref(name, tag);
  pulled.push(ref);
  return { ref, tag, ...loaded };
}

beforeAll(async () => {
  registry = await TestRegistry.start();
});

afterAll(async () => {
  for (const ref of pulled)
    await docker
      .getImage(ref)
      .remove({ force: true })
      .catch(() => {});
  await registry?.close();
});

describe('pullImage (real engine, local registry)', () => {
  it('downloads every layer with per-layer progress and ends with the image present', async () => {
    const image = await freshImage([4 * 1024, 256 * 1024]);
    const events: ProgressEvent[] = [];
    await pullImage(docker, image.ref, { service: 'st-pull', onProgress: (e) => events.push(e) });

    expect(await imageExists(docker, image.ref)).toBe(true);
    const pulls = events.filter((e) => e.type === 'pull');
    expect(pulls.every((e) => e.service === 'st-pull' && e.image === image.ref)).toBe(true);
    // Over plain HTTP: the engine asked this server for the manifest and both layers.
    const paths = registry.requests.map((r) => r.path);
    for (const digest of image.layers) expect(paths).toContain(`/v2/st-pull/tiny/blobs/${digest}`);

    const layerIds = image.layers.map(shortId);
    // "Pulling from st-pull/tiny" carries the tag as its id: an image-level line, not a layer.
    const sent = summaries(events);
    expect(sent.some((summary) => summary.layers.some((l) => l.id === image.tag))).toBe(false);
    for (const id of layerIds) {
      const mine = sent.flatMap((summary) => summary.layers.filter((l) => l.id === id));
      expect(mine[0]?.status).toBe('Pulling fs layer');
      expect(mine.at(-1)?.status).toBe('Pull complete');
      // Its size, from Downloading or (a small layer, fetched at once) Extracting.
      expect(mine.some((l) => l.total > 0)).toBe(true);
      for (const l of mine) expect(l.current).toBeLessThanOrEqual(l.total);
    }
    // Only the image-level "Status: …" line, the last, ends the pull.
    expect(sent.slice(0, -1).every((summary) => !summary.done)).toBe(true);

    const summary = lastSummary(events)!;
    expect(summary.done).toBe(true);
    expect(summary.layers.map((l) => l.id)).toEqual(layerIds); // base layer first
    expect(summary.layers.every((l) => l.done && l.status === 'Pull complete')).toBe(true);
    expect(summary.total).toBeGreaterThan(256 * 1024); // random bytes do not compress
    expect(summary.current).toBe(summary.total);
  });

  it('reports layers, never the reference, when pulling by digest or without a tag (:latest)', async () => {
    const image = await freshImage();
    const latest = await serveRandomImage(docker, registry, 'st-pull/untagged', 'latest');
    const byDigest = `${registry.host}/st-pull/tiny@${image.manifestDigest}`;
    const untagged = `${registry.host}/st-pull/untagged`;
    pulled.push(byDigest, `${untagged}:latest`);
    for (const [ref, layers] of [
      [byDigest, image.layers],
      [untagged, latest.layers],
    ] as const) {
      const events: ProgressEvent[] = [];
      await pullImage(docker, ref, { service: 'st-pull', onProgress: (e) => events.push(e) });
      // The first line ("Pulling from …", with the reference as its id) names no layer.
      expect(summaries(events)[0]?.layers).toEqual([]);
      expect(lastSummary(events)?.layers.map((l) => l.id)).toEqual(layers.map(shortId));
      expect(lastSummary(events)?.done).toBe(true);
      expect(await imageExists(docker, ref)).toBe(true);
    }
  });

  it('retries transient registry failures (503) with doubling back-off, then succeeds', async () => {
    const image = await freshImage();
    registry.faults.failManifestRequests = 4;
    const events: ProgressEvent[] = [];
    await pullImage(docker, image.ref, {
      service: 'st-pull',
      onProgress: (e) => events.push(e),
      attempts: 6,
      baseDelayMs: 5,
    });

    expect(registry.faults.failManifestRequests).toBe(0);
    expect(registry.requests.filter((r) => r.status === 503)).toHaveLength(4);
    const retries = events.filter((e) => e.type === 'pull-retry');
    // The engine asks for the manifest at most twice per pull (HEAD, then GET): ≥ 2 failed attempts.
    expect(retries.length).toBeGreaterThanOrEqual(2);
    retries.forEach((retry, i) => {
      expect(retry).toMatchObject({
        service: 'st-pull',
        image: image.ref,
        attempt: i + 1,
        delayMs: 5 * 2 ** i,
      });
      expect(retry.type === 'pull-retry' && retry.error).toMatch(/503/);
    });
    expect(await imageExists(docker, image.ref)).toBe(true);
    expect(lastSummary(events)?.done).toBe(true);
  });

  it('gives up after the last attempt with IMAGE_PULL_FAILED that says how many were made', async () => {
    const image = await freshImage();
    registry.faults.failManifestRequests = 1000;
    try {
      const events: ProgressEvent[] = [];
      const error = await rejected(
        pullImage(docker, image.ref, {
          service: 'status-backend',
          onProgress: (e) => events.push(e),
          attempts: 3,
          baseDelayMs: 5,
        }),
      );
      expect(error.code).toBe('IMAGE_PULL_FAILED');
      expect(error.message).toBe(
        `Could not download the image ${image.ref} for status-backend after 3 attempts: received unexpected HTTP status: 503 Service Unavailable`,
      );
      expect(error.hint).toMatch(/internet connection/);
      // The ways out for a machine that cannot reach the registry at all.
      expect(error.hint).toMatch(/images save FILE.*Load images from a file.*registry mirror/);
      expect(error.details).toMatchObject({ attempts: 3 });
      expect(
        events.filter((e) => e.type === 'pull-retry').map((e) => e.type === 'pull-retry' && e.attempt),
      ).toEqual([1, 2]);
      expect(await imageExists(docker, image.ref)).toBe(false);
    } finally {
      registry.faults.failManifestRequests = 0;
    }
  });

  it('fails at once, without retrying, for an unknown tag or repository (404)', async () => {
    await freshImage(); // the repository exists; the tag asked for does not
    for (const [ref, service, variable] of [
      [registry.ref('st-pull/tiny', 'no-such-tag'), 'postgres', 'STATUS_POSTGRES_IMAGE'],
      [registry.ref('st-pull/no-such-repo', 'x'), 'mongo-registry', 'STATUS_MONGO_IMAGE'],
    ] as const) {
      const before = registry.requests.length;
      const events: ProgressEvent[] = [];
      const error = await rejected(
        pullImage(docker, ref, { service, onProgress: (e) => events.push(e), attempts: 4, baseDelayMs: 5 }),
      );
      expect(error.code).toBe('IMAGE_PULL_FAILED');
      expect(error.message).toContain(ref);
      expect(error.message).toMatch(/not found/);
      expect(error.message).not.toMatch(/HTTP code|attempts/);
      expect(error.hint).toContain(variable);
      expect(error.details).toMatchObject({ image: ref, service, attempts: 1 });
      expect(events.filter((e) => e.type === 'pull-retry')).toEqual([]);
      // One attempt: the engine's HEAD and GET of the manifest, nothing more.
      const manifestRequests = registry.requests.slice(before).filter((r) => r.path.includes('/manifests/'));
      expect(manifestRequests.length).toBeGreaterThan(0);
      expect(manifestRequests.length).toBeLessThanOrEqual(2);
      expect(manifestRequests.every((r) => r.status === 404)).toBe(true);
    }
  });

  it('cancelling mid-download rejects with CANCELLED, ends the download and tags nothing', async () => {
    const image = await freshImage([1024, 2 * 1024 * 1024]);
    const big = image.layers[1]!;
    registry.faults.throttleBytesPerSecond = 256 * 1024; // the big layer would take ~8 s
    try {
      const bigBlobDone = new Promise<RegistryRequestLog>((resolve) => {
        const onRequest = (log: RegistryRequestLog) => {
          if (!log.path.endsWith(big)) return;
          registry.off('request', onRequest);
          resolve(log);
        };
        registry.on('request', onRequest);
      });
      const controller = new AbortController();
      const events: ProgressEvent[] = [];
      const error = await rejected(
        pullImage(docker, image.ref, {
          service: 'st-pull',
          signal: controller.signal,
          onProgress: (e) => {
            events.push(e);
            const layer = e.type === 'pull' ? e.summary.layers.find((l) => l.id === shortId(big)) : undefined;
            if (layer?.status === 'Downloading' && layer.current > 0) controller.abort();
          },
        }),
      );
      expect(error.code).toBe('CANCELLED');
      expect(controller.signal.aborted).toBe(true);
      // Prompt: rejected while the registry was still sending the layer.
      expect(registry.requests.some((r) => r.path.endsWith(big) && !r.aborted)).toBe(false);
      // The engine abandoned the download: the registry saw the connection go away part-way.
      const log = await bigBlobDone;
      expect(log.aborted).toBe(true);
      expect(log.bytes).toBeLessThan(2 * 1024 * 1024);
      expect(
        summaries(events).some((summary) =>
          summary.layers.some((l) => l.id === shortId(big) && l.status === 'Pull complete'),
        ),
      ).toBe(false);
      expect(await imageExists(docker, image.ref)).toBe(false);
    } finally {
      registry.faults.throttleBytesPerSecond = null;
    }
  });

  it('cancelling while waiting to retry rejects with CANCELLED without waiting out the back-off', async () => {
    const image = await freshImage();
    registry.faults.failManifestRequests = 1000;
    try {
      const controller = new AbortController();
      const events: ProgressEvent[] = [];
      const error = await rejected(
        pullImage(docker, image.ref, {
          service: 'st-pull',
          signal: controller.signal,
          attempts: 4,
          baseDelayMs: 600_000, // the test would time out if the wait were not cut short
          onProgress: (e) => {
            events.push(e);
            // After pullImage has started waiting (the listener runs before the wait begins).
            if (e.type === 'pull-retry') setImmediate(() => controller.abort());
          },
        }),
      );
      expect(error.code).toBe('CANCELLED');
      expect(events.filter((e) => e.type === 'pull-retry')).toHaveLength(1);
    } finally {
      registry.faults.failManifestRequests = 0;
    }
  });

  it('an already aborted signal rejects with CANCELLED before asking the engine', async () => {
    const image = await freshImage();
    const before = registry.requests.length;
    const error = await rejected(
      pullImage(docker, image.ref, { service: 'st-pull', signal: AbortSignal.abort(), onProgress: () => {} }),
    );
    expect(error.code).toBe('CANCELLED');
    expect(registry.requests.length).toBe(before);
    expect(await imageExists(docker, image.ref)).toBe(false);
  });
});
