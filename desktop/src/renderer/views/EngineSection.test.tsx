import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiException } from '../../api/errors.js';
import { FakeApi, projectStatus } from '../test/fake-api.js';
import { renderConsole } from '../test/render.js';

async function engineSection() {
  return screen.findByRole('region', { name: 'Engine' });
}

describe('Settings → Engine', () => {
  it('lists the default and the Docker contexts, says which engine is driven, tests one and uses it', async () => {
    const { api, user } = renderConsole({ view: 'settings' });
    const section = await engineSection();
    expect(
      await within(section).findByText('Driving: default (unix:///var/run/docker.sock, Docker 27.3.1)'),
    ).toBeInTheDocument();
    expect(
      within(section).getByRole('radio', { name: /^Default: as the Docker CLI finds it/ }),
    ).toBeChecked();
    await user.click(
      within(section).getByRole('radio', { name: 'Docker context remote-1: tcp://10.0.0.5:2376' }),
    );
    await user.click(within(section).getByRole('button', { name: 'Test' }));
    expect(api.called('testEngine')[0]?.args).toEqual([{ kind: 'context', name: 'remote-1' }]);
    const report = await within(section).findByTestId('engine-test');
    expect(report).toHaveTextContent('remote-1 answers: Docker 27.3.1 (API 1.47), linux/amd64');
    expect(report).toHaveTextContent('8 CPUs, 17 GB of memory Not a Swarm manager.');
    await user.click(within(section).getByRole('button', { name: 'Use this engine' }));
    expect(api.called('useEngine')[0]?.args).toEqual([{ kind: 'context', name: 'remote-1' }]);
    expect(await within(section).findByText('Now driving remote-1.')).toBeInTheDocument();
    expect(
      within(section).getByText('Driving: remote-1 (tcp://10.0.0.5:2376, Docker 27.3.1)'),
    ).toBeInTheDocument();
  });

  it('adds a tcp:// engine with TLS certificate files by path', async () => {
    const { api, user } = renderConsole({ view: 'settings' });
    const section = await engineSection();
    await user.click(await within(section).findByRole('radio', { name: 'Another engine, by address' }));
    await user.type(within(section).getByRole('textbox', { name: 'Address' }), 'tcp://10.0.0.9:2376');
    await user.type(
      within(section).getByRole('textbox', { name: 'Name shown in the console (optional)' }),
      'lab',
    );
    await user.type(
      within(section).getByRole('textbox', { name: 'CA certificate (ca.pem)' }),
      '/certs/ca.pem',
    );
    await user.type(
      within(section).getByRole('textbox', { name: 'Client certificate (cert.pem)' }),
      '/certs/cert.pem',
    );
    await user.type(within(section).getByRole('textbox', { name: 'Client key (key.pem)' }), '/certs/key.pem');
    await user.click(within(section).getByRole('button', { name: 'Use this engine' }));
    expect(api.called('useEngine')[0]?.args).toEqual([
      {
        kind: 'tcp',
        host: 'tcp://10.0.0.9:2376',
        name: 'lab',
        tls: { ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem' },
      },
    ]);
  });

  it('adds an ssh:// engine (no certificates asked)', async () => {
    const { api, user } = renderConsole({ view: 'settings' });
    const section = await engineSection();
    await user.click(await within(section).findByRole('radio', { name: 'Another engine, by address' }));
    await user.click(within(section).getByRole('radio', { name: /^Over SSH/ }));
    expect(within(section).queryByRole('textbox', { name: 'CA certificate (ca.pem)' })).toBeNull();
    await user.type(within(section).getByRole('textbox', { name: 'Address' }), 'ssh://ops@build-1');
    await user.click(within(section).getByRole('button', { name: 'Test' }));
    expect(api.called('testEngine')[0]?.args).toEqual([{ kind: 'ssh', host: 'ssh://ops@build-1' }]);
  });

  it('a failed test shows what stands in the way and what to do', async () => {
    const api = new FakeApi();
    api.engineTest = {
      ok: false,
      name: 'remote-1',
      endpoint: 'tcp://10.0.0.5:2376',
      problem: {
        code: 'ENGINE_UNREACHABLE',
        message:
          'The engine at 10.0.0.5:2376 presented a certificate that the CA file /certs/ca.pem did not sign (wrong CA).',
        hint: "Choose the ca.pem that signed the engine's certificate.",
      },
    };
    const { user } = renderConsole({ view: 'settings', api });
    const section = await engineSection();
    await user.click(await within(section).findByRole('button', { name: 'Test' }));
    const alert = await within(section).findByRole('alert');
    expect(alert).toHaveTextContent('(wrong CA)');
    expect(alert).toHaveTextContent("What to do: Choose the ca.pem that signed the engine's certificate.");
  });

  it('a refused switch keeps the engine and says why', async () => {
    const api = new FakeApi();
    api.failNext = new ApiException({
      code: 'BUSY',
      message: "The engine can't be switched while a task runs (up).",
      hint: 'Wait for it to finish (or cancel it), then switch.',
    });
    const { user } = renderConsole({ view: 'settings', api });
    const section = await engineSection();
    await user.click(await within(section).findByRole('button', { name: 'Use this engine' }));
    expect(await within(section).findByRole('alert')).toHaveTextContent('while a task runs (up)');
    expect(within(section).getByText(/^Driving: default/)).toBeInTheDocument();
  });
});

describe('the engine driven, in the header and on the overview', () => {
  it('names it from the status, and follows a switch', async () => {
    const api = new FakeApi();
    renderConsole({ view: 'overview', api });
    act(() =>
      api.emitStatus({
        ...projectStatus([]),
        driving: { name: 'remote-1', endpoint: 'tcp://10.0.0.5:2376', version: '20.10.24' },
      }),
    );
    // The header and the overview.
    await waitFor(() =>
      expect(screen.getAllByText('Driving: remote-1 (tcp://10.0.0.5:2376, Docker 20.10.24)')).toHaveLength(2),
    );
  });
});
