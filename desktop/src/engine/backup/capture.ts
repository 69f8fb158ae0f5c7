// Capturing each store of the plan into its own file: PostgreSQL with pg_dump per database,
// MongoDB with mongodump (or its volumes, stopped), Dragonfly with a snapshot then its volume, and
// file stores by copying their volumes while they run.
import type Docker from 'dockerode';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { ComposeProject } from '../compose/types.js';
import { StatusError, throwIfCancelled } from '../errors.js';
import { listProjectContainers } from '../labels.js';
import { captureToFile } from './archive.js';
import { byteReporter, type BackupListener } from './events.js';
import type { CaptureMethod, ManifestPart } from './manifest.js';
import type { StorePlan, VolumeRef } from './plan.js';
import { dumpDatabase, listDatabases, schemaVersion, type SchemaVersion } from './postgres.js';
import { dragonflySave, hasCommand, mongoDump } from './stores.js';
import { readVolume } from './volumes.js';

export interface CapturedPart {
  entry: ManifestPart;
  /** Where the part waits until the archive is written. */
  file: string;
}

export interface CaptureContext {
  dir: string;
  onProgress: BackupListener;
  signal?: AbortSignal;
  stop: (services: string[]) => Promise<unknown>;
  start: (services: string[]) => Promise<unknown>;
}

/** A part before it is captured (Omit per member of the union). */
type PartDraft = ManifestPart extends infer P
  ? P extends unknown
    ? Omit<P, 'size' | 'sha256'>
    : never
  : never;

export async function captureStores(
  docker: Docker,
  project: ComposeProject,
  plans: StorePlan[],
  ctx: CaptureContext,
): Promise<{ parts: CapturedPart[]; schema: SchemaVersion | null }> {
  const containers = await listProjectContainers(docker, project.name);
  const running = (service: string): Docker.Container | undefined => {
    const info = containers.get(service)?.find((c) => c.State === 'running');
    return info ? docker.getContainer(info.Id) : undefined;
  };
  const parts: CapturedPart[] = [];
  let schema: SchemaVersion | null = null;

  const capture = async (draft: PartDraft, fill: (sink: Writable) => Promise<void>): Promise<void> => {
    throwIfCancelled(ctx.signal, 'The backup');
    const file = path.join(ctx.dir, `part-${parts.length}`);
    const progress = (phase: 'capturing' | 'captured', bytes: number) =>
      ctx.onProgress({
        type: 'backup-part',
        part: draft.name,
        phase,
        bytes,
        method: draft.method,
        message: `${phase === 'captured' ? 'captured' : 'capturing'} ${draft.name} (${draft.method})`,
      });
    progress('capturing', 0);
    const digest = await captureToFile(
      file,
      fill,
      byteReporter((bytes) => progress('capturing', bytes)),
    );
    progress('captured', digest.size);
    parts.push({ file, entry: { ...draft, ...digest } as ManifestPart });
  };

  const copyVolumes = async (plan: Exclude<StorePlan, { kind: 'postgres' }>, method: CaptureMethod) => {
    const image = project.services[plan.service]!.image;
    for (const volume of plan.volumes) {
      await capture(volumeDraft(plan.service, volume, method), (sink) =>
        readVolume(docker, project, image, volume, sink, ctx.signal),
      );
    }
  };

  /** The volumes with the service stopped; started again afterwards if it ran. */
  const copyStopped = async (plan: Exclude<StorePlan, { kind: 'postgres' }>) => {
    const wasRunning = running(plan.service) !== undefined;
    if (wasRunning) await ctx.stop([plan.service]);
    try {
      await copyVolumes(plan, 'volume-copy-stopped');
    } finally {
      if (wasRunning) await ctx.start([plan.service]);
    }
  };

  for (const plan of plans) {
    const container = running(plan.service);
    switch (plan.kind) {
      case 'postgres': {
        if (!container) throw notRunning(plan.service);
        const databases = await listDatabases(container, plan.user);
        for (const db of databases) {
          await capture(
            {
              kind: 'postgres-database',
              name: `postgres/${db.name}.pgdump`,
              method: 'pg_dump',
              service: plan.service,
              database: db.name,
              owner: db.owner,
            },
            (sink) => dumpDatabase(container, plan.user, db.name, sink, ctx.signal),
          );
        }
        const statusDb = project.services[plan.service]!.environment.POSTGRES_DB || plan.user;
        schema = await schemaVersion(container, plan.user, statusDb);
        break;
      }
      case 'mongo':
        if (container && (await hasCommand(container, 'mongodump')))
          await capture(
            { kind: 'mongo-dump', name: 'mongo/dump.archive.gz', method: 'mongodump', service: plan.service },
            (sink) => mongoDump(container, sink, ctx.signal),
          );
        else await copyStopped(plan);
        break;
      case 'dragonfly':
        if (container && (await dragonflySave(container))) await copyVolumes(plan, 'snapshot+volume-copy');
        else await copyStopped(plan);
        break;
      case 'files':
        await copyVolumes(plan, container ? 'volume-copy-live' : 'volume-copy-stopped');
        break;
    }
  }
  return { parts, schema };
}

function volumeDraft(service: string, volume: VolumeRef, method: CaptureMethod): PartDraft {
  return {
    kind: 'volume',
    name: `volumes/${volume.key}.tar.gz`,
    method,
    service,
    volume: volume.key,
    target: volume.target,
  };
}

function notRunning(service: string): StatusError {
  return new StatusError(
    'SERVICE_EXITED',
    `${service} is not running: its databases can only be dumped while it runs.`,
    'Start STATUS (Start, or `status-desktop up`), then make the backup again.',
    { service },
  );
}
