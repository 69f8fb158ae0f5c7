// The archive: a plain tar whose first entry is manifest.json, then one entry per part in the
// manifest's order. Parts are captured to files first (hashed as they are written), so the
// manifest at the front can carry every part's size and SHA-256. Reading checks each part against
// the manifest as it streams by; any mismatch is a refusal naming the part.
import { createReadStream, createWriteStream } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { devNull, digester, readAll, writeTarFile, type Digest } from '../util/tar-file.js';
import { z } from 'zod';
import {
  BACKUP_FORMAT_VERSION,
  MANIFEST_ENTRY,
  manifestHeadSchema,
  manifestSchema,
  type BackupManifest,
  type ManifestPart,
} from './manifest.js';
import { BackupRefused } from './refusal.js';

/** Far above any real manifest; a bigger first entry is not ours. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/**
 * Captures one part into `file`: `fill` writes into the sink it is given (and ends it, as
 * pipeline does); the part's size and SHA-256 come back.
 */
export async function captureToFile(
  file: string,
  fill: (sink: Writable) => Promise<void>,
  onBytes?: (bytes: number) => void,
): Promise<Digest> {
  const counter = digester(onBytes);
  const written = pipeline(counter, createWriteStream(file, { mode: 0o600 }));
  try {
    await fill(counter);
  } catch (error) {
    counter.destroy(error as Error);
    await written.catch(() => undefined);
    throw error;
  }
  await written;
  return counter.digest();
}

/** Writes the archive: the manifest, then each part from its file. */
export function writeArchive(
  dest: string,
  manifest: BackupManifest,
  files: Map<string, string>,
  signal?: AbortSignal,
): Promise<void> {
  const entries = manifest.parts.map((part) => ({
    name: part.name,
    size: part.size,
    file: files.get(part.name)!,
  }));
  return writeTarFile(dest, MANIFEST_ENTRY, manifest, entries, new Date(manifest.createdAt), signal);
}

const notABackup = (file: string, why: string) =>
  new BackupRefused(
    'not-a-backup',
    `${file} is not a STATUS backup: ${why}.`,
    'Choose a file made by STATUS Desktop (`status-desktop backup` or the Backups page).',
    { file },
  );

const truncated = (file: string, where: string) =>
  new BackupRefused(
    'truncated',
    `${file} is truncated: it ends ${where}.`,
    'The copy is incomplete (an interrupted download or a full disk). Copy the backup again, or choose another one.',
    { file },
  );

function parseManifest(file: string, text: string): BackupManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw notABackup(file, 'its manifest.json is not JSON');
  }
  const head = manifestHeadSchema.safeParse(json);
  if (!head.success) throw notABackup(file, 'its manifest.json is not a STATUS backup manifest');
  if (head.data.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new BackupRefused(
      'unknown-format-version',
      `${file} is a STATUS backup of format version ${head.data.formatVersion}; this STATUS Desktop reads version ${BACKUP_FORMAT_VERSION}.`,
      head.data.formatVersion > BACKUP_FORMAT_VERSION
        ? 'It was made by a newer STATUS Desktop: update STATUS Desktop, then restore it.'
        : 'It was made by an older STATUS Desktop that this version no longer reads.',
      { file, formatVersion: head.data.formatVersion },
    );
  }
  const full = manifestSchema.safeParse(json);
  if (!full.success) {
    throw new BackupRefused(
      'damaged-manifest',
      `The manifest of ${file} is damaged: ${z.prettifyError(full.error).split('\n')[0]}.`,
      'Choose another backup.',
      { file },
    );
  }
  return full.data;
}

export interface ArchiveVisitor {
  /** Sees the manifest before any part; throwing refuses the archive. */
  manifest?(manifest: BackupManifest): void | Promise<void>;
  /** Consumes one part's content (it must read the stream to its end). */
  part?(part: ManifestPart, content: Readable): Promise<void>;
  onBytes?(part: ManifestPart, bytes: number): void;
  /** A part matched its size and SHA-256. */
  verified?(part: ManifestPart): void;
}

/**
 * Reads the archive once, checking each part against the manifest (size and SHA-256) and that
 * every part is there. Throws a BackupRefused naming the reason; returns the manifest.
 */
export async function readArchive(file: string, visit: ArchiveVisitor = {}): Promise<BackupManifest> {
  const extract = tar.extract();
  let manifest: BackupManifest | undefined;
  const seen = new Set<string>();
  let failure: unknown;

  extract.on('entry', (header, stream, next) => {
    handle(header, stream).then(
      () => next(),
      (error: unknown) => {
        failure ??= error;
        stream.resume();
        extract.destroy(error as Error);
      },
    );
  });

  async function handle(header: tar.Headers, stream: Readable): Promise<void> {
    if (!manifest) {
      if (header.name !== MANIFEST_ENTRY)
        throw notABackup(file, `it starts with ${header.name}, not ${MANIFEST_ENTRY}`);
      const text = await readAll(stream, MAX_MANIFEST_BYTES);
      if (!text) throw notABackup(file, `its ${MANIFEST_ENTRY} is far too large`);
      manifest = parseManifest(file, text.toString('utf8'));
      await visit.manifest?.(manifest);
      return;
    }
    const part = manifest.parts.find((p) => p.name === header.name);
    if (!part || seen.has(part.name)) {
      throw new BackupRefused(
        'corrupt-part',
        `${file} holds ${header.name}, which its manifest does not list (once).`,
        'The archive was changed after it was made; choose another backup.',
        { file, part: header.name },
      );
    }
    seen.add(part.name);
    const counter = digester((bytes) => visit.onBytes?.(part, bytes));
    const consumer = visit.part ?? ((_p, content) => pipeline(content, devNull()));
    await Promise.all([pipeline(stream, counter), consumer(part, counter)]);
    const { size, sha256 } = counter.digest();
    if (size !== part.size || sha256 !== part.sha256) {
      throw new BackupRefused(
        'corrupt-part',
        `The part ${part.name} of ${file} is corrupt: ${size !== part.size ? `${size} bytes instead of ${part.size}` : 'its SHA-256 does not match the manifest'}.`,
        'The file was damaged on disk or in transfer; copy the backup again or choose another one. Nothing was changed.',
        { file, part: part.name },
      );
    }
    visit.verified?.(part);
  }

  try {
    await pipeline(createReadStream(file), extract);
  } catch (error) {
    throw classifyReadError(file, failure ?? error, manifest !== undefined);
  }
  if (!manifest) throw notABackup(file, 'it is empty');
  const missing = manifest.parts.filter((p) => !seen.has(p.name));
  if (missing.length) throw truncated(file, `before ${missing.map((p) => p.name).join(', ')}`);
  return manifest;
}

function classifyReadError(file: string, error: unknown, afterManifest: boolean): unknown {
  if (error instanceof BackupRefused) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT')
    return new BackupRefused('not-a-backup', `There is no file ${file}.`, 'Check the path and try again.', {
      file,
    });
  if (code) return error;
  const message = (error as Error).message ?? '';
  if (/unexpected end/i.test(message))
    return truncated(file, afterManifest ? 'in the middle of a part' : 'in its manifest');
  if (!afterManifest) return notABackup(file, 'it is not a tar archive');
  return new BackupRefused(
    'corrupt-part',
    `${file} is corrupt: ${message}.`,
    'The file was damaged on disk or in transfer; copy the backup again or choose another one.',
    { file },
  );
}

export { devNull, type Digest };
