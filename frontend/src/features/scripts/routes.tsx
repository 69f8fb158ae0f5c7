import type { RouteObject } from 'react-router';

export const routes: RouteObject[] = [{ path: 'scripts', lazy: () => import('./pages/ScriptsPage') }];
