// The import rules of eslint/desktop-rules.js are live: a forbidden import fails lint. Runs ESLint's
// Node API with the repository's own config, so a rule cannot silently go missing.
import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

/** The rule ids ESLint reports for `code` as if it were the file at `filePath` (under desktop/src). */
async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, 'desktop/src', filePath) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const ROOMS = 'import-x/no-restricted-paths';
const PACKAGES = '@typescript-eslint/no-restricted-imports';

// The first lint loads the whole config and the TypeScript resolver: seconds on a busy machine.
describe('desktop import rules', { timeout: 60_000 }, () => {
  it('the console may not import the engine, not even its types', async () => {
    expect(
      await ruleIds("export { pullImage } from '../../engine/images/pull.js';\n", 'renderer/stores/x.ts'),
    ).toContain(ROOMS);
    expect(
      await ruleIds(
        "export type { ProgressEvent } from '../../engine/progress.js';\n",
        'renderer/stores/x.ts',
      ),
    ).toContain(ROOMS);
  });

  it('the console may not import the launcher, a transport or the launcher side of api/', async () => {
    for (const from of ['../../launcher/launcher.js', '../../server/server.js', '../../api/dispatch.js']) {
      expect(await ruleIds(`export * from '${from}';\n`, 'renderer/stores/x.ts')).toContain(ROOMS);
    }
  });

  it('the console may not import Node built-ins or Docker', async () => {
    for (const from of ['node:fs', 'fs', 'path', 'node:child_process', 'dockerode']) {
      expect(await ruleIds(`export * from '${from}';\n`, 'renderer/lib/x.ts')).toContain(PACKAGES);
    }
  });

  it('the console may import itself and the browser side of api/', async () => {
    const ids = await ruleIds(
      [
        "export type { LauncherApi, PullSummary } from '../../api/contract.js';",
        "export { apiErrorOf } from '../../api/errors.js';",
        "export { PHASE_WORDS } from '../../api/labels.js';",
        "export { formatBytes } from '../lib/format.js';",
        "export { create } from 'zustand';",
        '',
      ].join('\n'),
      'renderer/stores/x.ts',
    );
    expect(ids).toEqual([]);
  });

  it('the engine may not import the console, the launcher, the contract or Electron', async () => {
    for (const from of ['../../renderer/App.js', '../../launcher/launcher.js', '../../api/contract.js']) {
      expect(await ruleIds(`export * from '${from}';\n`, 'engine/images/x.ts')).toContain(ROOMS);
    }
    expect(await ruleIds("export { app } from 'electron';\n", 'engine/images/x.ts')).toContain(PACKAGES);
    expect(await ruleIds("export { useState } from 'react';\n", 'engine/images/x.ts')).toContain(PACKAGES);
  });

  it('the launcher may not import Electron, the console or a transport', async () => {
    expect(await ruleIds("export { app } from 'electron';\n", 'launcher/x.ts')).toContain(PACKAGES);
    for (const from of ['../renderer/App.js', '../main/app.js', '../server/server.js', '../cli.js']) {
      expect(await ruleIds(`export * from '${from}';\n`, 'launcher/x.ts')).toContain(ROOMS);
    }
  });

  it('the contract takes engine types only', async () => {
    expect(
      await ruleIds("export { StatusError } from '../engine/errors.js';\n", 'api/contract.ts'),
    ).toContain(PACKAGES);
    expect(
      await ruleIds("export type { ErrorCode } from '../engine/errors.js';\n", 'api/contract.ts'),
    ).toEqual([]);
    expect(await ruleIds("export * from 'node:fs';\n", 'api/client/x.ts')).toContain(PACKAGES);
  });

  it('import circles fail lint', async () => {
    // engine/images/pull.ts imports engine/errors.ts: an errors-side import of the pull closes a circle.
    const ids = await ruleIds("export { pullImage } from './images/pull.js';\n", 'engine/errors.ts');
    expect(ids).toContain('import-x/no-cycle');
  });
});
