// The catalogs feature owns everything about compliance: catalogs and their wizard, controls
// (controls/), the scope definitions and a control's scope sets (scopes/), and the compliance
// overview on / (home/). They share pages, forms and words, so one feature owns them all rather than
// importing each other (eslint/frontend-rules.js: no feature imports a sibling).
import type { RouteObject } from 'react-router';
import { RequireRole } from '../../components/guards';

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
