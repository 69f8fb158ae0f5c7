import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../test/fake-electron/index.js'));
import * as electron from '../../test/fake-electron/index.js';
import { expectSecureWebPreferences } from '../../test/fake-electron/assert-secure.js';
import { createFakeLauncher, type FakeLauncher } from '../../test/fake-electron/fake-launcher.js';
import type { SecretCipher } from '../engine/settings/secrets.js';
import { runDesktopApp, type DesktopApp } from './app.js';
import { appPaths } from './paths.js';
import { SAFE_STORAGE_CIPHER_ID } from './secret-cipher.js';

let launcher: FakeLauncher;
let home: string;
let given: { composeFile: string; cipher: SecretCipher }[];
const paths = appPaths({ mainDir: '/repo/desktop/dist/main', isPackaged: false, resourcesPath: '', env: {} });

function start(createLauncher?: () => Promise<FakeLauncher>): Promise<DesktopApp | undefined> {
  const run = runDesktopApp({
    paths,
    createLauncher: async (opts) => {
      given.push(opts);
      return createLauncher ? createLauncher() : launcher;
    },
  });
  electron.app.makeReady();
  return run;
}

beforeEach(async () => {
  electron.resetFakeElectron();
  home = await mkdtemp(join(tmpdir(), 'status-app-'));
  launcher = createFakeLauncher();
  launcher.home = home;
  given = [];
});
afterEach(() => rm(home, { recursive: true, force: true }));

describe('the desktop app', () => {
  it('opens one secure console window on app://console/ and wires IPC, tray and menu', async () => {
    const desktop = await start();
    expect(desktop).toBeDefined();
    expect(electron.BrowserWindow.instances).toHaveLength(1);
    const win = electron.BrowserWindow.instances[0]!;
    expectSecureWebPreferences(win.options.webPreferences);
    expect(win.options.webPreferences?.preload).toBe('/repo/desktop/dist/preload/index.cjs');
    expect(win.webContents.loaded).toEqual(['app://console/']);
    expect(electron.protocol.isProtocolHandled('app')).toBe(true);
    expect(electron.ipcMain.handlers.has('launcher:status')).toBe(true);
    expect(electron.Tray.instances).toHaveLength(1);
    expect(electron.Menu.applicationMenu).not.toBeNull();
    expect(given).toEqual([{ composeFile: '/repo/stack/compose.yaml', cipher: expect.anything() }]);
    expect(given[0]!.cipher.id).toBe(SAFE_STORAGE_CIPHER_ID);
    expect(launcher.calls.map((c) => c.method)).not.toContain('up');
  });

  it('starts the platform at launch when the settings say so', async () => {
    launcher.settingsValue.startOnLaunch = true;
    await start();
    await vi.waitFor(() => expect(launcher.calls.map((c) => c.method)).toContain('up'));
  });

  it('a second instance quits without opening anything', async () => {
    electron.app.hasLock = false;
    expect(await start()).toBeUndefined();
    expect(electron.app.quitCalls).toBe(1);
    expect(electron.BrowserWindow.instances).toHaveLength(0);
    expect(given).toEqual([]);
  });

  it('a second launch brings the existing window forward', async () => {
    await start();
    const win = electron.BrowserWindow.instances[0]!;
    win.minimize();
    electron.app.emit('second-instance', {}, [], '/');
    expect(win.isMinimized()).toBe(false);
    expect(win.focused).toBe(true);
  });

  it('says why when the launcher cannot start, and exits', async () => {
    const started = await start(async () => {
      throw Object.assign(new Error('settings.json is not valid: ports.http must be a port number.'), {});
    });
    expect(started).toBeUndefined();
    expect(electron.dialog.errors[0]!.content).toContain('ports.http must be a port number');
    expect(electron.app.exitCode).toBe(1);
  });

  it('no <webview> can attach to any contents', async () => {
    await start();
    const contents = new electron.FakeWebContents(electron.session.fromPartition(''));
    electron.app.emit('web-contents-created', {}, contents);
    const event = new electron.FakeEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });

  it('closing the window keeps STATUS in the tray (said once); quitting follows closeAction and closes the launcher', async () => {
    launcher.settingsValue.closeAction = 'keep-running';
    await start();
    const win = electron.BrowserWindow.instances[0]!;
    win.show();
    win.close();
    expect(win.isDestroyed()).toBe(false);
    expect(win.isVisible()).toBe(false);
    await vi.waitFor(() =>
      expect(electron.Notification.instances.map((n) => n.options.title)).toContain(
        'STATUS Desktop is still running',
      ),
    );
    expect(electron.app.quitted).toBe(false);

    electron.app.quit();
    await vi.waitFor(() => expect(electron.app.quitted).toBe(true));
    expect(launcher.calls.map((c) => c.method)).not.toContain('stop');
    expect(launcher.closed).toBe(true);
    expect(electron.ipcMain.handlers.size).toBe(0);
  });

  it('a failed backup’s notification opens the window on the Backups page', async () => {
    await start();
    const win = electron.BrowserWindow.instances[0]!;
    win.hide();
    launcher.pushTask({
      task: {
        id: 't1',
        kind: 'backup',
        services: [],
        startedAt: Date.now(),
        state: 'running',
        scheduled: true,
      },
      type: 'task-end',
      ok: false,
      error: { code: 'INTERNAL', message: 'The disk is full.', hint: 'Free some space.' },
    });
    const notice = await vi.waitFor(() => {
      const found = electron.Notification.instances.find((n) => /backup/i.test(n.options.title));
      expect(found).toBeDefined();
      return found!;
    });
    notice.emit('click');
    expect(win.isVisible()).toBe(true);
    await vi.waitFor(() => expect(win.webContents.getURL()).toMatch(/#backups$/));
  });

  it('hides the embedded apps when the console reloads, and shows the window when the Dock icon is clicked', async () => {
    const desktop = (await start())!;
    await desktop.views.showApp('grafana', { x: 0, y: 40, width: 800, height: 600 });
    const win = electron.BrowserWindow.instances[0]!;
    expect(win.contentView.children).toHaveLength(1);
    win.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    await vi.waitFor(() => expect(win.contentView.children).toHaveLength(0));
    win.hide();
    electron.app.emit('activate');
    expect(win.isVisible()).toBe(true);
  });
});
