import type { RouteObject } from 'react-router';

export const routes: RouteObject[] = [
  { path: 'dashboards', lazy: () => import('./pages/DashboardsPage') },
  { path: 'dashboards/:uid', lazy: () => import('./pages/DashboardPage') },
];
