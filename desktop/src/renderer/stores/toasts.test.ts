import { describe, expect, it } from 'vitest';
import { projectStatus, service } from '../test/fake-api.js';
import { statusNotifications } from './toasts.js';

describe('statusNotifications', () => {
  it('tells when a service turns unhealthy, crashes, or the platform becomes ready', () => {
    const before = projectStatus([service('postgres', 'healthy'), service('backend', 'running')], 'running');
    const after = projectStatus(
      [service('postgres', 'unhealthy'), service('backend', 'exited', { exitCode: 1 })],
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
    const after = projectStatus([service('backend', 'exited', { exitCode: 143 })], 'stopped');
    expect(statusNotifications(before, after)).toEqual([]);
    expect(statusNotifications(null, after)).toEqual([]);
  });
});
