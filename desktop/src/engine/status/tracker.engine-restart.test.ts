// The hard case: dockerd itself is restarted under a running StatusTracker.
//
// This stops the machine's Docker daemon, which every other engine test shares, so it only runs
// when STATUS_TEST_RESTART_DOCKERD=1 (`npm run test:engine-restart`, chained after the main suite
// by `npm test`). It assumes a dockerd started by hand as on our CI machines
// (`dockerd > /tmp/dockerd.log 2>&1 &`, pid in /var/run/docker.pid, live-restore off) and starts it
// again the same way, detached, so the daemon outlives the test run.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineState } from './model.js';
import {
  createServiceContainer,
  ensureNodeImage,
  isSubsequence,
  removeProject,
  testProject,
  until,
  waitForStatus,
} from './test-support.js';
import { StatusTracker } from './tracker.js';

const RUN = process.env.STATUS_TEST_RESTART_DOCKERD === '1';
const PID_FILE = '/var/run/docker.pid';
const DOCKERD_LOG = '/tmp/dockerd.log';

const docker = new Docker();
const project = testProject();

async function engineAnswers(): Promise<boolean> {
  try {
    await new Docker().ping();
    return true;
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function startDockerd(): void {
  const fd = openSync(DOCKERD_LOG, 'a');
  try {
    const child = spawn('dockerd', [], { detached: true, stdio: ['ignore', fd, fd] });
    child.on('error', () => undefined);
    child.unref();
  } finally {
    closeSync(fd);
  }
}

/** Whatever happened, leave a running daemon behind. */
async function ensureDockerd(): Promise<void> {
  if (await engineAnswers()) return;
  let pid: number | undefined;
  try {
    pid = Number(readFileSync(PID_FILE, 'utf8').trim());
  } catch {
    pid = undefined;
  }
  if (pid === undefined || !alive(pid)) startDockerd();
  await until(engineAnswers, 'dockerd to answer again', 90_000);
}

describe.runIf(RUN)(
  'StatusTracker across a dockerd restart (STATUS_TEST_RESTART_DOCKERD=1)',
  { timeout: 240_000 },
  () => {
    beforeAll(async () => {
      await ensureNodeImage(docker);
    });

    afterAll(async () => {
      await ensureDockerd();
      await removeProject(docker, project);
    }, 120_000);

    it('goes reconnecting, then connected, and its snapshot matches the engine again — same tracker', async () => {
      const always = await createServiceContainer(docker, project, 'always', { restart: { Name: 'always' } });
      const plain = await createServiceContainer(docker, project, 'plain');
      await always.start();
      await plain.start();

      const tracker = new StatusTracker({
        docker,
        project,
        services: ['always', 'plain', 'late'],
        pollMs: 60_000, // after the restart only the reconnect snapshot and events can update it
        backoff: { initialMs: 250, maxMs: 2_000 },
        disconnectAfterMs: 120_000,
      });
      const engine: EngineState[] = [];
      tracker.on('engine', (s) => engine.push(s));
      try {
        await tracker.start();
        const before = await waitForStatus(
          tracker,
          (s) => s.services.always?.state === 'running' && s.services.plain?.state === 'running',
          'both running',
        );
        const startedBefore = before.services.always!.startedAt!;

        // Stop the daemon.
        const pid = Number(readFileSync(PID_FILE, 'utf8').trim());
        expect(pid).toBeGreaterThan(1);
        process.kill(pid, 'SIGINT');
        await waitForStatus(tracker, (s) => s.engine === 'reconnecting', 'reconnecting', 60_000);
        await until(() => !alive(pid), 'the old dockerd to exit', 90_000);
        expect(await engineAnswers()).toBe(false);
        expect(tracker.snapshot().engineError).toBeTruthy();

        // Start it again, detached, as on the CI machine.
        startDockerd();
        await until(engineAnswers, 'the new dockerd to answer', 90_000);

        const after = await waitForStatus(
          tracker,
          (s) =>
            s.engine === 'connected' &&
            s.services.always?.state === 'running' &&
            (s.services.always.startedAt ?? 0) > startedBefore &&
            s.services.plain?.state === 'exited',
          'the restarted engine reflected: `always` running again, `plain` stopped by the shutdown',
          60_000,
        );
        // The daemon's shutdown stops every container; without live-restore it starts again only
        // those with restart policy always/unless-stopped. Same container, new start.
        expect(after.services.always!.containerId).toBe(always.id);
        expect(after.services.plain!.containerId).toBe(plain.id);
        expect(after.state).toBe('partial');
        expect(isSubsequence(['connected', 'reconnecting', 'connected'], engine)).toBe(true);
        expect(engine.at(-1)).toBe('connected');

        // Events flow on the new stream: a change made after the restart is seen without a poll.
        const late = await createServiceContainer(docker, project, 'late');
        await late.start();
        await waitForStatus(
          tracker,
          (s) => s.services.late?.state === 'running',
          'late running, seen via events',
          30_000,
        );
      } finally {
        await tracker.stop();
      }
    });
  },
);
