// All the console's stores, made for one LauncherApi and handed down through React context.
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { LauncherApi } from '../../api/contract.js';
import { createLogsStore, type LogsOptions } from './logs.js';
import { createNavStore, type View } from './nav.js';
import { createSettingsStore } from './settings.js';
import { createSetupStore } from './setup.js';
import { createStatsStore } from './stats.js';
import { createStatusStore } from './status.js';
import { createTasksStore } from './tasks.js';
import { createToastsStore, statusNotifications } from './toasts.js';

export function createConsole(api: LauncherApi, options: { logs?: LogsOptions; view?: View } = {}) {
  const stores = {
    api,
    status: createStatusStore(api),
    tasks: createTasksStore(api),
    stats: createStatsStore(api),
    logs: createLogsStore(api, options.logs),
    settings: createSettingsStore(api),
    setup: createSetupStore(api),
    toasts: createToastsStore(),
    nav: createNavStore(options.view),
  };
  return stores;
}

export type ConsoleStores = ReturnType<typeof createConsole>;

/** Starts the api streams and the notifications; returns a function that stops them. */
export function startConsole(stores: ConsoleStores): () => void {
  const stopStatus = stores.status.getState().start();
  const stopTasks = stores.tasks.getState().start();
  const stopToasts = stores.status.subscribe((next, previous) => {
    if (!next.status) return;
    for (const toast of statusNotifications(previous.status, next.status))
      stores.toasts.getState().push(toast);
  });
  void stores.setup.getState().load();
  void stores.settings.getState().load();
  return () => {
    stopStatus();
    stopTasks();
    stopToasts();
    stores.logs.getState().close();
  };
}

const ConsoleContext = createContext<ConsoleStores | null>(null);

export function ConsoleProvider({ stores, children }: { stores: ConsoleStores; children: ReactNode }) {
  return <ConsoleContext.Provider value={stores}>{children}</ConsoleContext.Provider>;
}

export function useConsole(): ConsoleStores {
  const stores = useContext(ConsoleContext);
  if (!stores) throw new Error('useConsole needs a ConsoleProvider above it');
  return stores;
}

type StoreKey = 'status' | 'tasks' | 'stats' | 'logs' | 'settings' | 'setup' | 'toasts' | 'nav';
type StateOf<K extends StoreKey> = ConsoleStores[K] extends StoreApi<infer S> ? S : never;

/** Reads (a slice of) one store and re-renders when it changes. */
export function useConsoleStore<K extends StoreKey, U>(key: K, selector: (state: StateOf<K>) => U): U {
  const store = useConsole()[key] as unknown as StoreApi<StateOf<K>>;
  return useStore<StoreApi<StateOf<K>>, U>(store, selector);
}
