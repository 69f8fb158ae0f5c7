// Settings, secrets state and the platform's addresses, as the engine has them. Saving returns
// the engine's answer (validated there); an error is shown where the operator made the change.
import { createStore } from 'zustand/vanilla';
import type {
  ConsoleSettings,
  LauncherApi,
  PlatformUrls,
  SecretsState,
  SecretsUpdate,
  SettingsUpdate,
  ShareChoices,
  ShareTarget,
  SharingResult,
} from '../../api/contract.js';
import { toShownError, type ShownError } from '../lib/errors.js';

export interface SettingsState {
  settings: ConsoleSettings | null;
  urls: PlatformUrls | null;
  secrets: SecretsState | null;
  error: ShownError | null;
  load(): Promise<void>;
  /** Resolves with the new settings; rejects with the engine's error (shown by the caller). */
  save(update: SettingsUpdate): Promise<ConsoleSettings>;
  saveSecrets(update: SecretsUpdate): Promise<SecretsState>;
  refreshUrls(): Promise<void>;
  /** The addresses and host name sharing can offer (read when the Settings page opens). */
  shareChoices: ShareChoices | null;
  loadShareChoices(): Promise<void>;
  /** Sharing changes settings and links together; rejects with the engine's error. */
  share(target: ShareTarget): Promise<SharingResult>;
  stopSharing(): Promise<SharingResult>;
}

export function createSettingsStore(api: LauncherApi) {
  return createStore<SettingsState>()((set) => ({
    settings: null,
    urls: null,
    secrets: null,
    error: null,
    async load() {
      try {
        const [settings, urls, secrets] = await Promise.all([api.settings(), api.urls(), api.secretsState()]);
        set({ settings, urls, secrets, error: null });
      } catch (error) {
        set({ error: toShownError(error) });
      }
    },
    async save(update) {
      const settings = await api.saveSettings(update);
      set({ settings });
      // Ports and the bind address change where the platform can be reached.
      const urls = await api.urls().catch(() => null);
      if (urls) set({ urls });
      return settings;
    },
    async saveSecrets(update) {
      const secrets = await api.saveSecrets(update);
      set({ secrets });
      return secrets;
    },
    shareChoices: null,
    async loadShareChoices() {
      const shareChoices = await api.shareChoices().catch(() => null);
      set({ shareChoices });
    },
    async share(target) {
      const result = await api.share(target);
      set({ settings: result.settings, urls: result.urls });
      return result;
    },
    async stopSharing() {
      const result = await api.stopSharing();
      set({ settings: result.settings, urls: result.urls });
      return result;
    },
    async refreshUrls() {
      const urls = await api.urls().catch(() => null);
      if (urls) set({ urls });
    },
  }));
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
