import type { NetworkInterfaceInfo } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadComposeProject } from './compose/load.js';
import { StatusError } from './errors.js';
import { defaultSettings } from './settings/settings.js';
import {
  changedServices,
  hostNameSchema,
  shareAddresses,
  shareChoices,
  sharePatch,
  sharedUrls,
  stopSharingPatch,
} from './sharing.js';

const STACK_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../stack/compose.yaml');

function iface(address: string, internal = false, family: 'IPv4' | 'IPv6' = 'IPv4'): NetworkInterfaceInfo {
  return {
    address,
    netmask: '255.255.255.0',
    family,
    mac: '00:00:00:00:00:00',
    internal,
    cidr: null,
    ...(family === 'IPv6' ? { scopeid: 0 } : {}),
  } as NetworkInterfaceInfo;
}

const INTERFACES = {
  lo: [iface('127.0.0.1', true), iface('::1', true, 'IPv6')],
  eth0: [iface('192.0.2.2'), iface('fe80::1', false, 'IPv6')],
  wlan0: [iface('198.51.100.7')],
};

describe('share choices', () => {
  it('offers every non-loopback IPv4 address with its interface, and a valid host name', () => {
    expect(shareAddresses(INTERFACES)).toEqual([
      { address: '192.0.2.2', interface: 'eth0' },
      { address: '198.51.100.7', interface: 'wlan0' },
    ]);
    expect(shareChoices(INTERFACES, 'status-pc').hostName).toBe('status-pc');
    // A name others can't resolve is not offered (the operator may still type one).
    expect(shareChoices(INTERFACES, 'localhost').hostName).toBeNull();
    expect(shareChoices(INTERFACES, 'my_pc').hostName).toBeNull();
  });
});

describe('sharePatch', () => {
  const choices = shareChoices(INTERFACES, 'status-pc');

  it('binds the chosen address and makes it the public URL, together', () => {
    expect(sharePatch({ address: '192.0.2.2' }, 3000, choices)).toEqual({
      bindAddress: '192.0.2.2',
      publicUrl: 'http://192.0.2.2:3000',
    });
  });

  it('binds every interface for a host name (it may resolve to any of them)', () => {
    expect(sharePatch({ hostName: 'Status-PC.local' }, 8080, choices)).toEqual({
      bindAddress: '0.0.0.0',
      publicUrl: 'http://status-pc.local:8080',
    });
  });

  it('refuses an address that is not one of this machine, naming the ones it can use', () => {
    const error = (() => {
      try {
        sharePatch({ address: '203.0.113.9' }, 3000, choices);
      } catch (e) {
        return e;
      }
    })() as StatusError;
    expect(error).toBeInstanceOf(StatusError);
    expect(error.code).toBe('SETTINGS_INVALID');
    expect(error.message).toBe('203.0.113.9 is not a network address of this computer.');
    expect(error.hint).toContain('192.0.2.2, 198.51.100.7');
    expect(() => sharePatch({ address: '127.0.0.1' }, 3000, choices)).toThrow(/not a network address/);
  });

  it('refuses host names others could not use', () => {
    for (const bad of ['localhost', 'a.localhost', 'under_score', '-dash', 'sp ace', '10.0.0.1', '']) {
      expect(() => sharePatch({ hostName: bad }, 3000, choices), bad).toThrow(StatusError);
    }
    expect(hostNameSchema.safeParse('status.example.org').success).toBe(true);
  });

  it('stopping goes back to loopback and a derived public URL', () => {
    expect(stopSharingPatch()).toEqual({ bindAddress: '127.0.0.1', publicUrl: null });
  });
});

describe('sharedUrls', () => {
  const base = defaultSettings();
  it('is empty on loopback, the public URL when sharing chose it, the addresses for a hand-set bind', () => {
    expect(sharedUrls(base, 3000)).toEqual([]);
    expect(
      sharedUrls(
        { bindAddress: '192.0.2.2', publicUrl: 'http://192.0.2.2:3000', publicUrlDerived: false },
        3000,
      ),
    ).toEqual(['http://192.0.2.2:3000/']);
    expect(
      sharedUrls(
        { bindAddress: '0.0.0.0', publicUrl: 'http://localhost:3000', publicUrlDerived: true },
        3000,
        () => ['192.0.2.2'],
      ),
    ).toEqual(['http://192.0.2.2:3000/']);
  });
});

/** Every required secret of stack/compose.yaml, with a stand-in value. */
const SECRETS = Object.fromEntries(
  [
    'STATUS_DB_PASSWORD',
    'STATUS_GRAFANA_DB_PASSWORD',
    'STATUS_GRAFANA_OWNER_DB_PASSWORD',
    'STATUS_MONGO_PASSWORD',
    'STATUS_REDIS_PASSWORD',
    'STATUS_NODERED_ADMIN_HASH',
    'STATUS_NODERED_CREDENTIAL_SECRET',
    'STATUS_NODERED_HTTP_HASH',
    'STATUS_GRAFANA_ADMIN_PASSWORD',
    'STATUS_JWT_SECRET',
    'STATUS_REFRESH_JWT_SECRET',
    'STATUS_SECRETS_KEY',
    'STATUS_ADMIN_PASSWORD',
    'STATUS_NODERED_HTTP_PASSWORD',
  ].map((name) => [name, `secret-of-${name}`]),
);

/** The real Compose file, every profile on (the ledger publishes no port, but it is checked too). */
function loadStack(extra: Record<string, string> = {}) {
  return loadComposeProject({
    file: STACK_FILE,
    // Not shared: the public URL the settings give a local install.
    env: { ...SECRETS, STATUS_PUBLIC_URL: 'http://localhost:3000', ...extra },
    projectName: 'status',
    profiles: ['ledger'],
  });
}

describe('the real stack/compose.yaml when shared', () => {
  const shared = { STATUS_BIND_ADDRESS: '192.0.2.2', STATUS_PUBLIC_URL: 'http://192.0.2.2:3000' };

  it('publishes only the reverse proxy on the shared address; every other port stays on 127.0.0.1', async () => {
    const { project } = await loadStack(shared);
    const published = Object.values(project.services).flatMap((s) =>
      s.ports.map((p) => ({ service: s.name, hostIp: p.hostIp, hostPort: p.hostPort })),
    );
    expect(published.length).toBeGreaterThan(5);
    for (const port of published) {
      expect(port.hostIp, `${port.service}:${port.hostPort}`).toBe(
        port.service === 'reverse-proxy' ? '192.0.2.2' : '127.0.0.1',
      );
    }
    expect(published.filter((p) => p.service === 'reverse-proxy')).toHaveLength(1);
  });

  it('changes the containers of exactly the services that use the bind address or the public URL', async () => {
    const { project: before } = await loadStack();
    const { project: after } = await loadStack(shared);
    expect(changedServices(before, after)).toEqual(['grafana', 'nodered', 'reverse-proxy', 'status-backend']);
    expect(changedServices(after, after)).toEqual([]);
  });
});
