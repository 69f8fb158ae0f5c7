// Entry of the Electron main process (bundled to dist/main/index.cjs by scripts/build-main.mjs).
import { app, dialog } from 'electron';
import { createLauncher } from '../launcher/launcher.js';
import { runDesktopApp } from './app.js';
import { registerConsoleScheme } from './console-protocol.js';
import { appPaths } from './paths.js';

// Before ready: the name shows in menus and notifications (a dev run would say "Electron"), and
// privileged schemes are only accepted now.
app.setName('STATUS Desktop');
registerConsoleScheme();

const paths = appPaths({
  mainDir: __dirname,
  isPackaged: app.isPackaged,
  resourcesPath: process.resourcesPath,
  env: process.env,
});

runDesktopApp({
  paths,
  createLauncher: ({ composeFile, cipher }) => createLauncher({ composeFile, cipher }),
}).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  dialog.showErrorBox(
    'STATUS Desktop stopped',
    `${message}\n\nStart it again; if this keeps happening, run \`status-desktop doctor\` in a terminal.`,
  );
  app.exit(1);
});
