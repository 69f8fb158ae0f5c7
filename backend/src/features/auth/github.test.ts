// GitHub sign-in against a local stand-in speaking the documented subset of GitHub OAuth and the
// REST API (authorize redirect, access_token exchange, /user, /user/emails).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { hashPassword } from './passwords.js';

let app: TestApp;
let gh: Server;
let ghUrl: string;
let ghUser = { id: 4242, login: 'octo-cat', email: 'octo@example.test' };
const exchanged: string[] = [];

function startGitHubStandIn(): Promise<void> {
  gh = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += String(d)));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.method === 'POST' && url.pathname === '/login/oauth/access_token') {
        const form = new URLSearchParams(body);
        if (form.get('client_id') !== 'cid' || form.get('client_secret') !== 'csecret')
          return send(401, { error: 'incorrect_client_credentials' });
        if (form.get('code') !== 'good-code') return send(200, { error: 'bad_verification_code' });
        exchanged.push(form.get('redirect_uri') ?? '');
        return send(200, { access_token: 'gho_test', token_type: 'bearer', scope: 'user:email' });
      }
      const authz = req.headers.authorization ?? '';
      if (!/gho_test/.test(authz)) return send(401, { message: 'Requires authentication' });
      if (url.pathname === '/user')
        return send(200, { id: ghUser.id, login: ghUser.login, name: 'Octo', email: null });
      if (url.pathname === '/user/emails')
        return send(200, [{ email: ghUser.email, primary: true, verified: true }]);
      send(404, { message: 'Not Found' });
    });
  });
  return new Promise((resolve) =>
    gh.listen(0, '127.0.0.1', () => {
      ghUrl = `http://127.0.0.1:${(gh.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
}

/** Runs the flow: start (optionally signed in), then the callback with the state GitHub would echo. */
async function flow(cookie?: string, code = 'good-code') {
  const start = await app.fetch('/api/v1/users/github', {
    redirect: 'manual',
    headers: cookie ? { cookie } : {},
  });
  expect(start.status).toBe(302);
  const location = new URL(start.headers.get('location')!);
  expect(location.origin + location.pathname).toBe(`${ghUrl}/login/oauth/authorize`);
  expect(location.searchParams.get('client_id')).toBe('cid');
  expect(location.searchParams.get('redirect_uri')).toBe('http://app.test/backend/users/github/callback');
  const state = location.searchParams.get('state')!;
  expect(state.length).toBeGreaterThan(20);
  const cb = await app.fetch(
    `/api/v1/users/github/callback?code=${code}&state=${encodeURIComponent(state)}`,
    {
      redirect: 'manual',
    },
  );
  return { cb, state };
}

beforeAll(async () => {
  await startGitHubStandIn();
  app = await createTestApp();
  const hash = await hashPassword('correct horse battery', 4);
  await app.db.query(`INSERT INTO users (username, password_hash, role) VALUES ('local', $1, 'DEVELOPER')`, [
    hash,
  ]);
  await app.db.query(`INSERT INTO users (username, password_hash, role) VALUES ('other', $1, 'USER')`, [
    hash,
  ]);
});
afterAll(async () => {
  await app?.close();
  await new Promise((r) => gh?.close(r));
});
beforeEach(() => {
  app.deps.config = {
    ...app.deps.config,
    GH_CLIENT_ID: 'cid',
    GH_CLIENT_SECRET: 'csecret',
    PUBLIC_URL: 'http://app.test',
    ...({ GH_BASE_URL: ghUrl, GH_API_URL: ghUrl } as object),
  };
});

describe('GitHub sign-in', () => {
  it('is 404 with a clear message when not configured', async () => {
    app.deps.config = { ...app.deps.config, GH_CLIENT_ID: undefined };
    const res = await app.fetch('/api/v1/users/github', { redirect: 'manual' });
    expect(res.status).toBe(404);
    expect((await res.json()).message).toMatch(/GH_CLIENT_ID/);
  });

  it('sends a browser back to the sign-in page with the reason when not configured', async () => {
    app.deps.config = { ...app.deps.config, GH_CLIENT_SECRET: undefined };
    const res = await app.fetch('/api/v1/users/github', {
      redirect: 'manual',
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    // path-absolute: the browser stays on the host name it used
    expect(location).toMatch(/^\/login\?error=github&message=/);
    expect(new URL(location, 'http://x').searchParams.get('message')).toMatch(
      /not set up on this server.*username and password/,
    );
  });

  it('tells anyone whether GitHub sign-in is configured (GET /users/auth/providers)', async () => {
    const on = await app.fetch('/api/v1/users/auth/providers');
    expect(on.status).toBe(200);
    expect(on.headers.get('cache-control')).toBe('no-store');
    expect(await on.json()).toEqual({ github: true });
    app.deps.config = { ...app.deps.config, GH_CLIENT_ID: undefined };
    const off = await app.fetch('/api/v1/users/auth/providers');
    expect(await off.json()).toEqual({ github: false });
  });

  it('creates a USER for a new GitHub account, sets our cookies, and signs it in again later', async () => {
    ghUser = { id: 4242, login: 'octo-cat', email: 'octo@example.test' };
    const { cb, state } = await flow();
    expect(cb.status).toBe(302);
    expect(cb.headers.get('location')).toBe('http://app.test/');
    expect(exchanged.at(-1)).toBe('http://app.test/backend/users/github/callback');
    const set = cb.headers.getSetCookie();
    expect(set.find((c) => c.startsWith('accessToken='))).toMatch(/HttpOnly; SameSite=Lax/);
    const who = await app.fetch('/api/v1/users/whoami', { headers: { cookie: cookiesOf(cb) } });
    expect(await who.json()).toMatchObject({
      username: 'octocat',
      authority: 'USER',
      githubLogin: 'octo-cat',
      email: 'octo@example.test',
    });
    // Grafana (through the proxy's GET /auth/verify) gets the e-mail too, from the access token.
    const verified = await app.fetch('/api/v1/auth/verify', { headers: { cookie: cookiesOf(cb) } });
    expect(verified.headers.get('x-status-email')).toBe('octo@example.test');
    // the state is single-use
    const replay = await app.fetch(`/api/v1/users/github/callback?code=good-code&state=${state}`, {
      redirect: 'manual',
    });
    expect(replay.headers.get('location')).toMatch(
      /^http:\/\/app\.test\/login\?error=github&message=Invalid/,
    );
    // a second sign-in finds the same account
    const again = await flow();
    const who2 = await app.fetch('/api/v1/users/whoami', { headers: { cookie: cookiesOf(again.cb) } });
    expect((await who2.json()).username).toBe('octocat');
    const count = await app.db.query("SELECT count(*)::int AS n FROM users WHERE github_id = '4242'");
    expect(count.rows[0].n).toBe(1);
  });

  it('links the GitHub account to the signed-in user who started the flow', async () => {
    ghUser = { id: 777, login: 'local-gh', email: 'local@example.test' };
    const signIn = await app.fetch('/api/v1/users/signIn', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'local', password: 'correct horse battery' }),
    });
    const { cb } = await flow(cookiesOf(signIn));
    expect(cb.headers.get('location')).toBe('http://app.test/');
    const who = await app.fetch('/api/v1/users/whoami', { headers: { cookie: cookiesOf(cb) } });
    expect(await who.json()).toMatchObject({
      username: 'local',
      authority: 'DEVELOPER',
      githubLogin: 'local-gh',
    });
  });

  it('refuses to link a GitHub account that belongs to someone else; a bad code fails cleanly', async () => {
    ghUser = { id: 777, login: 'local-gh', email: 'local@example.test' };
    const signIn = await app.fetch('/api/v1/users/signIn', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'other', password: 'correct horse battery' }),
    });
    const { cb } = await flow(cookiesOf(signIn));
    expect(decodeURIComponent(cb.headers.get('location')!)).toMatch(/already linked to another user/);
    expect(cb.headers.getSetCookie()).toEqual([]);
    const bad = await flow(undefined, 'bad-code');
    expect(bad.cb.headers.get('location')).toMatch(/^http:\/\/app\.test\/login\?error=github/);
    expect(bad.cb.headers.getSetCookie()).toEqual([]);
  });
});
