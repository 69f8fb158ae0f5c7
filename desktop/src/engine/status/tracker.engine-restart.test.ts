// The hard case: dockerd itself is stopped and started again under a running StatusTracker.
//
// On an engine of the test's own (test/engine/second-dockerd.ts: its own socket, data root and
// bridge), so the machine's engine, which every other test shares, is never touched. Stopped with
// SIGTERM as a service manager would, live-restore off: its shutdown stops every container, and only
// those with restart policy always/unless-stopped start again with it.
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecondDockerd, type SecondDockerd } from '../../../test/engine/second-dockerd.js';
import type { EngineState } from './model.js';
import {
  NODE_IMAGE,
  createServiceContainer,
  ensureNodeImage,
  isSubsequence,
  testProject,
  until,
  waitForStatus,
} from './test-support.js';
import { StatusTracker } from './tracker.js';

const project = testProject();
let dockerd: SecondDockerd;
let docker: Docker;

async function engineAnswers(): Promise<boolean> {
  try {
    await docker.ping();
    return true;
  } catch {
    return false;
  }
}

describe('StatusTracker across a dockerd restart (an engine of its own)', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    await ensureNodeImage(new Docker());
    dockerd = await startSecondDockerd({ images: [NODE_IMAGE] });
    docker = dockerd.docker;
  }, 180_000);

  afterAll(async () => {
    await dockerd?.remove();
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

      // Stop the daemon (SIGTERM, waiting until it has exited).
      const stopped = dockerd.stop();
      await waitForStatus(tracker, (s) => s.engine === 'reconnecting', 'reconnecting', 60_000);
      await stopped;
      expect(await engineAnswers()).toBe(false);
      expect(tracker.snapshot().engineError).toBeTruthy();

      // Start it again on the same data.
      await dockerd.start();
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
});
