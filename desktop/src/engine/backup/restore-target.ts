// Where each part of a verified backup goes in this project, the checks that must pass before
// anything is touched (the database roles, mongorestore), and putting one part in place.
import type Docker from 'dockerode';
import { createReadStream } from 'node:fs';
import type { ComposeProject } from '../compose/types.js';
import { listProjectContainers } from '../labels.js';
import type { BackupManifest, ManifestPart } from './manifest.js';
import type { StorePlan } from './plan.js';
import { missingRoles, restoreDatabase, rolePasswords, setRolePasswords } from './postgres.js';
import { BackupRefused } from './refusal.js';
import { hasCommand, mongoRestore } from './stores.js';
import { writeVolume } from './volumes.js';

export interface PartTarget {
  part: ManifestPart;
  service: string;
  /** exec: through the running service's own tool; volume: into its volume while it is stopped. */
  via: 'exec' | 'volume' | 'none';
}

/** Which service of this project takes each part; a part with nowhere to go refuses the restore. */
export function resolveTargets(
  project: ComposeProject,
  plans: StorePlan[],
  manifest: BackupManifest,
): PartTarget[] {
  const of = (kind: StorePlan['kind']) => plans.find((p) => p.kind === kind);
  return manifest.parts
    .map((part): PartTarget => {
      if (part.kind === 'secrets') return { part, service: '', via: 'none' };
      const plan =
        part.kind === 'postgres-database'
          ? of('postgres')
          : part.kind === 'mongo-dump'
            ? of('mongo')
            : undefined;
      if (plan) return { part, service: plan.service, via: 'exec' };
      if (part.kind === 'volume' && project.volumes[part.volume]) {
        const owner = plans.find(
          (p) => p.kind !== 'postgres' && p.volumes.some((v) => v.key === part.volume),
        );
        if (owner) return { part, service: owner.service, via: 'volume' };
      }
      throw new BackupRefused(
        'target-not-ready',
        `This STATUS project has nowhere to restore ${part.name} (${part.kind === 'volume' ? `no volume ${part.volume}` : `no ${part.kind === 'mongo-dump' ? 'MongoDB' : 'PostgreSQL'} service`}).`,
        'Restore with the STATUS version that made the backup, or check the Compose file.',
        { part: part.name },
      );
    })
    .filter((t) => t.via !== 'none');
}

async function runningContainer(
  docker: Docker,
  project: ComposeProject,
  service: string,
): Promise<Docker.Container> {
  const infos = (await listProjectContainers(docker, project.name)).get(service) ?? [];
  const info = infos.find((c) => c.State === 'running');
  if (!info)
    throw new BackupRefused(
      'target-not-ready',
      `${service} is not running, so nothing can be restored into it.`,
      'Start STATUS, then restore again.',
      { service },
    );
  return docker.getContainer(info.Id);
}

/**
 * What must hold before data is replaced, checked with the stores that take parts through their
 * own tools running: pg_restore gives each database back to its owner, so those roles must exist
 * (a fresh install makes them); a MongoDB dump needs mongorestore in the image.
 */
export async function checkTargets(
  docker: Docker,
  project: ComposeProject,
  plans: StorePlan[],
  manifest: BackupManifest,
  targets: PartTarget[],
): Promise<void> {
  const postgres = plans.find((p) => p.kind === 'postgres');
  const owners = manifest.parts.flatMap((p) => (p.kind === 'postgres-database' ? [p.owner] : []));
  if (postgres?.kind === 'postgres' && owners.length) {
    const container = await runningContainer(docker, project, postgres.service);
    const missing = await missingRoles(container, postgres.user, owners);
    if (missing.length)
      throw new BackupRefused(
        'target-not-ready',
        `PostgreSQL here has no role ${missing.join(', ')}, which owns data in the backup.`,
        'Start STATUS once on this machine (it creates the roles), then restore again. Nothing was changed.',
        { roles: missing },
      );
  }
  const mongo = targets.find((t) => t.part.kind === 'mongo-dump');
  if (mongo && !(await hasCommand(await runningContainer(docker, project, mongo.service), 'mongorestore')))
    throw new BackupRefused(
      'target-not-ready',
      `${mongo.service} has no mongorestore: the MongoDB dump in the backup cannot be restored into it.`,
      'Use the MongoDB image STATUS pins (Settings → images), then restore again. Nothing was changed.',
      { service: mongo.service },
    );
}

/** Puts one part in place; its service is running (exec parts) or stopped (volume parts). */
export async function restorePart(
  docker: Docker,
  project: ComposeProject,
  target: PartTarget,
  file: string,
): Promise<void> {
  const { part, service } = target;
  const content = createReadStream(file);
  switch (part.kind) {
    case 'postgres-database': {
      const user = project.services[service]!.environment.POSTGRES_USER || 'postgres';
      await restoreDatabase(await runningContainer(docker, project, service), user, part.database, {
        size: part.size,
        content,
      });
      return;
    }
    case 'mongo-dump':
      await mongoRestore(await runningContainer(docker, project, service), { size: part.size, content });
      return;
    case 'volume': {
      const volume = { key: part.volume, name: project.volumes[part.volume]!.name, target: part.target };
      await writeVolume(docker, project, project.services[service]!.image, volume, content);
      return;
    }
    case 'secrets':
      content.destroy();
      return;
  }
}

/**
 * Roles live outside the dumps, with the passwords this server gave them: set them to the
 * project's current secrets (new ones on a fresh machine, or the backup's when they were put back).
 */
export async function alignRolePasswords(
  docker: Docker,
  project: ComposeProject,
  plans: StorePlan[],
): Promise<string[]> {
  const postgres = plans.find((p) => p.kind === 'postgres');
  if (postgres?.kind !== 'postgres') return [];
  const container = await runningContainer(docker, project, postgres.service);
  return setRolePasswords(
    container,
    postgres.user,
    rolePasswords(project.services[postgres.service]!, postgres.user),
  );
}
