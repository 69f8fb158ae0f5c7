#!/usr/bin/env node
// status-desktop: runs the command line from built JavaScript (dist/cli/status-desktop.cjs, made by
// scripts/build-cli.mjs), so it starts in a fraction of a second instead of compiling TypeScript
// at every run. A fresh clone, a `git pull` or an edited source builds it again first (about half
// a second, once): nothing to remember. Should the build fail (esbuild missing, read-only folder),
// it runs from the TypeScript sources through tsx, slower but the same program;
// STATUS_CLI_FROM_SOURCE=1 does that on purpose.
//
// V8's compiled code for the bundle is kept next to it (status-desktop.cjs.cache, written on the
// first run after a build; V8 refuses it if the bundle or Node changed, and it is written again):
// loading then costs a few milliseconds instead of compiling 3 MB of JavaScript.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Module, createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import { buildCli, cliIsStale, CLI_CODE_CACHE, CLI_OUTFILE } from '../scripts/build-cli.mjs';

let fromSource = process.env.STATUS_CLI_FROM_SOURCE === '1';
if (!fromSource && (await cliIsStale())) {
  if (process.stderr.isTTY) process.stderr.write('Building the command line (dist/cli)…\n');
  try {
    await buildCli();
  } catch (error) {
    process.stderr.write(
      `warning: could not build the command line (${error instanceof Error ? error.message : String(error)}); running it from the sources.\n`,
    );
    fromSource = true;
  }
}

if (fromSource) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
} else {
  runBundle(CLI_OUTFILE);
}

/** Runs a CommonJS bundle as require() would, with V8's code cache. */
function runBundle(file) {
  let cachedData;
  try {
    cachedData = readFileSync(CLI_CODE_CACHE);
  } catch {
    // first run after a build
  }
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    // At exit, the cache holds every function this run compiled, not just the top level.
    process.once('exit', () => {
      try {
        const tmp = `${CLI_CODE_CACHE}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, CLI_CODE_CACHE);
      } catch {
        // only slower next time
      }
    });
  }
  const module = { exports: {}, filename: file, id: file };
  script
    .runInThisContext()
    .call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
}
