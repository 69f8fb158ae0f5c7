// Route tests for /api/v1/users on the real app, real PostgreSQL and real Redis (test/helpers.ts).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cookiesOf, createTestApp, type TestApp } from '../../../test/helpers.js';
import { hashPassword } from '../auth/passwords.js';
import { startTestRedis, type TestRedis } from '../auth/test-redis.js';
import { pageHeaders, sqlAndMapper } from '../../../test/domain-kit.js';
import { totpAt } from '../auth/totp.js';
import type { Role } from '../auth/tokens.js';
import { toPublicUser, UsersRepository, type UserRow } from './repository.js';

let app: TestApp;
// Its own Redis: sign-in failures and sessions here must not touch the Redis other files share.
let ownRedis: TestRedis;
const P = '/api/v1';
const PASSWORD = 'correct horse battery staple';
const ids: Record<string, number> = {};

async function addUser(username: string, role: Role, email = `${username}@example.test`): Promise<number> {
  const r = await app.db.query<{ id: number }>(
    'INSERT INTO users (username, password_hash, role, email) VALUES ($1, $2, $3, $4) RETURNING id',
    [username, await hashPassword(PASSWORD, 4), role, email],
  );
  return r.rows[0]!.id;
}

/** A session for a user without going through bcrypt: Cookie header value. */
async function sessionFor(username: string, role: Role): Promise<string> {
  const t = await app.deps.tokens.issue({ id: String(ids[username]), username, role });
  return `accessToken=${t.accessToken}; refreshToken=${t.refreshToken}`;
}

const cookieHeader = (c: Record<string, string>) =>
  Object.entries(c)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');

function json(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

async function signIn(
  username: string,
  password = PASSWORD,
  extra: Record<string, unknown> = {},
  headers = {},
) {
  return app.fetch(`${P}/users/signIn`, json('POST', { username, password, ...extra }, headers));
}

beforeAll(async () => {
  ownRedis = await startTestRedis();
  app = await createTestApp({
    env: {
      DRAGONFLY_HOST: '127.0.0.1',
      DRAGONFLY_PORT: String(ownRedis.port),
      DRAGONFLY_PASSWORD: ownRedis.password,
    },
  });
  ids.admin = await addUser('admin', 'ADMIN');
  ids.dev = await addUser('dev', 'DEVELOPER');
  ids.user = await addUser('user', 'USER');
});
afterAll(async () => {
  await app?.close();
  await ownRedis?.stop();
});

describe('sign-in', () => {
  it('sets httpOnly Lax cookies and returns the user without secrets', async () => {
    const res = await signIn('user');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ id: ids.user, username: 'user', authority: 'USER', twofaEnabled: false });
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/password|hash|token|secret|\$2[aby]\$/i);
    const set = res.headers.getSetCookie();
    const access = set.find((c) => c.startsWith('accessToken='))!;
    const refresh = set.find((c) => c.startsWith('refreshToken='))!;
    expect(access).toMatch(/Max-Age=900;/);
    expect(refresh).toMatch(/Max-Age=604800;/);
    for (const c of [access, refresh]) {
      expect(c).toMatch(/; HttpOnly/);
      expect(c).toMatch(/; SameSite=Lax/);
      expect(c).toMatch(/; Path=\//);
      expect(c).not.toMatch(/Secure/);
    }
  });

  it('usernames are case-insensitive; cookies are Secure behind an HTTPS proxy', async () => {
    const res = await signIn('USER', PASSWORD, {}, { 'x-forwarded-proto': 'https' });
    expect(res.status).toBe(200);
    for (const c of res.headers.getSetCookie()) expect(c).toMatch(/; Secure/);
  });

  it('bad input is a 400 naming the field', async () => {
    const res = await app.fetch(`${P}/users/signIn`, json('POST', { username: 'user' }));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors).toEqual([expect.objectContaining({ path: 'password' })]);
    const bad = await app.fetch(
      `${P}/users/signIn`,
      json('POST', { username: 'user', password: 'x', totpToken: '12' }),
    );
    expect((await bad.json()).errors[0].path).toBe('totpToken');
  });

  it('a wrong password and an unknown user get the same 401', async () => {
    const a = await signIn('dev', 'wrong password');
    const b = await signIn('nobody', 'wrong password');
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(await a.json()).toEqual({ message: 'Invalid username or password' });
    expect(await b.json()).toEqual({ message: 'Invalid username or password' });
    expect(a.headers.getSetCookie()).toEqual([]);
  });

  it('is rate limited per user: 429 with Retry-After and when to try again', async () => {
    await addUser('victim', 'USER');
    for (let i = 0; i < 5; i++) expect((await signIn('victim', 'wrong')).status).toBe(401);
    const res = await signIn('victim'); // even the right password is refused now
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(800);
    expect((await res.json()).message).toMatch(/Try again in 15 minutes \(after \d{4}-\d\d-\d\dT/);
  });

  it('tokens are accepted from the cookie, x-access-token and Authorization: Bearer', async () => {
    const c = cookiesOf(await signIn('dev'));
    const viaCookie = await app.fetch(`${P}/users/whoami`, {
      headers: { cookie: `accessToken=${c.accessToken}` },
    });
    const viaHeader = await app.fetch(`${P}/users/whoami`, { headers: { 'x-access-token': c.accessToken! } });
    const viaBearer = await app.fetch(`${P}/users/whoami`, {
      headers: { authorization: `Bearer ${c.accessToken}` },
    });
    for (const r of [viaCookie, viaHeader, viaBearer]) {
      expect(r.status).toBe(200);
      expect((await r.json()).username).toBe('dev');
    }
    const bad = await app.fetch(`${P}/users/whoami`, { headers: { authorization: 'Bearer nonsense' } });
    expect(bad.status).toBe(401);
  });
});

