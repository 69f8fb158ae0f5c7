// Grafana URLs the dashboard pages link and embed. Everything goes under the runtime `grafanaBase`
// (default `/grafana` on the app's own origin), never a host baked in at build time.
import type { TimeRange } from './timeRange';

export type Theme = 'light' | 'dark';

function trimBase(base: string): string {
  return base.replace(/\/+$/, '');
}

/** `<grafanaBase>/d-solo/<uid>?orgId=1&panelId=<id>&from=..&to=..&theme=..` — one panel, for an iframe. */
export function panelEmbedUrl(o: {
  grafanaBase: string;
  dashboardUid: string;
  panelId: number | string;
  range: TimeRange;
  theme: Theme;
}): string {
  const q = new URLSearchParams({
    orgId: '1',
    panelId: String(o.panelId),
    from: o.range.from,
    to: o.range.to,
    theme: o.theme,
    timezone: 'browser',
  });
  return `${trimBase(o.grafanaBase)}/d-solo/${encodeURIComponent(o.dashboardUid)}?${q.toString()}`;
}

/** `<grafanaBase>/d/<uid>?from=..&to=..` — the whole dashboard in Grafana itself. */
export function dashboardUrl(o: { grafanaBase: string; dashboardUid: string; range?: TimeRange }): string {
  const base = `${trimBase(o.grafanaBase)}/d/${encodeURIComponent(o.dashboardUid)}`;
  if (!o.range) return base;
  return `${base}?${new URLSearchParams({ orgId: '1', from: o.range.from, to: o.range.to }).toString()}`;
}
