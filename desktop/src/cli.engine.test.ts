// status-desktop drives the engine chosen in settings, as the console does: on a second engine of
// the test's own (test/engine/second-dockerd.ts: its own socket), reached through a Docker context,
// `up` and `ps` go there and name it; DOCKER_HOST in the shell beats the setting and says so once;
// a switch away from a running platform is refused until it is stopped (or --yes); a chosen engine
// that does not answer is named, with what to do and the way back to the default.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecondDockerd, type SecondDockerd } from '../test/engine/second-dockerd.js';
import { runCli } from './cli/test-support.js';
import {
  ENGINE_SOCKET,
  refusedPort,
  removeTempDirs,
  tempDir,
  writeContext,
} from './engine/discovery/test-support.js';
import { loadSettings, saveSettings } from './engine/settings/index.js';

const NODE_IMAGE = 'status-test/node:1';
const project = `st-cli-engine-${Math.random().toString(36).slice(2, 8)}`;
let second: SecondDockerd;
let home: string;
let dockerConfig: string;
let compose: string[];

/** The CLI with this test's settings and Docker config, and no engine variable of the runner's. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runCli([...args, ...compose], {
    STATUS_DESKTOP_HOME: home,
    DOCKER_CONFIG: dockerConfig,
    DOCKER_HOST: undefined,
    DOCKER_CONTEXT: undefined,
    ...env,
  });
}

async function containersOn(docker: Docker): Promise<string[]> {
  const list = await docker.listContainers({
    all: true,
    filters: { label: [`com.docker.compose.project=${project}`] },
  });
  return list.map((c) => `${c.Labels['com.docker.compose.service']} ${c.State}`);
}

beforeAll(async () => {
  second = await startSecondDockerd({ images: [NODE_IMAGE] });
  home = await mkdtemp(path.join(tmpdir(), 'st-cli-engine-home-'));
  await saveSettings({ projectName: project }, home);
  dockerConfig = tempDir('st-cli-engine-docker-');
  writeContext(dockerConfig, 'second', second.host);
  const composeFile = path.join(home, 'compose.yaml');
  await writeFile(
    composeFile,
    `services:\n  web:\n    image: ${NODE_IMAGE}\n    command: ["node", "-e", "console.log(\\"web ready ✓\\"); process.on(\\"SIGTERM\\", () => process.exit(0)); setInterval(() => {}, 1000)"]\n`,
  );
  compose = ['--compose', composeFile];
}, 240_000);

afterAll(async () => {
  await second?.remove();
  if (home) await rm(home, { recursive: true, force: true });
  removeTempDirs();
});

describe('status-desktop on the engine chosen in settings', { timeout: 240_000 }, () => {
  it('engine use <context>: tested, then chosen; up, ps and logs go there and name it', async () => {
    const use = await cli(['engine', 'use', 'second']);
    expect(use.stderr).toBe('');
    expect(use.stdout).toContain(`✔ second answers at ${second.host}: Docker `);
    expect(use.stdout).toContain(`Now using second (${second.host}, Docker `);
    expect(use.code).toBe(0);
    expect((await loadSettings(home)).engine).toEqual({ kind: 'context', name: 'second' });

    const shown = await cli(['engine']);
    expect(shown.stdout).toContain('Chosen in settings: second: a Docker context');
    expect(shown.stdout).toMatch(/CPUs, .* of memory/);
    expect(shown.stdout).toMatch(new RegExp(`^ {2}second +${second.host}$`, 'm'));
    expect(shown.code).toBe(0);

    const up = await cli(['up']);
    expect(up.stderr).toBe('');
    expect(up.stdout.split('\n')[0]).toMatch(
      new RegExp(`^Engine: second \\(${second.host}, Docker \\S+\\)$`),
    );
    expect(up.code).toBe(0);
    expect(await containersOn(second.docker)).toEqual(['web running']);
    expect(await containersOn(new Docker({ socketPath: ENGINE_SOCKET }))).toEqual([]);

    const ps = await cli(['ps']);
    expect(ps.stdout).toMatch(
      new RegExp(`^Engine: second \\(${second.host}, Docker \\S+\\)\\nSERVICE\\s+STATE`),
    );
    expect(ps.stdout).toMatch(/^web\s+Running/m);
    // The logs are the output; the engine is named beside it.
    const logs = await cli(['logs', 'web', '--tail', '5']);
    expect(logs.stdout.trim()).toBe('web ready ✓');
    expect(logs.stderr).toMatch(/^Engine: second \(/);
  });

  it('DOCKER_HOST in the shell beats the setting, and says so once on stderr', async () => {
    const ps = await cli(['ps'], { DOCKER_HOST: `unix://${ENGINE_SOCKET}` });
    expect(ps.stderr).toBe(
      `Using DOCKER_HOST (unix://${ENGINE_SOCKET}) rather than the engine chosen in settings (second); unset DOCKER_HOST to use that one.\n`,
    );
    expect(ps.stdout).toMatch(/^Engine: default \(unix:\/\/\/var\/run\/docker\.sock, Docker /);
    expect(ps.stdout).toMatch(/^web\s+Not created/m);
  });

  it('leaving an engine where STATUS runs: refused with what happens, then --yes; down goes there', async () => {
    const refused = await cli(['engine', 'use', 'default']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'STATUS runs on second. Switching leaves it running there (it is not stopped or moved; its data stays there)',
    );
    expect(refused.stderr).toContain('Stop it first (`status-desktop down`)');
    expect((await loadSettings(home)).engine).toEqual({ kind: 'context', name: 'second' });

    const anyway = await cli(['engine', 'use', 'default', '--yes']);
    expect(anyway.code).toBe(0);
    expect(anyway.stdout).toContain('Now using default (unix:///var/run/docker.sock');
    expect(await containersOn(second.docker)).toEqual(['web running']);

    // Nothing runs on the default engine: going back needs no --yes.
    expect((await cli(['engine', 'use', 'second'])).code).toBe(0);
    const down = await cli(['down']);
    expect(down.stdout).toMatch(/^Engine: second \(/);
    expect(down.code).toBe(0);
    expect(await containersOn(second.docker)).toEqual([]);
    expect((await cli(['engine', 'use', 'default'])).code).toBe(0);
  });
});

describe('a chosen engine that does not answer', () => {
  it('ps names it, says what happened and what to do, and how to go back to the default', async () => {
    const port = await refusedPort();
    await saveSettings({ engine: { kind: 'tcp', host: `tcp://127.0.0.1:${port}`, name: 'lab' } }, home);
    const ps = await cli(['ps']);
    expect(ps.code).toBe(1);
    expect(ps.stdout).toBe('');
    expect(ps.stderr).toContain(
      `✗ The engine chosen in settings (lab, tcp://127.0.0.1:${port}) cannot be used: Nothing answers at tcp://127.0.0.1:${port}`,
    );
    expect(ps.stderr).toContain('→ Check the address and port');
    expect(ps.stderr).toContain('→ To go back to the default engine: `status-desktop engine use default`');

    const shown = await cli(['engine']);
    expect(shown.code).toBe(1);
    expect(shown.stdout).toContain(`Chosen in settings: lab: tcp://127.0.0.1:${port}, no TLS`);
    expect(shown.stdout).toContain(`✗ Nothing answers at tcp://127.0.0.1:${port}`);

    const doctor = await cli(['doctor']);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain('The engine chosen in settings: lab');
    expect(doctor.stdout).toContain(`✖ tcp://127.0.0.1:${port} [settings]: error — Nothing answers`);
    expect(doctor.stdout).toContain(
      '→ To go back to the default engine: `status-desktop engine use default`',
    );

    // A switch to an engine that does not answer changes nothing.
    const use = await cli(['engine', 'use', `tcp://127.0.0.1:${port}`, '--name', 'lab-2']);
    expect(use.code).toBe(1);
    expect(use.stderr).toContain('✗ STATUS Desktop stays on its engine: Nothing answers');
    expect((await loadSettings(home)).engine).toMatchObject({ name: 'lab' });

    const back = await cli(['engine', 'use', 'default']);
    expect(back.code).toBe(0);
    expect((await loadSettings(home)).engine).toEqual({ kind: 'default' });
  });
});
