// Backup and restore on the real engine, with stack/compose.yaml's data stores (test images):
// test data in PostgreSQL (both databases), Node-RED's /data and Dragonfly → backup → the volumes
// deleted and new secrets made → a fresh start → restore → the same rows, files and keys.
// Archives that are corrupt, truncated, foreign, of another project or opened with a wrong
// passphrase are refused with their reason while the running stack stays as it was. MongoDB and
// Grafana are HTTP stand-ins here: for them this proves the volume copy (stopped) and the file
// copy, not mongodump or Grafana itself.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DATA_SERVICES,
  STACK_PARTS,
  createDataStack,
  type DataStack,
} from '../../../test/backup/data-stack.js';
import {
  createBackup,
  isRefusal,
  restoreBackup,
  verifyBackup,
  type BackupEvent,
  type BackupManifest,
} from './index.js';

const PASSPHRASE = 'correct horse battery staple';
const SECRETS = { STATUS_PROBE_SECRET: randomBytes(16).toString('hex') };
const rowsSql = "SELECT id || ':' || note FROM backup_probe ORDER BY id";

let stack: DataStack;
let dir: string;
let archive: string;
let manifest: BackupManifest;
const events: BackupEvent[] = [];

/** grafana_reader signs in over TCP with the password of the stack's current secrets. */
const readerLogin = () =>
  stack.exec('postgres', [
    'sh',
    '-c',
    'PGPASSWORD="$GRAFANA_DB_PASSWORD" psql -X -A -t -h 127.0.0.1 -U grafana_reader -d statusdb -c "SELECT count(*) FROM backup_probe"',
  ]);
const noderedFiles = () =>
  stack.exec('nodered', [
    'sh',
    '-c',
    'cd /data && sha256sum backup-probe/flows.json && stat -c "%U %n" backup-probe backup-probe/flows.json',
  ]);

/** What the test data looks like, read back from the stores. */
async function snapshot() {
  return {
    statusRows: await stack.psql('statusdb', rowsSql),
    grafanaRows: await stack.psql('grafana', 'SELECT title FROM grafana_probe ORDER BY title'),
    nodered: await noderedFiles(),
    key: await stack.redis('GET', 'backup:probe'),
  };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'st-backup-'));
  archive = path.join(dir, 'status.backup');
  stack = await createDataStack('st-backup');
  await stack.up();
  await stack.psql(
    'statusdb',
    'CREATE TABLE backup_probe (id int PRIMARY KEY, note text); INSERT INTO backup_probe SELECT g, md5(g::text) FROM generate_series(1, 500) g',
  );
  // What the backend's migrations leave (backend/src/db/migrate.ts), for the manifest's schema version.
  await stack.psql(
    'statusdb',
    "CREATE TABLE schema_migrations (version int PRIMARY KEY, name text, checksum text); INSERT INTO schema_migrations VALUES (1, '001_initial', 'a'), (2, '002_controls', 'b')",
  );
  await stack.psql(
    'grafana',
    "CREATE TABLE grafana_probe (title text); INSERT INTO grafana_probe VALUES ('Compliance overview'), ('Controls')",
  );
  await stack.exec('nodered', [
    'node',
    '-e',
    "const fs=require('fs');fs.mkdirSync('/data/backup-probe',{recursive:true});fs.writeFileSync('/data/backup-probe/flows.json',JSON.stringify([{id:'probe',type:'tab',label:'Backup probe'}]))",
  ]);
  await stack.redis('SET', 'backup:probe', 'kept across restore');
}, 600_000);

