import { describe, expect, it } from 'vitest';
import { projectStatus, service } from '../test/fake-api.js';
import { statusNotifications } from './toasts.js';

describe('statusNotifications', () => {
  it('tells when a service turns unhealthy, crashes, or the platform becomes ready', () => {
    const before = projectStatus([service('postgres', 'healthy'), service('backend', 'running')], 'running');
    const after = projectStatus(
      [
        service('postgres', 'unhealthy'),
        service('backend', 'exited', { exitCode: 1, exit: { story: 'crashed', witnessed: true } }),
      ],
      'degraded',
    );
    expect(statusNotifications(before, after)).toEqual([
      { kind: 'warning', key: 'toast.unhealthy', values: { service: 'postgres' } },
      { kind: 'error', key: 'toast.exited', values: { service: 'backend', code: 1 } },
    ]);
    expect(statusNotifications(after, before)).toEqual([{ kind: 'success', key: 'toast.ready' }]);
  });

  it('stays quiet for a requested stop and for the first snapshot', () => {
    const before = projectStatus([service('backend', 'running')], 'running');
    const after = projectStatus(
      [service('backend', 'exited', { exitCode: 143, exit: { story: 'stopped', witnessed: true } })],
      'stopped',
    );
    expect(statusNotifications(before, after)).toEqual([]);
    // A stop that ran out of time ends with 137 too: the events say it was asked for.
    const timedOut = projectStatus(
      [service('backend', 'exited', { exitCode: 137, exit: { story: 'stopped', witnessed: true } })],
      'stopped',
    );
    expect(statusNotifications(before, timedOut)).toEqual([]);
    expect(statusNotifications(null, after)).toEqual([]);
  });

  it('says a service killed from outside will not come back by itself, and an out-of-memory end', () => {
    const before = projectStatus([service('postgres', 'healthy'), service('backend', 'running')], 'running');
    const after = projectStatus(
      [
        service('postgres', 'exited', { exitCode: 137, exit: { story: 'killed', witnessed: true } }),
        service('backend', 'exited', {
          exitCode: 137,
          oomKilled: true,
          exit: { story: 'oom', witnessed: true },
        }),
      ],
      'degraded',
    );
    expect(statusNotifications(before, after)).toEqual([
      { kind: 'error', key: 'toast.killed', values: { service: 'postgres', code: 137 } },
      { kind: 'error', key: 'toast.oom', values: { service: 'backend', code: 137 } },
    ]);
  });
});
