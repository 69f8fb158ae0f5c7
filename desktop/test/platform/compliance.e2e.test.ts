// The compliance loop of a fresh install, end to end on the real engine (Grafana, MongoDB and the
// Governify services are stand-ins; PostgreSQL, Redis for Dragonfly, nginx, the backend, the
// frontend and Node-RED — our image with the STATUS nodes and starter flows — are real):
// Start → the backend seeds the Getting started catalog → the scheduler computes its controls
// through the starter flows → a browser signs in through the reverse proxy, opens the catalog,
// runs a control and sees its value and evidence → the scheduler computes it again → /node-red/
// shows the STATUS palette.
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execInContainer } from '../../src/engine/docker/exec.js';
import { findServiceContainer } from '../../src/engine/lifecycle/containers.js';
import { changedServices, shareChoices, sharePatch, stopSharingPatch } from '../../src/engine/sharing.js';
import type { BackupEvent } from '../../src/engine/backup/index.js';
import type { Stack } from '../../src/launcher/stack.js';
import { STACK_PARTS } from '../backup/data-stack.js';
import { launchChromium } from '../console/harness.js';
import { faultLedger } from '../faults/ledger.js';
import { createTestStack, type TestStack } from '../stack-fixture.js';
import { takeSnapshot, type SnapshotSources } from './platform-snapshot.js';
import { makeProbeData, probeCredentials, probeDataFound } from './probe-data.js';

const CATALOG = 'Getting started';
const ledger = faultLedger('platform');
const HEALTH_ENDPOINT = 'getting-started/platform-health';

let fixture: TestStack;
let stack: Stack;
let browser: Browser;
let base: string;
let admin: { username: string; password: string };

beforeAll(async () => {
  fixture = await createTestStack('st-platform');
  stack = await fixture.open();
  const env = await stack.store.stackEnv();
  admin = { username: env.STATUS_ADMIN_USERNAME!, password: env.STATUS_ADMIN_PASSWORD! };
  base = `http://127.0.0.1:${fixture.ports.http}`;
  [browser] = await Promise.all([launchChromium(), stack.up({ onProgress: fixture.record })]);
}, 900_000); // builds status-backend, status-frontend and our Node-RED image on a fresh machine
afterAll(async () => {
  await browser?.close();
  await fixture?.cleanup();
});

async function psql(sql: string): Promise<string> {
  const info = await findServiceContainer(stack.docker, stack.project.name, 'postgres');
  const result = await execInContainer(
    stack.docker.getContainer(info!.Id),
    ['psql', '-U', 'status', '-d', 'statusdb', '-tAF', '|', '-c', sql],
    20_000,
  );
  if (result.exitCode !== 0) throw new Error(`psql failed: ${result.output}`);
  return result.output.trim();
}

