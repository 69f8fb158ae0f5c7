import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearResourceCache } from '../../../lib/useResource';
import { fakeBackend } from '../../../test/fakeBackend';
import { Component as DashboardPage } from './DashboardPage';

const renderAt = (uid: string) =>
  render(
    <MemoryRouter initialEntries={[`/dashboards/${uid}`]}>
      <Routes>
        <Route path="/dashboards/:uid" element={<DashboardPage />} />
      </Routes>
    </MemoryRouter>,
  );

const query = (src: string | null) => new URLSearchParams((src ?? '').split('?')[1]);

beforeEach(() => {
  clearResourceCache();
  document.documentElement.dataset.theme = 'light';
});

describe('dashboard page', () => {
  it('embeds every panel with one shared time range and the app theme', { timeout: 20_000 }, async () => {
    const user = userEvent.setup();
    fakeBackend({
      'GET /grafana/dashboard/ops1': {
        body: {
          meta: { folderTitle: 'Operations' },
          dashboard: {
            uid: 'ops1',
            title: 'Tickets',
            time: { from: 'now-7d', to: 'now' },
            panels: [
              { id: 1, type: 'gauge', title: 'Open tickets' },
              {
                id: 9,
                type: 'row',
                title: 'More',
                panels: [{ id: 2, type: 'gauge', title: 'Closed tickets' }],
              },
            ],
          },
        },
      },
    });
    renderAt('ops1');
    const first = await screen.findByTitle('Panel Open tickets');
    const second = screen.getByTitle('Panel Closed tickets');
    expect(first.getAttribute('src')?.startsWith('/grafana/d-solo/ops1?')).toBe(true);
    expect(query(first.getAttribute('src')).get('panelId')).toBe('1');
    expect(query(second.getAttribute('src')).get('panelId')).toBe('2');
    expect(query(first.getAttribute('src')).get('from')).toBe('now-7d');
    expect(query(first.getAttribute('src')).get('theme')).toBe('light');
    expect(screen.getByText('Folder: Operations')).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Time range'), 'now-24h');
    for (const title of ['Panel Open tickets', 'Panel Closed tickets'])
      expect(query(screen.getByTitle(title).getAttribute('src')).get('from')).toBe('now-24h');
    expect(screen.getByRole('link', { name: /Open in Grafana/ })).toHaveAttribute(
      'href',
      '/grafana/d/ops1?orgId=1&from=now-24h&to=now',
    );

    document.documentElement.dataset.theme = 'dark';
    await expect
      .poll(() => query(screen.getByTitle('Panel Open tickets').getAttribute('src')).get('theme'))
      .toBe('dark');
  });

  it('says clearly when Grafana cannot be reached', async () => {
    fakeBackend({
      'GET /grafana/dashboard/ops1': {
        status: 502,
        body: { message: 'Failed to get dashboard in Grafana: connect ECONNREFUSED' },
      },
    });
    renderAt('ops1');
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Could not load the dashboard.')).toBeInTheDocument();
    expect(within(alert).getByText(/Failed to get dashboard in Grafana/)).toBeInTheDocument();
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
