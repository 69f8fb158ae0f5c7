import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSettingsStore, type SecretCipher } from './index.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'status-store-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('openSettingsStore', () => {
  it('ties settings, secrets and the stack env together in one folder', async () => {
    const home = join(root, 'home');
    const warnings: string[] = [];
    const store = await openSettingsStore({ home, onWarning: (w) => warnings.push(w) });
    expect(store.home).toBe(home);
    expect((await stat(home)).mode & 0o777).toBe(0o700);

    await store.saveSettings({ ports: { http: 8088 } });
    const secrets = await store.secrets();
    await store.setOperatorSecrets({ openaiModel: 'gpt-4o' });
    const env = await store.stackEnv();
    expect(env.STATUS_HTTP_PORT).toBe('8088');
    expect(env.STATUS_PUBLIC_URL).toBe('http://localhost:8088');
    expect(env.STATUS_DB_PASSWORD).toBe(secrets.dbPassword);
    expect(env.STATUS_OPENAI_MODEL).toBe('gpt-4o');

    const path = await store.writeStackEnv();
    expect(path).toBe(join(home, 'stack.env'));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const text = await readFile(path, 'utf8');
    expect(text).toContain("COMPOSE_PROJECT_NAME='status'\n");
    expect(text).toContain(`STATUS_NODERED_ADMIN_HASH='${secrets.adminPasswordHash}'\n`);
    expect((await readdir(home)).sort()).toEqual(['secrets.json', 'settings.json', 'stack.env']);
    expect(warnings).toEqual([]);

    // A second store on the same folder sees the same secrets.
    const again = await openSettingsStore({ home });
    expect((await again.secrets()).dbPassword).toBe(secrets.dbPassword);
  }, 60_000);

  it('uses STATUS_DESKTOP_HOME when no home is given', async () => {
    const previous = process.env.STATUS_DESKTOP_HOME;
    process.env.STATUS_DESKTOP_HOME = join(root, 'from-env');
    try {
      const store = await openSettingsStore();
      expect(store.home).toBe(join(root, 'from-env'));
      expect((await stat(store.home)).isDirectory()).toBe(true);
    } finally {
      if (previous === undefined) delete process.env.STATUS_DESKTOP_HOME;
      else process.env.STATUS_DESKTOP_HOME = previous;
    }
  });

  it("replaces every secret at once (a restored backup) encrypted with the store's cipher", async () => {
    const cipher: SecretCipher = {
      id: 'test-reverse',
      encrypt: (plain) => Buffer.from([...plain].reverse().join(''), 'utf8').toString('base64'),
      decrypt: (data) => [...Buffer.from(data, 'base64').toString('utf8')].reverse().join(''),
    };
    const from = await openSettingsStore({ home: join(root, 'old'), cipher, onWarning: () => {} });
    const backedUp = await from.secrets();
    const to = await openSettingsStore({ home: join(root, 'new'), cipher, onWarning: () => {} });
    await to.secrets();
    const replaced = await to.replaceSecrets({ ...backedUp } as unknown as Record<string, string>);
    expect(replaced.dbPassword).toBe(backedUp.dbPassword);
    expect((await to.secrets()).dbPassword).toBe(backedUp.dbPassword);
    const text = await readFile(join(root, 'new', 'secrets.json'), 'utf8');
    expect(text).not.toContain(backedUp.dbPassword);
    expect(JSON.parse(text).generated.dbPassword).toEqual({
      encrypted: 'test-reverse',
      data: expect.any(String),
    });
  });
});
