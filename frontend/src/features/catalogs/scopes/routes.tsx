import type { RouteObject } from 'react-router';

export const routes: RouteObject[] = [{ path: 'scopes', lazy: () => import('./pages/ScopesPage') }];
