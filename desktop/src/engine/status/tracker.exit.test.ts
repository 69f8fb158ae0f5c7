// How a run ended, on the real engine: `docker kill` and a stop that ran out of time both leave exit
// code 137, and only the engine's events tell them apart; a crash under a restart policy shows its
// restarts while it runs again.
import Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createServiceContainer,
  ensureNodeImage,
  removeProject,
  testProject,
  waitForService,
} from './test-support.js';
import { StatusTracker } from './tracker.js';

const docker = new Docker();
const project = testProject();
/** Ignores SIGTERM, so a stop has to end in SIGKILL (exit 137) after its grace period. */
const IGNORE_TERM = "process.on('SIGTERM',()=>{});setInterval(()=>{},1e6)";
/** Runs a moment, then fails: a crash for the restart policy to recover from. */
const CRASH_SOON = 'setTimeout(()=>process.exit(3),300)';

let tracker: StatusTracker;

beforeAll(async () => {
  await ensureNodeImage(docker);
});

afterEach(async () => {
  await tracker?.stop();
});

afterAll(async () => {
  await removeProject(docker, project);
});

function track(services: string[]): Promise<void> {
  tracker = new StatusTracker({ docker, project, services, pollMs: 60_000 });
  return tracker.start();
}

describe('StatusTracker: how a run ended (real engine)', () => {
  it('docker kill is killed (witnessed); a stop that ran out of time is stopped, though both exit 137', async () => {
    const killed = await createServiceContainer(docker, project, 'killed');
    const slow = await createServiceContainer(docker, project, 'slow', { script: IGNORE_TERM });
    await Promise.all([killed.start(), slow.start()]);
    await track(['killed', 'slow']);
    await waitForService(tracker, 'slow', (s) => s.state === 'running', 'running');

    await killed.kill();
    const k = await waitForService(tracker, 'killed', (s) => s.state === 'exited', 'exited');
    expect(k.exitCode).toBe(137);
    expect(k.exit).toEqual({ story: 'killed', witnessed: true });

    await slow.stop({ t: 1 });
    const s = await waitForService(tracker, 'slow', (x) => x.state === 'exited', 'exited');
    expect(s.exitCode).toBe(137);
    expect(s.exit).toEqual({ story: 'stopped', witnessed: true });

    // Started again: a new run, nothing to tell.
    await killed.start();
    const again = await waitForService(tracker, 'killed', (x) => x.state === 'running', 'running again');
    expect(again.exit).toBeUndefined();
  });

  it('a crash the restart policy recovers from shows as crashed with its restarts', async () => {
    const crashing = await createServiceContainer(docker, project, 'crashing', {
      script: CRASH_SOON,
      restart: { Name: 'on-failure', MaximumRetryCount: 1 },
    });
    await track(['crashing']);
    await crashing.start();
    const restarted = await waitForService(
      tracker,
      'crashing',
      (s) => s.exit?.restarts === 1,
      'restarted once by its policy',
    );
    expect(restarted.exit?.story).toBe('crashed');
    const gaveUp = await waitForService(tracker, 'crashing', (s) => s.state === 'exited', 'given up');
    expect(gaveUp.exit).toEqual({ story: 'crashed', witnessed: true, restarts: 1 });
  });
});
