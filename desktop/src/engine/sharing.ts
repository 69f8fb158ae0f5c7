// Sharing STATUS on the local network: which addresses this machine can offer, and the one
// settings change that opens (or closes) the platform to others. Sharing moves two settings
// together, the reverse proxy's bind address and the public URL, because the public URL is what
// Grafana's root URL, the backend's CORS origin and the GitHub callback are built from: changing
// only the bind address leaves every link pointing at the operator's own machine.
import { hostname, networkInterfaces } from 'node:os';
import { z } from 'zod';
import { StatusError } from './errors.js';
import type { ComposeProject } from './compose/types.js';
import type { SettingsPatch } from './settings/settings.js';

export const LOOPBACK = '127.0.0.1';
export const ALL_INTERFACES = '0.0.0.0';

export interface ShareAddress {
  /** An IPv4 address of this machine that is not loopback. */
  address: string;
  /** The interface it belongs to (eth0, en0, Wi-Fi…), so the operator can tell them apart. */
  interface: string;
}

export interface ShareChoices {
  addresses: ShareAddress[];
  /** This machine's host name, when it is a valid DNS name (others may reach it by that name). */
  hostName: string | null;
}

/** The non-loopback IPv4 addresses of this machine, in the order the OS lists them. */
export function shareAddresses(
  interfaces: ReturnType<typeof networkInterfaces> = networkInterfaces(),
): ShareAddress[] {
  const out: ShareAddress[] = [];
  for (const [name, list] of Object.entries(interfaces)) {
    for (const a of list ?? []) {
      if (a.family === 'IPv4' && !a.internal && !a.address.startsWith('127.')) {
        out.push({ address: a.address, interface: name });
      }
    }
  }
  return out;
}

// RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens; at most 253.
const HOST_NAME =
  /^(?=.{1,253}$)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

export const hostNameSchema = z
  .string({ error: 'must be a host name such as "status-pc" or "status.example.org"' })
  .regex(HOST_NAME, {
    error: 'must be a host name: letters, digits and "-", labels separated by "." (e.g. "status-pc.local")',
  })
  .refine((name) => !IPV4.test(name), { error: 'is an address, not a host name' })
  .refine((name) => name.toLowerCase() !== 'localhost' && !name.toLowerCase().endsWith('.localhost'), {
    error: 'is "localhost", which means this computer only: choose a name others can reach',
  });

export function shareChoices(
  interfaces: ReturnType<typeof networkInterfaces> = networkInterfaces(),
  host: string = hostname(),
): ShareChoices {
  const named = hostNameSchema.safeParse(host);
  return { addresses: shareAddresses(interfaces), hostName: named.success ? host : null };
}

/** What the operator chose others should type: one of the offered addresses, or a host name. */
export type ShareTarget = { address: string } | { hostName: string };

/**
 * The settings change for sharing at `target`. An address binds the proxy to that interface only
 * (the narrowest opening that works). A host name binds 0.0.0.0: the name may resolve to any of
 * this machine's addresses (DHCP, mDNS, a second network card), and binding one of them would
 * break the link when it resolves to another.
 */
export function sharePatch(target: ShareTarget, httpPort: number, choices: ShareChoices): SettingsPatch {
  if ('address' in target) {
    const offered = choices.addresses.map((a) => a.address);
    if (!offered.includes(target.address)) {
      throw new StatusError(
        'SETTINGS_INVALID',
        `${target.address} is not a network address of this computer.`,
        offered.length
          ? `Choose one of ${offered.join(', ')}, or a host name; nothing was changed.`
          : 'This computer has no network address right now: connect it to a network, or share by host name.',
        { address: target.address, offered },
      );
    }
    return { bindAddress: target.address, publicUrl: `http://${target.address}:${httpPort}` };
  }
  const parsed = hostNameSchema.safeParse(target.hostName);
  if (!parsed.success) {
    throw new StatusError(
      'SETTINGS_INVALID',
      `"${target.hostName.slice(0, 80)}" can't be used to share STATUS: it ${parsed.error.issues[0]?.message ?? 'is not a host name'}.`,
      'Type the name others use to reach this computer, or choose one of its addresses; nothing was changed.',
      { hostName: target.hostName },
    );
  }
  return { bindAddress: ALL_INTERFACES, publicUrl: `http://${parsed.data.toLowerCase()}:${httpPort}` };
}

/** Back to this machine only: the proxy on loopback and the public URL derived again. */
export function stopSharingPatch(): SettingsPatch {
  return { bindAddress: LOOPBACK, publicUrl: null };
}

/** Stable JSON (sorted keys), so two loads of the same file compare equal. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The services whose container configuration differs between two loads of the Compose file: the
 * ones `up` recreates (its config hash covers the same spec; depends_on and build excepted).
 */
export function changedServices(before: ComposeProject, after: ComposeProject): string[] {
  const spec = (project: ComposeProject, name: string) => {
    const service = project.services[name];
    if (!service) return undefined;
    const { dependsOn: _d, build: _b, ...container } = service;
    return stable(container);
  };
  const names = new Set([...Object.keys(before.services), ...Object.keys(after.services)]);
  return [...names].filter((name) => spec(before, name) !== spec(after, name)).sort();
}

/**
 * The links to give others. When sharing chose an address or name, that is the public URL; a
 * bind address set by hand (settings.json) lists the addresses it opens.
 */
export function sharedUrls(
  settings: { bindAddress: string; publicUrl: string; publicUrlDerived: boolean },
  port: number,
  addresses: () => string[] = () => shareAddresses().map((a) => a.address),
): string[] {
  if (settings.bindAddress === LOOPBACK) return [];
  if (!settings.publicUrlDerived) {
    const host = new URL(settings.publicUrl).hostname;
    if (host !== 'localhost' && !host.startsWith('127.'))
      return [`${settings.publicUrl.replace(/\/$/, '')}/`];
  }
  const ips = settings.bindAddress === ALL_INTERFACES ? addresses() : [settings.bindAddress];
  return ips.map((ip) => `http://${ip}:${port}/`);
}
