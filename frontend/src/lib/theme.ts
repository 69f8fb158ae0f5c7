// Theme choice (light, dark or the system's), stored in localStorage and applied as
// <html data-theme="light|dark">; the CSS variables in styles/tokens.css follow it.
import { create } from 'zustand';

export type ThemeChoice = 'light' | 'dark' | 'system';
const KEY = 'status.theme';

function stored(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' || v === 'system' ? v : 'system';
  } catch {
    return 'system';
  }
}

const media = () => globalThis.matchMedia?.('(prefers-color-scheme: dark)');

export function applyTheme(choice: ThemeChoice): void {
  const dark = choice === 'dark' || (choice === 'system' && !!media()?.matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

interface ThemeState {
  choice: ThemeChoice;
  setChoice: (c: ThemeChoice) => void;
}

export const useTheme = create<ThemeState>((set) => ({
  choice: stored(),
  setChoice: (choice) => {
    try {
      localStorage.setItem(KEY, choice);
    } catch {
      // still applied for this page load
    }
    applyTheme(choice);
    set({ choice });
  },
}));

/** Applies the stored theme and follows the system's changes while the choice is 'system'. */
export function initTheme(): void {
  applyTheme(useTheme.getState().choice);
  media()?.addEventListener?.('change', () => {
    if (useTheme.getState().choice === 'system') applyTheme('system');
  });
}
