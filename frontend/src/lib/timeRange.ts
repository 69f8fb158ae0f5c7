// The time ranges the dashboard page offers, as Grafana's relative expressions. One range drives
// every panel of the page, so they all show the same window.
export interface TimeRange {
  from: string;
  to: string;
}

export const TIME_PRESETS = [
  'now-1h',
  'now-6h',
  'now-24h',
  'now-7d',
  'now-30d',
  'now-90d',
  'now-1y',
] as const;
export type TimePreset = (typeof TIME_PRESETS)[number];

export const DEFAULT_RANGE: TimeRange = { from: 'now-6h', to: 'now' };

const RELATIVE = /^now(-\d+[smhdwMy])?(\/[smhdwMy])?$/;

/** Grafana accepts relative expressions (`now-6h`) and epoch milliseconds; anything else is dropped. */
export function isGrafanaTime(v: unknown): v is string {
  return typeof v === 'string' && (RELATIVE.test(v) || /^\d{10,14}$/.test(v));
}

/**
 * The dashboard's own default range when Grafana saved a usable one (`time: {from, to}`), else the
 * last 6 hours. ISO dates (the template route stores them) become epoch milliseconds.
 */
export function rangeFromDashboard(time: unknown): TimeRange {
  if (!time || typeof time !== 'object') return DEFAULT_RANGE;
  const { from, to } = time as { from?: unknown; to?: unknown };
  const norm = (v: unknown): string | undefined => {
    if (isGrafanaTime(v)) return v;
    if (typeof v === 'string') {
      const ms = Date.parse(v);
      if (!Number.isNaN(ms)) return String(ms);
    }
    return undefined;
  };
  const f = norm(from);
  const t = norm(to);
  return f && t ? { from: f, to: t } : DEFAULT_RANGE;
}

/** The preset a range matches (for the picker), or undefined for a custom/absolute range. */
export function presetOf(range: TimeRange): TimePreset | undefined {
  return range.to === 'now' ? TIME_PRESETS.find((p) => p === range.from) : undefined;
}
