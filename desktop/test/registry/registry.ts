// A minimal read-only Docker Registry (HTTP API v2) for pull tests: no registry is reachable from
// our machines, so tests serve images they load from `docker save` output. The engine treats
// 127.0.0.0/8 as an insecure registry by default, so it pulls `127.0.0.1:<port>/<name>:<tag>` over
// plain HTTP.
//
// Serves GET /v2/, GET|HEAD /v2/<name>/manifests/<tag|digest> (schema2, with Docker-Content-Digest)
// and GET|HEAD /v2/<name>/blobs/<digest> (with `Range: bytes=N-`). Layers are gzipped on load (the
// manifest names the compressed digest and size; the config's diff_ids name the uncompressed ones).
//
// Faults (change them between tests through `registry.faults`):
//   failManifestRequests  the next N manifest requests answer 503 (a transient registry failure)
//   throttleBytesPerSecond  blobs trickle out at this rate (to cancel mid-download)
// Unknown repositories answer 404 NAME_UNKNOWN, unknown tags or digests 404 MANIFEST_UNKNOWN, with
// the spec's JSON error body.
import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type Docker from 'dockerode';
import tar from 'tar-stream';

const gzip = promisify(gzipCallback);

export const MANIFEST_V2 = 'application/vnd.docker.distribution.manifest.v2+json';
const CONFIG_V1 = 'application/vnd.docker.container.image.v1+json';
const LAYER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';

export interface RegistryFaults {
  /** The next N manifest requests (GET or HEAD) answer 503; counts down. */
  failManifestRequests: number;
  /** Send blobs at this many bytes per second; null: as fast as possible. */
  throttleBytesPerSecond: number | null;
}

export interface RegistryRequestLog {
  method: string;
  path: string;
  status: number;
  /** Body bytes written. */
  bytes: number;
  /** The client went away before the whole body was sent. */
  aborted: boolean;
}

interface LoadedImage {
  manifestDigest: string;
  configDigest: string;
  /** Compressed layer digests, base first. */
  layers: string[];
}

