import type { SignInBody, SignInResponse } from '@backend/contract';
import { api, apiUrl } from '../../api';

export const authApi = {
  signIn: (body: SignInBody) => api.post<SignInResponse>('/users/signIn', body),
  /** The backend's GitHub start route (a full-page navigation, not fetch). */
  githubUrl: () => apiUrl('/users/github'),
};

/** Only same-app paths: never an absolute URL or `//host` (open redirect). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/sign-in')) return '/';
  return next;
}
