import { mkdtemp, rm, stat, chmod, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configHome, ensureConfigHome } from './paths.js';

describe('configHome', () => {
  it('honours STATUS_DESKTOP_HOME on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(configHome({ env: { STATUS_DESKTOP_HOME: '/tmp/x' }, platform, home: '/home/u' })).toBe(
        '/tmp/x',
      );
    }
  });

  it('uses XDG_CONFIG_HOME on Linux, else ~/.config', () => {
    expect(configHome({ env: { XDG_CONFIG_HOME: '/xdg' }, platform: 'linux', home: '/home/u' })).toBe(
      '/xdg/status-desktop',
    );
    expect(configHome({ env: {}, platform: 'linux', home: '/home/u' })).toBe(
      '/home/u/.config/status-desktop',
    );
    // A relative XDG_CONFIG_HOME is invalid per the XDG spec and ignored.
    expect(configHome({ env: { XDG_CONFIG_HOME: 'rel' }, platform: 'linux', home: '/home/u' })).toBe(
      '/home/u/.config/status-desktop',
    );
  });

  it('uses Application Support on macOS and %APPDATA% on Windows', () => {
    expect(configHome({ env: {}, platform: 'darwin', home: '/Users/u' })).toBe(
      '/Users/u/Library/Application Support/STATUS Desktop',
    );
    expect(configHome({ env: { APPDATA: '/appdata' }, platform: 'win32', home: '/u' })).toBe(
      join('/appdata', 'STATUS Desktop'),
    );
  });
});

describe('ensureConfigHome', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'status-paths-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates the folder (and parents) with mode 0700', async () => {
    const dir = join(root, 'a', 'b', 'status-desktop');
    const { warnings } = await ensureConfigHome(dir);
    expect(warnings).toEqual([]);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('tightens an existing folder that others can open, with a warning', async () => {
    const dir = join(root, 'open');
    await mkdir(dir);
    await chmod(dir, 0o755);
    const { warnings } = await ensureConfigHome(dir);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(dir);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });
});