describe('session', () => {
  afterEach(() => {
    app.deps.clock = undefined;
  });

  it('GET /auth tells whether the caller is signed in', async () => {
    expect(await (await app.fetch(`${P}/users/auth`)).json()).toEqual({ authenticated: false, user: null });
    const res = await app.fetch(`${P}/users/auth`, { headers: { cookie: await sessionFor('user', 'USER') } });
    expect(await res.json()).toMatchObject({
      authenticated: true,
      authority: 'USER',
      user: { username: 'user' },
    });
  });

  it('refresh rotates both cookies; reusing the old refresh token revokes the family', async () => {
    const c1 = cookiesOf(await signIn('user'));
    const r1 = await app.fetch(`${P}/users/auth/refresh`, { headers: { cookie: cookieHeader(c1) } });
    expect(r1.status).toBe(200);
    const c2 = cookiesOf(r1);
    expect(c2.refreshToken).toBeTruthy();
    expect(c2.refreshToken).not.toBe(c1.refreshToken);
    expect(c2.accessToken).not.toBe(c1.accessToken);
    expect((await app.fetch(`${P}/users/whoami`, { headers: { cookie: cookieHeader(c2) } })).status).toBe(
      200,
    );

    // a second use inside the 10 s grace (another tab refreshing at the same time) is served…
    const tab2 = await app.fetch(`${P}/users/auth/refresh`, { headers: { cookie: cookieHeader(c1) } });
    expect(tab2.status).toBe(200);
    // …after it, it is a reuse
    app.deps.clock = () => Date.now() + 11_000;
    const reuse = await app.fetch(`${P}/users/auth/refresh`, { headers: { cookie: cookieHeader(c1) } });
    expect(reuse.status).toBe(401);
    expect((await reuse.json()).message).toMatch(/already used/);
    // the whole family is dead: the newer refresh token and its access token too
    const r2 = await app.fetch(`${P}/users/auth/refresh`, {
      headers: { cookie: `refreshToken=${c2.refreshToken}` },
    });
    expect(r2.status).toBe(401);
    const who = await app.fetch(`${P}/users/whoami`, { headers: { 'x-access-token': c2.accessToken! } });
    expect(who.status).toBe(401);
  });

  it('an expired access token is refused (clock moved); refresh gives a working one', async () => {
    const c = cookiesOf(await signIn('dev'));
    app.deps.clock = () => Date.now() + 16 * 60 * 1000;
    const who = await app.fetch(`${P}/users/whoami`, { headers: { cookie: `accessToken=${c.accessToken}` } });
    expect(who.status).toBe(401);
    expect(await who.json()).toEqual({ message: 'Token expired', expired: true });
    const r = await app.fetch(`${P}/users/auth/refresh`, { headers: { cookie: cookieHeader(c) } });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ message: 'Token refreshed', user: { username: 'dev' } });
    const again = await app.fetch(`${P}/users/whoami`, { headers: { cookie: cookieHeader(cookiesOf(r)) } });
    expect(again.status).toBe(200);
  });

  it('refresh without a token is 400', async () => {
    const res = await app.fetch(`${P}/users/auth/refresh`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: 'Refresh token is required' });
  });

  it('sign-out revokes the session and clears all three cookies', async () => {
    const c = cookiesOf(await signIn('user'));
    const out = await app.fetch(`${P}/users/signOut`, {
      method: 'POST',
      headers: { cookie: cookieHeader(c) },
    });
    expect(out.status).toBe(204);
    const cleared = out.headers.getSetCookie();
    for (const name of ['accessToken', 'refreshToken', 'nodeRedToken'])
      expect(cleared.find((s) => s.startsWith(`${name}=;`))).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(
      (await app.fetch(`${P}/users/whoami`, { headers: { 'x-access-token': c.accessToken! } })).status,
    ).toBe(401);
    const refresh = await app.fetch(`${P}/users/auth/refresh`, { headers: { cookie: cookieHeader(c) } });
    expect(refresh.status).toBe(401);
  });
});

