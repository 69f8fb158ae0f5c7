import type { RouteObject } from 'react-router';

export const routes: RouteObject[] = [
  { path: 'assistant', lazy: () => import('./pages/AssistantPage') },
  { path: 'assistant/:threadId', lazy: () => import('./pages/AssistantPage') },
];
