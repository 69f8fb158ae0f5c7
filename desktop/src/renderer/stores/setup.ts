// First-run setup: whether it is needed, and what the engine and port checks found.
import { createStore } from 'zustand/vanilla';
import type { LauncherApi, SetupState } from '../../api/contract.js';
import { toShownError, type ShownError } from '../lib/errors.js';

export interface SetupStoreState {
  state: SetupState | null;
  loading: boolean;
  error: ShownError | null;
  /** True from the first load that found setup not done until the operator finishes the wizard. */
  wizard: boolean;
  load(): Promise<void>;
  finish(): void;
}

export function createSetupStore(api: LauncherApi) {
  return createStore<SetupStoreState>()((set, get) => ({
    state: null,
    loading: false,
    error: null,
    wizard: false,
    async load() {
      set({ loading: true });
      try {
        const state = await api.setupState();
        set({ state, loading: false, error: null, wizard: get().wizard || !state.done });
      } catch (error) {
        set({ loading: false, error: toShownError(error) });
      }
    },
    finish() {
      set({ wizard: false });
    },
  }));
}

export type SetupStore = ReturnType<typeof createSetupStore>;