describe('admin routes', () => {
  it('the user list never contains secrets', async () => {
    const res = await app.fetch(`${P}/users`, { headers: { cookie: await sessionFor('admin', 'ADMIN') } });
    expect(res.status).toBe(200);
    const list = await res.json();
    expect(list.length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(list[0]).sort()).toEqual(
      [
        'authority',
        'createdAt',
        'email',
        'githubLogin',
        'id',
        'twofaEnabled',
        'updatedAt',
        'username',
      ].sort(),
    );
    expect(JSON.stringify(list)).not.toMatch(/password|hash|secret|token|\$2[aby]\$/i);
  });

  it('sign-up: creates a user; short password, bad email, duplicates are refused clearly', async () => {
    const cookie = await sessionFor('admin', 'ADMIN');
    const post = (body: unknown) => app.fetch(`${P}/users/signUp`, json('POST', body, { cookie }));
    const ok = await post({
      username: 'newdev',
      password: 'a long password',
      email: 'n@example.test',
      authority: 'DEVELOPER',
    });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({
      message: 'User newdev created successfully with authority DEVELOPER',
      user: { username: 'newdev', authority: 'DEVELOPER' },
    });
    expect((await signIn('newdev', 'a long password')).status).toBe(200);

    const short = await post({ username: 'x1', password: 'short', email: 'x1@example.test' });
    expect(short.status).toBe(400);
    expect((await short.json()).errors).toEqual([
      { path: 'password', message: 'password must be at least 8 characters long' },
    ]);
    const email = await post({ username: 'x2', password: 'a long password', email: 'nope' });
    expect((await email.json()).errors[0].path).toBe('email');
    const dup = await post({ username: 'NewDev', password: 'a long password', email: 'other@example.test' });
    expect(dup.status).toBe(409);
    expect(await dup.json()).toEqual({ message: 'Username already exists' });
    const dupMail = await post({ username: 'x3', password: 'a long password', email: 'N@example.test' });
    expect(await dupMail.json()).toEqual({ message: 'Email already exists' });
  });

  it('delete: not yourself; a deleted user is signed out everywhere', async () => {
    const cookie = await sessionFor('admin', 'ADMIN');
    const self = await app.fetch(`${P}/users/${ids.admin}`, { method: 'DELETE', headers: { cookie } });
    expect(self.status).toBe(400);
    const goneId = await addUser('leaver', 'USER');
    const c = cookiesOf(await signIn('leaver'));
    const del = await app.fetch(`${P}/users/${goneId}`, { method: 'DELETE', headers: { cookie } });
    expect(del.status).toBe(200);
    expect(await del.json()).toEqual({ message: 'User deleted successfully' });
    expect((await app.fetch(`${P}/users/whoami`, { headers: { cookie: cookieHeader(c) } })).status).toBe(401);
    expect((await app.fetch(`${P}/users/${goneId}`, { method: 'DELETE', headers: { cookie } })).status).toBe(
      404,
    );
    const bad = await app.fetch(`${P}/users/abc`, { method: 'DELETE', headers: { cookie } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].path).toBe('id');
  });
});

