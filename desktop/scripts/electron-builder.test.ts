// electron-builder.yml (repository root) checked against the repository and the app's code: it
// parses, ships every extra resource the app and the Compose file need, and sets the fuses.
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { appPaths } from '../src/main/paths.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Resource {
  from: string;
  to: string;
  filter?: string[];
}
interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { app: string; output: string; buildResources: string };
  extraMetadata: { main: string };
  files: string[];
  extraResources: Resource[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
}

async function config(): Promise<BuilderConfig> {
  return parse(await readFile(join(repo, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function pngSize(path: string): Promise<[number, number]> {
  const data = await readFile(path);
  expect(data.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [data.readUInt32BE(16), data.readUInt32BE(20)];
}

describe('electron-builder.yml', () => {
  it('names the product and the targets of every platform', async () => {
    const c = await config();
    expect(c.appId).toBe('org.status.desktop');
    expect(c.productName).toBe('STATUS Desktop');
    expect(c.linux.target).toEqual(['AppImage', 'deb']);
    expect(c.win.target).toEqual(['nsis']);
    expect(c.mac.target).toEqual(['dmg']);
  });

  it('sets the hardening fuses', async () => {
    expect((await config()).electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      enableCookieEncryption: true,
    });
  });

  it('packs the bundles the build script writes, and the console', async () => {
    const c = await config();
    expect(c.directories.app).toBe('desktop');
    for (const f of ['package.json', 'dist/main/**', 'dist/preload/**', 'dist/renderer/**'])
      expect(c.files).toContain(f);
    const script = await readFile(join(repo, 'desktop/scripts/build-main.mjs'), 'utf8');
    expect(script).toContain(`outfile: '${c.extraMetadata.main}'`);
    expect(script).toContain("outfile: 'dist/preload/index.cjs'");
    const pkg = JSON.parse(await readFile(join(repo, 'desktop/package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe(c.extraMetadata.main);
  });

  it('ships every extra resource from a folder that exists, without node_modules, tests or builds', async () => {
    const { extraResources } = await config();
    expect(extraResources.map((r) => r.from).sort()).toEqual(['backend', 'frontend', 'resources', 'stack']);
    for (const r of extraResources) {
      expect(await exists(join(repo, r.from)), r.from).toBe(true);
      if (r.from === 'backend' || r.from === 'frontend') {
        expect(r.filter).toEqual(
          expect.arrayContaining(['!node_modules/**', '!dist/**', '!test/**', '!**/*.test.*']),
        );
        expect(await exists(join(repo, r.from, 'Dockerfile')), `${r.from}/Dockerfile`).toBe(true);
      }
    }
  });

  it("ships the build context of every service built by stack/compose.yaml, where the app's Compose file finds it", async () => {
    const { extraResources } = await config();
    const compose = parse(await readFile(join(repo, 'stack/compose.yaml'), 'utf8')) as {
      services: Record<string, { build?: { context: string } | string }>;
    };
    const contexts = Object.values(compose.services)
      .map((s) => (typeof s.build === 'string' ? s.build : s.build?.context))
      .filter((c): c is string => !!c);
    expect(contexts.length).toBeGreaterThan(0);
    const stackTo = extraResources.find((r) => r.from === 'stack')!.to;
    for (const context of contexts) {
      const inRepo = relative(repo, resolve(repo, 'stack', context));
      // Shipped as a resource of its own, or inside one (stack/node-red ships with stack/).
      const shipped = extraResources.find((r) => inRepo === r.from || inRepo.startsWith(`${r.from}/`));
      expect(shipped, `build context ${context}`).toBeDefined();
      // Same layout once packaged: <resources>/<stack.to>/<context> is where the resource lands.
      const below = relative(shipped!.from, inRepo);
      expect(resolve('/res', stackTo, context)).toBe(resolve('/res', shipped!.to, below));
    }
    const packaged = appPaths({
      mainDir: '/app.asar/dist/main',
      isPackaged: true,
      resourcesPath: '/res',
      env: {},
    });
    expect(packaged.composeFile).toBe(join('/res', stackTo, 'compose.yaml'));
  });

  it('has the icons it names, and the tray images the app loads', async () => {
    const c = await config();
    const res = join(repo, c.directories.buildResources);
    expect(await pngSize(join(res, c.mac.icon))).toEqual([512, 512]);
    expect(await pngSize(join(res, c.win.icon))).toEqual([512, 512]);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(await pngSize(join(res, c.linux.icon, `${size}x${size}.png`))).toEqual([size, size]);
    }
    const resourcesTo = c.extraResources.find((r) => r.from === 'resources')!;
    const packaged = appPaths({
      mainDir: '/app.asar/dist/main',
      isPackaged: true,
      resourcesPath: '/res',
      env: {},
    });
    expect(packaged.trayIconDir).toBe(join('/res', resourcesTo.to, 'tray'));
    const dev = appPaths({
      mainDir: join(repo, 'desktop/dist/main'),
      isPackaged: false,
      resourcesPath: '',
      env: {},
    });
    for (const state of ['stopped', 'starting', 'running', 'degraded', 'partial']) {
      expect(await pngSize(join(dev.trayIconDir, `${state}.png`))).toEqual([16, 16]);
      expect(await pngSize(join(dev.trayIconDir, `${state}@2x.png`))).toEqual([32, 32]);
    }
    expect(await exists(dev.appIcon)).toBe(true);
    expect(dev.composeFile).toBe(join(repo, 'stack/compose.yaml'));
  });
});
