import { describe, expect, it } from 'vitest';
import { dashboardUrl, panelEmbedUrl } from './panelUrl';
import { presetOf, rangeFromDashboard } from './timeRange';

describe('panelEmbedUrl', () => {
  it('builds a d-solo URL under the runtime Grafana base with panel, range and theme', () => {
    const url = panelEmbedUrl({
      grafanaBase: '/grafana/',
      dashboardUid: 'abc-1',
      panelId: 4,
      range: { from: 'now-24h', to: 'now' },
      theme: 'dark',
    });
    const [path, query] = url.split('?');
    expect(path).toBe('/grafana/d-solo/abc-1');
    const q = new URLSearchParams(query);
    expect(q.get('panelId')).toBe('4');
    expect(q.get('from')).toBe('now-24h');
    expect(q.get('to')).toBe('now');
    expect(q.get('theme')).toBe('dark');
    expect(q.get('orgId')).toBe('1');
  });

  it('keeps an absolute Grafana base and encodes the uid', () => {
    const url = panelEmbedUrl({
      grafanaBase: 'https://status.example.org/grafana',
      dashboardUid: 'a b',
      panelId: 0,
      range: { from: '1700000000000', to: '1700003600000' },
      theme: 'light',
    });
    expect(url.startsWith('https://status.example.org/grafana/d-solo/a%20b?')).toBe(true);
    expect(new URLSearchParams(url.split('?')[1]).get('theme')).toBe('light');
    expect(new URLSearchParams(url.split('?')[1]).get('panelId')).toBe('0');
  });
});

describe('dashboardUrl', () => {
  it('links the dashboard in Grafana with the chosen range', () => {
    expect(dashboardUrl({ grafanaBase: '/grafana', dashboardUid: 'x1' })).toBe('/grafana/d/x1');
    expect(
      dashboardUrl({ grafanaBase: '/grafana', dashboardUid: 'x1', range: { from: 'now-7d', to: 'now' } }),
    ).toBe('/grafana/d/x1?orgId=1&from=now-7d&to=now');
  });
});

describe('time ranges', () => {
  it('takes the dashboard default when Grafana can read it, else the last 6 hours', () => {
    expect(rangeFromDashboard({ from: 'now-7d', to: 'now' })).toEqual({ from: 'now-7d', to: 'now' });
    expect(rangeFromDashboard({ from: '2026-01-01T00:00:00.000Z', to: 'now' })).toEqual({
      from: String(Date.parse('2026-01-01T00:00:00.000Z')),
      to: 'now',
    });
    expect(rangeFromDashboard({ from: 'yesterday', to: 'now' })).toEqual({ from: 'now-6h', to: 'now' });
    expect(rangeFromDashboard(undefined)).toEqual({ from: 'now-6h', to: 'now' });
  });

  it('names the preset a range matches', () => {
    expect(presetOf({ from: 'now-24h', to: 'now' })).toBe('now-24h');
    expect(presetOf({ from: 'now-24h', to: 'now-1h' })).toBeUndefined();
  });
});
