import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, projectStatus, service } from '../test/fake-api.js';
import { renderConsole } from '../test/render.js';
import type { DrivenEngineInfo, ProjectStatus } from '../types.js';

/** Grafana and the proxy running on the engine of the machine "lab.example.org". */
function onLab(driving: Pick<DrivenEngineInfo, 'endpoint' | 'forward'>): ProjectStatus {
  const proxy = { hostIp: '127.0.0.1', hostPort: 3000, containerPort: 80, protocol: 'tcp' as const };
  return {
    ...projectStatus([
      service('grafana', 'healthy'),
      service('reverse-proxy', 'healthy', { ports: [proxy] }),
    ]),
    driving: { name: 'lab', version: '27.3.1', elsewhere: 'lab.example.org', ...driving },
  };
}

describe('app tabs', () => {
  it('in a browser, links to the app in a new tab', async () => {
    renderConsole({ view: 'grafana' });
    const link = await screen.findByRole('link', { name: 'Open in a new tab' });
    expect(link).toHaveAttribute('href', 'http://localhost:3000/grafana/');
    expect(link).toHaveAttribute('target', '_blank');
  });

  it('offers to start a service that is not running instead of the view', async () => {
    const api = new FakeApi({ shell: true });
    api.statusValue = projectStatus([service('nodered', 'exited', { exitCode: 0 })], 'stopped');
    const { user } = renderConsole({ api, view: 'nodeRed' });
    expect(await screen.findByText('Node-RED is not running — Start it')).toBeInTheDocument();
    expect(api.shell?.calls.filter((c) => c.method === 'showApp')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Start' }));
    expect(api.called('up')).toHaveLength(1);
  });

  it('on an engine on another machine, unshared: no view of this computer’s localhost, the ways to reach it instead', async () => {
    const api = new FakeApi({ shell: true });
    api.statusValue = onLab({ endpoint: 'tcp://lab.example.org:2376' });
    const { user } = renderConsole({ api, view: 'grafana' });
    const note = await screen.findByRole('note');
    expect(note).toHaveTextContent('The platform runs on lab.example.org');
    expect(note).toHaveTextContent('ssh -N -L 3000:127.0.0.1:3000 lab.example.org');
    expect(api.shell?.calls.filter((c) => c.method === 'showApp')).toHaveLength(0);
    // With the port forwarded, the operator opens it here after all.
    await user.click(screen.getByRole('button', { name: 'The port is forwarded: open it here' }));
    await waitFor(() =>
      expect(api.shell?.calls.find((c) => c.method === 'showApp')?.args[0]).toBe('grafana'),
    );
  });

  it('on an ssh:// engine the launcher forwards: embeds the app as usual, no note', async () => {
    const api = new FakeApi({ shell: true });
    api.statusValue = onLab({
      endpoint: 'ssh://ops@lab.example.org',
      forward: { url: 'http://localhost:3000/' },
    });
    renderConsole({ api, view: 'grafana' });
    await waitFor(() =>
      expect(api.shell?.calls.find((c) => c.method === 'showApp')?.args[0]).toBe('grafana'),
    );
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('inside Electron, places the app view over its area, shows loading, navigates, and hides it on leaving', async () => {
    const api = new FakeApi({ shell: true });
    const { user, stores } = renderConsole({ api, view: 'status' });
    await screen.findByRole('toolbar', { name: 'Page navigation' });
    const shell = api.shell!;
    await waitFor(() => expect(shell.calls.find((c) => c.method === 'showApp')?.args[0]).toBe('status'));
    expect(shell.calls.find((c) => c.method === 'showApp')?.args[1]).toEqual(
      expect.objectContaining({ x: expect.any(Number), y: expect.any(Number), width: expect.any(Number) }),
    );

    act(() =>
      shell.emitView({
        app: 'status',
        url: 'http://localhost:3000/catalogs',
        title: 'STATUS',
        loading: true,
        canGoBack: true,
        canGoForward: false,
      }),
    );
    expect(screen.getByRole('status')).toHaveTextContent('Loading…');
    expect(screen.getByRole('button', { name: 'Forward' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Back' }));
    await user.click(screen.getByRole('button', { name: 'Reload' }));
    await user.click(screen.getByRole('button', { name: 'Open in browser' }));
    expect(shell.calls.filter((c) => c.method !== 'showApp').map((c) => c.args)).toEqual([
      ['status', 'back'],
      ['status', 'reload'],
      ['http://localhost:3000/catalogs'],
    ]);

    act(() => stores.nav.getState().go('overview'));
    await waitFor(() => expect(shell.calls.at(-1)?.method).toBe('hideApps'));
  });
});
