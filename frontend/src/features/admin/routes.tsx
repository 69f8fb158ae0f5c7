import type { RouteObject } from 'react-router';
import { RequireRole } from '../../components/guards';

export const routes: RouteObject[] = [
  {
    path: 'admin',
    element: <RequireRole roles={['ADMIN']} />,
    children: [
      { path: 'users', lazy: () => import('./pages/UsersPage') },
      { path: 'settings', lazy: () => import('./pages/SettingsPage') },
    ],
  },
];
