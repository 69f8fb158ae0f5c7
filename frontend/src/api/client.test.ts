import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, json, stubFetch } from '../test/fakeFetch';
import { api, ApiError, configureApi } from '.';
import type { Page } from '.';

afterEach(() => {
  vi.unstubAllGlobals();
  configureApi({ onAuthLost: () => undefined });
});

const expired = () => json(401, { message: 'Token expired', expired: true });

describe('api client', () => {
  it('sends JSON with cookies to the configured base and parses the answer', async () => {
    const f = fakeFetch({ 'POST /catalogs': (c) => json(201, { id: 1, ...(c.body as object) }) });
    const spy = vi.fn(f.fetch);
    stubFetch(spy as unknown as typeof fetch);
    const r = await api.post<{ id: number; name: string }>(
      '/catalogs',
      { name: 'ISO' },
      { query: { a: 1, b: undefined } },
    );
    expect(r).toEqual({ id: 1, name: 'ISO' });
    const [url, init] = spy.mock.calls[0]!;
    expect(url).toBe('/backend/catalogs?a=1');
    expect(init).toMatchObject({ method: 'POST', credentials: 'include' });
    expect((init!.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('turns a validation 400 into an ApiError with field messages by path', async () => {
    const f = fakeFetch({
      'POST /controls': () =>
        json(400, {
          message: 'Invalid request body',
          errors: [
            { path: 'name', message: 'name is required' },
            { path: 'params.endpoint', message: 'endpoint must be a string' },
          ],
        }),
    });
    stubFetch(f.fetch);
    const err = await api.post('/controls', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 400,
      message: 'Invalid request body',
      fieldErrors: { name: 'name is required', 'params.endpoint': 'endpoint must be a string' },
    });
  });

  it('reports an unreachable server as status 0 with a message saying what to do', async () => {
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(api.get('/catalogs')).rejects.toMatchObject({
      status: 0,
      message: expect.stringMatching(/connection/),
    });
  });

  it('refreshes once for three parallel 401s (expired), then replays each request', async () => {
    let refreshed = false;
    let releaseRefresh!: () => void;
    const gate = new Promise<void>((r) => (releaseRefresh = r));
    const f = fakeFetch({
      'GET /users/auth/refresh': async () => {
        await gate;
        refreshed = true;
        return json(200, { message: 'Token refreshed', user: null });
      },
      'GET /a': () => (refreshed ? json(200, 'a') : expired()),
      'GET /b': () => (refreshed ? json(200, 'b') : expired()),
      'GET /c': () => (refreshed ? json(200, 'c') : json(401, { message: 'No token provided' })),
    });
    const onAuthLost = vi.fn();
    stubFetch(f.fetch);
    configureApi({ onAuthLost: onAuthLost });
    const all = Promise.all([api.get('/a'), api.get('/b'), api.get('/c')]);
    await vi.waitFor(() => expect(f.count('GET /c')).toBe(1));
    releaseRefresh();
    expect(await all).toEqual(['a', 'b', 'c']);
    expect(f.count('GET /users/auth/refresh')).toBe(1);
    expect([f.count('GET /a'), f.count('GET /b'), f.count('GET /c')]).toEqual([2, 2, 2]);
    expect(onAuthLost).not.toHaveBeenCalled();
  });

  it('replays without a second refresh a request whose 401 arrives after the refresh finished', async () => {
    let refreshed = false;
    let releaseLate!: () => void;
    const late = new Promise<void>((r) => (releaseLate = r));
    const f = fakeFetch({
      'GET /users/auth/refresh': () => {
        refreshed = true;
        return json(200, { message: 'Token refreshed', user: null });
      },
      'GET /fast': () => (refreshed ? json(200, 'fast') : expired()),
      // Sent with the old token together with /fast; its 401 comes back only after the refresh.
      'GET /slow': async () => {
        if (refreshed) return json(200, 'slow');
        await late;
        return expired();
      },
    });
    stubFetch(f.fetch);
    const slow = api.get('/slow');
    expect(await api.get('/fast')).toBe('fast');
    releaseLate();
    expect(await slow).toBe('slow');
    expect(f.count('GET /users/auth/refresh')).toBe(1);
    expect(f.count('GET /slow')).toBe(2);
  });

  it('ends the session when the refresh fails: onAuthLost, and the 401 reaches the caller', async () => {
    const f = fakeFetch({
      'GET /users/auth/refresh': () => json(401, { message: 'Refresh token expired, please sign in again' }),
      'GET /catalogs': expired,
    });
    const onAuthLost = vi.fn();
    stubFetch(f.fetch);
    configureApi({ onAuthLost: onAuthLost });
    await expect(api.get('/catalogs')).rejects.toMatchObject({ status: 401 });
    expect(onAuthLost).toHaveBeenCalledTimes(1);
    expect(f.count('GET /catalogs')).toBe(1);
  });

  it('never refreshes for a wrong password at sign-in', async () => {
    const f = fakeFetch({
      'POST /users/signIn': () => json(401, { message: 'Invalid username or password' }),
    });
    stubFetch(f.fetch);
    await expect(api.post('/users/signIn', { username: 'a', password: 'b' })).rejects.toMatchObject({
      status: 401,
      message: 'Invalid username or password',
    });
    expect(f.count('GET /users/auth/refresh')).toBe(0);
  });

  it('does not refresh for a 401 that is not about the token (a wrong 2FA code)', async () => {
    const f = fakeFetch({ 'POST /users/2fa/verify': () => json(401, { message: 'Invalid 2FA token' }) });
    stubFetch(f.fetch);
    await expect(api.post('/users/2fa/verify', { totpToken: '000000' })).rejects.toMatchObject({
      status: 401,
    });
    expect(f.count('GET /users/auth/refresh')).toBe(0);
  });

  it('answers undefined for a 204', async () => {
    stubFetch(fakeFetch({ 'DELETE /catalogs/1': () => new Response(null, { status: 204 }) }).fetch);
    await expect(api.delete('/catalogs/1')).resolves.toBeUndefined();
  });
});

/** A list route that pages like the backend: `?limit=&offset=` gives one page with X-Total-Count and
 *  Link (query-only references); without `limit`, every row. `links` may rewrite the header. */
function pagedServer(
  rows: number[],
  opts: { links?: (url: URL, header: string) => string; expireOnce?: string } = {},
) {
  let expired = opts.expireOnce;
  const fn = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), location.href);
    if (url.pathname === '/backend/users/auth/refresh') return json(200, { message: 'Token refreshed' });
    if (expired && url.search === expired) {
      expired = undefined;
      return json(401, { message: 'Token expired', expired: true });
    }
    const limitParam = url.searchParams.get('limit');
    const offset = Number(url.searchParams.get('offset') ?? 0);
    if (limitParam === null) return json(200, rows.slice(offset));
    const limit = Number(limitParam);
    const links: string[] = [];
    const at = (o: number) => {
      const q = new URLSearchParams(url.search);
      q.set('limit', String(limit));
      q.set('offset', String(o));
      return `?${q.toString()}`;
    };
    if (offset + limit < rows.length) links.push(`<${at(offset + limit)}>; rel="next"`);
    if (offset > 0) links.push(`<${at(Math.max(0, offset - limit))}>; rel="prev"`);
    const header = opts.links ? opts.links(url, links.join(', ')) : links.join(', ');
    return json(200, rows.slice(offset, offset + limit), {
      'X-Total-Count': String(rows.length),
      ...(header ? { Link: header } : {}),
    });
  });
  stubFetch(fn as unknown as typeof fetch);
  const urls = () => fn.mock.calls.map(([u]) => String(u));
  return { fn, urls };
}

