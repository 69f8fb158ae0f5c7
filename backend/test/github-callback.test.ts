// The GitHub callback URL the stack gives the backend (stack/compose.yaml, GH_CALLBACK_URL) must be
// a route the backend serves: GitHub sends the browser there after sign-in, so a mismatch strands
// every GitHub sign-in on a 404 (it did: `/backend/users/auth/github/callback`). The URL is derived
// the way a request travels: compose's value → the reverse proxy's `/backend/` rewrite
// (stack/proxy/default.conf) → the API path, which must then answer something other than 404.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createTestApp, type TestApp } from './helpers.js';

const stackFile = (name: string) => new URL(`../../stack/${name}`, import.meta.url);

/**
 * As Compose interpolates with only STATUS_PUBLIC_URL set (the file requires it: `${VAR:?message}`):
 * that variable → its value, `${VAR:-default}` → default, `${VAR}` → ''.
 */
function interpolateDefaults(value: string): string {
  return value.replace(
    /\$\{([A-Z0-9_]+)(?::?([-?])([^}]*))?\}/g,
    (_m, name: string, op: string | undefined, rest: string | undefined) =>
      name === 'STATUS_PUBLIC_URL' ? 'http://localhost:3000' : op === '-' ? (rest ?? '') : '',
  );
}

function composeCallbackUrl(): string {
  const compose = parse(readFileSync(stackFile('compose.yaml'), 'utf8')) as {
    services: Record<string, { environment?: Record<string, string> }>;
  };
  const value = compose.services['status-backend']?.environment?.GH_CALLBACK_URL;
  if (!value) throw new Error('stack/compose.yaml: status-backend has no GH_CALLBACK_URL');
  return value;
}

/** The proxy's rewrite of `/backend/…` to the backend, e.g. `/api/v1/`. */
function proxyBackendTarget(): string {
  const conf = readFileSync(stackFile('proxy/default.conf'), 'utf8');
  const m = /rewrite\s+\^\/backend\/\(\.\*\)\$\s+(\S+)\$1\b/.exec(conf);
  if (!m) throw new Error('stack/proxy/default.conf: no `rewrite ^/backend/(.*)$ <target>$1` rule found');
  return m[1]!;
}

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({
    env: { GH_CLIENT_ID: 'cid', GH_CLIENT_SECRET: 'csecret', PUBLIC_URL: 'http://localhost:3000' },
  });
});
afterAll(async () => {
  await app?.close();
});

describe("the stack's GitHub callback URL", () => {
  it('is under the public URL and the proxy path of the backend', () => {
    const raw = composeCallbackUrl();
    expect(raw.startsWith('${STATUS_PUBLIC_URL')).toBe(true);
    const url = new URL(interpolateDefaults(raw));
    expect(url.origin).toBe('http://localhost:3000');
    expect(url.pathname.startsWith('/backend/')).toBe(true);
  });

  it('reaches a route the backend serves (no 404)', async () => {
    const { pathname } = new URL(interpolateDefaults(composeCallbackUrl()));
    const apiPath = pathname.replace(/^\/backend\//, proxyBackendTarget());
    expect(apiPath).toBe('/api/v1/users/github/callback');
    // No code: passport starts over (a redirect to GitHub); a bad request would be 400. An unknown
    // path answers 404, or 401 to an anonymous caller (the policy's default), so neither may appear.
    const res = await app.fetch(apiPath, { redirect: 'manual' });
    expect(res.status).not.toBe(404);
    expect(res.status).not.toBe(401);
    expect([200, 302, 400]).toContain(res.status);
    // the backend tells GitHub the same callback URL the stack configured
    const start = await app.fetch('/api/v1/users/github', {
      redirect: 'manual',
      headers: { accept: 'text/html' },
    });
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`http://localhost:3000${pathname}`);
  });
});
