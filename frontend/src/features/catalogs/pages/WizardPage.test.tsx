import type { Catalog, Control } from '@backend/contract';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearResourceCache } from '../../../lib/useResource';
import { fakeFetch, json, stubFetch } from '../../../test/fakeFetch';
import { renderRoutes, setSession, userOf } from '../../../test/render';
import { Component as WizardPage } from './WizardPage';

const routes = [
  { path: '/catalogs/new', Component: WizardPage },
  { path: '/catalogs/:id/wizard', Component: WizardPage },
];

const catalog: Catalog = {
  id: 7,
  name: 'ISO 27001',
  description: null,
  startDate: '2026-01-01T00:00:00.000Z',
  endDate: '2026-12-31T00:00:00.000Z',
  dashboard_id: null,
  tpaId: null,
  status: 'draft',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const control = (over: Partial<Control> = {}): Control => ({
  id: 11,
  name: 'Access review',
  description: '',
  period: 'WEEKLY',
  startDate: '2026-01-01T00:00:00.000Z',
  endDate: null,
  mashupId: 'tab1',
  catalogId: 7,
  params: { endpoint: '/check', threshold: 5, items: [1] },
  status: 'draft',
  lastRunAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

/** Node-RED's flat flow list as GET /nodered/flows returns it: one tab with an HTTP-in node. */
const flows = [
  { id: 'tab1', type: 'tab', label: 'Repository checks' },
  { id: 'n1', type: 'http in', z: 'tab1', url: '/check', method: 'post' },
  { id: 'n2', type: 'function', z: 'tab1', params: { items: [], threshold: 0 } },
];

beforeEach(() => {
  clearResourceCache();
  setSession(userOf('DEVELOPER'));
});

const setDate = (label: RegExp, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('wizard step 1: the catalog', () => {
  it(
    'checks the fields, shows the backend’s field errors, then saves the draft and goes on',
    { timeout: 30_000 },
    async () => {
      const user = userEvent.setup();
      const api = fakeFetch({
        'POST /catalogs/drafts': (_call, n) =>
          n === 1
            ? json(400, {
                message: 'Invalid request body',
                errors: [{ path: 'name', message: 'name must be at most 100 characters' }],
              })
            : json(201, catalog),
        'GET /catalogs/7': () => json(200, catalog),
        'GET /catalogs/7/controls': () => json(200, []),
        'GET /nodered/flows': () => json(200, flows),
        'GET /scopes': () => json(200, []),
      });
      stubFetch(api.fetch);
      const { router } = renderRoutes(routes, '/catalogs/new');

      await user.click(await screen.findByRole('button', { name: 'Next' }));
      expect(await screen.findByText('Enter a name.')).toBeInTheDocument();
      expect(screen.getByText('Choose an end date; finalizing needs it.')).toBeInTheDocument();
      expect(api.count('POST /catalogs/drafts')).toBe(0);

      const name = screen.getByRole('textbox', { name: 'Name' });
      await user.type(name, 'ISO 27001');
      setDate(/^Start date/, '2026-02-01');
      setDate(/^End date/, '2026-01-01');
      await user.click(screen.getByRole('button', { name: 'Next' }));
      expect(await screen.findByText('The end date must not be before the start date.')).toBeInTheDocument();

      setDate(/^End date/, '2026-12-31');
      await user.click(screen.getByRole('button', { name: 'Next' }));
      expect(await screen.findByText('name must be at most 100 characters')).toBeInTheDocument();
      expect(name).toHaveAttribute('aria-invalid', 'true');
      expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({
        name: 'ISO 27001',
        description: null,
        startDate: '2026-02-01',
        endDate: '2026-12-31',
      });

      await user.click(screen.getByRole('button', { name: 'Next' }));
      expect(await screen.findByText('Step 2 of 4: Controls')).toBeInTheDocument();
      expect(router.state.location.pathname).toBe('/catalogs/7/wizard');
      expect(router.state.location.search).toBe('?step=controls');
    },
  );
});

describe('wizard step 2: the controls', () => {
  it(
    'fills the endpoint from the chosen flow, checks the form, shows backend field errors, then saves the draft control and its scope set',
    { timeout: 30_000 },
    async () => {
      const user = userEvent.setup();
      let saved: Control[] = [];
      const api = fakeFetch({
        'GET /catalogs/7': () => json(200, catalog),
        'GET /catalogs/7/controls': () => json(200, saved),
        'GET /nodered/flows': () => json(200, flows),
        'GET /scopes': () => json(200, []),
        'POST /controls/drafts': (_call, n) => {
          if (n === 1)
            return json(400, {
              message: 'Invalid request body',
              errors: [
                { path: 'period', message: 'period must be one of HOURLY, DAILY, WEEKLY, MONTHLY, ANNUALLY' },
              ],
            });
          saved = [control()];
          return json(201, saved[0]);
        },
        'POST /scopes/sets': (call) =>
          json(201, { id: 1, controlId: 11, scopes: (call.body as { scopes: unknown }).scopes }),
      });
      stubFetch(api.fetch);
      renderRoutes(routes, '/catalogs/7/wizard?step=controls');

      const form = await screen.findByRole('form', { name: 'New control' });
      const flow = within(form).getByRole('combobox', { name: /Node-RED flow/ });
      await waitFor(() =>
        expect(within(flow).getByRole('option', { name: 'Repository checks (/check)' })).toBeInTheDocument(),
      );
      await user.selectOptions(flow, 'tab1');
      expect(within(form).getByRole('textbox', { name: /^Endpoint/ })).toHaveValue('/check');
      expect(within(form).getByRole('textbox', { name: 'Name of parameter 1' })).toHaveValue('items');

      await user.click(within(form).getByRole('button', { name: 'Save control' }));
      expect(await within(form).findByText('Enter a name.')).toBeInTheDocument();
      expect(within(form).getByText('Enter a threshold; finalizing needs it.')).toBeInTheDocument();
      expect(api.count('POST /controls/drafts')).toBe(0);

      await user.type(within(form).getByRole('textbox', { name: 'Name' }), 'Access review');
      await user.selectOptions(within(form).getByRole('combobox', { name: /^Period/ }), 'WEEKLY');
      await user.type(within(form).getByRole('textbox', { name: /^Threshold/ }), '5');
      await user.type(within(form).getByRole('textbox', { name: 'Value of parameter 1' }), '[[1]');
      await user.click(within(form).getByRole('button', { name: 'Add scope' }));
      await user.type(within(form).getByLabelText('Scope of row 1'), 'country');
      await user.type(within(form).getByRole('textbox', { name: 'Value of scope row 1' }), 'Spain');

      await user.click(within(form).getByRole('button', { name: 'Save control' }));
      const period = within(form).getByRole('combobox', { name: /^Period/ });
      expect(await within(form).findByText(/period must be one of/)).toBeInTheDocument();
      expect(period).toHaveAttribute('aria-invalid', 'true');

      await user.click(within(form).getByRole('button', { name: 'Save control' }));
      expect(await screen.findByRole('button', { name: 'Edit control Access review' })).toBeInTheDocument();
      const post = api.calls.filter((c) => c.method === 'POST' && c.path === '/controls/drafts').at(-1);
      expect(post?.body).toMatchObject({
        name: 'Access review',
        catalogId: 7,
        period: 'WEEKLY',
        mashupId: 'tab1',
        params: { endpoint: '/check', threshold: 5, items: [1] },
      });
      expect(api.calls.find((c) => c.path === '/scopes/sets')?.body).toEqual({
        controlId: 11,
        scopes: { country: 'Spain' },
      });
    },
  );

  it('asks for one control before going on', { timeout: 30_000 }, async () => {
    const user = userEvent.setup();
    stubFetch(
      fakeFetch({
        'GET /catalogs/7': () => json(200, catalog),
        'GET /catalogs/7/controls': () => json(200, []),
        'GET /nodered/flows': () => json(404, { message: 'Node-RED admin access is not configured' }),
        'GET /scopes': () => json(200, []),
      }).fetch,
    );
    renderRoutes(routes, '/catalogs/7/wizard?step=controls');
    expect(
      await screen.findByText(
        /The Node-RED flows could not be loaded \(Node-RED admin access is not configured\)/,
      ),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Add at least one control before going on.')).toBeInTheDocument();
    expect(screen.getByText('Step 2 of 4: Controls')).toBeInTheDocument();
  });
});

describe('wizard step 4: finalize', () => {
  it('names the controls the backend refuses', { timeout: 30_000 }, async () => {
    const user = userEvent.setup();
    stubFetch(
      fakeFetch({
        'GET /catalogs/7': () => json(200, catalog),
        'GET /catalogs/7/controls': () => json(200, [control({ params: {} })]),
        'PATCH /catalogs/7/finalize': () =>
          json(400, {
            message:
              'Cannot finalize catalog: draft controls 11 lack params.endpoint and/or params.threshold',
            errors: [{ path: 'controls.11.params', message: 'endpoint and threshold are required' }],
          }),
      }).fetch,
    );
    renderRoutes(routes, '/catalogs/7/wizard?step=finalize');
    await user.click(await screen.findByRole('button', { name: 'Finalize' }));
    const alert = await screen.findByText(/The catalog was not finalized: Cannot finalize catalog/);
    expect(alert).toBeInTheDocument();
    expect(screen.getByText('Fix these controls first:')).toBeInTheDocument();
    expect(screen.getAllByText('Access review').length).toBeGreaterThan(1);
  });
});
