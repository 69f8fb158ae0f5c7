import type { RouteObject } from 'react-router';

export const routes: RouteObject[] = [{ path: '/sign-in', lazy: () => import('./pages/SignInPage') }];
