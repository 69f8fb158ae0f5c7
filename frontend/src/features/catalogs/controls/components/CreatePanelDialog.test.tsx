import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { registerMessages } from '../../../../i18n';
import { clearResourceCache } from '../../../../lib/useResource';
import '../../../../test/render';
import { fakeBackend } from '../../../../test/fakeBackend';
import { messages } from '../messages';
import { CreatePanelDialog, PANEL_TYPES } from './CreatePanelDialog';

registerMessages('controls', messages);
beforeEach(() => clearResourceCache());

describe('create panel dialog', () => {
  it('offers gauge, stat, time series, table and bar gauge; creates the panel and links it', async () => {
    const user = userEvent.setup();
    const backend = fakeBackend({
      'GET /grafana/search': { body: [{ uid: 'd1', title: 'Compliance', type: 'dash-db' }] },
      'POST /grafana/dashboard/d1/panel': {
        status: 201,
        body: { panelId: 3, title: 'Uptime', type: 'timeseries', rawSql: 'x', uid: 'd1', version: 2 },
      },
      'POST /controls/11/panel/3': { status: 201, body: { message: 'ok', data: {} } },
    });
    let created = 0;
    render(
      <CreatePanelDialog
        controlId={11}
        controlName="Uptime"
        onClose={() => undefined}
        onCreated={() => created++}
      />,
    );
    const type = screen.getByLabelText('Panel type');
    expect([...(type as HTMLSelectElement).options].map((o) => o.textContent)).toEqual([
      'Gauge (compliance %)',
      'Stat (compliance %)',
      'Time series (each run: pass 100 / fail 0)',
      'Table (latest runs with evidences)',
      'Bar gauge (compliance %)',
    ]);
    expect(PANEL_TYPES).toEqual(['gauge', 'stat', 'timeseries', 'table', 'bargauge']);
    expect(screen.getByLabelText('Panel title')).toHaveValue('Uptime');
    await screen.findByRole('option', { name: 'Compliance' });
    await user.selectOptions(screen.getByLabelText('Dashboard'), 'd1');
    await user.selectOptions(type, 'timeseries');
    await user.click(screen.getByRole('button', { name: 'Create panel' }));
    await waitFor(() => expect(created).toBe(1));
    const post = backend.calls.find((c) => c.path === '/grafana/dashboard/d1/panel');
    expect(post?.body).toEqual({ title: 'Uptime', type: 'timeseries', controlId: 11 });
    expect(backend.calls.find((c) => c.path === '/controls/11/panel/3')?.body).toEqual({
      dashboardUid: 'd1',
    });
  });

  it("shows the backend's message when Grafana refuses", async () => {
    const user = userEvent.setup();
    fakeBackend({
      'GET /grafana/search': { body: [{ uid: 'd1', title: 'Compliance', type: 'dash-db' }] },
      'POST /grafana/dashboard/d1/panel': {
        status: 503,
        body: { message: 'Grafana is not connected: no service account token (GRAFANA_API_KEY)' },
      },
    });
    render(
      <CreatePanelDialog
        controlId={11}
        controlName="Uptime"
        onClose={() => undefined}
        onCreated={() => undefined}
      />,
    );
    await screen.findByRole('option', { name: 'Compliance' });
    await user.selectOptions(screen.getByLabelText('Dashboard'), 'd1');
    await user.click(screen.getByRole('button', { name: 'Create panel' }));
    expect(await screen.findByText(/Grafana is not connected/)).toBeInTheDocument();
  });
});
