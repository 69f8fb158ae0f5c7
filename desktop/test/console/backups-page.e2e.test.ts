// The Backups page in Chromium, through `serve`, against the bench's in-memory launcher with a
// backup that reports its parts and then lists its file (no engine: the backup itself is proven in
// src/launcher/backups.e2e.test.ts). Checks what jsdom can't: the built bundle, the real transport
// (HTTP + WebSocket) carrying backup progress, the dialog in a real browser.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupsOverview, TaskEvent, TaskInfo } from '../../src/api/contract.js';
import type { RunningServer } from '../../src/server/server.js';
import { createBenchLauncher, type BenchLauncher } from './bench-launcher.js';
import { ensureConsoleBuilt, launchChromium, openConsole, screenshot, serveConsole } from './harness.js';

const NAME = 'status-status-20261203T153904Z.statusbackup';

/** The bench launcher with backups: a backup task sends two parts and the file, then ends. */
function withBackups(bench: BenchLauncher): BenchLauncher & { backupCalls: unknown[] } {
  const listeners = new Set<(event: TaskEvent) => void>();
  const emit = (event: TaskEvent) => listeners.forEach((l) => l(event));
  let overview: BackupsOverview = { folder: '/srv/status/backups', backups: [], schedule: {} };
  const backupCalls: unknown[] = [];
  return {
    ...bench,
    backupCalls,
    backups: async () => overview,
    onTask(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async backup(request) {
      backupCalls.push(request);
      const task: TaskInfo = {
        id: 'b1',
        kind: 'backup',
        services: [],
        startedAt: Date.now(),
        state: 'running',
      };
      setTimeout(() => {
        emit({ task, type: 'task-start' });
        for (const part of ['postgres/statusdb.pgdump', 'volumes/nodered-data.tar.gz'])
          emit({
            task,
            type: 'progress',
            event: { type: 'backup-part', part, phase: 'captured', bytes: 3_000_000, message: part },
          });
        emit({
          task,
          type: 'progress',
          event: {
            type: 'backup-file',
            file: `/srv/status/backups/${NAME}`,
            phase: 'written',
            bytes: 6_100_000,
          },
        });
        overview = {
          ...overview,
          backups: [
            {
              name: NAME,
              size: 6_100_000,
              modifiedAt: Date.now(),
              scheduled: false,
              manifest: {
                project: 'status',
                createdAt: new Date().toISOString(),
                desktopVersion: '0.1.0',
                schemaVersion: 14,
                secrets: false,
              },
            },
          ],
        };
        emit({ task, type: 'task-end', ok: true });
      }, 200);
      return task;
    },
  };
}

let launcher: ReturnType<typeof withBackups>;
let server: RunningServer;
let browser: Browser;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  await ensureConsoleBuilt((line) => process.stderr.write(`[backups page] ${line}\n`));
  launcher = withBackups(createBenchLauncher());
  server = await serveConsole(launcher);
  browser = await launchChromium();
  ({ page, errors: pageErrors } = await openConsole(browser, server));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  launcher?.close();
});

describe('the Backups page in Chromium (in-memory launcher)', () => {
  it('backs up with each part shown, lists the file, and asks before a restore', async () => {
    await page.getByRole('button', { name: 'Backups' }).click();
    await page.getByText('No backups yet').waitFor();
    await page.getByText('/srv/status/backups').waitFor();

    await page.getByRole('button', { name: 'Back up now' }).click();
    await page.getByText('The backup is done and listed below.').waitFor();
    const parts = page.getByRole('list', { name: 'Parts of the backup' });
    expect(await parts.textContent()).toContain('volumes/nodered-data.tar.gz');
    expect(await page.getByText('Backup file written: 6.1 MB').count()).toBe(1);
    expect(launcher.backupCalls).toEqual([{}]);

    const row = page.locator(`tr[data-backup="${NAME}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('6.1 MB');
    await row.getByRole('button', { name: /^Restore the backup of/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('what was running starts again');
    await screenshot(page, 'backups-restore-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await screenshot(page, 'backups-page');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
