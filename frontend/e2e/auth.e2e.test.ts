// Signing in (password, and the TOTP step), the role guard on the admin pages, and the silent
// refresh of an expired access token — in Chromium against the real backend.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpAt } from '../../backend/src/features/auth/totp.js';
import { launchBrowser, newTab } from './browser.js';
import { expiredCopy, startStack, type Stack } from './harness.js';
import { mainHeading, mainNav, signIn } from './ui.js';

let stack: Stack;
let browser: Browser;
beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const HOME = 'Overview';

describe('sign-in', () => {
  it('an admin signs in with a password and lands on the overview', async () => {
    const { page, context, errors } = await newTab(browser, stack.url);
    await page.goto('/');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/sign-in');
    await signIn(page, stack.admin);
    await mainHeading(page, HOME).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await mainNav(page).getByRole('link', { name: 'Catalogs' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a wrong password is refused with a message, and the form stays', async () => {
    const { page, context } = await newTab(browser, stack.url);
    await signIn(page, { username: stack.admin.username, password: 'not-the-password' }, { refused: true });
    await page.getByText('Invalid username or password').waitFor();
    expect(await page.getByLabel('Password').isVisible()).toBe(true);
    await context.close();
  });

  it('an account with 2FA gets the code step and signs in with the current TOTP', async () => {
    const who = await stack.createUser('twofactor', 'DEVELOPER');
    const api = await stack.signInApi(who);
    const { otpauthUrl } = await api.json<{ otpauthUrl: string }>('/users/2fa/setup', { method: 'POST' });
    const secret = new URL(otpauthUrl).searchParams.get('secret')!;
    await api.json('/users/2fa/verify', {
      method: 'POST',
      body: JSON.stringify({ totpToken: totpAt(secret, Date.now()) }),
    });

    const { page, context } = await newTab(browser, stack.url);
    // The step after the one just used for verification: codes are single-use, the window allows it.
    await signIn(page, who, { totp: () => totpAt(secret, Date.now() + 30_000) });
    await mainHeading(page, HOME).waitFor();
    await context.close();
  });
});

describe('roles', () => {
  it('a USER has no admin navigation, /admin/users shows the forbidden page, and the backend refuses', async () => {
    const user = await stack.createUser('reader', 'USER');
    const { page, context } = await newTab(browser, stack.url);
    await signIn(page, user);
    await mainHeading(page, HOME).waitFor();
    const nav = mainNav(page);
    await nav.getByRole('link', { name: 'Catalogs' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Settings' }).count()).toBe(0);

    await page.goto('/admin/users');
    await mainHeading(page, 'Access denied').waitFor();
    expect(await page.getByRole('table').count()).toBe(0);

    // The browser's own cookies, straight to the backend: the server is the authority.
    const res = await page.request.get('/backend/users');
    expect(res.status()).toBe(403);
    await context.close();
  });
});

describe('session', () => {
  it('an expired access token is refreshed once without the user noticing (click, then reload)', async () => {
    const api = await stack.signInApi(stack.admin);
    await api.json('/catalogs', {
      method: 'POST',
      body: JSON.stringify({ name: 'Refresh check', startDate: '2026-01-01', endDate: '2026-12-31' }),
    });
    const { page, context } = await newTab(browser, stack.url);
    await signIn(page, stack.admin);
    await mainHeading(page, HOME).waitFor();

    const expireAccessToken = async () => {
      const cookies = await context.cookies(stack.url);
      const access = cookies.find((c) => c.name === 'accessToken');
      expect(access, 'the accessToken cookie after sign-in').toBeDefined();
      await context.addCookies([{ ...access!, value: expiredCopy(access!.value, stack.jwtSecret) }]);
    };
    const refreshes = () =>
      stack.door.backendCalls.filter((c) => c.path.startsWith('/backend/users/auth/refresh'));

    // 1. In the running app: a click that loads data.
    await expireAccessToken();
    const before = refreshes().length;
    await mainNav(page).getByRole('link', { name: 'Catalogs' }).click();
    await mainHeading(page, 'Catalogs').waitFor();
    await page.getByText('Refresh check').first().waitFor();
    expect(refreshes().length - before).toBe(1);
    expect(refreshes().at(-1)?.status).toBe(200);
    expect(await page.getByLabel('Password').count()).toBe(0);

    // 2. A full reload of a deep link (the app boots with an expired token).
    await expireAccessToken();
    const beforeReload = refreshes().length;
    await page.reload();
    await mainHeading(page, 'Catalogs').waitFor();
    await page.getByText('Refresh check').first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/catalogs');
    expect(refreshes().length - beforeReload).toBe(1);
    await context.close();
  });
});
