// The launcher without a reachable engine (DOCKER_HOST names a socket nobody listens on): it still
// opens, status says the engine is not connected and why, commands answer with the ENGINE_* error
// and its hint, and everything that needs no engine (settings, setup, secrets) keeps working.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectStatus } from '../api/contract.js';
import { callMethod } from '../api/dispatch.js';
import { apiErrorOf } from '../api/errors.js';
import { createLauncher, type Launcher } from './launcher.js';

let home: string;
let launcher: Launcher;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'st-launcher-down-'));
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: `unix://${join(home, 'no-engine.sock')}` };
  delete env.DOCKER_CONTEXT;
  launcher = await createLauncher({ home, env, onWarning: () => {} });
});
afterAll(async () => {
  await launcher?.close();
  await rm(home, { recursive: true, force: true });
});

describe('LauncherApi without an engine', () => {
  it('shows the engine as not connected, with the reason, for every service', async () => {
    const status = await new Promise<ProjectStatus>((resolve) => {
      const off = launcher.onStatus((s) => {
        queueMicrotask(() => off());
        resolve(s);
      });
    });
    expect(status.engine).not.toBe('connected');
    expect(status.engineError).toMatch(/\S/);
    expect(Object.keys(status.services)).toContain('postgres');
  });

  it('answers commands and engine queries with the ENGINE_* error and what to do', async () => {
    for (const call of [
      () => launcher.up(),
      () => launcher.stats(),
      () => launcher.logs({ services: [], tail: 10 }),
    ]) {
      const error = apiErrorOf(
        await call().then(
          () => undefined,
          (e: unknown) => e,
        ),
      );
      expect(error.code).toMatch(/^ENGINE_/);
      expect(error.hint).toMatch(/\S/);
    }
    const diagnosis = await launcher.diagnose();
    expect(diagnosis.ok).toBe(false);
    expect(diagnosis.problem?.hint).toMatch(/\S/);
  });

  it('still runs first-run setup: secrets, admin account, settings, and remembers it is done', async () => {
    const before = await launcher.setupState();
    expect(before.done).toBe(false);
    expect(before.engine.ok).toBe(false);
    expect(before.ports).toEqual([]);

    const credentials = await launcher.completeSetup({ adminUsername: 'operator' });
    expect(credentials.username).toBe('operator');
    expect(credentials.password.length).toBeGreaterThanOrEqual(20);
    expect(await launcher.adminCredentials()).toEqual(credentials);
    const after = await launcher.setupState();
    expect(after.done).toBe(true);
    expect(after.secrets.generated).toBe(true);
    expect((await stat(join(home, 'launcher-state.json'))).mode & 0o777).toBe(0o600);

    const secrets = await launcher.saveSecrets({ openAiKey: 'sk-test-value' });
    expect(secrets).toMatchObject({ openAiKey: true, githubClientId: false });
    expect(JSON.stringify(await launcher.settings())).not.toContain('sk-test-value');

    const settings = await launcher.saveSettings({ ports: { http: 3999 }, closeAction: 'stop' });
    expect(settings.ports.http).toBe(3999);
    expect(settings.closeAction).toBe('stop');
    expect(settings.defaultImages.postgres).toMatch(/^postgres:/);
    expect((await launcher.urls()).status).toBe('http://localhost:3999/');
  });

  it('names the field of a setting the engine refuses, and changes nothing', async () => {
    const error = apiErrorOf(
      await launcher.saveSettings({ bindAddress: 'not-an-ip' }).then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    expect(error.code).toBe('SETTINGS_INVALID');
    expect(error.message).toContain('bindAddress');
    expect((await launcher.settings()).bindAddress).toBe('127.0.0.1');
  });

  it('shares on an offered address (bind address and public URL together, the services to restart) and stops sharing', async () => {
    const choices = await launcher.shareChoices();
    const own = choices.addresses[0]?.address;
    if (!own) throw new Error('This machine has no non-loopback IPv4 address: connect it to a network.');
    const shared = await launcher.share({ address: own });
    expect(shared.settings).toMatchObject({
      bindAddress: own,
      publicUrl: `http://${own}:${choices.port}`,
      publicUrlDerived: false,
    });
    expect(shared.urls.status).toBe(`http://${own}:${choices.port}/`);
    expect(shared.urls.shared).toEqual([`http://${own}:${choices.port}/`]);
    expect(shared.restart).toEqual(['grafana', 'nodered', 'reverse-proxy', 'status-backend']);

    // Not one of this machine's addresses: refused, nothing changed.
    const refused = apiErrorOf(
      await launcher.share({ address: '203.0.113.77' }).then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    expect(refused).toMatchObject({ code: 'SETTINGS_INVALID' });
    expect(refused.hint).toContain(own);
    expect((await launcher.settings()).bindAddress).toBe(own);
    // The wrong shape never reaches the launcher.
    const shape = await callMethod(launcher, 'share', [{ address: 'status-pc' }]);
    expect(shape).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    const stopped = await launcher.stopSharing();
    expect(stopped.settings).toMatchObject({ bindAddress: '127.0.0.1', publicUrlDerived: true });
    expect(stopped.urls.shared).toEqual([]);
    expect(stopped.restart).toEqual(['grafana', 'nodered', 'reverse-proxy', 'status-backend']);
  });

  it('refuses an unknown service before anything else', async () => {
    const error = apiErrorOf(
      await launcher.startService('nope').then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    expect(error).toMatchObject({ code: 'NOT_FOUND' });
    expect(error.hint).toContain('postgres');
    expect(() => launcher.onLogs({ services: ['nope'] }, () => {})).toThrow(/no service called "nope"/);
  });
});
