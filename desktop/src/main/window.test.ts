import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../test/fake-electron/index.js'));
import * as electron from '../../test/fake-electron/index.js';
import { expectSecureWebPreferences } from '../../test/fake-electron/assert-secure.js';
import { createConsoleWindow, focusWindow, loadConsole } from './window.js';
import { WINDOW_STATE_FILE, isVisibleOnSomeDisplay } from './window-bounds.js';

let home: string;
beforeEach(async () => {
  electron.resetFakeElectron();
  home = await mkdtemp(join(tmpdir(), 'status-window-'));
});
afterEach(() => rm(home, { recursive: true, force: true }));

async function newWindow(): Promise<electron.BrowserWindow> {
  return (await createConsoleWindow({ preload: '/app/dist/preload/index.cjs', home })) as never;
}

describe('console window', () => {
  it('is sandboxed, context-isolated, without Node, with our preload only', async () => {
    const win = await newWindow();
    expectSecureWebPreferences(win.options.webPreferences);
    expect(win.options.webPreferences?.preload).toBe('/app/dist/preload/index.cjs');
  });

  it('loads the console from app://console/, not file://', async () => {
    const win = await newWindow();
    await loadConsole(win as never);
    expect(win.webContents.loaded).toEqual(['app://console/']);
  });

  it('may navigate inside the console only', async () => {
    const win = await newWindow();
    expect(win.webContents.navigate('app://console/logs')).toBe(false);
    expect(win.webContents.navigate('https://evil.example/')).toBe(true);
    expect(win.webContents.navigate('file:///etc/passwd')).toBe(true);
    expect(win.webContents.navigate('app://other/', 'will-redirect')).toBe(true);
  });

  it('never opens windows; only http(s) links go to the system browser', async () => {
    const win = await newWindow();
    expect(win.webContents.openWindow('https://grafana.com/docs')).toEqual({ action: 'deny' });
    expect(win.webContents.openWindow('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(win.webContents.openWindow('javascript:alert(1)')).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(electron.shell.opened).toEqual(['https://grafana.com/docs']));
  });

  it("denies the console session's permission requests", async () => {
    const win = await newWindow();
    expect(win.webContents.session.requestPermission('media')).toBe(false);
  });

  it('remembers its bounds on close and restores them next time', async () => {
    const first = await newWindow();
    first.setBounds({ x: 100, y: 120, width: 1000, height: 700 });
    first.close();
    await vi.waitFor(async () =>
      expect(JSON.parse(await readFile(join(home, WINDOW_STATE_FILE), 'utf8'))).toEqual({
        bounds: { x: 100, y: 120, width: 1000, height: 700 },
        maximized: false,
      }),
    );
    const second = await newWindow();
    expect(second.getBounds()).toEqual({ x: 100, y: 120, width: 1000, height: 700 });
  });

  it('ignores saved bounds that are on no display any more', async () => {
    await writeFile(
      join(home, WINDOW_STATE_FILE),
      JSON.stringify({ bounds: { x: 3000, y: 100, width: 1000, height: 700 }, maximized: false }),
    );
    const win = await newWindow();
    expect(win.options.x).toBeUndefined();
    expect(win.getBounds()).toMatchObject({ width: 1280, height: 820 });
  });

  it('ignores a broken window.json', async () => {
    await writeFile(join(home, WINDOW_STATE_FILE), '{ nope');
    const win = await newWindow();
    expect(win.getBounds()).toMatchObject({ width: 1280, height: 820 });
  });

  it('restores a maximized window maximized', async () => {
    await writeFile(
      join(home, WINDOW_STATE_FILE),
      JSON.stringify({ bounds: { x: 10, y: 10, width: 1000, height: 700 }, maximized: true }),
    );
    expect((await newWindow()).isMaximized()).toBe(true);
  });

  it('focusWindow restores a minimized window and brings it forward', async () => {
    const win = await newWindow();
    win.minimize();
    focusWindow(win as never);
    expect(win.isMinimized()).toBe(false);
    expect(win.isVisible()).toBe(true);
    expect(win.focused).toBe(true);
  });
});

describe('isVisibleOnSomeDisplay', () => {
  const displays = [
    { x: 0, y: 0, width: 1920, height: 1080 },
    { x: 1920, y: 0, width: 1280, height: 1024 },
  ];
  it('accepts a window on the second display and refuses one off every display', () => {
    expect(isVisibleOnSomeDisplay({ x: 2000, y: 50, width: 800, height: 600 }, displays)).toBe(true);
    expect(isVisibleOnSomeDisplay({ x: 3300, y: 50, width: 800, height: 600 }, displays)).toBe(false);
    expect(isVisibleOnSomeDisplay({ x: 100, y: -500, width: 800, height: 600 }, displays)).toBe(false);
  });
});
