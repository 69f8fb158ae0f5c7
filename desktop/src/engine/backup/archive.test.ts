import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureToFile, readArchive, writeArchive } from './archive.js';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, type BackupManifest } from './manifest.js';
import { isRefusal } from './refusal.js';

let dir: string;
const content = Buffer.from('pg_dump output '.repeat(5000));

async function goodManifest(): Promise<{ manifest: BackupManifest; partFile: string }> {
  const partFile = path.join(dir, 'statusdb.part');
  const digest = await captureToFile(partFile, (sink) => pipeline(Readable.from([content]), sink));
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    desktopVersion: '0.1.0',
    project: 'status',
    images: { postgres: { image: 'postgres:17', imageId: null } },
    schema: null,
    parts: [
      {
        kind: 'postgres-database',
        name: 'postgres/statusdb.pgdump',
        method: 'pg_dump',
        service: 'postgres',
        database: 'statusdb',
        owner: 'status',
        ...digest,
      },
    ],
  };
  return { manifest, partFile };
}

/** An archive as writeArchive makes it. */
async function makeArchive(name: string): Promise<string> {
  const { manifest, partFile } = await goodManifest();
  const file = path.join(dir, `${name}.backup`);
  await writeArchive(file, manifest, new Map([['postgres/statusdb.pgdump', partFile]]));
  return file;
}

/** An archive with a manifest of our choosing in front of the real part. */
async function forgedArchive(name: string, edit: (m: BackupManifest) => unknown): Promise<string> {
  const { manifest } = await goodManifest();
  const pack = tar.pack();
  pack.entry({ name: 'manifest.json' }, JSON.stringify(edit(manifest)));
  pack.entry({ name: 'postgres/statusdb.pgdump' }, content);
  pack.finalize();
  const file = path.join(dir, `${name}.backup`);
  await pipeline(pack, createWriteStream(file));
  return file;
}

async function refusal(file: string): Promise<unknown> {
  return readArchive(file).then(
    () => 'accepted',
    (error: unknown) => error,
  );
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'st-archive-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the backup archive', () => {
  it('reads back the manifest and every part as written', async () => {
    const parts: Record<string, string> = {};
    const manifest = await readArchive(await makeArchive('ok'), {
      async part(part, stream) {
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        parts[part.name] = Buffer.concat(chunks).toString('utf8');
      },
    });
    expect(manifest.parts[0]).toMatchObject({
      size: content.length,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(parts).toEqual({ 'postgres/statusdb.pgdump': content.toString('utf8') });
  });

  it('refuses a newer format version by name, before looking at its parts', async () => {
    const error = await refusal(
      await forgedArchive('newer', (m) => ({ ...m, formatVersion: BACKUP_FORMAT_VERSION + 1 })),
    );
    expect(isRefusal(error, 'unknown-format-version')).toBe(true);
    expect((error as Error).message).toMatch(/format version 2; this STATUS Desktop reads version 1/);
  });

  it('refuses a manifest that is not one of ours, and a manifest with a broken field', async () => {
    expect(
      isRefusal(await refusal(await forgedArchive('foreign', () => ({ hello: 'world' }))), 'not-a-backup'),
    ).toBe(true);
    const broken = await refusal(await forgedArchive('broken', (m) => ({ ...m, parts: [{ name: 'x' }] })));
    expect(isRefusal(broken, 'damaged-manifest')).toBe(true);
  });

  it('refuses a part whose size the manifest does not match', async () => {
    const file = await forgedArchive('short', (m) => ({
      ...m,
      parts: m.parts.map((p) => ({ ...p, size: p.size + 1 })),
    }));
    const error = await refusal(file);
    expect(isRefusal(error, 'corrupt-part')).toBe(true);
  });

  it('refuses a file that stops inside the manifest or before a part, and a file that is not a tar', async () => {
    const cut = await makeArchive('cut');
    await truncate(cut, 700);
    expect(isRefusal(await refusal(cut), 'truncated')).toBe(true);
    const text = path.join(dir, 'notes.txt');
    await writeFile(text, 'just some text, no tar at all'.repeat(40));
    expect(isRefusal(await refusal(text), 'not-a-backup')).toBe(true);
    expect(isRefusal(await refusal(path.join(dir, 'missing.backup')), 'not-a-backup')).toBe(true);
    expect((await readFile(cut)).length).toBe(700);
  });
});
