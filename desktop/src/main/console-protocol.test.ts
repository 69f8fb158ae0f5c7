import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../test/fake-electron/index.js'));
import * as electron from '../../test/fake-electron/index.js';
import { CONSOLE_CSP, isConsoleUrl, registerConsoleScheme, serveConsole } from './console-protocol.js';

let root: string;
let dist: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'status-console-'));
  dist = join(root, 'renderer');
  await mkdir(join(dist, 'assets'), { recursive: true });
  await writeFile(
    join(dist, 'index.html'),
    '<!doctype html><script type="module" src="/assets/app.js"></script>',
  );
  await writeFile(join(dist, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(root, 'secret.txt'), 'do not serve');
});
afterAll(() => rm(root, { recursive: true, force: true }));
beforeEach(() => {
  electron.resetFakeElectron();
  registerConsoleScheme();
  serveConsole(dist);
});

describe('app:// console protocol', () => {
  it('is registered as a standard, secure scheme', () => {
    expect(electron.protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('serves the console with a strict CSP on every response', async () => {
    const page = await electron.protocol.fetch('app://console/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<script type="module"');
    for (const url of [
      'app://console/',
      'app://console/assets/app.js',
      'app://console/nope.js',
      'app://x/',
    ]) {
      const response = await electron.protocol.fetch(url);
      expect(response.headers.get('content-security-policy'), url).toBe(CONSOLE_CSP);
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
    }
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(CONSOLE_CSP).toContain("object-src 'none'");
  });

  it('serves files with their type, client routes as index.html, and 404 for missing files', async () => {
    const js = await electron.protocol.fetch('app://console/assets/app.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
    expect(await (await electron.protocol.fetch('app://console/logs/postgres')).text()).toContain(
      '<!doctype html>',
    );
    expect((await electron.protocol.fetch('app://console/assets/missing.js')).status).toBe(404);
    expect((await electron.protocol.fetch('app://other/')).status).toBe(404);
  });

  it('never reads outside the console folder', async () => {
    for (const url of [
      'app://console/../secret.txt',
      'app://console/%2e%2e/secret.txt',
      'app://console/..%2fsecret.txt',
    ]) {
      const response = await electron.protocol.fetch(url);
      expect(await response.text(), url).not.toContain('do not serve');
    }
  });

  it('recognises console URLs by scheme and host', () => {
    expect(isConsoleUrl('app://console/')).toBe(true);
    expect(isConsoleUrl('app://console/logs?x=1')).toBe(true);
    expect(isConsoleUrl('app://consoles/')).toBe(false);
    expect(isConsoleUrl('http://console/')).toBe(false);
    expect(isConsoleUrl('nonsense')).toBe(false);
  });
});
