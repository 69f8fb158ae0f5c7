import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, json } from '../test/fakeFetch';
import { api, ApiError, configureApi } from '.';

afterEach(() => configureApi({ onAuthLost: () => undefined, fetch: (...a) => globalThis.fetch(...a) }));

const expired = () => json(401, { message: 'Token expired', expired: true });

describe('api client', () => {
  it('sends JSON with cookies to the configured base and parses the answer', async () => {
    const f = fakeFetch({ 'POST /catalogs': (c) => json(201, { id: 1, ...(c.body as object) }) });
    const spy = vi.fn(f.fetch);
    configureApi({ fetch: spy as unknown as typeof fetch });
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
    configureApi({ fetch: f.fetch });
    const err = await api.post('/controls', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 400,
      message: 'Invalid request body',
      fieldErrors: { name: 'name is required', 'params.endpoint': 'endpoint must be a string' },
    });
  });

  it('reports an unreachable server as status 0 with a message saying what to do', async () => {
    configureApi({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
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
    configureApi({ fetch: f.fetch, onAuthLost });
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
    configureApi({ fetch: f.fetch });
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
    configureApi({ fetch: f.fetch, onAuthLost });
    await expect(api.get('/catalogs')).rejects.toMatchObject({ status: 401 });
    expect(onAuthLost).toHaveBeenCalledTimes(1);
    expect(f.count('GET /catalogs')).toBe(1);
  });

  it('never refreshes for a wrong password at sign-in', async () => {
    const f = fakeFetch({
      'POST /users/signIn': () => json(401, { message: 'Invalid username or password' }),
    });
    configureApi({ fetch: f.fetch });
    await expect(api.post('/users/signIn', { username: 'a', password: 'b' })).rejects.toMatchObject({
      status: 401,
      message: 'Invalid username or password',
    });
    expect(f.count('GET /users/auth/refresh')).toBe(0);
  });

  it('does not refresh for a 401 that is not about the token (a wrong 2FA code)', async () => {
    const f = fakeFetch({ 'POST /users/2fa/verify': () => json(401, { message: 'Invalid 2FA token' }) });
    configureApi({ fetch: f.fetch });
    await expect(api.post('/users/2fa/verify', { totpToken: '000000' })).rejects.toMatchObject({
      status: 401,
    });
    expect(f.count('GET /users/auth/refresh')).toBe(0);
  });

  it('answers undefined for a 204', async () => {
    configureApi({
      fetch: fakeFetch({ 'DELETE /catalogs/1': () => new Response(null, { status: 204 }) }).fetch,
    });
    await expect(api.delete('/catalogs/1')).resolves.toBeUndefined();
  });
});
