import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../test/fake-electron/index.js'));
import * as electron from '../../test/fake-electron/index.js';
import { createFakeLauncher } from '../../test/fake-electron/fake-launcher.js';
import { AUTOSTART_FILE, applyOpenAtLogin, withLoginItem, type LoginItemHost } from './login-item.js';

let dir: string;
beforeEach(async () => {
  electron.resetFakeElectron();
  dir = await mkdtemp(join(tmpdir(), 'status-login-item-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const linux = (command: string[]): LoginItemHost => ({
  platform: 'linux',
  autostartDir: join(dir, 'autostart'),
  command,
});

describe('open at login', () => {
  it('Linux: writes an XDG autostart entry that runs this app (quoted), and removes it when turned off', async () => {
    const host = linux(['/opt/STATUS Desktop/status-desktop', '--no-sandbox']);
    await applyOpenAtLogin(true, host);
    const file = join(dir, 'autostart', AUTOSTART_FILE);
    const entry = await readFile(file, 'utf8');
    expect(entry).toContain('[Desktop Entry]\nType=Application\nName=STATUS Desktop\n');
    expect(entry).toContain('Exec="/opt/STATUS Desktop/status-desktop" --no-sandbox\n');
    await applyOpenAtLogin(false, host);
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
    await applyOpenAtLogin(false, host); // already off: nothing to do, no error
  });

  it('macOS and Windows: Electron keeps the login item', async () => {
    await applyOpenAtLogin(true, { ...linux(['x']), platform: 'darwin' });
    expect(electron.app.loginItem).toEqual({ openAtLogin: true });
    await applyOpenAtLogin(false, { ...linux(['x']), platform: 'win32' });
    expect(electron.app.loginItem).toEqual({ openAtLogin: false });
  });

  it('the console saving the setting applies it to this computer; other settings do not touch it', async () => {
    const launcher = createFakeLauncher();
    const applied: boolean[] = [];
    const api = withLoginItem(launcher, async (enabled) => void applied.push(enabled));
    await api.saveSettings({ startOnLaunch: true });
    expect(applied).toEqual([]);
    await api.saveSettings({ openAtLogin: true });
    expect(applied).toEqual([true]);
    expect(launcher.calls.map((c) => c.method)).toEqual(['saveSettings', 'saveSettings']);
    // Everything else is the launcher's own.
    expect(await api.settings()).toEqual(await launcher.settings());
  });
});
