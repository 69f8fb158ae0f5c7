// Boots the BUILT main bundle (dist/main/index.cjs) in plain Node with the fake electron in place
// of the real one, makes the app ready, and prints what happened as one JSON line. Used by
// scripts/build-main.test.ts. argv: <main bundle> <fake electron bundle (CommonJS)>
import Module, { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const [bundle, fakeElectron] = process.argv.slice(2);
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? fakeElectron : resolve.call(this, request, ...rest);
};

require(bundle);
const e = require('electron');
e.app.makeReady();

(async () => {
  const deadline = Date.now() + 60_000;
  while (!e.BrowserWindow.instances.length && !e.dialog.errors.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const win = e.BrowserWindow.instances[0];
  const report = { errors: e.dialog.errors, privileged: e.protocol.privileged };
  if (win) {
    report.loaded = win.webContents.loaded;
    report.webPreferences = win.options.webPreferences;
    report.channels = [...e.ipcMain.handlers.keys()];
    report.status = await e.ipcMain.invoke('app://console/', 'launcher:status');
    report.refused = await e.ipcMain.invoke('http://localhost:3000/', 'launcher:status');
    const page = await e.protocol.fetch('app://console/');
    report.page = { status: page.status, csp: page.headers.get('content-security-policy') };
    report.tray = e.Tray.instances.map((t) => t.tooltip);
  }
  // If the platform happens to run on this engine, the quit question is answered "leave it running".
  e.dialog.answers.push({ response: 0, checkboxChecked: false });
  e.app.quit();
  await new Promise((r) => setTimeout(r, 200));
  report.quitted = e.app.quitted;
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exit(0);
})();
