#!/usr/bin/env node
// `npm start`: runs STATUS Desktop. With the Electron binary installed, the desktop app; without
// it (servers, CI, machines where it could not be downloaded), the same console in the browser
// through `status-desktop serve`. Builds what is missing or out of date first.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const desktop = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

/**
 * The Electron binary's path, or undefined when the package or its binary is missing. Read the way
 * the electron package does (path.txt, ELECTRON_OVERRIDE_DIST_PATH) without requiring it: its
 * index.js tries to download the binary when it is missing, which fails offline with a stack trace.
 */
function electronBinary() {
  let dir;
  try {
    dir = dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = join(dir, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, name || 'electron') : name ? join(dir, 'dist', name) : undefined;
  return binary && existsSync(binary) ? binary : undefined;
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** Runs `npm run <script>` in desktop/ when `output` is missing or older than the files in `sources`. */
function buildIfStale(script, output, sources) {
  const outputPath = join(desktop, output);
  const stale =
    !existsSync(outputPath) ||
    sources.some(
      (s) => existsSync(join(desktop, s)) && newestMtime(join(desktop, s)) > statSync(outputPath).mtimeMs,
    );
  if (!stale) return true;
  process.stderr.write(`Building ${output} (npm run ${script})…\n`);
  const result = spawnSync('npm', ['run', '--silent', script], { cwd: desktop, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`✗ npm run ${script} failed (see above).\n`);
    return false;
  }
  return true;
}

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: desktop, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const renderer = buildIfStale('build:renderer', 'dist/renderer/index.html', ['src/renderer']);
const electron = process.env.STATUS_DESKTOP_HEADLESS === '1' ? undefined : electronBinary();

if (
  electron &&
  renderer &&
  buildIfStale('build:main', 'dist/main/index.cjs', ['src/main', 'src/preload', 'src/api', 'src/engine'])
) {
  run(electron, [join(desktop, 'dist/main/index.cjs'), ...args]);
} else {
  if (!electron && process.env.STATUS_DESKTOP_HEADLESS !== '1') {
    process.stderr.write(
      'Electron is not installed here (its binary could not be downloaded), so STATUS Desktop opens its console in your browser instead (`status-desktop serve`).\n',
    );
  }
  const display = process.platform !== 'linux' || !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY;
  run(process.execPath, [
    join(desktop, 'bin/status-desktop.js'),
    'serve',
    ...(display ? ['--open'] : []),
    ...args,
  ]);
}
