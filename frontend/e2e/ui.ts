// Steps a person takes in the app, by what they see (roles, labels, text), shared by the tests.
import type { Page } from 'playwright-core';
import type { Credentials } from './harness.js';

/** Signs in through the sign-in page; `totp` answers the second step when the account has 2FA. */
export async function signIn(page: Page, who: Credentials, totp?: () => string): Promise<void> {
  if (!/\/sign-?in/.test(page.url())) await page.goto('/');
  await page.getByLabel('Username').fill(who.username);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  if (totp) {
    await page.getByLabel('Authentication code').fill(totp());
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
  }
}

/** The level-1 heading of the page (every page has exactly one). */
export function mainHeading(page: Page, name?: string | RegExp) {
  return page.getByRole('heading', { level: 1, ...(name ? { name } : {}) });
}

/** The main navigation (a sidebar on desktop; behind a menu button on phones). */
export function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Main navigation' });
}
