// A per-user secret's value is shown once, when it is created, and never again: not after closing
// the dialog, not after a reload, not in the edit dialog — the backend encrypts it at rest.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newTab } from './browser.js';
import { startStack, type Stack } from './harness.js';
import { mainHeading, signIn } from './ui.js';

let stack: Stack;
let browser: Browser;
beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('secrets', () => {
  it('shows a new secret’s value once, then never again', async () => {
    const value = `ghp_${Date.now().toString(36)}RevealOnce`;
    const who = await stack.createUser('secretkeeper', 'DEVELOPER');
    const { page, context } = await newTab(browser, stack.url);
    await signIn(page, who);
    await page.goto('/secrets');
    await mainHeading(page, 'Secrets').waitFor();
    await page.getByText('You have no secrets yet.').waitFor();

    await page.getByRole('button', { name: 'New secret' }).first().click(); // header; the empty state has one too
    const create = page.getByRole('dialog', { name: 'New secret' });
    await create.getByRole('textbox', { name: 'Name', exact: true }).fill('Deploy token');
    await create.getByRole('textbox', { name: 'Value', exact: true }).fill(value);
    await create.getByRole('button', { name: 'Create secret' }).click();

    const reveal = page.getByRole('dialog', { name: 'Secret deploy_token created' });
    await reveal.waitFor();
    expect(await reveal.getByRole('textbox', { name: 'Secret value' }).inputValue()).toBe(value);
    await reveal.getByRole('button', { name: 'I have copied it' }).click();
    await reveal.waitFor({ state: 'detached' });

    const row = page.getByRole('row').filter({ hasText: 'deploy_token' });
    await row.waitFor();
    expect(await page.content()).not.toContain(value);
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(value);
    await row.getByRole('button', { name: 'Edit secret deploy_token' }).click();
    await page.getByRole('dialog', { name: 'Edit secret deploy_token' }).waitFor();
    expect(await page.content()).not.toContain(value);

    const { rows } = await stack.backend.db.query<{ stored: string }>(
      `SELECT row_to_json(s)::text AS stored FROM secrets s WHERE name = 'deploy_token'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.stored).not.toContain(value);
    await context.close();
  });
});
