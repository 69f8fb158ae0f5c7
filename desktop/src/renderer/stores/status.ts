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
  /**
   * When (epoch ms) each service was last seen killed from outside STATUS, so its row can still say
   * so after it runs again (started by hand, or by the launcher with restartKilled on).
   */
  kills: Record<string, number>;
  dismissOutage(): void;
  dismissKill(service: string): void;
  setTransport(state: 'open' | 'closed'): void;
  start(): () => void;
}

/** The kills from outside this status shows, added to those already known (unchanged: nothing). */
function killsIn(
  status: ProjectStatus,
  known: Record<string, number>,
  at: number,
): { kills?: Record<string, number> } {
  let kills: Record<string, number> | undefined;
  for (const s of Object.values(status.services)) {
    const stopped = s.state === 'exited' || s.state === 'dead';
    const killed = stopped && s.exit?.story === 'killed' && s.exit.witnessed;
    const when = s.finishedAt ?? at;
    if (killed && known[s.service] !== when) (kills ??= { ...known })[s.service] = when;
  }
  return kills ? { kills } : {};
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
      set({ status, receivedAt: at, error: null, ...outage, ...killsIn(status, get().kills, at) });
    };
    return {
      status: null,
      receivedAt: 0,
      error: null,
      transport: 'open',
      engineLostAt: null,
      lastOutage: null,
      kills: {},
      dismissOutage() {
        set({ lastOutage: null });
      },
      dismissKill(service) {
        const { [service]: _dismissed, ...kills } = get().kills;
        set({ kills });
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
