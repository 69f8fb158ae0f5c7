// Steps a person takes in the app, by what they see (roles, labels, text), shared by the tests.
import type { Page } from 'playwright-core';
import type { Credentials } from './harness.js';

/**
 * Signs in through the sign-in page and waits until the app has let us in (unless `refused`);
 * `totp` answers the second step when the account has 2FA.
 */
export async function signIn(
  page: Page,
  who: Credentials,
  o: { totp?: () => string; refused?: boolean } = {},
): Promise<void> {
  if (!/\/sign-in/.test(page.url())) await page.goto('/sign-in');
  await page.getByLabel('Username').fill(who.username);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  if (o.totp) {
    await page.getByLabel('Authentication code').fill(o.totp());
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
  }
  if (!o.refused) await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

/** The level-1 heading of the page (every page has exactly one). */
export function mainHeading(page: Page, name?: string | RegExp) {
  return page.getByRole('heading', { level: 1, ...(name ? { name } : {}) });
}

/** The main navigation (a sidebar on desktop; behind a menu button on phones). */
export function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Main navigation' });
}
