// One STATUS stack per test file, all real except Grafana: a fresh PostgreSQL database (copied from
// the migrated template the backend's globalSetup made), Redis, Node-RED from npm with an E2E flow,
// status-backend in-process, and the built app behind a same-origin front door like the reverse
// proxy. The first admin is created the way the server does it (STATUS_ADMIN_* → bootstrapAdmin).
import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { inject } from 'vitest';
import { bootstrapAdmin } from '../../backend/src/bootstrap.js';
import { createTestApp, type TestApp } from '../../backend/test/helpers.js';
import { startGrafanaStandIn, type GrafanaStandIn } from './grafana.js';
import { startNodeRedWithE2eFlow, type E2eNodeRed } from './node-red.js';
import { startFrontDoor, type FrontDoor } from './proxy.js';

export type Role = 'ADMIN' | 'DEVELOPER' | 'USER';

export interface Credentials {
  username: string;
  password: string;
}

/** A signed-in API session through the front door (cookies kept like a browser would). */
export interface ApiSession {
  fetch: (path: string, init?: RequestInit) => Promise<Response>;
  /** fetch + JSON body; throws with the status and body unless 2xx. */
  json: <T = unknown>(path: string, init?: RequestInit) => Promise<T>;
}

export interface Stack {
  /** Origin of the front door: what a user types in the browser. */
  url: string;
  admin: Credentials;
  /** The access-token signing secret (to forge tokens in tests). */
  jwtSecret: string;
  backend: TestApp;
  door: FrontDoor;
  nodeRed: E2eNodeRed;
  grafana: GrafanaStandIn;
  /** Signs in through the front door's /backend/users/signIn. */
  signInApi: (who: Credentials) => Promise<ApiSession>;
  /** The session cookies of a fresh API sign-in, to start a browser context already signed in. */
  sessionCookies: (who: Credentials) => Promise<{ name: string; value: string }[]>;
  /** Creates a user through the backend API as the admin (POST /users/signUp). */
  createUser: (username: string, role: Role) => Promise<Credentials>;
  close: () => Promise<void>;
}

const password = () => `E2e-${randomBytes(12).toString('base64url')}`;

export async function startStack(): Promise<Stack> {
  const cleanups: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    const door = await startFrontDoor(inject('distDir'));
    cleanups.push(door.close);
    const [nodeRed, grafana] = await Promise.all([startNodeRedWithE2eFlow(), startGrafanaStandIn()]);
    cleanups.push(nodeRed.stop, grafana.close);

    const admin: Credentials = { username: 'admin', password: password() };
    const jwtSecret = randomBytes(32).toString('base64url');
    const backend = await createTestApp({
      env: {
        PUBLIC_URL: door.url,
        CORS_ORIGINS: door.url,
        JWT_SECRET: jwtSecret,
        REFRESH_JWT_SECRET: randomBytes(32).toString('base64url'),
        STATUS_ADMIN_USERNAME: admin.username,
        STATUS_ADMIN_PASSWORD: admin.password,
        NODE_RED_URL: nodeRed.url,
        NODE_RED_ADMIN_USER: nodeRed.adminUser,
        NODE_RED_ADMIN_PASSWORD: nodeRed.adminPassword,
        NODE_RED_HTTP_USER: nodeRed.httpUser,
        NODE_RED_HTTP_PASSWORD: nodeRed.httpPassword,
        GRAFANA_URL: grafana.url,
        GRAFANA_API_KEY: grafana.apiKey,
      },
    });
    cleanups.push(backend.close);
    if ((await bootstrapAdmin(backend.db, backend.config, backend.deps.logger)) !== 'created')
      throw new Error('the first admin was not created from STATUS_ADMIN_*');
    door.setUpstreams({ backend: backend.url, nodeRed: nodeRed.url, grafana: grafana.origin });

    const sessionCookies = async (who: Credentials) => {
      const res = await fetch(`${door.url}/backend/users/signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(who),
      });
      if (!res.ok) throw new Error(`API sign-in of ${who.username}: HTTP ${res.status} ${await res.text()}`);
      return res.headers.getSetCookie().map((c) => {
        const [pair = ''] = c.split(';');
        const eq = pair.indexOf('=');
        return { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
      });
    };

    const signInApi = async (who: Credentials): Promise<ApiSession> => {
      const cookie = (await sessionCookies(who)).map((c) => `${c.name}=${c.value}`).join('; ');
      const f = (path: string, init: RequestInit = {}) =>
        fetch(`${door.url}/backend${path}`, {
          ...init,
          headers: { 'content-type': 'application/json', ...init.headers, cookie },
        });
      return {
        fetch: f,
        json: async <T>(path: string, init?: RequestInit) => {
          const r = await f(path, init);
          const text = await r.text();
          if (!r.ok) throw new Error(`${init?.method ?? 'GET'} /backend${path}: HTTP ${r.status} ${text}`);
          return (text ? JSON.parse(text) : undefined) as T;
        },
      };
    };

    const createUser = async (username: string, role: Role): Promise<Credentials> => {
      const who = { username, password: password() };
      const api = await signInApi(admin);
      await api.json('/users/signUp', {
        method: 'POST',
        body: JSON.stringify({ ...who, email: `${username}@example.test`, authority: role }),
      });
      return who;
    };

    return {
      url: door.url,
      admin,
      jwtSecret,
      backend,
      door,
      nodeRed,
      grafana,
      signInApi,
      sessionCookies,
      createUser,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * The same access token, expired: same claims (user, role, session family, jti), issued an hour
 * ago and expired a minute ago, signed with the stack's secret — what a tab left open gets.
 */
export function expiredCopy(accessToken: string, secret: string): string {
  const claims = jwt.decode(accessToken);
  if (!claims || typeof claims === 'string') throw new Error('the accessToken cookie is not a JWT');
  const now = Math.floor(Date.now() / 1000);
  return jwt.sign({ ...claims, iat: now - 3600, exp: now - 60 }, secret, { algorithm: 'HS256' });
}
