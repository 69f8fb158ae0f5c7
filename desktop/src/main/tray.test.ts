import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../test/fake-electron/index.js'));
import * as electron from '../../test/fake-electron/index.js';
import {
  createFakeLauncher,
  projectStatus,
  type FakeLauncher,
} from '../../test/fake-electron/fake-launcher.js';
import { AppTray } from './tray.js';

let launcher: FakeLauncher;
let opened: number;
let quits: number;
let errors: unknown[];

function newTray(): { tray: AppTray; fake: electron.Tray } {
  const tray = new AppTray({
    launcher,
    iconDir: '/res/tray',
    openWindow: () => opened++,
    quit: () => quits++,
    onError: (e) => errors.push(e),
  });
  return { tray, fake: electron.Tray.instances.at(-1)! };
}

const menu = (fake: electron.Tray) => fake.menu as electron.Menu;
const imagePath = (fake: electron.Tray) => (fake.image as electron.NativeImage).path;

beforeEach(() => {
  electron.resetFakeElectron();
  launcher = createFakeLauncher();
  opened = 0;
  quits = 0;
  errors = [];
});

describe('tray', () => {
  it('shows the overall state in its icon and tooltip', () => {
    const { fake } = newTray();
    expect(imagePath(fake)).toBe('/res/tray/stopped.png');
    for (const state of ['starting', 'running', 'degraded', 'partial', 'stopped'] as const) {
      launcher.pushStatus(projectStatus(state));
      expect(imagePath(fake)).toBe(`/res/tray/${state}.png`);
    }
    launcher.pushStatus(projectStatus('degraded'));
    expect(fake.tooltip).toMatch(/needs attention/);
    launcher.pushStatus(projectStatus('running', [], { engine: 'disconnected' }));
    expect(imagePath(fake)).toBe('/res/tray/stopped.png');
    expect(fake.tooltip).toMatch(/engine is not reachable/);
  });

  it('Start, Stop and Open call the launcher and the window', async () => {
    const { fake } = newTray();
    menu(fake).find('Start')!.click!();
    launcher.pushStatus(projectStatus('running'));
    menu(fake).find('Stop')!.click!();
    menu(fake).find('Open STATUS Desktop')!.click!();
    fake.emit('click');
    menu(fake).find('Quit')!.click!();
    await vi.waitFor(() => expect(launcher.calls.map((c) => c.method)).toEqual(['up', 'stop']));
    expect(opened).toBe(2);
    expect(quits).toBe(1);
  });

  it('offers Stop only while something runs and Start unless everything does', () => {
    const { fake } = newTray();
    expect(menu(fake).find('Stop')!.enabled).toBe(false);
    expect(menu(fake).find('Start')!.enabled).toBe(true);
    launcher.pushStatus(projectStatus('running'));
    expect(menu(fake).find('Stop')!.enabled).toBe(true);
    expect(menu(fake).find('Start')!.enabled).toBe(false);
  });

  it('reports a failed command', async () => {
    launcher.up = async () => {
      throw new Error('busy');
    };
    const { fake } = newTray();
    menu(fake).find('Start')!.click!();
    await vi.waitFor(() => expect(errors).toHaveLength(1));
  });

  it('unsubscribes when destroyed', () => {
    const { tray, fake } = newTray();
    tray.destroy();
    expect(launcher.statusListeners.size).toBe(0);
    expect(fake.destroyed).toBe(true);
  });
});
