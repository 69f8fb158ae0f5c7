// A newer release's stack file, named by the operator as a path or an http(s) URL, loaded as the
// project's own Compose file is: the same project name and the same settings and overrides.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ComposeProject } from '../engine/compose/types.js';
import { StatusError } from '../engine/errors.js';
import { imageVariables, releaseChanges, type ReleaseDiff } from '../engine/images/updates-release.js';
import { loadProject, type ProjectSource } from './project.js';

const FETCH_TIMEOUT_MS = 30_000;
const MAX_BYTES = 1024 * 1024;

async function download(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
  } catch (error) {
    throw new StatusError(
      'NOT_FOUND',
      `Could not download the stack file ${url}: ${error instanceof Error ? error.message : String(error)}.`,
      'Check the URL and your connection, or download the file and give its path.',
      { url },
    );
  }
  const text = await response.text();
  if (!response.ok || text.length > MAX_BYTES)
    throw new StatusError(
      'NOT_FOUND',
      response.ok
        ? `The stack file ${url} is larger than 1 MiB: that is not a Compose file.`
        : `Could not download the stack file ${url}: the server answered ${response.status} ${response.statusText}.`,
      "Check the URL (it should name the release's compose.yaml), or download the file and give its path.",
      { url, status: response.status },
    );
  return text;
}

/** Loads `source` (a path, or a URL fetched into a temporary file) and compares it with `current`. */
export async function releaseDiff(
  source: string,
  current: ComposeProject,
  from: ProjectSource,
): Promise<ReleaseDiff> {
  const isUrl = /^https?:\/\//i.test(source);
  const dir = isUrl ? await mkdtemp(path.join(tmpdir(), 'status-release-')) : undefined;
  try {
    const file = dir ? path.join(dir, 'compose.yaml') : path.resolve(source);
    if (dir) await writeFile(file, await download(source));
    const { project: release } = await loadProject({ ...from, composeFile: file });
    return releaseChanges(current, release, await imageVariables(from.composeFile), source);
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}
