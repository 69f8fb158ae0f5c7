import type { RouteObject } from 'react-router';
import { RequireRole } from '../../components/guards';

// The backend lists flows for DEVELOPER and ADMIN only (GET /nodered/flows).
export const routes: RouteObject[] = [
  {
    path: 'mashups',
    element: <RequireRole roles={['ADMIN', 'DEVELOPER']} />,
    children: [{ index: true, lazy: () => import('./pages/MashupsPage') }],
  },
];
