import type { Catalog, Computation, Control } from '@backend/contract';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearResourceCache } from '../../../lib/useResource';
import { fakeFetch, json, stubFetch } from '../../../test/fakeFetch';
import { renderRoutes, setSession, userOf } from '../../../test/render';
import { Component as CatalogsPage } from './CatalogsPage';

const routes = [{ path: '/catalogs', Component: CatalogsPage }];

const catalog = (id: number, name: string, status: Catalog['status']): Catalog => ({
  id,
  name,
  description: null,
  startDate: '2026-01-01T00:00:00.000Z',
  endDate: '2026-12-31T00:00:00.000Z',
  dashboard_id: null,
  tpaId: status === 'finalized' ? `tpa-${id}` : null,
  status,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const control = (id: number, catalogId: number) => ({ id, catalogId, name: `Control ${id}` }) as Control;
const computation = (controlId: number, value: boolean, to: string) =>
  ({ id: `${controlId}-${to}`, controlId, value, period: { from: null, to }, createdAt: to }) as Computation;

beforeEach(() => {
  clearResourceCache();
  setSession(userOf('ADMIN'));
});

const overview = {
  'GET /controls': () => json(200, [control(1, 1), control(2, 1), control(3, 2)]),
  'GET /computations': () =>
    json(200, [
      computation(1, true, '2026-03-02T00:00:00Z'),
      computation(2, false, '2026-03-02T00:00:00Z'),
      computation(2, true, '2026-03-01T00:00:00Z'),
    ]),
};

describe('catalogs list', () => {
  it('shows the loading state, then the rows with status and compliance', { timeout: 30_000 }, async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    stubFetch(
      fakeFetch({
        ...overview,
        'GET /catalogs': async () => {
          await gate;
          return json(200, [catalog(1, 'ISO 27001', 'finalized'), catalog(2, 'GDPR', 'draft')]);
        },
      }).fetch,
    );
    renderRoutes(routes, '/catalogs');
    expect(await screen.findByRole('status', { name: 'Loading…' })).toBeInTheDocument();
    release();
    const iso = (await screen.findByRole('link', { name: 'ISO 27001' })).closest('tr')!;
    expect(within(iso).getByText('Finalized')).toBeInTheDocument();
    expect(await within(iso).findByText('50% compliant')).toBeInTheDocument();
    const gdpr = screen.getByRole('link', { name: 'GDPR' }).closest('tr')!;
    expect(within(gdpr).getByText('Draft')).toBeInTheDocument();
    expect(within(gdpr).getByText('No results yet')).toBeInTheDocument();
    expect(within(gdpr).getByRole('link', { name: 'Continue wizard' })).toHaveAttribute(
      'href',
      '/catalogs/2/wizard',
    );
  });

  it('says when there is no catalog, and when the filters match none', { timeout: 30_000 }, async () => {
    const user = userEvent.setup();
    const api = fakeFetch({ ...overview, 'GET /catalogs': () => json(200, []) });
    stubFetch(api.fetch);
    renderRoutes(routes, '/catalogs');
    expect(await screen.findByText('No catalogs yet. Create one with “New catalog”.')).toBeInTheDocument();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'draft');
    expect((await screen.findAllByText('No catalog matches these filters.')).length).toBeGreaterThan(0);
    await waitFor(() =>
      expect(api.fetch).toHaveBeenCalledWith('/backend/catalogs?status=draft', expect.anything()),
    );
  });

  it('shows a load failure with a retry', { timeout: 30_000 }, async () => {
    const user = userEvent.setup();
    stubFetch(
      fakeFetch({
        ...overview,
        'GET /catalogs': (_c, n) =>
          n === 1
            ? json(500, { message: 'Internal error', requestId: 'r1' })
            : json(200, [catalog(1, 'ISO 27001', 'finalized')]),
      }).fetch,
    );
    renderRoutes(routes, '/catalogs');
    expect(await screen.findByText('Internal error')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'ISO 27001' })).toBeInTheDocument();
  });

  it('deletes a catalog after a confirmation that names it', { timeout: 30_000 }, async () => {
    const user = userEvent.setup();
    let rows = [catalog(1, 'ISO 27001', 'finalized')];
    const api = fakeFetch({
      ...overview,
      'GET /catalogs': () => json(200, rows),
      'DELETE /catalogs/1': () => {
        rows = [];
        return new Response(null, { status: 204 });
      },
    });
    stubFetch(api.fetch);
    renderRoutes(routes, '/catalogs');
    await user.click(await screen.findByRole('button', { name: 'Delete catalog ISO 27001' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete catalog “ISO 27001”?' });
    expect(
      within(dialog).getByText(/permanently deletes the catalog “ISO 27001” with its controls/),
    ).toBeInTheDocument();
    expect(api.count('DELETE /catalogs/1')).toBe(0);
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(api.count('DELETE /catalogs/1')).toBe(1));
    expect(await screen.findByText('No catalogs yet. Create one with “New catalog”.')).toBeInTheDocument();
  });

  it('hides writing actions from a USER', { timeout: 30_000 }, async () => {
    setSession(userOf('USER'));
    stubFetch(
      fakeFetch({ ...overview, 'GET /catalogs': () => json(200, [catalog(2, 'GDPR', 'draft')]) }).fetch,
    );
    renderRoutes(routes, '/catalogs');
    await screen.findByRole('link', { name: 'GDPR' });
    expect(screen.queryByRole('link', { name: 'New catalog' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete catalog GDPR' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Continue wizard' })).not.toBeInTheDocument();
  });
});