afterAll(async () => {
  await stack?.remove();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('backup and restore on the real engine (MongoDB and Grafana are stand-ins)', () => {
  let before: Awaited<ReturnType<typeof snapshot>>;

  it('writes one archive whose manifest lists every store with its capture method', async () => {
    before = await snapshot();
    const result = await createBackup(stack.docker, stack.project, {
      to: archive,
      onProgress: (e) => events.push(e),
      includeSecrets: { passphrase: PASSPHRASE, secrets: SECRETS },
    });
    manifest = result.manifest;
    const methods = Object.fromEntries(manifest.parts.map((p) => [p.name, p.method]));
    expect(methods).toEqual({ ...STACK_PARTS, 'secrets/secrets.json.enc': 'scrypt+aes-256-gcm' });
    expect(manifest.project).toBe(stack.project.name);
    expect(manifest.schema).toEqual({
      latestVersion: 2,
      migrations: [
        { version: 2, name: '002_controls' },
        { version: 1, name: '001_initial' },
      ],
    });
    expect(manifest.images.postgres).toEqual({
      image: 'status-test/postgres:1',
      imageId: expect.stringMatching(/^sha256:/),
    });
    expect(events.some((e) => e.type === 'backup-file' && e.phase === 'written')).toBe(true);
    // The stand-in MongoDB was stopped for its copy and started again; no temporary file is left.
    expect(Object.keys(await stack.runningState()).sort()).toEqual([...DATA_SERVICES].sort());
    expect(await readdir(dir)).toEqual(['status.backup']);
  });

  it('lists every part with the size and SHA-256 it has in the archive', async () => {
    const found = new Map<string, { size: number; sha256: string }>();
    const extract = tar.extract();
    extract.on('entry', (header, stream, next) => {
      const hash = createHash('sha256');
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        size += chunk.length;
      });
      stream.on('end', () => {
        found.set(header.name, { size, sha256: hash.digest('hex') });
        next();
      });
    });
    await new Promise<void>((resolve, reject) => {
      extract.on('finish', resolve).on('error', reject);
      readFile(archive).then((buf) => extract.end(buf), reject);
    });
    expect([...found.keys()][0]).toBe('manifest.json');
    for (const part of manifest.parts)
      expect(found.get(part.name)).toEqual({ size: part.size, sha256: part.sha256 });
    expect(found.size).toBe(manifest.parts.length + 1);
    await expect(verifyBackup(archive, { passphrase: PASSPHRASE })).resolves.toEqual(manifest);
  });

  it('leaves no archive and no temporary file when cancelled', async () => {
    const controller = new AbortController();
    const cancelled = path.join(dir, 'cancelled.backup');
    const error = await createBackup(stack.docker, stack.project, {
      to: cancelled,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.type === 'backup-part' && e.phase === 'captured') controller.abort();
      },
    }).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('CANCELLED');
    expect(await readdir(dir)).toEqual(['status.backup']);
  });

  it('refuses damaged, foreign and wrongly opened archives and touches nothing', async () => {
    const running = await stack.runningState();
    const bytes = await readFile(archive);
    const cases: Array<[string, Buffer, string, Parameters<typeof restoreBackup>[3]?]> = [
      ['corrupt.backup', flipByteInPart(bytes, 'postgres/statusdb.pgdump'), 'corrupt-part'],
      ['truncated.backup', bytes.subarray(0, Math.floor(bytes.length * 0.6)), 'truncated'],
      ['foreign.tar', await foreignTar(), 'not-a-backup'],
      ['wrong-passphrase.backup', bytes, 'wrong-passphrase', { passphrase: 'not the passphrase' }],
    ];
    for (const [name, content, reason, opts] of cases) {
      const file = path.join(dir, name);
      await writeFile(file, content);
      const error = await restoreBackup(stack.docker, stack.project, file, opts).catch((e: unknown) => e);
      expect(isRefusal(error, reason as never), `${name}: ${String(error)}`).toBe(true);
    }
    const otherProject = { ...stack.project, name: `${stack.project.name}-other` };
    const error = await restoreBackup(stack.docker, otherProject, archive).catch((e: unknown) => e);
    expect(isRefusal(error, 'other-project'), String(error)).toBe(true);

    expect(await stack.runningState()).toEqual(running);
    expect(await snapshot()).toEqual(before);
  });

  // A fresh start and the restore's start each wait for Node-RED (about 20 s) on a shared machine.
  it(
    'brings rows, files and keys back into a fresh install with new secrets',
    { timeout: 240_000 },
    async () => {
      // A fresh install as on another machine: no volumes, newly generated secrets.
      const readerPassword = () => stack.project.services.postgres!.environment.GRAFANA_DB_PASSWORD;
      const oldPassword = readerPassword();
      await stack.wipe();
      await stack.renewSecrets();
      expect(readerPassword()).not.toBe(oldPassword);
      await stack.up();
      await expect(stack.psql('statusdb', rowsSql)).rejects.toThrow(/backup_probe/);
      // A role whose password differs from the secrets: the restore gives it the project's.
      await stack.psql('postgres', "ALTER ROLE grafana_reader WITH PASSWORD 'from-another-machine'");
      expect(await stack.redis('GET', 'backup:probe')).toBe('\n');

      let secrets: Record<string, string> | undefined;
      events.length = 0;
      const result = await restoreBackup(stack.docker, stack.project, archive, {
        passphrase: PASSPHRASE,
        onProgress: (e) => events.push(e),
        applySecrets: async (s) => {
          secrets = s;
        },
      });
      const restored = events.filter((e) => e.type === 'backup-part' && e.phase === 'restored');
      expect(restored.map((e) => (e.type === 'backup-part' ? e.part : ''))).toEqual(result.restoredParts);
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'service', service: 'nodered', phase: 'healthy' }),
      );
      expect(secrets).toEqual(SECRETS);
      expect(result.secretsRestored).toBe(true);
      expect(result.restoredParts).toEqual(
        manifest.parts.filter((p) => p.kind !== 'secrets').map((p) => p.name),
      );
      expect([...result.started].sort()).toEqual([...DATA_SERVICES].sort());
      expect(await snapshot()).toEqual(before);
      expect([...result.rolesAligned].sort()).toEqual(['grafana', 'grafana_reader', 'status']);
      const login = await readerLogin();
      expect(login.trim()).toBe('500');
    },
  );
});

/** The archive with one byte flipped inside the named entry's content. */
function flipByteInPart(archive: Buffer, entry: string): Buffer {
  const copy = Buffer.from(archive);
  for (let offset = 0; offset + 512 <= copy.length;) {
    const header = copy.subarray(offset, offset + 512);
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim(), 8);
    if (name === entry) {
      copy[offset + 512 + Math.floor(size / 2)]! ^= 0xff;
      return copy;
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${entry} is not in the archive`);
}

async function foreignTar(): Promise<Buffer> {
  const pack = tar.pack();
  pack.entry({ name: 'notes.txt' }, 'not a STATUS backup');
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
