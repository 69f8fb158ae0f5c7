// The application menu: the usual Edit/View/Window roles plus the platform's commands, so every
// action of the tray is also reachable from the keyboard.
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { LauncherApi } from '../api/contract.js';

export interface AppMenuOptions {
  launcher: Pick<LauncherApi, 'up' | 'stop' | 'restart' | 'urls'>;
  openExternal: (url: string) => Promise<void>;
  quit: () => void;
  onError: (error: unknown) => void;
  /** Developer tools only in development builds. */
  devTools: boolean;
  platform?: NodeJS.Platform;
}

export function menuTemplate(opts: AppMenuOptions): MenuItemConstructorOptions[] {
  const run = (command: () => Promise<unknown>) => () => void command().catch(opts.onError);
  const mac = (opts.platform ?? process.platform) === 'darwin';
  const quit: MenuItemConstructorOptions = {
    label: 'Quit',
    accelerator: 'CmdOrCtrl+Q',
    click: () => opts.quit(),
  };
  return [
    ...(mac
      ? [
          {
            label: 'STATUS Desktop',
            submenu: [
              { role: 'about' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              quit,
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : [{ label: 'File', submenu: [quit] } satisfies MenuItemConstructorOptions]),
    {
      label: 'Platform',
      submenu: [
        { label: 'Start', accelerator: 'CmdOrCtrl+Shift+S', click: run(() => opts.launcher.up()) },
        { label: 'Stop', accelerator: 'CmdOrCtrl+Shift+X', click: run(() => opts.launcher.stop()) },
        { label: 'Restart', click: run(() => opts.launcher.restart()) },
        { type: 'separator' },
        {
          label: 'Open STATUS in the Browser',
          click: run(async () => opts.openExternal((await opts.launcher.urls()).status)),
        },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(opts.devTools ? [{ role: 'toggleDevTools' } satisfies MenuItemConstructorOptions] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}

export function installAppMenu(opts: AppMenuOptions): Menu {
  const menu = Menu.buildFromTemplate(menuTemplate(opts));
  Menu.setApplicationMenu(menu);
  return menu;
}
