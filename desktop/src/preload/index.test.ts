import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../test/fake-electron/index.js'));
import * as electron from '../../test/fake-electron/index.js';
import {
  createFakeLauncher,
  projectStatus,
  type FakeLauncher,
} from '../../test/fake-electron/fake-launcher.js';
import {
  API_METHODS,
  API_STREAMS,
  SHELL_METHODS,
  type PreloadApi,
  type ProjectStatus,
} from '../api/contract.js';
import { serveConsoleIpc } from '../main/ipc.js';
import { AppViews } from '../main/views.js';

let launcher: FakeLauncher;
let api: PreloadApi;

beforeAll(async () => {
  electron.resetFakeElectron();
  launcher = createFakeLauncher();
  const win = new electron.BrowserWindow({});
  const views = new AppViews({ window: win as never, urls: () => launcher.urls() });
  // Main → renderer messages go straight to the fake ipcRenderer's listeners.
  const console = {
    isDestroyed: () => false,
    send: (channel: string, m: unknown) => electron.ipcRenderer.deliver(channel, m),
  };
  serveConsoleIpc({ launcher, shell: views, console: () => console as never });
  await import('./index.js');
  api = electron.contextBridge.exposed.get('statusDesktop') as PreloadApi;
});

describe('preload', () => {
  it('exposes exactly one key, with the LauncherApi and the shell and nothing else', () => {
    expect([...electron.contextBridge.exposed.keys()]).toEqual(['statusDesktop']);
    expect(Object.keys(api).sort()).toEqual([...API_METHODS, ...API_STREAMS, 'shell'].sort());
    expect(Object.keys(api.shell).sort()).toEqual([...SHELL_METHODS, 'onAppView'].sort());
    for (const value of Object.values(api)) expect(['function', 'object']).toContain(typeof value);
  });

  it('calls the launcher in main through IPC', async () => {
    await expect(api.status()).resolves.toEqual(launcher.current);
    await api.up();
    expect(launcher.calls.map((c) => c.method)).toContain('up');
  });

  it('receives stream events and stops after unsubscribe', async () => {
    const seen: ProjectStatus[] = [];
    const off = api.onStatus((s) => seen.push(s));
    await vi.waitFor(() => expect(launcher.statusListeners.size).toBe(1));
    launcher.pushStatus(projectStatus('starting'));
    expect(seen.map((s) => s.state)).toEqual(['starting']);
    off();
    await vi.waitFor(() => expect(launcher.statusListeners.size).toBe(0));
  });

  it('rejects shell calls with the ApiError main answered', async () => {
    await expect(api.shell.openExternal('file:///etc/passwd')).rejects.toThrow(/Only http and https/);
  });
});
