// Wires the LauncherApi and the desktop shell to ipcMain. Every call is checked first: only the
// console (a frame of app://console) may reach a handler; embedded apps and anything else get
// UNAUTHORIZED. Events go to the console window only.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { z } from 'zod';
import { SHELL_METHODS, type ApiResult, type DesktopShellApi, type LauncherApi } from '../api/contract.js';
import { serveLauncherIpc, type IpcServer } from '../api/ipc-main.js';
import { invalidInput, toApiError } from '../api/to-api-error.js';
import { SHELL_EVENT_CHANNEL, shellMethodChannel, type ShellMethod } from '../preload/shell-protocol.js';
import { isConsoleUrl } from './console-protocol.js';

/** True when the call comes from a frame showing the console (the only trusted page). */
export function isConsoleSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const url = event.senderFrame?.url;
  return !!url && isConsoleUrl(url);
}

const refused: ApiResult<never> = {
  ok: false,
  error: {
    code: 'UNAUTHORIZED',
    message: 'Only the STATUS Desktop console may use the launcher.',
    hint: 'Use the console window of STATUS Desktop.',
  },
};

const app = z.enum(['status', 'grafana', 'nodeRed'], { error: 'must be "status", "grafana" or "nodeRed"' });
const coordinate = z.number({ error: 'must be a number' }).finite().min(-1e5).max(1e5);
const size = z.number({ error: 'must be a number' }).finite().min(0).max(1e5);
const SHELL_ARGS: Record<ShellMethod, z.ZodType<unknown[]>> = {
  showApp: z.tuple([app, z.strictObject({ x: coordinate, y: coordinate, width: size, height: size })]),
  hideApps: z.tuple([]),
  navigateApp: z.tuple([
    app,
    z.enum(['back', 'forward', 'reload', 'home'], { error: 'must be back, forward, reload or home' }),
  ]),
  openExternal: z.tuple([z.string({ error: 'must be a URL' }).max(8192)]),
};

async function callShell(
  shell: DesktopShellApi,
  method: ShellMethod,
  args: unknown[],
): Promise<ApiResult<null>> {
  try {
    const parsed = SHELL_ARGS[method].safeParse(args);
    if (!parsed.success) throw invalidInput(method, parsed.error);
    await (shell[method] as (...a: unknown[]) => Promise<void>)(...parsed.data);
    return { ok: true, value: null };
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }
}

export interface ConsoleIpcOptions {
  launcher: LauncherApi;
  shell: DesktopShellApi;
  /** The console window's web contents (events go there only). */
  console: () => WebContents | undefined;
}

export interface ConsoleIpc {
  launcher: IpcServer;
  /** Every channel registered with ipcMain.handle. */
  channels: string[];
  dispose(): void;
}

export function serveConsoleIpc(opts: ConsoleIpcOptions): ConsoleIpc {
  const channels: string[] = [];
  const handle = (channel: string, fn: (...args: unknown[]) => Promise<unknown>): void => {
    channels.push(channel);
    ipcMain.handle(channel, (event, ...args) => (isConsoleSender(event) ? fn(...args) : refused));
  };
  const send = (channel: string, message: unknown): void => {
    const contents = opts.console();
    if (contents && !contents.isDestroyed()) contents.send(channel, message);
  };

  const launcher = serveLauncherIpc(opts.launcher, { handle, send });
  for (const method of SHELL_METHODS) {
    handle(shellMethodChannel(method), (...args) => callShell(opts.shell, method, args));
  }
  const stopViews = opts.shell.onAppView((state) => send(SHELL_EVENT_CHANNEL, state));

  return {
    launcher,
    channels,
    dispose() {
      stopViews();
      launcher.resetSubscriptions();
      for (const channel of channels) ipcMain.removeHandler(channel);
    },
  };
}

/** Drops the console's stream subscriptions whenever its page goes away (reload, crash, close). */
export function resetSubscriptionsOnReload(contents: WebContents, server: IpcServer): void {
  contents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) server.resetSubscriptions();
  });
  contents.on('render-process-gone', () => server.resetSubscriptions());
  contents.on('destroyed', () => server.resetSubscriptions());
}
