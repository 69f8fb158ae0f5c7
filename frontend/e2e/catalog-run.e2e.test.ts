// The main path of the app, as a person does it: create a catalog through the draft wizard with one
// control on the deployed Node-RED flow, finalize it and find it in the list; then open the control,
// run it now against the real flow and see the computation with its evidences.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newTab } from './browser.js';
import { startStack, type Stack } from './harness.js';
import { E2E_ENDPOINT, E2E_EVIDENCES, E2E_FLOW_LABEL } from './node-red.js';
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

const CATALOG = 'Source code integrity';
const CONTROL = 'Repositories are protected';

/** Picks the option of a native select whose text contains `text`. */
async function chooseOption(page: Page, label: string, text: string): Promise<void> {
  const select = page.getByRole('combobox', { name: label, exact: true });
  // The options come from the backend (Node-RED's flows): wait for them rather than read them once.
  let options: string[] = [];
  await expect
    .poll(
      async () => {
        options = await select.locator('option').allTextContents();
        return options.some((o) => o.includes(text));
      },
      { timeout: 30_000, message: `an option containing "${text}" (last seen: ${JSON.stringify(options)})` },
    )
    .toBe(true);
  await select.selectOption({ label: options.find((o) => o.includes(text))! });
}

describe('catalog wizard and run now', () => {
  it('creates a catalog with one control on the Node-RED flow, finalizes it, and lists it as finalized', async () => {
    const { page, context } = await newTab(browser, stack.url);
    await signIn(page, stack.admin);
    await mainNav(page).getByRole('link', { name: 'Catalogs' }).click();
    await mainHeading(page, 'Catalogs').waitFor();
    await page.getByRole('link', { name: 'New catalog' }).first().click(); // header; the empty list has one too

    // Step 1: the catalog (saved as a draft on Next).
    await mainHeading(page, 'New catalog').waitFor();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(CATALOG);
    await page
      .getByRole('textbox', { name: 'Description', exact: true })
      .fill('Every repository is protected and reviewed.');
    await page.getByLabel('Start date').fill('2026-01-01');
    await page.getByLabel('End date').fill('2026-12-31');
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    // Step 2: one control on the deployed flow; choosing the flow fills the endpoint.
    await page.getByText('Step 2 of 4: Controls').waitFor();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(CONTROL);
    await chooseOption(page, 'Node-RED flow', E2E_FLOW_LABEL);
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Endpoint', exact: true }).inputValue())
      .toContain(E2E_ENDPOINT);
    await page.getByRole('textbox', { name: 'Threshold', exact: true }).fill('3');
    await page.getByRole('button', { name: 'Save control' }).click();
    await page.getByText(`Control “${CONTROL}” saved`).first().waitFor();
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    // Step 3: no dashboard now (it can be linked later).
    await page.getByText('Step 3 of 4: Dashboard').waitFor();
    await page.getByRole('button', { name: 'Skip', exact: true }).click();

    // Step 4: finalize.
    await page.getByText('Step 4 of 4: Finalize').waitFor();
    await page.getByRole('button', { name: 'Finalize', exact: true }).click();
    await page.getByText(`Catalog “${CATALOG}” finalized with 1 control`).first().waitFor();

    await mainNav(page).getByRole('link', { name: 'Catalogs' }).click();
    await mainHeading(page, 'Catalogs').waitFor();
    const row = page.getByRole('row').filter({ hasText: CATALOG });
    await row.waitFor();
    await row.getByText('Finalized').waitFor();

    // The backend agrees: one finalized catalog with one finalized control on the flow.
    const { rows } = await stack.backend.db.query<{ status: string; params: Record<string, unknown> }>(
      `SELECT c.status, k.params FROM catalogs c JOIN controls k ON k.catalog_id = c.id WHERE c.name = $1`,
      [CATALOG],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'finalized', params: { threshold: 3 } });
    expect(String(rows[0]!.params.endpoint)).toContain(E2E_ENDPOINT);
    await context.close();
  });

  it('opens the control, runs it now against the Node-RED flow and shows the computation with its evidences', async () => {
    const { page, context } = await newTab(browser, stack.url);
    await signIn(page, stack.admin);
    await mainNav(page).getByRole('link', { name: 'Catalogs' }).click();
    await page.getByRole('link', { name: CATALOG }).click();
    await mainHeading(page, CATALOG).waitFor();
    await page.getByRole('link', { name: CONTROL }).click();
    await mainHeading(page, new RegExp(CONTROL)).waitFor();

    await page.getByText('This control has not been computed yet', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Run now', exact: true }).click();
    // Threshold 3: branch-protection (3) and signed-commits (5) both pass.
    await page.getByText('Result of the run: Passed').waitFor();

    const history = page.getByRole('region', { name: 'Computations' });
    await history.getByRole('row').filter({ hasText: 'Passed' }).first().waitFor();
    await history.getByRole('button', { name: 'Show evidences' }).first().click();
    for (const e of E2E_EVIDENCES) await history.getByText(e.check).first().waitFor();

    const { rows } = await stack.backend.db.query<{ value: boolean; evidences: unknown[] }>(
      `SELECT value, evidences FROM computations WHERE control_id = (SELECT id FROM controls WHERE name = $1)`,
      [CONTROL],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.value).toBe(true);
    expect(rows[0]!.evidences).toHaveLength(E2E_EVIDENCES.length);
    await context.close();
  });
});
