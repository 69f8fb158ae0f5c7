import type { RunResult, ScopeSet } from '@backend/contract';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { registerMessages } from '../../../../i18n';
import { clearResourceCache } from '../../../../lib/useResource';
import { fakeFetch, json, stubFetch } from '../../../../test/fakeFetch';
import '../../../../test/render';
import { messages } from '../messages';
import { RunPanel } from './RunPanel';

registerMessages('controls', messages);

const result = (over: Partial<RunResult> = {}): RunResult => ({
  value: false,
  computationId: 'c1',
  computationGroup: 'g1',
  controlId: 3,
  scope: {},
  period: { from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' },
  evidences: [
    { key: 'branch-protection', value: 3, result: true },
    { key: 'signed-commits', value: 'https://example.org/report', result: false },
    { key: 'reviewed', value: true },
  ],
  ...over,
});

const set: ScopeSet = {
  id: 5,
  _id: '5',
  controlId: 3,
  scopes: { country: 'Spain' },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

beforeEach(() => clearResourceCache());

describe('Run now', () => {
  it(
    'runs with the chosen scope set and shows the verdict, the period and every evidence',
    { timeout: 30_000 },
    async () => {
      const user = userEvent.setup();
      const api = fakeFetch({
        'POST /controls/3/run': () => json(200, result({ scope: { country: 'Spain' } })),
      });
      stubFetch(api.fetch);
      render(<RunPanel controlId={3} scopeSets={[set]} />);
      await user.selectOptions(screen.getByRole('combobox', { name: 'Scope for this run' }), '5');
      await user.click(screen.getByRole('button', { name: 'Run now' }));

      const region = await screen.findByRole('region', { name: 'Result of the run: Failed' });
      expect(api.calls[0]).toMatchObject({
        method: 'POST',
        path: '/controls/3/run',
        body: { scope: { country: 'Spain' } },
      });
      expect(within(region).getByText(/^Period /)).toBeInTheDocument();
      const rows = within(region).getAllByRole('row').slice(1);
      expect(rows).toHaveLength(3);
      expect(within(rows[0]!).getByText('Passed')).toBeInTheDocument();
      expect(within(rows[0]!).getByText('branch-protection')).toBeInTheDocument();
      expect(within(rows[1]!).getByText('Failed')).toBeInTheDocument();
      expect(within(rows[1]!).getByRole('link', { name: 'Evidence link' })).toHaveAttribute(
        'href',
        'https://example.org/report',
      );
      expect(within(rows[2]!).getByText('True')).toBeInTheDocument();
      expect(within(rows[2]!).getByText('Unknown')).toBeInTheDocument();
    },
  );

  it('runs with the empty scope when none is chosen, and says passed', { timeout: 30_000 }, async () => {
    const user = userEvent.setup();
    const api = fakeFetch({
      'POST /controls/3/run': () => json(200, result({ value: true, evidences: [] })),
    });
    stubFetch(api.fetch);
    render(<RunPanel controlId={3} scopeSets={[]} />);
    await user.click(screen.getByRole('button', { name: 'Run now' }));
    expect(await screen.findByRole('region', { name: 'Result of the run: Passed' })).toBeInTheDocument();
    expect(screen.getByText('This computation has no evidences.')).toBeInTheDocument();
    expect(api.calls[0]?.body).toEqual({});
  });

  it('shows the backend’s reason when the run fails', { timeout: 30_000 }, async () => {
    const user = userEvent.setup();
    const message =
      'Running control 3 ("Repos") failed: Node-RED endpoint /api/v1/check: Node-RED endpoint /api/v1/check answered 500: boom';
    stubFetch(fakeFetch({ 'POST /controls/3/run': () => json(502, { message }) }).fetch);
    render(<RunPanel controlId={3} scopeSets={[]} />);
    await user.click(screen.getByRole('button', { name: 'Run now' }));
    expect(await screen.findByText(`The run failed: ${message}`)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Run now' })).toBeEnabled());
  });
});
