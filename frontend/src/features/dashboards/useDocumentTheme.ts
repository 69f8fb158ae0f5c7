// The theme the app shows right now (`<html data-theme>`, set by lib/theme), so embedded Grafana
// panels follow it, including a 'system' choice that flips with the OS.
import { useSyncExternalStore } from 'react';
import type { Theme } from '../../lib/panelUrl';

function read(): Theme {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

export function useDocumentTheme(): Theme {
  return useSyncExternalStore(subscribe, read, () => 'light');
}
