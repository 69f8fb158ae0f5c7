// "Open STATUS Desktop when I log in" (Settings → App behaviour): macOS and Windows keep login
// items themselves (Electron's setLoginItemSettings); Linux desktops read an XDG autostart entry
// (~/.config/autostart/*.desktop), which Electron does not write, so we do.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { app } from 'electron';
import type { LauncherApi, SettingsUpdate } from '../api/contract.js';

export interface LoginItemHost {
  platform: NodeJS.Platform;
  /** Where XDG autostart entries live (Linux). */
  autostartDir: string;
  /** The command that opens this app: the AppImage, the packaged binary, or electron + the app folder. */
  command: string[];
}

export function currentHost(env: NodeJS.ProcessEnv = process.env): LoginItemHost {
  const configHome = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  const command = env.APPIMAGE
    ? [env.APPIMAGE]
    : app.isPackaged
      ? [process.execPath]
      : [process.execPath, app.getAppPath()];
  return { platform: process.platform, autostartDir: join(configHome, 'autostart'), command };
}

export const AUTOSTART_FILE = 'status-desktop.desktop';

/** Desktop Entry quoting: arguments with spaces or quotes in double quotes, `"`, `\`, `$`, `` ` `` escaped. */
function execLine(command: string[]): string {
  return command
    .map((arg) => (/[\s"'\\$`]/.test(arg) ? `"${arg.replace(/(["\\$`])/g, '\\$1')}"` : arg))
    .join(' ');
}

export async function applyOpenAtLogin(enabled: boolean, host: LoginItemHost = currentHost()): Promise<void> {
  if (host.platform === 'darwin' || host.platform === 'win32') {
    app.setLoginItemSettings({ openAtLogin: enabled });
    return;
  }
  const file = join(host.autostartDir, AUTOSTART_FILE);
  if (!enabled) {
    await rm(file, { force: true });
    return;
  }
  await mkdir(host.autostartDir, { recursive: true });
  const entry = [
    '[Desktop Entry]',
    'Type=Application',
    'Name=STATUS Desktop',
    'Comment=Run the STATUS compliance platform',
    `Exec=${execLine(host.command)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
  await writeFile(file, entry, { mode: 0o644 });
}

/**
 * The launcher as the console sees it, applying `openAtLogin` to this computer whenever the
 * console saves it (the setting itself is stored by the launcher like every other one).
 */
export function withLoginItem(
  launcher: LauncherApi,
  apply: (enabled: boolean) => Promise<void> = (enabled) => applyOpenAtLogin(enabled),
): LauncherApi {
  const saveSettings = async (update: SettingsUpdate) => {
    const saved = await launcher.saveSettings(update);
    if (update.openAtLogin !== undefined) await apply(saved.openAtLogin);
    return saved;
  };
  return new Proxy(launcher, {
    get: (target, key) => {
      if (key === 'saveSettings') return saveSettings;
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
