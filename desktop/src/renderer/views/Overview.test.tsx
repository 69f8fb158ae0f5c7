import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, projectStatus, service } from '../test/fake-api.js';
import { renderConsole } from '../test/render.js';

/** The reverse proxy's port on the server's loopback, and an engine on another machine ("lab"). */
const LOOPBACK_PROXY = { hostIp: '127.0.0.1', hostPort: 3000, containerPort: 80, protocol: 'tcp' as const };
const onLab = (endpoint: string) => ({
  name: 'lab',
  endpoint,
  version: '27.3.1',
  elsewhere: 'lab.example.org',
});

describe('Overview', () => {
  it('lists every service with state, health, ports, image and version, usage and restarts', async () => {
    const api = new FakeApi();
    api.statsValue = [
      {
        service: 'grafana',
        container: 'status-grafana-1',
        cpuPercent: 12.5,
        memoryBytes: 150_000_000,
        memoryLimitBytes: 1e9,
        memoryPercent: 15,
        networkRxBytes: 0,
        networkTxBytes: 0,
        pids: 10,
      },
    ];
    renderConsole({ api });
    const row = await screen.findByRole('row', { name: 'grafana' });
    expect(within(row).getByText('Healthy', { selector: '.badge' })).toBeInTheDocument();
    expect(within(row).getByText('grafana/grafana-oss')).toBeInTheDocument();
    expect(within(row).getByText('11.4.0')).toBeInTheDocument();
    expect(within(row).getByText('2')).toBeInTheDocument(); // restarts
    expect(within(row).getByRole('link', { name: '3100→3000' })).toHaveAttribute(
      'href',
      'http://localhost:3100/',
    );
    await waitFor(() => expect(within(row).getByText('12.5 %')).toBeInTheDocument());
    expect(within(row).getByText('150 MB')).toBeInTheDocument();
    // a database port is not a web page: no link
    const postgres = screen.getByRole('row', { name: 'postgres' });
    expect(within(postgres).queryByRole('link')).toBeNull();
    expect(within(postgres).getByText('5432→5432')).toBeInTheDocument();
    expect(screen.getByText('The platform is').closest('p')).toHaveTextContent('The platform is Running');
  });

  it('links STATUS and every platform port by the public URL’s host name (one sign-in)', async () => {
    const api = new FakeApi();
    api.settingsValue = { ...api.settingsValue, publicUrl: 'http://127.0.0.1:3000' };
    api.statusValue.services['reverse-proxy']!.ports = [
      { hostIp: '127.0.0.1', hostPort: 3000, containerPort: 80, protocol: 'tcp' },
    ];
    renderConsole({ api });
    const proxy = await screen.findByRole('row', { name: 'reverse-proxy' });
    await waitFor(() =>
      expect(within(proxy).getByRole('link', { name: '3000→80' })).toHaveAttribute(
        'href',
        'http://127.0.0.1:3000/',
      ),
    );
    expect(screen.getByRole('link', { name: /Open STATUS/ })).toHaveAttribute(
      'href',
      'http://127.0.0.1:3000/',
    );
    // jsdom's console is on localhost: a loopback port is still named like the public URL
    const grafana = screen.getByRole('row', { name: 'grafana' });
    expect(within(grafana).getByRole('link', { name: '3100→3000' })).toHaveAttribute(
      'href',
      'http://127.0.0.1:3100/',
    );
  });

  it('starts, stops and restarts everything with one click, and disables them while a task runs', async () => {
    const api = new FakeApi();
    api.statusValue = projectStatus(
      [service('postgres', 'healthy'), service('nodered', 'exited', { exitCode: 0 })],
      'partial',
    );
    const { user } = renderConsole({ api });
    await screen.findByRole('row', { name: 'postgres' });
    const start = screen.getByRole('button', { name: 'Start' });
    await user.click(start);
    expect(api.called('up')).toHaveLength(1);
    await waitFor(() => expect(start).toBeDisabled());
    expect(screen.getByRole('button', { name: 'Stop' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Stop postgres' })).toBeDisabled();

    act(() =>
      api.emitTask({
        task: { id: 'task-1', kind: 'up', services: [], startedAt: Date.now(), state: 'running' },
        type: 'task-end',
        ok: true,
      }),
    );
    await waitFor(() => expect(start).toBeEnabled());
    await user.click(screen.getByRole('button', { name: 'Stop' }));
    expect(api.called('stop')).toHaveLength(1);
  });

  it('has per-service start, stop, restart and logs actions', async () => {
    const api = new FakeApi();
    api.statusValue = projectStatus(
      [service('postgres', 'healthy'), service('nodered', 'exited', { exitCode: 0 })],
      'partial',
    );
    const { user, stores } = renderConsole({ api });
    await user.click(await screen.findByRole('button', { name: 'Restart postgres' }));
    expect(api.called('restartService')[0]?.args).toEqual(['postgres']);
    act(() =>
      api.emitTask({
        task: { id: 'task-1', kind: 'restart', services: ['postgres'], startedAt: 0, state: 'running' },
        type: 'task-end',
        ok: true,
      }),
    );
    await user.click(screen.getByRole('button', { name: 'Start nodered' }));
    expect(api.called('startService')[0]?.args).toEqual(['nodered']);
    await user.click(screen.getByRole('button', { name: 'Logs of postgres' }));
    expect(stores.nav.getState().view).toBe('logs');
  });

  it('follows status events: a service turning unhealthy changes its row and raises a notification', async () => {
    const { api } = renderConsole();
    await screen.findByRole('row', { name: 'postgres' });
    act(() =>
      api.emitStatus(
        projectStatus(
          [
            service('postgres', 'unhealthy', { lastHealthLog: 'pg_isready: no response' }),
            service('grafana', 'healthy'),
            service('reverse-proxy', 'running'),
          ],
          'degraded',
        ),
      ),
    );
    const row = screen.getByRole('row', { name: 'postgres' });
    expect(within(row).getByText('Unhealthy', { selector: '.badge' })).toBeInTheDocument();
    expect(within(row).getByText('pg_isready: no response')).toBeInTheDocument();
    expect(screen.getByText('The platform is').closest('p')).toHaveTextContent('The platform is Degraded');
    expect(await screen.findByText('postgres is unhealthy.')).toBeInTheDocument();
  });

  it('an optional service failing is "Degraded" (a warning, not an error); STATUS itself runs', async () => {
    const { api, stores, user } = renderConsole();
    await screen.findByRole('row', { name: 'postgres' });
    act(() =>
      api.emitStatus(
        projectStatus(
          [
            service('postgres', 'healthy'),
            service('grafana', 'unhealthy', { lastHealthLog: 'wget: server returned error: HTTP/1.1 503' }),
            service('nodered', 'exited', { exitCode: 1, exit: { story: 'crashed', witnessed: true } }),
            service('status-backend', 'healthy'),
            service('reverse-proxy', 'running'),
          ],
          'degraded',
        ),
      ),
    );
    for (const name of ['grafana', 'nodered']) {
      const row = screen.getByRole('row', { name });
      const badge = within(row).getByText('Degraded', { selector: '.badge' });
      expect(badge).toHaveClass('tone-warn');
      expect(row).toHaveTextContent(/STATUS runs without it \(optional\)/);
    }
    // The health log is still shown, the logs one click away.
    const grafana = screen.getByRole('row', { name: 'grafana' });
    expect(within(grafana).getByText('wget: server returned error: HTTP/1.1 503')).toBeInTheDocument();
    const overall = within(screen.getByText('The platform is').closest('p')!).getByText('Degraded');
    expect(overall).toHaveClass('tone-warn');
    expect(
      screen.getByText('STATUS itself is running; optional services need attention: grafana, nodered.'),
    ).toHaveAttribute('role', 'status');
    expect(
      within(screen.getByRole('row', { name: 'reverse-proxy' })).getByText('Running'),
    ).toBeInTheDocument();
    await user.click(within(grafana).getByRole('button', { name: 'Logs of grafana' }));
    expect(stores.nav.getState().view).toBe('logs');
  });

  it('a required service failing stays an error (no "degraded" wording)', async () => {
    const { api } = renderConsole();
    await screen.findByRole('row', { name: 'postgres' });
    act(() =>
      api.emitStatus(
        projectStatus(
          [
            service('postgres', 'unhealthy'),
            service('grafana', 'unhealthy'),
            service('reverse-proxy', 'running'),
          ],
          'degraded',
        ),
      ),
    );
    expect(
      within(screen.getByRole('row', { name: 'postgres' })).getByText('Unhealthy', { selector: '.badge' }),
    ).toHaveClass('tone-bad');
    const overall = within(screen.getByText('The platform is').closest('p')!).getByText('Degraded');
    expect(overall).toHaveClass('tone-bad');
    expect(screen.queryByText(/STATUS itself is running/)).toBeNull();
  });

  it('shows why a command could not start, with what to do', async () => {
    const api = new FakeApi();
    api.statusValue = projectStatus([service('postgres', 'exited', { exitCode: 0 })], 'stopped');
    api.failNext = Object.assign(new Error('Port 3000 is already in use.'), {
      code: 'PORT_IN_USE',
      hint: 'Change STATUS_HTTP_PORT.',
    });
    const { user } = renderConsole({ api });
    await user.click(await screen.findByRole('button', { name: 'Start' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Port 3000 is already in use.');
  });
  it('Start is disabled while everything already runs, and says why', async () => {
    renderConsole();
    await screen.findByRole('row', { name: 'postgres' });
    const start = screen.getByRole('button', { name: 'Start' });
    expect(start).toBeDisabled();
    expect(start).toHaveAttribute('title', 'Everything is already running.');
    expect(screen.getByRole('button', { name: 'Stop' })).toBeEnabled();
  });

  it('the engine going away greys the last known states, disables every command, and says what happened when it is back', async () => {
    const { api } = renderConsole();
    await screen.findByRole('row', { name: 'postgres' });
    const running = api.statusValue;
    act(() =>
      api.emitStatus({
        ...running,
        engine: 'reconnecting',
        engineError: 'connect ENOENT /var/run/docker.sock',
      }),
    );
    const alert = await screen.findByText(/The container engine went away at \d\d:\d\d:\d\d/);
    expect(alert.closest('[role="alert"]')).toHaveTextContent('The states below are the last known');
    expect(alert.closest('[role="alert"]')).toHaveTextContent('connect ENOENT /var/run/docker.sock');
    expect(screen.getByRole('table')).toHaveClass('stale');
    for (const name of ['Start', 'Stop', 'Restart', 'Stop postgres', 'Restart postgres'])
      expect(screen.getByRole('button', { name })).toBeDisabled();

    act(() => api.emitStatus({ ...running, engine: 'connected' }));
    expect(
      await screen.findByText(/The container engine was away from \d\d:\d\d:\d\d to \d\d:\d\d:\d\d/),
    ).toBeInTheDocument();
    expect(screen.getByRole('table')).not.toHaveClass('stale');
    expect(screen.getByRole('button', { name: 'Stop postgres' })).toBeEnabled();
  });
  it('says why a service stopped as the status model read its exit: killed from outside, out of memory, restarted by Docker after a crash', async () => {
    const api = new FakeApi();
    api.statusValue = projectStatus(
      [
        service('postgres', 'exited', { exitCode: 137, exit: { story: 'killed', witnessed: true } }),
        service('grafana', 'exited', {
          exitCode: 137,
          oomKilled: true,
          exit: { story: 'oom', witnessed: true },
        }),
        service('nodered', 'healthy', {
          restartCount: 3,
          exit: { story: 'crashed', witnessed: false, restarts: 3 },
        }),
        service('reverse-proxy', 'exited', { exitCode: 0, exit: { story: 'stopped', witnessed: true } }),
        service('registry', 'exited', {
          exitCode: 1,
          exit: { story: 'crashed', witnessed: true, restarts: 1 },
        }),
      ],
      'degraded',
    );
    const { user } = renderConsole({ api });
    const postgres = await screen.findByRole('row', { name: 'postgres' });
    expect(postgres).toHaveTextContent(
      'Stopped from outside STATUS (docker kill or another tool) — Docker does not restart a service stopped this way.',
    );
    expect(screen.getByRole('row', { name: 'grafana' })).toHaveTextContent('It ran out of memory');
    expect(screen.getByRole('row', { name: 'nodered' })).toHaveTextContent(
      'It crashed and Docker restarted it (3 times).',
    );
    expect(screen.getByRole('row', { name: 'registry' })).toHaveTextContent(
      'It crashed again after Docker restarted it once; Docker gave up.',
    );
    const proxy = screen.getByRole('row', { name: 'reverse-proxy' });
    expect(proxy).not.toHaveTextContent(/outside|memory|crashed/);
    expect(within(proxy).queryByRole('button', { name: /again/ })).toBeNull();
    expect(
      within(screen.getByRole('row', { name: 'grafana' })).getByRole('button', {
        name: 'Start grafana again',
      }),
    ).toBeEnabled();
    await user.click(within(postgres).getByRole('button', { name: 'Start postgres again' }));
    expect(api.called('startService')[0]?.args).toEqual(['postgres']);
  });

  it('a SIGKILL nobody saw says it may also have been a stop that ran out of time', async () => {
    const api = new FakeApi();
    api.statusValue = projectStatus(
      [service('postgres', 'exited', { exitCode: 137, exit: { story: 'killed', witnessed: false } })],
      'stopped',
    );
    renderConsole({ api });
    const postgres = await screen.findByRole('row', { name: 'postgres' });
    expect(postgres).toHaveTextContent('while STATUS was not watching');
    expect(postgres).toHaveTextContent('or a stop that ran out of time');
    expect(within(postgres).getByRole('button', { name: 'Start postgres again' })).toBeEnabled();
  });

  it('a service killed from outside and running again (by hand or by the launcher) still says it was killed, until dismissed', async () => {
    const { api, user } = renderConsole();
    await screen.findByRole('row', { name: 'postgres' });
    const running = api.statusValue;
    const killedAt = new Date(2026, 0, 1, 10, 20, 30).getTime();
    const killed = service('postgres', 'exited', {
      exitCode: 137,
      finishedAt: killedAt,
      exit: { story: 'killed', witnessed: true },
    });
    act(() => api.emitStatus({ ...running, services: { ...running.services, postgres: killed } }));
    expect(await screen.findByText(/Docker does not restart a service stopped this way/)).toBeInTheDocument();
    act(() => api.emitStatus(running));
    const row = screen.getByRole('row', { name: 'postgres' });
    expect(row).toHaveTextContent('Stopped from outside STATUS at 10:20:30, then started again.');
    await user.click(within(row).getByRole('button', { name: 'Dismiss' }));
    expect(row).not.toHaveTextContent('Stopped from outside STATUS');
  });

  it('on an engine on another machine: says its ports open there, no dead links, and how to reach them', async () => {
    const api = new FakeApi();
    const proxy = LOOPBACK_PROXY;
    const remote = {
      ...projectStatus([
        service('reverse-proxy', 'healthy', { ports: [proxy] }),
        service('postgres', 'healthy'),
      ]),
      driving: onLab('ssh://ops@lab.example.org'),
    };
    api.statusValue = remote;
    renderConsole({ api });
    const note = await screen.findByRole('note');
    expect(note).toHaveTextContent('The platform runs on lab.example.org');
    expect(note).toHaveTextContent('Settings → Browser access → Host name');
    expect(within(note).getByText('ssh -N -L 3000:127.0.0.1:3000 lab.example.org')).toBeInTheDocument();
    expect(note).toHaveTextContent('with this command, then open http://localhost:3000/ here.');
    // The proxy is on the server's loopback: a link to localhost:3000 would open this computer.
    const row = screen.getByRole('row', { name: 'reverse-proxy' });
    expect(within(row).queryByRole('link')).toBeNull();
    expect(within(row).getByText('3000→80')).toBeInTheDocument();

    // Published on all of the server's interfaces (shared): the link goes to the server's address.
    const shared = { ...proxy, hostIp: '0.0.0.0' };
    act(() =>
      api.emitStatus({
        ...remote,
        services: {
          ...remote.services,
          'reverse-proxy': service('reverse-proxy', 'healthy', { ports: [shared] }),
        },
      }),
    );
    await waitFor(() =>
      expect(within(row).getByRole('link', { name: '3000→80' })).toHaveAttribute(
        'href',
        'http://lab.example.org:3000/',
      ),
    );
  });

  it('on an engine on another machine, shared under its name: one line saying where, no warning', async () => {
    const api = new FakeApi();
    api.settingsValue = {
      ...api.settingsValue,
      publicUrl: 'http://lab.example.org:3000',
      bindAddress: '0.0.0.0',
    };
    api.statusValue = {
      ...projectStatus([service('reverse-proxy', 'healthy')]),
      driving: onLab('tcp://lab.example.org:2376'),
    };
    renderConsole({ api });
    expect(
      await screen.findByText(
        'The platform runs on lab.example.org; it is shared at http://lab.example.org:3000/.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('on an ssh:// engine the launcher forwards: one line says where, and the proxy links to the public URL', async () => {
    const api = new FakeApi();
    const proxy = LOOPBACK_PROXY;
    const grafana = { ...LOOPBACK_PROXY, hostPort: 3100, containerPort: 3000 };
    const driving = onLab('ssh://ops@lab.example.org');
    const remote = projectStatus([
      service('reverse-proxy', 'healthy', { ports: [proxy] }),
      service('grafana', 'healthy', { ports: [grafana] }),
    ]);
    api.statusValue = { ...remote, driving: { ...driving, forward: { url: 'http://localhost:3000/' } } };
    renderConsole({ api });
    expect(
      await screen.findByText(
        'The platform runs on lab.example.org; STATUS Desktop forwards it over SSH to http://localhost:3000/.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('note')).toBeNull();
    const row = screen.getByRole('row', { name: 'reverse-proxy' });
    expect(await within(row).findByRole('link', { name: '3000→80' })).toHaveAttribute(
      'href',
      'http://localhost:3000/',
    );
    // Only the proxy's port is forwarded: Grafana's own port stays on the server's loopback.
    expect(within(screen.getByRole('row', { name: 'grafana' })).queryByRole('link')).toBeNull();

    // The port is taken here: the launcher's reason comes first, then the two ways.
    const problem =
      'Port 3000 on this computer is already in use. Close the program that uses port 3000 here.';
    act(() => api.emitStatus({ ...remote, driving: { ...driving, forward: { problem } } }));
    const note = await screen.findByRole('note');
    expect(note.firstElementChild).toHaveTextContent(problem);
    expect(within(note).getByText('ssh -N -L 3000:127.0.0.1:3000 lab.example.org')).toBeInTheDocument();
    expect(within(row).queryByRole('link')).toBeNull();
  });
});
