import { afterEach, describe, expect, it } from 'vitest';
import { configureApi } from '../api';
import { fakeFetch, json } from '../test/fakeFetch';
import { userOf } from '../test/render';
import { signOut, useSession } from './session';

afterEach(() => configureApi({ fetch: (...a) => globalThis.fetch(...a) }));

describe('session store', () => {
  it('takes the user from GET /users/auth at boot', async () => {
    const admin = userOf('ADMIN');
    configureApi({
      fetch: fakeFetch({
        'GET /users/auth': () => json(200, { authenticated: true, authority: 'ADMIN', user: admin }),
      }).fetch,
    });
    await useSession.getState().load();
    expect(useSession.getState()).toMatchObject({ status: 'authenticated', user: admin });
  });

  it('tries one refresh when the access token is gone but the refresh cookie may still be valid', async () => {
    const dev = userOf('DEVELOPER');
    let refreshed = false;
    const f = fakeFetch({
      'GET /users/auth': () =>
        json(
          200,
          refreshed
            ? { authenticated: true, authority: 'DEVELOPER', user: dev }
            : { authenticated: false, user: null },
        ),
      'GET /users/auth/refresh': () => {
        refreshed = true;
        return json(200, { message: 'Token refreshed', user: dev });
      },
    });
    configureApi({ fetch: f.fetch });
    await useSession.getState().load();
    expect(useSession.getState()).toMatchObject({ status: 'authenticated', user: dev });
    expect(f.count('GET /users/auth/refresh')).toBe(1);
  });

  it('is anonymous when there is no session to refresh', async () => {
    configureApi({
      fetch: fakeFetch({
        'GET /users/auth': () => json(200, { authenticated: false, user: null }),
        'GET /users/auth/refresh': () => json(400, { message: 'Refresh token is required' }),
      }).fetch,
    });
    await useSession.getState().load();
    expect(useSession.getState()).toMatchObject({ status: 'anonymous', user: null });
  });

  it('signs out on the server, and locally even when the server cannot be reached', async () => {
    const f = fakeFetch({ 'POST /users/signOut': () => new Response(null, { status: 204 }) });
    configureApi({ fetch: f.fetch });
    useSession.getState().setUser(userOf('USER'));
    expect(await signOut()).toBe(true);
    expect(f.count('POST /users/signOut')).toBe(1);
    expect(useSession.getState().status).toBe('anonymous');

    configureApi({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    useSession.getState().setUser(userOf('USER'));
    expect(await signOut()).toBe(false);
    expect(useSession.getState().status).toBe('anonymous');
  });
});