/** Polls `probe` until it returns something truthy, or fails after `ms` naming `what` and the last value. */
async function until<T>(what: string, probe: () => Promise<T>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      last = await probe();
      if (last) return last as T;
    } catch (error) {
      last = error instanceof Error ? error.message : error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s (last: ${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

const healthControl = () =>
  psql(`SELECT k.id || '|' || k.name FROM controls k JOIN catalogs c ON c.id = k.catalog_id
        WHERE c.name = '${CATALOG}' AND k.endpoint = '${HEALTH_ENDPOINT}'`);
const computations = async (controlId: string) =>
  Number(await psql(`SELECT count(*) FROM computations WHERE control_id = ${controlId}`));

async function signIn(page: Page): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Username').fill(admin.username);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

describe('compliance out of the box (grafana, mongo, registry, director: stand-ins)', () => {
  it('seeds the Getting started catalog and the scheduler computes its controls through the starter flows', async () => {
    const [id] = (
      await until('the Getting started catalog with its health control', healthControl, 60_000)
    ).split('|');
    // The scheduler's first pass waits for the services started after the API (frontend, proxy).
    await until(
      'a computation of the platform health control',
      async () => (await computations(id!)) > 0,
      120_000,
    );
    const rows = await psql(
      `SELECT k.endpoint || '|' || m.value FROM computations m JOIN controls k ON k.id = m.control_id
       JOIN catalogs c ON c.id = k.catalog_id WHERE c.name = '${CATALOG}' ORDER BY k.endpoint`,
    );
    expect(rows).toContain(`${HEALTH_ENDPOINT}|t`);
    // Offline and without a repository: computed (false, with an evidence saying why), not failed.
    expect(rows).toContain('getting-started/github-pr-reviews|f');
  }, 200_000);

  it('a browser signed in through the reverse proxy runs a control and sees its value and evidence', async () => {
    const [, name] = (await healthControl()).split('|');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await signIn(page);
      await page
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Catalogs' })
        .click();
      await page.getByRole('link', { name: CATALOG }).click();
      await page.getByRole('heading', { level: 1, name: CATALOG }).waitFor();
      await page.getByRole('link', { name: name! }).click();
      await page.getByRole('heading', { level: 1, name: new RegExp(name!) }).waitFor();
      await page.getByRole('button', { name: 'Run now', exact: true }).click();
      await page.getByText('Result of the run: Passed').waitFor();
      const history = page.getByRole('region', { name: 'Computations' });
      await history.getByRole('button', { name: 'Show evidences' }).first().click();
      // One evidence per platform service the backend checks.
      await history.getByText('postgres').first().waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the scheduler computes the control again when its period has passed', async () => {
    const [id] = (await healthControl()).split('|');
    const before = await computations(id!);
    // Move its last run two hours back (HOURLY): due at the scheduler's next pass (every minute).
    await psql(`UPDATE controls SET last_run_at = last_run_at - interval '2 hours' WHERE id = ${id}`);
    await until('a new scheduled computation', async () => (await computations(id!)) > before, 90_000);
    // Exactly one more: the period is claimed once.
    expect(await computations(id!)).toBe(before + 1);
  }, 120_000);

  it('/node-red/ opens the editor with the STATUS palette', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    try {
      await page.goto(`${base}/node-red/`);
      await page.locator('#node-dialog-login-username').fill(admin.username);
      await page.locator('#node-dialog-login-password').fill(admin.password);
      await page.getByRole('button', { name: 'Login' }).click();
      await page.locator('.red-ui-palette-header', { hasText: 'STATUS' }).first().waitFor();
      await page
        .locator('.red-ui-palette-node[data-palette-type="status-control-result"]')
        .waitFor({ state: 'attached' });
      // The starter flows are there on first start.
      await page.getByText('Getting started', { exact: false }).first().waitFor();
    } finally {
      await context.close();
    }
  });
});

/** Signs in through the reverse proxy's /backend/ (as the frontend does): the Cookie header to send. */
async function apiSignIn(who: { username: string; password: string }): Promise<string> {
  const res = await fetch(`${base}/backend/users/signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  });
  if (!res.ok) throw new Error(`API sign-in of ${who.username}: HTTP ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
}

/** The same access token expired a minute ago, signed again with the stack's JWT secret (HS256). */
function expiredCopy(token: string, secret: string): string {
  const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as object;
  const now = Math.floor(Date.now() / 1000);
  const signed = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ ...claims, iat: now - 3600, exp: now - 60 })}`;
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
}

/** GET through the reverse proxy without following redirects. */
const viaProxy = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { headers, redirect: 'manual' });

interface GrafanaUser {
  login: string;
  email: string;
  role: string;
  authProxy: boolean;
}

describe('Grafana behind the reverse proxy: STATUS sign-in is Grafana sign-in (auth proxy)', () => {
  it('passes the signed-in user and the mapped role for each STATUS role; forged headers never reach Grafana; sign-out ends it', async () => {
    // Not signed in: to the STATUS sign-in page, coming back to where the browser was going.
    const anonymous = await viaProxy('/grafana/d/abc?orgId=1');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe('/sign-in?next=/grafana/d/abc?orgId=1');
    // A client that names itself in Grafana's auth-proxy header is refused too.
    const forgedAlone = await viaProxy('/grafana/api/user', {
      'X-WEBAUTH-USER': 'admin',
      'X-WEBAUTH-ROLE': 'Admin',
    });
    expect(forgedAlone.status).toBe(302);
    expect(forgedAlone.headers.get('location')).toMatch(/^\/sign-in\?next=/);

    const adminCookie = await apiSignIn(admin);
    const whoami = (await (await viaProxy('/backend/users/whoami', { cookie: adminCookie })).json()) as {
      email?: string;
    };
    const asAdmin = await viaProxy('/grafana/api/user', { cookie: adminCookie });
    expect(asAdmin.status).toBe(200);
    expect(await asAdmin.json()).toMatchObject({
      login: admin.username,
      email: whoami.email || admin.username,
      role: 'Admin',
      authProxy: true,
    } satisfies Partial<GrafanaUser>);
    // With a session, forged headers are replaced by the session's user.
    const forged = await viaProxy('/grafana/api/user', {
      cookie: adminCookie,
      'X-WEBAUTH-USER': 'mallory',
      'X-WEBAUTH-EMAIL': 'mallory@example.test',
      'X-WEBAUTH-ROLE': 'Viewer',
    });
    expect(await forged.json()).toMatchObject({ login: admin.username, role: 'Admin' });

    // A DEVELOPER and a USER, made through the API as the admin.
    for (const [role, grafanaRole] of [
      ['DEVELOPER', 'Editor'],
      ['USER', 'Viewer'],
    ] as const) {
      const who = { username: `grafana${role.toLowerCase()}`, password: `Pw-${role}-0123456789abc` };
      const res = await fetch(`${base}/backend/users/signUp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: adminCookie },
        body: JSON.stringify({ ...who, email: `${who.username}@example.test`, authority: role }),
      });
      expect(res.status, await res.clone().text()).toBeLessThan(300);
      const cookie = await apiSignIn(who);
      const user = await viaProxy('/grafana/api/user', { cookie });
      expect(await user.json()).toEqual({
        login: who.username,
        email: `${who.username}@example.test`,
        role: grafanaRole,
        isGrafanaAdmin: false,
        authProxy: true,
      });
    }

    // Grafana (the stand-in does not check it) takes the headers only from the proxy's fixed
    // address on grafana-auth: the engine gave the proxy that address, and Grafana whitelists it.
    const net = fixture.env.STATUS_GRAFANA_AUTH_NET!;
    const proxyInfo = await findServiceContainer(stack.docker, stack.project.name, 'reverse-proxy');
    const proxyNets = (await stack.docker.getContainer(proxyInfo!.Id).inspect()).NetworkSettings.Networks;
    expect(proxyNets[`${stack.project.name}_grafana-auth`]?.IPAddress).toBe(`${net}.14`);
    const grafanaInfo = await findServiceContainer(stack.docker, stack.project.name, 'grafana');
    const grafana = await stack.docker.getContainer(grafanaInfo!.Id).inspect();
    expect(grafana.Config.Env).toContain(`GF_AUTH_PROXY_WHITELIST=${net}.14`);
    expect(Object.keys(grafana.NetworkSettings.Networks)).toContain(`${stack.project.name}_grafana-auth`);

    // Sign-out ends the Grafana session: the same cookie no longer opens /grafana/.
    const out = await fetch(`${base}/backend/users/signOut`, {
      method: 'POST',
      headers: { cookie: adminCookie },
    });
    expect(out.status).toBeLessThan(300);
    const after = await viaProxy('/grafana/', { cookie: adminCookie });
    expect(after.status).toBe(302);
    expect(after.headers.get('location')).toBe('/sign-in?next=/grafana/');
  });

  it('an open Grafana page outlives the access cookie: the check renews it from the refresh cookie through the proxy', async () => {
    const jar = Object.fromEntries(
      (await apiSignIn(admin))
        .split('; ')
        .map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)]),
    );
    const expired = expiredCopy(jar.accessToken!, (await stack.store.stackEnv()).STATUS_JWT_SECRET!);
    const accessCookies = (res: Response) =>
      res.headers.getSetCookie().filter((c) => c.startsWith('accessToken='));

    // The expired access token alone is no session.
    const alone = await viaProxy('/grafana/api/user', { cookie: `accessToken=${expired}` });
    expect(alone.status).toBe(302);
    // With the refresh cookie: Grafana gets the user, the browser a new access cookie.
    const renewed = await viaProxy('/grafana/api/user', {
      cookie: `accessToken=${expired}; refreshToken=${jar.refreshToken}`,
    });
    expect(renewed.status).toBe(200);
    expect(await renewed.json()).toMatchObject({
      login: admin.username,
      role: 'Admin',
      isGrafanaAdmin: false,
      authProxy: true,
    } satisfies Partial<GrafanaUser> & { isGrafanaAdmin: boolean });
    const [setCookie, ...more] = accessCookies(renewed);
    expect(more).toEqual([]);
    for (const attribute of [
      /; Max-Age=900(;|$)/,
      /; Path=\/(;|$)/,
      /; HttpOnly(;|$)/,
      /; SameSite=Lax(;|$)/,
    ])
      expect(setCookie).toMatch(attribute);
    const fresh = setCookie!.slice('accessToken='.length, setCookie!.indexOf(';'));
    expect(fresh).not.toBe(expired);
    // …a working access token of the same session for the whole platform, which needs no renewal.
    expect((await viaProxy('/backend/users/whoami', { cookie: `accessToken=${fresh}` })).status).toBe(200);
    const plain = await viaProxy('/grafana/api/user', {
      cookie: `accessToken=${fresh}; refreshToken=${jar.refreshToken}`,
    });
    expect(plain.status).toBe(200);
    expect(accessCookies(plain)).toEqual([]);

    // The browser dropped the access cookie at its Max-Age, and the page fires a burst of requests
    // with the same refresh cookie: every one is answered (the refresh token is not rotated here).
    const burst = await Promise.all(
      Array.from({ length: 12 }, () =>
        viaProxy('/grafana/api/user', { cookie: `refreshToken=${jar.refreshToken}` }),
      ),
    );
    for (const res of burst) {
      expect(res.status).toBe(200);
      expect(accessCookies(res)).toHaveLength(1);
    }
    // The session is intact: a real refresh still works.
    const refreshed = await viaProxy('/backend/users/auth/refresh', {
      cookie: `refreshToken=${jar.refreshToken}`,
    });
    expect(refreshed.status).toBe(200);

    // Grafana's server admin is a login of its own, not the STATUS admin's.
    const grafanaInfo = await findServiceContainer(stack.docker, stack.project.name, 'grafana');
    const env = (await stack.docker.getContainer(grafanaInfo!.Id).inspect()).Config.Env;
    expect(env).toContain('GF_SECURITY_ADMIN_USER=grafana-admin');
    expect(admin.username).not.toBe('grafana-admin');
  });
});

