// Settings and secrets as the console sees them: the operator's choices next to the pinned
// defaults, and which secrets exist (never their values).
import type { ConsoleSettings, SecretsState } from '../api/contract.js';
import { exists } from '../engine/settings/files.js';
import { secretsPath, type ImageKey, type Settings, type SettingsStore } from '../engine/settings/index.js';

export function consoleSettings(
  settings: Settings,
  defaultImages: Record<ImageKey, string>,
): ConsoleSettings {
  return {
    bindAddress: settings.bindAddress,
    publicUrl: settings.publicUrl,
    publicUrlDerived: settings.publicUrlDerived,
    ports: { ...settings.ports },
    images: { ...settings.images },
    defaultImages,
    adminUsername: settings.adminUsername,
    ledger: settings.ledger,
    startOnLaunch: settings.startOnLaunch,
    openAtLogin: settings.openAtLogin,
    closeAction: settings.closeAction,
    restartKilled: settings.restartKilled,
    backupSchedule: { ...settings.backupSchedule },
    ...(settings.registryMirror && { registryMirror: settings.registryMirror }),
  };
}

/** Before first-run setup there is no secrets file, and asking the store would generate one. */
export async function secretsState(store: SettingsStore): Promise<SecretsState> {
  if (!(await exists(secretsPath(store.home)))) {
    return { generated: false, openAiKey: false, githubClientId: false, githubClientSecret: false };
  }
  const secrets = await store.secrets();
  return {
    generated: true,
    openAiKey: !!secrets.openaiApiKey,
    githubClientId: !!secrets.githubClientId,
    githubClientSecret: !!secrets.githubClientSecret,
  };
}
