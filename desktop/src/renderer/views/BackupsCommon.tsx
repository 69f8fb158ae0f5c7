// What the Backups page's parts share: its store, dates in the console's language, announcing a
// task to the progress panel, and a password field.
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { backupsStoreFor, type BackupsState, type BackupsStore } from '../stores/backups.js';
import { useConsole } from '../stores/console.js';
import type { TaskInfo } from '../types.js';

/** The engine refuses shorter passphrases too; the page says so before asking it. */
export const MIN_PASSPHRASE = 8;

export function useBackupsStore(): BackupsStore {
  return backupsStoreFor(useConsole().api);
}

export function useBackups<U>(selector: (state: BackupsState) => U): U {
  return useStore(useBackupsStore(), selector);
}

/** Local date and time in the console's language. */
export function useWhen(): (epochMs: number) => string {
  const { i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (epochMs) => format.format(epochMs);
}

/** A task just started here: the progress panel shows it at once (its events follow). */
export function useAnnounce(): (task: TaskInfo | undefined) => void {
  const { tasks } = useConsole();
  return (task) => {
    if (task) tasks.getState().handle({ task, type: 'task-start' });
  };
}

export function PasswordField({
  label,
  value,
  onChange,
  fresh = false,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** A new passphrase (the browser may offer to generate one), not one to recall. */
  fresh?: boolean;
}) {
  return (
    <label className="field">
      {label}
      <input
        type="password"
        autoComplete={fresh ? 'new-password' : 'off'}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
