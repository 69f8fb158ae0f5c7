import type { RouteObject } from 'react-router';

export const routes: RouteObject[] = [{ path: 'account', lazy: () => import('./pages/AccountPage') }];
