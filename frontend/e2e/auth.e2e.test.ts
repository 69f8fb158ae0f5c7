// Signing in (password, and the TOTP step), the role guard on the admin pages, and the silent
// refresh of an expired access token — in Chromium against the real backend.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpAt } from '../../backend/src/features/auth/totp.js';
import { launchBrowser, newTab } from './browser.js';
import { expiredCopy, startStack, type Stack } from './harness.js';
import type { BackendCall } from './proxy.js';
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
    await page.waitForURL((u) => u.pathname === '/sign-in'); // the guard sends the anonymous visitor there
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
    const addCatalog = (name: string) =>
      api.json('/catalogs', {
        method: 'POST',
        body: JSON.stringify({ name, startDate: '2026-01-01', endDate: '2026-12-31' }),
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
    const callsSince = (n: number) => stack.door.backendCalls.slice(n);
    // The backend answers with Cache-Control: no-store and no ETag, so every answer is a fresh 200
    // (a 304 here would mean a browser revalidated a refresh).
    const answered = (c: BackendCall) => c.status === 200;
    const isRefresh = (c: BackendCall) => c.path.startsWith('/backend/users/auth/refresh');
    /** Once the refreshed request has come back: the calls after `n` hold one refresh, it succeeded,
     *  a catalogs request succeeded after it, and nothing was left unauthorized after it. */
    const settledAfterOneRefresh = async (n: number) => {
      await expect
        .poll(
          () => {
            const calls = callsSince(n);
            const r = calls.findIndex(isRefresh);
            return (
              r >= 0 && calls.slice(r + 1).some((c) => c.path.startsWith('/backend/catalogs') && answered(c))
            );
          },
          { timeout: 15_000 },
        )
        .toBe(true);
      const calls = callsSince(n);
      const refreshes = calls.filter(isRefresh);
      expect(refreshes).toHaveLength(1);
      expect(answered(refreshes[0]!), `refresh answered ${refreshes[0]!.status}`).toBe(true);
      const after = calls.slice(calls.findIndex(isRefresh) + 1);
      expect(after.filter((c) => c.status === 401)).toEqual([]);
    };

    // 1. In the running app: a click that loads data (a catalog made meanwhile, so not from a cache).
    await expireAccessToken();
    await addCatalog('Made while the token expired');
    const before = stack.door.backendCalls.length;
    await mainNav(page).getByRole('link', { name: 'Catalogs' }).click();
    await mainHeading(page, 'Catalogs').waitFor();
    await page.getByText('Made while the token expired').first().waitFor();
    await settledAfterOneRefresh(before);
    expect(new URL(page.url()).pathname).toBe('/catalogs');
    expect(await page.getByLabel('Password').count()).toBe(0);

    // 2. A full reload of the page (the app boots with an expired token).
    await expireAccessToken();
    await addCatalog('Made before the reload');
    const beforeReload = stack.door.backendCalls.length;
    await page.reload();
    await mainHeading(page, 'Catalogs').waitFor();
    await page.getByText('Made before the reload').first().waitFor();
    await settledAfterOneRefresh(beforeReload);
    expect(new URL(page.url()).pathname).toBe('/catalogs');
    await context.close();
  });
});
