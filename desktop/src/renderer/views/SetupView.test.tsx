import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi } from '../test/fake-api.js';
import { renderConsole } from '../test/render.js';

function firstRun() {
  const api = new FakeApi();
  api.setupDone = false;
  return api;
}

describe('first-run setup', () => {
  it('is shown when setup is not done, and goes engine → ports → admin → integrations → Start', async () => {
    const api = firstRun();
    const { user } = renderConsole({ api });
    expect(await screen.findByRole('heading', { name: 'Set up STATUS' })).toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: 'Console' })).toBeNull();
    expect(
      screen.getByText(/Docker Engine - Community 27.3.1 is ready at unix:\/\/\/var\/run\/docker.sock/),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    expect(await screen.findByText('Every port the platform needs is free.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    const username = screen.getByRole('textbox', { name: 'Username' });
    await user.clear(username);
    await user.type(username, 'operator');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(api.called('completeSetup')[0]?.args).toEqual([{ adminUsername: 'operator' }]);
    expect(await screen.findByText('pw-9f8e7d6c5b4a')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy password' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    await user.type(screen.getByLabelText('OpenAI API key'), 'sk-test');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(api.called('saveSecrets')[0]?.args).toEqual([{ openAiKey: 'sk-test' }]));

    await user.click(await screen.findByRole('button', { name: 'Start STATUS' }));
    expect(api.called('up')).toHaveLength(1);
    // the console proper, with the start's progress
    expect(await screen.findByRole('heading', { name: 'Overview' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Starting the platform' })).toBeInTheDocument();
  });

  it('explains a missing engine with how to fix it, and checks again on request', async () => {
    const api = firstRun();
    api.diagnosis = {
      ok: false,
      candidates: [],
      problem: {
        code: 'ENGINE_NOT_RUNNING',
        message: 'Docker is installed but not running.',
        hint: 'Start Docker Desktop, wait until it says it is running, then press Check again.',
      },
      notes: [],
    };
    const { user } = renderConsole({ api });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Docker is installed but not running.');
    expect(alert).toHaveTextContent('What to do: Start Docker Desktop');
    expect(screen.getByRole('button', { name: 'Continue' })).toBeDisabled();

    api.diagnosis = { ...api.diagnosis, ok: true, notes: [] };
    delete api.diagnosis.problem;
    await user.click(screen.getByRole('button', { name: 'Check again' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Continue' })).toBeEnabled());
  });

  it('names a port conflict with its holder and setting, and moves the port from there', async () => {
    const api = firstRun();
    api.portConflicts = [
      {
        service: 'postgres',
        hostIp: '127.0.0.1',
        hostPort: 5432,
        containerPort: 5432,
        protocol: 'tcp',
        heldBy: {
          kind: 'container',
          containerName: 'old-db',
          containerId: 'abc',
          project: 'legacy',
          service: 'db',
        },
        setting: 'STATUS_POSTGRES_PORT',
        message: 'Port 5432 is already used by container old-db.',
        hint: 'Stop old-db (docker stop old-db) or choose another port.',
      },
    ];
    const { user } = renderConsole({ api });
    await user.click(await screen.findByRole('button', { name: 'Continue' }));
    const conflict = await screen.findByRole('group', { name: 'Port 5432 conflict of postgres' });
    expect(conflict).toHaveTextContent('container old-db (project legacy, service db) uses it.');
    expect(conflict).toHaveTextContent('setting STATUS_POSTGRES_PORT');
    expect(screen.getByRole('button', { name: 'Continue anyway' })).toBeInTheDocument();

    const field = within(conflict).getByRole('spinbutton', { name: 'Another port for postgres' });
    await user.clear(field);
    await user.type(field, '15432');
    api.portConflicts = [];
    await user.click(within(conflict).getByRole('button', { name: 'Use this port' }));
    expect(api.called('saveSettings')[0]?.args).toEqual([{ ports: { postgres: 15432 } }]);
    expect(await screen.findByText('Every port the platform needs is free.')).toBeInTheDocument();
  });
  it('names a program on this computer that holds a port', async () => {
    const api = firstRun();
    api.portConflicts = [
      {
        service: 'reverse-proxy',
        hostIp: '127.0.0.1',
        hostPort: 3000,
        containerPort: 80,
        protocol: 'tcp',
        heldBy: { kind: 'process', pid: 4242, command: 'python3' },
        setting: 'STATUS_HTTP_PORT',
        message: 'Port 3000 is already used by python3 (process 4242).',
        hint: 'Stop python3 (process 4242), or change the port in Settings → Ports (STATUS_HTTP_PORT).',
      },
    ];
    const { user } = renderConsole({ api });
    await user.click(await screen.findByRole('button', { name: 'Continue' }));
    const conflict = await screen.findByRole('group', { name: 'Port 3000 conflict of reverse-proxy' });
    expect(conflict).toHaveTextContent('python3 (process 4242) on this computer uses it.');
  });
});
