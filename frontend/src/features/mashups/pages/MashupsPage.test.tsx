import { render, screen, within } from '@testing-library/react';
import { describe, expect, it, beforeEach } from 'vitest';
import { clearResourceCache } from '../../../lib/useResource';
import { fakeBackend } from '../../../test/fakeBackend';
import { Component as MashupsPage } from './MashupsPage';

beforeEach(() => clearResourceCache());

describe('mashups page', () => {
  it('lists the flows with an http-in node and links each to the editor', async () => {
    fakeBackend({
      'GET /nodered/flows': {
        body: [
          { id: 'tab1', type: 'tab', label: 'Check tickets', info: 'Counts open tickets' },
          { id: 'n1', type: 'http in', z: 'tab1', url: '/tickets', method: 'post' },
          { id: 'n2', type: 'function', z: 'tab1' },
          { id: 'tab2', type: 'tab', label: 'Scratch' },
        ],
      },
    });
    render(<MashupsPage />);
    const row = (await screen.findByText('Check tickets')).closest('tr')!;
    expect(within(row).getByText('Counts open tickets')).toBeInTheDocument();
    expect(within(row).getByText('/tickets')).toBeInTheDocument();
    expect(within(row).getByText('2 nodes')).toBeInTheDocument();
    expect(
      within(row).getByRole('link', { name: 'Open Check tickets in the Node-RED editor' }),
    ).toHaveAttribute('href', '/node-red/#flow/tab1');
    expect(screen.queryByText('Scratch')).not.toBeInTheDocument();
  });

  it('shows the backend’s reason when Node-RED is not reachable', async () => {
    fakeBackend({
      'GET /nodered/flows': {
        status: 502,
        body: { message: 'Node-RED list flows: cannot reach http://nodered:1880' },
      },
    });
    render(<MashupsPage />);
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Could not load the flows from Node-RED.')).toBeInTheDocument();
    expect(within(alert).getByText(/cannot reach/)).toBeInTheDocument();
  });
});
