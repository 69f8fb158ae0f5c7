// GET /api/v1/auth/verify on the real app (real PostgreSQL and Redis): the reverse proxy's
// auth_request for Grafana. Role mapping, the three ways a token comes, and every way one fails.
import jwt from 'jsonwebtoken';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { UsersRepository } from '../users/repository.js';
import { grafanaRole, sharedLoads } from './verify.js';
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

const issue = (u: TokenUser) => app.deps.tokens.issue(u);
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

  it('stays cheap: one Redis GET for a valid access token (checked once, by the mount)', async () => {
    const t = await issue(users.ADMIN);
    const spy = vi.spyOn(app.deps.redis, 'sendCommand');
    try {
      const res = await verify({ cookie: `accessToken=${t.accessToken}` });
      expect(res.status).toBe(200);
      expect(spy.mock.calls.map(([c]) => c.name)).toEqual(['get']);
    } finally {
      spy.mockRestore();
    }
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
    await app.deps.tokens.revokeFamily(t.family);
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
      // the refresh cookie beside a valid access token changes nothing: no renewal, no cookie
      const res = await verify({ cookie: `accessToken=${t.accessToken}; refreshToken=${t.refreshToken}` });
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(queries).toBe(0);
    } finally {
      app.deps.db.query = query;
    }
  });
});

