// The tray icon: shows the platform's overall state (its image and tooltip) and offers Open, Start
// and Stop without opening the window.
import { join } from 'node:path';
import { Menu, Tray, nativeImage } from 'electron';
import type { LauncherApi, OverallState, ProjectStatus } from '../api/contract.js';

/** The tray images in resources/tray: one per state (the engine being away counts as stopped). */
export type TrayState = OverallState | 'engine-down';

export function trayState(status: ProjectStatus | undefined): TrayState {
  if (!status) return 'stopped';
  if (status.engine !== 'connected') return 'engine-down';
  return status.state;
}

const LABELS: Record<TrayState, string> = {
  stopped: 'STATUS is stopped',
  starting: 'STATUS is starting…',
  running: 'STATUS is running',
  degraded: 'STATUS needs attention: a service is failing',
  partial: 'STATUS is partly running',
  'engine-down': 'The container engine is not reachable',
};

export function trayIconPath(dir: string, state: TrayState): string {
  const file = state === 'engine-down' ? 'stopped' : state;
  return join(dir, `${file}.png`);
}

export interface AppTrayOptions {
  launcher: Pick<LauncherApi, 'up' | 'stop' | 'onStatus'>;
  /** Folder with stopped.png, starting.png, running.png, degraded.png, partial.png (+ @2x). */
  iconDir: string;
  openWindow: () => void;
  quit: () => void;
  /** Where command failures go (the tray has no place to show them). */
  onError: (error: unknown) => void;
}

export class AppTray {
  readonly tray: Tray;
  private state: TrayState = 'stopped';
  private readonly unsubscribe: () => void;

  constructor(private readonly opts: AppTrayOptions) {
    this.tray = new Tray(nativeImage.createFromPath(trayIconPath(opts.iconDir, this.state)));
    this.tray.on('click', () => opts.openWindow());
    this.render();
    this.unsubscribe = opts.launcher.onStatus((status) => this.update(trayState(status)));
  }

  get current(): TrayState {
    return this.state;
  }

  /** Shown while the app waits for the platform to stop before quitting (undefined: back to the state). */
  showBusy(text: string | undefined): void {
    if (text) this.tray.setToolTip(`STATUS Desktop — ${text}`);
    else this.render();
  }

  update(state: TrayState): void {
    if (state === this.state) return;
    this.state = state;
    this.tray.setImage(nativeImage.createFromPath(trayIconPath(this.opts.iconDir, state)));
    this.render();
  }

  destroy(): void {
    this.unsubscribe();
    this.tray.destroy();
  }

  private run(command: () => Promise<unknown>): void {
    command().catch(this.opts.onError);
  }

  private render(): void {
    const { launcher } = this.opts;
    const live = this.state !== 'stopped' && this.state !== 'engine-down';
    this.tray.setToolTip(`STATUS Desktop — ${LABELS[this.state]}`);
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: LABELS[this.state], enabled: false },
        { type: 'separator' },
        { label: 'Open STATUS Desktop', click: () => this.opts.openWindow() },
        { label: 'Start', enabled: this.state !== 'running', click: () => this.run(() => launcher.up()) },
        { label: 'Stop', enabled: live, click: () => this.run(() => launcher.stop()) },
        { type: 'separator' },
        { label: 'Quit', click: () => this.opts.quit() },
      ]),
    );
  }
}
