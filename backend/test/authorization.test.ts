// Walks the whole route table (routes.ts) as anonymous and as every role, through the real mount
// (http/mount.ts) and real tokens: a route's `access` is the only place that decides, so a new
// route cannot be missed. Handlers are replaced by stubs: this is about who gets in, not what
// the handlers do. Paths not in the table answer 404 for everyone.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticator } from '../src/features/auth/middleware.js';
import type { Role } from '../src/features/auth/tokens.js';
import { dispatchMiddleware } from '../src/http/mount.js';
import type { Access, Route } from '../src/http/route.js';
import { routeTable } from '../src/routes.js';
import { createTestApp, type TestApp } from './helpers.js';

const ROLES: Role[] = ['ADMIN', 'DEVELOPER', 'USER'];
let app: TestApp;
let server: Server;
let base: string;
let routes: Route[];
const tokens: Partial<Record<Role, string>> = {};

beforeAll(async () => {
  app = await createTestApp();
  routes = routeTable(app.deps);
  const stubbed = routes.map((r) => ({ ...r, handler: () => ({ reached: `${r.method} ${r.path}` }) }));
  const probe = express();
  probe.use(
    '/api',
    dispatchMiddleware(stubbed, {
      authenticate: authenticator(app.deps.tokens),
      isDisabled: async () => false,
      parseBody: express.json(),
    }),
  );
  probe.use((_req, res) => void res.status(404).json({ message: 'not found' }));
  probe.use(((err, _req, res, _next) => {
    res.status((err as { status?: number }).status ?? 400).json({ message: 'rejected after access' });
  }) as express.ErrorRequestHandler);
  server = probe.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  for (const [i, role] of ROLES.entries())
    tokens[role] = (
      await app.deps.tokens.issue({ id: String(9000 + i), username: `walk-${role}`, role, email: null })
    ).accessToken;
});
afterAll(async () => {
  server?.close();
  await app?.close();
});

/** A concrete URL for a route pattern: `:id` → 1, `*rest` → openapi.json. */
function concrete(path: string): string {
  return path.replace(/:[A-Za-z0-9_]+/g, '1').replace(/\*[A-Za-z0-9_]+$/, 'x');
}

function allowed(access: Access, role: Role | undefined): boolean {
  if (access === 'public') return true;
  if (!role) return false;
  return access === 'authenticated' || access.includes(role);
}

async function call(
  r: Route,
  role: Role | undefined,
): Promise<{ status: number; body: { message?: string } }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (role) headers.authorization = `Bearer ${tokens[role]}`;
  const res = await fetch(`${base}${concrete(r.path)}`, {
    method: r.method,
    headers,
    body: r.method === 'GET' || r.method === 'DELETE' ? undefined : '{}',
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as { message?: string } };
}

describe('every declared route, for anonymous callers and every role', () => {
  it('has a well-formed, unique declaration with a summary', () => {
    const seen = new Set<string>();
    expect(routes.length).toBeGreaterThan(20);
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
      expect(r.path, key).toMatch(/^\/[A-Za-z0-9/:_*.-]*$/);
      expect(r.summary.length, `${key} has a summary`).toBeGreaterThan(3);
      if (Array.isArray(r.access)) expect(r.access.length, key).toBeGreaterThan(0);
    }
  });

  it('lets in exactly the callers its access names', async () => {
    const failures: string[] = [];
    for (const r of routes)
      for (const role of [undefined, ...ROLES]) {
        const { status, body } = await call(r, role);
        const who = role ?? 'anonymous';
        const denied =
          (status === 401 && body.message === 'No token provided') ||
          (status === 403 && body.message === 'Forbidden');
        if (allowed(r.access, role) && denied) failures.push(`${who} refused by ${r.method} ${r.path}`);
        if (!allowed(r.access, role)) {
          const expected = role ? 403 : 401;
          if (status !== expected) failures.push(`${who} got ${status} from ${r.method} ${r.path}`);
        }
      }
    expect(failures).toEqual([]);
  });

  it('the sensitive rules hold', () => {
    const access = (m: string, p: string) => routes.find((r) => r.method === m && r.path === p)?.access;
    expect(access('GET', '/catalogs')).toBe('authenticated');
    expect(access('DELETE', '/catalogs/:id')).toEqual(['ADMIN', 'DEVELOPER']);
    expect(access('GET', '/docs')).toBe('public');
  });
});
