import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, type BackupManifest } from '../engine/backup/manifest.js';
import { readBackupManifest } from './backups-manifest.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'status-manifest-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const manifest: BackupManifest = {
  format: BACKUP_FORMAT,
  formatVersion: BACKUP_FORMAT_VERSION,
  createdAt: '2026-12-03T15:39:04.000Z',
  desktopVersion: '0.1.0',
  project: 'status',
  images: {},
  schema: { latestVersion: 12, migrations: [] },
  parts: [
    {
      name: 'secrets/secrets.json.enc',
      size: 3,
      sha256: 'a'.repeat(64),
      method: 'scrypt+aes-256-gcm',
      kind: 'secrets',
    },
  ],
};

/** A tar with the given entries, in order (the parts' content is not checked by the list). */
async function archive(name: string, entries: [string, string][]): Promise<string> {
  const file = path.join(dir, name);
  const pack = tar.pack();
  for (const [entry, content] of entries) pack.entry({ name: entry }, content);
  pack.finalize();
  await pipeline(pack, createWriteStream(file));
  return file;
}

describe('readBackupManifest', () => {
  it('reads the manifest at the front of a backup', async () => {
    const file = await archive('good.statusbackup', [
      ['manifest.json', JSON.stringify(manifest)],
      ['secrets/secrets.json.enc', 'xyz'],
    ]);
    expect(await readBackupManifest(file)).toEqual({ ok: true, manifest });
  });

  it('says why a file is not a readable backup', async () => {
    const other = await archive('other.statusbackup', [['notes.txt', 'hello']]);
    expect(await readBackupManifest(other)).toEqual({
      ok: false,
      reason: 'it starts with notes.txt, not manifest.json',
    });
    const bad = await archive('bad.statusbackup', [['manifest.json', '{"format":"something else"}']]);
    expect(await readBackupManifest(bad)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/can read/),
    });
    const text = path.join(dir, 'text.statusbackup');
    await writeFile(text, 'not a tar archive at all, just some words that are not a header');
    expect(await readBackupManifest(text)).toMatchObject({ ok: false });
    expect(await readBackupManifest(path.join(dir, 'missing.statusbackup'))).toMatchObject({ ok: false });
  });
});