describe('Node-RED behind the reverse proxy: the STATUS session opens the editor (nodeRedToken)', () => {
  /** API sign-in through the proxy: the Cookie header a browser would send to /node-red/. */
  const nodeRedSession = async (who: { username: string; password: string }): Promise<string> => {
    const res = await fetch(`${base}/backend/users/signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(who),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    return res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ');
  };
  const nodeRed = (path: string, cookie?: string, init: RequestInit = {}) =>
    fetch(`${base}/node-red${path}`, {
      ...init,
      headers: { ...(cookie ? { cookie } : {}), ...(init.headers as Record<string, string>) },
    });
  const deploy = (cookie: string) =>
    nodeRed('/flows', cookie, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'node-red-deployment-type': 'reload' },
      body: '[]',
    });

  it('the editor API answers the STATUS session (ADMIN edits, USER reads), refuses without it, and sign-out ends it', async () => {
    expect((await nodeRed('/flows')).status).toBe(401);
    const adminCookie = await nodeRedSession(admin);
    expect(adminCookie).toMatch(/nodeRedToken=/);
    expect((await nodeRed('/flows', adminCookie)).status).toBe(200);
    const settings = (await (await nodeRed('/settings', adminCookie)).json()) as { user?: unknown };
    expect(settings.user).toEqual({ username: admin.username, permissions: '*' });

    const viewer = { username: 'noderedviewer', password: 'Pw-USER-0123456789abcdef' };
    const made = await fetch(`${base}/backend/users/signUp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: adminCookie },
      body: JSON.stringify({ ...viewer, email: 'noderedviewer@example.test', authority: 'USER' }),
    });
    expect(made.status, await made.clone().text()).toBeLessThan(300);
    const viewerCookie = await nodeRedSession(viewer);
    expect((await nodeRed('/flows', viewerCookie)).status).toBe(200);
    expect((await deploy(viewerCookie)).status).toBe(401);

    const out = await fetch(`${base}/backend/users/signOut`, {
      method: 'POST',
      headers: { cookie: viewerCookie },
    });
    expect(out.status).toBeLessThan(300);
    // Node-RED caches an answer for a few seconds.
    await until(
      'Node-RED refuses the signed-out session',
      async () => (await nodeRed('/flows', viewerCookie)).status === 401,
      20_000,
    );
  });

  it('a browser signed in on /sign-in opens /node-red/ without the Node-RED login', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    try {
      await signIn(page);
      await page.goto(`${base}/node-red/`);
      await page.locator('.red-ui-palette-header', { hasText: 'STATUS' }).first().waitFor();
      await page.getByText('Getting started', { exact: false }).first().waitFor();
      expect(await page.locator('#node-dialog-login-username').count()).toBe(0);
      // Node-RED's user menu names the STATUS user.
      await page.locator('#usermenu-item-username').waitFor({ state: 'attached' });
      expect(await page.locator('#usermenu-item-username').textContent()).toContain(admin.username);
    } finally {
      await context.close();
    }
  });
});

