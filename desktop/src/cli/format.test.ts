// The command line's words are the console's: states and phases from api/labels.ts, said once.
import { describe, expect, it } from 'vitest';
import type { ProgressEvent, ProjectStatus, ServiceStatus } from '../api/contract.js';
import { statusTable } from './format.js';
import { progressPrinter } from './progress-printer.js';

const service = (name: string, extra: Partial<ServiceStatus>): ServiceStatus => ({
  service: name,
  state: 'missing',
  restartCount: 0,
  ports: [],
  ...extra,
});

describe("the CLI speaks the console's words", () => {
  it('ps shows each state as the console does', () => {
    const status: ProjectStatus = {
      project: 'p',
      engine: 'connected',
      state: 'partial',
      updatedAt: 0,
      services: {
        db: service('db', { state: 'healthy' }),
        web: service('web', { state: 'missing' }),
        job: service('job', { state: 'exited', exitCode: 3 }),
      },
    };
    const table = statusTable(status);
    expect(table).toMatch(/^db\s+Healthy/m);
    expect(table).toMatch(/^web\s+Not created/m);
    expect(table).toMatch(/^job\s+Stopped \(exit code 3\)/m);
    expect(table).not.toMatch(/missing|exited/);
  });

  it('ps says how a run ended as the console does: killed from outside, out of memory, restarted by Docker', () => {
    const status: ProjectStatus = {
      project: 'p',
      engine: 'connected',
      state: 'degraded',
      updatedAt: 0,
      services: {
        db: service('db', { state: 'exited', exitCode: 137, exit: { story: 'killed', witnessed: true } }),
        api: service('api', {
          state: 'running',
          restartCount: 2,
          exit: { story: 'crashed', witnessed: false, restarts: 2 },
        }),
        web: service('web', { state: 'exited', exitCode: 0, exit: { story: 'stopped', witnessed: true } }),
      },
    };
    const table = statusTable(status);
    expect(table).toMatch(/^db\s+Stopped \(exit code 137\) \*/m);
    expect(table).toMatch(/^web\s+Stopped \(exit code 0\)\s/m);
    expect(table).toContain(
      '* db: stopped from outside STATUS (docker kill or another tool); Docker does not restart it: status-desktop up db.',
    );
    expect(table).toContain('* api: crashed, Docker restarted it 2 times.');
    expect(table).not.toContain('* web');
  });

  it('prints each phase once: a message that repeats it is left out, a real one is kept', () => {
    const lines: string[] = [];
    const print = progressPrinter((line) => lines.push(line));
    const phase = (p: string, message: string): ProgressEvent =>
      ({ type: 'service', service: 'web', phase: p, message }) as ProgressEvent;
    print(phase('stopping', 'stopping'));
    print(phase('stopped', 'stopped'));
    print(phase('removing', 'removing container (data volumes are kept)'));
    print(phase('removed', 'container removed'));
    print(phase('degraded', 'not started: registry failed; STATUS runs without director'));
    print({ ...phase('healthy', 'healthy'), elapsedMs: 1500 } as ProgressEvent);
    expect(lines).toEqual([
      'web              Stopping',
      'web              Stopped',
      'web              Removing    container (data volumes are kept)',
      'web              Removed',
      'web              Degraded    not started: registry failed; STATUS runs without director',
      'web              Healthy (1.5 s)',
    ]);
  });
});
