import type { RouteObject } from 'react-router';

export const routes: RouteObject[] = [{ path: 'secrets', lazy: () => import('./pages/SecretsPage') }];
