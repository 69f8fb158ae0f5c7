// The platform's live status, fed only by the api (a snapshot, then every change on onStatus).
import { createStore } from 'zustand/vanilla';
import type { LauncherApi, ProjectStatus } from '../../api/contract.js';
import { toShownError, type ShownError } from '../lib/errors.js';

export interface StatusState {
  status: ProjectStatus | null;
  /** performance.now()-free wall clock of the last snapshot, to keep uptimes ticking between events. */
  receivedAt: number;
  error: ShownError | null;
  /** The browser transport's event connection ('open' inside Electron: IPC does not drop). */
  transport: 'open' | 'closed';
  setTransport(state: 'open' | 'closed'): void;
  start(): () => void;
}

export function createStatusStore(api: LauncherApi, now: () => number = Date.now) {
  return createStore<StatusState>()((set) => ({
    status: null,
    receivedAt: 0,
    error: null,
    transport: 'open',
    setTransport(transport) {
      set({ transport });
    },
    start() {
      let live = false;
      const unsubscribe = api.onStatus((status) => {
        live = true;
        set({ status, receivedAt: now(), error: null });
      });
      api.status().then(
        // A stream event may have overtaken the snapshot: the stream is newer.
        (status) => {
          if (!live) set({ status, receivedAt: now(), error: null });
        },
        (error: unknown) => set({ error: toShownError(error) }),
      );
      return unsubscribe;
    },
  }));
}

export type StatusStore = ReturnType<typeof createStatusStore>;
