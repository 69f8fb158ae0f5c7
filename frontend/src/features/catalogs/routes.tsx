import type { RouteObject } from 'react-router';
import { RequireRole } from '../../app/guards';

// Drafts are written by developers and administrators (the backend refuses others too).
const WRITERS = ['ADMIN', 'DEVELOPER'] as const;

export const routes: RouteObject[] = [
  { path: 'catalogs', lazy: () => import('./pages/CatalogsPage') },
  {
    element: <RequireRole roles={WRITERS} />,
    children: [
      { path: 'catalogs/new', lazy: () => import('./pages/WizardPage') },
      { path: 'catalogs/:id/wizard', lazy: () => import('./pages/WizardPage') },
    ],
  },
  { path: 'catalogs/:id', lazy: () => import('./pages/CatalogPage') },
];
