// Where STATUS Desktop keeps the operator's settings and the generated secrets: a per-user folder,
// outside the repository and outside the app bundle, readable by the user only (0700).
import { homedir } from 'node:os';
import { join } from 'node:path';
import { chmod, mkdir, stat } from 'node:fs/promises';

export const HOME_ENV = 'STATUS_DESKTOP_HOME';
export const SETTINGS_FILE = 'settings.json';
export const SECRETS_FILE = 'secrets.json';
export const STACK_ENV_FILE = 'stack.env';

export interface ConfigHomeOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

/**
 * The config folder, without touching the disk:
 * `$STATUS_DESKTOP_HOME`, else Linux `$XDG_CONFIG_HOME/status-desktop` (default `~/.config`),
 * macOS `~/Library/Application Support/STATUS Desktop`, Windows `%APPDATA%\STATUS Desktop`.
 */
export function configHome(options: ConfigHomeOptions = {}): string {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const home = options.home ?? homedir();
  const override = env[HOME_ENV];
  if (override) return override;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'STATUS Desktop');
  if (platform === 'win32') {
    const appData = env.APPDATA || join(home, 'AppData', 'Roaming');
    return join(appData, 'STATUS Desktop');
  }
  // XDG says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && xdg.startsWith('/') ? xdg : join(home, '.config');
  return join(base, 'status-desktop');
}

/** POSIX permission bits can be trusted (Windows reports synthetic modes). */
export function posixPermissions(platform: NodeJS.Platform = process.platform): boolean {
  return platform !== 'win32';
}

/**
 * Creates the folder (and missing parents) with mode 0700. An existing folder that group or others
 * can open is tightened to 0700; the returned warnings say so.
 */
export async function ensureConfigHome(
  dir: string = configHome(),
): Promise<{ dir: string; warnings: string[] }> {
  const warnings: string[] = [];
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (posixPermissions()) {
    const info = await stat(dir);
    if ((info.mode & 0o077) !== 0) {
      await chmod(dir, 0o700);
      warnings.push(
        `The STATUS Desktop folder ${dir} was open to other users (mode ${modeString(info.mode)}); it is now 0700 (yours only).`,
      );
    }
  }
  return { dir, warnings };
}

export function modeString(mode: number): string {
  return (mode & 0o777).toString(8).padStart(4, '0');
}
