import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, json, stubFetch } from '../test/fakeFetch';
import { userOf } from '../test/render';
import { signOut, useSession } from './session';

afterEach(() => vi.unstubAllGlobals());

describe('session store', () => {
  it('takes the user from GET /users/auth at boot', async () => {
    const admin = userOf('ADMIN');
    stubFetch(
      fakeFetch({
        'GET /users/auth': () => json(200, { authenticated: true, authority: 'ADMIN', user: admin }),
      }).fetch,
    );
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
    stubFetch(f.fetch);
    await useSession.getState().load();
    expect(useSession.getState()).toMatchObject({ status: 'authenticated', user: dev });
    expect(f.count('GET /users/auth/refresh')).toBe(1);
  });

  it('is anonymous when there is no session to refresh', async () => {
    stubFetch(
      fakeFetch({
        'GET /users/auth': () => json(200, { authenticated: false, user: null }),
        'GET /users/auth/refresh': () => json(400, { message: 'Refresh token is required' }),
      }).fetch,
    );
    await useSession.getState().load();
    expect(useSession.getState()).toMatchObject({ status: 'anonymous', user: null });
  });

  it('signs out on the server, and locally even when the server cannot be reached', async () => {
    const f = fakeFetch({ 'POST /users/signOut': () => new Response(null, { status: 204 }) });
    stubFetch(f.fetch);
    useSession.getState().setUser(userOf('USER'));
    expect(await signOut()).toBe(true);
    expect(f.count('POST /users/signOut')).toBe(1);
    expect(useSession.getState().status).toBe('anonymous');

    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    useSession.getState().setUser(userOf('USER'));
    expect(await signOut()).toBe(false);
    expect(useSession.getState().status).toBe('anonymous');
  });
});