describe('self-contained: nothing of this machine is mounted into the stack (issue 15)', () => {
  it('no container bind-mounts a host path; the config files are inside the containers, as in stack/', async () => {
    const containers = await stack.docker.listContainers({
      all: true,
      filters: { label: [`com.docker.compose.project=${stack.project.name}`] },
    });
    expect(containers.length).toBeGreaterThanOrEqual(10);
    for (const info of containers) {
      const inspected = await stack.docker.getContainer(info.Id).inspect();
      const binds = inspected.Mounts.filter((mount) => mount.Type === 'bind').map((mount) => mount.Source);
      expect(binds, info.Names[0]).toEqual([]);
    }
    for (const service of Object.values(stack.project.services)) {
      const info = await findServiceContainer(stack.docker, stack.project.name, service.name);
      for (const ref of service.configs ?? []) {
        const expected = await readFile(stack.project.configs![ref.source]!.file, 'utf8');
        const result = await execInContainer(
          stack.docker.getContainer(info!.Id),
          ['cat', ref.target],
          20_000,
        );
        expect(result.exitCode, `${service.name}:${ref.target}`).toBe(0);
        expect(result.output, `${service.name}:${ref.target}`).toBe(expected);
      }
    }
  });
});

describe('sharing on the network: the host’s own address opens STATUS, Grafana and Node-RED; nothing else leaves 127.0.0.1', () => {
  /** The container id of every service, to tell recreated containers from kept ones. */
  const containerIds = async (s: Stack) =>
    Object.fromEntries(
      await Promise.all(
        s.services.map(
          async (name) => [name, (await findServiceContainer(s.docker, s.project.name, name))?.Id] as const,
        ),
      ),
    );
  const hostIps = async (s: Stack, service: string) => {
    const info = await findServiceContainer(s.docker, s.project.name, service);
    const ports = (await s.docker.getContainer(info!.Id).inspect()).NetworkSettings.Ports ?? {};
    return Object.values(ports).flatMap((bindings) => (bindings ?? []).map((b) => b.HostIp));
  };
  const EXPECTED_RESTART = ['grafana', 'nodered', 'reverse-proxy', 'status-backend'];

  it('shares on this machine’s address, recreates only the services that use it, signs in and opens all three there; stopping reverses it', async () => {
    // This machine's own non-loopback address (the only address besides 127.0.0.1 this test talks to).
    const own = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (!own) {
      throw new Error(
        'This machine has no non-loopback IPv4 address (os.networkInterfaces()): connect it to a network to run the sharing test.',
      );
    }
    const choices = shareChoices();
    expect(choices.addresses.map((a) => a.address)).toContain(own);

    // Share: bind address and public URL in one settings change, then `up` with the stack opened again.
    const before = stack;
    const idsBefore = await containerIds(before);
    await before.store.saveSettings(sharePatch({ address: own }, fixture.ports.http, choices));
    const shared = await fixture.open();
    expect(shared.settings.publicUrl).toBe(`http://${own}:${fixture.ports.http}`);
    expect(changedServices(before.project, shared.project)).toEqual(EXPECTED_RESTART);
    expect(shared.urls().shared).toEqual([`http://${own}:${fixture.ports.http}/`]);
    await shared.up({ onProgress: fixture.record });
    const idsShared = await containerIds(shared);
    const recreated = shared.services.filter((name) => idsShared[name] !== idsBefore[name]).sort();
    expect(recreated).toEqual(EXPECTED_RESTART);

    // Only the reverse proxy is on the shared address; the databases and the backend stay on loopback.
    expect(await hostIps(shared, 'reverse-proxy')).toEqual([own]);
    for (const service of ['postgres', 'dragonfly', 'status-backend', 'grafana', 'nodered']) {
      const ips = await hostIps(shared, service);
      expect(ips.length, service).toBeGreaterThan(0);
      expect(new Set(ips), service).toEqual(new Set(['127.0.0.1']));
    }
    await expect(fetch(`http://${own}:${fixture.ports.backend}/`)).rejects.toThrow();

    // Sign in and open STATUS, Grafana and Node-RED through the shared address.
    const at = `http://${own}:${fixture.ports.http}`;
    const signedIn = await until(
      'sign-in through the shared address',
      async () => {
        const res = await fetch(`${at}/backend/users/signIn`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(admin),
        });
        return res.ok ? res : undefined;
      },
      90_000,
    );
    const cookie = signedIn!.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ');
    expect(cookie).toMatch(/nodeRedToken=/);
    const page = await fetch(`${at}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root"|<html/i);
    const grafanaUser = await fetch(`${at}/grafana/api/user`, { headers: { cookie }, redirect: 'manual' });
    expect(grafanaUser.status).toBe(200);
    expect(await grafanaUser.json()).toMatchObject({ login: admin.username, role: 'Admin', authProxy: true });
    const flows = await until(
      'Node-RED answers through the shared address',
      async () => {
        const res = await fetch(`${at}/node-red/flows`, { headers: { cookie } });
        return res.status === 200 ? res : undefined;
      },
      60_000,
    );
    expect(flows!.status).toBe(200);

    // Stop sharing: the proxy is back on 127.0.0.1 and the public URL derived again.
    await shared.store.saveSettings(stopSharingPatch());
    const local = await fixture.open();
    expect(local.settings.publicUrlDerived).toBe(true);
    expect(local.urls().shared).toEqual([]);
    expect(changedServices(shared.project, local.project)).toEqual(EXPECTED_RESTART);
    await local.up({ onProgress: fixture.record });
    expect(await hostIps(local, 'reverse-proxy')).toEqual(['127.0.0.1']);
    await expect(fetch(`${at}/`)).rejects.toThrow();
    expect((await fetch(`${base}/`)).status).toBe(200);
  }, 600_000);
});

describe('backup → reset (volumes deleted) → restore: the same catalogs, controls, computations, flows and dashboards (grafana, mongo: stand-ins)', () => {
  /** Where the snapshot reads from, for the stack as it is now (signed in again: a fresh install has no sessions). */
  const sourcesOf = async (s: Stack): Promise<SnapshotSources> => ({
    docker: s.docker,
    project: s.project.name,
    base,
    cookie: await apiSignIn(admin),
    grafana: `http://127.0.0.1:${fixture.ports.grafana}/grafana`,
    grafanaAdmin: {
      user: 'grafana-admin',
      password: (await s.store.stackEnv()).STATUS_GRAFANA_ADMIN_PASSWORD!,
    },
  });

  it('restores every kind of data into a platform whose volumes were deleted, identical to before', async () => {
    const startedAt = Date.now();
    const platform = await fixture.open();
    const sources = await sourcesOf(platform);
    await makeProbeData(sources);
    const credentials = await probeCredentials(sources);
    expect(credentials).toMatchObject({ user: 'probe', has_password: true });
    const before = await takeSnapshot(sources);
    const snapshotAt = new Date().toISOString();

    // A listener is passed on purpose: Stack.backup/restore hand an undefined one to Stack.up, whose
    // spread then replaces its default (reported to launcher/stack.ts's owner).
    const events: BackupEvent[] = [];
    const onProgress = (event: BackupEvent) => events.push(event);
    const backup = await platform.backup({ to: path.join(fixture.home, 'platform.backup'), onProgress });
    // Every store of the platform, each the way it can be copied consistently.
    expect(Object.fromEntries(backup.manifest.parts.map((p) => [p.name, p.method]))).toEqual(STACK_PARTS);
    expect(events).toContainEqual(expect.objectContaining({ type: 'backup-file', phase: 'written' }));

    const { volumes } = await platform.resetPlan();
    expect(volumes.length).toBeGreaterThan(0);
    await platform.reset(volumes);
    ledger.injected('every volume deleted, then restored from a backup');
    const left = (await platform.docker.listVolumes()).Volumes.map((v) => v.Name);
    expect(left.filter((name) => volumes.includes(name))).toEqual([]);

    // A fresh install: the seed data comes back by itself, what was made here does not.
    await platform.up({ onProgress: fixture.record });
    const fresh = await sourcesOf(platform);
    await until('the Getting started catalog of the fresh install', healthControl, 60_000);
    expect(await probeDataFound(fresh)).toEqual({
      catalog: false,
      secret: false,
      flow: false,
      grafanaRows: false,
      serviceAccount: false,
      script: false,
      mongoFile: false,
    });

    events.length = 0;
    const result = await platform.restore(backup.file, { onProgress });
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'service', service: 'status-backend', phase: 'healthy' }),
    );
    expect(result.restoredParts).toEqual(backup.manifest.parts.map((p) => p.name));
    expect([...result.started].sort()).toEqual([...platform.services].sort());
    const restored = await sourcesOf(platform);
    const after = await takeSnapshot(restored);
    expect(await probeCredentials(restored)).toEqual(credentials);
    // The backend talks to the restored Grafana: the launcher renewed its token on the restore's start.
    const grafanaSearch = await fetch(`${base}/backend/grafana/search`, {
      headers: { cookie: restored.cookie },
    });
    expect(grafanaSearch.status, await grafanaSearch.clone().text()).toBe(200);

    // The scheduler keeps running: it may have computed a control after the snapshot (before the
    // dump, or after the restore). Every computation of the snapshot is back with its value; any
    // other is younger than the snapshot.
    const beforeIds = new Set(before.computations.map((c) => c.id));
    expect(after.computations.filter((c) => beforeIds.has(c.id))).toEqual(before.computations);
    for (const extra of after.computations.filter((c) => !beforeIds.has(c.id)))
      expect(Date.parse(extra.created)).toBeGreaterThanOrEqual(Date.parse(snapshotAt));
    expect({ ...after, computations: [] }).toEqual({ ...before, computations: [] });

    const seconds = Math.round((Date.now() - startedAt) / 1000);
    console.log(
      `platform backup: catalogs ${before.catalogs.length}, controls ${before.controls.length}, ` +
        `computations ${before.computations.length}, flows ${before.flows.length} nodes, ` +
        `dashboards ${before.grafanaDashboards.length} (+ ${before.panels.length} panel link), ` +
        `scripts ${before.scripts.length}, users ${before.users.length}, secrets ${before.secrets.length}, ` +
        `Grafana service accounts ${before.grafanaServiceAccounts.length} — identical after reset + restore (${seconds} s)`,
    );
    ledger.survived('every volume deleted, then restored from a backup');
  }, 900_000);
});
