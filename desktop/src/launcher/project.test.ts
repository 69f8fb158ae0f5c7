import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSettingsStore, type SettingsStore } from '../engine/settings/index.js';
import { defaultComposeFile, loadProject } from './project.js';

let home: string;
let store: SettingsStore;

beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'status-project-'));
  store = await openSettingsStore({ home, onWarning: () => undefined });
  await store.ensureSecrets();
});
afterEach(() => rm(home, { recursive: true, force: true }));

const load = async (env: NodeJS.ProcessEnv = {}) =>
  (await loadProject({ store, composeFile: defaultComposeFile({}), env })).project;

describe('loadProject with a registry mirror', () => {
  it('downloads every image through the mirror setting; our built images keep their names', async () => {
    const before = await load();
    await store.saveSettings({ registryMirror: 'mirror.example.com:5000/hub' });
    const after = await load();
    expect(before.services.postgres!.image).toMatch(/^postgres:/);
    expect(after.services.postgres!.image).toBe(
      `mirror.example.com:5000/hub/library/${before.services.postgres!.image}`,
    );
    expect(after.services['status-backend']!.image).toBe(before.services['status-backend']!.image);
    expect(after.services['status-backend']!.build!.args.NODE_IMAGE).toMatch(
      /^mirror\.example\.com:5000\/hub\/library\/node:/,
    );
  });

  it('takes STATUS_REGISTRY_MIRROR over the setting, and refuses a mirror that is not a registry', async () => {
    await store.saveSettings({ registryMirror: 'mirror.example.com' });
    const project = await load({ STATUS_REGISTRY_MIRROR: 'other.local' });
    expect(project.services.postgres!.image).toMatch(/^other\.local\/library\/postgres:/);
    await expect(store.saveSettings({ registryMirror: 'not a host!' })).rejects.toThrow(/registryMirror/);
    await store.saveSettings({ registryMirror: null });
    expect((await load()).services.postgres!.image).toMatch(/^postgres:/);
  });
});
