// A remote engine, for real: a second dockerd of this test listening on tcp://127.0.0.1:<free port>
// with --tlsverify and certificates made here with openssl. The launcher tests it (version and
// resources; a wrong CA refused with the words that say so), then the console switches to it in
// Settings → Engine, names it in the header and on the overview, and a small stack of the test
// images comes up there (and not on the machine's own engine).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EngineChoice, TaskEvent } from '../../src/api/contract.js';
import {
  makeCertificates,
  removeTempDirs,
  type Certificates,
} from '../../src/engine/discovery/test-support.js';
import { saveSettings } from '../../src/engine/settings/index.js';
import { createLauncher, type Launcher } from '../../src/launcher/launcher.js';
import { writeLauncherState } from '../../src/launcher/setup-state.js';
import type { RunningServer } from '../../src/server/server.js';
import { startSecondDockerd, type SecondDockerd } from '../engine/second-dockerd.js';
import { freePort } from '../free-port.js';
import { testImageTag } from '../images/build-images.js';
import { ensureConsoleBuilt, launchChromium, openConsole, screenshot, serveConsole } from './harness.js';

/** Two small services of the test images: enough to see a stack come up on the remote engine. */
const REMOTE_COMPOSE = `
services:
  app:
    image: ${testImageTag('base')}
    command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]
    stop_grace_period: 1s
  worker:
    image: ${testImageTag('base')}
    command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]
    stop_grace_period: 1s
    depends_on: [app]
`;

let browser: Browser;
let page: Page;
let certs: Certificates;
let strangers: Certificates;
let engine: SecondDockerd;
let port: number;
let home: string;
let projectName: string;
let launcher: Launcher;
let server: RunningServer;

const files = (dir: string, caDir = dir) => ({
  ca: path.join(caDir, 'ca.pem'),
  cert: path.join(dir, 'cert.pem'),
  key: path.join(dir, 'key.pem'),
});
const remote = (tls = files(certs.clientDir)): EngineChoice => ({
  kind: 'tcp',
  host: `tcp://127.0.0.1:${port}`,
  name: 'remote-1',
  tls,
});

beforeAll(async () => {
  await ensureConsoleBuilt((line) => process.stderr.write(`[remote engine] ${line}\n`));
  certs = makeCertificates();
  strangers = makeCertificates();
  const serverCert = path.join(certs.clientDir, 'server-cert.pem');
  const serverKey = path.join(certs.clientDir, 'server-key.pem');
  port = await freePort();
  engine = await startSecondDockerd({
    images: [testImageTag('base')],
    extraArgs: [
      `--host=tcp://127.0.0.1:${port}`,
      '--tlsverify',
      `--tlscacert=${path.join(certs.clientDir, 'ca.pem')}`,
      `--tlscert=${serverCert}`,
      `--tlskey=${serverKey}`,
    ],
  });
  home = await mkdtemp(path.join(tmpdir(), 'st-remote-engine-'));
  projectName = `st-remote-${Math.random().toString(36).slice(2, 8)}`;
  await saveSettings({ projectName }, home);
  await writeLauncherState(home, { setupDone: true });
  const composeFile = path.join(home, 'compose.yaml');
  await writeFile(composeFile, REMOTE_COMPOSE);
  // The machine's own engine is the default: the remote one is only reached once chosen.
  launcher = await createLauncher({ home, composeFile, statusPollMs: 1000, onWarning: () => {} });
  server = await serveConsole(launcher);
  browser = await launchChromium();
  ({ page } = await openConsole(browser, server));
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await launcher?.close();
  await server?.close();
  await engine?.remove();
  if (home) await rm(home, { recursive: true, force: true });
  removeTempDirs();
}, 120_000);

afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail' || !page) return;
  await screenshot(page, `failed-${task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => {});
});

/** Containers of the test's project on an engine. */
async function projectContainers(docker: Docker): Promise<string[]> {
  const list = await docker.listContainers({
    all: true,
    filters: { label: [`com.docker.compose.project=${projectName}`] },
  });
  return list.map((c) => `${c.Labels['com.docker.compose.service']}:${c.State}`).sort();
}

describe('a remote engine over TCP with TLS (a second dockerd, certificates made by the test)', () => {
  it('testEngine: the version, API, OS/arch and resources of the remote engine', async () => {
    const result = await launcher.testEngine(remote());
    expect(result.problem).toBeUndefined();
    expect(result).toMatchObject({ ok: true, name: 'remote-1', endpoint: `tcp://127.0.0.1:${port}` });
    expect(result.version!.os).toBe('linux');
    expect(result.resources!.cpus).toBeGreaterThan(0);
    expect(result.resources!.swarmManager).toBe(false);
  });

  it('testEngine with a CA that did not sign the engine certificate: refused, "wrong CA"', async () => {
    const result = await launcher.testEngine(remote(files(certs.clientDir, strangers.clientDir)));
    expect(result.ok).toBe(false);
    expect(result.problem!.message).toContain('wrong CA');
    expect(result.problem!.hint).toContain('--tlscacert');
    // And useEngine refuses it, keeping the engine it has.
    await expect(launcher.useEngine(remote(files(certs.clientDir, strangers.clientDir)))).rejects.toThrow(
      /STATUS Desktop stays on its engine/,
    );
    expect((await launcher.engines()).chosen).toEqual({ kind: 'default' });
  });

  it('the console switches to it in Settings → Engine and names it; the stack comes up there', async () => {
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const section = page.getByRole('region', { name: 'Engine', exact: true });
    await section.getByText(/^Driving: default \(unix:\/\//).waitFor({ timeout: 30_000 });
    await section.getByRole('radio', { name: 'Another engine, by address' }).check();
    await section.getByRole('textbox', { name: 'Address' }).fill(`tcp://127.0.0.1:${port}`);
    await section.getByRole('textbox', { name: 'Name shown in the console (optional)' }).fill('remote-1');
    const tls = files(certs.clientDir);
    await section.getByRole('textbox', { name: 'CA certificate (ca.pem)' }).fill(tls.ca);
    await section.getByRole('textbox', { name: 'Client certificate (cert.pem)' }).fill(tls.cert);
    await section.getByRole('textbox', { name: 'Client key (key.pem)' }).fill(tls.key);
    await section.getByRole('button', { name: 'Test' }).click();
    await section
      .getByText(/^remote-1 answers: Docker \S+ \(API 1\.\d+\), linux\//)
      .waitFor({ timeout: 30_000 });
    await section.getByRole('button', { name: 'Use this engine' }).click();
    await section.getByText('Now driving remote-1.').waitFor({ timeout: 30_000 });
    expect((await launcher.engines()).chosen).toEqual(remote());

    // The header says which engine is driven, from the status stream.
    const driving = new RegExp(`^Driving: remote-1 \\(tcp://127\\.0\\.0\\.1:${port}, Docker \\S+\\)$`);
    await page.locator('header.topbar').getByText(driving).waitFor({ timeout: 30_000 });
    await screenshot(page, 'remote-engine-settings');

    const ended: Array<Extract<TaskEvent, { type: 'task-end' }>> = [];
    launcher.onTask((event) => {
      if (event.type === 'task-end') ended.push(event);
    });
    const task = await launcher.up();
    await launcher.whenTaskDone(task.id);
    const end = ended.find((e) => e.task.id === task.id);
    expect(end?.ok, JSON.stringify(end?.error)).toBe(true);
    expect(await projectContainers(engine.docker)).toEqual(['app:running', 'worker:running']);
    expect(await projectContainers(new Docker())).toEqual([]);

    await page.getByRole('button', { name: 'Overview', exact: true }).click();
    await page
      .locator('table.services tbody tr[data-service="worker"] .badge[data-state="running"]')
      .waitFor({
        timeout: 30_000,
      });
    await page.locator('main').getByText(driving).waitFor({ timeout: 10_000 });
    await screenshot(page, 'remote-engine-overview');

    // The setup page's diagnosis is of the chosen engine too.
    expect(await launcher.diagnose()).toMatchObject({
      ok: true,
      source: 'settings',
      endpoint: `tcp://127.0.0.1:${port}`,
    });

    const down = await launcher.down();
    await launcher.whenTaskDone(down.id);
    expect(await projectContainers(engine.docker)).toEqual([]);
  });

  it('back to the default engine: the console names it again', async () => {
    await launcher.useEngine({ kind: 'default' });
    await page
      .locator('header.topbar')
      .getByText(/^Driving: default \(unix:\/\//)
      .waitFor({ timeout: 30_000 });
    expect((await launcher.status()).driving?.name).toBe('default');
  });
});
