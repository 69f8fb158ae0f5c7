// The files of a build context, honouring .dockerignore like the Docker CLI does.
import dockerIgnoreModule, { type Ignore } from '@balena/dockerignore';
import { readFile, readdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { BuildSpec } from '../compose/types.js';

// CommonJS `module.exports = factory`, typed as an ES default export: take whichever is callable.
const createDockerIgnore = ((dockerIgnoreModule as unknown as { default?: unknown }).default ??
  dockerIgnoreModule) as (options?: { ignorecase?: boolean }) => Ignore;

export async function buildContextFiles(context: string, dockerfile: string): Promise<string[]> {
  let filter: (file: string) => boolean = () => true;
  // With exceptions (`!logs/keep.log`), an excluded folder may still hold files to send.
  let hasExceptions = false;
  try {
    const patterns = await readFile(path.join(context, '.dockerignore'), 'utf8');
    filter = createDockerIgnore({ ignorecase: false }).add(patterns).createFilter();
    hasExceptions = /^\s*!/m.test(patterns);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(path.join(context, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      const kept = filter(rel);
      if (entry.isDirectory()) {
        if (kept || hasExceptions) await walk(rel);
      } else if (kept) files.push(rel);
    }
  };
  await walk('');
  // The engine needs the Dockerfile and .dockerignore even when ignored (as the CLI sends them).
  for (const always of [dockerfile, '.dockerignore']) {
    if (!files.includes(always)) {
      try {
        await readFile(path.join(context, always));
        files.push(always);
      } catch {
        /* absent is fine for .dockerignore; a missing Dockerfile is reported by the build */
      }
    }
  }
  return files.sort();
}

/** Label on images we build: what they were built from. */
export const CONTEXT_HASH_LABEL = 'org.status.desktop.context-hash';

/**
 * A digest of everything a build depends on: the files sent (names and contents), the Dockerfile
 * path, build args and target. A changed backend/ or frontend/ (an update of STATUS Desktop)
 * rebuilds the image even though its tag stayed the same.
 */
export async function buildInputsHash(build: BuildSpec): Promise<string> {
  const dockerfile = path.posix.normalize(build.dockerfile.replace(/\\/g, '/'));
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ dockerfile, args: build.args, target: build.target ?? null }));
  for (const file of await buildContextFiles(build.context, dockerfile)) {
    hash.update(`\0${file}\0`);
    hash.update(await readFile(path.join(build.context, file)));
  }
  return hash.digest('hex');
}
