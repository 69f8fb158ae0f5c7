import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../test/fake-electron/index.js'));
import * as electron from '../../test/fake-electron/index.js';
import { expectSecureWebPreferences } from '../../test/fake-electron/assert-secure.js';
import {
  hardenSession,
  isSafeExternalUrl,
  navigationScope,
  secureWebPreferences,
  SECURE_WEB_PREFERENCES,
} from './security.js';

beforeEach(() => electron.resetFakeElectron());

describe('secureWebPreferences', () => {
  it('is sandboxed and isolated, and extras cannot be anything but a preload or a session', () => {
    expectSecureWebPreferences(secureWebPreferences({ preload: '/p.cjs' }) as Record<string, unknown>);
    expect(secureWebPreferences({ preload: '/p.cjs' }).preload).toBe('/p.cjs');
    expect(Object.isFrozen(SECURE_WEB_PREFERENCES)).toBe(true);
  });
});

describe('hardenSession', () => {
  it('denies every permission request and check', () => {
    const ses = electron.session.fromPartition('persist:x');
    hardenSession(ses as never);
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'fullscreen']) {
      expect(ses.requestPermission(permission), permission).toBe(false);
    }
    expect(ses.permissionCheckHandler?.()).toBe(false);
    expect(ses.devicePermissionHandler?.()).toBe(false);
  });
});

describe('isSafeExternalUrl', () => {
  it.each([
    ['https://grafana.com/docs', true],
    ['http://localhost:3000/', true],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://server/share', false],
    ['https://user:pw@example.com/', false],
    ['not a url', false],
  ])('%s → %s', (url, safe) => expect(isSafeExternalUrl(url)).toBe(safe));
});

describe('navigationScope', () => {
  const grafana = navigationScope('http://localhost:3000/grafana/');
  it('allows the same origin under the path prefix', () => {
    expect(grafana('http://localhost:3000/grafana/')).toBe(true);
    expect(grafana('http://localhost:3000/grafana')).toBe(true);
    expect(grafana('http://localhost:3000/grafana/d/abc?x=1')).toBe(true);
  });
  it('refuses other paths, origins, schemes and credentials', () => {
    expect(grafana('http://localhost:3000/node-red/')).toBe(false);
    expect(grafana('http://localhost:3000/grafanax/')).toBe(false);
    expect(grafana('http://localhost:3001/grafana/')).toBe(false);
    expect(grafana('https://localhost:3000/grafana/')).toBe(false);
    expect(grafana('http://evil.example/grafana/')).toBe(false);
    expect(grafana('http://a:b@localhost:3000/grafana/')).toBe(false);
    expect(grafana('file:///grafana/')).toBe(false);
  });
  it('with a root base allows the whole origin', () => {
    const status = navigationScope('http://localhost:3000/');
    expect(status('http://localhost:3000/catalogs/1')).toBe(true);
    expect(status('http://127.0.0.1:3000/')).toBe(false);
  });
});
