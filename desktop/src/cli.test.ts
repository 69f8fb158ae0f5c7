// The status-desktop command as a person runs it: a real process, the real engine.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../test/free-port.js';
import { saveSettings } from './engine/settings/index.js';

const bin = fileURLToPath(new URL('../bin/status-desktop.js', import.meta.url));
let home: string;
let composeDir: string;
let port: number;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { ...process.env, STATUS_DESKTOP_HOME: home }, timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'st-cli-home-'));
  composeDir = await mkdtemp(path.join(tmpdir(), 'st-cli-compose-'));
  port = await freePort();
  await saveSettings({ projectName: `st-cli-${Math.random().toString(36).slice(2, 8)}` }, home);
  await writeFile(
    path.join(composeDir, 'compose.yaml'),
    `services:\n  web:\n    image: \${STATUS_NODE_IMAGE:-status-test/node:1}\n    command: ["node", "-e", "console.log(\\"web ready ✓\\"); process.on(\\"SIGTERM\\", () => process.exit(0)); setInterval(() => {}, 1000)"]\n    ports: ["127.0.0.1:${port}:8080"]\n`,
  );
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
  await rm(composeDir, { recursive: true, force: true });
});

describe('status-desktop', () => {
  it('prints its usage and fails without a command', async () => {
    const { code, stdout } = await cli([]);
    expect(code).toBe(1);
    expect(stdout).toContain('Usage: status-desktop <command>');
  });

  it('doctor: names the engine it found and checks the ports', async () => {
    const { code, stdout } = await cli(['doctor', '--compose', path.join(composeDir, 'compose.yaml')]);
    expect(stdout).toMatch(/Engine: .*API 1\.\d+/);
    expect(stdout).toContain('Ports: every port STATUS needs is free');
    expect(code).toBe(0);
  });

  it('doctor: a taken port is named with what to do', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const { code, stdout } = await cli(['doctor', '--compose', path.join(composeDir, 'compose.yaml')]);
      expect(code).toBe(1);
      expect(stdout).toContain(`✗`);
      expect(stdout).toContain(String(port));
      expect(stdout).toMatch(/→ /);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('up, ps, logs and down on a small project', async () => {
    const compose = ['--compose', path.join(composeDir, 'compose.yaml')];
    const up = await cli(['up', ...compose]);
    expect(up.stderr).toBe('');
    expect(up.stdout).toMatch(/web\s+Started/);
    expect(up.stdout).toContain('is up');
    const ps = await cli(['ps', ...compose]);
    expect(ps.stdout).toMatch(/^SERVICE\s+STATE/m);
    expect(ps.stdout).toMatch(new RegExp(`web\\s+Running.*127\\.0\\.0\\.1:${port}->8080`));
    const logs = await cli(['logs', 'web', '--tail', '5', ...compose]);
    expect(logs.stdout.trim()).toBe('web ready ✓');
    const down = await cli(['down', ...compose]);
    expect(down.code).toBe(0);
    expect(down.stdout).toContain('Your data is kept');
    // Each step once, in the console's words: "web  Stopping", not "web  stopping  stopping".
    expect(down.stdout).toMatch(/^web\s+Stopping$/m);
    expect(down.stdout).toMatch(/^web\s+Stopped$/m);
    expect(down.stdout).toMatch(/^web\s+Removed$/m);
    expect(down.stdout).not.toMatch(/\b(stopping|stopped|removing|removed)\b.*\b\1\b/i);
    const after = await cli(['ps', ...compose]);
    expect(after.stdout).toMatch(/web\s+Not created/);
  });

  it('reports a user error as what happened and what to do, with exit code 1', async () => {
    const { code, stderr } = await cli([
      'logs',
      'nosuchservice',
      '--compose',
      path.join(composeDir, 'compose.yaml'),
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain('✗ There is no service called "nosuchservice".');
    expect(stderr).toContain('→ Services: web.');
  });
});
