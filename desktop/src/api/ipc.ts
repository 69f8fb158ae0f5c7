// The IPC protocol of the LauncherApi: channel names and the client both the Electron preload and
// tests use. Pure on purpose (no Electron, no Node): the sandboxed preload bundles this file. The
// main-process side is in ipc-main.ts.
//
// Protocol:
// - `launcher:<method>`       invoke(...args) → ApiResult (never rejects for an API error)
// - `launcher:subscribe`      invoke({ stream, id, args }) → ApiResult<null>
// - `launcher:unsubscribe`    invoke({ id }) → ApiResult<null>
// - `launcher:event:<stream>` main → renderer, payload { id, payload } (one per event or batch)
import {
  API_METHODS,
  API_STREAMS,
  type ApiMethod,
  type ApiResult,
  type ApiStream,
  type LauncherApi,
  type Unsubscribe,
} from './contract.js';
import { unwrap } from './errors.js';

export const IPC_SUBSCRIBE = 'launcher:subscribe';
export const IPC_UNSUBSCRIBE = 'launcher:unsubscribe';

export function ipcMethodChannel(method: ApiMethod): string {
  return `launcher:${method}`;
}

export function ipcEventChannel(stream: ApiStream): string {
  return `launcher:event:${stream}`;
}

/** Every channel the renderer may invoke (main registers exactly these). */
export const IPC_INVOKE_CHANNELS: readonly string[] = [
  ...API_METHODS.map(ipcMethodChannel),
  IPC_SUBSCRIBE,
  IPC_UNSUBSCRIBE,
];

/** Every channel main sends events on (the preload listens to exactly these). */
export const IPC_EVENT_CHANNELS: readonly string[] = API_STREAMS.map(ipcEventChannel);

export interface IpcSubscribeRequest {
  stream: ApiStream;
  id: string;
  args: unknown[];
}

export interface IpcEventMessage {
  id: string;
  payload: unknown;
}

export interface IpcClientTransport {
  /** ipcRenderer.invoke */
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  /** ipcRenderer.on with the event argument dropped; returns how to stop listening. */
  on(channel: string, listener: (message: unknown) => void): () => void;
}

function isEventMessage(value: unknown): value is IpcEventMessage {
  return !!value && typeof value === 'object' && typeof (value as IpcEventMessage).id === 'string';
}

let counter = 0;
function newId(): string {
  counter += 1;
  return `s${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * A LauncherApi over IPC. Every method resolves with the value or rejects with an ApiException
 * (read it with apiErrorOf()); `shell` is not part of it (the preload adds its own).
 */
export function createIpcClient(transport: IpcClientTransport): LauncherApi {
  const listeners = new Map<string, (payload: unknown) => void>();
  const listening = new Set<ApiStream>();

  const listen = (stream: ApiStream) => {
    if (listening.has(stream)) return;
    listening.add(stream);
    transport.on(ipcEventChannel(stream), (message) => {
      if (isEventMessage(message)) listeners.get(message.id)?.(message.payload);
    });
  };

  const call = async (method: ApiMethod, args: unknown[]) =>
    unwrap((await transport.invoke(ipcMethodChannel(method), ...args)) as ApiResult<unknown>);

  const subscribe = (
    stream: ApiStream,
    args: unknown[],
    listener: (payload: unknown) => void,
  ): Unsubscribe => {
    listen(stream);
    const id = newId();
    listeners.set(id, listener);
    let closed = false;
    const request: IpcSubscribeRequest = { stream, id, args };
    transport.invoke(IPC_SUBSCRIBE, request).then(
      (result) => {
        const r = result as ApiResult<null>;
        if (!r.ok) {
          listeners.delete(id);
          console.error(`STATUS Desktop: subscribing to ${stream} failed: ${r.error.message}`);
        }
      },
      () => listeners.delete(id),
    );
    return () => {
      if (closed) return;
      closed = true;
      listeners.delete(id);
      void transport.invoke(IPC_UNSUBSCRIBE, { id }).catch(() => {});
    };
  };

  const api = {} as Record<string, unknown>;
  for (const method of API_METHODS) api[method] = (...args: unknown[]) => call(method, args);
  api.onStatus = (listener: (p: unknown) => void) => subscribe('onStatus', [], listener);
  api.onTask = (listener: (p: unknown) => void) => subscribe('onTask', [], listener);
  api.onLogs = (query: unknown, listener: (p: unknown) => void) => subscribe('onLogs', [query], listener);
  return api as unknown as LauncherApi;
}
