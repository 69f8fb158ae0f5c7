import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const port = 39000 + Math.floor(Math.random() * 1000);
let child;

beforeAll(async () => {
  child = spawn(process.execPath, ['server.mjs'], {
    cwd: import.meta.dirname,
    env: { ...process.env, PORT: String(port) },
  });
  const [line] = await once(child.stdout, 'data');
  expect(String(line)).toContain('listening');
});
afterAll(() => child?.kill('SIGTERM'));

describe('placeholder status-backend', () => {
  it('answers the health check path like the original', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ message: 'Welcome to the API!' });
  });
  it('reports health under the API prefix and 404s elsewhere with a message', async () => {
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).status).toBe(200);
    const missing = await fetch(`http://127.0.0.1:${port}/api/v1/catalogs`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).message).toMatch(/No route GET/);
  });
  it('exits cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});
