import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../test/fake-electron/index.js'));
import * as electron from '../../test/fake-electron/index.js';
import { expectSecureWebPreferences } from '../../test/fake-electron/assert-secure.js';
import { embeddedView, TEST_URLS } from '../../test/fake-electron/fake-launcher.js';
import type { AppViewState, EmbeddedApp } from '../api/contract.js';
import { AppViews, EMBEDDED_APPS, PLATFORM_PARTITION } from './views.js';

let win: electron.BrowserWindow;
let views: AppViews;
const bounds = { x: 0, y: 48, width: 1000, height: 700 };

beforeEach(() => {
  electron.resetFakeElectron();
  win = new electron.BrowserWindow({});
  views = new AppViews({ window: win as never, urls: async () => TEST_URLS });
});

const viewOf = (app: EmbeddedApp): electron.WebContentsView =>
  embeddedView(electron.WebContentsView.instances, app);

describe('embedded app views', () => {
  it('are created lazily, one per app, each secure, sharing the platform partition (one sign-in)', async () => {
    expect(electron.WebContentsView.instances).toHaveLength(0);
    for (const app of EMBEDDED_APPS) await views.showApp(app, bounds);
    await views.showApp('grafana', bounds);
    expect(electron.WebContentsView.instances).toHaveLength(3);
    const partitions = electron.WebContentsView.instances.map((v) => v.webContents.session.partition);
    expect(partitions).toEqual([PLATFORM_PARTITION, PLATFORM_PARTITION, PLATFORM_PARTITION]);
    // Persistent, and not the console's (default) session: other sites never see these cookies.
    expect(PLATFORM_PARTITION).toMatch(/^persist:/);
    expect(viewOf('grafana').webContents.session).toBe(viewOf('status').webContents.session);
    expect(viewOf('status').webContents.session).not.toBe(win.webContents.session);
    for (const view of electron.WebContentsView.instances)
      expectSecureWebPreferences(view.options.webPreferences);
  });

  it('load their app and show over the given area, one at a time', async () => {
    await views.showApp('grafana', { x: 0.4, y: 48, width: 999.6, height: 700 });
    expect(viewOf('grafana').webContents.loaded).toEqual([TEST_URLS.grafana]);
    expect(viewOf('grafana').bounds).toEqual({ x: 0, y: 48, width: 1000, height: 700 });
    await views.showApp('nodeRed', bounds);
    expect(win.contentView.children).toEqual([viewOf('nodeRed')]);
    expect(views.visibleApp).toBe('nodeRed');
    await views.hideApps();
    expect(win.contentView.children).toEqual([]);
  });

  it('place the view in window pixels when the console is zoomed', async () => {
    win.webContents.zoomFactor = 1.25;
    await views.showApp('status', { x: 0, y: 40, width: 800, height: 600 });
    expect(viewOf('status').bounds).toEqual({ x: 0, y: 50, width: 1000, height: 750 });
  });

  it('stay on their own origin and path', async () => {
    await views.showApp('grafana', bounds);
    const contents = viewOf('grafana').webContents;
    expect(contents.navigate('http://localhost:3000/grafana/d/abc')).toBe(false);
    expect(contents.navigate('http://localhost:3000/node-red/')).toBe(true);
    expect(contents.navigate('https://evil.example/')).toBe(true);
    expect(contents.navigate('https://evil.example/', 'will-redirect')).toBe(true);
  });

  it("let Grafana and Node-RED show STATUS's sign-in page on the same origin, nothing else of STATUS", async () => {
    for (const app of ['grafana', 'nodeRed'] as const) {
      await views.showApp(app, bounds);
      const contents = viewOf(app).webContents;
      // navigate() answers whether the navigation was prevented.
      expect(contents.navigate('http://localhost:3000/sign-in?next=/grafana/d/abc', 'will-redirect')).toBe(
        false,
      );
      expect(contents.navigate('http://localhost:3000/catalogs')).toBe(true);
      expect(contents.navigate('http://evil.example/sign-in')).toBe(true);
    }
  });

  it('open new windows in the system browser, http(s) only', async () => {
    await views.showApp('status', bounds);
    const contents = viewOf('status').webContents;
    expect(contents.openWindow('https://github.com/login')).toEqual({ action: 'deny' });
    expect(contents.openWindow('file:///etc/passwd')).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(electron.shell.opened).toEqual(['https://github.com/login']));
  });

  it('deny permission requests', async () => {
    await views.showApp('nodeRed', bounds);
    expect(viewOf('nodeRed').webContents.session.requestPermission('notifications')).toBe(false);
    expect(viewOf('nodeRed').webContents.session.requestPermission('media')).toBe(false);
  });

  it('report a failed load as an error the console can show, and clear it on the next load', async () => {
    const states: AppViewState[] = [];
    views.onAppView((s) => states.push(s));
    await views.showApp('grafana', bounds);
    const contents = viewOf('grafana').webContents;
    contents.emit(
      'did-fail-load',
      new electron.FakeEvent(),
      -102,
      'ERR_CONNECTION_REFUSED',
      TEST_URLS.grafana,
      true,
    );
    expect(states.at(-1)).toMatchObject({
      app: 'grafana',
      error: expect.stringContaining('ERR_CONNECTION_REFUSED'),
    });
    contents.emit('did-fail-load', new electron.FakeEvent(), -3, 'ERR_ABORTED', TEST_URLS.grafana, true);
    contents.emit(
      'did-fail-load',
      new electron.FakeEvent(),
      -102,
      'ERR_CONNECTION_REFUSED',
      'http://x/',
      false,
    );
    expect(states).toHaveLength(1);
    contents.emit('did-start-loading');
    expect(states.at(-1)?.error).toBeUndefined();
  });

  it('report a server error page (the proxy while the app is down) as an error too', async () => {
    const states: AppViewState[] = [];
    views.onAppView((s) => states.push(s));
    await views.showApp('nodeRed', bounds);
    const contents = viewOf('nodeRed').webContents;
    contents.emit('did-navigate', new electron.FakeEvent(), TEST_URLS.nodeRed, 502, 'Bad Gateway');
    expect(states.at(-1)?.error).toContain('HTTP 502');
    contents.emit('did-start-loading');
    contents.emit('did-navigate', new electron.FakeEvent(), TEST_URLS.nodeRed, 200, 'OK');
    expect(states.at(-1)?.error).toBeUndefined();
  });

  it('navigate back, forward, reload and home', async () => {
    await views.showApp('status', bounds);
    const contents = viewOf('status').webContents;
    await contents.loadURL('http://localhost:3000/catalogs');
    await views.navigateApp('status', 'back');
    expect(contents.getURL()).toBe(TEST_URLS.status);
    await views.navigateApp('status', 'forward');
    expect(contents.getURL()).toBe('http://localhost:3000/catalogs');
    await views.navigateApp('status', 'reload');
    expect(contents.loaded.at(-1)).toBe('http://localhost:3000/catalogs');
    await views.navigateApp('status', 'home');
    expect(contents.loaded.at(-1)).toBe(TEST_URLS.status);
  });

  it('openExternal refuses anything but http(s)', async () => {
    await expect(views.openExternal('file:///etc/passwd')).rejects.toThrow(/Only http and https/);
    await views.openExternal('https://example.com/');
    expect(electron.shell.opened).toEqual(['https://example.com/']);
  });
});
