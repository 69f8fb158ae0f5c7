import { act, screen } from '@testing-library/react';
import { useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { renderRoutes, setSession, userOf } from '../test/render';
import { RequireAuth, RequireRole } from './guards';
import { useSession } from '../lib/session';

function SignInProbe() {
  const { search } = useLocation();
  return <p>sign-in page, next={new URLSearchParams(search).get('next')}</p>;
}

const routes = [
  { path: '/sign-in', element: <SignInProbe /> },
  {
    path: '/',
    element: <RequireAuth />,
    children: [
      { path: 'catalogs', element: <p>catalog list</p> },
      {
        path: 'admin',
        element: <RequireRole roles={['ADMIN']} />,
        children: [{ path: 'users', element: <p>user admin</p> }],
      },
    ],
  },
];

describe('route guards', () => {
  it('sends an anonymous user to sign-in with the page they wanted', async () => {
    setSession(null);
    renderRoutes(routes, '/catalogs?q=iso');
    expect(await screen.findByText('sign-in page, next=/catalogs?q=iso')).toBeInTheDocument();
  });

  it('waits for the session check instead of redirecting too early', () => {
    useSession.setState({ status: 'unknown', user: null });
    renderRoutes(routes, '/catalogs');
    expect(screen.getByRole('status')).toHaveTextContent('Loading');
    expect(screen.queryByText(/sign-in page/)).not.toBeInTheDocument();
  });

  it('shows the page to a signed-in user', async () => {
    setSession(userOf('USER'));
    renderRoutes(routes, '/catalogs');
    expect(await screen.findByText('catalog list')).toBeInTheDocument();
  });

  it('shows a USER on an ADMIN route which role the page needs', async () => {
    setSession(userOf('USER'));
    renderRoutes(routes, '/admin/users');
    expect(await screen.findByRole('heading', { name: 'Access denied' })).toBeInTheDocument();
    expect(screen.getByText(/needs the role Administrator/)).toBeInTheDocument();
    expect(screen.queryByText('user admin')).not.toBeInTheDocument();
  });

  it('lets an ADMIN in', async () => {
    setSession(userOf('ADMIN'));
    renderRoutes(routes, '/admin/users');
    expect(await screen.findByText('user admin')).toBeInTheDocument();
  });

  it('goes to sign-in with next when the session ends on a page (failed refresh)', async () => {
    setSession(userOf('DEVELOPER'));
    renderRoutes(routes, '/catalogs');
    await screen.findByText('catalog list');
    act(() => useSession.getState().clear());
    expect(await screen.findByText('sign-in page, next=/catalogs')).toBeInTheDocument();
  });
});
