// Which page of the console is shown (mirrored in the URL hash so reloads keep it).
import { createStore } from 'zustand/vanilla';

export const VIEWS = ['overview', 'logs', 'backups', 'settings', 'status', 'grafana', 'nodeRed'] as const;
export type View = (typeof VIEWS)[number];

export interface NavState {
  view: View;
  /** Services the logs page opens with (set by "Logs" on a service row; cleared by the menu). */
  logServices: string[] | null;
  go(view: View): void;
  openLogs(services: string[]): void;
}

export function viewFromHash(hash: string): View {
  const name = hash.replace(/^#\/?/, '');
  return (VIEWS as readonly string[]).includes(name) ? (name as View) : 'overview';
}

export function createNavStore(initial: View = 'overview') {
  return createStore<NavState>()((set) => ({
    view: initial,
    logServices: null,
    go(view) {
      set({ view, logServices: null });
    },
    openLogs(services) {
      set({ view: 'logs', logServices: services });
    },
  }));
}

export type NavStore = ReturnType<typeof createNavStore>;
