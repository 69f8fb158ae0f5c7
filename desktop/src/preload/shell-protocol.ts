// The IPC protocol of the desktop shell (embedded app views, the system browser): channel names and
// the renderer-side client. Pure (no Electron, no Node) like api/ipc.ts, so the sandboxed preload can
// bundle it and main can import the same channel names.
//
// - `shell:<method>`       invoke(...args) → ApiResult
// - `shell:event:appView`  main → renderer, an AppViewState (sent to the console only)
import { SHELL_METHODS, type ApiResult, type DesktopShellApi, type Unsubscribe } from '../api/contract.js';
import { unwrap } from '../api/errors.js';
import type { IpcClientTransport } from '../api/ipc.js';

export type ShellMethod = (typeof SHELL_METHODS)[number];

export function shellMethodChannel(method: ShellMethod): string {
  return `shell:${method}`;
}

export const SHELL_EVENT_CHANNEL = 'shell:event:appView';

export const SHELL_INVOKE_CHANNELS: readonly string[] = SHELL_METHODS.map(shellMethodChannel);

export function createShellClient(transport: IpcClientTransport): DesktopShellApi {
  const listeners = new Set<(state: never) => void>();
  let listening = false;
  const call = async (method: ShellMethod, args: unknown[]) =>
    unwrap((await transport.invoke(shellMethodChannel(method), ...args)) as ApiResult<unknown>);
  return {
    showApp: async (app, bounds) => void (await call('showApp', [app, bounds])),
    hideApps: async () => void (await call('hideApps', [])),
    navigateApp: async (app, action) => void (await call('navigateApp', [app, action])),
    openExternal: async (url) => void (await call('openExternal', [url])),
    onAppView(listener): Unsubscribe {
      if (!listening) {
        listening = true;
        transport.on(SHELL_EVENT_CHANNEL, (state) => listeners.forEach((l) => l(state as never)));
      }
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
