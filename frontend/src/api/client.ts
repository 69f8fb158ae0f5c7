// The one HTTP client of the app. Cookies carry the session (httpOnly: JS never sees a token). An
// expired access token is refreshed once — one refresh in flight shared by every waiting request —
// and the request replayed; when the refresh fails, the session is over (onAuthLost).
import { config } from '../config';
import { ApiError, errorFromBody } from './errors';

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export const REFRESH_PATH = '/users/auth/refresh';
/** Routes whose 401 means "wrong credentials", never "refresh and retry". */
const NO_REFRESH = new Set(['/users/signIn', '/users/signOut', REFRESH_PATH, '/users/auth']);

interface Hooks {
  /** Called once when a refresh fails: clear the session and go to sign-in. */
  onAuthLost: () => void;
  fetch: typeof fetch;
}
const hooks: Hooks = {
  onAuthLost: () => undefined,
  fetch: (...args) => globalThis.fetch(...args),
};

/** Wires the client to the app (session store, router) and, in tests, to a fake fetch. */
export function configureApi(next: Partial<Hooks>): void {
  Object.assign(hooks, next);
}

export function apiUrl(path: string, query?: Record<string, QueryValue>): string {
  const url = `${config().apiBase}${path.startsWith('/') ? path : `/${path}`}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) params.append(k, String(v));
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

let refreshing: Promise<boolean> | null = null;
/** Counts successful refreshes: a request sent before the latest one carried the old token. */
let refreshes = 0;

/** One refresh at a time: concurrent callers share the same promise. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= hooks
    .fetch(apiUrl(REFRESH_PATH), {
      method: 'GET',
      credentials: 'include',
      headers: { Accept: 'application/json' },
    })
    .then((r) => {
      if (r.ok) refreshes += 1;
      return r.ok;
    })
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

async function parseBody(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined;
  const text = await res.text();
  if (!text) return undefined;
  if ((res.headers.get('content-type') ?? '').includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** A 401 that a refresh can fix: the access token expired, or its cookie already went away. */
function needsRefresh(body: unknown): boolean {
  const b = body as { expired?: unknown; message?: unknown } | undefined;
  return b?.expired === true || b?.message === 'No token provided';
}

async function send(method: Method, path: string, body: unknown, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  const init: RequestInit = { method, credentials: 'include', headers };
  if (opts.signal) init.signal = opts.signal;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  try {
    return await hooks.fetch(apiUrl(path, opts.query), init);
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw new ApiError(0, 'Cannot reach the STATUS server. Check your connection and try again.');
  }
}

export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  opts: RequestOptions = {},
): Promise<T> {
  const sentAfter = refreshes;
  let res = await send(method, path, body, opts);
  let parsed = await parseBody(res);
  if (res.status === 401 && !NO_REFRESH.has(path) && needsRefresh(parsed)) {
    // A request sent with the old token whose 401 arrives after another request's refresh has
    // finished only needs replaying: refreshing again would rotate the session a second time.
    if (refreshes !== sentAfter || (await refreshSession())) {
      res = await send(method, path, body, opts);
      parsed = await parseBody(res);
    } else {
      hooks.onAuthLost();
    }
  }
  if (!res.ok) throw errorFromBody(res.status, res.statusText, parsed);
  return parsed as T;
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, undefined, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, body, opts),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, body, opts),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, body, opts),
  delete: <T = void>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, undefined, opts),
};
