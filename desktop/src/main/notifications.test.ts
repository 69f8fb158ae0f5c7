import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../test/fake-electron/index.js'));
import * as electron from '../../test/fake-electron/index.js';
import {
  createFakeLauncher,
  projectStatus,
  serviceStatus,
  type FakeLauncher,
} from '../../test/fake-electron/fake-launcher.js';
import { watchNotifications, type Notice } from './notifications.js';

let launcher: FakeLauncher;
let shown: Notice[];

beforeEach(() => {
  electron.resetFakeElectron();
  launcher = createFakeLauncher();
  shown = [];
  watchNotifications({ launcher, show: (n) => shown.push(n) });
});

const healthy = (name: string) => serviceStatus(name);
const titles = () => shown.map((n) => n.title);

describe('notifications', () => {
  it('say nothing about how things were when the app opened', () => {
    launcher.pushStatus(projectStatus('degraded', [serviceStatus('grafana', { state: 'unhealthy' })]));
    expect(shown).toEqual([]);
  });

  it('tell when the platform becomes ready, once until it stops being ready', () => {
    launcher.pushStatus(projectStatus('starting', [serviceStatus('postgres', { state: 'starting' })]));
    launcher.pushStatus(projectStatus('running', [healthy('postgres')]));
    launcher.pushStatus(projectStatus('running', [healthy('postgres')]));
    expect(titles()).toEqual(['STATUS is ready']);
    launcher.pushStatus(
      projectStatus('stopped', [serviceStatus('postgres', { state: 'exited', exitCode: 0 })]),
    );
    launcher.pushStatus(projectStatus('running', [healthy('postgres')]));
    expect(titles()).toEqual(['STATUS is ready', 'STATUS is ready']);
  });

  it('tell when a service turns unhealthy, once until it recovers', () => {
    launcher.pushStatus(projectStatus('running', [healthy('grafana')]));
    const sick = projectStatus('degraded', [
      serviceStatus('grafana', { state: 'unhealthy', lastHealthLog: 'HTTP 500' }),
    ]);
    launcher.pushStatus(sick);
    launcher.pushStatus(sick);
    expect(titles()).toEqual(['grafana is unhealthy']);
    expect(shown[0]!.body).toContain('HTTP 500');
    launcher.pushStatus(projectStatus('running', [healthy('grafana')]));
    launcher.pushStatus(sick);
    expect(titles()).toEqual(['grafana is unhealthy', 'STATUS is ready', 'grafana is unhealthy']);
  });

  it('tell when a service exits on its own, not when it was stopped', () => {
    launcher.pushStatus(projectStatus('running', [healthy('backend'), healthy('nodered')]));
    launcher.pushStatus(
      projectStatus('partial', [
        healthy('backend'),
        serviceStatus('nodered', { state: 'exited', exitCode: 143 }),
      ]),
    );
    expect(shown).toEqual([]);
    launcher.pushStatus(
      projectStatus('degraded', [
        serviceStatus('backend', { state: 'exited', exitCode: 1 }),
        serviceStatus('nodered', { state: 'exited', exitCode: 143 }),
      ]),
    );
    expect(titles()).toEqual(['backend stopped']);
    expect(shown[0]!.body).toContain('exit code 1');
  });

  it('tell about an out-of-memory kill and a restart loop', () => {
    launcher.pushStatus(projectStatus('running', [healthy('postgres'), healthy('redis')]));
    launcher.pushStatus(
      projectStatus('degraded', [
        serviceStatus('postgres', { state: 'exited', exitCode: 137, oomKilled: true }),
        serviceStatus('redis', { state: 'restarting', exitCode: 1 }),
      ]),
    );
    expect(shown.map((n) => n.body)).toEqual([
      expect.stringContaining('ran out of memory'),
      expect.stringContaining('restarting it'),
    ]);
  });

  it('tell when a backup fails, scheduled or not, and where to go', () => {
    const backup = (id: string, scheduled: boolean) => ({
      id,
      kind: 'backup' as const,
      services: [],
      startedAt: 1,
      state: 'running' as const,
      ...(scheduled && { scheduled: true }),
    });
    const failure = {
      code: 'SERVICE_EXITED' as const,
      message: 'postgres stopped during the dump.',
      hint: 'Start it.',
    };
    launcher.pushTask({ task: backup('b1', true), type: 'task-end', ok: false, error: failure });
    launcher.pushTask({ task: backup('b2', false), type: 'task-end', ok: false, error: failure });
    expect(titles()).toEqual(['The scheduled backup failed', 'The backup failed']);
    expect(shown[0]!.body).toBe(
      'postgres stopped during the dump. Open the Backups page of STATUS Desktop to see why and back up again.',
    );
    expect(shown[0]!.page).toBe('backups');
  });

  it('say nothing about a backup that worked, one the operator cancelled, or other tasks', () => {
    const task = (kind: 'backup' | 'up') => ({
      id: 'x',
      kind,
      services: [],
      startedAt: 1,
      state: 'running' as const,
    });
    const cancelled = { code: 'CANCELLED' as const, message: 'A backup was cancelled.', hint: '' };
    launcher.pushTask({ task: task('backup'), type: 'task-end', ok: true });
    launcher.pushTask({ task: task('backup'), type: 'task-end', ok: false, error: cancelled });
    launcher.pushTask({ task: task('backup'), type: 'task-start' });
    launcher.pushTask({
      task: task('up'),
      type: 'task-end',
      ok: false,
      error: { code: 'SERVICE_TIMEOUT', message: 'x', hint: 'y' },
    });
    expect(shown).toEqual([]);
  });

  it('hand the clicked notice to the host, so it can open the Backups page', () => {
    const clicked: Notice[] = [];
    const stop = watchNotifications({ launcher, onClick: (notice) => clicked.push(notice) });
    const task = { id: 'b9', kind: 'backup' as const, services: [], startedAt: 1, state: 'running' as const };
    launcher.pushTask({
      task,
      type: 'task-end',
      ok: false,
      error: { code: 'SERVICE_EXITED', message: 'postgres stopped.', hint: 'Start it.' },
    });
    const [shownNotice] = electron.Notification.instances.filter(
      (n) => n.options.title === 'The backup failed',
    );
    shownNotice!.emit('click');
    expect(clicked.map((n) => n.page)).toEqual(['backups']);
    stop();
  });

  it('use Electron notifications by default', () => {
    const stop = watchNotifications({ launcher });
    launcher.pushStatus(projectStatus('running', [healthy('postgres')]));
    launcher.pushStatus(projectStatus('degraded', [serviceStatus('postgres', { state: 'unhealthy' })]));
    expect(electron.Notification.instances.map((n) => [n.options.title, n.shown])).toEqual([
      ['postgres is unhealthy', true],
    ]);
    stop();
  });
});
