// A remote engine, for real: a second dockerd of this test listening on tcp://127.0.0.1:<free port>
// with --tlsverify and certificates made here with openssl. The launcher tests it (version and
// resources; a wrong CA refused with the words that say so), then the console switches to it in
// Settings → Engine and names it in the header and on the overview, and the whole platform
// (stack/compose.yaml, the test images) comes up there — and not on the machine's own engine —
// with every service healthy in the console and STATUS answering through the proxy.
//
// The remote engine has no registry to pull from: the images are copied in first (as an operator
// would with `images save` / `images load`). Grafana, MongoDB and the Governify services are the
// HTTP stand-in; PostgreSQL, Redis, nginx, Node-RED, the backend and frontend are real.
import path from 'node:path';
import Docker from 'dockerode';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EngineChoice } from '../../src/api/contract.js';
import {
  makeCertificates,
  removeTempDirs,
  type Certificates,
} from '../../src/engine/discovery/test-support.js';
import { createLauncher, type Launcher } from '../../src/launcher/launcher.js';
import { writeLauncherState } from '../../src/launcher/setup-state.js';
import type { RunningServer } from '../../src/server/server.js';
import { startSecondDockerd, type SecondDockerd } from '../engine/second-dockerd.js';
import { freePort } from '../free-port.js';
import { createTestStack, type TestStack } from '../stack-fixture.js';
import { ensureConsoleBuilt, launchChromium, openConsole, screenshot, serveConsole } from './harness.js';
import {
  platformImages,
  projectContainers,
  startFromConsole,
  untilSettled,
  type PlatformImages,
} from './remote-platform.js';

let browser: Browser;
let page: Page;
let certs: Certificates;
let strangers: Certificates;
let engine: SecondDockerd;
let port: number;
let fixture: TestStack;
/** The platform's services and images (built on the machine's engine, copied to the remote one). */
let platform: PlatformImages;
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
  fixture = await createTestStack('st-remote');
  platform = await platformImages(fixture);
  certs = makeCertificates();
  strangers = makeCertificates();
  const serverCert = path.join(certs.clientDir, 'server-cert.pem');
  const serverKey = path.join(certs.clientDir, 'server-key.pem');
  port = await freePort();
  engine = await startSecondDockerd({
    images: platform.images,
    extraArgs: [
      `--host=tcp://127.0.0.1:${port}`,
      '--tlsverify',
      `--tlscacert=${path.join(certs.clientDir, 'ca.pem')}`,
      `--tlscert=${serverCert}`,
      `--tlskey=${serverKey}`,
    ],
  });
  await writeLauncherState(fixture.home, { setupDone: true });
  // The machine's own engine is the default: the remote one is only reached once chosen.
  launcher = await createLauncher({
    home: fixture.home,
    env: fixture.env,
    statusPollMs: 1000,
    onWarning: () => {},
  });
  server = await serveConsole(launcher);
  browser = await launchChromium();
  ({ page } = await openConsole(browser, server));
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await launcher?.close();
  await server?.close();
  await engine?.remove();
  // The platform was on the remote engine (removed above): this deletes the settings folder.
  await fixture?.cleanup();
  removeTempDirs();
}, 120_000);

afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail' || !page) return;
  await screenshot(page, `failed-${task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => {});
});

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

    // Start, as the operator would: the whole platform, on the remote engine.
    await startFromConsole(page, launcher);

    // Every service of stack/compose.yaml is there and healthy, and nothing is on the local engine.
    const there = await projectContainers(engine.docker, fixture.projectName);
    expect(there.map((c) => c.split(':')[0])).toEqual(platform.services);
    expect(there.every((c) => c.endsWith(':running'))).toBe(true);
    expect(await projectContainers(new Docker(), fixture.projectName)).toEqual([]);
    // Up waits for what STATUS needs; the rest (Node-RED's flows loading) may still be starting.
    await untilSettled(launcher);
    const status = await launcher.status();
    expect(status.driving?.name).toBe('remote-1');
    expect(Object.keys(status.services).sort()).toEqual(platform.services);

    // The console shows each of them, with the engine it drives.
    for (const service of Object.keys(status.services)) {
      await page
        .locator(
          `table.services tbody tr[data-service="${service}"] .badge[data-state="${status.services[service]!.state}"]`,
        )
        .waitFor({ timeout: 30_000 });
    }
    await page.locator('main').getByText(driving).waitFor({ timeout: 10_000 });
    await screenshot(page, 'remote-engine-overview');

    // STATUS answers through the reverse proxy the remote engine published (here on 127.0.0.1).
    const health = await fetch(`http://127.0.0.1:${fixture.ports.http}/backend/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ services: { postgres: 'up', redis: 'up', nodered: 'up' } });

    // The setup page's diagnosis is of the chosen engine too.
    expect(await launcher.diagnose()).toMatchObject({
      ok: true,
      source: 'settings',
      endpoint: `tcp://127.0.0.1:${port}`,
    });

    const down = await launcher.down();
    await launcher.whenTaskDone(down.id);
    expect(await projectContainers(engine.docker, fixture.projectName)).toEqual([]);
  }, 900_000);

  it('back to the default engine: the console names it again', async () => {
    await launcher.useEngine({ kind: 'default' });
    await page
      .locator('header.topbar')
      .getByText(/^Driving: default \(unix:\/\//)
      .waitFor({ timeout: 30_000 });
    expect((await launcher.status()).driving?.name).toBe('default');
  });
});
