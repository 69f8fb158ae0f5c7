import type { Catalog, Computation, Control } from '@backend/contract';
import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearResourceCache } from '../../../../lib/useResource';
import { fakeFetch, json, stubFetch } from '../../../../test/fakeFetch';
import { renderRoutes, setSession, userOf } from '../../../../test/render';
import { Component as HomePage } from './HomePage';

const routes = [{ path: '/', Component: HomePage }];
const catalog = { id: 7, name: 'ISO 27001', status: 'finalized' } as Catalog;
const controls = [
  { id: 11, name: 'Access review', catalogId: 7 },
  { id: 12, name: 'Backups tested', catalogId: 7 },
] as Control[];
const comp = (controlId: number, value: boolean, to: string) =>
  ({
    id: `${controlId}-${to}`,
    controlId,
    value,
    period: { from: null, to },
    createdAt: to,
    evidences: [{}],
  }) as Computation;

beforeEach(() => {
  clearResourceCache();
  setSession(userOf('ADMIN'));
});

describe('compliance overview', () => {
  it(
    'shows each catalog’s compliance, the failing controls and the latest computations',
    { timeout: 30_000 },
    async () => {
      stubFetch(
        fakeFetch({
          'GET /catalogs': () => json(200, [catalog]),
          'GET /controls': () => json(200, controls),
          'GET /computations': () =>
            json(200, [
              comp(12, false, '2026-03-02T00:00:00.000Z'),
              comp(11, true, '2026-03-01T00:00:00.000Z'),
            ]),
        }).fetch,
      );
      renderRoutes(routes, '/');
      const catalogs = await screen.findByRole('list', { name: 'Catalogs' });
      expect(within(catalogs).getByRole('link', { name: 'ISO 27001' })).toBeInTheDocument();
      expect(await within(catalogs).findByText('50% compliant')).toBeInTheDocument();
      expect(within(catalogs).getByText('2 controls')).toBeInTheDocument();
      const failing = await screen.findByRole('list', { name: 'Failing controls' });
      expect(within(failing).getByRole('link', { name: 'Backups tested' })).toHaveAttribute(
        'href',
        '/controls/12',
      );
      const latest = screen.getByRole('table', { name: 'Latest computations' });
      expect(within(latest).getAllByRole('row')).toHaveLength(3);
    },
  );

  it('has an empty state for each part when nothing exists yet', { timeout: 30_000 }, async () => {
    stubFetch(
      fakeFetch({
        'GET /catalogs': () => json(200, []),
        'GET /controls': () => json(200, []),
        'GET /computations': () => json(200, []),
      }).fetch,
    );
    renderRoutes(routes, '/');
    expect(await screen.findByText('No catalogs yet.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Create a catalog' })).toHaveAttribute('href', '/catalogs/new');
    expect(await screen.findByText('No control is failing right now.')).toBeInTheDocument();
    expect(screen.getByText(/Nothing has been computed yet/)).toBeInTheDocument();
  });

  it('shows a failure with a retry', { timeout: 30_000 }, async () => {
    stubFetch(
      fakeFetch({
        'GET /catalogs': () => json(200, []),
        'GET /controls': () => json(502, { message: 'Bad gateway' }),
        'GET /computations': () => json(200, []),
      }).fetch,
    );
    renderRoutes(routes, '/');
    expect((await screen.findAllByText('Bad gateway')).length).toBeGreaterThan(0);
    expect(screen.getAllByRole('button', { name: 'Try again' }).length).toBeGreaterThan(0);
  });
});
