// Who may talk to `status-desktop serve`: a request must carry the token (Authorization: Bearer,
// or the httpOnly cookie set when the page was opened with ?token=), and name this server in its
// Host (and Origin, when a browser sends one) — a DNS-rebinding page can't do either.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { readTextIfExists, writeFileAtomic } from '../engine/settings/files.js';

export const TOKEN_COOKIE = 'status_desktop_token';
export const TOKEN_FILE = 'serve-token';

/** Equal strings, compared in constant time (lengths hidden by hashing first). */
export function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    if (part.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(part.slice(at + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The token of a request: Bearer header first, then the cookie. */
export function requestToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return cookieValue(req.headers.cookie, TOKEN_COOKIE);
}

export function isAuthorized(req: IncomingMessage, token: string): boolean {
  const given = requestToken(req);
  return given !== undefined && sameToken(given, token);
}

/** The token: the one given, else the one stored in the settings folder, else a new one stored there (0600). */
export async function resolveServeToken(
  home: string,
  given?: string,
): Promise<{ token: string; stored?: string }> {
  if (given) {
    if (given.length < 16) throw new Error('The token must be at least 16 characters long.');
    return { token: given };
  }
  const file = join(home, TOKEN_FILE);
  const existing = (await readTextIfExists(file))?.trim();
  if (existing && existing.length >= 16) return { token: existing, stored: file };
  const token = randomBytes(32).toString('base64url');
  await writeFileAtomic(file, `${token}\n`, 0o600);
  return { token, stored: file };
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** Host names a browser may use to reach a server bound to `bindHost`. */
export function allowedHostNames(bindHost: string): Set<string> {
  const names = new Set<string>(LOOPBACK_NAMES);
  if (bindHost === '0.0.0.0' || bindHost === '::') {
    for (const a of Object.values(networkInterfaces()).flat()) {
      if (a) names.add(a.family === 'IPv6' ? `[${a.address}]` : a.address);
    }
  } else if (!isLoopback(bindHost)) {
    names.add(bindHost.includes(':') ? `[${bindHost}]` : bindHost);
  }
  return names;
}

/** True when `Host` (and `Origin`, if any) name this server: host:port with an allowed host name. */
export function hostAllowed(req: IncomingMessage, names: Set<string>, port: number): boolean {
  const matches = (hostPort: string) => {
    const lower = hostPort.toLowerCase();
    const at = lower.lastIndexOf(':');
    if (at < 0 || lower.endsWith(']')) return false;
    return names.has(lower.slice(0, at)) && Number(lower.slice(at + 1)) === port;
  };
  const host = req.headers.host;
  if (!host || !matches(host)) return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && matches(url.host.includes(':') ? url.host : `${url.host}:80`);
  } catch {
    return false;
  }
}
