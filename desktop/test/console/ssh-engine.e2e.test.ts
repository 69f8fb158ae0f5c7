// A server over SSH, for real: a network namespace with its own loopback (another computer, as far
// as ports go), a Docker engine and OpenSSH's sshd in it (test/engine/ssh-machine.ts). The operator
// adds ssh://root@<server> in Settings → Engine (their key and known_hosts in ~/.ssh), tests it,
// uses it, and presses Start: the whole platform comes up on the server, its ports on the server's
// own 127.0.0.1, out of this computer's reach — and the launcher forwards the reverse proxy's port
// over its SSH login, so STATUS opens here at http://localhost:<port>/ with no terminal. Stop closes
// the forward.
//
// Grafana, MongoDB and the Governify services are the HTTP stand-in; PostgreSQL, Redis, nginx,
// Node-RED, the backend and the frontend are real. The images are copied to the server first (it has
// no registry).
import Docker from 'dockerode';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLauncher, type Launcher } from '../../src/launcher/launcher.js';
import { writeLauncherState } from '../../src/launcher/setup-state.js';
import type { RunningServer } from '../../src/server/server.js';
import { startSshMachine, type SshMachine } from '../engine/ssh-machine.js';
import { createTestStack, type TestStack } from '../stack-fixture.js';
import { ensureConsoleBuilt, launchChromium, openConsole, screenshot, serveConsole } from './harness.js';
import {
  platformImages,
  projectContainers,
  startFromConsole,
  until,
  untilSettled,
  type PlatformImages,
} from './remote-platform.js';

let browser: Browser;
let page: Page;
let server: SshMachine;
let fixture: TestStack;
let platform: PlatformImages;
let launcher: Launcher;
let console_: RunningServer;

async function answers(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(5000) }).then(
    () => true,
    () => false,
  );
}

beforeAll(async () => {
  await ensureConsoleBuilt((line) => process.stderr.write(`[ssh engine] ${line}\n`));
  fixture = await createTestStack('st-ssh');
  platform = await platformImages(fixture);
  server = await startSshMachine(platform.images);
  await writeLauncherState(fixture.home, { setupDone: true });
  // No agent: the key in the operator's ~/.ssh is the one used.
  const env = { ...fixture.env };
  delete env.SSH_AUTH_SOCK;
  delete env.DOCKER_HOST;
  launcher = await createLauncher({
    home: fixture.home,
    env,
    homeDir: server.homeDir,
    statusPollMs: 1000,
    onWarning: () => {},
  });
  console_ = await serveConsole(launcher);
  browser = await launchChromium();
  ({ page } = await openConsole(browser, console_));
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await launcher?.close();
  await console_?.close();
  await server?.remove();
  // The platform was on the server (removed above): this deletes the settings folder.
  await fixture?.cleanup();
}, 120_000);

afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  if (page) await screenshot(page, `failed-${task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => {});
  process.stderr.write(`[ssh engine] sshd's log:\n${(await server?.sshdLog())?.slice(-4000)}\n`);
});

describe('a server over SSH (OpenSSH and Docker in a network namespace of their own)', () => {
  it('Settings → Engine: tested and used over the operator’s key, checked against known_hosts', async () => {
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const section = page.getByRole('region', { name: 'Engine', exact: true });
    await section.getByText(/^Driving: default \(unix:\/\//).waitFor({ timeout: 30_000 });
    await section.getByRole('radio', { name: 'Another engine, by address' }).check();
    await section.getByRole('textbox', { name: 'Address' }).fill(server.endpoint);
    await section.getByRole('textbox', { name: 'Name shown in the console (optional)' }).fill('lab');
    await section.getByRole('button', { name: 'Test' }).click();
    await section.getByText(/^lab answers: Docker \S+ \(API 1\.\d+\), linux\//).waitFor({ timeout: 30_000 });
    await section.getByRole('button', { name: 'Use this engine' }).click();
    await section.getByText('Now driving lab.').waitFor({ timeout: 30_000 });
    expect((await launcher.engines()).chosen).toEqual({ kind: 'ssh', host: server.endpoint, name: 'lab' });
    const driving = new RegExp(`^Driving: lab \\(${server.endpoint.replace(/\./g, '\\.')}, Docker \\S+\\)$`);
    await page.locator('header.topbar').getByText(driving).waitFor({ timeout: 30_000 });
  });

  it('Start: the platform runs on the server, and STATUS opens here through the launcher’s SSH forward', async () => {
    // Never on the machine's own engine: the previous test chose the server.
    expect((await launcher.engines()).chosen.kind).toBe('ssh');
    await startFromConsole(page, launcher);
    const there = await projectContainers(server.engine.docker, fixture.projectName);
    expect(there.map((c) => c.split(':')[0])).toEqual(platform.services);
    expect(await projectContainers(new Docker(), fixture.projectName)).toEqual([]);
    await untilSettled(launcher);

    // The proxy's port is open on the server's loopback — not on this computer's, but for the forward.
    const port = fixture.ports.http;
    expect(await server.listensOnItsLoopback(port)).toBe(true);
    await until(
      'the launcher to forward the proxy’s port',
      async () => {
        const driving = (await launcher.status()).driving;
        return Boolean(driving?.forward);
      },
      60_000,
    );
    const driving = (await launcher.status()).driving!;
    expect(driving.elsewhere).toBe(server.address);
    expect(driving.forward).toEqual({ url: `http://localhost:${port}/` });

    // STATUS answers here, through the SSH forward, from the server's reverse proxy.
    const health = await fetch(`http://localhost:${port}/backend/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ services: { postgres: 'up', redis: 'up', nodered: 'up' } });

    // The overview says where the platform is and how it is reached; the STATUS tab opens it here.
    await page.getByRole('button', { name: 'Overview', exact: true }).click();
    await page
      .locator('main')
      .getByText(
        `The platform runs on ${server.address}; STATUS Desktop forwards it over SSH to http://localhost:${port}/.`,
      )
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'ssh-engine-overview');
    await page.getByRole('button', { name: 'STATUS', exact: true }).click();
    const open = page.getByRole('link', { name: 'Open in a new tab' });
    await open.waitFor({ timeout: 10_000 });
    const [app] = await Promise.all([page.context().waitForEvent('page'), open.click()]);
    await app.waitForLoadState('domcontentloaded');
    expect(app.url().startsWith(`http://localhost:${port}/`), app.url()).toBe(true);
    // The real STATUS frontend, served by the server's proxy over the forward, asks to sign in.
    await app.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: 60_000 });
    await screenshot(app, 'ssh-engine-status-app');
    await app.close();
  }, 900_000);

  it('Stop: the platform is removed from the server and the forward closes', async () => {
    const down = await launcher.down();
    await launcher.whenTaskDone(down.id);
    expect(await projectContainers(server.engine.docker, fixture.projectName)).toEqual([]);
    const port = fixture.ports.http;
    await until('the forward to close', async () => !(await answers(`http://localhost:${port}/`)), 30_000);
    await until(
      'the status to drop the forward',
      async () => !(await launcher.status()).driving?.forward,
      30_000,
    );
  });
});
