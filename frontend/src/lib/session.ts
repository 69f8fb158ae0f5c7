// The signed-in user (from GET /users/auth at boot and from sign-in). No token ever lives in JS: the
// session is the httpOnly cookies; this store only mirrors who the server says we are.
import type { AuthStatus, Role, User } from '@backend/contract';
import { create } from 'zustand';
import { api, refreshSession } from '../api';
import { clearResourceCache } from './useResource';

export type SessionStatus = 'unknown' | 'anonymous' | 'authenticated';

interface SessionState {
  status: SessionStatus;
  user: User | null;
  setUser: (user: User) => void;
  clear: () => void;
  /** Asks the server who we are (refreshing the access token first if needed). */
  load: () => Promise<void>;
}

export const useSession = create<SessionState>((set) => ({
  status: 'unknown',
  user: null,
  setUser: (user) => set({ status: 'authenticated', user }),
  // Cached data belonged to the user who left: the next one must not see it.
  clear: () => {
    clearResourceCache();
    set({ status: 'anonymous', user: null });
  },
  load: async () => {
    try {
      const s = await loadAuthStatus();
      set(s.authenticated ? { status: 'authenticated', user: s.user } : { status: 'anonymous', user: null });
    } catch {
      set({ status: 'anonymous', user: null });
    }
  },
}));

/** GET /users/auth answers 200 even with an expired token (authenticated:false), so when it says
 *  "anonymous" we try one refresh before believing it. */
async function loadAuthStatus(): Promise<AuthStatus> {
  const first = await api.get<AuthStatus>('/users/auth');
  if (first.authenticated) return first;
  return (await refreshSession()) ? api.get<AuthStatus>('/users/auth') : first;
}

export function hasRole(user: User | null, roles: readonly Role[] | undefined): boolean {
  if (!roles || roles.length === 0) return user !== null;
  return user !== null && roles.includes(user.authority);
}

/** The role of the current user, for components that show or hide actions (the backend decides). */
export function useRole(): Role | null {
  return useSession((s) => s.user?.authority ?? null);
}

/** Ends the session on the server (it clears the cookies), then in the app — locally even when the
 *  server cannot be reached (false then), so the person at the keyboard is signed out either way. */
export async function signOut(): Promise<boolean> {
  try {
    await api.post('/users/signOut');
    return true;
  } catch {
    return false;
  } finally {
    useSession.getState().clear();
  }
}