export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export class TestRegistry extends EventEmitter {
  readonly faults: RegistryFaults = { failManifestRequests: 0, throttleBytesPerSecond: null };
  /** Every request answered (or abandoned), in order of completion. */
  readonly requests: RegistryRequestLog[] = [];
  private readonly blobs = new Map<string, Buffer>();
  private readonly manifests = new Map<string, Buffer>();
  /** repository → tag → manifest digest */
  private readonly tags = new Map<string, Map<string, string>>();
  /** Uncompressed layer digest → its gzipped blob's: images sharing a base gzip it once. */
  private readonly compressedLayers = new Map<string, { digest: string; size: number }>();

  private constructor(
    private readonly server: Server,
    /** `127.0.0.1:<port>`: the registry part of an image reference. */
    readonly host: string,
  ) {
    super();
  }

  static async start(): Promise<TestRegistry> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const registry = new TestRegistry(server, `127.0.0.1:${port}`);
    server.on('request', (req, res) => registry.handle(req, res));
    return registry;
  }

  /** `127.0.0.1:<port>/<name>:<tag>` */
  ref(name: string, tag: string): string {
    return `${this.host}/${name}:${tag}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /**
   * Loads the first image of a `docker save` archive and serves it as `name:tag`. Returns the
   * manifest digest and the compressed layer digests.
   */
  async loadDockerSave(archive: Readable | Buffer, name: string, tag: string): Promise<LoadedImage> {
    const files = await readTar(archive);
    const manifestJson = files.get('manifest.json');
    if (!manifestJson) throw new Error('not a docker save archive: manifest.json is missing');
    const [entry] = JSON.parse(manifestJson.toString('utf8')) as { Config: string; Layers: string[] }[];
    if (!entry) throw new Error('docker save archive lists no image');
    const config = mustGet(files, entry.Config);
    const diffIds =
      (JSON.parse(config.toString('utf8')) as { rootfs?: { diff_ids?: string[] } }).rootfs?.diff_ids ?? [];
    if (diffIds.length !== entry.Layers.length)
      throw new Error(`config lists ${diffIds.length} layers, the archive ${entry.Layers.length}`);
    const layers: { mediaType: string; size: number; digest: string }[] = [];
    for (const [i, layerPath] of entry.Layers.entries()) {
      const raw = mustGet(files, layerPath);
      const diffId = sha256(raw);
      if (diffId !== diffIds[i]) throw new Error(`layer ${layerPath} does not match diff_id ${diffIds[i]}`);
      let blob = this.compressedLayers.get(diffId);
      if (!blob) {
        const compressed = await gzip(raw);
        blob = { digest: sha256(compressed), size: compressed.length };
        this.blobs.set(blob.digest, compressed);
        this.compressedLayers.set(diffId, blob);
      }
      layers.push({ mediaType: LAYER_GZIP, ...blob });
    }
    const configDigest = sha256(config);
    this.blobs.set(configDigest, config);
    const manifest = Buffer.from(
      JSON.stringify(
        {
          schemaVersion: 2,
          mediaType: MANIFEST_V2,
          config: { mediaType: CONFIG_V1, size: config.length, digest: configDigest },
          layers,
        },
        null,
        3,
      ),
    );
    const manifestDigest = sha256(manifest);
    this.manifests.set(manifestDigest, manifest);
    let repo = this.tags.get(name);
    if (!repo) this.tags.set(name, (repo = new Map()));
    repo.set(tag, manifestDigest);
    return { manifestDigest, configDigest, layers: layers.map((l) => l.digest) };
  }

  /** `docker save <image>` from the engine, served as `name:tag`. */
  async loadImage(docker: Docker, image: string, name: string, tag: string): Promise<LoadedImage> {
    const archive = (await docker.getImage(image).get()) as unknown as Readable;
    return this.loadDockerSave(archive, name, tag);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://registry');
    const log: RegistryRequestLog = {
      method: req.method ?? 'GET',
      path: url.pathname,
      status: 0,
      bytes: 0,
      aborted: false,
    };
    res.on('close', () => {
      log.status = res.statusCode;
      log.aborted = !res.writableFinished;
      this.requests.push(log);
      this.emit('request', log);
    });
    res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return this.error(res, 405, 'UNSUPPORTED', 'The operation is unsupported.');
    if (url.pathname === '/v2/' || url.pathname === '/v2')
      return this.send(req, res, 200, 'application/json', Buffer.from('{}'), log);
    const match = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    if (!match) return this.error(res, 404, 'NOT_FOUND', 'Not found.');
    const [, name, kind, reference] = match as unknown as [string, string, string, string];
    const repo = this.tags.get(name);
    if (kind === 'manifests') {
      if (this.faults.failManifestRequests > 0) {
        this.faults.failManifestRequests--;
        res.setHeader('Retry-After', '0');
        return this.error(
          res,
          503,
          'UNAVAILABLE',
          'The registry is temporarily unavailable (injected fault).',
        );
      }
      if (!repo)
        return this.error(res, 404, 'NAME_UNKNOWN', 'repository name not known to registry', { name });
      const digest = reference.startsWith('sha256:') ? reference : repo.get(reference);
      const manifest = digest && [...repo.values()].includes(digest) ? this.manifests.get(digest) : undefined;
      if (!digest || !manifest)
        return this.error(res, 404, 'MANIFEST_UNKNOWN', 'manifest unknown', { Tag: reference });
      res.setHeader('Docker-Content-Digest', digest);
      return this.send(req, res, 200, MANIFEST_V2, manifest, log);
    }
    const blob = repo ? this.blobs.get(reference) : undefined;
    if (!blob) return this.error(res, 404, 'BLOB_UNKNOWN', 'blob unknown to registry', { digest: reference });
    res.setHeader('Docker-Content-Digest', reference);
    res.setHeader('Accept-Ranges', 'bytes');
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), blob.length - 1) : blob.length - 1;
      if (start >= blob.length || end < start) {
        res.setHeader('Content-Range', `bytes */${blob.length}`);
        return this.error(res, 416, 'BLOB_UNKNOWN', 'range not satisfiable');
      }
      res.setHeader('Content-Range', `bytes ${start}-${end}/${blob.length}`);
      return this.send(req, res, 206, 'application/octet-stream', blob.subarray(start, end + 1), log, true);
    }
    return this.send(req, res, 200, 'application/octet-stream', blob, log, true);
  }

  private send(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    type: string,
    body: Buffer,
    log: RegistryRequestLog,
    throttle = false,
  ): void {
    res.statusCode = status;
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Length', body.length);
    if (req.method === 'HEAD') return void res.end();
    const rate = throttle ? this.faults.throttleBytesPerSecond : null;
    if (!rate) {
      log.bytes = body.length;
      return void res.end(body);
    }
    // A tenth of the rate every 100 ms, until done or the client goes away.
    const chunk = Math.max(1, Math.floor(rate / 10));
    let offset = 0;
    const tick = () => {
      if (res.destroyed) return;
      const part = body.subarray(offset, offset + chunk);
      offset += part.length;
      log.bytes = offset;
      if (offset >= body.length) return void res.end(part);
      res.write(part);
      timer = setTimeout(tick, 100);
    };
    let timer = setTimeout(tick, 0);
    res.on('close', () => clearTimeout(timer));
  }

  private error(res: ServerResponse, status: number, code: string, message: string, detail?: unknown): void {
    const body = Buffer.from(JSON.stringify({ errors: [{ code, message, detail: detail ?? null }] }));
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Content-Length', body.length);
    res.end(res.req.method === 'HEAD' ? undefined : body);
  }
}

function mustGet(files: Map<string, Buffer>, name: string): Buffer {
  const file = files.get(path.posix.normalize(name));
  if (!file) throw new Error(`docker save archive has no ${name}`);
  return file;
}

/** Every regular file of a tar, by normalized path; symbolic and hard links resolved. */
export async function readTar(archive: Readable | Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const links: { name: string; target: string }[] = [];
  const extract = tar.extract();
  await new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const name = path.posix.normalize(header.name);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (header.type === 'file' || header.type === 'contiguous-file')
          files.set(name, Buffer.concat(chunks));
        else if (header.type === 'symlink' && header.linkname)
          links.push({ name, target: path.posix.join(path.posix.dirname(name), header.linkname) });
        else if (header.type === 'link' && header.linkname)
          links.push({ name, target: path.posix.normalize(header.linkname) });
        next();
      });
      stream.on('error', reject);
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
    if (Buffer.isBuffer(archive)) extract.end(archive);
    else {
      archive.on('error', reject);
      archive.pipe(extract);
    }
  });
  for (const { name, target } of links) {
    const file = files.get(target);
    if (file) files.set(name, file);
  }
  return files;
}

/** Builds `tag` from a Dockerfile and the files beside it (name → content, executable). */
export async function buildFromFiles(
  docker: Docker,
  tag: string,
  dockerfile: string,
  files: Record<string, Buffer | string>,
): Promise<string> {
  const pack = tar.pack();
  pack.entry({ name: 'Dockerfile' }, dockerfile);
  for (const [name, content] of Object.entries(files)) pack.entry({ name, mode: 0o755 }, content);
  pack.finalize();
  const stream = await docker.buildImage(pack, { t: tag, rm: true, forcerm: true });
  const output = await new Promise<{ error?: string }[]>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, result: { error?: string }[]) =>
      error ? reject(error) : resolve(result),
    ),
  );
  const failure = output.find((m) => m.error);
  if (failure) throw new Error(`building ${tag} failed: ${failure.error}`);
  return (await docker.getImage(tag).inspect()).Id;
}

/**
 * Builds a small image FROM scratch with one layer per entry of `layers` (file name → content) and
 * tags it `tag`. Random content makes the layers new to the engine, so a pull really downloads them.
 */
export async function buildLayeredImage(
  docker: Docker,
  tag: string,
  layers: Record<string, Buffer>[],
): Promise<void> {
  const dockerfile = ['FROM scratch', ...layers.map((_, i) => `COPY layer${i}/ /`)].join('\n') + '\n';
  const files: Record<string, Buffer> = {};
  for (const [i, layer] of layers.entries())
    for (const [file, content] of Object.entries(layer)) files[`layer${i}/${file}`] = content;
  await buildFromFiles(docker, tag, dockerfile, files);
}

/** A fresh image of `layerCount` layers served as `name:tag`; the local source image is removed. */
export async function serveRandomImage(
  docker: Docker,
  registry: TestRegistry,
  name: string,
  tag: string,
  opts: { layerBytes?: number[] } = {},
): Promise<LoadedImage> {
  const sizes = opts.layerBytes ?? [4 * 1024, 256 * 1024];
  const source = `st-pull/source:${randomBytes(6).toString('hex')}`;
  await buildLayeredImage(
    docker,
    source,
    sizes.map((size, i) => ({ [`data${i}.bin`]: randomBytes(size) })),
  );
  try {
    return await registry.loadImage(docker, source, name, tag);
  } finally {
    await docker
      .getImage(source)
      .remove({ force: true })
      .catch(() => {});
  }
}
