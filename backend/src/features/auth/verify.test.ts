// GET /api/v1/auth/verify on the real app (real PostgreSQL and Redis): the reverse proxy's
// auth_request for Grafana. Role mapping, the three ways a token comes, and every way one fails.
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { authServices } from './index.js';
import { grafanaRole } from './verify.js';
import { ROLES, type Role, type TokenUser } from './tokens.js';

let app: TestApp;
const VERIFY = '/api/v1/auth/verify';

const users: Record<Role, TokenUser> = {
  ADMIN: { id: '101', username: 'ada', role: 'ADMIN', email: 'ada@example.test' },
  DEVELOPER: { id: '102', username: 'dev', role: 'DEVELOPER', email: 'dev@example.test' },
  USER: { id: '103', username: 'ursula', role: 'USER', email: null },
};

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  app.deps.clock = undefined;
  await app?.close();
});

const issue = (u: TokenUser) => authServices(app.deps).tokens.issue(u);
const verify = (headers: Record<string, string> = {}) => app.fetch(VERIFY, { headers });

describe('grafanaRole', () => {
  it('maps ADMIN → Admin, DEVELOPER → Editor, USER → Viewer', () => {
    expect(ROLES.map((r) => grafanaRole(r))).toEqual(['Admin', 'Editor', 'Viewer']);
  });
});

describe('GET /auth/verify', () => {
  it.each(ROLES)('names a signed-in %s and the Grafana role, in the body and headers', async (role) => {
    const u = users[role];
    const t = await issue(u);
    const res = await verify({ cookie: `accessToken=${t.accessToken}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ username: u.username, email: u.email ?? '', role });
    expect(res.headers.get('x-status-user')).toBe(u.username);
    expect(res.headers.get('x-status-email')).toBe(u.email ?? '');
    expect(res.headers.get('x-status-role')).toBe(role);
    expect(res.headers.get('x-grafana-role')).toBe(
      { ADMIN: 'Admin', DEVELOPER: 'Editor', USER: 'Viewer' }[role],
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('takes the token from Authorization: Bearer and from x-access-token too', async () => {
    const t = await issue(users.DEVELOPER);
    const bearer = await verify({ authorization: `Bearer ${t.accessToken}` });
    expect(bearer.status).toBe(200);
    expect(bearer.headers.get('x-status-user')).toBe('dev');
    const header = await verify({ 'x-access-token': t.accessToken });
    expect(header.status).toBe(200);
    expect(header.headers.get('x-grafana-role')).toBe('Editor');
  });

  it('401 without a token, with no user headers', async () => {
    const res = await verify();
    expect(res.status).toBe(401);
    expect((await res.json()).message).toMatch(/sign in/i);
    expect(res.headers.get('x-status-user')).toBeNull();
    expect(res.headers.get('x-grafana-role')).toBeNull();
  });

  it('401 for a forged token (signed with another key) and for garbage', async () => {
    const forged = jwt.sign(
      { sub: '101', username: 'ada', role: 'ADMIN', fam: 'x', jti: 'y' },
      'not-the-secret-not-the-secret-not-the',
      { algorithm: 'HS256', expiresIn: 600 },
    );
    for (const token of [forged, 'garbage']) {
      const res = await verify({ cookie: `accessToken=${token}` });
      expect(res.status).toBe(401);
      expect((await res.json()).message).toMatch(/not valid/);
      expect(res.headers.get('x-status-user')).toBeNull();
    }
  });

  it('401 for a refresh token presented as an access token', async () => {
    const t = await issue(users.ADMIN);
    const res = await verify({ authorization: `Bearer ${t.refreshToken}` });
    expect(res.status).toBe(401);
  });

  it('401 for an expired token', async () => {
    const t = await issue(users.ADMIN);
    app.deps.clock = () => Date.now() + 16 * 60 * 1000;
    try {
      const res = await verify({ cookie: `accessToken=${t.accessToken}` });
      expect(res.status).toBe(401);
      expect((await res.json()).message).toMatch(/expired/);
    } finally {
      app.deps.clock = undefined;
    }
  });

  it('401 once the session is signed out (revoked family), though the token has not expired', async () => {
    const t = await issue(users.USER);
    expect((await verify({ cookie: `accessToken=${t.accessToken}` })).status).toBe(200);
    await authServices(app.deps).tokens.revokeFamily(t.family);
    const res = await verify({ cookie: `accessToken=${t.accessToken}` });
    expect(res.status).toBe(401);
    expect((await res.json()).message).toMatch(/ended/);
  });

  it('401 after a real sign-out through the API', async () => {
    const t = await issue(users.ADMIN);
    const cookie = `accessToken=${t.accessToken}; refreshToken=${t.refreshToken}`;
    const out = await app.fetch('/api/v1/users/signOut', { method: 'POST', headers: { cookie } });
    expect(out.status).toBeLessThan(300);
    expect((await verify({ cookie })).status).toBe(401);
  });

  it('does not read the database (answers while PostgreSQL is unreachable)', async () => {
    const t = await issue(users.ADMIN);
    const query = app.deps.db.query.bind(app.deps.db);
    let queries = 0;
    app.deps.db.query = ((...args: Parameters<typeof query>) => {
      queries += 1;
      return query(...args);
    }) as typeof app.deps.db.query;
    try {
      const res = await verify({ cookie: `accessToken=${t.accessToken}` });
      expect(res.status).toBe(200);
      expect(queries).toBe(0);
    } finally {
      app.deps.db.query = query;
    }
  });
});
