// What the console's browser tests and its benchmark share: the built console (rebuilt when its
// sources are newer than the build), `status-desktop serve`'s server in this process over a given
// LauncherApi, and Debian's Chromium through playwright-core.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { LauncherApi } from '../../src/api/contract.js';
import { startServer, type RunningServer } from '../../src/server/server.js';

const run = promisify(execFile);
const DESKTOP = fileURLToPath(new URL('../../', import.meta.url));
export const RENDERER_DIST = path.join(DESKTOP, 'dist/renderer');
export const ARTIFACTS_DIR = fileURLToPath(new URL('./artifacts', import.meta.url));
export const VIEWPORT = { width: 1280, height: 800 } as const;

/** What the console bundle is built from (src/renderer imports from api/ and engine/images/). */
const SOURCES = ['src/renderer', 'src/api', 'src/engine/images', 'vite.config.ts'].map((p) =>
  path.join(DESKTOP, p),
);

function newestMtime(target: string): number {
  const info = statSync(target);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) {
    if (/\.test\.tsx?$/.test(entry)) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** Builds the console into dist/renderer unless the build there is newer than every source. */
export async function ensureConsoleBuilt(log: (line: string) => void = () => {}): Promise<void> {
  const index = path.join(RENDERER_DIST, 'index.html');
  const sources = Math.max(...SOURCES.filter(existsSync).map(newestMtime));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  log('building the console (vite build)…');
  await run('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: DESKTOP, maxBuffer: 16 * 1024 * 1024 });
  if (!existsSync(index)) throw new Error(`vite build did not produce ${index}`);
}

export function randomToken(): string {
  return randomBytes(24).toString('hex');
}

/** The server of `status-desktop serve` over `launcher`, on a free loopback port. */
export function serveConsole(launcher: LauncherApi, token = randomToken()): Promise<RunningServer> {
  return startServer({ launcher, host: '127.0.0.1', port: 0, token, staticDir: RENDERER_DIST });
}

export function launchChromium(): Promise<Browser> {
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

export interface ConsolePage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions in the page. */
  errors: string[];
}

/** A fresh browser context (English, 1280×800) signed in through the server's token address. */
export async function openConsole(browser: Browser, server: RunningServer): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US', acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(server.loginUrl);
  return { context, page, errors };
}

/** Saves a full-page screenshot under test/console/artifacts/. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