const abs = (path: string) => new URL(path, location.href).href;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('api.list', () => {
  it('asks without a limit and takes the whole answer when the server sends it all', async () => {
    const s = pagedServer(range(2500));
    const all = await api.list<number>('/controls', { query: { catalogId: 3 } });
    expect(all).toEqual(range(2500));
    expect(s.urls()).toEqual(['/backend/controls?catalogId=3']);
  });

  it('follows rel="next" across pages (query-only links) and concatenates them in order', async () => {
    const s = pagedServer(range(7));
    const all = await api.list<number>('/controls', { query: { status: 'finalized', limit: 3 } });
    expect(all).toEqual(range(7));
    expect(s.urls()).toEqual([
      '/backend/controls?status=finalized&limit=3',
      abs('/backend/controls?status=finalized&limit=3&offset=3'),
      abs('/backend/controls?status=finalized&limit=3&offset=6'),
    ]);
  });

  it('refreshes an expired session in the middle of the pages and goes on', async () => {
    const onAuthLost = vi.fn();
    const s = pagedServer(range(5), { expireOnce: '?limit=2&offset=2' });
    configureApi({ onAuthLost });
    expect(await api.list<number>('/scopes', { query: { limit: 2 } })).toEqual(range(5));
    expect(s.urls().filter((u) => u.includes('/users/auth/refresh'))).toHaveLength(1);
    expect(s.urls().filter((u) => u.endsWith('offset=2'))).toHaveLength(2);
    expect(onAuthLost).not.toHaveBeenCalled();
  });

  it('fails, instead of looping, when a next link leads back to a page already read', async () => {
    const s = pagedServer(range(10), {
      links: (url, header) =>
        url.searchParams.get('offset') === '4' ? '<?limit=2&offset=2>; rel="next"' : header,
    });
    const err = await api.list('/scopes', { query: { limit: 2, offset: 0 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toMatch(
      /links back to a page already read .*offset=2.*3 pages and 6 items/,
    );
    expect(s.fn).toHaveBeenCalledTimes(3);
  });

  it('fails with a clear error past maxPages (10,000 by default)', async () => {
    const s = pagedServer(range(100));
    const err = await api.list('/secrets', { query: { limit: 1 }, maxPages: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toMatch(/more than 5 pages; stopped after 5 items/);
    expect(s.fn).toHaveBeenCalledTimes(5);
  });

  it('never follows a link to another origin', async () => {
    const s = pagedServer(range(4), { links: () => '<https://elsewhere.test/steal?offset=2>; rel="next"' });
    await expect(api.list('/controls', { query: { limit: 2 } })).rejects.toMatchObject({
      message: expect.stringMatching(/leaves the STATUS server/),
    });
    expect(s.fn).toHaveBeenCalledTimes(1);
  });

  it('fails on an answer that is not a list, and passes errors and aborts through', async () => {
    stubFetch(fakeFetch({ 'GET /controls': () => json(200, { items: [] }) }).fetch);
    await expect(api.list('/controls')).rejects.toMatchObject({
      message: 'Expected a list from GET /controls, got object.',
    });
    stubFetch(fakeFetch({ 'GET /controls': () => json(403, { message: 'Forbidden' }) }).fetch);
    await expect(api.list('/controls')).rejects.toMatchObject({ status: 403, message: 'Forbidden' });
    const controller = new AbortController();
    controller.abort();
    stubFetch((_u, init) =>
      init?.signal?.aborted
        ? Promise.reject(new DOMException('aborted', 'AbortError'))
        : Promise.resolve(json(200, [])),
    );
    await expect(api.list('/controls', { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});

describe('api.page', () => {
  it('answers one page with its total and absolute next/prev links, and reads the next one from them', async () => {
    const s = pagedServer(range(250));
    const first: Page<number> = await api.page<number>('/computations', { query: { limit: 100 } });
    expect(first).toEqual({
      items: range(100),
      total: 250,
      next: abs('/backend/computations?limit=100&offset=100'),
    });
    const second = await api.page<number>(first.next!);
    expect(second.items).toEqual(range(200).slice(100));
    expect(second.prev).toBe(abs('/backend/computations?limit=100&offset=0'));
    expect(second.next).toBe(abs('/backend/computations?limit=100&offset=200'));
    const last = await api.page<number>(second.next!);
    expect(last.items).toHaveLength(50);
    expect(last.next).toBeUndefined();
    expect(s.urls()[0]).toBe('/backend/computations?limit=100');
  });

  it('leaves total out when the server does not say it', async () => {
    stubFetch(fakeFetch({ 'GET /computations': () => json(200, [1, 2]) }).fetch);
    expect(await api.page('/computations', { query: { limit: 5 } })).toEqual({ items: [1, 2] });
  });

  it('refuses a page URL on another origin', async () => {
    const s = pagedServer([]);
    await expect(api.page('https://elsewhere.test/backend/controls')).rejects.toBeInstanceOf(ApiError);
    expect(s.fn).not.toHaveBeenCalled();
  });
});
