// `status-desktop serve` as a user runs it: prints the address with the token, answers API calls
// with that token only, and stops cleanly on Ctrl+C (SIGINT).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/status-desktop.js', import.meta.url));
let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'st-serve-cli-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

function run(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, STATUS_DESKTOP_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe('status-desktop serve', () => {
  it('prints the address with the stored token, serves the API with it, and stops on SIGINT', async () => {
    const serve = run(['serve', '--port', '0']);
    try {
      await expect.poll(serve.output, { timeout: 60_000 }).toMatch(/Press Ctrl\+C/);
      const login = /Open\s+(http:\/\/127\.0\.0\.1:\d+\/)\?token=(\S+)/.exec(serve.output());
      expect(login).not.toBeNull();
      const [, url, token] = login!;
      expect((await readFile(join(home, 'serve-token'), 'utf8')).trim()).toBe(token);
      // the platform's address as the console links it: the public URL (default localhost)
      expect(serve.output()).toMatch(/STATUS is at http:\/\/localhost:3000\/ \(the console's links/);
      const denied = await fetch(`${url}api/status`, { method: 'POST' });
      expect(denied.status).toBe(401);
      const status = await fetch(`${url}api/status`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(await status.json()).toMatchObject({ ok: true, value: { services: { postgres: {} } } });
    } finally {
      serve.child.kill('SIGINT');
    }
    expect(await serve.exited).toBe(0);
  }, 90_000);

  it('refuses a network address without --allow-remote, saying why', async () => {
    const serve = run(['serve', '--host', '0.0.0.0', '--port', '0']);
    expect(await serve.exited).toBe(2);
    expect(serve.output()).toMatch(/--allow-remote/);
  }, 60_000);
});
