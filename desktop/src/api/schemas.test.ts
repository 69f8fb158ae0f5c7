import { describe, expect, it } from 'vitest';
import { callMethod } from './dispatch.js';
import { createFakeLauncher } from '../../test/fake-launcher.js';
import { parseMethodArgs } from './schemas.js';

const refused = (method: Parameters<typeof parseMethodArgs>[0], args: unknown[]) => {
  try {
    parseMethodArgs(method, args);
  } catch (error) {
    return (error as { error: { code: string; message: string } }).error;
  }
  throw new Error(`${method}(${JSON.stringify(args)}) was accepted`);
};

describe('backup arguments', () => {
  it('accept a kept backup’s plain name, and the optional requests', () => {
    const name = 'status-status-20261203T153904Z-auto.statusbackup';
    expect(parseMethodArgs('restoreBackup', [name])).toEqual([name]);
    expect(
      parseMethodArgs('restoreBackup', [name, { passphrase: '12345678', allowOtherProject: true }]),
    ).toEqual([name, { passphrase: '12345678', allowOtherProject: true }]);
    expect(parseMethodArgs('deleteBackup', ['copy from laptop (2).statusbackup'])).toEqual([
      'copy from laptop (2).statusbackup',
    ]);
    expect(parseMethodArgs('backup', [])).toEqual([]);
    expect(parseMethodArgs('backup', [{ secretsPassphrase: 'long enough' }])).toEqual([
      { secretsPassphrase: 'long enough' },
    ]);
  });

  it('refuse paths, hidden files, other files and control characters as backup names', () => {
    for (const name of [
      '../secrets.json',
      '../../etc/passwd.statusbackup',
      '/etc/passwd.statusbackup',
      'sub/dir.statusbackup',
      'c:\\windows\\x.statusbackup',
      '.hidden.statusbackup',
      '..statusbackup',
      'notes.txt',
      'line\nbreak.statusbackup',
      '',
      'x'.repeat(300) + '.statusbackup',
    ]) {
      expect(refused('deleteBackup', [name]).code, name).toBe('INVALID_INPUT');
      expect(refused('restoreBackup', [name]).code, name).toBe('INVALID_INPUT');
    }
    expect(refused('deleteBackup', [42]).message).toMatch(/must be the name of a backup file/);
  });

  it('refuse a passphrase shorter than 8 characters and unknown fields', () => {
    expect(refused('backup', [{ secretsPassphrase: 'short' }]).message).toMatch(/at least 8 characters/);
    expect(refused('restoreBackup', ['a.statusbackup', { passphrase: '1234567' }]).code).toBe(
      'INVALID_INPUT',
    );
    expect(refused('restoreBackup', ['a.statusbackup', { force: true }]).code).toBe('INVALID_INPUT');
  });

  it('never reach the launcher when refused', async () => {
    const launcher = createFakeLauncher();
    const result = await callMethod(launcher, 'deleteBackup', ['../x.statusbackup']);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(launcher.calls).toEqual([]);
  });
});

describe('image bundle and mirror arguments', () => {
  it('take a full path for loadImages and refuse a relative one', () => {
    expect(parseMethodArgs('loadImages', ['/media/usb/status.statusimages'])).toEqual([
      '/media/usb/status.statusimages',
    ]);
    expect(refused('loadImages', ['status.statusimages']).message).toMatch(/full path of the file/);
    expect(refused('loadImages', []).code).toBe('INVALID_INPUT');
  });

  it('take a registry mirror or null (removes it) in a settings update', () => {
    expect(parseMethodArgs('saveSettings', [{ registryMirror: 'mirror.local:5000/hub' }])).toEqual([
      { registryMirror: 'mirror.local:5000/hub' },
    ]);
    expect(parseMethodArgs('saveSettings', [{ registryMirror: null }])).toEqual([{ registryMirror: null }]);
    expect(refused('saveSettings', [{ registryMirror: 5000 }]).code).toBe('INVALID_INPUT');
  });
});
