// The launcher side of every transport: calls a LauncherApi method from untrusted input (method
// name + JSON arguments) and answers with an ApiResult; keeps the stream subscriptions of one
// peer (a window, a WebSocket) so they can all be dropped when the peer goes away.
import {
  API_METHODS,
  API_STREAMS,
  type ApiMethod,
  type ApiResult,
  type ApiStream,
  type LauncherApi,
} from './contract.js';
import { parseMethodArgs, parseStreamArgs } from './schemas.js';
import { launcherError, toApiError } from './to-api-error.js';

const METHODS = new Set<string>(API_METHODS);
const STREAMS = new Set<string>(API_STREAMS);

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && METHODS.has(name);
}

export function isApiStream(name: unknown): name is ApiStream {
  return typeof name === 'string' && STREAMS.has(name);
}

function unknownName(kind: 'method' | 'stream', name: unknown) {
  const known = kind === 'method' ? API_METHODS : API_STREAMS;
  return launcherError(
    'INVALID_INPUT',
    `There is no ${kind} called "${String(name).slice(0, 64)}".`,
    `Known ${kind}s: ${known.join(', ')}.`,
  );
}

/** Checks the arguments, calls the method, and never throws. */
export async function callMethod(
  api: LauncherApi,
  method: unknown,
  args: unknown,
): Promise<ApiResult<unknown>> {
  try {
    if (!isApiMethod(method)) throw unknownName('method', method);
    const parsed = parseMethodArgs(method, args);
    const fn = api[method] as (...a: unknown[]) => Promise<unknown>;
    const value = await fn.apply(api, parsed);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }
}

/** Pushes one event of subscription `id` of `stream` to the peer. */
export type PushEvent = (stream: ApiStream, id: string, payload: unknown) => void;

/** The stream subscriptions of one peer. */
export class Subscriptions {
  private readonly active = new Map<string, () => void>();

  constructor(
    private readonly api: LauncherApi,
    private readonly push: PushEvent,
    private readonly limit = 64,
  ) {}

  get size(): number {
    return this.active.size;
  }

  subscribe(stream: unknown, id: unknown, args: unknown): ApiResult<null> {
    try {
      if (!isApiStream(stream)) throw unknownName('stream', stream);
      if (typeof id !== 'string' || id.length === 0 || id.length > 64) {
        throw launcherError(
          'INVALID_INPUT',
          'A subscription needs an id (1 to 64 characters).',
          'This is a bug of the console; reload it.',
        );
      }
      if (this.active.has(id)) {
        throw launcherError(
          'INVALID_INPUT',
          `Subscription "${id}" already exists.`,
          'Use a new id for every subscription.',
        );
      }
      if (this.active.size >= this.limit) {
        throw launcherError(
          'BUSY',
          `Too many subscriptions (${this.limit}) on one connection.`,
          'Unsubscribe from streams the console no longer shows, or reload it.',
        );
      }
      const parsed = parseStreamArgs(stream, args);
      const listener = (payload: unknown) => this.push(stream, id, payload);
      const unsubscribe =
        stream === 'onLogs'
          ? this.api.onLogs(parsed[0] as Parameters<LauncherApi['onLogs']>[0], listener)
          : this.api[stream](listener);
      this.active.set(id, unsubscribe);
      return { ok: true, value: null };
    } catch (error) {
      return { ok: false, error: toApiError(error) };
    }
  }

  unsubscribe(id: unknown): void {
    if (typeof id !== 'string') return;
    const off = this.active.get(id);
    this.active.delete(id);
    off?.();
  }

  /** The peer went away (window reloaded, socket closed). */
  close(): void {
    for (const id of [...this.active.keys()]) this.unsubscribe(id);
  }
}
