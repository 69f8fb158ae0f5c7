// A LauncherApi in the browser, over `status-desktop serve` (protocol in ../ws-protocol.ts).
// Browser-safe: fetch and WebSocket only. One WebSocket carries every stream subscription; when it
// drops it reconnects with back-off and subscribes everything again (onStatus then sends a fresh
// snapshot, so the console catches up). `shell` is undefined: a browser has no embedded views.
import {
  API_METHODS,
  type ApiMethod,
  type ApiResult,
  type ApiStream,
  type LauncherApi,
  type Unsubscribe,
} from '../contract.js';
import { ApiException, unwrap } from '../errors.js';
import { API_PREFIX, EVENTS_PATH, type ClientMessage, type ServerMessage } from '../ws-protocol.js';

export interface HttpClientOptions {
  /** Where the server is, e.g. 'http://127.0.0.1:7800/'; default: the page's own origin (paths are absolute). */
  baseUrl?: string;
  /** Sent as a Bearer header (and on the WebSocket URL); omit in the console page (the cookie does it). */
  token?: string;
  /** Reconnect back-off: first delay, doubled up to maxMs. Default 250 → 5000. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Told when the event connection opens or drops (for a "reconnecting…" banner). */
  onConnection?: (state: 'open' | 'closed') => void;
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
}

export interface HttpLauncherClient extends LauncherApi {
  /** Closes the event connection (no reconnect). */
  close(): void;
}

interface Subscription {
  stream: ApiStream;
  args: unknown[];
  listener: (payload: unknown) => void;
}

export function createHttpClient(opts: HttpClientOptions = {}): HttpLauncherClient {
  const base = new URL(opts.baseUrl ?? globalThis.location?.href ?? 'http://127.0.0.1:7800/');
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const WS = opts.WebSocket ?? globalThis.WebSocket;
  const initialMs = opts.backoff?.initialMs ?? 250;
  const maxMs = opts.backoff?.maxMs ?? 5000;

  const subscriptions = new Map<string, Subscription>();
  let socket: WebSocket | undefined;
  let open = false;
  let closed = false;
  let delay = initialMs;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let counter = 0;

  async function call(method: ApiMethod, args: unknown[]): Promise<unknown> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    let response: Response;
    try {
      response = await doFetch(new URL(`${API_PREFIX}${method}`, base), {
        method: 'POST',
        headers,
        body: JSON.stringify(args),
        credentials: 'same-origin',
      });
    } catch (error) {
      throw new ApiException({
        code: 'ENGINE_UNREACHABLE',
        message: `The STATUS Desktop console server did not answer: ${(error as Error).message}.`,
        hint: 'Check that `status-desktop serve` is still running, then reload the page.',
      });
    }
    let result: ApiResult<unknown>;
    try {
      result = (await response.json()) as ApiResult<unknown>;
    } catch {
      throw new ApiException({
        code: 'INTERNAL',
        message: `The console server answered ${response.status} without a result.`,
        hint: 'Reload the page; if it keeps happening, restart `status-desktop serve`.',
      });
    }
    return unwrap(result);
  }

  function send(message: ClientMessage): void {
    if (socket && open) socket.send(JSON.stringify(message));
  }

  function connect(): void {
    if (closed || socket) return;
    const url = new URL(EVENTS_PATH, base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (opts.token) url.searchParams.set('token', opts.token);
    const ws = new WS(url.toString());
    socket = ws;
    ws.onopen = () => {
      open = true;
      delay = initialMs;
      opts.onConnection?.('open');
      for (const [id, sub] of subscriptions)
        send({ type: 'subscribe', id, stream: sub.stream, args: sub.args });
    };
    ws.onmessage = (event: MessageEvent) => {
      let message: ServerMessage;
      try {
        message = JSON.parse(String(event.data)) as ServerMessage;
      } catch {
        return;
      }
      if (message.type === 'event') subscriptions.get(message.id)?.listener(message.payload);
      else if (message.type === 'subscribed' && !message.result.ok) {
        subscriptions.delete(message.id);
        console.error(`STATUS Desktop: subscription failed: ${message.result.error.message}`);
      }
    };
    ws.onclose = () => {
      const wasOpen = open;
      socket = undefined;
      open = false;
      if (wasOpen) opts.onConnection?.('closed');
      scheduleReconnect();
    };
    ws.onerror = () => {
      // onclose follows and schedules the retry
    };
  }

  function scheduleReconnect(): void {
    if (closed || subscriptions.size === 0 || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect();
    }, delay);
    delay = Math.min(delay * 2, maxMs);
  }

  function subscribe(stream: ApiStream, args: unknown[], listener: (payload: unknown) => void): Unsubscribe {
    counter += 1;
    const id = `s${counter}`;
    subscriptions.set(id, { stream, args, listener });
    if (open) send({ type: 'subscribe', id, stream, args });
    else connect();
    return () => {
      if (!subscriptions.delete(id)) return;
      send({ type: 'unsubscribe', id });
    };
  }

  const api = {} as Record<string, unknown>;
  for (const method of API_METHODS) api[method] = (...args: unknown[]) => call(method, args);
  api.onStatus = (listener: (p: unknown) => void) => subscribe('onStatus', [], listener);
  api.onTask = (listener: (p: unknown) => void) => subscribe('onTask', [], listener);
  api.onLogs = (query: unknown, listener: (p: unknown) => void) => subscribe('onLogs', [query], listener);
  api.close = () => {
    closed = true;
    if (retry) clearTimeout(retry);
    subscriptions.clear();
    socket?.close();
  };
  return api as unknown as HttpLauncherClient;
}
