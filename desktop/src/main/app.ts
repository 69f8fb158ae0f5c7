// The Electron shell, wired: single instance, the console protocol, the launcher (engine) served
// over IPC to the console window, embedded app views, tray, menu, notifications, quit rules.
// Thin on purpose: each part lives in its own module; this file only connects them.
import { app, dialog, type BrowserWindow } from 'electron';
import type { LauncherApi } from '../api/contract.js';
import { apiErrorOf } from '../api/errors.js';
import type { SecretCipher } from '../engine/settings/secrets.js';
import { serveConsole } from './console-protocol.js';
import { resetSubscriptionsOnReload, serveConsoleIpc, type ConsoleIpc } from './ipc.js';
import { installAppMenu } from './menu.js';
import { showNotification, watchNotifications } from './notifications.js';
import type { AppPaths } from './paths.js';
import { QuitController } from './quit.js';
import { chooseSecretCipher } from './secret-cipher.js';
import { claimSingleInstance } from './single-instance.js';
import { applyOpenAtLogin, withLoginItem } from './login-item.js';
import { firstCloseNotice } from './tray-notice.js';
import { AppTray } from './tray.js';
import { AppViews } from './views.js';
import { createConsoleWindow, focusWindow, loadConsole, showConsolePage } from './window.js';

/** The launcher as the shell needs it: the API, its settings folder (for window.json), and close. */
export type ShellLauncher = LauncherApi & { readonly home: string; close(): Promise<void> };

export interface DesktopAppOptions {
  paths: AppPaths;
  createLauncher: (opts: { composeFile: string; cipher: SecretCipher }) => Promise<ShellLauncher>;
  devTools?: boolean;
  /** Applies "open at login" to this computer (default: login-item.ts; tests pass a recorder). */
  applyOpenAtLogin?: (enabled: boolean) => Promise<void>;
}

export interface DesktopApp {
  window: BrowserWindow;
  launcher: ShellLauncher;
  views: AppViews;
  ipc: ConsoleIpc;
  tray: AppTray;
  quit: QuitController;
}

/** Reports a failed tray or menu command (they have no screen of their own to show it on). */
function reportFailure(title: string): (error: unknown) => void {
  return (error) => {
    const e = apiErrorOf(error);
    showNotification({ key: `error:${title}`, title, body: [e.message, e.hint].filter(Boolean).join(' ') });
  };
}

/** Starts the shell; resolves undefined when another instance runs or the launcher cannot start. */
export async function runDesktopApp(opts: DesktopAppOptions): Promise<DesktopApp | undefined> {
  let win: BrowserWindow | undefined;
  if (!claimSingleInstance(() => focusWindow(win))) return undefined;

  // Belt and braces: no <webview> may ever attach, whatever page asks for it.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  await app.whenReady();
  if (process.platform === 'win32') app.setAppUserModelId('org.status.desktop');
  serveConsole(opts.paths.rendererDir);

  let launcher: ShellLauncher;
  try {
    launcher = await opts.createLauncher({
      composeFile: opts.paths.composeFile,
      cipher: chooseSecretCipher(),
    });
  } catch (error) {
    const e = apiErrorOf(error);
    dialog.showErrorBox('STATUS Desktop could not start', [e.message, e.hint].filter(Boolean).join('\n\n'));
    app.exit(1);
    return undefined;
  }

  const window = await createConsoleWindow({
    preload: opts.paths.preload,
    home: launcher.home,
    icon: opts.paths.appIcon,
  });
  win = window;
  window.on('closed', () => (win = undefined));

  const views = new AppViews({ window, urls: () => launcher.urls() });
  const applyLoginItem = opts.applyOpenAtLogin ?? ((enabled: boolean) => applyOpenAtLogin(enabled));
  const ipc = serveConsoleIpc({
    launcher: withLoginItem(launcher, applyLoginItem),
    shell: views,
    console: () => win?.webContents,
  });
  resetSubscriptionsOnReload(window.webContents, ipc.launcher);

  // A reloaded console has not placed any app yet: don't leave a view over it.
  window.webContents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) void views.hideApps();
  });

  const open = () => focusWindow(win);
  app.on('activate', open); // macOS: clicking the Dock icon
  const tray = new AppTray({
    launcher,
    iconDir: opts.paths.trayIconDir,
    openWindow: open,
    quit: () => app.quit(),
    onError: reportFailure('STATUS could not do that'),
  });
  const quit = new QuitController({
    launcher,
    getWindow: () => win,
    showBusy: (text) => tray.showBusy(text),
    onHidden: firstCloseNotice(launcher.home, open),
  });
  quit.install();
  quit.attachWindow(window);

  installAppMenu({
    launcher,
    openExternal: (url) => views.openExternal(url),
    quit: () => app.quit(),
    onError: reportFailure('STATUS could not do that'),
    devTools: opts.devTools ?? !app.isPackaged,
  });
  const stopNotifications = watchNotifications({
    launcher,
    onClick: (notice) => {
      open();
      // A failed backup's notice opens the Backups page, where the reason is.
      if (notice.page) showConsolePage(win, notice.page);
    },
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    stopNotifications();
    ipc.dispose();
    tray.destroy();
    void launcher.close().catch(() => undefined);
  });

  await loadConsole(window);
  const settings = await launcher.settings().catch(() => undefined);
  if (settings?.startOnLaunch) launcher.up().catch(reportFailure('STATUS could not start'));
  // Keeps the login entry pointing at this copy of the app (an AppImage may have moved).
  if (settings?.openAtLogin)
    applyLoginItem(true).catch(reportFailure('STATUS Desktop could not open at login'));

  return { window, launcher, views, ipc, tray, quit };
}