describe('two-factor authentication', () => {
  it('setup, verify, sign-in with totpToken, replay refused, disable', async () => {
    await addUser('twofa', 'USER');
    const c = cookiesOf(await signIn('twofa'));
    const cookie = cookieHeader(c);
    const setup = await app.fetch(`${P}/users/2fa/setup`, { method: 'POST', headers: { cookie } });
    expect(setup.status).toBe(200);
    const { otpauthUrl, qrCode } = await setup.json();
    expect(qrCode).toMatch(/^data:image\/png;base64,/);
    const secret = new URL(otpauthUrl).searchParams.get('secret')!;
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/STATUS%3Atwofa\?/);
    // stored encrypted, not enabled yet
    const row = (
      await app.db.query('SELECT totp_secret, totp_enabled FROM users WHERE username = $1', ['twofa'])
    ).rows[0];
    expect(row.totp_enabled).toBe(false);
    expect(row.totp_secret).not.toContain(secret);
    expect(
      (await (await app.fetch(`${P}/users/2fa/status`, { headers: { cookie } })).json()).twofa_enabled,
    ).toBe(false);

    const wrong = await app.fetch(`${P}/users/2fa/verify`, json('POST', { totpToken: '000000' }, { cookie }));
    expect(wrong.status).toBe(401);
    const now = Date.now();
    const verify = await app.fetch(
      `${P}/users/2fa/verify`,
      json('POST', { totpToken: totpAt(secret, now) }, { cookie }),
    );
    expect(verify.status).toBe(200);
    expect(
      (await (await app.fetch(`${P}/users/2fa/status`, { headers: { cookie } })).json()).twofa_enabled,
    ).toBe(true);

    const noCode = await signIn('twofa');
    expect(noCode.status).toBe(401);
    expect(await noCode.json()).toEqual({
      message: 'Two-factor authentication required. Please provide your TOTP.',
      requires2FA: true,
    });
    expect(noCode.headers.getSetCookie()).toEqual([]);
    // the code used for verify cannot be used again
    const replayVerify = await signIn('twofa', PASSWORD, { totpToken: totpAt(secret, now) });
    expect(replayVerify.status).toBe(401);
    expect((await replayVerify.json()).requires2FA).toBe(true);
    // next step's code (inside the ±1 window) works once
    const next = totpAt(secret, now + 30_000);
    const ok = await signIn('twofa', PASSWORD, { totpToken: next });
    expect(ok.status).toBe(200);
    const replay = await signIn('twofa', PASSWORD, { totpToken: next });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toEqual({
      message: 'Invalid 2FA token. Please try again.',
      requires2FA: true,
    });
    // a wrong password never reveals the 2FA step
    expect(await (await signIn('twofa', 'wrong password')).json()).toEqual({
      message: 'Invalid username or password',
    });

    const session = cookieHeader(cookiesOf(ok));
    const noProof = await app.fetch(`${P}/users/2fa/disable`, json('POST', {}, { cookie: session }));
    expect(noProof.status).toBe(400);
    const badPw = await app.fetch(
      `${P}/users/2fa/disable`,
      json('POST', { password: 'nope nope' }, { cookie: session }),
    );
    expect(badPw.status).toBe(401);
    const dis = await app.fetch(
      `${P}/users/2fa/disable`,
      json('POST', { password: PASSWORD }, { cookie: session }),
    );
    expect(dis.status).toBe(200);
    expect(await dis.json()).toEqual({ message: '2FA has been disabled successfully' });
    const after = (
      await app.db.query('SELECT totp_secret, totp_enabled FROM users WHERE username = $1', ['twofa'])
    ).rows[0];
    expect(after).toEqual({ totp_secret: null, totp_enabled: false });
    expect((await signIn('twofa')).status).toBe(200);
  });
});

