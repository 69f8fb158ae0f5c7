import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../test/fake-electron/index.js'));
import * as electron from '../../test/fake-electron/index.js';
import { TEST_URLS, createFakeLauncher, type FakeLauncher } from '../../test/fake-electron/fake-launcher.js';
import { installAppMenu } from './menu.js';

let launcher: FakeLauncher;
let opened: string[];
let quits: number;

function install(devTools: boolean, platform: NodeJS.Platform = 'linux'): electron.Menu {
  installAppMenu({
    launcher,
    openExternal: async (url) => void opened.push(url),
    quit: () => quits++,
    onError: () => undefined,
    devTools,
    platform,
  });
  return electron.Menu.applicationMenu!;
}

beforeEach(() => {
  electron.resetFakeElectron();
  launcher = createFakeLauncher();
  opened = [];
  quits = 0;
});

describe('application menu', () => {
  it('has the platform commands and they reach the launcher', async () => {
    const menu = install(false);
    menu.find('Start')!.click!();
    menu.find('Stop')!.click!();
    menu.find('Restart')!.click!();
    menu.find('Open STATUS in the Browser')!.click!();
    menu.find('Quit')!.click!();
    await vi.waitFor(() => expect(opened).toEqual([TEST_URLS.status]));
    expect(launcher.calls.map((c) => c.method)).toEqual(['up', 'stop', 'restart', 'urls']);
    expect(quits).toBe(1);
  });

  it('offers developer tools only in development', () => {
    const roles = (menu: electron.Menu) => JSON.stringify(menu.items);
    expect(roles(install(false))).not.toContain('toggleDevTools');
    expect(roles(install(true))).toContain('toggleDevTools');
  });

  it('has the app menu on macOS and a File menu elsewhere', () => {
    expect(install(false, 'darwin').items[0]!.label).toBe('STATUS Desktop');
    expect(install(false, 'win32').items[0]!.label).toBe('File');
  });
});
