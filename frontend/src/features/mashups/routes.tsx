import type { RouteObject } from 'react-router';

export const routes: RouteObject[] = [{ path: 'mashups', lazy: () => import('./pages/MashupsPage') }];
