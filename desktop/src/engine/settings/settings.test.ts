import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStatusError, type StatusError } from '../errors.js';
import { DEFAULT_PORTS, defaultSettings, loadSettings, saveSettings } from './settings.js';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'status-settings-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

async function expectInvalid(promise: Promise<unknown>): Promise<StatusError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isStatusError(error, 'SETTINGS_INVALID')).toBe(true);
  return error as StatusError;
}

describe('loadSettings', () => {
  it('returns the defaults when there is no file, and writes nothing', async () => {
    const settings = await loadSettings(home);
    expect(settings).toEqual(defaultSettings());
    expect(settings).toMatchObject({
      projectName: 'status',
      bindAddress: '127.0.0.1',
      publicUrl: 'http://localhost:3000',
      publicUrlDerived: true,
      ports: DEFAULT_PORTS,
      images: {},
      adminUsername: 'admin',
      grafanaAnonymous: false,
      ledger: false,
      startOnLaunch: false,
      closeAction: 'ask',
    });
    expect(await readdir(home)).toEqual([]);
  });

  it('fills defaults around a partial file and derives publicUrl from ports.http', async () => {
    await writeFile(
      join(home, 'settings.json'),
      JSON.stringify({ ports: { http: 8080 }, bindAddress: '0.0.0.0' }),
    );
    const settings = await loadSettings(home);
    expect(settings.ports).toEqual({ ...DEFAULT_PORTS, http: 8080 });
    expect(settings.publicUrl).toBe('http://localhost:8080');
    expect(settings.bindAddress).toBe('0.0.0.0');
  });

  it('names the file, the key path and the problem for a wrong value', async () => {
    const file = join(home, 'settings.json');
    await writeFile(file, JSON.stringify({ ports: { grafana: 70000 } }));
    const error = await expectInvalid(loadSettings(home));
    expect(error.message).toContain(file);
    expect(error.message).toContain('ports.grafana');
    expect(error.message).toContain('65535');
    expect(error.hint).toMatch(/delete the file/);
    expect(error.details).toMatchObject({ file, issues: [{ path: 'ports.grafana' }] });
  });

  it('reports duplicate ports on the second key', async () => {
    await writeFile(join(home, 'settings.json'), JSON.stringify({ ports: { backend: 3000 } }));
    const error = await expectInvalid(loadSettings(home));
    expect(error.message).toContain('ports.backend');
    expect(error.message).toContain('ports.http');
  });

  it('reports a duplicate of a default port too', async () => {
    await writeFile(join(home, 'settings.json'), JSON.stringify({ ports: { grafana: 5432 } }));
    const error = await expectInvalid(loadSettings(home));
    expect(error.message).toMatch(/ports\.(grafana|postgres) is 5432/);
  });

  it('names unknown (misspelt) keys', async () => {
    await writeFile(
      join(home, 'settings.json'),
      JSON.stringify({ prots: { http: 1 }, images: { postgress: 'x' } }),
    );
    const error = await expectInvalid(loadSettings(home));
    expect(error.message).toContain('prots is not a known setting');
    expect(error.message).toContain('images.postgress is not a known setting');
  });

  it('reports invalid JSON with the file name and leaves the file alone', async () => {
    const file = join(home, 'settings.json');
    await writeFile(file, '{ "ports": ');
    const error = await expectInvalid(loadSettings(home));
    expect(error.message).toContain(file);
    expect(error.message).toContain('not valid JSON');
    expect(await readFile(file, 'utf8')).toBe('{ "ports": ');
    // Saving does not overwrite a broken file either.
    await expectInvalid(saveSettings({ startOnLaunch: true }, home));
    expect(await readFile(file, 'utf8')).toBe('{ "ports": ');
  });

  it.each([
    [{ bindAddress: 'localhost' }, 'bindAddress'],
    [{ bindAddress: '300.1.1.1' }, 'bindAddress'],
    [{ adminUsername: 'Admin' }, 'adminUsername'],
    [{ adminUsername: 'ab' }, 'adminUsername'],
    [{ closeAction: 'quit' }, 'closeAction'],
    [{ publicUrl: 'ftp://x' }, 'publicUrl'],
    [{ publicUrl: 'http://x/status' }, 'publicUrl'],
    [{ images: { grafana: 'grafana oss' } }, 'images.grafana'],
    [{ ports: { http: 0 } }, 'ports.http'],
    [{ ports: { http: '3000' } }, 'ports.http'],
    [{ grafanaAnonymous: 'yes' }, 'grafanaAnonymous'],
    [{ ledger: 'on' }, 'ledger'],
    [{ projectName: 'My Stack' }, 'projectName'],
  ])('rejects %j naming %s', async (content, path) => {
    await writeFile(join(home, 'settings.json'), JSON.stringify(content));
    const error = await expectInvalid(loadSettings(home));
    expect(error.message).toContain(`${path} `);
  });

  it('rejects a file that is not an object', async () => {
    await writeFile(join(home, 'settings.json'), '[1,2]');
    const error = await expectInvalid(loadSettings(home));
    expect(error.message).toContain('must be a JSON object');
  });
});

