import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi } from '../test/fake-api.js';
import { renderConsole } from '../test/render.js';

describe('Settings', () => {
  it('shares on a chosen address: link and QR code, the services that restart, and "Apply now" runs up', async () => {
    const { api, user } = renderConsole({ view: 'settings' });
    expect(await screen.findByText('Only this computer can open STATUS now.')).toBeInTheDocument();
    expect(screen.queryByRole('img', { name: /QR code/ })).toBeNull();
    const first = await screen.findByRole('radio', { name: '192.168.1.20 (wlan0)' });
    expect(first).toBeChecked();
    await user.click(screen.getByRole('radio', { name: '10.0.0.5 (eth0)' }));
    expect(screen.getByText('Others will open http://10.0.0.5:3000/')).toBeInTheDocument();
    expect(
      screen.getByText(/databases, Grafana, Node-RED and the backend stay reachable from this computer only/),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Share on my network' }));
    expect(api.called('share')[0]?.args).toEqual([{ address: '10.0.0.5' }]);
    const qr = await screen.findByRole('img', { name: 'QR code of http://10.0.0.5:3000/' });
    await waitFor(() => expect(qr.querySelector('svg')).not.toBeNull());
    expect(screen.getByText('http://10.0.0.5:3000/')).toBeInTheDocument();
    expect(
      await screen.findByText(
        'Saved. Applying it restarts: grafana, nodered, reverse-proxy, status-backend. The other services keep running.',
      ),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Apply now' }));
    await waitFor(() => expect(api.called('up')).toHaveLength(1));
  });

  it('shares by host name (the machine’s name offered, editable)', async () => {
    const { api, user } = renderConsole({ view: 'settings' });
    await user.click(await screen.findByRole('radio', { name: 'This computer’s name' }));
    const name = screen.getByRole('textbox', { name: 'Host name' });
    expect(name).toHaveValue('status-pc');
    await user.clear(name);
    await user.type(name, 'status-pc.local');
    await user.click(screen.getByRole('button', { name: 'Share on my network' }));
    expect(api.called('share')[0]?.args).toEqual([{ hostName: 'status-pc.local' }]);
    expect(
      await screen.findByRole('img', { name: 'QR code of http://status-pc.local:3000/' }),
    ).toBeInTheDocument();
  });

  it('stops sharing: back to this computer only, the link and QR code gone', async () => {
    const api = new FakeApi();
    api.settingsValue = {
      ...api.settingsValue,
      bindAddress: '192.168.1.20',
      publicUrl: 'http://192.168.1.20:3000',
      publicUrlDerived: false,
    };
    const { user } = renderConsole({ view: 'settings', api });
    expect(
      await screen.findByRole('img', { name: 'QR code of http://192.168.1.20:3000/' }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Stop sharing' }));
    expect(api.called('stopSharing')).toHaveLength(1);
    expect(await screen.findByText('Only this computer can open STATUS now.')).toBeInTheDocument();
    expect(screen.queryByRole('img', { name: /QR code/ })).toBeNull();
  });

  it('says a stopped platform applies sharing when it starts (no "Apply now")', async () => {
    const api = new FakeApi();
    api.statusValue = { ...api.statusValue, state: 'stopped' };
    const { user } = renderConsole({ view: 'settings', api });
    await user.click(await screen.findByRole('button', { name: 'Share on my network' }));
    expect(await screen.findByText('Saved. It applies when the platform starts.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Apply now' })).toBeNull();
  });

  it('saves ports, image overrides (empty = pinned default), start on launch and the close action', async () => {
    const { api, user } = renderConsole({ view: 'settings' });
    const grafana = await screen.findByRole('spinbutton', { name: 'Grafana' });
    await user.clear(grafana);
    await user.type(grafana, '3200');
    await user.click(screen.getByRole('button', { name: 'Save ports' }));
    await waitFor(() => expect(api.called('saveSettings')).toHaveLength(1));
    expect(api.called('saveSettings')[0]?.args[0]).toMatchObject({ ports: { grafana: 3200, http: 3000 } });

    const postgresImage = screen.getByRole('textbox', { name: /^postgres/ });
    expect(postgresImage).toHaveAttribute('placeholder', 'postgres:17.2');
    await user.type(postgresImage, 'postgres:17.3');
    await user.click(screen.getByRole('button', { name: 'Save image versions' }));
    await waitFor(() => expect(api.called('saveSettings')).toHaveLength(2));
    expect(api.called('saveSettings')[1]?.args[0]).toMatchObject({
      images: { postgres: 'postgres:17.3', grafana: null },
    });

    await user.click(screen.getByRole('checkbox', { name: 'Start the platform when STATUS Desktop opens' }));
    await user.click(screen.getByRole('radio', { name: 'Keep the platform running' }));
    await waitFor(() => expect(api.called('saveSettings')).toHaveLength(4));
    expect(
      api
        .called('saveSettings')
        .slice(2)
        .map((c) => c.args[0]),
    ).toEqual([{ startOnLaunch: true }, { closeAction: 'keep-running' }]);
  });

  it('saves a registry mirror, and loads images from a file as a task whose progress and refusal show', async () => {
    const { api, user } = renderConsole({ view: 'settings' });
    const mirror = await screen.findByRole('textbox', { name: 'Registry mirror' });
    await user.type(mirror, 'registry.example.com/hub');
    await user.click(screen.getByRole('button', { name: 'Save mirror' }));
    await waitFor(() =>
      expect(api.called('saveSettings').at(-1)?.args).toEqual([
        { registryMirror: 'registry.example.com/hub' },
      ]),
    );

    const load = screen.getByRole('button', { name: 'Load images' });
    expect(load).toBeDisabled();
    await user.type(
      screen.getByRole('textbox', { name: 'Full path of the file on this computer' }),
      '/media/usb/s.statusimages',
    );
    await user.click(load);
    expect(api.called('loadImages')[0]?.args).toEqual(['/media/usb/s.statusimages']);
    await waitFor(() => expect(api.lastTask?.kind).toBe('load-images'));
    const task = api.lastTask!;
    act(() => {
      api.emitTask({
        task,
        type: 'progress',
        event: { type: 'images', step: 'checking', bytes: 1_000_000, total: 4_000_000 },
      });
    });
    const panel = await screen.findByRole('region', { name: 'Loading images from a file' });
    expect(within(panel).getByText('Checking the file')).toBeInTheDocument();
    expect(within(panel).getByText('1.0 MB of 4.0 MB')).toBeInTheDocument();
    act(() => {
      api.emitTask({
        task,
        type: 'task-end',
        ok: false,
        error: {
          code: 'IMAGES_REFUSED',
          message: 'The images in /media/usb/s.statusimages are damaged.',
          hint: 'The file was damaged on disk or in transfer: copy it again from the machine that made it.',
          details: { reason: 'corrupt' },
        },
      });
    });
    expect(await within(panel).findByRole('alert')).toHaveTextContent(/damaged.*copy it again/);
  });

  it('checks for updates, says what an upgrade changes and what it does first, then runs it as a task', async () => {
    const api = new FakeApi();
    api.updateCheck = {
      checkedAt: '2026-12-03T18:00:00.000Z',
      project: 'status',
      images: [
        { service: 'postgres', image: 'postgres:17.2', state: 'update-available' },
        {
          service: 'grafana',
          image: 'grafana/grafana:11.4.0',
          state: 'unknown',
          reason: 'registry unreachable',
        },
        { service: 'status-backend', image: 'status-backend:0.1.0', state: 'built-locally' },
      ],
      plan: [
        { service: 'postgres', from: 'postgres:17.2', to: 'postgres:17.2 (new image)', kind: 'new-digest' },
      ],
    };
    const { user } = renderConsole({ view: 'settings', api });
    await user.click(await screen.findByRole('button', { name: 'Check for updates' }));
    expect(api.called('checkUpdates')[0]?.args).toEqual([{}]);
    expect(
      await screen.findByRole('row', { name: /postgres postgres:17.2 Update available/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('row', { name: /grafana .*Could not ask its registry.*registry unreachable/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('row', { name: /status-backend .* Built by STATUS Desktop/ }),
    ).toBeInTheDocument();
    expect(screen.getByText('An upgrade would change 1 service:')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Upgrade…' }));
    expect(screen.getByRole('alertdialog', { name: 'Upgrade STATUS' })).toHaveTextContent(
      /backs up every data store first.*previous images/,
    );
    expect(api.called('upgrade')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Back up and upgrade now' }));
    expect(api.called('upgrade')).toHaveLength(1);
    await waitFor(() => expect(api.lastTask?.kind).toBe('upgrade'));
    const task = api.lastTask!;
    act(() => {
      api.emitTask({
        task,
        type: 'progress',
        event: { type: 'upgrade-step', step: 'backup', message: 'Backing up every data store first' },
      });
      api.emitTask({
        task,
        type: 'task-end',
        ok: false,
        error: {
          code: 'UPGRADE_ROLLED_BACK',
          message:
            'postgres failed its health check on the new image; every service is back on its previous image.',
          hint: 'The previous images run again.',
        },
      });
    });
    const panel = await screen.findByRole('region', { name: 'Upgrading STATUS' });
    expect(within(panel).getByRole('list', { name: 'Steps' })).toHaveTextContent(
      'Backing up every data store first',
    );
    expect(within(panel).getByRole('alert')).toHaveTextContent(/back on its previous image/);
  });

  it('says when there is nothing to upgrade, and passes a release stack file to the check', async () => {
    const { api, user } = renderConsole({ view: 'settings' });
    await user.type(
      await screen.findByRole('textbox', { name: /Newer release’s stack file/ }),
      'https://example.com/status/compose.yaml',
    );
    await user.click(screen.getByRole('button', { name: 'Check for updates' }));
    expect(
      await screen.findByText('Nothing to upgrade: every image is what its registry serves.'),
    ).toBeInTheDocument();
    expect(api.called('checkUpdates')[0]?.args).toEqual([
      { stack: 'https://example.com/status/compose.yaml' },
    ]);
    expect(screen.queryByRole('button', { name: 'Upgrade…' })).toBeNull();
  });

  it('deploys to the Swarm with the chosen routing, as a task whose notes and rollback show', async () => {
    const { api, user } = renderConsole({ view: 'settings' });
    const section = await screen.findByRole('region', { name: 'Run on a Docker Swarm' });
    expect(within(section).getByText(/the reverse proxy is the only way in/)).toBeInTheDocument();
    await user.click(within(section).getByRole('radio', { name: /Swarm’s routing mesh/ }));
    await user.click(within(section).getByRole('button', { name: 'Deploy to the Swarm' }));
    expect(api.called('deploySwarm')[0]?.args).toEqual([{ routing: 'mesh' }]);
    await waitFor(() => expect(api.lastTask?.kind).toBe('deploy-swarm'));
    const task = api.lastTask!;
    act(() => {
      api.emitTask({
        task,
        type: 'progress',
        event: { type: 'warning', message: 'postgres: ports on 127.0.0.1 are not published on a Swarm.' },
      });
      api.emitTask({
        task,
        type: 'task-end',
        ok: false,
        error: {
          code: 'SERVICE_UNHEALTHY',
          message: 'Swarm rolled status-backend back to the previous version.',
          hint: 'The previous version runs again.',
        },
      });
    });
    const panel = await screen.findByRole('region', { name: 'Deploying to the Swarm' });
    expect(within(panel).getByText(/not published on a Swarm/)).toBeInTheDocument();
    expect(within(panel).getByRole('alert')).toHaveTextContent(/rolled status-backend back/);
  });

  it('turns the blockchain ledger on, saying why it needs privileged and that a restart applies it', async () => {
    const { api, user } = renderConsole({ view: 'settings' });
    const toggle = await screen.findByRole('checkbox', {
      name: 'Run the STATUS nodes through the blockchain ledger',
    });
    expect(toggle).not.toBeChecked();
    const section = screen.getByRole('region', { name: 'Blockchain ledger' });
    expect(section).toHaveTextContent(/needs a privileged container, which has full access to this computer/);
    expect(section).toHaveTextContent(/Turn it on only if you use the ledger/);
    expect(section).toHaveTextContent('A restart of the platform applies the change');
    expect(toggle).toHaveAccessibleDescription(/privileged container.*restart of the platform/s);
    await user.click(toggle);
    await waitFor(() => expect(api.called('saveSettings')).toHaveLength(1));
    expect(api.called('saveSettings')[0]?.args).toEqual([{ ledger: true }]);
    await waitFor(() => expect(toggle).toBeChecked());
  });

  it('offers "open at login" in the desktop app only (a browser console cannot set it for this computer)', async () => {
    const { api, user } = renderConsole({ view: 'settings', api: new FakeApi({ shell: true }) });
    const toggle = await screen.findByRole('checkbox', {
      name: 'Open STATUS Desktop when I log in to this computer',
    });
    await user.click(toggle);
    await waitFor(() => expect(api.called('saveSettings')).toHaveLength(1));
    expect(api.called('saveSettings')[0]?.args).toEqual([{ openAtLogin: true }]);
  });

  it('turns on starting a service again when something outside STATUS kills it, saying the limit', async () => {
    const { api, user } = renderConsole({ view: 'settings' });
    const toggle = await screen.findByRole('checkbox', {
      name: 'Start a service again when something outside STATUS kills it (docker kill, another tool)',
    });
    expect(toggle).not.toBeChecked();
    expect(toggle).toHaveAccessibleDescription(
      /Docker does not restart a service stopped from outside.*at most 3 times in 10 minutes/,
    );
    await user.click(toggle);
    await waitFor(() => expect(api.called('saveSettings')).toHaveLength(1));
    expect(api.called('saveSettings')[0]?.args).toEqual([{ restartKilled: true }]);
    await waitFor(() => expect(toggle).toBeChecked());
  });

  it('has no "open at login" in a browser', async () => {
    renderConsole({ view: 'settings' });
    await screen.findByRole('checkbox', { name: 'Start the platform when STATUS Desktop opens' });
    expect(screen.queryByRole('checkbox', { name: /when I log in/ })).not.toBeInTheDocument();
  });

  it('reveals the admin credentials on request', async () => {
    const { user } = renderConsole({ view: 'settings' });
    await user.click(await screen.findByRole('button', { name: 'Show the admin password' }));
    expect(await screen.findByText('pw-9f8e7d6c5b4a')).toBeInTheDocument();
  });

  it('resets data only after listing the volumes and the word "delete" is typed', async () => {
    const api = new FakeApi();
    api.statusValue = {
      ...api.statusValue,
      driving: { name: 'lab', endpoint: 'tcp://lab.example.org:2376', version: '27.3.1' },
    };
    const { user } = renderConsole({ api, view: 'settings' });
    await user.click(await screen.findByRole('button', { name: 'Reset data…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete the platform’s data?' });
    // Which machine's data goes, before anything is typed.
    expect(dialog).toHaveTextContent('This acts on the platform on lab (tcp://lab.example.org:2376).');
    const volumes = await within(dialog).findByRole('list', { name: 'Volumes to delete' });
    expect(
      within(volumes)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(api.resetVolumes);
    const confirm = within(dialog).getByRole('button', { name: 'Delete data' });
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByRole('textbox', { name: 'Type “delete” to confirm' }), 'delet');
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByRole('textbox', { name: 'Type “delete” to confirm' }), 'e');
    await user.click(confirm);
    expect(api.called('reset')[0]?.args).toEqual([api.resetVolumes]);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('closes the reset dialog with Escape without deleting anything', async () => {
    const { api, user } = renderConsole({ view: 'settings' });
    await user.click(await screen.findByRole('button', { name: 'Reset data…' }));
    await screen.findByRole('dialog');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.called('reset')).toHaveLength(0);
  });
});
