// Compose `configs:` without any host path. The launcher reads each file where it runs and copies
// it into the created container before the container starts (Engine API PUT
// /containers/{id}/archive, a tar with the config's mode and owner), so the engine may be on
// another machine (TCP, SSH) and never needs the stack folder. Swarm deploys the same entries as
// Swarm configs. The contents are part of the configuration hash: a changed file recreates the
// container, an unchanged one keeps it.
import type Docker from 'dockerode';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import tar from 'tar-stream';
import type { ComposeProject, ConfigMount, ServiceSpec } from '../compose/types.js';
import { StatusError } from '../errors.js';

export interface ConfigFile extends ConfigMount {
  content: Buffer;
}

/** The service's config files, read now (so the hash and the copy see the same bytes). */
export async function readConfigFiles(project: ComposeProject, service: ServiceSpec): Promise<ConfigFile[]> {
  const files: ConfigFile[] = [];
  for (const ref of service.configs ?? []) {
    const spec = project.configs?.[ref.source];
    if (!spec) {
      throw new StatusError(
        'COMPOSE_INVALID',
        `${service.name} uses the config "${ref.source}", which the Compose file does not declare.`,
        `Add it under the top-level configs: (configs: { ${ref.source}: { file: ./path } }).`,
        { service: service.name, config: ref.source },
      );
    }
    try {
      files.push({ ...ref, content: await readFile(spec.file) });
    } catch (error) {
      throw new StatusError(
        'COMPOSE_INVALID',
        `${service.name} needs ${spec.file} (config "${ref.source}"), which cannot be read: ${(error as Error).message}`,
        'Reinstall STATUS Desktop (the stack folder is incomplete), or fix the path in the Compose file.',
        { service: service.name, config: ref.source, file: spec.file },
        { cause: error },
      );
    }
  }
  return files;
}

/** Target → digest of the content: what the configuration hash adds for configs. */
export function configFileDigests(files: readonly ConfigFile[]): Record<string, string> {
  return Object.fromEntries(
    files.map((file) => [file.target, createHash('sha256').update(file.content).digest('hex')]),
  );
}

/** One tar holding every file at its path from `/`; the engine creates missing parent folders. */
export async function configArchive(files: readonly ConfigFile[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  for (const file of files) {
    pack.entry(
      {
        name: file.target.replace(/^\/+/, ''),
        mode: file.mode,
        uid: file.uid,
        gid: file.gid,
        mtime: new Date(),
      },
      file.content,
    );
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** Puts the files into a container that is not running yet (created, or stopped and reused). */
export async function copyConfigFiles(
  container: Docker.Container,
  service: ServiceSpec,
  files: readonly ConfigFile[],
): Promise<void> {
  if (!files.length) return;
  try {
    await container.putArchive(await configArchive(files), { path: '/' });
  } catch (error) {
    throw new StatusError(
      'SERVICE_EXITED',
      `Could not copy the configuration files of ${service.name} into its container: ${(error as Error).message}`,
      'Check that the engine has free disk space and that the target paths are not inside a read-only or mounted folder of the image, then start again.',
      { service: service.name, targets: files.map((file) => file.target) },
      { cause: error },
    );
  }
}
