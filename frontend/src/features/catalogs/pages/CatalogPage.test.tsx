import type { Catalog, Computation, Control } from '@backend/contract';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearResourceCache } from '../../../lib/useResource';
import { fakeFetch, json, stubFetch } from '../../../test/fakeFetch';
import { renderRoutes, setSession, userOf } from '../../../test/render';
import { Component as CatalogPage } from './CatalogPage';

const routes = [{ path: '/catalogs/:id', Component: CatalogPage }];
const catalog: Catalog = {
  id: 7,
  name: 'ISO 27001',
  description: 'Access control',
  startDate: '2026-01-01T00:00:00.000Z',
  endDate: '2026-12-31T00:00:00.000Z',
  dashboard_id: 'dash-1',
  tpaId: 'tpa-7',
  status: 'finalized',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const control = {
  id: 11,
  name: 'Access review',
  period: 'DAILY',
  status: 'finalized',
  catalogId: 7,
} as Control;
const comp = (value: boolean, to: string) =>
  ({
    id: to,
    controlId: 11,
    value,
    period: { from: null, to },
    createdAt: to,
    evidences: [],
  }) as unknown as Computation;

beforeEach(() => {
  clearResourceCache();
  setSession(userOf('DEVELOPER'));
});

describe('catalog detail', () => {
  it(
    'loads by id: header, dashboard link, latest result per control and compliance over time',
    { timeout: 30_000 },
    async () => {
      stubFetch(
        fakeFetch({
          'GET /catalogs/7': () => json(200, catalog),
          'GET /catalogs/7/controls': () => json(200, [control]),
          'GET /controls/11/computations': () =>
            json(200, [comp(false, '2026-03-02T10:00:00.000Z'), comp(true, '2026-03-01T10:00:00.000Z')]),
          'GET /points/catalog/tpa-7': () => json(200, []),
        }).fetch,
      );
      renderRoutes(routes, '/catalogs/7');
      expect(await screen.findByRole('heading', { level: 1, name: 'ISO 27001' })).toBeInTheDocument();
      expect(screen.getByRole('link', { name: 'View dashboard' })).toHaveAttribute(
        'href',
        '/dashboards/dash-1',
      );
      const row = (await screen.findByRole('link', { name: 'Access review' })).closest('tr')!;
      expect(await within(row).findByText('Failed')).toBeInTheDocument();
      expect(await screen.findByRole('img', { name: /Daily compliance of ISO 27001/ })).toBeInTheDocument();
      expect(screen.getByText('From the controls’ computations')).toBeInTheDocument();
      expect(screen.getByText('0% compliant')).toBeInTheDocument();
    },
  );

  it('says so when the catalog does not exist', { timeout: 30_000 }, async () => {
    stubFetch(fakeFetch({ 'GET /catalogs/99': () => json(404, { message: 'Catalog not found' }) }).fetch);
    renderRoutes(routes, '/catalogs/99');
    expect(await screen.findByText('Catalog not found')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('edits the catalog and shows the backend’s field error', { timeout: 30_000 }, async () => {
    const user = userEvent.setup();
    const api = fakeFetch({
      'GET /catalogs/7': () => json(200, catalog),
      'GET /catalogs/7/controls': () => json(200, []),
      'GET /points/catalog/tpa-7': () => json(200, []),
      'PATCH /catalogs/7': (call, n) =>
        n === 1
          ? json(400, {
              message: 'A finalized catalog must keep its endDate',
              errors: [{ path: 'endDate', message: 'endDate is required on a finalized catalog' }],
            })
          : json(200, { ...catalog, ...(call.body as object), name: 'ISO 27002' }),
    });
    stubFetch(api.fetch);
    renderRoutes(routes, '/catalogs/7');
    await user.click(await screen.findByRole('button', { name: 'Edit catalog' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit catalog' });
    const name = within(dialog).getByRole('textbox', { name: 'Name' });
    await user.clear(name);
    await user.type(name, 'ISO 27002');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('endDate is required on a finalized catalog')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(screen.getByRole('heading', { level: 1, name: 'ISO 27002' })).toBeInTheDocument(),
    );
    expect(api.calls.find((c) => c.method === 'PATCH')?.body).toMatchObject({ name: 'ISO 27002' });
  });
});
