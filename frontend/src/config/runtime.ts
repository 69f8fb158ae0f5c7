// Runtime configuration: /config.js (written by entrypoint.sh when the container starts) sets
// window.STATUS_CONFIG before the bundle loads, so one image works at any address.
export interface RuntimeConfig {
  /** Base URL of the API (the reverse proxy maps /backend → backend /api/v1). */
  apiBase: string;
  grafanaBase: string;
  nodeRedBase: string;
}

declare global {
  interface Window {
    STATUS_CONFIG?: Partial<Record<keyof RuntimeConfig, unknown>>;
  }
}

export const DEFAULT_CONFIG: RuntimeConfig = {
  apiBase: '/backend',
  grafanaBase: '/grafana',
  nodeRedBase: '/node-red',
};

const trimSlash = (s: string) => (s.length > 1 ? s.replace(/\/+$/, '') : s);

/** Reads window.STATUS_CONFIG; empty or non-string values fall back to the defaults. */
export function readConfig(
  source: Window['STATUS_CONFIG'] = globalThis.window?.STATUS_CONFIG,
): RuntimeConfig {
  const pick = (key: keyof RuntimeConfig): string => {
    const v = source?.[key];
    return typeof v === 'string' && v.trim() ? trimSlash(v.trim()) : DEFAULT_CONFIG[key];
  };
  return { apiBase: pick('apiBase'), grafanaBase: pick('grafanaBase'), nodeRedBase: pick('nodeRedBase') };
}

let current: RuntimeConfig | undefined;

/** The configuration of this page load (read once). */
export function config(): RuntimeConfig {
  current ??= readConfig();
  return current;
}

/** Tests only: forget the cached configuration. */
export function resetConfigForTests(next?: RuntimeConfig): void {
  current = next;
}
