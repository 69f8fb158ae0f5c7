import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../test/fake-electron/index.js'));
import * as electron from '../../test/fake-electron/index.js';
import {
  createFakeLauncher,
  projectStatus,
  type FakeLauncher,
} from '../../test/fake-electron/fake-launcher.js';
import { API_METHODS, API_STREAMS, SHELL_METHODS, type ApiResult } from '../api/contract.js';
import { IPC_SUBSCRIBE, ipcEventChannel } from '../api/ipc.js';
import { SHELL_EVENT_CHANNEL } from '../preload/shell-protocol.js';
import { resetSubscriptionsOnReload, serveConsoleIpc, type ConsoleIpc } from './ipc.js';
import { AppViews } from './views.js';

const CONSOLE = 'app://console/';
let launcher: FakeLauncher;
let win: electron.BrowserWindow;
let ipc: ConsoleIpc;

beforeEach(() => {
  electron.resetFakeElectron();
  launcher = createFakeLauncher();
  win = new electron.BrowserWindow({});
  const views = new AppViews({ window: win as never, urls: () => launcher.urls() });
  ipc = serveConsoleIpc({ launcher, shell: views, console: () => win.webContents as never });
});

describe('console IPC', () => {
  it("registers exactly the contract's methods, the stream channels and the shell methods", () => {
    const expected = [
      ...API_METHODS.map((m) => `launcher:${m}`),
      'launcher:subscribe',
      'launcher:unsubscribe',
      ...SHELL_METHODS.map((m) => `shell:${m}`),
    ];
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(expected.sort());
    expect(ipc.channels.sort()).toEqual(expected.sort());
    expect(electron.ipcMain.listeners.size).toBe(0); // no fire-and-forget channels
    // Streams are subscribed through launcher:subscribe; their events come back on these:
    expect(API_STREAMS.map(ipcEventChannel)).toEqual([
      'launcher:event:onStatus',
      'launcher:event:onTask',
      'launcher:event:onLogs',
    ]);
  });

  it('answers the console', async () => {
    const result = (await electron.ipcMain.invoke(CONSOLE, 'launcher:status')) as ApiResult<unknown>;
    expect(result).toEqual({ ok: true, value: launcher.current });
  });

  it.each([
    ['an embedded app', 'http://localhost:3000/'],
    ['another custom host', 'app://console.evil/'],
    ['a file page', 'file:///tmp/console/index.html'],
    ['a destroyed frame', null],
  ])('refuses %s and never reaches the launcher', async (_what, frame) => {
    for (const channel of electron.ipcMain.handlers.keys()) {
      const result = (await electron.ipcMain.invoke(frame, channel, {
        stream: 'onStatus',
        id: 'x',
        args: [],
      })) as ApiResult<unknown>;
      expect(result.ok, channel).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('UNAUTHORIZED');
    }
    expect(launcher.calls).toEqual([]);
    expect(launcher.statusListeners.size).toBe(0);
    expect(electron.WebContentsView.instances).toHaveLength(0);
    expect(electron.shell.opened).toEqual([]);
  });

  it('sends stream events to the console window only, and drops them when the page reloads', async () => {
    resetSubscriptionsOnReload(win.webContents as never, ipc.launcher);
    await electron.ipcMain.invoke(CONSOLE, IPC_SUBSCRIBE, { stream: 'onStatus', id: 's1', args: [] });
    const next = projectStatus('stopped');
    launcher.pushStatus(next);
    expect(win.webContents.sent).toContainEqual({
      channel: 'launcher:event:onStatus',
      args: [{ id: 's1', payload: next }],
    });
    win.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    expect(ipc.launcher.subscriptionCount).toBe(0);
    expect(launcher.statusListeners.size).toBe(0);
  });

  it('validates shell arguments', async () => {
    const bad = (await electron.ipcMain.invoke(CONSOLE, 'shell:showApp', 'portainer', {
      x: 0,
    })) as ApiResult<unknown>;
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('INVALID_INPUT');
    const external = (await electron.ipcMain.invoke(
      CONSOLE,
      'shell:openExternal',
      'file:///etc/passwd',
    )) as ApiResult<unknown>;
    expect(external.ok).toBe(false);
    expect(electron.shell.opened).toEqual([]);
  });

  it('shows an app and streams its view state to the console', async () => {
    const ok = await electron.ipcMain.invoke(CONSOLE, 'shell:showApp', 'grafana', {
      x: 0,
      y: 40,
      width: 800,
      height: 600,
    });
    expect(ok).toEqual({ ok: true, value: null });
    const view = electron.WebContentsView.instances[0]!;
    view.webContents.emit('did-stop-loading');
    expect(win.webContents.sent.at(-1)).toMatchObject({
      channel: SHELL_EVENT_CHANNEL,
      args: [{ app: 'grafana' }],
    });
  });

  it('dispose removes every handler', () => {
    ipc.dispose();
    expect(electron.ipcMain.handlers.size).toBe(0);
  });
});
