// Bundles the Electron main process and the preload with esbuild:
//   src/main/index.ts    → dist/main/index.cjs     (Node/Electron main; everything but `electron` inlined,
//                                                   so the packaged app needs no node_modules)
//   src/preload/index.ts → dist/preload/index.cjs  (ONE CommonJS file: a sandboxed preload may only
//                                                   require('electron'); the build fails otherwise)
// Usage: node scripts/build-main.mjs [--watch]
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');

// Electron 45 runs Node 22 and Chromium 140.
const common = {
  bundle: true,
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  external: ['electron'],
  absWorkingDir: root,
  metafile: true,
};

/** @type {import('esbuild').BuildOptions} */
const main = {
  ...common,
  entryPoints: ['src/main/index.ts'],
  outfile: 'dist/main/index.cjs',
  platform: 'node',
  target: 'node22',
  // Native add-ons ssh2 loads optionally (it falls back to pure JS without them).
  external: [...common.external, 'cpu-features', '*.node'],
  // The engine's ESM code reads import.meta.url; give it this file's URL in the CommonJS bundle.
  define: { 'import.meta.url': '__status_import_meta_url' },
  banner: { js: "const __status_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
};

/** @type {import('esbuild').BuildOptions} */
const preload = {
  ...common,
  entryPoints: ['src/preload/index.ts'],
  outfile: 'dist/preload/index.cjs',
  platform: 'browser',
  target: 'chrome140',
};

/** The sandboxed preload can load nothing but `electron`: refuse any other import. */
function checkPreload(metafile) {
  const output = metafile.outputs['dist/preload/index.cjs'];
  const outside = (output?.imports ?? [])
    .filter((i) => i.external && i.path !== 'electron')
    .map((i) => i.path);
  if (outside.length) {
    throw new Error(
      `the preload imports ${outside.join(', ')}; a sandboxed preload may only import electron.`,
    );
  }
}

async function build() {
  await rm(join(root, 'dist/main'), { recursive: true, force: true });
  await rm(join(root, 'dist/preload'), { recursive: true, force: true });
  const [, pre] = await Promise.all([esbuild.build(main), esbuild.build(preload)]);
  checkPreload(pre.metafile);
  console.log('built dist/main/index.cjs and dist/preload/index.cjs');
}

if (watch) {
  const contexts = await Promise.all([esbuild.context(main), esbuild.context(preload)]);
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching src/main and src/preload…');
} else {
  await build().catch((error) => {
    console.error(`build:main failed: ${error.message}`);
    process.exit(1);
  });
}
