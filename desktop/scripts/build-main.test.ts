// The real build: bundles main and preload with esbuild, then boots the main bundle in Node with
// the fake electron and the REAL launcher (engine, settings folder in a temp dir). Proves the
// bundle is self-contained (no node_modules needed), the preload only requires electron, and the
// wiring works end to end outside vitest's module system.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const desktop = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'status-bundle-'));
  await run(process.execPath, ['scripts/build-main.mjs'], { cwd: desktop });
  await esbuild.build({
    entryPoints: [join(desktop, 'test/fake-electron/index.ts')],
    outfile: join(work, 'electron.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    logLevel: 'error',
  });
}, 180_000);
afterAll(() => rm(work, { recursive: true, force: true }));

describe('build:main', () => {
  it('writes a preload that requires nothing but electron', async () => {
    const preload = await readFile(join(desktop, 'dist/preload/index.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it('writes a main bundle that boots, serves the launcher to the console only, and quits', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        join(desktop, 'test/fake-electron/boot-bundle.mjs'),
        join(desktop, 'dist/main/index.cjs'),
        join(work, 'electron.cjs'),
      ],
      {
        cwd: work,
        env: { ...process.env, STATUS_DESKTOP_HOME: join(work, 'home'), NODE_PATH: '' },
        timeout: 90_000,
      },
    );
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(report.errors).toEqual([]);
    expect(report.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(report.loaded).toEqual(['app://console/']);
    expect(report.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(report.webPreferences.preload).toBe(join(desktop, 'dist/preload/index.cjs'));
    expect(report.channels).toContain('launcher:status');
    // The real launcher answered (whatever the engine is doing, status says so).
    expect(report.status.ok).toBe(true);
    expect(Object.keys(report.status.value.services)).toContain('postgres');
    expect(report.refused).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(report.page.csp).toContain("script-src 'self'");
    expect(report.tray).toHaveLength(1);
    expect(report.quitted).toBe(true);
  });
});
