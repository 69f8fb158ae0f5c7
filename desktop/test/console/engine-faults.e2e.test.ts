// The console in Chromium when the engine misbehaves under it, for real: a service killed with
// `docker kill` (Docker leaves it down; the console says so, offers "Start again", and with the
// setting on the launcher starts it by itself; rows written before are there after), a crash that
// Docker's restart policy recovers from, and the engine itself stopped and started again under a
// running console (a second dockerd of the test's own: the machine's engine is shared).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execInContainer } from '../../src/engine/docker/exec.js';
import { saveSettings } from '../../src/engine/settings/index.js';
import { createLauncher, type Launcher } from '../../src/launcher/launcher.js';
import { writeLauncherState } from '../../src/launcher/setup-state.js';
import type { TaskEvent } from '../../src/api/contract.js';
import type { RunningServer } from '../../src/server/server.js';
import { startSecondDockerd, type SecondDockerd } from '../engine/second-dockerd.js';
import { testImageTag } from '../images/build-images.js';
import { createTestStack, type TestStack } from '../stack-fixture.js';
import { ensureConsoleBuilt, launchChromium, openConsole, screenshot, serveConsole } from './harness.js';
import { faultLedger } from '../faults/ledger.js';

const ledger = faultLedger('console');

/** PostgreSQL for "nothing lost", and a Node service under `unless-stopped` that crashes on SIGUSR2. */
const FAULTS_COMPOSE = `
services:
  db:
    image: \${STATUS_POSTGRES_IMAGE}
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: only-for-this-test
      POSTGRES_DB: app
    volumes: [dbdata:/var/lib/postgresql/data]
    stop_grace_period: 5s
  app:
    image: \${STATUS_NODE_IMAGE}
    restart: unless-stopped
    command:
      - node
      - -e
      - "process.on('SIGUSR2',()=>process.exit(3));process.on('SIGTERM',()=>process.exit(0));setInterval(()=>{},1e6)"
    stop_grace_period: 1s
volumes:
  dbdata:
`;

/** One small service on the second engine; it comes back by its policy after the engine restarts. */
const ENGINE_COMPOSE = `
services:
  app:
    image: ${testImageTag('base')}
    restart: unless-stopped
    command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]
    stop_grace_period: 1s
`;

let browser: Browser;
let page: Page;

beforeAll(async () => {
  await ensureConsoleBuilt((line) => process.stderr.write(`[engine faults] ${line}\n`));
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

// What the page showed when a step failed, next to the other screenshots.
afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail' || !page) return;
  await screenshot(page, `failed-${task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => {});
});

function row(service: string) {
  return page.locator(`table.services tbody tr[data-service="${service}"]`);
}

/** The state a service's row shows (its badge's data-state). */
function shownState(service: string): Promise<string | null> {
  return row(service).locator('td .badge[data-state]').first().getAttribute('data-state');
}

/** Polls until `probe` holds; fails after `ms` with what it last saw. */
async function until<T>(
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (let step = 100; ; step = Math.min(step * 2, 1000)) {
    const value = await probe().catch((error: unknown) => error as T);
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last: ${String(value)}`);
    await new Promise((resolve) => setTimeout(resolve, step));
  }
}

/** A launcher whose console opens on the Overview (first-run setup already done). */
async function openLauncher(home: string, env: NodeJS.ProcessEnv, composeFile: string) {
  await writeLauncherState(home, { setupDone: true });
  const launcher = await createLauncher({ home, env, composeFile, statusPollMs: 1000, onWarning: () => {} });
  const server = await serveConsole(launcher);
  ({ page } = await openConsole(browser, server));
  await row('app').waitFor({ timeout: 30_000 });
  return { launcher, server };
}

/** Every task that ended, with its outcome. */
function endedTasks(launcher: Launcher): Array<Extract<TaskEvent, { type: 'task-end' }>> {
  const ended: Array<Extract<TaskEvent, { type: 'task-end' }>> = [];
  launcher.onTask((event) => {
    if (event.type === 'task-end') ended.push(event);
  });
  return ended;
}

