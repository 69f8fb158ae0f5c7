// The test registry speaks the Registry HTTP API v2 subset the engine uses. Fed a synthetic
// `docker save` archive (a symlinked layer, as `docker save` writes for repeated layers), so no
// engine is needed; pull.test.ts shows the real engine pulling from it.
import { gunzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_V2, TestRegistry, sha256 } from './registry.js';

async function dockerSaveArchive(): Promise<{ archive: Buffer; layers: Buffer[] }> {
  const layerTar = async (file: string, content: string) => {
    const pack = tar.pack();
    pack.entry({ name: file }, content);
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of pack as AsyncIterable<Buffer>) chunks.push(chunk);
    return Buffer.concat(chunks);
  };
  const a = await layerTar('a.txt', 'first layer');
  const b = await layerTar('b.txt', 'second layer');
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: [sha256(a), sha256(b), sha256(a)] },
  });
  const pack = tar.pack();
  pack.entry({ name: 'cfg.json' }, config);
  pack.entry({ name: 'l1/layer.tar' }, a);
  pack.entry({ name: 'l2/layer.tar' }, b);
  pack.entry({ name: 'l3/layer.tar', type: 'symlink', linkname: '../l1/layer.tar' });
  pack.entry(
    { name: 'manifest.json' },
    JSON.stringify([
      { Config: 'cfg.json', RepoTags: ['x:1'], Layers: ['l1/layer.tar', 'l2/layer.tar', 'l3/layer.tar'] },
    ]),
  );
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack as AsyncIterable<Buffer>) chunks.push(chunk);
  return { archive: Buffer.concat(chunks), layers: [a, b, a] };
}

let registry: TestRegistry;
let loaded: Awaited<ReturnType<TestRegistry['loadDockerSave']>>;
let layers: Buffer[];
const url = (p: string) => `http://${registry.host}${p}`;

beforeAll(async () => {
  registry = await TestRegistry.start();
  const saved = await dockerSaveArchive();
  layers = saved.layers;
  loaded = await registry.loadDockerSave(saved.archive, 'st-reg/app', 'v1');
});

afterAll(() => registry?.close());

describe('TestRegistry', () => {
  it('answers the version check on 127.0.0.1', async () => {
    expect(registry.host).toMatch(/^127\.0\.0\.1:\d+$/);
    const res = await fetch(url('/v2/'));
    expect(res.status).toBe(200);
    expect(res.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
  });

  it('serves a schema2 manifest by tag and by digest, HEAD with the same headers', async () => {
    const res = await fetch(url('/v2/st-reg/app/manifests/v1'), { headers: { Accept: MANIFEST_V2 } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(MANIFEST_V2);
    const body = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get('docker-content-digest')).toBe(sha256(body));
    expect(sha256(body)).toBe(loaded.manifestDigest);
    const manifest = JSON.parse(body.toString()) as {
      schemaVersion: number;
      config: { digest: string };
      layers: { digest: string; size: number }[];
    };
    expect(manifest.schemaVersion).toBe(2);
    expect(manifest.config.digest).toBe(loaded.configDigest);
    expect(manifest.layers.map((l) => l.digest)).toEqual(loaded.layers);

    const head = await fetch(url(`/v2/st-reg/app/manifests/${loaded.manifestDigest}`), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('docker-content-digest')).toBe(loaded.manifestDigest);
    expect(Number(head.headers.get('content-length'))).toBe(body.length);
  });

  it('serves gzipped layers whose digest and size the manifest names, the symlinked one too', async () => {
    const manifest = (await (await fetch(url('/v2/st-reg/app/manifests/v1'))).json()) as {
      layers: { digest: string; size: number }[];
    };
    for (const [i, layer] of manifest.layers.entries()) {
      const res = await fetch(url(`/v2/st-reg/app/blobs/${layer.digest}`));
      const blob = Buffer.from(await res.arrayBuffer());
      expect(sha256(blob)).toBe(layer.digest);
      expect(blob.length).toBe(layer.size);
      expect(gunzipSync(blob).equals(layers[i]!)).toBe(true);
    }
    const partial = await fetch(url(`/v2/st-reg/app/blobs/${manifest.layers[0]!.digest}`), {
      headers: { Range: 'bytes=10-' },
    });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe(
      `bytes 10-${manifest.layers[0]!.size - 1}/${manifest.layers[0]!.size}`,
    );
  });

  it('answers unknown names, tags and blobs with the spec’s 404 error bodies', async () => {
    for (const [p, code] of [
      ['/v2/st-reg/nope/manifests/v1', 'NAME_UNKNOWN'],
      ['/v2/st-reg/app/manifests/v2', 'MANIFEST_UNKNOWN'],
      [`/v2/st-reg/app/manifests/sha256:${'0'.repeat(64)}`, 'MANIFEST_UNKNOWN'],
      [`/v2/st-reg/app/blobs/sha256:${'0'.repeat(64)}`, 'BLOB_UNKNOWN'],
    ] as const) {
      const res = await fetch(url(p));
      expect(res.status).toBe(404);
      expect(((await res.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe(code);
    }
  });

  it('fails the next N manifest requests with 503, then recovers', async () => {
    registry.faults.failManifestRequests = 2;
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await fetch(url('/v2/st-reg/app/manifests/v1'), { method: 'HEAD' })).status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it('throttles blobs, and logs a download the client abandons as aborted', async () => {
    registry.faults.throttleBytesPerSecond = 10; // 1 byte per 100 ms
    try {
      const controller = new AbortController();
      const logged = new Promise<{ aborted: boolean; bytes: number }>((resolve) =>
        registry.once('request', resolve),
      );
      const res = await fetch(url(`/v2/st-reg/app/blobs/${loaded.layers[0]}`), { signal: controller.signal });
      const reader = res.body!.getReader();
      await reader.read(); // the first byte
      controller.abort();
      const log = await logged;
      expect(log.aborted).toBe(true);
      expect(log.bytes).toBeLessThan(Number(res.headers.get('content-length')));
    } finally {
      registry.faults.throttleBytesPerSecond = null;
    }
  });
});
