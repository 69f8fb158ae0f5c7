// Debian's Chromium through playwright-core: one browser per test file, a new context per test.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const ARTIFACTS_DIR = fileURLToPath(new URL('./artifacts', import.meta.url));

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  mobile: { width: 390, height: 844 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export interface Tab {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors in the page (a test can assert there were none). */
  errors: string[];
}

export async function newTab(
  browser: Browser,
  baseURL: string,
  viewport: ViewportName = 'desktop',
  /** Session cookies (Stack.sessionCookies) to start signed in. */
  cookies: { name: string; value: string }[] = [],
): Promise<Tab> {
  const context = await browser.newContext({ baseURL, viewport: VIEWPORTS[viewport], locale: 'en-US' });
  if (cookies.length) await context.addCookies(cookies.map((c) => ({ ...c, url: baseURL, httpOnly: true })));
  context.setDefaultTimeout(30_000); // generous: the test machine is shared and slow
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return { context, page, errors };
}

/** Saves artifacts/<name>-<viewport>.png once the page's main heading is visible (never a blank page). */
export async function screenshot(page: Page, name: string, heading: string | RegExp): Promise<string> {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor({ state: 'visible' });
  const size = page.viewportSize();
  const viewport = size?.width === VIEWPORTS.mobile.width ? 'mobile' : 'desktop';
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = `${ARTIFACTS_DIR}/${name}-${viewport}.png`;
  const png = await page.screenshot({ path: file, fullPage: false });
  expect(png.length).toBeGreaterThan(1000);
  return file;
}
