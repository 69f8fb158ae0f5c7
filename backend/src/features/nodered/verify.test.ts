// The Node-RED editor token: sign-in and refresh set the nodeRedToken cookie on /node-red for every
// role; GET /nodered/verify (asked by Node-RED's adminAuth.tokens hook) names its user and role;
// sign-out, a role change and a forged or access token are refused. Real PostgreSQL and Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { hashPassword } from '../auth/passwords.js';
import type { Role } from '../auth/tokens.js';

const P = '/api/v1';
const PASSWORD = 'correct horse battery staple';
let app: TestApp;

async function addUser(username: string, role: Role): Promise<void> {
  await app.db.query('INSERT INTO users (username, password_hash, role, email) VALUES ($1, $2, $3, $4)', [
    username,
    await hashPassword(PASSWORD, 4),
    role,
    `${username}@example.test`,
  ]);
}

/** name → [value, the whole Set-Cookie line]. */
function cookiesOf(res: Response): Record<string, [string, string]> {
  const out: Record<string, [string, string]> = {};
  for (const c of res.headers.getSetCookie()) {
    const pair = c.split(';')[0]!;
    const eq = pair.indexOf('=');
    out[pair.slice(0, eq)] = [pair.slice(eq + 1), c];
  }
  return out;
}

async function signIn(username: string) {
  const res = await app.fetch(`${P}/users/signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return { body: (await res.json()) as { nodeRedAccess: boolean }, cookies: cookiesOf(res) };
}

const verify = (token: string) =>
  app.fetch(`${P}/nodered/verify`, { headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  app = await createTestApp();
  await addUser('nradmin', 'ADMIN');
  await addUser('nrdev', 'DEVELOPER');
  await addUser('nruser', 'USER');
});
afterAll(async () => {
  await app?.close();
});

describe('the nodeRedToken cookie and GET /nodered/verify', () => {
  it('sign-in sets nodeRedToken on /node-red (httpOnly, 12 h); verify names the user and role', async () => {
    for (const [username, role, access] of [
      ['nradmin', 'ADMIN', true],
      ['nrdev', 'DEVELOPER', true],
      ['nruser', 'USER', false],
    ] as const) {
      const { body, cookies } = await signIn(username);
      expect(body.nodeRedAccess).toBe(access);
      const [token, line] = cookies.nodeRedToken!;
      expect(line).toMatch(/Path=\/node-red;/);
      expect(line).toMatch(/HttpOnly/);
      expect(line).toMatch(/SameSite=Lax/);
      expect(line).toMatch(/Max-Age=43200/);
      const res = await verify(token);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ username, role });
    }
  });

  it('the token is for Node-RED only: an access token is refused by verify and vice versa', async () => {
    const { cookies } = await signIn('nradmin');
    expect((await verify(cookies.accessToken![0])).status).toBe(401);
    const asAccess = await app.fetch(`${P}/users/whoami`, {
      headers: { authorization: `Bearer ${cookies.nodeRedToken![0]}` },
    });
    expect(asAccess.status).toBe(401);
    expect((await app.fetch(`${P}/nodered/verify`)).status).toBe(401);
    expect((await verify('not.a.token')).status).toBe(401);
  });

  it('refresh issues a new one; sign-out clears the cookie and ends the token', async () => {
    const { cookies } = await signIn('nrdev');
    const header = `accessToken=${cookies.accessToken![0]}; refreshToken=${cookies.refreshToken![0]}`;
    const refreshed = await app.fetch(`${P}/users/auth/refresh`, { headers: { cookie: header } });
    expect(refreshed.status).toBe(200);
    const next = cookiesOf(refreshed).nodeRedToken!;
    expect(next[1]).toMatch(/Path=\/node-red;/);
    expect((await verify(next[0])).status).toBe(200);

    const out = await app.fetch(`${P}/users/signOut`, { method: 'POST', headers: { cookie: header } });
    expect(out.status).toBe(204);
    const cleared = out.headers.getSetCookie().filter((c) => c.startsWith('nodeRedToken=;'));
    expect(cleared.some((c) => /Path=\/node-red;/.test(c) && /Expires=Thu, 01 Jan 1970/.test(c))).toBe(true);
    for (const t of [cookies.nodeRedToken![0], next[0]]) {
      const res = await verify(t);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { message: string }).message).toMatch(/session has ended/);
    }
  });

  it('a role change ends the token (the new role applies at the next sign-in)', async () => {
    const { cookies } = await signIn('nruser');
    const row = await app.db.query<{ id: number }>('SELECT id FROM users WHERE username = $1', ['nruser']);
    await app.deps.tokens.revokeAllForUser(String(row.rows[0]!.id));
    expect((await verify(cookies.nodeRedToken![0])).status).toBe(401);
  });
});
