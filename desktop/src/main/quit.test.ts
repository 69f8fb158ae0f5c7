import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../test/fake-electron/index.js'));
import * as electron from '../../test/fake-electron/index.js';
import {
  createFakeLauncher,
  projectStatus,
  type FakeLauncher,
} from '../../test/fake-electron/fake-launcher.js';
import { QuitController } from './quit.js';

let launcher: FakeLauncher;
let win: electron.BrowserWindow;
let busy: (string | undefined)[];

function controller(stopDeadlineMs?: number): QuitController {
  const quit = new QuitController({
    launcher,
    getWindow: () => win as never,
    showBusy: (text) => busy.push(text),
    stopDeadlineMs,
  });
  quit.install();
  quit.attachWindow(win as never);
  return quit;
}

const methods = () => launcher.calls.map((c) => c.method);

beforeEach(() => {
  electron.resetFakeElectron();
  launcher = createFakeLauncher();
  win = new electron.BrowserWindow({});
  busy = [];
});

describe('quit', () => {
  it('quits at once when nothing runs', async () => {
    launcher.current = projectStatus('stopped');
    await controller().request();
    expect(electron.app.quitted).toBe(true);
    expect(electron.dialog.shown).toEqual([]);
  });

  it("'keep-running' quits without stopping", async () => {
    launcher.settingsValue.closeAction = 'keep-running';
    await controller().request();
    expect(electron.app.quitted).toBe(true);
    expect(methods()).not.toContain('stop');
  });

  it("'stop' stops the platform and quits only once the stop has finished", async () => {
    launcher.settingsValue.closeAction = 'stop';
    launcher.stopMode = 'pending';
    const done = controller().request();
    await vi.waitFor(() => expect(methods()).toContain('stop'));
    await new Promise((r) => setImmediate(r));
    expect(electron.app.quitted).toBe(false);
    expect(win.title).toContain('Stopping STATUS');
    expect(busy).toEqual(['Stopping STATUS…']);
    const [task] = launcher.calls.filter((c) => c.method === 'stop');
    expect(task).toBeDefined();
    launcher.pushTask({
      task: { id: 't1', kind: 'stop', services: [], startedAt: 0, state: 'running' },
      type: 'task-end',
      ok: true,
    });
    await done;
    expect(electron.app.quitted).toBe(true);
    expect(busy.at(-1)).toBeUndefined();
  });

  it("'stop' that fails asks before quitting anyway", async () => {
    launcher.settingsValue.closeAction = 'stop';
    launcher.stopMode = 'end-failed';
    electron.dialog.answers = [{ response: 1, checkboxChecked: false }]; // Cancel
    await controller().request();
    expect(electron.dialog.shown[0]).toMatchObject({ message: 'STATUS did not stop cleanly.' });
    expect(electron.dialog.shown[0]!.detail).toContain('postgres did not stop.');
    expect(electron.app.quitted).toBe(false);
    expect(win.isDestroyed()).toBe(false);
  });

  it("'stop' past its deadline offers to keep waiting or quit", async () => {
    launcher.settingsValue.closeAction = 'stop';
    launcher.stopMode = 'pending';
    electron.dialog.answers = [{ response: 1, checkboxChecked: false }]; // Quit anyway
    await controller(20).request();
    expect(electron.dialog.shown[0]!.message).toMatch(/still stopping/);
    expect(electron.app.quitted).toBe(true);
  });

  it("'ask' offers Leave running / Stop / Cancel; Cancel keeps the app open", async () => {
    electron.dialog.answers = [{ response: 2, checkboxChecked: false }];
    await controller().request();
    expect(electron.dialog.shown[0]!.buttons).toEqual(['Leave STATUS running', 'Stop it', 'Cancel']);
    expect(electron.dialog.shown[0]!.checkboxLabel).toMatch(/Remember/);
    expect(electron.app.quitted).toBe(false);
    expect(methods()).not.toContain('stop');
  });

  it("'ask' → Stop it, remembered: saves closeAction 'stop', stops, waits, quits", async () => {
    electron.dialog.answers = [{ response: 1, checkboxChecked: true }];
    await controller().request();
    expect(launcher.calls.find((c) => c.method === 'saveSettings')?.args).toEqual([{ closeAction: 'stop' }]);
    expect(methods()).toContain('stop');
    expect(electron.app.quitted).toBe(true);
  });

  it("'ask' → Leave running, not remembered: quits without saving or stopping", async () => {
    electron.dialog.answers = [{ response: 0, checkboxChecked: false }];
    await controller().request();
    expect(methods()).not.toContain('saveSettings');
    expect(methods()).not.toContain('stop');
    expect(electron.app.quitted).toBe(true);
  });

  it('closing the window hides it and keeps STATUS running (no question, no stop); a quit asks once', async () => {
    electron.dialog.answers = [{ response: 2, checkboxChecked: false }];
    let hidden = 0;
    const quit = new QuitController({ launcher, getWindow: () => win as never, onHidden: () => hidden++ });
    quit.install();
    quit.attachWindow(win as never);
    win.show();
    win.close();
    expect(win.isDestroyed()).toBe(false);
    expect(win.isVisible()).toBe(false);
    expect(hidden).toBe(1);
    expect(electron.dialog.shown).toHaveLength(0);
    expect(methods()).not.toContain('stop');

    electron.app.quit();
    await quit.request();
    expect(electron.dialog.shown).toHaveLength(1);
    expect(electron.app.quitted).toBe(false);
  });

  it('a stop refused by the launcher is reported, not swallowed', async () => {
    launcher.settingsValue.closeAction = 'stop';
    launcher.stopMode = 'reject';
    electron.dialog.answers = [{ response: 0, checkboxChecked: false }]; // Quit anyway
    await controller().request();
    expect(electron.dialog.shown[0]!.detail).toContain('Another task is running.');
    expect(electron.app.quitted).toBe(true);
  });

  it("'stop' cancels a start still in progress first, then stops", async () => {
    launcher.settingsValue.closeAction = 'stop';
    launcher.running = [{ id: 'up-1', kind: 'up', services: [], startedAt: 0, state: 'running' }];
    await controller().request();
    expect(methods().filter((m) => m === 'cancel' || m === 'stop')).toEqual(['cancel', 'stop']);
    expect(launcher.calls.find((c) => c.method === 'cancel')?.args).toEqual(['up-1']);
    expect(electron.app.quitted).toBe(true);
  });
});
