// The files a Swarm deployment carries as Swarm configs: a node is another machine, so nothing may
// be bind-mounted from the launcher's disk. Read-only binds (a file, or every file of a folder) and
// Compose `configs:` (when the project has them) are read here, on the launcher's machine.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { StatusError } from '../errors.js';
import type { ComposeProject } from '../compose/types.js';

/** One file a container sees: its path relative to the mount's target ('' for a file mount). */
export interface CarriedFile {
  relative: string;
  data: Buffer;
}

/** Host path → its files. */
export type CarriedFiles = ReadonlyMap<string, readonly CarriedFile[]>;

/** Swarm refuses larger configs. */
const MAX_CONFIG_BYTES = 500 * 1024;

export async function readCarriedFiles(project: ComposeProject): Promise<CarriedFiles> {
  const sources = new Set<string>();
  for (const service of Object.values(project.services))
    for (const mount of service.mounts) if (mount.type === 'bind') sources.add(mount.source);
  for (const config of Object.values(project.configs ?? {})) sources.add(config.file);
  const files = new Map<string, CarriedFile[]>();
  for (const source of sources) files.set(source, await readTree(source));
  return files;
}

async function readTree(source: string, relative = ''): Promise<CarriedFile[]> {
  const full = path.join(source, relative);
  const info = await stat(full).catch((error: unknown) => {
    throw new StatusError(
      'COMPOSE_INVALID',
      `The file ${full} the stack puts into a container cannot be read.`,
      'Check that the stack folder is complete (reinstall STATUS Desktop if a file is missing).',
      { file: full },
      { cause: error },
    );
  });
  if (info.isDirectory()) {
    const names = (await readdir(full)).sort();
    const nested = await Promise.all(names.map((name) => readTree(source, path.join(relative, name))));
    return nested.flat();
  }
  if (info.size > MAX_CONFIG_BYTES)
    throw new StatusError(
      'COMPOSE_INVALID',
      `${full} is ${info.size} bytes; a Swarm config holds at most ${MAX_CONFIG_BYTES}.`,
      'Put that file into the image, or into a volume, for a Swarm deployment.',
      { file: full },
    );
  return [{ relative, data: await readFile(full) }];
}
