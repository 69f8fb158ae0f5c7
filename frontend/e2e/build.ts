// Builds the app (`npm run build`) unless frontend/dist is newer than every source file, so that
// `npm run test:e2e` works on a fresh checkout and after any edit, without a build step of its own.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** What the build reads; a change in any of them makes dist/ stale. */
const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json', 'tsconfig.json'];
/** Written by `vite build` (build.manifest), never by hand: its age is the age of the build. */
export const BUILD_MARKER = path.join('dist', '.vite', 'manifest.json');

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

export function isBuildFresh(frontendDir: string): boolean {
  const marker = path.join(frontendDir, BUILD_MARKER);
  if (!existsSync(marker)) return false;
  const built = statSync(marker).mtimeMs;
  return INPUTS.every((input) => newestMtime(path.join(frontendDir, input)) <= built);
}

/** STATUS_E2E_SKIP_BUILD=1 serves dist/ as it is (a CI step built it, or sources are mid-edit). */
export function ensureBuilt(frontendDir: string, env = process.env): 'fresh' | 'built' | 'as-is' {
  if (env.STATUS_E2E_SKIP_BUILD === '1') {
    if (!existsSync(path.join(frontendDir, BUILD_MARKER)))
      throw new Error(
        `STATUS_E2E_SKIP_BUILD=1 but there is no build (${BUILD_MARKER}): run npm run build -w frontend`,
      );
    return 'as-is';
  }
  if (isBuildFresh(frontendDir)) return 'fresh';
  try {
    execFileSync('npm', ['run', 'build'], { cwd: frontendDir, stdio: 'pipe', timeout: 300_000 });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(
      `The frontend build failed, so the browser tests cannot run. Fix the build (npm run build -w frontend):\n` +
        `${String(e.stdout ?? '')}${String(e.stderr ?? '')}`.slice(-4000),
    );
  }
  if (!existsSync(path.join(frontendDir, BUILD_MARKER)))
    throw new Error(
      `npm run build finished without ${BUILD_MARKER}: is build.manifest still on in vite.config.ts?`,
    );
  return 'built';
}
