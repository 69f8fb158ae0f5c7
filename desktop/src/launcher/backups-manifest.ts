// What a kept backup says about itself, for the list: only the archive's first entry (its
// manifest) is read, so listing twenty multi-gigabyte backups stays instant. Checking the parts is
// verifyBackup's job (a restore always does it first).
import { createReadStream } from 'node:fs';
import tar from 'tar-stream';
import { MANIFEST_ENTRY, manifestSchema, type BackupManifest } from '../engine/backup/manifest.js';

/** Far above any real manifest (the engine's reader has the same bound). */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export type ManifestRead = { ok: true; manifest: BackupManifest } | { ok: false; reason: string };

/** Reads and validates the manifest at the front of `file`; never throws. */
export function readBackupManifest(file: string): Promise<ManifestRead> {
  return new Promise((resolve) => {
    const source = createReadStream(file);
    const extract = tar.extract();
    let settled = false;
    const finish = (result: ManifestRead) => {
      if (settled) return;
      settled = true;
      source.destroy();
      extract.destroy();
      resolve(result);
    };
    extract.on('entry', (header, stream) => {
      if (header.name !== MANIFEST_ENTRY) {
        stream.resume();
        return finish({ ok: false, reason: `it starts with ${header.name}, not ${MANIFEST_ENTRY}` });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_MANIFEST_BYTES) finish({ ok: false, reason: 'its manifest is far too large' });
        else chunks.push(chunk);
      });
      stream.on('end', () => finish(parse(Buffer.concat(chunks).toString('utf8'))));
    });
    extract.on('finish', () => finish({ ok: false, reason: 'it is empty' }));
    extract.on('error', () => finish({ ok: false, reason: 'it is not a STATUS backup (not a tar archive)' }));
    source.on('error', (error) => finish({ ok: false, reason: error.message }));
    source.pipe(extract);
  });
}

function parse(text: string): ManifestRead {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'its manifest is not JSON' };
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'its manifest is not one STATUS Desktop can read' };
  return { ok: true, manifest: parsed.data };
}
