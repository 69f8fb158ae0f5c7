// Renders routes in a memory router with a given session, for page and guard tests.
import type { User } from '@backend/contract';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { useSession } from '../lib/session';
import '../i18n';

export function userOf(authority: User['authority'], over: Partial<User> = {}): User {
  return {
    id: 1,
    username: authority.toLowerCase(),
    email: `${authority.toLowerCase()}@example.com`,
    authority,
    githubLogin: null,
    twofaEnabled: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

export function setSession(user: User | null): void {
  useSession.setState(user ? { status: 'authenticated', user } : { status: 'anonymous', user: null });
}

export function renderRoutes(routes: RouteObject[], at: string) {
  const router = createMemoryRouter(routes, { initialEntries: [at] });
  const view = render(<RouterProvider router={router} />);
  return { ...view, router };
}
