import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../../i18n';
import { clearResourceCache } from '../../../lib/useResource';
import { useSession } from '../../../lib/session';
import { fakeFetch, json, stubFetch } from '../../../test/fakeFetch';
import { renderRoutes, setSession, userOf } from '../../../test/render';
import { isBesideApp, leaveAppFor } from '../api';
import { Component as SignInPage } from './SignInPage';

// jsdom cannot load another page: record where the sign-in page sends the window instead.
vi.mock('../api', async (original) => ({
  ...(await original<typeof import('../api')>()),
  leaveAppFor: vi.fn(),
}));

afterEach(() => {
  setLanguage('en');
  clearResourceCache();
  vi.unstubAllGlobals();
});

const providers = (github: boolean) => ({
  'GET /users/auth/providers': () => json(200, { github }),
});

const routes = [
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/catalogs', element: <p>catalog list</p> },
  { path: '/', element: <p>overview</p> },
];

describe('sign-in page', () => {
  it('shows the field errors of a 400 under their fields', async () => {
    setSession(null);
    const f = fakeFetch({
      'POST /users/signIn': () =>
        json(400, {
          message: 'Invalid request body',
          errors: [{ path: 'username', message: 'username must be at most 60 characters' }],
        }),
    });
    stubFetch(f.fetch);
    renderRoutes(routes, '/sign-in');
    const user = userEvent.setup();
    await user.click(screen.getByLabelText(/Username/));
    await user.paste('x'.repeat(61));
    await user.type(screen.getByLabelText(/Password/), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const field = screen.getByLabelText(/Username/);
    expect(await screen.findByText('username must be at most 60 characters')).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription('username must be at most 60 characters');
    expect(screen.getByText('Invalid request body')).toBeInTheDocument();
  });

  it('asks for the TOTP code when the account has 2FA, then signs in and goes to next', async () => {
    setSession(null);
    const f = fakeFetch({
      'POST /users/signIn': (c) => {
        const body = c.body as { totpToken?: string };
        if (!body.totpToken)
          return json(401, {
            message: 'Two-factor authentication required. Please provide your TOTP.',
            requires2FA: true,
          });
        if (body.totpToken !== '123456')
          return json(401, { message: 'Invalid 2FA token. Please try again.', requires2FA: true });
        return json(200, { ...userOf('ADMIN', { username: 'alice' }), nodeRedAccess: false });
      },
    });
    stubFetch(f.fetch);
    renderRoutes(routes, '/sign-in?next=%2Fcatalogs');
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Username/), 'alice');
    await user.type(screen.getByLabelText(/Password/), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const code = await screen.findByLabelText(/Authentication code/);
    await user.type(code, '000000');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('Invalid 2FA token. Please try again.')).toBeInTheDocument();

    await user.clear(code);
    await user.type(code, '123456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('catalog list')).toBeInTheDocument();
    expect(useSession.getState().user?.username).toBe('alice');
    expect(f.calls.at(-1)?.body).toEqual({
      username: 'alice',
      password: 'correct horse',
      totpToken: '123456',
    });
  });

  it('links to the backend GitHub route when GitHub is configured; shows a failure from the callback', async () => {
    setSession(null);
    stubFetch(fakeFetch(providers(true)).fetch);
    renderRoutes(routes, '/sign-in?error=github&message=Access%20denied');
    expect(await screen.findByRole('link', { name: /Sign in with GitHub/ })).toHaveAttribute(
      'href',
      '/backend/users/github',
    );
    expect(screen.getByText('GitHub sign-in failed: Access denied')).toBeInTheDocument();
  });

  it('offers no GitHub sign-in when the backend has none configured (or cannot say)', async () => {
    setSession(null);
    const f = fakeFetch(providers(false));
    stubFetch(f.fetch);
    const view = renderRoutes(routes, '/sign-in');
    await waitFor(() => expect(f.count('GET /users/auth/providers')).toBe(1));
    // let the answer render, then the button must still be absent
    await screen.findByRole('button', { name: 'Sign in' });
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.queryByRole('link', { name: /GitHub/ })).toBeNull();
    expect(screen.queryByText('or')).toBeNull();
    view.unmount();

    clearResourceCache();
    const broken = fakeFetch({ 'GET /users/auth/providers': () => json(500, { message: 'down' }) });
    stubFetch(broken.fetch);
    renderRoutes(routes, '/sign-in');
    await waitFor(() => expect(broken.count('GET /users/auth/providers')).toBe(1));
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.queryByRole('link', { name: /GitHub/ })).toBeNull();
  });

  it('shows why GitHub sign-in is unavailable when the start route sent the browser back (es too)', async () => {
    setSession(null);
    stubFetch(fakeFetch(providers(false)).fetch);
    const message = 'GitHub sign-in is not set up on this server. Sign in with your username and password.';
    const view = renderRoutes(routes, `/sign-in?error=github&message=${encodeURIComponent(message)}`);
    expect(screen.getByText(`GitHub sign-in failed: ${message}`)).toBeInTheDocument();
    view.unmount();
    setLanguage('es');
    renderRoutes(routes, `/sign-in?error=github&message=${encodeURIComponent(message)}`);
    expect(screen.getByText(`Falló el inicio de sesión con GitHub: ${message}`)).toBeInTheDocument();
  });

  it('goes back to Grafana or Node-RED by loading the page (they are not routes of this app)', async () => {
    expect(
      ['/grafana/', '/grafana', '/grafana/d/abc?orgId=1', '/node-red/', '/node-red'].every(isBesideApp),
    ).toBe(true);
    expect(['/grafanas', '/catalogs', '/', '/sign-in', '//grafana/'].some(isBesideApp)).toBe(false);

    // Signed in already (the proxy saw an expired access cookie; the app refreshed it): straight back.
    setSession(userOf('USER'));
    // nginx passes the path unencoded: /sign-in?next=/grafana/d/abc?orgId=1
    const view = renderRoutes(routes, '/sign-in?next=/grafana/d/abc?orgId=1');
    await waitFor(() => expect(leaveAppFor).toHaveBeenCalledWith('/grafana/d/abc?orgId=1'));
    view.unmount();
    vi.mocked(leaveAppFor).mockClear();

    // Signing in with the password.
    setSession(null);
    const f = fakeFetch({
      ...providers(false),
      'POST /users/signIn': () =>
        json(200, { ...userOf('DEVELOPER', { username: 'dev' }), nodeRedAccess: true }),
    });
    stubFetch(f.fetch);
    renderRoutes(routes, `/sign-in?next=${encodeURIComponent('/node-red/#flow/1')}`);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Username/), 'dev');
    await user.type(screen.getByLabelText(/Password/), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(leaveAppFor).toHaveBeenCalledWith('/node-red/#flow/1'));
  });

  it('never redirects to another site through next', async () => {
    setSession(userOf('USER'));
    renderRoutes(routes, '/sign-in?next=%2F%2Fevil.example.com');
    expect(await screen.findByText('overview')).toBeInTheDocument();
  });
});