describe('GET /auth/verify renews an expired session from the refresh cookie', () => {
  // Real users: renewal reads the user from the database (its current name, e-mail and role).
  let seq = 0;
  const signedIn = async (role: Role = 'DEVELOPER') => {
    seq += 1;
    const row = await new UsersRepository(app.deps.db).create({
      username: `renew${seq}`,
      email: `renew${seq}@example.test`,
      role,
      passwordHash: 'x',
    });
    const u: TokenUser = { id: String(row!.id), username: row!.username, role, email: row!.email };
    return { u, t: await issue(u) };
  };
  const later = (minutes: number) => {
    const at = Date.now() + minutes * 60 * 1000;
    app.deps.clock = () => at;
  };
  const accessCookieOf = (res: Response) => {
    const set = res.headers.getSetCookie();
    expect(set).toHaveLength(1); // nginx passes on only the first Set-Cookie of the auth answer
    const m = /^accessToken=([^;]+);/.exec(set[0]!);
    expect(m).not.toBeNull();
    expect(set[0]).toMatch(/Max-Age=900;/);
    expect(set[0]).toMatch(/HttpOnly/);
    return m![1]!;
  };
  afterEach(() => {
    app.deps.clock = undefined;
  });

  it('expired access token + valid refresh cookie → 200 with the user headers and a new access cookie', async () => {
    const { u, t } = await signedIn('ADMIN');
    later(16);
    const res = await verify({ cookie: `accessToken=${t.accessToken}; refreshToken=${t.refreshToken}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ username: u.username, email: u.email, role: 'ADMIN' });
    expect(res.headers.get('x-status-user')).toBe(u.username);
    expect(res.headers.get('x-status-email')).toBe(u.email);
    expect(res.headers.get('x-grafana-role')).toBe('Admin');
    const fresh = accessCookieOf(res);
    expect(fresh).not.toBe(t.accessToken);
    // the new token is a working access token of the same session
    const claims = await app.deps.tokens.verifyAccess(fresh);
    expect(claims).toMatchObject({ sub: u.id, username: u.username, role: 'ADMIN', fam: t.family });
    const again = await verify({ cookie: `accessToken=${fresh}; refreshToken=${t.refreshToken}` });
    expect(again.status).toBe(200);
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('no access cookie at all (the browser dropped it at Max-Age) + refresh cookie → renewed', async () => {
    const { u, t } = await signedIn('USER');
    later(20);
    const res = await verify({ cookie: `refreshToken=${t.refreshToken}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-status-user')).toBe(u.username);
    expect(res.headers.get('x-grafana-role')).toBe('Viewer');
    accessCookieOf(res);
  });

  it('the refresh token is not rotated: it still refreshes afterwards, and a later renewal works', async () => {
    const { t } = await signedIn();
    later(16);
    expect((await verify({ cookie: `refreshToken=${t.refreshToken}` })).status).toBe(200);
    expect((await verify({ cookie: `refreshToken=${t.refreshToken}` })).status).toBe(200);
    const r = await app.fetch('/api/v1/users/auth/refresh', {
      headers: { cookie: `refreshToken=${t.refreshToken}` },
    });
    expect(r.status).toBe(200);
  });

  it('parallel renewals (a Grafana page burst) all succeed and leave the session intact', async () => {
    const { u, t } = await signedIn();
    later(16);
    const cookie = `accessToken=${t.accessToken}; refreshToken=${t.refreshToken}`;
    const answers = await Promise.all(Array.from({ length: 25 }, () => verify({ cookie })));
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(res.headers.get('x-status-user')).toBe(u.username);
      accessCookieOf(res);
    }
    // the session is intact afterwards: a renewal and a real refresh still work
    expect((await verify({ cookie })).status).toBe(200);
    const r = await app.fetch('/api/v1/users/auth/refresh', { headers: { cookie } });
    expect(r.status).toBe(200);
  });

  it('sharedLoads: concurrent reads of one user are one read; a later read reads again', async () => {
    let reads = 0;
    const load = sharedLoads(async (id) => {
      reads += 1;
      await new Promise((r) => setTimeout(r, 20));
      return { id, username: 'x', role: 'USER' };
    });
    await Promise.all([load('1'), load('1'), load('1'), load('2')]);
    expect(reads).toBe(2);
    await load('1');
    expect(reads).toBe(3);
  });

  it('revoked session (signed out) → 401, no cookie', async () => {
    const { t } = await signedIn();
    await app.deps.tokens.revokeFamily(t.family);
    later(16);
    for (const cookie of [
      `accessToken=${t.accessToken}; refreshToken=${t.refreshToken}`,
      `refreshToken=${t.refreshToken}`,
    ]) {
      const res = await verify({ cookie });
      expect(res.status).toBe(401);
      expect((await res.json()).message).toMatch(/ended/);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(res.headers.get('x-status-user')).toBeNull();
    }
  });

  it('a deleted user → 401', async () => {
    const { u, t } = await signedIn();
    await app.deps.db.query('DELETE FROM users WHERE id = $1', [Number(u.id)]);
    later(16);
    const res = await verify({ cookie: `refreshToken=${t.refreshToken}` });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('a forged access token is not papered over by a valid refresh cookie', async () => {
    const { t } = await signedIn();
    const res = await verify({ cookie: `accessToken=garbage; refreshToken=${t.refreshToken}` });
    expect(res.status).toBe(401);
    expect((await res.json()).message).toMatch(/not valid/);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('a refresh token rotated elsewhere renews within the grace period, not after it', async () => {
    const { t } = await signedIn();
    const r = await app.fetch('/api/v1/users/auth/refresh', {
      headers: { cookie: `refreshToken=${t.refreshToken}` },
    });
    expect(r.status).toBe(200);
    // a Grafana request that left with the old cookie while the refresh was answered
    expect((await verify({ cookie: `refreshToken=${t.refreshToken}` })).status).toBe(200);
    later(1);
    const stale = await verify({ cookie: `refreshToken=${t.refreshToken}` });
    expect(stale.status).toBe(401);
    expect(stale.headers.get('set-cookie')).toBeNull();
    // …which does not end the session: the rotated refresh token still works
    const next = r.headers
      .getSetCookie()
      .find((c) => c.startsWith('refreshToken='))!
      .split(';')[0]!;
    expect((await verify({ cookie: next })).status).toBe(200);
  });

  it('an expired refresh token → 401 asking to sign in again', async () => {
    const { t } = await signedIn();
    later(8 * 24 * 60);
    const res = await verify({ cookie: `accessToken=${t.accessToken}; refreshToken=${t.refreshToken}` });
    expect(res.status).toBe(401);
    expect((await res.json()).message).toMatch(/expired/);
  });
});
