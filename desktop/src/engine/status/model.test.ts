import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import {
  type ServiceState,
  type ServiceStatus,
  exitedWithFailure,
  missingService,
  overallState,
  pickRepresentative,
  sameStatus,
  statusFromInspect,
  withUptime,
} from './model.js';

function svc(state: ServiceState, extra: Partial<ServiceStatus> = {}): ServiceStatus {
  return { service: 's', state, restartCount: 0, ports: [], ...extra };
}

// The shape `docker inspect` returns on Engine 20.10 (fields we read), as a plain object.
function inspect(
  state: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Docker.ContainerInspectInfo {
  return {
    Id: 'abc',
    Name: '/p-web-1',
    Created: '2026-01-01T00:00:00.000Z',
    Image: 'sha256:123',
    RestartCount: 2,
    Config: { Image: 'web:1', Labels: {} },
    HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] } },
    NetworkSettings: { Ports: {} },
    State: {
      Status: 'running',
      Running: true,
      ExitCode: 0,
      StartedAt: '2026-01-01T00:00:01.000Z',
      FinishedAt: '0001-01-01T00:00:00Z',
      ...state,
    },
    ...extra,
  } as unknown as Docker.ContainerInspectInfo;
}

describe('overallState', () => {
  it.each<[ServiceState[], string]>([
    [[], 'stopped'],
    [['missing', 'exited', 'created'], 'stopped'],
    [['healthy', 'running'], 'running'],
    [['healthy', 'starting', 'missing'], 'starting'],
    [['healthy', 'unhealthy', 'starting'], 'degraded'],
    [['healthy', 'restarting'], 'degraded'],
    [['healthy', 'exited'], 'partial'],
    [['healthy', 'paused'], 'partial'],
    [['running', 'missing'], 'partial'],
  ])('%j → %s', (states, expected) => {
    expect(overallState(states.map((s) => svc(s, s === 'exited' ? { exitCode: 0 } : {})))).toBe(expected);
  });

  it('a service that exited with an error while others run is degraded; all exited is stopped', () => {
    expect(overallState([svc('running'), svc('exited', { exitCode: 1 })])).toBe('degraded');
    expect(overallState([svc('exited', { exitCode: 1 }), svc('exited', { exitCode: 0 })])).toBe('stopped');
  });

  it('a service stopped by a signal (docker stop: 143, 137) is stopped, not failed, unless OOM-killed or crashed', () => {
    expect(overallState([svc('running'), svc('exited', { exitCode: 143 })])).toBe('partial');
    expect(overallState([svc('running'), svc('exited', { exitCode: 137 })])).toBe('partial');
    expect(overallState([svc('running'), svc('exited', { exitCode: 137, oomKilled: true })])).toBe(
      'degraded',
    );
    expect(overallState([svc('running'), svc('exited', { exitCode: 139 })])).toBe('degraded');
    expect(exitedWithFailure(svc('running', { exitCode: 1 }))).toBe(false);
  });
});

describe('statusFromInspect', () => {
  it('maps a running container with a health check to its health state', () => {
    const s = statusFromInspect(
      'web',
      inspect({ Health: { Status: 'healthy', FailingStreak: 0, Log: [{ Output: ' ok\n' }] } }),
    );
    expect(s).toMatchObject({
      service: 'web',
      state: 'healthy',
      health: 'healthy',
      containerId: 'abc',
      containerName: 'p-web-1',
      image: 'web:1',
      imageId: 'sha256:123',
      restartCount: 2,
      startedAt: Date.parse('2026-01-01T00:00:01.000Z'),
      lastHealthLog: 'ok',
      ports: [{ hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' }],
    });
    expect(s.exitCode).toBeUndefined();
    expect(statusFromInspect('web', inspect({ Health: { Status: 'starting' } })).state).toBe('starting');
    expect(statusFromInspect('web', inspect({ Health: { Status: 'unhealthy' } })).state).toBe('unhealthy');
    expect(statusFromInspect('web', inspect({})).health).toBe('none');
  });

  it('reports exit code and finish time of an exited container, and no health', () => {
    const s = statusFromInspect(
      'web',
      inspect({
        Status: 'exited',
        Running: false,
        ExitCode: 3,
        OOMKilled: true,
        FinishedAt: '2026-01-01T00:00:09.000Z',
        Health: { Status: 'unhealthy' },
      }),
    );
    expect(s).toMatchObject({
      state: 'exited',
      exitCode: 3,
      oomKilled: true,
      finishedAt: Date.parse('2026-01-01T00:00:09.000Z'),
    });
    expect(s.health).toBeUndefined();
    expect(withUptime(s, Date.now()).uptimeMs).toBeUndefined();
  });

  it('tells how the last run ended (ServiceStatus.exit), with what the events saw of it', () => {
    const killed = inspect({ Status: 'exited', Running: false, ExitCode: 137 });
    expect(statusFromInspect('web', killed).exit).toEqual({ story: 'killed', witnessed: false });
    const stopped = statusFromInspect('web', killed, {
      signals: ['15', '9'],
      stopRequested: true,
      died: true,
    });
    expect(stopped.exit).toEqual({ story: 'stopped', witnessed: true });
    expect(statusFromInspect('web', inspect({})).exit).toEqual({
      story: 'crashed',
      witnessed: false,
      restarts: 2,
    });
    expect(statusFromInspect('web', inspect({}, { RestartCount: 0 })).exit).toBeUndefined();
  });

  it('prefers the live port bindings while running', () => {
    const s = statusFromInspect(
      'web',
      inspect(
        {},
        {
          NetworkSettings: {
            Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '49153' }], '90/udp': null },
          },
        },
      ),
    );
    expect(s.ports).toEqual([{ hostIp: '0.0.0.0', hostPort: 49153, containerPort: 80, protocol: 'tcp' }]);
  });
});

describe('helpers', () => {
  it('pickRepresentative prefers the live container, then the newest', () => {
    const a = { status: svc('exited'), created: 3 };
    const b = { status: svc('running'), created: 1 };
    const c = { status: svc('created'), created: 2 };
    expect(pickRepresentative([a, b, c])).toBe(b);
    expect(pickRepresentative([a, c])).toBe(c);
    expect(pickRepresentative([])).toBeUndefined();
  });

  it('sameStatus ignores uptime and key order; withUptime computes it only while running', () => {
    const s = svc('running', { startedAt: 1000 });
    expect(sameStatus(s, { ...withUptime(s, 5000) })).toBe(true);
    expect(sameStatus(s, svc('running', { startedAt: 1001 }))).toBe(false);
    expect(withUptime(s, 5000).uptimeMs).toBe(4000);
    expect(missingService('x')).toEqual({ service: 'x', state: 'missing', restartCount: 0, ports: [] });
  });
});
