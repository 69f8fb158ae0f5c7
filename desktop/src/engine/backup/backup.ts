// createBackup: one archive with a consistent copy of every data store of the project (see
// plan.ts for which and capture for how), plus the manifest. Written to a temporary file next to
// the destination and renamed at the end: a failed or cancelled backup leaves no partial archive.
import type Docker from 'dockerode';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ComposeProject } from '../compose/types.js';
import { cancelledError, StatusError } from '../errors.js';
import { listProjectContainers } from '../labels.js';
import { up } from '../lifecycle/up.js';
import { stop } from '../lifecycle/stop.js';
import { writeArchive } from './archive.js';
import { captureStores, type CapturedPart } from './capture.js';
import type { BackupListener } from './events.js';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, type BackupManifest } from './manifest.js';
import { planBackup } from './plan.js';
import { encryptSecrets, type BackupSecrets } from './secrets.js';

export interface BackupOptions {
  /** The archive to write; replaced only once the new one is complete. */
  to: string;
  onProgress?: BackupListener;
  signal?: AbortSignal;
  /** Put these secrets in the archive, encrypted with the passphrase (default: no secrets). */
  includeSecrets?: { passphrase: string; secrets: BackupSecrets };
  /** Recorded in the manifest; default: desktop/package.json's version. */
  desktopVersion?: string;
  /**
   * Starts services again after a store was copied with its service stopped. Default: the
   * lifecycle's up for those services (the launcher passes its own, with its setup steps).
   */
  start?: (services: string[]) => Promise<unknown>;
}

export interface BackupResult {
  file: string;
  size: number;
  manifest: BackupManifest;
}

async function packageVersion(): Promise<string> {
  try {
    const text = await readFile(new URL('../../../package.json', import.meta.url), 'utf8');
    return (JSON.parse(text) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Image reference and ID per service: the ID its container runs, or the local image's. */
async function imageIds(docker: Docker, project: ComposeProject): Promise<BackupManifest['images']> {
  const containers = await listProjectContainers(docker, project.name);
  const images: BackupManifest['images'] = {};
  for (const service of Object.values(project.services)) {
    let imageId: string | null = containers.get(service.name)?.[0]?.ImageID ?? null;
    imageId ??= await docker
      .getImage(service.image)
      .inspect()
      .then((info) => info.Id)
      .catch(() => null);
    images[service.name] = { image: service.image, imageId };
  }
  return images;
}

export async function createBackup(
  docker: Docker,
  project: ComposeProject,
  opts: BackupOptions,
): Promise<BackupResult> {
  const onProgress = opts.onProgress ?? (() => {});
  const dest = path.resolve(opts.to);
  const dir = path.dirname(dest);
  await mkdir(dir, { recursive: true });
  const work = await mkdtemp(path.join(dir, '.status-backup-'));
  const partial = path.join(dir, `.${path.basename(dest)}.${randomBytes(4).toString('hex')}.partial`);
  const start =
    opts.start ??
    ((services: string[]) => up(docker, project, { services, onProgress, signal: opts.signal }));
  try {
    const { parts, schema } = await captureStores(docker, project, planBackup(project), {
      dir: work,
      onProgress,
      signal: opts.signal,
      stop: (services) => stop(docker, project, { services, onProgress }),
      start,
    });
    if (opts.includeSecrets) parts.push(await secretsPart(work, opts.includeSecrets));
    if (opts.signal?.aborted) throw cancelledError('The backup');

    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      desktopVersion: opts.desktopVersion ?? (await packageVersion()),
      project: project.name,
      images: await imageIds(docker, project),
      schema,
      parts: parts.map((p) => p.entry),
    };
    const size = manifest.parts.reduce((sum, p) => sum + p.size, 0);
    onProgress({ type: 'backup-file', file: dest, phase: 'writing', bytes: size });
    await writeArchive(partial, manifest, new Map(parts.map((p) => [p.entry.name, p.file])), opts.signal);
    await rename(partial, dest);
    onProgress({ type: 'backup-file', file: dest, phase: 'written', bytes: size });
    return { file: dest, size, manifest };
  } catch (error) {
    await rm(partial, { force: true });
    if (opts.signal?.aborted && !(error instanceof StatusError)) throw cancelledError('The backup');
    throw error;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function secretsPart(
  work: string,
  include: NonNullable<BackupOptions['includeSecrets']>,
): Promise<CapturedPart> {
  const sealed = await encryptSecrets(include.secrets, include.passphrase);
  const file = path.join(work, 'secrets.json.enc');
  await writeFile(file, sealed, { mode: 0o600 });
  return {
    file,
    entry: {
      kind: 'secrets',
      name: 'secrets/secrets.json.enc',
      method: 'scrypt+aes-256-gcm',
      size: sealed.length,
      sha256: createHash('sha256').update(sealed).digest('hex'),
    },
  };
}
