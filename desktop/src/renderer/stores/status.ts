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
  /** Since when (epoch ms) the launcher has lost the container engine; null while connected. */
  engineLostAt: number | null;
  /** The last outage, once the engine is back, until the operator dismisses the note. */
  lastOutage: { from: number; to: number } | null;
  dismissOutage(): void;
  setTransport(state: 'open' | 'closed'): void;
  start(): () => void;
}

export function createStatusStore(api: LauncherApi, now: () => number = Date.now) {
  return createStore<StatusState>()((set, get) => {
    // The outage's start and end are the times the console learned of them.
    const received = (status: ProjectStatus) => {
      const at = now();
      const { engineLostAt } = get();
      const outage =
        status.engine !== 'connected'
          ? { engineLostAt: engineLostAt ?? at }
          : engineLostAt !== null
            ? { engineLostAt: null, lastOutage: { from: engineLostAt, to: at } }
            : {};
      set({ status, receivedAt: at, error: null, ...outage });
    };
    return {
      status: null,
      receivedAt: 0,
      error: null,
      transport: 'open',
      engineLostAt: null,
      lastOutage: null,
      dismissOutage() {
        set({ lastOutage: null });
      },
      setTransport(transport) {
        set({ transport });
      },
      start() {
        let live = false;
        const unsubscribe = api.onStatus((status) => {
          live = true;
          received(status);
        });
        api.status().then(
          // A stream event may have overtaken the snapshot: the stream is newer.
          (status) => {
            if (!live) received(status);
          },
          (error: unknown) => set({ error: toShownError(error) }),
        );
        return unsubscribe;
      },
    };
  });
}

export type StatusStore = ReturnType<typeof createStatusStore>;
