// Screenshots of the main pages at desktop (1280×800) and phone (390×844) sizes, on real data, saved
// to frontend/e2e/artifacts/. Each waits for the page's own heading and its data first, so a blank
// or still-loading page fails instead of being photographed.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newTab, screenshot, type ViewportName } from './browser.js';
import { startStack, type Stack } from './harness.js';
import { E2E_ENDPOINT, E2E_FLOW_LABEL } from './node-red.js';

let stack: Stack;
let browser: Browser;
const seed = { catalogId: 0, controlId: 0, dashboardUid: '' };
const CATALOG = 'ISO 27001 access control';
const CONTROL = 'Branch protection on main';
const DASHBOARD = 'Access control results';
const PANEL = 'Compliance ratio';

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  // Real data through the API as the admin: a finalized catalog, its control with one computation,
  // a scope, a secret, a Grafana folder with a dashboard, and a second user.
  const api = await stack.signInApi(stack.admin);
  const catalog = await api.json<{ id: number }>('/catalogs/drafts', {
    method: 'POST',
    body: JSON.stringify({
      name: CATALOG,
      description: 'Who may change what, and how it is checked.',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
    }),
  });
  const control = await api.json<{ id: number }>('/controls/drafts', {
    method: 'POST',
    body: JSON.stringify({
      name: CONTROL,
      catalogId: catalog.id,
      description: 'Every repository protects its main branch.',
      period: 'DAILY',
      startDate: '2026-01-01',
      mashupId: stack.nodeRed.flowId,
      params: { endpoint: E2E_ENDPOINT, threshold: 3 },
    }),
  });
  await api.json(`/catalogs/${catalog.id}/finalize`, { method: 'PATCH' });
  await api.json(`/controls/${control.id}/run`, { method: 'POST', body: '{}' });
  await api.json('/scopes', {
    method: 'POST',
    body: JSON.stringify({ name: 'team', description: 'Owning team', type: 'string', default: 'platform' }),
  });
  await api.json('/secrets', {
    method: 'POST',
    body: JSON.stringify({ name: 'github_token', type: 'TOKEN', value: 'ghp_e2e' }),
  });
  // Grafana's side lives in the stand-in; it is created through the backend like the app does.
  const folder = await api.json<{ uid: string }>('/grafana/folder', {
    method: 'POST',
    body: JSON.stringify({ title: 'Compliance' }),
  });
  const dashboard = await api.json<{ uid: string }>('/grafana/dashboard', {
    method: 'POST',
    body: JSON.stringify({
      dashboard: { title: DASHBOARD, panels: [{ id: 2, type: 'timeseries', title: PANEL }] },
      folderUid: folder.uid,
      overwrite: false,
    }),
  });
  await stack.createUser('auditor', 'USER');
  Object.assign(seed, { catalogId: catalog.id, controlId: control.id, dashboardUid: dashboard.uid });
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

interface Shot {
  name: string;
  path: () => string;
  heading: string | RegExp;
  /** Text of the page's data that must be on screen too (the page has loaded, not only its frame). */
  shows: string;
}

const shots = (): Shot[] => [
  { name: 'home', path: () => '/', heading: 'Overview', shows: CATALOG },
  { name: 'catalogs', path: () => '/catalogs', heading: 'Catalogs', shows: CATALOG },
  { name: 'catalog', path: () => `/catalogs/${seed.catalogId}`, heading: CATALOG, shows: CONTROL },
  {
    name: 'control',
    path: () => `/controls/${seed.controlId}`,
    heading: CONTROL,
    shows: '2 evidences', // the computation made in beforeAll, with the flow's evidences
  },
  { name: 'scopes', path: () => '/scopes', heading: 'Scopes', shows: 'team' },
  { name: 'secrets', path: () => '/secrets', heading: 'Secrets', shows: 'github_token' },
  {
    name: 'dashboards',
    path: () => '/dashboards',
    heading: 'Dashboards',
    shows: DASHBOARD, // from the Grafana stand-in, through the backend
  },
  {
    name: 'dashboard',
    path: () => `/dashboards/${seed.dashboardUid}`,
    heading: DASHBOARD,
    shows: PANEL, // the panel's caption; the panel itself is an iframe of the Grafana stand-in
  },
  { name: 'mashups', path: () => '/mashups', heading: 'Mashups', shows: E2E_FLOW_LABEL },
  { name: 'admin-users', path: () => '/admin/users', heading: 'Users', shows: 'auditor' },
];

describe.each<ViewportName>(['desktop', 'mobile'])('main pages at %s size', (viewport) => {
  it('sign-in page', async () => {
    const { page, context } = await newTab(browser, stack.url, viewport);
    await page.goto('/');
    await screenshot(page, 'sign-in', 'Sign in');
    await context.close();
  });

  it.each(shots())('$name page (as the admin)', async (shot) => {
    const { page, context, errors } = await newTab(
      browser,
      stack.url,
      viewport,
      await stack.sessionCookies(stack.admin),
    );
    await page.goto(shot.path());
    await page.getByText(shot.shows).first().waitFor();
    await screenshot(page, shot.name, shot.heading);
    expect(errors, 'uncaught errors in the page').toEqual([]);
    await context.close();
  });
});

describe('Grafana panels (Grafana stand-in)', () => {
  it('a dashboard shows its panels from /grafana/ on the same origin', async () => {
    const { page, context } = await newTab(
      browser,
      stack.url,
      'desktop',
      await stack.sessionCookies(stack.admin),
    );
    await page.goto('/dashboards');
    await page.getByRole('link', { name: DASHBOARD }).click();
    await page.getByRole('heading', { level: 1, name: DASHBOARD }).waitFor();
    const iframe = page.locator(`iframe[title="Panel ${PANEL}"]`);
    const src = new URL((await iframe.getAttribute('src'))!, stack.url);
    expect(src.origin).toBe(stack.url);
    expect(src.pathname).toBe(`/grafana/d-solo/${seed.dashboardUid}`);
    expect(src.searchParams.get('panelId')).toBe('2');
    await page.frameLocator(`iframe[title="Panel ${PANEL}"]`).getByText('Grafana stand-in').waitFor();
    expect(stack.grafana.pages.some((p) => p.startsWith(`/grafana/d-solo/${seed.dashboardUid}?`))).toBe(true);
    await context.close();
  });
});
