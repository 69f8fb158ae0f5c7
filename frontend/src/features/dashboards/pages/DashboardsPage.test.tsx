import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearResourceCache } from '../../../lib/useResource';
import { fakeBackend } from '../../../test/fakeBackend';
import { Component as DashboardsPage } from './DashboardsPage';

const renderPage = () =>
  render(
    <MemoryRouter initialEntries={['/dashboards']}>
      <DashboardsPage />
    </MemoryRouter>,
  );

beforeEach(() => clearResourceCache());

describe('dashboards page', () => {
  it('an answer that is not a list is an error state with a retry, never a crash', async () => {
    const user = userEvent.setup();
    fakeBackend({
      'GET /grafana/folder': { body: [{ uid: 'f1', title: 'STATUS' }] },
      'GET /grafana/search': [
        { body: { dashboards: [] } }, // an object where a list belongs (the old "e.map" crash)
        { body: [{ uid: 'd1', title: 'Compliance per catalog', type: 'dash-db', folderUid: 'f1' }] },
      ],
    });
    renderPage();
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Could not load the dashboards from Grafana.')).toBeInTheDocument();
    expect(
      within(alert).getByText(/answered the dashboard search with something that is not a list/),
    ).toBeInTheDocument();
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('STATUS')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it("shows the backend's 502 message (Grafana answered something unexpected)", async () => {
    fakeBackend({
      'GET /grafana/folder': { body: [] },
      'GET /grafana/search': {
        status: 502,
        body: {
          message:
            'Grafana answered the dashboard search with something that is not a list. Check that GRAFANA_URL points at Grafana itself (not a proxy or another service) and try again.',
        },
      },
    });
    renderPage();
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText(/Check that GRAFANA_URL points at Grafana/)).toBeInTheDocument();
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('ignores malformed items instead of crashing', async () => {
    fakeBackend({
      'GET /grafana/folder': { body: [{ uid: 'f1', title: 'STATUS' }, null, { uid: 3 }] },
      'GET /grafana/search': {
        body: [{ uid: 'd1', title: 'Failing controls', type: 'dash-db' }, 'junk'],
      },
    });
    renderPage();
    expect(await screen.findByText('STATUS')).toBeInTheDocument();
    expect(screen.getByText('Failing controls')).toBeInTheDocument();
  });
});
