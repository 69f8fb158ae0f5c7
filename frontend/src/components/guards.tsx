// Route guards. They only shape the UI: the backend's policy table stays the authority.
import type { Role } from '@backend/contract';
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { Loading } from '.';
import { Forbidden } from './Forbidden';
import { hasRole, useSession } from '../lib/session';

/** `/sign-in?next=<where the user wanted to go>` */
export function signInPath(next: string): string {
  return next && next !== '/' ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in';
}

/** Children (or the nested routes) for a signed-in user; anonymous users go to sign-in and come back. */
export function RequireAuth({ children }: { children?: ReactNode }) {
  const status = useSession((s) => s.status);
  const location = useLocation();
  if (status === 'unknown') return <Loading />;
  if (status === 'anonymous') {
    return <Navigate to={signInPath(location.pathname + location.search + location.hash)} replace />;
  }
  return <>{children ?? <Outlet />}</>;
}

/** Children (or the nested routes) for the given roles; others see a page naming the role they need. */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children?: ReactNode }) {
  const user = useSession((s) => s.user);
  if (!user) return <RequireAuth>{children}</RequireAuth>;
  if (!hasRole(user, roles)) return <Forbidden roles={roles} role={user.authority} />;
  return <>{children ?? <Outlet />}</>;
}