describe('role change (PATCH /users/:id)', () => {
  const patch = async (id: number | string, body: unknown, cookie?: string) =>
    app.fetch(`${P}/users/${id}`, json('PATCH', body, cookie ? { cookie } : {}));

  it('an admin changes a role: 200 with the updated user (no secrets); the user signs in again', async () => {
    const id = await addUser('promoted', 'USER');
    ids.promoted = id;
    const old = cookiesOf(await signIn('promoted'));
    const res = await patch(id, { role: 'DEVELOPER' }, await sessionFor('admin', 'ADMIN'));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.user).toMatchObject({ id, username: 'promoted', authority: 'DEVELOPER' });
    expect(body.message).toMatch(/promoted is now DEVELOPER; .*sign in again/);
    expect(JSON.stringify(body)).not.toMatch(/password|hash|token|secret|\$2[aby]\$/i);
    expect((await app.db.query('SELECT role FROM users WHERE id = $1', [id])).rows[0].role).toBe('DEVELOPER');
    // the old session (access and refresh token) has ended; a new sign-in carries the new role
    expect((await app.fetch(`${P}/users/whoami`, { headers: { cookie: cookieHeader(old) } })).status).toBe(
      401,
    );
    const refresh = await app.fetch(`${P}/users/auth/refresh`, { headers: { cookie: cookieHeader(old) } });
    expect(refresh.status).toBe(401);
    expect((await (await signIn('promoted')).json()).authority).toBe('DEVELOPER');
  });

  it('USER and DEVELOPER get 403, anonymous 401', async () => {
    const id = ids.user!;
    expect((await patch(id, { role: 'ADMIN' }, await sessionFor('user', 'USER'))).status).toBe(403);
    expect((await patch(id, { role: 'ADMIN' }, await sessionFor('dev', 'DEVELOPER'))).status).toBe(403);
    expect((await patch(id, { role: 'ADMIN' })).status).toBe(401);
    expect((await app.db.query('SELECT role FROM users WHERE id = $1', [id])).rows[0].role).toBe('USER');
  });

  it('a bad role or an extra field is a 400 naming it; an unknown id is a 404', async () => {
    const cookie = await sessionFor('admin', 'ADMIN');
    const bad = await patch(ids.user!, { role: 'ROOT' }, cookie);
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toEqual([
      { path: 'role', message: 'role must be one of ADMIN, DEVELOPER, USER' },
    ]);
    expect((await (await patch(ids.user!, {}, cookie)).json()).errors[0].path).toBe('role');
    const extra = await patch(ids.user!, { role: 'USER', username: 'x' }, cookie);
    expect(extra.status).toBe(400);
    const missing = await patch(999999, { role: 'USER' }, cookie);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'User not found' });
    expect((await patch('abc', { role: 'USER' }, cookie)).status).toBe(400);
  });

  it('the last ADMIN cannot demote themselves (409 saying what to do); with a second admin they can', async () => {
    // leave exactly one admin (earlier tests may have created others)
    await app.db.query("UPDATE users SET role = 'USER' WHERE role = 'ADMIN' AND id <> $1", [ids.admin]);
    const cookie = await sessionFor('admin', 'ADMIN');
    const res = await patch(ids.admin!, { role: 'DEVELOPER' }, cookie);
    expect(res.status).toBe(409);
    expect((await res.json()).message).toBe(
      'admin is the last ADMIN; make another user ADMIN first, then change this role',
    );
    expect((await app.db.query('SELECT role FROM users WHERE id = $1', [ids.admin])).rows[0].role).toBe(
      'ADMIN',
    );
    // setting the same role is not a demotion
    expect((await patch(ids.admin!, { role: 'ADMIN' }, cookie)).status).toBe(200);

    // a second admin makes the demotion possible
    expect((await patch(ids.promoted!, { role: 'ADMIN' }, cookie)).status).toBe(200);
    const own = await patch(ids.promoted!, { role: 'USER' }, await sessionFor('promoted', 'ADMIN'));
    expect(own.status).toBe(200);
    expect((await own.json()).user.authority).toBe('USER');
  });
});

describe('the user list (never truncated)', () => {
  it('PostgreSQL builds exactly the documents of toPublicUser; every user without limit; pages with it', async () => {
    // Users with and without e-mail, GitHub login and 2FA, more than the old default page of 500.
    await app.db.query(
      `INSERT INTO users (username, role, email, github_login, totp_enabled)
       SELECT 'bulk' || n, (ARRAY['ADMIN','DEVELOPER','USER'])[1 + n % 3]::user_role,
              CASE WHEN n % 2 = 0 THEN 'bulk' || n || '@example.test' END,
              CASE WHEN n % 5 = 0 THEN 'gh-' || n END, n % 7 = 0
       FROM generate_series(1, 550) AS n`,
    );
    const { sql, mapper, count } = await sqlAndMapper<UserRow>(
      app.db,
      new UsersRepository(app.db).listQuery(),
      toPublicUser,
    );
    expect(count).toBeGreaterThan(550);
    expect(sql).toBe(mapper);

    const admin = { headers: { cookie: await sessionFor('admin', 'ADMIN') } };
    const all = await app.fetch(`${P}/users`, admin);
    expect(all.status).toBe(200);
    expect(JSON.stringify(await all.json())).toBe(sql);

    const page = await app.fetch(`${P}/users?limit=50&offset=500`, admin);
    expect(await page.json()).toEqual(JSON.parse(sql).slice(500, 550));
    expect(pageHeaders(page.headers)).toEqual({
      total: count,
      next: '?limit=50&offset=550',
      prev: '?limit=50&offset=450',
    });
    const dev = { headers: { cookie: await sessionFor('dev', 'DEVELOPER') } };
    expect((await app.fetch(`${P}/users?limit=5`, dev)).status).toBe(403);
  });
});
