// Light, dark, or whatever the system says. Applied as data-theme on <html>; CSS does the rest.
export type ThemeChoice = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'status-desktop.theme';

export function savedTheme(): ThemeChoice {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

export function applyTheme(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // storage unavailable: the choice lasts for this page only
  }
  const dark =
    choice === 'dark' ||
    (choice === 'system' &&
      typeof matchMedia === 'function' &&
      matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset['theme'] = dark ? 'dark' : 'light';
  document.documentElement.dataset['themeChoice'] = choice;
}
