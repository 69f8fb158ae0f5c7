// Settings → Engine in the launcher: the contexts listed, a switch saved only when the engine
// answers, and never under a running task. Real settings folder, real engine socket.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskInfo } from '../api/contract.js';
import {
  ENGINE_SOCKET,
  refusedPort,
  removeTempDirs,
  tempDir,
  writeContext,
} from '../engine/discovery/test-support.js';
import { isStatusError } from '../engine/errors.js';
import { openSettingsStore, type SettingsStore } from '../engine/settings/index.js';
import { EngineChooser } from './engine-choice.js';

let home: string;
let store: SettingsStore;
let dockerConfig: string;
let switches: number;
let tasks: TaskInfo[];

beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'status-engine-choice-'));
  store = await openSettingsStore({ home, onWarning: () => undefined });
  dockerConfig = tempDir();
  writeContext(dockerConfig, 'here', `unix://${ENGINE_SOCKET}`);
  await writeFile(path.join(dockerConfig, 'config.json'), JSON.stringify({ currentContext: 'here' }));
  switches = 0;
  tasks = [];
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
  removeTempDirs();
});

const chooser = (): EngineChooser =>
  new EngineChooser({
    store,
    env: { DOCKER_CONFIG: dockerConfig },
    homeDir: tempDir(),
    driving: () => ({ name: 'default', endpoint: `unix://${ENGINE_SOCKET}`, version: '27.3.1' }),
    tasks: () => tasks,
    switchTo: () => void switches++,
  });

describe('EngineChooser', () => {
  it('lists the Docker contexts, the chosen engine and the one driven', async () => {
    expect(await chooser().overview()).toEqual({
      chosen: { kind: 'default' },
      chosenName: 'default',
      driving: { name: 'default', endpoint: `unix://${ENGINE_SOCKET}`, version: '27.3.1' },
      contexts: [{ name: 'here', host: `unix://${ENGINE_SOCKET}`, description: 'test', tls: false }],
      cliContext: 'here',
      warnings: [],
    });
  });

  it('an engine that answers is saved and switched to', async () => {
    const overview = await chooser().use({ kind: 'context', name: 'here' });
    expect(overview.chosen).toEqual({ kind: 'context', name: 'here' });
    expect(overview.chosenName).toBe('here');
    expect((await store.settings()).engine).toEqual({ kind: 'context', name: 'here' });
    expect(switches).toBe(1);
  });

  it('choose() switches as use() does and tells what answered (for the CLI to name it)', async () => {
    const result = await chooser().choose({ kind: 'context', name: 'here' });
    expect(result).toMatchObject({ ok: true, name: 'here', endpoint: `unix://${ENGINE_SOCKET}` });
    expect(result.version?.apiVersion).toMatch(/^1\.\d+$/);
    expect((await store.settings()).engine).toEqual({ kind: 'context', name: 'here' });
    expect(switches).toBe(1);
  });

  it('an engine that does not answer: the test words, nothing saved, no switch', async () => {
    const port = await refusedPort();
    const error = await chooser()
      .use({ kind: 'tcp', host: `tcp://127.0.0.1:${port}`, name: 'lab' })
      .catch((e: unknown) => e);
    expect(isStatusError(error, 'ENGINE_UNREACHABLE')).toBe(true);
    expect((error as Error).message).toContain('STATUS Desktop stays on its engine: Nothing answers at');
    expect((await store.settings()).engine).toEqual({ kind: 'default' });
    expect(switches).toBe(0);
  });

  it('refuses to switch while a task runs (BUSY), naming it', async () => {
    tasks = [{ id: 't1', kind: 'up', services: [], startedAt: 0, state: 'running' }];
    const error = await chooser()
      .use({ kind: 'context', name: 'here' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ error: { code: 'BUSY' } });
    expect((error as Error).message).toContain('while a task runs (up)');
    expect(switches).toBe(0);
  });
});
