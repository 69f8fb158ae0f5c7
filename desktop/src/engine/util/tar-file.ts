// Tar files whose first entry is a JSON manifest describing the rest (backups, image bundles):
// writing entries from files, hashing what streams by, reading a bounded manifest. The formats
// themselves (what the manifest says, what a mismatch means) belong to their callers.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';

export interface Digest {
  size: number;
  sha256: string;
}

/** A pass-through that counts and hashes what flows through it. */
export function digester(onBytes?: (bytes: number) => void): Transform & { digest(): Digest } {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      onBytes?.(size);
      done(null, chunk);
    },
  });
  return Object.assign(stream, { digest: () => ({ size, sha256: hash.digest('hex') }) });
}

/** A sink that drops everything (to read a stream only for its hash). */
export function devNull(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}

/** The whole stream, or undefined when it is longer than `limit` bytes. */
export async function readAll(stream: Readable, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface TarFileEntry {
  name: string;
  /** The file whose content the entry holds, and its size. */
  file: string;
  size: number;
}

/**
 * Writes `manifest` (as `manifestName`, pretty JSON) then each entry from its file, mode 0600,
 * every entry dated `mtime`. Cancelled by `signal`; a failure leaves a partial `dest` to remove.
 */
export async function writeTarFile(
  dest: string,
  manifestName: string,
  manifest: unknown,
  entries: TarFileEntry[],
  mtime: Date,
  signal?: AbortSignal,
): Promise<void> {
  const pack = tar.pack();
  const out = pipeline(pack, createWriteStream(dest, { mode: 0o600 }), { signal });
  const addEntry = (header: tar.Headers, content: Readable) =>
    new Promise<void>((resolve, reject) => {
      const entry = pack.entry(header, (error) => (error ? reject(error) : resolve()));
      content.once('error', reject);
      content.pipe(entry);
    });
  try {
    const json = Buffer.from(JSON.stringify(manifest, null, 2), 'utf8');
    await addEntry({ name: manifestName, size: json.length, mode: 0o600, mtime }, Readable.from([json]));
    for (const entry of entries) {
      await addEntry(
        { name: entry.name, size: entry.size, mode: 0o600, mtime },
        createReadStream(entry.file),
      );
    }
    pack.finalize();
  } catch (error) {
    pack.destroy(error as Error);
    await out.catch(() => undefined);
    throw error;
  }
  await out;
}
