import type { RouteObject } from 'react-router';

export const routes: RouteObject[] = [{ path: 'controls/:id', lazy: () => import('./pages/ControlPage') }];