describe('saveSettings', () => {
  it('writes atomically with mode 0600, leaving no temp file, and round-trips', async () => {
    const saved = await saveSettings(
      { ports: { http: 8080 }, images: { grafana: 'mirror.local/grafana-oss:11.4.0' } },
      home,
    );
    expect(saved.ports.http).toBe(8080);
    expect(saved.publicUrl).toBe('http://localhost:8080');
    expect(saved.images).toEqual({ grafana: 'mirror.local/grafana-oss:11.4.0' });
    const file = join(home, 'settings.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(home)).toEqual(['settings.json']);
    expect(await loadSettings(home)).toEqual(saved);
    // The derived publicUrl is not frozen into the file: it follows ports.http.
    expect(JSON.parse(await readFile(file, 'utf8'))).not.toHaveProperty('publicUrl');
    expect((await saveSettings({ ports: { http: 9090 } }, home)).publicUrl).toBe('http://localhost:9090');
  });

  it('merges patches, and null removes an override', async () => {
    await saveSettings(
      { publicUrl: 'https://status.example.org/', images: { grafana: 'g:1', mongo: 'm:1' } },
      home,
    );
    let settings = await loadSettings(home);
    expect(settings.publicUrl).toBe('https://status.example.org');
    expect(settings.publicUrlDerived).toBe(false);
    settings = await saveSettings({ publicUrl: null, images: { grafana: null }, closeAction: 'stop' }, home);
    expect(settings.publicUrl).toBe('http://localhost:3000');
    expect(settings.images).toEqual({ mongo: 'm:1' });
    expect(settings.closeAction).toBe('stop');
  });

  it('keeps the engine choice whole (certificate paths, never their contents); null goes back to the default', async () => {
    expect((await loadSettings(home)).engine).toEqual({ kind: 'default' });
    const remote = {
      kind: 'tcp' as const,
      host: 'tcp://10.0.0.5:2376',
      name: 'remote-1',
      tls: { ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem' },
    };
    expect((await saveSettings({ engine: remote }, home)).engine).toEqual(remote);
    expect((await saveSettings({ engine: { kind: 'context', name: 'colima' } }, home)).engine).toEqual({
      kind: 'context',
      name: 'colima',
    });
    expect((await saveSettings({ engine: null }, home)).engine).toEqual({ kind: 'default' });
    const error = await expectInvalid(saveSettings({ engine: { kind: 'tcp', host: 'tcp://h' } }, home));
    expect(error.message).toContain('engine.host');
  });

  it('refuses an invalid patch and writes nothing', async () => {
    await saveSettings({ startOnLaunch: true }, home);
    const before = await readFile(join(home, 'settings.json'), 'utf8');
    const error = await expectInvalid(saveSettings({ ports: { backend: 3000 } }, home));
    expect(error.message).toContain('ports.backend');
    expect(error.hint).toContain('nothing was changed');
    expect(await readFile(join(home, 'settings.json'), 'utf8')).toBe(before);
    expect(await readdir(home)).toEqual(['settings.json']);
  });

  it('creates the config folder with 0700 when missing', async () => {
    const nested = join(home, 'new-home');
    await saveSettings({ grafanaAnonymous: true }, nested);
    expect((await stat(nested)).mode & 0o777).toBe(0o700);
    expect((await loadSettings(nested)).grafanaAnonymous).toBe(true);
  });

  it('turns the ledger on and off, keeping the other settings', async () => {
    await saveSettings({ startOnLaunch: true }, home);
    expect((await saveSettings({ ledger: true }, home)).ledger).toBe(true);
    const saved = JSON.parse(await readFile(join(home, 'settings.json'), 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({ ledger: true, startOnLaunch: true });
    expect(await saveSettings({ ledger: false }, home)).toMatchObject({ ledger: false, startOnLaunch: true });
  });

  it('keeps the backup schedule (off, keep 7 by default); a patch changes only the keys it names', async () => {
    expect((await loadSettings(home)).backupSchedule).toEqual({ every: 'off', keep: 7 });
    expect((await saveSettings({ backupSchedule: { every: 'day' } }, home)).backupSchedule).toEqual({
      every: 'day',
      keep: 7,
    });
    expect((await saveSettings({ backupSchedule: { keep: 3 } }, home)).backupSchedule).toEqual({
      every: 'day',
      keep: 3,
    });
    for (const bad of [{ every: 'hourly' }, { keep: 0 }, { keep: 2.5 }, { keep: 366 }]) {
      const error = await expectInvalid(saveSettings({ backupSchedule: bad as never }, home));
      expect(error.message).toContain('backupSchedule.');
    }
    expect((await loadSettings(home)).backupSchedule).toEqual({ every: 'day', keep: 3 });
  });

  it('accepts image overrides for the Node-RED base and the ledger', async () => {
    const settings = await saveSettings(
      { images: { noderedBase: 'mirror.local/node-red:4.0.9-22', ledger: 'mirror.local/blockchain:1.0.0' } },
      home,
    );
    expect(settings.images).toEqual({
      noderedBase: 'mirror.local/node-red:4.0.9-22',
      ledger: 'mirror.local/blockchain:1.0.0',
    });
  });
});
