// The admin console in Chromium, served by `status-desktop serve`'s server over the real launcher
// and engine, with the local test images (Grafana, MongoDB and the Governify services are HTTP
// stand-ins, see test/images/standin). One stack, one page, ordered steps: first-run setup, a port
// conflict at Start, Start to all-healthy, logs (search, download), one service stopped and started.
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/server.js';
import { createLauncher, type Launcher } from '../../src/launcher/launcher.js';
import { createTestStack, type TestStack } from '../stack-fixture.js';
import { STACK_SERVICES } from '../stack-services.js';
import { ensureConsoleBuilt, launchChromium, openConsole, screenshot, serveConsole } from './harness.js';

let fixture: TestStack;
let launcher: Launcher;
let server: RunningServer;
let browser: Browser;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  await ensureConsoleBuilt((line) => process.stderr.write(`[console e2e] ${line}\n`));
  fixture = await createTestStack('st-console');
  launcher = await createLauncher({ home: fixture.home, env: fixture.env, statusPollMs: 1000 });
  server = await serveConsole(launcher);
  browser = await launchChromium();
  ({ page, errors: pageErrors } = await openConsole(browser, server));
}, 300_000);

// What the page showed when a step failed, next to the other screenshots.
afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail' || !page) return;
  await screenshot(page, `failed-${task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => {});
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await launcher?.close();
  // Only this run's project: its containers, network and volumes.
  await fixture?.cleanup();
}, 300_000);

/** Every service row's state as the overview table shows it (data-state of its badge). */
function shownStates(): Promise<Record<string, string>> {
  return page.$$eval('table.services tbody tr[data-service]', (rows) =>
    Object.fromEntries(
      rows.map((row) => [
        row.getAttribute('data-service') ?? '',
        row.querySelector('td .badge[data-state]')?.getAttribute('data-state') ?? '',
      ]),
    ),
  );
}

/** Polls the page until `check` holds, or fails after `ms` saying what it last saw. */
async function until<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  what: string,
  ms: number,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: T = await read();
  while (!check(last)) {
    if (Date.now() > deadline)
      throw new Error(`the console never showed ${what}; last: ${JSON.stringify(last)}`);
    await page.waitForTimeout(500);
    last = await read();
  }
  return last;
}

/** The text of a failed task's error on screen, if any. */
async function taskFailure(): Promise<string | undefined> {
  const alerts = await page.locator('section.task.task-failed [role=alert]').allTextContents();
  return alerts.length ? alerts.join('\n') : undefined;
}

async function heading(name: string, level = 1): Promise<void> {
  await page.getByRole('heading', { level, name, exact: true }).waitFor({ timeout: 30_000 });
}

function row(service: string) {
  return page.locator(`table.services tbody tr[data-service="${service}"]`);
}

function listen(port: number): Promise<net.Server> {
  const blocker = net.createServer();
  return new Promise((resolve, reject) => {
    blocker.once('error', reject);
    blocker.listen(port, '127.0.0.1', () => resolve(blocker));
  });
}

describe('the admin console in Chromium on the real engine (grafana, mongo, registry, director: stand-ins)', () => {
  it('first-run setup: engine found, ports free, secrets and the admin account, integrations skipped', async () => {
    await heading('Set up STATUS');
    await page.getByText(/is ready at/).waitFor({ timeout: 30_000 });
    await screenshot(page, 'setup');
    await page.getByRole('button', { name: 'Continue', exact: true }).click();

    await heading('Ports', 2);
    await page.getByText('Every port the platform needs is free.').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Continue', exact: true }).click();

    await heading('Admin account', 2);
    expect(await page.getByLabel('Username').inputValue()).toBe('admin');
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await heading('Admin account ready', 2);
    const password = (await page.getByTestId('admin-password').textContent()) ?? '';
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(await launcher.adminCredentials()).toEqual({ username: 'admin', password });
    expect((await launcher.secretsState()).generated).toBe(true);
    await page.getByRole('button', { name: 'Continue', exact: true }).click();

    await heading('Integrations (optional)', 2);
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await heading('Start STATUS', 2);
    await page.getByRole('button', { name: 'Start STATUS', exact: true }).waitFor();
    expect((await launcher.setupState()).done).toBe(true);
  });

  it('a port conflict at Start is the clear PORT_IN_USE error: the port and what to change', async () => {
    const port = fixture.ports.http;
    const blocker = await listen(port);
    try {
      await page.getByRole('button', { name: 'Start STATUS', exact: true }).click();
      await heading('Overview');
      const failed = page.locator('section.task.task-failed');
      await failed.waitFor({ timeout: 60_000 });
      const alert = failed.getByRole('alert');
      const text = (await alert.textContent()) ?? '';
      expect(text).toContain(String(port));
      expect(text).toContain('What to do:');
      expect(text).toContain('STATUS_HTTP_PORT');
      // Nothing was started.
      expect(Object.values(await shownStates()).every((state) => state === 'missing')).toBe(true);
      await failed.getByRole('button', { name: 'Dismiss' }).click();
      await failed.waitFor({ state: 'detached' });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 120_000);

  it('Start: progress per service, then every service healthy on screen', async () => {
    await page
      .getByRole('group', { name: 'Platform actions' })
      .getByRole('button', { name: 'Start', exact: true })
      .click();
    const task = page.locator('section.task', { hasText: 'Starting the platform' });
    await task.locator('ul.phases li[data-service]').first().waitFor({ timeout: 600_000 });

    // Builds status-backend and status-frontend first when their sources changed. A failed start
    // ends the wait at once, with the reason the console shows.
    const seen = await until(
      async () => ({ states: await shownStates(), failure: await taskFailure() }),
      ({ states, failure }) => !!failure || STACK_SERVICES.every((service) => states[service] === 'healthy'),
      'every service healthy',
      900_000,
    );
    if (seen.failure) throw new Error(`the console shows the start failed: ${seen.failure}`);
    await task.and(page.locator('.task-ok')).waitFor({ timeout: 60_000 });
    const phased = await task
      .locator('ul.phases li[data-service]')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-service')));
    expect([...phased].sort()).toEqual([...STACK_SERVICES].sort());
    expect(await page.locator('header.page-header .badge[data-state]').getAttribute('data-state')).toBe(
      'running',
    );
    // The finished start's card stays until dismissed; without it the whole table fits the shot.
    await task.getByRole('button', { name: 'Dismiss' }).click();
    await task.waitFor({ state: 'detached' });
    await heading('Overview');
    await screenshot(page, 'overview');
  }, 1_000_000);

  it('logs of postgres: search highlights the word, download holds the lines', async () => {
    await row('postgres').getByRole('button', { name: 'Logs of postgres' }).click();
    await heading('Logs');
    await page.locator('.log-line').first().waitFor({ timeout: 30_000 });

    const search = page.getByRole('searchbox', { name: 'Search logs' });
    await search.fill('accept connections');
    const counter = page.locator('.search [role=status]');
    await until(
      async () => (await counter.textContent()) ?? '',
      (text) => /of [1-9]\d* matching lines/.test(text),
      'a matching line',
      30_000,
    );
    await search.press('Enter');
    const mark = page.locator('.log-line.current-match mark').first();
    await mark.waitFor({ timeout: 10_000 });
    expect((await mark.textContent())?.toLowerCase()).toBe('accept connections');
    await screenshot(page, 'logs');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^postgres-.*\.log$/);
    const lines = (await readFile(await download.path(), 'utf8')).split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.some((line) => line.includes('ready to accept connections'))).toBe(true);
  }, 120_000);

  it('stops the Grafana stand-in from its row, shows it stopped, and starts it again', async () => {
    await page.getByRole('button', { name: 'Overview' }).click();
    await heading('Overview');
    await row('grafana').getByRole('button', { name: 'Stop grafana' }).click();
    await until(shownStates, (s) => s.grafana === 'exited', 'grafana stopped', 60_000);
    expect(await row('grafana').locator('td .badge[data-state]').textContent()).toContain('Stopped');
    const others = await shownStates();
    expect(STACK_SERVICES.filter((s) => s !== 'grafana').every((s) => others[s] === 'healthy')).toBe(true);

    await row('grafana').getByRole('button', { name: 'Start grafana' }).click();
    await until(shownStates, (s) => s.grafana === 'healthy', 'grafana healthy again', 120_000);
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
