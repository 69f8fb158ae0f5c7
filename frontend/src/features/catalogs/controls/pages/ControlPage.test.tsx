import type { Catalog, Computation, Control } from '@backend/contract';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearResourceCache } from '../../../../lib/useResource';
import { fakeFetch, json, stubFetch } from '../../../../test/fakeFetch';
import { renderRoutes, setSession, userOf } from '../../../../test/render';
import { Component as ControlPage } from './ControlPage';

const routes = [{ path: '/controls/:id', Component: ControlPage }];
const control: Control = {
  id: 11,
  name: 'Access review',
  description: 'Quarterly review',
  period: 'WEEKLY',
  startDate: '2026-01-01T00:00:00.000Z',
  endDate: null,
  mashupId: 'tab1',
  catalogId: 7,
  params: { endpoint: '/check', threshold: 5 },
  status: 'finalized',
  lastRunAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const computation = {
  id: 'c1',
  computationGroup: 'g1',
  value: true,
  scope: { country: 'Spain' },
  evidences: [{ check: 'branch-protection', score: 3, result: true }],
  period: { from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' },
  controlId: 11,
  createdAt: '2026-03-02T00:00:00.000Z',
  updatedAt: '2026-03-02T00:00:00.000Z',
} as Computation;

const backend = () =>
  fakeFetch({
    'GET /controls/11': () => json(200, control),
    'GET /catalogs/7': () => json(200, { id: 7, name: 'ISO 27001' } as Catalog),
    'GET /scopes/sets/control/11': () => json(200, []),
    'GET /controls/11/computations': () => json(200, [computation]),
    'GET /controls/11/panels': () => json(200, []),
    'GET /scopes': () => json(200, []),
  });

beforeEach(() => clearResourceCache());

describe('control page', () => {
  it(
    'shows the control, its flow link, and a computation’s evidences on demand',
    { timeout: 30_000 },
    async () => {
      setSession(userOf('DEVELOPER'));
      const user = userEvent.setup();
      stubFetch(backend().fetch);
      renderRoutes(routes, '/controls/11');
      expect(await screen.findByRole('heading', { level: 1, name: 'Access review' })).toBeInTheDocument();
      expect(screen.getByRole('link', { name: /Open flow tab1 in Node-RED/ })).toHaveAttribute(
        'href',
        '/node-red/#flow/tab1',
      );
      expect(screen.getByText('Weekly')).toBeInTheDocument();
      const history = screen.getByRole('region', { name: 'Computations' });
      const show = await within(history).findByRole('button', { name: /Show evidences/ });
      expect(show).toHaveAttribute('aria-expanded', 'false');
      expect(within(history).getByText('country=Spain')).toBeInTheDocument();
      await user.click(show);
      expect(within(history).getByRole('button', { name: /Hide evidences/ })).toHaveAttribute(
        'aria-expanded',
        'true',
      );
      expect(within(history).getByText('branch-protection')).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Run now' })).toBeInTheDocument();
      expect(screen.getByText('No Grafana panels are linked to this control.')).toBeInTheDocument();
    },
  );

  it('tells a USER that runs are for developers and administrators', { timeout: 30_000 }, async () => {
    setSession(userOf('USER'));
    stubFetch(backend().fetch);
    renderRoutes(routes, '/controls/11');
    expect(
      await screen.findByText('Only developers and administrators can run controls.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Run now' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit control' })).not.toBeInTheDocument();
  });
});
