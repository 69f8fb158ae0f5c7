// vitest globalSetup: a production build of the app (rebuilt only when stale), copied to a private
// directory that the front door serves — so a `vite build` started elsewhere during the run (it
// empties dist/) cannot pull files from under the browser.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { BUILD_MARKER, ensureBuilt } from './build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The copy of frontend/dist this run serves. */
    distDir: string;
  }
}

/** Every file the manifest names is in the copy (a build running during the copy would break this). */
function completeBuild(dir: string): boolean {
  const manifest = path.join(dir, path.relative('dist', BUILD_MARKER));
  if (!existsSync(path.join(dir, 'index.html')) || !existsSync(manifest)) return false;
  const entries = JSON.parse(readFileSync(manifest, 'utf8')) as Record<
    string,
    { file: string; css?: string[] }
  >;
  return Object.values(entries).every((e) =>
    [e.file, ...(e.css ?? [])].every((f) => existsSync(path.join(dir, f))),
  );
}

export default function setup(project: TestProject): () => void {
  const frontendDir = fileURLToPath(new URL('..', import.meta.url));
  const result = ensureBuilt(frontendDir);
  if (result === 'built') process.stdout.write('e2e: built the frontend (dist/ was missing or stale)\n');
  const copy = mkdtempSync(path.join(tmpdir(), 'status-e2e-dist-'));
  cpSync(path.join(frontendDir, 'dist'), copy, { recursive: true });
  if (!completeBuild(copy)) {
    rmSync(copy, { recursive: true, force: true });
    throw new Error(
      'frontend/dist changed while it was being copied (another build running?); run the tests again',
    );
  }
  project.provide('distDir', copy);
  return () => rmSync(copy, { recursive: true, force: true });
}
