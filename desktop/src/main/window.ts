// The console window: sandboxed and context-isolated, its preload the only bridge, navigation
// pinned to app://console/, its size and position remembered between runs.
import { BrowserWindow, screen, shell } from 'electron';
import { CONSOLE_URL, isConsoleUrl } from './console-protocol.js';
import { hardenSession, pinNavigation, secureWebPreferences, sendNewWindowsToBrowser } from './security.js';
import { DEFAULT_SIZE, MIN_SIZE, loadWindowState, saveWindowState } from './window-bounds.js';

export interface ConsoleWindowOptions {
  /** Absolute path of the bundled preload (dist/preload/index.cjs). */
  preload: string;
  /** Settings folder, where window.json is kept. */
  home: string;
  icon?: string;
  onSaveError?: (error: unknown) => void;
}

export async function createConsoleWindow(opts: ConsoleWindowOptions): Promise<BrowserWindow> {
  const workAreas = screen.getAllDisplays().map((d) => d.workArea);
  const saved = await loadWindowState(opts.home, workAreas);
  const win = new BrowserWindow({
    ...(saved?.bounds ?? DEFAULT_SIZE),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'STATUS Desktop',
    backgroundColor: '#111418',
    ...(opts.icon ? { icon: opts.icon } : {}),
    webPreferences: secureWebPreferences({ preload: opts.preload }),
  });
  if (saved?.maximized) win.maximize();

  hardenSession(win.webContents.session);
  pinNavigation(win.webContents, isConsoleUrl);
  sendNewWindowsToBrowser(win.webContents, (url) => shell.openExternal(url));
  win.once('ready-to-show', () => win.show());

  // Saved on close only: the bounds of the last session are what the next one restores.
  win.on('close', () => {
    const state = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    saveWindowState(opts.home, state).catch((error: unknown) => opts.onSaveError?.(error));
  });
  return win;
}

export function loadConsole(win: BrowserWindow): Promise<void> {
  return win.loadURL(CONSOLE_URL);
}

/**
 * Shows one page of the console (a notification's page): a change of the URL's fragment only, so
 * the loaded console just switches page (it follows `hashchange`), nothing reloads.
 */
export function showConsolePage(win: BrowserWindow | undefined, page: string): void {
  if (!win || win.isDestroyed()) return;
  void win.webContents.loadURL(`${CONSOLE_URL}#${page}`).catch(() => undefined);
}

/** Bring the window to the front (second launch, tray "Open", notification click). */
export function focusWindow(win: BrowserWindow | undefined): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
