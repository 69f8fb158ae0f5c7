import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiException } from '../../api/errors.js';
import { FakeApi, projectStatus, service } from '../test/fake-api.js';
import { renderConsole } from '../test/render.js';

async function engineSection(name = 'Engine') {
  return screen.findByRole('region', { name });
}

/** A console whose platform is stopped: switching engines leaves nothing running behind. */
function stoppedApi(): FakeApi {
  const api = new FakeApi();
  api.statusValue = projectStatus([service('postgres', 'exited', { exitCode: 0 })], 'stopped');
  return api;
}

describe('Settings → Engine', () => {
  it('lists the default and the Docker contexts, says which engine is driven, tests one and uses it', async () => {
    const { api, user } = renderConsole({ view: 'settings', api: stoppedApi() });
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
    // Nothing runs on the engine left: no question asked.
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.called('useEngine')[0]?.args).toEqual([{ kind: 'context', name: 'remote-1' }]);
    expect(await within(section).findByText('Now driving remote-1.')).toBeInTheDocument();
    expect(
      within(section).getByText('Driving: remote-1 (tcp://10.0.0.5:2376, Docker 27.3.1)'),
    ).toBeInTheDocument();
  });

  it('adds a tcp:// engine with TLS certificate files by path', async () => {
    const { api, user } = renderConsole({ view: 'settings', api: stoppedApi() });
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

  it('an address typed with its scheme picks the kind: ssh:// under "TCP" becomes an SSH engine', async () => {
    const { api, user } = renderConsole({ view: 'settings' });
    const section = await engineSection();
    await user.click(await within(section).findByRole('radio', { name: 'Another engine, by address' }));
    expect(within(section).getByRole('radio', { name: /^Over TCP/ })).toBeChecked();
    await user.type(within(section).getByRole('textbox', { name: 'Address' }), 'ssh://ops@build-1');
    expect(within(section).getByRole('radio', { name: /^Over SSH/ })).toBeChecked();
    expect(within(section).queryByRole('textbox', { name: 'CA certificate (ca.pem)' })).toBeNull();
    await user.click(within(section).getByRole('button', { name: 'Test' }));
    expect(api.called('testEngine')[0]?.args).toEqual([{ kind: 'ssh', host: 'ssh://ops@build-1' }]);
    // And back: a tcp:// address asks for its certificates again.
    await user.clear(within(section).getByRole('textbox', { name: 'Address' }));
    await user.type(within(section).getByRole('textbox', { name: 'Address' }), 'tcp://build-1:2376');
    expect(within(section).getByRole('radio', { name: /^Over TCP/ })).toBeChecked();
    expect(within(section).getByRole('textbox', { name: 'CA certificate (ca.pem)' })).toBeInTheDocument();
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

describe('Settings → Engine while the platform runs on the engine being left', () => {
  async function askToSwitch(options: { language?: 'en' | 'es' } = {}) {
    const rendered = renderConsole({ view: 'settings', ...options });
    const es = options.language === 'es';
    const section = await engineSection(es ? 'Motor' : 'Engine');
    await rendered.user.click(
      await within(section).findByRole('radio', {
        name: es
          ? 'Contexto de Docker remote-1: tcp://10.0.0.5:2376'
          : 'Docker context remote-1: tcp://10.0.0.5:2376',
      }),
    );
    await rendered.user.click(
      within(section).getByRole('button', { name: es ? 'Usar este motor' : 'Use this engine' }),
    );
    return { ...rendered, section, dialog: await screen.findByRole('dialog') };
  }

  it('says it keeps running there, not stopped or moved, and what the console will show; nothing switched yet', async () => {
    const { api, dialog } = await askToSwitch();
    expect(within(dialog).getByRole('heading', { name: 'STATUS runs on default' })).toBeInTheDocument();
    expect(dialog).toHaveTextContent(
      'The platform keeps running on default: switching neither stops it nor moves it, and its data stays there. The console will then show remote-1’s platform.',
    );
    expect(api.called('useEngine')).toEqual([]);
    expect(api.called('down')).toEqual([]);
  });

  it('Cancel: nothing stopped, nothing switched', async () => {
    const { api, user, dialog, section } = await askToSwitch();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.called('useEngine')).toEqual([]);
    expect(api.called('down')).toEqual([]);
    expect(within(section).getByText(/^Driving: default/)).toBeInTheDocument();
  });

  it('Switch anyway: switches at once and leaves the platform running there', async () => {
    const { api, user, dialog, section } = await askToSwitch();
    await user.click(within(dialog).getByRole('button', { name: 'Switch anyway' }));
    expect(await within(section).findByText('Now driving remote-1.')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.called('useEngine')[0]?.args).toEqual([{ kind: 'context', name: 'remote-1' }]);
    expect(api.called('down')).toEqual([]);
  });

  it('Stop it first: runs the down task, and switches once it has ended', async () => {
    const { api, user, dialog, section } = await askToSwitch();
    await user.click(within(dialog).getByRole('button', { name: 'Stop it first' }));
    expect(await within(dialog).findByText('Stopping the platform on default…')).toBeInTheDocument();
    expect(api.called('down')).toHaveLength(1);
    expect(api.called('useEngine')).toEqual([]);
    // The platform stops before its task ends: the dialog stays, still stopping.
    act(() => api.emitStatus(projectStatus([service('postgres', 'missing')], 'stopped')));
    expect(within(dialog).getByText('Stopping the platform on default…')).toBeInTheDocument();
    act(() => api.emitTask({ task: api.lastTask!, type: 'task-end', ok: true }));
    expect(await within(section).findByText('Now driving remote-1.')).toBeInTheDocument();
    expect(api.called('useEngine')[0]?.args).toEqual([{ kind: 'context', name: 'remote-1' }]);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('Stop it first, and it does not stop: the dialog says why and nothing is switched', async () => {
    const { api, user, dialog } = await askToSwitch();
    await user.click(within(dialog).getByRole('button', { name: 'Stop it first' }));
    await within(dialog).findByText('Stopping the platform on default…');
    act(() => api.emitStatus(projectStatus([service('postgres', 'exited', { exitCode: 1 })], 'stopped')));
    act(() =>
      api.emitTask({
        task: api.lastTask!,
        type: 'task-end',
        ok: false,
        error: {
          code: 'ENGINE_UNREACHABLE',
          message: 'The engine stopped answering.',
          hint: 'Check Docker.',
        },
      }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The engine stopped answering.');
    expect(api.called('useEngine')).toEqual([]);
  });

  it('in Spanish', async () => {
    const { dialog } = await askToSwitch({ language: 'es' });
    expect(
      within(dialog).getByRole('heading', { name: 'STATUS está en marcha en default' }),
    ).toBeInTheDocument();
    expect(dialog).toHaveTextContent('la consola mostrará la plataforma de remote-1');
    expect(within(dialog).getByRole('button', { name: 'Detenerla primero' })).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Cambiar de todos modos' })).toBeInTheDocument();
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
