// The engine side of an upgrade's safety net: which image each service runs, a tag that keeps
// that image from being pruned while its container is replaced (status-rollback/<service>:…),
// moving a tag back to the previous image, and the STATUS schema version (schema_migrations, read
// as a backup's manifest reads it) to tell whether a failed upgrade migrated the database.
import type Docker from 'dockerode';
import { planBackup } from '../backup/plan.js';
import { schemaVersion, type SchemaVersion } from '../backup/postgres.js';
import type { ComposeProject } from '../compose/types.js';
import { listProjectContainers } from '../labels.js';

export type { SchemaVersion };

export interface ServiceImage {
  /** The reference the service names. */
  image: string;
  /** The image its container runs, or the local image of that reference; null when neither exists. */
  imageId: string | null;
}

export async function localImageId(docker: Docker, reference: string): Promise<string | null> {
  try {
    return (await docker.getImage(reference).inspect()).Id;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return null;
    throw error;
  }
}

export async function serviceImages(
  docker: Docker,
  project: ComposeProject,
  services: string[],
): Promise<Record<string, ServiceImage>> {
  const containers = await listProjectContainers(docker, project.name);
  const images: Record<string, ServiceImage> = {};
  for (const name of services) {
    const image = project.services[name]!.image;
    const running = containers.get(name)?.[0]?.ImageID;
    images[name] = { image, imageId: running ?? (await localImageId(docker, image)) };
  }
  return images;
}

/** `registry:5000/name:tag` → repo `registry:5000/name`, tag `tag` (the engine's tag API wants them apart). */
export function splitTag(reference: string): { repo: string; tag: string } {
  const colon = reference.lastIndexOf(':');
  if (colon > reference.lastIndexOf('/'))
    return { repo: reference.slice(0, colon), tag: reference.slice(colon + 1) };
  return { repo: reference, tag: 'latest' };
}

/** Points `reference` at `imageId` (a new tag, or one moved back to the previous image). */
export async function tagImage(docker: Docker, imageId: string, reference: string): Promise<void> {
  await docker.getImage(imageId).tag(splitTag(reference));
}

/** The tag that keeps a service's previous image while an upgrade runs: status-rollback/<service>:<project>-<stamp>. */
export function rollbackTag(project: string, service: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const safe = (text: string) => text.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-');
  return `status-rollback/${safe(service)}:${safe(project)}-${stamp}`;
}

/** Removes a tag; the image goes too when nothing else names or runs it (what an upgrade replaced). */
export async function removeTag(docker: Docker, reference: string): Promise<void> {
  try {
    await docker.getImage(reference).remove();
  } catch (error) {
    // 404: already gone; 409: a container still runs the image it names: the tag stays, harmless.
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== 404 && status !== 409) throw error;
  }
}

/** The STATUS schema as a backup's manifest records it; null without PostgreSQL running or the table. */
export async function currentSchema(docker: Docker, project: ComposeProject): Promise<SchemaVersion | null> {
  const plan = planBackup(project).find((p) => p.kind === 'postgres');
  if (!plan || plan.kind !== 'postgres') return null;
  const info = (await listProjectContainers(docker, project.name))
    .get(plan.service)
    ?.find((c) => c.State === 'running');
  if (!info) return null;
  const database = project.services[plan.service]!.environment.POSTGRES_DB || plan.user;
  return schemaVersion(docker.getContainer(info.Id), plan.user, database);
}

/** Whether two schema readings differ (a migration was applied or removed). */
export function schemaChanged(before: SchemaVersion | null, after: SchemaVersion | null): boolean {
  const versions = (s: SchemaVersion | null) => (s ? s.migrations.map((m) => m.version).join(',') : '');
  return versions(before) !== versions(after);
}
