// The one HTTP client of the app. Cookies carry the session (httpOnly: JS never sees a token). An
// expired access token is refreshed once — one refresh in flight shared by every waiting request —
// and the request replayed; when the refresh fails, the session is over (onAuthLost).
import { config } from '../config';
import { ApiError, errorFromBody } from './errors';
import { linkTarget, parseLinkHeader, type LinkValue } from './links';

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
}
const hooks: Hooks = {
  onAuthLost: () => undefined,
};

/** Wires the client to the app (the session store). */
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
  refreshing ??= globalThis
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

async function send(method: Method, url: string, body: unknown, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  const init: RequestInit = { method, credentials: 'include', headers };
  if (opts.signal) init.signal = opts.signal;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  try {
    return await globalThis.fetch(url, init);
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw new ApiError(0, 'Cannot reach the STATUS server. Check your connection and try again.');
  }
}

/** One request to `url` with the session handling: an expired token is refreshed and the request
 *  replayed once. Throws the ApiError of a failed answer; returns the answer and its parsed body. */
async function exchange(
  method: Method,
  path: string,
  url: string,
  body: unknown,
  opts: RequestOptions,
): Promise<{ res: Response; parsed: unknown }> {
  const sentAfter = refreshes;
  let res = await send(method, url, body, opts);
  let parsed = await parseBody(res);
  if (res.status === 401 && !NO_REFRESH.has(path) && needsRefresh(parsed)) {
    // A request sent with the old token whose 401 arrives after another request's refresh has
    // finished only needs replaying: refreshing again would rotate the session a second time.
    if (refreshes !== sentAfter || (await refreshSession())) {
      res = await send(method, url, body, opts);
      parsed = await parseBody(res);
    } else {
      hooks.onAuthLost();
    }
  }
  if (!res.ok) throw errorFromBody(res.status, res.statusText, parsed);
  return { res, parsed };
}

export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  opts: RequestOptions = {},
): Promise<T> {
  const { parsed } = await exchange(method, path, apiUrl(path, opts.query), body, opts);
  return parsed as T;
}

// ---- Lists ----------------------------------------------------------------------------------------
// A list route of the backend answers every row when asked without `?limit`; with `?limit=&offset=`
// it answers one page with `X-Total-Count` (the total) and a `Link` header (rel="next", "prev").

/** One page of a list. */
export interface Page<T> {
  items: T[];
  /** `X-Total-Count`: every item of the list, all pages together (absent when the server did not say). */
  total?: number;
  /** Absolute URL of the next page (pass it to `api.page`); absent on the last page. */
  next?: string;
  /** Absolute URL of the previous page. */
  prev?: string;
}

export interface ListOptions extends RequestOptions {
  /** Pages `api.list` follows at most before failing (default MAX_LIST_PAGES). */
  maxPages?: number;
}

/** A list that needs more pages than this is a server fault (a link loop that changes its URL), not data. */
export const MAX_LIST_PAGES = 10_000;

const ABSOLUTE = /^[a-z][a-z\d+.-]*:/i;

/** `url` made absolute (the API base is usually a path such as `/backend`). */
function absolute(url: string): URL {
  return new URL(url, globalThis.location?.href ?? 'http://localhost/');
}

function withQuery(url: string, query: Record<string, QueryValue> | undefined): string {
  if (!query) return url;
  const u = new URL(url);
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null) u.searchParams.set(k, String(v));
  return u.href;
}

/** The URL of a list request: an API path (`/catalogs`), or a page URL that `api.page` returned. */
function listUrl(pathOrUrl: string, query: Record<string, QueryValue> | undefined): string {
  if (!ABSOLUTE.test(pathOrUrl)) return apiUrl(pathOrUrl, query);
  const apiOrigin = absolute(apiUrl('/')).origin;
  if (absolute(pathOrUrl).origin !== apiOrigin) {
    throw new ApiError(0, `Refusing to read a list from ${pathOrUrl}: not the STATUS server (${apiOrigin}).`);
  }
  return withQuery(pathOrUrl, query);
}

function pageLink(
  links: LinkValue[],
  rel: string,
  url: string,
  status: number,
  where: string,
): string | undefined {
  const base = absolute(url);
  let target: string | undefined;
  try {
    target = linkTarget(links, rel, base);
  } catch {
    throw new ApiError(status, `The server sent an invalid rel="${rel}" link for ${where}.`);
  }
  if (target !== undefined && new URL(target).origin !== base.origin) {
    throw new ApiError(
      status,
      `The server's rel="${rel}" link for ${where} leaves the STATUS server: ${target}.`,
    );
  }
  return target;
}

async function fetchPage<T>(path: string, url: string, opts: RequestOptions): Promise<Page<T>> {
  const { res, parsed } = await exchange('GET', path, url, undefined, opts);
  const where = `GET ${path}`;
  if (!Array.isArray(parsed)) {
    throw new ApiError(
      res.status,
      `Expected a list from ${where}, got ${parsed === undefined ? 'nothing' : typeof parsed}.`,
      undefined,
      parsed,
    );
  }
  const page: Page<T> = { items: parsed as T[] };
  const total = (res.headers.get('X-Total-Count') ?? '').trim();
  if (/^\d+$/.test(total)) page.total = Number(total);
  const links = parseLinkHeader(res.headers.get('Link'));
  const next = pageLink(links, 'next', url, res.status, where);
  const prev = pageLink(links, 'prev', url, res.status, where);
  if (next !== undefined) page.next = next;
  if (prev !== undefined) page.prev = prev;
  return page;
}

/** One page: `page('/catalogs', { query: { limit: 100 } })`, then `page(p.next)` for the next one. */
export async function page<T>(pathOrUrl: string, opts: RequestOptions = {}): Promise<Page<T>> {
  const path = ABSOLUTE.test(pathOrUrl) ? absolute(pathOrUrl).pathname : pathOrUrl;
  return fetchPage<T>(path, listUrl(pathOrUrl, opts.query), opts);
}

/**
 * Every item of a list. Asked without `?limit`, the backend answers them all at once; a server
 * that pages anyway is followed along its rel="next" links and the pages concatenated. A link back
 * to a page already read, or more than `maxPages` pages, fails with an ApiError: a list is never
 * cut short without saying so (those errors carry status 200: every answer was fine, their links were not).
 */
export async function list<T>(pathOrUrl: string, opts: ListOptions = {}): Promise<T[]> {
  const { maxPages = MAX_LIST_PAGES, ...requestOpts } = opts;
  const path = ABSOLUTE.test(pathOrUrl) ? absolute(pathOrUrl).pathname : pathOrUrl;
  let url = listUrl(pathOrUrl, opts.query);
  const read = new Set<string>();
  const items: T[] = [];
  for (;;) {
    read.add(absolute(url).href);
    const p = await fetchPage<T>(path, url, requestOpts);
    for (const item of p.items) items.push(item);
    if (p.next === undefined) return items;
    if (read.has(p.next)) {
      throw new ApiError(
        200,
        `The list GET ${path} links back to a page already read (${p.next}); stopped after ${read.size} pages and ${items.length} items.`,
      );
    }
    if (read.size >= maxPages) {
      throw new ApiError(
        200,
        `The list GET ${path} has more than ${maxPages} pages; stopped after ${items.length} items.`,
      );
    }
    url = p.next;
  }
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, undefined, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, body, opts),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, body, opts),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, body, opts),
  delete: <T = void>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, undefined, opts),
  /** Every item of a list, whatever its length (see `list`). */
  list,
  /** One page of a list with its total and the link to the next page (see `page`). */
  page,
};
