// The main-process side of the LauncherApi's IPC (protocol in ipc.ts). No Electron import: main
// passes ipcMain.handle and webContents.send, so this is tested without Electron.
import { API_METHODS, type ApiResult, type LauncherApi } from './contract.js';
import { callMethod, Subscriptions } from './dispatch.js';
import {
  IPC_SUBSCRIBE,
  IPC_UNSUBSCRIBE,
  ipcEventChannel,
  ipcMethodChannel,
  type IpcEventMessage,
} from './ipc.js';

export interface IpcServerTransport {
  /** ipcMain.handle (the event argument dropped, or checked by the caller first). */
  handle(channel: string, fn: (...args: unknown[]) => Promise<unknown>): void;
  /** webContents.send of the console window. */
  send(channel: string, message: IpcEventMessage): void;
}

export interface IpcServer {
  /** Drops every subscription (call when the console reloads or closes). */
  resetSubscriptions(): void;
  readonly subscriptionCount: number;
}

/** Serves `api` on the IPC channels of ipc.ts. */
export function serveLauncherIpc(api: LauncherApi, transport: IpcServerTransport): IpcServer {
  const subscriptions = new Subscriptions(api, (stream, id, payload) =>
    transport.send(ipcEventChannel(stream), { id, payload }),
  );
  for (const method of API_METHODS) {
    transport.handle(ipcMethodChannel(method), (...args) => callMethod(api, method, args));
  }
  transport.handle(IPC_SUBSCRIBE, async (request): Promise<ApiResult<null>> => {
    const r = (request ?? {}) as { stream?: unknown; id?: unknown; args?: unknown };
    return subscriptions.subscribe(r.stream, r.id, r.args ?? []);
  });
  transport.handle(IPC_UNSUBSCRIBE, async (request): Promise<ApiResult<null>> => {
    subscriptions.unsubscribe((request as { id?: unknown } | undefined)?.id);
    return { ok: true, value: null };
  });
  return {
    resetSubscriptions: () => subscriptions.close(),
    get subscriptionCount() {
      return subscriptions.size;
    },
  };
}
