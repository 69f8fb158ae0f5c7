// Builds the command line (`status-desktop`, `serve` included) into one JavaScript file, so it
// starts without compiling TypeScript on every run:
//   src/cli.ts → dist/cli/status-desktop.cjs (+ .map), everything bundled (as build-main does for
//                the Electron main process: one file loads much faster than ~400 modules)
//   dist/cli/inputs.json: when it was built and from which files; bin/status-desktop.js builds
//                again when one of them is newer or gone.
// The sources find files next to themselves through import.meta.url (stack/compose.yaml,
// dist/renderer): in the bundle, each file's import.meta.url still names its source file (relative
// to the bundle, so a moved checkout keeps working), and those paths stay what they are from src/.
// Stack traces point into the bundle; NODE_OPTIONS=--enable-source-maps maps them to src/.
// Usage: node scripts/build-cli.mjs   (bin/status-desktop.js calls buildCli() itself when needed)
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const desktop = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_OUTFILE = join(desktop, 'dist/cli/status-desktop.cjs');
export const CLI_INPUTS = join(desktop, 'dist/cli/inputs.json');
/** V8's compiled code for the bundle, written by bin/status-desktop.js. */
export const CLI_CODE_CACHE = `${CLI_OUTFILE}.cache`;
/**
 * Files that shape the build besides the sources (relative to desktop/): this script, and what
 * `npm install`/`npm ci` rewrites when the bundled packages change.
 */
const BUILD_FILES = ['scripts/build-cli.mjs', 'package.json', '../node_modules/.package-lock.json'];

/** Rewrites import.meta.url in a source file to that file's own URL, found from the bundle's. */
const sourceUrls = {
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const contents = await readFile(args.path, 'utf8');
      if (!contents.includes('import.meta.url')) return undefined;
      const fromBundle = relative(dirname(CLI_OUTFILE), args.path).split('\\').join('/');
      const url = `require('node:url').pathToFileURL(require('node:path').join(__dirname, ${JSON.stringify(fromBundle)})).href`;
      return { contents: contents.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

/** Writes `file` whole or not at all (a CLI started meanwhile never reads half a bundle). */
async function writeAtomically(file, contents) {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, contents);
  await rename(tmp, file);
}

/** Builds dist/cli; returns the bundle's path. Safe when several processes build at once. */
export async function buildCli() {
  const esbuild = await import('esbuild');
  const startedAt = Date.now();
  const result = await esbuild.build({
    absWorkingDir: desktop,
    entryPoints: ['src/cli.ts'],
    outfile: CLI_OUTFILE,
    write: false,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // Native add-ons ssh2 loads optionally (it falls back to pure JS without them).
    external: ['cpu-features', '*.node'],
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'silent',
    metafile: true,
    plugins: [sourceUrls],
  });
  await mkdir(dirname(CLI_OUTFILE), { recursive: true });
  // The map first, the bundle next, the stamp last: a reader that sees the stamp sees the rest.
  const outputs = [...result.outputFiles].sort(
    (a, b) => (a.path.endsWith('.map') ? -1 : 1) - (b.path.endsWith('.map') ? -1 : 1),
  );
  for (const output of outputs) await writeAtomically(output.path, output.contents);
  await rm(CLI_CODE_CACHE, { force: true });
  const inputs = [
    ...Object.keys(result.metafile.inputs).filter((input) => !input.includes('node_modules/')),
    ...BUILD_FILES.filter((file) => existsSync(join(desktop, file))),
  ].sort();
  await writeAtomically(CLI_INPUTS, `${JSON.stringify({ builtAt: startedAt, inputs }, null, 1)}\n`);
  return CLI_OUTFILE;
}

/** True when dist/cli is missing or older than one of the files it was built from. */
export async function cliIsStale() {
  const { statSync } = await import('node:fs');
  let stamp;
  try {
    stamp = JSON.parse(await readFile(CLI_INPUTS, 'utf8'));
  } catch {
    return true;
  }
  if (!existsSync(CLI_OUTFILE) || !Array.isArray(stamp.inputs) || typeof stamp.builtAt !== 'number')
    return true;
  return stamp.inputs.some((input) => {
    try {
      return statSync(join(desktop, input)).mtimeMs > stamp.builtAt;
    } catch {
      return true;
    }
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildCli().then(
    (file) => console.log(`built ${relative(desktop, file)}`),
    (error) => {
      console.error(`build:cli failed: ${error.message}`);
      process.exit(1);
    },
  );
}
