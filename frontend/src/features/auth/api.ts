import type { AuthProviders, SignInBody, SignInResponse } from '@backend/contract';
import { api, apiUrl } from '../../api';

export const authApi = {
  signIn: (body: SignInBody) => api.post<SignInResponse>('/users/signIn', body),
  /** The backend's GitHub start route (a full-page navigation, not fetch). */
  githubUrl: () => apiUrl('/users/github'),
  /** Which sign-in methods besides the password the backend offers (public). */
  providers: async (signal?: AbortSignal): Promise<AuthProviders> => {
    const body = await api.get<unknown>('/users/auth/providers', signal ? { signal } : {});
    // Checked, not trusted: anything but an explicit `github: true` hides the button.
    return { github: (body as Partial<AuthProviders> | null)?.github === true };
  },
};

export const PROVIDERS_KEY = 'auth/providers';

/**
 * Paths the reverse proxy serves beside this app (stack/proxy/default.conf): Grafana and Node-RED,
 * whose sign-in is the STATUS one and which send an anonymous browser here with `?next=`. Reached
 * by loading the page, not by the app's router (which would show its not-found page).
 */
export function isBesideApp(path: string): boolean {
  return /^\/(?:grafana|node-red)(?:[/?#]|$)/.test(path);
}

/** Loads a path outside this app in the whole window (replacing the sign-in page in history). */
export function leaveAppFor(path: string): void {
  window.location.replace(path);
}

/** Only same-app paths: never an absolute URL or `//host` (open redirect). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/sign-in')) return '/';
  return next;
}
