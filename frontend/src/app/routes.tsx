// All routes of the app, composed from each feature's route list. Pages are lazy: each is its own
// chunk, so the initial JavaScript stays small.
import type { RouteObject } from 'react-router';
import { Navigate, useLocation } from 'react-router';
import { routes as accountRoutes } from '../features/account/routes';
import { routes as adminRoutes } from '../features/admin/routes';
import { routes as assistantRoutes } from '../features/assistant/routes';
import { routes as authRoutes } from '../features/auth/routes';
import { routes as catalogRoutes } from '../features/catalogs/routes';
import { routes as controlRoutes } from '../features/catalogs/controls/routes';
import { routes as dashboardRoutes } from '../features/dashboards/routes';
import { routes as homeRoutes } from '../features/catalogs/home/routes';
import { routes as mashupRoutes } from '../features/mashups/routes';
import { routes as scopeRoutes } from '../features/catalogs/scopes/routes';
import { routes as scriptRoutes } from '../features/scripts/routes';
import { routes as secretRoutes } from '../features/secrets/routes';
import { AppLayout } from './AppLayout';
import { RequireAuth } from '../components/guards';
import { NotFound } from './pages/NotFound';
import { RouteError } from './pages/RouteError';

/** The backend's GitHub callback sends failures to /login?error=github&message=…: show them on sign-in. */
function LegacyLogin() {
  const { search } = useLocation();
  return <Navigate to={`/sign-in${search}`} replace />;
}

export const appRoutes: RouteObject[] = [
  ...authRoutes,
  { path: '/login', element: <LegacyLogin /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          ...homeRoutes,
          ...catalogRoutes,
          ...controlRoutes,
          ...scopeRoutes,
          ...scriptRoutes,
          ...secretRoutes,
          ...dashboardRoutes,
          ...mashupRoutes,
          ...assistantRoutes,
          ...accountRoutes,
          ...adminRoutes,
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
];
