// The settings store: one object that knows the config folder, the operator settings, the
// generated secrets and the stack environment derived from both.
import { join } from 'node:path';
import { STACK_ENV_FILE, configHome, ensureConfigHome } from './paths.js';
import {
  ensureSecrets,
  plainCipher,
  replaceSecrets,
  setOperatorSecrets,
  type EnsureSecretsResult,
  type OperatorSecretsPatch,
  type SecretCipher,
  type Secrets,
} from './secrets.js';
import { loadSettings, saveSettings, type Settings, type SettingsPatch } from './settings.js';
import { stackEnvironment, writeStackEnvFile } from './stack-env.js';

export interface SettingsStoreOptions {
  /** Config folder; default: STATUS_DESKTOP_HOME or the platform's per-user config folder. */
  home?: string;
  /** Encryption at rest for secrets.json; default: none (file mode 0600 only). */
  cipher?: SecretCipher;
  /** Called with each warning (permissions fixed, missing secret generated…); default console.warn. */
  onWarning?: (message: string) => void;
}

export interface SettingsStore {
  readonly home: string;
  settings(): Promise<Settings>;
  saveSettings(patch: SettingsPatch): Promise<Settings>;
  /** The secrets, generating any that are missing (same as ensureSecrets().secrets). */
  secrets(): Promise<Secrets>;
  ensureSecrets(): Promise<EnsureSecretsResult>;
  setOperatorSecrets(patch: OperatorSecretsPatch): Promise<Secrets>;
  /** Every secret at once (a restored backup's), encrypted at rest like the others. */
  replaceSecrets(values: Record<string, string>): Promise<Secrets>;
  /** Every STATUS_* variable for stack/compose.yaml (generates secrets on first use). */
  stackEnv(): Promise<Record<string, string>>;
  /** Writes `<home>/stack.env` (mode 0600) for `docker compose --env-file`; returns its path. */
  writeStackEnv(): Promise<string>;
}

export async function openSettingsStore(options: SettingsStoreOptions = {}): Promise<SettingsStore> {
  const cipher = options.cipher ?? plainCipher;
  const warn = options.onWarning ?? ((message: string) => console.warn(message));
  const { dir: home, warnings } = await ensureConfigHome(options.home ?? configHome());
  warnings.forEach(warn);

  const ensure = async (): Promise<EnsureSecretsResult> => {
    const result = await ensureSecrets({ home, cipher });
    result.warnings.forEach(warn);
    return result;
  };

  const store: SettingsStore = {
    home,
    settings: () => loadSettings(home),
    saveSettings: (patch) => saveSettings(patch, home),
    secrets: async () => (await ensure()).secrets,
    ensureSecrets: ensure,
    setOperatorSecrets: async (patch) => {
      const result = await setOperatorSecrets(patch, { home, cipher });
      result.warnings.forEach(warn);
      return result.secrets;
    },
    replaceSecrets: async (values) => {
      const result = await replaceSecrets(values, { home, cipher });
      result.warnings.forEach(warn);
      return result.secrets;
    },
    stackEnv: async () => stackEnvironment(await loadSettings(home), await store.secrets()),
    writeStackEnv: async () => {
      const settings = await loadSettings(home);
      const env = stackEnvironment(settings, await store.secrets());
      const path = join(home, STACK_ENV_FILE);
      // COMPOSE_PROJECT_NAME makes the plain CLI address the same project as the app.
      await writeStackEnvFile(path, { COMPOSE_PROJECT_NAME: settings.projectName, ...env });
      return path;
    },
  };
  return store;
}

export * from './paths.js';
export * from './settings.js';
export * from './secrets.js';
export * from './stack-env.js';
