// The console's preload: exposes the LauncherApi and the desktop shell as `window.statusDesktop`,
// and nothing else (no ipcRenderer, no Node). Bundled into one CommonJS file so it runs sandboxed.
import { contextBridge, ipcRenderer } from 'electron';
import type { PreloadApi } from '../api/contract.js';
import { createIpcClient, type IpcClientTransport } from '../api/ipc.js';
import { createShellClient } from './shell-protocol.js';

export const PRELOAD_KEY = 'statusDesktop';

const transport: IpcClientTransport = {
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  on(channel, listener) {
    const handler = (_event: unknown, message: unknown) => listener(message);
    ipcRenderer.on(channel, handler);
    return () => void ipcRenderer.removeListener(channel, handler);
  },
};

const api: PreloadApi = { ...createIpcClient(transport), shell: createShellClient(transport) };

contextBridge.exposeInMainWorld(PRELOAD_KEY, api);