async function upAndWait(launcher: Launcher): Promise<void> {
  const ended = endedTasks(launcher);
  const task = await launcher.up();
  await launcher.whenTaskDone(task.id);
  const end = ended.find((e) => e.task.id === task.id);
  expect(end?.ok, JSON.stringify(end?.error)).toBe(true);
}

describe('the console when a service is killed or crashes (real engine, test images)', () => {
  let fixture: TestStack;
  let launcher: Launcher;
  let server: RunningServer;
  const docker = new Docker();
  const container = (service: string) => docker.getContainer(`${fixture.projectName}-${service}-1`);
  const psql = async (sql: string): Promise<string> => {
    const argv = ['sh', '-c', 'psql -X -A -t -v ON_ERROR_STOP=1 -U app -d app -c "$0"', sql];
    const result = await execInContainer(container('db'), argv, 15_000);
    if (result.exitCode !== 0) throw new Error(`psql failed (${result.exitCode}): ${result.output}`);
    return result.output.trim();
  };

  beforeAll(async () => {
    fixture = await createTestStack('st-kill');
    const file = await fixture.writeCompose(FAULTS_COMPOSE);
    ({ launcher, server } = await openLauncher(fixture.home, fixture.env, file));
    await upAndWait(launcher);
  }, 300_000);

  afterAll(async () => {
    await launcher?.close();
    await server?.close();
    await fixture?.cleanup();
  }, 120_000);

  it('docker kill: the row says it was stopped from outside and offers Start again; the rows written before are there', async () => {
    await until(
      () => psql('SELECT 1'),
      (v) => v === '1',
      'PostgreSQL to answer',
    );
    await psql(
      'CREATE TABLE evidence (id int PRIMARY KEY); INSERT INTO evidence SELECT generate_series(1, 3)',
    );

    await container('db').kill();
    ledger.injected('docker kill');
    const db = row('db');
    await db
      .getByText(
        'Stopped from outside STATUS (docker kill or another tool) — Docker does not restart a service stopped this way.',
      )
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'engine-faults-killed');
    expect(await shownState('db')).toBe('exited');
    // Docker's restart policy left it down (a kill counts as a manual stop).
    expect((await container('db').inspect()).State.Status).toBe('exited');

    await db.getByRole('button', { name: 'Start db again' }).click();
    await until(
      () => shownState('db'),
      (s) => s === 'running',
      'db running again in the console',
    );
    // What happened stays said: no longer as a stopped service's note, as a past event.
    await db.getByText(/Stopped from outside STATUS at \d\d:\d\d:\d\d, then started again\./).waitFor();
    expect(await db.textContent()).not.toContain('Docker does not restart');
    const rows = await until(
      () => psql('SELECT count(*) FROM evidence'),
      (v) => v === '3',
      '3 rows after',
    );
    expect(rows).toBe('3');
    ledger.survived('docker kill', 3 - Number(rows));
  });

  it('with "Start a service again when something outside STATUS kills it" on, the launcher starts it by itself', async () => {
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const toggle = page.getByRole('checkbox', {
      name: /Start a service again when something outside STATUS kills it/,
    });
    // Checked once the launcher saved it (the console shows the saved settings).
    await toggle.click();
    await until(
      () => toggle.isChecked(),
      (checked) => checked,
      'the checkbox checked',
    );
    await until(
      async () => (await launcher.settings()).restartKilled,
      (on) => on,
      'the setting saved',
    );
    await page.getByRole('button', { name: 'Overview', exact: true }).click();

    const ended = endedTasks(launcher);
    const before = (await container('app').inspect()).State.StartedAt;
    await container('app').kill();
    ledger.injected('docker kill, started again by the launcher');
    const after = await until(
      async () => (await container('app').inspect()).State,
      (s) => s.Running && s.StartedAt !== before,
      'app started again by the launcher',
    );
    expect(after.Status).toBe('running');
    await until(
      () => shownState('app'),
      (s) => s === 'running',
      'app running in the console',
    );
    // The row still says what happened (the launcher's start is a new run, with no exit to tell).
    await row('app')
      .getByText(/Stopped from outside STATUS at \d\d:\d\d:\d\d, then started again\./)
      .waitFor({ timeout: 10_000 });
    // The start was a task of its own, as if the operator had pressed Start again.
    await until(
      async () => ended.filter((e) => e.task.kind === 'start' && e.task.services.includes('app')),
      (starts) => starts.length === 1 && starts[0]!.ok,
      'one start task of app, succeeded',
    );
    ledger.survived('docker kill, started again by the launcher');
  });

  it('a crash inside is restarted by Docker’s policy and shown as such, with its count', async () => {
    const crash = await execInContainer(
      container('app'),
      ['node', '-e', "process.kill(1,'SIGUSR2')"],
      15_000,
    );
    // 0 if the exec ended first; 137 if PID 1 died first (the kernel then kills the rest of the
    // container, this exec too). Either way the signal was sent: the restart count below proves it.
    expect([0, 137], crash.output).toContain(crash.exitCode);
    ledger.injected('a crash inside');
    await until(
      async () => (await container('app').inspect()).RestartCount,
      (count) => count === 1,
      'Docker to restart app once',
    );
    const app = row('app');
    await app.getByText('It crashed and Docker restarted it (once).').waitFor({ timeout: 30_000 });
    await until(
      () => shownState('app'),
      (state) => state === 'running',
      'app running after its restart',
    );
    await screenshot(page, 'engine-faults-crashed');
    ledger.survived('a crash inside');
  });
});

