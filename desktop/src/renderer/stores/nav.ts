// Which page of the console is shown (mirrored in the URL hash so reloads keep it).
import { createStore } from 'zustand/vanilla';

export const VIEWS = ['overview', 'logs', 'settings', 'status', 'grafana', 'nodeRed'] as const;
export type View = (typeof VIEWS)[number];

export interface NavState {
  view: View;
  /** Services the logs page should show when it opens next (set by "Logs" on a service row). */
  logServices: string[] | null;
  go(view: View): void;
  openLogs(services: string[]): void;
  takeLogServices(): string[] | null;
}

export function viewFromHash(hash: string): View {
  const name = hash.replace(/^#\/?/, '');
  return (VIEWS as readonly string[]).includes(name) ? (name as View) : 'overview';
}

export function createNavStore(initial: View = 'overview') {
  return createStore<NavState>()((set, get) => ({
    view: initial,
    logServices: null,
    go(view) {
      set({ view });
    },
    openLogs(services) {
      set({ view: 'logs', logServices: services });
    },
    takeLogServices() {
      const services = get().logServices;
      if (services) set({ logServices: null });
      return services;
    },
  }));
}

export type NavStore = ReturnType<typeof createNavStore>;