describe('the console while the engine restarts (a second dockerd of this test)', () => {
  let engine: SecondDockerd;
  let home: string;
  let launcher: Launcher;
  let server: RunningServer;

  beforeAll(async () => {
    engine = await startSecondDockerd({ images: [testImageTag('base')] });
    home = await mkdtemp(path.join(tmpdir(), 'st-engine-restart-'));
    await saveSettings({ projectName: `st-engine-${Math.random().toString(36).slice(2, 8)}` }, home);
    const file = path.join(home, 'compose.yaml');
    await writeFile(file, ENGINE_COMPOSE);
    ({ launcher, server } = await openLauncher(home, { ...process.env, DOCKER_HOST: engine.host }, file));
    await upAndWait(launcher);
  }, 300_000);

  afterAll(async () => {
    await launcher?.close();
    await server?.close();
    await engine?.remove();
    if (home) await rm(home, { recursive: true, force: true });
  }, 120_000);

  it('says the engine went away, greys the last known states and disables commands, then reconnects and says when it was away', async () => {
    await until(
      () => shownState('app'),
      (s) => s === 'running',
      'app running',
    );

    await engine.stop();
    ledger.injected('the engine stopped and started');
    await page.getByText(/The container engine went away at \d\d:\d\d:\d\d/).waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('table.services').getAttribute('class')).toContain('stale');
    for (const name of ['Start', 'Stop', 'Restart']) {
      expect(await page.getByRole('button', { name, exact: true }).isDisabled(), name).toBe(true);
    }
    // The row's commands too (the engine's shutdown may have stopped it: Start, or Stop and Restart).
    const commands = row('app').getByRole('button', { name: /^(Start|Stop|Restart) app/ });
    expect(await commands.count()).toBeGreaterThan(0);
    for (const button of await commands.all()) expect(await button.isDisabled()).toBe(true);
    await screenshot(page, 'engine-faults-engine-gone');

    await engine.start();
    await page
      .getByText(/The container engine was away from \d\d:\d\d:\d\d to \d\d:\d\d:\d\d/)
      .waitFor({ timeout: 60_000 });
    expect(await page.locator('table.services').getAttribute('class')).not.toContain('stale');
    // The engine's shutdown stopped it; its restart policy brought it back.
    await until(
      () => shownState('app'),
      (s) => s === 'running',
      'app running again',
    );
    expect(await page.getByRole('button', { name: 'Stop app', exact: true }).isEnabled()).toBe(true);
    ledger.survived('the engine stopped and started');
  });
});
